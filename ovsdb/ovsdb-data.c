/* ovsdb-data: the values stored in OVSDB columns (RFC 7047 section 5.1). */
#include <config.h>
#include "ovsdb-data.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "osw/hash.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"

/* Atoms. */

static const union ovsdb_atom default_atoms[OVSDB_N_TYPES] = {
    [OVSDB_TYPE_VOID] = { .integer = 0 },
    [OVSDB_TYPE_INTEGER] = { .integer = 0 },
    [OVSDB_TYPE_REAL] = { .real = 0.0 },
    [OVSDB_TYPE_BOOLEAN] = { .boolean = false },
    [OVSDB_TYPE_STRING] = { .string = CONST_CAST(char *, "") },
    [OVSDB_TYPE_UUID] = { .uuid = { { 0, 0, 0, 0 } } },
};

/* Returns the static default atom of 'type'. */
const union ovsdb_atom *
ovsdb_atom_default(enum ovsdb_atomic_type type)
{
    return &default_atoms[(unsigned int) type < OVSDB_N_TYPES
                          ? type : OVSDB_TYPE_VOID];
}

/* Initializes 'atom' with the default of 'type'. */
void
ovsdb_atom_init_default(union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    ovsdb_atom_clone(atom, ovsdb_atom_default(type), type);
}

/* True if 'atom' is the default of 'type'. */
bool
ovsdb_atom_is_default(const union ovsdb_atom *atom,
                      enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return atom->integer == 0;
    case OVSDB_TYPE_REAL:
        return atom->real == 0.0;
    case OVSDB_TYPE_BOOLEAN:
        return !atom->boolean;
    case OVSDB_TYPE_STRING:
        return atom->string[0] == '\0';
    case OVSDB_TYPE_UUID:
        return uuid_is_zero(&atom->uuid);
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        return true;
    }
}

/* Initializes 'dst' as a copy of 'src'. */
void
ovsdb_atom_clone(union ovsdb_atom *dst, const union ovsdb_atom *src,
                 enum ovsdb_atomic_type type)
{
    *dst = *src;
    if (type == OVSDB_TYPE_STRING) {
        dst->string = xstrdup(src->string);
    }
}

/* Frees what 'atom' owns. */
void
ovsdb_atom_destroy(union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    if (type == OVSDB_TYPE_STRING) {
        free(atom->string);
    }
}

/* Exchanges 'a' and 'b'. */
void
ovsdb_atom_swap(union ovsdb_atom *a, union ovsdb_atom *b)
{
    union ovsdb_atom tmp = *a;
    *a = *b;
    *b = tmp;
}

/* Returns a hash of 'atom'; atoms that compare equal hash equal. */
uint32_t
ovsdb_atom_hash(const union ovsdb_atom *atom, enum ovsdb_atomic_type type,
                uint32_t basis)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return hash_uint64(atom->integer, basis);
    case OVSDB_TYPE_REAL: {
        /* -0.0 == 0.0, so they must hash alike. */
        double d = atom->real == 0.0 ? 0.0 : atom->real;
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return hash_uint64(bits, basis);
    }
    case OVSDB_TYPE_BOOLEAN:
        return hash_int(atom->boolean, basis);
    case OVSDB_TYPE_STRING:
        return hash_string(atom->string, basis);
    case OVSDB_TYPE_UUID:
        return hash_bytes(&atom->uuid, sizeof atom->uuid, basis);
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        return basis;
    }
}

/* Compares 'a' and 'b' in the order of the header comment. */
int
ovsdb_atom_compare_3way(const union ovsdb_atom *a, const union ovsdb_atom *b,
                        enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return a->integer < b->integer ? -1 : a->integer > b->integer;
    case OVSDB_TYPE_REAL:
        return a->real < b->real ? -1 : a->real > b->real;
    case OVSDB_TYPE_BOOLEAN:
        return a->boolean - b->boolean;
    case OVSDB_TYPE_STRING:
        return strcmp(a->string, b->string);
    case OVSDB_TYPE_UUID:
        return uuid_compare_3way(&a->uuid, &b->uuid);
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        return 0;
    }
}

/* Marks 'symbol' as used through a value of 'base'. */
static void
symbol_referenced(struct ovsdb_symbol *symbol,
                  const struct ovsdb_base_type *base)
{
    symbol->used = true;
    if (ovsdb_base_type_is_strong_ref(base)) {
        symbol->strong_ref = true;
    } else if (ovsdb_base_type_is_weak_ref(base)) {
        symbol->weak_ref = true;
    }
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
uuid_from_json(struct uuid *uuid, const struct ovsdb_base_type *base,
               const json_t *json, struct ovsdb_symbol_table *symtab)
{
    if (!json_is_array(json) || json_array_size(json) != 2
        || !json_is_string(json_array_get(json, 0))
        || !json_is_string(json_array_get(json, 1))) {
        return ovsdb_syntax_error(json, NULL,
                                  "expected [\"uuid\", <string>]");
    }

    const char *class = json_string_value(json_array_get(json, 0));
    const char *value = json_string_value(json_array_get(json, 1));
    if (!strcmp(class, "uuid")) {
        if (!uuid_from_string(uuid, value)) {
            return ovsdb_syntax_error(json, NULL, "\"%s\" is not a valid "
                                      "UUID", value);
        }
        return NULL;
    } else if (!strcmp(class, "named-uuid")) {
        if (!symtab) {
            return ovsdb_syntax_error(json, NULL, "\"named-uuid\" is not "
                                      "allowed here");
        } else if (!ovsdb_parser_is_id(value)) {
            return ovsdb_syntax_error(json, NULL, "named-uuid string is not "
                                      "a valid <id>");
        }
        struct ovsdb_symbol *symbol = ovsdb_symbol_table_insert(symtab,
                                                                value);
        symbol_referenced(symbol, base);
        *uuid = symbol->uuid;
        return NULL;
    } else {
        return ovsdb_syntax_error(json, NULL,
                                  "expected [\"uuid\", <string>]");
    }
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
atom_from_json__(union ovsdb_atom *atom, const struct ovsdb_base_type *base,
                 const json_t *json, struct ovsdb_symbol_table *symtab)
{
    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        if (json_is_integer(json)) {
            atom->integer = json_integer_value(json);
            return NULL;
        }
        break;

    case OVSDB_TYPE_REAL:
        if (json_is_number(json)) {
            atom->real = json_number_value(json);
            if (!isfinite(atom->real)) {
                return ovsdb_syntax_error(json, NULL, "real number is out "
                                          "of range");
            }
            return NULL;
        }
        break;

    case OVSDB_TYPE_BOOLEAN:
        if (json_is_boolean(json)) {
            atom->boolean = json_is_true(json);
            return NULL;
        }
        break;

    case OVSDB_TYPE_STRING:
        if (json_is_string(json)) {
            const char *s = json_string_value(json);
            if (strlen(s) != json_string_length(json)) {
                return ovsdb_syntax_error(json, NULL, "null bytes are not "
                                          "allowed in strings");
            }
            atom->string = xstrdup(s);
            return NULL;
        }
        break;

    case OVSDB_TYPE_UUID:
        return uuid_from_json(&atom->uuid, base, json, symtab);

    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        return ovsdb_syntax_error(json, NULL, "no value of type %s is "
                                  "possible",
                                  ovsdb_atomic_type_to_string(base->type));
    }

    return ovsdb_syntax_error(json, NULL, "expected %s",
                              ovsdb_atomic_type_to_string(base->type));
}

/* Parses JSON <atom> 'json' as a value of 'base' and checks its
 * constraints. */
struct ovsdb_error *
ovsdb_atom_from_json(union ovsdb_atom *atom,
                     const struct ovsdb_base_type *base,
                     const json_t *json, struct ovsdb_symbol_table *symtab)
{
    struct ovsdb_error *error = atom_from_json__(atom, base, json, symtab);
    if (!error) {
        error = ovsdb_atom_check_constraints(atom, base);
        if (error) {
            ovsdb_atom_destroy(atom, base->type);
        }
    }
    return error;
}

/* The tags "uuid", "set" and "map" appear in nearly every <value>, and
 * empty sets and maps in most rows.  One immortal copy of each (refcount
 * (size_t) -1, which jansson's incref and decref leave alone, as for its
 * own true, false and null) saves allocations and frees: a full RFC 7047
 * monitor reply of a big database holds millions of them.  Nothing changes
 * a <value> in place once it is built, so sharing is invisible to
 * callers. */
static json_t *tag_uuid, *tag_set, *tag_map;
static json_t *empty_set, *empty_map;

static json_t *
immortal(json_t *json)
{
    json->refcount = (size_t) -1;
    return json;
}

static void
init_shared(void)
{
    tag_uuid = immortal(json_string_nocheck("uuid"));
    tag_set = immortal(json_string_nocheck("set"));
    tag_map = immortal(json_string_nocheck("map"));
    empty_set = immortal(json_pack("[O[]]", tag_set));
    empty_map = immortal(json_pack("[O[]]", tag_map));
}

static void
ensure_shared(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_shared);
}

