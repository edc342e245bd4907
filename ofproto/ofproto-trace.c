/* ofproto/trace and ofproto/list: what the pipeline does with a flow.
 *
 *   ofproto/trace [BRIDGE] FLOW [-generate] [PACKET | --pcap FILE]
 *
 * FLOW is ovs-ofctl match syntax ("in_port=1,tcp,nw_dst=10.0.0.2,
 * tp_dst=80"; in_port by OpenFlow number or port name) or the datapath
 * syntax ("in_port(1),eth(...),..."; in_port a datapath port).  PACKET is
 * a frame in hex: its headers replace FLOW's, which then only gives the
 * input port and metadata.  -generate builds a frame from FLOW (so that
 * the trace's side effects, MAC learning, happen as for a real packet).
 * --pcap FILE traces each Ethernet frame of a pcap capture (the first
 * 100) in turn.  BRIDGE may be left out when there is only one bridge.
 *
 * The output follows ovs-appctl ofproto/trace: the flow, each table's
 * rule and actions (resubmits indented), the final flow, the megaflow
 * and the datapath actions.  The trace translates under the read lock
 * like an upcall, but installs nothing. */
#include <config.h>
#include "xlate.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "dp-actions.h"
#include "ofp-actions.h"
#include "ofproto-private.h"
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/flow.h"
#include "osw/match.h"
#include "osw/ofpbuf.h"
#include "osw/unixctl.h"
#include "osw/util.h"

static uint32_t
port_by_name(const char *name, void *ofproto_)
{
    const struct ofproto *ofproto = ofproto_;
    const struct ofport *port;

    HMAP_FOR_EACH (port, ofp_node, &ofproto->ports) {
        if (port->name && !strcmp(port->name, name)) {
            return port->ofp_port;
        }
    }
    return OFPP_NONE;
}

/* Parses 's' in the ovs-ofctl match syntax into 'flow' (OpenFlow
 * in_port).  NULL or an error to free. */
static char *
parse_ofctl_flow(const char *s, struct ofproto *ofproto, struct flow *flow)
{
    struct match match;
    char *copy = xstrdup(s);
    char *save = NULL;
    char *error = NULL;

    match_init_catchall(&match);
    for (char *tok = strtok_r(copy, ", \t", &save); tok && !error;
         tok = strtok_r(NULL, ", \t", &save)) {
        char *eq = strchr(tok, '=');
        char *value = NULL;
        if (eq) {
            *eq = '\0';
            value = eq + 1;
        }
        error = match_parse_field(&match, tok, value, port_by_name, ofproto);
    }
    free(copy);
    if (!error) {
        *flow = match.flow;
        if (!match.wc.masks.in_port) {
            flow->in_port = OFPP_NONE;
        }
    }
    return error;
}

#define TRACE_IP_FMT "%"PRIu32".%"PRIu32".%"PRIu32".%"PRIu32
#define TRACE_IP_ARGS(IP)                                       \
    (ntohl(IP) >> 24), ((ntohl(IP) >> 16) & 0xff),              \
    ((ntohl(IP) >> 8) & 0xff), (ntohl(IP) & 0xff)

static void
put_ip6(struct ds *s, const char *name, const struct in6_addr *a)
{
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, a, buf, sizeof buf);
    ds_put_format(s, "%s=%s,", name, buf);
}

static const char *
frag_name(uint8_t frag)
{
    return (!(frag & FLOW_NW_FRAG_ANY) ? "no"
            : frag & FLOW_NW_FRAG_LATER ? "later" : "first");
}

