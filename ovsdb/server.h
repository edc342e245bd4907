/* server: what one OVSDB server shares among all its clients.
 *
 * A 'struct ovsdb_server' is the part of oswdb-server that does not care
 * how clients connect: the set of databases it serves, by name, and the
 * registry of named locks (RFC 7047 section 4.1.8-4.1.10).  The JSON-RPC
 * layer (jsonrpc-server.h) builds on it; the unit tests drive it
 * directly.
 *
 * Databases
 * =========
 *
 * Each served database is a 'struct ovsdb_server_db': its name (the
 * schema's name when it was added), the 'struct ovsdb' itself (borrowed:
 * the program opens and closes it, usually through the storage), and the
 * per-database state that the server keeps beside the engine: its storage
 * file (file.h; NULL for a database kept only in memory), the transaction
 * history for "monitor_cond_since" (txn-history.h), and the transactions
 * parked by "wait" (trigger.h) with whether a commit happened since they
 * last ran.  Adding a database attaches a commit hook (added last, so
 * the storage's hook, added when the file was opened, runs first);
 * removing it detaches the hook.  The database may be swapped for another
 * one of the same name with ovsdb_server_db_replace() (after "convert").
 *
 * Locks
 * =====
 *
 * A lock is a name with a queue of waiters; the waiter at the front owns
 * it.  A client (a 'struct ovsdb_session') has at most one waiter per lock
 * name, which stays in the session until the client says "unlock" or goes
 * away:
 *
 *   - "lock" (OVSDB_LOCK_WAIT) joins the back of the queue, so the client
 *     owns the lock at once only if nobody else did.
 *   - "steal" (OVSDB_LOCK_STEAL) goes to the front: the client owns the
 *     lock at once and the previous owner (the "victim") must be told with
 *     a "stolen" notification.  A victim that had itself stolen the lock
 *     leaves the queue (it "lost" the lock and must "unlock" before asking
 *     again); a victim that had waited with "lock" stays second in line
 *     and gets the lock back, with a "locked" notification, when the
 *     thief unlocks.
 *   - "unlock" removes the waiter; if it owned the lock, the next waiter
 *     in line, if any, now owns it and must be told with "locked".
 *
 * A lock with no waiter left is freed.  The functions here change the
 * registry and say whom to notify; sending notifications is the caller's
 * job.
 *
 * Ownership: the server owns its database entries (not the databases),
 * its locks, and the waiters (which are also listed in their sessions).
 * A session is embedded in the caller's per-client structure; destroy it
 * only after unlocking every waiter (ovsdb_session_unlock_all()).
 *
 * Thread-safety: none; everything belongs to the server's main thread. */
#ifndef OVSDB_SERVER_H
#define OVSDB_SERVER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/hmap.h"
#include "osw/list.h"
#include "osw/uuid.h"
#include "ovsdb.h"

struct ovsdb;
struct ovsdb_file;
struct ovsdb_txn_history;

/* One database served. */
struct ovsdb_server_db {
    struct hmap_node hmap_node;     /* In server's 'dbs', by name. */
    struct ovsdb_server *server;
    char *name;                     /* Owned. */
    struct ovsdb *db;               /* Borrowed. */
    struct ovsdb_txn_history *history;  /* For "monitor_cond_since", or
                                         * NULL; owned by whoever set it. */

    /* Transactions waiting for a change (trigger.h). */
    struct osw_list triggers;       /* Contains "struct ovsdb_trigger"s. */
    bool run_triggers;              /* A commit happened: try them again. */

    /* Storage: replies to transactions that committed wait for
     * ovsdb_file_sync() when ovsdb_file_needs_sync() says so. */
    struct ovsdb_file *file;        /* NULL for a database in memory only
                                     * (like "_Server"); owned by 'db'. */
    bool sync_failed;               /* The last sync failed. */

    struct ovsdb_commit_hook hook;  /* Watches 'db''s commits. */
};

/* The server. */
struct ovsdb_server {
    struct hmap dbs;                /* "struct ovsdb_server_db"s by name. */
    struct hmap locks;              /* "struct ovsdb_lock"s by name. */
    struct uuid uuid;               /* Random id, for "get_server_id". */
    uint64_t seqno;                 /* Changes when a database is added,
                                     * removed or replaced. */
};

void ovsdb_server_init(struct ovsdb_server *);
/* Frees every database entry (not the databases: their hooks are
 * detached) and requires that no lock is left. */
