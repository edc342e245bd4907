/* dpif: the datapath, the fast path that forwards packets.
 *
 * One userspace datapath ("osw-netdev") serves every bridge: each bridge's
 * ports are datapath ports, and ofproto tells the bridges apart by input
 * port when it translates.  This header is the whole contract between the
 * datapath and its users (ofproto, vswitchd, osw-dpctl); a kernel
 * datapath provider would implement the same functions.
 *
 * How a packet goes through
 * =========================
 *
 * Each port's receive queues are served by forwarding threads (the
 * Open_vSwitch other_config:n-forwarding-threads, default 1; queues are
 * spread over the threads round robin).  A thread sleeps in epoll on its
 * queues' fds while idle (busy polling only with
 * other_config:forwarding-busy-poll=true); after a frame it keeps polling
 * for other_config:forwarding-linger-us (default 100 us, 0 to turn off)
 * before it sleeps again, so that the answer to what it just forwarded
 * is caught without a wake-up.  Per wake-up:
 *
 *   1. receives a batch from a queue (netdev_rxq_recv());
 *   2. extracts each packet's flow (flow_extract()); a malformed frame
 *      is dropped under its reason;
 *   3. looks the flow up in the thread's exact-match cache (EMC), then in
 *      its megaflow cache (tuple space search over the masks in use);
 *   4. on a miss, or a hit on an entry that is stale (see Invalidation),
 *      calls the upcall callback, which translates the flow into
 *      datapath actions and the mask of what the translation looked at;
 *      the result is installed as a megaflow (unless 'no_cache') and the
 *      packet executed;
 *   5. executes the actions (dp-actions.h); outputs are queued in
 *      per-port transmit batches, sent when the input batch is done (and
 *      before the next receive on the queue, which may recycle the
 *      frames' memory).
 *
 * Every packet that does not leave through some port is counted under a
 * drop reason (drop-reasons.h), per port and in total.
 *
 * Invalidation
 * ============
 *
 * A cached megaflow is only as good as the state its translation read.
 * Each entry records the generation of what it depended on, and a hit
 * checks them (a few loads, no lock): if any moved, the entry is
 * re-translated with that packet.  The new translation counts from zero:
 * what the old one counted stays with the old one's xcache and is
 * reported once by dpif_flow_dump_stats().  Two kinds:
 *
 *   - the datapath-wide generation, bumped by dpif_revalidate_all():
 *     every entry depends on it (configuration changes, flow table
 *     changes).  When dpif_revalidate_all() returns, any packet received
 *     afterwards is translated anew: a barrier reply sent after it is
 *     exact.
 *   - tags: 32-bit values a translation chooses (a hash of a VLAN and MAC
 *     address, say) and adds with dpif_upcall_add_dep(); dpif_tag_bump()
 *     invalidates exactly the entries that added that tag (and, rarely,
 *     others sharing its slot in a table of DPIF_N_TAG_SLOTS).  MAC
 *     learning uses one tag per (VLAN, MAC).  An entry holds at most
 *     DPIF_MAX_DEPS tags; a translation that adds more is not cached.
 *
 * Threads: all functions below are for the control thread unless they
 * say otherwise; the upcall callback runs in forwarding threads, several
 * at once.
 *
 * Locking.  A forwarding thread holds a mutex of its own while it handles
 * a wake-up (receive, translate, execute, send: one batch or a few), and
 * releases it while it sleeps; nothing is locked per packet.  The
 * control thread takes those mutexes, waiting for the batch in progress
 * to finish, in dpif_port_add(), dpif_port_del(), dpif_set_config(),
 * dpif_register_upcall(), dpif_register_userspace(), dpif_meter_del(),
 * dpif_flow_dump(), dpif_flow_flush(), dpif_get_drop_stats(),
 * dpif_get_thread_stats() and dpif_destroy().
 * Since the upcall callback runs under a forwarding thread's mutex, the
 * caller of those functions must not hold any lock that the upcall
 * callback may take (it would deadlock).  dpif_revalidate_all(),
 * dpif_tag_bump(), dpif_upcall_add_dep(), dpif_port_name() and
 * dpif_get_stats() never wait for a forwarding thread. */
