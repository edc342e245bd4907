/* ofp-match: OpenFlow match codecs (OpenFlow 1.0, OXM, NXM).
 *
 * Converts between 'struct match' (osw/match.h) and the three wire forms a
 * switch meets:
 *
 *   - OpenFlow 1.0's fixed 40-byte 'struct ofp10_match' (wildcard bits
 *     OFPFW10_*, CIDR prefix lengths for nw_src/nw_dst).  As Open vSwitch
 *     does, decoding ignores fields whose prerequisites the match lacks
 *     (tp_dst without nw_proto 6/17/1, nw_src without dl_type IP/ARP...),
 *     which is what the 1.0 specification asks of a switch: see
 *     ofputil_normalize_match().
 *
 *   - OXM, OpenFlow 1.2+: a 'struct ofp_match' header (type OFPMT_OXM = 1,
 *     length of header plus TLVs, without padding) followed by TLVs, then
 *     zero padding to a multiple of 8.  Fields that OXM lacks (registers,
 *     pkt_mark, tun_src...) are carried with their NXM headers, as Open
 *     vSwitch does; TCP flags use the ONF experimenter OXM (class 0xffff,
 *     experimenter 0x4f4e4600, field 42) before OpenFlow 1.5.
 *
 *   - NXM (Nicira extended match, NXT_FLOW_MOD & co. in OpenFlow 1.0):
 *     TLVs only, 'match_len' bytes, padded to 8 by the enclosing message;
 *     may also carry the flow cookie (NXM_NX_COOKIE[_W]).
 *
 * Each TLV is a 32-bit header (class:16, field:7, hasmask:1, length:8)
 * then the value and, if hasmask, a mask of the same width.  Decoding
 * validates everything (errors are the OpenFlow 1.3 names of
 * ofp-errors.h):
 *     OFPBMC_BAD_LEN       TLV header or payload cut short, length not
 *                          the field's width (twice with a mask), ofp_match
 *                          length or padding cut short.
 *     OFPBMC_BAD_TYPE      ofp_match type other than OXM (1.1 standard
 *                          matches are not supported).
 *     OFPBMC_BAD_FIELD     unknown class or field (ignored when 'loose'),
 *                          a cookie where none is allowed.
 *     OFPBMC_DUP_FIELD     a field twice (or two fields sharing storage,
 *                          e.g. in_port and in_port via NXM).
 *     OFPBMC_BAD_PREREQ    a field whose prerequisites earlier fields do
 *                          not establish (OXM order rule: prerequisites
 *                          come first; as Open vSwitch, checked against
 *                          the whole match, so order is not enforced).
 *     OFPBMC_BAD_MASK      a mask on a field that cannot be masked, or a
 *                          mask with bits outside the field.
 *     OFPBMC_BAD_VALUE     a value with bits outside the field (VLAN VID
 *                          above 0x1fff, DSCP above 63, in_port in the
 *                          unusable 32-bit range...).
 *     OFPBMC_BAD_WILDCARDS a value with 1-bits where its mask has 0-bits.
 * Decoders never read past what the buffer holds; on error the match is
 * left in an unspecified but valid state and the buffer position is
 * unspecified.
 *
 * Port numbers: a match's in_port is the 16-bit OpenFlow 1.0 port
 * (ofproto.h's OFPP_*).  OpenFlow 1.1+'s 32-bit numbers map as Open
 * vSwitch maps them: 0..0xfeff as is, 0xffffff00..0xffffffff onto
 * 0xff00..0xffff (so 0xfffffff8.. are OFPP_IN_PORT..OFPP_NONE); anything
 * else is refused.
 *
 * Thread-safety: pure functions. */
#ifndef OFP_MATCH_H
#define OFP_MATCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/match.h"
#include "osw/meta-flow.h"
#include "ofp-errors.h"

struct ofp10_match;
struct ofpbuf;

/* OpenFlow versions as the wire numbers them (ofp-msgs.h has the enum). */
#define OFP_MATCH_V10 0x01
#define OFP_MATCH_V12 0x03
#define OFP_MATCH_V13 0x04
#define OFP_MATCH_V15 0x06

/* ---- Ports. ---- */

/* Converts OpenFlow 1.1+ port 'ofp11_port' (network order) to a 16-bit
 * port in '*ofp10_port'.  Returns 0 or OFPERR_OFPBAC_BAD_OUT_PORT for a
 * number with no 16-bit equivalent (callers decoding a match report
 * OFPBMC_BAD_VALUE instead). */
