#include <config.h>
#include "vconn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "ofp-errors.h"
#include "ofp-msgs.h"
#include "openflow/openflow-1.0.h"
#include "openflow/openflow-1.3.h"
#include "openflow/openflow-common.h"
#include "osw/list.h"
#include "osw/ofpbuf.h"
#include "osw/poll-loop.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(vconn);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

#define VCONN_HDR_LEN 8

/* Returns the length field of the header at 'p'.  The receive buffer holds
 * messages back to back, so a header there may sit at any offset (after a
 * packet-in whose length is not a multiple of 4, for example): read it
 * bytewise rather than through a struct pointer. */
BUILD_ASSERT(sizeof(struct ofp_header) == VCONN_HDR_LEN);

static size_t
vconn_hdr_length(const void *p)
{
    const uint8_t *b = p;
    return ((size_t) b[2] << 8) | b[3];
}

/* Versions we can put in a 32-bit bitmap word and in a header. */
#define VCONN_VALID_VERSIONS (0x7eu)

enum vconn_state {
    VCS_CONNECTING,             /* Stream not yet connected. */
    VCS_RECV_HELLO,             /* Our hello queued; waiting for theirs. */
    VCS_CONNECTED,              /* Version negotiated. */
    VCS_FAILED,                 /* 'error' says why. */
};

struct vconn {
    char *name;
    struct stream *stream;
    uint32_t allowed_versions;
    uint8_t version;            /* Negotiated, or 0. */
    enum vconn_state state;
    int error;

    struct ofpbuf rx;           /* Bytes received, not yet a message. */
    struct osw_list txq;        /* Of ofpbufs, through 'list_node'. */
    size_t tx_ofs;              /* Bytes of the head already sent. */
    size_t backlog;             /* Bytes queued and not sent. */
};

struct pvconn {
    struct pstream *pstream;
    uint32_t allowed_versions;
};

static int vconn_flush(struct vconn *);
static void vconn_queue(struct vconn *, struct ofpbuf *);

static uint32_t
vconn_normalize_versions(uint32_t versions)
{
    versions &= VCONN_VALID_VERSIONS;
    return versions ? versions : VCONN_DEFAULT_VERSIONS;
}


/* Returns 0 if 'name' is a valid active vconn name, else a positive errno
 * value. */
int
vconn_verify_name(const char *name)
{
    return stream_verify_name(name);
}

/* Returns 0 if 'name' is a valid passive vconn name, else a positive errno
 * value. */
int
pvconn_verify_name(const char *name)
{
    return pstream_verify_name(name);
}

/* Wraps 'stream' (taking ownership) in a new vconn that allows
 * 'allowed_versions' (0: the default). */
struct vconn *
vconn_from_stream(struct stream *stream, uint32_t allowed_versions)
{
    struct vconn *vc = xzalloc(sizeof *vc);
    vc->name = xstrdup(stream_get_name(stream));
    vc->stream = stream;
    vc->allowed_versions = vconn_normalize_versions(allowed_versions);
    vc->state = VCS_CONNECTING;
    ofpbuf_init(&vc->rx, 16384);
    osw_list_init(&vc->txq);
    return vc;
}

/* Starts connecting to 'name' (default port 6653).  Stores the new vconn in
 * '*vconnp' and returns 0, or returns a positive errno value and stores
 * NULL. */
int
vconn_open(const char *name, uint32_t allowed_versions, uint8_t dscp,
           struct vconn **vconnp)
{
    struct stream *stream;
    int error = stream_open_with_default_port(name, OSW_OFP_PORT, &stream,
                                              dscp);
    if (error) {
        *vconnp = NULL;
        return error;
    }
    *vconnp = vconn_from_stream(stream, allowed_versions);
    free((*vconnp)->name);
    (*vconnp)->name = xstrdup(name);
    return 0;
}

/* Closes 'vc' and frees everything it holds, queued messages included. */
void
vconn_close(struct vconn *vc)
{
    if (!vc) {
        return;
    }
    struct ofpbuf *b;
    OSW_LIST_FOR_EACH_POP (b, list_node, &vc->txq) {
        ofpbuf_delete(b);
    }
    ofpbuf_uninit(&vc->rx);
    stream_close(vc->stream);
    free(vc->name);
    free(vc);
}

