/* osw-ofctl: reads and writes a switch's OpenFlow tables, ports, groups
 * and meters, with ovs-ofctl's syntax and output.
 *
 * A SWITCH argument is a bridge name (the bridge's management socket
 * RUNDIR/BR.mgmt, RUNDIR as osw_rundir() says: $OSW_RUNDIR or the
 * configured run directory), the path of a socket, or a vconn name
 * (unix:PATH, tcp:IP[:PORT], ssl:IP[:PORT]).
 *
 * Every request is built with ofp-util's encoders and every reply printed
 * with ofp-print, so what is printed is what ovs-ofctl prints.  Without
 * -O, OpenFlow 1.0 is used (as ovs-ofctl does), with the Nicira flow
 * format when a flow needs it, except for groups and meters, which osw
 * speaks in OpenFlow 1.3 and later only.
 *
 * Exit status: 0 on success, 1 on an error (bad syntax, the switch
 * refused the request, connection failure), 2 for diff-flows when the
 * sources differ. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ofproto/ofp-actions.h"
#include "ofproto/ofp-errors.h"
#include "ofproto/ofp-match.h"
#include "ofproto/ofp-msgs.h"
#include "ofproto/ofp-parse.h"
#include "ofproto/ofp-print.h"
#include "ofproto/ofp-util.h"
#include "ofproto/ofproto.h"
#include "ofproto/vconn.h"
#include "osw/dirs.h"
#include "osw/dynamic-string.h"
#include "osw/list.h"
#include "osw/match.h"
#include "osw/ofpbuf.h"
#include "osw/packets.h"
#include "osw/util.h"
#include "osw/vlog.h"

/* Options. */
static uint32_t allowed_versions;       /* 0: the command's default. */
static bool show_stats = true;
static int use_names = -1;              /* -1: names on a terminal. */
static bool strict;
static int verbosity;
static unsigned int timeout;
static bool readd;

/* --sort and --rsort criteria, in order. */
struct sort_criterion {
    const struct mf_field *field;       /* NULL: priority. */
    bool descending;
};
static struct sort_criterion *criteria;
static size_t n_criteria, allocated_criteria;

/* Ports of the switch we are talking to, fetched when first needed for
 * names. */
struct port_entry {
    uint16_t port_no;
    char name[OFP_MAX_PORT_NAME_LEN + 1];
};
static struct vconn *names_vconn;
static struct port_entry *ports;
static size_t n_ports;
static bool ports_fetched;

static void usage(void);

static bool
should_show_names(void)
{
    if (use_names < 0) {
        use_names = isatty(STDOUT_FILENO) ? 1 : 0;
    }
    return use_names > 0;
}

/* Connecting. */

/* Returns the vconn name for SWITCH argument 'arg' (caller frees). */
static char *
vconn_name_for(const char *arg, const char *suffix)
{
    struct stat st;

    if (strchr(arg, ':')) {
        return xstrdup(arg);
    }
    if (strchr(arg, '/') || (!stat(arg, &st) && S_ISSOCK(st.st_mode))) {
        return xasprintf("unix:%s", arg);
    }
    return xasprintf("unix:%s/%s.%s", osw_rundir(), arg, suffix);
}

/* Opens SWITCH 'arg' with 'versions' (negotiated), exiting on failure. */
static struct vconn *
open_vconn_versions(const char *arg, const char *suffix, uint32_t versions)
{
    char *name = vconn_name_for(arg, suffix);
    struct vconn *vconn;
    int error = vconn_open_block(name, versions, 0,
                                 timeout ? timeout * 1000LL : -1, &vconn);
    if (error) {
        if (!strchr(arg, ':') && !strchr(arg, '/') && error == ENOENT) {
            osw_fatal(0, "%s is not a bridge or a socket", arg);
        }
        osw_fatal(0, "%s: failed to connect to socket (%s)", name,
                  osw_strerror(error));
    }
    free(name);
    names_vconn = vconn;
    return vconn;
}

static uint32_t
versions_or(uint32_t def)
{
    return allowed_versions ? allowed_versions : def;
}

/* Opens a switch for flow and port commands (OpenFlow 1.0 by default). */
static struct vconn *
open_vconn(const char *arg)
{
    return open_vconn_versions(arg, "mgmt",
                               versions_or(VCONN_VERSION_BIT(OFP10_VERSION)));
}

/* Opens a switch for group and meter commands: they need 1.3+. */
static struct vconn *
open_vconn_13(const char *arg)
{
    uint32_t v13 = (VCONN_VERSION_BIT(OFP13_VERSION)
                    | VCONN_VERSION_BIT(OFP14_VERSION)
                    | VCONN_VERSION_BIT(OFP15_VERSION));
    uint32_t versions = versions_or(VCONN_VERSION_BIT(OFP13_VERSION)) & v13;
    if (!versions) {
        osw_fatal(0, "this command needs OpenFlow 1.3 or later (use "
                  "-O OpenFlow13)");
    }
    return open_vconn_versions(arg, "mgmt", versions);
}

/* Transactions. */

static void
print_msg(FILE *stream, const struct ofpbuf *msg)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ofp_format_msg(&s, msg->data, msg->size, NULL, NULL, verbosity + 2);
    fputs(ds_cstr(&s), stream);
    ds_destroy(&s);
}

static bool
is_error_msg(const struct ofpbuf *msg)
{
    const struct ofp_header *oh = msg->data;
    return msg->size >= sizeof *oh && oh->type == OFPT_ERROR;
}

/* Sends 'request' and prints every reply (multipart replies until the
 * last).  An error reply is printed to stderr and ends the program. */
static void
dump_transaction(struct vconn *vconn, struct ofpbuf *request)
{
    enum ofpraw raw = ofpraw_decode_assert(request->data);
    int error;

    if (ofpraw_is_stats(raw)) {
        struct osw_list replies;
        osw_list_init(&replies);
        error = vconn_transact_multipart(vconn, request, &replies);
        if (error) {
            osw_fatal(0, "%s: transaction failed (%s)",
                      vconn_get_name(vconn), osw_retval_to_string(error));
        }
        struct ofpbuf *reply;
        bool failed = false;
        OSW_LIST_FOR_EACH (reply, list_node, &replies) {
            if (is_error_msg(reply)) {
                print_msg(stderr, reply);
                failed = true;
            } else {
                print_msg(stdout, reply);
            }
        }
        ofpmp_free(&replies);
        if (failed) {
            exit(EXIT_FAILURE);
        }
    } else {
        struct ofpbuf *reply;
        error = vconn_transact(vconn, request, &reply);
        if (error) {
            osw_fatal(0, "%s: transaction failed (%s)",
                      vconn_get_name(vconn), osw_retval_to_string(error));
        }
        bool failed = is_error_msg(reply);
        print_msg(failed ? stderr : stdout, reply);
        ofpbuf_delete(reply);
        if (failed) {
            exit(EXIT_FAILURE);
        }
    }
}

/* Sends 'requests' (a list, taken) followed by a barrier; prints every
 * error that comes back before the barrier reply to stderr.  Exits with
 * failure if there was one. */
static void
transact_multiple_noreply(struct vconn *vconn, struct osw_list *requests)
{
    struct ofpbuf *request;
    int error;

    OSW_LIST_FOR_EACH_POP (request, list_node, requests) {
        error = vconn_send_block(vconn, request);
        if (error) {
            osw_fatal(0, "%s: send failed (%s)", vconn_get_name(vconn),
                      osw_retval_to_string(error));
        }
    }

    struct ofpbuf *barrier = ofputil_encode_barrier_request(
        vconn_get_version(vconn));
    ovs_be32 barrier_xid = ((struct ofp_header *) barrier->data)->xid;
    error = vconn_send_block(vconn, barrier);
    if (error) {
        osw_fatal(0, "%s: send failed (%s)", vconn_get_name(vconn),
                  osw_retval_to_string(error));
    }

    bool failed = false;
    for (;;) {
        struct ofpbuf *reply;
        error = vconn_recv_block(vconn, &reply);
        if (error) {
            osw_fatal(0, "%s: receive failed (%s)", vconn_get_name(vconn),
                      osw_retval_to_string(error));
        }
        const struct ofp_header *oh = reply->data;
        if (is_error_msg(reply)) {
            print_msg(stderr, reply);
            failed = true;
        } else if (oh->type == OFPT_ECHO_REQUEST) {
            vconn_send_block(vconn, ofputil_encode_echo_reply(oh));
        }
        bool done = oh->xid == barrier_xid && !is_error_msg(reply);
        ofpbuf_delete(reply);
        if (done) {
            break;
        }
    }
    if (failed) {
        exit(EXIT_FAILURE);
    }
}

