#include <config.h>
#include "ofp-print.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ofp-actions.h"
#include "ofp-errors.h"
#include "ofp-match.h"
#include "ofp-msgs.h"
#include "ofp-parse.h"
#include "ofp-util.h"
#include "ofproto.h"
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/flow.h"
#include "osw/match.h"
#include "osw/meta-flow.h"
#include "osw/ofpbuf.h"
#include "osw/packets.h"
#include "osw/util.h"

typedef const char *port_name_func(uint32_t, void *);

/* Small helpers. */

/* Appends "0" or the names of the bits of 'bits' (from 'names', indexed
 * by bit number; NULL entries print as 0x...) separated by spaces. */
static void
format_bit_names(struct ds *s, uint32_t bits, const char *const names[],
                 size_t n_names)
{
    if (!bits) {
        ds_put_cstr(s, "0");
        return;
    }
    bool first = true;
    for (size_t i = 0; i < 32; i++) {
        uint32_t bit = UINT32_C(1) << i;
        if (!(bits & bit)) {
            continue;
        }
        if (!first) {
            ds_put_char(s, ' ');
        }
        first = false;
        if (i < n_names && names[i]) {
            ds_put_cstr(s, names[i]);
        } else {
            ds_put_format(s, "0x%"PRIx32, bit);
        }
    }
}

/* Appends a duration as ovs-ofctl does: no decimals for whole seconds,
 * three for whole milliseconds (what switches usually report), otherwise
 * as many as needed. */
void
ofp_format_duration(struct ds *s, uint32_t sec, uint32_t nsec)
{
    ds_put_format(s, "%"PRIu32, sec);
    if (nsec > 0 && nsec < 1000000000) {
        if (nsec % 1000000 == 0) {
            ds_put_format(s, ".%03"PRIu32, nsec / 1000000);
        } else {
            ds_put_format(s, ".%09"PRIu32, nsec);
            while (ds_last(s) == '0') {
                ds_truncate(s, s->length - 1);
            }
        }
    }
    ds_put_char(s, 's');
}

static void
format_stat(struct ds *s, const char *name, uint64_t value, bool more)
{
    ds_put_cstr(s, name);
    if (value == UINT64_MAX) {
        ds_put_char(s, '?');
    } else {
        ds_put_format(s, "%"PRIu64, value);
    }
    if (more) {
        ds_put_cstr(s, ", ");
    }
}

static void
format_port(struct ds *s, uint16_t port, port_name_func *port_name,
            void *aux)
{
    ofp_format_port(port, port_name, aux, s);
}

/* Packets. */

/* Appends " tcp_csum:..." style checksums of the L4 header of 'packet'
 * (whose flow is 'flow'), as ovs-ofctl shows them after a packet. */
static void
format_l4_csum(struct ds *s, const struct dp_packet *packet,
               const struct flow *flow)
{
    const uint8_t *l4 = dp_packet_l4(packet);
    size_t l4_size = dp_packet_l4_size(packet);
    bool ip = (flow->dl_type == htons(ETH_TYPE_IP)
               || flow->dl_type == htons(ETH_TYPE_IPV6));
    const char *name = NULL;
    size_t ofs = 0;

    if (!l4 || !ip || flow->nw_frag & FLOW_NW_FRAG_LATER) {
        return;
    }
    switch (flow->nw_proto) {
    case 6: name = "tcp_csum"; ofs = 16; break;
    case 17: name = "udp_csum"; ofs = 6; break;
    case 1: name = "icmp_csum"; ofs = 2; break;
    case 58: name = "icmp6_csum"; ofs = 2; break;
    case 132:
        if (l4_size >= 12) {
            ds_put_format(s, " sctp_csum:%"PRIx32,
                          ((uint32_t) l4[8] << 24) | ((uint32_t) l4[9] << 16)
                          | ((uint32_t) l4[10] << 8) | l4[11]);
        }
        return;
    default:
        return;
    }
    if (l4_size >= ofs + 2) {
        ds_put_format(s, " %s:%"PRIx16, name,
                      (uint16_t) ((l4[ofs] << 8) | l4[ofs + 1]));
    }
}

/* Appends a one-line summary of an Ethernet frame; see ofp-print.h. */
void
ofp_format_packet(struct ds *s, const void *data, size_t len)
{
    struct dp_packet *packet = dp_packet_new_with_data(data, len);
    struct flow flow;
    struct match match;

    memset(&flow, 0, sizeof flow);
    enum flow_extract_error error = flow_extract(packet, &flow);

    match_init_exact(&match, &flow);
    static const enum mf_field_id metadata[] = {
        MFF_TUN_ID, MFF_TUN_SRC, MFF_TUN_DST, MFF_METADATA, MFF_IN_PORT,
        MFF_SKB_PRIORITY, MFF_PKT_MARK, MFF_REG0, MFF_REG1, MFF_REG2,
        MFF_REG3, MFF_REG4, MFF_REG5, MFF_REG6, MFF_REG7,
    };
    for (size_t i = 0; i < ARRAY_SIZE(metadata); i++) {
        mf_set_wild(mf_from_id(metadata[i]), &match);
    }
    ofputil_normalize_match(&match);
    match_format(&match, -1, s, NULL, NULL);
    if (error) {
        ds_put_format(s, " (%s)", flow_extract_error_to_string(error));
    } else {
        format_l4_csum(s, packet, &flow);
    }
    dp_packet_delete(packet);
}

/* Returns a malloc'd summary of a frame, ending in a new-line. */
char *
ofp_packet_to_string(const void *data, size_t len)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ofp_format_packet(&s, data, len);
    ds_put_char(&s, '\n');
    return ds_steal_cstr(&s);
}

static void
format_packet_data(struct ds *s, const void *data, size_t len,
                   int verbosity)
{
    if (verbosity > 0 && len) {
        ofp_format_packet(s, data, len);
        ds_put_char(s, '\n');
    }
    if (verbosity > 2 && len) {
        ds_put_hex_dump(s, data, len, 0, false);
    }
}

/* Ports. */

static const char *const port_config_names[] = {
    "PORT_DOWN", "NO_STP", "NO_RECV", "NO_RECV_STP", "NO_FLOOD", "NO_FWD",
    "NO_PACKET_IN",
};

static const char *const port_state_names[] = {
    "LINK_DOWN", "BLOCKED", "LIVE",
};

static const char *const port_feature_names[] = {
    "10MB-HD", "10MB-FD", "100MB-HD", "100MB-FD", "1GB-HD", "1GB-FD",
    "10GB-FD", "40GB-FD", "100GB-FD", "1TB-FD", "OTHER", "COPPER", "FIBER",
    "AUTO_NEG", "AUTO_PAUSE", "AUTO_PAUSE_ASYM",
};

static void
format_port_features(struct ds *s, const char *label, uint32_t features)
{
    if (features) {
        ds_put_cstr(s, label);
        format_bit_names(s, features, port_feature_names,
                         ARRAY_SIZE(port_feature_names));
        ds_put_char(s, '\n');
    }
}

/* Appends one port as "show" prints it; see ofp-print.h. */
void
ofp_format_phy_port(struct ds *s, const struct ofputil_phy_port *pp,
                    port_name_func *port_name OSW_UNUSED,
                    void *aux OSW_UNUSED, uint8_t version OSW_UNUSED)
{
    char name[sizeof pp->name + 1];

    memcpy(name, pp->name, sizeof pp->name);
    name[sizeof pp->name] = '\0';
    for (char *p = name; *p; p++) {
        if ((unsigned char) *p < 0x20 || (unsigned char) *p > 0x7e) {
            *p = '.';
        }
    }

    ds_put_char(s, ' ');
    format_port(s, pp->port_no, NULL, NULL);
    ds_put_format(s, "(%s): addr:"ETH_ADDR_FMT"\n", name,
                  ETH_ADDR_ARGS(pp->hw_addr));

    ds_put_cstr(s, "     config:     ");
    format_bit_names(s, pp->config, port_config_names,
                     ARRAY_SIZE(port_config_names));
    ds_put_cstr(s, "\n     state:      ");
    format_bit_names(s, pp->state, port_state_names,
                     ARRAY_SIZE(port_state_names));
    ds_put_char(s, '\n');
    format_port_features(s, "     current:    ", pp->curr);
    format_port_features(s, "     advertised: ", pp->advertised);
    format_port_features(s, "     supported:  ", pp->supported);
    format_port_features(s, "     peer:       ", pp->peer);
    ds_put_format(s, "     speed: %"PRIu32" Mbps now, %"PRIu32" Mbps max\n",
                  pp->curr_speed / 1000, pp->max_speed / 1000);
}

static int
compare_ports(const void *a_, const void *b_)
{
    const struct ofputil_phy_port *a = a_, *b = b_;
    return a->port_no < b->port_no ? -1 : a->port_no > b->port_no;
}

/* Appends 'n' ports sorted by number; see ofp-print.h. */
void
ofp_format_phy_ports(struct ds *s, const struct ofputil_phy_port *ports,
                     size_t n, port_name_func *port_name, void *aux,
                     uint8_t version)
{
    struct ofputil_phy_port *sorted = xmemdup(ports, n * sizeof *ports);

    qsort(sorted, n, sizeof *sorted, compare_ports);
    for (size_t i = 0; i < n; i++) {
        ofp_format_phy_port(s, &sorted[i], port_name, aux, version);
    }
    free(sorted);
}

/* Reads every port left in 'b' (of 'version''s format) and prints them
 * sorted. */
static void
format_port_list(struct ds *s, struct ofpbuf *b, uint8_t version,
                 port_name_func *port_name, void *aux)
{
    struct ofputil_phy_port *ports = NULL;
    size_t n = 0, allocated = 0;
    int error;

    for (;;) {
        struct ofputil_phy_port pp;
        error = ofputil_pull_phy_port(version, b, &pp);
        if (error) {
            break;
        }
        if (n >= allocated) {
            ports = x2nrealloc(ports, &allocated, sizeof *ports);
        }
        ports[n++] = pp;
    }
    ofp_format_phy_ports(s, ports, n, port_name, aux, version);
    free(ports);
    if (error != EOF) {
        ds_put_format(s, "***parse error: %s***\n",
                      ofperr_get_name(error));
    }
}

/* Features. */

static const char *const capability_names[] = {
    "FLOW_STATS", "TABLE_STATS", "PORT_STATS", "GROUP_STATS", NULL,
    "IP_REASM", "QUEUE_STATS", "ARP_MATCH_IP", "PORT_BLOCKED", "STP",
};

/* Appends a features reply's fixed part; see ofp-print.h. */
void
ofp_format_switch_features(struct ds *s,
                           const struct ofputil_switch_features *f,
                           uint8_t version)
{
    ds_put_format(s, " dpid:%016"PRIx64"\n", f->datapath_id);
    ds_put_format(s, "n_tables:%"PRIu8", n_buffers:%"PRIu32,
                  f->n_tables, f->n_buffers);
    if (f->auxiliary_id) {
        ds_put_format(s, ", auxiliary_id:%"PRIu8, f->auxiliary_id);
    }
    ds_put_cstr(s, "\ncapabilities: ");
    format_bit_names(s, f->capabilities, capability_names,
                     ARRAY_SIZE(capability_names));
    ds_put_char(s, '\n');

    if (version == OFP10_VERSION) {
        /* ovs-ofctl's order, not the bit order. */
        static const struct {
            int bit;
            const char *name;
        } actions[] = {
            { 0, "output" }, { 11, "enqueue" }, { 1, "set_vlan_vid" },
            { 2, "set_vlan_pcp" }, { 3, "strip_vlan" }, { 4, "mod_dl_src" },
            { 5, "mod_dl_dst" }, { 6, "mod_nw_src" }, { 7, "mod_nw_dst" },
            { 8, "mod_nw_tos" }, { 9, "mod_tp_src" }, { 10, "mod_tp_dst" },
        };
        ds_put_cstr(s, "actions:");
        for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
            if (f->actions & (UINT32_C(1) << actions[i].bit)) {
                ds_put_format(s, " %s", actions[i].name);
            }
        }
        ds_put_char(s, '\n');
    }
}

