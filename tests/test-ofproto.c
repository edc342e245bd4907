/* Tests for ofproto's OpenFlow tables: flow_mod semantics (add, replace,
 * modify, delete, cookies, overlap, timeouts), hidden rules, groups and
 * meters, packet-in queueing, and rule statistics from real traffic
 * through the userspace datapath with dummy ports. */
#include <config.h>
#include "ofproto.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "dpif.h"
#include "ofp-actions.h"
#include "ofp-msgs.h"
#include "ofp-util.h"
#include "ofproto-private.h"
#include "vconn.h"
#include "osw/dp-packet.h"
#include "osw/dynamic-string.h"
#include "osw/flow.h"
#include "osw/match.h"
#include "osw/netdev.h"
#include "osw/ofpbuf.h"
#include "osw/packets.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "testlib.h"

#define N_PORTS 3

struct fx {
    struct dpif *dpif;
    struct ofproto *ofproto;
    struct netdev *netdevs[N_PORTS];
};

static struct fx *
fx_create(void)
{
    struct fx *fx = xzalloc(sizeof *fx);

    /* The management socket goes into the case's own directory. */
    setenv("OSW_RUNDIR", osw_test_tmpdir(), 1);
    netdev_init();
    fx->dpif = dpif_create("osw-netdev");
    ofproto_init(fx->dpif);
    fx->ofproto = ofproto_create("br0");
    CHECK(fx->ofproto != NULL);
    for (int i = 0; i < N_PORTS; i++) {
        char name[16];
        ofp_port_t ofp_port;

        snprintf(name, sizeof name, "p%d", i + 1);
        CHECK_EQ(netdev_open(name, "dummy", NULL, &fx->netdevs[i]), 0);
        CHECK_EQ(ofproto_port_add(fx->ofproto, fx->netdevs[i], i + 1,
                                  &ofp_port), 0);
        CHECK_EQ(ofp_port, i + 1);
    }
    return fx;
}

static void
fx_destroy(struct fx *fx)
{
    ofproto_destroy(fx->ofproto);
    for (int i = 0; i < N_PORTS; i++) {
        netdev_close(fx->netdevs[i]);
    }
    dpif_destroy(fx->dpif);
    free(fx);
}

/* Parses "f1=v1,f2,..." into 'match' (aborting the case on error). */
static void
parse_match(struct match *match, const char *s_)
{
    char *s = xstrdup(s_);
    char *save = NULL;

    match_init_catchall(match);
    for (char *tok = strtok_r(s, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        char *value = NULL;
        if (eq) {
            *eq = '\0';
            value = eq + 1;
        }
        char *error = match_parse_field(match, tok, value, NULL, NULL);
        if (error) {
            osw_test_fail(__FILE__, __LINE__, "%s: %s", s_, error);
        }
    }
    free(s);
}

/* A flow_mod for the tests: 'acts' in ovs-ofctl syntax. */
struct test_fm {
    struct ofproto_fm fm;
    struct ofpbuf ofpacts;
};

static void
tfm_init(struct test_fm *t, enum ofproto_fm_command command,
         const char *match, int priority, const char *acts)
{
    memset(t, 0, sizeof *t);
    ofpbuf_init(&t->ofpacts, 64);
    t->fm.command = command;
    parse_match(&t->fm.match, match);
    t->fm.priority = priority;
    t->fm.table_id = command == OFPROTO_FC_ADD ? 0 : OFPROTO_TABLE_ALL;
    t->fm.out_port = OFPROTO_OUT_PORT_ANY;
    t->fm.out_group = OFPROTO_GROUP_ANY;
    t->fm.modify_may_add = true;
    if (acts) {
        char *error = ofpacts_parse(acts, &t->ofpacts, NULL, NULL);
        if (error) {
            osw_test_fail(__FILE__, __LINE__, "%s: %s", acts, error);
        }
    }
    t->fm.ofpacts = t->ofpacts.data;
    t->fm.ofpacts_len = t->ofpacts.size;
}

static void
tfm_destroy(struct test_fm *t)
{
    ofpbuf_uninit(&t->ofpacts);
}

static enum ofperr
do_fm(struct ofproto *ofproto, enum ofproto_fm_command command,
      const char *match, int priority, const char *acts)
{
    struct test_fm t;
    tfm_init(&t, command, match, priority, acts);
    enum ofperr error = ofproto_flow_mod(ofproto, &t.fm);
    tfm_destroy(&t);
    return error;
}

static enum ofperr
add(struct ofproto *ofproto, const char *match, int priority,
    const char *acts)
{
    return do_fm(ofproto, OFPROTO_FC_ADD, match, priority, acts);
}

/* Every visible rule (hidden ones excluded), sorted. */
static struct rule **
rules(struct ofproto *ofproto, size_t *n)
{
    return ofproto_collect_rules(ofproto, OFPROTO_TABLE_ALL, NULL, false, 0,
                                 0, 0, OFPROTO_OUT_PORT_ANY,
                                 OFPROTO_GROUP_ANY, false, n);
}

static size_t
n_rules(struct ofproto *ofproto)
{
    size_t n;
    free(rules(ofproto, &n));
    return n;
}

/* The rule exactly 'match' at 'priority' in 'table_id', or NULL. */
static struct rule *
find(struct ofproto *ofproto, uint8_t table_id, const char *match_s,
     int priority)
{
    struct match match;
    parse_match(&match, match_s);
    return CONST_CAST(struct rule *, rule_from_cls_rule(
        classifier_find_match_exactly(&ofproto->tables[table_id].cls,
                                      &match, priority,
                                      ofproto->tables_version)));
}

static char *
actions_str(const struct rule *rule)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    ofpacts_format(rule->actions->ofpacts, rule->actions->ofpacts_len,
                   NULL, NULL, &s);
    return ds_steal_cstr(&s);
}

static void
check_actions(const struct rule *rule, const char *expected)
{
    CHECK(rule != NULL);
    char *s = actions_str(rule);
    CHECK_STREQ(s, expected);
    free(s);
}

/* Deletes everything so that the cases start from empty tables. */
static void
clear(struct ofproto *ofproto)
{
    CHECK_EQ(do_fm(ofproto, OFPROTO_FC_DELETE, "", 0, NULL), 0);
    CHECK_EQ(n_rules(ofproto), 0);
}

OSW_TEST(default_flow_is_normal)
{
    struct fx *fx = fx_create();
    size_t n;
    struct rule **r = rules(fx->ofproto, &n);

    CHECK_EQ(n, 1);
    CHECK_EQ(r[0]->cr.priority, 0);
    CHECK_EQ(r[0]->table_id, 0);
    check_actions(r[0], "NORMAL");
    free(r);

    struct ds s = DS_EMPTY_INITIALIZER;
    ofproto_format_flows(fx->ofproto, &s);
    CHECK(strstr(ds_cstr(&s), "n_packets=0, n_bytes=0, "
                 "priority=0,actions=NORMAL\n"));
    ds_destroy(&s);
    fx_destroy(fx);
}

