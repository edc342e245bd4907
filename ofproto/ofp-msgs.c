/* ofp-msgs: message identification, validation, framing, multipart
 * replies and hello negotiation. */
#include <config.h>
#include "ofp-msgs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "openflow/nicira-ext.h"
#include "openflow/openflow-1.0.h"
#include "openflow/openflow-1.5.h"
#include "osw/ofpbuf.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(ofp_msgs);

/* How a message is framed. */
enum raw_kind {
    RK_PLAIN,           /* ofp_header. */
    RK_NXT,             /* nicira_header (OFPT_VENDOR/EXPERIMENTER). */
    RK_REQ,             /* Stats/multipart request. */
    RK_REPLY,           /* Stats/multipart reply. */
    RK_NXST_REQ,        /* Nicira stats request (1.0). */
    RK_NXST_REPLY       /* Nicira stats reply (1.0). */
};

struct raw_info {
    enum ofpraw raw;
    enum ofptype type;
    const char *name;
    uint32_t versions;          /* Bitmap of versions. */
    enum raw_kind kind;
    uint16_t number;            /* OFPT (plain), OFPMP (stats), subtype. */
    uint16_t min_body;          /* Fixed body length. */
    uint16_t multiple;          /* 0: exactly min_body; 1: any extra;
                                 * N: extra is a multiple of N. */
};

#define V10 OFPUTIL_VERSION_BIT(OFP10_VERSION)
#define V13 OFPUTIL_VERSION_BIT(OFP13_VERSION)
#define V14 OFPUTIL_VERSION_BIT(OFP14_VERSION)
#define V15 OFPUTIL_VERSION_BIT(OFP15_VERSION)
#define V13UP (V13 | V14 | V15)
#define V14UP (V14 | V15)
#define VALL (V10 | V13UP)

#define R(RAW, TYPE, NAME, VERSIONS, KIND, NUMBER, MIN, MULT)   \
    [OFPRAW_##RAW] = { OFPRAW_##RAW, OFPTYPE_##TYPE, NAME, VERSIONS,  \
                       KIND, NUMBER, MIN, MULT }

