/* stream: dispatch to the stream classes and the state every stream shares.
 * See osw/stream.h for the API and stream-provider.h for the classes. */
#include <config.h>
#include "osw/stream.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "osw/poll-loop.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "socket-util.h"
#include "stream-provider.h"

VLOG_DEFINE_THIS_MODULE(stream);

static const struct stream_class *const stream_classes[] = {
    &tcp_stream_class,
    &unix_stream_class,
    &ssl_stream_class,
};

static const struct pstream_class *const pstream_classes[] = {
    &ptcp_pstream_class,
    &punix_pstream_class,
    &pssl_pstream_class,
};

/* Returns the length of the "TYPE" in "TYPE:SUFFIX" 'name', or 0 if 'name'
 * has no colon. */
static size_t
prefix_length(const char *name)
{
    size_t len = strcspn(name, ":");
    return name[len] == ':' ? len : 0;
}

/* Finds the class of active stream 'name'.  Returns 0, EINVAL if 'name' is
 * not "TYPE:SUFFIX", or EAFNOSUPPORT for an unknown TYPE. */
static int
stream_lookup_class(const char *name, const struct stream_class **classp)
{
    size_t len = prefix_length(name);

    *classp = NULL;
    if (!len) {
        return EINVAL;
    }
    for (size_t i = 0; i < ARRAY_SIZE(stream_classes); i++) {
        const struct stream_class *class = stream_classes[i];
        if (strlen(class->name) == len && !memcmp(class->name, name, len)) {
            *classp = class;
            return 0;
        }
    }
    return EAFNOSUPPORT;
}

/* Like stream_lookup_class(), for passive streams. */
static int
pstream_lookup_class(const char *name, const struct pstream_class **classp)
{
    size_t len = prefix_length(name);

    *classp = NULL;
    if (!len) {
        return EINVAL;
    }
    for (size_t i = 0; i < ARRAY_SIZE(pstream_classes); i++) {
        const struct pstream_class *class = pstream_classes[i];
        if (strlen(class->name) == len && !memcmp(class->name, name, len)) {
            *classp = class;
            return 0;
        }
    }
    return EAFNOSUPPORT;
}

static int
verify_suffix(const char *suffix, int (*verify)(const char *))
{
    if (!*suffix) {
        return EINVAL;
    }
    return verify ? verify(suffix) : 0;
}

/* Checks that 'name' names an active stream of a known type with valid
 * syntax, without resolving or opening anything.  A missing port is not an
 * error here, since a default port may fill it in.  Returns 0, EINVAL for
 * bad syntax, or EAFNOSUPPORT for an unknown type. */
int
stream_verify_name(const char *name)
{
    const struct stream_class *class;
    int error = stream_lookup_class(name, &class);

    return error ? error : verify_suffix(name + strlen(class->name) + 1,
                                         class->verify);
}

/* Returns 'name' with ":'default_port'" appended if it is a "TYPE:HOST"
 * name without a port.  The caller frees the result. */
static char *
stream_complete_name(const char *name, const char *suffix, bool has_port,
                     uint16_t default_port)
{
    if (has_port && default_port) {
        char *host, *port;
        if (!inet_split_active(suffix, &host, &port)) {
            bool missing = !port;
            free(host);
            free(port);
            if (missing) {
                return xasprintf("%s:%u", name, default_port);
            }
        }
    }
    return xstrdup(name);
}

/* Opens the active stream 'name' ("TYPE:ARGS", see osw/stream.h), using
 * 'default_port' for a tcp: or ssl: name without a port (0: no default,
 * the port is required), with DSCP 'dscp' for network streams.  On success
 * stores the new stream, which may still be connecting, in '*streamp' and
 * returns 0; otherwise returns a positive errno value (EAFNOSUPPORT for an
 * unknown type, EINVAL for bad syntax) and sets '*streamp' to NULL. */
int
stream_open_with_default_port(const char *name, uint16_t default_port,
                              struct stream **streamp, uint8_t dscp)
{
    const struct stream_class *class;
    struct stream *stream = NULL;
    size_t prefix_len;
    char *full_name, *suffix;
    int error;

    *streamp = NULL;
    error = stream_verify_name(name);
    if (error) {
        return error;
    }
    stream_lookup_class(name, &class);
    prefix_len = strlen(class->name) + 1;

    full_name = stream_complete_name(name, name + prefix_len,
                                     class->has_port, default_port);
    suffix = xstrdup(full_name + prefix_len);
    error = class->open(full_name, suffix, &stream, dscp);
    free(suffix);
    free(full_name);
    if (!error) {
        *streamp = stream;
    } else {
        VLOG_DBG("%s: open failed (%s)", name, osw_strerror(error));
    }
    return error;
}

