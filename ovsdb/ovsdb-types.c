/* ovsdb-types: the column types of RFC 7047 (section 3.2). */
#include <config.h>
#include "ovsdb-types.h"

#include <float.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"

const struct ovsdb_type ovsdb_type_integer =
    OVSDB_TYPE_SCALAR_INITIALIZER(OVSDB_BASE_INTEGER_INIT);
const struct ovsdb_type ovsdb_type_real =
    OVSDB_TYPE_SCALAR_INITIALIZER(OVSDB_BASE_REAL_INIT);
const struct ovsdb_type ovsdb_type_boolean =
    OVSDB_TYPE_SCALAR_INITIALIZER(OVSDB_BASE_BOOLEAN_INIT);
const struct ovsdb_type ovsdb_type_string =
    OVSDB_TYPE_SCALAR_INITIALIZER(OVSDB_BASE_STRING_INIT);
const struct ovsdb_type ovsdb_type_uuid =
    OVSDB_TYPE_SCALAR_INITIALIZER(OVSDB_BASE_UUID_INIT);

static const char *const atomic_type_names[OVSDB_N_TYPES] = {
    [OVSDB_TYPE_VOID] = "void",
    [OVSDB_TYPE_INTEGER] = "integer",
    [OVSDB_TYPE_REAL] = "real",
    [OVSDB_TYPE_BOOLEAN] = "boolean",
    [OVSDB_TYPE_STRING] = "string",
    [OVSDB_TYPE_UUID] = "uuid",
};

/* Returns the name of 'type' ("<invalid>" for an out-of-range value). */
const char *
ovsdb_atomic_type_to_string(enum ovsdb_atomic_type type)
{
    return (unsigned int) type < OVSDB_N_TYPES ? atomic_type_names[type]
                                               : "<invalid>";
}

/* Parses an RFC 7047 <atomic-type> name into '*type'. */
bool
ovsdb_atomic_type_from_string(const char *s, enum ovsdb_atomic_type *type)
{
    for (int i = OVSDB_TYPE_VOID + 1; i < OVSDB_N_TYPES; i++) {
        if (!strcmp(s, atomic_type_names[i])) {
            *type = i;
            return true;
        }
    }
    return false;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
atomic_type_from_json(enum ovsdb_atomic_type *type, const json_t *json,
                      const char *what)
{
    if (!json_is_string(json)) {
        return ovsdb_syntax_error(json, NULL, "%s: atomic-type must be a "
                                  "string, not %s", what,
                                  ovsdb_json_type_name(json));
    }
    if (!ovsdb_atomic_type_from_string(json_string_value(json), type)) {
        return ovsdb_syntax_error(json, NULL, "%s: \"%s\" is not an "
                                  "atomic-type (use \"integer\", \"real\", "
                                  "\"boolean\", \"string\" or \"uuid\")",
                                  what, json_string_value(json));
    }
    return NULL;
}

/* Parses JSON <atomic-type> 'json' into '*type'. */
struct ovsdb_error *
ovsdb_atomic_type_from_json(enum ovsdb_atomic_type *type, const json_t *json)
{
    return atomic_type_from_json(type, json, "atomic-type");
}

/* Returns a new JSON string naming 'type'. */
json_t *
ovsdb_atomic_type_to_json(enum ovsdb_atomic_type type)
{
    return json_string(ovsdb_atomic_type_to_string(type));
}

/* Base types. */

/* Initializes 'base' as an unconstrained 'type'. */
void
ovsdb_base_type_init(struct ovsdb_base_type *base, enum ovsdb_atomic_type type)
{
    memset(base, 0, sizeof *base);
    base->type = type;
    base->enum_ = NULL;

    switch (type) {
    case OVSDB_TYPE_INTEGER:
        base->integer.min = INT64_MIN;
        base->integer.max = INT64_MAX;
        break;
    case OVSDB_TYPE_REAL:
        base->real.min = -DBL_MAX;
        base->real.max = DBL_MAX;
        break;
    case OVSDB_TYPE_STRING:
        base->string.min_len = 0;
        base->string.max_len = UINT_MAX;
        break;
    case OVSDB_TYPE_UUID:
        base->uuid.ref_table_name = NULL;
        base->uuid.ref_type = OVSDB_REF_STRONG;
        base->uuid.ref_table = NULL;
        break;
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        break;
    }
}

/* Initializes 'dst' as a deep copy of 'src'. */
void
ovsdb_base_type_clone(struct ovsdb_base_type *dst,
                      const struct ovsdb_base_type *src)
{
    *dst = *src;
    if (src->enum_) {
        dst->enum_ = xmalloc(sizeof *dst->enum_);
        ovsdb_datum_clone(dst->enum_, src->enum_,
                          ovsdb_base_type_get_enum_type(src->type));
    }
    if (src->type == OVSDB_TYPE_UUID && src->uuid.ref_table_name) {
        dst->uuid.ref_table_name = xstrdup(src->uuid.ref_table_name);
    }
}

/* Frees what 'base' owns, leaving it an unconstrained base type of the same
 * atomic type. */
void
ovsdb_base_type_destroy(struct ovsdb_base_type *base)
{
    if (base->enum_) {
        ovsdb_datum_destroy(base->enum_,
                            ovsdb_base_type_get_enum_type(base->type));
        free(base->enum_);
        base->enum_ = NULL;
    }
    if (base->type == OVSDB_TYPE_UUID) {
        free(base->uuid.ref_table_name);
        base->uuid.ref_table_name = NULL;
    }
    ovsdb_base_type_init(base, base->type);
}

/* True if 'base' has no constraint other than its enum. */
static bool
base_type_has_range_constraints(const struct ovsdb_base_type *base)
{
    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        return (base->integer.min != INT64_MIN
                || base->integer.max != INT64_MAX);
    case OVSDB_TYPE_REAL:
        return base->real.min != -DBL_MAX || base->real.max != DBL_MAX;
    case OVSDB_TYPE_STRING:
        return base->string.min_len != 0 || base->string.max_len != UINT_MAX;
    case OVSDB_TYPE_UUID:
        return base->uuid.ref_table_name != NULL;
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        return false;
    }
}

