/* ovsdb-parser: strict reading of the JSON objects of RFC 7047.
 *
 * RFC 7047 describes each request, schema and operation as a JSON object
 * with required and optional members of given types.  Open vSwitch rejects
 * an object with a member it does not know, and osw does the same so that a
 * misspelled member ("maxrows") is an error instead of silently ignored.
 * 'struct ovsdb_parser' does that bookkeeping:
 *
 *     struct ovsdb_parser parser;
 *     ovsdb_parser_init(&parser, json, "table %s", name);
 *     const json_t *columns = ovsdb_parser_member(&parser, "columns",
 *                                                 OVSDB_P_OBJECT);
 *     const json_t *max_rows = ovsdb_parser_member(
 *         &parser, "maxRows", OVSDB_P_INTEGER | OVSDB_P_OPTIONAL);
 *     error = ovsdb_parser_finish(&parser);
 *     if (error) {
 *         return error;
 *     }
 *
 * ovsdb_parser_member() returns the member (a borrowed reference into
 * 'json'; the member name, usually a string literal, must stay valid until
 * ovsdb_parser_finish()), or NULL when it is absent and optional or after
 * any error; the
 * first error is kept (later ones are dropped) and returned by
 * ovsdb_parser_finish(), which also reports members that no call asked
 * for.  The error's 'syntax' is the object being parsed and its details
 * start with the name given to ovsdb_parser_init().  When no error occurs,
 * every pointer returned by ovsdb_parser_member() is non-NULL unless the
 * member was optional.
 *
 * Also here: small JSON helpers the engine shares (identifiers, UTF-8
 * checking, a NULL-safe json string constructor, truncated text dumps).
 *
 * Thread-safety: a parser belongs to one thread; the helper functions are
 * reentrant and use no global state. */
#ifndef OVSDB_PARSER_H
#define OVSDB_PARSER_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "osw/util.h"

struct ovsdb_error;

/* The JSON types a member may have: OR them together. */
enum ovsdb_parser_types {
    OVSDB_P_NULL = 1 << 0,
    OVSDB_P_FALSE = 1 << 1,
    OVSDB_P_TRUE = 1 << 2,
    OVSDB_P_BOOLEAN = OVSDB_P_FALSE | OVSDB_P_TRUE,
    OVSDB_P_INTEGER = 1 << 3,
    OVSDB_P_REAL = 1 << 4,
    OVSDB_P_NUMBER = OVSDB_P_INTEGER | OVSDB_P_REAL,
    OVSDB_P_STRING = 1 << 5,
    OVSDB_P_ARRAY = 1 << 6,
    OVSDB_P_OBJECT = 1 << 7,
    OVSDB_P_ANY = (1 << 8) - 1,
    /* A string that is an identifier (see ovsdb_parser_is_id()).  Implies
     * OVSDB_P_STRING. */
    OVSDB_P_ID = 1 << 8,
    /* The member may be absent. */
    OVSDB_P_OPTIONAL = 1 << 9,
};

struct ovsdb_parser {
    /* Context for messages, e.g. "table A": use ovsdb_parser_get_name().
     * NULL until needed if the parser came from ovsdb_parser_init_indexed(),
     * which keeps 'what', 'index' and 'count' to format it then. */
    char *name;
    const char *what;
    size_t index, count;
    const json_t *json;         /* The object (borrowed). */
    const char **used;          /* Names asked for so far. */
    size_t n_used, allocated_used;
    struct ovsdb_error *error;  /* First error, or NULL. */
};

/* Starts parsing 'json', which should be an object (if it is not, the
 * parser is in error from the start).  'json' is borrowed: it must outlive
 * the parser. */
void ovsdb_parser_init(struct ovsdb_parser *, const json_t *json,
                       const char *name, ...) OSW_PRINTF_FORMAT(3, 4);
/* Like ovsdb_parser_init() with name "'what' 'index' of 'count'" (e.g.
 * "ovsdb operation 2 of 5"), formatted only if a message needs it: the
 * database server starts a parser per operation of every transaction.
 * 'what' must outlive the parser. */
void ovsdb_parser_init_indexed(struct ovsdb_parser *, const json_t *json,
                               const char *what, size_t index, size_t count);
/* Returns the name that prefixes the parser's messages. */
const char *ovsdb_parser_get_name(struct ovsdb_parser *);

/* Returns member 'name' if present with one of 'types'.  Otherwise records
 * an error (missing required member, wrong type) and returns NULL; returns
 * NULL without error for an absent OVSDB_P_OPTIONAL member.  Returns NULL
 * whenever the parser is already in error. */
const json_t *ovsdb_parser_member(struct ovsdb_parser *, const char *name,
                                  enum ovsdb_parser_types types);

/* Records a syntax error "NAME: MESSAGE" about the object, unless the
 * parser already has an error. */
void ovsdb_parser_raise_error(struct ovsdb_parser *, const char *format, ...)
    OSW_PRINTF_FORMAT(2, 3);

/* Records 'error' (ownership passes in) unless the parser already has an
 * error, in which case 'error' is freed. */
void ovsdb_parser_put_error(struct ovsdb_parser *, struct ovsdb_error *);

bool ovsdb_parser_has_error(const struct ovsdb_parser *);

/* Checks that the object has no member that was not asked for, frees the
 * parser's memory and returns its first error (the caller owns it), or
 * NULL. */
struct ovsdb_error *ovsdb_parser_finish(struct ovsdb_parser *)
    OSW_WARN_UNUSED_RESULT;

/* Frees the parser, dropping any error. */
void ovsdb_parser_destroy(struct ovsdb_parser *);

/* True if 's' is an RFC 7047 <id>: a letter or '_' followed by letters,
 * digits and '_' (ASCII only). */
bool ovsdb_parser_is_id(const char *s);

/* Checks that 's' is valid UTF-8 (no overlong forms, surrogates or code
 * points above U+10FFFF).  On success returns true and stores the number
 * of code points in '*n_chars' (if nonnull).  On failure returns false and
 * stores the offset of the first bad byte in '*bad_offset' (if nonnull). */
bool ovsdb_utf8_validate(const char *s, size_t *n_chars, size_t *bad_offset);

/* Returns a new JSON string holding 's', never NULL: bytes that are not
 * valid UTF-8 become U+FFFD (jansson's json_string() would return NULL).
 * The caller owns the reference. */
json_t *ovsdb_json_string(const char *s);

/* Returns 'json' as compact text with sorted keys, cut to at most
 * 'max_len' bytes (at a UTF-8 character boundary) followed by "..." when
 * longer.  The caller frees the string. */
char *ovsdb_json_to_text(const json_t *json, size_t max_len);

/* Returns a short English description of 'json''s type, for messages:
 * "null", "false", "true", "an integer", "a real number", "a string",
 * "an array", "an object" ("nothing" for NULL). */
const char *ovsdb_json_type_name(const json_t *json);

#endif /* ovsdb-parser.h */
