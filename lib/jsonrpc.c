/* jsonrpc: JSON-RPC 1.0 messages and connections (see jsonrpc.h). */
#include <config.h>
#include "osw/jsonrpc.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "osw/list.h"
#include "osw/ofpbuf.h"
#include "osw/poll-loop.h"
#include "osw/stream.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(jsonrpc);

/* Anything a peer sends can trigger these. */
static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* Bytes read from the stream at a time. */
#define JSONRPC_INPUT_SIZE 4096

/* Complete messages handled by one jsonrpc_recv() call at most, so that a
 * fast peer cannot starve the rest of the program: the caller's loop
 * comes back at once for the rest (jsonrpc_recv_wait()). */
#define JSONRPC_RECV_BATCH 50

/* An error message quotes at most this many bytes of peer data. */
#define QUOTE_MAX 64

/* Messages. */

/* Returns a lower-case name for 'type': "request", "notification",
 * "reply" or "error". */
const char *
jsonrpc_msg_type_to_string(enum jsonrpc_msg_type type)
{
    switch (type) {
    case JSONRPC_REQUEST: return "request";
    case JSONRPC_NOTIFY: return "notification";
    case JSONRPC_REPLY: return "reply";
    case JSONRPC_ERROR: return "error";
    }
    return "(unknown message type)";
}

/* json_incref() for values the caller lent as const: a reference count is
 * bookkeeping, not a change to the value. */
static json_t *
json_ref(const json_t *json)
{
    return json_incref((json_t *) json);
}

static struct jsonrpc_msg *
msg_create(enum jsonrpc_msg_type type, const char *method, json_t *params,
           json_t *result, json_t *error, json_t *id)
{
    struct jsonrpc_msg *msg = xzalloc(sizeof *msg);
    msg->type = type;
    msg->method = method ? xstrdup(method) : NULL;
    msg->params = params;
    msg->result = result;
    msg->error = error;
    msg->id = id;
    return msg;
}

static json_t *
new_request_id(void)
{
    static atomic_llong next_id;
    json_t *id = json_integer(atomic_fetch_add(&next_id, 1));
    osw_assert(id);
    return id;
}

static json_t *
array_if_null(json_t *params)
{
    if (!params) {
        params = json_array();
        osw_assert(params);
    }
    return params;
}

/* Creates a request to run 'method' with 'params' (an array, whose
 * reference is taken; NULL means an empty array), with a fresh integer id.
 * If 'idp' is nonnull, stores a new reference to the id there. */
struct jsonrpc_msg *
jsonrpc_create_request(const char *method, json_t *params, json_t **idp)
{
    json_t *id = new_request_id();
    if (idp) {
        *idp = json_incref(id);
    }
    return msg_create(JSONRPC_REQUEST, method, array_if_null(params),
                      NULL, NULL, id);
}

/* Creates a notification of 'method' with 'params' (reference taken; NULL
 * means an empty array). */
struct jsonrpc_msg *
jsonrpc_create_notify(const char *method, json_t *params)
{
    return msg_create(JSONRPC_NOTIFY, method, array_if_null(params),
                      NULL, NULL, NULL);
}

/* Creates a successful reply with 'result' (reference taken; NULL means
 * JSON null) to the request whose id is 'id' (borrowed). */
struct jsonrpc_msg *
jsonrpc_create_reply(json_t *result, const json_t *id)
{
    return msg_create(JSONRPC_REPLY, NULL, NULL,
                      result ? result : json_null(), NULL,
                      id ? json_ref(id) : NULL);
}

/* Creates an error reply carrying 'error' (reference taken) to the request
 * whose id is 'id' (borrowed). */
struct jsonrpc_msg *
jsonrpc_create_error(json_t *error, const json_t *id)
{
    return msg_create(JSONRPC_ERROR, NULL, NULL, NULL, error,
                      id ? json_ref(id) : NULL);
}

static json_t *
copy_json(const json_t *json)
{
    if (!json) {
        return NULL;
    }
    json_t *copy = json_deep_copy(json);
    osw_assert(copy);
    return copy;
}