/* Returns a new JSON array ["TAG", 'value'] (taking ownership of 'value'),
 * with 'tag' one of the tags above. */
static json_t *
tagged_array(json_t **tag, json_t *value)
{
    ensure_shared();

    json_t *json = json_array();
    json_array_append(json, *tag);
    json_array_append_new(json, value);
    return json;
}

/* Returns 'atom' as a new JSON value. */
json_t *
ovsdb_atom_to_json(const union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return json_integer(atom->integer);
    case OVSDB_TYPE_REAL: {
        /* json_real() refuses non-finite values, which no atom should
         * hold; never hand out NULL. */
        json_t *json = json_real(atom->real);
        return json ? json : json_real(0.0);
    }
    case OVSDB_TYPE_BOOLEAN:
        return json_boolean(atom->boolean);
    case OVSDB_TYPE_STRING:
        return ovsdb_json_string(atom->string);
    case OVSDB_TYPE_UUID: {
        char s[UUID_LEN + 1];
        uuid_to_string(&atom->uuid, s);
        return tagged_array(&tag_uuid, json_string_nocheck(s));
    }
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        return json_null();
    }
}

/* Appends UTF-8 code point 'c' to 'out'. */
static void
put_utf8(struct ds *out, unsigned int c)
{
    if (c < 0x80) {
        ds_put_char(out, c);
    } else if (c < 0x800) {
        ds_put_char(out, 0xc0 | (c >> 6));
        ds_put_char(out, 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        ds_put_char(out, 0xe0 | (c >> 12));
        ds_put_char(out, 0x80 | ((c >> 6) & 0x3f));
        ds_put_char(out, 0x80 | (c & 0x3f));
    } else {
        ds_put_char(out, 0xf0 | (c >> 18));
        ds_put_char(out, 0x80 | ((c >> 12) & 0x3f));
        ds_put_char(out, 0x80 | ((c >> 6) & 0x3f));
        ds_put_char(out, 0x80 | (c & 0x3f));
    }
}

/* Parses 4 hex digits at 's' into '*value'. */
static bool
parse_hex4(const char *s, unsigned int *value)
{
    *value = 0;
    for (int i = 0; i < 4; i++) {
        int c = s[i];
        int digit = (c >= '0' && c <= '9' ? c - '0'
                     : c >= 'a' && c <= 'f' ? c - 'a' + 10
                     : c >= 'A' && c <= 'F' ? c - 'A' + 10
                     : -1);
        if (digit < 0) {
            return false;
        }
        *value = *value * 16 + digit;
    }
    return true;
}

/* Decodes the JSON escape sequence after the backslash at '*p', advancing
 * '*p' past it.  Returns NULL or the reason it is bad. */
static const char *
decode_escape(const char **p, const char *end, struct ds *out)
{
    const char *s = *p;
    unsigned int c, c2;

    if (s >= end) {
        return "backslash at end of quoted string";
    }
    switch (*s) {
    case '"': case '\\': case '/':
        ds_put_char(out, *s);
        break;
    case 'b':
        ds_put_char(out, '\b');
        break;
    case 'f':
        ds_put_char(out, '\f');
        break;
    case 'n':
        ds_put_char(out, '\n');
        break;
    case 'r':
        ds_put_char(out, '\r');
        break;
    case 't':
        ds_put_char(out, '\t');
        break;
    case 'u':
        if (end - s < 5 || !parse_hex4(s + 1, &c)) {
            return "malformed \\u escape";
        }
        s += 4;
        if (c == 0) {
            return "null bytes not supported in quoted strings";
        } else if (c >= 0xdc00 && c <= 0xdfff) {
            return "malformed escaped surrogate pair";
        } else if (c >= 0xd800 && c <= 0xdbff) {
            if (end - s < 7 || s[1] != '\\' || s[2] != 'u'
                || !parse_hex4(s + 3, &c2) || c2 < 0xdc00 || c2 > 0xdfff) {
                return "malformed escaped surrogate pair";
            }
            c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
            s += 6;
        }
        put_utf8(out, c);
        break;
    default:
        return NULL;            /* Caller reports "bad escape". */
    }
    *p = s + 1;
    return NULL;
}

/* Parses quoted string 's' (which starts with '"') into '*string'.
 * Returns NULL or an error message. */
static char *
unquote_string(const char *s, char **string)
{
    size_t len = strlen(s);
    if (len < 2 || s[len - 1] != '"') {
        return xasprintf("%s: missing quote at end of quoted string", s);
    }

    struct ds out = DS_EMPTY_INITIALIZER;
    const char *p = s + 1;
    const char *end = s + len - 1;
    while (p < end) {
        if (*p != '\\') {
            ds_put_char(&out, *p++);
            continue;
        }

        p++;
        const char *before = p;
        const char *problem = decode_escape(&p, end, &out);
        if (problem) {
            ds_destroy(&out);
            return xasprintf("%s: %s", s, problem);
        } else if (p == before) {
            ds_destroy(&out);
            return xasprintf("%s: bad escape \\%c", s, *p);
        }
    }
    *string = ds_steal_cstr(&out);
    return NULL;
}

/* Parses decimal integer 's', or a range "A-B" if 'range_end' is nonnull.
 * Returns NULL or an error message. */
static char *
integer_from_string(const char *s, int64_t *integer, int64_t *range_end)
{
    char *tail;
    int save_errno = errno;
    long long int value;

    errno = 0;
    value = strtoll(s, &tail, 10);
    bool ok = !errno && tail != s;
    if (ok && *tail == '-' && range_end) {
        long long int end;
        ok = str_to_llong(tail + 1, 10, &end);
        if (ok && end < value) {
            errno = save_errno;
            return xasprintf("\"%s\" is not a valid range. Range end cannot "
                             "be before start.", s);
        }
        *range_end = end;
    } else {
        ok = ok && *tail == '\0';
        if (range_end) {
            *range_end = value;
        }
    }
    errno = save_errno;

    if (!ok) {
        return xasprintf("\"%s\" is not a valid integer%s", s,
                         range_end ? " or range" : "");
    }
    *integer = value;
    return NULL;
}

static char *
boolean_from_string(const char *s, bool *boolean)
{
    if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on")
        || !strcmp(s, "1")) {
        *boolean = true;
    } else if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off")
               || !strcmp(s, "0")) {
        *boolean = false;
    } else {
        return xasprintf("\"%s\" is not a valid boolean (use \"true\" or "
                         "\"false\")", s);
    }
    return NULL;
}

static char *
string_from_string(const char *s, char **string)
{
    if (!*s) {
        return xstrdup("An empty string is not valid as input; use \"\" to "
                       "represent the empty string");
    } else if (*s == '"') {
        return unquote_string(s, string);
    } else {
        *string = xstrdup(s);
        return NULL;
    }
}

static char *
uuid_from_string_with_symtab(const char *s, struct uuid *uuid,
                             const struct ovsdb_base_type *base,
                             struct ovsdb_symbol_table *symtab)
{
    if (*s == '@') {
        if (!symtab) {
            return xasprintf("\"%s\": row names (\"@name\") are not "
                             "allowed here", s);
        }
        struct ovsdb_symbol *symbol = ovsdb_symbol_table_insert(symtab, s);
        symbol_referenced(symbol, base);
        *uuid = symbol->uuid;
    } else if (!uuid_from_string(uuid, s)) {
        return xasprintf("\"%s\" is not a valid UUID", s);
    }
    return NULL;
}

/* Checks the constraints of an integer range 'start'-'end' of 'base'. */
static char *
check_range(const union ovsdb_atom *start, int64_t end,
            const struct ovsdb_base_type *base)
{
    union ovsdb_atom end_atom = { .integer = end };
    struct ovsdb_error *error;

    error = ovsdb_atom_check_constraints(start, base);
    if (!error && end != start->integer) {
        error = ovsdb_atom_check_constraints(&end_atom, base);
    }
    if (error) {
        return ovsdb_error_to_string_free(error);
    }
    if ((uint64_t) end - (uint64_t) start->integer
        >= OVSDB_MAX_INTEGER_RANGE) {
        return xasprintf("range %"PRId64"-%"PRId64" is too big: a range may "
                         "contain at most %d integers", start->integer, end,
                         OVSDB_MAX_INTEGER_RANGE);
    }
    return NULL;
}

