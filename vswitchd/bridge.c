/* bridge: keeps the running bridges equal to the database (bridge.h).
 *
 * Reconfiguration is a diff, not a rebuild.  Each time the replica
 * changes, reconfigure() plans what the database wants (bridge, port and
 * interface names and the rows behind them), deletes what is no longer
 * wanted, creates what is new and updates the rest in place: an
 * interface keeps its open netdev and OpenFlow port across
 * reconfigurations unless its type changed (or its ofport_request), and a
 * bundle is registered again only when its settings or members changed.
 *
 * Status goes back in one transaction at a time, built by comparing what
 * we know with what the replica holds, so only changed columns are
 * written and a transaction that failed is simply rebuilt later. */
#include <config.h>
#include "bridge.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "connmgr.h"
#include "dpif.h"
#include "mac-learning.h"
#include "ofp-msgs.h"
#include "ofproto.h"
#include "osw/bitmap.h"
#include "osw/coverage.h"
#include "osw/dynamic-string.h"
#include "osw/hash.h"
#include "osw/hmap.h"
#include "osw/list.h"
#include "osw/netdev.h"
#include "osw/packets.h"
#include "osw/poll-loop.h"
#include "osw/rtnetlink.h"
#include "osw/smap.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema.h"
#include "vconn.h"

VLOG_DEFINE_THIS_MODULE(bridge);

COVERAGE_DEFINE(bridge_reconfigure);
COVERAGE_DEFINE(bridge_status_txn);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* Open_vSwitch other_config:stats-update-interval: default and floor, as
 * in Open vSwitch. */
#define STATS_INTERVAL_DEFAULT 5000
#define STATS_INTERVAL_MIN 5000

/* How long to wait before rebuilding a status transaction that failed. */
#define STATUS_RETRY_MSEC 1000

/* Bridge other_config defaults (Open vSwitch's). */
#define MAC_AGING_DEFAULT 300
#define MAC_TABLE_SIZE_DEFAULT 8192

/* Interface statistics, in the keys of the "statistics" column. */
enum iface_stat {
    STAT_RX_PACKETS, STAT_RX_BYTES, STAT_RX_DROPPED, STAT_RX_ERRORS,
    STAT_TX_PACKETS, STAT_TX_BYTES, STAT_TX_DROPPED, STAT_TX_ERRORS,
    STAT_RX_FRAME_ERR, STAT_RX_OVER_ERR, STAT_RX_CRC_ERR, STAT_COLLISIONS,
    N_STATS
};
static const char *const stat_names[N_STATS] = {
    "rx_packets", "rx_bytes", "rx_dropped", "rx_errors",
    "tx_packets", "tx_bytes", "tx_dropped", "tx_errors",
    "rx_frame_err", "rx_over_err", "rx_crc_err", "collisions",
};

struct bridge {
    struct hmap_node node;      /* In 'all_bridges', by name. */
    char *name;
    struct uuid uuid;           /* Its Bridge row. */
    struct ofproto *ofproto;
    struct hmap ports;          /* "struct port"s by name. */
    struct hmap ifaces;         /* "struct iface"s by name. */

    /* Configuration, as last read from the row. */
    char *dp_type;
    struct eth_addr cfg_hwaddr; /* other_config:hwaddr, or zero. */
    bool has_cfg_dpid;
    uint64_t cfg_dpid;          /* other_config:datapath-id. */
    unsigned int mac_aging;     /* Applied, or 0 before the first time. */
    size_t mac_table_size;

    /* Derived. */
    struct eth_addr default_ea; /* Stable, from the row's uuid. */
    struct eth_addr ea;         /* The bridge's MAC address. */
    uint64_t dpid;              /* 0 until first set. */
    unsigned int ctl_status_seqno; /* connmgr_get_status_seqno() seen. */
    bool dirty;                 /* MAC, datapath id and MTUs to refresh. */
};

struct port {
    struct hmap_node node;      /* In its bridge's 'ports', by name. */
    struct bridge *br;
    char *name;
    struct uuid uuid;           /* Its Port row. */
    struct osw_list ifaces;     /* "struct iface"s via 'port_node'. */

    /* Configuration read from the row (name and members apart). */
    int vlan;
    enum port_vlan_mode vlan_mode;
    unsigned long *trunks;      /* NULL: all VLANs. */
    unsigned long *cvlans;      /* NULL: all. */
    enum port_priority_tags priority_tags;
    uint16_t qinq_ethtype;
    bool protected_;

    /* What the ofproto has (valid if 'registered'). */
    bool registered;
    ofp_port_t *reg_members;
    size_t n_reg_members;
    int reg_vlan;
    enum port_vlan_mode reg_vlan_mode;
    unsigned long *reg_trunks;
    unsigned long *reg_cvlans;
    enum port_priority_tags reg_priority_tags;
    uint16_t reg_qinq_ethtype;
    bool reg_protected;
};

struct iface {
    struct hmap_node node;      /* In its bridge's 'ifaces', by name. */
    struct hmap_node all_node;  /* In 'all_ifaces', by name. */
    struct osw_list port_node;  /* In its port's 'ifaces', if any. */
    struct bridge *br;
    struct port *port;          /* NULL only inside reconfigure(). */
    char *name;
    char *type;                 /* "system" for the database's "". */
    struct uuid uuid;           /* Its Interface row. */

    /* Configuration. */
    struct smap options;
    int ofport_request;         /* 0 if none. */
    int db_ofport;              /* The row's ofport when first seen. */
    int mtu_request;            /* 0 if none. */
    struct eth_addr cfg_mac;    /* Interface "mac" (internal), or zero. */

    /* State. */
    struct netdev *netdev;      /* NULL while not open. */
    ofp_port_t ofport;          /* OFPP_NONE while not in the ofproto. */
    ofp_port_t last_ofport;     /* Kept while detached, for re-attach. */
    char *error;                /* The "error" column, or NULL. */
    bool link_check;            /* rtnetlink saw a change: check it. */
    int last_mtu;               /* As last told to the datapath. */
    int link_up;                /* -1 unknown, else last link state. */
    int64_t link_resets;
    uint64_t stats[N_STATS];    /* UINT64_MAX: not counted. */
    bool have_stats;
    bool status_dirty;          /* Status to write at the next pass. */
    struct smap status_keys;    /* Keys we ever wrote to "status". */
};

static struct ovsdb_idl *idl;
static unsigned int idl_seqno;
static struct dpif *the_dpif;
static struct hmap all_bridges = HMAP_INITIALIZER(&all_bridges);
static struct hmap all_ifaces = HMAP_INITIALIZER(&all_ifaces);
static struct rtnetlink_notifier *notifier;
static bool link_checks_pending;
static bool link_rescan_pending;

/* Open_vSwitch state. */
static struct smap dp_config = SMAP_INITIALIZER(&dp_config);
static bool dp_config_applied;
static int64_t applied_cfg = -1;    /* next_cfg in force, -1 if none. */
static bool configured;
static bool lock_warned;
static char *system_type;
static char *system_version;

/* Status write-back. */
static struct ovsdb_idl_txn *status_txn;
static bool status_dirty;           /* Something to write. */
static bool status_full;            /* Every interface's status, not just
                                     * the marked ones. */
static unsigned int n_full_loads;
static bool txn_after_config;       /* 'status_txn' follows a reconfigure. */
static bool config_written;         /* Status after the first reconfigure
                                     * is in the database. */
static long long int status_retry_at = LLONG_MIN;
static int stats_interval = STATS_INTERVAL_DEFAULT;
static long long int stats_next;

static void bridge_destroy(struct bridge *);
static void port_destroy(struct port *);
static void iface_destroy(struct iface *);
static void iface_attach(struct iface *);
static void iface_detach(struct iface *);
static void port_update_bundle(struct port *);
static void bridge_refresh(struct bridge *);
static void bridge_link_changed(const struct rtnetlink_change *, void *);
static void iface_refresh_stats(struct iface *);
static void reconfigure_controllers(const struct ovsdb_idl_row *ovs);
static void bridge_check_controller_status(struct bridge *);

/* Makes the next status pass write the status of 'iface'. */
static void
iface_mark_status(struct iface *iface)
{
    iface->status_dirty = true;
    status_dirty = true;
}

/* Reading rows. */

static const char *
row_string(const struct ovsdb_idl_row *row, const char *column)
{
    return ovsdb_idl_get_string(row, column, "");
}

/* Stores in 'smap' the string-to-string map 'column' of 'row'. */
static void
row_get_smap(const struct ovsdb_idl_row *row, const char *column,
             struct smap *smap)
{
    const struct ovsdb_datum *d = ovsdb_idl_get(row, column);

    smap_clear(smap);
    if (!d || !d->values) {
        return;
    }
    const struct ovsdb_column *c = ovsdb_idl_table_find_column(row->table,
                                                               column);
    if (!c || c->type.key.type != OVSDB_TYPE_STRING
        || c->type.value.type != OVSDB_TYPE_STRING) {
        return;
    }
    for (unsigned int i = 0; i < d->n; i++) {
        smap_replace(smap, d->keys[i].string, d->values[i].string);
    }
}

/* A VLAN bitmap from integer set 'column' of 'row', or NULL if empty. */
static unsigned long *
row_get_vlan_bitmap(const struct ovsdb_idl_row *row, const char *column)
{
    const struct ovsdb_datum *d = ovsdb_idl_get(row, column);
    const struct ovsdb_column *c = ovsdb_idl_table_find_column(row->table,
                                                               column);
    unsigned long *b = NULL;

    if (!d || !d->n || !c || c->type.key.type != OVSDB_TYPE_INTEGER) {
        return NULL;
    }
    for (unsigned int i = 0; i < d->n; i++) {
        int64_t vid = d->keys[i].integer;
        if (vid >= 0 && vid < VLAN_N_IDS) {
            if (!b) {
                b = bitmap_allocate(VLAN_N_IDS);
            }
            bitmap_set1(b, vid);
        }
    }
    return b;
}

static bool
vlan_bitmap_equal(const unsigned long *a, const unsigned long *b)
{
    return (!a || !b) ? a == b : bitmap_equal(a, b, VLAN_N_IDS);
}

static unsigned long *
vlan_bitmap_clone(const unsigned long *b)
{
    return b ? bitmap_clone(b, VLAN_N_IDS) : NULL;
}

