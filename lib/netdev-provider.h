/* netdev-provider: the interface between netdev.c and the device types.
 *
 * netdev.c keeps the registry of open devices (by name), reference counts,
 * argument checks and the parts every type shares: the software
 * checksum/segmentation fallback for devices without a vnet header, and
 * deleting stolen batches.  A provider ("system", "internal"/"tap",
 * "dummy") implements a 'struct netdev_class': how to open its kind of
 * device, move frames and read or change properties.
 *
 * Memory.  A provider allocates its own struct, which embeds 'struct
 * netdev' (usually first), in 'open' and initializes the embedded part
 * with netdev_base_init(); 'close' releases everything, including the
 * struct.  netdev.c calls 'close' exactly once, when the last reference
 * goes, from the control thread, after the datapath stopped receiving
 * and sending on the device.
 *
 * Threads.  'open', 'close', 'set_config' and the property setters run on
 * the control thread.  'rxq_recv' for one queue runs on one forwarding
 * thread at a time (different queues may run at once).  'send' may run on
 * several threads at once, also concurrently with 'rxq_recv' and with
 * the getters ('get_stats' every few seconds from the control thread):
 * a provider protects whatever these share.
 *
 * Errors are positive errno values.  ENODEV or ENXIO from 'rxq_recv' or
 * 'send' mean the device is gone for good (the datapath closes the port);
 * EAGAIN from 'rxq_recv' means "nothing now"; anything else is taken as
 * transient. */
#ifndef NETDEV_PROVIDER_H
#define NETDEV_PROVIDER_H 1

#include <stdbool.h>
#include <stdint.h>
#include "osw/hmap.h"
#include "osw/netdev.h"

struct dp_packet_batch;
struct smap;
struct rtnl_link_stats64;

/* The part of every open device that netdev.c owns.  Providers read
 * 'name' and 'netdev_class' and never change any of it. */
struct netdev {
    const struct netdev_class *netdev_class;
    char *name;                 /* Device name, owned. */
    int ref_cnt;                /* netdev_open() calls not yet closed. */
    struct hmap_node node;      /* In netdev.c's registry, by name. */
};

struct netdev_class {
    /* The Interface "type" this class serves ("system", "dummy"...). */
    const char *type;

    /* Opens the device called 'name' with configuration 'config' (NULL:
     * empty).  On success stores a new device (embedding a 'struct
     * netdev' set up with netdev_base_init(netdev, class, name)) in
     * '*netdevp' and returns 0; otherwise returns an errno value, leaves
     * nothing behind and stores nothing.  Expected errors: ENODEV (no such
     * kernel device), EEXIST (the name belongs to a device of another
     * kind), EPERM/EACCES (no privilege).  Must not be NULL. */
    int (*open)(const struct netdev_class *, const char *name,
                const struct smap *config, struct netdev **netdevp);

    /* Releases everything 'open' acquired: sockets, rings, created kernel
     * devices, queued packets, and the struct itself.  Must not be NULL. */
    void (*close)(struct netdev *);

    /* Applies a changed 'config' (never NULL) to an open device.  Keys the
     * type does not know are logged once and ignored.  NULL: the type has
     * no options, netdev.c only warns about unknown keys. */
    int (*set_config)(struct netdev *, const struct smap *config);

    /* Number of receive queues (at least 1).  NULL means 1. */
    int (*n_rxq)(const struct netdev *);

    /* The fd the datapath polls (POLLIN) before calling 'rxq_recv' on
     * queue 'qid' (0 <= qid < n_rxq): it must become readable whenever
     * 'rxq_recv' would return a frame or a lasting error, and should not
     * stay readable when the queue is empty.  The fd stays owned by the
     * provider and valid until 'close'.  Must not be NULL. */
    int (*rxq_fd)(const struct netdev *, int qid);

    /* Fills 'batch' (empty on entry) with up to DP_BATCH_SIZE received
     * frames.  Returns 0 if it stored at least one frame, EAGAIN if there
     * was none, or an error (see above).  Frames may point into memory the
     * provider owns (DPBUF_FOREIGN_STATIC, valid until the next call for
     * the same queue, which recycles that memory), or be DPBUF_MALLOC
     * packets the caller then owns.  'in_port' is 0; 'has_vnet'/'vnet'
     * describe offloads as the device reported them.  Frames that cannot
     * be taken (truncated, a copy that went missing) are skipped and
     * counted as rx_errors.  Must not be NULL. */
    int (*rxq_recv)(struct netdev *, int qid, struct dp_packet_batch *);

    /* Without a system call: 1 if 'rxq_recv' on queue 'qid' would return
     * a frame (or an error) now, 0 if the queue is empty, -1 if it cannot
     * tell that cheaply.  A busy forwarding thread peeks at its queues
     * instead of asking epoll, whose lock the kernel takes for every frame
     * it queues, so that polling it at full speed slows the sender down.
     * Runs on the thread that serves the queue, like 'rxq_recv'.  NULL
     * means -1 (netdev.c). */
    int (*rxq_peek)(const struct netdev *, int qid);

