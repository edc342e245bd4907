/* openflow-common: OpenFlow wire definitions shared by every version.
 *
 * The headers in include/openflow/ describe bytes on the wire and nothing
 * else: every struct here is exactly the size the specification gives
 * (checked with BUILD_ASSERT), multi-byte fields are big-endian (the
 * ovs_be* types), and no struct is ever allocated on its own by osw code:
 * they are overlaid on message buffers (ofpbuf) by the codecs in
 * ofproto/ofp-msgs.c, ofp-util.c and friends.
 *
 * Fields wider than 32 bits that the specification places at an offset
 * that is not a multiple of 8 use ovs_32aligned_be64, so that no struct
 * gets padding the wire does not have; get_32aligned_be64() and
 * put_32aligned_be64() read and write them.
 *
 * Numbers that mean the same in every version (the header, hello, error
 * message layout, descriptions, reasons, roles) live here; one header per
 * version adds what that version changed: openflow-1.0.h, openflow-1.3.h
 * (which also covers 1.1 and 1.2 where they agree with 1.3),
 * openflow-1.4.h, openflow-1.5.h, and nicira-ext.h for the Nicira (Open
 * vSwitch) vendor extensions. */
#ifndef OPENFLOW_COMMON_H
#define OPENFLOW_COMMON_H 1

#include <stdint.h>
#include "osw/packets.h"
#include "osw/util.h"

#define OFP_ASSERT BUILD_ASSERT

/* Protocol versions: the 'version' byte of ofp_header. */
enum ofp_version {
    OFP10_VERSION = 0x01,
    OFP11_VERSION = 0x02,
    OFP12_VERSION = 0x03,
    OFP13_VERSION = 0x04,
    OFP14_VERSION = 0x05,
    OFP15_VERSION = 0x06
};

/* A 64-bit big-endian field that the wire aligns only on 4 bytes. */
typedef struct {
    ovs_be32 hi, lo;
} ovs_32aligned_be64;

static inline ovs_be64
get_32aligned_be64(const ovs_32aligned_be64 *x)
{
    uint64_t hi = ntohl(x->hi), lo = ntohl(x->lo);
    return htonll((hi << 32) | lo);
}

static inline void
put_32aligned_be64(ovs_32aligned_be64 *x, ovs_be64 value)
{
    uint64_t v = ntohll(value);
    x->hi = htonl(v >> 32);
    x->lo = htonl((uint32_t) v);
}

/* TCP port the IANA assigned to OpenFlow (and the older one). */
#define OFP_PORT 6653
#define OFP_OLD_PORT 6633
#define OFP_SSL_PORT 6653

#define OFP_MAX_PORT_NAME_LEN 16
#define OFP_MAX_TABLE_NAME_LEN 32
#define OFP_ETH_ALEN 6
#define OFP_DEFAULT_MISS_SEND_LEN 128
#define OFP_DEFAULT_PRIORITY 0x8000
#define OFP_FLOW_PERMANENT 0
#define OFP_NO_BUFFER 0xffffffff
#define OFP_MAX_MSG_LEN 65535

/* Every message starts with this. */
struct ofp_header {
    uint8_t version;            /* enum ofp_version. */
    uint8_t type;               /* OFPT10_* or OFPT11_*: version-specific. */
    ovs_be16 length;            /* Including this header. */
    ovs_be32 xid;               /* Transaction id: replies copy it. */
};
OFP_ASSERT(sizeof(struct ofp_header) == 8);

/* Message types every version numbers alike. */
enum ofp_type {
    OFPT_HELLO = 0,
    OFPT_ERROR = 1,
    OFPT_ECHO_REQUEST = 2,
    OFPT_ECHO_REPLY = 3,
    OFPT_VENDOR = 4,            /* OFPT_EXPERIMENTER in 1.1+. */
    OFPT_FEATURES_REQUEST = 5,
    OFPT_FEATURES_REPLY = 6,
    OFPT_GET_CONFIG_REQUEST = 7,
    OFPT_GET_CONFIG_REPLY = 8,
    OFPT_SET_CONFIG = 9,
    OFPT_PACKET_IN = 10,
    OFPT_FLOW_REMOVED = 11,
    OFPT_PORT_STATUS = 12,
    OFPT_PACKET_OUT = 13,
    OFPT_FLOW_MOD = 14
};

