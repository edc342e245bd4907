/* oswbench-rr: TCP request/response transactions, for the datapath
 * benchmark (tests/bench/dp-bench.sh).
 *
 * A transaction is one request of --size bytes (default 1) from the client
 * and one response of the same size from the server, with TCP_NODELAY on
 * both ends and exactly one transaction in flight: the rate is the inverse
 * of the round-trip time through the network path, the switch included.
 *
 * Usage:
 *   oswbench-rr server [--port=P] [--bind=ADDR]
 *       Serves connections one after another until killed.
 *   oswbench-rr client --host=ADDR [--port=P] [--duration=SECS]
 *                      [--size=BYTES] [--timeout=SECS]
 *       Runs transactions for SECS seconds (default 5) after a warm-up of
 *       0.2 s.  A transaction or connection that takes longer than
 *       --timeout (default 2 s) ends the run with an error.
 *
 * The client prints "KEY VALUE" lines: transactions, tps, p50_us, p99_us,
 * max_us.  Exit status 0 on success, 1 on failure. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_SIZE 65536

/* Latency histogram: 1 us buckets up to 100 ms; slower ones go in the
 * last bucket. */
#define HIST_BUCKETS 100000

struct rr_options {
    const char *host;
    const char *bind_addr;
    int port;
    double duration;
    int size;
    double timeout;
};

static void
usage(void)
{
    printf("usage: oswbench-rr server [--port=P] [--bind=ADDR]\n"
           "       oswbench-rr client --host=ADDR [--port=P] "
           "[--duration=SECS] [--size=BYTES] [--timeout=SECS]\n");
}

static void
die(const char *msg)
{
    fprintf(stderr, "oswbench-rr: %s\n", msg);
    exit(1);
}

static void
die_errno(const char *msg)
{
    fprintf(stderr, "oswbench-rr: %s: %s\n", msg, strerror(errno));
    exit(1);
}

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
parse_double(const char *s, const char *what)
{
    char *end;
    double v = strtod(s, &end);

    if (*s == '\0' || *end != '\0' || !(v > 0)) {
        fprintf(stderr, "oswbench-rr: bad %s \"%s\"\n", what, s);
        exit(1);
    }
    return v;
}

static void
parse_options(int argc, char *argv[], struct rr_options *o)
{
    enum { OPT_HOST = 256, OPT_BIND, OPT_PORT, OPT_DURATION, OPT_SIZE,
           OPT_TIMEOUT };
    static const struct option longopts[] = {
        {"host", required_argument, NULL, OPT_HOST},
        {"bind", required_argument, NULL, OPT_BIND},
        {"port", required_argument, NULL, OPT_PORT},
        {"duration", required_argument, NULL, OPT_DURATION},
        {"size", required_argument, NULL, OPT_SIZE},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    memset(o, 0, sizeof *o);
    o->bind_addr = "0.0.0.0";
    o->port = 5201 + 1000;
    o->duration = 5;
    o->size = 1;
    o->timeout = 2;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_HOST:
            o->host = optarg;
            break;
        case OPT_BIND:
            o->bind_addr = optarg;
            break;
        case OPT_PORT:
            o->port = atoi(optarg);
            if (o->port <= 0 || o->port > 65535) {
                die("bad --port");
            }
            break;
        case OPT_DURATION:
            o->duration = parse_double(optarg, "--duration");
            break;
        case OPT_SIZE:
            o->size = atoi(optarg);
            if (o->size <= 0 || o->size > MAX_SIZE) {
                die("bad --size");
            }
            break;
        case OPT_TIMEOUT:
            o->timeout = parse_double(optarg, "--timeout");
            break;
        case 'h':
            usage();
            exit(0);
        default:
            usage();
            exit(1);
        }
    }
}

static void
make_addr(const char *host, int port, struct sockaddr_in *sin)
{
    memset(sin, 0, sizeof *sin);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    if (inet_pton(AF_INET, host, &sin->sin_addr) != 1) {
        fprintf(stderr, "oswbench-rr: %s: not an IPv4 address\n", host);
        exit(1);
    }
}

static void
set_nodelay(int fd)
{
    int one = 1;

    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one)) {
        die_errno("TCP_NODELAY");
    }
}

/* Waits at most 'timeout' seconds for 'events' on 'fd'.  Returns true if
 * they came. */
static bool
wait_fd(int fd, short events, double timeout)
{
    struct pollfd pfd = { .fd = fd, .events = events };
    int n;

    do {
        n = poll(&pfd, 1, (int) (timeout * 1000));
    } while (n < 0 && errno == EINTR);
    return n > 0;
}

/* Echoes everything it reads back to 'fd' until the peer closes. */
static void
serve_connection(int fd)
{
    static char buf[MAX_SIZE];

    set_nodelay(fd);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf), done = 0;

        if (n <= 0) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            return;
        }
        while (done < n) {
            ssize_t w = write(fd, buf + done, n - done);
            if (w < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return;
            }
            done += w;
        }
    }
}

