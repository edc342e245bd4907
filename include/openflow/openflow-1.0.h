/* openflow-1.0: OpenFlow 1.0 (wire version 0x01) message layouts.
 *
 * See openflow-common.h for conventions.  Port numbers are 16 bits in 1.0;
 * the reserved ports (OFPP_IN_PORT ... OFPP_NONE) are the values
 * ofproto/ofproto.h defines for osw's internal port numbers, and the
 * OFPP10_* names here are the same numbers for wire-level code. */
#ifndef OPENFLOW_OPENFLOW10_H
#define OPENFLOW_OPENFLOW10_H 1

#include "openflow/openflow-common.h"

#define OFPP10_MAX 0xff00
#define OFPP10_IN_PORT 0xfff8
#define OFPP10_TABLE 0xfff9
#define OFPP10_NORMAL 0xfffa
#define OFPP10_FLOOD 0xfffb
#define OFPP10_ALL 0xfffc
#define OFPP10_CONTROLLER 0xfffd
#define OFPP10_LOCAL 0xfffe
#define OFPP10_NONE 0xffff

/* Message types that 1.0 numbers differently from 1.1+. */
enum ofp10_type {
    OFPT10_PORT_MOD = 15,
    OFPT10_STATS_REQUEST = 16,
    OFPT10_STATS_REPLY = 17,
    OFPT10_BARRIER_REQUEST = 18,
    OFPT10_BARRIER_REPLY = 19,
    OFPT10_QUEUE_GET_CONFIG_REQUEST = 20,
    OFPT10_QUEUE_GET_CONFIG_REPLY = 21
};

/* Error types and codes (OFPET10_*). */
enum ofp10_error_type {
    OFPET10_HELLO_FAILED = 0,
    OFPET10_BAD_REQUEST = 1,
    OFPET10_BAD_ACTION = 2,
    OFPET10_FLOW_MOD_FAILED = 3,
    OFPET10_PORT_MOD_FAILED = 4,
    OFPET10_QUEUE_OP_FAILED = 5
};

/* Port config bits only 1.0 has (others in openflow-common.h). */
enum ofp10_port_config {
    OFPPC10_NO_STP = 1 << 1,
    OFPPC10_NO_RECV_STP = 1 << 3,
    OFPPC10_NO_FLOOD = 1 << 4,
    OFPPC10_ALL = 0x7f
};

/* Port state: link down bit plus the STP state. */
enum ofp10_port_state {
    OFPPS10_STP_LISTEN = 0 << 8,
    OFPPS10_STP_LEARN = 1 << 8,
    OFPPS10_STP_FORWARD = 2 << 8,
    OFPPS10_STP_BLOCK = 3 << 8,
    OFPPS10_STP_MASK = 3 << 8
};

/* Port features (curr, advertised, supported, peer). */
enum ofp10_port_features {
    OFPPF10_10MB_HD = 1 << 0,
    OFPPF10_10MB_FD = 1 << 1,
    OFPPF10_100MB_HD = 1 << 2,
    OFPPF10_100MB_FD = 1 << 3,
    OFPPF10_1GB_HD = 1 << 4,
    OFPPF10_1GB_FD = 1 << 5,
    OFPPF10_10GB_FD = 1 << 6,
    OFPPF10_COPPER = 1 << 7,
    OFPPF10_FIBER = 1 << 8,
    OFPPF10_AUTONEG = 1 << 9,
    OFPPF10_PAUSE = 1 << 10,
    OFPPF10_PAUSE_ASYM = 1 << 11
};

struct ofp10_phy_port {
    ovs_be16 port_no;
    struct eth_addr hw_addr;
    char name[OFP_MAX_PORT_NAME_LEN];
    ovs_be32 config;            /* OFPPC_*, OFPPC10_*. */
    ovs_be32 state;             /* OFPPS_*, OFPPS10_*. */
    ovs_be32 curr;              /* OFPPF10_*. */
    ovs_be32 advertised;
    ovs_be32 supported;
    ovs_be32 peer;
};
OFP_ASSERT(sizeof(struct ofp10_phy_port) == 48);

/* Switch capabilities (features reply). */
enum ofp10_capabilities {
    OFPC10_FLOW_STATS = 1 << 0,
    OFPC10_TABLE_STATS = 1 << 1,
    OFPC10_PORT_STATS = 1 << 2,
    OFPC10_STP = 1 << 3,
    OFPC10_RESERVED = 1 << 4,
    OFPC10_IP_REASM = 1 << 5,
    OFPC10_QUEUE_STATS = 1 << 6,
    OFPC10_ARP_MATCH_IP = 1 << 7
};

/* OFPT_FEATURES_REPLY: followed by struct ofp10_phy_port[]. */
struct ofp10_switch_features {
    struct ofp_header header;
    ovs_be64 datapath_id;
    ovs_be32 n_buffers;
    uint8_t n_tables;
    uint8_t pad[3];
    ovs_be32 capabilities;      /* OFPC10_*. */
    ovs_be32 actions;           /* Bitmap of supported OFPAT10_* types. */
};
OFP_ASSERT(sizeof(struct ofp10_switch_features) == 32);