enum ofperr ofputil_port_from_ofp11(ovs_be32 ofp11_port,
                                    uint16_t *ofp10_port);
/* The OpenFlow 1.1+ number (network order) of 16-bit port 'ofp10_port'. */
ovs_be32 ofputil_port_to_ofp11(uint16_t ofp10_port);

/* ---- OpenFlow 1.0. ---- */

/* The OFPFW10_* wildcard bits, as the 1.0 specification defines them
 * (openflow-1.0.h may define the same names; these are the match
 * module's own). */
#define OFPMATCH10_IN_PORT     (1u << 0)
#define OFPMATCH10_DL_VLAN     (1u << 1)
#define OFPMATCH10_DL_SRC      (1u << 2)
#define OFPMATCH10_DL_DST      (1u << 3)
#define OFPMATCH10_DL_TYPE     (1u << 4)
#define OFPMATCH10_NW_PROTO    (1u << 5)
#define OFPMATCH10_TP_SRC      (1u << 6)
#define OFPMATCH10_TP_DST      (1u << 7)
#define OFPMATCH10_NW_SRC_SHIFT 8
#define OFPMATCH10_NW_SRC_MASK (0x3fu << OFPMATCH10_NW_SRC_SHIFT)
#define OFPMATCH10_NW_DST_SHIFT 14
#define OFPMATCH10_NW_DST_MASK (0x3fu << OFPMATCH10_NW_DST_SHIFT)
#define OFPMATCH10_DL_VLAN_PCP (1u << 20)
#define OFPMATCH10_NW_TOS      (1u << 21)
#define OFPMATCH10_ALL         ((1u << 22) - 1)
#define OFPMATCH10_VLAN_NONE   0xffff   /* dl_vlan: no 802.1Q tag. */
#define OFPMATCH10_LEN         40

/* Netmask (network order) of a 1.0 wildcard count: 0 = exact /32,
 * 32 or more = fully wildcarded. */
ovs_be32 ofputil_wcbits_to_netmask(int wcbits);
/* The wildcard count (0..32) of a CIDR 'netmask', or -1 if 'netmask' is
 * not a CIDR mask. */
int ofputil_netmask_to_wcbits(ovs_be32 netmask);

/* Decodes 'ofmatch' into 'match' and normalizes it (fields without their
 * prerequisites are dropped, as Open vSwitch does).  As Open vSwitch,
 * dl_vlan other than 0xffff keeps only its 12 VID bits and dl_vlan_pcp its
 * 3 bits, nw_tos its DSCP bits.  Returns 0 (the return value is there
 * for symmetry with the other decoders). */
enum ofperr ofputil_match_from_ofp10_match(const struct ofp10_match *,
                                           struct match *);
/* Encodes 'match' as a 1.0 match.  What 1.0 cannot express (registers,
 * IPv6, non-CIDR masks...) is widened: check ofputil_match_is_ofp10()
 * first when that matters. */
void ofputil_match_to_ofp10_match(const struct match *,
                                  struct ofp10_match *);
/* True if 'match' fits the 1.0 match exactly (so OpenFlow 1.0 without
 * NXM can carry it). */
bool ofputil_match_is_ofp10(const struct match *);
/* Wildcards every field of 'match' whose prerequisites 'match' does not
 * establish (tp_* without nw_proto TCP/UDP/SCTP/ICMP, nw_* without IP or
 * ARP, ND fields without an ND type...), as OpenFlow 1.0 decoding and
 * ovs-ofctl do. */
void ofputil_normalize_match(struct match *);

/* ---- OXM (OpenFlow 1.2+ struct ofp_match). ---- */

/* Pulls an ofp_match (header, TLVs and padding) from the front of 'b'
 * into 'match'.  With 'loose', unknown fields are skipped rather than
 * refused (for messages a controller only reads).  Returns 0 or an
 * OFPERR_OFPBMC_*; type 0 (1.1 standard match) is OFPBMC_BAD_TYPE. */
enum ofperr oxm_pull_match(struct ofpbuf *b, bool loose, struct match *);
/* Pulls only 'fields_len' bytes of OXM TLVs (no header, no padding),
 * e.g. for OpenFlow 1.5's oxm_fields in other messages. */
