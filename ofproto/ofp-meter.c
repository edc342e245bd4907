/* ofp-meter: meter mod, meter configuration, statistics and features
 * (OpenFlow 1.3+). */
#include <config.h>
#include "ofp-util.h"

#include <string.h>
#include "osw/ofpbuf.h"
#include "osw/util.h"

#define OFPMF_ALL (OFPMF_KBPS | OFPMF_PKTPS | OFPMF_BURST | OFPMF_STATS)

static void
put_bands(const struct ofputil_meter_config *mc, struct ofpbuf *b)
{
    for (uint16_t i = 0; i < mc->n_bands; i++) {
        const struct ofputil_meter_band *band = &mc->bands[i];
        struct ofp13_meter_band_dscp_remark *ob = ofpbuf_put_zeros(b,
                                                                   sizeof *ob);
        ob->type = htons(band->type);
        ob->len = htons(sizeof *ob);
        ob->rate = htonl(band->rate);
        ob->burst_size = htonl(band->burst_size);
        if (band->type == OFPMBT_DSCP_REMARK) {
            ob->prec_level = band->prec_level;
        }
    }
}

/* Pulls 'len' bytes of bands from 'b' into 'bands' (an array of struct
 * ofputil_meter_band), counting them in '*n_bands'. */
static enum ofperr
pull_bands(struct ofpbuf *b, size_t len, struct ofpbuf *bands,
           uint16_t *n_bands)
{
    *n_bands = 0;
    if (len > b->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    while (len) {
        const struct ofp13_meter_band_dscp_remark *ob
            = ofpbuf_at(b, 0, sizeof *ob);
        if (!ob || len < sizeof *ob || ntohs(ob->len) != sizeof *ob) {
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        uint16_t type = ntohs(ob->type);
        if (type != OFPMBT_DROP && type != OFPMBT_DSCP_REMARK) {
            return OFPERR_OFPMMFC_BAD_BAND;
        }
        struct ofputil_meter_band *band = ofpbuf_put_zeros(bands,
                                                           sizeof *band);
        band->type = type;
        band->rate = ntohl(ob->rate);
        band->burst_size = ntohl(ob->burst_size);
        band->prec_level = type == OFPMBT_DSCP_REMARK ? ob->prec_level : 0;
        ofpbuf_pull(b, sizeof *ob);
        len -= sizeof *ob;
        if (*n_bands == UINT16_MAX) {
            return OFPERR_OFPMMFC_OUT_OF_BANDS;
        }
        (*n_bands)++;
    }
    return 0;
}

/* Decodes meter mod 'oh' into 'mm'; its bands live in 'bands'. */
enum ofperr
ofputil_decode_meter_mod(const struct ofp_header *oh,
                         struct ofputil_meter_mod *mm, struct ofpbuf *bands)
{
    struct ofpbuf b;
    enum ofpraw raw;

    memset(mm, 0, sizeof *mm);
    ofpbuf_clear(bands);
    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPT13_METER_MOD) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }

    const struct ofp13_meter_mod *omm = (const void *) oh;
    ofpbuf_pull(&b, sizeof *omm - sizeof *oh);
    mm->command = ntohs(omm->command);
    mm->meter.flags = ntohs(omm->flags);
    mm->meter.meter_id = ntohl(omm->meter_id);
    if (mm->command > OFPMC_DELETE) {
        return OFPERR_OFPMMFC_BAD_COMMAND;
    }
    if (mm->meter.flags & ~OFPMF_ALL) {
        return OFPERR_OFPMMFC_BAD_FLAGS;
    }
    error = pull_bands(&b, b.size, bands, &mm->meter.n_bands);
    mm->meter.bands = bands->data;
    return error;
}

