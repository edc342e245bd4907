/* ofp-util: protocols, Nicira control messages, switch config, roles,
 * async config, descriptions, table mod.  Ports, flows, groups and meters
 * are in ofp-port.c, ofp-flow.c, ofp-group.c and ofp-meter.c. */
#include <config.h>
#include "ofp-util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "osw/dynamic-string.h"
#include "osw/ofpbuf.h"
#include "osw/util.h"

/* Copies 'src' into the 'size'-byte wire field 'dst'. */
void
ofputil_put_wire_string(char *dst, size_t size, const char *src)
{
    size_t len = strnlen(src, size - 1);
    memcpy(dst, src, len);
    memset(dst + len, 0, size - len);
}

/* Copies wire field 'src' of 'size' bytes into 'dst', null-terminated. */
void
ofputil_get_wire_string(char *dst, const char *src, size_t size)
{
    size_t len = strnlen(src, size - 1);
    memcpy(dst, src, len);
    memset(dst + len, 0, size - len);
}

/* ---- Protocols. ---- */

static const struct {
    enum ofputil_protocol protocol;
    const char *name;
} protocol_names[] = {
    { OFPUTIL_P_OF10_STD, "OpenFlow10-table_id" },
    { OFPUTIL_P_OF10_STD_TID, "OpenFlow10+table_id" },
    { OFPUTIL_P_OF10_NXM, "NXM-table_id" },
    { OFPUTIL_P_OF10_NXM_TID, "NXM+table_id" },
    { OFPUTIL_P_OF13_OXM, "OXM-OpenFlow13" },
    { OFPUTIL_P_OF14_OXM, "OXM-OpenFlow14" },
    { OFPUTIL_P_OF15_OXM, "OXM-OpenFlow15" },
};

static const struct {
    const char *name;
    enum ofputil_protocol protocols;
} protocol_aliases[] = {
    { "any", OFPUTIL_P_ANY },
    { "OpenFlow10", OFPUTIL_P_OF10_STD_ANY },
    { "NXM", OFPUTIL_P_OF10_NXM_ANY },
    { "OXM", OFPUTIL_P_OF13_UP },
    { "OpenFlow13", OFPUTIL_P_OF13_OXM },
    { "OpenFlow14", OFPUTIL_P_OF14_OXM },
    { "OpenFlow15", OFPUTIL_P_OF15_OXM },
};

/* Returns the protocol a connection of 'version' starts with, or 0. */
enum ofputil_protocol
ofputil_protocol_from_ofp_version(uint8_t version)
{
    switch (version) {
    case OFP10_VERSION:
        return OFPUTIL_P_OF10_STD;
    case OFP13_VERSION:
        return OFPUTIL_P_OF13_OXM;
    case OFP14_VERSION:
        return OFPUTIL_P_OF14_OXM;
    case OFP15_VERSION:
        return OFPUTIL_P_OF15_OXM;
    default:
        return 0;
    }
}

/* Returns the version of 'protocol', or 0 if it is not a single valid
 * protocol. */
uint8_t
ofputil_protocol_to_ofp_version(enum ofputil_protocol protocol)
{
    switch (protocol) {
    case OFPUTIL_P_OF10_STD:
    case OFPUTIL_P_OF10_STD_TID:
    case OFPUTIL_P_OF10_NXM:
    case OFPUTIL_P_OF10_NXM_TID:
        return OFP10_VERSION;
    case OFPUTIL_P_OF13_OXM:
        return OFP13_VERSION;
    case OFPUTIL_P_OF14_OXM:
        return OFP14_VERSION;
    case OFPUTIL_P_OF15_OXM:
        return OFP15_VERSION;
    default:
        return 0;
    }
}

/* Returns the bitmap of versions used by 'protocols'. */
uint32_t
ofputil_protocols_to_version_bitmap(enum ofputil_protocol protocols)
{
    uint32_t bitmap = 0;
    for (size_t i = 0; i < ARRAY_SIZE(protocol_names); i++) {
        enum ofputil_protocol p = protocol_names[i].protocol;
        if (protocols & p) {
            bitmap |= OFPUTIL_VERSION_BIT(ofputil_protocol_to_ofp_version(p));
        }
    }
    return bitmap;
}

/* True if 'protocol' is a single protocol. */
bool
ofputil_protocol_is_valid(enum ofputil_protocol protocol)
{
    return ofputil_protocol_to_ofp_version(protocol) != 0;
}

