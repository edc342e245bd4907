/* ovsdb-bench: a load generator for OVSDB servers (RFC 7047).
 *
 * It speaks plain RFC 7047 JSON-RPC, through osw's own stream and jsonrpc
 * libraries, to any server that serves the Open_vSwitch schema, so that
 * osw's oswdb-server and Open vSwitch's ovsdb-server can be measured with
 * the same client.  tests/bench/ovsdb-bench.sh drives it against both and
 * turns its figures into ratios; tests/bench/README.md explains each
 * benchmark.
 *
 * Every result is printed on stdout as one "KEY VALUE" line, for scripts.
 *
 * Commands:
 *
 *   init SERVER
 *       Inserts the Open_vSwitch root row if the table is empty.
 *
 *   txn SERVER [--clients=N] [--inflight=K] [--count=M] [--durable]
 *              [--op=insert-delete|mutate] [--duration=SECS]
 *       M single-row transactions (or as many as SECS seconds allow,
 *       after an untimed warm-up) over N connections with K requests in
 *       flight on each.  "insert-delete" (the default) alternates, in each
 *       of the N*K slots, the insertion of a Flow_Sample_Collector_Set row
 *       (a root table with an index on id+bridge: the row refers to the
 *       bench bridge "bench0" and has a unique id) and the deletion of that
 *       same row by id, so the database keeps its size.  "mutate"
 *       increments Open_vSwitch.next_cfg, as every ovs-vsctl command does.
 *       --durable adds {"op": "commit", "durable": true} to each.
 *
 *   load SERVER [--ports=N] [--tag=NAME]
 *       One transaction that creates a Bridge with N Ports, each with one
 *       Interface (name and type "internal"), adds it to
 *       Open_vSwitch.bridges and increments next_cfg, as one big ovs-vsctl
 *       command would.  Timed from the first byte sent to the last byte of
 *       the reply.
 *
 *   monitor SERVER [--method=monitor|monitor_cond|monitor_cond_since]
 *       A new client connects, monitors Open_vSwitch, Bridge, Port and
 *       Interface (all columns) and receives the initial contents.  Timed
 *       from connect() to the last byte of the reply.
 *
 * For "load" and "monitor", the client's own JSON parsing of the reply is
 * kept out of the timing (the reply is only framed while the clock runs,
 * then parsed and checked), so the figure is the server's work plus the
 * transfer; the parse time is printed separately. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "osw/dynamic-string.h"
#include "osw/fatal-signal.h"
#include "osw/jsonrpc.h"
#include "osw/poll-loop.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/util.h"

/* The name of the bridge that "txn" hangs its rows on. */
#define BENCH_BRIDGE "bench0"

enum txn_op {
    TXN_INSERT_DELETE,
    TXN_MUTATE
};

struct bench_options {
    const char *db;             /* --db: database name. */
    int clients;                /* --clients: connections. */
    int inflight;               /* --inflight: requests per connection. */
    long long int count;        /* --count: timed transactions. */
    long long int warmup;       /* --warmup: untimed ones first (-1: auto). */
    double duration;            /* --duration: stop sending after this many
                                 * seconds (0: after 'count'). */
    bool durable;               /* --durable. */
    enum txn_op op;             /* --op. */
    int ports;                  /* --ports. */
    const char *tag;            /* --tag: prefix of "load" names. */
    const char *method;         /* --method: monitor method. */
    int timeout;                /* --timeout: seconds, 0 for none. */
};

static struct bench_options opts = {
    .db = "Open_vSwitch",
    .clients = 1,
    .inflight = 1,
    .count = 5000,
    .warmup = -1,
    .duration = 0,
    .durable = false,
    .op = TXN_INSERT_DELETE,
    .ports = 10000,
    .tag = "load",
    .method = "monitor_cond",
    .timeout = 300,
};

/* Prints a result line. */
static void
put_result(const char *key, double value)
{
    printf("%s %.1f\n", key, value);
}

static void
put_result_int(const char *key, long long int value)
{
    printf("%s %lld\n", key, value);
}

/* Connections. */

/* Opens a stream to 'server', waiting until it is connected.  Dies on
 * failure: a benchmark without its server has nothing to measure. */
static struct stream *
open_stream(const char *server)
{
    struct stream *stream;
    int error = stream_open_with_default_port(server, OSW_OVSDB_PORT,
                                              &stream, 0);
    error = stream_open_block(error, 10000, &stream);
    if (error) {
        osw_fatal(0, "%s: connection failed (%s)",
                  server, osw_strerror(error));
    }
    return stream;
}

