#include <config.h>
#include "execution.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "condition.h"
#include "mutation.h"
#include "osw/uuid.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "row.h"
#include "table.h"
#include "transaction.h"

/* The state of one ovsdb_execute() call. */
struct exec_ctx {
    struct ovsdb *db;
    const struct ovsdb_lock_checker *locks;
    struct ovsdb_txn *txn;
    struct ovsdb_symbol_table *symtab;
    long long int elapsed_msec;
    long long int timeout_msec;     /* Earliest "wait" timeout seen. */
};

/* An operation: parses its members from 'parser', runs, and fills in
 * 'result'.  Parse problems are left in 'parser' (they take precedence
 * over the returned error); other failures are returned. */
typedef struct ovsdb_error *op_executor(struct exec_ctx *,
                                        struct ovsdb_parser *,
                                        json_t *result);

static op_executor execute_insert;
static op_executor execute_select;
static op_executor execute_update;
static op_executor execute_mutate;
static op_executor execute_delete;
static op_executor execute_wait;
static op_executor execute_commit;
static op_executor execute_abort;
static op_executor execute_comment;
static op_executor execute_assert;

static op_executor *
lookup_executor(const char *name, bool *read_only)
{
    static const struct {
        const char *name;
        bool read_only;
        op_executor *executor;
    } ops[] = {
        { "insert", false, execute_insert },
        { "select", true, execute_select },
        { "update", false, execute_update },
        { "mutate", false, execute_mutate },
        { "delete", false, execute_delete },
        { "wait", true, execute_wait },
        { "commit", false, execute_commit },
        { "abort", true, execute_abort },
        { "comment", true, execute_comment },
        { "assert", true, execute_assert },
    };

    for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
        if (!strcmp(ops[i].name, name)) {
            *read_only = ops[i].read_only;
            return ops[i].executor;
        }
    }
    return NULL;
}

/* Returns an error if a name was used in a reference column but no
 * "insert" defined it. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
check_symbols(const struct ovsdb_symbol_table *symtab)
{
    const struct ovsdb_symbol *symbol;

    OVSDB_SYMBOL_TABLE_FOR_EACH (symbol, symtab) {
        if (!symbol->created && (symbol->strong_ref || symbol->weak_ref)) {
            return ovsdb_error(OVSDB_ERR_REFERENTIAL,
                               "named-uuid \"%s\" is used but no \"insert\" "
                               "operation in this transaction has "
                               "\"uuid-name\": \"%s\".",
                               symbol->name, symbol->name);
        }
    }
    return NULL;
}

/* Runs operation number 'i' (0-based) of 'n', 'op', and returns its result
 * or error object.  '*failed' is set when it is an error; '*retry' when
 * that error asks for the transaction to be run again later. */
static json_t *
execute_one(struct exec_ctx *x, const json_t *op, size_t i, size_t n,
            bool read_only, bool can_retry, bool *failed, bool *retry)
{
    struct ovsdb_parser parser;
    struct ovsdb_error *error = NULL;
    struct ovsdb_error *parse_error;
    const char *op_name = NULL;
    const json_t *op_json;
    json_t *result = json_object();
    bool ro = false;

    ovsdb_parser_init_indexed(&parser, op, "ovsdb operation", i + 1, n);
    op_json = ovsdb_parser_member(&parser, "op", OVSDB_P_ID);
    if (op_json) {
        op_executor *executor;

        op_name = json_string_value(op_json);
        executor = lookup_executor(op_name, &ro);
        if (executor) {
            error = executor(x, &parser, result);
        } else {
            ovsdb_parser_raise_error(&parser, "No operation \"%s\"", op_name);
        }
    }

    /* A parse error beats any other error, which beats the result. */
    parse_error = ovsdb_parser_finish(&parser);
    if (parse_error) {
        ovsdb_error_destroy(error);
        error = parse_error;
    }
    if (!error && !ro) {
        if (read_only) {
            error = ovsdb_error("not allowed", "%s operation not allowed when "
                                "database server is in read only mode",
                                op_name);
        } else if (x->db->schema->name[0] == '_') {
            error = ovsdb_error("not allowed", "%s operation not allowed on "
                                "table in reserved database %s",
                                op_name, x->db->schema->name);
        }
    }

    *failed = error != NULL;
    *retry = false;
    if (error) {
        json_decref(result);
        *retry = (can_retry && !strcmp(ovsdb_error_get_tag(error),
                                       OVSDB_ERR_NOT_SUPPORTED));
        return ovsdb_error_to_json_free(error);
    }
    return result;
}

