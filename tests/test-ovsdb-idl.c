/* Tests for ovsdb/ovsdb-idl.c.
 *
 * The unit cases drive an IDL against a scripted server in the same
 * process: the test listens on a unix socket in its temporary directory,
 * reads what the IDL sends, checks it and answers with canned JSON, so
 * every message of the protocol (and every malformed one) can be
 * exercised without a real database server.
 *
 * "test-ovsdb-idl --client REMOTE COMMAND..." is a small client for the
 * functional tests (tests/func/ovsdb-idl-*.sh), which run it against a
 * real ovsdb-server; see client_usage() at the end. */
#include <config.h>
#include "ovsdb/ovsdb-idl.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <unistd.h>

#include "osw/dynamic-string.h"
#include "osw/jsonrpc.h"
#include "osw/poll-loop.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/vlog.h"
#include "ovsdb/ovsdb-error.h"
#include "testlib.h"

#define ZERO "00000000-0000-0000-0000-000000000000"
#define U1 "11111111-1111-4111-8111-111111111111"
#define U2 "22222222-2222-4222-8222-222222222222"
#define U3 "33333333-3333-4333-8333-333333333333"
#define U4 "44444444-4444-4444-8444-444444444444"
#define T1 "aaaaaaaa-0000-4000-8000-000000000001"
#define T2 "aaaaaaaa-0000-4000-8000-000000000002"

static const char test_schema_json[] =
    "{\"name\": \"Test\", \"version\": \"1.2.3\", \"tables\": {"
    " \"Root\": {\"isRoot\": true, \"columns\": {"
    "  \"name\": {\"type\": \"string\"},"
    "  \"count\": {\"type\": \"integer\"},"
    "  \"ratio\": {\"type\": \"real\"},"
    "  \"flag\": {\"type\": \"boolean\"},"
    "  \"tag\": {\"type\": {\"key\": \"integer\", \"min\": 0, \"max\": 1}},"
    "  \"items\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "                                   \"refTable\": \"Item\"},"
    "                         \"min\": 0, \"max\": \"unlimited\"}},"
    "  \"config\": {\"type\": {\"key\": \"string\", \"value\": \"string\","
    "                          \"min\": 0, \"max\": \"unlimited\"}},"
    "  \"names\": {\"type\": {\"key\": \"string\", \"min\": 0,"
    "                         \"max\": \"unlimited\"}},"
    "  \"stats\": {\"type\": {\"key\": \"string\", \"value\": \"integer\","
    "                         \"min\": 0, \"max\": \"unlimited\"}}}},"
    " \"Item\": {\"columns\": {"
    "  \"label\": {\"type\": \"string\"},"
    "  \"peer\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "                                  \"refTable\": \"Item\","
    "                                  \"refType\": \"weak\"},"
    "                        \"min\": 0, \"max\": 1}},"
    "  \"pair\": {\"type\": {\"key\": \"integer\", \"min\": 1,"
    "                        \"max\": 2}}}}}}";

/* The monitor request for every column of the test schema. */
#define ALL_REQUESTS                                                    \
    "{\"Root\": [{\"columns\": [\"name\", \"count\", \"ratio\", \"flag\"," \
    " \"tag\", \"items\", \"config\", \"names\", \"stats\"]}],"           \
    " \"Item\": [{\"columns\": [\"label\", \"peer\", \"pair\"]}]}"

static struct ovsdb_schema *
test_schema(void)
{
    struct ovsdb_schema *schema;
    json_t *json = json_loads(test_schema_json, 0, NULL);

    CHECK(json);
    ovsdb_error_assert(ovsdb_schema_from_json(json, &schema));
    json_decref(json);
    return schema;
}

static json_t *
parse_json(const char *text)
{
    json_error_t error;
    json_t *json = json_loads(text, JSON_DECODE_ANY, &error);

    if (!json) {
        osw_test_fail(__FILE__, __LINE__, "bad JSON in test (%s): %s",
                      error.text, text);
    }
    return json;
}

static char * OSW_PRINTF_FORMAT(1, 0)
vformat(const char *format, va_list args)
{
    return xvasprintf(format, args);
}

/* Fails unless 'actual' equals the JSON 'expected'. */
#define CHECK_JSON(ACTUAL, ...) \
    check_json(__FILE__, __LINE__, ACTUAL, __VA_ARGS__)

static void OSW_PRINTF_FORMAT(4, 5)
check_json(const char *file, int line, const json_t *actual,
           const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *text = vformat(format, args);
    va_end(args);

    json_t *expected = parse_json(text);
    if (!actual || !json_equal(CONST_CAST(json_t *, actual), expected)) {
        char *a = actual ? json_dumps(actual, JSON_SORT_KEYS | JSON_COMPACT)
                         : xstrdup("(null)");
        char *e = json_dumps(expected, JSON_SORT_KEYS | JSON_COMPACT);
        osw_test_fail(file, line, "JSON differs:\n  actual:   %s\n"
                      "  expected: %s", a, e);
    }
    json_decref(expected);
    free(text);
}

/* The scripted server. */

struct fake {
    struct pstream *pstream;
    struct jsonrpc *rpc;
    char *remote;
    struct ovsdb_idl *idl;
    unsigned int n_connections;

    struct jsonrpc_msg **queue;     /* Received, not yet expected. */
    size_t n_queue, allocated_queue;
};

static void
fake_start(struct fake *f, bool given_schema, bool monitor_everything)
{
    struct ovsdb_schema *schema = given_schema ? test_schema() : NULL;
    char *name;

    memset(f, 0, sizeof *f);
    name = xasprintf("punix:%s/db.sock", osw_test_tmpdir());
    CHECK_EQ(pstream_open(name, &f->pstream, 0), 0);
    free(name);
    f->remote = xasprintf("unix:%s/db.sock", osw_test_tmpdir());
    f->idl = ovsdb_idl_create(f->remote, "Test", schema, monitor_everything,
                              true);
    ovsdb_schema_destroy(schema);
}

static void
fake_destroy(struct fake *f)
{
    ovsdb_idl_destroy(f->idl);
    for (size_t i = 0; i < f->n_queue; i++) {
        jsonrpc_msg_destroy(f->queue[i]);
    }
    free(f->queue);
    jsonrpc_close(f->rpc);
    pstream_close(f->pstream);
    free(f->remote);
}

/* Drops the server's side of the connection. */
static void
fake_disconnect(struct fake *f)
{
    jsonrpc_close(f->rpc);
    f->rpc = NULL;
    for (size_t i = 0; i < f->n_queue; i++) {
        jsonrpc_msg_destroy(f->queue[i]);
    }
    f->n_queue = 0;
}

static void
fake_send(struct fake *f, struct jsonrpc_msg *msg)
{
    CHECK(f->rpc);
    CHECK_EQ(jsonrpc_send(f->rpc, msg), 0);
}

/* Runs the IDL once and does the server's I/O, without blocking.
 * "echo" and "set_db_change_aware" get their replies here; other
 * requests are queued for fake_expect(). */
static void
fake_run_once(struct fake *f)
{
    ovsdb_idl_run(f->idl);
    if (!f->rpc) {
        struct stream *stream;

        if (!pstream_accept(f->pstream, &stream)) {
            f->rpc = jsonrpc_open(stream);
            f->n_connections++;
        }
    }
    if (f->rpc) {
        struct jsonrpc_msg *msg;
        int error;

        jsonrpc_run(f->rpc);
        while (!(error = jsonrpc_recv(f->rpc, &msg))) {
            if (msg->type == JSONRPC_REQUEST
                && (!strcmp(msg->method, "echo")
                    || !strcmp(msg->method, "set_db_change_aware"))) {
                json_t *result = (!strcmp(msg->method, "echo")
                                  ? json_incref(msg->params) : json_object());
                fake_send(f, jsonrpc_create_reply(result, msg->id));
                jsonrpc_msg_destroy(msg);
                continue;
            }
            if (f->n_queue >= f->allocated_queue) {
                f->queue = x2nrealloc(f->queue, &f->allocated_queue,
                                      sizeof *f->queue);
            }
            f->queue[f->n_queue++] = msg;
        }
        if (error != EAGAIN) {
            fake_disconnect(f);
        }
    }
}

static void
fake_block(struct fake *f, long long int deadline)
{
    CHECK(time_msec() < deadline);
    ovsdb_idl_wait(f->idl);
    if (f->rpc) {
        jsonrpc_wait(f->rpc);
        jsonrpc_recv_wait(f->rpc);
    } else {
        pstream_wait(f->pstream);
    }
    poll_timer_wait_until(deadline);
    poll_block();
}

/* Runs the IDL and the server until 'COND' holds (at most 10 s). */
#define FAKE_RUN_UNTIL(F, COND)                                         \
    do {                                                                \
        long long int deadline__ = time_msec() + 10000;                 \
        for (;;) {                                                      \
            fake_run_once(F);                                           \
            if (COND) {                                                 \
                break;                                                  \
            }                                                           \
            fake_block(F, deadline__);                                  \
        }                                                               \
    } while (0)

/* Returns the next request or notification the IDL sent, which must be
 * 'method' (the caller destroys it). */
static struct jsonrpc_msg *
fake_expect(struct fake *f, const char *method)
{
    struct jsonrpc_msg *msg;

    FAKE_RUN_UNTIL(f, f->n_queue > 0);
    msg = f->queue[0];
    memmove(f->queue, f->queue + 1, --f->n_queue * sizeof *f->queue);
    if (!msg->method || strcmp(msg->method, method)) {
        char *s = jsonrpc_msg_to_string(msg);
        osw_test_fail(__FILE__, __LINE__, "expected \"%s\", got %s",
                      method, s);
    }
    return msg;
}

/* Answers request 'msg' (destroying it) with the result 'format'. */
static void OSW_PRINTF_FORMAT(3, 4)
fake_reply(struct fake *f, struct jsonrpc_msg *msg, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *text = vformat(format, args);
    va_end(args);

    fake_send(f, jsonrpc_create_reply(parse_json(text), msg->id));
    jsonrpc_msg_destroy(msg);
    free(text);
}

/* Answers request 'msg' (destroying it) with the error 'text'. */
static void
fake_error(struct fake *f, struct jsonrpc_msg *msg, const char *text)
{
    fake_send(f, jsonrpc_create_error(parse_json(text), msg->id));
    jsonrpc_msg_destroy(msg);
}

static void OSW_PRINTF_FORMAT(3, 4)
fake_notify(struct fake *f, const char *method, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *text = vformat(format, args);
    va_end(args);

    fake_send(f, jsonrpc_create_notify(method, parse_json(text)));
    free(text);
}

/* Sends an update and runs the IDL until its seqno moves (or, for an
 * update that should not move it, until the server's next message is
 * processed: a round trip of "echo" would do, but a second update that
 * moves the seqno is simpler). */
static void OSW_PRINTF_FORMAT(3, 4)
fake_update(struct fake *f, const char *method, const char *format, ...)
{
    unsigned int seqno = ovsdb_idl_get_seqno(f->idl);
    va_list args;
    va_start(args, format);
    char *text = vformat(format, args);
    va_end(args);

    fake_send(f, jsonrpc_create_notify(method, parse_json(text)));
    free(text);
    FAKE_RUN_UNTIL(f, ovsdb_idl_get_seqno(f->idl) != seqno);
}

/* Handles "_Server" as an old server would (no such database) and
 * answers "get_schema"; returns the data monitor request. */
static struct jsonrpc_msg *
fake_handshake(struct fake *f, const char *monitor_method)
{
    struct jsonrpc_msg *msg = fake_expect(f, "monitor_cond");

    CHECK_STREQ(json_string_value(json_array_get(msg->params, 0)),
                "_Server");
    fake_error(f, msg, "{\"error\": \"unknown database\"}");
    msg = fake_expect(f, "get_schema");
    CHECK_JSON(msg->params, "[\"Test\"]");
    fake_reply(f, msg, "%s", test_schema_json);
    return fake_expect(f, monitor_method);
}

/* Connects with monitor_cond_since, loading 'initial' (a
 * <table-updates2>) with last transaction id 'last_id'. */
static void
fake_sync(struct fake *f, const char *initial, const char *last_id)
{
    struct jsonrpc_msg *msg = fake_handshake(f, "monitor_cond_since");

    fake_reply(f, msg, "[false, \"%s\", %s]", last_id, initial);
    FAKE_RUN_UNTIL(f, ovsdb_idl_is_synced(f->idl));
}

/* Helpers to read the replica. */

static const struct ovsdb_idl_table *
table(const struct fake *f, const char *name)
{
    const struct ovsdb_idl_table *t = ovsdb_idl_get_table(f->idl, name);

    CHECK(t);
    return t;
}

static const struct ovsdb_idl_row *
row(const struct fake *f, const char *table_name, const char *uuid_s)
{
    struct uuid uuid;

    CHECK(uuid_from_string(&uuid, uuid_s));
    return ovsdb_idl_get_row_for_uuid(table(f, table_name), &uuid);
}

/* Returns column 'column' of 'r' in ovs-vsctl syntax (static buffer). */
static const char *
value(const struct ovsdb_idl_row *r, const char *column)
{
    static char *s;
    const struct ovsdb_column *c;
    struct ds ds = DS_EMPTY_INITIALIZER;

    CHECK(r);
    c = ovsdb_idl_table_find_column(r->table, column);
    CHECK(c);
    ovsdb_datum_to_string(ovsdb_idl_get(r, column), &c->type, &ds);
    free(s);
    s = ds_steal_cstr(&ds);
    return s;
}

/* Sets the condition of 'table_name' from JSON 'text'. */
static unsigned int
set_cond(struct fake *f, const char *table_name, const char *text)
{
    json_t *cond = parse_json(text);
    unsigned int seqno = ovsdb_idl_set_condition(f->idl, table_name, cond);

    json_decref(cond);
    return seqno;
}

static const char *
uuid_string(const struct uuid *uuid)
{
    static char s[UUID_LEN + 1];

    uuid_to_string(uuid, s);
    return s;
}

/* Connection and monitoring. */

