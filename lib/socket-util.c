/* socket-util: see socket-util.h. */
#include <config.h>
#include "socket-util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>
#include "osw/dynamic-string.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(socket_util);

static int
split_error(char **a, char **b)
{
    *a = *b = NULL;
    return EINVAL;
}

/* Splits an active target; see socket-util.h. */
int
inet_split_active(const char *target, char **hostp, char **portp)
{
    const char *port_start = NULL;
    const char *host_start = target;
    size_t host_len;

    if (*target == '[') {
        const char *close = strchr(target, ']');
        if (!close || (close[1] != '\0' && close[1] != ':')) {
            return split_error(hostp, portp);
        }
        host_start = target + 1;
        host_len = close - host_start;
        if (close[1] == ':') {
            port_start = close + 2;
        }
    } else {
        const char *colon = strchr(target, ':');
        host_len = colon ? (size_t) (colon - target) : strlen(target);
        if (colon) {
            port_start = colon + 1;
            if (strchr(port_start, ':')) {
                /* Unbracketed IPv6 address: which colon starts the port? */
                return split_error(hostp, portp);
            }
        }
    }
    if (!host_len || (port_start && !*port_start)) {
        return split_error(hostp, portp);
    }
    *hostp = xmemdup0(host_start, host_len);
    *portp = port_start ? xstrdup(port_start) : NULL;
    return 0;
}

/* Splits a passive target; see socket-util.h. */
int
inet_split_passive(const char *target, char **portp, char **hostp)
{
    const char *colon = strchr(target, ':');
    size_t port_len = colon ? (size_t) (colon - target) : strlen(target);
    const char *host = colon ? colon + 1 : "";
    size_t host_len = strlen(host);

    if (*host == '[') {
        if (host_len < 3 || host[host_len - 1] != ']') {
            return split_error(portp, hostp);
        }
        host++;
        host_len -= 2;
    }
    *portp = port_len ? xmemdup0(target, port_len) : NULL;
    *hostp = host_len ? xmemdup0(host, host_len) : NULL;
    return 0;
}

/* Parses a decimal port number; see socket-util.h. */
int
inet_parse_port(const char *port, uint16_t *portp)
{
    unsigned int value = 0;

    if (!*port || strlen(port) > 5) {
        return EINVAL;
    }
    for (const char *p = port; *p; p++) {
        if (*p < '0' || *p > '9') {
            return EINVAL;
        }
        value = value * 10 + (*p - '0');
    }
    if (value > UINT16_MAX) {
        return EINVAL;
    }
    *portp = value;
    return 0;
}

static int
gai_error_to_errno(int gai_error)
{
    switch (gai_error) {
    case EAI_SYSTEM:
        return errno ? errno : EIO;
    case EAI_AGAIN:
        return EAGAIN;
    case EAI_MEMORY:
        return ENOMEM;
    case EAI_NONAME:
#ifdef EAI_NODATA
    case EAI_NODATA:
#endif
    case EAI_FAIL:
        return ENOENT;
    default:
        return EINVAL;
    }
}

/* Looks up 'host' into '*ss' with port 'port'.  Numeric addresses never
 * touch the resolver, so that "::1" works even where AI_ADDRCONFIG would
 * hide IPv6. */
static int
lookup_host(const char *host, uint16_t port, bool resolve,
            struct sockaddr_storage *ss)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = AI_NUMERICHOST,
    };
    struct addrinfo *res;
    int error;

    error = getaddrinfo(host, NULL, &hints, &res);
    if (error == EAI_NONAME && resolve) {
        hints.ai_flags = AI_ADDRCONFIG;
        error = getaddrinfo(host, NULL, &hints, &res);
        if (error) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
            VLOG_WARN_RL(&rl, "%s: could not resolve host name (%s)",
                         host, gai_strerror(error));
        }
    }
    if (error) {
        return gai_error_to_errno(error);
    }
    if (res->ai_addrlen > sizeof *ss
        || (res->ai_family != AF_INET && res->ai_family != AF_INET6)) {
        freeaddrinfo(res);
        return EAFNOSUPPORT;
    }
    memset(ss, 0, sizeof *ss);
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);

    if (ss->ss_family == AF_INET) {
        ((struct sockaddr_in *) ss)->sin_port = htons(port);
    } else {
        ((struct sockaddr_in6 *) ss)->sin6_port = htons(port);
    }
    return 0;
}

