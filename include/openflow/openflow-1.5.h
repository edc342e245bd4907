/* openflow-1.5: what OpenFlow 1.5 (wire version 0x06) changed that osw
 * encodes: packet-out carries its metadata (in_port) as a match, and
 * flow-removed / flow stats carry OXS statistics.  Other 1.5 messages use
 * the 1.4 layouts (openflow-1.4.h). */
#ifndef OPENFLOW_OPENFLOW15_H
#define OPENFLOW_OPENFLOW15_H 1

#include "openflow/openflow-1.4.h"

enum ofp15_type {
    OFPT15_CONTROLLER_STATUS = 35
};

/* OFPT_PACKET_OUT (1.5+): followed by a match (only pipeline fields:
 * in_port, metadata, tunnel), actions, and the packet. */
struct ofp15_packet_out {
    struct ofp_header header;
    ovs_be32 buffer_id;
    ovs_be16 actions_len;
    uint8_t pad[2];
};
OFP_ASSERT(sizeof(struct ofp15_packet_out) == 16);

/* OFPT_FLOW_REMOVED (1.5+): followed by the match, then an OXS stats
 * block (struct ofp15_oxs_stat_header + OXS TLVs, padded to 8). */
struct ofp15_flow_removed {
    struct ofp_header header;
    uint8_t table_id;
    uint8_t reason;
    ovs_be16 priority;
    ovs_be16 idle_timeout;
    ovs_be16 hard_timeout;
    ovs_be64 cookie;
};
OFP_ASSERT(sizeof(struct ofp15_flow_removed) == 24);

struct ofp15_oxs_stat_header {
    ovs_be16 reserved;
    ovs_be16 length;            /* 4 + OXS bytes, without padding. */
};
OFP_ASSERT(sizeof(struct ofp15_oxs_stat_header) == 4);

/* OXS headers: class (16 bits) | field (7 bits) | reserved (1) | length
 * (8).  Values: duration is sec (32) + nsec (32), idle_time the same,
 * flow_count 32 bits, packet and byte counts 64 bits. */
#define OFPXSC_OPENFLOW_BASIC 0x8002
#define OXS_HEADER(FIELD, LEN) \
    (((uint32_t) OFPXSC_OPENFLOW_BASIC << 16) | ((FIELD) << 9) | (LEN))
enum ofp15_oxs_field {
    OFPXST_OFB_DURATION = 0,
    OFPXST_OFB_IDLE_TIME = 1,
    OFPXST_OFB_FLOW_COUNT = 3,
    OFPXST_OFB_PACKET_COUNT = 4,
    OFPXST_OFB_BYTE_COUNT = 5
};
#define OXS_OF_DURATION OXS_HEADER(OFPXST_OFB_DURATION, 8)
#define OXS_OF_IDLE_TIME OXS_HEADER(OFPXST_OFB_IDLE_TIME, 8)
#define OXS_OF_FLOW_COUNT OXS_HEADER(OFPXST_OFB_FLOW_COUNT, 4)
#define OXS_OF_PACKET_COUNT OXS_HEADER(OFPXST_OFB_PACKET_COUNT, 8)
#define OXS_OF_BYTE_COUNT OXS_HEADER(OFPXST_OFB_BYTE_COUNT, 8)

/* OFPMP_FLOW_DESC reply body (1.5, multipart type 1): followed by the
 * match, an OXS stats block, and instructions. */
struct ofp15_flow_desc {
    ovs_be16 length;
    uint8_t pad2[2];
    uint8_t table_id;
    uint8_t pad;
    ovs_be16 priority;
    ovs_be16 idle_timeout;
    ovs_be16 hard_timeout;
    ovs_be16 flags;
    ovs_be16 importance;
    ovs_be64 cookie;
};
OFP_ASSERT(sizeof(struct ofp15_flow_desc) == 24);

/* OFPT_GROUP_MOD (1.5): followed by 'bucket_array_len' bytes of buckets,
 * then group properties. */
struct ofp15_group_mod {
    struct ofp_header header;
    ovs_be16 command;           /* OFPGC_*, OFPGC15_*. */
    uint8_t type;               /* OFPGT_*. */
    uint8_t pad;
    ovs_be32 group_id;
    ovs_be16 bucket_array_len;
    uint8_t pad1[2];
    ovs_be32 command_bucket_id; /* OFPG15_BUCKET_*. */
};
OFP_ASSERT(sizeof(struct ofp15_group_mod) == 24);

#define OFPG15_BUCKET_MAX 0xffffff00
#define OFPG15_BUCKET_FIRST 0xfffffffd
#define OFPG15_BUCKET_LAST 0xfffffffe
#define OFPG15_BUCKET_ALL 0xffffffff

/* A 1.5 bucket: followed by 'action_array_len' bytes of actions, then
 * bucket properties, 'len' bytes in all. */
struct ofp15_bucket {
    ovs_be16 len;
    ovs_be16 action_array_len;
    ovs_be32 bucket_id;
};
OFP_ASSERT(sizeof(struct ofp15_bucket) == 8);

enum ofp15_group_bucket_prop_type {
    OFPGBPT15_WEIGHT = 0,       /* 16-bit weight and 2 bytes of pad. */
    OFPGBPT15_WATCH_PORT = 1,   /* 32-bit port. */
    OFPGBPT15_WATCH_GROUP = 2,  /* 32-bit group. */
    OFPGBPT15_EXPERIMENTER = 0xffff
};

/* A bucket property: all three osw knows are 8 bytes. */
struct ofp15_group_bucket_prop {
    ovs_be16 type;
    ovs_be16 length;            /* 8. */
    ovs_be32 value;             /* Weight in the high 16 bits. */
};
OFP_ASSERT(sizeof(struct ofp15_group_bucket_prop) == 8);

/* OFPMP_GROUP_DESC request body (1.5). */
struct ofp15_group_desc_request {
    ovs_be32 group_id;          /* OFPG_ALL for all. */
    uint8_t pad[4];
};
OFP_ASSERT(sizeof(struct ofp15_group_desc_request) == 8);

/* OFPMP_GROUP_DESC reply body (1.5): followed by 'bucket_list_len' bytes
 * of buckets, then group properties, 'length' bytes in all. */
struct ofp15_group_desc_stats {
    ovs_be16 length;
    uint8_t type;
    uint8_t pad;
    ovs_be32 group_id;
    ovs_be16 bucket_list_len;
    uint8_t pad2[6];
};
OFP_ASSERT(sizeof(struct ofp15_group_desc_stats) == 16);

/* The 1.5 aggregate reply body is only an OXS stats block (flow_count,
 * packet_count, byte_count). */

#endif /* openflow-1.5.h */