/* Flows. */

static void
format_flow_flags(struct ds *s, uint32_t flags)
{
    static const struct {
        uint32_t flag;
        const char *name;
    } names[] = {
        { OFPUTIL_FF_SEND_FLOW_REM, "send_flow_rem" },
        { OFPUTIL_FF_CHECK_OVERLAP, "check_overlap" },
        { OFPUTIL_FF_RESET_COUNTS, "reset_counts" },
        { OFPUTIL_FF_NO_PKT_COUNTS, "no_packet_counts" },
        { OFPUTIL_FF_NO_BYT_COUNTS, "no_byte_counts" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (flags & names[i].flag) {
            ds_put_format(s, "%s ", names[i].name);
        }
    }
}

/* Appends one dump-flows line; see ofp-print.h. */
void
ofp_format_flow_stats(struct ds *s, const struct ofputil_flow_stats *fs,
                      port_name_func *port_name, void *aux, bool show_stats)
{
    if (show_stats || fs->cookie) {
        ds_put_format(s, "cookie=0x%"PRIx64", ", fs->cookie);
    }
    if (show_stats) {
        ds_put_cstr(s, "duration=");
        ofp_format_duration(s, fs->duration_sec, fs->duration_nsec);
        ds_put_cstr(s, ", ");
    }
    if (show_stats || fs->table_id) {
        ds_put_format(s, "table=%"PRIu8", ", fs->table_id);
    }
    if (show_stats) {
        format_stat(s, "n_packets=", fs->packet_count, true);
        format_stat(s, "n_bytes=", fs->byte_count, true);
    }
    if (fs->idle_timeout) {
        ds_put_format(s, "idle_timeout=%"PRIu16", ", fs->idle_timeout);
    }
    if (fs->hard_timeout) {
        ds_put_format(s, "hard_timeout=%"PRIu16", ", fs->hard_timeout);
    }
    format_flow_flags(s, fs->flags);
    if (fs->importance) {
        ds_put_format(s, "importance=%"PRIu16", ", fs->importance);
    }
    if (show_stats && fs->idle_age >= 0) {
        ds_put_format(s, "idle_age=%d, ", fs->idle_age);
    }
    if (show_stats && fs->hard_age >= 0
        && (uint32_t) fs->hard_age != fs->duration_sec) {
        ds_put_format(s, "hard_age=%d, ", fs->hard_age);
    }

    size_t length = s->length;
    match_format(&fs->match, fs->priority, s, port_name, aux);
    if (s->length != length) {
        ds_put_char(s, ' ');
    }
    ds_put_cstr(s, "actions=");
    ofpacts_format(fs->ofpacts, fs->ofpacts_len, port_name, aux, s);
}

/* Appends aggregate statistics; see ofp-print.h. */
void
ofp_format_aggregate_stats(struct ds *s,
                           const struct ofputil_aggregate_stats *as)
{
    ds_put_format(s, " packet_count=%"PRIu64" byte_count=%"PRIu64
                  " flow_count=%"PRIu32, as->packet_count, as->byte_count,
                  as->flow_count);
}

/* Port and queue statistics. */

/* Appends one port's statistics; see ofp-print.h. */
void
ofp_format_port_stats(struct ds *s, const struct ofputil_port_stats *ps,
                      port_name_func *port_name, void *aux)
{
    ds_put_cstr(s, "  port ");
    if (ps->port_no < 10) {
        ds_put_char(s, ' ');
    }
    format_port(s, ps->port_no, port_name, aux);
    ds_put_cstr(s, ": rx ");
    format_stat(s, "pkts=", ps->rx_packets, true);
    format_stat(s, "bytes=", ps->rx_bytes, true);
    format_stat(s, "drop=", ps->rx_dropped, true);
    format_stat(s, "errs=", ps->rx_errors, true);
    format_stat(s, "frame=", ps->rx_frame_errors, true);
    format_stat(s, "over=", ps->rx_over_errors, true);
    format_stat(s, "crc=", ps->rx_crc_errors, false);
    ds_put_cstr(s, "\n           tx ");
    format_stat(s, "pkts=", ps->tx_packets, true);
    format_stat(s, "bytes=", ps->tx_bytes, true);
    format_stat(s, "drop=", ps->tx_dropped, true);
    format_stat(s, "errs=", ps->tx_errors, true);
    format_stat(s, "coll=", ps->collisions, false);
    ds_put_char(s, '\n');
    if (ps->duration_sec != UINT32_MAX) {
        ds_put_cstr(s, "           duration=");
        ofp_format_duration(s, ps->duration_sec, ps->duration_nsec);
        ds_put_char(s, '\n');
    }
}

static void
format_queue_id(struct ds *s, uint32_t queue_id)
{
    if (queue_id == OFPQ_ALL) {
        ds_put_cstr(s, "ALL");
    } else {
        ds_put_format(s, "%"PRIu32, queue_id);
    }
}

/* Appends one queue's statistics; see ofp-print.h. */
void
ofp_format_queue_stats(struct ds *s, const struct ofputil_queue_stats *qs,
                       port_name_func *port_name, void *aux)
{
    ds_put_cstr(s, "  port ");
    format_port(s, qs->port_no, port_name, aux);
    ds_put_cstr(s, " queue ");
    format_queue_id(s, qs->queue_id);
    ds_put_cstr(s, ": ");
    format_stat(s, "bytes=", qs->tx_bytes, true);
    format_stat(s, "pkts=", qs->tx_packets, true);
    format_stat(s, "errors=", qs->tx_errors, true);
    ds_put_cstr(s, "duration=");
    if (qs->duration_sec != UINT32_MAX) {
        ofp_format_duration(s, qs->duration_sec, qs->duration_nsec);
    } else {
        ds_put_char(s, '?');
    }
    ds_put_char(s, '\n');
}

/* Tables. */

/* Appends one table's statistics; see ofp-print.h. */
void
ofp_format_table_stats(struct ds *s, const struct ofputil_table_stats *ts)
{
    char name[OFP_MAX_TABLE_NAME_LEN + 1];

    memcpy(name, ts->name, sizeof ts->name);
    name[sizeof ts->name] = '\0';
    ds_put_format(s, "  table %"PRIu8, ts->table_id);
    if (name[0]) {
        ds_put_format(s, " (\"%s\")", name);
    }
    ds_put_cstr(s, ":\n");
    ds_put_format(s, "    active=%"PRIu32", lookup=%"PRIu64", matched=%"
                  PRIu64"\n", ts->active_count, ts->lookup_count,
                  ts->matched_count);
    if (ts->max_entries) {
        ds_put_format(s, "    max_entries=%"PRIu32"\n", ts->max_entries);
    }
}

static bool
table_stats_same(const struct ofputil_table_stats *a,
                 const struct ofputil_table_stats *b)
{
    return (a->active_count == b->active_count
            && a->lookup_count == b->lookup_count
            && a->matched_count == b->matched_count
            && a->max_entries == b->max_entries);
}

/* Ends a run of "ditto" tables 'first'...'last' (nothing if 'first' is
 * negative), on a line of its own after a blank one. */
static void
format_ditto(struct ds *s, int first, int last)
{
    if (first < 0) {
        return;
    }
    ds_put_char(s, '\n');
    if (first == last) {
        ds_put_format(s, "  table %d: ditto\n", first);
    } else {
        ds_put_format(s, "  tables %d...%d: ditto\n", first, last);
    }
}

/* The wildcards of the 'i'th table of OpenFlow 1.0 table stats reply
 * 'oh', or 0 if there is none. */
static uint32_t
ofp10_table_wildcards(const struct ofp_header *oh, size_t i)
{
    size_t hdr = ofpraw_header_len(OFPRAW_OFPST10_TABLE_REPLY,
                                   OFP10_VERSION);
    size_t ofs = hdr + i * sizeof(struct ofp10_table_stats)
                 + offsetof(struct ofp10_table_stats, wildcards);
    const uint8_t *p = (const uint8_t *) oh + ofs;

    if (ofs + 4 > ntohs(oh->length)) {
        return 0;
    }
    return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16)
           | ((uint32_t) p[2] << 8) | p[3];
}

/* Prints table stats as ovs-ofctl does: a table whose statistics and
 * features equal the previous table's is "ditto" (runs of unnamed ones
 * as "tables X...Y: ditto"); in OpenFlow 1.0, a table whose features
 * alone equal the previous table's says "(same features)". */
static void
format_table_stats_reply(struct ds *s, const struct ofp_header *oh)
{
    struct ofpbuf b = OFPBUF_CONST_INITIALIZER(oh, ntohs(oh->length));
    struct ofputil_table_stats prev;
    uint32_t prev_wildcards = 0;
    bool of10 = ofpraw_decode_assert(oh) == OFPRAW_OFPST10_TABLE_REPLY;
    int ditto_first = -1, ditto_last = -1;
    int error;

    memset(&prev, 0, sizeof prev);
    for (size_t i = 0; ; i++) {
        struct ofputil_table_stats ts;
        error = ofputil_decode_table_stats_reply(&b, &ts);
        if (error) {
            break;
        }
        uint32_t wildcards = of10 ? ofp10_table_wildcards(oh, i) : 0;
        bool same_matching = i > 0 && wildcards == prev_wildcards;
        bool same_features = (same_matching
                              && ts.max_entries == prev.max_entries);
        bool ditto = same_features && table_stats_same(&prev, &ts);
        char name[OFP_MAX_TABLE_NAME_LEN + 1];
        memcpy(name, ts.name, sizeof ts.name);
        name[sizeof ts.name] = '\0';

        prev = ts;
        prev_wildcards = wildcards;
        if (ditto && !name[0]) {
            if (ditto_first < 0) {
                ditto_first = ts.table_id;
            }
            ditto_last = ts.table_id;
            continue;
        }
        format_ditto(s, ditto_first, ditto_last);
        ditto_first = ditto_last = -1;

        /* Every table starts a line of its own; a full description also
         * ends with one, which leaves a blank line before the next. */
        ds_put_format(s, "\n  table %"PRIu8, ts.table_id);
        if (name[0]) {
            ds_put_format(s, " (\"%s\")", name);
        }
        ds_put_char(s, ':');
        if (ditto) {
            ds_put_cstr(s, " ditto");
            continue;
        }
        ds_put_format(s, "\n    active=%"PRIu32", lookup=%"PRIu64
                      ", matched=%"PRIu64"\n", ts.active_count,
                      ts.lookup_count, ts.matched_count);
        if (same_features && of10) {
            ds_put_cstr(s, "    (same features)\n");
        } else if (ts.max_entries) {
            ds_put_format(s, "    max_entries=%"PRIu32"\n", ts.max_entries);
            if (same_matching && of10) {
                ds_put_cstr(s, "    (same matching)\n");
            } else if ((wildcards & OFPMATCH10_ALL) == OFPMATCH10_ALL) {
                ds_put_cstr(s, "    matching:\n      exact match or "
                            "wildcard: in_port eth_{src,dst,type} "
                            "vlan_{vid,pcp} ip_{src,dst} nw_{proto,tos} "
                            "tcp_{src,dst}\n");
            }
        }
    }
    format_ditto(s, ditto_first, ditto_last);
    if (error != EOF) {
        ds_put_format(s, "\n***parse error: %s***\n",
                      ofperr_get_name(error));
    }
}

