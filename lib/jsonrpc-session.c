/* jsonrpc-session: JSON-RPC connections that come back (see jsonrpc.h).
 *
 * A session joins three pieces: a reconnect state machine that decides
 * when to connect, probe and give up; the stream or pstream that carries
 * the connection; and the jsonrpc connection on top.  jsonrpc_session_run()
 * reports every outcome (connected, failed, dropped, data received) to the
 * state machine and carries out what it asks for. */
#include <config.h>
#include "osw/jsonrpc.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "osw/poll-loop.h"
#include "osw/reconnect.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(jsonrpc_session);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* Messages handled by one jsonrpc_session_recv() call while it swallows
 * "echo" traffic, so that a peer that sends only echoes cannot keep the
 * caller in a loop. */
#define SESSION_RECV_BATCH 50

struct jsonrpc_session {
    struct reconnect *reconnect;
    struct jsonrpc *rpc;        /* The connection, if connected. */
    struct stream *stream;      /* A connection attempt in progress. */
    struct pstream *pstream;    /* Passive sessions: the listener. */
    uint16_t default_port;      /* 0: the name must give the port. */
    uint8_t dscp;
    unsigned int seqno;
    int last_error;
    size_t backlog_threshold;   /* 0: unlimited. */
    unsigned long long int last_received_bytes;
};

static void session_disconnect(struct jsonrpc_session *, int error);

static struct jsonrpc_session *
session_create(const char *name, uint16_t default_port)
{
    struct jsonrpc_session *s = xzalloc(sizeof *s);
    s->reconnect = reconnect_create(time_msec());
    reconnect_set_name(s->reconnect, name);
    s->default_port = default_port;
    return s;
}

/* Opens a session to 'name', an active ("tcp:", "unix:", "ssl:") or
 * passive ("ptcp:", "punix:", "pssl:") stream name, that connects (or
 * starts listening) at the next jsonrpc_session_run().  With 'retry'
 * false, it gives up after the first attempt fails or the first
 * connection drops. */
struct jsonrpc_session *
jsonrpc_session_open(const char *name, bool retry)
{
    return jsonrpc_session_open_with_default_port(name, 0, retry);
}

/* Like jsonrpc_session_open(), filling in 'default_port' (if nonzero) for
 * a name that leaves out the port. */
struct jsonrpc_session *
jsonrpc_session_open_with_default_port(const char *name,
                                       uint16_t default_port, bool retry)
{
    struct jsonrpc_session *s = session_create(name, default_port);
    long long int now = time_msec();

    reconnect_enable(s->reconnect, now);
    if (!pstream_verify_name(name)) {
        reconnect_set_passive(s->reconnect, true, now);
    }
    if (!retry) {
        reconnect_set_max_tries(s->reconnect, 0);
    }
    if (!stream_or_pstream_needs_probes(name)) {
        reconnect_set_probe_interval(s->reconnect, 0);
    }
    return s;
}

/* Wraps 'rpc', an established connection (say, accepted by a server),
 * taking ownership of it.  The session never reconnects: once 'rpc'
 * drops, the session is dead.  'dscp' is kept for reference. */
struct jsonrpc_session *
jsonrpc_session_open_unreliably(struct jsonrpc *rpc, uint8_t dscp)
{
    const char *name = jsonrpc_get_name(rpc);
    struct jsonrpc_session *s = session_create(name, 0);
    long long int now = time_msec();

    if (!stream_or_pstream_needs_probes(name)) {
        reconnect_set_probe_interval(s->reconnect, 0);
    }
    reconnect_set_max_tries(s->reconnect, 0);
    reconnect_connected(s->reconnect, now);
    s->rpc = rpc;
    s->dscp = dscp;
    s->seqno = 1;
    s->last_received_bytes = jsonrpc_get_received_bytes(rpc);
    return s;
}

/* Closes 's' (which may be NULL) with everything it holds. */
void
jsonrpc_session_close(struct jsonrpc_session *s)
{
    if (s) {
        jsonrpc_close(s->rpc);
        stream_close(s->stream);
        pstream_close(s->pstream);
        reconnect_destroy(s->reconnect);
        free(s);
    }
}

/* Closes the connection or attempt, if any, without telling the state
 * machine. */
static void
close_connection(struct jsonrpc_session *s)
{
    jsonrpc_close(s->rpc);
    s->rpc = NULL;
    stream_close(s->stream);
    s->stream = NULL;
}

/* Drops the connection (or attempt) because of 'error' and lets the state
 * machine schedule the next one. */
