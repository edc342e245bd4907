/* transaction: atomic changes to an OVSDB database.
 *
 * A transaction ('struct ovsdb_txn') collects row insertions,
 * modifications and deletions on one database and then either commits
 * them all or none.  While it is open, the tables show its changes
 * ("read your writes"): ovsdb_table_get_row() and queries see inserted
 * rows, modified values and no deleted rows.  Old versions of changed rows
 * are kept aside, so ovsdb_txn_abort() can put everything back.
 *
 * Changing rows:
 *
 *   - ovsdb_txn_row_insert() adds a new row (the transaction takes it over
 *     and gives it a fresh "_version").
 *   - ovsdb_txn_row_modify() returns a writable version of a row
 *     (copy-on-write: the first call copies the committed row, later
 *     calls return the same copy).  Write its datums directly; keep them
 *     valid for their column types.
 *   - ovsdb_txn_row_delete() removes a row.
 *
 * Committing (ovsdb_txn_commit()) checks and completes the transaction in
 * this order, as Open vSwitch's ovsdb-server does, so that the same
 * mistake yields the same error:
 *
 *   1. Rows "modified" without any value changing are dropped from the
 *      transaction.  If nothing is left, the commit succeeds at once.
 *   2. Strong references: every new reference must name an existing row
 *      ("referential integrity violation": "Table T column C row U
 *      references nonexistent row V in table T2."), and no deleted row may
 *      still be referenced ("cannot delete T row U because of N remaining
 *      reference(s)").
 *   3. Garbage collection: rows of non-root tables that no strong
 *      reference reaches any more are deleted, cascading to the rows they
 *      referenced.
 *   4. "maxRows" ("constraint violation": "transaction causes \"T\" table
 *      to contain N rows, greater than the schema-defined limit of M
 *      row(s)").
 *   5. Weak references to deleted or nonexistent rows are removed from the
 *      referring columns; if that leaves a column with fewer elements than
 *      its type's minimum, "constraint violation".
 *   6. Unique indexes ("constraint violation" naming the duplicate rows).
 *   7. "_version" of every modified row gets a new random uuid.
 *   8. The database's commit hooks run and the changes become committed:
 *      see ovsdb.h for the hook protocol (precommit, apply, commit).
 *
 * Every check runs in O(size of the changes), never over whole tables:
 * references are counted per row, weak references are found through the
 * referenced rows' 'weak_srcs', uniqueness through the tables' indexes.
 *
 * Reading the changes (for storage and monitors, from a commit hook):
 * ovsdb_txn_for_each_change() visits every row that the transaction
 * inserted, modified or deleted, with its old and new version and a
 * bitmap of the columns whose values changed ("_version" included for
 * modified rows; every column for inserted and deleted rows).  Tables are
 * visited in the order the transaction first touched them, rows in the
 * order they were first touched within a table.
 *
 * A transaction also carries a comment (the "comment" operations, joined
 * with newlines), a "durable" flag (a "commit" operation with "durable":
 * true) and an id (a random uuid, the database's "last transaction id"
 * once committed).
 *
 * Thread-safety: none. */
#ifndef OVSDB_TRANSACTION_H
#define OVSDB_TRANSACTION_H 1

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include "osw/util.h"
#include "osw/uuid.h"

struct ovsdb;
struct ovsdb_row;
struct ovsdb_table;
struct ovsdb_txn;

/* Starts a transaction on 'db', which must have no other one open. */
struct ovsdb_txn *ovsdb_txn_create(struct ovsdb *db);
/* Undoes every change of 'txn' and frees it. */
void ovsdb_txn_abort(struct ovsdb_txn *txn);
/* Checks and commits 'txn' as described above and frees it, whether it
 * succeeds or not.  Returns NULL on success, otherwise the error (the
 * caller owns it) and the database is as before the transaction. */
struct ovsdb_error *ovsdb_txn_commit(struct ovsdb_txn *txn)
    OSW_WARN_UNUSED_RESULT;

/* Returns the database of 'txn'. */
struct ovsdb *ovsdb_txn_get_db(const struct ovsdb_txn *txn);

/* Adds 'row', a row of its table not yet in any table, with a "_uuid" that
 * ovsdb_txn_may_create_row() accepts.  'txn' takes ownership of 'row' and
 * sets its "_version" to a fresh uuid. */
void ovsdb_txn_row_insert(struct ovsdb_txn *txn, struct ovsdb_row *row);
/* Returns the writable version of 'row', a row currently in its table. */
struct ovsdb_row *ovsdb_txn_row_modify(struct ovsdb_txn *txn,
                                       const struct ovsdb_row *row);
/* Deletes 'row', a row currently in its table.  (A row inserted by 'txn'
 * is freed at once.) */
void ovsdb_txn_row_delete(struct ovsdb_txn *txn, const struct ovsdb_row *row);
/* True if a row with 'uuid' may be inserted into 'table': no such row is
 * in the table and none was deleted by the open transaction. */
bool ovsdb_txn_may_create_row(const struct ovsdb_table *table,
                              const struct uuid *uuid);

/* Comment, durability and id. */
void ovsdb_txn_add_comment(struct ovsdb_txn *txn, const char *comment);
/* Returns the comment, or NULL if there is none. */
const char *ovsdb_txn_get_comment(const struct ovsdb_txn *txn);
void ovsdb_txn_set_durable(struct ovsdb_txn *txn, bool durable);
bool ovsdb_txn_is_durable(const struct ovsdb_txn *txn);
void ovsdb_txn_set_txnid(struct ovsdb_txn *txn, const struct uuid *txnid);
const struct uuid *ovsdb_txn_get_txnid(const struct ovsdb_txn *txn);

/* True if the transaction has no change so far. */
bool ovsdb_txn_is_empty(const struct ovsdb_txn *txn);

/* Visits the changes.  'old' is NULL for an inserted row, 'new' NULL for
 * a deleted row.  'changed' is a bitmap indexed by column index (test it
 * with ovsdb_txn_column_changed()).  Stops early if 'cb' returns false.
 * Before commit (during execution) the bitmaps are not computed yet: use
 * this from commit hooks. */
typedef bool ovsdb_txn_change_cb(const struct ovsdb_row *old,
                                 const struct ovsdb_row *new,
                                 const unsigned long *changed, void *aux);
void ovsdb_txn_for_each_change(const struct ovsdb_txn *txn,
                               ovsdb_txn_change_cb *cb, void *aux);

static inline bool
ovsdb_txn_column_changed(const unsigned long *changed, unsigned int idx)
{
    return (changed[idx / (sizeof *changed * CHAR_BIT)]
            >> (idx % (sizeof *changed * CHAR_BIT))) & 1;
}

/* For queries (condition.c): appends to 'rows' the current version of
 * every row of 'table' that the open transaction inserted or changed (or
 * pulled in); rows it deleted are left out.  Appends nothing when no
 * transaction has touched 'table'. */
struct ovsdb_row_set;
void ovsdb_txn_table_get_changed_rows(const struct ovsdb_table *table,
                                      struct ovsdb_row_set *rows);

#endif /* transaction.h */
