/* ofp-util: OpenFlow messages decoded into version-independent structs,
 * and encoded back for any version.
 *
 * Each message kind has a 'struct ofputil_*' that says what the message
 * means, an ofputil_decode_*() that fills it from a message of any
 * supported version/format (validating everything, returning 0 or an
 * OFPERR_*; never reading outside the message), and an ofputil_encode_*()
 * (or, for multipart replies, ofputil_append_*() onto a list started with
 * ofpmp_init()) that builds it for a given version or protocol.
 *
 * Conventions:
 *   - Port numbers are osw's 16-bit numbers (ofproto.h OFPP_*); 1.1+
 *     32-bit numbers are converted with ofputil_port_from_ofp11() /
 *     ofputil_port_to_ofp11() (ofp-match.h).
 *   - Cookies, counters and ids are in host byte order.
 *   - Actions are ofpacts (ofp-actions.h).  Decoders append them to an
 *     'ofpacts' buffer the caller provides and point the struct's
 *     'ofpacts' into it: the struct is valid as long as that buffer is
 *     unchanged.  Encoders never take ownership.
 *   - Decoders that read replies entry by entry (flow stats, port stats,
 *     ...) take the reply in an ofpbuf 'msg'; on the first call
 *     (msg->header NULL) they pull the message headers; each call then
 *     pulls one entry and returns 0, EOF when none is left, or an
 *     OFPERR_* (then stop).
 *   - A decoded 'struct ofp_header *' must be a whole message of
 *     ntohs(length) bytes (vconn guarantees it), 8-byte aligned as any
 *     malloc'd buffer is: copy a message embedded at an odd offset (the
 *     request inside an OFPT_ERROR starts at offset 12) before decoding
 *     it.
 *   - Encoders for something a version cannot express return NULL only
 *     where documented; otherwise they encode the closest thing.
 *
 * Thread-safety: pure functions. */
#ifndef OFP_UTIL_H
#define OFP_UTIL_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "openflow/openflow-1.0.h"
#include "openflow/openflow-1.3.h"
#include "openflow/openflow-1.4.h"
#include "openflow/openflow-1.5.h"
#include "openflow/nicira-ext.h"
#include "osw/list.h"
#include "osw/match.h"
#include "ofp-errors.h"
#include "ofp-msgs.h"

struct ofpact;
struct ofpbuf;

/* ---- Protocols: version plus flow format plus table_id extension. ---- */

enum ofputil_protocol {
    /* OpenFlow 1.0 with the 1.0 match, and with the NXM match
     * (NXT_SET_FLOW_FORMAT NXFF_NXM); _TID: NXT_FLOW_MOD_TABLE_ID on, so
     * the high byte of flow_mod's command is the table id. */
    OFPUTIL_P_OF10_STD = 1 << 0,
    OFPUTIL_P_OF10_STD_TID = 1 << 1,
    OFPUTIL_P_OF10_NXM = 1 << 2,
    OFPUTIL_P_OF10_NXM_TID = 1 << 3,
    /* OpenFlow 1.3, 1.4, 1.5 with OXM. */
    OFPUTIL_P_OF13_OXM = 1 << 4,
    OFPUTIL_P_OF14_OXM = 1 << 5,
    OFPUTIL_P_OF15_OXM = 1 << 6,

#define OFPUTIL_P_OF10_STD_ANY (OFPUTIL_P_OF10_STD | OFPUTIL_P_OF10_STD_TID)
#define OFPUTIL_P_OF10_NXM_ANY (OFPUTIL_P_OF10_NXM | OFPUTIL_P_OF10_NXM_TID)
#define OFPUTIL_P_OF10_ANY (OFPUTIL_P_OF10_STD_ANY | OFPUTIL_P_OF10_NXM_ANY)
#define OFPUTIL_P_OF13_UP (OFPUTIL_P_OF13_OXM | OFPUTIL_P_OF14_OXM \
                           | OFPUTIL_P_OF15_OXM)
#define OFPUTIL_P_NXM_OXM_ANY (OFPUTIL_P_OF10_NXM_ANY | OFPUTIL_P_OF13_UP)
#define OFPUTIL_P_ANY ((1 << 7) - 1)
#define OFPUTIL_P_NONE 0
    OFPUTIL_P_MAX_ = 1 << 6
};

/* The protocol a connection starts with in 'version' (OF10_STD for 1.0);
 * 0 for an unsupported version. */
enum ofputil_protocol ofputil_protocol_from_ofp_version(uint8_t version);
/* The version of 'protocol' (a single bit). */
uint8_t ofputil_protocol_to_ofp_version(enum ofputil_protocol);
/* Versions (bitmap) used by any protocol in 'protocols'. */
uint32_t ofputil_protocols_to_version_bitmap(enum ofputil_protocol);
bool ofputil_protocol_is_valid(enum ofputil_protocol);
/* 'protocol' with the table_id extension turned on or off (no effect
 * beyond 1.0, where the table id is always there). */
enum ofputil_protocol ofputil_protocol_set_tid(enum ofputil_protocol,
                                               bool enable);
/* 'protocol' without the table_id extension. */
enum ofputil_protocol ofputil_protocol_to_base(enum ofputil_protocol);
/* 'new_base' with the table_id extension setting of 'cur'. */
enum ofputil_protocol ofputil_protocol_set_base(enum ofputil_protocol cur,
                                                enum ofputil_protocol base);
