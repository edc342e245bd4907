/* oswbench-pktgen: sends small UDP frames as fast as it can through one
 * network interface, for the datapath benchmark (tests/bench/dp-bench.sh).
 *
 * The frames go out through an AF_PACKET socket with PACKET_QDISC_BYPASS
 * (straight to the driver, no qdisc) in sendmmsg() batches, or through a
 * PACKET_TX_RING (--tx-ring), so that one core can offer a switch more
 * frames per second than it forwards.  All frames are built before the
 * clock starts; the loop only hands them to the kernel, round-robin.
 *
 * Usage: oswbench-pktgen [OPTIONS] IFACE
 *   --dst-mac=MAC      destination MAC (required: the receiving VM's)
 *   --src-mac=MAC      source MAC (default: IFACE's own)
 *   --src-ip=A.B.C.D   source IPv4 address (default 10.0.0.1)
 *   --dst-ip=A.B.C.D   destination IPv4 address (default 10.0.0.2)
 *   --duration=SECS    how long to send (default 5; fractions allowed)
 *   --size=BYTES       frame size without the FCS (default 60, which is a
 *                      64-byte frame on the wire)
 *   --flows=N          N distinct 5-tuples (UDP source ports 1024..)
 *   --macs=N           N distinct source MACs (02:xx:xx:xx:xx:xx)
 *   --batch=N          frames per sendmmsg() call or per kick of the
 *                      ring (default 64)
 *   --tx-ring          use a PACKET_TX_RING (TPACKET_V2) instead of
 *                      sendmmsg()
 *
 * Results go to stdout as "KEY VALUE" lines: sent_packets, sent_pps,
 * send_errors, elapsed_s.  Exit status 0 on success, 1 on failure. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCH 1024
#define MAX_FRAME 1514
#define MIN_FRAME 42            /* Ethernet + IPv4 + UDP headers. */

struct pktgen_options {
    const char *iface;
    uint8_t dst_mac[6];
    uint8_t src_mac[6];
    bool have_dst_mac;
    bool have_src_mac;
    struct in_addr src_ip;
    struct in_addr dst_ip;
    double duration;
    int size;
    int flows;
    int macs;
    int batch;
    bool tx_ring;
};

static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
    (void) sig;
    stop_requested = 1;
}

static void
usage(void)
{
    printf("usage: oswbench-pktgen --dst-mac=MAC [--src-mac=MAC] "
           "[--src-ip=IP] [--dst-ip=IP]\n"
           "                        [--duration=SECS] [--size=BYTES] "
           "[--flows=N] [--macs=N]\n"
           "                        [--batch=N] [--tx-ring] IFACE\n"
           "Sends UDP frames through IFACE as fast as it can and prints\n"
           "sent_packets, sent_pps, send_errors and elapsed_s.\n");
}

static void
die(const char *msg)
{
    fprintf(stderr, "oswbench-pktgen: %s\n", msg);
    exit(1);
}

static bool
parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int b[6];
    char extra;

    if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3],
               &b[4], &b[5], &extra) != 6) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        if (b[i] > 255) {
            return false;
        }
        mac[i] = b[i];
    }
    return true;
}

static int
parse_int(const char *s, int min, int max, const char *what)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (*s == '\0' || *end != '\0' || v < min || v > max) {
        fprintf(stderr, "oswbench-pktgen: bad %s \"%s\" (%d..%d)\n",
                what, s, min, max);
        exit(1);
    }
    return v;
}

