/* monitor: RFC 7047 "monitor" and Open vSwitch's "monitor_cond" and
 * "monitor_cond_since" on one database.
 *
 * A client asks to be told about changes to some columns of some tables;
 * the server answers with the current contents (the "initial" update) and
 * then sends a notification after each batch of commits.  A
 * 'struct ovsdb_monitor' is one such request of one client: it knows what
 * the client asked for, remembers what changed since the client was last
 * told, and writes the JSON.  It does no I/O: the JSON-RPC server
 * (jsonrpc-server.c) calls it and sends what it returns.
 *
 * Protocol versions
 * =================
 *
 *   OVSDB_MONITOR_V1  "monitor" (RFC 7047 4.1.5): <table-updates>, sent in
 *                     "update" notifications, params [monitor-id, updates].
 *   OVSDB_MONITOR_V2  "monitor_cond" (ovsdb-server(7)): <table-updates2>,
 *                     sent in "update2", params [monitor-id, updates2];
 *                     requests may carry "where" conditions, changed later
 *                     with "monitor_cond_change".
 *   OVSDB_MONITOR_V3  "monitor_cond_since": like V2, but the initial reply
 *                     is [found, last-txn-id, updates2] and notifications
 *                     are "update3" with params [monitor-id, last-txn-id,
 *                     updates2].
 *
 * Requests
 * ========
 *
 * <monitor-requests> is a JSON object that maps table names to a
 * <monitor-request> or an array of them.  A <monitor-request> is an object
 * with the optional members
 *
 *   "columns": array of distinct column names (implicit "_uuid" and
 *       "_version" allowed).  Absent: every column except "_uuid" (so
 *       "_version" is included, as in ovsdb-server).
 *   "select": {"initial": B, "insert": B, "delete": B, "modify": B}, each
 *       optional and true by default: which kinds of change to report for
 *       these columns.
 *   "where" (V2/V3 only): array of <condition>s (condition.h, including
 *       the boolean clauses true and false).  Unlike a "where" in
 *       "transact", the clauses of a monitor condition are ORed: a row is
 *       reported when it matches ANY clause; an empty or absent "where"
 *       means every row.  Several requests for one table combine their
 *       conditions the same way (any request without one means every
 *       row).
 *
 * Several requests for one table must name disjoint columns; each column
 * keeps the "select" of its request, and the table reports a kind of
 * change if any request selected it (even one with "columns": [], whose
 * rows then show no columns, as in ovsdb-server).  Errors carry
 * ovsdb-server's tags and, for the checks made here, its messages: all
 * "syntax error"s ("monitor-requests must be object", "no table named T",
 * "column C mentioned more than once", "C is not a valid column name",
 * "array of column names expected"), plus those of condition.h for bad
 * "where" clauses ("unknown column", ...).  Malformed request objects get
 * ovsdb-parser.h's messages, which are worded differently from
 * ovsdb-server's but have the same tag.
 *
 * Row updates
 * ===========
 *
 * Every update is a JSON object {table: {row-uuid: <row-update>}} listing
 * only tables and rows with something to report; an empty object is never
 * returned (NULL instead, except for the initial contents, which may be
 * {}).  Rows show only monitored columns, and among those only the ones
 * whose request selected that kind of change.
 *
 * V1 <row-update>:
 *   initial / insert:  {"new": row}            (every monitored column)
 *   delete:            {"old": row}            (every monitored column)
 *   modify:            {"old": changed, "new": row}: "old" has the previous
 *                      values of the monitored columns that changed only.
 *
 * V2/V3 <row-update2>:
 *   {"initial": row} / {"insert": row}: monitored columns, leaving out
 *       those that hold their type's default value;
 *   {"delete": null};
 *   {"modify": diff}: each monitored column that changed: its new value
 *       if the column holds at most one value (scalar or optional, even
 *       when it became empty: ["set", []]); otherwise what
 *       ovsdb_datum_diff() gives: the members added or removed for a set,
 *       the pairs removed, added or changed (with their new value) for a
 *       map.  A change only to columns whose request did not select
 *       "modify" gives {"modify": {}} (V1: "old": {}), as in ovsdb-server.
 *
 * With conditions (V2/V3), a modified row that did not match before and
 * matches now is an "insert", one that matched and no longer matches a
 * "delete"; a row that matches neither before nor after is left out.
 *
 * Pending changes and coalescing
 * ==============================
 *
 * Between two calls to ovsdb_monitor_take_update(), the monitor remembers,
 * for each row that changed, only how the row looked when the client was
 * last told (or that it did not exist then).  The update compares that
 * with the row as it is now, so several transactions on one row coalesce:
 * insert then modify is an insert of the final row, insert then delete is
 * nothing, modify then modify is one modify whose "old" (V1) holds the
 * values from before the first one, and changes that cancel out are
 * nothing.  The pending state is therefore bounded by the size of the
 * database (at most one entry per row that existed at either end of the
 * window), however long the client does not read.
 *
 * So the server should call ovsdb_monitor_take_update() only when it can
 * send: when the client's JSON-RPC send queue is empty.  Changes then pile
 * up here, coalesced, instead of as JSON in the send queue.
 * ovsdb_monitor_pending_bytes() estimates the memory held for a monitor,
 * for servers that also want a hard limit.
 *
 * Sharing
 * =======
 *
 * All monitors of a database share one commit hook.  Monitors whose
 * requests name the same tables, columns and "select" flags also share
 * the record of pending changes while they are at the same point (after
 * taking their updates in the same main-loop iteration, they are), and,
 * unless they have conditions that filter rows, the JSON of their updates:
 * it is built once per protocol format and handed out with
 * json_incref().  Therefore every JSON object returned here MUST be
 * treated as read-only by the caller: wrap it in a notification (jansson's
 * "o"/"O" packing only adds references), never modify it.
 *
 * Order of calls
 * ==============
 *
 * A monitor records changes from its creation.  ovsdb_monitor_get_initial()
 * and ovsdb_monitor_get_initial_since() describe the database as it is
 * when they are called and forget any changes recorded before, so the
 * server may call them any time before the first
 * ovsdb_monitor_take_update(); normally it calls one of them right after
 * ovsdb_monitor_create(), for the reply.
 *
 * Call ovsdb_monitor_has_update() and ovsdb_monitor_take_update() after
 * ovsdb_txn_commit() (or ovsdb_execute()) has returned, never from inside
 * another commit hook: the monitors' own hook may not have run yet.  No
 * function here may be called while a transaction is open on the
 * database.
 *
 * Transaction ids (V3)
 * ====================
 *
 * The "last-txn-id" sent to V3 clients is the id of the database's last
 * committed transaction ('last_txnid' in struct ovsdb; all zeros if the
 * database has not committed any).  A client that reconnects sends it back
 * in "monitor_cond_since"; if the database's transaction history
 * (txn-history.h) still holds that transaction, only the changes since are
 * sent, with found = true.
 *
 * Lifetime: destroy every monitor before its database.  If the database is
 * destroyed first, its monitors become inert (no updates, empty initial
 * contents) and must still be destroyed with ovsdb_monitor_destroy().
 *
 * Thread-safety: none; monitors belong to the database's thread. */