/* "OpenFlow10-table_id", "NXM+table_id", "OXM-OpenFlow13", ... */
const char *ofputil_protocol_to_string(enum ofputil_protocol);
/* Comma-separated names of every protocol in 'protocols'.  Caller
 * frees. */
char *ofputil_protocols_to_string(enum ofputil_protocol);
/* Parses names like those (also "OpenFlow10", "NXM", "OXM", "any");
 * returns 0 on error. */
enum ofputil_protocol ofputil_protocols_from_string(const char *);

/* Messages that switch a 1.0 connection from protocol 'current' towards
 * 'want' (same version): returns one message (NXT_SET_FLOW_FORMAT or
 * NXT_FLOW_MOD_TABLE_ID) and stores in '*next' the protocol in effect
 * after it; call again until it returns NULL (then '*next' == 'want' or
 * 'want' is unreachable from 'current'). */
struct ofpbuf *ofputil_encode_set_protocol(enum ofputil_protocol current,
                                           enum ofputil_protocol want,
                                           enum ofputil_protocol *next);

/* NXT_SET_FLOW_FORMAT: 'format' is NXFF_OPENFLOW10 or NXFF_NXM; decoding
 * gives the base protocol (OFPUTIL_P_OF10_STD or _NXM), or OFPBRC_EPERM
 * for another format. */
struct ofpbuf *ofputil_encode_nx_set_flow_format(enum nx_flow_format);
enum ofperr ofputil_decode_nx_set_flow_format(const struct ofp_header *,
                                              enum ofputil_protocol *);
/* NXT_FLOW_MOD_TABLE_ID. */
struct ofpbuf *ofputil_encode_flow_mod_table_id(bool enable);
enum ofperr ofputil_decode_flow_mod_table_id(const struct ofp_header *,
                                             bool *enable);
/* NXT_SET_PACKET_IN_FORMAT: NXPIF_STANDARD or NXPIF_NXT_PACKET_IN
 * (others: OFPBRC_EPERM). */
struct ofpbuf *ofputil_encode_set_packet_in_format(uint8_t version,
                                                   enum nx_packet_in_format);
enum ofperr ofputil_decode_set_packet_in_format(const struct ofp_header *,
                                                enum nx_packet_in_format *);
/* NXT_SET_CONTROLLER_ID. */
struct ofpbuf *ofputil_encode_set_controller_id(uint8_t version,
                                                uint16_t id);
enum ofperr ofputil_decode_set_controller_id(const struct ofp_header *,
                                             uint16_t *id);

/* ---- Ports. ---- */

/* Port config bits (1.0 numbering; 1.1+ has a subset). */
enum ofputil_port_config {
    OFPUTIL_PC_PORT_DOWN = 1 << 0,
    OFPUTIL_PC_NO_STP = 1 << 1,         /* 1.0 only. */
    OFPUTIL_PC_NO_RECV = 1 << 2,
    OFPUTIL_PC_NO_RECV_STP = 1 << 3,    /* 1.0 only. */
    OFPUTIL_PC_NO_FLOOD = 1 << 4,       /* 1.0 only. */
    OFPUTIL_PC_NO_FWD = 1 << 5,
    OFPUTIL_PC_NO_PACKET_IN = 1 << 6
};
/* Port state bits (1.1+ numbering; 1.0 has LINK_DOWN and STP states,
 * which osw reports as 0, "listen"). */
enum ofputil_port_state {
    OFPUTIL_PS_LINK_DOWN = 1 << 0,
    OFPUTIL_PS_BLOCKED = 1 << 1,
    OFPUTIL_PS_LIVE = 1 << 2
};
/* Port features: the 1.1+ bits (OFPPF11_*), a superset of 1.0's. */
enum ofputil_port_features {
    OFPUTIL_PF_10MB_HD = 1 << 0,
    OFPUTIL_PF_10MB_FD = 1 << 1,
    OFPUTIL_PF_100MB_HD = 1 << 2,
    OFPUTIL_PF_100MB_FD = 1 << 3,
    OFPUTIL_PF_1GB_HD = 1 << 4,
    OFPUTIL_PF_1GB_FD = 1 << 5,
    OFPUTIL_PF_10GB_FD = 1 << 6,
    OFPUTIL_PF_40GB_FD = 1 << 7,
    OFPUTIL_PF_100GB_FD = 1 << 8,
    OFPUTIL_PF_1TB_FD = 1 << 9,
    OFPUTIL_PF_OTHER = 1 << 10,
    OFPUTIL_PF_COPPER = 1 << 11,
    OFPUTIL_PF_FIBER = 1 << 12,
    OFPUTIL_PF_AUTONEG = 1 << 13,
    OFPUTIL_PF_PAUSE = 1 << 14,
    OFPUTIL_PF_PAUSE_ASYM = 1 << 15
};

struct ofputil_phy_port {
    uint16_t port_no;
    struct eth_addr hw_addr;
    char name[OFP_MAX_PORT_NAME_LEN];   /* Always null-terminated. */
    uint32_t config;                    /* OFPUTIL_PC_*. */
    uint32_t state;                     /* OFPUTIL_PS_*. */
    uint32_t curr;                      /* OFPUTIL_PF_*. */
    uint32_t advertised;
    uint32_t supported;
    uint32_t peer;
    uint32_t curr_speed;                /* kbps. */
    uint32_t max_speed;                 /* kbps. */
};