/* True if 'base' is internally consistent. */
bool
ovsdb_base_type_is_valid(const struct ovsdb_base_type *base)
{
    if (base->type == OVSDB_TYPE_VOID) {
        return !base->enum_;
    } else if (!ovsdb_atomic_type_is_valid(base->type)) {
        return false;
    }

    if (base->enum_) {
        return (base->enum_->n > 0
                && !base_type_has_range_constraints(base)
                && ovsdb_datum_conforms_to_type(
                    base->enum_, ovsdb_base_type_get_enum_type(base->type)));
    }

    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        return base->integer.min <= base->integer.max;
    case OVSDB_TYPE_REAL:
        return base->real.min <= base->real.max;
    case OVSDB_TYPE_STRING:
        return base->string.min_len <= base->string.max_len;
    case OVSDB_TYPE_UUID:
        return (base->uuid.ref_table_name
                || base->uuid.ref_type == OVSDB_REF_STRONG);
    case OVSDB_TYPE_BOOLEAN:
        return true;
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        return false;
    }
}

/* True if 'base' restricts its values in any way. */
bool
ovsdb_base_type_has_constraints(const struct ovsdb_base_type *base)
{
    return base->enum_ || base_type_has_range_constraints(base);
}

/* Drops every constraint of 'base'. */
void
ovsdb_base_type_clear_constraints(struct ovsdb_base_type *base)
{
    ovsdb_base_type_destroy(base);
}

/* True if 'base' refers to rows of a table. */
bool
ovsdb_base_type_is_ref(const struct ovsdb_base_type *base)
{
    return base->type == OVSDB_TYPE_UUID && base->uuid.ref_table_name;
}

/* True if 'base' refers strongly to rows of a table. */
bool
ovsdb_base_type_is_strong_ref(const struct ovsdb_base_type *base)
{
    return (ovsdb_base_type_is_ref(base)
            && base->uuid.ref_type == OVSDB_REF_STRONG);
}

/* True if 'base' refers weakly to rows of a table. */
bool
ovsdb_base_type_is_weak_ref(const struct ovsdb_base_type *base)
{
    return (ovsdb_base_type_is_ref(base)
            && base->uuid.ref_type == OVSDB_REF_WEAK);
}

