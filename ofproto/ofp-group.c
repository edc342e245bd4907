/* ofp-group: group mod, group description, statistics and features
 * (OpenFlow 1.3 and 1.4 layouts). */
#include <config.h>
#include "ofp-util.h"

#include <stdlib.h>
#include <string.h>
#include "ofp-actions.h"
#include "ofp-match.h"
#include "ofproto.h"
#include "osw/ofpbuf.h"
#include "osw/util.h"

/* Returns a new bucket holding a copy of 'ofpacts'. */
struct ofputil_bucket *
ofputil_bucket_create(const struct ofpact *ofpacts, size_t ofpacts_len)
{
    struct ofputil_bucket *bucket = xzalloc(sizeof *bucket);
    bucket->watch_port = OFPP_NONE;
    bucket->watch_group = OFPG_ANY;
    bucket->ofpacts = ofpacts_len ? xmemdup(ofpacts, ofpacts_len) : NULL;
    bucket->ofpacts_len = ofpacts_len;
    return bucket;
}

/* Frees every bucket in 'buckets' and leaves it empty. */
void
ofputil_bucket_list_destroy(struct osw_list *buckets)
{
    struct ofputil_bucket *bucket;
    OSW_LIST_FOR_EACH_POP (bucket, list_node, buckets) {
        free(bucket->ofpacts);
        free(bucket);
    }
}

static ovs_be32
watch_port_to_ofp11(uint16_t port)
{
    return port == OFPP_NONE ? htonl(OFPP11_ANY) : ofputil_port_to_ofp11(port);
}

static void
put_buckets(const struct osw_list *buckets, uint8_t version,
            struct ofpbuf *b)
{
    const struct ofputil_bucket *bucket;
    OSW_LIST_FOR_EACH (bucket, list_node, buckets) {
        size_t start = b->size;
        ofpbuf_put_zeros(b, sizeof(struct ofp11_bucket));
        ofpacts_put_openflow_actions(bucket->ofpacts, bucket->ofpacts_len,
                                     b, version);
        struct ofp11_bucket *ob = ofpbuf_at_assert(b, start, sizeof *ob);
        ob->len = htons(b->size - start);
        ob->weight = htons(bucket->weight);
        ob->watch_port = watch_port_to_ofp11(bucket->watch_port);
        ob->watch_group = htonl(bucket->watch_group);
    }
}

static void
put_bucket_prop(struct ofpbuf *b, uint16_t type, uint32_t value)
{
    struct ofp15_group_bucket_prop *prop = ofpbuf_put_zeros(b, sizeof *prop);
    prop->type = htons(type);
    prop->length = htons(sizeof *prop);
    prop->value = htonl(value);
}

/* 1.5 buckets: actions, then weight/watch properties. */
static void
put_buckets15(const struct osw_list *buckets, uint8_t type,
              struct ofpbuf *b)
{
    const struct ofputil_bucket *bucket;
    OSW_LIST_FOR_EACH (bucket, list_node, buckets) {
        size_t start = b->size;
        ofpbuf_put_zeros(b, sizeof(struct ofp15_bucket));
        ofpacts_put_openflow_actions(bucket->ofpacts, bucket->ofpacts_len,
                                     b, OFP15_VERSION);
        size_t actions_len = b->size - start - sizeof(struct ofp15_bucket);
        if (type == OFPGT_SELECT) {
            put_bucket_prop(b, OFPGBPT15_WEIGHT,
                            (uint32_t) bucket->weight << 16);
        }
        if (bucket->watch_port != OFPP_NONE) {
            put_bucket_prop(b, OFPGBPT15_WATCH_PORT,
                            ntohl(watch_port_to_ofp11(bucket->watch_port)));
        }
        if (bucket->watch_group != OFPG_ANY) {
            put_bucket_prop(b, OFPGBPT15_WATCH_GROUP, bucket->watch_group);
        }
        struct ofp15_bucket *ob = ofpbuf_at_assert(b, start, sizeof *ob);
        ob->len = htons(b->size - start);
        ob->action_array_len = htons(actions_len);
        ob->bucket_id = htonl(bucket->bucket_id);
    }
}