/* The protocol shorthand of 'flow' ("tcp", "arp", ...), or NULL. */
static const char *
proto_name(const struct flow *flow)
{
    bool v4 = flow->dl_type == htons(ETH_TYPE_IP);
    bool v6 = flow->dl_type == htons(ETH_TYPE_IPV6);

    if (flow->dl_type == htons(ETH_TYPE_ARP)) {
        return "arp";
    } else if (flow->dl_type == htons(ETH_TYPE_RARP)) {
        return "rarp";
    } else if (!v4 && !v6) {
        return NULL;
    }
    switch (flow->nw_proto) {
    case IPPROTO_TCP:
        return v4 ? "tcp" : "tcp6";
    case IPPROTO_UDP:
        return v4 ? "udp" : "udp6";
    case IPPROTO_SCTP:
        return v4 ? "sctp" : "sctp6";
    case IPPROTO_ICMP:
        return v4 ? "icmp" : "ipv6";
    case IPPROTO_ICMPV6:
        return v6 ? "icmp6" : "ip";
    default:
        return v4 ? "ip" : "ipv6";
    }
}

/* Formats 'flow' (OpenFlow in_port) as ofproto/trace's "Flow:" line, in
 * Open vSwitch's order: every field its protocol has, metadata only when
 * set. */
static void
format_flow(struct ds *s, struct ofproto *ofproto OSW_UNUSED,
            const struct flow *flow)
{
    const char *proto = proto_name(flow);
    bool ip = (flow->dl_type == htons(ETH_TYPE_IP)
               || flow->dl_type == htons(ETH_TYPE_IPV6));

    if (proto) {
        ds_put_format(s, "%s,", proto);
    }
    if (flow->tun_id) {
        ds_put_format(s, "tun_id=%#"PRIx64",", ntohll(flow->tun_id));
    }
    if (flow->metadata) {
        ds_put_format(s, "metadata=%#"PRIx64",", ntohll(flow->metadata));
    }
    for (int i = 0; i < FLOW_N_REGS; i++) {
        if (flow->regs[i]) {
            ds_put_format(s, "reg%d=%#"PRIx32",", i, flow->regs[i]);
        }
    }
    if (flow->skb_priority) {
        ds_put_format(s, "skb_priority=%#"PRIx32",", flow->skb_priority);
    }
    if (flow->pkt_mark) {
        ds_put_format(s, "pkt_mark=%#"PRIx32",", flow->pkt_mark);
    }
    ds_put_format(s, "in_port=%"PRIu32",", flow->in_port);
    ds_put_format(s, "vlan_tci=0x%04"PRIx16",", ntohs(flow->vlans[0].tci));
    ds_put_format(s, "dl_src="ETH_ADDR_FMT",dl_dst="ETH_ADDR_FMT",",
                  ETH_ADDR_ARGS(flow->dl_src), ETH_ADDR_ARGS(flow->dl_dst));
    if (!proto) {
        ds_put_format(s, "dl_type=0x%04"PRIx16",", ntohs(flow->dl_type));
    } else if (!ip) {
        ds_put_format(s, "arp_spa="TRACE_IP_FMT",arp_tpa="TRACE_IP_FMT","
                      "arp_op=%d,arp_sha="ETH_ADDR_FMT",arp_tha="
                      ETH_ADDR_FMT",",
                      TRACE_IP_ARGS(flow->nw_src),
                      TRACE_IP_ARGS(flow->nw_dst),
                      flow->nw_proto, ETH_ADDR_ARGS(flow->arp_sha),
                      ETH_ADDR_ARGS(flow->arp_tha));
    } else {
        if (flow->dl_type == htons(ETH_TYPE_IP)) {
            ds_put_format(s, "nw_src="TRACE_IP_FMT",nw_dst="TRACE_IP_FMT
                          ",", TRACE_IP_ARGS(flow->nw_src),
                          TRACE_IP_ARGS(flow->nw_dst));
        } else {
            put_ip6(s, "ipv6_src", &flow->ipv6_src);
            put_ip6(s, "ipv6_dst", &flow->ipv6_dst);
            ds_put_format(s, "ipv6_label=0x%05"PRIx32",",
                          ntohl(flow->ipv6_label));
        }
        if (!strcmp(proto, "ip") || !strcmp(proto, "ipv6")) {
            ds_put_format(s, "nw_proto=%d,", flow->nw_proto);
        }
        ds_put_format(s, "nw_tos=%d,nw_ecn=%d,nw_ttl=%d,nw_frag=%s,",
                      flow->nw_tos & IP_DSCP_MASK, flow->nw_tos & IP_ECN_MASK,
                      flow->nw_ttl, frag_name(flow->nw_frag));
        if (flow->nw_frag & FLOW_NW_FRAG_LATER) {
            /* No L4 header. */
        } else if (flow->nw_proto == IPPROTO_ICMP
                   || flow->nw_proto == IPPROTO_ICMPV6) {
            ds_put_format(s, "icmp_type=%d,icmp_code=%d,",
                          ntohs(flow->tp_src), ntohs(flow->tp_dst));
        } else if (flow->nw_proto == IPPROTO_TCP
                   || flow->nw_proto == IPPROTO_UDP
                   || flow->nw_proto == IPPROTO_SCTP) {
            ds_put_format(s, "tp_src=%d,tp_dst=%d,", ntohs(flow->tp_src),
                          ntohs(flow->tp_dst));
            if (flow->nw_proto == IPPROTO_TCP) {
                ds_put_format(s, "tcp_flags=%#"PRIx16",",
                              ntohs(flow->tcp_flags));
            }
        }
    }
    ds_chomp(s, ',');
}

