/* jsonrpc-server: the OVSDB protocol over JSON-RPC (jsonrpc-server.h). */
#include <config.h>
#include "jsonrpc-server.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "file.h"
#include "monitor.h"
#include "osw/dynamic-string.h"
#include "osw/hash.h"
#include "osw/jsonrpc.h"
#include "osw/poll-loop.h"
#include "osw/reconnect.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "server.h"
#include "trigger.h"
#include "txn-history.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_jsonrpc_server);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* Requests read from one session per run: enough for clients that
 * pipeline, few enough that one busy client cannot starve the others. */
#define MAX_REQUESTS_PER_RUN 50

/* Connections accepted on one listener per run, for the same reason. */
#define MAX_ACCEPTS_PER_RUN 20

struct ovsdb_jsonrpc_server {
    struct ovsdb_server *up;
    struct hmap remotes;            /* "struct ovsdb_jsonrpc_remote"s. */
    size_t n_sessions;
    bool read_only;
    size_t backlog_limit;           /* 0: no limit. */
};

/* A listener and the sessions it accepted, or one outgoing session. */
struct ovsdb_jsonrpc_remote {
    struct hmap_node hmap_node;     /* In server's 'remotes', by name. */
    struct ovsdb_jsonrpc_server *server;
    char *name;
    struct pstream *listener;       /* NULL for an active remote. */
    struct osw_list sessions;       /* "struct ovsdb_jsonrpc_session"s. */
    struct ovsdb_jsonrpc_options options;
};

struct ovsdb_jsonrpc_session {
    struct osw_list node;           /* In remote's 'sessions'. */
    struct ovsdb_session up;
    struct ovsdb_jsonrpc_remote *remote;
    struct jsonrpc_session *js;
    unsigned int js_seqno;          /* Last jsonrpc_session_get_seqno(). */
    struct hmap triggers;           /* "struct jsonrpc_trigger"s by id. */
    struct hmap monitors;           /* "struct jsonrpc_monitor"s by id. */
    struct osw_list output;         /* "struct output_entry"s, in order. */
    size_t n_flushes;               /* For fairness among monitors. */
    bool db_change_aware;
};

/* A "transact" request: a trigger plus the request id to answer. */
struct jsonrpc_trigger {
    struct ovsdb_trigger trigger;
    struct hmap_node hmap_node;     /* In session's 'triggers'. */
    json_t *id;
};

struct jsonrpc_monitor {
    struct hmap_node hmap_node;     /* In session's 'monitors'. */
    struct ovsdb_jsonrpc_session *session;
    struct ovsdb_server_db *sdb;
    json_t *monitor_id;
    struct ovsdb_monitor *m;
    /* Queued messages that carry this monitor's state (its initial reply,
     * a condition change's update): its later updates wait for them. */
    unsigned int n_unsent;
};

/* One message waiting in a session's output queue.  A completed
 * transaction is queued as its trigger, so that its reply is built only
 * after the storage sync it may depend on. */
struct output_entry {
    struct osw_list node;           /* In session's 'output'. */
    struct jsonrpc_msg *msg;        /* Or NULL for a trigger. */
    struct jsonrpc_trigger *trigger;
    struct jsonrpc_monitor *monitor;    /* Counted in its 'n_unsent'. */
};

static void session_close(struct ovsdb_jsonrpc_session *);
static void session_reset(struct ovsdb_jsonrpc_session *);
static void monitor_destroy(struct jsonrpc_monitor *);

/* JSON helpers. */

