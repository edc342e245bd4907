#include <config.h>
#include "transaction.h"

#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "osw/hash.h"
#include "osw/list.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "row.h"
#include "table.h"

/* How a transaction keeps track of its changes.
 *
 * The tables always show the transaction's current state: an inserted row
 * is in its table's 'rows', a modified row's writable copy has replaced the
 * committed row there, a deleted row has been taken out.  What it takes to
 * undo that is in one 'struct ovsdb_txn_row' per row touched, which keeps
 * the committed version ('old') beside the current one ('new'):
 *
 *     old    new     meaning
 *     NULL   row     inserted
 *     row    NULL    deleted
 *     row    copy    modified (copy-on-write)
 *     row    row     "touched": pulled in at commit time only because its
 *                    reference count changes or its weak references
 *                    must be checked; if weak references have to go, it
 *                    becomes "modified"
 *     NULL   NULL    inserted, then deleted or garbage collected
 *
 * Committed rows keep their reference counts and weak-reference
 * bookkeeping untouched until the transaction is applied, so aborting
 * never has to repair them; during the commit checks the counts being
 * computed live in the txn_rows ('n_refs'). */

struct ovsdb_txn {
    struct ovsdb *db;
    struct osw_list txn_tables;     /* "struct ovsdb_txn_table"s. */
    struct ds comment;
    bool durable;
    struct uuid txnid;
};

/* A table touched by a transaction. */
struct ovsdb_txn_table {
    struct osw_list list_node;      /* In ovsdb_txn's 'txn_tables'. */
    struct ovsdb_table *table;
    struct hmap txn_rows;           /* "struct ovsdb_txn_row"s, by uuid. */
    struct osw_list rows;           /* Same rows, in first-touch order. */
};

struct ovsdb_txn_row {
    struct hmap_node hmap_node;     /* In ovsdb_txn_table's 'txn_rows'. */
    struct osw_list list_node;      /* In ovsdb_txn_table's 'rows'. */
    struct ovsdb_txn_table *txn_table;
    struct uuid uuid;
    struct ovsdb_row *old;          /* Committed version, or NULL. */
    struct ovsdb_row *new;          /* Current version, or NULL. */
    size_t n_refs;                  /* Strong refs, as the commit counts. */
    bool weak_recheck;              /* Refers weakly to a deleted row. */
    unsigned long changed[];        /* Bitmap of changed columns. */
};

#define BITS_PER_ULONG (sizeof(unsigned long) * CHAR_BIT)

static size_t
bitmap_n_longs(size_t n_bits)
{
    return DIV_ROUND_UP(n_bits, BITS_PER_ULONG);
}

static void
bitmap_set1(unsigned long *bitmap, size_t idx)
{
    bitmap[idx / BITS_PER_ULONG] |= 1UL << (idx % BITS_PER_ULONG);
}

static void
bitmap_set_all(unsigned long *bitmap, size_t n_bits)
{
    for (size_t i = 0; i < n_bits; i++) {
        bitmap_set1(bitmap, i);
    }
}

static bool
bitmap_is_all_zeros(const unsigned long *bitmap, size_t n_bits)
{
    for (size_t i = 0; i < bitmap_n_longs(n_bits); i++) {
        if (bitmap[i]) {
            return false;
        }
    }
    return true;
}

static size_t
txn_row_n_columns(const struct ovsdb_txn_row *r)
{
    return r->txn_table->table->schema->n_columns;
}

static const struct ovsdb_table_schema *
txn_row_schema(const struct ovsdb_txn_row *r)
{
    return r->txn_table->table->schema;
}

/* True if a reference from 'r' to 'uuid' in 'dst_table' points at 'r'
 * itself.  Rows of different tables may share a uuid (the "uuid" insert
 * extension, records in a file), so the table must match too. */
static bool
is_self_ref(const struct ovsdb_txn_row *r, const struct ovsdb_table *dst_table,
            const struct uuid *uuid)
{
    return r->txn_table->table == dst_table && uuid_equals(uuid, &r->uuid);
}

/* Creating, finding and freeing. */

/* Starts a transaction on 'db'. */
struct ovsdb_txn *
ovsdb_txn_create(struct ovsdb *db)
{
    struct ovsdb_txn *txn = xzalloc(sizeof *txn);

    osw_assert(!db->txn);
    db->txn = txn;
    txn->db = db;
    osw_list_init(&txn->txn_tables);
    ds_init(&txn->comment);
    txn->durable = false;
    uuid_generate(&txn->txnid);
    return txn;
}

/* Returns the database of 'txn'. */
struct ovsdb *
ovsdb_txn_get_db(const struct ovsdb_txn *txn)
{
    return txn->db;
}

static struct ovsdb_txn_table *
get_txn_table(struct ovsdb_txn *txn, struct ovsdb_table *table)
{
    struct ovsdb_txn_table *t = table->txn_table;

    if (!t) {
        t = xmalloc(sizeof *t);
        t->table = table;
        hmap_init(&t->txn_rows);
        osw_list_init(&t->rows);
        osw_list_push_back(&txn->txn_tables, &t->list_node);
        table->txn_table = t;
    }
    return t;
}

static struct ovsdb_txn_row *
txn_row_create(struct ovsdb_txn *txn, struct ovsdb_table *table,
               struct ovsdb_row *old, struct ovsdb_row *new)
{
    size_t n_columns = table->schema->n_columns;
    struct ovsdb_txn_table *t = get_txn_table(txn, table);
    struct ovsdb_txn_row *r;