#ifndef OVSDB_MONITOR_H
#define OVSDB_MONITOR_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "osw/util.h"
#include "osw/uuid.h"

struct ovsdb;
struct ovsdb_error;
struct ovsdb_monitor;
struct ovsdb_txn_history;

enum ovsdb_monitor_version {
    OVSDB_MONITOR_V1,           /* "monitor", "update". */
    OVSDB_MONITOR_V2,           /* "monitor_cond", "update2". */
    OVSDB_MONITOR_V3            /* "monitor_cond_since", "update3". */
};

/* Returns the notification method for 'version': "update", "update2" or
 * "update3". */
const char *ovsdb_monitor_update_method(enum ovsdb_monitor_version version);

/* Parses 'monitor_requests' (the <monitor-requests> object of a "monitor",
 * "monitor_cond" or "monitor_cond_since" request, borrowed) for 'db' and
 * returns a new monitor attached to 'db'.  On error returns NULL and
 * stores the error (which the caller owns and should send as the request's
 * error) in '*errorp'; on success stores NULL there. */
struct ovsdb_monitor *ovsdb_monitor_create(
    struct ovsdb *db, enum ovsdb_monitor_version version,
    const json_t *monitor_requests, struct ovsdb_error **errorp);

/* Detaches 'm' from its database and frees it.  Accepts NULL. */
void ovsdb_monitor_destroy(struct ovsdb_monitor *m);

enum ovsdb_monitor_version ovsdb_monitor_get_version(
    const struct ovsdb_monitor *m);
/* Returns the database of 'm' (NULL if the database was destroyed). */
struct ovsdb *ovsdb_monitor_get_db(const struct ovsdb_monitor *m);