struct bridge_names {
    char **names;
    size_t n, allocated;
};
static void collect_bridges(struct bridge_names *);
static void bridge_names_destroy(struct bridge_names *);

/* The bridge that owns the datapath port in datapath flow 'flow_s', or
 * NULL if it names none. */
static struct ofproto *
bridge_of_odp_flow(const char *flow_s)
{
    struct flow_wildcards wc;
    struct flow flow;
    char *error = flow_parse(flow_s, &flow, &wc);

    if (error) {
        free(error);
        return NULL;
    }
    for (struct ofproto *o = ofproto_next(NULL); o; o = ofproto_next(o)) {
        if (ofproto_port_from_odp(o, flow.in_port) != OFPP_NONE) {
            return o;
        }
    }
    return NULL;
}

/* The single bridge, or NULL with an error in '*errorp'. */
static struct ofproto *
only_bridge(char **errorp)
{
    struct bridge_names bn;
    struct ofproto *ofproto = NULL;

    collect_bridges(&bn);
    if (!bn.n) {
        *errorp = xstrdup("no bridges");
    } else if (bn.n > 1) {
        *errorp = xstrdup("must specify bridge name");
    } else {
        ofproto = ofproto_lookup(bn.names[0]);
    }
    bridge_names_destroy(&bn);
    return ofproto;
}

static bool
is_hex_packet(const char *s)
{
    size_t n = 0;
    for (; *s; s++) {
        if (!isxdigit((unsigned char) *s) && !isspace((unsigned char) *s)) {
            return false;
        }
        n += isxdigit((unsigned char) *s) != 0;
    }
    return n >= 2 * ETH_HEADER_LEN && !(n % 2);
}

struct trace_args {
    struct ofproto *ofproto;
    const char *flow_s;
    const char *packet_s;       /* Hex. */
    const char *pcap_file;
    bool generate;

    /* The packet being traced, from 'packet_s' or 'pcap_file'. */
    const uint8_t *packet;
    size_t packet_len;
};