    r = xzalloc(sizeof *r + bitmap_n_longs(n_columns) * sizeof r->changed[0]);
    r->txn_table = t;
    r->uuid = *ovsdb_row_get_uuid(old ? old : new);
    r->old = old;
    r->new = new;
    r->n_refs = old ? old->n_refs : 0;
    r->weak_recheck = false;
    if (old) {
        old->txn_row = r;
    }
    if (new) {
        new->txn_row = r;
    }
    hmap_insert(&t->txn_rows, &r->hmap_node, uuid_hash(&r->uuid));
    osw_list_push_back(&t->rows, &r->list_node);
    return r;
}

/* Frees 'r' after taking it out of its table's lists. */
static void
txn_row_free(struct ovsdb_txn_row *r)
{
    hmap_remove(&r->txn_table->txn_rows, &r->hmap_node);
    osw_list_remove(&r->list_node);
    free(r);
}

static struct ovsdb_txn_row *
find_txn_row(const struct ovsdb_table *table, const struct uuid *uuid)
{
    struct ovsdb_txn_row *r;

    if (table->txn_table) {
        HMAP_FOR_EACH_WITH_HASH (r, hmap_node, uuid_hash(uuid),
                                 &table->txn_table->txn_rows) {
            if (uuid_equals(&r->uuid, uuid)) {
                return r;
            }
        }
    }
    return NULL;
}

/* Returns the txn_row for row 'uuid' of 'table', pulling a committed row
 * into the transaction as "touched" if needed, or NULL if there is no such
 * row (neither in the transaction nor in the table). */
static struct ovsdb_txn_row *
find_or_make_txn_row(struct ovsdb_txn *txn, struct ovsdb_table *table,
                     const struct uuid *uuid)
{
    struct ovsdb_txn_row *r = find_txn_row(table, uuid);

    if (!r) {
        struct ovsdb_row *row = CONST_CAST(struct ovsdb_row *,
                                           ovsdb_table_get_row(table, uuid));
        if (row) {
            r = txn_row_create(txn, table, row, row);
        }
    }
    return r;
}

static void
txn_free(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_table *t;

    OSW_LIST_FOR_EACH_POP (t, list_node, &txn->txn_tables) {
        osw_assert(hmap_is_empty(&t->txn_rows));
        hmap_destroy(&t->txn_rows);
        if (t->table->txn_table == t) {
            t->table->txn_table = NULL;
        }
        free(t);
    }
    txn->db->txn = NULL;
    ds_destroy(&txn->comment);
    free(txn);
}

/* Puts the committed version of 'r''s row back in its table and frees
 * 'r'. */
static void
txn_row_undo(struct ovsdb_txn_row *r)
{
    struct hmap *rows = &r->txn_table->table->rows;
    struct ovsdb_row *old = r->old;
    struct ovsdb_row *new = r->new;

    if (old) {
        if (new != old) {
            if (new) {
                hmap_replace(rows, &new->hmap_node, &old->hmap_node);
                ovsdb_row_destroy(new);
            } else {
                hmap_insert(rows, &old->hmap_node, ovsdb_row_hash(old));
            }
        }
        old->txn_row = NULL;
    } else if (new) {
        hmap_remove(rows, &new->hmap_node);
        ovsdb_row_destroy(new);
    }
    txn_row_free(r);
}

/* Undoes every change of 'txn' and frees it. */
void
ovsdb_txn_abort(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_table *t;

    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        struct ovsdb_txn_row *r, *next;

        OSW_LIST_FOR_EACH_SAFE (r, next, list_node, &t->rows) {
            txn_row_undo(r);
        }
    }
    txn_free(txn);
}

/* Changing rows. */

/* Adds 'row' to its table in 'txn', which takes it over. */
void
ovsdb_txn_row_insert(struct ovsdb_txn *txn, struct ovsdb_row *row)
{
    struct ovsdb_table *table = row->table;

    uuid_generate(ovsdb_row_get_version_rw(row));
    txn_row_create(txn, table, NULL, row);
    hmap_insert(&table->rows, &row->hmap_node, ovsdb_row_hash(row));
}

/* Makes 'r''s current version a private copy, if it is not already, and
 * returns it.  'r' must have a current version. */
static struct ovsdb_row *
txn_row_make_writable(struct ovsdb_txn_row *r)
{
    if (r->new == r->old) {
        struct ovsdb_row *copy = ovsdb_row_clone(r->old);

        copy->txn_row = r;
        hmap_replace(&r->txn_table->table->rows, &r->old->hmap_node,
                     &copy->hmap_node);
        r->new = copy;
    }
    return r->new;
}

/* Returns a writable version of 'row_', which is in its table. */
struct ovsdb_row *
ovsdb_txn_row_modify(struct ovsdb_txn *txn, const struct ovsdb_row *row_)
{
    struct ovsdb_row *row = CONST_CAST(struct ovsdb_row *, row_);

    if (row->txn_row) {
        osw_assert(row->txn_row->new == row);
        return txn_row_make_writable(row->txn_row);
    } else {
        struct ovsdb_txn_row *r = txn_row_create(txn, row->table, row, row);
        return txn_row_make_writable(r);
    }
}

/* Deletes 'row_', which is in its table. */
void
ovsdb_txn_row_delete(struct ovsdb_txn *txn, const struct ovsdb_row *row_)
{
    struct ovsdb_row *row = CONST_CAST(struct ovsdb_row *, row_);
    struct ovsdb_txn_row *r = row->txn_row;

    hmap_remove(&row->table->rows, &row->hmap_node);
    if (!r) {
        txn_row_create(txn, row->table, row, NULL);
    } else {
        osw_assert(r->new == row);
        if (r->new != r->old) {
            ovsdb_row_destroy(r->new);
        }
        r->new = NULL;
    }
}

