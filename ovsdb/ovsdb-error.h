/* ovsdb-error: the error object of the OVSDB engine.
 *
 * Every fallible function of the database engine returns a
 * 'struct ovsdb_error *': NULL means success, anything else is a freshly
 * allocated error that the caller now owns and must either pass on (return
 * it, possibly wrapped with ovsdb_wrap_error()), turn into a reply
 * (ovsdb_error_to_json()) or free (ovsdb_error_destroy()).  The
 * constructors are marked OSW_WARN_UNUSED_RESULT, and so should be every
 * function that returns one, so that the compiler catches an error that is
 * silently dropped.
 *
 * An error carries what RFC 7047 puts in an error reply:
 *
 *   - 'tag': the short machine-readable "error" string, for example
 *     "syntax error" or "constraint violation" (OVSDB_ERR_* below lists the
 *     ones RFC 7047 and Open vSwitch use).  Clients compare it; keep it
 *     exact.
 *   - 'details': an optional human-readable explanation ("details").
 *
 * plus two extensions that Open vSwitch also sends (RFC 7047 allows extra
 * members in an error object):
 *
 *   - 'syntax': for syntax errors, the offending JSON text (compact, keys
 *     sorted, truncated to OVSDB_ERROR_SYNTAX_MAX bytes with "..."), sent
 *     as "syntax".
 *   - 'errno_': for I/O errors, a positive errno value, sent as "io-error"
 *     with its strerror() text.
 *
 * All strings are owned by the error and freed by ovsdb_error_destroy().
 * Every string in an error is valid UTF-8 by the time it goes on the wire:
 * ovsdb_error_to_json() replaces invalid bytes (which can come from a
 * user's command line) with U+FFFD rather than failing.
 *
 * Thread-safety: an error is a plain value owned by one thread at a time;
 * all functions are reentrant and use no global state. */
#ifndef OVSDB_ERROR_H
#define OVSDB_ERROR_H 1

#include <jansson.h>
#include <stdarg.h>
#include "osw/util.h"

/* The "error" strings of RFC 7047 (section 4.1.6 and the descriptions of
 * each operation) and of Open vSwitch's ovsdb-server. */
#define OVSDB_ERR_SYNTAX           "syntax error"
#define OVSDB_ERR_CONSTRAINT       "constraint violation"
#define OVSDB_ERR_REFERENTIAL      "referential integrity violation"
#define OVSDB_ERR_RESOURCES        "resources exhausted"
#define OVSDB_ERR_IO               "I/O error"
#define OVSDB_ERR_DUPLICATE_UUID_NAME "duplicate uuid-name"
#define OVSDB_ERR_DOMAIN           "domain error"
#define OVSDB_ERR_RANGE            "range error"
#define OVSDB_ERR_TIMED_OUT        "timed out"
#define OVSDB_ERR_NOT_SUPPORTED    "not supported"
#define OVSDB_ERR_ABORTED          "aborted"
#define OVSDB_ERR_NOT_OWNER        "not owner"
#define OVSDB_ERR_UNKNOWN_DATABASE "unknown database"
#define OVSDB_ERR_UNKNOWN_TABLE    "unknown table"
#define OVSDB_ERR_UNKNOWN_COLUMN   "unknown column"
#define OVSDB_ERR_INTERNAL         "internal error"
#define OVSDB_ERR_PERMISSION       "permission error"
/* The tag of an error created with a NULL tag.  Open vSwitch reports, for
 * example, a set with duplicate members under this tag. */
#define OVSDB_ERR_GENERIC          "ovsdb error"

/* Longest 'syntax' text kept, in bytes, not counting the "..." added when
 * the text is cut. */
#define OVSDB_ERROR_SYNTAX_MAX 1024

struct ovsdb_error {
    char *tag;          /* RFC 7047 "error" string, never NULL. */
    char *details;      /* Human-readable explanation, or NULL. */
    char *syntax;       /* Offending JSON text, or NULL. */
    int errno_;         /* Positive errno value for I/O errors, else 0. */
};