OSW_TEST(add_replaces_identical_keeping_counters)
{
    struct fx *fx = fx_create();
    struct test_fm t;

    clear(fx->ofproto);
    tfm_init(&t, OFPROTO_FC_ADD, "ip", 100, "drop");
    t.fm.new_cookie = 1;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);

    struct rule *rule = find(fx->ofproto, 0, "ip", 100);
    CHECK(rule != NULL);
    CHECK_EQ(rule->cookie, 1);
    rule->n_packets = 5;
    rule->n_bytes = 500;

    tfm_init(&t, OFPROTO_FC_ADD, "ip", 100, "output:2");
    t.fm.new_cookie = 2;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    CHECK_EQ(n_rules(fx->ofproto), 1);
    rule = find(fx->ofproto, 0, "ip", 100);
    CHECK_EQ(rule->cookie, 2);
    CHECK_EQ(rule->n_packets, 5);
    CHECK_EQ(rule->n_bytes, 500);
    check_actions(rule, "output:2");

    /* reset_counts zeroes them. */
    tfm_init(&t, OFPROTO_FC_ADD, "ip", 100, "output:3");
    t.fm.flags = OFPROTO_FF_RESET_COUNTS;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    rule = find(fx->ofproto, 0, "ip", 100);
    CHECK_EQ(rule->n_packets, 0);
    CHECK_EQ(rule->n_bytes, 0);

    /* Same match, other priority: a second rule. */
    CHECK_EQ(add(fx->ofproto, "ip", 101, "drop"), 0);
    CHECK_EQ(n_rules(fx->ofproto), 2);
    fx_destroy(fx);
}

OSW_TEST(add_to_table_and_all_tables_id)
{
    struct fx *fx = fx_create();
    struct test_fm t;

    clear(fx->ofproto);
    tfm_init(&t, OFPROTO_FC_ADD, "tcp", 10, "drop");
    t.fm.table_id = 5;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    CHECK(find(fx->ofproto, 5, "tcp", 10) != NULL);
    CHECK(find(fx->ofproto, 0, "tcp", 10) == NULL);

    /* 255 for an add means table 0 (OpenFlow 1.0 without the table id
     * extension). */
    tfm_init(&t, OFPROTO_FC_ADD, "udp", 10, "drop");
    t.fm.table_id = 255;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    CHECK(find(fx->ofproto, 0, "udp", 10) != NULL);

    /* Delete in table 5 only. */
    tfm_init(&t, OFPROTO_FC_DELETE, "", 0, NULL);
    t.fm.table_id = 5;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    CHECK(find(fx->ofproto, 5, "tcp", 10) == NULL);
    CHECK(find(fx->ofproto, 0, "udp", 10) != NULL);
    fx_destroy(fx);
}

OSW_TEST(check_overlap)
{
    struct fx *fx = fx_create();
    struct test_fm t;

    clear(fx->ofproto);
    CHECK_EQ(add(fx->ofproto, "ip", 100, "drop"), 0);

    tfm_init(&t, OFPROTO_FC_ADD, "tcp", 100, "drop");
    t.fm.flags = OFPROTO_FF_CHECK_OVERLAP;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), OFPERR_OFPFMFC_OVERLAP);
    tfm_destroy(&t);
    CHECK_EQ(n_rules(fx->ofproto), 1);

    /* Other priority: no overlap in OpenFlow's sense. */
    tfm_init(&t, OFPROTO_FC_ADD, "tcp", 200, "drop");
    t.fm.flags = OFPROTO_FF_CHECK_OVERLAP;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);

    /* Disjoint: fine. */
    tfm_init(&t, OFPROTO_FC_ADD, "arp", 100, "drop");
    t.fm.flags = OFPROTO_FF_CHECK_OVERLAP;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    CHECK_EQ(n_rules(fx->ofproto), 3);
    fx_destroy(fx);
}

OSW_TEST(modify_loose_and_strict)
{
    struct fx *fx = fx_create();

    clear(fx->ofproto);
    CHECK_EQ(add(fx->ofproto, "ip", 100, "drop"), 0);
    CHECK_EQ(add(fx->ofproto, "tcp", 200, "drop"), 0);
    CHECK_EQ(add(fx->ofproto, "arp", 300, "drop"), 0);

    /* Loose: every rule the match covers, any priority. */
    CHECK_EQ(do_fm(fx->ofproto, OFPROTO_FC_MODIFY, "ip", 0, "output:2"), 0);
    check_actions(find(fx->ofproto, 0, "ip", 100), "output:2");
    check_actions(find(fx->ofproto, 0, "tcp", 200), "output:2");
    check_actions(find(fx->ofproto, 0, "arp", 300), "drop");

    /* Strict: exactly that match and priority. */
    CHECK_EQ(do_fm(fx->ofproto, OFPROTO_FC_MODIFY_STRICT, "tcp", 200,
                   "output:3"), 0);
    check_actions(find(fx->ofproto, 0, "ip", 100), "output:2");
    check_actions(find(fx->ofproto, 0, "tcp", 200), "output:3");

    /* Strict with another priority matches nothing: it adds. */
    CHECK_EQ(do_fm(fx->ofproto, OFPROTO_FC_MODIFY_STRICT, "tcp", 201,
                   "output:1"), 0);
    check_actions(find(fx->ofproto, 0, "tcp", 201), "output:1");
    CHECK_EQ(n_rules(fx->ofproto), 4);
    fx_destroy(fx);
}

OSW_TEST(modify_keeps_counters_unless_reset)
{
    struct fx *fx = fx_create();
    struct test_fm t;

    clear(fx->ofproto);
    CHECK_EQ(add(fx->ofproto, "ip", 100, "drop"), 0);
    struct rule *rule = find(fx->ofproto, 0, "ip", 100);
    rule->n_packets = 7;
    long long int created = rule->created;

    CHECK_EQ(do_fm(fx->ofproto, OFPROTO_FC_MODIFY, "ip", 0, "output:1"), 0);
    rule = find(fx->ofproto, 0, "ip", 100);
    CHECK_EQ(rule->n_packets, 7);
    CHECK_EQ(rule->created, created);

    tfm_init(&t, OFPROTO_FC_MODIFY, "ip", 0, "output:2");
    t.fm.flags = OFPROTO_FF_RESET_COUNTS;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    CHECK_EQ(find(fx->ofproto, 0, "ip", 100)->n_packets, 0);
    fx_destroy(fx);
}

