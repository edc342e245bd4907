/* ovsdb-idl: an in-memory replica of an OVSDB database, and transactions
 * against it.
 *
 * osw-vswitchd and osw-vsctl do not query the database: they keep a copy
 * of the tables and columns they care about, which the server keeps up to
 * date with monitor notifications (RFC 7047 "monitor" and Open vSwitch's
 * "monitor_cond" and "monitor_cond_since" extensions, see ovsdb-server(7)),
 * read that copy directly, and change the database with transactions that
 * say what they read (optimistic concurrency).  This module is that copy,
 * the "IDL" of Open vSwitch, in a generic form: it is driven by a schema
 * (struct ovsdb_schema) at run time instead of generated code, and rows
 * hold their values as datums (ovsdb-data.h) indexed like the table
 * schema's columns.
 *
 * Life cycle
 * ==========
 *
 * ovsdb_idl_create() takes the remote ("unix:PATH", "tcp:IP:PORT", ...),
 * the database name and either a schema (copied) or NULL to use the
 * server's.  The replica's shape (its tables and columns, 'struct
 * ovsdb_idl_table' pointers) is fixed by the first schema known and never
 * changes during the life of the IDL, so pointers to tables stay valid;
 * with a NULL schema the tables exist only once the server's schema has
 * arrived (ovsdb_idl_get_schema() stops returning NULL).
 *
 * The IDL is driven by the poll loop (poll-loop.h): call ovsdb_idl_run()
 * in the loop and ovsdb_idl_wait() before poll_block().  run() connects,
 * reconnects with backoff (jsonrpc_session), fetches what it needs and
 * applies the server's updates to the replica.  ovsdb_idl_get_seqno()
 * changes whenever the replica changed in a way callers were told to care
 * about (see "What to replicate"), so a daemon's main loop re-reads the
 * replica only when the seqno moved:
 *
 *     for (;;) {
 *         ovsdb_idl_run(idl);
 *         if (ovsdb_idl_get_seqno(idl) != last_seqno) {
 *             last_seqno = ovsdb_idl_get_seqno(idl);
 *             reconfigure(idl);
 *         }
 *         ovsdb_idl_wait(idl);
 *         poll_block();
 *     }
 *
 * The protocol, on every new connection:
 *
 *   1. "monitor_cond" on the server's "_Server" database, Database table,
 *      row of our database, then "set_db_change_aware": the row gives the
 *      database's schema, and later changes to it (schema converted,
 *      database removed, cluster member cut off) make the IDL reconnect
 *      and start over instead of the server dropping the connection.  A
 *      server without "_Server" (older than Open vSwitch 2.9) answers
 *      with an error and the IDL goes on without it.
 *   2. "get_schema", if step 1 did not give the schema.
 *   3. "monitor_cond_since" with the id of the last transaction the
 *      replica has seen: the server answers with only the changes since
 *      then ("found") or with everything.  If the server does not know
 *      the method ("unknown method"), "monitor_cond" (update2), and if
 *      that is unknown too, plain RFC 7047 "monitor" (update).  Anything
 *      the server sends in full (anything but a "found" answer) is merged
 *      into the existing replica: rows that did not change keep their
 *      identity and their change seqnos, rows that are gone are deleted,
 *      so a reconnection looks to callers like an ordinary update.
 *   4. Updates ("update", "update2", "update3") are applied as they come.
 *
 * Errors from the peer never crash the IDL: a malformed update or reply is
 * logged (rate-limited) and the IDL reconnects and reloads everything
 * ("resync").  Values of columns or tables the replica does not know are
 * ignored.  Values that break the column's number of elements are
 * replaced by the column's default (logged), so that a caller can always
 * read, say, keys[0] of a scalar.  Other constraints (enum, ranges) are
 * not checked on received data.
 *
 * What to replicate
 * =================
 *
 * With 'monitor_everything' every column of every table is replicated
 * and "alerts" (changes to it bump the seqno); otherwise nothing is until
 * the caller adds tables and columns.  ovsdb_idl_add_column() and
 * ovsdb_idl_add_table() add, ovsdb_idl_omit() stops replicating a column,
 * and ovsdb_idl_omit_alert() keeps replicating it without a seqno bump
 * when only such columns change (statistics that the writer itself
 * updates, for example).  These take names; with the schema unknown yet,
 * they are remembered and applied once it arrives (unknown names are then
 * logged); with the schema known, unknown names return ENOENT.  Call them
 * before the first ovsdb_idl_run(): a change made later takes effect at
 * the next (re)connection.
 *
 * Columns and tables that the server's schema lacks (a newer replica
 * schema against an older server), or whose atomic types differ, are not
 * requested: they stay empty (default values), with a log message.
 *
 * Conditional monitoring: ovsdb_idl_set_condition() replicates only the
 * rows of a table that match a JSON condition list (as in "where", plus
 * the booleans true and false), sent with the monitor request or, later,
 * with "monitor_cond_change".  It returns a sequence number; once
 * ovsdb_idl_get_condition_seqno() reaches it, the server has applied the
 * condition and the replica holds exactly the matching rows.  A server
 * that supports only plain "monitor" cannot filter: all rows are
 * replicated and the condition seqno still advances.
 *
 * Reading the replica
 * ===================
 *
 * ovsdb_idl_get_table() finds a table by name; OVSDB_IDL_FOR_EACH_ROW
 * iterates its rows (in no particular order), ovsdb_idl_get_row_for_uuid()
 * looks one up.  A row's 'datums' array has one value per column of the
 * table schema, indexed by column index ('datums[OVSDB_COL_UUID]' is the
 * row's uuid), in the invariants of ovsdb-data.h; callers must not
 * modify it.  Typed helpers read common shapes: a string, integer, real
 * or boolean scalar (with a caller's default when the column is empty or
 * of another type), a string key of a string-to-string map
 * ("other_config:stp-enable"), references resolved to rows (references
 * to rows that are not, or not yet, in the replica are skipped).
 *
 * Row pointers stay valid until the next ovsdb_idl_run() that deletes
 * the row (the seqno then changes), or, for tracked tables, until
 * ovsdb_idl_track_clear() after the deletion.
 *
 * Change tracking
 * ===============
 *
 * Each row records, for insertion, modification and deletion, the seqno
 * at which that last happened (ovsdb_idl_row_get_seqno()), and each table
 * the seqno of its last change, so a caller that remembers the seqno it
 * last looked at can tell which rows changed since.  Only changes to
 * alerting columns count.  For tables added with ovsdb_idl_track_add_table()
 * or ovsdb_idl_track_add_all(), the IDL also keeps the list of rows
 * inserted, modified or deleted since the last ovsdb_idl_track_clear()
 * (OVSDB_IDL_TRACK_FOR_EACH), deleted rows included (with their last
 * values, ovsdb_idl_row_is_deleted() true), and which of their columns
 * changed (ovsdb_idl_track_is_updated()).
 *
 * Transactions
 * ============
 *
 * At most one transaction is being built at a time:
 *
 *     struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(idl);
 *     ... ovsdb_idl_txn_verify(row, "bridges");   (what the change relies on)
 *     ... ovsdb_idl_txn_write(row, "bridges", &datum);
 *     status = ovsdb_idl_txn_commit_block(txn);
 *     ... TRY_AGAIN: the replica was stale; run the IDL until the seqno
 *         changes, recompute, and build a new transaction.
 *     ovsdb_idl_txn_destroy(txn);
 *
 * While it is being built, the rows it touches show its changes (writes,
 * partial map and set updates, inserted rows appear in iteration and
 * lookup, deleted rows disappear): read-your-writes.  Committing sends one
 * "transact" request and reverts the rows to the replica's values; after
 * commit, abort or destroy, reads see the replica only.  The server's own
 * update for the transaction then brings the changes in: ovsdb-server
 * sends the update notification for a transaction before its reply
 * (ovsdb-server(7) section 4.1.5), and the IDL processes messages in
 * order, so when a commit reports SUCCESS the replica already shows the
 * transaction's effect on the monitored columns and rows.  (The IDL does
 * not wait for anything beyond the reply; a server that answered first
 * would show the change one update later.)
 *
 * Each touched row becomes an operation: "insert" (with "uuid-name", and
 * references to the new row from elsewhere in the transaction written as
 * "named-uuid"; or with the caller's "uuid"), "update" of the written
 * columns whose value differs from the replica's, "mutate" for partial
 * map and set updates ("delete" then "insert" of a key, so concurrent
 * changes to other keys survive without a verify; one "delete" and one
 * "insert" per column at most, each element's last change winning),
 * "delete" (only for rows of root tables: the server garbage-collects
 * the others once nothing refers to them).
 * ovsdb_idl_txn_verify() adds a "wait" (timeout 0, until "==") on the
 * column's value in the replica: if another client changed it meanwhile,
 * the transaction fails as a whole with TRY_AGAIN.  While a lock is set
 * (ovsdb_idl_set_lock()), an "assert" on it comes first, and a commit
 * without the lock fails with NOT_LOCKED.  ovsdb_idl_txn_increment()
 * appends a "mutate" += 1 and a "select" that reads back the new value
 * (Open_vSwitch's next_cfg), naming a row that the transaction inserts by
 * its "named-uuid".  Writes to a row that another client deleted
 * meanwhile are lost silently unless a column of it was verified.
 *
 * A transaction with nothing to change (no insert, delete, changed
 * column, mutation or forced increment) is not sent: UNCHANGED.  A
 * commit while the IDL is not in sync with the server returns TRY_AGAIN
 * at once; a connection lost before the reply also gives TRY_AGAIN (the
 * transaction may or may not have been applied: recompute from the
 * replica).
 *
 * Do not call ovsdb_idl_run() while a transaction is being built (between
 * ovsdb_idl_txn_create() and its commit, abort or destroy): the replica
 * must not change under the transaction.  If it is called anyway, it keeps
 * the connection alive but leaves messages queued until the transaction is
 * committed or dropped.
 *
 * Locks
 * =====
 *
 * ovsdb_idl_set_lock() asks the server for a named lock (RFC 7047 "lock")
 * on every connection; ovsdb_idl_has_lock() and
 * ovsdb_idl_is_lock_contended() follow the server's replies and "locked"
 * and "stolen" notifications.  Gaining or losing the lock changes the
 * seqno.
 *
 * Thread-safety: none; an IDL and everything from it belongs to one
 * thread. */
