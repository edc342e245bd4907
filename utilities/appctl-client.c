/* appctl-client: see appctl-client.h. */
#include <config.h>
#include "appctl-client.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "osw/daemon.h"
#include "osw/dirs.h"
#include "osw/fatal-signal.h"
#include "osw/jsonrpc.h"
#include "osw/unixctl.h"
#include "osw/util.h"

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
arm_timeout(unsigned int timeout)
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

/* See appctl-client.h. */
int
appctl_client_run(const char *target, unsigned int timeout,
                  const char *command, int argc, char *argv[])
{
    arm_timeout(timeout);

    char *socket_name = target_socket(target);
    struct jsonrpc *client;
    int error = unixctl_client_create(socket_name, &client);
    if (error) {
        osw_fatal(0, "cannot connect to \"%s\" (%s)", socket_name,
                  osw_strerror(error));
    }

    char *result, *err;
    error = unixctl_client_transact(client, command, argc, argv,
                                    &result, &err);
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
