/* Tests for jsonrpc: messages, connections over unix sockets, and
 * sessions. */
#include <config.h>
#include "osw/jsonrpc.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "osw/poll-loop.h"
#include "osw/reconnect.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "testlib.h"

/* Any wait in these tests that takes longer has failed. */
#define TEST_TIMEOUT 10000

static json_t *
parse(const char *text)
{
    json_error_t error;
    json_t *json = json_loads(text, JSON_DECODE_ANY, &error);
    if (!json) {
        osw_test_fail(__FILE__, __LINE__, "bad test JSON %s: %s",
                      text, error.text);
    }
    return json;
}

/* Messages. */

/* jsonrpc_dump_compact(): the same bytes as jansson's compact writer. */

struct dump_buf {
    char *s;
    size_t n;
    size_t n_calls;
};

static int
append_to_buf(const char *data, size_t n, void *b_)
{
    struct dump_buf *b = b_;
    b->s = xrealloc(b->s, b->n + n + 1);
    memcpy(&b->s[b->n], data, n);
    b->n += n;
    b->s[b->n] = '\0';
    b->n_calls++;
    return 0;
}

static int
fail_dump(const char *data OSW_UNUSED, size_t n OSW_UNUSED,
          void *aux OSW_UNUSED)
{
    return -1;
}

static void
check_dump_matches_jansson(json_t *json)
{
    struct dump_buf b = { NULL, 0, 0 };
    char *expected = json_dumps(json, JSON_COMPACT);

    CHECK(expected != NULL);
    CHECK_EQ(jsonrpc_dump_compact(json, append_to_buf, &b), 0);
    CHECK_EQ(b.n, strlen(expected));
    CHECK(!memcmp(b.s, expected, b.n));
    free(expected);
    free(b.s);
    json_decref(json);
}

OSW_TEST(dump_compact_matches_jansson)
{
    check_dump_matches_jansson(json_object());
    check_dump_matches_jansson(json_array());
    check_dump_matches_jansson(json_pack(
        "{s:i, s:I, s:I, s:I, s:f, s:f, s:f, s:f, s:b, s:b, s:n, s:[], s:{}}",
        "zero", 0, "min", (json_int_t) LLONG_MIN, "max",
        (json_int_t) LLONG_MAX, "neg", (json_int_t) -1234567890123LL,
        "real", 1.5, "big", 1e300, "small", -2.5e-7, "tenth", 0.1,
        "t", 1, "f", 0, "null", "empty", "obj"));

    /* Every byte that needs escaping, and some that do not. */
    char all[256];
    for (int i = 0; i < 255; i++) {
        all[i] = i + 1;
    }
    all[127] = '\0';            /* Only the ASCII ones. */
    json_t *a = json_array();
    json_array_append_new(a, json_string(all));
    json_array_append_new(a, json_stringn("nul\0inside", 10));
    json_array_append_new(a, json_string("caf\xc3\xa9 \xe2\x82\xac "
                                         "\xf0\x9f\x98\x80 / \x7f"));
    json_array_append_new(a, json_string(""));
    check_dump_matches_jansson(a);

    json_t *o = json_object();
    json_object_set_new(o, "quote\"key\n", json_string("v"));
    json_object_set_new(o, "", json_integer(1));
    for (int i = 0; i < 40; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%d", (i * 7) % 40);
        json_object_set_new(o, key, json_pack("[i, s, {s:[]}]", i, key,
                                              "x"));
    }
    check_dump_matches_jansson(o);

    /* Larger than the writer's buffer, in one string and in many small
     * values, so that it flushes in every position. */
    char *big = xmalloc(10000);
    for (int i = 0; i < 9999; i++) {
        big[i] = i % 61 == 0 ? '\n' : 'a' + i % 26;
    }
    big[9999] = '\0';
    json_t *nested = json_array();
    for (int i = 0; i < 3000; i++) {
        json_array_append_new(nested, json_pack("{s:i, s:[s, s]}", "n", i,
                                                "uuid", "uuid", "x\"y"));
    }
    check_dump_matches_jansson(json_pack("[s, o, s]", big, nested, big));
    free(big);
}

OSW_TEST(dump_compact_rejects_scalars_and_reports_cb_failure)
{
    struct dump_buf b = { NULL, 0, 0 };
    json_t *n = json_integer(5);
    CHECK_EQ(jsonrpc_dump_compact(n, append_to_buf, &b), -1);
    CHECK_EQ(b.n_calls, 0);
    json_decref(n);

    json_t *a = json_pack("[s]", "x");
    CHECK_EQ(jsonrpc_dump_compact(a, fail_dump, NULL), -1);
    json_decref(a);
}

OSW_TEST(type_names)
{
    CHECK_STREQ(jsonrpc_msg_type_to_string(JSONRPC_REQUEST), "request");
    CHECK_STREQ(jsonrpc_msg_type_to_string(JSONRPC_NOTIFY), "notification");
    CHECK_STREQ(jsonrpc_msg_type_to_string(JSONRPC_REPLY), "reply");
    CHECK_STREQ(jsonrpc_msg_type_to_string(JSONRPC_ERROR), "error");
}

struct from_json_case {
    const char *text;
    const char *error;          /* NULL: valid. */
    enum jsonrpc_msg_type type; /* If valid. */
};

