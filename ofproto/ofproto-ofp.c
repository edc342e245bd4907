/* The OpenFlow side of a bridge: the handlers of the messages connmgr
 * passes to ofproto_handle_openflow(), and the glue that turns ofproto's
 * events (flow removed, port status, packet-ins) into connmgr calls.
 *
 * Every handler runs in the control thread and finishes its work,
 * revalidation of the datapath's cached flows included, before it
 * returns, so a barrier request is answered at once and exactly. */
#include <config.h>
#include "ofproto.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "connmgr.h"
#include "dpif.h"
#include "ofp-actions.h"
#include "ofp-match.h"
#include "ofp-msgs.h"
#include "ofp-util.h"
#include "ofproto-private.h"
#include "osw/dp-packet.h"
#include "osw/flow.h"
#include "osw/hash.h"
#include "osw/match.h"
#include "osw/meta-flow.h"
#include "osw/netdev.h"
#include "osw/ofpbuf.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "xlate.h"

VLOG_DEFINE_THIS_MODULE(ofproto_ofp);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* What the switch tells controllers about itself. */
#define OFPROTO_N_BUFFERS 256
#define OFPROTO_N_VISIBLE_TABLES 254    /* As Open vSwitch: 0..253. */
#define OFP10_ACTIONS_BITMAP 0xfff      /* OFPAT10_OUTPUT..ENQUEUE. */

/* Connmgr glue. */

/* Creates 'ofproto''s connection manager. */
void
ofproto_ofp_init(struct ofproto *ofproto)
{
    ofproto->connmgr = connmgr_create(ofproto, ofproto->name);
}

/* Destroys 'ofproto''s connection manager. */
void
ofproto_ofp_destroy(struct ofproto *ofproto)
{
    if (ofproto->connmgr) {
        connmgr_destroy(ofproto->connmgr);
        ofproto->connmgr = NULL;
    }
}

/* Runs the connection manager. */
void
ofproto_ofp_run(struct ofproto *ofproto)
{
    if (ofproto->connmgr) {
        connmgr_run(ofproto->connmgr);
    }
}

/* Arranges to wake up for the connection manager. */
void
ofproto_ofp_wait(struct ofproto *ofproto)
{
    if (ofproto->connmgr) {
        connmgr_wait(ofproto->connmgr);
    }
}

/* The tables were just flushed: connmgr re-adds its default flows. */
void
ofproto_ofp_flushed(struct ofproto *ofproto)
{
    if (ofproto->connmgr) {
        connmgr_flushed(ofproto->connmgr);
    }
}

static void
duration(long long int since, uint32_t *sec, uint32_t *nsec)
{
    long long int msecs = time_msec() - since;
    if (msecs < 0) {
        msecs = 0;
    }
    *sec = msecs / 1000;
    *nsec = (msecs % 1000) * 1000000;
}

/* Sends a flow removed message for 'rule' with 'reason'. */
void
ofproto_ofp_flow_removed(struct ofproto *ofproto, const struct rule *rule,
                         uint8_t reason)
{
    if (!ofproto->connmgr) {
        return;
    }

    struct ofputil_flow_removed fr = {
        .match = rule->cr.match,
        .cookie = rule->cookie,
        .priority = rule->cr.priority,
        .reason = reason,
        .table_id = rule->table_id,
        .idle_timeout = rule->idle_timeout,
        .hard_timeout = rule->hard_timeout,
        .packet_count = rule->n_packets,
        .byte_count = rule->n_bytes,
    };
    duration(rule->created, &fr.duration_sec, &fr.duration_nsec);
    connmgr_send_flow_removed(ofproto->connmgr, &fr);
}

static uint32_t
speed_to_features(uint32_t kbps)
{
    uint32_t f = kbps ? OFPUTIL_PF_COPPER : 0;

    if (kbps >= 1000000000) {
        f |= OFPUTIL_PF_1TB_FD;
    } else if (kbps >= 100000000) {
        f |= OFPUTIL_PF_100GB_FD;
    } else if (kbps >= 40000000) {
        f |= OFPUTIL_PF_40GB_FD;
    } else if (kbps >= 10000000) {
        f |= OFPUTIL_PF_10GB_FD;
    } else if (kbps >= 1000000) {
        f |= OFPUTIL_PF_1GB_FD;
    } else if (kbps >= 100000) {
        f |= OFPUTIL_PF_100MB_FD;
    } else if (kbps >= 10000) {
        f |= OFPUTIL_PF_10MB_FD;
    } else if (kbps) {
        f |= OFPUTIL_PF_OTHER;
    }
    return f;
}

static void
ofport_to_phy_port(const struct ofport *port, struct ofputil_phy_port *pp)
{
    memset(pp, 0, sizeof *pp);
    pp->port_no = port->ofp_port;
    pp->hw_addr = port->hw_addr;
    snprintf(pp->name, sizeof pp->name, "%s", port->name);
    pp->config = port->config;          /* Same bits as OFPUTIL_PC_*. */
    pp->state = port->state;            /* Same bits as OFPUTIL_PS_*. */
    pp->curr = speed_to_features(port->curr_speed);
    pp->supported = pp->curr;
    pp->curr_speed = port->curr_speed;
    pp->max_speed = port->max_speed;
}

/* Sends a port status message for 'port' with 'reason'. */
void
ofproto_ofp_port_status(struct ofproto *ofproto, const struct ofport *port,
                        uint8_t reason)
{
    if (ofproto->connmgr) {
        struct ofputil_phy_port pp;
        ofport_to_phy_port(port, &pp);
        connmgr_send_port_status(ofproto->connmgr, &pp, reason);
    }
}

