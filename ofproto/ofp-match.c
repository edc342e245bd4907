#include <config.h>
#include "ofp-match.h"

#include <arpa/inet.h>
#include <string.h>
#include "openflow/openflow-1.0.h"
#include "openflow/openflow-1.3.h"
#include "osw/ofpbuf.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(ofp_match);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* TLV header fields. */
#define NXM_CLASS(H) ((H) >> 16)
#define NXM_FIELD(H) (((H) >> 9) & 0x7f)
#define NXM_HASMASK(H) (((H) >> 8) & 1)
#define NXM_LENGTH(H) ((H) & 0xff)
#define NXM_HEADER(CLASS, FIELD, HASMASK, LEN) \
    (((uint32_t) (CLASS) << 16) | ((FIELD) << 9) | ((HASMASK) << 8) | (LEN))

#define OXM_CLASS_EXPERIMENTER 0xffff
#define ONF_EXPERIMENTER_ID 0x4f4e4600
#define ONF_TCP_FLAGS_FIELD 42

/* NXM_NX_COOKIE: the flow cookie inside an nx_match. */
#define NXM_NX_COOKIE_CLASS 0x0001
#define NXM_NX_COOKIE_FIELD 30

#define OFPMT_OXM_TYPE 1

/* ---- Ports. ---- */

/* Converts OpenFlow 1.1+ port 'ofp11_port' to a 16-bit port. */
enum ofperr
ofputil_port_from_ofp11(ovs_be32 ofp11_port, uint16_t *ofp10_port)
{
    uint32_t port = ntohl(ofp11_port);

    if (port < 0xff00) {
        *ofp10_port = port;
        return 0;
    } else if (port >= 0xffffff00u) {
        *ofp10_port = port - 0xffff0000u;
        return 0;
    }
    *ofp10_port = 0xffff;
    VLOG_WARN_RL(&rl, "port %"PRIu32" is outside the supported range 0 "
                 "through 65279 or 0xffffff00 through 0xffffffff", port);
    return OFPERR_OFPBAC_BAD_OUT_PORT;
}

/* Returns the OpenFlow 1.1+ number of 16-bit port 'ofp10_port'. */
ovs_be32
ofputil_port_to_ofp11(uint16_t ofp10_port)
{
    return htonl(ofp10_port >= 0xff00
                 ? (uint32_t) ofp10_port + 0xffff0000u : ofp10_port);
}

/* ---- OpenFlow 1.0. ---- */

/* Returns the netmask for OpenFlow 1.0 wildcard count 'wcbits'. */
ovs_be32
ofputil_wcbits_to_netmask(int wcbits)
{
    wcbits &= 0x3f;
    return wcbits < 32 ? htonl(UINT32_MAX << wcbits) : 0;
}

/* Returns the wildcard count of CIDR 'netmask', or -1 if it is not
 * CIDR. */
int
ofputil_netmask_to_wcbits(ovs_be32 netmask)
{
    uint32_t inv = ~ntohl(netmask);

    if (inv & (inv + 1)) {
        return -1;
    }
    return __builtin_popcount(inv);
}

/* Decodes 1.0 match 'ofmatch' into 'match' and normalizes it. */
enum ofperr
ofputil_match_from_ofp10_match(const struct ofp10_match *ofmatch,
                               struct match *match)
{
    uint32_t wc = ntohl(ofmatch->wildcards) & OFPMATCH10_ALL;
    struct flow *f = &match->flow;
    struct flow *m = &match->wc.masks;
    ovs_be32 mask;

    match_init_catchall(match);
    if (!(wc & OFPMATCH10_IN_PORT)) {
        match_set_in_port(match, ntohs(ofmatch->in_port));
    }
    if (!(wc & OFPMATCH10_DL_SRC)) {
        match_set_dl_src(match, ofmatch->dl_src);
    }
    if (!(wc & OFPMATCH10_DL_DST)) {
        match_set_dl_dst(match, ofmatch->dl_dst);
    }
    if (!(wc & OFPMATCH10_DL_TYPE)) {
        match_set_dl_type(match, ofmatch->dl_type);
    }
    if (!(wc & OFPMATCH10_NW_TOS)) {
        f->nw_tos = ofmatch->nw_tos & IP_DSCP_MASK;
        m->nw_tos = IP_DSCP_MASK;
    }
    if (!(wc & OFPMATCH10_NW_PROTO)) {
        match_set_nw_proto(match, ofmatch->nw_proto);
    }
    mask = ofputil_wcbits_to_netmask(wc >> OFPMATCH10_NW_SRC_SHIFT);
    match_set_nw_src_masked(match, ofmatch->nw_src, mask);
    mask = ofputil_wcbits_to_netmask(wc >> OFPMATCH10_NW_DST_SHIFT);
    match_set_nw_dst_masked(match, ofmatch->nw_dst, mask);
    if (!(wc & OFPMATCH10_TP_SRC)) {
        match_set_tp_src(match, ofmatch->tp_src);
    }
    if (!(wc & OFPMATCH10_TP_DST)) {
        match_set_tp_dst(match, ofmatch->tp_dst);
    }

