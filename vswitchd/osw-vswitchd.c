/* osw-vswitchd: the switch daemon.
 *
 * Connects to the configuration database as an IDL client and runs the
 * bridges it describes (bridge.h) on the userspace datapath (dpif.h),
 * one ofproto per bridge (ofproto.h).  The main thread does the control
 * work in a poll loop: database, reconfiguration, status write-back, link
 * notifications, control commands; forwarding threads that the datapath
 * starts move the packets. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bridge.h"
#include "dpif.h"
#include "ofproto.h"
#include "osw/coverage.h"
#include "osw/daemon.h"
#include "osw/dirs.h"
#include "osw/dynamic-string.h"
#include "osw/netdev.h"
#include "osw/poll-loop.h"
#include "osw/rtnetlink.h"
#include "osw/timeval.h"
#include "osw/unixctl.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(osw_vswitchd);

/* With --detach, how long the parent waits for the first configuration
 * from the database before it is told that we are up anyway. */
#define DETACH_WAIT_MSEC 10000

static char *unixctl_path;
static bool exiting;
static bool cleanup;

static void OSW_NO_RETURN
usage(void)
{
    printf("%s: osw's switch daemon\n"
           "usage: %s [OPTIONS] [DATABASE]\n"
           "where DATABASE is a socket on which oswdb-server is listening\n"
           "      (default: \"unix:%s/db.sock\").\n",
           program_name, program_name, osw_rundir());
    daemon_usage();
    vlog_usage();
    printf("\nOther options:\n"
           "  --unixctl=SOCKET        override default control socket name\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n");
    exit(EXIT_SUCCESS);
}

/* Returns the database remote. */
static char *
parse_options(int argc, char *argv[])
{
    enum {
        OPT_UNIXCTL = UCHAR_MAX + 1,
    };
    static const struct option long_options[] = {
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };

    for (;;) {
        int c = getopt_long(argc, argv, "hVv::", long_options, NULL);
        if (c == -1) {
            break;
        }

        switch (c) {
        case OPT_UNIXCTL:
            free(unixctl_path);
            unixctl_path = xstrdup(optarg);
            break;

        case 'h':
            usage();

        case 'V':
            osw_print_version();
            exit(EXIT_SUCCESS);

        DAEMON_OPTION_HANDLERS
        VLOG_OPTION_HANDLERS

        case '?':
            exit(EXIT_FAILURE);

        default:
            abort();
        }
    }

    argc -= optind;
    argv += optind;
    if (argc > 1) {
        osw_fatal(0, "at most one non-option argument accepted; use --help "
                  "for usage");
    }
    return (argc == 1
            ? xstrdup(argv[0])
            : xasprintf("unix:%s/db.sock", osw_rundir()));
}

/* Control commands. */

static void
cmd_exit(struct unixctl_conn *conn, int argc, const char *argv[],
         void *aux OSW_UNUSED)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--cleanup")) {
            cleanup = true;
        } else {
            unixctl_command_reply_error(conn, "unknown option (use "
                                        "\"exit\" or \"exit --cleanup\")");
            return;
        }
    }
    exiting = true;
    unixctl_command_reply(conn, NULL);
}

static void
cmd_memory_show(struct unixctl_conn *conn, int argc OSW_UNUSED,
                const char *argv[] OSW_UNUSED, void *dpif_)
{
    struct dpif *dpif = dpif_;
    struct dpif_dp_stats stats;
    struct ds reply = DS_EMPTY_INITIALIZER;

    bridge_get_memory_usage(&reply);
    dpif_get_stats(dpif, &stats);
    ds_put_format(&reply, " flows:%"PRIu64" masks:%"PRIu64, stats.n_flows,
                  stats.n_masks);
    unixctl_command_reply(conn, ds_cstr(&reply));
    ds_destroy(&reply);
}

static void
main_loop(struct dpif *dpif, struct unixctl_server *unixctl)
{
    long long int detach_deadline = time_msec() + DETACH_WAIT_MSEC;
    bool completed = false;

    while (!exiting) {
        unixctl_server_run(unixctl);
        bridge_run();
        dpif_run(dpif);
        rtnetlink_run();
        coverage_run();
        if (!completed && (bridge_is_configured()
                           || time_msec() >= detach_deadline)) {
            if (!bridge_is_configured()) {
                VLOG_WARN("no configuration from the database yet; "
                          "running anyway and retrying");
            }
            completed = true;
            daemonize_complete();
        }
        if (exiting) {
            break;
        }

        unixctl_server_wait(unixctl);
        bridge_wait();
        dpif_wait(dpif);
        rtnetlink_wait();
        if (!completed) {
            poll_timer_wait_until(detach_deadline);
        }
        poll_block();
    }
}

int
main(int argc, char *argv[])
{
    struct unixctl_server *unixctl;
    struct dpif *dpif;
    char *remote;

    set_program_name(argv[0]);
    signal(SIGPIPE, SIG_IGN);
    remote = parse_options(argc, argv);

    daemonize_start();

    int error = unixctl_server_create(unixctl_path, &unixctl);
    if (error) {
        osw_fatal(error, "could not create unixctl server");
    }
    vlog_init();
    coverage_init();
    netdev_init();
    dpif = dpif_create("osw-netdev");
    ofproto_init(dpif);
    unixctl_command_register("exit", "[--cleanup]", 0, 1, cmd_exit, NULL);
    unixctl_command_register("memory/show", "", 0, 0, cmd_memory_show,
                             dpif);
    bridge_init(remote, dpif);
    VLOG_INFO("%s (%s) on %s", program_name, osw_get_version(), remote);

    main_loop(dpif, unixctl);

    VLOG_INFO("exiting%s", cleanup ? " (cleanup)" : "");
    bridge_exit();
    dpif_destroy(dpif);
    unixctl_server_destroy(unixctl);
    free(unixctl_path);
    free(remote);
    return 0;
}