/* Returns a new error with 'tag' (OVSDB_ERR_GENERIC if NULL) and details
 * formatted from 'details' (no details if 'details' is NULL). */
struct ovsdb_error *ovsdb_error(const char *tag, const char *details, ...)
    OSW_PRINTF_FORMAT(2, 3) OSW_WARN_UNUSED_RESULT;
struct ovsdb_error *ovsdb_error_valist(const char *tag, const char *details,
                                       va_list)
    OSW_PRINTF_FORMAT(2, 0) OSW_WARN_UNUSED_RESULT;

/* Returns a new "syntax error" (or 'tag', if nonnull) error whose 'syntax'
 * records 'json' (which may be NULL; it is only read). */
struct ovsdb_error *ovsdb_syntax_error(const json_t *json, const char *tag,
                                       const char *details, ...)
    OSW_PRINTF_FORMAT(3, 4) OSW_WARN_UNUSED_RESULT;

/* Returns a new "I/O error" for the positive errno value 'error'. */
struct ovsdb_error *ovsdb_io_error(int error, const char *details, ...)
    OSW_PRINTF_FORMAT(2, 3) OSW_WARN_UNUSED_RESULT;

/* Returns a new "permission error". */
struct ovsdb_error *ovsdb_perm_error(const char *details, ...)
    OSW_PRINTF_FORMAT(1, 2) OSW_WARN_UNUSED_RESULT;

/* Returns a new "internal error" for a bug detected at 'file':'line'.  If
 * 'inner' is nonnull, it is described in the details and freed.  Use the
 * OVSDB_BUG macro. */
struct ovsdb_error *ovsdb_internal_error(struct ovsdb_error *inner,
                                         const char *file, int line,
                                         const char *details, ...)
    OSW_PRINTF_FORMAT(4, 5) OSW_WARN_UNUSED_RESULT;
#define OVSDB_BUG(MSG) \
    ovsdb_internal_error(NULL, __FILE__, __LINE__, "%s", MSG)
#define OVSDB_WRAP_BUG(MSG, ERROR) \
    ovsdb_internal_error(ERROR, __FILE__, __LINE__, "%s", MSG)

/* Adds context to 'error' (whose ownership passes in and back out):
 * its details become "CONTEXT: OLD-DETAILS", where CONTEXT is formatted
 * from 'details'.  Returns 'error'. */
struct ovsdb_error *ovsdb_wrap_error(struct ovsdb_error *error,
                                     const char *details, ...)
    OSW_PRINTF_FORMAT(2, 3) OSW_WARN_UNUSED_RESULT;

/* Frees 'error' (NULL is allowed). */
void ovsdb_error_destroy(struct ovsdb_error *error);

/* Returns a deep copy of 'error' (NULL for NULL). */
struct ovsdb_error *ovsdb_error_clone(const struct ovsdb_error *error)
    OSW_WARN_UNUSED_RESULT;

/* Returns 'error''s tag.  The string belongs to 'error'. */
const char *ovsdb_error_get_tag(const struct ovsdb_error *error);

/* Returns the RFC 7047 error object for 'error':
 *     {"error": TAG, "details": DETAILS, "syntax": TEXT, "io-error": TEXT}
 * with "details", "syntax" and "io-error" present only when set.  The
 * caller owns the one reference to the returned object. */
json_t *ovsdb_error_to_json(const struct ovsdb_error *error);
/* Like ovsdb_error_to_json(), then frees 'error'. */
json_t *ovsdb_error_to_json_free(struct ovsdb_error *error);

/* Returns 'error' as one line of text, for logs and command-line tools:
 *     [syntax "TEXT": ]TAG[: DETAILS][ (STRERROR)]
 * The caller frees the string. */
char *ovsdb_error_to_string(const struct ovsdb_error *error);
/* Like ovsdb_error_to_string(), then frees 'error'. */
char *ovsdb_error_to_string_free(struct ovsdb_error *error);

/* Aborts the program, printing 'error', if 'error' is nonnull.  Only for
 * errors that mean a bug in the caller (never for peer or user input). */
void ovsdb_error_assert(struct ovsdb_error *error);

#endif /* ovsdb-error.h */