/* Groups. */

static const char *
group_type_name(uint8_t type)
{
    switch (type) {
    case OFPGT_ALL: return "all";
    case OFPGT_SELECT: return "select";
    case OFPGT_INDIRECT: return "indirect";
    case OFPGT_FF: return "ff";
    default: return NULL;
    }
}

static void
format_group_id(struct ds *s, uint32_t group_id)
{
    if (group_id == OFPG_ALL) {
        ds_put_cstr(s, "all");
    } else if (group_id == OFPG_ANY) {
        ds_put_cstr(s, "any");
    } else {
        ds_put_format(s, "%"PRIu32, group_id);
    }
}

static void
format_buckets(struct ds *s, uint8_t type, const struct osw_list *buckets,
               port_name_func *port_name, void *aux)
{
    const struct ofputil_bucket *b;

    OSW_LIST_FOR_EACH (b, list_node, buckets) {
        ds_put_cstr(s, ",bucket=");
        /* Only select groups weigh their buckets. */
        if (type == OFPGT_SELECT && b->weight != 1) {
            ds_put_format(s, "weight:%"PRIu16",", b->weight);
        }
        if (b->watch_port != OFPP_NONE) {
            ds_put_cstr(s, "watch_port:");
            format_port(s, b->watch_port, port_name, aux);
            ds_put_char(s, ',');
        }
        if (b->watch_group != OFPG_ANY) {
            ds_put_format(s, "watch_group:%"PRIu32",", b->watch_group);
        }
        ds_put_cstr(s, "actions=");
        ofpacts_format(b->ofpacts, b->ofpacts_len, port_name, aux, s);
    }
}

static void
format_group(struct ds *s, uint32_t group_id, uint8_t type,
             const struct osw_list *buckets, bool with_type,
             port_name_func *port_name, void *aux)
{
    ds_put_cstr(s, "group_id=");
    format_group_id(s, group_id);
    if (with_type) {
        const char *name = group_type_name(type);
        if (name) {
            ds_put_format(s, ",type=%s", name);
        } else {
            ds_put_format(s, ",type=%"PRIu8, type);
        }
    }
    if (buckets) {
        format_buckets(s, type, buckets, port_name, aux);
    }
}

/* Appends one group description; see ofp-print.h. */
void
ofp_format_group_desc(struct ds *s, const struct ofputil_group_desc *gd,
                      port_name_func *port_name, void *aux,
                      uint8_t version OSW_UNUSED)
{
    ds_put_char(s, ' ');
    format_group(s, gd->group_id, gd->type, &gd->buckets, true, port_name,
                 aux);
    ds_put_char(s, '\n');
}

/* Appends one group's statistics; see ofp-print.h. */
void
ofp_format_group_stats(struct ds *s, const struct ofputil_group_stats *gs)
{
    ds_put_format(s, " group_id=%"PRIu32",", gs->group_id);
    if (gs->duration_sec != UINT32_MAX) {
        ds_put_cstr(s, "duration=");
        ofp_format_duration(s, gs->duration_sec, gs->duration_nsec);
        ds_put_char(s, ',');
    }
    ds_put_format(s, "ref_count=%"PRIu32",", gs->ref_count);
    ds_put_format(s, "packet_count=%"PRIu64",", gs->packet_count);
    ds_put_format(s, "byte_count=%"PRIu64, gs->byte_count);
    for (uint32_t i = 0; i < gs->n_buckets; i++) {
        ds_put_format(s, ",bucket%"PRIu32":packet_count=%"PRIu64
                      ",byte_count=%"PRIu64, i,
                      gs->bucket_stats[i].packet_count,
                      gs->bucket_stats[i].byte_count);
    }
    ds_put_char(s, '\n');
}

/* Meters. */

static void
format_meter_id(struct ds *s, uint32_t meter_id, char sep)
{
    ds_put_format(s, "meter%c", sep);
    if (meter_id == OFPM_ALL) {
        ds_put_cstr(s, "all");
    } else if (meter_id == OFPM_CONTROLLER) {
        ds_put_cstr(s, "controller");
    } else if (meter_id == OFPM_SLOWPATH) {
        ds_put_cstr(s, "slowpath");
    } else {
        ds_put_format(s, "%"PRIu32, meter_id);
    }
}

static void
format_meter_flags(struct ds *s, uint16_t flags)
{
    static const char *const names[] = { "kbps", "pktps", "burst", "stats" };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (flags & (1u << i)) {
            ds_put_format(s, "%s ", names[i]);
        }
    }
    if (flags & ~0xfu) {
        ds_put_format(s, "0x%"PRIx16" ", (uint16_t) (flags & ~0xfu));
    }
}

static void
format_meter_band(struct ds *s, uint16_t flags,
                  const struct ofputil_meter_band *mb)
{
    ds_put_cstr(s, "\ntype=");
    switch (mb->type) {
    case OFPMBT_DROP:
        ds_put_cstr(s, "drop");
        break;
    case OFPMBT_DSCP_REMARK:
        ds_put_cstr(s, "dscp_remark");
        break;
    default:
        ds_put_format(s, "%"PRIu16, mb->type);
        break;
    }
    ds_put_format(s, " rate=%"PRIu32, mb->rate);
    if (flags & OFPMF_BURST) {
        ds_put_format(s, " burst_size=%"PRIu32, mb->burst_size);
    }
    if (mb->type == OFPMBT_DSCP_REMARK) {
        ds_put_format(s, " prec_level=%"PRIu8, mb->prec_level);
    }
}

/* Appends one meter's configuration; see ofp-print.h. */
void
ofp_format_meter_config(struct ds *s, const struct ofputil_meter_config *mc)
{
    format_meter_id(s, mc->meter_id, '=');
    ds_put_char(s, ' ');
    format_meter_flags(s, mc->flags);
    ds_put_cstr(s, "bands=");
    for (size_t i = 0; i < mc->n_bands; i++) {
        format_meter_band(s, mc->flags, &mc->bands[i]);
    }
}

/* Appends one meter's statistics; see ofp-print.h. */
void
ofp_format_meter_stats(struct ds *s, const struct ofputil_meter_stats *ms)
{
    format_meter_id(s, ms->meter_id, ':');
    ds_put_format(s, " flow_count:%"PRIu32" packet_in_count:%"PRIu64
                  " byte_in_count:%"PRIu64" duration:", ms->flow_count,
                  ms->packet_in_count, ms->byte_in_count);
    ofp_format_duration(s, ms->duration_sec, ms->duration_nsec);
    ds_put_cstr(s, " bands:\n");
    for (size_t i = 0; i < ms->n_bands; i++) {
        ds_put_format(s, "%zu: packet_count:%"PRIu64" byte_count:%"PRIu64
                      "\n", i, ms->bands[i].packet_count,
                      ms->bands[i].byte_count);
    }
}

/* Whole messages. */

/* Appends the first line's start: "NAME (OF1.x) (xid=0x..):". */
void
ofp_format_header(struct ds *s, const struct ofp_header *oh)
{
    enum ofpraw raw;

    if (!ofpraw_decode(&raw, oh)) {
        ds_put_cstr(s, ofpraw_get_name(raw));
    } else {
        ds_put_format(s, "***unknown type %"PRIu8"***", oh->type);
    }
    if (oh->version != OFP10_VERSION) {
        if (oh->version >= OFP10_VERSION && oh->version <= 0x09) {
            ds_put_format(s, " (OF1.%d)", oh->version - 1);
        } else {
            ds_put_format(s, " (OF 0x%02"PRIx8")", oh->version);
        }
    }
    ds_put_format(s, " (xid=0x%"PRIx32"):", ntohl(oh->xid));
}

static void
format_error_result(struct ds *s, enum ofperr error)
{
    ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
}

static void
format_hello(struct ds *s, const struct ofp_header *oh)
{
    uint32_t versions;
    bool ok = ofputil_decode_hello(oh, &versions);

    ds_put_cstr(s, "\n version bitmap: ");
    bool first = true;
    for (int v = 0; v < 32; v++) {
        if (versions & (UINT32_C(1) << v)) {
            ds_put_format(s, "%s0x%02x", first ? "" : ", ", v);
            first = false;
        }
    }
    if (!ok) {
        ds_put_cstr(s, "\n unknown data in hello:\n");
        ds_put_hex_dump(s, oh, ntohs(oh->length), 0, true);
    }
}

/* Each OFPT_ERROR formats the message it carries one verbosity lower.  A
 * peer can nest thousands of errors in one 64 kB message; each level would
 * recurse and hold an aligned copy of the rest, so past this verbosity the
 * payload is only dumped in hex. */
#define MIN_ERROR_VERBOSITY (-16)

static void
format_error_msg(struct ds *s, const struct ofp_header *oh, int verbosity)
{
    struct ofpbuf payload;
    enum ofperr error = ofperr_decode_msg(oh, &payload);

    if (!error) {
        ds_put_cstr(s, "***decode error***");
        return;
    }
    ds_put_char(s, ' ');
    ofperr_format(s, error);
    ds_put_char(s, '\n');

    if (error == OFPERR_OFPHFC_INCOMPATIBLE || error == OFPERR_OFPHFC_EPERM) {
        ds_put_buffer(s, payload.data, payload.size);
        return;
    }
    if (payload.size >= sizeof(struct ofp_header)) {
        const struct ofp_header *inner = payload.data;
        size_t inner_len = ntohs(inner->length);
        if (inner_len <= payload.size && inner_len >= sizeof *inner
            && verbosity > MIN_ERROR_VERBOSITY) {
            ofp_format_msg(s, inner, inner_len, NULL, NULL, verbosity - 1);
            return;
        }
        if (inner_len > payload.size) {
            ds_put_format(s, "(***truncated to %zu bytes from %zu"
                          "***)\n", payload.size, inner_len);
        }
    }
    ds_put_hex_dump(s, payload.data, payload.size, 0, true);
}

static void
format_echo(struct ds *s, const struct ofp_header *oh, int verbosity)
{
    size_t len = ntohs(oh->length) - sizeof *oh;

    ds_put_format(s, " %zu bytes of payload\n", len);
    if (verbosity > 1 && len) {
        ds_put_hex_dump(s, oh + 1, len, 0, true);
    }
}

static void
format_features_reply(struct ds *s, const struct ofp_header *oh,
                      port_name_func *port_name, void *aux)
{
    struct ofputil_switch_features f;
    struct ofpbuf b;
    enum ofperr error = ofputil_decode_switch_features(oh, &f, &b);

    if (error) {
        format_error_result(s, error);
        return;
    }
    ofp_format_switch_features(s, &f, oh->version);
    if (oh->version == OFP10_VERSION) {
        format_port_list(s, &b, oh->version, port_name, aux);
    }
}