/* Executes 'ops' on 'db'; see execution.h. */
enum ovsdb_exec_status
ovsdb_execute(struct ovsdb *db, const struct ovsdb_lock_checker *locks,
              const json_t *ops, bool read_only, long long int elapsed_msec,
              long long int *timeout_msec, json_t **resultp)
{
    struct exec_ctx x;
    bool failed = false;
    json_t *results;
    size_t n;

    if (!json_is_array(ops)) {
        *resultp = ovsdb_error_to_json_free(
            ovsdb_syntax_error(ops, NULL, "array expected"));
        return OVSDB_EXEC_DONE;
    }

    x.db = db;
    x.locks = locks;
    x.txn = ovsdb_txn_create(db);
    x.symtab = ovsdb_symbol_table_create();
    x.elapsed_msec = elapsed_msec;
    x.timeout_msec = LLONG_MAX;

    results = json_array();
    n = json_array_size(ops);
    for (size_t i = 0; i < n && !failed; i++) {
        bool retry;
        json_t *result = execute_one(&x, json_array_get(ops, i), i, n,
                                     read_only, timeout_msec != NULL,
                                     &failed, &retry);
        if (retry) {
            json_decref(result);
            json_decref(results);
            ovsdb_txn_abort(x.txn);
            ovsdb_symbol_table_destroy(x.symtab);
            *timeout_msec = x.timeout_msec;
            *resultp = NULL;
            return OVSDB_EXEC_RETRY;
        }
        json_array_append_new(results, result);
    }
    while (json_array_size(results) < n) {
        json_array_append_new(results, json_null());
    }

    if (failed) {
        ovsdb_txn_abort(x.txn);
    } else {
        /* All operations succeeded: the transaction as a whole may still
         * fail, reported as an extra element. */
        struct ovsdb_error *error = check_symbols(x.symtab);
        if (error) {
            ovsdb_txn_abort(x.txn);
        } else {
            error = ovsdb_txn_commit(x.txn);
        }
        if (error) {
            json_array_append_new(results, ovsdb_error_to_json_free(error));
        }
    }
    ovsdb_symbol_table_destroy(x.symtab);
    *resultp = results;
    return OVSDB_EXEC_DONE;
}

/* Operations. */

static struct ovsdb_table *
parse_table(struct exec_ctx *x, struct ovsdb_parser *parser)
{
    const json_t *json = ovsdb_parser_member(parser, "table", OVSDB_P_ID);
    struct ovsdb_table *table;

    if (!json) {
        return NULL;
    }
    table = ovsdb_get_table(x->db, json_string_value(json));
    if (!table) {
        ovsdb_parser_raise_error(parser, "No table named %s.",
                                 json_string_value(json));
    }
    return table;
}

/* Parses the optional column list 'json' (all columns if NULL). */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
parse_columns(const json_t *json, const struct ovsdb_table_schema *ts,
              struct ovsdb_column_set *columns)
{
    if (!json) {
        ovsdb_column_set_add_all(columns, ts);
        return NULL;
    }
    return ovsdb_column_set_from_json(json, ts, columns);
}