OSW_TEST(fetch_schema_from_server_db)
{
    struct fake f;
    struct jsonrpc_msg *msg;
    json_t *schema = parse_json(test_schema_json);
    char *text = json_dumps(schema, JSON_COMPACT);
    json_t *text_json = json_string(text);
    char *quoted = json_dumps(text_json, JSON_ENCODE_ANY);

    fake_start(&f, false, true);
    CHECK(!ovsdb_idl_get_schema(f.idl));
    CHECK(!ovsdb_idl_get_table(f.idl, "Root"));

    msg = fake_expect(&f, "monitor_cond");
    CHECK_JSON(msg->params,
               "[\"_Server\", [\"osw-idl\", \"_Server\"],"
               " {\"Database\": [{\"columns\": [\"name\", \"model\","
               "  \"connected\", \"leader\", \"schema\"],"
               "  \"where\": [[\"name\", \"==\", \"Test\"]]}]}]");
    fake_reply(&f, msg, "{\"Database\": {\"" U4 "\": {\"initial\": "
               "{\"name\": \"Test\", \"model\": \"standalone\", "
               "\"connected\": true, \"leader\": true, \"schema\": %s}}}}",
               quoted);

    msg = fake_expect(&f, "monitor_cond_since");
    CHECK_JSON(msg->params, "[\"Test\", [\"osw-idl\", \"Test\"], %s, \""
               ZERO "\"]", ALL_REQUESTS);
    fake_reply(&f, msg, "[false, \"" T1 "\", {\"Root\": {\"" U1 "\": "
               "{\"initial\": {\"name\": \"a\", \"count\": 3, "
               "\"config\": [\"map\", [[\"k\", \"v\"]]]}}}}]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_is_synced(f.idl));

    CHECK(ovsdb_idl_get_schema(f.idl));
    CHECK_STREQ(ovsdb_idl_get_schema(f.idl)->version, "1.2.3");
    CHECK(ovsdb_idl_has_ever_connected(f.idl));
    CHECK_STREQ(ovsdb_idl_get_monitor_method(f.idl), "monitor_cond_since");
    CHECK_EQ(ovsdb_idl_get_n_full_loads(f.idl), 1);
    CHECK_EQ(ovsdb_idl_get_last_error(f.idl), 0);
    CHECK(ovsdb_idl_get_seqno(f.idl) > 0);
    CHECK_EQ(ovsdb_idl_table_count(table(&f, "Root")), 1);
    CHECK_EQ(ovsdb_idl_table_count(table(&f, "Item")), 0);
    CHECK_STREQ(value(row(&f, "Root", U1), "name"), "a");
    CHECK_STREQ(value(row(&f, "Root", U1), "count"), "3");
    CHECK_STREQ(value(row(&f, "Root", U1), "config"), "{k=v}");
    CHECK_STREQ(value(row(&f, "Root", U1), "flag"), "false");
    CHECK_STREQ(value(row(&f, "Root", U1), "_uuid"), U1);

    fake_destroy(&f);
    json_decref(schema);
    json_decref(text_json);
    free(text);
    free(quoted);
}

OSW_TEST(empty_database_bumps_seqno)
{
    struct fake f;

    fake_start(&f, true, true);
    CHECK_EQ(ovsdb_idl_get_seqno(f.idl), 0);
    CHECK(!ovsdb_idl_has_ever_connected(f.idl));
    fake_sync(&f, "{}", ZERO);
    CHECK(ovsdb_idl_get_seqno(f.idl) > 0);
    CHECK(ovsdb_idl_has_ever_connected(f.idl));
    fake_destroy(&f);
}

OSW_TEST(fallback_to_monitor_cond_then_monitor)
{
    struct fake f;
    struct jsonrpc_msg *msg;

    fake_start(&f, true, true);
    msg = fake_handshake(&f, "monitor_cond_since");
    fake_error(&f, msg, "\"unknown method\"");

    msg = fake_expect(&f, "monitor_cond");
    CHECK_JSON(msg->params, "[\"Test\", [\"osw-idl\", \"Test\"], %s]",
               ALL_REQUESTS);
    fake_error(&f, msg, "{\"error\": \"unknown method\"}");

    msg = fake_expect(&f, "monitor");
    CHECK_JSON(msg->params, "[\"Test\", [\"osw-idl\", \"Test\"], "
               "{\"Root\": {\"columns\": [\"name\", \"count\", \"ratio\","
               " \"flag\", \"tag\", \"items\", \"config\", \"names\","
               " \"stats\"]}, \"Item\": {\"columns\": [\"label\", "
               "\"peer\", \"pair\"]}}]");
    fake_reply(&f, msg, "{\"Root\": {\"" U1 "\": {\"new\": {\"name\": \"a\","
               " \"count\": 1, \"names\": [\"set\", [\"x\", \"y\"]]}}}}");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_is_synced(f.idl));
    CHECK_STREQ(ovsdb_idl_get_monitor_method(f.idl), "monitor");
    CHECK_STREQ(value(row(&f, "Root", U1), "names"), "[x, y]");

    /* RFC 7047 updates: modify gives full new values of the changed
     * columns, insert, delete. */
    fake_update(&f, "update", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                "\"" U1 "\": {\"old\": {\"count\": 1}, \"new\": "
                "{\"count\": 2, \"names\": \"z\"}},"
                "\"" U2 "\": {\"new\": {\"name\": \"b\"}}}}]");
    CHECK_STREQ(value(row(&f, "Root", U1), "count"), "2");
    CHECK_STREQ(value(row(&f, "Root", U1), "names"), "[z]");
    CHECK_STREQ(value(row(&f, "Root", U1), "name"), "a");
    CHECK_STREQ(value(row(&f, "Root", U2), "name"), "b");

    fake_update(&f, "update", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                "\"" U1 "\": {\"old\": {\"name\": \"a\"}}}}]");
    CHECK(!row(&f, "Root", U1));
    CHECK_EQ(ovsdb_idl_table_count(table(&f, "Root")), 1);

    /* Conditions cannot be sent to such a server: acknowledged at once. */
    unsigned int seqno = set_cond(&f, "Root", "[[\"name\", \"==\", \"b\"]]");
    CHECK_EQ(ovsdb_idl_get_condition_seqno(f.idl), seqno);
    fake_destroy(&f);
}

OSW_TEST(monitor_error_fails_connection)
{
    struct fake f;
    struct jsonrpc_msg *msg;

    fake_start(&f, true, true);
    msg = fake_handshake(&f, "monitor_cond_since");
    fake_error(&f, msg, "{\"error\": \"syntax error\", \"details\": "
               "\"bad request\"}");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_get_last_error(f.idl) == EPROTO);
    CHECK(strstr(ovsdb_idl_get_last_error_detail(f.idl),
                 "syntax error: bad request"));
    CHECK(!ovsdb_idl_is_synced(f.idl));

    /* It starts over on a new connection. */
    FAKE_RUN_UNTIL(&f, f.n_connections == 2 && f.n_queue);
    fake_sync(&f, "{}", ZERO);
    CHECK_EQ(ovsdb_idl_get_last_error(f.idl), 0);
    CHECK(!ovsdb_idl_get_last_error_detail(f.idl));
    fake_destroy(&f);
}

OSW_TEST(update2_applies_diffs)
{
    struct fake f;

    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {"
              "\"name\": \"a\", \"tag\": 5, \"names\": [\"set\", [\"x\", "
              "\"y\"]], \"config\": [\"map\", [[\"a\", \"1\"], "
              "[\"b\", \"2\"]]]}}}}", ZERO);

    fake_update(&f, "update2", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                "\"" U1 "\": {\"modify\": {"
                "\"name\": \"a2\", \"tag\": 7,"
                "\"names\": [\"set\", [\"x\", \"z\"]],"
                "\"config\": [\"map\", [[\"a\", \"9\"], [\"b\", \"2\"], "
                "[\"c\", \"3\"]]]}}}}]");
    CHECK_STREQ(value(row(&f, "Root", U1), "name"), "a2");
    CHECK_STREQ(value(row(&f, "Root", U1), "tag"), "7");
    CHECK_STREQ(value(row(&f, "Root", U1), "names"), "[y, z]");
    CHECK_STREQ(value(row(&f, "Root", U1), "config"), "{a=\"9\", c=\"3\"}");

    /* An optional column cleared; an insert and a delete in one update. */
    fake_update(&f, "update2", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                "\"" U1 "\": {\"modify\": {\"tag\": [\"set\", []]}},"
                "\"" U2 "\": {\"insert\": {\"name\": \"n2\"}}},"
                "\"Item\": {\"" U3 "\": {\"insert\": {}}}}]");
    CHECK_STREQ(value(row(&f, "Root", U1), "tag"), "[]");
    CHECK_STREQ(value(row(&f, "Root", U2), "name"), "n2");
    CHECK_STREQ(value(row(&f, "Item", U3), "label"), "\"\"");

    fake_update(&f, "update2", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                "\"" U2 "\": {\"delete\": null}}}]");
    CHECK(!row(&f, "Root", U2));
    CHECK(row(&f, "Root", U1));
    fake_destroy(&f);
}

OSW_TEST(update2_diff_larger_than_column)
{
    struct fake f;

    /* {1, 2} to {3, 4} in a set of 1 or 2: the diff has four elements,
     * more than the column may hold, and is still right. */
    fake_start(&f, true, true);
    fake_sync(&f, "{\"Item\": {\"" U2 "\": {\"initial\": {\"pair\": "
              "[\"set\", [1, 2]]}}}}", T1);
    fake_update(&f, "update2", "[[\"osw-idl\", \"Test\"], {\"Item\": {"
                "\"" U2 "\": {\"modify\": {\"pair\": "
                "[\"set\", [1, 2, 3, 4]]}}}}]");
    CHECK_STREQ(value(row(&f, "Item", U2), "pair"), "[3, 4]");
    CHECK_EQ(ovsdb_idl_get_last_error(f.idl), 0);
    fake_destroy(&f);
}

