#include <config.h>
#include "osw/netdev.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/time.h>
#include <unistd.h>
#include "netdev-provider.h"
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/flow.h"
#include "osw/smap.h"
#include "osw/unixctl.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_dummy);

/* Frames waiting to be received, beyond which new ones are dropped (and
 * counted), so a dummy port nobody polls cannot eat the memory. */
#define DUMMY_MAX_RXQ 65536

/* A FIFO of packets. */
struct pkt_fifo {
    struct dp_packet **pkts;
    size_t head, n, cap;
};

static void
pkt_fifo_push(struct pkt_fifo *f, struct dp_packet *p)
{
    if (f->n == f->cap) {
        size_t old_cap = f->cap;
        f->pkts = x2nrealloc(f->pkts, &f->cap, sizeof *f->pkts);
        /* The array at least doubled: moving the wrapped-around part
         * behind the old end makes the FIFO contiguous again. */
        for (size_t i = 0; i < f->head; i++) {
            f->pkts[old_cap + i] = f->pkts[i];
        }
    }
    f->pkts[(f->head + f->n) % f->cap] = p;
    f->n++;
}

static struct dp_packet *
pkt_fifo_pop(struct pkt_fifo *f)
{
    struct dp_packet *p;

    if (!f->n) {
        return NULL;
    }
    p = f->pkts[f->head];
    f->head = (f->head + 1) % f->cap;
    f->n--;
    return p;
}

static void
pkt_fifo_destroy(struct pkt_fifo *f)
{
    struct dp_packet *p;

    while ((p = pkt_fifo_pop(f))) {
        dp_packet_delete(p);
    }
    free(f->pkts);
}

struct netdev_dummy {
    struct netdev up;

    pthread_mutex_t mutex;      /* Protects everything below. */
    struct pkt_fifo rxq;
    struct pkt_fifo sent;
    int efd;                    /* eventfd: readable while 'rxq' is not
                                 * empty. */
    struct eth_addr mac;
    int mtu;
    enum netdev_flags flags;
    struct netdev_stats stats;

    char *rxq_pcap;             /* Options as last applied. */
    char *tx_pcap;
    pcap_t *tx_pcap_handle;
    pcap_dumper_t *tx_dumper;
};

static struct netdev_dummy *
netdev_dummy_cast(const struct netdev *netdev)
{
    osw_assert(netdev->netdev_class == &netdev_dummy_class);
    return CONTAINER_OF(netdev, struct netdev_dummy, up);
}

/* Queues 'p' for receiving.  Caller holds the mutex. */
static void
dummy_enqueue_rx(struct netdev_dummy *dev, struct dp_packet *p)
{
    if (dev->rxq.n >= DUMMY_MAX_RXQ) {
        dev->stats.rx_dropped++;
        dp_packet_delete(p);
        return;
    }
    dev->stats.rx_packets++;
    dev->stats.rx_bytes += dp_packet_size(p);
    p->in_port = 0;
    pkt_fifo_push(&dev->rxq, p);
    if (dev->rxq.n == 1) {
        uint64_t one = 1;
        if (write(dev->efd, &one, sizeof one) < 0) {
            /* The counter is already nonzero: fine. */
        }
    }
}

static int
dummy_read_pcap(struct netdev_dummy *dev, const char *file_name)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    struct pcap_pkthdr *hdr;
    const u_char *data;
    pcap_t *pcap;
    FILE *file;
    int n = 0, ret;

    file = fopen(file_name, "rb");
    if (!file) {
        int error = errno;
        VLOG_WARN("%s: cannot open %s: %s", dev->up.name, file_name,
                  osw_strerror(error));
        return error;
    }
    pcap = pcap_fopen_offline(file, errbuf);
    if (!pcap) {
        VLOG_WARN("%s: %s: not a pcap file (%s)", dev->up.name, file_name,
                  errbuf);
        fclose(file);
        return EINVAL;
    }
    while ((ret = pcap_next_ex(pcap, &hdr, &data)) == 1) {
        dummy_enqueue_rx(dev, dp_packet_new_with_data(data, hdr->caplen));
        n++;
    }
    if (ret == PCAP_ERROR) {
        VLOG_WARN("%s: %s: read error after %d frames: %s", dev->up.name,
                  file_name, n, pcap_geterr(pcap));
    }
    pcap_close(pcap);
    return ret == PCAP_ERROR ? EIO : 0;
}