static const struct raw_info raw_infos[OFPRAW_N_RAWS] = {
    R(OFPT_HELLO, HELLO, "OFPT_HELLO", VALL, RK_PLAIN, 0, 0, 1),
    R(OFPT_ERROR, ERROR, "OFPT_ERROR", VALL, RK_PLAIN, 1, 4, 1),
    R(OFPT_ECHO_REQUEST, ECHO_REQUEST, "OFPT_ECHO_REQUEST", VALL, RK_PLAIN,
      2, 0, 1),
    R(OFPT_ECHO_REPLY, ECHO_REPLY, "OFPT_ECHO_REPLY", VALL, RK_PLAIN,
      3, 0, 1),
    R(OFPT_FEATURES_REQUEST, FEATURES_REQUEST, "OFPT_FEATURES_REQUEST",
      VALL, RK_PLAIN, 5, 0, 0),
    R(OFPT10_FEATURES_REPLY, FEATURES_REPLY, "OFPT_FEATURES_REPLY",
      V10, RK_PLAIN, 6, 24, 48),
    R(OFPT13_FEATURES_REPLY, FEATURES_REPLY, "OFPT_FEATURES_REPLY",
      V13UP, RK_PLAIN, 6, 24, 0),
    R(OFPT_GET_CONFIG_REQUEST, GET_CONFIG_REQUEST,
      "OFPT_GET_CONFIG_REQUEST", VALL, RK_PLAIN, 7, 0, 0),
    R(OFPT_GET_CONFIG_REPLY, GET_CONFIG_REPLY, "OFPT_GET_CONFIG_REPLY",
      VALL, RK_PLAIN, 8, 4, 0),
    R(OFPT_SET_CONFIG, SET_CONFIG, "OFPT_SET_CONFIG", VALL, RK_PLAIN,
      9, 4, 0),
    R(OFPT10_PACKET_IN, PACKET_IN, "OFPT_PACKET_IN", V10, RK_PLAIN,
      10, 10, 1),
    R(OFPT13_PACKET_IN, PACKET_IN, "OFPT_PACKET_IN", V13UP, RK_PLAIN,
      10, 16, 1),
    R(NXT_PACKET_IN, PACKET_IN, "NXT_PACKET_IN", VALL, RK_NXT,
      NXT_PACKET_IN, 24, 1),
    R(OFPT10_FLOW_REMOVED, FLOW_REMOVED, "OFPT_FLOW_REMOVED", V10,
      RK_PLAIN, 11, 80, 0),
    R(OFPT12_FLOW_REMOVED, FLOW_REMOVED, "OFPT_FLOW_REMOVED", V13 | V14,
      RK_PLAIN, 11, 40, 1),
    R(OFPT15_FLOW_REMOVED, FLOW_REMOVED, "OFPT_FLOW_REMOVED", V15,
      RK_PLAIN, 11, 16, 1),
    R(NXT_FLOW_REMOVED, FLOW_REMOVED, "NXT_FLOW_REMOVED", VALL, RK_NXT,
      NXT_FLOW_REMOVED, 40, 1),
    R(OFPT10_PORT_STATUS, PORT_STATUS, "OFPT_PORT_STATUS", V10, RK_PLAIN,
      12, 56, 0),
    R(OFPT11_PORT_STATUS, PORT_STATUS, "OFPT_PORT_STATUS", V13, RK_PLAIN,
      12, 72, 0),
    R(OFPT14_PORT_STATUS, PORT_STATUS, "OFPT_PORT_STATUS", V14UP, RK_PLAIN,
      12, 8, 1),
    R(OFPT14_ROLE_STATUS, ROLE_STATUS, "OFPT_ROLE_STATUS", V14UP, RK_PLAIN,
      30, 16, 1),
    R(OFPT10_PACKET_OUT, PACKET_OUT, "OFPT_PACKET_OUT", V10, RK_PLAIN,
      13, 8, 1),
    R(OFPT11_PACKET_OUT, PACKET_OUT, "OFPT_PACKET_OUT", V13 | V14, RK_PLAIN,
      13, 16, 1),
    R(OFPT15_PACKET_OUT, PACKET_OUT, "OFPT_PACKET_OUT", V15, RK_PLAIN,
      13, 8, 1),
    R(OFPT10_FLOW_MOD, FLOW_MOD, "OFPT_FLOW_MOD", V10, RK_PLAIN, 14, 64, 1),
    R(OFPT11_FLOW_MOD, FLOW_MOD, "OFPT_FLOW_MOD", V13UP, RK_PLAIN,
      14, 40, 1),
    R(NXT_FLOW_MOD, FLOW_MOD, "NXT_FLOW_MOD", VALL, RK_NXT, NXT_FLOW_MOD,
      32, 1),
    R(OFPT11_GROUP_MOD, GROUP_MOD, "OFPT_GROUP_MOD", V13 | V14, RK_PLAIN,
      15, 8, 1),
    R(OFPT15_GROUP_MOD, GROUP_MOD, "OFPT_GROUP_MOD", V15, RK_PLAIN,
      15, 16, 1),
    R(OFPT10_PORT_MOD, PORT_MOD, "OFPT_PORT_MOD", V10, RK_PLAIN, 15, 24, 0),
    R(OFPT11_PORT_MOD, PORT_MOD, "OFPT_PORT_MOD", V13, RK_PLAIN, 16, 32, 0),
    R(OFPT14_PORT_MOD, PORT_MOD, "OFPT_PORT_MOD", V14UP, RK_PLAIN,
      16, 24, 1),
    R(OFPT11_TABLE_MOD, TABLE_MOD, "OFPT_TABLE_MOD", V13UP, RK_PLAIN,
      17, 8, 1),
    R(OFPT13_METER_MOD, METER_MOD, "OFPT_METER_MOD", V13UP, RK_PLAIN,
      29, 8, 1),
    R(OFPT10_BARRIER_REQUEST, BARRIER_REQUEST, "OFPT_BARRIER_REQUEST",
      V10, RK_PLAIN, 18, 0, 0),
    R(OFPT10_BARRIER_REPLY, BARRIER_REPLY, "OFPT_BARRIER_REPLY",
      V10, RK_PLAIN, 19, 0, 0),
    R(OFPT11_BARRIER_REQUEST, BARRIER_REQUEST, "OFPT_BARRIER_REQUEST",
      V13UP, RK_PLAIN, 20, 0, 0),
    R(OFPT11_BARRIER_REPLY, BARRIER_REPLY, "OFPT_BARRIER_REPLY",
      V13UP, RK_PLAIN, 21, 0, 0),
    R(OFPT10_QUEUE_GET_CONFIG_REQUEST, QUEUE_GET_CONFIG_REQUEST,
      "OFPT_QUEUE_GET_CONFIG_REQUEST", V10, RK_PLAIN, 20, 4, 0),
    R(OFPT10_QUEUE_GET_CONFIG_REPLY, QUEUE_GET_CONFIG_REPLY,
      "OFPT_QUEUE_GET_CONFIG_REPLY", V10, RK_PLAIN, 21, 8, 1),
    R(OFPT11_QUEUE_GET_CONFIG_REQUEST, QUEUE_GET_CONFIG_REQUEST,
      "OFPT_QUEUE_GET_CONFIG_REQUEST", V13, RK_PLAIN, 22, 8, 0),
    R(OFPT11_QUEUE_GET_CONFIG_REPLY, QUEUE_GET_CONFIG_REPLY,
      "OFPT_QUEUE_GET_CONFIG_REPLY", V13, RK_PLAIN, 23, 8, 1),
    R(OFPT12_ROLE_REQUEST, ROLE_REQUEST, "OFPT_ROLE_REQUEST", V13UP,
      RK_PLAIN, 24, 16, 0),
    R(OFPT12_ROLE_REPLY, ROLE_REPLY, "OFPT_ROLE_REPLY", V13UP, RK_PLAIN,
      25, 16, 0),
    R(NXT_ROLE_REQUEST, ROLE_REQUEST, "NXT_ROLE_REQUEST", VALL, RK_NXT,
      NXT_ROLE_REQUEST, 4, 0),
    R(NXT_ROLE_REPLY, ROLE_REPLY, "NXT_ROLE_REPLY", VALL, RK_NXT,
      NXT_ROLE_REPLY, 4, 0),
    R(OFPT13_GET_ASYNC_REQUEST, GET_ASYNC_REQUEST, "OFPT_GET_ASYNC_REQUEST",
      V13UP, RK_PLAIN, 26, 0, 0),
    R(OFPT13_GET_ASYNC_REPLY, GET_ASYNC_REPLY, "OFPT_GET_ASYNC_REPLY",
      V13, RK_PLAIN, 27, 24, 0),
    R(OFPT14_GET_ASYNC_REPLY, GET_ASYNC_REPLY, "OFPT_GET_ASYNC_REPLY",
      V14UP, RK_PLAIN, 27, 0, 1),
    R(OFPT13_SET_ASYNC, SET_ASYNC_CONFIG, "OFPT_SET_ASYNC", V13, RK_PLAIN,
      28, 24, 0),
    R(OFPT14_SET_ASYNC, SET_ASYNC_CONFIG, "OFPT_SET_ASYNC", V14UP, RK_PLAIN,
      28, 0, 1),
    R(NXT_SET_ASYNC_CONFIG, SET_ASYNC_CONFIG, "NXT_SET_ASYNC_CONFIG", VALL,
      RK_NXT, NXT_SET_ASYNC_CONFIG, 24, 0),
    R(OFPT14_BUNDLE_CONTROL, BUNDLE_CONTROL, "OFPT_BUNDLE_CONTROL", V14UP,
      RK_PLAIN, 33, 8, 1),
    R(OFPT14_BUNDLE_ADD_MESSAGE, BUNDLE_ADD_MESSAGE,
      "OFPT_BUNDLE_ADD_MESSAGE", V14UP, RK_PLAIN, 34, 8, 1),
    R(NXT_SET_FLOW_FORMAT, SET_FLOW_FORMAT, "NXT_SET_FLOW_FORMAT", VALL,
      RK_NXT, NXT_SET_FLOW_FORMAT, 4, 0),
    R(NXT_FLOW_MOD_TABLE_ID, FLOW_MOD_TABLE_ID, "NXT_FLOW_MOD_TABLE_ID",
      VALL, RK_NXT, NXT_FLOW_MOD_TABLE_ID, 8, 0),
    R(NXT_SET_PACKET_IN_FORMAT, SET_PACKET_IN_FORMAT,
      "NXT_SET_PACKET_IN_FORMAT", VALL, RK_NXT, NXT_SET_PACKET_IN_FORMAT,
      4, 0),
    R(NXT_SET_CONTROLLER_ID, SET_CONTROLLER_ID, "NXT_SET_CONTROLLER_ID",
      VALL, RK_NXT, NXT_SET_CONTROLLER_ID, 8, 0),
    R(NXT_FLOW_AGE, FLOW_AGE, "NXT_FLOW_AGE", VALL, RK_NXT, NXT_FLOW_AGE,
      0, 0),

    R(OFPST_DESC_REQUEST, DESC_STATS_REQUEST, "OFPST_DESC request", VALL,
      RK_REQ, OFPMP_DESC, 0, 0),
    R(OFPST_DESC_REPLY, DESC_STATS_REPLY, "OFPST_DESC reply", VALL,
      RK_REPLY, OFPMP_DESC, 1056, 0),
    R(OFPST10_FLOW_REQUEST, FLOW_STATS_REQUEST, "OFPST_FLOW request", V10,
      RK_REQ, OFPMP_FLOW, 44, 0),
    R(OFPST11_FLOW_REQUEST, FLOW_STATS_REQUEST, "OFPST_FLOW request",
      V13UP, RK_REQ, OFPMP_FLOW, 32, 1),
    R(NXST_FLOW_REQUEST, FLOW_STATS_REQUEST, "NXST_FLOW request", V10,
      RK_NXST_REQ, NXST_FLOW, 8, 1),
    R(OFPST10_FLOW_REPLY, FLOW_STATS_REPLY, "OFPST_FLOW reply", V10,
      RK_REPLY, OFPMP_FLOW, 0, 1),
    R(OFPST11_FLOW_REPLY, FLOW_STATS_REPLY, "OFPST_FLOW reply", V13 | V14,
      RK_REPLY, OFPMP_FLOW, 0, 1),
    R(OFPST15_FLOW_REPLY, FLOW_STATS_REPLY, "OFPST_FLOW reply", V15,
      RK_REPLY, OFPMP_FLOW, 0, 1),
    R(NXST_FLOW_REPLY, FLOW_STATS_REPLY, "NXST_FLOW reply", V10,
      RK_NXST_REPLY, NXST_FLOW, 0, 1),
    R(OFPST10_AGGREGATE_REQUEST, AGGREGATE_STATS_REQUEST,
      "OFPST_AGGREGATE request", V10, RK_REQ, OFPMP_AGGREGATE, 44, 0),
    R(OFPST11_AGGREGATE_REQUEST, AGGREGATE_STATS_REQUEST,
      "OFPST_AGGREGATE request", V13UP, RK_REQ, OFPMP_AGGREGATE, 32, 1),
    R(NXST_AGGREGATE_REQUEST, AGGREGATE_STATS_REQUEST,
      "NXST_AGGREGATE request", V10, RK_NXST_REQ, NXST_AGGREGATE, 8, 1),
    R(OFPST_AGGREGATE_REPLY, AGGREGATE_STATS_REPLY, "OFPST_AGGREGATE reply",
      V10 | V13 | V14, RK_REPLY, OFPMP_AGGREGATE, 24, 0),
    R(OFPST15_AGGREGATE_REPLY, AGGREGATE_STATS_REPLY,
      "OFPST_AGGREGATE reply", V15, RK_REPLY, OFPMP_AGGREGATE, 4, 1),
    R(NXST_AGGREGATE_REPLY, AGGREGATE_STATS_REPLY, "NXST_AGGREGATE reply",
      V10, RK_NXST_REPLY, NXST_AGGREGATE, 24, 0),
    R(OFPST_TABLE_REQUEST, TABLE_STATS_REQUEST, "OFPST_TABLE request",
      VALL, RK_REQ, OFPMP_TABLE, 0, 0),
    R(OFPST10_TABLE_REPLY, TABLE_STATS_REPLY, "OFPST_TABLE reply", V10,
      RK_REPLY, OFPMP_TABLE, 0, 64),
    R(OFPST13_TABLE_REPLY, TABLE_STATS_REPLY, "OFPST_TABLE reply", V13UP,
      RK_REPLY, OFPMP_TABLE, 0, 24),
    R(OFPST10_PORT_REQUEST, PORT_STATS_REQUEST, "OFPST_PORT request", V10,
      RK_REQ, OFPMP_PORT_STATS, 8, 0),
    R(OFPST11_PORT_REQUEST, PORT_STATS_REQUEST, "OFPST_PORT request",
      V13UP, RK_REQ, OFPMP_PORT_STATS, 8, 0),
    R(OFPST10_PORT_REPLY, PORT_STATS_REPLY, "OFPST_PORT reply", V10,
      RK_REPLY, OFPMP_PORT_STATS, 0, 104),
    R(OFPST13_PORT_REPLY, PORT_STATS_REPLY, "OFPST_PORT reply", V13,
      RK_REPLY, OFPMP_PORT_STATS, 0, 112),
    R(OFPST14_PORT_REPLY, PORT_STATS_REPLY, "OFPST_PORT reply", V14UP,
      RK_REPLY, OFPMP_PORT_STATS, 0, 1),
    R(OFPST10_QUEUE_REQUEST, QUEUE_STATS_REQUEST, "OFPST_QUEUE request",
      V10, RK_REQ, OFPMP_QUEUE, 8, 0),
    R(OFPST11_QUEUE_REQUEST, QUEUE_STATS_REQUEST, "OFPST_QUEUE request",
      V13UP, RK_REQ, OFPMP_QUEUE, 8, 0),
    R(OFPST10_QUEUE_REPLY, QUEUE_STATS_REPLY, "OFPST_QUEUE reply", V10,
      RK_REPLY, OFPMP_QUEUE, 0, 32),
    R(OFPST13_QUEUE_REPLY, QUEUE_STATS_REPLY, "OFPST_QUEUE reply", V13,
      RK_REPLY, OFPMP_QUEUE, 0, 40),
    R(OFPST14_QUEUE_REPLY, QUEUE_STATS_REPLY, "OFPST_QUEUE reply", V14UP,
      RK_REPLY, OFPMP_QUEUE, 0, 1),
    R(OFPST11_GROUP_REQUEST, GROUP_STATS_REQUEST, "OFPST_GROUP request",
      V13UP, RK_REQ, OFPMP_GROUP, 8, 0),
    R(OFPST13_GROUP_REPLY, GROUP_STATS_REPLY, "OFPST_GROUP reply", V13UP,
      RK_REPLY, OFPMP_GROUP, 0, 1),
    R(OFPST11_GROUP_DESC_REQUEST, GROUP_DESC_STATS_REQUEST,
      "OFPST_GROUP_DESC request", V13 | V14, RK_REQ, OFPMP_GROUP_DESC, 0, 0),
    R(OFPST11_GROUP_DESC_REPLY, GROUP_DESC_STATS_REPLY,
      "OFPST_GROUP_DESC reply", V13 | V14, RK_REPLY, OFPMP_GROUP_DESC, 0, 1),
    R(OFPST15_GROUP_DESC_REQUEST, GROUP_DESC_STATS_REQUEST,
      "OFPST_GROUP_DESC request", V15, RK_REQ, OFPMP_GROUP_DESC, 8, 0),
    R(OFPST15_GROUP_DESC_REPLY, GROUP_DESC_STATS_REPLY,
      "OFPST_GROUP_DESC reply", V15, RK_REPLY, OFPMP_GROUP_DESC, 0, 1),
    R(OFPST12_GROUP_FEATURES_REQUEST, GROUP_FEATURES_STATS_REQUEST,
      "OFPST_GROUP_FEATURES request", V13UP, RK_REQ, OFPMP_GROUP_FEATURES,
      0, 0),
    R(OFPST12_GROUP_FEATURES_REPLY, GROUP_FEATURES_STATS_REPLY,
      "OFPST_GROUP_FEATURES reply", V13UP, RK_REPLY, OFPMP_GROUP_FEATURES,
      40, 0),
    R(OFPST13_METER_REQUEST, METER_STATS_REQUEST, "OFPST_METER request",
      V13UP, RK_REQ, OFPMP_METER, 8, 0),
    R(OFPST13_METER_REPLY, METER_STATS_REPLY, "OFPST_METER reply", V13UP,
      RK_REPLY, OFPMP_METER, 0, 1),
    R(OFPST13_METER_CONFIG_REQUEST, METER_CONFIG_STATS_REQUEST,
      "OFPST_METER_CONFIG request", V13UP, RK_REQ, OFPMP_METER_CONFIG, 8, 0),
    R(OFPST13_METER_CONFIG_REPLY, METER_CONFIG_STATS_REPLY,
      "OFPST_METER_CONFIG reply", V13UP, RK_REPLY, OFPMP_METER_CONFIG, 0, 1),
    R(OFPST13_METER_FEATURES_REQUEST, METER_FEATURES_STATS_REQUEST,
      "OFPST_METER_FEATURES request", V13UP, RK_REQ, OFPMP_METER_FEATURES,
      0, 0),
    R(OFPST13_METER_FEATURES_REPLY, METER_FEATURES_STATS_REPLY,
      "OFPST_METER_FEATURES reply", V13UP, RK_REPLY, OFPMP_METER_FEATURES,
      16, 0),
    R(OFPST13_TABLE_FEATURES_REQUEST, TABLE_FEATURES_STATS_REQUEST,
      "OFPST_TABLE_FEATURES request", V13UP, RK_REQ, OFPMP_TABLE_FEATURES,
      0, 1),
    R(OFPST13_TABLE_FEATURES_REPLY, TABLE_FEATURES_STATS_REPLY,
      "OFPST_TABLE_FEATURES reply", V13UP, RK_REPLY, OFPMP_TABLE_FEATURES,
      0, 1),
    R(OFPST10_PORT_DESC_REQUEST, PORT_DESC_STATS_REQUEST,
      "OFPST_PORT_DESC request", V10, RK_REQ, OFPMP_PORT_DESC, 0, 0),
    R(OFPST10_PORT_DESC_REPLY, PORT_DESC_STATS_REPLY,
      "OFPST_PORT_DESC reply", V10, RK_REPLY, OFPMP_PORT_DESC, 0, 48),
    R(OFPST11_PORT_DESC_REQUEST, PORT_DESC_STATS_REQUEST,
      "OFPST_PORT_DESC request", V13 | V14, RK_REQ, OFPMP_PORT_DESC, 0, 0),
    R(OFPST15_PORT_DESC_REQUEST, PORT_DESC_STATS_REQUEST,
      "OFPST_PORT_DESC request", V15, RK_REQ, OFPMP_PORT_DESC, 8, 0),
    R(OFPST11_PORT_DESC_REPLY, PORT_DESC_STATS_REPLY,
      "OFPST_PORT_DESC reply", V13, RK_REPLY, OFPMP_PORT_DESC, 0, 64),
    R(OFPST14_PORT_DESC_REPLY, PORT_DESC_STATS_REPLY,
      "OFPST_PORT_DESC reply", V14UP, RK_REPLY, OFPMP_PORT_DESC, 0, 1),
};