/* Parses other_config:datapath-id: 16 hex digits, optionally after "0x". */
static bool
parse_dpid(const char *s, uint64_t *dpid)
{
    if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2)) {
        s += 2;
    }
    if (strlen(s) != 16 || strspn(s, "0123456789abcdefABCDEF") != 16) {
        return false;
    }
    *dpid = strtoull(s, NULL, 16);
    return *dpid != 0;
}

/* True for a MAC a bridge may take from one of its ports, as Open
 * vSwitch decides: no multicast, reserved, zero or locally administered
 * address (tap devices of VMs get local ones so that bridges skip them). */
static bool
eth_addr_usable_for_bridge(struct eth_addr ea)
{
    return !eth_addr_is_multicast(ea) && !eth_addr_is_reserved(ea)
           && !eth_addr_is_zero(ea) && !(ea.ea[0] & 0x02);
}

static bool
iface_is_system(const struct iface *iface)
{
    return !strcmp(iface->type, "system");
}

static bool
iface_is_internal(const struct iface *iface)
{
    return !strcmp(iface->type, "internal");
}

/* The bridge's own port: its internal interface named like it. */
static bool
iface_is_local(const struct iface *iface)
{
    return iface_is_internal(iface) && !strcmp(iface->name, iface->br->name);
}

static const char *
normalize_type(const char *type)
{
    return type[0] ? type : "system";
}

/* Lookups. */

static struct bridge *
bridge_lookup(const char *name)
{
    struct bridge *br;

    HMAP_FOR_EACH_WITH_HASH (br, node, hash_string(name, 0), &all_bridges) {
        if (!strcmp(br->name, name)) {
            return br;
        }
    }
    return NULL;
}

static struct port *
port_lookup(const struct bridge *br, const char *name)
{
    struct port *port;

    HMAP_FOR_EACH_WITH_HASH (port, node, hash_string(name, 0), &br->ports) {
        if (!strcmp(port->name, name)) {
            return port;
        }
    }
    return NULL;
}

static struct iface *
iface_lookup(const struct bridge *br, const char *name)
{
    struct iface *iface;

    HMAP_FOR_EACH_WITH_HASH (iface, node, hash_string(name, 0),
                             &br->ifaces) {
        if (!strcmp(iface->name, name)) {
            return iface;
        }
    }
    return NULL;
}

/* Initialization. */

/* Reads ID and VERSION_ID from /etc/os-release, as Open vSwitch's
 * ovs-ctl fills in system_type and system_version. */
static void
read_os_release(void)
{
    FILE *f = fopen("/etc/os-release", "r");
    char line[256];

    if (!f) {
        return;
    }
    while (fgets(line, sizeof line, f)) {
        char **dst = (!strncmp(line, "ID=", 3) ? &system_type
                      : !strncmp(line, "VERSION_ID=", 11) ? &system_version
                      : NULL);
        if (!dst) {
            continue;
        }
        char *value = strchr(line, '=') + 1;
        value[strcspn(value, "\r\n")] = '\0';
        size_t len = strlen(value);
        if (len >= 2 && (value[0] == '"' || value[0] == '\'')
            && value[len - 1] == value[0]) {
            value[len - 1] = '\0';
            value++;
        }
        free(*dst);
        *dst = value[0] ? xstrdup(value) : NULL;
    }
    fclose(f);
}

static void
add_columns(const char *table, const char *const *alerting,
            const char *const *written)
{
    ovsdb_idl_add_table(idl, table);
    for (; *alerting; alerting++) {
        ovsdb_idl_add_column(idl, table, *alerting);
    }
    for (; *written; written++) {
        ovsdb_idl_omit_alert(idl, table, *written);
    }
}

/* Connects to the database at 'remote' (see bridge.h). */
void
bridge_init(const char *remote, struct dpif *dpif)
{
    static const char *const ovs_read[] = {
        "bridges", "other_config", "next_cfg", "ssl", NULL };
    static const char *const ovs_written[] = {
        "cur_cfg", "ovs_version", "db_version", "system_type",
        "system_version", "iface_types", "datapath_types", NULL };
    static const char *const br_read[] = {
        "name", "ports", "datapath_type", "other_config", "controller",
        "fail_mode", "protocols", NULL };
    static const char *const br_written[] = {
        "datapath_id", "datapath_version", NULL };
    static const char *const port_read[] = {
        "name", "interfaces", "tag", "trunks", "vlan_mode", "cvlans",
        "protected", "other_config", NULL };
    static const char *const port_written[] = { NULL };
    static const char *const iface_read[] = {
        "name", "type", "options", "ofport_request", "mtu_request", "mac",
        NULL };
    static const char *const iface_written[] = {
        "ofport", "mac_in_use", "ifindex", "admin_state", "link_state",
        "link_speed", "link_resets", "mtu", "error", "statistics", "status",
        NULL };
    static const char *const ctl_read[] = {
        "target", "max_backoff", "inactivity_probe", "connection_mode",
        "controller_rate_limit", "controller_burst_limit",
        "controller_queue_size", "enable_async_messages", "other_config",
        NULL };
    static const char *const ctl_written[] = {
        "is_connected", "role", "status", NULL };
    static const char *const ssl_read[] = {
        "private_key", "certificate", "ca_cert", "bootstrap_ca_cert", NULL };
    static const char *const ssl_written[] = { NULL };

    the_dpif = dpif;
    idl = ovsdb_idl_create(remote, "Open_vSwitch", NULL, false, true);
    idl_seqno = ovsdb_idl_get_seqno(idl);
    add_columns("Open_vSwitch", ovs_read, ovs_written);
    add_columns("Bridge", br_read, br_written);
    add_columns("Port", port_read, port_written);
    add_columns("Interface", iface_read, iface_written);
    add_columns("Controller", ctl_read, ctl_written);
    add_columns("SSL", ssl_read, ssl_written);
    /* Two daemons on one database would undo each other's work. */
    ovsdb_idl_set_lock(idl, "osw_vswitchd");

    read_os_release();
    notifier = rtnetlink_notifier_create(bridge_link_changed, NULL);
    stats_next = time_msec() + stats_interval;
}

/* Deletes every bridge and disconnects from the database (bridge.h). */
void
bridge_exit(void)
{
    struct bridge *br;

    HMAP_FOR_EACH_SAFE (br, node, &all_bridges) {
        bridge_destroy(br);
    }
    rtnetlink_notifier_destroy(notifier);
    notifier = NULL;
    if (status_txn) {
        ovsdb_idl_txn_destroy(status_txn);
        status_txn = NULL;
    }
    ovsdb_idl_destroy(idl);
    idl = NULL;
    smap_destroy(&dp_config);
    free(system_type);
    free(system_version);
    system_type = system_version = NULL;
    hmap_destroy(&all_bridges);
    hmap_destroy(&all_ifaces);
}

/* Bridges. */

static struct bridge *
bridge_create(const char *name, const struct uuid *uuid)
{
    struct bridge *br = xzalloc(sizeof *br);

    br->name = xstrdup(name);
    br->uuid = *uuid;
    br->ofproto = ofproto_create(name);
    hmap_init(&br->ports);
    hmap_init(&br->ifaces);
    br->dp_type = xstrdup("");
    hmap_insert(&all_bridges, &br->node, hash_string(name, 0));
    VLOG_INFO("bridge %s: added", name);
    return br;
}

static void
bridge_destroy(struct bridge *br)
{
    struct iface *iface;
    struct port *port;

    HMAP_FOR_EACH_SAFE (port, node, &br->ports) {
        port_destroy(port);
    }
    HMAP_FOR_EACH_SAFE (iface, node, &br->ifaces) {
        iface_destroy(iface);
    }
    ofproto_destroy(br->ofproto);
    hmap_remove(&all_bridges, &br->node);
    hmap_destroy(&br->ports);
    hmap_destroy(&br->ifaces);
    VLOG_INFO("bridge %s: deleted", br->name);
    free(br->dp_type);
    free(br->name);
    free(br);
}

/* A MAC address derived from the bridge row's uuid: random, locally
 * administered, and the same after a restart. */
static struct eth_addr
bridge_default_ea(const struct uuid *uuid)
{
    struct eth_addr ea;

    for (int i = 0; i < ETH_ADDR_LEN; i++) {
        ea.ea[i] = uuid->parts[i / 4] >> (8 * (i % 4));
    }
    ea.ea[0] = (ea.ea[0] & ~0x01) | 0x02;
    if (eth_addr_is_zero(ea) || eth_addr_is_reserved(ea)) {
        ea.ea[5] ^= 0x5a;
    }
    return ea;
}

static void
bridge_configure(struct bridge *br, const struct ovsdb_idl_row *row)
{
    const char *dp_type = row_string(row, "datapath_type");
    struct smap oc = SMAP_INITIALIZER(&oc);

    br->uuid = row->uuid;
    br->default_ea = bridge_default_ea(&row->uuid);
    if (strcmp(dp_type, br->dp_type)) {
        free(br->dp_type);
        br->dp_type = xstrdup(dp_type);
        if (!strcmp(dp_type, "system")) {
            static bool warned;
            if (!warned) {
                warned = true;
                VLOG_WARN("datapath_type \"system\": the kernel datapath is "
                          "not available; bridges of this type use the "
                          "userspace datapath");
            }
        } else if (dp_type[0] && strcmp(dp_type, "netdev")) {
            VLOG_WARN("bridge %s: unknown datapath_type \"%s\"; using the "
                      "userspace datapath", br->name, dp_type);
        }
    }

    row_get_smap(row, "other_config", &oc);
    const char *hwaddr = smap_get(&oc, "hwaddr");
    br->cfg_hwaddr = eth_addr_zero;
    if (hwaddr) {
        struct eth_addr ea;
        if (eth_addr_from_string(hwaddr, &ea) && !eth_addr_is_multicast(ea)
            && !eth_addr_is_zero(ea)) {
            br->cfg_hwaddr = ea;
        } else {
            VLOG_WARN_RL(&rl, "bridge %s: invalid other_config:hwaddr "
                         "\"%s\"", br->name, hwaddr);
        }
    }
    const char *dpid = smap_get(&oc, "datapath-id");
    br->has_cfg_dpid = false;
    if (dpid) {
        if (parse_dpid(dpid, &br->cfg_dpid)) {
            br->has_cfg_dpid = true;
        } else {
            VLOG_WARN_RL(&rl, "bridge %s: invalid other_config:datapath-id "
                         "\"%s\" (16 hex digits expected)", br->name, dpid);
        }
    }

    int aging = smap_get_int(&oc, "mac-aging-time", MAC_AGING_DEFAULT);
    int size = smap_get_int(&oc, "mac-table-size", MAC_TABLE_SIZE_DEFAULT);
    if (aging <= 0) {
        aging = MAC_AGING_DEFAULT;
    }
    if (size <= 0) {
        size = MAC_TABLE_SIZE_DEFAULT;
    }
    if (br->mac_aging != (unsigned int) aging
        || br->mac_table_size != (size_t) size) {
        br->mac_aging = aging;
        br->mac_table_size = size;
        ofproto_set_mac_table_config(br->ofproto, aging, size);
    }
    smap_destroy(&oc);
    br->dirty = true;
}