/* True if 'table' has no row 'uuid' and the open transaction did not
 * delete one. */
bool
ovsdb_txn_may_create_row(const struct ovsdb_table *table,
                         const struct uuid *uuid)
{
    return !ovsdb_table_get_row(table, uuid) && !find_txn_row(table, uuid);
}

/* Comment, durability, id. */

/* Adds 'comment' to 'txn''s comment (on a new line if there is one). */
void
ovsdb_txn_add_comment(struct ovsdb_txn *txn, const char *comment)
{
    if (txn->comment.length) {
        ds_put_char(&txn->comment, '\n');
    }
    ds_put_cstr(&txn->comment, comment);
}

/* Returns 'txn''s comment, or NULL. */
const char *
ovsdb_txn_get_comment(const struct ovsdb_txn *txn)
{
    return txn->comment.length ? ds_cstr_ro(&txn->comment) : NULL;
}

/* Sets whether the client asked for a durable commit. */
void
ovsdb_txn_set_durable(struct ovsdb_txn *txn, bool durable)
{
    txn->durable = durable;
}

/* True if the client asked for a durable commit. */
bool
ovsdb_txn_is_durable(const struct ovsdb_txn *txn)
{
    return txn->durable;
}

/* Sets 'txn''s id (a random uuid by default). */
void
ovsdb_txn_set_txnid(struct ovsdb_txn *txn, const struct uuid *txnid)
{
    txn->txnid = *txnid;
}

/* Returns 'txn''s id. */
const struct uuid *
ovsdb_txn_get_txnid(const struct ovsdb_txn *txn)
{
    return &txn->txnid;
}

/* True if 'txn' has touched no row. */
bool
ovsdb_txn_is_empty(const struct ovsdb_txn *txn)
{
    return osw_list_is_empty(&txn->txn_tables);
}

/* Iterating. */

static bool
txn_row_is_change(const struct ovsdb_txn_row *r)
{
    return (r->old || r->new) && r->old != r->new;
}

/* Calls 'cb' for every row 'txn' changed; see the header. */
void
ovsdb_txn_for_each_change(const struct ovsdb_txn *txn,
                          ovsdb_txn_change_cb *cb, void *aux)
{
    const struct ovsdb_txn_table *t;

    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        const struct ovsdb_txn_row *r;

        OSW_LIST_FOR_EACH (r, list_node, &t->rows) {
            if (txn_row_is_change(r) && !cb(r->old, r->new, r->changed,
                                             aux)) {
                return;
            }
        }
    }
}

/* Appends the current version of each row of 'table' that the open
 * transaction holds. */
void
ovsdb_txn_table_get_changed_rows(const struct ovsdb_table *table,
                                 struct ovsdb_row_set *rows)
{
    const struct ovsdb_txn_row *r;

    if (table->txn_table) {
        OSW_LIST_FOR_EACH (r, list_node, &table->txn_table->rows) {
            if (r->new) {
                ovsdb_row_set_add_row(rows, r->new);
            }
        }
    }
}

/* Commit step 1: find what changed; drop rows that did not. */
static void
determine_changes(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_table *t, *next_t;

    OSW_LIST_FOR_EACH_SAFE (t, next_t, list_node, &txn->txn_tables) {
        const struct ovsdb_table_schema *ts = t->table->schema;
        struct ovsdb_txn_row *r, *next;

        OSW_LIST_FOR_EACH_SAFE (r, next, list_node, &t->rows) {
            if (!r->old || !r->new) {
                if (r->old || r->new) {
                    bitmap_set_all(r->changed, ts->n_columns);
                } else {
                    txn_row_free(r);
                }
                continue;
            }

            bool changed = false;
            for (size_t i = 0; i < ts->n_columns; i++) {
                if (!ovsdb_datum_equals(&r->old->fields[i],
                                        &r->new->fields[i],
                                        &ts->columns[i]->type)) {
                    bitmap_set1(r->changed, i);
                    changed = true;
                }
            }
            if (!changed) {
                txn_row_undo(r);
            }
        }

        if (osw_list_is_empty(&t->rows)) {
            osw_list_remove(&t->list_node);
            hmap_destroy(&t->txn_rows);
            t->table->txn_table = NULL;
            free(t);
        }
    }
}

/* References. */

static int
compare_uuids(const void *a, const void *b)
{
    return uuid_compare_3way(a, b);
}

/* Appends to '*uuids' the uuid of every key (or, if 'values', every value)
 * of 'datum' (NULL means empty). */
static void
collect_uuids(const struct ovsdb_datum *datum, bool values,
              struct uuid **uuids, size_t *n, size_t *allocated)
{
    if (!datum) {
        return;
    }
    for (size_t i = 0; i < datum->n; i++) {
        if (*n >= *allocated) {
            *uuids = x2nrealloc(*uuids, allocated, sizeof **uuids);
        }
        (*uuids)[(*n)++] = values ? datum->values[i].uuid
                                  : datum->keys[i].uuid;
    }
}

/* The references one side (keys or values) of a column gains and loses
 * from 'old' to 'new' (either may be NULL), as multisets. */
struct ref_diff {
    struct uuid *removed;
    size_t n_removed;
    struct uuid *added;
    size_t n_added;
};

