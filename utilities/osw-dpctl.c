/* osw-dpctl: shows and clears osw-vswitchd's datapath (ports, cached
 * flows, counters), like Open vSwitch's ovs-dpctl.  It runs the daemon's
 * "dpctl/COMMAND" unixctl commands over its control socket.
 *
 * Exit status: 0 when the command succeeded, 2 when the daemon answered
 * with an error, 1 when the daemon could not be reached or did not answer
 * in time (or the command line was wrong). */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
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

/* Options passed on to the daemon's command. */
static char *passed_opts[8];
static int n_passed_opts;

static const struct command {
    const char *name;
    const char *args;
    const char *help;
} commands[] = {
    { "dump-dps", "", "show the datapath's name" },
    { "show", "[DP]", "show basic info on the datapath and its ports" },
    { "dump-flows", "[DP]", "show the cached megaflows" },
    { "del-flows", "[DP]", "delete every cached megaflow" },
    { "drop-stats", "[PORT]", "show dropped packets by reason" },
    { "cache-stats", "[DP]", "show per-thread cache counters" },
};

static void
usage(void)
{
    printf("%s: osw datapath management utility\n"
           "usage: %s [OPTIONS] COMMAND [ARG...]\n"
           "Commands:\n", program_name, program_name);
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        char *left = xasprintf("%s %s", commands[i].name, commands[i].args);
        printf("  %-22s %s\n", left, commands[i].help);
        free(left);
    }
    printf("Options:\n"
           "  -s, --statistics       show port statistics (show)\n"
           "  -m, --more             show more: masks, threads "
           "(dump-flows)\n"
           "  --names, --no-names    show port names in flows or not\n"
           "  --target=TARGET        daemon name or control socket path\n"
           "                         (default: %s)\n"
           "  -t, --timeout=SECS     give up after SECS seconds\n"
           "  -h, --help             print this help message\n"
           "  -V, --version          print version information\n",
           DEFAULT_TARGET);
    exit(EXIT_SUCCESS);
}

static void
pass_opt(const char *opt)
{
    if (n_passed_opts < (int) ARRAY_SIZE(passed_opts)) {
        passed_opts[n_passed_opts++] = CONST_CAST(char *, opt);
    }
}

static void
parse_options(int argc, char *argv[])
{
    enum {
        OPT_TARGET = UCHAR_MAX + 1,
        OPT_NAMES,
        OPT_NO_NAMES,
    };
    static const struct option long_options[] = {
        {"target", required_argument, NULL, OPT_TARGET},
        {"timeout", required_argument, NULL, 't'},
        {"statistics", no_argument, NULL, 's'},
        {"more", no_argument, NULL, 'm'},
        {"names", no_argument, NULL, OPT_NAMES},
        {"no-names", no_argument, NULL, OPT_NO_NAMES},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };

    for (;;) {
        /* '+': stop at the command; its own options follow it. */
        int c = getopt_long(argc, argv, "+t:smhV", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case OPT_TARGET:
            target = optarg;
            break;
        case 't':
            if (!str_to_uint(optarg, 10, &timeout) || !timeout) {
                osw_fatal(0, "value %s on -t or --timeout is not a positive "
                          "integer", optarg);
            }
            break;
        case 's':
            pass_opt("-s");
            break;
        case 'm':
            pass_opt("-m");
            break;
        case OPT_NAMES:
            pass_opt("--names");
            break;
        case OPT_NO_NAMES:
            pass_opt("--no-names");
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
        osw_fatal(0, "missing command name (use --help for help)");
    }
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    parse_options(argc, argv);

    const char *name = argv[optind];
    bool known = false;
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        known |= !strcmp(name, commands[i].name);
    }
    if (!known) {
        osw_fatal(0, "unknown command '%s'; use --help for help", name);
    }

    /* The daemon's command takes our options, then the arguments. */
    int n_args = n_passed_opts + (argc - optind - 1);
    char **args = xcalloc(n_args + 1, sizeof *args);
    for (int i = 0; i < n_passed_opts; i++) {
        args[i] = passed_opts[i];
    }
    for (int i = optind + 1; i < argc; i++) {
        args[n_passed_opts + i - optind - 1] = argv[i];
    }

    char *command = xasprintf("dpctl/%s", name);
    int status = appctl_client_run(target, timeout, command, n_args, args);
    free(command);
    free(args);
    return status;
}
