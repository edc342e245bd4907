#include <config.h>
#include "rconn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ofp-msgs.h"
#include "osw/list.h"
#include "osw/ofpbuf.h"
#include "osw/poll-loop.h"
#include "osw/reconnect.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "vconn.h"

VLOG_DEFINE_THIS_MODULE(rconn);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* rconn hands messages to its vconn only while the vconn holds fewer than
 * this many bytes, so that the rest waits here, where counters see it. */
#define RCONN_VCONN_BACKLOG 65536
#define RCONN_MAX_MONITORS 8

struct rconn_packet_counter {
    unsigned int n_packets;
    unsigned int n_bytes;
    int ref_cnt;                /* 1 for the owner + 1 per queued msg. */
};

struct rconn_msg {
    struct osw_list node;       /* In 'rconn->txq'. */
    struct ofpbuf *buf;
    struct rconn_packet_counter *counter;
};

struct rconn {
    char *name;
    char *target;               /* NULL for an unreliable rconn. */
    struct reconnect *fsm;
    struct vconn *vconn;
    bool reliable;
    bool alive;
    bool admitted;              /* A message arrived on this connection. */
    uint8_t dscp;
    uint32_t allowed_versions;
    int probe_interval;         /* Seconds. */
    int max_backoff;            /* Seconds. */
    int last_error;
    long long int last_admitted; /* time_msec(); creation if never. */

    struct osw_list txq;        /* Of rconn_msg. */

    struct vconn *monitors[RCONN_MAX_MONITORS];
    size_t n_monitors;

    unsigned long long n_received;
    unsigned long long n_sent;
};

static void rconn_drop(struct rconn *, int error);

/* Creates an rconn that is not connected yet (see rconn_connect()). */
struct rconn *
rconn_create(int probe_interval, int max_backoff, uint8_t dscp,
             uint32_t allowed_versions)
{
    long long int now = time_msec();
    struct rconn *rc = xzalloc(sizeof *rc);
    rc->name = xstrdup("void");
    rc->fsm = reconnect_create(now);
    rc->alive = true;
    rc->dscp = dscp;
    rc->allowed_versions = allowed_versions;
    rc->last_admitted = now;
    osw_list_init(&rc->txq);
    rconn_set_probe_interval(rc, probe_interval);
    rconn_set_max_backoff(rc, max_backoff);
    return rc;
}

static void
rconn_counter_put(struct rconn_packet_counter *c)
{
    if (c && --c->ref_cnt == 0) {
        free(c);
    }
}

static void
rconn_flush_txq(struct rconn *rc)
{
    struct rconn_msg *m;
    OSW_LIST_FOR_EACH_POP (m, node, &rc->txq) {
        if (m->counter) {
            m->counter->n_packets--;
            m->counter->n_bytes -= m->buf->size;
            rconn_counter_put(m->counter);
        }
        ofpbuf_delete(m->buf);
        free(m);
    }
}

/* Frees 'rc', closing its connection and its monitors. */
void
rconn_destroy(struct rconn *rc)
{
    if (!rc) {
        return;
    }
    rconn_flush_txq(rc);
    vconn_close(rc->vconn);
    for (size_t i = 0; i < rc->n_monitors; i++) {
        vconn_close(rc->monitors[i]);
    }
    reconnect_destroy(rc->fsm);
    free(rc->name);
    free(rc->target);
    free(rc);
}

/* Sets the inactivity probe interval to 'probe_interval' seconds (0: no
 * probes; otherwise at least 5, as Open vSwitch). */
void
rconn_set_probe_interval(struct rconn *rc, int probe_interval)
{
    rc->probe_interval = probe_interval > 0 ? MAX(5, probe_interval) : 0;
    reconnect_set_probe_interval(rc->fsm, rc->probe_interval * 1000);
}

/* Returns the probe interval in seconds. */
int
rconn_get_probe_interval(const struct rconn *rc)
{
    return rc->probe_interval;
}

/* Sets the longest wait between connection attempts, in seconds (0 or
 * less: 8). */
