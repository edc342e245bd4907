/* oswtest-pkt: crafts, sends and receives raw Ethernet frames for the
 * functional tests, through an AF_PACKET socket bound to one interface
 * (usually run inside a test namespace with "ip netns exec").
 *
 *   oswtest-pkt send IFACE [OPTION]...
 *       Builds a frame and sends it --count times.  This kernel has no
 *       802.1Q module, so VLAN subinterfaces cannot exist: tags are written
 *       into the frame itself.  Options:
 *         --dst MAC            destination (default ff:ff:ff:ff:ff:ff)
 *         --src MAC            source (default IFACE's own address)
 *         --vlan VID[:PCP]     adds an 802.1Q tag; repeat for stacked tags,
 *                              outermost first
 *         --tpid HEX           TPID of the outermost tag (default 0x8100)
 *         --type HEX           Ethertype after the tags (default 0x0800
 *                              with --ipv4, else 0x88b5, "local
 *                              experimental")
 *         --ipv4 SRC,DST       adds an IPv4 header (protocol 253 unless
 *                              --udp or --tcp)
 *         --udp SPORT,DPORT    adds a UDP header after the IPv4 header
 *         --tcp SPORT,DPORT    adds a TCP header (ACK|PSH) instead
 *         --len N              pads the frame with zeros to N bytes (no
 *                              FCS); headers' lengths follow
 *         --count N            sends N copies (default 1)
 *         --interval MS        waits MS milliseconds between copies
 *         --hex BYTES          sends exactly BYTES (hex digits; ':', '.',
 *                              '-' and spaces ignored) instead of building
 *                              a frame; the other frame options are then
 *                              ignored
 *       Exits 0 when every copy was sent, 2 on an error.
 *
 *   oswtest-pkt recv IFACE [OPTION]...
 *       Prints one line per received frame that passes every --match:
 *           dst=MAC src=MAC [vlan=VID,pcp=P[,tpid=HEX]]
 *           [vlan2=VID,pcp2=P[,tpid2=HEX]] type=HEX len=N
 *           [ipsrc=IP ipdst=IP proto=N [sport=N dport=N
 *           [l4csum=ok|bad|partial|none]]]
 *           [arpop=N spa=IP tpa=IP]
 *       with the frame as it was on the wire: a tag the kernel moved into
 *       packet metadata (PACKET_AUXDATA) is put back, and len counts it.
 *       l4csum checks a whole UDP or TCP packet's checksum ("partial":
 *       the kernel says it is left to checksum offload).
 *       Frames IFACE sends itself are not shown.  Options:
 *         --match K=V[,K=V]... a frame matches when each field K printed
 *                              for it equals V; "vlan=none" matches
 *                              untagged frames ("vlan2=none" single-tagged
 *                              or untagged ones); repeatable, ANDed
 *         --count N            exits 0 once N frames matched (default 1;
 *                              0 means: report all until the timeout,
 *                              then exit 0)
 *         --timeout MS         gives up after MS milliseconds (default
 *                              5000): exit status 1
 *         --ready-file PATH    creates PATH once listening
 *         --promisc            puts IFACE in promiscuous mode while
 *                              listening (a packet socket membership, as
 *                              tcpdump does; IFF_PROMISC stays off)
 *       Prints "ready" on stdout (flushed) once the socket listens, so a
 *       test can start it in the background and wait for that line before
 *       sending.  Exits 2 on an error. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "osw/dynamic-string.h"
#include "osw/util.h"
#include "csum-oracle.h"

#define MAX_FRAME 65600
#define MAX_TAGS 4
#define MAX_MATCHES 32

enum exit_code {
    EXIT_MATCHED = 0,           /* All wanted frames seen or sent. */
    EXIT_TIMEOUT = 1,           /* recv: not enough matching frames. */
    EXIT_ERROR = 2,             /* Bad usage or a system call failed. */
};