static const struct from_json_case from_json_cases[] = {
    /* Valid. */
    { "{\"method\":\"echo\",\"params\":[],\"id\":0}", NULL, JSONRPC_REQUEST },
    { "{\"method\":\"transact\",\"params\":[\"db\"],\"id\":\"abc\"}",
      NULL, JSONRPC_REQUEST },
    { "{\"method\":\"update\",\"params\":[null,{}],\"id\":null}",
      NULL, JSONRPC_NOTIFY },
    { "{\"method\":\"update\",\"params\":[]}", NULL, JSONRPC_NOTIFY },
    { "{\"result\":[],\"error\":null,\"id\":0}", NULL, JSONRPC_REPLY },
    { "{\"result\":null,\"error\":null,\"id\":\"x\"}", NULL, JSONRPC_REPLY },
    { "{\"id\":[1],\"result\":{}}", NULL, JSONRPC_REPLY },
    { "{\"result\":null,\"error\":{\"error\":\"e\"},\"id\":3}",
      NULL, JSONRPC_ERROR },
    { "{\"error\":\"e\",\"id\":3}", NULL, JSONRPC_ERROR },
    { "{\"method\":null,\"params\":null,\"result\":5,\"id\":1}",
      NULL, JSONRPC_REPLY },

    /* Not an object. */
    { "[]", "message is not a JSON object", 0 },
    { "1", "message is not a JSON object", 0 },
    { "\"str\"", "message is not a JSON object", 0 },
    { "null", "message is not a JSON object", 0 },

    /* Bad members. */
    { "{\"method\":\"echo\",\"params\":[],\"id\":0,\"extra\":1}",
      "message has unexpected member \"extra\"", 0 },
    { "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[],\"id\":0}",
      "message has unexpected member \"jsonrpc\"", 0 },
    { "{\"method\":1,\"params\":[],\"id\":0}",
      "\"method\" is not a JSON string", 0 },
    { "{\"method\":[\"m\"],\"params\":[]}",
      "\"method\" is not a JSON string", 0 },
    { "{\"method\":\"echo\",\"params\":{},\"id\":0}",
      "\"params\" must be a JSON array", 0 },
    { "{\"method\":\"echo\",\"params\":\"x\"}",
      "\"params\" must be a JSON array", 0 },

    /* Requests. */
    { "{\"method\":\"echo\",\"id\":0}", "request must have \"params\"", 0 },
    { "{\"method\":\"echo\",\"params\":null,\"id\":0}",
      "request must have \"params\"", 0 },
    { "{\"params\":[],\"id\":0}", "request must have \"method\"", 0 },
    { "{\"id\":0}", "request must have \"method\"", 0 },

    /* Notifications. */
    { "{\"method\":\"echo\"}", "notification must have \"params\"", 0 },
    { "{\"params\":[]}", "notification must have \"method\"", 0 },
    { "{}", "notification must have \"method\"", 0 },

    /* Replies. */
    { "{\"result\":1}", "reply must have \"id\"", 0 },
    { "{\"result\":1,\"error\":null,\"id\":null}",
      "reply must have \"id\"", 0 },
    { "{\"method\":\"m\",\"result\":1,\"id\":1}",
      "reply must not have \"method\"", 0 },
    { "{\"params\":[],\"result\":1,\"id\":1}",
      "reply must not have \"params\"", 0 },

    /* Errors. */
    { "{\"error\":\"e\"}", "error must have \"id\"", 0 },
    { "{\"result\":null,\"error\":\"e\",\"id\":null}",
      "error must have \"id\"", 0 },
    { "{\"result\":1,\"error\":\"e\",\"id\":1}",
      "error must not have \"result\"", 0 },
    { "{\"method\":\"m\",\"params\":[],\"error\":\"e\",\"id\":1}",
      "error must not have \"method\"", 0 },
    { "{\"params\":[],\"error\":\"e\",\"id\":1}",
      "error must not have \"params\"", 0 },
};

OSW_TEST(from_json_table)
{
    for (size_t i = 0; i < ARRAY_SIZE(from_json_cases); i++) {
        const struct from_json_case *c = &from_json_cases[i];
        struct jsonrpc_msg *msg = (struct jsonrpc_msg *) 1;
        char *error = jsonrpc_msg_from_json(parse(c->text), &msg);

        if (c->error) {
            if (!error || strcmp(error, c->error)) {
                osw_test_fail(__FILE__, __LINE__, "%s: got error \"%s\", "
                              "expected \"%s\"", c->text,
                              error ? error : "(none)", c->error);
            }
            CHECK(!msg);
            free(error);
        } else {
            if (error) {
                osw_test_fail(__FILE__, __LINE__, "%s: unexpected error "
                              "\"%s\"", c->text, error);
            }
            CHECK(msg);
            CHECK_EQ(msg->type, c->type);
            char *again = jsonrpc_msg_is_valid(msg);
            CHECK(!again);
            jsonrpc_msg_destroy(msg);
        }
    }
}

OSW_TEST(from_json_fields)
{
    struct jsonrpc_msg *msg;
    char *error = jsonrpc_msg_from_json(
        parse("{\"method\":\"monitor\",\"params\":[\"db\",null,{}],"
              "\"id\":7}"), &msg);
    CHECK(!error);
    CHECK_EQ(msg->type, JSONRPC_REQUEST);
    CHECK_STREQ(msg->method, "monitor");
    CHECK_EQ(json_array_size(msg->params), 3);
    CHECK(!msg->result);
    CHECK(!msg->error);
    CHECK_EQ(json_integer_value(msg->id), 7);
    jsonrpc_msg_destroy(msg);

    /* A null "id" of a notification is not kept; a null result is. */
    error = jsonrpc_msg_from_json(
        parse("{\"method\":\"update\",\"params\":[],\"id\":null}"), &msg);
    CHECK(!error && !msg->id);
    jsonrpc_msg_destroy(msg);
    error = jsonrpc_msg_from_json(
        parse("{\"result\":null,\"error\":null,\"id\":1}"), &msg);
    CHECK(!error && msg->result && json_is_null(msg->result) && !msg->error);
    jsonrpc_msg_destroy(msg);
}

OSW_TEST(unexpected_member_quote_is_bounded)
{
    /* 100 two-byte characters: the quote stops at 64 bytes, between
     * characters. */
    char name[201];
    for (int i = 0; i < 100; i++) {
        memcpy(name + 2 * i, "\xc3\xa9", 2);
    }
    name[200] = '\0';
    json_t *json = json_object();
    json_object_set_new(json, name, json_integer(1));

    struct jsonrpc_msg *msg;
    char *error = jsonrpc_msg_from_json(json, &msg);
    CHECK(error);
    CHECK(!msg);
    char *expected = xasprintf("message has unexpected member \"%.64s\"...",
                               name);
    CHECK_STREQ(error, expected);
    /* The error text stays valid UTF-8, so it can go into a reply. */
    json_t *s = json_string(error);
    CHECK(s);
    json_decref(s);
    free(expected);
    free(error);
}

static struct jsonrpc_msg *
raw_msg(enum jsonrpc_msg_type type, const char *method, const char *params,
        const char *result, const char *error, const char *id)
{
    struct jsonrpc_msg *msg = xzalloc(sizeof *msg);
    msg->type = type;
    msg->method = method ? xstrdup(method) : NULL;
    msg->params = params ? parse(params) : NULL;
    msg->result = result ? parse(result) : NULL;
    msg->error = error ? parse(error) : NULL;
    msg->id = id ? parse(id) : NULL;
    return msg;
}

static void
check_invalid(struct jsonrpc_msg *msg, const char *expected)
{
    char *error = jsonrpc_msg_is_valid(msg);
    if (!expected) {
        if (error) {
            osw_test_fail(__FILE__, __LINE__, "unexpected \"%s\"", error);
        }
    } else {
        CHECK_STREQ(error, expected);
    }
    free(error);
    jsonrpc_msg_destroy(msg);
}

