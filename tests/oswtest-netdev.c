/* oswtest-netdev: drives netdevs for the functional tests.
 *
 *   oswtest-netdev forward [--threads] DEV DEV
 *       forwards every frame received on each device to the other (a
 *       two-port switch without a flow table), until SIGTERM; prints
 *       "ready" once both devices are open, and the counters at exit
 *   oswtest-netdev info DEV       properties, counters and status
 *   oswtest-netdev hold [--up] [--mtu=N] [--mac=MAC] DEV
 *       opens DEV (e.g. internal:NAME), configures it, prints "ready" and
 *       keeps it open until SIGTERM
 *   oswtest-netdev recv [--count=N] [--timeout=SECS] [--type=ETHTYPE] DEV
 *       prints N received frames in hex, one a line (only those whose
 *       Ethertype after any VLAN tags is ETHTYPE, given in hex)
 *   oswtest-netdev send DEV HEX...
 *   oswtest-netdev monitor [--count=N] [--match=PREFIX]
 *       prints link changes that rtnetlink reports, one a line:
 *       "new NAME up|down running|norun mtu=N mac=MAC" or "del NAME" (or
 *       "rescan"), for names starting with PREFIX; exits after N lines
 *
 * DEV is TYPE:NAME, or NAME for a "system" device. */
#include <config.h>
#include "osw/netdev.h"

#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/poll-loop.h"
#include "osw/rtnetlink.h"
#include "osw/smap.h"
#include "osw/util.h"
#include "osw/vlog.h"

static volatile sig_atomic_t stop;

static void
handle_signal(int sig OSW_UNUSED)
{
    stop = 1;
}

static void
catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handle_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static struct netdev *
open_dev(const char *spec)
{
    const char *colon = strchr(spec, ':');
    char *type = colon ? xmemdup0(spec, colon - spec) : xstrdup("system");
    const char *name = colon ? colon + 1 : spec;
    struct netdev *netdev;
    int error;

    error = netdev_open(name, type, NULL, &netdev);
    if (error) {
        osw_fatal(0, "%s: cannot open as %s: %s", name, type,
                  osw_strerror(error));
    }
    free(type);
    return netdev;
}

/* Forwarding. */

struct fwd_dir {
    struct netdev *in, *out;
    uint64_t n_rx, n_tx_dropped, n_batches;
    int error;
};

/* Moves what is waiting on 'd->in' to 'd->out'.  False when the input
 * failed for good. */
static bool
fwd_run(struct fwd_dir *d)
{
    for (int i = 0; i < 64; i++) {
        struct dp_packet_batch batch;
        size_t dropped;
        int error = netdev_rxq_recv(d->in, 0, &batch);

        if (error == EAGAIN) {
            return true;
        } else if (error) {
            fprintf(stderr, "%s: receive failed: %s\n",
                    netdev_get_name(d->in), osw_strerror(error));
            d->error = error;
            return false;
        }
        d->n_rx += batch.count;
        d->n_batches++;
        netdev_send(d->out, &batch, true, &dropped);
        d->n_tx_dropped += dropped;
        if (batch.count < DP_BATCH_SIZE) {
            break;
        }
    }
    return true;
}

static void *
fwd_thread(void *d_)
{
    struct fwd_dir *d = d_;
    struct pollfd pfd = { .fd = netdev_rxq_fd(d->in, 0), .events = POLLIN };

    while (!stop) {
        /* Also on timeouts: a receive is how a vanished device shows. */
        poll(&pfd, 1, 200);
        if (!fwd_run(d)) {
            break;
        }
    }
    return NULL;
}

