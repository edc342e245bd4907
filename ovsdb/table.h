/* table: the rows of one OVSDB table, in memory.
 *
 * A table holds its rows in 'rows', a hash map keyed by the row's "_uuid",
 * so finding a row by uuid is O(1) (ovsdb_table_get_row()).  'rows' always
 * shows the current state, including the changes of a transaction in
 * progress: the transaction layer inserts, replaces and removes rows in
 * place and puts the old ones back if it aborts.
 *
 * For each unique index of the table schema ("indexes" in the schema), the
 * table keeps a hash map of its rows keyed by the values of the index's
 * columns (ovsdb_row_hash_columns() with basis 0), through the rows' index
 * nodes.  These maps show the last *committed* state only: they are
 * updated when a transaction commits, after it has checked that the
 * indexes stay unique.  Code that looks rows up through an index during a
 * transaction must therefore also look at the rows the transaction changed
 * (ovsdb_query() in condition.h does).
 *
 * Ownership: a table owns its rows and index maps; 'schema' is borrowed
 * (it belongs to the database's schema, or to the caller for a table made
 * outside a database, as the unit tests do).
 *
 * Thread-safety: none; a table belongs to one thread. */
#ifndef OVSDB_TABLE_H
#define OVSDB_TABLE_H 1

#include <stdbool.h>
#include <stddef.h>
#include "osw/hmap.h"
#include "osw/uuid.h"

struct ovsdb_row;
struct ovsdb_table_schema;
struct ovsdb_txn_table;

struct ovsdb_table {
    struct hmap_node hmap_node;     /* In database's 'tables', by schema. */
    const struct ovsdb_table_schema *schema;    /* Borrowed. */
    struct hmap rows;               /* Contains "struct ovsdb_row"s. */
    struct hmap *indexes;           /* One committed map per schema index. */
    struct ovsdb_txn_table *txn_table;  /* Transaction-private. */
};

/* Returns a new empty table of 'schema', which must outlive it. */
struct ovsdb_table *ovsdb_table_create(
    const struct ovsdb_table_schema *schema);
/* Frees 'table' and every row in it.  No transaction may be using it. */
void ovsdb_table_destroy(struct ovsdb_table *table);

/* Returns the row of 'table' whose "_uuid" is 'uuid', or NULL.  During a
 * transaction, this is the transaction's current version of the row. */
const struct ovsdb_row *ovsdb_table_get_row(const struct ovsdb_table *table,
                                            const struct uuid *uuid);

/* Returns the number of rows in 'table' (current state). */
static inline size_t
ovsdb_table_n_rows(const struct ovsdb_table *table)
{
    return hmap_count(&table->rows);
}

#endif /* table.h */