/* Sends packet-in 'pin' to the controllers. */
void
ofproto_ofp_packet_in(struct ofproto *ofproto,
                      const struct ofproto_packet_in *pin)
{
    if (!ofproto->connmgr) {
        return;
    }

    const struct ofport *port = ofproto_get_port(ofproto, pin->in_port);
    if (port && port->config & OFPROTO_PC_NO_PACKET_IN) {
        return;
    }

    struct ofputil_packet_in opi = {
        .packet = pin->packet,
        .packet_len = pin->packet_len,
        .total_len = pin->packet_len,
        .buffer_id = OFP_NO_BUFFER,
        .reason = pin->reason,
        .table_id = pin->table_id,
        .cookie = pin->cookie,
    };
    ofputil_packet_in_match(&pin->flow, &opi.flow_metadata);

    /* An implicit table miss takes each connection's miss_send_len. */
    int max_len = pin->miss ? -1 : pin->max_len;
    connmgr_send_packet_in(ofproto->connmgr, &opi, pin->in_port,
                           pin->controller_id, max_len);
}

/* Helpers. */

static int
compare_ports(const void *a_, const void *b_)
{
    const struct ofport *a = *(const struct ofport *const *) a_;
    const struct ofport *b = *(const struct ofport *const *) b_;
    return a->ofp_port < b->ofp_port ? -1 : a->ofp_port > b->ofp_port;
}

/* 'ofproto''s ports sorted by number (caller frees the array). */
static struct ofport **
sorted_ports(const struct ofproto *ofproto, size_t *n)
{
    struct ofport **ports = xcalloc(MAX(hmap_count(&ofproto->ports), 1),
                                    sizeof *ports);
    struct ofport *port;
    size_t i = 0;

    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        ports[i++] = port;
    }
    qsort(ports, i, sizeof *ports, compare_ports);
    *n = i;
    return ports;
}

static bool
is_any_port(uint16_t port)
{
    return port == OFPP_NONE || port == OFPP_ALL;
}

/* Switch description and features. */

static enum ofperr
handle_features_request(struct ofproto *ofproto, struct ofconn *ofconn,
                        const struct ofp_header *oh)
{
    struct ofputil_switch_features sf = {
        .datapath_id = ofproto->datapath_id,
        .n_buffers = OFPROTO_N_BUFFERS,
        .n_tables = OFPROTO_N_VISIBLE_TABLES,
        .capabilities = (OFPUTIL_C_FLOW_STATS | OFPUTIL_C_TABLE_STATS
                         | OFPUTIL_C_PORT_STATS | OFPUTIL_C_GROUP_STATS
                         | OFPUTIL_C_QUEUE_STATS | OFPUTIL_C_ARP_MATCH_IP),
        .actions = OFP10_ACTIONS_BITMAP,
    };
    struct ofpbuf *reply = ofputil_encode_switch_features(&sf, oh->version,
                                                          oh->xid);
    if (oh->version < OFP13_VERSION) {
        size_t n;
        struct ofport **ports = sorted_ports(ofproto, &n);
        for (size_t i = 0; i < n; i++) {
            struct ofputil_phy_port pp;
            ofport_to_phy_port(ports[i], &pp);
            ofputil_put_switch_features_port(&pp, reply);
        }
        free(ports);
        ofpmsg_update_length(reply);
    }
    ofconn_send_reply(ofconn, reply);
    return 0;
}

static enum ofperr
handle_desc_stats_request(struct ofproto *ofproto, struct ofconn *ofconn,
                          const struct ofp_header *oh)
{
    struct ofputil_desc_stats ds;

    memset(&ds, 0, sizeof ds);
    snprintf(ds.mfr_desc, sizeof ds.mfr_desc, "osw");
    snprintf(ds.hw_desc, sizeof ds.hw_desc, "osw userspace switch");
    snprintf(ds.sw_desc, sizeof ds.sw_desc, "%s", PACKAGE_VERSION);
    snprintf(ds.serial_num, sizeof ds.serial_num, "None");
    snprintf(ds.dp_desc, sizeof ds.dp_desc, "%s", ofproto->name);
    ofconn_send_reply(ofconn, ofputil_encode_desc_stats_reply(&ds, oh));
    return 0;
}

/* Ports. */