/* HELLO (1.3.1+ carries elements; older peers send an empty hello). */
struct ofp_hello_elem_header {
    ovs_be16 type;              /* OFPHET_*. */
    ovs_be16 length;            /* Excluding padding to 8 bytes. */
};
OFP_ASSERT(sizeof(struct ofp_hello_elem_header) == 4);

enum ofp_hello_elem_type {
    OFPHET_VERSIONBITMAP = 1
};

/* OFPHET_VERSIONBITMAP: bit N of the bitmap (bit 0 of the first be32 is
 * version 0) says version N is supported; followed by ovs_be32 words. */
struct ofp_hello_elem_versionbitmap {
    ovs_be16 type;              /* OFPHET_VERSIONBITMAP. */
    ovs_be16 length;            /* 4 + 4 * number of bitmap words. */
    /* ovs_be32 bitmaps[]; */
};
OFP_ASSERT(sizeof(struct ofp_hello_elem_versionbitmap) == 4);

/* OFPT_ERROR: followed by data (the failed request, or text). */
struct ofp_error_msg {
    struct ofp_header header;
    ovs_be16 type;
    ovs_be16 code;
};
OFP_ASSERT(sizeof(struct ofp_error_msg) == 12);

/* Error type used in 1.2+ for experimenter errors. */
#define OFPET_EXPERIMENTER 0xffff

/* OFPT_GET_CONFIG_REPLY, OFPT_SET_CONFIG. */
struct ofp_switch_config {
    struct ofp_header header;
    ovs_be16 flags;             /* OFPC_FRAG_*. */
    ovs_be16 miss_send_len;     /* Bytes of a table-miss packet to send. */
};
OFP_ASSERT(sizeof(struct ofp_switch_config) == 12);

enum ofp_config_flags {
    OFPC_FRAG_NORMAL = 0,
    OFPC_FRAG_DROP = 1,
    OFPC_FRAG_REASM = 2,
    OFPC_FRAG_NX_MATCH = 3,     /* 1.0 Nicira extension. */
    OFPC_FRAG_MASK = 3,
    OFPC_INVALID_TTL_TO_CONTROLLER = 1 << 2     /* 1.1-1.2 only. */
};

/* Max length a controller action or miss_send_len asks for that means
 * "do not buffer, send the whole packet" (1.2+). */
#define OFPCML_MAX 0xffe5
#define OFPCML_NO_BUFFER 0xffff

/* Description strings (OFPST_DESC / OFPMP_DESC reply body). */
#define DESC_STR_LEN 256
#define SERIAL_NUM_LEN 32
struct ofp_desc_stats {
    char mfr_desc[DESC_STR_LEN];
    char hw_desc[DESC_STR_LEN];
    char sw_desc[DESC_STR_LEN];
    char serial_num[SERIAL_NUM_LEN];
    char dp_desc[DESC_STR_LEN];
};
OFP_ASSERT(sizeof(struct ofp_desc_stats) == 1056);

/* Aggregate stats reply body: identical in 1.0 through 1.4. */
struct ofp_aggregate_stats_reply {
    ovs_32aligned_be64 packet_count;
    ovs_32aligned_be64 byte_count;
    ovs_be32 flow_count;
    uint8_t pad[4];
};
OFP_ASSERT(sizeof(struct ofp_aggregate_stats_reply) == 24);

/* Flow mod commands (the 1.0 'command' is 16 bits, 1.1+ 8 bits). */
enum ofp_flow_mod_command {
    OFPFC_ADD = 0,
    OFPFC_MODIFY = 1,
    OFPFC_MODIFY_STRICT = 2,
    OFPFC_DELETE = 3,
    OFPFC_DELETE_STRICT = 4
};

/* Why a packet-in was sent. */
enum ofp_packet_in_reason {
    OFPR_NO_MATCH = 0,          /* 1.3+: "table miss" flow. */
    OFPR_ACTION = 1,
    OFPR_INVALID_TTL = 2,
    OFPR_ACTION_SET = 3,        /* 1.4+. */
    OFPR_GROUP = 4,             /* 1.4+. */
    OFPR_PACKET_OUT = 5,        /* 1.4+. */
    OFPR_N_REASONS
};

