/* Fuzz target for the IDL (ovsdb/ovsdb-idl.c): everything a database
 * server sends to a client, applied to the client's replica.
 *
 * The target plays the server.  It listens on a unix socket in a fresh
 * directory, lets an IDL connect to it and answers the IDL's requests with
 * the messages of the input: a sequence of JSON-RPC messages as a server
 * would send them (replies to "monitor_cond" on "_Server", "get_schema",
 * "monitor_cond_since", "monitor_cond" or "monitor", "transact", "lock"...;
 * "update", "update2", "update3", "locked", "stolen" and
 * "monitor_canceled" notifications; requests).  Because the input cannot
 * know the ids of the IDL's requests, a reply or error answers one of the
 * requests the IDL sent on the current connection and no message of the
 * input answered yet, chosen by the input's "id":
 *
 *   - a string: the oldest such request with that method
 *     ("id": "get_schema"), or the oldest one if there is none;
 *   - a number n: the request n (modulo how many there are), oldest first;
 *   - anything else: the oldest.
 *
 * "echo" requests are answered by the target itself.  Messages of the
 * input that the IDL would not take as JSON-RPC at all are skipped (the
 * jsonrpc target covers those).
 *
 * Notifications whose method starts with "fuzz:" are not sent; they tell
 * the target what the IDL's user does, so that the input reaches the
 * code that depends on it:
 *
 *   {"method": "fuzz:create",
 *    "params": [GIVEN, EVERYTHING, COLUMNS, RETRY]}
 *       Only as the first message: create the IDL with the built-in
 *       schema (GIVEN true, the default) or with the server's (false),
 *       replicating every column (EVERYTHING true, the default) or only
 *       the "TABLE.COLUMN"s of the array COLUMNS ("TABLE" alone: the
 *       table, "-TABLE.COLUMN": omit_alert), reconnecting after a lost
 *       connection (RETRY true, the default) or giving up (false).
 *   {"method": "fuzz:txn", "params": [OP...]}
 *       Build a transaction and commit it (see do_txn_op()); the input
 *       then answers the "transact" request.
 *   {"method": "fuzz:lock", "params": [NAME-or-null]}
 *   {"method": "fuzz:cond", "params": [TABLE, CONDITION]}
 *   {"method": "fuzz:disconnect", "params": []}
 *
 * After every message the target runs the IDL until it is idle and checks
 * the replica: every row is found by its uuid in its table, the tables'
 * counts match their iterations, every value is well formed for its column
 * (atomic types, sorted unique keys, a number of elements between the
 * column's minimum and maximum), references resolve to rows of the right
 * table that exist, tracked rows are consistent with the replica.
 *
 * Reconnections.  The IDL is created with 'retry' true, as osw-vswitchd
 * does, and a backoff of FUZZ_BACKOFF (1) ms instead of the default
 * second.  When the connection goes -- "fuzz:disconnect", or the IDL
 * drops it itself after bad input or a schema change -- the target waits
 * for the IDL's next connection, accepts it and plays the rest of the
 * input on it: the requests it tracks start afresh (those of the old
 * connection can no longer be answered), and the input answers the IDL's
 * resynchronization ("monitor_cond" on "_Server", "get_schema",
 * "monitor_cond_since" with the last transaction id, "lock", conditions)
 * like the first time.  At most FUZZ_MAX_CONNECTIONS (8) connections per
 * input keep the fuzzer fast: once the last one is lost the rest of the
 * input is skipped, as it is from the start with RETRY false.  Besides
 * the checks above, the target checks:
 *
 *   - on each reconnection, that no transaction committed before it is
 *     still waiting for its reply (the IDL must have made them "try
 *     again");
 *   - after a data monitor reply that brought the IDL in sync: a
 *     "resumed" monitor_cond_since reply (found true) with no changes
 *     leaves the replica exactly as it was when the connection started,
 *     that is, before the disconnection, and is no full load; any other
 *     reply is a full load (counted by ovsdb_idl_get_n_full_loads()) and
 *     leaves exactly the rows it gave, with its values for the requested
 *     columns (parsed as the IDL does: a missing value or one with a
 *     wrong number of elements is the default) and defaults for the
 *     others.  Rows the reply gives as other than whole rows are not
 *     checked.
 *
 * Every input ends with the IDL destroyed and every transaction freed, so
 * libFuzzer's leak check sees any leak. */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "osw/fatal-signal.h"
#include "osw/jsonrpc.h"
#include "osw/poll-loop.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/uuid.h"
#include "osw/vlog.h"
#include "ovsdb/ovsdb-error.h"
#include "ovsdb/ovsdb-idl.h"
#include "ovsdb/ovsdb-types.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The replica's schema unless the input asks for the server's: one root
 * table and one non-root table, with each kind of column the IDL treats
 * differently (scalars, optional values, sets, maps, strong and weak
 * references, a set with a minimum above 1). */
static const char fuzz_schema_json[] =
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
    "  \"named\": {\"type\": {\"key\": \"string\","
    "                         \"value\": {\"type\": \"uuid\","
    "                                     \"refTable\": \"Item\"},"
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

static bool verbose;            /* OSW_FUZZ_VERBOSE set: trace. */

/* Listening socket, shared by every input. */
static char *fuzz_dir;
static char *fuzz_sock;
static char *fuzz_remote;
static struct pstream *fuzz_pstream;

/* Connections the IDL may make per input with 'retry' (the first one
 * and 7 reconnections): enough to reach every path of a reconnection a
 * few times over, few enough to keep an input fast (each reconnection
 * waits the IDL's backoff, FUZZ_BACKOFF ms). */
#define FUZZ_MAX_CONNECTIONS 8
#define FUZZ_BACKOFF 1

