/* jsonrpc-server: the OVSDB protocol (RFC 7047 and Open vSwitch's
 * extensions) over JSON-RPC connections.
 *
 * A 'struct ovsdb_jsonrpc_server' serves the databases of a 'struct
 * ovsdb_server' (server.h) to clients that connect through its remotes:
 *
 *   - a passive remote ("punix:PATH", "ptcp:PORT[:IP]", "pssl:...") is a
 *     listener; every connection it accepts becomes a session of its own,
 *     closed for good when the client goes away;
 *   - an active remote ("unix:", "tcp:", "ssl:") is one session that
 *     connects out and reconnects with backoff (jsonrpc_session), losing
 *     its monitors, locks and parked transactions at each reconnection.
 *
 * Methods
 * =======
 *
 * Every request is answered as Open vSwitch 3.1's ovsdb-server answers
 * it, down to the error texts: "list_dbs", "get_schema", "transact",
 * "monitor", "monitor_cond", "monitor_cond_since", "monitor_cond_change",
 * "monitor_cancel", "lock", "steal", "unlock", "echo",
 * "set_db_change_aware", "get_server_id" and "convert"; anything else gets
 * the error "unknown method".  The "cancel" notification completes a
 * parked transaction (with the error "canceled" for a client that said
 * "set_db_change_aware", silently otherwise, as ovsdb-server does).  The
 * server sends "update", "update2" and "update3" (monitor.h), "locked",
 * "stolen" and "monitor_canceled" notifications.
 *
 * Order of output
 * ===============
 *
 * A reply goes out at once, unless something is already queued for the
 * session or it may show data of a database whose storage must sync first
 * (ovsdb_file_needs_sync(): a durable commit, or every commit with
 * OVSDB_FILE_SYNC): any transaction reply, a monitor's initial contents
 * or a condition change's update.  Otherwise a reader could see a durable
 * write that a power failure then loses.  Such replies, and everything after
 * them, wait in the session's output queue, which
 * ovsdb_jsonrpc_server_run() drains at its end, after syncing the storage
 * of every database that needs it once (group commit).  If that sync
 * fails, the sessions waiting on it are disconnected instead of being told
 * that their transaction succeeded.  Monitors do not send updates from a
 * database that still needs a sync either.  Before each message, the
 * session's monitors whose own reply has gone out are flushed, so that a
 * client always sees the update that a commit caused before the reply to
 * its transaction, as with ovsdb-server.
 *
 * Slow clients
 * ============
 *
 * A session whose JSON-RPC send queue is not empty is not read from, and
 * its monitors keep their changes, coalesced (monitor.h), instead of
 * turning them into JSON; once the queue empties, monitors are flushed
 * one at a time, stopping as soon as the queue fills again, so that at
 * most one update per client exists as JSON.  What such a client costs is
 * therefore its unsent bytes plus its monitors' pending changes; when
 * that exceeds the backlog limit (ovsdb_jsonrpc_server_set_backlog_limit(),
 * default OVSDB_JSONRPC_DEFAULT_BACKLOG_LIMIT), the client is disconnected
 * with a warning rather than let memory grow without bound.
 *
 * Databases that change
 * =====================
 *
 * When a database is converted ("convert") or removed, transactions
 * parked on it are canceled ("canceled"), monitors on it are destroyed
 * (clients that said "set_db_change_aware" get "monitor_canceled"), and
 * the other clients are disconnected so that they start over.  The
 * server's "_Server" database (maintained by the program) tells
 * change-aware clients what happened.
 *
 * Ownership: the server borrows the 'struct ovsdb_server' and its
 * databases.  Thread-safety: none. */
#ifndef OVSDB_JSONRPC_SERVER_H
#define OVSDB_JSONRPC_SERVER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds;
struct ovsdb_server;
struct ovsdb_server_db;

/* Default for ovsdb_jsonrpc_server_set_backlog_limit(), in bytes. */
#define OVSDB_JSONRPC_DEFAULT_BACKLOG_LIMIT (64 * 1024 * 1024)

/* How a remote's connections behave. */
struct ovsdb_jsonrpc_options {
    int max_backoff;            /* Max ms between reconnection attempts. */
    int probe_interval;         /* Inactivity probe, in ms; 0: none. */
    uint8_t dscp;               /* DSCP for the connections' packets. */
    bool read_only;             /* Refuse changes and locks. */
};