static uint32_t
json_hash_id(const json_t *id)
{
    /* Ids are nearly always numbers or strings: hash those directly, rather
     * than dumping them to text on every request.  Values that json_equal()
     * calls equal still get equal hashes, because it never equates values
     * of different JSON types. */
    if (json_is_integer(id)) {
        return hash_uint64(json_integer_value(id), JSON_INTEGER);
    } else if (json_is_string(id)) {
        return hash_bytes(json_string_value(id), json_string_length(id),
                          JSON_STRING);
    }

    char *s = json_dumps(id, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    uint32_t hash = s ? hash_string(s, 0) : 0;
    free(s);
    return hash;
}

static size_t
n_params(const struct jsonrpc_msg *msg)
{
    return json_is_array(msg->params) ? json_array_size(msg->params) : 0;
}

static json_t *
param(const struct jsonrpc_msg *msg, size_t i)
{
    return json_is_array(msg->params) ? json_array_get(msg->params, i) : NULL;
}

static json_t *
json_uuid_string(const struct uuid *uuid)
{
    char s[UUID_LEN + 1];
    uuid_to_string(uuid, s);
    return json_string(s);
}

static struct jsonrpc_msg *
error_reply(struct ovsdb_error *error, const json_t *id)
{
    return jsonrpc_create_error(ovsdb_error_to_json_free(error), id);
}

static struct jsonrpc_msg *
string_error_reply(const char *error, const json_t *id)
{
    return jsonrpc_create_error(json_string(error), id);
}

/* Options. */

/* Fills 'options' with the defaults for 'target'. */
void
ovsdb_jsonrpc_options_init(struct ovsdb_jsonrpc_options *options,
                           const char *target)
{
    options->max_backoff = RECONNECT_DEFAULT_MAX_BACKOFF;
    options->probe_interval = (stream_or_pstream_needs_probes(target)
                               ? RECONNECT_DEFAULT_PROBE_INTERVAL : 0);
    options->dscp = 0;
    options->read_only = false;
}

/* The server. */

/* Returns a new server for the databases of 'up', with no remotes. */
struct ovsdb_jsonrpc_server *
ovsdb_jsonrpc_server_create(struct ovsdb_server *up)
{
    struct ovsdb_jsonrpc_server *svr = xzalloc(sizeof *svr);
    svr->up = up;
    hmap_init(&svr->remotes);
    svr->backlog_limit = OVSDB_JSONRPC_DEFAULT_BACKLOG_LIMIT;
    return svr;
}

static void remote_destroy(struct ovsdb_jsonrpc_remote *);

/* Closes every remote and session of 'svr' and frees it.  NULL is
 * allowed. */
void
ovsdb_jsonrpc_server_destroy(struct ovsdb_jsonrpc_server *svr)
{
    if (svr) {
        struct ovsdb_jsonrpc_remote *remote;

        HMAP_FOR_EACH_SAFE (remote, hmap_node, &svr->remotes) {
            remote_destroy(remote);
        }
        hmap_destroy(&svr->remotes);
        free(svr);
    }
}

/* Makes every session of 'svr' refuse changes (or allow them again, for
 * sessions whose remote allows them). */
void
ovsdb_jsonrpc_server_set_read_only(struct ovsdb_jsonrpc_server *svr,
                                   bool read_only)
{
    svr->read_only = read_only;
}

/* Sets the backlog limit of every session to 'bytes' (0: none). */
void
ovsdb_jsonrpc_server_set_backlog_limit(struct ovsdb_jsonrpc_server *svr,
                                       size_t bytes)
{
    svr->backlog_limit = bytes;
}

static bool
session_is_read_only(const struct ovsdb_jsonrpc_session *s)
{
    return s->remote->server->read_only || s->remote->options.read_only;
}

/* Sessions. */

static struct ovsdb_jsonrpc_session *
session_create(struct ovsdb_jsonrpc_remote *remote,
               struct jsonrpc_session *js)
{
    struct ovsdb_jsonrpc_session *s = xzalloc(sizeof *s);

    ovsdb_session_init(&s->up, remote->server->up);
    s->remote = remote;
    s->js = js;
    s->js_seqno = jsonrpc_session_get_seqno(js);
    hmap_init(&s->triggers);
    hmap_init(&s->monitors);
    osw_list_init(&s->output);
    osw_list_push_back(&remote->sessions, &s->node);
    remote->server->n_sessions++;

    jsonrpc_session_set_max_backoff(js, remote->options.max_backoff);
    jsonrpc_session_set_probe_interval(js, remote->options.probe_interval);
    return s;
}

static struct ovsdb_jsonrpc_session *
session_from_up(struct ovsdb_session *up)
{
    return CONTAINER_OF(up, struct ovsdb_jsonrpc_session, up);
}

static const char *
session_name(const struct ovsdb_jsonrpc_session *s)
{
    return jsonrpc_session_get_name(s->js);
}

/* Output queue. */

static struct output_entry *
output_push(struct ovsdb_jsonrpc_session *s)
{
    struct output_entry *e = xzalloc(sizeof *e);
    osw_list_push_back(&s->output, &e->node);
    return e;
}

/* True if the commits to 'sdb' so far must reach the disk before anyone
 * hears of them. */
static bool
db_needs_sync(const struct ovsdb_server_db *sdb)
{
    return sdb && sdb->file && ovsdb_file_needs_sync(sdb->file);
}

static void session_flush_monitors(struct ovsdb_jsonrpc_session *);

/* Sends 'msg' on 's' now, after the monitor updates that may go before
 * it. */
static void
session_send_now(struct ovsdb_jsonrpc_session *s, struct jsonrpc_msg *msg)
{
    session_flush_monitors(s);
    jsonrpc_session_send(s->js, msg);
}

static struct jsonrpc_msg *trigger_reply(struct jsonrpc_trigger *);
static void trigger_destroy(struct ovsdb_jsonrpc_session *,
                            struct jsonrpc_trigger *);

/* Sends the replies to the transactions that completed so far, or queues
 * them behind what is queued already or until the storage is synced:
 * replies leave in the order the requests came.  Not only the replies to
 * transactions that committed wait for the sync: one that merely read the
 * database may show what a durable transaction of this iteration wrote,
 * and no client may see that before it is on disk. */
static void
collect_completions(struct ovsdb_jsonrpc_session *s)
{
    struct ovsdb_trigger *t;

    OSW_LIST_FOR_EACH_POP (t, node, &s->up.completions) {
        struct jsonrpc_trigger *jt = CONTAINER_OF(t, struct jsonrpc_trigger,
                                                  trigger);
        osw_list_init(&t->node);
        if (osw_list_is_empty(&s->output) && !db_needs_sync(t->sdb)) {
            session_send_now(s, trigger_reply(jt));
            trigger_destroy(s, jt);
        } else {
            output_push(s)->trigger = jt;
        }
    }
}

/* Sends 'msg' on 's', or queues it behind what is queued already.  If
 * 'monitor' is nonnull, 'msg' carries that monitor's state, so its later
 * updates must not overtake 'msg', and, like those updates, it waits until
 * the writes it may show are on disk. */
static void
session_queue(struct ovsdb_jsonrpc_session *s, struct jsonrpc_msg *msg,
              struct jsonrpc_monitor *monitor)
{
    collect_completions(s);
    if (osw_list_is_empty(&s->output)
        && !(monitor && db_needs_sync(monitor->sdb))) {
        session_send_now(s, msg);
        return;
    }

    struct output_entry *e = output_push(s);
    e->msg = msg;
    e->monitor = monitor;
    if (monitor) {
        monitor->n_unsent++;
    }
}

static void
session_notify(struct ovsdb_jsonrpc_session *s, const char *method,
               json_t *params)
{
    session_queue(s, jsonrpc_create_notify(method, params), NULL);
}

static void
trigger_destroy(struct ovsdb_jsonrpc_session *s, struct jsonrpc_trigger *t)
{
    hmap_remove(&s->triggers, &t->hmap_node);
    ovsdb_trigger_destroy(&t->trigger);
    json_decref(t->id);
    free(t);
}

static void
output_entry_destroy(struct ovsdb_jsonrpc_session *s, struct output_entry *e)
{
    osw_list_remove(&e->node);
    if (e->trigger) {
        trigger_destroy(s, e->trigger);
    }
    if (e->monitor) {
        e->monitor->n_unsent--;
    }
    jsonrpc_msg_destroy(e->msg);
    free(e);
}

/* Monitors. */

static struct jsonrpc_monitor *
monitor_find(const struct ovsdb_jsonrpc_session *s, const json_t *id)
{
    struct jsonrpc_monitor *jm;

    HMAP_FOR_EACH_WITH_HASH (jm, hmap_node, json_hash_id(id), &s->monitors) {
        if (json_equal(jm->monitor_id, id)) {
            return jm;
        }
    }
    return NULL;
}

static void
monitor_destroy(struct jsonrpc_monitor *jm)
{
    struct ovsdb_jsonrpc_session *s = jm->session;
    struct output_entry *e;

    OSW_LIST_FOR_EACH (e, node, &s->output) {
        if (e->monitor == jm) {
            e->monitor = NULL;
        }
    }
    hmap_remove(&s->monitors, &jm->hmap_node);
    ovsdb_monitor_destroy(jm->m);
    json_decref(jm->monitor_id);
    free(jm);
}

/* Builds the notification that carries 'update' (reference stolen) for
 * 'jm', with last transaction id 'txnid' for V3. */
static struct jsonrpc_msg *
monitor_notification(const struct jsonrpc_monitor *jm, json_t *update,
                     const struct uuid *txnid)
{
    enum ovsdb_monitor_version version = ovsdb_monitor_get_version(jm->m);
    json_t *params = json_array();

    json_array_append(params, jm->monitor_id);
    if (version == OVSDB_MONITOR_V3) {
        json_array_append_new(params, json_uuid_string(txnid));
    }
    json_array_append_new(params, update);
    return jsonrpc_create_notify(ovsdb_monitor_update_method(version),
                                 params);
}

/* True if 'jm' has changes to send and may send them: none of its messages
 * is still queued, and its database's commits are durable when they must
 * be. */
static bool
monitor_may_flush(const struct jsonrpc_monitor *jm)
{
    return (!jm->n_unsent && ovsdb_monitor_has_update(jm->m)
            && !db_needs_sync(jm->sdb));
}

static void
monitor_flush(struct ovsdb_jsonrpc_session *s, struct jsonrpc_monitor *jm)
{
    struct uuid txnid;
    json_t *update = ovsdb_monitor_take_update(jm->m, &txnid);

    if (update) {
        jsonrpc_session_send(s->js, monitor_notification(jm, update,
                                                          &txnid));
    }
}

/* Sends the updates of 's''s monitors that may send now.  Stops as soon as
 * the client's send queue is not empty, so that a slow client holds at
 * most one update as JSON (the rest stays coalesced in the monitors), and
 * starts with another monitor each time, so that none starves. */
static void
session_flush_monitors(struct ovsdb_jsonrpc_session *s)
{
    size_t n = hmap_count(&s->monitors);
    struct jsonrpc_monitor *jm;

    if (!n || jsonrpc_session_get_backlog(s->js)) {
        return;
    }

    size_t start = s->n_flushes++ % n;
    for (int pass = 0; pass < 2; pass++) {
        size_t i = 0;

        HMAP_FOR_EACH (jm, hmap_node, &s->monitors) {
            bool turn = pass ? i < start : i >= start;
            i++;
            if (turn && monitor_may_flush(jm)) {
                if (jsonrpc_session_get_backlog(s->js)) {
                    return;
                }
                monitor_flush(s, jm);
            }
        }
    }
}

static bool
session_needs_flush(const struct ovsdb_jsonrpc_session *s)
{
    struct jsonrpc_monitor *jm;

    HMAP_FOR_EACH (jm, hmap_node, &s->monitors) {
        if (monitor_may_flush(jm)) {
            return true;
        }
    }
    return false;
}

static size_t
session_pending_bytes(const struct ovsdb_jsonrpc_session *s)
{
    struct jsonrpc_monitor *jm;
    size_t n = 0;

    HMAP_FOR_EACH (jm, hmap_node, &s->monitors) {
        n += ovsdb_monitor_pending_bytes(jm->m);
    }
    return n;
}

/* Builds the reply to completed transaction 't'. */
static struct jsonrpc_msg *
trigger_reply(struct jsonrpc_trigger *t)
{
    struct ovsdb_trigger *tr = &t->trigger;

    if (tr->result) {
        json_t *result = tr->result;
        tr->result = NULL;
        return jsonrpc_create_reply(result, t->id);
    } else {
        json_t *error = tr->error;
        tr->error = NULL;
        return jsonrpc_create_error(error, t->id);
    }
}

/* Sends everything in 's''s output queue, in order, flushing monitors
 * before each message.  Returns false if 's' had to be disconnected
 * because a transaction's data could not be made durable. */
static bool
session_drain(struct ovsdb_jsonrpc_session *s)
{
    collect_completions(s);
    while (!osw_list_is_empty(&s->output)) {
        struct output_entry *e = CONTAINER_OF(osw_list_front(&s->output),
                                              struct output_entry, node);
        struct jsonrpc_msg *msg = e->msg;

        e->msg = NULL;
        if (e->trigger) {
            const struct ovsdb_trigger *t = &e->trigger->trigger;
            if (t->committed && t->sdb && t->sdb->sync_failed) {
                VLOG_WARN_RL(&rl, "%s: disconnecting: could not make a "
                             "committed transaction durable",
                             session_name(s));
                jsonrpc_session_force_reconnect(s->js);
                output_entry_destroy(s, e);
                return false;
            }
            msg = trigger_reply(e->trigger);
        }
        session_flush_monitors(s);
        jsonrpc_session_send(s->js, msg);
        output_entry_destroy(s, e);
    }
    session_flush_monitors(s);
    return true;
}

/* Disconnects 's' if what it has not taken yet exceeds the limit. */
static void
session_check_backlog(struct ovsdb_jsonrpc_session *s)
{
    size_t limit = s->remote->server->backlog_limit;
    size_t backlog = jsonrpc_session_get_backlog(s->js);

    if (limit && backlog && jsonrpc_session_is_connected(s->js)) {
        size_t pending = session_pending_bytes(s);
        if (backlog + pending > limit) {
            VLOG_WARN_RL(&rl, "%s: disconnecting slow client: %zu bytes "
                         "unsent and %zu bytes of pending updates exceed "
                         "the limit of %zu bytes", session_name(s),
                         backlog, pending, limit);
            jsonrpc_session_force_reconnect(s->js);
            session_reset(s);
        }
    }
}

/* Locks. */

static void
notify_lock(struct ovsdb_session *up, const char *lock_name,
            const char *method)
{
    json_t *params = json_pack("[s]", lock_name);
    session_notify(session_from_up(up), method, params);
}

static void
notify_locked_cb(struct ovsdb_session *up, const char *lock_name,
                 void *aux OSW_UNUSED)
{
    notify_lock(up, lock_name, "locked");
}

/* Throws away what 's' holds: parked transactions (without replies),
 * monitors, locks (telling the new owners) and unsent output. */
static void
session_reset(struct ovsdb_jsonrpc_session *s)
{
    struct jsonrpc_monitor *jm;
    struct jsonrpc_trigger *t;
    struct output_entry *e, *next;

    OSW_LIST_FOR_EACH_SAFE (e, next, node, &s->output) {
        output_entry_destroy(s, e);
    }
    HMAP_FOR_EACH_SAFE (t, hmap_node, &s->triggers) {
        trigger_destroy(s, t);
    }
    HMAP_FOR_EACH_SAFE (jm, hmap_node, &s->monitors) {
        monitor_destroy(jm);
    }
    ovsdb_session_unlock_all(&s->up, notify_locked_cb, NULL);
}

static void
session_close(struct ovsdb_jsonrpc_session *s)
{
    VLOG_DBG("%s: closing session", session_name(s));
    session_reset(s);
    hmap_destroy(&s->triggers);
    hmap_destroy(&s->monitors);
    ovsdb_session_destroy(&s->up);
    jsonrpc_session_close(s->js);
    osw_list_remove(&s->node);
    s->remote->server->n_sessions--;
    free(s);
}

/* Request handlers.  Each returns the reply to queue, or NULL if it queued
 * (or will queue) the answer itself. */

static struct ovsdb_server_db *
lookup_db(const struct ovsdb_jsonrpc_session *s,
          const struct jsonrpc_msg *request, struct jsonrpc_msg **replyp)
{
    const json_t *name = param(request, 0);
    struct ovsdb_error *error;

    *replyp = NULL;
    if (!json_is_string(name)) {
        error = ovsdb_syntax_error(request->params, NULL,
                                   "%s request params must begin with "
                                   "<db-name>", request->method);
    } else {
        struct ovsdb_server_db *sdb
            = ovsdb_server_find_db(s->remote->server->up,
                                   json_string_value(name));
        if (sdb) {
            return sdb;
        }
        error = ovsdb_syntax_error(request->params, "unknown database",
                                   "%s request specifies unknown database "
                                   "%s", request->method,
                                   json_string_value(name));
    }
    *replyp = error_reply(error, request->id);
    return NULL;
}

static struct jsonrpc_trigger *
trigger_find(const struct ovsdb_jsonrpc_session *s, const json_t *id)
{
    struct jsonrpc_trigger *t;

    HMAP_FOR_EACH_WITH_HASH (t, hmap_node, json_hash_id(id), &s->triggers) {
        if (json_equal(t->id, id)) {
            return t;
        }
    }
    return NULL;
}

static struct jsonrpc_msg *
handle_transact(struct ovsdb_jsonrpc_session *s, struct ovsdb_server_db *sdb,
                const struct jsonrpc_msg *request)
{
    if (trigger_find(s, request->id)) {
        return error_reply(ovsdb_syntax_error(request->params, NULL,
                                              "transact: duplicate request "
                                              "ID"), request->id);
    }

    json_t *ops = json_array();
    for (size_t i = 1; i < n_params(request); i++) {
        json_array_append(ops, param(request, i));
    }

    struct jsonrpc_trigger *t = xzalloc(sizeof *t);
    t->id = json_incref(request->id);
    hmap_insert(&s->triggers, &t->hmap_node, json_hash_id(t->id));
    ovsdb_trigger_init(&t->trigger, &s->up, sdb, ops, time_msec(),
                       session_is_read_only(s));
    return NULL;
}

static struct ovsdb_error *
parse_last_txnid(const json_t *json, struct uuid *txnid)
{
    if (!json_is_string(json)) {
        return ovsdb_syntax_error(json, NULL, "last-txn-id must be string");
    }
    if (!uuid_from_string(txnid, json_string_value(json))) {
        return ovsdb_syntax_error(json, NULL,
                                  "last-txn-id must be UUID format.");
    }
    return NULL;
}

static struct jsonrpc_msg *
handle_monitor(struct ovsdb_jsonrpc_session *s, struct ovsdb_server_db *sdb,
               const struct jsonrpc_msg *request,
               enum ovsdb_monitor_version version)
{
    size_t n = version == OVSDB_MONITOR_V3 ? 4 : 3;
    struct ovsdb_error *error = NULL;
    struct uuid last_txnid;

    if (n_params(request) != n) {
        return error_reply(ovsdb_syntax_error(request->params, NULL,
                                              "invalid parameters"),
                           request->id);
    }

    json_t *monitor_id = param(request, 1);
    json_t *requests = param(request, 2);
    if (!json_is_object(requests)) {
        error = ovsdb_syntax_error(requests, NULL,
                                   "monitor-requests must be object");
    } else if (version == OVSDB_MONITOR_V3) {
        error = parse_last_txnid(param(request, 3), &last_txnid);
    }
    if (!error && monitor_find(s, monitor_id)) {
        error = ovsdb_syntax_error(monitor_id, NULL, "duplicate monitor ID");
    }
    if (error) {
        return error_reply(error, request->id);
    }

    struct ovsdb_monitor *m = ovsdb_monitor_create(sdb->db, version,
                                                   requests, &error);
    if (!m) {
        return error_reply(error, request->id);
    }

    struct jsonrpc_monitor *jm = xzalloc(sizeof *jm);
    jm->session = s;
    jm->sdb = sdb;
    jm->monitor_id = json_incref(monitor_id);
    jm->m = m;
    hmap_insert(&s->monitors, &jm->hmap_node, json_hash_id(monitor_id));

    json_t *result;
    if (version == OVSDB_MONITOR_V3) {
        struct uuid cur_txnid;
        bool found;
        if (sdb->history) {
            ovsdb_txn_history_activate(sdb->history);
        }
        json_t *updates = ovsdb_monitor_get_initial_since(m, sdb->history,
                                                          &last_txnid, &found,
                                                          &cur_txnid);
        result = json_pack("[boo]", found, json_uuid_string(&cur_txnid),
                           updates);
    } else {
        result = ovsdb_monitor_get_initial(m);
    }
    session_queue(s, jsonrpc_create_reply(result, request->id), jm);
    return NULL;
}

static struct jsonrpc_msg *
handle_monitor_cond_change(struct ovsdb_jsonrpc_session *s,
                           const struct jsonrpc_msg *request)
{
    struct ovsdb_error *error = NULL;
    struct jsonrpc_monitor *jm = NULL;

    if (n_params(request) != 3) {
        error = ovsdb_syntax_error(request->params, NULL,
                                   "invalid parameters");
    } else if (!(jm = monitor_find(s, param(request, 0)))) {
        error = ovsdb_syntax_error(param(request, 0), NULL,
                                   "unknown monitor session");
    } else if (!json_equal(param(request, 0), param(request, 1))
               && monitor_find(s, param(request, 1))) {
        error = ovsdb_syntax_error(param(request, 1), NULL,
                                   "duplicate monitor ID");
    } else if (!json_is_object(param(request, 2))) {
        error = ovsdb_syntax_error(NULL, NULL, "monitor-cond-change-requests "
                                   "must be object");
    }
    if (error) {
        return error_reply(error, request->id);
    }

    /* ovsdb-server accepts (and ignores) a change for a monitor without
     * conditions. */
    if (ovsdb_monitor_get_version(jm->m) == OVSDB_MONITOR_V1) {
        return jsonrpc_create_reply(json_object(), request->id);
    }

    json_t *update;
    error = ovsdb_monitor_cond_change(jm->m, param(request, 2), &update);
    if (error) {
        return error_reply(error, request->id);
    }

    hmap_remove(&s->monitors, &jm->hmap_node);
    json_decref(jm->monitor_id);
    jm->monitor_id = json_incref(param(request, 1));
    hmap_insert(&s->monitors, &jm->hmap_node, json_hash_id(jm->monitor_id));

    if (update) {
        struct uuid txnid;
        ovsdb_monitor_db_last_txnid(jm->sdb->db, &txnid);
        session_queue(s, monitor_notification(jm, update, &txnid), jm);
    }
    return jsonrpc_create_reply(json_object(), request->id);
}

static struct jsonrpc_msg *
handle_monitor_cancel(struct ovsdb_jsonrpc_session *s,
                      const struct jsonrpc_msg *request)
{
    if (n_params(request) != 1) {
        return string_error_reply("invalid parameters", request->id);
    }

    struct jsonrpc_monitor *jm = monitor_find(s, param(request, 0));
    if (!jm) {
        return string_error_reply("unknown monitor", request->id);
    }
    monitor_destroy(jm);
    return jsonrpc_create_reply(json_object(), request->id);
}

static struct ovsdb_error *
parse_lock_name(const struct jsonrpc_msg *request, const char **namep)
{
    const json_t *name = param(request, 0);

    if (n_params(request) != 1 || !json_is_string(name)
        || !ovsdb_parser_is_id(json_string_value(name))) {
        *namep = NULL;
        return ovsdb_syntax_error(request->params, NULL,
                                  "%s request params must be <id>",
                                  request->method);
    }
    *namep = json_string_value(name);
    return NULL;
}

static struct jsonrpc_msg *
readonly_lock_error(const json_t *id)
{
    return string_error_reply("lock and unlock methods not allowed, DB "
                              "server is read only.", id);
}

static struct jsonrpc_msg *
handle_lock(struct ovsdb_jsonrpc_session *s,
            const struct jsonrpc_msg *request, enum ovsdb_lock_mode mode)
{
    struct ovsdb_error *error;
    const char *name;

    if (session_is_read_only(s)) {
        return readonly_lock_error(request->id);
    }
    error = parse_lock_name(request, &name);
    if (!error && ovsdb_session_get_lock_waiter(&s->up, name)) {
        error = ovsdb_syntax_error(request->params, NULL,
                                   "must issue \"unlock\" before new \"%s\"",
                                   request->method);
    }
    if (error) {
        return error_reply(error, request->id);
    }

    struct ovsdb_session *victim;
    struct ovsdb_lock_waiter *waiter = ovsdb_session_lock(&s->up, name, mode,
                                                          &victim);
    if (victim) {
        notify_lock(victim, name, "stolen");
    }
    return jsonrpc_create_reply(
        json_pack("{sb}", "locked", ovsdb_lock_waiter_is_owner(waiter)),
        request->id);
}

static struct jsonrpc_msg *
handle_unlock(struct ovsdb_jsonrpc_session *s,
              const struct jsonrpc_msg *request)
{
    struct ovsdb_lock_waiter *waiter = NULL;
    struct ovsdb_error *error;
    const char *name;

    if (session_is_read_only(s)) {
        return readonly_lock_error(request->id);
    }
    error = parse_lock_name(request, &name);
    if (!error && !(waiter = ovsdb_session_get_lock_waiter(&s->up, name))) {
        error = ovsdb_syntax_error(request->params, NULL,
                                   "unlock: \"unlock\" without \"lock\" or "
                                   "\"steal\"");
    }
    if (error) {
        return error_reply(error, request->id);
    }

    char *lock_name = xstrdup(name);
    struct ovsdb_session *new_owner = ovsdb_session_unlock(waiter);
    if (new_owner) {
        notify_lock(new_owner, lock_name, "locked");
    }
    free(lock_name);
    return jsonrpc_create_reply(json_object(), request->id);
}

static struct jsonrpc_msg *
handle_list_dbs(struct ovsdb_jsonrpc_session *s,
                const struct jsonrpc_msg *request)
{
    size_t n;
    struct ovsdb_server_db **dbs = ovsdb_server_sorted_dbs(
        s->remote->server->up, &n);
    json_t *names = json_array();

    for (size_t i = 0; i < n; i++) {
        json_array_append_new(names, json_string(dbs[i]->name));
    }
    free(dbs);
    return jsonrpc_create_reply(names, request->id);
}

static struct jsonrpc_msg *
handle_set_db_change_aware(struct ovsdb_jsonrpc_session *s,
                           const struct jsonrpc_msg *request)
{
    const json_t *value = param(request, 0);

    if (n_params(request) != 1 || !json_is_boolean(value)) {
        return error_reply(ovsdb_syntax_error(request->params, NULL,
                                              "set_db_change_aware: true or "
                                              "false parameter expected"),
                           request->id);
    }
    s->db_change_aware = json_is_true(value);
    return jsonrpc_create_reply(json_object(), request->id);
}

static void
session_cancel_monitors(struct ovsdb_jsonrpc_session *s,
                        const struct ovsdb_server_db *sdb)
{
    struct jsonrpc_monitor *jm;

    HMAP_FOR_EACH_SAFE (jm, hmap_node, &s->monitors) {
        if (jm->sdb == sdb) {
            if (s->db_change_aware) {
                json_t *params = json_array();
                json_array_append(params, jm->monitor_id);
                session_notify(s, "monitor_canceled", params);
            }
            monitor_destroy(jm);
        }
    }
}

/* Cancels what refers to 'sdb': see jsonrpc-server.h. */
void
ovsdb_jsonrpc_server_db_prechange(struct ovsdb_jsonrpc_server *svr,
                                  struct ovsdb_server_db *sdb)
{
    struct ovsdb_jsonrpc_remote *remote;

    HMAP_FOR_EACH (remote, hmap_node, &svr->remotes) {
        struct ovsdb_jsonrpc_session *s;

        OSW_LIST_FOR_EACH (s, node, &remote->sessions) {
            session_cancel_monitors(s, sdb);
        }
    }
    ovsdb_trigger_cancel_all(sdb, "canceled");
}

/* Replaces 'sdb''s database by 'new_db' (its conversion), telling the
 * clients. */
static void
install_converted_db(struct ovsdb_jsonrpc_server *svr,
                     struct ovsdb_server_db *sdb, struct ovsdb *new_db)
{
    struct ovsdb *old_db = sdb->db;
    bool had_history = sdb->history != NULL;
    char *comment = xasprintf("database %s schema changed", sdb->name);

    ovsdb_jsonrpc_server_db_prechange(svr, sdb);
    ovsdb_txn_history_destroy(sdb->history);
    sdb->history = NULL;
    ovsdb_server_db_replace(sdb, new_db);
    if (had_history) {
        sdb->history = ovsdb_txn_history_create_lazy(
            new_db, OVSDB_TXN_HISTORY_DEFAULT_MAX);
    }
    ovsdb_destroy(old_db);

    VLOG_INFO("%s", comment);
    ovsdb_jsonrpc_server_reconnect(svr, false, comment);
    free(comment);
}

static struct jsonrpc_msg *
handle_convert(struct ovsdb_jsonrpc_session *s, struct ovsdb_server_db *sdb,
               const struct jsonrpc_msg *request)
{
    struct ovsdb_jsonrpc_server *svr = s->remote->server;
    struct ovsdb_schema *schema = NULL;
    struct ovsdb_error *error = NULL;
    struct ovsdb *new_db = NULL;

    if (session_is_read_only(s)) {
        error = ovsdb_error("not allowed", "conversion is not allowed for "
                            "read-only database %s", sdb->name);
    } else if (n_params(request) != 2) {
        error = ovsdb_syntax_error(request->params, NULL, "array expected");
    } else {
        error = ovsdb_schema_from_json(param(request, 1), &schema);
    }
    if (!error && strcmp(schema->name, sdb->name)) {
        error = ovsdb_error("invalid parameters", "new schema name (%s) does "
                            "not match database name (%s)", schema->name,
                            sdb->name);
    }
    if (!error && !sdb->file) {
        error = ovsdb_error("not allowed", "conversion is not allowed for "
                            "database %s", sdb->name);
    }
    if (!error) {
        error = ovsdb_file_convert(sdb->file, schema, NULL, &new_db);
    }
    ovsdb_schema_destroy(schema);
    if (error) {
        return error_reply(error, request->id);
    }

    /* The reply goes out before the reconnection that the conversion
     * causes, so that a client that is not change-aware still hears that
     * it worked before it is disconnected. */
    session_queue(s, jsonrpc_create_reply(json_object(), request->id), NULL);
    install_converted_db(svr, sdb, new_db);
    return NULL;
}

static struct jsonrpc_msg *
handle_request(struct ovsdb_jsonrpc_session *s,
               const struct jsonrpc_msg *request)
{
    const char *method = request->method;
    struct ovsdb_server_db *sdb;
    struct jsonrpc_msg *reply;

    if (!strcmp(method, "transact")) {
        sdb = lookup_db(s, request, &reply);
        return sdb ? handle_transact(s, sdb, request) : reply;
    } else if (!strcmp(method, "monitor")) {
        sdb = lookup_db(s, request, &reply);
        return sdb ? handle_monitor(s, sdb, request, OVSDB_MONITOR_V1) : reply;
    } else if (!strcmp(method, "monitor_cond")) {
        sdb = lookup_db(s, request, &reply);
        return sdb ? handle_monitor(s, sdb, request, OVSDB_MONITOR_V2) : reply;
    } else if (!strcmp(method, "monitor_cond_since")) {
        sdb = lookup_db(s, request, &reply);
        return sdb ? handle_monitor(s, sdb, request, OVSDB_MONITOR_V3) : reply;
    } else if (!strcmp(method, "monitor_cond_change")) {
        return handle_monitor_cond_change(s, request);
    } else if (!strcmp(method, "monitor_cancel")) {
        return handle_monitor_cancel(s, request);
    } else if (!strcmp(method, "get_schema")) {
        sdb = lookup_db(s, request, &reply);
        return (sdb
                ? jsonrpc_create_reply(ovsdb_schema_to_json(sdb->db->schema),
                                       request->id)
                : reply);
    } else if (!strcmp(method, "list_dbs")) {
        return handle_list_dbs(s, request);
    } else if (!strcmp(method, "get_server_id")) {
        return jsonrpc_create_reply(
            json_uuid_string(&s->remote->server->up->uuid), request->id);
    } else if (!strcmp(method, "lock")) {
        return handle_lock(s, request, OVSDB_LOCK_WAIT);
    } else if (!strcmp(method, "steal")) {
        return handle_lock(s, request, OVSDB_LOCK_STEAL);
    } else if (!strcmp(method, "unlock")) {
        return handle_unlock(s, request);
    } else if (!strcmp(method, "echo")) {
        return jsonrpc_create_reply((request->params
                                     ? json_incref(request->params)
                                     : json_array()), request->id);
    } else if (!strcmp(method, "set_db_change_aware")) {
        return handle_set_db_change_aware(s, request);
    } else if (!strcmp(method, "convert")) {
        sdb = lookup_db(s, request, &reply);
        return sdb ? handle_convert(s, sdb, request) : reply;
    } else {
        return string_error_reply("unknown method", request->id);
    }
}

/* "cancel": completes a parked transaction.  ovsdb-server answers it with
 * "canceled" only to clients that are change-aware. */
static void
handle_cancel(struct ovsdb_jsonrpc_session *s,
              const struct jsonrpc_msg *notify)
{
    if (n_params(notify) != 1) {
        return;
    }

    struct jsonrpc_trigger *t = trigger_find(s, param(notify, 0));
    if (t && !ovsdb_trigger_is_complete(&t->trigger)) {
        if (s->db_change_aware) {
            ovsdb_trigger_cancel(&t->trigger, "canceled");
        } else {
            trigger_destroy(s, t);
        }
    }
}

static void
session_got_message(struct ovsdb_jsonrpc_session *s, struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_REQUEST) {
        struct jsonrpc_msg *reply = handle_request(s, msg);
        if (reply) {
            session_queue(s, reply, NULL);
        }
    } else if (msg->type == JSONRPC_NOTIFY) {
        if (!strcmp(msg->method, "cancel")) {
            handle_cancel(s, msg);
        }
    } else {
        VLOG_WARN_RL(&rl, "%s: received unexpected %s message",
                     session_name(s), jsonrpc_msg_type_to_string(msg->type));
        jsonrpc_session_force_reconnect(s->js);
    }
    jsonrpc_msg_destroy(msg);
}

