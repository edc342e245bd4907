/* ofp-flow: flow mods, flow and aggregate statistics, flow removed,
 * packet-in, packet-out, table statistics and features. */
#include <config.h>
#include "ofp-util.h"

#include <string.h>
#include "ofp-actions.h"
#include "ofp-match.h"
#include "ofproto.h"
#include "osw/ofpbuf.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(ofp_flow);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);

#define OFPUTIL_FF_ALL (OFPUTIL_FF_SEND_FLOW_REM | OFPUTIL_FF_CHECK_OVERLAP \
                        | OFPUTIL_FF_RESET_COUNTS                       \
                        | OFPUTIL_FF_NO_PKT_COUNTS                      \
                        | OFPUTIL_FF_NO_BYT_COUNTS)
#define OFPFF10_KNOWN (OFPFF10_SEND_FLOW_REM | OFPFF10_CHECK_OVERLAP)

/* ---- OXS statistics (OpenFlow 1.5). ---- */

struct oxs_stats {
    uint32_t duration_sec, duration_nsec;
    uint32_t idle_sec;
    uint32_t flow_count;
    uint64_t packet_count, byte_count;
    bool has_duration, has_idle, has_flow_count;
    bool has_packet_count, has_byte_count;
};

static void
put_oxs_u32(struct ofpbuf *b, uint32_t header, uint32_t v)
{
    ovs_be32 w[2] = { htonl(header), htonl(v) };
    ofpbuf_put(b, w, sizeof w);
}

static void
put_oxs_u64(struct ofpbuf *b, uint32_t header, uint64_t v)
{
    ovs_be32 w[3] = { htonl(header), htonl(v >> 32), htonl((uint32_t) v) };
    ofpbuf_put(b, w, sizeof w);
}

static void
put_oxs_stats(struct ofpbuf *b, const struct oxs_stats *s)
{
    size_t start = b->size;
    ofpbuf_put_zeros(b, sizeof(struct ofp15_oxs_stat_header));
    if (s->has_duration) {
        put_oxs_u64(b, OXS_OF_DURATION,
                    ((uint64_t) s->duration_sec << 32) | s->duration_nsec);
    }
    if (s->has_idle) {
        put_oxs_u64(b, OXS_OF_IDLE_TIME, (uint64_t) s->idle_sec << 32);
    }
    if (s->has_flow_count) {
        put_oxs_u32(b, OXS_OF_FLOW_COUNT, s->flow_count);
    }
    if (s->has_packet_count) {
        put_oxs_u64(b, OXS_OF_PACKET_COUNT, s->packet_count);
    }
    if (s->has_byte_count) {
        put_oxs_u64(b, OXS_OF_BYTE_COUNT, s->byte_count);
    }
    struct ofp15_oxs_stat_header *h = ofpbuf_at_assert(b, start, sizeof *h);
    h->length = htons(b->size - start);
    ofpbuf_put_zeros(b, ROUND_UP(b->size - start, 8) - (b->size - start));
}

static enum ofperr
pull_oxs_stats(struct ofpbuf *b, struct oxs_stats *s)
{
    memset(s, 0, sizeof *s);
    const struct ofp15_oxs_stat_header *h = ofpbuf_at(b, 0, sizeof *h);
    size_t len = h ? ntohs(h->length) : 0;
    size_t padded = ROUND_UP(len, 8);
    if (!h || len < sizeof *h || padded > b->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }

    const uint8_t *p = (const uint8_t *) (h + 1);
    size_t left = len - sizeof *h;
    ofpbuf_pull(b, padded);
    while (left) {
        ovs_be32 hdr_be;
        if (left < 4) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        memcpy(&hdr_be, p, 4);
        uint32_t hdr = ntohl(hdr_be);
        size_t vlen = hdr & 0xff;
        if (vlen + 4 > left) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        uint64_t v = 0;
        for (size_t i = 0; i < vlen && i < 8; i++) {
            v = (v << 8) | p[4 + i];
        }
        if (hdr >> 16 == OFPXSC_OPENFLOW_BASIC) {
            switch (hdr) {
            case OXS_OF_DURATION:
                s->has_duration = true;
                s->duration_sec = v >> 32;
                s->duration_nsec = v;
                break;
            case OXS_OF_IDLE_TIME:
                s->has_idle = true;
                s->idle_sec = v >> 32;
                break;
            case OXS_OF_FLOW_COUNT:
                s->has_flow_count = true;
                s->flow_count = v;
                break;
            case OXS_OF_PACKET_COUNT:
                s->has_packet_count = true;
                s->packet_count = v;
                break;
            case OXS_OF_BYTE_COUNT:
                s->has_byte_count = true;
                s->byte_count = v;
                break;
            default:
                break;
            }
        }
        p += 4 + vlen;
        left -= 4 + vlen;
    }
    return 0;
}

/* ---- Flow mod. ---- */

static enum ofperr
decode_flow_mod_flags(uint16_t raw_flags, uint8_t version, uint32_t *flags)
{
    if (version == OFP10_VERSION) {
        if (raw_flags & OFPFF10_EMERG) {
            return OFPERR_OFPFMFC_BAD_FLAGS;
        }
        *flags = raw_flags & OFPFF10_KNOWN;
    } else {
        if (raw_flags & ~OFPUTIL_FF_ALL) {
            return OFPERR_OFPFMFC_BAD_FLAGS;
        }
        *flags = raw_flags;
    }
    return 0;
}

/* 1.0's cookie semantics (also NXM's new cookie). */
static void
set_ofp10_cookies(struct ofputil_flow_mod *fm, uint64_t cookie)
{
    fm->new_cookie = cookie;
    fm->modify_cookie = cookie != UINT64_MAX;
}

static void
set_ofp10_table(struct ofputil_flow_mod *fm, uint16_t command,
                enum ofputil_protocol protocol)
{
    if (protocol & (OFPUTIL_P_OF10_STD_TID | OFPUTIL_P_OF10_NXM_TID)) {
        fm->table_id = command >> 8;
    } else {
        fm->table_id = (command & 0xff) == OFPFC_ADD ? 0 : OFPTT_ALL;
    }
    fm->command = command & 0xff;
}

static enum ofperr
decode_ofp10_flow_mod(struct ofputil_flow_mod *fm,
                      const struct ofp10_flow_mod *ofm, struct ofpbuf *b,
                      enum ofputil_protocol protocol, struct ofpbuf *ofpacts)
{
    ofputil_match_from_ofp10_match(&ofm->match, &fm->match);
    /* 1.0: an exact-match flow outranks every wildcarded one. */
    fm->priority = (ofm->match.wildcards & htonl(OFPFW10_ALL)
                    ? ntohs(ofm->priority) : UINT16_MAX);
    set_ofp10_cookies(fm, ntohll(ofm->cookie));
    set_ofp10_table(fm, ntohs(ofm->command), protocol);
    fm->idle_timeout = ntohs(ofm->idle_timeout);
    fm->hard_timeout = ntohs(ofm->hard_timeout);
    fm->buffer_id = ntohl(ofm->buffer_id);
    fm->out_port = ntohs(ofm->out_port);
    enum ofperr error = decode_flow_mod_flags(ntohs(ofm->flags),
                                              OFP10_VERSION, &fm->flags);
    return (error ? error
            : ofpacts_pull_openflow_actions(b, b->size, OFP10_VERSION,
                                            ofpacts));
}

static enum ofperr
decode_nx_flow_mod(struct ofputil_flow_mod *fm, const struct nx_flow_mod *nfm,
                   struct ofpbuf *b, enum ofputil_protocol protocol,
                   struct ofpbuf *ofpacts)
{
    ovs_be64 cookie, cookie_mask;
    enum ofperr error = nx_pull_match(b, ntohs(nfm->match_len), &fm->match,
                                      &cookie, &cookie_mask);
    if (error) {
        return error;
    }
    fm->cookie = ntohll(cookie);
    fm->cookie_mask = ntohll(cookie_mask);
    fm->priority = ntohs(nfm->priority);
    set_ofp10_cookies(fm, ntohll(nfm->cookie));
    set_ofp10_table(fm, ntohs(nfm->command), protocol);
    fm->idle_timeout = ntohs(nfm->idle_timeout);
    fm->hard_timeout = ntohs(nfm->hard_timeout);
    fm->buffer_id = ntohl(nfm->buffer_id);
    fm->out_port = ntohs(nfm->out_port);
    error = decode_flow_mod_flags(ntohs(nfm->flags), OFP10_VERSION,
                                  &fm->flags);
    return (error ? error
            : ofpacts_pull_openflow_actions(b, b->size, OFP10_VERSION,
                                            ofpacts));
}