/* Returns 'protocol' with the table_id extension on or off. */
enum ofputil_protocol
ofputil_protocol_set_tid(enum ofputil_protocol protocol, bool enable)
{
    switch (protocol) {
    case OFPUTIL_P_OF10_STD:
    case OFPUTIL_P_OF10_STD_TID:
        return enable ? OFPUTIL_P_OF10_STD_TID : OFPUTIL_P_OF10_STD;
    case OFPUTIL_P_OF10_NXM:
    case OFPUTIL_P_OF10_NXM_TID:
        return enable ? OFPUTIL_P_OF10_NXM_TID : OFPUTIL_P_OF10_NXM;
    default:
        return protocol;
    }
}

/* Returns 'protocol' without the table_id extension. */
enum ofputil_protocol
ofputil_protocol_to_base(enum ofputil_protocol protocol)
{
    return ofputil_protocol_set_tid(protocol, false);
}

/* Returns 'base' with the table_id setting of 'cur'. */
enum ofputil_protocol
ofputil_protocol_set_base(enum ofputil_protocol cur,
                          enum ofputil_protocol base)
{
    bool tid = (cur & (OFPUTIL_P_OF10_STD_TID | OFPUTIL_P_OF10_NXM_TID)) != 0;
    return ofputil_protocol_set_tid(base, tid);
}

/* Returns the name of single protocol 'protocol'. */
const char *
ofputil_protocol_to_string(enum ofputil_protocol protocol)
{
    for (size_t i = 0; i < ARRAY_SIZE(protocol_names); i++) {
        if (protocol_names[i].protocol == protocol) {
            return protocol_names[i].name;
        }
    }
    return "none";
}

/* Returns the comma-separated names of 'protocols'.  Caller frees. */
char *
ofputil_protocols_to_string(enum ofputil_protocol protocols)
{
    struct ds s;

    ds_init(&s);
    for (size_t i = 0; i < ARRAY_SIZE(protocol_names); i++) {
        if (protocols & protocol_names[i].protocol) {
            if (s.length) {
                ds_put_char(&s, ',');
            }
            ds_put_cstr(&s, protocol_names[i].name);
        }
    }
    if (!s.length) {
        ds_put_cstr(&s, "none");
    }
    return ds_steal_cstr(&s);
}

static enum ofputil_protocol
protocol_from_name(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(protocol_names); i++) {
        if (!strcasecmp(name, protocol_names[i].name)) {
            return protocol_names[i].protocol;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(protocol_aliases); i++) {
        if (!strcasecmp(name, protocol_aliases[i].name)) {
            return protocol_aliases[i].protocols;
        }
    }
    return 0;
}

/* Parses a comma-separated list of protocol names; 0 on error. */
enum ofputil_protocol
ofputil_protocols_from_string(const char *s)
{
    char *copy = xstrdup(s), *save = NULL;
    enum ofputil_protocol protocols = 0;

    for (char *tok = strtok_r(copy, ", \t", &save); tok;
         tok = strtok_r(NULL, ", \t", &save)) {
        enum ofputil_protocol p = protocol_from_name(tok);
        if (!p) {
            protocols = 0;
            break;
        }
        protocols |= p;
    }
    free(copy);
    return protocols;
}

/* Returns a message moving 'current' one step towards 'want' (see
 * ofp-util.h). */
struct ofpbuf *
ofputil_encode_set_protocol(enum ofputil_protocol current,
                            enum ofputil_protocol want,
                            enum ofputil_protocol *next)
{
    *next = current;
    if (ofputil_protocol_to_ofp_version(current) != OFP10_VERSION
        || ofputil_protocol_to_ofp_version(want) != OFP10_VERSION) {
        return NULL;
    }

    enum ofputil_protocol cur_base = ofputil_protocol_to_base(current);
    enum ofputil_protocol want_base = ofputil_protocol_to_base(want);
    if (cur_base != want_base) {
        *next = ofputil_protocol_set_base(current, want_base);
        return ofputil_encode_nx_set_flow_format(
            want_base == OFPUTIL_P_OF10_NXM ? NXFF_NXM : NXFF_OPENFLOW10);
    }