static enum ofperr
pull_bucket_props15(struct ofpbuf *props, struct ofputil_bucket *bucket)
{
    while (props->size) {
        const struct ofp15_group_bucket_prop *prop
            = ofpbuf_at(props, 0, sizeof(struct ofp_prop_header));
        size_t len = prop ? ntohs(prop->length) : 0;
        if (!prop || len < sizeof(struct ofp_prop_header)
            || len > props->size) {
            return OFPERR_OFPGMFC_BAD_BUCKET;
        }
        uint16_t type = ntohs(prop->type);
        if (type <= OFPGBPT15_WATCH_GROUP) {
            if (len != sizeof *prop) {
                return OFPERR_OFPGMFC_BAD_BUCKET;
            }
            uint32_t value = ntohl(prop->value);
            if (type == OFPGBPT15_WEIGHT) {
                bucket->weight = value >> 16;
            } else if (type == OFPGBPT15_WATCH_GROUP) {
                bucket->watch_group = value;
            } else if (value == OFPP11_ANY) {
                bucket->watch_port = OFPP_NONE;
            } else if (ofputil_port_from_ofp11(prop->value,
                                               &bucket->watch_port)) {
                return OFPERR_OFPGMFC_BAD_WATCH;
            }
        }
        ofpbuf_pull(props, MIN(ROUND_UP(len, 8), props->size));
    }
    return 0;
}

/* Pulls 'buckets_len' bytes of 1.5 buckets from 'b' into 'buckets'. */
static enum ofperr
pull_buckets15(struct ofpbuf *b, size_t buckets_len,
               struct osw_list *buckets)
{
    struct ofpbuf ofpacts;
    enum ofperr error = 0;

    if (buckets_len > b->size) {
        return OFPERR_OFPGMFC_BAD_BUCKET;
    }
    ofpbuf_init(&ofpacts, 256);
    while (buckets_len && !error) {
        const struct ofp15_bucket *ob = ofpbuf_at(b, 0, sizeof *ob);
        size_t len = ob ? ntohs(ob->len) : 0;
        size_t actions_len = ob ? ntohs(ob->action_array_len) : 0;
        if (!ob || len < sizeof *ob || len > buckets_len
            || actions_len > len - sizeof *ob) {
            error = OFPERR_OFPGMFC_BAD_BUCKET;
            break;
        }
        ofpbuf_pull(b, sizeof *ob);
        ofpbuf_clear(&ofpacts);
        error = ofpacts_pull_openflow_actions(b, actions_len, OFP15_VERSION,
                                              &ofpacts);
        if (error) {
            break;
        }
        struct ofputil_bucket *bucket = ofputil_bucket_create(ofpacts.data,
                                                              ofpacts.size);
        bucket->bucket_id = ntohl(ob->bucket_id);
        osw_list_push_back(buckets, &bucket->list_node);

        struct ofpbuf props;
        size_t props_len = len - sizeof *ob - actions_len;
        ofpbuf_use_const(&props, b->data, props_len);
        ofpbuf_pull(b, props_len);
        error = pull_bucket_props15(&props, bucket);
        buckets_len -= len;
    }
    ofpbuf_uninit(&ofpacts);
    if (error) {
        ofputil_bucket_list_destroy(buckets);
    }
    return error;
}

/* Pulls 'buckets_len' bytes of buckets from 'b' into 'buckets'. */
static enum ofperr
pull_buckets(struct ofpbuf *b, size_t buckets_len, uint8_t version,
             struct osw_list *buckets)
{
    struct ofpbuf ofpacts;
    enum ofperr error = 0;
    uint32_t bucket_id = 0;

