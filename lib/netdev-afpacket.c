#include <config.h>
#include "osw/netdev.h"

/* "system" devices: an AF_PACKET socket bound to an existing kernel
 * device.
 *
 * Receive ring.  The socket has a TPACKET_V2 receive ring of small (2 kB)
 * slots.  TPACKET_V3 would pack frames more densely, but it hands a block
 * over only when the block is full or its retire timer (at least one
 * jiffy, 4 ms here) expires, so at low rates every frame would wait
 * milliseconds: pings and request/response traffic would crawl.  V2
 * wakes the reader per frame.  Frames bigger than a slot (GSO
 * super-frames of up to 64 kB, jumbo frames) arrive truncated in the ring
 * with TP_STATUS_COPY, and the kernel queues the whole frame on the
 * socket's receive queue (PACKET_COPY_THRESH), which a large SO_RCVBUF
 * lets hold a burst of them; receive reads those with recvmsg() into
 * preallocated buffers, in ring order.  So bursts of 64 kB frames are not
 * dropped, and small frames cost no system call.
 *
 * Each slot holds, after the kernel's tpacket2_hdr and sockaddr_ll, our
 * PACKET_RESERVE headroom, then the virtio-net header (PACKET_VNET_HDR)
 * right before the frame at tp_mac.  The headroom lets a VLAN tag that
 * the kernel moved into tp_vlan_tci be put back in place, and leaves room
 * for later pushes.
 *
 * Transmit: one sendmmsg() per batch, each frame with its virtio-net
 * header in front (an iovec), MSG_DONTWAIT; what the socket buffer cannot
 * take now is dropped and counted.
 *
 * Stuck rings.  When the kernel cannot describe a received frame in a
 * virtio-net header (virtio_net_hdr_from_skb() fails, e.g. for a UDP
 * fragmentation offload frame that a VM wrote to its tap device), Linux's
 * tpacket_rcv() gives up on the frame after it marked the head slot busy
 * in its V2 ownership bitmap, and never clears that mark: every later
 * frame finds the head slot "busy" and is dropped, the ring stays empty,
 * and nothing wakes us.  The datapath calls rxq_check about once a
 * second; it reads the socket's PACKET_STATISTICS, and if the kernel
 * dropped frames while the ring was empty at its head and we never saw
 * it busy (a full batch), the ring is stuck: it is torn down and set up
 * again on the same socket (same fd, options and binding; the kernel
 * gives a new ring a clean bitmap and an empty receive queue).  A ring
 * that was merely full at some point never looks like that: we would
 * have read full batches from it.  If setting the ring up again fails,
 * the socket receives without a ring (recvmsg() per frame) until a later
 * check manages it.  Frames the kernel drops, for whatever reason, are
 * handed to the datapath as a count, so they show up in its drop
 * statistics ("rx_ring"). */

#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include "netdev-provider.h"
#include "osw/coverage.h"
#include "osw/dp-packet.h"
#include "osw/smap.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(netdev_afpacket);

COVERAGE_DEFINE(afpacket_rx_copy);
COVERAGE_DEFINE(afpacket_rx_error);
COVERAGE_DEFINE(afpacket_tx_drop);
COVERAGE_DEFINE(afpacket_ring_rebuild);

#define AFP_FRAME_SIZE 2048
#define AFP_BLOCK_SIZE (128 * 1024)
#define AFP_N_BLOCKS 64                 /* 8 MB, 4096 slots. */
#define AFP_RESERVE DP_PACKET_HEADROOM
#define AFP_RCVBUF (32 << 20)           /* For copies of big frames. */
#define AFP_SNDBUF (8 << 20)
/* A copied frame: up to 64 kB of GSO payload plus headers and tags. */
#define AFP_COPY_MAX (65536 + 1024)
#define AFP_COPY_BUF_SIZE (DP_PACKET_HEADROOM + AFP_COPY_MAX)

#define AFP_SLOT_HDRLEN \
    (TPACKET_ALIGN(sizeof(struct tpacket2_hdr)) + sizeof(struct sockaddr_ll))

struct afp_rxq {
    uint8_t *ring;
    size_t ring_size;
    unsigned int n_frames;
    unsigned int frames_per_block;
    unsigned int head;          /* Next slot to look at. */
    unsigned int n_held;        /* Slots before 'head' not yet released. */
    bool backlog;               /* A full batch since the last check. */
    uint64_t drops_reported;    /* 'rx_ring_drops' at the last check. */
    struct dp_packet pkts[DP_BATCH_SIZE];       /* Into the ring. */
    struct dp_packet copy_pkts[DP_BATCH_SIZE];  /* Into 'copy_bufs'. */
    uint8_t *copy_bufs[DP_BATCH_SIZE];          /* Allocated on demand. */
};