    bool want_tid = want != want_base;
    if ((current != cur_base) != want_tid) {
        *next = ofputil_protocol_set_tid(current, want_tid);
        return ofputil_encode_flow_mod_table_id(want_tid);
    }
    return NULL;
}

/* ---- Nicira control messages. ---- */

/* Returns an NXT_SET_FLOW_FORMAT (OpenFlow 1.0) for 'format'. */
struct ofpbuf *
ofputil_encode_nx_set_flow_format(enum nx_flow_format format)
{
    struct ofpbuf *msg = ofpraw_alloc(OFPRAW_NXT_SET_FLOW_FORMAT,
                                      OFP10_VERSION, 4);
    ovs_be32 f = htonl(format);
    ofpbuf_put(msg, &f, sizeof f);
    ofpmsg_update_length(msg);
    return msg;
}

static enum ofperr
pull_expect(const struct ofp_header *oh, enum ofpraw expected,
            struct ofpbuf *b)
{
    enum ofpraw raw;

    ofpbuf_use_const(b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, b);
    if (!error && raw != expected) {
        error = OFPERR_OFPBRC_BAD_TYPE;
    }
    return error;
}

static enum ofperr
decode_nx_u32(const struct ofp_header *oh, enum ofpraw raw, uint32_t *value)
{
    struct ofpbuf b;
    enum ofperr error = pull_expect(oh, raw, &b);
    if (!error) {
        ovs_be32 v;
        memcpy(&v, b.data, sizeof v);
        *value = ntohl(v);
    }
    return error;
}

/* Decodes NXT_SET_FLOW_FORMAT into the base protocol it selects. */
enum ofperr
ofputil_decode_nx_set_flow_format(const struct ofp_header *oh,
                                  enum ofputil_protocol *protocol)
{
    uint32_t format;
    enum ofperr error = decode_nx_u32(oh, OFPRAW_NXT_SET_FLOW_FORMAT,
                                      &format);
    if (error) {
        return error;
    }
    switch (format) {
    case NXFF_OPENFLOW10:
        *protocol = OFPUTIL_P_OF10_STD;
        return 0;
    case NXFF_NXM:
        *protocol = OFPUTIL_P_OF10_NXM;
        return 0;
    default:
        return OFPERR_OFPBRC_EPERM;
    }
}