static void
cmd_forward(int argc, char *argv[])
{
    bool threads = false;
    struct fwd_dir dirs[2];
    struct netdev *a, *b;
    int i = 0;

    if (argc > 1 && !strcmp(argv[1], "--threads")) {
        threads = true;
        argc--;
        argv++;
    }
    if (argc != 3) {
        osw_fatal(0, "usage: forward [--threads] DEV DEV");
    }
    a = open_dev(argv[1]);
    b = open_dev(argv[2]);
    memset(dirs, 0, sizeof dirs);
    dirs[0].in = dirs[1].out = a;
    dirs[0].out = dirs[1].in = b;
    printf("ready\n");
    fflush(stdout);

    if (threads) {
        pthread_t t[2];
        for (i = 0; i < 2; i++) {
            pthread_create(&t[i], NULL, fwd_thread, &dirs[i]);
        }
        for (i = 0; i < 2; i++) {
            pthread_join(t[i], NULL);
        }
    } else {
        struct pollfd pfds[2];

        for (i = 0; i < 2; i++) {
            pfds[i].fd = netdev_rxq_fd(dirs[i].in, 0);
            pfds[i].events = POLLIN;
        }
        while (!stop) {
            /* Receive on timeouts too: that is how a vanished device
             * shows. */
            int n = poll(pfds, 2, 200);
            for (i = 0; i < 2; i++) {
                if ((n <= 0 || pfds[i].revents) && !fwd_run(&dirs[i])) {
                    stop = 1;
                }
            }
        }
    }
    for (i = 0; i < 2; i++) {
        struct netdev_stats st;

        if (!netdev_get_stats(dirs[i].in, &st)) {
            printf("%s: rx_dropped=%"PRIu64" rx_errors=%"PRIu64
                   " rx_packets=%"PRIu64" tx_packets=%"PRIu64"\n",
                   netdev_get_name(dirs[i].in), st.rx_dropped,
                   st.rx_errors, st.rx_packets, st.tx_packets);
        }
        printf("%s -> %s: %"PRIu64" frames in %"PRIu64" batches, "
               "%"PRIu64" dropped\n", netdev_get_name(dirs[i].in),
               netdev_get_name(dirs[i].out), dirs[i].n_rx,
               dirs[i].n_batches, dirs[i].n_tx_dropped);
    }
    netdev_close(a);
    netdev_close(b);
    exit(dirs[0].error || dirs[1].error ? 1 : 0);
}

/* Properties. */

static void
print_counter(const char *name, uint64_t value)
{
    if (value != UINT64_MAX) {
        printf("  %s=%"PRIu64"\n", name, value);
    }
}

static void
cmd_info(int argc, char *argv[])
{
    struct netdev *netdev;
    struct netdev_stats s;
    enum netdev_flags flags;
    struct eth_addr mac;
    struct smap status;
    uint64_t speed;
    int mtu;

    if (argc != 2) {
        osw_fatal(0, "usage: info DEV");
    }
    netdev = open_dev(argv[1]);
    printf("name=%s type=%s\n", netdev_get_name(netdev),
           netdev_get_type(netdev));
    if (!netdev_get_etheraddr(netdev, &mac)) {
        printf("mac="ETH_ADDR_FMT"\n", ETH_ADDR_ARGS(mac));
    }
    if (!netdev_get_mtu(netdev, &mtu)) {
        printf("mtu=%d\n", mtu);
    }
    printf("ifindex=%d\n", netdev_get_ifindex(netdev));
    if (!netdev_get_flags(netdev, &flags)) {
        printf("flags=%s%s%s\n", flags & NETDEV_UP ? "up" : "down",
               flags & NETDEV_RUNNING ? ",running" : "",
               flags & NETDEV_PROMISC ? ",promisc" : "");
    }
    if (!netdev_get_speed(netdev, &speed)) {
        printf("speed=%"PRIu64"\n", speed);
    }
    printf("vnet=%s\n", netdev_supports_vnet(netdev) ? "true" : "false");
    if (!netdev_get_stats(netdev, &s)) {
        printf("stats:\n");
        print_counter("rx_packets", s.rx_packets);
        print_counter("rx_bytes", s.rx_bytes);
        print_counter("rx_dropped", s.rx_dropped);
        print_counter("rx_errors", s.rx_errors);
        print_counter("tx_packets", s.tx_packets);
        print_counter("tx_bytes", s.tx_bytes);
        print_counter("tx_dropped", s.tx_dropped);
        print_counter("tx_errors", s.tx_errors);
    }
    smap_init(&status);
    netdev_get_status(netdev, &status);
    const struct smap_node **nodes = smap_sort(&status);
    for (size_t i = 0; i < smap_count(&status); i++) {
        printf("status:%s=%s\n", nodes[i]->key, nodes[i]->value);
    }
    free(nodes);
    smap_destroy(&status);
    netdev_close(netdev);
}