static void
dummy_close_tx_pcap(struct netdev_dummy *dev)
{
    if (dev->tx_dumper) {
        pcap_dump_close(dev->tx_dumper);
        dev->tx_dumper = NULL;
    }
    if (dev->tx_pcap_handle) {
        pcap_close(dev->tx_pcap_handle);
        dev->tx_pcap_handle = NULL;
    }
}

static int
dummy_open_tx_pcap(struct netdev_dummy *dev, const char *file_name)
{
    FILE *file = fopen(file_name, "wb");
    int error;

    if (!file) {
        error = errno;
        VLOG_WARN("%s: cannot create %s: %s", dev->up.name, file_name,
                  osw_strerror(error));
        return error;
    }
    dev->tx_pcap_handle = pcap_open_dead(DLT_EN10MB, 262144);
    dev->tx_dumper = (dev->tx_pcap_handle
                      ? pcap_dump_fopen(dev->tx_pcap_handle, file) : NULL);
    if (!dev->tx_dumper) {
        fclose(file);
        dummy_close_tx_pcap(dev);
        return ENOMEM;
    }
    pcap_dump_flush(dev->tx_dumper);    /* The header, for readers. */
    return 0;
}

static bool
str_changed(const char *a, const char *b)
{
    return (a == NULL) != (b == NULL) || (a && strcmp(a, b));
}

static int
netdev_dummy_set_config(struct netdev *netdev, const struct smap *config)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    const char *rxq_pcap = smap_get(config, "rxq_pcap");
    const char *tx_pcap = smap_get(config, "tx_pcap");
    struct smap_node *node;
    int error = 0;

    SMAP_FOR_EACH (node, config) {
        if (strcmp(node->key, "rxq_pcap") && strcmp(node->key, "tx_pcap")) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
            VLOG_WARN_RL(&rl, "%s: unknown option \"%s\" ignored",
                         netdev->name, node->key);
        }
    }

    pthread_mutex_lock(&dev->mutex);
    if (str_changed(tx_pcap, dev->tx_pcap)) {
        dummy_close_tx_pcap(dev);
        free(dev->tx_pcap);
        dev->tx_pcap = tx_pcap ? xstrdup(tx_pcap) : NULL;
        if (tx_pcap) {
            error = dummy_open_tx_pcap(dev, tx_pcap);
        }
    }
    if (str_changed(rxq_pcap, dev->rxq_pcap)) {
        free(dev->rxq_pcap);
        dev->rxq_pcap = rxq_pcap ? xstrdup(rxq_pcap) : NULL;
        if (rxq_pcap) {
            int error2 = dummy_read_pcap(dev, rxq_pcap);
            error = error ? error : error2;
        }
    }
    pthread_mutex_unlock(&dev->mutex);
    return error;
}

static void netdev_dummy_close(struct netdev *);

static int
netdev_dummy_open(const struct netdev_class *class, const char *name,
                  const struct smap *config, struct netdev **netdevp)
{
    static unsigned int n_created;
    struct netdev_dummy *dev;
    int error;

    dev = xzalloc(sizeof *dev);
    netdev_base_init(&dev->up, class, name);
    pthread_mutex_init(&dev->mutex, NULL);
    dev->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (dev->efd < 0) {
        error = errno;
        pthread_mutex_destroy(&dev->mutex);
        netdev_base_destroy(&dev->up);
        free(dev);
        return error;
    }
    n_created++;
    dev->mac = (struct eth_addr) { { 0xaa, 0x55, 0xaa, 0x55,
                                     n_created >> 8, n_created } };
    dev->mtu = 1500;
    dev->flags = NETDEV_UP | NETDEV_RUNNING;
    memset(&dev->stats, 0, sizeof dev->stats);

    if (config) {
        error = netdev_dummy_set_config(&dev->up, config);
        if (error) {
            netdev_dummy_close(&dev->up);
            return error;
        }
    }
    *netdevp = &dev->up;
    return 0;
}

static void
netdev_dummy_close(struct netdev *netdev)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    dummy_close_tx_pcap(dev);
    pkt_fifo_destroy(&dev->rxq);
    pkt_fifo_destroy(&dev->sent);
    close(dev->efd);
    free(dev->rxq_pcap);
    free(dev->tx_pcap);
    pthread_mutex_destroy(&dev->mutex);
    netdev_base_destroy(&dev->up);
    free(dev);
}

static int
netdev_dummy_rxq_fd(const struct netdev *netdev, int qid OSW_UNUSED)
{
    return netdev_dummy_cast(netdev)->efd;
}

