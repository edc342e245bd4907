#include <config.h>
#include "monitor.h"

#include <limits.h>
#include <string.h>
#include "condition.h"
#include "osw/hmap.h"
#include "osw/list.h"
#include "ovsdb.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"
#include "ovsdb-schema.h"
#include "row.h"
#include "table.h"
#include "transaction.h"
#include "txn-history.h"

/* How it works
 * ============
 *
 * One 'struct mon_db' per database holds the commit hook.  Monitors whose
 * requests are identical (same tables, columns and per-column "select")
 * share a 'struct mon_spec'.  A spec has a list of change sets
 * ('struct mon_changes'); each monitor points to the change set that
 * started when it last took an update, and monitors that took at the same
 * point share it.  A change set maps each changed row to a snapshot of the
 * row as it was when the change set started ('old', NULL if the row did
 * not exist then); the row as it is now is looked up in the table when
 * the update is built.  Every commit adds the rows it touches to every
 * change set that does not have them yet (that is all the coalescing
 * there is), and removes rows inserted and deleted within the window.
 *
 * Only changes to "tracked" columns (monitored ones and those the
 * monitors' conditions look at) create entries, so that, for example,
 * statistics updates do not cost anything to a monitor that does not
 * watch them. */

/* Kinds of change ("select" flags). */
enum {
    MON_INITIAL = 1 << 0,
    MON_INSERT = 1 << 1,
    MON_DELETE = 1 << 2,
    MON_MODIFY = 1 << 3,
    MON_ALL = MON_INITIAL | MON_INSERT | MON_DELETE | MON_MODIFY
};

/* Output formats: V2 and V3 share <table-updates2>. */
enum mon_format {
    FMT_V1,
    FMT_V2,
    N_FMTS
};

#define LONG_BITS (sizeof(unsigned long) * CHAR_BIT)
#define BITMAP_LONGS(N) DIV_ROUND_UP(N, LONG_BITS)

struct mon_column {
    const struct ovsdb_column *column;
    unsigned int select;
};

/* One monitored table of a spec. */
struct mon_table {
    const struct ovsdb_table *table;
    size_t db_idx;                  /* Position in the db's 'tables'. */
    struct mon_column *columns;     /* Sorted by column index. */
    size_t n_columns, allocated_columns;
    unsigned int select;            /* OR of the requests' 'select'. */
    unsigned long *tracked;         /* Bitmap over the table's columns. */
    bool *scratch;                  /* 'n_columns' flags for composing. */
};

struct mon_db;

struct mon_spec {
    struct osw_list node;           /* In mon_db's 'specs'. */
    struct mon_db *mdb;
    struct mon_table *tables;       /* Sorted by 'db_idx'. */
    size_t n_tables;
    int *by_db_idx;                 /* Index into 'tables', or -1. */
    struct osw_list monitors;       /* Contains "struct ovsdb_monitor". */
    struct osw_list change_sets;    /* "struct mon_changes", oldest first. */
    json_t *initial[N_FMTS];        /* Unconditional initial contents. */
};

/* A copy of a row as it was when some change set started, shared by all
 * the change sets that need it. */
struct mon_snap {
    struct ovsdb_row *row;
    size_t n_refs;
    size_t n_bytes;
};

struct mon_entry {
    struct hmap_node node;          /* In a change set's table map. */
    struct uuid uuid;
    struct mon_snap *old;           /* NULL: did not exist at the start. */
};

struct mon_changes {
    struct osw_list node;           /* In spec's 'change_sets'. */
    struct hmap *tables;            /* One map per spec table. */
    size_t n_tables;
    size_t n_entries;
    size_t n_bytes;
    size_t n_refs;                  /* Monitors using it. */
    json_t *json[N_FMTS];           /* Unconditional update, if built. */
    bool json_valid[N_FMTS];
};

struct mon_db {
    struct ovsdb_commit_hook hook;
    struct ovsdb *db;
    struct osw_list specs;          /* Contains "struct mon_spec". */
    size_t last_idx;                /* Table index lookup cache. */
};

struct ovsdb_monitor {
    struct osw_list node;           /* In spec's 'monitors'. */
    struct mon_spec *spec;          /* NULL once the db is gone. */
    struct ovsdb *db;
    enum ovsdb_monitor_version version;
    struct mon_changes *changes;    /* The current window. */
    struct ovsdb_condition *conds;  /* Per spec table; NULL for V1. */
    bool conditional;               /* Some condition filters rows. */
};

static const struct ovsdb_commit_hook_class mon_db_hook_class;

/* Bitmaps. */

static void
bitmap_set1(unsigned long *bitmap, size_t idx)
{
    bitmap[idx / LONG_BITS] |= 1UL << (idx % LONG_BITS);
}

static bool
bitmap_intersects(const unsigned long *a, const unsigned long *b, size_t n)
{
    for (size_t i = 0; i < BITMAP_LONGS(n); i++) {
        if (a[i] & b[i]) {
            return true;
        }
    }
    return false;
}

/* Conditions.  Monitor conditions OR their clauses; an empty condition
 * matches everything. */

static bool
cond_is_all(const struct ovsdb_condition *cnd)
{
    if (!cnd || !cnd->n_clauses) {
        return true;
    }
    for (size_t i = 0; i < cnd->n_clauses; i++) {
        if (cnd->clauses[i].function == OVSDB_F_TRUE) {
            return true;
        }
    }
    return false;
}

static bool
cond_is_none(const struct ovsdb_condition *cnd)
{
    if (!cnd || !cnd->n_clauses) {
        return false;
    }
    for (size_t i = 0; i < cnd->n_clauses; i++) {
        if (cnd->clauses[i].function != OVSDB_F_FALSE) {
            return false;
        }
    }
    return true;
}

static bool
cond_match(const struct ovsdb_condition *cnd, const struct ovsdb_row *row)
{
    if (!cnd || !cnd->n_clauses) {
        return true;
    }
    for (size_t i = 0; i < cnd->n_clauses; i++) {
        const struct ovsdb_condition one = { &cnd->clauses[i], 1 };

        if (cnd->clauses[i].function == OVSDB_F_FALSE) {
            continue;
        }
        if (cnd->clauses[i].function == OVSDB_F_TRUE
            || ovsdb_condition_evaluate(row, &one)) {
            return true;
        }
    }
    return false;
}

