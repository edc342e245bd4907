/* unixctl: runtime control of a daemon over a Unix socket.
 *
 * A daemon creates a server (by default RUNDIR/PROGRAM.PID.ctl) and
 * registers commands; osw-appctl (and unixctl_client_transact()) send a
 * JSON-RPC request whose method is the command name and whose params are
 * its string arguments.  The reply's result is the command's text output;
 * an error reply carries the error text.  This is the wire protocol of
 * Open vSwitch's unixctl, so ovs-appctl can talk to osw daemons.
 *
 * A command's callback receives the connection and must answer it with
 * exactly one of unixctl_command_reply() or unixctl_command_reply_error(),
 * either before returning or later (for commands that wait on something).
 *
 * Built-in commands: list-commands, version; "exit" is not built in — each
 * daemon registers its own, because it knows how to shut down cleanly.
 *
 * Not thread-safe: server and registry belong to the main thread. */
#ifndef OSW_UNIXCTL_H
#define OSW_UNIXCTL_H 1

#include <stdbool.h>

struct unixctl_conn;
struct unixctl_server;
struct jsonrpc;

typedef void unixctl_cb_func(struct unixctl_conn *, int argc,
                             const char *argv[], void *aux);

/* Registers 'name' with 'usage' (shown by list-commands), accepting between
 * 'min_args' and 'max_args' arguments (argv[0] is the command name, so
 * argc - 1 is checked).  Registering a name twice replaces it. */
void unixctl_command_register(const char *name, const char *usage,
                              int min_args, int max_args,
                              unixctl_cb_func *cb, void *aux);
void unixctl_command_reply(struct unixctl_conn *, const char *body);
void unixctl_command_reply_error(struct unixctl_conn *, const char *error);

/* 'path' NULL: RUNDIR/PROGRAM.PID.ctl; "none": no server (*serverp NULL);
 * a relative name is taken relative to RUNDIR. */
int unixctl_server_create(const char *path, struct unixctl_server **);
void unixctl_server_run(struct unixctl_server *);
void unixctl_server_wait(struct unixctl_server *);
void unixctl_server_destroy(struct unixctl_server *);
const char *unixctl_server_get_path(const struct unixctl_server *);

/* Client side.  Connects to 'path' and returns 0 and a connection. */
int unixctl_client_create(const char *path, struct jsonrpc **);
/* Runs 'command' with 'argv' and waits for the answer.  On success returns
 * 0 and stores the output in '*result' or the daemon's error in '*err'
 * (exactly one is nonnull; caller frees).  Returns errno if the exchange
 * itself failed. */
int unixctl_client_transact(struct jsonrpc *, const char *command, int argc,
                            char *argv[], char **result, char **err);

#endif /* unixctl.h */
