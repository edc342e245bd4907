#include <config.h>
#include "connmgr.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "in-band.h"
#include "ofp-actions.h"
#include "ofp-msgs.h"
#include "ofp-util.h"
#include "osw/dirs.h"
#include "osw/dp-packet.h"
#include "osw/list.h"
#include "osw/match.h"
#include "osw/ofpbuf.h"
#include "osw/poll-loop.h"
#include "osw/reconnect.h"
#include "osw/smap.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "rconn.h"
#include "vconn.h"

VLOG_DEFINE_THIS_MODULE(connmgr);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* The hidden rule of a bridge that failed open. */
#define FAIL_OPEN_PRIORITY 0xf0f0f0
/* Fail open after this long without any controller, at the least. */
#define FAIL_OPEN_MIN_SECS 10
/* Messages handled per connection per connmgr_run(), for fairness. */
#define OFCONN_BATCH 50
/* Replies and other non-packet-in messages waiting on one connection. */
#define OFCONN_REPLY_LIMIT 10000
/* Buffered packets expire after this long. */
#define PKTBUF_EXPIRE_MSEC 5000
#define PKTBUF_DEFAULT_QUEUE 100

enum ofconn_type {
    OFCONN_PRIMARY,             /* Active controller target. */
    OFCONN_SERVICE,             /* Accepted from a listener. */
};

/* A configured Controller row. */
struct ofctl {
    struct ofproto_controller s;        /* 'target' owned. */
    struct ofconn *ofconn;              /* Active targets only. */
    struct pvconn *pvconn;              /* Passive targets only. */
};

struct ofconn {
    struct osw_list node;               /* In 'mgr->conns'. */
    struct connmgr *mgr;
    struct rconn *rconn;
    enum ofconn_type type;
    struct ofctl *ctl;                  /* Owner, or NULL (mgmt socket). */
    unsigned int conn_seqno;            /* rconn's, when last reset. */

    /* Per-connection OpenFlow state, reset on every (re)connection. */
    enum ofconn_role role;
    enum ofputil_protocol protocol;     /* 0 until first needed. */
    enum nx_packet_in_format pin_format;
    uint16_t miss_send_len;
    uint16_t controller_id;
    struct ofputil_async_cfg async;
    bool async_set;                     /* The controller configured it. */

    /* Sending. */
    struct rconn_packet_counter *pin_counter;
    struct rconn_packet_counter *reply_counter;

    /* Packet-in rate limiting (rate 0: none). */
    int rate;                           /* Tokens per second. */
    int burst;                          /* Bucket size. */
    long long int tokens;               /* Thousandths of a token. */
    long long int last_fill;            /* time_msec(). */
    int queue_size;
    struct osw_list pin_queue;          /* Of ofpbufs, waiting. */
    size_t n_pin_queued;
};

struct pktbuf {
    struct dp_packet *packet;           /* NULL: empty. */
    ofp_port_t in_port;
    uint32_t cookie;                    /* buffer_id >> 8. */
    long long int when;
};

struct connmgr {
    struct ofproto *ofproto;
    char *name;
    struct osw_list conns;              /* Of ofconns. */

    struct ofctl **ctls;                /* In configuration order. */
    size_t n_ctls;
    size_t n_primary;                   /* Active targets among them. */

    struct pvconn *mgmt;                /* RUNDIR/BR.mgmt. */
    struct pvconn *snoop;               /* RUNDIR/BR.snoop. */

    enum ofproto_fail_mode fail_mode;
    bool failed_open;

    struct in_band *in_band;            /* NULL: no in-band controller. */

    uint16_t config_flags;              /* OFPT_SET_CONFIG flags. */
    bool have_generation_id;
    uint64_t generation_id;

    /* Set in the control thread, read by translation in any thread. */
    bool wants_miss;

    unsigned int status_seqno;
    unsigned long long status_sum;      /* Of rconn seqnos and roles. */

    struct pktbuf pktbufs[CONNMGR_N_PKTBUFS];
    size_t next_pktbuf;
    uint32_t next_cookie;

    struct connmgr_pin_stats pin_stats;
};

static void ofconn_destroy(struct ofconn *);
static void ofconn_reset(struct ofconn *);
static void connmgr_update_wants_miss(struct connmgr *);

/* Roles. */

/* Returns the Controller 'role' column's word for 'role'. */
const char *
ofconn_role_to_string(enum ofconn_role role)
{
    switch (role) {
    case OFCONN_ROLE_MASTER:
        return "master";
    case OFCONN_ROLE_SLAVE:
        return "slave";
    case OFCONN_ROLE_EQUAL:
    default:
        return "other";
    }
}

static enum ofconn_role
role_from_ofp12(enum ofp12_controller_role role)
{
    return (role == OFPCR12_ROLE_MASTER ? OFCONN_ROLE_MASTER
            : role == OFPCR12_ROLE_SLAVE ? OFCONN_ROLE_SLAVE
            : OFCONN_ROLE_EQUAL);
}

static enum ofp12_controller_role
role_to_ofp12(enum ofconn_role role)
{
    return (role == OFCONN_ROLE_MASTER ? OFPCR12_ROLE_MASTER
            : role == OFCONN_ROLE_SLAVE ? OFPCR12_ROLE_SLAVE
            : OFPCR12_ROLE_EQUAL);
}

/* Life cycle. */

static struct pvconn *
connmgr_open_socket(const char *bridge_name, const char *suffix)
{
    const char *rundir = osw_rundir();
    char *name = xasprintf("punix:%s/%s.%s", rundir, bridge_name, suffix);
    struct pvconn *pvc = NULL;

    osw_mkdir_p(rundir);
    int error = pvconn_open(name, OFPUTIL_DEFAULT_VERSIONS, 0, &pvc);
    if (error) {
        VLOG_ERR("%s: failed to listen on %s (%s)", bridge_name, name + 6,
                 strerror(error));
    }
    free(name);
    return pvc;
}

/* Creates the connection manager of 'ofproto', named 'bridge_name', with
 * its management and snoop sockets open. */
struct connmgr *
connmgr_create(struct ofproto *ofproto, const char *bridge_name)
{
    struct connmgr *mgr = xzalloc(sizeof *mgr);
    mgr->ofproto = ofproto;
    mgr->name = xstrdup(bridge_name);
    osw_list_init(&mgr->conns);
    mgr->fail_mode = OFPROTO_FAIL_STANDALONE;
    mgr->mgmt = connmgr_open_socket(bridge_name, "mgmt");
    mgr->snoop = connmgr_open_socket(bridge_name, "snoop");
    mgr->next_cookie = 1;
    return mgr;
}