OSW_TEST(is_valid_table)
{
    check_invalid(raw_msg(JSONRPC_REQUEST, "m", "[]", NULL, NULL, "1"),
                  NULL);
    check_invalid(raw_msg(JSONRPC_REQUEST, "m", "[]", NULL, NULL, NULL),
                  "request must have \"id\"");
    check_invalid(raw_msg(JSONRPC_REQUEST, "m", "[]", NULL, NULL, "null"),
                  "request must have \"id\"");
    check_invalid(raw_msg(JSONRPC_REQUEST, "m", "[]", "1", NULL, "1"),
                  "request must not have \"result\"");
    check_invalid(raw_msg(JSONRPC_REQUEST, "m", "[]", NULL, "1", "1"),
                  "request must not have \"error\"");
    check_invalid(raw_msg(JSONRPC_REQUEST, NULL, "[]", NULL, NULL, "1"),
                  "request must have \"method\"");
    check_invalid(raw_msg(JSONRPC_REQUEST, "m", "{}", NULL, NULL, "1"),
                  "\"params\" must be a JSON array");
    check_invalid(raw_msg(JSONRPC_NOTIFY, "m", "[]", NULL, NULL, NULL),
                  NULL);
    check_invalid(raw_msg(JSONRPC_NOTIFY, "m", "[]", NULL, NULL, "null"),
                  NULL);
    check_invalid(raw_msg(JSONRPC_NOTIFY, "m", "[]", NULL, NULL, "2"),
                  "notification must not have \"id\"");
    check_invalid(raw_msg(JSONRPC_NOTIFY, "m", NULL, NULL, NULL, NULL),
                  "notification must have \"params\"");
    check_invalid(raw_msg(JSONRPC_REPLY, NULL, NULL, "null", NULL, "1"),
                  NULL);
    check_invalid(raw_msg(JSONRPC_REPLY, NULL, NULL, NULL, NULL, "1"),
                  "reply must have \"result\"");
    check_invalid(raw_msg(JSONRPC_REPLY, NULL, NULL, "1", "2", "1"),
                  "reply must not have \"error\"");
    check_invalid(raw_msg(JSONRPC_REPLY, "m", NULL, "1", NULL, "1"),
                  "reply must not have \"method\"");
    check_invalid(raw_msg(JSONRPC_ERROR, NULL, NULL, NULL, "{}", "1"),
                  NULL);
    check_invalid(raw_msg(JSONRPC_ERROR, NULL, NULL, NULL, "null", "1"),
                  "error must have \"error\"");
    check_invalid(raw_msg(JSONRPC_ERROR, NULL, NULL, "[]", "1", "1"),
                  "error must not have \"result\"");
    check_invalid(raw_msg(JSONRPC_ERROR, NULL, NULL, NULL, "1", NULL),
                  "error must have \"id\"");
    check_invalid(raw_msg((enum jsonrpc_msg_type) 9, NULL, NULL, NULL, NULL,
                          NULL), "invalid message type 9");
}

/* Checks that 'msg' serializes to 'expected' and that parsing that text
 * gives the same message back.  Destroys 'msg'. */
static void
check_round_trip(struct jsonrpc_msg *msg, const char *expected)
{
    char *text = jsonrpc_msg_to_string(msg);
    CHECK_STREQ(text, expected);

    struct jsonrpc_msg *back;
    char *error = jsonrpc_msg_from_json(parse(text), &back);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", text, error);
    }
    CHECK_EQ(back->type, msg->type);
    char *text2 = jsonrpc_msg_to_string(back);
    CHECK_STREQ(text2, text);

    json_t *json = jsonrpc_msg_to_json(msg);
    json_t *json2 = jsonrpc_msg_to_json(back);
    CHECK(json_equal(json, json2));
    json_decref(json);
    json_decref(json2);
    free(text);
    free(text2);
}

OSW_TEST(round_trip)
{
    json_t *id;
    struct jsonrpc_msg *msg = jsonrpc_create_request("echo", json_array(),
                                                     &id);
    CHECK(json_is_integer(id));
    CHECK(json_equal(id, msg->id));
    char *expected = xasprintf("{\"method\":\"echo\",\"params\":[],"
                               "\"id\":%lld",
                               (long long int) json_integer_value(id));
    char *full = xasprintf("%s}", expected);
    check_round_trip(msg, full);
    free(expected);
    free(full);

    check_round_trip(jsonrpc_create_notify("update",
                                           parse("[null,{\"a\":[1,2.5]}]")),
                     "{\"method\":\"update\",\"params\":[null,{\"a\":"
                     "[1,2.5]}],\"id\":null}");
    full = xasprintf("{\"result\":{\"x\":\"\xc3\xa9\"},"
                     "\"error\":null,\"id\":%lld}",
                     (long long int) json_integer_value(id));
    check_round_trip(jsonrpc_create_reply(parse("{\"x\":\"\xc3\xa9\"}"), id),
                     full);
    free(full);
    json_t *sid = json_string("echo");
    check_round_trip(jsonrpc_create_reply(NULL, sid),
                     "{\"result\":null,\"error\":null,\"id\":\"echo\"}");
    check_round_trip(jsonrpc_create_error(parse("{\"error\":\"unknown "
                                                "method\"}"), sid),
                     "{\"result\":null,\"error\":{\"error\":\"unknown "
                     "method\"},\"id\":\"echo\"}");
    json_decref(sid);
    json_decref(id);
}

OSW_TEST(request_ids_increase)
{
    json_t *id1, *id2;
    struct jsonrpc_msg *a = jsonrpc_create_request("a", NULL, &id1);
    struct jsonrpc_msg *b = jsonrpc_create_request("b", NULL, &id2);
    struct jsonrpc_msg *c = jsonrpc_create_request("c", NULL, NULL);
    CHECK_EQ(json_integer_value(id2), json_integer_value(id1) + 1);
    CHECK_EQ(json_integer_value(c->id), json_integer_value(id2) + 1);
    /* NULL params become an empty array. */
    CHECK(json_is_array(a->params) && !json_array_size(a->params));
    json_decref(id1);
    json_decref(id2);
    jsonrpc_msg_destroy(a);
    jsonrpc_msg_destroy(b);
    jsonrpc_msg_destroy(c);
    jsonrpc_msg_destroy(NULL);
}

OSW_TEST(clone_is_deep)
{
    struct jsonrpc_msg *msg = jsonrpc_create_notify("update",
                                                    parse("[{\"a\":1}]"));
    struct jsonrpc_msg *copy = jsonrpc_msg_clone(msg);
    CHECK(copy->params != msg->params);
    CHECK(json_equal(copy->params, msg->params));
    CHECK_STREQ(copy->method, "update");
    CHECK(copy->method != msg->method);
    json_object_set_new(json_array_get(copy->params, 0), "a",
                        json_integer(2));
    CHECK_EQ(json_integer_value(
                 json_object_get(json_array_get(msg->params, 0), "a")), 1);
    jsonrpc_msg_destroy(msg);
    jsonrpc_msg_destroy(copy);
}

