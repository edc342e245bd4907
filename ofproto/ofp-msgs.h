/* ofp-msgs: OpenFlow message types, framing, multipart replies, hello.
 *
 * Every OpenFlow message osw understands has two names:
 *
 *   - an 'enum ofpraw' names one exact wire form: version range, header
 *     kind (plain, Nicira vendor, stats/multipart, Nicira stats), type
 *     numbers, and the size of its fixed body.  OFPRAW_OFPT10_FLOW_MOD,
 *     OFPRAW_OFPT11_FLOW_MOD and OFPRAW_NXT_FLOW_MOD are three raws.
 *
 *   - an 'enum ofptype' names what the message means regardless of
 *     version or format: all three flow_mods above are OFPTYPE_FLOW_MOD.
 *     Dispatchers switch on ofptype; codecs (ofp-util.h) look at the raw.
 *
 * Supported versions are OpenFlow 1.0, 1.3, 1.4 and 1.5 (1.1 and 1.2
 * messages are refused with OFPBRC_BAD_VERSION), plus Nicira extension
 * messages in every version.
 *
 * Decoding never trusts the peer: ofpraw_decode() checks that the version
 * is supported, the header length covers the headers of its kind, and
 * that the body length fits the raw (exact, at least, or a multiple of an
 * element size), and answers OFPBRC_BAD_VERSION, OFPBRC_BAD_LEN,
 * OFPBRC_BAD_TYPE, OFPBRC_BAD_STAT (unknown multipart type),
 * OFPBRC_BAD_VENDOR (unknown experimenter) or OFPBRC_BAD_SUBTYPE (unknown
 * Nicira subtype).  It reads exactly ntohs(oh->length) bytes at 'oh': the
 * caller (vconn) guarantees that many bytes are there.
 *
 * Allocation: ofpraw_alloc*() return a new ofpbuf holding the headers,
 * with 'header' pointing to the ofp_header and 'msg' to the end of the
 * headers (where the body goes); ofpmsg_update_length() fixes the header's
 * length after the body is appended.  The caller owns the buffer.
 *
 * Thread-safety: pure functions. */
#ifndef OFP_MSGS_H
#define OFP_MSGS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "openflow/openflow-common.h"
#include "ofp-errors.h"
#include "osw/list.h"

struct ofpbuf;

/* Bitmaps of versions: bit N set means version N (enum ofp_version). */
#define OFPUTIL_VERSION_BIT(V) (1u << (V))
#define OFPUTIL_SUPPORTED_VERSIONS                                      \
    (OFPUTIL_VERSION_BIT(OFP10_VERSION) | OFPUTIL_VERSION_BIT(OFP13_VERSION) \
     | OFPUTIL_VERSION_BIT(OFP14_VERSION)                               \
     | OFPUTIL_VERSION_BIT(OFP15_VERSION))
#define OFPUTIL_DEFAULT_VERSIONS OFPUTIL_SUPPORTED_VERSIONS

/* The exact wire form of a message. */
enum ofpraw {
    /* Immutable messages (every version). */
    OFPRAW_OFPT_HELLO,
    OFPRAW_OFPT_ERROR,
    OFPRAW_OFPT_ECHO_REQUEST,
    OFPRAW_OFPT_ECHO_REPLY,

    /* Switch configuration. */
    OFPRAW_OFPT_FEATURES_REQUEST,
    OFPRAW_OFPT10_FEATURES_REPLY,       /* With ofp10_phy_port[]. */
    OFPRAW_OFPT13_FEATURES_REPLY,       /* 1.3+: no ports. */
    OFPRAW_OFPT_GET_CONFIG_REQUEST,
    OFPRAW_OFPT_GET_CONFIG_REPLY,
    OFPRAW_OFPT_SET_CONFIG,

