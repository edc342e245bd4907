/* stream-fd: streams and listeners on plain socket file descriptors, the
 * common implementation behind unix:, tcp:, punix: and ptcp:.  See
 * stream-provider.h.
 *
 * The fds are owned by their stream (poll_fd_wait_owned()), so the poll
 * loop keeps them registered across iterations, and a receive or accept
 * asks the poll loop first whether the fd is known to have nothing: a
 * server with many connections would otherwise make a failing system call
 * per idle connection per iteration, and one more after each message. */
#include <config.h>
#include "stream-provider.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include "osw/fatal-signal.h"
#include "osw/poll-loop.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "socket-util.h"

VLOG_DEFINE_THIS_MODULE(stream_fd);

/* Active fd streams. */

/* Whether fd_recv() may believe poll_fd_is_idle(). */
enum fd_trust {
    TRUST_UNKNOWN,              /* Not yet checked. */
    TRUST_POLL,                 /* The peer is another process. */
    TRUST_NOTHING               /* The peer may be this process. */
};

struct fd_stream {
    struct stream stream;
    int fd;
    enum fd_trust trust;
};

static const struct stream_class fd_stream_class;

static struct fd_stream *
fd_stream_cast(const struct stream *stream)
{
    osw_assert(stream->class == &fd_stream_class);
    return CONTAINER_OF(stream, struct fd_stream, stream);
}

/* Creates a stream on socket 'fd'; see stream-provider.h. */
void
stream_fd_create(char *name, int fd, int connect_status,
                 struct stream **streamp)
{
    struct fd_stream *s = xmalloc(sizeof *s);

    stream_init(&s->stream, &fd_stream_class, connect_status, name);
    s->fd = fd;
    s->trust = TRUST_UNKNOWN;
    *streamp = &s->stream;
}

static void
fd_close(struct stream *stream)
{
    struct fd_stream *s = fd_stream_cast(stream);

    poll_fd_closing(s->fd);
    close(s->fd);
    stream_uninit(stream);
    free(s);
}

static int
fd_connect(struct stream *stream)
{
    return check_connection_completion(fd_stream_cast(stream)->fd);
}

/* True if the peer of socket 'fd' is certainly not this process.  A peer
 * in this process may write between our poll_block() and our read, so
 * poll_fd_is_idle() would make us miss its data until the next iteration:
 * harmless for an event loop, but surprising for a program that plays
 * both ends in one iteration (as some tests do). */
static bool
peer_is_other_process(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getpeername(fd, (struct sockaddr *) &ss, &len)) {
        return false;
    }

    if (ss.ss_family == AF_UNIX) {
        struct ucred cred;
        socklen_t cred_len = sizeof cred;
        return (!getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cred_len)
                && cred.pid > 0 && cred.pid != getpid());
    } else if (ss.ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *) &ss;
        return (ntohl(sin->sin_addr.s_addr) >> 24) != IN_LOOPBACKNET;
    } else if (ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) &ss;
        return (!IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr)
                && !IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr));
    }
    return false;
}

static bool
trust_poll(struct fd_stream *s)
{
    if (s->trust == TRUST_UNKNOWN) {
        s->trust = (peer_is_other_process(s->fd) ? TRUST_POLL
                    : TRUST_NOTHING);
    }
    return s->trust == TRUST_POLL;
}

static ssize_t
fd_recv(struct stream *stream, void *buffer, size_t n)
{
    struct fd_stream *s = fd_stream_cast(stream);
    ssize_t retval;

    if (poll_fd_is_idle(s->fd, POLLIN) && trust_poll(s)) {
        return -EAGAIN;
    }
    do {
        retval = recv(s->fd, buffer, n, 0);
    } while (retval < 0 && errno == EINTR);
    if (retval < 0) {
        retval = -errno;
    }
    if (retval == -EAGAIN || (retval > 0 && (size_t) retval < n)) {
        /* A stream socket returns less than asked only when that was all
         * it had. */
        poll_fd_drained(s->fd);
    }
    return retval;
}