/* Closes every connection and socket of 'mgr' and frees it. */
void
connmgr_destroy(struct connmgr *mgr)
{
    if (!mgr) {
        return;
    }
    struct ofconn *ofconn, *next;
    OSW_LIST_FOR_EACH_SAFE (ofconn, next, node, &mgr->conns) {
        ofconn_destroy(ofconn);
    }
    for (size_t i = 0; i < mgr->n_ctls; i++) {
        mgr->ctls[i]->ofconn = NULL;
        free(CONST_CAST(char *, mgr->ctls[i]->s.target));
        pvconn_close(mgr->ctls[i]->pvconn);
        free(mgr->ctls[i]);
    }
    free(mgr->ctls);
    in_band_destroy(mgr->in_band);
    pvconn_close(mgr->mgmt);
    pvconn_close(mgr->snoop);
    for (size_t i = 0; i < CONNMGR_N_PKTBUFS; i++) {
        dp_packet_delete(mgr->pktbufs[i].packet);
    }
    free(mgr->name);
    free(mgr);
}

/* Connections. */

static struct ofconn *
ofconn_create(struct connmgr *mgr, struct rconn *rconn,
              enum ofconn_type type, struct ofctl *ctl)
{
    struct ofconn *ofconn = xzalloc(sizeof *ofconn);
    ofconn->mgr = mgr;
    ofconn->rconn = rconn;
    ofconn->type = type;
    ofconn->ctl = ctl;
    ofconn->pin_counter = rconn_packet_counter_create();
    ofconn->reply_counter = rconn_packet_counter_create();
    ofconn->queue_size = PKTBUF_DEFAULT_QUEUE;
    osw_list_init(&ofconn->pin_queue);
    ofconn->conn_seqno = rconn_get_connection_seqno(rconn);
    ofconn_reset(ofconn);
    osw_list_push_back(&mgr->conns, &ofconn->node);
    return ofconn;
}

static void
ofconn_flush_pin_queue(struct ofconn *ofconn)
{
    struct ofpbuf *b;
    OSW_LIST_FOR_EACH_POP (b, list_node, &ofconn->pin_queue) {
        ofpbuf_delete(b);
    }
    ofconn->n_pin_queued = 0;
}

static void
ofconn_destroy(struct ofconn *ofconn)
{
    if (ofconn->ctl && ofconn->ctl->ofconn == ofconn) {
        ofconn->ctl->ofconn = NULL;
    }
    osw_list_remove(&ofconn->node);
    ofconn_flush_pin_queue(ofconn);
    rconn_destroy(ofconn->rconn);
    rconn_packet_counter_destroy(ofconn->pin_counter);
    rconn_packet_counter_destroy(ofconn->reply_counter);
    free(ofconn);
}

/* Forgets what the previous peer on this connection asked for. */
static void
ofconn_reset(struct ofconn *ofconn)
{
    ofconn->role = OFCONN_ROLE_EQUAL;
    ofconn->protocol = 0;
    ofconn->pin_format = NXPIF_STANDARD;
    ofconn->miss_send_len = (ofconn->type == OFCONN_PRIMARY
                             ? OFP_DEFAULT_MISS_SEND_LEN : 0);
    ofconn->controller_id = 0;
    ofconn->async_set = false;
    memset(&ofconn->async, 0, sizeof ofconn->async);
    ofconn_flush_pin_queue(ofconn);
}

/* Applies 'c' to the settings an ofconn takes from its Controller row. */
static void
ofconn_apply_settings(struct ofconn *ofconn,
                      const struct ofproto_controller *c)
{
    rconn_set_probe_interval(ofconn->rconn, c->probe_interval);
    rconn_set_max_backoff(ofconn->rconn, c->max_backoff);
    rconn_set_dscp(ofconn->rconn, c->dscp);
    rconn_set_allowed_versions(ofconn->rconn, c->allowed_versions);
    ofconn->rate = c->rate_limit > 0 ? MAX(100, c->rate_limit) : 0;
    ofconn->burst = (c->burst_limit > 0 ? MAX(1, c->burst_limit)
                     : MAX(25, ofconn->rate / 4));
    ofconn->queue_size = c->queue_size > 0 ? c->queue_size
                                           : PKTBUF_DEFAULT_QUEUE;
    if (ofconn->rate && !ofconn->last_fill) {
        ofconn->tokens = (long long int) ofconn->burst * 1000;
        ofconn->last_fill = time_msec();
    }
}

/* Returns the connection manager that 'ofconn' belongs to. */
struct connmgr *
ofconn_get_connmgr(const struct ofconn *ofconn)
{
    return ofconn->mgr;
}

/* Returns the OpenFlow version negotiated on 'ofconn' (0 if none). */
uint8_t
ofconn_get_version(const struct ofconn *ofconn)
{
    return rconn_get_version(ofconn->rconn);
}

/* Returns the protocol in use on 'ofconn': its version's, as changed by
 * NXT_SET_FLOW_FORMAT and NXT_FLOW_MOD_TABLE_ID. */
enum ofputil_protocol
ofconn_get_protocol(const struct ofconn *ofconn_)
{
    struct ofconn *ofconn = CONST_CAST(struct ofconn *, ofconn_);
    if (!ofconn->protocol) {
        uint8_t version = ofconn_get_version(ofconn);
        enum ofputil_protocol p = (version
                                   ? ofputil_protocol_from_ofp_version(
                                       version)
                                   : 0);
        if (!p) {
            return OFPUTIL_P_OF10_STD;
        }
        ofconn->protocol = p;
    }
    return ofconn->protocol;
}

/* Returns the miss_send_len of 'ofconn' (OFPT_SET_CONFIG). */
uint16_t
ofconn_get_miss_send_len(const struct ofconn *ofconn)
{
    return ofconn->miss_send_len;
}

/* Returns the role of 'ofconn'. */
enum ofconn_role
ofconn_get_role(const struct ofconn *ofconn)
{
    return ofconn->role;
}

/* True if 'ofconn' came from a listener (management socket, passive
 * controller target). */
bool
ofconn_is_service(const struct ofconn *ofconn)
{
    return ofconn->type == OFCONN_SERVICE;
}

