#include <config.h>
#include "mutation.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "row.h"
#include "table.h"

static const struct {
    enum ovsdb_mutator mutator;
    const char *name;
} mutators[] = {
    { OVSDB_M_ADD, "+=" },
    { OVSDB_M_SUB, "-=" },
    { OVSDB_M_MUL, "*=" },
    { OVSDB_M_DIV, "/=" },
    { OVSDB_M_MOD, "%=" },
    { OVSDB_M_INSERT, "insert" },
    { OVSDB_M_DELETE, "delete" },
};

/* Parses mutator 'name'. */
struct ovsdb_error *
ovsdb_mutator_from_string(const char *name, enum ovsdb_mutator *mutator)
{
    for (size_t i = 0; i < ARRAY_SIZE(mutators); i++) {
        if (!strcmp(name, mutators[i].name)) {
            *mutator = mutators[i].mutator;
            return NULL;
        }
    }
    return ovsdb_syntax_error(NULL, "unknown mutator",
                              "No mutator named %s.", name);
}

/* Returns the name of 'mutator'. */
const char *
ovsdb_mutator_to_string(enum ovsdb_mutator mutator)
{
    for (size_t i = 0; i < ARRAY_SIZE(mutators); i++) {
        if (mutators[i].mutator == mutator) {
            return mutators[i].name;
        }
    }
    return "<unknown>";
}

static bool
is_arithmetic(enum ovsdb_mutator mutator)
{
    return mutator <= OVSDB_M_MOD;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
type_mismatch(const struct ovsdb_mutation *m, const json_t *json)
{
    char *s = ovsdb_type_to_english(&m->column->type);
    struct ovsdb_error *error = ovsdb_syntax_error(
        json, NULL, "Type mismatch: \"%s\" operator may not be applied to "
        "column %s of type %s.", ovsdb_mutator_to_string(m->mutator),
        m->column->name, s);
    free(s);
    return error;
}

/* Parses the argument of 'm' (whose column and mutator are set) from
 * 'json', setting 'm->type' and 'm->arg'.  On error 'm->type' owns
 * nothing. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
mutation_arg_from_json(struct ovsdb_mutation *m, const json_t *json,
                       const json_t *value, struct ovsdb_symbol_table *symtab)
{
    const struct ovsdb_type *column_type = &m->column->type;
    struct ovsdb_error *error;

    if (is_arithmetic(m->mutator)) {
        if ((!ovsdb_type_is_scalar(column_type)
             && !ovsdb_type_is_set(column_type))
            || (column_type->key.type != OVSDB_TYPE_INTEGER
                && column_type->key.type != OVSDB_TYPE_REAL)
            || (m->mutator == OVSDB_M_MOD
                && column_type->key.type == OVSDB_TYPE_REAL)) {
            return type_mismatch(m, json);
        }
        /* One unconstrained number: the constraints apply to the
         * result. */
        ovsdb_type_init_scalar(&m->type, column_type->key.type);
        error = ovsdb_datum_from_json(&m->arg, &m->type, value, symtab);
    } else {
        if (!ovsdb_type_is_set(column_type)
            && !ovsdb_type_is_map(column_type)) {
            return type_mismatch(m, json);
        }
        ovsdb_type_clone(&m->type, column_type);
        m->type.n_min = 0;
        if (m->mutator == OVSDB_M_DELETE) {
            m->type.n_max = UINT_MAX;
        }
        error = ovsdb_datum_from_json(&m->arg, &m->type, value, symtab);
        if (error && ovsdb_type_is_map(&m->type)
            && m->mutator == OVSDB_M_DELETE) {
            /* Deleting from a map also accepts a set of keys. */
            ovsdb_error_destroy(error);
            ovsdb_base_type_destroy(&m->type.value);
            ovsdb_base_type_init(&m->type.value, OVSDB_TYPE_VOID);
            error = ovsdb_datum_from_json(&m->arg, &m->type, value, symtab);
        }
    }
    if (error) {
        ovsdb_type_destroy(&m->type);
    }
    return error;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
mutation_from_json(const struct ovsdb_table_schema *ts, const json_t *json,
                   struct ovsdb_symbol_table *symtab,
                   struct ovsdb_mutation *m)
{
    struct ovsdb_error *error;

    if (!json_is_array(json) || json_array_size(json) != 3
        || !json_is_string(json_array_get(json, 0))
        || !json_is_string(json_array_get(json, 1))) {
        return ovsdb_syntax_error(json, NULL, "Parse error in mutation.");
    }