/* Snapshots. */

static size_t
atoms_bytes(const union ovsdb_atom *atoms, unsigned int n,
            enum ovsdb_atomic_type type)
{
    size_t bytes = n * sizeof *atoms;

    if (type == OVSDB_TYPE_STRING) {
        for (unsigned int i = 0; i < n; i++) {
            bytes += strlen(atoms[i].string) + 1;
        }
    }
    return bytes;
}

static size_t
row_bytes(const struct ovsdb_row *row)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    size_t bytes = sizeof *row + ts->n_columns * sizeof row->fields[0];

    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_type *type = &ts->columns[i]->type;
        const struct ovsdb_datum *d = &row->fields[i];

        bytes += atoms_bytes(d->keys, d->n, type->key.type);
        if (d->values) {
            bytes += atoms_bytes(d->values, d->n, type->value.type);
        }
    }
    return bytes;
}

static struct mon_snap *
snap_create(const struct ovsdb_row *row)
{
    struct mon_snap *snap = xmalloc(sizeof *snap);

    snap->row = ovsdb_row_clone(row);
    snap->n_refs = 1;
    snap->n_bytes = row_bytes(row);
    return snap;
}

static struct mon_snap *
snap_ref(struct mon_snap *snap)
{
    if (snap) {
        snap->n_refs++;
    }
    return snap;
}

static void
snap_unref(struct mon_snap *snap)
{
    if (snap && !--snap->n_refs) {
        ovsdb_row_destroy(snap->row);
        free(snap);
    }
}

/* Change sets. */

static struct mon_changes *
changes_create(size_t n_tables)
{
    struct mon_changes *cs = xzalloc(sizeof *cs);

    cs->tables = xmalloc(n_tables * sizeof *cs->tables + 1);
    for (size_t i = 0; i < n_tables; i++) {
        hmap_init(&cs->tables[i]);
    }
    cs->n_tables = n_tables;
    osw_list_poison(&cs->node);
    return cs;
}

static void
changes_drop_json(struct mon_changes *cs)
{
    for (int i = 0; i < N_FMTS; i++) {
        json_decref(cs->json[i]);
        cs->json[i] = NULL;
        cs->json_valid[i] = false;
    }
}

static void
changes_free(struct mon_changes *cs)
{
    for (size_t i = 0; i < cs->n_tables; i++) {
        struct mon_entry *e;

        HMAP_FOR_EACH_POP (e, node, &cs->tables[i]) {
            snap_unref(e->old);
            free(e);
        }
        hmap_destroy(&cs->tables[i]);
    }
    free(cs->tables);
    changes_drop_json(cs);
    free(cs);
}

static void
changes_unref(struct mon_changes *cs)
{
    if (cs && !--cs->n_refs) {
        if (osw_list_is_linked(&cs->node)) {
            osw_list_remove(&cs->node);
        }
        changes_free(cs);
    }
}

static struct mon_entry *
changes_find(const struct mon_changes *cs, size_t t, const struct uuid *uuid)
{
    struct mon_entry *e;

    HMAP_FOR_EACH_WITH_HASH (e, node, uuid_hash(uuid), &cs->tables[t]) {
        if (uuid_equals(&e->uuid, uuid)) {
            return e;
        }
    }
    return NULL;
}

static size_t
entry_bytes(const struct mon_entry *e)
{
    return sizeof *e + (e->old ? e->old->n_bytes : 0);
}

/* Adds an entry for 'uuid' in spec table 't', taking a reference to
 * 'old' (which may be NULL). */
static void
changes_add(struct mon_changes *cs, size_t t, const struct uuid *uuid,
            struct mon_snap *old)
{
    struct mon_entry *e = xmalloc(sizeof *e);

    e->uuid = *uuid;
    e->old = snap_ref(old);
    hmap_insert(&cs->tables[t], &e->node, uuid_hash(uuid));
    cs->n_entries++;
    cs->n_bytes += entry_bytes(e);
}

static void
changes_remove(struct mon_changes *cs, size_t t, struct mon_entry *e)
{
    hmap_remove(&cs->tables[t], &e->node);
    cs->n_entries--;
    cs->n_bytes -= entry_bytes(e);
    snap_unref(e->old);
    free(e);
}

/* Specs. */

static void
mon_table_destroy(struct mon_table *mt)
{
    free(mt->columns);
    free(mt->tracked);
    free(mt->scratch);
}

static void
spec_drop_initial(struct mon_spec *spec)
{
    for (int i = 0; i < N_FMTS; i++) {
        json_decref(spec->initial[i]);
        spec->initial[i] = NULL;
    }
}

/* Frees 'spec' and its change sets (which must no longer be used). */
static void
spec_free(struct mon_spec *spec)
{
    struct mon_changes *cs;

    if (!spec) {
        return;
    }
    OSW_LIST_FOR_EACH_POP (cs, node, &spec->change_sets) {
        changes_free(cs);
    }
    for (size_t i = 0; i < spec->n_tables; i++) {
        mon_table_destroy(&spec->tables[i]);
    }
    spec_drop_initial(spec);
    free(spec->tables);
    free(spec->by_db_idx);
    free(spec);
}

static bool
spec_equal(const struct mon_spec *a, const struct mon_spec *b)
{
    if (a->n_tables != b->n_tables) {
        return false;
    }
    for (size_t i = 0; i < a->n_tables; i++) {
        const struct mon_table *x = &a->tables[i];
        const struct mon_table *y = &b->tables[i];

        if (x->table != y->table || x->n_columns != y->n_columns
            || x->select != y->select) {
            return false;
        }
        for (size_t j = 0; j < x->n_columns; j++) {
            if (x->columns[j].column != y->columns[j].column
                || x->columns[j].select != y->columns[j].select) {
                return false;
            }
        }
    }
    return true;
}

/* Recomputes which columns of each table need watching: the monitored
 * ones and those that some monitor's condition reads. */