/* What "send" puts on the wire. */
struct frame_spec {
    uint8_t dst[6];
    uint8_t src[6];
    bool have_src;
    uint16_t vids[MAX_TAGS];
    uint8_t pcps[MAX_TAGS];
    int n_tags;
    uint16_t outer_tpid;
    int eth_type;               /* -1: default. */
    bool ipv4;
    struct in_addr ip_src, ip_dst;
    int l4_proto;               /* 0, IPPROTO_UDP or IPPROTO_TCP. */
    uint16_t sport, dport;
    size_t len;                 /* 0: no padding. */
    uint8_t *hex;               /* Raw frame, if non-NULL. */
    size_t hex_len;
};

/* A K=V condition of "recv". */
struct match {
    char *key;
    char *value;
};

static void OSW_NO_RETURN OSW_PRINTF_FORMAT(1, 2)
die(const char *format, ...)
{
    va_list args;

    fprintf(stderr, "%s: ", program_name);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(EXIT_ERROR);
}

static void OSW_NO_RETURN
usage(void)
{
    printf("%s: sends and receives raw Ethernet frames for tests\n"
           "usage: %s send IFACE [--dst MAC] [--src MAC] "
           "[--vlan VID[:PCP]]... [--tpid HEX]\n"
           "           [--type HEX] [--ipv4 SRC,DST "
           "[--udp SP,DP | --tcp SP,DP]] [--len N]\n"
           "           [--count N] [--interval MS] [--hex BYTES]\n"
           "       %s recv IFACE [--match K=V[,K=V]...]... [--count N] "
           "[--timeout MS]\n"
           "           [--ready-file PATH] [--promisc]\n",
           program_name, program_name, program_name);
    exit(EXIT_MATCHED);
}