/* Runs 's''s connection and handles its requests.  Returns false if the
 * session is dead and should be closed. */
static bool
session_run_input(struct ovsdb_jsonrpc_session *s)
{
    jsonrpc_session_run(s->js);
    if (s->js_seqno != jsonrpc_session_get_seqno(s->js)) {
        s->js_seqno = jsonrpc_session_get_seqno(s->js);
        session_reset(s);
    }
    if (!jsonrpc_session_is_alive(s->js)) {
        return false;
    }

    for (int i = 0; i < MAX_REQUESTS_PER_RUN; i++) {
        if (jsonrpc_session_get_backlog(s->js)) {
            break;
        }
        struct jsonrpc_msg *msg = jsonrpc_session_recv(s->js);
        if (!msg) {
            break;
        }
        session_got_message(s, msg);
    }
    return true;
}

static void
session_wait(struct ovsdb_jsonrpc_session *s)
{
    jsonrpc_session_wait(s->js);
    if (!osw_list_is_empty(&s->output)
        || !osw_list_is_empty(&s->up.completions)) {
        poll_immediate_wake();
    } else if (!jsonrpc_session_get_backlog(s->js)) {
        if (session_needs_flush(s)) {
            poll_immediate_wake();
        } else {
            jsonrpc_session_recv_wait(s->js);
        }
    }
}

