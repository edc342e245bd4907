/* dpif-netdev: the userspace datapath (see dpif.h for the contract).
 *
 * Structure.  A datapath has ports (netdevs), forwarding threads and a
 * generation counter plus a table of tag generations for invalidation.
 * Each forwarding thread owns:
 *   - the receive queues assigned to it, in an epoll set of its own;
 *   - an exact-match cache (EMC): a direct-mapped array indexed by the
 *     flow hash, each slot a full flow and a pointer to its megaflow;
 *   - a megaflow cache (dp-cache.h) of entries it installed itself, so
 *     that no cache is shared and nothing is locked per packet;
 *   - per-port transmit batches and drop counters, indexed by port
 *     number.
 *
 * Control thread and forwarding threads.  A forwarding thread holds its
 * mutex while it handles one wake-up and drops it while sleeping.  The
 * control thread changes what a thread reads (its receive queues, its
 * cache on flush, the port table it may use) only with that mutex held,
 * so a change is seen between two batches, never in the middle of one.
 * The port table is published as an immutable snapshot (an array indexed
 * by port number) that threads load once per wake-up; ports are marked
 * deleted rather than freed, and snapshots and ports are freed with the
 * datapath, so a lock-free reader (dpif_port_name()) never sees freed
 * memory.
 *
 * Megaflow lifetime.  A megaflow removed from the cache (expired, flushed,
 * replaced) may still be pointed to by EMC slots: it is marked dead and
 * put on the thread's dead list; the thread (or the control thread with
 * the thread's mutex) later clears EMC slots that point to dead megaflows
 * and frees them.
 *
 * Statistics.  A megaflow's counters belong to its translation (the
 * 'xcache' of the rules it went through), never to a successor: when a
 * megaflow dies, or is retranslated in place, or a packet is executed
 * without a megaflow, the counts not yet reported to
 * dpif_flow_dump_stats() go into a "retired" record with the old xcache,
 * which that function reports once (then frees).  Each megaflow has an
 * id, new on every retranslation, so that the dumper can tell a
 * megaflow's successive lives apart. */
#include <config.h>
#include "dpif.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "dp-actions.h"
#include "dp-cache.h"
#include "osw/coverage.h"
#include "osw/dp-packet.h"
#include "osw/flow.h"
#include "osw/hash.h"
#include "osw/netdev.h"
#include "osw/netlink.h"
#include "osw/ofpbuf.h"
#include "osw/smap.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(dpif_netdev);

COVERAGE_DEFINE(dpif_upcall);
COVERAGE_DEFINE(dpif_flow_install);
COVERAGE_DEFINE(dpif_flow_retranslate);
COVERAGE_DEFINE(dpif_flow_expire);
COVERAGE_DEFINE(dpif_flow_stats_lost);
COVERAGE_DEFINE(dpif_revalidate_all);
COVERAGE_DEFINE(dpif_busy_detach);
COVERAGE_DEFINE(dpif_busy_reattach);

#define MAX_THREADS 64
#define EMC_SHIFT 13
#define EMC_ENTRIES (1u << EMC_SHIFT)
#define EMC_MASK (EMC_ENTRIES - 1)
/* Batches taken from one queue per wake-up before looking at the others. */
#define MAX_BATCHES_PER_QUEUE 4
/* How often a thread expires idle megaflows and reranks subtables, and
 * checks its receive queues (netdev_rxq_check()): frames the kernel
 * dropped, stuck rings. */
#define SWEEP_INTERVAL_MS 1000
#define DEFAULT_LINGER_US 100
/* epoll data of a thread's wake-up eventfd. */
#define WAKE_IDX UINT32_MAX

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

struct dp_port {
    odp_port_t port_no;
    struct netdev *netdev;
    char *name;
    char *type;
    int n_rxq;
    bool vnet;
    bool may_filter;            /* netdev_may_filter(). */
    int mtu;                    /* Atomic; 0: unknown, no check. */
    bool deleted;               /* Atomic. */
};

/* An immutable snapshot of the ports, indexed by port number. */
struct dp_port_table {
    struct dp_port_table *older;    /* Previous snapshots, to free. */
    size_t n;
    struct dp_port *ports[];
};

struct dp_rxq {
    struct dp_port *port;
    int qid;
    int fd;
    bool disabled;              /* The device failed: not polled. */
    bool check;                 /* netdev_rxq_check() has work to do. */
    bool detached;              /* Out of the epoll set while the thread
                                 * is busy (see thread_main()). */
};

struct dp_megaflow {
    struct dp_cache_entry entry;
    struct nlattr *actions;
    size_t actions_len;
    void *xcache;               /* The translation's (dpif_upcall). */
    void (*xcache_free)(void *);
    struct dpif_flow_stats stats;
    uint64_t reported_packets;  /* 'stats.n_packets' at the last
                                 * dpif_flow_dump_stats(). */
    uint64_t id;                /* New for each translation. */
    long long int created;
    bool dead;
    struct dp_megaflow *next_dead;
};

/* The final statistics of a translation that is gone (see "Statistics"
 * above), until dpif_flow_dump_stats() reports them. */
struct dp_retired {
    struct dp_retired *next;
    uint64_t id;
    odp_port_t in_port;
    struct dpif_flow_stats stats;
    void *xcache;
    void (*xcache_free)(void *);
};

/* A thread keeps at most this many retired records: beyond (nobody
 * dumps statistics), their counts are dropped. */
#define MAX_RETIRED 65536

struct emc_entry {
    struct dp_megaflow *mf;     /* NULL: empty slot. */
    uint32_t hash;
    struct flow flow;
};

/* A thread's per-port state. */
struct dp_thread_port {
    struct dp_packet_batch tx;
    uint64_t drops[DP_DROP_N_REASONS];
};

struct dp_counters {
    uint64_t n_hit;
    uint64_t n_emc_hit;
    uint64_t n_missed;
    uint64_t n_lost;
};

struct dp_thread {
    struct dpif *dp;
    unsigned int id;
    pthread_t tid;
    bool running;               /* A pthread exists for it. */
    pthread_mutex_t mutex;
    bool exit;                  /* Under 'mutex'. */
    int epfd;
    int wakefd;

    /* Receive queues, changed by the control thread under 'mutex'. */
    struct dp_rxq *rxqs;
    size_t n_rxqs;
    unsigned int rxq_seq;       /* Atomic; bumped on every change. */

    /* Per wake-up. */
    struct dp_port_table *ports;
    uint64_t gen;               /* Datapath generation after the receive. */
    long long int now;
    odp_port_t in_port;         /* Port of the batch being handled. */

    /* Per port number. */
    struct dp_thread_port *tports;
    size_t n_tports;
    odp_port_t *pending;        /* Ports with queued transmits. */
    size_t n_pending;

    struct dp_cache cache;
    struct emc_entry *emc;
    struct dp_megaflow *dead;
    struct dp_retired *retired;     /* Newest first. */
    size_t n_retired;
    long long int next_sweep;
    long long int last_frame_us;    /* time_usec() of the last wake-up
                                     * with a frame, for lingering. */
    unsigned int n_busy_finds;      /* Passes that found frames since the
                                     * thread last slept. */
    struct ofpbuf upcall_actions;

    struct dp_counters c;       /* Written by the thread only. */
};

struct dpif {
    char *name;
    pthread_mutex_t mutex;      /* Serializes control operations. */

    struct dp_port_table *ports;    /* Atomic pointer. */
    odp_port_t next_port;

    struct dp_thread **threads;
    size_t n_threads;
    /* The control thread's context for dpif_execute(); also keeps the
     * counters of threads that were stopped. */
    struct dp_thread *ctl;
    struct dp_counters retired;

    uint64_t gen;               /* Atomic. */
    uint64_t next_flow_id;      /* Atomic. */
    uint32_t *tag_slots;        /* DPIF_N_TAG_SLOTS atomic counters. */

    dpif_upcall_func *upcall_cb;    /* Changed with all threads locked. */
    void *upcall_aux;
    dpif_userspace_func *userspace_cb;  /* Likewise. */
    void *userspace_aux;

    /* DPIF_N_METERS atomic pointers (allocated on first use), changed by
     * the control thread under 'mutex'. */
    struct dp_meter **meters;

    bool busy_poll;             /* Atomic. */
    int linger_us;              /* Atomic: keep polling this long after
                                 * the last frame before sleeping. */
    int max_idle;               /* Atomic, ms. */
    int flow_limit;             /* Atomic. */
};

/* A meter's band with its bucket.  Tokens are counted in units that make
 * the refill one multiplication: rate * elapsed microseconds, i.e.
 * millibits for kbit/s rates and micro-packets for packet rates. */
struct dp_meter_band {
    struct dpif_meter_band config;
    uint64_t bucket;            /* Tokens now. */
    uint64_t max;               /* Bucket size. */
    uint64_t packet_count;
    uint64_t byte_count;
};

struct dp_meter {
    pthread_mutex_t mutex;      /* Guards everything below. */
    uint32_t flags;
    long long int last_us;      /* Time of the last refill. */
    uint64_t packet_in_count;
    uint64_t byte_in_count;
    size_t n_bands;
    struct dp_meter_band bands[DPIF_METER_MAX_BANDS];
};

static struct dpif **all_dps;
static size_t n_all_dps, allocated_all_dps;

static void *thread_main(void *);
static void dp_meters_destroy(struct dpif *);
static void thread_flush(struct dp_thread *);
static void thread_reap(struct dp_thread *);

#define ATOMIC_LOAD(P) __atomic_load_n(P, __ATOMIC_ACQUIRE)
#define ATOMIC_STORE(P, V) __atomic_store_n(P, V, __ATOMIC_RELEASE)
/* A counter that only its thread writes and others read without a lock:
 * a relaxed atomic store, which costs what a plain one does. */
#define COUNTER_INC(P) __atomic_store_n(P, *(P) + 1, __ATOMIC_RELAXED)

/* Port table. */

static struct dp_port_table *
port_table_get(const struct dpif *dp)
{
    return ATOMIC_LOAD(&CONST_CAST(struct dpif *, dp)->ports);
}

static struct dp_port *
port_table_lookup(const struct dp_port_table *pt, odp_port_t port_no)
{
    return port_no < pt->n ? pt->ports[port_no] : NULL;
}