static void
spec_update_tracked(struct mon_spec *spec)
{
    for (size_t i = 0; i < spec->n_tables; i++) {
        struct mon_table *mt = &spec->tables[i];
        size_t n = mt->table->schema->n_columns;
        const struct ovsdb_monitor *m;

        memset(mt->tracked, 0, BITMAP_LONGS(n) * sizeof *mt->tracked);
        for (size_t j = 0; j < mt->n_columns; j++) {
            bitmap_set1(mt->tracked, mt->columns[j].column->index);
        }
        OSW_LIST_FOR_EACH (m, node, &spec->monitors) {
            const struct ovsdb_condition *cnd = m->conds ? &m->conds[i] : NULL;

            for (size_t k = 0; cnd && k < cnd->n_clauses; k++) {
                if (cnd->clauses[k].column) {
                    bitmap_set1(mt->tracked, cnd->clauses[k].column->index);
                }
            }
        }
    }
}

/* Returns a change set for a monitor of 'spec' whose window starts now,
 * with a reference for the caller. */
static struct mon_changes *
spec_fresh_changes(struct mon_spec *spec)
{
    struct mon_changes *cs;

    if (!osw_list_is_empty(&spec->change_sets)) {
        cs = CONTAINER_OF(osw_list_back(&spec->change_sets),
                          struct mon_changes, node);
        if (!cs->n_entries) {
            cs->n_refs++;
            return cs;
        }
    }
    cs = changes_create(spec->n_tables);
    cs->n_refs = 1;
    osw_list_push_back(&spec->change_sets, &cs->node);
    return cs;
}

/* The per-database hook. */

static size_t
db_table_index(const struct ovsdb *db, const struct ovsdb_table *table,
               size_t hint)
{
    if (hint < db->n_tables && db->tables[hint] == table) {
        return hint;
    }
    for (size_t i = 0; i < db->n_tables; i++) {
        if (db->tables[i] == table) {
            return i;
        }
    }
    osw_assert(false);
    return 0;
}

static bool
mon_db_change_cb(const struct ovsdb_row *old, const struct ovsdb_row *new,
                 const unsigned long *changed, void *mdb_)
{
    struct mon_db *mdb = mdb_;
    const struct ovsdb_row *any = new ? new : old;
    const struct uuid *uuid = ovsdb_row_get_uuid(any);
    struct mon_snap *snap = NULL;
    struct mon_spec *spec;
    size_t idx;

    idx = db_table_index(mdb->db, any->table, mdb->last_idx);
    mdb->last_idx = idx;

    OSW_LIST_FOR_EACH (spec, node, &mdb->specs) {
        int t = spec->by_db_idx[idx];
        struct mon_changes *cs;
        struct mon_table *mt;
        bool relevant;

        if (t < 0) {
            continue;
        }
        mt = &spec->tables[t];
        relevant = (!old || !new
                    || bitmap_intersects(changed, mt->tracked,
                                         mt->table->schema->n_columns));
        if (relevant) {
            spec_drop_initial(spec);
        }
        OSW_LIST_FOR_EACH (cs, node, &spec->change_sets) {
            struct mon_entry *e = changes_find(cs, t, uuid);

            if (e) {
                if (!new && !e->old) {
                    /* Inserted and deleted within the window. */
                    changes_remove(cs, t, e);
                }
                changes_drop_json(cs);
            } else if (relevant) {
                if (old && !snap) {
                    snap = snap_create(old);
                }
                changes_add(cs, t, uuid, old ? snap : NULL);
                changes_drop_json(cs);
            }
        }
    }
    snap_unref(snap);
    return true;
}

static void
mon_db_commit(struct ovsdb_commit_hook *hook, const struct ovsdb_txn *txn)
{
    struct mon_db *mdb = CONTAINER_OF(hook, struct mon_db, hook);

    ovsdb_txn_for_each_change(txn, mon_db_change_cb, mdb);
}

static void monitor_orphan(struct ovsdb_monitor *);

/* The database is being destroyed under its monitors. */
static void
mon_db_destroy(struct ovsdb_commit_hook *hook)
{
    struct mon_db *mdb = CONTAINER_OF(hook, struct mon_db, hook);
    struct mon_spec *spec;

    OSW_LIST_FOR_EACH_POP (spec, node, &mdb->specs) {
        struct ovsdb_monitor *m;

        OSW_LIST_FOR_EACH_POP (m, node, &spec->monitors) {
            monitor_orphan(m);
        }
        spec_free(spec);
    }
    free(mdb);
}

static const struct ovsdb_commit_hook_class mon_db_hook_class = {
    NULL,
    mon_db_commit,
    mon_db_destroy,
};

static struct mon_db *
mon_db_get(struct ovsdb *db)
{
    struct ovsdb_commit_hook *hook;
    struct mon_db *mdb;

    OSW_LIST_FOR_EACH (hook, list_node, &db->hooks) {
        if (hook->class == &mon_db_hook_class) {
            return CONTAINER_OF(hook, struct mon_db, hook);
        }
    }
    mdb = xzalloc(sizeof *mdb);
    mdb->db = db;
    osw_list_init(&mdb->specs);
    ovsdb_add_commit_hook(db, &mdb->hook, &mon_db_hook_class);
    return mdb;
}

/* Composing updates. */

static enum mon_format
monitor_format(const struct ovsdb_monitor *m)
{
    return m->version == OVSDB_MONITOR_V1 ? FMT_V1 : FMT_V2;
}

/* Decides what to report about a row that was 'old' (matching
 * 'old_cond') and is now 'new' (matching 'new_cond'); either may be NULL
 * for a row that did not or does not exist, and the conditions may be
 * NULL for "every row".  Returns one of MON_*, or 0 for nothing.  For
 * MON_MODIFY, fills mt->scratch with which monitored columns changed. */
