#include <config.h>
#include "txn-history.h"

#include "osw/hmap.h"
#include "osw/util.h"
#include "ovsdb.h"
#include "ovsdb-data.h"
#include "ovsdb-schema.h"
#include "row.h"
#include "table.h"
#include "transaction.h"

/* A recorded transaction, findable by id. */
struct history_node {
    struct ovsdb_txn_history_entry e;
    struct hmap_node hmap_node;     /* In 'by_id', by uuid_hash(txnid). */
    size_t allocated_changes;
};

struct ovsdb_txn_history {
    struct ovsdb_commit_hook hook;
    struct ovsdb *db;               /* NULL once the database is gone. */
    struct osw_list entries;        /* "struct history_node", oldest first. */
    struct hmap by_id;
    size_t n_txns;
    size_t max_txns;
    size_t n_atoms;                 /* Held by the recorded rows. */
    size_t db_atoms;                /* In the database's committed rows. */
    bool bounded;                   /* Also keep n_atoms <= db_atoms. */
    bool active;                    /* Recording commits?  See the header. */
};

static const struct ovsdb_commit_hook_class history_hook_class;

static size_t
row_n_atoms(const struct ovsdb_row *row)
{
    size_t n = 0;

    if (row) {
        const struct ovsdb_table_schema *ts = row->table->schema;

        for (size_t i = 0; i < ts->n_columns; i++) {
            n += row->fields[i].n * (row->fields[i].values ? 2 : 1);
        }
    }
    return n;
}

static void
history_node_free(struct history_node *node)
{
    for (size_t i = 0; i < node->e.n_changes; i++) {
        struct ovsdb_txn_history_change *c = &node->e.changes[i];

        ovsdb_row_destroy(CONST_CAST(struct ovsdb_row *, c->old));
        ovsdb_row_destroy(CONST_CAST(struct ovsdb_row *, c->new));
    }
    free(node->e.changes);
    free(node);
}

static void
history_drop_oldest(struct ovsdb_txn_history *h)
{
    struct history_node *node;

    node = CONTAINER_OF(osw_list_pop_front(&h->entries), struct history_node,
                        e.list_node);
    hmap_remove(&h->by_id, &node->hmap_node);
    h->n_txns--;
    h->n_atoms -= node->e.n_atoms;
    history_node_free(node);
}

static void
history_trim(struct ovsdb_txn_history *h)
{
    while (h->n_txns > h->max_txns
           || (h->bounded && h->n_txns > 1 && h->n_atoms > h->db_atoms)) {
        history_drop_oldest(h);
    }
}

static void
history_clear(struct ovsdb_txn_history *h)
{
    while (h->n_txns) {
        history_drop_oldest(h);
    }
}

struct record_aux {
    struct ovsdb_txn_history *h;
    struct history_node *node;
};

static bool
history_record_change(const struct ovsdb_row *old, const struct ovsdb_row *new,
                      const unsigned long *changed OSW_UNUSED, void *aux_)
{
    struct record_aux *aux = aux_;
    struct history_node *node = aux->node;
    struct ovsdb_txn_history_change *c;
    size_t old_atoms = row_n_atoms(old);
    size_t new_atoms = row_n_atoms(new);

    if (node->e.n_changes >= node->allocated_changes) {
        node->e.changes = x2nrealloc(node->e.changes,
                                     &node->allocated_changes,
                                     sizeof *node->e.changes);
    }
    c = &node->e.changes[node->e.n_changes++];
    c->table = (new ? new : old)->table;
    c->uuid = *ovsdb_row_get_uuid(new ? new : old);
    c->old = old ? ovsdb_row_clone(old) : NULL;
    c->new = new ? ovsdb_row_clone(new) : NULL;

    node->e.n_atoms += old_atoms + new_atoms;
    aux->h->db_atoms += new_atoms;
    aux->h->db_atoms -= MIN(old_atoms, aux->h->db_atoms);
    return true;
}

/* Appends 'node' to 'h' as its newest transaction. */
static void
history_add(struct ovsdb_txn_history *h, struct history_node *node)
{
    osw_list_push_back(&h->entries, &node->e.list_node);
    hmap_insert(&h->by_id, &node->hmap_node, uuid_hash(&node->e.txnid));
    h->n_txns++;
    h->n_atoms += node->e.n_atoms;
    history_trim(h);
}

static void
history_commit(struct ovsdb_commit_hook *hook, const struct ovsdb_txn *txn)
{
    struct ovsdb_txn_history *h = CONTAINER_OF(hook, struct ovsdb_txn_history,
                                               hook);
    if (!h->active) {
        return;
    }

    struct history_node *node = xzalloc(sizeof *node);
    struct record_aux aux = { h, node };

    node->e.txnid = *ovsdb_txn_get_txnid(txn);
    ovsdb_txn_for_each_change(txn, history_record_change, &aux);
    history_add(h, node);
}

/* Counts the atoms of 'h''s database into 'h->db_atoms'. */
static void
history_count_db_atoms(struct ovsdb_txn_history *h)
{
    h->db_atoms = 0;
    for (size_t i = 0; i < h->db->n_tables; i++) {
        const struct ovsdb_row *row;

        HMAP_FOR_EACH (row, hmap_node, &h->db->tables[i]->rows) {
            h->db_atoms += row_n_atoms(row);
        }
    }
}