static void
transact_noreply(struct vconn *vconn, struct ofpbuf *request)
{
    struct osw_list requests;

    osw_list_init(&requests);
    osw_list_push_back(&requests, &request->list_node);
    transact_multiple_noreply(vconn, &requests);
}

/* Port names. */

static void
fetch_ports(void)
{
    if (ports_fetched || !names_vconn) {
        return;
    }
    ports_fetched = true;

    struct ofpbuf *request = ofputil_encode_port_desc_stats_request(
        vconn_get_version(names_vconn), OFPP_NONE);
    struct osw_list replies;
    osw_list_init(&replies);
    if (vconn_transact_multipart(names_vconn, request, &replies)) {
        return;
    }

    size_t allocated = 0;
    struct ofpbuf *reply;
    OSW_LIST_FOR_EACH (reply, list_node, &replies) {
        if (is_error_msg(reply)) {
            continue;
        }
        struct ofpbuf b;
        ofpbuf_use_const(&b, reply->data, reply->size);
        struct ofputil_phy_port pp;
        while (!ofputil_decode_port_desc_stats_reply(&b, &pp)) {
            if (n_ports >= allocated) {
                ports = x2nrealloc(ports, &allocated, sizeof *ports);
            }
            ports[n_ports].port_no = pp.port_no;
            memcpy(ports[n_ports].name, pp.name, sizeof pp.name);
            ports[n_ports].name[sizeof pp.name] = '\0';
            n_ports++;
        }
    }
    ofpmp_free(&replies);
}

static uint32_t
port_by_name(const char *name, void *aux OSW_UNUSED)
{
    fetch_ports();
    for (size_t i = 0; i < n_ports; i++) {
        if (!strcmp(ports[i].name, name)) {
            return ports[i].port_no;
        }
    }
    return OFPP_NONE;
}

static const char *
port_name(uint32_t port, void *aux OSW_UNUSED)
{
    fetch_ports();
    for (size_t i = 0; i < n_ports; i++) {
        if (ports[i].port_no == port) {
            return ports[i].name;
        }
    }
    return NULL;
}

static const char *(*output_port_name(void))(uint32_t, void *)
{
    return should_show_names() ? port_name : NULL;
}

/* Parses port argument 'arg' or exits. */
static uint16_t
parse_port_arg(const char *arg)
{
    uint16_t port;
    if (!ofp_parse_port(arg, port_by_name, NULL, &port)) {
        osw_fatal(0, "%s: unknown port", arg);
    }
    return port;
}

/* Protocols. */

/* Switches 'vconn' (OpenFlow 1.0 only) from '*cur' to 'want'. */
static void
set_protocol(struct vconn *vconn, enum ofputil_protocol *cur,
             enum ofputil_protocol want)
{
    while (*cur != want) {
        enum ofputil_protocol next;
        struct ofpbuf *msg = ofputil_encode_set_protocol(*cur, want, &next);
        if (!msg) {
            break;
        }
        transact_noreply(vconn, msg);
        *cur = next;
    }
}

/* Picks a protocol in 'usable' that the negotiated version of 'vconn'
 * allows, preferring the order in 'prefs', switches to it, and returns
 * it.  Exits if there is none. */
static enum ofputil_protocol
choose_protocol(struct vconn *vconn, enum ofputil_protocol usable,
                bool prefer_nxm)
{
    uint8_t version = vconn_get_version(vconn);
    enum ofputil_protocol cur = ofputil_protocol_from_ofp_version(version);

    if (version != OFP10_VERSION) {
        if (!(usable & cur)) {
            char *u = ofputil_protocols_to_string(usable);
            osw_fatal(0, "none of the usable flow formats (%s) is among the "
                      "allowed flow formats (%s)", u,
                      ofputil_protocol_to_string(cur));
        }
        return cur;
    }

    static const enum ofputil_protocol std_first[] = {
        OFPUTIL_P_OF10_STD, OFPUTIL_P_OF10_STD_TID,
        OFPUTIL_P_OF10_NXM, OFPUTIL_P_OF10_NXM_TID,
    };
    static const enum ofputil_protocol nxm_first[] = {
        OFPUTIL_P_OF10_NXM, OFPUTIL_P_OF10_NXM_TID,
        OFPUTIL_P_OF10_STD, OFPUTIL_P_OF10_STD_TID,
    };
    const enum ofputil_protocol *prefs = prefer_nxm ? nxm_first : std_first;
    for (size_t i = 0; i < 4; i++) {
        if (usable & prefs[i]) {
            set_protocol(vconn, &cur, prefs[i]);
            if (cur == prefs[i]) {
                return cur;
            }
        }
    }
    char *u = ofputil_protocols_to_string(usable);
    osw_fatal(0, "none of the usable flow formats (%s) is among the allowed "
              "flow formats (OpenFlow10)", u);
}

/* Commands. */

struct command {
    const char *name;
    const char *args;
    int min_args;
    int max_args;
    void (*handler)(int argc, char *argv[]);
};

static void
cmd_show(int argc OSW_UNUSED, char *argv[])
{
    struct vconn *vconn = open_vconn(argv[1]);
    uint8_t version = vconn_get_version(vconn);

    dump_transaction(vconn, ofputil_encode_features_request(version));
    if (version != OFP10_VERSION) {
        dump_transaction(vconn, ofputil_encode_port_desc_stats_request(
                             version, OFPP_NONE));
    }
    dump_transaction(vconn, ofputil_encode_get_config_request(version));
    vconn_close(vconn);
}

static void
cmd_dump_desc(int argc OSW_UNUSED, char *argv[])
{
    struct vconn *vconn = open_vconn(argv[1]);
    dump_transaction(vconn, ofputil_encode_desc_stats_request(
                         vconn_get_version(vconn)));
    vconn_close(vconn);
}

static void
cmd_dump_tables(int argc OSW_UNUSED, char *argv[])
{
    struct vconn *vconn = open_vconn(argv[1]);
    dump_transaction(vconn, ofputil_encode_table_stats_request(
                         vconn_get_version(vconn)));
    vconn_close(vconn);
}

static void
cmd_dump_table_features(int argc OSW_UNUSED, char *argv[])
{
    struct vconn *vconn = open_vconn_13(argv[1]);
    struct osw_list replies;

    osw_list_init(&replies);
    int error = vconn_transact_multipart(
        vconn, ofputil_encode_table_features_request(
            vconn_get_version(vconn)), &replies);
    if (error) {
        osw_fatal(0, "%s: transaction failed (%s)", vconn_get_name(vconn),
                  osw_retval_to_string(error));
    }

    /* As ovs-ofctl: one listing over all the replies, without message
     * headers, so that "ditto" folding spans messages. */
    struct ofputil_table_features *tf = xmalloc(2 * sizeof *tf);
    struct ofputil_table_features_ditto d = { -1, -1 };
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofpbuf *reply;
    int n = 0;
    OSW_LIST_FOR_EACH (reply, list_node, &replies) {
        if (is_error_msg(reply)) {
            print_msg(stderr, reply);
            exit(EXIT_FAILURE);
        }
        struct ofpbuf b = OFPBUF_CONST_INITIALIZER(reply->data, reply->size);
        for (;;) {
            struct ofputil_table_features *cur = &tf[n % 2];
            error = ofputil_decode_table_features(&b, cur);
            if (error == EOF) {
                break;
            } else if (error) {
                osw_fatal(0, "%s: bad table features reply (%s)",
                          vconn_get_name(vconn), ofperr_get_name(error));
            }
            ofputil_format_table_features(&s, cur, n ? &tf[(n + 1) % 2]
                                          : NULL, &d);
            n++;
        }
    }
    ofputil_format_table_features_finish(&s, &d);
    const char *out = ds_cstr(&s);
    fputs(out[0] == '\n' ? out + 1 : out, stdout);
    putchar('\n');
    ds_destroy(&s);
    free(tf);
    ofpmp_free(&replies);
    vconn_close(vconn);
}