/* Returns an NXT_FLOW_MOD_TABLE_ID turning the extension on or off. */
struct ofpbuf *
ofputil_encode_flow_mod_table_id(bool enable)
{
    struct ofpbuf *msg = ofpraw_alloc(OFPRAW_NXT_FLOW_MOD_TABLE_ID,
                                      OFP10_VERSION, 8);
    uint8_t *body = ofpbuf_put_zeros(msg, 8);
    body[0] = enable;
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes NXT_FLOW_MOD_TABLE_ID. */
enum ofperr
ofputil_decode_flow_mod_table_id(const struct ofp_header *oh, bool *enable)
{
    struct ofpbuf b;
    enum ofperr error = pull_expect(oh, OFPRAW_NXT_FLOW_MOD_TABLE_ID, &b);
    if (!error) {
        *enable = ((const uint8_t *) b.data)[0] != 0;
    }
    return error;
}

/* Returns an NXT_SET_PACKET_IN_FORMAT for 'format'. */
struct ofpbuf *
ofputil_encode_set_packet_in_format(uint8_t version,
                                    enum nx_packet_in_format format)
{
    struct ofpbuf *msg = ofpraw_alloc(OFPRAW_NXT_SET_PACKET_IN_FORMAT,
                                      version, 4);
    ovs_be32 f = htonl(format);
    ofpbuf_put(msg, &f, sizeof f);
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes NXT_SET_PACKET_IN_FORMAT; formats other than NXPIF_STANDARD and
 * NXPIF_NXT_PACKET_IN are refused with OFPBRC_EPERM. */
enum ofperr
ofputil_decode_set_packet_in_format(const struct ofp_header *oh,
                                    enum nx_packet_in_format *format)
{
    uint32_t f;
    enum ofperr error = decode_nx_u32(oh, OFPRAW_NXT_SET_PACKET_IN_FORMAT,
                                      &f);
    if (error) {
        return error;
    }
    if (f != NXPIF_STANDARD && f != NXPIF_NXT_PACKET_IN) {
        return OFPERR_OFPBRC_EPERM;
    }
    *format = f;
    return 0;
}

/* Returns an NXT_SET_CONTROLLER_ID for 'id'. */
struct ofpbuf *
ofputil_encode_set_controller_id(uint8_t version, uint16_t id)
{
    struct ofpbuf *msg = ofpraw_alloc(OFPRAW_NXT_SET_CONTROLLER_ID,
                                      version, 8);
    uint8_t *body = ofpbuf_put_zeros(msg, 8);
    body[6] = id >> 8;
    body[7] = id;
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes NXT_SET_CONTROLLER_ID. */
enum ofperr
ofputil_decode_set_controller_id(const struct ofp_header *oh, uint16_t *id)
{
    struct ofpbuf b;
    enum ofperr error = pull_expect(oh, OFPRAW_NXT_SET_CONTROLLER_ID, &b);
    if (!error) {
        const uint8_t *body = b.data;
        *id = (body[6] << 8) | body[7];
    }
    return error;
}

/* ---- Switch configuration. ---- */

/* Returns an OFPT_GET_CONFIG_REQUEST. */
struct ofpbuf *
ofputil_encode_get_config_request(uint8_t version)
{
    return ofpraw_alloc(OFPRAW_OFPT_GET_CONFIG_REQUEST, version, 0);
}

static void
put_switch_config(struct ofpbuf *msg, const struct ofputil_switch_config *c)
{
    ovs_be16 body[2] = { htons(c->flags), htons(c->miss_send_len) };
    ofpbuf_put(msg, body, sizeof body);
    ofpmsg_update_length(msg);
}

/* Returns the OFPT_GET_CONFIG_REPLY to 'request' carrying 'config'. */
struct ofpbuf *
ofputil_encode_get_config_reply(const struct ofp_header *request,
                                const struct ofputil_switch_config *config)
{
    struct ofpbuf *msg = ofpraw_alloc_reply(OFPRAW_OFPT_GET_CONFIG_REPLY,
                                            request, 4);
    put_switch_config(msg, config);
    return msg;
}

/* Returns an OFPT_SET_CONFIG for 'config'. */
struct ofpbuf *
ofputil_encode_set_config(const struct ofputil_switch_config *config,
                          uint8_t version)
{
    struct ofpbuf *msg = ofpraw_alloc(OFPRAW_OFPT_SET_CONFIG, version, 4);
    put_switch_config(msg, config);
    return msg;
}

/* Decodes OFPT_GET_CONFIG_REPLY or OFPT_SET_CONFIG 'oh'. */
enum ofperr
ofputil_decode_switch_config(const struct ofp_header *oh,
                             struct ofputil_switch_config *config)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPT_GET_CONFIG_REPLY && raw != OFPRAW_OFPT_SET_CONFIG) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    ovs_be16 body[2];
    memcpy(body, b.data, sizeof body);
    config->flags = ntohs(body[0]);
    config->miss_send_len = ntohs(body[1]);
    return 0;
}

/* ---- Roles. ---- */

/* Decodes a role request or reply (OFPT12 or NXT). */
enum ofperr
ofputil_decode_role_message(const struct ofp_header *oh,
                            struct ofputil_role_request *rr)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }

    memset(rr, 0, sizeof *rr);
    if (raw == OFPRAW_OFPT12_ROLE_REQUEST || raw == OFPRAW_OFPT12_ROLE_REPLY) {
        const struct ofp12_role_request *orr = (const void *) oh;
        uint32_t role = ntohl(orr->role);
        if (role > OFPCR12_ROLE_SLAVE) {
            return OFPERR_OFPRRFC_BAD_ROLE;
        }
        rr->role = role;
        if (role == OFPCR12_ROLE_MASTER || role == OFPCR12_ROLE_SLAVE) {
            rr->have_generation_id = true;
            rr->generation_id = ntohll(orr->generation_id);
        }
        return 0;
    } else if (raw == OFPRAW_NXT_ROLE_REQUEST
               || raw == OFPRAW_NXT_ROLE_REPLY) {
        const struct nx_role_request *nrr = (const void *) oh;
        switch (ntohl(nrr->role)) {
        case NX_ROLE_OTHER:
            rr->role = OFPCR12_ROLE_EQUAL;
            return 0;
        case NX_ROLE_MASTER:
            rr->role = OFPCR12_ROLE_MASTER;
            return 0;
        case NX_ROLE_SLAVE:
            rr->role = OFPCR12_ROLE_SLAVE;
            return 0;
        default:
            return OFPERR_OFPRRFC_BAD_ROLE;
        }
    }
    return OFPERR_OFPBRC_BAD_TYPE;
}

