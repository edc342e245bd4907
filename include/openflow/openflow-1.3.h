/* openflow-1.3: OpenFlow 1.1, 1.2 and 1.3 (wire versions 0x02-0x04)
 * message layouts, named after the version that introduced them (ofp11_,
 * ofp12_, ofp13_).  1.4 and 1.5 reuse most of them: see openflow-1.4.h and
 * openflow-1.5.h for what they changed.  Conventions: openflow-common.h.
 *
 * Port numbers are 32 bits from 1.1 on; the reserved ports are
 * OFPP11_* = 0xffff0000 + the 16-bit 1.0 value (OFPP11_OFFSET), and
 * physical ports above OFPP11_MAX do not exist. */
#ifndef OPENFLOW_OPENFLOW13_H
#define OPENFLOW_OPENFLOW13_H 1

#include "openflow/openflow-common.h"

#define OFPP11_MAX 0xffffff00
#define OFPP11_OFFSET 0xffff0000
#define OFPP11_IN_PORT 0xfffffff8
#define OFPP11_TABLE 0xfffffff9
#define OFPP11_NORMAL 0xfffffffa
#define OFPP11_FLOOD 0xfffffffb
#define OFPP11_ALL 0xfffffffc
#define OFPP11_CONTROLLER 0xfffffffd
#define OFPP11_LOCAL 0xfffffffe
#define OFPP11_ANY 0xffffffff

/* Message types from 1.1 on (0-14 are in openflow-common.h). */
enum ofp11_type {
    OFPT11_GROUP_MOD = 15,
    OFPT11_PORT_MOD = 16,
    OFPT11_TABLE_MOD = 17,
    OFPT11_STATS_REQUEST = 18,  /* OFPT_MULTIPART_REQUEST. */
    OFPT11_STATS_REPLY = 19,    /* OFPT_MULTIPART_REPLY. */
    OFPT11_BARRIER_REQUEST = 20,
    OFPT11_BARRIER_REPLY = 21,
    OFPT11_QUEUE_GET_CONFIG_REQUEST = 22,       /* 1.1-1.3. */
    OFPT11_QUEUE_GET_CONFIG_REPLY = 23,         /* 1.1-1.3. */
    OFPT12_ROLE_REQUEST = 24,
    OFPT12_ROLE_REPLY = 25,
    OFPT13_GET_ASYNC_REQUEST = 26,
    OFPT13_GET_ASYNC_REPLY = 27,
    OFPT13_SET_ASYNC = 28,
    OFPT13_METER_MOD = 29
};

/* Error types (1.1+ numbering; 1.4+ adds more in openflow-1.4.h). */
enum ofp11_error_type {
    OFPET11_HELLO_FAILED = 0,
    OFPET11_BAD_REQUEST = 1,
    OFPET11_BAD_ACTION = 2,
    OFPET11_BAD_INSTRUCTION = 3,
    OFPET11_BAD_MATCH = 4,
    OFPET11_FLOW_MOD_FAILED = 5,
    OFPET11_GROUP_MOD_FAILED = 6,
    OFPET11_PORT_MOD_FAILED = 7,
    OFPET11_TABLE_MOD_FAILED = 8,
    OFPET11_QUEUE_OP_FAILED = 9,
    OFPET11_SWITCH_CONFIG_FAILED = 10,
    OFPET12_ROLE_REQUEST_FAILED = 11,
    OFPET13_METER_MOD_FAILED = 12,
    OFPET13_TABLE_FEATURES_FAILED = 13
};

/* Port state bits (besides OFPPS_LINK_DOWN). */
enum ofp11_port_state {
    OFPPS11_BLOCKED = 1 << 1,
    OFPPS11_LIVE = 1 << 2
};

/* Port features. */
enum ofp11_port_features {
    OFPPF11_10MB_HD = 1 << 0,
    OFPPF11_10MB_FD = 1 << 1,
    OFPPF11_100MB_HD = 1 << 2,
    OFPPF11_100MB_FD = 1 << 3,
    OFPPF11_1GB_HD = 1 << 4,
    OFPPF11_1GB_FD = 1 << 5,
    OFPPF11_10GB_FD = 1 << 6,
    OFPPF11_40GB_FD = 1 << 7,
    OFPPF11_100GB_FD = 1 << 8,
    OFPPF11_1TB_FD = 1 << 9,
    OFPPF11_OTHER = 1 << 10,
    OFPPF11_COPPER = 1 << 11,
    OFPPF11_FIBER = 1 << 12,
    OFPPF11_AUTONEG = 1 << 13,
    OFPPF11_PAUSE = 1 << 14,
    OFPPF11_PAUSE_ASYM = 1 << 15
};