/* Sends 'msg' on 'ofconn' (taking ownership). */
void
ofconn_send_reply(const struct ofconn *ofconn, struct ofpbuf *msg)
{
    ofpmsg_update_length(msg);
    rconn_send_with_limit(ofconn->rconn, msg, ofconn->reply_counter,
                          OFCONN_REPLY_LIMIT);
}

/* Sends every message in 'replies' on 'ofconn' and empties the list. */
void
ofconn_send_replies(const struct ofconn *ofconn, struct osw_list *replies)
{
    struct ofpbuf *b;
    OSW_LIST_FOR_EACH_POP (b, list_node, replies) {
        ofconn_send_reply(ofconn, b);
    }
}

/* Sends the OFPT_ERROR for 'error' in answer to 'request'. */
void
ofconn_send_error(const struct ofconn *ofconn,
                  const struct ofp_header *request, enum ofperr error)
{
    uint8_t version = ofconn_get_version(ofconn);
    struct ofpbuf *reply;

    if (version && request->version != version) {
        /* Answer in the connection's version, whatever the request
         * claimed to be. */
        size_t len = ntohs(request->length);
        struct ofpbuf *copy = ofpbuf_clone_data(request, len);
        ((struct ofp_header *) copy->data)->version = version;
        reply = ofperr_encode_reply(error, copy->data);
        ofpbuf_delete(copy);
    } else {
        reply = ofperr_encode_reply(error, request);
    }
    if (reply) {
        VLOG_INFO_RL(&rl, "%s: sending %s error reply to message of type "
                     "%u", rconn_get_name(ofconn->rconn),
                     ofperr_get_name(error), request->type);
        ofconn_send_reply(ofconn, reply);
    }
}

/* The packet buffer pool. */

static uint32_t
pktbuf_save(struct connmgr *mgr, const void *data, size_t len,
            ofp_port_t in_port)
{
    struct pktbuf *pb = &mgr->pktbufs[mgr->next_pktbuf];
    uint32_t idx = mgr->next_pktbuf;

    mgr->next_pktbuf = (mgr->next_pktbuf + 1) % CONNMGR_N_PKTBUFS;
    dp_packet_delete(pb->packet);
    pb->packet = dp_packet_new_with_data(data, len);
    pb->in_port = in_port;
    pb->when = time_msec();
    pb->cookie = mgr->next_cookie;
    /* 24-bit cookies; skipping the one that would make OFP_NO_BUFFER. */
    mgr->next_cookie = (mgr->next_cookie + 1) & 0xffffff;
    if (mgr->next_cookie == 0xffffff) {
        mgr->next_cookie = 1;
    }
    return (pb->cookie << 8) | idx;
}

/* Takes buffered packet 'buffer_id' out of the pool of 'ofconn''s
 * connection manager. */
enum ofperr
ofconn_pktbuf_retrieve(const struct ofconn *ofconn, uint32_t buffer_id,
                       struct dp_packet **packetp, ofp_port_t *in_port)
{
    struct connmgr *mgr = ofconn->mgr;
    struct pktbuf *pb = &mgr->pktbufs[buffer_id & 0xff];

    *packetp = NULL;
    if (buffer_id == OFP_NO_BUFFER || !pb->cookie
        || pb->cookie != buffer_id >> 8) {
        VLOG_WARN_RL(&rl, "%s: unknown buffer_id %08"PRIx32, mgr->name,
                     buffer_id);
        return OFPERR_OFPBRC_BUFFER_UNKNOWN;
    }
    if (!pb->packet) {
        return OFPERR_OFPBRC_BUFFER_EMPTY;
    }
    if (time_msec() - pb->when > PKTBUF_EXPIRE_MSEC) {
        dp_packet_delete(pb->packet);
        pb->packet = NULL;
        return OFPERR_OFPBRC_BUFFER_EMPTY;
    }
    *packetp = pb->packet;
    if (in_port) {
        *in_port = pb->in_port;
    }
    pb->packet = NULL;
    return 0;
}

/* Configuration. */

static bool
target_is_passive(const char *target)
{
    return !pvconn_verify_name(target);
}

static struct ofctl *
ofctl_find(const struct connmgr *mgr, const char *target)
{
    for (size_t i = 0; i < mgr->n_ctls; i++) {
        if (!strcmp(mgr->ctls[i]->s.target, target)) {
            return mgr->ctls[i];
        }
    }
    return NULL;
}

static bool
ofctl_find_in(struct ofctl **ctls, size_t n, const char *target)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(ctls[i]->s.target, target)) {
            return true;
        }
    }
    return false;
}

static struct ofctl *
ofctl_create(struct connmgr *mgr, const struct ofproto_controller *c)
{
    struct ofctl *ctl = xzalloc(sizeof *ctl);
    ctl->s = *c;
    ctl->s.target = xstrdup(c->target);

    if (target_is_passive(c->target)) {
        int error = pvconn_open(c->target, c->allowed_versions, c->dscp,
                                &ctl->pvconn);
        if (error) {
            VLOG_ERR("%s: %s: listen failed (%s)", mgr->name, c->target,
                     strerror(error));
        }
    } else {
        struct rconn *rc = rconn_create(c->probe_interval, c->max_backoff,
                                        c->dscp, c->allowed_versions);
        rconn_connect(rc, c->target, NULL);
        ctl->ofconn = ofconn_create(mgr, rc, OFCONN_PRIMARY, ctl);
        ofconn_apply_settings(ctl->ofconn, c);
    }
    return ctl;
}

/* Frees 'ctl' and closes its connections. */
static void
ofctl_remove(struct connmgr *mgr, struct ofctl *ctl)
{
    struct ofconn *ofconn, *next;
    OSW_LIST_FOR_EACH_SAFE (ofconn, next, node, &mgr->conns) {
        if (ofconn->ctl == ctl) {
            ofconn_destroy(ofconn);
        }
    }
    free(CONST_CAST(char *, ctl->s.target));
    pvconn_close(ctl->pvconn);
    free(ctl);
}

static void
ofctl_update(struct connmgr *mgr, struct ofctl *ctl,
             const struct ofproto_controller *c)
{
    const char *target = ctl->s.target;
    ctl->s = *c;
    ctl->s.target = target;

    struct ofconn *ofconn;
    OSW_LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        if (ofconn->ctl == ctl) {
            ofconn_apply_settings(ofconn, c);
        }
    }
}