/* Connections. */

static char *
socket_name(const char *type)
{
    return xasprintf("%s:%s/socket", type, osw_test_tmpdir());
}

static struct pstream *
listen_here(void)
{
    char *name = socket_name("punix");
    struct pstream *pstream;
    CHECK_EQ(pstream_open(name, &pstream, 0), 0);
    free(name);
    return pstream;
}

static struct stream *
connect_here(void)
{
    char *name = socket_name("unix");
    struct stream *stream;
    int error = stream_open(name, &stream, 0);
    CHECK_EQ(stream_open_block(error, TEST_TIMEOUT, &stream), 0);
    free(name);
    return stream;
}

static struct stream *
accept_block(struct pstream *pstream)
{
    long long int deadline = time_msec() + TEST_TIMEOUT;
    for (;;) {
        struct stream *stream;
        int error = pstream_accept(pstream, &stream);
        if (!error) {
            return stream;
        }
        CHECK_EQ(error, EAGAIN);
        CHECK(time_msec() < deadline);
        pstream_wait(pstream);
        poll_timer_wait(100);
        poll_block();
    }
}

/* Connects a client and a server over a unix socket. */
static void
open_pair(struct jsonrpc **client, struct jsonrpc **server)
{
    struct pstream *pstream = listen_here();
    struct stream *stream = connect_here();
    *server = jsonrpc_open(accept_block(pstream));
    *client = jsonrpc_open(stream);
    pstream_close(pstream);
}

/* Receives on 'rpc', running 'other' (if nonnull) meanwhile, so that its
 * output flows. */
static int
recv_timeout(struct jsonrpc *rpc, struct jsonrpc *other,
             struct jsonrpc_msg **msgp)
{
    long long int deadline = time_msec() + TEST_TIMEOUT;
    for (;;) {
        int error = jsonrpc_recv(rpc, msgp);
        if (error != EAGAIN) {
            return error;
        }
        jsonrpc_run(rpc);
        if (other) {
            jsonrpc_run(other);
        }
        CHECK(time_msec() < deadline);
        jsonrpc_wait(rpc);
        jsonrpc_recv_wait(rpc);
        if (other) {
            jsonrpc_wait(other);
        }
        poll_timer_wait(100);
        poll_block();
    }
}

OSW_TEST(send_recv)
{
    struct jsonrpc *client, *server;
    open_pair(&client, &server);

    char *name = socket_name("unix");
    CHECK_STREQ(jsonrpc_get_name(client), name);
    free(name);
    CHECK_EQ(jsonrpc_get_status(client), 0);
    CHECK_EQ(jsonrpc_get_backlog(client), 0);

    json_t *id;
    CHECK_EQ(jsonrpc_send(client, jsonrpc_create_request(
                              "list_dbs", json_array(), &id)), 0);
    struct jsonrpc_msg *msg;
    CHECK_EQ(recv_timeout(server, client, &msg), 0);
    CHECK_EQ(msg->type, JSONRPC_REQUEST);
    CHECK_STREQ(msg->method, "list_dbs");
    CHECK(json_equal(msg->id, id));
    CHECK(jsonrpc_get_received_bytes(server) > 20);

    CHECK_EQ(jsonrpc_send(server, jsonrpc_create_reply(
                              parse("[\"Open_vSwitch\"]"), msg->id)), 0);
    jsonrpc_msg_destroy(msg);
    CHECK_EQ(recv_timeout(client, server, &msg), 0);
    CHECK_EQ(msg->type, JSONRPC_REPLY);
    CHECK(json_equal(msg->id, id));
    CHECK_STREQ(json_string_value(json_array_get(msg->result, 0)),
                "Open_vSwitch");
    jsonrpc_msg_destroy(msg);

    /* Nothing more is waiting. */
    CHECK_EQ(jsonrpc_recv(client, &msg), EAGAIN);
    CHECK(!msg);

    json_decref(id);
    jsonrpc_close(client);
    jsonrpc_close(server);
    jsonrpc_close(NULL);
}

OSW_TEST(many_messages)
{
    struct jsonrpc *client, *server;
    open_pair(&client, &server);

    enum { N = 300 };
    for (int i = 0; i < N; i++) {
        CHECK_EQ(jsonrpc_send(client, jsonrpc_create_notify(
                                  "update", json_pack("[i]", i))), 0);
    }
    for (int i = 0; i < N; i++) {
        struct jsonrpc_msg *msg;
        CHECK_EQ(recv_timeout(server, client, &msg), 0);
        CHECK_EQ(msg->type, JSONRPC_NOTIFY);
        CHECK_EQ(json_integer_value(json_array_get(msg->params, 0)), i);
        jsonrpc_msg_destroy(msg);
    }
    jsonrpc_close(client);
    jsonrpc_close(server);
}

OSW_TEST(backlog)
{
    struct jsonrpc *client, *server;
    open_pair(&client, &server);

    /* Far more than a socket buffer holds. */
    size_t big = 8 * 1024 * 1024;
    char *s = xmalloc(big + 1);
    memset(s, 'x', big);
    s[big] = '\0';
    CHECK_EQ(jsonrpc_send(client, jsonrpc_create_notify(
                              "update", json_pack("[s]", s))), 0);
    size_t backlog = jsonrpc_get_backlog(client);
    CHECK(backlog > 0);
    CHECK(backlog <= big + 50);

    /* A second message queues behind it. */
    CHECK_EQ(jsonrpc_send(client, jsonrpc_create_notify("second", NULL)), 0);
    CHECK(jsonrpc_get_backlog(client) > backlog);

    struct jsonrpc_msg *msg;
    CHECK_EQ(recv_timeout(server, client, &msg), 0);
    CHECK_STREQ(msg->method, "update");
    CHECK_EQ(strlen(json_string_value(json_array_get(msg->params, 0))), big);
    jsonrpc_msg_destroy(msg);
    CHECK_EQ(recv_timeout(server, client, &msg), 0);
    CHECK_STREQ(msg->method, "second");
    jsonrpc_msg_destroy(msg);
    CHECK_EQ(jsonrpc_get_backlog(client), 0);

    free(s);
    jsonrpc_close(client);
    jsonrpc_close(server);
}

