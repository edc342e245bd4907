/* Fuzz target for the OpenFlow message decoders, which read whatever a
 * controller or switch sends.
 *
 * The input is one message of any version.  Its header length is made to
 * agree with the input size (vconn hands decoders exactly one whole
 * message), then ofptype_decode() identifies it and the matching
 * ofputil_decode_*() decodes it; what decodes is encoded again and the
 * re-encoding must decode too.  The message is also printed
 * (ofp_to_string()).  Nothing may crash, leak or read outside the
 * message. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ofp-actions.h"
#include "ofp-print.h"
#include "ofp-util.h"
#include "ofproto.h"
#include "osw/ofpbuf.h"
#include "osw/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Decodes 'msg' (a freshly encoded message), which must succeed, and
 * frees it. */
static void
check_reencoded(struct ofpbuf *msg)
{
    if (msg) {
        const struct ofp_header *oh = msg->data;
        enum ofptype type;
        osw_assert(msg->size == ntohs(oh->length));
        if (ofputil_version_is_supported(oh->version)) {
            osw_assert(!ofptype_decode(&type, oh));
        }
        ofpbuf_delete(msg);
    }
}

static enum ofputil_protocol
protocol_for(const struct ofp_header *oh)
{
    enum ofputil_protocol p = ofputil_protocol_from_ofp_version(oh->version);
    return (p == OFPUTIL_P_OF10_STD && oh->type == OFPT_VENDOR
            ? OFPUTIL_P_OF10_NXM_TID : p);
}

static void
fuzz_flows(const struct ofp_header *oh, enum ofptype type,
           struct ofpbuf *ofpacts)
{
    enum ofputil_protocol p = protocol_for(oh);

    if (type == OFPTYPE_FLOW_MOD) {
        struct ofputil_flow_mod fm;
        if (!ofputil_decode_flow_mod(&fm, oh, p, ofpacts)) {
            check_reencoded(ofputil_encode_flow_mod(&fm, p));
        }
    } else if (type == OFPTYPE_FLOW_STATS_REQUEST
               || type == OFPTYPE_AGGREGATE_STATS_REQUEST) {
        struct ofputil_flow_stats_request fsr;
        if (!ofputil_decode_flow_stats_request(&fsr, oh)) {
            check_reencoded(ofputil_encode_flow_stats_request(&fsr, p));
        }
    } else if (type == OFPTYPE_FLOW_STATS_REPLY) {
        struct ofputil_flow_stats fs;
        struct ofpbuf b;
        ofpbuf_use_const(&b, oh, ntohs(oh->length));
        while (!ofputil_decode_flow_stats_reply(&fs, &b, ofpacts)) {
            continue;
        }
    } else if (type == OFPTYPE_AGGREGATE_STATS_REPLY) {
        struct ofputil_aggregate_stats as;
        ofputil_decode_aggregate_stats_reply(&as, oh);
    } else if (type == OFPTYPE_FLOW_REMOVED) {
        struct ofputil_flow_removed fr;
        if (!ofputil_decode_flow_removed(&fr, oh)) {
            check_reencoded(ofputil_encode_flow_removed(&fr, p));
        }
    } else if (type == OFPTYPE_PACKET_IN) {
        struct ofputil_packet_in pin;
        if (!ofputil_decode_packet_in(&pin, oh)) {
            check_reencoded(ofputil_encode_packet_in(&pin, p,
                                                     NXPIF_NXT_PACKET_IN));
        }
    } else if (type == OFPTYPE_PACKET_OUT) {
        struct ofputil_packet_out po;
        if (!ofputil_decode_packet_out(&po, oh, ofpacts)) {
            check_reencoded(ofputil_encode_packet_out(&po, p));
        }
    } else if (type == OFPTYPE_TABLE_STATS_REPLY) {
        struct ofputil_table_stats ts;
        struct ofpbuf b;
        ofpbuf_use_const(&b, oh, ntohs(oh->length));
        while (!ofputil_decode_table_stats_reply(&b, &ts)) {
            continue;
        }
    } else if (type == OFPTYPE_TABLE_FEATURES_STATS_REPLY
               || type == OFPTYPE_TABLE_FEATURES_STATS_REQUEST) {
        struct ofputil_table_features tf;
        struct ofpbuf b;
        ofpbuf_use_const(&b, oh, ntohs(oh->length));
        while (!ofputil_decode_table_features(&b, &tf)) {
            continue;
        }
    }
}

