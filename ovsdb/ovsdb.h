/* ovsdb: one database instance in memory.
 *
 * A 'struct ovsdb' is a schema plus one 'struct ovsdb_table' per table of
 * the schema.  All changes go through transactions (transaction.h); at
 * most one transaction may be open on a database at a time (the server
 * executes and commits each client transaction before the next one).
 *
 * Commit hooks
 * ============
 *
 * Other parts of the server learn about changes through commit hooks: the
 * file storage (which must write each commit to disk before the client is
 * told it succeeded) and the monitors (which turn changes into "update"
 * notifications).  A hook is an object embedding 'struct ovsdb_commit_hook'
 * whose class supplies up to three callbacks.  For every transaction that
 * changes at least one row, ovsdb_txn_commit() proceeds in this order:
 *
 *   1. Checks: referential integrity, garbage collection, "maxRows", weak
 *      references, unique indexes.  A failure aborts the transaction; no
 *      hook is called.
 *
 *   2. 'precommit' of every hook, in the order they were added.  The
 *      transaction's changes are final and can be read with
 *      ovsdb_txn_for_each_change(), but nothing is visible in the
 *      committed state yet.  A hook may refuse the transaction by returning
 *      an error (for example, the disk write failed): the transaction is
 *      then aborted, the remaining hooks' 'precommit' are not called, and
 *      the error is the commit's result.  Because a hook that already
 *      accepted cannot take it back, only one hook should be able to fail
 *      (the storage), and it should be added first.
 *
 *   3. Apply: the changes become the committed state (indexes, reference
 *      counts, "_version"), the database's transaction counter is
 *      incremented and its last transaction id set to the transaction's.
 *
 *   4. 'commit' of every hook, in order, which cannot fail.  The
 *      transaction can still be read: old rows (as they were before the
 *      transaction) stay valid until every hook has returned.
 *
 *   5. The transaction is freed, and with it the old rows.
 *
 * A transaction that changes nothing calls no hook and does not count.
 *
 * Ownership: the database owns its schema (given to ovsdb_create()) and
 * its tables.  Hooks are owned by their creators; ovsdb_destroy() calls
 * each remaining hook's 'destroy' (if nonnull) after removing it.
 *
 * Thread-safety: none; a database belongs to one thread. */
#ifndef OVSDB_OVSDB_H
#define OVSDB_OVSDB_H 1

#include <stdbool.h>
#include <stdint.h>
#include "osw/hmap.h"
#include "osw/list.h"
#include "osw/util.h"
#include "osw/uuid.h"

struct ovsdb_commit_hook;
struct ovsdb_error;
struct ovsdb_schema;
struct ovsdb_table_schema;
struct ovsdb_txn;

struct ovsdb {
    struct ovsdb_schema *schema;    /* Owned. */
    struct ovsdb_table **tables;    /* One per schema table, same order. */
    size_t n_tables;
    struct hmap tables_by_schema;   /* Same tables, by schema pointer. */
    struct osw_list hooks;          /* Contains "struct ovsdb_commit_hook". */
    struct ovsdb_txn *txn;          /* The open transaction, if any. */
    uint64_t n_commits;             /* Transactions committed so far. */
    struct uuid last_txnid;         /* Id of the last committed one. */
};

struct ovsdb_commit_hook_class {
    /* Optional.  See step 2 above.  'txn' is the committing transaction;
     * ovsdb_txn_is_durable() says whether the client asked for a durable
     * commit.  Returns NULL to accept, or an error to refuse. */
    struct ovsdb_error *(*precommit)(struct ovsdb_commit_hook *,
                                     const struct ovsdb_txn *txn);

    /* Optional.  See step 4 above. */
    void (*commit)(struct ovsdb_commit_hook *, const struct ovsdb_txn *txn);

    /* Optional.  Called by ovsdb_destroy() for hooks still attached. */
    void (*destroy)(struct ovsdb_commit_hook *);
};

struct ovsdb_commit_hook {
    struct osw_list list_node;      /* In database's 'hooks'. */
    const struct ovsdb_commit_hook_class *class;
};

/* Returns a new empty database for 'schema', taking ownership of it.  The
 * schema's references must be resolved (ovsdb_schema_from_json() does
 * that). */
struct ovsdb *ovsdb_create(struct ovsdb_schema *schema);
/* Frees 'db', its tables, rows and schema, after detaching (and
 * destroying) its hooks.  No transaction may be open.  Accepts NULL. */
void ovsdb_destroy(struct ovsdb *db);

/* Returns the table called 'name', or NULL. */
struct ovsdb_table *ovsdb_get_table(const struct ovsdb *db, const char *name);
/* Returns the table of 'db' whose schema is 'ts', or NULL. */
struct ovsdb_table *ovsdb_get_table_by_schema(
    const struct ovsdb *db, const struct ovsdb_table_schema *ts);

/* Initializes 'hook' with 'class' and attaches it to 'db' (last). */
void ovsdb_add_commit_hook(struct ovsdb *db, struct ovsdb_commit_hook *hook,
                           const struct ovsdb_commit_hook_class *class);
/* Detaches 'hook' from its database (without calling 'destroy'). */
void ovsdb_remove_commit_hook(struct ovsdb_commit_hook *hook);

#endif /* ovsdb.h */
