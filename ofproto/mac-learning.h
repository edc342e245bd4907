/* mac-learning: a bridge's table of learned MAC addresses.
 *
 * NORMAL forwarding learns, from each frame it translates, that the source
 * address (in the frame's VLAN) lives behind the input bundle, and sends
 * frames for a known destination to that bundle only.  The table maps a
 * (VLAN, MAC) pair to a bundle, an opaque pointer the caller owns (ofproto
 * stores its 'struct xbundle'), plus the time the entry was last used.
 *
 * Size and aging.  An entry not refreshed for 'idle_time' seconds expires
 * (mac_learning_run()); the table holds at most 'max_entries', and
 * learning one more evicts the least recently used entry.  Entries sit on
 * a list in LRU order, so both are O(1) per entry.  Every learned, moved,
 * expired, evicted or flushed entry is counted (fdb/stats-show).
 *
 * Static entries (fdb/add) are configuration: they count towards the
 * size but never age, are never evicted, moved by learning or flushed by
 * mac_learning_flush(); only mac_learning_del_static() and
 * mac_learning_flush_bundle() (the bundle is going away) remove them.
 *
 * Loops.  A MAC that moves between bundles more than
 * MAC_LEARNING_FLAP_LIMIT times within a second is taken to be looping
 * (two ports of the bridge joined outside it make every broadcast come
 * back): its entry is locked for MAC_LEARNING_LOCK_TIME seconds, during
 * which learning it elsewhere is refused (MAC_LEARNING_LOCKED; NORMAL
 * drops such frames as DP_DROP_LEARNING_LOOP) instead of moving it back
 * and forth at packet rate.  A single move, as when a VM migrates, is
 * never affected.  When the lock lapses the entry's tag is bumped.
 *
 * Invalidation.  Cached datapath flows depend on what the table said when
 * they were translated.  Each (VLAN, MAC) has a 32-bit tag
 * (mac_learning_tag()); every change of the entry for that pair (learned,
 * moved to another bundle, expired, evicted, flushed) calls the 'bump'
 * callback given at creation with that tag (ofproto passes one that calls
 * dpif_tag_bump()), while the table's lock is held.  A translation takes
 * the lock, records its dependencies (dpif_upcall_add_dep()) and reads
 * the table within that critical section, so no change can slip between
 * the read and the recorded generation.
 *
 * Threads.  All functions are thread-safe.  Translations (forwarding
 * threads) learn and look up; the control thread ages, flushes and reads
 * statistics.  The functions whose names end in "__" expect the caller to
 * hold the lock (mac_learning_lock()); the others take it themselves.
 * Bundles are compared as pointers only, never dereferenced. */
#ifndef MAC_LEARNING_H
#define MAC_LEARNING_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/packets.h"

struct mac_learning;

#define MAC_LEARNING_DEFAULT_IDLE_TIME 300  /* Seconds. */
#define MAC_LEARNING_MIN_IDLE_TIME 1        /* Open vSwitch raises times
                                             * below 15 s to 15 s; osw
                                             * takes them as they are. */
#define MAC_LEARNING_MAX_IDLE_TIME 3600
#define MAC_LEARNING_DEFAULT_MAX 8192       /* Entries. */
#define MAC_LEARNING_FLAP_LIMIT 50          /* Moves within one second. */
#define MAC_LEARNING_LOCK_TIME 5            /* Seconds. */

/* Called with the tag of every (VLAN, MAC) whose entry changed. */
typedef void mac_learning_bump_func(uint32_t tag, void *aux);

/* The invalidation tag of ('vlan', 'mac').  Pure function. */
uint32_t mac_learning_tag(uint16_t vlan, struct eth_addr mac);

/* Creates an empty table.  'idle_time' 0 means the default; it is clamped
 * to MIN..MAX_IDLE_TIME.  'max_entries' 0 means the default.  'bump'
 * (nullable) is called on every change, with 'aux'. */
struct mac_learning *mac_learning_create(unsigned int idle_time,
                                         size_t max_entries,
                                         mac_learning_bump_func *bump,
                                         void *aux);
/* Frees the table; no bumps are sent for the entries it held. */
void mac_learning_destroy(struct mac_learning *);

void mac_learning_set_idle_time(struct mac_learning *, unsigned int);
unsigned int mac_learning_get_idle_time(const struct mac_learning *);
/* Evicts the least recently used entries at once if the table is now
 * over the limit. */
void mac_learning_set_max_entries(struct mac_learning *, size_t);

/* Replaces the clock (milliseconds, monotonic; time_msec() by default):
 * for tests that age entries without sleeping. */
void mac_learning_set_clock(struct mac_learning *,
                            long long int (*now_msec)(void));

void mac_learning_lock(struct mac_learning *);
void mac_learning_unlock(struct mac_learning *);