static struct ovsdb_error *
execute_insert(struct exec_ctx *x, struct ovsdb_parser *parser,
               json_t *result)
{
    const json_t *uuid_json, *uuid_name, *row_json;
    struct ovsdb_error *error = NULL;
    struct ovsdb_table *table;
    struct ovsdb_row *row;
    struct uuid row_uuid;

    table = parse_table(x, parser);
    uuid_json = ovsdb_parser_member(parser, "uuid",
                                    OVSDB_P_STRING | OVSDB_P_OPTIONAL);
    uuid_name = ovsdb_parser_member(parser, "uuid-name",
                                    OVSDB_P_ID | OVSDB_P_OPTIONAL);
    row_json = ovsdb_parser_member(parser, "row", OVSDB_P_OBJECT);
    if (ovsdb_parser_has_error(parser)) {
        return NULL;
    }

    if (uuid_json) {
        if (!uuid_from_string(&row_uuid, json_string_value(uuid_json))) {
            return ovsdb_syntax_error(uuid_json, NULL, "bad uuid");
        }
        if (!ovsdb_txn_may_create_row(table, &row_uuid)) {
            return ovsdb_syntax_error(uuid_json, "duplicate uuid",
                                      "This UUID would duplicate a UUID "
                                      "already present within the table or "
                                      "deleted within the same "
                                      "transaction.");
        }
    }

    if (uuid_name) {
        struct ovsdb_symbol *symbol = ovsdb_symbol_table_insert(
            x->symtab, json_string_value(uuid_name));
        if (symbol->created) {
            return ovsdb_syntax_error(uuid_name,
                                      OVSDB_ERR_DUPLICATE_UUID_NAME,
                                      "This \"uuid-name\" appeared on an "
                                      "earlier \"insert\" operation.");
        }
        if (uuid_json) {
            symbol->uuid = row_uuid;
        } else {
            row_uuid = symbol->uuid;
        }
        symbol->created = true;
    } else if (!uuid_json) {
        uuid_generate(&row_uuid);
    }

    row = ovsdb_row_create(table);
    error = ovsdb_row_from_json(row, row_json, x->symtab, NULL);
    for (size_t i = 0; !error && i < table->schema->n_columns; i++) {
        /* Columns left at their defaults were not checked by parsing; a
         * default (one element at most) may violate a constraint. */
        const struct ovsdb_datum *datum = &row->fields[i];
        if (datum->n == 1) {
            error = ovsdb_datum_check_constraints(
                datum, &table->schema->columns[i]->type);
        }
    }
    if (error) {
        ovsdb_row_destroy(row);
        return error;
    }

    *ovsdb_row_get_uuid_rw(row) = row_uuid;
    ovsdb_txn_row_insert(x->txn, row);
    json_object_set_new(result, "uuid",
                        ovsdb_datum_to_json(&row->fields[OVSDB_COL_UUID],
                                            &ovsdb_type_uuid));
    return NULL;
}

/* Appends to 'out' the rows of 'in' that differ on 'columns'. */
static void
distinct_rows(const struct ovsdb_row_set *in,
              const struct ovsdb_column_set *columns,
              struct ovsdb_row_set *out)
{
    struct ovsdb_row_hash hash;

    ovsdb_row_hash_init(&hash, columns);
    for (size_t i = 0; i < in->n_rows; i++) {
        if (ovsdb_row_hash_insert(&hash, in->rows[i])) {
            ovsdb_row_set_add_row(out, in->rows[i]);
        }
    }
    ovsdb_row_hash_destroy(&hash, false);
}

static struct ovsdb_error *
execute_select(struct exec_ctx *x, struct ovsdb_parser *parser,
               json_t *result)
{
    struct ovsdb_condition condition = OVSDB_CONDITION_INITIALIZER;
    struct ovsdb_column_set columns = OVSDB_COLUMN_SET_INITIALIZER;
    struct ovsdb_column_set sort = OVSDB_COLUMN_SET_INITIALIZER;
    struct ovsdb_row_set rows = OVSDB_ROW_SET_INITIALIZER;
    const json_t *where, *columns_json, *sort_json;
    struct ovsdb_error *error;
    struct ovsdb_table *table;

    table = parse_table(x, parser);
    where = ovsdb_parser_member(parser, "where", OVSDB_P_ARRAY);
    columns_json = ovsdb_parser_member(parser, "columns",
                                       OVSDB_P_ARRAY | OVSDB_P_OPTIONAL);
    sort_json = ovsdb_parser_member(parser, "sort",
                                    OVSDB_P_ARRAY | OVSDB_P_OPTIONAL);
    if (ovsdb_parser_has_error(parser)) {
        return NULL;
    }

    error = ovsdb_condition_from_json(table->schema, where, x->symtab,
                                      &condition);
    if (!error) {
        error = parse_columns(columns_json, table->schema, &columns);
    }
    if (!error && sort_json) {
        error = ovsdb_column_set_from_json(sort_json, table->schema, &sort);
    }
    if (!error) {
        ovsdb_query(table, &condition, &rows);
        if (!ovsdb_column_set_contains(&columns, OVSDB_COL_UUID)) {
            /* As in ovsdb-server: rows that look the same are listed
             * once. */
            struct ovsdb_row_set distinct = OVSDB_ROW_SET_INITIALIZER;

            distinct_rows(&rows, &columns, &distinct);
            ovsdb_row_set_destroy(&rows);
            rows = distinct;
        }
        ovsdb_row_set_sort(&rows, &sort);
        json_object_set_new(result, "rows",
                            ovsdb_row_set_to_json(&rows, &columns));
    }

    ovsdb_row_set_destroy(&rows);
    ovsdb_column_set_destroy(&sort);
    ovsdb_column_set_destroy(&columns);
    ovsdb_condition_destroy(&condition);
    return error;
}