OSW_TEST(modify_cookie_filter_and_new_cookie)
{
    struct fx *fx = fx_create();
    struct test_fm t;

    clear(fx->ofproto);
    tfm_init(&t, OFPROTO_FC_ADD, "ip", 100, "drop");
    t.fm.new_cookie = 0x10;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    tfm_init(&t, OFPROTO_FC_ADD, "arp", 100, "drop");
    t.fm.new_cookie = 0x20;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);

    /* Only cookie 0x2?: the ARP rule. */
    tfm_init(&t, OFPROTO_FC_MODIFY, "", 0, "output:1");
    t.fm.cookie = 0x20;
    t.fm.cookie_mask = 0xf0;
    t.fm.modify_cookie = true;
    t.fm.new_cookie = 0x21;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    check_actions(find(fx->ofproto, 0, "ip", 100), "drop");
    check_actions(find(fx->ofproto, 0, "arp", 100), "output:1");
    CHECK_EQ(find(fx->ofproto, 0, "arp", 100)->cookie, 0x21);
    CHECK_EQ(find(fx->ofproto, 0, "ip", 100)->cookie, 0x10);

    /* A cookie-filtered modify that matches nothing adds nothing. */
    tfm_init(&t, OFPROTO_FC_MODIFY, "udp", 5, "output:1");
    t.fm.cookie = 0x99;
    t.fm.cookie_mask = UINT64_MAX;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    CHECK_EQ(n_rules(fx->ofproto), 2);
    fx_destroy(fx);
}

OSW_TEST(delete_loose_strict_cookie_out_port)
{
    struct fx *fx = fx_create();
    struct test_fm t;

    clear(fx->ofproto);
    CHECK_EQ(add(fx->ofproto, "ip", 100, "output:1"), 0);
    CHECK_EQ(add(fx->ofproto, "tcp", 200, "output:2"), 0);
    CHECK_EQ(add(fx->ofproto, "udp", 200, "output:2"), 0);
    CHECK_EQ(add(fx->ofproto, "arp", 300, "drop"), 0);

    /* Strict with the wrong priority: nothing. */
    CHECK_EQ(do_fm(fx->ofproto, OFPROTO_FC_DELETE_STRICT, "tcp", 100, NULL),
             0);
    CHECK_EQ(n_rules(fx->ofproto), 4);

    /* out_port filter: only rules that output to 2, among "ip". */
    tfm_init(&t, OFPROTO_FC_DELETE, "udp", 0, NULL);
    t.fm.out_port = 1;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    CHECK_EQ(n_rules(fx->ofproto), 4);
    tfm_init(&t, OFPROTO_FC_DELETE, "ip", 0, NULL);
    t.fm.out_port = 2;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    CHECK_EQ(n_rules(fx->ofproto), 2);
    CHECK(find(fx->ofproto, 0, "ip", 100) != NULL);
    CHECK(find(fx->ofproto, 0, "arp", 300) != NULL);

    /* Strict, exact. */
    CHECK_EQ(do_fm(fx->ofproto, OFPROTO_FC_DELETE_STRICT, "ip", 100, NULL),
             0);
    CHECK_EQ(n_rules(fx->ofproto), 1);

    /* Cookie mask. */
    tfm_init(&t, OFPROTO_FC_ADD, "ipv6", 5, "drop");
    t.fm.new_cookie = 0xab;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    tfm_init(&t, OFPROTO_FC_DELETE, "", 0, NULL);
    t.fm.cookie = 0xab;
    t.fm.cookie_mask = UINT64_MAX;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    CHECK(find(fx->ofproto, 0, "ipv6", 5) == NULL);
    CHECK(find(fx->ofproto, 0, "arp", 300) != NULL);
    fx_destroy(fx);
}

OSW_TEST(bad_actions_refused)
{
    struct fx *fx = fx_create();

    clear(fx->ofproto);
    /* A group that does not exist. */
    CHECK_EQ(add(fx->ofproto, "ip", 1, "group:7"),
             OFPERR_OFPBAC_BAD_OUT_GROUP);
    /* A meter that does not exist. */
    CHECK_EQ(add(fx->ofproto, "ip", 1, "meter:3,output:1"),
             OFPERR_OFPMMFC_UNKNOWN_METER);
    CHECK_EQ(n_rules(fx->ofproto), 0);
    fx_destroy(fx);
}

OSW_TEST(hidden_rules)
{
    struct fx *fx = fx_create();
    struct match match;
    struct ofpbuf ofpacts;

    clear(fx->ofproto);
    ofpbuf_init(&ofpacts, 64);
    CHECK(!ofpacts_parse("NORMAL", &ofpacts, NULL, NULL));
    match_init_catchall(&match);
    ofproto_add_flow(fx->ofproto, &match, 0xf0f0f0, ofpacts.data,
                     ofpacts.size);

    /* Invisible to OpenFlow, untouched by a delete-all. */
    CHECK_EQ(n_rules(fx->ofproto), 0);
    CHECK_EQ(do_fm(fx->ofproto, OFPROTO_FC_DELETE, "", 0, NULL), 0);
    CHECK(find(fx->ofproto, 0, "", 0xf0f0f0) != NULL);

    /* A flow_mod may not make one. */
    CHECK_EQ(add(fx->ofproto, "", 0x10000, "drop"), OFPERR_OFPFMFC_EPERM);

    CHECK(ofproto_delete_flow(fx->ofproto, &match, 0xf0f0f0));
    CHECK(!ofproto_delete_flow(fx->ofproto, &match, 0xf0f0f0));
    CHECK(find(fx->ofproto, 0, "", 0xf0f0f0) == NULL);

    ofproto_add_flow(fx->ofproto, &match, 0xf0f0f0, ofpacts.data,
                     ofpacts.size);
    ofproto_flush_flows(fx->ofproto);
    CHECK(find(fx->ofproto, 0, "", 0xf0f0f0) == NULL);
    ofpbuf_uninit(&ofpacts);
    fx_destroy(fx);
}

OSW_TEST(timeouts_expire)
{
    struct fx *fx = fx_create();
    struct test_fm t;

    clear(fx->ofproto);
    tfm_init(&t, OFPROTO_FC_ADD, "ip", 10, "drop");
    t.fm.hard_timeout = 5;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    tfm_init(&t, OFPROTO_FC_ADD, "arp", 10, "drop");
    t.fm.idle_timeout = 5;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    CHECK_EQ(add(fx->ofproto, "udp", 10, "drop"), 0);

    ofproto_run(fx->ofproto);
    CHECK_EQ(n_rules(fx->ofproto), 3);

    /* The fake clock: move the rules' times back. */
    struct rule *hard = find(fx->ofproto, 0, "ip", 10);
    hard->modified -= 6000;
    ofproto_run(fx->ofproto);
    CHECK(find(fx->ofproto, 0, "ip", 10) == NULL);
    CHECK_EQ(n_rules(fx->ofproto), 2);

    struct rule *idle = find(fx->ofproto, 0, "arp", 10);
    idle->used -= 4000;
    ofproto_run(fx->ofproto);
    CHECK(find(fx->ofproto, 0, "arp", 10) != NULL);
    idle->used -= 2000;
    ofproto_run(fx->ofproto);
    CHECK(find(fx->ofproto, 0, "arp", 10) == NULL);
    CHECK(find(fx->ofproto, 0, "udp", 10) != NULL);
    fx_destroy(fx);
}

