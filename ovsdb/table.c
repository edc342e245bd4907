#include <config.h>
#include "table.h"

#include <stdlib.h>
#include "ovsdb-schema.h"
#include "row.h"

/* Returns a new empty table for 'schema' (borrowed). */
struct ovsdb_table *
ovsdb_table_create(const struct ovsdb_table_schema *schema)
{
    struct ovsdb_table *table = xzalloc(sizeof *table);

    table->schema = schema;
    hmap_init(&table->rows);
    table->indexes = xmalloc(MAX(schema->n_indexes, 1)
                             * sizeof *table->indexes);
    for (size_t i = 0; i < schema->n_indexes; i++) {
        hmap_init(&table->indexes[i]);
    }
    table->txn_table = NULL;
    return table;
}

/* Frees 'table' and its rows (NULL is allowed). */
void
ovsdb_table_destroy(struct ovsdb_table *table)
{
    if (table) {
        struct ovsdb_row *row;

        osw_assert(!table->txn_table);
        for (size_t i = 0; i < table->schema->n_indexes; i++) {
            hmap_destroy(&table->indexes[i]);
        }
        free(table->indexes);

        HMAP_FOR_EACH_POP (row, hmap_node, &table->rows) {
            ovsdb_row_destroy(row);
        }
        hmap_destroy(&table->rows);
        free(table);
    }
}

/* Returns the row of 'table' with "_uuid" 'uuid', or NULL. */
const struct ovsdb_row *
ovsdb_table_get_row(const struct ovsdb_table *table, const struct uuid *uuid)
{
    const struct ovsdb_row *row;

    HMAP_FOR_EACH_WITH_HASH (row, hmap_node, uuid_hash(uuid), &table->rows) {
        if (uuid_equals(ovsdb_row_get_uuid(row), uuid)) {
            return row;
        }
    }
    return NULL;
}
