/* Tests for ovsdb/server.c (databases, locks), ovsdb/trigger.c
 * (transactions parked by "wait") and ovsdb/jsonrpc-server.c (method
 * dispatch, notifications, slow clients, remotes, group commit), the last
 * through real JSON-RPC connections on a Unix socket in the test's
 * temporary directory. */
#include <config.h>
#include "testlib.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "file.h"
#include "jsonrpc-server.h"
#include "osw/dynamic-string.h"
#include "osw/jsonrpc.h"
#include "osw/poll-loop.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "server.h"
#include "table.h"
#include "trigger.h"

/* Helpers. */

static const char test_schema[] =
    "{\"name\": \"T\", \"version\": \"1.0.0\", \"tables\": {"
    "\"R\": {\"isRoot\": true, \"columns\": {"
    "\"name\": {\"type\": \"string\"}, "
    "\"n\": {\"type\": \"integer\"}}}}}";

static struct ovsdb_schema *
make_schema(const char *name)
{
    json_error_t jerror;
    json_t *json = json_loads(test_schema, 0, &jerror);
    struct ovsdb_schema *schema;

    CHECK(json != NULL);
    if (name) {
        json_object_set_new(json, "name", json_string(name));
    }
    ovsdb_error_assert(ovsdb_schema_from_json(json, &schema));
    json_decref(json);
    return schema;
}

static struct ovsdb *
make_db(const char *name)
{
    return ovsdb_create(make_schema(name));
}

static json_t *
parse(const char *s)
{
    json_error_t jerror;
    json_t *json = json_loads(s, JSON_DECODE_ANY, &jerror);
    if (!json) {
        osw_test_fail(__FILE__, __LINE__, "bad test JSON %s: %s", s,
                      jerror.text);
    }
    return json;
}