/* Returns the name of 'vc'. */
const char *
vconn_get_name(const struct vconn *vc)
{
    return vc->name;
}

/* Returns the set of versions 'vc' accepts in negotiation. */
uint32_t
vconn_get_allowed_versions(const struct vconn *vc)
{
    return vc->allowed_versions;
}

/* Returns the negotiated version of 'vc', or 0 before negotiation. */
uint8_t
vconn_get_version(const struct vconn *vc)
{
    return vc->state == VCS_CONNECTED ? vc->version : 0;
}

/* Returns the bytes queued on 'vc' and not yet sent. */
size_t
vconn_get_backlog(const struct vconn *vc)
{
    return vc->backlog;
}

/* Returns the peer's version bitmap from its HELLO 'oh' in '*bitmapp',
 * and true if the hello carried one (a hello without elements, or with a
 * malformed one, announces only its header's version, and the
 * specification then settles on the lower of the two header versions). */
static bool
vconn_peer_bitmap(const struct ofp_header *oh, uint32_t *bitmapp)
{
    return (ofputil_decode_hello(oh, bitmapp)
            && ntohs(oh->length) > sizeof *oh);
}

static void
vconn_format_versions(uint32_t versions, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int v = 1; v < 32 && n < size; v++) {
        if (versions & (1u << v)) {
            n += snprintf(buf + n, size - n, "%s0x%02x", n ? ", " : "", v);
        }
    }
}

/* Handles the peer's HELLO 'msg' (freeing it): negotiates the version or
 * fails with EPROTO after queueing a HELLO_FAILED error. */
static int
vconn_handle_hello(struct vconn *vc, struct ofpbuf *msg)
{
    const struct ofp_header *h = msg->data;
    uint8_t peer_max = h->version;
    uint32_t peer_bitmap;
    uint8_t version;

    if (vconn_peer_bitmap(h, &peer_bitmap)) {
        version = ofputil_highest_version(vc->allowed_versions & peer_bitmap);
    } else {
        /* Without bitmaps both sides settle on the lower header version,
         * which must then be one we speak. */
        uint8_t our_max = ofputil_highest_version(vc->allowed_versions);
        version = MIN(our_max, peer_max);
        if (version >= 32 || !(vc->allowed_versions & (1u << version))) {
            version = 0;
        }
        peer_bitmap = peer_max < 31 ? ((2u << peer_max) - 1) & ~1u : 0;
    }
    ofpbuf_delete(msg);

    if (version) {
        vc->version = version;
        vc->state = VCS_CONNECTED;
        return 0;
    }

    char ours[128], theirs[128];
    vconn_format_versions(vc->allowed_versions, ours, sizeof ours);
    vconn_format_versions(peer_bitmap, theirs, sizeof theirs);
    char *text = xasprintf("We support versions %s, you support %s, no "
                           "common versions.", ours, theirs);
    VLOG_WARN_RL(&rl, "%s: version negotiation failed (we support "
                 "versions %s, peer supports %s)", vc->name, ours, theirs);
    uint8_t err_version = (peer_max && peer_max < 32
                           && (vc->allowed_versions & (1u << peer_max))
                           ? peer_max
                           : ofputil_highest_version(vc->allowed_versions));
    struct ofpbuf *err = ofperr_encode_hello(OFPERR_OFPHFC_INCOMPATIBLE,
                                             err_version, text);
    free(text);
    if (err) {
        vconn_queue(vc, err);
        vconn_flush(vc);
    }
    return EPROTO;
}

/* Tries to carve one message out of the received bytes.  Returns 0 and
 * the message in '*msgp', EAGAIN if incomplete, EPROTO if the header is
 * bad. */
static int
vconn_extract(struct vconn *vc, struct ofpbuf **msgp)
{
    if (vc->rx.size < VCONN_HDR_LEN) {
        return EAGAIN;
    }
    size_t len = vconn_hdr_length(vc->rx.data);
    if (len < VCONN_HDR_LEN) {
        VLOG_WARN_RL(&rl, "%s: received OpenFlow message of length %zu "
                     "(less than %d): closing", vc->name, len,
                     VCONN_HDR_LEN);
        return EPROTO;
    }
    if (vc->rx.size < len) {
        return EAGAIN;
    }
    *msgp = ofpbuf_clone_data(vc->rx.data, len);
    ofpbuf_pull(&vc->rx, len);
    if (!vc->rx.size) {
        ofpbuf_clear(&vc->rx);
    }
    return 0;
}