/* Returns a copy of 'msg' that shares nothing with it. */
struct jsonrpc_msg *
jsonrpc_msg_clone(const struct jsonrpc_msg *msg)
{
    return msg_create(msg->type, msg->method, copy_json(msg->params),
                      copy_json(msg->result), copy_json(msg->error),
                      copy_json(msg->id));
}

/* Frees 'msg' (which may be NULL) and drops its references. */
void
jsonrpc_msg_destroy(struct jsonrpc_msg *msg)
{
    if (msg) {
        free(msg->method);
        json_decref(msg->params);
        json_decref(msg->result);
        json_decref(msg->error);
        json_decref(msg->id);
        free(msg);
    }
}

static bool
is_present(const json_t *json)
{
    return json && !json_is_null(json);
}

/* Checks that 'msg' has exactly the members its type calls for.  Returns
 * NULL if so, otherwise an error message for the caller to free. */
char *
jsonrpc_msg_is_valid(const struct jsonrpc_msg *msg)
{
    /* Which members each type must have (1) or must not have (0). */
    static const bool rules[4][5] = {
        /*                 method params result error id */
        [JSONRPC_REQUEST] = { 1,     1,     0,     0,    1 },
        [JSONRPC_NOTIFY]  = { 1,     1,     0,     0,    0 },
        [JSONRPC_REPLY]   = { 0,     0,     1,     0,    1 },
        [JSONRPC_ERROR]   = { 0,     0,     0,     1,    1 },
    };
    static const char *const names[5] = {
        "method", "params", "result", "error", "id"
    };

    if ((unsigned int) msg->type >= ARRAY_SIZE(rules)) {
        return xasprintf("invalid message type %d", (int) msg->type);
    }
    if (msg->params && !json_is_array(msg->params)) {
        return xstrdup("\"params\" must be a JSON array");
    }

    /* A reply's result may be null, so for "result" only absence counts. */
    bool has[5] = {
        msg->method != NULL,
        msg->params != NULL,
        msg->result != NULL,
        is_present(msg->error),
        is_present(msg->id),
    };
    for (int i = 0; i < 5; i++) {
        bool must = rules[msg->type][i];
        if (has[i] != must) {
            return xasprintf("%s must %shave \"%s\"",
                             jsonrpc_msg_type_to_string(msg->type),
                             must ? "" : "not ", names[i]);
        }
    }
    return NULL;
}

/* Returns how many bytes of 's' (at most QUOTE_MAX) to quote so that the
 * quote ends on a UTF-8 character boundary. */
static int
quote_length(const char *s)
{
    size_t n = strlen(s);
    if (n <= QUOTE_MAX) {
        return n;
    }
    n = QUOTE_MAX;
    while (n > 0 && ((unsigned char) s[n] & 0xc0) == 0x80) {
        n--;
    }
    return n;
}

/* Checks that 'json' has no members besides the JSON-RPC ones.  Returns
 * NULL or an error message. */
static char *
check_members(const json_t *json)
{
    static const char *const known[] = {
        "method", "params", "result", "error", "id"
    };
    const char *key;
    json_t *value;

    json_object_foreach ((json_t *) json, key, value) {
        size_t i;
        for (i = 0; i < ARRAY_SIZE(known); i++) {
            if (!strcmp(key, known[i])) {
                break;
            }
        }
        if (i == ARRAY_SIZE(known)) {
            int len = quote_length(key);
            return xasprintf("message has unexpected member \"%.*s\"%s",
                             len, key, key[len] ? "..." : "");
        }
    }
    return NULL;
}

static json_t *
get_present(const json_t *json, const char *name)
{
    json_t *value = json_object_get(json, name);
    return is_present(value) ? json_incref(value) : NULL;
}

/* Builds a message from 'json' (whose reference is stolen).  On success
 * returns NULL and stores the message in '*msgp'; otherwise returns an
 * error message (caller frees) and stores NULL.
 *
 * A null member counts as absent, except that a "result" member, even
 * null, makes the message a reply (unless a non-null "error" makes it an
 * error). */