    if (buckets_len > b->size) {
        return OFPERR_OFPGMFC_BAD_BUCKET;
    }
    ofpbuf_init(&ofpacts, 256);
    while (buckets_len && !error) {
        const struct ofp11_bucket *ob = ofpbuf_at(b, 0, sizeof *ob);
        size_t len = ob ? ntohs(ob->len) : 0;
        if (!ob || buckets_len < sizeof *ob || len < sizeof *ob
            || len > buckets_len) {
            error = OFPERR_OFPGMFC_BAD_BUCKET;
            break;
        }
        ofpbuf_pull(b, sizeof *ob);
        ofpbuf_clear(&ofpacts);
        error = ofpacts_pull_openflow_actions(b, len - sizeof *ob, version,
                                              &ofpacts);
        if (error) {
            break;
        }
        struct ofputil_bucket *bucket = ofputil_bucket_create(ofpacts.data,
                                                              ofpacts.size);
        bucket->weight = ntohs(ob->weight);
        bucket->bucket_id = bucket_id++;
        bucket->watch_group = ntohl(ob->watch_group);
        if (ob->watch_port == htonl(OFPP11_ANY)) {
            bucket->watch_port = OFPP_NONE;
        } else if (ofputil_port_from_ofp11(ob->watch_port,
                                           &bucket->watch_port)) {
            error = OFPERR_OFPGMFC_BAD_WATCH;
        }
        osw_list_push_back(buckets, &bucket->list_node);
        buckets_len -= len;
    }
    ofpbuf_uninit(&ofpacts);
    if (error) {
        /* Leave nothing for the caller to free on error. */
        ofputil_bucket_list_destroy(buckets);
    }
    return error;
}

/* Decodes group mod 'oh' into 'gm'. */
enum ofperr
ofputil_decode_group_mod(const struct ofp_header *oh,
                         struct ofputil_group_mod *gm)
{
    struct ofpbuf b;
    enum ofpraw raw;

    memset(gm, 0, sizeof *gm);
    osw_list_init(&gm->buckets);
    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPT11_GROUP_MOD && raw != OFPRAW_OFPT15_GROUP_MOD) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }

    /* The 1.1 and 1.5 layouts agree up to 'group_id'. */
    const struct ofp11_group_mod *ogm = (const void *) oh;
    ofpbuf_pull(&b, sizeof *ogm - sizeof *oh);
    gm->command = ntohs(ogm->command);
    gm->type = ogm->type;
    gm->group_id = ntohl(ogm->group_id);
    if (gm->command > OFPGC_DELETE) {
        return OFPERR_OFPGMFC_BAD_COMMAND;
    }
    if (gm->type > OFPGT_FF) {
        return OFPERR_OFPGMFC_BAD_TYPE;
    }
    if (gm->group_id > OFPG_MAX
        && !(gm->command == OFPGC_DELETE && gm->group_id == OFPG_ALL)) {
        return OFPERR_OFPGMFC_INVALID_GROUP;
    }
    if (raw == OFPRAW_OFPT15_GROUP_MOD) {
        const struct ofp15_group_mod *ogm15 = (const void *) oh;
        ofpbuf_pull(&b, sizeof *ogm15 - sizeof *ogm);
        return pull_buckets15(&b, ntohs(ogm15->bucket_array_len),
                              &gm->buckets);
    }
    return pull_buckets(&b, b.size, oh->version, &gm->buckets);
}