static void
cmd_dump_ports(int argc, char *argv[])
{
    struct vconn *vconn = open_vconn(argv[1]);
    uint16_t port = argc > 2 ? parse_port_arg(argv[2]) : OFPP_NONE;
    dump_transaction(vconn, ofputil_encode_port_stats_request(
                         vconn_get_version(vconn), port));
    vconn_close(vconn);
}

static void
cmd_dump_ports_desc(int argc, char *argv[])
{
    struct vconn *vconn = open_vconn(argv[1]);
    uint8_t version = vconn_get_version(vconn);

    if (argc > 2 && version < OFP15_VERSION) {
        /* Only 1.5 asks for one port: filter the full reply. */
        uint16_t port = parse_port_arg(argv[2]);
        struct osw_list replies;
        osw_list_init(&replies);
        int error = vconn_transact_multipart(
            vconn, ofputil_encode_port_desc_stats_request(version, OFPP_NONE),
            &replies);
        if (error) {
            osw_fatal(0, "transaction failed (%s)",
                      osw_retval_to_string(error));
        }
        struct ofpbuf *reply = CONTAINER_OF(osw_list_front(&replies),
                                            struct ofpbuf, list_node);
        struct ds s = DS_EMPTY_INITIALIZER;
        ofp_format_header(&s, reply->data);
        ds_put_char(&s, '\n');
        OSW_LIST_FOR_EACH (reply, list_node, &replies) {
            struct ofpbuf b;
            struct ofputil_phy_port pp;
            ofpbuf_use_const(&b, reply->data, reply->size);
            while (!ofputil_decode_port_desc_stats_reply(&b, &pp)) {
                if (pp.port_no == port) {
                    ofp_format_phy_port(&s, &pp, NULL, NULL, version);
                }
            }
        }
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
        ofpmp_free(&replies);
    } else {
        uint16_t port = argc > 2 ? parse_port_arg(argv[2]) : OFPP_NONE;
        dump_transaction(vconn, ofputil_encode_port_desc_stats_request(
                             version, port));
    }
    vconn_close(vconn);
}

/* Finds port 'arg' (number or name) of the switch: its description. */
static bool
find_port(struct vconn *vconn, const char *arg, struct ofputil_phy_port *pp)
{
    uint8_t version = vconn_get_version(vconn);
    struct osw_list replies;
    uint16_t port_no;
    bool by_number = ofp_parse_port(arg, NULL, NULL, &port_no);
    bool found = false;

    osw_list_init(&replies);
    if (vconn_transact_multipart(
            vconn, ofputil_encode_port_desc_stats_request(version, OFPP_NONE),
            &replies)) {
        return false;
    }
    struct ofpbuf *reply;
    OSW_LIST_FOR_EACH (reply, list_node, &replies) {
        struct ofpbuf b;
        ofpbuf_use_const(&b, reply->data, reply->size);
        while (!found && !ofputil_decode_port_desc_stats_reply(&b, pp)) {
            found = by_number ? pp->port_no == port_no
                              : !strcmp(pp->name, arg);
        }
    }
    ofpmp_free(&replies);
    return found;
}

static void
cmd_mod_port(int argc OSW_UNUSED, char *argv[])
{
    static const struct {
        const char *name;
        uint32_t bit;
        bool on;                /* Setting the bit turns the name on? */
    } modes[] = {
        { "up", OFPUTIL_PC_PORT_DOWN, false },
        { "down", OFPUTIL_PC_PORT_DOWN, true },
        { "stp", OFPUTIL_PC_NO_STP, false },
        { "receive", OFPUTIL_PC_NO_RECV, false },
        { "receive-stp", OFPUTIL_PC_NO_RECV_STP, false },
        { "flood", OFPUTIL_PC_NO_FLOOD, false },
        { "forward", OFPUTIL_PC_NO_FWD, false },
        { "packet-in", OFPUTIL_PC_NO_PACKET_IN, false },
    };
    struct vconn *vconn = open_vconn(argv[1]);
    struct ofputil_phy_port pp;
    struct ofputil_port_mod pm;

    if (!find_port(vconn, argv[2], &pp)) {
        osw_fatal(0, "%s: couldn't find port `%s'", argv[1], argv[2]);
    }
    memset(&pm, 0, sizeof pm);
    pm.port_no = pp.port_no;
    pm.hw_addr = pp.hw_addr;

    const char *cmd = argv[3];
    bool negate = !strncasecmp(cmd, "no-", 3);
    const char *base = negate ? cmd + 3 : cmd;
    size_t i;
    for (i = 0; i < ARRAY_SIZE(modes); i++) {
        if (!strcasecmp(base, modes[i].name)
            && !(negate && modes[i].bit == OFPUTIL_PC_PORT_DOWN)) {
            bool set = modes[i].on != negate;
            if (modes[i].bit != OFPUTIL_PC_PORT_DOWN) {
                set = negate;
            }
            pm.mask = modes[i].bit;
            pm.config = set ? modes[i].bit : 0;
            break;
        }
    }
    if (i == ARRAY_SIZE(modes)) {
        osw_fatal(0, "unknown mod-port command '%s'", cmd);
    }
    transact_noreply(vconn, ofputil_encode_port_mod(
                         &pm, ofputil_protocol_from_ofp_version(
                             vconn_get_version(vconn))));
    vconn_close(vconn);
}

/* Flows. */

/* Sends 'fms' to 'vconn' in the best protocol, with a barrier. */
static void
send_flow_mods(struct vconn *vconn, struct ofputil_flow_mod *fms, size_t n,
               enum ofputil_protocol usable)
{
    enum ofputil_protocol protocol = choose_protocol(vconn, usable, false);
    struct osw_list requests;

    osw_list_init(&requests);
    for (size_t i = 0; i < n; i++) {
        struct ofputil_flow_mod *fm = &fms[i];
        /* OpenFlow 1.1+ modifies one table: without table=, table 0 (an
         * all-tables modify is an error there, unlike in 1.0). */
        if (!(protocol & OFPUTIL_P_OF10_ANY) && fm->table_id == OFPTT_ALL
            && (fm->command == OFPFC_MODIFY
                || fm->command == OFPFC_MODIFY_STRICT)) {
            fm->table_id = 0;
        }
        struct ofpbuf *msg = ofputil_encode_flow_mod(fm, protocol);
        osw_list_push_back(&requests, &msg->list_node);
    }
    transact_multiple_noreply(vconn, &requests);
}

static void
flow_mod_command(int argc, char *argv[], int command)
{
    struct ofputil_flow_mod fm;
    enum ofputil_protocol usable;
    struct vconn *vconn = open_vconn(argv[1]);
    const char *flow = argc > 2 ? argv[2] : "";

    if (strict && command == OFPFC_MODIFY) {
        command = OFPFC_MODIFY_STRICT;
    } else if (strict && command == OFPFC_DELETE) {
        command = OFPFC_DELETE_STRICT;
    }
    char *error = parse_ofp_flow_mod_str(&fm, flow, command, port_by_name,
                                         NULL, &usable);
    if (error) {
        osw_fatal(0, "%s", error);
    }
    send_flow_mods(vconn, &fm, 1, usable);
    ofp_parse_flow_mod_uninit(&fm);
    vconn_close(vconn);
}

static void
cmd_add_flow(int argc, char *argv[])
{
    flow_mod_command(argc, argv, OFPFC_ADD);
}

static void
cmd_mod_flows(int argc, char *argv[])
{
    flow_mod_command(argc, argv, OFPFC_MODIFY);
}

static void
cmd_del_flows(int argc, char *argv[])
{
    flow_mod_command(argc, argv, OFPFC_DELETE);
}