    const char *column_name = json_string_value(json_array_get(json, 0));
    m->column = ovsdb_table_schema_find_column(ts, column_name);
    if (!m->column) {
        return ovsdb_syntax_error(json, OVSDB_ERR_UNKNOWN_COLUMN,
                                  "No column %s in table %s.",
                                  column_name, ts->name);
    } else if (!m->column->mutable) {
        return ovsdb_syntax_error(json, OVSDB_ERR_CONSTRAINT,
                                  "Cannot mutate immutable column %s in "
                                  "table %s.", column_name, ts->name);
    }

    error = ovsdb_mutator_from_string(
        json_string_value(json_array_get(json, 1)), &m->mutator);
    if (error) {
        return error;
    }
    return mutation_arg_from_json(m, json, json_array_get(json, 2), symtab);
}

static void
mutation_destroy(struct ovsdb_mutation *m)
{
    ovsdb_datum_destroy(&m->arg, &m->type);
    ovsdb_type_destroy(&m->type);
}

/* Parses the JSON array of mutations 'json' on table 'ts' into 'set'. */
struct ovsdb_error *
ovsdb_mutation_set_from_json(const struct ovsdb_table_schema *ts,
                             const json_t *json,
                             struct ovsdb_symbol_table *symtab,
                             struct ovsdb_mutation_set *set)
{
    size_t n = json_is_array(json) ? json_array_size(json) : 0;

    set->mutations = NULL;
    set->n_mutations = 0;
    if (!json_is_array(json)) {
        return ovsdb_syntax_error(json, NULL, "Parse error in mutation.");
    }

    set->mutations = xmalloc(MAX(n, 1) * sizeof *set->mutations);
    for (size_t i = 0; i < n; i++) {
        struct ovsdb_error *error = mutation_from_json(
            ts, json_array_get(json, i), symtab, &set->mutations[i]);
        if (error) {
            ovsdb_mutation_set_destroy(set);
            return error;
        }
        set->n_mutations++;
    }
    return NULL;
}

/* Returns 'set' as a JSON array. */
json_t *
ovsdb_mutation_set_to_json(const struct ovsdb_mutation_set *set)
{
    json_t *array = json_array();

    for (size_t i = 0; i < set->n_mutations; i++) {
        const struct ovsdb_mutation *m = &set->mutations[i];
        json_array_append_new(array, json_pack(
                                  "[s, s, o]", m->column->name,
                                  ovsdb_mutator_to_string(m->mutator),
                                  ovsdb_datum_to_json(&m->arg, &m->type)));
    }
    return array;
}

/* Frees what 'set' owns and leaves it empty. */
void
ovsdb_mutation_set_destroy(struct ovsdb_mutation_set *set)
{
    for (size_t i = 0; i < set->n_mutations; i++) {
        mutation_destroy(&set->mutations[i]);
    }
    free(set->mutations);
    set->mutations = NULL;
    set->n_mutations = 0;
}

/* Arithmetic. */

enum arith_result {
    ARITH_OK,
    ARITH_DOMAIN,               /* Division by zero. */
    ARITH_RANGE                 /* Overflow. */
};

static enum arith_result
mutate_integer(enum ovsdb_mutator mutator, int64_t *x, int64_t y)
{
    int64_t r;

    switch (mutator) {
    case OVSDB_M_ADD:
        if (__builtin_add_overflow(*x, y, &r)) {
            return ARITH_RANGE;
        }
        break;
    case OVSDB_M_SUB:
        if (__builtin_sub_overflow(*x, y, &r)) {
            return ARITH_RANGE;
        }
        break;
    case OVSDB_M_MUL:
        if (__builtin_mul_overflow(*x, y, &r)) {
            return ARITH_RANGE;
        }
        break;
    case OVSDB_M_DIV:
    case OVSDB_M_MOD:
        if (!y) {
            return ARITH_DOMAIN;
        } else if (*x == INT64_MIN && y == -1) {
            return ARITH_RANGE;
        }
        r = mutator == OVSDB_M_DIV ? *x / y : *x % y;
        break;
    case OVSDB_M_INSERT:
    case OVSDB_M_DELETE:
    default:
        return ARITH_DOMAIN;
    }
    *x = r;
    return ARITH_OK;
}