/* What learning did. */
enum mac_learning_result {
    MAC_LEARNING_REFRESHED,     /* Known on this bundle: only refreshed. */
    MAC_LEARNING_LEARNED,       /* New entry (maybe after evicting one). */
    MAC_LEARNING_MOVED,         /* Was on another bundle. */
    MAC_LEARNING_REFUSED,       /* Never learned: a multicast source, or
                                 * a table full of static entries. */
    MAC_LEARNING_STATIC,        /* Static on another bundle: not moved. */
    MAC_LEARNING_LOCKED,        /* On another bundle and locked there
                                 * (a loop): not moved. */
};

/* Learns that 'mac' in 'vlan' is behind 'bundle' (nonnull) and marks the
 * entry used now.  Caller holds the lock. */
enum mac_learning_result mac_learning_learn__(struct mac_learning *,
                                              uint16_t vlan,
                                              struct eth_addr mac,
                                              void *bundle);
/* The bundle 'mac' in 'vlan' was learned on, or NULL.  Multicast
 * addresses are never found.  Does not refresh.  Caller holds the lock. */
void *mac_learning_lookup__(const struct mac_learning *, uint16_t vlan,
                            struct eth_addr mac);

/* Locking versions of the two above. */
enum mac_learning_result mac_learning_learn(struct mac_learning *,
                                            uint16_t vlan,
                                            struct eth_addr mac,
                                            void *bundle);
void *mac_learning_lookup(struct mac_learning *, uint16_t vlan,
                          struct eth_addr mac);

/* Static entries.  mac_learning_add_static() makes 'mac' in 'vlan' a
 * static entry on 'bundle' (nonnull), replacing a learned or static entry
 * for the pair; '*oldp' is set to the bundle of the static entry it
 * replaced if that was another one, else NULL.  Returns 0, EINVAL for a
 * multicast 'mac' (never looked up), or ENOSPC if the table is full of
 * static entries.  mac_learning_del_static() removes the static entry for
 * the pair and returns true, or returns false if there is none (a learned
 * entry is not removed).  Both take the lock. */
int mac_learning_add_static(struct mac_learning *, uint16_t vlan,
                            struct eth_addr mac, void *bundle, void **oldp);
bool mac_learning_del_static(struct mac_learning *, uint16_t vlan,
                             struct eth_addr mac);

/* Marks the entry for ('vlan', 'mac') used at 'when' (milliseconds on the
 * table's clock) if it exists, is on 'bundle' and was last used earlier;
 * never creates or moves an entry, so no bump.  For traffic that the
 * datapath forwarded from its cache without asking for a translation.
 * Returns true if the entry was refreshed. */
bool mac_learning_refresh(struct mac_learning *, uint16_t vlan,
                          struct eth_addr mac, void *bundle,
                          long long int when);

/* The same for many entries at once, as a flow dump refreshes them: each
 * mac_learning_refresh_queue() records one (it changes nothing yet), and
 * mac_learning_refresh_flush() applies all of them, with the result of
 * the same mac_learning_refresh() calls in queueing order, in about the
 * time of one walk of the table instead of one per entry.  Returns how
 * many entries were refreshed (each counted once). */
void mac_learning_refresh_queue(struct mac_learning *, uint16_t vlan,
                                struct eth_addr mac, void *bundle,
                                long long int when);
size_t mac_learning_refresh_flush(struct mac_learning *);

/* Expires idle entries and evicts entries over the limit.  Returns how
 * many entries it removed. */
size_t mac_learning_run(struct mac_learning *);
/* When mac_learning_run() next has something to do (milliseconds on the
 * table's clock), or LLONG_MAX if the table is empty. */
long long int mac_learning_next_expiry(struct mac_learning *);

/* Removes every learned entry (static ones stay).  Returns how many it
 * removed. */
size_t mac_learning_flush(struct mac_learning *);
/* Removes the entries on 'bundle', static ones too (it is going away, or
 * its VLAN configuration changed).  Returns how many. */
size_t mac_learning_flush_bundle(struct mac_learning *, void *bundle);

struct mac_learning_stats {
    size_t n_entries;           /* Now in the table. */
    size_t max_entries;
    size_t n_static;            /* Static entries now in the table. */
    uint64_t n_learned;         /* Totals since creation. */
    uint64_t n_expired;
    uint64_t n_evicted;
    uint64_t n_moved;
    uint64_t n_locked;          /* Times an entry was locked (loops). */
};
void mac_learning_get_stats(struct mac_learning *,
                            struct mac_learning_stats *);
/* Zeroes the totals (learned, expired, evicted, moved). */
void mac_learning_clear_stats(struct mac_learning *);

/* A copy of one entry, for fdb/show. */
struct mac_learning_entry {
    void *bundle;
    uint16_t vlan;
    struct eth_addr mac;
    unsigned int age;           /* Seconds since last used (or added). */
    bool is_static;
};
/* Copies every entry, the learned ones least recently used first, then
 * the static ones, into a new array in '*entriesp' (the caller frees it)
 * and returns their number. */
size_t mac_learning_dump(struct mac_learning *,
                         struct mac_learning_entry **entriesp);

#endif /* mac-learning.h */