    if (!(wc & OFPMATCH10_DL_VLAN)) {
        if (ofmatch->dl_vlan == htons(OFPMATCH10_VLAN_NONE)) {
            f->vlans[0].tci = 0;
            m->vlans[0].tci = UINT16_MAX;
        } else {
            f->vlans[0].tci = ((ofmatch->dl_vlan & htons(VLAN_VID_MASK))
                               | htons(VLAN_CFI));
            m->vlans[0].tci = htons(VLAN_VID_MASK | VLAN_CFI);
            if (!(wc & OFPMATCH10_DL_VLAN_PCP)) {
                f->vlans[0].tci |= htons((ofmatch->dl_vlan_pcp & 7)
                                         << VLAN_PCP_SHIFT);
                m->vlans[0].tci |= htons(VLAN_PCP_MASK);
            }
        }
    } else if (!(wc & OFPMATCH10_DL_VLAN_PCP)) {
        f->vlans[0].tci = htons(((ofmatch->dl_vlan_pcp & 7)
                                 << VLAN_PCP_SHIFT) | VLAN_CFI);
        m->vlans[0].tci = htons(VLAN_PCP_MASK | VLAN_CFI);
    }

    ofputil_normalize_match(match);
    return 0;
}

static void
to_ofp10_vlan(const struct match *match, struct ofp10_match *ofmatch,
              uint32_t *wc)
{
    ovs_be16 tci = match->flow.vlans[0].tci;
    ovs_be16 mask = match->wc.masks.vlans[0].tci;

    ofmatch->dl_vlan = 0;
    ofmatch->dl_vlan_pcp = 0;
    if (!mask) {
        *wc |= OFPMATCH10_DL_VLAN | OFPMATCH10_DL_VLAN_PCP;
    } else if (mask & htons(VLAN_CFI) && !(tci & htons(VLAN_CFI))) {
        ofmatch->dl_vlan = htons(OFPMATCH10_VLAN_NONE);
        *wc |= OFPMATCH10_DL_VLAN_PCP;
    } else {
        if (!(mask & htons(VLAN_VID_MASK))) {
            *wc |= OFPMATCH10_DL_VLAN;
        } else {
            ofmatch->dl_vlan = htons(vlan_tci_to_vid(tci));
        }
        if (!(mask & htons(VLAN_PCP_MASK))) {
            *wc |= OFPMATCH10_DL_VLAN_PCP;
        } else {
            ofmatch->dl_vlan_pcp = vlan_tci_to_pcp(tci);
        }
    }
}

static uint32_t
nw_wcbits(ovs_be32 mask)
{
    int bits = ofputil_netmask_to_wcbits(mask);

    /* A non-CIDR mask widens to the longest prefix it fully contains. */
    if (bits < 0) {
        bits = 32 - __builtin_clz(~ntohl(mask));
    }
    return bits;
}

/* Encodes 'match' as OpenFlow 1.0 match 'ofmatch'. */
void
ofputil_match_to_ofp10_match(const struct match *match,
                             struct ofp10_match *ofmatch)
{
    const struct flow *f = &match->flow;
    const struct flow *m = &match->wc.masks;
    uint32_t wc = 0;

    memset(ofmatch, 0, sizeof *ofmatch);
    if (!m->in_port) {
        wc |= OFPMATCH10_IN_PORT;
    }
    ofmatch->in_port = htons(m->in_port ? f->in_port : 0);
    to_ofp10_vlan(match, ofmatch, &wc);
    if (!eth_addr_equals(m->dl_src, eth_addr_broadcast)) {
        wc |= OFPMATCH10_DL_SRC;
    } else {
        ofmatch->dl_src = f->dl_src;
    }
    if (!eth_addr_equals(m->dl_dst, eth_addr_broadcast)) {
        wc |= OFPMATCH10_DL_DST;
    } else {
        ofmatch->dl_dst = f->dl_dst;
    }
    if (!m->dl_type) {
        wc |= OFPMATCH10_DL_TYPE;
    }
    ofmatch->dl_type = f->dl_type;
    if (!(m->nw_tos & IP_DSCP_MASK)) {
        wc |= OFPMATCH10_NW_TOS;
    }
    ofmatch->nw_tos = f->nw_tos & IP_DSCP_MASK;
    if (!m->nw_proto) {
        wc |= OFPMATCH10_NW_PROTO;
    }
    ofmatch->nw_proto = f->nw_proto;
    wc |= nw_wcbits(m->nw_src) << OFPMATCH10_NW_SRC_SHIFT;
    wc |= nw_wcbits(m->nw_dst) << OFPMATCH10_NW_DST_SHIFT;
    ofmatch->nw_src = f->nw_src
                      & ofputil_wcbits_to_netmask(nw_wcbits(m->nw_src));
    ofmatch->nw_dst = f->nw_dst
                      & ofputil_wcbits_to_netmask(nw_wcbits(m->nw_dst));
    if (m->tp_src != UINT16_MAX) {
        wc |= OFPMATCH10_TP_SRC;
    } else {
        ofmatch->tp_src = f->tp_src;
    }
    if (m->tp_dst != UINT16_MAX) {
        wc |= OFPMATCH10_TP_DST;
    } else {
        ofmatch->tp_dst = f->tp_dst;
    }
    ofmatch->wildcards = htonl(wc);
}