static void
parse_options(int argc, char *argv[], struct pktgen_options *o)
{
    enum { OPT_DST_MAC = 256, OPT_SRC_MAC, OPT_SRC_IP, OPT_DST_IP,
           OPT_DURATION, OPT_SIZE, OPT_FLOWS, OPT_MACS, OPT_BATCH,
           OPT_TX_RING };
    static const struct option longopts[] = {
        {"dst-mac", required_argument, NULL, OPT_DST_MAC},
        {"src-mac", required_argument, NULL, OPT_SRC_MAC},
        {"src-ip", required_argument, NULL, OPT_SRC_IP},
        {"dst-ip", required_argument, NULL, OPT_DST_IP},
        {"duration", required_argument, NULL, OPT_DURATION},
        {"size", required_argument, NULL, OPT_SIZE},
        {"flows", required_argument, NULL, OPT_FLOWS},
        {"macs", required_argument, NULL, OPT_MACS},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"tx-ring", no_argument, NULL, OPT_TX_RING},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char *end;
    int c;

    memset(o, 0, sizeof *o);
    inet_pton(AF_INET, "10.0.0.1", &o->src_ip);
    inet_pton(AF_INET, "10.0.0.2", &o->dst_ip);
    o->duration = 5;
    o->size = 60;
    o->flows = 1;
    o->macs = 1;
    o->batch = 64;

    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DST_MAC:
            if (!parse_mac(optarg, o->dst_mac)) {
                die("bad --dst-mac");
            }
            o->have_dst_mac = true;
            break;
        case OPT_SRC_MAC:
            if (!parse_mac(optarg, o->src_mac)) {
                die("bad --src-mac");
            }
            o->have_src_mac = true;
            break;
        case OPT_SRC_IP:
            if (inet_pton(AF_INET, optarg, &o->src_ip) != 1) {
                die("bad --src-ip");
            }
            break;
        case OPT_DST_IP:
            if (inet_pton(AF_INET, optarg, &o->dst_ip) != 1) {
                die("bad --dst-ip");
            }
            break;
        case OPT_DURATION:
            o->duration = strtod(optarg, &end);
            if (*end != '\0' || !(o->duration > 0)) {
                die("bad --duration");
            }
            break;
        case OPT_SIZE:
            o->size = parse_int(optarg, MIN_FRAME, MAX_FRAME, "--size");
            break;
        case OPT_FLOWS:
            o->flows = parse_int(optarg, 1, 60000, "--flows");
            break;
        case OPT_MACS:
            o->macs = parse_int(optarg, 1, 1 << 20, "--macs");
            break;
        case OPT_BATCH:
            o->batch = parse_int(optarg, 1, MAX_BATCH, "--batch");
            break;
        case OPT_TX_RING:
            o->tx_ring = true;
            break;
        case 'h':
            usage();
            exit(0);
        default:
            usage();
            exit(1);
        }
    }
    if (optind != argc - 1) {
        usage();
        exit(1);
    }
    o->iface = argv[optind];
    if (!o->have_dst_mac) {
        die("--dst-mac is required");
    }
}

static uint16_t
ip_checksum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;

    for (size_t i = 0; i + 1 < len; i += 2) {
        sum += (p[i] << 8) | p[i + 1];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

static void
put16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

/* Builds frame number 'i' of 'o' into 'f' (o->size bytes): Ethernet,
 * IPv4 (checksum filled in), UDP without checksum, zero payload. */
static void
build_frame(const struct pktgen_options *o, int i, uint8_t *f)
{
    uint8_t *ip = f + 14, *udp = ip + 20;
    int ip_len = o->size - 14;

    memset(f, 0, o->size);
    memcpy(f, o->dst_mac, 6);
    memcpy(f + 6, o->src_mac, 6);
    if (o->macs > 1) {
        /* Locally administered unicast, distinct for each i. */
        int m = i % o->macs;
        f[6] = 0x02;
        f[7] = 0xb0;
        f[8] = 0x5e;
        f[9] = m >> 16;
        f[10] = m >> 8;
        f[11] = m;
    }
    put16(f + 12, ETHERTYPE_IP);

    ip[0] = 0x45;
    put16(ip + 2, ip_len);
    put16(ip + 4, i & 0xffff);  /* Identification. */
    ip[8] = 64;
    ip[9] = IPPROTO_UDP;
    memcpy(ip + 12, &o->src_ip, 4);
    memcpy(ip + 16, &o->dst_ip, 4);
    put16(ip + 10, ip_checksum(ip, 20));

    put16(udp, 1024 + i % o->flows);   /* Source port: the 5-tuple. */
    put16(udp + 2, 9);                 /* Discard. */
    put16(udp + 4, ip_len - 20);
}

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
open_socket(struct pktgen_options *o)
{
    struct sockaddr_ll sll;
    struct ifreq ifr;
    int one = 1;
    int fd;

    /* Protocol 0: this socket only sends; it receives nothing. */
    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
        perror("oswbench-pktgen: socket(AF_PACKET)");
        exit(1);
    }
    memset(&ifr, 0, sizeof ifr);
    if (strlen(o->iface) >= sizeof ifr.ifr_name) {
        die("interface name too long");
    }
    strcpy(ifr.ifr_name, o->iface);
    if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0) {
        fprintf(stderr, "oswbench-pktgen: %s: %s\n", o->iface,
                strerror(errno));
        exit(1);
    }
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = ifr.ifr_ifindex;
    sll.sll_protocol = 0;
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
        perror("oswbench-pktgen: bind");
        exit(1);
    }
    if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one)) {
        /* Older kernels: the qdisc path is slower but still works. */
        fprintf(stderr, "oswbench-pktgen: PACKET_QDISC_BYPASS: %s "
                "(continuing without)\n", strerror(errno));
    }
    if (!o->have_src_mac) {
        if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
            perror("oswbench-pktgen: SIOCGIFHWADDR");
            exit(1);
        }
        memcpy(o->src_mac, ifr.ifr_hwaddr.sa_data, 6);
    }
    return fd;
}

struct send_result {
    long long int sent;
    long long int errors;
};

/* Sends 'n_frames' frames of 'o->size' bytes from 'frames', round-robin,
 * with sendmmsg() until 'deadline'. */