    /* Asynchronous messages. */
    OFPRAW_OFPT10_PACKET_IN,
    OFPRAW_OFPT13_PACKET_IN,            /* 1.3+. */
    OFPRAW_NXT_PACKET_IN,
    OFPRAW_OFPT10_FLOW_REMOVED,
    OFPRAW_OFPT12_FLOW_REMOVED,         /* 1.3-1.4. */
    OFPRAW_OFPT15_FLOW_REMOVED,
    OFPRAW_NXT_FLOW_REMOVED,
    OFPRAW_OFPT10_PORT_STATUS,
    OFPRAW_OFPT11_PORT_STATUS,          /* 1.3. */
    OFPRAW_OFPT14_PORT_STATUS,          /* 1.4+. */
    OFPRAW_OFPT14_ROLE_STATUS,

    /* Controller commands. */
    OFPRAW_OFPT10_PACKET_OUT,
    OFPRAW_OFPT11_PACKET_OUT,           /* 1.3-1.4. */
    OFPRAW_OFPT15_PACKET_OUT,
    OFPRAW_OFPT10_FLOW_MOD,
    OFPRAW_OFPT11_FLOW_MOD,             /* 1.3+. */
    OFPRAW_NXT_FLOW_MOD,
    OFPRAW_OFPT11_GROUP_MOD,            /* 1.3-1.4. */
    OFPRAW_OFPT15_GROUP_MOD,            /* 1.5. */
    OFPRAW_OFPT10_PORT_MOD,
    OFPRAW_OFPT11_PORT_MOD,             /* 1.3. */
    OFPRAW_OFPT14_PORT_MOD,             /* 1.4+. */
    OFPRAW_OFPT11_TABLE_MOD,            /* 1.3+. */
    OFPRAW_OFPT13_METER_MOD,            /* 1.3+. */

    /* Barriers, queue config. */
    OFPRAW_OFPT10_BARRIER_REQUEST,
    OFPRAW_OFPT10_BARRIER_REPLY,
    OFPRAW_OFPT11_BARRIER_REQUEST,
    OFPRAW_OFPT11_BARRIER_REPLY,
    OFPRAW_OFPT10_QUEUE_GET_CONFIG_REQUEST,
    OFPRAW_OFPT10_QUEUE_GET_CONFIG_REPLY,
    OFPRAW_OFPT11_QUEUE_GET_CONFIG_REQUEST,     /* 1.3. */
    OFPRAW_OFPT11_QUEUE_GET_CONFIG_REPLY,       /* 1.3. */

    /* Roles and asynchronous configuration. */
    OFPRAW_OFPT12_ROLE_REQUEST,         /* 1.3+. */
    OFPRAW_OFPT12_ROLE_REPLY,
    OFPRAW_NXT_ROLE_REQUEST,
    OFPRAW_NXT_ROLE_REPLY,
    OFPRAW_OFPT13_GET_ASYNC_REQUEST,    /* 1.3+. */
    OFPRAW_OFPT13_GET_ASYNC_REPLY,      /* 1.3: masks. */
    OFPRAW_OFPT14_GET_ASYNC_REPLY,      /* 1.4+: properties. */
    OFPRAW_OFPT13_SET_ASYNC,            /* 1.3: masks. */
    OFPRAW_OFPT14_SET_ASYNC,            /* 1.4+: properties. */
    OFPRAW_NXT_SET_ASYNC_CONFIG,        /* Masks, as 1.3. */

    /* Bundles (answered with OFPBFC_MSG_UNSUP by ofproto). */
    OFPRAW_OFPT14_BUNDLE_CONTROL,
    OFPRAW_OFPT14_BUNDLE_ADD_MESSAGE,

    /* Nicira extensions. */
    OFPRAW_NXT_SET_FLOW_FORMAT,
    OFPRAW_NXT_FLOW_MOD_TABLE_ID,
    OFPRAW_NXT_SET_PACKET_IN_FORMAT,
    OFPRAW_NXT_SET_CONTROLLER_ID,
    OFPRAW_NXT_FLOW_AGE,

