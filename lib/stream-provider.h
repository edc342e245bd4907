/* stream-provider: the interface between stream.c and the stream classes.
 *
 * stream.c (the public API of osw/stream.h) knows nothing about sockets or
 * TLS.  It picks a class by the prefix of a stream's name ("tcp:",
 * "punix:", ...), lets the class open the stream, and from then on keeps
 * the state every stream shares: its name, and where it stands in the
 * connect state machine:
 *
 *     CONNECTING --connect() returns 0--> CONNECTED
 *         |
 *         +--connect() returns an error--> DISCONNECTED (error kept)
 *
 * While a stream is CONNECTING, stream.c calls the class's connect() hook
 * (from stream_connect(), and before every recv or send), and never calls
 * recv() or send().  Once CONNECTED, it calls recv() and send() and never
 * connect() again.  A DISCONNECTED stream only sees close().  So a class
 * never has to defend its I/O hooks against a half-open stream.
 *
 * A class is a 'struct stream_class' (active) or 'struct pstream_class'
 * (passive, a listener), a table of hooks.  The classes are:
 *
 *     unix, punix    Unix domain sockets         (stream-unix.c)
 *     tcp, ptcp      TCP over IPv4 or IPv6       (stream-tcp.c)
 *     ssl, pssl      TLS over TCP, with OpenSSL  (stream-ssl.c)
 *
 * Unix and TCP streams are both plain file descriptors once open, so they
 * share one implementation, the "fd" stream and pstream in stream-fd.c:
 * their classes only have open() or listen() hooks, which create an fd
 * stream.  That is the general rule: the class whose name matched opens
 * the stream, but the stream it returns may belong to another class, and
 * stream.c dispatches every later call through the stream's own 'class'.
 *
 * Memory: a class allocates its stream (a struct that embeds 'struct
 * stream' as a member) in open() or accept(), and frees it, the name
 * included, in close().  'name' passed to open() and listen() belongs to
 * the caller: a class that keeps it copies it (stream_init() and
 * pstream_init() take ownership of a copy made by the class).
 *
 * Errors: hooks return 0 or a positive errno value, except recv() and
 * send(), which return a byte count or a negative errno value.  EAGAIN
 * always means "not yet, try again after the poll loop wakes you", and a
 * hook that returns EAGAIN must make sure that the matching wait hook will
 * wake the poll loop when it is worth trying again (otherwise the caller
 * sleeps forever).  EOF (from <stdio.h>, negative) is never a hook's return
 * value: recv() signals end of stream by returning 0.
 *
 * Threads: none of this is thread-safe; a stream belongs to one thread. */
#ifndef OSW_STREAM_PROVIDER_H
#define OSW_STREAM_PROVIDER_H 1

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include "osw/stream.h"

/* Active streams. */

/* Connect states, kept by stream.c in 'struct stream'. */
enum stream_state {
    SCS_CONNECTING,             /* Calling the class's connect(). */
    SCS_CONNECTED,              /* recv() and send() allowed. */
    SCS_DISCONNECTED            /* Failed for good; 'error' says why. */
};

/* The part of every active stream that stream.c owns.  A class embeds it
 * in its own struct and initializes it with stream_init().  Classes may
 * read these members but must not change them. */
struct stream {
    const struct stream_class *class;
    enum stream_state state;
    int error;                  /* Positive errno once SCS_DISCONNECTED. */
    char *name;                 /* Full name, e.g. "tcp:1.2.3.4:6640". */
};

/* Initializes 'stream' as a stream of 'class' named 'name' (which the
 * stream now owns and frees on close).  'connect_status' is 0 if the
 * stream is already connected, EAGAIN if connecting is in progress (the
 * class's connect() hook will be called until it finishes), or a positive
 * errno value if connecting has already failed (the stream is born
 * DISCONNECTED and reports that error).  Called by classes from their
 * open() hooks and by pstreams' accept() hooks. */
void stream_init(struct stream *stream, const struct stream_class *class,
                 int connect_status, char *name);

/* Frees what stream_init() set up (the name).  Called by close() hooks
 * before they free their own struct. */
void stream_uninit(struct stream *stream);

struct stream_class {
    /* The prefix before the colon in names of this class, e.g. "tcp". */
    const char *name;

    /* True if streams of this class go over a network and so need
     * inactivity probes (stream_or_pstream_needs_probes()). */
    bool needs_probes;

    /* True if names end in ":PORT" that may be left out: then
     * stream_open_with_default_port() appends ":DEFAULT" to a name whose
     * suffix has no port, before open() ever sees it.  open() therefore
     * treats a missing port as an error (EINVAL). */
    bool has_port;

