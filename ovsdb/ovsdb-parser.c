/* ovsdb-parser: strict reading of the JSON objects of RFC 7047. */
#include <config.h>
#include "ovsdb-parser.h"

#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "ovsdb-error.h"

/* Sets up 'parser' for 'json'; 'name' (which it takes) or, if NULL,
 * 'what', 'index' and 'count' name it. */
static void
parser_start(struct ovsdb_parser *parser, const json_t *json, char *name,
             const char *what, size_t index, size_t count)
{
    parser->name = name;
    parser->what = what;
    parser->index = index;
    parser->count = count;
    parser->json = json;
    parser->used = NULL;
    parser->n_used = parser->allocated_used = 0;
    parser->error = NULL;

    if (!json_is_object(json)) {
        parser->error = ovsdb_syntax_error(json, NULL,
                                           "%s: expected JSON object, "
                                           "not %s",
                                           ovsdb_parser_get_name(parser),
                                           ovsdb_json_type_name(json));
    }
}

/* Starts parsing object 'json'; messages are prefixed by the formatted
 * 'name'. */
void
ovsdb_parser_init(struct ovsdb_parser *parser, const json_t *json,
                  const char *name, ...)
{
    va_list args;

    va_start(args, name);
    char *formatted = xvasprintf(name, args);
    va_end(args);

    parser_start(parser, json, formatted, NULL, 0, 0);
}

/* Starts parsing object 'json'; messages are prefixed by "'what' 'index'
 * of 'count'", formatted when first needed. */
void
ovsdb_parser_init_indexed(struct ovsdb_parser *parser, const json_t *json,
                          const char *what, size_t index, size_t count)
{
    parser_start(parser, json, NULL, what, index, count);
}

/* Returns the name that prefixes 'parser''s messages. */
const char *
ovsdb_parser_get_name(struct ovsdb_parser *parser)
{
    if (!parser->name) {
        parser->name = xasprintf("%s %zu of %zu",
                                 parser->what ? parser->what : "object",
                                 parser->index, parser->count);
    }
    return parser->name;
}

static bool
json_has_type(const json_t *json, enum ovsdb_parser_types types)
{
    switch (json_typeof(json)) {
    case JSON_NULL:
        return types & OVSDB_P_NULL;
    case JSON_FALSE:
        return types & OVSDB_P_FALSE;
    case JSON_TRUE:
        return types & OVSDB_P_TRUE;
    case JSON_INTEGER:
        return types & OVSDB_P_INTEGER;
    case JSON_REAL:
        return types & OVSDB_P_REAL;
    case JSON_STRING:
        return types & (OVSDB_P_STRING | OVSDB_P_ID);
    case JSON_ARRAY:
        return types & OVSDB_P_ARRAY;
    case JSON_OBJECT:
        return types & OVSDB_P_OBJECT;
    default:
        return false;
    }
}

/* Appends to 'ds' what 'types' allows, in English ("a string or an
 * array"). */
static void
describe_types(struct ds *ds, enum ovsdb_parser_types types)
{
    static const struct {
        enum ovsdb_parser_types types;
        const char *name;
    } names[] = {
        { OVSDB_P_BOOLEAN, "a boolean" },
        { OVSDB_P_FALSE, "false" },
        { OVSDB_P_TRUE, "true" },
        { OVSDB_P_NUMBER, "a number" },
        { OVSDB_P_INTEGER, "an integer" },
        { OVSDB_P_REAL, "a real number" },
        { OVSDB_P_ID, "an identifier" },
        { OVSDB_P_STRING, "a string" },
        { OVSDB_P_ARRAY, "an array" },
        { OVSDB_P_OBJECT, "an object" },
        { OVSDB_P_NULL, "null" },
    };
    bool first = true;

    if (types & OVSDB_P_ID) {
        types &= ~OVSDB_P_STRING;
    }
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if ((types & names[i].types) == names[i].types) {
            types &= ~names[i].types;
            if (!first) {
                ds_put_cstr(ds, " or ");
            }
            ds_put_cstr(ds, names[i].name);
            first = false;
        }
    }
}