/* A port description (1.1-1.3). */
struct ofp11_port {
    ovs_be32 port_no;
    uint8_t pad[4];
    struct eth_addr hw_addr;
    uint8_t pad2[2];
    char name[OFP_MAX_PORT_NAME_LEN];
    ovs_be32 config;            /* OFPPC_*. */
    ovs_be32 state;             /* OFPPS_*, OFPPS11_*. */
    ovs_be32 curr;              /* OFPPF11_*. */
    ovs_be32 advertised;
    ovs_be32 supported;
    ovs_be32 peer;
    ovs_be32 curr_speed;        /* kbps. */
    ovs_be32 max_speed;         /* kbps. */
};
OFP_ASSERT(sizeof(struct ofp11_port) == 64);

/* Switch capabilities (1.1+ numbering). */
enum ofp11_capabilities {
    OFPC11_FLOW_STATS = 1 << 0,
    OFPC11_TABLE_STATS = 1 << 1,
    OFPC11_PORT_STATS = 1 << 2,
    OFPC11_GROUP_STATS = 1 << 3,
    OFPC11_IP_REASM = 1 << 5,
    OFPC11_QUEUE_STATS = 1 << 6,
    OFPC12_PORT_BLOCKED = 1 << 8
};

/* OFPT_FEATURES_REPLY in 1.1-1.2 is followed by struct ofp11_port[]; in
 * 1.3+ ports come from OFPMP_PORT_DESC and 'reserved' is 'auxiliary_id'
 * plus padding. */
struct ofp11_switch_features {
    struct ofp_header header;
    ovs_be64 datapath_id;
    ovs_be32 n_buffers;
    uint8_t n_tables;
    uint8_t auxiliary_id;       /* 1.3+; pad before. */
    uint8_t pad[2];
    ovs_be32 capabilities;      /* OFPC11_*. */
    ovs_be32 reserved;
};
OFP_ASSERT(sizeof(struct ofp11_switch_features) == 32);

/* OFPT_PORT_STATUS (1.1-1.3). */
struct ofp11_port_status {
    struct ofp_header header;
    uint8_t reason;             /* OFPPR_*. */
    uint8_t pad[7];
    struct ofp11_port desc;
};
OFP_ASSERT(sizeof(struct ofp11_port_status) == 80);

/* OFPT11_PORT_MOD (1.1-1.3). */
struct ofp11_port_mod {
    struct ofp_header header;
    ovs_be32 port_no;
    uint8_t pad[4];
    struct eth_addr hw_addr;
    uint8_t pad2[2];
    ovs_be32 config;
    ovs_be32 mask;
    ovs_be32 advertise;
    uint8_t pad3[4];
};
OFP_ASSERT(sizeof(struct ofp11_port_mod) == 40);

/* The match header: 1.2+ use OFPMT_OXM, followed by OXM TLVs, the whole
 * padded with zeros to a multiple of 8 bytes ('length' excludes the
 * padding). */
enum ofp11_match_type {
    OFPMT_STANDARD = 0,         /* 1.1's fixed match: unsupported. */
    OFPMT_OXM = 1
};
struct ofp11_match_header {
    ovs_be16 type;              /* OFPMT_*. */
    ovs_be16 length;            /* 4 + OXM bytes, without padding. */
};
OFP_ASSERT(sizeof(struct ofp11_match_header) == 4);

/* Flow mod flags (1.1+). */
enum ofp11_flow_mod_flags {
    OFPFF11_SEND_FLOW_REM = 1 << 0,
    OFPFF11_CHECK_OVERLAP = 1 << 1,
    OFPFF11_RESET_COUNTS = 1 << 2,
    OFPFF13_NO_PKT_COUNTS = 1 << 3,
    OFPFF13_NO_BYT_COUNTS = 1 << 4
};

/* OFPT_FLOW_MOD (1.1+): followed by the match (ofp11_match_header, OXM,
 * padding), then instructions. */