/* Appends 'pp' in the port format of 'version' (ofp10_phy_port,
 * ofp11_port, or ofp14_port with an ethernet property). */
void ofputil_put_phy_port(uint8_t version, const struct ofputil_phy_port *,
                          struct ofpbuf *);
/* Pulls one port of 'version''s format from 'b': 0, EOF when 'b' is
 * empty, or OFPBRC_BAD_LEN. */
int ofputil_pull_phy_port(uint8_t version, struct ofpbuf *b,
                          struct ofputil_phy_port *);

/* OFPT_FEATURES_REPLY. */
enum ofputil_capabilities {
    OFPUTIL_C_FLOW_STATS = 1 << 0,
    OFPUTIL_C_TABLE_STATS = 1 << 1,
    OFPUTIL_C_PORT_STATS = 1 << 2,
    OFPUTIL_C_GROUP_STATS = 1 << 3,     /* 1.1+. */
    OFPUTIL_C_IP_REASM = 1 << 5,
    OFPUTIL_C_QUEUE_STATS = 1 << 6,
    OFPUTIL_C_ARP_MATCH_IP = 1 << 7,    /* 1.0. */
    OFPUTIL_C_PORT_BLOCKED = 1 << 8,    /* 1.2+. */
    OFPUTIL_C_STP = 1 << 9              /* 1.0 (bit 3 there). */
};
struct ofputil_switch_features {
    uint64_t datapath_id;
    uint32_t n_buffers;
    uint8_t n_tables;
    uint8_t auxiliary_id;               /* 1.3+. */
    uint32_t capabilities;              /* OFPUTIL_C_*. */
    uint32_t actions;                   /* 1.0: bitmap of OFPAT10_*. */
};
struct ofpbuf *ofputil_encode_features_request(uint8_t version);
/* The reply to 'request' without ports; for 1.0 append them with
 * ofputil_put_switch_features_port(), then ofpmsg_update_length(). */
struct ofpbuf *ofputil_encode_switch_features(
    const struct ofputil_switch_features *, uint8_t version, ovs_be32 xid);
void ofputil_put_switch_features_port(const struct ofputil_phy_port *,
                                      struct ofpbuf *);
/* Decodes the fixed part and leaves 'b' (initialized here) at the ports,
 * if any: read them with ofputil_pull_phy_port(oh->version, b, ...). */
enum ofperr ofputil_decode_switch_features(const struct ofp_header *,
                                           struct ofputil_switch_features *,
                                           struct ofpbuf *b);

/* OFPT_PORT_STATUS. */
struct ofputil_port_status {
    uint8_t reason;                     /* OFPPR_*. */
    struct ofputil_phy_port desc;
};
struct ofpbuf *ofputil_encode_port_status(const struct ofputil_port_status *,
                                          enum ofputil_protocol);
enum ofperr ofputil_decode_port_status(const struct ofp_header *,
                                       struct ofputil_port_status *);

/* Port description multipart ('port' OFPP_NONE: all; only 1.5 sends it,
 * other versions ask for all). */
struct ofpbuf *ofputil_encode_port_desc_stats_request(uint8_t version,
                                                      uint16_t port);
enum ofperr ofputil_decode_port_desc_stats_request(const struct ofp_header *,
                                                   uint16_t *port);
void ofputil_append_port_desc_stats_reply(const struct ofputil_phy_port *,
                                          struct osw_list *replies);
/* Pulls one port from a port desc reply (see the convention above). */
int ofputil_decode_port_desc_stats_reply(struct ofpbuf *msg,
                                         struct ofputil_phy_port *);

/* OFPT_PORT_MOD. */
struct ofputil_port_mod {
    uint16_t port_no;
    struct eth_addr hw_addr;
    uint32_t config;                    /* OFPUTIL_PC_*. */
    uint32_t mask;
    uint32_t advertise;                 /* OFPUTIL_PF_*, 0: unchanged. */
};
struct ofpbuf *ofputil_encode_port_mod(const struct ofputil_port_mod *,
                                       enum ofputil_protocol);
/* With 'loose', unknown config bits are ignored rather than refused
 * (OFPPMFC_BAD_CONFIG). */
enum ofperr ofputil_decode_port_mod(const struct ofp_header *,
                                    struct ofputil_port_mod *, bool loose);

/* ---- Switch configuration. ---- */

struct ofputil_switch_config {
    uint16_t flags;                     /* OFPC_FRAG_* (others kept). */
    uint16_t miss_send_len;
};
struct ofpbuf *ofputil_encode_get_config_request(uint8_t version);
struct ofpbuf *ofputil_encode_get_config_reply(
    const struct ofp_header *request, const struct ofputil_switch_config *);
struct ofpbuf *ofputil_encode_set_config(const struct ofputil_switch_config *,
                                         uint8_t version);
/* Decodes OFPT_GET_CONFIG_REPLY or OFPT_SET_CONFIG. */
enum ofperr ofputil_decode_switch_config(const struct ofp_header *,
                                         struct ofputil_switch_config *);