OSW_TEST(eof)
{
    struct jsonrpc *client, *server;
    open_pair(&client, &server);

    CHECK_EQ(jsonrpc_send(client, jsonrpc_create_notify("bye", NULL)), 0);
    jsonrpc_close(client);

    /* Messages sent before the close still arrive, then EOF. */
    struct jsonrpc_msg *msg;
    CHECK_EQ(recv_timeout(server, NULL, &msg), 0);
    CHECK_STREQ(msg->method, "bye");
    jsonrpc_msg_destroy(msg);
    CHECK_EQ(recv_timeout(server, NULL, &msg), EOF);
    CHECK(!msg);
    CHECK_EQ(jsonrpc_get_status(server), EOF);

    /* The connection stays dead. */
    CHECK_EQ(jsonrpc_recv(server, &msg), EOF);
    CHECK_EQ(jsonrpc_send(server, jsonrpc_create_notify("x", NULL)), EOF);
    CHECK_EQ(jsonrpc_get_backlog(server), 0);
    jsonrpc_run(server);
    jsonrpc_wait(server);
    jsonrpc_recv_wait(server);
    poll_block();           /* Must not block: recv_wait woke at once. */
    jsonrpc_close(server);
}

/* Sends 'n' raw bytes from a plain stream to a jsonrpc server, closing
 * the stream afterward if 'close' is true, and returns what the server's
 * next jsonrpc_recv() says. */
static int
recv_from_raw(const char *data, size_t n, bool close)
{
    struct pstream *pstream = listen_here();
    struct stream *stream = connect_here();
    struct jsonrpc *server = jsonrpc_open(accept_block(pstream));
    pstream_close(pstream);

    CHECK_EQ(stream_send(stream, data, n), n);
    if (close) {
        stream_close(stream);
        stream = NULL;
    }

    struct jsonrpc_msg *msg;
    int error = recv_timeout(server, NULL, &msg);
    if (!error) {
        jsonrpc_msg_destroy(msg);
    } else {
        CHECK(!msg);
        CHECK_EQ(jsonrpc_get_status(server), error);
        /* Later sends report the error too. */
        CHECK_EQ(jsonrpc_send(server, jsonrpc_create_notify("x", NULL)),
                 error);
    }
    jsonrpc_close(server);
    stream_close(stream);
    return error;
}

#define RECV_RAW(DATA, CLOSE) recv_from_raw(DATA, sizeof DATA - 1, CLOSE)

OSW_TEST(garbage_is_eproto)
{
    CHECK_EQ(RECV_RAW("hello world", false), EPROTO);
    CHECK_EQ(RECV_RAW("}", false), EPROTO);
    CHECK_EQ(RECV_RAW("{\"method\":}", false), EPROTO);
    CHECK_EQ(RECV_RAW("[\"\xff\"]", false), EPROTO);
    CHECK_EQ(RECV_RAW("\x01\x02\x03\x04", false), EPROTO);
}

OSW_TEST(bad_message_is_eproto)
{
    CHECK_EQ(RECV_RAW("{\"foo\":1}", false), EPROTO);
    CHECK_EQ(RECV_RAW("[1,2,3]", false), EPROTO);
    CHECK_EQ(RECV_RAW("{\"method\":\"echo\",\"id\":1}", false), EPROTO);
    CHECK_EQ(RECV_RAW("42 ", false), EPROTO);
}

OSW_TEST(good_raw_message)
{
    CHECK_EQ(RECV_RAW("\n {\"method\":\"echo\",\"params\":[],\"id\":1}",
                      false), 0);
}

OSW_TEST(truncated_message_is_eproto)
{
    CHECK_EQ(RECV_RAW("{\"method\":\"echo\",\"par", true), EPROTO);
    CHECK_EQ(RECV_RAW("  ", true), EOF);
    CHECK_EQ(RECV_RAW("", true), EOF);
}

OSW_TEST(send_block_recv_block)
{
    struct jsonrpc *client, *server;
    open_pair(&client, &server);

    CHECK_EQ(jsonrpc_send_block(client, jsonrpc_create_notify(
                                    "update2", parse("[\"x\",{}]"))), 0);
    CHECK_EQ(jsonrpc_get_backlog(client), 0);
    struct jsonrpc_msg *msg;
    CHECK_EQ(jsonrpc_recv_block(server, &msg), 0);
    CHECK_STREQ(msg->method, "update2");
    jsonrpc_msg_destroy(msg);

    jsonrpc_close(client);
    CHECK_EQ(jsonrpc_recv_block(server, &msg), EOF);
    CHECK(!msg);
    CHECK_EQ(jsonrpc_send_block(server, jsonrpc_create_notify("x", NULL)),
             EOF);
    jsonrpc_close(server);
}

/* The server side of transact_block tests, in a child process: reads a
 * request, asks the client for an echo and sends an unrelated message
 * and a reply with a wrong id before the real reply, then checks the echo
 * reply.  With 'hang_up', closes the connection instead of replying.
 * Returns the exit status. */
static int
transact_server(struct pstream *pstream, bool hang_up)
{
    struct jsonrpc *rpc = jsonrpc_open(accept_block(pstream));
    struct jsonrpc_msg *request, *msg;
    int status = 0;

    pstream_close(pstream);
    if (jsonrpc_recv_block(rpc, &request)
        || request->type != JSONRPC_REQUEST
        || strcmp(request->method, "transact")) {
        status = 2;
    } else if (hang_up) {
        jsonrpc_msg_destroy(request);
    } else {
        jsonrpc_send(rpc, jsonrpc_create_request("echo", parse("[\"ping\"]"),
                                                 NULL));
        jsonrpc_send(rpc, jsonrpc_create_notify("update", NULL));
        json_t *wrong_id = json_string("not-yours");
        jsonrpc_send(rpc, jsonrpc_create_reply(json_array(), wrong_id));
        json_decref(wrong_id);
        jsonrpc_send(rpc, jsonrpc_create_reply(parse("[{\"count\":1}]"),
                                               request->id));
        jsonrpc_msg_destroy(request);

        if (jsonrpc_recv_block(rpc, &msg)) {
            status = 3;
        } else {
            json_t *first = json_array_get(msg->result, 0);
            if (msg->type != JSONRPC_REPLY || !json_is_string(first)
                || strcmp(json_string_value(first), "ping")) {
                status = 4;
            }
            jsonrpc_msg_destroy(msg);
        }
    }
    jsonrpc_close(rpc);
    return status;
}

/* Starts transact_server() in a child process and returns its pid and,
 * in '*client', a connection to it.  The connection is made before the
 * fork, because closing the listener in the parent removes its socket
 * file. */
static pid_t
fork_transact_server(bool hang_up, struct jsonrpc **client)
{
    struct pstream *pstream = listen_here();
    struct stream *stream = connect_here();
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        stream_close(stream);
        _exit(transact_server(pstream, hang_up));
    }
    pstream_close(pstream);
    *client = jsonrpc_open(stream);
    return pid;
}

static int
wait_child(pid_t pid)
{
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFEXITED(status));
    return WEXITSTATUS(status);
}