/* How long the IDL may take to come back, in ms, before the target calls
 * it a bug: the backoff is 1 ms, so this is only a safety net for a busy
 * machine. */
#define FUZZ_RECONNECT_TIMEOUT 5000

/* A reply to a data monitor request whose effect on the replica the
 * target checks once the IDL processed it (check_monitor_reply()). */
struct monitor_check {
    char *method;               /* "monitor_cond_since", ... */
    json_t *requests;           /* The request's <monitor-requests>. */
    json_t *result;             /* The reply's result. */
    bool was_synced;            /* ovsdb_idl_is_synced() before. */
    unsigned int n_full_loads;  /* ovsdb_idl_get_n_full_loads() before. */
};

/* One input's state. */
struct fuzz {
    struct ovsdb_idl *idl;
    struct jsonrpc *rpc;            /* Server side of the connection. */
    unsigned int n_connections;     /* Accepted so far. */
    unsigned int max_connections;   /* 1 without 'retry'. */
    struct jsonrpc_msg **pending;   /* This connection's IDL requests not
                                     * answered yet. */
    size_t n_pending, allocated_pending;
    struct ovsdb_idl_txn **txns;    /* Committed, status not final. */
    size_t n_txns, allocated_txns;
    json_t *connect_snapshot;       /* The replica when the current
                                     * connection was accepted. */
    struct monitor_check *check;    /* A monitor reply to check, or NULL. */
};

static void
cleanup(void)
{
    if (fuzz_pstream) {
        pstream_close(fuzz_pstream);
        fuzz_pstream = NULL;
    }
    if (fuzz_sock) {
        unlink(fuzz_sock);
    }
    if (fuzz_dir) {
        rmdir(fuzz_dir);
    }
}

static void
fuzz_init(void)
{
    verbose = getenv("OSW_FUZZ_VERBOSE") != NULL;
    if (!verbose) {
        /* Bad messages are logged about, by design. */
        vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
    }
    int dir_error = osw_make_temp_dir("osw-fuzz-idl", &fuzz_dir);
    if (dir_error) {
        osw_error(dir_error, "cannot create a temporary directory");
        abort();
    }
    fuzz_sock = xasprintf("%s/db.sock", fuzz_dir);
    fuzz_remote = xasprintf("unix:%s", fuzz_sock);
    char *name = xasprintf("punix:%s", fuzz_sock);
    int error = pstream_open(name, &fuzz_pstream, 0);
    free(name);
    if (error) {
        osw_error(error, "%s: listen failed", fuzz_sock);
        abort();
    }
    atexit(cleanup);
}

static void OSW_PRINTF_FORMAT(1, 2) OSW_NO_RETURN
fuzz_fail(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    fprintf(stderr, "fuzz-ovsdb-idl: ");
    vfprintf(stderr, format, args);
    fprintf(stderr, "\n");
    va_end(args);
    cleanup();
    abort();
}

static void OSW_PRINTF_FORMAT(1, 2)
note(const char *format, ...)
{
    if (verbose) {
        va_list args;

        va_start(args, format);
        fprintf(stderr, "fuzz-ovsdb-idl: ");
        vfprintf(stderr, format, args);
        fprintf(stderr, "\n");
        va_end(args);
    }
}

static json_t *snapshot(struct ovsdb_idl *);
static void check_reconnected(struct fuzz *);

/* The server side. */

/* Closes the server's side of the connection.  The IDL's requests on it
 * can no longer be answered: those of the next connection start afresh. */
static void
server_close(struct fuzz *f)
{
    jsonrpc_close(f->rpc);
    f->rpc = NULL;
    for (size_t i = 0; i < f->n_pending; i++) {
        jsonrpc_msg_destroy(f->pending[i]);
    }
    f->n_pending = 0;
}

/* True while the target waits for the IDL to (re)connect: no connection,
 * and the IDL will make one that the target may still accept. */
static bool
awaiting_connection(const struct fuzz *f)
{
    return (!f->rpc && f->n_connections < f->max_connections
            && ovsdb_idl_is_alive(f->idl));
}

static void
server_send(struct fuzz *f, struct jsonrpc_msg *msg)
{
    if (f->rpc && !jsonrpc_send(f->rpc, msg)) {
        return;
    }
    if (!f->rpc) {
        jsonrpc_msg_destroy(msg);
    }
    server_close(f);
}

/* Accepts the IDL's connection and reads what it sent.  Returns true if
 * anything happened. */
static bool
server_run(struct fuzz *f)
{
    bool active = false;

    if (!f->rpc) {
        struct stream *stream;

        if (f->n_connections >= f->max_connections
            || pstream_accept(fuzz_pstream, &stream)) {
            return false;
        }
        f->rpc = jsonrpc_open(stream);
        f->n_connections++;
        note("connection %u accepted", f->n_connections);
        check_reconnected(f);
        active = true;
    }

    jsonrpc_run(f->rpc);
    if (jsonrpc_get_backlog(f->rpc)) {
        active = true;
    }
    for (;;) {
        struct jsonrpc_msg *msg;
        int error = jsonrpc_recv(f->rpc, &msg);

        if (error) {
            if (error != EAGAIN) {
                server_close(f);
                active = true;
            }
            return active;
        }
        active = true;
        if (msg->type != JSONRPC_REQUEST) {
            /* The IDL's answers to the input's requests. */
            jsonrpc_msg_destroy(msg);
        } else if (!strcmp(msg->method, "echo")) {
            server_send(f, jsonrpc_create_reply(json_incref(msg->params),
                                                msg->id));
            jsonrpc_msg_destroy(msg);
        } else {
            if (verbose) {
                char *text = jsonrpc_msg_to_string(msg);
                note("IDL sent %s", text);
                free(text);
            }
            if (f->n_pending >= f->allocated_pending) {
                f->pending = x2nrealloc(f->pending, &f->allocated_pending,
                                        sizeof *f->pending);
            }
            f->pending[f->n_pending++] = msg;
        }
        if (!f->rpc) {
            return true;
        }
    }
}

