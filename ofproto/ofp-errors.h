/* ofp-errors: OpenFlow errors, version-independent.
 *
 * An 'enum ofperr' names one error (OFPERR_<TYPE>_<CODE>, the names of
 * the OpenFlow 1.3 specification, e.g. OFPERR_OFPBRC_BAD_TYPE is type
 * OFPET_BAD_REQUEST code OFPBRC_BAD_TYPE).  Each version numbers types and
 * codes its own way (1.0 lacks many, 1.1+ renumbered some);
 * ofperr_encode_msg() writes the right numbers for the peer's version, or
 * the closest error that version has (Open vSwitch's NXET_VENDOR-style
 * extension errors are not used).  0 means "no error", so functions can
 * return 'enum ofperr' like an errno value.
 *
 * Thread-safety: pure functions. */
#ifndef OFP_ERRORS_H
#define OFP_ERRORS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds;
struct ofp_header;
struct ofpbuf;

enum ofperr {
    OFPERR_OK = 0,

    /* OFPET_HELLO_FAILED. */
    OFPERR_OFPHFC_INCOMPATIBLE = 1000,
    OFPERR_OFPHFC_EPERM,

    /* OFPET_BAD_REQUEST. */
    OFPERR_OFPBRC_BAD_VERSION,
    OFPERR_OFPBRC_BAD_TYPE,
    OFPERR_OFPBRC_BAD_STAT,         /* OFPBRC_BAD_MULTIPART */
    OFPERR_OFPBRC_BAD_VENDOR,       /* OFPBRC_BAD_EXPERIMENTER */
    OFPERR_OFPBRC_BAD_SUBTYPE,      /* OFPBRC_BAD_EXP_TYPE */
    OFPERR_OFPBRC_EPERM,
    OFPERR_OFPBRC_BAD_LEN,
    OFPERR_OFPBRC_BUFFER_EMPTY,
    OFPERR_OFPBRC_BUFFER_UNKNOWN,
    OFPERR_OFPBRC_BAD_TABLE_ID,
    OFPERR_OFPBRC_IS_SLAVE,
    OFPERR_OFPBRC_BAD_PORT,
    OFPERR_OFPBRC_BAD_PACKET,
    OFPERR_OFPBRC_MULTIPART_BUFFER_OVERFLOW,

    /* OFPET_BAD_ACTION. */
    OFPERR_OFPBAC_BAD_TYPE,
    OFPERR_OFPBAC_BAD_LEN,
    OFPERR_OFPBAC_BAD_VENDOR,       /* BAD_EXPERIMENTER */
    OFPERR_OFPBAC_BAD_VENDOR_TYPE,  /* BAD_EXP_TYPE */
    OFPERR_OFPBAC_BAD_OUT_PORT,
    OFPERR_OFPBAC_BAD_ARGUMENT,
    OFPERR_OFPBAC_EPERM,
    OFPERR_OFPBAC_TOO_MANY,
    OFPERR_OFPBAC_BAD_QUEUE,
    OFPERR_OFPBAC_BAD_OUT_GROUP,
    OFPERR_OFPBAC_MATCH_INCONSISTENT,
    OFPERR_OFPBAC_UNSUPPORTED_ORDER,
    OFPERR_OFPBAC_BAD_TAG,
    OFPERR_OFPBAC_BAD_SET_TYPE,
    OFPERR_OFPBAC_BAD_SET_LEN,
    OFPERR_OFPBAC_BAD_SET_ARGUMENT,

    /* OFPET_BAD_INSTRUCTION (1.1+). */
    OFPERR_OFPBIC_UNKNOWN_INST,
    OFPERR_OFPBIC_UNSUP_INST,
    OFPERR_OFPBIC_BAD_TABLE_ID,
    OFPERR_OFPBIC_UNSUP_METADATA,
    OFPERR_OFPBIC_UNSUP_METADATA_MASK,
    OFPERR_OFPBIC_BAD_EXPERIMENTER,
    OFPERR_OFPBIC_BAD_EXP_TYPE,
    OFPERR_OFPBIC_BAD_LEN,
    OFPERR_OFPBIC_EPERM,
    OFPERR_OFPBIC_DUP_INST,