/* Picks the bridge's MAC: other_config:hwaddr, else the lowest usable MAC
 * of its non-internal interfaces, else its stable default. */
static struct eth_addr
bridge_pick_ea(const struct bridge *br)
{
    struct eth_addr best = eth_addr_zero;
    const struct iface *iface;

    if (!eth_addr_is_zero(br->cfg_hwaddr)) {
        return br->cfg_hwaddr;
    }
    HMAP_FOR_EACH (iface, node, &br->ifaces) {
        struct eth_addr ea;

        if (!iface->netdev || iface_is_internal(iface)
            || netdev_get_etheraddr(iface->netdev, &ea)
            || !eth_addr_usable_for_bridge(ea)) {
            continue;
        }
        if (eth_addr_is_zero(best)
            || memcmp(ea.ea, best.ea, ETH_ADDR_LEN) < 0) {
            best = ea;
        }
    }
    return eth_addr_is_zero(best) ? br->default_ea : best;
}

/* Gives 'iface' MTU 'mtu' if it has another one. */
static void
iface_apply_mtu(struct iface *iface, int mtu)
{
    int cur;

    if (!iface->netdev || mtu <= 0) {
        return;
    }
    if (!netdev_get_mtu(iface->netdev, &cur) && cur == mtu) {
        return;
    }
    int error = netdev_set_mtu(iface->netdev, mtu);
    if (error) {
        VLOG_WARN_RL(&rl, "interface %s: could not set MTU %d (%s)",
                     iface->name, mtu, osw_strerror(error));
        return;
    }
    VLOG_INFO("interface %s: MTU set to %d", iface->name, mtu);
    iface_mark_status(iface);
}

/* Tells the datapath about the MTU of 'iface' if it changed. */
static void
iface_sync_dp_mtu(struct iface *iface)
{
    int mtu;

    if (!iface->netdev || iface->ofport == OFPP_NONE
        || netdev_get_mtu(iface->netdev, &mtu) || mtu == iface->last_mtu) {
        return;
    }
    odp_port_t odp = ofproto_port_to_odp(iface->br->ofproto, iface->ofport);
    if (odp != ODPP_NONE) {
        dpif_port_set_mtu(the_dpif, odp, mtu);
    }
    iface->last_mtu = mtu;
    iface_mark_status(iface);
    if (!iface_is_internal(iface)) {
        /* Internal interfaces follow the smallest MTU. */
        iface->br->dirty = true;
    }
}

/* Applies mtu_request, and gives internal interfaces without one the
 * smallest MTU of the bridge's other interfaces, as Open vSwitch does. */
static void
bridge_refresh_mtus(struct bridge *br)
{
    struct iface *iface;
    int min_mtu = INT_MAX;

    HMAP_FOR_EACH (iface, node, &br->ifaces) {
        int mtu;

        if (iface->mtu_request) {
            iface_apply_mtu(iface, iface->mtu_request);
        }
        if (iface->netdev && !iface_is_internal(iface)
            && !netdev_get_mtu(iface->netdev, &mtu) && mtu > 0) {
            min_mtu = MIN(min_mtu, mtu);
        }
    }
    HMAP_FOR_EACH (iface, node, &br->ifaces) {
        if (iface_is_internal(iface) && !iface->mtu_request
            && min_mtu != INT_MAX) {
            iface_apply_mtu(iface, min_mtu);
        }
        iface_sync_dp_mtu(iface);
    }
}

/* Recomputes what depends on the bridge's set of interfaces: its MAC
 * (also given to its local port), datapath id and MTUs. */
static void
bridge_refresh(struct bridge *br)
{
    struct eth_addr ea = bridge_pick_ea(br);
    struct iface *local = iface_lookup(br, br->name);

    br->dirty = false;
    br->ea = ea;
    if (local && local->netdev && iface_is_local(local)) {
        struct eth_addr cur;
        if (netdev_get_etheraddr(local->netdev, &cur)
            || !eth_addr_equals(cur, ea)) {
            int error = netdev_set_etheraddr(local->netdev, ea);
            iface_mark_status(local);
            if (error) {
                VLOG_WARN_RL(&rl, "bridge %s: could not set MAC "ETH_ADDR_FMT
                             " (%s)", br->name, ETH_ADDR_ARGS(ea),
                             osw_strerror(error));
            }
        }
    }

    uint64_t dpid = br->has_cfg_dpid ? br->cfg_dpid : eth_addr_to_uint64(ea);
    if (dpid != br->dpid) {
        br->dpid = dpid;
        ofproto_set_datapath_id(br->ofproto, dpid);
        VLOG_INFO("bridge %s: using datapath ID %016"PRIx64, br->name, dpid);
    }
    bridge_refresh_mtus(br);
    status_dirty = true;
}

/* Ports. */

static struct port *
port_create(struct bridge *br, const char *name)
{
    struct port *port = xzalloc(sizeof *port);

    port->br = br;
    port->name = xstrdup(name);
    osw_list_init(&port->ifaces);
    port->vlan = -1;
    hmap_insert(&br->ports, &port->node, hash_string(name, 0));
    return port;
}

static void
port_unregister(struct port *port)
{
    if (port->registered) {
        ofproto_bundle_unregister(port->br->ofproto, port);
        VLOG_DBG("bridge %s: port %s: bundle unregistered", port->br->name,
                 port->name);
        port->registered = false;
    }
    free(port->reg_members);
    free(port->reg_trunks);
    free(port->reg_cvlans);
    port->reg_members = NULL;
    port->reg_trunks = port->reg_cvlans = NULL;
    port->n_reg_members = 0;
}

static void
port_destroy(struct port *port)
{
    struct iface *iface;

    port_unregister(port);
    OSW_LIST_FOR_EACH_POP (iface, port_node, &port->ifaces) {
        iface->port = NULL;
    }
    hmap_remove(&port->br->ports, &port->node);
    free(port->trunks);
    free(port->cvlans);
    free(port->name);
    free(port);
}

static enum port_vlan_mode
parse_vlan_mode(const char *s, const char *port_name)
{
    if (!s[0]) {
        return PORT_VLAN_IMPLICIT;
    } else if (!strcmp(s, "access")) {
        return PORT_VLAN_ACCESS;
    } else if (!strcmp(s, "trunk")) {
        return PORT_VLAN_TRUNK;
    } else if (!strcmp(s, "native-tagged")) {
        return PORT_VLAN_NATIVE_TAGGED;
    } else if (!strcmp(s, "native-untagged")) {
        return PORT_VLAN_NATIVE_UNTAGGED;
    } else if (!strcmp(s, "dot1q-tunnel")) {
        return PORT_VLAN_DOT1Q_TUNNEL;
    }
    /* The schema's enum makes this unlikely. */
    VLOG_WARN_RL(&rl, "port %s: unknown vlan_mode \"%s\", using trunk",
                 port_name, s);
    return PORT_VLAN_TRUNK;
}

static void
port_configure(struct port *port, const struct ovsdb_idl_row *row)
{
    struct smap oc = SMAP_INITIALIZER(&oc);
    int64_t tag = ovsdb_idl_get_integer(row, "tag", -1);

    port->uuid = row->uuid;
    port->vlan = tag >= 0 && tag < VLAN_N_IDS ? tag : -1;
    port->vlan_mode = parse_vlan_mode(row_string(row, "vlan_mode"),
                                      port->name);
    free(port->trunks);
    port->trunks = row_get_vlan_bitmap(row, "trunks");
    if (port->vlan_mode == PORT_VLAN_IMPLICIT) {
        /* Open vSwitch's rule for an empty vlan_mode. */
        if (port->vlan >= 0) {
            port->vlan_mode = PORT_VLAN_ACCESS;
            if (port->trunks) {
                VLOG_WARN_RL(&rl, "port %s: ignoring trunks in favor of "
                             "implicit vlan", port->name);
            }
        } else {
            port->vlan_mode = PORT_VLAN_TRUNK;
        }
    }
    free(port->cvlans);
    port->cvlans = row_get_vlan_bitmap(row, "cvlans");
    port->protected_ = ovsdb_idl_get_bool(row, "protected", false);

    row_get_smap(row, "other_config", &oc);
    const char *pt = smap_get_def(&oc, "priority-tags", "never");
    port->priority_tags = (!strcmp(pt, "if-nonzero") || !strcmp(pt, "true")
                           ? PORT_PRIO_TAGS_IF_NONZERO
                           : !strcmp(pt, "always") ? PORT_PRIO_TAGS_ALWAYS
                           : PORT_PRIO_TAGS_NEVER);
    const char *qinq = smap_get_def(&oc, "qinq-ethtype", "802.1ad");
    port->qinq_ethtype = (!strcmp(qinq, "802.1q") ? ETH_TYPE_VLAN_8021Q
                          : ETH_TYPE_VLAN_8021AD);
    smap_destroy(&oc);
}

/* Registers the port's bundle with the ofproto if its settings or its
 * members changed since the last time (and only then: re-registering
 * invalidates cached flows), or unregisters it if it has no member. */