/* Why a flow was removed. */
enum ofp_flow_removed_reason {
    OFPRR_IDLE_TIMEOUT = 0,
    OFPRR_HARD_TIMEOUT = 1,
    OFPRR_DELETE = 2,
    OFPRR_GROUP_DELETE = 3,     /* 1.1+. */
    OFPRR_METER_DELETE = 4,     /* 1.4+. */
    OFPRR_EVICTION = 5,         /* 1.4+. */
    OFPRR_N_REASONS
};

/* Why a port status message was sent. */
enum ofp_port_reason {
    OFPPR_ADD = 0,
    OFPPR_DELETE = 1,
    OFPPR_MODIFY = 2,
    OFPPR_N_REASONS
};

/* Port config and state bits common to all versions. */
enum ofp_port_config {
    OFPPC_PORT_DOWN = 1 << 0,
    OFPPC_NO_RECV = 1 << 2,
    OFPPC_NO_FWD = 1 << 5,
    OFPPC_NO_PACKET_IN = 1 << 6
};
enum ofp_port_state {
    OFPPS_LINK_DOWN = 1 << 0
};

/* Controller roles (1.2+ OFPT_ROLE_REQUEST numbering). */
enum ofp12_controller_role {
    OFPCR12_ROLE_NOCHANGE = 0,
    OFPCR12_ROLE_EQUAL = 1,
    OFPCR12_ROLE_MASTER = 2,
    OFPCR12_ROLE_SLAVE = 3
};

/* Table numbers. */
#define OFPTT_MAX 0xfe
#define OFPTT_ALL 0xff

/* Multipart (stats) flags. */
#define OFPSF_REPLY_MORE 1      /* 1.0 name. */
#define OFPMPF_REQ_MORE 1
#define OFPMPF_REPLY_MORE 1

/* Group numbering and types (1.1+). */
enum ofp_group_numbers {
    OFPG_MAX = 0xffffff00,
    OFPG_ALL = 0xfffffffc,
    OFPG_ANY = 0xffffffff
};
enum ofp_group_type {
    OFPGT_ALL = 0,
    OFPGT_SELECT = 1,
    OFPGT_INDIRECT = 2,
    OFPGT_FF = 3
};
enum ofp_group_mod_command {
    OFPGC_ADD = 0,
    OFPGC_MODIFY = 1,
    OFPGC_DELETE = 2,
    OFPGC15_INSERT_BUCKET = 3,  /* 1.5. */
    OFPGC15_REMOVE_BUCKET = 5   /* 1.5. */
};

/* Meter numbering, commands, flags, band types (1.3+). */
enum ofp_meter_numbers {
    OFPM_MAX = 0xffff0000,
    OFPM_SLOWPATH = 0xfffffffd,
    OFPM_CONTROLLER = 0xfffffffe,
    OFPM_ALL = 0xffffffff
};
enum ofp_meter_mod_command {
    OFPMC_ADD = 0,
    OFPMC_MODIFY = 1,
    OFPMC_DELETE = 2
};
enum ofp_meter_flags {
    OFPMF_KBPS = 1 << 0,
    OFPMF_PKTPS = 1 << 1,
    OFPMF_BURST = 1 << 2,
    OFPMF_STATS = 1 << 3
};
enum ofp_meter_band_type {
    OFPMBT_DROP = 1,
    OFPMBT_DSCP_REMARK = 2,
    OFPMBT_EXPERIMENTER = 0xffff
};

/* A vendor/experimenter message: 1.0 OFPT_VENDOR and 1.1+
 * OFPT_EXPERIMENTER share this prefix (1.0 vendors such as Nicira put a
 * subtype right after it, as 1.1+ does with 'exp_type'). */
struct ofp_vendor_header {
    struct ofp_header header;
    ovs_be32 vendor;
    ovs_be32 subtype;
};
OFP_ASSERT(sizeof(struct ofp_vendor_header) == 16);

#endif /* openflow-common.h */
