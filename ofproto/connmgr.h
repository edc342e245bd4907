/* connmgr: a bridge's OpenFlow connections.
 *
 * One connmgr per bridge (ofproto_create() makes it).  It owns:
 *
 *   - the controllers of the bridge's Controller rows
 *     (connmgr_set_controllers()).  An active target ("tcp:IP[:PORT]",
 *     "ssl:IP[:PORT]", "unix:PATH") becomes a "primary" connection that
 *     reconnects forever (rconn.h); a passive target ("ptcp:[PORT][:IP]",
 *     "pssl:...", "punix:PATH") becomes a listener whose accepted
 *     connections are "service" connections;
 *   - the management socket RUNDIR/BR.mgmt (punix, always open; RUNDIR is
 *     osw_rundir()), for osw-ofctl and ovs-ofctl: its connections are
 *     service connections too;
 *   - the snoop socket RUNDIR/BR.snoop (punix, always open): every
 *     connection accepted there gets a copy of every message to and from
 *     the primary controllers (osw-ofctl snoop).
 *
 * In-band control (in-band.h): for the primary controllers whose
 * connection mode is OFPROTO_IN_BAND and whose target is "tcp:" or "ssl:"
 * with an IPv4 address, connmgr keeps hidden NORMAL rules (priorities
 * from IN_BAND_PRIORITY up, above fail-open's) that let the switch reach
 * them through its own ports whatever the controllers' flows and the fail
 * mode say: DHCP from the local port, ARP to/from the local port's MAC,
 * the next hop's MAC and the controllers' IPs, and TCP to/from each
 * controller's IP and port.  They are refreshed about once a second and
 * removed when no controller is in-band.  Other controllers are
 * out-of-band, reached through the host's own network stack; osw's
 * default (vswitchd/bridge.c, connection_mode unset) is out-of-band,
 * unlike Open vSwitch's in-band default.
 *
 * Connections.  Every connection (struct ofconn) negotiates its OpenFlow
 * version by HELLO (vconn.h) and then has its own state, handled here:
 *
 *   - role: EQUAL (default), MASTER or SLAVE (OFPT_ROLE_REQUEST, 1.2+, and
 *     NXT_ROLE_REQUEST).  A MASTER/SLAVE request whose generation id is
 *     older than the newest one seen (signed 64-bit difference < 0) gets
 *     OFPRRFC_STALE.  A new master turns the previous one into a slave
 *     (which is sent an OFPT_ROLE_STATUS if it speaks OpenFlow 1.4+).  A
 *     slave is refused (OFPBRC_IS_SLAVE) flow_mod, group_mod, meter_mod,
 *     packet_out, port_mod and table_mod, and gets only the asynchronous
 *     messages its slave mask asks for (by default port-status only);
 *   - asynchronous message masks (OFPT_GET_ASYNC_REQUEST / OFPT_SET_ASYNC,
 *     OpenFlow 1.3 layout; the defaults are the specification's);
 *   - miss_send_len (OFPT_SET_CONFIG; OFPT_GET_CONFIG answers with it and
 *     the bridge's fragment-handling flags): 128 by default for primary
 *     connections, 0 for service connections, which then get no
 *     asynchronous messages at all until they set a nonzero miss_send_len
 *     (what "osw-ofctl monitor" does);
 *   - protocol (ofconn_get_protocol()): OpenFlow 1.0 with its standard
 *     match until NXT_SET_FLOW_FORMAT selects NXM, plus the table-id
 *     extension after NXT_FLOW_MOD_TABLE_ID; the negotiated version's
 *     OXM protocol for 1.1+;
 *   - packet-in format (NXT_SET_PACKET_IN_FORMAT) and controller id
 *     (NXT_SET_CONTROLLER_ID);
 *   - echo requests are answered here.
 *
 * Everything else goes to ofproto_handle_openflow(); when it returns an
 * error, connmgr sends the OFPT_ERROR for it.
 *
 * Asynchronous messages (packet-in, flow-removed, port-status) are
 * encoded here for each connection that wants them (role, async masks,
 * version, format).  Packet-ins of a primary controller with a rate limit
 * pass a token bucket ('rate_limit' packets per second, 'burst_limit'
 * tokens); the excess waits in a bounded queue (drained at the rate) and
 * beyond that is dropped and counted.  Packet-ins are also bounded by the
 * connection's send queue.
 *
 * Packet buffering: a packet-in that is truncated (max_len or
 * miss_send_len below the packet's length, and not OFPCML_NO_BUFFER) keeps
 * the whole packet in a pool of CONNMGR_N_PKTBUFS per bridge and carries
 * its buffer_id; a later packet_out or flow_mod names it and gets it back
 * with ofconn_pktbuf_retrieve().  Entries are reused oldest first and
 * expire after 5 seconds; otherwise buffer_id is OFP_NO_BUFFER.
 *
 * Fail mode (connmgr_set_fail_mode()): with controllers configured and
 * STANDALONE, once every primary controller has been disconnected for
 * max(3 * the largest probe interval, 10 seconds) the bridge "fails open":
 * connmgr adds a hidden rule (priority 0xf0f0f0, actions=NORMAL) and
 * removes it when a controller is admitted again.  SECURE never does:
 * the flows stay and nothing is learned.  With no controllers at all, the
 * flow table after a flush is "priority=0 actions=NORMAL" in STANDALONE
 * mode and empty in SECURE mode (connmgr_flushed()).
 *
 * Threads: everything here runs in the control thread, except
 * connmgr_wants_packet_in_on_miss(), which translation may call from any
 * thread. */
