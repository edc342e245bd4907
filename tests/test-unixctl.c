/* Tests for lib/unixctl.c: the server, its command registry and built-in
 * commands, errors, deferred replies, and the blocking client.
 *
 * Most cases drive server and client in one process through the poll loop:
 * connecting to a Unix socket completes as soon as the kernel queues the
 * connection, so the client needs no help from the server to connect. */
#include <config.h>
#include "osw/unixctl.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "osw/dirs.h"
#include "osw/dynamic-string.h"
#include "osw/fatal-signal.h"
#include "osw/jsonrpc.h"
#include "osw/poll-loop.h"
#include "osw/timeval.h"
#include "osw/vlog.h"
#include "testlib.h"

VLOG_DEFINE_THIS_MODULE(test_unixctl);

/* Commands. */

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
cmd_fail(struct unixctl_conn *conn, int argc OSW_UNUSED,
         const char *argv[] OSW_UNUSED, void *aux)
{
    unixctl_command_reply_error(conn, aux);
}

static void
cmd_null(struct unixctl_conn *conn, int argc OSW_UNUSED,
         const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    unixctl_command_reply(conn, NULL);
}

static struct unixctl_conn *deferred_conn;

static void
cmd_defer(struct unixctl_conn *conn, int argc OSW_UNUSED,
          const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    CHECK(!deferred_conn);
    deferred_conn = conn;
}

static void
cmd_argv0(struct unixctl_conn *conn, int argc, const char *argv[],
          void *aux)
{
    char *s = xasprintf("%s %d %s", argv[0], argc, (const char *) aux);
    unixctl_command_reply(conn, s);
    free(s);
}

static void
cmd_bytes(struct unixctl_conn *conn, int argc OSW_UNUSED,
          const char *argv[] OSW_UNUSED, void *aux)
{
    unixctl_command_reply(conn, aux);
}

static void
cmd_big(struct unixctl_conn *conn, int argc OSW_UNUSED,
        const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    size_t n = 1024 * 1024;
    char *s = xmalloc(n + 1);
    memset(s, 'x', n);
    s[n] = '\0';
    unixctl_command_reply(conn, s);
    free(s);
}

static void
register_test_commands(void)
{
    unixctl_command_register("test/echo", "[ARG...]", 0, INT_MAX, cmd_echo,
                             NULL);
    unixctl_command_register("test/two", "A [B]", 1, 2, cmd_echo, NULL);
    unixctl_command_register("test/fail", "", 0, 0, cmd_fail,
                             "it went wrong");
    unixctl_command_register("test/null", "", 0, 0, cmd_null, NULL);
    unixctl_command_register("test/defer", "", 0, 0, cmd_defer, NULL);
    unixctl_command_register("test/hidden", NULL, 0, 1, cmd_echo, NULL);
}

/* Helpers. */

static struct unixctl_server *
start_server(void)
{
    char *path = xasprintf("%s/test.ctl", osw_test_tmpdir());
    struct unixctl_server *server;
    CHECK_EQ(unixctl_server_create(path, &server), 0);
    CHECK(server != NULL);
    CHECK_STREQ(unixctl_server_get_path(server), path);
    free(path);
    return server;
}

static struct jsonrpc *
connect_client(struct unixctl_server *server)
{
    struct jsonrpc *client;
    CHECK_EQ(unixctl_client_create(unixctl_server_get_path(server), &client),
             0);
    CHECK(client != NULL);
    return client;
}

/* Runs 'server' and 'client' until a message arrives on 'client' (returns
 * 0 and stores it in '*msgp'), the client fails (returns the error), or
 * 'msec' pass (returns EAGAIN). */
