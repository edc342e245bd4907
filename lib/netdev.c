#include <config.h>
#include "osw/netdev.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "netdev-provider.h"
#include "osw/coverage.h"
#include "osw/dp-packet.h"
#include "osw/flow.h"
#include "osw/hash.h"
#include "osw/rtnetlink.h"
#include "osw/smap.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev);

COVERAGE_DEFINE(netdev_sw_csum);
COVERAGE_DEFINE(netdev_sw_gso);

static const struct netdev_class *const netdev_classes[] = {
    &netdev_afpacket_class,
    &netdev_internal_class,
    &netdev_tap_class,
    &netdev_dummy_class,
};

/* Open devices by name.  Opening, closing and lookups happen on the
 * control thread, but the mutex keeps netdev_dummy_find() and tests from
 * other threads safe. */
static pthread_mutex_t netdev_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct hmap netdevs = HMAP_INITIALIZER(&netdevs);

static pthread_once_t netdev_init_once = PTHREAD_ONCE_INIT;

static void
netdev_do_init(void)
{
    netdev_dummy_register_commands();
}

/* Registers the built-in types and the "netdev-dummy/..." commands. */
void
netdev_init(void)
{
    pthread_once(&netdev_init_once, netdev_do_init);
}

/* Returns the NULL-terminated list of supported types. */
const char *const *
netdev_types(void)
{
    static const char *const types[] = {
        "system", "internal", "tap", "dummy", NULL
    };
    return types;
}

static const struct netdev_class *
netdev_class_lookup(const char *type)
{
    if (!type || !type[0]) {
        type = "system";
    }
    for (size_t i = 0; i < ARRAY_SIZE(netdev_classes); i++) {
        if (!strcmp(netdev_classes[i]->type, type)) {
            return netdev_classes[i];
        }
    }
    return NULL;
}

static struct netdev *
netdev_lookup__(const char *name)
{
    struct netdev *netdev;

    HMAP_FOR_EACH_WITH_HASH (netdev, node, hash_string(name, 0), &netdevs) {
        if (!strcmp(netdev->name, name)) {
            return netdev;
        }
    }
    return NULL;
}

/* Initializes the embedded 'netdev' for 'class' and 'name' with one
 * reference. */
void
netdev_base_init(struct netdev *netdev, const struct netdev_class *class,
                 const char *name)
{
    memset(netdev, 0, sizeof *netdev);
    netdev->netdev_class = class;
    netdev->name = xstrdup(name);
    netdev->ref_cnt = 1;
}

/* Frees the parts of 'netdev' that netdev_base_init() allocated. */
void
netdev_base_destroy(struct netdev *netdev)
{
    free(netdev->name);
    netdev->name = NULL;
}

/* Opens device 'name' of 'type' with 'config' into '*netdevp'.  Opening a
 * name that is already open with the same type returns the same device
 * with one more reference (each open needs its own netdev_close()); with
 * another type, EEXIST. */
int
netdev_open(const char *name, const char *type, const struct smap *config,
            struct netdev **netdevp)
{
    const struct netdev_class *class;
    struct netdev *netdev;
    int error;

    *netdevp = NULL;
    netdev_init();
    if (!name || !name[0] || strlen(name) >= IFNAMSIZ) {
        return EINVAL;
    }
    class = netdev_class_lookup(type);
    if (!class) {
        VLOG_WARN("%s: unknown interface type \"%s\"", name, type);
        return EAFNOSUPPORT;
    }

    pthread_mutex_lock(&netdev_mutex);
    netdev = netdev_lookup__(name);
    if (netdev) {
        if (netdev->netdev_class != class) {
            pthread_mutex_unlock(&netdev_mutex);
            VLOG_WARN("%s: already open with type %s, not %s", name,
                      netdev->netdev_class->type, class->type);
            return EEXIST;
        }
        netdev->ref_cnt++;
        pthread_mutex_unlock(&netdev_mutex);
        if (config) {
            netdev_set_config(netdev, config);
        }
        *netdevp = netdev;
        return 0;
    }
    pthread_mutex_unlock(&netdev_mutex);