static void
ref_diff_compute(struct ref_diff *diff, const struct ovsdb_datum *old,
                 const struct ovsdb_datum *new, bool values)
{
    struct uuid *a = NULL, *b = NULL;
    size_t n_a = 0, n_b = 0, alloc_a = 0, alloc_b = 0;

    collect_uuids(old, values, &a, &n_a, &alloc_a);
    collect_uuids(new, values, &b, &n_b, &alloc_b);
    if (n_a > 1) {
        qsort(a, n_a, sizeof *a, compare_uuids);
    }
    if (n_b > 1) {
        qsort(b, n_b, sizeof *b, compare_uuids);
    }

    /* Reuse the arrays: what is left of 'a' is removed, of 'b' added. */
    size_t i = 0, j = 0, n_removed = 0, n_added = 0;
    while (i < n_a || j < n_b) {
        int cmp = (i >= n_a ? 1
                   : j >= n_b ? -1
                   : uuid_compare_3way(&a[i], &b[j]));
        if (cmp < 0) {
            a[n_removed++] = a[i++];
        } else if (cmp > 0) {
            b[n_added++] = b[j++];
        } else {
            i++;
            j++;
        }
    }
    diff->removed = a;
    diff->n_removed = n_removed;
    diff->added = b;
    diff->n_added = n_added;
}

static void
ref_diff_destroy(struct ref_diff *diff)
{
    free(diff->removed);
    free(diff->added);
}

static struct ovsdb_table *
ref_table(const struct ovsdb_txn *txn, const struct ovsdb_base_type *base)
{
    return ovsdb_get_table_by_schema(txn->db, base->uuid.ref_table);
}

static bool
column_has_strong_refs(const struct ovsdb_column *column)
{
    return (ovsdb_base_type_is_strong_ref(&column->type.key)
            || ovsdb_base_type_is_strong_ref(&column->type.value));
}

static bool
column_has_weak_refs(const struct ovsdb_column *column)
{
    return (ovsdb_base_type_is_weak_ref(&column->type.key)
            || ovsdb_base_type_is_weak_ref(&column->type.value));
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
adjust_strong_refs(struct ovsdb_txn *txn, struct ovsdb_txn_row *r,
                   const struct ovsdb_column *column, bool values)
{
    const struct ovsdb_base_type *base = (values ? &column->type.value
                                          : &column->type.key);
    struct ovsdb_error *error = NULL;
    struct ovsdb_table *dst_table;
    struct ref_diff diff;

    if (!ovsdb_base_type_is_strong_ref(base)) {
        return NULL;
    }
    dst_table = ref_table(txn, base);
    ref_diff_compute(&diff,
                     r->old ? &r->old->fields[column->index] : NULL,
                     r->new ? &r->new->fields[column->index] : NULL,
                     values);

    for (size_t i = 0; i < diff.n_removed; i++) {
        const struct uuid *uuid = &diff.removed[i];
        if (!is_self_ref(r, dst_table, uuid)) {
            struct ovsdb_txn_row *dst = find_or_make_txn_row(txn, dst_table,
                                                             uuid);
            if (!dst || !dst->n_refs) {
                error = OVSDB_BUG("strong reference count underflow");
                goto exit;
            }
            dst->n_refs--;
        }
    }
    for (size_t i = 0; i < diff.n_added; i++) {
        const struct uuid *uuid = &diff.added[i];
        if (!is_self_ref(r, dst_table, uuid)) {
            struct ovsdb_txn_row *dst = find_or_make_txn_row(txn, dst_table,
                                                             uuid);
            if (!dst) {
                error = ovsdb_error(OVSDB_ERR_REFERENTIAL,
                                    "Table %s column %s row "UUID_FMT" "
                                    "references nonexistent row "UUID_FMT" "
                                    "in table %s.",
                                    txn_row_schema(r)->name, column->name,
                                    UUID_ARGS(&r->uuid), UUID_ARGS(uuid),
                                    dst_table->schema->name);
                goto exit;
            }
            dst->n_refs++;
        }
    }

exit:
    ref_diff_destroy(&diff);
    return error;
}

/* Commit step 2: count strong references and check integrity. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
update_ref_counts(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_table *t;
    struct ovsdb_txn_row *r;

    /* Rows pulled in by this loop go to the end of the lists, and have no
     * changed columns, so visiting them is harmless. */
    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        const struct ovsdb_table_schema *ts = t->table->schema;

        OSW_LIST_FOR_EACH (r, list_node, &t->rows) {
            for (size_t i = 0; i < ts->n_columns; i++) {
                const struct ovsdb_column *column = ts->columns[i];
                struct ovsdb_error *error;

                if (!column_has_strong_refs(column)
                    || !ovsdb_txn_column_changed(r->changed, i)) {
                    continue;
                }
                error = adjust_strong_refs(txn, r, column, false);
                if (!error) {
                    error = adjust_strong_refs(txn, r, column, true);
                }
                if (error) {
                    return error;
                }
            }
        }
    }

    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        OSW_LIST_FOR_EACH (r, list_node, &t->rows) {
            if (r->old && !r->new && r->n_refs) {
                return ovsdb_error(OVSDB_ERR_REFERENTIAL,
                                   "cannot delete %s row "UUID_FMT" because "
                                   "of %zu remaining reference(s)",
                                   t->table->schema->name,
                                   UUID_ARGS(&r->uuid), r->n_refs);
            }
        }
    }
    return NULL;
}

/* Garbage collection. */

