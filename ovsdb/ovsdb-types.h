/* ovsdb-types: the column types of RFC 7047 (section 3.2).
 *
 * Every OVSDB column has a type made of:
 *
 *   - a key base type and an optional value base type (a column with a
 *     value type is a map; otherwise it is a scalar or a set), and
 *   - n_min and n_max, the allowed number of elements: n_min is 0 or 1,
 *     n_max is at least 1 and at least n_min, or UINT_MAX for "unlimited".
 *
 * Shapes that follow from that:
 *
 *     n_min  n_max      no value type           value type
 *     1      1          scalar                  map of exactly one pair
 *     0      1          optional ("set of up    map of up to one pair
 *                       to 1 X"), prints bare
 *     0|1    >1         set                     map
 *
 * A base type is an atomic type (integer, real, boolean, string, uuid)
 * plus optional constraints on the values:
 *
 *   - 'enum_': the set of allowed values (a datum of the same atomic type,
 *     at least one element).  A base type with an enum has no other
 *     constraint (Open vSwitch refuses both at once).
 *   - integer: [min, max] (INT64_MIN, INT64_MAX when unconstrained).
 *   - real: [min, max] (-DBL_MAX, DBL_MAX when unconstrained).
 *   - string: [min_len, max_len] in Unicode characters, not bytes
 *     (0, UINT_MAX when unconstrained).
 *   - uuid: 'ref_table_name', the table that the uuid refers to (NULL for
 *     a plain uuid), 'ref_type' (strong or weak; meaningful only with a
 *     ref table), and 'ref_table', the resolved table schema, which
 *     ovsdb_schema_from_json() fills in (NULL otherwise).
 *
 * Constraints are checked on the data (ovsdb_atom_check_constraints() and
 * friends in ovsdb-data.h), except references, which the transaction layer
 * checks against the tables.
 *
 * Ownership: a base type owns its 'enum_' datum and its 'ref_table_name'
 * string; 'ref_table' is a borrowed pointer into the schema that resolved
 * it (a clone copies the pointer as is; ovsdb_schema_clone() re-resolves).
 * A type owns its two base types.  Types built with the
 * OVSDB_*_INITIALIZER macros or ovsdb_base_type_init() own nothing, so
 * destroying them is optional.
 *
 * JSON: ovsdb_type_from_json() accepts exactly RFC 7047's <type> and
 * <base-type> grammar, with Open vSwitch's strictness (unknown members and
 * constraints that do not fit the atomic type are errors), and returns
 * "syntax error"s with a clear message.  ovsdb_type_to_json() writes the
 * canonical form Open vSwitch writes: a bare atomic-type string when
 * possible, members only where they differ from the defaults.
 *
 * Thread-safety: types are plain values owned by one thread at a time; all
 * functions are reentrant.  The ovsdb_type_* constants are read-only. */
#ifndef OVSDB_TYPES_H
#define OVSDB_TYPES_H 1

#include <float.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include "osw/util.h"

struct ovsdb_datum;
struct ovsdb_error;
struct ovsdb_table_schema;

/* The atomic types.  OVSDB_TYPE_VOID is the "type" of the value of a set
 * or scalar; it never appears in JSON. */
enum ovsdb_atomic_type {
    OVSDB_TYPE_VOID,
    OVSDB_TYPE_INTEGER,         /* int64_t */
    OVSDB_TYPE_REAL,            /* double, always finite */
    OVSDB_TYPE_BOOLEAN,         /* bool */
    OVSDB_TYPE_STRING,          /* UTF-8 string without NUL bytes */
    OVSDB_TYPE_UUID,            /* struct uuid */
    OVSDB_N_TYPES
};

/* True for the five types of RFC 7047 (not VOID). */
static inline bool
ovsdb_atomic_type_is_valid(enum ovsdb_atomic_type type)
{
    return type > OVSDB_TYPE_VOID && type < OVSDB_N_TYPES;
}

/* Returns "void", "integer", "real", "boolean", "string" or "uuid". */
const char *ovsdb_atomic_type_to_string(enum ovsdb_atomic_type);
/* Parses one of the five RFC 7047 names (not "void").  Returns false and
 * leaves '*type' alone for any other string. */
bool ovsdb_atomic_type_from_string(const char *, enum ovsdb_atomic_type *);
/* Parses a JSON <atomic-type> string. */
struct ovsdb_error *ovsdb_atomic_type_from_json(enum ovsdb_atomic_type *,
                                                const json_t *)
    OSW_WARN_UNUSED_RESULT;