static unsigned int
classify(const struct mon_table *mt, bool initial,
         const struct ovsdb_condition *old_cond,
         const struct ovsdb_condition *new_cond,
         const struct ovsdb_row *old, const struct ovsdb_row *new)
{
    unsigned int type;

    if (!old && !new) {
        return 0;
    }
    type = (initial ? MON_INITIAL
            : !old ? MON_INSERT
            : !new ? MON_DELETE
            : MON_MODIFY);

    if (old_cond || new_cond) {
        bool old_match = old && cond_match(old_cond, old);
        bool new_match = new && cond_match(new_cond, new);

        if (type == MON_MODIFY) {
            type = (!old_match && !new_match ? 0
                    : !old_match ? MON_INSERT
                    : !new_match ? MON_DELETE
                    : MON_MODIFY);
        } else if (type == MON_DELETE ? !old_match : !new_match) {
            type = 0;
        }
    }
    if (!(type & mt->select)) {
        return 0;
    }

    if (type == MON_MODIFY) {
        size_t n_changes = 0;

        if (old == new) {
            return 0;
        }
        for (size_t i = 0; i < mt->n_columns; i++) {
            const struct ovsdb_column *c = mt->columns[i].column;
            bool ch = !ovsdb_datum_equals(&old->fields[c->index],
                                          &new->fields[c->index], &c->type);

            mt->scratch[i] = ch;
            n_changes += ch;
        }
        if (!n_changes) {
            return 0;
        }
    }
    return type;
}

static json_t *
row_json_v1(const struct mon_table *mt, unsigned int type,
            const struct ovsdb_row *old, const struct ovsdb_row *new)
{
    json_t *row = json_object();
    json_t *old_json = NULL, *new_json = NULL;

    if (type & (MON_DELETE | MON_MODIFY)) {
        old_json = json_object();
        json_object_set_new_nocheck(row, "old", old_json);
    }
    if (type & (MON_INITIAL | MON_INSERT | MON_MODIFY)) {
        new_json = json_object();
        json_object_set_new_nocheck(row, "new", new_json);
    }
    for (size_t i = 0; i < mt->n_columns; i++) {
        const struct mon_column *c = &mt->columns[i];
        const struct ovsdb_column *col = c->column;

        if (!(type & c->select)) {
            continue;
        }
        if (type == MON_DELETE || (type == MON_MODIFY && mt->scratch[i])) {
            json_object_set_new_nocheck(
                old_json, col->name,
                ovsdb_datum_to_json(&old->fields[col->index], &col->type));
        }
        if (new_json) {
            json_object_set_new_nocheck(
                new_json, col->name,
                ovsdb_datum_to_json(&new->fields[col->index], &col->type));
        }
    }
    return row;
}

/* The "modify" value of one column: the new value for a column that holds
 * at most one value, otherwise the elements that changed. */
static json_t *
column_diff_json(const struct ovsdb_column *col, const struct ovsdb_row *old,
                 const struct ovsdb_row *new)
{
    const struct ovsdb_datum *o = &old->fields[col->index];
    const struct ovsdb_datum *n = &new->fields[col->index];
    struct ovsdb_datum diff;
    json_t *json;

    if (col->type.n_max == 1) {
        return ovsdb_datum_to_json(n, &col->type);
    }
    ovsdb_datum_diff(&diff, o, n, &col->type);
    json = ovsdb_datum_to_json(&diff, &col->type);
    ovsdb_datum_destroy(&diff, &col->type);
    return json;
}

static json_t *
row_json_v2(const struct mon_table *mt, unsigned int type,
            const struct ovsdb_row *old, const struct ovsdb_row *new)
{
    json_t *row = json_object();
    json_t *values;

    if (type == MON_DELETE) {
        json_object_set_new_nocheck(row, "delete", json_null());
        return row;
    }

    values = json_object();
    for (size_t i = 0; i < mt->n_columns; i++) {
        const struct mon_column *c = &mt->columns[i];
        const struct ovsdb_column *col = c->column;
        const struct ovsdb_datum *d = &new->fields[col->index];

        if (!(type & c->select)) {
            continue;
        }
        if (type == MON_MODIFY) {
            if (mt->scratch[i]) {
                json_object_set_new_nocheck(values, col->name,
                                            column_diff_json(col, old, new));
            }
        } else if (!ovsdb_datum_is_default(d, &col->type)) {
            json_object_set_new_nocheck(values, col->name,
                                        ovsdb_datum_to_json(d, &col->type));
        }
    }
    json_object_set_new_nocheck(row, (type == MON_INITIAL ? "initial"
                                      : type == MON_INSERT ? "insert"
                                      : "modify"), values);
    return row;
}

/* Adds to '*result' (created if NULL) the <row-update> of a row for
 * table 'mt', if there is anything to report.  '*table_json' caches the
 * table's member of '*result' (start with NULL for each table). */
static void
compose_row(json_t **result, json_t **table_json, const struct mon_table *mt,
            enum mon_format fmt, bool initial,
            const struct ovsdb_condition *old_cond,
            const struct ovsdb_condition *new_cond,
            const struct uuid *uuid,
            const struct ovsdb_row *old, const struct ovsdb_row *new)
{
    unsigned int type = classify(mt, initial, old_cond, new_cond, old, new);
    char uuid_s[UUID_LEN + 1];

    if (!type) {
        return;
    }
    if (!*result) {
        *result = json_object();
    }
    if (!*table_json) {
        *table_json = json_object();
        json_object_set_new_nocheck(*result, mt->table->schema->name,
                                    *table_json);
    }
    uuid_to_string(uuid, uuid_s);
    json_object_set_new_nocheck(*table_json, uuid_s,
                                (fmt == FMT_V1
                                 ? row_json_v1(mt, type, old, new)
                                 : row_json_v2(mt, type, old, new)));
}

/* Returns the update for the window 'cs' of a monitor of 'spec' with
 * conditions 'conds' (NULL: none), or NULL if nothing is to be told. */
static json_t *
compose_changes(const struct mon_spec *spec, const struct mon_changes *cs,
                enum mon_format fmt, const struct ovsdb_condition *conds)
{
    json_t *result = NULL;

    for (size_t i = 0; i < spec->n_tables; i++) {
        const struct mon_table *mt = &spec->tables[i];
        const struct ovsdb_condition *cnd = conds ? &conds[i] : NULL;
        json_t *table_json = NULL;
        const struct mon_entry *e;

        HMAP_FOR_EACH (e, node, &cs->tables[i]) {
            const struct ovsdb_row *new = ovsdb_table_get_row(mt->table,
                                                              &e->uuid);

            compose_row(&result, &table_json, mt, fmt, false, cnd, cnd,
                        &e->uuid, e->old ? e->old->row : NULL, new);
        }
    }
    return result;
}