static const char *const ofptype_names[OFPTYPE_N_TYPES] = {
#define N(T) [OFPTYPE_##T] = #T
    N(HELLO), N(ERROR), N(ECHO_REQUEST), N(ECHO_REPLY),
    N(FEATURES_REQUEST), N(FEATURES_REPLY), N(GET_CONFIG_REQUEST),
    N(GET_CONFIG_REPLY), N(SET_CONFIG), N(PACKET_IN), N(FLOW_REMOVED),
    N(PORT_STATUS), N(ROLE_STATUS), N(PACKET_OUT), N(FLOW_MOD),
    N(GROUP_MOD), N(PORT_MOD), N(TABLE_MOD), N(METER_MOD),
    N(BARRIER_REQUEST), N(BARRIER_REPLY), N(QUEUE_GET_CONFIG_REQUEST),
    N(QUEUE_GET_CONFIG_REPLY), N(ROLE_REQUEST), N(ROLE_REPLY),
    N(GET_ASYNC_REQUEST), N(GET_ASYNC_REPLY), N(SET_ASYNC_CONFIG),
    N(BUNDLE_CONTROL), N(BUNDLE_ADD_MESSAGE), N(SET_FLOW_FORMAT),
    N(FLOW_MOD_TABLE_ID), N(SET_PACKET_IN_FORMAT), N(SET_CONTROLLER_ID),
    N(FLOW_AGE), N(DESC_STATS_REQUEST), N(DESC_STATS_REPLY),
    N(FLOW_STATS_REQUEST), N(FLOW_STATS_REPLY),
    N(AGGREGATE_STATS_REQUEST), N(AGGREGATE_STATS_REPLY),
    N(TABLE_STATS_REQUEST), N(TABLE_STATS_REPLY), N(PORT_STATS_REQUEST),
    N(PORT_STATS_REPLY), N(QUEUE_STATS_REQUEST), N(QUEUE_STATS_REPLY),
    N(GROUP_STATS_REQUEST), N(GROUP_STATS_REPLY),
    N(GROUP_DESC_STATS_REQUEST), N(GROUP_DESC_STATS_REPLY),
    N(GROUP_FEATURES_STATS_REQUEST), N(GROUP_FEATURES_STATS_REPLY),
    N(METER_STATS_REQUEST), N(METER_STATS_REPLY),
    N(METER_CONFIG_STATS_REQUEST), N(METER_CONFIG_STATS_REPLY),
    N(METER_FEATURES_STATS_REQUEST), N(METER_FEATURES_STATS_REPLY),
    N(TABLE_FEATURES_STATS_REQUEST), N(TABLE_FEATURES_STATS_REPLY),
    N(PORT_DESC_STATS_REQUEST), N(PORT_DESC_STATS_REPLY),
#undef N
};

