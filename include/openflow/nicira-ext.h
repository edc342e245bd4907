/* nicira-ext: the Nicira vendor extensions (vendor id NX_VENDOR_ID) that
 * Open vSwitch's tools and controllers use with OpenFlow 1.0: NXM flow
 * format (nx_flow_mod, nx_flow_removed, NXST_FLOW/AGGREGATE), NXT packet-in
 * format, the table_id extension of flow_mod, roles and controller ids.
 * The NXM match itself (nx_match) is ofproto/ofp-match.h's; NX actions are
 * private to ofproto/ofp-actions.c.  Conventions: openflow-common.h. */
#ifndef OPENFLOW_NICIRA_EXT_H
#define OPENFLOW_NICIRA_EXT_H 1

#include "openflow/openflow-1.0.h"

#define NX_VENDOR_ID 0x00002320

/* Subtypes of OFPT_VENDOR/EXPERIMENTER messages with vendor NX_VENDOR_ID. */
enum nicira_type {
    NXT_ROLE_REQUEST = 10,
    NXT_ROLE_REPLY = 11,
    NXT_SET_FLOW_FORMAT = 12,
    NXT_FLOW_MOD = 13,
    NXT_FLOW_REMOVED = 14,
    NXT_FLOW_MOD_TABLE_ID = 15,
    NXT_SET_PACKET_IN_FORMAT = 16,
    NXT_PACKET_IN = 17,
    NXT_FLOW_AGE = 18,
    NXT_SET_ASYNC_CONFIG = 19,
    NXT_SET_CONTROLLER_ID = 20
};

/* Subtypes of OFPST10_VENDOR stats with vendor NX_VENDOR_ID. */
enum nicira_stats_type {
    NXST_FLOW = 0,
    NXST_AGGREGATE = 1
};

/* Header of every Nicira message. */
struct nicira_header {
    struct ofp_header header;
    ovs_be32 vendor;            /* NX_VENDOR_ID. */
    ovs_be32 subtype;           /* NXT_*. */
};
OFP_ASSERT(sizeof(struct nicira_header) == 16);

/* Header of Nicira stats requests and replies (OpenFlow 1.0). */
struct nicira10_stats_msg {
    struct ofp10_vendor_stats_msg vsm;  /* Vendor NX_VENDOR_ID. */
    ovs_be32 subtype;                   /* NXST_*. */
    uint8_t pad[4];
};
OFP_ASSERT(sizeof(struct nicira10_stats_msg) == 24);

/* NXT_ROLE_REQUEST / NXT_ROLE_REPLY. */
enum nx_role {
    NX_ROLE_OTHER = 0,
    NX_ROLE_MASTER = 1,
    NX_ROLE_SLAVE = 2
};
struct nx_role_request {
    struct nicira_header nxh;
    ovs_be32 role;              /* NX_ROLE_*. */
};
OFP_ASSERT(sizeof(struct nx_role_request) == 20);

/* NXT_SET_FLOW_FORMAT. */
enum nx_flow_format {
    NXFF_OPENFLOW10 = 0,
    NXFF_NXM = 2
};
struct nx_set_flow_format {
    struct nicira_header nxh;
    ovs_be32 format;            /* NXFF_*. */
};
OFP_ASSERT(sizeof(struct nx_set_flow_format) == 20);

/* NXT_FLOW_MOD_TABLE_ID: when 'set' is nonzero, the high byte of a 1.0
 * flow_mod's 16-bit 'command' is the table id. */
struct nx_flow_mod_table_id {
    struct nicira_header nxh;
    uint8_t set;
    uint8_t pad[7];
};
OFP_ASSERT(sizeof(struct nx_flow_mod_table_id) == 24);

/* NXT_SET_PACKET_IN_FORMAT. */
enum nx_packet_in_format {
    NXPIF_STANDARD = 0,         /* OFPT_PACKET_IN of the version. */
    NXPIF_NXT_PACKET_IN = 1,    /* NXT_PACKET_IN. */
    NXPIF_NXT_PACKET_IN2 = 2    /* Not supported by osw. */
};
struct nx_set_packet_in_format {
    struct nicira_header nxh;
    ovs_be32 format;            /* NXPIF_*. */
};
OFP_ASSERT(sizeof(struct nx_set_packet_in_format) == 20);