/* Parses 'target' as "tcp:IP[:PORT]" or "ssl:IP[:PORT]" with an IPv4
 * address into 'sin' (port 6653 by default).  Other targets (unix:, names,
 * IPv6) are never in band. */
static bool
parse_in_band_target(const char *target, struct sockaddr_in *sin)
{
    if (strncmp(target, "tcp:", 4) && strncmp(target, "ssl:", 4)) {
        return false;
    }
    char host[INET_ADDRSTRLEN];
    const char *rest = target + 4;
    const char *colon = strchr(rest, ':');
    size_t len = colon ? (size_t) (colon - rest) : strlen(rest);
    if (!len || len >= sizeof host) {
        return false;
    }
    memcpy(host, rest, len);
    host[len] = '\0';

    unsigned long port = OSW_OFP_PORT;
    if (colon) {
        char *end;
        errno = 0;
        port = strtoul(colon + 1, &end, 10);
        if (errno || *end || end == colon + 1 || !port || port > 65535) {
            return false;
        }
    }
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    return inet_pton(AF_INET, host, &sin->sin_addr) == 1;
}

/* Creates, updates or destroys 'mgr''s in-band state for the primary
 * controllers whose connection mode is in-band. */
static void
connmgr_update_in_band(struct connmgr *mgr)
{
    struct sockaddr_in *remotes = xcalloc(MAX(mgr->n_ctls, 1),
                                          sizeof *remotes);
    size_t n = 0;
    for (size_t i = 0; i < mgr->n_ctls; i++) {
        const struct ofproto_controller *c = &mgr->ctls[i]->s;
        if (c->band != OFPROTO_IN_BAND || target_is_passive(c->target)) {
            continue;
        }
        if (parse_in_band_target(c->target, &remotes[n])) {
            n++;
        } else {
            VLOG_WARN_RL(&rl, "%s: controller %s is not an IPv4 tcp: or "
                         "ssl: target: reached out-of-band", mgr->name,
                         c->target);
        }
    }
    if (n) {
        if (!mgr->in_band) {
            mgr->in_band = in_band_create(mgr->ofproto, mgr->name);
        }
        in_band_set_remotes(mgr->in_band, remotes, n);
        in_band_run(mgr->in_band);
    } else if (mgr->in_band) {
        in_band_destroy(mgr->in_band);
        mgr->in_band = NULL;
    }
    free(remotes);
}

/* Replaces the controllers of 'mgr' by 'controllers'. */
void
connmgr_set_controllers(struct connmgr *mgr,
                        const struct ofproto_controller *controllers,
                        size_t n)
{
    bool had_controllers = connmgr_has_controllers(mgr);
    struct ofctl **ctls = xcalloc(MAX(n, 1), sizeof *ctls);
    size_t n_ctls = 0, n_primary = 0;

    for (size_t i = 0; i < n; i++) {
        const struct ofproto_controller *c = &controllers[i];
        if (ofctl_find_in(ctls, n_ctls, c->target)) {
            continue;
        }
        struct ofctl *ctl = ofctl_find(mgr, c->target);
        if (ctl) {
            ofctl_update(mgr, ctl, c);
            /* Taken over: keep it out of the removal below. */
            for (size_t j = 0; j < mgr->n_ctls; j++) {
                if (mgr->ctls[j] == ctl) {
                    mgr->ctls[j] = NULL;
                }
            }
        } else {
            VLOG_INFO("%s: added %s controller \"%s\"", mgr->name,
                      target_is_passive(c->target) ? "service" : "primary",
                      c->target);
            ctl = ofctl_create(mgr, c);
        }
        ctls[n_ctls++] = ctl;
        n_primary += !target_is_passive(c->target);
    }
    for (size_t i = 0; i < mgr->n_ctls; i++) {
        if (mgr->ctls[i]) {
            VLOG_INFO("%s: removed controller \"%s\"", mgr->name,
                      mgr->ctls[i]->s.target);
            ofctl_remove(mgr, mgr->ctls[i]);
        }
    }
    free(mgr->ctls);
    mgr->ctls = ctls;
    mgr->n_ctls = n_ctls;
    mgr->n_primary = n_primary;
    connmgr_update_wants_miss(mgr);
    connmgr_update_in_band(mgr);

    if (had_controllers != connmgr_has_controllers(mgr)) {
        mgr->failed_open = false;
        ofproto_flush_flows(mgr->ofproto);
    }
}

/* True if 'mgr' has at least one active (primary) controller target. */
bool
connmgr_has_controllers(const struct connmgr *mgr)
{
    return mgr->n_primary > 0;
}

/* Returns a number that changes when controller status changes. */
unsigned int
connmgr_get_status_seqno(const struct connmgr *mgr)
{
    return mgr->status_seqno;
}

/* Sets the fail mode; with no controllers the flow table is rebuilt for
 * it. */
void
connmgr_set_fail_mode(struct connmgr *mgr, enum ofproto_fail_mode mode)
{
    if (mgr->fail_mode != mode) {
        mgr->fail_mode = mode;
        if (mgr->failed_open && mode == OFPROTO_FAIL_SECURE) {
            struct match match;
            match_init_catchall(&match);
            ofproto_delete_flow(mgr->ofproto, &match, FAIL_OPEN_PRIORITY);
            mgr->failed_open = false;
        }
        if (!connmgr_has_controllers(mgr)) {
            ofproto_flush_flows(mgr->ofproto);
        }
    }
}

/* Returns the fail mode. */
enum ofproto_fail_mode
connmgr_get_fail_mode(const struct connmgr *mgr)
{
    return mgr->fail_mode;
}

/* True while the fail-open rule is installed. */
bool
connmgr_is_failed_open(const struct connmgr *mgr)
{
    return mgr->failed_open;
}

static void
connmgr_add_normal_flow(struct connmgr *mgr, int priority)
{
    struct ofpbuf ofpacts;
    struct match match;

    ofpbuf_init(&ofpacts, 64);
    struct ofpact_output *out = OFPACT_PUT(OUTPUT, ofpact_output, &ofpacts);
    out->port = OFPP_NORMAL;
    match_init_catchall(&match);
    ofproto_add_flow(mgr->ofproto, &match, priority, ofpacts.data,
                     ofpacts.size);
    ofpbuf_uninit(&ofpacts);
}