#ifndef OVSDB_IDL_H
#define OVSDB_IDL_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/hmap.h"
#include "osw/list.h"
#include "osw/util.h"
#include "osw/uuid.h"
#include "ovsdb-data.h"
#include "ovsdb-schema.h"

struct ovsdb_idl;
struct ovsdb_idl_table;
struct ovsdb_idl_txn;

/* Life cycle and connection. */

/* Creates an IDL for database 'db_name' on 'remote'.  'schema', if
 * nonnull, is copied and gives the replica's shape; if NULL, the server's
 * schema is used.  'monitor_everything' replicates every table and column
 * (see ovsdb_idl_omit()); otherwise the caller adds what it wants.  With
 * 'retry' false the IDL gives up after the first failed connection
 * attempt (for command-line tools); with true it reconnects forever. */
struct ovsdb_idl *ovsdb_idl_create(const char *remote, const char *db_name,
                                   const struct ovsdb_schema *schema,
                                   bool monitor_everything, bool retry);
/* Frees 'idl' and its replica.  Transactions of 'idl' should be destroyed
 * first; any still alive are detached (their status stays as it is). */
void ovsdb_idl_destroy(struct ovsdb_idl *);

/* Does all the work that can be done now: connection management,
 * processing the server's messages, finishing transactions. */