/* Returns the current contents of the monitored tables, as 'm''s version
 * formats them, for the reply to the monitor request: V1 {T: {U: {"new":
 * row}}}, V2/V3 {T: {U: {"initial": row}}}, honouring "select.initial"
 * and conditions.  May be an empty object.  Forgets changes recorded so
 * far (see "Order of calls").  The caller owns a reference; read-only. */
json_t *ovsdb_monitor_get_initial(struct ovsdb_monitor *m);

/* For V3 ("monitor_cond_since"): if 'history' (may be NULL) still holds
 * the transaction 'last_txnid', sets '*found' to true and returns only
 * what changed since that transaction, as <table-updates2> with "insert",
 * "modify" and "delete" (empty object if nothing did).  Otherwise (also
 * for the all-zeros uuid) sets '*found' to false and returns the same as
 * ovsdb_monitor_get_initial().  Either way stores in '*cur_txnid' the
 * database's current last transaction id, for the reply
 * [found, cur_txnid, updates], and forgets changes recorded so far.  The
 * caller owns a reference; read-only. */
json_t *ovsdb_monitor_get_initial_since(struct ovsdb_monitor *m,
                                        const struct ovsdb_txn_history *,
                                        const struct uuid *last_txnid,
                                        bool *found,
                                        struct uuid *cur_txnid);

/* True if changes were recorded for 'm' since its last update.  This is
 * cheap and may be a false alarm: ovsdb_monitor_take_update() can still
 * find nothing to report (for example, a row that changed only in a way
 * that a condition filters out). */
bool ovsdb_monitor_has_update(const struct ovsdb_monitor *m);

/* Returns the update that tells 'm''s client about every change since its
 * last update (or initial contents), or NULL if there is nothing to
 * report, and starts a new window.  Stores the database's current last
 * transaction id in '*last_txnid' if it is nonnull (the "last-txn-id" of
 * V3 "update3").  The caller owns a reference; read-only (see
 * "Sharing"). */
json_t *ovsdb_monitor_take_update(struct ovsdb_monitor *m,
                                  struct uuid *last_txnid);

/* Handles "monitor_cond_change" for 'm' (V2 or V3): 'requests' is the
 * <monitor-cond-update-requests> object, which maps monitored table names
 * to arrays of {"where": [<condition>*]} objects (an object without
 * "where" means every row; "columns" is refused: "changing columns is
 * unsupported").  Each named table's condition is replaced (several
 * objects for one table are ORed); other tables keep theirs.
 *
 * On success returns NULL and stores in '*update' the update that takes
 * the client from what it knows (the database at its last update, seen
 * through the old conditions) to the database now seen through the new
 * conditions: rows that now match appear as "insert", rows that no longer
 * match as "delete", and changes pending for rows that match both as
 * "modify".  Pending changes are included, so a new window starts.
 * '*update' is NULL if there is nothing to send; otherwise the server
 * sends it as an "update2" (V3: "update3", with the current last txn id
 * from ovsdb_monitor_take_update()'s rule) notification.
 *
 * A V1 monitor ("monitor" has no conditions) accepts valid requests and
 * ignores them, as ovsdb-server does: success, '*update' NULL.
 *
 * On error (ovsdb-server's messages: "no table named T", "no table named T
 * in monitor session", "table T no monitor-cond-change JSON array",
 * "changing columns is unsupported", bad conditions; "not supported" if
 * the database was destroyed), returns it, stores NULL
 * in '*update', and leaves 'm' unchanged. */
struct ovsdb_error *ovsdb_monitor_cond_change(struct ovsdb_monitor *m,
                                              const json_t *requests,
                                              json_t **update)
    OSW_WARN_UNUSED_RESULT;

/* Number of rows with pending changes for 'm' (at most the number of rows
 * that existed at the start of the window plus those that exist now). */
size_t ovsdb_monitor_n_pending_rows(const struct ovsdb_monitor *m);
/* Approximate memory, in bytes, held for 'm''s pending changes (shared
 * data is counted in full for every monitor that shares it). */
size_t ovsdb_monitor_pending_bytes(const struct ovsdb_monitor *m);

/* Stores in '*txnid' the id of the last transaction committed to 'db', or
 * all zeros if there was none. */
void ovsdb_monitor_db_last_txnid(const struct ovsdb *db, struct uuid *txnid);

#endif /* monitor.h */