/* ---- Flows. ---- */

enum ofputil_flow_mod_flags {
    OFPUTIL_FF_SEND_FLOW_REM = 1 << 0,
    OFPUTIL_FF_CHECK_OVERLAP = 1 << 1,
    OFPUTIL_FF_RESET_COUNTS = 1 << 2,
    OFPUTIL_FF_NO_PKT_COUNTS = 1 << 3,
    OFPUTIL_FF_NO_BYT_COUNTS = 1 << 4
};

/* A flow_mod.  Cookie semantics (as Open vSwitch):
 *   - ADD: the new flow gets 'new_cookie'.
 *   - MODIFY*, DELETE*: flows match when (flow cookie & 'cookie_mask')
 *     == ('cookie' & 'cookie_mask'); MODIFY* sets the cookie of modified
 *     flows to 'new_cookie' only if 'modify_cookie'.
 *   OpenFlow 1.0: 'cookie_mask' 0, 'new_cookie' from the message,
 *   'modify_cookie' unless it is all-ones.  NXM: cookie and mask from
 *   the match's NXM_NX_COOKIE.  1.1+: the message's cookie and mask
 *   filter (ADD: the cookie is 'new_cookie'); 'modify_cookie' false.
 * 'table_id': OFPTT_ALL means all tables (MODIFY/DELETE); a 1.0 message
 * without the table_id extension gives table 0 for ADD and OFPTT_ALL
 * otherwise.  'out_port' OFPP_NONE and 'out_group' OFPG_ANY mean no
 * filter. */
struct ofputil_flow_mod {
    struct match match;
    uint16_t priority;
    uint64_t cookie;
    uint64_t cookie_mask;
    uint64_t new_cookie;
    bool modify_cookie;
    uint8_t table_id;
    uint16_t command;                   /* OFPFC_*. */
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint32_t buffer_id;                 /* OFP_NO_BUFFER for none. */
    uint16_t out_port;
    uint32_t out_group;
    uint32_t flags;                     /* OFPUTIL_FF_*. */
    uint16_t importance;                /* 1.4+. */
    struct ofpact *ofpacts;
    size_t ofpacts_len;
};
/* Decodes any flow_mod (OFPT10, NXT, OFPT11+) received on a connection
 * using 'protocol' (for the 1.0 table_id extension).  Errors: match
 * errors (OFPBMC_*), action/instruction errors, OFPFMFC_BAD_COMMAND,
 * OFPFMFC_BAD_FLAGS (unknown or 1.0 EMERG flags), OFPFMFC_BAD_TABLE_ID
 * (ADD to OFPTT_ALL), OFPBRC_BAD_LEN. */
enum ofperr ofputil_decode_flow_mod(struct ofputil_flow_mod *,
                                    const struct ofp_header *,
                                    enum ofputil_protocol,
                                    struct ofpbuf *ofpacts);
/* Encodes 'fm' for 'protocol': OF10_STD (1.0 match: check
 * ofputil_match_is_ofp10() first), OF10_NXM (NXT_FLOW_MOD), 1.3+. */
struct ofpbuf *ofputil_encode_flow_mod(const struct ofputil_flow_mod *,
                                       enum ofputil_protocol);

/* Flow and aggregate stats requests. */
struct ofputil_flow_stats_request {
    bool aggregate;
    struct match match;
    uint64_t cookie;
    uint64_t cookie_mask;
    uint16_t out_port;                  /* OFPP_NONE: any. */
    uint32_t out_group;                 /* OFPG_ANY: any. */
    uint8_t table_id;                   /* OFPTT_ALL: all. */
};
enum ofperr ofputil_decode_flow_stats_request(
    struct ofputil_flow_stats_request *, const struct ofp_header *);
struct ofpbuf *ofputil_encode_flow_stats_request(
    const struct ofputil_flow_stats_request *, enum ofputil_protocol);

/* One flow in a flow stats reply.  'idle_age' and 'hard_age' are
 * seconds (-1: unknown); they travel only in NXST_FLOW. */
struct ofputil_flow_stats {
    struct match match;
    uint64_t cookie;
    uint8_t table_id;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    uint16_t priority;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    int idle_age;
    int hard_age;
    uint64_t packet_count;
    uint64_t byte_count;
    uint32_t flags;                     /* OFPUTIL_FF_* (1.3+). */
    uint16_t importance;
    const struct ofpact *ofpacts;
    size_t ofpacts_len;
};
/* Appends 'fs' to the flow stats replies started by ofpmp_init() on the
 * request (OFPST10_FLOW, NXST_FLOW or OFPMP_FLOW reply). */
void ofputil_append_flow_stats_reply(const struct ofputil_flow_stats *,
                                     struct osw_list *replies);
/* Pulls one flow (see the convention above); 'ofpacts' is cleared and
 * receives the flow's actions, which 'fs->ofpacts' points to. */
int ofputil_decode_flow_stats_reply(struct ofputil_flow_stats *,
                                    struct ofpbuf *msg,
                                    struct ofpbuf *ofpacts);

struct ofputil_aggregate_stats {
    uint64_t packet_count;
    uint64_t byte_count;
    uint32_t flow_count;
};
struct ofpbuf *ofputil_encode_aggregate_stats_reply(
    const struct ofputil_aggregate_stats *, const struct ofp_header *request);