static void
send_mmsg(const struct pktgen_options *o, int fd, const uint8_t *frames,
          int n_frames, double deadline, struct send_result *r)
{
    static struct mmsghdr msgs[MAX_BATCH];
    static struct iovec iovs[MAX_BATCH];
    int next = 0;

    while (!stop_requested) {
        int n;

        for (int i = 0; i < o->batch; i++) {
            iovs[i].iov_base = (void *) (frames + (size_t) next * o->size);
            iovs[i].iov_len = o->size;
            memset(&msgs[i], 0, sizeof msgs[i]);
            msgs[i].msg_hdr.msg_iov = &iovs[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
            if (++next >= n_frames) {
                next = 0;
            }
        }
        n = sendmmsg(fd, msgs, o->batch, 0);
        if (n < 0) {
            if (errno != EINTR) {
                /* ENOBUFS and the like: the device is busy. */
                r->errors++;
            }
        } else {
            r->sent += n;
            r->errors += o->batch - n;
        }
        /* The clock is cheap (vDSO), but once per batch is enough. */
        if (now_s() >= deadline) {
            break;
        }
    }
}

/* The same through a PACKET_TX_RING: frames are copied into ring slots
 * and the kernel is kicked once per 'o->batch' slots. */
static void
send_ring(const struct pktgen_options *o, int fd, const uint8_t *frames,
          int n_frames, double deadline, struct send_result *r)
{
    const unsigned int frame_size = 2048, n_slots = 1024;
    const size_t data_off = TPACKET2_HDRLEN - sizeof(struct sockaddr_ll);
    struct tpacket_req req = {
        .tp_block_size = frame_size * 32,
        .tp_frame_size = frame_size,
        .tp_block_nr = n_slots / 32,
        .tp_frame_nr = n_slots,
    };
    int version = TPACKET_V2;
    unsigned int slot = 0, queued = 0;
    uint8_t *ring;
    int next = 0;

    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version)
        || setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &req, sizeof req)) {
        perror("oswbench-pktgen: PACKET_TX_RING");
        exit(1);
    }
    ring = mmap(NULL, (size_t) frame_size * n_slots, PROT_READ | PROT_WRITE,
                MAP_SHARED, fd, 0);
    if (ring == MAP_FAILED) {
        perror("oswbench-pktgen: mmap");
        exit(1);
    }

    while (!stop_requested) {
        struct tpacket2_hdr *h = (void *) (ring + (size_t) slot * frame_size);
        uint32_t status = __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE);

        if (status == TP_STATUS_WRONG_FORMAT) {
            r->errors++;
            status = TP_STATUS_AVAILABLE;
        }
        if (status != TP_STATUS_AVAILABLE) {
            /* Ring full: let the kernel drain it. */
            if (send(fd, NULL, 0, 0) < 0 && errno != EINTR) {
                r->errors++;
            }
            queued = 0;
            if (now_s() >= deadline) {
                break;
            }
            continue;
        }
        memcpy((uint8_t *) h + data_off,
               frames + (size_t) next * o->size, o->size);
        h->tp_len = o->size;
        __atomic_store_n(&h->tp_status, TP_STATUS_SEND_REQUEST,
                         __ATOMIC_RELEASE);
        if (++next >= n_frames) {
            next = 0;
        }
        slot = (slot + 1) % n_slots;
        r->sent++;
        if (++queued >= (unsigned int) o->batch) {
            if (send(fd, NULL, 0, 0) < 0 && errno != EINTR) {
                r->errors++;
            }
            queued = 0;
            if (now_s() >= deadline) {
                break;
            }
        }
    }
    /* Frames still queued in the ring were not sent. */
    for (unsigned int i = 0; i < n_slots; i++) {
        struct tpacket2_hdr *h = (void *) (ring + (size_t) i * frame_size);
        if (h->tp_status == TP_STATUS_SEND_REQUEST
            || h->tp_status == TP_STATUS_SENDING) {
            r->sent--;
        }
    }
    munmap(ring, (size_t) frame_size * n_slots);
}

int main(int argc, char *argv[]);

int
main(int argc, char *argv[])
{
    struct send_result r = { 0, 0 };
    struct pktgen_options o;
    struct sigaction sa;
    uint8_t *frames;
    int n_frames, fd;
    double start, end;

    parse_options(argc, argv, &o);
    fd = open_socket(&o);

    n_frames = o.flows > o.macs ? o.flows : o.macs;
    frames = malloc((size_t) n_frames * o.size);
    if (!frames) {
        die("out of memory");
    }
    for (int i = 0; i < n_frames; i++) {
        build_frame(&o, i, frames + (size_t) i * o.size);
    }

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    start = now_s();
    if (o.tx_ring) {
        send_ring(&o, fd, frames, n_frames, start + o.duration, &r);
    } else {
        send_mmsg(&o, fd, frames, n_frames, start + o.duration, &r);
    }
    end = now_s();

    printf("sent_packets %lld\n", r.sent);
    printf("sent_pps %.0f\n", r.sent / (end - start));
    printf("send_errors %lld\n", r.errors);
    printf("elapsed_s %.3f\n", end - start);
    free(frames);
    close(fd);
    return 0;
}
