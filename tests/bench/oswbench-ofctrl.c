/* oswbench-ofctrl: a minimal OpenFlow 1.3 controller for the OpenFlow
 * benchmark (tests/bench/of-bench.sh).
 *
 * It listens on a TCP port, waits for one switch to connect, says hello
 * (OpenFlow 1.3 only), and then does one job, timing it:
 *
 *   install   sends N flow_mods ("priority=1000,udp,tp_src=1024+i,
 *             actions=output:PORT", i = 0..N-1) back to back, then a
 *             barrier, and reports how long until the barrier reply:
 *             flows installed per second through a controller connection.
 *   loop      installs "priority=0 actions=CONTROLLER:65535" (every miss
 *             is a packet-in carrying the whole frame), then answers each
 *             packet-in, cbench-style, with a flow_mod for its flow
 *             ("priority=100,udp,tp_src=SRC,actions=output:PORT") and a
 *             packet-out of the frame to PORT, for DURATION seconds after
 *             a warm-up second: responses per second.
 *
 * The messages are built by hand from the OpenFlow 1.3 specification so
 * that the tool is an independent client (it shares no code with osw's
 * codecs) and runs against Open vSwitch just the same.
 *
 * Usage: oswbench-ofctrl [OPTIONS] install|loop
 *   --port=N        TCP port to listen on (default 6653), on 127.0.0.1
 *   --flows=N       install: number of flow_mods (default 100000)
 *   --out-port=N    the OpenFlow port the flows output to (default 2)
 *   --duration=S    loop: measured seconds (default 5)
 *   --timeout=S     give up after S seconds (default 120)
 *
 * Results go to stdout as "KEY VALUE" lines.  Exit status 0 on success. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define OFP13 4
enum {
    T_HELLO = 0, T_ERROR = 1, T_ECHO_REQUEST = 2, T_ECHO_REPLY = 3,
    T_FEATURES_REQUEST = 5, T_SET_CONFIG = 9, T_PACKET_IN = 10,
    T_PACKET_OUT = 13, T_FLOW_MOD = 14, T_BARRIER_REQUEST = 20,
    T_BARRIER_REPLY = 21,
};
#define NO_BUFFER 0xffffffffu
#define PORT_CONTROLLER 0xfffffffdu
#define PORT_ANY 0xffffffffu
#define GROUP_ANY 0xffffffffu

struct options {
    int port;
    long flows;
    uint32_t out_port;
    double duration;
    double timeout;
};

static int sock = -1;
static uint8_t *outbuf;
static size_t out_len, out_cap;
static uint32_t next_xid = 1;

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die(const char *msg)
{
    fprintf(stderr, "oswbench-ofctrl: %s\n", msg);
    exit(1);
}

static void
put(const void *p, size_t n)
{
    if (out_len + n > out_cap) {
        out_cap = (out_len + n) * 2;
        outbuf = realloc(outbuf, out_cap);
        if (!outbuf) {
            die("out of memory");
        }
    }
    memcpy(outbuf + out_len, p, n);
    out_len += n;
}

static void
put8(uint8_t v)
{
    put(&v, 1);
}

static void
put16(uint16_t v)
{
    v = htons(v);
    put(&v, 2);
}

static void
put32(uint32_t v)
{
    v = htonl(v);
    put(&v, 4);
}

static void
put64(uint64_t v)
{
    put32(v >> 32);
    put32(v);
}

static void
put_zeros(size_t n)
{
    static const uint8_t z[16];
    while (n) {
        size_t k = n < sizeof z ? n : sizeof z;
        put(z, k);
        n -= k;
    }
}

/* Starts a message; returns its offset for end_msg(). */
static size_t
start_msg(uint8_t type, uint32_t xid)
{
    size_t ofs = out_len;
    put8(OFP13);
    put8(type);
    put16(0);
    put32(xid ? xid : next_xid++);
    return ofs;
}

static void
end_msg(size_t ofs)
{
    uint16_t len = htons(out_len - ofs);
    memcpy(outbuf + ofs + 2, &len, 2);
}

/* Writes out everything queued, blocking. */
static void
flush_out(void)
{
    size_t done = 0;
    while (done < out_len) {
        ssize_t n = send(sock, outbuf + done, out_len - done, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                struct pollfd pfd = { .fd = sock, .events = POLLOUT };
                poll(&pfd, 1, 100);
                continue;
            }
            die("send failed (switch went away?)");
        }
        done += n;
    }
    out_len = 0;
}

/* An OXM match with eth_type IPv4, ip_proto UDP and udp_src 'src'
 * (or an empty match with 'src' < 0). */