/* NXT_FLOW_MOD: followed by 'match_len' bytes of nx_match, zero padding
 * to 8 bytes, and OpenFlow 1.0 + NX actions. */
struct nx_flow_mod {
    struct nicira_header nxh;
    ovs_be64 cookie;
    ovs_be16 command;           /* OFPFC_*, table id in the high byte. */
    ovs_be16 idle_timeout;
    ovs_be16 hard_timeout;
    ovs_be16 priority;
    ovs_be32 buffer_id;
    ovs_be16 out_port;
    ovs_be16 flags;             /* OFPFF10_* (and RESET_COUNTS etc.). */
    ovs_be16 match_len;
    uint8_t pad[6];
};
OFP_ASSERT(sizeof(struct nx_flow_mod) == 48);

/* NXT_FLOW_REMOVED: followed by the nx_match and padding. */
struct nx_flow_removed {
    struct nicira_header nxh;
    ovs_be64 cookie;
    ovs_be16 priority;
    uint8_t reason;             /* OFPRR_*. */
    uint8_t table_id;
    ovs_be32 duration_sec;
    ovs_be32 duration_nsec;
    ovs_be16 idle_timeout;
    ovs_be16 match_len;
    ovs_be64 packet_count;
    ovs_be64 byte_count;
};
OFP_ASSERT(sizeof(struct nx_flow_removed) == 56);

/* NXT_PACKET_IN: followed by the nx_match (metadata and in_port), zero
 * padding to 8 bytes, 2 more zero bytes, and the packet. */
struct nx_packet_in {
    struct nicira_header nxh;
    ovs_be32 buffer_id;
    ovs_be16 total_len;
    uint8_t reason;             /* OFPR_*. */
    uint8_t table_id;
    ovs_be64 cookie;
    ovs_be16 match_len;
    uint8_t pad[6];
};
OFP_ASSERT(sizeof(struct nx_packet_in) == 40);

/* NXT_SET_CONTROLLER_ID. */
struct nx_controller_id {
    struct nicira_header nxh;
    uint8_t zero[6];
    ovs_be16 controller_id;
};
OFP_ASSERT(sizeof(struct nx_controller_id) == 24);

/* NXST_FLOW and NXST_AGGREGATE request body: followed by the nx_match and
 * padding to 8. */
struct nx_flow_stats_request {
    ovs_be16 out_port;          /* OFPP10_NONE: any. */
    ovs_be16 match_len;
    uint8_t table_id;           /* OFPTT_ALL: all tables. */
    uint8_t pad[3];
};
OFP_ASSERT(sizeof(struct nx_flow_stats_request) == 8);

/* The aggregate request is the same as the flow stats request. */
#define nx_aggregate_stats_request nx_flow_stats_request

/* NXST_FLOW reply body: followed by the nx_match, padding to 8, and
 * actions; 'length' bytes in all.  Ages are seconds since the last
 * modification (hard_age) or use (idle_age), plus one; 0 means unknown. */
struct nx_flow_stats {
    ovs_be16 length;
    uint8_t table_id;
    uint8_t pad;
    ovs_be32 duration_sec;
    ovs_be32 duration_nsec;
    ovs_be16 priority;
    ovs_be16 idle_timeout;
    ovs_be16 hard_timeout;
    ovs_be16 match_len;
    ovs_be16 idle_age;
    ovs_be16 hard_age;
    ovs_32aligned_be64 cookie;
    ovs_32aligned_be64 packet_count;
    ovs_32aligned_be64 byte_count;
};
OFP_ASSERT(sizeof(struct nx_flow_stats) == 48);

/* NXST_AGGREGATE reply body: struct ofp_aggregate_stats_reply. */

#endif /* nicira-ext.h */