OSW_TEST(resume_with_monitor_cond_since)
{
    struct fake f;
    struct jsonrpc_msg *msg;
    const struct ovsdb_idl_row *r1, *r2;
    unsigned int r2_seqno, seqno;

    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {\"name\": \"a\"}},"
              "\"" U2 "\": {\"initial\": {\"name\": \"b\"}}}}", T1);
    fake_update(&f, "update3", "[[\"osw-idl\", \"Test\"], \"" T2 "\", "
                "{\"Root\": {\"" U1 "\": {\"modify\": {\"count\": 4}}}}]");
    r1 = row(&f, "Root", U1);
    r2 = row(&f, "Root", U2);
    r2_seqno = ovsdb_idl_row_get_seqno(r2, OVSDB_IDL_CHANGE_INSERT);

    /* Reconnect: only what changed since T2 comes. */
    ovsdb_idl_force_reconnect(f.idl);
    FAKE_RUN_UNTIL(&f, f.n_connections == 2 && f.n_queue);
    msg = fake_handshake(&f, "monitor_cond_since");
    CHECK_STREQ(json_string_value(json_array_get(msg->params, 3)), T2);
    seqno = ovsdb_idl_get_seqno(f.idl);
    fake_reply(&f, msg, "[true, \"" T2 "\", {\"Root\": {\"" U1 "\": "
               "{\"modify\": {\"count\": 5}}}}]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_is_synced(f.idl));
    CHECK(ovsdb_idl_get_seqno(f.idl) != seqno);
    CHECK_EQ(ovsdb_idl_get_n_full_loads(f.idl), 1);
    CHECK(row(&f, "Root", U1) == r1);
    CHECK(row(&f, "Root", U2) == r2);
    CHECK_STREQ(value(r1, "count"), "5");
    CHECK_STREQ(value(r2, "name"), "b");

    /* Not found: a full load, merged in place. */
    ovsdb_idl_force_reconnect(f.idl);
    FAKE_RUN_UNTIL(&f, f.n_connections == 3 && f.n_queue);
    msg = fake_handshake(&f, "monitor_cond_since");
    CHECK_STREQ(json_string_value(json_array_get(msg->params, 3)), T2);
    fake_reply(&f, msg, "[false, \"" ZERO "\", {\"Root\": {"
               "\"" U2 "\": {\"initial\": {\"name\": \"b\"}},"
               "\"" U3 "\": {\"initial\": {\"name\": \"c\"}}}}]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_is_synced(f.idl));
    CHECK_EQ(ovsdb_idl_get_n_full_loads(f.idl), 2);
    CHECK(!row(&f, "Root", U1));
    CHECK(row(&f, "Root", U2) == r2);
    CHECK_EQ(ovsdb_idl_row_get_seqno(r2, OVSDB_IDL_CHANGE_INSERT), r2_seqno);
    CHECK_EQ(ovsdb_idl_row_get_seqno(r2, OVSDB_IDL_CHANGE_MODIFY), 0);
    CHECK_STREQ(value(row(&f, "Root", U3), "name"), "c");

    /* A full load that changes nothing leaves the seqno alone. */
    seqno = ovsdb_idl_get_seqno(f.idl);
    ovsdb_idl_force_reconnect(f.idl);
    FAKE_RUN_UNTIL(&f, f.n_connections == 4 && f.n_queue);
    msg = fake_handshake(&f, "monitor_cond_since");
    CHECK_STREQ(json_string_value(json_array_get(msg->params, 3)), ZERO);
    fake_reply(&f, msg, "[false, \"" ZERO "\", {\"Root\": {"
               "\"" U2 "\": {\"initial\": {\"name\": \"b\"}},"
               "\"" U3 "\": {\"initial\": {\"name\": \"c\"}}}}]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_is_synced(f.idl));
    CHECK_EQ(ovsdb_idl_get_seqno(f.idl), seqno);
    fake_destroy(&f);
}

/* ovsdb_idl_set_backoff(): with 1 ms, a dropped connection comes back
 * at once and resumes from the last transaction (the default backoff
 * would wait a second). */
OSW_TEST(set_backoff_reconnects_at_once)
{
    struct fake f;
    struct jsonrpc_msg *msg;

    fake_start(&f, true, true);
    ovsdb_idl_set_backoff(f.idl, 1, 1);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {\"name\": "
              "\"a\"}}}}", T1);

    long long int start = time_msec();
    fake_disconnect(&f);
    FAKE_RUN_UNTIL(&f, f.n_connections == 2 && f.n_queue);
    CHECK(time_msec() - start < 500);
    msg = fake_handshake(&f, "monitor_cond_since");
    CHECK_STREQ(json_string_value(json_array_get(msg->params, 3)), T1);
    fake_reply(&f, msg, "[true, \"" T1 "\", {}]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_is_synced(f.idl));
    CHECK_EQ(ovsdb_idl_get_n_full_loads(f.idl), 1);
    CHECK_STREQ(value(row(&f, "Root", U1), "name"), "a");
    fake_destroy(&f);
}

/* Sends 'bad' as an update and checks that the IDL reconnects and asks
 * for everything again. */
static void
check_resync(struct fake *f, const char *method, const char *bad)
{
    unsigned int n = f->n_connections;
    struct jsonrpc_msg *msg;

    fake_notify(f, method, "%s", bad);
    FAKE_RUN_UNTIL(f, ovsdb_idl_get_last_error(f->idl) == EPROTO);
    FAKE_RUN_UNTIL(f, f->n_connections == n + 1 && f->n_queue);
    msg = fake_handshake(f, "monitor_cond_since");
    CHECK_STREQ(json_string_value(json_array_get(msg->params, 3)), ZERO);
    fake_reply(f, msg, "[false, \"" T1 "\", {\"Root\": {\"" U1 "\": "
               "{\"initial\": {\"name\": \"a\"}}}}]");
    FAKE_RUN_UNTIL(f, ovsdb_idl_is_synced(f->idl));
    CHECK_STREQ(value(row(f, "Root", U1), "name"), "a");
}

/* Loads one row, sends 'bad' and checks the resync. */
static void
malformed_case(const char *method, const char *bad)
{
    struct fake f;

    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {\"name\": "
              "\"a\"}}}}", T1);
    check_resync(&f, method, bad);
    fake_destroy(&f);
}

OSW_TEST(malformed_modify_of_missing_row)
{
    malformed_case("update3", "[[\"osw-idl\", \"Test\"], \"" T2 "\", "
                   "{\"Root\": {\"" U2 "\": {\"modify\": {\"count\": 1}}}}]");
}

OSW_TEST(malformed_delete_of_missing_row)
{
    malformed_case("update2", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                   "\"" U2 "\": {\"delete\": null}}}]");
}

OSW_TEST(malformed_value_type)
{
    malformed_case("update3", "[[\"osw-idl\", \"Test\"], \"" T2 "\", "
                   "{\"Root\": {\"" U1 "\": {\"modify\": {\"count\": "
                   "\"x\"}}}}]");
}

OSW_TEST(malformed_map_value)
{
    malformed_case("update3", "[[\"osw-idl\", \"Test\"], \"" T2 "\", "
                   "{\"Root\": {\"" U1 "\": {\"modify\": {\"config\": "
                   "[\"map\", [[\"k\"]]]}}}}]");
}

OSW_TEST(malformed_uuid)
{
    malformed_case("update3", "[[\"osw-idl\", \"Test\"], \"" T2 "\", "
                   "{\"Root\": {\"nope\": {\"delete\": null}}}]");
}

OSW_TEST(malformed_last_id)
{
    malformed_case("update3", "[[\"osw-idl\", \"Test\"], 1, {}]");
}

OSW_TEST(malformed_two_row_operations)
{
    malformed_case("update2", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                   "\"" U1 "\": {\"delete\": null, \"insert\": {}}}}]");
}

OSW_TEST(malformed_row_not_object)
{
    malformed_case("update2", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                   "\"" U2 "\": {\"insert\": [1, 2]}}}]");
}

OSW_TEST(malformed_table_updates)
{
    malformed_case("update2", "[[\"osw-idl\", \"Test\"], [\"Root\"]]");
}

OSW_TEST(malformed_params)
{
    malformed_case("update2", "[[\"osw-idl\", \"Test\"]]");
}

OSW_TEST(malformed_rfc7047_update)
{
    malformed_case("update", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                   "\"" U1 "\": {\"neither\": {}}}}]");
}

OSW_TEST(malformed_diff_does_not_apply)
{
    struct fake f;

    /* Removing the only member of a set of 1 or 2: the replica cannot
     * have been what the server thought. */
    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {\"name\": "
              "\"a\"}}}, \"Item\": {\"" U2 "\": {\"initial\": "
              "{\"pair\": 4}}}}", T1);
    CHECK_STREQ(value(row(&f, "Item", U2), "pair"), "[4]");
    check_resync(&f, "update2", "[[\"osw-idl\", \"Test\"], {\"Item\": {"
                 "\"" U2 "\": {\"modify\": {\"pair\": 4}}}}]");
    fake_destroy(&f);
}

OSW_TEST(malformed_monitor_reply)
{
    struct fake f;
    struct jsonrpc_msg *msg;

    fake_start(&f, true, true);
    msg = fake_handshake(&f, "monitor_cond_since");
    fake_reply(&f, msg, "[false, \"not-a-uuid\", {}]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_get_last_error(f.idl) == EPROTO);
    CHECK(strstr(ovsdb_idl_get_last_error_detail(f.idl),
                 "malformed monitor reply"));
    FAKE_RUN_UNTIL(&f, f.n_connections == 2 && f.n_queue);
    msg = fake_handshake(&f, "monitor_cond_since");
    fake_reply(&f, msg, "{\"Root\": 1}");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_get_last_error(f.idl) == EPROTO);
    CHECK(!ovsdb_idl_has_ever_connected(f.idl));
    fake_destroy(&f);
}

OSW_TEST(malformed_server_db_reply)
{
    struct fake f;
    struct jsonrpc_msg *msg;

    fake_start(&f, false, true);
    msg = fake_expect(&f, "monitor_cond");
    fake_reply(&f, msg, "{\"Database\": {\"" U4 "\": {\"initial\": {"
               "\"name\": \"Test\", \"schema\": \"{not json\"}}}}");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_get_last_error(f.idl) == EPROTO);
    CHECK(strstr(ovsdb_idl_get_last_error_detail(f.idl), "not JSON"));
    FAKE_RUN_UNTIL(&f, f.n_connections == 2 && f.n_queue);
    msg = fake_expect(&f, "monitor_cond");
    fake_reply(&f, msg, "{\"Database\": {\"" U4 "\": {\"initial\": {"
               "\"name\": \"Test\", \"schema\": \"{}\"}}}}");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_get_last_error(f.idl) == EPROTO);
    CHECK(strstr(ovsdb_idl_get_last_error_detail(f.idl), "invalid"));
    CHECK(!ovsdb_idl_get_schema(f.idl));
    fake_destroy(&f);
}

OSW_TEST(unknown_columns_tables_and_bad_sizes)
{
    struct fake f;
    unsigned int seqno;

    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {"
              "\"name\": \"a\", \"bogus\": 42}}},"
              " \"Nope\": {\"" U2 "\": {\"initial\": {}}}}", ZERO);
    CHECK(ovsdb_idl_is_synced(f.idl));
    CHECK_STREQ(value(row(&f, "Root", U1), "name"), "a");
    CHECK(!ovsdb_idl_get(row(&f, "Root", U1), "bogus"));

    /* A scalar without a value, an optional scalar with two: defaults. */
    seqno = ovsdb_idl_get_seqno(f.idl);
    fake_update(&f, "update2", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                "\"" U1 "\": {\"modify\": {\"name\": [\"set\", []], "
                "\"tag\": [\"set\", [1, 2]], \"count\": 8}}}}]");
    CHECK(ovsdb_idl_get_seqno(f.idl) != seqno);
    CHECK(ovsdb_idl_is_synced(f.idl));
    CHECK_STREQ(value(row(&f, "Root", U1), "name"), "\"\"");
    CHECK_STREQ(value(row(&f, "Root", U1), "tag"), "[]");
    CHECK_STREQ(value(row(&f, "Root", U1), "count"), "8");

    /* Updates for other monitors are ignored. */
    fake_notify(&f, "update2", "[\"other\", {\"Root\": {\"" U1 "\": "
                "{\"delete\": null}}}]");
    fake_update(&f, "update2", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                "\"" U1 "\": {\"modify\": {\"count\": 9}}}}]");
    CHECK(row(&f, "Root", U1));
    fake_destroy(&f);
}

OSW_TEST(server_db_missing_database)
{
    struct fake f;
    struct jsonrpc_msg *msg;

    fake_start(&f, true, true);
    msg = fake_expect(&f, "monitor_cond");
    fake_reply(&f, msg, "{}");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_get_last_error(f.idl) == ENOENT);
    CHECK_STREQ(ovsdb_idl_get_last_error_detail(f.idl),
                "database Test not found on server");
    CHECK(!ovsdb_idl_has_ever_connected(f.idl));

    /* Retries; a cluster member cut off from its cluster is no better. */
    FAKE_RUN_UNTIL(&f, f.n_connections == 2 && f.n_queue);
    msg = fake_expect(&f, "monitor_cond");
    fake_reply(&f, msg, "{\"Database\": {\"" U4 "\": {\"initial\": {"
               "\"name\": \"Test\", \"model\": \"clustered\"}}}}");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_get_last_error(f.idl) == ENOTCONN);
    fake_destroy(&f);
}