/* Runs the IDL and the server until neither has anything left to do and
 * the IDL, if it lost its connection and may make another one, has
 * reconnected. */
static void
pump(struct fuzz *f)
{
    long long int deadline = time_msec() + FUZZ_RECONNECT_TIMEOUT;
    int idle = 0;

    for (int i = 0; i < 1000 && idle < 4; i++) {
        unsigned int seqno = ovsdb_idl_get_seqno(f->idl);

        ovsdb_idl_run(f->idl);
        bool active = server_run(f);
        if (seqno != ovsdb_idl_get_seqno(f->idl)) {
            active = true;
        }
        bool waiting = awaiting_connection(f);
        idle = active || waiting ? 0 : idle + 1;
        if (waiting && time_msec() >= deadline) {
            fuzz_fail("the IDL did not reconnect within %d ms",
                      FUZZ_RECONNECT_TIMEOUT);
        }

        /* Without waiting, unless the IDL's backoff must pass: the poll
         * loop learns which fds are ready, as in a daemon's main loop. */
        ovsdb_idl_wait(f->idl);
        if (f->rpc) {
            jsonrpc_wait(f->rpc);
            jsonrpc_recv_wait(f->rpc);
        }
        pstream_wait(fuzz_pstream);
        if (waiting) {
            poll_timer_wait_until(deadline);
        } else {
            poll_immediate_wake();
        }
        poll_block();
    }
}

/* Chooses the pending request that reply 'msg' answers (see the top) and
 * removes it from the list.  Returns NULL if there is none. */
static struct jsonrpc_msg *
take_pending(struct fuzz *f, const json_t *id)
{
    size_t i = 0;

    if (!f->n_pending) {
        return NULL;
    }
    if (json_is_string(id)) {
        for (size_t j = 0; j < f->n_pending; j++) {
            if (!strcmp(f->pending[j]->method, json_string_value(id))) {
                i = j;
                break;
            }
        }
    } else if (json_is_integer(id)) {
        i = (size_t) json_integer_value(id) % f->n_pending;
    }

    struct jsonrpc_msg *request = f->pending[i];
    memmove(&f->pending[i], &f->pending[i + 1],
            (f->n_pending - i - 1) * sizeof *f->pending);
    f->n_pending--;
    return request;
}

static void
monitor_check_destroy(struct monitor_check *check)
{
    if (check) {
        free(check->method);
        json_decref(check->requests);
        json_decref(check->result);
        free(check);
    }
}

/* If 'request' asks for the data of the database and 'msg' answers it
 * with data, remembers them so that check_monitor_reply() can compare the
 * replica with what the reply said once the IDL processed it. */
static void
note_monitor_reply(struct fuzz *f, const struct jsonrpc_msg *request,
                   const struct jsonrpc_msg *msg)
{
    const char *db = json_string_value(json_array_get(request->params, 0));

    if (msg->type != JSONRPC_REPLY || strncmp(request->method, "monitor", 7)
        || !db || strcmp(db, "Test")) {
        return;
    }
    monitor_check_destroy(f->check);
    f->check = xmalloc(sizeof *f->check);
    f->check->method = xstrdup(request->method);
    f->check->requests = json_incref(json_array_get(request->params, 2));
    f->check->result = json_incref(msg->result);
    f->check->was_synced = ovsdb_idl_is_synced(f->idl);
    f->check->n_full_loads = ovsdb_idl_get_n_full_loads(f->idl);
}

/* Sends the input's reply or error 'msg' (taken) as the answer to one of
 * the IDL's requests. */
static void
send_answer(struct fuzz *f, struct jsonrpc_msg *msg)
{
    struct jsonrpc_msg *request = take_pending(f, msg->id);

    if (!request) {
        note("no request to answer");
        jsonrpc_msg_destroy(msg);
        return;
    }
    note("answering \"%s\"", request->method);
    note_monitor_reply(f, request, msg);
    json_decref(msg->id);
    msg->id = json_incref(request->id);
    jsonrpc_msg_destroy(request);
    server_send(f, msg);
}

/* Checking the replica. */

static void
check_datum(const struct ovsdb_idl_row *row, const struct ovsdb_column *col)
{
    const struct ovsdb_datum *d = ovsdb_idl_get_by_index(row, col->index);
    const struct ovsdb_type *type = &col->type;
    bool is_map = type->value.type != OVSDB_TYPE_VOID;

    if (!d) {
        fuzz_fail("column %s: no value", col->name);
    }
    if (d->n < type->n_min || d->n > type->n_max) {
        fuzz_fail("column %s: %u elements, not between %u and %u",
                  col->name, d->n, type->n_min, type->n_max);
    }
    if (d->n && !d->keys) {
        fuzz_fail("column %s: no keys", col->name);
    }
    if (is_map != (d->n && d->values != NULL) && d->n) {
        fuzz_fail("column %s: values %s", col->name,
                  is_map ? "missing" : "in a set");
    }
    for (unsigned int i = 1; i < d->n; i++) {
        if (ovsdb_atom_compare_3way(&d->keys[i - 1], &d->keys[i],
                                    type->key.type) >= 0) {
            fuzz_fail("column %s: keys not sorted and unique", col->name);
        }
    }
    /* Reading each shape must work on any value. */
    ovsdb_idl_get_string(row, col->name, NULL);
    ovsdb_idl_get_integer(row, col->name, 0);
    ovsdb_idl_get_real(row, col->name, 0);
    ovsdb_idl_get_bool(row, col->name, false);
    ovsdb_idl_get_map_string(row, col->name, "a", NULL);
}