/* Re-adds the flows the bridge's mode calls for after a flush. */
void
connmgr_flushed(struct connmgr *mgr)
{
    in_band_flushed(mgr->in_band);
    if (mgr->failed_open) {
        connmgr_add_normal_flow(mgr, FAIL_OPEN_PRIORITY);
    }
    if (!connmgr_has_controllers(mgr)
        && mgr->fail_mode == OFPROTO_FAIL_STANDALONE) {
        connmgr_add_normal_flow(mgr, 0);
    }
}

/* Fail open. */

static int
connmgr_fail_open_trigger(const struct connmgr *mgr)
{
    int max_probe = 0;
    for (size_t i = 0; i < mgr->n_ctls; i++) {
        max_probe = MAX(max_probe, mgr->ctls[i]->s.probe_interval);
    }
    return MAX(3 * max_probe, FAIL_OPEN_MIN_SECS);
}

/* Seconds since some primary controller was last admitted. */
static int
connmgr_failure_duration(const struct connmgr *mgr)
{
    int min = INT_MAX;
    const struct ofconn *ofconn;
    OSW_LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        if (ofconn->type == OFCONN_PRIMARY) {
            min = MIN(min, rconn_failure_duration(ofconn->rconn));
        }
    }
    return min == INT_MAX ? 0 : min;
}

static bool
connmgr_any_admitted(const struct connmgr *mgr)
{
    const struct ofconn *ofconn;
    OSW_LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        if (ofconn->type == OFCONN_PRIMARY
            && rconn_is_admitted(ofconn->rconn)) {
            return true;
        }
    }
    return false;
}

static void
connmgr_run_fail_open(struct connmgr *mgr)
{
    if (!connmgr_has_controllers(mgr)
        || mgr->fail_mode != OFPROTO_FAIL_STANDALONE) {
        return;
    }
    if (!mgr->failed_open) {
        int duration = connmgr_failure_duration(mgr);
        if (duration >= connmgr_fail_open_trigger(mgr)) {
            VLOG_WARN("%s: no controller for %d seconds, failing open "
                      "(acting as a learning switch)", mgr->name, duration);
            mgr->failed_open = true;
            connmgr_add_normal_flow(mgr, FAIL_OPEN_PRIORITY);
        }
    } else if (connmgr_any_admitted(mgr)) {
        struct match match;
        VLOG_WARN("%s: controller connected, leaving fail-open mode",
                  mgr->name);
        mgr->failed_open = false;
        match_init_catchall(&match);
        ofproto_delete_flow(mgr->ofproto, &match, FAIL_OPEN_PRIORITY);
    }
}

/* Message handling. */

static enum ofperr
handle_role_request(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct connmgr *mgr = ofconn->mgr;
    struct ofputil_role_request rr;
    enum ofperr error = ofputil_decode_role_message(oh, &rr);
    if (error) {
        return error;
    }

    if (rr.role != OFPCR12_ROLE_NOCHANGE) {
        if (rr.role != OFPCR12_ROLE_EQUAL && rr.have_generation_id) {
            if (mgr->have_generation_id
                && (int64_t) (rr.generation_id - mgr->generation_id) < 0) {
                return OFPERR_OFPRRFC_STALE;
            }
            mgr->have_generation_id = true;
            mgr->generation_id = rr.generation_id;
        }
        enum ofconn_role role = role_from_ofp12(rr.role);
        if (role == OFCONN_ROLE_MASTER) {
            struct ofconn *other;
            OSW_LIST_FOR_EACH (other, node, &mgr->conns) {
                if (other != ofconn && other->role == OFCONN_ROLE_MASTER) {
                    other->role = OFCONN_ROLE_SLAVE;
                    uint8_t v = ofconn_get_version(other);
                    if (v >= OFP14_VERSION) {
                        struct ofpbuf *st = ofputil_encode_role_status(
                            v, OFPCR12_ROLE_SLAVE, OFPCRR_MASTER_REQUEST,
                            mgr->generation_id);
                        if (st) {
                            ofconn_send_reply(other, st);
                        }
                    }
                }
            }
        }
        ofconn->role = role;
    }

    struct ofputil_role_request reply = {
        .role = role_to_ofp12(ofconn->role),
        .have_generation_id = mgr->have_generation_id,
        .generation_id = mgr->generation_id,
    };
    ofconn_send_reply(ofconn, ofputil_encode_role_reply(oh, &reply));
    return 0;
}

static const struct ofputil_async_cfg *
ofconn_async(struct ofconn *ofconn)
{
    if (!ofconn->async_set) {
        ofconn->async = ofputil_async_cfg_default(ofconn_get_version(ofconn));
    }
    return &ofconn->async;
}

static enum ofperr
handle_set_async(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofputil_async_cfg cfg;
    enum ofperr error = ofputil_decode_set_async_config(
        oh, false, ofconn_async(ofconn), &cfg);
    if (!error) {
        ofconn->async = cfg;
        ofconn->async_set = true;
        connmgr_update_wants_miss(ofconn->mgr);
    }
    return error;
}

static enum ofperr
handle_get_async(struct ofconn *ofconn, const struct ofp_header *oh)
{
    ofconn_send_reply(ofconn, ofputil_encode_get_async_reply(
                          oh, ofconn_async(ofconn)));
    return 0;
}

static enum ofperr
handle_set_config(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofputil_switch_config sc;
    enum ofperr error = ofputil_decode_switch_config(oh, &sc);
    if (!error) {
        ofconn->mgr->config_flags = sc.flags;
        ofconn->miss_send_len = sc.miss_send_len;
        connmgr_update_wants_miss(ofconn->mgr);
    }
    return error;
}

static enum ofperr
handle_get_config(struct ofconn *ofconn, const struct ofp_header *oh)
{
    struct ofputil_switch_config sc = {
        .flags = ofconn->mgr->config_flags,
        .miss_send_len = ofconn->miss_send_len,
    };
    ofconn_send_reply(ofconn, ofputil_encode_get_config_reply(oh, &sc));
    return 0;
}

static enum ofperr
handle_set_flow_format(struct ofconn *ofconn, const struct ofp_header *oh)
{
    enum ofputil_protocol base;
    enum ofperr error = ofputil_decode_nx_set_flow_format(oh, &base);
    if (!error) {
        ofconn->protocol = ofputil_protocol_set_base(
            ofconn_get_protocol(ofconn), base);
    }
    return error;
}

