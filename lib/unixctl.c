/* unixctl: see include/osw/unixctl.h.
 *
 * Each accepted connection is a 'struct jsonrpc'.  A connection handles one
 * request at a time: while a command has not answered (a deferred reply) or
 * while the previous answer has not been sent completely, nothing more is
 * read from it.  That bounds what one client can make us queue to one
 * reply, however fast it sends requests or however slowly it reads. */
#include <config.h>
#include "osw/unixctl.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "osw/dirs.h"
#include "osw/dynamic-string.h"
#include "osw/hash.h"
#include "osw/hmap.h"
#include "osw/jsonrpc.h"
#include "osw/list.h"
#include "osw/poll-loop.h"
#include "osw/stream.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(unixctl);

struct unixctl_command {
    struct hmap_node node;      /* In 'commands', by hash of 'name'. */
    char *name;
    char *usage;                /* NULL: hidden from list-commands. */
    int min_args, max_args;
    unixctl_cb_func *cb;
    void *aux;
};

struct unixctl_conn {
    struct osw_list node;       /* In 'server->conns'. */
    struct jsonrpc *rpc;
    json_t *request_id;         /* Request awaiting a reply, or NULL. */
    bool dead;                  /* Connection failed while a command was
                                 * running: freed after the command
                                 * replies. */
};

struct unixctl_server {
    struct pstream *listener;
    struct osw_list conns;      /* Contains 'struct unixctl_conn's. */
    char *path;                 /* Absolute socket file name. */
};

/* At most this many requests from one connection per unixctl_server_run(),
 * and this many new connections, so one busy client cannot starve the rest
 * of the daemon. */
#define MAX_REQUESTS_PER_RUN 10
#define MAX_ACCEPTS_PER_RUN 10

static struct hmap commands = HMAP_INITIALIZER(&commands);

/* True while unixctl_server_run() runs commands: a reply sent then needs no
 * extra wake-up, since the run loop goes on reading that connection. */
static bool in_server_run;

static struct unixctl_command *
find_command(const char *name)
{
    struct unixctl_command *command;
    HMAP_FOR_EACH_WITH_HASH (command, node, hash_string(name, 0), &commands) {
        if (!strcmp(command->name, name)) {
            return command;
        }
    }
    return NULL;
}

/* Registers 'name' with 'usage' (shown by list-commands; NULL hides the
 * command from the list) for 'min_args' to 'max_args' arguments, calling
 * 'cb' with 'aux'.  A second registration of a name replaces the first. */
void
unixctl_command_register(const char *name, const char *usage,
                         int min_args, int max_args,
                         unixctl_cb_func *cb, void *aux)
{
    osw_assert(min_args >= 0 && min_args <= max_args);

    struct unixctl_command *command = find_command(name);
    if (!command) {
        command = xzalloc(sizeof *command);
        command->name = xstrdup(name);
        hmap_insert(&commands, &command->node, hash_string(name, 0));
    }
    free(command->usage);
    command->usage = usage ? xstrdup(usage) : NULL;
    command->min_args = min_args;
    command->max_args = max_args;
    command->cb = cb;
    command->aux = aux;
}