/* Checks that the references of column 'col' of 'row' that the IDL
 * resolves are rows of the right table that exist. */
static void
check_refs(struct ovsdb_idl *idl, const struct ovsdb_idl_row *row,
           const struct ovsdb_column *col)
{
    const struct ovsdb_type *type = &col->type;
    const char *ref_table = (type->value.type == OVSDB_TYPE_UUID
                             ? type->value.uuid.ref_table_name
                             : type->key.type == OVSDB_TYPE_UUID
                             ? type->key.uuid.ref_table_name
                             : NULL);
    const struct ovsdb_idl_row **rows;
    size_t n = ovsdb_idl_get_refs(row, col->name, &rows);

    if (!ref_table) {
        if (n) {
            fuzz_fail("column %s: references without a table", col->name);
        }
        free(rows);
        return;
    }
    const struct ovsdb_idl_table *target = ovsdb_idl_get_table(idl,
                                                               ref_table);
    if (n > ovsdb_idl_get_by_index(row, col->index)->n) {
        fuzz_fail("column %s: more references than values", col->name);
    }
    for (size_t i = 0; i < n; i++) {
        if (!target || rows[i]->table != target
            || ovsdb_idl_get_row_for_uuid(target, &rows[i]->uuid)
               != rows[i]) {
            fuzz_fail("column %s: a reference to a row not in the replica",
                      col->name);
        }
    }
    const struct ovsdb_idl_row *first = ovsdb_idl_get_ref(row, col->name);
    if (first != (n ? rows[0] : NULL)) {
        fuzz_fail("column %s: get_ref disagrees with get_refs", col->name);
    }
    free(rows);
}

static void
check_table(struct ovsdb_idl *idl, const struct ovsdb_table_schema *ts)
{
    const struct ovsdb_idl_table *table = ovsdb_idl_get_table(idl, ts->name);
    const struct ovsdb_idl_row *row;
    size_t n = 0;

    if (!table) {
        fuzz_fail("table %s: missing from the replica", ts->name);
    }
    OVSDB_IDL_FOR_EACH_ROW (row, table) {
        const struct ovsdb_datum *u = ovsdb_idl_get_by_index(row,
                                                             OVSDB_COL_UUID);
        n++;
        if (row->table != table
            || ovsdb_idl_get_row_for_uuid(table, &row->uuid) != row) {
            fuzz_fail("table %s: row "UUID_FMT" not found by its uuid",
                      ts->name, UUID_ARGS(&row->uuid));
        }
        if (u->n != 1 || !uuid_equals(&u->keys[0].uuid, &row->uuid)) {
            fuzz_fail("table %s: _uuid differs from the row's uuid",
                      ts->name);
        }
        for (size_t c = OVSDB_N_STD_COLUMNS; c < ts->n_columns; c++) {
            check_datum(row, ts->columns[c]);
            check_refs(idl, row, ts->columns[c]);
        }
    }
    if (n != ovsdb_idl_table_count(table)) {
        fuzz_fail("table %s: %zu rows iterated, count says %zu", ts->name,
                  n, ovsdb_idl_table_count(table));
    }

    OVSDB_IDL_TRACK_FOR_EACH (row, table) {
        const struct ovsdb_idl_row *found
            = ovsdb_idl_get_row_for_uuid(table, &row->uuid);

        if (row->table != table
            || ovsdb_idl_row_is_deleted(row) != (found != row)) {
            fuzz_fail("table %s: tracked row "UUID_FMT" inconsistent",
                      ts->name, UUID_ARGS(&row->uuid));
        }
        for (size_t c = OVSDB_N_STD_COLUMNS; c < ts->n_columns; c++) {
            ovsdb_idl_track_is_updated(row, ts->columns[c]->name);
        }
    }
}

static void
check_replica(struct fuzz *f)
{
    const struct ovsdb_schema *schema = ovsdb_idl_get_schema(f->idl);

    if (schema) {
        for (size_t i = 0; i < schema->n_tables; i++) {
            check_table(f->idl, schema->tables[i]);
        }
    }
    ovsdb_idl_track_clear(f->idl);

    ovsdb_idl_get_last_error(f->idl);
    ovsdb_idl_get_last_error_detail(f->idl);
    ovsdb_idl_get_monitor_method(f->idl);
    ovsdb_idl_has_lock(f->idl);
    ovsdb_idl_is_lock_contended(f->idl);
}

/* Checks after a reconnection and after a monitor reply. */

/* Called when the target accepts a connection: on a reconnection, the IDL
 * has noticed that the old connection is gone, so no transaction may still
 * wait for a reply that can no longer come.  Remembers the replica, which
 * a resumed monitor must leave as it is. */
static void
check_reconnected(struct fuzz *f)
{
    if (f->n_connections > 1) {
        for (size_t i = 0; i < f->n_txns; i++) {
            if (ovsdb_idl_txn_commit(f->txns[i])
                == OVSDB_IDL_TXN_INCOMPLETE) {
                fuzz_fail("a transaction of a lost connection is still "
                          "incomplete after reconnecting");
            }
        }
    }
    json_decref(f->connect_snapshot);
    f->connect_snapshot = snapshot(f->idl);
}

/* Returns the values in the row update 'update' ("update2" format if
 * 'update2') if it gives a whole row ("initial" or "insert"; "new"
 * without "old"), otherwise NULL. */
