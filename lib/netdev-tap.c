#include <config.h>
#include "osw/netdev.h"

/* "internal" and "tap" devices: a tap device that the switch creates
 * through /dev/net/tun and owns.  It exists while the switch holds its fd
 * (not persistent), so closing the netdev deletes the device.
 *
 * Frames cross the fd with a virtio-net header in front (IFF_VNET_HDR),
 * and TUNSETOFFLOAD lets the kernel hand us partial checksums and
 * TSO/USO super-frames instead of segmenting them first: the host's TCP
 * stack talks to the switch at full speed.  Receive reads frames one
 * read() each into preallocated 64 kB buffers until the batch is full or
 * the fd is empty; send writes each frame with writev().
 *
 * The kernel's counters of a tap device are the host's view (what the
 * host transmitted is what the switch port received), so they are
 * reported swapped.  Internal ports get a random MAC and stay down until
 * the administrator brings them up, as in Open vSwitch.
 *
 * Address filter.  What we write to the fd arrives in the host's stack as
 * if received by a NIC, but a tap device has no address filter: unicast
 * frames for other MACs (flooded unknown unicast) each cost a write(), a
 * socket buffer and a trip into the stack, which then drops them
 * (PACKET_OTHERHOST).  So we filter as a NIC would, in
 * netdev_filters_out(): while the device is not promiscuous, unicast to
 * a MAC other than its own is not sent.  The filter follows the device's
 * MAC and promiscuity (IFLA_PROMISCUITY counts packet sockets such as
 * tcpdump's, bridges and upper devices, which IFF_PROMISC does not show)
 * from link notifications, and is checked again at every statistics
 * refresh (an upper device's extra unicast address makes the kernel turn
 * promiscuity on without a notification).  When in doubt (the device
 * renamed, moved to another namespace, or the kernel not saying), it
 * passes everything. */

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "netdev-provider.h"
#include "osw/dp-packet.h"
#include "osw/list.h"
#include "osw/rtnetlink.h"
#include "osw/smap.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_tap);

#define TAP_FRAME_MAX (65536 + 1024)
#define TAP_BUF_SIZE (DP_PACKET_HEADROOM + TAP_FRAME_MAX)

struct netdev_tap {
    struct netdev up;
    int fd;
    int ifindex;
    struct dp_packet pkts[DP_BATCH_SIZE];
    uint8_t *bufs[DP_BATCH_SIZE];
    /* Our own counts (atomics).  The kernel's are better (they include
     * its drops), but the kernel side of a tap may move to another
     * network namespace, where we cannot ask for them by name. */
    uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
    uint64_t rx_errors;
    uint64_t tx_dropped;
    /* The address filter (atomic): FILTER_ON | the device's MAC while
     * filtering, else 0 (pass everything). */
    uint64_t filter;
    struct osw_list node;       /* In 'all_taps'. */
};

#define FILTER_ON (UINT64_C(1) << 63)

/* Every open tap device, for the link notifier, which lives as long as
 * the process once the first device opened. */
static pthread_mutex_t taps_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct osw_list all_taps = OSW_LIST_INITIALIZER(&all_taps);
static struct rtnetlink_notifier *taps_notifier;