static void
session_disconnect(struct jsonrpc_session *s, int error)
{
    const char *name = reconnect_get_name(s->reconnect);

    if (s->rpc) {
        if (error == EOF) {
            VLOG_INFO("%s: connection closed by peer", name);
        } else if (error) {
            VLOG_WARN_RL(&rl, "%s: connection dropped (%s)",
                         name, osw_strerror(error));
        } else {
            VLOG_INFO("%s: closing connection", name);
        }
    } else if (s->stream && error) {
        VLOG_WARN_RL(&rl, "%s: connection attempt failed (%s)",
                     name, osw_strerror(error));
    }
    if (error) {
        s->last_error = error;
    }
    close_connection(s);
    reconnect_disconnected(s->reconnect, time_msec(), error);
}

static void
start_connection(struct jsonrpc_session *s, struct jsonrpc *rpc)
{
    s->rpc = rpc;
    s->seqno++;
    s->last_received_bytes = jsonrpc_get_received_bytes(rpc);
    reconnect_connected(s->reconnect, time_msec());
    VLOG_INFO("%s: connected", jsonrpc_get_name(rpc));
}

static void
connect_active(struct jsonrpc_session *s)
{
    const char *name = reconnect_get_name(s->reconnect);
    long long int now = time_msec();
    int error = (s->default_port
                 ? stream_open_with_default_port(name, s->default_port,
                                                 &s->stream, s->dscp)
                 : stream_open(name, &s->stream, s->dscp));
    if (!error) {
        VLOG_DBG("%s: connecting...", name);
        reconnect_connecting(s->reconnect, now);
    } else {
        VLOG_WARN_RL(&rl, "%s: connection attempt failed (%s)",
                     name, osw_strerror(error));
        s->stream = NULL;
        s->last_error = error;
        reconnect_connect_failed(s->reconnect, now, error);
    }
}

static void
connect_passive(struct jsonrpc_session *s)
{
    const char *name = reconnect_get_name(s->reconnect);
    long long int now = time_msec();
    int error = 0;

    if (!s->pstream) {
        error = (s->default_port
                 ? pstream_open_with_default_port(name, s->default_port,
                                                  &s->pstream, s->dscp)
                 : pstream_open(name, &s->pstream, s->dscp));
    }
    if (!error) {
        VLOG_DBG("%s: listening", name);
        reconnect_listening(s->reconnect, now);
    } else {
        VLOG_WARN_RL(&rl, "%s: listen failed (%s)",
                     name, osw_strerror(error));
        s->pstream = NULL;
        s->last_error = error;
        reconnect_connect_failed(s->reconnect, now, error);
    }
}

/* Starts a new connection attempt (or listener), dropping any current
 * connection. */
static void
session_connect(struct jsonrpc_session *s)
{
    close_connection(s);
    if (reconnect_is_passive(s->reconnect)) {
        connect_passive(s);
    } else {
        connect_active(s);
    }
}

/* Accepts a waiting connection on the listener, if any.  A new connection
 * replaces the current one: the most likely reason for a client to
 * connect again is that it lost the old connection without our noticing. */
static void
run_pstream(struct jsonrpc_session *s)
{
    struct stream *stream;
    int error = pstream_accept(s->pstream, &stream);

    if (!error) {
        if (s->rpc) {
            VLOG_INFO("%s: new connection replacing the active one",
                      reconnect_get_name(s->reconnect));
            session_disconnect(s, 0);
        }
        start_connection(s, jsonrpc_open(stream));
    } else if (error != EAGAIN) {
        VLOG_WARN_RL(&rl, "%s: accept failed (%s)",
                     pstream_get_name(s->pstream), osw_strerror(error));
        pstream_close(s->pstream);
        s->pstream = NULL;
        s->last_error = error;
        reconnect_listen_error(s->reconnect, time_msec(), error);
    }
}

/* Pushes output and checks the health of the current connection. */
static void
run_rpc(struct jsonrpc_session *s)
{
    jsonrpc_run(s->rpc);

    unsigned long long int received = jsonrpc_get_received_bytes(s->rpc);
    if (received != s->last_received_bytes) {
        s->last_received_bytes = received;
        reconnect_activity(s->reconnect, time_msec());
    }

    size_t backlog = jsonrpc_get_backlog(s->rpc);
    int error = jsonrpc_get_status(s->rpc);
    if (!error && s->backlog_threshold && backlog > s->backlog_threshold) {
        VLOG_WARN_RL(&rl, "%s: dropping connection: %zu bytes of backlog "
                     "exceed the limit of %zu", jsonrpc_get_name(s->rpc),
                     backlog, s->backlog_threshold);
        error = ENOBUFS;
    }
    if (error) {
        session_disconnect(s, error);
    }
}