OSW_TEST(modify_restarts_hard_timeout)
{
    struct fx *fx = fx_create();
    struct test_fm t;

    clear(fx->ofproto);
    tfm_init(&t, OFPROTO_FC_ADD, "ip", 10, "drop");
    t.fm.hard_timeout = 5;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    struct rule *rule = find(fx->ofproto, 0, "ip", 10);
    rule->modified -= 4000;
    CHECK_EQ(do_fm(fx->ofproto, OFPROTO_FC_MODIFY, "ip", 0, "output:1"), 0);
    rule->modified -= 2000;
    ofproto_run(fx->ofproto);
    CHECK(find(fx->ofproto, 0, "ip", 10) != NULL);
    CHECK_EQ(rule->hard_timeout, 5);
    fx_destroy(fx);
}

static void
bucket_init(struct ofgroup_bucket *b, struct ofpbuf *buf, const char *acts)
{
    memset(b, 0, sizeof *b);
    ofpbuf_init(buf, 64);
    CHECK(!ofpacts_parse(acts, buf, NULL, NULL));
    b->ofpacts = buf->data;
    b->ofpacts_len = buf->size;
    b->watch_port = 0xffffffff;
    b->watch_group = OFPROTO_GROUP_ANY;
    b->weight = 1;
}

static enum ofperr
group_add(struct ofproto *ofproto, enum ofproto_group_command command,
          uint32_t id, enum ofgroup_type type, const char *a1,
          const char *a2)
{
    struct ofgroup_bucket buckets[2];
    struct ofpbuf bufs[2];
    size_t n = 0;

    if (a1) {
        bucket_init(&buckets[n], &bufs[n], a1);
        n++;
    }
    if (a2) {
        bucket_init(&buckets[n], &bufs[n], a2);
        n++;
    }
    struct ofproto_group_mod gm = {
        .command = command, .type = type, .group_id = id,
        .buckets = buckets, .n_buckets = n,
    };
    enum ofperr error = ofproto_group_mod(ofproto, &gm);
    for (size_t i = 0; i < n; i++) {
        ofpbuf_uninit(&bufs[i]);
    }
    return error;
}

OSW_TEST(groups_add_modify_delete)
{
    struct fx *fx = fx_create();

    clear(fx->ofproto);
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_ADD, 1, OFGROUP_ALL,
                       "output:1", "output:2"), 0);
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_ADD, 1, OFGROUP_ALL,
                       "output:1", NULL), OFPERR_OFPGMFC_GROUP_EXISTS);
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_MODIFY, 9, OFGROUP_ALL,
                       "output:1", NULL), OFPERR_OFPGMFC_UNKNOWN_GROUP);
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_ADD, 0xfffffff0,
                       OFGROUP_ALL, "output:1", NULL),
             OFPERR_OFPGMFC_INVALID_GROUP);
    /* Indirect: exactly one bucket. */
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_ADD, 2, OFGROUP_INDIRECT,
                       "output:1", "output:2"),
             OFPERR_OFPGMFC_INVALID_GROUP);
    /* Fast failover needs watches. */
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_ADD, 2, OFGROUP_FF,
                       "output:1", NULL), OFPERR_OFPGMFC_BAD_WATCH);

    struct ofgroup *g = ofproto_group_lookup(fx->ofproto, 1);
    CHECK(g != NULL);
    CHECK_EQ(g->n_buckets, 2);
    CHECK_EQ(g->type, OFGROUP_ALL);

    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_MODIFY, 1, OFGROUP_SELECT,
                       "output:3", NULL), 0);
    g = ofproto_group_lookup(fx->ofproto, 1);
    CHECK_EQ(g->n_buckets, 1);
    CHECK_EQ(g->type, OFGROUP_SELECT);

    /* A rule that uses it goes with it. */
    CHECK_EQ(add(fx->ofproto, "ip", 5, "group:1"), 0);
    CHECK_EQ(add(fx->ofproto, "arp", 5, "drop"), 0);
    CHECK_EQ(ofproto_count_rules_using(fx->ofproto, 1, 0), 1);
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_DELETE, 1, OFGROUP_ALL,
                       NULL, NULL), 0);
    CHECK(ofproto_group_lookup(fx->ofproto, 1) == NULL);
    CHECK(find(fx->ofproto, 0, "ip", 5) == NULL);
    CHECK(find(fx->ofproto, 0, "arp", 5) != NULL);

    /* Deleting an unknown group is no error; OFPG_ALL deletes all. */
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_DELETE, 77, OFGROUP_ALL,
                       NULL, NULL), 0);
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_ADD, 3, OFGROUP_ALL,
                       "output:1", NULL), 0);
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_ADD, 4, OFGROUP_ALL,
                       "output:2", NULL), 0);
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_DELETE, OFPROTO_GROUP_ALL,
                       OFGROUP_ALL, NULL, NULL), 0);
    CHECK(hmap_is_empty(&fx->ofproto->groups));
    fx_destroy(fx);
}

OSW_TEST(groups_chaining_and_loops)
{
    struct fx *fx = fx_create();

    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_ADD, 1, OFGROUP_ALL,
                       "output:1", NULL), 0);
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_ADD, 2, OFGROUP_ALL,
                       "group:1", NULL), 0);
    /* Unknown chained group. */
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_ADD, 3, OFGROUP_ALL,
                       "group:99", NULL), OFPERR_OFPBAC_BAD_OUT_GROUP);
    /* 1 -> 2 -> 1 would loop. */
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_MODIFY, 1, OFGROUP_ALL,
                       "group:2", NULL), OFPERR_OFPGMFC_LOOP);
    fx_destroy(fx);
}

OSW_TEST(fast_failover_liveness)
{
    struct fx *fx = fx_create();
    struct ofgroup_bucket b;
    struct ofpbuf buf;

    bucket_init(&b, &buf, "output:1");
    b.watch_port = 1;
    CHECK(ofproto_bucket_is_alive(fx->ofproto, &b, 0));
    /* Administratively down: not live. */
    struct ofport *port = ofproto_get_port(fx->ofproto, 1);
    ofproto_port_set_config(fx->ofproto, port, OFPROTO_PC_PORT_DOWN,
                            OFPROTO_PC_PORT_DOWN);
    CHECK(!ofproto_bucket_is_alive(fx->ofproto, &b, 0));
    ofproto_port_set_config(fx->ofproto, port, 0, OFPROTO_PC_PORT_DOWN);
    CHECK(!(port->config & OFPROTO_PC_PORT_DOWN));
    /* A port that does not exist. */
    b.watch_port = 42;
    CHECK(!ofproto_bucket_is_alive(fx->ofproto, &b, 0));
    ofpbuf_uninit(&buf);
    fx_destroy(fx);
}

static enum ofperr
meter_mod(struct ofproto *ofproto, enum ofproto_meter_command command,
          uint32_t id, uint16_t flags, uint32_t rate)
{
    struct ofproto_meter_mod mm = {
        .command = command, .flags = flags, .meter_id = id,
        .n_bands = rate ? 1 : 0,
    };
    mm.bands[0].type = OFPROTO_METER_BAND_DROP;
    mm.bands[0].rate = rate;
    mm.bands[0].burst_size = 100;
    return ofproto_meter_mod(ofproto, &mm);
}