/* Parses 's' in ovs-vsctl syntax as a value of 'base'. */
char *
ovsdb_atom_from_string(union ovsdb_atom *atom, int64_t *range_end,
                       const struct ovsdb_base_type *base, const char *s,
                       struct ovsdb_symbol_table *symtab)
{
    char *error;

    switch (base->type) {
    case OVSDB_TYPE_INTEGER: {
        int64_t end = 0;
        error = integer_from_string(s, &atom->integer,
                                    range_end ? &end : NULL);
        if (!error && range_end) {
            error = check_range(atom, end, base);
            *range_end = end;
            return error;
        }
        break;
    }

    case OVSDB_TYPE_REAL:
        error = (str_to_double(s, &atom->real) ? NULL
                 : xasprintf("\"%s\" is not a valid real number", s));
        break;

    case OVSDB_TYPE_BOOLEAN:
        error = boolean_from_string(s, &atom->boolean);
        break;

    case OVSDB_TYPE_STRING:
        error = string_from_string(s, &atom->string);
        break;

    case OVSDB_TYPE_UUID:
        error = uuid_from_string_with_symtab(s, &atom->uuid, base, symtab);
        break;

    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        return xasprintf("no value of type %s is possible",
                         ovsdb_atomic_type_to_string(base->type));
    }

    if (!error) {
        struct ovsdb_error *dberror = ovsdb_atom_check_constraints(atom,
                                                                   base);
        if (dberror) {
            ovsdb_atom_destroy(atom, base->type);
            error = ovsdb_error_to_string_free(dberror);
        }
    }
    return error;
}

static bool
is_ascii_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* True if string atom 's' must be quoted to read back as the same
 * string. */
static bool
string_needs_quotes(const char *s)
{
    const unsigned char *p = (const unsigned char *) s;
    struct uuid uuid;

    if (!is_ascii_alpha(*p) && *p != '_') {
        return true;
    }
    for (p++; *p; p++) {
        if (!is_ascii_alpha(*p) && !is_ascii_digit(*p)
            && *p != '_' && *p != '-' && *p != '.') {
            return true;
        }
    }
    return (!strcmp(s, "true") || !strcmp(s, "false")
            || uuid_from_string(&uuid, s));
}

/* Appends 's' to 'out' as a JSON string literal. */
static void
put_quoted_string(struct ds *out, const char *s)
{
    ds_put_char(out, '"');
    for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
        switch (*p) {
        case '"':
            ds_put_cstr(out, "\\\"");
            break;
        case '\\':
            ds_put_cstr(out, "\\\\");
            break;
        case '\b':
            ds_put_cstr(out, "\\b");
            break;
        case '\f':
            ds_put_cstr(out, "\\f");
            break;
        case '\n':
            ds_put_cstr(out, "\\n");
            break;
        case '\r':
            ds_put_cstr(out, "\\r");
            break;
        case '\t':
            ds_put_cstr(out, "\\t");
            break;
        default:
            if (*p < 0x20) {
                ds_put_format(out, "\\u%04x", *p);
            } else {
                ds_put_char(out, *p);
            }
            break;
        }
    }
    ds_put_char(out, '"');
}

/* Appends 'x' to 'out' with the fewest significant digits, from
 * DBL_DIG (what Open vSwitch prints, so most values look the same) up to
 * DBL_DECIMAL_DIG, that read back as exactly 'x': DBL_DIG alone loses
 * the last bits of many values, and rounds DBL_MAX up to a number that
 * does not read back at all. */
static void
put_real(struct ds *out, double x)
{
    char buf[40];

    for (int digits = DBL_DIG; ; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, x);
        if (digits >= DBL_DECIMAL_DIG || strtod(buf, NULL) == x) {
            break;
        }
    }
    ds_put_cstr(out, buf);
}

static void
atom_to_text(const union ovsdb_atom *atom, enum ovsdb_atomic_type type,
             struct ds *out, bool bare)
{
    switch (type) {
    case OVSDB_TYPE_INTEGER:
        ds_put_format(out, "%"PRId64, atom->integer);
        break;
    case OVSDB_TYPE_REAL:
        put_real(out, atom->real);
        break;
    case OVSDB_TYPE_BOOLEAN:
        ds_put_cstr(out, atom->boolean ? "true" : "false");
        break;
    case OVSDB_TYPE_STRING:
        if (bare || !string_needs_quotes(atom->string)) {
            ds_put_cstr(out, atom->string);
        } else {
            put_quoted_string(out, atom->string);
        }
        break;
    case OVSDB_TYPE_UUID:
        ds_put_format(out, UUID_FMT, UUID_ARGS(&atom->uuid));
        break;
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        break;
    }
}

/* Appends 'atom' to 'out' in ovs-vsctl syntax. */
void
ovsdb_atom_to_string(const union ovsdb_atom *atom,
                     enum ovsdb_atomic_type type, struct ds *out)
{
    atom_to_text(atom, type, out, false);
}