static void
port_update_bundle(struct port *port)
{
    ofp_port_t *members = NULL;
    size_t n = 0, allocated = 0;
    struct iface *iface;

    OSW_LIST_FOR_EACH (iface, port_node, &port->ifaces) {
        if (iface->ofport != OFPP_NONE) {
            if (n >= allocated) {
                members = x2nrealloc(members, &allocated, sizeof *members);
            }
            members[n++] = iface->ofport;
        }
    }
    if (!n) {
        port_unregister(port);
        free(members);
        return;
    }
    if (port->registered
        && n == port->n_reg_members
        && !memcmp(members, port->reg_members, n * sizeof *members)
        && port->vlan == port->reg_vlan
        && port->vlan_mode == port->reg_vlan_mode
        && vlan_bitmap_equal(port->trunks, port->reg_trunks)
        && vlan_bitmap_equal(port->cvlans, port->reg_cvlans)
        && port->priority_tags == port->reg_priority_tags
        && port->qinq_ethtype == port->reg_qinq_ethtype
        && port->protected_ == port->reg_protected) {
        free(members);
        return;
    }

    struct ofproto_bundle_settings s = {
        .name = port->name,
        .members = members,
        .n_members = n,
        .vlan = port->vlan,
        .vlan_mode = port->vlan_mode,
        .trunks = port->trunks,
        .cvlans = port->cvlans,
        .priority_tags = port->priority_tags,
        .qinq_ethtype = port->qinq_ethtype,
        .protected_ = port->protected_,
    };
    int error = ofproto_bundle_register(port->br->ofproto, port, &s);
    if (error) {
        VLOG_WARN_RL(&rl, "port %s: could not configure (%s)", port->name,
                     osw_strerror(error));
        port_unregister(port);
        free(members);
        return;
    }
    VLOG_DBG("bridge %s: port %s: bundle %s with %zu member%s",
             port->br->name, port->name,
             port->registered ? "updated" : "registered", n,
             n == 1 ? "" : "s");
    free(port->reg_members);
    free(port->reg_trunks);
    free(port->reg_cvlans);
    port->registered = true;
    port->reg_members = members;
    port->n_reg_members = n;
    port->reg_vlan = port->vlan;
    port->reg_vlan_mode = port->vlan_mode;
    port->reg_trunks = vlan_bitmap_clone(port->trunks);
    port->reg_cvlans = vlan_bitmap_clone(port->cvlans);
    port->reg_priority_tags = port->priority_tags;
    port->reg_qinq_ethtype = port->qinq_ethtype;
    port->reg_protected = port->protected_;
}

/* Interfaces. */

static void
iface_set_error(struct iface *iface, char *error)
{
    if (!error && !iface->error) {
        return;
    }
    if (error && iface->error && !strcmp(error, iface->error)) {
        free(error);
        return;
    }
    free(iface->error);
    iface->error = error;
    iface_mark_status(iface);
}

static struct iface *
iface_create(struct bridge *br, const char *name, const char *type)
{
    struct iface *iface = xzalloc(sizeof *iface);

    iface->br = br;
    iface->name = xstrdup(name);
    iface->type = xstrdup(type);
    smap_init(&iface->options);
    smap_init(&iface->status_keys);
    iface->ofport = OFPP_NONE;
    iface->last_ofport = OFPP_NONE;
    iface->link_up = -1;
    osw_list_poison(&iface->port_node);
    for (int i = 0; i < N_STATS; i++) {
        iface->stats[i] = UINT64_MAX;
    }
    hmap_insert(&br->ifaces, &iface->node, hash_string(name, 0));
    hmap_insert(&all_ifaces, &iface->all_node, hash_string(name, 0));
    iface_mark_status(iface);
    return iface;
}

static void
iface_set_port(struct iface *iface, struct port *port)
{
    if (iface->port == port) {
        return;
    }
    if (iface->port) {
        osw_list_remove(&iface->port_node);
    }
    iface->port = port;
    if (port) {
        osw_list_push_back(&port->ifaces, &iface->port_node);
    } else {
        osw_list_poison(&iface->port_node);
    }
}

static void
iface_destroy(struct iface *iface)
{
    struct port *port = iface->port;

    iface_detach(iface);
    iface_set_port(iface, NULL);
    if (port) {
        port_update_bundle(port);
    }
    hmap_remove(&iface->br->ifaces, &iface->node);
    hmap_remove(&all_ifaces, &iface->all_node);
    smap_destroy(&iface->options);
    smap_destroy(&iface->status_keys);
    free(iface->error);
    free(iface->type);
    free(iface->name);
    free(iface);
}

/* The number 'iface' holds or would like: its ofport_request, its
 * current port, the port it had before (a device that vanished keeps its
 * number for when it comes back), or the one the database remembers
 * from before a restart; else 0. */
static int
iface_claimed_ofport(const struct iface *iface)
{
    if (iface->ofport_request) {
        return iface->ofport_request;
    } else if (iface->ofport != OFPP_NONE) {
        return iface->ofport;
    } else if (iface->last_ofport != OFPP_NONE) {
        return iface->last_ofport;
    }
    return iface->db_ofport;
}

/* The OpenFlow port number to ask for: the one 'iface' claims, OFPP_LOCAL
 * for the bridge's own port, else the lowest number no other interface
 * of the bridge claims, so that a new port does not take the number of
 * one whose device is missing for now. */
static ofp_port_t
iface_pick_ofport(const struct iface *iface)
{
    int claimed = iface_claimed_ofport(iface);
    const struct iface *other;
    unsigned long *used;
    ofp_port_t ofport;

    if (claimed > 0 && claimed < OFPP_MAX) {
        return claimed;
    } else if (iface_is_local(iface)) {
        return OFPP_LOCAL;
    }
    used = bitmap_allocate(OFPP_MAX);
    HMAP_FOR_EACH (other, node, &iface->br->ifaces) {
        int n = other != iface ? iface_claimed_ofport(other) : 0;
        if (n > 0 && n < OFPP_MAX) {
            bitmap_set1(used, n);
        }
    }
    for (ofport = 1; ofport < OFPP_MAX && bitmap_is_set(used, ofport);
         ofport++) {
        continue;
    }
    free(used);
    return ofport < OFPP_MAX ? ofport : OFPP_NONE;
}

/* Opens the interface's device if it is not open and adds it to its
 * bridge.  On failure, sets its error. */
static void
iface_attach(struct iface *iface)
{
    ofp_port_t ofport;
    int error;

    if (iface->ofport != OFPP_NONE) {
        return;
    }
    if (!iface->netdev) {
        error = netdev_open(iface->name, iface->type, &iface->options,
                            &iface->netdev);
        if (error) {
            iface->netdev = NULL;
            if (!(error == ENODEV && iface->error)) {
                VLOG_WARN_RL(&rl, "could not open network device %s (%s)",
                             iface->name, osw_strerror(error));
            }
            iface_set_error(iface, xasprintf(
                                "could not open network device %s (%s)",
                                iface->name, osw_strerror(error)));
            return;
        }
    }

    error = ofproto_port_add(iface->br->ofproto, iface->netdev,
                             iface_pick_ofport(iface), &ofport);
    if (error) {
        VLOG_WARN_RL(&rl, "could not add network device %s to ofproto (%s)",
                     iface->name, osw_strerror(error));
        iface_set_error(iface, xasprintf(
                            "could not add network device %s to ofproto (%s)",
                            iface->name, osw_strerror(error)));
        netdev_close(iface->netdev);
        iface->netdev = NULL;
        return;
    }
    iface->ofport = ofport;
    iface->last_ofport = ofport;
    iface->last_mtu = 0;
    iface->link_up = -1;
    iface_set_error(iface, NULL);
    iface_refresh_stats(iface);
    iface->br->dirty = true;
    iface_mark_status(iface);
    VLOG_INFO("bridge %s: added interface %s on port %d", iface->br->name,
              iface->name, ofport);
}

/* Removes the interface from its bridge and closes its device. */
static void
iface_detach(struct iface *iface)
{
    if (iface->ofport != OFPP_NONE) {
        int error = ofproto_port_del(iface->br->ofproto, iface->ofport);
        if (error) {
            VLOG_WARN_RL(&rl, "bridge %s: could not remove port %d (%s)",
                         iface->br->name, iface->ofport,
                         osw_strerror(error));
        }
        VLOG_INFO("bridge %s: deleted interface %s on port %d",
                  iface->br->name, iface->name, iface->ofport);
        iface->ofport = OFPP_NONE;
        iface->br->dirty = true;
        iface_mark_status(iface);
    }
    netdev_close(iface->netdev);
    iface->netdev = NULL;
}

/* Reads the configuration of 'iface' from 'row' and applies what changed
 * to an attached interface. */
static void
iface_configure(struct iface *iface, const struct ovsdb_idl_row *row,
                bool is_new)
{
    struct smap options = SMAP_INITIALIZER(&options);
    int64_t req = ovsdb_idl_get_integer(row, "ofport_request", 0);
    int64_t mtu = ovsdb_idl_get_integer(row, "mtu_request", 0);
    const char *mac = ovsdb_idl_get_string(row, "mac", NULL);
    struct eth_addr cfg_mac = eth_addr_zero;

    iface->uuid = row->uuid;
    if (is_new) {
        int64_t db_ofport = ovsdb_idl_get_integer(row, "ofport", 0);
        iface->db_ofport = db_ofport > 0 && db_ofport < OFPP_MAX
                           ? db_ofport : 0;
    }
    iface->mtu_request = mtu > 0 && mtu <= INT_MAX ? mtu : 0;
    if (mac && !eth_addr_from_string(mac, &cfg_mac)) {
        cfg_mac = eth_addr_zero;
    }

    row_get_smap(row, "options", &options);
    if (!smap_equal(&options, &iface->options)) {
        smap_destroy(&iface->options);
        smap_clone(&iface->options, &options);
        iface_mark_status(iface);
        if (iface->netdev) {
            int error = netdev_set_config(iface->netdev, &options);
            if (error) {
                VLOG_WARN_RL(&rl, "could not configure network device %s "
                             "(%s)", iface->name, osw_strerror(error));
            }
        }
    }
    smap_destroy(&options);

    int new_req = req > 0 && req < OFPP_MAX ? req : 0;
    if (new_req != iface->ofport_request) {
        iface->ofport_request = new_req;
        if (new_req && iface->ofport != OFPP_NONE
            && iface->ofport != new_req) {
            /* Move to the requested number: out and back in, keeping the
             * device open. */
            ofproto_port_del(iface->br->ofproto, iface->ofport);
            iface->ofport = OFPP_NONE;
            iface->br->dirty = true;
        }
    }

    if (!eth_addr_equals(cfg_mac, iface->cfg_mac)) {
        iface->cfg_mac = cfg_mac;
        iface_mark_status(iface);
        if (iface->netdev && iface_is_internal(iface)
            && !iface_is_local(iface) && !eth_addr_is_zero(cfg_mac)) {
            netdev_set_etheraddr(iface->netdev, cfg_mac);
        }
    }
    iface_attach(iface);
    if (is_new && iface->netdev && iface_is_internal(iface)
        && !iface_is_local(iface) && !eth_addr_is_zero(cfg_mac)) {
        netdev_set_etheraddr(iface->netdev, cfg_mac);
    }
}