static const json_t *
full_row_values(const json_t *update, bool update2)
{
    if (!json_is_object(update)) {
        return NULL;
    } else if (update2) {
        const json_t *values = json_object_get(update, "initial");

        values = values ? values : json_object_get(update, "insert");
        return json_object_size(update) == 1 ? values : NULL;
    } else {
        return (json_object_get(update, "old") ? NULL
                : json_object_get(update, "new"));
    }
}

/* Parses the value of column 'col' in 'values' as the IDL does: a missing
 * value, or one with the wrong number of elements, is the default.
 * Returns false if the IDL would have rejected the value. */
static bool
expected_datum(const struct ovsdb_column *col, const json_t *values,
               bool requested, struct ovsdb_datum *datum)
{
    const json_t *json = requested ? json_object_get(values, col->name)
                                   : NULL;
    struct ovsdb_error *error;

    if (!json) {
        ovsdb_datum_init_default(datum, &col->type);
        return true;
    }
    error = ovsdb_datum_from_json_relaxed(datum, &col->type, json, NULL);
    if (error) {
        ovsdb_error_destroy(error);
        return false;
    }
    error = ovsdb_datum_check_size(datum, &col->type);
    if (error) {
        ovsdb_error_destroy(error);
        ovsdb_datum_destroy(datum, &col->type);
        ovsdb_datum_init_default(datum, &col->type);
    }
    return true;
}

/* True if 'columns', a JSON array of column names, holds 'name'. */
static bool
json_array_has_string(const json_t *columns, const char *name)
{
    size_t i;
    const json_t *value;

    json_array_foreach (columns, i, value) {
        if (json_is_string(value) && !strcmp(json_string_value(value),
                                             name)) {
            return true;
        }
    }
    return false;
}

/* Checks that the table of the replica named 'name' holds exactly the
 * rows of 'updates' (the table's part of a full load) with the values of
 * the 'columns' requested, other columns having their defaults.  Gives up
 * quietly on anything that the IDL would have refused (it then reloads),
 * or that is not a whole row. */
static void
check_full_table(struct ovsdb_idl *idl, const char *name,
                 const json_t *columns, const json_t *updates, bool update2)
{
    const struct ovsdb_idl_table *table = ovsdb_idl_get_table(idl, name);
    const struct ovsdb_table_schema *ts;
    const char *uuid_string;
    const json_t *update;
    size_t n = 0;

    if (!table) {
        return;
    } else if (!updates) {
        /* Not mentioned: the table is empty. */
        if (ovsdb_idl_table_count(table)) {
            fuzz_fail("table %s: rows left after a full load without "
                      "any", name);
        }
        return;
    } else if (!json_is_object(updates)) {
        return;
    }
    ts = ovsdb_idl_table_get_schema(table);
    json_object_foreach (CONST_CAST(json_t *, updates), uuid_string,
                         update) {
        const json_t *values = full_row_values(update, update2);
        const struct ovsdb_idl_row *row;
        struct uuid uuid;

        if (!values || !json_is_object(values)
            || !uuid_from_string(&uuid, uuid_string)) {
            return;
        }
        row = ovsdb_idl_get_row_for_uuid(table, &uuid);
        if (!row) {
            fuzz_fail("table %s: row %s of a full load missing from the "
                      "replica", name, uuid_string);
        }
        for (size_t c = OVSDB_N_STD_COLUMNS; c < ts->n_columns; c++) {
            const struct ovsdb_column *col = ts->columns[c];
            struct ovsdb_datum datum;

            if (!expected_datum(col, values,
                                json_array_has_string(columns, col->name),
                                &datum)) {
                return;
            }
            bool equal = ovsdb_datum_equals(&datum,
                                            ovsdb_idl_get_by_index(row, c),
                                            &col->type);
            ovsdb_datum_destroy(&datum, &col->type);
            if (!equal) {
                fuzz_fail("table %s: column %s of row %s differs from the "
                          "full load", name, col->name, uuid_string);
            }
        }
        n++;
    }
    if (n != ovsdb_idl_table_count(table)) {
        fuzz_fail("table %s: %zu rows after a full load of %zu", name,
                  ovsdb_idl_table_count(table), n);
    }
}

/* After the IDL processed the reply of f->check: if it took the reply
 * (it became synced by it), the replica must be what the reply said.  A
 * "resumed" reply (monitor_cond_since's "found" true) with no changes
 * leaves the replica as it was when the connection started, which is what
 * it was before the disconnection; a full load leaves exactly the rows and
 * values it gave. */
static void
check_monitor_reply(struct fuzz *f)
{
    struct monitor_check *check = f->check;
    bool since = !strcmp(check->method, "monitor_cond_since");
    const json_t *result = check->result;
    unsigned int n_full_loads = ovsdb_idl_get_n_full_loads(f->idl);

    f->check = NULL;
    if (check->was_synced || !ovsdb_idl_is_synced(f->idl)) {
        monitor_check_destroy(check);
        return;
    }

    const json_t *updates = since ? json_array_get(result, 2) : result;
    if (since && json_is_true(json_array_get(result, 0))) {
        if (n_full_loads != check->n_full_loads) {
            fuzz_fail("a resumed monitor counted as a full load");
        }
        if (!json_object_size(updates) && f->connect_snapshot) {
            json_t *now = snapshot(f->idl);

            if (!json_equal(now, f->connect_snapshot)) {
                fuzz_fail("the replica changed on resuming with no "
                          "changes");
            }
            json_decref(now);
            note("checked: resumed, replica unchanged");
        }
    } else {
        if (n_full_loads != check->n_full_loads + 1) {
            fuzz_fail("a full load not counted as one");
        }

        bool update2 = strcmp(check->method, "monitor") != 0;
        const char *name;
        const json_t *request;
        json_object_foreach (check->requests, name, request) {
            const json_t *columns = json_object_get(
                json_is_array(request) ? json_array_get(request, 0)
                : request, "columns");

            check_full_table(f->idl, name, columns,
                             json_object_get(updates, name), update2);
        }
        note("checked: full load");
    }
    monitor_check_destroy(check);
}