/* OFPT_PORT_STATUS. */
struct ofp10_port_status {
    struct ofp_header header;
    uint8_t reason;             /* OFPPR_*. */
    uint8_t pad[7];
    struct ofp10_phy_port desc;
};
OFP_ASSERT(sizeof(struct ofp10_port_status) == 64);

/* OFPT10_PORT_MOD. */
struct ofp10_port_mod {
    struct ofp_header header;
    ovs_be16 port_no;
    struct eth_addr hw_addr;
    ovs_be32 config;
    ovs_be32 mask;
    ovs_be32 advertise;         /* OFPPF10_*, 0 = unchanged. */
    uint8_t pad[4];
};
OFP_ASSERT(sizeof(struct ofp10_port_mod) == 32);

/* The fixed 1.0 match. */
enum ofp10_flow_wildcards {
    OFPFW10_IN_PORT = 1 << 0,
    OFPFW10_DL_VLAN = 1 << 1,
    OFPFW10_DL_SRC = 1 << 2,
    OFPFW10_DL_DST = 1 << 3,
    OFPFW10_DL_TYPE = 1 << 4,
    OFPFW10_NW_PROTO = 1 << 5,
    OFPFW10_TP_SRC = 1 << 6,
    OFPFW10_TP_DST = 1 << 7,
    OFPFW10_NW_SRC_SHIFT = 8,   /* Number of wildcarded low bits. */
    OFPFW10_NW_SRC_BITS = 6,
    OFPFW10_NW_SRC_MASK = ((1 << 6) - 1) << 8,
    OFPFW10_NW_SRC_ALL = 32 << 8,
    OFPFW10_NW_DST_SHIFT = 14,
    OFPFW10_NW_DST_BITS = 6,
    OFPFW10_NW_DST_MASK = ((1 << 6) - 1) << 14,
    OFPFW10_NW_DST_ALL = 32 << 14,
    OFPFW10_DL_VLAN_PCP = 1 << 20,
    OFPFW10_NW_TOS = 1 << 21,
    OFPFW10_ALL = ((1 << 22) - 1)
};

/* dl_vlan value that means "no 802.1Q header". */
#define OFP10_VLAN_NONE 0xffff

struct ofp10_match {
    ovs_be32 wildcards;         /* OFPFW10_*. */
    ovs_be16 in_port;
    struct eth_addr dl_src;
    struct eth_addr dl_dst;
    ovs_be16 dl_vlan;
    uint8_t dl_vlan_pcp;
    uint8_t pad1[1];
    ovs_be16 dl_type;
    uint8_t nw_tos;             /* DSCP in the upper 6 bits. */
    uint8_t nw_proto;           /* Or ARP opcode low byte. */
    uint8_t pad2[2];
    ovs_be32 nw_src;
    ovs_be32 nw_dst;
    ovs_be16 tp_src;            /* Or ICMP type. */
    ovs_be16 tp_dst;            /* Or ICMP code. */
};
OFP_ASSERT(sizeof(struct ofp10_match) == 40);

/* Flow mod flags in 1.0. */
enum ofp10_flow_mod_flags {
    OFPFF10_SEND_FLOW_REM = 1 << 0,
    OFPFF10_CHECK_OVERLAP = 1 << 1,
    OFPFF10_EMERG = 1 << 2
};

/* OFPT_FLOW_MOD: followed by actions. */
struct ofp10_flow_mod {
    struct ofp_header header;
    struct ofp10_match match;
    ovs_be64 cookie;
    ovs_be16 command;           /* OFPFC_*. */
    ovs_be16 idle_timeout;
    ovs_be16 hard_timeout;
    ovs_be16 priority;
    ovs_be32 buffer_id;
    ovs_be16 out_port;
    ovs_be16 flags;             /* OFPFF10_*. */
};
OFP_ASSERT(sizeof(struct ofp10_flow_mod) == 72);

/* OFPT_FLOW_REMOVED. */
struct ofp10_flow_removed {
    struct ofp_header header;
    struct ofp10_match match;
    ovs_be64 cookie;
    ovs_be16 priority;
    uint8_t reason;             /* OFPRR_*. */
    uint8_t pad[1];
    ovs_be32 duration_sec;
    ovs_be32 duration_nsec;
    ovs_be16 idle_timeout;
    uint8_t pad2[2];
    ovs_be64 packet_count;
    ovs_be64 byte_count;
};
OFP_ASSERT(sizeof(struct ofp10_flow_removed) == 88);

/* OFPT_PACKET_IN: the packet follows at offset OFP10_PACKET_IN_SIZE (the
 * struct ends at 18 bytes, so it is packed). */
struct ofp10_packet_in {
    struct ofp_header header;
    ovs_be32 buffer_id;
    ovs_be16 total_len;
    ovs_be16 in_port;
    uint8_t reason;             /* OFPR_*. */
    uint8_t pad;
} __attribute__((packed));
#define OFP10_PACKET_IN_SIZE 18
OFP_ASSERT(sizeof(struct ofp10_packet_in) == OFP10_PACKET_IN_SIZE);