static void
put_match(int src)
{
    size_t ofs = out_len, len;
    put16(1);                   /* OFPMT_OXM */
    put16(0);
    if (src >= 0) {
        put32(0x80000a02);      /* OXM_OF_ETH_TYPE */
        put16(0x0800);
        put32(0x80001401);      /* OXM_OF_IP_PROTO */
        put8(17);
        put32(0x80001e02);      /* OXM_OF_UDP_SRC */
        put16(src);
    }
    len = out_len - ofs;
    uint16_t l = htons(len);
    memcpy(outbuf + ofs + 2, &l, 2);
    put_zeros((len + 7) / 8 * 8 - len);
}

static void
put_output(uint32_t port, uint16_t max_len)
{
    put16(0);                   /* OFPAT_OUTPUT */
    put16(16);
    put32(port);
    put16(max_len);
    put_zeros(6);
}

static void
put_flow_mod(int src, uint16_t priority, uint32_t port, uint16_t max_len)
{
    size_t ofs = start_msg(T_FLOW_MOD, 0);
    put64(0);                   /* cookie */
    put64(0);                   /* cookie_mask */
    put8(0);                    /* table_id */
    put8(0);                    /* OFPFC_ADD */
    put16(0);                   /* idle_timeout */
    put16(0);                   /* hard_timeout */
    put16(priority);
    put32(NO_BUFFER);
    put32(PORT_ANY);
    put32(GROUP_ANY);
    put16(0);                   /* flags */
    put16(0);
    put_match(src);
    put16(4);                   /* OFPIT_APPLY_ACTIONS */
    put16(24);
    put32(0);
    put_output(port, max_len);
    end_msg(ofs);
}

/* Reading.  Messages are read into 'inbuf' and handed out whole. */
static uint8_t inbuf[1 << 20];
static size_t in_len;

/* Returns the next whole message (NULL if none is buffered); 'wait_ms'
 * is how long to wait for data when nothing is buffered. */
static const uint8_t *
next_msg(size_t *lenp, int wait_ms)
{
    static size_t consumed;
    if (consumed) {
        memmove(inbuf, inbuf + consumed, in_len - consumed);
        in_len -= consumed;
        consumed = 0;
    }
    for (;;) {
        if (in_len >= 8) {
            size_t len = (inbuf[2] << 8) | inbuf[3];
            if (len < 8) {
                die("switch sent a message shorter than its header");
            }
            if (in_len >= len) {
                consumed = len;
                *lenp = len;
                return inbuf;
            }
        }
        struct pollfd pfd = { .fd = sock, .events = POLLIN };
        if (poll(&pfd, 1, wait_ms) <= 0) {
            return NULL;
        }
        ssize_t n = recv(sock, inbuf + in_len, sizeof inbuf - in_len, 0);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            die("switch closed the connection");
        }
        in_len += n;
    }
}