    error = class->open(class, name, config, &netdev);
    if (error) {
        return error;
    }
    pthread_mutex_lock(&netdev_mutex);
    hmap_insert(&netdevs, &netdev->node, hash_string(netdev->name, 0));
    pthread_mutex_unlock(&netdev_mutex);
    *netdevp = netdev;
    return 0;
}

/* Re-applies 'config' (NULL: empty) to 'netdev'. */
int
netdev_set_config(struct netdev *netdev, const struct smap *config)
{
    struct smap empty = SMAP_INITIALIZER(&empty);

    if (!config) {
        config = &empty;
    }
    if (netdev->netdev_class->set_config) {
        return netdev->netdev_class->set_config(netdev, config);
    }
    if (!smap_is_empty(config)) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
        VLOG_WARN_RL(&rl, "%s: type %s takes no options; ignoring them",
                     netdev->name, netdev->netdev_class->type);
    }
    return 0;
}

/* Drops one reference to 'netdev', closing it with the last one. */
void
netdev_close(struct netdev *netdev)
{
    if (!netdev) {
        return;
    }
    pthread_mutex_lock(&netdev_mutex);
    osw_assert(netdev->ref_cnt > 0);
    if (--netdev->ref_cnt) {
        pthread_mutex_unlock(&netdev_mutex);
        return;
    }
    hmap_remove(&netdevs, &netdev->node);
    pthread_mutex_unlock(&netdev_mutex);
    netdev->netdev_class->close(netdev);
}

/* Returns the open dummy device called 'name', or NULL. */
struct netdev *
netdev_dummy_find(const char *name)
{
    struct netdev *netdev;

    pthread_mutex_lock(&netdev_mutex);
    netdev = netdev_lookup__(name);
    if (netdev && netdev->netdev_class != &netdev_dummy_class) {
        netdev = NULL;
    }
    pthread_mutex_unlock(&netdev_mutex);
    return netdev;
}

/* Returns the name of 'netdev'. */
const char *
netdev_get_name(const struct netdev *netdev)
{
    return netdev->name;
}

/* Returns the type of 'netdev' ("system" for ""). */
const char *
netdev_get_type(const struct netdev *netdev)
{
    return netdev->netdev_class->type;
}

/* Returns the number of receive queues of 'netdev'. */
int
netdev_n_rxq(const struct netdev *netdev)
{
    return (netdev->netdev_class->n_rxq
            ? netdev->netdev_class->n_rxq(netdev) : 1);
}

/* Returns the fd to poll for receive queue 'qid' of 'netdev'. */
int
netdev_rxq_fd(const struct netdev *netdev, int qid)
{
    return netdev->netdev_class->rxq_fd(netdev, qid);
}

/* Receives up to DP_BATCH_SIZE frames from queue 'qid' into 'batch'. */
int
netdev_rxq_recv(struct netdev *netdev, int qid,
                struct dp_packet_batch *batch)
{
    dp_packet_batch_init(batch);
    if (qid < 0 || qid >= netdev_n_rxq(netdev)) {
        return EINVAL;
    }
    int error = netdev->netdev_class->rxq_recv(netdev, qid, batch);
    if (!error && !batch->count) {
        error = EAGAIN;
    }
    return error;
}

/* Returns 1 if queue 'qid' of 'netdev' has a frame for netdev_rxq_recv()
 * now, 0 if not, -1 if its type cannot tell without a system call. */
int
netdev_rxq_peek(const struct netdev *netdev, int qid)
{
    if (qid < 0 || qid >= netdev_n_rxq(netdev)
        || !netdev->netdev_class->rxq_peek) {
        return -1;
    }
    return netdev->netdev_class->rxq_peek(netdev, qid);
}

/* Hands back the memory of the frames the last receive on queue 'qid' of
 * 'netdev' returned. */
void
netdev_rxq_done(struct netdev *netdev, int qid)
{
    if (qid >= 0 && qid < netdev_n_rxq(netdev)
        && netdev->netdev_class->rxq_done) {
        netdev->netdev_class->rxq_done(netdev, qid);
    }
}

/* Checks receive queue 'qid' of 'netdev', repairing it if stuck, and
 * stores in '*n_dropped' the frames the kernel dropped before they reached
 * the queue since the previous check. */