/* Publishes a copy of the table with 'port' at 'port_no' (NULL removes). */
static void
port_table_set(struct dpif *dp, odp_port_t port_no, struct dp_port *port)
{
    struct dp_port_table *old = dp->ports;
    size_t n = MAX(old->n, (size_t) port_no + 1);
    struct dp_port_table *new = xzalloc(sizeof *new + n * sizeof *new->ports);

    new->n = n;
    memcpy(new->ports, old->ports, old->n * sizeof *old->ports);
    new->ports[port_no] = port;
    new->older = old;
    ATOMIC_STORE(&dp->ports, new);
}

/* Threads' per-port arrays. */

/* Makes sure 't' has per-port state for every port number in 'pt'. */
static void
thread_sync_ports(struct dp_thread *t, struct dp_port_table *pt)
{
    t->ports = pt;
    if (pt->n > t->n_tports) {
        size_t n = pt->n + 8;
        t->tports = xrealloc(t->tports, n * sizeof *t->tports);
        memset(&t->tports[t->n_tports], 0,
               (n - t->n_tports) * sizeof *t->tports);
        t->pending = xrealloc(t->pending, n * sizeof *t->pending);
        t->n_tports = n;
    }
}

static void
thread_count_drop(struct dp_thread *t, odp_port_t port_no,
                  enum dp_drop_reason reason, unsigned int n)
{
    if (port_no >= t->n_tports) {
        port_no = 0;
    }
    t->tports[port_no].drops[reason] += n;
    dp_drop_coverage_add(reason, n);
}

/* Megaflows. */

static void
megaflow_free_xcache(struct dp_megaflow *mf)
{
    if (mf->xcache && mf->xcache_free) {
        mf->xcache_free(mf->xcache);
    }
    mf->xcache = NULL;
    mf->xcache_free = NULL;
}

/* Gives 'up''s translation record to 'mf'. */
static void
megaflow_take_xcache(struct dp_megaflow *mf, struct dpif_upcall *up)
{
    megaflow_free_xcache(mf);
    mf->xcache = up->xcache;
    mf->xcache_free = up->xcache_free;
    up->xcache = NULL;
    up->xcache_free = NULL;
}

static uint64_t
flow_id_alloc(struct dpif *dp)
{
    return __atomic_add_fetch(&dp->next_flow_id, 1, __ATOMIC_RELAXED);
}

/* Files counts that a translation's xcache must still be credited with
 * (taking 'xcache' over). */
static void
thread_retire_stats(struct dp_thread *t, uint64_t id, odp_port_t in_port,
                    const struct dpif_flow_stats *stats,
                    void *xcache, void (*xcache_free)(void *))
{
    if (t->n_retired >= MAX_RETIRED) {
        COVERAGE_INC(dpif_flow_stats_lost);
        if (xcache && xcache_free) {
            xcache_free(xcache);
        }
        return;
    }
    struct dp_retired *r = xmalloc(sizeof *r);
    r->id = id;
    r->in_port = in_port;
    r->stats = *stats;
    r->xcache = xcache;
    r->xcache_free = xcache_free;
    r->next = t->retired;
    t->retired = r;
    t->n_retired++;
}

/* Ends the current translation of 'mf' for statistics: what it counted
 * since the last statistics dump goes to a retired record with its
 * xcache, and 'mf' starts over from zero under a new id. */
static void
megaflow_retire(struct dp_thread *t, struct dp_megaflow *mf)
{
    if (mf->xcache && mf->stats.n_packets != mf->reported_packets) {
        thread_retire_stats(t, mf->id, mf->entry.key.in_port, &mf->stats,
                            mf->xcache, mf->xcache_free);
        mf->xcache = NULL;
        mf->xcache_free = NULL;
    }
    memset(&mf->stats, 0, sizeof mf->stats);
    mf->reported_packets = 0;
    mf->id = flow_id_alloc(t->dp);
}

static void
retired_free(struct dp_retired *r)
{
    if (r->xcache && r->xcache_free) {
        r->xcache_free(r->xcache);
    }
    free(r);
}

static void
thread_free_retired(struct dp_thread *t)
{
    while (t->retired) {
        struct dp_retired *r = t->retired;
        t->retired = r->next;
        retired_free(r);
    }
    t->n_retired = 0;
}

static void
megaflow_set_result(struct dp_megaflow *mf, const struct dpif_upcall *up,
                    uint64_t gen)
{
    size_t len = up->actions->size;
    if (len != mf->actions_len || !len) {
        /* (A retranslation mostly yields actions of the same length.) */
        free(mf->actions);
        mf->actions = len ? xmalloc(len) : NULL;
        mf->actions_len = len;
    }
    if (len) {
        memcpy(mf->actions, up->actions->data, len);
    }
    mf->entry.gen = gen;
    mf->entry.n_deps = up->n_deps;
    memcpy(mf->entry.dep_tags, up->dep_tags, sizeof up->dep_tags);
    memcpy(mf->entry.dep_gens, up->dep_gens, sizeof up->dep_gens);
}

static void
megaflow_free(struct dp_megaflow *mf)
{
    if (mf) {
        megaflow_free_xcache(mf);
        free(mf->actions);
        free(mf);
    }
}

static struct dp_megaflow *
megaflow_from_entry(struct dp_cache_entry *e)
{
    return e ? CONTAINER_OF(e, struct dp_megaflow, entry) : NULL;
}

/* Takes 'mf' out of 't''s cache; it is freed by thread_reap(). */
static void
thread_kill_megaflow(struct dp_thread *t, struct dp_megaflow *mf)
{
    dp_cache_remove(&t->cache, &mf->entry);
    megaflow_retire(t, mf);
    mf->dead = true;
    mf->next_dead = t->dead;
    t->dead = mf;
}

/* Frees dead megaflows after clearing the EMC slots that point to them. */
static void
thread_reap(struct dp_thread *t)
{
    if (!t->dead) {
        return;
    }
    for (size_t i = 0; i < EMC_ENTRIES; i++) {
        if (t->emc[i].mf && t->emc[i].mf->dead) {
            t->emc[i].mf = NULL;
        }
    }
    while (t->dead) {
        struct dp_megaflow *mf = t->dead;
        t->dead = mf->next_dead;
        megaflow_free(mf);
    }
}

static void
thread_flush_cache(struct dp_thread *t)
{
    struct dp_cache_cursor cursor = DP_CACHE_CURSOR_INITIALIZER;
    struct dp_cache_entry *e;

    while ((e = dp_cache_next(&t->cache, &cursor))) {
        thread_kill_megaflow(t, megaflow_from_entry(e));
    }
    thread_reap(t);
}

/* Expires megaflows idle for longer than max-idle and reranks subtables. */
static void
thread_sweep(struct dp_thread *t)
{
    long long int limit = t->now - ATOMIC_LOAD(&t->dp->max_idle);
    struct dp_cache_cursor cursor = DP_CACHE_CURSOR_INITIALIZER;
    struct dp_cache_entry *e;
    unsigned int n_expired = 0;

    while ((e = dp_cache_next(&t->cache, &cursor))) {
        struct dp_megaflow *mf = megaflow_from_entry(e);
        if (MAX(mf->stats.used, mf->created) < limit) {
            thread_kill_megaflow(t, mf);
            n_expired++;
        }
    }
    COVERAGE_ADD(dpif_flow_expire, n_expired);
    thread_reap(t);
    dp_cache_rank(&t->cache);
    t->next_sweep = t->now + SWEEP_INTERVAL_MS;
}

/* Executing. */

static int
frame_n_tags(const struct dp_packet *p)
{
    const uint8_t *d = dp_packet_data(p);
    size_t ofs = 2 * ETH_ADDR_LEN;
    int n = 0;

    while (n < 2 && ofs + VLAN_HEADER_LEN <= p->size) {
        ovs_be16 type;
        memcpy(&type, d + ofs, 2);
        if (!eth_type_vlan(type)) {
            break;
        }
        n++;
        ofs += VLAN_HEADER_LEN;
    }
    return n;
}

static void
thread_output(void *t_, struct dp_packet *p, uint32_t port_no, bool owned)
{
    struct dp_thread *t = t_;
    struct dp_port *port = port_table_lookup(t->ports, port_no);

    if (!port || ATOMIC_LOAD(&port->deleted)) {
        thread_count_drop(t, t->in_port, DP_DROP_NO_PORT, 1);
        goto drop;
    }
    int mtu = ATOMIC_LOAD(&port->mtu);
    if (mtu > 0 && p->size > mtu + ETH_HEADER_LEN
        + VLAN_HEADER_LEN * frame_n_tags(p)
        && !dp_packet_is_gso(p)) {
        thread_count_drop(t, port_no, DP_DROP_MTU, 1);
        goto drop;
    }
    if (port->may_filter && netdev_filters_out(port->netdev, p)) {
        thread_count_drop(t, port_no, DP_DROP_OTHERHOST, 1);
        goto drop;
    }

    struct dp_thread_port *tp = &t->tports[port_no];
    if (dp_packet_batch_is_full(&tp->tx)) {
        /* Rare (a batch goes to one port at most once per packet): send
         * what is queued for every port, in order. */
        thread_flush(t);
    }
    if (!tp->tx.count) {
        t->pending[t->n_pending++] = port_no;
    }
    dp_packet_batch_add(&tp->tx, owned ? p : dp_packet_clone(p));
    return;

drop:
    if (owned) {
        dp_packet_delete(p);
    }
}

static void
thread_drop(void *t_, const struct dp_packet *p OSW_UNUSED,
            enum dp_drop_reason reason)
{
    struct dp_thread *t = t_;
    thread_count_drop(t, t->in_port, reason, 1);
}

/* Hands 'p' to the userspace callback with the USERDATA of 'action'. */
static void
thread_userspace(void *t_, const struct dp_packet *p,
                 const struct nlattr *action)
{
    struct dp_thread *t = t_;
    struct dpif *dp = t->dp;
    dpif_userspace_func *cb = dp->userspace_cb;
    const void *userdata = NULL;
    size_t len = 0;
    const struct nlattr *u;
    size_t left;

    if (!cb) {
        return;
    }
    NL_ATTR_FOR_EACH (u, left, nl_attr_get(action), nl_attr_get_size(action)) {
        if (nl_attr_type(u) == OVS_USERSPACE_ATTR_USERDATA) {
            userdata = nl_attr_get(u);
            len = nl_attr_get_size(u);
        }
    }

    /* The packet as the actions so far made it: extract its flow anew
     * (from a copy, so that the offsets of the packet the actions go on
     * with stay as they are). */
    struct dp_packet *copy = dp_packet_clone(p);
    struct flow flow;
    copy->in_port = t->in_port;
    flow_extract(copy, &flow);
    cb(copy, &flow, userdata, len, dp->userspace_aux);
    dp_packet_delete(copy);
}