    /* OFPET_BAD_MATCH (1.1+; 1.0 reports OFPBRC_BAD_TYPE-ish codes as its
     * closest). */
    OFPERR_OFPBMC_BAD_TYPE,
    OFPERR_OFPBMC_BAD_LEN,
    OFPERR_OFPBMC_BAD_TAG,
    OFPERR_OFPBMC_BAD_DL_ADDR_MASK,
    OFPERR_OFPBMC_BAD_NW_ADDR_MASK,
    OFPERR_OFPBMC_BAD_WILDCARDS,
    OFPERR_OFPBMC_BAD_FIELD,
    OFPERR_OFPBMC_BAD_VALUE,
    OFPERR_OFPBMC_BAD_MASK,
    OFPERR_OFPBMC_BAD_PREREQ,
    OFPERR_OFPBMC_DUP_FIELD,
    OFPERR_OFPBMC_EPERM,

    /* OFPET_FLOW_MOD_FAILED. */
    OFPERR_OFPFMFC_UNKNOWN,
    OFPERR_OFPFMFC_TABLE_FULL,      /* 1.0: ALL_TABLES_FULL */
    OFPERR_OFPFMFC_BAD_TABLE_ID,
    OFPERR_OFPFMFC_OVERLAP,
    OFPERR_OFPFMFC_EPERM,
    OFPERR_OFPFMFC_BAD_TIMEOUT,
    OFPERR_OFPFMFC_BAD_COMMAND,
    OFPERR_OFPFMFC_BAD_FLAGS,

    /* OFPET_GROUP_MOD_FAILED. */
    OFPERR_OFPGMFC_GROUP_EXISTS,
    OFPERR_OFPGMFC_INVALID_GROUP,
    OFPERR_OFPGMFC_WEIGHT_UNSUPPORTED,
    OFPERR_OFPGMFC_OUT_OF_GROUPS,
    OFPERR_OFPGMFC_OUT_OF_BUCKETS,
    OFPERR_OFPGMFC_CHAINING_UNSUPPORTED,
    OFPERR_OFPGMFC_WATCH_UNSUPPORTED,
    OFPERR_OFPGMFC_LOOP,
    OFPERR_OFPGMFC_UNKNOWN_GROUP,
    OFPERR_OFPGMFC_CHAINED_GROUP,
    OFPERR_OFPGMFC_BAD_TYPE,
    OFPERR_OFPGMFC_BAD_COMMAND,
    OFPERR_OFPGMFC_BAD_BUCKET,
    OFPERR_OFPGMFC_BAD_WATCH,
    OFPERR_OFPGMFC_EPERM,

    /* OFPET_PORT_MOD_FAILED. */
    OFPERR_OFPPMFC_BAD_PORT,
    OFPERR_OFPPMFC_BAD_HW_ADDR,
    OFPERR_OFPPMFC_BAD_CONFIG,
    OFPERR_OFPPMFC_BAD_ADVERTISE,
    OFPERR_OFPPMFC_EPERM,

    /* OFPET_TABLE_MOD_FAILED. */
    OFPERR_OFPTMFC_BAD_TABLE,
    OFPERR_OFPTMFC_BAD_CONFIG,
    OFPERR_OFPTMFC_EPERM,

    /* OFPET_QUEUE_OP_FAILED. */
    OFPERR_OFPQOFC_BAD_PORT,
    OFPERR_OFPQOFC_BAD_QUEUE,
    OFPERR_OFPQOFC_EPERM,

    /* OFPET_SWITCH_CONFIG_FAILED. */
    OFPERR_OFPSCFC_BAD_FLAGS,
    OFPERR_OFPSCFC_BAD_LEN,
    OFPERR_OFPSCFC_EPERM,