static long long int
time_msec_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void
parse_mac(const char *s, uint8_t mac[6])
{
    char extra;

    if (sscanf(s, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx%c", &mac[0], &mac[1],
               &mac[2], &mac[3], &mac[4], &mac[5], &extra) != 6) {
        die("%s: bad MAC address (want xx:xx:xx:xx:xx:xx)", s);
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

/* Parses "A,B" into two numbers of at most 'max'. */
static void
parse_pair(const char *s, const char *what, unsigned int max,
           unsigned int *a, unsigned int *b)
{
    const char *comma = strchr(s, ',');
    char *first;

    if (!comma) {
        die("%s: bad %s (want A,B)", s, what);
    }
    first = xmemdup0(s, comma - s);
    *a = parse_uint(first, what, max);
    *b = parse_uint(comma + 1, what, max);
    free(first);
}

static void
parse_ip_pair(const char *s, struct in_addr *src, struct in_addr *dst)
{
    const char *comma = strchr(s, ',');
    char *first;

    if (!comma) {
        die("%s: bad --ipv4 (want SRC,DST)", s);
    }
    first = xmemdup0(s, comma - s);
    if (inet_pton(AF_INET, first, src) != 1
        || inet_pton(AF_INET, comma + 1, dst) != 1) {
        die("%s: bad IPv4 address", s);
    }
    free(first);
}

static int
hex_digit(int c)
{
    return (c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1);
}

/* Parses hex digits 's' (separators ignored) into a new buffer. */
static uint8_t *
parse_hex(const char *s, size_t *n)
{
    uint8_t *buf = xmalloc(strlen(s) / 2 + 1);
    int high = -1;

    *n = 0;
    for (; *s; s++) {
        int d = hex_digit((unsigned char) *s);
        if (d < 0) {
            if (!strchr(":.- \t\n", *s)) {
                die("bad character '%c' in --hex", *s);
            }
        } else if (high < 0) {
            high = d;
        } else {
            buf[(*n)++] = high << 4 | d;
            high = -1;
        }
    }
    if (high >= 0) {
        die("--hex has an odd number of digits");
    }
    return buf;
}

static int
iface_index(const char *name)
{
    unsigned int ifindex = if_nametoindex(name);

    if (!ifindex) {
        die("%s: no such interface (%s)", name, strerror(errno));
    }
    return ifindex;
}

static void
iface_mac(int fd, const char *name, uint8_t mac[6])
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
        die("%s: cannot read MAC address (%s)", name, strerror(errno));
    }
    memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
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

/* The Internet checksum's final value for partial sum 'sum'. */
static uint16_t
csum_finish(uint32_t sum)
{
    return ~oracle_csum_fold(sum) & 0xffff;
}

/* Writes the IPv4, UDP/TCP headers and payload of 'spec' at 'p' (room for
 * at least 'min_len' bytes, which the packet must fill) and
 * returns their length. */
static size_t
build_ipv4(const struct frame_spec *spec, uint8_t *p, size_t min_len)
{
    size_t l4_hdr = (spec->l4_proto == IPPROTO_UDP ? 8
                     : spec->l4_proto == IPPROTO_TCP ? 20 : 0);
    size_t payload = 16;
    size_t total = 20 + l4_hdr + payload;
    uint8_t *l4 = p + 20;
    uint32_t sum;

    if (total < min_len) {
        total = min_len;
        payload = total - 20 - l4_hdr;
    }
    memset(p, 0, total);
    p[0] = 0x45;
    put16(p + 2, total);
    put16(p + 4, 0x1234);
    p[8] = 64;
    p[9] = spec->l4_proto ? spec->l4_proto : 253;
    memcpy(p + 12, &spec->ip_src, 4);
    memcpy(p + 16, &spec->ip_dst, 4);
    put16(p + 10, csum_finish(oracle_csum_add(0, p, 20)));

    memset(l4 + l4_hdr, 'x', payload);
    if (spec->l4_proto) {
        put16(l4, spec->sport);
        put16(l4 + 2, spec->dport);
        if (spec->l4_proto == IPPROTO_UDP) {
            put16(l4 + 4, l4_hdr + payload);
        } else {
            put16(l4 + 4, 0x0100);        /* Sequence number. */
            l4[12] = 5 << 4;              /* Data offset: 20 bytes. */
            l4[13] = 0x18;                /* ACK | PSH. */
            put16(l4 + 14, 65535);        /* Window. */
        }
        /* Pseudo-header, then header and payload. */
        sum = oracle_csum_add(0, p + 12, 8);
        sum += spec->l4_proto + l4_hdr + payload;
        sum = oracle_csum_add(sum, l4, l4_hdr + payload);
        put16(l4 + (spec->l4_proto == IPPROTO_UDP ? 6 : 16),
              csum_finish(sum) ? csum_finish(sum) : 0xffff);
    }
    return total;
}

/* Builds the frame 'spec' describes into 'buf', returns its length. */
static size_t
build_frame(const struct frame_spec *spec, uint8_t *buf)
{
    size_t n = 12, min_l3;
    int type, i;

    memcpy(buf, spec->dst, 6);
    memcpy(buf + 6, spec->src, 6);
    for (i = 0; i < spec->n_tags; i++) {
        put16(buf + n, i == 0 ? spec->outer_tpid : ETH_P_8021Q);
        put16(buf + n + 2, spec->pcps[i] << 13 | spec->vids[i]);
        n += 4;
    }
    type = (spec->eth_type >= 0 ? spec->eth_type
            : spec->ipv4 ? ETH_P_IP : 0x88b5);
    put16(buf + n, type);
    n += 2;

    min_l3 = spec->len > n ? spec->len - n : 0;
    if (spec->ipv4) {
        n += build_ipv4(spec, buf + n, min_l3);
    } else {
        size_t payload = MAX(min_l3, 46);
        memset(buf + n, 0, payload);
        n += payload;
    }
    return n;
}

static void OSW_NO_RETURN
do_send(const char *iface, const struct frame_spec *spec, int count,
        int interval)
{
    struct sockaddr_ll sll;
    uint8_t *frame = xzalloc(MAX_FRAME);
    size_t len;
    int fd, i;

    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
        die("AF_PACKET socket failed (%s)", strerror(errno));
    }
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = iface_index(iface);
    sll.sll_halen = 6;

    if (spec->hex) {
        len = spec->hex_len;
        memcpy(frame, spec->hex, len);
    } else {
        struct frame_spec s = *spec;
        if (!s.have_src) {
            iface_mac(fd, iface, s.src);
        }
        len = build_frame(&s, frame);
    }
    memcpy(sll.sll_addr, frame, MIN(len, 6));

    for (i = 0; i < count; i++) {
        ssize_t retval;
        int tries = 0;

        do {
            retval = sendto(fd, frame, len, 0, (struct sockaddr *) &sll,
                            sizeof sll);
            if (retval < 0 && (errno == ENOBUFS || errno == EAGAIN)
                && tries++ < 100) {
                usleep(1000);
                continue;
            }
            break;
        } while (true);
        if (retval < 0) {
            die("%s: sending a %zu-byte frame failed (%s)", iface, len,
                strerror(errno));
        }
        if (interval > 0 && i + 1 < count) {
            usleep(interval * 1000);
        }
    }
    close(fd);
    free(frame);
    exit(EXIT_MATCHED);
}