static enum ofperr
handle_port_desc_stats_request(struct ofproto *ofproto,
                               struct ofconn *ofconn,
                               const struct ofp_header *oh)
{
    uint16_t port_no = OFPP_NONE;
    enum ofperr error = ofputil_decode_port_desc_stats_request(oh, &port_no);
    if (error) {
        return error;
    }

    struct osw_list replies;
    size_t n;
    struct ofport **ports = sorted_ports(ofproto, &n);
    ofpmp_init(&replies, oh);
    for (size_t i = 0; i < n; i++) {
        if (is_any_port(port_no) || ports[i]->ofp_port == port_no) {
            struct ofputil_phy_port pp;
            ofport_to_phy_port(ports[i], &pp);
            ofputil_append_port_desc_stats_reply(&pp, &replies);
        }
    }
    free(ports);
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

static void
append_port_stat(const struct ofport *port, struct osw_list *replies)
{
    struct ofputil_port_stats ps;
    struct netdev_stats st;

    memset(&ps, 0, sizeof ps);
    ps.port_no = port->ofp_port;
    if (netdev_get_stats(port->netdev, &st)) {
        /* No counters at all: every one "unavailable" (all ones). */
        memset(&st, 0xff, sizeof st);
    } else {
        /* A device that has counters but not these (a veth's or tap's
         * frame, overrun, CRC errors, collisions): Open vSwitch reports
         * 0 for them, not "unavailable". */
        uint64_t *counters[] = {
            &st.rx_packets, &st.tx_packets, &st.rx_bytes, &st.tx_bytes,
            &st.rx_dropped, &st.tx_dropped, &st.rx_errors, &st.tx_errors,
            &st.rx_frame_err, &st.rx_over_err, &st.rx_crc_err,
            &st.collisions,
        };
        for (size_t i = 0; i < ARRAY_SIZE(counters); i++) {
            if (*counters[i] == UINT64_MAX) {
                *counters[i] = 0;
            }
        }
    }
    ps.rx_packets = st.rx_packets;
    ps.tx_packets = st.tx_packets;
    ps.rx_bytes = st.rx_bytes;
    ps.tx_bytes = st.tx_bytes;
    ps.rx_dropped = st.rx_dropped;
    ps.tx_dropped = st.tx_dropped;
    ps.rx_errors = st.rx_errors;
    ps.tx_errors = st.tx_errors;
    ps.rx_frame_errors = st.rx_frame_err;
    ps.rx_over_errors = st.rx_over_err;
    ps.rx_crc_errors = st.rx_crc_err;
    ps.collisions = st.collisions;
    duration(port->created, &ps.duration_sec, &ps.duration_nsec);
    ofputil_append_port_stat(replies, &ps);
}

static enum ofperr
handle_port_stats_request(struct ofproto *ofproto, struct ofconn *ofconn,
                          const struct ofp_header *oh)
{
    uint16_t port_no;
    enum ofperr error = ofputil_decode_port_stats_request(oh, &port_no);
    if (error) {
        return error;
    }

    struct osw_list replies;
    ofpmp_init(&replies, oh);
    if (is_any_port(port_no)) {
        size_t n;
        struct ofport **ports = sorted_ports(ofproto, &n);
        for (size_t i = 0; i < n; i++) {
            append_port_stat(ports[i], &replies);
        }
        free(ports);
    } else {
        /* An unknown port gets an empty reply, as in Open vSwitch. */
        const struct ofport *port = ofproto_get_port(ofproto, port_no);
        if (port) {
            append_port_stat(port, &replies);
        }
    }
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

#define PORT_CONFIG_BITS (OFPROTO_PC_PORT_DOWN | OFPROTO_PC_NO_RECV    \
                          | OFPROTO_PC_NO_FLOOD | OFPROTO_PC_NO_FWD    \
                          | OFPROTO_PC_NO_PACKET_IN)

static enum ofperr
handle_port_mod(struct ofproto *ofproto, const struct ofp_header *oh)
{
    struct ofputil_port_mod pm;
    enum ofperr error = ofputil_decode_port_mod(oh, &pm, false);
    if (error) {
        return error;
    }

    struct ofport *port = ofproto_get_port(ofproto, pm.port_no);
    if (!port) {
        return OFPERR_OFPPMFC_BAD_PORT;
    }
    if (!eth_addr_equals(port->hw_addr, pm.hw_addr)) {
        return OFPERR_OFPPMFC_BAD_HW_ADDR;
    }
    ofproto_port_set_config(ofproto, port, pm.config,
                            pm.mask & PORT_CONFIG_BITS);
    return 0;
}

static enum ofperr
handle_queue_stats_request(struct ofproto *ofproto, struct ofconn *ofconn,
                           const struct ofp_header *oh)
{
    struct ofputil_queue_stats_request qsr;
    enum ofperr error = ofputil_decode_queue_stats_request(oh, &qsr);
    if (error) {
        return error;
    }
    if (!is_any_port(qsr.port_no)
        && !ofproto_get_port(ofproto, qsr.port_no)) {
        return OFPERR_OFPQOFC_BAD_PORT;
    }

    /* osw's egress queues are tc classes set up by vswitchd, which
     * ofproto does not see: no queue statistics to report. */
    struct osw_list replies;
    ofpmp_init(&replies, oh);
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

/* Tables. */

static uint32_t
table_active_count(const struct ofproto *ofproto, uint8_t table_id)
{
    size_t n;
    free(ofproto_collect_rules(CONST_CAST(struct ofproto *, ofproto),
                               table_id, NULL, false, 0, 0, 0,
                               OFPROTO_OUT_PORT_ANY, OFPROTO_GROUP_ANY,
                               false, &n));
    return n;
}

static enum ofperr
handle_table_stats_request(struct ofproto *ofproto, struct ofconn *ofconn,
                           const struct ofp_header *oh)
{
    struct osw_list replies;

    ofproto_refresh_stats();
    ofpmp_init(&replies, oh);
    for (int i = 0; i < OFPROTO_N_VISIBLE_TABLES; i++) {
        const struct oftable *table = &ofproto->tables[i];
        struct ofputil_table_stats ts;

        memset(&ts, 0, sizeof ts);
        ts.table_id = i;
        /* Unnamed tables have empty names, as in Open vSwitch (so that
         * dump-tables prints runs of them as "ditto"). */
        if (table->name) {
            snprintf(ts.name, sizeof ts.name, "%s", table->name);
        }
        ts.max_entries = 1000000;
        ts.active_count = (classifier_is_empty(&table->cls)
                           ? 0 : table_active_count(ofproto, i));
        ts.lookup_count = table->n_lookups;
        ts.matched_count = table->n_matched;
        ofputil_append_table_stats_reply(&ts, &replies);
    }
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

static enum ofperr
handle_table_features_request(struct ofproto *ofproto,
                              struct ofconn *ofconn,
                              const struct ofp_header *oh)
{
    uint32_t *fields = xcalloc(MFF_N_IDS, sizeof *fields);
    size_t n_fields = 0;
    struct osw_list replies;

    for (int id = 0; id < MFF_N_IDS; id++) {
        const struct mf_field *mf = mf_from_id(id);
        /* NXM-only fields (registers, tunnel addresses...) are matchable
         * too: list them by their NXM header, as Open vSwitch does. */
        uint32_t header = mf ? mf_oxm_header(mf, oh->version) : 0;
        if (header) {
            fields[n_fields++] = header;
        }
    }

    ofpmp_init(&replies, oh);
    for (int i = 0; i < OFPROTO_N_VISIBLE_TABLES; i++) {
        const struct oftable *table = &ofproto->tables[i];
        struct ofputil_table_features tf;

        memset(&tf, 0, sizeof tf);
        tf.table_id = i;
        if (table->name) {
            snprintf(tf.name, sizeof tf.name, "%s", table->name);
        }
        tf.metadata_match = UINT64_MAX;
        tf.metadata_write = UINT64_MAX;
        tf.config = table->config;
        tf.max_entries = 1000000;
        tf.n_tables = OFPROTO_N_VISIBLE_TABLES;
        tf.fields = fields;
        tf.n_fields = n_fields;
        ofputil_append_table_features_reply(&tf, &replies);
    }
    free(fields);
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

static enum ofperr
handle_table_mod(struct ofproto *ofproto, const struct ofp_header *oh)
{
    struct ofputil_table_mod tm;
    enum ofperr error = ofputil_decode_table_mod(oh, &tm);
    if (error) {
        return error;
    }
    if (tm.table_id == OFPTT_ALL) {
        for (int i = 0; i < OFPROTO_N_TABLES; i++) {
            ofproto->tables[i].config = tm.config;
        }
    } else if (tm.table_id < OFPROTO_N_VISIBLE_TABLES) {
        ofproto->tables[tm.table_id].config = tm.config;
    } else {
        return OFPERR_OFPTMFC_BAD_TABLE;
    }
    return 0;
}

/* Flows. */

static void
fill_fm(struct ofproto_fm *fm, const struct ofputil_flow_mod *ofm)
{
    memset(fm, 0, sizeof *fm);
    fm->command = ofm->command;
    fm->match = ofm->match;
    fm->priority = ofm->priority;
    fm->table_id = ofm->table_id;
    fm->cookie = ofm->cookie;
    fm->cookie_mask = ofm->cookie_mask;
    fm->new_cookie = ofm->new_cookie;
    fm->modify_cookie = ofm->modify_cookie;
    fm->idle_timeout = ofm->idle_timeout;
    fm->hard_timeout = ofm->hard_timeout;
    fm->importance = ofm->importance;
    fm->flags = ofm->flags;             /* Same bits as OFPROTO_FF_*. */
    fm->out_port = (ofm->out_port == OFPP_NONE
                    ? OFPROTO_OUT_PORT_ANY : ofm->out_port);
    fm->out_group = ofm->out_group;
    fm->ofpacts = ofm->ofpacts;
    fm->ofpacts_len = ofm->ofpacts_len;
    fm->modify_may_add = true;
}

static enum ofperr packet_out__(struct ofproto *, struct dp_packet *,
                                uint16_t in_port, const struct ofpact *,
                                size_t ofpacts_len);

static enum ofperr
handle_flow_mod(struct ofproto *ofproto, struct ofconn *ofconn,
                const struct ofp_header *oh)
{
    struct ofputil_flow_mod ofm;
    struct ofpbuf ofpacts;
    enum ofperr error;

    ofpbuf_init(&ofpacts, 64);
    error = ofputil_decode_flow_mod(&ofm, oh, ofconn_get_protocol(ofconn),
                                    &ofpacts);
    if (!error && ofm.table_id >= OFPROTO_N_VISIBLE_TABLES
        && ofm.table_id != OFPTT_ALL) {
        /* Table 254 exists but, as in Open vSwitch, not for OpenFlow. */
        error = OFPERR_OFPFMFC_BAD_TABLE_ID;
    }
    if (!error) {
        struct ofproto_fm fm;
        fill_fm(&fm, &ofm);
        error = ofproto_flow_mod(ofproto, &fm);
    }
    if (!error && ofm.buffer_id != OFP_NO_BUFFER
        && ofm.command <= OFPFC_MODIFY_STRICT) {
        /* The buffered packet goes through the new tables. */
        struct dp_packet *packet;
        ofp_port_t in_port;
        error = ofconn_pktbuf_retrieve(ofconn, ofm.buffer_id, &packet,
                                       &in_port);
        if (!error) {
            struct ofpbuf acts;
            ofpbuf_init(&acts, 16);
            struct ofpact_output *out = OFPACT_PUT(OUTPUT, ofpact_output,
                                                   &acts);
            out->port = OFPP_TABLE;
            error = packet_out__(ofproto, packet, in_port, acts.data,
                                 acts.size);
            ofpbuf_uninit(&acts);
        }
    }
    ofpbuf_uninit(&ofpacts);
    return error;
}

static void
flow_stats_from_rule(const struct rule *rule, long long int now,
                     struct ofputil_flow_stats *fs)
{
    const struct rule_actions *a = rule->actions;

    memset(fs, 0, sizeof *fs);
    fs->match = rule->cr.match;
    fs->cookie = rule->cookie;
    fs->table_id = rule->table_id;
    duration(rule->created, &fs->duration_sec, &fs->duration_nsec);
    fs->priority = rule->cr.priority;
    fs->idle_timeout = rule->idle_timeout;
    fs->hard_timeout = rule->hard_timeout;
    fs->idle_age = (now - rule->used) / 1000;
    fs->hard_age = (now - rule->modified) / 1000;
    fs->packet_count = (rule->flags & OFPROTO_FF_NO_PKT_COUNTS
                        ? UINT64_MAX : rule->n_packets);
    fs->byte_count = (rule->flags & OFPROTO_FF_NO_BYT_COUNTS
                      ? UINT64_MAX : rule->n_bytes);
    fs->flags = rule->flags;
    fs->importance = rule->importance;
    fs->ofpacts = a->ofpacts;
    fs->ofpacts_len = a->ofpacts_len;
}

static struct rule **
collect_for_request(struct ofproto *ofproto,
                    const struct ofputil_flow_stats_request *fsr,
                    size_t *n)
{
    uint32_t out_port = (fsr->out_port == OFPP_NONE
                         ? OFPROTO_OUT_PORT_ANY : fsr->out_port);
    return ofproto_collect_rules(ofproto, fsr->table_id, &fsr->match,
                                 false, 0, fsr->cookie, fsr->cookie_mask,
                                 out_port, fsr->out_group, true, n);
}

static enum ofperr
handle_flow_stats_request(struct ofproto *ofproto, struct ofconn *ofconn,
                          const struct ofp_header *oh)
{
    struct ofputil_flow_stats_request fsr;
    enum ofperr error = ofputil_decode_flow_stats_request(&fsr, oh);
    if (error) {
        return error;
    }
    if (fsr.table_id != OFPTT_ALL && fsr.table_id >= OFPROTO_N_TABLES) {
        return OFPERR_OFPBRC_BAD_TABLE_ID;
    }

    size_t n;
    struct rule **rules = collect_for_request(ofproto, &fsr, &n);
    long long int now = time_msec();
    struct osw_list replies;
    ofpmp_init(&replies, oh);
    for (size_t i = 0; i < n; i++) {
        struct ofputil_flow_stats fs;
        flow_stats_from_rule(rules[i], now, &fs);
        ofputil_append_flow_stats_reply(&fs, &replies);
    }
    free(rules);
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

static enum ofperr
handle_aggregate_stats_request(struct ofproto *ofproto,
                               struct ofconn *ofconn,
                               const struct ofp_header *oh)
{
    struct ofputil_flow_stats_request fsr;
    enum ofperr error = ofputil_decode_flow_stats_request(&fsr, oh);
    if (error) {
        return error;
    }
    if (fsr.table_id != OFPTT_ALL && fsr.table_id >= OFPROTO_N_TABLES) {
        return OFPERR_OFPBRC_BAD_TABLE_ID;
    }

    size_t n;
    struct rule **rules = collect_for_request(ofproto, &fsr, &n);
    struct ofputil_aggregate_stats as = { 0, 0, 0 };
    for (size_t i = 0; i < n; i++) {
        const struct rule *rule = rules[i];
        if (!(rule->flags & OFPROTO_FF_NO_PKT_COUNTS)) {
            as.packet_count += rule->n_packets;
        }
        if (!(rule->flags & OFPROTO_FF_NO_BYT_COUNTS)) {
            as.byte_count += rule->n_bytes;
        }
        as.flow_count++;
    }
    free(rules);
    ofconn_send_reply(ofconn, ofputil_encode_aggregate_stats_reply(&as, oh));
    return 0;
}

/* Packet out. */

/* Runs 'packet' (taken over) from OpenFlow port 'in_port' through
 * 'ofpacts' and executes the result in the datapath. */
static enum ofperr
packet_out__(struct ofproto *ofproto, struct dp_packet *packet,
             uint16_t in_port, const struct ofpact *ofpacts,
             size_t ofpacts_len)
{
    struct dpif *dpif = ofproto_get_dpif();
    const struct ofport *port = ofproto_get_port(ofproto, in_port);
    struct flow flow;
    struct flow_wildcards wc;
    struct ofpbuf odp_actions;
    struct xlate_out out;

    if (!dpif) {
        dp_packet_delete(packet);
        return 0;
    }

    packet->in_port = port ? port->odp_port : 0;
    flow_extract(packet, &flow);
    flow.in_port = port ? port->odp_port : ODPP_NONE;

    ofpbuf_init(&odp_actions, 256);
    memset(&wc, 0, sizeof wc);
    xlate_out_init(&out, &odp_actions, &wc);

    struct xlate_cache *xcache = xlate_cache_new();
    ofproto_rdlock();
    struct xlate_in in = {
        .flow = &flow,
        .in_bundle = port && port->bundle ? &port->bundle->xb : NULL,
        .bundles = ofproto->flood,
        .n_bundles = ofproto->n_flood,
        .ml = ofproto->ml,
        .may_learn = true,
        .vlan_limit = ofproto_get_vlan_limit(),
        .ofproto = ofproto,
        .ofpacts = ofpacts,
        .ofpacts_len = ofpacts_len,
        .xcache = xcache,
    };
    int error = xlate_pipeline(&in, &out);
    ofproto_unlock();

    if (!error) {
        /* No megaflow will ever report this packet: credit the rules and
         * buckets it went through (resubmits, groups) now. */
        long long int now = time_msec();
        for (size_t i = 0; i < xcache->n_ids; i++) {
            ofproto_stats_credit(xcache->ids[i], 1, dp_packet_size(packet),
                                 now);
        }
    }
    xlate_cache_free(xcache);

    if (!error) {
        error = dpif_execute(dpif, packet, odp_actions.data,
                             odp_actions.size);
        if (error) {
            VLOG_WARN_RL(&rl, "bridge %s: packet-out execution failed (%s)",
                         ofproto->name, osw_strerror(error));
        }
    } else {
        dp_packet_delete(packet);
    }
    ofpbuf_uninit(&odp_actions);
    return 0;
}

static enum ofperr
handle_packet_out(struct ofproto *ofproto, struct ofconn *ofconn,
                  const struct ofp_header *oh)
{
    struct ofputil_packet_out po;
    struct ofpbuf ofpacts;
    struct dp_packet *packet;
    enum ofperr error;

    ofpbuf_init(&ofpacts, 64);
    error = ofputil_decode_packet_out(&po, oh, &ofpacts);
    if (error) {
        goto out;
    }
    if (po.in_port != OFPP_NONE && po.in_port != OFPP_CONTROLLER
        && po.in_port != OFPP_LOCAL
        && !ofproto_get_port(ofproto, po.in_port)) {
        if (po.in_port >= OFPP_MAX) {
            error = OFPERR_OFPBRC_BAD_PORT;
            goto out;
        }
        /* A port that does not exist (yet): Open vSwitch accepts it. */
    }

    if (po.buffer_id != OFP_NO_BUFFER) {
        ofp_port_t buf_in_port;
        error = ofconn_pktbuf_retrieve(ofconn, po.buffer_id, &packet,
                                       &buf_in_port);
        if (error) {
            goto out;
        }
    } else {
        packet = dp_packet_new_with_data(po.packet, po.packet_len);
    }

    /* The actions must suit the packet itself (as in Open vSwitch): a
     * set_field on a TCP port is fine for a TCP packet. */
    struct flow flow;
    struct match match;
    flow_extract(packet, &flow);
    flow.in_port = po.in_port;
    match_init_exact(&match, &flow);
    error = ofpacts_check(po.ofpacts, po.ofpacts_len, &match,
                          ofproto->max_ports, 0, OFPROTO_N_TABLES);
    if (error) {
        dp_packet_delete(packet);
        goto out;
    }
    error = packet_out__(ofproto, packet, po.in_port, po.ofpacts,
                         po.ofpacts_len);

out:
    ofpbuf_uninit(&ofpacts);
    return error;
}

/* Groups. */

static enum ofperr
handle_group_mod(struct ofproto *ofproto, const struct ofp_header *oh)
{
    struct ofputil_group_mod ogm;
    enum ofperr error = ofputil_decode_group_mod(oh, &ogm);

    if (!error) {
        size_t n = osw_list_size(&ogm.buckets);
        struct ofgroup_bucket *buckets = xcalloc(MAX(n, 1), sizeof *buckets);
        const struct ofputil_bucket *ob;
        size_t i = 0;

        OSW_LIST_FOR_EACH (ob, list_node, &ogm.buckets) {
            struct ofgroup_bucket *b = &buckets[i++];
            b->weight = ob->weight;
            b->watch_port = ob->watch_port;
            b->watch_group = ob->watch_group;
            b->bucket_id = ob->bucket_id;
            b->ofpacts = ob->ofpacts;
            b->ofpacts_len = ob->ofpacts_len;
        }
        if (ogm.command > OFPGC_DELETE) {
            error = OFPERR_OFPGMFC_BAD_COMMAND;
        } else {
            struct ofproto_group_mod gm = {
                .command = ogm.command,
                .type = ogm.type,
                .group_id = ogm.group_id,
                .buckets = buckets,
                .n_buckets = n,
            };
            error = ofproto_group_mod(ofproto, &gm);
        }
        free(buckets);
    }
    ofputil_uninit_group_mod(&ogm);
    return error;
}

/* An element of an id-keyed map, for sorting by id. */
struct id_item {
    uint32_t id;
    void *item;
};

static int
compare_id_items(const void *a_, const void *b_)
{
    const struct id_item *a = a_;
    const struct id_item *b = b_;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* The elements of 'map' whose uint32_t id (at 'id_ofs' in each element,
 * which embeds its hmap_node at 'node_ofs') is 'id', or all of them if
 * 'id' is 'all', sorted by id (OpenFlow replies list groups and meters in
 * order).  Stores their number in '*n'; the caller frees the array. */
static void **
sorted_by_id(const struct hmap *map, size_t node_ofs, size_t id_ofs,
             uint32_t id, uint32_t all, size_t *n)
{
    struct id_item *sorted = xcalloc(MAX(hmap_count(map), 1),
                                     sizeof *sorted);
    size_t k = 0;

    for (struct hmap_node *node = hmap_first(map); node;
         node = hmap_next(map, node)) {
        char *item = (char *) node - node_ofs;
        uint32_t item_id;

        memcpy(&item_id, item + id_ofs, sizeof item_id);
        if (id == all || item_id == id) {
            sorted[k].id = item_id;
            sorted[k++].item = item;
        }
    }
    qsort(sorted, k, sizeof *sorted, compare_id_items);

    void **items = xcalloc(MAX(k, 1), sizeof *items);
    for (size_t i = 0; i < k; i++) {
        items[i] = sorted[i].item;
    }
    free(sorted);
    *n = k;
    return items;
}

static void **
sorted_groups(const struct ofproto *ofproto, uint32_t group_id, size_t *n)
{
    return sorted_by_id(&ofproto->groups, offsetof(struct ofgroup, node),
                        offsetof(struct ofgroup, group_id), group_id,
                        OFPG_ALL, n);
}

static enum ofperr
handle_group_desc_stats_request(struct ofproto *ofproto,
                                struct ofconn *ofconn,
                                const struct ofp_header *oh)
{
    struct osw_list replies;
    size_t n;
    void **groups = sorted_groups(ofproto, OFPG_ALL, &n);

    ofpmp_init(&replies, oh);
    for (size_t i = 0; i < n; i++) {
        const struct ofgroup *g = groups[i];
        struct ofputil_group_desc gd;
        struct osw_list buckets;

        memset(&gd, 0, sizeof gd);
        gd.type = g->type;
        gd.group_id = g->group_id;
        osw_list_init(&gd.buckets);
        osw_list_init(&buckets);
        for (size_t j = 0; j < g->n_buckets; j++) {
            const struct ofgroup_bucket *b = &g->buckets[j];
            struct ofputil_bucket *ob = ofputil_bucket_create(
                b->ofpacts, b->ofpacts_len);
            ob->weight = b->weight;
            ob->watch_port = (b->watch_port > UINT16_MAX
                              ? OFPP_NONE : b->watch_port);
            ob->watch_group = b->watch_group;
            ob->bucket_id = j;
            osw_list_push_back(&buckets, &ob->list_node);
        }
        ofputil_append_group_desc_reply(&gd, &buckets, &replies);
        ofputil_bucket_list_destroy(&buckets);
    }
    free(groups);
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

static enum ofperr
handle_group_stats_request(struct ofproto *ofproto, struct ofconn *ofconn,
                           const struct ofp_header *oh)
{
    uint32_t group_id;
    enum ofperr error = ofputil_decode_group_stats_request(oh, &group_id);
    if (error) {
        return error;
    }

    ofproto_refresh_stats();

    struct osw_list replies;
    size_t n;
    void **groups = sorted_groups(ofproto, group_id, &n);
    ofpmp_init(&replies, oh);
    for (size_t i = 0; i < n; i++) {
        const struct ofgroup *g = groups[i];
        struct ofputil_group_stats gs;

        memset(&gs, 0, sizeof gs);
        gs.group_id = g->group_id;
        gs.ref_count = ofproto_count_rules_using(ofproto, g->group_id, 0);
        gs.packet_count = g->n_packets;
        gs.byte_count = g->n_bytes;
        duration(g->created, &gs.duration_sec, &gs.duration_nsec);
        gs.n_buckets = g->n_buckets;
        gs.bucket_stats = xcalloc(MAX(g->n_buckets, 1),
                                  sizeof *gs.bucket_stats);
        for (size_t j = 0; j < g->n_buckets; j++) {
            gs.bucket_stats[j].packet_count = g->buckets[j].n_packets;
            gs.bucket_stats[j].byte_count = g->buckets[j].n_bytes;
        }
        ofputil_append_group_stats(&replies, &gs);
        free(gs.bucket_stats);
    }
    free(groups);
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

/* The OpenFlow 1.3 action bits (OFPAT_*) that group buckets support. */
#define OFP13_BUCKET_ACTIONS ((1u << 0) | (1u << 11) | (1u << 12)      \
                              | (1u << 17) | (1u << 18) | (1u << 21)   \
                              | (1u << 22) | (1u << 23) | (1u << 24)   \
                              | (1u << 25))

static enum ofperr
handle_group_features_stats_request(struct ofconn *ofconn,
                                    const struct ofp_header *oh)
{
    struct ofputil_group_features gf;

    memset(&gf, 0, sizeof gf);
    gf.types = ((1u << OFPGT_ALL) | (1u << OFPGT_SELECT)
                | (1u << OFPGT_INDIRECT) | (1u << OFPGT_FF));
    gf.capabilities = (OFPGFC_SELECT_WEIGHT | OFPGFC_CHAINING
                       | OFPGFC_CHAINING_CHECKS);
    for (int i = 0; i < 4; i++) {
        gf.max_groups[i] = OFPG_MAX;
        gf.ofpacts[i] = OFP13_BUCKET_ACTIONS;
    }
    ofconn_send_reply(ofconn,
                      ofputil_encode_group_features_reply(&gf, oh));
    return 0;
}

/* Meters. */

static enum ofperr
handle_meter_mod(struct ofproto *ofproto, const struct ofp_header *oh)
{
    struct ofputil_meter_mod omm;
    struct ofpbuf bands;
    enum ofperr error;

    ofpbuf_init(&bands, 64);
    error = ofputil_decode_meter_mod(oh, &omm, &bands);
    if (!error) {
        if (omm.meter.n_bands > OFPROTO_MAX_BANDS) {
            error = OFPERR_OFPMMFC_OUT_OF_BANDS;
        } else if (omm.command > OFPMC_DELETE) {
            error = OFPERR_OFPMMFC_BAD_COMMAND;
        } else {
            struct ofproto_meter_mod mm;
            memset(&mm, 0, sizeof mm);
            mm.command = omm.command;
            mm.flags = omm.meter.flags;     /* Same bits as OFPMF_*. */
            mm.meter_id = omm.meter.meter_id;
            mm.n_bands = omm.meter.n_bands;
            for (size_t i = 0; i < mm.n_bands; i++) {
                const struct ofputil_meter_band *b = &omm.meter.bands[i];
                mm.bands[i].type = b->type;
                mm.bands[i].prec_level = b->prec_level;
                mm.bands[i].rate = b->rate;
                mm.bands[i].burst_size = b->burst_size;
            }
            error = ofproto_meter_mod(ofproto, &mm);
        }
    }
    ofpbuf_uninit(&bands);
    return error;
}

static void **
sorted_meters(const struct ofproto *ofproto, uint32_t meter_id, size_t *n)
{
    return sorted_by_id(&ofproto->meters, offsetof(struct ofmeter, node),
                        offsetof(struct ofmeter, meter_id), meter_id,
                        OFPM_ALL, n);
}

static enum ofperr
handle_meter_request(struct ofproto *ofproto, struct ofconn *ofconn,
                     const struct ofp_header *oh, bool config)
{
    uint32_t meter_id;
    enum ofperr error = ofputil_decode_meter_request(oh, &meter_id);
    if (error) {
        return error;
    }

    struct osw_list replies;
    size_t n;
    void **meters = sorted_meters(ofproto, meter_id, &n);
    ofpmp_init(&replies, oh);
    for (size_t i = 0; i < n; i++) {
        struct ofmeter *m = meters[i];

        if (config) {
            struct ofputil_meter_band bands[OFPROTO_MAX_BANDS];
            struct ofputil_meter_config mc = {
                .meter_id = m->meter_id, .flags = m->flags,
                .n_bands = m->n_bands, .bands = bands,
            };
            for (size_t j = 0; j < m->n_bands; j++) {
                bands[j].type = m->bands[j].type;
                bands[j].prec_level = m->bands[j].prec_level;
                bands[j].rate = m->bands[j].rate;
                bands[j].burst_size = m->bands[j].burst_size;
            }
            ofputil_append_meter_config(&replies, &mc);
        } else {
            struct ofputil_meter_band_stats bs[OFPROTO_MAX_BANDS];
            struct ofputil_meter_stats ms;

            ofproto_meter_get_stats(ofproto, m);
            memset(&ms, 0, sizeof ms);
            ms.meter_id = m->meter_id;
            ms.flow_count = m->flow_count;
            ms.packet_in_count = m->packet_in_count;
            ms.byte_in_count = m->byte_in_count;
            duration(m->created, &ms.duration_sec, &ms.duration_nsec);
            ms.n_bands = m->n_bands;
            ms.bands = bs;
            for (size_t j = 0; j < m->n_bands; j++) {
                bs[j].packet_count = m->bands[j].packet_count;
                bs[j].byte_count = m->bands[j].byte_count;
            }
            ofputil_append_meter_stats(&replies, &ms);
        }
    }
    free(meters);
    ofconn_send_replies(ofconn, &replies);
    return 0;
}

static enum ofperr
handle_meter_features_request(struct ofconn *ofconn,
                              const struct ofp_header *oh)
{
    struct ofputil_meter_features mf = {
        .max_meters = DPIF_N_METERS - 1,
        .band_types = (1u << OFPMBT_DROP) | (1u << OFPMBT_DSCP_REMARK),
        .capabilities = (OFPMF_KBPS | OFPMF_PKTPS | OFPMF_BURST
                         | OFPMF_STATS),
        .max_bands = OFPROTO_MAX_BANDS,
        .max_color = 0,
    };
    ofconn_send_reply(ofconn, ofputil_encode_meter_features_reply(&mf, oh));
    return 0;
}

/* Dispatch. */

/* Handles OpenFlow message 'oh' from 'ofconn'. */
enum ofperr
ofproto_handle_openflow(struct ofproto *ofproto, struct ofconn *ofconn,
                        const struct ofp_header *oh)
{
    enum ofptype type;
    enum ofperr error = ofptype_decode(&type, oh);
    if (error) {
        return error;
    }

    switch (type) {
    case OFPTYPE_FEATURES_REQUEST:
        return handle_features_request(ofproto, ofconn, oh);
    case OFPTYPE_DESC_STATS_REQUEST:
        return handle_desc_stats_request(ofproto, ofconn, oh);
    case OFPTYPE_PORT_DESC_STATS_REQUEST:
        return handle_port_desc_stats_request(ofproto, ofconn, oh);
    case OFPTYPE_PORT_STATS_REQUEST:
        return handle_port_stats_request(ofproto, ofconn, oh);
    case OFPTYPE_PORT_MOD:
        return handle_port_mod(ofproto, oh);
    case OFPTYPE_QUEUE_STATS_REQUEST:
        return handle_queue_stats_request(ofproto, ofconn, oh);
    case OFPTYPE_TABLE_STATS_REQUEST:
        return handle_table_stats_request(ofproto, ofconn, oh);
    case OFPTYPE_TABLE_FEATURES_STATS_REQUEST:
        return handle_table_features_request(ofproto, ofconn, oh);
    case OFPTYPE_TABLE_MOD:
        return handle_table_mod(ofproto, oh);
    case OFPTYPE_FLOW_MOD:
        return handle_flow_mod(ofproto, ofconn, oh);
    case OFPTYPE_FLOW_STATS_REQUEST:
        return handle_flow_stats_request(ofproto, ofconn, oh);
    case OFPTYPE_AGGREGATE_STATS_REQUEST:
        return handle_aggregate_stats_request(ofproto, ofconn, oh);
    case OFPTYPE_PACKET_OUT:
        return handle_packet_out(ofproto, ofconn, oh);
    case OFPTYPE_GROUP_MOD:
        return handle_group_mod(ofproto, oh);
    case OFPTYPE_GROUP_DESC_STATS_REQUEST:
        return handle_group_desc_stats_request(ofproto, ofconn, oh);
    case OFPTYPE_GROUP_STATS_REQUEST:
        return handle_group_stats_request(ofproto, ofconn, oh);
    case OFPTYPE_GROUP_FEATURES_STATS_REQUEST:
        return handle_group_features_stats_request(ofconn, oh);
    case OFPTYPE_METER_MOD:
        return handle_meter_mod(ofproto, oh);
    case OFPTYPE_METER_CONFIG_STATS_REQUEST:
        return handle_meter_request(ofproto, ofconn, oh, true);
    case OFPTYPE_METER_STATS_REQUEST:
        return handle_meter_request(ofproto, ofconn, oh, false);
    case OFPTYPE_METER_FEATURES_STATS_REQUEST:
        return handle_meter_features_request(ofconn, oh);
    case OFPTYPE_BARRIER_REQUEST:
        /* Everything before it is done, revalidation included. */
        ofconn_send_reply(ofconn, ofputil_encode_barrier_reply(oh));
        return 0;
    case OFPTYPE_FLOW_AGE:
        return 0;
    case OFPTYPE_BUNDLE_CONTROL:
    case OFPTYPE_BUNDLE_ADD_MESSAGE:
        return OFPERR_OFPBFC_MSG_UNSUP;

    case OFPTYPE_HELLO:
    case OFPTYPE_ERROR:
    case OFPTYPE_ECHO_REQUEST:
    case OFPTYPE_ECHO_REPLY:
    case OFPTYPE_FEATURES_REPLY:
    case OFPTYPE_GET_CONFIG_REQUEST:
    case OFPTYPE_GET_CONFIG_REPLY:
    case OFPTYPE_SET_CONFIG:
    case OFPTYPE_PACKET_IN:
    case OFPTYPE_FLOW_REMOVED:
    case OFPTYPE_PORT_STATUS:
    case OFPTYPE_ROLE_STATUS:
    case OFPTYPE_BARRIER_REPLY:
    case OFPTYPE_QUEUE_GET_CONFIG_REQUEST:
    case OFPTYPE_QUEUE_GET_CONFIG_REPLY:
    case OFPTYPE_ROLE_REQUEST:
    case OFPTYPE_ROLE_REPLY:
    case OFPTYPE_GET_ASYNC_REQUEST:
    case OFPTYPE_GET_ASYNC_REPLY:
    case OFPTYPE_SET_ASYNC_CONFIG:
    case OFPTYPE_SET_FLOW_FORMAT:
    case OFPTYPE_FLOW_MOD_TABLE_ID:
    case OFPTYPE_SET_PACKET_IN_FORMAT:
    case OFPTYPE_SET_CONTROLLER_ID:
    case OFPTYPE_DESC_STATS_REPLY:
    case OFPTYPE_FLOW_STATS_REPLY:
    case OFPTYPE_AGGREGATE_STATS_REPLY:
    case OFPTYPE_TABLE_STATS_REPLY:
    case OFPTYPE_PORT_STATS_REPLY:
    case OFPTYPE_QUEUE_STATS_REPLY:
    case OFPTYPE_GROUP_STATS_REPLY:
    case OFPTYPE_GROUP_DESC_STATS_REPLY:
    case OFPTYPE_GROUP_FEATURES_STATS_REPLY:
    case OFPTYPE_METER_STATS_REPLY:
    case OFPTYPE_METER_CONFIG_STATS_REPLY:
    case OFPTYPE_METER_FEATURES_STATS_REPLY:
    case OFPTYPE_TABLE_FEATURES_STATS_REPLY:
    case OFPTYPE_PORT_DESC_STATS_REPLY:
    case OFPTYPE_N_TYPES:
    default:
        break;
    }
    VLOG_DBG_RL(&rl, "bridge %s: unhandled OpenFlow message %s",
                ofproto->name, ofptype_get_name(type));
    return OFPERR_OFPBRC_BAD_TYPE;
}
