/* stream: byte-stream connections (unix, tcp, ssl) and listeners.
 *
 * An active stream is named "TYPE:ARGS":
 *   unix:PATH             a Unix domain socket
 *   tcp:HOST[:PORT]       TCP; HOST is an IPv4 address, a bracketed IPv6
 *                         address ("tcp:[::1]:6640") or a host name
 *   ssl:HOST[:PORT]       TLS over TCP, configured by stream_ssl_set_*()
 * A passive stream (listener) is named:
 *   punix:PATH            listen on a Unix socket (removes a stale file)
 *   ptcp:[PORT][:IP]      listen on TCP; IP defaults to 0.0.0.0, "[::]"
 *                         listens on IPv6; port 0 picks a free port
 *   pssl:[PORT][:IP]      as ptcp, with TLS
 * The _with_default_port() variants fill in a PORT left out of the name
 * (6640 for OVSDB, 6653 for OpenFlow); without a default, a missing port is
 * an error.
 *
 * Everything is non-blocking and fits the poll loop (poll-loop.h):
 *   - stream_open() starts connecting; stream_connect() returns 0 once
 *     connected, EAGAIN while in progress, or an error.
 *   - stream_recv() and stream_send() return the number of bytes moved
 *     (stream_recv() returns 0 at end of stream) or a negative errno value,
 *     -EAGAIN when they would block.  stream_send() may send fewer bytes
 *     than asked.
 *   - stream_run() lets a stream make progress on work of its own (an SSL
 *     handshake, buffered ciphertext); call it in every _run(), and
 *     stream_run_wait() in every _wait().
 *   - stream_wait(stream, STREAM_RECV) etc. wake the poll loop when the
 *     corresponding call may succeed.
 *   - pstream_accept() returns 0 and a new connected stream, EAGAIN when
 *     nobody is waiting, or an error.
 *
 * Errors are positive errno values (negative in the byte-count returns, as
 * above).  A stream or pstream is owned by its creator and freed with
 * stream_close() / pstream_close().  Streams are not thread-safe; the SSL
 * configuration functions must be called before any ssl/pssl stream is
 * opened, from the main thread.
 */
#ifndef OSW_STREAM_H
#define OSW_STREAM_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct stream;
struct pstream;

#define OSW_OVSDB_PORT 6640
#define OSW_OFP_PORT 6653

/* Active streams. */
/* Returns 0 if 'name' is a valid active stream name, EAFNOSUPPORT if its
 * type is unknown, EINVAL if its syntax is bad.  Nothing is resolved or
 * opened, and a missing port is accepted (a default port may fill it). */
int stream_verify_name(const char *name);
/* Returns 0 and a new stream (possibly still connecting) in '*streamp', or
 * a positive errno value and NULL.  'dscp' (0 to 63) marks the packets of
 * tcp and ssl streams. */
int stream_open(const char *name, struct stream **, uint8_t dscp);
int stream_open_with_default_port(const char *name, uint16_t default_port,
                                  struct stream **, uint8_t dscp);
/* Waits (blocking, up to 'timeout' ms or forever if negative) for a stream
 * just opened to connect.  'error' is stream_open()'s result; on failure
 * closes the stream and sets '*streamp' to NULL.  Returns 0 or errno. */
int stream_open_block(int error, long long int timeout, struct stream **);
void stream_close(struct stream *);
const char *stream_get_name(const struct stream *);
int stream_connect(struct stream *);
int stream_recv(struct stream *, void *buffer, size_t n);
int stream_send(struct stream *, const void *buffer, size_t n);
void stream_run(struct stream *);
void stream_run_wait(struct stream *);

enum stream_wait_type {
    STREAM_CONNECT,
    STREAM_RECV,
    STREAM_SEND
};
void stream_wait(struct stream *, enum stream_wait_type);
void stream_connect_wait(struct stream *);
void stream_recv_wait(struct stream *);
void stream_send_wait(struct stream *);

/* For SSL streams, the peer certificate's subject common name once
 * connected; NULL otherwise.  Owned by the stream. */
const char *stream_get_peer_id(const struct stream *);