void ovsdb_idl_run(struct ovsdb_idl *);
/* Arranges for poll_block() to wake when ovsdb_idl_run() has work. */
void ovsdb_idl_wait(struct ovsdb_idl *);

/* Changes whenever the replica changes (alerting columns), the lock is
 * gained or lost, or the replica is first loaded. */
unsigned int ovsdb_idl_get_seqno(const struct ovsdb_idl *);
/* True if connected to the server (not necessarily in sync yet). */
bool ovsdb_idl_is_connected(const struct ovsdb_idl *);
/* True if connected and the replica is in sync: the monitor is in
 * place, so updates arrive as the database changes. */
bool ovsdb_idl_is_synced(const struct ovsdb_idl *);
/* True unless 'retry' was false and the connection attempt failed or the
 * connection was lost: then nothing more will happen. */
bool ovsdb_idl_is_alive(const struct ovsdb_idl *);
/* True once the replica has been loaded from the server at least once. */
bool ovsdb_idl_has_ever_connected(const struct ovsdb_idl *);
/* Returns 0 while in sync, otherwise a positive errno value saying why
 * not: the connection's error (ECONNREFUSED, ENOENT for a missing socket,
 * EOF for a closed connection...), ENOENT if the server has no database
 * 'db_name', ENOTCONN if the database is a cluster member cut off from
 * its cluster, EPROTO for a protocol error (an error reply, a malformed
 * message), or EAGAIN while connecting and loading. */
