#include <config.h>
#include "in-band.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "ofp-actions.h"
#include "ofproto.h"
#include "osw/match.h"
#include "osw/ofpbuf.h"
#include "osw/packets.h"
#include "osw/poll-loop.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(in_band);

/* Rule kinds, highest priority first (as Open vSwitch orders them). */
enum ibr_type {
    IBR_FROM_LOCAL_DHCP,
    IBR_TO_LOCAL_ARP,
    IBR_FROM_LOCAL_ARP,
    IBR_TO_NEXT_HOP_ARP,
    IBR_FROM_NEXT_HOP_ARP,
    IBR_TO_CTL_ARP,
    IBR_FROM_CTL_ARP,
    IBR_TO_CTL_TCP,
    IBR_FROM_CTL_TCP,
    N_IBR
};

struct ib_rule {
    struct match match;
    int priority;
};

struct in_band {
    struct ofproto *ofproto;
    char *local_name;

    struct sockaddr_in *remotes;
    size_t n_remotes;

    long long int next_refresh;
    bool dirty;                 /* Recompute at the next in_band_run(). */

    struct ib_rule *rules;      /* Installed. */
    size_t n_rules;
};

/* Creates the in-band state of 'ofproto', whose local port is the network
 * device 'local_name'.  No rule is installed until remotes are set. */
struct in_band *
in_band_create(struct ofproto *ofproto, const char *local_name)
{
    struct in_band *ib = xzalloc(sizeof *ib);
    ib->ofproto = ofproto;
    ib->local_name = xstrdup(local_name);
    ib->dirty = true;
    return ib;
}

static void
in_band_remove_all(struct in_band *ib)
{
    for (size_t i = 0; i < ib->n_rules; i++) {
        ofproto_delete_flow(ib->ofproto, &ib->rules[i].match,
                            ib->rules[i].priority);
    }
    free(ib->rules);
    ib->rules = NULL;
    ib->n_rules = 0;
}

/* Removes every rule 'ib' installed and frees it. */
void
in_band_destroy(struct in_band *ib)
{
    if (ib) {
        in_band_remove_all(ib);
        free(ib->remotes);
        free(ib->local_name);
        free(ib);
    }
}

/* Sets the controllers to reach in band to the 'n' addresses 'remotes'
 * (IPv4 address and TCP port each). */
void
in_band_set_remotes(struct in_band *ib, const struct sockaddr_in *remotes,
                    size_t n)
{
    if (n == ib->n_remotes
        && (!n || !memcmp(remotes, ib->remotes, n * sizeof *remotes))) {
        return;
    }
    free(ib->remotes);
    ib->remotes = n ? xmemdup(remotes, n * sizeof *remotes) : NULL;
    ib->n_remotes = n;
    ib->dirty = true;
}

/* Tells 'ib' that every flow was deleted (ofproto_flush_flows()): its
 * rules are added again at once. */
void
in_band_flushed(struct in_band *ib)
{
    if (ib) {
        free(ib->rules);
        ib->rules = NULL;
        ib->n_rules = 0;
        ib->dirty = true;
        in_band_run(ib);
    }
}

/* Kernel queries. */

static bool
get_local_mac(const char *name, struct eth_addr *mac)
{
    struct ifreq ifr;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        return false;
    }
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
    int error = ioctl(fd, SIOCGIFHWADDR, &ifr) < 0 ? errno : 0;
    close(fd);
    if (error) {
        return false;
    }
    memcpy(mac->ea, ifr.ifr_hwaddr.sa_data, ETH_ADDR_LEN);
    return !eth_addr_is_zero(*mac);
}

/* Returns the next hop toward 'ip' by the main routing table
 * (/proc/net/route, longest prefix): 'ip' itself when it is on a local
 * subnet, the gateway otherwise; INADDR_ANY when there is no route. */
static ovs_be32
get_next_hop(ovs_be32 ip)
{
    FILE *f = fopen("/proc/net/route", "r");
    if (!f) {
        return 0;
    }
    char line[256];
    int best_len = -1;
    ovs_be32 next_hop = 0;
    while (fgets(line, sizeof line, f)) {
        char ifname[IFNAMSIZ + 1];
        unsigned int dst, gw, flags, mask;
        if (sscanf(line, "%16s %x %x %x %*d %*d %*d %x", ifname, &dst, &gw,
                   &flags, &mask) != 5 || !(flags & 1 /* RTF_UP */)) {
            continue;
        }
        if ((ip & mask) != dst) {
            continue;
        }
        int len = __builtin_popcount(mask);
        if (len > best_len) {
            best_len = len;
            next_hop = (flags & 2 /* RTF_GATEWAY */) ? gw : ip;
        }
    }
    fclose(f);
    return next_hop;
}

/* Looks 'ip' up in the kernel's neighbour table. */
static bool
get_neighbour_mac(ovs_be32 ip, struct eth_addr *mac)
{
    FILE *f = fopen("/proc/net/arp", "r");
    if (!f) {
        return false;
    }
    char line[256];
    bool found = false;
    while (!found && fgets(line, sizeof line, f)) {
        char ip_s[64], mac_s[64];
        unsigned int flags;
        struct in_addr addr;
        if (sscanf(line, "%63s %*x %x %63s", ip_s, &flags, mac_s) == 3
            && inet_pton(AF_INET, ip_s, &addr) == 1
            && addr.s_addr == ip
            && (flags & 2 /* ATF_COM */)
            && eth_addr_from_string(mac_s, mac)
            && !eth_addr_is_zero(*mac)) {
            found = true;
        }
    }
    fclose(f);
    return found;
}

/* Rule computation. */