static int
netdev_dummy_rxq_recv(struct netdev *netdev, int qid OSW_UNUSED,
                      struct dp_packet_batch *batch)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    struct dp_packet *p;

    pthread_mutex_lock(&dev->mutex);
    while (!dp_packet_batch_is_full(batch) && (p = pkt_fifo_pop(&dev->rxq))) {
        dp_packet_batch_add(batch, p);
    }
    if (!dev->rxq.n) {
        uint64_t count;
        if (read(dev->efd, &count, sizeof count) < 0) {
            /* Already reset. */
        }
    }
    pthread_mutex_unlock(&dev->mutex);
    return batch->count ? 0 : EAGAIN;
}

static void
dummy_dump(struct netdev_dummy *dev, const struct dp_packet *p)
{
    struct pcap_pkthdr hdr;
    struct timeval now;

    gettimeofday(&now, NULL);
    hdr.ts = now;
    hdr.caplen = hdr.len = dp_packet_size(p);
    pcap_dump((u_char *) dev->tx_dumper, &hdr, dp_packet_data(p));
}

static int
netdev_dummy_send(struct netdev *netdev, struct dp_packet_batch *batch,
                  size_t *n_dropped)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);
    struct dp_packet *p;

    *n_dropped = 0;
    pthread_mutex_lock(&dev->mutex);
    DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
        if (dev->tx_dumper) {
            dummy_dump(dev, p);
        }
        if (dev->sent.n >= NETDEV_DUMMY_MAX_SENT) {
            dp_packet_delete(pkt_fifo_pop(&dev->sent));
        }
        pkt_fifo_push(&dev->sent, dp_packet_clone(p));
        dev->stats.tx_packets++;
        dev->stats.tx_bytes += dp_packet_size(p);
    }
    if (dev->tx_dumper) {
        pcap_dump_flush(dev->tx_dumper);
    }
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

/* Removes and returns the oldest frame sent on dummy 'netdev'. */
struct dp_packet *
netdev_dummy_pop_sent(struct netdev *netdev)
{
    struct netdev_dummy *dev;
    struct dp_packet *p;

    if (netdev->netdev_class != &netdev_dummy_class) {
        return NULL;
    }
    dev = netdev_dummy_cast(netdev);
    pthread_mutex_lock(&dev->mutex);
    p = pkt_fifo_pop(&dev->sent);
    pthread_mutex_unlock(&dev->mutex);
    return p;
}

