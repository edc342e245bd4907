/* Fuzz target for the JSON-RPC reader: framing (json_parser), message
 * validation (jsonrpc_msg_from_json) and serialization.
 *
 * The input is a byte stream as a peer would send it.  It is framed twice,
 * once fed in one piece and once in chunks whose sizes come from the input
 * itself; both must give the same sequence of values and errors, since
 * where a read() happens to split the stream must not matter.  Every valid
 * message is serialized, parsed again and compared with the original: the
 * text we send must mean what we meant.  Any mismatch aborts. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "osw/jsonrpc.h"
#include "osw/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A growing log of what framing produced, for comparing two runs. */
struct log {
    char *s;
    size_t len, allocated;
};

static void
log_add(struct log *log, const char *what, const char *text)
{
    size_t n = strlen(what) + strlen(text) + 2;
    if (log->len + n + 1 > log->allocated) {
        log->allocated = MAX(2 * log->allocated, log->len + n + 1);
        log->s = xrealloc(log->s, log->allocated);
    }
    log->len += sprintf(log->s + log->len, "%s:%s\n", what, text);
}

/* Parses 'text' (one serialized message) back into a message.  Aborts if
 * that fails. */
static struct jsonrpc_msg *
reparse(const char *text)
{
    struct json_parser *p = json_parser_create();
    size_t len = strlen(text);
    if (json_parser_feed(p, text, len) != len || !json_parser_is_done(p)) {
        abort();
    }

    char *error;
    json_t *json = json_parser_finish(p, &error);
    json_parser_destroy(p);
    if (!json) {
        abort();
    }

    struct jsonrpc_msg *msg;
    error = jsonrpc_msg_from_json(json, &msg);
    if (error) {
        abort();
    }
    return msg;
}

/* Checks that 'msg' survives serialization and parsing unchanged. */
static void
check_round_trip(const struct jsonrpc_msg *msg)
{
    char *text = jsonrpc_msg_to_string(msg);
    struct jsonrpc_msg *back = reparse(text);

    char *text2 = jsonrpc_msg_to_string(back);
    if (back->type != msg->type || strcmp(text, text2)) {
        abort();
    }
    json_t *a = jsonrpc_msg_to_json(jsonrpc_msg_clone(msg));
    json_t *b = jsonrpc_msg_to_json(back);
    if (!json_equal(a, b)) {
        abort();
    }
    json_decref(a);
    json_decref(b);
    free(text);
    free(text2);
}

/* Handles one framed value (or framing error) and logs it. */
static void
handle_value(struct json_parser *p, struct log *log)
{
    char *error;
    json_t *json = json_parser_finish(p, &error);
    if (!json) {
        log_add(log, "frame-error", error);
        free(error);
        return;
    }

    char *text = json_dumps(json, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!text) {
        abort();
    }
    log_add(log, "value", text);
    free(text);

    struct jsonrpc_msg *msg;
    error = jsonrpc_msg_from_json(json, &msg);
    if (error) {
        log_add(log, "msg-error", error);
        free(error);
        return;
    }

    char *invalid = jsonrpc_msg_is_valid(msg);
    if (invalid) {
        /* from_json() promised a valid message. */
        abort();
    }
    log_add(log, "msg", jsonrpc_msg_type_to_string(msg->type));
    check_round_trip(msg);
    jsonrpc_msg_destroy(msg);
}

/* Frames 'data' in chunks: 'chunked' false feeds it in one piece, true
 * uses sizes taken from the data.  Logs everything to 'log'. */
static void
frame(const uint8_t *data, size_t size, bool chunked, struct log *log)
{
    struct json_parser *p = json_parser_create();
    size_t ofs = 0;
    size_t k = 0;

    while (ofs < size) {
        size_t chunk = size - ofs;
        if (chunked) {
            size_t want = 1 + data[k++ % size] % 17;
            chunk = MIN(chunk, want);
        }
        size_t used = json_parser_feed(p, (const char *) data + ofs, chunk);
        if (used > chunk) {
            abort();
        }
        ofs += used;
        if (json_parser_is_done(p)) {
            handle_value(p, log);
        } else if (used != chunk) {
            /* The parser may stop early only with a value or error. */
            abort();
        }
    }
    if (json_parser_has_partial(p)) {
        log_add(log, "partial", "");
        handle_value(p, log);
    }
    json_parser_destroy(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct log whole = { NULL, 0, 0 };
    struct log pieces = { NULL, 0, 0 };

    frame(data, size, false, &whole);
    frame(data, size, true, &pieces);
    if (whole.len != pieces.len
        || (whole.len && memcmp(whole.s, pieces.s, whole.len))) {
        abort();
    }
    free(whole.s);
    free(pieces.s);
    return 0;
}