OSW_TEST(server_db_schema_change_reconnects)
{
    struct fake f;
    struct jsonrpc_msg *msg;

    fake_start(&f, true, true);
    msg = fake_expect(&f, "monitor_cond");
    fake_reply(&f, msg, "{\"Database\": {\"" U4 "\": {\"initial\": {"
               "\"name\": \"Test\", \"model\": \"standalone\", "
               "\"connected\": true, \"schema\": %s}}}}",
               "\"{\\\"name\\\": \\\"Test\\\", \\\"tables\\\": "
               "{\\\"Root\\\": {\\\"columns\\\": {\\\"name\\\": "
               "{\\\"type\\\": \\\"string\\\"}}}}}\"");
    /* Only what the server has is requested. */
    msg = fake_expect(&f, "monitor_cond_since");
    CHECK_JSON(json_array_get(msg->params, 2),
               "{\"Root\": [{\"columns\": [\"name\"]}]}");
    fake_reply(&f, msg, "[false, \"" ZERO "\", {}]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_is_synced(f.idl));
    CHECK(ovsdb_idl_table_is_replicated(table(&f, "Root")));
    CHECK(!ovsdb_idl_table_is_replicated(table(&f, "Item")));

    /* The schema changes: start over. */
    fake_notify(&f, "update2", "[[\"osw-idl\", \"_Server\"], {\"Database\": "
                "{\"" U4 "\": {\"modify\": {\"schema\": \"{}\"}}}}]");
    FAKE_RUN_UNTIL(&f, !ovsdb_idl_is_synced(f.idl));
    FAKE_RUN_UNTIL(&f, f.n_connections == 2 && f.n_queue);

    /* The database goes away: not found. */
    msg = fake_expect(&f, "monitor_cond");
    fake_reply(&f, msg, "{\"Database\": {\"" U4 "\": {\"initial\": {"
               "\"name\": \"Test\", \"model\": \"standalone\", "
               "\"connected\": true}}}}");
    msg = fake_expect(&f, "get_schema");
    fake_reply(&f, msg, "%s", test_schema_json);
    msg = fake_expect(&f, "monitor_cond_since");
    fake_reply(&f, msg, "[false, \"" ZERO "\", {}]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_is_synced(f.idl));
    fake_notify(&f, "update2", "[[\"osw-idl\", \"_Server\"], {\"Database\": "
                "{\"" U4 "\": {\"delete\": null}}}]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_get_last_error(f.idl) == ENOENT);

    /* "monitor_canceled" also starts over. */
    FAKE_RUN_UNTIL(&f, f.n_connections == 3 && f.n_queue);
    fake_sync(&f, "{}", ZERO);
    fake_notify(&f, "monitor_canceled", "[[\"osw-idl\", \"Test\"]]");
    FAKE_RUN_UNTIL(&f, !ovsdb_idl_is_synced(f.idl));
    fake_destroy(&f);
}

OSW_TEST(get_schema_unknown_database)
{
    struct fake f;
    struct jsonrpc_msg *msg;

    fake_start(&f, false, true);
    msg = fake_expect(&f, "monitor_cond");
    fake_error(&f, msg, "\"unknown method\"");
    msg = fake_expect(&f, "get_schema");
    fake_error(&f, msg, "{\"error\": \"unknown database\", \"details\": "
               "\"get_schema request specifies unknown database Test\"}");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_get_last_error(f.idl) == ENOENT);
    CHECK(strstr(ovsdb_idl_get_last_error_detail(f.idl),
                 "unknown database"));
    CHECK(!ovsdb_idl_get_schema(f.idl));
    fake_destroy(&f);
}

/* What to replicate. */

OSW_TEST(registration_and_alerts)
{
    struct fake f;
    struct jsonrpc_msg *msg;
    unsigned int seqno;

    fake_start(&f, true, false);
    CHECK_EQ(ovsdb_idl_add_column(f.idl, "Root", "name"), 0);
    CHECK_EQ(ovsdb_idl_add_column(f.idl, "Root", "count"), 0);
    CHECK_EQ(ovsdb_idl_omit_alert(f.idl, "Root", "stats"), 0);
    CHECK_EQ(ovsdb_idl_add_table(f.idl, "Item"), 0);
    CHECK_EQ(ovsdb_idl_add_column(f.idl, "Root", "nope"), ENOENT);
    CHECK_EQ(ovsdb_idl_add_column(f.idl, "Nope", "name"), ENOENT);
    CHECK_EQ(ovsdb_idl_add_column(f.idl, "Root", "_uuid"), ENOENT);
    CHECK_EQ(ovsdb_idl_omit(f.idl, "Root", "count"), 0);

    msg = fake_handshake(&f, "monitor_cond_since");
    CHECK_JSON(json_array_get(msg->params, 2),
               "{\"Root\": [{\"columns\": [\"name\", \"stats\"]}],"
               " \"Item\": [{\"columns\": []}]}");
    fake_reply(&f, msg, "[false, \"" ZERO "\", {\"Root\": {\"" U1 "\": "
               "{\"initial\": {\"name\": \"a\", \"count\": 5}}},"
               " \"Item\": {\"" U2 "\": {\"initial\": {}}}}]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_is_synced(f.idl));
    CHECK_STREQ(value(row(&f, "Root", U1), "count"), "0");
    CHECK(row(&f, "Item", U2));

    /* A column that is not replicated cannot be verified. */
    struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(f.idl);
    CHECK_EQ(ovsdb_idl_txn_verify(row(&f, "Root", U1), "count"), EINVAL);
    CHECK_EQ(ovsdb_idl_txn_verify(row(&f, "Root", U1), "stats"), 0);
    ovsdb_idl_txn_destroy(txn);

    /* A change to "stats" alone does not alert; "name" does. */
    seqno = ovsdb_idl_get_seqno(f.idl);
    fake_notify(&f, "update3", "[[\"osw-idl\", \"Test\"], \"" T1 "\", "
                "{\"Root\": {\"" U1 "\": {\"modify\": {\"stats\": "
                "[\"map\", [[\"rx\", 1]]]}}}}]");
    fake_update(&f, "update3", "[[\"osw-idl\", \"Test\"], \"" T2 "\", "
                "{\"Root\": {\"" U1 "\": {\"modify\": {\"name\": \"b\"}}}}]");
    CHECK_EQ(ovsdb_idl_get_seqno(f.idl), seqno + 1);
    CHECK_STREQ(value(row(&f, "Root", U1), "stats"), "{rx=1}");
    CHECK_EQ(ovsdb_idl_row_get_seqno(row(&f, "Root", U1),
                                     OVSDB_IDL_CHANGE_MODIFY), seqno + 1);
    fake_destroy(&f);
}

OSW_TEST(registration_before_schema_is_known)
{
    struct fake f;
    struct jsonrpc_msg *msg;

    fake_start(&f, false, false);
    CHECK_EQ(ovsdb_idl_add_column(f.idl, "Item", "label"), 0);
    CHECK_EQ(ovsdb_idl_add_column(f.idl, "Item", "nope"), 0);
    CHECK_EQ(ovsdb_idl_track_add_table(f.idl, "Item"), 0);
    CHECK(set_cond(&f, "Item", "[[\"label\", \"!=\", \"x\"]]"));
    msg = fake_handshake(&f, "monitor_cond_since");
    CHECK_JSON(json_array_get(msg->params, 2),
               "{\"Item\": [{\"columns\": [\"label\"],"
               " \"where\": [[\"label\", \"!=\", \"x\"]]}]}");
    fake_reply(&f, msg, "[false, \"" ZERO "\", {\"Item\": {\"" U2 "\": "
               "{\"initial\": {\"label\": \"l\"}}}}]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_is_synced(f.idl));
    CHECK_EQ(ovsdb_idl_get_condition_seqno(f.idl), 1);
    CHECK(ovsdb_idl_track_get_first(table(&f, "Item")));
    CHECK_EQ(ovsdb_idl_add_column(f.idl, "Item", "nope"), ENOENT);
    fake_destroy(&f);
}

OSW_TEST(schema_type_mismatch_not_requested)
{
    struct fake f;
    struct jsonrpc_msg *msg;

    fake_start(&f, true, true);
    msg = fake_expect(&f, "monitor_cond");
    fake_error(&f, msg, "\"unknown method\"");
    msg = fake_expect(&f, "get_schema");
    fake_reply(&f, msg, "{\"name\": \"Test\", \"tables\": {\"Root\": "
               "{\"columns\": {\"name\": {\"type\": \"integer\"}, "
               "\"count\": {\"type\": \"integer\"}}}}}");
    msg = fake_expect(&f, "monitor_cond_since");
    CHECK_JSON(json_array_get(msg->params, 2),
               "{\"Root\": [{\"columns\": [\"count\"]}]}");
    jsonrpc_msg_destroy(msg);
    fake_destroy(&f);
}

OSW_TEST(conditions)
{
    struct fake f;
    struct jsonrpc_msg *msg, *msg2;
    unsigned int s1, s2, s3;

    fake_start(&f, true, true);
    s1 = set_cond(&f, "Root", "[[\"name\", \"==\", \"a\"]]");
    CHECK_EQ(set_cond(&f, "Root", "[[\"name\", \"==\", \"a\"]]"), s1);
    CHECK_EQ(set_cond(&f, "Root", "{}"), 0);
    CHECK_EQ(ovsdb_idl_set_condition(f.idl, "Nope", NULL), 0);
    CHECK(s1 > ovsdb_idl_get_condition_seqno(f.idl));

    msg = fake_handshake(&f, "monitor_cond_since");
    CHECK_JSON(json_array_get(json_object_get(json_array_get(msg->params, 2),
                                              "Root"), 0),
               "{\"columns\": [\"name\", \"count\", \"ratio\", \"flag\","
               " \"tag\", \"items\", \"config\", \"names\", \"stats\"],"
               " \"where\": [[\"name\", \"==\", \"a\"]]}");
    /* A change while the request is in flight waits for the reply. */
    s2 = set_cond(&f, "Item", "[false]");
    CHECK_EQ(s2, s1 + 1);
    fake_reply(&f, msg, "[false, \"" ZERO "\", {}]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_get_condition_seqno(f.idl) == s1);

    msg = fake_expect(&f, "monitor_cond_change");
    CHECK_JSON(msg->params, "[[\"osw-idl\", \"Test\"], [\"osw-idl\", "
               "\"Test\"], {\"Item\": [{\"where\": [false]}]}]");
    /* Another change while that one is in flight. */
    s3 = ovsdb_idl_set_condition(f.idl, "Root", NULL);
    CHECK_EQ(s3, s2 + 1);
    fake_update(&f, "update3", "[[\"osw-idl\", \"Test\"], \"" T1 "\", "
                "{\"Item\": {\"" U2 "\": {\"insert\": {}}}}]");
    fake_reply(&f, msg, "{}");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_get_condition_seqno(f.idl) == s2);
    msg2 = fake_expect(&f, "monitor_cond_change");
    CHECK_JSON(json_array_get(msg2->params, 2),
               "{\"Root\": [{\"where\": [true]}]}");
    fake_reply(&f, msg2, "{}");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_get_condition_seqno(f.idl) == s3);
    CHECK_EQ(ovsdb_idl_set_condition(f.idl, "Root", NULL), s3);
    fake_destroy(&f);
}

OSW_TEST(unacked_condition_forgets_last_id)
{
    struct fake f;
    struct jsonrpc_msg *msg;

    fake_start(&f, true, true);
    fake_sync(&f, "{}", T1);
    set_cond(&f, "Root", "[false]");
    msg = fake_expect(&f, "monitor_cond_change");
    jsonrpc_msg_destroy(msg);
    fake_disconnect(&f);
    FAKE_RUN_UNTIL(&f, f.n_connections == 2 && f.n_queue);
    msg = fake_handshake(&f, "monitor_cond_since");
    CHECK_STREQ(json_string_value(json_array_get(msg->params, 3)), ZERO);
    CHECK_JSON(json_object_get(json_array_get(json_object_get(
                                   json_array_get(msg->params, 2), "Root"),
                                              0), "where"), "[false]");
    jsonrpc_msg_destroy(msg);
    fake_destroy(&f);
}

/* Reading. */

OSW_TEST(typed_getters_and_references)
{
    struct fake f;
    const struct ovsdb_idl_row *r, **rows;
    size_t n;

    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {"
              "\"name\": \"n\", \"count\": -7, \"ratio\": 0.5, \"flag\": "
              "true, \"config\": [\"map\", [[\"k\", \"v\"]]], "
              "\"items\": [\"set\", [[\"uuid\", \"" U2 "\"], [\"uuid\", \""
              U4 "\"], [\"uuid\", \"" U3 "\"]]]}}},"
              " \"Item\": {\"" U2 "\": {\"initial\": {\"label\": \"two\","
              " \"peer\": [\"uuid\", \"" U3 "\"]}},"
              "\"" U3 "\": {\"initial\": {\"label\": \"three\"}}}}", ZERO);
    r = row(&f, "Root", U1);
    CHECK_STREQ(ovsdb_idl_get_string(r, "name", "d"), "n");
    CHECK_STREQ(ovsdb_idl_get_string(r, "count", "d"), "d");
    CHECK_STREQ(ovsdb_idl_get_string(r, "nope", "d"), "d");
    CHECK_EQ(ovsdb_idl_get_integer(r, "count", 0), -7);
    CHECK_EQ(ovsdb_idl_get_integer(r, "tag", 42), 42);
    CHECK(ovsdb_idl_get_real(r, "ratio", 0) == 0.5);
    CHECK(ovsdb_idl_get_bool(r, "flag", false));
    CHECK_STREQ(ovsdb_idl_get_map_string(r, "config", "k", "d"), "v");
    CHECK_STREQ(ovsdb_idl_get_map_string(r, "config", "x", "d"), "d");
    CHECK_STREQ(ovsdb_idl_get_map_string(r, "stats", "k", "d"), "d");
    CHECK(!ovsdb_idl_get(r, "nope"));
    CHECK(ovsdb_idl_get_by_index(r, OVSDB_COL_UUID));
    CHECK(!ovsdb_idl_get_by_index(r, 99));

    /* U4 is not in the replica: skipped. */
    n = ovsdb_idl_get_refs(r, "items", &rows);
    CHECK_EQ(n, 2);
    CHECK(rows[0] == row(&f, "Item", U2));
    CHECK(rows[1] == row(&f, "Item", U3));
    free(rows);
    CHECK_EQ(ovsdb_idl_get_refs(r, "name", &rows), 0);
    CHECK(!rows);
    CHECK(ovsdb_idl_get_ref(row(&f, "Item", U2), "peer")
          == row(&f, "Item", U3));
    CHECK(!ovsdb_idl_get_ref(row(&f, "Item", U3), "peer"));

    n = 0;
    OVSDB_IDL_FOR_EACH_ROW (r, table(&f, "Item")) {
        n++;
    }
    CHECK_EQ(n, 2);
    fake_destroy(&f);
}

OSW_TEST(change_tracking)
{
    struct fake f;
    const struct ovsdb_idl_row *r;
    const struct ovsdb_idl_table *root;
    unsigned int seqno;
    size_t n;

    fake_start(&f, true, true);
    ovsdb_idl_track_add_all(f.idl);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {\"name\": \"a\"}},"
              "\"" U2 "\": {\"initial\": {\"name\": \"b\"}}}}", ZERO);
    root = table(&f, "Root");
    n = 0;
    OVSDB_IDL_TRACK_FOR_EACH (r, root) {
        CHECK(ovsdb_idl_row_get_seqno(r, OVSDB_IDL_CHANGE_INSERT));
        CHECK(ovsdb_idl_track_is_updated(r, "name"));
        CHECK(!ovsdb_idl_track_is_updated(r, "count"));
        n++;
    }
    CHECK_EQ(n, 2);
    ovsdb_idl_track_clear(f.idl);
    CHECK(!ovsdb_idl_track_get_first(root));

    seqno = ovsdb_idl_get_seqno(f.idl);
    fake_update(&f, "update2", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                "\"" U1 "\": {\"modify\": {\"count\": 1}},"
                "\"" U2 "\": {\"delete\": null},"
                "\"" U3 "\": {\"insert\": {\"name\": \"c\"}}}}]");
    CHECK_EQ(ovsdb_idl_table_get_seqno(root), seqno + 1);
    n = 0;
    OVSDB_IDL_TRACK_FOR_EACH (r, root) {
        const char *name = ovsdb_idl_get_string(r, "name", "");

        n++;
        if (!strcmp(name, "a")) {
            CHECK_EQ(ovsdb_idl_row_get_seqno(r, OVSDB_IDL_CHANGE_MODIFY),
                     seqno + 1);
            CHECK(ovsdb_idl_track_is_updated(r, "count"));
            CHECK(!ovsdb_idl_track_is_updated(r, "name"));
            CHECK(!ovsdb_idl_row_is_deleted(r));
        } else if (!strcmp(name, "b")) {
            /* Deleted rows keep their last values until cleared. */
            CHECK(ovsdb_idl_row_is_deleted(r));
            CHECK_EQ(ovsdb_idl_row_get_seqno(r, OVSDB_IDL_CHANGE_DELETE),
                     seqno + 1);
        } else {
            CHECK_STREQ(name, "c");
            CHECK_EQ(ovsdb_idl_row_get_seqno(r, OVSDB_IDL_CHANGE_INSERT),
                     seqno + 1);
        }
    }
    CHECK_EQ(n, 3);
    CHECK(!row(&f, "Root", U2));
    CHECK_EQ(ovsdb_idl_table_count(root), 2);
    ovsdb_idl_track_clear(f.idl);
    CHECK(!ovsdb_idl_track_get_first(root));
    CHECK(!ovsdb_idl_track_get_first(table(&f, "Item")));

    /* Deleted and not cleared when the IDL goes: freed with it. */
    fake_update(&f, "update2", "[[\"osw-idl\", \"Test\"], {\"Root\": {"
                "\"" U1 "\": {\"delete\": null}}}]");
    fake_destroy(&f);
}

/* Transactions. */

/* Returns the next "transact" request's params. */
static struct jsonrpc_msg *
expect_transact(struct fake *f)
{
    return fake_expect(f, "transact");
}

OSW_TEST(txn_request_and_reply)
{
    struct fake f;
    struct ovsdb_idl_txn *txn;
    const struct ovsdb_idl_row *root, *item, *item2;
    struct jsonrpc_msg *msg;
    struct ovsdb_datum d;
    union ovsdb_atom atom;
    struct uuid given, item_uuid;
    char temp[UUID_LEN + 1], name[UUID_LEN + 4];

    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {\"name\": \"a\","
              "\"count\": 1, \"names\": \"x\", \"config\": [\"map\", "
              "[[\"k\", \"v\"]]]}},"
              "\"" U2 "\": {\"initial\": {\"name\": \"b\"}}}}", ZERO);
    root = row(&f, "Root", U1);

    txn = ovsdb_idl_txn_create(f.idl);
    CHECK(ovsdb_idl_get_txn(f.idl) == txn);
    CHECK(ovsdb_idl_txn_get_idl(txn) == f.idl);
    item = ovsdb_idl_txn_insert(txn, table(&f, "Item"), NULL);
    CHECK(item);
    uuid_from_string(&given, U3);
    item2 = ovsdb_idl_txn_insert(txn, table(&f, "Item"), &given);
    CHECK(item2);
    CHECK(!ovsdb_idl_txn_insert(txn, table(&f, "Root"), &root->uuid));

    ovsdb_datum_init_string(&d, "new");
    CHECK_EQ(ovsdb_idl_txn_write(item, "label", &d), 0);
    ovsdb_datum_init_uuid(&d, &item2->uuid);
    CHECK_EQ(ovsdb_idl_txn_write(item, "peer", &d), 0);
    atom.uuid = item->uuid;
    CHECK_EQ(ovsdb_idl_txn_set_add(root, "items", &atom), 0);
    ovsdb_datum_init_integer(&d, 2);
    CHECK_EQ(ovsdb_idl_txn_write(root, "count", &d), 0);
    ovsdb_datum_init_string(&d, "a");
    CHECK_EQ(ovsdb_idl_txn_write(root, "name", &d), 0);    /* Unchanged. */
    CHECK_EQ(ovsdb_idl_txn_verify(root, "names"), 0);
    CHECK_EQ(ovsdb_idl_txn_verify(root, "count"), 0);
    CHECK_EQ(ovsdb_idl_txn_map_set_string(root, "config", "k", "w"), 0);
    CHECK_EQ(ovsdb_idl_txn_map_delete_string(root, "config", "old"), 0);
    ovsdb_idl_txn_delete(row(&f, "Root", U2));
    ovsdb_idl_txn_increment(txn, root, "count", false);
    ovsdb_idl_txn_add_comment(txn, "hello %d", 1);
    ovsdb_idl_txn_add_comment(txn, "bye");

    uuid_to_string(&item->uuid, temp);
    snprintf(name, sizeof name, "row%s", temp);
    for (char *p = name; *p; p++) {
        *p = *p == '-' ? '_' : *p;
    }

    item_uuid = item->uuid;
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    CHECK(!ovsdb_idl_get_txn(f.idl));
    msg = expect_transact(&f);
    CHECK_JSON(msg->params,
        "[\"Test\","
        " {\"op\": \"wait\", \"timeout\": 0, \"table\": \"Root\","
        "  \"where\": [[\"_uuid\", \"==\", [\"uuid\", \"" U1 "\"]]],"
        "  \"until\": \"==\", \"columns\": [\"count\", \"names\"],"
        "  \"rows\": [{\"count\": 1, \"names\": \"x\"}]},"
        " {\"op\": \"insert\", \"table\": \"Item\", \"uuid-name\": \"%s\","
        "  \"row\": {\"label\": \"new\", \"peer\": [\"uuid\", \"" U3 "\"]}},"
        " {\"op\": \"insert\", \"table\": \"Item\", \"uuid\": \"" U3 "\","
        "  \"row\": {}},"
        " {\"op\": \"update\", \"table\": \"Root\","
        "  \"where\": [[\"_uuid\", \"==\", [\"uuid\", \"" U1 "\"]]],"
        "  \"row\": {\"count\": 2}},"
        " {\"op\": \"mutate\", \"table\": \"Root\","
        "  \"where\": [[\"_uuid\", \"==\", [\"uuid\", \"" U1 "\"]]],"
        "  \"mutations\": ["
        "   [\"items\", \"insert\", [\"set\", [[\"named-uuid\", \"%s\"]]]],"
        "   [\"config\", \"delete\", [\"set\", [\"k\", \"old\"]]],"
        "   [\"config\", \"insert\", [\"map\", [[\"k\", \"w\"]]]]]},"
        " {\"op\": \"delete\", \"table\": \"Root\","
        "  \"where\": [[\"_uuid\", \"==\", [\"uuid\", \"" U2 "\"]]]},"
        " {\"op\": \"mutate\", \"table\": \"Root\","
        "  \"where\": [[\"_uuid\", \"==\", [\"uuid\", \"" U1 "\"]]],"
        "  \"mutations\": [[\"count\", \"+=\", 1]]},"
        " {\"op\": \"select\", \"table\": \"Root\","
        "  \"where\": [[\"_uuid\", \"==\", [\"uuid\", \"" U1 "\"]]],"
        "  \"columns\": [\"count\"]},"
        " {\"op\": \"comment\", \"comment\": \"hello 1\\nbye\"}]",
        name, name);

    /* Committing reverted the rows to the replica. */
    CHECK_STREQ(value(root, "count"), "1");
    CHECK_STREQ(value(root, "config"), "{k=v}");
    CHECK(row(&f, "Root", U2));
    CHECK(!row(&f, "Item", U3));
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);

    fake_reply(&f, msg, "[{}, {\"uuid\": [\"uuid\", \"" U4 "\"]}, "
               "{\"uuid\": [\"uuid\", \"" U3 "\"]}, {\"count\": 1}, "
               "{\"count\": 1}, {\"count\": 1}, {\"count\": 1}, "
               "{\"rows\": [{\"count\": 3}]}, {}]");
    CHECK_EQ(ovsdb_idl_txn_commit_block(txn), OVSDB_IDL_TXN_SUCCESS);
    CHECK_EQ(ovsdb_idl_txn_get_increment_new_value(txn), 3);
    CHECK(!ovsdb_idl_txn_get_error(txn));
    CHECK(ovsdb_idl_txn_get_insert_uuid(txn, &item_uuid));
    CHECK_STREQ(uuid_string(ovsdb_idl_txn_get_insert_uuid(txn, &item_uuid)),
                U4);
    CHECK_STREQ(uuid_string(ovsdb_idl_txn_get_insert_uuid(txn, &given)), U3);
    ovsdb_idl_txn_destroy(txn);
    fake_destroy(&f);
}

OSW_TEST(txn_insert_uuid_mapping)
{
    struct fake f;
    struct ovsdb_idl_txn *txn;
    struct jsonrpc_msg *msg;
    struct uuid temp, real, other;

    const struct ovsdb_idl_row *gone;
    struct uuid gone_uuid;

    fake_start(&f, true, true);
    fake_sync(&f, "{}", ZERO);
    txn = ovsdb_idl_txn_create(f.idl);
    gone = ovsdb_idl_txn_insert(txn, table(&f, "Item"), NULL);
    gone_uuid = gone->uuid;
    temp = ovsdb_idl_txn_insert(txn, table(&f, "Item"), NULL)->uuid;
    ovsdb_idl_txn_delete(gone);
    CHECK_EQ(ovsdb_idl_table_count(table(&f, "Item")), 1);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    CHECK(!ovsdb_idl_txn_get_insert_uuid(txn, &temp));
    msg = expect_transact(&f);
    CHECK_EQ(json_array_size(msg->params), 2);
    CHECK_JSON(json_object_get(json_array_get(msg->params, 1), "row"), "{}");
    /* As ovsdb-server does: the update before the reply. */
    fake_notify(&f, "update3", "[[\"osw-idl\", \"Test\"], \"" T1 "\", "
                "{\"Item\": {\"" U4 "\": {\"insert\": {}}}}]");
    fake_reply(&f, msg, "[{\"uuid\": [\"uuid\", \"" U4 "\"]}]");
    CHECK_EQ(ovsdb_idl_txn_commit_block(txn), OVSDB_IDL_TXN_SUCCESS);
    uuid_from_string(&real, U4);
    CHECK(uuid_equals(ovsdb_idl_txn_get_insert_uuid(txn, &temp), &real));
    uuid_from_string(&other, U1);
    CHECK(!ovsdb_idl_txn_get_insert_uuid(txn, &other));
    CHECK(!ovsdb_idl_txn_get_insert_uuid(txn, &gone_uuid));
    CHECK(row(&f, "Item", U4));
    CHECK_EQ(ovsdb_idl_table_count(table(&f, "Item")), 1);
    CHECK_EQ(ovsdb_idl_txn_get_increment_new_value(txn), -1);
    ovsdb_idl_txn_destroy(txn);
    fake_destroy(&f);
}

/* Commits a one-write transaction, answers it with 'reply' (or the error
 * 'error') and returns the final status. */
static enum ovsdb_idl_txn_status
txn_outcome(struct fake *f, const char *reply, const char *error,
            char **errorp)
{
    struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(f->idl);
    enum ovsdb_idl_txn_status status;
    struct jsonrpc_msg *msg;
    struct ovsdb_datum d;

    ovsdb_datum_init_integer(&d, 99);
    CHECK_EQ(ovsdb_idl_txn_write(row(f, "Root", U1), "count", &d), 0);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    msg = expect_transact(f);
    if (error) {
        fake_error(f, msg, error);
    } else {
        fake_reply(f, msg, "%s", reply);
    }
    status = ovsdb_idl_txn_commit_block(txn);
    if (errorp) {
        const char *s = ovsdb_idl_txn_get_error(txn);
        *errorp = s ? xstrdup(s) : NULL;
    }
    ovsdb_idl_txn_destroy(txn);
    return status;
}

OSW_TEST(txn_status_from_reply)
{
    struct fake f;
    char *error;

    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {}}}}", ZERO);

    CHECK_EQ(txn_outcome(&f, "[{\"count\": 1}]", NULL, NULL),
             OVSDB_IDL_TXN_SUCCESS);
    CHECK_EQ(txn_outcome(&f, "[{\"error\": \"timed out\", \"details\": "
                         "\"\\\"where\\\" clause test failed\"}]", NULL,
                         NULL), OVSDB_IDL_TXN_TRY_AGAIN);
    CHECK_EQ(txn_outcome(&f, "[{\"error\": \"not owner\"}, null]", NULL,
                         NULL), OVSDB_IDL_TXN_NOT_LOCKED);
    CHECK_EQ(txn_outcome(&f, "[{\"count\": 1}, {\"error\": \"constraint "
                         "violation\", \"details\": \"too big\"}]", NULL,
                         &error), OVSDB_IDL_TXN_ERROR);
    CHECK_STREQ(error, "constraint violation: too big");
    free(error);
    CHECK_EQ(txn_outcome(&f, NULL, "{\"error\": \"unknown database\"}",
                         &error), OVSDB_IDL_TXN_ERROR);
    CHECK_STREQ(error, "unknown database");
    free(error);
    CHECK_EQ(txn_outcome(&f, "[]", NULL, &error), OVSDB_IDL_TXN_ERROR);
    CHECK_STREQ(error, "0 results for 1 operations");
    free(error);
    CHECK_EQ(txn_outcome(&f, "{}", NULL, NULL), OVSDB_IDL_TXN_ERROR);
    CHECK(ovsdb_idl_is_synced(f.idl));
    fake_destroy(&f);
}