    /* Hands back, now, the memory that the last 'rxq_recv' on queue 'qid'
     * lent out (the caller sent or copied those frames), as the next
     * 'rxq_recv' would.  Same thread as 'rxq_recv'.  NULL: nothing to do. */
    void (*rxq_done)(struct netdev *, int qid);

    /* Checks queue 'qid' (0 <= qid < n_rxq) and repairs it if it is stuck;
     * stores in '*n_dropped' (0 on entry) the frames the kernel dropped
     * before they reached the queue since the previous call.  Runs on the
     * thread that serves the queue, between two 'rxq_recv' calls, never
     * concurrently with them: it may recycle the memory the last
     * 'rxq_recv' lent out, and change what the next one reads (a
     * rebuilt ring), but the fd that 'rxq_fd' returned must stay the
     * same.  Returns 0 or an errno value (the next call retries).  NULL:
     * nothing to check (netdev.c returns EOPNOTSUPP). */
    int (*rxq_check)(struct netdev *, int qid, uint64_t *n_dropped);

    /* Transmits the frames of 'batch' and returns 0 if all went out, or
     * the first error; '*n_dropped' gets the number of frames that did not
     * go out.  Never blocks and never frees or keeps the packets (netdev.c
     * deletes stolen batches afterwards; a provider that queues frames,
     * like "dummy", clones them).  If 'supports_vnet' returns false,
     * netdev.c has already completed checksums and segmented GSO frames,
     * so every frame has 'has_vnet' false.  Must not be NULL. */
    int (*send)(struct netdev *, struct dp_packet_batch *,
                size_t *n_dropped);

    /* True if 'send' takes frames with partial checksums and GSO frames
     * (their vnet header is passed to the device).  NULL means false. */
    bool (*supports_vnet)(const struct netdev *);

    /* True if the device's far side (this host's stack) would discard
     * frame 'p' (see netdev_filters_out()).  Thread-safe.  NULL: never. */
    bool (*filters_out)(const struct netdev *, const struct dp_packet *p);

    /* Properties.  Each returns 0 or an errno value; a NULL hook makes
     * netdev.c return EOPNOTSUPP (get_ifindex: -EOPNOTSUPP, get_speed:
     * speed 0, get_status: nothing added). */
    int (*get_etheraddr)(const struct netdev *, struct eth_addr *);
    int (*set_etheraddr)(struct netdev *, struct eth_addr);
    int (*get_mtu)(const struct netdev *, int *mtup);
    int (*set_mtu)(struct netdev *, int mtu);
    int (*get_ifindex)(const struct netdev *);      /* Or -errno. */
    int (*get_flags)(const struct netdev *, enum netdev_flags *);
    int (*update_flags)(struct netdev *, enum netdev_flags on,
                        enum netdev_flags off);
    int (*get_speed)(const struct netdev *, uint64_t *mbps);
    /* Fills every field it knows; netdev.c presets all to UINT64_MAX. */
    int (*get_stats)(const struct netdev *, struct netdev_stats *);
    int (*get_status)(const struct netdev *, struct smap *status);
};

/* Initializes the embedded 'netdev' for 'class' and 'name' (copied), with
 * one reference.  For providers' 'open'. */
void netdev_base_init(struct netdev *netdev, const struct netdev_class *,
                      const char *name);
/* Frees what netdev_base_init() allocated.  For providers' 'close'. */
void netdev_base_destroy(struct netdev *netdev);

/* The built-in classes. */
extern const struct netdev_class netdev_afpacket_class;    /* "system" */
extern const struct netdev_class netdev_internal_class;    /* "internal" */
extern const struct netdev_class netdev_tap_class;         /* "tap" */
extern const struct netdev_class netdev_dummy_class;       /* "dummy" */

/* Registers the "netdev-dummy/..." unixctl commands (netdev-dummy.c). */
void netdev_dummy_register_commands(void);

/* Helpers for types backed by a kernel network device called 'name'
 * (system, internal, tap), in netdev.c.  Each returns 0 or an errno value
 * and may be called from any thread.  Addresses, MTU and the up flag
 * change through rtnetlink; reads use ioctls, ethtool and rtnetlink. */
int netdev_kernel_get_etheraddr(const char *name, struct eth_addr *);
int netdev_kernel_set_etheraddr(const char *name, struct eth_addr);
int netdev_kernel_get_mtu(const char *name, int *mtup);
int netdev_kernel_set_mtu(const char *name, int mtu);
int netdev_kernel_get_flags(const char *name, enum netdev_flags *);
int netdev_kernel_update_flags(const char *name, enum netdev_flags on,
                               enum netdev_flags off);
int netdev_kernel_get_speed(const char *name, uint64_t *mbps);
/* Kernel counters as the device sees them.  'swap' exchanges receive and
 * transmit, for tap devices whose kernel side is the host's view. */
int netdev_kernel_get_stats(const char *name, bool swap,
                            struct netdev_stats *);
/* driver_name, driver_version, firmware_version (ETHTOOL_GDRVINFO). */
int netdev_kernel_get_status(const char *name, struct smap *status);

#endif /* netdev-provider.h */