/* Passive streams. */
/* As stream_verify_name(), for passive names ("ptcp:" alone is valid). */
int pstream_verify_name(const char *name);
int pstream_open(const char *name, struct pstream **, uint8_t dscp);
int pstream_open_with_default_port(const char *name, uint16_t default_port,
                                   struct pstream **, uint8_t dscp);
const char *pstream_get_name(const struct pstream *);
void pstream_close(struct pstream *);
int pstream_accept(struct pstream *, struct stream **);
void pstream_wait(struct pstream *);
/* The TCP port a ptcp/pssl pstream listens on (useful after port 0), or 0
 * for other kinds. */
uint16_t pstream_get_bound_port(const struct pstream *);

/* True if 'name' is of a type that connects out over the network
 * ("tcp", "ssl") rather than locally. */
bool stream_or_pstream_needs_probes(const char *name);

/* SSL configuration, shared by every ssl: and pssl: stream.  Files are
 * PEM.  Changing a file name reloads it for streams opened afterwards. */
void stream_ssl_set_private_key_file(const char *file_name);
void stream_ssl_set_certificate_file(const char *file_name);
/* 'bootstrap': if the CA certificate file does not exist yet, trust the
 * peer's CA on the first connection and save it to 'file_name' (as
 * Open vSwitch's --bootstrap-ca-cert). */
void stream_ssl_set_ca_cert_file(const char *file_name, bool bootstrap);
/* Extra CA certificate sent to peers with ours (--peer-ca-cert). */
void stream_ssl_set_peer_ca_cert_file(const char *file_name);
/* "TLSv1.2,TLSv1.3" and OpenSSL cipher strings. */
void stream_ssl_set_protocols(const char *protocols);
void stream_ssl_set_ciphers(const char *ciphers);
/* True once a private key, certificate and CA certificate are set. */
bool stream_ssl_is_configured(void);

/* Command-line options for SSL, for programs that take them:
 *   -p, --private-key=FILE  -c, --certificate=FILE  -C, --ca-cert=FILE
 *   --bootstrap-ca-cert=FILE  --peer-ca-cert=FILE
 *   --ssl-protocols=LIST  --ssl-ciphers=LIST */
enum {
    STREAM_SSL_OPTION_BASE = 4200,
    OPT_BOOTSTRAP_CA_CERT,
    OPT_PEER_CA_CERT,
    OPT_SSL_PROTOCOLS,
    OPT_SSL_CIPHERS,
};
#define STREAM_SSL_LONG_OPTIONS                                         \
    {"private-key", required_argument, NULL, 'p'},                      \
    {"certificate", required_argument, NULL, 'c'},                      \
    {"ca-cert", required_argument, NULL, 'C'},                          \
    {"bootstrap-ca-cert", required_argument, NULL, OPT_BOOTSTRAP_CA_CERT}, \
    {"peer-ca-cert", required_argument, NULL, OPT_PEER_CA_CERT},        \
    {"ssl-protocols", required_argument, NULL, OPT_SSL_PROTOCOLS},      \
    {"ssl-ciphers", required_argument, NULL, OPT_SSL_CIPHERS}
#define STREAM_SSL_OPTION_HANDLERS                                      \
    case 'p':                                                           \
        stream_ssl_set_private_key_file(optarg);                        \
        break;                                                          \
    case 'c':                                                           \
        stream_ssl_set_certificate_file(optarg);                        \
        break;                                                          \
    case 'C':                                                           \
        stream_ssl_set_ca_cert_file(optarg, false);                     \
        break;                                                          \
    case OPT_BOOTSTRAP_CA_CERT:                                         \
        stream_ssl_set_ca_cert_file(optarg, true);                      \
        break;                                                          \
    case OPT_PEER_CA_CERT:                                              \
        stream_ssl_set_peer_ca_cert_file(optarg);                       \
        break;                                                          \
    case OPT_SSL_PROTOCOLS:                                             \
        stream_ssl_set_protocols(optarg);                               \
        break;                                                          \
    case OPT_SSL_CIPHERS:                                               \
        stream_ssl_set_ciphers(optarg);                                 \
        break;
void stream_usage(const char *name, bool active, bool passive,
                  bool bootstrap);

#endif /* stream.h */