static uint32_t
get32(const uint8_t *p)
{
    return ((uint32_t) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

/* Answers echo requests and reports errors; true if 'msg' was one of
 * those (handled). */
static bool
handle_common(const uint8_t *msg, size_t len)
{
    if (msg[1] == T_ECHO_REQUEST) {
        size_t ofs = start_msg(T_ECHO_REPLY, get32(msg + 4));
        put(msg + 8, len - 8);
        end_msg(ofs);
        flush_out();
        return true;
    } else if (msg[1] == T_ERROR) {
        fprintf(stderr, "oswbench-ofctrl: switch sent an error, type %d "
                "code %d\n", (msg[8] << 8) | msg[9],
                (msg[10] << 8) | msg[11]);
        return true;
    }
    return false;
}

/* Sends a barrier and waits for its reply; false on timeout. */
static bool
barrier(double deadline)
{
    uint32_t xid = next_xid;
    size_t ofs = start_msg(T_BARRIER_REQUEST, 0);
    end_msg(ofs);
    flush_out();
    while (now() < deadline) {
        size_t len;
        const uint8_t *msg = next_msg(&len, 100);
        if (msg && !handle_common(msg, len) && msg[1] == T_BARRIER_REPLY
            && get32(msg + 4) == xid) {
            return true;
        }
    }
    return false;
}

static void
accept_switch(const struct options *o)
{
    int lsock = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in sin = { .sin_family = AF_INET,
                               .sin_port = htons(o->port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    setsockopt(lsock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(lsock, (struct sockaddr *) &sin, sizeof sin)
        || listen(lsock, 1)) {
        die("cannot listen");
    }
    printf("listening %d\n", o->port);
    fflush(stdout);
    struct pollfd pfd = { .fd = lsock, .events = POLLIN };
    if (poll(&pfd, 1, o->timeout * 1000) <= 0) {
        die("no switch connected");
    }
    sock = accept(lsock, NULL, NULL);
    close(lsock);
    if (sock < 0) {
        die("accept failed");
    }
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    /* Hello with a version bitmap of just 1.3. */
    size_t ofs = start_msg(T_HELLO, 0);
    put16(1);
    put16(8);
    put32(1u << OFP13);
    end_msg(ofs);
    ofs = start_msg(T_FEATURES_REQUEST, 0);
    end_msg(ofs);
    ofs = start_msg(T_SET_CONFIG, 0);
    put16(0);
    put16(0xffff);              /* miss_send_len: whole frames */
    end_msg(ofs);
    flush_out();
}

static int
do_install(const struct options *o)
{
    double deadline = now() + o->timeout;
    if (!barrier(deadline)) {
        die("no barrier reply after the hello");
    }
    double t0 = now();
    for (long i = 0; i < o->flows; i++) {
        put_flow_mod(1024 + (i % 64000), 1000 + i / 64000, o->out_port, 0);
        if (out_len > 256 * 1024) {
            flush_out();
        }
    }
    if (!barrier(deadline)) {
        die("no barrier reply after the flow_mods");
    }
    double t1 = now();
    printf("flows %ld\nseconds %.3f\nflows_per_s %.0f\n", o->flows,
           t1 - t0, o->flows / (t1 - t0));
    return 0;
}

static int
do_loop(const struct options *o)
{
    double deadline = now() + o->timeout;
    put_flow_mod(-1, 0, PORT_CONTROLLER, 0xffff);
    if (!barrier(deadline)) {
        die("no barrier reply after the table-miss flow");
    }
    double start = now(), t0 = start + 1, t1 = t0 + o->duration;
    long n_pin = 0, n_counted = 0;
    for (;;) {
        double t = now();
        if (t >= t1) {
            break;
        }
        /* Answers go out in batches: whenever nothing is left to read. */
        size_t len;
        const uint8_t *msg = next_msg(&len, 0);
        if (!msg) {
            flush_out();
            msg = next_msg(&len, 50);
        }
        if (!msg || handle_common(msg, len) || msg[1] != T_PACKET_IN) {
            continue;
        }
        /* packet_in: header 8, buffer_id 4, total_len 2, reason 1,
         * table_id 1, cookie 8, match (padded), 2 pad, frame. */
        if (len < 8 + 16 + 4) {
            continue;
        }
        uint32_t buffer_id = get32(msg + 8);
        size_t mlen = (msg[26] << 8) | msg[27];
        size_t frame_ofs = 24 + (mlen + 7) / 8 * 8 + 2;
        if (mlen < 4 || frame_ofs > len) {
            continue;
        }
        const uint8_t *frame = msg + frame_ofs;
        size_t frame_len = len - frame_ofs;
        int src = -1;
        if (frame_len >= 42 && frame[12] == 0x08 && frame[13] == 0x00
            && frame[23] == 17) {
            size_t l4 = 14 + (frame[14] & 0x0f) * 4;
            if (l4 + 2 <= frame_len) {
                src = (frame[l4] << 8) | frame[l4 + 1];
            }
        }
        if (src >= 0) {
            put_flow_mod(src, 100, o->out_port, 0);
        }
        size_t ofs = start_msg(T_PACKET_OUT, 0);
        put32(buffer_id);
        put32(PORT_CONTROLLER);  /* in_port: none in particular */
        put16(16);
        put_zeros(6);
        put_output(o->out_port, 0);
        if (buffer_id == NO_BUFFER) {
            put(frame, frame_len);
        }
        end_msg(ofs);
        n_pin++;
        if (t >= t0) {
            n_counted++;
        }
        if (out_len > 64 * 1024) {
            flush_out();
        }
    }
    flush_out();
    printf("packet_ins %ld\nresponses_per_s %.0f\n", n_pin,
           n_counted / o->duration);
    return 0;
}

int
main(int argc, char *argv[])
{
    struct options o = { .port = 6653, .flows = 100000, .out_port = 2,
                         .duration = 5, .timeout = 120 };
    static const struct option longopts[] = {
        { "port", required_argument, NULL, 'p' },
        { "flows", required_argument, NULL, 'f' },
        { "out-port", required_argument, NULL, 'o' },
        { "duration", required_argument, NULL, 'd' },
        { "timeout", required_argument, NULL, 't' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': o.port = atoi(optarg); break;
        case 'f': o.flows = atol(optarg); break;
        case 'o': o.out_port = strtoul(optarg, NULL, 0); break;
        case 'd': o.duration = atof(optarg); break;
        case 't': o.timeout = atof(optarg); break;
        default: return 1;
        }
    }
    if (optind != argc - 1 || o.flows <= 0 || o.duration <= 0
        || o.port <= 0 || o.port > 65535) {
        fprintf(stderr, "usage: oswbench-ofctrl [OPTIONS] install|loop\n");
        return 1;
    }
    accept_switch(&o);
    if (!strcmp(argv[optind], "install")) {
        return do_install(&o);
    } else if (!strcmp(argv[optind], "loop")) {
        return do_loop(&o);
    }
    fprintf(stderr, "oswbench-ofctrl: unknown job %s\n", argv[optind]);
    return 1;
}