/* Fills 'options' with the defaults for remote 'target': 8 s backoff,
 * probes every 5 s for network remotes and none for unix sockets. */
void ovsdb_jsonrpc_options_init(struct ovsdb_jsonrpc_options *options,
                                const char *target);

/* What ovsdb_jsonrpc_server_get_remote_status() reports, as ovsdb-server
 * writes it into the Manager table's "is_connected" and "status". */
struct ovsdb_jsonrpc_remote_status {
    bool is_connected;
    int last_error;             /* errno or EOF, 0 if none. */
    const char *state;          /* reconnect state name, or NULL. */
    long long int sec_since_connect;    /* -1: never. */
    long long int sec_since_disconnect; /* -1: never. */
    unsigned int n_connections;
    uint16_t bound_port;        /* Listeners: the port, 0 otherwise. */
    char *locks_held;           /* Space-separated names; owned. */
    char *locks_waiting;
    char *locks_lost;
};

struct ovsdb_jsonrpc_server *ovsdb_jsonrpc_server_create(
    struct ovsdb_server *);
void ovsdb_jsonrpc_server_destroy(struct ovsdb_jsonrpc_server *);

/* Refuse every change on every remote (as --read-only would). */
void ovsdb_jsonrpc_server_set_read_only(struct ovsdb_jsonrpc_server *,
                                        bool read_only);
/* See "Slow clients" above.  0 means no limit. */
void ovsdb_jsonrpc_server_set_backlog_limit(struct ovsdb_jsonrpc_server *,
                                            size_t bytes);

/* Remotes. */

/* One wanted remote, for ovsdb_jsonrpc_server_set_remotes(). */
struct ovsdb_jsonrpc_remote_config {
    const char *target;
    struct ovsdb_jsonrpc_options options;
};

/* Makes the set of remotes exactly 'configs' (n of them): removes the
 * others (closing their sessions), opens the new ones and applies the
 * options to all.  A listener that cannot be opened is logged and left
 * out; it is tried again at the next call.  A remote whose DSCP changed is
 * reopened. */
void ovsdb_jsonrpc_server_set_remotes(
    struct ovsdb_jsonrpc_server *,
    const struct ovsdb_jsonrpc_remote_config *configs, size_t n);
/* Returns true and fills '*status' (free it with
 * ovsdb_jsonrpc_remote_status_destroy()) if 'target' is a remote of the
 * server; otherwise returns false with '*status' zeroed. */
bool ovsdb_jsonrpc_server_get_remote_status(
    const struct ovsdb_jsonrpc_server *, const char *target,
    struct ovsdb_jsonrpc_remote_status *status);
void ovsdb_jsonrpc_remote_status_destroy(struct ovsdb_jsonrpc_remote_status *);
/* Appends the remotes' names, one per line, sorted. */
void ovsdb_jsonrpc_server_list_remotes(const struct ovsdb_jsonrpc_server *,
                                       struct ds *);
/* The port that listener 'target' is bound to, or 0. */
uint16_t ovsdb_jsonrpc_server_get_bound_port(
    const struct ovsdb_jsonrpc_server *, const char *target);

/* Databases.  Call these around changes to the server's databases. */

/* Before 'sdb' is removed or replaced: cancels its parked transactions
 * and its monitors (see "Databases that change"). */
void ovsdb_jsonrpc_server_db_prechange(struct ovsdb_jsonrpc_server *,
                                       struct ovsdb_server_db *sdb);
/* Disconnects every session (only those that did not say
 * "set_db_change_aware", unless 'force'), logging 'comment' if nonnull. */
void ovsdb_jsonrpc_server_reconnect(struct ovsdb_jsonrpc_server *,
                                    bool force, const char *comment);

/* Main loop. */
void ovsdb_jsonrpc_server_run(struct ovsdb_jsonrpc_server *);
void ovsdb_jsonrpc_server_wait(struct ovsdb_jsonrpc_server *);

/* Statistics for "memory/show": sessions, monitors, triggers (parked
 * transactions) and backlog (unsent bytes). */
struct ovsdb_jsonrpc_server_stats {
    size_t n_sessions;
    size_t n_monitors;
    size_t n_triggers;
    size_t backlog;
    size_t pending_bytes;
};
void ovsdb_jsonrpc_server_get_stats(const struct ovsdb_jsonrpc_server *,
                                    struct ovsdb_jsonrpc_server_stats *);

#endif /* ovsdb/jsonrpc-server.h */
