/* vconn: OpenFlow connections over byte streams.
 *
 * A vconn carries whole OpenFlow messages (struct ofp_header followed by a
 * body, 8 to 65535 bytes as the header's 'length' says) over a stream
 * (osw/stream.h).  Names are the stream's, with OpenFlow's default port
 * 6653 filled in when it is left out:
 *   active:   tcp:IP[:PORT]   ssl:IP[:PORT]   unix:PATH
 *   passive:  ptcp:[PORT][:IP]   pssl:[PORT][:IP]   punix:PATH
 *
 * Version negotiation.  Every vconn has a set of allowed OpenFlow versions,
 * a bitmap with bit N set for wire version N (1 << OFP10_VERSION etc.;
 * VCONN_DEFAULT_VERSIONS if 0 is given).  Once the stream is connected the
 * vconn sends an OFPT_HELLO carrying its highest version in the header and
 * the whole bitmap (a version-bitmap hello element), then waits for the
 * peer's HELLO.  The peer's set is its bitmap if it sent one, otherwise
 * every version up to its header's version.  The negotiated version is the
 * highest version in both sets.  When there is none, the vconn sends
 * OFPT_ERROR (OFPET_HELLO_FAILED, OFPHFC_INCOMPATIBLE) with a readable text
 * and fails with EPROTO.  Until negotiation is done vconn_recv() and
 * vconn_send() return EAGAIN (vconn_connect() drives it); a first message
 * that is not a HELLO also fails the connection with EPROTO.
 *
 * Framing: a header whose length is below 8 fails the connection with
 * EPROTO (a rate-limited warning names the peer): there is no way to find
 * the next message boundary.  Messages of any type and version pass
 * through; a message whose version differs from the negotiated one is
 * still delivered (the caller answers OFPBRC_BAD_VERSION).
 *
 * Sending: vconn_send() queues the message (taking ownership) and sends
 * what the stream accepts; vconn_run() sends more.  The queue is bounded
 * only by the caller: vconn_get_backlog() says how many bytes wait, and
 * vconn_send() returns EAGAIN (keeping nothing: the caller still owns the
 * message) once the backlog exceeds VCONN_MAX_BACKLOG bytes, so a peer
 * that stops reading cannot make us buffer without limit.
 *
 * Return values: 0, EAGAIN (would block), EOF (peer closed, for
 * vconn_recv()), or a positive errno value.  After an error other than
 * EAGAIN the vconn is dead and must be closed.
 *
 * Ownership: vconn_open()/pvconn_accept() return objects the caller frees
 * with vconn_close()/pvconn_close().  Buffers from vconn_recv() belong to
 * the caller.  Not thread-safe. */
#ifndef VCONN_H
#define VCONN_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ofpbuf;
struct osw_list;
struct pvconn;
struct stream;
struct vconn;

/* Bit N stands for OpenFlow wire version N (0x01 = 1.0 ... 0x06 = 1.5). */
#define VCONN_VERSION_BIT(V) (1u << (V))
/* OpenFlow 1.0, 1.3, 1.4 and 1.5: the versions osw's codecs speak. */
#define VCONN_DEFAULT_VERSIONS (VCONN_VERSION_BIT(0x01)        \
                                | VCONN_VERSION_BIT(0x04)      \
                                | VCONN_VERSION_BIT(0x05)      \
                                | VCONN_VERSION_BIT(0x06))
/* Above this many queued bytes vconn_send() refuses with EAGAIN. */
#define VCONN_MAX_BACKLOG (4 * 1024 * 1024)

/* Returns 0 if 'name' is a valid active vconn name, otherwise EAFNOSUPPORT
 * (unknown type) or EINVAL. */
int vconn_verify_name(const char *name);

/* Starts opening 'name' with 'allowed_versions' (0: the default).  Returns
 * 0 and the new vconn in '*vconnp' (still connecting: see
 * vconn_connect()), or a positive errno value and NULL. */
int vconn_open(const char *name, uint32_t allowed_versions, uint8_t dscp,
               struct vconn **vconnp);