#ifndef DPIF_H
#define DPIF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/flow.h"
#include "drop-reasons.h"

struct dp_packet;
struct ds;
struct netdev;
struct nlattr;
struct ofpbuf;
struct smap;

typedef uint32_t odp_port_t;
#define ODPP_NONE UINT32_MAX

#define DPIF_MAX_DEPS 4
#define DPIF_N_TAG_SLOTS (1u << 16)

/* Creates the userspace datapath named 'name' ("osw-netdev") with one
 * forwarding thread, and registers the "dpctl/..." unixctl commands (the
 * first datapath created).  Never fails. */
struct dpif *dpif_create(const char *name);
/* Stops the threads and frees 'dpif'; its ports must be deleted first. */
void dpif_destroy(struct dpif *);
const char *dpif_name(const struct dpif *);

/* Applies Open_vSwitch other_config: n-forwarding-threads (1..64),
 * forwarding-busy-poll (bool), forwarding-linger-us (0..100000, default
 * 100), max-idle (ms a megaflow may stay unused, default 10000),
 * flow-limit (megaflows per thread, default 200000). */
void dpif_set_config(struct dpif *, const struct smap *other_config);
/* Periodic housekeeping from the main loop (statistics snapshots,
 * applying deferred changes). */
void dpif_run(struct dpif *);
void dpif_wait(struct dpif *);

/* Ports. */

/* Adds 'netdev' (opened by the caller, who keeps it open until
 * dpif_port_del() returns) as a port and stores its number in '*portp'.
 * Port numbers start at 1 and are not reused while the datapath lives.
 * The port's receive queues join the forwarding threads at once. */
int dpif_port_add(struct dpif *, struct netdev *netdev, odp_port_t *portp);
/* Removes port 'port'.  When this returns, no forwarding thread touches
 * its netdev any more (the caller may close it), and cached flows that
 * output to it are gone (the caller should also revalidate).  ENOENT if
 * there is no such port. */
int dpif_port_del(struct dpif *, odp_port_t port);
/* Tells the datapath the port's MTU changed (frames bigger than it, and
 * not GSO, are dropped on output under DP_DROP_MTU). */
void dpif_port_set_mtu(struct dpif *, odp_port_t port, int mtu);
/* The name of the port's netdev, or NULL.  Any thread. */
const char *dpif_port_name(const struct dpif *, odp_port_t port);

/* Upcalls. */

struct dpif_upcall {
    /* In. */
    const struct dp_packet *packet;
    const struct flow *flow;            /* in_port is the datapath port. */

    /* Out, filled by the callback. */
    struct ofpbuf *actions;             /* Datapath actions (empty: drop;
                                         * end with DP_ACTION_ATTR_DROP to
                                         * say why). */
    struct flow_wildcards *wc;          /* Catch-all on entry; set the
                                         * bits looked at.  in_port is
                                         * always matched. */
    bool no_cache;                      /* Execute only; do not install. */

    /* The translation's record of what it used (xlate.h's struct
     * xlate_cache: the rules it went through), or NULL.  The datapath
     * keeps it with the megaflow it installs, shows it in flow dumps
     * ('struct dpif_flow''s 'xcache') and calls 'xcache_free' when the
     * megaflow dies or is retranslated (or right after executing when
     * nothing is cached).  Set by the upcall callback. */
    void *xcache;
    void (*xcache_free)(void *xcache);

    /* Private to the datapath (dependencies, see Invalidation). */
    unsigned int n_deps;
    uint32_t dep_tags[DPIF_MAX_DEPS];
    uint32_t dep_gens[DPIF_MAX_DEPS];
    bool too_many_deps;
};

/* Translates 'upcall'.  Returns 0, or an errno value: the packet is then
 * dropped under DP_DROP_UPCALL_ERROR and nothing is cached.  Runs in
 * forwarding threads, concurrently. */