/* After a link change: detaches an interface whose device is gone (or was
 * replaced by another of the same name) and attaches one whose device is
 * there now. */
static void
iface_check_link(struct iface *iface)
{
    unsigned int ifindex;

    iface->link_check = false;
    iface_mark_status(iface);
    if (!iface_is_system(iface)) {
        iface_sync_dp_mtu(iface);
        return;
    }

    ifindex = if_nametoindex(iface->name);
    if (iface->netdev) {
        /* A netdev whose device went away reports -ENODEV. */
        int cur = netdev_get_ifindex(iface->netdev);
        if (ifindex && cur > 0 && (unsigned int) cur == ifindex) {
            iface_sync_dp_mtu(iface);
            if (iface->ofport != OFPP_NONE) {
                return;
            }
        } else {
            VLOG_INFO("interface %s: device %s", iface->name,
                      ifindex ? "replaced" : "removed");
            iface_detach(iface);
            iface_set_error(iface, xasprintf(
                                "could not open network device %s (%s)",
                                iface->name, osw_strerror(ENODEV)));
            iface->link_up = 0;
            if (iface->port) {
                port_update_bundle(iface->port);
            }
            if (!ifindex) {
                return;
            }
        }
    } else if (!ifindex) {
        return;
    }

    iface_attach(iface);
    if (iface->port) {
        port_update_bundle(iface->port);
    }
}

static void
bridge_link_changed(const struct rtnetlink_change *change,
                    void *aux OSW_UNUSED)
{
    struct iface *iface;

    if (!change->ifname) {
        link_rescan_pending = true;
        poll_immediate_wake();
        return;
    }
    /* By name, and by ifindex for a device that was renamed away. */
    HMAP_FOR_EACH (iface, all_node, &all_ifaces) {
        if (!strcmp(iface->name, change->ifname)
            || (change->ifindex > 0 && iface->netdev
                && iface_is_system(iface)
                && netdev_get_ifindex(iface->netdev) == change->ifindex)) {
            iface->link_check = true;
            link_checks_pending = true;
            poll_immediate_wake();
        }
    }
}

static void
run_link_checks(void)
{
    bool rescan = link_rescan_pending;
    struct iface *iface;

    if (!link_checks_pending && !rescan) {
        return;
    }
    link_checks_pending = link_rescan_pending = false;
    HMAP_FOR_EACH (iface, all_node, &all_ifaces) {
        if (iface->link_check || rescan) {
            iface_check_link(iface);
        }
    }
}

/* Reconfiguration. */

/* What the database wants, by name. */
struct plan_item {
    struct hmap_node node;
    const char *name;
    const struct ovsdb_idl_row *row;
    const struct plan_item *parent;    /* Port's bridge, iface's port. */
};

static struct plan_item *
plan_find(const struct hmap *plan, const char *name)
{
    struct plan_item *item;

    HMAP_FOR_EACH_WITH_HASH (item, node, hash_string(name, 0), plan) {
        if (!strcmp(item->name, name)) {
            return item;
        }
    }
    return NULL;
}

/* True if the running switch has port or interface 'name' under 'parent'
 * (a bridge's plan item for a port, a port's for an interface). */
static bool
plan_parent_is_current(const struct plan_item *parent, const char *name)
{
    const struct bridge *br;

    if (!parent->parent) {
        br = bridge_lookup(parent->name);
        return br && port_lookup(br, name);
    }
    br = bridge_lookup(parent->parent->name);
    const struct iface *iface = br ? iface_lookup(br, name) : NULL;
    return iface && iface->port && !strcmp(iface->port->name, parent->name);
}

/* Adds 'row' (a bridge, port or interface: 'what') to 'plan' under
 * 'parent' (its bridge or port; NULL for a bridge) and returns its item,
 * or NULL if it is already there (or nameless).  A port or interface
 * that the database puts in two places (the references are strong, so
 * it can) stays where it runs now, if it runs in one of them: a bad
 * reference added elsewhere does not pull a working port away.
 * Otherwise the first place wins. */
static const struct plan_item *
plan_add(struct hmap *plan, const struct ovsdb_idl_row *row,
         const struct plan_item *parent, const char *what)
{
    const char *name = row_string(row, "name");
    struct plan_item *item = plan_find(plan, name);

    if (item) {
        if (item->row != row) {
            VLOG_WARN_RL(&rl, "database has more than one %s named \"%s\"; "
                         "ignoring all but the first", what, name);
        } else if (parent && item->parent != parent
                   && strcmp(item->parent->name, parent->name)) {
            if (plan_parent_is_current(parent, name)) {
                item->parent = parent;
            }
            VLOG_WARN_RL(&rl, "%s %s is in more than one %s; using %s",
                         what, name, parent->parent ? "port" : "bridge",
                         item->parent->name);
        }
        return NULL;
    }
    if (!name[0]) {
        return NULL;
    }
    item = xzalloc(sizeof *item);
    item->name = name;
    item->row = row;
    item->parent = parent;
    hmap_insert(plan, &item->node, hash_string(name, 0));
    return item;
}

static void
plan_destroy(struct hmap *plan)
{
    struct plan_item *item;

    HMAP_FOR_EACH_POP (item, node, plan) {
        free(item);
    }
    hmap_destroy(plan);
}

/* Fills the plans with the bridges, ports and interfaces reachable from
 * 'ovs' (names unique across the database, first come first served). */
static void
plan_build(const struct ovsdb_idl_row *ovs, struct hmap *bridges,
           struct hmap *ports, struct hmap *ifaces)
{
    const struct ovsdb_idl_row **br_rows = NULL;
    size_t n_br = ovs ? ovsdb_idl_get_refs(ovs, "bridges", &br_rows) : 0;

    for (size_t i = 0; i < n_br; i++) {
        const struct plan_item *bp = plan_add(bridges, br_rows[i], NULL,
                                              "bridge");
        const struct ovsdb_idl_row **port_rows;
        size_t n_ports;

        if (!bp) {
            continue;
        }
        n_ports = ovsdb_idl_get_refs(br_rows[i], "ports", &port_rows);
        for (size_t j = 0; j < n_ports; j++) {
            const struct ovsdb_idl_row **if_rows;
            size_t n_ifs = ovsdb_idl_get_refs(port_rows[j], "interfaces",
                                              &if_rows);
            const struct plan_item *pp = NULL;

            for (size_t k = 0; k < n_ifs; k++) {
                if (!pp) {
                    pp = plan_add(ports, port_rows[j], bp, "port");
                    if (!pp) {
                        break;
                    }
                }
                plan_add(ifaces, if_rows[k], pp, "interface");
            }
            free(if_rows);
        }
        free(port_rows);
    }
    free(br_rows);
}

/* Deletes the bridges, ports and interfaces the plan does not have (or
 * has elsewhere, or with another type). */
static void
bridge_delete_unwanted(struct bridge *br, const struct hmap *ports,
                       const struct hmap *ifaces)
{
    struct iface *iface;
    struct port *port;

    HMAP_FOR_EACH_SAFE (iface, node, &br->ifaces) {
        const struct plan_item *ip = plan_find(ifaces, iface->name);
        if (!ip || strcmp(ip->parent->parent->name, br->name)
            || strcmp(normalize_type(row_string(ip->row, "type")),
                      iface->type)) {
            iface_destroy(iface);
        }
    }
    HMAP_FOR_EACH_SAFE (port, node, &br->ports) {
        const struct plan_item *pp = plan_find(ports, port->name);
        if (!pp || strcmp(pp->parent->name, br->name)) {
            port_destroy(port);
        }
    }
}

static void
reconfigure_delete(const struct hmap *bridges, const struct hmap *ports,
                   const struct hmap *ifaces)
{
    struct bridge *br;

    HMAP_FOR_EACH_SAFE (br, node, &all_bridges) {
        if (!plan_find(bridges, br->name)) {
            bridge_destroy(br);
        } else {
            bridge_delete_unwanted(br, ports, ifaces);
        }
    }
}

/* Creates or updates the interfaces of port row 'pp'. */
static void
reconfigure_port_ifaces(struct port *port, const struct plan_item *pp,
                        const struct hmap *ifaces)
{
    const struct ovsdb_idl_row **if_rows;
    size_t n = ovsdb_idl_get_refs(pp->row, "interfaces", &if_rows);

    for (size_t i = 0; i < n; i++) {
        const struct plan_item *ip = plan_find(ifaces,
                                               row_string(if_rows[i], "name"));
        struct iface *iface;
        bool is_new = false;

        if (!ip || ip->row != if_rows[i] || ip->parent != pp) {
            continue;           /* A duplicate: see plan_add(). */
        }
        iface = iface_lookup(port->br, ip->name);
        if (!iface) {
            iface = iface_create(port->br, ip->name,
                                 normalize_type(row_string(ip->row, "type")));
            is_new = true;
        }
        if (iface->port && iface->port != port) {
            struct port *old = iface->port;
            iface_set_port(iface, port);
            port_update_bundle(old);
        }
        iface_set_port(iface, port);
        iface_configure(iface, ip->row, is_new);
    }
    free(if_rows);
}