/* Completes a connection attempt in progress, if it is done. */
static void
run_stream(struct jsonrpc_session *s)
{
    stream_run(s->stream);
    int error = stream_connect(s->stream);
    if (!error) {
        struct stream *stream = s->stream;
        s->stream = NULL;
        start_connection(s, jsonrpc_open(stream));
    } else if (error != EAGAIN) {
        session_disconnect(s, error);
    }
}

static void
send_probe(struct jsonrpc_session *s)
{
    if (s->rpc) {
        /* The id "echo" marks the reply as ours, so that
         * jsonrpc_session_recv() can swallow it. */
        struct jsonrpc_msg *probe = jsonrpc_create_request("echo", NULL,
                                                           NULL);
        json_decref(probe->id);
        probe->id = json_string("echo");
        jsonrpc_send(s->rpc, probe);
    }
}

/* Does the session's work: connects, accepts, sends, probes, notices
 * failures.  Call from the main loop. */
void
jsonrpc_session_run(struct jsonrpc_session *s)
{
    if (s->pstream) {
        run_pstream(s);
    }
    if (s->rpc) {
        run_rpc(s);
    } else if (s->stream) {
        run_stream(s);
    }

    switch (reconnect_run(s->reconnect, time_msec())) {
    case RECONNECT_CONNECT:
        session_connect(s);
        break;
    case RECONNECT_DISCONNECT:
        /* A forced reconnection is no failure; anything else here is a
         * timeout: a silent peer or a connection that never completed. */
        session_disconnect(s, (reconnect_get_state(s->reconnect)
                               == RECONNECT_S_RECONNECT ? 0 : ETIMEDOUT));
        break;
    case RECONNECT_PROBE:
        send_probe(s);
        break;
    }
}

/* Makes the poll loop wake when jsonrpc_session_run() has work. */
void
jsonrpc_session_wait(struct jsonrpc_session *s)
{
    if (s->rpc) {
        jsonrpc_wait(s->rpc);
    } else if (s->stream) {
        stream_run_wait(s->stream);
        stream_connect_wait(s->stream);
    }
    if (s->pstream) {
        pstream_wait(s->pstream);
    }
    reconnect_wait(s->reconnect, time_msec());
}

/* Returns the bytes queued on the current connection (0 if none). */
size_t
jsonrpc_session_get_backlog(const struct jsonrpc_session *s)
{
    return s->rpc ? jsonrpc_get_backlog(s->rpc) : 0;
}

/* Returns the name the session was opened with. */
const char *
jsonrpc_session_get_name(const struct jsonrpc_session *s)
{
    return reconnect_get_name(s->reconnect);
}

/* Queues 'msg' (taking ownership) on the current connection.  Returns 0,
 * ENOTCONN if there is no connection (the message is dropped), or the
 * connection's error. */
int
jsonrpc_session_send(struct jsonrpc_session *s, struct jsonrpc_msg *msg)
{
    if (!s->rpc) {
        jsonrpc_msg_destroy(msg);
        return ENOTCONN;
    }
    return jsonrpc_send(s->rpc, msg);
}

static bool
is_echo_reply(const struct jsonrpc_msg *msg)
{
    return (msg->type == JSONRPC_REPLY && json_is_string(msg->id)
            && !strcmp(json_string_value(msg->id), "echo"));
}

static bool
is_echo_request(const struct jsonrpc_msg *msg)
{
    return (msg->type == JSONRPC_REQUEST
            && !strcmp(msg->method, "echo"));
}

/* Returns the next message received on the current connection, which the
 * caller then owns, or NULL if none is ready.  "echo" requests are
 * answered and replies to our probes swallowed here. */
struct jsonrpc_msg *
jsonrpc_session_recv(struct jsonrpc_session *s)
{
    for (int i = 0; s->rpc && i < SESSION_RECV_BATCH; i++) {
        struct jsonrpc_msg *msg;
        int error = jsonrpc_recv(s->rpc, &msg);
        if (error) {
            /* jsonrpc_session_run() handles a dead connection. */
            return NULL;
        }

        reconnect_activity(s->reconnect, time_msec());
        if (is_echo_request(msg)) {
            jsonrpc_send(s->rpc, jsonrpc_create_reply(
                             json_incref(msg->params), msg->id));
        } else if (!is_echo_reply(msg)) {
            return msg;
        }
        jsonrpc_msg_destroy(msg);
    }
    return NULL;
}