    /* Statistics / multipart.  "OFPST_" raws exist in every supported
     * version with the header of that version. */
    OFPRAW_OFPST_DESC_REQUEST,
    OFPRAW_OFPST_DESC_REPLY,
    OFPRAW_OFPST10_FLOW_REQUEST,
    OFPRAW_OFPST11_FLOW_REQUEST,        /* 1.3+. */
    OFPRAW_NXST_FLOW_REQUEST,
    OFPRAW_OFPST10_FLOW_REPLY,
    OFPRAW_OFPST11_FLOW_REPLY,          /* 1.3-1.4. */
    OFPRAW_OFPST15_FLOW_REPLY,          /* 1.5: OFPMP_FLOW_DESC. */
    OFPRAW_NXST_FLOW_REPLY,
    OFPRAW_OFPST10_AGGREGATE_REQUEST,
    OFPRAW_OFPST11_AGGREGATE_REQUEST,   /* 1.3+. */
    OFPRAW_NXST_AGGREGATE_REQUEST,
    OFPRAW_OFPST_AGGREGATE_REPLY,       /* 1.0-1.4. */
    OFPRAW_OFPST15_AGGREGATE_REPLY,     /* 1.5: OXS statistics. */
    OFPRAW_NXST_AGGREGATE_REPLY,
    OFPRAW_OFPST_TABLE_REQUEST,
    OFPRAW_OFPST10_TABLE_REPLY,
    OFPRAW_OFPST13_TABLE_REPLY,         /* 1.3+. */
    OFPRAW_OFPST10_PORT_REQUEST,
    OFPRAW_OFPST11_PORT_REQUEST,        /* 1.3+. */
    OFPRAW_OFPST10_PORT_REPLY,
    OFPRAW_OFPST13_PORT_REPLY,          /* 1.3. */
    OFPRAW_OFPST14_PORT_REPLY,          /* 1.4+. */
    OFPRAW_OFPST10_QUEUE_REQUEST,
    OFPRAW_OFPST11_QUEUE_REQUEST,       /* 1.3+. */
    OFPRAW_OFPST10_QUEUE_REPLY,
    OFPRAW_OFPST13_QUEUE_REPLY,         /* 1.3. */
    OFPRAW_OFPST14_QUEUE_REPLY,         /* 1.4+. */
    OFPRAW_OFPST11_GROUP_REQUEST,       /* 1.3+. */
    OFPRAW_OFPST13_GROUP_REPLY,         /* 1.3+. */
    OFPRAW_OFPST11_GROUP_DESC_REQUEST,  /* 1.3-1.4. */
    OFPRAW_OFPST11_GROUP_DESC_REPLY,    /* 1.3-1.4. */
    OFPRAW_OFPST15_GROUP_DESC_REQUEST,  /* 1.5: with a group id. */
    OFPRAW_OFPST15_GROUP_DESC_REPLY,    /* 1.5. */
    OFPRAW_OFPST12_GROUP_FEATURES_REQUEST,      /* 1.3+. */
    OFPRAW_OFPST12_GROUP_FEATURES_REPLY,
    OFPRAW_OFPST13_METER_REQUEST,       /* 1.3+. */
    OFPRAW_OFPST13_METER_REPLY,
    OFPRAW_OFPST13_METER_CONFIG_REQUEST,
    OFPRAW_OFPST13_METER_CONFIG_REPLY,
    OFPRAW_OFPST13_METER_FEATURES_REQUEST,
    OFPRAW_OFPST13_METER_FEATURES_REPLY,
    OFPRAW_OFPST13_TABLE_FEATURES_REQUEST,
    OFPRAW_OFPST13_TABLE_FEATURES_REPLY,
    OFPRAW_OFPST10_PORT_DESC_REQUEST,   /* 1.0 (Open vSwitch extension). */
    OFPRAW_OFPST10_PORT_DESC_REPLY,
    OFPRAW_OFPST11_PORT_DESC_REQUEST,   /* 1.3-1.4. */
    OFPRAW_OFPST15_PORT_DESC_REQUEST,   /* 1.5: with a port number. */
    OFPRAW_OFPST11_PORT_DESC_REPLY,     /* 1.3. */
    OFPRAW_OFPST14_PORT_DESC_REPLY,     /* 1.4+. */