/* Encodes 'gm' for 'version' (1.3 or 1.4); NULL for other versions. */
struct ofpbuf *
ofputil_encode_group_mod(uint8_t version, const struct ofputil_group_mod *gm)
{
    if (version == OFP10_VERSION) {
        return NULL;
    } else if (version >= OFP15_VERSION) {
        struct ofpbuf *msg = ofpraw_alloc(OFPRAW_OFPT15_GROUP_MOD, version,
                                          256);
        ofpbuf_put_zeros(msg, sizeof(struct ofp15_group_mod)
                         - sizeof(struct ofp_header));
        put_buckets15(&gm->buckets, gm->type, msg);
        struct ofp15_group_mod *ogm = msg->header;
        ogm->command = htons(gm->command);
        ogm->type = gm->type;
        ogm->group_id = htonl(gm->group_id);
        ogm->bucket_array_len = htons(msg->size - sizeof *ogm);
        ogm->command_bucket_id = htonl(OFPG15_BUCKET_ALL);
        ofpmsg_update_length(msg);
        return msg;
    }
    struct ofpbuf *msg = ofpraw_alloc(OFPRAW_OFPT11_GROUP_MOD, version, 256);
    ofpbuf_put_zeros(msg, sizeof(struct ofp11_group_mod)
                     - sizeof(struct ofp_header));
    struct ofp11_group_mod *ogm = msg->header;
    ogm->command = htons(gm->command);
    ogm->type = gm->type;
    ogm->group_id = htonl(gm->group_id);
    put_buckets(&gm->buckets, version, msg);
    ofpmsg_update_length(msg);
    return msg;
}

/* Frees the buckets of 'gm'. */
void
ofputil_uninit_group_mod(struct ofputil_group_mod *gm)
{
    ofputil_bucket_list_destroy(&gm->buckets);
}

/* Returns a request for every group's description (NULL for 1.0). */
struct ofpbuf *
ofputil_encode_group_desc_request(uint8_t version)
{
    if (version == OFP10_VERSION) {
        return NULL;
    } else if (version < OFP15_VERSION) {
        return ofpraw_alloc(OFPRAW_OFPST11_GROUP_DESC_REQUEST, version, 0);
    }
    struct ofpbuf *msg = ofpraw_alloc(OFPRAW_OFPST15_GROUP_DESC_REQUEST,
                                      version, 8);
    struct ofp15_group_desc_request *req = ofpbuf_put_zeros(msg,
                                                            sizeof *req);
    req->group_id = htonl(OFPG_ALL);
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes a group description request. */
enum ofperr
ofputil_decode_group_desc_request(const struct ofp_header *oh,
                                  uint32_t *group_id)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    *group_id = OFPG_ALL;
    if (raw == OFPRAW_OFPST15_GROUP_DESC_REQUEST) {
        const struct ofp15_group_desc_request *req = b.data;
        *group_id = ntohl(req->group_id);
    } else if (raw != OFPRAW_OFPST11_GROUP_DESC_REQUEST) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    return 0;
}

/* Appends group 'gd' with 'buckets' to group description replies
 * 'replies'. */
void
ofputil_append_group_desc_reply(const struct ofputil_group_desc *gd,
                                const struct osw_list *buckets,
                                struct osw_list *replies)
{
    struct ofpbuf *msg = ofpmp_reserve(replies, 256);
    size_t start = msg->size;

    if (ofpmp_version(replies) >= OFP15_VERSION) {
        ofpbuf_put_zeros(msg, sizeof(struct ofp15_group_desc_stats));
        put_buckets15(buckets, gd->type, msg);
        struct ofp15_group_desc_stats *o15 = ofpbuf_at_assert(msg, start,
                                                              sizeof *o15);
        o15->length = htons(msg->size - start);
        o15->type = gd->type;
        o15->group_id = htonl(gd->group_id);
        o15->bucket_list_len = htons(msg->size - start - sizeof *o15);
        ofpmp_postappend(replies, start);
        return;
    }
    ofpbuf_put_zeros(msg, sizeof(struct ofp11_group_desc_stats));
    put_buckets(buckets, ofpmp_version(replies), msg);
    struct ofp11_group_desc_stats *ogds = ofpbuf_at_assert(msg, start,
                                                           sizeof *ogds);
    ogds->length = htons(msg->size - start);
    ogds->type = gd->type;
    ogds->group_id = htonl(gd->group_id);
    ofpmp_postappend(replies, start);
}