/* Reads from the stream into the receive buffer.  Returns 0 if something
 * was read, otherwise EAGAIN, EOF or an error. */
static int
vconn_fill(struct vconn *vc)
{
    if (ofpbuf_tailroom(&vc->rx) < 2048) {
        if (ofpbuf_headroom(&vc->rx) > vc->rx.allocated / 2) {
            /* Reclaim the space of messages already consumed. */
            memmove(vc->rx.base, vc->rx.data, vc->rx.size);
            vc->rx.data = vc->rx.base;
        } else {
            ofpbuf_prealloc_tailroom(&vc->rx, 16384);
        }
    }
    int n = stream_recv(vc->stream, ofpbuf_tail(&vc->rx),
                        ofpbuf_tailroom(&vc->rx));
    if (n < 0) {
        return -n;
    } else if (n == 0) {
        if (vc->rx.size) {
            VLOG_WARN_RL(&rl, "%s: connection closed in the middle of a "
                         "message", vc->name);
        }
        return EOF;
    }
    vc->rx.size += n;
    return 0;
}

/* Receives one raw message, whatever the state. */
static int
vconn_recv_raw(struct vconn *vc, struct ofpbuf **msgp)
{
    for (;;) {
        int error = vconn_extract(vc, msgp);
        if (error != EAGAIN) {
            return error;
        }
        error = vconn_fill(vc);
        if (error) {
            return error;
        }
    }
}

static int
vconn_fail(struct vconn *vc, int error)
{
    vc->state = VCS_FAILED;
    vc->error = error;
    return error;
}

/* Drives 'vc' through connecting and the hello exchange.  Returns 0 once
 * negotiated, EAGAIN while in progress, or the error that killed it. */
int
vconn_connect(struct vconn *vc)
{
    int error;

    switch (vc->state) {
    case VCS_CONNECTING:
        error = stream_connect(vc->stream);
        if (error) {
            return error == EAGAIN ? EAGAIN : vconn_fail(vc, error);
        }
        vconn_queue(vc, ofputil_encode_hello(vc->allowed_versions));
        vc->state = VCS_RECV_HELLO;
        /* Fall through. */
    case VCS_RECV_HELLO: {
        error = vconn_flush(vc);
        if (error) {
            return vconn_fail(vc, error);
        }
        struct ofpbuf *msg;
        error = vconn_recv_raw(vc, &msg);
        if (error == EAGAIN) {
            return EAGAIN;
        } else if (error) {
            return vconn_fail(vc, error);
        }
        const struct ofp_header *h = msg->data;
        if (h->type != OFPT_HELLO) {
            VLOG_WARN_RL(&rl, "%s: received message of type %u while "
                         "expecting hello", vc->name, h->type);
            ofpbuf_delete(msg);
            return vconn_fail(vc, EPROTO);
        }
        error = vconn_handle_hello(vc, msg);
        return error ? vconn_fail(vc, error) : 0;
    }
    case VCS_CONNECTED:
        return 0;
    case VCS_FAILED:
    default:
        return vc->error;
    }
}

/* Receives a message from 'vc' into '*msgp'.  Returns 0, EAGAIN, EOF or
 * another positive errno value; '*msgp' is NULL unless 0. */
int
vconn_recv(struct vconn *vc, struct ofpbuf **msgp)
{
    *msgp = NULL;
    int error = vconn_connect(vc);
    if (error) {
        return error;
    }
    error = vconn_recv_raw(vc, msgp);
    if (error && error != EAGAIN) {
        vconn_fail(vc, error);
    }
    return error;
}

static void
vconn_queue(struct vconn *vc, struct ofpbuf *msg)
{
    osw_list_push_back(&vc->txq, &msg->list_node);
    vc->backlog += msg->size;
}

/* Sends as much of the queue as the stream takes.  Returns 0 (also when
 * some remains queued) or an error. */