static void
fuzz_ports(const struct ofp_header *oh, enum ofptype type)
{
    enum ofputil_protocol p = protocol_for(oh);
    struct ofpbuf b;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    if (type == OFPTYPE_FEATURES_REPLY) {
        struct ofputil_switch_features sf;
        struct ofputil_phy_port pp;
        if (!ofputil_decode_switch_features(oh, &sf, &b)) {
            while (!ofputil_pull_phy_port(oh->version, &b, &pp)) {
                continue;
            }
        }
    } else if (type == OFPTYPE_PORT_STATUS) {
        struct ofputil_port_status ps;
        if (!ofputil_decode_port_status(oh, &ps)) {
            check_reencoded(ofputil_encode_port_status(&ps, p));
        }
    } else if (type == OFPTYPE_PORT_MOD) {
        struct ofputil_port_mod pm;
        if (!ofputil_decode_port_mod(oh, &pm, false)) {
            check_reencoded(ofputil_encode_port_mod(&pm, p));
        }
    } else if (type == OFPTYPE_PORT_DESC_STATS_REPLY) {
        struct ofputil_phy_port pp;
        while (!ofputil_decode_port_desc_stats_reply(&b, &pp)) {
            continue;
        }
    } else if (type == OFPTYPE_PORT_STATS_REPLY) {
        struct ofputil_port_stats ps;
        while (!ofputil_decode_port_stats(&ps, &b)) {
            continue;
        }
    } else if (type == OFPTYPE_QUEUE_STATS_REPLY) {
        struct ofputil_queue_stats qs;
        while (!ofputil_decode_queue_stats(&qs, &b)) {
            continue;
        }
    } else if (type == OFPTYPE_PORT_STATS_REQUEST) {
        uint16_t port;
        if (!ofputil_decode_port_stats_request(oh, &port)) {
            check_reencoded(ofputil_encode_port_stats_request(oh->version,
                                                              port));
        }
    } else if (type == OFPTYPE_QUEUE_STATS_REQUEST) {
        struct ofputil_queue_stats_request qsr;
        if (!ofputil_decode_queue_stats_request(oh, &qsr)) {
            check_reencoded(ofputil_encode_queue_stats_request(oh->version,
                                                               &qsr));
        }
    } else if (type == OFPTYPE_PORT_DESC_STATS_REQUEST) {
        uint16_t port;
        ofputil_decode_port_desc_stats_request(oh, &port);
    }
}

static void
fuzz_groups_meters(const struct ofp_header *oh, enum ofptype type)
{
    struct ofpbuf b;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    if (type == OFPTYPE_GROUP_MOD) {
        struct ofputil_group_mod gm;
        if (!ofputil_decode_group_mod(oh, &gm)) {
            check_reencoded(ofputil_encode_group_mod(oh->version, &gm));
        }
        ofputil_uninit_group_mod(&gm);
    } else if (type == OFPTYPE_GROUP_DESC_STATS_REPLY) {
        struct ofputil_group_desc gd;
        int retval;
        do {
            retval = ofputil_decode_group_desc_reply(&gd, &b);
            ofputil_uninit_group_desc(&gd);
        } while (!retval);
    } else if (type == OFPTYPE_GROUP_STATS_REPLY) {
        struct ofputil_group_stats gs;
        while (!ofputil_decode_group_stats_reply(&b, &gs)) {
            free(gs.bucket_stats);
        }
    } else if (type == OFPTYPE_GROUP_FEATURES_STATS_REPLY) {
        struct ofputil_group_features gf;
        ofputil_decode_group_features_reply(oh, &gf);
    } else if (type == OFPTYPE_METER_MOD) {
        struct ofputil_meter_mod mm;
        struct ofpbuf bands;
        ofpbuf_init(&bands, 64);
        if (!ofputil_decode_meter_mod(oh, &mm, &bands)) {
            check_reencoded(ofputil_encode_meter_mod(oh->version, &mm));
        }
        ofpbuf_uninit(&bands);
    } else if (type == OFPTYPE_METER_CONFIG_STATS_REPLY
               || type == OFPTYPE_METER_STATS_REPLY) {
        struct ofpbuf bands;
        ofpbuf_init(&bands, 64);
        if (type == OFPTYPE_METER_STATS_REPLY) {
            struct ofputil_meter_stats ms;
            while (!ofputil_decode_meter_stats(&b, &ms, &bands)) {
                continue;
            }
        } else {
            struct ofputil_meter_config mc;
            while (!ofputil_decode_meter_config(&b, &mc, &bands)) {
                continue;
            }
        }
        ofpbuf_uninit(&bands);
    } else if (type == OFPTYPE_METER_FEATURES_STATS_REPLY) {
        struct ofputil_meter_features mf;
        ofputil_decode_meter_features(oh, &mf);
    } else if (type == OFPTYPE_METER_STATS_REQUEST
               || type == OFPTYPE_METER_CONFIG_STATS_REQUEST) {
        uint32_t meter_id;
        ofputil_decode_meter_request(oh, &meter_id);
    } else if (type == OFPTYPE_GROUP_STATS_REQUEST) {
        uint32_t group_id;
        ofputil_decode_group_stats_request(oh, &group_id);
    }
}