    OFPRAW_N_RAWS
};

/* What a message means. */
enum ofptype {
    OFPTYPE_HELLO,
    OFPTYPE_ERROR,
    OFPTYPE_ECHO_REQUEST,
    OFPTYPE_ECHO_REPLY,
    OFPTYPE_FEATURES_REQUEST,
    OFPTYPE_FEATURES_REPLY,
    OFPTYPE_GET_CONFIG_REQUEST,
    OFPTYPE_GET_CONFIG_REPLY,
    OFPTYPE_SET_CONFIG,
    OFPTYPE_PACKET_IN,
    OFPTYPE_FLOW_REMOVED,
    OFPTYPE_PORT_STATUS,
    OFPTYPE_ROLE_STATUS,
    OFPTYPE_PACKET_OUT,
    OFPTYPE_FLOW_MOD,
    OFPTYPE_GROUP_MOD,
    OFPTYPE_PORT_MOD,
    OFPTYPE_TABLE_MOD,
    OFPTYPE_METER_MOD,
    OFPTYPE_BARRIER_REQUEST,
    OFPTYPE_BARRIER_REPLY,
    OFPTYPE_QUEUE_GET_CONFIG_REQUEST,
    OFPTYPE_QUEUE_GET_CONFIG_REPLY,
    OFPTYPE_ROLE_REQUEST,
    OFPTYPE_ROLE_REPLY,
    OFPTYPE_GET_ASYNC_REQUEST,
    OFPTYPE_GET_ASYNC_REPLY,
    OFPTYPE_SET_ASYNC_CONFIG,
    OFPTYPE_BUNDLE_CONTROL,
    OFPTYPE_BUNDLE_ADD_MESSAGE,
    OFPTYPE_SET_FLOW_FORMAT,
    OFPTYPE_FLOW_MOD_TABLE_ID,
    OFPTYPE_SET_PACKET_IN_FORMAT,
    OFPTYPE_SET_CONTROLLER_ID,
    OFPTYPE_FLOW_AGE,
    OFPTYPE_DESC_STATS_REQUEST,
    OFPTYPE_DESC_STATS_REPLY,
    OFPTYPE_FLOW_STATS_REQUEST,
    OFPTYPE_FLOW_STATS_REPLY,
    OFPTYPE_AGGREGATE_STATS_REQUEST,
    OFPTYPE_AGGREGATE_STATS_REPLY,
    OFPTYPE_TABLE_STATS_REQUEST,
    OFPTYPE_TABLE_STATS_REPLY,
    OFPTYPE_PORT_STATS_REQUEST,
    OFPTYPE_PORT_STATS_REPLY,
    OFPTYPE_QUEUE_STATS_REQUEST,
    OFPTYPE_QUEUE_STATS_REPLY,
    OFPTYPE_GROUP_STATS_REQUEST,
    OFPTYPE_GROUP_STATS_REPLY,
    OFPTYPE_GROUP_DESC_STATS_REQUEST,
    OFPTYPE_GROUP_DESC_STATS_REPLY,
    OFPTYPE_GROUP_FEATURES_STATS_REQUEST,
    OFPTYPE_GROUP_FEATURES_STATS_REPLY,
    OFPTYPE_METER_STATS_REQUEST,
    OFPTYPE_METER_STATS_REPLY,
    OFPTYPE_METER_CONFIG_STATS_REQUEST,
    OFPTYPE_METER_CONFIG_STATS_REPLY,
    OFPTYPE_METER_FEATURES_STATS_REQUEST,
    OFPTYPE_METER_FEATURES_STATS_REPLY,
    OFPTYPE_TABLE_FEATURES_STATS_REQUEST,
    OFPTYPE_TABLE_FEATURES_STATS_REPLY,
    OFPTYPE_PORT_DESC_STATS_REQUEST,
    OFPTYPE_PORT_DESC_STATS_REPLY,
    OFPTYPE_N_TYPES
};