OSW_TEST(meters_config)
{
    struct fx *fx = fx_create();

    clear(fx->ofproto);
    CHECK_EQ(meter_mod(fx->ofproto, OFPROTO_MC_ADD, 1,
                       OFPROTO_METER_KBPS | OFPROTO_METER_BURST, 1000), 0);
    CHECK_EQ(meter_mod(fx->ofproto, OFPROTO_MC_ADD, 1, OFPROTO_METER_KBPS,
                       1000), OFPERR_OFPMMFC_METER_EXISTS);
    CHECK_EQ(meter_mod(fx->ofproto, OFPROTO_MC_ADD, 0, OFPROTO_METER_KBPS,
                       1000), OFPERR_OFPMMFC_INVALID_METER);
    CHECK_EQ(meter_mod(fx->ofproto, OFPROTO_MC_ADD, 2,
                       OFPROTO_METER_KBPS | OFPROTO_METER_PKTPS, 1000),
             OFPERR_OFPMMFC_BAD_FLAGS);
    CHECK_EQ(meter_mod(fx->ofproto, OFPROTO_MC_ADD, 2, OFPROTO_METER_PKTPS,
                       0), 0);      /* No bands: allowed. */
    CHECK_EQ(meter_mod(fx->ofproto, OFPROTO_MC_MODIFY, 9,
                       OFPROTO_METER_KBPS, 10),
             OFPERR_OFPMMFC_UNKNOWN_METER);

    struct ofmeter *m = ofproto_meter_lookup(fx->ofproto, 1);
    CHECK(m != NULL);
    CHECK_EQ(m->n_bands, 1);
    CHECK_EQ(m->bands[0].rate, 1000);
    CHECK_EQ(m->bands[0].burst_size, 100);
    CHECK(m->dp_meter_id != 0);
    CHECK(m->dp_meter_id != ofproto_meter_lookup(fx->ofproto, 2)
          ->dp_meter_id);

    CHECK_EQ(meter_mod(fx->ofproto, OFPROTO_MC_MODIFY, 1,
                       OFPROTO_METER_KBPS, 2000), 0);
    CHECK_EQ(ofproto_meter_lookup(fx->ofproto, 1)->bands[0].rate, 2000);

    /* Without a unit flag the rate is in kbps, but the flags stay as the
     * controller gave them (config replies echo them). */
    CHECK_EQ(meter_mod(fx->ofproto, OFPROTO_MC_ADD, 3, 0, 500), 0);
    CHECK_EQ(ofproto_meter_lookup(fx->ofproto, 3)->flags, 0);

    /* Rules that use a deleted meter go. */
    CHECK_EQ(add(fx->ofproto, "ip", 5, "meter:1,output:1"), 0);
    ofproto_meter_get_stats(fx->ofproto, ofproto_meter_lookup(fx->ofproto,
                                                              1));
    CHECK_EQ(ofproto_meter_lookup(fx->ofproto, 1)->flow_count, 1);
    CHECK_EQ(meter_mod(fx->ofproto, OFPROTO_MC_DELETE, 1, 0, 0), 0);
    CHECK(ofproto_meter_lookup(fx->ofproto, 1) == NULL);
    CHECK(find(fx->ofproto, 0, "ip", 5) == NULL);
    CHECK_EQ(meter_mod(fx->ofproto, OFPROTO_MC_DELETE, OFPROTO_METER_ALL, 0,
                       0), 0);
    CHECK(hmap_is_empty(&fx->ofproto->meters));
    fx_destroy(fx);
}

OSW_TEST(packet_in_queue_bounded)
{
    struct fx *fx = fx_create();
    uint8_t frame[60] = { 0 };
    struct flow flow;

    memset(&flow, 0, sizeof flow);
    for (int i = 0; i < OFPROTO_MAX_PACKET_INS + 10; i++) {
        ofproto_queue_packet_in(fx->ofproto, frame, sizeof frame, &flow, 1,
                                1, 0, 0, 0xffff, 0);
    }
    CHECK_EQ(fx->ofproto->n_pins, OFPROTO_MAX_PACKET_INS);
    CHECK_EQ(fx->ofproto->n_pins_dropped, 10);
    /* Sending drains it (no controllers: they just go). */
    ofproto_run(fx->ofproto);
    CHECK_EQ(fx->ofproto->n_pins, 0);
    fx_destroy(fx);
}

/* Traffic: a frame from p1 through the datapath. */
static void
inject_ip(struct fx *fx, int port_idx, uint8_t nw_proto)
{
    struct flow flow;
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);

    memset(&flow, 0, sizeof flow);
    flow.dl_src = (struct eth_addr) { { 0x02, 0, 0, 0, 0, 1 } };
    flow.dl_dst = (struct eth_addr) { { 0x02, 0, 0, 0, 0, 2 } };
    flow.dl_type = htons(ETH_TYPE_IP);
    flow.nw_src = htonl(0x0a000001);
    flow.nw_dst = htonl(0x0a000002);
    flow.nw_proto = nw_proto;
    flow.nw_ttl = 64;
    flow_compose(p, &flow, 20);
    CHECK_EQ(netdev_dummy_receive(fx->netdevs[port_idx], p), 0);
}

static bool
wait_sent(struct fx *fx, int port_idx)
{
    long long int deadline = time_msec() + 2000;
    for (;;) {
        struct dp_packet *p = netdev_dummy_pop_sent(fx->netdevs[port_idx]);
        if (p) {
            dp_packet_delete(p);
            return true;
        }
        if (time_msec() > deadline) {
            return false;
        }
        usleep(1000);
    }
}

static uint64_t
wait_rule_packets(struct fx *fx, const char *match, int priority,
                  uint64_t want)
{
    long long int deadline = time_msec() + 3000;
    for (;;) {
        ofproto_refresh_stats();
        struct rule *rule = find(fx->ofproto, 0, match, priority);
        if (!rule || rule->n_packets >= want || time_msec() > deadline) {
            return rule ? rule->n_packets : 0;
        }
        usleep(10000);
    }
}

OSW_TEST(traffic_counts_in_rules)
{
    struct fx *fx = fx_create();

    clear(fx->ofproto);
    CHECK_EQ(add(fx->ofproto, "icmp", 500, "drop"), 0);
    CHECK_EQ(add(fx->ofproto, "in_port=1", 100, "output:2"), 0);

    for (int i = 0; i < 3; i++) {
        inject_ip(fx, 0, 1);    /* ICMP: dropped. */
    }
    inject_ip(fx, 0, 17);       /* UDP: to port 2. */
    CHECK(wait_sent(fx, 1));
    CHECK_EQ(wait_rule_packets(fx, "icmp", 500, 3), 3);
    CHECK_EQ(wait_rule_packets(fx, "in_port=1", 100, 1), 1);

    /* After a delete of the drop rule, ICMP goes to port 2 at once
     * (no stale megaflow). */
    CHECK_EQ(do_fm(fx->ofproto, OFPROTO_FC_DELETE_STRICT, "icmp", 500,
                   NULL), 0);
    inject_ip(fx, 0, 1);
    CHECK(wait_sent(fx, 1));
    /* Exactly the two packets that went through it, although the
     * datapath hands the retranslated ICMP megaflow's earlier counts (the
     * drops) to its successor. */
    uint64_t n = wait_rule_packets(fx, "in_port=1", 100, 2);
    CHECK_EQ(n, 2);
    CHECK_EQ(find(fx->ofproto, 0, "icmp", 500), NULL);

    /* Counters survive the megaflows. */
    dpif_flow_flush(fx->dpif);
    ofproto_refresh_stats();
    CHECK_EQ(find(fx->ofproto, 0, "in_port=1", 100)->n_packets, n);

    /* Exact when the masks stay: more UDP. */
    inject_ip(fx, 0, 17);
    inject_ip(fx, 0, 17);
    CHECK(wait_sent(fx, 1));
    CHECK(wait_sent(fx, 1));
    CHECK_EQ(wait_rule_packets(fx, "in_port=1", 100, n + 2), n + 2);
    fx_destroy(fx);
}