#define ENUM_TYPE(BASE) { BASE, OVSDB_BASE_VOID_INIT, 1, UINT_MAX }
static const struct ovsdb_type enum_types[OVSDB_N_TYPES] = {
    [OVSDB_TYPE_VOID] = ENUM_TYPE(OVSDB_BASE_VOID_INIT),
    [OVSDB_TYPE_INTEGER] = ENUM_TYPE(OVSDB_BASE_INTEGER_INIT),
    [OVSDB_TYPE_REAL] = ENUM_TYPE(OVSDB_BASE_REAL_INIT),
    [OVSDB_TYPE_BOOLEAN] = ENUM_TYPE(OVSDB_BASE_BOOLEAN_INIT),
    [OVSDB_TYPE_STRING] = ENUM_TYPE(OVSDB_BASE_STRING_INIT),
    [OVSDB_TYPE_UUID] = ENUM_TYPE(OVSDB_BASE_UUID_INIT),
};

/* Returns the static type of the enum of a base type of 'type'. */
const struct ovsdb_type *
ovsdb_base_type_get_enum_type(enum ovsdb_atomic_type type)
{
    return &enum_types[(unsigned int) type < OVSDB_N_TYPES
                       ? type : OVSDB_TYPE_VOID];
}

/* Every constraint member of a <base-type> object. */
static const char *const constraint_members[] = {
    "enum", "minInteger", "maxInteger", "minReal", "maxReal",
    "minLength", "maxLength", "refTable", "refType",
};

/* True if constraint member 'name' may appear in a <base-type> 'json' of
 * atomic type 'type'. */
static bool
constraint_applies(const char *name, enum ovsdb_atomic_type type,
                   const json_t *json)
{
    bool has_enum = json_object_get(json, "enum") != NULL;

    if (!strcmp(name, "enum")) {
        return true;
    } else if (has_enum) {
        return false;
    }

    switch (type) {
    case OVSDB_TYPE_INTEGER:
        return !strcmp(name, "minInteger") || !strcmp(name, "maxInteger");
    case OVSDB_TYPE_REAL:
        return !strcmp(name, "minReal") || !strcmp(name, "maxReal");
    case OVSDB_TYPE_STRING:
        return !strcmp(name, "minLength") || !strcmp(name, "maxLength");
    case OVSDB_TYPE_UUID:
        return (!strcmp(name, "refTable")
                || (!strcmp(name, "refType")
                    && json_object_get(json, "refTable")));
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        return false;
    }
}

/* Reports a constraint member that does not fit the atomic type, with a
 * more helpful message than "unknown member". */
static void
check_constraint_members(struct ovsdb_parser *parser,
                         enum ovsdb_atomic_type type)
{
    for (size_t i = 0; i < ARRAY_SIZE(constraint_members); i++) {
        const char *name = constraint_members[i];

        if (!json_object_get(parser->json, name)
            || constraint_applies(name, type, parser->json)) {
            continue;
        }
        if (json_object_get(parser->json, "enum")) {
            ovsdb_parser_raise_error(parser, "\"%s\" may not be combined "
                                     "with \"enum\"", name);
        } else if (!strcmp(name, "refType") && type == OVSDB_TYPE_UUID) {
            ovsdb_parser_raise_error(parser, "\"refType\" requires "
                                     "\"refTable\"");
        } else {
            ovsdb_parser_raise_error(parser, "\"%s\" does not apply to "
                                     "type \"%s\"", name,
                                     ovsdb_atomic_type_to_string(type));
        }
        return;
    }
}

static void
parse_integer_constraints(struct ovsdb_parser *parser,
                          struct ovsdb_base_type *base)
{
    const json_t *min = ovsdb_parser_member(parser, "minInteger",
                                            OVSDB_P_INTEGER
                                            | OVSDB_P_OPTIONAL);
    const json_t *max = ovsdb_parser_member(parser, "maxInteger",
                                            OVSDB_P_INTEGER
                                            | OVSDB_P_OPTIONAL);
    if (min) {
        base->integer.min = json_integer_value(min);
    }
    if (max) {
        base->integer.max = json_integer_value(max);
    }
    if (base->integer.min > base->integer.max) {
        ovsdb_parser_raise_error(parser, "minInteger (%"PRId64") exceeds "
                                 "maxInteger (%"PRId64")",
                                 base->integer.min, base->integer.max);
    }
}