int ovsdb_idl_get_last_error(const struct ovsdb_idl *);
/* The text of the last error that was not a plain connection failure
 * ("database Open_vSwitch not found on server", the server's error reply
 * to a monitor request...), or NULL.  Owned by 'idl'. */
const char *ovsdb_idl_get_last_error_detail(const struct ovsdb_idl *);
/* Drops the connection and reconnects (with backoff). */
void ovsdb_idl_force_reconnect(struct ovsdb_idl *);
/* Sends an "echo" probe after 'probe_interval' ms of silence and drops
 * the connection after as much more; 0 disables probes. */
void ovsdb_idl_set_probe_interval(struct ovsdb_idl *, int probe_interval);
/* Sets the wait before reconnecting after a failure or a dropped
 * connection: 'min_backoff' ms at first, doubling with each further
 * consecutive failure up to 'max_backoff' ms (reconnect.h; <= 0: the
 * defaults, 1000 and 8000 ms).  Only a retrying IDL reconnects.  Tests
 * and fuzzers set 1 ms to reconnect at once. */
void ovsdb_idl_set_backoff(struct ovsdb_idl *, int min_backoff,
                           int max_backoff);
/* The remote and database names given at creation.  Owned by 'idl'. */
const char *ovsdb_idl_get_remote(const struct ovsdb_idl *);
const char *ovsdb_idl_get_db_name(const struct ovsdb_idl *);
/* The monitor method of the current connection, once the server accepted
 * it: "monitor_cond_since", "monitor_cond" or "monitor"; NULL before. */
const char *ovsdb_idl_get_monitor_method(const struct ovsdb_idl *);
/* The number of times the replica was loaded in full (the first load, and
 * every reconnection that could not resume from the last transaction). */
unsigned int ovsdb_idl_get_n_full_loads(const struct ovsdb_idl *);

/* The replica's schema, or NULL until known (see ovsdb_idl_create()). */
const struct ovsdb_schema *ovsdb_idl_get_schema(const struct ovsdb_idl *);

/* What to replicate.  Each returns 0, or ENOENT if the schema is known and
 * has no such table or column ("_uuid" and "_version" are not columns one
 * can add or omit). */

/* Replicates 'table' (its rows and uuids) even if none of its columns
 * are. */
int ovsdb_idl_add_table(struct ovsdb_idl *, const char *table);
/* Replicates 'column' of 'table', alerting. */
int ovsdb_idl_add_column(struct ovsdb_idl *, const char *table,
                         const char *column);
/* Replicates every column of 'table', alerting. */
int ovsdb_idl_add_all_columns(struct ovsdb_idl *, const char *table);
/* Stops replicating 'column' of 'table'. */
int ovsdb_idl_omit(struct ovsdb_idl *, const char *table,
                   const char *column);
/* Replicates 'column' of 'table' without alerting: a change to it alone
 * changes neither the seqno nor the row's change seqnos. */
int ovsdb_idl_omit_alert(struct ovsdb_idl *, const char *table,
                         const char *column);