/* Waits until table 0 has looked up 'lookups' packets and matched
 * 'matched' (or 3 s went by); true if it did. */
static bool
wait_table_counts(struct fx *fx, uint64_t lookups, uint64_t matched)
{
    const struct oftable *t = &fx->ofproto->tables[0];
    long long int deadline = time_msec() + 3000;
    for (;;) {
        ofproto_refresh_stats();
        if ((t->n_lookups == lookups && t->n_matched == matched)
            || time_msec() > deadline) {
            return t->n_lookups == lookups && t->n_matched == matched;
        }
        usleep(10000);
    }
}

/* Table statistics count packets, cached ones too (as Open vSwitch's and
 * as os-ken's switch tester expects), not translations. */
OSW_TEST(traffic_counts_in_tables)
{
    struct fx *fx = fx_create();

    clear(fx->ofproto);
    CHECK_EQ(add(fx->ofproto, "udp", 100, "output:2"), 0);
    uint64_t lookups0 = fx->ofproto->tables[0].n_lookups;
    uint64_t matched0 = fx->ofproto->tables[0].n_matched;
    for (int i = 0; i < 3; i++) {
        inject_ip(fx, 0, 17);   /* UDP: one megaflow, then cached. */
        CHECK(wait_sent(fx, 1));
    }
    inject_ip(fx, 0, 1);        /* ICMP: a miss, then a cached miss. */
    inject_ip(fx, 0, 1);
    CHECK(wait_table_counts(fx, lookups0 + 5, matched0 + 3));
    fx_destroy(fx);
}

/* A rule added over cached traffic counts only what it sees. */
OSW_TEST(traffic_counts_exact_after_add)
{
    struct fx *fx = fx_create();

    clear(fx->ofproto);
    CHECK_EQ(add(fx->ofproto, "in_port=1", 100, "output:2"), 0);
    for (int i = 0; i < 3; i++) {
        inject_ip(fx, 0, 1);
        CHECK(wait_sent(fx, 1));
    }
    CHECK_EQ(wait_rule_packets(fx, "in_port=1", 100, 3), 3);

    CHECK_EQ(add(fx->ofproto, "icmp", 500, "drop"), 0);
    inject_ip(fx, 0, 1);
    inject_ip(fx, 0, 1);
    CHECK(!wait_sent(fx, 1));
    CHECK_EQ(wait_rule_packets(fx, "icmp", 500, 2), 2);
    CHECK_EQ(find(fx->ofproto, 0, "in_port=1", 100)->n_packets, 3);
    fx_destroy(fx);
}

/* Flow_mods that retranslate cached traffic (in place, and with a new
 * mask) between two statistics dumps: each rule gets exactly the packets
 * that went through it, although no dump saw the old megaflows' last
 * counts. */
OSW_TEST(traffic_counts_exact_across_revalidations)
{
    struct fx *fx = fx_create();

    clear(fx->ofproto);
    CHECK_EQ(add(fx->ofproto, "in_port=1", 100, "output:2"), 0);
    for (int i = 0; i < 3; i++) {
        inject_ip(fx, 0, 1);
        CHECK(wait_sent(fx, 1));
    }
    /* No dump yet: a drop rule for ICMP (the megaflow's mask grows). */
    CHECK_EQ(add(fx->ofproto, "icmp", 500, "drop"), 0);
    inject_ip(fx, 0, 1);
    inject_ip(fx, 0, 1);
    CHECK(!wait_sent(fx, 1));
    /* Modify its actions (same mask: retranslated in place). */
    CHECK_EQ(do_fm(fx->ofproto, OFPROTO_FC_MODIFY_STRICT, "icmp", 500,
                   "output:3"), 0);
    inject_ip(fx, 0, 1);
    CHECK(wait_sent(fx, 2));
    /* And back to the first rule alone. */
    CHECK_EQ(do_fm(fx->ofproto, OFPROTO_FC_DELETE_STRICT, "icmp", 500,
                   NULL), 0);
    inject_ip(fx, 0, 1);
    CHECK(wait_sent(fx, 1));

    ofproto_refresh_stats();
    CHECK_EQ(find(fx->ofproto, 0, "in_port=1", 100)->n_packets, 4);
    CHECK_EQ(find(fx->ofproto, 0, "in_port=1", 100)->n_bytes,
             4 * (14 + 20 + 8 + 20));

    /* Once more, with a dump between each step. */
    CHECK_EQ(add(fx->ofproto, "icmp", 500, "drop"), 0);
    inject_ip(fx, 0, 1);
    CHECK_EQ(wait_rule_packets(fx, "icmp", 500, 1), 1);
    CHECK_EQ(do_fm(fx->ofproto, OFPROTO_FC_MODIFY_STRICT, "icmp", 500,
                   "output:3"), 0);
    inject_ip(fx, 0, 1);
    CHECK(wait_sent(fx, 2));
    CHECK_EQ(wait_rule_packets(fx, "icmp", 500, 2), 2);
    ofproto_refresh_stats();
    ofproto_refresh_stats();
    CHECK_EQ(find(fx->ofproto, 0, "icmp", 500)->n_packets, 2);
    CHECK_EQ(find(fx->ofproto, 0, "in_port=1", 100)->n_packets, 4);
    fx_destroy(fx);
}

OSW_TEST(port_mod_no_fwd)
{
    struct fx *fx = fx_create();

    clear(fx->ofproto);
    CHECK_EQ(add(fx->ofproto, "in_port=1", 100, "output:2"), 0);
    inject_ip(fx, 0, 17);
    CHECK(wait_sent(fx, 1));

    struct ofport *port = ofproto_get_port(fx->ofproto, 2);
    ofproto_port_set_config(fx->ofproto, port, OFPROTO_PC_NO_FWD,
                            OFPROTO_PC_NO_FWD);
    CHECK_EQ(port->config, OFPROTO_PC_NO_FWD);
    inject_ip(fx, 0, 17);
    CHECK(!wait_sent(fx, 1));
    fx_destroy(fx);
}

/* OpenFlow over the management socket, with the switch run in this
 * thread between sends and receives. */