static json_t *
compose_initial(const struct ovsdb_monitor *m)
{
    const struct mon_spec *spec = m->spec;
    enum mon_format fmt = monitor_format(m);
    json_t *result = NULL;

    for (size_t i = 0; i < spec->n_tables; i++) {
        const struct mon_table *mt = &spec->tables[i];
        const struct ovsdb_condition *cnd = m->conds ? &m->conds[i] : NULL;
        json_t *table_json = NULL;
        const struct ovsdb_row *row;

        if (!(mt->select & MON_INITIAL) || cond_is_none(cnd)) {
            continue;
        }
        if (cond_is_all(cnd)) {
            cnd = NULL;
        }
        HMAP_FOR_EACH (row, hmap_node, &mt->table->rows) {
            compose_row(&result, &table_json, mt, fmt, true, cnd, cnd,
                        ovsdb_row_get_uuid(row), NULL, row);
        }
    }
    return result ? result : json_object();
}

/* Starts a new window for 'm'. */
static void
monitor_restart(struct ovsdb_monitor *m)
{
    struct mon_changes *old = m->changes;

    m->changes = spec_fresh_changes(m->spec);
    changes_unref(old);
}

static void
monitor_update_conditional(struct ovsdb_monitor *m)
{
    m->conditional = false;
    for (size_t i = 0; m->conds && i < m->spec->n_tables; i++) {
        if (!cond_is_all(&m->conds[i])) {
            m->conditional = true;
        }
    }
}

static void
conds_free(struct ovsdb_condition *conds, size_t n)
{
    if (conds) {
        for (size_t i = 0; i < n; i++) {
            ovsdb_condition_destroy(&conds[i]);
        }
        free(conds);
    }
}

/* The database of 'm' is going away: drop everything that refers to it.
 * The spec and its change sets are freed by the caller. */
static void
monitor_orphan(struct ovsdb_monitor *m)
{
    conds_free(m->conds, m->spec->n_tables);
    m->conds = NULL;
    m->conditional = false;
    m->changes = NULL;
    m->spec = NULL;
    m->db = NULL;
}

/* Parsing requests. */

/* What the requests for one table ask for, while parsing. */
struct parse_table {
    struct mon_table mt;
    bool used;
    bool all_rows;              /* Some request has no "where". */
    json_t *where;              /* Clauses of all the requests. */
};

static struct ovsdb_error *
parse_select(const json_t *json, const char *table_name,
             unsigned int *select)
{
    static const struct {
        const char *name;
        unsigned int bit;
    } kinds[] = {
        { "initial", MON_INITIAL },
        { "insert", MON_INSERT },
        { "delete", MON_DELETE },
        { "modify", MON_MODIFY },
    };
    struct ovsdb_parser parser;

    *select = MON_ALL;
    if (!json) {
        return NULL;
    }
    ovsdb_parser_init(&parser, json, "table %s select", table_name);
    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
        const json_t *b = ovsdb_parser_member(
            &parser, kinds[i].name, OVSDB_P_BOOLEAN | OVSDB_P_OPTIONAL);

        if (b && json_is_false(b)) {
            *select &= ~kinds[i].bit;
        }
    }
    return ovsdb_parser_finish(&parser);
}

static struct ovsdb_error *
parse_add_column(struct mon_table *mt, const struct ovsdb_column *column,
                 unsigned int select, const json_t *syntax)
{
    for (size_t i = 0; i < mt->n_columns; i++) {
        if (mt->columns[i].column == column) {
            return ovsdb_syntax_error(syntax, NULL,
                                      "column %s mentioned more than once",
                                      column->name);
        }
    }
    if (mt->n_columns >= mt->allocated_columns) {
        mt->columns = x2nrealloc(mt->columns, &mt->allocated_columns,
                                 sizeof *mt->columns);
    }
    mt->columns[mt->n_columns].column = column;
    mt->columns[mt->n_columns].select = select;
    mt->n_columns++;
    return NULL;
}

static struct ovsdb_error *
parse_columns(struct mon_table *mt, const json_t *columns,
              unsigned int select, const json_t *request)
{
    const struct ovsdb_table_schema *ts = mt->table->schema;
    struct ovsdb_error *error = NULL;

    if (!columns) {
        for (size_t i = 0; !error && i < ts->n_columns; i++) {
            if (i != OVSDB_COL_UUID) {
                error = parse_add_column(mt, ts->columns[i], select,
                                         request);
            }
        }
        return error;
    }

    for (size_t i = 0; i < json_array_size(columns); i++) {
        const json_t *name = json_array_get(columns, i);
        const struct ovsdb_column *column;

        if (!json_is_string(name)) {
            return ovsdb_syntax_error(columns, NULL,
                                      "array of column names expected");
        }
        column = ovsdb_table_schema_find_column(ts, json_string_value(name));
        if (!column) {
            return ovsdb_syntax_error(columns, NULL,
                                      "%s is not a valid column name",
                                      json_string_value(name));
        }
        error = parse_add_column(mt, column, select, columns);
        if (error) {
            return error;
        }
    }
    return NULL;
}

static struct ovsdb_error *
parse_request(struct parse_table *pt, enum ovsdb_monitor_version version,
              const json_t *request)
{
    const struct ovsdb_table_schema *ts = pt->mt.table->schema;
    const json_t *columns, *select, *where = NULL;
    struct ovsdb_parser parser;
    struct ovsdb_error *error;
    unsigned int sel;

    ovsdb_parser_init(&parser, request, "table %s", ts->name);
    columns = ovsdb_parser_member(&parser, "columns",
                                  OVSDB_P_ARRAY | OVSDB_P_OPTIONAL);
    select = ovsdb_parser_member(&parser, "select",
                                 OVSDB_P_OBJECT | OVSDB_P_OPTIONAL);
    if (version != OVSDB_MONITOR_V1) {
        where = ovsdb_parser_member(&parser, "where",
                                    OVSDB_P_ARRAY | OVSDB_P_OPTIONAL);
    }
    error = ovsdb_parser_finish(&parser);
    if (!error) {
        error = parse_select(select, ts->name, &sel);
    }
    if (!error) {
        error = parse_columns(&pt->mt, columns, sel, request);
    }
    if (error) {
        return error;
    }

    /* As in ovsdb-server, a request selects its kinds of change for the
     * table even if it names no column. */
    pt->mt.select |= sel;
    if (!where || !json_array_size(where)) {
        pt->all_rows = true;
    } else {
        if (!pt->where) {
            pt->where = json_array();
        }
        json_array_extend(pt->where, CONST_CAST(json_t *, where));
    }
    return NULL;
}