/* Remotes. */

static struct ovsdb_jsonrpc_remote *
remote_find(const struct ovsdb_jsonrpc_server *svr, const char *name)
{
    struct ovsdb_jsonrpc_remote *remote;

    HMAP_FOR_EACH_WITH_HASH (remote, hmap_node, hash_string(name, 0),
                             &svr->remotes) {
        if (!strcmp(remote->name, name)) {
            return remote;
        }
    }
    return NULL;
}

static struct ovsdb_jsonrpc_remote *
remote_create(struct ovsdb_jsonrpc_server *svr, const char *name,
              const struct ovsdb_jsonrpc_options *options)
{
    struct pstream *listener = NULL;

    if (!pstream_verify_name(name)) {
        int error = pstream_open_with_default_port(name, OSW_OVSDB_PORT,
                                                   &listener, options->dscp);
        if (error) {
            VLOG_ERR_RL(&rl, "%s: listen failed: %s", name,
                        osw_strerror(error));
            return NULL;
        }
        VLOG_INFO("%s: listening", name);
    } else if (stream_verify_name(name)) {
        VLOG_ERR_RL(&rl, "%s: not a valid remote", name);
        return NULL;
    }

    struct ovsdb_jsonrpc_remote *remote = xzalloc(sizeof *remote);
    remote->server = svr;
    remote->name = xstrdup(name);
    remote->listener = listener;
    remote->options = *options;
    osw_list_init(&remote->sessions);
    hmap_insert(&svr->remotes, &remote->hmap_node, hash_string(name, 0));

    if (!listener) {
        struct jsonrpc_session *js = jsonrpc_session_open_with_default_port(
            name, OSW_OVSDB_PORT, true);
        jsonrpc_session_set_dscp(js, options->dscp);
        session_create(remote, js);
    }
    return remote;
}