static void
put_ip(struct ds *s, const char *key, const uint8_t *p)
{
    char buf[INET_ADDRSTRLEN];

    inet_ntop(AF_INET, p, buf, sizeof buf);
    ds_put_format(s, " %s=%s", key, buf);
}

static void
put_tag(struct ds *s, int idx, uint16_t tpid, uint16_t tci)
{
    const char *suffix = idx ? "2" : "";

    ds_put_format(s, " vlan%s=%u,pcp%s=%u", suffix, tci & 0xfff, suffix,
                  tci >> 13);
    if (tpid != ETH_P_8021Q) {
        ds_put_format(s, ",tpid%s=0x%04x", suffix, tpid);
    }
}

static bool
is_vlan_tpid(uint16_t tpid)
{
    return tpid == ETH_P_8021Q || tpid == ETH_P_8021AD || tpid == 0x9100;
}

/* Describes the TCP or UDP checksum of IPv4 packet 'ip' ('n' bytes, header
 * 'ihl' bytes): "ok", "bad", "partial" (the sender left it to offload,
 * 'partial' true) or "none" (UDP without one), if the whole packet is
 * there. */
static void
describe_l4_csum(struct ds *s, const uint8_t *ip, size_t n, size_t ihl,
                 bool partial)
{
    size_t tot = get16(ip + 2), l4_len;
    uint32_t sum;

    if (tot > n || tot < ihl + (ip[9] == IPPROTO_UDP ? 8 : 20)) {
        return;
    }
    l4_len = tot - ihl;
    if (partial) {
        ds_put_cstr(s, " l4csum=partial");
        return;
    }
    if (ip[9] == IPPROTO_UDP && !get16(ip + ihl + 6)) {
        ds_put_cstr(s, " l4csum=none");
        return;
    }
    sum = oracle_csum_add(0, ip + 12, 8) + ip[9] + l4_len;
    sum = oracle_csum_add(sum, ip + ihl, l4_len);
    ds_put_format(s, " l4csum=%s", csum_finish(sum) ? "bad" : "ok");
}

/* Describes the upper layers of a frame whose Ethertype 'type' is followed
 * by the 'n' bytes at 'p'.  'partial': the kernel says the L4 checksum is
 * yet to be filled in (offload). */
static void
describe_l3(struct ds *s, uint16_t type, const uint8_t *p, size_t n,
            bool partial)
{
    if (type == ETH_P_IP && n >= 20 && (p[0] >> 4) == 4) {
        size_t ihl = (p[0] & 0xf) * 4;
        put_ip(s, "ipsrc", p + 12);
        put_ip(s, "ipdst", p + 16);
        ds_put_format(s, " proto=%u", p[9]);
        if ((p[9] == IPPROTO_UDP || p[9] == IPPROTO_TCP)
            && ihl >= 20 && n >= ihl + 4) {
            ds_put_format(s, " sport=%u dport=%u", get16(p + ihl),
                          get16(p + ihl + 2));
            describe_l4_csum(s, p, n, ihl, partial);
        }
    } else if (type == ETH_P_ARP && n >= 28) {
        ds_put_format(s, " arpop=%u", get16(p + 6));
        put_ip(s, "spa", p + 14);
        put_ip(s, "tpa", p + 24);
    }
}

