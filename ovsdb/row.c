#include <config.h>
#include "row.h"

#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "osw/hash.h"
#include "ovsdb-error.h"
#include "table.h"

static size_t
row_n_columns(const struct ovsdb_table *table)
{
    return table->schema->n_columns;
}

static struct ovsdb_row *
row_alloc(const struct ovsdb_table *table)
{
    size_t n_columns = row_n_columns(table);
    size_t n_indexes = table->schema->n_indexes;
    struct ovsdb_row *row;

    row = xmalloc(sizeof *row
                  + n_columns * sizeof row->fields[0]
                  + n_indexes * sizeof(struct hmap_node));
    row->table = CONST_CAST(struct ovsdb_table *, table);
    row->txn_row = NULL;
    row->n_refs = 0;
    hmap_init(&row->weak_srcs);
    hmap_node_nullify(&row->hmap_node);
    for (size_t i = 0; i < n_indexes; i++) {
        hmap_node_nullify(ovsdb_row_get_index_node(row, i));
    }
    return row;
}

/* Returns a new row of 'table' with every column at its type's default
 * (so "_uuid" and "_version" are all-zeros).  The row is in no table. */
struct ovsdb_row *
ovsdb_row_create(const struct ovsdb_table *table)
{
    struct ovsdb_row *row = row_alloc(table);

    for (size_t i = 0; i < row_n_columns(table); i++) {
        ovsdb_datum_init_default(&row->fields[i],
                                 &table->schema->columns[i]->type);
    }
    return row;
}

/* Returns a new row with a copy of 'old''s data (not its bookkeeping). */
struct ovsdb_row *
ovsdb_row_clone(const struct ovsdb_row *old)
{
    const struct ovsdb_table *table = old->table;
    struct ovsdb_row *row = row_alloc(table);

    for (size_t i = 0; i < row_n_columns(table); i++) {
        ovsdb_datum_clone(&row->fields[i], &old->fields[i],
                          &table->schema->columns[i]->type);
    }
    return row;
}

/* Frees 'row' (NULL is allowed), which must be in no table. */
void
ovsdb_row_destroy(struct ovsdb_row *row)
{
    if (row) {
        const struct ovsdb_table *table = row->table;
        struct ovsdb_weak_src *ws;

        for (size_t i = 0; i < row_n_columns(table); i++) {
            ovsdb_datum_destroy(&row->fields[i],
                                &table->schema->columns[i]->type);
        }
        HMAP_FOR_EACH_POP (ws, hmap_node, &row->weak_srcs) {
            free(ws);
        }
        hmap_destroy(&row->weak_srcs);
        free(row);
    }
}

/* Returns 'row''s hmap node for the table's index number 'i'. */
struct hmap_node *
ovsdb_row_get_index_node(const struct ovsdb_row *row, size_t i)
{
    size_t n_columns = row_n_columns(row->table);
    struct hmap_node *nodes = (struct hmap_node *) (void *)
        &CONST_CAST(struct ovsdb_row *, row)->fields[n_columns];
    return &nodes[i];
}

/* Returns the row whose index node 'i' is 'node', for a row of 'table'. */
struct ovsdb_row *
ovsdb_row_from_index_node(const struct hmap_node *node,
                          const struct ovsdb_table *table, size_t i)
{
    size_t offset = (offsetof(struct ovsdb_row, fields)
                     + row_n_columns(table) * sizeof(struct ovsdb_datum)
                     + i * sizeof(struct hmap_node));
    return (struct ovsdb_row *) (void *) ((char *) node - offset);
}

/* Returns a hash of the values of 'columns' in 'row', starting from
 * 'basis'. */
uint32_t
ovsdb_row_hash_columns(const struct ovsdb_row *row,
                       const struct ovsdb_column_set *columns,
                       uint32_t basis)
{
    for (size_t i = 0; i < columns->n_columns; i++) {
        const struct ovsdb_column *column = columns->columns[i];
        basis = ovsdb_datum_hash(&row->fields[column->index], &column->type,
                                 basis);
    }
    return basis;
}