static void
remote_destroy(struct ovsdb_jsonrpc_remote *remote)
{
    struct ovsdb_jsonrpc_session *s, *next;

    OSW_LIST_FOR_EACH_SAFE (s, next, node, &remote->sessions) {
        session_close(s);
    }
    pstream_close(remote->listener);
    hmap_remove(&remote->server->remotes, &remote->hmap_node);
    free(remote->name);
    free(remote);
}

static void
remote_set_options(struct ovsdb_jsonrpc_remote *remote,
                   const struct ovsdb_jsonrpc_options *options)
{
    struct ovsdb_jsonrpc_session *s;

    remote->options = *options;
    OSW_LIST_FOR_EACH (s, node, &remote->sessions) {
        jsonrpc_session_set_max_backoff(s->js, options->max_backoff);
        jsonrpc_session_set_probe_interval(s->js, options->probe_interval);
    }
}

static const struct ovsdb_jsonrpc_remote_config *
find_config(const struct ovsdb_jsonrpc_remote_config *configs, size_t n,
            const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(configs[i].target, name)) {
            return &configs[i];
        }
    }
    return NULL;
}

/* Makes 'svr''s remotes exactly 'configs'. */
void
ovsdb_jsonrpc_server_set_remotes(
    struct ovsdb_jsonrpc_server *svr,
    const struct ovsdb_jsonrpc_remote_config *configs, size_t n)
{
    struct ovsdb_jsonrpc_remote *remote;

    HMAP_FOR_EACH_SAFE (remote, hmap_node, &svr->remotes) {
        const struct ovsdb_jsonrpc_remote_config *c
            = find_config(configs, n, remote->name);
        if (!c) {
            VLOG_INFO("%s: remote deconfigured", remote->name);
            remote_destroy(remote);
        } else if (c->options.dscp != remote->options.dscp) {
            remote_destroy(remote);
        }
    }
    for (size_t i = 0; i < n; i++) {
        remote = remote_find(svr, configs[i].target);
        if (!remote) {
            remote = remote_create(svr, configs[i].target,
                                   &configs[i].options);
        }
        if (remote) {
            remote_set_options(remote, &configs[i].options);
        }
    }
}