static void
cmd_add_flows(int argc OSW_UNUSED, char *argv[])
{
    struct ofputil_flow_mod *fms;
    size_t n_fms;
    enum ofputil_protocol usable;
    struct vconn *vconn = open_vconn(argv[1]);

    char *error = parse_ofp_flow_mod_file(argv[2], -2, port_by_name, NULL,
                                          &fms, &n_fms, &usable);
    if (error) {
        osw_fatal(0, "%s", error);
    }
    if (n_fms) {
        send_flow_mods(vconn, fms, n_fms, usable);
    }
    ofp_parse_flow_mods_free(fms, n_fms);
    vconn_close(vconn);
}

/* A flow as dump-flows reports it, kept for sorting and diffing. */
struct flow_entry {
    struct ofputil_flow_stats fs;
    struct ofpact *ofpacts;             /* Owned copy. */
    size_t index;                       /* Order of arrival. */
};

/* Dumps the flows matching 'fsr' from 'vconn' into a malloc'd array. */
static struct flow_entry *
fetch_flows(struct vconn *vconn, const struct ofputil_flow_stats_request *fsr,
            enum ofputil_protocol protocol, size_t *n)
{
    struct flow_entry *flows = NULL;
    size_t allocated = 0;
    struct osw_list replies;
    struct ofpbuf ofpacts;

    *n = 0;
    osw_list_init(&replies);
    int error = vconn_transact_multipart(
        vconn, ofputil_encode_flow_stats_request(fsr, protocol), &replies);
    if (error) {
        osw_fatal(0, "%s: transaction failed (%s)", vconn_get_name(vconn),
                  osw_retval_to_string(error));
    }

    ofpbuf_init(&ofpacts, 64);
    struct ofpbuf *reply;
    OSW_LIST_FOR_EACH (reply, list_node, &replies) {
        if (is_error_msg(reply)) {
            print_msg(stderr, reply);
            exit(EXIT_FAILURE);
        }
        struct ofpbuf b;
        ofpbuf_use_const(&b, reply->data, reply->size);
        for (;;) {
            struct ofputil_flow_stats fs;
            ofpbuf_clear(&ofpacts);
            int retval = ofputil_decode_flow_stats_reply(&fs, &b, &ofpacts);
            if (retval == EOF) {
                break;
            } else if (retval) {
                osw_fatal(0, "bad flow stats reply (%s)",
                          ofperr_get_name(retval));
            }
            if (*n >= allocated) {
                flows = x2nrealloc(flows, &allocated, sizeof *flows);
            }
            struct flow_entry *e = &flows[*n];
            e->fs = fs;
            e->ofpacts = (fs.ofpacts_len
                          ? xmemdup(fs.ofpacts, fs.ofpacts_len)
                          : xmalloc(1));
            e->fs.ofpacts = e->ofpacts;
            e->index = (*n)++;
        }
    }
    ofpbuf_uninit(&ofpacts);
    ofpmp_free(&replies);
    return flows;
}

static void
free_flows(struct flow_entry *flows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(flows[i].ofpacts);
    }
    free(flows);
}

/* Compares field 'field' of 'a' and 'b': 0 if equal, otherwise the sign
 * of the comparison of the values.  '*wild' is set to -1 if only 'a'
 * lacks the field, 1 if only 'b' does (such flows sort last whatever the
 * direction, as ovs-ofctl sorts them). */
static int
compare_field(const struct mf_field *field, const struct match *a,
              const struct match *b, int *wild)
{
    union mf_value av, am, bv, bm;

    mf_get(field, a, &av, &am);
    mf_get(field, b, &bv, &bm);
    bool a_wild = is_all_zeros(&am, field->n_bytes);
    bool b_wild = is_all_zeros(&bm, field->n_bytes);
    *wild = 0;
    if (a_wild || b_wild) {
        *wild = a_wild == b_wild ? 0 : a_wild ? -1 : 1;
        return 0;
    }
    int c = memcmp(&av, &bv, field->n_bytes);
    return c < 0 ? -1 : c > 0;
}

static int
compare_flows(const void *a_, const void *b_)
{
    const struct flow_entry *a = a_, *b = b_;

    for (size_t i = 0; i < n_criteria; i++) {
        const struct sort_criterion *sc = &criteria[i];
        int c, wild = 0;
        if (!sc->field) {
            c = (a->fs.priority < b->fs.priority ? -1
                 : a->fs.priority > b->fs.priority);
        } else {
            c = compare_field(sc->field, &a->fs.match, &b->fs.match, &wild);
        }
        if (wild) {
            return wild < 0 ? 1 : -1;
        }
        if (c) {
            return sc->descending ? -c : c;
        }
    }
    return a->index < b->index ? -1 : a->index > b->index;
}

static void
parse_flow_request_arg(int argc, char *argv[], bool aggregate,
                       struct ofputil_flow_stats_request *fsr,
                       enum ofputil_protocol *usable)
{
    char *error = parse_ofp_flow_stats_request_str(
        fsr, aggregate, argc > 2 ? argv[2] : "", port_by_name, NULL, usable);
    if (error) {
        osw_fatal(0, "%s", error);
    }
}

static void
cmd_dump_flows(int argc, char *argv[])
{
    struct ofputil_flow_stats_request fsr;
    enum ofputil_protocol usable;
    struct vconn *vconn = open_vconn(argv[1]);

    parse_flow_request_arg(argc, argv, false, &fsr, &usable);
    enum ofputil_protocol protocol = choose_protocol(vconn, usable, true);

    if (!n_criteria && show_stats && !should_show_names()) {
        dump_transaction(vconn, ofputil_encode_flow_stats_request(&fsr,
                                                                  protocol));
        vconn_close(vconn);
        return;
    }

    size_t n;
    struct flow_entry *flows = fetch_flows(vconn, &fsr, protocol, &n);
    if (n_criteria) {
        qsort(flows, n, sizeof *flows, compare_flows);
    }
    struct ds s = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < n; i++) {
        ds_clear(&s);
        ds_put_char(&s, ' ');
        ofp_format_flow_stats(&s, &flows[i].fs, output_port_name(), NULL,
                              show_stats);
        ds_put_char(&s, '\n');
        fputs(ds_cstr(&s), stdout);
    }
    ds_destroy(&s);
    free_flows(flows, n);
    vconn_close(vconn);
}

static void
cmd_dump_aggregate(int argc, char *argv[])
{
    struct ofputil_flow_stats_request fsr;
    enum ofputil_protocol usable;
    struct vconn *vconn = open_vconn(argv[1]);

    parse_flow_request_arg(argc, argv, true, &fsr, &usable);
    enum ofputil_protocol protocol = choose_protocol(vconn, usable, true);
    dump_transaction(vconn, ofputil_encode_flow_stats_request(&fsr,
                                                              protocol));
    vconn_close(vconn);
}

/* replace-flows and diff-flows. */

/* True if 'arg' names a flows file rather than a switch. */
static bool
is_flows_file(const char *arg)
{
    struct stat st;
    return !strcmp(arg, "-") || (!stat(arg, &st) && S_ISREG(st.st_mode));
}

/* Reads the flows of file 'file' as flow entries. */
static struct flow_entry *
read_flows_file(const char *file, size_t *n)
{
    struct ofputil_flow_mod *fms;
    size_t n_fms;
    enum ofputil_protocol usable;

    char *error = parse_ofp_flow_mod_file(file, OFPFC_ADD, port_by_name,
                                          NULL, &fms, &n_fms, &usable);
    if (error) {
        osw_fatal(0, "%s", error);
    }
    struct flow_entry *flows = xcalloc(n_fms ? n_fms : 1, sizeof *flows);
    for (size_t i = 0; i < n_fms; i++) {
        struct flow_entry *e = &flows[i];
        e->fs.match = fms[i].match;
        e->fs.priority = fms[i].priority;
        e->fs.cookie = fms[i].new_cookie;
        e->fs.table_id = fms[i].table_id == OFPTT_ALL ? 0 : fms[i].table_id;
        e->fs.idle_timeout = fms[i].idle_timeout;
        e->fs.hard_timeout = fms[i].hard_timeout;
        e->fs.importance = fms[i].importance;
        e->fs.flags = fms[i].flags;
        e->fs.idle_age = e->fs.hard_age = -1;
        e->ofpacts = fms[i].ofpacts;
        e->fs.ofpacts = e->ofpacts;
        e->fs.ofpacts_len = fms[i].ofpacts_len;
        e->index = i;
        fms[i].ofpacts = NULL;
    }
    ofp_parse_flow_mods_free(fms, n_fms);
    *n = n_fms;
    return flows;
}