static bool
thread_meter(void *t_, struct dp_packet *p, uint32_t meter_id)
{
    struct dp_thread *t = t_;
    return dpif_meter_apply(t->dp, meter_id, p, time_usec());
}

static const struct dp_actions_ops thread_ops = {
    .output = thread_output,
    .userspace = thread_userspace,
    .drop = thread_drop,
    .meter = thread_meter,
};

/* Sends every queued transmit batch. */
static void
thread_flush(struct dp_thread *t)
{
    for (size_t i = 0; i < t->n_pending; i++) {
        odp_port_t port_no = t->pending[i];
        struct dp_thread_port *tp = &t->tports[port_no];
        struct dp_port *port = port_table_lookup(t->ports, port_no);
        size_t n = tp->tx.count;

        if (!n) {
            continue;
        }
        if (!port || ATOMIC_LOAD(&port->deleted)) {
            thread_count_drop(t, port_no, DP_DROP_NO_PORT, n);
            dp_packet_batch_delete_all(&tp->tx);
        } else {
            size_t n_dropped = 0;
            int error = netdev_send(port->netdev, &tp->tx, true, &n_dropped);
            if (n_dropped) {
                enum dp_drop_reason reason
                    = (error == EAGAIN || error == ENOBUFS ? DP_DROP_TX_FULL
                       : error == EMSGSIZE ? DP_DROP_MTU
                       : error == ENETDOWN ? DP_DROP_PORT_DOWN
                       : DP_DROP_TX_ERROR);
                thread_count_drop(t, port_no, reason, MIN(n_dropped, n));
                if (reason == DP_DROP_TX_ERROR) {
                    VLOG_WARN_RL(&rl, "%s: send failed (%s)", port->name,
                                 osw_strerror(error));
                }
            }
        }
        dp_packet_batch_init(&tp->tx);
    }
    t->n_pending = 0;
}

/* Upcalls. */

static void
megaflow_hit(struct dp_thread *t, struct dp_megaflow *mf,
             const struct dp_packet *p, const struct flow *flow)
{
    mf->stats.n_packets++;
    mf->stats.n_bytes += p->size;
    mf->stats.used = t->now;
    mf->stats.tcp_flags |= ntohs(flow->tcp_flags);
}

/* The EMC's hash of 'flow': an NH-style sum of products over all words,
 * which the CPU computes in parallel (flow_hash() is one long dependency
 * chain).  Collisions only cost EMC hits: a hit compares the whole
 * flow. */
