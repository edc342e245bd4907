/* ofp-actions: OpenFlow actions and instructions, decoded and encoded. */
#include <config.h>
#include "ofp-actions.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ofp-match.h"
#include "ofproto.h"
#include "osw/dynamic-string.h"
#include "osw/match.h"
#include "osw/meta-flow.h"
#include "osw/packets.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(ofp_actions);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* OpenFlow versions as the wire numbers them. */
#define OFA_V10 0x01
#define OFA_V11 0x02
#define OFA_V12 0x03
#define OFA_V13 0x04
#define OFA_V14 0x05
#define OFA_V15 0x06

#define OFA_PACKED __attribute__((packed))

/* ---- Wire formats. ---- */

/* Every action and instruction starts with this. */
struct ofa_header {
    ovs_be16 type;
    ovs_be16 len;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofa_header) == 4);

/* OpenFlow 1.0 action types. */
enum {
    OFPAT10_OUTPUT = 0,
    OFPAT10_SET_VLAN_VID = 1,
    OFPAT10_SET_VLAN_PCP = 2,
    OFPAT10_STRIP_VLAN = 3,
    OFPAT10_SET_DL_SRC = 4,
    OFPAT10_SET_DL_DST = 5,
    OFPAT10_SET_NW_SRC = 6,
    OFPAT10_SET_NW_DST = 7,
    OFPAT10_SET_NW_TOS = 8,
    OFPAT10_SET_TP_SRC = 9,
    OFPAT10_SET_TP_DST = 10,
    OFPAT10_ENQUEUE = 11,
};

/* OpenFlow 1.1+ action types (1..10, 13, 14 exist only in 1.1). */
enum {
    OFPAT11_OUTPUT = 0,
    OFPAT11_SET_VLAN_VID = 1,
    OFPAT11_SET_VLAN_PCP = 2,
    OFPAT11_SET_DL_SRC = 3,
    OFPAT11_SET_DL_DST = 4,
    OFPAT11_SET_NW_SRC = 5,
    OFPAT11_SET_NW_DST = 6,
    OFPAT11_SET_NW_TOS = 7,
    OFPAT11_SET_NW_ECN = 8,
    OFPAT11_SET_TP_SRC = 9,
    OFPAT11_SET_TP_DST = 10,
    OFPAT11_COPY_TTL_OUT = 11,
    OFPAT11_COPY_TTL_IN = 12,
    OFPAT11_SET_MPLS_LABEL = 13,
    OFPAT11_SET_MPLS_TC = 14,
    OFPAT11_SET_MPLS_TTL = 15,
    OFPAT11_DEC_MPLS_TTL = 16,
    OFPAT11_PUSH_VLAN = 17,
    OFPAT11_POP_VLAN = 18,
    OFPAT11_PUSH_MPLS = 19,
    OFPAT11_POP_MPLS = 20,
    OFPAT11_SET_QUEUE = 21,
    OFPAT11_GROUP = 22,
    OFPAT11_SET_NW_TTL = 23,
    OFPAT11_DEC_NW_TTL = 24,
    OFPAT12_SET_FIELD = 25,
    OFPAT13_PUSH_PBB = 26,
    OFPAT13_POP_PBB = 27,
    OFPAT15_COPY_FIELD = 28,
    OFPAT15_METER = 29,
};
#define OFPAT_VENDOR 0xffff     /* OFPAT_EXPERIMENTER in 1.1+. */

/* Instruction types. */
enum {
    OFPIT_GOTO_TABLE = 1,
    OFPIT_WRITE_METADATA = 2,
    OFPIT_WRITE_ACTIONS = 3,
    OFPIT_APPLY_ACTIONS = 4,
    OFPIT_CLEAR_ACTIONS = 5,
    OFPIT_METER = 6,
    OFPIT_EXPERIMENTER = 0xffff,
};

/* Nicira extension action subtypes. */
#define NX_VENDOR_ID 0x00002320
enum {
    NXAST_RESUBMIT = 1,
    NXAST_SET_TUNNEL = 2,
    NXAST_SET_QUEUE = 4,
    NXAST_POP_QUEUE = 5,
    NXAST_REG_MOVE = 6,
    NXAST_REG_LOAD = 7,
    NXAST_NOTE = 8,
    NXAST_SET_TUNNEL64 = 9,
    NXAST_RESUBMIT_TABLE = 14,
    NXAST_DEC_TTL = 18,
    NXAST_CONTROLLER = 20,
    NXAST_DEC_TTL_CNT_IDS = 21,
    NXAST_WRITE_METADATA = 22,
    NXAST_PUSH_MPLS = 23,
    NXAST_POP_MPLS = 24,
    NXAST_SET_MPLS_TTL = 25,
    NXAST_DEC_MPLS_TTL = 26,
    NXAST_SET_MPLS_LABEL = 30,
    NXAST_SET_MPLS_TC = 31,
    NXAST_REG_LOAD2 = 33,
    NXAST_GROUP = 40,
    NXAST_CONTROLLER2 = 37,
};

/* NXAST_CONTROLLER2 property types. */
enum {
    NXAC2PT_MAX_LEN = 0,
    NXAC2PT_CONTROLLER_ID = 1,
    NXAC2PT_REASON = 2,
    NXAC2PT_USERDATA = 3,
    NXAC2PT_PAUSE = 4,
    NXAC2PT_METER_ID = 5,
};

struct ofp10_action_output {
    ovs_be16 type, len;
    ovs_be16 port;
    ovs_be16 max_len;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofp10_action_output) == 8);

/* SET_VLAN_VID, SET_TP_SRC/DST (16-bit argument). */
struct ofa_action_u16 {
    ovs_be16 type, len;
    ovs_be16 value;
    uint8_t pad[2];
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofa_action_u16) == 8);

/* SET_VLAN_PCP, SET_NW_TOS, SET_NW_ECN, SET_NW_TTL (8-bit argument). */
struct ofa_action_u8 {
    ovs_be16 type, len;
    uint8_t value;
    uint8_t pad[3];
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofa_action_u8) == 8);

/* SET_NW_SRC/DST, SET_QUEUE, GROUP, METER (32-bit argument). */
struct ofa_action_u32 {
    ovs_be16 type, len;
    ovs_be32 value;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofa_action_u32) == 8);

/* STRIP_VLAN, POP_VLAN, COPY_TTL_*, DEC_NW_TTL (no argument). */
struct ofa_action_empty {
    ovs_be16 type, len;
    uint8_t pad[4];
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofa_action_empty) == 8);

struct ofa_action_dl_addr {
    ovs_be16 type, len;
    struct eth_addr addr;
    uint8_t pad[6];
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofa_action_dl_addr) == 16);

struct ofp10_action_enqueue {
    ovs_be16 type, len;
    ovs_be16 port;
    uint8_t pad[6];
    ovs_be32 queue_id;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofp10_action_enqueue) == 16);

struct ofp11_action_output {
    ovs_be16 type, len;
    ovs_be32 port;
    ovs_be16 max_len;
    uint8_t pad[6];
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofp11_action_output) == 16);

struct ofp11_action_push {
    ovs_be16 type, len;
    ovs_be16 ethertype;
    uint8_t pad[2];
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofp11_action_push) == 8);

/* OFPAT12_SET_FIELD: header, then one OXM TLV, then zeros to 8. */
struct ofp12_action_set_field {
    ovs_be16 type, len;
} OFA_PACKED;

struct ofp15_action_copy_field {
    ovs_be16 type, len;
    ovs_be16 n_bits;
    ovs_be16 src_offset;
    ovs_be16 dst_offset;
    uint8_t pad[2];
    /* Then the source and destination OXM headers, padded to 8. */
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofp15_action_copy_field) == 12);

struct ofa_vendor_header {
    ovs_be16 type, len;
    ovs_be32 vendor;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofa_vendor_header) == 8);

struct nx_action_header {
    ovs_be16 type, len;
    ovs_be32 vendor;
    ovs_be16 subtype;
    uint8_t pad[6];
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct nx_action_header) == 16);

struct nx_action_resubmit {
    ovs_be16 type, len;
    ovs_be32 vendor;
    ovs_be16 subtype;
    ovs_be16 in_port;
    uint8_t table;              /* RESUBMIT_TABLE only; else pad. */
    uint8_t pad[3];
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct nx_action_resubmit) == 16);

/* SET_TUNNEL, SET_QUEUE. */
struct nx_action_u32 {
    ovs_be16 type, len;
    ovs_be32 vendor;
    ovs_be16 subtype;
    uint8_t pad[2];
    ovs_be32 value;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct nx_action_u32) == 16);

/* NXAST_PUSH_MPLS, NXAST_POP_MPLS. */
struct nx_action_ethertype {
    ovs_be16 type, len;
    ovs_be32 vendor;
    ovs_be16 subtype;
    ovs_be16 ethertype;
    uint8_t pad[4];
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct nx_action_ethertype) == 16);

/* NXAST_SET_MPLS_TTL, NXAST_SET_MPLS_TC. */
struct nx_action_u8 {
    ovs_be16 type, len;
    ovs_be32 vendor;
    ovs_be16 subtype;
    uint8_t value;
    uint8_t pad[5];
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct nx_action_u8) == 16);

struct nx_action_set_tunnel64 {
    ovs_be16 type, len;
    ovs_be32 vendor;
    ovs_be16 subtype;
    uint8_t pad[6];
    ovs_be64 tun_id;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct nx_action_set_tunnel64) == 24);

struct nx_action_reg_move {
    ovs_be16 type, len;
    ovs_be32 vendor;
    ovs_be16 subtype;
    ovs_be16 n_bits;
    ovs_be16 src_ofs;
    ovs_be16 dst_ofs;
    ovs_be32 src;
    ovs_be32 dst;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct nx_action_reg_move) == 24);

struct nx_action_reg_load {
    ovs_be16 type, len;
    ovs_be32 vendor;
    ovs_be16 subtype;
    ovs_be16 ofs_nbits;         /* ofs << 6 | (n_bits - 1). */
    ovs_be32 dst;
    ovs_be64 value;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct nx_action_reg_load) == 24);

/* NOTE, REG_LOAD2, CONTROLLER2: a 10-byte header, then the payload. */
#define NX_ACTION_HEADER_LEN 10

struct nx_action_controller {
    ovs_be16 type, len;
    ovs_be32 vendor;
    ovs_be16 subtype;
    ovs_be16 max_len;
    ovs_be16 controller_id;
    uint8_t reason;
    uint8_t pad;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct nx_action_controller) == 16);

struct nx_action_cnt_ids {
    ovs_be16 type, len;
    ovs_be32 vendor;
    ovs_be16 subtype;
    ovs_be16 n_controllers;
    uint8_t zeros[4];
    /* Then 'n_controllers' ovs_be16 ids, padded to 8. */
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct nx_action_cnt_ids) == 16);

struct nx_action_write_metadata {
    ovs_be16 type, len;
    ovs_be32 vendor;
    ovs_be16 subtype;
    uint8_t zeros[6];
    ovs_be64 metadata;
    ovs_be64 mask;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct nx_action_write_metadata) == 32);

struct nx_prop_header {
    ovs_be16 type, len;
} OFA_PACKED;

struct ofp11_instruction {
    ovs_be16 type, len;
    uint8_t pad[4];
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofp11_instruction) == 8);

struct ofp11_instruction_goto_table {
    ovs_be16 type, len;
    uint8_t table_id;
    uint8_t pad[3];
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofp11_instruction_goto_table) == 8);

struct ofp11_instruction_write_metadata {
    ovs_be16 type, len;
    uint8_t pad[4];
    ovs_be64 metadata;
    ovs_be64 metadata_mask;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofp11_instruction_write_metadata) == 24);

struct ofp13_instruction_meter {
    ovs_be16 type, len;
    ovs_be32 meter_id;
} OFA_PACKED;
BUILD_ASSERT(sizeof(struct ofp13_instruction_meter) == 8);

/* Packet-in reasons, for controller(reason=...). */
#define OFA_R_NO_MATCH 0
#define OFA_R_ACTION 1

/* 'raw' values of OFPACT_STRIP_VLAN. */
#define RAW_STRIP_VLAN 0
#define RAW_POP_VLAN 1
/* 'raw' values of a MOD set_field of tun_id. */
#define RAW_SET_TUNNEL 0
#define RAW_SET_TUNNEL64 1
/* 'raw' bit of a MOD set_field of dl_vlan or dl_vlan_pcp decoded from
 * OpenFlow 1.1's set_vlan_vid/set_vlan_pcp (printed so). */
#define RAW_VLAN11 1
/* 'raw' bit that ofpacts_check() sets on mod_vlan_vid/mod_vlan_pcp when
 * the packet is known to carry a VLAN tag there, so OpenFlow 1.2+
 * encoding needs no push_vlan before the set_field. */
#define RAW_FLOW_HAS_VLAN 0x80

/* ---- Building ofpacts. ---- */

/* Pads 'ofpacts' after a fixed-size ofpact. */
static void
ofpact_pad(struct ofpbuf *ofpacts)
{
    size_t rem = ofpacts->size % OFPACT_ALIGNTO;
    if (rem) {
        ofpbuf_put_zeros(ofpacts, OFPACT_ALIGNTO - rem);
    }
}

/* Appends a zeroed ofpact of 'type' and 'len' bytes to 'ofpacts' and
 * returns it. */
struct ofpact *
ofpact_put(struct ofpbuf *ofpacts, enum ofpact_type type, size_t len)
{
    struct ofpact *a;

    ofpact_pad(ofpacts);
    ofpbuf_prealloc_tailroom(ofpacts, OFPACT_ALIGN(len));
    a = ofpbuf_put_zeros(ofpacts, len);
    a->type = type;
    a->raw = 0;
    a->len = len;
    ofpacts->header = a;
    return a;
}

/* Fixes the length of the variable-length ofpact 'a', the last one put
 * in 'ofpacts', to cover what was appended after it, and pads to
 * OFPACT_ALIGNTO.  'a' may be stale if the buffer moved: the buffer's
 * 'header' marker, which follows reallocations, is used instead. */
void
ofpact_finish(struct ofpbuf *ofpacts, struct ofpact *a)
{
    if (ofpacts->header) {
        a = ofpacts->header;
    }
    size_t len = (uint8_t *) ofpbuf_tail(ofpacts) - (uint8_t *) a;
    a->len = len;
    ofpbuf_put_zeros(ofpacts, OFPACT_ALIGN(len) - len);
}

static struct ofpact *
put_fixed(struct ofpbuf *ofpacts, enum ofpact_type type, size_t len)
{
    ofpact_put(ofpacts, type, len);
    ofpact_pad(ofpacts);
    return ofpacts->header;
}

static struct ofpact_set_field *
put_set_field(struct ofpbuf *ofpacts, enum mf_field_id id,
              enum ofpact_set_field_flavor flavor)
{
    struct ofpact_set_field *sf
        = (struct ofpact_set_field *) put_fixed(ofpacts, OFPACT_SET_FIELD,
                                                sizeof *sf);
    sf->field = mf_from_id(id);
    sf->flavor = flavor;
    memset(&sf->mask, 0xff, sizeof sf->mask);
    return sf;
}

/* ---- Bit strings (big-endian byte strings of 'n' bytes, bit 0 the
 * least significant). ---- */

static bool
bit_get(const uint8_t *p, unsigned int n, unsigned int i)
{
    return (p[n - 1 - i / 8] >> (i % 8)) & 1;
}

static void
bit_put(uint8_t *p, unsigned int n, unsigned int i, bool v)
{
    uint8_t *byte = &p[n - 1 - i / 8];
    if (v) {
        *byte |= 1u << (i % 8);
    } else {
        *byte &= ~(1u << (i % 8));
    }
}

/* Finds in 'mask' (of 'field''s width) one run of 1-bits: '*ofs' and
 * '*n_bits'.  False if 'mask' is zero or not one contiguous run. */
static bool
mask_to_subfield(const struct mf_field *field, const union mf_value *mask,
                 unsigned int *ofs, unsigned int *n_bits)
{
    unsigned int n = field->n_bytes;
    int lo = -1, hi = -1;

    for (unsigned int i = 0; i < n * 8; i++) {
        if (bit_get(mask->bytes, n, i)) {
            if (lo < 0) {
                lo = i;
            } else if (hi != (int) i - 1) {
                return false;
            }
            hi = i;
        }
    }
    if (lo < 0) {
        return false;
    }
    *ofs = lo;
    *n_bits = hi - lo + 1;
    return true;
}

static bool
mask_is_full(const struct mf_field *field, const union mf_value *mask)
{
    unsigned int n = field->n_bytes;
    for (unsigned int i = 0; i < field->n_bits; i++) {
        if (!bit_get(mask->bytes, n, i)) {
            return false;
        }
    }
    return true;
}

/* Bits [ofs, ofs + n_bits) of 'v' as an integer (n_bits <= 64). */
static uint64_t
bits_extract(const union mf_value *v, unsigned int n_bytes,
             unsigned int ofs, unsigned int n_bits)
{
    uint64_t x = 0;
    for (int i = n_bits - 1; i >= 0; i--) {
        x = (x << 1) | bit_get(v->bytes, n_bytes, ofs + i);
    }
    return x;
}

static void
bits_insert(union mf_value *v, unsigned int n_bytes, unsigned int ofs,
            unsigned int n_bits, uint64_t x)
{
    for (unsigned int i = 0; i < n_bits; i++) {
        bit_put(v->bytes, n_bytes, ofs + i, (x >> i) & 1);
    }
}

