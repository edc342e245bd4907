/* ofp-parse: ovs-ofctl's text syntax for OpenFlow requests.
 *
 * Turns the strings an admin types after "osw-ofctl add-flow BR",
 * "add-group", "add-meter", "packet-out" and "dump-flows" into the
 * decoded, version-independent structs of ofp-util.h, ready to be encoded
 * for any OpenFlow version.  The syntax is Open vSwitch's (ovs-ofctl(8),
 * ovs-fields(7), ovs-actions(7)):
 *
 *   flow:   [priority=N,][cookie=V[/MASK],][table=N,][idle_timeout=N,]
 *           [hard_timeout=N,][importance=N,][send_flow_rem,]
 *           [check_overlap,][reset_counts,][no_packet_counts,]
 *           [no_byte_counts,][out_port=P,][out_group=G,]MATCH...,
 *           actions=ACTIONS      (actions must come last)
 *   group:  group_id=N,type=all|select|indirect|ff|fast_failover,
 *           bucket=[weight:N,][watch_port:P,][watch_group:G,]
 *                  [actions=]ACTIONS[,bucket=...]
 *   meter:  meter=N,[kbps|pktps,][burst,][stats,]
 *           bands=type=drop|dscp_remark,rate=N[,burst_size=N]
 *                 [,prec_level=N][,type=...]
 *   packet-out: in_port=P,packet=HEX,actions=ACTIONS
 *
 * Fields and values are separated by '=' or ':' and tokens by ',' or
 * white space, as ovs-ofctl accepts.  Ports may be numbers, the reserved
 * names (IN_PORT, TABLE, NORMAL, FLOOD, ALL, CONTROLLER, LOCAL, ANY or
 * NONE) or names that 'port_by_name' resolves (it returns OFPP_NONE for
 * an unknown name; it may be NULL).
 *
 * Every function returns NULL on success or a malloc'd error message
 * (ovs-ofctl's wording where practical) that the caller frees; on error
 * the output struct holds nothing the caller must free.  On success the
 * caller owns the memory hanging off the output (see each function).
 *
 * '*usable_protocols' (enum ofputil_protocol of ofp-util.h) receives the
 * set of protocols (OpenFlow version plus flow format) able to express
 * what was parsed: e.g. a cookie mask on add-flow or an NXM-only field
 * narrows it, so osw-ofctl can pick NXM over OpenFlow 1.0 when needed.
 *
 * Thread-safety: pure functions (no static state). */
#ifndef OFP_PARSE_H
#define OFP_PARSE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "osw/util.h"
#include "ofp-util.h"

struct ds;
struct ofputil_flow_mod;
struct ofputil_flow_stats_request;
struct ofputil_group_mod;
struct ofputil_meter_mod;
struct ofputil_packet_out;

/* Port names. */

/* Parses 's' as an OpenFlow port: a decimal or 0x number (at most
 * 0xffff; OpenFlow 1.1+ 32-bit reserved numbers 0xfffffff8.. are mapped
 * to their 16-bit equivalents), a reserved name (case-insensitive), or a
 * name resolved by 'port_by_name' (may be NULL).  Stores the 16-bit port
 * (OFPP_* of ofproto.h) in '*port'.  Returns true on success. */
bool ofp_parse_port(const char *s,
                    uint32_t (*port_by_name)(const char *, void *),
                    void *aux, uint16_t *port);

/* Appends 'port' as ovs-ofctl prints it: a number, or the reserved name
 * (LOCAL, IN_PORT, CONTROLLER, ...; "ANY" for OFPP_NONE), or the name
 * that 'port_name' (may be NULL; returns NULL when it does not know the
 * port) gives. */
void ofp_format_port(uint16_t port,
                     const char *(*port_name)(uint32_t port, void *aux),
                     void *aux, struct ds *);

/* Flows. */

/* Parses one flow in ovs-ofctl syntax into 'fm' for flow_mod 'command'
 * (OFPFC_ADD, OFPFC_MODIFY, OFPFC_MODIFY_STRICT, OFPFC_DELETE,
 * OFPFC_DELETE_STRICT), or -2 for a flow_mod whose command is unknown
 * yet (add-flows files may start a line with "add", "modify",
 * "modify_strict", "delete", "delete_strict", which then sets it; plain
 * lines are adds).  For delete commands "actions=" is not allowed; for
 * add/modify it is required (ovs-ofctl: "must specify an action").
 *
 * On success 'fm->ofpacts' is malloc'd (even when empty); release it with
 * ofp_parse_flow_mod_uninit(). */
char *parse_ofp_flow_mod_str(struct ofputil_flow_mod *, const char *string,
                             int command,
                             uint32_t (*port_by_name)(const char *, void *),
                             void *aux,
                             enum ofputil_protocol *usable_protocols)
    OSW_WARN_UNUSED_RESULT;

/* Frees what parse_ofp_flow_mod_str() allocated in 'fm'. */
void ofp_parse_flow_mod_uninit(struct ofputil_flow_mod *fm);