OSW_TEST(transact_block)
{
    struct jsonrpc *client;
    pid_t pid = fork_transact_server(false, &client);

    json_t *id;
    struct jsonrpc_msg *request = jsonrpc_create_request(
        "transact", parse("[\"Open_vSwitch\"]"), &id);
    struct jsonrpc_msg *reply;
    CHECK_EQ(jsonrpc_transact_block(client, request, &reply), 0);
    CHECK(reply);
    CHECK_EQ(reply->type, JSONRPC_REPLY);
    CHECK(json_equal(reply->id, id));
    CHECK_EQ(json_integer_value(
                 json_object_get(json_array_get(reply->result, 0),
                                 "count")), 1);
    jsonrpc_msg_destroy(reply);

    /* The child exits once it has the reply to its echo, which
     * jsonrpc_transact_block() queued. */
    while (jsonrpc_get_backlog(client)) {
        jsonrpc_run(client);
        jsonrpc_wait(client);
        poll_block();
    }
    CHECK_EQ(jsonrpc_get_status(client), 0);
    CHECK_EQ(wait_child(pid), 0);
    json_decref(id);
    jsonrpc_close(client);
}

OSW_TEST(transact_block_peer_hangs_up)
{
    struct jsonrpc *client;
    pid_t pid = fork_transact_server(true, &client);

    struct jsonrpc_msg *reply = (struct jsonrpc_msg *) 1;
    CHECK_EQ(jsonrpc_transact_block(client, jsonrpc_create_request(
                                        "transact", NULL, NULL), &reply),
             EOF);
    CHECK(!reply);
    CHECK_EQ(wait_child(pid), 0);
    jsonrpc_close(client);
}

OSW_TEST(transact_block_needs_id)
{
    struct jsonrpc *client, *server;
    open_pair(&client, &server);
    struct jsonrpc_msg *reply;
    CHECK_EQ(jsonrpc_transact_block(client, jsonrpc_create_notify("x", NULL),
                                    &reply), EINVAL);
    CHECK(!reply);
    jsonrpc_close(client);
    jsonrpc_close(server);
}

/* Sessions. */

/* Runs 'n' sessions until 'done(aux)' is true.  Fails after TEST_TIMEOUT
 * ms, or 'timeout' ms if that is positive.  'done' reads messages from
 * session 'reader'; with 'reader' -1, every session's messages are read
 * and dropped, so that each notices a dead connection. */
static void
run_sessions_until(struct jsonrpc_session **sessions, size_t n, int reader,
                   bool (*done)(void *aux), void *aux, long long int timeout)
{
    long long int deadline = time_msec() + (timeout > 0 ? timeout
                                            : TEST_TIMEOUT);
    for (;;) {
        for (size_t i = 0; i < n; i++) {
            if (sessions[i]) {
                jsonrpc_session_run(sessions[i]);
            }
        }
        if (done(aux)) {
            return;
        }
        CHECK(time_msec() < deadline);
        for (size_t i = 0; i < n; i++) {
            if (!sessions[i]) {
                continue;
            }
            if (reader < 0) {
                struct jsonrpc_msg *msg;
                while ((msg = jsonrpc_session_recv(sessions[i]))) {
                    jsonrpc_msg_destroy(msg);
                }
            }
            jsonrpc_session_wait(sessions[i]);
            if (reader < 0 || (size_t) reader == i) {
                jsonrpc_session_recv_wait(sessions[i]);
            }
        }
        poll_timer_wait(50);
        poll_block();
    }
}

struct pair {
    struct jsonrpc_session *s[2];   /* Server, client. */
};

static bool
both_connected(void *pair_)
{
    struct pair *pair = pair_;
    return (jsonrpc_session_is_connected(pair->s[0])
            && jsonrpc_session_is_connected(pair->s[1]));
}

static void
open_session_pair(struct pair *pair)
{
    char *pname = socket_name("punix");
    char *name = socket_name("unix");
    pair->s[0] = jsonrpc_session_open(pname, true);
    jsonrpc_session_run(pair->s[0]);    /* Listen before connecting. */
    pair->s[1] = jsonrpc_session_open(name, true);
    run_sessions_until(pair->s, 2, -1, both_connected, pair, 0);
    free(pname);
    free(name);
}

static void
close_session_pair(struct pair *pair)
{
    jsonrpc_session_close(pair->s[0]);
    jsonrpc_session_close(pair->s[1]);
}

/* Receives the next message on 'pair->s[i]' while running both. */
struct recv_ctx {
    struct pair *pair;
    int i;
    struct jsonrpc_msg *msg;
};

static bool
session_received(void *ctx_)
{
    struct recv_ctx *ctx = ctx_;
    ctx->msg = jsonrpc_session_recv(ctx->pair->s[ctx->i]);
    return ctx->msg != NULL;
}

static struct jsonrpc_msg *
session_recv_timeout(struct pair *pair, int i)
{
    struct recv_ctx ctx = { pair, i, NULL };
    run_sessions_until(pair->s, 2, i, session_received, &ctx, 0);
    return ctx.msg;
}

OSW_TEST(session_connect_and_talk)
{
    struct pair pair;
    open_session_pair(&pair);
    struct jsonrpc_session *server = pair.s[0], *client = pair.s[1];

    char *name = socket_name("unix");
    CHECK_STREQ(jsonrpc_session_get_name(client), name);
    free(name);
    CHECK(jsonrpc_session_is_alive(client));
    CHECK(jsonrpc_session_is_alive(server));
    CHECK_EQ(jsonrpc_session_get_seqno(client), 1);
    CHECK_EQ(jsonrpc_session_get_seqno(server), 1);
    CHECK_EQ(jsonrpc_session_get_status(client), 0);
    CHECK_EQ(jsonrpc_session_get_last_error(server), 0);

    json_t *id;
    CHECK_EQ(jsonrpc_session_send(client, jsonrpc_create_request(
                                      "get_schema", parse("[\"db\"]"), &id)),
             0);
    struct jsonrpc_msg *msg = session_recv_timeout(&pair, 0);
    CHECK_STREQ(msg->method, "get_schema");
    CHECK_EQ(jsonrpc_session_send(server, jsonrpc_create_reply(
                                      parse("{\"name\":\"db\"}"), msg->id)),
             0);
    jsonrpc_msg_destroy(msg);
    msg = session_recv_timeout(&pair, 1);
    CHECK_EQ(msg->type, JSONRPC_REPLY);
    CHECK(json_equal(msg->id, id));
    jsonrpc_msg_destroy(msg);
    json_decref(id);
    CHECK_EQ(jsonrpc_session_get_backlog(client), 0);

    struct reconnect_stats stats;
    jsonrpc_session_get_reconnect_stats(client, &stats);
    CHECK(stats.is_connected);
    CHECK_STREQ(stats.state, "ACTIVE");
    CHECK_EQ(stats.n_successful_connections, 1);
    CHECK_EQ(stats.n_attempted_connections, 1);
    CHECK(stats.last_activity != RECONNECT_NEVER);

    close_session_pair(&pair);
}