/* Makes the poll loop wake when jsonrpc_session_recv() may return a
 * message. */
void
jsonrpc_session_recv_wait(struct jsonrpc_session *s)
{
    if (s->rpc) {
        jsonrpc_recv_wait(s->rpc);
    }
}

/* True while the session has a connection or will try to make one. */
bool
jsonrpc_session_is_alive(const struct jsonrpc_session *s)
{
    return s->rpc || s->stream || reconnect_is_enabled(s->reconnect);
}

/* True while connected. */
bool
jsonrpc_session_is_connected(const struct jsonrpc_session *s)
{
    return s->rpc != NULL;
}

/* Returns a number that changes each time a new connection is made. */
unsigned int
jsonrpc_session_get_seqno(const struct jsonrpc_session *s)
{
    return s->seqno;
}

/* Returns the current connection's error, if it failed and was not yet
 * dropped; otherwise, while disconnected, the error that ended the last
 * connection or attempt; otherwise 0. */
int
jsonrpc_session_get_status(const struct jsonrpc_session *s)
{
    if (s->rpc) {
        return jsonrpc_get_status(s->rpc);
    }
    return s->last_error;
}

/* Returns the error of the last failed connection attempt or the last
 * dropped connection (0 if none failed yet). */
int
jsonrpc_session_get_last_error(const struct jsonrpc_session *s)
{
    return s->last_error;
}

/* Fills in 'stats' from the session's state machine. */
void
jsonrpc_session_get_reconnect_stats(const struct jsonrpc_session *s,
                                    struct reconnect_stats *stats)
{
    reconnect_get_stats(s->reconnect, time_msec(), stats);
}

/* Drops the current connection; the next one follows after the usual
 * backoff. */
void
jsonrpc_session_force_reconnect(struct jsonrpc_session *s)
{
    reconnect_force_reconnect(s->reconnect, time_msec());
}

/* Makes the session reconnect without limit from now on, with the default
 * backoff. */
void
jsonrpc_session_enable_reconnect(struct jsonrpc_session *s)
{
    reconnect_set_max_tries(s->reconnect, UINT_MAX);
    reconnect_set_backoff(s->reconnect, RECONNECT_DEFAULT_MIN_BACKOFF,
                          RECONNECT_DEFAULT_MAX_BACKOFF);
}

/* Sets the longest wait between connection attempts to 'max_backoff'
 * ms. */
void
jsonrpc_session_set_max_backoff(struct jsonrpc_session *s, int max_backoff)
{
    reconnect_set_backoff(s->reconnect,
                          reconnect_get_min_backoff(s->reconnect),
                          max_backoff);
}

/* Sets the shortest and longest waits between connection attempts to
 * 'min_backoff' and 'max_backoff' ms (<= 0: the default). */
void
jsonrpc_session_set_backoff(struct jsonrpc_session *s, int min_backoff,
                            int max_backoff)
{
    reconnect_set_backoff(s->reconnect, min_backoff, max_backoff);
}

/* Sets the inactivity probe interval to 'probe_interval' ms (0: no
 * probes). */
void
jsonrpc_session_set_probe_interval(struct jsonrpc_session *s,
                                   int probe_interval)
{
    reconnect_set_probe_interval(s->reconnect, probe_interval);
}

/* Sets the DSCP value for new connections.  A listener is reopened with
 * it, which also drops the current connection. */
void
jsonrpc_session_set_dscp(struct jsonrpc_session *s, uint8_t dscp)
{
    if (s->dscp != dscp) {
        s->dscp = dscp;
        if (s->pstream) {
            pstream_close(s->pstream);
            s->pstream = NULL;
            if (s->rpc) {
                session_disconnect(s, 0);
            } else {
                /* Listening: start over at once with the new listener. */
                reconnect_set_passive(s->reconnect, false, time_msec());
                reconnect_set_passive(s->reconnect, true, time_msec());
            }
        }
    }
}

/* Drops a connection whose unsent output exceeds 'max_bytes' (0: no
 * limit), so that a peer that stops reading cannot make us buffer without
 * bound. */
void
jsonrpc_session_set_backlog_threshold(struct jsonrpc_session *s,
                                      size_t max_bytes)
{
    s->backlog_threshold = max_bytes;
}