/* Transactions. */

/* The committed transactions whose status became final: reads what they
 * tell and frees them. */
static void
reap_txns(struct fuzz *f, bool all)
{
    size_t n = 0;

    for (size_t i = 0; i < f->n_txns; i++) {
        struct ovsdb_idl_txn *txn = f->txns[i];
        enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit(txn);

        if (status == OVSDB_IDL_TXN_INCOMPLETE && !all) {
            f->txns[n++] = txn;
            continue;
        }
        note("transaction: %s (%s)", ovsdb_idl_txn_status_to_string(status),
             ovsdb_idl_txn_get_error(txn) ?: "no error");
        ovsdb_idl_txn_get_increment_new_value(txn);
        ovsdb_idl_txn_destroy(txn);
    }
    f->n_txns = n;
}

/* Rows inserted by the transaction being built. */
struct inserted {
    const struct ovsdb_idl_row **rows;
    size_t n, allocated;
};

/* Returns the row that 'sel' selects in 'table': a number k >= 0 is the
 * k-th row in iteration order (modulo the count), k < 0 the row inserted
 * by the transaction -k-th last.  NULL if there is none. */
static const struct ovsdb_idl_row *
select_row(const struct ovsdb_idl_table *table, const struct inserted *ins,
           const json_t *sel)
{
    json_int_t k = json_is_integer(sel) ? json_integer_value(sel) : 0;

    if (k < 0) {
        size_t back = (size_t) -(k + 1);
        for (size_t i = ins->n; i-- > 0; ) {
            if (ins->rows[i]->table == table && !back--) {
                return ins->rows[i];
            }
        }
        return NULL;
    }

    size_t count = ovsdb_idl_table_count(table);
    if (!count) {
        return NULL;
    }
    size_t skip = (size_t) k % count;
    const struct ovsdb_idl_row *row;
    OVSDB_IDL_FOR_EACH_ROW (row, table) {
        if (!skip--) {
            return row;
        }
    }
    return NULL;
}

static void
ignore_error(struct ovsdb_error *error)
{
    ovsdb_error_destroy(error);
}

/* Performs one operation of a "fuzz:txn" on 'txn':
 *   ["insert", TABLE]
 *   ["delete", TABLE, ROW]
 *   ["write", TABLE, ROW, COLUMN, VALUE]      (an RFC 7047 <value>)
 *   ["verify", TABLE, ROW, COLUMN]
 *   ["set_add" | "set_remove", TABLE, ROW, COLUMN, ATOM]
 *   ["map_set", TABLE, ROW, COLUMN, KEY, VALUE]
 *   ["map_delete", TABLE, ROW, COLUMN, KEY]
 *   ["link", TABLE, ROW, COLUMN, TABLE2, ROW2]
 *       (adds ROW2's uuid to COLUMN, or writes it if COLUMN is a scalar)
 *   ["increment", TABLE, ROW, COLUMN, FORCE]
 *   ["comment", TEXT], ["dry_run"]
 * ROW as select_row() takes it.  Anything that does not fit is
 * skipped. */
static void
do_txn_op(struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
          struct inserted *ins, const json_t *op)
{
    const char *name = json_string_value(json_array_get(op, 0));
    const char *table_name = json_string_value(json_array_get(op, 1));
    const char *col_name = json_string_value(json_array_get(op, 3));

    if (!name) {
        return;
    } else if (!strcmp(name, "comment")) {
        ovsdb_idl_txn_add_comment(txn, "%s", table_name ? table_name : "");
        return;
    } else if (!strcmp(name, "dry_run")) {
        ovsdb_idl_txn_set_dry_run(txn);
        return;
    }

    const struct ovsdb_idl_table *table = (table_name
                                           ? ovsdb_idl_get_table(idl,
                                                                 table_name)
                                           : NULL);
    if (!table) {
        return;
    }
    if (!strcmp(name, "insert")) {
        if (ins->n >= ins->allocated) {
            ins->rows = x2nrealloc(ins->rows, &ins->allocated,
                                   sizeof *ins->rows);
        }
        ins->rows[ins->n++] = ovsdb_idl_txn_insert(txn, table, NULL);
        return;
    }

    const struct ovsdb_idl_row *row = select_row(table, ins,
                                                 json_array_get(op, 2));
    if (!row) {
        return;
    }
    if (!strcmp(name, "delete")) {
        ovsdb_idl_txn_delete(row);
        return;
    }

    const struct ovsdb_column *col = (col_name
                                      ? ovsdb_idl_table_find_column(table,
                                                                    col_name)
                                      : NULL);
    if (!col) {
        return;
    }
    const struct ovsdb_type *type = &col->type;
    const json_t *a4 = json_array_get(op, 4);
    const json_t *a5 = json_array_get(op, 5);