char *
jsonrpc_msg_from_json(json_t *json, struct jsonrpc_msg **msgp)
{
    char *error;

    *msgp = NULL;
    if (!json_is_object(json)) {
        json_decref(json);
        return xstrdup("message is not a JSON object");
    }

    error = check_members(json);
    if (error) {
        json_decref(json);
        return error;
    }

    json_t *method = json_object_get(json, "method");
    if (is_present(method) && !json_is_string(method)) {
        json_decref(json);
        return xstrdup("\"method\" is not a JSON string");
    }

    json_t *result = json_object_get(json, "result");
    json_t *err = get_present(json, "error");
    json_t *id = get_present(json, "id");
    enum jsonrpc_msg_type type = (err ? JSONRPC_ERROR
                                  : result ? JSONRPC_REPLY
                                  : id ? JSONRPC_REQUEST
                                  : JSONRPC_NOTIFY);
    if (type == JSONRPC_ERROR) {
        result = is_present(result) ? result : NULL;
    }
    struct jsonrpc_msg *msg = msg_create(
        type, is_present(method) ? json_string_value(method) : NULL,
        get_present(json, "params"), result ? json_incref(result) : NULL,
        err, id);
    json_decref(json);

    error = jsonrpc_msg_is_valid(msg);
    if (error) {
        jsonrpc_msg_destroy(msg);
        return error;
    }
    *msgp = msg;
    return NULL;
}

static void
object_set(json_t *object, const char *name, json_t *value)
{
    /* Only allocation failure can make jansson refuse here. */
    osw_assert(value && !json_object_set_new(object, name, value));
}

static json_t *
ref_or_null(const json_t *json)
{
    return json ? json_ref(json) : json_null();
}

/* Returns the JSON form of 'msg', which keeps its references. */
static json_t *
msg_to_json(const struct jsonrpc_msg *msg)
{
    json_t *json = json_object();
    osw_assert(json);

    switch (msg->type) {
    case JSONRPC_REQUEST:
    case JSONRPC_NOTIFY:
        object_set(json, "method", json_string(msg->method ? msg->method
                                               : ""));
        object_set(json, "params", ref_or_null(msg->params));
        break;
    case JSONRPC_REPLY:
        object_set(json, "result", ref_or_null(msg->result));
        object_set(json, "error", json_null());
        break;
    case JSONRPC_ERROR:
        object_set(json, "result", json_null());
        object_set(json, "error", ref_or_null(msg->error));
        break;
    }
    object_set(json, "id", (msg->type == JSONRPC_NOTIFY ? json_null()
                            : ref_or_null(msg->id)));
    return json;
}

/* Returns the JSON form of 'msg' (a new reference) and destroys 'msg'. */
json_t *
jsonrpc_msg_to_json(struct jsonrpc_msg *msg)
{
    json_t *json = msg_to_json(msg);
    jsonrpc_msg_destroy(msg);
    return json;
}

/* Returns 'msg' as compact JSON text, which the caller frees. */
char *
jsonrpc_msg_to_string(const struct jsonrpc_msg *msg)
{
    json_t *json = msg_to_json(msg);
    char *s = json_dumps(json, JSON_COMPACT);
    json_decref(json);

    /* Only allocation failure makes jansson fail to serialize a message
     * built from parsed JSON. */
    osw_assert(s);
    return s;
}

/* Connections. */

struct jsonrpc {
    struct stream *stream;      /* NULL once the connection died. */
    char *name;
    int status;                 /* 0, or what killed the connection. */

    /* Input. */
    struct json_parser *parser;
    char input[JSONRPC_INPUT_SIZE];
    size_t input_ofs;           /* First unparsed byte in 'input'. */
    size_t input_len;           /* Bytes in 'input'. */
    unsigned long long int received_bytes;

    /* Output: ofpbufs of serialized messages, oldest first. */
    struct osw_list output;
    size_t backlog;             /* Bytes in 'output'. */
};