static int
compare_commands(const void *a_, const void *b_)
{
    const struct unixctl_command *const *a = a_;
    const struct unixctl_command *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

static void
unixctl_list_commands(struct unixctl_conn *conn, int argc OSW_UNUSED,
                      const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    size_t n = hmap_count(&commands);
    struct unixctl_command **sorted = xcalloc(n, sizeof *sorted);
    struct unixctl_command *command;
    struct ds s = DS_EMPTY_INITIALIZER;

    n = 0;
    HMAP_FOR_EACH (command, node, &commands) {
        sorted[n++] = command;
    }
    qsort(sorted, n, sizeof *sorted, compare_commands);

    ds_put_cstr(&s, "The available commands are:\n");
    for (size_t i = 0; i < n; i++) {
        if (sorted[i]->usage) {
            size_t start = s.length;
            ds_put_format(&s, "  %-23s %s", sorted[i]->name,
                          sorted[i]->usage);
            while (s.length > start && s.string[s.length - 1] == ' ') {
                s.length--;
            }
            ds_put_char(&s, '\n');
        }
    }
    free(sorted);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static void
unixctl_version(struct unixctl_conn *conn, int argc OSW_UNUSED,
                const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    /* osw_get_version() is "PACKAGE VERSION"; answer like --version does:
     * "PROGRAM (PACKAGE) VERSION". */
    const char *version = osw_get_version();
    const char *space = strchr(version, ' ');
    char *reply;

    if (space) {
        reply = xasprintf("%s (%.*s) %s", program_name,
                          (int) (space - version), version, space + 1);
    } else {
        reply = xasprintf("%s %s", program_name, version);
    }
    unixctl_command_reply(conn, reply);
    free(reply);
}

static void
register_builtins(void)
{
    static bool done;
    if (!done) {
        done = true;
        unixctl_command_register("list-commands", "", 0, 0,
                                 unixctl_list_commands, NULL);
        unixctl_command_register("version", "", 0, 0, unixctl_version, NULL);
    }
}

/* Returns a JSON string for 's'.  JSON strings must be UTF-8: if 's' is
 * not, its non-ASCII bytes become '?' rather than losing the whole text. */
static json_t *
json_string_lossy(const char *s)
{
    json_t *json = json_string(s);
    if (!json) {
        char *copy = xstrdup(s);
        for (char *p = copy; *p; p++) {
            if ((unsigned char) *p >= 0x80) {
                *p = '?';
            }
        }
        json = json_string(copy);
        free(copy);
    }
    return json;
}

static void
free_conn(struct unixctl_conn *conn)
{
    osw_list_remove(&conn->node);
    jsonrpc_close(conn->rpc);
    json_decref(conn->request_id);
    free(conn);
}

static void
send_reply(struct unixctl_conn *conn, bool success, const char *body)
{
    osw_assert(conn->request_id);

    if (conn->dead) {
        /* Nobody to tell.  unixctl_server_run() frees 'conn' later; freeing
         * it here could pull it out from under a loop over the list. */
        json_decref(conn->request_id);
        conn->request_id = NULL;
        return;
    }

    json_t *text = json_string_lossy(body ? body : "");
    struct jsonrpc_msg *reply = (success
                                 ? jsonrpc_create_reply(text,
                                                        conn->request_id)
                                 : jsonrpc_create_error(text,
                                                        conn->request_id));
    json_decref(conn->request_id);
    conn->request_id = NULL;

    /* An error shows up in jsonrpc_get_status() at the next run. */
    jsonrpc_send(conn->rpc, reply);

    if (!in_server_run) {
        /* A deferred reply: requests may be waiting in the input buffer,
         * and unixctl_server_wait() did not ask to hear about them. */
        poll_immediate_wake();
    }
}

/* Answers the request 'conn' is processing with 'body' (NULL: empty) as
 * its result. */
void
unixctl_command_reply(struct unixctl_conn *conn, const char *body)
{
    send_reply(conn, true, body);
}

/* Answers the request 'conn' is processing with the error 'error'. */
void
unixctl_command_reply_error(struct unixctl_conn *conn, const char *error)
{
    send_reply(conn, false, error);
}

/* Server. */

/* Creates a control server at 'path' (see unixctl.h for NULL, "none" and
 * relative names) and stores it in '*serverp'.  Returns 0 or errno (then
 * '*serverp' is NULL). */
int
unixctl_server_create(const char *path, struct unixctl_server **serverp)
{
    *serverp = NULL;
    if (path && !strcmp(path, "none")) {
        return 0;
    }
    register_builtins();

    char *abs_path;
    if (path) {
        abs_path = abs_file_name(osw_rundir(), path);
    } else {
        abs_path = xasprintf("%s/%s.%ld.ctl", osw_rundir(), program_name,
                             (long int) getpid());
    }
    if (!path || path[0] != '/') {
        /* Our own directory: make it, so a fresh system works. */
        osw_mkdir_p(osw_rundir());
    }

    char *name = xasprintf("punix:%s", abs_path);
    struct pstream *listener;
    int error = pstream_open(name, &listener, 0);
    free(name);
    if (error) {
        VLOG_WARN("could not initialize control socket %s (%s)",
                  abs_path, osw_strerror(error));
        free(abs_path);
        return error;
    }

    struct unixctl_server *server = xzalloc(sizeof *server);
    server->listener = listener;
    server->path = abs_path;
    osw_list_init(&server->conns);
    *serverp = server;
    return 0;
}

/* Checks that every parameter is a string and stores them in 'argv' after
 * 'method'.  Returns NULL or an error message (caller frees). */
static char *
collect_args(const struct jsonrpc_msg *request, const char ***argvp,
             int *argcp)
{
    size_t n = json_is_array(request->params)
               ? json_array_size(request->params) : 0;
    if (n >= INT_MAX) {
        return xstrdup("too many arguments");
    }

    const char **argv = xcalloc(n + 2, sizeof *argv);
    argv[0] = request->method;
    for (size_t i = 0; i < n; i++) {
        json_t *param = json_array_get(request->params, i);
        if (!json_is_string(param)) {
            char *text = json_dumps(param, JSON_COMPACT | JSON_ENCODE_ANY);
            char *error = xasprintf("command has non-string argument: %s",
                                    text ? text : "?");
            free(text);
            free(argv);
            return error;
        }
        argv[i + 1] = json_string_value(param);
    }
    *argvp = argv;
    *argcp = n + 1;
    return NULL;
}

static void
process_command(struct unixctl_conn *conn, struct jsonrpc_msg *request)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(30, 30);
    const struct unixctl_command *command;
    const char **argv = NULL;
    char *error = NULL;
    int argc = 0;

    conn->request_id = json_incref(request->id);
    if (!conn->request_id) {
        conn->request_id = json_null();
    }

    command = find_command(request->method);
    if (!command) {
        error = xasprintf("\"%s\" is not a valid command (use "
                          "\"list-commands\" to see a list of valid "
                          "commands)", request->method);
    } else {
        error = collect_args(request, &argv, &argc);
    }
    if (!error && argc - 1 < command->min_args) {
        error = xasprintf("\"%s\" command requires at least %d arguments",
                          request->method, command->min_args);
    } else if (!error && argc - 1 > command->max_args) {
        error = xasprintf("\"%s\" command takes at most %d arguments",
                          request->method, command->max_args);
    }

    if (error) {
        VLOG_DBG_RL(&rl, "%s: %s", jsonrpc_get_name(conn->rpc), error);
        unixctl_command_reply_error(conn, error);
        free(error);
    } else {
        command->cb(conn, argc, argv, command->aux);
    }
    free(argv);
}

/* Handles what arrived on 'conn'.  Returns 0 or the connection's error. */
static int
run_connection(struct unixctl_conn *conn)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

    jsonrpc_run(conn->rpc);
    for (int i = 0; i < MAX_REQUESTS_PER_RUN; i++) {
        int error = jsonrpc_get_status(conn->rpc);
        if (error) {
            return error;
        }
        if (conn->request_id || jsonrpc_get_backlog(conn->rpc)) {
            return 0;
        }

        struct jsonrpc_msg *msg;
        error = jsonrpc_recv(conn->rpc, &msg);
        if (error) {
            return error == EAGAIN ? 0 : error;
        }
        if (msg->type == JSONRPC_REQUEST) {
            process_command(conn, msg);
        } else {
            VLOG_WARN_RL(&rl, "%s: received unexpected %s message",
                         jsonrpc_get_name(conn->rpc),
                         jsonrpc_msg_type_to_string(msg->type));
            jsonrpc_msg_destroy(msg);
            return EPROTO;
        }
        jsonrpc_msg_destroy(msg);
        jsonrpc_run(conn->rpc);
    }
    /* More may be waiting; come back after others had their turn. */
    poll_immediate_wake();
    return 0;
}