/* Reads flows from 'file_name' ("-" is stdin), one per line; '#' starts
 * a comment, blank lines are skipped, a line may end in '\' to continue.
 * Each line is parsed as parse_ofp_flow_mod_str() with 'command'.  On
 * success '*fms' is a malloc'd array of '*n_fms' flow_mods (free with
 * ofp_parse_flow_mods_free()); '*usable_protocols' is the intersection
 * of every line's.  Errors name the line: "FILE:LINE: message". */
char *parse_ofp_flow_mod_file(const char *file_name, int command,
                              uint32_t (*port_by_name)(const char *, void *),
                              void *aux,
                              struct ofputil_flow_mod **fms, size_t *n_fms,
                              enum ofputil_protocol *usable_protocols)
    OSW_WARN_UNUSED_RESULT;

/* Frees 'n' flow_mods at 'fms' and the array itself. */
void ofp_parse_flow_mods_free(struct ofputil_flow_mod *fms, size_t n);

/* Parses the FLOWS argument of dump-flows / dump-aggregate (a match plus
 * table=, cookie=V/MASK, out_port=, out_group=; no actions) into 'fsr'.
 * 'aggregate' selects an aggregate request. */
char *parse_ofp_flow_stats_request_str(
    struct ofputil_flow_stats_request *, bool aggregate, const char *string,
    uint32_t (*port_by_name)(const char *, void *), void *aux,
    enum ofputil_protocol *usable_protocols) OSW_WARN_UNUSED_RESULT;

/* Groups. */

/* Parses a group in ovs-ofctl syntax for group_mod 'command'
 * (OFPGC_ADD, OFPGC_MODIFY, OFPGC_DELETE).  For OFPGC_DELETE only
 * "group_id=N|all" is allowed and an empty string means all groups.
 * "bucket=output:1" is shorthand for "bucket=actions=output:1".  On
 * success the buckets are malloc'd: release with
 * ofp_parse_group_mod_uninit(). */
char *parse_ofp_group_mod_str(struct ofputil_group_mod *, int command,
                              const char *string,
                              uint32_t (*port_by_name)(const char *, void *),
                              void *aux,
                              enum ofputil_protocol *usable_protocols)
    OSW_WARN_UNUSED_RESULT;
void ofp_parse_group_mod_uninit(struct ofputil_group_mod *);

/* Reads groups from 'file_name' as parse_ofp_flow_mod_file() reads
 * flows.  Free with ofp_parse_group_mods_free(). */
char *parse_ofp_group_mod_file(const char *file_name, int command,
                               uint32_t (*port_by_name)(const char *,
                                                        void *),
                               void *aux,
                               struct ofputil_group_mod **gms,
                               size_t *n_gms,
                               enum ofputil_protocol *usable_protocols)
    OSW_WARN_UNUSED_RESULT;
void ofp_parse_group_mods_free(struct ofputil_group_mod *gms, size_t n);

/* Meters. */

/* Parses a meter for meter_mod 'command' (OFPMC_ADD, OFPMC_MODIFY,
 * OFPMC_DELETE) or, with command -1, a meter id for a stats request
 * ("meter=N", "meter=all" or "").  On success the bands are malloc'd:
 * release with ofp_parse_meter_mod_uninit(). */
char *parse_ofp_meter_mod_str(struct ofputil_meter_mod *, const char *string,
                              int command,
                              enum ofputil_protocol *usable_protocols)
    OSW_WARN_UNUSED_RESULT;
void ofp_parse_meter_mod_uninit(struct ofputil_meter_mod *);

/* Packet-out. */

/* Parses "in_port=P,packet=HEX,actions=ACTIONS" (in_port defaults to
 * OFPP_NONE, as ovs-ofctl; buffer_id is always OFP_NO_BUFFER).  On
 * success the packet and the actions are malloc'd: release with
 * ofp_parse_packet_out_uninit(). */
char *parse_ofp_packet_out_str(struct ofputil_packet_out *,
                               const char *string,
                               uint32_t (*port_by_name)(const char *,
                                                        void *),
                               void *aux,
                               enum ofputil_protocol *usable_protocols)
    OSW_WARN_UNUSED_RESULT;
void ofp_parse_packet_out_uninit(struct ofputil_packet_out *);

/* Helpers shared with osw-ofctl. */

/* Parses an unsigned integer 'str' (decimal, or hex with 0x) no larger
 * than 'max' into '*value'.  Returns NULL or an error naming 'field'. */
char *ofp_parse_uint(const char *field, const char *str, uint64_t max,
                     uint64_t *value) OSW_WARN_UNUSED_RESULT;

/* Splits the next "KEY[=VALUE]" (or "KEY:VALUE", "KEY(VALUE)") off
 * '*stringp', in place, as ovs-ofctl tokenizes its arguments: tokens end
 * at ',' or white space outside parentheses.  Returns false at the end
 * of the string.  '*value' is "" when there is none. */
bool ofp_parse_next_field(char **stringp, char **key, char **value);

#endif /* ofp-parse.h */