static const struct raw_info *
raw_info_get(enum ofpraw raw)
{
    osw_assert((unsigned int) raw < OFPRAW_N_RAWS);
    return &raw_infos[raw];
}

/* True if 'version' is one osw speaks (1.0, 1.3, 1.4, 1.5). */
bool
ofputil_version_is_supported(uint8_t version)
{
    return version < 32
           && (OFPUTIL_SUPPORTED_VERSIONS & OFPUTIL_VERSION_BIT(version));
}

static uint8_t
stats_request_type(uint8_t version)
{
    return version == OFP10_VERSION ? OFPT10_STATS_REQUEST
                                    : OFPT11_STATS_REQUEST;
}

static uint8_t
stats_reply_type(uint8_t version)
{
    return version == OFP10_VERSION ? OFPT10_STATS_REPLY
                                    : OFPT11_STATS_REPLY;
}

static size_t
kind_header_len(enum raw_kind kind, uint8_t version)
{
    switch (kind) {
    case RK_PLAIN:
        return sizeof(struct ofp_header);
    case RK_NXT:
        return sizeof(struct nicira_header);
    case RK_REQ:
    case RK_REPLY:
        return (version == OFP10_VERSION ? sizeof(struct ofp10_stats_msg)
                : sizeof(struct ofp11_stats_msg));
    case RK_NXST_REQ:
    case RK_NXST_REPLY:
        return sizeof(struct nicira10_stats_msg);
    }
    return 0;
}