/* Returns a new JSON string for 'type'. */
json_t *ovsdb_atomic_type_to_json(enum ovsdb_atomic_type);

/* Reference strength of a uuid that names a row of another table.  A
 * strong reference keeps the row alive (deleting a row that is still
 * strongly referenced is a "referential integrity violation"); a weak
 * reference is removed from the referring column when the row goes. */
enum ovsdb_ref_type {
    OVSDB_REF_STRONG,
    OVSDB_REF_WEAK
};

struct ovsdb_base_type {
    enum ovsdb_atomic_type type;

    /* Allowed values, or NULL for any value.  Owned.  When present, it is a
     * datum of type ovsdb_base_type_get_enum_type(type) with at least one
     * element, and the constraints in the union are all unset. */
    struct ovsdb_datum *enum_;

    union {
        struct {
            int64_t min;        /* INT64_MIN if unconstrained. */
            int64_t max;        /* INT64_MAX if unconstrained. */
        } integer;

        struct {
            double min;         /* -DBL_MAX if unconstrained. */
            double max;         /* DBL_MAX if unconstrained. */
        } real;

        struct {
            unsigned int min_len;   /* 0 if unconstrained. */
            unsigned int max_len;   /* UINT_MAX if unconstrained. */
        } string;

        struct {
            char *ref_table_name;   /* Owned; NULL if not a reference. */
            enum ovsdb_ref_type ref_type;
            /* Borrowed; filled by the schema that resolves the name. */
            const struct ovsdb_table_schema *ref_table;
        } uuid;
    };
};

/* Initializers for a base type without constraints. */
#define OVSDB_BASE_VOID_INIT    { .type = OVSDB_TYPE_VOID }
#define OVSDB_BASE_INTEGER_INIT { .type = OVSDB_TYPE_INTEGER,          \
                                  .integer = { INT64_MIN, INT64_MAX } }
#define OVSDB_BASE_REAL_INIT    { .type = OVSDB_TYPE_REAL,             \
                                  .real = { -DBL_MAX, DBL_MAX } }
#define OVSDB_BASE_BOOLEAN_INIT { .type = OVSDB_TYPE_BOOLEAN }
#define OVSDB_BASE_STRING_INIT  { .type = OVSDB_TYPE_STRING,           \
                                  .string = { 0, UINT_MAX } }
#define OVSDB_BASE_UUID_INIT    { .type = OVSDB_TYPE_UUID,             \
                                  .uuid = { NULL, OVSDB_REF_STRONG, NULL } }

/* Initializes 'base' as 'type' without constraints. */
void ovsdb_base_type_init(struct ovsdb_base_type *base,
                          enum ovsdb_atomic_type type);
/* Initializes 'dst' as a deep copy of 'src' ('ref_table' is copied as a
 * pointer). */
void ovsdb_base_type_clone(struct ovsdb_base_type *dst,
                           const struct ovsdb_base_type *src);
/* Frees what 'base' owns.  'base' is then unconstrained and may be
 * reused or destroyed again. */
void ovsdb_base_type_destroy(struct ovsdb_base_type *base);

/* True if 'base' is a consistent base type: a valid atomic type (or
 * VOID), min <= max for its range constraints, a non-empty enum of the
 * right type with no other constraint, and a ref type only with a ref
 * table. */
bool ovsdb_base_type_is_valid(const struct ovsdb_base_type *base);
/* True if 'base' has any constraint (enum, range, length, ref table). */
bool ovsdb_base_type_has_constraints(const struct ovsdb_base_type *base);
/* Removes every constraint from 'base' (freeing the enum and ref table
 * name). */
void ovsdb_base_type_clear_constraints(struct ovsdb_base_type *base);
/* True if 'base' is a uuid that refers to a table, strongly or weakly. */
bool ovsdb_base_type_is_ref(const struct ovsdb_base_type *base);
bool ovsdb_base_type_is_strong_ref(const struct ovsdb_base_type *base);
bool ovsdb_base_type_is_weak_ref(const struct ovsdb_base_type *base);

/* Returns the type of the 'enum_' datum of a base type of 'type': a set of
 * 1 or more unconstrained values of 'type'.  Static; never freed. */
const struct ovsdb_type *ovsdb_base_type_get_enum_type(
    enum ovsdb_atomic_type type);

