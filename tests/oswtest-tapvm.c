/* oswtest-tapvm: plays a virtual machine's NIC behind a tap device, as
 * qemu does, for the functional tests.
 *
 *   oswtest-tapvm NAME [OPTION]...
 *
 * Creates tap device NAME (IFF_TAP | IFF_NO_PI), or attaches to it if it
 * already exists and is free, brings it up and prints "ready" on stdout.
 * Then it reads and writes the tap's file descriptor, as the guest would:
 *
 *   --mac MAC         the guest's MAC address (default 02:54:00:xx:xx:xx
 *                     from the process id); not the tap device's own one
 *   --ip IP           the guest's IPv4 address: answers ARP requests for
 *                     it and ICMP echo requests to it
 *   --ping IP         pings IP (resolving it with ARP first), printing
 *                     "reply from IP seq=N" per answer; exits 0 once
 *                     --count requests were answered, 1 after --timeout
 *   --count N         echo requests to send (default 3)
 *   --interval MS     between echo requests (default 200)
 *   --timeout MS      for --ping (default 10000)
 *   --vnet            uses IFF_VNET_HDR: each frame carries a 10-byte
 *                     virtio-net header, as with vhost/virtio guests
 *   --inject HEX      writes frame HEX (hex digits, ':', '.', '-' and
 *                     spaces ignored) to the tap, behind an all-zero
 *                     vnet header with --vnet
 *   --inject-vnet HDRHEX:FRAMEHEX
 *                     writes vnet header HDRHEX (possibly bogus, any
 *                     length) then frame FRAMEHEX, in one write; needs
 *                     --vnet
 *   --step            writes the frames of --inject and --inject-vnet one
 *                     at a time, the next one (cycling) at each SIGUSR1,
 *                     and none at startup
 *   --ready-file PATH creates PATH once the tap is up
 *
 * The frames of --inject and --inject-vnet are written once when the tap
 * is up, and again each time the process receives SIGUSR1 (see --step);
 * each write's outcome is printed as "inject N: ok" or "inject N: error
 * (REASON)" (the kernel refuses some bogus vnet headers itself).
 *
 * Without --ping it runs until killed.  Exit status 2 means an error. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/if_tun.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "osw/util.h"

#define VNET_HDR_LEN 10
#define MAX_FRAME 65600
#define MAX_INJECT 64

/* A frame to write to the tap: vnet header (when --vnet) and frame, as
 * one buffer. */
struct inject {
    uint8_t *data;
    size_t len;
};

/* The guest. */
struct vm {
    int fd;                     /* The tap. */
    bool vnet;                  /* Frames carry a vnet header. */
    uint8_t mac[6];
    struct in_addr ip;
    bool have_ip;

    /* --ping state. */
    bool pinging;
    struct in_addr peer;
    uint8_t peer_mac[6];
    bool have_peer_mac;
    int count, interval, sent, answered;
    bool *replied;              /* 'count' elements. */
    uint16_t ping_id;
};

static volatile sig_atomic_t inject_requested;

static void OSW_NO_RETURN OSW_PRINTF_FORMAT(1, 2)
die(const char *format, ...)
{
    va_list args;

    fprintf(stderr, "%s: ", program_name);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(2);
}

static void OSW_NO_RETURN
usage(void)
{
    printf("%s: plays a VM's NIC behind a tap device\n"
           "usage: %s NAME [--mac MAC] [--ip IP] [--ping IP [--count N]\n"
           "           [--interval MS] [--timeout MS]] [--vnet]\n"
           "           [--inject HEX]... [--inject-vnet HDRHEX:FRAMEHEX]...\n"
           "           [--step] [--ready-file PATH]\n",
           program_name, program_name);
    exit(0);
}

static long long int
time_msec_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void
put16(uint8_t *p, uint16_t x)
{
    p[0] = x >> 8;
    p[1] = x;
}

static uint16_t
get16(const uint8_t *p)
{
    return p[0] << 8 | p[1];
}

