/* txn-history: the last committed transactions of a database.
 *
 * "monitor_cond_since" lets a client that reconnects ask only for what
 * changed after the last transaction it saw.  To answer, the server keeps
 * the changes of the most recent transactions of each database: for each,
 * its id (the uuid of ovsdb_txn_get_txnid(), which becomes the database's
 * 'last_txnid') and, for every row it inserted, modified or deleted, a
 * copy of the row before and after.
 *
 * A history attaches a commit hook to its database when created and from
 * then on records every commit, oldest first.  It drops the oldest
 * transactions when it holds more than 'max_txns' of them, and, as
 * ovsdb-server does, when the atoms (values) it holds outnumber those in
 * the whole database, so that a history never costs much more memory than
 * the data itself (it keeps at least the newest transaction, though).
 * Transactions committed before the history was created are not in it.
 *
 * Recording costs a copy of every changed row on every commit, which only
 * "monitor_cond_since" can ever use.  A history created with
 * ovsdb_txn_history_create_lazy() records nothing until
 * ovsdb_txn_history_activate() is called (the server calls it on the
 * first "monitor_cond_since" request): a client can only learn a
 * transaction id from such a request or the updates that follow it, so
 * nothing it could ask about is lost.  Activation records the database's
 * current last transaction as an entry with no changes, so that the id
 * the first request's reply gives stays findable.
 *
 * The entries returned by the lookup functions stay valid until the next
 * commit to the database (which may drop them) or the history's
 * destruction.
 *
 * Lifetime: destroy the history before its database.  If the database is
 * destroyed first, the history empties itself and detaches; it must still
 * be freed with ovsdb_txn_history_destroy().
 *
 * Thread-safety: none; it belongs to the database's thread. */
#ifndef OVSDB_TXN_HISTORY_H
#define OVSDB_TXN_HISTORY_H 1

#include <stdbool.h>
#include <stddef.h>
#include "osw/list.h"
#include "osw/uuid.h"

struct ovsdb;
struct ovsdb_row;
struct ovsdb_table;

/* Default for 'max_txns', as ovsdb-server. */
#define OVSDB_TXN_HISTORY_DEFAULT_MAX 100

/* One row changed by a recorded transaction.  'old' is NULL for an
 * inserted row, 'new' NULL for a deleted one.  The rows are private
 * copies (their bookkeeping is empty; only the data is meaningful). */
struct ovsdb_txn_history_change {
    const struct ovsdb_table *table;
    struct uuid uuid;
    const struct ovsdb_row *old;
    const struct ovsdb_row *new;
};

/* One recorded transaction. */
struct ovsdb_txn_history_entry {
    struct osw_list list_node;  /* In the history, oldest first. */
    struct uuid txnid;
    struct ovsdb_txn_history_change *changes;   /* In commit order. */
    size_t n_changes;
    size_t n_atoms;             /* Atoms held by the copies. */
};

struct ovsdb_txn_history;

/* Returns a new history that records the commits of 'db', keeping at most
 * 'max_txns' (at least 1) transactions. */
struct ovsdb_txn_history *ovsdb_txn_history_create(struct ovsdb *db,
                                                   size_t max_txns);
/* Like ovsdb_txn_history_create(), but inactive until activated. */
struct ovsdb_txn_history *ovsdb_txn_history_create_lazy(struct ovsdb *db,
                                                        size_t max_txns);
/* Starts recording if 'h' was created lazily and has not yet started. */
void ovsdb_txn_history_activate(struct ovsdb_txn_history *h);
/* Detaches 'h' from its database and frees it.  Accepts NULL. */
void ovsdb_txn_history_destroy(struct ovsdb_txn_history *h);

/* Changes the limit on the number of transactions kept (at least 1),
 * dropping the oldest ones if there are now too many. */
void ovsdb_txn_history_set_max(struct ovsdb_txn_history *h, size_t max_txns);
/* Whether to also drop old transactions when the history holds more atoms
 * than the database (default true). */
void ovsdb_txn_history_set_bounded_by_db(struct ovsdb_txn_history *h,
                                         bool bounded);

/* Number of transactions held. */
size_t ovsdb_txn_history_count(const struct ovsdb_txn_history *h);
/* Number of atoms held by the recorded rows, and in the database. */
size_t ovsdb_txn_history_n_atoms(const struct ovsdb_txn_history *h);
size_t ovsdb_txn_history_db_atoms(const struct ovsdb_txn_history *h);

/* Returns the recorded transaction with id 'txnid', or NULL. */
const struct ovsdb_txn_history_entry *ovsdb_txn_history_find(
    const struct ovsdb_txn_history *h, const struct uuid *txnid);
/* Return the oldest and newest recorded transactions (NULL if none), and
 * the one after 'e' (NULL if 'e' is the newest). */
const struct ovsdb_txn_history_entry *ovsdb_txn_history_first(
    const struct ovsdb_txn_history *h);
const struct ovsdb_txn_history_entry *ovsdb_txn_history_last(
    const struct ovsdb_txn_history *h);
const struct ovsdb_txn_history_entry *ovsdb_txn_history_next(
    const struct ovsdb_txn_history *h,
    const struct ovsdb_txn_history_entry *e);

/* Iterates over the transactions recorded after the one with id 'TXNID'
 * (not including it), oldest first.  Does nothing if 'TXNID' is not
 * recorded: check with ovsdb_txn_history_find() first. */
#define OVSDB_TXN_HISTORY_FOR_EACH_AFTER(ENTRY, TXNID, HISTORY)          \
    for ((ENTRY) = ovsdb_txn_history_find(HISTORY, TXNID),              \
         (ENTRY) = (ENTRY) ? ovsdb_txn_history_next(HISTORY, ENTRY) : NULL; \
         (ENTRY);                                                       \
         (ENTRY) = ovsdb_txn_history_next(HISTORY, ENTRY))

#endif /* txn-history.h */