static int
run_until_message(struct unixctl_server *server, struct jsonrpc *client,
                  long long int msec, struct jsonrpc_msg **msgp)
{
    long long int deadline = time_msec() + msec;
    *msgp = NULL;
    for (;;) {
        unixctl_server_run(server);
        jsonrpc_run(client);
        int error = jsonrpc_recv(client, msgp);
        if (error != EAGAIN || time_msec() >= deadline) {
            return error;
        }
        unixctl_server_wait(server);
        jsonrpc_wait(client);
        jsonrpc_recv_wait(client);
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

/* Runs 'server' alone for 'msec'. */
static void
run_server_for(struct unixctl_server *server, long long int msec)
{
    long long int deadline = time_msec() + msec;
    while (time_msec() < deadline) {
        unixctl_server_run(server);
        unixctl_server_wait(server);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    unixctl_server_run(server);
}

static json_t *
make_params(const char *const *args)
{
    json_t *params = json_array();
    for (; args && *args; args++) {
        json_array_append_new(params, json_string(*args));
    }
    return params;
}

static void
send_request(struct jsonrpc *client, const char *method,
             const char *const *args)
{
    CHECK_EQ(jsonrpc_send(client, jsonrpc_create_request(method,
                                                         make_params(args),
                                                         NULL)), 0);
}

/* Waits for the reply to the oldest request and checks that it is a result
 * 'result' (if nonnull) or an error 'error'. */
static void
expect_reply(struct unixctl_server *server, struct jsonrpc *client,
             const char *result, const char *error)
{
    struct jsonrpc_msg *reply;
    CHECK_EQ(run_until_message(server, client, 10000, &reply), 0);
    if (result) {
        if (reply->type == JSONRPC_ERROR) {
            osw_test_fail(__FILE__, __LINE__, "expected \"%s\", got error "
                          "\"%s\"", result,
                          json_string_value(reply->error));
        }
        CHECK_EQ(reply->type, JSONRPC_REPLY);
        CHECK(json_is_string(reply->result));
        CHECK_STREQ(json_string_value(reply->result), result);
    } else {
        CHECK_EQ(reply->type, JSONRPC_ERROR);
        CHECK(json_is_string(reply->error));
        CHECK_STREQ(json_string_value(reply->error), error);
    }
    jsonrpc_msg_destroy(reply);
}

static void
check_command(struct unixctl_server *server, struct jsonrpc *client,
              const char *method, const char *const *args,
              const char *result, const char *error)
{
    send_request(client, method, args);
    expect_reply(server, client, result, error);
}

#define ARGS(...) ((const char *const []) { __VA_ARGS__, NULL })

/* Server creation. */

OSW_TEST(create_default_path)
{
    setenv("OSW_RUNDIR", osw_test_tmpdir(), 1);
    struct unixctl_server *server;
    CHECK_EQ(unixctl_server_create(NULL, &server), 0);

    char *expected = xasprintf("%s/%s.%ld.ctl", osw_test_tmpdir(),
                               program_name, (long int) getpid());
    CHECK_STREQ(unixctl_server_get_path(server), expected);
    struct stat st;
    CHECK_EQ(stat(expected, &st), 0);
    CHECK(S_ISSOCK(st.st_mode));

    unixctl_server_destroy(server);
    CHECK(stat(expected, &st) < 0 && errno == ENOENT);
    free(expected);
}

OSW_TEST(create_relative_path_in_rundir)
{
    char *rundir = xasprintf("%s/run", osw_test_tmpdir());
    setenv("OSW_RUNDIR", rundir, 1);
    struct unixctl_server *server;
    CHECK_EQ(unixctl_server_create("my.ctl", &server), 0);  /* mkdir too */

    char *expected = xasprintf("%s/my.ctl", rundir);
    CHECK_STREQ(unixctl_server_get_path(server), expected);
    CHECK_EQ(access(expected, F_OK), 0);

    /* The client resolves relative names the same way. */
    struct jsonrpc *client;
    CHECK_EQ(unixctl_client_create("my.ctl", &client), 0);
    char *version = xasprintf("%s (%s) %s", program_name, PACKAGE_NAME,
                              PACKAGE_VERSION);
    check_command(server, client, "version", NULL, version, NULL);
    free(version);
    jsonrpc_close(client);
    unixctl_server_destroy(server);
    free(expected);
    free(rundir);
}

OSW_TEST(create_none)
{
    struct unixctl_server *server = (void *) 1;
    CHECK_EQ(unixctl_server_create("none", &server), 0);
    CHECK(server == NULL);
    unixctl_server_run(NULL);
    unixctl_server_wait(NULL);
    unixctl_server_destroy(NULL);
    CHECK(unixctl_server_get_path(NULL) == NULL);
}

OSW_TEST(create_failure)
{
    char *path = xasprintf("%s/no/such/dir/x.ctl", osw_test_tmpdir());
    struct unixctl_server *server = (void *) 1;
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    CHECK(unixctl_server_create(path, &server) != 0);
    CHECK(server == NULL);
    free(path);
}

OSW_TEST(client_connect_failure)
{
    char *path = xasprintf("%s/nobody.ctl", osw_test_tmpdir());
    struct jsonrpc *client = (void *) 1;
    int error = unixctl_client_create(path, &client);
    CHECK(error == ENOENT || error == ECONNREFUSED);
    CHECK(client == NULL);
    free(path);
}

/* Commands and errors. */

OSW_TEST(commands_and_arguments)
{
    register_test_commands();
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    check_command(server, client, "test/echo", NULL, "", NULL);
    check_command(server, client, "test/echo", ARGS("a", "b c", "d"),
                  "a b c d", NULL);
    check_command(server, client, "test/two", ARGS("x"), "x", NULL);
    check_command(server, client, "test/two", ARGS("x", "y"), "x y", NULL);
    check_command(server, client, "test/null", NULL, "", NULL);
    check_command(server, client, "test/hidden", ARGS("h"), "h", NULL);
    check_command(server, client, "test/fail", NULL, NULL, "it went wrong");

    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

OSW_TEST(argument_count_errors)
{
    register_test_commands();
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    check_command(server, client, "test/two", NULL, NULL,
                  "\"test/two\" command requires at least 1 arguments");
    check_command(server, client, "test/two", ARGS("1", "2", "3"), NULL,
                  "\"test/two\" command takes at most 2 arguments");
    check_command(server, client, "version", ARGS("extra"), NULL,
                  "\"version\" command takes at most 0 arguments");
    /* The connection survives errors. */
    check_command(server, client, "test/two", ARGS("ok"), "ok", NULL);

    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

OSW_TEST(unknown_command)
{
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    check_command(server, client, "foo", ARGS("x"), NULL,
                  "\"foo\" is not a valid command (use \"list-commands\" "
                  "to see a list of valid commands)");
    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

OSW_TEST(non_string_argument)
{
    register_test_commands();
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    json_t *params = json_pack("[s, i, {s: b}]", "a", 42, "k", 1);
    CHECK(params != NULL);
    CHECK_EQ(jsonrpc_send(client, jsonrpc_create_request("test/echo", params,
                                                         NULL)), 0);
    expect_reply(server, client, NULL,
                 "command has non-string argument: 42");

    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

OSW_TEST(reply_id_matches_request)
{
    register_test_commands();
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    json_t *id = json_string("my-id");
    struct jsonrpc_msg *request = jsonrpc_create_request(
        "test/echo", make_params(ARGS("x")), NULL);
    json_decref(request->id);
    request->id = id;
    CHECK_EQ(jsonrpc_send(client, request), 0);

    struct jsonrpc_msg *reply;
    CHECK_EQ(run_until_message(server, client, 10000, &reply), 0);
    CHECK_EQ(reply->type, JSONRPC_REPLY);
    CHECK(json_is_string(reply->id));
    CHECK_STREQ(json_string_value(reply->id), "my-id");
    jsonrpc_msg_destroy(reply);

    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

OSW_TEST(list_commands_output)
{
    register_test_commands();
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    check_command(server, client, "list-commands", NULL,
                  "The available commands are:\n"
                  "  list-commands\n"
                  "  test/defer\n"
                  "  test/echo               [ARG...]\n"
                  "  test/fail\n"
                  "  test/null\n"
                  "  test/two                A [B]\n"
                  "  version\n", NULL);

    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

OSW_TEST(version_output)
{
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    char *expected = xasprintf("%s (%s) %s", program_name, PACKAGE_NAME,
                               PACKAGE_VERSION);
    check_command(server, client, "version", NULL, expected, NULL);
    free(expected);

    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

OSW_TEST(register_twice_replaces)
{
    unixctl_command_register("test/cmd", "old", 0, 0, cmd_argv0, "first");
    unixctl_command_register("test/cmd", "new", 0, 1, cmd_argv0, "second");
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    check_command(server, client, "test/cmd", ARGS("x"), "test/cmd 2 second",
                  NULL);
    check_command(server, client, "list-commands", NULL,
                  "The available commands are:\n"
                  "  list-commands\n"
                  "  test/cmd                new\n"
                  "  version\n", NULL);

    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

OSW_TEST(invalid_utf8_reply_is_sanitized)
{
    unixctl_command_register("test/bytes", "", 0, 0, cmd_bytes,
                             "ok \xff\xfe end");
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    check_command(server, client, "test/bytes", NULL, "ok ?? end", NULL);

    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

/* Connections. */

OSW_TEST(several_connections)
{
    register_test_commands();
    struct unixctl_server *server = start_server();
    struct jsonrpc *clients[5];

    for (int i = 0; i < 5; i++) {
        clients[i] = connect_client(server);
        char *arg = xasprintf("client %d", i);
        send_request(clients[i], "test/echo", ARGS(arg));
        free(arg);
    }
    for (int i = 4; i >= 0; i--) {
        char *expected = xasprintf("client %d", i);
        expect_reply(server, clients[i], expected, NULL);
        free(expected);
        jsonrpc_close(clients[i]);
    }
    unixctl_server_destroy(server);
}

OSW_TEST(pipelined_requests_answered_in_order)
{
    register_test_commands();
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    for (int i = 0; i < 50; i++) {
        char *arg = xasprintf("%d", i);
        send_request(client, "test/echo", ARGS(arg));
        free(arg);
    }
    for (int i = 0; i < 50; i++) {
        char *expected = xasprintf("%d", i);
        expect_reply(server, client, expected, NULL);
        free(expected);
    }

    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

OSW_TEST(big_replies_to_slow_reader)
{
    unixctl_command_register("test/big", "", 0, 0, cmd_big, NULL);
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    /* The client does not read for a while: the server must hold back,
     * not fail, and answer everything once it reads. */
    for (int i = 0; i < 3; i++) {
        send_request(client, "test/big", NULL);
    }
    jsonrpc_run(client);
    run_server_for(server, 200);
    for (int i = 0; i < 3; i++) {
        struct jsonrpc_msg *reply;
        CHECK_EQ(run_until_message(server, client, 10000, &reply), 0);
        CHECK_EQ(reply->type, JSONRPC_REPLY);
        CHECK_EQ(strlen(json_string_value(reply->result)), 1024 * 1024);
        jsonrpc_msg_destroy(reply);
    }

    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

OSW_TEST(non_request_closes_connection)
{
    register_test_commands();
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    CHECK_EQ(jsonrpc_send(client, jsonrpc_create_notify("test/echo",
                                                        json_array())), 0);
    struct jsonrpc_msg *msg;
    CHECK_EQ(run_until_message(server, client, 10000, &msg), EOF);

    /* Others are not affected. */
    struct jsonrpc *client2 = connect_client(server);
    check_command(server, client2, "test/echo", ARGS("fine"), "fine", NULL);

    jsonrpc_close(client2);
    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

/* Deferred replies. */

OSW_TEST(deferred_reply)
{
    register_test_commands();
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);
    struct jsonrpc_msg *msg;

    /* A second request on the same connection waits for the first. */
    send_request(client, "test/defer", NULL);
    send_request(client, "test/echo", ARGS("second"));
    CHECK_EQ(run_until_message(server, client, 200, &msg), EAGAIN);
    CHECK(deferred_conn != NULL);

    /* Other connections are served meanwhile. */
    struct jsonrpc *client2 = connect_client(server);
    check_command(server, client2, "test/echo", ARGS("other"), "other",
                  NULL);

    unixctl_command_reply(deferred_conn, "late");
    deferred_conn = NULL;
    expect_reply(server, client, "late", NULL);
    expect_reply(server, client, "second", NULL);

    /* Deferred errors work the same way. */
    send_request(client, "test/defer", NULL);
    CHECK_EQ(run_until_message(server, client, 100, &msg), EAGAIN);
    CHECK(deferred_conn != NULL);
    unixctl_command_reply_error(deferred_conn, "late error");
    deferred_conn = NULL;
    expect_reply(server, client, NULL, "late error");

    jsonrpc_close(client2);
    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

OSW_TEST(deferred_reply_after_client_left)
{
    register_test_commands();
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);
    struct jsonrpc_msg *msg;

    send_request(client, "test/defer", NULL);
    CHECK_EQ(run_until_message(server, client, 100, &msg), EAGAIN);
    CHECK(deferred_conn != NULL);
    jsonrpc_close(client);

    /* The server notices the hang-up but keeps the connection for the
     * command, which may still answer (into the void). */
    run_server_for(server, 100);
    unixctl_command_reply(deferred_conn, "nobody listens");
    deferred_conn = NULL;
    run_server_for(server, 10);

    client = connect_client(server);
    check_command(server, client, "test/echo", ARGS("alive"), "alive", NULL);
    jsonrpc_close(client);
    unixctl_server_destroy(server);
}

OSW_TEST(destroy_with_pending_command)
{
    register_test_commands();
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);
    struct jsonrpc_msg *msg;

    send_request(client, "test/defer", NULL);
    CHECK_EQ(run_until_message(server, client, 100, &msg), EAGAIN);
    CHECK(deferred_conn != NULL);
    unixctl_server_destroy(server);     /* Frees the connection too. */
    deferred_conn = NULL;

    jsonrpc_run(client);
    CHECK_EQ(jsonrpc_recv_block(client, &msg), EOF);
    jsonrpc_close(client);
}

/* The blocking client, in a child process. */

/* Static, so that the forked child, which does not free the parent's
 * objects, still reaches them (valgrind would call them leaks). */
static struct unixctl_server *blocking_server;
static char *blocking_path;

OSW_TEST(blocking_client_transact)
{
    register_test_commands();
    struct unixctl_server *server = blocking_server = start_server();
    char *path = blocking_path = xstrdup(unixctl_server_get_path(server));

    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        /* Leave the parent's socket alone when we exit. */
        fatal_signal_fork();
        CHECK(blocking_server && blocking_path);

        struct jsonrpc *client;
        char *result, *err;
        CHECK_EQ(unixctl_client_create(path, &client), 0);

        char *args[] = { "a", "b" };
        CHECK_EQ(unixctl_client_transact(client, "test/echo", 2, args,
                                         &result, &err), 0);
        CHECK_STREQ(result, "a b");
        CHECK(err == NULL);
        free(result);

        CHECK_EQ(unixctl_client_transact(client, "test/fail", 0, NULL,
                                         &result, &err), 0);
        CHECK(result == NULL);
        CHECK_STREQ(err, "it went wrong");
        free(err);

        CHECK_EQ(unixctl_client_transact(client, "nosuch", 0, NULL,
                                         &result, &err), 0);
        CHECK(result == NULL);
        CHECK(strstr(err, "is not a valid command"));
        free(err);

        jsonrpc_close(client);
        free(path);
        _exit(0);
    }

    int status;
    for (;;) {
        pid_t retval = waitpid(pid, &status, WNOHANG);
        CHECK(retval >= 0);
        if (retval == pid) {
            break;
        }
        unixctl_server_run(server);
        unixctl_server_wait(server);
        poll_timer_wait(10);
        poll_block();
    }
    CHECK(WIFEXITED(status));
    CHECK_EQ(WEXITSTATUS(status), 0);

    unixctl_server_destroy(server);
    free(path);
}

OSW_TEST(client_transact_on_dead_server)
{
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);
    unixctl_server_destroy(server);

    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    char *result, *err;
    int error = unixctl_client_transact(client, "version", 0, NULL,
                                        &result, &err);
    CHECK(error != 0);
    CHECK(result == NULL && err == NULL);
    jsonrpc_close(client);
}

/* The vlog commands, through the server. */

OSW_TEST(vlog_commands)
{
    vlog_init();
    struct unixctl_server *server = start_server();
    struct jsonrpc *client = connect_client(server);

    check_command(server, client, "vlog/set", ARGS("test_unixctl:file:dbg"),
                  "", NULL);
    CHECK_EQ(this_module.levels[VLF_FILE], VLL_DBG);

    /* All or nothing. */
    check_command(server, client, "vlog/set",
                  ARGS("test_unixctl:console:dbg", "nosuch:dbg"), NULL,
                  "unknown module 'nosuch'");
    CHECK_EQ(this_module.levels[VLF_CONSOLE], VLL_WARN);
    check_command(server, client, "vlog/set", NULL, NULL,
                  "\"vlog/set\" command requires at least 1 arguments");
    check_command(server, client, "vlog/set",
                  ARGS("test_unixctl:syslog:info", "PATTERN:file:%c %m"),
                  "", NULL);
    CHECK_EQ(this_module.levels[VLF_SYSLOG], VLL_INFO);

    char *table = vlog_get_levels();
    CHECK(strstr(table, "\ntest_unixctl      WARN       INFO        DBG\n"));
    check_command(server, client, "vlog/list", NULL, table, NULL);
    free(table);

    char *patterns = vlog_get_patterns();
    CHECK(strstr(patterns, "file         %c %m\n"));
    check_command(server, client, "vlog/list-pattern", NULL, patterns, NULL);
    free(patterns);

    check_command(server, client, "vlog/reopen", NULL, NULL,
                  "Logging to file not configured");

    char *log_name = xasprintf("%s/x.log", osw_test_tmpdir());
    char *old_name = xasprintf("%s/x.log.1", osw_test_tmpdir());
    CHECK_EQ(vlog_set_log_file(log_name), 0);
    CHECK_EQ(rename(log_name, old_name), 0);
    check_command(server, client, "vlog/reopen", NULL, "", NULL);
    CHECK_EQ(access(log_name, F_OK), 0);
    check_command(server, client, "vlog/close", NULL, "", NULL);
    check_command(server, client, "vlog/reopen", NULL, NULL,
                  "Logging to file not configured");

    vlog_set_levels(NULL, VLF_SYSLOG, VLL_OFF);
    jsonrpc_close(client);
    unixctl_server_destroy(server);
    free(log_name);
    free(old_name);
}

OSW_TEST_MAIN()