static void
session_get_locks(const struct ovsdb_jsonrpc_session *s,
                  struct ovsdb_jsonrpc_remote_status *status)
{
    struct ds held = DS_EMPTY_INITIALIZER;
    struct ds waiting = DS_EMPTY_INITIALIZER;
    struct ds lost = DS_EMPTY_INITIALIZER;
    struct ovsdb_lock_waiter *waiter;

    HMAP_FOR_EACH (waiter, session_node, &s->up.waiters) {
        struct ds *ds = (ovsdb_lock_waiter_is_owner(waiter) ? &held
                         : waiter->lock ? &waiting : &lost);
        if (ds->length) {
            ds_put_char(ds, ' ');
        }
        ds_put_cstr(ds, waiter->lock_name);
    }
    status->locks_held = ds_steal_cstr(&held);
    status->locks_waiting = ds_steal_cstr(&waiting);
    status->locks_lost = ds_steal_cstr(&lost);
}

/* Reports the status of remote 'target'. */
bool
ovsdb_jsonrpc_server_get_remote_status(
    const struct ovsdb_jsonrpc_server *svr, const char *target,
    struct ovsdb_jsonrpc_remote_status *status)
{
    const struct ovsdb_jsonrpc_remote *remote = remote_find(svr, target);

    memset(status, 0, sizeof *status);
    status->sec_since_connect = status->sec_since_disconnect = -1;
    if (!remote) {
        return false;
    }

