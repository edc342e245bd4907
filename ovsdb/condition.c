#include <config.h>
#include "condition.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "row.h"
#include "table.h"
#include "transaction.h"

static const struct {
    enum ovsdb_function function;
    const char *name;
} functions[] = {
    { OVSDB_F_FALSE, "false" },
    { OVSDB_F_TRUE, "true" },
    { OVSDB_F_EQ, "==" },
    { OVSDB_F_INCLUDES, "includes" },
    { OVSDB_F_LE, "<=" },
    { OVSDB_F_LT, "<" },
    { OVSDB_F_GE, ">=" },
    { OVSDB_F_GT, ">" },
    { OVSDB_F_EXCLUDES, "excludes" },
    { OVSDB_F_NE, "!=" },
};

/* Parses function 'name'.  The boolean pseudo-functions are not accepted
 * by name: a clause states them as a bare JSON boolean. */
struct ovsdb_error *
ovsdb_function_from_string(const char *name, enum ovsdb_function *function)
{
    for (size_t i = 0; i < ARRAY_SIZE(functions); i++) {
        if (functions[i].function != OVSDB_F_TRUE
            && functions[i].function != OVSDB_F_FALSE
            && !strcmp(name, functions[i].name)) {
            *function = functions[i].function;
            return NULL;
        }
    }
    return ovsdb_syntax_error(NULL, "unknown function",
                              "No function named %s.", name);
}

/* Returns the name of 'function'. */
const char *
ovsdb_function_to_string(enum ovsdb_function function)
{
    for (size_t i = 0; i < ARRAY_SIZE(functions); i++) {
        if (functions[i].function == function) {
            return functions[i].name;
        }
    }
    return "<unknown>";
}