OSW_TEST(txn_without_round_trip)
{
    struct fake f;
    struct ovsdb_idl_txn *txn;
    struct ovsdb_datum d;

    fake_start(&f, true, true);

    /* Not in sync yet. */
    FAKE_RUN_UNTIL(&f, f.n_queue);
    FAKE_RUN_UNTIL(&f, true);
    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_idl_txn_insert(txn, table(&f, "Item"), NULL);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_TRY_AGAIN);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_TRY_AGAIN);
    CHECK_EQ(ovsdb_idl_table_count(table(&f, "Item")), 0);
    ovsdb_idl_txn_destroy(txn);

    fake_disconnect(&f);
    FAKE_RUN_UNTIL(&f, f.n_connections == 2 && f.n_queue);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {\"count\": 5}}}}",
              ZERO);

    /* Nothing to do. */
    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_datum_init_integer(&d, 5);
    CHECK_EQ(ovsdb_idl_txn_write(row(&f, "Root", U1), "count", &d), 0);
    CHECK_EQ(ovsdb_idl_txn_verify(row(&f, "Root", U1), "name"), 0);
    ovsdb_idl_txn_increment(txn, row(&f, "Root", U1), "count", false);
    ovsdb_idl_txn_add_comment(txn, "nothing");
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_UNCHANGED);
    ovsdb_idl_txn_wait(txn);
    ovsdb_idl_txn_destroy(txn);

    /* Inserted then deleted: nothing. */
    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_idl_txn_delete(ovsdb_idl_txn_insert(txn, table(&f, "Item"), NULL));
    CHECK_EQ(ovsdb_idl_txn_commit_block(txn), OVSDB_IDL_TXN_UNCHANGED);
    ovsdb_idl_txn_destroy(txn);

    /* Aborted. */
    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_datum_init_integer(&d, 6);
    CHECK_EQ(ovsdb_idl_txn_write(row(&f, "Root", U1), "count", &d), 0);
    ovsdb_idl_txn_abort(txn);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_ABORTED);
    CHECK(!ovsdb_idl_get_txn(f.idl));
    CHECK_STREQ(value(row(&f, "Root", U1), "count"), "5");
    ovsdb_idl_txn_destroy(txn);

    /* The lock is set but not held. */
    ovsdb_idl_set_lock(f.idl, "l");
    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_datum_init_integer(&d, 6);
    CHECK_EQ(ovsdb_idl_txn_write(row(&f, "Root", U1), "count", &d), 0);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_NOT_LOCKED);
    ovsdb_idl_txn_destroy(txn);
    fake_destroy(&f);
}

OSW_TEST(txn_forced_increment_and_dry_run)
{
    struct fake f;
    struct ovsdb_idl_txn *txn;
    struct jsonrpc_msg *msg;

    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {\"count\": 5}}}}",
              ZERO);
    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_idl_txn_increment(txn, row(&f, "Root", U1), "count", true);
    ovsdb_idl_txn_set_dry_run(txn);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    msg = expect_transact(&f);
    CHECK_EQ(json_array_size(msg->params), 4);
    CHECK_JSON(json_array_get(msg->params, 3), "{\"op\": \"abort\"}");
    fake_reply(&f, msg, "[{\"count\": 1}, {\"rows\": [{\"count\": 6}]}, "
               "{\"error\": \"aborted\", \"details\": \"aborted by "
               "request\"}]");
    CHECK_EQ(ovsdb_idl_txn_commit_block(txn), OVSDB_IDL_TXN_SUCCESS);
    CHECK_EQ(ovsdb_idl_txn_get_increment_new_value(txn), 6);
    ovsdb_idl_txn_destroy(txn);

    /* The row was deleted meanwhile. */
    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_idl_txn_increment(txn, row(&f, "Root", U1), "count", true);
    ovsdb_idl_txn_increment(txn, row(&f, "Root", U1), "name", true);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    msg = expect_transact(&f);
    fake_reply(&f, msg, "[{\"count\": 0}, {\"rows\": []}]");
    CHECK_EQ(ovsdb_idl_txn_commit_block(txn), OVSDB_IDL_TXN_ERROR);
    CHECK(strstr(ovsdb_idl_txn_get_error(txn), "not found"));
    ovsdb_idl_txn_destroy(txn);
    fake_destroy(&f);
}

OSW_TEST(txn_delete_of_non_root_row_left_to_server)
{
    struct fake f;
    struct ovsdb_idl_txn *txn;
    struct jsonrpc_msg *msg;
    union ovsdb_atom atom;

    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {\"items\": "
              "[\"uuid\", \"" U2 "\"]}}}, \"Item\": {\"" U2 "\": "
              "{\"initial\": {}}, \"" U3 "\": {\"initial\": {}}}}", ZERO);

    /* Alone, it changes nothing the server would not do itself. */
    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_idl_txn_delete(row(&f, "Item", U3));
    CHECK(!row(&f, "Item", U3));
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_UNCHANGED);
    ovsdb_idl_txn_destroy(txn);
    CHECK(row(&f, "Item", U3));

    /* With the reference gone: only the reference's removal goes out. */
    txn = ovsdb_idl_txn_create(f.idl);
    uuid_from_string(&atom.uuid, U2);
    CHECK_EQ(ovsdb_idl_txn_set_remove(row(&f, "Root", U1), "items", &atom),
             0);
    ovsdb_idl_txn_delete(row(&f, "Item", U2));
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    msg = expect_transact(&f);
    CHECK_EQ(json_array_size(msg->params), 2);
    CHECK_STREQ(json_string_value(json_object_get(
                    json_array_get(msg->params, 1), "op")), "mutate");
    fake_update(&f, "update3", "[[\"osw-idl\", \"Test\"], \"" T1 "\", "
                "{\"Root\": {\"" U1 "\": {\"modify\": {\"items\": "
                "[\"uuid\", \"" U2 "\"]}}}, \"Item\": {\"" U2 "\": "
                "{\"delete\": null}}}]");
    fake_reply(&f, msg, "[{\"count\": 1}]");
    CHECK_EQ(ovsdb_idl_txn_commit_block(txn), OVSDB_IDL_TXN_SUCCESS);
    ovsdb_idl_txn_destroy(txn);
    CHECK(!row(&f, "Item", U2));

    /* A root table's row is deleted explicitly. */
    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_idl_txn_delete(row(&f, "Root", U1));
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    msg = expect_transact(&f);
    CHECK_JSON(json_array_get(msg->params, 1),
               "{\"op\": \"delete\", \"table\": \"Root\", \"where\": "
               "[[\"_uuid\", \"==\", [\"uuid\", \"" U1 "\"]]]}");
    fake_reply(&f, msg, "[{\"count\": 1}]");
    CHECK_EQ(ovsdb_idl_txn_commit_block(txn), OVSDB_IDL_TXN_SUCCESS);
    ovsdb_idl_txn_destroy(txn);
    fake_destroy(&f);
}