static uint16_t
ip_csum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;
    size_t i;

    for (i = 0; i + 1 < n; i += 2) {
        sum += get16(p + i);
    }
    if (n & 1) {
        sum += p[n - 1] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

static void
parse_mac(const char *s, uint8_t mac[6])
{
    char extra;

    if (sscanf(s, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx%c", &mac[0], &mac[1],
               &mac[2], &mac[3], &mac[4], &mac[5], &extra) != 6) {
        die("%s: bad MAC address", s);
    }
}

static void
parse_ip(const char *s, struct in_addr *ip)
{
    if (inet_pton(AF_INET, s, ip) != 1) {
        die("%s: bad IPv4 address", s);
    }
}

static unsigned int
parse_uint(const char *s, const char *what, unsigned int max)
{
    unsigned int value;

    if (!str_to_uint(s, 0, &value) || value > max) {
        die("%s: bad %s (at most %u)", s, what, max);
    }
    return value;
}

static int
hex_digit(int c)
{
    return (c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1);
}

/* Appends the bytes of hex string 's' (up to 'end', or its end if NULL)
 * to 'buf', which has room for them, and returns the new length. */
static size_t
append_hex(uint8_t *buf, size_t n, const char *s, const char *end)
{
    int high = -1;

    for (; *s && s != end; s++) {
        int d = hex_digit((unsigned char) *s);
        if (d < 0) {
            if (!strchr(".- \t\n", *s)) {
                die("bad character '%c' in hex bytes", *s);
            }
        } else if (high < 0) {
            high = d;
        } else {
            buf[n++] = high << 4 | d;
            high = -1;
        }
    }
    if (high >= 0) {
        die("odd number of hex digits");
    }
    return n;
}

/* Parses --inject FRAMEHEX ('with_hdr' false) or --inject-vnet
 * HDRHEX:FRAMEHEX into 'inj'.  Colons separate bytes in --inject; in
 * --inject-vnet the first one separates the header from the frame. */
static void
parse_inject(const char *s, bool with_hdr, bool vnet, struct inject *inj)
{
    uint8_t *buf = xzalloc(strlen(s) / 2 + VNET_HDR_LEN + 1);
    size_t n = 0;

    if (with_hdr) {
        const char *colon = strchr(s, ':');
        if (!colon) {
            die("%s: bad --inject-vnet (want HDRHEX:FRAMEHEX)", s);
        }
        n = append_hex(buf, 0, s, colon);
        s = colon + 1;
    } else if (vnet) {
        n = VNET_HDR_LEN;
    }
    while (*s) {
        size_t word = strcspn(s, ":");
        n = append_hex(buf, n, s, s + word);
        s += word;
        s += *s == ':';
    }
    inj->data = buf;
    inj->len = n;
}

/* Opens (creating it if needed) tap 'name' and returns its fd. */
static int
open_tap(const char *name, bool vnet)
{
    struct ifreq ifr;
    int fd, sock;

    fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        die("/dev/net/tun: open failed (%s)", strerror(errno));
    }
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        die("%s: TUNSETIFF failed (%s)", name, strerror(errno));
    }
    if (vnet) {
        int hdr_len = VNET_HDR_LEN;
        if (ioctl(fd, TUNSETVNETHDRSZ, &hdr_len) < 0) {
            die("%s: TUNSETVNETHDRSZ failed (%s)", name, strerror(errno));
        }
    }

    sock = socket(AF_INET, SOCK_DGRAM, 0);
    if (sock < 0) {
        die("socket failed (%s)", strerror(errno));
    }
    if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0) {
        die("%s: SIOCGIFFLAGS failed (%s)", name, strerror(errno));
    }
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0) {
        die("%s: SIOCSIFFLAGS failed (%s)", name, strerror(errno));
    }
    close(sock);
    set_nonblocking(fd);
    return fd;
}

/* Writes 'frame' ('len' bytes), behind a zeroed vnet header if needed. */
static void
vm_send(struct vm *vm, const uint8_t *frame, size_t len)
{
    uint8_t buf[VNET_HDR_LEN + 1600];
    size_t hdr = vm->vnet ? VNET_HDR_LEN : 0;

    if (len > sizeof buf - hdr) {
        return;
    }
    memset(buf, 0, hdr);
    memcpy(buf + hdr, frame, len);
    if (write(vm->fd, buf, hdr + len) < 0) {
        fprintf(stderr, "%s: write to tap failed (%s)\n", program_name,
                strerror(errno));
    }
}