/* Encodes 'mm' for 'version' (1.3+). */
struct ofpbuf *
ofputil_encode_meter_mod(uint8_t version, const struct ofputil_meter_mod *mm)
{
    struct ofpbuf *msg = ofpraw_alloc(OFPRAW_OFPT13_METER_MOD, version,
                                      8 + 16 * mm->meter.n_bands);
    ofpbuf_put_zeros(msg, sizeof(struct ofp13_meter_mod)
                     - sizeof(struct ofp_header));
    struct ofp13_meter_mod *omm = msg->header;
    omm->command = htons(mm->command);
    omm->flags = htons(mm->meter.flags);
    omm->meter_id = htonl(mm->meter.meter_id);
    put_bands(&mm->meter, msg);
    ofpmsg_update_length(msg);
    return msg;
}

/* Returns a meter features, config or stats request. */
struct ofpbuf *
ofputil_encode_meter_request(uint8_t version,
                             enum ofputil_meter_request_type type,
                             uint32_t meter_id)
{
    if (type == OFPUTIL_METER_FEATURES) {
        return ofpraw_alloc(OFPRAW_OFPST13_METER_FEATURES_REQUEST, version,
                            0);
    }
    struct ofpbuf *msg = ofpraw_alloc(type == OFPUTIL_METER_CONFIG
                                      ? OFPRAW_OFPST13_METER_CONFIG_REQUEST
                                      : OFPRAW_OFPST13_METER_REQUEST,
                                      version, 8);
    struct ofp13_meter_multipart_request *req = ofpbuf_put_zeros(msg,
                                                                 sizeof *req);
    req->meter_id = htonl(meter_id);
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes a meter stats or meter config request. */
enum ofperr
ofputil_decode_meter_request(const struct ofp_header *oh, uint32_t *meter_id)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPST13_METER_REQUEST
        && raw != OFPRAW_OFPST13_METER_CONFIG_REQUEST) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    const struct ofp13_meter_multipart_request *req = b.data;
    *meter_id = ntohl(req->meter_id);
    return 0;
}

/* Appends 'mc' to meter config replies 'replies'. */
void
ofputil_append_meter_config(struct osw_list *replies,
                            const struct ofputil_meter_config *mc)
{
    struct ofpbuf *msg = ofpmp_reserve(replies, 8 + 16 * mc->n_bands);
    size_t start = msg->size;

    ofpbuf_put_zeros(msg, sizeof(struct ofp13_meter_config));
    put_bands(mc, msg);
    struct ofp13_meter_config *omc = ofpbuf_at_assert(msg, start,
                                                      sizeof *omc);
    omc->length = htons(msg->size - start);
    omc->flags = htons(mc->flags);
    omc->meter_id = htonl(mc->meter_id);
    ofpmp_postappend(replies, start);
}

/* Pulls one meter from meter config reply 'msg'. */
int
ofputil_decode_meter_config(struct ofpbuf *msg,
                            struct ofputil_meter_config *mc,
                            struct ofpbuf *bands)
{
    enum ofpraw raw;

    memset(mc, 0, sizeof *mc);
    ofpbuf_clear(bands);
    enum ofperr error = ofpmp_start_decode(msg,
                                           OFPTYPE_METER_CONFIG_STATS_REPLY,
                                           &raw);
    if (error) {
        return error;
    }
    if (!msg->size) {
        return EOF;
    }
    const struct ofp13_meter_config *omc = ofpbuf_at(msg, 0, sizeof *omc);
    size_t len = omc ? ntohs(omc->length) : 0;
    if (!omc || len < sizeof *omc || len > msg->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    mc->flags = ntohs(omc->flags);
    mc->meter_id = ntohl(omc->meter_id);
    ofpbuf_pull(msg, sizeof *omc);
    error = pull_bands(msg, len - sizeof *omc, bands, &mc->n_bands);
    mc->bands = bands->data;
    return error;
}

/* Appends 'ms' to meter stats replies 'replies'. */
void
ofputil_append_meter_stats(struct osw_list *replies,
                           const struct ofputil_meter_stats *ms)
{
    size_t len = (sizeof(struct ofp13_meter_stats)
                  + ms->n_bands * sizeof(struct ofp13_meter_band_stats));
    struct ofp13_meter_stats *oms = ofpmp_append(replies, len);

    memset(oms, 0, len);
    oms->meter_id = htonl(ms->meter_id);
    oms->len = htons(len);
    oms->flow_count = htonl(ms->flow_count);
    put_32aligned_be64(&oms->packet_in_count, htonll(ms->packet_in_count));
    put_32aligned_be64(&oms->byte_in_count, htonll(ms->byte_in_count));
    oms->duration_sec = htonl(ms->duration_sec);
    oms->duration_nsec = htonl(ms->duration_nsec);

    struct ofp13_meter_band_stats *obs = (void *) (oms + 1);
    for (uint16_t i = 0; i < ms->n_bands; i++) {
        obs[i].packet_band_count = htonll(ms->bands[i].packet_count);
        obs[i].byte_band_count = htonll(ms->bands[i].byte_count);
    }
}

/* Pulls one meter's statistics from meter stats reply 'msg'. */
int
ofputil_decode_meter_stats(struct ofpbuf *msg,
                           struct ofputil_meter_stats *ms,
                           struct ofpbuf *bands)
{
    enum ofpraw raw;