static ssize_t
fd_send(struct stream *stream, const void *buffer, size_t n)
{
    struct fd_stream *s = fd_stream_cast(stream);
    ssize_t retval;

    /* MSG_NOSIGNAL: a peer that went away is an EPIPE error for this
     * stream, not a SIGPIPE for the whole process. */
    do {
        retval = send(s->fd, buffer, n, MSG_NOSIGNAL);
    } while (retval < 0 && errno == EINTR);
    return retval >= 0 ? retval : -errno;
}

static void
fd_wait(struct stream *stream, enum stream_wait_type type)
{
    struct fd_stream *s = fd_stream_cast(stream);

    switch (type) {
    case STREAM_CONNECT:
    case STREAM_SEND:
        poll_fd_wait_owned(s->fd, POLLOUT);
        break;
    case STREAM_RECV:
        poll_fd_wait_owned(s->fd, POLLIN);
        break;
    default:
        poll_immediate_wake();
        break;
    }
}

static const struct stream_class fd_stream_class = {
    .name = "fd",
    .needs_probes = false,
    .has_port = false,
    .verify = NULL,
    .open = NULL,               /* Created only by stream_fd_create(). */
    .close = fd_close,
    .connect = fd_connect,
    .recv = fd_recv,
    .send = fd_send,
    .run = NULL,
    .run_wait = NULL,
    .wait = fd_wait,
    .get_peer_id = NULL,
};

/* Passive fd streams. */

struct fd_pstream {
    struct pstream pstream;
    int fd;
    pstream_fd_accept_func *accept_cb;
    char *unlink_path;
};

static const struct pstream_class fd_pstream_class;

static struct fd_pstream *
fd_pstream_cast(const struct pstream *pstream)
{
    osw_assert(pstream->class == &fd_pstream_class);
    return CONTAINER_OF(pstream, struct fd_pstream, pstream);
}

/* Creates a listener on socket 'fd'; see stream-provider.h. */
struct pstream *
pstream_fd_create(char *name, int fd, pstream_fd_accept_func *accept_cb,
                  char *unlink_path)
{
    struct fd_pstream *ps = xmalloc(sizeof *ps);

    pstream_init(&ps->pstream, &fd_pstream_class, name);
    ps->fd = fd;
    ps->accept_cb = accept_cb;
    ps->unlink_path = unlink_path;
    return &ps->pstream;
}

static void
pfd_close(struct pstream *pstream)
{
    struct fd_pstream *ps = fd_pstream_cast(pstream);

    poll_fd_closing(ps->fd);
    close(ps->fd);
    if (ps->unlink_path) {
        fatal_signal_unlink_file_now(ps->unlink_path);
        free(ps->unlink_path);
    }
    pstream_uninit(pstream);
    free(ps);
}

static int
pfd_accept(struct pstream *pstream, struct stream **streamp)
{
    struct fd_pstream *ps = fd_pstream_cast(pstream);
    struct sockaddr_storage ss;
    socklen_t ss_len = sizeof ss;
    int fd;

    if (poll_fd_is_idle(ps->fd, POLLIN)) {
        return EAGAIN;
    }
    do {
        ss_len = sizeof ss;
        fd = accept4(ps->fd, (struct sockaddr *) &ss, &ss_len,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);

    if (fd < 0) {
        int error = errno;
        if (error == EAGAIN) {
            poll_fd_drained(ps->fd);
        } else {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
            VLOG_WARN_RL(&rl, "%s: accept failed (%s)", pstream->name,
                         osw_strerror(error));
        }
        return error;
    }
    return ps->accept_cb(fd, &ss, ss_len, streamp);
}

static void
pfd_wait(struct pstream *pstream)
{
    poll_fd_wait_owned(fd_pstream_cast(pstream)->fd, POLLIN);
}

static const struct pstream_class fd_pstream_class = {
    .name = "pfd",
    .needs_probes = false,
    .has_port = false,
    .verify = NULL,
    .listen = NULL,             /* Created only by pstream_fd_create(). */
    .close = pfd_close,
    .accept = pfd_accept,
    .wait = pfd_wait,
};