struct txn_row_stack {
    struct ovsdb_txn_row **rows;
    size_t n, allocated;
};

static void
stack_push(struct txn_row_stack *stack, struct ovsdb_txn_row *r)
{
    if (stack->n >= stack->allocated) {
        stack->rows = x2nrealloc(stack->rows, &stack->allocated,
                                 sizeof *stack->rows);
    }
    stack->rows[stack->n++] = r;
}

static bool
is_garbage(const struct ovsdb_txn_row *r)
{
    return r->new && !r->n_refs && !txn_row_schema(r)->is_root;
}

/* Drops one strong reference from every row that 'row' (the current
 * version of 'r', being deleted) refers to, and stacks those that become
 * garbage. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
release_refs(struct ovsdb_txn *txn, const struct ovsdb_txn_row *r,
             const struct ovsdb_row *row, struct txn_row_stack *stack)
{
    const struct ovsdb_table_schema *ts = txn_row_schema(r);

    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_column *column = ts->columns[i];
        const struct ovsdb_datum *datum = &row->fields[i];

        for (int side = 0; side < 2; side++) {
            const struct ovsdb_base_type *base = (side ? &column->type.value
                                                  : &column->type.key);
            const union ovsdb_atom *atoms = side ? datum->values
                                                 : datum->keys;
            struct ovsdb_table *dst_table;

            if (!ovsdb_base_type_is_strong_ref(base)) {
                continue;
            }
            dst_table = ref_table(txn, base);
            for (size_t j = 0; j < datum->n; j++) {
                const struct uuid *uuid = &atoms[j].uuid;
                struct ovsdb_txn_row *dst;

                if (is_self_ref(r, dst_table, uuid)) {
                    continue;
                }
                dst = find_or_make_txn_row(txn, dst_table, uuid);
                if (!dst || !dst->n_refs) {
                    return OVSDB_BUG("garbage collection lost count");
                }
                if (!--dst->n_refs && is_garbage(dst)) {
                    stack_push(stack, dst);
                }
            }
        }
    }
    return NULL;
}

/* Commit step 3: deletes rows of non-root tables that nothing references,
 * cascading.  Uses an explicit stack: chains may be long. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
collect_garbage(struct ovsdb_txn *txn)
{
    struct txn_row_stack stack = { NULL, 0, 0 };
    struct ovsdb_error *error = NULL;
    struct ovsdb_txn_table *t;
    struct ovsdb_txn_row *r;

    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        OSW_LIST_FOR_EACH (r, list_node, &t->rows) {
            if (is_garbage(r)) {
                stack_push(&stack, r);
            }
        }
    }

    while (!error && stack.n) {
        r = stack.rows[--stack.n];
        if (!is_garbage(r)) {
            continue;
        }

        struct ovsdb_row *row = r->new;
        hmap_remove(&r->txn_table->table->rows, &row->hmap_node);
        r->new = NULL;
        bitmap_set_all(r->changed, txn_row_n_columns(r));
        error = release_refs(txn, r, row, &stack);
        if (row != r->old) {
            ovsdb_row_destroy(row);
        }
    }
    free(stack.rows);
    return error;
}

/* Commit step 4. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
check_max_rows(const struct ovsdb_txn *txn)
{
    const struct ovsdb_txn_table *t;

    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        size_t n_rows = hmap_count(&t->table->rows);
        unsigned int max_rows = t->table->schema->max_rows;

        if (n_rows > max_rows) {
            return ovsdb_error(OVSDB_ERR_CONSTRAINT,
                               "transaction causes \"%s\" table to contain "
                               "%zu rows, greater than the schema-defined "
                               "limit of %u row(s)",
                               t->table->schema->name, n_rows, max_rows);
        }
    }
    return NULL;
}

/* Weak references. */

/* Marks the rows that refer weakly to rows the transaction deleted. */
static void
mark_weak_referrers(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_table *t;
    struct ovsdb_txn_row *r;

    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        OSW_LIST_FOR_EACH (r, list_node, &t->rows) {
            const struct ovsdb_weak_src *ws;

            if (!r->old || r->new) {
                continue;
            }
            HMAP_FOR_EACH (ws, hmap_node, &r->old->weak_srcs) {
                struct ovsdb_txn_row *src;

                src = find_or_make_txn_row(txn, ws->src_table,
                                           &ws->src_uuid);
                if (src && src->new) {
                    src->weak_recheck = true;
                }
            }
        }
    }
}

/* True if the weak reference 'uuid' to a row of 'dst_table' names a row
 * that exists (after the transaction). */
static bool
weak_ref_is_valid(const struct ovsdb_table *dst_table,
                  const struct uuid *uuid)
{
    return ovsdb_table_get_row(dst_table, uuid) != NULL;
}