static void
format_switch_config(struct ds *s, const struct ofp_header *oh)
{
    struct ofputil_switch_config sc;
    enum ofperr error = ofputil_decode_switch_config(oh, &sc);
    static const char *const frags[] = {
        "normal", "drop", "reassemble", "nx-match",
    };

    if (error) {
        format_error_result(s, error);
        return;
    }
    ds_put_format(s, " frags=%s", frags[sc.flags & OFPC_FRAG_MASK]);
    if (sc.flags & OFPC_INVALID_TTL_TO_CONTROLLER) {
        ds_put_cstr(s, " invalid_ttl_to_controller");
    }
    ds_put_format(s, " miss_send_len=%"PRIu16, sc.miss_send_len);
}

static const char *
packet_in_reason_name(uint8_t reason)
{
    static const char *const names[] = {
        "no_match", "action", "invalid_ttl", "action_set", "group",
        "packet_out",
    };
    return reason < ARRAY_SIZE(names) ? names[reason] : "unknown";
}

static void
format_packet_in(struct ds *s, const struct ofp_header *oh,
                 port_name_func *port_name, void *aux, int verbosity)
{
    struct ofputil_packet_in pin;
    enum ofperr error = ofputil_decode_packet_in(&pin, oh);

    if (error) {
        format_error_result(s, error);
        return;
    }
    if (pin.table_id) {
        ds_put_format(s, " table_id=%"PRIu8, pin.table_id);
    }
    /* An OpenFlow 1.0 packet-in carries no cookie. */
    if (pin.cookie != UINT64_MAX
        && (oh->version != OFP10_VERSION
            || ofpraw_decode_assert(oh) == OFPRAW_NXT_PACKET_IN)) {
        ds_put_format(s, " cookie=0x%"PRIx64, pin.cookie);
    }
    ds_put_format(s, " total_len=%zu ", pin.total_len);
    match_format(&pin.flow_metadata, OFP_DEFAULT_PRIORITY, s, port_name,
                 aux);
    ds_put_format(s, " (via %s)", packet_in_reason_name(pin.reason));
    ds_put_format(s, " data_len=%zu", pin.packet_len);
    if (pin.buffer_id == OFP_NO_BUFFER) {
        ds_put_cstr(s, " (unbuffered)");
    } else {
        ds_put_format(s, " buffer=0x%08"PRIx32, pin.buffer_id);
    }
    ds_put_char(s, '\n');
    format_packet_data(s, pin.packet, pin.packet_len, verbosity);
}

static const char *
flow_removed_reason_name(uint8_t reason)
{
    static const char *const names[] = {
        "idle", "hard", "delete", "group_delete", "meter_delete",
        "eviction",
    };
    return reason < ARRAY_SIZE(names) ? names[reason] : "unknown";
}

static void
format_flow_removed(struct ds *s, const struct ofp_header *oh,
                    port_name_func *port_name, void *aux)
{
    struct ofputil_flow_removed fr;
    enum ofperr error = ofputil_decode_flow_removed(&fr, oh);

    if (error) {
        format_error_result(s, error);
        return;
    }
    ds_put_char(s, ' ');
    match_format(&fr.match, fr.priority, s, port_name, aux);
    ds_put_format(s, " reason=%s", flow_removed_reason_name(fr.reason));
    /* OpenFlow 1.0's own flow_removed has no table id. */
    if (fr.table_id != OFPTT_ALL
        && ofpraw_decode_assert(oh) != OFPRAW_OFPT10_FLOW_REMOVED) {
        ds_put_format(s, " table_id=%"PRIu8, fr.table_id);
    }
    if (fr.cookie) {
        ds_put_format(s, " cookie:0x%"PRIx64, fr.cookie);
    }
    ds_put_cstr(s, " duration");
    ofp_format_duration(s, fr.duration_sec, fr.duration_nsec);
    ds_put_format(s, " idle%"PRIu16, fr.idle_timeout);
    if (fr.hard_timeout) {
        ds_put_format(s, " hard%"PRIu16, fr.hard_timeout);
    }
    ds_put_format(s, " pkts%"PRIu64" bytes%"PRIu64"\n", fr.packet_count,
                  fr.byte_count);
}

static void
format_port_status(struct ds *s, const struct ofp_header *oh,
                   port_name_func *port_name, void *aux)
{
    struct ofputil_port_status ps;
    enum ofperr error = ofputil_decode_port_status(oh, &ps);

    if (error) {
        format_error_result(s, error);
        return;
    }
    switch (ps.reason) {
    case OFPPR_ADD: ds_put_cstr(s, " ADD:"); break;
    case OFPPR_DELETE: ds_put_cstr(s, " DEL:"); break;
    case OFPPR_MODIFY: ds_put_cstr(s, " MOD:"); break;
    default: ds_put_format(s, " reason %"PRIu8":", ps.reason); break;
    }
    ofp_format_phy_port(s, &ps.desc, port_name, aux, oh->version);
}

static void
format_packet_out(struct ds *s, const struct ofp_header *oh,
                  port_name_func *port_name, void *aux, int verbosity)
{
    struct ofputil_packet_out po;
    struct ofpbuf ofpacts;

    ofpbuf_init(&ofpacts, 64);
    enum ofperr error = ofputil_decode_packet_out(&po, oh, &ofpacts);
    if (error) {
        format_error_result(s, error);
        ofpbuf_uninit(&ofpacts);
        return;
    }
    ds_put_cstr(s, " in_port=");
    format_port(s, po.in_port, port_name, aux);
    ds_put_cstr(s, " actions=");
    ofpacts_format(po.ofpacts, po.ofpacts_len, port_name, aux, s);
    if (po.buffer_id == OFP_NO_BUFFER) {
        ds_put_format(s, " data_len=%zu", po.packet_len);
        if (verbosity > 0 && po.packet_len) {
            ds_put_char(s, '\n');
            ofp_format_packet(s, po.packet, po.packet_len);
        }
        if (verbosity > 2 && po.packet_len) {
            ds_put_char(s, '\n');
            ds_put_hex_dump(s, po.packet, po.packet_len, 0, false);
        }
    } else {
        ds_put_format(s, " buffer=0x%08"PRIx32, po.buffer_id);
    }
    ofpbuf_uninit(&ofpacts);
}

static const char *
flow_mod_command_name(uint16_t command)
{
    switch (command) {
    case OFPFC_ADD: return "ADD";
    case OFPFC_MODIFY: return "MOD";
    case OFPFC_MODIFY_STRICT: return "MOD_STRICT";
    case OFPFC_DELETE: return "DEL";
    case OFPFC_DELETE_STRICT: return "DEL_STRICT";
    default: return NULL;
    }
}

/* Appends a decoded flow_mod as ovs-ofctl prints it (without the
 * header). */
static void
format_flow_mod__(struct ds *s, const struct ofputil_flow_mod *fm,
                  port_name_func *port_name, void *aux)
{
    const char *command = flow_mod_command_name(fm->command);

    ds_put_char(s, ' ');
    if (command) {
        ds_put_cstr(s, command);
    } else {
        ds_put_format(s, "cmd:%"PRIu16, fm->command);
    }
    if (fm->table_id) {
        ds_put_format(s, " table:%"PRIu8, fm->table_id);
    }
    ds_put_char(s, ' ');
    match_format(&fm->match, fm->priority, s, port_name, aux);
    if (ds_last(s) != ' ') {
        ds_put_char(s, ' ');
    }
    if (fm->new_cookie && fm->new_cookie != UINT64_MAX) {
        ds_put_format(s, "cookie:0x%"PRIx64" ", fm->new_cookie);
    }
    if (fm->cookie_mask) {
        ds_put_format(s, "cookie:0x%"PRIx64"/0x%"PRIx64" ", fm->cookie,
                      fm->cookie_mask);
    }
    if (fm->idle_timeout) {
        ds_put_format(s, "idle:%"PRIu16" ", fm->idle_timeout);
    }
    if (fm->hard_timeout) {
        ds_put_format(s, "hard:%"PRIu16" ", fm->hard_timeout);
    }
    if (fm->importance) {
        ds_put_format(s, "importance:%"PRIu16" ", fm->importance);
    }
    if (fm->buffer_id != OFP_NO_BUFFER) {
        ds_put_format(s, "buf:0x%"PRIx32" ", fm->buffer_id);
    }
    if (fm->out_port != OFPP_NONE) {
        ds_put_cstr(s, "out_port:");
        format_port(s, fm->out_port, port_name, aux);
        ds_put_char(s, ' ');
    }
    format_flow_flags(s, fm->flags);
    ds_put_cstr(s, "actions=");
    ofpacts_format(fm->ofpacts, fm->ofpacts_len, port_name, aux, s);
}

static void
format_flow_mod(struct ds *s, const struct ofp_header *oh,
                port_name_func *port_name, void *aux)
{
    struct ofputil_flow_mod fm;
    struct ofpbuf ofpacts;
    enum ofputil_protocol protocol = ofputil_protocol_set_tid(
        ofputil_protocol_from_ofp_version(oh->version), true);

    ofpbuf_init(&ofpacts, 64);
    enum ofperr error = ofputil_decode_flow_mod(&fm, oh, protocol, &ofpacts);
    if (error) {
        format_error_result(s, error);
    } else {
        format_flow_mod__(s, &fm, port_name, aux);
    }
    ofpbuf_uninit(&ofpacts);
}

static void
format_group_mod(struct ds *s, const struct ofp_header *oh,
                 port_name_func *port_name, void *aux)
{
    struct ofputil_group_mod gm;
    enum ofperr error = ofputil_decode_group_mod(oh, &gm);

    if (error) {
        format_error_result(s, error);
        ofputil_uninit_group_mod(&gm);
        return;
    }
    ds_put_cstr(s, "\n ");
    switch (gm.command) {
    case OFPGC_ADD: ds_put_cstr(s, "ADD"); break;
    case OFPGC_MODIFY: ds_put_cstr(s, "MOD"); break;
    case OFPGC_DELETE: ds_put_cstr(s, "DEL"); break;
    default: ds_put_format(s, "cmd:%"PRIu16, gm.command); break;
    }
    ds_put_char(s, ' ');
    format_group(s, gm.group_id, gm.type, &gm.buckets,
                 gm.command != OFPGC_DELETE, port_name, aux);
    ofputil_uninit_group_mod(&gm);
}

static void
format_port_config(struct ds *s, uint32_t config)
{
    format_bit_names(s, config, port_config_names,
                     ARRAY_SIZE(port_config_names));
    ds_put_char(s, '\n');
}

static void
format_port_mod(struct ds *s, const struct ofp_header *oh,
                port_name_func *port_name, void *aux)
{
    struct ofputil_port_mod pm;
    enum ofperr error = ofputil_decode_port_mod(oh, &pm, true);

    if (error) {
        format_error_result(s, error);
        return;
    }
    ds_put_cstr(s, " port: ");
    format_port(s, pm.port_no, port_name, aux);
    ds_put_format(s, ": addr:"ETH_ADDR_FMT"\n", ETH_ADDR_ARGS(pm.hw_addr));
    ds_put_cstr(s, "     config: ");
    format_port_config(s, pm.config);
    ds_put_cstr(s, "     mask:   ");
    format_port_config(s, pm.mask);
    ds_put_cstr(s, "     advertise: ");
    if (pm.advertise) {
        format_bit_names(s, pm.advertise, port_feature_names,
                         ARRAY_SIZE(port_feature_names));
        ds_put_char(s, '\n');
    } else {
        ds_put_cstr(s, "UNCHANGED\n");
    }
}