static void __attribute__((noreturn))
run_server(const struct rr_options *o)
{
    struct sockaddr_in sin;
    int one = 1;
    int fd;

    make_addr(o->bind_addr, o->port, &sin);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        die_errno("socket");
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *) &sin, sizeof sin) < 0) {
        die_errno("bind");
    }
    if (listen(fd, 16) < 0) {
        die_errno("listen");
    }
    for (;;) {
        int conn = accept(fd, NULL, NULL);
        if (conn < 0) {
            if (errno == EINTR || errno == ECONNABORTED) {
                continue;
            }
            die_errno("accept");
        }
        serve_connection(conn);
        close(conn);
    }
}

/* Connects to 'o' with a timeout, since a switch that does not forward
 * must give an error, not a hang. */
static int
connect_with_timeout(const struct rr_options *o)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof(int);
    int fd, err = 0;

    make_addr(o->host, o->port, &sin);
    fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        die_errno("socket");
    }
    if (connect(fd, (struct sockaddr *) &sin, sizeof sin) < 0) {
        if (errno != EINPROGRESS) {
            die_errno("connect");
        }
        if (!wait_fd(fd, POLLOUT, o->timeout)) {
            die("connect: timed out");
        }
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err) {
            errno = err;
            die_errno("connect");
        }
    }
    set_nodelay(fd);
    return fd;
}

/* One transaction on 'fd': sends 'size' bytes of 'buf' and reads as many
 * back.  Dies after 'timeout' seconds without progress. */
static void
transact(int fd, char *buf, int size, double timeout)
{
    int done = 0;

    while (done < size) {
        ssize_t n = send(fd, buf + done, size - done, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN) {
                if (!wait_fd(fd, POLLOUT, timeout)) {
                    die("send: timed out");
                }
                continue;
            }
            die_errno("send");
        }
        done += n;
    }
    done = 0;
    while (done < size) {
        /* Try first: at high rates the answer is often there already. */
        ssize_t n = recv(fd, buf + done, size - done, 0);
        if (n < 0) {
            if (errno == EAGAIN) {
                if (!wait_fd(fd, POLLIN, timeout)) {
                    die("recv: timed out (no response)");
                }
                continue;
            }
            die_errno("recv");
        }
        if (n == 0) {
            die("recv: connection closed by server");
        }
        done += n;
    }
}

static double
percentile(const uint32_t *hist, long long int total, double p)
{
    long long int want = (long long int) (total * p + 0.5), seen = 0;

    if (want < 1) {
        want = 1;
    }
    for (int i = 0; i < HIST_BUCKETS; i++) {
        seen += hist[i];
        if (seen >= want) {
            return i;
        }
    }
    return HIST_BUCKETS;
}

static int
run_client(const struct rr_options *o)
{
    static char buf[MAX_SIZE];
    uint32_t *hist = calloc(HIST_BUCKETS + 1, sizeof *hist);
    long long int count = 0;
    double start, deadline, t, max_us = 0;
    int fd;

    if (!o->host) {
        die("client needs --host");
    }
    if (!hist) {
        die("out of memory");
    }
    fd = connect_with_timeout(o);

    /* Warm-up: ARP, the switch's caches, TCP's state. */
    deadline = now_s() + 0.2;
    while (now_s() < deadline) {
        transact(fd, buf, o->size, o->timeout);
    }

    start = t = now_s();
    deadline = start + o->duration;
    while (t < deadline) {
        double t1, us;
        int bucket;

        transact(fd, buf, o->size, o->timeout);
        t1 = now_s();
        us = (t1 - t) * 1e6;
        bucket = us < HIST_BUCKETS ? (int) us : HIST_BUCKETS;
        hist[bucket]++;
        if (us > max_us) {
            max_us = us;
        }
        count++;
        t = t1;
    }
    printf("transactions %lld\n", count);
    printf("tps %.0f\n", count / (t - start));
    printf("p50_us %.0f\n", percentile(hist, count, 0.50));
    printf("p99_us %.0f\n", percentile(hist, count, 0.99));
    printf("max_us %.0f\n", max_us);
    close(fd);
    free(hist);
    return 0;
}

int main(int argc, char *argv[]);

int
main(int argc, char *argv[])
{
    struct rr_options o;

    if (argc < 2) {
        usage();
        return 1;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        usage();
        return 0;
    }
    signal(SIGPIPE, SIG_IGN);
    parse_options(argc - 1, argv + 1, &o);
    if (!strcmp(argv[1], "server")) {
        run_server(&o);
    } else if (!strcmp(argv[1], "client")) {
        return run_client(&o);
    }
    usage();
    return 1;
}
