/* oswtest-daemon: a minimal daemon for the functional tests.
 *
 * It does nothing but serve unixctl commands, which let a test steer it:
 *   exit               reply, then exit with status 0 (cleaning up)
 *   echo [ARG...]      reply with the arguments joined by spaces
 *   fail MSG           reply with error MSG
 *   crash              abort() (for --monitor tests)
 *   log LEVEL MSG      log MSG at LEVEL (emer, err, warn, info, dbg)
 *   pid                reply with the daemon's pid
 * plus the usual daemon (--detach, --pidfile, --monitor...) and vlog
 * (-v, --log-file...) options and --unixctl=SOCKET. */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "osw/daemon.h"
#include "osw/dynamic-string.h"
#include "osw/poll-loop.h"
#include "osw/unixctl.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(oswtest_daemon);

static char *unixctl_path;

static void OSW_NO_RETURN
usage(void)
{
    printf("%s: a sample daemon for osw's functional tests\n"
           "usage: %s [OPTIONS]\n"
           "\nOptions:\n"
           "  --unixctl=SOCKET        override the control socket name\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n",
           program_name, program_name);
    daemon_usage();
    vlog_usage();
    exit(EXIT_SUCCESS);
}

static void
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
    if (optind < argc) {
        osw_fatal(0, "non-option argument \"%s\" (use --help for help)",
                  argv[optind]);
    }
}

static void
cmd_exit(struct unixctl_conn *conn, int argc OSW_UNUSED,
         const char *argv[] OSW_UNUSED, void *exiting_)
{
    bool *exiting = exiting_;
    *exiting = true;
    unixctl_command_reply(conn, NULL);
}

static void
cmd_echo(struct unixctl_conn *conn, int argc, const char *argv[],
         void *aux OSW_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    for (int i = 1; i < argc; i++) {
        if (i > 1) {
            ds_put_char(&s, ' ');
        }
        ds_put_cstr(&s, argv[i]);
    }
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static void
cmd_fail(struct unixctl_conn *conn, int argc OSW_UNUSED, const char *argv[],
         void *aux OSW_UNUSED)
{
    unixctl_command_reply_error(conn, argv[1]);
}

static void
cmd_crash(struct unixctl_conn *conn OSW_UNUSED, int argc OSW_UNUSED,
          const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    VLOG_INFO("crashing on request");
    abort();
}

static void
cmd_log(struct unixctl_conn *conn, int argc OSW_UNUSED, const char *argv[],
        void *aux OSW_UNUSED)
{
    enum vlog_level level = vlog_get_level_val(argv[1]);
    if (level == VLL_N_LEVELS || level == VLL_OFF) {
        char *error = xasprintf("%s: unknown log level", argv[1]);
        unixctl_command_reply_error(conn, error);
        free(error);
        return;
    }
    vlog(&this_module, level, "%s", argv[2]);
    unixctl_command_reply(conn, NULL);
}

static void
cmd_pid(struct unixctl_conn *conn, int argc OSW_UNUSED,
        const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    char *s = xasprintf("%ld", (long) getpid());
    unixctl_command_reply(conn, s);
    free(s);
}

int
main(int argc, char *argv[])
{
    struct unixctl_server *server;
    bool exiting = false;

    set_program_name(argv[0]);
    parse_options(argc, argv);

    daemonize_start();

    int error = unixctl_server_create(unixctl_path, &server);
    if (error) {
        osw_fatal(error, "could not create unixctl server at %s",
                  unixctl_path ? unixctl_path : "the default path");
    }
    unixctl_command_register("exit", "", 0, 0, cmd_exit, &exiting);
    unixctl_command_register("echo", "[ARG...]", 0, INT_MAX, cmd_echo, NULL);
    unixctl_command_register("fail", "MSG", 1, 1, cmd_fail, NULL);
    unixctl_command_register("crash", "", 0, 0, cmd_crash, NULL);
    unixctl_command_register("log", "LEVEL MSG", 2, 2, cmd_log, NULL);
    unixctl_command_register("pid", "", 0, 0, cmd_pid, NULL);
    vlog_init();

    daemonize_complete();
    VLOG_INFO("started");

    while (!exiting) {
        unixctl_server_run(server);
        if (exiting) {
            break;
        }
        unixctl_server_wait(server);
        poll_block();
    }

    VLOG_INFO("exiting on request");
    unixctl_server_destroy(server);
    free(unixctl_path);
    return 0;
}