/* Appends 'atom' to 'out' in bare form. */
void
ovsdb_atom_to_bare(const union ovsdb_atom *atom, enum ovsdb_atomic_type type,
                   struct ds *out)
{
    atom_to_text(atom, type, out, true);
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
check_enum(const union ovsdb_atom *atom, const struct ovsdb_base_type *base)
{
    if (ovsdb_datum_find_key(base->enum_, atom, base->type, NULL)) {
        return NULL;
    }

    struct ds actual = DS_EMPTY_INITIALIZER;
    struct ds valid = DS_EMPTY_INITIALIZER;
    ovsdb_atom_to_string(atom, base->type, &actual);
    ovsdb_datum_to_string(base->enum_,
                          ovsdb_base_type_get_enum_type(base->type), &valid);
    struct ovsdb_error *error = ovsdb_error(OVSDB_ERR_CONSTRAINT,
                                            "%s is not one of the allowed "
                                            "values (%s)", ds_cstr(&actual),
                                            ds_cstr(&valid));
    ds_destroy(&actual);
    ds_destroy(&valid);
    return error;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
check_integer(int64_t x, const struct ovsdb_base_type *base)
{
    int64_t min = base->integer.min;
    int64_t max = base->integer.max;

    if (x >= min && x <= max) {
        return NULL;
    } else if (min != INT64_MIN && max != INT64_MAX) {
        return ovsdb_error(OVSDB_ERR_CONSTRAINT, "%"PRId64" is not in the "
                           "valid range %"PRId64" to %"PRId64" (inclusive)",
                           x, min, max);
    } else if (min != INT64_MIN) {
        return ovsdb_error(OVSDB_ERR_CONSTRAINT, "%"PRId64" is less than "
                           "minimum allowed value %"PRId64, x, min);
    } else {
        return ovsdb_error(OVSDB_ERR_CONSTRAINT, "%"PRId64" is greater than "
                           "maximum allowed value %"PRId64, x, max);
    }
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
check_real(double x, const struct ovsdb_base_type *base)
{
    double min = base->real.min;
    double max = base->real.max;

    if (x >= min && x <= max) {
        return NULL;
    } else if (min != -DBL_MAX && max != DBL_MAX) {
        return ovsdb_error(OVSDB_ERR_CONSTRAINT, "%.*g is not in the valid "
                           "range %.*g to %.*g (inclusive)",
                           DBL_DIG, x, DBL_DIG, min, DBL_DIG, max);
    } else if (min != -DBL_MAX) {
        return ovsdb_error(OVSDB_ERR_CONSTRAINT, "%.*g is less than minimum "
                           "allowed value %.*g", DBL_DIG, x, DBL_DIG, min);
    } else {
        return ovsdb_error(OVSDB_ERR_CONSTRAINT, "%.*g is greater than "
                           "maximum allowed value %.*g",
                           DBL_DIG, x, DBL_DIG, max);
    }
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
check_string(const char *s, const struct ovsdb_base_type *base)
{
    size_t n_chars, bad_offset;

    if (!ovsdb_utf8_validate(s, &n_chars, &bad_offset)) {
        return ovsdb_error(OVSDB_ERR_CONSTRAINT, "string is not valid UTF-8 "
                           "(bad byte 0x%02x at offset %zu)",
                           (unsigned char) s[bad_offset], bad_offset);
    } else if (n_chars < base->string.min_len) {
        return ovsdb_error(OVSDB_ERR_CONSTRAINT, "\"%s\" length %zu is less "
                           "than minimum allowed length %u",
                           s, n_chars, base->string.min_len);
    } else if (n_chars > base->string.max_len) {
        return ovsdb_error(OVSDB_ERR_CONSTRAINT, "\"%s\" length %zu is "
                           "greater than maximum allowed length %u",
                           s, n_chars, base->string.max_len);
    }
    return NULL;
}

/* Checks 'atom' against the constraints of 'base'. */
struct ovsdb_error *
ovsdb_atom_check_constraints(const union ovsdb_atom *atom,
                             const struct ovsdb_base_type *base)
{
    if (base->enum_) {
        struct ovsdb_error *error = check_enum(atom, base);
        if (error || base->type != OVSDB_TYPE_STRING) {
            return error;
        }
    }

    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        return check_integer(atom->integer, base);
    case OVSDB_TYPE_REAL:
        return check_real(atom->real, base);
    case OVSDB_TYPE_STRING:
        return check_string(atom->string, base);
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_TYPE_UUID:
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        return NULL;
    }
}

/* Datums. */

#define DEFAULT_DATUM(KEY, VALUE)                                       \
    { 1, CONST_CAST(union ovsdb_atom *, &default_atoms[KEY]),          \
      CONST_CAST(union ovsdb_atom *, &default_atoms[VALUE]) }
#define DEFAULT_SET(KEY)                                                \
    { 1, CONST_CAST(union ovsdb_atom *, &default_atoms[KEY]), NULL }
#define DEFAULT_ROW(KEY)                                                \
    { DEFAULT_SET(KEY),                                                 \
      DEFAULT_DATUM(KEY, OVSDB_TYPE_INTEGER),                           \
      DEFAULT_DATUM(KEY, OVSDB_TYPE_REAL),                              \
      DEFAULT_DATUM(KEY, OVSDB_TYPE_BOOLEAN),                           \
      DEFAULT_DATUM(KEY, OVSDB_TYPE_STRING),                            \
      DEFAULT_DATUM(KEY, OVSDB_TYPE_UUID) }

/* Indexed by [key type][value type]. */
static const struct ovsdb_datum default_data[OVSDB_N_TYPES][OVSDB_N_TYPES] = {
    DEFAULT_ROW(OVSDB_TYPE_VOID),
    DEFAULT_ROW(OVSDB_TYPE_INTEGER),
    DEFAULT_ROW(OVSDB_TYPE_REAL),
    DEFAULT_ROW(OVSDB_TYPE_BOOLEAN),
    DEFAULT_ROW(OVSDB_TYPE_STRING),
    DEFAULT_ROW(OVSDB_TYPE_UUID),
};

static const struct ovsdb_datum empty_datum = { 0, NULL, NULL };

/* Initializes 'datum' as empty. */
void
ovsdb_datum_init_empty(struct ovsdb_datum *datum)
{
    datum->n = 0;
    datum->keys = NULL;
    datum->values = NULL;
}

/* Initializes 'datum' as the default of 'type'. */
void
ovsdb_datum_init_default(struct ovsdb_datum *datum,
                         const struct ovsdb_type *type)
{
    ovsdb_datum_clone(datum, ovsdb_datum_default(type), type);
}

/* True if 'datum' is the default of 'type'. */
bool
ovsdb_datum_is_default(const struct ovsdb_datum *datum,
                       const struct ovsdb_type *type)
{
    if (datum->n != type->n_min) {
        return false;
    } else if (!datum->n) {
        return true;
    }
    return (ovsdb_atom_is_default(&datum->keys[0], type->key.type)
            && (!ovsdb_type_is_map(type)
                || ovsdb_atom_is_default(&datum->values[0],
                                         type->value.type)));
}

/* Returns the static default of 'type'. */
const struct ovsdb_datum *
ovsdb_datum_default(const struct ovsdb_type *type)
{
    if (!type->n_min || (unsigned int) type->key.type >= OVSDB_N_TYPES
        || (unsigned int) type->value.type >= OVSDB_N_TYPES) {
        return &empty_datum;
    }
    return &default_data[type->key.type][type->value.type];
}

static void
init_scalar(struct ovsdb_datum *datum, const union ovsdb_atom *atom,
            enum ovsdb_atomic_type type)
{
    datum->n = 1;
    datum->keys = xmalloc(sizeof *datum->keys);
    ovsdb_atom_clone(&datum->keys[0], atom, type);
    datum->values = NULL;
}

/* Initializes 'datum' as the scalar 'integer'. */
void
ovsdb_datum_init_integer(struct ovsdb_datum *datum, int64_t integer)
{
    union ovsdb_atom atom = { .integer = integer };
    init_scalar(datum, &atom, OVSDB_TYPE_INTEGER);
}

/* Initializes 'datum' as the scalar 'real'. */
void
ovsdb_datum_init_real(struct ovsdb_datum *datum, double real)
{
    union ovsdb_atom atom = { .real = real };
    init_scalar(datum, &atom, OVSDB_TYPE_REAL);
}

/* Initializes 'datum' as the scalar 'boolean'. */
void
ovsdb_datum_init_boolean(struct ovsdb_datum *datum, bool boolean)
{
    union ovsdb_atom atom = { .boolean = boolean };
    init_scalar(datum, &atom, OVSDB_TYPE_BOOLEAN);
}

/* Initializes 'datum' as the scalar 'string' (copied). */
void
ovsdb_datum_init_string(struct ovsdb_datum *datum, const char *string)
{
    union ovsdb_atom atom = { .string = CONST_CAST(char *, string) };
    init_scalar(datum, &atom, OVSDB_TYPE_STRING);
}

/* Initializes 'datum' as the scalar 'uuid'. */
void
ovsdb_datum_init_uuid(struct ovsdb_datum *datum, const struct uuid *uuid)
{
    union ovsdb_atom atom = { .uuid = *uuid };
    init_scalar(datum, &atom, OVSDB_TYPE_UUID);
}

static union ovsdb_atom *
clone_atoms(const union ovsdb_atom *old, unsigned int n,
            enum ovsdb_atomic_type type)
{
    if (!n || !old) {
        return NULL;
    }

    union ovsdb_atom *new = xmalloc(n * sizeof *new);
    if (type == OVSDB_TYPE_STRING) {
        for (unsigned int i = 0; i < n; i++) {
            ovsdb_atom_clone(&new[i], &old[i], type);
        }
    } else {
        memcpy(new, old, n * sizeof *new);
    }
    return new;
}

/* Initializes 'dst' as a deep copy of 'src'. */
void
ovsdb_datum_clone(struct ovsdb_datum *dst, const struct ovsdb_datum *src,
                  const struct ovsdb_type *type)
{
    unsigned int n = src->n;

    dst->n = n;
    dst->keys = clone_atoms(src->keys, n, type->key.type);
    dst->values = (ovsdb_type_is_map(type)
                   ? clone_atoms(src->values, n, type->value.type)
                   : NULL);
}

static void
free_atoms(union ovsdb_atom *atoms, unsigned int n,
           enum ovsdb_atomic_type type)
{
    if (atoms && type == OVSDB_TYPE_STRING) {
        for (unsigned int i = 0; i < n; i++) {
            ovsdb_atom_destroy(&atoms[i], type);
        }
    }
    free(atoms);
}

/* Frees what 'datum' owns. */
void
ovsdb_datum_destroy(struct ovsdb_datum *datum, const struct ovsdb_type *type)
{
    free_atoms(datum->keys, datum->n, type->key.type);
    free_atoms(datum->values, datum->n, type->value.type);
    datum->keys = datum->values = NULL;
    datum->n = 0;
}

/* Exchanges 'a' and 'b'. */
void
ovsdb_datum_swap(struct ovsdb_datum *a, struct ovsdb_datum *b)
{
    struct ovsdb_datum tmp = *a;
    *a = *b;
    *b = tmp;
}

/* Appends 'key' and, for a map, 'value' to 'datum', taking ownership of
 * them. */
static void
datum_append(struct ovsdb_datum *datum, const union ovsdb_atom *key,
             const union ovsdb_atom *value, bool is_map)
{
    unsigned int n = datum->n;

    datum->keys = xrealloc(datum->keys, (n + 1) * sizeof *datum->keys);
    datum->keys[n] = *key;
    if (is_map) {
        datum->values = xrealloc(datum->values,
                                 (n + 1) * sizeof *datum->values);
        datum->values[n] = *value;
    }
    datum->n = n + 1;
}

/* Returns the message for a datum of 'n' elements that does not fit
 * 'type'. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
wrong_size_error(const json_t *json, const char *class, size_t n,
                 const struct ovsdb_type *type)
{
    if (type->n_min == type->n_max) {
        return ovsdb_syntax_error(json, NULL, "%s must have exactly %s "
                                  "but %zu are present", class,
                                  type->n_min == 1 ? "one member"
                                  : "that many members", n);
    } else if (type->n_max == UINT_MAX) {
        return ovsdb_syntax_error(json, NULL, "%s must have at least %u "
                                  "member%s but %zu are present", class,
                                  type->n_min, type->n_min == 1 ? "" : "s",
                                  n);
    } else {
        return ovsdb_syntax_error(json, NULL, "%s must have %u to %u members "
                                  "but %zu are present", class, type->n_min,
                                  type->n_max, n);
    }
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
datum_from_json_array(struct ovsdb_datum *datum,
                      const struct ovsdb_type *type, const json_t *json,
                      struct ovsdb_symbol_table *symtab)
{
    bool is_map = ovsdb_type_is_map(type);
    const char *class = is_map ? "map" : "set";
    const json_t *inner;

    if (!json_is_array(json) || json_array_size(json) != 2
        || !json_is_string(json_array_get(json, 0))
        || strcmp(json_string_value(json_array_get(json, 0)), class)
        || !json_is_array(json_array_get(json, 1))) {
        return ovsdb_syntax_error(json, NULL, "expected [\"%s\", <array>]",
                                  class);
    }
    inner = json_array_get(json, 1);

    size_t n = json_array_size(inner);
    if (n < type->n_min || n > type->n_max) {
        return wrong_size_error(json, class, n, type);
    }

    datum->keys = n ? xmalloc(n * sizeof *datum->keys) : NULL;
    datum->values = is_map && n ? xmalloc(n * sizeof *datum->values) : NULL;
    for (size_t i = 0; i < n; i++) {
        const json_t *element = json_array_get(inner, i);
        const json_t *key = element;
        struct ovsdb_error *error;

        if (is_map) {
            if (!json_is_array(element) || json_array_size(element) != 2) {
                return ovsdb_syntax_error(element, NULL,
                                          "expected 2-element array");
            }
            key = json_array_get(element, 0);
        }

        error = ovsdb_atom_from_json(&datum->keys[i], &type->key, key,
                                     symtab);
        if (!error && is_map) {
            error = ovsdb_atom_from_json(&datum->values[i], &type->value,
                                         json_array_get(element, 1), symtab);
            if (error) {
                ovsdb_atom_destroy(&datum->keys[i], type->key.type);
            }
        }
        if (error) {
            return error;
        }
        datum->n++;
    }

    return ovsdb_datum_sort(datum, type);
}

/* Parses JSON <value> 'json' as a value of 'type'. */
struct ovsdb_error *
ovsdb_datum_from_json(struct ovsdb_datum *datum,
                      const struct ovsdb_type *type, const json_t *json,
                      struct ovsdb_symbol_table *symtab)
{
    struct ovsdb_error *error;

    ovsdb_datum_init_empty(datum);
    if (ovsdb_type_is_map(type)
        || (json_is_array(json) && json_array_size(json) > 0
            && json_is_string(json_array_get(json, 0))
            && !strcmp(json_string_value(json_array_get(json, 0)), "set"))) {
        error = datum_from_json_array(datum, type, json, symtab);
    } else {
        datum->keys = xmalloc(sizeof *datum->keys);
        error = ovsdb_atom_from_json(&datum->keys[0], &type->key, json,
                                     symtab);
        if (!error) {
            datum->n = 1;
        }
    }

    if (error) {
        ovsdb_datum_destroy(datum, type);
    }
    return error;
}

/* Parses JSON <value> 'json' as a value of 'type' with every constraint
 * except the atomic types relaxed. */
struct ovsdb_error *
ovsdb_datum_from_json_relaxed(struct ovsdb_datum *datum,
                              const struct ovsdb_type *type,
                              const json_t *json,
                              struct ovsdb_symbol_table *symtab)
{
    struct ovsdb_type relaxed;

    ovsdb_base_type_init(&relaxed.key, type->key.type);
    ovsdb_base_type_init(&relaxed.value, type->value.type);
    relaxed.n_min = 0;
    relaxed.n_max = UINT_MAX;
    return ovsdb_datum_from_json(datum, &relaxed, json, symtab);
}

/* Returns 'datum' as a JSON <value>, possibly shared; see the header. */
json_t *
ovsdb_datum_to_json(const struct ovsdb_datum *datum,
                    const struct ovsdb_type *type)
{
    if (!datum->n) {
        ensure_shared();
        return ovsdb_type_is_map(type) ? empty_map : empty_set;
    } else if (ovsdb_type_is_map(type)) {
        json_t *pairs = json_array();
        for (unsigned int i = 0; i < datum->n; i++) {
            json_t *pair = json_array();
            json_array_append_new(pair, ovsdb_atom_to_json(&datum->keys[i],
                                                           type->key.type));
            json_array_append_new(pair, ovsdb_atom_to_json(
                                      &datum->values[i], type->value.type));
            json_array_append_new(pairs, pair);
        }
        return tagged_array(&tag_map, pairs);
    } else if (datum->n == 1) {
        return ovsdb_atom_to_json(&datum->keys[0], type->key.type);
    } else {
        json_t *elements = json_array();
        for (unsigned int i = 0; i < datum->n; i++) {
            json_array_append_new(elements, ovsdb_atom_to_json(
                                      &datum->keys[i], type->key.type));
        }
        return tagged_array(&tag_set, elements);
    }
}

/* Text syntax. */

static const char *
skip_spaces(const char *p)
{
    while (isspace((unsigned char) *p)) {
        p++;
    }
    return p;
}

/* True for the characters that end an unquoted token. */
static bool
is_token_delim(char c)
{
    return c && strchr(":=, []{}!<>", c);
}

/* Extracts the token at '*p' into '*token' (the caller frees it),
 * advancing '*p' past it.  Quotes are kept in the token, so that the atom
 * parser can tell "1" from 1; a backslash outside quotes escapes the next
 * character.  Returns NULL or an error message. */
static char *
parse_token(const char **p, char **token)
{
    const char *start = *p;
    const char *s = start;
    struct ds out = DS_EMPTY_INITIALIZER;
    bool in_quotes = false;

    while (*s) {
        if (*s == '\\') {
            if (in_quotes) {
                ds_put_char(&out, '\\');
            }
            s++;
            if (!*s) {
                ds_destroy(&out);
                return xasprintf("%s: backslash at end of argument", start);
            }
            ds_put_char(&out, *s++);
        } else if (!in_quotes && is_token_delim(*s)) {
            break;
        } else {
            if (*s == '"') {
                in_quotes = !in_quotes;
            }
            ds_put_char(&out, *s++);
        }
    }
    if (in_quotes) {
        ds_destroy(&out);
        return xasprintf("%s: quoted string extends past end of argument",
                         start);
    }

    *p = s;
    *token = ds_steal_cstr(&out);
    return NULL;
}

static char *
parse_atom_token(const char **p, const struct ovsdb_base_type *base,
                 union ovsdb_atom *atom, int64_t *range_end,
                 struct ovsdb_symbol_table *symtab)
{
    char *token;
    char *error = parse_token(p, &token);
    if (!error) {
        error = ovsdb_atom_from_string(atom, range_end, base, token, symtab);
        free(token);
    }
    return error;
}

/* Parses one element (a set member, a map pair, or an integer range) at
 * '*p' and appends it to 'datum'. */
static char *
parse_element(const char **p, const char *s, struct ovsdb_datum *datum,
              const struct ovsdb_type *type,
              struct ovsdb_symbol_table *symtab)
{
    bool is_map = ovsdb_type_is_map(type);
    bool ranges = type->key.type == OVSDB_TYPE_INTEGER;
    union ovsdb_atom key, value;
    int64_t range_end;
    char *error;

    error = parse_atom_token(p, &type->key, &key,
                             ranges ? &range_end : NULL, symtab);
    if (error) {
        return error;
    }

    if (is_map) {
        *p = skip_spaces(*p);
        if (**p != '=') {
            char *english = ovsdb_type_to_english(type);
            error = (**p
                     ? xasprintf("%s: expected \"=\" but found \"%c\" parsing "
                                 "%s", s, **p, english)
                     : xasprintf("%s: missing \"=\" after key parsing %s",
                                 s, english));
            free(english);
            ovsdb_atom_destroy(&key, type->key.type);
            return error;
        }
        *p = skip_spaces(*p + 1);
        error = parse_atom_token(p, &type->value, &value, NULL, symtab);
        if (error) {
            ovsdb_atom_destroy(&key, type->key.type);
            return error;
        }
    }

    if (ranges && range_end != key.integer) {
        /* 'value' is copied for every integer of the range. */
        for (int64_t i = key.integer; ; i++) {
            union ovsdb_atom k = { .integer = i };
            union ovsdb_atom v;
            if (is_map) {
                ovsdb_atom_clone(&v, &value, type->value.type);
            }
            datum_append(datum, &k, &v, is_map);
            if (i == range_end) {
                break;
            }
        }
        if (is_map) {
            ovsdb_atom_destroy(&value, type->value.type);
        }
    } else {
        datum_append(datum, &key, &value, is_map);
    }
    return NULL;
}

static char *
datum_from_string__(struct ovsdb_datum *datum, const struct ovsdb_type *type,
                    const char *s, struct ovsdb_symbol_table *symtab)
{
    bool is_map = ovsdb_type_is_map(type);
    const char *p = skip_spaces(s);
    char end_delim = '\0';
    char *error;

    if (*p == (is_map ? '{' : '[')) {
        end_delim = is_map ? '}' : ']';
        p = skip_spaces(p + 1);
    } else if (!*p) {
        if (is_map) {
            return xstrdup("use \"{}\" to specify the empty map");
        } else if (!ovsdb_type_is_scalar(type)) {
            return xstrdup("use \"[]\" to specify the empty set");
        }
        /* A scalar: let the atom parser say what is wrong with "". */
        union ovsdb_atom atom;
        error = ovsdb_atom_from_string(&atom, NULL, &type->key, "", symtab);
        if (!error) {
            datum_append(datum, &atom, NULL, false);
        }
        return error;
    }

    while (*p && *p != end_delim) {
        if (is_token_delim(*p)) {
            char *english = ovsdb_type_to_english(type);
            error = xasprintf("%s: unexpected \"%c\" parsing %s",
                              s, *p, english);
            free(english);
            return error;
        }

        error = parse_element(&p, s, datum, type, symtab);
        if (error) {
            return error;
        }

        p = skip_spaces(p);
        if (*p == ',') {
            p = skip_spaces(p + 1);
        }
    }

    if (end_delim) {
        if (*p != end_delim) {
            return xasprintf("%s: missing \"%c\" at end of data",
                             s, end_delim);
        }
        p = skip_spaces(p + 1);
        if (*p) {
            return xasprintf("%s: trailing garbage after \"%c\"",
                             s, end_delim);
        }
    }
    return NULL;
}

/* Parses 's' in ovs-vsctl syntax as a value of 'type'. */
char *
ovsdb_datum_from_string(struct ovsdb_datum *datum,
                        const struct ovsdb_type *type, const char *s,
                        struct ovsdb_symbol_table *symtab)
{
    char *error;

    ovsdb_datum_init_empty(datum);
    error = datum_from_string__(datum, type, s, symtab);
    if (!error && datum->n < type->n_min) {
        error = xasprintf("%s: %u value(s) specified but the minimum number "
                          "is %u", s, datum->n, type->n_min);
    } else if (!error && datum->n > type->n_max) {
        error = xasprintf("%s: %u value(s) specified but the maximum number "
                          "is %u", s, datum->n, type->n_max);
    }
    if (!error) {
        struct ovsdb_error *dberror = ovsdb_datum_sort(datum, type);
        if (dberror) {
            ovsdb_error_destroy(dberror);
            error = xasprintf(ovsdb_type_is_map(type)
                              ? "%s: map contains duplicate key"
                              : "%s: set contains duplicate value", s);
        }
    }

    if (error) {
        ovsdb_datum_destroy(datum, type);
    }
    return error;
}

static void
datum_to_text(const struct ovsdb_datum *datum, const struct ovsdb_type *type,
              struct ds *out, bool bare)
{
    bool is_map = ovsdb_type_is_map(type);
    bool brackets = !bare && (type->n_max > 1 || !datum->n);

    if (brackets) {
        ds_put_char(out, is_map ? '{' : '[');
    }
    for (unsigned int i = 0; i < datum->n; i++) {
        if (i > 0) {
            ds_put_cstr(out, bare ? " " : ", ");
        }
        atom_to_text(&datum->keys[i], type->key.type, out, bare);
        if (is_map) {
            ds_put_char(out, '=');
            atom_to_text(&datum->values[i], type->value.type, out, bare);
        }
    }
    if (brackets) {
        ds_put_char(out, is_map ? '}' : ']');
    }
}

/* Appends 'datum' to 'out' in ovs-vsctl syntax. */
void
ovsdb_datum_to_string(const struct ovsdb_datum *datum,
                      const struct ovsdb_type *type, struct ds *out)
{
    datum_to_text(datum, type, out, false);
}

/* Appends 'datum' to 'out' in bare form. */
void
ovsdb_datum_to_bare(const struct ovsdb_datum *datum,
                    const struct ovsdb_type *type, struct ds *out)
{
    datum_to_text(datum, type, out, true);
}

/* Comparisons. */

/* Returns a hash of 'datum'. */
uint32_t
ovsdb_datum_hash(const struct ovsdb_datum *datum,
                 const struct ovsdb_type *type, uint32_t basis)
{
    bool is_map = ovsdb_type_is_map(type);
    uint32_t hash = hash_int(datum->n, basis);

    for (unsigned int i = 0; i < datum->n; i++) {
        hash = ovsdb_atom_hash(&datum->keys[i], type->key.type, hash);
        if (is_map) {
            hash = ovsdb_atom_hash(&datum->values[i], type->value.type, hash);
        }
    }
    return hash;
}

static int
compare_atom_arrays(const union ovsdb_atom *a, const union ovsdb_atom *b,
                    unsigned int n, enum ovsdb_atomic_type type)
{
    for (unsigned int i = 0; i < n; i++) {
        int cmp = ovsdb_atom_compare_3way(&a[i], &b[i], type);
        if (cmp) {
            return cmp;
        }
    }
    return 0;
}

/* Compares 'a' and 'b': by size, then element by element. */
int
ovsdb_datum_compare_3way(const struct ovsdb_datum *a,
                         const struct ovsdb_datum *b,
                         const struct ovsdb_type *type)
{
    if (a->n != b->n) {
        return a->n < b->n ? -1 : 1;
    }

    int cmp = compare_atom_arrays(a->keys, b->keys, a->n, type->key.type);
    if (!cmp && ovsdb_type_is_map(type)) {
        cmp = compare_atom_arrays(a->values, b->values, a->n,
                                  type->value.type);
    }
    return cmp;
}

/* True if 'a' and 'b' hold the same elements. */
bool
ovsdb_datum_equals(const struct ovsdb_datum *a, const struct ovsdb_datum *b,
                   const struct ovsdb_type *type)
{
    return !ovsdb_datum_compare_3way(a, b, type);
}

/* Binary search for 'key'; see the header. */
bool
ovsdb_datum_find_key(const struct ovsdb_datum *datum,
                     const union ovsdb_atom *key,
                     enum ovsdb_atomic_type key_type, unsigned int *idxp)
{
    unsigned int low = 0;
    unsigned int high = datum->n;

    while (low < high) {
        unsigned int mid = low + (high - low) / 2;
        int cmp = ovsdb_atom_compare_3way(key, &datum->keys[mid], key_type);
        if (cmp < 0) {
            high = mid;
        } else if (cmp > 0) {
            low = mid + 1;
        } else {
            if (idxp) {
                *idxp = mid;
            }
            return true;
        }
    }
    if (idxp) {
        *idxp = low;
    }
    return false;
}

/* True if map 'datum' has 'key' with 'value'. */
bool
ovsdb_datum_find_key_value(const struct ovsdb_datum *datum,
                           const union ovsdb_atom *key,
                           enum ovsdb_atomic_type key_type,
                           const union ovsdb_atom *value,
                           enum ovsdb_atomic_type value_type,
                           unsigned int *idxp)
{
    unsigned int idx;

    if (!ovsdb_datum_find_key(datum, key, key_type, &idx)
        || (value_type != OVSDB_TYPE_VOID
            && !ovsdb_atom_equals(value, &datum->values[idx], value_type))) {
        return false;
    }
    if (idxp) {
        *idxp = idx;
    }
    return true;
}

/* True if element 'i' of 'a' is in 'b'. */
static bool
element_in(const struct ovsdb_datum *a, unsigned int i,
           const struct ovsdb_datum *b, const struct ovsdb_type *type)
{
    return ovsdb_datum_find_key_value(b, &a->keys[i], type->key.type,
                                      a->values ? &a->values[i] : NULL,
                                      (ovsdb_type_is_map(type)
                                       ? type->value.type
                                       : OVSDB_TYPE_VOID),
                                      NULL);
}

/* True if every element of 'a' is in 'b'. */
bool
ovsdb_datum_includes_all(const struct ovsdb_datum *a,
                         const struct ovsdb_datum *b,
                         const struct ovsdb_type *type)
{
    for (unsigned int i = 0; i < a->n; i++) {
        if (!element_in(a, i, b, type)) {
            return false;
        }
    }
    return true;
}

/* True if no element of 'a' is in 'b'. */
bool
ovsdb_datum_excludes_all(const struct ovsdb_datum *a,
                         const struct ovsdb_datum *b,
                         const struct ovsdb_type *type)
{
    for (unsigned int i = 0; i < a->n; i++) {
        if (element_in(a, i, b, type)) {
            return false;
        }
    }
    return true;
}

/* Set operations.  They merge sorted arrays into a new datum, so each is
 * linear in the sizes of the inputs. */

/* Adds the elements of 'b' missing from 'a' to 'a'. */
void
ovsdb_datum_union(struct ovsdb_datum *a, const struct ovsdb_datum *b,
                  const struct ovsdb_type *type, bool replace)
{
    bool is_map = ovsdb_type_is_map(type);
    struct ovsdb_datum result;
    unsigned int i = 0, j = 0;

    if (!b->n) {
        return;
    }

    ovsdb_datum_init_empty(&result);
    result.keys = xmalloc((a->n + b->n) * sizeof *result.keys);
    if (is_map) {
        result.values = xmalloc((a->n + b->n) * sizeof *result.values);
    }
    while (i < a->n || j < b->n) {
        int cmp = (i >= a->n ? 1
                   : j >= b->n ? -1
                   : ovsdb_atom_compare_3way(&a->keys[i], &b->keys[j],
                                             type->key.type));
        unsigned int k = result.n++;
        if (cmp < 0) {
            result.keys[k] = a->keys[i];
            if (is_map) {
                result.values[k] = a->values[i];
            }
            i++;
        } else if (cmp > 0) {
            ovsdb_atom_clone(&result.keys[k], &b->keys[j], type->key.type);
            if (is_map) {
                ovsdb_atom_clone(&result.values[k], &b->values[j],
                                 type->value.type);
            }
            j++;
        } else {
            result.keys[k] = a->keys[i];
            if (is_map && replace) {
                ovsdb_atom_destroy(&a->values[i], type->value.type);
                ovsdb_atom_clone(&result.values[k], &b->values[j],
                                 type->value.type);
            } else if (is_map) {
                result.values[k] = a->values[i];
            }
            i++;
            j++;
        }
    }

    /* The atoms of 'a' moved into 'result'; only the arrays remain. */
    free(a->keys);
    free(a->values);
    *a = result;
}

/* Removes from 'a' the elements that 'b' names. */
void
ovsdb_datum_subtract(struct ovsdb_datum *a, const struct ovsdb_type *a_type,
                     const struct ovsdb_datum *b,
                     const struct ovsdb_type *b_type)
{
    bool a_is_map = ovsdb_type_is_map(a_type);
    bool b_is_map = ovsdb_type_is_map(b_type);
    unsigned int n = 0;

    for (unsigned int i = 0; i < a->n; i++) {
        unsigned int j;
        bool remove = (ovsdb_datum_find_key(b, &a->keys[i], a_type->key.type,
                                            &j)
                       && (!b_is_map
                           || ovsdb_atom_equals(&a->values[i], &b->values[j],
                                                a_type->value.type)));
        if (remove) {
            ovsdb_atom_destroy(&a->keys[i], a_type->key.type);
            if (a_is_map) {
                ovsdb_atom_destroy(&a->values[i], a_type->value.type);
            }
        } else {
            a->keys[n] = a->keys[i];
            if (a_is_map) {
                a->values[n] = a->values[i];
            }
            n++;
        }
    }
    a->n = n;
}

/* Appends copies of 'key' and 'value' (for a map) to 'datum'. */
static void
append_clone(struct ovsdb_datum *datum, const union ovsdb_atom *key,
             const union ovsdb_atom *value, const struct ovsdb_type *type)
{
    bool is_map = ovsdb_type_is_map(type);
    union ovsdb_atom k, v;

    ovsdb_atom_clone(&k, key, type->key.type);
    if (is_map) {
        ovsdb_atom_clone(&v, value, type->value.type);
    }
    datum_append(datum, &k, &v, is_map);
}

/* Computes the difference that turns 'old' into 'new'. */
void
ovsdb_datum_diff(struct ovsdb_datum *diff, const struct ovsdb_datum *old,
                 const struct ovsdb_datum *new, const struct ovsdb_type *type)
{
    bool is_map = ovsdb_type_is_map(type);
    unsigned int i = 0, j = 0;

    ovsdb_datum_init_empty(diff);
    while (i < old->n || j < new->n) {
        int cmp = (i >= old->n ? 1
                   : j >= new->n ? -1
                   : ovsdb_atom_compare_3way(&old->keys[i], &new->keys[j],
                                             type->key.type));
        if (cmp < 0) {
            append_clone(diff, &old->keys[i], is_map ? &old->values[i] : NULL,
                         type);
            i++;
        } else if (cmp > 0) {
            append_clone(diff, &new->keys[j], is_map ? &new->values[j] : NULL,
                         type);
            j++;
        } else {
            if (is_map && !ovsdb_atom_equals(&old->values[i], &new->values[j],
                                             type->value.type)) {
                append_clone(diff, &new->keys[j], &new->values[j], type);
            }
            i++;
            j++;
        }
    }
}

/* Applies 'diff' to 'old', giving 'new'. */
struct ovsdb_error *
ovsdb_datum_apply_diff(struct ovsdb_datum *new, const struct ovsdb_datum *old,
                       const struct ovsdb_datum *diff,
                       const struct ovsdb_type *type)
{
    bool is_map = ovsdb_type_is_map(type);
    unsigned int i = 0, j = 0;

    ovsdb_datum_init_empty(new);
    while (i < old->n || j < diff->n) {
        int cmp = (i >= old->n ? 1
                   : j >= diff->n ? -1
                   : ovsdb_atom_compare_3way(&old->keys[i], &diff->keys[j],
                                             type->key.type));
        if (cmp < 0) {
            append_clone(new, &old->keys[i], is_map ? &old->values[i] : NULL,
                         type);
            i++;
        } else if (cmp > 0) {
            append_clone(new, &diff->keys[j],
                         is_map ? &diff->values[j] : NULL, type);
            j++;
        } else {
            if (is_map && !ovsdb_atom_equals(&old->values[i],
                                             &diff->values[j],
                                             type->value.type)) {
                append_clone(new, &diff->keys[j], &diff->values[j], type);
            }
            i++;
            j++;
        }
    }

    struct ovsdb_error *error = ovsdb_datum_check_size(new, type);
    if (error) {
        ovsdb_datum_destroy(new, type);
    }
    return error;
}

/* Appends copies of 'key' and 'value' to 'datum' without ordering. */
void
ovsdb_datum_add_unsafe(struct ovsdb_datum *datum, const union ovsdb_atom *key,
                       const union ovsdb_atom *value,
                       const struct ovsdb_type *type)
{
    append_clone(datum, key, value, type);
}

/* Inserts copies of 'key' and 'value' in order, unless 'key' is present. */
bool
ovsdb_datum_add(struct ovsdb_datum *datum, const union ovsdb_atom *key,
                const union ovsdb_atom *value, const struct ovsdb_type *type)
{
    bool is_map = ovsdb_type_is_map(type);
    unsigned int idx;

    if (ovsdb_datum_find_key(datum, key, type->key.type, &idx)) {
        return false;
    }

    unsigned int n = datum->n;
    datum->keys = xrealloc(datum->keys, (n + 1) * sizeof *datum->keys);
    memmove(&datum->keys[idx + 1], &datum->keys[idx],
            (n - idx) * sizeof *datum->keys);
    ovsdb_atom_clone(&datum->keys[idx], key, type->key.type);
    if (is_map) {
        datum->values = xrealloc(datum->values,
                                 (n + 1) * sizeof *datum->values);
        memmove(&datum->values[idx + 1], &datum->values[idx],
                (n - idx) * sizeof *datum->values);
        ovsdb_atom_clone(&datum->values[idx], value, type->value.type);
    }
    datum->n = n + 1;
    return true;
}

/* Removes element 'idx' of 'datum'. */
void
ovsdb_datum_remove(struct ovsdb_datum *datum, unsigned int idx,
                   const struct ovsdb_type *type)
{
    unsigned int n_after = datum->n - idx - 1;

    ovsdb_atom_destroy(&datum->keys[idx], type->key.type);
    memmove(&datum->keys[idx], &datum->keys[idx + 1],
            n_after * sizeof *datum->keys);
    if (ovsdb_type_is_map(type)) {
        ovsdb_atom_destroy(&datum->values[idx], type->value.type);
        memmove(&datum->values[idx], &datum->values[idx + 1],
                n_after * sizeof *datum->values);
    }
    datum->n--;
}

/* Sorting. */

struct sort_aux {
    const union ovsdb_atom *keys;
    enum ovsdb_atomic_type type;
};

static int
compare_indexes(const void *a_, const void *b_, void *aux_)
{
    const struct sort_aux *aux = aux_;
    unsigned int a = *(const unsigned int *) a_;
    unsigned int b = *(const unsigned int *) b_;
    int cmp = ovsdb_atom_compare_3way(&aux->keys[a], &aux->keys[b],
                                      aux->type);

    /* Ties go by position, which makes the sort stable. */
    return cmp ? cmp : a < b ? -1 : a > b;
}

static bool
is_sorted(const struct ovsdb_datum *datum, enum ovsdb_atomic_type type)
{
    for (unsigned int i = 1; i < datum->n; i++) {
        if (ovsdb_atom_compare_3way(&datum->keys[i - 1], &datum->keys[i],
                                    type) > 0) {
            return false;
        }
    }
    return true;
}

static void
permute_atoms(union ovsdb_atom **atoms, const unsigned int *order,
              unsigned int n)
{
    union ovsdb_atom *sorted = xmalloc(n * sizeof *sorted);
    for (unsigned int i = 0; i < n; i++) {
        sorted[i] = (*atoms)[order[i]];
    }
    free(*atoms);
    *atoms = sorted;
}

/* Sorts 'datum' by key, stably. */
static void
stable_sort(struct ovsdb_datum *datum, const struct ovsdb_type *type)
{
    unsigned int n = datum->n;

    if (n < 2 || is_sorted(datum, type->key.type)) {
        return;
    }

    unsigned int *order = xmalloc(n * sizeof *order);
    for (unsigned int i = 0; i < n; i++) {
        order[i] = i;
    }
    struct sort_aux aux = { datum->keys, type->key.type };
    qsort_r(order, n, sizeof *order, compare_indexes, &aux);

    permute_atoms(&datum->keys, order, n);
    if (ovsdb_type_is_map(type)) {
        permute_atoms(&datum->values, order, n);
    }
    free(order);
}

/* Sorts 'datum' and reports duplicate keys. */
struct ovsdb_error *
ovsdb_datum_sort(struct ovsdb_datum *datum, const struct ovsdb_type *type)
{
    stable_sort(datum, type);
    for (unsigned int i = 1; i < datum->n; i++) {
        if (ovsdb_atom_equals(&datum->keys[i - 1], &datum->keys[i],
                              type->key.type)) {
            return ovsdb_error(NULL, ovsdb_type_is_map(type)
                               ? "map contains duplicate key"
                               : "set contains duplicate");
        }
    }
    return NULL;
}

/* Sorts 'datum' and drops all but the first of each run of equal keys. */
void
ovsdb_datum_sort_unique(struct ovsdb_datum *datum,
                        const struct ovsdb_type *type)
{
    bool is_map = ovsdb_type_is_map(type);
    unsigned int n = 0;

    stable_sort(datum, type);
    for (unsigned int i = 0; i < datum->n; i++) {
        if (n && ovsdb_atom_equals(&datum->keys[n - 1], &datum->keys[i],
                                   type->key.type)) {
            ovsdb_atom_destroy(&datum->keys[i], type->key.type);
            if (is_map) {
                ovsdb_atom_destroy(&datum->values[i], type->value.type);
            }
        } else {
            datum->keys[n] = datum->keys[i];
            if (is_map) {
                datum->values[n] = datum->values[i];
            }
            n++;
        }
    }
    datum->n = n;
}

/* Checks every atom of 'datum' against its base type's constraints. */
struct ovsdb_error *
ovsdb_datum_check_constraints(const struct ovsdb_datum *datum,
                              const struct ovsdb_type *type)
{
    bool is_map = ovsdb_type_is_map(type);

    for (unsigned int i = 0; i < datum->n; i++) {
        struct ovsdb_error *error;

        error = ovsdb_atom_check_constraints(&datum->keys[i], &type->key);
        if (!error && is_map) {
            error = ovsdb_atom_check_constraints(&datum->values[i],
                                                 &type->value);
        }
        if (error) {
            return error;
        }
    }
    return NULL;
}

/* Checks the number of elements of 'datum' against 'type'. */
struct ovsdb_error *
ovsdb_datum_check_size(const struct ovsdb_datum *datum,
                       const struct ovsdb_type *type)
{
    if (datum->n >= type->n_min && datum->n <= type->n_max) {
        return NULL;
    }

    char *english = ovsdb_type_to_english(type);
    struct ovsdb_error *error;
    if (datum->n < type->n_min) {
        error = ovsdb_error(OVSDB_ERR_CONSTRAINT, "%u element(s) are fewer "
                            "than the minimum of %u for a %s", datum->n,
                            type->n_min, english);
    } else {
        error = ovsdb_error(OVSDB_ERR_CONSTRAINT, "%u element(s) are more "
                            "than the maximum of %u for a %s", datum->n,
                            type->n_max, english);
    }
    free(english);
    return error;
}

/* True if 'datum' is a well-formed value of 'type'. */
bool
ovsdb_datum_conforms_to_type(const struct ovsdb_datum *datum,
                             const struct ovsdb_type *type)
{
    if (datum->n < type->n_min || datum->n > type->n_max
        || (datum->n && !datum->keys)
        || (datum->n && ovsdb_type_is_map(type) != (datum->values != NULL))) {
        return false;
    }
    for (unsigned int i = 1; i < datum->n; i++) {
        if (ovsdb_atom_compare_3way(&datum->keys[i - 1], &datum->keys[i],
                                    type->key.type) >= 0) {
            return false;
        }
    }

    struct ovsdb_error *error = ovsdb_datum_check_constraints(datum, type);
    if (error) {
        ovsdb_error_destroy(error);
        return false;
    }
    return true;
}

/* Symbol tables. */

/* Returns a new, empty symbol table. */
struct ovsdb_symbol_table *
ovsdb_symbol_table_create(void)
{
    struct ovsdb_symbol_table *symtab = xmalloc(sizeof *symtab);
    hmap_init(&symtab->symbols);
    return symtab;
}

/* Frees 'symtab' and its symbols.  Accepts NULL. */
void
ovsdb_symbol_table_destroy(struct ovsdb_symbol_table *symtab)
{
    if (symtab) {
        struct ovsdb_symbol *symbol;
        HMAP_FOR_EACH_POP (symbol, hmap_node, &symtab->symbols) {
            free(symbol->name);
            free(symbol);
        }
        hmap_destroy(&symtab->symbols);
        free(symtab);
    }
}

/* Returns the symbol called 'name' or NULL. */
struct ovsdb_symbol *
ovsdb_symbol_table_get(const struct ovsdb_symbol_table *symtab,
                       const char *name)
{
    struct ovsdb_symbol *symbol;

    HMAP_FOR_EACH_WITH_HASH (symbol, hmap_node, hash_string(name, 0),
                             &symtab->symbols) {
        if (!strcmp(symbol->name, name)) {
            return symbol;
        }
    }
    return NULL;
}

/* Adds or updates symbol 'name' to stand for 'uuid'. */
struct ovsdb_symbol *
ovsdb_symbol_table_put(struct ovsdb_symbol_table *symtab, const char *name,
                       const struct uuid *uuid, bool created)
{
    struct ovsdb_symbol *symbol = ovsdb_symbol_table_get(symtab, name);

    if (!symbol) {
        symbol = xzalloc(sizeof *symbol);
        symbol->name = xstrdup(name);
        hmap_insert(&symtab->symbols, &symbol->hmap_node,
                    hash_string(name, 0));
    }
    symbol->uuid = *uuid;
    symbol->created = created;
    return symbol;
}

/* Returns symbol 'name', adding it with a random uuid if needed. */
struct ovsdb_symbol *
ovsdb_symbol_table_insert(struct ovsdb_symbol_table *symtab,
                          const char *name)
{
    struct ovsdb_symbol *symbol = ovsdb_symbol_table_get(symtab, name);

    if (!symbol) {
        struct uuid uuid;
        uuid_generate(&uuid);
        symbol = ovsdb_symbol_table_put(symtab, name, &uuid, false);
    }
    return symbol;
}

/* Returns the name of a symbol that no row created, or NULL. */
const char *
ovsdb_symbol_table_find_uncreated(const struct ovsdb_symbol_table *symtab)
{
    struct ovsdb_symbol *symbol;

    OVSDB_SYMBOL_TABLE_FOR_EACH (symbol, symtab) {
        if (!symbol->created) {
            return symbol->name;
        }
    }
    return NULL;
}

/* Returns the number of symbols in 'symtab'. */
size_t
ovsdb_symbol_table_count(const struct ovsdb_symbol_table *symtab)
{
    return hmap_count(&symtab->symbols);
}
