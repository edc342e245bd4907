/* stream-unix: the unix: and punix: classes, Unix domain stream sockets.
 *
 * A relative PATH is relative to the run directory (osw_rundir()), so
 * "unix:db.sock" means the same socket whatever the current directory.
 * Paths longer than a sockaddr_un can hold work too (socket-util.c reaches
 * them through a descriptor of their directory).
 *
 * punix: refuses to take over a socket that another process still listens
 * on (EADDRINUSE) but removes a stale one left by a process that died
 * without cleaning up, and registers the new socket with fatal-signal so
 * that it goes away with the process. */
#include <config.h>
#include "stream-provider.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "osw/dirs.h"
#include "osw/fatal-signal.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "socket-util.h"

VLOG_DEFINE_THIS_MODULE(stream_unix);

/* Returns the absolute path for 'suffix', or NULL if the current directory
 * cannot be determined (only possible without a run directory). */
static char *
unix_path(const char *suffix)
{
    return abs_file_name(osw_rundir(), suffix);
}

static int
unix_open(const char *name, char *suffix, struct stream **streamp,
          uint8_t dscp OSW_UNUSED)
{
    char *path = unix_path(suffix);
    int fd;

    if (!path) {
        return errno ? errno : ENOENT;
    }
    fd = make_unix_socket(SOCK_STREAM, NULL, path);
    free(path);
    if (fd < 0) {
        return -fd;
    }
    stream_fd_create(xstrdup(name), fd, 0, streamp);
    return 0;
}

const struct stream_class unix_stream_class = {
    .name = "unix",
    .needs_probes = false,
    .has_port = false,
    .verify = NULL,
    .open = unix_open,
    /* Everything else is stream-fd.c's. */
};

/* Makes 'path' free for binding a new socket, if it is a socket that
 * nobody listens on any more.  Returns 0, or EADDRINUSE if the path is
 * taken by a live socket or by a file that is not a socket. */
static int
remove_stale_socket(const char *path)
{
    struct stat st;
    int fd;

    if (lstat(path, &st)) {
        return errno == ENOENT ? 0 : errno;
    }
    if (!S_ISSOCK(st.st_mode)) {
        VLOG_WARN("%s: exists and is not a socket, not removing it", path);
        return EADDRINUSE;
    }
    fd = make_unix_socket(SOCK_STREAM, NULL, path);
    if (fd >= 0 || fd == -EAGAIN) {
        /* Connected, or the listener's backlog is full: it is alive. */
        if (fd >= 0) {
            close(fd);
        }
        VLOG_WARN("%s: another process is listening on this socket", path);
        return EADDRINUSE;
    }
    if (unlink(path) && errno != ENOENT) {
        return errno;
    }
    VLOG_DBG("%s: removed stale socket", path);
    return 0;
}

static int
punix_accept(int fd, const struct sockaddr_storage *ss, socklen_t ss_len,
             struct stream **streamp)
{
    const struct sockaddr_un *un = (const struct sockaddr_un *) ss;
    size_t offset = offsetof(struct sockaddr_un, sun_path);
    char *name;

    /* Clients rarely bind their sockets, but when they do, their path is
     * the best name we can give the connection. */
    if (ss_len > offset + 1 && un->sun_path[0]) {
        size_t max = MIN(ss_len - offset, sizeof un->sun_path);
        name = xasprintf("unix:%.*s", (int) strnlen(un->sun_path, max),
                         un->sun_path);
    } else {
        name = xstrdup("unix");
    }
    stream_fd_create(name, fd, 0, streamp);
    return 0;
}

static int
punix_listen(const char *name, char *suffix, struct pstream **pstreamp,
             uint8_t dscp OSW_UNUSED)
{
    char *path = unix_path(suffix);
    int error, fd;

    if (!path) {
        return errno ? errno : ENOENT;
    }
    error = remove_stale_socket(path);
    if (error) {
        free(path);
        return error;
    }

    /* Registered before it exists, so that no signal can leave it
     * behind. */
    fatal_signal_add_file_to_unlink(path);
    fd = make_unix_socket(SOCK_STREAM, path, NULL);
    if (fd < 0) {
        /* The file is not ours (bind failed), so only forget it. */
        fatal_signal_remove_file_to_unlink(path);
        free(path);
        return -fd;
    }
    if (listen(fd, 64) < 0) {
        error = errno;
        close(fd);
        fatal_signal_unlink_file_now(path);
        free(path);
        return error;
    }
    *pstreamp = pstream_fd_create(xstrdup(name), fd, punix_accept, path);
    return 0;
}

const struct pstream_class punix_pstream_class = {
    .name = "punix",
    .needs_probes = false,
    .has_port = false,
    .verify = NULL,
    .listen = punix_listen,
    /* Everything else is stream-fd.c's. */
};
