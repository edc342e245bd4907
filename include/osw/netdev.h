/* netdev: network devices the switch sends and receives frames on.
 *
 * Types (the Interface table's "type" column):
 *   "system"   an existing kernel device (veth, a tap device that libvirt or
 *              qemu created, a NIC): AF_PACKET with a TPACKET_V2 receive
 *              ring and PACKET_VNET_HDR, so checksum-offloaded and GSO
 *              frames pass unharmed; VLAN tags the kernel took out of a
 *              frame are put back (TP_STATUS_VLAN_VALID, tp_vlan_tpid).
 *              (Not TPACKET_V3: it hands frames over only when a whole
 *              block fills or a timer of at least one jiffy fires, which
 *              would add milliseconds of latency at low rates.)
 *              The device must exist: netdev_open() fails with ENODEV
 *              otherwise (the caller retries when rtnetlink says it
 *              appeared, see rtnetlink.h).
 *   "internal" a tap device that the switch creates and owns, named after
 *              the interface, with a random MAC unless set; the host's IP
 *              stack uses it (the bridge's local port).  Deleted on close.
 *   "tap"      the same, for a tap device the switch creates for others.
 *   "dummy"    no device: frames come from netdev_dummy_receive() (and
 *              "netdev-dummy/receive NAME PACKET"), or from a pcap file
 *              (options:rxq_pcap=FILE), and sent frames go to
 *              options:tx_pcap=FILE and to a queue tests can read.  For
 *              tests.
 *
 * Threads.  The control thread opens, configures, queries and closes
 * netdevs.  Receive queue 'qid' of a netdev is served by one forwarding
 * thread at a time.  netdev_send() may be called from any thread at once
 * (each call is one system call per batch, or a lock for "dummy").
 * netdev_get_stats() and the other queries may run while another thread
 * receives and sends.
 *
 * Receive.  netdev_rxq_recv() returns up to DP_BATCH_SIZE frames.  For
 * "system", "internal" and "tap" ports they point into memory the netdev
 * owns (the receive ring's slots, or preallocated 64 kB buffers;
 * DPBUF_FOREIGN_STATIC) and stay valid only until the next
 * netdev_rxq_recv() on the same queue, which hands that memory back (to
 * the kernel, for the ring): the caller must have sent (netdev_send
 * copies) or cloned them by then.  "dummy" frames are DPBUF_MALLOC and
 * the caller's.  Frames carry 'in_port' 0 (the datapath sets it) and
 * their offload state in 'vnet'/'has_vnet' ('has_vnet' only when there
 * is offload work: a partial checksum or GSO).  The ring takes 4096
 * frames of up to 2 kB; bigger ones (64 kB GSO frames, jumbo frames)
 * wait on the socket's receive queue, which holds 32 MB, so a burst is
 * not dropped while the switch is busy.
 *
 * Send.  netdev_send() takes a batch and transmits each frame the best
 * way the device allows: with its vnet header where the device accepts
 * one (system, tap, internal), otherwise with checksums completed and GSO
 * frames segmented in software (dummy, or a device that refused
 * PACKET_VNET_HDR).  The caller (the datapath) checks frame sizes against
 * the MTU; the netdev does not.  It never blocks: frames the device
 * cannot take now (a full socket buffer) are dropped and counted in
 * '*n_dropped'.  With 'may_steal' the netdev owns and deletes the packets
 * afterwards; without it, the caller keeps them.
 *
 * Errors are positive errno values.  A device that vanished gives ENODEV
 * or ENXIO from receives and sends; the caller closes the netdev and
 * reports the Interface's error. */
#ifndef OSW_NETDEV_H
#define OSW_NETDEV_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/packets.h"

struct dp_packet;
struct dp_packet_batch;
struct smap;
struct netdev;

/* Registers the built-in types and the "netdev-dummy/..." unixctl commands.
 * Idempotent. */
void netdev_init(void);
/* The supported types, for Open_vSwitch's iface_types column. */
const char *const *netdev_types(void);   /* NULL-terminated. */

/* Opens the device 'name' of 'type' ("" means "system").  'config'
 * (nullable) is the Interface's options column (dummy: rxq_pcap, tx_pcap;
 * others ignore unknown keys with a warning).  Returns 0 or an errno
 * value: ENODEV (no such device, for "system"), EAFNOSUPPORT (unknown
 * type), EEXIST (an internal/tap name taken by a device the switch does
 * not own), EPERM, ... */
int netdev_open(const char *name, const char *type,
                const struct smap *config, struct netdev **netdevp);
/* Re-applies 'config' to an open netdev.  0 or errno. */
int netdev_set_config(struct netdev *, const struct smap *config);
/* Closes 'netdev' (removing internal/tap devices).  NULL is allowed. */
void netdev_close(struct netdev *);

const char *netdev_get_name(const struct netdev *);
const char *netdev_get_type(const struct netdev *);

/* Receive queues.  Every type has at least one. */
int netdev_n_rxq(const struct netdev *);
/* The file descriptor a forwarding thread waits on (POLLIN) for queue
 * 'qid'. */
int netdev_rxq_fd(const struct netdev *, int qid);
/* Receives up to DP_BATCH_SIZE frames into 'batch' (emptied first).
 * Returns 0 with at least one frame, EAGAIN if there is none, or another
 * errno value (ENODEV/ENXIO: the device is gone).  Frames that cannot be
 * taken (truncated, bogus vnet header) are counted in rx_errors and
 * skipped. */
int netdev_rxq_recv(struct netdev *, int qid, struct dp_packet_batch *);
/* Looks at queue 'qid' without a system call (from the thread that
 * receives from it): 1 if netdev_rxq_recv() would return a frame or an
 * error now, 0 if not, -1 if the type cannot tell without asking the
 * kernel (then poll netdev_rxq_fd()). */