static void
kill_connection(struct unixctl_conn *conn)
{
    if (conn->request_id) {
        /* The command still holds 'conn': free it when it replies. */
        conn->dead = true;
    } else {
        free_conn(conn);
    }
}

static void
accept_connections(struct unixctl_server *server)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

    for (int i = 0; i < MAX_ACCEPTS_PER_RUN; i++) {
        struct stream *stream;
        int error = pstream_accept(server->listener, &stream);
        if (error) {
            if (error != EAGAIN) {
                VLOG_WARN_RL(&rl, "%s: accept failed: %s",
                             pstream_get_name(server->listener),
                             osw_strerror(error));
            }
            return;
        }
        struct unixctl_conn *conn = xzalloc(sizeof *conn);
        conn->rpc = jsonrpc_open(stream);
        osw_list_push_back(&server->conns, &conn->node);
    }
    poll_immediate_wake();
}

/* Accepts connections and runs the commands that arrived on them. */
void
unixctl_server_run(struct unixctl_server *server)
{
    if (!server) {
        return;
    }

    accept_connections(server);

    /* Reap connections that died while their command ran. */
    for (struct osw_list *e = server->conns.next, *next;
         e != &server->conns; e = next) {
        struct unixctl_conn *conn = CONTAINER_OF(e, struct unixctl_conn,
                                                 node);
        next = e->next;
        if (conn->dead && !conn->request_id) {
            free_conn(conn);
        }
    }

    in_server_run = true;
    for (struct osw_list *e = server->conns.next, *next;
         e != &server->conns; e = next) {
        struct unixctl_conn *conn = CONTAINER_OF(e, struct unixctl_conn,
                                                 node);
        next = e->next;
        if (conn->dead) {
            continue;
        }
        int error = run_connection(conn);
        if (error) {
            kill_connection(conn);
        }
    }
    in_server_run = false;
}