static int
vconn_flush(struct vconn *vc)
{
    while (!osw_list_is_empty(&vc->txq)) {
        struct ofpbuf *b = CONTAINER_OF(osw_list_front(&vc->txq),
                                        struct ofpbuf, list_node);
        int n = stream_send(vc->stream, (char *) b->data + vc->tx_ofs,
                            b->size - vc->tx_ofs);
        if (n < 0) {
            return n == -EAGAIN ? 0 : -n;
        }
        vc->tx_ofs += n;
        vc->backlog -= n;
        if (vc->tx_ofs < b->size) {
            return 0;
        }
        osw_list_remove(&b->list_node);
        ofpbuf_delete(b);
        vc->tx_ofs = 0;
    }
    return 0;
}

/* Queues 'msg' for sending on 'vc'.  Returns 0 (the vconn owns 'msg') or a
 * positive errno value (the caller still owns it): EAGAIN while
 * negotiating or with VCONN_MAX_BACKLOG bytes already queued. */
int
vconn_send(struct vconn *vc, struct ofpbuf *msg)
{
    if (vc->state == VCS_FAILED) {
        return vc->error;
    } else if (vc->state != VCS_CONNECTED
               || vc->backlog >= VCONN_MAX_BACKLOG) {
        return EAGAIN;
    }
    if (msg->size < VCONN_HDR_LEN || msg->size > UINT16_MAX
        || ntohs(((const struct ofp_header *) msg->data)->length)
           != msg->size) {
        VLOG_WARN_RL(&rl, "%s: refusing to send a badly framed message of "
                     "%zu bytes", vc->name, msg->size);
        return EINVAL;
    }
    vconn_queue(vc, msg);
    int error = vconn_flush(vc);
    if (error) {
        vconn_fail(vc, error);
    }
    return 0;
}

/* Lets 'vc' send queued data and run its stream. */
void
vconn_run(struct vconn *vc)
{
    stream_run(vc->stream);
    if (vc->state == VCS_CONNECTING || vc->state == VCS_RECV_HELLO) {
        vconn_connect(vc);
    } else if (vc->state == VCS_CONNECTED) {
        int error = vconn_flush(vc);
        if (error) {
            vconn_fail(vc, error);
        }
    }
}

/* Registers what vconn_run() waits for. */
void
vconn_run_wait(struct vconn *vc)
{
    stream_run_wait(vc->stream);
    if (vc->state == VCS_FAILED) {
        return;
    }
    if (vc->state == VCS_CONNECTING) {
        stream_connect_wait(vc->stream);
    } else if (vc->backlog) {
        stream_send_wait(vc->stream);
    }
}

/* Wakes the poll loop when vconn_connect() may make progress. */
void
vconn_connect_wait(struct vconn *vc)
{
    switch (vc->state) {
    case VCS_CONNECTING:
        stream_connect_wait(vc->stream);
        break;
    case VCS_RECV_HELLO:
        if (vc->backlog) {
            stream_send_wait(vc->stream);
        }
        stream_recv_wait(vc->stream);
        break;
    case VCS_CONNECTED:
    case VCS_FAILED:
    default:
        poll_immediate_wake();
        break;
    }
}

/* Wakes the poll loop when vconn_recv() may return something new. */
void
vconn_recv_wait(struct vconn *vc)
{
    if (vc->state != VCS_CONNECTED) {
        vconn_connect_wait(vc);
    } else if (vc->rx.size >= VCONN_HDR_LEN
               && vc->rx.size >= vconn_hdr_length(vc->rx.data)) {
        poll_immediate_wake();
    } else {
        stream_recv_wait(vc->stream);
    }
}

/* Wakes the poll loop when vconn_send() may accept a message. */
void
vconn_send_wait(struct vconn *vc)
{
    if (vc->state != VCS_CONNECTED) {
        vconn_connect_wait(vc);
    } else if (vc->backlog >= VCONN_MAX_BACKLOG) {
        stream_send_wait(vc->stream);
    } else {
        poll_immediate_wake();
    }
}

/* Opens 'name' and waits up to 'timeout_ms' (negative: forever) for the
 * version to be negotiated.  Returns 0 and the vconn in '*vconnp', or an
 * error (ETIMEDOUT on timeout) and NULL. */