static struct flow_entry *
read_flows_switch(struct vconn *vconn, size_t *n)
{
    struct ofputil_flow_stats_request fsr;

    memset(&fsr, 0, sizeof fsr);
    match_init_catchall(&fsr.match);
    fsr.out_port = OFPP_NONE;
    fsr.out_group = OFPG_ANY;
    fsr.table_id = OFPTT_ALL;
    enum ofputil_protocol protocol = choose_protocol(
        vconn, OFPUTIL_P_ANY & ~(OFPUTIL_P_OF10_STD | OFPUTIL_P_OF10_NXM),
        true);
    return fetch_flows(vconn, &fsr, protocol, n);
}

/* The rule identity: table, priority and match. */
static int
compare_rule_key(const void *a_, const void *b_)
{
    const struct flow_entry *a = a_, *b = b_;

    if (a->fs.table_id != b->fs.table_id) {
        return a->fs.table_id < b->fs.table_id ? -1 : 1;
    }
    if (a->fs.priority != b->fs.priority) {
        return a->fs.priority > b->fs.priority ? -1 : 1;
    }
    int c = memcmp(&a->fs.match, &b->fs.match, sizeof a->fs.match);
    return c < 0 ? -1 : c > 0;
}

static bool
same_version(const struct flow_entry *a, const struct flow_entry *b)
{
    return (a->fs.cookie == b->fs.cookie
            && a->fs.idle_timeout == b->fs.idle_timeout
            && a->fs.hard_timeout == b->fs.hard_timeout
            && a->fs.importance == b->fs.importance
            && ofpacts_equal(a->fs.ofpacts, a->fs.ofpacts_len,
                             b->fs.ofpacts, b->fs.ofpacts_len));
}

static void
format_flow_version(struct ds *s, const struct flow_entry *e)
{
    if (e->fs.table_id) {
        ds_put_format(s, "table=%"PRIu8" ", e->fs.table_id);
    }
    match_format(&e->fs.match, e->fs.priority, s, output_port_name(), NULL);
    if (e->fs.cookie) {
        ds_put_format(s, " cookie=0x%"PRIx64, e->fs.cookie);
    }
    if (e->fs.idle_timeout) {
        ds_put_format(s, " idle_timeout=%"PRIu16, e->fs.idle_timeout);
    }
    if (e->fs.hard_timeout) {
        ds_put_format(s, " hard_timeout=%"PRIu16, e->fs.hard_timeout);
    }
    if (e->fs.importance) {
        ds_put_format(s, " importance=%"PRIu16, e->fs.importance);
    }
    ds_put_cstr(s, " actions=");
    ofpacts_format(e->fs.ofpacts, e->fs.ofpacts_len, output_port_name(),
                   NULL, s);
}

static void
print_flow_version(char prefix, const struct flow_entry *e)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_char(&s, prefix);
    format_flow_version(&s, e);
    ds_put_char(&s, '\n');
    fputs(ds_cstr(&s), stdout);
    ds_destroy(&s);
}

/* Walks the sorted arrays 'a' and 'b' in step, calling 'cb' for each rule
 * key with the entry from each side (NULL when absent). */
static void
merge_flows(struct flow_entry *a, size_t n_a, struct flow_entry *b,
            size_t n_b,
            void (*cb)(const struct flow_entry *, const struct flow_entry *,
                       void *),
            void *aux)
{
    qsort(a, n_a, sizeof *a, compare_rule_key);
    qsort(b, n_b, sizeof *b, compare_rule_key);
    size_t i = 0, j = 0;
    while (i < n_a || j < n_b) {
        int c = (i >= n_a ? 1 : j >= n_b ? -1
                 : compare_rule_key(&a[i], &b[j]));
        if (c < 0) {
            cb(&a[i++], NULL, aux);
        } else if (c > 0) {
            cb(NULL, &b[j++], aux);
        } else {
            cb(&a[i++], &b[j++], aux);
        }
    }
}

static void
diff_cb(const struct flow_entry *a, const struct flow_entry *b, void *aux)
{
    bool *differ = aux;

    if (a && b && same_version(a, b)) {
        return;
    }
    *differ = true;
    if (a) {
        print_flow_version('-', a);
    }
    if (b) {
        print_flow_version('+', b);
    }
}

static struct flow_entry *
read_flows_source(const char *arg, size_t *n, struct vconn **vconnp)
{
    if (is_flows_file(arg)) {
        *vconnp = NULL;
        return read_flows_file(arg, n);
    }
    *vconnp = open_vconn(arg);
    return read_flows_switch(*vconnp, n);
}

static void
cmd_diff_flows(int argc OSW_UNUSED, char *argv[])
{
    struct vconn *v1, *v2;
    size_t n1, n2;
    bool differ = false;

    struct flow_entry *f1 = read_flows_source(argv[1], &n1, &v1);
    struct flow_entry *f2 = read_flows_source(argv[2], &n2, &v2);
    merge_flows(f1, n1, f2, n2, diff_cb, &differ);
    free_flows(f1, n1);
    free_flows(f2, n2);
    if (v1) {
        vconn_close(v1);
    }
    if (v2) {
        vconn_close(v2);
    }
    exit(differ ? 2 : 0);
}

struct replace_ctx {
    struct ofputil_flow_mod *fms;
    size_t n, allocated;
};

static void
replace_cb(const struct flow_entry *have, const struct flow_entry *want,
           void *ctx_)
{
    struct replace_ctx *ctx = ctx_;

    if (have && want && same_version(have, want) && !readd) {
        return;
    }
    if (ctx->n >= ctx->allocated) {
        ctx->fms = x2nrealloc(ctx->fms, &ctx->allocated, sizeof *ctx->fms);
    }
    struct ofputil_flow_mod *fm = &ctx->fms[ctx->n++];
    const struct flow_entry *e = want ? want : have;

    memset(fm, 0, sizeof *fm);
    fm->match = e->fs.match;
    fm->priority = e->fs.priority;
    fm->table_id = e->fs.table_id;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_NONE;
    fm->out_group = OFPG_ANY;
    if (want) {
        fm->command = OFPFC_ADD;
        fm->new_cookie = want->fs.cookie;
        fm->idle_timeout = want->fs.idle_timeout;
        fm->hard_timeout = want->fs.hard_timeout;
        fm->importance = want->fs.importance;
        fm->flags = want->fs.flags;
        fm->ofpacts = CONST_CAST(struct ofpact *, want->fs.ofpacts);
        fm->ofpacts_len = want->fs.ofpacts_len;
    } else {
        fm->command = OFPFC_DELETE_STRICT;
    }
}

static void
cmd_replace_flows(int argc OSW_UNUSED, char *argv[])
{
    struct vconn *vconn = open_vconn(argv[1]);
    size_t n_want, n_have;
    struct replace_ctx ctx = { NULL, 0, 0 };

    struct flow_entry *want = read_flows_file(argv[2], &n_want);
    struct flow_entry *have = read_flows_switch(vconn, &n_have);
    merge_flows(have, n_have, want, n_want, replace_cb, &ctx);

    enum ofputil_protocol usable = OFPUTIL_P_ANY;
    for (size_t i = 0; i < ctx.n; i++) {
        if (!ofputil_match_is_ofp10(&ctx.fms[i].match)) {
            usable &= OFPUTIL_P_NXM_OXM_ANY;
        }
        if (ctx.fms[i].table_id) {
            usable &= ~(OFPUTIL_P_OF10_STD | OFPUTIL_P_OF10_NXM);
        }
    }
    if (ctx.n) {
        send_flow_mods(vconn, ctx.fms, ctx.n, usable);
    }
    free(ctx.fms);
    free_flows(want, n_want);
    free_flows(have, n_have);
    vconn_close(vconn);
}

