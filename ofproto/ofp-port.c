/* ofp-port: ports (descriptions, features reply, port status, port mod,
 * port description multipart), port and queue statistics. */
#include <config.h>
#include "ofp-util.h"

#include <string.h>
#include "ofp-match.h"
#include "ofproto.h"
#include "osw/ofpbuf.h"
#include "osw/util.h"

/* 1.0 features bits 7-11 moved to 11-15 in 1.1; bits 0-6 stayed. */
static uint32_t
features_from_ofp10(uint32_t f)
{
    return (f & 0x7f) | ((f & 0xf80) << 4);
}

static uint32_t
features_to_ofp10(uint32_t f)
{
    return (f & 0x7f) | ((f >> 4) & 0xf80);
}

/* Speed in kbps of the fastest speed bit in 'features', or 0. */
static uint32_t
features_to_kbps(uint32_t f)
{
    return (f & OFPUTIL_PF_1TB_FD ? 1000000000
            : f & OFPUTIL_PF_100GB_FD ? 100000000
            : f & OFPUTIL_PF_40GB_FD ? 40000000
            : f & OFPUTIL_PF_10GB_FD ? 10000000
            : f & (OFPUTIL_PF_1GB_FD | OFPUTIL_PF_1GB_HD) ? 1000000
            : f & (OFPUTIL_PF_100MB_FD | OFPUTIL_PF_100MB_HD) ? 100000
            : f & (OFPUTIL_PF_10MB_FD | OFPUTIL_PF_10MB_HD) ? 10000
            : 0);
}

#define OFPPC11_ALL (OFPUTIL_PC_PORT_DOWN | OFPUTIL_PC_NO_RECV \
                     | OFPUTIL_PC_NO_FWD | OFPUTIL_PC_NO_PACKET_IN)
#define OFPPS11_ALL (OFPUTIL_PS_LINK_DOWN | OFPUTIL_PS_BLOCKED \
                     | OFPUTIL_PS_LIVE)

static void
put_ofp10_phy_port(const struct ofputil_phy_port *pp, struct ofpbuf *b)
{
    struct ofp10_phy_port *opp = ofpbuf_put_zeros(b, sizeof *opp);
    opp->port_no = htons(pp->port_no);
    opp->hw_addr = pp->hw_addr;
    ofputil_put_wire_string(opp->name, OFP_MAX_PORT_NAME_LEN, pp->name);
    opp->config = htonl(pp->config & OFPPC10_ALL);
    opp->state = htonl(pp->state & OFPUTIL_PS_LINK_DOWN);
    opp->curr = htonl(features_to_ofp10(pp->curr));
    opp->advertised = htonl(features_to_ofp10(pp->advertised));
    opp->supported = htonl(features_to_ofp10(pp->supported));
    opp->peer = htonl(features_to_ofp10(pp->peer));
}

static void
put_ofp11_port(const struct ofputil_phy_port *pp, struct ofpbuf *b)
{
    struct ofp11_port *op = ofpbuf_put_zeros(b, sizeof *op);
    op->port_no = ofputil_port_to_ofp11(pp->port_no);
    op->hw_addr = pp->hw_addr;
    ofputil_put_wire_string(op->name, OFP_MAX_PORT_NAME_LEN, pp->name);
    op->config = htonl(pp->config & OFPPC11_ALL);
    op->state = htonl(pp->state & OFPPS11_ALL);
    op->curr = htonl(pp->curr);
    op->advertised = htonl(pp->advertised);
    op->supported = htonl(pp->supported);
    op->peer = htonl(pp->peer);
    op->curr_speed = htonl(pp->curr_speed);
    op->max_speed = htonl(pp->max_speed);
}

static void
put_ofp14_port(const struct ofputil_phy_port *pp, struct ofpbuf *b)
{
    struct ofp14_port *op = ofpbuf_put_zeros(b, sizeof *op);
    op->port_no = ofputil_port_to_ofp11(pp->port_no);
    op->length = htons(sizeof *op
                       + sizeof(struct ofp14_port_desc_prop_ethernet));
    op->hw_addr = pp->hw_addr;
    ofputil_put_wire_string(op->name, OFP_MAX_PORT_NAME_LEN, pp->name);
    op->config = htonl(pp->config & OFPPC11_ALL);
    op->state = htonl(pp->state & OFPPS11_ALL);

    struct ofp14_port_desc_prop_ethernet *eth
        = ofpbuf_put_zeros(b, sizeof *eth);
    eth->type = htons(OFPPDPT14_ETHERNET);
    eth->length = htons(sizeof *eth);
    eth->curr = htonl(pp->curr);
    eth->advertised = htonl(pp->advertised);
    eth->supported = htonl(pp->supported);
    eth->peer = htonl(pp->peer);
    eth->curr_speed = htonl(pp->curr_speed);
    eth->max_speed = htonl(pp->max_speed);
}