static inline uint32_t
emc_hash(const struct flow *flow)
{
    static const uint64_t keys[FLOW_U64S] = {
        0x9e3779b97f4a7c15ull, 0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull,
        0x27d4eb2f165667c5ull, 0x85ebca77c2b2ae63ull, 0xff51afd7ed558ccdull,
        0xc4ceb9fe1a85ec53ull, 0x94d049bb133111ebull, 0xbf58476d1ce4e5b9ull,
        0x2545f4914f6cdd1dull, 0x9fb21c651e98df25ull, 0xd6e8feb86659fd93ull,
        0xa0761d6478bd642full, 0xe7037ed1a0b428dbull, 0x8ebc6af09c88c6e3ull,
        0x589965cc75374cc3ull, 0x1d8e4e27c47d124full, 0xdb4f0b9175ae2165ull,
        0x4be98134a5976fd3ull, 0x3bc9d3e4f9a2ab61ull, 0x7f4a7c159e3779b9ull,
        0x6c62272e07bb0142ull, 0x62b821756295c58dull,
    };
    const uint64_t *w = (const uint64_t *) (const void *) flow;
    uint64_t h = 0;

    for (size_t i = 0; i < FLOW_U64S; i++) {
        uint64_t x = w[i] ^ keys[i];
        h += (x & 0xffffffff) * (x >> 32);
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h;
}

static void
emc_insert(struct dp_thread *t, uint32_t hash, const struct flow *flow,
           struct dp_megaflow *mf)
{
    struct emc_entry *e = &t->emc[hash & EMC_MASK];
    e->mf = mf;
    e->hash = hash;
    e->flow = *flow;
}

/* Moves 'mf''s translation record back into 'up' (so that another
 * megaflow can take it) and returns 'up'. */
static struct dpif_upcall *
mf_xcache_hand_back(struct dp_megaflow *mf, struct dpif_upcall *up)
{
    up->xcache = mf->xcache;
    up->xcache_free = mf->xcache_free;
    mf->xcache = NULL;
    mf->xcache_free = NULL;
    return up;
}

/* Installs the result of 'up' for 'flow': in 'stale' (if nonnull) when
 * its mask did not change, else in a new megaflow.  Either way the new
 * translation counts from zero: the stale one's counts stay with its
 * xcache (megaflow_retire()).  Returns the megaflow, or NULL if nothing
 * is cached. */
static struct dp_megaflow *
thread_install(struct dp_thread *t, struct dpif_upcall *up,
               const struct flow *flow, uint64_t gen,
               struct dp_megaflow *stale)
{
    struct flow_wildcards *wc = up->wc;
    bool cache = !up->no_cache && !up->too_many_deps;

    if (stale) {
        if (cache && !memcmp(dp_cache_entry_mask(&stale->entry), wc,
                             sizeof *wc)) {
            megaflow_retire(t, stale);
            stale->created = t->now;
            megaflow_set_result(stale, up, gen);
            megaflow_take_xcache(stale, up);
            return stale;
        }
        thread_kill_megaflow(t, stale);
    }
    if (!cache) {
        return NULL;
    }
    size_t limit = ATOMIC_LOAD(&t->dp->flow_limit);
    if (dp_cache_count(&t->cache) >= limit) {
        return NULL;
    }

    struct dp_megaflow *mf = xzalloc(sizeof *mf);
    mf->created = t->now;
    mf->id = flow_id_alloc(t->dp);
    megaflow_set_result(mf, up, gen);
    megaflow_take_xcache(mf, up);

    struct dp_cache_entry *old = dp_cache_insert(&t->cache, &mf->entry,
                                                 flow, wc);
    if (old) {
        /* Same mask and key as a live entry (which lost to an earlier
         * subtable in the lookup, or was just made by a racing
         * retranslation): refresh that one. */
        struct dp_megaflow *other = megaflow_from_entry(old);
        megaflow_retire(t, other);
        other->created = t->now;
        megaflow_set_result(other, up, gen);
        megaflow_take_xcache(other, mf_xcache_hand_back(mf, up));
        megaflow_free(mf);
        return other;
    }
    COVERAGE_INC(dpif_flow_install);
    return mf;
}

/* Frees a translation record that no megaflow took. */
static void
upcall_free_xcache(struct dpif_upcall *up)
{
    if (up->xcache && up->xcache_free) {
        up->xcache_free(up->xcache);
    }
    up->xcache = NULL;
}

/* Translates 'p' (with 'flow') through the upcall callback, caches the
 * result, and executes it.  'stale', if nonnull, is the cached megaflow
 * 'flow' hit that turned out stale. */
static void
thread_upcall(struct dp_thread *t, struct dp_packet *p,
              const struct flow *flow, uint32_t hash,
              struct dp_megaflow *stale)
{
    struct dpif *dp = t->dp;
    struct flow_wildcards wc;
    struct dpif_upcall up;
    uint64_t gen = t->gen;
    int error;

    COVERAGE_INC(dpif_upcall);
    if (stale) {
        COVERAGE_INC(dpif_flow_retranslate);
    }
    COUNTER_INC(&t->c.n_missed);

    ofpbuf_clear(&t->upcall_actions);
    flow_wildcards_init_catchall(&wc);
    memset(&up, 0, sizeof up);
    up.packet = p;
    up.flow = flow;
    up.actions = &t->upcall_actions;
    up.wc = &wc;

    error = dp->upcall_cb ? dp->upcall_cb(&up, dp->upcall_aux) : ENOENT;
    if (!error && !dp_actions_validate(up.actions->data, up.actions->size)) {
        VLOG_WARN_RL(&rl, "upcall produced malformed actions");
        error = EINVAL;
    }
    if (error) {
        COUNTER_INC(&t->c.n_lost);
        thread_count_drop(t, t->in_port, DP_DROP_UPCALL_ERROR, 1);
        dp_packet_delete(p);
        upcall_free_xcache(&up);
        return;
    }

    wc.masks.in_port = UINT32_MAX;
    struct dp_megaflow *mf = thread_install(t, &up, flow, gen, stale);
    if (mf) {
        megaflow_hit(t, mf, p, flow);
        emc_insert(t, hash, flow, mf);
        dp_actions_execute(p, mf->actions, mf->actions_len, &thread_ops, t);
    } else {
        /* Nothing cached will report this packet: its translation gets
         * it through a retired record. */
        if (up.xcache) {
            struct dpif_flow_stats stats = {
                .n_packets = 1,
                .n_bytes = p->size,
                .used = t->now,
                .tcp_flags = ntohs(flow->tcp_flags),
            };
            thread_retire_stats(t, flow_id_alloc(dp), flow->in_port, &stats,
                                up.xcache, up.xcache_free);
            up.xcache = NULL;
            up.xcache_free = NULL;
        }
        dp_actions_execute(p, up.actions->data, up.actions->size,
                           &thread_ops, t);
    }
    upcall_free_xcache(&up);
}

/* Receiving. */

static enum dp_drop_reason
extract_error_reason(enum flow_extract_error error)
{
    switch (error) {
    case FLOW_EXTRACT_RUNT:
        return DP_DROP_RUNT;
    case FLOW_EXTRACT_BAD_VLAN:
        return DP_DROP_BAD_VLAN;
    case FLOW_EXTRACT_BAD_L3:
        return DP_DROP_BAD_L3;
    case FLOW_EXTRACT_BAD_L4:
    case FLOW_EXTRACT_OK:
    default:
        return DP_DROP_BAD_L4;
    }
}

/* Extracts the flow of received packet 'p' into 'flow' and returns its
 * EMC hash, having asked the CPU to fetch its EMC slot meanwhile.  On a
 * malformed packet, counts the drop, frees 'p' and returns false. */
static bool
thread_extract_packet(struct dp_thread *t, struct dp_packet *p,
                      struct flow *flow, uint32_t *hashp)
{
    enum flow_extract_error error;

    p->in_port = t->in_port;
    error = flow_extract(p, flow);
    if (OSW_UNLIKELY(error)) {
        thread_count_drop(t, t->in_port, extract_error_reason(error), 1);
        dp_packet_delete(p);
        return false;
    }
    if (OSW_UNLIKELY(p->has_vnet) && !dp_packet_vnet_valid(p)) {
        thread_count_drop(t, t->in_port, DP_DROP_BAD_VNET, 1);
        dp_packet_delete(p);
        return false;
    }

    /* The slot is cold when there are more flows than fit in the caches:
     * fetch its head (the megaflow pointer and the hash, which a miss
     * reads alone, and the start of the flow) while the other packets of
     * the batch are extracted.  Not the whole slot: a batch would then ask
     * for more lines than the CPU can have in flight, and stall. */
    uint32_t hash = emc_hash(flow);
    const char *e = (const char *) &t->emc[hash & EMC_MASK];
    __builtin_prefetch(e);
    __builtin_prefetch(e + 64);
    *hashp = hash;
    return true;
}

/* Handles received packet 'p' (taken over) with 'flow' and 'hash' from
 * thread_extract_packet(). */
static void
thread_handle_packet(struct dp_thread *t, struct dp_packet *p,
                     const struct flow *flow, uint32_t hash)
{
    struct emc_entry *e = &t->emc[hash & EMC_MASK];
    struct dp_megaflow *mf;

    if (e->mf && e->hash == hash && !e->mf->dead
        && flow_equal(&e->flow, flow)) {
        mf = e->mf;
        if (OSW_LIKELY(!dp_cache_entry_is_stale(&mf->entry, t->gen,
                                                t->dp->tag_slots))) {
            COUNTER_INC(&t->c.n_hit);
            COUNTER_INC(&t->c.n_emc_hit);
            goto hit;
        }
    } else {
        mf = megaflow_from_entry(dp_cache_lookup(&t->cache, flow));
        if (mf && !dp_cache_entry_is_stale(&mf->entry, t->gen,
                                           t->dp->tag_slots)) {
            COUNTER_INC(&t->c.n_hit);
            emc_insert(t, hash, flow, mf);
            goto hit;
        }
    }
    thread_upcall(t, p, flow, hash, mf);
    return;

hit:
    megaflow_hit(t, mf, p, flow);
    dp_actions_execute(p, mf->actions, mf->actions_len, &thread_ops, t);
}

/* Handles the packets of 'batch' (taken over), in order.  Extracting
 * every flow first gives the prefetches of their EMC slots time to land
 * before the lookups. */
static void
thread_handle_batch(struct dp_thread *t, struct dp_packet_batch *batch)
{
    struct flow flows[DP_BATCH_SIZE];
    uint32_t hashes[DP_BATCH_SIZE];
    struct dp_packet *packets[DP_BATCH_SIZE];
    size_t n = 0;

    for (size_t i = 0; i < batch->count; i++) {
        struct dp_packet *p = batch->packets[i];
        if (i + 1 < batch->count) {
            __builtin_prefetch(dp_packet_data(batch->packets[i + 1]));
        }
        if (thread_extract_packet(t, p, &flows[n], &hashes[n])) {
            packets[n++] = p;
        }
    }
    for (size_t i = 0; i < n; i++) {
        thread_handle_packet(t, packets[i], &flows[i], hashes[i]);
    }
}

/* Counts the frames the kernel dropped before they reached 't''s queues
 * and lets the netdevs repair stuck queues.  Between batches: a check
 * may recycle the frames of the last receive, which are sent by now. */
static void
thread_check_rxqs(struct dp_thread *t)
{
    for (size_t i = 0; i < t->n_rxqs; i++) {
        struct dp_rxq *rxq = &t->rxqs[i];
        uint64_t n_dropped;
        int error;

        if (rxq->disabled || !rxq->check
            || ATOMIC_LOAD(&rxq->port->deleted)) {
            continue;
        }
        error = netdev_rxq_check(rxq->port->netdev, rxq->qid, &n_dropped);
        if (error == EOPNOTSUPP) {
            rxq->check = false;
        }
        if (n_dropped) {
            thread_count_drop(t, rxq->port->port_no, DP_DROP_RX_RING,
                              MIN(n_dropped, UINT_MAX));
        }
    }
}

/* True if some queue of 't' wants netdev_rxq_check() calls. */
static bool
thread_checks_rxqs(const struct dp_thread *t)
{
    for (size_t i = 0; i < t->n_rxqs; i++) {
        if (!t->rxqs[i].disabled && t->rxqs[i].check) {
            return true;
        }
    }
    return false;
}

static void
thread_disable_rxq(struct dp_thread *t, struct dp_rxq *rxq, int error)
{
    VLOG_WARN_RL(&rl, "%s: receive queue %d failed (%s), no longer polled",
                 rxq->port->name, rxq->qid, osw_strerror(error));
    rxq->disabled = true;
    epoll_ctl(t->epfd, EPOLL_CTL_DEL, rxq->fd, NULL);
}

/* Receives and handles up to a few batches from 'rxq'.  Returns true if
 * the queue may hold more. */
static bool
thread_poll_rxq(struct dp_thread *t, struct dp_rxq *rxq)
{
    if (rxq->disabled) {
        return false;
    }
    for (int i = 0; i < MAX_BATCHES_PER_QUEUE; i++) {
        struct dp_packet_batch batch;
        int error;

        dp_packet_batch_init(&batch);
        error = netdev_rxq_recv(rxq->port->netdev, rxq->qid, &batch);
        if (error) {
            if (error != EAGAIN && error != EINTR) {
                thread_disable_rxq(t, rxq, error);
            }
            return false;
        }

        /* After the receive: a packet received after a
         * dpif_revalidate_all() returned sees its new generation. */
        t->gen = ATOMIC_LOAD(&t->dp->gen);
        t->now = time_msec();
        t->in_port = rxq->port->port_no;
        size_t n = batch.count;
        thread_handle_batch(t, &batch);
        /* Before the next receive, which may recycle the frames. */
        thread_flush(t);
        netdev_rxq_done(rxq->port->netdev, rxq->qid);
        if (n < DP_BATCH_SIZE) {
            return false;
        }
    }
    return true;
}

/* Forwarding threads. */

static int
thread_timeout(const struct dp_thread *t)
{
    if (ATOMIC_LOAD(&t->dp->busy_poll)) {
        return 0;
    }
    /* Idle with nothing to expire or check: sleep until a frame comes. */
    if (!dp_cache_count(&t->cache) && !t->dead && !thread_checks_rxqs(t)) {
        return -1;
    }
    long long int wait = t->next_sweep - time_msec();
    return wait < 0 ? 0 : wait > SWEEP_INTERVAL_MS ? SWEEP_INTERVAL_MS : wait;
}

/* Keeps a thread that just had traffic polling (timeout 0) for up to
 * linger_us after the last frame instead of going to sleep: the answer
 * to a frame it forwarded (a TCP ACK, a request's response, a ping
 * reply) usually comes within tens of microseconds, and catching it
 * without a wake-up cuts latency, while an idle thread still sleeps
 * (the linger ends linger_us after the last frame).  'had_events' says
 * the pass that just ended saw a frame.  Returns the timeout to use. */
static int
thread_linger(struct dp_thread *t, bool had_events, int timeout)
{
    int linger_us = ATOMIC_LOAD(&t->dp->linger_us);
    if (!linger_us || (!timeout && !had_events)) {
        return timeout;
    }
    /* Every pass with a frame counts, busy ones too: a pass that did not
     * look at the queues a busy thread peeks at (its periodic epoll_wait)
     * must not find the linger over and put the thread to sleep. */
    long long int now = time_usec();
    if (had_events) {
        t->last_frame_us = now;
    }
    return timeout && now - t->last_frame_us >= linger_us ? timeout : 0;
}

/* Puts 'rxq' (the 'idx'th of 't') back into 't''s epoll set. */
static void
thread_attach_rxq(struct dp_thread *t, struct dp_rxq *rxq, size_t idx)
{
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = idx };

    rxq->detached = false;
    if (epoll_ctl(t->epfd, EPOLL_CTL_ADD, rxq->fd, &ev) < 0
        && errno != EEXIST) {
        thread_disable_rxq(t, rxq, errno);
    }
}

/* Takes the queues of 't' that can be peeked at out of its epoll set (or
 * puts them all back, if 'detach' is false). */
static void
thread_detach_rxqs(struct dp_thread *t, bool detach)
{
    if (detach) {
        COVERAGE_INC(dpif_busy_detach);
    } else {
        COVERAGE_INC(dpif_busy_reattach);
    }
    for (size_t i = 0; i < t->n_rxqs; i++) {
        struct dp_rxq *rxq = &t->rxqs[i];
        if (rxq->disabled || rxq->detached == detach) {
            continue;
        }
        if (!detach) {
            thread_attach_rxq(t, rxq, i);
        } else if (netdev_rxq_peek(rxq->port->netdev, rxq->qid) >= 0
                   && !epoll_ctl(t->epfd, EPOLL_CTL_DEL, rxq->fd, NULL)) {
            rxq->detached = true;
        }
    }
}

/* Polls, without asking epoll, the queues of 't' that can be peeked at
 * (netdev_rxq_peek()) and have frames.  Sets '*more' if one may hold
 * more, and '*all' to false if some queue cannot be peeked at (epoll must
 * then look at it).  Returns true if it found a frame. */