    memset(ms, 0, sizeof *ms);
    ofpbuf_clear(bands);
    enum ofperr error = ofpmp_start_decode(msg, OFPTYPE_METER_STATS_REPLY,
                                           &raw);
    if (error) {
        return error;
    }
    if (!msg->size) {
        return EOF;
    }
    const struct ofp13_meter_stats *oms = ofpbuf_at(msg, 0, sizeof *oms);
    size_t len = oms ? ntohs(oms->len) : 0;
    if (!oms || len < sizeof *oms || len > msg->size
        || (len - sizeof *oms) % sizeof(struct ofp13_meter_band_stats)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofpbuf_pull(msg, len);

    ms->meter_id = ntohl(oms->meter_id);
    ms->flow_count = ntohl(oms->flow_count);
    ms->packet_in_count = ntohll(get_32aligned_be64(&oms->packet_in_count));
    ms->byte_in_count = ntohll(get_32aligned_be64(&oms->byte_in_count));
    ms->duration_sec = ntohl(oms->duration_sec);
    ms->duration_nsec = ntohl(oms->duration_nsec);

    size_t n = (len - sizeof *oms) / sizeof(struct ofp13_meter_band_stats);
    const struct ofp13_meter_band_stats *obs = (const void *) (oms + 1);
    for (size_t i = 0; i < n; i++) {
        struct ofputil_meter_band_stats *bs = ofpbuf_put_uninit(bands,
                                                                sizeof *bs);
        bs->packet_count = ntohll(obs[i].packet_band_count);
        bs->byte_count = ntohll(obs[i].byte_band_count);
    }
    ms->n_bands = n;
    ms->bands = bands->data;
    return 0;
}

/* Returns the meter features reply to 'request'. */
struct ofpbuf *
ofputil_encode_meter_features_reply(const struct ofputil_meter_features *mf,
                                    const struct ofp_header *request)
{
    struct ofpbuf *msg = ofpraw_alloc_stats_reply(request, 16);
    struct ofp13_meter_features *omf = ofpbuf_put_zeros(msg, sizeof *omf);
    omf->max_meter = htonl(mf->max_meters);
    omf->band_types = htonl(mf->band_types);
    omf->capabilities = htonl(mf->capabilities);
    omf->max_bands = mf->max_bands;
    omf->max_color = mf->max_color;
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes a meter features reply. */
enum ofperr
ofputil_decode_meter_features(const struct ofp_header *oh,
                              struct ofputil_meter_features *mf)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPST13_METER_FEATURES_REPLY) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    const struct ofp13_meter_features *omf = b.data;
    mf->max_meters = ntohl(omf->max_meter);
    mf->band_types = ntohl(omf->band_types);
    mf->capabilities = ntohl(omf->capabilities);
    mf->max_bands = omf->max_bands;
    mf->max_color = omf->max_color;
    return 0;
}
