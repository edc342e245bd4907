/* jsonrpc: JSON-RPC 1.0 messages over streams, as RFC 7047 and
 * Open vSwitch use them.
 *
 * Four layers:
 *
 * 1. 'struct jsonrpc_msg': one request, notification, reply or error.
 *    JSON values are jansson's json_t; a message owns one reference to each
 *    of its non-NULL members and jsonrpc_msg_destroy() drops them.
 *    Constructors take ownership of the references passed in.
 *
 * 2. 'struct json_parser' frames a byte stream into JSON texts: JSON-RPC
 *    sends objects back to back with no length prefix, so the reader must
 *    find where each value ends.  It accepts at most JSONRPC_MAX_MSG_SIZE
 *    bytes per message, so a peer cannot make us buffer without bound.
 *
 * 3. 'struct jsonrpc': a connection on an open stream.  jsonrpc_send()
 *    queues a message (never blocks); jsonrpc_run() pushes queued bytes
 *    out; jsonrpc_recv() returns the next complete message.  After any
 *    error (I/O, EOF, a malformed message) the connection is dead: every
 *    later call returns that error, and jsonrpc_get_status() reports it.
 *    The backlog of unsent bytes is visible (jsonrpc_get_backlog()) so a
 *    server can drop clients that do not read.
 *
 * 4. 'struct jsonrpc_session': a connection that reconnects by itself with
 *    exponential backoff (reconnect.h), answers "echo" requests, and sends
 *    "echo" probes when the peer is quiet; or, for a passive name
 *    ("ptcp:", "punix:"), accepts one connection at a time.
 *
 * None of this is thread-safe: each object belongs to one thread.
 */
#ifndef OSW_JSONRPC_H
#define OSW_JSONRPC_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds;
struct pstream;
struct reconnect_stats;
struct stream;

/* Largest message a reader accepts, in bytes. */
#define JSONRPC_MAX_MSG_SIZE (64 * 1024 * 1024)

/* Messages. */
enum jsonrpc_msg_type {
    JSONRPC_REQUEST,      /* Request: method, params, id. */
    JSONRPC_NOTIFY,       /* Notification: method, params, null id. */
    JSONRPC_REPLY,        /* Success: result, null error, id. */
    JSONRPC_ERROR         /* Failure: null result, error, id. */
};

struct jsonrpc_msg {
    enum jsonrpc_msg_type type;
    char *method;       /* Request or notification only. */
    json_t *params;     /* Request or notification only: an array. */
    json_t *result;     /* Reply only. */
    json_t *error;      /* Error only. */
    json_t *id;         /* Request, reply or error. */
};

const char *jsonrpc_msg_type_to_string(enum jsonrpc_msg_type);

/* Creates a request with a fresh integer id (copied into '*idp' with a new
 * reference if 'idp' is nonnull). */
struct jsonrpc_msg *jsonrpc_create_request(const char *method, json_t *params,
                                           json_t **idp);
struct jsonrpc_msg *jsonrpc_create_notify(const char *method, json_t *params);
/* 'id' is borrowed (a reference is taken). */
struct jsonrpc_msg *jsonrpc_create_reply(json_t *result, const json_t *id);
struct jsonrpc_msg *jsonrpc_create_error(json_t *error, const json_t *id);
struct jsonrpc_msg *jsonrpc_msg_clone(const struct jsonrpc_msg *);
void jsonrpc_msg_destroy(struct jsonrpc_msg *);

/* Returns NULL if 'msg' is well-formed for its type, otherwise an error
 * message that the caller frees. */
char *jsonrpc_msg_is_valid(const struct jsonrpc_msg *);
/* Converts 'json' (reference stolen) into a message.  Returns NULL and
 * stores the message in '*msgp', or returns an error string (caller frees)
 * and stores NULL. */
char *jsonrpc_msg_from_json(json_t *json, struct jsonrpc_msg **msgp);
/* Returns the JSON form of 'msg' (new reference), destroying 'msg'. */
json_t *jsonrpc_msg_to_json(struct jsonrpc_msg *);
/* Returns 'msg' as compact JSON text.  Caller frees. */
char *jsonrpc_msg_to_string(const struct jsonrpc_msg *);

/* Framing: splits a byte stream into JSON texts. */
/* Serializes 'json' (an array or object) exactly as json_dump_callback(json,
 * 'cb', 'aux', JSON_COMPACT) would, passing the text to 'cb' in pieces of
 * up to a few kB.  Returns 0, or -1 if 'json' is not an array or object or
 * 'cb' failed.  Several times faster than jansson's writer, which calls
 * 'cb' once per token and formats every integer with snprintf(); JSON-RPC
 * messages and database log records are written with it.  Strings are
 * copied as they are: jansson's checked constructors (json_string() and
 * the parser) already guarantee valid UTF-8. */
int jsonrpc_dump_compact(const json_t *json, json_dump_callback_t cb,
                         void *aux);

struct json_parser;
struct json_parser *json_parser_create(void);
/* Consumes up to 'n' bytes of 'data', stopping after the first byte that
 * completes a JSON value (or at an error).  Returns the number of bytes
 * consumed.  (A top-level number or literal, no JSON-RPC message but still
 * delimited, ends before the byte that ends it, which is left unconsumed;
 * at the end of input json_parser_finish() takes it as complete.)
 * Objects and arrays nest at most 1000 deep; a deeper or longer value, a
 * byte that cannot start a value, and invalid JSON, UTF-8 or "\u0000" are
 * errors that json_parser_finish() reports with their stream offset. */
size_t json_parser_feed(struct json_parser *, const char *data, size_t n);
/* True once a complete value (or an error) is ready to take. */
bool json_parser_is_done(const struct json_parser *);
/* Takes the completed value: returns a new json_t reference and resets the
 * parser for the next value, or returns NULL and stores an error message
 * (caller frees) in '*errorp' if the text was not valid JSON. */
