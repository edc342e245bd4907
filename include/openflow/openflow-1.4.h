/* openflow-1.4: what OpenFlow 1.4 (wire version 0x05) changed: ports,
 * port stats, port mod and async config carry TLV properties; new message
 * types and error types.  Everything else is as openflow-1.3.h. */
#ifndef OPENFLOW_OPENFLOW14_H
#define OPENFLOW_OPENFLOW14_H 1

#include "openflow/openflow-1.3.h"

enum ofp14_type {
    OFPT14_ROLE_STATUS = 30,
    OFPT14_TABLE_STATUS = 31,
    OFPT14_REQUESTFORWARD = 32,
    OFPT14_BUNDLE_CONTROL = 33,
    OFPT14_BUNDLE_ADD_MESSAGE = 34
};

enum ofp14_error_type {
    OFPET14_BAD_PROPERTY = 14,
    OFPET14_ASYNC_CONFIG_FAILED = 15,
    OFPET14_FLOW_MONITOR_FAILED = 16,
    OFPET14_BUNDLE_FAILED = 17
};

/* A port (1.4+): followed by properties, 'length' bytes in all. */
struct ofp14_port {
    ovs_be32 port_no;
    ovs_be16 length;
    uint8_t pad[2];
    struct eth_addr hw_addr;
    uint8_t pad2[2];
    char name[OFP_MAX_PORT_NAME_LEN];
    ovs_be32 config;
    ovs_be32 state;
};
OFP_ASSERT(sizeof(struct ofp14_port) == 40);

enum ofp14_port_desc_prop_type {
    OFPPDPT14_ETHERNET = 0,
    OFPPDPT14_OPTICAL = 1,
    OFPPDPT14_EXPERIMENTER = 0xffff
};

struct ofp14_port_desc_prop_ethernet {
    ovs_be16 type;              /* OFPPDPT14_ETHERNET. */
    ovs_be16 length;            /* 32. */
    uint8_t pad[4];
    ovs_be32 curr;              /* OFPPF11_*. */
    ovs_be32 advertised;
    ovs_be32 supported;
    ovs_be32 peer;
    ovs_be32 curr_speed;        /* kbps. */
    ovs_be32 max_speed;
};
OFP_ASSERT(sizeof(struct ofp14_port_desc_prop_ethernet) == 32);

/* OFPT_PORT_STATUS (1.4+): followed by struct ofp14_port and its
 * properties. */
struct ofp14_port_status {
    struct ofp_header header;
    uint8_t reason;
    uint8_t pad[7];
};
OFP_ASSERT(sizeof(struct ofp14_port_status) == 16);

/* OFPT11_PORT_MOD (1.4+): followed by properties. */
struct ofp14_port_mod {
    struct ofp_header header;
    ovs_be32 port_no;
    uint8_t pad[4];
    struct eth_addr hw_addr;
    uint8_t pad2[2];
    ovs_be32 config;
    ovs_be32 mask;
};
OFP_ASSERT(sizeof(struct ofp14_port_mod) == 32);

enum ofp14_port_mod_prop_type {
    OFPPMPT14_ETHERNET = 0,
    OFPPMPT14_OPTICAL = 1,
    OFPPMPT14_EXPERIMENTER = 0xffff
};

struct ofp14_port_mod_prop_ethernet {
    ovs_be16 type;              /* OFPPMPT14_ETHERNET. */
    ovs_be16 length;            /* 8. */
    ovs_be32 advertise;
};
OFP_ASSERT(sizeof(struct ofp14_port_mod_prop_ethernet) == 8);

/* OFPMP_PORT_STATS reply body (1.4+): followed by properties. */
struct ofp14_port_stats {
    ovs_be16 length;
    uint8_t pad[2];
    ovs_be32 port_no;
    ovs_be32 duration_sec;
    ovs_be32 duration_nsec;
    ovs_be64 rx_packets;
    ovs_be64 tx_packets;
    ovs_be64 rx_bytes;
    ovs_be64 tx_bytes;
    ovs_be64 rx_dropped;
    ovs_be64 tx_dropped;
    ovs_be64 rx_errors;
    ovs_be64 tx_errors;
};
OFP_ASSERT(sizeof(struct ofp14_port_stats) == 80);

enum ofp14_port_stats_prop_type {
    OFPPSPT14_ETHERNET = 0,
    OFPPSPT14_OPTICAL = 1,
    OFPPSPT14_EXPERIMENTER = 0xffff
};

struct ofp14_port_stats_prop_ethernet {
    ovs_be16 type;              /* OFPPSPT14_ETHERNET. */
    ovs_be16 length;            /* 40. */
    uint8_t pad[4];
    ovs_be64 rx_frame_err;
    ovs_be64 rx_over_err;
    ovs_be64 rx_crc_err;
    ovs_be64 collisions;
};
OFP_ASSERT(sizeof(struct ofp14_port_stats_prop_ethernet) == 40);

/* OFPMP_QUEUE reply body (1.4+): followed by properties. */
struct ofp14_queue_stats {
    ovs_be16 length;
    uint8_t pad[6];
    struct ofp13_queue_stats qs;
};
OFP_ASSERT(sizeof(struct ofp14_queue_stats) == 48);

/* OFPT13_GET_ASYNC_REPLY, OFPT13_SET_ASYNC (1.4+): the header is followed
 * by properties of type struct ofp14_async_config_prop_reasons. */
enum ofp14_async_config_prop_type {
    OFPACPT_PACKET_IN_SLAVE = 0,
    OFPACPT_PACKET_IN_MASTER = 1,
    OFPACPT_PORT_STATUS_SLAVE = 2,
    OFPACPT_PORT_STATUS_MASTER = 3,
    OFPACPT_FLOW_REMOVED_SLAVE = 4,
    OFPACPT_FLOW_REMOVED_MASTER = 5,
    OFPACPT_ROLE_STATUS_SLAVE = 6,
    OFPACPT_ROLE_STATUS_MASTER = 7,
    OFPACPT_TABLE_STATUS_SLAVE = 8,
    OFPACPT_TABLE_STATUS_MASTER = 9,
    OFPACPT_REQUESTFORWARD_SLAVE = 10,
    OFPACPT_REQUESTFORWARD_MASTER = 11,
    OFPACPT_EXPERIMENTER_SLAVE = 0xfffe,
    OFPACPT_EXPERIMENTER_MASTER = 0xffff
};

struct ofp14_async_config_prop_reasons {
    ovs_be16 type;              /* OFPACPT_*. */
    ovs_be16 length;            /* 8. */
    ovs_be32 mask;              /* Bits 1 << reason. */
};
OFP_ASSERT(sizeof(struct ofp14_async_config_prop_reasons) == 8);

/* OFPT14_ROLE_STATUS. */
enum ofp14_controller_role_reason {
    OFPCRR_MASTER_REQUEST = 0,
    OFPCRR_CONFIG = 1,
    OFPCRR_EXPERIMENTER = 2
};
struct ofp14_role_status {
    struct ofp_header header;
    ovs_be32 role;
    uint8_t reason;
    uint8_t pad[3];
    ovs_be64 generation_id;
};
OFP_ASSERT(sizeof(struct ofp14_role_status) == 24);

/* OFPT14_BUNDLE_CONTROL (answered with an error: bundles unsupported). */
struct ofp14_bundle_ctrl_msg {
    struct ofp_header header;
    ovs_be32 bundle_id;
    ovs_be16 type;
    ovs_be16 flags;
};
OFP_ASSERT(sizeof(struct ofp14_bundle_ctrl_msg) == 16);

#endif /* openflow-1.4.h */