OSW_TEST(session_answers_echo)
{
    struct pair pair;
    open_session_pair(&pair);

    /* The server answers the client's echo by itself. */
    json_t *id;
    jsonrpc_session_send(pair.s[1], jsonrpc_create_request(
                             "echo", parse("[\"abc\",1]"), &id));
    jsonrpc_session_send(pair.s[1], jsonrpc_create_notify("marker", NULL));
    struct jsonrpc_msg *msg = session_recv_timeout(&pair, 0);
    CHECK_STREQ(msg->method, "marker");     /* The echo never showed. */
    jsonrpc_msg_destroy(msg);

    msg = session_recv_timeout(&pair, 1);
    CHECK_EQ(msg->type, JSONRPC_REPLY);
    CHECK(json_equal(msg->id, id));
    CHECK_EQ(json_array_size(msg->result), 2);
    CHECK_STREQ(json_string_value(json_array_get(msg->result, 0)), "abc");
    jsonrpc_msg_destroy(msg);
    json_decref(id);

    /* A reply to our own probe (id "echo") is swallowed. */
    json_t *echo_id = json_string("echo");
    jsonrpc_session_send(pair.s[0], jsonrpc_create_reply(json_array(),
                                                         echo_id));
    jsonrpc_session_send(pair.s[0], jsonrpc_create_notify("after", NULL));
    json_decref(echo_id);
    msg = session_recv_timeout(&pair, 1);
    CHECK_STREQ(msg->method, "after");
    jsonrpc_msg_destroy(msg);

    close_session_pair(&pair);
}

static bool
client_seqno_is_2(void *pair_)
{
    struct pair *pair = pair_;
    return (jsonrpc_session_get_seqno(pair->s[1]) == 2
            && jsonrpc_session_is_connected(pair->s[1])
            && jsonrpc_session_get_seqno(pair->s[0]) == 2);
}

OSW_TEST(session_force_reconnect)
{
    struct pair pair;
    open_session_pair(&pair);

    jsonrpc_session_force_reconnect(pair.s[1]);
    jsonrpc_session_run(pair.s[1]);
    CHECK(!jsonrpc_session_is_connected(pair.s[1]));
    CHECK(jsonrpc_session_is_alive(pair.s[1]));
    CHECK_EQ(jsonrpc_session_send(pair.s[1], jsonrpc_create_notify("x",
                                                                   NULL)),
             ENOTCONN);
    /* A deliberate reconnection is no error. */
    CHECK_EQ(jsonrpc_session_get_last_error(pair.s[1]), 0);

    run_sessions_until(pair.s, 2, -1, client_seqno_is_2, &pair, 0);
    struct reconnect_stats stats;
    jsonrpc_session_get_reconnect_stats(pair.s[1], &stats);
    CHECK_EQ(stats.n_successful_connections, 2);
    CHECK_EQ(jsonrpc_session_get_last_error(pair.s[0]), EOF);
    close_session_pair(&pair);
}

/* jsonrpc_session_set_backoff(): a 1 ms backoff reconnects at once (the
 * default waits RECONNECT_DEFAULT_MIN_BACKOFF after a drop), and values
 * <= 0 bring the defaults back. */
OSW_TEST(session_set_backoff)
{
    struct pair pair;
    open_session_pair(&pair);

    jsonrpc_session_set_backoff(pair.s[1], 1, 1);
    long long int start = time_msec();
    jsonrpc_session_force_reconnect(pair.s[1]);
    jsonrpc_session_run(pair.s[1]);
    struct reconnect_stats stats;
    jsonrpc_session_get_reconnect_stats(pair.s[1], &stats);
    CHECK_STREQ(stats.state, "BACKOFF");
    CHECK_EQ(stats.backoff, 1);
    run_sessions_until(pair.s, 2, -1, client_seqno_is_2, &pair, 0);
    CHECK(time_msec() - start < RECONNECT_DEFAULT_MIN_BACKOFF / 2);

    jsonrpc_session_set_backoff(pair.s[1], 0, -1);
    jsonrpc_session_force_reconnect(pair.s[1]);
    jsonrpc_session_run(pair.s[1]);
    jsonrpc_session_get_reconnect_stats(pair.s[1], &stats);
    CHECK_STREQ(stats.state, "BACKOFF");
    CHECK_EQ(stats.backoff, RECONNECT_DEFAULT_MIN_BACKOFF);
    close_session_pair(&pair);
}

struct three {
    struct jsonrpc_session *s[3];   /* Server, old client, new client. */
};

static bool
replaced(void *t_)
{
    struct three *t = t_;
    return (jsonrpc_session_get_seqno(t->s[0]) == 2
            && jsonrpc_session_is_connected(t->s[2])
            && !jsonrpc_session_is_connected(t->s[1]));
}

OSW_TEST(session_passive_replaces_older)
{
    struct pair pair;
    open_session_pair(&pair);
    char *name = socket_name("unix");
    struct three t = { { pair.s[0], pair.s[1],
                         jsonrpc_session_open(name, false) } };
    free(name);

    run_sessions_until(t.s, 3, -1, replaced, &t, 0);
    CHECK_EQ(jsonrpc_session_get_last_error(t.s[1]), EOF);

    /* The server talks to the newer client. */
    jsonrpc_session_send(t.s[0], jsonrpc_create_notify("hello", NULL));
    struct pair newer = { { t.s[0], t.s[2] } };
    struct jsonrpc_msg *msg = session_recv_timeout(&newer, 1);
    CHECK_STREQ(msg->method, "hello");
    jsonrpc_msg_destroy(msg);

    for (int i = 0; i < 3; i++) {
        jsonrpc_session_close(t.s[i]);
    }
}

static bool
not_alive(void *s_)
{
    return !jsonrpc_session_is_alive(s_);
}

OSW_TEST(session_no_retry)
{
    char *name = xasprintf("unix:%s/nobody-here", osw_test_tmpdir());
    struct jsonrpc_session *s = jsonrpc_session_open(name, false);
    CHECK(jsonrpc_session_is_alive(s));
    run_sessions_until(&s, 1, -1, not_alive, s, 0);
    CHECK(!jsonrpc_session_is_connected(s));
    CHECK_EQ(jsonrpc_session_get_last_error(s), ENOENT);
    CHECK_EQ(jsonrpc_session_get_status(s), ENOENT);
    CHECK_EQ(jsonrpc_session_get_seqno(s), 0);

    struct reconnect_stats stats;
    jsonrpc_session_get_reconnect_stats(s, &stats);
    CHECK_STREQ(stats.state, "VOID");
    CHECK_EQ(stats.n_attempted_connections, 1);
    CHECK_EQ(stats.n_successful_connections, 0);
    jsonrpc_session_close(s);
    free(name);
}

