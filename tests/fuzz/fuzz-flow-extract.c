/* Fuzz target: a frame from a peer through flow extraction, vnet header
 * validation, checksum completion and GSO segmentation, as the datapath
 * runs them on every received frame.
 *
 * Input: a 10-byte struct virtio_net_hdr (host byte order, as AF_PACKET
 * and tap hand it over), then the frame.  The frame sits in a heap buffer
 * of exactly its size, so any read beyond it is caught by the sanitizers.
 * Nothing may crash or leak; segments must be well-formed frames no longer
 * than the headers plus gso_size, and together carry the whole payload. */
#include <config.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/flow.h"
#include "osw/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct seg_check {
    size_t hdr_len;             /* Headers through L4 in the original. */
    size_t max_size;            /* hdr_len + gso_size. */
    size_t payload;             /* Payload bytes seen so far. */
};

static void
check_segment(struct dp_packet *seg, void *aux_)
{
    struct seg_check *aux = aux_;
    struct flow flow;

    osw_assert(seg->source == DPBUF_MALLOC);
    osw_assert(seg->size >= aux->hdr_len && seg->size <= aux->max_size);
    osw_assert(flow_extract(seg, &flow) == FLOW_EXTRACT_OK);
    aux->payload += seg->size - aux->hdr_len;
    dp_packet_delete(seg);
}

/* The length of the headers of GSO frame 'p', which passed validation. */
static size_t
gso_hdr_len(const struct dp_packet *p)
{
    const uint8_t *l4 = dp_packet_l4(p);
    uint8_t type = p->vnet.gso_type & ~VIRTIO_NET_HDR_GSO_ECN;

    return p->l4_ofs + (type == VIRTIO_NET_HDR_GSO_UDP_L4
                        ? UDP_HEADER_LEN : (l4[12] >> 4) * 4);
}

/* The end of the IP payload of 'p', which passed validation. */
static size_t
ip_end(const struct dp_packet *p)
{
    const uint8_t *l3 = dp_packet_l3(p);

    return p->l3_ofs + ((l3[0] >> 4) == 4
                        ? (size_t) (l3[2] << 8 | l3[3])
                        : IPV6_HEADER_LEN + (size_t) (l3[4] << 8 | l3[5]));
}

static void
exercise_format_parse(const struct flow *flow)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct flow_wildcards wc;
    struct flow parsed;

    flow_format(&s, flow, NULL, NULL, NULL);
    char *error = flow_parse(ds_cstr(&s), &parsed, &wc);
    osw_assert(!error);

    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(p, &parsed, 16);
    struct flow again;
    (void) flow_extract(p, &again);
    dp_packet_delete(p);
    ds_destroy(&s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct virtio_net_hdr vnet;
    struct dp_packet p;
    struct flow flow;

    if (size < sizeof vnet) {
        return 0;
    }
    memcpy(&vnet, data, sizeof vnet);
    size_t n = size - sizeof vnet;
    uint8_t *frame = xmalloc(n ? n : 1);
    memcpy(frame, data + sizeof vnet, n);

    dp_packet_use_foreign(&p, frame, n, 0, n, DPBUF_FOREIGN_STATIC);
    p.has_vnet = true;
    p.vnet = vnet;

    enum flow_extract_error error = flow_extract(&p, &flow);
    exercise_format_parse(&flow);
    if (!error && dp_packet_vnet_valid(&p)) {
        if (dp_packet_is_gso(&p)) {
            struct seg_check aux;
            aux.hdr_len = gso_hdr_len(&p);
            aux.max_size = aux.hdr_len + p.vnet.gso_size;
            aux.payload = 0;
            osw_assert(!dp_packet_gso_segment(&p, check_segment, &aux));
            osw_assert(aux.payload == ip_end(&p) - aux.hdr_len);
        }
        dp_packet_csum_complete(&p);

        /* Tagging and untagging keep the frame extractable. */
        struct dp_packet *c = dp_packet_clone(&p);
        dp_packet_push_vlan(c, htons(ETH_TYPE_VLAN_8021Q), htons(5));
        if (c->size >= ETH_HEADER_LEN) {
            osw_assert(dp_packet_vnet_valid(c));
        }
        dp_packet_pop_vlan(c);
        osw_assert(c->size == p.size);
        osw_assert(!memcmp(dp_packet_data(c), dp_packet_data(&p), p.size));
        dp_packet_delete(c);
    }

    dp_packet_delete(&p);
    free(frame);
    return 0;
}