/* Opens active stream 'name' with no default port.  See
 * stream_open_with_default_port(). */
int
stream_open(const char *name, struct stream **streamp, uint8_t dscp)
{
    return stream_open_with_default_port(name, 0, streamp, dscp);
}

/* Blocks until '*streamp', just returned by stream_open() with result
 * 'error', has connected, failed, or 'timeout' milliseconds have passed
 * (a negative 'timeout' waits forever).  Returns 0, or a positive errno
 * value (ETIMEDOUT for the timeout), in which case the stream is closed and
 * '*streamp' set to NULL. */
int
stream_open_block(int error, long long int timeout, struct stream **streamp)
{
    struct stream *stream = *streamp;

    if (!error && !stream) {
        error = EINVAL;
    }
    if (!error) {
        long long int deadline = (timeout < 0 ? TIME_MAX
                                  : time_add_saturating(time_msec(),
                                                        timeout));
        while ((error = stream_connect(stream)) == EAGAIN) {
            if (time_msec() >= deadline) {
                error = ETIMEDOUT;
                break;
            }
            stream_run(stream);
            stream_run_wait(stream);
            stream_connect_wait(stream);
            if (deadline != TIME_MAX) {
                poll_timer_wait_until(deadline);
            }
            poll_block();
        }
    }
    if (error) {
        stream_close(stream);
        *streamp = NULL;
    }
    return error;
}

/* Closes 'stream' and frees it.  Does nothing if 'stream' is NULL. */
void
stream_close(struct stream *stream)
{
    if (stream) {
        stream->class->close(stream);
    }
}

/* Returns the name of 'stream', with any default port filled in.  Owned by
 * the stream. */
const char *
stream_get_name(const struct stream *stream)
{
    return stream->name;
}

/* Tries to complete the connection of 'stream'.  Returns 0 once connected,
 * EAGAIN while connecting is in progress, or the positive errno value that
 * connecting failed with (forever after). */
int
stream_connect(struct stream *stream)
{
    if (stream->state == SCS_CONNECTING) {
        int error = stream->class->connect
                    ? stream->class->connect(stream) : 0;
        if (!error) {
            stream->state = SCS_CONNECTED;
        } else if (error != EAGAIN) {
            /* A class must report a positive errno value, but a stray EOF
             * must not look like success to our callers. */
            stream->error = error > 0 ? error : ECONNRESET;
            stream->state = SCS_DISCONNECTED;
        }
    }
    switch (stream->state) {
    case SCS_CONNECTING:
        return EAGAIN;
    case SCS_CONNECTED:
        return 0;
    case SCS_DISCONNECTED:
    default:
        return stream->error;
    }
}

/* Reads up to 'n' bytes from 'stream' into 'buffer'.  Returns the number
 * of bytes read, 0 at end of stream, -EAGAIN if nothing can be read now
 * (also while still connecting), or another negative errno value. */
int
stream_recv(struct stream *stream, void *buffer, size_t n)
{
    int error = stream_connect(stream);

    if (error) {
        return -error;
    } else if (!n) {
        return 0;
    }
    return stream->class->recv(stream, buffer, MIN(n, INT_MAX));
}

/* Sends up to 'n' bytes of 'buffer' on 'stream'.  Returns the number of
 * bytes sent (possibly fewer than 'n'), -EAGAIN if none can be sent now
 * (also while still connecting), or another negative errno value. */
int
stream_send(struct stream *stream, const void *buffer, size_t n)
{
    int error = stream_connect(stream);

    if (error) {
        return -error;
    } else if (!n) {
        return 0;
    }
    return stream->class->send(stream, buffer, MIN(n, INT_MAX));
}

/* Lets 'stream' do work of its own, such as pushing out buffered data. */
void
stream_run(struct stream *stream)
{
    if (stream->state != SCS_DISCONNECTED && stream->class->run) {
        stream->class->run(stream);
    }
}

/* Makes the poll loop wake when stream_run() has work to do. */
void
stream_run_wait(struct stream *stream)
{
    if (stream->state != SCS_DISCONNECTED && stream->class->run_wait) {
        stream->class->run_wait(stream);
    }
}

/* Makes the poll loop wake when the operation 'type' on 'stream' may make
 * progress.  While the stream is still connecting, any 'type' waits for
 * the connection; a failed stream wakes at once (so the caller sees the
 * error). */
void
stream_wait(struct stream *stream, enum stream_wait_type type)
{
    switch (stream->state) {
    case SCS_CONNECTING:
        type = STREAM_CONNECT;
        break;
    case SCS_CONNECTED:
        if (type == STREAM_CONNECT) {
            poll_immediate_wake();
            return;
        }
        break;
    case SCS_DISCONNECTED:
    default:
        poll_immediate_wake();
        return;
    }
    stream->class->wait(stream, type);
}