struct netdev_afpacket {
    struct netdev up;
    int fd;
    int ifindex;
    bool vnet;                  /* PACKET_VNET_HDR accepted. */
    bool gone;                  /* The device vanished. */
    bool down_seen;             /* ENETDOWN seen, device still there. */
    struct afp_rxq rxq;

    /* Our own counts, beyond the kernel's (atomics: several threads). */
    uint64_t rx_errors;
    uint64_t tx_dropped;
    uint64_t rx_ring_drops;     /* PACKET_STATISTICS, accumulated (the
                                 * kernel clears them on each read). */
    uint64_t n_rebuilds;        /* Stuck rings rebuilt. */
};

static struct netdev_afpacket *
netdev_afpacket_cast(const struct netdev *netdev)
{
    osw_assert(netdev->netdev_class == &netdev_afpacket_class);
    return CONTAINER_OF(netdev, struct netdev_afpacket, up);
}

static void
counter_add(uint64_t *counter, uint64_t n)
{
    __atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

static int
setsockopt_int(int fd, int level, int opt, int value)
{
    return setsockopt(fd, level, opt, &value, sizeof value) < 0 ? errno : 0;
}

static void
afp_set_buffers(int fd, const char *name)
{
    /* The FORCE variants exceed the sysctl limits (we run as root); the
     * plain ones are the fallback up to those limits. */
    if (setsockopt_int(fd, SOL_SOCKET, SO_RCVBUFFORCE, AFP_RCVBUF)) {
        setsockopt_int(fd, SOL_SOCKET, SO_RCVBUF, AFP_RCVBUF);
    }
    if (setsockopt_int(fd, SOL_SOCKET, SO_SNDBUFFORCE, AFP_SNDBUF)) {
        if (setsockopt_int(fd, SOL_SOCKET, SO_SNDBUF, AFP_SNDBUF)) {
            VLOG_WARN("%s: cannot enlarge socket buffers", name);
        }
    }
}

/* Unmaps and frees the receive ring, if any: the socket then queues frames
 * on its receive queue like a plain packet socket. */
static int
afp_teardown_ring(struct netdev_afpacket *dev)
{
    struct afp_rxq *rxq = &dev->rxq;
    struct tpacket_req req;

    if (rxq->ring) {
        munmap(rxq->ring, rxq->ring_size);
        rxq->ring = NULL;
    }
    rxq->head = 0;
    rxq->n_held = 0;

    /* A request for no blocks frees the ring (it must not be mapped). */
    memset(&req, 0, sizeof req);
    if (setsockopt(dev->fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req)) {
        return errno;
    }
    return 0;
}

static int
afp_setup_ring(struct netdev_afpacket *dev)
{
    struct afp_rxq *rxq = &dev->rxq;
    struct tpacket_req req;
    void *ring;

    memset(&req, 0, sizeof req);
    req.tp_block_size = AFP_BLOCK_SIZE;
    req.tp_block_nr = AFP_N_BLOCKS;
    req.tp_frame_size = AFP_FRAME_SIZE;
    req.tp_frame_nr = AFP_N_BLOCKS * (AFP_BLOCK_SIZE / AFP_FRAME_SIZE);
    if (setsockopt(dev->fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req)) {
        int error = errno;
        VLOG_WARN("%s: cannot set up receive ring: %s", dev->up.name,
                  osw_strerror(error));
        return error;
    }
    rxq->ring_size = (size_t) req.tp_block_size * req.tp_block_nr;
    ring = mmap(NULL, rxq->ring_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                dev->fd, 0);
    if (ring == MAP_FAILED) {
        int error = errno;
        VLOG_WARN("%s: cannot map receive ring: %s", dev->up.name,
                  osw_strerror(error));
        /* An unmapped ring would fill up unseen and keep the fd
         * readable. */
        afp_teardown_ring(dev);
        return error;
    }
    rxq->ring = ring;
    rxq->n_frames = req.tp_frame_nr;
    rxq->frames_per_block = AFP_BLOCK_SIZE / AFP_FRAME_SIZE;
    rxq->head = 0;
    rxq->n_held = 0;
    return 0;
}

static void netdev_afpacket_close(struct netdev *);

static int
afp_open_socket(struct netdev_afpacket *dev)
{
    const char *name = dev->up.name;
    struct packet_mreq mreq;
    struct sockaddr_ll sll;
    int error;

    dev->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (dev->fd < 0) {
        error = errno;
        VLOG_WARN("%s: cannot create packet socket: %s", name,
                  osw_strerror(error));
        return error;
    }
    error = setsockopt_int(dev->fd, SOL_PACKET, PACKET_VERSION, TPACKET_V2);
    if (error) {
        VLOG_WARN("%s: TPACKET_V2 refused: %s", name, osw_strerror(error));
        return error;
    }
    dev->vnet = !setsockopt_int(dev->fd, SOL_PACKET, PACKET_VNET_HDR, 1);
    if (!dev->vnet) {
        VLOG_WARN("%s: PACKET_VNET_HDR refused: checksums and segmentation "
                  "in software", name);
    }
    if (setsockopt_int(dev->fd, SOL_PACKET, PACKET_RESERVE, AFP_RESERVE)
        || setsockopt_int(dev->fd, SOL_PACKET, PACKET_AUXDATA, 1)
        || setsockopt_int(dev->fd, SOL_PACKET, PACKET_COPY_THRESH, 1)) {
        error = errno;
        VLOG_WARN("%s: packet socket options refused: %s", name,
                  osw_strerror(error));
        return error;
    }
    /* Our own transmissions (and the host's) are not frames the port
     * received.  Older kernels lack the option: receive then skips
     * PACKET_OUTGOING frames itself. */
    setsockopt_int(dev->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, 1);
    afp_set_buffers(dev->fd, name);

    error = afp_setup_ring(dev);
    if (error) {
        return error;
    }

    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = dev->ifindex;
    if (bind(dev->fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
        error = errno;
        VLOG_WARN("%s: cannot bind packet socket: %s", name,
                  osw_strerror(error));
        return error == ENXIO ? ENODEV : error;
    }

    memset(&mreq, 0, sizeof mreq);
    mreq.mr_ifindex = dev->ifindex;
    mreq.mr_type = PACKET_MR_PROMISC;
    if (setsockopt(dev->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mreq,
                   sizeof mreq) < 0) {
        VLOG_WARN("%s: cannot enter promiscuous mode: %s", name,
                  osw_strerror(errno));
    }
    return 0;
}

static int
netdev_afpacket_open(const struct netdev_class *class, const char *name,
                     const struct smap *config, struct netdev **netdevp)
{
    struct netdev_afpacket *dev;
    unsigned int ifindex;
    int error;

    ifindex = if_nametoindex(name);
    if (!ifindex) {
        return ENODEV;
    }
    dev = xzalloc(sizeof *dev);
    netdev_base_init(&dev->up, class, name);
    dev->fd = -1;
    dev->ifindex = ifindex;
    error = afp_open_socket(dev);
    if (error) {
        netdev_afpacket_close(&dev->up);
        return error;
    }
    if (config && !smap_is_empty(config)) {
        VLOG_WARN("%s: type system takes no options; ignoring them", name);
    }
    *netdevp = &dev->up;
    return 0;
}

static void
netdev_afpacket_close(struct netdev *netdev)
{
    struct netdev_afpacket *dev = netdev_afpacket_cast(netdev);
    struct afp_rxq *rxq = &dev->rxq;

    if (rxq->ring) {
        munmap(rxq->ring, rxq->ring_size);
    }
    for (size_t i = 0; i < DP_BATCH_SIZE; i++) {
        free(rxq->copy_bufs[i]);
    }
    if (dev->fd >= 0) {
        close(dev->fd);
    }
    netdev_base_destroy(&dev->up);
    free(dev);
}

static int
netdev_afpacket_set_config(struct netdev *netdev, const struct smap *config)
{
    if (!smap_is_empty(config)) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
        VLOG_WARN_RL(&rl, "%s: type system takes no options; ignoring them",
                     netdev->name);
    }
    return 0;
}

static int
netdev_afpacket_rxq_fd(const struct netdev *netdev, int qid OSW_UNUSED)
{
    return netdev_afpacket_cast(netdev)->fd;
}

static struct tpacket2_hdr *
afp_slot(const struct afp_rxq *rxq, unsigned int idx)
{
    unsigned int block = idx / rxq->frames_per_block;
    unsigned int frame = idx % rxq->frames_per_block;

    return (struct tpacket2_hdr *) (rxq->ring + (size_t) block * AFP_BLOCK_SIZE
                                    + (size_t) frame * AFP_FRAME_SIZE);
}

/* Hands the slots of the previous receive back to the kernel. */
static void
afp_release(struct afp_rxq *rxq)
{
    unsigned int idx = (rxq->head + rxq->n_frames - rxq->n_held)
                       % rxq->n_frames;

    for (; rxq->n_held; rxq->n_held--) {
        __atomic_store_n(&afp_slot(rxq, idx)->tp_status, TP_STATUS_KERNEL,
                         __ATOMIC_RELEASE);
        idx = idx + 1 == rxq->n_frames ? 0 : idx + 1;
    }
}

/* Puts back the VLAN tag that the kernel took out of the frame. */
static void
afp_restore_vlan(struct dp_packet *p, uint32_t status, uint16_t tci,
                 uint16_t tpid)
{
    if (status & TP_STATUS_VLAN_VALID) {
        if (!(status & TP_STATUS_VLAN_TPID_VALID) || !tpid) {
            tpid = ETH_TYPE_VLAN_8021Q;
        }
        dp_packet_push_vlan(p, htons(tpid), htons(tci));
    }
}

static void
afp_set_vnet(struct dp_packet *p, const struct virtio_net_hdr *vnet)
{
    memcpy(&p->vnet, vnet, sizeof p->vnet);
    /* A header without offload work is a plain frame: saying so spares
     * the datapath a look at it.  (VIRTIO_NET_HDR_F_DATA_VALID, which the
     * kernel sets for frames whose checksum a NIC verified, is no work.) */
    p->has_vnet = ((p->vnet.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
                   || p->vnet.gso_type != VIRTIO_NET_HDR_GSO_NONE);
}

/* Reads the next frame from the socket's receive queue (the whole frame
 * behind a TP_STATUS_COPY slot, or any frame when there is no ring) into
 * copy buffer 'idx' and stores it in '*pp'.  Returns 0, EAGAIN if the
 * queue is empty, or another errno value if a frame was there but is
 * unusable (consumed). */
static int
afp_recv_copy(struct netdev_afpacket *dev, size_t idx, struct dp_packet **pp)
{
    struct afp_rxq *rxq = &dev->rxq;
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    union {
        struct cmsghdr cm;
        char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
    } control;
    struct virtio_net_hdr vnet;
    struct iovec iov[2];
    struct msghdr msg;
    struct dp_packet *p;
    uint8_t *buf;
    ssize_t n;

    if (!rxq->copy_bufs[idx]) {
        rxq->copy_bufs[idx] = xmalloc(AFP_COPY_BUF_SIZE);
    }
    buf = rxq->copy_bufs[idx];

    memset(&msg, 0, sizeof msg);
    iov[0].iov_base = &vnet;
    iov[0].iov_len = sizeof vnet;
    iov[1].iov_base = buf + DP_PACKET_HEADROOM;
    iov[1].iov_len = AFP_COPY_MAX;
    msg.msg_iov = dev->vnet ? iov : iov + 1;
    msg.msg_iovlen = dev->vnet ? 2 : 1;
    msg.msg_control = &control;
    msg.msg_controllen = sizeof control;

    n = recvmsg(dev->fd, &msg, MSG_DONTWAIT | MSG_TRUNC);
    if (n < 0) {
        int error = errno == EWOULDBLOCK ? EAGAIN : errno;
        if (error != EAGAIN) {
            VLOG_WARN_RL(&rl, "%s: cannot receive a frame: %s",
                         dev->up.name, osw_strerror(error));
        }
        return error;
    }
    if (dev->vnet) {
        n -= sizeof vnet;
    }
    if (n < ETH_HEADER_LEN || n > AFP_COPY_MAX
        || msg.msg_flags & MSG_TRUNC) {
        VLOG_WARN_RL(&rl, "%s: dropping a frame of %zd bytes",
                     dev->up.name, n);
        return EMSGSIZE;
    }

    p = &rxq->copy_pkts[idx];
    dp_packet_use_foreign(p, buf, AFP_COPY_BUF_SIZE, DP_PACKET_HEADROOM, n,
                          DPBUF_FOREIGN_STATIC);
    if (dev->vnet) {
        afp_set_vnet(p, &vnet);
    }
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm;
         cm = CMSG_NXTHDR(&msg, cm)) {
        if (cm->cmsg_level == SOL_PACKET && cm->cmsg_type == PACKET_AUXDATA
            && cm->cmsg_len >= CMSG_LEN(sizeof(struct tpacket_auxdata))) {
            struct tpacket_auxdata aux;

            memcpy(&aux, CMSG_DATA(cm), sizeof aux);
            afp_restore_vlan(p, aux.tp_status, aux.tp_vlan_tci,
                             aux.tp_vlan_tpid);
        }
    }
    COVERAGE_INC(afpacket_rx_copy);
    *pp = p;
    return 0;
}

/* Reads the frame behind TP_STATUS_COPY slot (copy number 'idx').  NULL if
 * it is unusable or missing. */
static struct dp_packet *
afp_recv_slot_copy(struct netdev_afpacket *dev, size_t idx)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
    struct dp_packet *p;
    int error = afp_recv_copy(dev, idx, &p);

    if (error == EAGAIN) {
        VLOG_WARN_RL(&rl, "%s: copy of a big frame missing", dev->up.name);
    }
    return error ? NULL : p;
}