static bool
thread_peek_rxqs(struct dp_thread *t, bool *more, bool *all)
{
    bool found = false;

    *all = true;
    for (size_t i = 0; i < t->n_rxqs; i++) {
        struct dp_rxq *rxq = &t->rxqs[i];
        if (rxq->disabled) {
            continue;
        }
        int ready = netdev_rxq_peek(rxq->port->netdev, rxq->qid);
        if (ready > 0) {
            found = true;
            *more |= thread_poll_rxq(t, rxq);
        } else if (ready < 0) {
            /* It can no longer be peeked at (its ring went away): epoll
             * must watch it again. */
            if (rxq->detached) {
                thread_attach_rxq(t, rxq, i);
            }
            *all = false;
        }
    }
    return found;
}

/* Handles the 'n' events of one epoll_wait().  Sets '*more' if a queue
 * may hold more.  Returns true if a queue had a frame. */
static bool
thread_poll_events(struct dp_thread *t, const struct epoll_event *events,
                   int n, bool *more)
{
    bool found = false;

    for (int i = 0; i < n; i++) {
        uint32_t idx = events[i].data.u32;
        if (idx == WAKE_IDX) {
            uint64_t x;
            if (read(t->wakefd, &x, sizeof x) < 0) {
                /* Nothing to do: it only woke us. */
            }
        } else if (idx < t->n_rxqs) {
            found = true;
            *more |= thread_poll_rxq(t, &t->rxqs[idx]);
        }
    }
    return found;
}

/* While a thread is busy (timeout 0), asking epoll which queues are
 * ready at every pass costs the senders: epoll's lock, which every frame
 * queued to a watched socket takes, would bounce between the CPUs.  So a
 * busy thread peeks at its queues itself, and still asks epoll every
 * PEEK_EPOLL_INTERVAL passes (for the queues that cannot be peeked at,
 * and for wake-ups).
 *
 * Even unasked, epoll costs every frame queued to a socket in its set a
 * callback under its lock, paid by the sender (with veth, the sender's
 * CPU queues the frame).  A thread that stays busy, after DETACH_AFTER
 * passes with frames, takes the queues it can peek at out of its epoll
 * set, and puts them back before it sleeps: a burst pays two epoll_ctl()
 * calls per queue, and short exchanges (a ping, a request and its
 * answer) never get there.  A full batch (a queue that may hold more)
 * detaches at once: a saturated thread that slept for a moment (its
 * sender was preempted) would otherwise spend thousands of frames in
 * the epoll set again, each paying a wake-up callback on receive and on
 * the send's completion.  Coverage counters dpif_busy_detach and
 * dpif_busy_reattach count the moves (a few a second at most under
 * steady load; hundreds would mean a thread that flaps). */
#define PEEK_EPOLL_INTERVAL 16
#define DETACH_AFTER 32

static void *
thread_main(void *t_)
{
    struct dp_thread *t = t_;
    struct epoll_event events[64];
    int timeout = 0;
    unsigned int n_peeks = 0;   /* Passes since the last epoll_wait(). */
    char name[16];

    snprintf(name, sizeof name, "fwd%u", t->id);
    pthread_setname_np(pthread_self(), name);

    for (;;) {
        unsigned int seq = ATOMIC_LOAD(&t->rxq_seq);
        bool peek = !timeout && n_peeks && n_peeks < PEEK_EPOLL_INTERVAL;
        int n = 0;

        if (!peek) {
            n = epoll_wait(t->epfd, events, ARRAY_SIZE(events), timeout);
            if (n < 0) {
                if (errno != EINTR) {
                    VLOG_WARN_RL(&rl, "epoll_wait failed (%s)",
                                 osw_strerror(errno));
                }
                n = 0;
            }
        }

        pthread_mutex_lock(&t->mutex);
        if (t->exit) {
            pthread_mutex_unlock(&t->mutex);
            break;
        }
        thread_sync_ports(t, port_table_get(t->dp));
        t->now = time_msec();

        bool more = false, found = false, all = true;
        if (seq != t->rxq_seq) {
            /* The queues changed under the events: look again. */
            more = true;
        } else if (peek) {
            found = thread_peek_rxqs(t, &more, &all);
        } else {
            found = thread_poll_events(t, events, n, &more);
        }
        if (t->now >= t->next_sweep) {
            thread_sweep(t);
            thread_check_rxqs(t);
        }
        timeout = thread_linger(t, found || n > 0,
                                more ? 0 : thread_timeout(t));
        /* Peek next time if busy, unless nothing here can be peeked at
         * (then epoll it is, at every pass, as without peeking). */
        if (timeout || (peek && !all && !found)) {
            n_peeks = 0;
        } else {
            n_peeks = peek ? n_peeks + 1 : 1;
        }
        if (timeout) {
            if (t->n_busy_finds >= DETACH_AFTER) {
                thread_detach_rxqs(t, false);
            }
            t->n_busy_finds = 0;
        } else if (found && t->n_busy_finds < DETACH_AFTER) {
            /* A full batch says "busy" at once. */
            t->n_busy_finds = more ? DETACH_AFTER : t->n_busy_finds + 1;
            if (t->n_busy_finds == DETACH_AFTER) {
                thread_detach_rxqs(t, true);
            }
        }
        pthread_mutex_unlock(&t->mutex);
    }
    return NULL;
}

static struct dp_thread *
thread_create(struct dpif *dp, unsigned int id, bool start)
{
    struct dp_thread *t = xzalloc(sizeof *t);

    t->dp = dp;
    t->id = id;
    pthread_mutex_init(&t->mutex, NULL);
    t->epfd = -1;
    t->wakefd = -1;
    dp_cache_init(&t->cache);
    t->emc = xcalloc(EMC_ENTRIES, sizeof *t->emc);
    ofpbuf_init(&t->upcall_actions, 256);
    t->next_sweep = time_msec() + SWEEP_INTERVAL_MS;
    thread_sync_ports(t, dp->ports);

    if (start) {
        t->epfd = epoll_create1(EPOLL_CLOEXEC);
        t->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (t->epfd < 0 || t->wakefd < 0) {
            VLOG_FATAL("cannot create forwarding thread (%s)",
                       osw_strerror(errno));
        }
        struct epoll_event ev = { .events = EPOLLIN,
                                  .data.u32 = WAKE_IDX };
        epoll_ctl(t->epfd, EPOLL_CTL_ADD, t->wakefd, &ev);

        int error = pthread_create(&t->tid, NULL, thread_main, t);
        if (error) {
            VLOG_FATAL("cannot create forwarding thread (%s)",
                       osw_strerror(error));
        }
        t->running = true;
    }
    return t;
}

static void
thread_wake(struct dp_thread *t)
{
    uint64_t one = 1;
    if (t->wakefd >= 0 && write(t->wakefd, &one, sizeof one) < 0) {
        /* The counter is already nonzero: the thread will wake. */
    }
}

/* Adds the counters of stopped thread 't' to the datapath's. */
static void
thread_retire_counters(struct dpif *dp, struct dp_thread *t)
{
    struct dp_thread *ctl = dp->ctl;

    pthread_mutex_lock(&ctl->mutex);
    dp->retired.n_hit += t->c.n_hit;
    dp->retired.n_emc_hit += t->c.n_emc_hit;
    dp->retired.n_missed += t->c.n_missed;
    dp->retired.n_lost += t->c.n_lost;
    thread_sync_ports(ctl, dp->ports);
    for (size_t i = 0; i < t->n_tports && i < ctl->n_tports; i++) {
        for (int r = 0; r < DP_DROP_N_REASONS; r++) {
            ctl->tports[i].drops[r] += t->tports[i].drops[r];
        }
    }
    pthread_mutex_unlock(&ctl->mutex);
}

/* Stops 't' (if running) and frees it. */
static void
thread_destroy(struct dp_thread *t)
{
    if (t->running) {
        pthread_mutex_lock(&t->mutex);
        t->exit = true;
        pthread_mutex_unlock(&t->mutex);
        thread_wake(t);
        pthread_join(t->tid, NULL);
    }
    thread_flush(t);
    thread_flush_cache(t);
    thread_free_retired(t);
    dp_cache_destroy(&t->cache);
    free(t->emc);
    free(t->rxqs);
    free(t->tports);
    free(t->pending);
    ofpbuf_uninit(&t->upcall_actions);
    if (t->epfd >= 0) {
        close(t->epfd);
    }
    if (t->wakefd >= 0) {
        close(t->wakefd);
    }
    pthread_mutex_destroy(&t->mutex);
    free(t);
}

static void
lock_all_threads(struct dpif *dp)
{
    for (size_t i = 0; i < dp->n_threads; i++) {
        pthread_mutex_lock(&dp->threads[i]->mutex);
    }
}

static void
unlock_all_threads(struct dpif *dp)
{
    for (size_t i = 0; i < dp->n_threads; i++) {
        pthread_mutex_unlock(&dp->threads[i]->mutex);
    }
}

/* Spreads the receive queues of every live port over the threads, round
 * robin in port order.  Takes every thread's mutex: when it returns, no
 * thread is in the middle of a batch that began before. */
static void
reassign_rxqs(struct dpif *dp)
{
    struct dp_port_table *pt = dp->ports;
    size_t next = 0;

    lock_all_threads(dp);
    for (size_t i = 0; i < dp->n_threads; i++) {
        struct dp_thread *t = dp->threads[i];
        for (size_t j = 0; j < t->n_rxqs; j++) {
            if (!t->rxqs[j].disabled) {
                epoll_ctl(t->epfd, EPOLL_CTL_DEL, t->rxqs[j].fd, NULL);
            }
        }
        free(t->rxqs);
        t->rxqs = NULL;
        t->n_rxqs = 0;
        __atomic_fetch_add(&t->rxq_seq, 1, __ATOMIC_RELEASE);
    }

    for (size_t i = 0; i < pt->n; i++) {
        struct dp_port *port = pt->ports[i];
        if (!port || port->deleted) {
            continue;
        }
        for (int q = 0; q < port->n_rxq; q++) {
            struct dp_thread *t = dp->threads[next++ % dp->n_threads];
            struct dp_rxq *rxq;

            t->rxqs = xrealloc(t->rxqs, (t->n_rxqs + 1) * sizeof *t->rxqs);
            rxq = &t->rxqs[t->n_rxqs];
            rxq->port = port;
            rxq->qid = q;
            rxq->fd = netdev_rxq_fd(port->netdev, q);
            rxq->disabled = false;
            rxq->check = true;
            rxq->detached = false;

            struct epoll_event ev = { .events = EPOLLIN,
                                      .data.u32 = t->n_rxqs };
            if (rxq->fd < 0
                || epoll_ctl(t->epfd, EPOLL_CTL_ADD, rxq->fd, &ev) < 0) {
                VLOG_WARN("%s: cannot poll receive queue %d (%s)",
                          port->name, q,
                          osw_strerror(rxq->fd < 0 ? -rxq->fd : errno));
                rxq->disabled = true;
            }
            t->n_rxqs++;
        }
    }
    unlock_all_threads(dp);
}