static void
format_table_mod(struct ds *s, const struct ofp_header *oh)
{
    struct ofputil_table_mod tm;
    enum ofperr error = ofputil_decode_table_mod(oh, &tm);

    if (error) {
        format_error_result(s, error);
        return;
    }
    if (tm.table_id == OFPTT_ALL) {
        ds_put_cstr(s, " table_id=all");
    } else {
        ds_put_format(s, " table_id=%"PRIu8, tm.table_id);
    }
    ds_put_format(s, ", config=0x%08"PRIx32, tm.config);
}

static void
format_meter_mod(struct ds *s, const struct ofp_header *oh)
{
    struct ofputil_meter_mod mm;
    struct ofpbuf bands;

    ofpbuf_init(&bands, 64);
    enum ofperr error = ofputil_decode_meter_mod(oh, &mm, &bands);
    if (error) {
        format_error_result(s, error);
        ofpbuf_uninit(&bands);
        return;
    }
    switch (mm.command) {
    case OFPMC_ADD: ds_put_cstr(s, " ADD "); break;
    case OFPMC_MODIFY: ds_put_cstr(s, " MOD "); break;
    case OFPMC_DELETE: ds_put_cstr(s, " DEL "); break;
    default: ds_put_format(s, " cmd:%"PRIu16" ", mm.command); break;
    }
    ofp_format_meter_config(s, &mm.meter);
    ofpbuf_uninit(&bands);
}

static const char *
role_name(enum ofp12_controller_role role)
{
    switch (role) {
    case OFPCR12_ROLE_NOCHANGE: return "nochange";
    case OFPCR12_ROLE_EQUAL: return "equal";
    case OFPCR12_ROLE_MASTER: return "primary";
    case OFPCR12_ROLE_SLAVE: return "secondary";
    default: return "unknown";
    }
}

static void
format_role(struct ds *s, const struct ofp_header *oh)
{
    struct ofputil_role_request rr;
    enum ofperr error = ofputil_decode_role_message(oh, &rr);

    if (error) {
        format_error_result(s, error);
        return;
    }
    ds_put_format(s, " role=%s", role_name(rr.role));
    if (rr.have_generation_id) {
        ds_put_format(s, " generation_id=%"PRIu64, rr.generation_id);
    }
}

/* Appends the reasons in 'mask' (bit N: reason N, named 'names[N]', of
 * which the first 'n' exist in this version), or "(off)". */
static void
format_async_reasons(struct ds *s, const char *label, uint32_t mask,
                     const char *const names[], size_t n)
{
    bool any = false;

    ds_put_format(s, "%16s:", label);
    for (size_t i = 0; i < n; i++) {
        if (mask & (UINT32_C(1) << i)) {
            ds_put_format(s, " %s", names[i]);
            any = true;
        }
    }
    ds_put_cstr(s, any ? "\n" : " (off)\n");
}

static void
format_async(struct ds *s, const struct ofp_header *oh)
{
    static const char *const pin_names[] = {
        "no_match", "action", "invalid_ttl", "action_set", "group",
        "packet_out",
    };
    static const char *const ps_names[] = { "add", "delete", "modify" };
    static const char *const fr_names[] = {
        "idle", "hard", "delete", "group_delete", "meter_delete", "eviction",
    };
    struct ofputil_async_cfg basis = ofputil_async_cfg_default(oh->version);
    struct ofputil_async_cfg cfg;
    enum ofperr error = ofputil_decode_set_async_config(oh, true, &basis,
                                                        &cfg);
    bool of14 = oh->version >= OFP14_VERSION;

    if (error) {
        format_error_result(s, error);
        return;
    }
    for (int i = 0; i < 2; i++) {
        ds_put_cstr(s, i ? "\n secondary:\n" : "\n primary:\n");
        format_async_reasons(s, "PACKET_IN", cfg.packet_in[i], pin_names,
                             of14 ? 6 : 3);
        format_async_reasons(s, "PORT_STATUS", cfg.port_status[i],
                             ps_names, 3);
        format_async_reasons(s, "FLOW_REMOVED", cfg.flow_removed[i],
                             fr_names, of14 ? 6 : 4);
        format_async_reasons(s, "ROLE_STATUS", 0, NULL, 0);
        format_async_reasons(s, "TABLE_STATUS", 0, NULL, 0);
        format_async_reasons(s, "REQUESTFORWARD", 0, NULL, 0);
    }
}

static void
format_nx_misc(struct ds *s, const struct ofp_header *oh, enum ofptype type)
{
    enum ofperr error = 0;

    if (type == OFPTYPE_SET_FLOW_FORMAT) {
        enum ofputil_protocol p;
        error = ofputil_decode_nx_set_flow_format(oh, &p);
        if (!error) {
            ds_put_format(s, " format=%s",
                          p == OFPUTIL_P_OF10_NXM ? "nxm" : "openflow10");
        }
    } else if (type == OFPTYPE_FLOW_MOD_TABLE_ID) {
        bool enable;
        error = ofputil_decode_flow_mod_table_id(oh, &enable);
        if (!error) {
            ds_put_cstr(s, enable ? " enable" : " disable");
        }
    } else if (type == OFPTYPE_SET_PACKET_IN_FORMAT) {
        enum nx_packet_in_format f;
        error = ofputil_decode_set_packet_in_format(oh, &f);
        if (!error) {
            ds_put_format(s, " format=%s",
                          (f == NXPIF_NXT_PACKET_IN ? "nxt_packet_in"
                           : f == NXPIF_STANDARD ? "standard"
                           : "nxt_packet_in2"));
        }
    } else if (type == OFPTYPE_SET_CONTROLLER_ID) {
        uint16_t id;
        error = ofputil_decode_set_controller_id(oh, &id);
        if (!error) {
            ds_put_format(s, " id=%"PRIu16, id);
        }
    }
    if (error) {
        format_error_result(s, error);
    }
}

/* Statistics. */

static void
format_flow_stats_request(struct ds *s, const struct ofp_header *oh,
                          port_name_func *port_name, void *aux)
{
    struct ofputil_flow_stats_request fsr;
    enum ofperr error = ofputil_decode_flow_stats_request(&fsr, oh);

    if (error) {
        format_error_result(s, error);
        return;
    }
    if (fsr.table_id != OFPTT_ALL) {
        ds_put_format(s, " table=%"PRIu8, fsr.table_id);
    }
    if (fsr.out_port != OFPP_NONE) {
        ds_put_cstr(s, " out_port=");
        format_port(s, fsr.out_port, port_name, aux);
    }
    if (fsr.out_group != OFPG_ANY) {
        ds_put_format(s, " out_group=%"PRIu32, fsr.out_group);
    }
    if (fsr.cookie_mask) {
        ds_put_format(s, " cookie=0x%"PRIx64"/0x%"PRIx64, fsr.cookie,
                      fsr.cookie_mask);
    }
    ds_put_char(s, ' ');
    match_format(&fsr.match, OFP_DEFAULT_PRIORITY, s, port_name, aux);
}

/* Decodes the next entry of a multipart reply from 'b' and, when that
 * succeeds, appends it to 's'.  Returns 0, EOF after the last entry, or an
 * error.  'scratch' holds decoded actions or bands. */
typedef int reply_entry_func(struct ds *s, struct ofpbuf *b,
                             struct ofpbuf *scratch, uint8_t version,
                             port_name_func *port_name, void *aux);

/* How one kind of multipart reply is printed. */
struct reply_kind {
    reply_entry_func *entry;
    const char *noun;           /* " N <noun>\n" header, or NULL for none. */
    const char *head;           /* Printed before the first entry. */
    bool nl_before_error;       /* Start an error on a line of its own. */
};

/* Appends every entry of the multipart reply 'oh', as 'kind' says. */
static void
format_reply_entries(struct ds *s, const struct ofp_header *oh,
                     const struct reply_kind *kind,
                     port_name_func *port_name, void *aux)
{
    struct ofpbuf b = OFPBUF_CONST_INITIALIZER(oh, ntohs(oh->length));
    struct ds body = DS_EMPTY_INITIALIZER;
    struct ofpbuf scratch;
    size_t n = 0;
    int error;

    ofpbuf_init(&scratch, 64);
    while (!(error = kind->entry(&body, &b, &scratch, oh->version,
                                 port_name, aux))) {
        n++;
    }
    ofpbuf_uninit(&scratch);
    if (kind->noun) {
        ds_put_format(s, " %zu %s\n", n, kind->noun);
    }
    ds_put_cstr(s, kind->head);
    ds_put_buffer(s, body.string ? body.string : "", body.length);
    ds_destroy(&body);
    if (error != EOF) {
        if (kind->nl_before_error) {
            ds_put_char(s, '\n');
        }
        format_error_result(s, error);
    }
}

static int
flow_stats_entry(struct ds *s, struct ofpbuf *b, struct ofpbuf *ofpacts,
                 uint8_t version, port_name_func *port_name, void *aux)
{
    struct ofputil_flow_stats fs;
    int error;

    ofpbuf_clear(ofpacts);
    error = ofputil_decode_flow_stats_reply(&fs, b, ofpacts);
    if (!error) {
        ds_put_cstr(s, "\n ");
        ofp_format_flow_stats(s, &fs, port_name, aux, true);
    }
    return error;
}

static int
port_stats_entry(struct ds *s, struct ofpbuf *b, struct ofpbuf *scratch,
                 uint8_t version, port_name_func *port_name, void *aux)
{
    struct ofputil_port_stats ps;
    int error = ofputil_decode_port_stats(&ps, b);

    if (!error) {
        ofp_format_port_stats(s, &ps, port_name, aux);
    }
    return error;
}

static int
queue_stats_entry(struct ds *s, struct ofpbuf *b, struct ofpbuf *scratch,
                  uint8_t version, port_name_func *port_name, void *aux)
{
    struct ofputil_queue_stats qs;
    int error = ofputil_decode_queue_stats(&qs, b);

    if (!error) {
        ofp_format_queue_stats(s, &qs, port_name, aux);
    }
    return error;
}

static int
group_desc_entry(struct ds *s, struct ofpbuf *b, struct ofpbuf *scratch,
                 uint8_t version, port_name_func *port_name, void *aux)
{
    struct ofputil_group_desc gd;
    int error = ofputil_decode_group_desc_reply(&gd, b);

    if (!error) {
        ofp_format_group_desc(s, &gd, port_name, aux, version);
        ofputil_uninit_group_desc(&gd);
    }
    return error;
}

static int
group_stats_entry(struct ds *s, struct ofpbuf *b, struct ofpbuf *scratch,
                  uint8_t version, port_name_func *port_name, void *aux)
{
    struct ofputil_group_stats gs;
    int error;

    memset(&gs, 0, sizeof gs);
    error = ofputil_decode_group_stats_reply(b, &gs);
    if (!error) {
        ofp_format_group_stats(s, &gs);
    }
    free(gs.bucket_stats);
    return error;
}

static int
meter_config_entry(struct ds *s, struct ofpbuf *b, struct ofpbuf *bands,
                   uint8_t version, port_name_func *port_name, void *aux)
{
    struct ofputil_meter_config mc;
    int error = ofputil_decode_meter_config(b, &mc, bands);

    if (!error) {
        ds_put_char(s, '\n');
        ofp_format_meter_config(s, &mc);
    }
    return error;
}