    /* OFPET_ROLE_REQUEST_FAILED. */
    OFPERR_OFPRRFC_STALE,
    OFPERR_OFPRRFC_UNSUP,
    OFPERR_OFPRRFC_BAD_ROLE,

    /* OFPET_METER_MOD_FAILED. */
    OFPERR_OFPMMFC_UNKNOWN,
    OFPERR_OFPMMFC_METER_EXISTS,
    OFPERR_OFPMMFC_INVALID_METER,
    OFPERR_OFPMMFC_UNKNOWN_METER,
    OFPERR_OFPMMFC_BAD_COMMAND,
    OFPERR_OFPMMFC_BAD_FLAGS,
    OFPERR_OFPMMFC_BAD_RATE,
    OFPERR_OFPMMFC_BAD_BURST,
    OFPERR_OFPMMFC_BAD_BAND,
    OFPERR_OFPMMFC_BAD_BAND_VALUE,
    OFPERR_OFPMMFC_OUT_OF_METERS,
    OFPERR_OFPMMFC_OUT_OF_BANDS,

    /* OFPET_TABLE_FEATURES_FAILED. */
    OFPERR_OFPTFFC_BAD_TABLE,
    OFPERR_OFPTFFC_BAD_METADATA,
    OFPERR_OFPTFFC_EPERM,

    /* OFPET_BAD_PROPERTY (1.4+). */
    OFPERR_OFPBPC_BAD_TYPE,
    OFPERR_OFPBPC_BAD_LEN,
    OFPERR_OFPBPC_BAD_VALUE,

    /* OFPET_ASYNC_CONFIG_FAILED (1.4+). */
    OFPERR_OFPACFC_INVALID,
    OFPERR_OFPACFC_UNSUPPORTED,
    OFPERR_OFPACFC_EPERM,

    /* OFPET_BUNDLE_FAILED (1.4+): bundles are not supported, but their
     * messages are answered. */
    OFPERR_OFPBFC_UNKNOWN,
    OFPERR_OFPBFC_EPERM,
    OFPERR_OFPBFC_BAD_ID,
    OFPERR_OFPBFC_MSG_UNSUP,

    OFPERR_N_ERRORS_END
};

/* "OFPBRC_BAD_TYPE" style name, and the specification's words. */
const char *ofperr_get_name(enum ofperr);
const char *ofperr_get_description(enum ofperr);
/* By name ("OFPBRC_BAD_TYPE" or "OFPERR_OFPBRC_BAD_TYPE"); 0 if none. */
enum ofperr ofperr_from_name(const char *);
bool ofperr_is_valid(enum ofperr);

/* Type and code of 'error' in 'version' (enum ofp_version), or -1 for
 * both when that version has nothing close. */
int ofperr_get_type(enum ofperr, uint8_t version);
int ofperr_get_code(enum ofperr, uint8_t version);
/* Decodes type/code of 'version' back; 0 if unknown. */
enum ofperr ofperr_decode(uint8_t version, uint16_t type, uint16_t code);

/* An OFPT_ERROR message for 'error' in reply to 'request' (its xid and
 * version; the data is the request's first 64 bytes, or all of it for
 * OFPHFC_* and OFPBRC_BAD_VERSION... as the specification says). */
struct ofpbuf *ofperr_encode_reply(enum ofperr, const struct ofp_header *);
/* The same for a HELLO failure with text 'msg' as the data. */
struct ofpbuf *ofperr_encode_hello(enum ofperr, uint8_t version,
                                   const char *msg);
/* Decodes an OFPT_ERROR message: the error, and in 'payload' (if
 * nonnull) the data it carries.  0 if 'oh' is not a decodable error. */
enum ofperr ofperr_decode_msg(const struct ofp_header *oh,
                              struct ofpbuf *payload);
/* Appends e.g. "OFPBRC_BAD_TYPE" (ovs-ofctl's "OFPT_ERROR ... " body). */
void ofperr_format(struct ds *, enum ofperr);

#endif /* ofp-errors.h */