void ovsdb_server_destroy(struct ovsdb_server *);

/* Adds 'db' under its schema's name.  Returns the new entry, or NULL if a
 * database of that name is already served. */
struct ovsdb_server_db *ovsdb_server_add_db(struct ovsdb_server *,
                                            struct ovsdb *db);
/* Forgets 'sdb' and frees it, detaching its hook.  Its triggers must have
 * been dealt with (they are freed without reply otherwise). */
void ovsdb_server_remove_db(struct ovsdb_server *, struct ovsdb_server_db *);
/* Makes 'sdb' serve 'new_db' instead of its current database (whose hook
 * is detached).  The name stays.  Pending triggers stay too, and run
 * against 'new_db' (the caller cancels them first if they should not). */
void ovsdb_server_db_replace(struct ovsdb_server_db *, struct ovsdb *new_db);
/* Returns the database entry called 'name', or NULL. */
struct ovsdb_server_db *ovsdb_server_find_db(const struct ovsdb_server *,
                                             const char *name);
/* Returns the database entries sorted by name, in a new array that the
 * caller frees, and their number in '*n'. */
struct ovsdb_server_db **ovsdb_server_sorted_dbs(const struct ovsdb_server *,
                                                 size_t *n);

/* Sessions and locks. */

/* What a client holds, for the lock registry. */
struct ovsdb_session {
    struct ovsdb_server *server;
    struct hmap waiters;            /* "struct ovsdb_lock_waiter"s by name. */
    struct osw_list completions;    /* Completed "struct ovsdb_trigger"s. */
};

enum ovsdb_lock_mode {
    OVSDB_LOCK_WAIT,                /* "lock": wait in line. */
    OVSDB_LOCK_STEAL                /* "steal": take it now. */
};

struct ovsdb_lock {
    struct hmap_node hmap_node;     /* In server's 'locks'. */
    struct ovsdb_server *server;
    char *name;
    struct osw_list waiters;        /* Owner first. */
};

struct ovsdb_lock_waiter {
    struct hmap_node session_node;  /* In session's 'waiters'. */
    struct ovsdb_session *session;
    enum ovsdb_lock_mode mode;
    char *lock_name;                /* Owned. */
    struct ovsdb_lock *lock;        /* NULL once out of the queue. */
    struct osw_list lock_node;      /* In lock's 'waiters', if 'lock'. */
};

void ovsdb_session_init(struct ovsdb_session *, struct ovsdb_server *);
/* The session must hold no waiter. */
void ovsdb_session_destroy(struct ovsdb_session *);

/* Returns 'session''s waiter for the lock called 'lock_name', or NULL. */
struct ovsdb_lock_waiter *ovsdb_session_get_lock_waiter(
    const struct ovsdb_session *, const char *lock_name);
/* True if 'session' currently owns the lock called 'lock_name'. */
bool ovsdb_session_owns_lock(const struct ovsdb_session *,
                             const char *lock_name);

/* Adds a waiter for 'lock_name' in 'mode' to 'session', which must not
 * have one yet (the caller reports "must issue unlock" otherwise), and
 * returns it.  Stores in '*victimp' the session that lost the lock to a
 * steal, which must be sent "stolen", or NULL. */
struct ovsdb_lock_waiter *ovsdb_session_lock(struct ovsdb_session *,
                                             const char *lock_name,
                                             enum ovsdb_lock_mode mode,
                                             struct ovsdb_session **victimp);
/* Removes and frees 'waiter'.  Returns the session that owns the lock now
 * because of this, which must be sent "locked", or NULL. */
struct ovsdb_session *ovsdb_session_unlock(struct ovsdb_lock_waiter *waiter);
/* Calls 'notify_locked' for each session that gets a lock because
 * 'session''s waiters all go away. */
void ovsdb_session_unlock_all(struct ovsdb_session *,
                              void (*notify_locked)(struct ovsdb_session *,
                                                    const char *lock_name,
                                                    void *aux),
                              void *aux);

/* True if 'waiter' owns its lock. */
bool ovsdb_lock_waiter_is_owner(const struct ovsdb_lock_waiter *);
/* Returns the session that owns the lock called 'lock_name', or NULL. */
struct ovsdb_session *ovsdb_server_get_lock_owner(const struct ovsdb_server *,
                                                  const char *lock_name);

/* Counts: locks in the registry. */
size_t ovsdb_server_n_locks(const struct ovsdb_server *);

#endif /* ovsdb/server.h */