    if (!strcmp(name, "verify")) {
        ovsdb_idl_txn_verify(row, col_name);
    } else if (!strcmp(name, "increment")) {
        ovsdb_idl_txn_increment(txn, row, col_name, json_is_true(a4));
    } else if (!strcmp(name, "write")) {
        struct ovsdb_datum datum;
        struct ovsdb_error *error = ovsdb_datum_from_json(&datum, type, a4,
                                                          NULL);
        if (!error) {
            ovsdb_idl_txn_write_clone(row, col_name, &datum);
            ovsdb_datum_destroy(&datum, type);
        }
        ignore_error(error);
    } else if (!strcmp(name, "set_add") || !strcmp(name, "set_remove")
               || !strcmp(name, "map_delete")) {
        union ovsdb_atom key;
        struct ovsdb_error *error = ovsdb_atom_from_json(&key, &type->key,
                                                         a4, NULL);
        if (!error) {
            if (!strcmp(name, "set_add")) {
                ovsdb_idl_txn_set_add(row, col_name, &key);
            } else if (!strcmp(name, "set_remove")) {
                ovsdb_idl_txn_set_remove(row, col_name, &key);
            } else {
                ovsdb_idl_txn_map_delete(row, col_name, &key);
            }
            ovsdb_atom_destroy(&key, type->key.type);
        }
        ignore_error(error);
    } else if (!strcmp(name, "map_set")) {
        union ovsdb_atom key, value;
        struct ovsdb_error *error = ovsdb_atom_from_json(&key, &type->key,
                                                         a4, NULL);
        if (error) {
            ignore_error(error);
            return;
        }
        error = ovsdb_atom_from_json(&value, &type->value, a5, NULL);
        if (!error) {
            ovsdb_idl_txn_map_set(row, col_name, &key, &value);
            ovsdb_atom_destroy(&value, type->value.type);
        }
        ignore_error(error);
        ovsdb_atom_destroy(&key, type->key.type);
    } else if (!strcmp(name, "link")) {
        const char *t2_name = json_string_value(a4);
        const struct ovsdb_idl_table *t2 = (t2_name
                                            ? ovsdb_idl_get_table(idl,
                                                                  t2_name)
                                            : NULL);
        const struct ovsdb_idl_row *target = (t2 ? select_row(t2, ins, a5)
                                              : NULL);
        if (!target || type->key.type != OVSDB_TYPE_UUID) {
            return;
        }
        union ovsdb_atom atom = { .uuid = target->uuid };
        if (type->n_max == 1 && type->value.type == OVSDB_TYPE_VOID) {
            struct ovsdb_datum datum;
            ovsdb_datum_init_uuid(&datum, &target->uuid);
            ovsdb_idl_txn_write(row, col_name, &datum);
            ovsdb_datum_destroy(&datum, type);
        } else if (type->value.type == OVSDB_TYPE_VOID) {
            ovsdb_idl_txn_set_add(row, col_name, &atom);
        }
    }
}

/* Returns the replica's rows as JSON, to compare before and after a
 * transaction or a reconnection.  Tables without rows are left out: an IDL
 * without a schema yet has none, and the same replica once it learns the
 * server's schema on a reconnection has empty tables. */
static json_t *
snapshot(struct ovsdb_idl *idl)
{
    const struct ovsdb_schema *schema = ovsdb_idl_get_schema(idl);
    json_t *tables = json_object();

    for (size_t i = 0; schema && i < schema->n_tables; i++) {
        const struct ovsdb_table_schema *ts = schema->tables[i];
        const struct ovsdb_idl_table *table = ovsdb_idl_get_table(idl,
                                                                  ts->name);
        const struct ovsdb_idl_row *row;
        json_t *rows = json_object();

        OVSDB_IDL_FOR_EACH_ROW (row, table) {
            json_t *values = json_array();
            char uuid[UUID_LEN + 1];

            for (size_t c = 0; c < ts->n_columns; c++) {
                json_array_append_new(values, ovsdb_datum_to_json(
                                          ovsdb_idl_get_by_index(row, c),
                                          &ts->columns[c]->type));
            }
            uuid_to_string(&row->uuid, uuid);
            json_object_set_new(rows, uuid, values);
        }
        if (json_object_size(rows)) {
            json_object_set_new(tables, ts->name, rows);
        } else {
            json_decref(rows);
        }
    }
    return tables;
}

static void
do_txn(struct fuzz *f, const json_t *ops)
{
    json_t *before = snapshot(f->idl);
    struct ovsdb_idl_txn *txn = ovsdb_idl_txn_create(f->idl);
    struct inserted ins = { NULL, 0, 0 };
    size_t i;
    const json_t *op;

    json_array_foreach (ops, i, op) {
        do_txn_op(f->idl, txn, &ins, op);
    }
    free(ins.rows);

    enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit(txn);
    note("committed: %s", ovsdb_idl_txn_status_to_string(status));

    /* Committing hands the changes to the server and shows the replica
     * again. */
    json_t *after = snapshot(f->idl);
    if (!json_equal(before, after)) {
        fuzz_fail("the replica differs after a commit");
    }
    json_decref(before);
    json_decref(after);

    if (status == OVSDB_IDL_TXN_INCOMPLETE) {
        if (f->n_txns >= f->allocated_txns) {
            f->txns = x2nrealloc(f->txns, &f->allocated_txns,
                                 sizeof *f->txns);
        }
        f->txns[f->n_txns++] = txn;
    } else {
        ovsdb_idl_txn_get_error(txn);
        ovsdb_idl_txn_destroy(txn);
    }
}

/* Handles a "fuzz:" notification other than "fuzz:create". */
static void
do_control(struct fuzz *f, const char *method, const json_t *params)
{
    if (!strcmp(method, "fuzz:txn")) {
        if (json_is_array(params)) {
            do_txn(f, params);
        }
    } else if (!strcmp(method, "fuzz:lock")) {
        ovsdb_idl_set_lock(f->idl, json_string_value(json_array_get(params,
                                                                    0)));
    } else if (!strcmp(method, "fuzz:cond")) {
        const char *table = json_string_value(json_array_get(params, 0));
        const json_t *cond = json_array_get(params, 1);

        if (table && cond) {
            ovsdb_idl_set_condition(f->idl, table, cond);
        }
    } else if (!strcmp(method, "fuzz:disconnect")) {
        server_close(f);
    }
}