/* True if the 1.0 match carries 'match' without loss. */
bool
ofputil_match_is_ofp10(const struct match *match)
{
    struct ofp10_match ofmatch;
    struct match back, canon = *match;

    /* A 1.0 switch looks at nw_proto, nw_tos and the L4 ports only for
     * IPv4 (and ARP): with any other dl_type (IPv6 above all) they would
     * survive the round trip below yet mean nothing on the wire. */
    const struct flow *m = &match->wc.masks;
    if (m->dl_type
        && match->flow.dl_type != htons(ETH_TYPE_IP)
        && match->flow.dl_type != htons(ETH_TYPE_ARP)
        && (m->nw_proto || m->nw_tos || m->tp_src || m->tp_dst)) {
        return false;
    }
    if (m->mpls_lse) {
        return false;
    }

    /* "No tag" as OXM says it (VID and CFI zero) is 1.0's dl_vlan=0xffff,
     * as ovs-ofctl judges. */
    ovs_be16 vid_cfi = htons(VLAN_VID_MASK | VLAN_CFI);
    if ((canon.wc.masks.vlans[0].tci & vid_cfi) == vid_cfi
        && !canon.flow.vlans[0].tci) {
        canon.wc.masks.vlans[0].tci = UINT16_MAX;
    }
    ofputil_match_to_ofp10_match(&canon, &ofmatch);
    ofputil_match_from_ofp10_match(&ofmatch, &back);
    return match_equal(&canon, &back);
}

/* Wildcards the fields of 'match' whose prerequisites it lacks. */
void
ofputil_normalize_match(struct match *match)
{
    enum {
        MAY_NW_ADDR = 1 << 0,   /* nw_src, nw_dst */
        MAY_TP_ADDR = 1 << 1,   /* tp_src, tp_dst */
        MAY_NW_PROTO = 1 << 2,  /* nw_proto */
        MAY_IPVX = 1 << 3,      /* tos, frag, ttl */
        MAY_ARP_SHA = 1 << 4,   /* arp_sha */
        MAY_ARP_THA = 1 << 5,   /* arp_tha */
        MAY_IPV6 = 1 << 6,      /* ipv6_src, ipv6_dst, ipv6_label */
        MAY_ND_TARGET = 1 << 7, /* nd_target */
        MAY_TCP_FLAGS = 1 << 8,
    } may = 0;
    struct flow *f = &match->flow;
    struct flow *m = &match->wc.masks;
    uint8_t proto = m->nw_proto ? f->nw_proto : 0;

    if (m->dl_type && f->dl_type == htons(ETH_TYPE_IP)) {
        may = MAY_NW_PROTO | MAY_IPVX | MAY_NW_ADDR;
        if (proto == IPPROTO_TCP || proto == IPPROTO_UDP
            || proto == IPPROTO_SCTP || proto == IPPROTO_ICMP) {
            may |= MAY_TP_ADDR;
        }
    } else if (m->dl_type && f->dl_type == htons(ETH_TYPE_IPV6)) {
        may = MAY_NW_PROTO | MAY_IPVX | MAY_IPV6;
        if (proto == IPPROTO_TCP || proto == IPPROTO_UDP
            || proto == IPPROTO_SCTP) {
            may |= MAY_TP_ADDR;
        } else if (proto == IPPROTO_ICMPV6) {
            may |= MAY_TP_ADDR;
            if (m->tp_src == UINT16_MAX && f->tp_src == htons(135)) {
                may |= MAY_ND_TARGET | MAY_ARP_SHA;
            } else if (m->tp_src == UINT16_MAX && f->tp_src == htons(136)) {
                may |= MAY_ND_TARGET | MAY_ARP_THA;
            }
        }
    } else if (m->dl_type && (f->dl_type == htons(ETH_TYPE_ARP)
                              || f->dl_type == htons(ETH_TYPE_RARP))) {
        may = MAY_NW_PROTO | MAY_NW_ADDR | MAY_ARP_SHA | MAY_ARP_THA;
    }
    if (proto == IPPROTO_TCP && (may & MAY_TP_ADDR)) {
        may |= MAY_TCP_FLAGS;
    }

    if (!(may & MAY_NW_ADDR)) {
        m->nw_src = m->nw_dst = 0;
    }
    if (!(may & MAY_TP_ADDR)) {
        m->tp_src = m->tp_dst = 0;
    }
    if (!(may & MAY_NW_PROTO)) {
        m->nw_proto = 0;
    }
    if (!(may & MAY_IPVX)) {
        m->nw_tos = 0;
        m->nw_ttl = 0;
        m->nw_frag = 0;
    }
    if (!(may & MAY_ARP_SHA)) {
        m->arp_sha = eth_addr_zero;
    }
    if (!(may & MAY_ARP_THA)) {
        m->arp_tha = eth_addr_zero;
    }
    if (!(may & MAY_IPV6)) {
        memset(&m->ipv6_src, 0, sizeof m->ipv6_src);
        memset(&m->ipv6_dst, 0, sizeof m->ipv6_dst);
        m->ipv6_label = 0;
    }
    if (!(may & MAY_ND_TARGET)) {
        memset(&m->nd_target, 0, sizeof m->nd_target);
    }
    if (!(may & MAY_TCP_FLAGS)) {
        m->tcp_flags = 0;
    }
    if (!m->dl_type || !eth_type_mpls(f->dl_type)) {
        m->mpls_lse = 0;
    }
    flow_zero_wildcards(f, &match->wc);
}

/* ---- TLVs. ---- */