/* Compares the values of 'columns' in 'a' and 'b', in order. */
int
ovsdb_row_compare_columns_3way(const struct ovsdb_row *a,
                               const struct ovsdb_row *b,
                               const struct ovsdb_column_set *columns)
{
    for (size_t i = 0; i < columns->n_columns; i++) {
        const struct ovsdb_column *column = columns->columns[i];
        int cmp = ovsdb_datum_compare_3way(&a->fields[column->index],
                                           &b->fields[column->index],
                                           &column->type);
        if (cmp) {
            return cmp;
        }
    }
    return 0;
}

/* True if 'a' and 'b' have equal values in every column of 'columns'. */
bool
ovsdb_row_equal_columns(const struct ovsdb_row *a, const struct ovsdb_row *b,
                        const struct ovsdb_column_set *columns)
{
    for (size_t i = 0; i < columns->n_columns; i++) {
        const struct ovsdb_column *column = columns->columns[i];
        if (!ovsdb_datum_equals(&a->fields[column->index],
                                &b->fields[column->index], &column->type)) {
            return false;
        }
    }
    return true;
}

/* Replaces the values of 'columns' in 'dst' by copies of those in 'src'
 * (rows of the same table). */
void
ovsdb_row_update_columns(struct ovsdb_row *dst, const struct ovsdb_row *src,
                         const struct ovsdb_column_set *columns)
{
    for (size_t i = 0; i < columns->n_columns; i++) {
        const struct ovsdb_column *column = columns->columns[i];
        struct ovsdb_datum copy;

        ovsdb_datum_clone(&copy, &src->fields[column->index], &column->type);
        ovsdb_datum_swap(&dst->fields[column->index], &copy);
        ovsdb_datum_destroy(&copy, &column->type);
    }
}

/* Returns the separator to put before item 'i' of 'n' in an English list:
 * "a", "a and b", "a, b, and c". */
static const char *
english_list_delimiter(size_t i, size_t n)
{
    return (i == 0 ? ""
            : n == 2 ? " and "
            : i < n - 1 ? ", "
            : ", and ");
}

/* Appends the values of 'columns' in 'row' to 'out' in ovs-vsctl syntax,
 * as an English list: "1, \"xyz\", and [1, 2]". */
void
ovsdb_row_columns_to_string(const struct ovsdb_row *row,
                            const struct ovsdb_column_set *columns,
                            struct ds *out)
{
    for (size_t i = 0; i < columns->n_columns; i++) {
        const struct ovsdb_column *column = columns->columns[i];

        ds_put_cstr(out, english_list_delimiter(i, columns->n_columns));
        ovsdb_datum_to_string(&row->fields[column->index], &column->type,
                              out);
    }
}

/* Returns 'columns' named in English, as ovsdb-server words it in
 * messages: "column \"a\"", "columns \"a\" and \"b\"", "no columns".  The
 * caller frees the string. */
char *
ovsdb_column_set_to_english(const struct ovsdb_column_set *columns)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    if (!columns->n_columns) {
        return xstrdup("no columns");
    }
    ds_put_format(&s, "column%s ", columns->n_columns > 1 ? "s" : "");
    for (size_t i = 0; i < columns->n_columns; i++) {
        ds_put_format(&s, "%s\"%s\"",
                      english_list_delimiter(i, columns->n_columns),
                      columns->columns[i]->name);
    }
    return ds_steal_cstr(&s);
}

/* Parses 'json', a JSON <row> object, into 'row': each member names a
 * column of the row's table and gives its value.  Columns not named keep
 * their values.  Appends each column parsed to 'included', if nonnull.
 * "named-uuid" values are accepted if 'symtab' is nonnull.  On error,
 * 'row' may be partly updated (but stays valid). */
