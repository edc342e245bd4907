#include <config.h>
#include "osw/stream.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "osw/poll-loop.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "testlib.h"

/* No exchange in these tests should take anywhere near this long. */
#define DEADLINE_MSEC 20000

/* Helpers. */

static char *
tmp_file(const char *name)
{
    return xasprintf("%s/%s", osw_test_tmpdir(), name);
}

static bool
file_exists(const char *name)
{
    struct stat st;
    return !lstat(name, &st);
}

/* Waits for 'pstream' to accept a connection and returns it. */
static struct stream *
accept_block(struct pstream *pstream)
{
    long long int deadline = time_msec() + DEADLINE_MSEC;
    struct stream *stream;
    int error;

    while ((error = pstream_accept(pstream, &stream)) == EAGAIN) {
        CHECK(time_msec() < deadline);
        CHECK(stream == NULL);
        pstream_wait(pstream);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    CHECK_EQ(error, 0);
    CHECK(stream != NULL);
    return stream;
}

/* Drives the connection of 'client' (to 'pstream') and of the stream that
 * 'pstream' accepts until neither is in progress.  Stores the accepted
 * stream in '*serverp' and the results of stream_connect() in '*client_error'
 * and '*server_error'. */
static void
connect_pair(struct pstream *pstream, struct stream *client,
             struct stream **serverp, int *client_error, int *server_error)
{
    long long int deadline = time_msec() + DEADLINE_MSEC;
    struct stream *server = NULL;

    for (;;) {
        int c, s = EAGAIN;

        if (!server) {
            int error = pstream_accept(pstream, &server);
            CHECK(error == 0 || error == EAGAIN);
        }
        c = stream_connect(client);
        if (server) {
            s = stream_connect(server);
        }
        if (c != EAGAIN && s != EAGAIN) {
            *client_error = c;
            *server_error = s;
            *serverp = server;
            return;
        }
        CHECK(time_msec() < deadline);

        stream_run(client);
        stream_run_wait(client);
        if (c == EAGAIN) {
            stream_connect_wait(client);
        }
        if (server) {
            stream_run(server);
            stream_run_wait(server);
            if (s == EAGAIN) {
                stream_connect_wait(server);
            }
        } else {
            pstream_wait(pstream);
        }
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

/* Like connect_pair(), but both sides must succeed. */
static struct stream *
connect_pair_ok(struct pstream *pstream, struct stream *client)
{
    struct stream *server;
    int c, s;

    connect_pair(pstream, client, &server, &c, &s);
    CHECK_EQ(c, 0);
    CHECK_EQ(s, 0);
    return server;
}

/* Sends all 'n' bytes of 'data' on 'from' and receives them on 'to' at the
 * same time, checking that they arrive intact.  Returns the number of
 * stream_send() calls that sent fewer bytes than asked or returned
 * -EAGAIN. */
static int
transfer(struct stream *from, struct stream *to, const uint8_t *data,
         size_t n)
{
    long long int deadline = time_msec() + DEADLINE_MSEC;
    uint8_t *received = xmalloc(n);
    size_t sent = 0, got = 0;
    int n_partial = 0;

    while (got < n) {
        if (sent < n) {
            int retval = stream_send(from, data + sent, n - sent);
            if (retval == -EAGAIN) {
                n_partial++;
            } else {
                CHECK(retval > 0);
                if ((size_t) retval < n - sent) {
                    n_partial++;
                }
                sent += retval;
            }
        }
        stream_run(from);

        int retval = stream_recv(to, received + got, n - got);
        if (retval != -EAGAIN) {
            CHECK(retval > 0);
            got += retval;
            CHECK(got <= sent);
        }
        stream_run(to);

        if (got < n) {
            CHECK(time_msec() < deadline);
            stream_run_wait(from);
            stream_run_wait(to);
            if (sent < n) {
                stream_send_wait(from);
            }
            stream_recv_wait(to);
            poll_timer_wait_until(deadline);
            poll_block();
        }
    }
    CHECK_MEMEQ(received, data, n);
    free(received);
    return n_partial;
}

/* Receives from 'stream' until at least one byte or end of stream
 * arrives.  Returns stream_recv()'s result. */
static int
recv_block(struct stream *stream, void *buffer, size_t n)
{
    long long int deadline = time_msec() + DEADLINE_MSEC;
    int retval;

    while ((retval = stream_recv(stream, buffer, n)) == -EAGAIN) {
        CHECK(time_msec() < deadline);
        stream_run(stream);
        stream_run_wait(stream);
        stream_recv_wait(stream);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    return retval;
}

/* Exchanges a message each way between 'a' and 'b'. */
static void
check_exchange(struct stream *a, struct stream *b)
{
    transfer(a, b, (const uint8_t *) "hello, world", 12);
    transfer(b, a, (const uint8_t *) "and back", 8);
}

/* Returns a TCP port on 'ip' that nobody listens on (right now). */
static uint16_t
free_port(const char *ip)
{
    struct pstream *pstream;
    char *name = xasprintf("ptcp:0:%s", ip);
    uint16_t port;

    CHECK_EQ(pstream_open(name, &pstream, 0), 0);
    port = pstream_get_bound_port(pstream);
    CHECK(port != 0);
    pstream_close(pstream);
    free(name);
    return port;
}

/* Opens "ptcp:0:'ip'", or skips the test if 'ip' is an address family
 * this machine lacks. */
static struct pstream *
open_ptcp_or_skip(const char *ip)
{
    char *name = xasprintf("ptcp:0:%s", ip);
    struct pstream *pstream;
    int error = pstream_open(name, &pstream, 0);

    free(name);
    if (error == EAFNOSUPPORT || error == EADDRNOTAVAIL) {
        osw_test_skip("no IPv6 on this machine");
    }
    CHECK_EQ(error, 0);
    return pstream;
}

/* Name verification. */

OSW_TEST(verify_active_names)
{
    static const char *good[] = {
        "unix:foo.sock", "unix:/tmp/x", "tcp:1.2.3.4", "tcp:1.2.3.4:6640",
        "tcp:[::1]", "tcp:[::1]:6640", "tcp:localhost:80",
        "tcp:example.com", "ssl:1.2.3.4:6640", "ssl:[fe80::1%eth0]:1",
        "ssl:host", "tcp:1.2.3.4:65535",
    };
    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        if (stream_verify_name(good[i])) {
            osw_test_fail(__FILE__, __LINE__, "%s rejected", good[i]);
        }
    }
}

OSW_TEST(verify_bad_active_names)
{
    static const struct {
        const char *name;
        int error;
    } bad[] = {
        { "foo:bar", EAFNOSUPPORT },
        { "ptcp:80", EAFNOSUPPORT },
        { "TCP:1.2.3.4:80", EAFNOSUPPORT },
        { "tcp", EINVAL },
        { "", EINVAL },
        { "unix:", EINVAL },
        { "tcp:", EINVAL },
        { "tcp:1.2.3.4:", EINVAL },
        { "tcp:1.2.3.4:abc", EINVAL },
        { "tcp:1.2.3.4:-1", EINVAL },
        { "tcp:1.2.3.4:65536", EINVAL },
        { "tcp:1.2.3.4:0", EINVAL },
        { "tcp::80", EINVAL },
        { "tcp:[::1", EINVAL },
        { "tcp:[::1]x", EINVAL },
        { "tcp:[::1]:", EINVAL },
        { "tcp:::1", EINVAL },
        { "tcp:fe80::1:80", EINVAL },
        { "tcp:[]:80", EINVAL },
        { "ssl:", EINVAL },
        { "ssl:1.2.3.4:99999", EINVAL },
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        int error = stream_verify_name(bad[i].name);
        if (error != bad[i].error) {
            osw_test_fail(__FILE__, __LINE__, "\"%s\": got %d, expected %d",
                          bad[i].name, error, bad[i].error);
        }
    }
}

OSW_TEST(verify_passive_names)
{
    static const char *good[] = {
        "punix:x", "punix:/tmp/x.sock", "ptcp:", "ptcp:6640", "ptcp:0",
        "ptcp:6640:127.0.0.1", "ptcp::127.0.0.1", "ptcp:6640:[::1]",
        "ptcp:6640:::1", "ptcp:6640:[::]", "pssl:", "pssl:6640",
        "pssl:0:[::]",
    };
    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        if (pstream_verify_name(good[i])) {
            osw_test_fail(__FILE__, __LINE__, "%s rejected", good[i]);
        }
    }
}

OSW_TEST(verify_bad_passive_names)
{
    static const struct {
        const char *name;
        int error;
    } bad[] = {
        { "tcp:1.2.3.4:80", EAFNOSUPPORT },
        { "unix:x", EAFNOSUPPORT },
        { "pfoo:1", EAFNOSUPPORT },
        { "ptcp", EINVAL },
        { "punix:", EINVAL },
        { "ptcp:x", EINVAL },
        { "ptcp:65536", EINVAL },
        { "ptcp:80:[::1", EINVAL },
        { "ptcp:80:[]", EINVAL },
        { "pssl:http", EINVAL },
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        int error = pstream_verify_name(bad[i].name);
        if (error != bad[i].error) {
            osw_test_fail(__FILE__, __LINE__, "\"%s\": got %d, expected %d",
                          bad[i].name, error, bad[i].error);
        }
    }
}

OSW_TEST(missing_port_without_default)
{
    struct stream *stream = (struct stream *) 1;
    struct pstream *pstream = (struct pstream *) 1;

    CHECK_EQ(stream_open("tcp:127.0.0.1", &stream, 0), EINVAL);
    CHECK(stream == NULL);
    CHECK_EQ(stream_open("tcp:[::1]", &stream, 0), EINVAL);
    CHECK(stream == NULL);
    CHECK_EQ(pstream_open("ptcp:", &pstream, 0), EINVAL);
    CHECK(pstream == NULL);
    CHECK_EQ(pstream_open("ptcp::127.0.0.1", &pstream, 0), EINVAL);
    CHECK(pstream == NULL);
}

OSW_TEST(open_errors)
{
    struct stream *stream = (struct stream *) 1;
    struct pstream *pstream = (struct pstream *) 1;

    CHECK_EQ(stream_open("bogus:x", &stream, 0), EAFNOSUPPORT);
    CHECK(stream == NULL);
    CHECK_EQ(stream_open("tcp:1.2.3.4:x", &stream, 0), EINVAL);
    CHECK(stream == NULL);
    CHECK_EQ(pstream_open("bogus:x", &pstream, 0), EAFNOSUPPORT);
    CHECK(pstream == NULL);
    CHECK_EQ(pstream_open("ptcp:0:not an address!", &pstream, 0) != 0, 1);
    CHECK(pstream == NULL);

    /* A DSCP value must fit in 6 bits. */
    CHECK_EQ(pstream_open("ptcp:0:127.0.0.1", &pstream, 64), EINVAL);
    CHECK(pstream == NULL);
    CHECK_EQ(stream_open("tcp:127.0.0.1:1", &stream, 64), EINVAL);
    CHECK(stream == NULL);

    /* stream_open_block() passes an open error through. */
    CHECK_EQ(stream_open_block(EINVAL, 1000, &stream), EINVAL);
    CHECK(stream == NULL);

    /* SSL without keys and certificates cannot work. */
    CHECK(!stream_ssl_is_configured());
    CHECK_EQ(stream_open("ssl:127.0.0.1:6640", &stream, 0), ENOPROTOOPT);
    CHECK(stream == NULL);
    CHECK_EQ(pstream_open("pssl:0:127.0.0.1", &pstream, 0), ENOPROTOOPT);
    CHECK(pstream == NULL);
}

OSW_TEST(unresolvable_host)
{
    struct stream *stream;
    int error = stream_open("tcp:no-such-host.invalid:80", &stream, 0);

    /* ENOENT normally; EAGAIN if the resolver cannot be reached. */
    CHECK(error == ENOENT || error == EAGAIN);
    CHECK(stream == NULL);
}

OSW_TEST(default_port_filled_in)
{
    struct pstream *pstream;
    struct stream *client, *server;
    uint16_t port;
    char *name;

    CHECK_EQ(pstream_open("ptcp:0:127.0.0.1", &pstream, 0), 0);
    port = pstream_get_bound_port(pstream);
    CHECK(port != 0);
    name = xasprintf("ptcp:%u:127.0.0.1", port);
    CHECK_STREQ(pstream_get_name(pstream), name);
    free(name);

    /* The default applies only where the port is missing. */
    CHECK_EQ(stream_open_with_default_port("tcp:127.0.0.1", port, &client,
                                           0), 0);
    name = xasprintf("tcp:127.0.0.1:%u", port);
    CHECK_STREQ(stream_get_name(client), name);
    free(name);
    CHECK_EQ(stream_open_block(0, DEADLINE_MSEC, &client), 0);
    server = accept_block(pstream);
    check_exchange(client, server);
    stream_close(client);
    stream_close(server);

    CHECK_EQ(stream_open_with_default_port("tcp:127.0.0.1:1234", port,
                                           &client, 0), 0);
    CHECK_STREQ(stream_get_name(client), "tcp:127.0.0.1:1234");
    stream_close(client);
    pstream_close(pstream);
}

OSW_TEST(passive_default_port)
{
    struct pstream *pstream = NULL;
    char *name, *expected;
    int error = EADDRINUSE;

    /* Another process may grab the free port first; try a few. */
    for (int i = 0; i < 5 && error == EADDRINUSE; i++) {
        uint16_t port = free_port("127.0.0.1");
        error = pstream_open_with_default_port("ptcp::127.0.0.1", port,
                                               &pstream, 0);
        if (!error) {
            CHECK_EQ(pstream_get_bound_port(pstream), port);
            expected = xasprintf("ptcp:%u:127.0.0.1", port);
            CHECK_STREQ(pstream_get_name(pstream), expected);
            free(expected);
            pstream_close(pstream);

            /* An explicit port wins over the default. */
            name = xasprintf("ptcp:%u:127.0.0.1", port);
            CHECK_EQ(pstream_open_with_default_port(name, 1, &pstream, 0),
                     0);
            CHECK_EQ(pstream_get_bound_port(pstream), port);
            pstream_close(pstream);
            free(name);
        }
    }
    CHECK_EQ(error, 0);
}

OSW_TEST(needs_probes)
{
    CHECK(stream_or_pstream_needs_probes("tcp:1.2.3.4:5"));
    CHECK(stream_or_pstream_needs_probes("ssl:1.2.3.4:5"));
    CHECK(stream_or_pstream_needs_probes("ptcp:5"));
    CHECK(stream_or_pstream_needs_probes("pssl:5"));
    CHECK(!stream_or_pstream_needs_probes("unix:x"));
    CHECK(!stream_or_pstream_needs_probes("punix:x"));
    CHECK(!stream_or_pstream_needs_probes("bogus:x"));
    CHECK(!stream_or_pstream_needs_probes("tcp"));
}

/* Unix streams. */

OSW_TEST(unix_pair)
{
    char *path = tmp_file("pair.sock");
    char *pname = xasprintf("punix:%s", path);
    char *cname = xasprintf("unix:%s", path);
    struct pstream *pstream;
    struct stream *client, *server;
    char buf[64];

    CHECK_EQ(pstream_open(pname, &pstream, 0), 0);
    CHECK_STREQ(pstream_get_name(pstream), pname);
    CHECK_EQ(pstream_get_bound_port(pstream), 0);
    CHECK(file_exists(path));
    CHECK_EQ(pstream_accept(pstream, &server), EAGAIN);
    CHECK(server == NULL);

    CHECK_EQ(stream_open(cname, &client, 0), 0);
    CHECK_STREQ(stream_get_name(client), cname);
    CHECK_EQ(stream_connect(client), 0);
    server = accept_block(pstream);
    CHECK_EQ(stream_connect(server), 0);
    CHECK_STREQ(stream_get_name(server), "unix");
    CHECK(stream_get_peer_id(client) == NULL);

    /* Nothing to read yet. */
    CHECK_EQ(stream_recv(server, buf, sizeof buf), -EAGAIN);
    CHECK_EQ(stream_recv(client, buf, sizeof buf), -EAGAIN);

    check_exchange(client, server);
    CHECK_EQ(stream_send(client, "", 0), 0);

    /* Closing one end is end of stream at the other. */
    stream_close(client);
    CHECK_EQ(recv_block(server, buf, sizeof buf), 0);
    stream_close(server);

    pstream_close(pstream);
    CHECK(!file_exists(path));
    free(path);
    free(pname);
    free(cname);
}

OSW_TEST(unix_relative_to_rundir)
{
    char *path = tmp_file("rel.sock");
    struct pstream *pstream;
    struct stream *client, *server;

    setenv("OSW_RUNDIR", osw_test_tmpdir(), 1);
    CHECK_EQ(pstream_open("punix:rel.sock", &pstream, 0), 0);
    CHECK(file_exists(path));
    CHECK_EQ(stream_open_block(stream_open("unix:rel.sock", &client, 0),
                               DEADLINE_MSEC, &client), 0);
    server = accept_block(pstream);
    check_exchange(server, client);
    stream_close(client);
    stream_close(server);
    pstream_close(pstream);
    CHECK(!file_exists(path));
    free(path);
}

OSW_TEST(unix_long_path)
{
    struct sockaddr_un un;
    char *dir = xstrdup(osw_test_tmpdir());
    struct pstream *pstream;
    struct stream *client, *server;
    char *path, *pname, *cname;

    /* Nest directories until the socket's path cannot fit in sun_path. */
    while (strlen(dir) < sizeof un.sun_path + 20) {
        char *sub = xasprintf("%s/a-rather-long-directory-name", dir);
        CHECK(!mkdir(sub, 0700));
        free(dir);
        dir = sub;
    }
    path = xasprintf("%s/long.sock", dir);
    pname = xasprintf("punix:%s", path);
    cname = xasprintf("unix:%s", path);

    CHECK_EQ(pstream_open(pname, &pstream, 0), 0);
    CHECK(file_exists(path));
    CHECK_EQ(stream_open_block(stream_open(cname, &client, 0),
                               DEADLINE_MSEC, &client), 0);
    server = accept_block(pstream);
    check_exchange(client, server);
    stream_close(client);
    stream_close(server);
    pstream_close(pstream);
    CHECK(!file_exists(path));

    free(path);
    free(pname);
    free(cname);
    free(dir);
}

OSW_TEST(unix_stale_socket)
{
    char *path = tmp_file("stale.sock");
    char *pname = xasprintf("punix:%s", path);
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    struct pstream *pstream, *pstream2;
    int fd;

    /* A socket file whose listener is gone, as after a crash. */
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK(fd >= 0);
    CHECK(strlen(path) < sizeof un.sun_path);
    strcpy(un.sun_path, path);
    CHECK(!bind(fd, (struct sockaddr *) &un, sizeof un));
    close(fd);
    CHECK(file_exists(path));

    CHECK_EQ(pstream_open(pname, &pstream, 0), 0);

    /* A live listener is not taken over. */
    CHECK_EQ(pstream_open(pname, &pstream2, 0), EADDRINUSE);
    CHECK(pstream2 == NULL);
    CHECK(file_exists(path));

    pstream_close(pstream);
    CHECK(!file_exists(path));
    free(path);
    free(pname);
}

OSW_TEST(unix_not_a_socket)
{
    char *path = tmp_file("regular");
    char *pname = xasprintf("punix:%s", path);
    struct pstream *pstream;
    int fd;

    fd = open(path, O_CREAT | O_WRONLY, 0600);
    CHECK(fd >= 0);
    close(fd);
    CHECK_EQ(pstream_open(pname, &pstream, 0), EADDRINUSE);
    CHECK(pstream == NULL);
    CHECK(file_exists(path));
    free(path);
    free(pname);
}

OSW_TEST(unix_connect_errors)
{
    char *path = tmp_file("nobody.sock");
    char *cname = xasprintf("unix:%s", path);
    struct stream *stream;
    int error;

    CHECK_EQ(stream_open(cname, &stream, 0), ENOENT);
    CHECK(stream == NULL);

    /* A socket file that nobody listens on. */
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    strcpy(un.sun_path, path);
    CHECK(!bind(fd, (struct sockaddr *) &un, sizeof un));
    error = stream_open(cname, &stream, 0);
    CHECK_EQ(stream_open_block(error, DEADLINE_MSEC, &stream),
             ECONNREFUSED);
    CHECK(stream == NULL);
    close(fd);
    free(path);
    free(cname);
}

/* TCP streams. */

static void
tcp_pair_test(const char *ip)
{
    struct pstream *pstream = open_ptcp_or_skip(ip);
    struct stream *client, *server;
    uint16_t port = pstream_get_bound_port(pstream);
    char *cname = xasprintf("tcp:%s:%u", ip, port);
    char *prefix = xasprintf("tcp:%s:", ip);
    char buf[16];

    CHECK(port != 0);
    CHECK_EQ(pstream_accept(pstream, &server), EAGAIN);
    CHECK_EQ(stream_open(cname, &client, 0), 0);
    server = connect_pair_ok(pstream, client);
    CHECK_STREQ(stream_get_name(client), cname);
    CHECK(!strncmp(stream_get_name(server), prefix, strlen(prefix)));
    CHECK(stream_get_peer_id(server) == NULL);

    CHECK_EQ(stream_recv(client, buf, sizeof buf), -EAGAIN);
    check_exchange(client, server);
    CHECK_EQ(stream_recv(server, buf, sizeof buf), -EAGAIN);

    stream_close(server);
    CHECK_EQ(recv_block(client, buf, sizeof buf), 0);
    stream_close(client);
    pstream_close(pstream);
    free(cname);
    free(prefix);
}

OSW_TEST(tcp_ipv4_pair)
{
    tcp_pair_test("127.0.0.1");
}

OSW_TEST(tcp_ipv6_pair)
{
    tcp_pair_test("[::1]");
}

OSW_TEST(tcp_ipv6_unbracketed_passive)
{
    struct pstream *pstream;
    int error = pstream_open("ptcp:0:::1", &pstream, 0);

    if (error == EAFNOSUPPORT || error == EADDRNOTAVAIL) {
        osw_test_skip("no IPv6 on this machine");
    }
    CHECK_EQ(error, 0);
    CHECK(!strncmp(pstream_get_name(pstream), "ptcp:", 5));
    CHECK(strstr(pstream_get_name(pstream), ":[::1]") != NULL);
    pstream_close(pstream);
}

OSW_TEST(tcp_large_transfer)
{
    enum { SIZE = 8 * 1024 * 1024 };
    struct pstream *pstream = open_ptcp_or_skip("127.0.0.1");
    char *cname = xasprintf("tcp:127.0.0.1:%u",
                            pstream_get_bound_port(pstream));
    struct stream *client, *server;
    uint8_t *data = xmalloc(SIZE);

    for (size_t i = 0; i < SIZE; i++) {
        data[i] = (i * 7919) >> 3;
    }
    CHECK_EQ(stream_open(cname, &client, 0), 0);
    server = connect_pair_ok(pstream, client);

    /* 8 MB do not fit in socket buffers, so some sends must fall short. */
    CHECK(transfer(client, server, data, SIZE) > 0);
    CHECK(transfer(server, client, data, SIZE) > 0);

    stream_close(client);
    stream_close(server);
    pstream_close(pstream);
    free(data);
    free(cname);
}

OSW_TEST(tcp_connection_refused)
{
    uint16_t port = free_port("127.0.0.1");
    char *cname = xasprintf("tcp:127.0.0.1:%u", port);
    struct stream *stream;
    int error;

    error = stream_open(cname, &stream, 0);
    CHECK(error == 0 || error == ECONNREFUSED);
    CHECK_EQ(stream_open_block(error, DEADLINE_MSEC, &stream),
             ECONNREFUSED);
    CHECK(stream == NULL);

    /* Without blocking: the failure sticks. */
    CHECK_EQ(stream_open(cname, &stream, 0), 0);
    long long int deadline = time_msec() + DEADLINE_MSEC;
    while ((error = stream_connect(stream)) == EAGAIN) {
        CHECK(time_msec() < deadline);
        stream_connect_wait(stream);
        poll_block();
    }
    CHECK_EQ(error, ECONNREFUSED);
    CHECK_EQ(stream_connect(stream), ECONNREFUSED);
    char buf[4];
    CHECK_EQ(stream_recv(stream, buf, sizeof buf), -ECONNREFUSED);
    CHECK_EQ(stream_send(stream, "x", 1), -ECONNREFUSED);

    /* Waiting on a failed stream returns at once, to report the error. */
    long long int start = time_msec();
    stream_recv_wait(stream);
    poll_timer_wait(DEADLINE_MSEC);
    poll_block();
    CHECK(time_msec() - start < DEADLINE_MSEC / 2);
    stream_close(stream);
    free(cname);
}

OSW_TEST(tcp_send_after_peer_closed)
{
    struct pstream *pstream = open_ptcp_or_skip("127.0.0.1");
    char *cname = xasprintf("tcp:127.0.0.1:%u",
                            pstream_get_bound_port(pstream));
    struct stream *client, *server;
    long long int deadline;
    char buf[1024];
    int retval;

    CHECK_EQ(stream_open(cname, &client, 0), 0);
    server = connect_pair_ok(pstream, client);
    stream_close(server);

    /* The process must get an error, not die of SIGPIPE. */
    memset(buf, 'x', sizeof buf);
    deadline = time_msec() + DEADLINE_MSEC;
    while ((retval = stream_send(client, buf, sizeof buf)) >= 0
           || retval == -EAGAIN) {
        CHECK(time_msec() < deadline);
        osw_msleep(10);
    }
    CHECK(retval == -EPIPE || retval == -ECONNRESET);
    stream_close(client);
    pstream_close(pstream);
    free(cname);
}

OSW_TEST(tcp_listen_address_in_use)
{
    struct pstream *pstream = open_ptcp_or_skip("127.0.0.1");
    char *name = xasprintf("ptcp:%u:127.0.0.1",
                           pstream_get_bound_port(pstream));
    struct pstream *pstream2;

    CHECK_EQ(pstream_open(name, &pstream2, 0), EADDRINUSE);
    CHECK(pstream2 == NULL);
    pstream_close(pstream);
    free(name);
}

OSW_TEST(tcp_dscp)
{
    struct pstream *pstream = open_ptcp_or_skip("127.0.0.1");
    char *cname = xasprintf("tcp:127.0.0.1:%u",
                            pstream_get_bound_port(pstream));
    struct stream *client, *server;

    CHECK_EQ(stream_open(cname, &client, 48), 0);
    server = connect_pair_ok(pstream, client);
    check_exchange(client, server);
    stream_close(client);
    stream_close(server);
    pstream_close(pstream);
    free(cname);
}

OSW_TEST(tcp_accept_many)
{
    enum { N = 5 };
    struct pstream *pstream = open_ptcp_or_skip("127.0.0.1");
    char *cname = xasprintf("tcp:127.0.0.1:%u",
                            pstream_get_bound_port(pstream));
    struct stream *clients[N], *servers[N];

    for (int i = 0; i < N; i++) {
        CHECK_EQ(stream_open_block(stream_open(cname, &clients[i], 0),
                                   DEADLINE_MSEC, &clients[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        servers[i] = accept_block(pstream);
    }
    struct stream *extra;
    CHECK_EQ(pstream_accept(pstream, &extra), EAGAIN);
    CHECK(extra == NULL);
    for (int i = 0; i < N; i++) {
        uint8_t byte = i;
        transfer(clients[i], servers[i], &byte, 1);
    }
    for (int i = 0; i < N; i++) {
        stream_close(clients[i]);
        stream_close(servers[i]);
    }
    pstream_close(pstream);
    free(cname);
}

/* SSL streams.  The certificates come from the openssl command.  SSL
 * configuration is global to a process, so each test's client runs in a
 * child process with its own. */

static void
run_openssl(const char *args)
{
    char *cmd = xasprintf("cd '%s' && openssl %s >>openssl.log 2>&1",
                          osw_test_tmpdir(), args);
    if (system(cmd)) {
        osw_test_fail(__FILE__, __LINE__, "failed: %s", cmd);
    }
    free(cmd);
}

static void
require_openssl(void)
{
    if (system("openssl version >/dev/null 2>&1")) {
        osw_test_skip("needs the openssl command");
    }
}

/* Creates in the test's directory a CA named 'ca' (files CA-cert.pem and
 * CA-key.pem). */
static void
make_ca(const char *ca)
{
    char *args = xasprintf(
        "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
        "-nodes -days 2 -subj /CN=%s -keyout %s-key.pem -out %s-cert.pem "
        "-addext basicConstraints=critical,CA:TRUE", ca, ca, ca);
    run_openssl(args);
    free(args);
}

/* Creates a key and certificate 'name'-key.pem, 'name'-cert.pem with CN
 * 'name', signed by CA 'ca'. */
static void
make_cert(const char *name, const char *ca)
{
    char *args = xasprintf(
        "req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
        "-subj /CN=%s -keyout %s-key.pem -out %s-req.pem", name, name, name);
    run_openssl(args);
    free(args);
    args = xasprintf("x509 -req -in %s-req.pem -CA %s-cert.pem "
                     "-CAkey %s-key.pem -CAcreateserial -days 2 "
                     "-out %s-cert.pem", name, ca, ca, name);
    run_openssl(args);
    free(args);
}

static char *
pem_file(const char *name, const char *kind)
{
    return xasprintf("%s/%s-%s.pem", osw_test_tmpdir(), name, kind);
}

/* Configures SSL with 'name''s key and certificate and 'ca''s CA
 * certificate. */
static void
configure_ssl(const char *name, const char *ca)
{
    char *file;

    file = pem_file(name, "key");
    stream_ssl_set_private_key_file(file);
    free(file);
    file = pem_file(name, "cert");
    stream_ssl_set_certificate_file(file);
    free(file);
    file = pem_file(ca, "cert");
    stream_ssl_set_ca_cert_file(file, false);
    free(file);
}

static struct pstream *
open_pssl(void)
{
    struct pstream *pstream;
    CHECK_EQ(pstream_open("pssl:0:127.0.0.1", &pstream, 0), 0);
    CHECK(pstream_get_bound_port(pstream) != 0);
    return pstream;
}

/* Sends 'n' bytes on 'stream' and reads back as many, which must be the
 * same.  Returns 0 or a positive errno value. */
static int
echo_exchange(struct stream *stream, size_t n)
{
    long long int deadline = time_msec() + DEADLINE_MSEC;
    uint8_t *data = xmalloc(n), *back = xmalloc(n);
    size_t sent = 0, got = 0;
    int error = 0;

    for (size_t i = 0; i < n; i++) {
        data[i] = i * 31 + (i >> 8);
    }
    while (got < n && !error) {
        int retval;

        if (sent < n) {
            retval = stream_send(stream, data + sent, n - sent);
            if (retval > 0) {
                sent += retval;
            } else if (retval != -EAGAIN) {
                error = -retval;
            }
        }
        stream_run(stream);
        retval = stream_recv(stream, back + got, n - got);
        if (retval > 0) {
            got += retval;
        } else if (retval != -EAGAIN) {
            error = retval ? -retval : EOF;
        }
        if (!error && got < n) {
            if (time_msec() >= deadline) {
                error = ETIMEDOUT;
            }
            stream_run_wait(stream);
            if (sent < n) {
                stream_send_wait(stream);
            }
            stream_recv_wait(stream);
            poll_timer_wait_until(deadline);
            poll_block();
        }
    }
    if (!error && memcmp(data, back, n)) {
        error = EPROTO;
    }
    free(data);
    free(back);
    return error;
}

/* Exit statuses of ssl_client(). */
enum {
    CLIENT_OK,
    CLIENT_CONNECT_FAILED,
    CLIENT_EXCHANGE_FAILED,
    CLIENT_WRONG_PEER,
};

/* Forks a client that connects to 'pstream' with key and certificate
 * 'name' and CA 'ca' (bootstrapped into 'bootstrap_file' if nonnull),
 * checks that the server's CN is 'server_cn', echoes 'n' bytes and exits
 * with one of the statuses above.  Returns its pid. */
static pid_t
ssl_client(struct pstream *pstream, const char *name, const char *ca,
           const char *bootstrap_file, const char *server_cn, size_t n)
{
    char *stream_name = xasprintf("ssl:127.0.0.1:%u",
                                  pstream_get_bound_port(pstream));
    struct stream *stream;
    int status;
    pid_t pid;

    fflush(NULL);
    pid = fork();
    CHECK(pid >= 0);
    if (pid) {
        free(stream_name);
        return pid;
    }

    pstream_close(pstream);     /* The parent's. */
    configure_ssl(name, ca);
    if (bootstrap_file) {
        stream_ssl_set_ca_cert_file(bootstrap_file, true);
    }
    if (stream_open_block(stream_open(stream_name, &stream, 0),
                          DEADLINE_MSEC, &stream)) {
        status = CLIENT_CONNECT_FAILED;
    } else if (!stream_get_peer_id(stream)
               || strcmp(stream_get_peer_id(stream), server_cn)) {
        status = CLIENT_WRONG_PEER;
    } else {
        status = echo_exchange(stream, n) ? CLIENT_EXCHANGE_FAILED
                                          : CLIENT_OK;
    }
    stream_close(stream);
    free(stream_name);
    exit(status);
}

/* Accepts one connection on 'pstream' and echoes what it receives until
 * the end of the stream.  Stores a copy of the peer's CN in '*peer_idp'
 * (NULL if none).  Returns 0 if the client went away cleanly after a
 * successful handshake, otherwise the handshake or I/O error. */
static int
ssl_echo_server(struct pstream *pstream, char **peer_idp)
{
    long long int deadline = time_msec() + DEADLINE_MSEC;
    struct stream *stream = accept_block(pstream);
    char buf[4096];
    size_t len = 0;
    int error;

    *peer_idp = NULL;
    while ((error = stream_connect(stream)) == EAGAIN) {
        CHECK(time_msec() < deadline);
        stream_connect_wait(stream);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    if (!error && stream_get_peer_id(stream)) {
        *peer_idp = xstrdup(stream_get_peer_id(stream));
    }
    while (!error) {
        if (len) {
            int retval = stream_send(stream, buf, len);
            if (retval > 0) {
                memmove(buf, buf + retval, len - retval);
                len -= retval;
            } else if (retval != -EAGAIN) {
                error = -retval;
                break;
            }
        }
        stream_run(stream);
        if (len < sizeof buf) {
            int retval = stream_recv(stream, buf + len, sizeof buf - len);
            if (retval > 0) {
                len += retval;
            } else if (!retval) {
                break;
            } else if (retval != -EAGAIN) {
                error = -retval;
                break;
            }
        }
        CHECK(time_msec() < deadline);
        stream_run_wait(stream);
        if (len) {
            stream_send_wait(stream);
        }
        if (len < sizeof buf) {
            stream_recv_wait(stream);
        }
        poll_timer_wait_until(deadline);
        poll_block();
    }
    stream_close(stream);
    return error;
}

static int
wait_child(pid_t pid)
{
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFEXITED(status));
    return WEXITSTATUS(status);
}

OSW_TEST(ssl_pair)
{
    struct pstream *pstream;
    char *peer_id;
    pid_t pid;

    require_openssl();
    make_ca("ca");
    make_cert("server", "ca");
    make_cert("client", "ca");

    configure_ssl("server", "ca");
    CHECK(stream_ssl_is_configured());
    pstream = open_pssl();
    CHECK(!strncmp(pstream_get_name(pstream), "pssl:", 5));

    /* Large enough for partial sends and for TLS to wait on the socket. */
    pid = ssl_client(pstream, "client", "ca", NULL, "server", 4 << 20);
    CHECK_EQ(ssl_echo_server(pstream, &peer_id), 0);
    CHECK_STREQ(peer_id, "client");
    CHECK_EQ(wait_child(pid), CLIENT_OK);
    free(peer_id);

    /* A second client on the same listener. */
    pid = ssl_client(pstream, "client", "ca", NULL, "server", 10);
    CHECK_EQ(ssl_echo_server(pstream, &peer_id), 0);
    CHECK_EQ(wait_child(pid), CLIENT_OK);
    free(peer_id);

    pstream_close(pstream);
}

OSW_TEST(ssl_client_cert_from_other_ca_refused)
{
    struct pstream *pstream;
    char *peer_id;
    pid_t pid;

    require_openssl();
    make_ca("ca");
    make_ca("other");
    make_cert("server", "ca");
    make_cert("intruder", "other");

    configure_ssl("server", "ca");
    pstream = open_pssl();
    pid = ssl_client(pstream, "intruder", "ca", NULL, "server", 10);
    CHECK(ssl_echo_server(pstream, &peer_id) != 0);
    CHECK(peer_id == NULL);
    /* In TLSv1.3 the client completes its handshake before the server has
     * judged its certificate, and learns of the refusal on its first
     * read. */
    int status = wait_child(pid);
    CHECK(status == CLIENT_CONNECT_FAILED || status == CLIENT_EXCHANGE_FAILED);
    pstream_close(pstream);
}

OSW_TEST(ssl_server_cert_from_other_ca_refused)
{
    struct pstream *pstream;
    char *peer_id;
    pid_t pid;

    require_openssl();
    make_ca("ca");
    make_ca("other");
    make_cert("server", "other");
    make_cert("client", "ca");

    /* The server trusts the client's CA, but not the other way round. */
    configure_ssl("server", "ca");
    pstream = open_pssl();
    pid = ssl_client(pstream, "client", "ca", NULL, "server", 10);
    CHECK(ssl_echo_server(pstream, &peer_id) != 0);
    CHECK_EQ(wait_child(pid), CLIENT_CONNECT_FAILED);
    free(peer_id);
    pstream_close(pstream);
}

static char *
read_file(const char *name)
{
    FILE *f = fopen(name, "r");
    char buf[65536];
    size_t n;

    CHECK(f != NULL);
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    return xmemdup0(buf, n);
}

OSW_TEST(ssl_bootstrap_ca_cert)
{
    char *ca_file = xasprintf("%s/bootstrapped.pem", osw_test_tmpdir());
    struct pstream *pstream;
    char *file, *a, *b;
    char *peer_id;
    pid_t pid;

    require_openssl();
    make_ca("ca");
    make_cert("server", "ca");
    make_cert("client", "ca");

    configure_ssl("server", "ca");
    file = pem_file("ca", "cert");
    stream_ssl_set_peer_ca_cert_file(file);
    pstream = open_pssl();

    /* The client has no CA certificate yet, and saves the server's. */
    pid = ssl_client(pstream, "client", "ca", ca_file, "server", 100);
    CHECK_EQ(ssl_echo_server(pstream, &peer_id), 0);
    CHECK_EQ(wait_child(pid), CLIENT_OK);
    CHECK_STREQ(peer_id, "client");
    free(peer_id);
    a = read_file(file);
    b = read_file(ca_file);
    CHECK_STREQ(a, b);
    free(a);
    free(b);

    /* The next client finds the file and simply uses it. */
    pid = ssl_client(pstream, "client", "ca", ca_file, "server", 100);
    CHECK_EQ(ssl_echo_server(pstream, &peer_id), 0);
    CHECK_EQ(wait_child(pid), CLIENT_OK);
    free(peer_id);

    pstream_close(pstream);
    free(file);
    free(ca_file);
}

OSW_TEST(ssl_bootstrap_save_fails)
{
    char *ca_file = xasprintf("%s/no-such-dir/ca.pem", osw_test_tmpdir());
    struct pstream *pstream;
    char *peer_id;
    pid_t pid;

    require_openssl();
    make_ca("ca");
    make_cert("server", "ca");
    make_cert("client", "ca");

    /* A CA certificate that cannot be saved is not trusted either. */
    configure_ssl("server", "ca");
    pstream = open_pssl();
    pid = ssl_client(pstream, "client", "ca", ca_file, "server", 100);
    ssl_echo_server(pstream, &peer_id);
    free(peer_id);
    CHECK_EQ(wait_child(pid), CLIENT_CONNECT_FAILED);
    CHECK(!file_exists(ca_file));
    pstream_close(pstream);
    free(ca_file);
}

OSW_TEST(ssl_listener_cannot_bootstrap)
{
    char *ca_file = xasprintf("%s/missing.pem", osw_test_tmpdir());
    struct pstream *pstream;

    require_openssl();
    make_ca("ca");
    make_cert("server", "ca");
    configure_ssl("server", "ca");
    stream_ssl_set_ca_cert_file(ca_file, true);
    CHECK(stream_ssl_is_configured());
    CHECK_EQ(pstream_open("pssl:0:127.0.0.1", &pstream, 0), ENOPROTOOPT);
    CHECK(pstream == NULL);
    free(ca_file);
}

OSW_TEST(ssl_open_block_timeout)
{
    struct pstream *pstream;
    struct stream *stream, *server;
    long long int start;
    char *name;

    require_openssl();
    make_ca("ca");
    make_cert("client", "ca");
    configure_ssl("client", "ca");

    /* A plain TCP listener never answers the TLS handshake. */
    pstream = open_ptcp_or_skip("127.0.0.1");
    name = xasprintf("ssl:127.0.0.1:%u", pstream_get_bound_port(pstream));
    CHECK_EQ(stream_open(name, &stream, 0), 0);
    start = time_msec();
    CHECK_EQ(stream_open_block(0, 300, &stream), ETIMEDOUT);
    CHECK(stream == NULL);
    CHECK(time_msec() - start >= 300);
    CHECK(time_msec() - start < DEADLINE_MSEC);

    /* The client's hello went out and is waiting for the server. */
    server = accept_block(pstream);
    stream_close(server);
    pstream_close(pstream);
    free(name);
}

OSW_TEST(ssl_bad_files)
{
    char *missing = tmp_file("missing.pem");
    char *garbage = tmp_file("garbage.pem");
    struct stream *stream;
    FILE *f;

    f = fopen(garbage, "w");
    CHECK(f != NULL);
    fputs("-----BEGIN CERTIFICATE-----\nnot base64!\n"
          "-----END CERTIFICATE-----\n", f);
    fclose(f);

    stream_ssl_set_private_key_file(missing);
    stream_ssl_set_certificate_file(garbage);
    stream_ssl_set_ca_cert_file(missing, false);
    stream_ssl_set_peer_ca_cert_file(garbage);
    stream_ssl_set_protocols("TLSv1.2,SSLv2");
    stream_ssl_set_protocols("TLSv1.2,TLSv1.3");
    stream_ssl_set_ciphers("NO-SUCH-CIPHER");
    stream_ssl_set_ciphers("HIGH");

    /* Configured (names given), but not usable. */
    CHECK(stream_ssl_is_configured());
    CHECK_EQ(stream_open("ssl:127.0.0.1:1", &stream, 0), ENOPROTOOPT);
    CHECK(stream == NULL);
    free(missing);
    free(garbage);
}

OSW_TEST(ssl_key_certificate_mismatch)
{
    struct pstream *pstream;
    char *file;

    require_openssl();
    make_ca("ca");
    make_cert("server", "ca");
    configure_ssl("server", "ca");
    file = pem_file("ca", "key");
    stream_ssl_set_private_key_file(file);
    free(file);
    CHECK_EQ(pstream_open("pssl:0:127.0.0.1", &pstream, 0), EPROTO);
    CHECK(pstream == NULL);
}

OSW_TEST_MAIN()