static struct jsonrpc *
open_jsonrpc(const char *server)
{
    return jsonrpc_open(open_stream(server));
}

/* Returns NULL if 'result', the result of a "transact" with 'n_ops'
 * operations, reports success, otherwise a description of the first
 * error (caller frees). */
static char *
txn_result_error(const json_t *result, size_t n_ops)
{
    if (!json_is_array(result)) {
        return xstrdup("transaction result is not an array");
    }

    size_t i;
    const json_t *op;
    json_array_foreach (result, i, op) {
        const json_t *error = json_object_get(op, "error");
        if (error && !json_is_null(error)) {
            char *text = json_dumps(op, JSON_COMPACT);
            char *msg = xasprintf("operation %zu failed: %s", i, text);
            free(text);
            return msg;
        }
    }
    if (json_array_size(result) < n_ops) {
        return xasprintf("transaction result has %zu entries for %zu "
                         "operations", json_array_size(result), n_ops);
    }
    return NULL;
}

/* Describes why 'reply' is not a successful reply (caller frees), or
 * returns NULL. */
static char *
reply_error(const struct jsonrpc_msg *reply)
{
    if (reply->type == JSONRPC_REPLY) {
        return NULL;
    }
    char *text = jsonrpc_msg_to_string(reply);
    char *msg = xasprintf("unexpected %s: %s",
                          jsonrpc_msg_type_to_string(reply->type), text);
    free(text);
    return msg;
}

/* Runs the operations in 'ops' (an array, stolen) as one transaction on
 * 'rpc', waiting for the reply.  Returns the result array (new reference).
 * Dies on any error. */
static json_t *
transact_block(struct jsonrpc *rpc, json_t *ops)
{
    size_t n_ops = json_array_size(ops);
    json_t *params = json_pack("[s]", opts.db);
    json_array_extend(params, ops);
    json_decref(ops);

    struct jsonrpc_msg *request = jsonrpc_create_request("transact", params,
                                                         NULL);
    struct jsonrpc_msg *reply;
    int error = jsonrpc_transact_block(rpc, request, &reply);
    if (error) {
        osw_fatal(0, "%s: transaction failed (%s)",
                  jsonrpc_get_name(rpc), osw_retval_to_string(error));
    }

    char *msg = reply_error(reply);
    if (!msg) {
        msg = txn_result_error(reply->result, n_ops);
    }
    if (msg) {
        osw_fatal(0, "%s: %s", jsonrpc_get_name(rpc), msg);
    }

    json_t *result = json_incref(reply->result);
    jsonrpc_msg_destroy(reply);
    return result;
}

/* Returns the number of rows that operation 'i' of 'result' reports
 * ("count" for update, mutate and delete). */
static long long int
op_count(const json_t *result, size_t i)
{
    return json_integer_value(json_object_get(json_array_get(result, i),
                                              "count"));
}

/* Returns the UUID (a string owned by 'result') that insert operation 'i'
 * of 'result' reports. */
static const char *
op_uuid(const json_t *result, size_t i)
{
    const json_t *uuid = json_object_get(json_array_get(result, i), "uuid");
    const char *s = json_string_value(json_array_get(uuid, 1));
    if (!s) {
        osw_fatal(0, "insert result without a uuid");
    }
    return s;
}

/* Inserts the Open_vSwitch root row unless there is one already. */
static void
ensure_root_row(struct jsonrpc *rpc)
{
    json_t *result = transact_block(rpc, json_pack(
        "[{s:s, s:s, s:[], s:[s]}]",
        "op", "select", "table", "Open_vSwitch", "where",
        "columns", "_uuid"));
    size_t n = json_array_size(json_object_get(json_array_get(result, 0),
                                               "rows"));
    json_decref(result);

    if (!n) {
        json_decref(transact_block(rpc, json_pack(
            "[{s:s, s:s, s:{}}]",
            "op", "insert", "table", "Open_vSwitch", "row")));
    }
}

/* Returns the UUID of bridge BENCH_BRIDGE (caller frees), creating it and
 * linking it from the root row if needed. */