/* Parses the conditions collected for 'pt' into 'cnd'. */
static struct ovsdb_error *
parse_table_condition(const struct parse_table *pt,
                      struct ovsdb_condition *cnd)
{
    if (pt->all_rows || !pt->where) {
        ovsdb_condition_init(cnd);
        return NULL;
    }
    return ovsdb_condition_from_json(pt->mt.table->schema, pt->where, NULL,
                                     cnd);
}

static int
compare_mon_columns(const void *a_, const void *b_)
{
    const struct mon_column *a = a_;
    const struct mon_column *b = b_;

    return (a->column->index > b->column->index)
           - (a->column->index < b->column->index);
}

static void
parse_tables_free(struct parse_table *pts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mon_table_destroy(&pts[i].mt);
        json_decref(pts[i].where);
    }
    free(pts);
}

/* Builds a spec from the parsed tables in 'pts' (indexed like db->tables)
 * moving their column arrays into it. */
static struct mon_spec *
spec_from_parse(const struct ovsdb *db, struct parse_table *pts)
{
    struct mon_spec *spec = xzalloc(sizeof *spec);

    spec->by_db_idx = xmalloc(db->n_tables * sizeof *spec->by_db_idx + 1);
    spec->tables = xcalloc(db->n_tables + 1, sizeof *spec->tables);
    for (size_t i = 0; i < db->n_tables; i++) {
        struct parse_table *pt = &pts[i];
        struct mon_table *mt;
        size_t n_cols;

        spec->by_db_idx[i] = -1;
        if (!pt->used) {
            continue;
        }
        spec->by_db_idx[i] = spec->n_tables;
        mt = &spec->tables[spec->n_tables++];
        *mt = pt->mt;
        memset(&pt->mt, 0, sizeof pt->mt);

        if (mt->n_columns > 1) {
            qsort(mt->columns, mt->n_columns, sizeof *mt->columns,
                  compare_mon_columns);
        }
        n_cols = mt->table->schema->n_columns;
        mt->tracked = xcalloc(BITMAP_LONGS(n_cols), sizeof *mt->tracked);
        mt->scratch = xcalloc(mt->n_columns + 1, sizeof *mt->scratch);
    }
    osw_list_init(&spec->monitors);
    osw_list_init(&spec->change_sets);
    return spec;
}

/* Parses 'requests' into 'pts' (db->n_tables elements). */
static struct ovsdb_error *
parse_requests(struct ovsdb *db, enum ovsdb_monitor_version version,
               const json_t *requests, struct parse_table *pts)
{
    const char *name;
    json_t *value;

    if (!json_is_object(requests)) {
        return ovsdb_syntax_error(requests, NULL,
                                  "monitor-requests must be object");
    }
    json_object_foreach (CONST_CAST(json_t *, requests), name, value) {
        struct ovsdb_table *table = ovsdb_get_table(db, name);
        struct parse_table *pt;
        struct ovsdb_error *error = NULL;

        if (!table) {
            return ovsdb_syntax_error(NULL, NULL, "no table named %s", name);
        }
        pt = &pts[db_table_index(db, table, 0)];
        pt->used = true;
        pt->mt.table = table;
        if (json_is_array(value)) {
            for (size_t i = 0; !error && i < json_array_size(value); i++) {
                error = parse_request(pt, version, json_array_get(value, i));
            }
        } else {
            error = parse_request(pt, version, value);
        }
        if (error) {
            return error;
        }
    }
    return NULL;
}

/* Public functions. */

/* Returns the name of the notification method of 'version'. */
const char *
ovsdb_monitor_update_method(enum ovsdb_monitor_version version)
{
    return (version == OVSDB_MONITOR_V1 ? "update"
            : version == OVSDB_MONITOR_V2 ? "update2"
            : "update3");
}

/* Creates a monitor of 'db' for 'monitor_requests' in protocol 'version',
 * or returns NULL and an error in '*errorp'. */
struct ovsdb_monitor *
ovsdb_monitor_create(struct ovsdb *db, enum ovsdb_monitor_version version,
                     const json_t *monitor_requests,
                     struct ovsdb_error **errorp)
{
    struct parse_table *pts = xcalloc(db->n_tables + 1, sizeof *pts);
    struct ovsdb_condition *conds = NULL;
    struct ovsdb_error *error;
    struct ovsdb_monitor *m;
    struct mon_spec *spec, *s;
    struct mon_db *mdb;
    bool shared = false;

    *errorp = NULL;
    error = parse_requests(db, version, monitor_requests, pts);
    if (error) {
        parse_tables_free(pts, db->n_tables);
        *errorp = error;
        return NULL;
    }

    if (version != OVSDB_MONITOR_V1) {
        size_t t = 0;

        conds = xcalloc(db->n_tables + 1, sizeof *conds);
        for (size_t i = 0; i < db->n_tables; i++) {
            if (pts[i].used) {
                error = parse_table_condition(&pts[i], &conds[t]);
                if (error) {
                    conds_free(conds, t);
                    parse_tables_free(pts, db->n_tables);
                    *errorp = error;
                    return NULL;
                }
                t++;
            }
        }
    }
    spec = spec_from_parse(db, pts);
    parse_tables_free(pts, db->n_tables);

    mdb = mon_db_get(db);
    OSW_LIST_FOR_EACH (s, node, &mdb->specs) {
        if (spec_equal(s, spec)) {
            spec_free(spec);
            spec = s;
            shared = true;
            break;
        }
    }
    if (!shared) {
        spec->mdb = mdb;
        osw_list_push_back(&mdb->specs, &spec->node);
    }

    m = xzalloc(sizeof *m);
    m->spec = spec;
    m->db = db;
    m->version = version;
    m->conds = conds;
    osw_list_push_back(&spec->monitors, &m->node);
    monitor_update_conditional(m);
    spec_update_tracked(spec);
    m->changes = spec_fresh_changes(spec);
    return m;
}