struct ovsdb_error *
ovsdb_row_from_json(struct ovsdb_row *row, const json_t *json,
                    struct ovsdb_symbol_table *symtab,
                    struct ovsdb_column_set *included)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    const char *name;
    json_t *value;

    if (!json_is_object(json)) {
        return ovsdb_syntax_error(json, NULL, "row must be JSON object");
    }

    json_object_foreach (CONST_CAST(json_t *, json), name, value) {
        const struct ovsdb_column *column;
        struct ovsdb_datum datum;
        struct ovsdb_error *error;

        column = ovsdb_table_schema_find_column(ts, name);
        if (!column) {
            return ovsdb_syntax_error(json, OVSDB_ERR_UNKNOWN_COLUMN,
                                      "No column %s in table %s.",
                                      name, ts->name);
        }

        error = ovsdb_datum_from_json(&datum, &column->type, value, symtab);
        if (error) {
            return error;
        }
        ovsdb_datum_swap(&row->fields[column->index], &datum);
        ovsdb_datum_destroy(&datum, &column->type);
        if (included) {
            ovsdb_column_set_add(included, column);
        }
    }
    return NULL;
}

/* Returns a JSON <row> object with the values of 'columns' in 'row' (all
 * columns, implicit ones included, if 'columns' is NULL). */
json_t *
ovsdb_row_to_json(const struct ovsdb_row *row,
                  const struct ovsdb_column_set *columns)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    json_t *json = json_object();

    if (!columns) {
        for (size_t i = 0; i < ts->n_columns; i++) {
            const struct ovsdb_column *column = ts->columns[i];
            json_object_set_new(json, column->name,
                                ovsdb_datum_to_json(&row->fields[i],
                                                    &column->type));
        }
    } else {
        for (size_t i = 0; i < columns->n_columns; i++) {
            const struct ovsdb_column *column = columns->columns[i];
            json_object_set_new(
                json, column->name,
                ovsdb_datum_to_json(&row->fields[column->index],
                                    &column->type));
        }
    }
    return json;
}

/* Returns the entry of 'dst''s 'weak_srcs' for row 'src_uuid' of
 * 'src_table', or NULL. */
struct ovsdb_weak_src *
ovsdb_row_find_weak_src(const struct ovsdb_row *dst,
                        const struct uuid *src_uuid,
                        const struct ovsdb_table *src_table)
{
    struct ovsdb_weak_src *ws;

    HMAP_FOR_EACH_WITH_HASH (ws, hmap_node, uuid_hash(src_uuid),
                             &dst->weak_srcs) {
        if (ws->src_table == src_table && uuid_equals(&ws->src_uuid,
                                                      src_uuid)) {
            return ws;
        }
    }
    return NULL;
}

/* Records that 'n' more weak references from row 'src_uuid' of 'src_table'
 * name 'dst'. */
void
ovsdb_row_add_weak_src(struct ovsdb_row *dst, struct ovsdb_table *src_table,
                       const struct uuid *src_uuid, unsigned int n)
{
    struct ovsdb_weak_src *ws = ovsdb_row_find_weak_src(dst, src_uuid,
                                                        src_table);
    if (!ws) {
        ws = xmalloc(sizeof *ws);
        ws->src_table = src_table;
        ws->src_uuid = *src_uuid;
        ws->n = 0;
        hmap_insert(&dst->weak_srcs, &ws->hmap_node, uuid_hash(src_uuid));
    }
    ws->n += n;
}

/* Records that 'n' fewer weak references from row 'src_uuid' of
 * 'src_table' name 'dst'. */
void
ovsdb_row_remove_weak_src(struct ovsdb_row *dst,
                          const struct ovsdb_table *src_table,
                          const struct uuid *src_uuid, unsigned int n)
{
    struct ovsdb_weak_src *ws = ovsdb_row_find_weak_src(dst, src_uuid,
                                                        src_table);
    if (ws) {
        if (ws->n > n) {
            ws->n -= n;
        } else {
            hmap_remove(&dst->weak_srcs, &ws->hmap_node);
            free(ws);
        }
    }
}

/* Row sets. */

/* Initializes 'set' as empty. */
void
ovsdb_row_set_init(struct ovsdb_row_set *set)
{
    set->rows = NULL;
    set->n_rows = set->allocated_rows = 0;
}

/* Frees 'set''s array (not the rows). */
void
ovsdb_row_set_destroy(struct ovsdb_row_set *set)
{
    free(set->rows);
    ovsdb_row_set_init(set);
}