/* Packet-out. */

static void
cmd_packet_out(int argc, char *argv[])
{
    struct ofputil_packet_out po;
    enum ofputil_protocol usable;
    struct vconn *vconn = open_vconn(argv[1]);
    char *error;

    if (argc == 3) {
        error = parse_ofp_packet_out_str(&po, argv[2], port_by_name, NULL,
                                         &usable);
        if (error) {
            osw_fatal(0, "%s", error);
        }
        enum ofputil_protocol p = choose_protocol(vconn, usable, false);
        transact_noreply(vconn, ofputil_encode_packet_out(&po, p));
        ofp_parse_packet_out_uninit(&po);
    } else if (argc >= 5) {
        /* Old form: IN_PORT ACTIONS PACKET... */
        for (int i = 4; i < argc; i++) {
            char *s = xasprintf("in_port=%s packet=%s actions=%s", argv[2],
                                argv[i], argv[3]);
            error = parse_ofp_packet_out_str(&po, s, port_by_name, NULL,
                                             &usable);
            free(s);
            if (error) {
                osw_fatal(0, "%s", error);
            }
            enum ofputil_protocol p = choose_protocol(vconn, usable, false);
            transact_noreply(vconn, ofputil_encode_packet_out(&po, p));
            ofp_parse_packet_out_uninit(&po);
        }
    } else {
        osw_fatal(0, "'packet-out' needs \"in_port=... packet=... "
                  "actions=...\" or IN_PORT ACTIONS PACKET...");
    }
    vconn_close(vconn);
}

/* Groups. */

static void
group_mod_command(const char *target, const char *arg, int command)
{
    struct ofputil_group_mod gm;
    enum ofputil_protocol usable;
    struct vconn *vconn = open_vconn_13(target);

    char *error = parse_ofp_group_mod_str(&gm, command, arg, port_by_name,
                                          NULL, &usable);
    if (error) {
        osw_fatal(0, "%s", error);
    }
    transact_noreply(vconn, ofputil_encode_group_mod(
                         vconn_get_version(vconn), &gm));
    ofp_parse_group_mod_uninit(&gm);
    vconn_close(vconn);
}

static void
cmd_add_group(int argc OSW_UNUSED, char *argv[])
{
    group_mod_command(argv[1], argv[2], OFPGC_ADD);
}

static void
cmd_mod_group(int argc OSW_UNUSED, char *argv[])
{
    group_mod_command(argv[1], argv[2], OFPGC_MODIFY);
}

static void
cmd_del_groups(int argc, char *argv[])
{
    group_mod_command(argv[1], argc > 2 ? argv[2] : "", OFPGC_DELETE);
}

static void
cmd_add_groups(int argc OSW_UNUSED, char *argv[])
{
    struct ofputil_group_mod *gms;
    size_t n;
    enum ofputil_protocol usable;
    struct vconn *vconn = open_vconn_13(argv[1]);
    struct osw_list requests;

    char *error = parse_ofp_group_mod_file(argv[2], OFPGC_ADD, port_by_name,
                                           NULL, &gms, &n, &usable);
    if (error) {
        osw_fatal(0, "%s", error);
    }
    osw_list_init(&requests);
    for (size_t i = 0; i < n; i++) {
        struct ofpbuf *msg = ofputil_encode_group_mod(
            vconn_get_version(vconn), &gms[i]);
        osw_list_push_back(&requests, &msg->list_node);
    }
    transact_multiple_noreply(vconn, &requests);
    ofp_parse_group_mods_free(gms, n);
    vconn_close(vconn);
}

/* Parses an optional "group_id=N" or "N" argument. */
static uint32_t
parse_group_arg(int argc, char *argv[])
{
    if (argc <= 2) {
        return OFPG_ALL;
    }
    const char *s = argv[2];
    if (!strncmp(s, "group_id=", 9)) {
        s += 9;
    }
    if (!strcasecmp(s, "all")) {
        return OFPG_ALL;
    }
    uint64_t id;
    char *error = ofp_parse_uint("group_id", s, UINT32_MAX, &id);
    if (error) {
        osw_fatal(0, "%s", error);
    }
    return id;
}

static void
cmd_dump_groups(int argc, char *argv[])
{
    struct vconn *vconn = open_vconn_13(argv[1]);
    uint32_t group_id = parse_group_arg(argc, argv);
    uint8_t version = vconn_get_version(vconn);

    if (group_id == OFPG_ALL) {
        dump_transaction(vconn, ofputil_encode_group_desc_request(version));
        vconn_close(vconn);
        return;
    }
    /* OpenFlow 1.3 asks for every group: show only the one wanted. */
    struct osw_list replies;
    osw_list_init(&replies);
    int error = vconn_transact_multipart(
        vconn, ofputil_encode_group_desc_request(version), &replies);
    if (error) {
        osw_fatal(0, "transaction failed (%s)", osw_retval_to_string(error));
    }
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofpbuf *reply = CONTAINER_OF(osw_list_front(&replies),
                                        struct ofpbuf, list_node);
    if (is_error_msg(reply)) {
        print_msg(stderr, reply);
        exit(EXIT_FAILURE);
    }
    ofp_format_header(&s, reply->data);
    ds_put_char(&s, '\n');
    OSW_LIST_FOR_EACH (reply, list_node, &replies) {
        struct ofpbuf b;
        struct ofputil_group_desc gd;
        ofpbuf_use_const(&b, reply->data, reply->size);
        while (!ofputil_decode_group_desc_reply(&gd, &b)) {
            if (gd.group_id == group_id) {
                ofp_format_group_desc(&s, &gd, output_port_name(), NULL,
                                      version);
            }
            ofputil_uninit_group_desc(&gd);
        }
    }
    fputs(ds_cstr(&s), stdout);
    ds_destroy(&s);
    ofpmp_free(&replies);
    vconn_close(vconn);
}

static void
cmd_dump_group_stats(int argc, char *argv[])
{
    struct vconn *vconn = open_vconn_13(argv[1]);
    uint32_t group_id = parse_group_arg(argc, argv);
    dump_transaction(vconn, ofputil_encode_group_stats_request(
                         vconn_get_version(vconn), group_id));
    vconn_close(vconn);
}

static void
cmd_dump_group_features(int argc OSW_UNUSED, char *argv[])
{
    struct vconn *vconn = open_vconn_13(argv[1]);
    dump_transaction(vconn, ofputil_encode_group_features_request(
                         vconn_get_version(vconn)));
    vconn_close(vconn);
}

/* Meters. */

static void
meter_mod_command(const char *target, const char *arg, int command)
{
    struct ofputil_meter_mod mm;
    enum ofputil_protocol usable;
    struct vconn *vconn = open_vconn_13(target);

    char *error = parse_ofp_meter_mod_str(&mm, arg, command, &usable);
    if (error) {
        osw_fatal(0, "%s", error);
    }
    transact_noreply(vconn, ofputil_encode_meter_mod(
                         vconn_get_version(vconn), &mm));
    ofp_parse_meter_mod_uninit(&mm);
    vconn_close(vconn);
}

static void
cmd_add_meter(int argc OSW_UNUSED, char *argv[])
{
    meter_mod_command(argv[1], argv[2], OFPMC_ADD);
}

static void
cmd_mod_meter(int argc OSW_UNUSED, char *argv[])
{
    meter_mod_command(argv[1], argv[2], OFPMC_MODIFY);
}

static void
cmd_del_meters(int argc, char *argv[])
{
    meter_mod_command(argv[1], argc > 2 ? argv[2] : "", OFPMC_DELETE);
}

static void
meter_request(int argc, char *argv[], enum ofputil_meter_request_type type)
{
    struct ofputil_meter_mod mm;
    enum ofputil_protocol usable;
    struct vconn *vconn = open_vconn_13(argv[1]);

    char *error = parse_ofp_meter_mod_str(&mm, argc > 2 ? argv[2] : "", -1,
                                          &usable);
    if (error) {
        osw_fatal(0, "%s", error);
    }
    dump_transaction(vconn, ofputil_encode_meter_request(
                         vconn_get_version(vconn), type, mm.meter.meter_id));
    ofp_parse_meter_mod_uninit(&mm);
    vconn_close(vconn);
}