static int
meter_stats_entry(struct ds *s, struct ofpbuf *b, struct ofpbuf *bands,
                  uint8_t version, port_name_func *port_name, void *aux)
{
    struct ofputil_meter_stats ms;
    int error = ofputil_decode_meter_stats(b, &ms, bands);

    if (!error) {
        ds_put_char(s, '\n');
        ofp_format_meter_stats(s, &ms);
    }
    return error;
}

static const struct reply_kind flow_stats_kind = {
    flow_stats_entry, NULL, "", true };
static const struct reply_kind port_stats_kind = {
    port_stats_entry, "ports", "", false };
static const struct reply_kind queue_stats_kind = {
    queue_stats_entry, "queues", "", false };
static const struct reply_kind group_desc_kind = {
    group_desc_entry, NULL, "\n", false };
static const struct reply_kind group_stats_kind = {
    group_stats_entry, NULL, "\n", false };
static const struct reply_kind meter_config_kind = {
    meter_config_entry, NULL, "", true };
static const struct reply_kind meter_stats_kind = {
    meter_stats_entry, NULL, "", false };

static void
format_aggregate_reply(struct ds *s, const struct ofp_header *oh)
{
    struct ofputil_aggregate_stats as;
    enum ofperr error = ofputil_decode_aggregate_stats_reply(&as, oh);

    if (error) {
        format_error_result(s, error);
    } else {
        ofp_format_aggregate_stats(s, &as);
    }
}

static void
format_desc_reply(struct ds *s, const struct ofp_header *oh)
{
    struct ofputil_desc_stats ds_;
    enum ofperr error = ofputil_decode_desc_stats_reply(&ds_, oh);

    if (error) {
        format_error_result(s, error);
        return;
    }
    ds_put_format(s, "\nManufacturer: %s\nHardware: %s\nSoftware: %s\n"
                  "Serial Num: %s\nDP Description: %s\n", ds_.mfr_desc,
                  ds_.hw_desc, ds_.sw_desc, ds_.serial_num, ds_.dp_desc);
}

static void
format_port_stats_request(struct ds *s, const struct ofp_header *oh,
                          port_name_func *port_name, void *aux)
{
    uint16_t port;
    enum ofperr error = ofputil_decode_port_stats_request(oh, &port);

    if (error) {
        format_error_result(s, error);
        return;
    }
    ds_put_cstr(s, " port_no=");
    format_port(s, port, port_name, aux);
}

static void
format_port_desc_request(struct ds *s, const struct ofp_header *oh,
                         port_name_func *port_name, void *aux)
{
    uint16_t port;
    enum ofperr error = ofputil_decode_port_desc_stats_request(oh, &port);

    if (error) {
        format_error_result(s, error);
    } else if (oh->version >= OFP15_VERSION) {
        ds_put_cstr(s, " port=");
        format_port(s, port, port_name, aux);
    }
}

static void
format_port_desc_reply(struct ds *s, const struct ofp_header *oh,
                       port_name_func *port_name, void *aux)
{
    struct ofpbuf b = OFPBUF_CONST_INITIALIZER(oh, ntohs(oh->length));
    struct ofputil_phy_port *ports = NULL;
    size_t n = 0, allocated = 0;
    int error;

    for (;;) {
        struct ofputil_phy_port pp;
        error = ofputil_decode_port_desc_stats_reply(&b, &pp);
        if (error) {
            break;
        }
        if (n >= allocated) {
            ports = x2nrealloc(ports, &allocated, sizeof *ports);
        }
        ports[n++] = pp;
    }
    ds_put_char(s, '\n');
    ofp_format_phy_ports(s, ports, n, port_name, aux, oh->version);
    free(ports);
    if (error != EOF) {
        format_error_result(s, error);
    }
}

static void
format_queue_stats_request(struct ds *s, const struct ofp_header *oh,
                           port_name_func *port_name, void *aux)
{
    struct ofputil_queue_stats_request qsr;
    enum ofperr error = ofputil_decode_queue_stats_request(oh, &qsr);

    if (error) {
        format_error_result(s, error);
        return;
    }
    /* OFPP_ALL and OFPP_ANY both mean every port here. */
    ds_put_cstr(s, " port=");
    format_port(s, qsr.port_no == OFPP_ALL ? OFPP_NONE : qsr.port_no,
                port_name, aux);
    ds_put_cstr(s, " queue=");
    format_queue_id(s, qsr.queue_id);
}

static void
format_group_stats_request(struct ds *s, const struct ofp_header *oh)
{
    uint32_t group_id;
    enum ofperr error = ofputil_decode_group_stats_request(oh, &group_id);

    if (error) {
        format_error_result(s, error);
        return;
    }
    ds_put_cstr(s, " group_id=");
    format_group_id(s, group_id);
}

static void
format_group_features(struct ds *s, const struct ofp_header *oh)
{
    struct ofputil_group_features gf;
    enum ofperr error = ofputil_decode_group_features_reply(oh, &gf);
    static const char *const type_names[] = {
        "all", "select", "indirect", "fast failover",
    };
    /* OpenFlow 1.3 action numbers, in ovs-ofctl's order. */
    static const struct {
        int bit;
        const char *name;
    } actions[] = {
        { 0, "output" }, { 22, "group" }, { 25, "set_field" },
        { 18, "strip_vlan" }, { 17, "push_vlan" }, { 23, "mod_nw_ttl" },
        { 24, "dec_ttl" }, { 15, "set_mpls_ttl" }, { 16, "dec_mpls_ttl" },
        { 19, "push_mpls" }, { 20, "pop_mpls" }, { 21, "set_queue" },
    };

    if (error) {
        format_error_result(s, error);
        return;
    }
    ds_put_format(s, "\n Group table:\n    Types:  0x%"PRIx32
                  "\n    Capabilities:  0x%"PRIx32"\n", gf.types,
                  gf.capabilities);
    for (int i = 0; i < 4; i++) {
        if (!(gf.types & (1u << i))) {
            continue;
        }
        ds_put_format(s, "    %s group:\n       max_groups=0x%"PRIx32"\n"
                      "       actions:", type_names[i], gf.max_groups[i]);
        for (size_t j = 0; j < ARRAY_SIZE(actions); j++) {
            if (gf.ofpacts[i] & (UINT32_C(1) << actions[j].bit)) {
                ds_put_format(s, " %s", actions[j].name);
            }
        }
        ds_put_char(s, '\n');
    }
}

static void
format_meter_request(struct ds *s, const struct ofp_header *oh)
{
    uint32_t meter_id;
    enum ofperr error = ofputil_decode_meter_request(oh, &meter_id);

    if (error) {
        format_error_result(s, error);
    } else if (meter_id != OFPM_ALL) {
        ds_put_char(s, ' ');
        format_meter_id(s, meter_id, '=');
    }
}

static void
format_meter_features(struct ds *s, const struct ofp_header *oh)
{
    struct ofputil_meter_features mf;
    enum ofperr error = ofputil_decode_meter_features(oh, &mf);

    if (error) {
        format_error_result(s, error);
        return;
    }
    ds_put_format(s, "\nmax_meter:%"PRIu32" max_bands:%"PRIu8
                  " max_color:%"PRIu8"\n", mf.max_meters, mf.max_bands,
                  mf.max_color);
    ds_put_cstr(s, "band_types:");
    if (mf.band_types & (1u << OFPMBT_DROP)) {
        ds_put_cstr(s, " drop");
    }
    if (mf.band_types & (1u << OFPMBT_DSCP_REMARK)) {
        ds_put_cstr(s, " dscp_remark");
    }
    ds_put_cstr(s, "\ncapabilities: ");
    format_meter_flags(s, mf.capabilities);
    ds_chomp(s, ' ');
    ds_put_char(s, '\n');
}

/* ---- Table features, in ovs-ofctl's format. ---- */

/* Open vSwitch's field order (its field ids), which ovs-ofctl follows when
 * it lists fields: osw prints its fields in the same order and leaves out
 * those Open vSwitch does not know. */
static const char *const tf_field_order[] = {
    "tun_id", "tun_src", "tun_dst", "metadata", "in_port", "in_port_oxm",
    "pkt_mark",
    "reg0", "reg1", "reg2", "reg3", "reg4", "reg5", "reg6", "reg7",
    "reg8", "reg9", "reg10", "reg11", "reg12", "reg13", "reg14", "reg15",
    "xreg0", "xreg1", "xreg2", "xreg3", "xreg4", "xreg5", "xreg6", "xreg7",
    "eth_src", "eth_dst", "eth_type", "vlan_tci", "vlan_vid", "vlan_pcp",
    "mpls_label", "mpls_tc", "mpls_bos", "mpls_ttl",
    "ip_src", "ip_dst", "ipv6_src", "ipv6_dst", "ipv6_label", "nw_proto",
    "nw_tos", "ip_dscp", "nw_ecn", "nw_ttl", "ip_frag", "arp_op",
    "arp_spa", "arp_tpa", "arp_sha", "arp_tha", "tcp_src", "tcp_dst",
    "tcp_flags", "udp_src", "udp_dst", "sctp_src", "sctp_dst",
    "icmp_type", "icmp_code", "icmpv6_type", "icmpv6_code", "nd_target",
    "nd_sll", "nd_tll",
};

/* Collects into 'names' (at most ARRAY_SIZE(tf_field_order)) the names of
 * the fields whose 'flags' satisfy 'want' ('flags[id] == want', or any
 * nonzero flag if 'want' is 0), in Open vSwitch's order.  Returns how
 * many. */
static size_t
tf_collect_names(const uint8_t flags[MFF_N_IDS], int want,
                 const char **names)
{
    size_t n = 0;
    for (size_t i = 0; i < ARRAY_SIZE(tf_field_order); i++) {
        const struct mf_field *mf = mf_from_name(tf_field_order[i]);
        if (mf && !strcmp(mf->name, tf_field_order[i])
            && (want ? flags[mf->id] == want : flags[mf->id] != 0)) {
            names[n++] = mf->name;
        }
    }
    return n;
}

/* If 'name' ends in a decimal number, returns the length of what comes
 * before it and stores the number in '*num'; otherwise returns 0. */
static size_t
tf_split_number(const char *name, unsigned long *num)
{
    size_t len = strlen(name);
    size_t i = len;
    while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9') {
        i--;
    }
    if (i == len || i == 0) {
        return 0;
    }
    *num = strtoul(name + i, NULL, 10);
    return i;
}

/* Appends the 'n' names in 'names' to 's', separated by 'sep', folding a
 * run of names with a common "prefix_" into "prefix_{a,b}" and a run of
 * three or more consecutively numbered names into "reg0...reg7". */