static bool
is_ordering(enum ovsdb_function function)
{
    return (function == OVSDB_F_LT || function == OVSDB_F_LE
            || function == OVSDB_F_GT || function == OVSDB_F_GE);
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
clause_from_json(const struct ovsdb_table_schema *ts, const json_t *json,
                 struct ovsdb_symbol_table *symtab,
                 struct ovsdb_clause *clause)
{
    struct ovsdb_error *error;
    struct ovsdb_type type;

    ovsdb_datum_init_empty(&clause->arg);
    clause->column = NULL;
    if (json_is_boolean(json)) {
        clause->function = json_is_true(json) ? OVSDB_F_TRUE : OVSDB_F_FALSE;
        return NULL;
    }

    if (!json_is_array(json) || json_array_size(json) != 3
        || !json_is_string(json_array_get(json, 0))
        || !json_is_string(json_array_get(json, 1))) {
        return ovsdb_syntax_error(json, NULL, "Parse error in condition.");
    }

    const char *column_name = json_string_value(json_array_get(json, 0));
    const struct ovsdb_column *column = ovsdb_table_schema_find_column(
        ts, column_name);
    if (!column) {
        return ovsdb_syntax_error(json, OVSDB_ERR_UNKNOWN_COLUMN,
                                  "No column %s in table %s.",
                                  column_name, ts->name);
    }

    error = ovsdb_function_from_string(
        json_string_value(json_array_get(json, 1)), &clause->function);
    if (error) {
        return error;
    }

    /* Type check, and relax the value's size limits where the function
     * allows.  'type' is a shallow copy: it is only read. */
    type = column->type;
    if (is_ordering(clause->function)) {
        if (!(ovsdb_type_is_scalar(&type)
              || ovsdb_type_is_optional_scalar(&type))
            || (type.key.type != OVSDB_TYPE_INTEGER
                && type.key.type != OVSDB_TYPE_REAL)) {
            char *s = ovsdb_type_to_english(&type);
            error = ovsdb_syntax_error(
                json, NULL, "Type mismatch: \"%s\" operator may not be "
                "applied to column %s of type %s.",
                ovsdb_function_to_string(clause->function), column->name, s);
            free(s);
            return error;
        }
    } else if (clause->function == OVSDB_F_INCLUDES) {
        if (!ovsdb_type_is_scalar(&type)) {
            type.n_min = 0;
        }
    } else if (clause->function == OVSDB_F_EXCLUDES) {
        if (!ovsdb_type_is_scalar(&type)) {
            type.n_min = 0;
            type.n_max = UINT_MAX;
        }
    }

    error = ovsdb_datum_from_json(&clause->arg, &type,
                                  json_array_get(json, 2), symtab);
    if (error) {
        ovsdb_datum_init_empty(&clause->arg);
        return error;
    }
    clause->column = column;
    return NULL;
}

static void
clause_destroy(struct ovsdb_clause *clause)
{
    if (clause->column) {
        ovsdb_datum_destroy(&clause->arg, &clause->column->type);
    }
}

static int
compare_clauses_3way(const void *a_, const void *b_)
{
    const struct ovsdb_clause *a = a_;
    const struct ovsdb_clause *b = b_;

    if (a->function != b->function) {
        /* The functions are listed from most to least selective. */
        return a->function < b->function ? -1 : 1;
    } else if (!a->column || !b->column || a->column == b->column) {
        return 0;
    } else if (a->column->index < OVSDB_N_STD_COLUMNS
               || b->column->index < OVSDB_N_STD_COLUMNS) {
        /* "_uuid" first: it is answered by a hash lookup. */
        return a->column->index < b->column->index ? -1 : 1;
    } else {
        return strcmp(a->column->name, b->column->name);
    }
}

/* Initializes 'cnd' as empty (matching every row). */
void
ovsdb_condition_init(struct ovsdb_condition *cnd)
{
    cnd->clauses = NULL;
    cnd->n_clauses = 0;
}

/* Frees what 'cnd' owns and leaves it empty. */
void
ovsdb_condition_destroy(struct ovsdb_condition *cnd)
{
    for (size_t i = 0; i < cnd->n_clauses; i++) {
        clause_destroy(&cnd->clauses[i]);
    }
    free(cnd->clauses);
    ovsdb_condition_init(cnd);
}

/* Initializes 'dst' as a copy of 'src'. */
void
ovsdb_condition_clone(struct ovsdb_condition *dst,
                      const struct ovsdb_condition *src)
{
    dst->n_clauses = src->n_clauses;
    dst->clauses = xmalloc(MAX(src->n_clauses, 1) * sizeof *dst->clauses);
    for (size_t i = 0; i < src->n_clauses; i++) {
        const struct ovsdb_clause *s = &src->clauses[i];
        struct ovsdb_clause *d = &dst->clauses[i];

        d->function = s->function;
        d->column = s->column;
        if (s->column) {
            ovsdb_datum_clone(&d->arg, &s->arg, &s->column->type);
        } else {
            ovsdb_datum_init_empty(&d->arg);
        }
    }
}

/* Parses the JSON array of clauses 'json' on table 'ts' into 'cnd'. */
struct ovsdb_error *
ovsdb_condition_from_json(const struct ovsdb_table_schema *ts,
                          const json_t *json,
                          struct ovsdb_symbol_table *symtab,
                          struct ovsdb_condition *cnd)
{
    size_t n = json_is_array(json) ? json_array_size(json) : 0;

    ovsdb_condition_init(cnd);
    if (!json_is_array(json)) {
        return ovsdb_syntax_error(json, NULL, "Parse error in condition.");
    }

    cnd->clauses = xmalloc(MAX(n, 1) * sizeof *cnd->clauses);
    for (size_t i = 0; i < n; i++) {
        struct ovsdb_error *error = clause_from_json(
            ts, json_array_get(json, i), symtab, &cnd->clauses[i]);
        if (error) {
            ovsdb_condition_destroy(cnd);
            return error;
        }
        cnd->n_clauses++;
    }

    /* A real database would have a query planner here.  Sorting puts the
     * cheap, selective clauses first and makes equal conditions look
     * equal. */
    qsort(cnd->clauses, cnd->n_clauses, sizeof *cnd->clauses,
          compare_clauses_3way);
    return NULL;
}

static json_t *
clause_to_json(const struct ovsdb_clause *clause)
{
    if (clause->function == OVSDB_F_TRUE) {
        return json_true();
    } else if (clause->function == OVSDB_F_FALSE) {
        return json_false();
    }
    return json_pack("[s, s, o]", clause->column->name,
                     ovsdb_function_to_string(clause->function),
                     ovsdb_datum_to_json(&clause->arg,
                                         &clause->column->type));
}

/* Returns 'cnd' as a JSON array. */
json_t *
ovsdb_condition_to_json(const struct ovsdb_condition *cnd)
{
    json_t *array = json_array();

    for (size_t i = 0; i < cnd->n_clauses; i++) {
        json_array_append_new(array, clause_to_json(&cnd->clauses[i]));
    }
    return array;
}

static bool
clause_evaluate(const struct ovsdb_datum *fields,
                const struct ovsdb_clause *c)
{
    if (c->function == OVSDB_F_TRUE || c->function == OVSDB_F_FALSE) {
        return c->function == OVSDB_F_TRUE;
    }

    const struct ovsdb_datum *field = &fields[c->column->index];
    const struct ovsdb_datum *arg = &c->arg;
    const struct ovsdb_type *type = &c->column->type;
    int cmp;

    switch (c->function) {
    case OVSDB_F_EQ:
        return ovsdb_datum_equals(field, arg, type);
    case OVSDB_F_NE:
        return !ovsdb_datum_equals(field, arg, type);
    case OVSDB_F_INCLUDES:
        return ovsdb_datum_includes_all(arg, field, type);
    case OVSDB_F_EXCLUDES:
        return ovsdb_datum_excludes_all(arg, field, type);
    case OVSDB_F_LT:
    case OVSDB_F_LE:
    case OVSDB_F_GT:
    case OVSDB_F_GE:
        /* An empty optional value is not ordered against anything. */
        if (field->n != 1 || arg->n != 1) {
            return false;
        }
        cmp = ovsdb_atom_compare_3way(&field->keys[0], &arg->keys[0],
                                      type->key.type);
        return (c->function == OVSDB_F_LT ? cmp < 0
                : c->function == OVSDB_F_LE ? cmp <= 0
                : c->function == OVSDB_F_GT ? cmp > 0
                : cmp >= 0);
    case OVSDB_F_TRUE:
    case OVSDB_F_FALSE:
    default:
        break;
    }
    return false;
}

/* True if the datums 'fields' (indexed by column index) match 'cnd'. */
bool
ovsdb_condition_evaluate_datums(const struct ovsdb_datum *fields,
                                const struct ovsdb_condition *cnd)
{
    for (size_t i = 0; i < cnd->n_clauses; i++) {
        if (!clause_evaluate(fields, &cnd->clauses[i])) {
            return false;
        }
    }
    return true;
}

/* True if 'row' matches 'cnd'. */
bool
ovsdb_condition_evaluate(const struct ovsdb_row *row,
                         const struct ovsdb_condition *cnd)
{
    return ovsdb_condition_evaluate_datums(row->fields, cnd);
}

/* True if 'cnd' matches every row. */
bool
ovsdb_condition_is_true(const struct ovsdb_condition *cnd)
{
    for (size_t i = 0; i < cnd->n_clauses; i++) {
        if (cnd->clauses[i].function != OVSDB_F_TRUE) {
            return false;
        }
    }
    return true;
}

/* True if 'cnd' has a "false" clause. */
bool
ovsdb_condition_is_false(const struct ovsdb_condition *cnd)
{
    for (size_t i = 0; i < cnd->n_clauses; i++) {
        if (cnd->clauses[i].function == OVSDB_F_FALSE) {
            return true;
        }
    }
    return false;
}

/* Compares 'a' and 'b' clause by clause. */
int
ovsdb_condition_cmp_3way(const struct ovsdb_condition *a,
                         const struct ovsdb_condition *b)
{
    if (a->n_clauses != b->n_clauses) {
        return a->n_clauses < b->n_clauses ? -1 : 1;
    }
    for (size_t i = 0; i < a->n_clauses; i++) {
        const struct ovsdb_clause *ca = &a->clauses[i];
        const struct ovsdb_clause *cb = &b->clauses[i];
        long int ia = ca->column ? (long int) ca->column->index : -1;
        long int ib = cb->column ? (long int) cb->column->index : -1;

        if (ca->function != cb->function) {
            return ca->function < cb->function ? -1 : 1;
        } else if (ia != ib) {
            return ia < ib ? -1 : 1;
        } else if (ca->column) {
            int cmp = ovsdb_datum_compare_3way(&ca->arg, &cb->arg,
                                               &ca->column->type);
            if (cmp) {
                return cmp;
            }
        }
    }
    return 0;
}

/* Queries. */

static const struct ovsdb_clause *
find_eq_clause(const struct ovsdb_condition *cnd, unsigned int column_index)
{
    for (size_t i = 0; i < cnd->n_clauses; i++) {
        const struct ovsdb_clause *c = &cnd->clauses[i];
        if (c->function == OVSDB_F_EQ && c->column->index == column_index) {
            return c;
        }
    }
    return NULL;
}

static void
add_if_match(const struct ovsdb_row *row, const struct ovsdb_condition *cnd,
             struct ovsdb_row_set *rows)
{
    if (ovsdb_condition_evaluate(row, cnd)) {
        ovsdb_row_set_add_row(rows, row);
    }
}

/* Chooses how to answer a query for 'cnd' on 'table'; see condition.h. */
enum ovsdb_query_plan
ovsdb_query_plan(const struct ovsdb_table *table,
                 const struct ovsdb_condition *cnd, size_t *indexp)
{
    const struct ovsdb_table_schema *ts = table->schema;

    if (ovsdb_condition_is_false(cnd)) {
        return OVSDB_QUERY_NONE;
    } else if (find_eq_clause(cnd, OVSDB_COL_UUID)) {
        return OVSDB_QUERY_UUID;
    }

    for (size_t i = 0; i < ts->n_indexes; i++) {
        const struct ovsdb_column_set *index = &ts->indexes[i];
        size_t j;

        for (j = 0; j < index->n_columns; j++) {
            if (!find_eq_clause(cnd, index->columns[j]->index)) {
                break;
            }
        }
        if (j == index->n_columns) {
            if (indexp) {
                *indexp = i;
            }
            return OVSDB_QUERY_INDEX;
        }
    }
    return OVSDB_QUERY_SCAN;
}

static void
query_by_uuid(const struct ovsdb_table *table,
              const struct ovsdb_condition *cnd, struct ovsdb_row_set *rows)
{
    const struct ovsdb_clause *c = find_eq_clause(cnd, OVSDB_COL_UUID);
    const struct ovsdb_row *row = ovsdb_table_get_row(table,
                                                      &c->arg.keys[0].uuid);
    if (row) {
        add_if_match(row, cnd, rows);
    }
}

/* Answers the query through 'table''s index 'i', whose every column has an
 * "==" clause in 'cnd'. */
static void
query_by_index(const struct ovsdb_table *table,
               const struct ovsdb_condition *cnd, size_t i,
               struct ovsdb_row_set *rows)
{
    const struct ovsdb_column_set *index = &table->schema->indexes[i];
    struct ovsdb_row_set changed = OVSDB_ROW_SET_INITIALIZER;
    struct hmap_node *node;
    uint32_t hash = 0;

    for (size_t j = 0; j < index->n_columns; j++) {
        const struct ovsdb_column *column = index->columns[j];
        const struct ovsdb_clause *c = find_eq_clause(cnd, column->index);
        hash = ovsdb_datum_hash(&c->arg, &column->type, hash);
    }

    /* Committed rows that the open transaction has not touched come from
     * the index, the others from the transaction. */
    for (node = hmap_first_with_hash(&table->indexes[i], hash); node;
         node = hmap_next_with_hash(node)) {
        const struct ovsdb_row *row = ovsdb_row_from_index_node(node, table,
                                                                i);
        if (!row->txn_row) {
            add_if_match(row, cnd, rows);
        }
    }

    ovsdb_txn_table_get_changed_rows(table, &changed);
    for (size_t k = 0; k < changed.n_rows; k++) {
        add_if_match(changed.rows[k], cnd, rows);
    }
    ovsdb_row_set_destroy(&changed);
}

/* Appends to 'rows' each row of 'table' that matches 'cnd'. */
void
ovsdb_query(const struct ovsdb_table *table,
            const struct ovsdb_condition *cnd, struct ovsdb_row_set *rows)
{
    const struct ovsdb_row *row;
    size_t index = 0;

    switch (ovsdb_query_plan(table, cnd, &index)) {
    case OVSDB_QUERY_NONE:
        break;
    case OVSDB_QUERY_UUID:
        query_by_uuid(table, cnd, rows);
        break;
    case OVSDB_QUERY_INDEX:
        query_by_index(table, cnd, index, rows);
        break;
    case OVSDB_QUERY_SCAN:
    default:
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            add_if_match(row, cnd, rows);
        }
        break;
    }
}