/* Describes 'frame' ('n' bytes), whose outer tag the kernel may have moved
 * into 'aux', in the format of "recv". */
static void
describe_frame(struct ds *s, const uint8_t *frame, size_t n,
               const struct tpacket_auxdata *aux)
{
    const uint8_t *p = frame + 12;
    size_t left = n - 12, wire_len = n;
    int n_tags = 0;
    uint16_t type;

    ds_put_format(s, "dst=%02x:%02x:%02x:%02x:%02x:%02x "
                  "src=%02x:%02x:%02x:%02x:%02x:%02x",
                  frame[0], frame[1], frame[2], frame[3], frame[4],
                  frame[5], frame[6], frame[7], frame[8], frame[9],
                  frame[10], frame[11]);
    if (aux && aux->tp_status & TP_STATUS_VLAN_VALID) {
        uint16_t tpid = (aux->tp_status & TP_STATUS_VLAN_TPID_VALID
                         ? aux->tp_vlan_tpid : ETH_P_8021Q);
        put_tag(s, n_tags++, tpid, aux->tp_vlan_tci);
        wire_len += 4;
    }
    while (left >= 6 && is_vlan_tpid(get16(p)) && n_tags < MAX_TAGS) {
        put_tag(s, n_tags++, get16(p), get16(p + 2));
        p += 4;
        left -= 4;
    }
    if (left < 2) {
        ds_put_format(s, " type=none len=%zu", wire_len);
        return;
    }
    type = get16(p);
    ds_put_format(s, " type=0x%04x len=%zu", type, wire_len);
    describe_l3(s, type, p + 2, left - 2,
                aux && aux->tp_status & TP_STATUS_CSUMNOTREADY);
}

/* Returns the value of field 'key' in description 's' (space- and
 * comma-separated K=V words), or NULL. */
static char *
find_field(const char *s, const char *key, char *buf, size_t size)
{
    size_t key_len = strlen(key);

    while (*s) {
        size_t word = strcspn(s, " ,");
        if (word > key_len && !strncmp(s, key, key_len)
            && s[key_len] == '=') {
            size_t vlen = MIN(word - key_len - 1, size - 1);
            memcpy(buf, s + key_len + 1, vlen);
            buf[vlen] = '\0';
            return buf;
        }
        s += word;
        s += strspn(s, " ,");
    }
    return NULL;
}

static bool
frame_matches(const char *desc, const struct match *m, int n_matches)
{
    char buf[64];
    int i;

    for (i = 0; i < n_matches; i++) {
        const char *value = find_field(desc, m[i].key, buf, sizeof buf);
        if (!value) {
            if (strcmp(m[i].value, "none")) {
                return false;
            }
        } else if (strcasecmp(value, m[i].value)) {
            return false;
        }
    }
    return true;
}

/* Adds the K=V conditions of 's' to 'm'. */
static void
parse_matches(const char *s, struct match *m, int *n_matches)
{
    char *copy = xstrdup(s), *save = NULL, *word;

    for (word = strtok_r(copy, ",", &save); word;
         word = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(word, '=');
        if (!eq || eq == word) {
            die("%s: bad --match (want K=V[,K=V]...)", s);
        }
        if (*n_matches >= MAX_MATCHES) {
            die("too many --match conditions");
        }
        m[*n_matches].key = xmemdup0(word, eq - word);
        m[*n_matches].value = xstrdup(eq + 1);
        (*n_matches)++;
    }
    free(copy);
}