/* Wraps an already open (possibly still connecting) 'stream', taking
 * ownership.  For accepted connections and tests. */
struct vconn *vconn_from_stream(struct stream *, uint32_t allowed_versions);
void vconn_close(struct vconn *);

/* The name given to vconn_open() (or the stream's name). */
const char *vconn_get_name(const struct vconn *);
uint32_t vconn_get_allowed_versions(const struct vconn *);
/* The negotiated OpenFlow version, or 0 while still negotiating. */
uint8_t vconn_get_version(const struct vconn *);

/* Drives connecting and the hello exchange: 0 once a version is
 * negotiated, EAGAIN while in progress, or an error (EPROTO: no common
 * version or a bad hello; ECONNREFUSED etc. from the stream). */
int vconn_connect(struct vconn *);
/* Receives one message into '*msgp' (the caller frees it): 0, EAGAIN, EOF
 * or an error.  Negotiates first if needed. */
int vconn_recv(struct vconn *, struct ofpbuf **msgp);
/* Queues 'msg' for sending.  0: the vconn owns 'msg'.  EAGAIN (still
 * negotiating or backlog full) or another error: the caller keeps it.
 * The message's header length must equal msg->size. */
int vconn_send(struct vconn *, struct ofpbuf *msg);
/* Sends queued data and runs the stream (SSL). */
void vconn_run(struct vconn *);
/* Bytes queued and not yet accepted by the stream. */
size_t vconn_get_backlog(const struct vconn *);

void vconn_run_wait(struct vconn *);
void vconn_connect_wait(struct vconn *);
void vconn_recv_wait(struct vconn *);
void vconn_send_wait(struct vconn *);

/* Blocking helpers, for command-line tools such as osw-ofctl. */

/* Opens 'name' and waits (up to 'timeout_ms', negative: forever) until a
 * version is negotiated. */
int vconn_open_block(const char *name, uint32_t allowed_versions,
                     uint8_t dscp, long long int timeout_ms,
                     struct vconn **vconnp);
/* Sends 'msg' (always taking ownership), waiting for room. */
int vconn_send_block(struct vconn *, struct ofpbuf *msg);
/* Waits for the next message. */
int vconn_recv_block(struct vconn *, struct ofpbuf **msgp);
/* Like vconn_recv_block(), but skips (and frees) messages whose xid is not
 * 'xid'; echo requests met on the way are answered. */
int vconn_recv_xid(struct vconn *, uint32_t xid, struct ofpbuf **replyp);
/* Sends 'request' (taking ownership) and waits for the message with the
 * same xid; '*replyp' is NULL on error.  An OFPT_ERROR reply is returned
 * as a reply like any other. */
int vconn_transact(struct vconn *, struct ofpbuf *request,
                   struct ofpbuf **replyp);
/* Sends a multipart 'request' and appends every reply to 'replies' (a
 * list of ofpbufs linked through 'list_node') until one without the MORE
 * flag (or an OFPT_ERROR) arrives. */
int vconn_transact_multipart(struct vconn *, struct ofpbuf *request,
                             struct osw_list *replies);
/* Sends 'request' followed by a barrier request and waits for the barrier
 * reply.  If an OFPT_ERROR answers 'request', stores it in '*replyp' (NULL
 * otherwise). */
int vconn_transact_noreply(struct vconn *, struct ofpbuf *request,
                           struct ofpbuf **replyp);

/* Passive vconns. */
int pvconn_verify_name(const char *name);
int pvconn_open(const char *name, uint32_t allowed_versions, uint8_t dscp,
                struct pvconn **pvconnp);
const char *pvconn_get_name(const struct pvconn *);
/* 0 and a new vconn (negotiation still to come), EAGAIN, or an error. */
int pvconn_accept(struct pvconn *, struct vconn **vconnp);
void pvconn_wait(struct pvconn *);
void pvconn_close(struct pvconn *);
/* TCP port of a ptcp/pssl listener (useful with port 0), else 0. */
uint16_t pvconn_get_bound_port(const struct pvconn *);


#endif /* vconn.h */