int
netdev_rxq_check(struct netdev *netdev, int qid, uint64_t *n_dropped)
{
    *n_dropped = 0;
    if (qid < 0 || qid >= netdev_n_rxq(netdev)) {
        return EINVAL;
    }
    if (!netdev->netdev_class->rxq_check) {
        return EOPNOTSUPP;
    }
    return netdev->netdev_class->rxq_check(netdev, qid, n_dropped);
}

/* True if 'netdev' takes frames with their vnet header. */
bool
netdev_supports_vnet(const struct netdev *netdev)
{
    return (netdev->netdev_class->supports_vnet
            && netdev->netdev_class->supports_vnet(netdev));
}

/* True if 'netdev' has a receive address filter. */
bool
netdev_may_filter(const struct netdev *netdev)
{
    return netdev->netdev_class->filters_out != NULL;
}

/* True if 'netdev''s address filter would discard 'p'. */
bool
netdev_filters_out(const struct netdev *netdev, const struct dp_packet *p)
{
    return (netdev->netdev_class->filters_out
            && netdev->netdev_class->filters_out(netdev, p));
}

/* Software offload fallback: a batch of complete frames built from a batch
 * that may hold partial checksums and GSO frames.  Segments are new
 * packets that must be freed after sending; 'orig' frames without offload
 * work are passed through. */
struct sw_batch {
    struct netdev *netdev;
    struct dp_packet_batch out;     /* What goes to the provider next. */
    struct dp_packet_batch owned;   /* Those of 'out' that we allocated. */
    size_t n_dropped;
    int error;
};

static void
sw_batch_flush(struct sw_batch *sb)
{
    if (sb->out.count) {
        size_t n_dropped = 0;
        int error = sb->netdev->netdev_class->send(sb->netdev, &sb->out,
                                                   &n_dropped);
        sb->n_dropped += n_dropped;
        if (error && !sb->error) {
            sb->error = error;
        }
    }
    dp_packet_batch_delete_all(&sb->owned);
    dp_packet_batch_init(&sb->out);
}

static void
sw_batch_add(struct sw_batch *sb, struct dp_packet *p, bool owned)
{
    if (dp_packet_batch_is_full(&sb->out)) {
        sw_batch_flush(sb);
    }
    dp_packet_batch_add(&sb->out, p);
    if (owned) {
        dp_packet_batch_add(&sb->owned, p);
    }
}

static void
sw_batch_emit_segment(struct dp_packet *seg, void *sb_)
{
    struct sw_batch *sb = sb_;

    seg->has_vnet = false;
    sw_batch_add(sb, seg, true);
}

static void
netdev_send_sw(struct netdev *netdev, struct dp_packet_batch *batch,
               struct sw_batch *sb)
{
    struct dp_packet *p;

    sb->netdev = netdev;
    dp_packet_batch_init(&sb->out);
    dp_packet_batch_init(&sb->owned);
    sb->n_dropped = 0;
    sb->error = 0;

    DP_PACKET_BATCH_FOR_EACH (i, p, batch) {
        if (!p->has_vnet) {
            sw_batch_add(sb, p, false);
        } else if (dp_packet_is_gso(p)) {
            if (p->l4_ofs == DP_PACKET_OFS_NONE) {
                struct flow flow;
                flow_extract(p, &flow);
            }
            COVERAGE_INC(netdev_sw_gso);
            if (dp_packet_gso_segment(p, sw_batch_emit_segment, sb)) {
                static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
                VLOG_WARN_RL(&rl, "%s: dropping a GSO frame that cannot be "
                             "segmented", netdev->name);
                sb->n_dropped++;
                if (!sb->error) {
                    sb->error = EINVAL;
                }
            }
        } else {
            /* Completing the checksum in place leaves the frame what it
             * was (the same bytes on the wire), so this is fine even for
             * packets the caller keeps. */
            if (p->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
                COVERAGE_INC(netdev_sw_csum);
                dp_packet_csum_complete(p);
            }
            p->has_vnet = false;
            sw_batch_add(sb, p, false);
        }
    }
    sw_batch_flush(sb);
}