static int
open_recv_socket(const char *iface, bool promisc)
{
    struct sockaddr_ll sll;
    int fd, one = 1, rcvbuf = 4 << 20;

    /* Protocol 0 until bound: a socket made with ETH_P_ALL would queue
     * every interface's frames until bind() narrows it to one. */
    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
        die("AF_PACKET socket failed (%s)", strerror(errno));
    }
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = iface_index(iface);
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
        die("%s: bind failed (%s)", iface, strerror(errno));
    }
    if (setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one) < 0) {
        die("PACKET_AUXDATA failed (%s)", strerror(errno));
    }
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (promisc) {
        struct packet_mreq mr = {
            .mr_ifindex = sll.sll_ifindex,
            .mr_type = PACKET_MR_PROMISC,
        };
        if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP,
                       &mr, sizeof mr) < 0) {
            die("%s: PACKET_MR_PROMISC failed (%s)", iface, strerror(errno));
        }
    }
    return fd;
}

/* Receives one frame from 'fd' into 'buf' and describes it into 's'.
 * Returns false if the frame is not worth describing (our own). */
static bool
recv_one(int fd, uint8_t *buf, struct ds *s)
{
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } control;
    const struct tpacket_auxdata *aux = NULL;
    struct sockaddr_ll from;
    struct iovec iov = { buf, MAX_FRAME };
    struct msghdr msg = {
        .msg_name = &from, .msg_namelen = sizeof from,
        .msg_iov = &iov, .msg_iovlen = 1,
        .msg_control = &control, .msg_controllen = sizeof control,
    };
    struct cmsghdr *cmsg;
    ssize_t n;

    n = recvmsg(fd, &msg, MSG_DONTWAIT);
    if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) {
            return false;
        }
        die("receive failed (%s)", strerror(errno));
    }
    if (from.sll_pkttype == PACKET_OUTGOING || n < 12) {
        return false;
    }
    for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
        if (cmsg->cmsg_level == SOL_PACKET
            && cmsg->cmsg_type == PACKET_AUXDATA) {
            aux = (const struct tpacket_auxdata *) CMSG_DATA(cmsg);
        }
    }
    ds_clear(s);
    describe_frame(s, buf, n, aux);
    return true;
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

static void OSW_NO_RETURN
do_recv(const char *iface, const struct match *m, int n_matches, int count,
        int timeout, const char *ready_file, bool promisc)
{
    long long int deadline;
    uint8_t *buf = xmalloc(MAX_FRAME);
    struct ds s = DS_EMPTY_INITIALIZER;
    int fd, matched = 0;

    fd = open_recv_socket(iface, promisc);
    printf("ready\n");
    fflush(stdout);
    if (ready_file) {
        create_ready_file(ready_file);
    }

    deadline = time_msec_now() + timeout;
    while (!count || matched < count) {
        long long int left = deadline - time_msec_now();
        struct pollfd pfd = { .fd = fd, .events = POLLIN };

        if (left <= 0) {
            break;
        }
        if (poll(&pfd, 1, left) <= 0) {
            continue;
        }
        if (recv_one(fd, buf, &s) && frame_matches(ds_cstr(&s), m,
                                                    n_matches)) {
            printf("%s\n", ds_cstr(&s));
            fflush(stdout);
            matched++;
        }
    }
    close(fd);
    ds_destroy(&s);
    free(buf);
    exit(!count || matched >= count ? EXIT_MATCHED : EXIT_TIMEOUT);
}

/* Parses "VID[:PCP]" into tag number n_tags of 'spec'. */
static void
add_vlan(struct frame_spec *spec, const char *s)
{
    const char *colon = strchr(s, ':');
    char *vid;

    if (spec->n_tags >= MAX_TAGS) {
        die("at most %d --vlan tags", MAX_TAGS);
    }
    vid = colon ? xmemdup0(s, colon - s) : xstrdup(s);
    spec->vids[spec->n_tags] = parse_uint(vid, "VLAN ID", 4095);
    spec->pcps[spec->n_tags] = colon ? parse_uint(colon + 1, "PCP", 7) : 0;
    spec->n_tags++;
    free(vid);
}