static char *
ensure_bench_bridge(struct jsonrpc *rpc)
{
    json_t *result = transact_block(rpc, json_pack(
        "[{s:s, s:s, s:[[s,s,s]], s:[s]}]",
        "op", "select", "table", "Bridge",
        "where", "name", "==", BENCH_BRIDGE, "columns", "_uuid"));
    json_t *rows = json_object_get(json_array_get(result, 0), "rows");
    if (json_array_size(rows)) {
        json_t *uuid = json_object_get(json_array_get(rows, 0), "_uuid");
        char *s = xstrdup(json_string_value(json_array_get(uuid, 1)));
        json_decref(result);
        return s;
    }
    json_decref(result);

    result = transact_block(rpc, json_pack(
        "[{s:s, s:s, s:s, s:{s:s}},"
        " {s:s, s:s, s:[], s:[[s, s, [s, [[s, s]]]]]}]",
        "op", "insert", "table", "Bridge", "uuid-name", "br",
        "row", "name", BENCH_BRIDGE,
        "op", "mutate", "table", "Open_vSwitch", "where", "mutations",
        "bridges", "insert", "set", "named-uuid", "br"));
    if (op_count(result, 1) != 1) {
        osw_fatal(0, "no Open_vSwitch row to hang bridge %s on",
                  BENCH_BRIDGE);
    }
    char *s = xstrdup(op_uuid(result, 0));
    json_decref(result);
    return s;
}

/* Removes every Flow_Sample_Collector_Set row of bridge 'bridge_uuid', so
 * that "txn" starts and ends with the same database. */
static void
delete_collectors(struct jsonrpc *rpc, const char *bridge_uuid)
{
    json_decref(transact_block(rpc, json_pack(
        "[{s:s, s:s, s:[[s, s, [s, s]]]}]",
        "op", "delete", "table", "Flow_Sample_Collector_Set",
        "where", "bridge", "==", "uuid", bridge_uuid)));
}

/* "init". */

static void
cmd_init(const char *server)
{
    struct jsonrpc *rpc = open_jsonrpc(server);
    ensure_root_row(rpc);
    jsonrpc_close(rpc);
}

/* "txn".
 *
 * Each of the clients*inflight slots has at most one request outstanding;
 * when its reply comes, the slot sends its next transaction.  A request's
 * JSON-RPC id is the index of its slot, so a reply finds its slot at
 * once. */

struct txn_slot {
    struct jsonrpc *rpc;        /* Connection (shared by 'inflight' slots). */
    long long int sent_at;      /* time_usec() when the request left. */
    long long int row_id;       /* Id of the row this slot inserted, or -1
                                 * if it has none (next op inserts). */
    bool busy;                  /* Request outstanding? */
};

struct txn_bench {
    char *bridge_uuid;
    struct jsonrpc **conns;
    size_t n_conns;
    struct txn_slot *slots;
    size_t n_slots;

    long long int next_row_id;  /* For TXN_INSERT_DELETE. */
    long long int to_send;      /* Transactions left to send this phase. */
    long long int outstanding;  /* Requests without a reply yet. */
    long long int n_sent;       /* Transactions sent, warm-up included. */

    long long int *latencies;   /* Per timed transaction, microseconds. */
    size_t n_latencies;
    bool timing;                /* Record latencies? */
    long long int deadline;     /* time_usec() to stop sending, or
                                 * LLONG_MAX. */
};

/* Returns the operations of slot 'slot''s next transaction. */
static json_t *
txn_next_ops(struct txn_bench *b, struct txn_slot *slot)
{
    json_t *ops;
    if (opts.op == TXN_MUTATE) {
        ops = json_pack("[{s:s, s:s, s:[], s:[[s, s, i]]}]",
                        "op", "mutate", "table", "Open_vSwitch", "where",
                        "mutations", "next_cfg", "+=", 1);
    } else if (slot->row_id < 0) {
        slot->row_id = b->next_row_id++;
        ops = json_pack("[{s:s, s:s, s:{s:I, s:[s, s]}}]",
                        "op", "insert", "table", "Flow_Sample_Collector_Set",
                        "row", "id", (json_int_t) slot->row_id,
                        "bridge", "uuid", b->bridge_uuid);
    } else {
        ops = json_pack("[{s:s, s:s, s:[[s, s, I]]}]",
                        "op", "delete", "table", "Flow_Sample_Collector_Set",
                        "where", "id", "==", (json_int_t) slot->row_id);
        slot->row_id = -1;
    }
    if (opts.durable) {
        json_array_append_new(ops, json_pack("{s:s, s:b}", "op", "commit",
                                             "durable", 1));
    }
    return ops;
}