    if (remote->listener) {
        status->bound_port = pstream_get_bound_port(remote->listener);
        status->n_connections = osw_list_size(&remote->sessions);
        status->is_connected = status->n_connections > 0;
        return true;
    }
    if (osw_list_is_empty(&remote->sessions)) {
        return true;
    }

    const struct ovsdb_jsonrpc_session *s = CONTAINER_OF(
        osw_list_front(&remote->sessions), struct ovsdb_jsonrpc_session, node);
    struct reconnect_stats rstats;

    jsonrpc_session_get_reconnect_stats(s->js, &rstats);
    status->is_connected = jsonrpc_session_is_connected(s->js);

    /* Like ovsdb-server, report only the current connection's error. */
    status->last_error = (status->is_connected
                          ? jsonrpc_session_get_status(s->js) : 0);
    status->state = rstats.state;
    status->sec_since_connect = (rstats.msec_since_connect < 0 ? -1
                                 : rstats.msec_since_connect / 1000);
    status->sec_since_disconnect = (rstats.msec_since_disconnect < 0 ? -1
                                    : rstats.msec_since_disconnect / 1000);
    status->n_connections = 1;
    session_get_locks(s, status);
    return true;
}

/* Frees what '*status' owns. */
void
ovsdb_jsonrpc_remote_status_destroy(
    struct ovsdb_jsonrpc_remote_status *status)
{
    free(status->locks_held);
    free(status->locks_waiting);
    free(status->locks_lost);
}