static enum arith_result
mutate_real(enum ovsdb_mutator mutator, double *x, double y)
{
    double r;

    switch (mutator) {
    case OVSDB_M_ADD:
        r = *x + y;
        break;
    case OVSDB_M_SUB:
        r = *x - y;
        break;
    case OVSDB_M_MUL:
        r = *x * y;
        break;
    case OVSDB_M_DIV:
        if (y == 0) {
            return ARITH_DOMAIN;
        }
        r = *x / y;
        break;
    case OVSDB_M_MOD:
    case OVSDB_M_INSERT:
    case OVSDB_M_DELETE:
    default:
        return ARITH_DOMAIN;
    }
    if (!(r >= -DBL_MAX && r <= DBL_MAX)) {
        return ARITH_RANGE;
    }
    *x = r;
    return ARITH_OK;
}

/* Applies arithmetic mutation 'm' to every element of 'dst', a copy of the
 * column's value. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
mutate_scalar(const struct ovsdb_mutation *m, struct ovsdb_datum *dst)
{
    const struct ovsdb_type *type = &m->column->type;
    const union ovsdb_atom *arg = &m->arg.keys[0];
    struct ovsdb_error *error;

    for (size_t i = 0; i < dst->n; i++) {
        enum arith_result result;

        result = (type->key.type == OVSDB_TYPE_INTEGER
                  ? mutate_integer(m->mutator, &dst->keys[i].integer,
                                   arg->integer)
                  : mutate_real(m->mutator, &dst->keys[i].real, arg->real));
        if (result == ARITH_DOMAIN) {
            return ovsdb_error(OVSDB_ERR_DOMAIN, "Division by zero.");
        } else if (result == ARITH_RANGE) {
            return ovsdb_error(OVSDB_ERR_RANGE,
                               "Result of \"%s\" operation is out of range.",
                               ovsdb_mutator_to_string(m->mutator));
        }
    }

    for (size_t i = 0; i < dst->n; i++) {
        error = ovsdb_atom_check_constraints(&dst->keys[i], &type->key);
        if (error) {
            return error;
        }
    }

    error = ovsdb_datum_sort(dst, type);
    if (error) {
        ovsdb_error_destroy(error);
        return ovsdb_error(OVSDB_ERR_CONSTRAINT,
                           "Result of \"%s\" operation contains duplicates.",
                           ovsdb_mutator_to_string(m->mutator));
    }
    return NULL;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
check_count(const struct ovsdb_datum *dst, const struct ovsdb_type *type)
{
    if (dst->n < type->n_min || dst->n > type->n_max) {
        char *s = ovsdb_type_to_english(type);
        struct ovsdb_error *error = ovsdb_error(
            OVSDB_ERR_CONSTRAINT, "Attempted to store %u elements in %s.",
            dst->n, s);
        free(s);
        return error;
    }
    return NULL;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
mutation_execute(struct ovsdb_row *row, const struct ovsdb_mutation *m)
{
    const struct ovsdb_type *type = &m->column->type;
    struct ovsdb_datum *field = &row->fields[m->column->index];
    struct ovsdb_error *error;
    struct ovsdb_datum copy;

    /* Work on a copy so that a failure leaves the row as it was. */
    ovsdb_datum_clone(&copy, field, type);
    switch (m->mutator) {
    case OVSDB_M_INSERT:
        ovsdb_datum_union(&copy, &m->arg, type, false);
        error = check_count(&copy, type);
        break;
    case OVSDB_M_DELETE:
        ovsdb_datum_subtract(&copy, type, &m->arg, &m->type);
        error = check_count(&copy, type);
        break;
    case OVSDB_M_ADD:
    case OVSDB_M_SUB:
    case OVSDB_M_MUL:
    case OVSDB_M_DIV:
    case OVSDB_M_MOD:
    default:
        error = mutate_scalar(m, &copy);
        break;
    }

    if (!error) {
        ovsdb_datum_swap(field, &copy);
    }
    ovsdb_datum_destroy(&copy, type);
    return error;
}

/* Applies 'set' to 'row'. */
struct ovsdb_error *
ovsdb_mutation_set_execute(struct ovsdb_row *row,
                           const struct ovsdb_mutation_set *set)
{
    for (size_t i = 0; i < set->n_mutations; i++) {
        struct ovsdb_error *error = mutation_execute(row,
                                                     &set->mutations[i]);
        if (error) {
            return error;
        }
    }
    return NULL;
}