static enum ofperr
handle_flow_mod_table_id(struct ofconn *ofconn, const struct ofp_header *oh)
{
    bool enable;
    enum ofperr error = ofputil_decode_flow_mod_table_id(oh, &enable);
    if (!error) {
        ofconn->protocol = ofputil_protocol_set_tid(
            ofconn_get_protocol(ofconn), enable);
    }
    return error;
}

static enum ofperr
handle_set_packet_in_format(struct ofconn *ofconn,
                            const struct ofp_header *oh)
{
    enum nx_packet_in_format format;
    enum ofperr error = ofputil_decode_set_packet_in_format(oh, &format);
    if (!error) {
        ofconn->pin_format = format;
    }
    return error;
}

static enum ofperr
handle_set_controller_id(struct ofconn *ofconn, const struct ofp_header *oh)
{
    uint16_t id;
    enum ofperr error = ofputil_decode_set_controller_id(oh, &id);
    if (!error) {
        ofconn->controller_id = id;
    }
    return error;
}

static bool
ofptype_changes_state(enum ofptype type)
{
    switch (type) {
    case OFPTYPE_FLOW_MOD:
    case OFPTYPE_GROUP_MOD:
    case OFPTYPE_METER_MOD:
    case OFPTYPE_PACKET_OUT:
    case OFPTYPE_PORT_MOD:
    case OFPTYPE_TABLE_MOD:
        return true;
    default:
        return false;
    }
}

static enum ofperr
ofconn_dispatch(struct ofconn *ofconn, const struct ofp_header *oh)
{
    uint8_t version = ofconn_get_version(ofconn);
    enum ofptype type;

    if (version && oh->version != version) {
        return OFPERR_OFPBRC_BAD_VERSION;
    }
    enum ofperr error = ofptype_decode(&type, oh);
    if (error) {
        return error;
    }
    switch (type) {
    case OFPTYPE_HELLO:
    case OFPTYPE_ECHO_REPLY:
        return 0;
    case OFPTYPE_ERROR:
        VLOG_DBG_RL(&rl, "%s: received error message",
                    rconn_get_name(ofconn->rconn));
        return 0;
    case OFPTYPE_ECHO_REQUEST:
        ofconn_send_reply(ofconn, ofputil_encode_echo_reply(oh));
        return 0;
    case OFPTYPE_ROLE_REQUEST:
        return handle_role_request(ofconn, oh);
    case OFPTYPE_GET_ASYNC_REQUEST:
        return handle_get_async(ofconn, oh);
    case OFPTYPE_SET_ASYNC_CONFIG:
        return handle_set_async(ofconn, oh);
    case OFPTYPE_SET_CONFIG:
        return handle_set_config(ofconn, oh);
    case OFPTYPE_GET_CONFIG_REQUEST:
        return handle_get_config(ofconn, oh);
    case OFPTYPE_SET_FLOW_FORMAT:
        return handle_set_flow_format(ofconn, oh);
    case OFPTYPE_FLOW_MOD_TABLE_ID:
        return handle_flow_mod_table_id(ofconn, oh);
    case OFPTYPE_SET_PACKET_IN_FORMAT:
        return handle_set_packet_in_format(ofconn, oh);
    case OFPTYPE_SET_CONTROLLER_ID:
        return handle_set_controller_id(ofconn, oh);
    default:
        if (ofconn->role == OFCONN_ROLE_SLAVE
            && ofptype_changes_state(type)) {
            return OFPERR_OFPBRC_IS_SLAVE;
        }
        return ofproto_handle_openflow(ofconn->mgr->ofproto, ofconn, oh);
    }
}

static void
ofconn_handle(struct ofconn *ofconn, struct ofpbuf *msg)
{
    const struct ofp_header *oh = msg->data;
    enum ofperr error = ofconn_dispatch(ofconn, oh);
    if (error) {
        ofconn_send_error(ofconn, oh, error);
    }
}

/* Packet-in rate limiting. */

static void
ofconn_refill(struct ofconn *ofconn, long long int now)
{
    if (now > ofconn->last_fill) {
        long long int max = (long long int) ofconn->burst * 1000;
        ofconn->tokens = MIN(max, ofconn->tokens
                             + (now - ofconn->last_fill) * ofconn->rate);
        ofconn->last_fill = now;
    }
}

static void
ofconn_send_pin_now(struct ofconn *ofconn, struct ofpbuf *msg)
{
    struct connmgr *mgr = ofconn->mgr;
    if (rconn_send_with_limit(ofconn->rconn, msg, ofconn->pin_counter,
                              ofconn->queue_size)) {
        mgr->pin_stats.n_dropped++;
    } else {
        mgr->pin_stats.n_sent++;
    }
}

static void
ofconn_send_pin(struct ofconn *ofconn, struct ofpbuf *msg)
{
    struct connmgr *mgr = ofconn->mgr;

    if (!ofconn->rate) {
        ofconn_send_pin_now(ofconn, msg);
        return;
    }
    ofconn_refill(ofconn, time_msec());
    if (!ofconn->n_pin_queued && ofconn->tokens >= 1000) {
        ofconn->tokens -= 1000;
        ofconn_send_pin_now(ofconn, msg);
    } else if (ofconn->n_pin_queued < (size_t) ofconn->queue_size) {
        osw_list_push_back(&ofconn->pin_queue, &msg->list_node);
        ofconn->n_pin_queued++;
        mgr->pin_stats.n_queued++;
    } else {
        VLOG_DBG_RL(&rl, "%s: packet-in queue full, dropping",
                    rconn_get_name(ofconn->rconn));
        mgr->pin_stats.n_dropped++;
        ofpbuf_delete(msg);
    }
}

static void
ofconn_run_pin_queue(struct ofconn *ofconn)
{
    if (!ofconn->n_pin_queued) {
        return;
    }
    ofconn_refill(ofconn, time_msec());
    while (ofconn->n_pin_queued && ofconn->tokens >= 1000) {
        struct ofpbuf *msg = CONTAINER_OF(
            osw_list_pop_front(&ofconn->pin_queue), struct ofpbuf,
            list_node);
        ofconn->n_pin_queued--;
        ofconn->tokens -= 1000;
        ofconn_send_pin_now(ofconn, msg);
    }
}

/* Running. */