static uint32_t
role_to_nx(enum ofp12_controller_role role)
{
    return (role == OFPCR12_ROLE_MASTER ? NX_ROLE_MASTER
            : role == OFPCR12_ROLE_SLAVE ? NX_ROLE_SLAVE
            : NX_ROLE_OTHER);
}

static struct ofpbuf *
encode_role(struct ofpbuf *msg, bool nx, const struct ofputil_role_request *rr)
{
    if (nx) {
        ovs_be32 role = htonl(role_to_nx(rr->role));
        ofpbuf_put(msg, &role, sizeof role);
    } else {
        struct ofp12_role_request body;
        ofpbuf_put_zeros(msg, sizeof body - sizeof body.header);
        struct ofp12_role_request *orr = msg->header;
        orr->role = htonl(rr->role);
        orr->generation_id = htonll(rr->have_generation_id
                                    ? rr->generation_id : UINT64_MAX);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* Returns a role request for 'version' (NXT_ROLE_REQUEST in 1.0). */
struct ofpbuf *
ofputil_encode_role_request(uint8_t version,
                            const struct ofputil_role_request *rr)
{
    bool nx = version == OFP10_VERSION;
    struct ofpbuf *msg = ofpraw_alloc(nx ? OFPRAW_NXT_ROLE_REQUEST
                                      : OFPRAW_OFPT12_ROLE_REQUEST,
                                      version, 16);
    return encode_role(msg, nx, rr);
}

/* Returns the reply to role request 'request' stating 'rr'. */
struct ofpbuf *
ofputil_encode_role_reply(const struct ofp_header *request,
                          const struct ofputil_role_request *rr)
{
    bool nx = ofpraw_decode_assert(request) == OFPRAW_NXT_ROLE_REQUEST;
    struct ofpbuf *msg = ofpraw_alloc_reply(nx ? OFPRAW_NXT_ROLE_REPLY
                                            : OFPRAW_OFPT12_ROLE_REPLY,
                                            request, 16);
    return encode_role(msg, nx, rr);
}

/* Returns an OFPT14_ROLE_STATUS, or NULL before 1.4. */
struct ofpbuf *
ofputil_encode_role_status(uint8_t version, enum ofp12_controller_role role,
                           uint8_t reason, uint64_t generation_id)
{
    if (version < OFP14_VERSION) {
        return NULL;
    }
    struct ofpbuf *msg = ofpraw_alloc_xid(OFPRAW_OFPT14_ROLE_STATUS, version,
                                          0, 16);
    ofpbuf_put_zeros(msg, 16);
    struct ofp14_role_status *rs = msg->header;
    rs->role = htonl(role);
    rs->reason = reason;
    rs->generation_id = htonll(generation_id);
    ofpmsg_update_length(msg);
    return msg;
}

/* ---- Asynchronous configuration. ---- */

/* Returns Open vSwitch's default async config for 'version'. */
struct ofputil_async_cfg
ofputil_async_cfg_default(uint8_t version)
{
    uint32_t pin = ((1u << OFPR_NO_MATCH) | (1u << OFPR_ACTION)
                    | (1u << OFPR_ACTION_SET) | (1u << OFPR_GROUP)
                    | (1u << OFPR_PACKET_OUT));
    uint32_t fr = version >= OFP14_VERSION ? 0x3f : 0xf;
    struct ofputil_async_cfg cfg = {
        .packet_in = { pin, 0 },
        .port_status = { 0x7, 0x7 },
        .flow_removed = { fr, 0 },
    };
    return cfg;
}

static void
get_async_masks(const void *p, struct ofputil_async_cfg *cfg)
{
    ovs_be32 m[6];
    memcpy(m, p, sizeof m);
    for (int i = 0; i < 2; i++) {
        cfg->packet_in[i] = ntohl(m[i]);
        cfg->port_status[i] = ntohl(m[2 + i]);
        cfg->flow_removed[i] = ntohl(m[4 + i]);
    }
}

static void
put_async_masks(struct ofpbuf *msg, const struct ofputil_async_cfg *cfg)
{
    ovs_be32 m[6];
    for (int i = 0; i < 2; i++) {
        m[i] = htonl(cfg->packet_in[i]);
        m[2 + i] = htonl(cfg->port_status[i]);
        m[4 + i] = htonl(cfg->flow_removed[i]);
    }
    ofpbuf_put(msg, m, sizeof m);
}

/* The mask a 1.4 async property type names, or NULL. */
static uint32_t *
async_prop_mask(struct ofputil_async_cfg *cfg, uint16_t type)
{
    int slave = !(type & 1);
    switch (type) {
    case OFPACPT_PACKET_IN_SLAVE:
    case OFPACPT_PACKET_IN_MASTER:
        return &cfg->packet_in[slave];
    case OFPACPT_PORT_STATUS_SLAVE:
    case OFPACPT_PORT_STATUS_MASTER:
        return &cfg->port_status[slave];
    case OFPACPT_FLOW_REMOVED_SLAVE:
    case OFPACPT_FLOW_REMOVED_MASTER:
        return &cfg->flow_removed[slave];
    default:
        return NULL;
    }
}

static enum ofperr
decode_async_props(struct ofpbuf *b, bool loose, struct ofputil_async_cfg *cfg)
{
    while (b->size) {
        struct ofp_prop_header ph;
        if (b->size < sizeof ph) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        memcpy(&ph, b->data, sizeof ph);
        size_t len = ntohs(ph.length);
        uint16_t type = ntohs(ph.type);
        if (len < sizeof ph || len > b->size) {
            return OFPERR_OFPBPC_BAD_LEN;
        }

        uint32_t *mask = async_prop_mask(cfg, type);
        if (mask || type <= OFPACPT_REQUESTFORWARD_MASTER) {
            if (len != sizeof(struct ofp14_async_config_prop_reasons)) {
                return OFPERR_OFPBPC_BAD_LEN;
            }
            if (mask) {
                ovs_be32 m;
                memcpy(&m, (char *) b->data + 4, sizeof m);
                *mask = ntohl(m);
            }
        } else if (!loose) {
            return OFPERR_OFPBPC_BAD_TYPE;
        }
        ofpbuf_pull(b, MIN(ROUND_UP(len, 8), b->size));
    }
    return 0;
}

/* Decodes an async config message (see ofp-util.h). */
enum ofperr
ofputil_decode_set_async_config(const struct ofp_header *oh, bool loose,
                                const struct ofputil_async_cfg *basis,
                                struct ofputil_async_cfg *cfg)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }

    *cfg = *basis;
    switch (raw) {
    case OFPRAW_OFPT13_SET_ASYNC:
    case OFPRAW_OFPT13_GET_ASYNC_REPLY:
    case OFPRAW_NXT_SET_ASYNC_CONFIG:
        get_async_masks(b.data, cfg);
        return 0;
    case OFPRAW_OFPT14_SET_ASYNC:
    case OFPRAW_OFPT14_GET_ASYNC_REPLY:
        return decode_async_props(&b, loose, cfg);
    default:
        return OFPERR_OFPBRC_BAD_TYPE;
    }
}