void
rconn_set_max_backoff(struct rconn *rc, int max_backoff)
{
    rc->max_backoff = max_backoff > 0 ? MAX(1, max_backoff) : 8;
    reconnect_set_backoff(rc->fsm, 1000, rc->max_backoff * 1000);
}

/* Returns the maximum backoff in seconds. */
int
rconn_get_max_backoff(const struct rconn *rc)
{
    return rc->max_backoff;
}

/* Sets the DSCP for future connections. */
void
rconn_set_dscp(struct rconn *rc, uint8_t dscp)
{
    rc->dscp = dscp;
}

/* Sets the versions future connections may negotiate. */
void
rconn_set_allowed_versions(struct rconn *rc, uint32_t allowed_versions)
{
    rc->allowed_versions = allowed_versions;
}

static void
rconn_set_names(struct rconn *rc, const char *target, const char *name)
{
    free(rc->name);
    free(rc->target);
    rc->target = target ? xstrdup(target) : NULL;
    rc->name = xstrdup(name ? name : target ? target : "void");
    reconnect_set_name(rc->fsm, rc->name);
}

/* Connects to 'target' and keeps reconnecting after failures. */
void
rconn_connect(struct rconn *rc, const char *target, const char *name)
{
    long long int now = time_msec();
    rconn_disconnect(rc);
    rconn_set_names(rc, target, name);
    rc->reliable = true;
    rc->alive = true;
    reconnect_set_max_tries(rc->fsm, UINT_MAX);
    reconnect_enable(rc->fsm, now);
}

/* Adopts 'vconn', an accepted connection; it is never reconnected. */
void
rconn_connect_unreliably(struct rconn *rc, struct vconn *vconn,
                         const char *name)
{
    long long int now = time_msec();
    rconn_disconnect(rc);
    rconn_set_names(rc, NULL, name ? name : vconn_get_name(vconn));
    rc->reliable = false;
    rc->alive = true;
    rc->vconn = vconn;
    reconnect_set_max_tries(rc->fsm, 1);
    reconnect_enable(rc->fsm, now);
    reconnect_connecting(rc->fsm, now);
}

/* Drops the current connection and reconnects at once (reliable rconns). */
void
rconn_reconnect(struct rconn *rc)
{
    if (rc->vconn) {
        VLOG_INFO("%s: disconnecting", rc->name);
        rconn_drop(rc, 0);
    }
    if (rc->reliable) {
        reconnect_force_reconnect(rc->fsm, time_msec());
    }
}

/* Drops the connection and stops trying. */
void
rconn_disconnect(struct rconn *rc)
{
    long long int now = time_msec();
    if (rc->vconn) {
        bool connecting = (reconnect_get_state(rc->fsm)
                           == RECONNECT_S_CONNECTING);
        vconn_close(rc->vconn);
        rc->vconn = NULL;
        if (connecting) {
            reconnect_connect_failed(rc->fsm, now, 0);
        } else {
            reconnect_disconnected(rc->fsm, now, 0);
        }
    }
    rconn_flush_txq(rc);
    rc->admitted = false;
    reconnect_disable(rc->fsm, now);
    if (!rc->reliable) {
        rc->alive = false;
    }
}

/* Closes the connection after 'error' (0: on purpose) and tells the state
 * machine. */
static void
rconn_drop(struct rconn *rc, int error)
{
    long long int now = time_msec();
    enum reconnect_state state = reconnect_get_state(rc->fsm);

    if (error) {
        rc->last_error = error;
    }
    vconn_close(rc->vconn);
    rc->vconn = NULL;
    rconn_flush_txq(rc);
    if (rc->admitted) {
        rc->last_admitted = now;
    }
    rc->admitted = false;
    if (state == RECONNECT_S_CONNECTING) {
        reconnect_connect_failed(rc->fsm, now, error);
    } else {
        reconnect_disconnected(rc->fsm, now, error);
    }
    if (!rc->reliable) {
        rc->alive = false;
        reconnect_disable(rc->fsm, now);
    }
}

static const char *
rconn_error_string(int error)
{
    return error == EOF ? "connection closed by peer" : strerror(error);
}