static void
parse_real_constraints(struct ovsdb_parser *parser,
                       struct ovsdb_base_type *base)
{
    const json_t *min = ovsdb_parser_member(parser, "minReal",
                                            OVSDB_P_NUMBER
                                            | OVSDB_P_OPTIONAL);
    const json_t *max = ovsdb_parser_member(parser, "maxReal",
                                            OVSDB_P_NUMBER
                                            | OVSDB_P_OPTIONAL);
    if (min) {
        base->real.min = json_number_value(min);
    }
    if (max) {
        base->real.max = json_number_value(max);
    }
    if (base->real.min > base->real.max) {
        ovsdb_parser_raise_error(parser, "minReal (%.*g) exceeds maxReal "
                                 "(%.*g)", DBL_DIG, base->real.min,
                                 DBL_DIG, base->real.max);
    }
}

static void
parse_length(struct ovsdb_parser *parser, const char *name,
             unsigned int *length)
{
    const json_t *json = ovsdb_parser_member(parser, name,
                                             OVSDB_P_INTEGER
                                             | OVSDB_P_OPTIONAL);
    if (json) {
        json_int_t value = json_integer_value(json);
        if (value < 0 || value > UINT_MAX) {
            ovsdb_parser_raise_error(parser, "%s (%lld) is out of the valid "
                                     "range 0 to %u", name,
                                     (long long int) value, UINT_MAX);
        } else {
            *length = value;
        }
    }
}

static void
parse_string_constraints(struct ovsdb_parser *parser,
                         struct ovsdb_base_type *base)
{
    parse_length(parser, "minLength", &base->string.min_len);
    parse_length(parser, "maxLength", &base->string.max_len);
    if (!ovsdb_parser_has_error(parser)
        && base->string.min_len > base->string.max_len) {
        ovsdb_parser_raise_error(parser, "minLength (%u) exceeds maxLength "
                                 "(%u)", base->string.min_len,
                                 base->string.max_len);
    }
}

static void
parse_uuid_constraints(struct ovsdb_parser *parser,
                       struct ovsdb_base_type *base)
{
    const json_t *ref_table = ovsdb_parser_member(parser, "refTable",
                                                  OVSDB_P_ID
                                                  | OVSDB_P_OPTIONAL);
    if (!ref_table) {
        return;
    }
    base->uuid.ref_table_name = xstrdup(json_string_value(ref_table));

    const json_t *ref_type = ovsdb_parser_member(parser, "refType",
                                                 OVSDB_P_STRING
                                                 | OVSDB_P_OPTIONAL);
    if (ref_type) {
        const char *s = json_string_value(ref_type);
        if (!strcmp(s, "strong")) {
            base->uuid.ref_type = OVSDB_REF_STRONG;
        } else if (!strcmp(s, "weak")) {
            base->uuid.ref_type = OVSDB_REF_WEAK;
        } else {
            ovsdb_parser_raise_error(parser, "refType must be \"strong\" or "
                                     "\"weak\" (not \"%s\")", s);
        }
    }
}

static void
parse_enum(struct ovsdb_parser *parser, struct ovsdb_base_type *base,
           const json_t *enum_json)
{
    struct ovsdb_datum *enum_ = xmalloc(sizeof *enum_);
    const struct ovsdb_type *enum_type
        = ovsdb_base_type_get_enum_type(base->type);
    struct ovsdb_error *error = ovsdb_datum_from_json(enum_, enum_type,
                                                      enum_json, NULL);
    if (error) {
        free(enum_);
        const char *name = ovsdb_parser_get_name(parser);
        ovsdb_parser_put_error(parser,
                               ovsdb_wrap_error(error, "%s: enum", name));
    } else {
        base->enum_ = enum_;
    }
}