typedef int dpif_upcall_func(struct dpif_upcall *upcall, void *aux);
/* Sets the callback (NULL: every miss is dropped). */
void dpif_register_upcall(struct dpif *, dpif_upcall_func *, void *aux);

/* Records that the translation in 'upcall' depends on 'tag': call it
 * BEFORE reading the state the tag stands for, so that a change racing
 * with the translation invalidates the entry.  Any thread. */
void dpif_upcall_add_dep(struct dpif *, struct dpif_upcall *upcall,
                         uint32_t tag);
/* Invalidates the cached flows that depend on 'tag'.  Any thread. */
void dpif_tag_bump(struct dpif *, uint32_t tag);
/* Invalidates every cached flow (see Invalidation).  Any thread. */
void dpif_revalidate_all(struct dpif *);

/* Executing a packet from the control thread (packet-out): runs
 * 'actions' on 'packet' (taken over) as a forwarding thread would.
 * 'packet''s in_port is the datapath port it pretends to come from (0:
 * none).  USERSPACE actions call the userspace callback from this thread
 * before dpif_execute() returns. */
int dpif_execute(struct dpif *, struct dp_packet *packet,
                 const struct nlattr *actions, size_t actions_len);

/* Userspace actions (packet-ins).
 *
 * When a packet's actions reach OVS_ACTION_ATTR_USERSPACE, the datapath
 * calls the registered callback with the packet as the earlier actions
 * left it, its flow extracted anew from it (in_port: the datapath port
 * it came in on; the pipeline-only fields, metadata and registers, are
 * zero: the translation puts what it needs in the userdata), and the
 * action's USERDATA bytes (NULL and 0 if it has none).  The callback runs in the forwarding thread
 * (or in the caller of dpif_execute()), possibly in several threads at
 * once; it must copy what it keeps and must not call dpif functions that
 * wait for forwarding threads (see Locking).  A packet whose only
 * "output" is a userspace action is not counted as a drop. */
typedef void dpif_userspace_func(const struct dp_packet *packet,
                                 const struct flow *flow,
                                 const void *userdata, size_t len,
                                 void *aux);
/* Sets the callback (NULL: userspace actions do nothing).  Waits for the
 * forwarding threads' current batches, like dpif_register_upcall(). */
void dpif_register_userspace(struct dpif *, dpif_userspace_func *,
                             void *aux);

/* Meters (OpenFlow meters, and policers).
 *
 * A datapath meter is a set of token buckets identified by a number the
 * caller chooses (unique in the datapath, which every bridge shares, so
 * ofproto maps each bridge's OpenFlow meter ids onto datapath ids) below
 * DPIF_N_METERS.  OVS_ACTION_ATTR_METER runs a packet through it: the
 * band with the highest rate that the packet exceeds applies (OpenFlow
 * 1.3 semantics): a DROP band drops the packet (DP_DROP_POLICER, counted
 * on the input port), a DSCP_REMARK band raises the drop precedence of
 * an IPv4/IPv6 packet's DSCP by 'prec_level' (AF classes: the drop
 * precedence bits 3..4 of the DSCP, saturating at 3) and lets it pass.
 * A meter that does not exist passes every packet.
 *
 * Rates are in kbit/s (DPIF_METER_KBPS) or packets/s (DPIF_METER_PKTPS);
 * each band's bucket holds at most its burst size (kbit or packets; with
 * DPIF_METER_BURST unset or a burst of 0: one second's worth of the rate;
 * a kbit/s bucket always holds at least one 1518-byte frame) and starts
 * full.  Time comes from time_usec(), or the 'now_us' given to
 * dpif_meter_apply() (for tests with a fake clock).
 *
 * Each meter has a lock of its own, taken per metered packet (never by
 * anything else in the packet path).  dpif_meter_set() may replace a
 * meter in use (statistics are kept); dpif_meter_del() waits for the
 * forwarding threads' current batches (see Locking) before freeing. */
