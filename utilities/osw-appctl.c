/* osw-appctl: runs a command in a running osw daemon over its control
 * socket (see lib/unixctl.c), like Open vSwitch's ovs-appctl.
 *
 * Exit status: 0 when the command succeeded, 2 when the daemon answered
 * with an error, 1 when the daemon could not be reached or did not answer
 * in time. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "osw/daemon.h"
#include "osw/dirs.h"
#include "osw/fatal-signal.h"
#include "osw/jsonrpc.h"
#include "osw/unixctl.h"
#include "appctl-client.h"
#include "osw/util.h"
#include "osw/vlog.h"

#define DEFAULT_TARGET "osw-vswitchd"

static const char *target = DEFAULT_TARGET;
static unsigned int timeout;    /* Seconds; 0 means wait forever. */

static void
usage(void)
{
    printf("%s, for querying and controlling osw daemons\n"
           "usage: %s [TARGET] COMMAND [ARG...]\n"
           "Targets:\n"
           "  -t, --target=TARGET  daemon name or control socket path\n"
           "                       (default: %s)\n"
           "Common commands:\n"
           "  list-commands      list commands supported by the target\n"
           "  version            print the target's version\n"
           "  vlog/list          list the target's log levels\n"
           "  vlog/set SPEC      set the target's log levels\n"
           "  vlog/reopen        make the target reopen its log file\n"
           "Other options:\n"
           "  -T, --timeout=SECS  give up after SECS seconds\n"
           "  -h, --help          print this help message\n"
           "  -V, --version       print version information\n",
           program_name, program_name, DEFAULT_TARGET);
    exit(EXIT_SUCCESS);
}

static void
parse_options(int argc, char *argv[])
{
    static const struct option long_options[] = {
        {"target", required_argument, NULL, 't'},
        {"timeout", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };

    for (;;) {
        /* '+': stop at the command, so that its arguments may start with
         * '-' (e.g. "vlog/set -vANY:dbg" style specs). */
        int c = getopt_long(argc, argv, "+t:T:hV", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 't':
            target = optarg;
            break;
        case 'T':
            if (!str_to_uint(optarg, 10, &timeout) || !timeout) {
                osw_fatal(0, "value %s on -T or --timeout is not a positive "
                          "integer", optarg);
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
    if (optind >= argc) {
        osw_fatal(0, "at least one non-option argument is required "
                  "(use --help for help)");
    }
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    /* Keep our own log messages (connection failures at "dbg") off the
     * terminal: the errors below say it better. */
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    parse_options(argc, argv);
    return appctl_client_run(target, timeout, argv[optind],
                             argc - optind - 1, argv + optind + 1);
}