static void
put_eth(uint8_t *f, const uint8_t dst[6], const uint8_t src[6],
        uint16_t type)
{
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    put16(f + 12, type);
}

/* Sends an ARP packet with operation 'op' for target 'tpa'. */
static void
send_arp(struct vm *vm, uint16_t op, const uint8_t dst[6],
         const uint8_t tha[6], struct in_addr tpa)
{
    uint8_t f[60];
    uint8_t *a = f + 14;

    memset(f, 0, sizeof f);
    put_eth(f, dst, vm->mac, ETH_P_ARP);
    put16(a, 1);                /* Ethernet. */
    put16(a + 2, ETH_P_IP);
    a[4] = 6;
    a[5] = 4;
    put16(a + 6, op);
    memcpy(a + 8, vm->mac, 6);
    memcpy(a + 14, &vm->ip, 4);
    memcpy(a + 18, tha, 6);
    memcpy(a + 24, &tpa, 4);
    vm_send(vm, f, sizeof f);
}

static void
handle_arp(struct vm *vm, const uint8_t *a, size_t n)
{
    static const uint8_t zero[6];
    struct in_addr spa, tpa;

    if (n < 28 || get16(a) != 1 || get16(a + 2) != ETH_P_IP || a[4] != 6
        || a[5] != 4) {
        return;
    }
    memcpy(&spa, a + 14, 4);
    memcpy(&tpa, a + 24, 4);
    if (get16(a + 6) == 1 && vm->have_ip && tpa.s_addr == vm->ip.s_addr) {
        send_arp(vm, 2, a + 8, a + 8, spa);
    } else if (get16(a + 6) == 2 && vm->pinging
               && spa.s_addr == vm->peer.s_addr
               && memcmp(a + 8, zero, 6)) {
        memcpy(vm->peer_mac, a + 8, 6);
        vm->have_peer_mac = true;
    }
}

/* Builds an ICMP echo message (type 'type') from us to 'dst_ip' at 'f',
 * with 'data' as its body, and returns the frame's length. */
static size_t
build_icmp(struct vm *vm, uint8_t *f, const uint8_t dst_mac[6],
           const uint8_t *dst_ip, uint8_t type, uint16_t id, uint16_t seq,
           const uint8_t *data, size_t data_len)
{
    uint8_t *ip = f + 14, *icmp = ip + 20;
    size_t ip_len = 20 + 8 + data_len;

    put_eth(f, dst_mac, vm->mac, ETH_P_IP);
    memset(ip, 0, 28);
    ip[0] = 0x45;
    put16(ip + 2, ip_len);
    ip[8] = 64;
    ip[9] = IPPROTO_ICMP;
    memcpy(ip + 12, &vm->ip, 4);
    memcpy(ip + 16, dst_ip, 4);
    put16(ip + 10, ip_csum(ip, 20));
    icmp[0] = type;
    put16(icmp + 4, id);
    put16(icmp + 6, seq);
    memmove(icmp + 8, data, data_len);
    put16(icmp + 2, ip_csum(icmp, 8 + data_len));
    return 14 + ip_len;
}

static void
handle_icmp(struct vm *vm, const uint8_t *eth, const uint8_t *ip, size_t n)
{
    size_t ihl = (ip[0] & 0xf) * 4, tot = get16(ip + 2);
    const uint8_t *icmp = ip + ihl;
    uint8_t f[1600];

    if (ihl < 20 || tot < ihl + 8 || tot > n || ip[9] != IPPROTO_ICMP
        || !vm->have_ip || memcmp(ip + 16, &vm->ip, 4)) {
        return;
    }
    if (icmp[0] == 8 && tot - ihl - 8 <= sizeof f - 42) {
        size_t len = build_icmp(vm, f, eth + 6, ip + 12, 0, get16(icmp + 4),
                                get16(icmp + 6), icmp + 8, tot - ihl - 8);
        vm_send(vm, f, len);
    } else if (icmp[0] == 0 && vm->pinging
               && !memcmp(ip + 12, &vm->peer, 4)
               && get16(icmp + 4) == vm->ping_id) {
        int seq = get16(icmp + 6);
        if (seq < vm->count && !vm->replied[seq]) {
            vm->replied[seq] = true;
            vm->answered++;
            printf("reply from %s seq=%d\n", inet_ntoa(vm->peer), seq);
            fflush(stdout);
        }
    }
}