static void
counter_add(uint64_t *counter, uint64_t n)
{
    __atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

static uint64_t
counter_get(const uint64_t *counter)
{
    return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

static bool
is_tap_class(const struct netdev_class *class)
{
    return class == &netdev_tap_class || class == &netdev_internal_class;
}

static struct netdev_tap *
netdev_tap_cast(const struct netdev *netdev)
{
    osw_assert(is_tap_class(netdev->netdev_class));
    return CONTAINER_OF(netdev, struct netdev_tap, up);
}

/* The filter that link state 'link' of 'dev' calls for. */
static uint64_t
filter_for_link(const struct netdev_tap *dev,
                const struct rtnetlink_change *link)
{
    if (link->deleted || link->ifindex != dev->ifindex
        || (link->ifname && strcmp(link->ifname, dev->up.name))
        || link->promiscuity != 0 || link->ifi_flags & IFF_PROMISC
        || eth_addr_is_zero(link->mac)) {
        return 0;
    }
    return FILTER_ON | eth_addr_to_uint64(link->mac);
}

static void
set_filter(struct netdev_tap *dev, uint64_t filter)
{
    __atomic_store_n(&dev->filter, filter, __ATOMIC_RELAXED);
}

/* Asks the kernel for 'dev''s link state and sets the filter from it.
 * Without link notifications to follow changes, nothing is filtered. */
static void
refresh_filter(struct netdev_tap *dev)
{
    struct rtnetlink_change link;

    set_filter(dev, (!__atomic_load_n(&taps_notifier, __ATOMIC_ACQUIRE)
                     || rtnetlink_link_get(dev->up.name, &link)
                     ? 0 : filter_for_link(dev, &link)));
}

static void
taps_link_changed(const struct rtnetlink_change *change,
                  void *aux OSW_UNUSED)
{
    struct netdev_tap *dev;

    pthread_mutex_lock(&taps_mutex);
    OSW_LIST_FOR_EACH (dev, node, &all_taps) {
        if (!change->ifindex) {
            refresh_filter(dev);        /* Notifications were lost. */
        } else if (change->ifindex == dev->ifindex) {
            set_filter(dev, filter_for_link(dev, change));
        }
    }
    pthread_mutex_unlock(&taps_mutex);
}

/* True if kernel device 'name' exists and is not a tun/tap device. */
static bool
name_taken_by_other(const char *name)
{
    char *path;
    struct stat st;
    bool taken;

    if (!if_nametoindex(name)) {
        return false;
    }
    path = xasprintf("/sys/class/net/%s/tun_flags", name);
    taken = stat(path, &st) < 0;
    free(path);
    return taken;
}

static int
tap_create(struct netdev_tap *dev)
{
    const char *name = dev->up.name;
    struct ifreq ifr;
    int hdr_size = sizeof(struct virtio_net_hdr);
    unsigned int offloads;
    int error;

    dev->fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (dev->fd < 0) {
        error = errno;
        VLOG_WARN("%s: cannot open /dev/net/tun: %s", name,
                  osw_strerror(error));
        return error;
    }
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    strncpy(ifr.ifr_name, name, sizeof ifr.ifr_name - 1);
    if (ioctl(dev->fd, TUNSETIFF, &ifr) < 0) {
        error = errno;
        VLOG_WARN("%s: cannot create tap device: %s", name,
                  osw_strerror(error));
        /* EINVAL: a device of another kind has the name; EBUSY: another
         * process holds that tap device. */
        return error == EINVAL || error == EBUSY ? EEXIST : error;
    }
    if (ioctl(dev->fd, TUNSETVNETHDRSZ, &hdr_size) < 0) {
        error = errno;
        VLOG_WARN("%s: TUNSETVNETHDRSZ failed: %s", name,
                  osw_strerror(error));
        return error;
    }
    offloads = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN;
#ifdef TUN_F_USO4
    if (ioctl(dev->fd, TUNSETOFFLOAD, offloads | TUN_F_USO4 | TUN_F_USO6)
        >= 0) {
        offloads = 0;
    }
#endif
    if (offloads && ioctl(dev->fd, TUNSETOFFLOAD, offloads) < 0) {
        VLOG_WARN("%s: TUNSETOFFLOAD failed: %s", name, osw_strerror(errno));
    }
    dev->ifindex = if_nametoindex(name);
    return 0;
}

static void netdev_tap_close(struct netdev *);

static int
netdev_tap_open(const struct netdev_class *class, const char *name,
                const struct smap *config, struct netdev **netdevp)
{
    struct netdev_tap *dev;
    int error;

    if (name_taken_by_other(name)) {
        VLOG_WARN("%s: a device of another kind has this name", name);
        return EEXIST;
    }
    dev = xzalloc(sizeof *dev);
    netdev_base_init(&dev->up, class, name);
    dev->fd = -1;
    error = tap_create(dev);
    if (!error && class == &netdev_internal_class) {
        error = netdev_kernel_set_etheraddr(name, eth_addr_random());
        if (error) {
            VLOG_WARN("%s: cannot set MAC: %s", name, osw_strerror(error));
        }
    }
    if (error) {
        netdev_tap_close(&dev->up);
        return error;
    }
    for (size_t i = 0; i < DP_BATCH_SIZE; i++) {
        dev->bufs[i] = xmalloc(TAP_BUF_SIZE);
    }
    if (config && !smap_is_empty(config)) {
        VLOG_WARN("%s: type %s takes no options; ignoring them", name,
                  class->type);
    }

    pthread_mutex_lock(&taps_mutex);
    if (!taps_notifier) {
        __atomic_store_n(&taps_notifier,
                         rtnetlink_notifier_create(taps_link_changed, NULL),
                         __ATOMIC_RELEASE);
    }
    osw_list_push_back(&all_taps, &dev->node);
    refresh_filter(dev);
    pthread_mutex_unlock(&taps_mutex);

    *netdevp = &dev->up;
    return 0;
}

static void
netdev_tap_close(struct netdev *netdev)
{
    struct netdev_tap *dev = netdev_tap_cast(netdev);

    if (osw_list_is_linked(&dev->node)) {
        pthread_mutex_lock(&taps_mutex);
        osw_list_remove(&dev->node);
        pthread_mutex_unlock(&taps_mutex);
    }
    if (dev->fd >= 0) {
        close(dev->fd);         /* Deletes the device. */
    }
    for (size_t i = 0; i < DP_BATCH_SIZE; i++) {
        free(dev->bufs[i]);
    }
    netdev_base_destroy(&dev->up);
    free(dev);
}

static int
netdev_tap_rxq_fd(const struct netdev *netdev, int qid OSW_UNUSED)
{
    return netdev_tap_cast(netdev)->fd;
}

static int
netdev_tap_rxq_recv(struct netdev *netdev, int qid OSW_UNUSED,
                    struct dp_packet_batch *batch)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    struct netdev_tap *dev = netdev_tap_cast(netdev);
    const size_t vnet_size = sizeof(struct virtio_net_hdr);
    int error = 0;

    while (!dp_packet_batch_is_full(batch)) {
        size_t i = batch->count;
        uint8_t *buf = dev->bufs[i];
        uint8_t *start = buf + DP_PACKET_HEADROOM - vnet_size;
        ssize_t n = read(dev->fd, start, TAP_FRAME_MAX + vnet_size);

        if (n < 0) {
            error = errno;
            if (error == EINTR) {
                continue;
            }
            break;
        }
        if (n < (ssize_t) (vnet_size + ETH_HEADER_LEN)) {
            VLOG_WARN_RL(&rl, "%s: dropping a runt of %zd bytes",
                         netdev->name, n);
            counter_add(&dev->rx_errors, 1);
            continue;
        }

        struct dp_packet *p = &dev->pkts[i];
        dp_packet_use_foreign(p, buf, TAP_BUF_SIZE, DP_PACKET_HEADROOM,
                              n - vnet_size, DPBUF_FOREIGN_STATIC);
        memcpy(&p->vnet, start, vnet_size);
        p->has_vnet = ((p->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
                       || p->vnet.gso_type != VIRTIO_NET_HDR_GSO_NONE);
        dp_packet_batch_add(batch, p);
    }
    if (batch->count) {
        size_t bytes = 0;

        for (size_t i = 0; i < batch->count; i++) {
            bytes += dp_packet_size(batch->packets[i]);
        }
        counter_add(&dev->rx_packets, batch->count);
        counter_add(&dev->rx_bytes, bytes);
        return 0;
    }
    if (error == EAGAIN || error == EWOULDBLOCK || error == EIO) {
        return EAGAIN;          /* EIO: the device is down. */
    } else if (error == EBADFD) {
        /* Someone deleted the device ("ip link del") under us. */
        VLOG_INFO("%s: device vanished", netdev->name);
        return ENODEV;
    }
    return error ? error : EAGAIN;
}

static int
netdev_tap_send(struct netdev *netdev, struct dp_packet_batch *batch,
                size_t *n_dropped)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    static const struct virtio_net_hdr no_vnet;
    struct netdev_tap *dev = netdev_tap_cast(netdev);
    size_t dropped = 0, bytes = 0;
    int error = 0;

    for (size_t i = 0; i < batch->count; i++) {
        const struct dp_packet *p = batch->packets[i];
        struct iovec iov[2];
        ssize_t n;

        iov[0].iov_base = CONST_CAST(void *, p->has_vnet ? &p->vnet
                                                         : &no_vnet);
        iov[0].iov_len = sizeof p->vnet;
        iov[1].iov_base = dp_packet_data(p);
        iov[1].iov_len = dp_packet_size(p);
        do {
            n = writev(dev->fd, iov, 2);
        } while (n < 0 && errno == EINTR);
        if (n < 0) {
            int e = errno;
            if (!error) {
                error = (e == EIO ? ENETDOWN
                         : e == EBADFD ? ENODEV
                         : e);
            }
            if (e != EAGAIN && e != EIO && e != EBADFD) {
                VLOG_WARN_RL(&rl, "%s: write failed: %s", netdev->name,
                             osw_strerror(e));
            }
            dropped++;
        } else {
            bytes += dp_packet_size(p);
        }
    }
    counter_add(&dev->tx_packets, batch->count - dropped);
    counter_add(&dev->tx_bytes, bytes);
    if (dropped) {
        counter_add(&dev->tx_dropped, dropped);
    }
    *n_dropped = dropped;
    return error;
}

static bool
netdev_tap_supports_vnet(const struct netdev *netdev OSW_UNUSED)
{
    return true;
}

static bool
netdev_tap_filters_out(const struct netdev *netdev, const struct dp_packet *p)
{
    const struct netdev_tap *dev = netdev_tap_cast(netdev);
    uint64_t filter = __atomic_load_n(&dev->filter, __ATOMIC_RELAXED);

    if (!filter || dp_packet_size(p) < ETH_ADDR_LEN) {
        return false;
    }
    struct eth_addr dst;
    memcpy(&dst, dp_packet_data(p), ETH_ADDR_LEN);
    return (!eth_addr_is_multicast(dst)
            && eth_addr_to_uint64(dst) != (filter & ~FILTER_ON));
}

static int
netdev_tap_get_etheraddr(const struct netdev *netdev, struct eth_addr *mac)
{
    return netdev_kernel_get_etheraddr(netdev->name, mac);
}

static int
netdev_tap_set_etheraddr(struct netdev *netdev, struct eth_addr mac)
{
    int error = netdev_kernel_set_etheraddr(netdev->name, mac);

    if (!error) {
        refresh_filter(netdev_tap_cast(netdev));    /* Sooner than news. */
    }
    return error;
}

static int
netdev_tap_get_mtu(const struct netdev *netdev, int *mtup)
{
    return netdev_kernel_get_mtu(netdev->name, mtup);
}

static int
netdev_tap_set_mtu(struct netdev *netdev, int mtu)
{
    return netdev_kernel_set_mtu(netdev->name, mtu);
}

static int
netdev_tap_get_ifindex(const struct netdev *netdev)
{
    return netdev_tap_cast(netdev)->ifindex;
}

static int
netdev_tap_get_flags(const struct netdev *netdev, enum netdev_flags *flags)
{
    return netdev_kernel_get_flags(netdev->name, flags);
}

static int
netdev_tap_update_flags(struct netdev *netdev, enum netdev_flags on,
                        enum netdev_flags off)
{
    return netdev_kernel_update_flags(netdev->name, on, off);
}

static int
netdev_tap_get_speed(const struct netdev *netdev, uint64_t *mbps)
{
    return netdev_kernel_get_speed(netdev->name, mbps);
}

static int
netdev_tap_get_stats(const struct netdev *netdev, struct netdev_stats *stats)
{
    struct netdev_tap *dev = netdev_tap_cast(netdev);
    int error = netdev_kernel_get_stats(netdev->name, true, stats);

    /* Promiscuity can come without a notification. */
    refresh_filter(CONST_CAST(struct netdev_tap *, dev));
    if (error == ENODEV) {
        /* Moved to another namespace: our own counts will do. */
        stats->rx_packets = counter_get(&dev->rx_packets);
        stats->rx_bytes = counter_get(&dev->rx_bytes);
        stats->tx_packets = counter_get(&dev->tx_packets);
        stats->tx_bytes = counter_get(&dev->tx_bytes);
        stats->rx_errors = stats->tx_dropped = 0;
        error = 0;
    }
    if (!error) {
        stats->rx_errors += counter_get(&dev->rx_errors);
        stats->tx_dropped += counter_get(&dev->tx_dropped);
    }
    return error;
}

static int
netdev_tap_get_status(const struct netdev *netdev, struct smap *status)
{
    return netdev_kernel_get_status(netdev->name, status);
}

#define NETDEV_TAP_CLASS(TYPE)                          \
    {                                                   \
        .type = TYPE,                                   \
        .open = netdev_tap_open,                        \
        .close = netdev_tap_close,                      \
        .rxq_fd = netdev_tap_rxq_fd,                    \
        .rxq_recv = netdev_tap_rxq_recv,                \
        .send = netdev_tap_send,                        \
        .supports_vnet = netdev_tap_supports_vnet,      \
        .filters_out = netdev_tap_filters_out,          \
        .get_etheraddr = netdev_tap_get_etheraddr,      \
        .set_etheraddr = netdev_tap_set_etheraddr,      \
        .get_mtu = netdev_tap_get_mtu,                  \
        .set_mtu = netdev_tap_set_mtu,                  \
        .get_ifindex = netdev_tap_get_ifindex,          \
        .get_flags = netdev_tap_get_flags,              \
        .update_flags = netdev_tap_update_flags,        \
        .get_speed = netdev_tap_get_speed,              \
        .get_stats = netdev_tap_get_stats,              \
        .get_status = netdev_tap_get_status,            \
    }

const struct netdev_class netdev_internal_class = NETDEV_TAP_CLASS("internal");
const struct netdev_class netdev_tap_class = NETDEV_TAP_CLASS("tap");