struct ofp11_flow_mod {
    struct ofp_header header;
    ovs_be64 cookie;
    ovs_be64 cookie_mask;
    uint8_t table_id;
    uint8_t command;            /* OFPFC_*. */
    ovs_be16 idle_timeout;
    ovs_be16 hard_timeout;
    ovs_be16 priority;
    ovs_be32 buffer_id;
    ovs_be32 out_port;
    ovs_be32 out_group;
    ovs_be16 flags;             /* OFPFF11_*. */
    ovs_be16 importance;        /* 1.4+; padding before. */
};
OFP_ASSERT(sizeof(struct ofp11_flow_mod) == 48);

/* OFPT_FLOW_REMOVED (1.2-1.4): followed by the match. */
struct ofp12_flow_removed {
    struct ofp_header header;
    ovs_be64 cookie;
    ovs_be16 priority;
    uint8_t reason;             /* OFPRR_*. */
    uint8_t table_id;
    ovs_be32 duration_sec;
    ovs_be32 duration_nsec;
    ovs_be16 idle_timeout;
    ovs_be16 hard_timeout;
    ovs_be64 packet_count;
    ovs_be64 byte_count;
};
OFP_ASSERT(sizeof(struct ofp12_flow_removed) == 48);

/* OFPT_PACKET_IN (1.3, 1.4): followed by the match, 2 bytes of zeros,
 * and the packet. */
struct ofp13_packet_in {
    struct ofp_header header;
    ovs_be32 buffer_id;
    ovs_be16 total_len;
    uint8_t reason;             /* OFPR_*. */
    uint8_t table_id;
    ovs_be64 cookie;
};
OFP_ASSERT(sizeof(struct ofp13_packet_in) == 24);

/* OFPT_PACKET_IN (1.2): as 1.3 without the cookie. */
struct ofp12_packet_in {
    struct ofp_header header;
    ovs_be32 buffer_id;
    ovs_be16 total_len;
    uint8_t reason;
    uint8_t table_id;
};
OFP_ASSERT(sizeof(struct ofp12_packet_in) == 16);

/* OFPT_PACKET_OUT (1.1-1.4): followed by actions and the packet. */
struct ofp11_packet_out {
    struct ofp_header header;
    ovs_be32 buffer_id;
    ovs_be32 in_port;
    ovs_be16 actions_len;
    uint8_t pad[6];
};
OFP_ASSERT(sizeof(struct ofp11_packet_out) == 24);

/* OFPT11_TABLE_MOD. */
struct ofp11_table_mod {
    struct ofp_header header;
    uint8_t table_id;
    uint8_t pad[3];
    ovs_be32 config;
};
OFP_ASSERT(sizeof(struct ofp11_table_mod) == 16);

/* Multipart (1.3 name) / stats (1.1-1.2 name) types. */
enum ofp11_stats_type {
    OFPMP_DESC = 0,
    OFPMP_FLOW = 1,             /* 1.5: OFPMP_FLOW_DESC. */
    OFPMP_AGGREGATE = 2,
    OFPMP_TABLE = 3,
    OFPMP_PORT_STATS = 4,
    OFPMP_QUEUE = 5,
    OFPMP_GROUP = 6,
    OFPMP_GROUP_DESC = 7,
    OFPMP_GROUP_FEATURES = 8,
    OFPMP_METER = 9,
    OFPMP_METER_CONFIG = 10,
    OFPMP_METER_FEATURES = 11,
    OFPMP_TABLE_FEATURES = 12,
    OFPMP_PORT_DESC = 13,
    OFPMP_TABLE_DESC = 14,      /* 1.4+. */
    OFPMP_QUEUE_DESC = 15,      /* 1.4+. */
    OFPMP_FLOW_MONITOR = 16,    /* 1.4+. */
    OFPMP_FLOW_STATS = 17,      /* 1.5+. */
    OFPMP_EXPERIMENTER = 0xffff
};

/* Multipart request/reply header (1.1+): the body follows at 16. */
struct ofp11_stats_msg {
    struct ofp_header header;
    ovs_be16 type;              /* OFPMP_*. */
    ovs_be16 flags;             /* OFPMPF_*. */
    uint8_t pad[4];
};
OFP_ASSERT(sizeof(struct ofp11_stats_msg) == 16);

/* OFPMP_EXPERIMENTER header. */
struct ofp11_vendor_stats_msg {
    struct ofp11_stats_msg osm;
    ovs_be32 vendor;
    ovs_be32 subtype;
};
OFP_ASSERT(sizeof(struct ofp11_vendor_stats_msg) == 24);