/* Input. */

static void
take_value(struct json_parser *p, json_t *values)
{
    char *error;
    json_t *json = json_parser_finish(p, &error);

    if (json) {
        json_array_append_new(values, json);
    } else {
        free(error);
    }
}

/* Splits 'data' into JSON values, skipping what is not JSON.  Returns the
 * values in a new JSON array. */
static json_t *
split_input(const uint8_t *data, size_t size)
{
    struct json_parser *p = json_parser_create();
    json_t *values = json_array();
    size_t ofs = 0;

    while (ofs < size) {
        size_t used = json_parser_feed(p, (const char *) data + ofs,
                                       size - ofs);
        ofs += used;
        if (!json_parser_is_done(p)) {
            break;
        }
        take_value(p, values);
        if (!used) {
            /* No progress: should not happen, but never loop forever. */
            break;
        }
    }
    if (json_parser_has_partial(p)) {
        take_value(p, values);
    }
    json_parser_destroy(p);
    return values;
}

/* Creates the IDL in 'f' as the input's "fuzz:create" message (or NULL)
 * says. */
static void
create_idl(struct fuzz *f, const json_t *params)
{
    const json_t *given = json_array_get(params, 0);
    const json_t *everything = json_array_get(params, 1);
    const json_t *columns = json_array_get(params, 2);
    bool retry = !json_is_false(json_array_get(params, 3));
    struct ovsdb_schema *schema = NULL;

    if (!json_is_false(given)) {
        json_t *json = json_loads(fuzz_schema_json, 0, NULL);
        ovsdb_error_assert(ovsdb_schema_from_json(json, &schema));
        json_decref(json);
    }

    struct ovsdb_idl *idl = ovsdb_idl_create(fuzz_remote, "Test", schema,
                                             !json_is_false(everything),
                                             retry);
    ovsdb_schema_destroy(schema);
    if (retry) {
        ovsdb_idl_set_backoff(idl, FUZZ_BACKOFF, FUZZ_BACKOFF);
    }
    f->idl = idl;
    f->max_connections = retry ? FUZZ_MAX_CONNECTIONS : 1;

    size_t i;
    const json_t *value;
    json_array_foreach (columns, i, value) {
        const char *s = json_string_value(value);
        if (!s) {
            continue;
        }
        bool omit = *s == '-';
        char *table = xstrdup(s + omit);
        char *dot = strchr(table, '.');
        if (!dot) {
            ovsdb_idl_add_table(idl, table);
        } else {
            *dot = '\0';
            if (omit) {
                ovsdb_idl_omit_alert(idl, table, dot + 1);
            } else {
                ovsdb_idl_add_column(idl, table, dot + 1);
            }
        }
        free(table);
    }
    ovsdb_idl_track_add_all(idl);
}

/* Handles one value of the input. */
static void
do_value(struct fuzz *f, json_t *json)
{
    struct jsonrpc_msg *msg;
    char *error = jsonrpc_msg_from_json(json_incref(json), &msg);

    if (error) {
        free(error);
        return;
    }
    if (msg->type == JSONRPC_NOTIFY && !strncmp(msg->method, "fuzz:", 5)) {
        do_control(f, msg->method, msg->params);
        jsonrpc_msg_destroy(msg);
    } else if (msg->type == JSONRPC_REPLY || msg->type == JSONRPC_ERROR) {
        send_answer(f, msg);
    } else {
        server_send(f, msg);
    }
}

/* Called by libFuzzer before it installs its signal handlers (the replay
 * program does not call it).  The streams install handlers for fatal
 * signals on first use, SIGALRM among them, and a SIGALRM handler of
 * ours would turn libFuzzer's -timeout alarm into an exit.  libFuzzer
 * installs its handler only where none is, so give SIGALRM back to it
 * now: the fatal signal module never installs its handlers twice. */
int
LLVMFuzzerInitialize(int *argc OSW_UNUSED, char ***argv OSW_UNUSED)
{
    fatal_signal_init();
    signal(SIGALRM, SIG_DFL);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool initialized;

    if (!initialized) {
        initialized = true;
        fuzz_init();
    }

    json_t *values = split_input(data, size);
    const json_t *first = json_array_get(values, 0);
    const char *method = json_string_value(json_object_get(first, "method"));
    size_t start = 0;
    struct fuzz f;

    memset(&f, 0, sizeof f);
    if (method && !strcmp(method, "fuzz:create")) {
        create_idl(&f, json_object_get(first, "params"));
        start = 1;
    } else {
        create_idl(&f, NULL);
    }
    pump(&f);
    check_replica(&f);

    for (size_t i = start; i < json_array_size(values); i++) {
        if (!f.rpc) {
            /* The IDL gave up, or used up its connections. */
            break;
        }
        do_value(&f, json_array_get(values, i));
        pump(&f);
        if (f.check) {
            check_monitor_reply(&f);
        }
        reap_txns(&f, false);
        check_replica(&f);
    }

    ovsdb_idl_destroy(f.idl);
    reap_txns(&f, true);
    free(f.txns);
    server_close(&f);
    monitor_check_destroy(f.check);
    json_decref(f.connect_snapshot);

    /* A connection this input's IDL made but the server did not see must
     * not reach the next input. */
    struct stream *stream;
    while (!pstream_accept(fuzz_pstream, &stream)) {
        stream_close(stream);
    }
    free(f.pending);
    json_decref(values);
    return 0;
}