/* Creates or updates what the plan has. */
static void
reconfigure_create(const struct ovsdb_idl_row *ovs, const struct hmap *ports,
                   const struct hmap *ifaces)
{
    const struct ovsdb_idl_row **br_rows = NULL;
    size_t n_br = ovs ? ovsdb_idl_get_refs(ovs, "bridges", &br_rows) : 0;
    struct hmap seen = HMAP_INITIALIZER(&seen);

    for (size_t i = 0; i < n_br; i++) {
        const char *name = row_string(br_rows[i], "name");
        const struct ovsdb_idl_row **port_rows;
        struct bridge *br;

        if (!name[0] || !plan_add(&seen, br_rows[i], NULL, "bridge")) {
            continue;
        }
        br = bridge_lookup(name);
        if (!br) {
            br = bridge_create(name, &br_rows[i]->uuid);
        }
        bridge_configure(br, br_rows[i]);

        size_t n_ports = ovsdb_idl_get_refs(br_rows[i], "ports", &port_rows);
        for (size_t j = 0; j < n_ports; j++) {
            const struct plan_item *pp = plan_find(
                ports, row_string(port_rows[j], "name"));
            struct port *port;

            if (!pp || pp->row != port_rows[j]
                || strcmp(pp->parent->name, name)) {
                continue;       /* A duplicate: see plan_add(). */
            }
            port = port_lookup(br, pp->name);
            if (!port) {
                port = port_create(br, pp->name);
            }
            port_configure(port, pp->row);
            reconfigure_port_ifaces(port, pp, ifaces);
        }
        free(port_rows);
    }
    free(br_rows);
    plan_destroy(&seen);
}

static void
bridge_update_bundles(struct bridge *br)
{
    struct port *port;

    HMAP_FOR_EACH (port, node, &br->ports) {
        port_update_bundle(port);
    }
}

/* Applies Open_vSwitch other_config to the datapath when it changed. */
static void
reconfigure_datapath(const struct ovsdb_idl_row *ovs)
{
    struct smap oc = SMAP_INITIALIZER(&oc);

    if (ovs) {
        row_get_smap(ovs, "other_config", &oc);
    }
    if (!dp_config_applied || !smap_equal(&oc, &dp_config)) {
        dp_config_applied = true;
        dpif_set_config(the_dpif, &oc);
        smap_destroy(&dp_config);
        smap_clone(&dp_config, &oc);
    }

    /* Open vSwitch's default: NORMAL looks at the outer tag only. */
    int vlan_limit = smap_get_int(&oc, "vlan-limit", 1);
    ofproto_set_vlan_limit(vlan_limit >= 0 ? vlan_limit : 1);

    int interval = smap_get_int(&oc, "stats-update-interval",
                                STATS_INTERVAL_DEFAULT);
    interval = MAX(interval, STATS_INTERVAL_MIN);
    if (interval != stats_interval) {
        stats_interval = interval;
        stats_next = time_msec() + interval;
    }
    smap_destroy(&oc);
}

static const struct ovsdb_idl_row *
ovs_row(void)
{
    struct ovsdb_idl_table *t = ovsdb_idl_get_table(idl, "Open_vSwitch");
    return t ? ovsdb_idl_first_row(t) : NULL;
}

static void
reconfigure(void)
{
    const struct ovsdb_idl_row *ovs = ovs_row();
    struct hmap bridges = HMAP_INITIALIZER(&bridges);
    struct hmap ports = HMAP_INITIALIZER(&ports);
    struct hmap ifaces = HMAP_INITIALIZER(&ifaces);
    struct bridge *br;

    COVERAGE_INC(bridge_reconfigure);
    reconfigure_datapath(ovs);
    plan_build(ovs, &bridges, &ports, &ifaces);
    reconfigure_delete(&bridges, &ports, &ifaces);
    reconfigure_create(ovs, &ports, &ifaces);
    reconfigure_controllers(ovs);
    plan_destroy(&bridges);
    plan_destroy(&ports);
    plan_destroy(&ifaces);

    HMAP_FOR_EACH (br, node, &all_bridges) {
        bridge_refresh(br);
        bridge_update_bundles(br);
    }

    applied_cfg = ovs ? ovsdb_idl_get_integer(ovs, "next_cfg", 0) : -1;
    configured = true;
    status_dirty = true;
}

/* Statistics. */

/* True for the drop reasons a datapath counts on the egress port. */
static bool
drop_reason_is_tx(enum dp_drop_reason reason)
{
    return (reason == DP_DROP_MTU || reason == DP_DROP_TX_FULL
            || reason == DP_DROP_TX_ERROR || reason == DP_DROP_GSO_FAILED
            || reason == DP_DROP_PORT_DOWN);
}

static void
iface_refresh_stats(struct iface *iface)
{
    struct netdev_stats s;
    uint64_t drops[DP_DROP_N_REASONS];
    uint64_t rx_drops = 0, tx_drops = 0;
    bool have_dp = false;

    if (!iface->netdev || netdev_get_stats(iface->netdev, &s)) {
        return;
    }
    if (iface->ofport != OFPP_NONE) {
        odp_port_t odp = ofproto_port_to_odp(iface->br->ofproto,
                                             iface->ofport);
        if (odp != ODPP_NONE
            && !dpif_get_drop_stats(the_dpif, odp, drops)) {
            have_dp = true;
            for (int i = 0; i < DP_DROP_N_REASONS; i++) {
                if (drop_reason_is_tx(i)) {
                    tx_drops += drops[i];
                } else {
                    rx_drops += drops[i];
                }
            }
        }
    }

    uint64_t *v = iface->stats;
    v[STAT_RX_PACKETS] = s.rx_packets;
    v[STAT_RX_BYTES] = s.rx_bytes;
    v[STAT_RX_ERRORS] = s.rx_errors;
    v[STAT_TX_PACKETS] = s.tx_packets;
    v[STAT_TX_BYTES] = s.tx_bytes;
    v[STAT_TX_ERRORS] = s.tx_errors;
    v[STAT_RX_FRAME_ERR] = s.rx_frame_err;
    v[STAT_RX_OVER_ERR] = s.rx_over_err;
    v[STAT_RX_CRC_ERR] = s.rx_crc_err;
    v[STAT_COLLISIONS] = s.collisions;
    v[STAT_RX_DROPPED] = (s.rx_dropped == UINT64_MAX
                          ? (have_dp ? rx_drops : UINT64_MAX)
                          : s.rx_dropped + rx_drops);
    v[STAT_TX_DROPPED] = (s.tx_dropped == UINT64_MAX
                          ? (have_dp ? tx_drops : UINT64_MAX)
                          : s.tx_dropped + tx_drops);
    iface->have_stats = true;
}

static void
refresh_all_stats(void)
{
    struct iface *iface;

    HMAP_FOR_EACH (iface, all_node, &all_ifaces) {
        iface_refresh_stats(iface);
    }
    status_dirty = status_full = true;
}

/* Status write-back. */

/* Returns the column 'name' of 'row' if its key and value types are
 * 'key' and 'value' (OVSDB_TYPE_VOID for a set or scalar). */
static const struct ovsdb_column *
status_column(const struct ovsdb_idl_row *row, const char *name,
              enum ovsdb_atomic_type key, enum ovsdb_atomic_type value)
{
    const struct ovsdb_column *c = ovsdb_idl_table_find_column(row->table,
                                                               name);
    return (c && c->type.key.type == key && c->type.value.type == value
            ? c : NULL);
}

/* The status transaction, created when first needed. */
static struct ovsdb_idl_txn *
status_get_txn(void)
{
    if (!status_txn) {
        status_txn = ovsdb_idl_txn_create(idl);
    }
    return status_txn;
}

/* Writes '*d' (taken over) to column 'c' of 'row' in 'status_txn' if
 * the replica holds another value. */
static void
status_write(const struct ovsdb_idl_row *row, const struct ovsdb_column *c,
             struct ovsdb_datum *d)
{
    const struct ovsdb_datum *cur = ovsdb_idl_get_by_index(row, c->index);

    if (!cur || !ovsdb_datum_equals(cur, d, &c->type)) {
        status_get_txn();
        if (!ovsdb_idl_txn_write(row, c->name, d)) {
            return;
        }
        VLOG_WARN_RL(&rl, "%s column %s: value does not fit the schema",
                     ovsdb_idl_table_get_name(row->table), c->name);
    }
    ovsdb_datum_destroy(d, &c->type);
}

/* Integer column: 'value' if 'present', else empty. */
static void
status_write_int(const struct ovsdb_idl_row *row, const char *column,
                 bool present, int64_t value)
{
    const struct ovsdb_column *c = status_column(row, column,
                                                 OVSDB_TYPE_INTEGER,
                                                 OVSDB_TYPE_VOID);
    struct ovsdb_datum d;

    if (!c || (!present && c->type.n_min)) {
        return;
    }
    if (present) {
        ovsdb_datum_init_integer(&d, value);
    } else {
        ovsdb_datum_init_empty(&d);
    }
    status_write(row, c, &d);
}

/* String column: 'value', or empty if NULL. */
static void
status_write_string(const struct ovsdb_idl_row *row, const char *column,
                    const char *value)
{
    const struct ovsdb_column *c = status_column(row, column,
                                                 OVSDB_TYPE_STRING,
                                                 OVSDB_TYPE_VOID);
    struct ovsdb_datum d;

    if (!c || (!value && c->type.n_min)) {
        return;
    }
    if (value) {
        ovsdb_datum_init_string(&d, value);
    } else {
        ovsdb_datum_init_empty(&d);
    }
    status_write(row, c, &d);
}

/* Set of strings 'values' (NULL-terminated). */
static void
status_write_string_set(const struct ovsdb_idl_row *row, const char *column,
                        const char *const *values)
{
    const struct ovsdb_column *c = status_column(row, column,
                                                 OVSDB_TYPE_STRING,
                                                 OVSDB_TYPE_VOID);
    struct ovsdb_datum d;

    if (!c) {
        return;
    }
    ovsdb_datum_init_empty(&d);
    for (; values && *values; values++) {
        union ovsdb_atom key = { .string = CONST_CAST(char *, *values) };
        ovsdb_datum_add_unsafe(&d, &key, NULL, &c->type);
    }
    ovsdb_datum_sort_unique(&d, &c->type);
    status_write(row, c, &d);
}

/* Looks up 'key' in map 'c' of 'row' as the transaction being built shows
 * it; returns its value or NULL. */
static const union ovsdb_atom *
status_map_get(const struct ovsdb_idl_row *row, const struct ovsdb_column *c,
               const char *key)
{
    const struct ovsdb_datum *cur = ovsdb_idl_get_by_index(row, c->index);
    union ovsdb_atom k = { .string = CONST_CAST(char *, key) };
    unsigned int idx;

    return (cur && cur->values
            && ovsdb_datum_find_key(cur, &k, OVSDB_TYPE_STRING, &idx)
            ? &cur->values[idx] : NULL);
}