/* OFPT_PACKET_OUT: followed by 'actions_len' bytes of actions, then the
 * packet (absent when 'buffer_id' is not OFP_NO_BUFFER). */
struct ofp10_packet_out {
    struct ofp_header header;
    ovs_be32 buffer_id;
    ovs_be16 in_port;
    ovs_be16 actions_len;
};
OFP_ASSERT(sizeof(struct ofp10_packet_out) == 16);

/* Statistics. */
enum ofp10_stats_type {
    OFPST10_DESC = 0,
    OFPST10_FLOW = 1,
    OFPST10_AGGREGATE = 2,
    OFPST10_TABLE = 3,
    OFPST10_PORT = 4,
    OFPST10_QUEUE = 5,
    OFPST10_VENDOR = 0xffff
};

/* OFPT10_STATS_REQUEST / REPLY header; the body follows at offset 12. */
struct ofp10_stats_msg {
    struct ofp_header header;
    ovs_be16 type;              /* OFPST10_*. */
    ovs_be16 flags;             /* OFPSF_REPLY_MORE. */
};
OFP_ASSERT(sizeof(struct ofp10_stats_msg) == 12);

/* OFPST10_VENDOR stats: a vendor id then the vendor's subtype. */
struct ofp10_vendor_stats_msg {
    struct ofp10_stats_msg osm;
    ovs_be32 vendor;
};
OFP_ASSERT(sizeof(struct ofp10_vendor_stats_msg) == 16);

/* OFPST10_FLOW and OFPST10_AGGREGATE request body. */
struct ofp10_flow_stats_request {
    struct ofp10_match match;
    uint8_t table_id;           /* OFPTT_ALL for all tables. */
    uint8_t pad;
    ovs_be16 out_port;          /* OFPP10_NONE: no restriction. */
};
OFP_ASSERT(sizeof(struct ofp10_flow_stats_request) == 44);

/* OFPST10_FLOW reply body: one per flow, followed by its actions. */
struct ofp10_flow_stats {
    ovs_be16 length;            /* Including the actions. */
    uint8_t table_id;
    uint8_t pad;
    struct ofp10_match match;
    ovs_be32 duration_sec;
    ovs_be32 duration_nsec;
    ovs_be16 priority;
    ovs_be16 idle_timeout;
    ovs_be16 hard_timeout;
    uint8_t pad2[6];
    ovs_32aligned_be64 cookie;
    ovs_32aligned_be64 packet_count;
    ovs_32aligned_be64 byte_count;
};
OFP_ASSERT(sizeof(struct ofp10_flow_stats) == 88);

/* OFPST10_TABLE reply body. */
struct ofp10_table_stats {
    uint8_t table_id;
    uint8_t pad[3];
    char name[OFP_MAX_TABLE_NAME_LEN];
    ovs_be32 wildcards;         /* OFPFW10_*. */
    ovs_be32 max_entries;
    ovs_be32 active_count;
    ovs_32aligned_be64 lookup_count;
    ovs_32aligned_be64 matched_count;
};
OFP_ASSERT(sizeof(struct ofp10_table_stats) == 64);

/* OFPST10_PORT request body. */
struct ofp10_port_stats_request {
    ovs_be16 port_no;           /* OFPP10_NONE for all ports. */
    uint8_t pad[6];
};
OFP_ASSERT(sizeof(struct ofp10_port_stats_request) == 8);

/* OFPST10_PORT reply body.  All-ones counters mean "unavailable". */
struct ofp10_port_stats {
    ovs_be16 port_no;
    uint8_t pad[6];
    ovs_32aligned_be64 rx_packets;
    ovs_32aligned_be64 tx_packets;
    ovs_32aligned_be64 rx_bytes;
    ovs_32aligned_be64 tx_bytes;
    ovs_32aligned_be64 rx_dropped;
    ovs_32aligned_be64 tx_dropped;
    ovs_32aligned_be64 rx_errors;
    ovs_32aligned_be64 tx_errors;
    ovs_32aligned_be64 rx_frame_err;
    ovs_32aligned_be64 rx_over_err;
    ovs_32aligned_be64 rx_crc_err;
    ovs_32aligned_be64 collisions;
};
OFP_ASSERT(sizeof(struct ofp10_port_stats) == 104);

/* OFPST10_QUEUE request body. */
#define OFPQ_ALL 0xffffffff
struct ofp10_queue_stats_request {
    ovs_be16 port_no;           /* OFPP10_ALL for all ports. */
    uint8_t pad[2];
    ovs_be32 queue_id;          /* OFPQ_ALL for all queues. */
};
OFP_ASSERT(sizeof(struct ofp10_queue_stats_request) == 8);

/* OFPST10_QUEUE reply body. */
struct ofp10_queue_stats {
    ovs_be16 port_no;
    uint8_t pad[2];
    ovs_be32 queue_id;
    ovs_32aligned_be64 tx_bytes;
    ovs_32aligned_be64 tx_packets;
    ovs_32aligned_be64 tx_errors;
};
OFP_ASSERT(sizeof(struct ofp10_queue_stats) == 32);

#endif /* openflow-1.0.h */