/* Shorthand for stream_wait(stream, STREAM_CONNECT). */
void
stream_connect_wait(struct stream *stream)
{
    stream_wait(stream, STREAM_CONNECT);
}

/* Shorthand for stream_wait(stream, STREAM_RECV). */
void
stream_recv_wait(struct stream *stream)
{
    stream_wait(stream, STREAM_RECV);
}

/* Shorthand for stream_wait(stream, STREAM_SEND). */
void
stream_send_wait(struct stream *stream)
{
    stream_wait(stream, STREAM_SEND);
}

/* Returns the identity of the peer of connected 'stream' (for SSL, the
 * subject CN of its certificate), or NULL. */
const char *
stream_get_peer_id(const struct stream *stream)
{
    if (stream->state != SCS_CONNECTED || !stream->class->get_peer_id) {
        return NULL;
    }
    return stream->class->get_peer_id(stream);
}

/* Initializes the common part of 'stream'; see stream-provider.h. */
void
stream_init(struct stream *stream, const struct stream_class *class,
            int connect_status, char *name)
{
    memset(stream, 0, sizeof *stream);
    stream->class = class;
    stream->name = name;
    if (!connect_status) {
        stream->state = SCS_CONNECTED;
    } else if (connect_status == EAGAIN) {
        stream->state = SCS_CONNECTING;
    } else {
        stream->state = SCS_DISCONNECTED;
        stream->error = connect_status > 0 ? connect_status : ECONNRESET;
    }
}

/* Frees the common part of 'stream'; see stream-provider.h. */
void
stream_uninit(struct stream *stream)
{
    free(stream->name);
    stream->name = NULL;
}

/* Checks that 'name' names a passive stream of a known type with valid
 * syntax, without opening anything (a missing port is accepted).  Returns
 * 0, EINVAL or EAFNOSUPPORT, as stream_verify_name(). */
int
pstream_verify_name(const char *name)
{
    const struct pstream_class *class;
    const char *suffix;
    int error = pstream_lookup_class(name, &class);

    if (error) {
        return error;
    }
    suffix = name + strlen(class->name) + 1;
    if (!*suffix && class->has_port) {
        /* "ptcp:" means "the default port on every address". */
        return 0;
    }
    return verify_suffix(suffix, class->verify);
}

/* Returns 'name' with 'default_port' inserted if it is a
 * "TYPE:[PORT][:HOST]" name without a port.  The caller frees the
 * result. */
static char *
pstream_complete_name(const char *name, const char *suffix, bool has_port,
                      uint16_t default_port)
{
    if (has_port && default_port && (!*suffix || *suffix == ':')) {
        return xasprintf("%.*s%u%s", (int) (suffix - name), name,
                         default_port, suffix);
    }
    return xstrdup(name);
}

/* Starts listening as passive stream 'name' (see osw/stream.h), using
 * 'default_port' for a ptcp: or pssl: name without a port (0: no default,
 * the port is required; an explicit port 0 picks a free port), with DSCP
 * 'dscp'.  On success stores the listener in '*pstreamp' and returns 0;
 * otherwise returns a positive errno value and sets '*pstreamp' to
 * NULL. */
int
pstream_open_with_default_port(const char *name, uint16_t default_port,
                               struct pstream **pstreamp, uint8_t dscp)
{
    const struct pstream_class *class;
    struct pstream *pstream = NULL;
    size_t prefix_len;
    char *full_name, *suffix;
    int error;

    *pstreamp = NULL;
    error = pstream_verify_name(name);
    if (error) {
        return error;
    }
    pstream_lookup_class(name, &class);
    prefix_len = strlen(class->name) + 1;
    full_name = pstream_complete_name(name, name + prefix_len,
                                      class->has_port, default_port);
    suffix = xstrdup(full_name + prefix_len);
    error = class->listen(full_name, suffix, &pstream, dscp);
    free(suffix);
    free(full_name);
    if (!error) {
        *pstreamp = pstream;
    } else {
        VLOG_DBG("%s: listen failed (%s)", name, osw_strerror(error));
    }
    return error;
}

/* Starts listening as passive stream 'name' with no default port.  See
 * pstream_open_with_default_port(). */
int
pstream_open(const char *name, struct pstream **pstreamp, uint8_t dscp)
{
    return pstream_open_with_default_port(name, 0, pstreamp, dscp);
}

/* Returns the name of 'pstream' (with any default port filled in, and the
 * real port if it was opened with port 0).  Owned by the pstream. */
const char *
pstream_get_name(const struct pstream *pstream)
{
    return pstream->name;
}