static void
subfield_mask(union mf_value *mask, unsigned int n_bytes, unsigned int ofs,
              unsigned int n_bits)
{
    memset(mask, 0, sizeof *mask);
    for (unsigned int i = 0; i < n_bits; i++) {
        bit_put(mask->bytes, n_bytes, ofs + i, true);
    }
}

/* ---- Ports. ---- */

static bool
port_is_valid_output(uint16_t port)
{
    switch (port) {
    case OFPP_IN_PORT:
    case OFPP_TABLE:
    case OFPP_NORMAL:
    case OFPP_FLOOD:
    case OFPP_ALL:
    case OFPP_CONTROLLER:
    case OFPP_LOCAL:
        return true;
    default:
        return port != 0 && port < OFPP_MAX;
    }
}

static enum ofperr
port_from_ofp11(ovs_be32 port32, uint16_t *port)
{
    uint32_t p = ntohl(port32);
    if (p >= 0xfffffff8) {
        *port = p - 0xffff0000;
    } else if (p < OFPP_MAX) {
        *port = p;
    } else {
        return OFPERR_OFPBAC_BAD_OUT_PORT;
    }
    return 0;
}

static ovs_be32
port_to_ofp11(uint16_t port)
{
    return htonl(port >= OFPP_MAX ? port + 0xffff0000 : port);
}

static const struct {
    uint16_t port;
    const char *name;
} reserved_ports[] = {
    { OFPP_IN_PORT, "IN_PORT" },
    { OFPP_TABLE, "TABLE" },
    { OFPP_NORMAL, "NORMAL" },
    { OFPP_FLOOD, "FLOOD" },
    { OFPP_ALL, "ALL" },
    { OFPP_CONTROLLER, "CONTROLLER" },
    { OFPP_LOCAL, "LOCAL" },
    { OFPP_NONE, "ANY" },
    { OFPP_NONE, "NONE" },
};

static const char *
reserved_port_name(uint16_t port)
{
    for (size_t i = 0; i < ARRAY_SIZE(reserved_ports); i++) {
        if (reserved_ports[i].port == port) {
            return reserved_ports[i].name;
        }
    }
    return NULL;
}

/* Parses a number: decimal, or hexadecimal after "0x".  False unless the
 * whole of 's' is a number no greater than 'max'. */
static bool
parse_uint(const char *s, uint64_t max, uint64_t *valuep)
{
    unsigned long long int v;
    char *end;

    if (!*s || *s == '-' || *s == '+' || *s == ' ') {
        return false;
    }
    errno = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (!s[2]) {
            return false;
        }
        v = strtoull(s + 2, &end, 16);
    } else {
        v = strtoull(s, &end, 10);
    }
    if (errno || *end || v > max) {
        return false;
    }
    *valuep = v;
    return true;
}

static bool
parse_port(const char *s, uint32_t (*port_by_name)(const char *, void *),
           void *aux, uint16_t *portp)
{
    uint64_t v;

    if (parse_uint(s, UINT32_MAX, &v)) {
        if (v <= UINT16_MAX) {
            *portp = v;
            return true;
        } else if (v >= 0xfffffff8) {
            *portp = v - 0xffff0000;
            return true;
        }
        return false;
    }
    for (size_t i = 0; i < ARRAY_SIZE(reserved_ports); i++) {
        if (!strcasecmp(s, reserved_ports[i].name)) {
            *portp = reserved_ports[i].port;
            return true;
        }
    }
    if (port_by_name) {
        uint32_t p = port_by_name(s, aux);
        if (p < OFPP_NONE) {
            *portp = p;
            return true;
        }
    }
    return false;
}

static void
format_port(uint16_t port, const char *(*port_name)(uint32_t, void *),
            void *aux, struct ds *s)
{
    const char *name = reserved_port_name(port);
    if (!name && port_name) {
        name = port_name(port, aux);
    }
    if (name) {
        ds_put_cstr(s, name);
    } else {
        ds_put_format(s, "%"PRIu16, port);
    }
}

/* ---- Field TLVs (OXM and NXM headers). ---- */

#define NXM_HEADER_LEN(H) ((H) & 0xff)
#define NXM_HASMASK(H) (((H) >> 8) & 1)
#define NXM_CLASS(H) ((H) >> 16)

/* The header to write for 'field' in 'version': its OXM header where
 * that version has one, else its NXM header (Open vSwitch carries
 * NXM-only fields in set_field that way too).  0 if it has neither. */
static uint32_t
field_header(const struct mf_field *field, uint8_t version)
{
    if (version >= OFA_V12 && field->oxm_header
        && (!field->oxm_version || field->oxm_version <= version)) {
        return field->oxm_header;
    }
    return field->nxm_header ? field->nxm_header : field->oxm_header;
}

static uint32_t
header_masked(uint32_t header)
{
    return (header & 0xfffffe00) | 0x100 | (2 * NXM_HEADER_LEN(header));
}

/* Appends a TLV for 'field' = 'value' ('mask' unless NULL). */
static void
put_tlv(struct ofpbuf *b, const struct mf_field *field, uint8_t version,
        const union mf_value *value, const union mf_value *mask)
{
    uint32_t header = field_header(field, version);
    if (mask) {
        header = header_masked(header);
    }
    ovs_be32 h = htonl(header);
    ofpbuf_put(b, &h, 4);
    ofpbuf_put(b, value->bytes, field->n_bytes);
    if (mask) {
        ofpbuf_put(b, mask->bytes, field->n_bytes);
    }
}

/* Reads a TLV from the 'n' bytes at 'p' into 'fieldp', 'value', 'mask'
 * (all-ones without a mask) and stores its size in '*tlv_len'.  A mask
 * is refused unless 'masks_ok'.  Errors are set_field's. */
static enum ofperr
pull_tlv(const uint8_t *p, size_t n, bool masks_ok,
         const struct mf_field **fieldp, union mf_value *value,
         union mf_value *mask, size_t *tlv_len)
{
    const struct mf_field *field;
    uint32_t header;

    if (n < 4) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    memcpy(&header, p, 4);
    header = ntohl(header);
    if (NXM_CLASS(header) == 0xffff) {
        /* Experimenter OXMs name no writable field. */
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    field = mf_from_nxm_header(header);
    if (!field) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    if (NXM_HASMASK(header) && !masks_ok) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    size_t width = field->n_bytes * (NXM_HASMASK(header) ? 2 : 1);
    if (NXM_HEADER_LEN(header) != width || 4 + width > n) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    memset(value, 0, sizeof *value);
    memcpy(value->bytes, p + 4, field->n_bytes);
    if (NXM_HASMASK(header)) {
        memset(mask, 0, sizeof *mask);
        memcpy(mask->bytes, p + 4 + field->n_bytes, field->n_bytes);
        if (!mf_is_mask_valid(field, mask)
            || is_all_zeros(mask->bytes, field->n_bytes)) {
            return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
        }
        for (unsigned int i = 0; i < field->n_bytes; i++) {
            if (value->bytes[i] & ~mask->bytes[i]) {
                return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
            }
        }
    } else {
        memset(mask, 0, sizeof *mask);
        memset(mask->bytes, 0xff, field->n_bytes);
    }
    if (!mf_is_value_valid(field, value)) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    *fieldp = field;
    *tlv_len = 4 + width;
    return 0;
}

/* Looks up the field of a 32-bit NXM/OXM header without payload (move,
 * load): NULL unless it is exact and its length is the field's. */
static const struct mf_field *
field_from_header(ovs_be32 h)
{
    uint32_t header = ntohl(h);
    const struct mf_field *field = mf_from_nxm_header(header);
    if (!field || NXM_HASMASK(header)
        || NXM_HEADER_LEN(header) != field->n_bytes) {
        return NULL;
    }
    return field;
}

/* ---- Decoding. ---- */

static enum ofperr decode_actions(const uint8_t *p, size_t len,
                                  uint8_t version, struct ofpbuf *out);

static void
put_output(struct ofpbuf *out, uint16_t port, uint16_t max_len)
{
    if (port == OFPP_CONTROLLER) {
        struct ofpact_controller *c = (struct ofpact_controller *)
            put_fixed(out, OFPACT_CONTROLLER, sizeof *c);
        c->max_len = max_len;
        c->reason = OFA_R_ACTION;
    } else {
        struct ofpact_output *o = (struct ofpact_output *)
            put_fixed(out, OFPACT_OUTPUT, sizeof *o);
        o->port = port;
        o->max_len = max_len;
    }
}

static enum ofperr
decode_output(uint16_t port, uint16_t max_len, struct ofpbuf *out)
{
    if (!port_is_valid_output(port)) {
        VLOG_WARN_RL(&rl, "output to invalid port %"PRIu16, port);
        return OFPERR_OFPBAC_BAD_OUT_PORT;
    }
    put_output(out, port, max_len);
    return 0;
}

static void
put_mod_u8(struct ofpbuf *out, enum mf_field_id id, uint8_t v)
{
    put_set_field(out, id, OFPACT_SF_MOD)->value.u8 = v;
}

static void
put_mod_be16(struct ofpbuf *out, enum mf_field_id id, ovs_be16 v)
{
    put_set_field(out, id, OFPACT_SF_MOD)->value.be16 = v;
}

static void
put_mod_be32(struct ofpbuf *out, enum mf_field_id id, ovs_be32 v)
{
    put_set_field(out, id, OFPACT_SF_MOD)->value.be32 = v;
}

static void
put_mod_mac(struct ofpbuf *out, enum mf_field_id id, struct eth_addr mac)
{
    put_set_field(out, id, OFPACT_SF_MOD)->value.mac = mac;
}

static void
put_u32_ofpact(struct ofpbuf *out, enum ofpact_type type, uint32_t v)
{
    /* SET_QUEUE, GROUP and METER all keep one uint32_t after the
     * header. */
    BUILD_ASSERT(offsetof(struct ofpact_queue, queue_id)
                 == offsetof(struct ofpact_group, group_id));
    BUILD_ASSERT(offsetof(struct ofpact_queue, queue_id)
                 == offsetof(struct ofpact_meter, meter_id));
    struct ofpact_queue *q = (struct ofpact_queue *)
        put_fixed(out, type, sizeof *q);
    q->queue_id = v;
}

static void
put_dec_ttl(struct ofpbuf *out, const uint16_t *ids, size_t n)
{
    ofpact_put(out, OFPACT_DEC_TTL, sizeof(struct ofpact_dec_ttl));
    struct ofpact_dec_ttl *d = out->header;
    d->n_controller_ids = n;
    if (n) {
        ofpbuf_put(out, ids, n * sizeof *ids);
    }
    ofpact_finish(out, out->header);
}

static enum ofperr
put_ethertype_ofpact(struct ofpbuf *out, enum ofpact_type type,
                     ovs_be16 ethertype)
{
    if (type == OFPACT_PUSH_MPLS && !eth_type_mpls(ethertype)) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    struct ofpact_ethertype *e = (struct ofpact_ethertype *)
        put_fixed(out, type, sizeof *e);
    e->ethertype = ethertype;
    return 0;
}

static void
put_mpls_ttl(struct ofpbuf *out, uint8_t ttl)
{
    ((struct ofpact_ip_ttl *) put_fixed(out, OFPACT_SET_MPLS_TTL,
                                        sizeof(struct ofpact_ip_ttl)))->ttl
        = ttl;
}

/* set_mpls_label/set_mpls_tc, which become MOD-flavored set_fields. */
static enum ofperr
put_mpls_mod(struct ofpbuf *out, enum mf_field_id id, uint32_t value)
{
    struct ofpact_set_field *sf;

    if (id == MFF_MPLS_LABEL ? value > 0xfffff : value > 7) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    sf = put_set_field(out, id, OFPACT_SF_MOD);
    if (id == MFF_MPLS_LABEL) {
        sf->value.be32 = htonl(value);
    } else {
        sf->value.u8 = value;
    }
    return 0;
}

/* Meter 0 does not exist; ids above OFPM_MAX (0xffff0000) are the
 * reserved slowpath/controller/all meters, not usable in a flow. */
static bool
meter_id_is_valid(uint32_t id)
{
    return id && id <= 0xffff0000;
}

static enum ofperr
check_len(size_t len, size_t want)
{
    return len == want ? 0 : OFPERR_OFPBAC_BAD_LEN;
}

/* Legacy "set a header field" actions common to OpenFlow 1.0 and 1.1
 * ('type' is normalized to OpenFlow 1.0's numbering, with ECN as -1). */
static enum ofperr
decode_legacy_set(int type, const uint8_t *a, size_t len,
                  struct ofpbuf *out)
{
    const struct ofa_action_u16 *a16 = (const void *) a;
    const struct ofa_action_u8 *a8 = (const void *) a;
    const struct ofa_action_u32 *a32 = (const void *) a;
    const struct ofa_action_dl_addr *mac = (const void *) a;
    size_t want = (type == OFPAT10_SET_DL_SRC || type == OFPAT10_SET_DL_DST
                   ? 16 : 8);
    enum ofperr error = check_len(len, want);

    if (error) {
        return error;
    }
    switch (type) {
    case OFPAT10_SET_VLAN_VID:
        if (ntohs(a16->value) & ~0xfff) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        put_mod_be16(out, MFF_DL_VLAN, a16->value);
        return 0;
    case OFPAT10_SET_VLAN_PCP:
        if (a8->value & ~7) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        put_mod_u8(out, MFF_DL_VLAN_PCP, a8->value);
        return 0;
    case OFPAT10_SET_DL_SRC:
    case OFPAT10_SET_DL_DST:
        put_mod_mac(out, type == OFPAT10_SET_DL_SRC ? MFF_ETH_SRC
                    : MFF_ETH_DST, mac->addr);
        return 0;
    case OFPAT10_SET_NW_SRC:
    case OFPAT10_SET_NW_DST:
        put_mod_be32(out, type == OFPAT10_SET_NW_SRC ? MFF_IPV4_SRC
                     : MFF_IPV4_DST, a32->value);
        return 0;
    case OFPAT10_SET_NW_TOS:
        if (a8->value & 3) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        put_mod_u8(out, MFF_IP_DSCP_SHIFTED, a8->value);
        return 0;
    case -1:
        if (a8->value & ~3) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        put_mod_u8(out, MFF_IP_ECN, a8->value);
        return 0;
    case OFPAT10_SET_TP_SRC:
    case OFPAT10_SET_TP_DST:
        put_mod_be16(out, type == OFPAT10_SET_TP_SRC ? MFF_TCP_SRC
                     : MFF_TCP_DST, a16->value);
        return 0;
    default:
        return OFPERR_OFPBAC_BAD_TYPE;
    }
}

static enum ofperr
decode_reg_load(const struct nx_action_reg_load *nrl, struct ofpbuf *out)
{
    const struct mf_field *field = field_from_header(nrl->dst);
    unsigned int ofs = ntohs(nrl->ofs_nbits) >> 6;
    unsigned int n_bits = (ntohs(nrl->ofs_nbits) & 63) + 1;
    uint64_t value = ntohll(nrl->value);

    if (!field || !field->writable) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    if (ofs + n_bits > field->n_bits
        || (n_bits < 64 && value >> n_bits)) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    struct ofpact_set_field *sf = put_set_field(out, field->id,
                                                OFPACT_SF_LOAD);
    memset(&sf->value, 0, sizeof sf->value);
    bits_insert(&sf->value, field->n_bytes, ofs, n_bits, value);
    subfield_mask(&sf->mask, field->n_bytes, ofs, n_bits);
    return 0;
}

static enum ofperr
put_reg_move(const struct mf_field *src, const struct mf_field *dst,
             unsigned int n_bits, unsigned int src_ofs, unsigned int dst_ofs,
             struct ofpbuf *out)
{
    if (!src || !dst) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    if (!dst->writable) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    if (!n_bits || src_ofs + n_bits > src->n_bits
        || dst_ofs + n_bits > dst->n_bits) {
        return OFPERR_OFPBAC_BAD_ARGUMENT;
    }
    struct ofpact_reg_move *m = (struct ofpact_reg_move *)
        put_fixed(out, OFPACT_REG_MOVE, sizeof *m);
    m->src.field = src;
    m->src.ofs = src_ofs;
    m->src.n_bits = n_bits;
    m->dst.field = dst;
    m->dst.ofs = dst_ofs;
    m->dst.n_bits = n_bits;
    return 0;
}

/* A set_field TLV at 'p' ('n' bytes, then zero padding to the end), as
 * OFPAT12_SET_FIELD and NXAST_REG_LOAD2 carry it. */
static enum ofperr
decode_set_field_tlv(const uint8_t *p, size_t n, bool masks_ok,
                     struct ofpbuf *out)
{
    const struct mf_field *field;
    union mf_value value, mask;
    size_t tlv_len;
    enum ofperr error;