/* Keeps the list of changed rows of 'table' (see "Change tracking"). */
int ovsdb_idl_track_add_table(struct ovsdb_idl *, const char *table);
/* The same for every table. */
void ovsdb_idl_track_add_all(struct ovsdb_idl *);

/* Replicates only the rows of 'table' that match 'condition' (borrowed; a
 * JSON array of <condition>s and booleans, of which a row must match at
 * least one: monitor_cond ORs its clauses, unlike "where" in a
 * transaction; NULL or [] means every row).  Returns the condition seqno (see
 * ovsdb_idl_get_condition_seqno()) at which it will be in force, or 0 if
 * 'condition' is not an array or the schema is known and has no 'table'.
 * (With the schema unknown yet, the condition waits for it, like the
 * functions above.)  The server checks the condition: one it refuses
 * fails the connection (see ovsdb_idl_get_last_error_detail()). */
unsigned int ovsdb_idl_set_condition(struct ovsdb_idl *, const char *table,
                                     const json_t *condition);
/* Counts the condition changes the server has acknowledged (a monitor
 * reply acknowledges every condition it carried). */
unsigned int ovsdb_idl_get_condition_seqno(const struct ovsdb_idl *);

/* Tables. */

/* Returns the table called 'name', or NULL (also while the schema is
 * unknown). */
struct ovsdb_idl_table *ovsdb_idl_get_table(const struct ovsdb_idl *,
                                            const char *name);
const struct ovsdb_table_schema *ovsdb_idl_table_get_schema(
    const struct ovsdb_idl_table *);
const char *ovsdb_idl_table_get_name(const struct ovsdb_idl_table *);
/* The seqno of the last alerting change to a row of the table. */
unsigned int ovsdb_idl_table_get_seqno(const struct ovsdb_idl_table *);
/* The number of rows in the replica (rows inserted or deleted by the
 * transaction being built counted as such). */
size_t ovsdb_idl_table_count(const struct ovsdb_idl_table *);
/* True if the table is part of the current (or last) monitor request. */
bool ovsdb_idl_table_is_replicated(const struct ovsdb_idl_table *);
/* Returns the column 'name' of the table (implicit ones included), or
 * NULL. */
const struct ovsdb_column *ovsdb_idl_table_find_column(
    const struct ovsdb_idl_table *, const char *name);

/* Rows. */

struct ovsdb_idl_row {
    struct hmap_node hmap_node; /* In the table's rows, by uuid_hash(). */
    struct uuid uuid;
    struct ovsdb_idl_table *table;
    struct ovsdb_datum *datums; /* By column index; read-only. */

    /* The rest is private to ovsdb-idl.c. */
    unsigned int change_seqno[3];   /* By enum ovsdb_idl_change. */
    struct osw_list track_node;     /* In table's tracked rows, if linked. */
    unsigned long *updated;         /* Tracked: columns changed. */
    bool deleted;                   /* Gone from the replica (tracked). */
    bool stale;                     /* During a full load. */

    struct osw_list txn_node;       /* In the building txn, if linked. */
    struct ovsdb_datum *committed;  /* Replica values of written columns. */
    unsigned long *written;         /* Columns the txn wrote in full. */
    unsigned long *mutated;         /* Columns with partial updates. */
    unsigned long *verified;        /* Columns the txn verifies. */
    struct osw_list mutations;      /* Partial updates, in order. */
    bool txn_inserted;              /* Created by the txn. */
    bool txn_deleted;               /* Deleted by the txn. */
};

/* First and next row of 'table' in iteration order, skipping rows the
 * transaction being built deleted; NULL at the end.  The table must not
 * change during an iteration. */
const struct ovsdb_idl_row *ovsdb_idl_first_row(
    const struct ovsdb_idl_table *);
const struct ovsdb_idl_row *ovsdb_idl_next_row(const struct ovsdb_idl_row *);
#define OVSDB_IDL_FOR_EACH_ROW(ROW, TABLE)                              \
    for ((ROW) = ovsdb_idl_first_row(TABLE); (ROW);                     \
         (ROW) = ovsdb_idl_next_row(ROW))