static void
cmd_dump_meters(int argc, char *argv[])
{
    meter_request(argc, argv, OFPUTIL_METER_CONFIG);
}

static void
cmd_meter_stats(int argc, char *argv[])
{
    meter_request(argc, argv, OFPUTIL_METER_STATS);
}

static void
cmd_meter_features(int argc OSW_UNUSED, char *argv[])
{
    meter_request(2, argv, OFPUTIL_METER_FEATURES);
}

/* Queues. */

static void
cmd_queue_stats(int argc, char *argv[])
{
    struct ofputil_queue_stats_request qsr;
    struct vconn *vconn = open_vconn(argv[1]);

    qsr.port_no = OFPP_ALL;
    qsr.queue_id = OFPQ_ALL;
    if (argc > 2 && strcasecmp(argv[2], "all")) {
        qsr.port_no = parse_port_arg(argv[2]);
    }
    if (argc > 3 && strcasecmp(argv[3], "all")) {
        uint64_t q;
        char *error = ofp_parse_uint("queue", argv[3], UINT32_MAX, &q);
        if (error) {
            osw_fatal(0, "%s", error);
        }
        qsr.queue_id = q;
    }
    dump_transaction(vconn, ofputil_encode_queue_stats_request(
                         vconn_get_version(vconn), &qsr));
    vconn_close(vconn);
}

/* Monitoring. */

/* Prints every message 'vconn' receives, forever (until the connection
 * ends), answering echo requests. */
static void
monitor_vconn(struct vconn *vconn, bool reply_to_echo)
{
    for (;;) {
        struct ofpbuf *msg;
        int error = vconn_recv_block(vconn, &msg);
        if (error == EOF) {
            break;
        } else if (error) {
            osw_fatal(0, "%s: receive failed (%s)", vconn_get_name(vconn),
                      osw_retval_to_string(error));
        }
        const struct ofp_header *oh = msg->data;
        if (reply_to_echo && oh->type == OFPT_ECHO_REQUEST) {
            vconn_send_block(vconn, ofputil_encode_echo_reply(oh));
        } else {
            struct ds s = DS_EMPTY_INITIALIZER;
            ofp_format_msg(&s, msg->data, msg->size, output_port_name(),
                           NULL, verbosity + 2);
            fputs(ds_cstr(&s), stdout);
            fflush(stdout);
            ds_destroy(&s);
        }
        ofpbuf_delete(msg);
    }
}

static void
cmd_monitor(int argc, char *argv[])
{
    struct vconn *vconn = open_vconn(argv[1]);
    uint8_t version = vconn_get_version(vconn);

    for (int i = 2; i < argc; i++) {
        const char *arg = argv[i];
        if (isdigit((unsigned char) arg[0])) {
            uint64_t miss_len;
            char *error = ofp_parse_uint("miss_len", arg, UINT16_MAX,
                                         &miss_len);
            if (error) {
                osw_fatal(0, "%s", error);
            }
            struct ofputil_switch_config sc = {
                .flags = OFPC_FRAG_NORMAL,
                .miss_send_len = miss_len,
            };
            transact_noreply(vconn, ofputil_encode_set_config(&sc, version));
        } else if (!strcmp(arg, "invalid_ttl")) {
            /* Accepted for compatibility: osw sends invalid-TTL
             * packet-ins only with an explicit dec_ttl. */
        } else if (!strncmp(arg, "watch:", 6)) {
            osw_fatal(0, "%s: flow monitoring is not supported", arg);
        } else {
            osw_fatal(0, "%s: unknown monitor argument", arg);
        }
    }
    monitor_vconn(vconn, true);
    vconn_close(vconn);
}

static void
cmd_snoop(int argc OSW_UNUSED, char *argv[])
{
    struct vconn *vconn = open_vconn_versions(
        argv[1], "snoop", versions_or(VCONN_DEFAULT_VERSIONS));
    monitor_vconn(vconn, false);
    vconn_close(vconn);
}

/* Offline commands. */

static void
cmd_ofp_parse(int argc OSW_UNUSED, char *argv[])
{
    const char *file = argv[1];
    FILE *stream = !strcmp(file, "-") ? stdin : fopen(file, "rb");

    if (!stream) {
        osw_fatal(errno, "%s: open failed", file);
    }
    for (;;) {
        struct ofp_header oh;
        size_t n = fread(&oh, 1, sizeof oh, stream);
        if (!n) {
            break;
        } else if (n < sizeof oh) {
            osw_fatal(0, "%s: unexpected end of file mid-header", file);
        }
        size_t len = ntohs(oh.length);
        if (len < sizeof oh) {
            osw_fatal(0, "%s: bad OpenFlow message length %zu", file, len);
        }
        uint8_t *msg = xmalloc(len);
        memcpy(msg, &oh, sizeof oh);
        if (fread(msg + sizeof oh, 1, len - sizeof oh, stream)
            != len - sizeof oh) {
            osw_fatal(0, "%s: unexpected end of file mid-message", file);
        }
        ofp_print(stdout, msg, len, verbosity + 2);
        free(msg);
    }
    if (stream != stdin) {
        fclose(stream);
    }
}

static void
cmd_ofp_print(int argc, char *argv[])
{
    struct ofpbuf b;
    size_t n;

    ofpbuf_init(&b, 64);
    for (int i = 1; i < argc; i++) {
        const char *tail = ofpbuf_put_hex(&b, argv[i], &n);
        if (*tail) {
            osw_fatal(0, "trailing garbage in hex data");
        }
    }
    ofp_print(stdout, b.data, b.size, verbosity + 2);
    ofpbuf_uninit(&b);
}

static void
cmd_parse_flow(int argc OSW_UNUSED, char *argv[])
{
    struct ofputil_flow_mod fm;
    enum ofputil_protocol usable;

    char *error = parse_ofp_flow_mod_str(&fm, argv[1], OFPFC_ADD, NULL,
                                         NULL, &usable);
    if (error) {
        osw_fatal(0, "%s", error);
    }
    char *names = ofputil_protocols_to_string(usable);
    printf("usable protocols: %s\n", names);
    free(names);

    uint32_t versions = versions_or(VCONN_VERSION_BIT(OFP10_VERSION)
                                    | VCONN_VERSION_BIT(OFP13_VERSION)
                                    | VCONN_VERSION_BIT(OFP14_VERSION)
                                    | VCONN_VERSION_BIT(OFP15_VERSION));
    enum ofputil_protocol chosen = 0;
    for (int bit = 0; bit < 7 && !chosen; bit++) {
        enum ofputil_protocol p = 1u << bit;
        if ((usable & p)
            && (versions & (1u << ofputil_protocol_to_ofp_version(p)))) {
            chosen = p;
        }
    }
    if (!chosen) {
        osw_fatal(0, "no usable protocol");
    }
    printf("chosen protocol: %s\n", ofputil_protocol_to_string(chosen));
    struct ofpbuf *msg = ofputil_encode_flow_mod(&fm, chosen);
    ofp_print(stdout, msg->data, msg->size, verbosity);
    ofpbuf_delete(msg);
    ofp_parse_flow_mod_uninit(&fm);
}

static void
cmd_probe(int argc OSW_UNUSED, char *argv[])
{
    struct vconn *vconn = open_vconn(argv[1]);
    struct ofpbuf *reply;
    int error = vconn_transact(vconn, ofputil_encode_echo_request(
                                   vconn_get_version(vconn)), &reply);
    if (error) {
        osw_fatal(0, "%s: talking to switch failed (%s)", argv[1],
                  osw_retval_to_string(error));
    }
    ofpbuf_delete(reply);
    vconn_close(vconn);
}