/* Appends 'pp' to 'b' in the port format of 'version'. */
void
ofputil_put_phy_port(uint8_t version, const struct ofputil_phy_port *pp,
                     struct ofpbuf *b)
{
    if (version == OFP10_VERSION) {
        put_ofp10_phy_port(pp, b);
    } else if (version <= OFP13_VERSION) {
        put_ofp11_port(pp, b);
    } else {
        put_ofp14_port(pp, b);
    }
}

static int
pull_ofp10_phy_port(struct ofpbuf *b, struct ofputil_phy_port *pp)
{
    const struct ofp10_phy_port *opp = ofpbuf_try_pull(b, sizeof *opp);
    if (!opp) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    pp->port_no = ntohs(opp->port_no);
    pp->hw_addr = opp->hw_addr;
    ofputil_get_wire_string(pp->name, opp->name, OFP_MAX_PORT_NAME_LEN);
    pp->config = ntohl(opp->config) & OFPPC10_ALL;
    pp->state = ntohl(opp->state) & OFPUTIL_PS_LINK_DOWN;
    pp->curr = features_from_ofp10(ntohl(opp->curr));
    pp->advertised = features_from_ofp10(ntohl(opp->advertised));
    pp->supported = features_from_ofp10(ntohl(opp->supported));
    pp->peer = features_from_ofp10(ntohl(opp->peer));
    pp->curr_speed = features_to_kbps(pp->curr);
    pp->max_speed = features_to_kbps(pp->supported);
    return 0;
}

static int
pull_ofp11_port(struct ofpbuf *b, struct ofputil_phy_port *pp)
{
    const struct ofp11_port *op = ofpbuf_try_pull(b, sizeof *op);
    if (!op) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (ofputil_port_from_ofp11(op->port_no, &pp->port_no)) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    pp->hw_addr = op->hw_addr;
    ofputil_get_wire_string(pp->name, op->name, OFP_MAX_PORT_NAME_LEN);
    pp->config = ntohl(op->config) & OFPPC11_ALL;
    pp->state = ntohl(op->state) & OFPPS11_ALL;
    pp->curr = ntohl(op->curr);
    pp->advertised = ntohl(op->advertised);
    pp->supported = ntohl(op->supported);
    pp->peer = ntohl(op->peer);
    pp->curr_speed = ntohl(op->curr_speed);
    pp->max_speed = ntohl(op->max_speed);
    return 0;
}

static int
pull_ofp14_port(struct ofpbuf *b, struct ofputil_phy_port *pp)
{
    const struct ofp14_port *op = ofpbuf_at(b, 0, sizeof *op);
    if (!op) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    size_t len = ntohs(op->length);
    if (len < sizeof *op || len > b->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    struct ofpbuf props;
    ofpbuf_use_const(&props, op + 1, len - sizeof *op);
    ofpbuf_pull(b, len);

    if (ofputil_port_from_ofp11(op->port_no, &pp->port_no)) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    pp->hw_addr = op->hw_addr;
    ofputil_get_wire_string(pp->name, op->name, OFP_MAX_PORT_NAME_LEN);
    pp->config = ntohl(op->config) & OFPPC11_ALL;
    pp->state = ntohl(op->state) & OFPPS11_ALL;
    pp->curr = pp->advertised = pp->supported = pp->peer = 0;
    pp->curr_speed = pp->max_speed = 0;

    while (props.size) {
        const struct ofp_prop_header *ph = ofpbuf_at(&props, 0, sizeof *ph);
        size_t plen = ph ? ntohs(ph->length) : 0;
        if (!ph || plen < sizeof *ph || plen > props.size) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        if (ntohs(ph->type) == OFPPDPT14_ETHERNET) {
            const struct ofp14_port_desc_prop_ethernet *eth = (void *) ph;
            if (plen != sizeof *eth) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            pp->curr = ntohl(eth->curr);
            pp->advertised = ntohl(eth->advertised);
            pp->supported = ntohl(eth->supported);
            pp->peer = ntohl(eth->peer);
            pp->curr_speed = ntohl(eth->curr_speed);
            pp->max_speed = ntohl(eth->max_speed);
        }
        ofpbuf_pull(&props, MIN(ROUND_UP(plen, 8), props.size));
    }
    return 0;
}

/* Pulls one port of 'version''s format from 'b' into 'pp'. */
int
ofputil_pull_phy_port(uint8_t version, struct ofpbuf *b,
                      struct ofputil_phy_port *pp)
{
    memset(pp, 0, sizeof *pp);
    if (!b->size) {
        return EOF;
    }
    return (version == OFP10_VERSION ? pull_ofp10_phy_port(b, pp)
            : version <= OFP13_VERSION ? pull_ofp11_port(b, pp)
            : pull_ofp14_port(b, pp));
}

/* ---- Features. ---- */

#define OFPC10_KEPT (OFPUTIL_C_FLOW_STATS | OFPUTIL_C_TABLE_STATS       \
                     | OFPUTIL_C_PORT_STATS | OFPUTIL_C_IP_REASM        \
                     | OFPUTIL_C_QUEUE_STATS | OFPUTIL_C_ARP_MATCH_IP)