static void
rconn_start_connecting(struct rconn *rc, long long int now)
{
    if (!rc->reliable || !rc->target) {
        reconnect_connect_failed(rc->fsm, now, ENOTCONN);
        return;
    }
    VLOG_INFO("%s: connecting...", rc->name);
    int error = vconn_open(rc->target, rc->allowed_versions, rc->dscp,
                           &rc->vconn);
    if (error) {
        VLOG_WARN_RL(&rl, "%s: connection failed (%s)", rc->name,
                     rconn_error_string(error));
        rc->last_error = error;
        reconnect_connect_failed(rc->fsm, now, error);
    } else {
        reconnect_connecting(rc->fsm, now);
    }
}

static void
rconn_send_probe(struct rconn *rc)
{
    if (rc->vconn && vconn_get_version(rc->vconn)) {
        VLOG_DBG("%s: idle, sending inactivity probe", rc->name);
        rconn_send(rc, ofpraw_alloc(OFPRAW_OFPT_ECHO_REQUEST,
                                    vconn_get_version(rc->vconn), 0), NULL);
    }
}

static void
rconn_run_fsm(struct rconn *rc, long long int now)
{
    for (int i = 0; i < 4; i++) {
        enum reconnect_action action = reconnect_run(rc->fsm, now);
        switch (action) {
        case RECONNECT_CONNECT:
            rconn_start_connecting(rc, now);
            break;
        case RECONNECT_DISCONNECT:
            if (rc->vconn) {
                bool connecting = (reconnect_get_state(rc->fsm)
                                   == RECONNECT_S_CONNECTING);
                VLOG_WARN_RL(&rl, "%s: %s", rc->name,
                             connecting ? "connection timed out"
                             : "no response to inactivity probe, "
                             "disconnecting");
                rconn_drop(rc, ETIMEDOUT);
            } else {
                reconnect_disconnected(rc->fsm, now, 0);
            }
            break;
        case RECONNECT_PROBE:
            rconn_send_probe(rc);
            break;
        default:
            return;
        }
    }
}

static void
rconn_flush_to_vconn(struct rconn *rc)
{
    while (rc->vconn && !osw_list_is_empty(&rc->txq)
           && vconn_get_backlog(rc->vconn) < RCONN_VCONN_BACKLOG) {
        struct rconn_msg *m = CONTAINER_OF(osw_list_front(&rc->txq),
                                           struct rconn_msg, node);
        size_t size = m->buf->size;
        int error = vconn_send(rc->vconn, m->buf);
        if (error == EAGAIN) {
            return;
        }
        /* On success 'm->buf' belongs to the vconn, maybe freed already. */
        osw_list_remove(&m->node);
        if (m->counter) {
            m->counter->n_packets--;
            m->counter->n_bytes -= size;
            rconn_counter_put(m->counter);
        }
        if (error == EINVAL) {
            /* A badly framed message of ours: drop it, not the
             * connection (vconn logged it). */
            ofpbuf_delete(m->buf);
            free(m);
            continue;
        } else if (error) {
            ofpbuf_delete(m->buf);
            free(m);
            VLOG_WARN_RL(&rl, "%s: send error (%s)", rc->name,
                         rconn_error_string(error));
            rconn_drop(rc, error);
            return;
        }
        rc->n_sent++;
        free(m);
    }
}

static void
rconn_run_monitors(struct rconn *rc)
{
    for (size_t i = 0; i < rc->n_monitors; ) {
        struct vconn *mon = rc->monitors[i];
        struct ofpbuf *msg;
        int error;

        vconn_run(mon);
        while (!(error = vconn_recv(mon, &msg))) {
            /* Snoopers only listen; answer their echoes, drop the rest. */
            struct ofp_header *oh = msg->data;
            if (oh->type == OFPT_ECHO_REQUEST) {
                oh->type = OFPT_ECHO_REPLY;
                if (!vconn_send(mon, msg)) {
                    continue;
                }
            }
            ofpbuf_delete(msg);
        }
        if (error != EAGAIN) {
            VLOG_DBG("%s: snooper disconnected", rc->name);
            vconn_close(mon);
            rc->monitors[i] = rc->monitors[--rc->n_monitors];
        } else {
            i++;
        }
    }
}