/* Removes from column 'column' of 'r''s current version the elements whose
 * weak references name no row.  Returns a constraint violation if that
 * leaves too few elements. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
assess_weak_column(struct ovsdb_txn *txn, struct ovsdb_txn_row *r,
                   const struct ovsdb_column *column)
{
    const struct ovsdb_type *type = &column->type;
    const struct ovsdb_datum *datum = &r->new->fields[column->index];
    struct ovsdb_table *key_table = NULL, *value_table = NULL;
    bool *drop = NULL;
    unsigned int n_drop = 0;
    bool zero = false;

    if (ovsdb_base_type_is_weak_ref(&type->key)) {
        key_table = ref_table(txn, &type->key);
    }
    if (ovsdb_base_type_is_weak_ref(&type->value)) {
        value_table = ref_table(txn, &type->value);
    }

    for (size_t i = 0; i < datum->n; i++) {
        const struct uuid *bad = NULL;

        if (key_table && !weak_ref_is_valid(key_table,
                                            &datum->keys[i].uuid)) {
            bad = &datum->keys[i].uuid;
        } else if (value_table
                   && !weak_ref_is_valid(value_table,
                                         &datum->values[i].uuid)) {
            bad = &datum->values[i].uuid;
        }
        if (bad) {
            if (!drop) {
                drop = xcalloc(datum->n, sizeof *drop);
            }
            drop[i] = true;
            n_drop++;
            zero = zero || uuid_is_zero(bad);
        }
    }
    if (!n_drop) {
        return NULL;
    }

    /* Rebuild the datum without the dropped elements (the order stays). */
    struct ovsdb_row *row = txn_row_make_writable(r);
    struct ovsdb_datum *field = &row->fields[column->index];
    struct ovsdb_datum kept;

    ovsdb_datum_init_empty(&kept);
    for (size_t i = 0; i < field->n; i++) {
        if (!drop[i]) {
            ovsdb_datum_add_unsafe(&kept, &field->keys[i],
                                   field->values ? &field->values[i] : NULL,
                                   type);
        }
    }
    free(drop);
    ovsdb_datum_swap(field, &kept);
    ovsdb_datum_destroy(&kept, type);
    bitmap_set1(r->changed, column->index);

    if (field->n < type->n_min) {
        const struct ovsdb_table_schema *ts = txn_row_schema(r);

        if (zero && !r->old) {
            return ovsdb_error(
                OVSDB_ERR_CONSTRAINT,
                "Weak reference column \"%s\" in \"%s\" row "UUID_FMT" "
                "(inserted within this transaction) contained all-zeros "
                "UUID (probably as the default value for this column) but "
                "deleting this value caused a constraint volation because "
                "this column is not allowed to be empty.",
                column->name, ts->name, UUID_ARGS(&r->uuid));
        }
        return ovsdb_error(
            OVSDB_ERR_CONSTRAINT,
            "Deletion of %u weak reference(s) to deleted (or never-existing) "
            "rows from column \"%s\" in \"%s\" row "UUID_FMT" %scaused this "
            "column to become empty, but constraints on this column "
            "disallow an empty column.",
            n_drop, column->name, ts->name, UUID_ARGS(&r->uuid),
            r->old ? "" : "(inserted within this transaction) ");
    }
    return NULL;
}

/* Commit step 5. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
assess_weak_refs(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_table *t;
    struct ovsdb_txn_row *r;

    mark_weak_referrers(txn);
    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        const struct ovsdb_table_schema *ts = t->table->schema;

        OSW_LIST_FOR_EACH (r, list_node, &t->rows) {
            if (!r->new) {
                continue;
            }
            for (size_t i = 0; i < ts->n_columns; i++) {
                const struct ovsdb_column *column = ts->columns[i];
                struct ovsdb_error *error;

                if (!column_has_weak_refs(column)
                    || (!r->weak_recheck
                        && !ovsdb_txn_column_changed(r->changed, i))) {
                    continue;
                }
                error = assess_weak_column(txn, r, column);
                if (error) {
                    return error;
                }
            }
        }
    }
    return NULL;
}

/* Unique indexes. */

static void
describe_index_row(const struct ovsdb_column_set *index,
                   const struct ovsdb_row *row, const char *title,
                   struct ds *out)
{
    const struct ovsdb_txn_row *r = row->txn_row;

    ds_put_format(out, "%s row, with UUID "UUID_FMT", ",
                  title, UUID_ARGS(ovsdb_row_get_uuid(row)));
    if (!r || bitmap_is_all_zeros(r->changed, txn_row_n_columns(r))) {
        ds_put_cstr(out, "existed in the database before this transaction "
                    "and was not modified by the transaction.");
    } else if (!r->old) {
        ds_put_cstr(out, "was inserted by this transaction.");
    } else if (ovsdb_row_equal_columns(r->old, r->new, index)) {
        ds_put_cstr(out, "existed in the database before this transaction, "
                    "which modified some of the row's columns but not any "
                    "columns in this index.");
    } else {
        ds_put_cstr(out, "had the following index values before the "
                    "transaction: ");
        ovsdb_row_columns_to_string(r->old, index, out);
        ds_put_char(out, '.');
    }
}