/* Turns ring slot 'h' into packet 'p'.  False if the slot is unusable. */
static bool
afp_slot_to_packet(struct netdev_afpacket *dev, struct tpacket2_hdr *h,
                   uint32_t status, struct dp_packet *p)
{
    uint8_t *slot = (uint8_t *) h;
    size_t min_mac = AFP_SLOT_HDRLEN + (dev->vnet ? sizeof p->vnet : 0);

    if (h->tp_snaplen < h->tp_len || h->tp_mac < min_mac
        || h->tp_mac + h->tp_snaplen > AFP_FRAME_SIZE
        || h->tp_snaplen < ETH_HEADER_LEN) {
        return false;
    }
    dp_packet_use_foreign(p, slot + AFP_SLOT_HDRLEN,
                          AFP_FRAME_SIZE - AFP_SLOT_HDRLEN,
                          h->tp_mac - AFP_SLOT_HDRLEN, h->tp_snaplen,
                          DPBUF_FOREIGN_STATIC);
    if (dev->vnet) {
        struct virtio_net_hdr vnet;

        memcpy(&vnet, slot + h->tp_mac - sizeof vnet, sizeof vnet);
        afp_set_vnet(p, &vnet);
    }
    afp_restore_vlan(p, status, h->tp_vlan_tci, h->tp_vlan_tpid);
    return true;
}