/* Parses <base-type> 'json' into 'base'; 'what' ("key", "value", "base
 * type") prefixes error messages. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
base_type_from_json(struct ovsdb_base_type *base, const json_t *json,
                    const char *what)
{
    enum ovsdb_atomic_type type;
    struct ovsdb_error *error;

    ovsdb_base_type_init(base, OVSDB_TYPE_VOID);
    if (json_is_string(json)) {
        error = atomic_type_from_json(&type, json, what);
        if (!error) {
            ovsdb_base_type_init(base, type);
        }
        return error;
    } else if (!json_is_object(json)) {
        return ovsdb_syntax_error(json, NULL, "%s: <base-type> must be a "
                                  "string or an object, not %s", what,
                                  ovsdb_json_type_name(json));
    }

    struct ovsdb_parser parser;
    ovsdb_parser_init(&parser, json, "%s", what);
    const json_t *type_json = ovsdb_parser_member(&parser, "type",
                                                  OVSDB_P_STRING);
    if (type_json) {
        error = atomic_type_from_json(&type, type_json, what);
        if (error) {
            ovsdb_parser_put_error(&parser, error);
        } else {
            ovsdb_base_type_init(base, type);
            check_constraint_members(&parser, type);
        }
    }

    const json_t *enum_json = ovsdb_parser_member(&parser, "enum",
                                                  OVSDB_P_ANY
                                                  | OVSDB_P_OPTIONAL);
    if (ovsdb_parser_has_error(&parser)) {
        /* Nothing more to parse. */
    } else if (enum_json) {
        parse_enum(&parser, base, enum_json);
    } else if (base->type == OVSDB_TYPE_INTEGER) {
        parse_integer_constraints(&parser, base);
    } else if (base->type == OVSDB_TYPE_REAL) {
        parse_real_constraints(&parser, base);
    } else if (base->type == OVSDB_TYPE_STRING) {
        parse_string_constraints(&parser, base);
    } else if (base->type == OVSDB_TYPE_UUID) {
        parse_uuid_constraints(&parser, base);
    }

    error = ovsdb_parser_finish(&parser);
    if (error) {
        ovsdb_base_type_destroy(base);
        ovsdb_base_type_init(base, OVSDB_TYPE_VOID);
    }
    return error;
}

/* Parses JSON <base-type> 'json' into 'base'. */
struct ovsdb_error *
ovsdb_base_type_from_json(struct ovsdb_base_type *base, const json_t *json)
{
    return base_type_from_json(base, json, "base type");
}

/* Returns 'base' as JSON, in canonical form. */
json_t *
ovsdb_base_type_to_json(const struct ovsdb_base_type *base)
{
    if (!ovsdb_base_type_has_constraints(base)) {
        return ovsdb_atomic_type_to_json(base->type);
    }

    json_t *json = json_object();
    json_object_set_new(json, "type", ovsdb_atomic_type_to_json(base->type));
    if (base->enum_) {
        json_object_set_new(json, "enum", ovsdb_datum_to_json(
                                base->enum_,
                                ovsdb_base_type_get_enum_type(base->type)));
    }

    switch (base->type) {
    case OVSDB_TYPE_INTEGER:
        if (base->integer.min != INT64_MIN) {
            json_object_set_new(json, "minInteger",
                                json_integer(base->integer.min));
        }
        if (base->integer.max != INT64_MAX) {
            json_object_set_new(json, "maxInteger",
                                json_integer(base->integer.max));
        }
        break;

    case OVSDB_TYPE_REAL:
        if (base->real.min != -DBL_MAX) {
            json_object_set_new(json, "minReal", json_real(base->real.min));
        }
        if (base->real.max != DBL_MAX) {
            json_object_set_new(json, "maxReal", json_real(base->real.max));
        }
        break;

    case OVSDB_TYPE_STRING:
        if (base->string.min_len != 0) {
            json_object_set_new(json, "minLength",
                                json_integer(base->string.min_len));
        }
        if (base->string.max_len != UINT_MAX) {
            json_object_set_new(json, "maxLength",
                                json_integer(base->string.max_len));
        }
        break;

    case OVSDB_TYPE_UUID:
        if (base->uuid.ref_table_name) {
            json_object_set_new(json, "refTable",
                                json_string(base->uuid.ref_table_name));
            if (base->uuid.ref_type == OVSDB_REF_WEAK) {
                json_object_set_new(json, "refType", json_string("weak"));
            }
        }
        break;

    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        break;
    }
    return json;
}