/* Finds the raw of 'kind' with 'number' that 'version' has. */
static const struct raw_info *
raw_lookup(enum raw_kind kind, uint16_t number, uint8_t version)
{
    for (size_t i = 0; i < OFPRAW_N_RAWS; i++) {
        const struct raw_info *info = &raw_infos[i];
        if (info->kind == kind && info->number == number
            && info->versions & OFPUTIL_VERSION_BIT(version)) {
            return info;
        }
    }
    return NULL;
}

static enum ofperr
identify_vendor(const struct ofp_header *oh, size_t len,
                const struct raw_info **infop)
{
    if (len < sizeof(struct nicira_header)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    const struct nicira_header *nh = (const struct nicira_header *) oh;
    if (nh->vendor != htonl(NX_VENDOR_ID)) {
        return OFPERR_OFPBRC_BAD_VENDOR;
    }
    *infop = raw_lookup(RK_NXT, ntohl(nh->subtype) > UINT16_MAX
                        ? UINT16_MAX : ntohl(nh->subtype), oh->version);
    return *infop ? 0 : OFPERR_OFPBRC_BAD_SUBTYPE;
}

static enum ofperr
identify_stats(const struct ofp_header *oh, size_t len, bool request,
               const struct raw_info **infop)
{
    size_t hdr_len = kind_header_len(RK_REQ, oh->version);
    if (len < hdr_len) {
        return OFPERR_OFPBRC_BAD_LEN;
    }

    /* 'type' sits at the same offset in 1.0 and 1.1+ headers. */
    const struct ofp10_stats_msg *osm = (const struct ofp10_stats_msg *) oh;
    uint16_t stat = ntohs(osm->type);
    if (stat != OFPMP_EXPERIMENTER) {
        *infop = raw_lookup(request ? RK_REQ : RK_REPLY, stat, oh->version);
        return *infop ? 0 : OFPERR_OFPBRC_BAD_STAT;
    }

    /* Vendor stats: only Nicira's, only in 1.0. */
    if (oh->version == OFP10_VERSION) {
        if (len < sizeof(struct nicira10_stats_msg)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        const struct nicira10_stats_msg *nsm = (const void *) oh;
        if (nsm->vsm.vendor != htonl(NX_VENDOR_ID)) {
            return OFPERR_OFPBRC_BAD_VENDOR;
        }
        uint32_t subtype = ntohl(nsm->subtype);
        *infop = (subtype > UINT16_MAX ? NULL
                  : raw_lookup(request ? RK_NXST_REQ : RK_NXST_REPLY,
                               subtype, oh->version));
        return *infop ? 0 : OFPERR_OFPBRC_BAD_SUBTYPE;
    } else {
        if (len < sizeof(struct ofp11_vendor_stats_msg)) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        const struct ofp11_vendor_stats_msg *vsm = (const void *) oh;
        return (vsm->vendor == htonl(NX_VENDOR_ID)
                ? OFPERR_OFPBRC_BAD_SUBTYPE : OFPERR_OFPBRC_BAD_VENDOR);
    }
}

static enum ofperr
check_body_len(const struct raw_info *info, size_t body_len)
{
    if (body_len < info->min_body) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    size_t extra = body_len - info->min_body;
    if (info->multiple == 0 ? extra != 0
        : info->multiple > 1 && extra % info->multiple) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    return 0;
}

/* Identifies and validates 'oh', storing its raw in '*rawp'.  Returns 0
 * or an OFPERR_OFPBRC_* (see ofp-msgs.h). */
enum ofperr
ofpraw_decode(enum ofpraw *rawp, const struct ofp_header *oh)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    size_t len = ntohs(oh->length);
    const struct raw_info *info = NULL;
    enum ofperr error;

    *rawp = OFPRAW_OFPT_HELLO;
    if (len < sizeof *oh) {
        error = OFPERR_OFPBRC_BAD_LEN;
    } else if (!ofputil_version_is_supported(oh->version)) {
        error = OFPERR_OFPBRC_BAD_VERSION;
    } else if (oh->type == OFPT_VENDOR) {
        error = identify_vendor(oh, len, &info);
    } else if (oh->type == stats_request_type(oh->version)) {
        error = identify_stats(oh, len, true, &info);
    } else if (oh->type == stats_reply_type(oh->version)) {
        error = identify_stats(oh, len, false, &info);
    } else {
        info = raw_lookup(RK_PLAIN, oh->type, oh->version);
        error = info ? 0 : OFPERR_OFPBRC_BAD_TYPE;
    }

    if (!error) {
        error = check_body_len(info,
                               len - kind_header_len(info->kind,
                                                     oh->version));
        if (error) {
            VLOG_WARN_RL(&rl, "received %s with bad length %zu",
                         info->name, len);
        }
    }
    if (!error) {
        *rawp = info->raw;
    }
    return error;
}

/* Like ofpraw_decode(), but stores the message's ofptype. */
enum ofperr
ofptype_decode(enum ofptype *typep, const struct ofp_header *oh)
{
    enum ofpraw raw;
    enum ofperr error = ofpraw_decode(&raw, oh);
    *typep = error ? OFPTYPE_HELLO : ofptype_from_ofpraw(raw);
    return error;
}

/* Identifies the message at the start of 'msg' (which holds exactly that
 * message) and pulls its headers, leaving the body (see ofp-msgs.h). */
enum ofperr
ofpraw_pull(enum ofpraw *rawp, struct ofpbuf *msg)
{
    const struct ofp_header *oh = msg->data;

    if (msg->size < sizeof *oh || ntohs(oh->length) != msg->size) {
        *rawp = OFPRAW_OFPT_HELLO;
        return OFPERR_OFPBRC_BAD_LEN;
    }
    enum ofperr error = ofpraw_decode(rawp, oh);
    if (!error) {
        msg->header = msg->data;
        ofpbuf_pull(msg, ofpraw_header_len(*rawp, oh->version));
        msg->msg = msg->data;
    }
    return error;
}

/* Like ofpraw_pull(), storing the ofptype. */
enum ofperr
ofptype_pull(enum ofptype *typep, struct ofpbuf *msg)
{
    enum ofpraw raw;
    enum ofperr error = ofpraw_pull(&raw, msg);
    *typep = error ? OFPTYPE_HELLO : ofptype_from_ofpraw(raw);
    return error;
}

/* ofpraw_pull() for a message known to be valid. */
enum ofpraw
ofpraw_pull_assert(struct ofpbuf *msg)
{
    enum ofpraw raw;
    enum ofperr error = ofpraw_pull(&raw, msg);
    osw_assert(!error);
    return raw;
}

/* ofpraw_decode() for a message known to be valid. */
enum ofpraw
ofpraw_decode_assert(const struct ofp_header *oh)
{
    enum ofpraw raw;
    enum ofperr error = ofpraw_decode(&raw, oh);
    osw_assert(!error);
    return raw;
}

/* Returns what 'raw' means. */
enum ofptype
ofptype_from_ofpraw(enum ofpraw raw)
{
    return raw_info_get(raw)->type;
}

/* Returns the name of 'raw', e.g. "OFPT_FLOW_MOD". */
const char *
ofpraw_get_name(enum ofpraw raw)
{
    return raw_info_get(raw)->name;
}

/* Returns the name of 'type', e.g. "FLOW_MOD". */
const char *
ofptype_get_name(enum ofptype type)
{
    return ((unsigned int) type < OFPTYPE_N_TYPES ? ofptype_names[type]
            : "<unknown>");
}

/* True if 'raw' exists in 'version'. */
bool
ofpraw_is_valid_in(enum ofpraw raw, uint8_t version)
{
    return (version < 32
            && raw_info_get(raw)->versions & OFPUTIL_VERSION_BIT(version));
}

/* Returns the length of the headers of 'raw' in 'version'. */
size_t
ofpraw_header_len(enum ofpraw raw, uint8_t version)
{
    return kind_header_len(raw_info_get(raw)->kind, version);
}

/* Returns the fixed body length of 'raw'. */
size_t
ofpraw_min_body_len(enum ofpraw raw)
{
    return raw_info_get(raw)->min_body;
}

/* True if 'raw' is a stats/multipart request or reply. */
bool
ofpraw_is_stats(enum ofpraw raw)
{
    enum raw_kind kind = raw_info_get(raw)->kind;
    return kind != RK_PLAIN && kind != RK_NXT;
}

/* True if 'type' is a stats/multipart request. */
bool
ofptype_is_stats_request(enum ofptype type)
{
    for (size_t i = 0; i < OFPRAW_N_RAWS; i++) {
        if (raw_infos[i].type == type) {
            return (raw_infos[i].kind == RK_REQ
                    || raw_infos[i].kind == RK_NXST_REQ);
        }
    }
    return false;
}

/* Returns a new transaction id. */
ovs_be32
ofputil_alloc_xid(void)
{
    static uint32_t next_xid = 1;
    uint32_t xid;

    do {
        xid = __atomic_fetch_add(&next_xid, 1, __ATOMIC_RELAXED);
    } while (!xid);
    return htonl(xid);
}

/* Appends the headers of 'raw' for 'version' to 'buf' and sets buf's
 * 'header' and 'msg' markers. */
void
ofpraw_put(enum ofpraw raw, uint8_t version, struct ofpbuf *buf)
{
    const struct raw_info *info = raw_info_get(raw);
    size_t hdr_len = kind_header_len(info->kind, version);

    osw_assert(ofpraw_is_valid_in(raw, version));
    struct ofp_header *oh = ofpbuf_put_zeros(buf, hdr_len);
    oh->version = version;
    oh->length = htons(hdr_len);

    switch (info->kind) {
    case RK_PLAIN:
        oh->type = info->number;
        break;
    case RK_NXT: {
        struct nicira_header *nh = (struct nicira_header *) oh;
        oh->type = OFPT_VENDOR;
        nh->vendor = htonl(NX_VENDOR_ID);
        nh->subtype = htonl(info->number);
        break;
    }
    case RK_REQ:
    case RK_REPLY: {
        struct ofp10_stats_msg *osm = (struct ofp10_stats_msg *) oh;
        oh->type = (info->kind == RK_REQ ? stats_request_type(version)
                    : stats_reply_type(version));
        osm->type = htons(info->number);
        break;
    }
    case RK_NXST_REQ:
    case RK_NXST_REPLY: {
        struct nicira10_stats_msg *nsm = (struct nicira10_stats_msg *) oh;
        oh->type = (info->kind == RK_NXST_REQ ? stats_request_type(version)
                    : stats_reply_type(version));
        nsm->vsm.osm.type = htons(OFPST10_VENDOR);
        nsm->vsm.vendor = htonl(NX_VENDOR_ID);
        nsm->subtype = htonl(info->number);
        break;
    }
    }
    buf->header = oh;
    buf->msg = ofpbuf_tail(buf);
}

/* Returns a new message of kind 'raw' for 'version' with 'xid' and room
 * for 'extra_tailroom' bytes of body. */
struct ofpbuf *
ofpraw_alloc_xid(enum ofpraw raw, uint8_t version, ovs_be32 xid,
                 size_t extra_tailroom)
{
    struct ofpbuf *buf = ofpbuf_new(ofpraw_header_len(raw, version)
                                    + extra_tailroom);
    ofpraw_put(raw, version, buf);
    ((struct ofp_header *) buf->header)->xid = xid;
    return buf;
}

/* Returns a new message of kind 'raw' with a fresh xid. */
struct ofpbuf *
ofpraw_alloc(enum ofpraw raw, uint8_t version, size_t extra_tailroom)
{
    return ofpraw_alloc_xid(raw, version, ofputil_alloc_xid(),
                            extra_tailroom);
}

/* Returns a new message of kind 'raw' answering 'request' (its version
 * and xid). */
struct ofpbuf *
ofpraw_alloc_reply(enum ofpraw raw, const struct ofp_header *request,
                   size_t extra_tailroom)
{
    return ofpraw_alloc_xid(raw, request->version, request->xid,
                            extra_tailroom);
}

static enum ofpraw
stats_reply_raw(enum ofpraw request_raw, uint8_t version)
{
    const struct raw_info *req = raw_info_get(request_raw);
    enum raw_kind kind = req->kind == RK_NXST_REQ ? RK_NXST_REPLY : RK_REPLY;

    for (size_t i = 0; i < OFPRAW_N_RAWS; i++) {
        const struct raw_info *info = &raw_infos[i];
        if (info->kind == kind && info->type == req->type + 1
            && info->versions & OFPUTIL_VERSION_BIT(version)) {
            return info->raw;
        }
    }
    return OFPRAW_N_RAWS;
}

/* Returns the first reply message for stats request 'request', or NULL
 * when 'version' has no reply of that kind (e.g. 1.5 flow stats). */
struct ofpbuf *
ofpraw_alloc_stats_reply(const struct ofp_header *request,
                         size_t extra_tailroom)
{
    enum ofpraw raw = stats_reply_raw(ofpraw_decode_assert(request),
                                      request->version);
    if (raw == OFPRAW_N_RAWS) {
        return NULL;
    }
    return ofpraw_alloc_reply(raw, request, extra_tailroom);
}

/* Updates the length of the message in 'buf'. */
void
ofpmsg_update_length(struct ofpbuf *buf)
{
    struct ofp_header *oh = buf->header ? buf->header : buf->data;
    size_t len = (char *) ofpbuf_tail(buf) - (char *) oh;
    oh->length = htons(len > UINT16_MAX ? UINT16_MAX : len);
}

/* Returns the stats flags of stats message 'oh'. */
uint16_t
ofpmp_flags(const struct ofp_header *oh)
{
    const struct ofp10_stats_msg *osm = (const struct ofp10_stats_msg *) oh;
    return ntohs(oh->length) >= sizeof *osm ? ntohs(osm->flags) : 0;
}

/* True if stats message 'oh' says more replies follow. */
bool
ofpmp_more(const struct ofp_header *oh)
{
    return (ofpmp_flags(oh) & OFPMPF_REPLY_MORE) != 0;
}

static struct ofpbuf *
ofpmp_last(struct osw_list *replies)
{
    return CONTAINER_OF(osw_list_back(replies), struct ofpbuf, list_node);
}

/* Starts 'replies' with the first reply to 'request'.  'request' must have
 * a reply in its version (see ofpraw_alloc_stats_reply()). */
void
ofpmp_init(struct osw_list *replies, const struct ofp_header *request)
{
    struct ofpbuf *msg = ofpraw_alloc_stats_reply(request, 1000);
    osw_assert(msg != NULL);
    osw_list_init(replies);
    osw_list_push_back(replies, &msg->list_node);
}

/* Starts a new message after 'prev' (whose headers it copies), marks
 * 'prev' as followed by more, and returns the new one. */
static struct ofpbuf *
ofpmp_new_msg(struct osw_list *replies, struct ofpbuf *prev)
{
    size_t hdr_len = (char *) prev->msg - (char *) prev->header;
    struct ofpbuf *next = ofpbuf_new(MAX(1024, hdr_len));

    ofpbuf_put(next, prev->header, hdr_len);
    next->header = next->data;
    next->msg = ofpbuf_tail(next);
    ofpmsg_update_length(next);

    struct ofp10_stats_msg *osm = prev->header;
    osm->flags |= htons(OFPMPF_REPLY_MORE);
    ofpmsg_update_length(prev);

    osw_list_push_back(replies, &next->list_node);
    return next;
}

/* Returns the message of 'replies' to append 'len' bytes to. */
struct ofpbuf *
ofpmp_reserve(struct osw_list *replies, size_t len)
{
    struct ofpbuf *msg = ofpmp_last(replies);

    if (msg->size + len > UINT16_MAX) {
        msg = ofpmp_new_msg(replies, msg);
    }
    ofpbuf_prealloc_tailroom(msg, len);
    return msg;
}

/* Appends 'len' uninitialized bytes to 'replies' and returns them. */
void *
ofpmp_append(struct osw_list *replies, size_t len)
{
    struct ofpbuf *msg = ofpmp_reserve(replies, len);
    void *p = ofpbuf_put_uninit(msg, len);
    ofpmsg_update_length(msg);
    return p;
}

/* Called after appending an entry that starts at 'start_ofs' in the last
 * message of 'replies': moves it to a new message if the last one grew
 * too long, and fixes lengths. */
void
ofpmp_postappend(struct osw_list *replies, size_t start_ofs)
{
    struct ofpbuf *msg = ofpmp_last(replies);

    if (msg->size > UINT16_MAX) {
        size_t len = msg->size - start_ofs;
        struct ofpbuf *next = ofpmp_new_msg(replies, msg);
        ofpbuf_put(next, (char *) msg->data + start_ofs, len);
        ofpbuf_truncate(msg, start_ofs);
        ofpmsg_update_length(msg);
        msg = next;
    }
    ofpmsg_update_length(msg);
}

/* Returns the version of the replies in 'replies'. */
uint8_t
ofpmp_version(struct osw_list *replies)
{
    const struct ofp_header *oh = ofpmp_last(replies)->header;
    return oh->version;
}

/* Returns the raw of the replies in 'replies'. */
enum ofpraw
ofpmp_decode_raw(struct osw_list *replies)
{
    struct ofpbuf *msg = ofpmp_last(replies);
    ofpmsg_update_length(msg);
    return ofpraw_decode_assert(msg->header);
}

/* Starts decoding stats reply 'msg' (see ofp-msgs.h). */
enum ofperr
ofpmp_start_decode(struct ofpbuf *msg, enum ofptype type, enum ofpraw *rawp)
{
    if (!msg->header) {
        enum ofperr error = ofpraw_pull(rawp, msg);
        if (error) {
            return error;
        }
    } else {
        *rawp = ofpraw_decode_assert(msg->header);
    }
    return ofptype_from_ofpraw(*rawp) == type ? 0 : OFPERR_OFPBRC_BAD_TYPE;
}

/* Frees every message in 'replies'. */
void
ofpmp_free(struct osw_list *replies)
{
    struct ofpbuf *msg;
    OSW_LIST_FOR_EACH_POP (msg, list_node, replies) {
        ofpbuf_delete(msg);
    }
}

/* Returns the highest version in 'versions', or 0. */
uint8_t
ofputil_highest_version(uint32_t versions)
{
    return versions ? 31 - __builtin_clz(versions) : 0;
}

/* Returns the highest version in both 'ours' and 'theirs', or 0. */
uint8_t
ofputil_negotiate_version(uint32_t ours, uint32_t theirs)
{
    return ofputil_highest_version(ours & theirs);
}

/* Returns a HELLO announcing 'allowed_versions'. */
struct ofpbuf *
ofputil_encode_hello(uint32_t allowed_versions)
{
    uint8_t version = ofputil_highest_version(allowed_versions);
    if (!version) {
        version = OFP10_VERSION;
    }
    struct ofpbuf *msg = ofpraw_alloc(OFPRAW_OFPT_HELLO, version, 8);

    if (version >= OFP13_VERSION) {
        struct ofp_hello_elem_header *eh = ofpbuf_put_zeros(msg, sizeof *eh);
        eh->type = htons(OFPHET_VERSIONBITMAP);
        eh->length = htons(sizeof *eh + sizeof(ovs_be32));
        ovs_be32 bitmap = htonl(allowed_versions);
        ofpbuf_put(msg, &bitmap, sizeof bitmap);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes HELLO 'oh' into '*allowed_versions' (see ofp-msgs.h). */
bool
ofputil_decode_hello(const struct ofp_header *oh, uint32_t *allowed_versions)
{
    size_t len = ntohs(oh->length);
    uint8_t max = MIN(oh->version, 31);

    /* Without a bitmap: every version up to the header's. */
    *allowed_versions = max ? ((2u << max) - 1) & ~1u : 0;
    if (len < sizeof *oh) {
        return false;
    }

    const uint8_t *p = (const uint8_t *) (oh + 1);
    size_t left = len - sizeof *oh;
    while (left >= sizeof(struct ofp_hello_elem_header)) {
        const struct ofp_hello_elem_header *eh = (const void *) p;
        size_t elen = ntohs(eh->length);
        if (elen < sizeof *eh || elen > left) {
            return false;
        }
        if (ntohs(eh->type) == OFPHET_VERSIONBITMAP) {
            size_t n = (elen - sizeof *eh) / 4;
            if (!n || (elen - sizeof *eh) % 4) {
                return false;
            }
            ovs_be32 word;
            memcpy(&word, eh + 1, sizeof word);
            *allowed_versions = ntohl(word) & ~1u;
        }
        size_t padded = ROUND_UP(elen, 8);
        if (padded > left) {
            padded = left;
        }
        p += padded;
        left -= padded;
    }
    return true;
}

static const char *const version_names[] = {
    [OFP10_VERSION] = "OpenFlow10",
    [OFP11_VERSION] = "OpenFlow11",
    [OFP12_VERSION] = "OpenFlow12",
    [OFP13_VERSION] = "OpenFlow13",
    [OFP14_VERSION] = "OpenFlow14",
    [OFP15_VERSION] = "OpenFlow15",
};

/* Returns "OpenFlow13" for 0x04 and so on, or "Unknown". */
const char *
ofputil_version_to_string(uint8_t version)
{
    return (version < ARRAY_SIZE(version_names) && version_names[version]
            ? version_names[version] : "Unknown");
}

/* Returns the version named 's' ("OpenFlow10"...), or 0. */
uint8_t
ofputil_version_from_string(const char *s)
{
    for (size_t i = 0; i < ARRAY_SIZE(version_names); i++) {
        if (version_names[i] && !strcasecmp(s, version_names[i])) {
            return i;
        }
    }
    return 0;
}

/* Parses "OpenFlow10,OpenFlow13" into a bitmap; 0 on error. */
uint32_t
ofputil_versions_from_string(const char *s)
{
    char *copy = xstrdup(s), *save = NULL;
    uint32_t versions = 0;

    for (char *tok = strtok_r(copy, ", \t", &save); tok;
         tok = strtok_r(NULL, ", \t", &save)) {
        uint8_t v = ofputil_version_from_string(tok);
        if (!v) {
            versions = 0;
            break;
        }
        versions |= OFPUTIL_VERSION_BIT(v);
    }
    free(copy);
    return versions;
}

/* Returns an echo request for 'version'. */
struct ofpbuf *
ofputil_encode_echo_request(uint8_t version)
{
    return ofpraw_alloc(OFPRAW_OFPT_ECHO_REQUEST, version, 0);
}

/* Returns the echo reply to 'request', carrying the same payload. */
struct ofpbuf *
ofputil_encode_echo_reply(const struct ofp_header *request)
{
    size_t len = ntohs(request->length);
    size_t body = len > sizeof *request ? len - sizeof *request : 0;
    struct ofpbuf *reply = ofpraw_alloc_reply(OFPRAW_OFPT_ECHO_REPLY,
                                              request, body);
    ofpbuf_put(reply, request + 1, body);
    ofpmsg_update_length(reply);
    return reply;
}

/* Returns a barrier request for 'version'. */
struct ofpbuf *
ofputil_encode_barrier_request(uint8_t version)
{
    return ofpraw_alloc(version == OFP10_VERSION
                        ? OFPRAW_OFPT10_BARRIER_REQUEST
                        : OFPRAW_OFPT11_BARRIER_REQUEST, version, 0);
}

/* Returns the barrier reply to 'request'. */
struct ofpbuf *
ofputil_encode_barrier_reply(const struct ofp_header *request)
{
    return ofpraw_alloc_reply(request->version == OFP10_VERSION
                              ? OFPRAW_OFPT10_BARRIER_REPLY
                              : OFPRAW_OFPT11_BARRIER_REPLY, request, 0);
}