    error = pull_tlv(p, n, masks_ok, &field, &value, &mask, &tlv_len);
    if (error) {
        return error;
    }
    if (!field->writable) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    if (field->id == MFF_VLAN_VID && mask_is_full(field, &mask)
        && !(value.be16 & htons(0x1000))) {
        /* Setting "no VLAN" is pop_vlan's job (Open vSwitch agrees). */
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    if (n - tlv_len >= 8) {
        return OFPERR_OFPBAC_BAD_SET_LEN;
    }
    if (!is_all_zeros(p + tlv_len, n - tlv_len)) {
        return OFPERR_OFPBAC_BAD_SET_ARGUMENT;
    }
    struct ofpact_set_field *sf = put_set_field(out, field->id,
                                                OFPACT_SF_SET_FIELD);
    sf->value = value;
    sf->mask = mask;
    return 0;
}

static enum ofperr
decode_controller2(const uint8_t *a, size_t len, struct ofpbuf *out)
{
    uint16_t max_len = UINT16_MAX, id = 0;
    uint8_t reason = OFA_R_ACTION;
    size_t ofs = sizeof(struct nx_action_header);

    while (ofs < len) {
        struct nx_prop_header ph;
        if (len - ofs < sizeof ph) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        memcpy(&ph, a + ofs, sizeof ph);
        size_t plen = ntohs(ph.len);
        if (plen < sizeof ph || ROUND_UP(plen, 8) > len - ofs) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        const uint8_t *body = a + ofs + sizeof ph;
        size_t blen = plen - sizeof ph;
        switch (ntohs(ph.type)) {
        case NXAC2PT_MAX_LEN:
        case NXAC2PT_CONTROLLER_ID:
            /* Open vSwitch pads 16-bit values to 4 bytes. */
            if (blen != 2 && blen != 4) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            if (ntohs(ph.type) == NXAC2PT_MAX_LEN) {
                max_len = (body[0] << 8) | body[1];
            } else {
                id = (body[0] << 8) | body[1];
            }
            break;
        case NXAC2PT_REASON:
            if (blen != 1 && blen != 4) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            reason = body[0];
            break;
        case NXAC2PT_METER_ID:
            /* The controller's slow-path meter: not supported, and
             * harmless to ignore. */
            break;
        case NXAC2PT_USERDATA:
        case NXAC2PT_PAUSE:
            return OFPERR_OFPBPC_BAD_VALUE;
        default:
            return OFPERR_OFPBPC_BAD_TYPE;
        }
        ofs += ROUND_UP(plen, 8);
    }

    struct ofpact_controller *c = (struct ofpact_controller *)
        put_fixed(out, OFPACT_CONTROLLER, sizeof *c);
    c->max_len = max_len;
    c->controller_id = id;
    c->reason = reason;
    return 0;
}

static enum ofperr
decode_nx(const uint8_t *a, size_t len, struct ofpbuf *out)
{
    const struct nx_action_header *nah = (const void *) a;
    enum ofperr error = 0;

    if (len < sizeof(struct ofa_vendor_header)) {
        return OFPERR_OFPBAC_BAD_LEN;
    }
    if (ntohl(nah->vendor) != NX_VENDOR_ID) {
        VLOG_WARN_RL(&rl, "unknown vendor %#"PRIx32" in action",
                     ntohl(nah->vendor));
        return OFPERR_OFPBAC_BAD_VENDOR;
    }
    if (len < sizeof *nah) {
        return OFPERR_OFPBAC_BAD_LEN;
    }

    switch (ntohs(nah->subtype)) {
    case NXAST_RESUBMIT:
    case NXAST_RESUBMIT_TABLE: {
        const struct nx_action_resubmit *r = (const void *) a;
        bool table = ntohs(nah->subtype) == NXAST_RESUBMIT_TABLE;
        error = check_len(len, sizeof *r);
        if (!error && table && !is_all_zeros(r->pad, sizeof r->pad)) {
            error = OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        if (!error) {
            struct ofpact_resubmit *rs = (struct ofpact_resubmit *)
                put_fixed(out, OFPACT_RESUBMIT, sizeof *rs);
            rs->in_port = ntohs(r->in_port);
            rs->table_id = table ? r->table : 255;
        }
        break;
    }

    case NXAST_SET_TUNNEL: {
        const struct nx_action_u32 *t = (const void *) a;
        error = check_len(len, sizeof *t);
        if (!error) {
            struct ofpact_set_field *sf = put_set_field(out, MFF_TUN_ID,
                                                        OFPACT_SF_MOD);
            sf->value.be64 = htonll(ntohl(t->value));
            sf->ofpact.raw = RAW_SET_TUNNEL;
        }
        break;
    }

    case NXAST_SET_TUNNEL64: {
        const struct nx_action_set_tunnel64 *t = (const void *) a;
        error = check_len(len, sizeof *t);
        if (!error) {
            struct ofpact_set_field *sf = put_set_field(out, MFF_TUN_ID,
                                                        OFPACT_SF_MOD);
            sf->value.be64 = t->tun_id;
            sf->ofpact.raw = RAW_SET_TUNNEL64;
        }
        break;
    }

    case NXAST_SET_QUEUE:
    case NXAST_GROUP: {
        const struct nx_action_u32 *q = (const void *) a;
        error = check_len(len, sizeof *q);
        if (!error) {
            put_u32_ofpact(out, (ntohs(nah->subtype) == NXAST_GROUP
                                 ? OFPACT_GROUP : OFPACT_SET_QUEUE),
                           ntohl(q->value));
        }
        break;
    }

    case NXAST_POP_QUEUE:
    case NXAST_DEC_TTL:
        error = check_len(len, sizeof *nah);
        if (!error) {
            if (ntohs(nah->subtype) == NXAST_POP_QUEUE) {
                put_fixed(out, OFPACT_POP_QUEUE, sizeof(struct ofpact));
            } else {
                put_dec_ttl(out, NULL, 0);
            }
        }
        break;

    case NXAST_PUSH_MPLS:
    case NXAST_POP_MPLS: {
        const struct nx_action_ethertype *e = (const void *) a;
        error = check_len(len, sizeof *e);
        if (!error) {
            error = put_ethertype_ofpact(
                out, (ntohs(nah->subtype) == NXAST_PUSH_MPLS
                      ? OFPACT_PUSH_MPLS : OFPACT_POP_MPLS), e->ethertype);
        }
        break;
    }

    case NXAST_SET_MPLS_TTL:
    case NXAST_SET_MPLS_TC: {
        const struct nx_action_u8 *u = (const void *) a;
        error = check_len(len, sizeof *u);
        if (!error) {
            if (ntohs(nah->subtype) == NXAST_SET_MPLS_TTL) {
                put_mpls_ttl(out, u->value);
            } else {
                error = put_mpls_mod(out, MFF_MPLS_TC, u->value);
            }
        }
        break;
    }

    case NXAST_SET_MPLS_LABEL: {
        const struct nx_action_u32 *u = (const void *) a;
        error = check_len(len, sizeof *u);
        if (!error) {
            error = put_mpls_mod(out, MFF_MPLS_LABEL, ntohl(u->value));
        }
        break;
    }

    case NXAST_DEC_MPLS_TTL:
        error = check_len(len, sizeof *nah);
        if (!error) {
            put_fixed(out, OFPACT_DEC_MPLS_TTL, sizeof(struct ofpact));
        }
        break;

    case NXAST_REG_MOVE: {
        const struct nx_action_reg_move *m = (const void *) a;
        error = check_len(len, sizeof *m);
        if (!error) {
            error = put_reg_move(field_from_header(m->src),
                                 field_from_header(m->dst),
                                 ntohs(m->n_bits), ntohs(m->src_ofs),
                                 ntohs(m->dst_ofs), out);
        }
        break;
    }

    case NXAST_REG_LOAD:
        error = check_len(len, sizeof(struct nx_action_reg_load));
        if (!error) {
            error = decode_reg_load((const void *) a, out);
        }
        break;

    case NXAST_REG_LOAD2:
        error = decode_set_field_tlv(a + NX_ACTION_HEADER_LEN,
                                     len - NX_ACTION_HEADER_LEN, true, out);
        break;

    case NXAST_NOTE: {
        size_t n = len - NX_ACTION_HEADER_LEN;
        ofpact_put(out, OFPACT_NOTE, sizeof(struct ofpact_note));
        ((struct ofpact_note *) out->header)->length = n;
        ofpbuf_put(out, a + NX_ACTION_HEADER_LEN, n);
        ofpact_finish(out, out->header);
        break;
    }

    case NXAST_CONTROLLER: {
        const struct nx_action_controller *nc = (const void *) a;
        error = check_len(len, sizeof *nc);
        if (!error) {
            struct ofpact_controller *c = (struct ofpact_controller *)
                put_fixed(out, OFPACT_CONTROLLER, sizeof *c);
            c->max_len = ntohs(nc->max_len);
            c->controller_id = ntohs(nc->controller_id);
            c->reason = nc->reason;
        }
        break;
    }

    case NXAST_CONTROLLER2:
        error = decode_controller2(a, len, out);
        break;

    case NXAST_DEC_TTL_CNT_IDS: {
        const struct nx_action_cnt_ids *nci = (const void *) a;
        size_t n = ntohs(nci->n_controllers);
        if (len < sizeof *nci + n * 2) {
            error = OFPERR_OFPBAC_BAD_LEN;
        } else if (!is_all_zeros(nci->zeros, sizeof nci->zeros)
                   || !is_all_zeros(a + sizeof *nci + n * 2,
                                    len - sizeof *nci - n * 2)) {
            error = OFPERR_OFPBAC_BAD_ARGUMENT;
        } else {
            uint16_t *ids = xmalloc(n * sizeof *ids + 1);
            for (size_t i = 0; i < n; i++) {
                const uint8_t *q = a + sizeof *nci + 2 * i;
                ids[i] = (q[0] << 8) | q[1];
            }
            put_dec_ttl(out, ids, n);
            free(ids);
        }
        break;
    }

    case NXAST_WRITE_METADATA: {
        const struct nx_action_write_metadata *wm = (const void *) a;
        error = check_len(len, sizeof *wm);
        if (!error && !is_all_zeros(wm->zeros, sizeof wm->zeros)) {
            error = OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        if (!error) {
            struct ofpact_metadata *md = (struct ofpact_metadata *)
                put_fixed(out, OFPACT_WRITE_METADATA, sizeof *md);
            md->metadata = wm->metadata;
            md->mask = wm->mask;
        }
        break;
    }

    default:
        VLOG_WARN_RL(&rl, "unknown Nicira action subtype %"PRIu16,
                     ntohs(nah->subtype));
        error = OFPERR_OFPBAC_BAD_VENDOR_TYPE;
        break;
    }
    return error;
}

static enum ofperr
decode_of10(const uint8_t *a, size_t len, struct ofpbuf *out)
{
    const struct ofa_header *h = (const void *) a;
    uint16_t type = ntohs(h->type);
    enum ofperr error;

    switch (type) {
    case OFPAT10_OUTPUT: {
        const struct ofp10_action_output *o = (const void *) a;
        error = check_len(len, sizeof *o);
        return error ? error : decode_output(ntohs(o->port),
                                             ntohs(o->max_len), out);
    }
    case OFPAT10_STRIP_VLAN:
        error = check_len(len, 8);
        if (!error) {
            put_fixed(out, OFPACT_STRIP_VLAN, sizeof(struct ofpact))->raw
                = RAW_STRIP_VLAN;
        }
        return error;
    case OFPAT10_SET_VLAN_VID:
    case OFPAT10_SET_VLAN_PCP:
    case OFPAT10_SET_DL_SRC:
    case OFPAT10_SET_DL_DST:
    case OFPAT10_SET_NW_SRC:
    case OFPAT10_SET_NW_DST:
    case OFPAT10_SET_NW_TOS:
    case OFPAT10_SET_TP_SRC:
    case OFPAT10_SET_TP_DST:
        return decode_legacy_set(type, a, len, out);
    case OFPAT10_ENQUEUE: {
        const struct ofp10_action_enqueue *e = (const void *) a;
        uint16_t port;
        error = check_len(len, sizeof *e);
        if (error) {
            return error;
        }
        port = ntohs(e->port);
        if ((port == 0 || port >= OFPP_MAX)
            && port != OFPP_IN_PORT && port != OFPP_LOCAL) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        struct ofpact_enqueue *eq = (struct ofpact_enqueue *)
            put_fixed(out, OFPACT_ENQUEUE, sizeof *eq);
        eq->port = port;
        eq->queue = ntohl(e->queue_id);
        return 0;
    }
    case OFPAT_VENDOR:
        return decode_nx(a, len, out);
    default:
        VLOG_WARN_RL(&rl, "unknown OpenFlow 1.0 action type %"PRIu16,
                     type);
        return OFPERR_OFPBAC_BAD_TYPE;
    }
}

/* OpenFlow 1.1's legacy set actions, renumbered to 1.0's for
 * decode_legacy_set(). */
static int
of11_legacy_to_of10(uint16_t type)
{
    switch (type) {
    case OFPAT11_SET_VLAN_VID: return OFPAT10_SET_VLAN_VID;
    case OFPAT11_SET_VLAN_PCP: return OFPAT10_SET_VLAN_PCP;
    case OFPAT11_SET_DL_SRC: return OFPAT10_SET_DL_SRC;
    case OFPAT11_SET_DL_DST: return OFPAT10_SET_DL_DST;
    case OFPAT11_SET_NW_SRC: return OFPAT10_SET_NW_SRC;
    case OFPAT11_SET_NW_DST: return OFPAT10_SET_NW_DST;
    case OFPAT11_SET_NW_TOS: return OFPAT10_SET_NW_TOS;
    case OFPAT11_SET_NW_ECN: return -1;
    case OFPAT11_SET_TP_SRC: return OFPAT10_SET_TP_SRC;
    case OFPAT11_SET_TP_DST: return OFPAT10_SET_TP_DST;
    default: return -2;
    }
}

static enum ofperr
decode_of11(const uint8_t *a, size_t len, uint8_t version,
            struct ofpbuf *out)
{
    const struct ofa_header *h = (const void *) a;
    uint16_t type = ntohs(h->type);
    enum ofperr error;

    switch (type) {
    case OFPAT11_OUTPUT: {
        const struct ofp11_action_output *o = (const void *) a;
        uint16_t port;
        error = check_len(len, sizeof *o);
        if (!error) {
            error = port_from_ofp11(o->port, &port);
        }
        return error ? error : decode_output(port, ntohs(o->max_len), out);
    }

    case OFPAT11_SET_VLAN_VID:
    case OFPAT11_SET_VLAN_PCP:
    case OFPAT11_SET_DL_SRC:
    case OFPAT11_SET_DL_DST:
    case OFPAT11_SET_NW_SRC:
    case OFPAT11_SET_NW_DST:
    case OFPAT11_SET_NW_TOS:
    case OFPAT11_SET_NW_ECN:
    case OFPAT11_SET_TP_SRC:
    case OFPAT11_SET_TP_DST:
        /* Only OpenFlow 1.1 has these, but Open vSwitch accepts them in
         * later versions too, and so do we. */
        error = decode_legacy_set(of11_legacy_to_of10(type), a, len, out);
        if (!error && (type == OFPAT11_SET_VLAN_VID
                       || type == OFPAT11_SET_VLAN_PCP)) {
            ((struct ofpact *) out->header)->raw = RAW_VLAN11;
        }
        return error;

    case OFPAT11_COPY_TTL_OUT:
    case OFPAT11_COPY_TTL_IN:
    case OFPAT11_POP_VLAN:
    case OFPAT11_DEC_NW_TTL:
        error = check_len(len, 8);
        if (error) {
            return error;
        }
        if (type == OFPAT11_DEC_NW_TTL) {
            put_dec_ttl(out, NULL, 0);
        } else if (type == OFPAT11_POP_VLAN) {
            put_fixed(out, OFPACT_STRIP_VLAN, sizeof(struct ofpact))->raw
                = RAW_POP_VLAN;
        } else {
            put_fixed(out, (type == OFPAT11_COPY_TTL_OUT
                            ? OFPACT_COPY_TTL_OUT : OFPACT_COPY_TTL_IN),
                      sizeof(struct ofpact));
        }
        return 0;

    case OFPAT11_PUSH_VLAN: {
        const struct ofp11_action_push *p = (const void *) a;
        error = check_len(len, sizeof *p);
        if (error) {
            return error;
        }
        if (p->ethertype != htons(0x8100) && p->ethertype != htons(0x88a8)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        struct ofpact_push_vlan *pv = (struct ofpact_push_vlan *)
            put_fixed(out, OFPACT_PUSH_VLAN, sizeof *pv);
        pv->ethertype = p->ethertype;
        return 0;
    }

    case OFPAT11_PUSH_MPLS:
    case OFPAT11_POP_MPLS: {
        const struct ofp11_action_push *p = (const void *) a;
        error = check_len(len, sizeof *p);
        return (error ? error
                : put_ethertype_ofpact(out, (type == OFPAT11_PUSH_MPLS
                                             ? OFPACT_PUSH_MPLS
                                             : OFPACT_POP_MPLS),
                                       p->ethertype));
    }

    case OFPAT11_SET_MPLS_TTL:
    case OFPAT11_SET_MPLS_TC: {
        const struct ofa_action_u8 *u = (const void *) a;
        error = check_len(len, sizeof *u);
        if (error) {
            return error;
        }
        if (type == OFPAT11_SET_MPLS_TTL) {
            put_mpls_ttl(out, u->value);
            return 0;
        }
        return put_mpls_mod(out, MFF_MPLS_TC, u->value);
    }

    case OFPAT11_SET_MPLS_LABEL: {
        const struct ofa_action_u32 *u = (const void *) a;
        error = check_len(len, sizeof *u);
        return error ? error : put_mpls_mod(out, MFF_MPLS_LABEL,
                                            ntohl(u->value));
    }

    case OFPAT11_DEC_MPLS_TTL:
        error = check_len(len, 8);
        if (!error) {
            put_fixed(out, OFPACT_DEC_MPLS_TTL, sizeof(struct ofpact));
        }
        return error;

    case OFPAT11_SET_QUEUE:
    case OFPAT11_GROUP:
    case OFPAT15_METER: {
        const struct ofa_action_u32 *u = (const void *) a;
        if (type == OFPAT15_METER && version < OFA_V15) {
            break;
        }
        error = check_len(len, sizeof *u);
        if (!error && type == OFPAT15_METER
            && !meter_id_is_valid(ntohl(u->value))) {
            error = OFPERR_OFPMMFC_INVALID_METER;
        }
        if (!error) {
            put_u32_ofpact(out, (type == OFPAT11_SET_QUEUE ? OFPACT_SET_QUEUE
                                 : type == OFPAT11_GROUP ? OFPACT_GROUP
                                 : OFPACT_METER), ntohl(u->value));
        }
        return error;
    }

    case OFPAT11_SET_NW_TTL: {
        const struct ofa_action_u8 *u = (const void *) a;
        error = check_len(len, sizeof *u);
        if (!error) {
            struct ofpact_ip_ttl *t = (struct ofpact_ip_ttl *)
                put_fixed(out, OFPACT_SET_IP_TTL, sizeof *t);
            t->ttl = u->value;
        }
        return error;
    }

    case OFPAT12_SET_FIELD:
        if (version < OFA_V12) {
            break;
        }
        if (len < sizeof(struct ofp12_action_set_field) + 4) {
            return OFPERR_OFPBAC_BAD_SET_LEN;
        }
        return decode_set_field_tlv(a + 4, len - 4, version >= OFA_V15, out);

    case OFPAT15_COPY_FIELD: {
        const struct ofp15_action_copy_field *cf = (const void *) a;
        ovs_be32 src, dst;
        if (version < OFA_V15) {
            break;
        }
        if (len != sizeof *cf + 12) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        memcpy(&src, a + sizeof *cf, 4);
        memcpy(&dst, a + sizeof *cf + 4, 4);
        if (!is_all_zeros(a + sizeof *cf + 8, 4)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        return put_reg_move(field_from_header(src), field_from_header(dst),
                            ntohs(cf->n_bits), ntohs(cf->src_offset),
                            ntohs(cf->dst_offset), out);
    }

    case OFPAT_VENDOR:
        return decode_nx(a, len, out);

    default:
        /* PBB actions: not supported. */
        break;
    }
    VLOG_WARN_RL(&rl, "unsupported OpenFlow action type %"PRIu16, type);
    return OFPERR_OFPBAC_BAD_TYPE;
}

/* Decodes the 'len' bytes of actions at 'p'. */
static enum ofperr
decode_actions(const uint8_t *p, size_t len, uint8_t version,
               struct ofpbuf *out)
{
    while (len > 0) {
        struct ofa_header h;
        size_t alen;
        enum ofperr error;

        if (len < sizeof h) {
            return OFPERR_OFPBAC_BAD_LEN;
        }
        memcpy(&h, p, sizeof h);
        alen = ntohs(h.len);
        if (alen < 8 || alen % 8 || alen > len) {
            VLOG_WARN_RL(&rl, "action of type %"PRIu16" has bad length "
                         "%zu (%zu bytes left)", ntohs(h.type), alen, len);
            return OFPERR_OFPBAC_BAD_LEN;
        }
        error = (version == OFA_V10 ? decode_of10(p, alen, out)
                 : decode_of11(p, alen, version, out));
        if (error) {
            return error;
        }
        p += alen;
        len -= alen;
    }
    return 0;
}

/* Pulls 'actions_len' bytes of 'version' actions from 'openflow' and
 * appends their ofpacts to 'ofpacts'.  On error 'ofpacts' is as it was
 * and 'openflow' is not pulled. */
enum ofperr
ofpacts_pull_openflow_actions(struct ofpbuf *openflow,
                              unsigned int actions_len, uint8_t version,
                              struct ofpbuf *ofpacts)
{
    size_t orig = ofpacts->size;
    enum ofperr error;

    if (actions_len % 8 || actions_len > openflow->size) {
        VLOG_WARN_RL(&rl, "actions length %u bad (%zu bytes left)",
                     actions_len, openflow->size);
        return OFPERR_OFPBRC_BAD_LEN;
    }
    error = decode_actions(openflow->data, actions_len, version, ofpacts);
    ofpacts->header = NULL;
    if (error) {
        ofpbuf_truncate(ofpacts, orig);
        return error;
    }
    ofpbuf_pull(openflow, actions_len);
    return 0;
}

/* Which instructions a list holds, as a bit per OFPIT_* type. */
static enum ofperr
decode_instructions(const uint8_t *p, size_t len, uint8_t version,
                    struct ofpbuf *out)
{
    const uint8_t *insts[7] = { NULL };
    size_t lens[7] = { 0 };
    enum ofperr error;

    while (len > 0) {
        struct ofa_header h;
        size_t ilen;
        uint16_t type;

        if (len < sizeof h) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        memcpy(&h, p, sizeof h);
        ilen = ntohs(h.len);
        type = ntohs(h.type);
        if (ilen < 8 || ilen % 8 || ilen > len) {
            VLOG_WARN_RL(&rl, "instruction of type %"PRIu16" has bad length "
                         "%zu (%zu bytes left)", type, ilen, len);
            return OFPERR_OFPBIC_BAD_LEN;
        }
        if (type == OFPIT_EXPERIMENTER) {
            return OFPERR_OFPBIC_BAD_EXPERIMENTER;
        }
        if (type < OFPIT_GOTO_TABLE || type > OFPIT_METER
            || (type == OFPIT_METER && version < OFA_V13)) {
            VLOG_WARN_RL(&rl, "unknown instruction type %"PRIu16, type);
            return OFPERR_OFPBIC_UNKNOWN_INST;
        }
        if (insts[type]) {
            return OFPERR_OFPBIC_DUP_INST;
        }
        insts[type] = p;
        lens[type] = ilen;
        p += ilen;
        len -= ilen;
    }

    if (insts[OFPIT_METER]) {
        const struct ofp13_instruction_meter *m
            = (const void *) insts[OFPIT_METER];
        if (lens[OFPIT_METER] != sizeof *m) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        if (!meter_id_is_valid(ntohl(m->meter_id))) {
            return OFPERR_OFPMMFC_INVALID_METER;
        }
        put_u32_ofpact(out, OFPACT_METER, ntohl(m->meter_id));
    }
    if (insts[OFPIT_APPLY_ACTIONS]) {
        error = decode_actions(insts[OFPIT_APPLY_ACTIONS] + 8,
                               lens[OFPIT_APPLY_ACTIONS] - 8, version, out);
        if (error) {
            return error;
        }
    }
    if (insts[OFPIT_CLEAR_ACTIONS]) {
        if (lens[OFPIT_CLEAR_ACTIONS] != 8) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        put_fixed(out, OFPACT_CLEAR_ACTIONS, sizeof(struct ofpact));
    }
    if (insts[OFPIT_WRITE_ACTIONS]) {
        struct ofpbuf nested;
        ofpbuf_init(&nested, 64);
        error = decode_actions(insts[OFPIT_WRITE_ACTIONS] + 8,
                               lens[OFPIT_WRITE_ACTIONS] - 8, version,
                               &nested);
        if (!error) {
            ofpact_put(out, OFPACT_WRITE_ACTIONS,
                       offsetof(struct ofpact_nest, actions));
            ofpbuf_put(out, nested.data, nested.size);
            ofpact_finish(out, out->header);
        }
        ofpbuf_uninit(&nested);
        if (error) {
            return error;
        }
    }
    if (insts[OFPIT_WRITE_METADATA]) {
        const struct ofp11_instruction_write_metadata *wm
            = (const void *) insts[OFPIT_WRITE_METADATA];
        if (lens[OFPIT_WRITE_METADATA] != sizeof *wm) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        struct ofpact_metadata *md = (struct ofpact_metadata *)
            put_fixed(out, OFPACT_WRITE_METADATA, sizeof *md);
        md->metadata = wm->metadata;
        md->mask = wm->metadata_mask;
    }
    if (insts[OFPIT_GOTO_TABLE]) {
        const struct ofp11_instruction_goto_table *gt
            = (const void *) insts[OFPIT_GOTO_TABLE];
        if (lens[OFPIT_GOTO_TABLE] != sizeof *gt) {
            return OFPERR_OFPBIC_BAD_LEN;
        }
        struct ofpact_goto_table *g = (struct ofpact_goto_table *)
            put_fixed(out, OFPACT_GOTO_TABLE, sizeof *g);
        g->table_id = gt->table_id;
    }
    return 0;
}

/* Pulls 'instructions_len' bytes of 'version' instructions (for OpenFlow
 * 1.0, an action list) from 'openflow' and appends their ofpacts to
 * 'ofpacts' in execution order.  On error 'ofpacts' is as it was. */
enum ofperr
ofpacts_pull_openflow_instructions(struct ofpbuf *openflow,
                                   unsigned int instructions_len,
                                   uint8_t version, struct ofpbuf *ofpacts)
{
    size_t orig = ofpacts->size;
    enum ofperr error;

    if (version == OFA_V10) {
        return ofpacts_pull_openflow_actions(openflow, instructions_len,
                                             version, ofpacts);
    }
    if (instructions_len % 8 || instructions_len > openflow->size) {
        VLOG_WARN_RL(&rl, "instructions length %u bad (%zu bytes left)",
                     instructions_len, openflow->size);
        return OFPERR_OFPBIC_BAD_LEN;
    }
    error = decode_instructions(openflow->data, instructions_len, version,
                                ofpacts);
    ofpacts->header = NULL;
    if (error) {
        ofpbuf_truncate(ofpacts, orig);
        return error;
    }
    ofpbuf_pull(openflow, instructions_len);
    return 0;
}

/* ---- Checking against a match. ---- */

static bool
flow_is_ip_any(const struct flow *flow)
{
    return flow->dl_type == htons(0x0800) || flow->dl_type == htons(0x86dd);
}

static bool
flow_has_vlan(const struct flow *flow)
{
    return (flow->vlans[0].tci & htons(0x1000)) != 0;
}

/* The field of a MOD-flavored tp_src/tp_dst for the L4 protocol of
 * 'flow', or MFF_N_IDS if it has none with ports. */
static enum mf_field_id
l4_port_field(const struct flow *flow, bool src)
{
    if (!flow_is_ip_any(flow) || flow->nw_frag & FLOW_NW_FRAG_LATER) {
        return MFF_N_IDS;
    }
    switch (flow->nw_proto) {
    case 6:
        return src ? MFF_TCP_SRC : MFF_TCP_DST;
    case 17:
        return src ? MFF_UDP_SRC : MFF_UDP_DST;
    case 132:
        return src ? MFF_SCTP_SRC : MFF_SCTP_DST;
    default:
        return MFF_N_IDS;
    }
}

static bool
is_tp_field(enum mf_field_id id, bool *src)
{
    switch (id) {
    case MFF_TCP_SRC: case MFF_UDP_SRC: case MFF_SCTP_SRC:
        *src = true;
        return true;
    case MFF_TCP_DST: case MFF_UDP_DST: case MFF_SCTP_DST:
        *src = false;
        return true;
    default:
        return false;
    }
}

/* Open vSwitch's rules for the OpenFlow 1.0-style "mod_*" actions: each
 * needs the protocol whose header it rewrites.  Resolves mod_tp_* to the
 * match's L4 protocol and notes whether a VLAN tag is present (both
 * matter for encoding in OpenFlow 1.2+). */
static enum ofperr
check_mod(struct ofpact_set_field *sf, struct flow *flow)
{
    enum mf_field_id id = sf->field->id;
    bool src;

    if (is_tp_field(id, &src)) {
        enum mf_field_id l4 = l4_port_field(flow, src);
        if (l4 == MFF_N_IDS) {
            return OFPERR_OFPBAC_MATCH_INCONSISTENT;
        }
        if (l4 != id) {
            sf->field = mf_from_id(l4);
        }
        return 0;
    }
    switch (id) {
    case MFF_IPV4_SRC:
    case MFF_IPV4_DST:
        return (flow->dl_type == htons(0x0800) ? 0
                : OFPERR_OFPBAC_MATCH_INCONSISTENT);
    case MFF_IP_DSCP_SHIFTED:
    case MFF_IP_ECN:
        return flow_is_ip_any(flow) ? 0 : OFPERR_OFPBAC_MATCH_INCONSISTENT;
    case MFF_MPLS_LABEL:
    case MFF_MPLS_TC:
        return (eth_type_mpls(flow->dl_type) ? 0
                : OFPERR_OFPBAC_MATCH_INCONSISTENT);
    case MFF_DL_VLAN:
    case MFF_DL_VLAN_PCP: {
        uint8_t raw = ((sf->ofpact.raw & ~RAW_FLOW_HAS_VLAN)
                       | (flow_has_vlan(flow) ? RAW_FLOW_HAS_VLAN : 0));
        if (sf->ofpact.raw != raw) {
            sf->ofpact.raw = raw;
        }
        /* Like OpenFlow 1.0's set_vlan_*, this pushes a tag if none. */
        flow->vlans[0].tci |= htons(0x1000);
        return 0;
    }
    default:
        return 0;
    }
}

static enum ofperr
check_set_field(struct ofpact_set_field *sf, struct flow *flow)
{
    const struct mf_field *mf = sf->field;

    if (!mf || !mf->writable) {
        return OFPERR_OFPBAC_BAD_SET_TYPE;
    }
    if (!flow) {
        return 0;
    }
    if (sf->flavor == OFPACT_SF_MOD) {
        return check_mod(sf, flow);
    }
    if (!mf_are_prereqs_ok(mf, flow)
        || ((mf->id == MFF_VLAN_VID || mf->id == MFF_VLAN_PCP
             || mf->id == MFF_DL_VLAN || mf->id == MFF_DL_VLAN_PCP)
            && !flow_has_vlan(flow))) {
        return OFPERR_OFPBAC_MATCH_INCONSISTENT;
    }
    if (mf->id == MFF_VLAN_TCI) {
        /* Loading the whole TCI may add or remove the tag. */
        mf_set_flow_value_masked(mf, &sf->value, &sf->mask, flow);
    } else if (mf->id == MFF_ETH_TYPE) {
        flow->dl_type = sf->value.be16;
    }
    return 0;
}

static enum ofperr
check_output_port(uint16_t port, uint16_t max_ports)
{
    if (!port_is_valid_output(port)
        || (port < OFPP_MAX && port >= max_ports)) {
        return OFPERR_OFPBAC_BAD_OUT_PORT;
    }
    return 0;
}

static enum ofperr check__(struct ofpact *, size_t ofpacts_len,
                           struct flow *, uint16_t max_ports,
                           uint8_t table_id, uint8_t n_tables);

static enum ofperr
check_one(struct ofpact *a, struct flow *flow, uint16_t max_ports,
          uint8_t table_id, uint8_t n_tables)
{
    switch ((enum ofpact_type) a->type) {
    case OFPACT_OUTPUT:
        return check_output_port(((struct ofpact_output *) a)->port,
                                 max_ports);

    case OFPACT_ENQUEUE: {
        uint16_t port = ((struct ofpact_enqueue *) a)->port;
        if (port != OFPP_IN_PORT && port != OFPP_LOCAL
            && (port == 0 || port >= OFPP_MAX || port >= max_ports)) {
            return OFPERR_OFPBAC_BAD_OUT_PORT;
        }
        return 0;
    }

    case OFPACT_RESUBMIT: {
        uint8_t t = ((struct ofpact_resubmit *) a)->table_id;
        return (t != 255 && t >= n_tables ? OFPERR_OFPBRC_BAD_TABLE_ID : 0);
    }

    case OFPACT_SET_FIELD:
        return check_set_field((struct ofpact_set_field *) a, flow);

    case OFPACT_REG_MOVE: {
        struct ofpact_reg_move *m = (struct ofpact_reg_move *) a;
        if (!m->src.field || !m->dst.field || !m->dst.field->writable) {
            return OFPERR_OFPBAC_BAD_SET_TYPE;
        }
        if (flow && (!mf_are_prereqs_ok(m->src.field, flow)
            || !mf_are_prereqs_ok(m->dst.field, flow))) {
            return OFPERR_OFPBAC_MATCH_INCONSISTENT;
        }
        return 0;
    }

    case OFPACT_PUSH_VLAN: {
        ovs_be16 et = ((struct ofpact_push_vlan *) a)->ethertype;
        if (et != htons(0x8100) && et != htons(0x88a8)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        if (!flow) {
            return 0;
        }
        flow->vlans[1] = flow->vlans[0];
        flow->vlans[0].tpid = et;
        flow->vlans[0].tci |= htons(0x1000);
        return 0;
    }

    case OFPACT_STRIP_VLAN:
        if (flow) {
            flow->vlans[0] = flow->vlans[1];
            memset(&flow->vlans[1], 0, sizeof flow->vlans[1]);
        }
        return 0;

    case OFPACT_SET_IP_TTL:
        return (!flow || flow_is_ip_any(flow) ? 0
                : OFPERR_OFPBAC_MATCH_INCONSISTENT);

    case OFPACT_PUSH_MPLS: {
        ovs_be16 et = ((struct ofpact_ethertype *) a)->ethertype;
        if (!eth_type_mpls(et)) {
            return OFPERR_OFPBAC_BAD_ARGUMENT;
        }
        if (flow) {
            /* What follows sees an MPLS packet: no L3 fields. */
            flow->dl_type = et;
        }
        return 0;
    }

    case OFPACT_POP_MPLS:
        if (flow) {
            if (!eth_type_mpls(flow->dl_type)) {
                return OFPERR_OFPBAC_MATCH_INCONSISTENT;
            }
            flow->dl_type = ((struct ofpact_ethertype *) a)->ethertype;
        }
        return 0;

    case OFPACT_SET_MPLS_TTL:
    case OFPACT_DEC_MPLS_TTL:
        return (!flow || eth_type_mpls(flow->dl_type) ? 0
                : OFPERR_OFPBAC_MATCH_INCONSISTENT);

    case OFPACT_WRITE_ACTIONS: {
        struct ofpact_nest *on = (struct ofpact_nest *) a;
        struct flow copy;
        if (flow) {
            copy = *flow;
        }
        return check__(on->actions, ofpact_nest_get_action_len(on),
                       flow ? &copy : NULL, max_ports, table_id, n_tables);
    }

    case OFPACT_GOTO_TABLE: {
        uint8_t t = ((struct ofpact_goto_table *) a)->table_id;
        return (t <= table_id || t >= n_tables
                ? OFPERR_OFPBIC_BAD_TABLE_ID : 0);
    }

    case OFPACT_CONTROLLER:
    case OFPACT_GROUP:
    case OFPACT_DEC_TTL:
    case OFPACT_COPY_TTL_IN:
    case OFPACT_COPY_TTL_OUT:
    case OFPACT_SET_QUEUE:
    case OFPACT_POP_QUEUE:
    case OFPACT_NOTE:
    case OFPACT_METER:
    case OFPACT_CLEAR_ACTIONS:
    case OFPACT_WRITE_METADATA:
        return 0;

    case OFPACT_N_TYPES:
    default:
        return OFPERR_OFPBAC_BAD_TYPE;
    }
}

static enum ofperr
check__(struct ofpact *ofpacts, size_t ofpacts_len, struct flow *flow,
        uint16_t max_ports, uint8_t table_id, uint8_t n_tables)
{
    struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        enum ofperr error = check_one(a, flow, max_ports, table_id,
                                      n_tables);
        if (error) {
            return error;
        }
    }
    return 0;
}

/* Checks 'ofpacts' against 'match' (NULL: no match context, so no
 * prerequisites are checked) and the switch's limits ('max_ports',
 * 'table_id', 'n_tables').  As Open vSwitch's ofpacts_check() does, this
 * also completes what only the match tells (see ofp-actions.h), writing
 * to 'ofpacts' where a value changes. */
enum ofperr
ofpacts_check(const struct ofpact *ofpacts, size_t ofpacts_len,
              const struct match *match, uint16_t max_ports,
              uint8_t table_id, uint8_t n_tables)
{
    struct flow flow;

    if (match) {
        flow = match->flow;
    }
    return check__(CONST_CAST(struct ofpact *, ofpacts), ofpacts_len,
                   match ? &flow : NULL, max_ports, table_id, n_tables);
}

/* ---- Encoding. ---- */

static void *
put_action(struct ofpbuf *b, uint16_t type, size_t len)
{
    struct ofa_header *h = ofpbuf_put_zeros(b, len);
    h->type = htons(type);
    h->len = htons(len);
    return h;
}

static void *
put_nx(struct ofpbuf *b, uint16_t subtype, size_t len)
{
    struct nx_action_header *nah = put_action(b, OFPAT_VENDOR, len);
    nah->vendor = htonl(NX_VENDOR_ID);
    nah->subtype = htons(subtype);
    return nah;
}

/* Pads the action or instruction that starts at offset 'start' of 'b'
 * to a multiple of 8 and stores its length. */
static void
finish_action(struct ofpbuf *b, size_t start)
{
    size_t len = b->size - start;
    ofpbuf_put_zeros(b, ROUND_UP(len, 8) - len);
    struct ofa_header *h = ofpbuf_at_assert(b, start, sizeof *h);
    h->len = htons(b->size - start);
}

static void
put_u8_action(struct ofpbuf *b, uint16_t type, uint8_t v)
{
    struct ofa_action_u8 *a = put_action(b, type, sizeof *a);
    a->value = v;
}

static void
put_u16_action(struct ofpbuf *b, uint16_t type, ovs_be16 v)
{
    struct ofa_action_u16 *a = put_action(b, type, sizeof *a);
    a->value = v;
}

static void
put_u32_action(struct ofpbuf *b, uint16_t type, ovs_be32 v)
{
    struct ofa_action_u32 *a = put_action(b, type, sizeof *a);
    a->value = v;
}

static void
put_output_action(struct ofpbuf *b, uint8_t version, uint16_t port,
                  uint16_t max_len)
{
    if (version == OFA_V10) {
        struct ofp10_action_output *o = put_action(b, OFPAT10_OUTPUT,
                                                   sizeof *o);
        o->port = htons(port);
        o->max_len = htons(max_len);
    } else {
        struct ofp11_action_output *o = put_action(b, OFPAT11_OUTPUT,
                                                   sizeof *o);
        o->port = port_to_ofp11(port);
        o->max_len = htons(max_len);
    }
}

static void
put_set_field_action(struct ofpbuf *b, uint8_t version,
                     const struct mf_field *field,
                     const union mf_value *value,
                     const union mf_value *mask)
{
    size_t start = b->size;
    put_action(b, OFPAT12_SET_FIELD, 4);
    put_tlv(b, field, version, value, mask);
    finish_action(b, start);
}

static void
put_reg_load2(struct ofpbuf *b, uint8_t version,
              const struct mf_field *field, const union mf_value *value,
              const union mf_value *mask)
{
    size_t start = b->size;
    put_nx(b, NXAST_REG_LOAD2, NX_ACTION_HEADER_LEN);
    put_tlv(b, field, version, value, mask);
    finish_action(b, start);
}

/* Writes 'field' = 'value' under 'mask' as NXAST_REG_LOADs (one per run
 * of at most 64 mask bits), or NXAST_REG_LOAD2 for a field without a
 * 32-bit header. */
static void
put_load(struct ofpbuf *b, uint8_t version, const struct mf_field *field,
         const union mf_value *value, const union mf_value *mask)
{
    unsigned int ofs, n_bits;

    uint32_t header = field->nxm_header ? field->nxm_header
                                        : field->oxm_header;

    if (header && NXM_CLASS(header) != 0xffff) {
        /* One NXAST_REG_LOAD per run of at most 64 mask bits, as Open
         * vSwitch does (so a 128-bit field takes two).  OXM-only fields
         * (metadata) go by their OXM header there too. */
        for (ofs = 0; ofs < field->n_bits; ) {
            if (!bit_get(mask->bytes, field->n_bytes, ofs)) {
                ofs++;
                continue;
            }
            for (n_bits = 0; n_bits < 64 && ofs + n_bits < field->n_bits
                     && bit_get(mask->bytes, field->n_bytes, ofs + n_bits);
                 n_bits++) {
                continue;
            }
            struct nx_action_reg_load *nrl = put_nx(b, NXAST_REG_LOAD,
                                                    sizeof *nrl);
            nrl->ofs_nbits = htons((ofs << 6) | (n_bits - 1));
            nrl->dst = htonl(header);
            nrl->value = htonll(bits_extract(value, field->n_bytes, ofs,
                                             n_bits));
            ofs += n_bits;
        }
    } else {
        put_reg_load2(b, version, field,  value,
                      mask_is_full(field, mask) ? NULL : mask);
    }
}

/* OpenFlow 1.0/1.1's own "set field" actions, for exact values of the
 * fields they cover.  False if 'id' has none in 'version'. */
static bool
put_legacy_set(struct ofpbuf *b, uint8_t version, enum mf_field_id id,
               const union mf_value *v)
{
    bool v10 = version == OFA_V10;

    switch (id) {
    case MFF_ETH_SRC:
    case MFF_ETH_DST: {
        uint16_t type = (id == MFF_ETH_SRC
                         ? (v10 ? OFPAT10_SET_DL_SRC : OFPAT11_SET_DL_SRC)
                         : (v10 ? OFPAT10_SET_DL_DST : OFPAT11_SET_DL_DST));
        struct ofa_action_dl_addr *a = put_action(b, type, sizeof *a);
        a->addr = v->mac;
        return true;
    }
    case MFF_IPV4_SRC:
        put_u32_action(b, v10 ? OFPAT10_SET_NW_SRC : OFPAT11_SET_NW_SRC,
                       v->be32);
        return true;
    case MFF_IPV4_DST:
        put_u32_action(b, v10 ? OFPAT10_SET_NW_DST : OFPAT11_SET_NW_DST,
                       v->be32);
        return true;
    case MFF_IP_DSCP:
    case MFF_IP_DSCP_SHIFTED:
        put_u8_action(b, v10 ? OFPAT10_SET_NW_TOS : OFPAT11_SET_NW_TOS,
                      id == MFF_IP_DSCP ? v->u8 << 2 : v->u8);
        return true;
    case MFF_IP_ECN:
        if (v10) {
            return false;
        }
        put_u8_action(b, OFPAT11_SET_NW_ECN, v->u8);
        return true;
    case MFF_TCP_SRC: case MFF_UDP_SRC: case MFF_SCTP_SRC:
        put_u16_action(b, v10 ? OFPAT10_SET_TP_SRC : OFPAT11_SET_TP_SRC,
                       v->be16);
        return true;
    case MFF_TCP_DST: case MFF_UDP_DST: case MFF_SCTP_DST:
        put_u16_action(b, v10 ? OFPAT10_SET_TP_DST : OFPAT11_SET_TP_DST,
                       v->be16);
        return true;
    case MFF_VLAN_VID:
        if (!(v->be16 & htons(0x1000))) {
            put_action(b, v10 ? OFPAT10_STRIP_VLAN : OFPAT11_POP_VLAN, 8);
            return true;
        }
        /* Fall through. */
    case MFF_DL_VLAN:
        put_u16_action(b, v10 ? OFPAT10_SET_VLAN_VID : OFPAT11_SET_VLAN_VID,
                       v->be16 & htons(0xfff));
        return true;
    case MFF_VLAN_PCP:
    case MFF_DL_VLAN_PCP:
        put_u8_action(b, v10 ? OFPAT10_SET_VLAN_PCP : OFPAT11_SET_VLAN_PCP,
                      v->u8);
        return true;
    default:
        return false;
    }
}

static void
put_push_vlan(struct ofpbuf *b, ovs_be16 ethertype)
{
    struct ofp11_action_push *p = put_action(b, OFPAT11_PUSH_VLAN,
                                             sizeof *p);
    p->ethertype = ethertype;
}

/* An OpenFlow 1.0-style mod_* (or set_tunnel) action. */
static void
encode_mod(const struct ofpact_set_field *sf, struct ofpbuf *b,
           uint8_t version)
{
    const struct mf_field *field = sf->field;
    enum mf_field_id id = field->id;
    union mf_value v = sf->value;

    if (id == MFF_TUN_ID) {
        if (version >= OFA_V12) {
            put_set_field_action(b, version, field, &v, NULL);
        } else if (sf->ofpact.raw != RAW_SET_TUNNEL64
                   && ntohll(v.be64) <= UINT32_MAX) {
            struct nx_action_u32 *t = put_nx(b, NXAST_SET_TUNNEL,
                                             sizeof *t);
            t->value = htonl(ntohll(v.be64));
        } else {
            struct nx_action_set_tunnel64 *t = put_nx(b, NXAST_SET_TUNNEL64,
                                                      sizeof *t);
            t->tun_id = v.be64;
        }
        return;
    }

    if ((id == MFF_MPLS_LABEL || id == MFF_MPLS_TC) && version <= OFA_V11) {
        bool label = id == MFF_MPLS_LABEL;
        if (version == OFA_V11 && label) {
            put_u32_action(b, OFPAT11_SET_MPLS_LABEL, v.be32);
        } else if (version == OFA_V11) {
            put_u8_action(b, OFPAT11_SET_MPLS_TC, v.u8);
        } else if (label) {
            struct nx_action_u32 *u = put_nx(b, NXAST_SET_MPLS_LABEL,
                                             sizeof *u);
            u->value = v.be32;
        } else {
            struct nx_action_u8 *u = put_nx(b, NXAST_SET_MPLS_TC, sizeof *u);
            u->value = v.u8;
        }
        return;
    }

    if (version == OFA_V11 && (id == MFF_DL_VLAN || id == MFF_DL_VLAN_PCP)
        && !(sf->ofpact.raw & RAW_FLOW_HAS_VLAN)) {
        put_push_vlan(b, htons(0x8100));
    }
    if (version <= OFA_V11) {
        if (!put_legacy_set(b, version, id, &v)) {
            put_load(b, version, field, &v, &sf->mask);
        }
        return;
    }

    switch (id) {
    case MFF_IP_DSCP_SHIFTED:
        field = mf_from_id(MFF_IP_DSCP);
        v.u8 >>= 2;
        break;
    case MFF_DL_VLAN:
    case MFF_DL_VLAN_PCP:
        if (!(sf->ofpact.raw & RAW_FLOW_HAS_VLAN)) {
            put_push_vlan(b, htons(0x8100));
        }
        if (id == MFF_DL_VLAN) {
            field = mf_from_id(MFF_VLAN_VID);
            v.be16 |= htons(0x1000);
        } else {
            field = mf_from_id(MFF_VLAN_PCP);
        }
        break;
    default:
        break;
    }
    put_set_field_action(b, version, field, &v, NULL);
}

static void
encode_set_field(const struct ofpact_set_field *sf, struct ofpbuf *b,
                 uint8_t version)
{
    const struct mf_field *field = sf->field;
    bool full = mask_is_full(field, &sf->mask);

    if (sf->flavor == OFPACT_SF_MOD) {
        encode_mod(sf, b, version);
    } else if (version <= OFA_V11) {
        if (!full || sf->flavor != OFPACT_SF_SET_FIELD
            || !put_legacy_set(b, version, field->id, &sf->value)) {
            put_load(b, version, field, &sf->value, &sf->mask);
        }
    } else if (version >= OFA_V15) {
        put_set_field_action(b, version, field, &sf->value,
                             full ? NULL : &sf->mask);
    } else if (sf->flavor == OFPACT_SF_LOAD || !full) {
        put_load(b, version, field, &sf->value, &sf->mask);
    } else {
        put_set_field_action(b, version, field, &sf->value, NULL);
    }
}

static void
encode_reg_move(const struct ofpact_reg_move *m, struct ofpbuf *b,
                uint8_t version)
{
    if (version >= OFA_V15) {
        size_t start = b->size;
        struct ofp15_action_copy_field *cf
            = put_action(b, OFPAT15_COPY_FIELD, sizeof *cf);
        cf->n_bits = htons(m->dst.n_bits);
        cf->src_offset = htons(m->src.ofs);
        cf->dst_offset = htons(m->dst.ofs);
        ovs_be32 src = htonl(field_header(m->src.field, version));
        ovs_be32 dst = htonl(field_header(m->dst.field, version));
        ofpbuf_put(b, &src, 4);
        ofpbuf_put(b, &dst, 4);
        finish_action(b, start);
    } else {
        struct nx_action_reg_move *nm = put_nx(b, NXAST_REG_MOVE,
                                               sizeof *nm);
        nm->n_bits = htons(m->dst.n_bits);
        nm->src_ofs = htons(m->src.ofs);
        nm->dst_ofs = htons(m->dst.ofs);
        nm->src = htonl(field_header(m->src.field, OFA_V10));
        nm->dst = htonl(field_header(m->dst.field, OFA_V10));
    }
}

static void
encode_controller(const struct ofpact_controller *c, struct ofpbuf *b,
                  uint8_t version)
{
    if (c->reason == OFA_R_ACTION && !c->controller_id) {
        put_output_action(b, version, OFPP_CONTROLLER, c->max_len);
    } else {
        struct nx_action_controller *nc = put_nx(b, NXAST_CONTROLLER,
                                                 sizeof *nc);
        nc->max_len = htons(c->max_len);
        nc->controller_id = htons(c->controller_id);
        nc->reason = c->reason;
    }
}

static void
encode_dec_ttl(const struct ofpact_dec_ttl *d, struct ofpbuf *b,
               uint8_t version)
{
    if (d->n_controller_ids) {
        size_t start = b->size;
        struct nx_action_cnt_ids *nci = put_nx(b, NXAST_DEC_TTL_CNT_IDS,
                                               sizeof *nci);
        nci->n_controllers = htons(d->n_controller_ids);
        for (size_t i = 0; i < d->n_controller_ids; i++) {
            ovs_be16 id = htons(d->controller_ids[i]);
            ofpbuf_put(b, &id, 2);
        }
        finish_action(b, start);
    } else if (version == OFA_V10) {
        put_nx(b, NXAST_DEC_TTL, sizeof(struct nx_action_header));
    } else {
        put_action(b, OFPAT11_DEC_NW_TTL, 8);
    }
}

static void
encode_note(const struct ofpact_note *n, struct ofpbuf *b)
{
    size_t start = b->size;
    put_nx(b, NXAST_NOTE, NX_ACTION_HEADER_LEN);
    ofpbuf_put(b, n->data, n->length);
    if (b->size - start < sizeof(struct nx_action_header)) {
        ofpbuf_put_zeros(b, sizeof(struct nx_action_header)
                         - (b->size - start));
    }
    finish_action(b, start);
}

/* Appends the 'version' form of action 'a'.  Ofpacts without one are
 * skipped (ofpacts_fit_version() tells). */
static void
encode_action(const struct ofpact *a, struct ofpbuf *b, uint8_t version)
{
    bool v10 = version == OFA_V10;

    switch ((enum ofpact_type) a->type) {
    case OFPACT_OUTPUT: {
        const struct ofpact_output *o = (const void *) a;
        put_output_action(b, version, o->port, o->max_len);
        break;
    }
    case OFPACT_CONTROLLER:
        encode_controller((const void *) a, b, version);
        break;
    case OFPACT_ENQUEUE: {
        const struct ofpact_enqueue *e = (const void *) a;
        if (v10) {
            struct ofp10_action_enqueue *oe = put_action(b, OFPAT10_ENQUEUE,
                                                         sizeof *oe);
            oe->port = htons(e->port);
            oe->queue_id = htonl(e->queue);
        } else {
            put_u32_action(b, OFPAT11_SET_QUEUE, htonl(e->queue));
            put_output_action(b, version, e->port, UINT16_MAX);
            put_nx(b, NXAST_POP_QUEUE, sizeof(struct nx_action_header));
        }
        break;
    }
    case OFPACT_GROUP: {
        uint32_t group_id = ((const struct ofpact_group *) a)->group_id;
        if (v10) {
            struct nx_action_u32 *ng = put_nx(b, NXAST_GROUP, sizeof *ng);
            ng->value = htonl(group_id);
        } else {
            put_u32_action(b, OFPAT11_GROUP, htonl(group_id));
        }
        break;
    }
    case OFPACT_RESUBMIT: {
        /* Open vSwitch always writes the form with a table (255 meaning
         * "this table"), and so do we, to agree byte for byte. */
        const struct ofpact_resubmit *r = (const void *) a;
        struct nx_action_resubmit *nr = put_nx(b, NXAST_RESUBMIT_TABLE,
                                               sizeof *nr);
        nr->in_port = htons(r->in_port);
        nr->table = r->table_id;
        break;
    }
    case OFPACT_SET_FIELD:
        encode_set_field((const void *) a, b, version);
        break;
    case OFPACT_REG_MOVE:
        encode_reg_move((const void *) a, b, version);
        break;
    case OFPACT_PUSH_VLAN:
        if (!v10) {
            put_push_vlan(b, ((const struct ofpact_push_vlan *) a)
                          ->ethertype);
        }
        break;
    case OFPACT_STRIP_VLAN:
        put_action(b, v10 ? OFPAT10_STRIP_VLAN : OFPAT11_POP_VLAN, 8);
        break;
    case OFPACT_DEC_TTL:
        encode_dec_ttl((const void *) a, b, version);
        break;
    case OFPACT_SET_IP_TTL: {
        uint8_t ttl = ((const struct ofpact_ip_ttl *) a)->ttl;
        if (v10) {
            const struct mf_field *f = mf_from_id(MFF_IP_TTL);
            union mf_value v, m;
            memset(&v, 0, sizeof v);
            memset(&m, 0, sizeof m);
            v.u8 = ttl;
            m.u8 = 0xff;
            put_load(b, version, f, &v, &m);
        } else {
            put_u8_action(b, OFPAT11_SET_NW_TTL, ttl);
        }
        break;
    }
    case OFPACT_COPY_TTL_IN:
    case OFPACT_COPY_TTL_OUT:
        if (!v10) {
            put_action(b, (a->type == OFPACT_COPY_TTL_IN
                           ? OFPAT11_COPY_TTL_IN : OFPAT11_COPY_TTL_OUT), 8);
        }
        break;
    case OFPACT_PUSH_MPLS:
    case OFPACT_POP_MPLS: {
        bool push = a->type == OFPACT_PUSH_MPLS;
        ovs_be16 et = ((const struct ofpact_ethertype *) a)->ethertype;
        if (v10) {
            struct nx_action_ethertype *ne = put_nx(
                b, push ? NXAST_PUSH_MPLS : NXAST_POP_MPLS, sizeof *ne);
            ne->ethertype = et;
        } else {
            struct ofp11_action_push *p = put_action(
                b, push ? OFPAT11_PUSH_MPLS : OFPAT11_POP_MPLS, sizeof *p);
            p->ethertype = et;
        }
        break;
    }
    case OFPACT_SET_MPLS_TTL: {
        uint8_t ttl = ((const struct ofpact_ip_ttl *) a)->ttl;
        if (v10) {
            struct nx_action_u8 *u = put_nx(b, NXAST_SET_MPLS_TTL,
                                            sizeof *u);
            u->value = ttl;
        } else {
            put_u8_action(b, OFPAT11_SET_MPLS_TTL, ttl);
        }
        break;
    }
    case OFPACT_DEC_MPLS_TTL:
        if (v10) {
            put_nx(b, NXAST_DEC_MPLS_TTL, sizeof(struct nx_action_header));
        } else {
            put_action(b, OFPAT11_DEC_MPLS_TTL, 8);
        }
        break;
    case OFPACT_SET_QUEUE: {
        uint32_t q = ((const struct ofpact_queue *) a)->queue_id;
        if (v10) {
            struct nx_action_u32 *nq = put_nx(b, NXAST_SET_QUEUE,
                                              sizeof *nq);
            nq->value = htonl(q);
        } else {
            put_u32_action(b, OFPAT11_SET_QUEUE, htonl(q));
        }
        break;
    }
    case OFPACT_POP_QUEUE:
        put_nx(b, NXAST_POP_QUEUE, sizeof(struct nx_action_header));
        break;
    case OFPACT_NOTE:
        encode_note((const void *) a, b);
        break;
    case OFPACT_METER:
        if (version >= OFA_V15) {
            put_u32_action(b, OFPAT15_METER,
                           htonl(((const struct ofpact_meter *) a)
                                 ->meter_id));
        }
        break;
    case OFPACT_WRITE_METADATA:
        if (v10) {
            const struct ofpact_metadata *md = (const void *) a;
            struct nx_action_write_metadata *nwm
                = put_nx(b, NXAST_WRITE_METADATA, sizeof *nwm);
            nwm->metadata = md->metadata;
            nwm->mask = md->mask;
        }
        break;
    case OFPACT_GOTO_TABLE:
        if (v10) {
            struct nx_action_resubmit *nr = put_nx(b, NXAST_RESUBMIT_TABLE,
                                                   sizeof *nr);
            nr->in_port = htons(OFPP_IN_PORT);
            nr->table = ((const struct ofpact_goto_table *) a)->table_id;
        }
        break;
    case OFPACT_CLEAR_ACTIONS:
    case OFPACT_WRITE_ACTIONS:
    case OFPACT_N_TYPES:
    default:
        break;
    }
}

/* Appends the 'version' actions of 'ofpacts' to 'openflow'.  Instructions
 * are skipped, except that OpenFlow 1.0 carries goto_table and
 * write_metadata as Nicira actions (resubmit(,N), as Open vSwitch). */
void
ofpacts_put_openflow_actions(const struct ofpact *ofpacts,
                             size_t ofpacts_len, struct ofpbuf *openflow,
                             uint8_t version)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        encode_action(a, openflow, version);
    }
}

static bool
is_instruction(const struct ofpact *a, uint8_t version)
{
    switch (a->type) {
    case OFPACT_METER:
        return version < OFA_V15;
    case OFPACT_CLEAR_ACTIONS:
    case OFPACT_WRITE_ACTIONS:
    case OFPACT_WRITE_METADATA:
    case OFPACT_GOTO_TABLE:
        return true;
    default:
        return false;
    }
}

static void
encode_instruction(const struct ofpact *a, struct ofpbuf *b,
                   uint8_t version)
{
    switch (a->type) {
    case OFPACT_METER:
        if (version >= OFA_V13) {
            struct ofp13_instruction_meter *m = put_action(b, OFPIT_METER,
                                                           sizeof *m);
            m->meter_id = htonl(((const struct ofpact_meter *) a)
                                ->meter_id);
        }
        break;
    case OFPACT_CLEAR_ACTIONS:
        put_action(b, OFPIT_CLEAR_ACTIONS, 8);
        break;
    case OFPACT_WRITE_ACTIONS: {
        const struct ofpact_nest *on = (const void *) a;
        size_t start = b->size;
        put_action(b, OFPIT_WRITE_ACTIONS, 8);
        ofpacts_put_openflow_actions(on->actions,
                                     ofpact_nest_get_action_len(on), b,
                                     version);
        finish_action(b, start);
        break;
    }
    case OFPACT_WRITE_METADATA: {
        const struct ofpact_metadata *md = (const void *) a;
        struct ofp11_instruction_write_metadata *wm
            = put_action(b, OFPIT_WRITE_METADATA, sizeof *wm);
        wm->metadata = md->metadata;
        wm->metadata_mask = md->mask;
        break;
    }
    case OFPACT_GOTO_TABLE: {
        struct ofp11_instruction_goto_table *gt
            = put_action(b, OFPIT_GOTO_TABLE, sizeof *gt);
        gt->table_id = ((const struct ofpact_goto_table *) a)->table_id;
        break;
    }
    default:
        break;
    }
}

/* Appends 'ofpacts' as 'version' instructions (an action list for
 * OpenFlow 1.0): the plain actions as one apply_actions, the others as
 * their instructions, in order. */
void
ofpacts_put_openflow_instructions(const struct ofpact *ofpacts,
                                  size_t ofpacts_len,
                                  struct ofpbuf *openflow, uint8_t version)
{
    const struct ofpact *end = ofpact_end(ofpacts, ofpacts_len);
    const struct ofpact *a = ofpacts;

    if (version == OFA_V10) {
        ofpacts_put_openflow_actions(ofpacts, ofpacts_len, openflow,
                                     version);
        return;
    }
    while (a < end) {
        if (is_instruction(a, version)) {
            encode_instruction(a, openflow, version);
            a = ofpact_next(a);
        } else {
            size_t start = openflow->size;
            put_action(openflow, OFPIT_APPLY_ACTIONS, 8);
            for (; a < end && !is_instruction(a, version);
                 a = ofpact_next(a)) {
                encode_action(a, openflow, version);
            }
            if (openflow->size == start + 8) {
                ofpbuf_truncate(openflow, start);
            } else {
                finish_action(openflow, start);
            }
        }
    }
}

static bool
field_fits(const struct mf_field *f)
{
    /* dl_vlan and dl_vlan_pcp have no wire header of their own, but every
     * version encodes them (OpenFlow 1.0's set_vlan_vid/pcp, 1.2+'s
     * set_field on vlan_vid/vlan_pcp). */
    return f && (f->nxm_header || f->oxm_header
                 || f->id == MFF_DL_VLAN || f->id == MFF_DL_VLAN_PCP);
}

/* True if every ofpact of 'ofpacts' has an encoding in 'version'. */
bool
ofpacts_fit_version(const struct ofpact *ofpacts, size_t ofpacts_len,
                    uint8_t version)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        switch ((enum ofpact_type) a->type) {
        case OFPACT_PUSH_VLAN:
        case OFPACT_COPY_TTL_IN:
        case OFPACT_COPY_TTL_OUT:
        case OFPACT_CLEAR_ACTIONS:
            if (version == OFA_V10) {
                return false;
            }
            break;
        case OFPACT_METER:
            if (version < OFA_V13) {
                return false;
            }
            break;
        case OFPACT_WRITE_ACTIONS: {
            const struct ofpact_nest *on = (const void *) a;
            if (version == OFA_V10
                || !ofpacts_fit_version(on->actions,
                                        ofpact_nest_get_action_len(on),
                                        version)) {
                return false;
            }
            break;
        }
        case OFPACT_SET_FIELD:
            if (!field_fits(((const struct ofpact_set_field *) a)->field)) {
                return false;
            }
            break;
        case OFPACT_REG_MOVE: {
            const struct ofpact_reg_move *m = (const void *) a;
            if (!field_fits(m->src.field) || !field_fits(m->dst.field)) {
                return false;
            }
            break;
        }
        default:
            break;
        }
    }
    return true;
}

/* ---- Text: printing. ---- */

static const char *const controller_reasons[] = {
    "no_match", "action", "invalid_ttl", "action_set", "group",
    "packet_out",
};

/* Appends bits [ofs, ofs + n_bits) of 'v' in hexadecimal ("0x5"), or
 * "0" when they are all zero, as ovs-ofctl prints a load's value. */
static void
format_subvalue(const union mf_value *v, unsigned int n_bytes,
                unsigned int ofs, unsigned int n_bits, struct ds *s)
{
    bool started = false;

    for (int i = DIV_ROUND_UP(n_bits, 4) - 1; i >= 0; i--) {
        unsigned int nibble = 0;
        for (int j = 3; j >= 0; j--) {
            unsigned int bit = i * 4 + j;
            nibble = (nibble << 1)
                     | (bit < n_bits && bit_get(v->bytes, n_bytes, ofs + bit));
        }
        if (nibble && !started) {
            ds_put_cstr(s, "0x");
            started = true;
        }
        if (started) {
            ds_put_format(s, "%x", nibble);
        }
    }
    if (!started) {
        ds_put_char(s, '0');
    }
}

static void
format_set_field(const struct ofpact_set_field *sf,
                 const char *(*port_name)(uint32_t, void *), void *aux,
                 struct ds *s)
{
    const struct mf_field *f = sf->field;
    ds_put_cstr(s, "set_field:");
    mf_format(f, &sf->value, mask_is_full(f, &sf->mask) ? NULL : &sf->mask,
              port_name, aux, s);
    ds_put_format(s, "->%s", f->name);
}

static void
format_mod(const struct ofpact_set_field *sf,
           const char *(*port_name)(uint32_t, void *), void *aux,
           struct ds *s)
{
    const union mf_value *v = &sf->value;