/* True if 'dev''s device is administratively down (or unreadable). */
static bool
afp_device_is_down(const struct netdev_afpacket *dev)
{
    enum netdev_flags flags;
    return netdev_get_flags(&dev->up, &flags) || !(flags & NETDEV_UP);
}

/* When the ring is empty: did the device go away?  The socket reports
 * ENETDOWN both when its device goes down (it comes back with the device)
 * and when the device is unregistered. */
static int
afp_check_gone(struct netdev_afpacket *dev)
{
    char name[IF_NAMESIZE];
    socklen_t len;
    int error = 0;

    len = sizeof error;
    if (getsockopt(dev->fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0) {
        error = errno;
    }
    if (error == ENETDOWN || error == ENODEV || error == ENXIO) {
        /* Deleting a device reports ENETDOWN once, when it goes down,
         * which may be before it is unregistered: keep looking on later
         * empty receives until it is back up or gone. */
        dev->down_seen = true;
    }
    if (dev->down_seen) {
        if (!if_indextoname(dev->ifindex, name)
            || strcmp(name, dev->up.name)) {
            VLOG_INFO("%s: device vanished", dev->up.name);
            dev->gone = true;
            return ENODEV;
        }
        if (!error) {
            dev->down_seen = afp_device_is_down(dev);
        }
    }
    return EAGAIN;
}

/* Fills 'batch' from the ring; returns the number of unusable frames. */
static size_t
afp_recv_ring(struct netdev_afpacket *dev, struct dp_packet_batch *batch)
{
    struct afp_rxq *rxq = &dev->rxq;
    size_t n_copies = 0, n_errors = 0;

    while (!dp_packet_batch_is_full(batch)) {
        struct tpacket2_hdr *h = afp_slot(rxq, rxq->head);
        uint32_t status = __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE);
        const struct sockaddr_ll *sll;
        struct dp_packet *p;

        if (!(status & TP_STATUS_USER)) {
            break;
        }
        rxq->head = rxq->head + 1 == rxq->n_frames ? 0 : rxq->head + 1;
        rxq->n_held++;

        sll = (const struct sockaddr_ll *)
              ((uint8_t *) h + TPACKET_ALIGN(sizeof *h));
        if (sll->sll_pkttype == PACKET_OUTGOING) {
            if (status & TP_STATUS_COPY) {
                afp_recv_slot_copy(dev, n_copies);  /* Discard it. */
            }
            continue;
        }
        if (status & TP_STATUS_COPY) {
            p = afp_recv_slot_copy(dev, n_copies);
            if (p) {
                n_copies++;
            }
        } else {
            p = &rxq->pkts[batch->count];
            if (!afp_slot_to_packet(dev, h, status, p)) {
                p = NULL;
            }
        }
        if (p) {
            dp_packet_batch_add(batch, p);
        } else {
            n_errors++;
        }
    }
    return n_errors;
}