OSW_TEST(session_bad_name)
{
    struct jsonrpc_session *s = jsonrpc_session_open("bogus:xyz", false);
    run_sessions_until(&s, 1, -1, not_alive, s, 0);
    CHECK(jsonrpc_session_get_last_error(s) != 0);
    jsonrpc_session_close(s);
}

static bool
server_dropped(void *s_)
{
    return !jsonrpc_session_is_connected(s_);
}

OSW_TEST(session_backlog_threshold)
{
    struct pair pair;
    open_session_pair(&pair);
    jsonrpc_session_set_backlog_threshold(pair.s[0], 256 * 1024);

    /* The client never reads. */
    size_t big = 128 * 1024;
    char *s = xmalloc(big + 1);
    memset(s, 'y', big);
    s[big] = '\0';
    for (int i = 0; i < 64 && jsonrpc_session_is_connected(pair.s[0]);
         i++) {
        jsonrpc_session_send(pair.s[0], jsonrpc_create_notify(
                                 "update", json_pack("[s]", s)));
        jsonrpc_session_run(pair.s[0]);
    }
    run_sessions_until(&pair.s[0], 1, -1, server_dropped, pair.s[0], 0);
    CHECK_EQ(jsonrpc_session_get_last_error(pair.s[0]), ENOBUFS);
    CHECK_EQ(jsonrpc_session_get_backlog(pair.s[0]), 0);
    /* A passive session keeps listening. */
    CHECK(jsonrpc_session_is_alive(pair.s[0]));
    free(s);
    close_session_pair(&pair);
}

/* Probes: a client session with a 1 s probe interval talks to a bare
 * jsonrpc server, which answers the first probe and then goes quiet. */
struct probe_ctx {
    struct jsonrpc_session *client;
    struct jsonrpc *server;
    int n_probes;
    bool answer;
    bool was_connected;
};

static bool
client_gave_up(void *ctx_)
{
    struct probe_ctx *ctx = ctx_;
    struct jsonrpc_msg *msg;

    jsonrpc_run(ctx->server);
    if (!jsonrpc_recv(ctx->server, &msg)) {
        if (msg->type == JSONRPC_REQUEST && !strcmp(msg->method, "echo")) {
            CHECK(json_is_string(msg->id));
            CHECK_STREQ(json_string_value(msg->id), "echo");
            ctx->n_probes++;
            if (ctx->answer) {
                jsonrpc_send(ctx->server, jsonrpc_create_reply(
                                 json_incref(msg->params), msg->id));
                ctx->answer = false;
            }
        }
        jsonrpc_msg_destroy(msg);
    }
    jsonrpc_wait(ctx->server);
    jsonrpc_recv_wait(ctx->server);
    if (jsonrpc_session_is_connected(ctx->client)) {
        ctx->was_connected = true;
        return false;
    }
    return ctx->was_connected;
}

OSW_TEST(session_probes)
{
    struct pstream *pstream = listen_here();
    char *name = socket_name("unix");
    struct probe_ctx ctx = { jsonrpc_session_open(name, true), NULL, 0,
                             true, false };
    free(name);
    jsonrpc_session_set_probe_interval(ctx.client, 1000);
    jsonrpc_session_run(ctx.client);
    ctx.server = jsonrpc_open(accept_block(pstream));
    pstream_close(pstream);

    long long int start = time_msec();
    run_sessions_until(&ctx.client, 1, -1, client_gave_up, &ctx, 0);
    long long int elapsed = time_msec() - start;

    /* Probe at 1 s (answered), probe at 2 s, give up at 3 s. */
    CHECK_EQ(ctx.n_probes, 2);
    CHECK(elapsed >= 2500);
    CHECK(elapsed < 6000);
    CHECK_EQ(jsonrpc_session_get_last_error(ctx.client), ETIMEDOUT);
    CHECK(jsonrpc_session_is_alive(ctx.client));

    jsonrpc_session_close(ctx.client);
    jsonrpc_close(ctx.server);
}

static bool
unreliable_dead(void *s_)
{
    jsonrpc_session_recv(s_);
    return !jsonrpc_session_is_alive(s_);
}

OSW_TEST(session_open_unreliably)
{
    struct jsonrpc *client, *server;
    open_pair(&client, &server);
    struct jsonrpc_session *s = jsonrpc_session_open_unreliably(server, 0);
    CHECK(jsonrpc_session_is_connected(s));
    CHECK(jsonrpc_session_is_alive(s));
    CHECK_EQ(jsonrpc_session_get_seqno(s), 1);

    CHECK_EQ(jsonrpc_send(client, jsonrpc_create_notify("hi", NULL)), 0);
    struct jsonrpc_msg *msg = NULL;
    long long int deadline = time_msec() + TEST_TIMEOUT;
    while (!(msg = jsonrpc_session_recv(s))) {
        CHECK(time_msec() < deadline);
        jsonrpc_session_run(s);
        jsonrpc_session_wait(s);
        jsonrpc_session_recv_wait(s);
        poll_timer_wait(50);
        poll_block();
    }
    CHECK_STREQ(msg->method, "hi");
    jsonrpc_msg_destroy(msg);

    jsonrpc_close(client);
    run_sessions_until(&s, 1, -1, unreliable_dead, s, 0);
    CHECK_EQ(jsonrpc_session_get_last_error(s), EOF);
    CHECK(!jsonrpc_session_recv(s));
    jsonrpc_session_close(s);
}

OSW_TEST(session_settings)
{
    struct jsonrpc_session *s = jsonrpc_session_open("tcp:127.0.0.1:1",
                                                     true);
    struct reconnect_stats stats;
    jsonrpc_session_get_reconnect_stats(s, &stats);
    CHECK_STREQ(stats.state, "BACKOFF");
    jsonrpc_session_set_max_backoff(s, 2000);
    jsonrpc_session_set_probe_interval(s, 0);
    jsonrpc_session_set_dscp(s, 10);
    jsonrpc_session_set_backlog_threshold(s, 0);
    jsonrpc_session_enable_reconnect(s);
    CHECK_EQ(jsonrpc_session_get_backlog(s), 0);
    CHECK(!jsonrpc_session_recv(s));
    jsonrpc_session_recv_wait(s);
    CHECK_EQ(jsonrpc_session_send(s, jsonrpc_create_notify("x", NULL)),
             ENOTCONN);
    jsonrpc_session_close(s);
    jsonrpc_session_close(NULL);
}

OSW_TEST_MAIN()