/* Does the work due: connecting, probing, timing out, sending. */
void
rconn_run(struct rconn *rc)
{
    long long int now = time_msec();

    if (rc->vconn) {
        vconn_run(rc->vconn);
        if (reconnect_get_state(rc->fsm) == RECONNECT_S_CONNECTING) {
            int error = vconn_connect(rc->vconn);
            if (!error) {
                VLOG_INFO("%s: connected (OpenFlow version 0x%02x)",
                          rc->name, vconn_get_version(rc->vconn));
                reconnect_connected(rc->fsm, now);
            } else if (error != EAGAIN) {
                VLOG_WARN_RL(&rl, "%s: connection failed (%s)", rc->name,
                             rconn_error_string(error));
                rconn_drop(rc, error);
            }
        }
    }
    rconn_run_fsm(rc, now);
    if (rc->vconn && reconnect_is_connected(rc->fsm)) {
        rconn_flush_to_vconn(rc);
    }
    rconn_run_monitors(rc);
}

/* Registers what rconn_run() waits for. */
void
rconn_run_wait(struct rconn *rc)
{
    long long int now = time_msec();
    reconnect_wait(rc->fsm, now);
    if (rc->vconn) {
        vconn_run_wait(rc->vconn);
        if (reconnect_get_state(rc->fsm) == RECONNECT_S_CONNECTING) {
            vconn_connect_wait(rc->vconn);
        } else if (!osw_list_is_empty(&rc->txq)) {
            if (vconn_get_backlog(rc->vconn) < RCONN_VCONN_BACKLOG) {
                poll_immediate_wake();
            }
        }
    }
    for (size_t i = 0; i < rc->n_monitors; i++) {
        vconn_run_wait(rc->monitors[i]);
        vconn_recv_wait(rc->monitors[i]);
    }
}

static void
rconn_copy_to_monitors(struct rconn *rc, const struct ofpbuf *msg)
{
    for (size_t i = 0; i < rc->n_monitors; i++) {
        struct ofpbuf *copy = ofpbuf_clone(msg);
        if (vconn_send(rc->monitors[i], copy)) {
            ofpbuf_delete(copy);
        }
    }
}

/* Returns the next message received, or NULL. */
struct ofpbuf *
rconn_recv(struct rconn *rc)
{
    if (!rc->vconn || !reconnect_is_connected(rc->fsm)) {
        return NULL;
    }
    struct ofpbuf *msg;
    int error = vconn_recv(rc->vconn, &msg);
    if (!error) {
        reconnect_activity(rc->fsm, time_msec());
        rc->admitted = true;
        rc->n_received++;
        rconn_copy_to_monitors(rc, msg);
        return msg;
    } else if (error != EAGAIN) {
        if (error == EOF) {
            VLOG_INFO("%s: connection closed by peer", rc->name);
        } else {
            VLOG_WARN_RL(&rl, "%s: connection dropped (%s)", rc->name,
                         rconn_error_string(error));
        }
        rconn_drop(rc, error);
    }
    return NULL;
}

/* Wakes the poll loop when rconn_recv() may return a message. */
void
rconn_recv_wait(struct rconn *rc)
{
    if (rc->vconn && reconnect_is_connected(rc->fsm)) {
        vconn_recv_wait(rc->vconn);
    }
}

/* Returns a new counter; the caller releases it with
 * rconn_packet_counter_destroy(). */
struct rconn_packet_counter *
rconn_packet_counter_create(void)
{
    struct rconn_packet_counter *c = xzalloc(sizeof *c);
    c->ref_cnt = 1;
    return c;
}

/* Releases the caller's reference to 'c'. */
void
rconn_packet_counter_destroy(struct rconn_packet_counter *c)
{
    rconn_counter_put(c);
}

/* Returns the number of messages counted by 'c' still queued. */
unsigned int
rconn_packet_counter_n_packets(const struct rconn_packet_counter *c)
{
    return c->n_packets;
}

/* Returns the bytes of the messages counted by 'c' still queued. */
unsigned int
rconn_packet_counter_n_bytes(const struct rconn_packet_counter *c)
{
    return c->n_bytes;
}

/* Queues 'msg' for sending (always taking ownership); ENOTCONN if not
 * connected. */
