/* ofp-print: OpenFlow messages as text, the way ovs-ofctl prints them.
 *
 * ofp_to_string() decodes any OpenFlow message (every version osw
 * speaks, Nicira extensions included) with the codecs of ofp-util.h and
 * writes what "ovs-ofctl ofp-print" writes for it: a first line with the
 * message name, the version when not 1.0 ("(OF1.3)") and the xid, then
 * the body ("OFPT_FLOW_MOD (OF1.3) (xid=0x2): ADD priority=100,tcp
 * actions=output:1").  A message that does not decode prints the error
 * and a hex dump instead, so snoop/monitor/logging never fail.  osw-vswitchd
 * (-v logs, snoop), osw-ofctl (monitor, ofp-parse, every reply it shows)
 * and the tests use it.
 *
 * The other functions are the building blocks osw-ofctl uses to print
 * one decoded item (a flow in dump-flows, a port in show...), exactly
 * as ovs-ofctl does.  They append to a 'struct ds'.
 *
 * 'port_name' (may be NULL) turns port numbers into names for --names
 * (it returns NULL for a port it does not know; numbers are printed
 * then); the reserved ports always print as LOCAL, CONTROLLER, ...
 *
 * 'verbosity': 0 normal; 1 and more add detail (hex dumps of packets in
 * packet-in/packet-out at 3+, as ovs-ofctl).
 *
 * Thread-safety: pure functions. */
#ifndef OFP_PRINT_H
#define OFP_PRINT_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct ds;
struct ofp_header;
struct ofputil_aggregate_stats;
struct ofputil_flow_stats;
struct ofputil_group_desc;
struct ofputil_group_stats;
struct ofputil_meter_config;
struct ofputil_meter_stats;
struct ofputil_phy_port;
struct ofputil_port_stats;
struct ofputil_queue_stats;
struct ofputil_switch_features;
struct ofputil_table_stats;

/* Whole messages. */

/* Returns a malloc'd string describing the 'len' bytes at 'oh' (one
 * OpenFlow message; 'len' may differ from the header's length, which is
 * then reported), ending in a new-line. */
char *ofp_to_string(const void *oh, size_t len, int verbosity);

/* Like ofp_to_string() with port names; appends to 'string'. */
void ofp_format_msg(struct ds *string, const void *oh, size_t len,
                    const char *(*port_name)(uint32_t port, void *aux),
                    void *aux, int verbosity);

/* Writes ofp_to_string()'s output to 'stream'. */
void ofp_print(FILE *stream, const void *oh, size_t len, int verbosity);

/* Appends a one-line summary of an Ethernet frame, as ovs-ofctl prints a
 * packet-in's or packet-out's data: the flow in match syntax
 * ("icmp,vlan_tci=0x0000,dl_src=...,icmp_type=8,icmp_code=0") followed
 * by " icmp_csum:..." style details where ovs-ofctl gives them. */
void ofp_format_packet(struct ds *, const void *data, size_t len);
char *ofp_packet_to_string(const void *data, size_t len);

/* Appends the message type and header as the first line starts:
 * "OFPT_HELLO (OF1.3) (xid=0x1):". */
void ofp_format_header(struct ds *, const struct ofp_header *);

/* Building blocks. */

/* One dump-flows line without the leading space and trailing new-line:
 * "cookie=0x0, duration=1.234s, table=0, n_packets=0, n_bytes=0,
 * idle_timeout=10, idle_age=1, priority=500,icmp actions=drop".
 * 'show_stats' false (--no-stats) leaves out duration, n_packets,
 * n_bytes, idle_age and hard_age, and the cookie and table when zero, as
 * ovs-ofctl does. */
void ofp_format_flow_stats(struct ds *, const struct ofputil_flow_stats *,
                           const char *(*port_name)(uint32_t, void *),
                           void *aux, bool show_stats);

/* "aggregate_stats_reply... packet_count=N byte_count=N flow_count=N". */
void ofp_format_aggregate_stats(struct ds *,
                                const struct ofputil_aggregate_stats *);

/* The body of a features reply ("dpid:... n_tables:... capabilities:
 * ... actions: ...") without the ports. */
void ofp_format_switch_features(struct ds *,
                                const struct ofputil_switch_features *,
                                uint8_t version);

/* One port as "show" and dump-ports-desc print it, " 1(eth0): addr:..."
 * and its config/state/speed lines.  'version' selects the 1.0 or 1.1+
 * flavour of the details. */
void ofp_format_phy_port(struct ds *, const struct ofputil_phy_port *,
                         const char *(*port_name)(uint32_t, void *),
                         void *aux, uint8_t version);
/* 'n' ports sorted by number (LOCAL last), as ovs-ofctl sorts them. */
void ofp_format_phy_ports(struct ds *, const struct ofputil_phy_port *,
                          size_t n,
                          const char *(*port_name)(uint32_t, void *),
                          void *aux, uint8_t version);

/* One port's statistics, "  port  1: rx pkts=..., bytes=..., drop=...,
 * errs=..., frame=..., over=..., crc=...\n           tx pkts=..." with
 * "duration=...s" when known. */
void ofp_format_port_stats(struct ds *, const struct ofputil_port_stats *,
                           const char *(*port_name)(uint32_t, void *),
                           void *aux);

/* One table's statistics as dump-tables prints it. */
void ofp_format_table_stats(struct ds *, const struct ofputil_table_stats *);

/* " group_id=1,type=all,bucket=actions=output:1" (dump-groups) and
 * " group_id=1,duration=...,ref_count=0,packet_count=0,byte_count=0,
 * bucket0:packet_count=0,byte_count=0" (dump-group-stats). */
void ofp_format_group_desc(struct ds *, const struct ofputil_group_desc *,
                           const char *(*port_name)(uint32_t, void *),
                           void *aux, uint8_t version);
void ofp_format_group_stats(struct ds *, const struct ofputil_group_stats *);

/* "meter=1 kbps burst stats bands=\ntype=drop rate=1000 burst_size=100"
 * (dump-meters) and meter-stats' "meter:1 flow_count:0 ..." lines. */
void ofp_format_meter_config(struct ds *,
                             const struct ofputil_meter_config *);
void ofp_format_meter_stats(struct ds *, const struct ofputil_meter_stats *);

/* One queue's statistics: "  port 1 queue 0: bytes=..., pkts=...,
 * errors=..., duration=...s". */
void ofp_format_queue_stats(struct ds *, const struct ofputil_queue_stats *,
                            const char *(*port_name)(uint32_t, void *),
                            void *aux);

/* "duration=1.234s" style, from seconds and nanoseconds. */
void ofp_format_duration(struct ds *, uint32_t sec, uint32_t nsec);

#endif /* ofp-print.h */