static struct ovsdb_error *
execute_update(struct exec_ctx *x, struct ovsdb_parser *parser,
               json_t *result)
{
    struct ovsdb_condition condition = OVSDB_CONDITION_INITIALIZER;
    struct ovsdb_column_set columns = OVSDB_COLUMN_SET_INITIALIZER;
    struct ovsdb_row_set rows = OVSDB_ROW_SET_INITIALIZER;
    const json_t *where, *row_json;
    struct ovsdb_error *error;
    struct ovsdb_table *table;
    struct ovsdb_row *row;

    table = parse_table(x, parser);
    where = ovsdb_parser_member(parser, "where", OVSDB_P_ARRAY);
    row_json = ovsdb_parser_member(parser, "row", OVSDB_P_OBJECT);
    if (ovsdb_parser_has_error(parser)) {
        return NULL;
    }

    row = ovsdb_row_create(table);
    error = ovsdb_row_from_json(row, row_json, x->symtab, &columns);
    for (size_t i = 0; !error && i < columns.n_columns; i++) {
        const struct ovsdb_column *column = columns.columns[i];
        if (!column->mutable) {
            error = ovsdb_syntax_error(parser->json, OVSDB_ERR_CONSTRAINT,
                                       "Cannot update immutable column %s "
                                       "in table %s.",
                                       column->name, table->schema->name);
        }
    }
    if (!error) {
        error = ovsdb_condition_from_json(table->schema, where, x->symtab,
                                          &condition);
    }
    if (!error) {
        ovsdb_query(table, &condition, &rows);
        for (size_t i = 0; i < rows.n_rows; i++) {
            if (!ovsdb_row_equal_columns(rows.rows[i], row, &columns)) {
                ovsdb_row_update_columns(
                    ovsdb_txn_row_modify(x->txn, rows.rows[i]),
                    row, &columns);
            }
        }
        json_object_set_new(result, "count", json_integer(rows.n_rows));
    }

    ovsdb_row_set_destroy(&rows);
    ovsdb_row_destroy(row);
    ovsdb_column_set_destroy(&columns);
    ovsdb_condition_destroy(&condition);
    return error;
}

static struct ovsdb_error *
execute_mutate(struct exec_ctx *x, struct ovsdb_parser *parser,
               json_t *result)
{
    struct ovsdb_condition condition = OVSDB_CONDITION_INITIALIZER;
    struct ovsdb_mutation_set mutations = OVSDB_MUTATION_SET_INITIALIZER;
    struct ovsdb_row_set rows = OVSDB_ROW_SET_INITIALIZER;
    const json_t *where, *mutations_json;
    struct ovsdb_error *error;
    struct ovsdb_table *table;

    table = parse_table(x, parser);
    where = ovsdb_parser_member(parser, "where", OVSDB_P_ARRAY);
    mutations_json = ovsdb_parser_member(parser, "mutations", OVSDB_P_ARRAY);
    if (ovsdb_parser_has_error(parser)) {
        return NULL;
    }

    error = ovsdb_mutation_set_from_json(table->schema, mutations_json,
                                         x->symtab, &mutations);
    if (!error) {
        error = ovsdb_condition_from_json(table->schema, where, x->symtab,
                                          &condition);
    }
    if (!error) {
        ovsdb_query(table, &condition, &rows);
        for (size_t i = 0; !error && i < rows.n_rows; i++) {
            error = ovsdb_mutation_set_execute(
                ovsdb_txn_row_modify(x->txn, rows.rows[i]), &mutations);
        }
        json_object_set_new(result, "count", json_integer(rows.n_rows));
    }

    ovsdb_row_set_destroy(&rows);
    ovsdb_mutation_set_destroy(&mutations);
    ovsdb_condition_destroy(&condition);
    return error;
}