/* Returns member 'name' of the object if it is present with one of
 * 'types'; see the header for the error rules. */
const json_t *
ovsdb_parser_member(struct ovsdb_parser *parser, const char *name,
                    enum ovsdb_parser_types types)
{
    if (parser->error) {
        return NULL;
    }

    if (parser->n_used >= parser->allocated_used) {
        parser->used = x2nrealloc(parser->used, &parser->allocated_used,
                                  sizeof *parser->used);
    }
    parser->used[parser->n_used++] = name;

    const json_t *value = json_object_get(parser->json, name);
    if (!value) {
        if (!(types & OVSDB_P_OPTIONAL)) {
            ovsdb_parser_raise_error(parser, "required member \"%s\" is "
                                     "missing", name);
        }
        return NULL;
    }

    if (!json_has_type(value, types)) {
        struct ds what = DS_EMPTY_INITIALIZER;
        describe_types(&what, types & (OVSDB_P_ANY | OVSDB_P_ID));
        ovsdb_parser_raise_error(parser, "member \"%s\" must be %s, not %s",
                                 name, ds_cstr(&what),
                                 ovsdb_json_type_name(value));
        ds_destroy(&what);
        return NULL;
    }

    if (types & OVSDB_P_ID && json_is_string(value)
        && !ovsdb_parser_is_id(json_string_value(value))) {
        ovsdb_parser_raise_error(parser, "member \"%s\" must be an "
                                 "identifier (letters, digits and \"_\", "
                                 "not starting with a digit), not \"%s\"",
                                 name, json_string_value(value));
        return NULL;
    }
    return value;
}

/* Records a syntax error about the object being parsed, unless one is
 * already recorded. */
void
ovsdb_parser_raise_error(struct ovsdb_parser *parser, const char *format, ...)
{
    if (!parser->error) {
        va_list args;
        char *message;

        va_start(args, format);
        message = xvasprintf(format, args);
        va_end(args);

        parser->error = ovsdb_syntax_error(parser->json, NULL, "%s: %s",
                                           ovsdb_parser_get_name(parser),
                                           message);
        free(message);
    }
}

/* Records 'error', or frees it if an error is already recorded. */
void
ovsdb_parser_put_error(struct ovsdb_parser *parser, struct ovsdb_error *error)
{
    if (!parser->error) {
        parser->error = error;
    } else {
        ovsdb_error_destroy(error);
    }
}

/* Returns true if an error has been recorded. */
bool
ovsdb_parser_has_error(const struct ovsdb_parser *parser)
{
    return parser->error != NULL;
}

static bool
parser_used(const struct ovsdb_parser *parser, const char *name)
{
    for (size_t i = 0; i < parser->n_used; i++) {
        if (!strcmp(parser->used[i], name)) {
            return true;
        }
    }
    return false;
}

/* Reports members nobody asked for, frees the parser and returns its first
 * error or NULL. */
struct ovsdb_error *
ovsdb_parser_finish(struct ovsdb_parser *parser)
{
    if (!parser->error) {
        const char *key;
        json_t *value;

        json_object_foreach (CONST_CAST(json_t *, parser->json), key, value) {
            if (!parser_used(parser, key)) {
                ovsdb_parser_raise_error(parser, "unknown member \"%s\"",
                                         key);
                break;
            }
        }
    }

    struct ovsdb_error *error = parser->error;
    parser->error = NULL;
    ovsdb_parser_destroy(parser);
    return error;
}

/* Frees 'parser', dropping its error if any. */
void
ovsdb_parser_destroy(struct ovsdb_parser *parser)
{
    free(parser->name);
    parser->name = NULL;
    free(parser->used);
    parser->used = NULL;
    parser->n_used = parser->allocated_used = 0;
    ovsdb_error_destroy(parser->error);
    parser->error = NULL;
}

static bool
is_id_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool
is_id_char(unsigned char c)
{
    return is_id_start(c) || (c >= '0' && c <= '9');
}

/* True if 's' is an RFC 7047 <id>. */
bool
ovsdb_parser_is_id(const char *s)
{
    if (!is_id_start(*s)) {
        return false;
    }
    for (s++; *s; s++) {
        if (!is_id_char(*s)) {
            return false;
        }
    }
    return true;
}

