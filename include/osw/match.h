/* match: a flow plus a mask, as an OpenFlow rule matches.
 *
 * 'flow' holds the values and 'wc' the mask (1-bits matter); bits of
 * 'flow' outside the mask are always zero, so two equal matches are
 * byte-identical and match_hash() works.  Every setter keeps that
 * invariant.  In ofproto's tables the flow's in_port is the OpenFlow
 * port (16-bit, ofproto.h's OFPP_*).
 *
 * The text syntax is ovs-ofctl's (ovs-fields(7)): "priority=100,tcp,
 * in_port=1,nw_src=10.0.0.0/24,tp_dst=80".  match_format() writes it the
 * way ovs-ofctl dump-flows prints a rule's match: protocol shorthand
 * first (ip, tcp, udp, sctp, icmp, arp, rarp, ipv6, tcp6, udp6, sctp6,
 * icmp6), then the other fields in ovs-ofctl's order, names as ovs-ofctl
 * prints them for OpenFlow 1.0-style output (dl_src, dl_dst, dl_vlan,
 * dl_vlan_pcp, nw_src, nw_dst, nw_tos, nw_ecn, nw_ttl, tp_src, tp_dst,
 * arp_spa/arp_tpa for ARP ...).
 *
 * Thread-safety: pure functions. */
#ifndef OSW_MATCH_H
#define OSW_MATCH_H 1

#include <stdbool.h>
#include <stdint.h>
#include "osw/flow.h"
#include "osw/meta-flow.h"

struct ds;

struct match {
    struct flow flow;
    struct flow_wildcards wc;
};

/* Matches everything. */
void match_init_catchall(struct match *);
/* Matches exactly 'flow' (every field, incl. metadata). */
void match_init_exact(struct match *, const struct flow *);
bool match_equal(const struct match *, const struct match *);
uint32_t match_hash(const struct match *, uint32_t basis);
/* True if 'flow' matches. */
bool match_matches_flow(const struct match *, const struct flow *);
/* True if every packet 'b' matches also matches 'a' (a is at least as
 * wide as b): used for non-strict flow_mod/delete/stats filters. */
bool match_covers(const struct match *a, const struct match *b);
/* True if some packet could match both (check_overlap). */
bool match_overlaps(const struct match *, const struct match *);

/* Convenience setters used by the codecs and tests (each masks the value
 * and updates 'wc'). */
void match_set_in_port(struct match *, uint16_t ofp_port);
void match_set_dl_type(struct match *, ovs_be16);
void match_set_dl_src(struct match *, struct eth_addr);
void match_set_dl_dst(struct match *, struct eth_addr);
void match_set_nw_proto(struct match *, uint8_t);
void match_set_nw_src_masked(struct match *, ovs_be32 ip, ovs_be32 mask);
void match_set_nw_dst_masked(struct match *, ovs_be32 ip, ovs_be32 mask);
void match_set_tp_src(struct match *, ovs_be16);
void match_set_tp_dst(struct match *, ovs_be16);
void match_set_metadata_masked(struct match *, ovs_be64 value,
                               ovs_be64 mask);

/* Appends the match in ovs-ofctl syntax, without a trailing comma,
 * preceded by "priority=N," when 'priority' differs from
 * OFP_DEFAULT_PRIORITY (32768; -1: never print it).  Empty match and
 * default priority: nothing.  'port_name' as in mf_format(). */
void match_format(const struct match *, int priority, struct ds *,
                  const char *(*port_name)(uint32_t port, void *aux),
                  void *aux);
char *match_to_string(const struct match *, int priority);

/* Parses one "NAME[=VALUE]" token of the match syntax into 'match':
 * a protocol shorthand (ip, tcp, ...; sets dl_type and nw_proto), or a
 * field name from meta-flow with a value, with ovs-ofctl's aliases
 * (dl_vlan=0xffff: no tag, tp_src/tp_dst by nw_proto, nw_src for ARP is
 * arp_spa, nw_tos the DSCP bits...).  Prerequisites are checked by
 * match_check_prereqs() once the whole match is read (ovs-ofctl accepts
 * "tp_dst=80,tcp").  Returns NULL or a malloc'd error message. */
char *match_parse_field(struct match *, const char *name, const char *value,
                        uint32_t (*port_by_name)(const char *, void *),
                        void *aux) OSW_WARN_UNUSED_RESULT;
/* Checks that every matched field's prerequisites hold; NULL or an error
 * message ("tp_dst requires nw_proto ..."). */
char *match_check_prereqs(const struct match *) OSW_WARN_UNUSED_RESULT;

#endif /* match.h */