/* OFPMP_FLOW and OFPMP_AGGREGATE request body: followed by the match. */
struct ofp11_flow_stats_request {
    uint8_t table_id;
    uint8_t pad[3];
    ovs_be32 out_port;          /* OFPP11_ANY: any. */
    ovs_be32 out_group;         /* OFPG_ANY: any. */
    uint8_t pad2[4];
    ovs_be64 cookie;
    ovs_be64 cookie_mask;
};
OFP_ASSERT(sizeof(struct ofp11_flow_stats_request) == 32);

/* OFPMP_FLOW reply body: followed by the match and the instructions. */
struct ofp11_flow_stats {
    ovs_be16 length;
    uint8_t table_id;
    uint8_t pad;
    ovs_be32 duration_sec;
    ovs_be32 duration_nsec;
    ovs_be16 priority;
    ovs_be16 idle_timeout;
    ovs_be16 hard_timeout;
    ovs_be16 flags;             /* 1.3+: OFPFF*. */
    ovs_be16 importance;        /* 1.4+. */
    uint8_t pad2[2];
    ovs_be64 cookie;
    ovs_be64 packet_count;
    ovs_be64 byte_count;
};
OFP_ASSERT(sizeof(struct ofp11_flow_stats) == 48);

/* OFPMP_TABLE reply body (1.3+). */
struct ofp13_table_stats {
    uint8_t table_id;
    uint8_t pad[3];
    ovs_be32 active_count;
    ovs_be64 lookup_count;
    ovs_be64 matched_count;
};
OFP_ASSERT(sizeof(struct ofp13_table_stats) == 24);

/* OFPMP_PORT_STATS request (1.1+). */
struct ofp11_port_stats_request {
    ovs_be32 port_no;           /* OFPP11_ANY for all. */
    uint8_t pad[4];
};
OFP_ASSERT(sizeof(struct ofp11_port_stats_request) == 8);

/* OFPMP_PORT_STATS reply body (1.1-1.2: without the durations). */
struct ofp11_port_stats {
    ovs_be32 port_no;
    uint8_t pad[4];
    ovs_be64 rx_packets;
    ovs_be64 tx_packets;
    ovs_be64 rx_bytes;
    ovs_be64 tx_bytes;
    ovs_be64 rx_dropped;
    ovs_be64 tx_dropped;
    ovs_be64 rx_errors;
    ovs_be64 tx_errors;
    ovs_be64 rx_frame_err;
    ovs_be64 rx_over_err;
    ovs_be64 rx_crc_err;
    ovs_be64 collisions;
};
OFP_ASSERT(sizeof(struct ofp11_port_stats) == 104);

struct ofp13_port_stats {
    struct ofp11_port_stats ps;
    ovs_be32 duration_sec;
    ovs_be32 duration_nsec;
};
OFP_ASSERT(sizeof(struct ofp13_port_stats) == 112);

/* OFPMP_QUEUE request (1.1+). */
struct ofp11_queue_stats_request {
    ovs_be32 port_no;           /* OFPP11_ANY for all. */
    ovs_be32 queue_id;          /* OFPQ_ALL for all. */
};
OFP_ASSERT(sizeof(struct ofp11_queue_stats_request) == 8);

/* OFPMP_QUEUE reply body (1.3; 1.1-1.2 lack the durations). */
struct ofp13_queue_stats {
    ovs_be32 port_no;
    ovs_be32 queue_id;
    ovs_be64 tx_bytes;
    ovs_be64 tx_packets;
    ovs_be64 tx_errors;
    ovs_be32 duration_sec;
    ovs_be32 duration_nsec;
};
OFP_ASSERT(sizeof(struct ofp13_queue_stats) == 40);

/* OFPT11_GROUP_MOD (1.1-1.4): followed by buckets. */
struct ofp11_group_mod {
    struct ofp_header header;
    ovs_be16 command;           /* OFPGC_*. */
    uint8_t type;               /* OFPGT_*. */
    uint8_t pad;
    ovs_be32 group_id;
};
OFP_ASSERT(sizeof(struct ofp11_group_mod) == 16);