    switch (sf->field->id) {
    case MFF_ETH_SRC:
    case MFF_ETH_DST:
        ds_put_format(s, "mod_dl_%s:"ETH_ADDR_FMT,
                      sf->field->id == MFF_ETH_SRC ? "src" : "dst",
                      v->mac.ea[0], v->mac.ea[1], v->mac.ea[2],
                      v->mac.ea[3], v->mac.ea[4], v->mac.ea[5]);
        break;
    case MFF_IPV4_SRC:
    case MFF_IPV4_DST: {
        const uint8_t *ip = (const uint8_t *) &v->be32;
        ds_put_format(s, "mod_nw_%s:%d.%d.%d.%d",
                      sf->field->id == MFF_IPV4_SRC ? "src" : "dst",
                      ip[0], ip[1], ip[2], ip[3]);
        break;
    }
    case MFF_IP_DSCP_SHIFTED:
        ds_put_format(s, "mod_nw_tos:%d", v->u8);
        break;
    case MFF_IP_ECN:
        ds_put_format(s, "mod_nw_ecn:%d", v->u8);
        break;
    case MFF_TCP_SRC: case MFF_UDP_SRC: case MFF_SCTP_SRC:
        ds_put_format(s, "mod_tp_src:%d", ntohs(v->be16));
        break;
    case MFF_TCP_DST: case MFF_UDP_DST: case MFF_SCTP_DST:
        ds_put_format(s, "mod_tp_dst:%d", ntohs(v->be16));
        break;
    case MFF_DL_VLAN:
        ds_put_format(s, "%s_vlan_vid:%d",
                      sf->ofpact.raw & RAW_VLAN11 ? "set" : "mod",
                      ntohs(v->be16));
        break;
    case MFF_DL_VLAN_PCP:
        ds_put_format(s, "%s_vlan_pcp:%d",
                      sf->ofpact.raw & RAW_VLAN11 ? "set" : "mod", v->u8);
        break;
    case MFF_MPLS_LABEL:
        ds_put_format(s, "set_mpls_label(%"PRIu32")", ntohl(v->be32));
        break;
    case MFF_MPLS_TC:
        ds_put_format(s, "set_mpls_tc(%d)", v->u8);
        break;
    case MFF_TUN_ID:
        ds_put_format(s, "set_tunnel%s:%#"PRIx64,
                      sf->ofpact.raw == RAW_SET_TUNNEL64 ? "64" : "",
                      ntohll(v->be64));
        break;
    default:
        format_set_field(sf, port_name, aux, s);
        break;
    }
}

static void
format_load(const struct ofpact_set_field *sf,
            const char *(*port_name)(uint32_t, void *), void *aux,
            struct ds *s)
{
    struct mf_subfield dst;