/* Fills 'batch' from the socket's receive queue, when the socket has no
 * ring (setting one up again failed); returns the number of unusable
 * frames. */
static size_t
afp_recv_no_ring(struct netdev_afpacket *dev, struct dp_packet_batch *batch)
{
    size_t n_errors = 0;

    /* Bounded, so that a flood of unusable frames cannot keep us here. */
    for (int i = 0; i < 2 * DP_BATCH_SIZE; i++) {
        struct dp_packet *p;
        int error;

        if (dp_packet_batch_is_full(batch)) {
            break;
        }
        error = afp_recv_copy(dev, batch->count, &p);
        if (error == EAGAIN) {
            break;
        } else if (error) {
            n_errors++;
        } else {
            dp_packet_batch_add(batch, p);
        }
    }
    return n_errors;
}

static int
netdev_afpacket_rxq_recv(struct netdev *netdev, int qid OSW_UNUSED,
                         struct dp_packet_batch *batch)
{
    struct netdev_afpacket *dev = netdev_afpacket_cast(netdev);
    struct afp_rxq *rxq = &dev->rxq;
    size_t n_errors;

    if (dev->gone) {
        return ENODEV;
    }
    if (OSW_LIKELY(rxq->ring)) {
        afp_release(rxq);
        n_errors = afp_recv_ring(dev, batch);
    } else {
        n_errors = afp_recv_no_ring(dev, batch);
    }
    if (dp_packet_batch_is_full(batch)) {
        rxq->backlog = true;
    }
    if (n_errors) {
        COVERAGE_ADD(afpacket_rx_error, n_errors);
        counter_add(&dev->rx_errors, n_errors);
    }
    return batch->count ? 0 : afp_check_gone(dev);
}