static void
txn_send(struct txn_bench *b, struct txn_slot *slot)
{
    json_t *params = json_pack("[s]", opts.db);
    json_t *ops = txn_next_ops(b, slot);
    json_array_extend(params, ops);
    json_decref(ops);

    struct jsonrpc_msg *request = jsonrpc_create_request("transact", params,
                                                         NULL);
    json_decref(request->id);
    request->id = json_integer(slot - b->slots);

    slot->busy = true;
    slot->sent_at = time_usec();
    b->to_send--;
    b->outstanding++;
    b->n_sent++;
    int error = jsonrpc_send(slot->rpc, request);
    if (error) {
        osw_fatal(0, "%s: send failed (%s)", jsonrpc_get_name(slot->rpc),
                  osw_retval_to_string(error));
    }
}

/* Checks that 'result' is what the transaction that 'slot' just completed
 * should have produced; dies otherwise. */
static void
txn_check_result(const struct txn_slot *slot, const json_t *result)
{
    size_t n_ops = 1 + opts.durable;
    char *msg = txn_result_error(result, n_ops);
    if (!msg && (opts.op == TXN_MUTATE || slot->row_id < 0)
        && op_count(result, 0) != 1) {
        /* A mutate, or a delete (the slot has no row any more). */
        msg = xstrdup("operation did not touch exactly one row");
    }
    if (msg) {
        osw_fatal(0, "%s: %s", jsonrpc_get_name(slot->rpc), msg);
    }
}

static void
txn_handle_msg(struct txn_bench *b, struct jsonrpc *rpc,
               struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_REQUEST && !strcmp(msg->method, "echo")) {
        jsonrpc_send(rpc, jsonrpc_create_reply(json_incref(msg->params),
                                               msg->id));
        jsonrpc_msg_destroy(msg);
        return;
    } else if (msg->type == JSONRPC_NOTIFY) {
        jsonrpc_msg_destroy(msg);
        return;
    }

    char *error = reply_error(msg);
    if (error) {
        osw_fatal(0, "%s: %s", jsonrpc_get_name(rpc), error);
    }
    json_int_t idx = json_is_integer(msg->id) ? json_integer_value(msg->id)
                                              : -1;
    if (idx < 0 || idx >= (json_int_t) b->n_slots
        || !b->slots[idx].busy || b->slots[idx].rpc != rpc) {
        osw_fatal(0, "%s: reply with unexpected id", jsonrpc_get_name(rpc));
    }

    struct txn_slot *slot = &b->slots[idx];
    long long int now = time_usec();
    txn_check_result(slot, msg->result);
    jsonrpc_msg_destroy(msg);

    if (b->timing) {
        b->latencies[b->n_latencies++] = now - slot->sent_at;
    }
    slot->busy = false;
    b->outstanding--;
    if (b->to_send > 0 && now >= b->deadline) {
        b->to_send = 0;
    }
    if (b->to_send > 0) {
        txn_send(b, slot);
    }
}

/* Runs 'n' transactions through every slot and waits for all replies.
 * With 'duration_us' > 0, sends no more after that long. */
static void
txn_phase(struct txn_bench *b, long long int n, bool timing,
          long long int duration_us)
{
    b->to_send = n;
    b->timing = timing;
    b->deadline = duration_us > 0 ? time_usec() + duration_us : LLONG_MAX;
    for (size_t i = 0; i < b->n_slots && b->to_send > 0; i++) {
        txn_send(b, &b->slots[i]);
    }

    while (b->outstanding > 0) {
        for (size_t i = 0; i < b->n_conns; i++) {
            struct jsonrpc *rpc = b->conns[i];
            struct jsonrpc_msg *msg;
            int error;

            jsonrpc_run(rpc);
            while (!(error = jsonrpc_recv(rpc, &msg))) {
                txn_handle_msg(b, rpc, msg);
            }
            if (error != EAGAIN) {
                osw_fatal(0, "%s: receive failed (%s)",
                          jsonrpc_get_name(rpc),
                          osw_retval_to_string(error));
            }
            jsonrpc_run(rpc);
        }
        if (b->outstanding > 0) {
            for (size_t i = 0; i < b->n_conns; i++) {
                jsonrpc_wait(b->conns[i]);
                jsonrpc_recv_wait(b->conns[i]);
            }
            poll_block();
        }
    }
}