#define OFPC11_KEPT (OFPUTIL_C_FLOW_STATS | OFPUTIL_C_TABLE_STATS       \
                     | OFPUTIL_C_PORT_STATS | OFPUTIL_C_GROUP_STATS     \
                     | OFPUTIL_C_IP_REASM | OFPUTIL_C_QUEUE_STATS       \
                     | OFPUTIL_C_PORT_BLOCKED)

/* Returns an OFPT_FEATURES_REQUEST. */
struct ofpbuf *
ofputil_encode_features_request(uint8_t version)
{
    return ofpraw_alloc(OFPRAW_OFPT_FEATURES_REQUEST, version, 0);
}

/* Returns a features reply for 'version' with 'xid', without ports. */
struct ofpbuf *
ofputil_encode_switch_features(const struct ofputil_switch_features *sf,
                               uint8_t version, ovs_be32 xid)
{
    bool v10 = version == OFP10_VERSION;
    struct ofpbuf *msg = ofpraw_alloc_xid(v10 ? OFPRAW_OFPT10_FEATURES_REPLY
                                          : OFPRAW_OFPT13_FEATURES_REPLY,
                                          version, xid, 24 + 48 * 8);
    ofpbuf_put_zeros(msg, 24);
    if (v10) {
        struct ofp10_switch_features *osf = msg->header;
        uint32_t caps = sf->capabilities & OFPC10_KEPT;
        if (sf->capabilities & OFPUTIL_C_STP) {
            caps |= OFPC10_STP;
        }
        osf->datapath_id = htonll(sf->datapath_id);
        osf->n_buffers = htonl(sf->n_buffers);
        osf->n_tables = sf->n_tables;
        osf->capabilities = htonl(caps);
        osf->actions = htonl(sf->actions);
    } else {
        struct ofp11_switch_features *osf = msg->header;
        osf->datapath_id = htonll(sf->datapath_id);
        osf->n_buffers = htonl(sf->n_buffers);
        osf->n_tables = sf->n_tables;
        osf->auxiliary_id = sf->auxiliary_id;
        osf->capabilities = htonl(sf->capabilities & OFPC11_KEPT);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* Appends 'pp' to 1.0 features reply 'b' (no-op for later versions,
 * whose replies carry no ports). */
void
ofputil_put_switch_features_port(const struct ofputil_phy_port *pp,
                                 struct ofpbuf *b)
{
    const struct ofp_header *oh = b->header ? b->header : b->data;
    if (oh->version == OFP10_VERSION) {
        put_ofp10_phy_port(pp, b);
        ofpmsg_update_length(b);
    }
}

/* Decodes features reply 'oh' into 'sf' and points 'b' at its ports. */
enum ofperr
ofputil_decode_switch_features(const struct ofp_header *oh,
                               struct ofputil_switch_features *sf,
                               struct ofpbuf *b)
{
    enum ofpraw raw;

    ofpbuf_use_const(b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, b);
    if (error) {
        return error;
    }
    memset(sf, 0, sizeof *sf);
    if (raw == OFPRAW_OFPT10_FEATURES_REPLY) {
        const struct ofp10_switch_features *osf = (const void *) oh;
        uint32_t caps = ntohl(osf->capabilities);
        sf->datapath_id = ntohll(osf->datapath_id);
        sf->n_buffers = ntohl(osf->n_buffers);
        sf->n_tables = osf->n_tables;
        sf->capabilities = caps & OFPC10_KEPT;
        if (caps & OFPC10_STP) {
            sf->capabilities |= OFPUTIL_C_STP;
        }
        sf->actions = ntohl(osf->actions);
    } else if (raw == OFPRAW_OFPT13_FEATURES_REPLY) {
        const struct ofp11_switch_features *osf = (const void *) oh;
        sf->datapath_id = ntohll(osf->datapath_id);
        sf->n_buffers = ntohl(osf->n_buffers);
        sf->n_tables = osf->n_tables;
        sf->auxiliary_id = osf->auxiliary_id;
        sf->capabilities = ntohl(osf->capabilities) & OFPC11_KEPT;
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    ofpbuf_pull(b, 24);
    return 0;
}

/* ---- Port status. ---- */

/* Returns a port status message for 'ps' in 'protocol''s version. */
struct ofpbuf *
ofputil_encode_port_status(const struct ofputil_port_status *ps,
                           enum ofputil_protocol protocol)
{
    uint8_t version = ofputil_protocol_to_ofp_version(protocol);
    enum ofpraw raw = (version == OFP10_VERSION ? OFPRAW_OFPT10_PORT_STATUS
                       : version == OFP13_VERSION ? OFPRAW_OFPT11_PORT_STATUS
                       : OFPRAW_OFPT14_PORT_STATUS);
    struct ofpbuf *msg = ofpraw_alloc_xid(raw, version, 0, 80);
    uint8_t *reason = ofpbuf_put_zeros(msg, 8);
    *reason = ps->reason;
    ofputil_put_phy_port(version, &ps->desc, msg);
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes port status 'oh'. */
enum ofperr
ofputil_decode_port_status(const struct ofp_header *oh,
                           struct ofputil_port_status *ps)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (ofptype_from_ofpraw(raw) != OFPTYPE_PORT_STATUS) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    const uint8_t *reason = ofpbuf_pull(&b, 8);
    ps->reason = *reason;
    int retval = ofputil_pull_phy_port(oh->version, &b, &ps->desc);
    if (retval == EOF || (!retval && b.size)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return retval;
}

/* ---- Port descriptions. ---- */

/* Returns a port description request for 'port' (1.5; others: all). */
struct ofpbuf *
ofputil_encode_port_desc_stats_request(uint8_t version, uint16_t port)
{
    struct ofpbuf *msg;

    if (version == OFP10_VERSION) {
        msg = ofpraw_alloc(OFPRAW_OFPST10_PORT_DESC_REQUEST, version, 0);
    } else if (version < OFP15_VERSION) {
        msg = ofpraw_alloc(OFPRAW_OFPST11_PORT_DESC_REQUEST, version, 0);
    } else {
        msg = ofpraw_alloc(OFPRAW_OFPST15_PORT_DESC_REQUEST, version, 8);
        ovs_be32 *p = ofpbuf_put_zeros(msg, 8);
        *p = ofputil_port_to_ofp11(port);
        ofpmsg_update_length(msg);
    }
    return msg;
}

/* Decodes a port description request; '*port' is OFPP_NONE for all. */
enum ofperr
ofputil_decode_port_desc_stats_request(const struct ofp_header *oh,
                                       uint16_t *port)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    *port = OFPP_NONE;
    if (raw == OFPRAW_OFPST15_PORT_DESC_REQUEST) {
        ovs_be32 p;
        memcpy(&p, b.data, sizeof p);
        if (ofputil_port_from_ofp11(p, port)) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
    } else if (ofptype_from_ofpraw(raw) != OFPTYPE_PORT_DESC_STATS_REQUEST) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    return 0;
}

/* Appends 'pp' to port description replies 'replies'. */
void
ofputil_append_port_desc_stats_reply(const struct ofputil_phy_port *pp,
                                     struct osw_list *replies)
{
    struct ofpbuf *msg = ofpmp_reserve(replies, 80);
    size_t start_ofs = msg->size;
    ofputil_put_phy_port(ofpmp_version(replies), pp, msg);
    ofpmp_postappend(replies, start_ofs);
}

/* Pulls one port from port description reply 'msg'. */
int
ofputil_decode_port_desc_stats_reply(struct ofpbuf *msg,
                                     struct ofputil_phy_port *pp)
{
    enum ofpraw raw;
    enum ofperr error = ofpmp_start_decode(msg, OFPTYPE_PORT_DESC_STATS_REPLY,
                                          &raw);
    if (error) {
        return error;
    }
    const struct ofp_header *oh = msg->header;
    return ofputil_pull_phy_port(oh->version, msg, pp);
}

/* ---- Port mod. ---- */

/* Returns a port mod for 'pm' in 'protocol''s version. */
struct ofpbuf *
ofputil_encode_port_mod(const struct ofputil_port_mod *pm,
                        enum ofputil_protocol protocol)
{
    uint8_t version = ofputil_protocol_to_ofp_version(protocol);
    struct ofpbuf *msg;

    if (version == OFP10_VERSION) {
        msg = ofpraw_alloc(OFPRAW_OFPT10_PORT_MOD, version, 24);
        ofpbuf_put_zeros(msg, 24);
        struct ofp10_port_mod *opm = msg->header;
        opm->port_no = htons(pm->port_no);
        opm->hw_addr = pm->hw_addr;
        opm->config = htonl(pm->config & OFPPC10_ALL);
        opm->mask = htonl(pm->mask & OFPPC10_ALL);
        opm->advertise = htonl(features_to_ofp10(pm->advertise));
    } else if (version == OFP13_VERSION) {
        msg = ofpraw_alloc(OFPRAW_OFPT11_PORT_MOD, version, 32);
        ofpbuf_put_zeros(msg, 32);
        struct ofp11_port_mod *opm = msg->header;
        opm->port_no = ofputil_port_to_ofp11(pm->port_no);
        opm->hw_addr = pm->hw_addr;
        opm->config = htonl(pm->config & OFPPC11_ALL);
        opm->mask = htonl(pm->mask & OFPPC11_ALL);
        opm->advertise = htonl(pm->advertise);
    } else {
        msg = ofpraw_alloc(OFPRAW_OFPT14_PORT_MOD, version, 32);
        ofpbuf_put_zeros(msg, 24);
        struct ofp14_port_mod *opm = msg->header;
        opm->port_no = ofputil_port_to_ofp11(pm->port_no);
        opm->hw_addr = pm->hw_addr;
        opm->config = htonl(pm->config & OFPPC11_ALL);
        opm->mask = htonl(pm->mask & OFPPC11_ALL);
        if (pm->advertise) {
            struct ofp14_port_mod_prop_ethernet *eth
                = ofpbuf_put_zeros(msg, sizeof *eth);
            eth->type = htons(OFPPMPT14_ETHERNET);
            eth->length = htons(sizeof *eth);
            eth->advertise = htonl(pm->advertise);
        }
    }
    ofpmsg_update_length(msg);
    return msg;
}

static enum ofperr
decode_port_mod_props(struct ofpbuf *b, bool loose,
                      struct ofputil_port_mod *pm)
{
    while (b->size) {
        const struct ofp_prop_header *ph = ofpbuf_at(b, 0, sizeof *ph);
        size_t len = ph ? ntohs(ph->length) : 0;
        if (!ph || len < sizeof *ph || len > b->size) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        if (ntohs(ph->type) == OFPPMPT14_ETHERNET) {
            const struct ofp14_port_mod_prop_ethernet *eth = (void *) ph;
            if (len != sizeof *eth) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            pm->advertise = ntohl(eth->advertise);
        } else if (!loose) {
            return OFPERR_OFPBPC_BAD_TYPE;
        }
        ofpbuf_pull(b, MIN(ROUND_UP(len, 8), b->size));
    }
    return 0;
}

/* Decodes port mod 'oh' into 'pm'. */
enum ofperr
ofputil_decode_port_mod(const struct ofp_header *oh,
                        struct ofputil_port_mod *pm, bool loose)
{
    struct ofpbuf b;
    enum ofpraw raw;
    uint32_t allowed;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    memset(pm, 0, sizeof *pm);
    if (raw == OFPRAW_OFPT10_PORT_MOD) {
        const struct ofp10_port_mod *opm = (const void *) oh;
        pm->port_no = ntohs(opm->port_no);
        pm->hw_addr = opm->hw_addr;
        pm->config = ntohl(opm->config);
        pm->mask = ntohl(opm->mask);
        pm->advertise = features_from_ofp10(ntohl(opm->advertise));
        allowed = OFPPC10_ALL;
    } else if (raw == OFPRAW_OFPT11_PORT_MOD
               || raw == OFPRAW_OFPT14_PORT_MOD) {
        /* The 1.1 and 1.4 layouts agree up to 'mask'. */
        const struct ofp11_port_mod *opm = (const void *) oh;
        if (ofputil_port_from_ofp11(opm->port_no, &pm->port_no)) {
            return OFPERR_OFPPMFC_BAD_PORT;
        }
        pm->hw_addr = opm->hw_addr;
        pm->config = ntohl(opm->config);
        pm->mask = ntohl(opm->mask);
        allowed = OFPPC11_ALL;
        if (raw == OFPRAW_OFPT11_PORT_MOD) {
            pm->advertise = ntohl(opm->advertise);
        } else {
            ofpbuf_pull(&b, sizeof(struct ofp14_port_mod)
                        - sizeof(struct ofp_header));
            error = decode_port_mod_props(&b, loose, pm);
            if (error) {
                return error;
            }
        }
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }

    if (!loose && (pm->config | pm->mask) & ~allowed) {
        return OFPERR_OFPPMFC_BAD_CONFIG;
    }
    pm->config &= pm->mask & allowed;
    pm->mask &= allowed;
    return 0;
}

/* ---- Port statistics. ---- */

/* Returns a port stats request for 'port' (OFPP_NONE: all). */
struct ofpbuf *
ofputil_encode_port_stats_request(uint8_t version, uint16_t port)
{
    struct ofpbuf *msg;

    if (version == OFP10_VERSION) {
        msg = ofpraw_alloc(OFPRAW_OFPST10_PORT_REQUEST, version, 8);
        struct ofp10_port_stats_request *req
            = ofpbuf_put_zeros(msg, sizeof *req);
        req->port_no = htons(port);
    } else {
        msg = ofpraw_alloc(OFPRAW_OFPST11_PORT_REQUEST, version, 8);
        struct ofp11_port_stats_request *req
            = ofpbuf_put_zeros(msg, sizeof *req);
        req->port_no = ofputil_port_to_ofp11(port);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes a port stats request; '*port' is OFPP_NONE for all ports. */
enum ofperr
ofputil_decode_port_stats_request(const struct ofp_header *oh,
                                  uint16_t *port)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw == OFPRAW_OFPST10_PORT_REQUEST) {
        const struct ofp10_port_stats_request *req = b.data;
        *port = ntohs(req->port_no);
    } else if (raw == OFPRAW_OFPST11_PORT_REQUEST) {
        const struct ofp11_port_stats_request *req = b.data;
        if (ofputil_port_from_ofp11(req->port_no, port)) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    return 0;
}

static void
put_be64_list(ovs_be64 *dst, const uint64_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ovs_be64 v = htonll(src[i]);
        memcpy(&dst[i], &v, sizeof v);
    }
}

/* Appends 'ps' to port stats replies 'replies'. */
void
ofputil_append_port_stat(struct osw_list *replies,
                         const struct ofputil_port_stats *ps)
{
    uint8_t version = ofpmp_version(replies);
    const uint64_t c[12] = {
        ps->rx_packets, ps->tx_packets, ps->rx_bytes, ps->tx_bytes,
        ps->rx_dropped, ps->tx_dropped, ps->rx_errors, ps->tx_errors,
        ps->rx_frame_errors, ps->rx_over_errors, ps->rx_crc_errors,
        ps->collisions,
    };

    if (version == OFP10_VERSION) {
        struct ofp10_port_stats *ops = ofpmp_append(replies, sizeof *ops);
        memset(ops, 0, sizeof *ops);
        ops->port_no = htons(ps->port_no);
        for (size_t i = 0; i < 12; i++) {
            put_32aligned_be64(&(&ops->rx_packets)[i], htonll(c[i]));
        }
    } else if (version == OFP13_VERSION) {
        struct ofp13_port_stats *ops = ofpmp_append(replies, sizeof *ops);
        memset(ops, 0, sizeof *ops);
        ops->ps.port_no = ofputil_port_to_ofp11(ps->port_no);
        put_be64_list(&ops->ps.rx_packets, c, 12);
        ops->duration_sec = htonl(ps->duration_sec);
        ops->duration_nsec = htonl(ps->duration_nsec);
    } else {
        struct ofp14_port_stats *ops;
        struct ofp14_port_stats_prop_ethernet *eth;
        ops = ofpmp_append(replies, sizeof *ops + sizeof *eth);
        memset(ops, 0, sizeof *ops + sizeof *eth);
        ops->length = htons(sizeof *ops + sizeof *eth);
        ops->port_no = ofputil_port_to_ofp11(ps->port_no);
        ops->duration_sec = htonl(ps->duration_sec);
        ops->duration_nsec = htonl(ps->duration_nsec);
        put_be64_list(&ops->rx_packets, c, 8);
        eth = (struct ofp14_port_stats_prop_ethernet *) (ops + 1);
        eth->type = htons(OFPPSPT14_ETHERNET);
        eth->length = htons(sizeof *eth);
        put_be64_list(&eth->rx_frame_err, c + 8, 4);
    }
}

static void
get_be64_list(uint64_t *dst, const ovs_be64 *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ovs_be64 v;
        memcpy(&v, &src[i], sizeof v);
        dst[i] = ntohll(v);
    }
}

static void
set_port_counters(struct ofputil_port_stats *ps, const uint64_t c[12])
{
    ps->rx_packets = c[0];
    ps->tx_packets = c[1];
    ps->rx_bytes = c[2];
    ps->tx_bytes = c[3];
    ps->rx_dropped = c[4];
    ps->tx_dropped = c[5];
    ps->rx_errors = c[6];
    ps->tx_errors = c[7];
    ps->rx_frame_errors = c[8];
    ps->rx_over_errors = c[9];
    ps->rx_crc_errors = c[10];
    ps->collisions = c[11];
}

static enum ofperr
pull_ofp14_port_stats(struct ofpbuf *msg, struct ofputil_port_stats *ps,
                      uint64_t c[12])
{
    const struct ofp14_port_stats *ops = ofpbuf_at(msg, 0, sizeof *ops);
    size_t len = ops ? ntohs(ops->length) : 0;
    if (!ops || len < sizeof *ops || len > msg->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    if (ofputil_port_from_ofp11(ops->port_no, &ps->port_no)) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    ps->duration_sec = ntohl(ops->duration_sec);
    ps->duration_nsec = ntohl(ops->duration_nsec);
    get_be64_list(c, &ops->rx_packets, 8);

    struct ofpbuf props;
    ofpbuf_use_const(&props, ops + 1, len - sizeof *ops);
    ofpbuf_pull(msg, len);
    while (props.size) {
        const struct ofp_prop_header *ph = ofpbuf_at(&props, 0, sizeof *ph);
        size_t plen = ph ? ntohs(ph->length) : 0;
        if (!ph || plen < sizeof *ph || plen > props.size) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        if (ntohs(ph->type) == OFPPSPT14_ETHERNET) {
            const struct ofp14_port_stats_prop_ethernet *eth = (void *) ph;
            if (plen != sizeof *eth) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            get_be64_list(c + 8, &eth->rx_frame_err, 4);
        }
        ofpbuf_pull(&props, MIN(ROUND_UP(plen, 8), props.size));
    }
    return 0;
}

/* Pulls one port's statistics from port stats reply 'msg'. */
int
ofputil_decode_port_stats(struct ofputil_port_stats *ps, struct ofpbuf *msg)
{
    enum ofpraw raw;
    enum ofperr error = ofpmp_start_decode(msg, OFPTYPE_PORT_STATS_REPLY,
                                          &raw);
    if (error) {
        return error;
    }
    memset(ps, 0, sizeof *ps);
    if (!msg->size) {
        return EOF;
    }

    uint64_t c[12];
    for (size_t i = 0; i < 12; i++) {
        c[i] = UINT64_MAX;
    }
    ps->duration_sec = ps->duration_nsec = UINT32_MAX;
    if (raw == OFPRAW_OFPST10_PORT_REPLY) {
        const struct ofp10_port_stats *ops = ofpbuf_try_pull(msg,
                                                             sizeof *ops);
        if (!ops) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        ps->port_no = ntohs(ops->port_no);
        for (size_t i = 0; i < 12; i++) {
            c[i] = ntohll(get_32aligned_be64(&(&ops->rx_packets)[i]));
        }
    } else if (raw == OFPRAW_OFPST13_PORT_REPLY) {
        const struct ofp13_port_stats *ops = ofpbuf_try_pull(msg,
                                                             sizeof *ops);
        if (!ops) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        if (ofputil_port_from_ofp11(ops->ps.port_no, &ps->port_no)) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
        get_be64_list(c, &ops->ps.rx_packets, 12);
        ps->duration_sec = ntohl(ops->duration_sec);
        ps->duration_nsec = ntohl(ops->duration_nsec);
    } else {
        error = pull_ofp14_port_stats(msg, ps, c);
        if (error) {
            return error;
        }
    }
    set_port_counters(ps, c);
    return 0;
}

/* ---- Queue statistics. ---- */

/* Returns a queue stats request for 'qsr'. */
struct ofpbuf *
ofputil_encode_queue_stats_request(
    uint8_t version, const struct ofputil_queue_stats_request *qsr)
{
    struct ofpbuf *msg;

    if (version == OFP10_VERSION) {
        msg = ofpraw_alloc(OFPRAW_OFPST10_QUEUE_REQUEST, version, 8);
        struct ofp10_queue_stats_request *req
            = ofpbuf_put_zeros(msg, sizeof *req);
        req->port_no = htons(qsr->port_no);
        req->queue_id = htonl(qsr->queue_id);
    } else {
        msg = ofpraw_alloc(OFPRAW_OFPST11_QUEUE_REQUEST, version, 8);
        struct ofp11_queue_stats_request *req
            = ofpbuf_put_zeros(msg, sizeof *req);
        req->port_no = (qsr->port_no == OFPP_ALL ? htonl(OFPP11_ANY)
                        : ofputil_port_to_ofp11(qsr->port_no));
        req->queue_id = htonl(qsr->queue_id);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes a queue stats request; all ports is OFPP_ALL. */
enum ofperr
ofputil_decode_queue_stats_request(const struct ofp_header *oh,
                                   struct ofputil_queue_stats_request *qsr)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw == OFPRAW_OFPST10_QUEUE_REQUEST) {
        const struct ofp10_queue_stats_request *req = b.data;
        qsr->port_no = ntohs(req->port_no);
        qsr->queue_id = ntohl(req->queue_id);
    } else if (raw == OFPRAW_OFPST11_QUEUE_REQUEST) {
        const struct ofp11_queue_stats_request *req = b.data;
        if (req->port_no == htonl(OFPP11_ANY)) {
            qsr->port_no = OFPP_ALL;
        } else if (ofputil_port_from_ofp11(req->port_no, &qsr->port_no)) {
            return OFPERR_OFPQOFC_BAD_PORT;
        }
        qsr->queue_id = ntohl(req->queue_id);
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    return 0;
}

/* Appends 'qs' to queue stats replies 'replies'. */
void
ofputil_append_queue_stat(struct osw_list *replies,
                          const struct ofputil_queue_stats *qs)
{
    uint8_t version = ofpmp_version(replies);

    if (version == OFP10_VERSION) {
        struct ofp10_queue_stats *oqs = ofpmp_append(replies, sizeof *oqs);
        memset(oqs, 0, sizeof *oqs);
        oqs->port_no = htons(qs->port_no);
        oqs->queue_id = htonl(qs->queue_id);
        put_32aligned_be64(&oqs->tx_bytes, htonll(qs->tx_bytes));
        put_32aligned_be64(&oqs->tx_packets, htonll(qs->tx_packets));
        put_32aligned_be64(&oqs->tx_errors, htonll(qs->tx_errors));
        return;
    }

    struct ofp13_queue_stats *oqs;
    if (version == OFP13_VERSION) {
        oqs = ofpmp_append(replies, sizeof *oqs);
        memset(oqs, 0, sizeof *oqs);
    } else {
        struct ofp14_queue_stats *o14 = ofpmp_append(replies, sizeof *o14);
        memset(o14, 0, sizeof *o14);
        o14->length = htons(sizeof *o14);
        oqs = &o14->qs;
    }
    oqs->port_no = ofputil_port_to_ofp11(qs->port_no);
    oqs->queue_id = htonl(qs->queue_id);
    oqs->tx_bytes = htonll(qs->tx_bytes);
    oqs->tx_packets = htonll(qs->tx_packets);
    oqs->tx_errors = htonll(qs->tx_errors);
    oqs->duration_sec = htonl(qs->duration_sec);
    oqs->duration_nsec = htonl(qs->duration_nsec);
}

static enum ofperr
get_ofp13_queue_stats(const struct ofp13_queue_stats *oqs,
                      struct ofputil_queue_stats *qs)
{
    if (ofputil_port_from_ofp11(oqs->port_no, &qs->port_no)) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    qs->queue_id = ntohl(oqs->queue_id);
    qs->tx_bytes = ntohll(oqs->tx_bytes);
    qs->tx_packets = ntohll(oqs->tx_packets);
    qs->tx_errors = ntohll(oqs->tx_errors);
    qs->duration_sec = ntohl(oqs->duration_sec);
    qs->duration_nsec = ntohl(oqs->duration_nsec);
    return 0;
}

/* Pulls one queue's statistics from queue stats reply 'msg'. */
int
ofputil_decode_queue_stats(struct ofputil_queue_stats *qs,
                           struct ofpbuf *msg)
{
    enum ofpraw raw;
    enum ofperr error = ofpmp_start_decode(msg, OFPTYPE_QUEUE_STATS_REPLY,
                                          &raw);
    if (error) {
        return error;
    }
    memset(qs, 0, sizeof *qs);
    if (!msg->size) {
        return EOF;
    }

    if (raw == OFPRAW_OFPST10_QUEUE_REPLY) {
        const struct ofp10_queue_stats *oqs = ofpbuf_try_pull(msg,
                                                              sizeof *oqs);
        if (!oqs) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        qs->port_no = ntohs(oqs->port_no);
        qs->queue_id = ntohl(oqs->queue_id);
        qs->tx_bytes = ntohll(get_32aligned_be64(&oqs->tx_bytes));
        qs->tx_packets = ntohll(get_32aligned_be64(&oqs->tx_packets));
        qs->tx_errors = ntohll(get_32aligned_be64(&oqs->tx_errors));
        qs->duration_sec = qs->duration_nsec = UINT32_MAX;
        return 0;
    } else if (raw == OFPRAW_OFPST13_QUEUE_REPLY) {
        const struct ofp13_queue_stats *oqs = ofpbuf_try_pull(msg,
                                                              sizeof *oqs);
        return oqs ? get_ofp13_queue_stats(oqs, qs) : OFPERR_OFPBRC_BAD_LEN;
    } else {
        const struct ofp14_queue_stats *oqs = ofpbuf_at(msg, 0, sizeof *oqs);
        size_t len = oqs ? ntohs(oqs->length) : 0;
        if (!oqs || len < sizeof *oqs || len > msg->size) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        ofpbuf_pull(msg, len);
        return get_ofp13_queue_stats(&oqs->qs, qs);
    }
}