static void
netdev_afpacket_rxq_done(struct netdev *netdev, int qid OSW_UNUSED)
{
    struct afp_rxq *rxq = &netdev_afpacket_cast(netdev)->rxq;

    if (rxq->ring) {
        afp_release(rxq);
    }
}

/* Reads the status of the next ring slot: the kernel sets it when it
 * fills the slot.  Without a ring (or with a device that went away) the
 * socket must be asked. */
static int
netdev_afpacket_rxq_peek(const struct netdev *netdev, int qid OSW_UNUSED)
{
    const struct netdev_afpacket *dev = netdev_afpacket_cast(netdev);
    const struct afp_rxq *rxq = &dev->rxq;

    if (dev->gone || !rxq->ring) {
        return -1;
    }
    const struct tpacket2_hdr *h = afp_slot(rxq, rxq->head);
    return (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE)
            & TP_STATUS_USER) != 0;
}

/* Adds the frames the kernel dropped since the last read to
 * 'rx_ring_drops' and returns the new total.  Any thread: the kernel
 * clears its counters on each read, so every reader adds what it read. */
static uint64_t
afp_read_ring_drops(struct netdev_afpacket *dev)
{
    struct tpacket_stats ps;
    socklen_t len = sizeof ps;

    if (!getsockopt(dev->fd, SOL_PACKET, PACKET_STATISTICS, &ps, &len)
        && ps.tp_drops) {
        counter_add(&dev->rx_ring_drops, ps.tp_drops);
    }
    return __atomic_load_n(&dev->rx_ring_drops, __ATOMIC_RELAXED);
}

/* Replaces the stuck ring by a fresh one on the same socket.  Frames that
 * arrive meanwhile, between the two PACKET_RX_RING calls, wait on the
 * socket's receive queue, which the second call purges: a window of
 * about a millisecond. */