/* Pulls one group from group description reply 'msg'. */
int
ofputil_decode_group_desc_reply(struct ofputil_group_desc *gd,
                                struct ofpbuf *msg)
{
    enum ofpraw raw;

    memset(gd, 0, sizeof *gd);
    osw_list_init(&gd->buckets);
    enum ofperr error = ofpmp_start_decode(msg,
                                           OFPTYPE_GROUP_DESC_STATS_REPLY,
                                           &raw);
    if (error) {
        return error;
    }
    if (!msg->size) {
        return EOF;
    }
    const struct ofp11_group_desc_stats *ogds = ofpbuf_at(msg, 0,
                                                          sizeof *ogds);
    size_t len = ogds ? ntohs(ogds->length) : 0;
    if (!ogds || len < sizeof *ogds || len > msg->size) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    gd->type = ogds->type;
    gd->group_id = ntohl(ogds->group_id);

    const struct ofp_header *oh = msg->header;
    if (raw == OFPRAW_OFPST15_GROUP_DESC_REPLY) {
        const struct ofp15_group_desc_stats *o15 = ofpbuf_at(msg, 0,
                                                             sizeof *o15);
        size_t list_len = o15 ? ntohs(o15->bucket_list_len) : 0;
        if (!o15 || len < sizeof *o15 || list_len > len - sizeof *o15) {
            return OFPERR_OFPBRC_BAD_LEN;
        }
        struct ofpbuf entry;
        ofpbuf_use_const(&entry, (const char *) msg->data + sizeof *o15,
                         len - sizeof *o15);
        ofpbuf_pull(msg, len);
        return pull_buckets15(&entry, list_len, &gd->buckets);
    }
    ofpbuf_pull(msg, sizeof *ogds);
    return pull_buckets(msg, len - sizeof *ogds, oh->version, &gd->buckets);
}

/* Frees the buckets of 'gd'. */
void
ofputil_uninit_group_desc(struct ofputil_group_desc *gd)
{
    ofputil_bucket_list_destroy(&gd->buckets);
}

/* Returns a group stats request for 'group_id' (OFPG_ALL: all). */
struct ofpbuf *
ofputil_encode_group_stats_request(uint8_t version, uint32_t group_id)
{
    struct ofpbuf *msg = ofpraw_alloc(OFPRAW_OFPST11_GROUP_REQUEST,
                                      version, 8);
    struct ofp11_group_stats_request *req = ofpbuf_put_zeros(msg,
                                                             sizeof *req);
    req->group_id = htonl(group_id);
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes a group stats request. */
enum ofperr
ofputil_decode_group_stats_request(const struct ofp_header *oh,
                                   uint32_t *group_id)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPST11_GROUP_REQUEST) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    const struct ofp11_group_stats_request *req = b.data;
    *group_id = ntohl(req->group_id);
    return 0;
}

/* Appends 'gs' to group stats replies 'replies'. */
void
ofputil_append_group_stats(struct osw_list *replies,
                           const struct ofputil_group_stats *gs)
{
    size_t len = (sizeof(struct ofp13_group_stats)
                  + gs->n_buckets * sizeof(struct ofp11_bucket_counter));
    struct ofp13_group_stats *ogs = ofpmp_append(replies, len);

    memset(ogs, 0, len);
    ogs->length = htons(len);
    ogs->group_id = htonl(gs->group_id);
    ogs->ref_count = htonl(gs->ref_count);
    ogs->packet_count = htonll(gs->packet_count);
    ogs->byte_count = htonll(gs->byte_count);
    ogs->duration_sec = htonl(gs->duration_sec);
    ogs->duration_nsec = htonl(gs->duration_nsec);

    struct ofp11_bucket_counter *bc = (void *) (ogs + 1);
    for (uint32_t i = 0; i < gs->n_buckets; i++) {
        bc[i].packet_count = htonll(gs->bucket_stats[i].packet_count);
        bc[i].byte_count = htonll(gs->bucket_stats[i].byte_count);
    }
}

