/* ofp-errors: one table that defines every OpenFlow error once, with its
 * numbers in each version family. */
#include <config.h>
#include "ofp-errors.h"

#include <string.h>
#include "openflow/openflow-1.4.h"
#include "osw/dynamic-string.h"
#include "osw/ofpbuf.h"

/* Numbers of one error in one version family.  'exact' is false when the
 * version lacks the error and the numbers are only its closest cousin:
 * decoding never maps such numbers back to this error. */
struct ofperr_code {
    int16_t type;
    int16_t code;
    bool exact;
};

struct ofperr_info {
    enum ofperr error;
    const char *name;           /* Without "OFPERR_". */
    const char *description;
    struct ofperr_code of10;    /* OpenFlow 1.0. */
    struct ofperr_code of11;    /* OpenFlow 1.1-1.3. */
    struct ofperr_code of14;    /* OpenFlow 1.4+. */
};

#define X(T, C) { T, C, true }      /* Exact. */
#define A(T, C) { T, C, false }     /* Approximation. */
#define E(ERR, DESC, V10, V11, V14) \
    { OFPERR_##ERR, #ERR, DESC, V10, V11, V14 }
/* Same numbers in 1.1-1.3 and 1.4+. */
#define E2(ERR, DESC, V10, V11) \
    { OFPERR_##ERR, #ERR, DESC, V10, V11, V11 }

static const struct ofperr_info ofperr_table[] = {
    E2(OFPHFC_INCOMPATIBLE, "No compatible version.", X(0, 0), X(0, 0)),
    E2(OFPHFC_EPERM, "Permissions error.", X(0, 1), X(0, 1)),

    E2(OFPBRC_BAD_VERSION, "ofp_header.version not supported.",
       X(1, 0), X(1, 0)),
    E2(OFPBRC_BAD_TYPE, "ofp_header.type not supported.", X(1, 1), X(1, 1)),
    E2(OFPBRC_BAD_STAT, "ofp_stats_msg.type not supported.",
       X(1, 2), X(1, 2)),
    E2(OFPBRC_BAD_VENDOR, "Vendor not supported.", X(1, 3), X(1, 3)),
    E2(OFPBRC_BAD_SUBTYPE, "Vendor subtype not supported.",
       X(1, 4), X(1, 4)),
    E2(OFPBRC_EPERM, "Permissions error.", X(1, 5), X(1, 5)),
    E2(OFPBRC_BAD_LEN, "Wrong request length for type.", X(1, 6), X(1, 6)),
    E2(OFPBRC_BUFFER_EMPTY, "Specified buffer has already been used.",
       X(1, 7), X(1, 7)),
    E2(OFPBRC_BUFFER_UNKNOWN, "Specified buffer does not exist.",
       X(1, 8), X(1, 8)),
    /* 1.0 has no table error; (1,512) is the number Open vSwitch gives
     * it there (formerly NXBRC_BAD_TABLE_ID). */
    E2(OFPBRC_BAD_TABLE_ID, "Specified table-id invalid or does not exist.",
       X(1, 512), X(1, 9)),
    E2(OFPBRC_IS_SLAVE, "Denied because controller is slave.",
       A(1, 5), X(1, 10)),
    E2(OFPBRC_BAD_PORT, "Invalid port.", A(1, 5), X(1, 11)),
    E2(OFPBRC_BAD_PACKET, "Invalid packet in packet-out.",
       A(1, 5), X(1, 12)),
    E2(OFPBRC_MULTIPART_BUFFER_OVERFLOW,
       "Multipart request overflowed the assigned buffer.",
       A(1, 6), X(1, 13)),

    E2(OFPBAC_BAD_TYPE, "Unknown action type.", X(2, 0), X(2, 0)),
    E2(OFPBAC_BAD_LEN, "Length problem in actions.", X(2, 1), X(2, 1)),
    E2(OFPBAC_BAD_VENDOR, "Unknown experimenter id specified.",
       X(2, 2), X(2, 2)),
    E2(OFPBAC_BAD_VENDOR_TYPE, "Unknown action for experimenter id.",
       X(2, 3), X(2, 3)),
    E2(OFPBAC_BAD_OUT_PORT, "Problem validating output port.",
       X(2, 4), X(2, 4)),
    E2(OFPBAC_BAD_ARGUMENT, "Bad action argument.", X(2, 5), X(2, 5)),
    E2(OFPBAC_EPERM, "Permissions error.", X(2, 6), X(2, 6)),
    E2(OFPBAC_TOO_MANY, "Can't handle this many actions.", X(2, 7), X(2, 7)),
    E2(OFPBAC_BAD_QUEUE, "Problem validating output queue.",
       X(2, 8), X(2, 8)),
    E2(OFPBAC_BAD_OUT_GROUP, "Invalid group id in forward action.",
       A(2, 5), X(2, 9)),
    E2(OFPBAC_MATCH_INCONSISTENT,
       "Action can't apply for this match, or Set-Field missing "
       "prerequisite.", A(2, 5), X(2, 10)),
    E2(OFPBAC_UNSUPPORTED_ORDER,
       "Action order is unsupported for the action list in an Apply-Actions "
       "instruction.", A(2, 5), X(2, 11)),
    E2(OFPBAC_BAD_TAG, "Actions uses an unsupported tag/encap.",
       A(2, 5), X(2, 12)),
    E2(OFPBAC_BAD_SET_TYPE, "Unsupported type in SET_FIELD action.",
       A(2, 0), X(2, 13)),
    E2(OFPBAC_BAD_SET_LEN, "Length problem in SET_FIELD action.",
       A(2, 1), X(2, 14)),
    E2(OFPBAC_BAD_SET_ARGUMENT, "Bad argument in SET_FIELD action.",
       A(2, 5), X(2, 15)),

    E2(OFPBIC_UNKNOWN_INST, "Unknown instruction.", A(2, 0), X(3, 0)),
    E2(OFPBIC_UNSUP_INST, "Switch or table does not support the "
       "instruction.", A(2, 0), X(3, 1)),
    E2(OFPBIC_BAD_TABLE_ID, "Invalid Table-ID specified.",
       A(2, 5), X(3, 2)),
    E2(OFPBIC_UNSUP_METADATA, "Metadata value unsupported by datapath.",
       A(2, 5), X(3, 3)),
    E2(OFPBIC_UNSUP_METADATA_MASK, "Metadata mask value unsupported by "
       "datapath.", A(2, 5), X(3, 4)),
    E2(OFPBIC_BAD_EXPERIMENTER, "Unknown experimenter id specified.",
       A(2, 2), X(3, 5)),
    E2(OFPBIC_BAD_EXP_TYPE, "Unknown instruction for experimenter id.",
       A(2, 3), X(3, 6)),
    E2(OFPBIC_BAD_LEN, "Length problem in instructions.", A(2, 1), X(3, 7)),
    E2(OFPBIC_EPERM, "Permissions error.", A(2, 6), X(3, 8)),
    E(OFPBIC_DUP_INST, "Duplicate instruction.",
      A(2, 5), A(3, 1), X(3, 9)),

    E2(OFPBMC_BAD_TYPE, "Unsupported match type specified by the match.",
       A(1, 5), X(4, 0)),
    E2(OFPBMC_BAD_LEN, "Length problem in match.", A(1, 6), X(4, 1)),
    E2(OFPBMC_BAD_TAG, "Match uses an unsupported tag/encap.",
       A(1, 5), X(4, 2)),
    E2(OFPBMC_BAD_DL_ADDR_MASK, "Unsupported datalink addr mask.",
       A(1, 5), X(4, 3)),
    E2(OFPBMC_BAD_NW_ADDR_MASK, "Unsupported network addr mask.",
       A(1, 5), X(4, 4)),
    E2(OFPBMC_BAD_WILDCARDS, "Unsupported combination of fields masked or "
       "omitted in the match.", A(1, 5), X(4, 5)),
    E2(OFPBMC_BAD_FIELD, "Unsupported field type in the match.",
       A(1, 5), X(4, 6)),
    E2(OFPBMC_BAD_VALUE, "Unsupported value in a match field.",
       A(1, 5), X(4, 7)),
    E2(OFPBMC_BAD_MASK, "Unsupported mask specified in the match.",
       A(1, 5), X(4, 8)),
    E2(OFPBMC_BAD_PREREQ, "A prerequisite was not met.", A(1, 5), X(4, 9)),
    E2(OFPBMC_DUP_FIELD, "A field type was duplicated.", A(1, 5), X(4, 10)),
    E2(OFPBMC_EPERM, "Permissions error.", A(1, 5), X(4, 11)),

    E2(OFPFMFC_UNKNOWN, "Unspecified error.", A(3, 5), X(5, 0)),
    E2(OFPFMFC_TABLE_FULL, "Flow not added because table was full.",
       X(3, 0), X(5, 1)),
    /* Not (3,5), which 1.0 decodes as OFPFMFC_BAD_FLAGS. */
    E2(OFPFMFC_BAD_TABLE_ID, "Table does not exist.", A(1, 512), X(5, 2)),
    E2(OFPFMFC_OVERLAP, "Attempted to add overlapping flow with "
       "CHECK_OVERLAP flag set.", X(3, 1), X(5, 3)),
    E2(OFPFMFC_EPERM, "Permissions error.", X(3, 2), X(5, 4)),
    E2(OFPFMFC_BAD_TIMEOUT, "Flow not added because of unsupported "
       "idle/hard timeout.", X(3, 3), X(5, 5)),
    E2(OFPFMFC_BAD_COMMAND, "Unsupported or unknown command.",
       X(3, 4), X(5, 6)),
    E2(OFPFMFC_BAD_FLAGS, "Unsupported or unknown flags.",
       X(3, 5), X(5, 7)),

    E2(OFPGMFC_GROUP_EXISTS, "Group not added because a group ADD attempted "
       "to replace an already-present group.", A(1, 5), X(6, 0)),
    E2(OFPGMFC_INVALID_GROUP, "Group not added because Group specified is "
       "invalid.", A(1, 5), X(6, 1)),
    E2(OFPGMFC_WEIGHT_UNSUPPORTED, "Switch does not support unequal load "
       "sharing with select groups.", A(1, 5), X(6, 2)),
    E2(OFPGMFC_OUT_OF_GROUPS, "The group table is full.", A(1, 5), X(6, 3)),
    E2(OFPGMFC_OUT_OF_BUCKETS, "The maximum number of action buckets for a "
       "group has been exceeded.", A(1, 5), X(6, 4)),
    E2(OFPGMFC_CHAINING_UNSUPPORTED, "Switch does not support groups that "
       "forward to groups.", A(1, 5), X(6, 5)),
    E2(OFPGMFC_WATCH_UNSUPPORTED, "This group cannot watch the "
       "watch_port or watch_group specified.", A(1, 5), X(6, 6)),
    E2(OFPGMFC_LOOP, "Group entry would cause a loop.", A(1, 5), X(6, 7)),
    E2(OFPGMFC_UNKNOWN_GROUP, "Group not modified because a group MODIFY "
       "attempted to modify a non-existent group.", A(1, 5), X(6, 8)),
    E2(OFPGMFC_CHAINED_GROUP, "Group not deleted because another group is "
       "forwarding to it.", A(1, 5), X(6, 9)),
    E2(OFPGMFC_BAD_TYPE, "Unsupported or unknown group type.",
       A(1, 5), X(6, 10)),
    E2(OFPGMFC_BAD_COMMAND, "Unsupported or unknown command.",
       A(1, 5), X(6, 11)),
    E2(OFPGMFC_BAD_BUCKET, "Error in bucket.", A(1, 5), X(6, 12)),
    E2(OFPGMFC_BAD_WATCH, "Error in watch port/group.", A(1, 5), X(6, 13)),
    E2(OFPGMFC_EPERM, "Permissions error.", A(1, 5), X(6, 14)),

    E2(OFPPMFC_BAD_PORT, "Specified port number does not exist.",
       X(4, 0), X(7, 0)),
    E2(OFPPMFC_BAD_HW_ADDR, "Specified hardware address does not match the "
       "port number.", X(4, 1), X(7, 1)),
    E2(OFPPMFC_BAD_CONFIG, "Specified config is invalid.", A(4, 0), X(7, 2)),
    E2(OFPPMFC_BAD_ADVERTISE, "Specified advertise is invalid.",
       A(4, 0), X(7, 3)),
    E2(OFPPMFC_EPERM, "Permissions error.", A(1, 5), X(7, 4)),

    E2(OFPTMFC_BAD_TABLE, "Specified table does not exist.",
       A(1, 5), X(8, 0)),
    E2(OFPTMFC_BAD_CONFIG, "Specified config is invalid.", A(1, 5), X(8, 1)),
    E2(OFPTMFC_EPERM, "Permissions error.", A(1, 5), X(8, 2)),

    E2(OFPQOFC_BAD_PORT, "Invalid port (or port does not exist).",
       X(5, 0), X(9, 0)),
    E2(OFPQOFC_BAD_QUEUE, "Queue does not exist.", X(5, 1), X(9, 1)),
    E2(OFPQOFC_EPERM, "Permissions error.", X(5, 2), X(9, 2)),

    E2(OFPSCFC_BAD_FLAGS, "Specified flags is invalid.", A(1, 5), X(10, 0)),
    E2(OFPSCFC_BAD_LEN, "Specified len is invalid.", A(1, 6), X(10, 1)),
    E2(OFPSCFC_EPERM, "Permissions error.", A(1, 5), X(10, 2)),

    E2(OFPRRFC_STALE, "Stale Message: old generation_id.", A(1, 5),
       X(11, 0)),
    E2(OFPRRFC_UNSUP, "Controller role change unsupported.", A(1, 5),
       X(11, 1)),
    E2(OFPRRFC_BAD_ROLE, "Invalid role.", A(1, 5), X(11, 2)),

    E2(OFPMMFC_UNKNOWN, "Unspecified error.", A(1, 5), X(12, 0)),
    E2(OFPMMFC_METER_EXISTS, "Meter not added because a Meter ADD attempted "
       "to replace an existing Meter.", A(1, 5), X(12, 1)),
    E2(OFPMMFC_INVALID_METER, "Meter not added because Meter specified is "
       "invalid.", A(1, 5), X(12, 2)),
    E2(OFPMMFC_UNKNOWN_METER, "Meter not modified because a Meter MODIFY "
       "attempted to modify a non-existent Meter.", A(1, 5), X(12, 3)),
    E2(OFPMMFC_BAD_COMMAND, "Unsupported or unknown command.",
       A(1, 5), X(12, 4)),
    E2(OFPMMFC_BAD_FLAGS, "Flag configuration unsupported.",
       A(1, 5), X(12, 5)),
    E2(OFPMMFC_BAD_RATE, "Rate unsupported.", A(1, 5), X(12, 6)),
    E2(OFPMMFC_BAD_BURST, "Burst size unsupported.", A(1, 5), X(12, 7)),
    E2(OFPMMFC_BAD_BAND, "Band unsupported.", A(1, 5), X(12, 8)),
    E2(OFPMMFC_BAD_BAND_VALUE, "Band value unsupported.", A(1, 5), X(12, 9)),
    E2(OFPMMFC_OUT_OF_METERS, "No more meters available.",
       A(1, 5), X(12, 10)),
    E2(OFPMMFC_OUT_OF_BANDS, "The maximum number of properties for a meter "
       "has been exceeded.", A(1, 5), X(12, 11)),

    E2(OFPTFFC_BAD_TABLE, "Specified table does not exist.",
       A(1, 5), X(13, 0)),
    E2(OFPTFFC_BAD_METADATA, "Invalid metadata mask.", A(1, 5), X(13, 1)),
    E2(OFPTFFC_EPERM, "Permissions error.", A(1, 5), X(13, 5)),

    E(OFPBPC_BAD_TYPE, "Unknown property type.", A(1, 1), A(1, 1),
      X(14, 0)),
    E(OFPBPC_BAD_LEN, "Length problem in property.", A(1, 6), A(1, 6),
      X(14, 1)),
    E(OFPBPC_BAD_VALUE, "Unsupported property value.", A(1, 5), A(1, 5),
      X(14, 2)),

    E(OFPACFC_INVALID, "One mask is invalid.", A(1, 5), A(1, 5), X(15, 0)),
    E(OFPACFC_UNSUPPORTED, "Requested configuration not supported.",
      A(1, 5), A(1, 5), X(15, 1)),
    E(OFPACFC_EPERM, "Permissions error.", A(1, 5), A(1, 5), X(15, 2)),

    E(OFPBFC_UNKNOWN, "Unspecified error.", A(1, 1), A(1, 1), X(17, 0)),
    E(OFPBFC_EPERM, "Permissions error.", A(1, 5), A(1, 5), X(17, 1)),
    E(OFPBFC_BAD_ID, "Bundle ID doesn't exist.", A(1, 1), A(1, 1),
      X(17, 2)),
    E(OFPBFC_MSG_UNSUP, "Unsupported message in this bundle.",
      A(1, 1), A(1, 1), X(17, 10)),
};

#define OFPERR_OFS 1000
#define N_OFPERRS ((int) (OFPERR_N_ERRORS_END - OFPERR_OFS))
BUILD_ASSERT(ARRAY_SIZE(ofperr_table) == N_OFPERRS);

static const struct ofperr_info *
ofperr_get_info(enum ofperr error)
{
    int index = (int) error - OFPERR_OFS;

    if (index < 0 || index >= N_OFPERRS) {
        return NULL;
    }
    /* The table is in enum order; check it so a mistake is loud. */
    osw_assert(ofperr_table[index].error == error);
    return &ofperr_table[index];
}

static const struct ofperr_code *
ofperr_get_code_struct(const struct ofperr_info *info, uint8_t version)
{
    return (version <= OFP10_VERSION ? &info->of10
            : version <= OFP13_VERSION ? &info->of11
            : &info->of14);
}

/* Returns true if 'error' is one of the OFPERR_* values. */
bool
ofperr_is_valid(enum ofperr error)
{
    return ofperr_get_info(error) != NULL;
}

/* Returns the name of 'error', e.g. "OFPBRC_BAD_TYPE", or "<invalid>". */
const char *
ofperr_get_name(enum ofperr error)
{
    const struct ofperr_info *info = ofperr_get_info(error);
    return info ? info->name : "<invalid>";
}

/* Returns the specification's description of 'error'. */
const char *
ofperr_get_description(enum ofperr error)
{
    const struct ofperr_info *info = ofperr_get_info(error);
    return info ? info->description : "<invalid>";
}

/* Returns the error named 'name' (with or without "OFPERR_"), or 0. */
enum ofperr
ofperr_from_name(const char *name)
{
    if (!strncmp(name, "OFPERR_", 7)) {
        name += 7;
    }
    for (size_t i = 0; i < ARRAY_SIZE(ofperr_table); i++) {
        if (!strcmp(name, ofperr_table[i].name)) {
            return ofperr_table[i].error;
        }
    }
    return 0;
}

/* Returns the type number 'error' has in 'version', or -1. */
int
ofperr_get_type(enum ofperr error, uint8_t version)
{
    const struct ofperr_info *info = ofperr_get_info(error);
    return info ? ofperr_get_code_struct(info, version)->type : -1;
}

/* Returns the code number 'error' has in 'version', or -1. */
int
ofperr_get_code(enum ofperr error, uint8_t version)
{
    const struct ofperr_info *info = ofperr_get_info(error);
    return info ? ofperr_get_code_struct(info, version)->code : -1;
}

/* Returns the error that 'type' and 'code' mean in 'version', or 0. */
enum ofperr
ofperr_decode(uint8_t version, uint16_t type, uint16_t code)
{
    for (size_t i = 0; i < ARRAY_SIZE(ofperr_table); i++) {
        const struct ofperr_code *c
            = ofperr_get_code_struct(&ofperr_table[i], version);
        if (c->exact && c->type == type && c->code == code) {
            return ofperr_table[i].error;
        }
    }
    return 0;
}

static struct ofpbuf *
ofperr_encode(enum ofperr error, uint8_t version, ovs_be32 xid,
              const void *data, size_t data_len)
{
    const struct ofperr_info *info = ofperr_get_info(error);
    if (!info) {
        info = ofperr_get_info(OFPERR_OFPBRC_EPERM);
    }
    const struct ofperr_code *c = ofperr_get_code_struct(info, version);

    struct ofpbuf *buf = ofpbuf_new(sizeof(struct ofp_error_msg) + data_len);
    struct ofp_error_msg *em = ofpbuf_put_zeros(buf, sizeof *em);
    em->header.version = version;
    em->header.type = OFPT_ERROR;
    em->header.xid = xid;
    em->type = htons(c->type);
    em->code = htons(c->code);
    if (data_len) {
        ofpbuf_put(buf, data, data_len);
    }
    em = buf->data;
    em->header.length = htons(buf->size);
    buf->header = buf->data;
    return buf;
}

/* Returns an OFPT_ERROR message for 'error' in reply to 'request', with
 * the request's version and xid and up to its first 64 bytes as data. */
struct ofpbuf *
ofperr_encode_reply(enum ofperr error, const struct ofp_header *request)
{
    size_t len = ntohs(request->length);
    if (len < sizeof *request) {
        len = sizeof *request;
    }
    return ofperr_encode(error, request->version, request->xid, request,
                         MIN(len, 64));
}

/* Returns an OFPT_ERROR message for hello failure 'error' in 'version'
 * carrying 'msg' as text. */
struct ofpbuf *
ofperr_encode_hello(enum ofperr error, uint8_t version, const char *msg)
{
    return ofperr_encode(error, version, 0, msg, strlen(msg));
}

/* Decodes OFPT_ERROR message 'oh': returns its error (0 if 'oh' is not an
 * error message or its numbers are unknown) and, when 'payload' is
 * nonnull, points it at the message's data. */
enum ofperr
ofperr_decode_msg(const struct ofp_header *oh, struct ofpbuf *payload)
{
    size_t len = ntohs(oh->length);

    if (payload) {
        ofpbuf_use_const(payload, NULL, 0);
    }
    if (oh->type != OFPT_ERROR || len < sizeof(struct ofp_error_msg)) {
        return 0;
    }

    const struct ofp_error_msg *em = (const struct ofp_error_msg *) oh;
    if (payload) {
        ofpbuf_use_const(payload, em + 1, len - sizeof *em);
    }
    return ofperr_decode(oh->version, ntohs(em->type), ntohs(em->code));
}

/* Appends the name of 'error' to 's'. */
void
ofperr_format(struct ds *s, enum ofperr error)
{
    if (ofperr_is_valid(error)) {
        ds_put_cstr(s, ofperr_get_name(error));
    } else {
        ds_put_format(s, "OFPERR_UNKNOWN(%d)", (int) error);
    }
}