static bool
base_type_equals(const struct ovsdb_base_type *a,
                 const struct ovsdb_base_type *b)
{
    if (a->type != b->type || !a->enum_ != !b->enum_) {
        return false;
    }
    if (a->enum_ && !ovsdb_datum_equals(a->enum_, b->enum_,
                                        ovsdb_base_type_get_enum_type(
                                            a->type))) {
        return false;
    }

    switch (a->type) {
    case OVSDB_TYPE_INTEGER:
        return (a->integer.min == b->integer.min
                && a->integer.max == b->integer.max);
    case OVSDB_TYPE_REAL:
        return a->real.min == b->real.min && a->real.max == b->real.max;
    case OVSDB_TYPE_STRING:
        return (a->string.min_len == b->string.min_len
                && a->string.max_len == b->string.max_len);
    case OVSDB_TYPE_UUID:
        if (!a->uuid.ref_table_name || !b->uuid.ref_table_name) {
            return !a->uuid.ref_table_name && !b->uuid.ref_table_name;
        }
        return (!strcmp(a->uuid.ref_table_name, b->uuid.ref_table_name)
                && a->uuid.ref_type == b->uuid.ref_type);
    case OVSDB_TYPE_VOID:
    case OVSDB_TYPE_BOOLEAN:
    case OVSDB_N_TYPES:
    default:
        return true;
    }
}

/* Types. */

/* Initializes 'type' as an unconstrained scalar of 'key'. */
void
ovsdb_type_init_scalar(struct ovsdb_type *type, enum ovsdb_atomic_type key)
{
    ovsdb_base_type_init(&type->key, key);
    ovsdb_base_type_init(&type->value, OVSDB_TYPE_VOID);
    type->n_min = 1;
    type->n_max = 1;
}

/* Initializes 'dst' as a deep copy of 'src'. */
void
ovsdb_type_clone(struct ovsdb_type *dst, const struct ovsdb_type *src)
{
    ovsdb_base_type_clone(&dst->key, &src->key);
    ovsdb_base_type_clone(&dst->value, &src->value);
    dst->n_min = src->n_min;
    dst->n_max = src->n_max;
}

/* Frees what 'type' owns. */
void
ovsdb_type_destroy(struct ovsdb_type *type)
{
    ovsdb_base_type_destroy(&type->key);
    ovsdb_base_type_destroy(&type->value);
}

/* True if 'type' is a consistent type. */
bool
ovsdb_type_is_valid(const struct ovsdb_type *type)
{
    return (type->key.type != OVSDB_TYPE_VOID
            && ovsdb_base_type_is_valid(&type->key)
            && ovsdb_base_type_is_valid(&type->value)
            && type->n_min <= 1
            && type->n_max >= 1
            && type->n_min <= type->n_max);
}