static int
compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Appends the names of 'svr''s remotes to 'out', one per line, sorted. */
void
ovsdb_jsonrpc_server_list_remotes(const struct ovsdb_jsonrpc_server *svr,
                                  struct ds *out)
{
    size_t n = hmap_count(&svr->remotes), i = 0;
    const char **names = xmalloc((n ? n : 1) * sizeof *names);
    struct ovsdb_jsonrpc_remote *remote;

    HMAP_FOR_EACH (remote, hmap_node, &svr->remotes) {
        names[i++] = remote->name;
    }
    qsort(names, n, sizeof *names, compare_strings);
    for (i = 0; i < n; i++) {
        ds_put_format(out, "%s\n", names[i]);
    }
    free(names);
}

/* Returns the port that listener 'target' is bound to, or 0. */
uint16_t
ovsdb_jsonrpc_server_get_bound_port(const struct ovsdb_jsonrpc_server *svr,
                                    const char *target)
{
    const struct ovsdb_jsonrpc_remote *remote = remote_find(svr, target);
    return remote && remote->listener
           ? pstream_get_bound_port(remote->listener) : 0;
}

/* Disconnects sessions: see jsonrpc-server.h. */
void
ovsdb_jsonrpc_server_reconnect(struct ovsdb_jsonrpc_server *svr, bool force,
                               const char *comment)
{
    struct ovsdb_jsonrpc_remote *remote;

    HMAP_FOR_EACH (remote, hmap_node, &svr->remotes) {
        struct ovsdb_jsonrpc_session *s;

        OSW_LIST_FOR_EACH (s, node, &remote->sessions) {
            if (force || !s->db_change_aware) {
                if (comment && jsonrpc_session_is_connected(s->js)) {
                    VLOG_INFO("%s: disconnecting (%s)", session_name(s),
                              comment);
                }
                jsonrpc_session_force_reconnect(s->js);
            }
        }
    }
}

/* Main loop. */

static void
remote_accept(struct ovsdb_jsonrpc_remote *remote)
{
    for (int i = 0; i < MAX_ACCEPTS_PER_RUN; i++) {
        struct stream *stream;
        int error = pstream_accept(remote->listener, &stream);

        if (error) {
            if (error != EAGAIN) {
                VLOG_WARN_RL(&rl, "%s: accept failed: %s", remote->name,
                             osw_strerror(error));
            }
            return;
        }

        struct jsonrpc_session *js = jsonrpc_session_open_unreliably(
            jsonrpc_open(stream), remote->options.dscp);
        VLOG_DBG("%s: accepted connection %s", remote->name,
                 jsonrpc_session_get_name(js));
        session_create(remote, js);
    }
}

/* Makes durable what the replies about to be sent depend on. */
static void
sync_storage(struct ovsdb_jsonrpc_server *svr)
{
    struct ovsdb_server_db *sdb;

    HMAP_FOR_EACH (sdb, hmap_node, &svr->up->dbs) {
        sdb->sync_failed = false;
        if (sdb->file && ovsdb_file_needs_sync(sdb->file)) {
            struct ovsdb_error *error = ovsdb_file_sync(sdb->file);
            if (error) {
                char *s = ovsdb_error_to_string_free(error);
                VLOG_ERR_RL(&rl, "%s: sync failed: %s", sdb->name, s);
                free(s);
                sdb->sync_failed = true;
            }
        }
    }
}

/* Accepts connections, handles requests, re-runs parked transactions,
 * syncs the storage and sends the replies. */
void
ovsdb_jsonrpc_server_run(struct ovsdb_jsonrpc_server *svr)
{
    struct ovsdb_jsonrpc_remote *remote;
    struct ovsdb_server_db *sdb;

    HMAP_FOR_EACH (remote, hmap_node, &svr->remotes) {
        struct ovsdb_jsonrpc_session *s, *next;

        if (remote->listener) {
            remote_accept(remote);
        }
        OSW_LIST_FOR_EACH_SAFE (s, next, node, &remote->sessions) {
            if (!session_run_input(s)) {
                session_close(s);
            }
        }
    }

    long long int now = time_msec();
    HMAP_FOR_EACH (sdb, hmap_node, &svr->up->dbs) {
        ovsdb_trigger_run(sdb, now);
    }

    sync_storage(svr);

    HMAP_FOR_EACH (remote, hmap_node, &svr->remotes) {
        struct ovsdb_jsonrpc_session *s;

        OSW_LIST_FOR_EACH (s, node, &remote->sessions) {
            if (session_drain(s)) {
                session_check_backlog(s);
            } else {
                session_reset(s);
            }
        }
    }
}

/* Arranges for poll_block() to wake when ovsdb_jsonrpc_server_run() has
 * work. */
void
ovsdb_jsonrpc_server_wait(struct ovsdb_jsonrpc_server *svr)
{
    struct ovsdb_jsonrpc_remote *remote;
    struct ovsdb_server_db *sdb;
    long long int now = time_msec();

    HMAP_FOR_EACH (remote, hmap_node, &svr->remotes) {
        struct ovsdb_jsonrpc_session *s;

        if (remote->listener) {
            pstream_wait(remote->listener);
        }
        OSW_LIST_FOR_EACH (s, node, &remote->sessions) {
            session_wait(s);
        }
    }
    HMAP_FOR_EACH (sdb, hmap_node, &svr->up->dbs) {
        ovsdb_trigger_wait(sdb, now);
    }
}

/* Fills in 'stats'. */
void
ovsdb_jsonrpc_server_get_stats(const struct ovsdb_jsonrpc_server *svr,
                               struct ovsdb_jsonrpc_server_stats *stats)
{
    const struct ovsdb_jsonrpc_remote *remote;

    memset(stats, 0, sizeof *stats);
    stats->n_sessions = svr->n_sessions;
    HMAP_FOR_EACH (remote, hmap_node, &svr->remotes) {
        const struct ovsdb_jsonrpc_session *s;

        OSW_LIST_FOR_EACH (s, node, &remote->sessions) {
            stats->n_monitors += hmap_count(&s->monitors);
            stats->n_triggers += hmap_count(&s->triggers);
            stats->backlog += jsonrpc_session_get_backlog(s->js);
            stats->pending_bytes += session_pending_bytes(s);
        }
    }
}