/* Datapath. */

/* Creates datapath 'name'. */
struct dpif *
dpif_create(const char *name)
{
    struct dpif *dp = xzalloc(sizeof *dp);

    dp->name = xstrdup(name);
    pthread_mutex_init(&dp->mutex, NULL);
    dp->ports = xzalloc(sizeof *dp->ports + sizeof *dp->ports->ports);
    dp->ports->n = 1;           /* Port 0 is never used. */
    dp->next_port = 1;
    dp->tag_slots = xcalloc(DPIF_N_TAG_SLOTS, sizeof *dp->tag_slots);
    dp->gen = 1;
    dp->max_idle = 10000;
    dp->flow_limit = 200000;
    dp->ctl = thread_create(dp, UINT_MAX, false);

    dp->threads = xmalloc(sizeof *dp->threads);
    dp->threads[0] = thread_create(dp, 0, true);
    dp->n_threads = 1;

    if (n_all_dps >= allocated_all_dps) {
        all_dps = x2nrealloc(all_dps, &allocated_all_dps, sizeof *all_dps);
    }
    all_dps[n_all_dps++] = dp;

    dpctl_register_commands();
    return dp;
}

/* Stops 'dp''s threads and frees it. */
void
dpif_destroy(struct dpif *dp)
{
    if (!dp) {
        return;
    }
    for (size_t i = 0; i < n_all_dps; i++) {
        if (all_dps[i] == dp) {
            all_dps[i] = all_dps[--n_all_dps];
            break;
        }
    }
    for (size_t i = 0; i < dp->n_threads; i++) {
        thread_destroy(dp->threads[i]);
    }
    free(dp->threads);
    thread_destroy(dp->ctl);

    struct dp_port_table *pt = dp->ports;
    for (size_t i = 0; i < pt->n; i++) {
        /* Every port ever added is in the newest table, deleted or not:
         * deletion only marks them. */
        struct dp_port *port = pt->ports[i];
        if (port) {
            free(port->name);
            free(port->type);
            free(port);
        }
    }
    while (pt) {
        struct dp_port_table *older = pt->older;
        free(pt);
        pt = older;
    }
    dp_meters_destroy(dp);
    free(dp->tag_slots);
    pthread_mutex_destroy(&dp->mutex);
    free(dp->name);
    free(dp);
    if (!n_all_dps) {
        free(all_dps);
        all_dps = NULL;
        allocated_all_dps = 0;
    }
}

/* Returns 'dp''s name. */
const char *
dpif_name(const struct dpif *dp)
{
    return dp->name;
}

/* Returns the datapath after 'dp' (the first if 'dp' is NULL). */
struct dpif *
dpif_next(const struct dpif *dp)
{
    if (!dp) {
        return n_all_dps ? all_dps[0] : NULL;
    }
    for (size_t i = 0; i + 1 < n_all_dps; i++) {
        if (all_dps[i] == dp) {
            return all_dps[i + 1];
        }
    }
    return NULL;
}

/* Gives the statistics of stopped thread 't''s megaflows to the control
 * context, so that dpif_flow_dump_stats() still reports them. */
static void
thread_hand_over_retired(struct dpif *dp, struct dp_thread *t)
{
    struct dp_thread *ctl = dp->ctl;

    thread_flush_cache(t);
    pthread_mutex_lock(&ctl->mutex);
    while (t->retired) {
        struct dp_retired *r = t->retired;
        t->retired = r->next;
        r->next = ctl->retired;
        ctl->retired = r;
        ctl->n_retired++;
    }
    t->n_retired = 0;
    pthread_mutex_unlock(&ctl->mutex);
}

static void
set_thread_count(struct dpif *dp, size_t n)
{
    while (dp->n_threads > n) {
        struct dp_thread *t = dp->threads[--dp->n_threads];
        if (t->running) {
            pthread_mutex_lock(&t->mutex);
            t->exit = true;
            pthread_mutex_unlock(&t->mutex);
            thread_wake(t);
            pthread_join(t->tid, NULL);
            t->running = false;
        }
        thread_retire_counters(dp, t);
        thread_hand_over_retired(dp, t);
        thread_destroy(t);
    }
    if (dp->n_threads < n) {
        dp->threads = xrealloc(dp->threads, n * sizeof *dp->threads);
        while (dp->n_threads < n) {
            dp->threads[dp->n_threads] = thread_create(dp, dp->n_threads,
                                                       true);
            dp->n_threads++;
        }
    }
}

/* Applies 'other_config' (see dpif.h). */
void
dpif_set_config(struct dpif *dp, const struct smap *other_config)
{
    int n = smap_get_int(other_config, "n-forwarding-threads", 1);
    if (n < 1 || n > MAX_THREADS) {
        VLOG_WARN("n-forwarding-threads=%d out of range 1..%d, using %d",
                  n, MAX_THREADS, n < 1 ? 1 : MAX_THREADS);
        n = n < 1 ? 1 : MAX_THREADS;
    }
    int max_idle = smap_get_int(other_config, "max-idle", 10000);
    if (max_idle < 100) {
        max_idle = 100;
    }
    int flow_limit = smap_get_int(other_config, "flow-limit", 200000);
    if (flow_limit < 0) {
        flow_limit = 0;
    }

    ATOMIC_STORE(&dp->busy_poll,
                 smap_get_bool(other_config, "forwarding-busy-poll", false));
    int linger = smap_get_int(other_config, "forwarding-linger-us",
                              DEFAULT_LINGER_US);
    ATOMIC_STORE(&dp->linger_us, linger < 0 ? 0 : MIN(linger, 100000));
    ATOMIC_STORE(&dp->max_idle, max_idle);
    ATOMIC_STORE(&dp->flow_limit, flow_limit);

    pthread_mutex_lock(&dp->mutex);
    if (n != (int) dp->n_threads) {
        VLOG_INFO("%s: %d forwarding thread%s", dp->name, n,
                  n == 1 ? "" : "s");
        set_thread_count(dp, n);
        reassign_rxqs(dp);
    }
    for (size_t i = 0; i < dp->n_threads; i++) {
        /* A sleeping thread picks up busy-poll and timeouts. */
        thread_wake(dp->threads[i]);
    }
    pthread_mutex_unlock(&dp->mutex);
}

/* Main-loop housekeeping.  The forwarding threads do their own. */
void
dpif_run(struct dpif *dp OSW_UNUSED)
{
}

/* Nothing for the main loop to wait on: the threads sleep on their own. */
void
dpif_wait(struct dpif *dp OSW_UNUSED)
{
}

/* Ports. */

/* Adds 'netdev' as a new port. */
int
dpif_port_add(struct dpif *dp, struct netdev *netdev, odp_port_t *portp)
{
    struct dp_port *port = xzalloc(sizeof *port);
    int mtu;

    port->netdev = netdev;
    port->name = xstrdup(netdev_get_name(netdev));
    port->type = xstrdup(netdev_get_type(netdev));
    port->n_rxq = MAX(netdev_n_rxq(netdev), 0);
    port->vnet = netdev_supports_vnet(netdev);
    port->may_filter = netdev_may_filter(netdev);
    port->mtu = netdev_get_mtu(netdev, &mtu) ? 0 : mtu;

    pthread_mutex_lock(&dp->mutex);
    port->port_no = dp->next_port++;
    port_table_set(dp, port->port_no, port);
    reassign_rxqs(dp);
    pthread_mutex_unlock(&dp->mutex);

    VLOG_DBG("%s: added port %"PRIu32" %s (%s)", dp->name, port->port_no,
             port->name, port->type);
    *portp = port->port_no;
    return 0;
}

static void
thread_forget_port(struct dp_thread *t, odp_port_t port_no)
{
    struct dp_cache_cursor cursor = DP_CACHE_CURSOR_INITIALIZER;
    struct dp_cache_entry *e;

    while ((e = dp_cache_next(&t->cache, &cursor))) {
        struct dp_megaflow *mf = megaflow_from_entry(e);
        if (mf->entry.key.in_port == port_no
            || dp_actions_output_to(mf->actions, mf->actions_len, port_no)) {
            thread_kill_megaflow(t, mf);
        }
    }
    thread_reap(t);
}

/* Removes port 'port_no'. */
int
dpif_port_del(struct dpif *dp, odp_port_t port_no)
{
    pthread_mutex_lock(&dp->mutex);
    struct dp_port *port = port_table_lookup(dp->ports, port_no);
    if (!port || port->deleted) {
        pthread_mutex_unlock(&dp->mutex);
        return ENOENT;
    }
    ATOMIC_STORE(&port->deleted, true);

    /* Takes every thread's mutex after marking the port: batches that
     * began before are over, later ones see the mark and no queue of
     * the port. */
    reassign_rxqs(dp);

    lock_all_threads(dp);
    for (size_t i = 0; i < dp->n_threads; i++) {
        thread_forget_port(dp->threads[i], port_no);
    }
    unlock_all_threads(dp);
    pthread_mutex_unlock(&dp->mutex);

    VLOG_DBG("%s: deleted port %"PRIu32" %s", dp->name, port_no,
             port->name);
    return 0;
}

/* Sets the MTU that output to 'port_no' is checked against. */
void
dpif_port_set_mtu(struct dpif *dp, odp_port_t port_no, int mtu)
{
    struct dp_port *port = port_table_lookup(port_table_get(dp), port_no);
    if (port) {
        ATOMIC_STORE(&port->mtu, mtu > 0 ? mtu : 0);
    }
}

/* Returns the name of port 'port_no', or NULL.  Any thread. */
const char *
dpif_port_name(const struct dpif *dp, odp_port_t port_no)
{
    struct dp_port *port = port_table_lookup(port_table_get(dp), port_no);
    return port && !ATOMIC_LOAD(&port->deleted) ? port->name : NULL;
}

/* Calls 'cb' for every live port.  'cb' runs without the datapath's
 * mutex, so it may call other dpif functions (it must not delete
 * ports). */
