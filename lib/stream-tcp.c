/* stream-tcp: the tcp: and ptcp: classes.
 *
 * "tcp:HOST:PORT" connects without blocking (a host name is resolved with
 * getaddrinfo(), which may block, when the stream is opened);
 * "ptcp:[PORT][:IP]" listens with SO_REUSEADDR, so that a restarted daemon
 * can take its port back at once.  Both set TCP_NODELAY: the protocols we
 * carry are request/response exchanges of small messages.  Once open,
 * these are stream-fd.c's streams. */
#include <config.h>
#include "stream-provider.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "osw/dynamic-string.h"
#include "osw/util.h"
#include "socket-util.h"

static int
tcp_open(const char *name, char *suffix, struct stream **streamp,
         uint8_t dscp)
{
    int error, fd;

    error = inet_open_active(SOCK_STREAM, suffix, 0, NULL, &fd, dscp);
    if (error && error != EINPROGRESS) {
        return error;
    }
    stream_fd_create(xstrdup(name), fd, error ? EAGAIN : 0, streamp);
    return 0;
}

const struct stream_class tcp_stream_class = {
    .name = "tcp",
    .needs_probes = true,
    .has_port = true,
    .verify = stream_verify_inet_active,
    .open = tcp_open,
    /* Everything else is stream-fd.c's. */
};

/* Names a listener; see stream-provider.h. */
char *
stream_tcp_bound_name(const char *name, const char *suffix,
                      const struct sockaddr_storage *ss)
{
    char *port, *host;
    bool port_zero = false;

    if (!inet_split_passive(suffix, &port, &host)) {
        uint16_t value;
        port_zero = port && !inet_parse_port(port, &value) && !value;
        free(port);
        free(host);
    }
    if (port_zero) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ds_put_format(&ds, "%.*s%u:", (int) strcspn(name, ":") + 1, name,
                      ss_get_port(ss));
        ss_format_address(ss, &ds);
        return ds_steal_cstr(&ds);
    }
    return xstrdup(name);
}

/* Names an accepted connection; see stream-provider.h. */
char *
stream_tcp_peer_name(const char *type, const struct sockaddr_storage *ss)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    ds_put_format(&ds, "%s:", type);
    ss_format_address_port(ss, &ds);
    return ds_steal_cstr(&ds);
}

static int
ptcp_accept(int fd, const struct sockaddr_storage *ss,
            socklen_t ss_len OSW_UNUSED, struct stream **streamp)
{
    set_tcp_nodelay(fd);
    stream_fd_create(stream_tcp_peer_name("tcp", ss), fd, 0, streamp);
    return 0;
}

static int
ptcp_listen(const char *name, char *suffix, struct pstream **pstreamp,
            uint8_t dscp)
{
    struct sockaddr_storage ss;
    struct pstream *pstream;
    int error, fd;

    error = inet_open_passive(SOCK_STREAM, suffix, 0, &ss, &fd, dscp);
    if (error) {
        return error;
    }
    pstream = pstream_fd_create(stream_tcp_bound_name(name, suffix, &ss),
                                fd, ptcp_accept, NULL);
    pstream_set_bound_port(pstream, ss_get_port(&ss));
    *pstreamp = pstream;
    return 0;
}

const struct pstream_class ptcp_pstream_class = {
    .name = "ptcp",
    .needs_probes = true,
    .has_port = true,
    .verify = stream_verify_inet_passive,
    .listen = ptcp_listen,
    /* Everything else is stream-fd.c's. */
};