static void jsonrpc_error(struct jsonrpc *, int error);

/* Starts a JSON-RPC connection on 'stream', which must be connected (or
 * connecting) and which the connection owns from now on. */
struct jsonrpc *
jsonrpc_open(struct stream *stream)
{
    osw_assert(stream);

    struct jsonrpc *rpc = xzalloc(sizeof *rpc);
    rpc->stream = stream;
    rpc->name = xstrdup(stream_get_name(stream));
    rpc->parser = json_parser_create();
    osw_list_init(&rpc->output);
    return rpc;
}

static void
flush_output(struct jsonrpc *rpc)
{
    struct ofpbuf *buf;
    OSW_LIST_FOR_EACH_POP (buf, list_node, &rpc->output) {
        ofpbuf_delete(buf);
    }
    rpc->backlog = 0;
}

/* Releases everything but the name and status. */
static void
jsonrpc_cleanup(struct jsonrpc *rpc)
{
    stream_close(rpc->stream);
    rpc->stream = NULL;
    json_parser_destroy(rpc->parser);
    rpc->parser = NULL;
    flush_output(rpc);
}

/* Closes 'rpc' (which may be NULL) and its stream, discarding unsent
 * output. */
void
jsonrpc_close(struct jsonrpc *rpc)
{
    if (rpc) {
        jsonrpc_cleanup(rpc);
        free(rpc->name);
        free(rpc);
    }
}

/* Marks 'rpc' dead with 'error' (the first error wins) and frees its
 * stream and buffers. */
static void
jsonrpc_error(struct jsonrpc *rpc, int error)
{
    osw_assert(error);
    if (!rpc->status) {
        rpc->status = error;
        jsonrpc_cleanup(rpc);
    }
}

/* Sends as much queued output as the stream takes without blocking. */
void
jsonrpc_run(struct jsonrpc *rpc)
{
    if (rpc->status) {
        return;
    }

    stream_run(rpc->stream);
    while (!osw_list_is_empty(&rpc->output)) {
        struct ofpbuf *buf = CONTAINER_OF(osw_list_front(&rpc->output),
                                          struct ofpbuf, list_node);
        int retval = stream_send(rpc->stream, buf->data, buf->size);
        if (retval > 0) {
            rpc->backlog -= retval;
            ofpbuf_pull(buf, retval);
            if (!buf->size) {
                osw_list_remove(&buf->list_node);
                ofpbuf_delete(buf);
            }
        } else {
            if (retval < 0 && retval != -EAGAIN) {
                VLOG_WARN_RL(&rl, "%s: send error: %s",
                             rpc->name, osw_strerror(-retval));
                jsonrpc_error(rpc, -retval);
            }
            break;
        }
    }
}

/* Makes the poll loop wake when jsonrpc_run() can make progress. */
void
jsonrpc_wait(struct jsonrpc *rpc)
{
    if (!rpc->status) {
        stream_run_wait(rpc->stream);
        if (!osw_list_is_empty(&rpc->output)) {
            stream_send_wait(rpc->stream);
        }
    }
}

/* Returns 0 while the connection is healthy, otherwise the error that
 * ended it (EOF if the peer closed it cleanly). */
int
jsonrpc_get_status(const struct jsonrpc *rpc)
{
    return rpc->status;
}

/* Returns the number of bytes queued but not yet sent. */
size_t
jsonrpc_get_backlog(const struct jsonrpc *rpc)
{
    return rpc->backlog;
}

/* Returns the stream's name. */
const char *
jsonrpc_get_name(const struct jsonrpc *rpc)
{
    return rpc->name;
}

/* Returns the number of bytes received since the connection opened. */
unsigned long long int
jsonrpc_get_received_bytes(const struct jsonrpc *rpc)
{
    return rpc->received_bytes;
}

/* Compact JSON writer (see jsonrpc_dump_compact()). */

struct json_writer {
    json_dump_callback_t cb;
    void *aux;
    int error;                  /* 0, or -1 once 'cb' failed. */
    size_t n;                   /* Bytes in 'buf'. */
    char buf[4096];
};

