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
 * A connection handles one request at a time: until the answer is given
 * and sent, further requests from the same client wait unread, which also
 * bounds what a client that does not read can make the daemon queue.  If
 * the client goes away meanwhile, the connection stays valid until the
 * command answers (the answer is then dropped).  Reply texts that are not
 * valid UTF-8 have their non-ASCII bytes replaced by '?'.
 *
 * The server answers these errors itself, with Open vSwitch's wording:
 *   "\"CMD\" is not a valid command (use \"list-commands\" to see a list
 *    of valid commands)"
 *   "\"CMD\" command requires at least N arguments"
 *   "\"CMD\" command takes at most N arguments"
 *   "command has non-string argument: JSON"
 *
 * Built-in commands: list-commands ("The available commands are:" and one
 * "  NAME  USAGE" line per command, sorted), version ("PROGRAM (osw)
 * VERSION"); "exit" is not built in — each daemon registers its own,
 * because it knows how to shut down cleanly.
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

/* Registers 'name' with 'usage' (shown by list-commands; NULL hides the
 * command from the list), accepting between 'min_args' and 'max_args'
 * arguments (argv[0] is the command name, so argc - 1 is checked).
 * Registering a name twice replaces it. */
void unixctl_command_register(const char *name, const char *usage,
                              int min_args, int max_args,
                              unixctl_cb_func *cb, void *aux);
/* 'body' NULL means an empty result. */
void unixctl_command_reply(struct unixctl_conn *, const char *body);
void unixctl_command_reply_error(struct unixctl_conn *, const char *error);

/* 'path' NULL: RUNDIR/PROGRAM.PID.ctl; "none": no server (*serverp NULL);
 * a relative name is taken relative to RUNDIR (which is created if
 * missing).  Registers the built-in commands.  Returns 0 or errno (then
 * '*serverp' is NULL).  The socket file is removed by
 * unixctl_server_destroy() and on fatal signals.  All the functions below
 * accept a NULL server and then do nothing. */
int unixctl_server_create(const char *path, struct unixctl_server **);
void unixctl_server_run(struct unixctl_server *);
void unixctl_server_wait(struct unixctl_server *);
/* Closes every connection too: commands that have not answered yet must
 * not answer after this. */
void unixctl_server_destroy(struct unixctl_server *);
/* The socket's absolute file name. */
const char *unixctl_server_get_path(const struct unixctl_server *);

/* Client side.  Connects to 'path' (relative to RUNDIR unless absolute)
 * and returns 0 and a connection, or errno and NULL. */
int unixctl_client_create(const char *path, struct jsonrpc **);
/* Runs 'command' with 'argv' and waits for the answer.  On success returns
 * 0 and stores the output in '*result' or the daemon's error in '*err'
 * (exactly one is nonnull; caller frees).  Returns errno if the exchange
 * itself failed (EPROTO: the answer was not a unixctl reply); then both
 * are NULL. */
int unixctl_client_transact(struct jsonrpc *, const char *command, int argc,
                            char *argv[], char **result, char **err);

#endif /* unixctl.h */