enum ofperr ofputil_decode_aggregate_stats_reply(
    struct ofputil_aggregate_stats *, const struct ofp_header *reply);

/* OFPT_FLOW_REMOVED / NXT_FLOW_REMOVED. */
struct ofputil_flow_removed {
    struct match match;
    uint64_t cookie;
    uint16_t priority;
    uint8_t reason;                     /* OFPRR_*. */
    uint8_t table_id;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    uint16_t idle_timeout;
    uint16_t hard_timeout;
    uint64_t packet_count;
    uint64_t byte_count;
};
enum ofperr ofputil_decode_flow_removed(struct ofputil_flow_removed *,
                                        const struct ofp_header *);
/* For OF10_STD the 1.0 match, OF10_NXM NXT_FLOW_REMOVED, 1.3+ their
 * own (1.5 with OXS statistics). */
struct ofpbuf *ofputil_encode_flow_removed(const struct ofputil_flow_removed *,
                                           enum ofputil_protocol);

/* ---- Packets. ---- */

/* A packet-in.  'packet' points to 'packet_len' bytes (owned by the
 * caller when encoding; into the message when decoded); 'total_len' is
 * the frame's full length.  'flow_metadata' holds the pipeline fields
 * (in_port always; tunnel, metadata, registers when set): encoders use
 * the in_port and what the version's match can carry. */
struct ofputil_packet_in {
    const void *packet;
    size_t packet_len;
    size_t total_len;
    uint32_t buffer_id;                 /* OFP_NO_BUFFER if none. */
    uint8_t reason;                     /* OFPR_*. */
    uint8_t table_id;
    uint64_t cookie;
    struct match flow_metadata;
};
/* 'format' NXPIF_NXT_PACKET_IN makes NXT_PACKET_IN (any version);
 * otherwise the protocol's OFPT_PACKET_IN. */
struct ofpbuf *ofputil_encode_packet_in(const struct ofputil_packet_in *,
                                        enum ofputil_protocol,
                                        enum nx_packet_in_format);
enum ofperr ofputil_decode_packet_in(struct ofputil_packet_in *,
                                     const struct ofp_header *);

/* A packet-out.  'packet' is absent (NULL, 0) when 'buffer_id' names a
 * buffered packet. */
struct ofputil_packet_out {
    const void *packet;
    size_t packet_len;
    uint32_t buffer_id;
    uint16_t in_port;                   /* OFPP_NONE / OFPP_CONTROLLER... */
    struct ofpact *ofpacts;
    size_t ofpacts_len;
};
/* Errors: OFPBRC_BAD_PORT (in_port not usable), action errors,
 * OFPBRC_BAD_LEN. */
enum ofperr ofputil_decode_packet_out(struct ofputil_packet_out *,
                                      const struct ofp_header *,
                                      struct ofpbuf *ofpacts);
struct ofpbuf *ofputil_encode_packet_out(const struct ofputil_packet_out *,
                                         enum ofputil_protocol);

/* ---- Statistics. ---- */

struct ofputil_desc_stats {
    char mfr_desc[DESC_STR_LEN];        /* All null-terminated. */
    char hw_desc[DESC_STR_LEN];
    char sw_desc[DESC_STR_LEN];
    char serial_num[SERIAL_NUM_LEN];
    char dp_desc[DESC_STR_LEN];
};
struct ofpbuf *ofputil_encode_desc_stats_request(uint8_t version);
struct ofpbuf *ofputil_encode_desc_stats_reply(
    const struct ofputil_desc_stats *, const struct ofp_header *request);
enum ofperr ofputil_decode_desc_stats_reply(struct ofputil_desc_stats *,
                                            const struct ofp_header *);

/* Tables. */
struct ofputil_table_stats {
    uint8_t table_id;
    char name[OFP_MAX_TABLE_NAME_LEN];  /* 1.0 only on the wire. */
    uint32_t max_entries;               /* 1.0 only on the wire. */
    uint32_t active_count;
    uint64_t lookup_count;
    uint64_t matched_count;
};
struct ofpbuf *ofputil_encode_table_stats_request(uint8_t version);
void ofputil_append_table_stats_reply(const struct ofputil_table_stats *,
                                      struct osw_list *replies);
int ofputil_decode_table_stats_reply(struct ofpbuf *msg,
                                     struct ofputil_table_stats *);

/* Table features (1.3+), enough to answer OFPMP_TABLE_FEATURES: every
 * table supports the instructions and actions osw implements, goes to
 * every later table, and matches/sets the OXM fields in 'fields'. */
struct ofputil_table_features {
    uint8_t table_id;
    char name[OFP_MAX_TABLE_NAME_LEN];
    uint64_t metadata_match;
    uint64_t metadata_write;
    uint32_t config;
    uint32_t max_entries;
    uint8_t n_tables;                   /* Next tables: table_id+1..n-1. */
    const uint32_t *fields;             /* OXM headers (exact form). */
    size_t n_fields;

