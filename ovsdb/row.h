/* row: one row of an OVSDB table, and small collections of rows.
 *
 * A row holds one datum per column of its table, indexed by column index
 * (ovsdb-schema.h): 'fields[OVSDB_COL_UUID]' is the row's "_uuid",
 * 'fields[OVSDB_COL_VERSION]' its "_version", user columns follow.  Every
 * datum is always valid for its column's type.
 *
 * Besides the data, a row that is in a table carries bookkeeping that the
 * transaction layer (transaction.h) keeps up to date at each commit:
 *
 *   - 'n_refs': the number of strong references to this row from other
 *     rows (a row's references to itself do not count).  A row of a
 *     non-root table whose count drops to zero is garbage collected.
 *
 *   - 'weak_srcs': the rows that hold weak references to this row, so that
 *     deleting the row finds the references to remove without scanning
 *     the database.
 *
 *   - 'txn_row': non-NULL while a transaction has this row in hand (see
 *     transaction.c); private to the transaction layer.
 *
 *   - one hmap node per unique index of the table, placed after the
 *     datums in the same allocation (ovsdb_row_get_index_node()), used by
 *     the table's committed indexes (table.h).
 *
 * ovsdb_row_create() and ovsdb_row_clone() return rows with empty
 * bookkeeping; only the data is copied.
 *
 * Ownership: a row owns its datums and its bookkeeping.  A row inside a
 * table belongs to the table (or, during a transaction, to the
 * transaction); never free it behind their back.  'table' is borrowed.
 *
 * Row sets ('struct ovsdb_row_set') are growable arrays of borrowed row
 * pointers, used for query results.  Row hashes ('struct ovsdb_row_hash')
 * hold distinct rows as compared on a set of columns, used by "select"
 * with "columns" and by "wait".
 *
 * Thread-safety: rows are plain values owned by one thread at a time. */
#ifndef OVSDB_ROW_H
#define OVSDB_ROW_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/hmap.h"
#include "osw/util.h"
#include "osw/uuid.h"
#include "ovsdb-data.h"
#include "ovsdb-schema.h"

struct ds;
struct ovsdb_table;
struct ovsdb_txn_row;

struct ovsdb_row {
    struct hmap_node hmap_node;     /* In table's 'rows', by uuid_hash(). */
    struct ovsdb_table *table;      /* Borrowed. */
    struct ovsdb_txn_row *txn_row;  /* Transaction-private; see above. */
    size_t n_refs;                  /* Committed incoming strong refs. */
    struct hmap weak_srcs;          /* Contains "struct ovsdb_weak_src"s. */
    struct ovsdb_datum fields[];    /* One per column; index nodes follow. */
};

/* One row that holds weak references to the row whose 'weak_srcs' contains
 * this entry: 'n' of the atoms of 'src_uuid' (a row of 'src_table') name
 * the row. */
struct ovsdb_weak_src {
    struct hmap_node hmap_node;     /* In 'weak_srcs', by uuid_hash(). */
    struct ovsdb_table *src_table;
    struct uuid src_uuid;
    unsigned int n;
};

/* Returns a new row of 'table' (in no table yet), every column at its
 * type's default: "_uuid" and "_version" are all-zeros. */
struct ovsdb_row *ovsdb_row_create(const struct ovsdb_table *table);
/* Returns a new row with a copy of 'row''s data, empty bookkeeping. */
struct ovsdb_row *ovsdb_row_clone(const struct ovsdb_row *row);
/* Frees 'row' (NULL is allowed), which must be in no table. */
void ovsdb_row_destroy(struct ovsdb_row *row);

/* Accessors for the implicit columns. */
static inline const struct uuid *
ovsdb_row_get_uuid(const struct ovsdb_row *row)
{
    return &row->fields[OVSDB_COL_UUID].keys[0].uuid;
}

static inline struct uuid *
ovsdb_row_get_uuid_rw(struct ovsdb_row *row)
{
    return &row->fields[OVSDB_COL_UUID].keys[0].uuid;
}

static inline const struct uuid *
ovsdb_row_get_version(const struct ovsdb_row *row)
{
    return &row->fields[OVSDB_COL_VERSION].keys[0].uuid;
}

static inline struct uuid *
ovsdb_row_get_version_rw(struct ovsdb_row *row)
{
    return &row->fields[OVSDB_COL_VERSION].keys[0].uuid;
}

/* The hash of 'row' in its table's 'rows'. */
static inline uint32_t
ovsdb_row_hash(const struct ovsdb_row *row)
{
    return uuid_hash(ovsdb_row_get_uuid(row));
}

/* The hmap node of 'row' for its table's index number 'i', and back. */
struct hmap_node *ovsdb_row_get_index_node(const struct ovsdb_row *row,
                                           size_t i);
