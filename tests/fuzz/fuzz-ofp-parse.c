/* Fuzz target for ovs-ofctl's text syntax (ofp-parse), which osw-ofctl
 * reads from its command line and from flow, group and meter files.
 *
 * Input: one selector byte, then the text.  The selector picks the parser
 * and its command: flow_mod (add, modify, delete, strict variants, or the
 * command-word form of add-flows files), flow stats request, group_mod,
 * meter_mod or meter request, packet-out.  What parses is encoded for
 * every protocol the parser says can carry it and printed with
 * ofp_to_string(), so the codecs and the printer see it too.  Nothing may
 * crash, leak or read out of bounds. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofp-print.h"
#include "ofproto/ofp-util.h"
#include "osw/ofpbuf.h"
#include "osw/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t
fuzz_port_by_name(const char *name, void *aux OSW_UNUSED)
{
    return !strcmp(name, "eth0") ? 1 : !strcmp(name, "eth1") ? 2 : 0xffff;
}

static void
print_and_free(struct ofpbuf *msg)
{
    if (msg) {
        free(ofp_to_string(msg->data, msg->size, 3));
        ofpbuf_delete(msg);
    }
}

static void
fuzz_flow_mod(const char *s, int command)
{
    struct ofputil_flow_mod fm;
    enum ofputil_protocol usable;
    char *error = parse_ofp_flow_mod_str(&fm, s, command, fuzz_port_by_name,
                                         NULL, &usable);
    if (error) {
        free(error);
        return;
    }
    for (int bit = 0; bit < 7; bit++) {
        enum ofputil_protocol p = 1u << bit;
        if (usable & p) {
            print_and_free(ofputil_encode_flow_mod(&fm, p));
        }
    }
    ofp_parse_flow_mod_uninit(&fm);
}

static void
fuzz_flow_stats(const char *s, bool aggregate)
{
    struct ofputil_flow_stats_request fsr;
    enum ofputil_protocol usable;
    char *error = parse_ofp_flow_stats_request_str(
        &fsr, aggregate, s, fuzz_port_by_name, NULL, &usable);
    if (error) {
        free(error);
        return;
    }
    for (int bit = 0; bit < 7; bit++) {
        enum ofputil_protocol p = 1u << bit;
        if (usable & p) {
            print_and_free(ofputil_encode_flow_stats_request(&fsr, p));
        }
    }
}

static void
fuzz_group_mod(const char *s, int command)
{
    struct ofputil_group_mod gm;
    enum ofputil_protocol usable;
    char *error = parse_ofp_group_mod_str(&gm, command, s, fuzz_port_by_name,
                                          NULL, &usable);
    if (error) {
        free(error);
        return;
    }
    print_and_free(ofputil_encode_group_mod(OFP13_VERSION, &gm));
    ofp_parse_group_mod_uninit(&gm);
}

static void
fuzz_meter_mod(const char *s, int command)
{
    struct ofputil_meter_mod mm;
    enum ofputil_protocol usable;
    char *error = parse_ofp_meter_mod_str(&mm, s, command, &usable);
    if (error) {
        free(error);
        return;
    }
    if (command >= 0) {
        print_and_free(ofputil_encode_meter_mod(OFP13_VERSION, &mm));
    } else {
        print_and_free(ofputil_encode_meter_request(
                           OFP13_VERSION, OFPUTIL_METER_CONFIG,
                           mm.meter.meter_id));
    }
    ofp_parse_meter_mod_uninit(&mm);
}

static void
fuzz_packet_out(const char *s)
{
    struct ofputil_packet_out po;
    enum ofputil_protocol usable;
    char *error = parse_ofp_packet_out_str(&po, s, fuzz_port_by_name, NULL,
                                           &usable);
    if (error) {
        free(error);
        return;
    }
    for (int bit = 0; bit < 7; bit++) {
        enum ofputil_protocol p = 1u << bit;
        if (usable & p) {
            print_and_free(ofputil_encode_packet_out(&po, p));
        }
    }
    ofp_parse_packet_out_uninit(&po);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) {
        return 0;
    }
    uint8_t selector = data[0];
    char *s = xmemdup0((const char *) data + 1, size - 1);

    switch (selector % 12) {
    case 0: fuzz_flow_mod(s, OFPFC_ADD); break;
    case 1: fuzz_flow_mod(s, OFPFC_MODIFY); break;
    case 2: fuzz_flow_mod(s, OFPFC_MODIFY_STRICT); break;
    case 3: fuzz_flow_mod(s, OFPFC_DELETE); break;
    case 4: fuzz_flow_mod(s, OFPFC_DELETE_STRICT); break;
    case 5: fuzz_flow_mod(s, -2); break;
    case 6: fuzz_flow_stats(s, selector & 0x80); break;
    case 7: fuzz_group_mod(s, OFPGC_ADD); break;
    case 8: fuzz_group_mod(s, OFPGC_DELETE); break;
    case 9: fuzz_meter_mod(s, OFPMC_ADD); break;
    case 10: fuzz_meter_mod(s, selector & 0x80 ? -1 : OFPMC_DELETE); break;
    case 11: fuzz_packet_out(s); break;
    }
    free(s);
    return 0;
}