    /* Checks the syntax of 'suffix' (the name after "TYPE:") without any
     * side effect: no resolving, no sockets.  A missing port is fine here
     * (a default may still be supplied).  Returns 0 or EINVAL.
     *
     * May be NULL: then any nonempty suffix is accepted. */
    int (*verify)(const char *suffix);

    /* Opens the stream named 'name', whose part after "TYPE:" is 'suffix'
     * (a modifiable copy, freed by the caller after the call), with DSCP
     * 'dscp' for network streams.  On success stores the new stream in
     * '*streamp' and returns 0; the stream may still be connecting (see
     * stream_init()).  On failure returns a positive errno value and
     * leaves '*streamp' alone.  Opening may block to resolve a host name,
     * never to connect.
     *
     * Must not be NULL for a class that can be named.  The stream it
     * creates may be of another class (see the top of this file). */
    int (*open)(const char *name, char *suffix, struct stream **streamp,
                uint8_t dscp);

    /* Closes 'stream' and frees it, its name included (stream_uninit()
     * frees the name), whatever its state.  Must not block; data not
     * yet sent may be lost.
     *
     * May be NULL only for a class whose open() returns streams of another
     * class. */
    void (*close)(struct stream *stream);

    /* Tries to finish connecting a CONNECTING stream: returns 0 once
     * connected (the stream then becomes CONNECTED), EAGAIN if still in
     * progress (the class's wait() hook with STREAM_CONNECT must then wake
     * the poll loop when progress is possible), or a positive errno value
     * if connecting failed (the stream becomes DISCONNECTED and the error
     * is reported to the user from then on).
     *
     * May be NULL if streams of this class are always born connected. */
    int (*connect)(struct stream *stream);

    /* Reads up to 'n' bytes (n > 0) into 'buffer' from a CONNECTED stream.
     * Returns the number of bytes read (at least 1), 0 at end of stream,
     * -EAGAIN if nothing can be read now, or another negative errno value
     * on error. */
    ssize_t (*recv)(struct stream *stream, void *buffer, size_t n);

    /* Sends up to 'n' bytes (n > 0) of 'buffer' on a CONNECTED stream.
     * Returns the number of bytes accepted (at least 1; it may be fewer
     * than 'n'), -EAGAIN if nothing can be sent now, or another negative
     * errno value on error.  Bytes "accepted" may sit in a buffer of the
     * class until run() pushes them out. */
    ssize_t (*send)(struct stream *stream, const void *buffer, size_t n);

    /* Does work the stream needs on its own, such as flushing buffered
     * output.  Called by stream_run() in any state except DISCONNECTED.
     *
     * May be NULL if the class has no such work. */
    void (*run)(struct stream *stream);

    /* Makes the poll loop wake when run() has work to do.
     *
     * May be NULL if 'run' is NULL. */
    void (*run_wait)(struct stream *stream);

    /* Makes the poll loop wake when the operation 'type' may make
     * progress: STREAM_CONNECT (only while CONNECTING: when connect() may
     * return something other than EAGAIN), STREAM_RECV or STREAM_SEND
     * (only while CONNECTED: when recv() or send() may return something
     * other than -EAGAIN).  Waking too early is harmless; never waking is a
     * hang.  stream.c maps a RECV or SEND wait on a stream still
     * CONNECTING to a CONNECT wait.
     *
     * Must not be NULL for a class that creates streams. */
    void (*wait)(struct stream *stream, enum stream_wait_type type);

    /* Returns the peer's identity (for TLS, the subject common name of its
     * certificate) once CONNECTED, or NULL if unknown.  The string belongs
     * to the stream and lives until it is closed.
     *
     * May be NULL: streams of this class have no peer identity. */
    const char *(*get_peer_id)(const struct stream *stream);
};

/* Passive streams (listeners). */

/* The part of every passive stream that stream.c owns.  A class embeds it
 * in its own struct and initializes it with pstream_init(). */
struct pstream {
    const struct pstream_class *class;
    char *name;                 /* Full name, e.g. "ptcp:6640:0.0.0.0". */
    uint16_t bound_port;        /* TCP port, or 0 if not a TCP listener. */
};

/* Initializes 'pstream' as a listener of 'class' named 'name' (which the
 * pstream now owns and frees on close), with no bound port. */
void pstream_init(struct pstream *pstream, const struct pstream_class *class,
                  char *name);

/* Frees what pstream_init() set up (the name).  Called by close() hooks. */
void pstream_uninit(struct pstream *pstream);

/* Records the TCP port that 'pstream' listens on, for
 * pstream_get_bound_port(). */
void pstream_set_bound_port(struct pstream *pstream, uint16_t port);

struct pstream_class {
    /* The prefix before the colon in names of this class, e.g. "ptcp". */
    const char *name;

    /* As in struct stream_class. */
    bool needs_probes;

