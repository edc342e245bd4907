/* Fuzz target for the datapath flow syntax (flow_parse()), which
 * "netdev-dummy/receive NAME FLOW" takes from a control-socket client.
 *
 * The input is the text.  A flow that parses is also composed into a
 * frame (flow_compose()), extracted again (flow_extract()) and printed
 * (flow_format()); what is printed must parse again.  Nothing may crash,
 * leak or read out of bounds. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/flow.h"
#include "osw/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = xmemdup0((const char *) data, size);
    struct flow_wildcards wc;
    struct flow flow;
    char *error = flow_parse(s, &flow, &wc);

    if (error) {
        free(error);
        free(s);
        return 0;
    }

    struct dp_packet *packet = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(packet, &flow, size % 64);
    struct flow extracted;
    flow_extract(packet, &extracted);
    dp_packet_delete(packet);

    struct ds text = DS_EMPTY_INITIALIZER;
    flow_format(&text, &flow, &wc, NULL, NULL);
    struct flow_wildcards wc2;
    struct flow flow2;
    error = flow_parse(ds_cstr(&text), &flow2, &wc2);
    if (error) {
        fprintf(stderr, "\"%s\" printed as \"%s\", which does not parse: "
                "%s\n", s, ds_cstr(&text), error);
        abort();
    }
    ds_destroy(&text);
    free(s);
    return 0;
}