/* Returns the length of the valid UTF-8 sequence at 's', or 0 if the bytes
 * at 's' are not one. */
static size_t
utf8_sequence_length(const unsigned char *s)
{
    unsigned char c = s[0];

    if (c < 0x80) {
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        return (s[1] & 0xc0) == 0x80 ? 2 : 0;
    } else if (c >= 0xe0 && c <= 0xef) {
        unsigned char lo = c == 0xe0 ? 0xa0 : 0x80;
        unsigned char hi = c == 0xed ? 0x9f : 0xbf;   /* No surrogates. */
        return (s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80) ? 3 : 0;
    } else if (c >= 0xf0 && c <= 0xf4) {
        unsigned char lo = c == 0xf0 ? 0x90 : 0x80;
        unsigned char hi = c == 0xf4 ? 0x8f : 0xbf;   /* <= U+10FFFF. */
        return (s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80
                && (s[3] & 0xc0) == 0x80) ? 4 : 0;
    } else {
        return 0;
    }
}

/* Validates 's' as UTF-8; see the header. */
bool
ovsdb_utf8_validate(const char *s, size_t *n_chars, size_t *bad_offset)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t n = 0;

    while (*p) {
        size_t len = utf8_sequence_length(p);
        if (!len) {
            if (bad_offset) {
                *bad_offset = p - (const unsigned char *) s;
            }
            return false;
        }
        p += len;
        n++;
    }
    if (n_chars) {
        *n_chars = n;
    }
    return true;
}

/* Returns a new JSON string for 's', with invalid UTF-8 replaced by
 * U+FFFD. */
json_t *
ovsdb_json_string(const char *s)
{
    if (ovsdb_utf8_validate(s, NULL, NULL)) {
        return json_string_nocheck(s);
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    const unsigned char *p = (const unsigned char *) s;
    while (*p) {
        size_t len = utf8_sequence_length(p);
        if (len) {
            ds_put_buffer(&ds, (const char *) p, len);
            p += len;
        } else {
            ds_put_cstr(&ds, "\xef\xbf\xbd");
            p++;
        }
    }
    json_t *json = json_string_nocheck(ds_cstr(&ds));
    ds_destroy(&ds);
    return json;
}

struct dump_aux {
    struct ds *ds;
    size_t max_len;
};

static int
dump_callback(const char *buffer, size_t size, void *aux_)
{
    struct dump_aux *aux = aux_;

    ds_put_buffer(aux->ds, buffer, size);
    /* Stop jansson once we have more than we keep, so that a huge value
     * (a peer's 64 MB request) is not serialized in full. */
    return aux->ds->length > aux->max_len ? -1 : 0;
}

/* Returns 'json' as compact sorted text, cut to 'max_len' bytes. */
char *
ovsdb_json_to_text(const json_t *json, size_t max_len)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    struct dump_aux aux = { &ds, max_len };

    if (json_dump_callback(json, dump_callback, &aux,
                           JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY)
        && ds.length <= max_len) {
        ds_destroy(&ds);
        return xstrdup("<unprintable JSON>");
    }

    if (ds.length > max_len) {
        /* Do not cut a multibyte character in two. */
        size_t len = max_len;
        while (len > 0 && (ds.string[len] & 0xc0) == 0x80) {
            len--;
        }
        ds_truncate(&ds, len);
        ds_put_cstr(&ds, "...");
    }
    return ds_steal_cstr(&ds);
}

/* Returns the English name of 'json''s type. */
const char *
ovsdb_json_type_name(const json_t *json)
{
    if (!json) {
        return "nothing";
    }
    switch (json_typeof(json)) {
    case JSON_NULL:
        return "null";
    case JSON_FALSE:
        return "false";
    case JSON_TRUE:
        return "true";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a real number";
    case JSON_STRING:
        return "a string";
    case JSON_ARRAY:
        return "an array";
    case JSON_OBJECT:
        return "an object";
    default:
        return "unknown";
    }
}