    /* Filled in by the decoder only (the encoder derives them from the
     * members above: MATCH lists maskable fields in has-mask form,
     * WILDCARDS every field, the SETFIELD properties the writable ones).
     * [0] describes ordinary flows, [1] the table-miss flow.  Bit 'i' of
     * 'instructions' and the action bitmaps is OpenFlow 1.3 type 'i'. */
    struct ofputil_table_instruction_features {
        uint32_t instructions;
        uint64_t write_actions;
        uint64_t apply_actions;
        uint8_t next[32];                  /* Bitmap of next table ids. */
        uint8_t write_setfield[MFF_N_IDS]; /* Nonzero if settable. */
        uint8_t apply_setfield[MFF_N_IDS];
    } tif[2];
    uint8_t match[MFF_N_IDS];           /* OFPUTIL_TFM_* for each field. */
    /* From 'config' in OpenFlow 1.4+ (its capabilities), -1 before. */
    int8_t supports_eviction;
    int8_t supports_vacancy_events;
};
/* How a table features reply says a field can be matched. */
enum {
    OFPUTIL_TFM_NONE = 0,               /* Not matchable. */
    OFPUTIL_TFM_EXACT = 1,              /* Must exact match. */
    OFPUTIL_TFM_WILDCARD = 2,           /* Exact match or wildcard. */
    OFPUTIL_TFM_MASK = 3                /* Arbitrary mask. */
};
struct ofpbuf *ofputil_encode_table_features_request(uint8_t version);
void ofputil_append_table_features_reply(
    const struct ofputil_table_features *, struct osw_list *replies);
/* Pulls one table's features ('fields' NULL, 'n_fields' the number of
 * MATCH property entries, 'n_tables' 0; 'tif' and 'match' from the
 * properties, ignoring fields and types osw does not know). */
int ofputil_decode_table_features(struct ofpbuf *msg,
                                  struct ofputil_table_features *);

/* Printing table features as ovs-ofctl's dump-table-features does (in
 * ofp-print.c): call ofputil_format_table_features() for each table in
 * order, with the previous table ('prev', NULL for the first), then
 * ofputil_format_table_features_finish().  'd' starts as { -1, -1 }. */
struct ds;
struct ofputil_table_features_ditto {
    int first, last;                    /* Tables folded as "ditto". */
};
void ofputil_format_table_features(struct ds *,
                                   const struct ofputil_table_features *,
                                   const struct ofputil_table_features *prev,
                                   struct ofputil_table_features_ditto *);
void ofputil_format_table_features_finish(
    struct ds *, struct ofputil_table_features_ditto *);

/* OFPT11_TABLE_MOD. */
struct ofputil_table_mod {
    uint8_t table_id;
    uint32_t config;
};
struct ofpbuf *ofputil_encode_table_mod(const struct ofputil_table_mod *,
                                        uint8_t version);
enum ofperr ofputil_decode_table_mod(const struct ofp_header *,
                                     struct ofputil_table_mod *);

/* Ports.  Counters that are unknown are UINT64_MAX; durations UINT32_MAX
 * when unknown. */
struct ofputil_port_stats {
    uint16_t port_no;
    uint64_t rx_packets, tx_packets;
    uint64_t rx_bytes, tx_bytes;
    uint64_t rx_dropped, tx_dropped;
    uint64_t rx_errors, tx_errors;
    uint64_t rx_frame_errors, rx_over_errors, rx_crc_errors;
    uint64_t collisions;
    uint32_t duration_sec;
    uint32_t duration_nsec;
};
/* 'port' OFPP_NONE (1.0) / any: all ports. */
struct ofpbuf *ofputil_encode_port_stats_request(uint8_t version,
                                                 uint16_t port);
enum ofperr ofputil_decode_port_stats_request(const struct ofp_header *,
                                              uint16_t *port);
void ofputil_append_port_stat(struct osw_list *replies,
                              const struct ofputil_port_stats *);
int ofputil_decode_port_stats(struct ofputil_port_stats *,
                              struct ofpbuf *msg);

/* Queues. */
struct ofputil_queue_stats_request {
    uint16_t port_no;                   /* OFPP_ALL for all ports. */
    uint32_t queue_id;                  /* OFPQ_ALL for all queues. */
};
struct ofpbuf *ofputil_encode_queue_stats_request(
    uint8_t version, const struct ofputil_queue_stats_request *);
enum ofperr ofputil_decode_queue_stats_request(
    const struct ofp_header *, struct ofputil_queue_stats_request *);
struct ofputil_queue_stats {
    uint16_t port_no;
    uint32_t queue_id;
    uint64_t tx_bytes;
    uint64_t tx_packets;
    uint64_t tx_errors;
    uint32_t duration_sec;              /* UINT32_MAX: unknown. */
    uint32_t duration_nsec;
};
void ofputil_append_queue_stat(struct osw_list *replies,
                               const struct ofputil_queue_stats *);
int ofputil_decode_queue_stats(struct ofputil_queue_stats *,
                               struct ofpbuf *msg);

/* ---- Groups (1.3-1.4 layouts, and 1.5's with bucket properties; 1.5's
 * INSERT_BUCKET and REMOVE_BUCKET commands are not supported). ---- */

struct ofputil_bucket_counter {
    uint64_t packet_count;
    uint64_t byte_count;
};
/* A bucket, in a list by 'list_node'.  Decoders malloc 'ofpacts';
 * ofputil_bucket_list_destroy() frees buckets and their ofpacts. */
