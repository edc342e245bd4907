/* trigger: "transact" requests, including those parked by "wait".
 *
 * Every "transact" request becomes a trigger.  ovsdb_trigger_init() runs
 * it at once with ovsdb_execute() (execution.h).  Usually that completes
 * it: the result goes on the session's 'completions' list for the
 * JSON-RPC layer to send.  But when a "wait" operation is not satisfied
 * yet, ovsdb_execute() undoes everything and returns OVSDB_EXEC_RETRY: the
 * trigger then parks on its database's 'triggers' list (server.h) and
 * runs again, from scratch, after any commit to that database (its
 * condition may now hold) or once the earliest "timeout" of its "wait"s
 * expires (the "wait" then fails with "timed out").  Timeouts count from
 * when the request arrived, as RFC 7047 says.
 *
 * The database's commit hook (server.c) sets 'run_triggers'; the main
 * loop calls ovsdb_trigger_run() for each database, which re-runs the
 * parked triggers in arrival order when a commit happened or a deadline
 * passed, and ovsdb_trigger_wait(), which wakes the loop for the next
 * deadline.  A trigger whose retry commits sets 'run_triggers' again, so
 * triggers that wait on each other settle over a few iterations.
 *
 * A parked trigger can also be completed from outside: a "cancel"
 * notification from its client, or its database going away or being
 * converted (ovsdb_trigger_cancel() with an error such as "canceled").
 *
 * A completed trigger records whether its transaction committed something,
 * so that the server can hold the reply until the storage has synced
 * (group commit).
 *
 * Ownership: the trigger is embedded in the caller's structure; it owns
 * its copy of the operations and its result until the caller steals it.
 * ovsdb_trigger_destroy() takes it off whatever list it is on.
 *
 * Thread-safety: none. */
#ifndef OVSDB_TRIGGER_H
#define OVSDB_TRIGGER_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "osw/list.h"

struct ovsdb_server_db;
struct ovsdb_session;

struct ovsdb_trigger {
    struct ovsdb_session *session;  /* The client; for "assert" locks. */
    struct ovsdb_server_db *sdb;    /* NULL once the database is gone. */
    struct osw_list node;           /* In 'sdb->triggers' while pending,
                                     * in 'session->completions' once
                                     * complete. */
    json_t *ops;                    /* The operations (owned). */
    long long int created;          /* time_msec() of arrival. */
    long long int deadline;         /* Retry at this time (LLONG_MAX:
                                     * only after a commit). */
    bool read_only;                 /* Refuse operations that write. */

    /* Once complete, exactly one of these is nonnull (owned). */
    json_t *result;                 /* The result array. */
    json_t *error;                  /* An error to send instead. */
    bool committed;                 /* The transaction changed the db. */
};

/* Initializes 't' for 'session' on database 'sdb' with 'ops', the
 * operations (a JSON array; reference stolen), received at time 'now',
 * and runs it once.  Afterwards it is either complete (on the session's
 * 'completions') or parked (on 'sdb''s 'triggers'). */
void ovsdb_trigger_init(struct ovsdb_trigger *t, struct ovsdb_session *,
                        struct ovsdb_server_db *sdb, json_t *ops,
                        long long int now, bool read_only);
/* Frees what 't' owns and takes it off its list. */
void ovsdb_trigger_destroy(struct ovsdb_trigger *t);

bool ovsdb_trigger_is_complete(const struct ovsdb_trigger *t);
/* Completes a pending 't' with the JSON-RPC error string 'error' (e.g.
 * "canceled"), moving it to its session's completions and forgetting its
 * database.  Does nothing if 't' is already complete. */
void ovsdb_trigger_cancel(struct ovsdb_trigger *t, const char *error);
/* Cancels every trigger parked on 'sdb' with 'error'. */
void ovsdb_trigger_cancel_all(struct ovsdb_server_db *sdb, const char *error);

/* Re-runs the triggers parked on 'sdb' if a commit happened or a deadline
 * is due at 'now'. */
void ovsdb_trigger_run(struct ovsdb_server_db *sdb, long long int now);
/* Wakes the poll loop when ovsdb_trigger_run() has work. */
void ovsdb_trigger_wait(struct ovsdb_server_db *sdb, long long int now);

/* Number of triggers parked on 'sdb'. */
size_t ovsdb_trigger_count(const struct ovsdb_server_db *sdb);

#endif /* ovsdb/trigger.h */