static struct vconn *
wire_open(struct fx *fx, uint32_t versions)
{
    char *name = xasprintf("unix:%s/br0.mgmt", osw_test_tmpdir());
    struct vconn *vconn;
    long long int deadline = time_msec() + 5000;

    CHECK_EQ(vconn_open(name, versions, 0, &vconn), 0);
    free(name);
    for (;;) {
        ofproto_run(fx->ofproto);
        vconn_run(vconn);
        int error = vconn_connect(vconn);
        if (!error) {
            return vconn;
        }
        CHECK_EQ(error, EAGAIN);
        CHECK(time_msec() < deadline);
        usleep(1000);
    }
}

static void
wire_send(struct fx *fx, struct vconn *vconn, struct ofpbuf *msg)
{
    long long int deadline = time_msec() + 5000;
    for (;;) {
        int error = vconn_send(vconn, msg);
        if (!error) {
            break;
        }
        CHECK_EQ(error, EAGAIN);
        CHECK(time_msec() < deadline);
        ofproto_run(fx->ofproto);
        vconn_run(vconn);
        usleep(1000);
    }
    vconn_run(vconn);
}

/* The next message from the switch (5 s at most). */
static struct ofpbuf *
wire_recv(struct fx *fx, struct vconn *vconn)
{
    long long int deadline = time_msec() + 5000;
    for (;;) {
        struct ofpbuf *msg;
        vconn_run(vconn);
        int error = vconn_recv(vconn, &msg);
        if (!error) {
            return msg;
        }
        CHECK_EQ(error, EAGAIN);
        CHECK(time_msec() < deadline);
        ofproto_run(fx->ofproto);
        usleep(1000);
    }
}

static enum ofptype
msg_type(const struct ofpbuf *msg)
{
    enum ofptype type;
    CHECK_EQ(ofptype_decode(&type, msg->data), 0);
    return type;
}

/* Sends 'msg', then a barrier, and returns the error that answered 'msg'
 * (0 if none came before the barrier reply). */
static enum ofperr
wire_transact_noreply(struct fx *fx, struct vconn *vconn,
                      struct ofpbuf *msg)
{
    uint8_t version = vconn_get_version(vconn);
    enum ofperr result = 0;

    wire_send(fx, vconn, msg);
    wire_send(fx, vconn, ofputil_encode_barrier_request(version));
    for (;;) {
        struct ofpbuf *reply = wire_recv(fx, vconn);
        enum ofptype type = msg_type(reply);
        if (type == OFPTYPE_ERROR) {
            result = ofperr_decode_msg(reply->data, NULL);
        }
        ofpbuf_delete(reply);
        if (type == OFPTYPE_BARRIER_REPLY) {
            return result;
        }
    }
}

static struct ofpbuf *
encode_flow_mod(enum ofputil_protocol protocol, uint16_t command,
                const char *match_s, uint16_t priority, const char *acts,
                uint32_t flags)
{
    struct ofputil_flow_mod fm;
    struct ofpbuf ofpacts;

    memset(&fm, 0, sizeof fm);
    ofpbuf_init(&ofpacts, 64);
    parse_match(&fm.match, match_s);
    fm.priority = priority;
    fm.command = command;
    fm.table_id = command == OFPFC_ADD ? 0 : OFPTT_ALL;
    fm.buffer_id = OFP_NO_BUFFER;
    fm.out_port = OFPP_NONE;
    fm.out_group = OFPG_ANY;
    fm.flags = flags;
    if (acts) {
        CHECK(!ofpacts_parse(acts, &ofpacts, NULL, NULL));
    }
    fm.ofpacts = ofpacts.data;
    fm.ofpacts_len = ofpacts.size;
    struct ofpbuf *msg = ofputil_encode_flow_mod(&fm, protocol);
    ofpbuf_uninit(&ofpacts);
    return msg;
}

OSW_TEST(wire_features)
{
    struct fx *fx = fx_create();
    struct vconn *vconn = wire_open(fx, VCONN_VERSION_BIT(OFP13_VERSION));

    ofproto_set_datapath_id(fx->ofproto, 0x1234);
    wire_send(fx, vconn, ofputil_encode_features_request(OFP13_VERSION));
    struct ofpbuf *reply = wire_recv(fx, vconn);
    struct ofputil_switch_features sf;
    struct ofpbuf ports;
    CHECK_EQ(msg_type(reply), OFPTYPE_FEATURES_REPLY);
    CHECK_EQ(ofputil_decode_switch_features(reply->data, &sf, &ports), 0);
    CHECK_EQ(sf.datapath_id, 0x1234);
    CHECK_EQ(sf.n_tables, 254);
    CHECK_EQ(sf.n_buffers, 256);
    CHECK(sf.capabilities & OFPUTIL_C_FLOW_STATS);
    CHECK(sf.capabilities & OFPUTIL_C_GROUP_STATS);
    ofpbuf_delete(reply);
    vconn_close(vconn);
    fx_destroy(fx);
}

OSW_TEST(wire_features_of10_has_ports)
{
    struct fx *fx = fx_create();
    struct vconn *vconn = wire_open(fx, VCONN_VERSION_BIT(OFP10_VERSION));

    wire_send(fx, vconn, ofputil_encode_features_request(OFP10_VERSION));
    struct ofpbuf *reply = wire_recv(fx, vconn);
    struct ofputil_switch_features sf;
    struct ofpbuf ports;
    CHECK_EQ(ofputil_decode_switch_features(reply->data, &sf, &ports), 0);
    int n = 0;
    struct ofputil_phy_port pp;
    while (!ofputil_pull_phy_port(OFP10_VERSION, &ports, &pp)) {
        n++;
        CHECK(pp.port_no >= 1 && pp.port_no <= N_PORTS);
    }
    CHECK_EQ(n, N_PORTS);
    ofpbuf_delete(reply);
    vconn_close(vconn);
    fx_destroy(fx);
}

OSW_TEST(wire_flow_mod_errors_and_unknown_type)
{
    struct fx *fx = fx_create();
    struct vconn *vconn = wire_open(fx, VCONN_VERSION_BIT(OFP13_VERSION));

    /* Accepted, then visible in the table. */
    CHECK_EQ(wire_transact_noreply(
                 fx, vconn, encode_flow_mod(OFPUTIL_P_OF13_OXM, OFPFC_ADD,
                                            "tcp,tp_dst=80", 7, "drop", 0)),
             0);
    CHECK(find(fx->ofproto, 0, "tcp,tp_dst=80", 7) != NULL);

    /* A group that does not exist. */
    CHECK_EQ(wire_transact_noreply(
                 fx, vconn, encode_flow_mod(OFPUTIL_P_OF13_OXM, OFPFC_ADD,
                                            "udp", 7, "group:9", 0)),
             OFPERR_OFPBAC_BAD_OUT_GROUP);

    /* Overlap. */
    CHECK_EQ(wire_transact_noreply(
                 fx, vconn, encode_flow_mod(OFPUTIL_P_OF13_OXM, OFPFC_ADD,
                                            "tcp", 7, "drop",
                                            OFPUTIL_FF_CHECK_OVERLAP)),
             OFPERR_OFPFMFC_OVERLAP);

    /* A message the switch does not take: OFPBRC_BAD_TYPE. */
    uint8_t frame[64] = { 0 };
    struct ofputil_packet_in pin = {
        .packet = frame, .packet_len = sizeof frame,
        .total_len = sizeof frame, .buffer_id = OFP_NO_BUFFER,
    };
    match_init_catchall(&pin.flow_metadata);
    match_set_in_port(&pin.flow_metadata, 1);
    CHECK_EQ(wire_transact_noreply(
                 fx, vconn, ofputil_encode_packet_in(&pin, OFPUTIL_P_OF13_OXM,
                                                     NXPIF_STANDARD)),
             OFPERR_OFPBRC_BAD_TYPE);
    vconn_close(vconn);
    fx_destroy(fx);
}