int
vconn_open_block(const char *name, uint32_t allowed_versions, uint8_t dscp,
                 long long int timeout_ms, struct vconn **vconnp)
{
    struct vconn *vc;
    int error = vconn_open(name, allowed_versions, dscp, &vc);
    if (error) {
        *vconnp = NULL;
        return error;
    }
    long long int deadline = (timeout_ms < 0 ? LLONG_MAX
                              : time_msec() + timeout_ms);
    for (;;) {
        stream_run(vc->stream);
        error = vconn_connect(vc);
        if (error != EAGAIN) {
            break;
        }
        if (time_msec() >= deadline) {
            error = ETIMEDOUT;
            break;
        }
        stream_run_wait(vc->stream);
        vconn_connect_wait(vc);
        if (deadline != LLONG_MAX) {
            poll_timer_wait_until(deadline);
        }
        poll_block();
    }
    if (error) {
        vconn_close(vc);
        vc = NULL;
    }
    *vconnp = vc;
    return error;
}

/* Sends 'msg' on 'vc', waiting for room, and waits until it is written to
 * the stream.  Always takes ownership of 'msg'. */
int
vconn_send_block(struct vconn *vc, struct ofpbuf *msg)
{
    int error;
    for (;;) {
        vconn_run(vc);
        error = vconn_send(vc, msg);
        if (error != EAGAIN) {
            break;
        }
        vconn_run_wait(vc);
        vconn_send_wait(vc);
        poll_block();
    }
    if (error) {
        ofpbuf_delete(msg);
        return error;
    }
    while (vc->backlog && vc->state == VCS_CONNECTED) {
        vconn_run(vc);
        if (!vc->backlog) {
            break;
        }
        vconn_run_wait(vc);
        poll_block();
    }
    return vc->state == VCS_FAILED ? vc->error : 0;
}

/* Waits for a message on 'vc' and stores it in '*msgp'. */
int
vconn_recv_block(struct vconn *vc, struct ofpbuf **msgp)
{
    for (;;) {
        vconn_run(vc);
        int error = vconn_recv(vc, msgp);
        if (error != EAGAIN) {
            return error;
        }
        vconn_run_wait(vc);
        vconn_recv_wait(vc);
        poll_block();
    }
}

static uint32_t
vconn_msg_xid(const struct ofpbuf *msg)
{
    return ntohl(((const struct ofp_header *) msg->data)->xid);
}

static uint8_t
vconn_msg_type(const struct ofpbuf *msg)
{
    return ((const struct ofp_header *) msg->data)->type;
}

/* Waits for the message whose xid is 'xid', answering echo requests and
 * dropping other messages on the way. */
int
vconn_recv_xid(struct vconn *vc, uint32_t xid, struct ofpbuf **replyp)
{
    for (;;) {
        struct ofpbuf *msg;
        int error = vconn_recv_block(vc, &msg);
        if (error) {
            *replyp = NULL;
            return error;
        }
        if (vconn_msg_xid(msg) == xid) {
            *replyp = msg;
            return 0;
        }
        if (vconn_msg_type(msg) == OFPT_ECHO_REQUEST) {
            struct ofp_header *h = msg->data;
            h->type = OFPT_ECHO_REPLY;
            vconn_send_block(vc, msg);
        } else {
            VLOG_DBG("%s: received reply with xid %08"PRIx32" != expected "
                     "%08"PRIx32, vc->name, vconn_msg_xid(msg), xid);
            ofpbuf_delete(msg);
        }
    }
}

/* Sends 'request' and waits for its reply, stored in '*replyp'. */
int
vconn_transact(struct vconn *vc, struct ofpbuf *request,
               struct ofpbuf **replyp)
{
    uint32_t xid = vconn_msg_xid(request);
    *replyp = NULL;
    int error = vconn_send_block(vc, request);
    return error ? error : vconn_recv_xid(vc, xid, replyp);
}


/* True if 'msg' is a multipart reply that says more replies follow. */
static bool
vconn_is_multipart_more(const struct ofpbuf *msg)
{
    const struct ofp_header *oh = msg->data;
    uint8_t reply_type = (oh->version == OFP10_VERSION ? OFPT10_STATS_REPLY
                          : OFPT11_STATS_REPLY);
    return oh->type == reply_type && ofpmp_more(oh);
}