/* Brings string-to-string map 'column' of 'row' to 'want' with partial
 * updates, so that keys another client writes survive: each key of 'want'
 * is set if it differs, and each key of '*owned' (the keys we ever wrote
 * there, which 'want' is added to) that 'want' lacks is deleted. */
static void
status_update_smap(const struct ovsdb_idl_row *row, const char *column,
                   const struct smap *want, struct smap *owned)
{
    const struct ovsdb_column *c = status_column(row, column,
                                                 OVSDB_TYPE_STRING,
                                                 OVSDB_TYPE_STRING);
    const struct smap_node *node;

    if (!c) {
        return;
    }
    SMAP_FOR_EACH (node, want) {
        const union ovsdb_atom *v = status_map_get(row, c, node->key);
        if (!v || strcmp(v->string, node->value)) {
            status_get_txn();
            ovsdb_idl_txn_map_set_string(row, column, node->key,
                                         node->value);
        }
        smap_replace(owned, node->key, "");
    }
    SMAP_FOR_EACH (node, owned) {
        if (!smap_get(want, node->key)
            && status_map_get(row, c, node->key)) {
            status_get_txn();
            ovsdb_idl_txn_map_delete_string(row, column, node->key);
        }
    }
}

/* The "statistics" column, by partial updates of the keys we count. */
static void
status_update_stats(const struct ovsdb_idl_row *row,
                    const struct iface *iface)
{
    const struct ovsdb_column *c = status_column(row, "statistics",
                                                 OVSDB_TYPE_STRING,
                                                 OVSDB_TYPE_INTEGER);

    if (!c || !iface->have_stats) {
        return;
    }
    for (int i = 0; i < N_STATS; i++) {
        const union ovsdb_atom *v = status_map_get(row, c, stat_names[i]);
        union ovsdb_atom key = {
            .string = CONST_CAST(char *, stat_names[i]) };

        if (iface->stats[i] != UINT64_MAX) {
            union ovsdb_atom value = {
                .integer = MIN(iface->stats[i], (uint64_t) INT64_MAX) };
            if (!v || v->integer != value.integer) {
                status_get_txn();
                ovsdb_idl_txn_map_set(row, "statistics", &key, &value);
            }
        } else if (v) {
            status_get_txn();
            ovsdb_idl_txn_map_delete(row, "statistics", &key);
        }
    }
}

static void
iface_write_status(struct iface *iface, const struct ovsdb_idl_row *row)
{
    struct netdev *netdev = iface->netdev;
    bool attached = iface->ofport != OFPP_NONE;

    status_write_int(row, "ofport", true,
                     attached ? (int64_t) iface->ofport : -1);
    status_write_string(row, "error", iface->error);
    if (!netdev || !attached) {
        status_write_string(row, "mac_in_use", NULL);
        status_write_int(row, "ifindex", false, 0);
        status_write_string(row, "admin_state", "down");
        status_write_string(row, "link_state", "down");
        status_write_int(row, "link_speed", false, 0);
        status_write_int(row, "mtu", false, 0);
        return;
    }

    struct eth_addr ea;
    if (!netdev_get_etheraddr(netdev, &ea)) {
        char mac[ETH_ADDR_LEN * 3];
        snprintf(mac, sizeof mac, ETH_ADDR_FMT, ETH_ADDR_ARGS(ea));
        status_write_string(row, "mac_in_use", mac);
    } else {
        status_write_string(row, "mac_in_use", NULL);
    }

    int ifindex = netdev_get_ifindex(netdev);
    status_write_int(row, "ifindex", ifindex >= 0, ifindex);

    enum netdev_flags flags;
    if (!netdev_get_flags(netdev, &flags)) {
        int up = (flags & NETDEV_RUNNING) != 0;
        if (iface->link_up >= 0 && up != iface->link_up) {
            iface->link_resets++;
        }
        iface->link_up = up;
        status_write_string(row, "admin_state",
                            flags & NETDEV_UP ? "up" : "down");
        status_write_string(row, "link_state", up ? "up" : "down");
    }
    status_write_int(row, "link_resets", true, iface->link_resets);

    uint64_t mbps;
    bool has_speed = !netdev_get_speed(netdev, &mbps) && mbps;
    status_write_int(row, "link_speed", has_speed,
                     has_speed ? (int64_t) (mbps * 1000000) : 0);

    int mtu;
    bool has_mtu = !netdev_get_mtu(netdev, &mtu);
    status_write_int(row, "mtu", has_mtu, has_mtu ? mtu : 0);

    struct smap status = SMAP_INITIALIZER(&status);
    if (!netdev_get_status(netdev, &status)) {
        status_update_smap(row, "status", &status, &iface->status_keys);
    }
    smap_destroy(&status);
    status_update_stats(row, iface);
}

static void
ovs_write_status(const struct ovsdb_idl_row *ovs)
{
    static const char *const dp_types[] = { "netdev", "system", NULL };
    const struct ovsdb_schema *schema = ovsdb_idl_get_schema(idl);

    status_write_string(ovs, "ovs_version", PACKAGE_VERSION);
    if (schema && schema->version[0]) {
        status_write_string(ovs, "db_version", schema->version);
    }
    status_write_string(ovs, "system_type", system_type);
    status_write_string(ovs, "system_version", system_version);
    status_write_string_set(ovs, "iface_types", netdev_types());
    status_write_string_set(ovs, "datapath_types", dp_types);
    if (applied_cfg >= 0
        && ovsdb_idl_get_integer(ovs, "cur_cfg", 0) != applied_cfg) {
        status_write_int(ovs, "cur_cfg", true, applied_cfg);
    }
}

/* OpenFlow controllers, SSL and fail mode.
 *
 * Each bridge's connmgr (connmgr.h) gets the bridge's Controller rows and
 * fail_mode at every reconfiguration; the SSL row configures the ssl:
 * and pssl: streams before that.  Controller status (is_connected, role,
 * status) is written with the rest of the status; connmgr's status seqno
 * says when a connection came or went so that it is written at once. */

/* Versions allowed by Bridge 'protocols' (all supported ones if empty). */
static uint32_t
bridge_get_allowed_versions(const struct ovsdb_idl_row *row)
{
    const struct ovsdb_datum *d = ovsdb_idl_get(row, "protocols");
    uint32_t versions = 0;

    for (unsigned int i = 0; d && i < d->n; i++) {
        const struct ovsdb_column *c = ovsdb_idl_table_find_column(
            row->table, "protocols");
        if (!c || c->type.key.type != OVSDB_TYPE_STRING) {
            break;
        }
        uint8_t v = ofputil_version_from_string(d->keys[i].string);
        if (v && ofputil_version_is_supported(v)) {
            versions |= OFPUTIL_VERSION_BIT(v);
        }
    }
    return versions ? versions : OFPUTIL_DEFAULT_VERSIONS;
}

static void
bridge_configure_ssl(const struct ovsdb_idl_row *ovs)
{
    const struct ovsdb_idl_row *ssl = ovs ? ovsdb_idl_get_ref(ovs, "ssl")
                                          : NULL;
    if (!ssl) {
        return;
    }
    const char *key = row_string(ssl, "private_key");
    const char *cert = row_string(ssl, "certificate");
    const char *ca = row_string(ssl, "ca_cert");
    if (key[0]) {
        stream_ssl_set_private_key_file(key);
    }
    if (cert[0]) {
        stream_ssl_set_certificate_file(cert);
    }
    if (ca[0]) {
        stream_ssl_set_ca_cert_file(
            ca, ovsdb_idl_get_bool(ssl, "bootstrap_ca_cert", false));
    }
}

/* Reads Controller row 'row' into '*c'; false if its target is unusable.
 * Strings point into the row. */
static bool
bridge_read_controller(const struct bridge *br,
                       const struct ovsdb_idl_row *row,
                       uint32_t allowed_versions,
                       struct ofproto_controller *c)
{
    const char *target = row_string(row, "target");

    if (vconn_verify_name(target) && pvconn_verify_name(target)) {
        VLOG_WARN_RL(&rl, "bridge %s: invalid controller target \"%s\"",
                     br->name, target);
        return false;
    }
    memset(c, 0, sizeof *c);
    c->target = target;
    /* max_backoff and inactivity_probe are in milliseconds there. */
    int64_t backoff = ovsdb_idl_get_integer(row, "max_backoff", 8000);
    c->max_backoff = MAX(1, backoff / 1000);
    int64_t probe = ovsdb_idl_get_integer(row, "inactivity_probe", 5000);
    c->probe_interval = probe > 0 ? MAX(1, probe / 1000) : 0;
    c->band = (!strcmp(row_string(row, "connection_mode"), "in-band")
               ? OFPROTO_IN_BAND : OFPROTO_OUT_OF_BAND);
    c->rate_limit = ovsdb_idl_get_integer(row, "controller_rate_limit", 0);
    c->burst_limit = ovsdb_idl_get_integer(row, "controller_burst_limit",
                                           0);
    c->queue_size = ovsdb_idl_get_integer(row, "controller_queue_size", 0);
    c->enable_async_msgs = ovsdb_idl_get_bool(row, "enable_async_messages",
                                              true);
    int dscp = atoi(ovsdb_idl_get_map_string(row, "other_config", "dscp",
                                             "48"));
    c->dscp = dscp >= 0 && dscp <= 63 ? dscp : 48;
    c->allowed_versions = allowed_versions;
    return true;
}

/* Applies the Controller rows and fail_mode of Bridge 'row' to 'br'. */
static void
bridge_configure_controllers(struct bridge *br,
                             const struct ovsdb_idl_row *row)
{
    struct connmgr *mgr = ofproto_get_connmgr(br->ofproto);
    const struct ovsdb_idl_row **rows;
    size_t n_rows = ovsdb_idl_get_refs(row, "controller", &rows);
    struct ofproto_controller *cs = xcalloc(MAX(n_rows, 1), sizeof *cs);
    uint32_t versions = bridge_get_allowed_versions(row);
    size_t n = 0;

    if (!mgr) {
        free(cs);
        free(rows);
        return;
    }
    for (size_t i = 0; i < n_rows; i++) {
        n += bridge_read_controller(br, rows[i], versions, &cs[n]);
    }
    connmgr_set_fail_mode(mgr, (!strcmp(row_string(row, "fail_mode"),
                                        "secure")
                                ? OFPROTO_FAIL_SECURE
                                : OFPROTO_FAIL_STANDALONE));
    connmgr_set_controllers(mgr, cs, n);
    free(cs);
    free(rows);
}