static void
cmd_hold(int argc, char *argv[])
{
    struct netdev *netdev = NULL;
    int error;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if (!netdev && arg[0] != '-') {
            netdev = open_dev(arg);
        } else if (!netdev) {
            osw_fatal(0, "usage: hold DEV [--up] [--mtu=N] [--mac=MAC]");
        } else if (!strcmp(arg, "--up")) {
            error = netdev_update_flags(netdev, NETDEV_UP, 0);
            if (error) {
                osw_fatal(0, "cannot bring up: %s", osw_strerror(error));
            }
        } else if (!strncmp(arg, "--mtu=", 6)) {
            error = netdev_set_mtu(netdev, atoi(arg + 6));
            if (error) {
                osw_fatal(0, "cannot set MTU: %s", osw_strerror(error));
            }
        } else if (!strncmp(arg, "--mac=", 6)) {
            struct eth_addr mac;
            if (!eth_addr_from_string(arg + 6, &mac)) {
                osw_fatal(0, "%s: bad MAC", arg + 6);
            }
            error = netdev_set_etheraddr(netdev, mac);
            if (error) {
                osw_fatal(0, "cannot set MAC: %s", osw_strerror(error));
            }
        } else {
            osw_fatal(0, "%s: unknown option", arg);
        }
    }
    if (!netdev) {
        osw_fatal(0, "usage: hold DEV [--up] [--mtu=N] [--mac=MAC]");
    }
    printf("ready\n");
    fflush(stdout);
    while (!stop) {
        poll(NULL, 0, 100);
    }
    netdev_close(netdev);
}

static long long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The Ethertype of 'p' after its VLAN tags, or 0. */
static uint16_t
inner_ethertype(const struct dp_packet *p)
{
    const uint8_t *data = dp_packet_data(p);
    size_t ofs = 12;

    while (ofs + 2 <= dp_packet_size(p)) {
        uint16_t type = data[ofs] << 8 | data[ofs + 1];
        if (type != ETH_TYPE_VLAN_8021Q && type != ETH_TYPE_VLAN_8021AD) {
            return type;
        }
        ofs += 4;
    }
    return 0;
}

static void
cmd_recv(int argc, char *argv[])
{
    int count = 1, timeout = 5, got = 0;
    struct netdev *netdev = NULL;
    unsigned int type = 0;

    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--type=", 7)) {
            type = strtoul(argv[i] + 7, NULL, 16);
        } else if (!strncmp(argv[i], "--count=", 8)) {
            count = atoi(argv[i] + 8);
        } else if (!strncmp(argv[i], "--timeout=", 10)) {
            timeout = atoi(argv[i] + 10);
        } else if (!netdev) {
            netdev = open_dev(argv[i]);
        }
    }
    if (!netdev) {
        osw_fatal(0, "usage: recv [--count=N] [--timeout=SECS] DEV");
    }
    printf("ready\n");
    fflush(stdout);

    long long deadline = now_ms() + timeout * 1000LL;
    struct pollfd pfd = { .fd = netdev_rxq_fd(netdev, 0), .events = POLLIN };
    while (got < count && !stop && now_ms() < deadline) {
        struct dp_packet_batch batch;
        struct dp_packet *p;

        poll(&pfd, 1, 100);
        if (netdev_rxq_recv(netdev, 0, &batch)) {
            continue;
        }
        DP_PACKET_BATCH_FOR_EACH (i, p, &batch) {
            struct ds s = DS_EMPTY_INITIALIZER;

            if (type && inner_ethertype(p) != type) {
                continue;
            }
            if (got++ < count) {
                ds_put_hex(&s, dp_packet_data(p), dp_packet_size(p));
                if (p->has_vnet) {
                    ds_put_format(&s, " vnet(flags=%u,gso_type=%u,"
                                  "gso_size=%u,csum_start=%u,"
                                  "csum_offset=%u)", p->vnet.flags,
                                  p->vnet.gso_type, p->vnet.gso_size,
                                  p->vnet.csum_start, p->vnet.csum_offset);
                }
                printf("%s\n", ds_cstr(&s));
            }
            ds_destroy(&s);
        }
        fflush(stdout);
    }
    netdev_close(netdev);
    exit(got >= count ? 0 : 1);
}