int
rconn_send(struct rconn *rc, struct ofpbuf *msg,
           struct rconn_packet_counter *counter)
{
    if (!rc->vconn || !reconnect_is_connected(rc->fsm)) {
        ofpbuf_delete(msg);
        return ENOTCONN;
    }
    rconn_copy_to_monitors(rc, msg);

    struct rconn_msg *m = xmalloc(sizeof *m);
    m->buf = msg;
    m->counter = counter;
    if (counter) {
        counter->ref_cnt++;
        counter->n_packets++;
        counter->n_bytes += msg->size;
    }
    osw_list_push_back(&rc->txq, &m->node);
    if (osw_list_is_singleton(&rc->txq)) {
        rconn_flush_to_vconn(rc);
    }
    return 0;
}

/* Like rconn_send(), but drops 'msg' (EAGAIN) when 'counter' already
 * counts 'queue_limit' queued messages. */
int
rconn_send_with_limit(struct rconn *rc, struct ofpbuf *msg,
                      struct rconn_packet_counter *counter, int queue_limit)
{
    if (counter && counter->n_packets >= (unsigned int) queue_limit) {
        ofpbuf_delete(msg);
        return EAGAIN;
    }
    return rconn_send(rc, msg, counter);
}

/* Adds 'vconn' as a snooper of 'rc's traffic. */
void
rconn_add_monitor(struct rconn *rc, struct vconn *vconn)
{
    if (rc->n_monitors >= RCONN_MAX_MONITORS) {
        VLOG_WARN_RL(&rl, "%s: too many snoopers, closing one", rc->name);
        vconn_close(vconn);
        return;
    }
    rc->monitors[rc->n_monitors++] = vconn;
}

/* Returns the name for logs. */
const char *
rconn_get_name(const struct rconn *rc)
{
    return rc->name;
}

/* Returns the target, or the name for unreliable rconns. */
const char *
rconn_get_target(const struct rconn *rc)
{
    return rc->target ? rc->target : rc->name;
}

/* False once an unreliable rconn dropped, or after rconn_disconnect(). */
bool
rconn_is_alive(const struct rconn *rc)
{
    return rc->alive;
}

/* True if connected with a negotiated version. */
bool
rconn_is_connected(const struct rconn *rc)
{
    return rc->vconn && reconnect_is_connected(rc->fsm);
}

/* True if connected and the peer has sent something since. */
bool
rconn_is_admitted(const struct rconn *rc)
{
    return rconn_is_connected(rc) && rc->admitted;
}

/* Seconds since 'rc' was last admitted (0 while admitted). */
int
rconn_failure_duration(const struct rconn *rc)
{
    if (rconn_is_admitted(rc)) {
        return 0;
    }
    return (time_msec() - rc->last_admitted) / 1000;
}

/* Returns the negotiated version, or 0. */
uint8_t
rconn_get_version(const struct rconn *rc)
{
    return rconn_is_connected(rc) ? vconn_get_version(rc->vconn) : 0;
}

/* Returns the state machine's state name. */
const char *
rconn_get_state(const struct rconn *rc)
{
    return reconnect_state_name(reconnect_get_state(rc->fsm));
}

/* Returns the last error seen, or 0. */
int
rconn_get_last_error(const struct rconn *rc)
{
    return rc->last_error;
}

/* Returns a number that changes on every connect and disconnect. */
unsigned int
rconn_get_connection_seqno(const struct rconn *rc)
{
    struct reconnect_stats stats;
    reconnect_get_stats(rc->fsm, time_msec(), &stats);
    return stats.seqno;
}

/* Stores the state machine's statistics in '*stats'. */
void
rconn_get_stats(const struct rconn *rc, struct reconnect_stats *stats)
{
    reconnect_get_stats(rc->fsm, time_msec(), stats);
}

/* Returns the messages received over the life of 'rc'. */
unsigned long long
rconn_get_n_received(const struct rconn *rc)
{
    return rc->n_received;
}

/* Returns the messages handed to the connection over the life of 'rc'. */
unsigned long long
rconn_get_n_sent(const struct rconn *rc)
{
    return rc->n_sent;
}