static const struct command commands[] = {
    { "show", "SWITCH", 1, 1, cmd_show },
    { "dump-desc", "SWITCH", 1, 1, cmd_dump_desc },
    { "dump-tables", "SWITCH", 1, 1, cmd_dump_tables },
    { "dump-table-features", "SWITCH", 1, 1, cmd_dump_table_features },
    { "dump-ports", "SWITCH [PORT]", 1, 2, cmd_dump_ports },
    { "dump-ports-desc", "SWITCH [PORT]", 1, 2, cmd_dump_ports_desc },
    { "mod-port", "SWITCH PORT ACTION", 3, 3, cmd_mod_port },
    { "dump-flows", "SWITCH [FLOW]", 1, 2, cmd_dump_flows },
    { "dump-aggregate", "SWITCH [FLOW]", 1, 2, cmd_dump_aggregate },
    { "queue-stats", "SWITCH [PORT [QUEUE]]", 1, 3, cmd_queue_stats },
    { "add-flow", "SWITCH FLOW", 2, 2, cmd_add_flow },
    { "add-flows", "SWITCH FILE", 2, 2, cmd_add_flows },
    { "mod-flows", "SWITCH FLOW", 2, 2, cmd_mod_flows },
    { "del-flows", "SWITCH [FLOW]", 1, 2, cmd_del_flows },
    { "replace-flows", "SWITCH FILE", 2, 2, cmd_replace_flows },
    { "diff-flows", "SOURCE1 SOURCE2", 2, 2, cmd_diff_flows },
    { "packet-out", "SWITCH PACKET-OUT", 2, INT_MAX, cmd_packet_out },
    { "add-group", "SWITCH GROUP", 2, 2, cmd_add_group },
    { "add-groups", "SWITCH FILE", 2, 2, cmd_add_groups },
    { "mod-group", "SWITCH GROUP", 2, 2, cmd_mod_group },
    { "del-groups", "SWITCH [GROUP]", 1, 2, cmd_del_groups },
    { "dump-groups", "SWITCH [GROUP]", 1, 2, cmd_dump_groups },
    { "dump-group-stats", "SWITCH [GROUP]", 1, 2, cmd_dump_group_stats },
    { "dump-group-features", "SWITCH", 1, 1, cmd_dump_group_features },
    { "add-meter", "SWITCH METER", 2, 2, cmd_add_meter },
    { "mod-meter", "SWITCH METER", 2, 2, cmd_mod_meter },
    { "del-meters", "SWITCH [METER]", 1, 2, cmd_del_meters },
    { "dump-meters", "SWITCH [METER]", 1, 2, cmd_dump_meters },
    { "meter-stats", "SWITCH [METER]", 1, 2, cmd_meter_stats },
    { "meter-features", "SWITCH", 1, 1, cmd_meter_features },
    { "monitor", "SWITCH [MISSLEN] [invalid_ttl]", 1, 3, cmd_monitor },
    { "snoop", "SWITCH", 1, 1, cmd_snoop },
    { "probe", "TARGET", 1, 1, cmd_probe },
    { "ofp-parse", "FILE", 1, 1, cmd_ofp_parse },
    { "ofp-print", "HEX...", 1, INT_MAX, cmd_ofp_print },
    { "parse-flow", "FLOW", 1, 1, cmd_parse_flow },
};

static void
usage(void)
{
    printf("%s: OpenFlow switch management utility\n"
           "usage: %s [OPTIONS] COMMAND [ARG...]\n\n"
           "Commands:\n", program_name, program_name);
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        printf("  %s %s\n", commands[i].name, commands[i].args);
    }
    printf("\nSWITCH is a bridge name (its socket RUNDIR/BRIDGE.mgmt, "
           "RUNDIR: %s),\na socket path, or unix:PATH, tcp:IP[:PORT], "
           "ssl:IP[:PORT].\n\n"
           "Options:\n"
           "  -O, --protocols=LIST    OpenFlow versions to allow "
           "(OpenFlow10,OpenFlow13,\n"
           "                          OpenFlow14,OpenFlow15)\n"
           "  --strict                mod-flows/del-flows: match exactly\n"
           "  --no-stats              dump-flows: leave out statistics\n"
           "  --sort[=FIELD]          dump-flows: sort by FIELD ascending\n"
           "  --rsort[=FIELD]         dump-flows: sort by FIELD descending\n"
           "  --names, --no-names     show port names or numbers\n"
           "  --readd                 replace-flows: re-add every flow\n"
           "  -t, --timeout=SECS      give up after SECS seconds\n"
           "  -v, --verbose           more detail\n"
           "  -h, --help              print this help message\n"
           "  -V, --version           print version information\n",
           osw_rundir());
    exit(EXIT_SUCCESS);
}

static void
add_sort_criterion(const char *field, bool descending)
{
    struct sort_criterion *sc;

    if (n_criteria >= allocated_criteria) {
        criteria = x2nrealloc(criteria, &allocated_criteria,
                              sizeof *criteria);
    }
    sc = &criteria[n_criteria++];
    sc->descending = descending;
    sc->field = NULL;
    if (field && strcmp(field, "priority")) {
        sc->field = mf_from_name(field);
        if (!sc->field) {
            osw_fatal(0, "%s: unknown field name", field);
        }
    }
}

static void
parse_options(int argc, char *argv[])
{
    enum {
        OPT_STRICT = UCHAR_MAX + 1,
        OPT_NO_STATS,
        OPT_SORT,
        OPT_RSORT,
        OPT_NAMES,
        OPT_NO_NAMES,
        OPT_READD,
    };
    static const struct option long_options[] = {
        {"protocols", required_argument, NULL, 'O'},
        {"timeout", required_argument, NULL, 't'},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"no-stats", no_argument, NULL, OPT_NO_STATS},
        {"sort", optional_argument, NULL, OPT_SORT},
        {"rsort", optional_argument, NULL, OPT_RSORT},
        {"names", no_argument, NULL, OPT_NAMES},
        {"no-names", no_argument, NULL, OPT_NO_NAMES},
        {"readd", no_argument, NULL, OPT_READD},
        {"verbose", optional_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };

    for (;;) {
        int c = getopt_long(argc, argv, "O:t:v::hV", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 'O': {
            uint32_t v = ofputil_versions_from_string(optarg);
            if (!v) {
                osw_fatal(0, "%s: invalid OpenFlow version list (use "
                          "OpenFlow10, OpenFlow13, OpenFlow14, OpenFlow15)",
                          optarg);
            }
            allowed_versions |= v;
            break;
        }
        case 't':
            if (!str_to_uint(optarg, 10, &timeout) || !timeout) {
                osw_fatal(0, "value %s on -t or --timeout is not a positive "
                          "integer", optarg);
            }
            break;
        case OPT_STRICT:
            strict = true;
            break;
        case OPT_NO_STATS:
            show_stats = false;
            break;
        case OPT_SORT:
            add_sort_criterion(optarg, false);
            break;
        case OPT_RSORT:
            add_sort_criterion(optarg, true);
            break;
        case OPT_NAMES:
            use_names = 1;
            break;
        case OPT_NO_NAMES:
            use_names = 0;
            break;
        case OPT_READD:
            readd = true;
            break;
        case 'v':
            if (optarg && strchr(optarg, ':')) {
                char *error = vlog_set_levels_from_string(optarg);
                if (error) {
                    osw_fatal(0, "%s", error);
                }
            } else {
                verbosity++;
                vlog_set_levels(NULL, VLF_CONSOLE, VLL_DBG);
            }
            break;
        case 'h':
            usage();
            break;
        case 'V':
            osw_print_version();
            exit(EXIT_SUCCESS);
        case '?':
            exit(EXIT_FAILURE);
        default:
            abort();
        }
    }
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);
    parse_options(argc, argv);

    if (optind >= argc) {
        osw_fatal(0, "missing command name; use --help for help");
    }
    const char *name = argv[optind];
    int n_args = argc - optind - 1;
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        const struct command *cmd = &commands[i];
        if (strcmp(name, cmd->name)) {
            continue;
        }
        if (n_args < cmd->min_args) {
            osw_fatal(0, "'%s' command requires at least %d arguments",
                      name, cmd->min_args);
        } else if (n_args > cmd->max_args) {
            osw_fatal(0, "'%s' command takes at most %d arguments", name,
                      cmd->max_args);
        }
        if (timeout) {
            alarm(timeout);
        }
        cmd->handler(n_args + 1, argv + optind);
        return 0;
    }
    osw_fatal(0, "unknown command '%s'; use --help for help", name);
}