    if (!mask_to_subfield(sf->field, &sf->mask, &dst.ofs, &dst.n_bits)) {
        format_set_field(sf, port_name, aux, s);
        return;
    }
    dst.field = sf->field;
    ds_put_cstr(s, "load:");
    format_subvalue(&sf->value, sf->field->n_bytes, dst.ofs, dst.n_bits, s);
    ds_put_cstr(s, "->");
    mf_format_subfield(&dst, s);
}

static void
format_controller(const struct ofpact_controller *c, struct ds *s)
{
    if (c->reason == OFA_R_ACTION && !c->controller_id && !c->pause) {
        ds_put_format(s, "CONTROLLER:%"PRIu16, c->max_len);
        return;
    }
    ds_put_cstr(s, "controller(");
    if (c->reason != OFA_R_ACTION) {
        if (c->reason < ARRAY_SIZE(controller_reasons)) {
            ds_put_format(s, "reason=%s,", controller_reasons[c->reason]);
        } else {
            ds_put_format(s, "reason=%d,", c->reason);
        }
    }
    if (c->max_len != UINT16_MAX) {
        ds_put_format(s, "max_len=%"PRIu16",", c->max_len);
    }
    if (c->controller_id) {
        ds_put_format(s, "id=%"PRIu16",", c->controller_id);
    }
    if (c->pause) {
        ds_put_cstr(s, "pause,");
    }
    ds_chomp(s, ',');
    ds_put_char(s, ')');
}

static void
format_one(const struct ofpact *a,
           const char *(*port_name)(uint32_t, void *), void *aux,
           struct ds *s)
{
    switch ((enum ofpact_type) a->type) {
    case OFPACT_OUTPUT: {
        const struct ofpact_output *o = (const void *) a;
        if (o->port == OFPP_CONTROLLER) {
            ds_put_format(s, "CONTROLLER:%"PRIu16, o->max_len);
        } else if (o->port >= OFPP_MAX) {
            format_port(o->port, port_name, aux, s);
        } else {
            ds_put_cstr(s, "output:");
            format_port(o->port, port_name, aux, s);
        }
        break;
    }
    case OFPACT_CONTROLLER:
        format_controller((const void *) a, s);
        break;
    case OFPACT_ENQUEUE: {
        const struct ofpact_enqueue *e = (const void *) a;
        ds_put_cstr(s, "enqueue:");
        format_port(e->port, port_name, aux, s);
        ds_put_format(s, ":%"PRIu32, e->queue);
        break;
    }
    case OFPACT_GROUP:
        ds_put_format(s, "group:%"PRIu32,
                      ((const struct ofpact_group *) a)->group_id);
        break;
    case OFPACT_RESUBMIT: {
        const struct ofpact_resubmit *r = (const void *) a;
        if (r->in_port != OFPP_IN_PORT && r->table_id == 255) {
            ds_put_cstr(s, "resubmit:");
            format_port(r->in_port, port_name, aux, s);
        } else {
            ds_put_cstr(s, "resubmit(");
            if (r->in_port != OFPP_IN_PORT) {
                format_port(r->in_port, port_name, aux, s);
            }
            ds_put_char(s, ',');
            if (r->table_id != 255) {
                ds_put_format(s, "%d", r->table_id);
            }
            ds_put_char(s, ')');
        }
        break;
    }
    case OFPACT_SET_FIELD: {
        const struct ofpact_set_field *sf = (const void *) a;
        if (sf->flavor == OFPACT_SF_MOD) {
            format_mod(sf, port_name, aux, s);
        } else if (sf->flavor == OFPACT_SF_LOAD) {
            format_load(sf, port_name, aux, s);
        } else {
            format_set_field(sf, port_name, aux, s);
        }
        break;
    }
    case OFPACT_REG_MOVE: {
        const struct ofpact_reg_move *m = (const void *) a;
        ds_put_cstr(s, "move:");
        mf_format_subfield(&m->src, s);
        ds_put_cstr(s, "->");
        mf_format_subfield(&m->dst, s);
        break;
    }
    case OFPACT_PUSH_VLAN:
        ds_put_format(s, "push_vlan:%#"PRIx16,
                      ntohs(((const struct ofpact_push_vlan *) a)
                            ->ethertype));
        break;
    case OFPACT_STRIP_VLAN:
        ds_put_cstr(s, a->raw == RAW_POP_VLAN ? "pop_vlan" : "strip_vlan");
        break;
    case OFPACT_DEC_TTL: {
        const struct ofpact_dec_ttl *d = (const void *) a;
        ds_put_cstr(s, "dec_ttl");
        if (d->n_controller_ids) {
            ds_put_char(s, '(');
            for (size_t i = 0; i < d->n_controller_ids; i++) {
                ds_put_format(s, "%s%"PRIu16, i ? "," : "",
                              d->controller_ids[i]);
            }
            ds_put_char(s, ')');
        }
        break;
    }
    case OFPACT_SET_IP_TTL:
        ds_put_format(s, "mod_nw_ttl:%d",
                      ((const struct ofpact_ip_ttl *) a)->ttl);
        break;
    case OFPACT_COPY_TTL_IN:
        ds_put_cstr(s, "copy_ttl_in");
        break;
    case OFPACT_COPY_TTL_OUT:
        ds_put_cstr(s, "copy_ttl_out");
        break;
    case OFPACT_PUSH_MPLS:
    case OFPACT_POP_MPLS:
        ds_put_format(s, "%s_mpls:0x%04"PRIx16,
                      a->type == OFPACT_PUSH_MPLS ? "push" : "pop",
                      ntohs(((const struct ofpact_ethertype *) a)
                            ->ethertype));
        break;
    case OFPACT_SET_MPLS_TTL:
        ds_put_format(s, "set_mpls_ttl(%d)",
                      ((const struct ofpact_ip_ttl *) a)->ttl);
        break;
    case OFPACT_DEC_MPLS_TTL:
        ds_put_cstr(s, "dec_mpls_ttl");
        break;
    case OFPACT_SET_QUEUE:
        ds_put_format(s, "set_queue:%"PRIu32,
                      ((const struct ofpact_queue *) a)->queue_id);
        break;
    case OFPACT_POP_QUEUE:
        ds_put_cstr(s, "pop_queue");
        break;
    case OFPACT_NOTE: {
        const struct ofpact_note *n = (const void *) a;
        ds_put_cstr(s, "note:");
        for (size_t i = 0; i < n->length; i++) {
            ds_put_format(s, "%s%02x", i ? "." : "", n->data[i]);
        }
        break;
    }
    case OFPACT_METER:
        ds_put_format(s, "meter:%"PRIu32,
                      ((const struct ofpact_meter *) a)->meter_id);
        break;
    case OFPACT_CLEAR_ACTIONS:
        ds_put_cstr(s, "clear_actions");
        break;
    case OFPACT_WRITE_ACTIONS: {
        const struct ofpact_nest *on = (const void *) a;
        ds_put_cstr(s, "write_actions(");
        ofpacts_format(on->actions, ofpact_nest_get_action_len(on),
                       port_name, aux, s);
        ds_put_char(s, ')');
        break;
    }
    case OFPACT_WRITE_METADATA: {
        const struct ofpact_metadata *md = (const void *) a;
        ds_put_format(s, "write_metadata:%#"PRIx64, ntohll(md->metadata));
        if (md->mask != UINT64_MAX) {
            ds_put_format(s, "/%#"PRIx64, ntohll(md->mask));
        }
        break;
    }
    case OFPACT_GOTO_TABLE:
        ds_put_format(s, "goto_table:%d",
                      ((const struct ofpact_goto_table *) a)->table_id);
        break;
    case OFPACT_N_TYPES:
    default:
        ds_put_format(s, "<unknown ofpact %d>", a->type);
        break;
    }
}

/* Appends 'ofpacts' in ovs-ofctl's syntax to 's' ("drop" if empty).
 * 'port_name' (may be NULL) names ports. */
void
ofpacts_format(const struct ofpact *ofpacts, size_t ofpacts_len,
               const char *(*port_name)(uint32_t port, void *aux),
               void *aux, struct ds *s)
{
    const struct ofpact *a;

    if (!ofpacts_len) {
        ds_put_cstr(s, "drop");
        return;
    }
    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        if (a != ofpacts) {
            ds_put_char(s, ',');
        }
        format_one(a, port_name, aux, s);
    }
}

/* ---- Text: parsing. ---- */

/* Instruction order of the text syntax (and of OpenFlow 1.1+
 * execution). */
enum parse_stage {
    STAGE_METER,
    STAGE_APPLY,
    STAGE_CLEAR,
    STAGE_WRITE_ACTIONS,
    STAGE_WRITE_METADATA,
    STAGE_GOTO,
};

static const char *const stage_names[] = {
    "meter", "apply_actions", "clear_actions", "write_actions",
    "write_metadata", "goto_table",
};

struct parse_ctx {
    struct ofpbuf *out;
    uint32_t (*port_by_name)(const char *, void *);
    void *aux;
    bool nested;                /* Inside write_actions(). */
    int stage;                  /* Highest enum parse_stage so far. */
    unsigned int seen;          /* Instructions seen, 1 << stage. */
};

static char * OSW_WARN_UNUSED_RESULT
parse_number(const char *key, const char *arg, uint64_t max, uint64_t *v)
{
    if (!arg || !parse_uint(arg, max, v)) {
        return xasprintf("%s: \"%s\" is not a valid number (at most "
                         "%"PRIu64")", key, arg ? arg : "", max);
    }
    return NULL;
}

static char * OSW_WARN_UNUSED_RESULT
parse_port_arg(const struct parse_ctx *ctx, const char *key,
               const char *arg, uint16_t *port)
{
    if (!arg || !parse_port(arg, ctx->port_by_name, ctx->aux, port)) {
        return xasprintf("%s: unknown port \"%s\"", key, arg ? arg : "");
    }
    return NULL;
}

static char * OSW_WARN_UNUSED_RESULT
parse_controller(struct parse_ctx *ctx, char *arg)
{
    uint16_t max_len = UINT16_MAX, id = 0;
    uint8_t reason = OFA_R_ACTION;
    uint64_t v;
    char *error;

    if (arg && *arg && !strchr(arg, '=')) {
        error = parse_number("controller", arg, UINT16_MAX, &v);
        if (error) {
            return error;
        }
        max_len = v;
    } else if (arg) {
        char *save = NULL;
        for (char *kv = strtok_r(arg, ",", &save); kv;
             kv = strtok_r(NULL, ",", &save)) {
            char *value = strchr(kv, '=');
            if (value) {
                *value++ = '\0';
            }
            if (!strcmp(kv, "reason")) {
                size_t i;
                for (i = 0; i < ARRAY_SIZE(controller_reasons); i++) {
                    if (value && !strcmp(value, controller_reasons[i])) {
                        break;
                    }
                }
                if (i >= ARRAY_SIZE(controller_reasons)) {
                    return xasprintf("unknown reason \"%s\"",
                                     value ? value : "");
                }
                reason = i;
            } else if (!strcmp(kv, "max_len")) {
                error = parse_number("max_len", value, UINT16_MAX, &v);
                if (error) {
                    return error;
                }
                max_len = v;
            } else if (!strcmp(kv, "id")) {
                error = parse_number("id", value, UINT16_MAX, &v);
                if (error) {
                    return error;
                }
                id = v;
            } else {
                return xasprintf("controller: \"%s\" is not supported", kv);
            }
        }
    }

    struct ofpact_controller *c = (struct ofpact_controller *)
        put_fixed(ctx->out, OFPACT_CONTROLLER, sizeof *c);
    c->max_len = max_len;
    c->controller_id = id;
    c->reason = reason;
    return NULL;
}

static char * OSW_WARN_UNUSED_RESULT
parse_output(struct parse_ctx *ctx, const char *key, const char *arg)
{
    uint16_t port;
    char *error = parse_port_arg(ctx, key, arg, &port);
    if (error) {
        return error;
    }
    if (port == OFPP_CONTROLLER) {
        return parse_controller(ctx, NULL);
    }
    put_output(ctx->out, port, 0);
    return NULL;
}

static char * OSW_WARN_UNUSED_RESULT
parse_enqueue(struct parse_ctx *ctx, char *arg)
{
    char *sep = arg ? strpbrk(arg, ":,") : NULL;
    uint16_t port;
    uint64_t queue;
    char *error;

    if (!sep) {
        return xstrdup("enqueue: syntax is enqueue:PORT:QUEUE or "
                       "enqueue(PORT,QUEUE)");
    }
    *sep = '\0';
    error = parse_port_arg(ctx, "enqueue", arg, &port);
    if (!error) {
        error = parse_number("enqueue", sep + 1, UINT32_MAX, &queue);
    }
    if (error) {
        return error;
    }
    struct ofpact_enqueue *e = (struct ofpact_enqueue *)
        put_fixed(ctx->out, OFPACT_ENQUEUE, sizeof *e);
    e->port = port;
    e->queue = queue;
    return NULL;
}

static char * OSW_WARN_UNUSED_RESULT
parse_resubmit(struct parse_ctx *ctx, char *arg)
{
    uint16_t in_port = OFPP_IN_PORT;
    uint8_t table = 255;
    char *comma = arg ? strchr(arg, ',') : NULL;
    char *error;

    if (!arg) {
        return xstrdup("resubmit: port or table required");
    }
    if (comma) {
        *comma = '\0';
        if (comma[1]) {
            uint64_t t;
            error = parse_number("resubmit", comma + 1, 254, &t);
            if (error) {
                return error;
            }
            table = t;
        }
    }
    if (*arg) {
        error = parse_port_arg(ctx, "resubmit", arg, &in_port);
        if (error) {
            return error;
        }
    }
    if (in_port == OFPP_IN_PORT && table == 255) {
        return xstrdup("at least one \"in_port\" or \"table\" must be "
                       "specified on resubmit");
    }
    struct ofpact_resubmit *r = (struct ofpact_resubmit *)
        put_fixed(ctx->out, OFPACT_RESUBMIT, sizeof *r);
    r->in_port = in_port;
    r->table_id = table;
    return NULL;
}

/* mod_dl_src and friends: OpenFlow 1.0-style field rewrites. */
static char * OSW_WARN_UNUSED_RESULT
parse_mod(struct parse_ctx *ctx, const char *key, const char *arg)
{
    static const struct {
        const char *name;
        enum mf_field_id id;
        uint64_t max;           /* For integers; 0 for MAC and IP. */
    } mods[] = {
        { "mod_dl_src", MFF_ETH_SRC, 0 },
        { "mod_dl_dst", MFF_ETH_DST, 0 },
        { "mod_nw_src", MFF_IPV4_SRC, 0 },
        { "mod_nw_dst", MFF_IPV4_DST, 0 },
        { "mod_nw_tos", MFF_IP_DSCP_SHIFTED, 255 },
        { "mod_nw_ecn", MFF_IP_ECN, 3 },
        { "mod_tp_src", MFF_TCP_SRC, UINT16_MAX },
        { "mod_tp_dst", MFF_TCP_DST, UINT16_MAX },
        { "mod_vlan_vid", MFF_DL_VLAN, 4095 },
        { "mod_vlan_pcp", MFF_DL_VLAN_PCP, 7 },
        { "set_vlan_vid", MFF_DL_VLAN, 4095 },
        { "set_vlan_pcp", MFF_DL_VLAN_PCP, 7 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(mods); i++) {
        if (strcasecmp(key, mods[i].name)) {
            continue;
        }

        union mf_value value;
        memset(&value, 0, sizeof value);
        if (!mods[i].max) {
            char *error = mf_parse_value(mf_from_id(mods[i].id),
                                         arg ? arg : "", &value);
            if (error) {
                char *msg = xasprintf("%s: %s", key, error);
                free(error);
                return msg;
            }
        } else {
            uint64_t v;
            char *error = parse_number(key, arg, mods[i].max, &v);
            if (error) {
                return error;
            }
            if (mods[i].id == MFF_IP_DSCP_SHIFTED && v & 3) {
                return xasprintf("%s: invalid TOS %"PRIu64" (the low 2 "
                                 "bits are ECN)", key, v);
            }
            if (mods[i].max > 255) {
                value.be16 = htons(v);
            } else {
                value.u8 = v;
            }
        }
        struct ofpact_set_field *sf = put_set_field(ctx->out, mods[i].id,
                                                    OFPACT_SF_MOD);
        sf->value = value;
        if (!strncasecmp(key, "set_", 4)) {
            sf->ofpact.raw = RAW_VLAN11;
        }
        return NULL;
    }
    return xasprintf("unknown action %s", key);
}

/* Splits "A->B" at the arrow. */
static char *
split_arrow(char *arg, char **rhs)
{
    char *arrow = arg ? strstr(arg, "->") : NULL;
    if (!arrow) {
        return NULL;
    }
    *arrow = '\0';
    *rhs = arrow + 2;
    return arg;
}

static char * OSW_WARN_UNUSED_RESULT
parse_set_field(struct parse_ctx *ctx, char *arg)
{
    const struct mf_field *field;
    union mf_value value, mask;
    char *name, *error;

    if (!split_arrow(arg, &name)) {
        return xstrdup("set_field: syntax is set_field:VALUE[/MASK]->FIELD");
    }
    field = mf_from_name(name);
    if (!field) {
        return xasprintf("set_field: unknown field %s", name);
    }
    if (!field->writable) {
        return xasprintf("%s is read-only", name);
    }
    memset(&value, 0, sizeof value);
    memset(&mask, 0, sizeof mask);
    error = mf_parse(field, arg, ctx->port_by_name, ctx->aux, &value, &mask);
    if (error) {
        return error;
    }
    if (!mf_is_value_valid(field, &value)) {
        return xasprintf("%s is not a valid value for field %s", arg, name);
    }
    if (is_all_zeros(&mask, sizeof mask)) {
        return xasprintf("set_field: %s: a zero mask sets nothing", name);
    }

    struct ofpact_set_field *sf = put_set_field(ctx->out, field->id,
                                                OFPACT_SF_SET_FIELD);
    sf->value = value;
    memset(&sf->mask, 0, sizeof sf->mask);
    memcpy(sf->mask.bytes, mask.bytes, field->n_bytes);
    if (mask_is_full(field, &sf->mask)) {
        memset(&sf->mask, 0xff, sizeof sf->mask);
    }
    return NULL;
}

static char * OSW_WARN_UNUSED_RESULT
parse_load(struct parse_ctx *ctx, char *arg)
{
    struct mf_subfield dst;
    const char *dst_s;
    char *rhs, *error;
    uint64_t v;

    if (!split_arrow(arg, &rhs)) {
        return xstrdup("load: syntax is load:VALUE->DST");
    }
    dst_s = rhs;
    error = mf_parse_subfield(&dst, &dst_s);
    if (error) {
        return error;
    }
    if (*dst_s) {
        return xasprintf("load: trailing garbage \"%s\"", dst_s);
    }
    if (!dst.field->writable) {
        return xasprintf("%s is read-only", dst.field->name);
    }
    if (dst.n_bits > 64) {
        return xasprintf("load: %u bits is too wide (at most 64)",
                         dst.n_bits);
    }
    if (!parse_uint(arg, UINT64_MAX, &v)) {
        return xasprintf("load: \"%s\" is not a valid value", arg);
    }
    if (dst.n_bits < 64 && v >> dst.n_bits) {
        return xasprintf("%s: value does not fit into %u bits", arg,
                         dst.n_bits);
    }

    struct ofpact_set_field *sf = put_set_field(ctx->out, dst.field->id,
                                                OFPACT_SF_LOAD);
    memset(&sf->value, 0, sizeof sf->value);
    bits_insert(&sf->value, dst.field->n_bytes, dst.ofs, dst.n_bits, v);
    subfield_mask(&sf->mask, dst.field->n_bytes, dst.ofs, dst.n_bits);
    return NULL;
}

static char * OSW_WARN_UNUSED_RESULT
parse_move(struct parse_ctx *ctx, char *arg)
{
    struct mf_subfield src, dst;
    const char *p;
    char *rhs, *error;

    if (!split_arrow(arg, &rhs)) {
        return xstrdup("move: syntax is move:SRC->DST");
    }
    p = arg;
    error = mf_parse_subfield(&src, &p);
    if (!error && *p) {
        error = xasprintf("move: trailing garbage \"%s\"", p);
    }
    if (error) {
        return error;
    }
    p = rhs;
    error = mf_parse_subfield(&dst, &p);
    if (!error && *p) {
        error = xasprintf("move: trailing garbage \"%s\"", p);
    }
    if (error) {
        return error;
    }
    if (src.n_bits != dst.n_bits) {
        return xasprintf("source field is %u bits wide but destination is "
                         "%u bits wide", src.n_bits, dst.n_bits);
    }
    if (!dst.field->writable) {
        return xasprintf("%s is read-only", dst.field->name);
    }
    struct ofpact_reg_move *m = (struct ofpact_reg_move *)
        put_fixed(ctx->out, OFPACT_REG_MOVE, sizeof *m);
    m->src = src;
    m->dst = dst;
    return NULL;
}

static char * OSW_WARN_UNUSED_RESULT
parse_dec_ttl(struct parse_ctx *ctx, char *arg)
{
    uint16_t ids[256];
    size_t n = 0;

    if (arg) {
        char *save = NULL;
        for (char *id = strtok_r(arg, ", ", &save); id;
             id = strtok_r(NULL, ", ", &save)) {
            uint64_t v;
            char *error;
            if (n >= ARRAY_SIZE(ids)) {
                return xstrdup("dec_ttl: too many controller ids");
            }
            error = parse_number("dec_ttl", id, UINT16_MAX, &v);
            if (error) {
                return error;
            }
            ids[n++] = v;
        }
        if (!n) {
            return xstrdup("dec_ttl_cnt_ids: expected at least one "
                           "controller id.");
        }
    }
    put_dec_ttl(ctx->out, ids, n);
    return NULL;
}

static int
hexit(char c)
{
    return (c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1);
}

static char * OSW_WARN_UNUSED_RESULT
parse_note(struct parse_ctx *ctx, const char *arg)
{
    struct ofpbuf *out = ctx->out;

    ofpact_put(out, OFPACT_NOTE, sizeof(struct ofpact_note));
    for (const char *p = arg ? arg : ""; *p; ) {
        if (*p == '.') {
            p++;
            continue;
        }
        int hi = hexit(p[0]);
        int lo = hi >= 0 ? hexit(p[1]) : -1;
        if (lo < 0) {
            ofpbuf_truncate(out, (uint8_t *) out->header
                            - (uint8_t *) out->data);
            return xasprintf("note: \"%s\" is not hex bytes", arg);
        }
        uint8_t byte = hi * 16 + lo;
        ofpbuf_put(out, &byte, 1);
        ((struct ofpact_note *) out->header)->length++;
        p += 2;
    }
    ofpact_finish(out, out->header);
    return NULL;
}

static char * OSW_WARN_UNUSED_RESULT
parse_write_metadata(struct parse_ctx *ctx, char *arg)
{
    uint64_t value, mask = UINT64_MAX;
    char *slash = arg ? strchr(arg, '/') : NULL;
    char *error;

    if (slash) {
        *slash = '\0';
        error = parse_number("write_metadata", slash + 1, UINT64_MAX, &mask);
        if (error) {
            return error;
        }
    }
    error = parse_number("write_metadata", arg, UINT64_MAX, &value);
    if (error) {
        return error;
    }
    struct ofpact_metadata *md = (struct ofpact_metadata *)
        put_fixed(ctx->out, OFPACT_WRITE_METADATA, sizeof *md);
    md->metadata = htonll(value & mask);
    md->mask = htonll(mask);
    return NULL;
}

static char *parse_list(struct parse_ctx *, char *s);

static char * OSW_WARN_UNUSED_RESULT
parse_write_actions(struct parse_ctx *ctx, char *arg)
{
    struct ofpbuf nested;
    struct parse_ctx sub = {
        .out = &nested, .port_by_name = ctx->port_by_name,
        .aux = ctx->aux, .nested = true, .stage = STAGE_APPLY,
    };
    char *error;

    ofpbuf_init(&nested, 64);
    error = parse_list(&sub, arg ? arg : "");
    if (!error) {
        ofpact_put(ctx->out, OFPACT_WRITE_ACTIONS,
                   offsetof(struct ofpact_nest, actions));
        ofpbuf_put(ctx->out, nested.data, nested.size);
        ofpact_finish(ctx->out, ctx->out->header);
    }
    ofpbuf_uninit(&nested);
    return error;
}

/* Enforces the order and uniqueness of instructions in the text, as
 * ovs-ofctl does (OpenFlow 1.1+ cannot express anything else). */
static char * OSW_WARN_UNUSED_RESULT
enter_stage(struct parse_ctx *ctx, enum parse_stage stage)
{
    if (stage != STAGE_APPLY) {
        if (ctx->nested) {
            return xasprintf("%s is not allowed inside write_actions",
                             stage_names[stage]);
        }
        if (ctx->seen & (1u << stage)) {
            return xasprintf("instruction %s may be specified only once",
                             stage_names[stage]);
        }
        ctx->seen |= 1u << stage;
    }
    if ((int) stage < ctx->stage) {
        return xasprintf("invalid instruction ordering: %s must appear "
                         "before %s, for OpenFlow 1.1+ compatibility",
                         stage_names[stage], stage_names[ctx->stage]);
    }
    ctx->stage = stage;
    return NULL;
}

static char * OSW_WARN_UNUSED_RESULT
parse_u32_ofpact(struct parse_ctx *ctx, const char *key, const char *arg,
                 enum ofpact_type type)
{
    uint64_t v;
    char *error = parse_number(key, arg, UINT32_MAX, &v);
    if (!error) {
        put_u32_ofpact(ctx->out, type, v);
    }
    return error;
}

static char * OSW_WARN_UNUSED_RESULT
parse_action(struct parse_ctx *ctx, char *key, char *arg)
{
    struct ofpbuf *out = ctx->out;
    enum parse_stage stage = STAGE_APPLY;
    char *error;
    uint64_t v;

    if (!strcasecmp(key, "meter")) {
        stage = STAGE_METER;
    } else if (!strcasecmp(key, "clear_actions")) {
        stage = STAGE_CLEAR;
    } else if (!strcasecmp(key, "write_actions")) {
        stage = STAGE_WRITE_ACTIONS;
    } else if (!strcasecmp(key, "write_metadata")) {
        stage = STAGE_WRITE_METADATA;
    } else if (!strcasecmp(key, "goto_table")) {
        stage = STAGE_GOTO;
    }
    error = enter_stage(ctx, stage);
    if (error) {
        return error;
    }

    if (!strcasecmp(key, "output")) {
        return parse_output(ctx, key, arg);
    } else if (!strcasecmp(key, "controller")) {
        return parse_controller(ctx, arg);
    } else if (!strcasecmp(key, "enqueue")) {
        return parse_enqueue(ctx, arg);
    } else if (!strcasecmp(key, "resubmit")) {
        return parse_resubmit(ctx, arg);
    } else if (!strcasecmp(key, "group")) {
        return parse_u32_ofpact(ctx, key, arg, OFPACT_GROUP);
    } else if (!strcasecmp(key, "set_queue")) {
        return parse_u32_ofpact(ctx, key, arg, OFPACT_SET_QUEUE);
    } else if (!strcasecmp(key, "meter")) {
        return parse_u32_ofpact(ctx, key, arg, OFPACT_METER);
    } else if (!strcasecmp(key, "pop_queue")) {
        put_fixed(out, OFPACT_POP_QUEUE, sizeof(struct ofpact));
    } else if (!strcasecmp(key, "strip_vlan") || !strcasecmp(key,
                                                             "pop_vlan")) {
        put_fixed(out, OFPACT_STRIP_VLAN, sizeof(struct ofpact))->raw
            = !strcasecmp(key, "pop_vlan") ? RAW_POP_VLAN : RAW_STRIP_VLAN;
    } else if (!strcasecmp(key, "push_vlan")) {
        error = parse_number(key, arg, UINT16_MAX, &v);
        if (error) {
            return error;
        }
        if (v != 0x8100 && v != 0x88a8) {
            return xasprintf("push_vlan: %#"PRIx64" is not a valid VLAN "
                             "ethertype (0x8100 or 0x88a8)", v);
        }
        struct ofpact_push_vlan *pv = (struct ofpact_push_vlan *)
            put_fixed(out, OFPACT_PUSH_VLAN, sizeof *pv);
        pv->ethertype = htons(v);
    } else if (!strcasecmp(key, "push_mpls") || !strcasecmp(key, "pop_mpls")) {
        bool push = !strcasecmp(key, "push_mpls");
        error = parse_number(key, arg, UINT16_MAX, &v);
        if (error) {
            return error;
        }
        if (put_ethertype_ofpact(out, push ? OFPACT_PUSH_MPLS
                                 : OFPACT_POP_MPLS, htons(v))) {
            return xasprintf("push_mpls: %#"PRIx64" is not an MPLS "
                             "ethertype (0x8847 or 0x8848)", v);
        }
    } else if (!strcasecmp(key, "set_mpls_label")
               || !strcasecmp(key, "set_mpls_tc")) {
        bool label = !strcasecmp(key, "set_mpls_label");
        error = parse_number(key, arg, label ? 0xfffff : 7, &v);
        if (error) {
            return error;
        }
        put_mpls_mod(out, label ? MFF_MPLS_LABEL : MFF_MPLS_TC, v);
    } else if (!strcasecmp(key, "set_mpls_ttl")) {
        error = parse_number(key, arg, 255, &v);
        if (error) {
            return error;
        }
        put_mpls_ttl(out, v);
    } else if (!strcasecmp(key, "dec_mpls_ttl")) {
        put_fixed(out, OFPACT_DEC_MPLS_TTL, sizeof(struct ofpact));
    } else if (!strcasecmp(key, "mod_nw_ttl")) {
        error = parse_number(key, arg, 255, &v);
        if (error) {
            return error;
        }
        ((struct ofpact_ip_ttl *) put_fixed(out, OFPACT_SET_IP_TTL,
                                            sizeof(struct ofpact_ip_ttl)))
            ->ttl = v;
    } else if (!strncasecmp(key, "mod_", 4)
               || !strcasecmp(key, "set_vlan_vid")
               || !strcasecmp(key, "set_vlan_pcp")) {
        return parse_mod(ctx, key, arg);
    } else if (!strcasecmp(key, "set_field")) {
        return parse_set_field(ctx, arg);
    } else if (!strcasecmp(key, "load")) {
        return parse_load(ctx, arg);
    } else if (!strcasecmp(key, "move")) {
        return parse_move(ctx, arg);
    } else if (!strcasecmp(key, "dec_ttl")) {
        return parse_dec_ttl(ctx, arg);
    } else if (!strcasecmp(key, "copy_ttl_in")) {
        put_fixed(out, OFPACT_COPY_TTL_IN, sizeof(struct ofpact));
    } else if (!strcasecmp(key, "copy_ttl_out")) {
        put_fixed(out, OFPACT_COPY_TTL_OUT, sizeof(struct ofpact));
    } else if (!strcasecmp(key, "set_tunnel")
               || !strcasecmp(key, "set_tunnel64")) {
        error = parse_number(key, arg, UINT64_MAX, &v);
        if (error) {
            return error;
        }
        struct ofpact_set_field *sf = put_set_field(out, MFF_TUN_ID,
                                                    OFPACT_SF_MOD);
        sf->value.be64 = htonll(v);
        sf->ofpact.raw = (!strcasecmp(key, "set_tunnel64") || v > UINT32_MAX
                          ? RAW_SET_TUNNEL64 : RAW_SET_TUNNEL);
    } else if (!strcasecmp(key, "note")) {
        return parse_note(ctx, arg);
    } else if (!strcasecmp(key, "clear_actions")) {
        put_fixed(out, OFPACT_CLEAR_ACTIONS, sizeof(struct ofpact));
    } else if (!strcasecmp(key, "write_actions")) {
        return parse_write_actions(ctx, arg);
    } else if (!strcasecmp(key, "write_metadata")) {
        return parse_write_metadata(ctx, arg);
    } else if (!strcasecmp(key, "goto_table")) {
        error = parse_number(key, arg, 254, &v);
        if (error) {
            return error;
        }
        ((struct ofpact_goto_table *) put_fixed(
            out, OFPACT_GOTO_TABLE, sizeof(struct ofpact_goto_table)))
            ->table_id = v;
    } else {
        uint16_t port;
        if (arg || !parse_port(key, ctx->port_by_name, ctx->aux, &port)) {
            return xasprintf("unknown action %s", key);
        }
        if (port == OFPP_CONTROLLER) {
            return parse_controller(ctx, NULL);
        }
        put_output(out, port, 0);
    }
    return NULL;
}

/* Splits the comma-separated list 's' (modified) at top-level commas and
 * parses each action. */
static char *
parse_list(struct parse_ctx *ctx, char *s)
{
    size_t n_actions = 0;
    bool drop = false;

    while (*s) {
        char *key, *arg = NULL, *end;
        int depth = 0;

        s += strspn(s, ", \t\r\n");
        if (!*s) {
            break;
        }
        for (end = s; *end && (depth || (*end != ',' && *end != ' '
                                        && *end != '\t'));
             end++) {
            if (*end == '(') {
                depth++;
            } else if (*end == ')' && depth) {
                depth--;
            }
        }
        if (depth) {
            return xasprintf("%s: unbalanced parentheses", s);
        }
        if (*end) {
            *end++ = '\0';
        }

        key = s;
        s = end;
        size_t klen = strcspn(key, ":=(");
        if (key[klen] == '(') {
            char *close = key + strlen(key) - 1;
            if (*close != ')') {
                return xasprintf("%s: syntax error after \")\"", key);
            }
            *close = '\0';
            arg = key + klen + 1;
        } else if (key[klen]) {
            arg = key + klen + 1;
        }
        key[klen] = '\0';

        if (!strcasecmp(key, "drop")) {
            drop = true;
            continue;
        }
        char *error = parse_action(ctx, key, arg);
        if (error) {
            return error;
        }
        n_actions++;
    }
    if (drop && n_actions) {
        return xstrdup("\"drop\" must not be accompanied by any other "
                       "action or instruction");
    }
    return NULL;
}

/* Parses the ovs-ofctl action list 's' into ofpacts appended to
 * 'ofpacts'.  On error 'ofpacts' is left as it was. */
char *
ofpacts_parse(const char *s, struct ofpbuf *ofpacts,
              uint32_t (*port_by_name)(const char *, void *), void *aux)
{
    struct parse_ctx ctx = {
        .out = ofpacts, .port_by_name = port_by_name, .aux = aux,
        .stage = STAGE_METER,
    };
    size_t orig = ofpacts->size;
    char *copy = xstrdup(s);
    char *error = parse_list(&ctx, copy);

    free(copy);
    if (error) {
        ofpbuf_truncate(ofpacts, orig);
    }
    ofpacts->header = NULL;
    return error;
}

/* ---- Queries. ---- */

/* True if the two ofpact lists are the same. */
bool
ofpacts_equal(const struct ofpact *a, size_t a_len,
              const struct ofpact *b, size_t b_len)
{
    return a_len == b_len && (!a_len || !memcmp(a, b, a_len));
}

/* True if 'ofpacts' output to 'port' (directly, by enqueue, or nested in
 * write_actions); the controller action counts as OFPP_CONTROLLER. */
bool
ofpacts_output_to_port(const struct ofpact *ofpacts, size_t ofpacts_len,
                       uint16_t port)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        switch (a->type) {
        case OFPACT_OUTPUT:
            if (((const struct ofpact_output *) a)->port == port) {
                return true;
            }
            break;
        case OFPACT_ENQUEUE:
            if (((const struct ofpact_enqueue *) a)->port == port) {
                return true;
            }
            break;
        case OFPACT_CONTROLLER:
            if (port == OFPP_CONTROLLER) {
                return true;
            }
            break;
        case OFPACT_WRITE_ACTIONS: {
            const struct ofpact_nest *on = (const void *) a;
            if (ofpacts_output_to_port(on->actions,
                                       ofpact_nest_get_action_len(on),
                                       port)) {
                return true;
            }
            break;
        }
        default:
            break;
        }
    }
    return false;
}

/* True if 'ofpacts' send to group 'group_id'. */
bool
ofpacts_output_to_group(const struct ofpact *ofpacts, size_t ofpacts_len,
                        uint32_t group_id)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        if (a->type == OFPACT_GROUP
            && ((const struct ofpact_group *) a)->group_id == group_id) {
            return true;
        }
        if (a->type == OFPACT_WRITE_ACTIONS) {
            const struct ofpact_nest *on = (const void *) a;
            if (ofpacts_output_to_group(on->actions,
                                        ofpact_nest_get_action_len(on),
                                        group_id)) {
                return true;
            }
        }
    }
    return false;
}

/* The first ofpact of 'type' in 'ofpacts', or NULL. */
const struct ofpact *
ofpacts_find(const struct ofpact *ofpacts, size_t ofpacts_len,
             enum ofpact_type type)
{
    const struct ofpact *a;

    OFPACT_FOR_EACH (a, ofpacts, ofpacts_len) {
        if (a->type == type) {
            return a;
        }
    }
    return NULL;
}