#ifndef CONNMGR_H
#define CONNMGR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofproto.h"
#include "ofp-errors.h"
#include "ofp-util.h"

struct connmgr;
struct dp_packet;
struct ofconn;
struct ofp_header;
struct ofpbuf;
struct osw_list;
struct smap;

/* Packets kept for buffer_ids. */
#define CONNMGR_N_PKTBUFS 256

enum ofproto_fail_mode {
    OFPROTO_FAIL_STANDALONE,    /* Default: fail open to NORMAL. */
    OFPROTO_FAIL_SECURE,        /* Keep the flows, never learn. */
};

enum ofproto_band {
    OFPROTO_OUT_OF_BAND,        /* Host network stack (osw default). */
    OFPROTO_IN_BAND,            /* Through the bridge, hidden flows. */
};

/* One Controller row. */
struct ofproto_controller {
    const char *target;         /* vconn or pvconn name. */
    int max_backoff;            /* Seconds; 0: 8. */
    int probe_interval;         /* Seconds; 0: no probes. */
    enum ofproto_band band;
    int rate_limit;             /* Packet-ins per second; 0: no limit;
                                 * otherwise at least 100. */
    int burst_limit;            /* Tokens; 0: rate_limit / 4, at least
                                 * 25. */
    int queue_size;             /* controller_queue_size: packet-ins
                                 * waiting for the rate limiter or the
                                 * connection; 0: 100. */
    bool enable_async_msgs;     /* False: no asynchronous messages unless
                                 * the controller asks (OFPT_SET_ASYNC). */
    uint8_t dscp;               /* 0..63; Open vSwitch uses 48. */
    uint32_t allowed_versions;  /* Bitmap as in vconn.h; 0: default. */
};

/* Roles. */
enum ofconn_role {
    OFCONN_ROLE_EQUAL,
    OFCONN_ROLE_MASTER,
    OFCONN_ROLE_SLAVE,
};
/* "other", "master", "slave" (the Controller 'role' column's words). */
const char *ofconn_role_to_string(enum ofconn_role);

/* Life cycle; 'bridge_name' names BR.mgmt and BR.snoop.  Failing to open
 * those sockets is logged, not fatal. */
struct connmgr *connmgr_create(struct ofproto *, const char *bridge_name);
void connmgr_destroy(struct connmgr *);
/* Accepts connections, runs each, handles received messages, rate-limited
 * packet-ins, fail-open. */
void connmgr_run(struct connmgr *);
void connmgr_wait(struct connmgr *);

/* Configuration. */

/* Replaces the controllers by 'controllers[0..n-1]' (copied).  Controllers
 * whose target stays keep their connection (settings are updated in
 * place).  Going from none to some or back flushes the flow table
 * (ofproto_flush_flows()). */
void connmgr_set_controllers(struct connmgr *,
                             const struct ofproto_controller *controllers,
                             size_t n);
bool connmgr_has_controllers(const struct connmgr *);
/* A number that changes whenever a controller connects, disconnects or
 * changes role, so that status can be written at once. */
unsigned int connmgr_get_status_seqno(const struct connmgr *);
void connmgr_set_fail_mode(struct connmgr *, enum ofproto_fail_mode);
enum ofproto_fail_mode connmgr_get_fail_mode(const struct connmgr *);
/* True while failed open (the hidden NORMAL rule is installed). */
bool connmgr_is_failed_open(const struct connmgr *);
/* Called by ofproto_flush_flows() after deleting every rule: adds
 * "priority=0 actions=NORMAL" when the bridge has no controllers and is
 * standalone, and re-adds the fail-open rule if failed open. */