static void
connmgr_add_snooper(struct connmgr *mgr, struct vconn *vconn)
{
    struct ofconn *best = NULL, *ofconn;
    OSW_LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        if (ofconn->type == OFCONN_PRIMARY
            && (!best || (ofconn->role == OFCONN_ROLE_MASTER
                          && best->role != OFCONN_ROLE_MASTER))) {
            best = ofconn;
        }
    }
    if (best) {
        rconn_add_monitor(best->rconn, vconn);
    } else {
        VLOG_INFO_RL(&rl, "%s: no controller to snoop on", mgr->name);
        vconn_close(vconn);
    }
}

static void
connmgr_accept(struct connmgr *mgr, struct pvconn *pvc, struct ofctl *ctl)
{
    for (int i = 0; pvc && i < 10; i++) {
        struct vconn *vconn;
        int error = pvconn_accept(pvc, &vconn);
        if (error) {
            if (error != EAGAIN) {
                VLOG_WARN_RL(&rl, "%s: accept on %s failed (%s)", mgr->name,
                             pvconn_get_name(pvc), strerror(error));
            }
            return;
        }
        if (pvc == mgr->snoop) {
            connmgr_add_snooper(mgr, vconn);
            continue;
        }
        int probe = (ctl && stream_or_pstream_needs_probes(ctl->s.target)
                     ? ctl->s.probe_interval : 0);
        struct rconn *rc = rconn_create(probe, 0, ctl ? ctl->s.dscp : 0, 0);
        rconn_connect_unreliably(rc, vconn, NULL);
        struct ofconn *ofconn = ofconn_create(mgr, rc, OFCONN_SERVICE, ctl);
        if (ctl) {
            ofconn_apply_settings(ofconn, &ctl->s);
        }
    }
}

static void
ofconn_run(struct ofconn *ofconn)
{
    rconn_run(ofconn->rconn);

    unsigned int seqno = rconn_get_connection_seqno(ofconn->rconn);
    if (seqno != ofconn->conn_seqno) {
        ofconn->conn_seqno = seqno;
        ofconn_reset(ofconn);
        connmgr_update_wants_miss(ofconn->mgr);
    }
    for (int i = 0; i < OFCONN_BATCH; i++) {
        struct ofpbuf *msg = rconn_recv(ofconn->rconn);
        if (!msg) {
            break;
        }
        ofconn_handle(ofconn, msg);
        ofpbuf_delete(msg);
    }
    ofconn_run_pin_queue(ofconn);
}

static void
connmgr_update_status_seqno(struct connmgr *mgr)
{
    unsigned long long sum = 0;
    const struct ofconn *ofconn;
    OSW_LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        sum = sum * 31 + rconn_get_connection_seqno(ofconn->rconn) * 4
              + ofconn->role;
    }
    if (sum != mgr->status_sum) {
        mgr->status_sum = sum;
        mgr->status_seqno++;
    }
}

/* Does all the connection work due now. */
void
connmgr_run(struct connmgr *mgr)
{
    connmgr_accept(mgr, mgr->mgmt, NULL);
    connmgr_accept(mgr, mgr->snoop, NULL);
    for (size_t i = 0; i < mgr->n_ctls; i++) {
        connmgr_accept(mgr, mgr->ctls[i]->pvconn, mgr->ctls[i]);
    }

    struct ofconn *ofconn, *next;
    OSW_LIST_FOR_EACH_SAFE (ofconn, next, node, &mgr->conns) {
        ofconn_run(ofconn);
        if (!rconn_is_alive(ofconn->rconn)) {
            ofconn_destroy(ofconn);
            connmgr_update_wants_miss(mgr);
        }
    }
    if (mgr->in_band) {
        in_band_run(mgr->in_band);
    }
    connmgr_run_fail_open(mgr);
    connmgr_update_status_seqno(mgr);
}

/* Registers the wake-ups connmgr_run() needs. */
void
connmgr_wait(struct connmgr *mgr)
{
    if (mgr->mgmt) {
        pvconn_wait(mgr->mgmt);
    }
    if (mgr->snoop) {
        pvconn_wait(mgr->snoop);
    }
    for (size_t i = 0; i < mgr->n_ctls; i++) {
        if (mgr->ctls[i]->pvconn) {
            pvconn_wait(mgr->ctls[i]->pvconn);
        }
    }

    const struct ofconn *ofconn;
    OSW_LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        rconn_run_wait(ofconn->rconn);
        rconn_recv_wait(ofconn->rconn);
        if (ofconn->n_pin_queued) {
            long long int missing = 1000 - ofconn->tokens;
            poll_timer_wait(missing > 0 ? missing / ofconn->rate + 1 : 0);
        }
    }
    if (connmgr_has_controllers(mgr)
        && mgr->fail_mode == OFPROTO_FAIL_STANDALONE) {
        /* Fail-open decisions are in whole seconds. */
        poll_timer_wait(1000);
    }
    if (mgr->in_band) {
        in_band_wait(mgr->in_band);
    }
}

/* Asynchronous messages. */

enum async_kind {
    ASYNC_PACKET_IN,
    ASYNC_PORT_STATUS,
    ASYNC_FLOW_REMOVED,
};

static bool
ofconn_wants(struct ofconn *ofconn, enum async_kind kind, uint8_t reason)
{
    if (!rconn_is_connected(ofconn->rconn) || reason >= 32) {
        return false;
    }
    if (ofconn->type == OFCONN_SERVICE && !ofconn->miss_send_len) {
        /* Service connections ask by setting a miss_send_len. */
        return false;
    }
    if (ofconn->type == OFCONN_PRIMARY && ofconn->ctl
        && !ofconn->ctl->s.enable_async_msgs && !ofconn->async_set) {
        return false;
    }
    const struct ofputil_async_cfg *cfg = ofconn_async(ofconn);
    int idx = ofconn->role == OFCONN_ROLE_SLAVE;
    uint32_t mask = (kind == ASYNC_PACKET_IN ? cfg->packet_in[idx]
                     : kind == ASYNC_PORT_STATUS ? cfg->port_status[idx]
                     : cfg->flow_removed[idx]);
    return (mask & (1u << reason)) != 0;
}

static void
connmgr_update_wants_miss(struct connmgr *mgr)
{
    bool wants = false;
    struct ofconn *ofconn;
    OSW_LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        uint8_t version = ofconn_get_version(ofconn);
        if (version && version < OFP13_VERSION
            && ofconn_wants(ofconn, ASYNC_PACKET_IN, OFPR_NO_MATCH)) {
            wants = true;
            break;
        }
    }
    __atomic_store_n(&mgr->wants_miss, wants, __ATOMIC_RELAXED);
}