/* Pulls one group's statistics from group stats reply 'msg'.  The caller
 * frees 'gs->bucket_stats'. */
int
ofputil_decode_group_stats_reply(struct ofpbuf *msg,
                                 struct ofputil_group_stats *gs)
{
    enum ofpraw raw;

    memset(gs, 0, sizeof *gs);
    enum ofperr error = ofpmp_start_decode(msg, OFPTYPE_GROUP_STATS_REPLY,
                                           &raw);
    if (error) {
        return error;
    }
    if (!msg->size) {
        return EOF;
    }
    const struct ofp13_group_stats *ogs = ofpbuf_at(msg, 0, sizeof *ogs);
    size_t len = ogs ? ntohs(ogs->length) : 0;
    if (!ogs || len < sizeof *ogs || len > msg->size
        || (len - sizeof *ogs) % sizeof(struct ofp11_bucket_counter)) {
        return OFPERR_OFPBRC_BAD_LEN;
    }
    ofpbuf_pull(msg, len);

    gs->group_id = ntohl(ogs->group_id);
    gs->ref_count = ntohl(ogs->ref_count);
    gs->packet_count = ntohll(ogs->packet_count);
    gs->byte_count = ntohll(ogs->byte_count);
    gs->duration_sec = ntohl(ogs->duration_sec);
    gs->duration_nsec = ntohl(ogs->duration_nsec);
    gs->n_buckets = (len - sizeof *ogs) / sizeof(struct ofp11_bucket_counter);
    gs->bucket_stats = xcalloc(MAX(gs->n_buckets, 1),
                               sizeof *gs->bucket_stats);

    const struct ofp11_bucket_counter *bc = (const void *) (ogs + 1);
    for (uint32_t i = 0; i < gs->n_buckets; i++) {
        gs->bucket_stats[i].packet_count = ntohll(bc[i].packet_count);
        gs->bucket_stats[i].byte_count = ntohll(bc[i].byte_count);
    }
    return 0;
}

/* Returns a group features request. */
struct ofpbuf *
ofputil_encode_group_features_request(uint8_t version)
{
    return ofpraw_alloc(OFPRAW_OFPST12_GROUP_FEATURES_REQUEST, version, 0);
}

/* Returns the group features reply to 'request'. */
struct ofpbuf *
ofputil_encode_group_features_reply(const struct ofputil_group_features *gf,
                                    const struct ofp_header *request)
{
    struct ofpbuf *msg = ofpraw_alloc_stats_reply(request, 40);
    struct ofp12_group_features_stats *ogf = ofpbuf_put_zeros(msg,
                                                              sizeof *ogf);
    ogf->types = htonl(gf->types);
    ogf->capabilities = htonl(gf->capabilities);
    for (int i = 0; i < 4; i++) {
        ogf->max_groups[i] = htonl(gf->max_groups[i]);
        ogf->actions[i] = htonl(gf->ofpacts[i]);
    }
    ofpmsg_update_length(msg);
    return msg;
}

/* Decodes a group features reply. */
enum ofperr
ofputil_decode_group_features_reply(const struct ofp_header *oh,
                                    struct ofputil_group_features *gf)
{
    struct ofpbuf b;
    enum ofpraw raw;

    ofpbuf_use_const(&b, oh, ntohs(oh->length));
    enum ofperr error = ofpraw_pull(&raw, &b);
    if (error) {
        return error;
    }
    if (raw != OFPRAW_OFPST12_GROUP_FEATURES_REPLY) {
        return OFPERR_OFPBRC_BAD_TYPE;
    }
    const struct ofp12_group_features_stats *ogf = b.data;
    gf->types = ntohl(ogf->types);
    gf->capabilities = ntohl(ogf->capabilities);
    for (int i = 0; i < 4; i++) {
        gf->max_groups[i] = ntohl(ogf->max_groups[i]);
        gf->ofpacts[i] = ntohl(ogf->actions[i]);
    }
    return 0;
}