/* Queues 'packet' on dummy 'netdev' as if received. */
int
netdev_dummy_receive(struct netdev *netdev, struct dp_packet *packet)
{
    struct netdev_dummy *dev;

    if (netdev->netdev_class != &netdev_dummy_class) {
        dp_packet_delete(packet);
        return EOPNOTSUPP;
    }
    dev = netdev_dummy_cast(netdev);
    pthread_mutex_lock(&dev->mutex);
    dummy_enqueue_rx(dev, packet);
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_get_etheraddr(const struct netdev *netdev, struct eth_addr *mac)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    pthread_mutex_lock(&dev->mutex);
    *mac = dev->mac;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_set_etheraddr(struct netdev *netdev, struct eth_addr mac)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    pthread_mutex_lock(&dev->mutex);
    dev->mac = mac;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_get_mtu(const struct netdev *netdev, int *mtup)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    pthread_mutex_lock(&dev->mutex);
    *mtup = dev->mtu;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_set_mtu(struct netdev *netdev, int mtu)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    pthread_mutex_lock(&dev->mutex);
    dev->mtu = mtu;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_get_flags(const struct netdev *netdev, enum netdev_flags *flags)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    pthread_mutex_lock(&dev->mutex);
    *flags = dev->flags;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_update_flags(struct netdev *netdev, enum netdev_flags on,
                          enum netdev_flags off)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    pthread_mutex_lock(&dev->mutex);
    dev->flags = (dev->flags | on) & ~off;
    /* A dummy has carrier exactly while it is up. */
    if (dev->flags & NETDEV_UP) {
        dev->flags |= NETDEV_RUNNING;
    } else {
        dev->flags &= ~NETDEV_RUNNING;
    }
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_get_stats(const struct netdev *netdev,
                       struct netdev_stats *stats)
{
    struct netdev_dummy *dev = netdev_dummy_cast(netdev);

    pthread_mutex_lock(&dev->mutex);
    stats->rx_packets = dev->stats.rx_packets;
    stats->tx_packets = dev->stats.tx_packets;
    stats->rx_bytes = dev->stats.rx_bytes;
    stats->tx_bytes = dev->stats.tx_bytes;
    stats->rx_dropped = dev->stats.rx_dropped;
    stats->tx_dropped = dev->stats.tx_dropped;
    stats->rx_errors = 0;
    stats->tx_errors = 0;
    pthread_mutex_unlock(&dev->mutex);
    return 0;
}

static int
netdev_dummy_get_status(const struct netdev *netdev OSW_UNUSED,
                        struct smap *status)
{
    smap_replace(status, "driver_name", "dummy");
    return 0;
}

const struct netdev_class netdev_dummy_class = {
    .type = "dummy",
    .open = netdev_dummy_open,
    .close = netdev_dummy_close,
    .set_config = netdev_dummy_set_config,
    .rxq_fd = netdev_dummy_rxq_fd,
    .rxq_recv = netdev_dummy_rxq_recv,
    .send = netdev_dummy_send,
    .get_etheraddr = netdev_dummy_get_etheraddr,
    .set_etheraddr = netdev_dummy_set_etheraddr,
    .get_mtu = netdev_dummy_get_mtu,
    .set_mtu = netdev_dummy_set_mtu,
    .get_flags = netdev_dummy_get_flags,
    .update_flags = netdev_dummy_update_flags,
    .get_stats = netdev_dummy_get_stats,
    .get_status = netdev_dummy_get_status,
};

/* "netdev-dummy/receive NAME PACKET...". */

static int
hexval(int c)
{
    return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* Parses 's' as hex bytes (whitespace allowed between them) into a new
 * packet.  NULL if 's' is not that. */
static struct dp_packet *
packet_from_hex(const char *s)
{
    struct dp_packet *p;
    size_t n_digits = 0;

    for (const char *c = s; *c; c++) {
        if (isxdigit((unsigned char) *c)) {
            n_digits++;
        } else if (!isspace((unsigned char) *c)) {
            return NULL;
        }
    }
    if (!n_digits || n_digits % 2) {
        return NULL;
    }
    p = dp_packet_new(n_digits / 2, DP_PACKET_HEADROOM);
    for (const char *c = s; *c; ) {
        if (isspace((unsigned char) *c)) {
            c++;
            continue;
        }
        uint8_t byte = hexval((unsigned char) c[0]) << 4
                       | hexval((unsigned char) c[1]);
        dp_packet_put(p, &byte, 1);
        c += 2;
    }
    return p;
}

/* Builds a frame from 's', hex bytes or a datapath flow.  Returns NULL and
 * sets '*errorp' (to free) on failure. */
static struct dp_packet *
packet_from_string(const char *s, char **errorp)
{
    struct flow_wildcards wc;
    struct dp_packet *p;
    struct flow flow;
    char *error;

    *errorp = NULL;
    p = packet_from_hex(s);
    if (p) {
        if (dp_packet_size(p) < ETH_HEADER_LEN) {
            dp_packet_delete(p);
            *errorp = xasprintf("\"%s\": shorter than an Ethernet header", s);
            return NULL;
        }
        return p;
    }
    error = flow_parse(s, &flow, &wc);
    if (error) {
        *errorp = xasprintf("\"%s\": neither hex bytes nor a flow (%s)", s,
                            error);
        free(error);
        return NULL;
    }
    p = dp_packet_new(0, DP_PACKET_HEADROOM);
    flow_compose(p, &flow, 0);
    return p;
}

static void
dummy_receive_cmd(struct unixctl_conn *conn, int argc, const char *argv[],
                  void *aux OSW_UNUSED)
{
    struct netdev *netdev = netdev_dummy_find(argv[1]);

    if (!netdev) {
        char *msg = xasprintf("no such dummy netdev \"%s\"", argv[1]);
        unixctl_command_reply_error(conn, msg);
        free(msg);
        return;
    }
    /* Parse everything first, so a bad argument queues nothing. */
    struct dp_packet **pkts = xcalloc(argc, sizeof *pkts);
    for (int i = 2; i < argc; i++) {
        char *error;

        pkts[i] = packet_from_string(argv[i], &error);
        if (!pkts[i]) {
            unixctl_command_reply_error(conn, error);
            free(error);
            for (int j = 2; j < i; j++) {
                dp_packet_delete(pkts[j]);
            }
            free(pkts);
            return;
        }
    }
    for (int i = 2; i < argc; i++) {
        netdev_dummy_receive(netdev, pkts[i]);
    }
    free(pkts);
    unixctl_command_reply(conn, NULL);
}

/* Registers the "netdev-dummy/..." unixctl commands. */
void
netdev_dummy_register_commands(void)
{
    unixctl_command_register("netdev-dummy/receive", "NAME PACKET|FLOW...",
                             2, INT_MAX, dummy_receive_cmd, NULL);
}
