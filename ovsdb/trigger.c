/* trigger: "transact" requests and the ones parked by "wait"
 * (trigger.h). */
#include <config.h>
#include "trigger.h"

#include <limits.h>
#include <stdlib.h>
#include "execution.h"
#include "osw/poll-loop.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "ovsdb.h"
#include "server.h"

static bool
trigger_is_owner(const char *lock_name, void *t_)
{
    const struct ovsdb_trigger *t = t_;
    return ovsdb_session_owns_lock(t->session, lock_name);
}

static void
trigger_complete(struct ovsdb_trigger *t)
{
    osw_list_remove(&t->node);
    osw_list_push_back(&t->session->completions, &t->node);
}

/* Runs 't' once at time 'now'.  Returns true if it is complete. */
static bool
trigger_try(struct ovsdb_trigger *t, long long int now)
{
    struct ovsdb_server_db *sdb = t->sdb;
    struct ovsdb_lock_checker locks = { trigger_is_owner, t };
    uint64_t n_commits = sdb->db->n_commits;
    long long int timeout;
    json_t *result;

    enum ovsdb_exec_status status = ovsdb_execute(sdb->db, &locks, t->ops,
                                                  t->read_only,
                                                  now - t->created,
                                                  &timeout, &result);
    if (status == OVSDB_EXEC_RETRY) {
        t->deadline = (timeout == LLONG_MAX ? LLONG_MAX
                       : time_add_saturating(t->created, timeout));
        return false;
    }

    t->result = result;
    t->committed = sdb->db->n_commits != n_commits;
    return true;
}

/* Initializes 't' and runs it once: see trigger.h. */
void
ovsdb_trigger_init(struct ovsdb_trigger *t, struct ovsdb_session *session,
                   struct ovsdb_server_db *sdb, json_t *ops,
                   long long int now, bool read_only)
{
    t->session = session;
    t->sdb = sdb;
    t->ops = ops;
    t->created = now;
    t->deadline = LLONG_MAX;
    t->read_only = read_only;
    t->result = NULL;
    t->error = NULL;
    t->committed = false;

    if (trigger_try(t, now)) {
        osw_list_push_back(&session->completions, &t->node);
    } else {
        osw_list_push_back(&sdb->triggers, &t->node);
    }
}

/* Frees what 't' owns and unlinks it. */
void
ovsdb_trigger_destroy(struct ovsdb_trigger *t)
{
    osw_list_remove(&t->node);
    json_decref(t->ops);
    json_decref(t->result);
    json_decref(t->error);
    t->ops = t->result = t->error = NULL;
}

/* True once 't' has a result or an error. */
bool
ovsdb_trigger_is_complete(const struct ovsdb_trigger *t)
{
    return t->result || t->error;
}

/* Completes a pending 't' with 'error' as its JSON-RPC error. */
void
ovsdb_trigger_cancel(struct ovsdb_trigger *t, const char *error)
{
    if (!ovsdb_trigger_is_complete(t)) {
        t->error = json_string(error);
        trigger_complete(t);
        /* Its database may be about to go away. */
        t->sdb = NULL;
    }
}

/* Completes every trigger parked on 'sdb' with 'error'. */
void
ovsdb_trigger_cancel_all(struct ovsdb_server_db *sdb, const char *error)
{
    struct ovsdb_trigger *t, *next;

    OSW_LIST_FOR_EACH_SAFE (t, next, node, &sdb->triggers) {
        ovsdb_trigger_cancel(t, error);
    }
}

/* Re-runs the triggers parked on 'sdb' when something may have changed
 * for them. */
void
ovsdb_trigger_run(struct ovsdb_server_db *sdb, long long int now)
{
    bool run = sdb->run_triggers;
    struct ovsdb_trigger *t, *next;

    sdb->run_triggers = false;
    OSW_LIST_FOR_EACH_SAFE (t, next, node, &sdb->triggers) {
        if ((run || now >= t->deadline) && trigger_try(t, now)) {
            trigger_complete(t);
        }
    }
}

/* Wakes the poll loop for 'sdb''s next trigger deadline, or at once if a
 * commit is waiting to be looked at. */
void
ovsdb_trigger_wait(struct ovsdb_server_db *sdb, long long int now)
{
    long long int deadline = LLONG_MAX;
    struct ovsdb_trigger *t;

    if (osw_list_is_empty(&sdb->triggers)) {
        return;
    }
    if (sdb->run_triggers) {
        poll_immediate_wake();
        return;
    }
    OSW_LIST_FOR_EACH (t, node, &sdb->triggers) {
        deadline = MIN(deadline, t->deadline);
    }
    if (deadline != LLONG_MAX) {
        poll_timer_wait(deadline - now);
    }
}

/* Returns the number of triggers parked on 'sdb'. */
size_t
ovsdb_trigger_count(const struct ovsdb_server_db *sdb)
{
    return osw_list_size(&sdb->triggers);
}