void
dpif_port_dump(const struct dpif *dp_,
               void (*cb)(const struct dpif_port *, void *aux), void *aux)
{
    struct dpif *dp = CONST_CAST(struct dpif *, dp_);
    struct dpif_port *list;
    size_t n = 0;

    pthread_mutex_lock(&dp->mutex);
    struct dp_port_table *pt = dp->ports;
    list = xmalloc(pt->n * sizeof *list);
    for (size_t i = 0; i < pt->n; i++) {
        struct dp_port *port = pt->ports[i];
        if (port && !port->deleted) {
            list[n++] = (struct dpif_port) {
                .port_no = port->port_no,
                .name = port->name,
                .type = port->type,
                .netdev = port->netdev,
                .mtu = ATOMIC_LOAD(&port->mtu),
            };
        }
    }
    pthread_mutex_unlock(&dp->mutex);

    /* Port structs (and their names) live as long as the datapath. */
    for (size_t i = 0; i < n; i++) {
        cb(&list[i], aux);
    }
    free(list);
}

/* Upcalls and invalidation. */

/* Sets the upcall callback. */
void
dpif_register_upcall(struct dpif *dp, dpif_upcall_func *cb, void *aux)
{
    pthread_mutex_lock(&dp->mutex);
    lock_all_threads(dp);
    dp->upcall_cb = cb;
    dp->upcall_aux = aux;
    unlock_all_threads(dp);
    pthread_mutex_unlock(&dp->mutex);
}

/* Sets the userspace action callback. */
void
dpif_register_userspace(struct dpif *dp, dpif_userspace_func *cb, void *aux)
{
    pthread_mutex_lock(&dp->mutex);
    lock_all_threads(dp);
    pthread_mutex_lock(&dp->ctl->mutex);
    dp->userspace_cb = cb;
    dp->userspace_aux = aux;
    pthread_mutex_unlock(&dp->ctl->mutex);
    unlock_all_threads(dp);
    pthread_mutex_unlock(&dp->mutex);
}

/* Records that 'upcall''s translation depends on 'tag'. */
void
dpif_upcall_add_dep(struct dpif *dp, struct dpif_upcall *upcall,
                    uint32_t tag)
{
    if (upcall->too_many_deps) {
        return;
    }
    for (unsigned int i = 0; i < upcall->n_deps; i++) {
        if (upcall->dep_tags[i] == tag) {
            return;
        }
    }
    if (upcall->n_deps >= DPIF_MAX_DEPS) {
        upcall->too_many_deps = true;
        return;
    }
    upcall->dep_tags[upcall->n_deps] = tag;
    upcall->dep_gens[upcall->n_deps]
        = __atomic_load_n(&dp->tag_slots[tag % DPIF_N_TAG_SLOTS],
                          __ATOMIC_ACQUIRE);
    upcall->n_deps++;
}

/* Invalidates the cached flows that depend on 'tag'. */
void
dpif_tag_bump(struct dpif *dp, uint32_t tag)
{
    __atomic_fetch_add(&dp->tag_slots[tag % DPIF_N_TAG_SLOTS], 1,
                       __ATOMIC_SEQ_CST);
}

/* Invalidates every cached flow. */
void
dpif_revalidate_all(struct dpif *dp)
{
    COVERAGE_INC(dpif_revalidate_all);
    __atomic_fetch_add(&dp->gen, 1, __ATOMIC_SEQ_CST);
}

/* Runs 'actions' on 'packet' (taken over) from the control thread. */
int
dpif_execute(struct dpif *dp, struct dp_packet *packet,
             const struct nlattr *actions, size_t actions_len)
{
    if (!dp_actions_validate(actions, actions_len)) {
        dp_packet_delete(packet);
        return EINVAL;
    }

    pthread_mutex_lock(&dp->mutex);
    struct dp_thread *ctl = dp->ctl;
    struct flow flow;

    pthread_mutex_lock(&ctl->mutex);
    thread_sync_ports(ctl, dp->ports);
    ctl->now = time_msec();
    ctl->in_port = (port_table_lookup(ctl->ports, packet->in_port)
                    ? packet->in_port : 0);
    /* For the L3/L4 offsets that SET_MASKED uses. */
    flow_extract(packet, &flow);
    dp_actions_execute(packet, actions, actions_len, &thread_ops, ctl);
    thread_flush(ctl);
    pthread_mutex_unlock(&ctl->mutex);
    pthread_mutex_unlock(&dp->mutex);
    return 0;
}

/* Cached flows. */

/* Calls 'cb' for every megaflow of every thread. */
void
dpif_flow_dump(struct dpif *dp,
               void (*cb)(const struct dpif_flow *, void *aux), void *aux)
{
    pthread_mutex_lock(&dp->mutex);
    for (size_t i = 0; i < dp->n_threads; i++) {
        struct dp_thread *t = dp->threads[i];
        struct dp_cache_cursor cursor = DP_CACHE_CURSOR_INITIALIZER;
        struct dp_cache_entry *e;

        pthread_mutex_lock(&t->mutex);
        while ((e = dp_cache_next(&t->cache, &cursor))) {
            struct dp_megaflow *mf = megaflow_from_entry(e);
            struct dpif_flow flow = {
                .key = e->key,
                .mask = *dp_cache_entry_mask(e),
                .actions = mf->actions,
                .actions_len = mf->actions_len,
                .stats = mf->stats,
                .thread = t->id,
                .xcache = mf->xcache,
                .id = mf->id,
            };
            cb(&flow, aux);
        }
        pthread_mutex_unlock(&t->mutex);
    }
    pthread_mutex_unlock(&dp->mutex);
}

/* Reports 't''s live megaflows, then its retired records (freed after). */
static void
thread_dump_stats(struct dp_thread *t,
                  void (*cb)(const struct dpif_flow *, void *aux), void *aux)
{
    struct dp_cache_cursor cursor = DP_CACHE_CURSOR_INITIALIZER;
    struct dp_cache_entry *e;

    while ((e = dp_cache_next(&t->cache, &cursor))) {
        struct dp_megaflow *mf = megaflow_from_entry(e);
        struct dpif_flow flow = {
            .key = e->key,
            .mask = *dp_cache_entry_mask(e),
            .actions = mf->actions,
            .actions_len = mf->actions_len,
            .stats = mf->stats,
            .thread = t->id,
            .xcache = mf->xcache,
            .id = mf->id,
        };
        cb(&flow, aux);
        mf->reported_packets = mf->stats.n_packets;
    }

    struct dp_retired *r = t->retired;
    t->retired = NULL;
    t->n_retired = 0;
    while (r) {
        struct dp_retired *next = r->next;
        struct dpif_flow flow = {
            .stats = r->stats,
            .thread = t->id,
            .xcache = r->xcache,
            .id = r->id,
            .dead = true,
        };
        flow.key.in_port = r->in_port;
        cb(&flow, aux);
        retired_free(r);
        r = next;
    }
}

/* Reports every megaflow and every retired record once. */
void
dpif_flow_dump_stats(struct dpif *dp,
                     void (*cb)(const struct dpif_flow *, void *aux),
                     void *aux)
{
    pthread_mutex_lock(&dp->mutex);
    for (size_t i = 0; i < dp->n_threads; i++) {
        struct dp_thread *t = dp->threads[i];

        pthread_mutex_lock(&t->mutex);
        thread_dump_stats(t, cb, aux);
        pthread_mutex_unlock(&t->mutex);
    }
    pthread_mutex_lock(&dp->ctl->mutex);
    thread_dump_stats(dp->ctl, cb, aux);
    pthread_mutex_unlock(&dp->ctl->mutex);
    pthread_mutex_unlock(&dp->mutex);
}

/* Deletes every cached flow. */
void
dpif_flow_flush(struct dpif *dp)
{
    pthread_mutex_lock(&dp->mutex);
    for (size_t i = 0; i < dp->n_threads; i++) {
        struct dp_thread *t = dp->threads[i];
        pthread_mutex_lock(&t->mutex);
        thread_flush_cache(t);
        pthread_mutex_unlock(&t->mutex);
    }
    pthread_mutex_unlock(&dp->mutex);
}

/* Counters. */