OSW_TEST(wire_flow_removed_on_delete)
{
    struct fx *fx = fx_create();
    struct vconn *vconn = wire_open(fx, VCONN_VERSION_BIT(OFP13_VERSION));
    struct ofputil_switch_config sc = { .flags = 0, .miss_send_len = 128 };

    /* A service connection gets asynchronous messages only after it asks
     * with a miss_send_len. */
    wire_send(fx, vconn, ofputil_encode_set_config(&sc, OFP13_VERSION));
    CHECK_EQ(wire_transact_noreply(
                 fx, vconn, encode_flow_mod(OFPUTIL_P_OF13_OXM, OFPFC_ADD,
                                            "arp", 33, "NORMAL",
                                            OFPUTIL_FF_SEND_FLOW_REM)),
             0);
    wire_send(fx, vconn, encode_flow_mod(OFPUTIL_P_OF13_OXM,
                                         OFPFC_DELETE_STRICT, "arp", 33,
                                         NULL, 0));
    for (;;) {
        struct ofpbuf *msg = wire_recv(fx, vconn);
        if (msg_type(msg) == OFPTYPE_FLOW_REMOVED) {
            struct ofputil_flow_removed fr;
            CHECK_EQ(ofputil_decode_flow_removed(&fr, msg->data), 0);
            CHECK_EQ(fr.reason, OFPRR_DELETE);
            CHECK_EQ(fr.priority, 33);
            CHECK_EQ(fr.table_id, 0);
            ofpbuf_delete(msg);
            break;
        }
        ofpbuf_delete(msg);
    }
    CHECK(find(fx->ofproto, 0, "arp", 33) == NULL);
    vconn_close(vconn);
    fx_destroy(fx);
}

/* A TCP frame from p1 to p2 with the given ports. */
static struct ofpbuf *
encode_tcp_packet_out(const char *acts, uint8_t nw_proto)
{
    struct flow flow;
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);
    struct ofpbuf ofpacts;

    memset(&flow, 0, sizeof flow);
    flow.dl_src = (struct eth_addr) { { 0x02, 0, 0, 0, 0, 1 } };
    flow.dl_dst = (struct eth_addr) { { 0x02, 0, 0, 0, 0, 2 } };
    flow.dl_type = htons(ETH_TYPE_IP);
    flow.nw_src = htonl(0x0a000001);
    flow.nw_dst = htonl(0x0a000002);
    flow.nw_proto = nw_proto;
    flow.nw_ttl = 64;
    flow.tp_src = htons(1234);
    flow.tp_dst = htons(80);
    flow_compose(p, &flow, 20);

    ofpbuf_init(&ofpacts, 64);
    CHECK(!ofpacts_parse(acts, &ofpacts, NULL, NULL));
    struct ofputil_packet_out po = {
        .packet = dp_packet_data(p),
        .packet_len = dp_packet_size(p),
        .buffer_id = OFP_NO_BUFFER,
        .in_port = 1,
        .ofpacts = ofpacts.data,
        .ofpacts_len = ofpacts.size,
    };
    struct ofpbuf *msg = ofputil_encode_packet_out(&po, OFPUTIL_P_OF13_OXM);
    ofpbuf_uninit(&ofpacts);
    dp_packet_delete(p);
    return msg;
}

/* Packet-out actions are checked against the packet itself, and the
 * rules and buckets a packet-out goes through are credited. */
OSW_TEST(wire_packet_out_checked_against_packet_and_counted)
{
    struct fx *fx = fx_create();
    struct vconn *vconn = wire_open(fx, VCONN_VERSION_BIT(OFP13_VERSION));

    clear(fx->ofproto);
    struct test_fm t;
    tfm_init(&t, OFPROTO_FC_ADD, "tcp", 10, "output:2");
    t.fm.table_id = 1;
    CHECK_EQ(ofproto_flow_mod(fx->ofproto, &t.fm), 0);
    tfm_destroy(&t);
    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_ADD, 7, OFGROUP_ALL,
                       "output:3", NULL), 0);
    CHECK_EQ(wire_transact_noreply(
                 fx, vconn, encode_tcp_packet_out(
                     "set_field:8080->tcp_dst,resubmit(,1),group:7",
                     IPPROTO_TCP)), 0);
    CHECK(wait_sent(fx, 1));
    CHECK(wait_sent(fx, 2));
    struct rule *rule = find(fx->ofproto, 1, "tcp", 10);
    CHECK(rule != NULL);
    CHECK_EQ(rule->n_packets, 1);
    CHECK_EQ(rule->n_bytes, 14 + 20 + 20 + 20);
    struct ofgroup *g = ofproto_group_lookup(fx->ofproto, 7);
    CHECK_EQ(g->n_packets, 1);

    /* A TCP field on a UDP packet is inconsistent. */
    CHECK_EQ(wire_transact_noreply(
                 fx, vconn, encode_tcp_packet_out(
                     "set_field:8080->tcp_dst,output:2", IPPROTO_UDP)),
             OFPERR_OFPBAC_MATCH_INCONSISTENT);
    vconn_close(vconn);
    fx_destroy(fx);
}

/* Load-balancer buckets rewrite addresses and ports whatever the rule
 * that sends packets to them matches (as ovs-ofctl accepts them). */
OSW_TEST(group_buckets_not_checked_against_a_match)
{
    struct fx *fx = fx_create();

    CHECK_EQ(group_add(fx->ofproto, OFPROTO_GC_ADD, 1, OFGROUP_ALL,
                       "mod_nw_dst:10.0.0.9,mod_tp_dst:8080,output:2",
                       "set_field:80->tcp_dst,output:3"), 0);
    /* Kept as given: both buckets, with their rewrites. */
    struct ofgroup *g = ofproto_group_lookup(fx->ofproto, 1);
    CHECK(g != NULL);
    CHECK_EQ(g->type, OFGROUP_ALL);
    CHECK_EQ(g->n_buckets, 2);
    CHECK(g->buckets[0].ofpacts_len > 0);
    CHECK(g->buckets[1].ofpacts_len > 0);
    fx_destroy(fx);
}

OSW_TEST_MAIN()
