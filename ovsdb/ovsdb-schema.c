/* ovsdb-schema: database schemas (RFC 7047 section 3.2). */
#include <config.h>
#include "ovsdb-schema.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "osw/hash.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"

/* Columns. */

/* Returns a new column that takes over 'type' (which then owns nothing). */
static struct ovsdb_column *
column_create_nocopy(const char *name, bool mutable, bool persistent,
                     struct ovsdb_type *type)
{
    struct ovsdb_column *column = xzalloc(sizeof *column);
    column->index = UINT_MAX;
    column->name = xstrdup(name);
    column->mutable = mutable;
    column->persistent = persistent;
    column->type = *type;
    ovsdb_type_init_scalar(type, OVSDB_TYPE_VOID);
    return column;
}

/* Returns a new column 'name' with a copy of 'type'. */
struct ovsdb_column *
ovsdb_column_create(const char *name, bool mutable, bool persistent,
                    const struct ovsdb_type *type)
{
    struct ovsdb_type copy;
    ovsdb_type_clone(&copy, type);
    return column_create_nocopy(name, mutable, persistent, &copy);
}

/* Frees 'column'.  Accepts NULL. */
void
ovsdb_column_destroy(struct ovsdb_column *column)
{
    if (column) {
        ovsdb_type_destroy(&column->type);
        free(column->name);
        free(column);
    }
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
column_from_json(const json_t *json, const char *name,
                 struct ovsdb_column **columnp)
{
    struct ovsdb_parser parser;
    struct ovsdb_error *error;
    struct ovsdb_type type;

    *columnp = NULL;

    ovsdb_parser_init(&parser, json, "column %s", name);
    const json_t *type_json = ovsdb_parser_member(&parser, "type",
                                                  OVSDB_P_STRING
                                                  | OVSDB_P_OBJECT);
    const json_t *mutable_json = ovsdb_parser_member(&parser, "mutable",
                                                     OVSDB_P_BOOLEAN
                                                     | OVSDB_P_OPTIONAL);
    const json_t *ephemeral_json = ovsdb_parser_member(&parser, "ephemeral",
                                                       OVSDB_P_BOOLEAN
                                                       | OVSDB_P_OPTIONAL);
    error = ovsdb_parser_finish(&parser);
    if (error) {
        return error;
    }

    error = ovsdb_type_from_json(&type, type_json);
    if (error) {
        return ovsdb_wrap_error(error, "column %s", name);
    }

    bool mutable = !mutable_json || json_is_true(mutable_json);
    bool persistent = !ephemeral_json || !json_is_true(ephemeral_json);
    if (!mutable && (ovsdb_base_type_is_weak_ref(&type.key)
                     || ovsdb_base_type_is_weak_ref(&type.value))) {
        /* Deleting a weakly referenced row changes the referring column,
         * so such a column cannot be immutable. */
        mutable = true;
    }

    *columnp = column_create_nocopy(name, mutable, persistent, &type);
    return NULL;
}

/* Returns the JSON <column-schema> of 'column'. */
json_t *
ovsdb_column_to_json(const struct ovsdb_column *column)
{
    json_t *json = json_object();

    json_object_set_new(json, "type", ovsdb_type_to_json(&column->type));
    if (!column->persistent) {
        json_object_set_new(json, "ephemeral", json_true());
    }
    if (!column->mutable) {
        json_object_set_new(json, "mutable", json_false());
    }
    return json;
}

/* Column sets. */

/* Initializes 'set' as empty. */
void
ovsdb_column_set_init(struct ovsdb_column_set *set)
{
    set->columns = NULL;
    set->n_columns = set->allocated_columns = 0;
}

/* Frees 'set''s array (not the columns, which it does not own). */
void
ovsdb_column_set_destroy(struct ovsdb_column_set *set)
{
    free(set->columns);
    ovsdb_column_set_init(set);
}

/* Initializes 'dst' as a copy of 'src'. */
void
ovsdb_column_set_clone(struct ovsdb_column_set *dst,
                       const struct ovsdb_column_set *src)
{
    dst->n_columns = dst->allocated_columns = src->n_columns;
    dst->columns = (src->n_columns
                    ? xmemdup(src->columns,
                              src->n_columns * sizeof *src->columns)
                    : NULL);
}

/* Appends 'column' to 'set'. */
void
ovsdb_column_set_add(struct ovsdb_column_set *set,
                     const struct ovsdb_column *column)
{
    if (set->n_columns >= set->allocated_columns) {
        set->columns = x2nrealloc(set->columns, &set->allocated_columns,
                                  sizeof *set->columns);
    }
    set->columns[set->n_columns++] = column;
}

/* Appends every column of 'table' to 'set'. */
void
ovsdb_column_set_add_all(struct ovsdb_column_set *set,
                         const struct ovsdb_table_schema *table)
{
    for (size_t i = 0; i < table->n_columns; i++) {
        ovsdb_column_set_add(set, table->columns[i]);
    }
}

/* True if 'set' contains the column with index 'column_index'. */
bool
ovsdb_column_set_contains(const struct ovsdb_column_set *set,
                          unsigned int column_index)
{
    for (size_t i = 0; i < set->n_columns; i++) {
        if (set->columns[i]->index == column_index) {
            return true;
        }
    }
    return false;
}

/* True if 'a' and 'b' hold the same columns in the same order. */
bool
ovsdb_column_set_equals(const struct ovsdb_column_set *a,
                        const struct ovsdb_column_set *b)
{
    if (a->n_columns != b->n_columns) {
        return false;
    }
    for (size_t i = 0; i < a->n_columns; i++) {
        if (a->columns[i] != b->columns[i]) {
            return false;
        }
    }
    return true;
}

/* Parses an array of column names of 'table' into 'set'. */
struct ovsdb_error *
ovsdb_column_set_from_json(const json_t *json,
                           const struct ovsdb_table_schema *table,
                           struct ovsdb_column_set *set)
{
    size_t n_orig = set->n_columns;
    struct ovsdb_error *error = NULL;

    if (!json_is_array(json)) {
        error = ovsdb_syntax_error(json, NULL,
                                   "array of distinct column names expected");
    }
    for (size_t i = 0; !error && i < json_array_size(json); i++) {
        const json_t *name = json_array_get(json, i);
        const struct ovsdb_column *column;

        if (!json_is_string(name)) {
            error = ovsdb_syntax_error(json, NULL, "array of distinct column "
                                       "names expected");
            break;
        }
        column = ovsdb_table_schema_find_column(table,
                                                json_string_value(name));
        if (!column) {
            error = ovsdb_syntax_error(json, NULL, "%s is not a valid column "
                                       "name", json_string_value(name));
        } else if (ovsdb_column_set_contains(set, column->index)) {
            error = ovsdb_syntax_error(json, NULL, "array of distinct column "
                                       "names expected");
        } else {
            ovsdb_column_set_add(set, column);
        }
    }

    if (error) {
        set->n_columns = n_orig;
    }
    return error;
}

/* Returns 'set' as a JSON array of column names. */
json_t *
ovsdb_column_set_to_json(const struct ovsdb_column_set *set)
{
    json_t *json = json_array();
    for (size_t i = 0; i < set->n_columns; i++) {
        json_array_append_new(json, json_string(set->columns[i]->name));
    }
    return json;
}

/* Tables. */

static void
table_add_column(struct ovsdb_table_schema *table,
                 struct ovsdb_column *column)
{
    if (table->n_columns >= table->allocated_columns) {
        table->columns = x2nrealloc(table->columns,
                                    &table->allocated_columns,
                                    sizeof *table->columns);
    }
    column->index = table->n_columns;
    table->columns[table->n_columns++] = column;
    hmap_insert(&table->columns_by_name, &column->hmap_node,
                hash_string(column->name, 0));
}

/* Returns a new table schema with only the implicit columns. */
struct ovsdb_table_schema *
ovsdb_table_schema_create(const char *name, bool is_root,
                          unsigned int max_rows)
{
    struct ovsdb_table_schema *table = xzalloc(sizeof *table);

    table->name = xstrdup(name);
    hmap_init(&table->columns_by_name);
    table->is_root = is_root;
    table->max_rows = max_rows;

    table_add_column(table, ovsdb_column_create("_uuid", false, true,
                                                &ovsdb_type_uuid));
    table_add_column(table, ovsdb_column_create("_version", false, false,
                                                &ovsdb_type_uuid));
    return table;
}

/* Adds a column to 'table', unless the name is taken. */
struct ovsdb_column *
ovsdb_table_schema_add_column(struct ovsdb_table_schema *table,
                              const char *name,
                              const struct ovsdb_type *type, bool mutable,
                              bool persistent)
{
    if (ovsdb_table_schema_find_column(table, name)) {
        return NULL;
    }

    struct ovsdb_column *column = ovsdb_column_create(name, mutable,
                                                      persistent, type);
    table_add_column(table, column);
    return column;
}

/* Adds index 'set' to 'table', taking over 'set''s array. */
static void
table_add_index_nocopy(struct ovsdb_table_schema *table,
                       struct ovsdb_column_set *set)
{
    table->indexes = xrealloc(table->indexes,
                              (table->n_indexes + 1) * sizeof *table->indexes);
    table->indexes[table->n_indexes++] = *set;
    ovsdb_column_set_init(set);
}

/* Adds a copy of 'index' to 'table''s indexes. */
void
ovsdb_table_schema_add_index(struct ovsdb_table_schema *table,
                             const struct ovsdb_column_set *index)
{
    struct ovsdb_column_set copy;
    ovsdb_column_set_clone(&copy, index);
    table_add_index_nocopy(table, &copy);
}

/* Returns a deep copy of 'old'. */
struct ovsdb_table_schema *
ovsdb_table_schema_clone(const struct ovsdb_table_schema *old)
{
    struct ovsdb_table_schema *new;

    new = ovsdb_table_schema_create(old->name, old->is_root, old->max_rows);
    for (size_t i = OVSDB_N_STD_COLUMNS; i < old->n_columns; i++) {
        const struct ovsdb_column *column = old->columns[i];
        ovsdb_table_schema_add_column(new, column->name, &column->type,
                                      column->mutable, column->persistent);
    }

    for (size_t i = 0; i < old->n_indexes; i++) {
        const struct ovsdb_column_set *old_index = &old->indexes[i];
        struct ovsdb_column_set new_index;

        ovsdb_column_set_init(&new_index);
        for (size_t j = 0; j < old_index->n_columns; j++) {
            ovsdb_column_set_add(&new_index,
                                 new->columns[old_index->columns[j]->index]);
        }
        table_add_index_nocopy(new, &new_index);
    }
    return new;
}

/* Frees 'table' and its columns.  Accepts NULL. */
void
ovsdb_table_schema_destroy(struct ovsdb_table_schema *table)
{
    if (!table) {
        return;
    }

    for (size_t i = 0; i < table->n_indexes; i++) {
        ovsdb_column_set_destroy(&table->indexes[i]);
    }
    free(table->indexes);
    for (size_t i = 0; i < table->n_columns; i++) {
        ovsdb_column_destroy(table->columns[i]);
    }
    free(table->columns);
    hmap_destroy(&table->columns_by_name);
    free(table->name);
    free(table);
}

/* Returns the column of 'table' called 'name', or NULL. */
const struct ovsdb_column *
ovsdb_table_schema_find_column(const struct ovsdb_table_schema *table,
                               const char *name)
{
    const struct ovsdb_column *column;

    HMAP_FOR_EACH_WITH_HASH (column, hmap_node, hash_string(name, 0),
                             &table->columns_by_name) {
        if (!strcmp(column->name, name)) {
            return column;
        }
    }
    return NULL;
}

/* Returns the JSON <table-schema> of 'table'. */
json_t *
ovsdb_table_schema_to_json(const struct ovsdb_table_schema *table,
                           bool default_is_root)
{
    json_t *json = json_object();
    json_t *columns = json_object();

    for (size_t i = OVSDB_N_STD_COLUMNS; i < table->n_columns; i++) {
        const struct ovsdb_column *column = table->columns[i];
        json_object_set_new(columns, column->name,
                            ovsdb_column_to_json(column));
    }
    json_object_set_new(json, "columns", columns);

    if (table->max_rows != UINT_MAX) {
        json_object_set_new(json, "maxRows", json_integer(table->max_rows));
    }
    if (table->is_root != default_is_root) {
        json_object_set_new(json, "isRoot", json_boolean(table->is_root));
    }
    if (table->n_indexes) {
        json_t *indexes = json_array();
        for (size_t i = 0; i < table->n_indexes; i++) {
            json_array_append_new(indexes, ovsdb_column_set_to_json(
                                      &table->indexes[i]));
        }
        json_object_set_new(json, "indexes", indexes);
    }
    return json;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
check_name(const json_t *json, const char *what, const char *name)
{
    if (name[0] == '_') {
        return ovsdb_syntax_error(json, NULL, "%s %s: names beginning with "
                                  "\"_\" are reserved", what, name);
    } else if (!ovsdb_parser_is_id(name)) {
        return ovsdb_syntax_error(json, NULL, "%s name \"%s\" is not a valid "
                                  "<id> (letters, digits and \"_\", not "
                                  "starting with a digit)", what, name);
    }
    return NULL;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
table_columns_from_json(struct ovsdb_table_schema *table,
                        const json_t *columns)
{
    const char *name;
    json_t *value;

    json_object_foreach (CONST_CAST(json_t *, columns), name, value) {
        struct ovsdb_column *column;
        struct ovsdb_error *error;

        error = check_name(columns, "column", name);
        if (!error) {
            error = column_from_json(value, name, &column);
        }
        if (error) {
            return error;
        }
        table_add_column(table, column);
    }
    return NULL;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
table_indexes_from_json(struct ovsdb_table_schema *table,
                        const json_t *indexes)
{
    for (size_t i = 0; i < json_array_size(indexes); i++) {
        const json_t *index_json = json_array_get(indexes, i);
        struct ovsdb_column_set index;
        struct ovsdb_error *error;

        ovsdb_column_set_init(&index);
        error = ovsdb_column_set_from_json(index_json, table, &index);
        if (!error && !index.n_columns) {
            error = ovsdb_syntax_error(index_json, NULL, "index must have at "
                                       "least one column");
        }
        for (size_t j = 0; !error && j < index.n_columns; j++) {
            if (!index.columns[j]->persistent) {
                error = ovsdb_syntax_error(index_json, NULL, "ephemeral "
                                           "columns (such as %s) may not be "
                                           "indexed",
                                           index.columns[j]->name);
            }
        }
        if (error) {
            ovsdb_column_set_destroy(&index);
            return ovsdb_wrap_error(error, "index %zu", i);
        }
        table_add_index_nocopy(table, &index);
    }
    return NULL;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
table_from_json(const json_t *json, const char *name,
                struct ovsdb_table_schema **tablep)
{
    struct ovsdb_table_schema *table;
    struct ovsdb_parser parser;
    struct ovsdb_error *error;
    unsigned int max_rows = UINT_MAX;

    *tablep = NULL;

    ovsdb_parser_init(&parser, json, "table %s", name);
    const json_t *columns = ovsdb_parser_member(&parser, "columns",
                                                OVSDB_P_OBJECT);
    const json_t *max_rows_json = ovsdb_parser_member(&parser, "maxRows",
                                                      OVSDB_P_INTEGER
                                                      | OVSDB_P_OPTIONAL);
    const json_t *is_root = ovsdb_parser_member(&parser, "isRoot",
                                                OVSDB_P_BOOLEAN
                                                | OVSDB_P_OPTIONAL);
    const json_t *indexes = ovsdb_parser_member(&parser, "indexes",
                                                OVSDB_P_ARRAY
                                                | OVSDB_P_OPTIONAL);
    error = ovsdb_parser_finish(&parser);
    if (error) {
        return error;
    }

    if (max_rows_json) {
        json_int_t value = json_integer_value(max_rows_json);
        if (value <= 0) {
            return ovsdb_syntax_error(json, NULL, "table %s: maxRows must be "
                                      "at least 1", name);
        }
        /* Open vSwitch accepts any larger number; all mean "no limit". */
        max_rows = value >= UINT_MAX ? UINT_MAX : value;
    }
    if (!json_object_size(columns)) {
        return ovsdb_syntax_error(json, NULL, "table %s: table must have at "
                                  "least one column", name);
    }

    table = ovsdb_table_schema_create(name, is_root && json_is_true(is_root),
                                      max_rows);
    error = table_columns_from_json(table, columns);
    if (!error && indexes) {
        error = table_indexes_from_json(table, indexes);
    }
    if (error) {
        ovsdb_table_schema_destroy(table);
        return ovsdb_wrap_error(error, "table %s", name);
    }

    *tablep = table;
    return NULL;
}

/* Schemas. */

/* Returns a new schema without tables. */
struct ovsdb_schema *
ovsdb_schema_create(const char *name, const char *version, const char *cksum)
{
    struct ovsdb_schema *schema = xzalloc(sizeof *schema);

    schema->name = xstrdup(name);
    schema->version = xstrdup(version ? version : "");
    schema->cksum = xstrdup(cksum ? cksum : "");
    hmap_init(&schema->tables_by_name);
    return schema;
}

/* Adds 'table' to 'schema' unless the name is taken. */
bool
ovsdb_schema_add_table(struct ovsdb_schema *schema,
                       struct ovsdb_table_schema *table)
{
    if (ovsdb_schema_find_table(schema, table->name)) {
        return false;
    }

    if (schema->n_tables >= schema->allocated_tables) {
        schema->tables = x2nrealloc(schema->tables,
                                    &schema->allocated_tables,
                                    sizeof *schema->tables);
    }
    schema->tables[schema->n_tables++] = table;
    hmap_insert(&schema->tables_by_name, &table->hmap_node,
                hash_string(table->name, 0));
    return true;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
resolve_ref(struct ovsdb_schema *schema, struct ovsdb_base_type *base,
            const struct ovsdb_table_schema *table,
            const struct ovsdb_column *column, const char *which)
{
    if (!ovsdb_base_type_is_ref(base)) {
        return NULL;
    }

    base->uuid.ref_table = ovsdb_schema_find_table(schema,
                                                   base->uuid.ref_table_name);
    if (!base->uuid.ref_table) {
        return ovsdb_syntax_error(NULL, NULL, "table %s: column %s: %s "
                                  "refers to undefined table %s",
                                  table->name, column->name, which,
                                  base->uuid.ref_table_name);
    }
    return NULL;
}

/* Resolves the reference tables of every column of 'schema'. */
struct ovsdb_error *
ovsdb_schema_resolve_refs(struct ovsdb_schema *schema)
{
    struct ovsdb_error *first = NULL;

    for (size_t i = 0; i < schema->n_tables; i++) {
        struct ovsdb_table_schema *table = schema->tables[i];
        for (size_t j = 0; j < table->n_columns; j++) {
            struct ovsdb_column *column = table->columns[j];
            struct ovsdb_error *error;

            error = resolve_ref(schema, &column->type.key, table, column,
                                "key");
            if (!first) {
                first = error;
            } else {
                ovsdb_error_destroy(error);
            }

            error = resolve_ref(schema, &column->type.value, table, column,
                                "value");
            if (!first) {
                first = error;
            } else {
                ovsdb_error_destroy(error);
            }
        }
    }
    return first;
}

/* Returns a deep copy of 'old'. */
struct ovsdb_schema *
ovsdb_schema_clone(const struct ovsdb_schema *old)
{
    struct ovsdb_schema *new = ovsdb_schema_create(old->name, old->version,
                                                   old->cksum);

    for (size_t i = 0; i < old->n_tables; i++) {
        ovsdb_schema_add_table(new, ovsdb_table_schema_clone(old->tables[i]));
    }

    /* A reference that 'old' could not resolve stays unresolved. */
    ovsdb_error_destroy(ovsdb_schema_resolve_refs(new));
    return new;
}

/* Frees 'schema'.  Accepts NULL. */
void
ovsdb_schema_destroy(struct ovsdb_schema *schema)
{
    if (!schema) {
        return;
    }

    for (size_t i = 0; i < schema->n_tables; i++) {
        ovsdb_table_schema_destroy(schema->tables[i]);
    }
    free(schema->tables);
    hmap_destroy(&schema->tables_by_name);
    free(schema->name);
    free(schema->version);
    free(schema->cksum);
    free(schema);
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
schema_tables_from_json(struct ovsdb_schema *schema, const json_t *tables)
{
    const char *name;
    json_t *value;

    json_object_foreach (CONST_CAST(json_t *, tables), name, value) {
        struct ovsdb_table_schema *table;
        struct ovsdb_error *error;

        error = check_name(tables, "table", name);
        if (!error) {
            error = table_from_json(value, name, &table);
        }
        if (error) {
            return error;
        }
        ovsdb_schema_add_table(schema, table);
    }

    /* Schemas from before "isRoot" existed have no root table; treating
     * all of their tables as roots keeps their rows from being garbage
     * collected. */
    bool any_root = false;
    for (size_t i = 0; i < schema->n_tables; i++) {
        any_root = any_root || schema->tables[i]->is_root;
    }
    if (!any_root) {
        for (size_t i = 0; i < schema->n_tables; i++) {
            schema->tables[i]->is_root = true;
        }
    }
    return NULL;
}

/* Parses JSON <database-schema> 'json' into '*schemap'. */
struct ovsdb_error *
ovsdb_schema_from_json(const json_t *json, struct ovsdb_schema **schemap)
{
    struct ovsdb_schema *schema;
    struct ovsdb_parser parser;
    struct ovsdb_error *error;

    *schemap = NULL;

    ovsdb_parser_init(&parser, json, "database schema");
    const json_t *name = ovsdb_parser_member(&parser, "name", OVSDB_P_ID);
    const json_t *version = ovsdb_parser_member(&parser, "version",
                                                OVSDB_P_STRING
                                                | OVSDB_P_OPTIONAL);
    const json_t *cksum = ovsdb_parser_member(&parser, "cksum",
                                              OVSDB_P_STRING
                                              | OVSDB_P_OPTIONAL);
    const json_t *tables = ovsdb_parser_member(&parser, "tables",
                                               OVSDB_P_OBJECT);
    error = ovsdb_parser_finish(&parser);
    if (error) {
        return error;
    }

    if (version && !ovsdb_is_valid_version(json_string_value(version))) {
        return ovsdb_syntax_error(json, NULL, "schema version \"%s\" not in "
                                  "format x.y.z", json_string_value(version));
    }

    schema = ovsdb_schema_create(json_string_value(name),
                                 version ? json_string_value(version) : NULL,
                                 cksum ? json_string_value(cksum) : NULL);
    error = schema_tables_from_json(schema, tables);
    if (!error) {
        error = ovsdb_schema_resolve_refs(schema);
    }
    if (error) {
        ovsdb_schema_destroy(schema);
        return error;
    }

    *schemap = schema;
    return NULL;
}

/* Reads and parses schema file 'file_name' into '*schemap'. */
struct ovsdb_error *
ovsdb_schema_from_file(const char *file_name, struct ovsdb_schema **schemap)
{
    struct ovsdb_error *error;
    json_error_t json_error;
    json_t *json;
    FILE *stream;

    *schemap = NULL;

    stream = fopen(file_name, "r");
    if (!stream) {
        return ovsdb_io_error(errno, "%s: could not open schema file",
                              file_name);
    }
    json = json_loadf(stream, 0, &json_error);
    if (!json && ferror(stream)) {
        error = ovsdb_io_error(errno ? errno : EIO, "%s: read failed",
                               file_name);
        fclose(stream);
        return error;
    }
    fclose(stream);

    if (!json) {
        return ovsdb_syntax_error(NULL, NULL, "%s: line %d, column %d: %s",
                                  file_name, json_error.line,
                                  json_error.column, json_error.text);
    }

    error = ovsdb_schema_from_json(json, schemap);
    json_decref(json);
    if (error) {
        return ovsdb_wrap_error(error, "failed to parse \"%s\" as ovsdb "
                                "schema", file_name);
    }
    return NULL;
}

/* Returns 'schema' as canonical JSON. */
json_t *
ovsdb_schema_to_json(const struct ovsdb_schema *schema)
{
    json_t *json = json_object();
    json_t *tables = json_object();
    bool default_is_root = true;

    for (size_t i = 0; i < schema->n_tables; i++) {
        default_is_root = default_is_root && schema->tables[i]->is_root;
    }

    json_object_set_new(json, "name", json_string(schema->name));
    if (schema->version[0]) {
        json_object_set_new(json, "version", json_string(schema->version));
    }
    if (schema->cksum[0]) {
        json_object_set_new(json, "cksum", json_string(schema->cksum));
    }
    for (size_t i = 0; i < schema->n_tables; i++) {
        const struct ovsdb_table_schema *table = schema->tables[i];
        json_object_set_new(tables, table->name,
                            ovsdb_table_schema_to_json(table,
                                                       default_is_root));
    }
    json_object_set_new(json, "tables", tables);
    return json;
}

/* Returns the table of 'schema' called 'name', or NULL. */
struct ovsdb_table_schema *
ovsdb_schema_find_table(const struct ovsdb_schema *schema, const char *name)
{
    struct ovsdb_table_schema *table;

    HMAP_FOR_EACH_WITH_HASH (table, hmap_node, hash_string(name, 0),
                             &schema->tables_by_name) {
        if (!strcmp(table->name, name)) {
            return table;
        }
    }
    return NULL;
}

/* True if 'a' and 'b' have the same JSON form. */
bool
ovsdb_schema_equal(const struct ovsdb_schema *a, const struct ovsdb_schema *b)
{
    json_t *ja = ovsdb_schema_to_json(a);
    json_t *jb = ovsdb_schema_to_json(b);
    bool equal = json_equal(ja, jb);

    json_decref(ja);
    json_decref(jb);
    return equal;
}

/* Versions. */

/* Parses "x.y.z" into '*version'. */
bool
ovsdb_version_from_string(const char *s, struct ovsdb_version *version)
{
    unsigned int parts[3];

    for (int i = 0; i < 3; i++) {
        unsigned long long int value = 0;

        if (*s < '0' || *s > '9') {
            goto error;
        }
        for (; *s >= '0' && *s <= '9'; s++) {
            value = value * 10 + (*s - '0');
            if (value > INT_MAX) {
                goto error;
            }
        }
        parts[i] = value;

        if (i < 2 && *s++ != '.') {
            goto error;
        }
    }
    if (*s) {
        goto error;
    }

    version->x = parts[0];
    version->y = parts[1];
    version->z = parts[2];
    return true;

error:
    version->x = version->y = version->z = 0;
    return false;
}

/* True if 's' is a valid "x.y.z" version. */
bool
ovsdb_is_valid_version(const char *s)
{
    struct ovsdb_version version;
    return ovsdb_version_from_string(s, &version);
}

/* Compares 'a' and 'b' numerically. */
int
ovsdb_version_compare(const struct ovsdb_version *a,
                      const struct ovsdb_version *b)
{
    if (a->x != b->x) {
        return a->x < b->x ? -1 : 1;
    } else if (a->y != b->y) {
        return a->y < b->y ? -1 : 1;
    } else if (a->z != b->z) {
        return a->z < b->z ? -1 : 1;
    }
    return 0;
}