static int
compare_column_names(const void *a_, const void *b_)
{
    const struct ovsdb_column *const *a = a_;
    const struct ovsdb_column *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Appends the user columns of 'ts' to 'set', sorted by name. */
static void
sorted_user_columns(const struct ovsdb_table_schema *ts,
                    struct ovsdb_column_set *set)
{
    size_t start = set->n_columns;

    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        ovsdb_column_set_add(set, ts->columns[i]);
    }
    qsort(&set->columns[start], set->n_columns - start,
          sizeof set->columns[0], compare_column_names);
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
duplicate_index_row(const struct ovsdb_column_set *index,
                    const struct ovsdb_row *a, const struct ovsdb_row *b)
{
    struct ovsdb_column_set order = OVSDB_COLUMN_SET_INITIALIZER;
    struct ovsdb_error *error;
    struct ds s = DS_EMPTY_INITIALIZER;
    char *index_s;

    /* A predictable order makes messages reproducible: the greater row by
     * user columns (in name order), then by uuid, comes first. */
    sorted_user_columns(a->table->schema, &order);
    ovsdb_column_set_add(&order,
                         a->table->schema->columns[OVSDB_COL_UUID]);
    if (ovsdb_row_compare_columns_3way(a, b, &order) < 0) {
        const struct ovsdb_row *tmp = a;
        a = b;
        b = tmp;
    }
    ovsdb_column_set_destroy(&order);

    index_s = ovsdb_column_set_to_english(index);
    ds_put_format(&s, "Transaction causes multiple rows in \"%s\" table to "
                  "have identical values (", a->table->schema->name);
    ovsdb_row_columns_to_string(a, index, &s);
    ds_put_format(&s, ") for index on %s.  ", index_s);
    describe_index_row(index, a, "First", &s);
    ds_put_cstr(&s, "  ");
    describe_index_row(index, b, "Second", &s);
    free(index_s);

    error = ovsdb_error(OVSDB_ERR_CONSTRAINT, "%s", ds_cstr(&s));
    ds_destroy(&s);
    return error;
}

struct index_entry {
    struct hmap_node hmap_node;
    const struct ovsdb_row *row;
};

static const struct ovsdb_row *
find_in_entries(const struct hmap *entries, const struct ovsdb_row *row,
                const struct ovsdb_column_set *index, uint32_t hash)
{
    const struct index_entry *e;

    HMAP_FOR_EACH_WITH_HASH (e, hmap_node, hash, entries) {
        if (ovsdb_row_equal_columns(row, e->row, index)) {
            return e->row;
        }
    }
    return NULL;
}

/* Returns a committed row of 'table' that the open transaction does not
 * hold and that equals 'row' on index 'i', or NULL. */
static const struct ovsdb_row *
find_in_committed_index(const struct ovsdb_table *table, size_t i,
                        const struct ovsdb_row *row, uint32_t hash)
{
    const struct ovsdb_column_set *index = &table->schema->indexes[i];
    struct hmap_node *node;

    for (node = hmap_first_with_hash(&table->indexes[i], hash); node;
         node = hmap_next_with_hash(node)) {
        const struct ovsdb_row *irow = ovsdb_row_from_index_node(node, table,
                                                                 i);
        if (!irow->txn_row && ovsdb_row_equal_columns(row, irow, index)) {
            return irow;
        }
    }
    return NULL;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
check_one_index(const struct ovsdb_txn_table *t, size_t i)
{
    const struct ovsdb_table *table = t->table;
    const struct ovsdb_column_set *index = &table->schema->indexes[i];
    struct ovsdb_error *error = NULL;
    struct index_entry *entries, *e;
    const struct ovsdb_txn_row *r;
    struct hmap seen;
    size_t n = 0;

    hmap_init(&seen);
    entries = xmalloc(MAX(hmap_count(&t->txn_rows), 1) * sizeof *entries);
    OSW_LIST_FOR_EACH (r, list_node, &t->rows) {
        const struct ovsdb_row *dup;
        uint32_t hash;

        if (!r->new) {
            continue;
        }
        hash = ovsdb_row_hash_columns(r->new, index, 0);
        dup = find_in_entries(&seen, r->new, index, hash);
        if (!dup) {
            dup = find_in_committed_index(table, i, r->new, hash);
        }
        if (dup) {
            error = duplicate_index_row(index, dup, r->new);
            break;
        }
        e = &entries[n++];
        e->row = r->new;
        hmap_insert(&seen, &e->hmap_node, hash);
    }
    hmap_destroy(&seen);
    free(entries);
    return error;
}

/* Commit step 6. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
check_indexes(const struct ovsdb_txn *txn)
{
    const struct ovsdb_txn_table *t;

    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        for (size_t i = 0; i < t->table->schema->n_indexes; i++) {
            struct ovsdb_error *error = check_one_index(t, i);
            if (error) {
                return error;
            }
        }
    }
    return NULL;
}

/* Commit step 7. */
static void
update_versions(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_table *t;
    struct ovsdb_txn_row *r;

    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        OSW_LIST_FOR_EACH (r, list_node, &t->rows) {
            if (r->old && r->new && r->old != r->new) {
                bitmap_set1(r->changed, OVSDB_COL_VERSION);
                uuid_generate(ovsdb_row_get_version_rw(r->new));
            }
        }
    }
}

/* Steps 1 to 7. */
static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
precommit_checks(struct ovsdb_txn *txn)
{
    struct ovsdb_error *error;

    determine_changes(txn);
    if (ovsdb_txn_is_empty(txn)) {
        return NULL;
    }

    error = update_ref_counts(txn);
    if (!error) {
        error = collect_garbage(txn);
    }
    if (!error) {
        error = check_max_rows(txn);
    }
    if (!error) {
        error = assess_weak_refs(txn);
    }
    if (!error) {
        error = check_indexes(txn);
    }
    if (!error) {
        update_versions(txn);
    }
    return error;
}

static struct ovsdb_error * OSW_WARN_UNUSED_RESULT
run_precommit_hooks(struct ovsdb_txn *txn)
{
    struct ovsdb_commit_hook *hook;

    OSW_LIST_FOR_EACH (hook, list_node, &txn->db->hooks) {
        if (hook->class->precommit) {
            struct ovsdb_error *error = hook->class->precommit(hook, txn);
            if (error) {
                return error;
            }
        }
    }
    return NULL;
}

/* Applying. */

/* Brings the weak-reference bookkeeping of the rows that 'r' refers to up
 * to date with 'r''s change. */
static void
apply_weak_refs(struct ovsdb_txn *txn, struct ovsdb_txn_row *r)
{
    const struct ovsdb_table_schema *ts = txn_row_schema(r);
    struct ovsdb_table *src_table = r->txn_table->table;

    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_column *column = ts->columns[i];

        if (!column_has_weak_refs(column)
            || !ovsdb_txn_column_changed(r->changed, i)) {
            continue;
        }
        for (int side = 0; side < 2; side++) {
            const struct ovsdb_base_type *base = (side ? &column->type.value
                                                  : &column->type.key);
            struct ovsdb_table *dst_table;
            struct ref_diff diff;

            if (!ovsdb_base_type_is_weak_ref(base)) {
                continue;
            }
            dst_table = ref_table(txn, base);
            ref_diff_compute(&diff, r->old ? &r->old->fields[i] : NULL,
                             r->new ? &r->new->fields[i] : NULL, side);
            for (size_t j = 0; j < diff.n_removed; j++) {
                struct ovsdb_row *dst = CONST_CAST(
                    struct ovsdb_row *,
                    ovsdb_table_get_row(dst_table, &diff.removed[j]));
                if (dst && !is_self_ref(r, dst_table, &diff.removed[j])) {
                    ovsdb_row_remove_weak_src(dst, src_table, &r->uuid, 1);
                }
            }
            for (size_t j = 0; j < diff.n_added; j++) {
                struct ovsdb_row *dst = CONST_CAST(
                    struct ovsdb_row *,
                    ovsdb_table_get_row(dst_table, &diff.added[j]));
                if (dst && !is_self_ref(r, dst_table, &diff.added[j])) {
                    ovsdb_row_add_weak_src(dst, src_table, &r->uuid, 1);
                }
            }
            ref_diff_destroy(&diff);
        }
    }
}