/* Parses an active target into '*ss'; see socket-util.h. */
int
inet_parse_active(const char *target, uint16_t default_port,
                  bool resolve_host, struct sockaddr_storage *ss)
{
    char *host, *port_s;
    uint16_t port = default_port;
    int error;

    error = inet_split_active(target, &host, &port_s);
    if (!error && port_s) {
        error = inet_parse_port(port_s, &port);
    }
    if (!error) {
        error = port ? lookup_host(host, port, resolve_host, ss) : EINVAL;
    }
    free(host);
    free(port_s);
    return error;
}

/* Parses a passive target into '*ss'; see socket-util.h. */
int
inet_parse_passive(const char *target, uint16_t default_port,
                   struct sockaddr_storage *ss)
{
    char *host, *port_s;
    uint16_t port = default_port;
    int error;

    error = inet_split_passive(target, &port_s, &host);
    if (!error) {
        if (port_s) {
            error = inet_parse_port(port_s, &port);
        } else if (!default_port) {
            error = EINVAL;
        }
    }
    if (!error) {
        if (host) {
            error = lookup_host(host, port, true, ss);
        } else {
            struct sockaddr_in *sin = (struct sockaddr_in *) ss;
            memset(ss, 0, sizeof *ss);
            sin->sin_family = AF_INET;
            sin->sin_addr.s_addr = htonl(INADDR_ANY);
            sin->sin_port = htons(port);
        }
    }
    free(host);
    free(port_s);
    return error;
}

/* Turns off Nagle's algorithm on TCP socket 'fd', so that small messages
 * (JSON-RPC, OpenFlow) go out at once. */
void
set_tcp_nodelay(int fd)
{
    int on = 1;

    /* Best effort: the stream works without it, only slower. */
    (void) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

/* Starts a non-blocking connection; see socket-util.h. */
int
inet_open_active(int style, const char *target, uint16_t default_port,
                 struct sockaddr_storage *ssp, int *fdp, uint8_t dscp)
{
    struct sockaddr_storage ss;
    int error, fd;

    *fdp = -1;
    error = inet_parse_active(target, default_port, true, &ss);
    if (error) {
        return error;
    }
    fd = socket(ss.ss_family, style | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return errno;
    }
    error = set_dscp(fd, ss.ss_family, dscp);
    if (!error) {
        if (style == SOCK_STREAM) {
            set_tcp_nodelay(fd);
        }
        error = connect(fd, (struct sockaddr *) &ss, ss_length(&ss)) < 0
                ? errno : 0;
    }
    if (error && error != EINPROGRESS) {
        close(fd);
        return error;
    }
    if (ssp) {
        *ssp = ss;
    }
    *fdp = fd;
    return error;
}

/* Opens a listening socket; see socket-util.h. */
int
inet_open_passive(int style, const char *target, uint16_t default_port,
                  struct sockaddr_storage *ssp, int *fdp, uint8_t dscp)
{
    struct sockaddr_storage ss;
    int error, fd, on = 1;

    *fdp = -1;
    error = inet_parse_passive(target, default_port, &ss);
    if (error) {
        return error;
    }
    fd = socket(ss.ss_family, style | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return errno;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0
        || bind(fd, (struct sockaddr *) &ss, ss_length(&ss)) < 0
        || (style == SOCK_STREAM && listen(fd, 128) < 0)) {
        error = errno;
    }
    if (!error) {
        error = set_dscp(fd, ss.ss_family, dscp);
    }
    if (!error) {
        if (style == SOCK_STREAM) {
            set_tcp_nodelay(fd);
        }
        error = get_socket_name(fd, &ss);
    }
    if (error) {
        close(fd);
        return error;
    }
    if (ssp) {
        *ssp = ss;
    }
    *fdp = fd;
    return 0;
}

/* Fills in '*un' and '*lenp' for 'path'.  A path too long for sun_path is
 * reached through its directory's descriptor, returned in '*dirfdp' (to be
 * closed once the address has been used), else '*dirfdp' is -1. */
static int
make_sockaddr_un(const char *path, struct sockaddr_un *un, socklen_t *lenp,
                 int *dirfdp)
{
    size_t len = strlen(path);

    *dirfdp = -1;
    memset(un, 0, sizeof *un);
    un->sun_family = AF_UNIX;
    if (!len) {
        return EINVAL;
    }
    if (len >= sizeof un->sun_path) {
        char *dir_copy = xstrdup(path);
        char *base_copy = xstrdup(path);
        const char *dir = dirname(dir_copy);
        const char *base = basename(base_copy);
        int dirfd, n;

        dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (dirfd < 0) {
            int error = errno;
            free(dir_copy);
            free(base_copy);
            return error;
        }
        n = snprintf(un->sun_path, sizeof un->sun_path, "/proc/self/fd/%d/%s",
                     dirfd, base);
        free(dir_copy);
        free(base_copy);
        if (n < 0 || (size_t) n >= sizeof un->sun_path) {
            close(dirfd);
            return ENAMETOOLONG;
        }
        *dirfdp = dirfd;
        len = n;
    } else {
        memcpy(un->sun_path, path, len);
    }
    *lenp = offsetof(struct sockaddr_un, sun_path) + len + 1;
    return 0;
}

/* Binds 'fd' to Unix socket 'path', or connects it there if 'do_connect'.
 * Returns 0 or errno. */
static int
unix_socket_op(int fd, const char *path, bool do_connect)
{
    struct sockaddr_un un;
    socklen_t len = 0;
    int dirfd, error;

    error = make_sockaddr_un(path, &un, &len, &dirfd);
    if (!error) {
        struct sockaddr *sa = (struct sockaddr *) &un;
        int retval = do_connect ? connect(fd, sa, len) : bind(fd, sa, len);
        error = retval < 0 ? errno : 0;
        if (dirfd >= 0) {
            close(dirfd);
        }
    }
    return error;
}

/* Creates a Unix domain socket; see socket-util.h. */
int
make_unix_socket(int style, const char *bind_path, const char *connect_path)
{
    int error = 0;
    int fd;

    fd = socket(AF_UNIX, style | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -errno;
    }
    if (bind_path) {
        error = unix_socket_op(fd, bind_path, false);
    }
    if (!error && connect_path) {
        error = unix_socket_op(fd, connect_path, true);
    }
    if (error) {
        close(fd);
        return -error;
    }
    return fd;
}

/* Checks a non-blocking connect; see socket-util.h. */
int
check_connection_completion(int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLOUT };
    int retval;

    do {
        retval = poll(&pfd, 1, 0);
    } while (retval < 0 && errno == EINTR);

    if (retval < 0) {
        return errno;
    } else if (!retval) {
        return EAGAIN;
    } else {
        int error = get_socket_error(fd);
        if (!error && !(pfd.revents & POLLOUT)) {
            /* Hung up or failed without saying why. */
            error = ECONNRESET;
        }
        return error;
    }
}