/* One decoded TLV. */
struct nx_entry {
    const struct mf_field *field;   /* NULL: unknown or cookie. */
    bool is_cookie;
    bool masked;
    union mf_value value;
    union mf_value mask;            /* All-ones if not 'masked'. */
};

/* Parses the header at the front of 'b' (without pulling it).  Stores in
 * '*header_len' the header's size (4 or 8), in '*payload_len' the bytes
 * after it, in 'e->field' the field (NULL if unknown), and
 * 'e->is_cookie'. */
static enum ofperr
parse_header(const struct ofpbuf *b, bool need_payload, struct nx_entry *e,
             size_t *header_len, size_t *payload_len)
{
    const uint8_t *p = ofpbuf_at(b, 0, 4);
    uint32_t header;

    memset(e, 0, sizeof *e);
    if (!p) {
        VLOG_WARN_RL(&rl, "match TLV header cut short (%zu bytes)",
                     b->size);
        return OFPERR_OFPBMC_BAD_LEN;
    }
    header = ((uint32_t) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
    e->masked = NXM_HASMASK(header);
    *header_len = 4;
    *payload_len = NXM_LENGTH(header);
    if (NXM_CLASS(header) == OXM_CLASS_EXPERIMENTER) {
        const uint8_t *x = ofpbuf_at(b, 4, 4);
        uint32_t experimenter;

        if (!x || *payload_len < 4) {
            VLOG_WARN_RL(&rl, "experimenter OXM cut short");
            return OFPERR_OFPBMC_BAD_LEN;
        }
        experimenter = ((uint32_t) x[0] << 24) | (x[1] << 16) | (x[2] << 8)
                       | x[3];
        *header_len = 8;
        *payload_len -= 4;
        if (experimenter == ONF_EXPERIMENTER_ID
            && NXM_FIELD(header) == ONF_TCP_FLAGS_FIELD) {
            e->field = mf_from_id(MFF_TCP_FLAGS);
        }
    } else if (NXM_CLASS(header) == NXM_NX_COOKIE_CLASS
               && NXM_FIELD(header) == NXM_NX_COOKIE_FIELD
               && NXM_LENGTH(header) != 1 && NXM_LENGTH(header) != 2) {
        /* The cookie shares its code with NXM_NX_MPLS_TTL (1 byte, 2
         * masked), as in Open vSwitch: the length tells them apart. */
        e->is_cookie = true;
    } else {
        e->field = mf_from_nxm_header(header);
    }
    if (!*payload_len) {
        VLOG_WARN_RL(&rl, "match TLV 0x%08"PRIx32" has zero length",
                     header);
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if (need_payload && !ofpbuf_at(b, *header_len, *payload_len)) {
        VLOG_WARN_RL(&rl, "match TLV 0x%08"PRIx32" claims %zu bytes but "
                     "only %zu remain", header, *payload_len,
                     b->size - *header_len);
        return OFPERR_OFPBMC_BAD_LEN;
    }
    return 0;
}

/* Validates 'e''s value and mask against its field. */
static enum ofperr
check_entry(struct nx_entry *e)
{
    const struct mf_field *mf = e->field;
    unsigned int n = e->is_cookie ? 8 : mf->n_bytes;

    if (e->masked) {
        for (unsigned int i = 0; i < n; i++) {
            if (e->value.bytes[i] & ~e->mask.bytes[i]) {
                VLOG_WARN_RL(&rl, "rejecting match field %s with 1-bits in "
                             "value for bits wildcarded by the mask",
                             e->is_cookie ? "cookie" : mf->name);
                return OFPERR_OFPBMC_BAD_WILDCARDS;
            }
        }
    }
    if (e->is_cookie) {
        return 0;
    }
    if (e->masked && !mf_is_mask_valid(mf, &e->mask)) {
        VLOG_WARN_RL(&rl, "rejecting invalid mask for match field %s",
                     mf->name);
        return OFPERR_OFPBMC_BAD_MASK;
    }
    if (!mf_is_value_valid(mf, &e->value)) {
        VLOG_WARN_RL(&rl, "rejecting out-of-range value for match field %s",
                     mf->name);
        return OFPERR_OFPBMC_BAD_VALUE;
    }
    return 0;
}

/* Pulls one TLV from 'b' into 'e'.  Returns OFPBMC_BAD_FIELD (with the
 * TLV pulled) for an unknown field, so that loose callers may go on. */
static enum ofperr
pull_entry(struct ofpbuf *b, struct nx_entry *e)
{
    size_t header_len, payload_len;
    enum ofperr error;
    unsigned int n;
    const uint8_t *p;

    error = parse_header(b, true, e, &header_len, &payload_len);
    if (error) {
        return error;
    }
    p = (const uint8_t *) b->data + header_len;
    ofpbuf_pull(b, header_len + payload_len);
    if (!e->field && !e->is_cookie) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    n = e->is_cookie ? 8 : e->field->n_bytes;
    if (payload_len != (e->masked ? 2 * n : n)) {
        VLOG_WARN_RL(&rl, "match field %s has length %zu, expected %u",
                     e->is_cookie ? "cookie" : e->field->name, payload_len,
                     e->masked ? 2 * n : n);
        return OFPERR_OFPBMC_BAD_LEN;
    }
    memcpy(e->value.bytes, p, n);
    if (e->masked) {
        memcpy(e->mask.bytes, p + n, n);
    } else {
        memset(e->mask.bytes, 0xff, n);
    }
    return check_entry(e);
}

/* Pulls one TLV from 'b'. */
enum ofperr
nx_pull_entry(struct ofpbuf *b, const struct mf_field **field,
              union mf_value *value, union mf_value *mask)
{
    struct nx_entry e;
    enum ofperr error = pull_entry(b, &e);

    if (!error && e.is_cookie) {
        error = OFPERR_OFPBMC_BAD_FIELD;
    }
    if (!error && e.masked && !mask) {
        error = OFPERR_OFPBMC_BAD_MASK;
    }
    if (error) {
        return error;
    }
    *field = e.field;
    *value = e.value;
    if (mask) {
        *mask = e.mask;
    }
    return 0;
}

/* Pulls one header without a payload from 'b'. */
enum ofperr
nx_pull_header(struct ofpbuf *b, const struct mf_field **field,
               bool *masked)
{
    struct nx_entry e;
    size_t header_len, payload_len;
    enum ofperr error;

    error = parse_header(b, false, &e, &header_len, &payload_len);
    if (error) {
        return error;
    }
    ofpbuf_pull(b, header_len);
    if (!e.field) {
        return OFPERR_OFPBMC_BAD_FIELD;
    }
    if (payload_len != (e.masked ? 2 : 1) * e.field->n_bytes) {
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if (e.masked && e.field->maskable == MFM_NONE) {
        return OFPERR_OFPBMC_BAD_MASK;
    }
    *field = e.field;
    if (masked) {
        *masked = e.masked;
    }
    return 0;
}

/* Returns the exact-form header of 'mf' for 'version'. */
uint32_t
nx_field_header(const struct mf_field *mf, uint8_t version)
{
    if (version >= OFP_MATCH_V12 && mf->oxm_header
        && version >= mf->oxm_version) {
        return mf->oxm_header;
    }
    if (version >= OFP_MATCH_V12 && mf->id == MFF_TCP_FLAGS) {
        return NXM_HEADER(OXM_CLASS_EXPERIMENTER, ONF_TCP_FLAGS_FIELD, 0,
                          4 + mf->n_bytes);
    }
    if (mf->nxm_header) {
        return mf->nxm_header;
    }
    /* No NXM code: OXM headers are valid in an nx_match too. */
    return mf->oxm_header;
}

static void
put_be32(struct ofpbuf *b, uint32_t x)
{
    ovs_be32 be = htonl(x);
    ofpbuf_put(b, &be, sizeof be);
}

/* Appends the header of 'mf' for 'version'. */
void
nx_put_header(struct ofpbuf *b, const struct mf_field *mf, uint8_t version,
              bool masked)
{
    uint32_t header = nx_field_header(mf, version);

    if (masked) {
        unsigned int len = NXM_LENGTH(header);
        bool exp = NXM_CLASS(header) == OXM_CLASS_EXPERIMENTER;
        header = (header & ~0xffu) | (1u << 8)
                 | (exp ? 4 + 2 * (len - 4) : 2 * len);
    }
    put_be32(b, header);
    if (NXM_CLASS(header) == OXM_CLASS_EXPERIMENTER) {
        put_be32(b, ONF_EXPERIMENTER_ID);
    }
}

/* Appends 'mf' with 'value' and 'mask' (NULL or all-ones: exact). */
void
nx_put_entry(struct ofpbuf *b, const struct mf_field *mf, uint8_t version,
             const union mf_value *value, const union mf_value *mask)
{
    bool masked = mask && !is_all_ones(mask, mf->n_bytes);

    nx_put_header(b, mf, version, masked);
    ofpbuf_put(b, value->bytes, mf->n_bytes);
    if (masked) {
        ofpbuf_put(b, mask->bytes, mf->n_bytes);
    }
}

/* ---- Whole matches. ---- */

/* Pulls TLVs from the first 'len' bytes of 'b' into 'match'. */
static enum ofperr
pull_raw(struct ofpbuf *b, size_t len, bool loose, struct match *match,
         ovs_be64 *cookie, ovs_be64 *cookie_mask)
{
    struct ofpbuf tlvs;
    bool seen[MFF_N_IDS] = { false };
    bool seen_cookie = false;
    union mf_value phy_port;
    bool has_phy_port = false;

    match_init_catchall(match);
    if (cookie) {
        *cookie = *cookie_mask = 0;
    }
    if (b->size < len) {
        VLOG_WARN_RL(&rl, "match length %zu exceeds the %zu bytes left",
                     len, b->size);
        return OFPERR_OFPBMC_BAD_LEN;
    }
    ofpbuf_use_const(&tlvs, ofpbuf_pull(b, len), len);

    while (tlvs.size) {
        struct nx_entry e;
        enum ofperr error = pull_entry(&tlvs, &e);

        if (error == OFPERR_OFPBMC_BAD_FIELD && loose) {
            continue;
        } else if (error) {
            return error;
        }
        if (e.is_cookie) {
            if (!cookie) {
                return OFPERR_OFPBMC_BAD_FIELD;
            } else if (seen_cookie) {
                return OFPERR_OFPBMC_DUP_FIELD;
            }
            seen_cookie = true;
            *cookie = e.value.be64;
            *cookie_mask = e.mask.be64;
            continue;
        }

        const struct mf_field *mf = e.field;
        if (mf->id == MFF_IN_PHY_PORT) {
            if (has_phy_port) {
                return OFPERR_OFPBMC_DUP_FIELD;
            }
            has_phy_port = true;
            phy_port = e.value;
            continue;
        }
        if (seen[mf->id] || !mf_is_all_wild(mf, &match->wc)) {
            VLOG_WARN_RL(&rl, "match field %s given twice", mf->name);
            return OFPERR_OFPBMC_DUP_FIELD;
        }
        seen[mf->id] = true;
        mf_set(mf, &e.value, e.masked ? &e.mask : NULL, match);
    }

    /* Prerequisites against the whole match, so that order does not
     * matter (as Open vSwitch accepts NXM in any order). */
    for (int i = 0; i < MFF_N_IDS; i++) {
        const struct mf_field *mf = mf_from_id(i);
        if (seen[i] && !mf_are_prereqs_ok(mf, &match->flow)) {
            if (!loose) {
                VLOG_WARN_RL(&rl, "match field %s lacks its prerequisites",
                             mf->name);
                return OFPERR_OFPBMC_BAD_PREREQ;
            }
            mf_set_wild(mf, match);
        }
    }
    if (has_phy_port) {
        union mf_value v, m;
        /* IN_PHY_PORT requires IN_PORT; for osw's ports the physical
         * port is the port, so it can only repeat IN_PORT's value. */
        mf_get(mf_from_id(MFF_IN_PORT_OXM), match, &v, &m);
        if (!m.be32) {
            return OFPERR_OFPBMC_BAD_PREREQ;
        } else if (v.be32 != phy_port.be32) {
            return OFPERR_OFPBMC_BAD_VALUE;
        }
    }
    return 0;
}

/* Pulls an OXM ofp_match from 'b'. */
enum ofperr
oxm_pull_match(struct ofpbuf *b, bool loose, struct match *match)
{
    const struct ofp11_match_header *omh = ofpbuf_at(b, 0, sizeof *omh);
    size_t length, padded;
    enum ofperr error;

    match_init_catchall(match);
    if (!omh) {
        VLOG_WARN_RL(&rl, "ofp_match header cut short");
        return OFPERR_OFPBMC_BAD_LEN;
    }
    if (ntohs(omh->type) != OFPMT_OXM_TYPE) {
        VLOG_WARN_RL(&rl, "ofp_match type %"PRIu16" is not OXM",
                     ntohs(omh->type));
        return OFPERR_OFPBMC_BAD_TYPE;
    }
    length = ntohs(omh->length);
    padded = ROUND_UP(length, 8);
    if (length < sizeof *omh || padded > b->size) {
        VLOG_WARN_RL(&rl, "ofp_match length %zu is invalid (%zu bytes "
                     "left)", length, b->size);
        return OFPERR_OFPBMC_BAD_LEN;
    }
    ofpbuf_pull(b, sizeof *omh);
    error = pull_raw(b, length - sizeof *omh, loose, match, NULL, NULL);
    if (!error) {
        ofpbuf_pull(b, padded - length);
    }
    return error;
}

/* Pulls 'fields_len' bytes of OXM TLVs from 'b'. */
enum ofperr
oxm_pull_match_fields(struct ofpbuf *b, size_t fields_len, bool loose,
                      struct match *match)
{
    return pull_raw(b, fields_len, loose, match, NULL, NULL);
}

static enum ofperr
nx_pull_match__(struct ofpbuf *b, unsigned int match_len, bool loose,
                struct match *match, ovs_be64 *cookie, ovs_be64 *cookie_mask)
{
    size_t padded = ROUND_UP((size_t) match_len, 8);
    enum ofperr error;

    if (padded > b->size) {
        match_init_catchall(match);
        VLOG_WARN_RL(&rl, "nx_match length %u (padded %zu) exceeds the %zu "
                     "bytes left", match_len, padded, b->size);
        return OFPERR_OFPBMC_BAD_LEN;
    }
    error = pull_raw(b, match_len, loose, match, cookie, cookie_mask);
    if (!error) {
        ofpbuf_pull(b, padded - match_len);
    }
    return error;
}

/* Pulls an nx_match of 'match_len' bytes plus padding from 'b'. */
enum ofperr
nx_pull_match(struct ofpbuf *b, unsigned int match_len, struct match *match,
              ovs_be64 *cookie, ovs_be64 *cookie_mask)
{
    return nx_pull_match__(b, match_len, false, match, cookie, cookie_mask);
}

/* Like nx_pull_match(), but skips unknown fields. */
enum ofperr
nx_pull_match_loose(struct ofpbuf *b, unsigned int match_len,
                    struct match *match, ovs_be64 *cookie,
                    ovs_be64 *cookie_mask)
{
    return nx_pull_match__(b, match_len, true, match, cookie, cookie_mask);
}

/* Appends field 'id' of 'match' unless it is wildcarded. */
static void
put_field(struct ofpbuf *b, const struct match *match, enum mf_field_id id,
          uint8_t version)
{
    const struct mf_field *mf = mf_from_id(id);
    union mf_value value, mask;

    mf_get(mf, match, &value, &mask);
    if (is_all_zeros(&mask, mf->n_bytes)) {
        return;
    }
    if (mf->maskable == MFM_NONE) {
        /* Partial masks cannot be expressed; the codecs never build
         * them, so send the field exactly. */
        nx_put_entry(b, mf, version, &value, NULL);
    } else {
        /* A mask covering all of the field's bits is exact. */
        nx_put_entry(b, mf, version, &value,
                     mf_mask_is_exact(mf, &mask) ? NULL : &mask);
    }
}

static void
put_vlan(struct ofpbuf *b, const struct match *match, uint8_t version)
{
    ovs_be16 tci = match->flow.vlans[0].tci;
    ovs_be16 mask = match->wc.masks.vlans[0].tci;

    if (!mask) {
        return;
    }
    if (version < OFP_MATCH_V12) {
        put_field(b, match, MFF_VLAN_TCI, version);
        return;
    }

    const struct mf_field *vid = mf_from_id(MFF_VLAN_VID);
    union mf_value v, m;
    v.be16 = tci & htons(VLAN_VID_MASK | VLAN_CFI);
    m.be16 = mask & htons(VLAN_VID_MASK | VLAN_CFI);
    if (m.be16) {
        nx_put_entry(b, vid, version, &v,
                     m.be16 == htons(VLAN_VID_MASK | VLAN_CFI) ? NULL : &m);
    }
    if (v.be16 & htons(VLAN_CFI) && mask & htons(VLAN_PCP_MASK)) {
        v.u8 = vlan_tci_to_pcp(tci);
        nx_put_entry(b, mf_from_id(MFF_VLAN_PCP), version, &v, NULL);
    }
}

static void
put_l4(struct ofpbuf *b, const struct match *match, uint8_t version)
{
    const struct flow *f = &match->flow;
    const struct flow *m = &match->wc.masks;
    bool v6 = f->dl_type == htons(ETH_TYPE_IPV6);

    if (!m->nw_proto || (f->nw_frag & FLOW_NW_FRAG_LATER)) {
        return;
    }
    switch (f->nw_proto) {
    case IPPROTO_TCP:
        put_field(b, match, MFF_TCP_SRC, version);
        put_field(b, match, MFF_TCP_DST, version);
        put_field(b, match, MFF_TCP_FLAGS, version);
        break;
    case IPPROTO_UDP:
        put_field(b, match, MFF_UDP_SRC, version);
        put_field(b, match, MFF_UDP_DST, version);
        break;
    case IPPROTO_SCTP:
        put_field(b, match, MFF_SCTP_SRC, version);
        put_field(b, match, MFF_SCTP_DST, version);
        break;
    case IPPROTO_ICMP:
        if (!v6) {
            put_field(b, match, MFF_ICMPV4_TYPE, version);
            put_field(b, match, MFF_ICMPV4_CODE, version);
        }
        break;
    case IPPROTO_ICMPV6:
        if (v6) {
            put_field(b, match, MFF_ICMPV6_TYPE, version);
            put_field(b, match, MFF_ICMPV6_CODE, version);
            if (mf_are_prereqs_ok(mf_from_id(MFF_ND_TARGET), f)) {
                put_field(b, match, MFF_ND_TARGET, version);
            }
            if (mf_are_prereqs_ok(mf_from_id(MFF_ND_SLL), f)) {
                put_field(b, match, MFF_ND_SLL, version);
            }
            if (mf_are_prereqs_ok(mf_from_id(MFF_ND_TLL), f)) {
                put_field(b, match, MFF_ND_TLL, version);
            }
        }
        break;
    }
}

static void
put_l3(struct ofpbuf *b, const struct match *match, uint8_t version)
{
    const struct flow *f = &match->flow;
    const struct flow *m = &match->wc.masks;

    if (!m->dl_type) {
        return;
    }
    if (f->dl_type == htons(ETH_TYPE_IP)
        || f->dl_type == htons(ETH_TYPE_IPV6)) {
        if (f->dl_type == htons(ETH_TYPE_IP)) {
            put_field(b, match, MFF_IPV4_SRC, version);
            put_field(b, match, MFF_IPV4_DST, version);
        } else {
            put_field(b, match, MFF_IPV6_SRC, version);
            put_field(b, match, MFF_IPV6_DST, version);
        }
        put_field(b, match, MFF_IP_FRAG, version);
        if (m->nw_tos & IP_DSCP_MASK) {
            put_field(b, match, (version >= OFP_MATCH_V12 ? MFF_IP_DSCP
                                 : MFF_IP_DSCP_SHIFTED), version);
        }
        put_field(b, match, MFF_IP_ECN, version);
        put_field(b, match, MFF_IP_TTL, version);
        if (f->dl_type == htons(ETH_TYPE_IPV6)) {
            put_field(b, match, MFF_IPV6_LABEL, version);
        }
        put_field(b, match, MFF_IP_PROTO, version);
        put_l4(b, match, version);
    } else if (f->dl_type == htons(ETH_TYPE_ARP)
               || f->dl_type == htons(ETH_TYPE_RARP)) {
        put_field(b, match, MFF_ARP_OP, version);
        put_field(b, match, MFF_ARP_SPA, version);
        put_field(b, match, MFF_ARP_TPA, version);
        put_field(b, match, MFF_ARP_SHA, version);
        put_field(b, match, MFF_ARP_THA, version);
    } else if (eth_type_mpls(f->dl_type)) {
        put_field(b, match, MFF_MPLS_LABEL, version);
        put_field(b, match, MFF_MPLS_TC, version);
        put_field(b, match, MFF_MPLS_BOS, version);
        put_field(b, match, MFF_MPLS_TTL, version);
    }
}

/* Appends 'match''s TLVs for 'version' (below 0x03: NXM); returns their
 * length. */
static int
put_raw(struct ofpbuf *b, const struct match *match, uint8_t version,
        ovs_be64 cookie, ovs_be64 cookie_mask)
{
    size_t start = b->size;

    /* Open vSwitch's order, so that both encode a match byte for byte
     * alike; every prerequisite precedes the fields that need it. */
    put_field(b, match, (version >= OFP_MATCH_V12 ? MFF_IN_PORT_OXM
                         : MFF_IN_PORT), version);
    put_field(b, match, MFF_ETH_SRC, version);
    put_field(b, match, MFF_ETH_DST, version);
    put_field(b, match, MFF_ETH_TYPE, version);
    put_vlan(b, match, version);
    put_l3(b, match, version);
    put_field(b, match, MFF_TUN_ID, version);
    put_field(b, match, MFF_TUN_SRC, version);
    put_field(b, match, MFF_TUN_DST, version);
    for (int i = 0; i < FLOW_N_REGS; i++) {
        put_field(b, match, MFF_REG0 + i, version);
    }
    put_field(b, match, MFF_PKT_MARK, version);
    put_field(b, match, MFF_METADATA, version);
    if (cookie_mask) {
        bool exact = cookie_mask == UINT64_MAX;
        ovs_be64 v = cookie & cookie_mask;
        put_be32(b, NXM_HEADER(NXM_NX_COOKIE_CLASS, NXM_NX_COOKIE_FIELD,
                               !exact, exact ? 8 : 16));
        ofpbuf_put(b, &v, 8);
        if (!exact) {
            ofpbuf_put(b, &cookie_mask, 8);
        }
    }
    return b->size - start;
}

/* Appends 'match' as an OXM ofp_match, padded to 8. */
int
oxm_put_match(struct ofpbuf *b, const struct match *match, uint8_t version)
{
    size_t start = b->size;
    struct ofp11_match_header *omh;
    int fields_len;

    ofpbuf_put_zeros(b, sizeof *omh);
    fields_len = put_raw(b, match, MAX(version, OFP_MATCH_V12), 0, 0);
    omh = ofpbuf_at_assert(b, start, sizeof *omh);
    omh->type = htons(OFPMT_OXM_TYPE);
    omh->length = htons(sizeof *omh + fields_len);
    ofpbuf_put_zeros(b, ROUND_UP(sizeof *omh + fields_len, 8)
                        - (sizeof *omh + fields_len));
    return b->size - start;
}

/* Appends only 'match''s OXM TLVs. */
int
oxm_put_match_fields(struct ofpbuf *b, const struct match *match,
                     uint8_t version)
{
    return put_raw(b, match, MAX(version, OFP_MATCH_V12), 0, 0);
}

/* Appends 'match' (and the cookie) as an nx_match, padded to 8. */
int
nx_put_match(struct ofpbuf *b, const struct match *match, ovs_be64 cookie,
             ovs_be64 cookie_mask)
{
    int match_len = put_raw(b, match, 0, cookie, cookie_mask);

    ofpbuf_put_zeros(b, ROUND_UP(match_len, 8) - match_len);
    return match_len;
}

/* ---- Packet-in. ---- */

/* Fills 'match' with the pipeline fields of 'flow'. */
void
ofputil_packet_in_match(const struct flow *flow, struct match *match)
{
    match_init_catchall(match);
    match_set_in_port(match, flow->in_port);
    if (flow->tun_id) {
        match->flow.tun_id = flow->tun_id;
        match->wc.masks.tun_id = UINT64_MAX;
    }
    if (flow->tun_src) {
        match->flow.tun_src = flow->tun_src;
        match->wc.masks.tun_src = UINT32_MAX;
    }
    if (flow->tun_dst) {
        match->flow.tun_dst = flow->tun_dst;
        match->wc.masks.tun_dst = UINT32_MAX;
    }
    if (flow->metadata) {
        match_set_metadata_masked(match, flow->metadata, UINT64_MAX);
    }
    if (flow->pkt_mark) {
        match->flow.pkt_mark = flow->pkt_mark;
        match->wc.masks.pkt_mark = UINT32_MAX;
    }
    for (int i = 0; i < FLOW_N_REGS; i++) {
        if (flow->regs[i]) {
            match->flow.regs[i] = flow->regs[i];
            match->wc.masks.regs[i] = UINT32_MAX;
        }
    }
}

/* Appends the packet-in match of 'flow' as an OXM ofp_match. */
int
oxm_put_packet_in_match(struct ofpbuf *b, const struct flow *flow,
                        uint8_t version)
{
    struct match match;

    ofputil_packet_in_match(flow, &match);
    return oxm_put_match(b, &match, version);
}

/* Appends the packet-in match of 'flow' as an nx_match, padded to 8. */
int
nx_put_packet_in_match(struct ofpbuf *b, const struct flow *flow)
{
    struct match match;

    ofputil_packet_in_match(flow, &match);
    return nx_put_match(b, &match, 0, 0);
}