static bool
batch_has_vnet(const struct dp_packet_batch *batch)
{
    for (size_t i = 0; i < batch->count; i++) {
        if (batch->packets[i]->has_vnet) {
            return true;
        }
    }
    return false;
}

/* Sends 'batch' on 'netdev' (see netdev.h, "Send"). */
int
netdev_send(struct netdev *netdev, struct dp_packet_batch *batch,
            bool may_steal, size_t *n_dropped)
{
    size_t dropped = 0;
    int error;

    if (!batch->count) {
        error = 0;
    } else if (!netdev_supports_vnet(netdev) && batch_has_vnet(batch)) {
        struct sw_batch sb;

        netdev_send_sw(netdev, batch, &sb);
        dropped = sb.n_dropped;
        error = sb.error;
    } else {
        error = netdev->netdev_class->send(netdev, batch, &dropped);
    }
    if (may_steal) {
        dp_packet_batch_delete_all(batch);
    }
    if (n_dropped) {
        *n_dropped = dropped;
    }
    return error;
}

/* Properties: dispatch to the provider. */

/* Stores the MAC of 'netdev' in '*mac' (zero on error). */
int
netdev_get_etheraddr(const struct netdev *netdev, struct eth_addr *mac)
{
    *mac = eth_addr_zero;
    return (netdev->netdev_class->get_etheraddr
            ? netdev->netdev_class->get_etheraddr(netdev, mac)
            : EOPNOTSUPP);
}

/* Sets the MAC of 'netdev' to 'mac' (unicast only). */
int
netdev_set_etheraddr(struct netdev *netdev, struct eth_addr mac)
{
    if (eth_addr_is_multicast(mac)) {
        return EINVAL;
    }
    return (netdev->netdev_class->set_etheraddr
            ? netdev->netdev_class->set_etheraddr(netdev, mac)
            : EOPNOTSUPP);
}

/* Stores the MTU of 'netdev' in '*mtup' (0 on error). */
int
netdev_get_mtu(const struct netdev *netdev, int *mtup)
{
    *mtup = 0;
    return (netdev->netdev_class->get_mtu
            ? netdev->netdev_class->get_mtu(netdev, mtup)
            : EOPNOTSUPP);
}

/* Sets the MTU of 'netdev' to 'mtu' (68 to 65535). */
int
netdev_set_mtu(struct netdev *netdev, int mtu)
{
    if (mtu < 68 || mtu > 65535) {
        return EINVAL;
    }
    return (netdev->netdev_class->set_mtu
            ? netdev->netdev_class->set_mtu(netdev, mtu)
            : EOPNOTSUPP);
}

/* Returns the kernel ifindex of 'netdev', or a negative errno value. */
int
netdev_get_ifindex(const struct netdev *netdev)
{
    return (netdev->netdev_class->get_ifindex
            ? netdev->netdev_class->get_ifindex(netdev)
            : -EOPNOTSUPP);
}

/* Stores the NETDEV_* flags of 'netdev' in '*flags'. */
int
netdev_get_flags(const struct netdev *netdev, enum netdev_flags *flags)
{
    *flags = 0;
    return (netdev->netdev_class->get_flags
            ? netdev->netdev_class->get_flags(netdev, flags)
            : EOPNOTSUPP);
}

/* Turns on flags 'on' and off flags 'off' (NETDEV_UP, NETDEV_PROMISC;
 * carrier cannot be set). */
int
netdev_update_flags(struct netdev *netdev, enum netdev_flags on,
                    enum netdev_flags off)
{
    if ((on | off) & NETDEV_RUNNING) {
        return EINVAL;
    }
    return (netdev->netdev_class->update_flags
            ? netdev->netdev_class->update_flags(netdev, on, off)
            : EOPNOTSUPP);
}

/* Stores the link speed of 'netdev' in '*mbps' (0: unknown). */
int
netdev_get_speed(const struct netdev *netdev, uint64_t *mbps)
{
    *mbps = 0;
    return (netdev->netdev_class->get_speed
            ? netdev->netdev_class->get_speed(netdev, mbps)
            : 0);
}

/* Fills 'stats' with the counters of 'netdev'; those it does not keep
 * are UINT64_MAX. */