struct ofputil_bucket {
    struct osw_list list_node;
    uint16_t weight;                    /* Select groups. */
    uint16_t watch_port;                /* OFPP_ANY-ish: OFPP_NONE. */
    uint32_t watch_group;               /* OFPG_ANY: none. */
    uint32_t bucket_id;                 /* Position, from 0. */
    struct ofpact *ofpacts;
    size_t ofpacts_len;
    struct ofputil_bucket_counter stats;
};
void ofputil_bucket_list_destroy(struct osw_list *buckets);
/* A new bucket with a copy of 'ofpacts'. */
struct ofputil_bucket *ofputil_bucket_create(const struct ofpact *ofpacts,
                                             size_t ofpacts_len);

struct ofputil_group_mod {
    uint16_t command;                   /* OFPGC_*. */
    uint8_t type;                       /* OFPGT_*. */
    uint32_t group_id;
    struct osw_list buckets;            /* struct ofputil_bucket. */
};
/* Errors: OFPGMFC_BAD_COMMAND, OFPGMFC_BAD_TYPE, OFPGMFC_BAD_BUCKET
 * (bucket length), OFPGMFC_INVALID_GROUP (reserved group ids other than
 * OFPG_ALL for delete), action errors, OFPBRC_BAD_LEN.  On error
 * 'gm->buckets' is empty; ofputil_uninit_group_mod() is harmless then. */
enum ofperr ofputil_decode_group_mod(const struct ofp_header *,
                                     struct ofputil_group_mod *);
/* For 1.3+ (NULL for 1.0, which has no groups). */
struct ofpbuf *ofputil_encode_group_mod(uint8_t version,
                                        const struct ofputil_group_mod *);
void ofputil_uninit_group_mod(struct ofputil_group_mod *);

struct ofputil_group_desc {
    uint8_t type;
    uint32_t group_id;
    struct osw_list buckets;
};
/* Asks for every group (1.3+; NULL for 1.0).  Decoding gives the group
 * id a 1.5 request names (OFPG_ALL otherwise). */
struct ofpbuf *ofputil_encode_group_desc_request(uint8_t version);
enum ofperr ofputil_decode_group_desc_request(const struct ofp_header *,
                                              uint32_t *group_id);
void ofputil_append_group_desc_reply(const struct ofputil_group_desc *,
                                     const struct osw_list *buckets,
                                     struct osw_list *replies);
/* Pulls one group ('gd->buckets' initialized here; free with
 * ofputil_uninit_group_desc(); empty after an error or EOF). */
int ofputil_decode_group_desc_reply(struct ofputil_group_desc *,
                                    struct ofpbuf *msg);
void ofputil_uninit_group_desc(struct ofputil_group_desc *);

struct ofputil_group_stats {
    uint32_t group_id;
    uint32_t ref_count;
    uint64_t packet_count;
    uint64_t byte_count;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    uint32_t n_buckets;
    struct ofputil_bucket_counter *bucket_stats;    /* Decoders malloc. */
};
struct ofpbuf *ofputil_encode_group_stats_request(uint8_t version,
                                                  uint32_t group_id);
enum ofperr ofputil_decode_group_stats_request(const struct ofp_header *,
                                               uint32_t *group_id);
void ofputil_append_group_stats(struct osw_list *replies,
                                const struct ofputil_group_stats *);
int ofputil_decode_group_stats_reply(struct ofpbuf *msg,
                                     struct ofputil_group_stats *);

struct ofputil_group_features {
    uint32_t types;                     /* 1 << OFPGT_*. */
    uint32_t capabilities;              /* OFPGFC_*. */
    uint32_t max_groups[4];
    uint32_t ofpacts[4];                /* Action bitmaps (1.3 OFPAT_*). */
};
struct ofpbuf *ofputil_encode_group_features_request(uint8_t version);
struct ofpbuf *ofputil_encode_group_features_reply(
    const struct ofputil_group_features *, const struct ofp_header *request);
enum ofperr ofputil_decode_group_features_reply(
    const struct ofp_header *, struct ofputil_group_features *);

/* ---- Meters (1.3+). ---- */

struct ofputil_meter_band {
    uint16_t type;                      /* OFPMBT_DROP, OFPMBT_DSCP_REMARK. */
    uint8_t prec_level;                 /* DSCP_REMARK. */
    uint32_t rate;
    uint32_t burst_size;
};
struct ofputil_meter_config {
    uint32_t meter_id;
    uint16_t flags;                     /* OFPMF_*. */
    uint16_t n_bands;
    struct ofputil_meter_band *bands;
};
struct ofputil_meter_mod {
    uint16_t command;                   /* OFPMC_*. */
    struct ofputil_meter_config meter;
};
/* Bands are stored in 'bands' (an ofpbuf the caller owns); errors:
 * OFPMMFC_BAD_COMMAND, OFPMMFC_BAD_FLAGS, OFPMMFC_BAD_BAND (unknown
 * type, bad length), OFPBRC_BAD_LEN. */
enum ofperr ofputil_decode_meter_mod(const struct ofp_header *,
                                     struct ofputil_meter_mod *,
                                     struct ofpbuf *bands);
struct ofpbuf *ofputil_encode_meter_mod(uint8_t version,
                                        const struct ofputil_meter_mod *);