OSW_TEST(txn_partial_updates_merged)
{
    struct fake f;
    struct ovsdb_idl_txn *txn;
    struct jsonrpc_msg *msg;
    const struct ovsdb_idl_row *r;
    union ovsdb_atom atom;

    /* Many elements of one column changed: one "delete" and one "insert"
     * per column, each key's last change winning. */
    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {\"names\": "
              "[\"set\", [\"a\", \"b\"]], \"config\": [\"map\", "
              "[[\"k\", \"v\"], [\"x\", \"y\"]]]}}}}", ZERO);
    r = row(&f, "Root", U1);
    txn = ovsdb_idl_txn_create(f.idl);
    const char *const adds[] = { "c", "d", "e", "a" };
    for (size_t i = 0; i < ARRAY_SIZE(adds); i++) {
        atom.string = CONST_CAST(char *, adds[i]);
        CHECK_EQ(ovsdb_idl_txn_set_add(r, "names", &atom), 0);
    }
    atom.string = "b";
    CHECK_EQ(ovsdb_idl_txn_set_remove(r, "names", &atom), 0);
    atom.string = "d";
    CHECK_EQ(ovsdb_idl_txn_set_remove(r, "names", &atom), 0);
    atom.string = "a";
    CHECK_EQ(ovsdb_idl_txn_set_remove(r, "names", &atom), 0);
    CHECK_EQ(ovsdb_idl_txn_set_add(r, "names", &atom), 0);
    CHECK_EQ(ovsdb_idl_txn_map_set_string(r, "config", "k", "1"), 0);
    CHECK_EQ(ovsdb_idl_txn_map_delete_string(r, "config", "k"), 0);
    CHECK_EQ(ovsdb_idl_txn_map_delete_string(r, "config", "x"), 0);
    CHECK_EQ(ovsdb_idl_txn_map_set_string(r, "config", "x", "2"), 0);
    CHECK_EQ(ovsdb_idl_txn_map_set_string(r, "config", "n", "3"), 0);
    CHECK_EQ(ovsdb_idl_txn_map_set_string(r, "config", "n", "4"), 0);
    /* What the caller sees is what the server will make of it. */
    CHECK_STREQ(value(r, "names"), "[a, c, e]");
    CHECK_STREQ(value(r, "config"), "{n=\"4\", x=\"2\"}");

    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    msg = expect_transact(&f);
    CHECK_EQ(json_array_size(msg->params), 2);
    CHECK_JSON(json_object_get(json_array_get(msg->params, 1), "mutations"),
               "[[\"names\", \"delete\", [\"set\", [\"b\", \"d\"]]],"
               " [\"names\", \"insert\", [\"set\", [\"a\", \"c\", \"e\"]]],"
               " [\"config\", \"delete\", [\"set\", [\"k\", \"n\", \"x\"]]],"
               " [\"config\", \"insert\", [\"map\", [[\"n\", \"4\"],"
               "                                     [\"x\", \"2\"]]]]]");
    fake_reply(&f, msg, "[{\"count\": 1}]");
    CHECK_EQ(ovsdb_idl_txn_commit_block(txn), OVSDB_IDL_TXN_SUCCESS);
    ovsdb_idl_txn_destroy(txn);

    /* Only removals: no empty "insert". */
    txn = ovsdb_idl_txn_create(f.idl);
    atom.string = "a";
    CHECK_EQ(ovsdb_idl_txn_set_remove(r, "names", &atom), 0);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    msg = expect_transact(&f);
    CHECK_JSON(json_object_get(json_array_get(msg->params, 1), "mutations"),
               "[[\"names\", \"delete\", [\"set\", [\"a\"]]]]");
    fake_reply(&f, msg, "[{\"count\": 1}]");
    CHECK_EQ(ovsdb_idl_txn_commit_block(txn), OVSDB_IDL_TXN_SUCCESS);
    ovsdb_idl_txn_destroy(txn);
    fake_destroy(&f);
}

OSW_TEST(txn_increment_of_inserted_row)
{
    struct fake f;
    struct ovsdb_idl_txn *txn;
    struct jsonrpc_msg *msg;
    const struct ovsdb_idl_row *r;

    /* The server knows the new row only by its "named-uuid": the
     * increment's "mutate" and "select" must name it so. */
    fake_start(&f, true, true);
    fake_sync(&f, "{}", ZERO);
    txn = ovsdb_idl_txn_create(f.idl);
    r = ovsdb_idl_txn_insert(txn, table(&f, "Root"), NULL);
    ovsdb_idl_txn_increment(txn, r, "count", false);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    msg = expect_transact(&f);
    CHECK_EQ(json_array_size(msg->params), 4);

    const json_t *insert = json_array_get(msg->params, 1);
    const char *name = json_string_value(json_object_get(insert,
                                                         "uuid-name"));
    CHECK(name);
    CHECK_JSON(json_object_get(json_array_get(msg->params, 2), "where"),
               "[[\"_uuid\", \"==\", [\"named-uuid\", \"%s\"]]]", name);
    CHECK_JSON(json_array_get(msg->params, 3),
               "{\"op\": \"select\", \"table\": \"Root\", \"where\": "
               "[[\"_uuid\", \"==\", [\"named-uuid\", \"%s\"]]], "
               "\"columns\": [\"count\"]}", name);
    fake_reply(&f, msg, "[{\"uuid\": [\"uuid\", \"" U4 "\"]}, "
               "{\"count\": 1}, {\"rows\": [{\"count\": 1}]}]");
    CHECK_EQ(ovsdb_idl_txn_commit_block(txn), OVSDB_IDL_TXN_SUCCESS);
    CHECK_EQ(ovsdb_idl_txn_get_increment_new_value(txn), 1);
    ovsdb_idl_txn_destroy(txn);
    fake_destroy(&f);
}

OSW_TEST(txn_connection_lost)
{
    struct fake f;
    struct ovsdb_idl_txn *txn;
    struct jsonrpc_msg *msg;
    struct ovsdb_datum d;

    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {}}}}", ZERO);
    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_datum_init_integer(&d, 1);
    CHECK_EQ(ovsdb_idl_txn_write(row(&f, "Root", U1), "count", &d), 0);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    msg = expect_transact(&f);
    jsonrpc_msg_destroy(msg);
    fake_disconnect(&f);
    CHECK_EQ(ovsdb_idl_txn_commit_block(txn), OVSDB_IDL_TXN_TRY_AGAIN);
    ovsdb_idl_txn_destroy(txn);

    /* Outstanding when the IDL goes away: detached, still destroyable. */
    FAKE_RUN_UNTIL(&f, f.n_connections == 2 && f.n_queue);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {}}}}", ZERO);
    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_datum_init_integer(&d, 2);
    CHECK_EQ(ovsdb_idl_txn_write(row(&f, "Root", U1), "count", &d), 0);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    ovsdb_idl_destroy(f.idl);
    f.idl = NULL;
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_ERROR);
    CHECK_STREQ(ovsdb_idl_txn_get_error(txn), "IDL destroyed");
    ovsdb_idl_txn_destroy(txn);
    fake_destroy(&f);
}

OSW_TEST(txn_read_your_writes)
{
    struct fake f;
    struct ovsdb_idl_txn *txn;
    const struct ovsdb_idl_row *r, *r2, *new, *iter;
    struct ovsdb_datum d;
    union ovsdb_atom atom;
    size_t n;

    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {\"name\": \"a\","
              "\"names\": [\"set\", [\"x\", \"y\"]], \"config\": "
              "[\"map\", [[\"k\", \"v\"]]]}},"
              "\"" U2 "\": {\"initial\": {\"name\": \"b\"}}}}", ZERO);
    r = row(&f, "Root", U1);
    r2 = row(&f, "Root", U2);

    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_datum_init_string(&d, "changed");
    CHECK_EQ(ovsdb_idl_txn_write(r, "name", &d), 0);
    CHECK_EQ(d.n, 0);
    CHECK_STREQ(ovsdb_idl_get_string(r, "name", ""), "changed");
    CHECK_EQ(ovsdb_idl_txn_map_set_string(r, "config", "k", "v2"), 0);
    CHECK_EQ(ovsdb_idl_txn_map_set_string(r, "config", "k2", "z"), 0);
    CHECK_STREQ(value(r, "config"), "{k=v2, k2=z}");
    CHECK_EQ(ovsdb_idl_txn_map_delete_string(r, "config", "k"), 0);
    CHECK_STREQ(value(r, "config"), "{k2=z}");
    atom.string = "w";
    CHECK_EQ(ovsdb_idl_txn_set_add(r, "names", &atom), 0);
    atom.string = "x";
    CHECK_EQ(ovsdb_idl_txn_set_remove(r, "names", &atom), 0);
    CHECK_STREQ(value(r, "names"), "[w, y]");

    new = ovsdb_idl_txn_insert(txn, table(&f, "Root"), NULL);
    CHECK(ovsdb_idl_get_row_for_uuid(table(&f, "Root"), &new->uuid) == new);
    CHECK_EQ(ovsdb_idl_txn_map_set_string(new, "config", "a", "b"), 0);
    CHECK_STREQ(value(new, "config"), "{a=b}");
    ovsdb_idl_txn_delete(r2);
    CHECK(!row(&f, "Root", U2));
    n = 0;
    OVSDB_IDL_FOR_EACH_ROW (iter, table(&f, "Root")) {
        CHECK(iter != r2);
        n++;
    }
    CHECK_EQ(n, 2);
    CHECK_EQ(ovsdb_idl_table_count(table(&f, "Root")), 2);

    /* Writes on a deleted row are refused. */
    ovsdb_datum_init_string(&d, "x");
    CHECK_EQ(ovsdb_idl_txn_write(r2, "name", &d), EINVAL);
    CHECK_EQ(ovsdb_idl_txn_map_set_string(r2, "config", "a", "b"), EINVAL);
    ovsdb_datum_destroy(&d, &ovsdb_type_string);

    /* Messages wait while the transaction is being built. */
    fake_notify(&f, "update3", "[[\"osw-idl\", \"Test\"], \"" T1 "\", "
                "{\"Root\": {\"" U1 "\": {\"modify\": {\"count\": 7}}}}]");
    for (int i = 0; i < 20; i++) {
        fake_run_once(&f);
    }
    CHECK_STREQ(value(r, "count"), "0");

    /* A full write after partial updates replaces them. */
    ovsdb_datum_init_empty(&d);
    CHECK_EQ(ovsdb_idl_txn_write(r, "config", &d), 0);
    CHECK_STREQ(value(r, "config"), "{}");

    ovsdb_idl_txn_abort(txn);
    CHECK_STREQ(value(r, "name"), "a");
    CHECK_STREQ(value(r, "config"), "{k=v}");
    CHECK_STREQ(value(r, "names"), "[x, y]");
    CHECK(row(&f, "Root", U2) == r2);
    CHECK_EQ(ovsdb_idl_table_count(table(&f, "Root")), 2);
    ovsdb_idl_txn_destroy(txn);

    FAKE_RUN_UNTIL(&f, !strcmp(value(r, "count"), "7"));
    fake_destroy(&f);
}

OSW_TEST(txn_write_errors)
{
    struct fake f;
    struct ovsdb_idl_txn *txn;
    const struct ovsdb_idl_row *r;
    struct ovsdb_datum d;
    union ovsdb_atom k, v;

    fake_start(&f, true, true);
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {}}}}", ZERO);
    r = row(&f, "Root", U1);
    txn = ovsdb_idl_txn_create(f.idl);

    ovsdb_datum_init_string(&d, "s");
    CHECK_EQ(ovsdb_idl_txn_write(r, "nope", &d), ENOENT);
    CHECK_EQ(ovsdb_idl_txn_write(r, "_uuid", &d), ENOENT);
    CHECK_EQ(d.n, 1);
    CHECK_STREQ(d.keys[0].string, "s");
    ovsdb_datum_destroy(&d, &ovsdb_type_string);

    /* Two integers for a scalar; unsorted set members. */
    ovsdb_datum_init_integer(&d, 2);
    ovsdb_datum_add_unsafe(&d, &(union ovsdb_atom) { .integer = 1 }, NULL,
                           &ovsdb_type_integer);
    CHECK_EQ(ovsdb_idl_txn_write(r, "count", &d), EINVAL);
    CHECK_EQ(ovsdb_idl_txn_write(r, "tag", &d), EINVAL);
    CHECK_EQ(d.n, 2);
    ovsdb_datum_destroy(&d, &ovsdb_type_integer);
    ovsdb_datum_init_empty(&d);
    CHECK_EQ(ovsdb_idl_txn_write(r, "name", &d), EINVAL);   /* Scalar. */
    CHECK_EQ(ovsdb_idl_txn_write_clone(r, "nope", &d), ENOENT);
    CHECK_EQ(ovsdb_idl_txn_verify(r, "nope"), ENOENT);

    CHECK_EQ(ovsdb_idl_txn_map_set_string(r, "names", "a", "b"), EINVAL);
    CHECK_EQ(ovsdb_idl_txn_map_set_string(r, "stats", "a", "b"), EINVAL);
    CHECK_EQ(ovsdb_idl_txn_map_delete_string(r, "count", "a"), EINVAL);
    CHECK_EQ(ovsdb_idl_txn_map_set_string(r, "nope", "a", "b"), ENOENT);
    k.string = "a";
    CHECK_EQ(ovsdb_idl_txn_set_add(r, "config", &k), EINVAL);
    CHECK_EQ(ovsdb_idl_txn_map_delete(r, "names", &k), EINVAL);
    v.integer = 1;
    CHECK_EQ(ovsdb_idl_txn_map_set(r, "stats", &k, &v), 0);
    CHECK_STREQ(value(r, "stats"), "{a=1}");
    k.string = "bad\xff";
    CHECK_EQ(ovsdb_idl_txn_set_add(r, "names", &k), EINVAL);

    ovsdb_datum_init_integer(&d, 4);
    CHECK_EQ(ovsdb_idl_txn_write_clone(r, "count", &d), 0);
    CHECK_EQ(d.n, 1);
    ovsdb_datum_destroy(&d, &ovsdb_type_integer);
    CHECK_STREQ(value(r, "count"), "4");
    ovsdb_idl_txn_destroy(txn);
    CHECK_STREQ(value(r, "count"), "0");
    CHECK_STREQ(value(r, "stats"), "{}");
    fake_destroy(&f);
}