int
netdev_get_stats(const struct netdev *netdev, struct netdev_stats *stats)
{
    memset(stats, 0xff, sizeof *stats);
    return (netdev->netdev_class->get_stats
            ? netdev->netdev_class->get_stats(netdev, stats)
            : EOPNOTSUPP);
}

/* Adds the Interface "status" entries of 'netdev' to 'status'. */
int
netdev_get_status(const struct netdev *netdev, struct smap *status)
{
    return (netdev->netdev_class->get_status
            ? netdev->netdev_class->get_status(netdev, status)
            : 0);
}

/* Kernel device helpers. */

static int netdev_ioctl_fd = -1;

static void
netdev_ioctl_sock_create(void)
{
    netdev_ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (netdev_ioctl_fd < 0) {
        VLOG_ERR("cannot create ioctl socket: %s", osw_strerror(errno));
    }
}

static int
netdev_ioctl_sock(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;

    pthread_once(&once, netdev_ioctl_sock_create);
    return netdev_ioctl_fd;
}

static int
netdev_ioctl(const char *name, unsigned long cmd, struct ifreq *ifr)
{
    int sock = netdev_ioctl_sock();

    if (sock < 0) {
        return EAFNOSUPPORT;
    }
    if (strlen(name) >= IFNAMSIZ) {
        return ENODEV;
    }
    strncpy(ifr->ifr_name, name, IFNAMSIZ - 1);
    ifr->ifr_name[IFNAMSIZ - 1] = '\0';
    return ioctl(sock, cmd, ifr) < 0 ? errno : 0;
}

/* Reads the MAC of kernel device 'name'. */
int
netdev_kernel_get_etheraddr(const char *name, struct eth_addr *mac)
{
    struct ifreq ifr;
    int error;

    memset(&ifr, 0, sizeof ifr);
    error = netdev_ioctl(name, SIOCGIFHWADDR, &ifr);
    if (!error) {
        memcpy(mac->ea, ifr.ifr_hwaddr.sa_data, ETH_ADDR_LEN);
    }
    return error;
}

/* Sets the MAC of kernel device 'name'. */
int
netdev_kernel_set_etheraddr(const char *name, struct eth_addr mac)
{
    return rtnetlink_link_set_mac(name, mac);
}

/* Reads the MTU of kernel device 'name'. */
int
netdev_kernel_get_mtu(const char *name, int *mtup)
{
    struct ifreq ifr;
    int error;

    memset(&ifr, 0, sizeof ifr);
    error = netdev_ioctl(name, SIOCGIFMTU, &ifr);
    if (!error) {
        *mtup = ifr.ifr_mtu;
    }
    return error;
}

/* Sets the MTU of kernel device 'name'. */
int
netdev_kernel_set_mtu(const char *name, int mtu)
{
    return rtnetlink_link_set_mtu(name, mtu);
}

/* Reads the up/running/promiscuous flags of kernel device 'name'. */
int
netdev_kernel_get_flags(const char *name, enum netdev_flags *flags)
{
    struct ifreq ifr;
    int error;

    memset(&ifr, 0, sizeof ifr);
    error = netdev_ioctl(name, SIOCGIFFLAGS, &ifr);
    if (!error) {
        *flags = ((ifr.ifr_flags & IFF_UP ? NETDEV_UP : 0)
                  | (ifr.ifr_flags & IFF_RUNNING ? NETDEV_RUNNING : 0)
                  | (ifr.ifr_flags & IFF_PROMISC ? NETDEV_PROMISC : 0));
    }
    return error;
}

/* Turns flags 'on' and 'off' of kernel device 'name'. */
int
netdev_kernel_update_flags(const char *name, enum netdev_flags on,
                           enum netdev_flags off)
{
    int error = 0;

    if ((on | off) & NETDEV_PROMISC) {
        struct ifreq ifr;

        memset(&ifr, 0, sizeof ifr);
        error = netdev_ioctl(name, SIOCGIFFLAGS, &ifr);
        if (!error) {
            if (on & NETDEV_PROMISC) {
                ifr.ifr_flags |= IFF_PROMISC;
            } else {
                ifr.ifr_flags &= ~IFF_PROMISC;
            }
            error = netdev_ioctl(name, SIOCSIFFLAGS, &ifr);
        }
    }
    if (!error && (on | off) & NETDEV_UP) {
        error = rtnetlink_link_set_up(name, (on & NETDEV_UP) != 0);
    }
    return error;
}