json_t *json_parser_finish(struct json_parser *, char **errorp);
/* True if the parser holds part of a value (for detecting truncation at
 * end of stream). */
bool json_parser_has_partial(const struct json_parser *);
void json_parser_destroy(struct json_parser *);

/* Connections. */
struct jsonrpc *jsonrpc_open(struct stream *);  /* Takes ownership. */
void jsonrpc_close(struct jsonrpc *);
void jsonrpc_run(struct jsonrpc *);
void jsonrpc_wait(struct jsonrpc *);
/* Returns 0 while healthy, or the error that killed the connection (EOF
 * for a clean close by the peer). */
int jsonrpc_get_status(const struct jsonrpc *);
/* Bytes queued but not yet sent. */
size_t jsonrpc_get_backlog(const struct jsonrpc *);
const char *jsonrpc_get_name(const struct jsonrpc *);
/* Total bytes received so far, complete messages or not: a change shows
 * that the peer is alive even while a large message is still arriving. */
unsigned long long int jsonrpc_get_received_bytes(const struct jsonrpc *);

/* Queues 'msg' (taking ownership).  Returns 0 or the connection's error. */
int jsonrpc_send(struct jsonrpc *, struct jsonrpc_msg *);
/* Stores the next received message in '*msgp' and returns 0; returns
 * EAGAIN if none is complete yet, or the connection's error. */
int jsonrpc_recv(struct jsonrpc *, struct jsonrpc_msg **msgp);
void jsonrpc_recv_wait(struct jsonrpc *);

/* Blocking helpers, for command-line tools. */
int jsonrpc_send_block(struct jsonrpc *, struct jsonrpc_msg *);
int jsonrpc_recv_block(struct jsonrpc *, struct jsonrpc_msg **);
/* Sends 'request' and waits for the reply with its id, discarding other
 * messages (and answering "echo" requests).  Stores the reply or error in
 * '*replyp'. */
int jsonrpc_transact_block(struct jsonrpc *, struct jsonrpc_msg *request,
                           struct jsonrpc_msg **replyp);

/* Sessions: connections that come back. */
struct jsonrpc_session;

/* 'name' is an active or passive stream name.  With 'retry' false, an
 * active session gives up after the first failed connection attempt. */
struct jsonrpc_session *jsonrpc_session_open(const char *name, bool retry);
/* Like jsonrpc_session_open(), with a default port for names that leave
 * it out. */
struct jsonrpc_session *jsonrpc_session_open_with_default_port(
    const char *name, uint16_t default_port, bool retry);
/* Wraps an already connected 'jsonrpc' (e.g. accepted by a server); the
 * session does not reconnect once it drops. */
struct jsonrpc_session *jsonrpc_session_open_unreliably(struct jsonrpc *,
                                                        uint8_t dscp);
void jsonrpc_session_close(struct jsonrpc_session *);

void jsonrpc_session_run(struct jsonrpc_session *);
void jsonrpc_session_wait(struct jsonrpc_session *);
size_t jsonrpc_session_get_backlog(const struct jsonrpc_session *);
const char *jsonrpc_session_get_name(const struct jsonrpc_session *);
int jsonrpc_session_send(struct jsonrpc_session *, struct jsonrpc_msg *);
/* Returns the next message, or NULL.  "echo" requests are answered and
 * "echo" replies swallowed here. */
struct jsonrpc_msg *jsonrpc_session_recv(struct jsonrpc_session *);
void jsonrpc_session_recv_wait(struct jsonrpc_session *);

bool jsonrpc_session_is_alive(const struct jsonrpc_session *);
bool jsonrpc_session_is_connected(const struct jsonrpc_session *);
/* Increments each time a new connection is made: a change tells the client
 * to resend its state (e.g. re-issue monitors). */
unsigned int jsonrpc_session_get_seqno(const struct jsonrpc_session *);
/* The error of the last failed connection attempt or the last drop. */
int jsonrpc_session_get_status(const struct jsonrpc_session *);
int jsonrpc_session_get_last_error(const struct jsonrpc_session *);
void jsonrpc_session_get_reconnect_stats(const struct jsonrpc_session *,
                                         struct reconnect_stats *);
/* Drops the current connection and reconnects (after backoff). */
void jsonrpc_session_force_reconnect(struct jsonrpc_session *);
void jsonrpc_session_enable_reconnect(struct jsonrpc_session *);
void jsonrpc_session_set_max_backoff(struct jsonrpc_session *,
                                     int max_backoff);
/* Sets both bounds of the wait between connection attempts, in ms (see
 * reconnect.h: the first retry waits 'min_backoff', each further failure
 * doubles the wait up to 'max_backoff').  A value <= 0 restores that
 * bound's default (RECONNECT_DEFAULT_MIN_BACKOFF or _MAX_BACKOFF); a
 * maximum below the minimum is raised to it.  1 ms is the shortest wait:
 * tests and fuzzers use it to reconnect at once. */
void jsonrpc_session_set_backoff(struct jsonrpc_session *,
                                 int min_backoff, int max_backoff);
/* 0 disables probes. */
void jsonrpc_session_set_probe_interval(struct jsonrpc_session *,
                                        int probe_interval);
void jsonrpc_session_set_dscp(struct jsonrpc_session *, uint8_t dscp);
/* Bounds the backlog: a connection whose unsent bytes exceed 'max_bytes'
 * is dropped (with a log line).  0: no limit. */
void jsonrpc_session_set_backlog_threshold(struct jsonrpc_session *,
                                           size_t max_bytes);

#endif /* jsonrpc.h */