struct ib_rules {
    struct ib_rule *rules;
    size_t n, allocated;
};

static struct match *
ib_add(struct ib_rules *r, enum ibr_type type, ovs_be16 dl_type)
{
    if (r->n >= r->allocated) {
        r->rules = x2nrealloc(r->rules, &r->allocated, sizeof *r->rules);
    }
    struct ib_rule *rule = &r->rules[r->n++];
    match_init_catchall(&rule->match);
    match_set_dl_type(&rule->match, dl_type);
    rule->priority = IN_BAND_PRIORITY + (N_IBR - 1 - type);
    return &rule->match;
}

static bool
ib_contains(const struct ib_rule *rules, size_t n, const struct ib_rule *r)
{
    for (size_t i = 0; i < n; i++) {
        if (rules[i].priority == r->priority
            && match_equal(&rules[i].match, &r->match)) {
            return true;
        }
    }
    return false;
}

static void
ib_add_arp_mac(struct ib_rules *r, enum ibr_type to, enum ibr_type from,
               struct eth_addr mac)
{
    match_set_dl_dst(ib_add(r, to, htons(ETH_TYPE_ARP)), mac);
    match_set_dl_src(ib_add(r, from, htons(ETH_TYPE_ARP)), mac);
}

static void
in_band_compute(const struct in_band *ib, struct ib_rules *r)
{
    struct eth_addr local_mac;
    if (get_local_mac(ib->local_name, &local_mac)) {
        struct match *m = ib_add(r, IBR_FROM_LOCAL_DHCP, htons(ETH_TYPE_IP));
        match_set_nw_proto(m, IPPROTO_UDP);
        match_set_in_port(m, OFPP_LOCAL);
        match_set_dl_src(m, local_mac);
        match_set_tp_src(m, htons(68));
        match_set_tp_dst(m, htons(67));
        ib_add_arp_mac(r, IBR_TO_LOCAL_ARP, IBR_FROM_LOCAL_ARP, local_mac);
    }

    for (size_t i = 0; i < ib->n_remotes; i++) {
        ovs_be32 ip = ib->remotes[i].sin_addr.s_addr;
        ovs_be16 port = ib->remotes[i].sin_port;
        ovs_be32 next_hop = get_next_hop(ip);
        struct eth_addr nh_mac;
        if (next_hop && get_neighbour_mac(next_hop, &nh_mac)) {
            ib_add_arp_mac(r, IBR_TO_NEXT_HOP_ARP, IBR_FROM_NEXT_HOP_ARP,
                           nh_mac);
        }

        struct match *m = ib_add(r, IBR_TO_CTL_ARP, htons(ETH_TYPE_ARP));
        match_set_nw_dst_masked(m, ip, htonl(UINT32_MAX));
        m = ib_add(r, IBR_FROM_CTL_ARP, htons(ETH_TYPE_ARP));
        match_set_nw_src_masked(m, ip, htonl(UINT32_MAX));

        m = ib_add(r, IBR_TO_CTL_TCP, htons(ETH_TYPE_IP));
        match_set_nw_proto(m, IPPROTO_TCP);
        match_set_nw_dst_masked(m, ip, htonl(UINT32_MAX));
        match_set_tp_dst(m, port);
        m = ib_add(r, IBR_FROM_CTL_TCP, htons(ETH_TYPE_IP));
        match_set_nw_proto(m, IPPROTO_TCP);
        match_set_nw_src_masked(m, ip, htonl(UINT32_MAX));
        match_set_tp_src(m, port);
    }
}

static void
add_normal_rule(struct ofproto *ofproto, const struct ib_rule *rule)
{
    struct ofpbuf ofpacts;
    ofpbuf_init(&ofpacts, 64);
    struct ofpact_output *out = OFPACT_PUT(OUTPUT, ofpact_output, &ofpacts);
    out->port = OFPP_NORMAL;
    ofproto_add_flow(ofproto, &rule->match, rule->priority, ofpacts.data,
                     ofpacts.size);
    ofpbuf_uninit(&ofpacts);
}

/* Brings the installed rules up to date with the remotes and the kernel's
 * view (re-read about once a second). */
void
in_band_run(struct in_band *ib)
{
    long long int now = time_msec();
    if (!ib->dirty && now < ib->next_refresh) {
        return;
    }
    ib->dirty = false;
    ib->next_refresh = now + 1000;

    struct ib_rules want = { NULL, 0, 0 };
    if (ib->n_remotes) {
        in_band_compute(ib, &want);
    }

    /* Deduplicate (two controllers may share a next hop or an IP). */
    size_t n = 0;
    for (size_t i = 0; i < want.n; i++) {
        if (!ib_contains(want.rules, n, &want.rules[i])) {
            want.rules[n++] = want.rules[i];
        }
    }
    want.n = n;

    for (size_t i = 0; i < ib->n_rules; i++) {
        if (!ib_contains(want.rules, want.n, &ib->rules[i])) {
            ofproto_delete_flow(ib->ofproto, &ib->rules[i].match,
                                ib->rules[i].priority);
        }
    }
    for (size_t i = 0; i < want.n; i++) {
        if (!ib_contains(ib->rules, ib->n_rules, &want.rules[i])) {
            add_normal_rule(ib->ofproto, &want.rules[i]);
        }
    }
    if (want.n != ib->n_rules) {
        VLOG_DBG("%s: %zu in-band rules", ib->local_name, want.n);
    }
    free(ib->rules);
    ib->rules = want.rules;
    ib->n_rules = want.n;
}

/* Arranges for poll_block() to wake up when 'ib' wants to refresh. */
void
in_band_wait(struct in_band *ib)
{
    poll_timer_wait_until(ib->next_refresh);
}