static char *
parse_trace_args(int argc, const char *argv[], struct trace_args *ta)
{
    const char *args[4];
    int n = 0;
    char *error = NULL;

    memset(ta, 0, sizeof *ta);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-generate") || !strcmp(argv[i], "--generate")) {
            ta->generate = true;
        } else if (!strcmp(argv[i], "--pcap") || !strcmp(argv[i], "-pcap")) {
            if (++i >= argc) {
                return xstrdup("--pcap requires a file name");
            }
            ta->pcap_file = argv[i];
        } else if (n < (int) ARRAY_SIZE(args)) {
            args[n++] = argv[i];
        } else {
            return xstrdup("too many arguments");
        }
    }
    if (n && is_hex_packet(args[n - 1])) {
        ta->packet_s = args[--n];
    }
    if (n == 2) {
        ta->ofproto = ofproto_lookup(args[0]);
        if (!ta->ofproto) {
            return xstrdup("no such bridge");
        }
        ta->flow_s = args[1];
    } else if (n == 1) {
        ta->ofproto = ofproto_lookup(args[0]);
        if (ta->ofproto) {
            /* "ofproto/trace br0 in_port=1 PACKET" style with the flow
             * missing: trace the packet alone. */
            ta->flow_s = "";
        } else {
            /* A datapath flow's in_port tells its bridge, as in Open
             * vSwitch; otherwise there must be only one. */
            ta->ofproto = (strchr(args[0], '(')
                           ? bridge_of_odp_flow(args[0]) : NULL);
            if (!ta->ofproto) {
                ta->ofproto = only_bridge(&error);
            }
            ta->flow_s = args[0];
        }
    } else {
        return xstrdup("syntax: ofproto/trace [BRIDGE] FLOW [-generate] "
                       "[PACKET]");
    }
    return error;
}

/* Builds the flow to trace (datapath in_port in '*odp_flow', OpenFlow
 * in_port in '*flow') and, for a packet or -generate, the packet. */
static char *
build_flow(const struct trace_args *ta, struct flow *flow,
           struct flow *odp_flow, struct dp_packet **packetp)
{
    struct ofproto *ofproto = ta->ofproto;
    char *error;

    *packetp = NULL;
    memset(flow, 0, sizeof *flow);
    if (strchr(ta->flow_s, '(')) {
        struct flow_wildcards wc;
        error = flow_parse(ta->flow_s, odp_flow, &wc);
        if (error) {
            return error;
        }
        *flow = *odp_flow;
        flow->in_port = ofproto_port_from_odp(ofproto, odp_flow->in_port);
    } else {
        error = parse_ofctl_flow(ta->flow_s, ofproto, flow);
        if (error) {
            return error;
        }
        *odp_flow = *flow;
        odp_flow->in_port = (flow->in_port == OFPP_NONE ? ODPP_NONE
                             : ofproto_port_to_odp(ofproto, flow->in_port));
        if (flow->in_port != OFPP_NONE && odp_flow->in_port == ODPP_NONE) {
            return xasprintf("no OpenFlow port %"PRIu32, flow->in_port);
        }
    }

    if (ta->packet || ta->generate) {
        struct dp_packet *p;
        if (ta->packet) {
            p = dp_packet_new_with_data(ta->packet, ta->packet_len);
        } else {
            p = dp_packet_new(0, 0);
            flow_compose(p, odp_flow, 64);
        }
        struct flow pf;
        p->in_port = odp_flow->in_port;
        flow_extract(p, &pf);
        /* The packet's headers, the flow's metadata. */
        memcpy(&pf, odp_flow, offsetof(struct flow, dl_dst));
        *odp_flow = pf;
        *flow = pf;
        flow->in_port = ofproto_port_from_odp(ofproto, pf.in_port);
        *packetp = p;
    }
    if (flow->in_port == OFPP_NONE) {
        flow->in_port = 0;
    }
    return NULL;
}

static void
format_megaflow(struct ds *s, struct ofproto *ofproto OSW_UNUSED,
                const struct flow *flow, const struct flow_wildcards *wc)
{
    struct match m;

    m.flow = *flow;
    m.wc = *wc;
    flow_zero_wildcards(&m.flow, &m.wc);
    ds_put_cstr(s, "recirc_id=0,eth,");
    size_t len = s->length;
    match_format(&m, -1, s, NULL, NULL);
    if (s->length == len) {
        ds_chomp(s, ',');
    }
}