/* Returns the row of 'table' whose uuid is 'uuid', or NULL. */
const struct ovsdb_idl_row *ovsdb_idl_get_row_for_uuid(
    const struct ovsdb_idl_table *, const struct uuid *);

/* Returns the value of 'column' in 'row', or NULL if the table has no
 * such column.  Columns that are not replicated hold their default. */
const struct ovsdb_datum *ovsdb_idl_get(const struct ovsdb_idl_row *,
                                        const char *column);
/* Same by column index; NULL if out of range. */
const struct ovsdb_datum *ovsdb_idl_get_by_index(
    const struct ovsdb_idl_row *, unsigned int column_index);

/* Typed reads: the first key of 'column' if it is of the right atomic
 * type and not empty, otherwise 'default_' (also for an unknown
 * column).  The string belongs to the row. */
const char *ovsdb_idl_get_string(const struct ovsdb_idl_row *,
                                 const char *column, const char *default_);
int64_t ovsdb_idl_get_integer(const struct ovsdb_idl_row *,
                              const char *column, int64_t default_);
double ovsdb_idl_get_real(const struct ovsdb_idl_row *, const char *column,
                          double default_);
bool ovsdb_idl_get_bool(const struct ovsdb_idl_row *, const char *column,
                        bool default_);
/* For a map from strings to strings: the value of 'key', or 'default_'. */
const char *ovsdb_idl_get_map_string(const struct ovsdb_idl_row *,
                                     const char *column, const char *key,
                                     const char *default_);
/* For a column of references (a set, or a map whose values are
 * references): stores in '*rowsp' a new array (the caller frees it) of
 * the referenced rows that exist, in the column's order, and returns how
 * many.  Returns 0 and stores NULL if there are none or the column holds
 * no references. */
size_t ovsdb_idl_get_refs(const struct ovsdb_idl_row *, const char *column,
                          const struct ovsdb_idl_row ***rowsp);
/* The first existing row that 'column' refers to, or NULL. */
const struct ovsdb_idl_row *ovsdb_idl_get_ref(const struct ovsdb_idl_row *,
                                              const char *column);

/* Change tracking. */

enum ovsdb_idl_change {
    OVSDB_IDL_CHANGE_INSERT,
    OVSDB_IDL_CHANGE_MODIFY,
    OVSDB_IDL_CHANGE_DELETE,
    OVSDB_IDL_CHANGE_MAX
};

/* The seqno at which 'row' was last inserted, modified or deleted (0 for
 * never). */
unsigned int ovsdb_idl_row_get_seqno(const struct ovsdb_idl_row *,
                                     enum ovsdb_idl_change);
/* True for a tracked row that is no longer in the replica. */
bool ovsdb_idl_row_is_deleted(const struct ovsdb_idl_row *);
/* Rows of a tracked table inserted, modified or deleted since the last
 * ovsdb_idl_track_clear(), in order of their first change. */
const struct ovsdb_idl_row *ovsdb_idl_track_get_first(
    const struct ovsdb_idl_table *);
const struct ovsdb_idl_row *ovsdb_idl_track_get_next(
    const struct ovsdb_idl_row *);
#define OVSDB_IDL_TRACK_FOR_EACH(ROW, TABLE)                            \
    for ((ROW) = ovsdb_idl_track_get_first(TABLE); (ROW);               \
         (ROW) = ovsdb_idl_track_get_next(ROW))
/* True if 'column' of tracked 'row' changed since the last clear. */
bool ovsdb_idl_track_is_updated(const struct ovsdb_idl_row *,
                                const char *column);
/* Empties the lists of tracked rows, freeing the deleted ones. */
void ovsdb_idl_track_clear(struct ovsdb_idl *);

/* Transactions. */