static void
writer_flush(struct json_writer *w)
{
    if (w->n && !w->error && w->cb(w->buf, w->n, w->aux)) {
        w->error = -1;
    }
    w->n = 0;
}

static void
writer_put(struct json_writer *w, const char *data, size_t n)
{
    if (n > sizeof w->buf - w->n) {
        writer_flush(w);
        if (n >= sizeof w->buf) {
            if (!w->error && w->cb(data, n, w->aux)) {
                w->error = -1;
            }
            return;
        }
    }
    memcpy(&w->buf[w->n], data, n);
    w->n += n;
}

static void
writer_putc(struct json_writer *w, char c)
{
    if (w->n >= sizeof w->buf) {
        writer_flush(w);
    }
    w->buf[w->n++] = c;
}

/* jansson's escapes: the two-character forms where JSON has them, \u00XX
 * (uppercase hex) for the other control characters, nothing else. */
static void
writer_put_string(struct json_writer *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t start = 0;

    writer_putc(w, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }

        writer_put(w, &s[start], i - start);
        start = i + 1;

        char esc[6] = { '\\', 0 };
        size_t len = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(&esc[1], "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 0xf];
            len = 6;
            break;
        }
        writer_put(w, esc, len);
    }
    writer_put(w, &s[start], n - start);
    writer_putc(w, '"');
}

static void
writer_put_integer(struct json_writer *w, json_int_t value)
{
    /* Through unsigned arithmetic, so that the most negative value works. */
    unsigned long long int u = value;
    char digits[24];
    size_t i = sizeof digits;

    if (value < 0) {
        u = -u;
    }
    do {
        digits[--i] = '0' + u % 10;
        u /= 10;
    } while (u);
    if (value < 0) {
        digits[--i] = '-';
    }
    writer_put(w, &digits[i], sizeof digits - i);
}

static int
writer_forward(const char *data, size_t n, void *w_)
{
    struct json_writer *w = w_;
    writer_put(w, data, n);
    return w->error;
}

static void
writer_put_value(struct json_writer *w, const json_t *json)
{
    switch (json_typeof(json)) {
    case JSON_OBJECT: {
        json_t *object = CONST_CAST(json_t *, json);
        bool first = true;

        /* In insertion order, as jansson (since 2.8) writes objects. */
        writer_putc(w, '{');
        for (void *it = json_object_iter(object); it;
             it = json_object_iter_next(object, it)) {
            if (!first) {
                writer_putc(w, ',');
            }
            first = false;
            writer_put_string(w, json_object_iter_key(it),
                              json_object_iter_key_len(it));
            writer_putc(w, ':');
            writer_put_value(w, json_object_iter_value(it));
        }
        writer_putc(w, '}');
        break;
    }
    case JSON_ARRAY: {
        size_t n = json_array_size(json);

        writer_putc(w, '[');
        for (size_t i = 0; i < n; i++) {
            if (i) {
                writer_putc(w, ',');
            }
            writer_put_value(w, json_array_get(json, i));
        }
        writer_putc(w, ']');
        break;
    }
    case JSON_STRING:
        writer_put_string(w, json_string_value(json),
                          json_string_length(json));
        break;
    case JSON_INTEGER:
        writer_put_integer(w, json_integer_value(json));
        break;
    case JSON_REAL:
        /* Rare in OVSDB, and jansson's exact output ("%.17g", trimmed
         * exponent, ".0" added) is not worth repeating here. */
        if (json_dump_callback(json, writer_forward, w,
                               JSON_COMPACT | JSON_ENCODE_ANY)) {
            w->error = -1;
        }
        break;
    case JSON_TRUE:
        writer_put(w, "true", 4);
        break;
    case JSON_FALSE:
        writer_put(w, "false", 5);
        break;
    case JSON_NULL:
    default:
        writer_put(w, "null", 4);
        break;
    }
}