static enum ofperr
decode_ofp11_flow_mod(struct ofputil_flow_mod *fm,
                      const struct ofp11_flow_mod *ofm, struct ofpbuf *b,
                      uint8_t version, struct ofpbuf *ofpacts)
{
    enum ofperr error = oxm_pull_match(b, false, &fm->match);
    if (error) {
        return error;
    }
    fm->command = ofm->command;
    fm->priority = ntohs(ofm->priority);
    if (fm->command == OFPFC_ADD) {
        fm->new_cookie = ntohll(ofm->cookie);
    } else {
        fm->cookie = ntohll(ofm->cookie);
        fm->cookie_mask = ntohll(ofm->cookie_mask);
        fm->new_cookie = UINT64_MAX;
    }
    fm->modify_cookie = false;
    /* OpenFlow 1.1 never allows "all tables"; 1.2+ only for deletes. */
    fm->table_id = ofm->table_id;
    if (fm->table_id == OFPTT_ALL
        && (version == OFP11_VERSION
            || (fm->command != OFPFC_DELETE
                && fm->command != OFPFC_DELETE_STRICT))) {
        return OFPERR_OFPFMFC_BAD_TABLE_ID;
    }
    fm->idle_timeout = ntohs(ofm->idle_timeout);
    fm->hard_timeout = ntohs(ofm->hard_timeout);
    fm->buffer_id = ntohl(ofm->buffer_id);
    if (ofputil_port_from_ofp11(ofm->out_port, &fm->out_port)) {
        return OFPERR_OFPFMFC_UNKNOWN;
    }
    fm->out_group = ntohl(ofm->out_group);
    fm->importance = version >= OFP14_VERSION ? ntohs(ofm->importance) : 0;
    error = decode_flow_mod_flags(ntohs(ofm->flags), version, &fm->flags);
    return (error ? error
            : ofpacts_pull_openflow_instructions(b, b->size, version,
                                                 ofpacts));
}

/* Decodes flow mod 'oh' (see ofp-util.h). */
enum ofperr
ofputil_decode_flow_mod(struct ofputil_flow_mod *fm,
                        const struct ofp_header *oh,
                        enum ofputil_protocol protocol,
                        struct ofpbuf *ofpacts)
{
    struct ofpbuf b;
    enum ofpraw raw;
    enum ofperr error;

    memset(fm, 0, sizeof *fm);
    fm->out_group = OFPG_ANY;
    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }

    if (raw == OFPRAW_OFPT10_FLOW_MOD) {
        ofpbuf_pull(&b, sizeof(struct ofp10_flow_mod) - sizeof *oh);
        error = decode_ofp10_flow_mod(fm, (const void *) oh, &b, protocol,
                                      ofpacts);
    } else if (raw == OFPRAW_NXT_FLOW_MOD) {
        ofpbuf_pull(&b, sizeof(struct nx_flow_mod)
                    - sizeof(struct nicira_header));
        error = decode_nx_flow_mod(fm, (const void *) oh, &b, protocol,
                                   ofpacts);
    } else if (raw == OFPRAW_OFPT11_FLOW_MOD) {
        ofpbuf_pull(&b, sizeof(struct ofp11_flow_mod) - sizeof *oh);
        error = decode_ofp11_flow_mod(fm, (const void *) oh, &b,
                                      oh->version, ofpacts);
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (!error && fm->command > OFPFC_DELETE_STRICT) {
        error = OFPERR_OFPFMFC_BAD_COMMAND;
    }
    if (error) {
        VLOG_WARN_RL(&rl, "bad flow_mod: %s", ofperr_get_name(error));
        return error;
    }
    fm->ofpacts = ofpacts->data;
    fm->ofpacts_len = ofpacts->size;
    return 0;
}

static uint16_t
ofp10_command(const struct ofputil_flow_mod *fm,
              enum ofputil_protocol protocol)
{
    bool tid = (protocol
                & (OFPUTIL_P_OF10_STD_TID | OFPUTIL_P_OF10_NXM_TID)) != 0;
    return (tid ? fm->table_id << 8 : 0) | (fm->command & 0xff);
}

/* Encodes 'fm' for 'protocol'. */
struct ofpbuf *
ofputil_encode_flow_mod(const struct ofputil_flow_mod *fm,
                        enum ofputil_protocol protocol)
{
    uint8_t version = ofputil_protocol_to_ofp_version(protocol);
    struct ofpbuf *msg;

    if (protocol & OFPUTIL_P_OF10_STD_ANY) {
        msg = ofpraw_alloc(OFPRAW_OFPT10_FLOW_MOD, version,
                           64 + fm->ofpacts_len);
        struct ofp10_flow_mod *ofm = ofpbuf_put_zeros(msg, 64);
        ofm = msg->header;
        ofputil_match_to_ofp10_match(&fm->match, &ofm->match);
        ofm->cookie = htonll(fm->new_cookie);
        ofm->command = htons(ofp10_command(fm, protocol));
        ofm->idle_timeout = htons(fm->idle_timeout);
        ofm->hard_timeout = htons(fm->hard_timeout);
        ofm->priority = htons(fm->priority);
        ofm->buffer_id = htonl(fm->buffer_id);
        ofm->out_port = htons(fm->out_port);
        ofm->flags = htons(fm->flags & OFPFF10_KNOWN);
        ofpacts_put_openflow_actions(fm->ofpacts, fm->ofpacts_len, msg,
                                     version);
    } else if (protocol & OFPUTIL_P_OF10_NXM_ANY) {
        msg = ofpraw_alloc(OFPRAW_NXT_FLOW_MOD, version,
                           256 + fm->ofpacts_len);
        ofpbuf_put_zeros(msg, sizeof(struct nx_flow_mod)
                         - sizeof(struct nicira_header));
        int match_len = nx_put_match(msg, &fm->match, htonll(fm->cookie),
                                     htonll(fm->cookie_mask));
        struct nx_flow_mod *nfm = msg->header;
        nfm->cookie = htonll(fm->new_cookie);
        nfm->command = htons(ofp10_command(fm, protocol));
        nfm->idle_timeout = htons(fm->idle_timeout);
        nfm->hard_timeout = htons(fm->hard_timeout);
        nfm->priority = htons(fm->priority);
        nfm->buffer_id = htonl(fm->buffer_id);
        nfm->out_port = htons(fm->out_port);
        nfm->flags = htons(fm->flags & OFPFF10_KNOWN);
        nfm->match_len = htons(match_len);
        ofpacts_put_openflow_actions(fm->ofpacts, fm->ofpacts_len, msg,
                                     version);
    } else {
        msg = ofpraw_alloc(OFPRAW_OFPT11_FLOW_MOD, version,
                           256 + fm->ofpacts_len);
        ofpbuf_put_zeros(msg, sizeof(struct ofp11_flow_mod)
                         - sizeof(struct ofp_header));
        struct ofp11_flow_mod *ofm = msg->header;
        ofm->cookie = htonll(fm->command == OFPFC_ADD ? fm->new_cookie
                             : fm->cookie);
        ofm->cookie_mask = htonll(fm->command == OFPFC_ADD ? 0
                                  : fm->cookie_mask);
        /* Only a 1.2+ delete may name every table: anything else that
         * does not name one goes to table 0, as ovs-ofctl sends it. */
        bool all_ok = (version >= OFP12_VERSION
                       && (fm->command == OFPFC_DELETE
                           || fm->command == OFPFC_DELETE_STRICT));
        ofm->table_id = (fm->table_id == OFPTT_ALL && !all_ok
                         ? 0 : fm->table_id);
        ofm->command = fm->command;
        ofm->idle_timeout = htons(fm->idle_timeout);
        ofm->hard_timeout = htons(fm->hard_timeout);
        ofm->priority = htons(fm->priority);
        ofm->buffer_id = htonl(fm->buffer_id);
        ofm->out_port = ofputil_port_to_ofp11(fm->out_port);
        ofm->out_group = htonl(fm->out_group);
        ofm->flags = htons(fm->flags & OFPUTIL_FF_ALL);
        if (version >= OFP14_VERSION) {
            ofm->importance = htons(fm->importance);
        }
        oxm_put_match(msg, &fm->match, version);
        ofpacts_put_openflow_instructions(fm->ofpacts, fm->ofpacts_len, msg,
                                          version);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* ---- Flow stats requests. ---- */

/* Decodes flow or aggregate stats request 'oh'. */
enum ofperr
ofputil_decode_flow_stats_request(struct ofputil_flow_stats_request *fsr,
                                  const struct ofp_header *oh)
{
    struct ofpbuf b;
    enum ofpraw raw;

    memset(fsr, 0, sizeof *fsr);
    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }

    enum ofptype type = ofptype_from_ofpraw(raw);
    if (type != OFPTYPE_FLOW_STATS_REQUEST
        && type != OFPTYPE_AGGREGATE_STATS_REQUEST) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    fsr->aggregate = type == OFPTYPE_AGGREGATE_STATS_REQUEST;
    fsr->out_group = OFPG_ANY;

    if (raw == OFPRAW_OFPST10_FLOW_REQUEST
        || raw == OFPRAW_OFPST10_AGGREGATE_REQUEST) {
        const struct ofp10_flow_stats_request *req = b.data;
        ofputil_match_from_ofp10_match(&req->match, &fsr->match);
        fsr->table_id = req->table_id;
        fsr->out_port = ntohs(req->out_port);
        return 0;
    } else if (raw == OFPRAW_NXST_FLOW_REQUEST
               || raw == OFPRAW_NXST_AGGREGATE_REQUEST) {
        const struct nx_flow_stats_request *req = ofpbuf_pull(&b,
                                                              sizeof *req);
        ovs_be64 cookie, cookie_mask;
        error = nx_pull_match(&b, ntohs(req->match_len), &fsr->match,
                              &cookie, &cookie_mask);
        if (error) {
            return error;
        }
        if (b.size) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        fsr->cookie = ntohll(cookie);
        fsr->cookie_mask = ntohll(cookie_mask);
        fsr->table_id = req->table_id;
        fsr->out_port = ntohs(req->out_port);
        return 0;
    } else {
        const struct ofp11_flow_stats_request *req = ofpbuf_pull(&b,
                                                                 sizeof *req);
        fsr->table_id = req->table_id;
        if (ofputil_port_from_ofp11(req->out_port, &fsr->out_port)) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
        fsr->out_group = ntohl(req->out_group);
        fsr->cookie = ntohll(req->cookie);
        fsr->cookie_mask = ntohll(req->cookie_mask);
        return oxm_pull_match(&b, false, &fsr->match);
    }
}

/* Encodes 'fsr' for 'protocol'. */
struct ofpbuf *
ofputil_encode_flow_stats_request(const struct ofputil_flow_stats_request *fsr,
                                  enum ofputil_protocol protocol)
{
    uint8_t version = ofputil_protocol_to_ofp_version(protocol);
    struct ofpbuf *msg;