/* Decoding.  ofpraw_decode() and ofptype_decode() identify and validate
 * 'oh' (see the top of this file).  ofpraw_pull() does the same for the
 * message in 'msg' (which must start at the ofp_header and hold exactly
 * the message), then sets msg->header to the ofp_header, pulls every
 * header of the message's kind, and sets msg->msg to the body, so that
 * 'msg' holds just the body. */
enum ofperr ofpraw_decode(enum ofpraw *, const struct ofp_header *);
enum ofperr ofptype_decode(enum ofptype *, const struct ofp_header *);
enum ofperr ofpraw_pull(enum ofpraw *, struct ofpbuf *);
enum ofperr ofptype_pull(enum ofptype *, struct ofpbuf *);
/* Like ofpraw_pull(), for messages already known to be valid (e.g. just
 * built by this process); aborts if not. */
enum ofpraw ofpraw_pull_assert(struct ofpbuf *);
/* Like ofpraw_decode(), for a known-valid message. */
enum ofpraw ofpraw_decode_assert(const struct ofp_header *);

enum ofptype ofptype_from_ofpraw(enum ofpraw);
/* "OFPT_FLOW_MOD", "NXT_FLOW_MOD", "OFPST_FLOW request"... */
const char *ofpraw_get_name(enum ofpraw);
/* "FLOW_MOD", "FLOW_STATS_REQUEST"... */
const char *ofptype_get_name(enum ofptype);
/* True if 'raw' exists in 'version'. */
bool ofpraw_is_valid_in(enum ofpraw, uint8_t version);
/* Bytes of headers before the body of 'raw' in 'version'. */
size_t ofpraw_header_len(enum ofpraw, uint8_t version);
/* Bytes of fixed body of 'raw' (what ofpraw_decode() requires at
 * least). */
size_t ofpraw_min_body_len(enum ofpraw);
/* True if 'version' is one of the versions osw speaks. */
bool ofputil_version_is_supported(uint8_t version);

/* Allocation.  'extra_tailroom' is room reserved for the body.  A
 * message with 'xid' 0 from ofpraw_alloc() gets a fresh transaction id
 * (ofputil_alloc_xid()).  ofpraw_alloc_reply() copies the version and xid
 * of 'request'.  ofpraw_alloc_stats_reply() makes the reply raw that
 * answers the stats request 'request' (same version, xid, kind). */
struct ofpbuf *ofpraw_alloc(enum ofpraw, uint8_t version,
                            size_t extra_tailroom);
struct ofpbuf *ofpraw_alloc_xid(enum ofpraw, uint8_t version, ovs_be32 xid,
                                size_t extra_tailroom);
struct ofpbuf *ofpraw_alloc_reply(enum ofpraw,
                                  const struct ofp_header *request,
                                  size_t extra_tailroom);
struct ofpbuf *ofpraw_alloc_stats_reply(const struct ofp_header *request,
                                        size_t extra_tailroom);
/* Appends the headers of 'raw' to 'buf' (which should be empty). */
void ofpraw_put(enum ofpraw, uint8_t version, struct ofpbuf *buf);
/* Sets the length in the ofp_header at buf->header (or at buf->data when
 * 'header' is NULL) to buf's size from there. */
void ofpmsg_update_length(struct ofpbuf *);
/* A new transaction id (never 0; thread-safe). */
ovs_be32 ofputil_alloc_xid(void);