/* Writes 'json' in compact form through 'cb'; see the header. */
int
jsonrpc_dump_compact(const json_t *json, json_dump_callback_t cb, void *aux)
{
    if (!json_is_object(json) && !json_is_array(json)) {
        return -1;
    }

    struct json_writer *w = xmalloc(sizeof *w);
    w->cb = cb;
    w->aux = aux;
    w->error = 0;
    w->n = 0;
    writer_put_value(w, json);
    writer_flush(w);

    int error = w->error;
    free(w);
    return error;
}

static int
dump_to_ofpbuf(const char *buffer, size_t size, void *buf_)
{
    ofpbuf_put(buf_, buffer, size);
    return 0;
}

static void
log_msg(const struct jsonrpc *rpc, const char *verb,
        const struct jsonrpc_msg *msg)
{
    if (VLOG_IS_DBG_ENABLED()) {
        char *s = jsonrpc_msg_to_string(msg);
        VLOG_DBG("%s: %s %s: %s", rpc->name, verb,
                 jsonrpc_msg_type_to_string(msg->type), s);
        free(s);
    }
}

/* Queues 'msg' for sending, taking ownership of it, and starts sending.
 * Never blocks.  Returns 0, the connection's error if it is dead, or
 * EINVAL if 'msg' cannot be serialized (the connection stays up). */
int
jsonrpc_send(struct jsonrpc *rpc, struct jsonrpc_msg *msg)
{
    if (rpc->status) {
        jsonrpc_msg_destroy(msg);
        return rpc->status;
    }

    log_msg(rpc, "send", msg);
    json_t *json = jsonrpc_msg_to_json(msg);
    struct ofpbuf *buf = ofpbuf_new(256);
    int retval = jsonrpc_dump_compact(json, dump_to_ofpbuf, buf);
    json_decref(json);
    if (retval || !buf->size) {
        VLOG_WARN_RL(&rl, "%s: message could not be serialized", rpc->name);
        ofpbuf_delete(buf);
        return EINVAL;
    }

    bool was_empty = osw_list_is_empty(&rpc->output);
    osw_list_push_back(&rpc->output, &buf->list_node);
    rpc->backlog += buf->size;
    if (was_empty) {
        jsonrpc_run(rpc);
    }
    return rpc->status;
}

/* Reads more input into the empty input buffer.  Returns 0 or the
 * connection's new status (EAGAIN if nothing is available). */
static int
fill_input(struct jsonrpc *rpc)
{
    int retval = stream_recv(rpc->stream, rpc->input, sizeof rpc->input);
    if (retval > 0) {
        rpc->input_ofs = 0;
        rpc->input_len = retval;
        rpc->received_bytes += retval;
        return 0;
    } else if (retval == -EAGAIN) {
        return EAGAIN;
    } else if (retval < 0) {
        VLOG_WARN_RL(&rl, "%s: receive error: %s",
                     rpc->name, osw_strerror(-retval));
        jsonrpc_error(rpc, -retval);
    } else if (json_parser_has_partial(rpc->parser)) {
        VLOG_WARN_RL(&rl, "%s: connection closed in the middle of a "
                     "message", rpc->name);
        jsonrpc_error(rpc, EPROTO);
    } else {
        jsonrpc_error(rpc, EOF);
    }
    return rpc->status;
}

/* Turns the value the parser completed into a message.  Returns 0 and
 * stores the message in '*msgp', or kills the connection and returns
 * EPROTO. */
static int
take_message(struct jsonrpc *rpc, struct jsonrpc_msg **msgp)
{
    char *error;
    json_t *json = json_parser_finish(rpc->parser, &error);
    if (!json) {
        VLOG_WARN_RL(&rl, "%s: error parsing stream: %s", rpc->name, error);
        free(error);
        jsonrpc_error(rpc, EPROTO);
        return EPROTO;
    }

    error = jsonrpc_msg_from_json(json, msgp);
    if (error) {
        VLOG_WARN_RL(&rl, "%s: received bad JSON-RPC message: %s",
                     rpc->name, error);
        free(error);
        jsonrpc_error(rpc, EPROTO);
        return EPROTO;
    }
    log_msg(rpc, "received", *msgp);
    return 0;
}