enum ovsdb_idl_txn_status {
    OVSDB_IDL_TXN_UNCOMMITTED,  /* Not committed yet. */
    OVSDB_IDL_TXN_UNCHANGED,    /* Nothing to do: not sent. */
    OVSDB_IDL_TXN_INCOMPLETE,   /* Sent, waiting for the reply. */
    OVSDB_IDL_TXN_ABORTED,      /* ovsdb_idl_txn_abort() was called. */
    OVSDB_IDL_TXN_SUCCESS,      /* Committed (or, dry run, would have). */
    OVSDB_IDL_TXN_TRY_AGAIN,    /* Replica stale or connection lost:
                                 * recompute and retry. */
    OVSDB_IDL_TXN_NOT_LOCKED,   /* The lock is set but not held. */
    OVSDB_IDL_TXN_ERROR         /* Refused: ovsdb_idl_txn_get_error(). */
};

/* "uncommitted", "unchanged", "incomplete", "aborted", "success",
 * "try again", "not locked", "error". */
const char *ovsdb_idl_txn_status_to_string(enum ovsdb_idl_txn_status);

/* Starts a transaction on 'idl', which must not have one being built. */
struct ovsdb_idl_txn *ovsdb_idl_txn_create(struct ovsdb_idl *);
/* Reverts the transaction's changes to the replica if it was not
 * committed, forgets a reply still to come, and frees 'txn'. */
void ovsdb_idl_txn_destroy(struct ovsdb_idl_txn *);
/* The transaction being built on 'idl', or NULL. */
struct ovsdb_idl_txn *ovsdb_idl_get_txn(const struct ovsdb_idl *);
struct ovsdb_idl *ovsdb_idl_txn_get_idl(const struct ovsdb_idl_txn *);

/* Appends a line to the transaction's "comment" operation (logged by the
 * server). */
void ovsdb_idl_txn_add_comment(struct ovsdb_idl_txn *, const char *format,
                               ...) OSW_PRINTF_FORMAT(2, 3);
/* Ends the transaction with an "abort": the server checks everything and
 * applies nothing; SUCCESS then means it would have worked. */
void ovsdb_idl_txn_set_dry_run(struct ovsdb_idl_txn *);
/* Adds 1 to integer 'column' of 'row' at commit and reads the new value
 * back (ovsdb_idl_txn_get_increment_new_value()).  At most one increment
 * per transaction (a second replaces the first).  Unless 'force', the
 * increment alone does not make the transaction worth sending. */
void ovsdb_idl_txn_increment(struct ovsdb_idl_txn *,
                             const struct ovsdb_idl_row *,
                             const char *column, bool force);

/* Sends the transaction (first call) and returns its status: INCOMPLETE
 * until ovsdb_idl_run() has processed the reply, then the final status.
 * Returns the final status at once for a transaction that needs no round
 * trip (UNCHANGED, TRY_AGAIN when not in sync, NOT_LOCKED). */
enum ovsdb_idl_txn_status ovsdb_idl_txn_commit(struct ovsdb_idl_txn *);
/* Commits and runs the IDL (blocking) until the status is final. */
enum ovsdb_idl_txn_status ovsdb_idl_txn_commit_block(struct ovsdb_idl_txn *);
/* Wakes poll_block() when the status is final. */
void ovsdb_idl_txn_wait(const struct ovsdb_idl_txn *);
/* Drops an uncommitted transaction: its changes are reverted and its
 * status becomes ABORTED.  No effect once committed. */
void ovsdb_idl_txn_abort(struct ovsdb_idl_txn *);
/* For status ERROR: what went wrong (the server's error, "tag: details"),
 * otherwise NULL.  Owned by 'txn'. */
const char *ovsdb_idl_txn_get_error(const struct ovsdb_idl_txn *);
/* After SUCCESS with an increment: the column's new value (else -1). */
int64_t ovsdb_idl_txn_get_increment_new_value(const struct ovsdb_idl_txn *);
/* After SUCCESS: the uuid the server gave the row inserted with temporary
 * uuid 'uuid' (the 'uuid' of the row ovsdb_idl_txn_insert() returned), or
 * NULL if 'uuid' was not inserted by 'txn'. */
const struct uuid *ovsdb_idl_txn_get_insert_uuid(
    const struct ovsdb_idl_txn *, const struct uuid *uuid);

/* Row changes, in the transaction being built on the row's IDL (which
 * must exist).  Rows are taken const because they come from the replica;
 * the transaction changes them visibly until it is committed or dropped.
 * The functions that return int return 0 on success, ENOENT for an
 * unknown column, EINVAL for a value of the wrong shape or type or a row
 * deleted by the transaction. */