static void
tf_put_names(struct ds *s, const char **names, size_t n, char sep)
{
    for (size_t i = 0; i < n; ) {
        if (i) {
            ds_put_char(s, sep);
        }
        const char *us = strchr(names[i], '_');
        size_t plen = us ? us - names[i] + 1 : 0;
        size_t j = i + 1;
        while (plen && j < n && !strncmp(names[j], names[i], plen)) {
            j++;
        }
        if (j - i > 1) {
            const char **rest = xmalloc((j - i) * sizeof *rest);
            for (size_t k = i; k < j; k++) {
                rest[k - i] = names[k] + plen;
            }
            ds_put_format(s, "%.*s{", (int) plen, names[i]);
            tf_put_names(s, rest, j - i, ',');
            ds_put_char(s, '}');
            free(rest);
            i = j;
            continue;
        }

        unsigned long first, num;
        size_t blen = tf_split_number(names[i], &first);
        j = i + 1;
        while (blen && j < n && tf_split_number(names[j], &num) == blen
               && !strncmp(names[j], names[i], blen)
               && num == first + (j - i)) {
            j++;
        }
        if (j - i > 2) {
            ds_put_format(s, "%s...%s", names[i], names[j - 1]);
            i = j;
        } else {
            /* Open vSwitch folds only runs of three or more. */
            ds_put_cstr(s, names[i]);
            i++;
        }
    }
}

/* Appends " NAME" for each field set in 'flags' (as tf_collect_names()
 * with 'want'), folded; returns false if there was none. */
static bool
tf_put_field_list(struct ds *s, const char *title,
                  const uint8_t flags[MFF_N_IDS], int want)
{
    const char *names[ARRAY_SIZE(tf_field_order)];
    size_t n = tf_collect_names(flags, want, names);
    if (!n) {
        return false;
    }
    ds_put_cstr(s, title);
    tf_put_names(s, names, n, ' ');
    ds_put_char(s, '\n');
    return true;
}

static bool
tf_flags_empty(const uint8_t flags[MFF_N_IDS])
{
    for (int i = 0; i < MFF_N_IDS; i++) {
        if (flags[i]) {
            return false;
        }
    }
    return true;
}

/* Action types (OpenFlow 1.3 numbering) with Open vSwitch's names, in its
 * order. */
static const struct {
    uint8_t type;
    const char *name;
} tf_action_names[] = {
    { 0, "output" }, { 22, "group" }, { 25, "set_field" },
    { 18, "strip_vlan" }, { 17, "push_vlan" }, { 23, "mod_nw_ttl" },
    { 24, "dec_ttl" }, { 15, "set_mpls_ttl" }, { 16, "dec_mpls_ttl" },
    { 19, "push_mpls" }, { 20, "pop_mpls" }, { 21, "set_queue" },
};

static uint64_t
tf_known_actions(uint64_t bits)
{
    uint64_t known = 0;
    for (size_t i = 0; i < ARRAY_SIZE(tf_action_names); i++) {
        known |= UINT64_C(1) << tf_action_names[i].type;
    }
    return bits & known;
}

/* Instruction types (OpenFlow 1.3) with Open vSwitch's names and order. */
static const struct {
    uint8_t type;
    const char *name;
} tf_instruction_names[] = {
    { 6, "meter" }, { 4, "apply_actions" }, { 5, "clear_actions" },
    { 3, "write_actions" }, { 2, "write_metadata" }, { 1, "goto_table" },
};

static uint32_t
tf_known_instructions(uint32_t bits)
{
    return bits & 0x7e;
}

static bool
tf_next_is_set(const uint8_t next[32], int t)
{
    return next[t / 8] & (1u << (t % 8));
}

/* Whether next-table sets 'a' (of table 'at') and 'b' (of 'bt') are the
 * same, taking into account that a table never goes to itself: table N's
 * "N+1..." equals table N+1's "N+2...". */
static bool
tf_next_equal(const uint8_t a[32], int at, const uint8_t b[32], int bt)
{
    if (at == bt + 1) {
        return tf_next_equal(b, bt, a, at);
    }
    for (int t = 0; t < 255; t++) {
        bool x = tf_next_is_set(a, t);
        bool y = tf_next_is_set(b, t);
        if (x != y && !(bt == at + 1 && t == bt && x)) {
            return false;
        }
    }
    return true;
}

static bool
tf_actions_equal(const struct ofputil_table_instruction_features *a,
                 const struct ofputil_table_instruction_features *b,
                 bool a_write, bool b_write)
{
    return (tf_known_actions(a_write ? a->write_actions : a->apply_actions)
            == tf_known_actions(b_write ? b->write_actions
                                : b->apply_actions)
            && !memcmp(a_write ? a->write_setfield : a->apply_setfield,
                       b_write ? b->write_setfield : b->apply_setfield,
                       MFF_N_IDS));
}

static bool
tf_tif_equal(const struct ofputil_table_instruction_features *a, int at,
             const struct ofputil_table_instruction_features *b, int bt)
{
    return (tf_next_equal(a->next, at, b->next, bt)
            && tf_known_instructions(a->instructions)
               == tf_known_instructions(b->instructions)
            && tf_actions_equal(a, b, true, true)
            && tf_actions_equal(a, b, false, false));
}

static bool
tf_tif_empty(const struct ofputil_table_instruction_features *tif)
{
    static const uint8_t zeros[32];
    return (!memcmp(tif->next, zeros, sizeof zeros)
            && !tf_known_instructions(tif->instructions)
            && !tf_known_actions(tif->write_actions)
            && !tf_known_actions(tif->apply_actions)
            && tf_flags_empty(tif->write_setfield)
            && tf_flags_empty(tif->apply_setfield));
}

static bool
tf_equal(const struct ofputil_table_features *a,
         const struct ofputil_table_features *b)
{
    return (a->metadata_match == b->metadata_match
            && a->metadata_write == b->metadata_write
            && a->supports_eviction == b->supports_eviction
            && a->supports_vacancy_events == b->supports_vacancy_events
            && a->max_entries == b->max_entries
            && tf_tif_equal(&a->tif[0], a->table_id, &b->tif[0], b->table_id)
            && tf_tif_equal(&a->tif[1], a->table_id, &b->tif[1], b->table_id)
            && !memcmp(a->match, b->match, sizeof a->match));
}

static void
tf_put_actions(struct ds *s,
               const struct ofputil_table_instruction_features *tif,
               bool write)
{
    uint64_t bits = tf_known_actions(write ? tif->write_actions
                                     : tif->apply_actions);
    if (bits) {
        ds_put_cstr(s, "        actions:");
        for (size_t i = 0; i < ARRAY_SIZE(tf_action_names); i++) {
            if (bits & (UINT64_C(1) << tf_action_names[i].type)) {
                ds_put_format(s, " %s", tf_action_names[i].name);
            }
        }
        ds_put_char(s, '\n');
    }
    tf_put_field_list(s, "        supported on Set-Field: ",
                      write ? tif->write_setfield : tif->apply_setfield, 0);
}

static void
tf_put_next_tables(struct ds *s, const uint8_t next[32])
{
    ds_put_cstr(s, "      next tables: ");
    for (int t = 0; t < 255; ) {
        if (!tf_next_is_set(next, t)) {
            t++;
            continue;
        }
        int end = t + 1;
        while (end < 255 && tf_next_is_set(next, end)) {
            end++;
        }
        if (end == t + 1) {
            ds_put_format(s, "%d,", t);
        } else {
            ds_put_format(s, "%d-%d,", t, end - 1);
        }
        t = end;
    }
    ds_chomp(s, ',');
    ds_put_char(s, '\n');
}

static void
tf_put_tif(struct ds *s, const struct ofputil_table_instruction_features *tif,
           const struct ofputil_table_instruction_features *prev)
{
    static const uint8_t zeros[32];
    if (memcmp(tif->next, zeros, sizeof zeros)) {
        tf_put_next_tables(s, tif->next);
    }

    uint32_t insts = tf_known_instructions(tif->instructions);
    if (insts) {
        if (prev && insts == tf_known_instructions(prev->instructions)) {
            ds_put_cstr(s, "      (same instructions)\n");
        } else {
            ds_put_cstr(s, "      instructions:");
            for (size_t i = 0; i < ARRAY_SIZE(tf_instruction_names); i++) {
                if (insts & (1u << tf_instruction_names[i].type)) {
                    ds_put_format(s, " %s", tf_instruction_names[i].name);
                }
            }
            ds_put_char(s, '\n');
        }
    }

    if (prev && tf_actions_equal(tif, prev, true, true)
        && tf_actions_equal(tif, prev, false, false)
        && !tf_flags_empty(tif->write_setfield)) {
        ds_put_cstr(s, "      (same actions)\n");
    } else if (!tf_actions_equal(tif, tif, true, false)) {
        ds_put_cstr(s, "      Write-Actions features:\n");
        tf_put_actions(s, tif, true);
        ds_put_cstr(s, "      Apply-Actions features:\n");
        tf_put_actions(s, tif, false);
    } else if (tf_known_actions(tif->write_actions)
               || !tf_flags_empty(tif->write_setfield)) {
        ds_put_cstr(s, "      Write-Actions and Apply-Actions features:\n");
        tf_put_actions(s, tif, true);
    }
}

/* Ends a run of "ditto" tables. */
static void
tf_finish_ditto(struct ds *s, int *first_ditto, int last_ditto)
{
    if (*first_ditto >= 0) {
        if (*first_ditto == last_ditto) {
            ds_put_format(s, "\n  table %d: ditto\n", *first_ditto);
        } else {
            ds_put_format(s, "\n  tables %d...%d: ditto\n", *first_ditto,
                          last_ditto);
        }
    }
    *first_ditto = -1;
}

/* Appends 'tf' to 's' as ovs-ofctl's dump-table-features does, comparing
 * it with the previous table 'prev' (NULL for the first): tables that are
 * the same as the previous one are folded into one "ditto" line, which
 * ofputil_format_table_features_finish() ends. */
void
ofputil_format_table_features(struct ds *s,
                              const struct ofputil_table_features *tf,
                              const struct ofputil_table_features *prev,
                              struct ofputil_table_features_ditto *d)
{
    int table = tf->table_id;
    bool same = prev && tf_equal(tf, prev);
    char name[OFP_MAX_TABLE_NAME_LEN + 1];

    memcpy(name, tf->name, sizeof tf->name);
    name[sizeof tf->name] = '\0';
    if (same && !name[0]) {
        if (d->first < 0) {
            d->first = table;
        }
        d->last = table;
        return;
    }
    tf_finish_ditto(s, &d->first, d->last);

    ds_put_format(s, "\n  table %d", table);
    if (name[0]) {
        ds_put_format(s, " (\"%s\")", name);
    }
    ds_put_char(s, ':');
    if (same) {
        ds_put_cstr(s, " ditto");
        return;
    }
    ds_put_char(s, '\n');
    if (tf->metadata_match || tf->metadata_write) {
        ds_put_format(s, "    metadata: match=%#"PRIx64" write=%#"PRIx64"\n",
                      tf->metadata_match, tf->metadata_write);
    }
    if (tf->supports_eviction >= 0) {
        ds_put_format(s, "    eviction: %ssupported\n",
                      tf->supports_eviction ? "" : "not ");
    }
    if (tf->supports_vacancy_events >= 0) {
        ds_put_format(s, "    vacancy events: %ssupported\n",
                      tf->supports_vacancy_events ? "" : "not ");
    }
    if (tf->max_entries) {
        ds_put_format(s, "    max_entries=%"PRIu32"\n", tf->max_entries);
    }