/* Returns 'json' as compact text with sorted keys (caller frees). */
static char *
text(const json_t *json)
{
    return json_dumps(json, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

#define CHECK_JSON(JSON, EXPECTED)                      \
    do {                                                \
        char *t__ = text(JSON);                         \
        CHECK_STREQ(t__, EXPECTED);                     \
        free(t__);                                      \
    } while (0)

/* Locks. */

struct lock_fixture {
    struct ovsdb_server server;
    struct ovsdb_session a, b, c;
};

static void
lock_fixture_init(struct lock_fixture *f)
{
    ovsdb_server_init(&f->server);
    ovsdb_session_init(&f->a, &f->server);
    ovsdb_session_init(&f->b, &f->server);
    ovsdb_session_init(&f->c, &f->server);
}

static void
lock_fixture_destroy(struct lock_fixture *f)
{
    ovsdb_session_unlock_all(&f->a, NULL, NULL);
    ovsdb_session_unlock_all(&f->b, NULL, NULL);
    ovsdb_session_unlock_all(&f->c, NULL, NULL);
    ovsdb_session_destroy(&f->a);
    ovsdb_session_destroy(&f->b);
    ovsdb_session_destroy(&f->c);
    CHECK_EQ(ovsdb_server_n_locks(&f->server), 0);
    ovsdb_server_destroy(&f->server);
}

static struct ovsdb_lock_waiter *
lock(struct ovsdb_session *s, const char *name, enum ovsdb_lock_mode mode,
     struct ovsdb_session *expected_victim)
{
    struct ovsdb_session *victim = (void *) 1;
    struct ovsdb_lock_waiter *w = ovsdb_session_lock(s, name, mode, &victim);
    CHECK(victim == expected_victim);
    CHECK(ovsdb_session_get_lock_waiter(s, name) == w);
    return w;
}

OSW_TEST(lock_uncontended)
{
    struct lock_fixture f;
    lock_fixture_init(&f);

    struct ovsdb_lock_waiter *w = lock(&f.a, "x", OVSDB_LOCK_WAIT, NULL);
    CHECK(ovsdb_lock_waiter_is_owner(w));
    CHECK(ovsdb_session_owns_lock(&f.a, "x"));
    CHECK(!ovsdb_session_owns_lock(&f.a, "y"));
    CHECK(!ovsdb_session_owns_lock(&f.b, "x"));
    CHECK(ovsdb_server_get_lock_owner(&f.server, "x") == &f.a);
    CHECK(ovsdb_server_get_lock_owner(&f.server, "y") == NULL);
    CHECK_EQ(ovsdb_server_n_locks(&f.server), 1);

    CHECK(ovsdb_session_unlock(w) == NULL);
    CHECK(ovsdb_session_get_lock_waiter(&f.a, "x") == NULL);
    CHECK_EQ(ovsdb_server_n_locks(&f.server), 0);
    lock_fixture_destroy(&f);
}

OSW_TEST(lock_queue_order)
{
    struct lock_fixture f;
    lock_fixture_init(&f);

    struct ovsdb_lock_waiter *wa = lock(&f.a, "x", OVSDB_LOCK_WAIT, NULL);
    struct ovsdb_lock_waiter *wb = lock(&f.b, "x", OVSDB_LOCK_WAIT, NULL);
    struct ovsdb_lock_waiter *wc = lock(&f.c, "x", OVSDB_LOCK_WAIT, NULL);
    CHECK(ovsdb_lock_waiter_is_owner(wa));
    CHECK(!ovsdb_lock_waiter_is_owner(wb));
    CHECK(!ovsdb_lock_waiter_is_owner(wc));
    CHECK_EQ(ovsdb_server_n_locks(&f.server), 1);

    /* A waiter that leaves the middle of the line changes nothing. */
    CHECK(ovsdb_session_unlock(wb) == NULL);
    CHECK(ovsdb_lock_waiter_is_owner(wa));
    /* The owner leaves: the next in line owns it. */
    CHECK(ovsdb_session_unlock(wa) == &f.c);
    CHECK(ovsdb_lock_waiter_is_owner(wc));
    CHECK(ovsdb_server_get_lock_owner(&f.server, "x") == &f.c);
    lock_fixture_destroy(&f);
}

OSW_TEST(steal_from_waiter)
{
    struct lock_fixture f;
    lock_fixture_init(&f);

    struct ovsdb_lock_waiter *wa = lock(&f.a, "x", OVSDB_LOCK_WAIT, NULL);
    struct ovsdb_lock_waiter *wb = lock(&f.b, "x", OVSDB_LOCK_STEAL, &f.a);
    CHECK(ovsdb_lock_waiter_is_owner(wb));
    CHECK(!ovsdb_lock_waiter_is_owner(wa));
    /* 'a' waited patiently: it keeps its place and gets the lock back. */
    CHECK(wa->lock != NULL);
    CHECK(ovsdb_session_unlock(wb) == &f.a);
    CHECK(ovsdb_lock_waiter_is_owner(wa));
    lock_fixture_destroy(&f);
}

OSW_TEST(steal_from_thief)
{
    struct lock_fixture f;
    lock_fixture_init(&f);

    struct ovsdb_lock_waiter *wa = lock(&f.a, "x", OVSDB_LOCK_STEAL, NULL);
    CHECK(ovsdb_lock_waiter_is_owner(wa));
    struct ovsdb_lock_waiter *wb = lock(&f.b, "x", OVSDB_LOCK_STEAL, &f.a);
    CHECK(ovsdb_lock_waiter_is_owner(wb));
    /* A thief that is robbed drops out of line but keeps its waiter until
     * it says "unlock". */
    CHECK(wa->lock == NULL);
    CHECK(ovsdb_session_get_lock_waiter(&f.a, "x") == wa);
    CHECK(!ovsdb_lock_waiter_is_owner(wa));
    CHECK(ovsdb_session_unlock(wb) == NULL);
    CHECK_EQ(ovsdb_server_n_locks(&f.server), 0);
    CHECK(ovsdb_session_unlock(wa) == NULL);
    CHECK(ovsdb_session_get_lock_waiter(&f.a, "x") == NULL);
    lock_fixture_destroy(&f);
}

OSW_TEST(steal_unowned_and_own)
{
    struct lock_fixture f;
    lock_fixture_init(&f);

    /* Stealing a lock nobody holds has no victim. */
    struct ovsdb_lock_waiter *wa = lock(&f.a, "x", OVSDB_LOCK_STEAL, NULL);
    CHECK(ovsdb_lock_waiter_is_owner(wa));
    /* A waiter in line behind a thief. */
    struct ovsdb_lock_waiter *wb = lock(&f.b, "x", OVSDB_LOCK_WAIT, NULL);
    CHECK(!ovsdb_lock_waiter_is_owner(wb));
    CHECK(ovsdb_session_unlock(wa) == &f.b);
    CHECK(ovsdb_lock_waiter_is_owner(wb));
    lock_fixture_destroy(&f);
}

struct notified {
    struct ovsdb_session *sessions[4];
    char *names[4];
    size_t n;
};

static void
record_locked(struct ovsdb_session *s, const char *name, void *n_)
{
    struct notified *n = n_;
    CHECK(n->n < 4);
    n->sessions[n->n] = s;
    n->names[n->n++] = xstrdup(name);
}

OSW_TEST(unlock_all_notifies)
{
    struct lock_fixture f;
    struct notified n = { .n = 0 };
    lock_fixture_init(&f);

    lock(&f.a, "l1", OVSDB_LOCK_WAIT, NULL);
    lock(&f.b, "l2", OVSDB_LOCK_WAIT, NULL);
    lock(&f.a, "l2", OVSDB_LOCK_WAIT, NULL);
    lock(&f.b, "l1", OVSDB_LOCK_WAIT, NULL);
    lock(&f.c, "l3", OVSDB_LOCK_WAIT, NULL);
    CHECK_EQ(ovsdb_server_n_locks(&f.server), 3);

    /* 'a' goes away: 'b' gets l1; l2 stays with 'b'. */
    ovsdb_session_unlock_all(&f.a, record_locked, &n);
    CHECK_EQ(n.n, 1);
    CHECK(n.sessions[0] == &f.b);
    CHECK_STREQ(n.names[0], "l1");
    CHECK(ovsdb_session_owns_lock(&f.b, "l1"));
    CHECK(ovsdb_session_owns_lock(&f.b, "l2"));
    CHECK(hmap_is_empty(&f.a.waiters));
    free(n.names[0]);
    lock_fixture_destroy(&f);
}

/* Databases. */

OSW_TEST(server_dbs)
{
    struct ovsdb_server server;
    struct ovsdb *t = make_db(NULL);
    struct ovsdb *u = make_db("U");
    struct ovsdb *t2 = make_db(NULL);

    ovsdb_server_init(&server);
    uint64_t seqno = server.seqno;
    struct ovsdb_server_db *st = ovsdb_server_add_db(&server, t);
    CHECK(st != NULL);
    CHECK(server.seqno != seqno);
    CHECK_STREQ(st->name, "T");
    CHECK(st->db == t);
    struct ovsdb_server_db *su = ovsdb_server_add_db(&server, u);
    CHECK(su != NULL);
    /* A second database of the same name is refused. */
    CHECK(ovsdb_server_add_db(&server, t2) == NULL);
    CHECK(ovsdb_server_find_db(&server, "T") == st);
    CHECK(ovsdb_server_find_db(&server, "U") == su);
    CHECK(ovsdb_server_find_db(&server, "V") == NULL);

    size_t n;
    struct ovsdb_server_db **dbs = ovsdb_server_sorted_dbs(&server, &n);
    CHECK_EQ(n, 2);
    CHECK(dbs[0] == st && dbs[1] == su);
    free(dbs);

    /* Replacing moves the hook to the new database. */
    seqno = server.seqno;
    ovsdb_server_db_replace(st, t2);
    CHECK(st->db == t2);
    CHECK(server.seqno != seqno);
    CHECK(osw_list_is_empty(&t->hooks));
    CHECK(!osw_list_is_empty(&t2->hooks));

    ovsdb_server_remove_db(&server, su);
    CHECK(ovsdb_server_find_db(&server, "U") == NULL);
    CHECK(osw_list_is_empty(&u->hooks));
    ovsdb_server_destroy(&server);
    CHECK(osw_list_is_empty(&t2->hooks));
    ovsdb_destroy(t);
    ovsdb_destroy(u);
    ovsdb_destroy(t2);
}

/* Triggers. */

struct trigger_fixture {
    struct ovsdb_server server;
    struct ovsdb_session session;
    struct ovsdb *db;
    struct ovsdb_server_db *sdb;
};

static void
trigger_fixture_init(struct trigger_fixture *f)
{
    ovsdb_server_init(&f->server);
    ovsdb_session_init(&f->session, &f->server);
    f->db = make_db(NULL);
    f->sdb = ovsdb_server_add_db(&f->server, f->db);
}

static void
trigger_fixture_destroy(struct trigger_fixture *f)
{
    ovsdb_session_unlock_all(&f->session, NULL, NULL);
    ovsdb_session_destroy(&f->session);
    ovsdb_server_destroy(&f->server);
    ovsdb_destroy(f->db);
}

/* Runs 'ops' as a client transaction of 'f' at 'now' and returns its
 * result as text (caller frees), asserting that it completes at once. */
static char *
transact_now(struct trigger_fixture *f, const char *ops, long long int now)
{
    struct ovsdb_trigger t;
    ovsdb_trigger_init(&t, &f->session, f->sdb, parse(ops), now, false);
    CHECK(ovsdb_trigger_is_complete(&t));
    char *s = text(t.result);
    ovsdb_trigger_destroy(&t);
    return s;
}

static const char wait_for_7[] =
    "[{\"op\":\"wait\",\"table\":\"R\",\"where\":[],\"columns\":[\"n\"],"
    "\"until\":\"==\",\"rows\":[{\"n\":7}]}]";

OSW_TEST(trigger_completes_at_once)
{
    struct trigger_fixture f;
    struct ovsdb_trigger t;
    trigger_fixture_init(&f);

    ovsdb_trigger_init(&t, &f.session, f.sdb,
                       parse("[{\"op\":\"insert\",\"table\":\"R\","
                             "\"row\":{\"name\":\"a\",\"n\":1}}]"),
                       1000, false);
    CHECK(ovsdb_trigger_is_complete(&t));
    CHECK(t.committed);
    CHECK(t.error == NULL);
    CHECK(osw_list_is_singleton(&f.session.completions));
    CHECK(osw_list_is_empty(&f.sdb->triggers));
    CHECK(f.sdb->run_triggers);
    CHECK(json_is_array(t.result) && json_array_size(t.result) == 1);
    ovsdb_trigger_destroy(&t);
    CHECK(osw_list_is_empty(&f.session.completions));

    /* A read-only transaction does not count as committed. */
    ovsdb_trigger_init(&t, &f.session, f.sdb,
                       parse("[{\"op\":\"select\",\"table\":\"R\","
                             "\"where\":[],\"columns\":[\"name\"]}]"),
                       1000, false);
    CHECK(!t.committed);
    CHECK_JSON(t.result, "[{\"rows\":[{\"name\":\"a\"}]}]");
    ovsdb_trigger_destroy(&t);
    trigger_fixture_destroy(&f);
}

OSW_TEST(trigger_wait_until_commit)
{
    struct trigger_fixture f;
    struct ovsdb_trigger t;
    trigger_fixture_init(&f);

    ovsdb_trigger_init(&t, &f.session, f.sdb, parse(wait_for_7), 1000,
                       false);
    CHECK(!ovsdb_trigger_is_complete(&t));
    CHECK_EQ(ovsdb_trigger_count(f.sdb), 1);
    CHECK_EQ(t.deadline, LLONG_MAX);
    f.sdb->run_triggers = false;

    /* Nothing changed: running again does nothing. */
    ovsdb_trigger_run(f.sdb, 5000);
    CHECK(!ovsdb_trigger_is_complete(&t));

    /* A commit that does not satisfy it. */
    free(transact_now(&f, "[{\"op\":\"insert\",\"table\":\"R\","
                      "\"row\":{\"n\":6}}]", 6000));
    CHECK(f.sdb->run_triggers);
    ovsdb_trigger_run(f.sdb, 6000);
    CHECK(!ovsdb_trigger_is_complete(&t));
    CHECK(!f.sdb->run_triggers);

    /* One that does. */
    free(transact_now(&f, "[{\"op\":\"update\",\"table\":\"R\","
                      "\"where\":[],\"row\":{\"n\":7}}]", 7000));
    ovsdb_trigger_run(f.sdb, 7000);
    CHECK(ovsdb_trigger_is_complete(&t));
    CHECK_EQ(ovsdb_trigger_count(f.sdb), 0);
    CHECK_JSON(t.result, "[{}]");
    CHECK(!t.committed);
    ovsdb_trigger_destroy(&t);
    trigger_fixture_destroy(&f);
}

OSW_TEST(trigger_timeout)
{
    struct trigger_fixture f;
    struct ovsdb_trigger t;
    trigger_fixture_init(&f);

    ovsdb_trigger_init(&t, &f.session, f.sdb,
                       parse("[{\"op\":\"wait\",\"timeout\":100,"
                             "\"table\":\"R\",\"where\":[],"
                             "\"columns\":[\"n\"],\"until\":\"==\","
                             "\"rows\":[{\"n\":7}]}]"),
                       1000, false);
    CHECK(!ovsdb_trigger_is_complete(&t));
    CHECK_EQ(t.deadline, 1100);
    f.sdb->run_triggers = false;

    ovsdb_trigger_run(f.sdb, 1050);
    CHECK(!ovsdb_trigger_is_complete(&t));
    ovsdb_trigger_run(f.sdb, 1100);
    CHECK(ovsdb_trigger_is_complete(&t));
    CHECK_JSON(t.result, "[{\"details\":\"\\\"wait\\\" timed out after "
               "100 ms\",\"error\":\"timed out\"}]");
    ovsdb_trigger_destroy(&t);

    /* "timeout": 0 fails at once. */
    char *s = transact_now(&f, "[{\"op\":\"wait\",\"timeout\":0,"
                           "\"table\":\"R\",\"where\":[],"
                           "\"columns\":[\"n\"],\"until\":\"==\","
                           "\"rows\":[{\"n\":7}]}]", 2000);
    CHECK(strstr(s, "timed out") != NULL);
    free(s);
    trigger_fixture_destroy(&f);
}

OSW_TEST(trigger_cancel)
{
    struct trigger_fixture f;
    struct ovsdb_trigger t1, t2, t3;
    trigger_fixture_init(&f);

    ovsdb_trigger_init(&t1, &f.session, f.sdb, parse(wait_for_7), 1000,
                       false);
    ovsdb_trigger_init(&t2, &f.session, f.sdb, parse(wait_for_7), 1000,
                       false);
    ovsdb_trigger_init(&t3, &f.session, f.sdb, parse(wait_for_7), 1000,
                       false);
    CHECK_EQ(ovsdb_trigger_count(f.sdb), 3);

    ovsdb_trigger_cancel(&t1, "canceled");
    CHECK(ovsdb_trigger_is_complete(&t1));
    CHECK_JSON(t1.error, "\"canceled\"");
    CHECK(t1.result == NULL);
    CHECK_EQ(ovsdb_trigger_count(f.sdb), 2);
    /* Canceling twice changes nothing. */
    ovsdb_trigger_cancel(&t1, "other");
    CHECK_JSON(t1.error, "\"canceled\"");

    ovsdb_trigger_cancel_all(f.sdb, "canceled");
    CHECK_EQ(ovsdb_trigger_count(f.sdb), 0);
    CHECK_EQ(osw_list_size(&f.session.completions), 3);
    CHECK(ovsdb_trigger_is_complete(&t2) && ovsdb_trigger_is_complete(&t3));
    ovsdb_trigger_destroy(&t1);
    ovsdb_trigger_destroy(&t2);
    ovsdb_trigger_destroy(&t3);
    CHECK(osw_list_is_empty(&f.session.completions));
    trigger_fixture_destroy(&f);
}

OSW_TEST(trigger_assert_lock_and_read_only)
{
    struct trigger_fixture f;
    struct ovsdb_trigger t;
    trigger_fixture_init(&f);

    static const char assert_l[] = "[{\"op\":\"assert\",\"lock\":\"l\"}]";
    char *s = transact_now(&f, assert_l, 1000);
    CHECK(strstr(s, "not owner") != NULL);
    free(s);

    struct ovsdb_session *victim;
    ovsdb_session_lock(&f.session, "l", OVSDB_LOCK_WAIT, &victim);
    s = transact_now(&f, assert_l, 1000);
    CHECK_STREQ(s, "[{}]");
    free(s);

    ovsdb_trigger_init(&t, &f.session, f.sdb,
                       parse("[{\"op\":\"insert\",\"table\":\"R\","
                             "\"row\":{}}]"), 1000, true);
    CHECK(ovsdb_trigger_is_complete(&t));
    CHECK(!t.committed);
    CHECK(strstr(json_string_value(json_object_get(
                     json_array_get(t.result, 0), "error")),
                 "not allowed") != NULL);
    ovsdb_trigger_destroy(&t);
    trigger_fixture_destroy(&f);
}

OSW_TEST(trigger_database_removed)
{
    struct trigger_fixture f;
    struct ovsdb_trigger t;
    trigger_fixture_init(&f);

    ovsdb_trigger_init(&t, &f.session, f.sdb, parse(wait_for_7), 1000,
                       false);
    ovsdb_server_remove_db(&f.server, f.sdb);
    f.sdb = NULL;
    CHECK(t.sdb == NULL);
    CHECK(!ovsdb_trigger_is_complete(&t));
    ovsdb_trigger_cancel(&t, "canceled");
    CHECK(ovsdb_trigger_is_complete(&t));
    ovsdb_trigger_destroy(&t);
    trigger_fixture_destroy(&f);
}

/* JSON-RPC server. */

struct rpc_fixture {
    struct ovsdb_server server;
    struct ovsdb_jsonrpc_server *jsonrpc;
    struct ovsdb *db;
    struct ovsdb_server_db *sdb;
    char *sock;
};

static void
rpc_fixture_init(struct rpc_fixture *f, struct ovsdb_file *file)
{
    ovsdb_server_init(&f->server);
    f->db = file ? ovsdb_file_get_db(file) : make_db(NULL);
    f->sdb = ovsdb_server_add_db(&f->server, f->db);
    f->sdb->file = file;
    f->jsonrpc = ovsdb_jsonrpc_server_create(&f->server);
    f->sock = xasprintf("%s/db.sock", osw_test_tmpdir());

    char *remote = xasprintf("punix:%s", f->sock);
    struct ovsdb_jsonrpc_remote_config config = { remote, { 0, 0, 0, 0 } };
    ovsdb_jsonrpc_options_init(&config.options, remote);
    ovsdb_jsonrpc_server_set_remotes(f->jsonrpc, &config, 1);
    free(remote);
}

static void
rpc_fixture_destroy(struct rpc_fixture *f)
{
    ovsdb_jsonrpc_server_destroy(f->jsonrpc);
    ovsdb_server_destroy(&f->server);
    ovsdb_destroy(f->db);
    free(f->sock);
}

static struct jsonrpc *
rpc_connect(struct rpc_fixture *f)
{
    char *name = xasprintf("unix:%s", f->sock);
    struct stream *stream;
    int error = stream_open_block(stream_open(name, &stream, 0), 5000,
                                  &stream);
    CHECK_EQ(error, 0);
    free(name);
    return jsonrpc_open(stream);
}

/* Runs the server and 'client' until a message arrives for 'client' (or
 * the connection fails or 5 s pass).  Returns the message or NULL. */
static struct jsonrpc_msg *
rpc_recv(struct rpc_fixture *f, struct jsonrpc *client)
{
    long long int deadline = time_msec() + 5000;

    for (;;) {
        struct jsonrpc_msg *msg;

        ovsdb_jsonrpc_server_run(f->jsonrpc);
        jsonrpc_run(client);
        int error = jsonrpc_recv(client, &msg);
        if (!error) {
            return msg;
        } else if (error != EAGAIN || time_msec() >= deadline) {
            return NULL;
        }
        ovsdb_jsonrpc_server_wait(f->jsonrpc);
        jsonrpc_wait(client);
        jsonrpc_recv_wait(client);
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

/* Runs the server for a few iterations without waiting for anything. */
static void
rpc_spin(struct rpc_fixture *f)
{
    for (int i = 0; i < 20; i++) {
        ovsdb_jsonrpc_server_run(f->jsonrpc);
        ovsdb_jsonrpc_server_wait(f->jsonrpc);
        poll_timer_wait(5);
        poll_block();
    }
}

static void
rpc_send(struct jsonrpc *client, const char *msg_text)
{
    struct jsonrpc_msg *msg;
    char *error = jsonrpc_msg_from_json(parse(msg_text), &msg);
    CHECK(error == NULL);
    CHECK_EQ(jsonrpc_send(client, msg), 0);
}

/* Receives the next message for 'client' and checks that its JSON (keys
 * sorted) is 'expected'. */
static void
rpc_expect(struct rpc_fixture *f, struct jsonrpc *client,
           const char *expected)
{
    struct jsonrpc_msg *msg = rpc_recv(f, client);
    if (!msg) {
        osw_test_fail(__FILE__, __LINE__, "no message, expected %s",
                      expected);
    }
    json_t *json = jsonrpc_msg_to_json(msg);
    json_object_del(json, "result");  /* Present only for replies. */
    CHECK_JSON(json, expected);
    json_decref(json);
}

static void
rpc_expect_reply(struct rpc_fixture *f, struct jsonrpc *client,
                 const char *expected_result)
{
    struct jsonrpc_msg *msg = rpc_recv(f, client);
    if (!msg) {
        osw_test_fail(__FILE__, __LINE__, "no reply, expected %s",
                      expected_result);
    }
    CHECK_EQ(msg->type, JSONRPC_REPLY);
    CHECK_JSON(msg->result, expected_result);
    jsonrpc_msg_destroy(msg);
}

OSW_TEST(rpc_basic_methods)
{
    struct rpc_fixture f;
    rpc_fixture_init(&f, NULL);
    struct jsonrpc *c = rpc_connect(&f);

    rpc_send(c, "{\"method\":\"list_dbs\",\"params\":[],\"id\":1}");
    rpc_expect_reply(&f, c, "[\"T\"]");
    rpc_send(c, "{\"method\":\"echo\",\"params\":[1,\"x\"],\"id\":2}");
    rpc_expect_reply(&f, c, "[1,\"x\"]");
    rpc_send(c, "{\"method\":\"bogus\",\"params\":[],\"id\":3}");
    rpc_expect(&f, c, "{\"error\":\"unknown method\",\"id\":3}");
    rpc_send(c, "{\"method\":\"get_schema\",\"params\":[\"X\"],\"id\":4}");
    rpc_expect(&f, c, "{\"error\":{\"details\":\"get_schema request "
               "specifies unknown database X\",\"error\":\"unknown "
               "database\",\"syntax\":\"[\\\"X\\\"]\"},\"id\":4}");
    rpc_send(c, "{\"method\":\"get_schema\",\"params\":[\"T\"],\"id\":5}");
    struct jsonrpc_msg *msg = rpc_recv(&f, c);
    CHECK(msg && msg->type == JSONRPC_REPLY);
    CHECK_STREQ(json_string_value(json_object_get(msg->result, "name")),
                "T");
    jsonrpc_msg_destroy(msg);

    rpc_send(c, "{\"method\":\"get_server_id\",\"params\":[],\"id\":6}");
    msg = rpc_recv(&f, c);
    char expected[UUID_LEN + 1];
    uuid_to_string(&f.server.uuid, expected);
    CHECK_STREQ(json_string_value(msg->result), expected);
    jsonrpc_msg_destroy(msg);

    rpc_send(c, "{\"method\":\"transact\",\"params\":[\"T\",{\"op\":"
             "\"insert\",\"table\":\"R\",\"row\":{\"n\":1}}],\"id\":7}");
    msg = rpc_recv(&f, c);
    CHECK(msg && msg->type == JSONRPC_REPLY);
    CHECK(json_object_get(json_array_get(msg->result, 0), "uuid") != NULL);
    jsonrpc_msg_destroy(msg);
    CHECK_EQ(hmap_count(&ovsdb_get_table(f.db, "R")->rows), 1);

    struct ovsdb_jsonrpc_server_stats stats;
    ovsdb_jsonrpc_server_get_stats(f.jsonrpc, &stats);
    CHECK_EQ(stats.n_sessions, 1);
    CHECK_EQ(stats.n_monitors, 0);

    jsonrpc_close(c);
    rpc_spin(&f);
    ovsdb_jsonrpc_server_get_stats(f.jsonrpc, &stats);
    CHECK_EQ(stats.n_sessions, 0);
    rpc_fixture_destroy(&f);
}

OSW_TEST(rpc_update_before_reply)
{
    struct rpc_fixture f;
    rpc_fixture_init(&f, NULL);
    struct jsonrpc *c = rpc_connect(&f);
    struct jsonrpc *other = rpc_connect(&f);

    rpc_send(c, "{\"method\":\"monitor\",\"params\":[\"T\",\"m\","
             "{\"R\":{\"columns\":[\"n\"]}}],\"id\":1}");
    rpc_expect_reply(&f, c, "{}");
    rpc_send(other, "{\"method\":\"monitor_cond\",\"params\":[\"T\",\"o\","
             "{\"R\":{\"columns\":[\"n\"],\"where\":[[\"n\",\">\",5]]}}],"
             "\"id\":1}");
    rpc_expect_reply(&f, other, "{}");

    /* Our own transaction: the update comes before the reply. */
    rpc_send(c, "{\"method\":\"transact\",\"params\":[\"T\",{\"op\":"
             "\"insert\",\"table\":\"R\",\"row\":{\"n\":3}}],\"id\":2}");
    struct jsonrpc_msg *msg = rpc_recv(&f, c);
    CHECK(msg && msg->type == JSONRPC_NOTIFY);
    CHECK_STREQ(msg->method, "update");
    CHECK_JSON(json_array_get(msg->params, 0), "\"m\"");
    jsonrpc_msg_destroy(msg);
    msg = rpc_recv(&f, c);
    CHECK(msg && msg->type == JSONRPC_REPLY);
    jsonrpc_msg_destroy(msg);

    /* The other client's condition filters that row out; a row that
     * matches arrives as "update2". */
    rpc_send(c, "{\"method\":\"transact\",\"params\":[\"T\",{\"op\":"
             "\"insert\",\"table\":\"R\",\"row\":{\"n\":9}}],\"id\":3}");
    msg = rpc_recv(&f, other);
    CHECK(msg && msg->type == JSONRPC_NOTIFY);
    CHECK_STREQ(msg->method, "update2");
    char *s = text(msg->params);
    CHECK(strstr(s, "{\"insert\":{\"n\":9}}") != NULL);
    CHECK(strstr(s, "\"n\":3") == NULL);
    free(s);
    jsonrpc_msg_destroy(msg);

    rpc_send(c, "{\"method\":\"monitor_cancel\",\"params\":[\"m\"],"
             "\"id\":4}");
    /* Skip the update for transaction 3, then the reply to 3. */
    for (int i = 0; i < 3; i++) {
        msg = rpc_recv(&f, c);
        CHECK(msg != NULL);
        bool done = msg->type == JSONRPC_REPLY && json_integer_value(msg->id)
                    == 4;
        jsonrpc_msg_destroy(msg);
        if (done) {
            break;
        }
    }
    rpc_send(c, "{\"method\":\"monitor_cancel\",\"params\":[\"m\"],"
             "\"id\":5}");
    rpc_expect(&f, c, "{\"error\":\"unknown monitor\",\"id\":5}");

    jsonrpc_close(c);
    jsonrpc_close(other);
    rpc_spin(&f);
    rpc_fixture_destroy(&f);
}

OSW_TEST(rpc_locks)
{
    struct rpc_fixture f;
    rpc_fixture_init(&f, NULL);
    struct jsonrpc *a = rpc_connect(&f);
    struct jsonrpc *b = rpc_connect(&f);

    rpc_send(a, "{\"method\":\"lock\",\"params\":[\"l\"],\"id\":1}");
    rpc_expect_reply(&f, a, "{\"locked\":true}");
    rpc_send(b, "{\"method\":\"lock\",\"params\":[\"l\"],\"id\":1}");
    rpc_expect_reply(&f, b, "{\"locked\":false}");
    rpc_send(b, "{\"method\":\"lock\",\"params\":[\"l\"],\"id\":2}");
    rpc_expect(&f, b, "{\"error\":{\"details\":\"must issue \\\"unlock\\\" "
               "before new \\\"lock\\\"\",\"error\":\"syntax error\","
               "\"syntax\":\"[\\\"l\\\"]\"},\"id\":2}");

    /* 'a' goes away: 'b' is told it has the lock. */
    jsonrpc_close(a);
    rpc_expect(&f, b, "{\"id\":null,\"method\":\"locked\","
               "\"params\":[\"l\"]}");

    a = rpc_connect(&f);
    rpc_send(a, "{\"method\":\"steal\",\"params\":[\"l\"],\"id\":3}");
    rpc_expect_reply(&f, a, "{\"locked\":true}");
    rpc_expect(&f, b, "{\"id\":null,\"method\":\"stolen\","
               "\"params\":[\"l\"]}");
    rpc_send(a, "{\"method\":\"unlock\",\"params\":[\"l\"],\"id\":4}");
    rpc_expect_reply(&f, a, "{}");
    rpc_expect(&f, b, "{\"id\":null,\"method\":\"locked\","
               "\"params\":[\"l\"]}");
    rpc_send(a, "{\"method\":\"unlock\",\"params\":[\"l\"],\"id\":5}");
    rpc_expect(&f, a, "{\"error\":{\"details\":\"unlock: \\\"unlock\\\" "
               "without \\\"lock\\\" or \\\"steal\\\"\",\"error\":\"syntax "
               "error\",\"syntax\":\"[\\\"l\\\"]\"},\"id\":5}");

    jsonrpc_close(a);
    jsonrpc_close(b);
    rpc_spin(&f);
    CHECK_EQ(ovsdb_server_n_locks(&f.server), 0);
    rpc_fixture_destroy(&f);
}

OSW_TEST(rpc_wait_and_cancel)
{
    struct rpc_fixture f;
    rpc_fixture_init(&f, NULL);
    struct jsonrpc *c = rpc_connect(&f);
    struct jsonrpc *other = rpc_connect(&f);

    char *wait = xasprintf("{\"method\":\"transact\",\"params\":[\"T\","
                           "%.*s],\"id\":\"w\"}",
                           (int) strlen(wait_for_7) - 2, wait_for_7 + 1);
    rpc_send(c, wait);
    rpc_spin(&f);
    struct ovsdb_jsonrpc_server_stats stats;
    ovsdb_jsonrpc_server_get_stats(f.jsonrpc, &stats);
    CHECK_EQ(stats.n_triggers, 1);

    /* Another client's commit completes it. */
    rpc_send(other, "{\"method\":\"transact\",\"params\":[\"T\",{\"op\":"
             "\"insert\",\"table\":\"R\",\"row\":{\"n\":7}}],\"id\":1}");
    struct jsonrpc_msg *msg = rpc_recv(&f, other);
    CHECK(msg && msg->type == JSONRPC_REPLY);
    jsonrpc_msg_destroy(msg);
    rpc_expect_reply(&f, c, "[{}]");

    /* "cancel" from a change-aware client gets "canceled". */
    rpc_send(c, "{\"method\":\"set_db_change_aware\",\"params\":[true],"
             "\"id\":1}");
    rpc_expect_reply(&f, c, "{}");
    rpc_send(c, "{\"method\":\"transact\",\"params\":[\"T\",{\"op\":\"wait\","
             "\"table\":\"R\",\"where\":[],\"columns\":[\"n\"],"
             "\"until\":\"==\",\"rows\":[{\"n\":8}]}],\"id\":9}");
    rpc_send(c, "{\"method\":\"cancel\",\"params\":[9],\"id\":null}");
    rpc_expect(&f, c, "{\"error\":\"canceled\",\"id\":9}");
    ovsdb_jsonrpc_server_get_stats(f.jsonrpc, &stats);
    CHECK_EQ(stats.n_triggers, 0);

    free(wait);
    jsonrpc_close(c);
    jsonrpc_close(other);
    rpc_spin(&f);
    rpc_fixture_destroy(&f);
}

OSW_TEST(rpc_slow_client_disconnected)
{
    struct rpc_fixture f;
    rpc_fixture_init(&f, NULL);
    ovsdb_jsonrpc_server_set_backlog_limit(f.jsonrpc, 50000);
    struct jsonrpc *slow = rpc_connect(&f);
    struct jsonrpc *writer = rpc_connect(&f);

    for (int i = 0; i < 5; i++) {
        char *req = xasprintf("{\"method\":\"monitor\",\"params\":[\"T\","
                              "%d,{\"R\":{}}],\"id\":%d}", i, i);
        rpc_send(slow, req);
        free(req);
        rpc_expect_reply(&f, slow, "{}");
    }

    /* The slow client stops reading; the writer commits a lot. */
    struct ds big = DS_EMPTY_INITIALIZER;
    ds_put_char_multiple(&big, 'x', 2000);
    bool dropped = false;
    for (int i = 0; i < 1000 && !dropped; i++) {
        char *req = xasprintf("{\"method\":\"transact\",\"params\":[\"T\","
                              "{\"op\":\"insert\",\"table\":\"R\",\"row\":"
                              "{\"name\":\"%d%s\"}}],\"id\":%d}",
                              i, ds_cstr(&big), i);
        rpc_send(writer, req);
        free(req);
        struct jsonrpc_msg *msg = rpc_recv(&f, writer);
        CHECK(msg && msg->type == JSONRPC_REPLY);
        jsonrpc_msg_destroy(msg);

        struct ovsdb_jsonrpc_server_stats stats;
        ovsdb_jsonrpc_server_get_stats(f.jsonrpc, &stats);
        /* Never much more than the limit plus one socket buffer. */
        CHECK(stats.backlog < 2000000);
        dropped = stats.n_sessions == 1;
    }
    CHECK(dropped);
    ds_destroy(&big);

    /* The writer is still served. */
    rpc_send(writer, "{\"method\":\"echo\",\"params\":[],\"id\":\"e\"}");
    rpc_expect_reply(&f, writer, "[]");

    jsonrpc_close(slow);
    jsonrpc_close(writer);
    rpc_spin(&f);
    rpc_fixture_destroy(&f);
}

OSW_TEST(rpc_remotes)
{
    struct rpc_fixture f;
    rpc_fixture_init(&f, NULL);

    char *punix = xasprintf("punix:%s", f.sock);
    struct ovsdb_jsonrpc_remote_config configs[2] = {
        { punix, { 0, 0, 0, 0 } },
        { "ptcp:0:127.0.0.1", { 0, 0, 0, 0 } },
    };
    ovsdb_jsonrpc_options_init(&configs[0].options, configs[0].target);
    ovsdb_jsonrpc_options_init(&configs[1].options, configs[1].target);
    CHECK_EQ(configs[0].options.probe_interval, 0);
    CHECK(configs[1].options.probe_interval > 0);
    ovsdb_jsonrpc_server_set_remotes(f.jsonrpc, configs, 2);

    uint16_t port = ovsdb_jsonrpc_server_get_bound_port(f.jsonrpc,
                                                        "ptcp:0:127.0.0.1");
    CHECK(port > 0);
    CHECK_EQ(ovsdb_jsonrpc_server_get_bound_port(f.jsonrpc, punix), 0);

    struct ds s = DS_EMPTY_INITIALIZER;
    ovsdb_jsonrpc_server_list_remotes(f.jsonrpc, &s);
    char *expected = xasprintf("ptcp:0:127.0.0.1\n%s\n", punix);
    CHECK_STREQ(ds_cstr(&s), expected);
    free(expected);
    ds_destroy(&s);

    /* A client over TCP. */
    char *name = xasprintf("tcp:127.0.0.1:%u", port);
    struct stream *stream;
    CHECK_EQ(stream_open_block(stream_open(name, &stream, 0), 5000,
                               &stream), 0);
    struct jsonrpc *c = jsonrpc_open(stream);
    rpc_send(c, "{\"method\":\"list_dbs\",\"params\":[],\"id\":1}");
    rpc_expect_reply(&f, c, "[\"T\"]");

    struct ovsdb_jsonrpc_remote_status status;
    CHECK(ovsdb_jsonrpc_server_get_remote_status(f.jsonrpc,
                                                 "ptcp:0:127.0.0.1",
                                                 &status));
    CHECK(status.is_connected);
    CHECK_EQ(status.n_connections, 1);
    CHECK_EQ(status.bound_port, port);
    ovsdb_jsonrpc_remote_status_destroy(&status);
    CHECK(!ovsdb_jsonrpc_server_get_remote_status(f.jsonrpc, "ptcp:1",
                                                  &status));

    /* Dropping the remote closes its connections. */
    ovsdb_jsonrpc_server_set_remotes(f.jsonrpc, configs, 1);
    CHECK_EQ(ovsdb_jsonrpc_server_get_bound_port(f.jsonrpc,
                                                 "ptcp:0:127.0.0.1"), 0);
    CHECK(rpc_recv(&f, c) == NULL);
    CHECK(jsonrpc_get_status(c) != 0);

    /* A bad remote is left out. */
    configs[1].target = "nonsense:xyz";
    ovsdb_jsonrpc_server_set_remotes(f.jsonrpc, configs, 2);
    ds_init(&s);
    ovsdb_jsonrpc_server_list_remotes(f.jsonrpc, &s);
    CHECK(strstr(ds_cstr(&s), "nonsense") == NULL);
    ds_destroy(&s);

    jsonrpc_close(c);
    free(name);
    free(punix);
    rpc_fixture_destroy(&f);
}

OSW_TEST(rpc_group_commit)
{
    char *file_name = xasprintf("%s/t.db", osw_test_tmpdir());
    struct ovsdb_schema *schema = make_schema(NULL);
    struct ovsdb_file *file;
    ovsdb_error_assert(ovsdb_file_create(file_name, schema, OVSDB_FILE_SYNC,
                                         &file));
    ovsdb_schema_destroy(schema);

    struct rpc_fixture f;
    rpc_fixture_init(&f, file);
    struct jsonrpc *a = rpc_connect(&f);
    struct jsonrpc *b = rpc_connect(&f);

    struct ovsdb_file_stats before, after;
    ovsdb_file_get_stats(file, &before);

    /* Two clients' transactions in one iteration: one sync for both. */
    rpc_send(a, "{\"method\":\"transact\",\"params\":[\"T\",{\"op\":"
             "\"insert\",\"table\":\"R\",\"row\":{\"n\":1}}],\"id\":1}");
    rpc_send(b, "{\"method\":\"transact\",\"params\":[\"T\",{\"op\":"
             "\"insert\",\"table\":\"R\",\"row\":{\"n\":2}}],\"id\":1}");
    jsonrpc_run(a);
    jsonrpc_run(b);
    struct jsonrpc_msg *ra = rpc_recv(&f, a);
    struct jsonrpc_msg *rb = rpc_recv(&f, b);
    CHECK(ra && ra->type == JSONRPC_REPLY);
    CHECK(rb && rb->type == JSONRPC_REPLY);
    jsonrpc_msg_destroy(ra);
    jsonrpc_msg_destroy(rb);

    ovsdb_file_get_stats(file, &after);
    CHECK(after.n_syncs > before.n_syncs);
    CHECK(after.n_syncs <= before.n_syncs + 2);
    CHECK(!ovsdb_file_needs_sync(file));

    /* A read-only transaction needs no sync. */
    before = after;
    rpc_send(a, "{\"method\":\"transact\",\"params\":[\"T\",{\"op\":"
             "\"select\",\"table\":\"R\",\"where\":[]}],\"id\":2}");
    ra = rpc_recv(&f, a);
    CHECK(ra && ra->type == JSONRPC_REPLY);
    jsonrpc_msg_destroy(ra);
    ovsdb_file_get_stats(file, &after);
    CHECK_EQ(after.n_syncs, before.n_syncs);

    jsonrpc_close(a);
    jsonrpc_close(b);
    rpc_spin(&f);
    rpc_fixture_destroy(&f);

    /* Everything is in the file. */
    struct ovsdb *db;
    ovsdb_error_assert(ovsdb_file_read(file_name, false, &db));
    CHECK_EQ(hmap_count(&ovsdb_get_table(db, "R")->rows), 2);
    ovsdb_destroy(db);
    free(file_name);
}

OSW_TEST(rpc_convert)
{
    char *file_name = xasprintf("%s/t.db", osw_test_tmpdir());
    struct ovsdb_schema *schema = make_schema(NULL);
    struct ovsdb_file *file;
    ovsdb_error_assert(ovsdb_file_create(file_name, schema, 0, &file));
    ovsdb_schema_destroy(schema);

    struct rpc_fixture f;
    rpc_fixture_init(&f, file);
    struct jsonrpc *aware = rpc_connect(&f);
    struct jsonrpc *plain = rpc_connect(&f);

    rpc_send(aware, "{\"method\":\"transact\",\"params\":[\"T\",{\"op\":"
             "\"insert\",\"table\":\"R\",\"row\":{\"n\":5,\"name\":\"x\"}}],"
             "\"id\":1}");
    struct jsonrpc_msg *msg = rpc_recv(&f, aware);
    jsonrpc_msg_destroy(msg);
    rpc_send(aware, "{\"method\":\"set_db_change_aware\",\"params\":[true],"
             "\"id\":2}");
    rpc_expect_reply(&f, aware, "{}");
    rpc_send(aware, "{\"method\":\"monitor_cond\",\"params\":[\"T\",\"m\","
             "{\"R\":{\"columns\":[\"n\"]}}],\"id\":3}");
    msg = rpc_recv(&f, aware);
    jsonrpc_msg_destroy(msg);
    rpc_send(plain, "{\"method\":\"echo\",\"params\":[],\"id\":1}");
    rpc_expect_reply(&f, plain, "[]");

    /* Convert: drop column "name", add "extra". */
    rpc_send(aware, "{\"method\":\"convert\",\"params\":[\"T\",{\"name\":"
             "\"T\",\"version\":\"2.0.0\",\"tables\":{\"R\":{\"isRoot\":true,"
             "\"columns\":{\"n\":{\"type\":\"integer\"},\"extra\":{\"type\":"
             "\"string\"}}}}}],\"id\":4}");
    rpc_expect_reply(&f, aware, "{}");
    rpc_expect(&f, aware, "{\"id\":null,\"method\":\"monitor_canceled\","
               "\"params\":[\"m\"]}");
    /* The client that is not change-aware is disconnected. */
    CHECK(rpc_recv(&f, plain) == NULL);
    CHECK(jsonrpc_get_status(plain) != 0);

    CHECK(f.sdb->db != f.db);
    f.db = f.sdb->db;
    CHECK_STREQ(f.db->schema->version, "2.0.0");
    rpc_send(aware, "{\"method\":\"transact\",\"params\":[\"T\",{\"op\":"
             "\"select\",\"table\":\"R\",\"where\":[],\"columns\":[\"n\","
             "\"extra\"]}],\"id\":5}");
    rpc_expect_reply(&f, aware, "[{\"rows\":[{\"extra\":\"\",\"n\":5}]}]");

    /* Errors. */
    rpc_send(aware, "{\"method\":\"convert\",\"params\":[\"T\"],\"id\":6}");
    rpc_expect(&f, aware, "{\"error\":{\"details\":\"array expected\","
               "\"error\":\"syntax error\",\"syntax\":\"[\\\"T\\\"]\"},"
               "\"id\":6}");

    jsonrpc_close(aware);
    jsonrpc_close(plain);
    rpc_spin(&f);
    rpc_fixture_destroy(&f);

    ovsdb_error_assert(ovsdb_file_read_schema(file_name, &schema));
    CHECK_STREQ(schema->version, "2.0.0");
    ovsdb_schema_destroy(schema);
    free(file_name);
}

OSW_TEST_MAIN()