    if (protocol & OFPUTIL_P_OF10_STD_ANY) {
        msg = ofpraw_alloc(fsr->aggregate ? OFPRAW_OFPST10_AGGREGATE_REQUEST
                           : OFPRAW_OFPST10_FLOW_REQUEST, version, 44);
        struct ofp10_flow_stats_request *req
            = ofpbuf_put_zeros(msg, sizeof *req);
        ofputil_match_to_ofp10_match(&fsr->match, &req->match);
        req->table_id = fsr->table_id;
        req->out_port = htons(fsr->out_port);
    } else if (protocol & OFPUTIL_P_OF10_NXM_ANY) {
        msg = ofpraw_alloc(fsr->aggregate ? OFPRAW_NXST_AGGREGATE_REQUEST
                           : OFPRAW_NXST_FLOW_REQUEST, version, 256);
        size_t ofs = msg->size;
        ofpbuf_put_zeros(msg, sizeof(struct nx_flow_stats_request));
        int match_len = nx_put_match(msg, &fsr->match, htonll(fsr->cookie),
                                     htonll(fsr->cookie_mask));
        struct nx_flow_stats_request *req
            = ofpbuf_at_assert(msg, ofs, sizeof *req);
        req->out_port = htons(fsr->out_port);
        req->match_len = htons(match_len);
        req->table_id = fsr->table_id;
    } else {
        msg = ofpraw_alloc(fsr->aggregate ? OFPRAW_OFPST11_AGGREGATE_REQUEST
                           : OFPRAW_OFPST11_FLOW_REQUEST, version, 256);
        struct ofp11_flow_stats_request *req
            = ofpbuf_put_zeros(msg, sizeof *req);
        req->table_id = fsr->table_id;
        req->out_port = ofputil_port_to_ofp11(fsr->out_port);
        req->out_group = htonl(fsr->out_group);
        req->cookie = htonll(fsr->cookie);
        req->cookie_mask = htonll(fsr->cookie_mask);
        oxm_put_match(msg, &fsr->match, version);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* ---- Flow stats replies. ---- */

static uint16_t
age_to_wire(int age)
{
    return age < 0 ? 0 : age >= UINT16_MAX ? UINT16_MAX : age + 1;
}

static void
append_ofp10_flow_stats(const struct ofputil_flow_stats *fs,
                        struct ofpbuf *msg)
{
    size_t start = msg->size;
    struct ofp10_flow_stats *ofs = ofpbuf_put_zeros(msg, sizeof *ofs);
    ofs->table_id = fs->table_id;
    ofputil_match_to_ofp10_match(&fs->match, &ofs->match);
    ofs->duration_sec = htonl(fs->duration_sec);
    ofs->duration_nsec = htonl(fs->duration_nsec);
    ofs->priority = htons(fs->priority);
    ofs->idle_timeout = htons(fs->idle_timeout);
    ofs->hard_timeout = htons(fs->hard_timeout);
    put_32aligned_be64(&ofs->cookie, htonll(fs->cookie));
    put_32aligned_be64(&ofs->packet_count, htonll(fs->packet_count));
    put_32aligned_be64(&ofs->byte_count, htonll(fs->byte_count));
    ofpacts_put_openflow_actions(fs->ofpacts, fs->ofpacts_len, msg,
                                 OFP10_VERSION);
    ofs = ofpbuf_at_assert(msg, start, sizeof *ofs);
    ofs->length = htons(msg->size - start);
}

static void
append_nx_flow_stats(const struct ofputil_flow_stats *fs, struct ofpbuf *msg)
{
    size_t start = msg->size;
    ofpbuf_put_zeros(msg, sizeof(struct nx_flow_stats));
    int match_len = nx_put_match(msg, &fs->match, 0, 0);
    ofpacts_put_openflow_actions(fs->ofpacts, fs->ofpacts_len, msg,
                                 OFP10_VERSION);
    struct nx_flow_stats *nfs = ofpbuf_at_assert(msg, start, sizeof *nfs);
    nfs->length = htons(msg->size - start);
    nfs->table_id = fs->table_id;
    nfs->duration_sec = htonl(fs->duration_sec);
    nfs->duration_nsec = htonl(fs->duration_nsec);
    nfs->priority = htons(fs->priority);
    nfs->idle_timeout = htons(fs->idle_timeout);
    nfs->hard_timeout = htons(fs->hard_timeout);
    nfs->match_len = htons(match_len);
    nfs->idle_age = htons(age_to_wire(fs->idle_age));
    nfs->hard_age = htons(age_to_wire(fs->hard_age));
    put_32aligned_be64(&nfs->cookie, htonll(fs->cookie));
    put_32aligned_be64(&nfs->packet_count, htonll(fs->packet_count));
    put_32aligned_be64(&nfs->byte_count, htonll(fs->byte_count));
}

static void
append_ofp11_flow_stats(const struct ofputil_flow_stats *fs,
                        struct ofpbuf *msg, uint8_t version)
{
    size_t start = msg->size;
    ofpbuf_put_zeros(msg, sizeof(struct ofp11_flow_stats));
    oxm_put_match(msg, &fs->match, version);
    ofpacts_put_openflow_instructions(fs->ofpacts, fs->ofpacts_len, msg,
                                      version);
    struct ofp11_flow_stats *ofs = ofpbuf_at_assert(msg, start, sizeof *ofs);
    ofs->length = htons(msg->size - start);
    ofs->table_id = fs->table_id;
    ofs->duration_sec = htonl(fs->duration_sec);
    ofs->duration_nsec = htonl(fs->duration_nsec);
    ofs->priority = htons(fs->priority);
    ofs->idle_timeout = htons(fs->idle_timeout);
    ofs->hard_timeout = htons(fs->hard_timeout);
    ofs->flags = htons(fs->flags & OFPUTIL_FF_ALL);
    if (version >= OFP14_VERSION) {
        ofs->importance = htons(fs->importance);
    }
    ofs->cookie = htonll(fs->cookie);
    ofs->packet_count = htonll(fs->packet_count);
    ofs->byte_count = htonll(fs->byte_count);
}

static void
append_ofp15_flow_desc(const struct ofputil_flow_stats *fs,
                       struct ofpbuf *msg)
{
    size_t start = msg->size;
    ofpbuf_put_zeros(msg, sizeof(struct ofp15_flow_desc));
    oxm_put_match(msg, &fs->match, OFP15_VERSION);
    struct oxs_stats s = {
        .duration_sec = fs->duration_sec,
        .duration_nsec = fs->duration_nsec,
        .idle_sec = fs->idle_age < 0 ? 0 : fs->idle_age,
        .packet_count = fs->packet_count,
        .byte_count = fs->byte_count,
        .has_duration = true,
        .has_idle = fs->idle_age >= 0,
        .has_packet_count = true,
        .has_byte_count = true,
    };
    put_oxs_stats(msg, &s);
    ofpacts_put_openflow_instructions(fs->ofpacts, fs->ofpacts_len, msg,
                                      OFP15_VERSION);
    struct ofp15_flow_desc *ofd = ofpbuf_at_assert(msg, start, sizeof *ofd);
    ofd->length = htons(msg->size - start);
    ofd->table_id = fs->table_id;
    ofd->priority = htons(fs->priority);
    ofd->idle_timeout = htons(fs->idle_timeout);
    ofd->hard_timeout = htons(fs->hard_timeout);
    ofd->flags = htons(fs->flags & OFPUTIL_FF_ALL);
    ofd->importance = htons(fs->importance);
    ofd->cookie = htonll(fs->cookie);
}

/* Appends 'fs' to the flow stats replies 'replies'. */
void
ofputil_append_flow_stats_reply(const struct ofputil_flow_stats *fs,
                                struct osw_list *replies)
{
    enum ofpraw raw = ofpmp_decode_raw(replies);
    struct ofpbuf *msg = ofpmp_reserve(replies, 256 + fs->ofpacts_len);
    size_t start_ofs = msg->size;

    switch (raw) {
    case OFPRAW_OFPST10_FLOW_REPLY:
        append_ofp10_flow_stats(fs, msg);
        break;
    case OFPRAW_NXST_FLOW_REPLY:
        append_nx_flow_stats(fs, msg);
        break;
    case OFPRAW_OFPST11_FLOW_REPLY:
        append_ofp11_flow_stats(fs, msg, ofpmp_version(replies));
        break;
    case OFPRAW_OFPST15_FLOW_REPLY:
        append_ofp15_flow_desc(fs, msg);
        break;
    default:
        osw_assert(false);
    }
    ofpmp_postappend(replies, start_ofs);
}

/* Pulls one entry of 'len' bytes (its length field) that starts with
 * at least 'min' fixed bytes from 'msg' into 'entry'. */
static enum ofperr
pull_entry(struct ofpbuf *msg, size_t min, struct ofpbuf *entry)
{
    const ovs_be16 *lenp = ofpbuf_at(msg, 0, sizeof *lenp);
    size_t len = lenp ? ntohs(*lenp) : 0;
    if (!lenp || len < min || len > msg->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofpbuf_use_const(entry, msg->data, len);
    ofpbuf_pull(msg, len);
    return 0;
}

static enum ofperr
decode_ofp10_flow_stats(struct ofputil_flow_stats *fs, struct ofpbuf *e,
                        struct ofpbuf *ofpacts)
{
    const struct ofp10_flow_stats *ofs = ofpbuf_pull(e, sizeof *ofs);
    fs->table_id = ofs->table_id;
    ofputil_match_from_ofp10_match(&ofs->match, &fs->match);
    fs->duration_sec = ntohl(ofs->duration_sec);
    fs->duration_nsec = ntohl(ofs->duration_nsec);
    fs->priority = ntohs(ofs->priority);
    fs->idle_timeout = ntohs(ofs->idle_timeout);
    fs->hard_timeout = ntohs(ofs->hard_timeout);
    fs->cookie = ntohll(get_32aligned_be64(&ofs->cookie));
    fs->packet_count = ntohll(get_32aligned_be64(&ofs->packet_count));
    fs->byte_count = ntohll(get_32aligned_be64(&ofs->byte_count));
    return ofpacts_pull_openflow_actions(e, e->size, OFP10_VERSION, ofpacts);
}

static enum ofperr
decode_nx_flow_stats(struct ofputil_flow_stats *fs, struct ofpbuf *e,
                     struct ofpbuf *ofpacts)
{
    const struct nx_flow_stats *nfs = ofpbuf_pull(e, sizeof *nfs);
    enum ofperr error = nx_pull_match_loose(e, ntohs(nfs->match_len),
                                            &fs->match, NULL, NULL);
    if (error) {
        return error;
    }
    fs->table_id = nfs->table_id;
    fs->duration_sec = ntohl(nfs->duration_sec);
    fs->duration_nsec = ntohl(nfs->duration_nsec);
    fs->priority = ntohs(nfs->priority);
    fs->idle_timeout = ntohs(nfs->idle_timeout);
    fs->hard_timeout = ntohs(nfs->hard_timeout);
    fs->idle_age = (int) ntohs(nfs->idle_age) - 1;
    fs->hard_age = (int) ntohs(nfs->hard_age) - 1;
    fs->cookie = ntohll(get_32aligned_be64(&nfs->cookie));
    fs->packet_count = ntohll(get_32aligned_be64(&nfs->packet_count));
    fs->byte_count = ntohll(get_32aligned_be64(&nfs->byte_count));
    return ofpacts_pull_openflow_actions(e, e->size, OFP10_VERSION, ofpacts);
}

static enum ofperr
decode_ofp11_flow_stats(struct ofputil_flow_stats *fs, struct ofpbuf *e,
                        uint8_t version, struct ofpbuf *ofpacts)
{
    const struct ofp11_flow_stats *ofs = ofpbuf_pull(e, sizeof *ofs);
    enum ofperr error = oxm_pull_match(e, true, &fs->match);
    if (error) {
        return error;
    }
    fs->table_id = ofs->table_id;
    fs->duration_sec = ntohl(ofs->duration_sec);
    fs->duration_nsec = ntohl(ofs->duration_nsec);
    fs->priority = ntohs(ofs->priority);
    fs->idle_timeout = ntohs(ofs->idle_timeout);
    fs->hard_timeout = ntohs(ofs->hard_timeout);
    fs->flags = ntohs(ofs->flags) & OFPUTIL_FF_ALL;
    fs->importance = version >= OFP14_VERSION ? ntohs(ofs->importance) : 0;
    fs->cookie = ntohll(ofs->cookie);
    fs->packet_count = ntohll(ofs->packet_count);
    fs->byte_count = ntohll(ofs->byte_count);
    return ofpacts_pull_openflow_instructions(e, e->size, version, ofpacts);
}

static enum ofperr
decode_ofp15_flow_desc(struct ofputil_flow_stats *fs, struct ofpbuf *e,
                       struct ofpbuf *ofpacts)
{
    const struct ofp15_flow_desc *ofd = ofpbuf_pull(e, sizeof *ofd);
    enum ofperr error = oxm_pull_match(e, true, &fs->match);
    if (error) {
        return error;
    }
    struct oxs_stats s;
    error = pull_oxs_stats(e, &s);
    if (error) {
        return error;
    }
    fs->table_id = ofd->table_id;
    fs->priority = ntohs(ofd->priority);
    fs->idle_timeout = ntohs(ofd->idle_timeout);
    fs->hard_timeout = ntohs(ofd->hard_timeout);
    fs->flags = ntohs(ofd->flags) & OFPUTIL_FF_ALL;
    fs->importance = ntohs(ofd->importance);
    fs->cookie = ntohll(ofd->cookie);
    fs->duration_sec = s.duration_sec;
    fs->duration_nsec = s.duration_nsec;
    fs->idle_age = s.has_idle ? (int) MIN(s.idle_sec, INT32_MAX) : -1;
    fs->packet_count = s.has_packet_count ? s.packet_count : UINT64_MAX;
    fs->byte_count = s.has_byte_count ? s.byte_count : UINT64_MAX;
    return ofpacts_pull_openflow_instructions(e, e->size, OFP15_VERSION,
                                              ofpacts);
}

/* Pulls one flow from flow stats reply 'msg' (see ofp-util.h). */
int
ofputil_decode_flow_stats_reply(struct ofputil_flow_stats *fs,
                                struct ofpbuf *msg, struct ofpbuf *ofpacts)
{
    enum ofpraw raw;
    enum ofperr error = ofpmp_start_decode(msg, OFPTYPE_FLOW_STATS_REPLY,
                                           &raw);
    if (error) {
        return error;
    }
    memset(fs, 0, sizeof *fs);
    fs->idle_age = fs->hard_age = -1;
    if (!msg->size) {
        return EOF;
    }

    struct ofpbuf e;
    ofpbuf_clear(ofpacts);
    switch (raw) {
    case OFPRAW_OFPST10_FLOW_REPLY:
        error = pull_entry(msg, sizeof(struct ofp10_flow_stats), &e);
        error = error ? error : decode_ofp10_flow_stats(fs, &e, ofpacts);
        break;
    case OFPRAW_NXST_FLOW_REPLY:
        error = pull_entry(msg, sizeof(struct nx_flow_stats), &e);
        error = error ? error : decode_nx_flow_stats(fs, &e, ofpacts);
        break;
    case OFPRAW_OFPST11_FLOW_REPLY: {
        const struct ofp_header *oh = msg->header;
        error = pull_entry(msg, sizeof(struct ofp11_flow_stats), &e);
        error = error ? error : decode_ofp11_flow_stats(fs, &e, oh->version,
                                                        ofpacts);
        break;
    }
    case OFPRAW_OFPST15_FLOW_REPLY:
        error = pull_entry(msg, sizeof(struct ofp15_flow_desc), &e);
        error = error ? error : decode_ofp15_flow_desc(fs, &e, ofpacts);
        break;
    default:
        error = OFPERR_OFPBRC_BAD_TYPE;
        break;
    }
    fs->ofpacts = ofpacts->data;
    fs->ofpacts_len = ofpacts->size;
    return error;
}

/* ---- Aggregate stats. ---- */

/* Returns the aggregate stats reply to 'request'. */
struct ofpbuf *
ofputil_encode_aggregate_stats_reply(const struct ofputil_aggregate_stats *as,
                                     const struct ofp_header *request)
{
    struct ofpbuf *msg = ofpraw_alloc_stats_reply(request, 64);

    if (request->version >= OFP15_VERSION) {
        struct oxs_stats s = {
            .flow_count = as->flow_count,
            .packet_count = as->packet_count,
            .byte_count = as->byte_count,
            .has_flow_count = true,
            .has_packet_count = true,
            .has_byte_count = true,
        };
        put_oxs_stats(msg, &s);
    } else {
        struct ofp_aggregate_stats_reply *asr
            = ofpbuf_put_zeros(msg, sizeof *asr);
        put_32aligned_be64(&asr->packet_count, htonll(as->packet_count));
        put_32aligned_be64(&asr->byte_count, htonll(as->byte_count));
        asr->flow_count = htonl(as->flow_count);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes aggregate stats reply 'oh'. */
enum ofperr
ofputil_decode_aggregate_stats_reply(struct ofputil_aggregate_stats *as,
                                     const struct ofp_header *oh)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    memset(as, 0, sizeof *as);
    if (raw == OFPRAW_OFPST15_AGGREGATE_REPLY) {
        struct oxs_stats s;
        error = pull_oxs_stats(&b, &s);
        as->flow_count = s.flow_count;
        as->packet_count = s.packet_count;
        as->byte_count = s.byte_count;
        return error;
    } else if (ofptype_from_ofpraw(raw) == OFPTYPE_AGGREGATE_STATS_REPLY) {
        const struct ofp_aggregate_stats_reply *asr = b.data;
        as->packet_count = ntohll(get_32aligned_be64(&asr->packet_count));
        as->byte_count = ntohll(get_32aligned_be64(&asr->byte_count));
        as->flow_count = ntohl(asr->flow_count);
        return 0;
    }
    return OFPERR_OFPBRC_BAD_TYPE;
}

/* ---- Flow removed. ---- */

/* Decodes flow removed message 'oh'. */
enum ofperr
ofputil_decode_flow_removed(struct ofputil_flow_removed *fr,
                            const struct ofp_header *oh)
{
    struct ofpbuf b;
    enum ofpraw raw;

    memset(fr, 0, sizeof *fr);
    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }

    if (raw == OFPRAW_OFPT10_FLOW_REMOVED) {
        const struct ofp10_flow_removed *ofr = (const void *) oh;
        ofputil_match_from_ofp10_match(&ofr->match, &fr->match);
        fr->cookie = ntohll(ofr->cookie);
        fr->priority = ntohs(ofr->priority);
        fr->reason = ofr->reason;
        fr->duration_sec = ntohl(ofr->duration_sec);
        fr->duration_nsec = ntohl(ofr->duration_nsec);
        fr->idle_timeout = ntohs(ofr->idle_timeout);
        fr->packet_count = ntohll(ofr->packet_count);
        fr->byte_count = ntohll(ofr->byte_count);
        return 0;
    } else if (raw == OFPRAW_NXT_FLOW_REMOVED) {
        const struct nx_flow_removed *nfr = (const void *) oh;
        ofpbuf_pull(&b, sizeof *nfr - sizeof(struct nicira_header));
        error = nx_pull_match_loose(&b, ntohs(nfr->match_len), &fr->match,
                                    NULL, NULL);
        fr->cookie = ntohll(nfr->cookie);
        fr->priority = ntohs(nfr->priority);
        fr->reason = nfr->reason;
        fr->table_id = nfr->table_id;
        fr->duration_sec = ntohl(nfr->duration_sec);
        fr->duration_nsec = ntohl(nfr->duration_nsec);
        fr->idle_timeout = ntohs(nfr->idle_timeout);
        fr->packet_count = ntohll(nfr->packet_count);
        fr->byte_count = ntohll(nfr->byte_count);
    } else if (raw == OFPRAW_OFPT12_FLOW_REMOVED) {
        const struct ofp12_flow_removed *ofr = (const void *) oh;
        ofpbuf_pull(&b, sizeof *ofr - sizeof *oh);
        error = oxm_pull_match(&b, true, &fr->match);
        fr->cookie = ntohll(ofr->cookie);
        fr->priority = ntohs(ofr->priority);
        fr->reason = ofr->reason;
        fr->table_id = ofr->table_id;
        fr->duration_sec = ntohl(ofr->duration_sec);
        fr->duration_nsec = ntohl(ofr->duration_nsec);
        fr->idle_timeout = ntohs(ofr->idle_timeout);
        fr->hard_timeout = ntohs(ofr->hard_timeout);
        fr->packet_count = ntohll(ofr->packet_count);
        fr->byte_count = ntohll(ofr->byte_count);
    } else if (raw == OFPRAW_OFPT15_FLOW_REMOVED) {
        const struct ofp15_flow_removed *ofr = (const void *) oh;
        struct oxs_stats s;
        ofpbuf_pull(&b, sizeof *ofr - sizeof *oh);
        error = oxm_pull_match(&b, true, &fr->match);
        error = error ? error : pull_oxs_stats(&b, &s);
        if (!error) {
            fr->duration_sec = s.duration_sec;
            fr->duration_nsec = s.duration_nsec;
            fr->packet_count = s.packet_count;
            fr->byte_count = s.byte_count;
        }
        fr->cookie = ntohll(ofr->cookie);
        fr->priority = ntohs(ofr->priority);
        fr->reason = ofr->reason;
        fr->table_id = ofr->table_id;
        fr->idle_timeout = ntohs(ofr->idle_timeout);
        fr->hard_timeout = ntohs(ofr->hard_timeout);
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    return error ? error : b.size ? OFPERR_OFPBRC_BAD_LEN : 0;
}

/* Encodes 'fr' for 'protocol'. */
struct ofpbuf *
ofputil_encode_flow_removed(const struct ofputil_flow_removed *fr,
                            enum ofputil_protocol protocol)
{
    uint8_t version = ofputil_protocol_to_ofp_version(protocol);
    struct ofpbuf *msg;

    if (protocol & OFPUTIL_P_OF10_STD_ANY) {
        msg = ofpraw_alloc_xid(OFPRAW_OFPT10_FLOW_REMOVED, version, 0, 80);
        ofpbuf_put_zeros(msg, 80);
        struct ofp10_flow_removed *ofr = msg->header;
        ofputil_match_to_ofp10_match(&fr->match, &ofr->match);
        ofr->cookie = htonll(fr->cookie);
        ofr->priority = htons(fr->priority);
        ofr->reason = fr->reason;
        ofr->duration_sec = htonl(fr->duration_sec);
        ofr->duration_nsec = htonl(fr->duration_nsec);
        ofr->idle_timeout = htons(fr->idle_timeout);
        ofr->packet_count = htonll(fr->packet_count);
        ofr->byte_count = htonll(fr->byte_count);
    } else if (protocol & OFPUTIL_P_OF10_NXM_ANY) {
        msg = ofpraw_alloc_xid(OFPRAW_NXT_FLOW_REMOVED, version, 0, 256);
        ofpbuf_put_zeros(msg, sizeof(struct nx_flow_removed)
                         - sizeof(struct nicira_header));
        int match_len = nx_put_match(msg, &fr->match, 0, 0);
        struct nx_flow_removed *nfr = msg->header;
        nfr->cookie = htonll(fr->cookie);
        nfr->priority = htons(fr->priority);
        nfr->reason = fr->reason;
        nfr->table_id = fr->table_id;
        nfr->duration_sec = htonl(fr->duration_sec);
        nfr->duration_nsec = htonl(fr->duration_nsec);
        nfr->idle_timeout = htons(fr->idle_timeout);
        nfr->match_len = htons(match_len);
        nfr->packet_count = htonll(fr->packet_count);
        nfr->byte_count = htonll(fr->byte_count);
    } else if (version < OFP15_VERSION) {
        msg = ofpraw_alloc_xid(OFPRAW_OFPT12_FLOW_REMOVED, version, 0, 256);
        ofpbuf_put_zeros(msg, sizeof(struct ofp12_flow_removed)
                         - sizeof(struct ofp_header));
        struct ofp12_flow_removed *ofr = msg->header;
        ofr->cookie = htonll(fr->cookie);
        ofr->priority = htons(fr->priority);
        ofr->reason = fr->reason;
        ofr->table_id = fr->table_id;
        ofr->duration_sec = htonl(fr->duration_sec);
        ofr->duration_nsec = htonl(fr->duration_nsec);
        ofr->idle_timeout = htons(fr->idle_timeout);
        ofr->hard_timeout = htons(fr->hard_timeout);
        ofr->packet_count = htonll(fr->packet_count);
        ofr->byte_count = htonll(fr->byte_count);
        oxm_put_match(msg, &fr->match, version);
    } else {
        msg = ofpraw_alloc_xid(OFPRAW_OFPT15_FLOW_REMOVED, version, 0, 256);
        ofpbuf_put_zeros(msg, sizeof(struct ofp15_flow_removed)
                         - sizeof(struct ofp_header));
        struct ofp15_flow_removed *ofr = msg->header;
        ofr->table_id = fr->table_id;
        ofr->reason = fr->reason;
        ofr->priority = htons(fr->priority);
        ofr->idle_timeout = htons(fr->idle_timeout);
        ofr->hard_timeout = htons(fr->hard_timeout);
        ofr->cookie = htonll(fr->cookie);
        oxm_put_match(msg, &fr->match, version);
        struct oxs_stats s = {
            .duration_sec = fr->duration_sec,
            .duration_nsec = fr->duration_nsec,
            .packet_count = fr->packet_count,
            .byte_count = fr->byte_count,
            .has_duration = true,
            .has_packet_count = true,
            .has_byte_count = true,
        };
        put_oxs_stats(msg, &s);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* ---- Packet-in. ---- */

/* Reasons 1.4 added are refinements of OFPR_ACTION for older peers. */
static uint8_t
packet_in_reason_for(uint8_t reason, uint8_t version)
{
    return (version < OFP14_VERSION && reason > OFPR_INVALID_TTL
            ? OFPR_ACTION : reason);
}

/* Encodes 'pin' (see ofp-util.h). */
struct ofpbuf *
ofputil_encode_packet_in(const struct ofputil_packet_in *pin,
                         enum ofputil_protocol protocol,
                         enum nx_packet_in_format format)
{
    uint8_t version = ofputil_protocol_to_ofp_version(protocol);
    size_t total_len = MIN(pin->total_len, UINT16_MAX);
    struct ofpbuf *msg;

    if (format == NXPIF_NXT_PACKET_IN) {
        msg = ofpraw_alloc_xid(OFPRAW_NXT_PACKET_IN, version, 0,
                               256 + pin->packet_len);
        ofpbuf_put_zeros(msg, sizeof(struct nx_packet_in)
                         - sizeof(struct nicira_header));
        int match_len = nx_put_match(msg, &pin->flow_metadata, 0, 0);
        ofpbuf_put_zeros(msg, 2);
        struct nx_packet_in *npi = msg->header;
        npi->buffer_id = htonl(pin->buffer_id);
        npi->total_len = htons(total_len);
        npi->reason = pin->reason;
        npi->table_id = pin->table_id;
        npi->cookie = htonll(pin->cookie);
        npi->match_len = htons(match_len);
    } else if (version == OFP10_VERSION) {
        msg = ofpraw_alloc_xid(OFPRAW_OFPT10_PACKET_IN, version, 0,
                               16 + pin->packet_len);
        ofpbuf_put_zeros(msg, OFP10_PACKET_IN_SIZE
                         - sizeof(struct ofp_header));
        struct ofp10_packet_in *opi = msg->header;
        opi->buffer_id = htonl(pin->buffer_id);
        opi->total_len = htons(total_len);
        opi->in_port = htons(pin->flow_metadata.flow.in_port);
        opi->reason = packet_in_reason_for(pin->reason, version);
    } else {
        msg = ofpraw_alloc_xid(OFPRAW_OFPT13_PACKET_IN, version, 0,
                               256 + pin->packet_len);
        ofpbuf_put_zeros(msg, sizeof(struct ofp13_packet_in)
                         - sizeof(struct ofp_header));
        oxm_put_match(msg, &pin->flow_metadata, version);
        ofpbuf_put_zeros(msg, 2);
        struct ofp13_packet_in *opi = msg->header;
        opi->buffer_id = htonl(pin->buffer_id);
        opi->total_len = htons(total_len);
        opi->reason = packet_in_reason_for(pin->reason, version);
        opi->table_id = pin->table_id;
        opi->cookie = htonll(pin->cookie);
    }
    if (pin->packet_len) {
        ofpbuf_put(msg, pin->packet, pin->packet_len);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes packet-in 'oh'; 'pin->packet' points into 'oh'. */
enum ofperr
ofputil_decode_packet_in(struct ofputil_packet_in *pin,
                         const struct ofp_header *oh)
{
    struct ofpbuf b;
    enum ofpraw raw;

    memset(pin, 0, sizeof *pin);
    match_init_catchall(&pin->flow_metadata);
    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }

    if (raw == OFPRAW_OFPT10_PACKET_IN) {
        const struct ofp10_packet_in *opi = (const void *) oh;
        ofpbuf_pull(&b, OFP10_PACKET_IN_SIZE - sizeof *oh);
        pin->buffer_id = ntohl(opi->buffer_id);
        pin->total_len = ntohs(opi->total_len);
        pin->reason = opi->reason;
        match_set_in_port(&pin->flow_metadata, ntohs(opi->in_port));
    } else if (raw == OFPRAW_OFPT13_PACKET_IN) {
        const struct ofp13_packet_in *opi = (const void *) oh;
        ofpbuf_pull(&b, sizeof *opi - sizeof *oh);
        error = oxm_pull_match(&b, true, &pin->flow_metadata);
        pin->buffer_id = ntohl(opi->buffer_id);
        pin->total_len = ntohs(opi->total_len);
        pin->reason = opi->reason;
        pin->table_id = opi->table_id;
        pin->cookie = ntohll(opi->cookie);
        if (!error && !ofpbuf_try_pull(&b, 2)) {
            error = OFPERR_OFPBRC_BAD_LEN;
        }
    } else if (raw == OFPRAW_NXT_PACKET_IN) {
        const struct nx_packet_in *npi = (const void *) oh;
        ofpbuf_pull(&b, sizeof *npi - sizeof(struct nicira_header));
        error = nx_pull_match_loose(&b, ntohs(npi->match_len),
                                    &pin->flow_metadata, NULL, NULL);
        pin->buffer_id = ntohl(npi->buffer_id);
        pin->total_len = ntohs(npi->total_len);
        pin->reason = npi->reason;
        pin->table_id = npi->table_id;
        pin->cookie = ntohll(npi->cookie);
        if (!error && !ofpbuf_try_pull(&b, 2)) {
            error = OFPERR_OFPBRC_BAD_LEN;
        }
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    if (error) {
        return error;
    }
    pin->packet = b.size ? b.data : NULL;
    pin->packet_len = b.size;
    return 0;
}

/* ---- Packet-out. ---- */

static bool
packet_out_port_ok(uint16_t port)
{
    return (port < OFPP_MAX || port == OFPP_LOCAL || port == OFPP_NONE
            || port == OFPP_CONTROLLER);
}

/* Decodes packet-out 'oh' (see ofp-util.h). */
enum ofperr
ofputil_decode_packet_out(struct ofputil_packet_out *po,
                          const struct ofp_header *oh,
                          struct ofpbuf *ofpacts)
{
    struct ofpbuf b;
    enum ofpraw raw;
    size_t actions_len;

    memset(po, 0, sizeof *po);
    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }

    if (raw == OFPRAW_OFPT10_PACKET_OUT) {
        const struct ofp10_packet_out *opo = (const void *) oh;
        ofpbuf_pull(&b, sizeof *opo - sizeof *oh);
        po->buffer_id = ntohl(opo->buffer_id);
        po->in_port = ntohs(opo->in_port);
        actions_len = ntohs(opo->actions_len);
    } else if (raw == OFPRAW_OFPT11_PACKET_OUT) {
        const struct ofp11_packet_out *opo = (const void *) oh;
        ofpbuf_pull(&b, sizeof *opo - sizeof *oh);
        po->buffer_id = ntohl(opo->buffer_id);
        if (ofputil_port_from_ofp11(opo->in_port, &po->in_port)) {
            return OFPERR_OFPBRC_BAD_PORT;
        }
        actions_len = ntohs(opo->actions_len);
    } else if (raw == OFPRAW_OFPT15_PACKET_OUT) {
        const struct ofp15_packet_out *opo = (const void *) oh;
        struct match match;
        ofpbuf_pull(&b, sizeof *opo - sizeof *oh);
        po->buffer_id = ntohl(opo->buffer_id);
        actions_len = ntohs(opo->actions_len);
        error = oxm_pull_match(&b, false, &match);
        if (error) {
            return error;
        }
        po->in_port = (match.wc.masks.in_port ? match.flow.in_port
                       : OFPP_CONTROLLER);
    } else {
        return OFPERR_OFPBRC_BAD_TYPE;
    }

    if (!packet_out_port_ok(po->in_port)) {
        return OFPERR_OFPBRC_BAD_PORT;
    }
    if (actions_len > b.size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    error = ofpacts_pull_openflow_actions(&b, actions_len, oh->version,
                                          ofpacts);
    if (error) {
        return error;
    }
    po->ofpacts = ofpacts->data;
    po->ofpacts_len = ofpacts->size;
    if (po->buffer_id == OFP_NO_BUFFER) {
        po->packet = b.size ? b.data : NULL;
        po->packet_len = b.size;
    }
    return 0;
}

/* Encodes 'po' for 'protocol'. */
struct ofpbuf *
ofputil_encode_packet_out(const struct ofputil_packet_out *po,
                          enum ofputil_protocol protocol)
{
    uint8_t version = ofputil_protocol_to_ofp_version(protocol);
    struct ofpbuf *msg;
    size_t actions_ofs;

    if (version == OFP10_VERSION) {
        msg = ofpraw_alloc(OFPRAW_OFPT10_PACKET_OUT, version,
                           256 + po->packet_len);
        ofpbuf_put_zeros(msg, 8);
        struct ofp10_packet_out *opo = msg->header;
        opo->buffer_id = htonl(po->buffer_id);
        opo->in_port = htons(po->in_port);
    } else if (version < OFP15_VERSION) {
        msg = ofpraw_alloc(OFPRAW_OFPT11_PACKET_OUT, version,
                           256 + po->packet_len);
        ofpbuf_put_zeros(msg, 16);
        struct ofp11_packet_out *opo = msg->header;
        opo->buffer_id = htonl(po->buffer_id);
        opo->in_port = ofputil_port_to_ofp11(po->in_port);
    } else {
        struct match match;
        msg = ofpraw_alloc(OFPRAW_OFPT15_PACKET_OUT, version,
                           256 + po->packet_len);
        ofpbuf_put_zeros(msg, 8);
        struct ofp15_packet_out *opo = msg->header;
        opo->buffer_id = htonl(po->buffer_id);
        match_init_catchall(&match);
        match_set_in_port(&match, po->in_port);
        oxm_put_match(msg, &match, version);
    }
    actions_ofs = msg->size;
    ofpacts_put_openflow_actions(po->ofpacts, po->ofpacts_len, msg, version);
    size_t actions_len = msg->size - actions_ofs;

    /* 'actions_len' sits right after buffer_id (1.5) or in_port. */
    uint8_t *hdr = msg->header;
    size_t ofs = (version == OFP10_VERSION ? 14
                  : version < OFP15_VERSION ? 16 : 12);
    hdr[ofs] = actions_len >> 8;
    hdr[ofs + 1] = actions_len;

    if (po->buffer_id == OFP_NO_BUFFER && po->packet_len) {
        ofpbuf_put(msg, po->packet, po->packet_len);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* ---- Table statistics. ---- */

/* Returns a table stats request. */
struct ofpbuf *
ofputil_encode_table_stats_request(uint8_t version)
{
    return ofpraw_alloc(OFPRAW_OFPST_TABLE_REQUEST, version, 0);
}

/* Appends 'ts' to table stats replies 'replies'. */
void
ofputil_append_table_stats_reply(const struct ofputil_table_stats *ts,
                                 struct osw_list *replies)
{
    if (ofpmp_version(replies) == OFP10_VERSION) {
        struct ofp10_table_stats *ots = ofpmp_append(replies, sizeof *ots);
        memset(ots, 0, sizeof *ots);
        ots->table_id = ts->table_id;
        ofputil_put_wire_string(ots->name, sizeof ots->name, ts->name);
        ots->wildcards = htonl(OFPFW10_ALL);
        ots->max_entries = htonl(ts->max_entries);
        ots->active_count = htonl(ts->active_count);
        put_32aligned_be64(&ots->lookup_count, htonll(ts->lookup_count));
        put_32aligned_be64(&ots->matched_count, htonll(ts->matched_count));
    } else {
        struct ofp13_table_stats *ots = ofpmp_append(replies, sizeof *ots);
        memset(ots, 0, sizeof *ots);
        ots->table_id = ts->table_id;
        ots->active_count = htonl(ts->active_count);
        ots->lookup_count = htonll(ts->lookup_count);
        ots->matched_count = htonll(ts->matched_count);
    }
}

/* Pulls one table's statistics from table stats reply 'msg'. */
int
ofputil_decode_table_stats_reply(struct ofpbuf *msg,
                                 struct ofputil_table_stats *ts)
{
    enum ofpraw raw;
    enum ofperr error = ofpmp_start_decode(msg, OFPTYPE_TABLE_STATS_REPLY,
                                           &raw);
    if (error) {
        return error;
    }
    memset(ts, 0, sizeof *ts);
    if (!msg->size) {
        return EOF;
    }
    if (raw == OFPRAW_OFPST10_TABLE_REPLY) {
        const struct ofp10_table_stats *ots = ofpbuf_try_pull(msg,
                                                              sizeof *ots);
        if (!ots) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        ts->table_id = ots->table_id;
        ofputil_get_wire_string(ts->name, ots->name, sizeof ts->name);
        ts->max_entries = ntohl(ots->max_entries);
        ts->active_count = ntohl(ots->active_count);
        ts->lookup_count = ntohll(get_32aligned_be64(&ots->lookup_count));
        ts->matched_count = ntohll(get_32aligned_be64(&ots->matched_count));
    } else {
        const struct ofp13_table_stats *ots = ofpbuf_try_pull(msg,
                                                              sizeof *ots);
        if (!ots) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        ts->table_id = ots->table_id;
        ts->active_count = ntohl(ots->active_count);
        ts->lookup_count = ntohll(ots->lookup_count);
        ts->matched_count = ntohll(ots->matched_count);
    }
    return 0;
}

/* ---- Table features. ---- */

/* Instruction types osw implements (1.3 numbering: goto_table ...
 * meter). */
static const uint16_t tf_instructions[] = { 1, 2, 3, 4, 5, 6 };
/* Action types osw implements (1.3 numbering): output, copy_ttl_out,
 * copy_ttl_in, set_mpls_ttl, dec_mpls_ttl, push_vlan, pop_vlan,
 * push_mpls, pop_mpls, set_queue, group, set_nw_ttl, dec_nw_ttl,
 * set_field. */
static const uint16_t tf_actions[] = { 0, 11, 12, 15, 16, 17, 18, 19, 20,
                                       21, 22, 23, 24, 25 };

static size_t
tf_prop_start(struct ofpbuf *b, uint16_t type)
{
    size_t ofs = b->size;
    struct ofp_prop_header *ph = ofpbuf_put_zeros(b, sizeof *ph);
    ph->type = htons(type);
    return ofs;
}

static void
tf_prop_end(struct ofpbuf *b, size_t ofs)
{
    struct ofp_prop_header *ph = ofpbuf_at_assert(b, ofs, sizeof *ph);
    size_t len = b->size - ofs;
    ph->length = htons(len);
    ofpbuf_put_zeros(b, ROUND_UP(len, 8) - len);
}

/* Puts a property listing 'types' (skipping 'skip', which may be -1). */
static void
tf_put_type_list(struct ofpbuf *b, uint16_t prop, const uint16_t *types,
                 size_t n, int skip)
{
    size_t ofs = tf_prop_start(b, prop);
    for (size_t i = 0; i < n; i++) {
        if (types[i] == skip) {
            continue;
        }
        ovs_be16 tl[2] = { htons(types[i]), htons(4) };
        ofpbuf_put(b, tl, sizeof tl);
    }
    tf_prop_end(b, ofs);
}

/* Which fields of 'tf' a property lists, and in which form. */
enum tf_field_kind {
    TF_MATCH,                   /* All, maskable ones in has-mask form. */
    TF_WILDCARDS,               /* All, exact form. */
    TF_SETFIELD                 /* Writable ones, exact form. */
};

static void
tf_put_fields(struct ofpbuf *b, uint16_t prop,
              const struct ofputil_table_features *tf,
              enum tf_field_kind kind)
{
    size_t ofs = tf_prop_start(b, prop);
    for (size_t i = 0; i < tf->n_fields; i++) {
        uint32_t h = tf->fields[i];
        const struct mf_field *mf = mf_from_nxm_header(h);
        if (kind == TF_SETFIELD && (!mf || !mf->writable)) {
            continue;
        }
        if (kind == TF_MATCH && mf && mf->maskable != MFM_NONE
            && (h >> 16) != 0xffff) {
            h = (h & ~0xffu) | 0x100 | (((h & 0xff) * 2) & 0xff);
        }
        ovs_be32 nh = htonl(h);
        ofpbuf_put(b, &nh, sizeof nh);
        if ((h >> 16) == 0xffff) {
            /* Experimenter OXM: the experimenter id follows. */
            ovs_be32 exp = htonl(0x4f4e4600);
            ofpbuf_put(b, &exp, sizeof exp);
        }
    }
    tf_prop_end(b, ofs);
}

/* Returns a table features request (no body: asks for the features). */
struct ofpbuf *
ofputil_encode_table_features_request(uint8_t version)
{
    return ofpraw_alloc(OFPRAW_OFPST13_TABLE_FEATURES_REQUEST, version, 0);
}

/* Appends 'tf' to table features replies 'replies'. */
void
ofputil_append_table_features_reply(const struct ofputil_table_features *tf,
                                    struct osw_list *replies)
{
    struct ofpbuf *msg = ofpmp_reserve(replies, 1024 + 32 * tf->n_fields);
    size_t start = msg->size;

    ofpbuf_put_zeros(msg, sizeof(struct ofp13_table_features));
    for (int miss = 0; miss < 2; miss++) {
        /* The last table has nowhere to go. */
        tf_put_type_list(msg, OFPTFPT13_INSTRUCTIONS + miss, tf_instructions,
                         ARRAY_SIZE(tf_instructions),
                         tf->table_id + 1 >= tf->n_tables ? 1 : -1);
    }
    for (int miss = 0; miss < 2; miss++) {
        size_t ofs = tf_prop_start(msg, OFPTFPT13_NEXT_TABLES + miss);
        for (unsigned int t = tf->table_id + 1; t < tf->n_tables; t++) {
            uint8_t id = t;
            ofpbuf_put(msg, &id, 1);
        }
        tf_prop_end(msg, ofs);
    }
    for (int prop = OFPTFPT13_WRITE_ACTIONS;
         prop <= OFPTFPT13_APPLY_ACTIONS_MISS; prop++) {
        tf_put_type_list(msg, prop, tf_actions, ARRAY_SIZE(tf_actions), -1);
    }
    tf_put_fields(msg, OFPTFPT13_MATCH, tf, TF_MATCH);
    tf_put_fields(msg, OFPTFPT13_WILDCARDS, tf, TF_WILDCARDS);
    for (int prop = OFPTFPT13_WRITE_SETFIELD;
         prop <= OFPTFPT13_APPLY_SETFIELD_MISS; prop++) {
        tf_put_fields(msg, prop, tf, TF_SETFIELD);
    }

    struct ofp13_table_features *otf = ofpbuf_at_assert(msg, start,
                                                        sizeof *otf);
    otf->length = htons(msg->size - start);
    otf->table_id = tf->table_id;
    ofputil_put_wire_string(otf->name, sizeof otf->name, tf->name);
    otf->metadata_match = htonll(tf->metadata_match);
    otf->metadata_write = htonll(tf->metadata_write);
    otf->config = htonl(tf->config);
    otf->max_entries = htonl(tf->max_entries);
    ofpmp_postappend(replies, start);
}

/* Decodes the instruction or action type list 'p' ('len' bytes) into a
 * bitmap of the types below 64. */
static enum ofperr
tf_decode_types(const uint8_t *p, size_t len, uint64_t *bits)
{
    while (len) {
        if (len < 4) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        uint16_t type = (p[0] << 8) | p[1];
        size_t tlen = (p[2] << 8) | p[3];
        if (tlen < 4 || tlen > len) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        if (type < 64) {
            *bits |= UINT64_C(1) << type;
        }
        p += tlen;
        len -= tlen;
    }
    return 0;
}

/* Decodes the OXM header list 'p' ('len' bytes) of a MATCH ('is_match'),
 * WILDCARDS ('is_wildcards') or SETFIELD property (into 'flags') into
 * 'tf', skipping the fields osw does not know. */
static enum ofperr
tf_decode_fields(const uint8_t *p, size_t len,
                 struct ofputil_table_features *tf, uint8_t *flags,
                 bool is_match, bool is_wildcards)
{
    while (len) {
        if (len < 4) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        uint32_t h = ((uint32_t) p[0] << 24) | (p[1] << 16) | (p[2] << 8)
                     | p[3];
        size_t hlen = (h >> 16) == 0xffff ? 8 : 4;
        if (hlen > len) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        const struct mf_field *mf = NULL;
        if ((h >> 16) != 0xffff) {
            mf = mf_from_nxm_header(h);
        } else {
            /* Only ONF's experimenter OXM for TCP flags (field 42) is
             * known: OpenFlow 1.3 switches list tcp_flags that way. */
            uint32_t exp = ((uint32_t) p[4] << 24) | (p[5] << 16)
                           | (p[6] << 8) | p[7];
            if (exp == 0x4f4e4600 && ((h >> 9) & 0x7f) == 42) {
                mf = mf_from_id(MFF_TCP_FLAGS);
            }
        }
        if (mf && is_match) {
            tf->n_fields++;
            if (tf->match[mf->id] < OFPUTIL_TFM_EXACT) {
                tf->match[mf->id] = OFPUTIL_TFM_EXACT;
            }
            if (h & 0x100) {
                tf->match[mf->id] = OFPUTIL_TFM_MASK;
            }
        } else if (mf && is_wildcards) {
            if (tf->match[mf->id] < OFPUTIL_TFM_WILDCARD) {
                tf->match[mf->id] = OFPUTIL_TFM_WILDCARD;
            }
        } else if (mf && flags) {
            flags[mf->id] = 1;
        } else if (!mf && is_match) {
            tf->n_fields++;
        }
        p += hlen;
        len -= hlen;
    }
    return 0;
}

/* Decodes table features property 'type' with body 'body' of 'len'
 * bytes into 'tf'.  Unknown properties are ignored. */
static enum ofperr
tf_decode_prop(struct ofputil_table_features *tf, uint16_t type,
               const void *body, size_t len)
{
    const uint8_t *p = body;
    struct ofputil_table_instruction_features *tif = &tf->tif[type & 1];
    uint64_t bits = 0;
    enum ofperr error;

    switch (type) {
    case OFPTFPT13_INSTRUCTIONS:
    case OFPTFPT13_INSTRUCTIONS_MISS:
        error = tf_decode_types(p, len, &bits);
        tif->instructions = bits;
        return error;
    case OFPTFPT13_NEXT_TABLES:
    case OFPTFPT13_NEXT_TABLES_MISS:
        for (size_t i = 0; i < len; i++) {
            tif->next[p[i] / 8] |= 1u << (p[i] % 8);
        }
        return 0;
    case OFPTFPT13_WRITE_ACTIONS:
    case OFPTFPT13_WRITE_ACTIONS_MISS:
        return tf_decode_types(p, len, &tif->write_actions);
    case OFPTFPT13_APPLY_ACTIONS:
    case OFPTFPT13_APPLY_ACTIONS_MISS:
        return tf_decode_types(p, len, &tif->apply_actions);
    case OFPTFPT13_MATCH:
        return tf_decode_fields(p, len, tf, NULL, true, false);
    case OFPTFPT13_WILDCARDS:
        return tf_decode_fields(p, len, tf, NULL, false, true);
    case OFPTFPT13_WRITE_SETFIELD:
    case OFPTFPT13_WRITE_SETFIELD_MISS:
        return tf_decode_fields(p, len, tf, tif->write_setfield,
                                false, false);
    case OFPTFPT13_APPLY_SETFIELD:
    case OFPTFPT13_APPLY_SETFIELD_MISS:
        return tf_decode_fields(p, len, tf, tif->apply_setfield,
                                false, false);
    default:
        return 0;
    }
}

/* Pulls one table's features from a table features reply (or request
 * with a body) in 'msg'. */
int
ofputil_decode_table_features(struct ofpbuf *msg,
                              struct ofputil_table_features *tf)
{
    enum ofpraw raw;
    enum ofperr error;

    if (!msg->header) {
        error = ofpraw_pull(&raw, msg);
        if (error) {
            return error;
        }
    } else {
        raw = ofpraw_decode_assert(msg->header);
    }
    if (raw != OFPRAW_OFPST13_TABLE_FEATURES_REPLY
        && raw != OFPRAW_OFPST13_TABLE_FEATURES_REQUEST) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    memset(tf, 0, sizeof *tf);
    if (!msg->size) {
        return EOF;
    }

    struct ofpbuf e;
    error = pull_entry(msg, sizeof(struct ofp13_table_features), &e);
    if (error) {
        return error;
    }
    const struct ofp13_table_features *otf = ofpbuf_pull(&e, sizeof *otf);
    tf->table_id = otf->table_id;
    ofputil_get_wire_string(tf->name, otf->name, sizeof tf->name);
    tf->metadata_match = ntohll(otf->metadata_match);
    tf->metadata_write = ntohll(otf->metadata_write);
    tf->config = ntohl(otf->config);
    tf->max_entries = ntohl(otf->max_entries);
    if (msg->header
        && ((const struct ofp_header *) msg->header)->version
           >= OFP14_VERSION) {
        /* OpenFlow 1.4's OFPTC_EVICTION and OFPTC_VACANCY_EVENTS. */
        tf->supports_eviction = (tf->config & (1u << 2)) != 0;
        tf->supports_vacancy_events = (tf->config & (1u << 3)) != 0;
    } else {
        tf->supports_eviction = -1;
        tf->supports_vacancy_events = -1;
    }

    while (e.size) {
        const struct ofp_prop_header *ph = ofpbuf_at(&e, 0, sizeof *ph);
        size_t len = ph ? ntohs(ph->length) : 0;
        if (!ph || len < sizeof *ph || len > e.size) {
            return OFPERR_OFPBPC_BAD_LEN;
        }
        error = tf_decode_prop(tf, ntohs(ph->type), ph + 1,
                               len - sizeof *ph);
        if (error) {
            return error;
        }
        ofpbuf_pull(&e, MIN(ROUND_UP(len, 8), e.size));
    }
    return 0;
}
