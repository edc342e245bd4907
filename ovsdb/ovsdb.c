#include <config.h>
#include "ovsdb.h"

#include <stdlib.h>
#include "osw/hash.h"
#include "ovsdb-schema.h"
#include "table.h"

/* Returns a new empty database for 'schema', which it takes over. */
struct ovsdb *
ovsdb_create(struct ovsdb_schema *schema)
{
    struct ovsdb *db = xzalloc(sizeof *db);

    db->schema = schema;
    db->n_tables = schema->n_tables;
    db->tables = xmalloc(MAX(db->n_tables, 1) * sizeof *db->tables);
    hmap_init(&db->tables_by_schema);
    for (size_t i = 0; i < db->n_tables; i++) {
        struct ovsdb_table *table = ovsdb_table_create(schema->tables[i]);

        db->tables[i] = table;
        hmap_insert(&db->tables_by_schema, &table->hmap_node,
                    hash_pointer(table->schema, 0));
    }
    osw_list_init(&db->hooks);
    db->txn = NULL;
    db->n_commits = 0;
    uuid_zero(&db->last_txnid);
    return db;
}

/* Frees 'db' (NULL is allowed) after destroying its remaining hooks. */
void
ovsdb_destroy(struct ovsdb *db)
{
    if (db) {
        struct ovsdb_commit_hook *hook;

        osw_assert(!db->txn);
        OSW_LIST_FOR_EACH_POP (hook, list_node, &db->hooks) {
            if (hook->class->destroy) {
                hook->class->destroy(hook);
            }
        }
        for (size_t i = 0; i < db->n_tables; i++) {
            ovsdb_table_destroy(db->tables[i]);
        }
        free(db->tables);
        hmap_destroy(&db->tables_by_schema);
        ovsdb_schema_destroy(db->schema);
        free(db);
    }
}

/* Returns the table of 'db' whose schema is 'ts', or NULL. */
struct ovsdb_table *
ovsdb_get_table_by_schema(const struct ovsdb *db,
                          const struct ovsdb_table_schema *ts)
{
    struct ovsdb_table *table;

    HMAP_FOR_EACH_WITH_HASH (table, hmap_node, hash_pointer(ts, 0),
                             &db->tables_by_schema) {
        if (table->schema == ts) {
            return table;
        }
    }
    return NULL;
}

/* Returns the table of 'db' called 'name', or NULL. */
struct ovsdb_table *
ovsdb_get_table(const struct ovsdb *db, const char *name)
{
    const struct ovsdb_table_schema *ts = ovsdb_schema_find_table(db->schema,
                                                                  name);
    return ts ? ovsdb_get_table_by_schema(db, ts) : NULL;
}

/* Attaches 'hook', of class 'class', to 'db' after the existing hooks. */
void
ovsdb_add_commit_hook(struct ovsdb *db, struct ovsdb_commit_hook *hook,
                      const struct ovsdb_commit_hook_class *class)
{
    hook->class = class;
    osw_list_push_back(&db->hooks, &hook->list_node);
}

/* Detaches 'hook' from its database. */
void
ovsdb_remove_commit_hook(struct ovsdb_commit_hook *hook)
{
    osw_list_remove(&hook->list_node);
}