OSW_TEST(locks)
{
    struct fake f;
    struct jsonrpc_msg *msg;
    struct ovsdb_idl_txn *txn;
    struct ovsdb_datum d;
    unsigned int seqno;

    fake_start(&f, true, true);
    ovsdb_idl_set_lock(f.idl, "mylock");
    CHECK_STREQ(ovsdb_idl_get_lock_name(f.idl), "mylock");

    /* The lock request goes out with the first requests. */
    FAKE_RUN_UNTIL(&f, f.n_queue >= 2);
    CHECK_STREQ(f.queue[1]->method, "lock");
    CHECK_JSON(f.queue[1]->params, "[\"mylock\"]");
    msg = f.queue[1];
    f.n_queue--;
    fake_reply(&f, msg, "{\"locked\": false}");
    fake_sync(&f, "{\"Root\": {\"" U1 "\": {\"initial\": {}}}}", ZERO);
    FAKE_RUN_UNTIL(&f, ovsdb_idl_is_lock_contended(f.idl));
    CHECK(!ovsdb_idl_has_lock(f.idl));

    seqno = ovsdb_idl_get_seqno(f.idl);
    fake_notify(&f, "locked", "[\"other\"]");
    fake_notify(&f, "locked", "[\"mylock\"]");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_has_lock(f.idl));
    CHECK(!ovsdb_idl_is_lock_contended(f.idl));
    CHECK(ovsdb_idl_get_seqno(f.idl) != seqno);

    /* Transactions assert the lock. */
    txn = ovsdb_idl_txn_create(f.idl);
    ovsdb_datum_init_integer(&d, 1);
    CHECK_EQ(ovsdb_idl_txn_write(row(&f, "Root", U1), "count", &d), 0);
    CHECK_EQ(ovsdb_idl_txn_commit(txn), OVSDB_IDL_TXN_INCOMPLETE);
    msg = expect_transact(&f);
    CHECK_JSON(json_array_get(msg->params, 1),
               "{\"op\": \"assert\", \"lock\": \"mylock\"}");
    fake_reply(&f, msg, "[{}, {\"count\": 1}]");
    CHECK_EQ(ovsdb_idl_txn_commit_block(txn), OVSDB_IDL_TXN_SUCCESS);
    ovsdb_idl_txn_destroy(txn);

    fake_notify(&f, "stolen", "[\"mylock\"]");
    FAKE_RUN_UNTIL(&f, !ovsdb_idl_has_lock(f.idl));
    CHECK(ovsdb_idl_is_lock_contended(f.idl));

    /* Giving up the lock. */
    ovsdb_idl_set_lock(f.idl, NULL);
    msg = fake_expect(&f, "unlock");
    CHECK_JSON(msg->params, "[\"mylock\"]");
    fake_reply(&f, msg, "{}");
    CHECK(!ovsdb_idl_get_lock_name(f.idl));
    CHECK(!ovsdb_idl_is_lock_contended(f.idl));

    /* A new lock is asked for at once, and again after reconnecting. */
    ovsdb_idl_set_lock(f.idl, "lock2");
    msg = fake_expect(&f, "lock");
    fake_reply(&f, msg, "{\"locked\": true}");
    FAKE_RUN_UNTIL(&f, ovsdb_idl_has_lock(f.idl));
    fake_disconnect(&f);
    FAKE_RUN_UNTIL(&f, f.n_connections == 2 && f.n_queue >= 2);
    CHECK(!ovsdb_idl_has_lock(f.idl));
    CHECK_STREQ(f.queue[1]->method, "lock");
    fake_destroy(&f);
}

OSW_TEST(status_strings)
{
    CHECK_STREQ(ovsdb_idl_txn_status_to_string(OVSDB_IDL_TXN_SUCCESS),
                "success");
    CHECK_STREQ(ovsdb_idl_txn_status_to_string(OVSDB_IDL_TXN_TRY_AGAIN),
                "try again");
    CHECK_STREQ(ovsdb_idl_txn_status_to_string(OVSDB_IDL_TXN_NOT_LOCKED),
                "not locked");
    CHECK_STREQ(ovsdb_idl_txn_status_to_string(OVSDB_IDL_TXN_UNCOMMITTED),
                "uncommitted");
}

OSW_TEST(accessors_and_no_retry)
{
    struct ovsdb_idl *idl;
    char *remote = xasprintf("unix:%s/none.sock", osw_test_tmpdir());
    long long int deadline = time_msec() + 10000;

    idl = ovsdb_idl_create(remote, "Test", NULL, true, false);
    CHECK_STREQ(ovsdb_idl_get_remote(idl), remote);
    CHECK_STREQ(ovsdb_idl_get_db_name(idl), "Test");
    CHECK(!ovsdb_idl_get_monitor_method(idl));
    ovsdb_idl_set_probe_interval(idl, 0);
    while (ovsdb_idl_is_alive(idl)) {
        CHECK(time_msec() < deadline);
        ovsdb_idl_run(idl);
        ovsdb_idl_wait(idl);
        poll_timer_wait(100);
        poll_block();
    }
    CHECK(!ovsdb_idl_is_connected(idl));
    CHECK_EQ(ovsdb_idl_get_last_error(idl), ENOENT);
    ovsdb_idl_destroy(idl);
    ovsdb_idl_destroy(NULL);
    free(remote);
}

/* "--client": a client for the functional tests. */

static long long int client_deadline = LLONG_MAX;

static void
client_check_deadline(void)
{
    if (time_msec() >= client_deadline) {
        osw_fatal(0, "timed out");
    }
}

static void
client_block(void)
{
    if (client_deadline != LLONG_MAX) {
        poll_timer_wait_until(client_deadline);
    }
    poll_block();
}

/* Runs IDLs A (and B, if nonnull) until 'COND' holds. */
#define CLIENT_RUN_UNTIL(A, B, COND)                                    \
    do {                                                                \
        for (;;) {                                                      \
            ovsdb_idl_run(A);                                           \
            if (B) {                                                    \
                ovsdb_idl_run(B);                                       \
            }                                                           \
            if (COND) {                                                 \
                break;                                                  \
            }                                                           \
            client_check_deadline();                                    \
            ovsdb_idl_wait(A);                                          \
            if (B) {                                                    \
                ovsdb_idl_wait(B);                                      \
            }                                                           \
            client_block();                                             \
        }                                                               \
    } while (0)

/* "--cond=TABLE:JSON" options. */
static char **client_conds;
static size_t n_client_conds;

/* Creates an IDL with the "--cond" conditions. */
static struct ovsdb_idl *
client_create(const char *remote, const char *db,
              const struct ovsdb_schema *schema)
{
    struct ovsdb_idl *idl = ovsdb_idl_create(remote, db, schema, true, true);

    for (size_t i = 0; i < n_client_conds; i++) {
        char *table = xstrdup(client_conds[i]);
        char *text = strchr(table, ':');
        json_t *cond = NULL;

        if (text) {
            *text++ = '\0';
            cond = json_loads(text, 0, NULL);
        }

        if (!cond || !ovsdb_idl_set_condition(idl, table, cond)) {
            osw_fatal(0, "--cond=%s: bad condition", client_conds[i]);
        }
        json_decref(cond);
        free(table);
    }
    return idl;
}

static struct ovsdb_idl *
client_connect(const char *remote, const char *db,
               const struct ovsdb_schema *schema)
{
    struct ovsdb_idl *idl = client_create(remote, db, schema);
    struct ovsdb_idl *none = NULL;

    CLIENT_RUN_UNTIL(idl, none, ovsdb_idl_is_synced(idl));
    return idl;
}

/* The only (first) row of 'table_name'. */
static const struct ovsdb_idl_row *
client_first_row(struct ovsdb_idl *idl, const char *table_name)
{
    const struct ovsdb_idl_table *t = ovsdb_idl_get_table(idl, table_name);
    const struct ovsdb_idl_row *r = t ? ovsdb_idl_first_row(t) : NULL;

    if (!r) {
        osw_fatal(0, "table %s has no rows", table_name);
    }
    return r;
}

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;

    return strcmp(*a, *b);
}

/* Appends 'column' of 'r': references as the sorted "name"s of the rows
 * they refer to (uuids are random), anything else in ovs-vsctl syntax. */
static void
client_format_column(const struct ovsdb_idl_row *r,
                     const struct ovsdb_column *column, struct ds *out)
{
    const struct ovsdb_idl_row **refs;
    size_t n;

    if (!ovsdb_base_type_is_ref(&column->type.key)
        && !ovsdb_base_type_is_ref(&column->type.value)) {
        ovsdb_datum_to_string(&r->datums[column->index], &column->type, out);
        return;
    }
    n = ovsdb_idl_get_refs(r, column->name, &refs);
    const char **names = xmalloc((n + 1) * sizeof *names);
    for (size_t i = 0; i < n; i++) {
        names[i] = ovsdb_idl_get_string(refs[i], "name", "?");
    }
    qsort(names, n, sizeof *names, compare_strings);
    ds_put_char(out, '[');
    for (size_t i = 0; i < n; i++) {
        ds_put_format(out, "%s%s", i ? "," : "", names[i]);
    }
    ds_put_char(out, ']');
    free(names);
    free(refs);
}

/* Appends the rows of the table in 'spec' ("Table:col1,col2"), one line
 * each, sorted. */
static void
client_dump_table(struct ovsdb_idl *idl, const char *spec, struct ds *out)
{
    char *copy = xstrdup(spec);
    char *columns = strchr(copy, ':');
    const struct ovsdb_idl_table *t;
    const struct ovsdb_idl_row *r;
    char **lines = NULL;
    size_t n = 0, allocated = 0;

    if (columns) {
        *columns++ = '\0';
    }
    t = ovsdb_idl_get_table(idl, copy);
    if (!t || !columns) {
        osw_fatal(0, "%s: bad table spec", spec);
    }
    OVSDB_IDL_FOR_EACH_ROW (r, t) {
        struct ds line = DS_EMPTY_INITIALIZER;
        char *save = NULL, *cols = xstrdup(columns);

        ds_put_cstr(&line, copy);
        for (char *name = strtok_r(cols, ",", &save); name;
             name = strtok_r(NULL, ",", &save)) {
            const struct ovsdb_column *c;

            c = ovsdb_idl_table_find_column(t, name);
            if (!c) {
                osw_fatal(0, "%s: no column %s", copy, name);
            }
            ds_put_format(&line, " %s=", name);
            client_format_column(r, c, &line);
        }
        free(cols);
        if (n >= allocated) {
            lines = x2nrealloc(lines, &allocated, sizeof *lines);
        }
        lines[n++] = ds_steal_cstr(&line);
    }
    if (n) {
        qsort(lines, n, sizeof *lines, compare_strings);
    }
    for (size_t i = 0; i < n; i++) {
        ds_put_format(out, "%s\n", lines[i]);
        free(lines[i]);
    }
    free(lines);
    free(copy);
}

static void
client_dump(struct ovsdb_idl *idl, char **specs, int n, struct ds *out)
{
    for (int i = 0; i < n; i++) {
        client_dump_table(idl, specs[i], out);
    }
}

/* "dump TABLE:COLS...": prints the tables once in sync. */
static int
cmd_dump(const char *remote, const char *db, const struct ovsdb_schema *s,
         int argc, char *argv[])
{
    struct ovsdb_idl *idl = client_connect(remote, db, s);
    struct ds out = DS_EMPTY_INITIALIZER;

    client_dump(idl, argv, argc, &out);
    fputs(ds_cstr(&out), stdout);
    ds_destroy(&out);
    ovsdb_idl_destroy(idl);
    return 0;
}

/* "follow FILE TABLE:COLS...": keeps FILE holding a status line and the
 * tables, rewritten (atomically) on every change, until killed. */
static int OSW_NO_RETURN
cmd_follow(const char *remote, const char *db, const struct ovsdb_schema *s,
           int argc, char *argv[])
{
    struct ovsdb_idl *idl = client_create(remote, db, s);
    const char *file = argv[0];
    char *tmp = xasprintf("%s.tmp", file);
    struct ds last = DS_EMPTY_INITIALIZER;

    if (argc < 1) {
        osw_fatal(0, "follow: FILE expected");
    }
    client_deadline = LLONG_MAX;
    for (;;) {
        struct ds out = DS_EMPTY_INITIALIZER;

        ovsdb_idl_run(idl);
        if (ovsdb_idl_has_ever_connected(idl)) {
            ds_put_format(&out, "synced=%s full_loads=%u\n",
                          (ovsdb_idl_get_monitor_method(idl)
                           ? ovsdb_idl_get_monitor_method(idl) : "no"),
                          ovsdb_idl_get_n_full_loads(idl));
            client_dump(idl, argv + 1, argc - 1, &out);
        }
        if (strcmp(ds_cstr(&out), ds_cstr(&last))) {
            FILE *stream = fopen(tmp, "w");

            if (!stream || fputs(ds_cstr(&out), stream) < 0
                || fclose(stream) || rename(tmp, file)) {
                osw_fatal(errno, "%s: write failed", file);
            }
            ds_swap(&out, &last);
        }
        ds_destroy(&out);
        ovsdb_idl_wait(idl);
        poll_block();
    }
}

/* Commits 'txn' and prints "LABEL: STATUS". */
static enum ovsdb_idl_txn_status
client_commit(struct ovsdb_idl_txn *txn, const char *label)
{
    enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit_block(txn);

    printf("%s: %s", label, ovsdb_idl_txn_status_to_string(status));
    if (status == OVSDB_IDL_TXN_ERROR) {
        printf(" (%s)", ovsdb_idl_txn_get_error(txn));
    }
    putchar('\n');
    fflush(stdout);
    return status;
}

static void
write_string(const struct ovsdb_idl_row *r, const char *column,
             const char *s)
{
    struct ovsdb_datum d;

    ovsdb_datum_init_string(&d, s);
    if (ovsdb_idl_txn_write(r, column, &d)) {
        osw_fatal(0, "cannot write %s", column);
    }
}

static void
write_uuids(const struct ovsdb_idl_row *r, const char *column,
            const struct uuid *uuids, size_t n)
{
    const struct ovsdb_column *c = ovsdb_idl_table_find_column(r->table,
                                                               column);
    struct ovsdb_datum d;

    ovsdb_datum_init_empty(&d);
    for (size_t i = 0; i < n; i++) {
        union ovsdb_atom atom = { .uuid = uuids[i] };
        ovsdb_datum_add(&d, &atom, NULL, &c->type);
    }
    if (ovsdb_idl_txn_write(r, column, &d)) {
        osw_fatal(0, "cannot write %s", column);
    }
}

/* "add-bridge NAME PORT...": inserts a bridge, its ports and their
 * interfaces, referring to each other by named uuids, and adds it to
 * Open_vSwitch (a partial update); then reads the result back. */
static int
cmd_add_bridge(const char *remote, const char *db,
               const struct ovsdb_schema *s, int argc, char *argv[])
{
    struct ovsdb_idl *idl = client_connect(remote, db, s);
    struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(idl);
    const struct ovsdb_idl_row *ovs = client_first_row(idl, "Open_vSwitch");
    const struct ovsdb_idl_row *br, *bridge;
    struct uuid *ports = xmalloc(argc * sizeof *ports);
    struct uuid br_uuid;
    union ovsdb_atom atom;
    struct ds out = DS_EMPTY_INITIALIZER;
    char *spec = "Bridge:name,ports";

    br = ovsdb_idl_txn_insert(txn, ovsdb_idl_get_table(idl, "Bridge"), NULL);
    write_string(br, "name", argv[0]);
    for (int i = 1; i < argc; i++) {
        const struct ovsdb_idl_row *port, *iface;

        iface = ovsdb_idl_txn_insert(txn, ovsdb_idl_get_table(idl,
                                                              "Interface"),
                                     NULL);
        write_string(iface, "name", argv[i]);
        port = ovsdb_idl_txn_insert(txn, ovsdb_idl_get_table(idl, "Port"),
                                    NULL);
        write_string(port, "name", argv[i]);
        write_uuids(port, "interfaces", &iface->uuid, 1);
        ports[i - 1] = port->uuid;
    }
    write_uuids(br, "ports", ports, argc - 1);
    atom.uuid = br->uuid;
    ovsdb_idl_txn_set_add(ovs, "bridges", &atom);
    br_uuid = br->uuid;
    ovsdb_idl_txn_add_comment(txn, "test-ovsdb-idl: add-bridge %s", argv[0]);

    if (client_commit(txn, "add-bridge") != OVSDB_IDL_TXN_SUCCESS) {
        return 1;
    }
    /* The server's update came before the reply: the row is there. */
    bridge = ovsdb_idl_get_row_for_uuid(
        ovsdb_idl_get_table(idl, "Bridge"),
        ovsdb_idl_txn_get_insert_uuid(txn, &br_uuid));
    printf("replica has the new bridge: %s\n",
           bridge && !strcmp(ovsdb_idl_get_string(bridge, "name", ""),
                             argv[0]) ? "yes" : "no");
    client_dump(idl, &spec, 1, &out);
    spec = "Open_vSwitch:bridges";
    client_dump(idl, &spec, 1, &out);
    fputs(ds_cstr(&out), stdout);

    ds_destroy(&out);
    free(ports);
    ovsdb_idl_txn_destroy(txn);
    ovsdb_idl_destroy(idl);
    return 0;
}