/* Inserts a row into 'table' and returns it, every column at its
 * default.  Its uuid is 'uuid' if nonnull (sent as the insert's "uuid",
 * Open vSwitch 2.13 and later), otherwise a temporary one that
 * ovsdb_idl_txn_get_insert_uuid() maps to the real one after commit.
 * References to it written in the same transaction are sent as
 * "named-uuid"s.  The row is valid until the transaction is committed or
 * dropped. */
const struct ovsdb_idl_row *ovsdb_idl_txn_insert(
    struct ovsdb_idl_txn *, const struct ovsdb_idl_table *,
    const struct uuid *uuid);
/* Sets 'column' of 'row' to '*datum', which must hold atoms of the
 * column's atomic types (which cannot be checked) and otherwise conform
 * to its type (ovsdb_datum_conforms_to_type(): checked).  On success the
 * value moves into the row and '*datum' is left empty (owning nothing);
 * on error '*datum' is untouched and still the caller's. */
int ovsdb_idl_txn_write(const struct ovsdb_idl_row *, const char *column,
                        struct ovsdb_datum *datum);
/* Like ovsdb_idl_txn_write() with a copy of 'datum'. */
int ovsdb_idl_txn_write_clone(const struct ovsdb_idl_row *,
                              const char *column,
                              const struct ovsdb_datum *datum);
/* Deletes 'row' (a row inserted by this transaction simply vanishes).
 * For a row of a non-root table nothing is sent, as with Open vSwitch's
 * IDL: the server deletes such a row itself once no row refers to it, so
 * the caller removes the references (and a row still referred to
 * stays). */
void ovsdb_idl_txn_delete(const struct ovsdb_idl_row *);
/* Makes the transaction fail with TRY_AGAIN unless 'column' of 'row' in
 * the database still has the value it has in the replica now.  No effect
 * on rows inserted by the transaction.  EINVAL for a column that is not
 * replicated. */
int ovsdb_idl_txn_verify(const struct ovsdb_idl_row *, const char *column);

/* Partial updates of a map or set column, sent as "mutate" operations so
 * that they combine with other clients' changes to other elements.
 * 'key' and 'value' are copied. */

/* Sets 'key' to 'value' in map 'column' (adding or replacing). */
int ovsdb_idl_txn_map_set(const struct ovsdb_idl_row *, const char *column,
                          const union ovsdb_atom *key,
                          const union ovsdb_atom *value);
/* Removes 'key' from map 'column', if present. */
int ovsdb_idl_txn_map_delete(const struct ovsdb_idl_row *,
                             const char *column,
                             const union ovsdb_atom *key);
/* The same for maps from strings to strings ("other_config"). */
int ovsdb_idl_txn_map_set_string(const struct ovsdb_idl_row *,
                                 const char *column, const char *key,
                                 const char *value);
int ovsdb_idl_txn_map_delete_string(const struct ovsdb_idl_row *,
                                    const char *column, const char *key);
/* Adds 'atom' to set 'column' / removes it. */
int ovsdb_idl_txn_set_add(const struct ovsdb_idl_row *, const char *column,
                          const union ovsdb_atom *atom);
int ovsdb_idl_txn_set_remove(const struct ovsdb_idl_row *,
                             const char *column,
                             const union ovsdb_atom *atom);

/* Locks. */

/* Asks for lock 'name' (NULL to give up any lock), on this and every
 * later connection. */
void ovsdb_idl_set_lock(struct ovsdb_idl *, const char *name);
/* True if the server granted the lock and did not take it back. */
bool ovsdb_idl_has_lock(const struct ovsdb_idl *);
/* True if another client holds the lock we asked for. */
bool ovsdb_idl_is_lock_contended(const struct ovsdb_idl *);
/* The name of the lock asked for, or NULL.  Owned by 'idl'. */
const char *ovsdb_idl_get_lock_name(const struct ovsdb_idl *);

#endif /* ovsdb-idl.h */