/* A bucket (1.1-1.4): followed by actions, 'len' bytes in all. */
struct ofp11_bucket {
    ovs_be16 len;
    ovs_be16 weight;            /* OFPGT_SELECT only. */
    ovs_be32 watch_port;        /* OFPGT_FF only. */
    ovs_be32 watch_group;       /* OFPGT_FF only. */
    uint8_t pad[4];
};
OFP_ASSERT(sizeof(struct ofp11_bucket) == 16);

/* OFPMP_GROUP request. */
struct ofp11_group_stats_request {
    ovs_be32 group_id;          /* OFPG_ALL for all. */
    uint8_t pad[4];
};
OFP_ASSERT(sizeof(struct ofp11_group_stats_request) == 8);

/* Per-bucket counters in a group stats reply. */
struct ofp11_bucket_counter {
    ovs_be64 packet_count;
    ovs_be64 byte_count;
};
OFP_ASSERT(sizeof(struct ofp11_bucket_counter) == 16);

/* OFPMP_GROUP reply body (1.3+): followed by bucket counters. */
struct ofp13_group_stats {
    ovs_be16 length;
    uint8_t pad[2];
    ovs_be32 group_id;
    ovs_be32 ref_count;
    uint8_t pad2[4];
    ovs_be64 packet_count;
    ovs_be64 byte_count;
    ovs_be32 duration_sec;
    ovs_be32 duration_nsec;
};
OFP_ASSERT(sizeof(struct ofp13_group_stats) == 40);

/* OFPMP_GROUP_DESC reply body (1.1-1.4): followed by buckets. */
struct ofp11_group_desc_stats {
    ovs_be16 length;
    uint8_t type;               /* OFPGT_*. */
    uint8_t pad;
    ovs_be32 group_id;
};
OFP_ASSERT(sizeof(struct ofp11_group_desc_stats) == 8);

/* OFPMP_GROUP_FEATURES reply body. */
enum ofp12_group_capabilities {
    OFPGFC_SELECT_WEIGHT = 1 << 0,
    OFPGFC_SELECT_LIVENESS = 1 << 1,
    OFPGFC_CHAINING = 1 << 2,
    OFPGFC_CHAINING_CHECKS = 1 << 3
};
struct ofp12_group_features_stats {
    ovs_be32 types;             /* Bitmap of 1 << OFPGT_*. */
    ovs_be32 capabilities;      /* OFPGFC_*. */
    ovs_be32 max_groups[4];     /* Per OFPGT_*. */
    ovs_be32 actions[4];        /* Bitmaps of OFPAT_* per OFPGT_*. */
};
OFP_ASSERT(sizeof(struct ofp12_group_features_stats) == 40);

/* OFPT13_METER_MOD: followed by bands. */
struct ofp13_meter_mod {
    struct ofp_header header;
    ovs_be16 command;           /* OFPMC_*. */
    ovs_be16 flags;             /* OFPMF_*. */
    ovs_be32 meter_id;
};
OFP_ASSERT(sizeof(struct ofp13_meter_mod) == 16);

/* Every band starts with this; all bands are 16 bytes long. */
struct ofp13_meter_band_header {
    ovs_be16 type;              /* OFPMBT_*. */
    ovs_be16 len;
    ovs_be32 rate;
    ovs_be32 burst_size;
};
OFP_ASSERT(sizeof(struct ofp13_meter_band_header) == 12);

struct ofp13_meter_band_drop {
    ovs_be16 type;
    ovs_be16 len;
    ovs_be32 rate;
    ovs_be32 burst_size;
    uint8_t pad[4];
};
OFP_ASSERT(sizeof(struct ofp13_meter_band_drop) == 16);

struct ofp13_meter_band_dscp_remark {
    ovs_be16 type;
    ovs_be16 len;
    ovs_be32 rate;
    ovs_be32 burst_size;
    uint8_t prec_level;         /* Drop precedence levels to add. */
    uint8_t pad[3];
};
OFP_ASSERT(sizeof(struct ofp13_meter_band_dscp_remark) == 16);

struct ofp13_meter_band_experimenter {
    ovs_be16 type;
    ovs_be16 len;
    ovs_be32 rate;
    ovs_be32 burst_size;
    ovs_be32 experimenter;
};
OFP_ASSERT(sizeof(struct ofp13_meter_band_experimenter) == 16);

/* OFPMP_METER and OFPMP_METER_CONFIG request body. */
struct ofp13_meter_multipart_request {
    ovs_be32 meter_id;          /* OFPM_ALL for all. */
    uint8_t pad[4];
};
OFP_ASSERT(sizeof(struct ofp13_meter_multipart_request) == 8);