/* Appends 'row' to 'set'. */
void
ovsdb_row_set_add_row(struct ovsdb_row_set *set, const struct ovsdb_row *row)
{
    if (set->n_rows >= set->allocated_rows) {
        set->rows = x2nrealloc(set->rows, &set->allocated_rows,
                               sizeof *set->rows);
    }
    set->rows[set->n_rows++] = row;
}

static int
compare_rows_cb(const void *a_, const void *b_, void *columns_)
{
    const struct ovsdb_row *const *a = a_;
    const struct ovsdb_row *const *b = b_;
    return ovsdb_row_compare_columns_3way(*a, *b, columns_);
}

/* Sorts 'set' by the values of 'columns' (no-op if 'columns' is NULL or
 * empty). */
void
ovsdb_row_set_sort(struct ovsdb_row_set *set,
                   const struct ovsdb_column_set *columns)
{
    if (columns && columns->n_columns && set->n_rows > 1) {
        qsort_r(set->rows, set->n_rows, sizeof *set->rows, compare_rows_cb,
                CONST_CAST(struct ovsdb_column_set *, columns));
    }
}

/* Returns a JSON array of the rows of 'set', each with 'columns' (all
 * columns if NULL). */
json_t *
ovsdb_row_set_to_json(const struct ovsdb_row_set *set,
                      const struct ovsdb_column_set *columns)
{
    json_t *array = json_array();

    for (size_t i = 0; i < set->n_rows; i++) {
        json_array_append_new(array, ovsdb_row_to_json(set->rows[i],
                                                       columns));
    }
    return array;
}

/* Row hashes. */

/* Initializes 'rh' as empty, comparing rows on a copy of 'columns'. */
void
ovsdb_row_hash_init(struct ovsdb_row_hash *rh,
                    const struct ovsdb_column_set *columns)
{
    hmap_init(&rh->rows);
    ovsdb_column_set_clone(&rh->columns, columns);
}

/* Frees 'rh', and its rows too if 'destroy_rows'. */
void
ovsdb_row_hash_destroy(struct ovsdb_row_hash *rh, bool destroy_rows)
{
    struct ovsdb_row_hash_node *node;

    HMAP_FOR_EACH_POP (node, hmap_node, &rh->rows) {
        if (destroy_rows) {
            ovsdb_row_destroy(CONST_CAST(struct ovsdb_row *, node->row));
        }
        free(node);
    }
    hmap_destroy(&rh->rows);
    ovsdb_column_set_destroy(&rh->columns);
}

/* Returns the number of rows in 'rh'. */
size_t
ovsdb_row_hash_count(const struct ovsdb_row_hash *rh)
{
    return hmap_count(&rh->rows);
}

static bool
row_hash_contains__(const struct ovsdb_row_hash *rh,
                    const struct ovsdb_row *row, uint32_t hash)
{
    const struct ovsdb_row_hash_node *node;

    HMAP_FOR_EACH_WITH_HASH (node, hmap_node, hash, &rh->rows) {
        if (ovsdb_row_equal_columns(row, node->row, &rh->columns)) {
            return true;
        }
    }
    return false;
}

/* True if 'rh' has a row equal to 'row' on its columns. */
bool
ovsdb_row_hash_contains(const struct ovsdb_row_hash *rh,
                        const struct ovsdb_row *row)
{
    return row_hash_contains__(rh, row,
                               ovsdb_row_hash_columns(row, &rh->columns, 0));
}

/* Adds 'row' (borrowed) to 'rh' and returns true, unless 'rh' already has
 * an equal row, in which case it returns false. */
bool
ovsdb_row_hash_insert(struct ovsdb_row_hash *rh, const struct ovsdb_row *row)
{
    uint32_t hash = ovsdb_row_hash_columns(row, &rh->columns, 0);

    if (row_hash_contains__(rh, row, hash)) {
        return false;
    }

    struct ovsdb_row_hash_node *node = xmalloc(sizeof *node);
    node->row = row;
    hmap_insert(&rh->rows, &node->hmap_node, hash);
    return true;
}