/* Frees 'm'. */
void
ovsdb_monitor_destroy(struct ovsdb_monitor *m)
{
    struct mon_spec *spec;

    if (!m) {
        return;
    }
    spec = m->spec;
    if (spec) {
        struct mon_db *mdb = spec->mdb;

        osw_list_remove(&m->node);
        changes_unref(m->changes);
        conds_free(m->conds, spec->n_tables);
        if (osw_list_is_empty(&spec->monitors)) {
            osw_list_remove(&spec->node);
            spec_free(spec);
            if (osw_list_is_empty(&mdb->specs)) {
                ovsdb_remove_commit_hook(&mdb->hook);
                free(mdb);
            }
        } else {
            spec_update_tracked(spec);
        }
    }
    free(m);
}

/* Returns the protocol version of 'm'. */
enum ovsdb_monitor_version
ovsdb_monitor_get_version(const struct ovsdb_monitor *m)
{
    return m->version;
}

/* Returns the database of 'm', or NULL if it was destroyed. */
struct ovsdb *
ovsdb_monitor_get_db(const struct ovsdb_monitor *m)
{
    return m->db;
}

/* Stores the id of the last transaction committed to 'db' in '*txnid'. */
void
ovsdb_monitor_db_last_txnid(const struct ovsdb *db, struct uuid *txnid)
{
    if (db && db->n_commits) {
        *txnid = db->last_txnid;
    } else {
        uuid_zero(txnid);
    }
}

/* Returns the current contents of what 'm' monitors and starts a new
 * window. */
json_t *
ovsdb_monitor_get_initial(struct ovsdb_monitor *m)
{
    enum mon_format fmt = monitor_format(m);
    struct mon_spec *spec = m->spec;
    json_t *json;

    if (!spec) {
        return json_object();
    }
    monitor_restart(m);
    if (!m->conditional && spec->initial[fmt]) {
        return json_incref(spec->initial[fmt]);
    }
    json = compose_initial(m);
    if (!m->conditional) {
        spec->initial[fmt] = json_incref(json);
    }
    return json;
}

/* Returns what changed since transaction 'last_txnid' if 'history' still
 * has it, otherwise the initial contents; see the header. */
json_t *
ovsdb_monitor_get_initial_since(struct ovsdb_monitor *m,
                                const struct ovsdb_txn_history *history,
                                const struct uuid *last_txnid,
                                bool *found, struct uuid *cur_txnid)
{
    const struct ovsdb_txn_history_entry *e;
    struct mon_changes *cs;
    struct mon_spec *spec = m->spec;
    json_t *json;

    ovsdb_monitor_db_last_txnid(m->db, cur_txnid);
    *found = false;
    if (!spec || !history || uuid_is_zero(last_txnid)
        || !ovsdb_txn_history_find(history, last_txnid)) {
        return ovsdb_monitor_get_initial(m);
    }

    *found = true;
    cs = changes_create(spec->n_tables);
    OVSDB_TXN_HISTORY_FOR_EACH_AFTER (e, last_txnid, history) {
        for (size_t i = 0; i < e->n_changes; i++) {
            const struct ovsdb_txn_history_change *c = &e->changes[i];
            size_t idx = db_table_index(m->db, c->table, 0);
            int t = spec->by_db_idx[idx];

            if (t >= 0 && !changes_find(cs, t, &c->uuid)) {
                struct mon_snap *snap = c->old ? snap_create(c->old) : NULL;

                changes_add(cs, t, &c->uuid, snap);
                snap_unref(snap);
            }
        }
    }
    json = compose_changes(spec, cs, monitor_format(m), m->conds);
    changes_free(cs);
    monitor_restart(m);
    return json ? json : json_object();
}

/* True if changes are pending for 'm'. */
bool
ovsdb_monitor_has_update(const struct ovsdb_monitor *m)
{
    return m->spec && m->changes->n_entries > 0;
}

/* Returns the pending update of 'm' (or NULL) and starts a new window. */
json_t *
ovsdb_monitor_take_update(struct ovsdb_monitor *m, struct uuid *last_txnid)
{
    enum mon_format fmt = monitor_format(m);
    struct mon_changes *cs = m->changes;
    json_t *json;

    if (last_txnid) {
        ovsdb_monitor_db_last_txnid(m->db, last_txnid);
    }
    if (!m->spec || !cs->n_entries) {
        return NULL;
    }

    if (m->conditional) {
        json = compose_changes(m->spec, cs, fmt, m->conds);
    } else {
        if (!cs->json_valid[fmt]) {
            cs->json[fmt] = compose_changes(m->spec, cs, fmt, NULL);
            cs->json_valid[fmt] = true;
        }
        json = cs->json[fmt] ? json_incref(cs->json[fmt]) : NULL;
    }
    monitor_restart(m);
    return json;
}

/* Composes, for spec table 't' whose condition changes from 'old_cond' to
 * 'new_cond', what the client must learn: every row of the table is
 * compared as it was at the start of the window with how it is now. */
static void
compose_cond_change_table(const struct ovsdb_monitor *m, size_t t,
                          const struct ovsdb_condition *old_cond,
                          const struct ovsdb_condition *new_cond,
                          json_t **result)
{
    const struct mon_table *mt = &m->spec->tables[t];
    const struct hmap *entries = &m->changes->tables[t];
    json_t *table_json = NULL;
    const struct ovsdb_row *row;
    const struct mon_entry *e;

    HMAP_FOR_EACH (row, hmap_node, &mt->table->rows) {
        const struct uuid *uuid = ovsdb_row_get_uuid(row);
        const struct ovsdb_row *old = row;

        if (!hmap_is_empty(entries)) {
            e = changes_find(m->changes, t, uuid);
            if (e) {
                old = e->old ? e->old->row : NULL;
            }
        }
        compose_row(result, &table_json, mt, FMT_V2, false,
                    old_cond, new_cond, uuid, old, row);
    }
    /* Rows deleted during the window. */
    HMAP_FOR_EACH (e, node, entries) {
        if (e->old && !ovsdb_table_get_row(mt->table, &e->uuid)) {
            compose_row(result, &table_json, mt, FMT_V2, false,
                        old_cond, new_cond, &e->uuid, e->old->row, NULL);
        }
    }
}