/* SSL, then every bridge's controllers (after their ports exist). */
static void
reconfigure_controllers(const struct ovsdb_idl_row *ovs)
{
    struct ovsdb_idl_table *br_table = ovsdb_idl_get_table(idl, "Bridge");
    struct bridge *br;

    bridge_configure_ssl(ovs);
    HMAP_FOR_EACH (br, node, &all_bridges) {
        const struct ovsdb_idl_row *row = (br_table
            ? ovsdb_idl_get_row_for_uuid(br_table, &br->uuid) : NULL);
        if (row) {
            bridge_configure_controllers(br, row);
        }
    }
}

/* Notices controller connections coming and going. */
static void
bridge_check_controller_status(struct bridge *br)
{
    struct connmgr *mgr = ofproto_get_connmgr(br->ofproto);
    unsigned int seqno = mgr ? connmgr_get_status_seqno(mgr) : 0;

    if (seqno != br->ctl_status_seqno) {
        br->ctl_status_seqno = seqno;
        status_dirty = true;
    }
}

static void
status_write_bool(const struct ovsdb_idl_row *row, const char *column,
                  bool value)
{
    const struct ovsdb_column *c = status_column(row, column,
                                                 OVSDB_TYPE_BOOLEAN,
                                                 OVSDB_TYPE_VOID);
    struct ovsdb_datum d;

    if (c) {
        ovsdb_datum_init_boolean(&d, value);
        status_write(row, c, &d);
    }
}

/* String-to-string map 'column' of 'row' replaced by 'map' as a whole
 * (for ephemeral columns that only we write). */
static void
status_write_smap(const struct ovsdb_idl_row *row, const char *column,
                  const struct smap *map)
{
    const struct ovsdb_column *c = status_column(row, column,
                                                 OVSDB_TYPE_STRING,
                                                 OVSDB_TYPE_STRING);
    const struct smap_node *node;
    struct ovsdb_datum d;

    if (!c) {
        return;
    }
    ovsdb_datum_init_empty(&d);
    SMAP_FOR_EACH (node, map) {
        union ovsdb_atom key = { .string = node->key };
        union ovsdb_atom value = { .string = node->value };
        ovsdb_datum_add_unsafe(&d, &key, &value, &c->type);
    }
    ovsdb_datum_sort_unique(&d, &c->type);
    status_write(row, c, &d);
}

/* Writes is_connected, role and status of the Controller rows of Bridge
 * 'row'. */
static void
bridge_write_controller_status(const struct bridge *br,
                               const struct ovsdb_idl_row *row)
{
    struct connmgr *mgr = ofproto_get_connmgr(br->ofproto);
    struct ofproto_controller_info *infos = NULL;
    size_t n_infos = mgr ? connmgr_get_controller_info(mgr, &infos) : 0;
    const struct ovsdb_idl_row **rows;
    size_t n_rows = ovsdb_idl_get_refs(row, "controller", &rows);

    for (size_t i = 0; i < n_rows; i++) {
        const char *target = row_string(rows[i], "target");
        const struct ofproto_controller_info *info = NULL;

        for (size_t j = 0; j < n_infos; j++) {
            if (!strcmp(infos[j].target, target)) {
                info = &infos[j];
                break;
            }
        }
        if (info) {
            status_write_bool(rows[i], "is_connected", info->is_connected);
            status_write_string(rows[i], "role",
                                ofconn_role_to_string(info->role));
            status_write_smap(rows[i], "status", info->pairs);
        } else {
            struct smap empty = SMAP_INITIALIZER(&empty);
            status_write_bool(rows[i], "is_connected", false);
            status_write_string(rows[i], "role", NULL);
            status_write_smap(rows[i], "status", &empty);
        }
    }
    free(rows);
    connmgr_free_controller_info(infos, n_infos);
}

/* Builds and sends a transaction with what changed, if any. */
static void
status_build(void)
{
    struct ovsdb_idl_table *br_table = ovsdb_idl_get_table(idl, "Bridge");
    struct ovsdb_idl_table *if_table = ovsdb_idl_get_table(idl, "Interface");
    const struct ovsdb_idl_row *ovs = ovs_row();
    struct iface *iface;
    struct bridge *br;

    if (!br_table || !if_table) {
        return;
    }
    HMAP_FOR_EACH (br, node, &all_bridges) {
        const struct ovsdb_idl_row *row;

        row = ovsdb_idl_get_row_for_uuid(br_table, &br->uuid);
        if (row) {
            char dpid[17];
            snprintf(dpid, sizeof dpid, "%016"PRIx64, br->dpid);
            status_write_string(row, "datapath_id", dpid);
            status_write_string(row, "datapath_version", "<built-in>");
            bridge_write_controller_status(br, row);
        }
    }
    HMAP_FOR_EACH (iface, all_node, &all_ifaces) {
        const struct ovsdb_idl_row *row;

        if (!status_full && !iface->status_dirty) {
            continue;
        }
        iface->status_dirty = false;
        row = ovsdb_idl_get_row_for_uuid(if_table, &iface->uuid);
        if (row) {
            iface_write_status(iface, row);
        }
    }
    status_full = false;
    if (ovs) {
        ovs_write_status(ovs);
    }
}

static void
status_run(void)
{
    if (status_txn) {
        enum ovsdb_idl_txn_status st = ovsdb_idl_txn_commit(status_txn);
        if (st == OVSDB_IDL_TXN_INCOMPLETE) {
            return;
        }
        if (st != OVSDB_IDL_TXN_SUCCESS && st != OVSDB_IDL_TXN_UNCHANGED) {
            const char *err = ovsdb_idl_txn_get_error(status_txn);
            VLOG_WARN_RL(&rl, "status update failed: %s%s%s",
                         ovsdb_idl_txn_status_to_string(st),
                         err ? ": " : "", err ? err : "");
            status_dirty = status_full = true;
            status_retry_at = time_msec() + STATUS_RETRY_MSEC;
        }
        ovsdb_idl_txn_destroy(status_txn);
        status_txn = NULL;
        config_written |= txn_after_config;
    }

    if (!status_dirty || !ovsdb_idl_is_synced(idl)
        || !ovsdb_idl_has_lock(idl) || time_msec() < status_retry_at) {
        return;
    }
    status_dirty = false;
    status_build();
    txn_after_config = configured;
    if (!status_txn) {
        config_written |= configured;
    } else {
        COVERAGE_INC(bridge_status_txn);
        ovsdb_idl_txn_add_comment(status_txn, "osw-vswitchd: status");
        status_run();
    }
}

/* Main loop hooks. */

/* Does the work that can be done now (bridge.h). */
void
bridge_run(void)
{
    struct bridge *br;

    ovsdb_idl_run(idl);
    if (ovsdb_idl_get_n_full_loads(idl) != n_full_loads) {
        /* A new server, or one that lost our ephemeral columns: write
         * everything again. */
        n_full_loads = ovsdb_idl_get_n_full_loads(idl);
        status_dirty = status_full = true;
    }

    if (ovsdb_idl_is_lock_contended(idl)) {
        if (!lock_warned) {
            lock_warned = true;
            VLOG_ERR("another osw-vswitchd process is running, disabling "
                     "this process until it goes away");
        }
    } else if (ovsdb_idl_has_lock(idl)) {
        if (lock_warned) {
            lock_warned = false;
            VLOG_INFO("got the database lock: running the bridges");
        }
        if (ovsdb_idl_get_seqno(idl) != idl_seqno
            && ovsdb_idl_has_ever_connected(idl)) {
            idl_seqno = ovsdb_idl_get_seqno(idl);
            reconfigure();
        }
    }

    run_link_checks();
    if (!notifier && time_msec() >= stats_next) {
        link_rescan_pending = true;
        run_link_checks();
    }
    HMAP_FOR_EACH (br, node, &all_bridges) {
        if (br->dirty) {
            bridge_refresh(br);
        }
        ofproto_run(br->ofproto);
        bridge_check_controller_status(br);
    }
    if (time_msec() >= stats_next) {
        stats_next = time_msec() + stats_interval;
        refresh_all_stats();
    }
    status_run();
}

void
bridge_wait(void)
{
    struct bridge *br;

    ovsdb_idl_wait(idl);
    if (status_txn) {
        ovsdb_idl_txn_wait(status_txn);
    } else if (status_dirty && ovsdb_idl_is_synced(idl)
               && ovsdb_idl_has_lock(idl)) {
        poll_timer_wait_until(status_retry_at);
    }
    HMAP_FOR_EACH (br, node, &all_bridges) {
        if (br->dirty) {
            poll_immediate_wake();
        }
        ofproto_wait(br->ofproto);
    }
    poll_timer_wait_until(stats_next);
}

/* True once a configuration from the database is in force and its status
 * written (bridge.h). */
bool
bridge_is_configured(void)
{
    return configured && config_written;
}

/* Appends the "memory/show" items (bridge.h). */
void
bridge_get_memory_usage(struct ds *ds)
{
    size_t n_ports = 0, n_attached = 0, n_macs = 0;
    struct bridge *br;
    struct iface *iface;

    HMAP_FOR_EACH (br, node, &all_bridges) {
        struct mac_learning *ml = ofproto_get_mac_learning(br->ofproto);
        n_ports += hmap_count(&br->ports);
        if (ml) {
            struct mac_learning_stats stats;
            mac_learning_get_stats(ml, &stats);
            n_macs += stats.n_entries;
        }
    }
    HMAP_FOR_EACH (iface, all_node, &all_ifaces) {
        n_attached += iface->ofport != OFPP_NONE;
    }
    ds_put_format(ds, "bridges:%zu ports:%zu interfaces:%zu "
                  "attached-interfaces:%zu mac-entries:%zu",
                  hmap_count(&all_bridges), n_ports, hmap_count(&all_ifaces),
                  n_attached, n_macs);
}