/* True if a table miss should become a packet-in (some OpenFlow 1.0
 * connection wants them).  Thread-safe. */
bool
connmgr_wants_packet_in_on_miss(const struct connmgr *mgr)
{
    return mgr && __atomic_load_n(&mgr->wants_miss, __ATOMIC_RELAXED);
}

/* Sends packet-in 'pin' to every connection that wants it. */
void
connmgr_send_packet_in(struct connmgr *mgr,
                       const struct ofputil_packet_in *pin,
                       ofp_port_t in_port, uint16_t controller_id,
                       int max_len)
{
    uint32_t buffer_id = OFP_NO_BUFFER;
    struct ofconn *ofconn;

    OSW_LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        uint8_t version = ofconn_get_version(ofconn);
        if (!version || ofconn->controller_id != controller_id
            || (max_len < 0 && version >= OFP13_VERSION)
            || !ofconn_wants(ofconn, ASYNC_PACKET_IN, pin->reason)) {
            continue;
        }

        struct ofputil_packet_in copy = *pin;
        size_t send_len = max_len < 0 ? ofconn->miss_send_len : max_len;
        if (send_len != OFPCML_NO_BUFFER && send_len < pin->packet_len) {
            if (buffer_id == OFP_NO_BUFFER) {
                buffer_id = pktbuf_save(mgr, pin->packet, pin->packet_len,
                                        in_port);
            }
            copy.buffer_id = buffer_id;
            copy.packet_len = send_len;
        } else {
            copy.buffer_id = OFP_NO_BUFFER;
        }
        if (!copy.total_len) {
            copy.total_len = pin->packet_len;
        }
        struct ofpbuf *msg = ofputil_encode_packet_in(
            &copy, ofconn_get_protocol(ofconn), ofconn->pin_format);
        if (msg) {
            ofconn_send_pin(ofconn, msg);
        }
    }
}

/* Sends flow-removed 'fr' to the connections that want it. */
void
connmgr_send_flow_removed(struct connmgr *mgr,
                          const struct ofputil_flow_removed *fr)
{
    struct ofconn *ofconn;
    OSW_LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        if (ofconn_get_version(ofconn)
            && ofconn_wants(ofconn, ASYNC_FLOW_REMOVED, fr->reason)) {
            struct ofpbuf *msg = ofputil_encode_flow_removed(
                fr, ofconn_get_protocol(ofconn));
            if (msg) {
                ofconn_send_reply(ofconn, msg);
            }
        }
    }
}

/* Sends a port-status message for 'pp' with 'reason' (OFPPR_*). */
void
connmgr_send_port_status(struct connmgr *mgr,
                         const struct ofputil_phy_port *pp, uint8_t reason)
{
    struct ofputil_port_status ps = { .reason = reason, .desc = *pp };
    struct ofconn *ofconn;
    OSW_LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        if (ofconn_get_version(ofconn)
            && ofconn_wants(ofconn, ASYNC_PORT_STATUS, reason)) {
            struct ofpbuf *msg = ofputil_encode_port_status(
                &ps, ofconn_get_protocol(ofconn));
            if (msg) {
                ofconn_send_reply(ofconn, msg);
            }
        }
    }
}

/* Stores the packet-in counters in '*stats'. */
void
connmgr_get_pin_stats(const struct connmgr *mgr,
                      struct connmgr_pin_stats *stats)
{
    *stats = mgr->pin_stats;
}

/* Status. */

static void
put_rconn_status(const struct rconn *rc, struct smap *pairs)
{
    struct reconnect_stats stats;
    rconn_get_stats(rc, &stats);
    smap_add_format(pairs, "state", "%s", rconn_get_state(rc));
    if (stats.msec_since_connect >= 0) {
        smap_add_format(pairs, "sec_since_connect", "%lld",
                        stats.msec_since_connect / 1000);
    }
    if (stats.msec_since_disconnect >= 0) {
        smap_add_format(pairs, "sec_since_disconnect", "%lld",
                        stats.msec_since_disconnect / 1000);
    }
    int error = rconn_get_last_error(rc);
    if (error) {
        smap_add_format(pairs, "last_error", "%s",
                        error == EOF ? "End of file" : strerror(error));
    }
}

static void
ofctl_get_info(const struct connmgr *mgr, const struct ofctl *ctl,
               struct ofproto_controller_info *info)
{
    info->target = xstrdup(ctl->s.target);
    info->pairs = xmalloc(sizeof *info->pairs);
    smap_init(info->pairs);
    info->role = OFCONN_ROLE_EQUAL;
    info->is_connected = false;

    if (ctl->ofconn) {
        info->is_connected = rconn_is_connected(ctl->ofconn->rconn);
        info->role = ctl->ofconn->role;
        put_rconn_status(ctl->ofconn->rconn, info->pairs);
        return;
    }

    /* A listener: connected if any accepted connection is. */
    size_t n = 0;
    const struct ofconn *ofconn;
    OSW_LIST_FOR_EACH (ofconn, node, &mgr->conns) {
        if (ofconn->ctl == ctl) {
            if (!n++) {
                info->role = ofconn->role;
            }
            info->is_connected |= rconn_is_connected(ofconn->rconn);
        }
    }
    smap_add_format(info->pairs, "state", "%s",
                    ctl->pvconn ? "LISTENING" : "VOID");
    smap_add_format(info->pairs, "n_connections", "%zu", n);
}

/* Returns in '*infop' the status of every configured controller. */
size_t
connmgr_get_controller_info(const struct connmgr *mgr,
                            struct ofproto_controller_info **infop)
{
    struct ofproto_controller_info *infos = xcalloc(MAX(mgr->n_ctls, 1),
                                                    sizeof *infos);
    for (size_t i = 0; i < mgr->n_ctls; i++) {
        ofctl_get_info(mgr, mgr->ctls[i], &infos[i]);
    }
    *infop = infos;
    return mgr->n_ctls;
}

/* Frees what connmgr_get_controller_info() returned. */
void
connmgr_free_controller_info(struct ofproto_controller_info *infos, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(infos[i].target);
        smap_destroy(infos[i].pairs);
        free(infos[i].pairs);
    }
    free(infos);
}