#define DPIF_N_METERS 65536
#define DPIF_METER_MAX_BANDS 8

enum dpif_meter_band_type {
    DPIF_METER_BAND_DROP,
    DPIF_METER_BAND_DSCP_REMARK,
};

struct dpif_meter_band {
    enum dpif_meter_band_type type;
    uint32_t rate;              /* kbit/s or packets/s. */
    uint32_t burst_size;        /* kbit or packets; 0: default. */
    uint8_t prec_level;         /* DSCP_REMARK: precedence levels added. */
};

#define DPIF_METER_KBPS  (1 << 0)
#define DPIF_METER_PKTPS (1 << 1)
#define DPIF_METER_BURST (1 << 2)
#define DPIF_METER_STATS (1 << 3)

struct dpif_meter_config {
    uint32_t flags;             /* DPIF_METER_* (KBPS if neither rate
                                 * unit is given). */
    size_t n_bands;             /* At most DPIF_METER_MAX_BANDS. */
    const struct dpif_meter_band *bands;
};

struct dpif_meter_stats {
    uint64_t packet_in_count;   /* Packets the meter saw. */
    uint64_t byte_in_count;
    size_t n_bands;
    struct {
        uint64_t packet_count;  /* Packets the band applied to. */
        uint64_t byte_count;
    } bands[DPIF_METER_MAX_BANDS];
};

/* Creates or replaces meter 'id'.  EINVAL for an id out of range, too
 * many bands or a zero rate; 0 otherwise. */
int dpif_meter_set(struct dpif *, uint32_t id,
                   const struct dpif_meter_config *);
/* Deletes meter 'id' (ENOENT if none).  Packets then pass. */
int dpif_meter_del(struct dpif *, uint32_t id);
/* Fills '*stats' for meter 'id'; ENOENT if none. */
int dpif_meter_get_stats(const struct dpif *, uint32_t id,
                         struct dpif_meter_stats *stats);
/* Runs 'packet' through meter 'id' at time 'now_us' (time_usec() scale):
 * what OVS_ACTION_ATTR_METER does.  False if the packet is to be dropped.
 * Any thread. */
bool dpif_meter_apply(struct dpif *, uint32_t id, struct dp_packet *packet,
                      long long int now_us);

/* Cached flows. */

struct dpif_flow_stats {
    uint64_t n_packets;
    uint64_t n_bytes;
    long long int used;         /* time_msec() of the last hit, 0: never. */
    uint16_t tcp_flags;         /* ORed over the packets (host order). */
};

struct dpif_flow {
    struct flow key;            /* Masked. */
    struct flow_wildcards mask;
    const struct nlattr *actions;
    size_t actions_len;
    struct dpif_flow_stats stats;
    unsigned int thread;        /* Forwarding thread that owns it. */
    const void *xcache;         /* The upcall's 'xcache' (NULL if none):
                                 * what its translation went through, so
                                 * that the dumper credits 'stats' to
                                 * those rules.  Valid during the call. */
    uint64_t id;                /* Unique in the datapath, for one
                                 * translation: a retranslated megaflow
                                 * gets a new id. */
    bool dead;                  /* dpif_flow_dump_stats() only: the final
                                 * statistics of a translation that is
                                 * gone; only 'stats', 'thread',
                                 * 'xcache', 'id' and key.in_port are
                                 * set. */
};

/* Calls 'cb' for every cached megaflow of every thread ('flow' is valid
 * during the call only).  'cb' runs with the owning thread paused: it
 * must not call dpif functions other than dpif_port_name(). */
void dpif_flow_dump(struct dpif *,
                    void (*cb)(const struct dpif_flow *flow, void *aux),
                    void *aux);
/* The statistics dump, for the one user that credits megaflow counts
 * (ofproto).  Like dpif_flow_dump(), then, for each translation that
 * ended since the previous call with counts it had not reported (its
 * megaflow died or was retranslated, or a packet was executed without
 * being cached), one more call with 'dead' set and the final statistics
 * of id 'id' (the dumper saw id 'id' live at most in earlier calls, and
 * never will again).  Each count is thus reported once: credit
 * 'stats' minus what the previous calls showed for 'id'.  Retired
 * records are kept only for translations with an xcache (at most
 * 65536 per thread between two calls). */