/* Runs the trace described by 'ta' and appends its text to 's'. */
static char *
ofproto_trace__(const struct trace_args *ta, struct ds *s)
{
    struct ofproto *ofproto = ta->ofproto;
    struct flow flow, odp_flow;
    struct dp_packet *packet;

    char *error = build_flow(ta, &flow, &odp_flow, &packet);
    if (error) {
        return error;
    }

    ds_put_cstr(s, "Flow: ");
    format_flow(s, ofproto, &flow);
    ds_put_format(s, "\n\nbridge(\"%s\")\n", ofproto_name(ofproto));
    ds_put_char_multiple(s, '-', strlen(ofproto_name(ofproto)) + 10);
    ds_put_char(s, '\n');

    struct ofpbuf actions;
    struct flow_wildcards wc;
    struct xlate_out out;
    struct xlate_cache *xcache = xlate_cache_new();

    ofpbuf_init(&actions, 64);
    flow_wildcards_init_catchall(&wc);
    xlate_out_init(&out, &actions, &wc);

    ofproto_rdlock();
    const struct ofport *port = ofproto_get_port(ofproto, flow.in_port);
    struct xlate_in in = {
        .flow = &odp_flow,
        .in_bundle = port && port->bundle ? &port->bundle->xb : NULL,
        .bundles = ofproto->flood,
        .n_bundles = ofproto->n_flood,
        .ml = ofproto->ml,
        .may_learn = ta->generate,
        .vlan_limit = ofproto_get_vlan_limit(),
        .ofproto = ofproto,
        .xcache = xcache,
        .trace = s,
    };
    xlate_pipeline(&in, &out);
    ofproto_unlock();

    struct flow final = out.final_flow;
    ds_put_cstr(s, "\nFinal flow: ");
    if (flow_equal(&final, &flow)) {
        ds_put_cstr(s, "unchanged");
    } else {
        format_flow(s, ofproto, &final);
    }
    ds_put_cstr(s, "\nMegaflow: ");
    wc.masks.in_port = UINT32_MAX;
    format_megaflow(s, ofproto, &flow, &wc);
    ds_put_cstr(s, "\nDatapath actions: ");
    if (!out.n_outputs) {
        ds_put_cstr(s, "drop");
    } else {
        dp_actions_format(s, actions.data, actions.size, NULL, NULL);
    }
    ds_put_char(s, '\n');
    if (out.no_cache) {
        ds_put_cstr(s, "Translation failed (Recursion too deep), "
                    "packet is dropped.\n");
    }

    ofpbuf_uninit(&actions);
    xlate_cache_free(xcache);
    dp_packet_delete(packet);
    return NULL;
}

#define TRACE_MAX_PCAP_PACKETS 100

static uint32_t
pcap_u32(const uint8_t *p, bool swap)
{
    uint32_t x;
    memcpy(&x, p, 4);
    return swap ? __builtin_bswap32(x) : x;
}

/* Reads the Ethernet frames of pcap file 'name' (at most
 * TRACE_MAX_PCAP_PACKETS) into 'frames', one ofpbuf each.  NULL or an
 * error message. */
static char *
read_pcap(const char *name, struct ofpbuf **framesp, size_t *np)
{
    FILE *f = fopen(name, "rb");
    uint8_t hdr[24];
    char *error = NULL;

    *framesp = NULL;
    *np = 0;
    if (!f) {
        return xasprintf("%s: open failed (%s)", name, osw_strerror(errno));
    }
    if (fread(hdr, 1, sizeof hdr, f) != sizeof hdr) {
        error = xasprintf("%s: not a pcap file", name);
        goto out;
    }
    uint32_t magic = pcap_u32(hdr, false);
    bool swap = (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1);
    if (!swap && magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
        error = xasprintf("%s: not a pcap file", name);
        goto out;
    }
    if (pcap_u32(hdr + 20, swap) != 1) {
        error = xasprintf("%s: not an Ethernet capture", name);
        goto out;
    }

    *framesp = xcalloc(TRACE_MAX_PCAP_PACKETS, sizeof **framesp);
    while (*np < TRACE_MAX_PCAP_PACKETS) {
        uint8_t rec[16];
        if (fread(rec, 1, sizeof rec, f) != sizeof rec) {
            break;
        }
        uint32_t len = pcap_u32(rec + 8, swap);
        if (len > 65535) {
            error = xasprintf("%s: bad record length %"PRIu32, name, len);
            break;
        }
        struct ofpbuf *b = &(*framesp)[*np];
        ofpbuf_init(b, len);
        if (fread(ofpbuf_put_uninit(b, len), 1, len, f) != len) {
            ofpbuf_uninit(b);
            error = xasprintf("%s: truncated record", name);
            break;
        }
        (*np)++;
    }
    if (!error && !*np) {
        error = xasprintf("%s: no packets", name);
    }

out:
    fclose(f);
    return error;
}