/* Stores the next complete message in '*msgp' (which the caller then
 * owns) and returns 0.  Otherwise stores NULL and returns EAGAIN if no
 * message is complete yet, or the connection's error. */
int
jsonrpc_recv(struct jsonrpc *rpc, struct jsonrpc_msg **msgp)
{
    *msgp = NULL;
    if (rpc->status) {
        return rpc->status;
    }

    for (int i = 0; i < JSONRPC_RECV_BATCH; i++) {
        if (rpc->input_ofs >= rpc->input_len) {
            int error = fill_input(rpc);
            if (error) {
                return error;
            }
        }

        size_t n = json_parser_feed(rpc->parser,
                                    rpc->input + rpc->input_ofs,
                                    rpc->input_len - rpc->input_ofs);
        rpc->input_ofs += n;
        if (json_parser_is_done(rpc->parser)) {
            return take_message(rpc, msgp);
        }
    }
    return EAGAIN;
}

/* Makes the poll loop wake when jsonrpc_recv() may have something. */
void
jsonrpc_recv_wait(struct jsonrpc *rpc)
{
    if (rpc->status || rpc->input_ofs < rpc->input_len) {
        poll_immediate_wake();
    } else {
        stream_recv_wait(rpc->stream);
    }
}

/* Sends 'msg' (taking ownership) and waits until all queued output is
 * sent or the connection fails.  Returns 0 or an error. */
int
jsonrpc_send_block(struct jsonrpc *rpc, struct jsonrpc_msg *msg)
{
    int error = jsonrpc_send(rpc, msg);
    if (error) {
        return error;
    }

    for (;;) {
        jsonrpc_run(rpc);
        if (osw_list_is_empty(&rpc->output) || rpc->status) {
            return rpc->status;
        }
        jsonrpc_wait(rpc);
        poll_block();
    }
}

/* Waits for the next message and stores it in '*msgp'.  Returns 0, or an
 * error with NULL in '*msgp'. */
int
jsonrpc_recv_block(struct jsonrpc *rpc, struct jsonrpc_msg **msgp)
{
    for (;;) {
        int error = jsonrpc_recv(rpc, msgp);
        if (error != EAGAIN) {
            return error;
        }
        jsonrpc_run(rpc);
        jsonrpc_wait(rpc);
        jsonrpc_recv_wait(rpc);
        poll_block();
    }
}

static bool
is_echo_request(const struct jsonrpc_msg *msg)
{
    return (msg->type == JSONRPC_REQUEST && msg->method
            && !strcmp(msg->method, "echo"));
}

/* Sends 'request' (taking ownership) and waits for the reply or error with
 * the same id, which it stores in '*replyp'.  Meanwhile answers "echo"
 * requests and discards every other message.  Returns 0, or an error with
 * NULL in '*replyp'. */
int
jsonrpc_transact_block(struct jsonrpc *rpc, struct jsonrpc_msg *request,
                       struct jsonrpc_msg **replyp)
{
    *replyp = NULL;
    if (!is_present(request->id)) {
        /* No reply could ever match. */
        jsonrpc_msg_destroy(request);
        return EINVAL;
    }

    json_t *id = json_ref(request->id);
    int error = jsonrpc_send_block(rpc, request);
    while (!error) {
        struct jsonrpc_msg *msg;
        error = jsonrpc_recv_block(rpc, &msg);
        if (error) {
            break;
        }
        if ((msg->type == JSONRPC_REPLY || msg->type == JSONRPC_ERROR)
            && json_equal(msg->id, id)) {
            *replyp = msg;
            break;
        }
        if (is_echo_request(msg)) {
            error = jsonrpc_send(rpc, jsonrpc_create_reply(
                                     json_ref(msg->params), msg->id));
        }
        jsonrpc_msg_destroy(msg);
    }
    json_decref(id);
    return error;
}