static uint64_t
load_u64(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* Fills '*stats' (racy snapshots of the threads' counters). */
void
dpif_get_stats(const struct dpif *dp_, struct dpif_dp_stats *stats)
{
    struct dpif *dp = CONST_CAST(struct dpif *, dp_);

    memset(stats, 0, sizeof *stats);
    pthread_mutex_lock(&dp->mutex);
    stats->n_hit = dp->retired.n_hit;
    stats->n_emc_hit = dp->retired.n_emc_hit;
    stats->n_missed = dp->retired.n_missed;
    stats->n_lost = dp->retired.n_lost;
    for (size_t i = 0; i < dp->n_threads; i++) {
        struct dp_thread *t = dp->threads[i];
        stats->n_hit += load_u64(&t->c.n_hit);
        stats->n_emc_hit += load_u64(&t->c.n_emc_hit);
        stats->n_missed += load_u64(&t->c.n_missed);
        stats->n_lost += load_u64(&t->c.n_lost);
        stats->n_flows += __atomic_load_n(&t->cache.n_entries,
                                          __ATOMIC_RELAXED);
        stats->n_masks += __atomic_load_n(&t->cache.n_subtables,
                                          __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&dp->mutex);
}

static void
add_thread_drops(struct dp_thread *t, odp_port_t port_no,
                 uint64_t counts[DP_DROP_N_REASONS])
{
    pthread_mutex_lock(&t->mutex);
    for (size_t i = 0; i < t->n_tports; i++) {
        if (port_no == ODPP_NONE || port_no == i) {
            for (int r = 0; r < DP_DROP_N_REASONS; r++) {
                counts[r] += t->tports[i].drops[r];
            }
        }
    }
    pthread_mutex_unlock(&t->mutex);
}

/* Sums the drop counters for 'port_no' (ODPP_NONE: all). */
int
dpif_get_drop_stats(const struct dpif *dp_, odp_port_t port_no,
                    uint64_t counts[DP_DROP_N_REASONS])
{
    struct dpif *dp = CONST_CAST(struct dpif *, dp_);

    memset(counts, 0, DP_DROP_N_REASONS * sizeof *counts);
    pthread_mutex_lock(&dp->mutex);
    if (port_no != ODPP_NONE) {
        struct dp_port *port = port_table_lookup(dp->ports, port_no);
        if (!port || port->deleted) {
            pthread_mutex_unlock(&dp->mutex);
            return ENOENT;
        }
    }
    for (size_t i = 0; i < dp->n_threads; i++) {
        add_thread_drops(dp->threads[i], port_no, counts);
    }
    add_thread_drops(dp->ctl, port_no, counts);
    pthread_mutex_unlock(&dp->mutex);
    return 0;
}

/* Returns the number of forwarding threads. */
unsigned int
dpif_n_threads(const struct dpif *dp)
{
    return dp->n_threads;
}

/* Fills '*stats' for thread 'idx'. */
bool
dpif_get_thread_stats(const struct dpif *dp_, unsigned int idx,
                      struct dpif_thread_stats *stats)
{
    struct dpif *dp = CONST_CAST(struct dpif *, dp_);
    bool found = false;

    memset(stats, 0, sizeof *stats);
    pthread_mutex_lock(&dp->mutex);
    if (idx < dp->n_threads) {
        struct dp_thread *t = dp->threads[idx];
        pthread_mutex_lock(&t->mutex);
        stats->id = t->id;
        stats->n_rxqs = t->n_rxqs;
        stats->n_hit = t->c.n_hit;
        stats->n_emc_hit = t->c.n_emc_hit;
        stats->n_missed = t->c.n_missed;
        stats->n_lost = t->c.n_lost;
        stats->n_flows = dp_cache_count(&t->cache);
        stats->n_masks = dp_cache_n_masks(&t->cache);
        stats->n_lookups = t->cache.n_lookups;
        stats->n_probes = t->cache.n_probes;
        pthread_mutex_unlock(&t->mutex);
        found = true;
    }
    pthread_mutex_unlock(&dp->mutex);
    return found;
}

/* Meters. */

static struct dp_meter *
meter_get(const struct dpif *dp, uint32_t id)
{
    struct dp_meter **meters = ATOMIC_LOAD(&CONST_CAST(struct dpif *,
                                                       dp)->meters);
    return meters && id < DPIF_N_METERS ? ATOMIC_LOAD(&meters[id]) : NULL;
}

static uint64_t
meter_band_max(uint32_t flags, const struct dpif_meter_band *b)
{
    uint64_t burst = ((flags & DPIF_METER_BURST) && b->burst_size
                      ? b->burst_size : b->rate);
    uint64_t max = burst * 1000000;     /* kbit -> millibits, or packets ->
                                         * micro-packets. */
    if (!(flags & DPIF_METER_PKTPS)) {
        /* Whatever the burst, one full-size frame must be able to pass. */
        max = MAX(max, (uint64_t) 1518 * 8 * 1000);
    }
    return max;
}

/* Creates or replaces meter 'id' with 'config'. */
int
dpif_meter_set(struct dpif *dp, uint32_t id,
               const struct dpif_meter_config *config)
{
    if (id >= DPIF_N_METERS || config->n_bands > DPIF_METER_MAX_BANDS
        || (config->n_bands && !config->bands)) {
        return EINVAL;
    }
    for (size_t i = 0; i < config->n_bands; i++) {
        if (!config->bands[i].rate
            || config->bands[i].type > DPIF_METER_BAND_DSCP_REMARK) {
            return EINVAL;
        }
    }

    uint32_t flags = config->flags;
    if (!(flags & (DPIF_METER_KBPS | DPIF_METER_PKTPS))) {
        flags |= DPIF_METER_KBPS;
    }

    pthread_mutex_lock(&dp->mutex);
    if (!dp->meters) {
        ATOMIC_STORE(&dp->meters, xcalloc(DPIF_N_METERS,
                                          sizeof *dp->meters));
    }
    struct dp_meter *m = dp->meters[id];
    bool new = !m;
    if (new) {
        m = xzalloc(sizeof *m);
        pthread_mutex_init(&m->mutex, NULL);
    }

    pthread_mutex_lock(&m->mutex);
    m->flags = flags;
    m->last_us = time_usec();
    m->n_bands = config->n_bands;
    for (size_t i = 0; i < config->n_bands; i++) {
        struct dp_meter_band *b = &m->bands[i];
        uint64_t packets = b->packet_count, bytes = b->byte_count;
        memset(b, 0, sizeof *b);
        b->config = config->bands[i];
        b->max = meter_band_max(flags, &b->config);
        b->bucket = b->max;
        if (!new) {
            /* Modifying a meter keeps its counters. */
            b->packet_count = packets;
            b->byte_count = bytes;
        }
    }
    pthread_mutex_unlock(&m->mutex);

    if (new) {
        ATOMIC_STORE(&dp->meters[id], m);
    }
    pthread_mutex_unlock(&dp->mutex);
    return 0;
}

/* Deletes meter 'id'. */
int
dpif_meter_del(struct dpif *dp, uint32_t id)
{
    pthread_mutex_lock(&dp->mutex);
    struct dp_meter *m = (dp->meters && id < DPIF_N_METERS
                          ? dp->meters[id] : NULL);
    if (!m) {
        pthread_mutex_unlock(&dp->mutex);
        return ENOENT;
    }
    ATOMIC_STORE(&dp->meters[id], NULL);

    /* No batch that may have loaded the pointer is still running after
     * this. */
    lock_all_threads(dp);
    pthread_mutex_lock(&dp->ctl->mutex);
    pthread_mutex_unlock(&dp->ctl->mutex);
    unlock_all_threads(dp);
    pthread_mutex_unlock(&dp->mutex);

    pthread_mutex_destroy(&m->mutex);
    free(m);
    return 0;
}

/* Fills '*stats' for meter 'id'. */
int
dpif_meter_get_stats(const struct dpif *dp_, uint32_t id,
                     struct dpif_meter_stats *stats)
{
    struct dpif *dp = CONST_CAST(struct dpif *, dp_);

    memset(stats, 0, sizeof *stats);
    pthread_mutex_lock(&dp->mutex);
    struct dp_meter *m = meter_get(dp, id);
    if (!m) {
        pthread_mutex_unlock(&dp->mutex);
        return ENOENT;
    }
    pthread_mutex_lock(&m->mutex);
    stats->packet_in_count = m->packet_in_count;
    stats->byte_in_count = m->byte_in_count;
    stats->n_bands = m->n_bands;
    for (size_t i = 0; i < m->n_bands; i++) {
        stats->bands[i].packet_count = m->bands[i].packet_count;
        stats->bands[i].byte_count = m->bands[i].byte_count;
    }
    pthread_mutex_unlock(&m->mutex);
    pthread_mutex_unlock(&dp->mutex);
    return 0;
}

/* Raises the drop precedence of an IP packet's DSCP by 'levels' (the AF
 * drop precedence is DSCP bits 1..2; it saturates at 3). */
static void
meter_remark_dscp(struct dp_packet *p, uint8_t levels)
{
    uint8_t *l3 = dp_packet_l3(p);
    if (!l3 || p->size - p->l3_ofs < IP_HEADER_LEN) {
        return;
    }

    int version = IP_VER(l3[0]);
    uint8_t tos;
    if (version == 4) {
        tos = l3[1];
    } else if (version == 6 && p->size - p->l3_ofs >= IPV6_HEADER_LEN) {
        tos = ((l3[0] & 0x0f) << 4) | (l3[1] >> 4);
    } else {
        return;
    }

    uint8_t dscp = tos >> 2;
    unsigned int prec = ((dscp >> 1) & 3) + levels;
    dscp = (dscp & ~0x06) | (MIN(prec, 3) << 1);
    tos = (dscp << 2) | (tos & IP_ECN_MASK);

    if (version == 4) {
        size_t ihl = IP_IHL(l3[0]) * 4;
        struct ip_header *ip = (struct ip_header *) l3;
        ip->ip_tos = tos;
        if (ihl >= IP_HEADER_LEN && p->size - p->l3_ofs >= ihl) {
            ip->ip_csum = 0;
            ip->ip_csum = csum(ip, ihl);
        }
    } else {
        l3[0] = (l3[0] & 0xf0) | (tos >> 4);
        l3[1] = (l3[1] & 0x0f) | (tos << 4);
    }
}

/* Runs 'p' through meter 'id' at 'now_us'. */
bool
dpif_meter_apply(struct dpif *dp, uint32_t id, struct dp_packet *p,
                 long long int now_us)
{
    struct dp_meter *m = meter_get(dp, id);
    if (!m) {
        return true;
    }

    pthread_mutex_lock(&m->mutex);
    long long int elapsed = now_us - m->last_us;
    if (elapsed > 0) {
        m->last_us = now_us;
    } else {
        elapsed = 0;
    }
    uint64_t cost = (m->flags & DPIF_METER_PKTPS
                     ? 1000000 : (uint64_t) p->size * 8 * 1000);
    m->packet_in_count++;
    m->byte_in_count += p->size;

    struct dp_meter_band *hit = NULL;
    for (size_t i = 0; i < m->n_bands; i++) {
        struct dp_meter_band *b = &m->bands[i];
        /* Elapsed time is capped so that the product cannot overflow. */
        uint64_t add = (uint64_t) b->config.rate
                       * (uint64_t) MIN(elapsed, 1000LL * 1000 * 1000);
        b->bucket = add >= b->max - b->bucket ? b->max : b->bucket + add;
        if (b->bucket >= cost) {
            b->bucket -= cost;
        } else if (!hit || b->config.rate > hit->config.rate) {
            hit = b;
        }
    }

    bool pass = true;
    if (hit) {
        hit->packet_count++;
        hit->byte_count += p->size;
        if (hit->config.type == DPIF_METER_BAND_DROP) {
            pass = false;
        } else {
            meter_remark_dscp(p, hit->config.prec_level);
        }
    }
    pthread_mutex_unlock(&m->mutex);
    return pass;
}

static void
dp_meters_destroy(struct dpif *dp)
{
    if (!dp->meters) {
        return;
    }
    for (size_t i = 0; i < DPIF_N_METERS; i++) {
        struct dp_meter *m = dp->meters[i];
        if (m) {
            pthread_mutex_destroy(&m->mutex);
            free(m);
        }
    }
    free(dp->meters);
}