static int
afp_rebuild_ring(struct netdev_afpacket *dev)
{
    int error = afp_teardown_ring(dev);

    if (error) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
        VLOG_WARN_RL(&rl, "%s: cannot free the receive ring: %s",
                     dev->up.name, osw_strerror(error));
        return error;
    }
    error = afp_setup_ring(dev);
    if (error) {
        VLOG_WARN("%s: receiving without a ring until a later attempt "
                  "succeeds", dev->up.name);
        return error;
    }
    counter_add(&dev->n_rebuilds, 1);
    COVERAGE_INC(afpacket_ring_rebuild);
    return 0;
}

/* The ring is stuck if the kernel dropped frames since the last check
 * while the ring is empty at its head and never filled up meanwhile: a
 * full ring (the only other cause of drops) would have given us full
 * batches.  A wrong guess costs a rebuild of an empty ring. */
static bool
afp_ring_stuck(const struct afp_rxq *rxq, uint64_t new_drops)
{
    if (!new_drops || rxq->backlog) {
        return false;
    }
    const struct tpacket2_hdr *h = afp_slot(rxq, rxq->head);
    return __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE)
           == TP_STATUS_KERNEL;
}

static int
netdev_afpacket_rxq_check(struct netdev *netdev, int qid OSW_UNUSED,
                          uint64_t *n_dropped)
{
    struct netdev_afpacket *dev = netdev_afpacket_cast(netdev);
    struct afp_rxq *rxq = &dev->rxq;
    uint64_t total, new_drops;

    if (dev->gone) {
        return 0;
    }
    total = afp_read_ring_drops(dev);
    new_drops = total - rxq->drops_reported;
    rxq->drops_reported = total;
    *n_dropped = new_drops;

    if (!rxq->ring) {
        return afp_rebuild_ring(dev);
    }
    bool stuck = afp_ring_stuck(rxq, new_drops);
    rxq->backlog = false;
    if (!stuck) {
        return 0;
    }

    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 60);
    VLOG_WARN_RL(&rl, "%s: receive ring stuck (the kernel dropped %"PRIu64
                 " frames while it was empty, probably after a frame it "
                 "could not describe in a vnet header, such as UDP "
                 "fragmentation offload from a VM): rebuilding it",
                 netdev->name, new_drops);
    return afp_rebuild_ring(dev);
}