/* Multipart helpers. */
/* The stats flags of a stats/multipart message (OFPSF_REPLY_MORE...). */
uint16_t ofpmp_flags(const struct ofp_header *);
bool ofpmp_more(const struct ofp_header *);
/* True for stats requests and replies. */
bool ofpraw_is_stats(enum ofpraw);
bool ofptype_is_stats_request(enum ofptype);

/* Building a multipart reply that may need several messages.
 * ofpmp_init() initializes 'replies' (an osw_list of struct ofpbuf via
 * 'list_node') with the first reply to 'request' ('request' must have a
 * reply kind in its version).  ofpmp_append() appends 'len' bytes (in a
 * new message when the last one would pass 65535 bytes; the previous one
 * then gets OFPMPF_REPLY_MORE) and fixes the length.  ofpmp_reserve()
 * returns the message to append 'len' bytes to in the same way; after
 * putting bytes into it yourself call ofpmp_postappend().  For entries
 * whose size is known only after they are built, note the last
 * message's size before ('start_ofs'), build the entry in the last
 * message, then call ofpmp_postappend(replies, start_ofs), which moves
 * the entry to a new message if the old one became too long and fixes
 * lengths.  ofpmp_version() is the replies' version.
 *
 * ofpraw_alloc_stats_reply() returns NULL if the request's version has
 * no reply of that kind. */
void ofpmp_init(struct osw_list *replies, const struct ofp_header *request);
struct ofpbuf *ofpmp_reserve(struct osw_list *replies, size_t len);
void *ofpmp_append(struct osw_list *replies, size_t len);
void ofpmp_postappend(struct osw_list *replies, size_t start_ofs);
uint8_t ofpmp_version(struct osw_list *replies);
enum ofpraw ofpmp_decode_raw(struct osw_list *replies);
/* For decoders of stats replies: on the first call ('msg->header' NULL)
 * pulls the headers of the reply in 'msg' (which holds exactly one
 * message); checks that it is of 'type' and stores its raw in '*rawp'. */
enum ofperr ofpmp_start_decode(struct ofpbuf *msg, enum ofptype type,
                               enum ofpraw *rawp);
/* Frees every buffer in 'replies'. */
void ofpmp_free(struct osw_list *replies);

/* Hello.  ofputil_encode_hello() builds a HELLO of the highest version
 * in 'allowed_versions' with a version bitmap element (for 1.3+; a
 * 1.0-only hello has no body).  ofputil_decode_hello() returns the
 * versions the peer announces: its bitmap if present, otherwise every
 * version from 1.0 to its header's version; false if the hello is
 * malformed (then '*allowed_versions' still holds the fallback).
 * Unknown hello elements are ignored.  ofputil_negotiate_version()
 * returns the highest version in both bitmaps, or 0 if none. */
struct ofpbuf *ofputil_encode_hello(uint32_t allowed_versions);
bool ofputil_decode_hello(const struct ofp_header *,
                          uint32_t *allowed_versions);
uint8_t ofputil_negotiate_version(uint32_t ours, uint32_t theirs);
/* Highest version in 'versions', or 0. */
uint8_t ofputil_highest_version(uint32_t versions);
/* "OpenFlow10" ... "OpenFlow15" and back (0 if unknown). */
const char *ofputil_version_to_string(uint8_t version);
uint8_t ofputil_version_from_string(const char *);
/* Parses a comma-separated list of version names into a bitmap; 0 on
 * error. */
uint32_t ofputil_versions_from_string(const char *);

/* Echo. */
struct ofpbuf *ofputil_encode_echo_request(uint8_t version);
struct ofpbuf *ofputil_encode_echo_reply(const struct ofp_header *request);
/* Barrier. */
struct ofpbuf *ofputil_encode_barrier_request(uint8_t version);
struct ofpbuf *ofputil_encode_barrier_reply(const struct ofp_header *);

#endif /* ofp-msgs.h */