static void
cmd_send(int argc, char *argv[])
{
    struct dp_packet_batch batch;
    struct netdev *netdev;
    size_t dropped;
    int error;

    if (argc < 3) {
        osw_fatal(0, "usage: send DEV HEX...");
    }
    netdev = open_dev(argv[1]);
    dp_packet_batch_init(&batch);
    for (int i = 2; i < argc && !dp_packet_batch_is_full(&batch); i++) {
        const char *s = argv[i];
        size_t len = strlen(s);
        struct dp_packet *p = dp_packet_new(len / 2, DP_PACKET_HEADROOM);

        for (size_t j = 0; j + 1 < len; j += 2) {
            unsigned int byte;
            if (sscanf(s + j, "%2x", &byte) != 1) {
                osw_fatal(0, "%s: bad hex", s);
            }
            uint8_t b = byte;
            dp_packet_put(p, &b, 1);
        }
        dp_packet_batch_add(&batch, p);
    }
    error = netdev_send(netdev, &batch, true, &dropped);
    netdev_close(netdev);
    if (error) {
        osw_fatal(0, "send failed: %s", osw_strerror(error));
    }
}

struct monitor {
    const char *match;
    int count;
};

static void
monitor_cb(const struct rtnetlink_change *c, void *m_)
{
    struct monitor *m = m_;

    if (!c->ifname) {
        printf("rescan\n");
    } else if (m->match && strncmp(c->ifname, m->match, strlen(m->match))) {
        return;
    } else if (c->deleted) {
        printf("del %s\n", c->ifname);
    } else {
        printf("new %s %s %s mtu=%d mac="ETH_ADDR_FMT"\n", c->ifname,
               c->ifi_flags & IFF_UP ? "up" : "down",
               c->ifi_flags & IFF_RUNNING ? "running" : "norun", c->mtu,
               ETH_ADDR_ARGS(c->mac));
    }
    fflush(stdout);
    m->count--;
}

static void
cmd_monitor(int argc, char *argv[])
{
    struct monitor m = { NULL, -1 };
    struct rtnetlink_notifier *n;

    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--count=", 8)) {
            m.count = atoi(argv[i] + 8);
        } else if (!strncmp(argv[i], "--match=", 8)) {
            m.match = argv[i] + 8;
        } else {
            osw_fatal(0, "usage: monitor [--count=N] [--match=PREFIX]");
        }
    }
    n = rtnetlink_notifier_create(monitor_cb, &m);
    if (!n) {
        osw_fatal(0, "cannot follow rtnetlink");
    }
    printf("ready\n");
    fflush(stdout);
    while (!stop && m.count) {
        rtnetlink_run();
        if (!m.count) {
            break;
        }
        rtnetlink_wait();
        poll_timer_wait(200);
        poll_block();
    }
    rtnetlink_notifier_destroy(n);
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    catch_signals();
    netdev_init();
    if (argc < 2) {
        fprintf(stderr, "usage: %s forward|info|hold|recv|send|monitor ...\n",
                argv[0]);
        return 1;
    }
    if (!strcmp(argv[1], "forward")) {
        cmd_forward(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "info")) {
        cmd_info(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "hold")) {
        cmd_hold(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "recv")) {
        cmd_recv(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "send")) {
        cmd_send(argc - 1, argv + 1);
    } else if (!strcmp(argv[1], "monitor")) {
        cmd_monitor(argc - 1, argv + 1);
    } else {
        osw_fatal(0, "%s: unknown command", argv[1]);
    }
    return 0;
}