static void
fuzz_control(const struct ofp_header *oh, enum ofptype type)
{
    if (type == OFPTYPE_HELLO) {
        uint32_t versions;
        ofputil_decode_hello(oh, &versions);
        check_reencoded(ofputil_encode_hello(versions
                                             & OFPUTIL_SUPPORTED_VERSIONS));
    } else if (type == OFPTYPE_ERROR) {
        struct ofpbuf payload;
        ofperr_decode_msg(oh, &payload);
    } else if (type == OFPTYPE_ECHO_REQUEST) {
        check_reencoded(ofputil_encode_echo_reply(oh));
    } else if (type == OFPTYPE_GET_CONFIG_REPLY
               || type == OFPTYPE_SET_CONFIG) {
        struct ofputil_switch_config sc;
        if (!ofputil_decode_switch_config(oh, &sc)) {
            check_reencoded(ofputil_encode_set_config(&sc, oh->version));
        }
    } else if (type == OFPTYPE_ROLE_REQUEST || type == OFPTYPE_ROLE_REPLY) {
        struct ofputil_role_request rr;
        if (!ofputil_decode_role_message(oh, &rr)
            && type == OFPTYPE_ROLE_REQUEST) {
            check_reencoded(ofputil_encode_role_reply(oh, &rr));
        }
    } else if (type == OFPTYPE_SET_ASYNC_CONFIG
               || type == OFPTYPE_GET_ASYNC_REPLY) {
        struct ofputil_async_cfg basis, cfg;
        basis = ofputil_async_cfg_default(oh->version);
        if (!ofputil_decode_set_async_config(oh, false, &basis, &cfg)) {
            check_reencoded(ofputil_encode_set_async_config(&cfg,
                                                            oh->version));
        }
    } else if (type == OFPTYPE_DESC_STATS_REPLY) {
        struct ofputil_desc_stats ds;
        ofputil_decode_desc_stats_reply(&ds, oh);
    } else if (type == OFPTYPE_SET_FLOW_FORMAT) {
        enum ofputil_protocol p;
        ofputil_decode_nx_set_flow_format(oh, &p);
    } else if (type == OFPTYPE_FLOW_MOD_TABLE_ID) {
        bool enable;
        ofputil_decode_flow_mod_table_id(oh, &enable);
    } else if (type == OFPTYPE_SET_PACKET_IN_FORMAT) {
        enum nx_packet_in_format format;
        ofputil_decode_set_packet_in_format(oh, &format);
    } else if (type == OFPTYPE_SET_CONTROLLER_ID) {
        uint16_t id;
        ofputil_decode_set_controller_id(oh, &id);
    } else if (type == OFPTYPE_TABLE_MOD) {
        struct ofputil_table_mod tm;
        ofputil_decode_table_mod(oh, &tm);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < sizeof(struct ofp_header) || size > UINT16_MAX) {
        return 0;
    }

    /* An exact-size copy, so that reading past the message is caught. */
    struct ofp_header *oh = xmemdup(data, size);
    oh->length = htons(size);

    char *s = ofp_to_string(oh, size, 2);
    free(s);

    enum ofptype type;
    if (!ofptype_decode(&type, oh)) {
        struct ofpbuf ofpacts;
        ofpbuf_init(&ofpacts, 64);
        fuzz_flows(oh, type, &ofpacts);
        fuzz_ports(oh, type);
        fuzz_groups_meters(oh, type);
        fuzz_control(oh, type);
        ofpbuf_uninit(&ofpacts);
    }

    /* Every error gets an answer. */
    check_reencoded(ofperr_encode_reply(OFPERR_OFPBRC_BAD_TYPE, oh));
    free(oh);
    return 0;
}