void dpif_flow_dump_stats(struct dpif *,
                          void (*cb)(const struct dpif_flow *flow,
                                     void *aux),
                          void *aux);
/* Deletes every cached flow. */
void dpif_flow_flush(struct dpif *);

/* Counters. */

struct dpif_dp_stats {
    uint64_t n_hit;             /* Packets that hit the caches. */
    uint64_t n_missed;          /* Packets that went to the upcall. */
    uint64_t n_lost;            /* Misses that could not be handled. */
    uint64_t n_flows;           /* Cached megaflows now. */
    uint64_t n_masks;           /* Distinct masks (subtables) now. */
    uint64_t n_emc_hit;         /* Of n_hit, from the exact-match cache. */
};
void dpif_get_stats(const struct dpif *, struct dpif_dp_stats *);
/* Drop counts by reason, summed over threads: for the whole datapath
 * ('port' ODPP_NONE) or one port (counted on the ingress port, or the
 * egress port for transmit-side reasons).  ENOENT for an unknown port. */
int dpif_get_drop_stats(const struct dpif *, odp_port_t port,
                        uint64_t counts[DP_DROP_N_REASONS]);

/* Introspection (dpctl, status). */

/* The datapaths in creation order: dpif_next(NULL) is the first, NULL
 * after the last.  Control thread. */
struct dpif *dpif_next(const struct dpif *);

struct dpif_port {
    odp_port_t port_no;
    const char *name;
    const char *type;
    struct netdev *netdev;
    int mtu;                    /* 0 if unknown. */
};
/* Calls 'cb' for each port, in increasing port number order ('port' is
 * valid during the call only; 'cb' may call other dpif functions but
 * must not add or delete ports). */
void dpif_port_dump(const struct dpif *,
                    void (*cb)(const struct dpif_port *port, void *aux),
                    void *aux);

/* One forwarding thread's view, for dpctl/cache-stats. */
struct dpif_thread_stats {
    unsigned int id;
    size_t n_rxqs;
    uint64_t n_hit, n_emc_hit, n_missed, n_lost;
    uint64_t n_flows, n_masks;
    uint64_t n_lookups;         /* Megaflow cache lookups... */
    uint64_t n_probes;          /* ...and the subtables they probed. */
};
/* Number of forwarding threads. */
unsigned int dpif_n_threads(const struct dpif *);
/* Fills '*stats' for thread 'idx' (0 <= idx < dpif_n_threads()); false
 * if there is no such thread. */
bool dpif_get_thread_stats(const struct dpif *, unsigned int idx,
                           struct dpif_thread_stats *stats);

/* Registers the "dpctl/..." unixctl commands (dpctl.c; dpif_create()
 * calls it).  Idempotent. */
void dpctl_register_commands(void);
/* The options of the dpctl commands, which dpif/dump-flows (ofproto)
 * takes too.  dpctl_parse_opts() fills them from 'argv' (argv[0] is the
 * command) and returns NULL, or an error message to free. */
struct dpctl_opts {
    bool stats;                 /* -s, --statistics */
    bool more;                  /* -m, --more */
    bool names;                 /* --names (--no-names: false) */
    const char *arg;            /* The one non-option argument, or NULL. */
};
char *dpctl_parse_opts(int argc, const char *argv[], struct dpctl_opts *);
/* Appends the flows of a datapath whose input port 'filter' (nullable)
 * accepts, as dpctl/dump-flows prints them with 'opts'; for
 * dpif/dump-flows, which shows one bridge's. */
void dpctl_format_flows(struct ds *, struct dpif *,
                        const struct dpctl_opts *,
                        bool (*filter)(uint32_t in_port, void *aux),
                        void *aux);

#endif /* dpif.h */