/* Handles one frame the tap gave us ('n' bytes, vnet header included). */
static void
vm_receive(struct vm *vm, const uint8_t *buf, size_t n)
{
    const uint8_t *f = buf + (vm->vnet ? VNET_HDR_LEN : 0);

    if (n < (size_t) (f - buf) + 14) {
        return;
    }
    n -= f - buf;
    if (memcmp(f, vm->mac, 6) && !(f[0] & 1)) {
        return;                 /* Not for us: a NIC filters it. */
    }
    if (get16(f + 12) == ETH_P_ARP) {
        handle_arp(vm, f + 14, n - 14);
    } else if (get16(f + 12) == ETH_P_IP && n >= 34) {
        handle_icmp(vm, f, f + 14, n - 14);
    }
}

/* Sends the next ARP request or echo request of --ping. */
static void
ping_step(struct vm *vm)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    static const uint8_t zero[6];
    uint8_t f[128], data[56];
    size_t len;
    int i;

    if (!vm->have_peer_mac) {
        send_arp(vm, 1, bcast, zero, vm->peer);
        return;
    }
    if (vm->sent >= vm->count) {
        /* Resend what is unanswered, in case the first copy was lost
         * while the path was being learned. */
        for (i = 0; i < vm->count && vm->replied[i]; i++) {
            continue;
        }
        if (i == vm->count) {
            return;
        }
    } else {
        i = vm->sent++;
    }
    for (size_t j = 0; j < sizeof data; j++) {
        data[j] = j;
    }
    len = build_icmp(vm, f, vm->peer_mac, (const uint8_t *) &vm->peer, 8,
                     vm->ping_id, i, data, sizeof data);
    vm_send(vm, f, len);
}

static void
do_inject(struct vm *vm, const struct inject *inj, int i)
{
    if (write(vm->fd, inj->data, inj->len) < 0) {
        printf("inject %d: error (%s)\n", i, strerror(errno));
    } else {
        printf("inject %d: ok\n", i);
    }
    fflush(stdout);
}

/* Writes every frame of 'injs', or with 'step' only the one after the
 * previous call's. */
static void
do_injects(struct vm *vm, const struct inject *injs, int n, bool step)
{
    static int next;
    int i;

    if (!n) {
        return;
    } else if (step) {
        do_inject(vm, &injs[next], next);
        next = (next + 1) % n;
    } else {
        for (i = 0; i < n; i++) {
            do_inject(vm, &injs[i], i);
        }
    }
}

static void
sigusr1_handler(int sig OSW_UNUSED)
{
    inject_requested = 1;
}

static void
create_ready_file(const char *name)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd < 0) {
        die("%s: cannot create (%s)", name, strerror(errno));
    }
    close(fd);
}

/* Serves the tap until --ping is done (returns its exit status) or
 * forever. */
static int
vm_run(struct vm *vm, const struct inject *injs, int n_injs, bool step,
       int timeout)
{
    long long int deadline = time_msec_now() + timeout;
    long long int next_ping = time_msec_now();
    uint8_t *buf = xmalloc(MAX_FRAME);
    int status = -1;

    while (status < 0) {
        struct pollfd pfd = { .fd = vm->fd, .events = POLLIN };
        long long int now = time_msec_now();
        int wait = 100;         /* Bounds the delay of a late SIGUSR1. */

        if (inject_requested) {
            inject_requested = 0;
            do_injects(vm, injs, n_injs, step);
        }
        if (vm->pinging) {
            if (vm->answered >= vm->count) {
                status = 0;
                break;
            } else if (now >= deadline) {
                status = 1;
                break;
            }
            if (now >= next_ping) {
                ping_step(vm);
                next_ping = now + vm->interval;
            }
            wait = MIN(wait, MIN(next_ping, deadline) - now);
        }
        if (poll(&pfd, 1, wait) > 0) {
            ssize_t n;
            while ((n = read(vm->fd, buf, MAX_FRAME)) > 0) {
                vm_receive(vm, buf, n);
            }
        }
    }
    printf("%d/%d replies\n", vm->answered, vm->count);
    free(buf);
    return status;
}