/* Traces every packet of the pcap file of 'ta', one after the other. */
static char *
trace_pcap(struct trace_args *ta, struct ds *s)
{
    struct ofpbuf *frames;
    size_t n;

    char *error = read_pcap(ta->pcap_file, &frames, &n);
    for (size_t i = 0; i < n; i++) {
        if (!error) {
            if (i) {
                ds_put_char(s, '\n');
            }
            ta->packet = frames[i].data;
            ta->packet_len = frames[i].size;
            error = ofproto_trace__(ta, s);
        }
        ofpbuf_uninit(&frames[i]);
    }
    free(frames);
    return error;
}

static char *
trace_hex(struct trace_args *ta, struct ds *s)
{
    struct ofpbuf buf;
    char *error = NULL;

    ofpbuf_init(&buf, 0);
    if (*ofpbuf_put_hex(&buf, ta->packet_s, NULL)) {
        error = xstrdup("trailing garbage in packet data");
    } else {
        ta->packet = buf.data;
        ta->packet_len = buf.size;
        error = ofproto_trace__(ta, s);
    }
    ofpbuf_uninit(&buf);
    return error;
}

static void
ofproto_unixctl_trace(struct unixctl_conn *conn, int argc,
                      const char *argv[], void *aux OSW_UNUSED)
{
    struct trace_args ta;
    struct ds s = DS_EMPTY_INITIALIZER;

    char *error = parse_trace_args(argc, argv, &ta);
    if (!error) {
        error = (ta.pcap_file ? trace_pcap(&ta, &s)
                 : ta.packet_s ? trace_hex(&ta, &s)
                 : ofproto_trace__(&ta, &s));
    }
    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
    } else {
        unixctl_command_reply(conn, ds_cstr(&s));
    }
    ds_destroy(&s);
}

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_, *const *b = b_;
    return strcmp(*a, *b);
}

/* The bridges' names, sorted, in 'bn'. */
static void
collect_bridges(struct bridge_names *bn)
{
    memset(bn, 0, sizeof *bn);
    for (struct ofproto *o = ofproto_next(NULL); o; o = ofproto_next(o)) {
        if (bn->n >= bn->allocated) {
            bn->names = x2nrealloc(bn->names, &bn->allocated,
                                   sizeof *bn->names);
        }
        bn->names[bn->n++] = xstrdup(ofproto_name(o));
    }
    qsort(bn->names, bn->n, sizeof *bn->names, compare_strings);
}

static void
bridge_names_destroy(struct bridge_names *bn)
{
    for (size_t i = 0; i < bn->n; i++) {
        free(bn->names[i]);
    }
    free(bn->names);
}

static void
ofproto_unixctl_list(struct unixctl_conn *conn, int argc OSW_UNUSED,
                     const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    struct bridge_names bn;
    struct ds s = DS_EMPTY_INITIALIZER;

    collect_bridges(&bn);
    for (size_t i = 0; i < bn.n; i++) {
        if (!i || strcmp(bn.names[i], bn.names[i - 1])) {
            ds_put_format(&s, "%s\n", bn.names[i]);
        }
    }
    bridge_names_destroy(&bn);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* Registers ofproto/trace and ofproto/list. */
void
ofproto_trace_init(void)
{
    static bool inited;

    if (!inited) {
        inited = true;
        unixctl_command_register("ofproto/trace",
                                 "{[dp_name] odp_flow | bridge br_flow} "
                                 "[-generate|packet|--pcap FILE]", 1, 6,
                                 ofproto_unixctl_trace, NULL);
        unixctl_command_register("ofproto/list", "", 0, 0,
                                 ofproto_unixctl_list, NULL);
    }
}