static int
netdev_afpacket_send(struct netdev *netdev, struct dp_packet_batch *batch,
                     size_t *n_dropped)
{
    struct netdev_afpacket *dev = netdev_afpacket_cast(netdev);
    static const struct virtio_net_hdr no_vnet;
    struct mmsghdr msgs[DP_BATCH_SIZE];
    struct iovec iovs[DP_BATCH_SIZE][2];
    size_t n = batch->count, i, dropped = 0;
    int error = 0;

    for (i = 0; i < n; i++) {
        const struct dp_packet *p = batch->packets[i];
        struct iovec *iov = iovs[i];

        memset(&msgs[i], 0, sizeof msgs[i]);
        if (dev->vnet) {
            iov[0].iov_base = CONST_CAST(void *, (p->has_vnet
                                                  ? &p->vnet : &no_vnet));
            iov[0].iov_len = sizeof p->vnet;
            iov[1].iov_base = dp_packet_data(p);
            iov[1].iov_len = dp_packet_size(p);
            msgs[i].msg_hdr.msg_iovlen = 2;
        } else {
            iov[0].iov_base = dp_packet_data(p);
            iov[0].iov_len = dp_packet_size(p);
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        msgs[i].msg_hdr.msg_iov = iov;
    }

    for (i = 0; i < n; ) {
        int retval = sendmmsg(dev->fd, &msgs[i], n - i, MSG_DONTWAIT);

        if (retval > 0) {
            i += retval;
            continue;
        }
        int e = retval < 0 ? errno : EAGAIN;
        if (e == EINTR) {
            continue;
        }
        if (!error) {
            error = e;
        }
        if (e == EAGAIN || e == EWOULDBLOCK) {
            /* The socket buffer is full: drop the rest, never wait. */
            dropped += n - i;
            break;
        } else if (e == ENXIO || e == ENODEV) {
            error = ENXIO;
            dropped += n - i;
            break;
        } else {
            /* This frame is bad (EMSGSIZE, EINVAL for a bogus vnet
             * header) or the device dropped it (ENOBUFS): skip it. */
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
            VLOG_WARN_RL(&rl, "%s: send of a %"PRIu32"-byte frame failed: "
                         "%s", netdev->name,
                         dp_packet_size(batch->packets[i]), osw_strerror(e));
            dropped++;
            i++;
        }
    }
    if (dropped) {
        COVERAGE_ADD(afpacket_tx_drop, dropped);
        counter_add(&dev->tx_dropped, dropped);
    }
    *n_dropped = dropped;
    return error;
}

static bool
netdev_afpacket_supports_vnet(const struct netdev *netdev)
{
    return netdev_afpacket_cast(netdev)->vnet;
}

static int
netdev_afpacket_get_etheraddr(const struct netdev *netdev,
                              struct eth_addr *mac)
{
    return netdev_kernel_get_etheraddr(netdev->name, mac);
}

static int
netdev_afpacket_set_etheraddr(struct netdev *netdev, struct eth_addr mac)
{
    return netdev_kernel_set_etheraddr(netdev->name, mac);
}

static int
netdev_afpacket_get_mtu(const struct netdev *netdev, int *mtup)
{
    return netdev_kernel_get_mtu(netdev->name, mtup);
}

static int
netdev_afpacket_set_mtu(struct netdev *netdev, int mtu)
{
    return netdev_kernel_set_mtu(netdev->name, mtu);
}

static int
netdev_afpacket_get_ifindex(const struct netdev *netdev)
{
    const struct netdev_afpacket *dev = netdev_afpacket_cast(netdev);

    return dev->gone ? -ENODEV : dev->ifindex;
}

static int
netdev_afpacket_get_flags(const struct netdev *netdev,
                          enum netdev_flags *flags)
{
    return netdev_kernel_get_flags(netdev->name, flags);
}

static int
netdev_afpacket_update_flags(struct netdev *netdev, enum netdev_flags on,
                             enum netdev_flags off)
{
    return netdev_kernel_update_flags(netdev->name, on, off);
}

static int
netdev_afpacket_get_speed(const struct netdev *netdev, uint64_t *mbps)
{
    return netdev_kernel_get_speed(netdev->name, mbps);
}

static int
netdev_afpacket_get_stats(const struct netdev *netdev,
                          struct netdev_stats *stats)
{
    struct netdev_afpacket *dev = netdev_afpacket_cast(netdev);
    int error = netdev_kernel_get_stats(netdev->name, false, stats);

    /* Frames the kernel could not put in our ring (it was full or stuck)
     * never reached the switch: they count as received and dropped. */
    uint64_t ring_drops = afp_read_ring_drops(dev);
    if (!error) {
        stats->rx_errors += __atomic_load_n(&dev->rx_errors,
                                            __ATOMIC_RELAXED);
        stats->rx_dropped += ring_drops;
        stats->tx_dropped += __atomic_load_n(&dev->tx_dropped,
                                             __ATOMIC_RELAXED);
    }
    return error;
}

static int
netdev_afpacket_get_status(const struct netdev *netdev, struct smap *status)
{
    struct netdev_afpacket *dev = netdev_afpacket_cast(netdev);

    uint64_t n_rebuilds = __atomic_load_n(&dev->n_rebuilds,
                                          __ATOMIC_RELAXED);

    smap_replace(status, "vnet_hdr", dev->vnet ? "true" : "false");
    if (n_rebuilds) {
        char s[24];

        snprintf(s, sizeof s, "%"PRIu64, n_rebuilds);
        smap_replace(status, "rx_ring_rebuilds", s);
    }
    return netdev_kernel_get_status(netdev->name, status);
}

const struct netdev_class netdev_afpacket_class = {
    .type = "system",
    .open = netdev_afpacket_open,
    .close = netdev_afpacket_close,
    .set_config = netdev_afpacket_set_config,
    .rxq_fd = netdev_afpacket_rxq_fd,
    .rxq_recv = netdev_afpacket_rxq_recv,
    .rxq_peek = netdev_afpacket_rxq_peek,
    .rxq_done = netdev_afpacket_rxq_done,
    .rxq_check = netdev_afpacket_rxq_check,
    .send = netdev_afpacket_send,
    .supports_vnet = netdev_afpacket_supports_vnet,
    .get_etheraddr = netdev_afpacket_get_etheraddr,
    .set_etheraddr = netdev_afpacket_set_etheraddr,
    .get_mtu = netdev_afpacket_get_mtu,
    .set_mtu = netdev_afpacket_set_mtu,
    .get_ifindex = netdev_afpacket_get_ifindex,
    .get_flags = netdev_afpacket_get_flags,
    .update_flags = netdev_afpacket_update_flags,
    .get_speed = netdev_afpacket_get_speed,
    .get_stats = netdev_afpacket_get_stats,
    .get_status = netdev_afpacket_get_status,
};