/* Parses one <monitor-cond-update-request> for spec table 't'. */
static struct ovsdb_error *
parse_cond_change_request(struct parse_table *pt, const json_t *request)
{
    const char *name = pt->mt.table->schema->name;
    const json_t *columns, *where;
    struct ovsdb_parser parser;
    struct ovsdb_error *error;

    ovsdb_parser_init(&parser, request, "table %s", name);
    columns = ovsdb_parser_member(&parser, "columns",
                                  OVSDB_P_ARRAY | OVSDB_P_OPTIONAL);
    if (columns) {
        ovsdb_error_destroy(ovsdb_parser_finish(&parser));
        return ovsdb_syntax_error(request, NULL,
                                  "changing columns is unsupported");
    }
    where = ovsdb_parser_member(&parser, "where",
                                OVSDB_P_ARRAY | OVSDB_P_OPTIONAL);
    error = ovsdb_parser_finish(&parser);
    if (error) {
        return error;
    }

    pt->used = true;
    if (!where || !json_array_size(where)) {
        pt->all_rows = true;
    } else {
        if (!pt->where) {
            pt->where = json_array();
        }
        json_array_extend(pt->where, CONST_CAST(json_t *, where));
    }
    return NULL;
}

/* Parses 'requests' into 'pts' (one per spec table) and then into
 * 'new_conds' (one per spec table, initialized only where pts[i].used). */
static struct ovsdb_error *
parse_cond_change(const struct ovsdb_monitor *m, const json_t *requests,
                  struct parse_table *pts, struct ovsdb_condition *new_conds)
{
    const struct mon_spec *spec = m->spec;
    struct ovsdb_error *error = NULL;
    const char *name;
    json_t *value;

    if (!json_is_object(requests)) {
        return ovsdb_syntax_error(requests, NULL,
                                  "monitor-cond-change-requests must be "
                                  "object");
    }
    json_object_foreach (CONST_CAST(json_t *, requests), name, value) {
        struct ovsdb_table *table = ovsdb_get_table(m->db, name);
        int t;

        if (!table) {
            return ovsdb_syntax_error(NULL, NULL, "no table named %s", name);
        }
        t = spec->by_db_idx[db_table_index(m->db, table, 0)];
        if (t < 0) {
            return ovsdb_syntax_error(NULL, NULL,
                                      "no table named %s in monitor session",
                                      name);
        }
        if (!json_is_array(value)) {
            return ovsdb_syntax_error(NULL, NULL,
                                      "table %s no monitor-cond-change JSON "
                                      "array", name);
        }
        pts[t].mt.table = table;
        for (size_t i = 0; i < json_array_size(value); i++) {
            error = parse_cond_change_request(&pts[t],
                                              json_array_get(value, i));
            if (error) {
                return error;
            }
        }
    }

    for (size_t t = 0; t < spec->n_tables; t++) {
        if (pts[t].used) {
            error = parse_table_condition(&pts[t], &new_conds[t]);
            if (error) {
                for (size_t j = 0; j < t; j++) {
                    if (pts[j].used) {
                        ovsdb_condition_destroy(&new_conds[j]);
                    }
                }
                return error;
            }
        }
    }
    return NULL;
}

/* Replaces conditions of 'm' as "monitor_cond_change" asks; see the
 * header. */
struct ovsdb_error *
ovsdb_monitor_cond_change(struct ovsdb_monitor *m, const json_t *requests,
                          json_t **update)
{
    struct ovsdb_condition *new_conds;
    struct ovsdb_error *error;
    struct parse_table *pts;
    struct mon_spec *spec = m->spec;
    json_t *result = NULL;
    size_t n;

    *update = NULL;
    if (!spec) {
        return ovsdb_error(OVSDB_ERR_NOT_SUPPORTED,
                           "monitored database no longer exists");
    }

    n = spec->n_tables;
    pts = xcalloc(n + 1, sizeof *pts);
    new_conds = xcalloc(n + 1, sizeof *new_conds);
    error = parse_cond_change(m, requests, pts, new_conds);
    if (error || m->version == OVSDB_MONITOR_V1) {
        /* Open vSwitch accepts, and ignores, new conditions for a monitor
         * that was created without ("monitor"). */
        if (!error) {
            for (size_t t = 0; t < n; t++) {
                if (pts[t].used) {
                    ovsdb_condition_destroy(&new_conds[t]);
                }
            }
        }
        free(new_conds);
        parse_tables_free(pts, n);
        return error;
    }

    for (size_t t = 0; t < n; t++) {
        struct ovsdb_condition *old_cond = &m->conds[t];

        if (pts[t].used && ovsdb_condition_cmp_3way(old_cond,
                                                    &new_conds[t])) {
            compose_cond_change_table(m, t, old_cond, &new_conds[t],
                                      &result);
        } else {
            /* Unchanged condition: just the pending changes. */
            const struct mon_table *mt = &spec->tables[t];
            json_t *table_json = NULL;
            const struct mon_entry *e;

            HMAP_FOR_EACH (e, node, &m->changes->tables[t]) {
                compose_row(&result, &table_json, mt, FMT_V2, false,
                            old_cond, old_cond, &e->uuid,
                            e->old ? e->old->row : NULL,
                            ovsdb_table_get_row(mt->table, &e->uuid));
            }
        }
        if (pts[t].used) {
            ovsdb_condition_destroy(old_cond);
            *old_cond = new_conds[t];
        }
    }
    free(new_conds);
    parse_tables_free(pts, n);

    monitor_update_conditional(m);
    spec_update_tracked(spec);
    monitor_restart(m);
    *update = result;
    return NULL;
}

/* Returns how many rows have pending changes for 'm'. */
size_t
ovsdb_monitor_n_pending_rows(const struct ovsdb_monitor *m)
{
    return m->spec ? m->changes->n_entries : 0;
}

/* Returns about how many bytes the pending changes of 'm' take. */
size_t
ovsdb_monitor_pending_bytes(const struct ovsdb_monitor *m)
{
    return m->spec ? m->changes->n_bytes : 0;
}