/* Parses a JSON <base-type> into 'base', which need not be initialized.
 * On error, 'base' is left unconstrained VOID (nothing to free). */
struct ovsdb_error *ovsdb_base_type_from_json(struct ovsdb_base_type *base,
                                              const json_t *json)
    OSW_WARN_UNUSED_RESULT;
/* Returns 'base' as JSON: the atomic-type string if it has no
 * constraints, otherwise an object.  The caller owns the reference. */
json_t *ovsdb_base_type_to_json(const struct ovsdb_base_type *base);

/* A complete column type. */
struct ovsdb_type {
    struct ovsdb_base_type key;
    struct ovsdb_base_type value;   /* OVSDB_TYPE_VOID if not a map. */
    unsigned int n_min;             /* 0 or 1. */
    unsigned int n_max;             /* >= 1; UINT_MAX means unlimited. */
};

/* Initializer for a scalar type with key 'KEY' (one of the
 * OVSDB_BASE_*_INIT initializers). */
#define OVSDB_TYPE_SCALAR_INITIALIZER(KEY) \
    { KEY, OVSDB_BASE_VOID_INIT, 1, 1 }

/* Read-only unconstrained scalar types. */
extern const struct ovsdb_type ovsdb_type_integer;
extern const struct ovsdb_type ovsdb_type_real;
extern const struct ovsdb_type ovsdb_type_boolean;
extern const struct ovsdb_type ovsdb_type_string;
extern const struct ovsdb_type ovsdb_type_uuid;

/* Initializes 'type' as a scalar of 'key' without constraints. */
void ovsdb_type_init_scalar(struct ovsdb_type *type,
                            enum ovsdb_atomic_type key);
/* Initializes 'dst' as a deep copy of 'src'. */
void ovsdb_type_clone(struct ovsdb_type *dst, const struct ovsdb_type *src);
/* Frees what 'type' owns. */
void ovsdb_type_destroy(struct ovsdb_type *type);

/* True if 'type' satisfies every rule of the header comment. */
bool ovsdb_type_is_valid(const struct ovsdb_type *type);
/* True if 'a' and 'b' are the same type, constraints included (ref tables
 * compare by name). */
bool ovsdb_type_equals(const struct ovsdb_type *a, const struct ovsdb_type *b);

/* Exactly one value, not a map. */
static inline bool
ovsdb_type_is_scalar(const struct ovsdb_type *type)
{
    return (type->value.type == OVSDB_TYPE_VOID
            && type->n_min == 1 && type->n_max == 1);
}

/* Zero or one value, not a map. */
static inline bool
ovsdb_type_is_optional_scalar(const struct ovsdb_type *type)
{
    return (type->value.type == OVSDB_TYPE_VOID
            && type->n_min == 0 && type->n_max == 1);
}

/* May be empty (n_min is 0), map or not. */
static inline bool
ovsdb_type_is_optional(const struct ovsdb_type *type)
{
    return type->n_min == 0;
}

/* May hold more than one element, map or not. */
static inline bool
ovsdb_type_is_composite(const struct ovsdb_type *type)
{
    return type->n_max > 1;
}

/* Not a map, and not a plain scalar: RFC 7047 writes its values as
 * <set> (optional scalars included). */
static inline bool
ovsdb_type_is_set(const struct ovsdb_type *type)
{
    return (type->value.type == OVSDB_TYPE_VOID
            && (type->n_min != 1 || type->n_max != 1));
}

/* Has a value type. */
static inline bool
ovsdb_type_is_map(const struct ovsdb_type *type)
{
    return type->value.type != OVSDB_TYPE_VOID;
}

/* Parses a JSON <type> into 'type', which need not be initialized.  On
 * error, 'type' owns nothing. */
struct ovsdb_error *ovsdb_type_from_json(struct ovsdb_type *type,
                                         const json_t *json)
    OSW_WARN_UNUSED_RESULT;
/* Returns 'type' in canonical JSON form (see the header comment).  The
 * caller owns the reference. */
json_t *ovsdb_type_to_json(const struct ovsdb_type *type);

/* Returns 'type' described in English, as Open vSwitch's tools print it in
 * messages: "string", "set of up to 4096 integers", "set of 1 or more
 * uuids", "map of (string, string) pairs", "map of exactly 1 (integer,
 * real) pairs".  Constraints are not described.  The caller frees the
 * string. */
char *ovsdb_type_to_english(const struct ovsdb_type *type);

#endif /* ovsdb-types.h */