/* Stops listening and frees 'pstream'.  Does nothing if it is NULL. */
void
pstream_close(struct pstream *pstream)
{
    if (pstream) {
        pstream->class->close(pstream);
    }
}

/* Accepts a connection waiting on 'pstream': returns 0 and stores the new
 * stream in '*streamp', or returns EAGAIN if nobody is waiting or another
 * positive errno value on error, with '*streamp' set to NULL.  The new
 * stream may still have a handshake to finish (see stream_connect()). */
int
pstream_accept(struct pstream *pstream, struct stream **streamp)
{
    struct stream *stream = NULL;
    int error = pstream->class->accept(pstream, &stream);

    *streamp = error ? NULL : stream;
    return error;
}

/* Makes the poll loop wake when pstream_accept() may succeed. */
void
pstream_wait(struct pstream *pstream)
{
    pstream->class->wait(pstream);
}

/* Returns the TCP port 'pstream' listens on, or 0 if it is not TCP. */
uint16_t
pstream_get_bound_port(const struct pstream *pstream)
{
    return pstream->bound_port;
}

/* Initializes the common part of 'pstream'; see stream-provider.h. */
void
pstream_init(struct pstream *pstream, const struct pstream_class *class,
             char *name)
{
    memset(pstream, 0, sizeof *pstream);
    pstream->class = class;
    pstream->name = name;
}

/* Frees the common part of 'pstream'; see stream-provider.h. */
void
pstream_uninit(struct pstream *pstream)
{
    free(pstream->name);
    pstream->name = NULL;
}

/* Records the bound port of 'pstream'; see stream-provider.h. */
void
pstream_set_bound_port(struct pstream *pstream, uint16_t port)
{
    pstream->bound_port = port;
}

/* Returns true if 'name' (active or passive) is of a type that goes over
 * the network and so deserves inactivity probes. */
bool
stream_or_pstream_needs_probes(const char *name)
{
    const struct stream_class *class;
    const struct pstream_class *pclass;

    if (!stream_lookup_class(name, &class)) {
        return class->needs_probes;
    } else if (!pstream_lookup_class(name, &pclass)) {
        return pclass->needs_probes;
    }
    return false;
}

/* Checks the suffix of a tcp: or ssl: name; see stream-provider.h. */
int
stream_verify_inet_active(const char *suffix)
{
    char *host, *port_s;
    uint16_t port;
    int error = inet_split_active(suffix, &host, &port_s);

    if (!error && port_s) {
        error = inet_parse_port(port_s, &port);
        if (!error && !port) {
            error = EINVAL;
        }
    }
    free(host);
    free(port_s);
    return error;
}

/* Checks the suffix of a ptcp: or pssl: name; see stream-provider.h. */
int
stream_verify_inet_passive(const char *suffix)
{
    char *host, *port_s;
    uint16_t port;
    int error = inet_split_passive(suffix, &port_s, &host);

    if (!error && port_s) {
        error = inet_parse_port(port_s, &port);
    }
    free(host);
    free(port_s);
    return error;
}

/* Prints on stdout the help for stream names, as a program 'name' that
 * takes active and/or passive streams describes them, and the SSL options
 * (with --bootstrap-ca-cert if 'bootstrap'). */
void
stream_usage(const char *name, bool active, bool passive, bool bootstrap)
{
    if (active) {
        printf("\nActive %s connection methods:\n", name);
        printf("  tcp:HOST[:PORT]         "
               "PORT at remote HOST (IPv6 address in [brackets])\n"
               "  ssl:HOST[:PORT]         "
               "SSL PORT at remote HOST\n"
               "  unix:FILE               "
               "Unix domain socket named FILE\n");
    }
    if (passive) {
        printf("\nPassive %s connection methods:\n", name);
        printf("  ptcp:[PORT][:IP]        "
               "listen to TCP PORT on IP (default 0.0.0.0)\n"
               "  pssl:[PORT][:IP]        "
               "listen for SSL on PORT on IP\n"
               "  punix:FILE              "
               "listen on Unix domain socket FILE\n");
    }
    printf("\nPKI configuration (required to use SSL):\n"
           "  -p, --private-key=FILE  file with private key\n"
           "  -c, --certificate=FILE  file with certificate for private key\n"
           "  -C, --ca-cert=FILE      file with peer CA certificate\n");
    if (bootstrap) {
        printf("  --bootstrap-ca-cert=FILE  file with peer CA certificate "
               "to read or create\n");
    }
    printf("  --peer-ca-cert=FILE     CA certificate to send to peers\n"
           "  --ssl-protocols=LIST    TLS versions to allow "
           "(e.g. TLSv1.2,TLSv1.3)\n"
           "  --ssl-ciphers=LIST      OpenSSL cipher list for TLSv1.2\n");
}