enum ofperr oxm_pull_match_fields(struct ofpbuf *b, size_t fields_len,
                                  bool loose, struct match *);
/* Appends 'match' as an ofp_match for OpenFlow 'version' (0x03 for 1.2 or
 * later), padded to 8.  Returns the bytes appended, padding included. */
int oxm_put_match(struct ofpbuf *b, const struct match *, uint8_t version);
/* Appends only the TLVs of 'match' (no header or padding); returns their
 * length. */
int oxm_put_match_fields(struct ofpbuf *b, const struct match *,
                         uint8_t version);

/* ---- NXM. ---- */

/* Pulls 'match_len' bytes of NXM TLVs plus the padding up to a multiple
 * of 8 from 'b' into 'match'.  'cookie' and 'cookie_mask' receive
 * NXM_NX_COOKIE (zero if absent); if they are NULL a cookie is refused
 * with OFPBMC_BAD_FIELD. */
enum ofperr nx_pull_match(struct ofpbuf *b, unsigned int match_len,
                          struct match *, ovs_be64 *cookie,
                          ovs_be64 *cookie_mask);
/* Like nx_pull_match() but skipping unknown fields. */
enum ofperr nx_pull_match_loose(struct ofpbuf *b, unsigned int match_len,
                                struct match *, ovs_be64 *cookie,
                                ovs_be64 *cookie_mask);
/* Appends 'match' as NXM TLVs (and the cookie when 'cookie_mask' is
 * nonzero), then zero padding to a multiple of 8.  Returns the TLVs'
 * length without the padding (the 'match_len' a message carries). */
int nx_put_match(struct ofpbuf *b, const struct match *, ovs_be64 cookie,
                 ovs_be64 cookie_mask);

/* ---- Single TLVs (set_field, NXAST_REG_LOAD2, move/load headers). ---- */

/* Pulls one TLV (NXM or OXM, experimenter OXMs included).  '*field'
 * receives the field, 'value' its value.  With 'mask' NULL a masked TLV
 * is refused (OFPBMC_BAD_MASK); otherwise 'mask' receives the mask, or
 * all-ones for an exact TLV.  Checks the value and mask against the
 * field's width (BAD_VALUE, BAD_MASK, BAD_WILDCARDS); unknown fields are
 * OFPBMC_BAD_FIELD.  For MFF_IN_PORT_OXM the value is still the 32-bit
 * OpenFlow 1.1 number. */
enum ofperr nx_pull_entry(struct ofpbuf *b, const struct mf_field **field,
                          union mf_value *value, union mf_value *mask);
/* Appends 'field' with 'value' (and 'mask' unless NULL or all-ones) with
 * the header that suits 'version' (OXM when the field has one in that
 * version and 'version' is 0x03 or above; otherwise NXM). */
void nx_put_entry(struct ofpbuf *b, const struct mf_field *field,
                  uint8_t version, const union mf_value *value,
                  const union mf_value *mask);
/* Pulls a header without payload (move/load2 "dst" forms): '*field' and
 * whether it carries the has-mask bit.  Errors as nx_pull_entry(). */
enum ofperr nx_pull_header(struct ofpbuf *b, const struct mf_field **field,
                           bool *masked);
/* Appends the header of 'field' for 'version' (4 bytes, or 8 for an
 * experimenter OXM). */
void nx_put_header(struct ofpbuf *b, const struct mf_field *field,
                   uint8_t version, bool masked);
/* The 32-bit header that nx_put_header() would start with (exact
 * form). */
uint32_t nx_field_header(const struct mf_field *field, uint8_t version);

/* ---- Packet-in. ---- */

/* Fills 'match' with the pipeline fields of 'flow' that a packet-in
 * reports: in_port always; tun_id, tun_src, tun_dst, metadata, pkt_mark
 * and the registers when nonzero (exact masks). */
void ofputil_packet_in_match(const struct flow *, struct match *);
/* Appends that match as an OXM ofp_match for 'version'; returns the
 * bytes appended incl. padding.  Decode with oxm_pull_match(). */
int oxm_put_packet_in_match(struct ofpbuf *b, const struct flow *,
                            uint8_t version);
/* Appends that match as NXM TLVs (NXT_PACKET_IN) and zero padding to 8,
 * as nx_put_match(); returns the TLVs' length without the padding. */
int nx_put_packet_in_match(struct ofpbuf *b, const struct flow *);

#endif /* ofp-match.h */