static struct ovsdb_error *
execute_delete(struct exec_ctx *x, struct ovsdb_parser *parser,
               json_t *result)
{
    struct ovsdb_condition condition = OVSDB_CONDITION_INITIALIZER;
    struct ovsdb_row_set rows = OVSDB_ROW_SET_INITIALIZER;
    struct ovsdb_error *error;
    struct ovsdb_table *table;
    const json_t *where;

    where = ovsdb_parser_member(parser, "where", OVSDB_P_ARRAY);
    table = parse_table(x, parser);
    if (ovsdb_parser_has_error(parser)) {
        return NULL;
    }

    error = ovsdb_condition_from_json(table->schema, where, x->symtab,
                                      &condition);
    if (!error) {
        ovsdb_query(table, &condition, &rows);
        for (size_t i = 0; i < rows.n_rows; i++) {
            ovsdb_txn_row_delete(x->txn, rows.rows[i]);
        }
        json_object_set_new(result, "count", json_integer(rows.n_rows));
    }

    ovsdb_row_set_destroy(&rows);
    ovsdb_condition_destroy(&condition);
    return error;
}

/* Parses the "rows" of a "wait" into 'expected'. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
parse_wait_rows(struct exec_ctx *x, const struct ovsdb_table *table,
                const json_t *rows, struct ovsdb_row_hash *expected)
{
    for (size_t i = 0; i < json_array_size(rows); i++) {
        struct ovsdb_row *row = ovsdb_row_create(table);
        struct ovsdb_error *error;

        error = ovsdb_row_from_json(row, json_array_get(rows, i), x->symtab,
                                    NULL);
        if (error || !ovsdb_row_hash_insert(expected, row)) {
            ovsdb_row_destroy(row);
        }
        if (error) {
            return error;
        }
    }
    return NULL;
}

/* True if the rows of 'table' that match 'condition' are, on 'columns',
 * exactly the rows in 'expected'. */
static bool
wait_rows_equal(const struct ovsdb_table *table,
                const struct ovsdb_condition *condition,
                const struct ovsdb_column_set *columns,
                const struct ovsdb_row_hash *expected)
{
    struct ovsdb_row_set rows = OVSDB_ROW_SET_INITIALIZER;
    struct ovsdb_row_hash actual;
    bool equal = true;

    ovsdb_row_hash_init(&actual, columns);
    ovsdb_query(table, condition, &rows);
    for (size_t i = 0; i < rows.n_rows && equal; i++) {
        if (ovsdb_row_hash_contains(expected, rows.rows[i])) {
            ovsdb_row_hash_insert(&actual, rows.rows[i]);
        } else {
            equal = false;
        }
    }
    /* Every actual row is expected and both sets are distinct, so equal
     * sizes mean equal sets. */
    if (equal) {
        equal = (ovsdb_row_hash_count(&actual)
                 == ovsdb_row_hash_count(expected));
    }
    ovsdb_row_hash_destroy(&actual, false);
    ovsdb_row_set_destroy(&rows);
    return equal;
}