static int
compare_llong(const void *a_, const void *b_)
{
    const long long int *a = a_, *b = b_;
    return *a < *b ? -1 : *a > *b;
}

/* Returns the 'pct' percentile of the 'n' sorted values in 'v'. */
static long long int
percentile(const long long int *v, size_t n, double pct)
{
    if (!n) {
        return 0;
    }
    size_t i = (size_t) (pct / 100.0 * (n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

static void
cmd_txn(const char *server)
{
    struct txn_bench b = { .next_row_id = 1 };

    struct jsonrpc *setup = open_jsonrpc(server);
    ensure_root_row(setup);
    b.bridge_uuid = ensure_bench_bridge(setup);
    delete_collectors(setup, b.bridge_uuid);

    b.n_conns = opts.clients;
    b.conns = xcalloc(b.n_conns, sizeof *b.conns);
    for (size_t i = 0; i < b.n_conns; i++) {
        b.conns[i] = open_jsonrpc(server);
    }
    b.n_slots = (size_t) opts.clients * opts.inflight;
    b.slots = xcalloc(b.n_slots, sizeof *b.slots);
    for (size_t i = 0; i < b.n_slots; i++) {
        b.slots[i].rpc = b.conns[i / opts.inflight];
        b.slots[i].row_id = -1;
    }
    b.latencies = xcalloc(opts.count, sizeof *b.latencies);

    long long int warmup = opts.warmup;
    if (warmup < 0) {
        warmup = MIN(MAX(opts.count / 10, (long long int) b.n_slots * 2),
                     2000);
    }
    txn_phase(&b, warmup, false, opts.duration * 1e6 / 4);

    long long int start = time_usec();
    txn_phase(&b, opts.count, true, opts.duration * 1e6);
    long long int elapsed = time_usec() - start;

    qsort(b.latencies, b.n_latencies, sizeof *b.latencies, compare_llong);
    put_result("txn_per_sec", b.n_latencies * 1e6 / MAX(elapsed, 1));
    put_result_int("txn_count", b.n_latencies);
    put_result_int("txn_total_count", b.n_sent);
    put_result("txn_elapsed_ms", elapsed / 1000.0);
    put_result_int("txn_latency_p50_us",
                   percentile(b.latencies, b.n_latencies, 50));
    put_result_int("txn_latency_p99_us",
                   percentile(b.latencies, b.n_latencies, 99));

    delete_collectors(setup, b.bridge_uuid);
    for (size_t i = 0; i < b.n_conns; i++) {
        jsonrpc_close(b.conns[i]);
    }
    jsonrpc_close(setup);
    free(b.conns);
    free(b.slots);
    free(b.latencies);
    free(b.bridge_uuid);
}

/* One request and its reply, timed without the client's JSON parsing. */

struct raw_exchange {
    long long int elapsed_us;   /* Until the reply's last byte arrived. */
    long long int parse_us;     /* Client's parse of the reply. */
    size_t reply_bytes;
    struct jsonrpc_msg *reply;  /* Owned by the caller. */
};

/* Pushes as much of 'text' (from '*sent' on) into 'stream' as it takes. */
static void
raw_send_some(struct stream *stream, const char *text, size_t len,
              size_t *sent)
{
    while (*sent < len) {
        int n = stream_send(stream, text + *sent, len - *sent);
        if (n == -EAGAIN) {
            return;
        } else if (n < 0) {
            osw_fatal(0, "%s: send failed (%s)", stream_get_name(stream),
                      osw_strerror(-n));
        }
        *sent += n;
    }
}

/* Reads what 'stream' has into 'parser'.  Returns true once 'parser' holds
 * a complete value; '*received' counts the bytes consumed. */
static bool
raw_recv_some(struct stream *stream, struct json_parser *parser,
              char *buf, size_t size, size_t *pending, size_t *received)
{
    for (;;) {
        if (!*pending) {
            int n = stream_recv(stream, buf, size);
            if (n == -EAGAIN) {
                return false;
            } else if (n == 0) {
                osw_fatal(0, "%s: connection closed by server",
                          stream_get_name(stream));
            } else if (n < 0) {
                osw_fatal(0, "%s: receive failed (%s)",
                          stream_get_name(stream), osw_strerror(-n));
            }
            *pending = n;
        }

        size_t used = json_parser_feed(parser, buf, *pending);
        memmove(buf, buf + used, *pending - used);
        *pending -= used;
        *received += used;
        if (json_parser_is_done(parser)) {
            return true;
        }
    }
}

/* Sends 'request' to 'server' on a new connection and waits for the reply
 * with the same id, storing the figures in 'x'.  The clock starts before
 * connecting if 'time_connect', otherwise once connected, and stops when
 * the reply's last byte is framed; the reply is parsed after that.
 * Dies on failure. */
static void
raw_exchange(const char *server, struct jsonrpc_msg *request,
             bool time_connect, struct raw_exchange *x)
{
    char *text = jsonrpc_msg_to_string(request);
    size_t len = strlen(text);
    json_t *id = json_incref(request->id);
    jsonrpc_msg_destroy(request);

    long long int start = time_usec();
    struct stream *stream = open_stream(server);
    if (!time_connect) {
        start = time_usec();
    }

    struct json_parser *parser = json_parser_create();
    size_t bufsize = 256 * 1024;
    char *buf = xmalloc(bufsize);
    size_t pending = 0, received = 0, sent = 0;

    memset(x, 0, sizeof *x);
    for (;;) {
        stream_run(stream);
        raw_send_some(stream, text, len, &sent);
        if (raw_recv_some(stream, parser, buf, bufsize, &pending,
                          &received)) {
            long long int end = time_usec();
            char *error;
            json_t *json = json_parser_finish(parser, &error);
            x->parse_us = time_usec() - end;
            if (!json) {
                osw_fatal(0, "%s: bad JSON from server (%s)", server, error);
            }

            struct jsonrpc_msg *msg;
            error = jsonrpc_msg_from_json(json, &msg);
            if (error) {
                osw_fatal(0, "%s: bad message from server (%s)",
                          server, error);
            }
            if ((msg->type == JSONRPC_REPLY || msg->type == JSONRPC_ERROR)
                && json_equal(msg->id, id)) {
                x->elapsed_us = end - start;
                x->reply_bytes = received;
                x->reply = msg;
                break;
            }
            jsonrpc_msg_destroy(msg);     /* Not ours: keep waiting. */
            continue;
        }

        stream_run_wait(stream);
        if (sent < len) {
            stream_send_wait(stream);
        }
        stream_recv_wait(stream);
        poll_block();
    }

    char *error = reply_error(x->reply);
    if (error) {
        osw_fatal(0, "%s: %s", server, error);
    }
    json_parser_destroy(parser);
    stream_close(stream);
    json_decref(id);
    free(buf);
    free(text);
}

/* "load". */

/* Returns the operations of the "load" transaction. */
static json_t *
load_ops(void)
{
    json_t *ports = json_array();
    json_t *ops = json_array();

    json_array_append_new(ops, json_pack(
        "{s:s, s:s, s:s, s:{s:s, s:[s, o]}}",
        "op", "insert", "table", "Bridge", "uuid-name", "br",
        "row", "name", opts.tag, "ports", "set", ports));
    json_array_append_new(ops, json_pack(
        "{s:s, s:s, s:[], s:[[s, s, [s, [[s, s]]]], [s, s, i]]}",
        "op", "mutate", "table", "Open_vSwitch", "where", "mutations",
        "bridges", "insert", "set", "named-uuid", "br",
        "next_cfg", "+=", 1));

    for (int i = 0; i < opts.ports; i++) {
        char port_uuid[32], iface_uuid[32];
        char *name = xasprintf("%s-p%d", opts.tag, i);

        snprintf(port_uuid, sizeof port_uuid, "p%d", i);
        snprintf(iface_uuid, sizeof iface_uuid, "i%d", i);
        json_array_append_new(ports, json_pack("[s, s]", "named-uuid",
                                               port_uuid));
        json_array_append_new(ops, json_pack(
            "{s:s, s:s, s:s, s:{s:s, s:[s, s]}}",
            "op", "insert", "table", "Port", "uuid-name", port_uuid,
            "row", "name", name, "interfaces", "named-uuid", iface_uuid));
        json_array_append_new(ops, json_pack(
            "{s:s, s:s, s:s, s:{s:s, s:s}}",
            "op", "insert", "table", "Interface", "uuid-name", iface_uuid,
            "row", "name", name, "type", "internal"));
        free(name);
    }
    return ops;
}

static void
cmd_load(const char *server)
{
    struct jsonrpc *setup = open_jsonrpc(server);
    ensure_root_row(setup);
    jsonrpc_close(setup);

    json_t *ops = load_ops();
    size_t n_ops = json_array_size(ops);
    json_t *params = json_pack("[s]", opts.db);
    json_array_extend(params, ops);
    json_decref(ops);

    struct jsonrpc_msg *request = jsonrpc_create_request("transact", params,
                                                         NULL);
    char *text = jsonrpc_msg_to_string(request);
    size_t request_bytes = strlen(text);
    free(text);

    struct raw_exchange x;
    raw_exchange(server, request, false, &x);
    char *error = txn_result_error(x.reply->result, n_ops);
    if (error) {
        osw_fatal(0, "%s: %s", server, error);
    }
    if (op_count(x.reply->result, 1) != 1) {
        osw_fatal(0, "%s: no Open_vSwitch row", server);
    }

    put_result("load_ms", x.elapsed_us / 1000.0);
    put_result_int("load_ops", n_ops);
    put_result_int("load_request_bytes", request_bytes);
    put_result_int("load_reply_bytes", x.reply_bytes);
    put_result("load_client_parse_ms", x.parse_us / 1000.0);
    jsonrpc_msg_destroy(x.reply);
}

/* "monitor". */

/* Returns the <table-updates> part of a reply to 'opts.method'. */
static const json_t *
monitor_updates(const json_t *result)
{
    return (!strcmp(opts.method, "monitor_cond_since")
            ? json_array_get(result, 2) : result);
}

static void
cmd_monitor(const char *server)
{
    static const char *const tables[] = {
        "Open_vSwitch", "Bridge", "Port", "Interface",
    };

    json_t *requests = json_object();
    for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
        json_object_set_new(requests, tables[i], json_object());
    }
    json_t *params = json_pack("[s, s, o]", opts.db, "bench", requests);
    if (!strcmp(opts.method, "monitor_cond_since")) {
        json_array_append_new(params, json_string(
            "00000000-0000-0000-0000-000000000000"));
    }

    struct raw_exchange x;
    raw_exchange(server, jsonrpc_create_request(opts.method, params, NULL),
                 true, &x);

    const json_t *updates = monitor_updates(x.reply->result);
    if (!json_is_object(updates)) {
        osw_fatal(0, "%s: %s reply has no table updates", server,
                  opts.method);
    }
    long long int rows = 0;
    const char *table;
    const json_t *table_update;
    json_object_foreach ((json_t *) updates, table, table_update) {
        rows += json_object_size(table_update);
    }

    put_result("monitor_ms", x.elapsed_us / 1000.0);
    put_result_int("monitor_rows", rows);
    put_result_int("monitor_reply_bytes", x.reply_bytes);
    put_result("monitor_client_parse_ms", x.parse_us / 1000.0);
    jsonrpc_msg_destroy(x.reply);
}

/* Command line. */

static void usage(void) OSW_NO_RETURN;

static void
usage(void)
{
    printf("%s: load generator for OVSDB servers\n"
           "usage: %s [OPTIONS] COMMAND SERVER\n"
           "where SERVER is unix:PATH or tcp:IP:PORT and COMMAND is:\n"
           "  init      insert the Open_vSwitch root row if missing\n"
           "  txn       single-row transactions: prints txn_per_sec and "
           "latencies\n"
           "  load      one transaction adding a bridge with --ports "
           "ports: prints load_ms\n"
           "  monitor   monitor Open_vSwitch, Bridge, Port and Interface: "
           "prints monitor_ms\n"
           "Options:\n"
           "  --clients=N      txn: connections (default 1)\n"
           "  --inflight=K     txn: requests in flight per connection "
           "(default 1)\n"
           "  --count=M        txn: timed transactions (default 5000)\n"
           "  --warmup=W       txn: untimed transactions first "
           "(default: automatic)\n"
           "  --duration=SECS  txn: stop after SECS seconds even if fewer "
           "than M are done\n"
           "  --durable        txn: ask for durable commits\n"
           "  --op=OP          txn: insert-delete (default) or mutate\n"
           "  --ports=N        load: ports in the bridge (default 10000)\n"
           "  --tag=NAME       load: bridge name and port name prefix "
           "(default load)\n"
           "  --method=M       monitor: monitor, monitor_cond (default) or "
           "monitor_cond_since\n"
           "  --db=NAME        database (default Open_vSwitch)\n"
           "  --timeout=SECS   give up after SECS seconds (default 300, "
           "0: never)\n"
           "  -h, --help       show this help\n",
           program_name, program_name);
    exit(EXIT_SUCCESS);
}

static long long int
parse_count(const char *name, const char *arg, long long int min)
{
    long long int value;
    if (!str_to_llong(arg, 10, &value) || value < min || value > INT_MAX) {
        osw_fatal(0, "--%s: \"%s\" is not an integer of at least %lld",
                  name, arg, min);
    }
    return value;
}

static void
parse_options(int argc, char *argv[])
{
    enum {
        OPT_CLIENTS = UCHAR_MAX + 1,
        OPT_INFLIGHT, OPT_COUNT, OPT_WARMUP, OPT_DURATION, OPT_DURABLE,
        OPT_OP,
        OPT_PORTS, OPT_TAG, OPT_METHOD, OPT_DB, OPT_TIMEOUT,
    };
    static const struct option long_options[] = {
        {"clients", required_argument, NULL, OPT_CLIENTS},
        {"inflight", required_argument, NULL, OPT_INFLIGHT},
        {"count", required_argument, NULL, OPT_COUNT},
        {"warmup", required_argument, NULL, OPT_WARMUP},
        {"duration", required_argument, NULL, OPT_DURATION},
        {"durable", no_argument, NULL, OPT_DURABLE},
        {"op", required_argument, NULL, OPT_OP},
        {"ports", required_argument, NULL, OPT_PORTS},
        {"tag", required_argument, NULL, OPT_TAG},
        {"method", required_argument, NULL, OPT_METHOD},
        {"db", required_argument, NULL, OPT_DB},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };

    for (;;) {
        int c = getopt_long(argc, argv, "h", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case OPT_CLIENTS:
            opts.clients = parse_count("clients", optarg, 1);
            break;
        case OPT_INFLIGHT:
            opts.inflight = parse_count("inflight", optarg, 1);
            break;
        case OPT_COUNT:
            opts.count = parse_count("count", optarg, 1);
            break;
        case OPT_WARMUP:
            opts.warmup = parse_count("warmup", optarg, 0);
            break;
        case OPT_DURATION:
            if (!str_to_double(optarg, &opts.duration)
                || !(opts.duration >= 0 && opts.duration <= 3600)) {
                osw_fatal(0, "--duration: \"%s\" is not a number of "
                          "seconds", optarg);
            }
            break;
        case OPT_DURABLE:
            opts.durable = true;
            break;
        case OPT_OP:
            if (!strcmp(optarg, "insert-delete")) {
                opts.op = TXN_INSERT_DELETE;
            } else if (!strcmp(optarg, "mutate")) {
                opts.op = TXN_MUTATE;
            } else {
                osw_fatal(0, "--op: unknown operation \"%s\"", optarg);
            }
            break;
        case OPT_PORTS:
            opts.ports = parse_count("ports", optarg, 0);
            break;
        case OPT_TAG:
            opts.tag = optarg;
            break;
        case OPT_METHOD:
            if (strcmp(optarg, "monitor") && strcmp(optarg, "monitor_cond")
                && strcmp(optarg, "monitor_cond_since")) {
                osw_fatal(0, "--method: unknown method \"%s\"", optarg);
            }
            opts.method = optarg;
            break;
        case OPT_DB:
            opts.db = optarg;
            break;
        case OPT_TIMEOUT:
            opts.timeout = parse_count("timeout", optarg, 0);
            break;
        case 'h':
            usage();
        default:
            exit(EXIT_FAILURE);
        }
    }
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    parse_options(argc, argv);
    fatal_signal_init();
    signal(SIGPIPE, SIG_IGN);
    if (opts.timeout) {
        /* SIGALRM is fatal: a server that stops answering ends the run
         * instead of hanging "make bench". */
        alarm(opts.timeout);
    }

    if (argc - optind != 2) {
        osw_fatal(0, "need a command and a server; use --help for help");
    }
    const char *command = argv[optind];
    const char *server = argv[optind + 1];
    if (!strcmp(command, "init")) {
        cmd_init(server);
    } else if (!strcmp(command, "txn")) {
        cmd_txn(server);
    } else if (!strcmp(command, "load")) {
        cmd_load(server);
    } else if (!strcmp(command, "monitor")) {
        cmd_monitor(server);
    } else {
        osw_fatal(0, "unknown command \"%s\"; use --help for help", command);
    }
    return 0;
}