static int
netdev_ethtool(const char *name, void *cmd)
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_data = cmd;
    return netdev_ioctl(name, SIOCETHTOOL, &ifr);
}

/* Reads the link speed of kernel device 'name' in Mbit/s (0: unknown). */
int
netdev_kernel_get_speed(const char *name, uint64_t *mbps)
{
    /* ETHTOOL_GLINKSETTINGS wants a handshake: a first call with a wrong
     * (zero) mask size tells us the kernel's size, negated.  The request
     * ends in a flexible array of up to three 127-word masks, which the
     * union makes room for. */
    union {
        struct ethtool_link_settings req;
        uint32_t words[sizeof(struct ethtool_link_settings)
                       / sizeof(uint32_t) + 3 * 127];
    } ls;
    struct ethtool_link_settings *req = &ls.req;
    int error;

    *mbps = 0;
    memset(&ls, 0, sizeof ls);
    req->cmd = ETHTOOL_GLINKSETTINGS;
    error = netdev_ethtool(name, req);
    if (!error && req->link_mode_masks_nwords < 0
        && -req->link_mode_masks_nwords <= 127) {
        int8_t nwords = -req->link_mode_masks_nwords;

        memset(&ls, 0, sizeof ls);
        req->cmd = ETHTOOL_GLINKSETTINGS;
        req->link_mode_masks_nwords = nwords;
        error = netdev_ethtool(name, req);
        if (!error && req->speed != (uint32_t) SPEED_UNKNOWN) {
            *mbps = req->speed;
        }
    }
    return error == EOPNOTSUPP ? 0 : error;
}

/* Reads the counters of kernel device 'name' into 'stats', swapping
 * receive and transmit if 'swap'. */
int
netdev_kernel_get_stats(const char *name, bool swap,
                        struct netdev_stats *stats)
{
    struct rtnl_link_stats64 s;
    int error = rtnetlink_link_get_stats(name, &s);

    if (error) {
        return error;
    }
    if (swap) {
        stats->rx_packets = s.tx_packets;
        stats->tx_packets = s.rx_packets;
        stats->rx_bytes = s.tx_bytes;
        stats->tx_bytes = s.rx_bytes;
        stats->rx_dropped = s.tx_dropped;
        stats->tx_dropped = s.rx_dropped;
        stats->rx_errors = s.tx_errors;
        stats->tx_errors = s.rx_errors;
    } else {
        stats->rx_packets = s.rx_packets;
        stats->tx_packets = s.tx_packets;
        stats->rx_bytes = s.rx_bytes;
        stats->tx_bytes = s.tx_bytes;
        stats->rx_dropped = s.rx_dropped;
        stats->tx_dropped = s.tx_dropped;
        stats->rx_errors = s.rx_errors;
        stats->tx_errors = s.tx_errors;
        stats->rx_frame_err = s.rx_frame_errors;
        stats->rx_over_err = s.rx_over_errors;
        stats->rx_crc_err = s.rx_crc_errors;
    }
    stats->collisions = s.collisions;
    return 0;
}

/* Adds the driver's name and versions of kernel device 'name' to
 * 'status'. */
int
netdev_kernel_get_status(const char *name, struct smap *status)
{
    struct ethtool_drvinfo info;
    int error;

    memset(&info, 0, sizeof info);
    info.cmd = ETHTOOL_GDRVINFO;
    error = netdev_ethtool(name, &info);
    if (!error) {
        info.driver[sizeof info.driver - 1] = '\0';
        info.version[sizeof info.version - 1] = '\0';
        info.fw_version[sizeof info.fw_version - 1] = '\0';
        smap_replace(status, "driver_name", info.driver);
        smap_replace(status, "driver_version", info.version);
        smap_replace(status, "firmware_version", info.fw_version);
    }
    return error == EOPNOTSUPP ? 0 : error;
}