struct ovsdb_row *ovsdb_row_from_index_node(const struct hmap_node *node,
                                            const struct ovsdb_table *table,
                                            size_t i);

/* Comparing and copying columns.  'columns' are columns of the rows'
 * table; rows compared must be of the same table.  Hashing with basis 0
 * gives the key the table's indexes use. */
uint32_t ovsdb_row_hash_columns(const struct ovsdb_row *row,
                                const struct ovsdb_column_set *columns,
                                uint32_t basis);
bool ovsdb_row_equal_columns(const struct ovsdb_row *a,
                             const struct ovsdb_row *b,
                             const struct ovsdb_column_set *columns);
int ovsdb_row_compare_columns_3way(const struct ovsdb_row *a,
                                   const struct ovsdb_row *b,
                                   const struct ovsdb_column_set *columns);
/* Copies the values of 'columns' from 'src' into 'dst'. */
void ovsdb_row_update_columns(struct ovsdb_row *dst,
                              const struct ovsdb_row *src,
                              const struct ovsdb_column_set *columns);
/* Appends the values of 'columns' in ovs-vsctl syntax as an English list
 * ("1, \"x\", and [2]"), as ovsdb-server's messages show them. */
void ovsdb_row_columns_to_string(const struct ovsdb_row *row,
                                 const struct ovsdb_column_set *columns,
                                 struct ds *out);
/* Returns "column \"a\"", "columns \"a\" and \"b\"", ... (caller
 * frees). */
char *ovsdb_column_set_to_english(const struct ovsdb_column_set *columns);

/* JSON <row> objects.  ovsdb_row_from_json() sets the columns that 'json'
 * names (any column of the table, "_uuid" included; errors: "syntax
 * error", "unknown column" "No column C in table T.", and the data errors
 * of ovsdb_datum_from_json()), appending each to 'included' if nonnull;
 * "named-uuid"s are resolved through 'symtab' if nonnull.
 * ovsdb_row_to_json() writes 'columns' (every column if NULL). */
struct ovsdb_error *ovsdb_row_from_json(struct ovsdb_row *row,
                                        const json_t *json,
                                        struct ovsdb_symbol_table *symtab,
                                        struct ovsdb_column_set *included)
    OSW_WARN_UNUSED_RESULT;
json_t *ovsdb_row_to_json(const struct ovsdb_row *row,
                          const struct ovsdb_column_set *columns);

/* Incoming weak-reference bookkeeping (maintained by transaction.c). */
struct ovsdb_weak_src *ovsdb_row_find_weak_src(const struct ovsdb_row *dst,
                                               const struct uuid *src_uuid,
                                               const struct ovsdb_table *);
void ovsdb_row_add_weak_src(struct ovsdb_row *dst,
                            struct ovsdb_table *src_table,
                            const struct uuid *src_uuid, unsigned int n);
void ovsdb_row_remove_weak_src(struct ovsdb_row *dst,
                               const struct ovsdb_table *src_table,
                               const struct uuid *src_uuid, unsigned int n);

/* Row sets: borrowed row pointers.  ovsdb_row_set_sort() sorts by the
 * values of 'columns' (no-op if NULL or empty). */
struct ovsdb_row_set {
    const struct ovsdb_row **rows;
    size_t n_rows, allocated_rows;
};

#define OVSDB_ROW_SET_INITIALIZER { NULL, 0, 0 }

void ovsdb_row_set_init(struct ovsdb_row_set *set);
void ovsdb_row_set_destroy(struct ovsdb_row_set *set);
void ovsdb_row_set_add_row(struct ovsdb_row_set *set,
                           const struct ovsdb_row *row);
void ovsdb_row_set_sort(struct ovsdb_row_set *set,
                        const struct ovsdb_column_set *columns);
json_t *ovsdb_row_set_to_json(const struct ovsdb_row_set *set,
                              const struct ovsdb_column_set *columns);

/* Row hashes: sets of rows distinct on 'columns'. */
struct ovsdb_row_hash {
    struct hmap rows;               /* Contains ovsdb_row_hash_node. */
    struct ovsdb_column_set columns;
};

struct ovsdb_row_hash_node {
    struct hmap_node hmap_node;
    const struct ovsdb_row *row;
};

void ovsdb_row_hash_init(struct ovsdb_row_hash *rh,
                         const struct ovsdb_column_set *columns);
void ovsdb_row_hash_destroy(struct ovsdb_row_hash *rh, bool destroy_rows);
size_t ovsdb_row_hash_count(const struct ovsdb_row_hash *rh);
bool ovsdb_row_hash_contains(const struct ovsdb_row_hash *rh,
                             const struct ovsdb_row *row);
bool ovsdb_row_hash_insert(struct ovsdb_row_hash *rh,
                           const struct ovsdb_row *row);

#endif /* row.h */