    const struct ofputil_table_instruction_features *pn
        = prev ? &prev->tif[0] : NULL;
    const struct ofputil_table_instruction_features *pm
        = prev ? &prev->tif[1] : NULL;
    if (prev && tf_tif_equal(&tf->tif[0], table, pn, prev->table_id)
        && tf_tif_equal(&tf->tif[1], table, pm, prev->table_id)) {
        if (!tf_tif_empty(&tf->tif[0])) {
            ds_put_cstr(s, "    (same instructions)\n");
        }
    } else if (!tf_tif_equal(&tf->tif[0], table, &tf->tif[1], table)) {
        ds_put_cstr(s, "    instructions (other than table miss):\n");
        tf_put_tif(s, &tf->tif[0], pn);
        ds_put_cstr(s, "    instructions (table miss):\n");
        tf_put_tif(s, &tf->tif[1], pm);
    } else if (!tf_tif_empty(&tf->tif[0])) {
        ds_put_cstr(s, "    instructions (table miss and others):\n");
        tf_put_tif(s, &tf->tif[0], pn);
    }

    if (!tf_flags_empty(tf->match)) {
        if (prev && !memcmp(tf->match, prev->match, sizeof tf->match)) {
            ds_put_cstr(s, "    (same matching)\n");
        } else {
            ds_put_cstr(s, "    matching:\n");
            tf_put_field_list(s, "      arbitrary mask: ", tf->match,
                              OFPUTIL_TFM_MASK);
            tf_put_field_list(s, "      exact match or wildcard: ",
                              tf->match, OFPUTIL_TFM_WILDCARD);
            tf_put_field_list(s, "      must exact match: ", tf->match,
                              OFPUTIL_TFM_EXACT);
        }
    }
}

/* Ends the output of a sequence of ofputil_format_table_features()
 * calls. */
void
ofputil_format_table_features_finish(struct ds *s,
                                     struct ofputil_table_features_ditto *d)
{
    tf_finish_ditto(s, &d->first, d->last);
}

static void
format_table_features_reply(struct ds *s, const struct ofp_header *oh)
{
    struct ofpbuf b = OFPBUF_CONST_INITIALIZER(oh, ntohs(oh->length));
    struct ofputil_table_features_ditto d = { -1, -1 };
    struct ofputil_table_features *tf = xmalloc(2 * sizeof *tf);
    int error;

    for (int i = 0; ; i++) {
        error = ofputil_decode_table_features(&b, &tf[i % 2]);
        if (error) {
            break;
        }
        ofputil_format_table_features(s, &tf[i % 2],
                                      i ? &tf[(i + 1) % 2] : NULL, &d);
    }
    ofputil_format_table_features_finish(s, &d);
    free(tf);
    if (error != EOF) {
        format_error_result(s, error);
    }
}

/* Appends the body of a decoded-type message. */
static void
format_body(struct ds *s, const struct ofp_header *oh, enum ofptype type,
            port_name_func *port_name, void *aux, int verbosity)
{
    switch (type) {
    case OFPTYPE_HELLO:
        format_hello(s, oh);
        break;
    case OFPTYPE_ERROR:
        format_error_msg(s, oh, verbosity);
        break;
    case OFPTYPE_ECHO_REQUEST:
    case OFPTYPE_ECHO_REPLY:
        format_echo(s, oh, verbosity);
        break;
    case OFPTYPE_FEATURES_REPLY:
        format_features_reply(s, oh, port_name, aux);
        break;
    case OFPTYPE_GET_CONFIG_REPLY:
    case OFPTYPE_SET_CONFIG:
        format_switch_config(s, oh);
        break;
    case OFPTYPE_PACKET_IN:
        format_packet_in(s, oh, port_name, aux, verbosity);
        break;
    case OFPTYPE_FLOW_REMOVED:
        format_flow_removed(s, oh, port_name, aux);
        break;
    case OFPTYPE_PORT_STATUS:
        format_port_status(s, oh, port_name, aux);
        break;
    case OFPTYPE_PACKET_OUT:
        format_packet_out(s, oh, port_name, aux, verbosity);
        break;
    case OFPTYPE_FLOW_MOD:
        format_flow_mod(s, oh, port_name, aux);
        break;
    case OFPTYPE_GROUP_MOD:
        format_group_mod(s, oh, port_name, aux);
        break;
    case OFPTYPE_PORT_MOD:
        format_port_mod(s, oh, port_name, aux);
        break;
    case OFPTYPE_TABLE_MOD:
        format_table_mod(s, oh);
        break;
    case OFPTYPE_METER_MOD:
        format_meter_mod(s, oh);
        break;
    case OFPTYPE_ROLE_REQUEST:
    case OFPTYPE_ROLE_REPLY:
        format_role(s, oh);
        break;
    case OFPTYPE_GET_ASYNC_REPLY:
    case OFPTYPE_SET_ASYNC_CONFIG:
        format_async(s, oh);
        break;
    case OFPTYPE_SET_FLOW_FORMAT:
    case OFPTYPE_FLOW_MOD_TABLE_ID:
    case OFPTYPE_SET_PACKET_IN_FORMAT:
    case OFPTYPE_SET_CONTROLLER_ID:
        format_nx_misc(s, oh, type);
        break;
    case OFPTYPE_DESC_STATS_REPLY:
        format_desc_reply(s, oh);
        break;
    case OFPTYPE_FLOW_STATS_REQUEST:
    case OFPTYPE_AGGREGATE_STATS_REQUEST:
        format_flow_stats_request(s, oh, port_name, aux);
        break;
    case OFPTYPE_FLOW_STATS_REPLY:
        format_reply_entries(s, oh, &flow_stats_kind, port_name, aux);
        break;
    case OFPTYPE_AGGREGATE_STATS_REPLY:
        format_aggregate_reply(s, oh);
        break;
    case OFPTYPE_TABLE_STATS_REPLY:
        format_table_stats_reply(s, oh);
        break;
    case OFPTYPE_PORT_STATS_REQUEST:
        format_port_stats_request(s, oh, port_name, aux);
        break;
    case OFPTYPE_PORT_STATS_REPLY:
        format_reply_entries(s, oh, &port_stats_kind, port_name, aux);
        break;
    case OFPTYPE_QUEUE_STATS_REQUEST:
        format_queue_stats_request(s, oh, port_name, aux);
        break;
    case OFPTYPE_QUEUE_STATS_REPLY:
        format_reply_entries(s, oh, &queue_stats_kind, port_name, aux);
        break;
    case OFPTYPE_GROUP_STATS_REQUEST:
        format_group_stats_request(s, oh);
        break;
    case OFPTYPE_GROUP_STATS_REPLY:
        format_reply_entries(s, oh, &group_stats_kind, port_name, aux);
        break;
    case OFPTYPE_GROUP_DESC_STATS_REPLY:
        format_reply_entries(s, oh, &group_desc_kind, port_name, aux);
        break;
    case OFPTYPE_GROUP_FEATURES_STATS_REPLY:
        format_group_features(s, oh);
        break;
    case OFPTYPE_METER_STATS_REQUEST:
    case OFPTYPE_METER_CONFIG_STATS_REQUEST:
        format_meter_request(s, oh);
        break;
    case OFPTYPE_METER_CONFIG_STATS_REPLY:
        format_reply_entries(s, oh, &meter_config_kind, port_name, aux);
        break;
    case OFPTYPE_METER_STATS_REPLY:
        format_reply_entries(s, oh, &meter_stats_kind, port_name, aux);
        break;
    case OFPTYPE_METER_FEATURES_STATS_REPLY:
        format_meter_features(s, oh);
        break;
    case OFPTYPE_TABLE_FEATURES_STATS_REPLY:
        format_table_features_reply(s, oh);
        break;
    case OFPTYPE_PORT_DESC_STATS_REQUEST:
        format_port_desc_request(s, oh, port_name, aux);
        break;
    case OFPTYPE_PORT_DESC_STATS_REPLY:
        format_port_desc_reply(s, oh, port_name, aux);
        break;
    case OFPTYPE_FEATURES_REQUEST:
    case OFPTYPE_GET_CONFIG_REQUEST:
    case OFPTYPE_BARRIER_REQUEST:
    case OFPTYPE_BARRIER_REPLY:
    case OFPTYPE_QUEUE_GET_CONFIG_REQUEST:
    case OFPTYPE_QUEUE_GET_CONFIG_REPLY:
    case OFPTYPE_GET_ASYNC_REQUEST:
    case OFPTYPE_ROLE_STATUS:
    case OFPTYPE_BUNDLE_CONTROL:
    case OFPTYPE_BUNDLE_ADD_MESSAGE:
    case OFPTYPE_FLOW_AGE:
    case OFPTYPE_DESC_STATS_REQUEST:
    case OFPTYPE_TABLE_STATS_REQUEST:
    case OFPTYPE_GROUP_DESC_STATS_REQUEST:
    case OFPTYPE_GROUP_FEATURES_STATS_REQUEST:
    case OFPTYPE_METER_FEATURES_STATS_REQUEST:
    case OFPTYPE_TABLE_FEATURES_STATS_REQUEST:
    case OFPTYPE_N_TYPES:
    default:
        break;
    }
}

/* Appends a description of the 'len' bytes at 'oh'; see ofp-print.h. */
void
ofp_format_msg(struct ds *s, const void *oh_, size_t len,
               port_name_func *port_name, void *aux, int verbosity)
{
    const struct ofp_header *oh = oh_;

    if (oh && len && (uintptr_t) oh % 8) {
        /* The decoders read through struct pointers and need 8-byte
         * alignment; a message nested in another (the request inside an
         * OFPT_ERROR sits at offset 12) or read from a file may not have
         * it. */
        void *copy = xmemdup(oh, len);
        ofp_format_msg(s, copy, len, port_name, aux, verbosity);
        free(copy);
        return;
    }
    if (!oh || len < sizeof *oh) {
        ds_put_format(s, "OpenFlow packet too short (only %zu"
                      " bytes):\n", len);
        if (oh && len) {
            ds_put_hex_dump(s, oh, len, 0, true);
        }
        return;
    }
    size_t msg_len = ntohs(oh->length);
    if (msg_len > len) {
        ofp_format_header(s, oh);
        ds_put_format(s, "\n(***truncated to %zu bytes from %zu***)\n",
                      len, msg_len);
        ds_put_hex_dump(s, oh, len, 0, true);
        return;
    }
    if (msg_len < sizeof *oh) {
        ds_put_format(s, "(***bad length %zu***)\n", msg_len);
        ds_put_hex_dump(s, oh, len, 0, true);
        return;
    }

    enum ofptype type;
    enum ofperr error = ofptype_decode(&type, oh);
    if (error) {
        ds_put_format(s, "***decode error: %s***\n", ofperr_get_name(error));
        ds_put_hex_dump(s, oh, msg_len, 0, true);
    } else {
        ofp_format_header(s, oh);
        format_body(s, oh, type, port_name, aux, verbosity);
    }
    if (msg_len < len) {
        ds_put_format(s, "\n(***%zu leftover bytes***)\n",
                      len - msg_len);
    }
    if (ds_last(s) != '\n') {
        ds_put_char(s, '\n');
    }
}

/* Returns a malloc'd description of the message at 'oh'; see
 * ofp-print.h. */
char *
ofp_to_string(const void *oh, size_t len, int verbosity)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ofp_format_msg(&s, oh, len, NULL, NULL, verbosity);
    return ds_steal_cstr(&s);
}

/* Prints the description of the message at 'oh' to 'stream'. */
void
ofp_print(FILE *stream, const void *oh, size_t len, int verbosity)
{
    char *s = ofp_to_string(oh, len, verbosity);
    fputs(s, stream);
    free(s);
}
