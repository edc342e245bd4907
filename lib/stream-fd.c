/* stream-fd: streams and listeners on plain socket file descriptors, the
 * common implementation behind unix:, tcp:, punix: and ptcp:.  See
 * stream-provider.h. */
#include <config.h>
#include "stream-provider.h"

#include <errno.h>
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

struct fd_stream {
    struct stream stream;
    int fd;
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
    *streamp = &s->stream;
}

static void
fd_close(struct stream *stream)
{
    struct fd_stream *s = fd_stream_cast(stream);

    close(s->fd);
    stream_uninit(stream);
    free(s);
}

static int
fd_connect(struct stream *stream)
{
    return check_connection_completion(fd_stream_cast(stream)->fd);
}

static ssize_t
fd_recv(struct stream *stream, void *buffer, size_t n)
{
    struct fd_stream *s = fd_stream_cast(stream);
    ssize_t retval;

    do {
        retval = recv(s->fd, buffer, n, 0);
    } while (retval < 0 && errno == EINTR);
    return retval >= 0 ? retval : -errno;
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
        poll_fd_wait(s->fd, POLLOUT);
        break;
    case STREAM_RECV:
        poll_fd_wait(s->fd, POLLIN);
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

    do {
        ss_len = sizeof ss;
        fd = accept4(ps->fd, (struct sockaddr *) &ss, &ss_len,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);

    if (fd < 0) {
        int error = errno;
        if (error != EAGAIN) {
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
    poll_fd_wait(fd_pstream_cast(pstream)->fd, POLLIN);
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