/* OFPMP_METER_CONFIG reply body: followed by bands. */
struct ofp13_meter_config {
    ovs_be16 length;
    ovs_be16 flags;
    ovs_be32 meter_id;
};
OFP_ASSERT(sizeof(struct ofp13_meter_config) == 8);

/* OFPMP_METER reply body: followed by band stats. */
struct ofp13_meter_stats {
    ovs_be32 meter_id;
    ovs_be16 len;
    uint8_t pad[6];
    ovs_be32 flow_count;
    ovs_32aligned_be64 packet_in_count;
    ovs_32aligned_be64 byte_in_count;
    ovs_be32 duration_sec;
    ovs_be32 duration_nsec;
};
OFP_ASSERT(sizeof(struct ofp13_meter_stats) == 40);

struct ofp13_meter_band_stats {
    ovs_be64 packet_band_count;
    ovs_be64 byte_band_count;
};
OFP_ASSERT(sizeof(struct ofp13_meter_band_stats) == 16);

/* OFPMP_METER_FEATURES reply body. */
struct ofp13_meter_features {
    ovs_be32 max_meter;
    ovs_be32 band_types;        /* Bitmap of 1 << OFPMBT_*. */
    ovs_be32 capabilities;      /* OFPMF_* flags. */
    uint8_t max_bands;
    uint8_t max_color;
    uint8_t pad[2];
};
OFP_ASSERT(sizeof(struct ofp13_meter_features) == 16);

/* OFPMP_TABLE_FEATURES: each table's body, followed by properties. */
struct ofp13_table_features {
    ovs_be16 length;
    uint8_t table_id;
    uint8_t pad[5];
    char name[OFP_MAX_TABLE_NAME_LEN];
    ovs_be64 metadata_match;
    ovs_be64 metadata_write;
    ovs_be32 config;
    ovs_be32 max_entries;
};
OFP_ASSERT(sizeof(struct ofp13_table_features) == 64);

enum ofp13_table_feature_prop_type {
    OFPTFPT13_INSTRUCTIONS = 0,
    OFPTFPT13_INSTRUCTIONS_MISS = 1,
    OFPTFPT13_NEXT_TABLES = 2,
    OFPTFPT13_NEXT_TABLES_MISS = 3,
    OFPTFPT13_WRITE_ACTIONS = 4,
    OFPTFPT13_WRITE_ACTIONS_MISS = 5,
    OFPTFPT13_APPLY_ACTIONS = 6,
    OFPTFPT13_APPLY_ACTIONS_MISS = 7,
    OFPTFPT13_MATCH = 8,
    OFPTFPT13_WILDCARDS = 10,
    OFPTFPT13_WRITE_SETFIELD = 12,
    OFPTFPT13_WRITE_SETFIELD_MISS = 13,
    OFPTFPT13_APPLY_SETFIELD = 14,
    OFPTFPT13_APPLY_SETFIELD_MISS = 15,
    OFPTFPT13_EXPERIMENTER = 0xfffe,
    OFPTFPT13_EXPERIMENTER_MISS = 0xffff
};

/* Properties (table features, and 1.4+ port/async/... properties) start
 * with this; a property is padded to a multiple of 8 bytes, 'length'
 * excluding the padding. */
struct ofp_prop_header {
    ovs_be16 type;
    ovs_be16 length;
};
OFP_ASSERT(sizeof(struct ofp_prop_header) == 4);

/* OFPT12_ROLE_REQUEST / REPLY. */
struct ofp12_role_request {
    struct ofp_header header;
    ovs_be32 role;              /* OFPCR12_ROLE_*. */
    uint8_t pad[4];
    ovs_be64 generation_id;
};
OFP_ASSERT(sizeof(struct ofp12_role_request) == 24);

/* OFPT13_GET_ASYNC_REPLY, OFPT13_SET_ASYNC: index 0 is for master/equal
 * connections, 1 for slaves; bits are 1 << reason. */
struct ofp13_async_config {
    struct ofp_header header;
    ovs_be32 packet_in_mask[2];
    ovs_be32 port_status_mask[2];
    ovs_be32 flow_removed_mask[2];
};
OFP_ASSERT(sizeof(struct ofp13_async_config) == 32);

#endif /* openflow-1.3.h */