int
main(int argc, char *argv[])
{
    enum {
        OPT_DST = 256, OPT_SRC, OPT_VLAN, OPT_TPID, OPT_TYPE, OPT_IPV4,
        OPT_UDP, OPT_TCP, OPT_LEN, OPT_COUNT, OPT_INTERVAL, OPT_HEX,
        OPT_TIMEOUT, OPT_MATCH, OPT_READY_FILE, OPT_PROMISC,
    };
    static const struct option long_options[] = {
        {"dst", required_argument, NULL, OPT_DST},
        {"src", required_argument, NULL, OPT_SRC},
        {"vlan", required_argument, NULL, OPT_VLAN},
        {"tpid", required_argument, NULL, OPT_TPID},
        {"type", required_argument, NULL, OPT_TYPE},
        {"ipv4", required_argument, NULL, OPT_IPV4},
        {"udp", required_argument, NULL, OPT_UDP},
        {"tcp", required_argument, NULL, OPT_TCP},
        {"len", required_argument, NULL, OPT_LEN},
        {"count", required_argument, NULL, OPT_COUNT},
        {"interval", required_argument, NULL, OPT_INTERVAL},
        {"hex", required_argument, NULL, OPT_HEX},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"match", required_argument, NULL, OPT_MATCH},
        {"ready-file", required_argument, NULL, OPT_READY_FILE},
        {"promisc", no_argument, NULL, OPT_PROMISC},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct frame_spec spec;
    struct match matches[MAX_MATCHES];
    int n_matches = 0, count = 1, interval = 0, timeout = 5000;
    const char *ready_file = NULL, *cmd, *iface;
    bool promisc = false;
    unsigned int a, b;

    set_program_name(argv[0]);
    memset(&spec, 0, sizeof spec);
    memset(spec.dst, 0xff, 6);
    spec.outer_tpid = ETH_P_8021Q;
    spec.eth_type = -1;

    for (;;) {
        int c = getopt_long(argc, argv, "h", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case OPT_DST:
            parse_mac(optarg, spec.dst);
            break;
        case OPT_SRC:
            parse_mac(optarg, spec.src);
            spec.have_src = true;
            break;
        case OPT_VLAN:
            add_vlan(&spec, optarg);
            break;
        case OPT_TPID:
            spec.outer_tpid = parse_uint(optarg, "TPID", 0xffff);
            break;
        case OPT_TYPE:
            spec.eth_type = parse_uint(optarg, "Ethertype", 0xffff);
            break;
        case OPT_IPV4:
            parse_ip_pair(optarg, &spec.ip_src, &spec.ip_dst);
            spec.ipv4 = true;
            break;
        case OPT_UDP:
        case OPT_TCP:
            parse_pair(optarg, "port pair", 65535, &a, &b);
            spec.sport = a;
            spec.dport = b;
            spec.l4_proto = c == OPT_UDP ? IPPROTO_UDP : IPPROTO_TCP;
            break;
        case OPT_LEN:
            spec.len = parse_uint(optarg, "length", MAX_FRAME - 100);
            break;
        case OPT_COUNT:
            count = parse_uint(optarg, "count", 100000000);
            break;
        case OPT_INTERVAL:
            interval = parse_uint(optarg, "interval", 60000);
            break;
        case OPT_HEX:
            free(spec.hex);
            spec.hex = parse_hex(optarg, &spec.hex_len);
            break;
        case OPT_TIMEOUT:
            timeout = parse_uint(optarg, "timeout", 3600000);
            break;
        case OPT_MATCH:
            parse_matches(optarg, matches, &n_matches);
            break;
        case OPT_READY_FILE:
            ready_file = optarg;
            break;
        case OPT_PROMISC:
            promisc = true;
            break;
        case 'h':
            usage();
        default:
            exit(EXIT_ERROR);
        }
    }
    if (argc - optind != 2) {
        die("want a command (send or recv) and an interface (try --help)");
    }
    cmd = argv[optind];
    iface = argv[optind + 1];
    if (spec.l4_proto && !spec.ipv4) {
        die("--udp and --tcp need --ipv4");
    }
    if (!strcmp(cmd, "send")) {
        do_send(iface, &spec, count, interval);
    } else if (!strcmp(cmd, "recv")) {
        do_recv(iface, matches, n_matches, count, timeout, ready_file,
                promisc);
    }
    die("%s: unknown command (want send or recv)", cmd);
}
