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

/* Returns the control socket name for 'target_': a path for a name with a
 * '/' or a ".ctl" suffix, otherwise RUNDIR/TARGET.PID.ctl with PID read
 * from RUNDIR/TARGET.pid.  Caller frees. */
static char *
target_socket(const char *target_)
{
    if (strchr(target_, '/')) {
        char *path = abs_file_name(NULL, target_);
        if (!path) {
            osw_fatal(errno, "cannot resolve \"%s\"", target_);
        }
        return path;
    }
    if (string_ends_with(target_, ".ctl")) {
        return abs_file_name(osw_rundir(), target_);
    }

    char *pidfile = xasprintf("%s/%s.pid", osw_rundir(), target_);
    pid_t pid = read_pidfile(pidfile);
    if (pid < 0) {
        osw_fatal(0, "cannot read pidfile \"%s\" (%s)", pidfile,
                  osw_strerror(-pid));
    }
    free(pidfile);
    return xasprintf("%s/%s.%ld.ctl", osw_rundir(), target_, (long int) pid);
}

static void
timeout_handler(int sig OSW_UNUSED)
{
    static const char msg[] = ": timed out waiting for the daemon\n";
    /* Only async-signal-safe calls here. */
    if (write(STDERR_FILENO, program_name, strlen(program_name)) < 0
        || write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
        /* Nothing to do. */
    }
    _exit(EXIT_FAILURE);
}

static void
arm_timeout(void)
{
    if (timeout) {
        /* fatal-signal claims SIGALRM when it initializes; do that first,
         * so that our handler is the one that stays. */
        fatal_signal_init();

        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = timeout_handler;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGALRM, &sa, NULL);
        alarm(timeout);
    }
}

/* Prints 'text' with a final newline. */
static void
print_text(FILE *stream, const char *text)
{
    size_t len = strlen(text);
    fputs(text, stream);
    if (len && text[len - 1] != '\n') {
        putc('\n', stream);
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
    arm_timeout();

    char *socket_name = target_socket(target);
    struct jsonrpc *client;
    int error = unixctl_client_create(socket_name, &client);
    if (error) {
        osw_fatal(0, "cannot connect to \"%s\" (%s)", socket_name,
                  osw_strerror(error));
    }

    const char *command = argv[optind];
    char *result, *err;
    error = unixctl_client_transact(client, command, argc - optind - 1,
                                    argv + optind + 1, &result, &err);
    if (error) {
        osw_fatal(0, "%s: transaction error (%s)", socket_name,
                  osw_retval_to_string(error));
    }

    int status = EXIT_SUCCESS;
    if (err) {
        print_text(stderr, err);
        osw_error(0, "%s: server returned an error", target);
        status = 2;
    } else {
        print_text(stdout, result);
    }

    free(result);
    free(err);
    free(socket_name);
    jsonrpc_close(client);
    return status;
}