void connmgr_flushed(struct connmgr *);

/* Status of each configured controller, for Controller rows. */
struct ofproto_controller_info {
    char *target;               /* As configured. */
    bool is_connected;
    enum ofconn_role role;
    /* "state" (reconnect state name), "sec_since_connect",
     * "sec_since_disconnect", "last_error" (only when known; passive
     * targets report "state" LISTENING and "n_connections"). */
    struct smap *pairs;
};
/* Returns an array of the info of every configured controller, in the
 * order given to connmgr_set_controllers(); frees with
 * connmgr_free_controller_info(). */
size_t connmgr_get_controller_info(const struct connmgr *,
                                   struct ofproto_controller_info **infop);
void connmgr_free_controller_info(struct ofproto_controller_info *,
                                  size_t n);

/* Asynchronous messages (control thread). */

/* True if some connection wants OFPR_NO_MATCH packet-ins for table
 * misses (OpenFlow 1.0-1.2 connections).  Thread-safe. */
bool connmgr_wants_packet_in_on_miss(const struct connmgr *);
/* Sends 'pin' to the connections that want it.  'pin' holds the whole
 * packet; 'in_port' is its input port (for the buffer pool).
 * 'controller_id' is the controller action's id (0 for a table miss):
 * only connections with that id (NXT_SET_CONTROLLER_ID, default 0) get
 * it.  'max_len' is the controller action's max_len (OFPCML_NO_BUFFER
 * 0xffff: the whole packet, unbuffered), or -1 for a table miss, where
 * each connection's miss_send_len applies.  OFPR_NO_MATCH packet-ins go
 * only to connections below OpenFlow 1.3 when 'max_len' is -1. */
void connmgr_send_packet_in(struct connmgr *,
                            const struct ofputil_packet_in *pin,
                            ofp_port_t in_port, uint16_t controller_id,
                            int max_len);
/* Sends 'fr' to connections whose async config asks for its reason. */
void connmgr_send_flow_removed(struct connmgr *,
                               const struct ofputil_flow_removed *fr);
/* 'reason' is OFPPR_ADD, OFPPR_DELETE or OFPPR_MODIFY. */
void connmgr_send_port_status(struct connmgr *,
                              const struct ofputil_phy_port *,
                              uint8_t reason);

/* Packet-in statistics (for tests and status). */
struct connmgr_pin_stats {
    unsigned long long n_sent;      /* Packet-ins queued for sending. */
    unsigned long long n_queued;    /* Delayed by the rate limiter. */
    unsigned long long n_dropped;   /* Dropped: queues full. */
};
void connmgr_get_pin_stats(const struct connmgr *,
                           struct connmgr_pin_stats *);

/* Connections, for ofproto_handle_openflow(). */

struct connmgr *ofconn_get_connmgr(const struct ofconn *);
/* Negotiated OpenFlow version (enum ofp_version value). */
uint8_t ofconn_get_version(const struct ofconn *);
enum ofputil_protocol ofconn_get_protocol(const struct ofconn *);
uint16_t ofconn_get_miss_send_len(const struct ofconn *);
enum ofconn_role ofconn_get_role(const struct ofconn *);
/* True for the management socket's and passive targets' connections. */
bool ofconn_is_service(const struct ofconn *);
/* Sends 'msg' (taking ownership). */
void ofconn_send_reply(const struct ofconn *, struct ofpbuf *msg);
/* Sends and removes every ofpbuf in 'replies' (linked by 'list_node'). */
void ofconn_send_replies(const struct ofconn *, struct osw_list *replies);
/* Sends the OFPT_ERROR for 'error' in reply to 'request'. */
void ofconn_send_error(const struct ofconn *,
                       const struct ofp_header *request, enum ofperr error);
/* Takes packet 'buffer_id' out of the pool: on success '*packetp' (the
 * caller frees it with dp_packet_delete()) and '*in_port'.  Errors:
 * OFPBRC_BUFFER_UNKNOWN (never issued or already reused),
 * OFPBRC_BUFFER_EMPTY (already retrieved or expired). */
enum ofperr ofconn_pktbuf_retrieve(const struct ofconn *, uint32_t buffer_id,
                                   struct dp_packet **packetp,
                                   ofp_port_t *in_port);

#endif /* connmgr.h */