/* Makes the next poll_block() wake when unixctl_server_run() has work. */
void
unixctl_server_wait(struct unixctl_server *server)
{
    if (!server) {
        return;
    }

    pstream_wait(server->listener);

    for (struct osw_list *e = server->conns.next; e != &server->conns;
         e = e->next) {
        struct unixctl_conn *conn = CONTAINER_OF(e, struct unixctl_conn,
                                                 node);
        if (conn->dead) {
            continue;
        }
        jsonrpc_wait(conn->rpc);
        if (!conn->request_id && !jsonrpc_get_backlog(conn->rpc)) {
            jsonrpc_recv_wait(conn->rpc);
        }
    }
}

/* Closes 'server', its connections and its socket.  Commands that have
 * not replied yet must not reply after this. */
void
unixctl_server_destroy(struct unixctl_server *server)
{
    if (!server) {
        return;
    }

    while (!osw_list_is_empty(&server->conns)) {
        free_conn(CONTAINER_OF(server->conns.next, struct unixctl_conn,
                               node));
    }
    pstream_close(server->listener);
    free(server->path);
    free(server);
}

/* Returns the absolute name of 'server''s socket file. */
const char *
unixctl_server_get_path(const struct unixctl_server *server)
{
    return server ? server->path : NULL;
}

/* Client. */

/* Connects to the control socket 'path' (relative names are relative to
 * RUNDIR) and stores the connection in '*clientp'.  Returns 0 or errno
 * (then '*clientp' is NULL). */
int
unixctl_client_create(const char *path, struct jsonrpc **clientp)
{
    char *abs_path = abs_file_name(osw_rundir(), path);
    char *name = xasprintf("unix:%s", abs_path);
    struct stream *stream;

    *clientp = NULL;
    int error = stream_open_block(stream_open(name, &stream, 0), -1,
                                  &stream);
    if (error) {
        VLOG_DBG("could not connect to %s (%s)", name, osw_strerror(error));
    } else {
        *clientp = jsonrpc_open(stream);
    }
    free(name);
    free(abs_path);
    return error;
}

/* Takes the text of 'reply''s result or error into '*result' or '*err'.
 * Returns 0, or EPROTO if the reply is not what a unixctl server sends. */
static int
take_reply_text(const struct jsonrpc_msg *reply, char **result, char **err)
{
    if (reply->type == JSONRPC_ERROR) {
        if (json_is_string(reply->error)) {
            *err = xstrdup(json_string_value(reply->error));
            return 0;
        }
        /* Some servers send error objects; show them rather than fail. */
        char *text = json_dumps(reply->error, JSON_COMPACT | JSON_ENCODE_ANY);
        *err = text ? xstrdup(text) : xstrdup("(unprintable error)");
        free(text);
        return 0;
    } else if (reply->type == JSONRPC_REPLY
               && json_is_string(reply->result)) {
        *result = xstrdup(json_string_value(reply->result));
        return 0;
    }
    VLOG_WARN("unexpected reply from control socket: result is not a "
              "string");
    return EPROTO;
}

/* Sends 'command' with the 'argc' strings in 'argv' over 'client' and waits
 * for the answer: see unixctl.h. */
int
unixctl_client_transact(struct jsonrpc *client, const char *command,
                        int argc, char *argv[], char **result, char **err)
{
    *result = NULL;
    *err = NULL;

    json_t *params = json_array();
    for (int i = 0; i < argc; i++) {
        json_array_append_new(params, json_string_lossy(argv[i]));
    }

    struct jsonrpc_msg *request = jsonrpc_create_request(command, params,
                                                         NULL);
    struct jsonrpc_msg *reply;
    int error = jsonrpc_transact_block(client, request, &reply);
    if (error) {
        VLOG_DBG("%s: transaction error (%s)", jsonrpc_get_name(client),
                 osw_retval_to_string(error));
        return error;
    }

    error = take_reply_text(reply, result, err);
    jsonrpc_msg_destroy(reply);
    return error;
}
