/* rconn: a reliable OpenFlow connection that reconnects by itself.
 *
 * An rconn wraps a vconn (vconn.h) with the reconnect state machine
 * (osw/reconnect.h): after a failure or a drop it waits ("backs off", 1 s
 * doubling up to 'max_backoff') and connects again; while connected it
 * sends an OFPT_ECHO_REQUEST after 'probe_interval' seconds without any
 * message from the peer and drops the connection after another such
 * silence.  Every received message counts as activity.  Echo replies are
 * passed up like everything else; answering the peer's echo requests is
 * the caller's business (connmgr does it).
 *
 * "Unreliable" rconns (rconn_connect_unreliably(): an accepted connection
 * from a listener) do not reconnect: once dropped they stay dead, and
 * rconn_is_alive() turns false so the owner can free them.
 *
 * Sending: rconn_send() takes ownership of the message in every case;
 * while disconnected the message is dropped (an OpenFlow controller
 * resynchronizes on reconnect anyway).  An optional rconn_packet_counter
 * counts messages queued and not yet sent, so callers can bound a kind of
 * traffic (packet-ins) with rconn_send_with_limit().
 *
 * Monitors: vconns added with rconn_add_monitor() (the bridge's snoop
 * socket) get a copy of every message sent and received.
 *
 * Status for the database: rconn_get_state() ("ACTIVE", "IDLE",
 * "BACKOFF", "CONNECTING", "VOID", "LISTENING"...), rconn_get_last_error(),
 * seconds since connect/disconnect via rconn_get_stats().
 *
 * Times come from time_msec().  Not thread-safe. */
#ifndef RCONN_H
#define RCONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ofpbuf;
struct rconn;
struct reconnect_stats;
struct vconn;

/* 'probe_interval' and 'max_backoff' are in seconds ('probe_interval' 0
 * disables probes; 'max_backoff' 0 means 8). 'allowed_versions' 0 means
 * VCONN_DEFAULT_VERSIONS. */
struct rconn *rconn_create(int probe_interval, int max_backoff, uint8_t dscp,
                           uint32_t allowed_versions);
void rconn_destroy(struct rconn *);
void rconn_set_probe_interval(struct rconn *, int probe_interval);
int rconn_get_probe_interval(const struct rconn *);
void rconn_set_max_backoff(struct rconn *, int max_backoff);
int rconn_get_max_backoff(const struct rconn *);
void rconn_set_dscp(struct rconn *, uint8_t dscp);
void rconn_set_allowed_versions(struct rconn *, uint32_t allowed_versions);

/* Starts connecting to 'target' (an active vconn name) and keeps doing so.
 * 'name' is for logs (NULL: 'target'). */
void rconn_connect(struct rconn *, const char *target, const char *name);
/* Takes over 'vconn' (already open, maybe still negotiating); never
 * reconnects. */
void rconn_connect_unreliably(struct rconn *, struct vconn *,
                              const char *name);
/* Drops the connection and connects again at once. */
void rconn_reconnect(struct rconn *);
/* Drops the connection and stops trying. */
void rconn_disconnect(struct rconn *);

void rconn_run(struct rconn *);
void rconn_run_wait(struct rconn *);
/* The next received message (the caller frees it), or NULL. */
struct ofpbuf *rconn_recv(struct rconn *);
void rconn_recv_wait(struct rconn *);

/* Counts messages sent through it and not yet handed to the stream. */
struct rconn_packet_counter;
struct rconn_packet_counter *rconn_packet_counter_create(void);
/* Frees the counter once no queued message refers to it any more. */
void rconn_packet_counter_destroy(struct rconn_packet_counter *);
unsigned int rconn_packet_counter_n_packets(
    const struct rconn_packet_counter *);
unsigned int rconn_packet_counter_n_bytes(
    const struct rconn_packet_counter *);

/* Sends 'msg' (always taking ownership).  Returns 0, or ENOTCONN (dropped
 * because disconnected), or another error.  'counter' may be NULL. */
int rconn_send(struct rconn *, struct ofpbuf *msg,
               struct rconn_packet_counter *counter);
/* Like rconn_send(), but drops 'msg' with EAGAIN if 'counter' already
 * holds 'queue_limit' or more queued messages. */
int rconn_send_with_limit(struct rconn *, struct ofpbuf *msg,
                          struct rconn_packet_counter *counter,
                          int queue_limit);

/* Snooping: 'vconn' (taken over; negotiated or not) gets a copy of the
 * traffic until it fails.  At most 8 monitors; more are closed. */
void rconn_add_monitor(struct rconn *, struct vconn *);

const char *rconn_get_name(const struct rconn *);
/* The target given to rconn_connect() (the vconn name), or the name. */
const char *rconn_get_target(const struct rconn *);
/* False once an unreliable rconn has dropped (or rconn_disconnect()). */
bool rconn_is_alive(const struct rconn *);
/* Connected and version negotiated. */
bool rconn_is_connected(const struct rconn *);
/* Connected and a message received since (the peer is an OpenFlow
 * controller that answers, not just an open socket). */
bool rconn_is_admitted(const struct rconn *);
/* Seconds since the rconn was last admitted (or created, if never):
 * 0 while admitted.  Used for fail-open. */
int rconn_failure_duration(const struct rconn *);
/* Negotiated version, or 0 when not connected. */
uint8_t rconn_get_version(const struct rconn *);
/* reconnect_state_name() of the state machine. */
const char *rconn_get_state(const struct rconn *);
/* Last error (positive errno, EOF for a close by the peer, EPROTO...),
 * or 0. */
int rconn_get_last_error(const struct rconn *);
/* +1 each time a connection is made or lost. */
unsigned int rconn_get_connection_seqno(const struct rconn *);
void rconn_get_stats(const struct rconn *, struct reconnect_stats *);
/* Messages received and sent on all connections. */
unsigned long long rconn_get_n_received(const struct rconn *);
unsigned long long rconn_get_n_sent(const struct rconn *);

#endif /* rconn.h */