static void
apply_indexes(struct ovsdb_txn_row *r)
{
    struct ovsdb_table *table = r->txn_table->table;

    if (r->old == r->new) {
        return;
    }
    for (size_t i = 0; i < table->schema->n_indexes; i++) {
        if (r->old) {
            hmap_remove(&table->indexes[i],
                        ovsdb_row_get_index_node(r->old, i));
        }
        if (r->new) {
            hmap_insert(&table->indexes[i],
                        ovsdb_row_get_index_node(r->new, i),
                        ovsdb_row_hash_columns(r->new,
                                               &table->schema->indexes[i],
                                               0));
        }
    }
}

/* Makes 'txn''s changes the committed state (step 3 in ovsdb.h). */
static void
apply(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_table *t;
    struct ovsdb_txn_row *r;

    /* Reference counts and bookkeeping first move to the new versions, so
     * that the weak-reference updates below find them there. */
    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        OSW_LIST_FOR_EACH (r, list_node, &t->rows) {
            if (r->new) {
                r->new->n_refs = r->n_refs;
                if (r->old && r->old != r->new) {
                    hmap_swap(&r->old->weak_srcs, &r->new->weak_srcs);
                }
            }
        }
    }
    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        OSW_LIST_FOR_EACH (r, list_node, &t->rows) {
            if (txn_row_is_change(r)) {
                apply_weak_refs(txn, r);
            }
        }
    }
    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        OSW_LIST_FOR_EACH (r, list_node, &t->rows) {
            apply_indexes(r);
            if (r->old) {
                r->old->txn_row = NULL;
            }
            if (r->new) {
                r->new->txn_row = NULL;
            }
        }
        /* The table no longer has anything pending for queries. */
        t->table->txn_table = NULL;
    }

    txn->db->n_commits++;
    txn->db->last_txnid = txn->txnid;
}

/* Frees 'txn' after a successful commit, with the old rows. */
static void
free_committed(struct ovsdb_txn *txn)
{
    struct ovsdb_txn_table *t;

    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        struct ovsdb_txn_row *r, *next;

        OSW_LIST_FOR_EACH_SAFE (r, next, list_node, &t->rows) {
            if (r->old && r->old != r->new) {
                ovsdb_row_destroy(r->old);
            }
            txn_row_free(r);
        }
    }
    txn_free(txn);
}

/* True if 'txn' inserts, modifies or deletes at least one row.  (Rows
 * inserted and then garbage collected, and rows pulled in only to count
 * references, do not count.) */
static bool
txn_has_changes(const struct ovsdb_txn *txn)
{
    const struct ovsdb_txn_table *t;
    const struct ovsdb_txn_row *r;

    OSW_LIST_FOR_EACH (t, list_node, &txn->txn_tables) {
        OSW_LIST_FOR_EACH (r, list_node, &t->rows) {
            if (txn_row_is_change(r)) {
                return true;
            }
        }
    }
    return false;
}

/* Checks and commits 'txn' and frees it; see transaction.h and the hook
 * protocol in ovsdb.h. */
struct ovsdb_error *
ovsdb_txn_commit(struct ovsdb_txn *txn)
{
    struct ovsdb_error *error = precommit_checks(txn);
    if (!error && !txn_has_changes(txn)) {
        /* Nothing to do; undoing the bookkeeping is all that is left. */
        ovsdb_txn_abort(txn);
        return NULL;
    }
    if (!error) {
        error = run_precommit_hooks(txn);
    }
    if (error) {
        ovsdb_txn_abort(txn);
        return error;
    }

    apply(txn);

    struct ovsdb_commit_hook *hook;
    OSW_LIST_FOR_EACH (hook, list_node, &txn->db->hooks) {
        if (hook->class->commit) {
            hook->class->commit(hook, txn);
        }
    }

    free_committed(txn);
    return NULL;
}