static struct ovsdb_error *
execute_wait(struct exec_ctx *x, struct ovsdb_parser *parser,
             json_t *result OSW_UNUSED)
{
    struct ovsdb_condition condition = OVSDB_CONDITION_INITIALIZER;
    struct ovsdb_column_set columns = OVSDB_COLUMN_SET_INITIALIZER;
    const json_t *timeout, *where, *columns_json, *until, *rows;
    struct ovsdb_row_hash expected;
    long long int timeout_msec = LLONG_MAX;
    struct ovsdb_error *error;
    struct ovsdb_table *table;
    bool want_equal;

    timeout = ovsdb_parser_member(parser, "timeout",
                                  OVSDB_P_INTEGER | OVSDB_P_OPTIONAL);
    where = ovsdb_parser_member(parser, "where", OVSDB_P_ARRAY);
    columns_json = ovsdb_parser_member(parser, "columns",
                                       OVSDB_P_ARRAY | OVSDB_P_OPTIONAL);
    until = ovsdb_parser_member(parser, "until", OVSDB_P_STRING);
    rows = ovsdb_parser_member(parser, "rows", OVSDB_P_ARRAY);
    table = parse_table(x, parser);
    if (ovsdb_parser_has_error(parser)) {
        return NULL;
    }

    error = ovsdb_condition_from_json(table->schema, where, x->symtab,
                                      &condition);
    if (!error) {
        error = parse_columns(columns_json, table->schema, &columns);
    }
    if (!error && timeout) {
        timeout_msec = json_integer_value(timeout);
        if (timeout_msec < 0) {
            error = ovsdb_syntax_error(timeout, NULL,
                                       "timeout must be nonnegative");
        } else if (timeout_msec < x->timeout_msec) {
            x->timeout_msec = timeout_msec;
        }
    }
    if (!error && strcmp(json_string_value(until), "==")
        && strcmp(json_string_value(until), "!=")) {
        error = ovsdb_syntax_error(until, NULL,
                                   "\"until\" must be \"==\" or \"!=\"");
    }
    if (error) {
        ovsdb_column_set_destroy(&columns);
        ovsdb_condition_destroy(&condition);
        return error;
    }

    want_equal = !strcmp(json_string_value(until), "==");
    ovsdb_row_hash_init(&expected, &columns);
    error = parse_wait_rows(x, table, rows, &expected);
    if (!error && wait_rows_equal(table, &condition, &columns, &expected)
                  != want_equal) {
        if (timeout && x->elapsed_msec >= timeout_msec) {
            error = (x->elapsed_msec
                     ? ovsdb_error(OVSDB_ERR_TIMED_OUT,
                                   "\"wait\" timed out after %lld ms",
                                   x->elapsed_msec)
                     : ovsdb_error(OVSDB_ERR_TIMED_OUT,
                                   "\"where\" clause test failed"));
        } else {
            /* ovsdb_execute() turns this into a retry when it can. */
            error = ovsdb_error(OVSDB_ERR_NOT_SUPPORTED,
                                "triggers not supported");
        }
    }

    ovsdb_row_hash_destroy(&expected, true);
    ovsdb_column_set_destroy(&columns);
    ovsdb_condition_destroy(&condition);
    return error;
}

static struct ovsdb_error *
execute_commit(struct exec_ctx *x, struct ovsdb_parser *parser,
               json_t *result OSW_UNUSED)
{
    const json_t *durable = ovsdb_parser_member(parser, "durable",
                                                OVSDB_P_BOOLEAN);
    if (durable && json_is_true(durable)) {
        ovsdb_txn_set_durable(x->txn, true);
    }
    return NULL;
}

static struct ovsdb_error *
execute_abort(struct exec_ctx *x OSW_UNUSED,
              struct ovsdb_parser *parser OSW_UNUSED,
              json_t *result OSW_UNUSED)
{
    return ovsdb_error(OVSDB_ERR_ABORTED, "aborted by request");
}

static struct ovsdb_error *
execute_comment(struct exec_ctx *x, struct ovsdb_parser *parser,
                json_t *result OSW_UNUSED)
{
    const json_t *comment = ovsdb_parser_member(parser, "comment",
                                                OVSDB_P_STRING);
    if (comment) {
        ovsdb_txn_add_comment(x->txn, json_string_value(comment));
    }
    return NULL;
}

static struct ovsdb_error *
execute_assert(struct exec_ctx *x, struct ovsdb_parser *parser,
               json_t *result OSW_UNUSED)
{
    const json_t *lock = ovsdb_parser_member(parser, "lock", OVSDB_P_ID);
    const char *name;

    if (!lock) {
        return NULL;
    }
    name = json_string_value(lock);
    if (x->locks && x->locks->is_owner && x->locks->is_owner(name,
                                                             x->locks->aux)) {
        return NULL;
    }
    return ovsdb_error(OVSDB_ERR_NOT_OWNER, "Asserted lock %s not held.",
                       name);
}
