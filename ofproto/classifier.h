/* classifier: OpenFlow rules by priority, looked up by tuple space search.
 *
 * A classifier holds rules (a match and a priority) and finds, for a
 * packet's flow, the highest-priority rule that matches it.  Rules with
 * the same mask share a subtable (a hash table keyed by the masked flow);
 * a lookup visits the subtables in order of the highest priority they
 * hold and stops as soon as no remaining subtable can beat the best
 * match found.  Lookups also report which bits of the flow they looked
 * at ('wc'), which become the datapath megaflow's mask, so they try hard
 * to look at few bits:
 *
 *   - Staged lookup: each subtable hashes its mask in stages (metadata,
 *     then L2, then L3, then L4).  When a stage's partial hash finds no
 *     rule, the lookup stops there and only the fields of the stages it
 *     looked at enter 'wc'.  A table with "tcp,tp_dst=80" rules does not
 *     make every UDP megaflow exact on ports.
 *   - Prefix tracking: for the prefix fields (classifier_set_prefix_fields:
 *     by default nw_src and nw_dst, as Open vSwitch), a binary trie of the
 *     prefixes the rules use tells, before a subtable is visited, how many
 *     leading bits of the address could matter.  A subtable whose prefix
 *     length cannot match is skipped, and 'wc' gets only the address bits
 *     needed to tell it so (not the whole /32 that a wide rule set would
 *     otherwise force).
 *
 * Versions: every rule is visible in a range of versions [added, removed).
 * A change that touches several rules (a non-strict modify or delete, a
 * replace, a bundle) inserts the new rules invisible in the current
 * version and marks the old ones for removal in the next, then publishes
 * the next version at once: a lookup in any one version sees the tables
 * before or after the change, never half of it.  Removed rules stay until
 * classifier_remove() (after the version is published and no lookup uses
 * the old one).
 *
 * Thread-safety: lookups may run in several threads at once; writers
 * (insert, remove, version changes) must exclude lookups (ofproto holds
 * its configuration lock for writing).  Lookup never allocates.
 *
 * Performance target: 100,000+ rules in a few hundred subtables, lookup
 * cost dominated by the number of subtables visited; insertion O(1)
 * amortized (no rebuilds per insertion). */
#ifndef CLASSIFIER_H
#define CLASSIFIER_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/hmap.h"
#include "osw/match.h"

typedef uint64_t cls_version_t;
#define CLS_MIN_VERSION 0
#define CLS_MAX_VERSION UINT64_MAX  /* "Never removed". */
#define CLS_NOT_REMOVED_VERSION CLS_MAX_VERSION

struct classifier;
struct cls_match;               /* Private to classifier.c. */

/* A rule.  Embed it in the owner's struct; initialize with
 * cls_rule_init() and do not change 'match' or 'priority' while it is in
 * a classifier. */
struct cls_rule {
    struct match match;         /* Masked. */
    int priority;
    struct cls_match *cls_match;        /* NULL when not in a classifier. */
};

void cls_rule_init(struct cls_rule *, const struct match *, int priority);
void cls_rule_destroy(struct cls_rule *);
bool cls_rule_equal(const struct cls_rule *, const struct cls_rule *);
/* Is 'rule' visible in 'version'? */
bool cls_rule_visible_in_version(const struct cls_rule *, cls_version_t);
/* Hides 'rule' from 'version' onward (a removal that takes effect when
 * that version is published); and undoes that. */
void cls_rule_make_invisible_in_version(const struct cls_rule *,
                                        cls_version_t);
void cls_rule_restore_visibility(const struct cls_rule *);

#define CLS_MAX_PREFIX_FIELDS 3

struct classifier {
    struct cls_impl *impl;      /* Private. */
};

/* Initializes an empty classifier with nw_src and nw_dst as prefix
 * fields. */
void classifier_init(struct classifier *);
/* Frees the classifier's own memory; it should hold no rules (rules left
 * in it are not touched: their 'cls_match' pointers dangle). */
void classifier_destroy(struct classifier *);
/* Sets the fields tracked with prefix tries (IPv4/IPv6 addresses; at most
 * CLS_MAX_PREFIX_FIELDS).  False if a field is not a prefix-able field.
 * Prefix-able: MFF_TUN_SRC, MFF_TUN_DST, MFF_IPV4_SRC, MFF_IPV4_DST,
 * MFF_IPV6_SRC, MFF_IPV6_DST, each at most once (ARP's arp_spa/arp_tpa
 * share nw_src/nw_dst's storage and so their tries).  May be called with
 * rules in the classifier (the tries are rebuilt); false changes
 * nothing.  Only subtables whose mask on a tracked field is a CIDR prefix
 * use its trie. */
bool classifier_set_prefix_fields(struct classifier *,
                                  const enum mf_field_id *, size_t n);

/* Inserts 'rule', visible from 'version' on.  The caller made sure no
 * identical rule (same match and priority) is visible in 'version' (it
 * either replaces one via classifier_replace() or refused the add). */
void classifier_insert(struct classifier *, const struct cls_rule *,
                       cls_version_t version);
/* Inserts 'rule' and returns the identical rule visible in 'version' that
 * it displaces (made invisible from 'version'), or NULL. */
const struct cls_rule *classifier_replace(struct classifier *,
                                          const struct cls_rule *,
                                          cls_version_t version);
/* Removes 'rule' for good. */
void classifier_remove(struct classifier *, const struct cls_rule *);

/* The highest-priority rule visible in 'version' that matches 'flow', or
 * NULL; ties go to the rule inserted first.  Adds to 'wc' (if nonnull)
 * the bits of 'flow' looked at. */
const struct cls_rule *classifier_lookup(const struct classifier *,
                                         cls_version_t version,
                                         const struct flow *flow,
                                         struct flow_wildcards *wc);

/* The rule visible in 'version' with exactly 'target''s match and
 * priority, or NULL. */
const struct cls_rule *classifier_find_rule_exactly(
    const struct classifier *, const struct cls_rule *target,
    cls_version_t version);
/* Same from a match and priority. */
const struct cls_rule *classifier_find_match_exactly(
    const struct classifier *, const struct match *, int priority,
    cls_version_t version);
/* True if a rule visible in 'version' with 'target''s priority overlaps
 * it (OFPFF_CHECK_OVERLAP). */
bool classifier_rule_overlaps(const struct classifier *,
                              const struct cls_rule *target,
                              cls_version_t version);

bool classifier_is_empty(const struct classifier *);
size_t classifier_count(const struct classifier *);
/* Number of subtables (distinct masks), for statistics and tests. */
size_t classifier_n_subtables(const struct classifier *);

/* Iteration over the rules visible in 'version' whose match is covered by
 * 'target' (match_covers(target, rule), any priority), or all of them
 * with 'target' NULL.  The callback may not modify the classifier; collect
 * the rules first.  Order unspecified. */
void classifier_for_each(const struct classifier *,
                         const struct match *target, cls_version_t version,
                         void (*cb)(const struct cls_rule *, void *aux),
                         void *aux);

#endif /* classifier.h */