/* Builds a transaction on 'idl' that verifies and sets ovs_version. */
static struct ovsdb_idl_txn *
client_version_txn(struct ovsdb_idl *idl, const char *version, bool verify)
{
    struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(idl);
    const struct ovsdb_idl_row *ovs = client_first_row(idl, "Open_vSwitch");

    if (verify) {
        ovsdb_idl_txn_verify(ovs, "ovs_version");
    }
    write_string(ovs, "ovs_version", version);
    return txn;
}

static const char *
client_version(struct ovsdb_idl *idl)
{
    return ovsdb_idl_get_string(client_first_row(idl, "Open_vSwitch"),
                                "ovs_version", "");
}

/* "verify-conflict": client A verifies ovs_version and sets it; client B
 * changes it first; A's commit fails with TRY_AGAIN, and its retry, once
 * its replica has caught up, succeeds. */
static int
cmd_verify_conflict(const char *remote, const char *db,
                    const struct ovsdb_schema *s, int argc OSW_UNUSED,
                    char *argv[] OSW_UNUSED)
{
    struct ovsdb_idl *a = client_connect(remote, db, s);
    struct ovsdb_idl *b = client_connect(remote, db, s);
    struct ovsdb_idl_txn *txn_a, *txn_b;

    txn_a = client_version_txn(a, "from-a", true);
    txn_b = client_version_txn(b, "from-b", false);
    client_commit(txn_b, "B");
    client_commit(txn_a, "A");
    ovsdb_idl_txn_destroy(txn_a);
    ovsdb_idl_txn_destroy(txn_b);

    CLIENT_RUN_UNTIL(a, b, !strcmp(client_version(a), "from-b"));
    txn_a = client_version_txn(a, "from-a", true);
    client_commit(txn_a, "A again");
    ovsdb_idl_txn_destroy(txn_a);
    CLIENT_RUN_UNTIL(a, b, !strcmp(client_version(b), "from-a"));
    printf("B sees: %s\n", client_version(b));

    ovsdb_idl_destroy(a);
    ovsdb_idl_destroy(b);
    return 0;
}

/* "map-concurrent": A and B set different keys of external_ids with
 * partial updates (no verify), B first while A's transaction is open:
 * both keys survive.  Then A deletes B's key. */
static int
cmd_map_concurrent(const char *remote, const char *db,
                   const struct ovsdb_schema *s, int argc OSW_UNUSED,
                   char *argv[] OSW_UNUSED)
{
    struct ovsdb_idl *a = client_connect(remote, db, s);
    struct ovsdb_idl *b = client_connect(remote, db, s);
    struct ovsdb_idl_txn *txn_a, *txn_b;
    char *spec = "Open_vSwitch:external_ids";
    struct ds out = DS_EMPTY_INITIALIZER;

    txn_a = ovsdb_idl_txn_create(a);
    ovsdb_idl_txn_map_set_string(client_first_row(a, "Open_vSwitch"),
                                 "external_ids", "from-a", "1");
    ovsdb_idl_txn_map_set_string(client_first_row(a, "Open_vSwitch"),
                                 "external_ids", "shared", "a");
    txn_b = ovsdb_idl_txn_create(b);
    ovsdb_idl_txn_map_set_string(client_first_row(b, "Open_vSwitch"),
                                 "external_ids", "from-b", "2");
    client_commit(txn_b, "B");
    client_commit(txn_a, "A");
    ovsdb_idl_txn_destroy(txn_a);
    ovsdb_idl_txn_destroy(txn_b);
    CLIENT_RUN_UNTIL(a, b, ovsdb_idl_get_map_string(
                         client_first_row(b, "Open_vSwitch"),
                         "external_ids", "from-a", NULL)
                     && ovsdb_idl_get_map_string(
                         client_first_row(a, "Open_vSwitch"),
                         "external_ids", "from-b", NULL));
    client_dump(a, &spec, 1, &out);
    fputs(ds_cstr(&out), stdout);
    ds_clear(&out);

    txn_a = ovsdb_idl_txn_create(a);
    ovsdb_idl_txn_map_delete_string(client_first_row(a, "Open_vSwitch"),
                                    "external_ids", "from-b");
    ovsdb_idl_txn_map_set_string(client_first_row(a, "Open_vSwitch"),
                                 "external_ids", "shared", "a2");
    client_commit(txn_a, "A delete");
    ovsdb_idl_txn_destroy(txn_a);
    CLIENT_RUN_UNTIL(a, b, !ovsdb_idl_get_map_string(
                         client_first_row(b, "Open_vSwitch"),
                         "external_ids", "from-b", NULL));
    client_dump(b, &spec, 1, &out);
    fputs(ds_cstr(&out), stdout);

    ds_destroy(&out);
    ovsdb_idl_destroy(a);
    ovsdb_idl_destroy(b);
    return 0;
}

/* "cfg-wait": increments next_cfg (as osw-vsctl does) and waits until a
 * daemon reports it with cur_cfg. */
static int
cmd_cfg_wait(const char *remote, const char *db, const struct ovsdb_schema *s,
             int argc OSW_UNUSED, char *argv[] OSW_UNUSED)
{
    struct ovsdb_idl *idl = client_connect(remote, db, s);
    struct ovsdb_idl *none = NULL;
    struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(idl);
    int64_t next_cfg;

    ovsdb_idl_txn_increment(txn, client_first_row(idl, "Open_vSwitch"),
                            "next_cfg", true);
    if (client_commit(txn, "increment") != OVSDB_IDL_TXN_SUCCESS) {
        return 1;
    }
    next_cfg = ovsdb_idl_txn_get_increment_new_value(txn);
    ovsdb_idl_txn_destroy(txn);
    printf("next_cfg: %"PRId64"\n", next_cfg);
    fflush(stdout);

    CLIENT_RUN_UNTIL(idl, none, ovsdb_idl_get_integer(
                         client_first_row(idl, "Open_vSwitch"), "cur_cfg",
                         0) >= next_cfg);
    printf("cur_cfg reached %"PRId64"\n", next_cfg);
    ovsdb_idl_destroy(idl);
    return 0;
}

/* "cfg-daemon": as osw-vswitchd does, copies next_cfg to cur_cfg whenever
 * it changes, until killed. */
static int OSW_NO_RETURN
cmd_cfg_daemon(const char *remote, const char *db,
               const struct ovsdb_schema *s, int argc OSW_UNUSED,
               char *argv[] OSW_UNUSED)
{
    struct ovsdb_idl *idl = client_connect(remote, db, s);

    printf("ready\n");
    fflush(stdout);
    client_deadline = LLONG_MAX;
    for (;;) {
        const struct ovsdb_idl_table *t;
        const struct ovsdb_idl_row *ovs;

        ovsdb_idl_run(idl);
        t = ovsdb_idl_get_table(idl, "Open_vSwitch");
        ovs = ovsdb_idl_first_row(t);
        if (ovs && ovsdb_idl_is_synced(idl)) {
            int64_t next = ovsdb_idl_get_integer(ovs, "next_cfg", 0);

            if (next != ovsdb_idl_get_integer(ovs, "cur_cfg", 0)) {
                struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(idl);
                struct ovsdb_datum d;

                ovsdb_datum_init_integer(&d, next);
                ovsdb_idl_txn_write(ovs, "cur_cfg", &d);
                if (ovsdb_idl_txn_commit_block(txn)
                    == OVSDB_IDL_TXN_SUCCESS) {
                    printf("acked %"PRId64"\n", next);
                    fflush(stdout);
                }
                ovsdb_idl_txn_destroy(txn);
                continue;
            }
        }
        ovsdb_idl_wait(idl);
        poll_block();
    }
}

/* "lock NAME": takes lock NAME, reports its state on every change and,
 * whenever it gains the lock, commits external_ids:lock-holder=PID.
 * Until killed. */
static int OSW_NO_RETURN
cmd_lock(const char *remote, const char *db, const struct ovsdb_schema *s,
         int argc OSW_UNUSED, char *argv[])
{
    struct ovsdb_idl *idl = client_connect(remote, db, s);
    bool had_lock = false, was_contended = false;

    ovsdb_idl_set_lock(idl, argv[0]);
    client_deadline = LLONG_MAX;
    for (;;) {
        bool has_lock, contended;

        ovsdb_idl_run(idl);
        has_lock = ovsdb_idl_has_lock(idl);
        contended = ovsdb_idl_is_lock_contended(idl);
        if (has_lock != had_lock || contended != was_contended) {
            printf("has_lock=%s contended=%s\n", has_lock ? "yes" : "no",
                   contended ? "yes" : "no");
            fflush(stdout);
            if (has_lock) {
                struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(idl);
                char *pid = xasprintf("%ld", (long int) getpid());

                ovsdb_idl_txn_map_set_string(
                    client_first_row(idl, "Open_vSwitch"), "external_ids",
                    "lock-holder", pid);
                client_commit(txn, "locked write");
                ovsdb_idl_txn_destroy(txn);
                free(pid);
            }
            had_lock = has_lock;
            was_contended = contended;
        }
        ovsdb_idl_wait(idl);
        poll_block();
    }
}

/* "lock-write NAME": sets lock NAME without waiting for it and commits a
 * write at once: NOT_LOCKED unless the lock happens to be free. */
static int
cmd_lock_write(const char *remote, const char *db,
               const struct ovsdb_schema *s, int argc OSW_UNUSED,
               char *argv[])
{
    struct ovsdb_idl *idl = client_connect(remote, db, s);
    struct ovsdb_idl *none = NULL;
    struct ovsdb_idl_txn *txn;

    ovsdb_idl_set_lock(idl, argv[0]);
    CLIENT_RUN_UNTIL(idl, none, ovsdb_idl_has_lock(idl)
                     || ovsdb_idl_is_lock_contended(idl));
    txn = ovsdb_idl_txn_create(idl);
    ovsdb_idl_txn_map_set_string(client_first_row(idl, "Open_vSwitch"),
                                 "external_ids", "lock-holder", "intruder");
    client_commit(txn, "write");
    ovsdb_idl_txn_destroy(txn);
    ovsdb_idl_destroy(idl);
    return 0;
}

struct client_command {
    const char *name;
    int min_args;
    int (*function)(const char *remote, const char *db,
                    const struct ovsdb_schema *, int argc, char *argv[]);
};

static const struct client_command client_commands[] = {
    { "dump", 1, cmd_dump },
    { "follow", 1, cmd_follow },
    { "add-bridge", 1, cmd_add_bridge },
    { "verify-conflict", 0, cmd_verify_conflict },
    { "map-concurrent", 0, cmd_map_concurrent },
    { "cfg-wait", 0, cmd_cfg_wait },
    { "cfg-daemon", 0, cmd_cfg_daemon },
    { "lock", 1, cmd_lock },
    { "lock-write", 1, cmd_lock_write },
};

static void OSW_NO_RETURN
client_usage(void)
{
    printf("usage: %s --client REMOTE [OPTION...] COMMAND [ARG...]\n"
           "options: --db=NAME (default Open_vSwitch), --schema=FILE "
           "(default: the server's),\n"
           "         --timeout=SECS (default 30; 0 for none), "
           "--verbose=SPEC,\n"
           "         --cond=TABLE:JSON (replicate matching rows only)\n"
           "commands:\n"
           "  dump TABLE:COL,COL...        print rows once in sync\n"
           "  follow FILE TABLE:COL,...    keep FILE up to date\n"
           "  add-bridge NAME PORT...      insert with references\n"
           "  verify-conflict              TRY_AGAIN, then success\n"
           "  map-concurrent               partial map updates\n"
           "  cfg-wait                     increment next_cfg, wait "
           "for cur_cfg\n"
           "  cfg-daemon                   copy next_cfg to cur_cfg\n"
           "  lock NAME                    hold a lock, report it\n"
           "  lock-write NAME              write under a lock at once\n",
           program_name);
    exit(0);
}

static int
client_main(int argc, char *argv[])
{
    struct ovsdb_schema *schema = NULL;
    const char *db = "Open_vSwitch";
    const char *remote;
    int timeout = 30;
    int i;

    if (argc < 2 || !strcmp(argv[1], "--help")) {
        client_usage();
    }
    remote = argv[1];
    for (i = 2; i < argc && !strncmp(argv[i], "--", 2); i++) {
        const char *arg = argv[i];

        if (!strncmp(arg, "--db=", 5)) {
            db = arg + 5;
        } else if (!strncmp(arg, "--schema=", 9)) {
            struct ovsdb_error *error = ovsdb_schema_from_file(arg + 9,
                                                               &schema);
            if (error) {
                osw_fatal(0, "%s", ovsdb_error_to_string_free(error));
            }
        } else if (!strncmp(arg, "--timeout=", 10)) {
            if (!str_to_int(arg + 10, 10, &timeout) || timeout < 0) {
                osw_fatal(0, "%s: bad timeout", arg);
            }
        } else if (!strcmp(arg, "--help")) {
            client_usage();
        } else if (!strncmp(arg, "--cond=", 7)) {
            client_conds = xrealloc(client_conds, (n_client_conds + 1)
                                    * sizeof *client_conds);
            client_conds[n_client_conds++] = CONST_CAST(char *, arg + 7);
        } else if (!strncmp(arg, "--verbose=", 10)) {
            vlog_set_verbosity(arg + 10);
        } else {
            osw_fatal(0, "%s: unknown option", arg);
        }
    }
    if (timeout) {
        client_deadline = time_msec() + timeout * 1000LL;
    }
    if (i >= argc) {
        client_usage();
    }

    for (size_t j = 0; j < ARRAY_SIZE(client_commands); j++) {
        const struct client_command *cmd = &client_commands[j];

        if (!strcmp(cmd->name, argv[i])) {
            int n_args = argc - i - 1;
            int retval;

            if (n_args < cmd->min_args) {
                osw_fatal(0, "%s: missing arguments", cmd->name);
            }
            retval = cmd->function(remote, db, schema, n_args, argv + i + 1);
            ovsdb_schema_destroy(schema);
            return retval;
        }
    }
    osw_fatal(0, "%s: unknown command (use --help)", argv[i]);
}

int
main(int argc, char *argv[])
{
    if (argc > 1 && !strcmp(argv[1], "--client")) {
        set_program_name(argv[0]);
        signal(SIGPIPE, SIG_IGN);
        return client_main(argc - 1, argv + 1);
    }
    return osw_test_main(argc, argv);
}