/* Sends the multipart 'request' and appends every reply to 'replies'. */
int
vconn_transact_multipart(struct vconn *vc, struct ofpbuf *request,
                         struct osw_list *replies)
{
    uint32_t xid = vconn_msg_xid(request);
    int error = vconn_send_block(vc, request);
    while (!error) {
        struct ofpbuf *reply;
        error = vconn_recv_xid(vc, xid, &reply);
        if (!error) {
            osw_list_push_back(replies, &reply->list_node);
            if (!vconn_is_multipart_more(reply)) {
                break;
            }
        }
    }
    return error;
}

/* Sends 'request' and a barrier; waits for the barrier reply.  An error
 * reply to 'request' is stored in '*replyp'. */
int
vconn_transact_noreply(struct vconn *vc, struct ofpbuf *request,
                       struct ofpbuf **replyp)
{
    uint8_t version = vconn_get_version(vc);
    uint32_t request_xid = vconn_msg_xid(request);
    struct ofpbuf *barrier = ofpraw_alloc(version == OFP10_VERSION
                                          ? OFPRAW_OFPT10_BARRIER_REQUEST
                                          : OFPRAW_OFPT11_BARRIER_REQUEST,
                                          version, 0);
    uint32_t barrier_xid = vconn_msg_xid(barrier);

    *replyp = NULL;
    int error = vconn_send_block(vc, request);
    if (!error) {
        error = vconn_send_block(vc, barrier);
    } else {
        ofpbuf_delete(barrier);
    }
    while (!error) {
        struct ofpbuf *msg;
        error = vconn_recv_block(vc, &msg);
        if (error) {
            break;
        }
        uint32_t xid = vconn_msg_xid(msg);
        if (xid == barrier_xid) {
            ofpbuf_delete(msg);
            break;
        } else if (xid == request_xid && !*replyp) {
            *replyp = msg;
        } else if (vconn_msg_type(msg) == OFPT_ECHO_REQUEST) {
            ((struct ofp_header *) msg->data)->type = OFPT_ECHO_REPLY;
            vconn_send_block(vc, msg);
        } else {
            ofpbuf_delete(msg);
        }
    }
    return error;
}

/* Opens the listener 'name' (default port 6653).  Connections it accepts
 * allow 'allowed_versions' (0: the default). */
int
pvconn_open(const char *name, uint32_t allowed_versions, uint8_t dscp,
            struct pvconn **pvconnp)
{
    struct pstream *ps;
    int error = pstream_open_with_default_port(name, OSW_OFP_PORT, &ps,
                                               dscp);
    if (error) {
        *pvconnp = NULL;
        return error;
    }
    struct pvconn *pvc = xmalloc(sizeof *pvc);
    pvc->pstream = ps;
    pvc->allowed_versions = vconn_normalize_versions(allowed_versions);
    *pvconnp = pvc;
    return 0;
}

/* Returns the name of 'pvc'. */
const char *
pvconn_get_name(const struct pvconn *pvc)
{
    return pstream_get_name(pvc->pstream);
}

/* Accepts a connection on 'pvc' into '*vconnp': 0, EAGAIN or an error. */
int
pvconn_accept(struct pvconn *pvc, struct vconn **vconnp)
{
    struct stream *stream;
    int error = pstream_accept(pvc->pstream, &stream);
    if (error) {
        *vconnp = NULL;
        return error;
    }
    *vconnp = vconn_from_stream(stream, pvc->allowed_versions);
    return 0;
}

/* Wakes the poll loop when pvconn_accept() may succeed. */
void
pvconn_wait(struct pvconn *pvc)
{
    pstream_wait(pvc->pstream);
}

/* Closes 'pvc' (NULL is fine). */
void
pvconn_close(struct pvconn *pvc)
{
    if (pvc) {
        pstream_close(pvc->pstream);
        free(pvc);
    }
}

/* Returns the TCP port 'pvc' listens on, or 0. */
uint16_t
pvconn_get_bound_port(const struct pvconn *pvc)
{
    return pstream_get_bound_port(pvc->pstream);
}