/* The database is being destroyed: forget everything about it. */
static void
history_db_destroyed(struct ovsdb_commit_hook *hook)
{
    struct ovsdb_txn_history *h = CONTAINER_OF(hook, struct ovsdb_txn_history,
                                               hook);

    history_clear(h);
    h->db = NULL;
    h->db_atoms = 0;
}

static const struct ovsdb_commit_hook_class history_hook_class = {
    NULL,
    history_commit,
    history_db_destroyed,
};

/* Returns a new history of 'db''s commits, keeping up to 'max_txns'. */
struct ovsdb_txn_history *
ovsdb_txn_history_create(struct ovsdb *db, size_t max_txns)
{
    struct ovsdb_txn_history *h = xzalloc(sizeof *h);

    h->db = db;
    osw_list_init(&h->entries);
    hmap_init(&h->by_id);
    h->max_txns = MAX(max_txns, 1);
    h->bounded = true;
    h->active = true;
    history_count_db_atoms(h);
    ovsdb_add_commit_hook(db, &h->hook, &history_hook_class);
    return h;
}

/* Returns a new history of 'db''s commits, keeping up to 'max_txns', that
 * records nothing until activated. */
struct ovsdb_txn_history *
ovsdb_txn_history_create_lazy(struct ovsdb *db, size_t max_txns)
{
    struct ovsdb_txn_history *h = ovsdb_txn_history_create(db, max_txns);
    h->active = false;
    return h;
}

/* Makes 'h' record from now on, starting with an empty entry for its
 * database's last transaction (if any), whose id a client may have. */
void
ovsdb_txn_history_activate(struct ovsdb_txn_history *h)
{
    if (h->active || !h->db) {
        return;
    }
    h->active = true;

    /* Not kept up to date while inactive. */
    history_count_db_atoms(h);
    if (!uuid_is_zero(&h->db->last_txnid)) {
        struct history_node *node = xzalloc(sizeof *node);
        node->e.txnid = h->db->last_txnid;
        history_add(h, node);
    }
}

/* Detaches 'h' from its database (if still there) and frees it. */
void
ovsdb_txn_history_destroy(struct ovsdb_txn_history *h)
{
    if (h) {
        if (h->db) {
            ovsdb_remove_commit_hook(&h->hook);
        }
        history_clear(h);
        hmap_destroy(&h->by_id);
        free(h);
    }
}

/* Sets the most transactions 'h' keeps to 'max_txns' (at least 1). */
void
ovsdb_txn_history_set_max(struct ovsdb_txn_history *h, size_t max_txns)
{
    h->max_txns = MAX(max_txns, 1);
    history_trim(h);
}

/* Sets whether 'h' keeps no more atoms than its database holds. */
void
ovsdb_txn_history_set_bounded_by_db(struct ovsdb_txn_history *h,
                                    bool bounded)
{
    h->bounded = bounded;
    history_trim(h);
}

/* Returns the number of transactions in 'h'. */
size_t
ovsdb_txn_history_count(const struct ovsdb_txn_history *h)
{
    return h->n_txns;
}

/* Returns the number of atoms held by 'h''s recorded rows. */
size_t
ovsdb_txn_history_n_atoms(const struct ovsdb_txn_history *h)
{
    return h->n_atoms;
}

/* Returns the number of atoms in 'h''s database. */
size_t
ovsdb_txn_history_db_atoms(const struct ovsdb_txn_history *h)
{
    return h->db_atoms;
}

/* Returns the transaction of 'h' with id 'txnid', or NULL. */
const struct ovsdb_txn_history_entry *
ovsdb_txn_history_find(const struct ovsdb_txn_history *h,
                       const struct uuid *txnid)
{
    const struct history_node *node;

    HMAP_FOR_EACH_WITH_HASH (node, hmap_node, uuid_hash(txnid), &h->by_id) {
        if (uuid_equals(&node->e.txnid, txnid)) {
            return &node->e;
        }
    }
    return NULL;
}

/* Returns the oldest transaction of 'h', or NULL. */
const struct ovsdb_txn_history_entry *
ovsdb_txn_history_first(const struct ovsdb_txn_history *h)
{
    return (osw_list_is_empty(&h->entries) ? NULL
            : CONTAINER_OF(osw_list_front(&h->entries),
                           struct ovsdb_txn_history_entry, list_node));
}

/* Returns the newest transaction of 'h', or NULL. */
const struct ovsdb_txn_history_entry *
ovsdb_txn_history_last(const struct ovsdb_txn_history *h)
{
    return (osw_list_is_empty(&h->entries) ? NULL
            : CONTAINER_OF(osw_list_back(&h->entries),
                           struct ovsdb_txn_history_entry, list_node));
}

/* Returns the transaction of 'h' that follows 'e', or NULL. */
const struct ovsdb_txn_history_entry *
ovsdb_txn_history_next(const struct ovsdb_txn_history *h,
                       const struct ovsdb_txn_history_entry *e)
{
    return (e->list_node.next == &h->entries ? NULL
            : CONTAINER_OF(e->list_node.next,
                           struct ovsdb_txn_history_entry, list_node));
}