    /* True if names are "TYPE:[PORT][:HOST]" where PORT may be left
     * out: then pstream_open_with_default_port() inserts the default port
     * before listen() sees the name, and listen() treats a missing port as
     * EINVAL.  (An explicit port 0 is valid and picks a free port.) */
    bool has_port;

    /* As in struct stream_class: checks 'suffix' without side effects,
     * accepting a missing port.  May be NULL. */
    int (*verify)(const char *suffix);

    /* Starts listening as 'name', whose part after "TYPE:" is 'suffix' (a
     * modifiable copy), with DSCP 'dscp' for network listeners.  On
     * success stores the new pstream in '*pstreamp' and returns 0; on
     * failure returns a positive errno value.  Must not block, except to
     * resolve a host name.  The pstream may be of another class.
     *
     * Must not be NULL for a class that can be named. */
    int (*listen)(const char *name, char *suffix, struct pstream **pstreamp,
                  uint8_t dscp);

    /* Stops listening and frees 'pstream', its name included, and any file
     * it created (a Unix socket).  Streams already accepted live on.
     *
     * May be NULL only for a class whose listen() returns pstreams of
     * another class. */
    void (*close)(struct pstream *pstream);

    /* Accepts one waiting connection: returns 0 and stores a new stream in
     * '*streamp' (connected, or CONNECTING if it has a handshake of its
     * own to do), EAGAIN if nobody is waiting, or another positive errno
     * value on error (the listener itself stays usable unless the error
     * says otherwise).
     *
     * Must not be NULL for a class that creates pstreams. */
    int (*accept)(struct pstream *pstream, struct stream **streamp);

    /* Makes the poll loop wake when accept() may return something other
     * than EAGAIN.
     *
     * Must not be NULL for a class that creates pstreams. */
    void (*wait)(struct pstream *pstream);
};

/* The classes, for stream.c's tables. */
extern const struct stream_class unix_stream_class;
extern const struct stream_class tcp_stream_class;
extern const struct stream_class ssl_stream_class;
extern const struct pstream_class punix_pstream_class;
extern const struct pstream_class ptcp_pstream_class;
extern const struct pstream_class pssl_pstream_class;

/* File-descriptor streams (stream-fd.c), shared by the unix and tcp
 * classes. */

/* Creates in '*streamp' a stream named 'name' (owned by the stream from
 * now on) on connected or connecting socket 'fd' (owned by the stream from
 * now on, closed on stream_close()).  'connect_status' is as for
 * stream_init(): 0, EAGAIN while a non-blocking connect is in progress, or
 * an error. */
void stream_fd_create(char *name, int fd, int connect_status,
                      struct stream **streamp);

/* Called by an fd pstream for each accepted socket 'fd' (non-blocking,
 * close-on-exec), whose peer is 'ss' ('ss_len' bytes).  Must create a
 * stream in '*streamp' that owns 'fd' and return 0, or close 'fd' and
 * return a positive errno value. */
typedef int pstream_fd_accept_func(int fd, const struct sockaddr_storage *ss,
                                   socklen_t ss_len, struct stream **streamp);

/* Creates a pstream named 'name' (owned by the pstream from now on) on
 * listening socket 'fd' (owned likewise).  Each accepted connection is
 * handed to 'accept_cb'.  If 'unlink_path' is nonnull, the pstream owns
 * the string and removes that file (a Unix socket) on close with
 * fatal_signal_unlink_file_now(); the caller must already have registered
 * it with fatal_signal_add_file_to_unlink(), so that a fatal signal removes
 * it too. */
struct pstream *pstream_fd_create(char *name, int fd,
                                  pstream_fd_accept_func *accept_cb,
                                  char *unlink_path);

/* Helpers for the 'verify' hooks of socket classes (stream.c). */
int stream_verify_inet_active(const char *suffix);
int stream_verify_inet_passive(const char *suffix);

/* TCP helpers shared by tcp/ptcp and ssl/pssl (stream-tcp.c). */

/* Returns the name for a TCP listener opened as 'name' (whose part after
 * "TYPE:" is 'suffix', a copy, not a pointer into 'name') and bound to
 * 'ss': a copy of 'name', except that when the name asked for port 0 the
 * result names the real port, as in "ptcp:41234:127.0.0.1", so that logs
 * and pstream_get_name() tell where to connect.  The caller owns the
 * result. */
char *stream_tcp_bound_name(const char *name, const char *suffix,
                            const struct sockaddr_storage *ss);

/* Returns the name of a TCP connection accepted from 'ss' by a listener
 * of class "p'type'", e.g. "tcp:192.0.2.1:53412" or "ssl:[::1]:40000".
 * The caller owns the result. */
char *stream_tcp_peer_name(const char *type,
                           const struct sockaddr_storage *ss);

#endif /* stream-provider.h */