/* True if 'a' and 'b' are the same type, constraints included. */
bool
ovsdb_type_equals(const struct ovsdb_type *a, const struct ovsdb_type *b)
{
    return (a->n_min == b->n_min && a->n_max == b->n_max
            && base_type_equals(&a->key, &b->key)
            && base_type_equals(&a->value, &b->value));
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
parse_n_min(const json_t *json, unsigned int *n_min)
{
    json_int_t value = json_integer_value(json);
    if (value != 0 && value != 1) {
        return ovsdb_syntax_error(json, NULL, "type: min must be 0 or 1 "
                                  "(not %lld)", (long long int) value);
    }
    *n_min = value;
    return NULL;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
parse_n_max(const json_t *json, unsigned int *n_max)
{
    if (json_is_string(json)) {
        if (strcmp(json_string_value(json), "unlimited")) {
            return ovsdb_syntax_error(json, NULL, "type: max must be a "
                                      "positive integer or \"unlimited\" "
                                      "(not \"%s\")",
                                      json_string_value(json));
        }
        *n_max = UINT_MAX;
    } else {
        json_int_t value = json_integer_value(json);
        if (value < 1 || value >= UINT_MAX) {
            return ovsdb_syntax_error(json, NULL, "type: max must be "
                                      "between 1 and %u or \"unlimited\" "
                                      "(not %lld)", UINT_MAX - 1,
                                      (long long int) value);
        }
        *n_max = value;
    }
    return NULL;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
type_from_json_object(struct ovsdb_type *type, const json_t *json)
{
    struct ovsdb_parser parser;
    struct ovsdb_error *error;

    ovsdb_parser_init(&parser, json, "type");
    const json_t *key = ovsdb_parser_member(&parser, "key",
                                            OVSDB_P_STRING | OVSDB_P_OBJECT);
    const json_t *value = ovsdb_parser_member(&parser, "value",
                                              OVSDB_P_STRING | OVSDB_P_OBJECT
                                              | OVSDB_P_OPTIONAL);
    const json_t *min = ovsdb_parser_member(&parser, "min",
                                            OVSDB_P_INTEGER
                                            | OVSDB_P_OPTIONAL);
    const json_t *max = ovsdb_parser_member(&parser, "max",
                                            OVSDB_P_INTEGER | OVSDB_P_STRING
                                            | OVSDB_P_OPTIONAL);
    error = ovsdb_parser_finish(&parser);
    if (error) {
        return error;
    }

    error = (min ? parse_n_min(min, &type->n_min) : NULL);
    if (!error && max) {
        error = parse_n_max(max, &type->n_max);
    }
    if (!error) {
        error = base_type_from_json(&type->key, key, "key");
    }
    if (!error && value) {
        error = base_type_from_json(&type->value, value, "value");
        if (error) {
            ovsdb_base_type_destroy(&type->key);
        }
    }
    return error;
}

/* Parses JSON <type> 'json' into 'type'. */
struct ovsdb_error *
ovsdb_type_from_json(struct ovsdb_type *type, const json_t *json)
{
    struct ovsdb_error *error;

    ovsdb_base_type_init(&type->key, OVSDB_TYPE_VOID);
    ovsdb_base_type_init(&type->value, OVSDB_TYPE_VOID);
    type->n_min = 1;
    type->n_max = 1;

    if (json_is_string(json)) {
        return base_type_from_json(&type->key, json, "type");
    } else if (!json_is_object(json)) {
        return ovsdb_syntax_error(json, NULL, "<type> must be a string or "
                                  "an object, not %s",
                                  ovsdb_json_type_name(json));
    }

    error = type_from_json_object(type, json);
    if (!error && !ovsdb_type_is_valid(type)) {
        /* Every rule is checked above, so this should not happen. */
        ovsdb_type_destroy(type);
        error = ovsdb_syntax_error(json, NULL, "ovsdb type fails "
                                   "constraint checks");
    }
    if (error) {
        ovsdb_base_type_init(&type->key, OVSDB_TYPE_VOID);
        ovsdb_base_type_init(&type->value, OVSDB_TYPE_VOID);
        type->n_min = type->n_max = 1;
    }
    return error;
}

/* Returns 'type' as canonical JSON. */
json_t *
ovsdb_type_to_json(const struct ovsdb_type *type)
{
    if (ovsdb_type_is_scalar(type)
        && !ovsdb_base_type_has_constraints(&type->key)) {
        return ovsdb_base_type_to_json(&type->key);
    }

    json_t *json = json_object();
    json_object_set_new(json, "key", ovsdb_base_type_to_json(&type->key));
    if (type->value.type != OVSDB_TYPE_VOID) {
        json_object_set_new(json, "value",
                            ovsdb_base_type_to_json(&type->value));
    }
    if (type->n_min != 1) {
        json_object_set_new(json, "min", json_integer(type->n_min));
    }
    if (type->n_max == UINT_MAX) {
        json_object_set_new(json, "max", json_string("unlimited"));
    } else if (type->n_max != 1) {
        json_object_set_new(json, "max", json_integer(type->n_max));
    }
    return json;
}

/* Describes 'type' in English; the caller frees the string. */
char *
ovsdb_type_to_english(const struct ovsdb_type *type)
{
    const char *key = ovsdb_atomic_type_to_string(type->key.type);
    const char *value = ovsdb_atomic_type_to_string(type->value.type);

    if (ovsdb_type_is_scalar(type)) {
        return xstrdup(key);
    }

    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&s, ovsdb_type_is_map(type) ? "map" : "set");
    if (type->n_max == UINT_MAX) {
        if (type->n_min) {
            ds_put_format(&s, " of %u or more", type->n_min);
        } else {
            ds_put_cstr(&s, " of");
        }
    } else if (type->n_min) {
        if (type->n_min != type->n_max) {
            ds_put_format(&s, " of %u to %u", type->n_min, type->n_max);
        } else {
            ds_put_format(&s, " of exactly %u", type->n_max);
        }
    } else {
        ds_put_format(&s, " of up to %u", type->n_max);
    }

    if (ovsdb_type_is_map(type)) {
        ds_put_format(&s, " (%s, %s) pairs", key, value);
    } else {
        ds_put_format(&s, " %ss", key);
    }
    return ds_steal_cstr(&s);
}