/* Returns an OFPT13_GET_ASYNC_REQUEST. */
struct ofpbuf *
ofputil_encode_get_async_request(uint8_t version)
{
    return ofpraw_alloc(OFPRAW_OFPT13_GET_ASYNC_REQUEST, version, 0);
}

static void
put_async_props(struct ofpbuf *msg, const struct ofputil_async_cfg *cfg)
{
    struct ofputil_async_cfg copy = *cfg;

    for (uint16_t type = 0; type <= OFPACPT_FLOW_REMOVED_MASTER; type++) {
        struct ofp14_async_config_prop_reasons *p
            = ofpbuf_put_zeros(msg, sizeof *p);
        p->type = htons(type);
        p->length = htons(sizeof *p);
        p->mask = htonl(*async_prop_mask(&copy, type));
    }
}

/* Returns the reply to 'request' carrying 'cfg'. */
struct ofpbuf *
ofputil_encode_get_async_reply(const struct ofp_header *request,
                               const struct ofputil_async_cfg *cfg)
{
    bool props = request->version >= OFP14_VERSION;
    struct ofpbuf *msg = ofpraw_alloc_reply(props
                                            ? OFPRAW_OFPT14_GET_ASYNC_REPLY
                                            : OFPRAW_OFPT13_GET_ASYNC_REPLY,
                                            request, 48);
    if (props) {
        put_async_props(msg, cfg);
    } else {
        put_async_masks(msg, cfg);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* Returns a message setting 'cfg' in 'version' (NXT_SET_ASYNC_CONFIG in
 * 1.0). */
struct ofpbuf *
ofputil_encode_set_async_config(const struct ofputil_async_cfg *cfg,
                                uint8_t version)
{
    enum ofpraw raw = (version == OFP10_VERSION ? OFPRAW_NXT_SET_ASYNC_CONFIG
                       : version == OFP13_VERSION ? OFPRAW_OFPT13_SET_ASYNC
                       : OFPRAW_OFPT14_SET_ASYNC);
    struct ofpbuf *msg = ofpraw_alloc(raw, version, 48);
    if (raw == OFPRAW_OFPT14_SET_ASYNC) {
        put_async_props(msg, cfg);
    } else {
        put_async_masks(msg, cfg);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* ---- Descriptions. ---- */

/* Returns an OFPST_DESC request. */
struct ofpbuf *
ofputil_encode_desc_stats_request(uint8_t version)
{
    return ofpraw_alloc(OFPRAW_OFPST_DESC_REQUEST, version, 0);
}

/* Returns the OFPST_DESC reply to 'request'. */
struct ofpbuf *
ofputil_encode_desc_stats_reply(const struct ofputil_desc_stats *desc,
                                const struct ofp_header *request)
{
    size_t len = sizeof(struct ofp_desc_stats);
    struct ofpbuf *msg = ofpraw_alloc_stats_reply(request, len);
    struct ofp_desc_stats *ods = ofpbuf_put_zeros(msg, sizeof *ods);
    ofputil_put_wire_string(ods->mfr_desc, DESC_STR_LEN, desc->mfr_desc);
    ofputil_put_wire_string(ods->hw_desc, DESC_STR_LEN, desc->hw_desc);
    ofputil_put_wire_string(ods->sw_desc, DESC_STR_LEN, desc->sw_desc);
    ofputil_put_wire_string(ods->serial_num, SERIAL_NUM_LEN,
                            desc->serial_num);
    ofputil_put_wire_string(ods->dp_desc, DESC_STR_LEN, desc->dp_desc);
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes an OFPST_DESC reply. */
enum ofperr
ofputil_decode_desc_stats_reply(struct ofputil_desc_stats *desc,
                                const struct ofp_header *oh)
{
    struct ofpbuf b;
    enum ofperr error = pull_expect(oh, OFPRAW_OFPST_DESC_REPLY, &b);
    if (error) {
        return error;
    }
    const struct ofp_desc_stats *ods = b.data;
    ofputil_get_wire_string(desc->mfr_desc, ods->mfr_desc, DESC_STR_LEN);
    ofputil_get_wire_string(desc->hw_desc, ods->hw_desc, DESC_STR_LEN);
    ofputil_get_wire_string(desc->sw_desc, ods->sw_desc, DESC_STR_LEN);
    ofputil_get_wire_string(desc->serial_num, ods->serial_num,
                            SERIAL_NUM_LEN);
    ofputil_get_wire_string(desc->dp_desc, ods->dp_desc, DESC_STR_LEN);
    return 0;
}

/* ---- Table mod. ---- */

/* Returns an OFPT11_TABLE_MOD for 'tm' (1.3+). */
struct ofpbuf *
ofputil_encode_table_mod(const struct ofputil_table_mod *tm, uint8_t version)
{
    struct ofpbuf *msg = ofpraw_alloc(OFPRAW_OFPT11_TABLE_MOD, version, 8);
    ofpbuf_put_zeros(msg, 8);
    struct ofp11_table_mod *otm = msg->header;
    otm->table_id = tm->table_id;
    otm->config = htonl(tm->config);
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes an OFPT11_TABLE_MOD (1.4 properties are ignored). */
enum ofperr
ofputil_decode_table_mod(const struct ofp_header *oh,
                         struct ofputil_table_mod *tm)
{
    struct ofpbuf b;
    enum ofperr error = pull_expect(oh, OFPRAW_OFPT11_TABLE_MOD, &b);
    if (!error) {
        const struct ofp11_table_mod *otm = (const void *) oh;
        tm->table_id = otm->table_id;
        tm->config = ntohl(otm->config);
    }
    return error;
}