int
main(int argc, char *argv[])
{
    enum {
        OPT_MAC = 256, OPT_IP, OPT_PING, OPT_COUNT, OPT_INTERVAL,
        OPT_TIMEOUT, OPT_VNET, OPT_INJECT, OPT_INJECT_VNET, OPT_STEP,
        OPT_READY_FILE,
    };
    static const struct option long_options[] = {
        {"mac", required_argument, NULL, OPT_MAC},
        {"ip", required_argument, NULL, OPT_IP},
        {"ping", required_argument, NULL, OPT_PING},
        {"count", required_argument, NULL, OPT_COUNT},
        {"interval", required_argument, NULL, OPT_INTERVAL},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"vnet", no_argument, NULL, OPT_VNET},
        {"inject", required_argument, NULL, OPT_INJECT},
        {"inject-vnet", required_argument, NULL, OPT_INJECT_VNET},
        {"step", no_argument, NULL, OPT_STEP},
        {"ready-file", required_argument, NULL, OPT_READY_FILE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *inject_args[MAX_INJECT];
    bool inject_vnet[MAX_INJECT];
    struct inject injs[MAX_INJECT];
    const char *ready_file = NULL;
    int n_injs = 0, timeout = 10000, status, i;
    bool step = false;
    struct vm vm;

    set_program_name(argv[0]);
    memset(&vm, 0, sizeof vm);
    vm.count = 3;
    vm.interval = 200;
    vm.ping_id = getpid() & 0xffff;
    vm.mac[0] = 0x02;
    vm.mac[1] = 0x54;
    vm.mac[3] = getpid() >> 16;
    vm.mac[4] = getpid() >> 8;
    vm.mac[5] = getpid();

    for (;;) {
        int c = getopt_long(argc, argv, "h", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case OPT_MAC:
            parse_mac(optarg, vm.mac);
            break;
        case OPT_IP:
            parse_ip(optarg, &vm.ip);
            vm.have_ip = true;
            break;
        case OPT_PING:
            parse_ip(optarg, &vm.peer);
            vm.pinging = true;
            break;
        case OPT_COUNT:
            vm.count = parse_uint(optarg, "count", 65535);
            break;
        case OPT_INTERVAL:
            vm.interval = parse_uint(optarg, "interval", 60000);
            break;
        case OPT_TIMEOUT:
            timeout = parse_uint(optarg, "timeout", 3600000);
            break;
        case OPT_VNET:
            vm.vnet = true;
            break;
        case OPT_INJECT:
        case OPT_INJECT_VNET:
            if (n_injs >= MAX_INJECT) {
                die("at most %d frames to inject", MAX_INJECT);
            }
            inject_vnet[n_injs] = c == OPT_INJECT_VNET;
            inject_args[n_injs++] = optarg;
            break;
        case OPT_STEP:
            step = true;
            break;
        case OPT_READY_FILE:
            ready_file = optarg;
            break;
        case 'h':
            usage();
        default:
            exit(2);
        }
    }
    if (argc - optind != 1) {
        die("want one tap device name (try --help)");
    }
    if (vm.pinging && !vm.have_ip) {
        die("--ping needs --ip");
    }
    for (i = 0; i < n_injs; i++) {
        if (inject_vnet[i] && !vm.vnet) {
            die("--inject-vnet needs --vnet");
        }
        parse_inject(inject_args[i], inject_vnet[i], vm.vnet, &injs[i]);
    }
    vm.replied = xcalloc(vm.count + 1, sizeof *vm.replied);

    signal(SIGUSR1, sigusr1_handler);
    vm.fd = open_tap(argv[optind], vm.vnet);
    printf("ready\n");
    fflush(stdout);
    if (ready_file) {
        create_ready_file(ready_file);
    }
    inject_requested = n_injs > 0 && !step;

    status = vm_run(&vm, injs, n_injs, step, timeout);
    for (i = 0; i < n_injs; i++) {
        free(injs[i].data);
    }
    free(vm.replied);
    close(vm.fd);
    return status;
}