int netdev_rxq_peek(const struct netdev *, int qid);
/* Tells queue 'qid' that the frames of the last netdev_rxq_recv() are no
 * longer needed (sent or cloned), so that their memory goes back at once
 * rather than at the next receive.  For the receive ring this matters:
 * the kernel sees the slots free sooner, and a socket whose last frame
 * is still held keeps polling readable, which would cost the reader an
 * extra epoll pass and an empty receive per frame at low rates. */
void netdev_rxq_done(struct netdev *, int qid);
/* Health check of receive queue 'qid', for the thread that serves it
 * (never at the same time as netdev_rxq_recv() on that queue; it may
 * recycle the memory of the frames the last receive returned, as the
 * next receive would).  Call it about once a second, busy or idle.
 * Stores in '*n_dropped' the frames the kernel dropped before they
 * reached the queue since the previous call (the receive ring was full,
 * or the kernel could not hand a frame over), so that the caller can
 * count them, and repairs the queue if it found it stuck.  Returns 0,
 * EOPNOTSUPP if the type has nothing to check (the caller may stop
 * calling), or another errno value (the check or the repair failed; the
 * next call tries again).
 *
 * Why: for "system" devices a Linux kernel bug stalls a TPACKET_V2 ring
 * for good when the kernel cannot describe a received frame in a vnet
 * header (a UDP fragmentation offload frame, which a VM can send through
 * its tap device): every later frame is dropped and the ring stays
 * empty, so nothing wakes the reader.  The check sees the kernel's drop
 * counter grow while the ring is empty and rebuilds the ring, with a
 * warning naming the device. */
int netdev_rxq_check(struct netdev *, int qid, uint64_t *n_dropped);

/* Sends 'batch' (see "Send").  Returns 0 if all frames went out, else
 * the first error (EAGAIN for a full device queue, EMSGSIZE, ENODEV);
 * '*n_dropped' is set to the number of frames that did not go out. */
int netdev_send(struct netdev *, struct dp_packet_batch *,
                bool may_steal, size_t *n_dropped);
/* True if the device takes frames with partial checksums and GSO through
 * a vnet header (so the datapath need not segment for it). */
bool netdev_supports_vnet(const struct netdev *);
/* The receive address filter of a device whose far side is this host's
 * IP stack (internal and tap ports), as a NIC has one: true if the host
 * would throw frame 'p' away on arrival anyway, because it is unicast to
 * a MAC not the device's own and nothing (an administrator, a packet
 * socket, a bridge or other upper device) has the device promiscuous.
 * The Linux bridge does not pass such frames up to its own device either.
 * Sending them would cost a system call and a socket buffer each, for
 * nothing: the datapath drops them instead ("otherhost").  Thread-safe.
 * netdev_may_filter() is true if the device ever filters. */
bool netdev_may_filter(const struct netdev *);
bool netdev_filters_out(const struct netdev *, const struct dp_packet *p);

/* Properties.  Each returns 0 or an errno value. */
int netdev_get_etheraddr(const struct netdev *, struct eth_addr *);
int netdev_set_etheraddr(struct netdev *, struct eth_addr);
int netdev_get_mtu(const struct netdev *, int *mtup);
int netdev_set_mtu(struct netdev *, int mtu);
int netdev_get_ifindex(const struct netdev *);   /* Or -errno. */

enum netdev_flags {
    NETDEV_UP = 1 << 0,         /* Administratively up (IFF_UP). */
    NETDEV_RUNNING = 1 << 1,    /* Carrier (IFF_RUNNING / IFF_LOWER_UP). */
    NETDEV_PROMISC = 1 << 2,
};
int netdev_get_flags(const struct netdev *, enum netdev_flags *);
/* Turns on / off 'flags' (NETDEV_UP, NETDEV_PROMISC). */
int netdev_update_flags(struct netdev *, enum netdev_flags on,
                        enum netdev_flags off);
/* Link speed in Mbit/s, 0 if unknown. */
int netdev_get_speed(const struct netdev *, uint64_t *mbps);

/* Counters as the Interface "statistics" column has them; fields the
 * device does not count are UINT64_MAX (and left out of the column).
 * For kernel devices these are the kernel's counters (which include
 * frames the switch dropped after receiving them); the datapath adds its
 * own drop counts. */
struct netdev_stats {
    uint64_t rx_packets, tx_packets;
    uint64_t rx_bytes, tx_bytes;
    uint64_t rx_dropped, tx_dropped;
    uint64_t rx_errors, tx_errors;
    uint64_t rx_frame_err, rx_over_err, rx_crc_err, collisions;
};
int netdev_get_stats(const struct netdev *, struct netdev_stats *);
/* Adds to 'status' what the Interface "status" column should show
 * (driver_name, driver_version, firmware_version for kernel devices,
 * tap/vnet details...). */
int netdev_get_status(const struct netdev *, struct smap *status);

/* Dummy devices: queue 'packet' (taken over) as if received on 'netdev',
 * which must be a "dummy" netdev (else EOPNOTSUPP). */
int netdev_dummy_receive(struct netdev *, struct dp_packet *packet);
/* Looks up an open dummy netdev by name (the control thread only). */
struct netdev *netdev_dummy_find(const char *name);
/* Removes and returns the oldest frame sent on dummy 'netdev' (the caller
 * owns it), or NULL if none is queued or 'netdev' is not a dummy.  The
 * queue keeps the last NETDEV_DUMMY_MAX_SENT frames. */
#define NETDEV_DUMMY_MAX_SENT 1024
struct dp_packet *netdev_dummy_pop_sent(struct netdev *);

#endif /* netdev.h */