enum ofputil_meter_request_type {
    OFPUTIL_METER_FEATURES,
    OFPUTIL_METER_CONFIG,
    OFPUTIL_METER_STATS
};
struct ofpbuf *ofputil_encode_meter_request(uint8_t version,
                                            enum ofputil_meter_request_type,
                                            uint32_t meter_id);
/* For OFPMP_METER and OFPMP_METER_CONFIG requests. */
enum ofperr ofputil_decode_meter_request(const struct ofp_header *,
                                         uint32_t *meter_id);

void ofputil_append_meter_config(struct osw_list *replies,
                                 const struct ofputil_meter_config *);
/* Pulls one meter; bands go to 'bands' (cleared first). */
int ofputil_decode_meter_config(struct ofpbuf *msg,
                                struct ofputil_meter_config *,
                                struct ofpbuf *bands);

struct ofputil_meter_band_stats {
    uint64_t packet_count;
    uint64_t byte_count;
};
struct ofputil_meter_stats {
    uint32_t meter_id;
    uint32_t flow_count;
    uint64_t packet_in_count;
    uint64_t byte_in_count;
    uint32_t duration_sec;
    uint32_t duration_nsec;
    uint16_t n_bands;
    struct ofputil_meter_band_stats *bands;
};
void ofputil_append_meter_stats(struct osw_list *replies,
                                const struct ofputil_meter_stats *);
/* Pulls one meter's stats; band stats go to 'bands' (cleared first). */
int ofputil_decode_meter_stats(struct ofpbuf *msg,
                               struct ofputil_meter_stats *,
                               struct ofpbuf *bands);

struct ofputil_meter_features {
    uint32_t max_meters;
    uint32_t band_types;                /* 1 << OFPMBT_*. */
    uint32_t capabilities;              /* OFPMF_*. */
    uint8_t max_bands;
    uint8_t max_color;
};
struct ofpbuf *ofputil_encode_meter_features_reply(
    const struct ofputil_meter_features *, const struct ofp_header *request);
enum ofperr ofputil_decode_meter_features(const struct ofp_header *,
                                          struct ofputil_meter_features *);

/* ---- Roles and asynchronous configuration. ---- */

/* A role request (OFPT12_ROLE_REQUEST or NXT_ROLE_REQUEST; NX roles map
 * OTHER->EQUAL, MASTER->MASTER, SLAVE->SLAVE).  Errors: OFPRRFC_BAD_ROLE
 * for an unknown role. */
struct ofputil_role_request {
    enum ofp12_controller_role role;
    bool have_generation_id;            /* False for NX and NOCHANGE. */
    uint64_t generation_id;
};
enum ofperr ofputil_decode_role_message(const struct ofp_header *,
                                        struct ofputil_role_request *);
/* A request for 'version' (1.0: NXT_ROLE_REQUEST). */
struct ofpbuf *ofputil_encode_role_request(
    uint8_t version, const struct ofputil_role_request *);
/* The reply to 'request' (same kind: NXT or OFPT12). */
struct ofpbuf *ofputil_encode_role_reply(const struct ofp_header *request,
                                         const struct ofputil_role_request *);
/* OFPT14_ROLE_STATUS (1.4+; NULL for older versions). */
struct ofpbuf *ofputil_encode_role_status(uint8_t version,
                                          enum ofp12_controller_role,
                                          uint8_t reason,
                                          uint64_t generation_id);

/* Async masks: index 0 applies to master and equal connections, 1 to
 * slaves; bit 1 << reason. */
struct ofputil_async_cfg {
    uint32_t packet_in[2];
    uint32_t port_status[2];
    uint32_t flow_removed[2];
};
/* Open vSwitch's defaults for a new connection of 'version'. */
struct ofputil_async_cfg ofputil_async_cfg_default(uint8_t version);
/* Decodes OFPT13_SET_ASYNC / GET_ASYNC_REPLY (both forms) or
 * NXT_SET_ASYNC_CONFIG.  1.4 properties change only what they name, so
 * '*cfg' starts as a copy of 'basis'.  With 'loose', unknown properties
 * are ignored; otherwise OFPBPC_BAD_TYPE (or OFPBPC_BAD_LEN). */
enum ofperr ofputil_decode_set_async_config(
    const struct ofp_header *, bool loose,
    const struct ofputil_async_cfg *basis, struct ofputil_async_cfg *cfg);
struct ofpbuf *ofputil_encode_get_async_request(uint8_t version);
struct ofpbuf *ofputil_encode_get_async_reply(
    const struct ofp_header *request, const struct ofputil_async_cfg *);
struct ofpbuf *ofputil_encode_set_async_config(
    const struct ofputil_async_cfg *, uint8_t version);

/* ---- Helpers for the codecs (ofp-*.c). ---- */

/* Copies string 'src' into the 'size'-byte wire field 'dst', truncating
 * and zero-filling. */
void ofputil_put_wire_string(char *dst, size_t size, const char *src);
/* Copies the 'size'-byte wire field 'src' (maybe not null-terminated)
 * into 'dst' (also 'size' bytes), always null-terminating. */
void ofputil_get_wire_string(char *dst, const char *src, size_t size);

#endif /* ofp-util.h */