/* Sets DSCP bits; see socket-util.h. */
int
set_dscp(int fd, int family, uint8_t dscp)
{
    int tos;

    if (dscp > 63) {
        return EINVAL;
    }
    /* The low two bits are ECN, which is the kernel's business. */
    tos = dscp << 2;
    switch (family) {
    case AF_INET:
        return setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos) < 0
               ? errno : 0;
    case AF_INET6:
        return setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof tos) < 0
               ? errno : 0;
    default:
        return 0;
    }
}

/* Returns the pending socket error; see socket-util.h. */
int
get_socket_error(int fd)
{
    int error;
    socklen_t len = sizeof error;

    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0) {
        return errno;
    }
    return error;
}

/* Reads the local address of a socket; see socket-util.h. */
int
get_socket_name(int fd, struct sockaddr_storage *ss)
{
    socklen_t len = sizeof *ss;

    memset(ss, 0, sizeof *ss);
    return getsockname(fd, (struct sockaddr *) ss, &len) < 0 ? errno : 0;
}

/* Returns the port of an internet address; see socket-util.h. */
uint16_t
ss_get_port(const struct sockaddr_storage *ss)
{
    switch (ss->ss_family) {
    case AF_INET:
        return ntohs(((const struct sockaddr_in *) ss)->sin_port);
    case AF_INET6:
        return ntohs(((const struct sockaddr_in6 *) ss)->sin6_port);
    default:
        return 0;
    }
}

/* Returns the length of an address by family; see socket-util.h. */
socklen_t
ss_length(const struct sockaddr_storage *ss)
{
    switch (ss->ss_family) {
    case AF_INET:
        return sizeof (struct sockaddr_in);
    case AF_INET6:
        return sizeof (struct sockaddr_in6);
    case AF_UNIX:
        return sizeof (struct sockaddr_un);
    default:
        return sizeof *ss;
    }
}

/* Formats an address; see socket-util.h. */
void
ss_format_address(const struct sockaddr_storage *ss, struct ds *ds)
{
    char buf[INET6_ADDRSTRLEN];

    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) ss;
        inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf);
        ds_put_cstr(ds, buf);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) ss;
        inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof buf);
        ds_put_format(ds, "[%s]", buf);
    } else {
        ds_put_format(ds, "(address family %d)", ss->ss_family);
    }
}

/* Formats an address and port; see socket-util.h. */
void
ss_format_address_port(const struct sockaddr_storage *ss, struct ds *ds)
{
    ss_format_address(ss, ds);
    ds_put_format(ds, ":%u", ss_get_port(ss));
}
