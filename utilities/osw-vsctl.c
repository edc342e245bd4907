/* osw-vsctl: high-level configuration of osw-vswitchd through its
 * database, compatible with Open vSwitch's ovs-vsctl.
 *
 *     osw-vsctl [OPTIONS] [--] [OPTIONS] COMMAND [ARG...] [-- ...]
 *
 * Every command of one invocation runs in one transaction (db-ctl.h does
 * the parsing, the generic database commands and the transaction loop).
 * This file adds the Open vSwitch model on top: bridges (real ones, and
 * "fake" VLAN bridges that are a tagged port of a real bridge), ports,
 * interfaces, controllers, managers, SSL, and the "show" overview, with
 * ovs-vsctl's messages and output byte for byte.
 *
 * Speed: the replica holds only what the commands need (a command's
 * prerequisites register its columns), and membership changes (a port
 * added to a bridge, an interface to a bond) are sent as "mutate"
 * operations on the set, not as a rewrite of the whole set, so adding a
 * port costs the same on a bridge with 10,000 ports as on an empty one,
 * apart from reading the names.
 *
 * Waiting: unless --no-wait, a transaction that changes the database also
 * increments Open_vSwitch's next_cfg, and osw-vsctl then waits until
 * osw-vswitchd reports (in cur_cfg) that it has applied that
 * configuration.  With --timeout, giving up at that stage exits with
 * status 65: the change is in the database but not confirmed.  When no
 * osw-vswitchd seems to run, a note on stderr after a second says so
 * instead of a silent hang. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "osw/dirs.h"
#include "osw/dynamic-string.h"
#include "osw/hash.h"
#include "osw/hmap.h"
#include "osw/list.h"
#include "osw/poll-loop.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/uuid.h"
#include "osw/vlog.h"
#include "db-ctl.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-idl.h"
#include "ovsdb-parser.h"
#include "ovsdb-schema.h"
#include "ovsdb-types.h"

VLOG_DEFINE_THIS_MODULE(vsctl);

/* The Open_vSwitch schema, compiled in (osw-vsctl-schema.c, generated
 * from vswitchd/vswitch.ovsschema), as ovs-vsctl's IDL is. */
extern const char osw_vsctl_schema_json[];

/* Exit status when the change was committed but osw-vswitchd did not
 * confirm it before --timeout. */
#define EXIT_NOT_CONFIRMED 65

/* Global options. */
static char *db;                /* --db. */
static bool wait_for_reload = true;     /* Not --no-wait. */
static bool dry_run;            /* --dry-run. */
static bool oneline;            /* --oneline. */
static bool retry;              /* --retry. */
static unsigned int timeout;    /* --timeout, seconds; 0: none. */
static struct output_table_style table_style
    = OUTPUT_TABLE_STYLE_INITIALIZER;

/* The bridges, ports and interfaces as ovs-vsctl sees them.  Built from
 * the replica on first use in each attempt at the transaction, updated by
 * the commands that change it, and thrown away (rebuilt on next use) when
 * a generic database command changed something. */
/* An entry of a hash map indexed by name (the cache's maps, name sets). */
struct name_node {
    struct hmap_node node;      /* By hash_string(name, 0). */
    const char *name;           /* Borrowed. */
};

/* Returns the node of 'map' called 'name', or NULL. */
static struct name_node *
name_node_find(const struct hmap *map, const char *name)
{
    struct name_node *n;

    HMAP_FOR_EACH_WITH_HASH (n, node, hash_string(name, 0), map) {
        if (!strcmp(n->name, name)) {
            return n;
        }
    }
    return NULL;
}

/* Inserts 'n' into 'map' under 'name' (which must outlive it). */
static void
name_node_insert(struct hmap *map, struct name_node *n, const char *name)
{
    n->name = name;
    hmap_insert(map, &n->node, hash_string(name, 0));
}

struct vsctl_bridge {
    struct name_node by_name;   /* In cache's 'bridges'. */
    char *name;
    const struct ovsdb_idl_row *br_cfg;     /* NULL for a fake bridge. */
    struct vsctl_bridge *parent;            /* Real bridge of a fake one. */
    int vlan;                   /* Fake bridge's VLAN, else 0. */
    struct osw_list children;   /* Fake bridges of a real bridge. */
    struct osw_list child_node; /* In parent's 'children'. */
    struct osw_list ports;      /* "struct vsctl_port"s. */
};

struct vsctl_port {
    struct name_node by_name;   /* In cache's 'ports'. */
    struct osw_list bridge_node;    /* In bridge's 'ports'. */
    char *name;
    const struct ovsdb_idl_row *port_cfg;
    struct vsctl_bridge *bridge;
    struct osw_list ifaces;     /* "struct vsctl_iface"s. */
};

struct vsctl_iface {
    struct name_node by_name;   /* In cache's 'ifaces'. */
    struct osw_list port_node;  /* In port's 'ifaces'. */
    char *name;
    const struct ovsdb_idl_row *iface_cfg;
    struct vsctl_port *port;
};

struct vsctl_cache {
    bool valid;
    struct hmap bridges;
    struct hmap ports;
    struct hmap ifaces;
};

/* Per-invocation state of the tool. */
struct vsctl_state {
    const struct ovsdb_idl_row *ovs;    /* The Open_vSwitch row. */
    struct vsctl_cache cache;

    /* Interfaces created by this invocation (their temporary uuids, then
     * their real ones), checked once osw-vswitchd has applied the
     * change. */
    struct uuid *new_ifaces;
    size_t n_new_ifaces, allocated_new_ifaces;
};

static struct vsctl_state state;

/* True once some command registered what the full cache needs (then the
 * cache is built from every bridge, port and interface even in a lean
 * context). */
static bool full_info;

static void vsctl_cache_clear(struct vsctl_cache *);

/* Helpers for rows of the Open_vSwitch schema. */

static const struct ovsdb_table_schema *
vsctl_table(const struct ctl_context *ctx, const char *name)
{
    return ovsdb_schema_find_table(ovsdb_idl_get_schema(ctx->idl), name);
}

static struct ovsdb_idl_table *
vsctl_idl_table(const struct ctl_context *ctx, const char *name)
{
    return ovsdb_idl_get_table(ctx->idl, name);
}

/* The column 'column' of table 'table' (which must exist). */
static const struct ovsdb_column *
vsctl_column(const struct ctl_context *ctx, const char *table,
             const char *column)
{
    const struct ovsdb_column *c = ovsdb_table_schema_find_column(
        vsctl_table(ctx, table), column);

    osw_assert(c);
    return c;
}

/* The string value of 'column', or "" if it has none. */
static const char *
row_string(const struct ovsdb_idl_row *row, const char *column)
{
    return ovsdb_idl_get_string(row, column, "");
}

/* The value of an optional integer column, or 'default_'. */
static int64_t
row_integer(const struct ovsdb_idl_row *row, const char *column,
            int64_t default_)
{
    return ovsdb_idl_get_integer(row, column, default_);
}

/* Sets 'column' of 'row' to a string scalar (or an optional string). */
static void
write_string(const struct ovsdb_idl_row *row, const char *column,
             const char *value)
{
    struct ovsdb_datum d;

    ovsdb_datum_init_string(&d, value);
    ovsdb_idl_txn_write(row, column, &d);
    ovsdb_datum_destroy(&d, &ovsdb_type_string);
}

static void
write_integer(const struct ovsdb_idl_row *row, const char *column,
              int64_t value)
{
    struct ovsdb_datum d;

    ovsdb_datum_init_integer(&d, value);
    ovsdb_idl_txn_write(row, column, &d);
}

static void
write_boolean(const struct ovsdb_idl_row *row, const char *column,
              bool value)
{
    struct ovsdb_datum d;

    ovsdb_datum_init_boolean(&d, value);
    ovsdb_idl_txn_write(row, column, &d);
}

/* Sets 'column' of 'row' to the set of the 'n' rows' uuids. */
static void
write_refs(const struct ovsdb_idl_row *row, const char *column,
           const struct ovsdb_idl_row **refs, size_t n)
{
    struct ovsdb_type type = OVSDB_TYPE_SCALAR_INITIALIZER(
        OVSDB_BASE_UUID_INIT);
    struct ovsdb_datum d;

    type.n_min = 0;
    type.n_max = UINT_MAX;
    ovsdb_datum_init_empty(&d);
    for (size_t i = 0; i < n; i++) {
        union ovsdb_atom atom;

        atom.uuid = refs[i]->uuid;
        ovsdb_datum_add(&d, &atom, NULL, &type);
    }
    ovsdb_idl_txn_write(row, column, &d);
    ovsdb_datum_destroy(&d, &type);
}

/* Empties 'column' of 'row'. */
static void
write_empty(const struct ovsdb_idl_row *row, const char *column)
{
    struct ovsdb_datum d;

    ovsdb_datum_init_empty(&d);
    ovsdb_idl_txn_write(row, column, &d);
}

static void
set_add_ref(const struct ovsdb_idl_row *row, const char *column,
            const struct ovsdb_idl_row *ref)
{
    union ovsdb_atom atom;

    atom.uuid = ref->uuid;
    ovsdb_idl_txn_set_add(row, column, &atom);
}

static void
set_remove_ref(const struct ovsdb_idl_row *row, const char *column,
               const struct ovsdb_idl_row *ref)
{
    union ovsdb_atom atom;

    atom.uuid = ref->uuid;
    ovsdb_idl_txn_set_remove(row, column, &atom);
}

/* Inserts a row into 'table' (temporary uuid). */
static const struct ovsdb_idl_row *
insert_row(struct ctl_context *ctx, const char *table)
{
    return ctl_insert_row(ctx, vsctl_table(ctx, table), NULL);
}

/* Remembers a new interface, to check on it after osw-vswitchd ran. */
static void
expect_iface(const struct ovsdb_idl_row *iface)
{
    if (state.n_new_ifaces >= state.allocated_new_ifaces) {
        state.new_ifaces = x2nrealloc(state.new_ifaces,
                                      &state.allocated_new_ifaces,
                                      sizeof *state.new_ifaces);
    }
    state.new_ifaces[state.n_new_ifaces++] = iface->uuid;
}

/* The cache. */

static struct vsctl_bridge *
cache_find_bridge(const struct vsctl_cache *cache, const char *name)
{
    struct name_node *n = name_node_find(&cache->bridges, name);
    return n ? CONTAINER_OF(n, struct vsctl_bridge, by_name) : NULL;
}

static struct vsctl_port *
cache_find_port(const struct vsctl_cache *cache, const char *name)
{
    struct name_node *n = name_node_find(&cache->ports, name);
    return n ? CONTAINER_OF(n, struct vsctl_port, by_name) : NULL;
}

static struct vsctl_iface *
cache_find_iface(const struct vsctl_cache *cache, const char *name)
{
    struct name_node *n = name_node_find(&cache->ifaces, name);
    return n ? CONTAINER_OF(n, struct vsctl_iface, by_name) : NULL;
}

static struct vsctl_bridge *
cache_add_bridge(struct vsctl_cache *cache, const struct ovsdb_idl_row *br_cfg,
                 const char *name, struct vsctl_bridge *parent, int vlan)
{
    struct vsctl_bridge *br = xzalloc(sizeof *br);

    br->name = xstrdup(name);
    br->br_cfg = br_cfg;
    br->parent = parent;
    br->vlan = vlan;
    osw_list_init(&br->children);
    osw_list_init(&br->ports);
    if (parent) {
        osw_list_push_back(&parent->children, &br->child_node);
    }
    name_node_insert(&cache->bridges, &br->by_name, br->name);
    return br;
}

/* The fake bridge of 'parent' for 'vlan', if any. */
static struct vsctl_bridge *
find_vlan_bridge(struct vsctl_bridge *parent, int vlan)
{
    struct vsctl_bridge *child;

    OSW_LIST_FOR_EACH (child, child_node, &parent->children) {
        if (child->vlan == vlan) {
            return child;
        }
    }
    return NULL;
}

/* A port whose tag picks one of the fake bridges of 'parent' belongs to
 * that fake bridge. */
static struct vsctl_port *
cache_add_port(struct vsctl_cache *cache, struct vsctl_bridge *parent,
               const struct ovsdb_idl_row *port_cfg)
{
    struct vsctl_port *port = xzalloc(sizeof *port);
    const struct ovsdb_datum *tag = ovsdb_idl_get(port_cfg, "tag");

    if (tag && tag->n == 1 && tag->keys[0].integer >= 0
        && tag->keys[0].integer <= 4095) {
        struct vsctl_bridge *vlan_bridge = find_vlan_bridge(
            parent, tag->keys[0].integer);
        if (vlan_bridge) {
            parent = vlan_bridge;
        }
    }

    port->name = xstrdup(row_string(port_cfg, "name"));
    port->port_cfg = port_cfg;
    port->bridge = parent;
    osw_list_init(&port->ifaces);
    osw_list_push_back(&parent->ports, &port->bridge_node);
    name_node_insert(&cache->ports, &port->by_name, port->name);
    return port;
}

static struct vsctl_iface *
cache_add_iface(struct vsctl_cache *cache, struct vsctl_port *port,
                const struct ovsdb_idl_row *iface_cfg)
{
    struct vsctl_iface *iface = xzalloc(sizeof *iface);

    iface->name = xstrdup(row_string(iface_cfg, "name"));
    iface->iface_cfg = iface_cfg;
    iface->port = port;
    osw_list_push_back(&port->ifaces, &iface->port_node);
    name_node_insert(&cache->ifaces, &iface->by_name, iface->name);
    return iface;
}

static void
cache_del_iface(struct vsctl_cache *cache, struct vsctl_iface *iface)
{
    hmap_remove(&cache->ifaces, &iface->by_name.node);
    osw_list_remove(&iface->port_node);
    free(iface->name);
    free(iface);
}

static void
cache_del_port(struct vsctl_cache *cache, struct vsctl_port *port)
{
    struct vsctl_iface *iface;

    OSW_LIST_FOR_EACH_POP (iface, port_node, &port->ifaces) {
        osw_list_init(&iface->port_node);
        cache_del_iface(cache, iface);
    }
    hmap_remove(&cache->ports, &port->by_name.node);
    osw_list_remove(&port->bridge_node);
    free(port->name);
    free(port);
}

static void
vsctl_cache_clear(struct vsctl_cache *cache)
{
    struct vsctl_bridge *br;
    struct vsctl_port *port;
    struct vsctl_iface *iface;

    if (!cache->valid) {
        return;
    }
    HMAP_FOR_EACH_POP (iface, by_name.node, &cache->ifaces) {
        free(iface->name);
        free(iface);
    }
    HMAP_FOR_EACH_POP (port, by_name.node, &cache->ports) {
        free(port->name);
        free(port);
    }
    HMAP_FOR_EACH_POP (br, by_name.node, &cache->bridges) {
        free(br->name);
        free(br);
    }
    hmap_destroy(&cache->ifaces);
    hmap_destroy(&cache->ports);
    hmap_destroy(&cache->bridges);
    cache->valid = false;
}

static void
invalidate_cache(struct ctl_context *ctx OSW_UNUSED)
{
    vsctl_cache_clear(&state.cache);
}

/* A port that is a fake bridge: "fake_bridge" true and a VLAN tag. */
static bool
port_is_fake_bridge(const struct ovsdb_idl_row *port_cfg)
{
    const struct ovsdb_datum *tag = ovsdb_idl_get(port_cfg, "tag");

    return (ovsdb_idl_get_bool(port_cfg, "fake_bridge", false)
            && tag && tag->n == 1
            && tag->keys[0].integer >= 0 && tag->keys[0].integer <= 4095);
}

/* A set of names seen, for the duplicate checks of populate_cache(). */
struct name_set {
    struct hmap map;
};

static void
name_set_init(struct name_set *set)
{
    hmap_init(&set->map);
}

/* Adds 'name'; returns false if it was already there. */
static bool
name_set_add(struct name_set *set, const char *name)
{
    if (name_node_find(&set->map, name)) {
        return false;
    }
    name_node_insert(&set->map, xmalloc(sizeof(struct name_node)), name);
    return true;
}

static void
name_set_destroy(struct name_set *set)
{
    struct name_node *n;

    HMAP_FOR_EACH_POP (n, node, &set->map) {
        free(n);
    }
    hmap_destroy(&set->map);
}

/* In a lean context (see pre_get_info_lean()), the replica has all the
 * bridges but only the ports and interfaces with the names the commands
 * asked about, and fake bridges: if any of those exists, the command must
 * know where it is, which takes the full replica.  Returns false (after
 * ctl_need_full()) in that case. */
static bool
lean_replica_suffices(struct ctl_context *ctx)
{
    static const char *const tables[] = { "Port", "Interface" };

    if (!ctl_is_lean(ctx) || full_info) {
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
        const struct ovsdb_idl_row *row;

        OVSDB_IDL_FOR_EACH_ROW (row, vsctl_idl_table(ctx, tables[i])) {
            if (!ctl_row_is_new(row)) {
                ctl_need_full(ctx);
                return false;
            }
        }
    }
    return true;
}

/* Builds the cache from the replica, as ovs-vsctl does: bridges in the
 * order of Open_vSwitch's "bridges", first the real and fake bridges, then
 * their ports and interfaces, warning about (and skipping) duplicates.
 * Returns false if the command must stop (see lean_replica_suffices()). */
static bool
populate_cache(struct ctl_context *ctx)
{
    struct vsctl_cache *cache = &state.cache;
    const struct ovsdb_idl_row **bridges = NULL;
    struct name_set names, port_names;
    size_t n_bridges;

    if (cache->valid) {
        return true;
    }
    if (!lean_replica_suffices(ctx)) {
        return false;
    }
    cache->valid = true;
    hmap_init(&cache->bridges);
    hmap_init(&cache->ports);
    hmap_init(&cache->ifaces);
    if (!state.ovs) {
        return true;
    }

    n_bridges = ovsdb_idl_get_refs(state.ovs, "bridges", &bridges);

    /* First the bridges, real and fake. */
    name_set_init(&names);
    name_set_init(&port_names);
    for (size_t i = 0; i < n_bridges; i++) {
        const struct ovsdb_idl_row *br_cfg = bridges[i];
        const char *br_name = row_string(br_cfg, "name");
        const struct ovsdb_idl_row **ports;
        struct vsctl_bridge *br;
        size_t n_ports;

        if (!name_set_add(&names, br_name)) {
            VLOG_WARN("%s: database contains duplicate bridge name",
                      br_name);
            continue;
        }
        br = cache_add_bridge(cache, br_cfg, br_name, NULL, 0);

        n_ports = ovsdb_idl_get_refs(br_cfg, "ports", &ports);
        for (size_t j = 0; j < n_ports; j++) {
            const char *port_name = row_string(ports[j], "name");

            if (!name_set_add(&port_names, port_name)) {
                continue;
            }
            if (port_is_fake_bridge(ports[j])
                && name_set_add(&names, port_name)) {
                cache_add_bridge(cache, NULL, port_name, br,
                                 row_integer(ports[j], "tag", 0));
            }
        }
        free(ports);
    }
    name_set_destroy(&names);
    name_set_destroy(&port_names);

    /* Then the ports and interfaces. */
    name_set_init(&names);
    for (size_t i = 0; i < n_bridges; i++) {
        const struct ovsdb_idl_row *br_cfg = bridges[i];
        const char *br_name = row_string(br_cfg, "name");
        const struct ovsdb_idl_row **ports;
        struct vsctl_bridge *br;
        size_t n_ports;

        if (!name_set_add(&names, br_name)) {
            continue;
        }
        br = cache_find_bridge(cache, br_name);

        n_ports = ovsdb_idl_get_refs(br_cfg, "ports", &ports);
        for (size_t j = 0; j < n_ports; j++) {
            const struct ovsdb_idl_row *port_cfg = ports[j];
            const char *port_name = row_string(port_cfg, "name");
            const struct ovsdb_idl_row **ifaces;
            struct vsctl_port *port;
            size_t n_ifaces;

            port = cache_find_port(cache, port_name);
            if (port) {
                if (port->port_cfg == port_cfg) {
                    VLOG_WARN("%s: port is in multiple bridges (%s and %s)",
                              port_name, br->name, port->bridge->name);
                } else {
                    VLOG_ERR("%s: database contains duplicate port name",
                             port_name);
                }
                continue;
            }
            if (port_is_fake_bridge(port_cfg)
                && !name_set_add(&names, port_name)) {
                continue;
            }

            port = cache_add_port(cache, br, port_cfg);
            n_ifaces = ovsdb_idl_get_refs(port_cfg, "interfaces", &ifaces);
            for (size_t k = 0; k < n_ifaces; k++) {
                const char *iface_name = row_string(ifaces[k], "name");
                struct vsctl_iface *iface = cache_find_iface(cache,
                                                             iface_name);
                if (iface) {
                    if (iface->iface_cfg == ifaces[k]) {
                        VLOG_WARN("%s: interface is in multiple ports "
                                  "(%s and %s)", iface_name,
                                  iface->port->name, port->name);
                    } else {
                        VLOG_ERR("%s: database contains duplicate interface "
                                 "name", iface_name);
                    }
                    continue;
                }
                cache_add_iface(cache, port, ifaces[k]);
            }
            free(ifaces);
        }
        free(ports);
    }
    name_set_destroy(&names);
    free(bridges);
    return true;
}

/* Lookups with ovs-vsctl's errors.  Each builds the cache first if need
 * be, and returns NULL without an error if the command must stop there
 * (populate_cache()): a caller that acts on "not found" must call
 * populate_cache() itself first. */

static struct vsctl_bridge *
find_bridge(struct ctl_context *ctx, const char *name, bool must_exist)
{
    if (!populate_cache(ctx)) {
        return NULL;
    }

    struct vsctl_bridge *br = cache_find_bridge(&state.cache, name);
    if (must_exist && !br) {
        ctl_error(ctx, "no bridge named %s", name);
    }
    return br;
}

/* Like find_bridge(), but a fake bridge stands for its parent (for
 * queries). */
static struct vsctl_bridge *
find_parent_bridge(struct ctl_context *ctx, const char *name,
                   bool must_exist)
{
    struct vsctl_bridge *br = find_bridge(ctx, name, must_exist);

    if (br && br->parent) {
        br = br->parent;
    }
    return br;
}

/* Like find_bridge(), but a fake bridge is an error (for changes to
 * settings that only real bridges have). */
static struct vsctl_bridge *
find_real_bridge(struct ctl_context *ctx, const char *name, bool must_exist)
{
    struct vsctl_bridge *br = find_bridge(ctx, name, must_exist);

    if (br && br->parent) {
        ctl_error(ctx, "%s is a fake bridge", name);
        return NULL;
    }
    return br;
}

/* A bridge's local port is not a "port" for the port commands. */
static struct vsctl_port *
find_port(struct ctl_context *ctx, const char *name, bool must_exist)
{
    if (!populate_cache(ctx)) {
        return NULL;
    }

    struct vsctl_port *port = cache_find_port(&state.cache, name);
    if (port && !strcmp(name, port->bridge->name)) {
        port = NULL;
    }
    if (must_exist && !port) {
        ctl_error(ctx, "no port named %s", name);
    }
    return port;
}

static struct vsctl_iface *
find_iface(struct ctl_context *ctx, const char *name, bool must_exist)
{
    if (!populate_cache(ctx)) {
        return NULL;
    }

    struct vsctl_iface *iface = cache_find_iface(&state.cache, name);
    if (iface && !strcmp(name, iface->port->bridge->name)) {
        iface = NULL;
    }
    if (must_exist && !iface) {
        ctl_error(ctx, "no interface named %s", name);
    }
    return iface;
}

/* Errors if 'name' is taken by a bridge, port or interface. */
static bool
check_conflicts(struct ctl_context *ctx, const char *name,
                const char *what)
{
    struct vsctl_bridge *br;
    struct vsctl_port *port;
    struct vsctl_iface *iface;

    br = cache_find_bridge(&state.cache, name);
    if (br) {
        ctl_error(ctx, "%s because a bridge named %s already exists",
                  what, name);
        return false;
    }
    port = cache_find_port(&state.cache, name);
    if (port) {
        ctl_error(ctx, "%s because a port named %s already exists on "
                  "bridge %s", what, name, port->bridge->name);
        return false;
    }
    iface = cache_find_iface(&state.cache, name);
    if (iface) {
        ctl_error(ctx, "%s because an interface named %s already exists "
                  "on bridge %s", what, name, iface->port->bridge->name);
        return false;
    }
    return true;
}

/* The command as the user wrote it (options by name), for messages. */
static char *
context_to_string(const struct ctl_context *ctx)
{
    const struct ctl_options *options = &ctx->command->options;
    size_t n = options->n + ctx->argc;
    char **words = xcalloc(n + 1, sizeof *words);
    char *s;

    for (size_t i = 0; i < options->n; i++) {
        words[i] = options->options[i].name;
    }
    for (int i = 0; i < ctx->argc; i++) {
        words[options->n + i] = ctx->argv[i];
    }
    s = ctl_format_command_line(n, words);
    free(words);
    return s;
}

/* Sorting names for output. */

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;

    return strcmp(*a, *b);
}

struct name_list {
    const char **names;
    size_t n, allocated;
};

static void
name_list_add(struct name_list *list, const char *name)
{
    if (list->n >= list->allocated) {
        list->names = x2nrealloc(list->names, &list->allocated,
                                 sizeof *list->names);
    }
    list->names[list->n++] = name;
}

/* Prints the names sorted, one per line, and frees the list. */
static void
name_list_output(struct name_list *list, struct ds *output)
{
    if (list->n) {
        qsort(list->names, list->n, sizeof *list->names, compare_strings);
    }
    for (size_t i = 0; i < list->n; i++) {
        ds_put_format(output, "%s\n", list->names[i]);
    }
    free(list->names);
}

/* Prerequisites. */

/* What the bridge/port/interface cache reads. */
static void
pre_get_info(struct ctl_context *ctx)
{
    full_info = true;
    ctl_add_column(ctx, "Open_vSwitch", "bridges");
    ctl_add_column(ctx, "Bridge", "name");
    ctl_add_column(ctx, "Bridge", "ports");
    ctl_add_column(ctx, "Port", "name");
    ctl_add_column(ctx, "Port", "fake_bridge");
    ctl_add_column(ctx, "Port", "tag");
    ctl_add_column(ctx, "Port", "interfaces");
    ctl_add_column(ctx, "Interface", "name");
}

/* What the cache reads for a command that looks at the bridges and at
 * ports and interfaces called 'names' only: in a lean context, all the
 * bridges (without their ports), the fake bridges, and the ports and
 * interfaces with those names. */
static void
pre_get_info_lean(struct ctl_context *ctx, char **names, int n)
{
    static const char *const port_columns[] = {
        "name", "fake_bridge", "tag", "interfaces"
    };

    if (!ctl_is_lean(ctx)) {
        pre_get_info(ctx);
        return;
    }
    ctl_add_column(ctx, "Open_vSwitch", "bridges");
    ctl_add_column(ctx, "Bridge", "name");
    for (size_t i = 0; i < ARRAY_SIZE(port_columns); i++) {
        ctl_add_column_filtered(ctx, "Port", port_columns[i]);
    }
    ctl_add_column_filtered(ctx, "Interface", "name");
    ctl_want_row(ctx, "Port", "fake_bridge", json_true());
    for (int i = 0; i < n; i++) {
        ctl_want_row(ctx, "Port", "name", ovsdb_json_string(names[i]));
        ctl_want_row(ctx, "Interface", "name",
                     ovsdb_json_string(names[i]));
    }
}

/* pre_get_info_lean() without names: commands about bridges only. */
static void
pre_bridges(struct ctl_context *ctx)
{
    pre_get_info_lean(ctx, NULL, 0);
}

/* What the bridge commands read plus the column 'column' of 'table'. */
static void
pre_bridges_and(struct ctl_context *ctx, const char *table,
                const char *column)
{
    pre_bridges(ctx);
    ctl_add_column(ctx, table, column);
}

/* Open vSwitch level. */

static void
cmd_init(struct ctl_context *ctx OSW_UNUSED)
{
    /* The transaction creates the Open_vSwitch row if it is missing. */
}

/* How "show" presents each table: the column that names a row (NULL:
 * its uuid) and the columns to show, references leading to nested rows. */
struct show_table {
    const char *table;
    const char *name_column;
    const char *columns[4];
};

static const struct show_table show_tables[] = {
    {"Open_vSwitch", NULL, {"manager_options", "bridges", "ovs_version"}},
    {"Bridge", "name", {"controller", "fail_mode", "datapath_type",
                        "ports"}},
    {"Port", "name", {"tag", "trunks", "interfaces"}},
    {"Interface", "name", {"type", "options", "error"}},
    {"Controller", "target", {"is_connected"}},
    {"Manager", "target", {"is_connected"}},
};

static void
pre_cmd_show(struct ctl_context *ctx)
{
    for (size_t i = 0; i < ARRAY_SIZE(show_tables); i++) {
        const struct show_table *st = &show_tables[i];

        ctl_add_table(ctx, st->table);
        if (st->name_column) {
            ctl_add_column(ctx, st->table, st->name_column);
        }
        for (size_t j = 0; j < ARRAY_SIZE(st->columns) && st->columns[j];
             j++) {
            ctl_add_column(ctx, st->table, st->columns[j]);
        }
    }
}

/* "show", resolved against the schema once: for each table of
 * 'show_tables', its IDL table and columns, and for each reference column
 * the resolved table it leads to. */
struct show_column {
    const struct ovsdb_column *column;
    const struct show_plan *ref;        /* Nested rows, or NULL. */
};

struct show_plan {
    const struct show_table *st;
    struct ovsdb_idl_table *table;
    const struct ovsdb_column *name_column;     /* NULL: the uuid. */
    struct show_column columns[4];
    size_t n_columns;
};

static void
show_plan_init(struct ctl_context *ctx,
               struct show_plan plans[ARRAY_SIZE(show_tables)])
{
    for (size_t i = 0; i < ARRAY_SIZE(show_tables); i++) {
        const struct show_table *st = &show_tables[i];
        struct show_plan *plan = &plans[i];

        plan->st = st;
        plan->table = vsctl_idl_table(ctx, st->table);
        plan->name_column = (st->name_column
                             ? vsctl_column(ctx, st->table, st->name_column)
                             : NULL);
        plan->n_columns = 0;
        for (size_t j = 0; j < ARRAY_SIZE(st->columns) && st->columns[j];
             j++) {
            struct show_column *sc = &plan->columns[plan->n_columns++];
            const struct ovsdb_base_type *key;

            sc->column = vsctl_column(ctx, st->table, st->columns[j]);
            sc->ref = NULL;
            key = &sc->column->type.key;
            if (key->type == OVSDB_TYPE_UUID && key->uuid.ref_table_name
                && !ovsdb_type_is_map(&sc->column->type)) {
                for (size_t k = 0; k < ARRAY_SIZE(show_tables); k++) {
                    if (!strcmp(show_tables[k].table,
                                key->uuid.ref_table_name)) {
                        sc->ref = &plans[k];
                    }
                }
            }
        }
    }
}

/* Rows already shown, so that a loop of references cannot recurse
 * forever. */
struct shown_rows {
    struct hmap map;
};

struct shown_row {
    struct hmap_node node;
    const struct ovsdb_idl_row *row;
};

static bool
shown_rows_add(struct shown_rows *shown, const struct ovsdb_idl_row *row)
{
    struct shown_row *s;

    HMAP_FOR_EACH_WITH_HASH (s, node, hash_pointer(row, 0), &shown->map) {
        if (s->row == row) {
            return false;
        }
    }
    s = xmalloc(sizeof *s);
    s->row = row;
    hmap_insert(&shown->map, &s->node, hash_pointer(row, 0));
    return true;
}

static void
show_row(const struct show_plan *plan, const struct ovsdb_idl_row *row,
         int level, struct shown_rows *shown, struct ds *out)
{
    ds_put_char_multiple(out, ' ', level * 4);
    if (plan->name_column) {
        ds_put_format(out, "%s ", plan->st->table);
        ovsdb_datum_to_string(ovsdb_idl_get_by_index(
                                  row, plan->name_column->index),
                              &plan->name_column->type, out);
    } else {
        ds_put_format(out, UUID_FMT, UUID_ARGS(&row->uuid));
    }
    ds_put_char(out, '\n');

    if (!shown_rows_add(shown, row)) {
        return;
    }
    for (size_t i = 0; i < plan->n_columns; i++) {
        const struct show_column *sc = &plan->columns[i];
        const struct ovsdb_datum *d = ovsdb_idl_get_by_index(
            row, sc->column->index);

        if (sc->ref) {
            for (unsigned int j = 0; j < d->n; j++) {
                const struct ovsdb_idl_row *ref;

                ref = ovsdb_idl_get_row_for_uuid(sc->ref->table,
                                                 &d->keys[j].uuid);
                if (ref) {
                    show_row(sc->ref, ref, level + 1, shown, out);
                }
            }
        } else if (!ovsdb_datum_is_default(d, &sc->column->type)) {
            ds_put_char_multiple(out, ' ', (level + 1) * 4);
            ds_put_format(out, "%s: ", sc->column->name);
            ovsdb_datum_to_string(d, &sc->column->type, out);
            ds_put_char(out, '\n');
        }
    }
}

static void
cmd_show(struct ctl_context *ctx)
{
    struct show_plan plans[ARRAY_SIZE(show_tables)];
    const struct ovsdb_idl_row *row;
    struct shown_rows shown;
    struct shown_row *s;

    show_plan_init(ctx, plans);

    /* About a line of 40 bytes per port and interface: one allocation
     * instead of a series of ever larger copies. */
    ds_reserve(ctx->output, ctx->output->length + 80
               * (ovsdb_idl_table_count(vsctl_idl_table(ctx, "Port"))
                  + ovsdb_idl_table_count(vsctl_idl_table(ctx,
                                                          "Interface"))));
    hmap_init(&shown.map);
    OVSDB_IDL_FOR_EACH_ROW (row, plans[0].table) {
        show_row(&plans[0], row, 0, &shown, ctx->output);
    }
    HMAP_FOR_EACH_POP (s, node, &shown.map) {
        free(s);
    }
    hmap_destroy(&shown.map);
}

static void
pre_cmd_emer_reset(struct ctl_context *ctx)
{
    static const char *const columns[][2] = {
        {"Open_vSwitch", "manager_options"}, {"Open_vSwitch", "ssl"},
        {"Bridge", "controller"}, {"Bridge", "fail_mode"},
        {"Bridge", "mirrors"}, {"Bridge", "netflow"}, {"Bridge", "sflow"},
        {"Bridge", "ipfix"}, {"Bridge", "flood_vlans"},
        {"Bridge", "other_config"}, {"Port", "other_config"},
        {"Interface", "ingress_policing_rate"},
        {"Interface", "ingress_policing_burst"},
    };
    static const char *const tables[] = {
        "Mirror", "Controller", "Manager", "NetFlow", "SSL", "sFlow",
        "IPFIX",
    };

    for (size_t i = 0; i < ARRAY_SIZE(columns); i++) {
        ctl_add_column(ctx, columns[i][0], columns[i][1]);
    }
    for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
        ctl_add_table(ctx, tables[i]);
    }
}

/* Resets the configuration to a clean state: no controllers, managers,
 * SSL, mirrors, NetFlow, sFlow, IPFIX; bridges keep only their ports and
 * "other_config:hwaddr"; ports and interfaces lose their tuning.  Rows
 * that lose their last reference disappear through the server's garbage
 * collection. */
static void
cmd_emer_reset(struct ctl_context *ctx)
{
    const struct ovsdb_idl_row *row;

    if (state.ovs) {
        write_empty(state.ovs, "manager_options");
        write_empty(state.ovs, "ssl");
    }

    OVSDB_IDL_FOR_EACH_ROW (row, vsctl_idl_table(ctx, "Bridge")) {
        const char *hwaddr = ovsdb_idl_get_map_string(row, "other_config",
                                                      "hwaddr", NULL);
        static const char *const cleared[] = {
            "controller", "fail_mode", "mirrors", "netflow", "sflow",
            "ipfix", "flood_vlans",
        };

        for (size_t i = 0; i < ARRAY_SIZE(cleared); i++) {
            write_empty(row, cleared[i]);
        }
        if (hwaddr) {
            struct ovsdb_datum d;
            union ovsdb_atom k, v;
            const struct ovsdb_column *c = vsctl_column(ctx, "Bridge",
                                                        "other_config");

            ovsdb_datum_init_empty(&d);
            k.string = CONST_CAST(char *, "hwaddr");
            v.string = CONST_CAST(char *, hwaddr);
            ovsdb_datum_add(&d, &k, &v, &c->type);
            ovsdb_idl_txn_write(row, "other_config", &d);
            ovsdb_datum_destroy(&d, &c->type);
        } else {
            write_empty(row, "other_config");
        }
    }
    OVSDB_IDL_FOR_EACH_ROW (row, vsctl_idl_table(ctx, "Port")) {
        write_empty(row, "other_config");
    }
    OVSDB_IDL_FOR_EACH_ROW (row, vsctl_idl_table(ctx, "Interface")) {
        write_integer(row, "ingress_policing_rate", 0);
        write_integer(row, "ingress_policing_burst", 0);
    }

    invalidate_cache(ctx);
}

/* Bridges. */

static void
cmd_add_br(struct ctl_context *ctx)
{
    bool may_exist = ctl_has_option(ctx, "--may-exist");
    const char *br_name = ctx->argv[1];
    const char *parent_name = NULL;
    struct vsctl_bridge *br;
    int vlan = 0;

    if (ctx->argc == 4) {
        parent_name = ctx->argv[2];
        vlan = atoi(ctx->argv[3]);
        if (vlan < 0 || vlan > 4095) {
            ctl_error(ctx, "%s: vlan must be between 0 and 4095",
                      ctx->argv[0]);
            return;
        }
    } else if (ctx->argc != 2) {
        ctl_error(ctx, "'%s' command takes exactly 1 or 3 arguments",
                  ctx->argv[0]);
        return;
    }

    if (!populate_cache(ctx)) {
        return;
    }
    if (may_exist) {
        br = find_bridge(ctx, br_name, false);
        if (br) {
            if (!parent_name) {
                if (br->parent) {
                    ctl_error(ctx, "\"--may-exist add-br %s\" but %s is a "
                              "VLAN bridge for VLAN %d", br_name, br_name,
                              br->vlan);
                }
            } else if (!br->parent) {
                ctl_error(ctx, "\"--may-exist add-br %s %s %d\" but %s is "
                          "not a VLAN bridge", br_name, parent_name, vlan,
                          br_name);
            } else if (strcmp(br->parent->name, parent_name)) {
                ctl_error(ctx, "\"--may-exist add-br %s %s %d\" but %s has "
                          "the wrong parent %s", br_name, parent_name, vlan,
                          br_name, br->parent->name);
            } else if (br->vlan != vlan) {
                ctl_error(ctx, "\"--may-exist add-br %s %s %d\" but %s is a "
                          "VLAN bridge for the wrong VLAN %d", br_name,
                          parent_name, vlan, br_name, br->vlan);
            }
            return;
        }
    }

    char *what = xasprintf("cannot create a bridge named %s", br_name);
    bool ok = check_conflicts(ctx, br_name, what);
    free(what);
    if (!ok) {
        return;
    }

    const struct ovsdb_idl_row *iface, *port;
    if (!parent_name) {
        const struct ovsdb_idl_row *bridge;

        iface = insert_row(ctx, "Interface");
        write_string(iface, "name", br_name);
        write_string(iface, "type", "internal");

        port = insert_row(ctx, "Port");
        write_string(port, "name", br_name);
        write_refs(port, "interfaces", &iface, 1);

        bridge = insert_row(ctx, "Bridge");
        write_string(bridge, "name", br_name);
        write_refs(bridge, "ports", &port, 1);

        set_add_ref(state.ovs, "bridges", bridge);
    } else {
        struct vsctl_bridge *parent = find_bridge(ctx, parent_name, false);

        if (parent && parent->parent) {
            ctl_error(ctx, "cannot create bridge with fake bridge as "
                      "parent");
            return;
        }
        if (!parent) {
            ctl_error(ctx, "parent bridge %s does not exist", parent_name);
            return;
        }

        iface = insert_row(ctx, "Interface");
        write_string(iface, "name", br_name);
        write_string(iface, "type", "internal");

        port = insert_row(ctx, "Port");
        write_string(port, "name", br_name);
        write_refs(port, "interfaces", &iface, 1);
        write_boolean(port, "fake_bridge", true);
        write_integer(port, "tag", vlan);

        set_add_ref(parent->br_cfg, "ports", port);
    }
    expect_iface(iface);
    invalidate_cache(ctx);
}

/* Removes 'port' from its bridge.  The Port and Interface rows go with
 * their last reference (server-side garbage collection). */
static void
del_port(struct vsctl_port *port)
{
    struct vsctl_bridge *br = port->bridge;
    const struct ovsdb_idl_row *br_cfg = br->br_cfg ? br->br_cfg
                                          : br->parent->br_cfg;

    set_remove_ref(br_cfg, "ports", port->port_cfg);
    cache_del_port(&state.cache, port);
}

static void
del_bridge(struct ctl_context *ctx, struct vsctl_bridge *br)
{
    if (br->br_cfg) {
        /* Removing the bridge takes its ports, interfaces and fake bridges
         * along. */
        set_remove_ref(state.ovs, "bridges", br->br_cfg);
    } else {
        struct vsctl_port *port;

        OSW_LIST_FOR_EACH_POP (port, bridge_node, &br->ports) {
            osw_list_init(&port->bridge_node);
            del_port(port);
        }
    }
    invalidate_cache(ctx);
}

static void
cmd_del_br(struct ctl_context *ctx)
{
    bool must_exist = !ctl_has_option(ctx, "--if-exists");
    struct vsctl_bridge *br;

    if (!populate_cache(ctx)) {
        return;
    }
    br = find_bridge(ctx, ctx->argv[1], must_exist);
    if (br) {
        del_bridge(ctx, br);
    }
}

static void
cmd_list_br(struct ctl_context *ctx)
{
    bool real = ctl_has_option(ctx, "--real");
    bool fake = ctl_has_option(ctx, "--fake");
    struct name_list list = { NULL, 0, 0 };
    struct vsctl_bridge *br;

    if (!real && !fake) {
        real = fake = true;
    }
    if (!populate_cache(ctx)) {
        return;
    }
    HMAP_FOR_EACH (br, by_name.node, &state.cache.bridges) {
        if (br->parent ? fake : real) {
            name_list_add(&list, br->name);
        }
    }
    name_list_output(&list, ctx->output);
}

static void
cmd_br_exists(struct ctl_context *ctx)
{
    if (!populate_cache(ctx)) {
        return;
    }
    if (!find_bridge(ctx, ctx->argv[1], false)) {
        /* Like ovs-vsctl, leave at once: nothing was changed. */
        fflush(stdout);
        exit(2);
    }
}

static void
cmd_br_to_vlan(struct ctl_context *ctx)
{
    struct vsctl_bridge *br;

    br = find_bridge(ctx, ctx->argv[1], true);
    if (br) {
        ds_put_format(ctx->output, "%d\n", br->vlan);
    }
}

static void
cmd_br_to_parent(struct ctl_context *ctx)
{
    struct vsctl_bridge *br;

    br = find_bridge(ctx, ctx->argv[1], true);
    if (br) {
        ds_put_format(ctx->output, "%s\n",
                      br->parent ? br->parent->name : br->name);
    }
}

static void
pre_cmd_br_external_id(struct ctl_context *ctx)
{
    pre_bridges_and(ctx, "Bridge", "external_ids");
    ctl_add_column_filtered(ctx, "Port", "external_ids");
}

/* The row and map key prefix that hold a bridge's external ids: the
 * Bridge's own "external_ids", or for a fake bridge its Port's, with keys
 * "fake-bridge-KEY". */
static const struct ovsdb_idl_row *
external_ids_row(struct vsctl_bridge *br, const char **prefixp)
{
    if (br->br_cfg) {
        *prefixp = "";
        return br->br_cfg;
    } else {
        struct vsctl_port *port = cache_find_port(&state.cache, br->name);

        *prefixp = "fake-bridge-";
        return port ? port->port_cfg : NULL;
    }
}

static void
cmd_br_set_external_id(struct ctl_context *ctx)
{
    const struct ovsdb_idl_row *row;
    struct vsctl_bridge *br;
    const char *prefix;
    char *key;

    br = find_bridge(ctx, ctx->argv[1], true);
    if (!br || !(row = external_ids_row(br, &prefix))) {
        return;
    }
    key = xasprintf("%s%s", prefix, ctx->argv[2]);
    if (ctx->argc > 3) {
        ovsdb_idl_txn_map_set_string(row, "external_ids", key, ctx->argv[3]);
    } else {
        ovsdb_idl_txn_map_delete_string(row, "external_ids", key);
    }
    free(key);
}

static void
cmd_br_get_external_id(struct ctl_context *ctx)
{
    const struct ovsdb_idl_row *row;
    const struct ovsdb_datum *ids;
    struct vsctl_bridge *br;
    const char *prefix;
    size_t prefix_len;

    br = find_bridge(ctx, ctx->argv[1], true);
    if (!br || !(row = external_ids_row(br, &prefix))) {
        return;
    }
    prefix_len = strlen(prefix);
    ids = ovsdb_idl_get(row, "external_ids");
    if (ctx->argc > 2) {
        char *key = xasprintf("%s%s", prefix, ctx->argv[2]);
        const char *value = ovsdb_idl_get_map_string(row, "external_ids",
                                                      key, NULL);
        if (value) {
            ds_put_format(ctx->output, "%s\n", value);
        }
        free(key);
    } else {
        /* The map is sorted by key already. */
        for (unsigned int i = 0; i < ids->n; i++) {
            const char *key = ids->keys[i].string;

            if (!strncmp(key, prefix, prefix_len)) {
                ds_put_format(ctx->output, "%s=%s\n", key + prefix_len,
                              ids->values[i].string);
            }
        }
    }
}

/* Ports. */

static void
cmd_list_ports(struct ctl_context *ctx)
{
    struct name_list list = { NULL, 0, 0 };
    struct vsctl_bridge *br;
    struct vsctl_port *port;

    br = find_bridge(ctx, ctx->argv[1], true);
    if (!br) {
        return;
    }
    OSW_LIST_FOR_EACH (port, bridge_node, &br->ports) {
        if (strcmp(port->name, br->name)) {
            name_list_add(&list, port->name);
        }
    }
    name_list_output(&list, ctx->output);
}

static void
pre_add_port(struct ctl_context *ctx, char **names, int n_names,
             char **settings, int n_settings)
{
    const struct ovsdb_table_schema *port_table = vsctl_table(ctx, "Port");

    pre_get_info_lean(ctx, names, n_names);
    for (int i = 0; i < n_settings && !ctx->error; i++) {
        ctl_pre_set_column(ctx, port_table, settings[i]);
    }
}

/* Sorts the name lists 'a' and 'b' and compares them. */
static bool
name_lists_equal(struct name_list *a, struct name_list *b)
{
    if (a->n) {
        qsort(a->names, a->n, sizeof *a->names, compare_strings);
    }
    if (b->n) {
        qsort(b->names, b->n, sizeof *b->names, compare_strings);
    }
    if (a->n != b->n) {
        return false;
    }
    for (size_t i = 0; i < a->n; i++) {
        if (strcmp(a->names[i], b->names[i])) {
            return false;
        }
    }
    return true;
}

/* With --may-exist: checks that port 'port' is what the command would
 * create. */
static void
check_existing_port(struct ctl_context *ctx, struct vsctl_port *port,
                    const char *br_name, char **iface_names, int n_ifaces)
{
    struct name_list want = { NULL, 0, 0 }, have = { NULL, 0, 0 };
    struct vsctl_iface *iface;

    for (int i = 0; i < n_ifaces; i++) {
        name_list_add(&want, iface_names[i]);
    }
    OSW_LIST_FOR_EACH (iface, port_node, &port->ifaces) {
        name_list_add(&have, iface->name);
    }

    if (strcmp(port->bridge->name, br_name)) {
        char *command = context_to_string(ctx);
        ctl_error(ctx, "\"%s\" but %s is actually attached to bridge %s",
                  command, port->name, port->bridge->name);
        free(command);
    } else if (!name_lists_equal(&want, &have)) {
        struct ds names = DS_EMPTY_INITIALIZER;
        char *command = context_to_string(ctx);

        for (size_t i = 0; i < have.n; i++) {
            ds_put_format(&names, "%s%s", i ? ", " : "", have.names[i]);
        }
        ctl_error(ctx, "\"%s\" but %s actually has interface(s) %s",
                  command, port->name, ds_cstr(&names));
        ds_destroy(&names);
        free(command);
    }
    free(want.names);
    free(have.names);
}

static void
add_port(struct ctl_context *ctx, const char *br_name, const char *port_name,
         bool may_exist, bool fake_iface, char **iface_names, int n_ifaces,
         char **settings, int n_settings)
{
    const struct ovsdb_table_schema *port_table = vsctl_table(ctx, "Port");
    const struct ovsdb_idl_row *port_cfg, *br_cfg;
    const struct ovsdb_idl_row **ifaces;
    struct vsctl_bridge *bridge;
    struct vsctl_port *port;

    if (!populate_cache(ctx)) {
        return;
    }
    if (may_exist) {
        port = find_port(ctx, port_name, false);
        if (port) {
            check_existing_port(ctx, port, br_name, iface_names, n_ifaces);
            return;
        }
    }

    char *what = xasprintf("cannot create a port named %s", port_name);
    bool ok = check_conflicts(ctx, port_name, what);
    free(what);
    for (int i = 0; ok && i < n_ifaces; i++) {
        what = xasprintf("cannot create an interface named %s",
                         iface_names[i]);
        ok = check_conflicts(ctx, iface_names[i], what);
        free(what);
    }
    if (!ok) {
        return;
    }

    bridge = find_bridge(ctx, br_name, true);
    if (!bridge) {
        return;
    }

    ifaces = xcalloc(n_ifaces, sizeof *ifaces);
    for (int i = 0; i < n_ifaces; i++) {
        ifaces[i] = insert_row(ctx, "Interface");
        write_string(ifaces[i], "name", iface_names[i]);
        expect_iface(ifaces[i]);
    }

    br_cfg = bridge->parent ? bridge->parent->br_cfg : bridge->br_cfg;
    port_cfg = insert_row(ctx, "Port");
    write_string(port_cfg, "name", port_name);
    write_refs(port_cfg, "interfaces", ifaces, n_ifaces);
    if (fake_iface) {
        write_boolean(port_cfg, "bond_fake_iface", true);
    }
    if (bridge->parent) {
        write_integer(port_cfg, "tag", bridge->vlan);
    }
    for (int i = 0; i < n_settings; i++) {
        if (!ctl_set_column(ctx, port_cfg, port_table, settings[i])) {
            free(ifaces);
            return;
        }
    }

    /* A partial update: the other ports of the bridge are not sent. */
    set_add_ref(br_cfg, "ports", port_cfg);

    /* The settings may have given the port the tag of a fake bridge, which
     * cache_add_port() takes into account. */
    port = cache_add_port(&state.cache, bridge, port_cfg);
    for (int i = 0; i < n_ifaces; i++) {
        cache_add_iface(&state.cache, port, ifaces[i]);
    }
    free(ifaces);
}

static void
pre_cmd_add_port(struct ctl_context *ctx)
{
    pre_add_port(ctx, &ctx->argv[2], 1, &ctx->argv[3], ctx->argc - 3);
}

static void
cmd_add_port(struct ctl_context *ctx)
{
    bool may_exist = ctl_has_option(ctx, "--may-exist");

    add_port(ctx, ctx->argv[1], ctx->argv[2], may_exist, false,
             &ctx->argv[2], 1, &ctx->argv[3], ctx->argc - 3);
}

/* The number of interface names of "add-bond" (arguments up to the first
 * that contains '='). */
static int
count_bond_ifaces(const struct ctl_context *ctx)
{
    int n = 0;

    while (3 + n < ctx->argc && !strchr(ctx->argv[3 + n], '=')) {
        n++;
    }
    return n;
}

static void
pre_cmd_add_bond(struct ctl_context *ctx)
{
    int n_ifaces = count_bond_ifaces(ctx);

    if (n_ifaces < 2) {
        ctl_error(ctx, "add-bond requires at least 2 interfaces, but only "
                  "%d were specified", n_ifaces);
        return;
    }
    pre_add_port(ctx, &ctx->argv[2], 1 + n_ifaces, &ctx->argv[3 + n_ifaces],
                 ctx->argc - 3 - n_ifaces);
}

static void
cmd_add_bond(struct ctl_context *ctx)
{
    bool may_exist = ctl_has_option(ctx, "--may-exist");
    bool fake_iface = ctl_has_option(ctx, "--fake-iface");
    int n_ifaces = count_bond_ifaces(ctx);

    if (n_ifaces < 2) {
        ctl_error(ctx, "add-bond requires at least 2 interfaces, but only "
                  "%d were specified", n_ifaces);
        return;
    }
    add_port(ctx, ctx->argv[1], ctx->argv[2], may_exist, fake_iface,
             &ctx->argv[3], n_ifaces, &ctx->argv[3 + n_ifaces],
             ctx->argc - 3 - n_ifaces);
}

static void
cmd_add_bond_iface(struct ctl_context *ctx)
{
    bool may_exist = ctl_has_option(ctx, "--may-exist");
    const char *iface_name = ctx->argv[2];
    const struct ovsdb_idl_row *iface_cfg;
    struct vsctl_port *port;

    port = find_port(ctx, ctx->argv[1], true);
    if (!port) {
        return;
    }
    if (may_exist) {
        struct vsctl_iface *iface = find_iface(ctx, iface_name, false);

        if (iface) {
            if (iface->port != port) {
                char *command = context_to_string(ctx);

                ctl_error(ctx, "\"%s\" but %s is actually attached to port "
                          "%s", command, iface_name, iface->port->name);
                free(command);
            }
            return;
        }
    }

    char *what = xasprintf("cannot create an interface named %s",
                           iface_name);
    bool ok = check_conflicts(ctx, iface_name, what);
    free(what);
    if (!ok) {
        return;
    }

    iface_cfg = insert_row(ctx, "Interface");
    write_string(iface_cfg, "name", iface_name);
    set_add_ref(port->port_cfg, "interfaces", iface_cfg);
    expect_iface(iface_cfg);
    cache_add_iface(&state.cache, port, iface_cfg);
}

static void
cmd_del_bond_iface(struct ctl_context *ctx)
{
    bool must_exist = !ctl_has_option(ctx, "--if-exists");
    const char *iface_name = ctx->argv[ctx->argc - 1];
    struct vsctl_iface *iface;
    struct vsctl_port *port;

    if (!populate_cache(ctx)) {
        return;
    }
    iface = find_iface(ctx, iface_name, must_exist);
    if (!iface) {
        return;
    }
    port = iface->port;
    if (ctx->argc == 3) {
        struct vsctl_port *bond = find_port(ctx, ctx->argv[1], true);

        if (!bond) {
            return;
        }
        if (bond != port) {
            ctl_error(ctx, "port %s does not have an interface %s",
                      ctx->argv[1], iface_name);
            return;
        }
    }
    if (osw_list_is_singleton(&port->ifaces)) {
        ctl_error(ctx, "cannot delete last interface from port %s",
                  port->name);
        return;
    }
    set_remove_ref(port->port_cfg, "interfaces", iface->iface_cfg);
    cache_del_iface(&state.cache, iface);
}

static void
cmd_del_port(struct ctl_context *ctx)
{
    bool must_exist = !ctl_has_option(ctx, "--if-exists");
    bool with_iface = ctl_has_option(ctx, "--with-iface");
    const char *target = ctx->argv[ctx->argc - 1];
    struct vsctl_port *port;

    if (!populate_cache(ctx)) {
        return;
    }
    if (find_bridge(ctx, target, false)) {
        if (must_exist) {
            ctl_error(ctx, "cannot delete port %s because it is the local "
                      "port for bridge %s (deleting this port requires "
                      "deleting the entire bridge)", target, target);
        }
        return;
    } else if (!with_iface) {
        port = find_port(ctx, target, must_exist);
    } else {
        port = find_port(ctx, target, false);
        if (!port) {
            struct vsctl_iface *iface = find_iface(ctx, target, false);

            if (iface) {
                port = iface->port;
            }
        }
        if (must_exist && !port) {
            ctl_error(ctx, "no port or interface named %s", target);
        }
    }
    if (!port) {
        return;
    }

    if (ctx->argc == 3) {
        struct vsctl_bridge *bridge = find_bridge(ctx, ctx->argv[1], true);

        if (!bridge) {
            return;
        }
        if (port->bridge != bridge) {
            if (port->bridge->parent == bridge) {
                ctl_error(ctx, "bridge %s does not have a port %s (although "
                          "its child bridge %s does)", ctx->argv[1],
                          ctx->argv[2], port->bridge->name);
            } else {
                ctl_error(ctx, "bridge %s does not have a port %s",
                          ctx->argv[1], ctx->argv[2]);
            }
            return;
        }
    }
    del_port(port);
}

static void
cmd_port_to_br(struct ctl_context *ctx)
{
    struct vsctl_port *port;

    port = find_port(ctx, ctx->argv[1], true);
    if (port) {
        ds_put_format(ctx->output, "%s\n", port->bridge->name);
    }
}

/* Interfaces. */

static void
cmd_list_ifaces(struct ctl_context *ctx)
{
    struct name_list list = { NULL, 0, 0 };
    struct vsctl_bridge *br;
    struct vsctl_port *port;

    br = find_bridge(ctx, ctx->argv[1], true);
    if (!br) {
        return;
    }
    OSW_LIST_FOR_EACH (port, bridge_node, &br->ports) {
        struct vsctl_iface *iface;

        OSW_LIST_FOR_EACH (iface, port_node, &port->ifaces) {
            if (strcmp(iface->name, br->name)) {
                name_list_add(&list, iface->name);
            }
        }
    }
    name_list_output(&list, ctx->output);
}

static void
cmd_iface_to_br(struct ctl_context *ctx)
{
    struct vsctl_iface *iface;

    iface = find_iface(ctx, ctx->argv[1], true);
    if (iface) {
        ds_put_format(ctx->output, "%s\n", iface->port->bridge->name);
    }
}

/* Controllers and fail modes. */

static void
pre_controller(struct ctl_context *ctx)
{
    pre_bridges_and(ctx, "Bridge", "controller");
    ctl_add_column(ctx, "Controller", "target");
    ctl_add_column(ctx, "Controller", "inactivity_probe");
}

/* Prints the string column 'column' of the rows that 'row''s reference
 * column 'refs' points to, sorted, one per line. */
static void
output_sorted_targets(struct ctl_context *ctx,
                      const struct ovsdb_idl_row *row, const char *refs,
                      const char *column)
{
    const struct ovsdb_idl_row **rows;
    struct name_list list = { NULL, 0, 0 };
    size_t n = ovsdb_idl_get_refs(row, refs, &rows);

    for (size_t i = 0; i < n; i++) {
        name_list_add(&list, row_string(rows[i], column));
    }
    name_list_output(&list, ctx->output);
    free(rows);
}

static void
cmd_get_controller(struct ctl_context *ctx)
{
    struct vsctl_bridge *br;

    br = find_parent_bridge(ctx, ctx->argv[1], true);
    if (br) {
        output_sorted_targets(ctx, br->br_cfg, "controller", "target");
    }
}

static void
cmd_del_controller(struct ctl_context *ctx)
{
    struct vsctl_bridge *br;

    br = find_real_bridge(ctx, ctx->argv[1], true);
    if (br) {
        write_empty(br->br_cfg, "controller");
    }
}

/* Creates one row of 'table' per target (with the --inactivity-probe, if
 * given) and stores them in '*rowsp'. */
static bool
insert_targets(struct ctl_context *ctx, const char *table,
               char **targets, int n, const struct ovsdb_idl_row ***rowsp)
{
    const char *probe = ctl_get_option(ctx, "--inactivity-probe");
    /* atoll(), as ovs-vsctl: anything that is not a number is 0. */
    long long int probe_ms = probe ? atoll(probe) : 0;

    *rowsp = xcalloc(n, sizeof **rowsp);
    for (int i = 0; i < n; i++) {
        const struct ovsdb_idl_row *row = insert_row(ctx, table);

        write_string(row, "target", targets[i]);
        if (probe) {
            write_integer(row, "inactivity_probe", probe_ms);
        }
        (*rowsp)[i] = row;
    }
    return true;
}

static void
cmd_set_controller(struct ctl_context *ctx)
{
    const struct ovsdb_idl_row **controllers;
    struct vsctl_bridge *br;
    int n = ctx->argc - 2;

    br = find_real_bridge(ctx, ctx->argv[1], true);
    if (!br || !insert_targets(ctx, "Controller", &ctx->argv[2], n,
                               &controllers)) {
        return;
    }
    write_refs(br->br_cfg, "controller", controllers, n);
    free(controllers);
}

static void
pre_cmd_add_br(struct ctl_context *ctx)
{
    pre_get_info_lean(ctx, &ctx->argv[1], 1);
}

static void
pre_fail_mode(struct ctl_context *ctx)
{
    pre_bridges_and(ctx, "Bridge", "fail_mode");
}

static void
cmd_get_fail_mode(struct ctl_context *ctx)
{
    struct vsctl_bridge *br;

    br = find_parent_bridge(ctx, ctx->argv[1], true);
    if (br) {
        const char *mode = ovsdb_idl_get_string(br->br_cfg, "fail_mode",
                                                NULL);
        if (mode && mode[0]) {
            ds_put_format(ctx->output, "%s\n", mode);
        }
    }
}

static void
cmd_del_fail_mode(struct ctl_context *ctx)
{
    struct vsctl_bridge *br;

    br = find_real_bridge(ctx, ctx->argv[1], true);
    if (br) {
        write_empty(br->br_cfg, "fail_mode");
    }
}

static void
cmd_set_fail_mode(struct ctl_context *ctx)
{
    const char *mode = ctx->argv[2];
    struct vsctl_bridge *br;

    br = find_real_bridge(ctx, ctx->argv[1], true);
    if (!br) {
        return;
    }
    if (strcmp(mode, "standalone") && strcmp(mode, "secure")) {
        ctl_error(ctx, "fail-mode must be \"standalone\" or \"secure\"");
        return;
    }
    write_string(br->br_cfg, "fail_mode", mode);
}

/* Managers. */

static void
pre_manager(struct ctl_context *ctx)
{
    ctl_add_column(ctx, "Open_vSwitch", "manager_options");
    ctl_add_column(ctx, "Manager", "target");
    ctl_add_column(ctx, "Manager", "inactivity_probe");
}

static void
cmd_get_manager(struct ctl_context *ctx)
{
    if (state.ovs) {
        output_sorted_targets(ctx, state.ovs, "manager_options", "target");
    }
}

static void
cmd_del_manager(struct ctl_context *ctx OSW_UNUSED)
{
    if (state.ovs) {
        write_empty(state.ovs, "manager_options");
    }
}

static void
cmd_set_manager(struct ctl_context *ctx)
{
    const struct ovsdb_idl_row **managers;
    int n = ctx->argc - 1;

    if (!state.ovs || !insert_targets(ctx, "Manager", &ctx->argv[1], n,
                                      &managers)) {
        return;
    }
    write_refs(state.ovs, "manager_options", managers, n);
    free(managers);
}

/* SSL. */

static void
pre_ssl(struct ctl_context *ctx)
{
    ctl_add_column(ctx, "Open_vSwitch", "ssl");
    ctl_add_all_columns(ctx, "SSL");
}

static void
cmd_get_ssl(struct ctl_context *ctx)
{
    const struct ovsdb_idl_row *ssl;

    if (!state.ovs) {
        return;
    }
    ssl = ovsdb_idl_get_ref(state.ovs, "ssl");
    if (ssl) {
        ds_put_format(ctx->output, "Private key: %s\n",
                      row_string(ssl, "private_key"));
        ds_put_format(ctx->output, "Certificate: %s\n",
                      row_string(ssl, "certificate"));
        ds_put_format(ctx->output, "CA Certificate: %s\n",
                      row_string(ssl, "ca_cert"));
        ds_put_format(ctx->output, "Bootstrap: %s\n",
                      ovsdb_idl_get_bool(ssl, "bootstrap_ca_cert", false)
                      ? "true" : "false");
    }
}

static void
cmd_del_ssl(struct ctl_context *ctx OSW_UNUSED)
{
    if (state.ovs) {
        write_empty(state.ovs, "ssl");
    }
}

static void
cmd_set_ssl(struct ctl_context *ctx)
{
    const struct ovsdb_idl_row *ssl;

    if (!state.ovs) {
        return;
    }
    ssl = insert_row(ctx, "SSL");
    write_string(ssl, "private_key", ctx->argv[1]);
    write_string(ssl, "certificate", ctx->argv[2]);
    write_string(ssl, "ca_cert", ctx->argv[3]);
    write_boolean(ssl, "bootstrap_ca_cert",
                  ctl_has_option(ctx, "--bootstrap"));
    write_refs(state.ovs, "ssl", &ssl, 1);
}

/* Auto Attach. */

static void
pre_aa_mapping(struct ctl_context *ctx)
{
    pre_bridges_and(ctx, "Bridge", "auto_attach");
    ctl_add_column(ctx, "AutoAttach", "mappings");
}

/* Parses the I-SID and VLAN arguments of the *-aa-mapping commands. */
static bool
parse_aa_args(struct ctl_context *ctx, long long int *isid,
              long long int *vlan)
{
    if (!str_to_llong(ctx->argv[2], 10, isid) || *isid < 0) {
        ctl_error(ctx, "Invalid argument %s", ctx->argv[2]);
        return false;
    }
    if (!str_to_llong(ctx->argv[3], 10, vlan) || *vlan < 0) {
        ctl_error(ctx, "Invalid argument %s", ctx->argv[3]);
        return false;
    }
    return true;
}

static void
cmd_add_aa_mapping(struct ctl_context *ctx)
{
    const struct ovsdb_idl_row *aa;
    struct vsctl_bridge *br;
    long long int isid, vlan;
    union ovsdb_atom k, v;

    br = find_parent_bridge(ctx, ctx->argv[1], true);
    if (!br || !parse_aa_args(ctx, &isid, &vlan)) {
        return;
    }
    aa = ovsdb_idl_get_ref(br->br_cfg, "auto_attach");
    if (!aa) {
        aa = insert_row(ctx, "AutoAttach");
        write_refs(br->br_cfg, "auto_attach", &aa, 1);
    }
    k.integer = isid;
    v.integer = vlan;
    ovsdb_idl_txn_map_set(aa, "mappings", &k, &v);
}

static void
cmd_del_aa_mapping(struct ctl_context *ctx)
{
    const struct ovsdb_idl_row *aa;
    struct vsctl_bridge *br;
    long long int isid, vlan;
    union ovsdb_atom k;

    br = find_parent_bridge(ctx, ctx->argv[1], true);
    if (!br || !parse_aa_args(ctx, &isid, &vlan)) {
        return;
    }
    aa = ovsdb_idl_get_ref(br->br_cfg, "auto_attach");
    if (aa) {
        const struct ovsdb_datum *m = ovsdb_idl_get(aa, "mappings");
        unsigned int idx;

        k.integer = isid;
        if (ovsdb_datum_find_key(m, &k, OVSDB_TYPE_INTEGER, &idx)
            && m->values[idx].integer == vlan) {
            ovsdb_idl_txn_map_delete(aa, "mappings", &k);
        }
    }
}

static void
cmd_get_aa_mapping(struct ctl_context *ctx)
{
    const struct ovsdb_idl_row *aa;
    struct vsctl_bridge *br;

    br = find_parent_bridge(ctx, ctx->argv[1], true);
    if (!br) {
        return;
    }
    aa = ovsdb_idl_get_ref(br->br_cfg, "auto_attach");
    if (aa) {
        const struct ovsdb_datum *m = ovsdb_idl_get(aa, "mappings");

        for (unsigned int i = 0; i < m->n; i++) {
            ds_put_format(ctx->output, "%"PRId64" %"PRId64"\n",
                          m->keys[i].integer, m->values[i].integer);
        }
    }
}

/* Conntrack zones and timeout policies (Datapath table). */

static void
pre_zone_tp(struct ctl_context *ctx)
{
    ctl_add_column(ctx, "Open_vSwitch", "datapaths");
    ctl_add_all_columns(ctx, "Datapath");
    ctl_add_all_columns(ctx, "CT_Zone");
    ctl_add_all_columns(ctx, "CT_Timeout_Policy");
}

/* The Datapath row for datapath type 'name' ("system", "netdev"). */
static const struct ovsdb_idl_row *
find_datapath(struct ctl_context *ctx, const char *name)
{
    const struct ovsdb_idl_row *dp = NULL;
    const struct ovsdb_datum *dps;
    unsigned int idx;
    union ovsdb_atom k;

    if (!state.ovs) {
        return NULL;
    }
    dps = ovsdb_idl_get(state.ovs, "datapaths");
    k.string = CONST_CAST(char *, name);
    if (ovsdb_datum_find_key(dps, &k, OVSDB_TYPE_STRING, &idx)) {
        dp = ovsdb_idl_get_row_for_uuid(vsctl_idl_table(ctx, "Datapath"),
                                        &dps->values[idx].uuid);
    }
    return dp;
}

/* Parses "zone=N". */
static bool
parse_zone_id(struct ctl_context *ctx, const char *arg, int64_t *zone)
{
    long long int z;

    if (strncmp(arg, "zone=", 5) || !str_to_llong(arg + 5, 10, &z)
        || z < 0 || z > 65535) {
        ctl_error(ctx, "Invalid zone id %s", arg);
        return false;
    }
    *zone = z;
    return true;
}

/* The CT_Zone row of 'dp' for 'zone', or NULL. */
static const struct ovsdb_idl_row *
find_ct_zone(struct ctl_context *ctx, const struct ovsdb_idl_row *dp,
             int64_t zone)
{
    const struct ovsdb_datum *zones = ovsdb_idl_get(dp, "ct_zones");
    union ovsdb_atom k;
    unsigned int idx;

    k.integer = zone;
    if (ovsdb_datum_find_key(zones, &k, OVSDB_TYPE_INTEGER, &idx)) {
        return ovsdb_idl_get_row_for_uuid(vsctl_idl_table(ctx, "CT_Zone"),
                                          &zones->values[idx].uuid);
    }
    return NULL;
}

static void
cmd_add_zone_tp(struct ctl_context *ctx)
{
    bool may_exist = ctl_has_option(ctx, "--may-exist");
    const struct ovsdb_idl_row *dp, *zone_row, *tp;
    int64_t zone;
    union ovsdb_atom k, v;

    if (!parse_zone_id(ctx, ctx->argv[2], &zone)) {
        return;
    }
    dp = find_datapath(ctx, ctx->argv[1]);
    if (!dp) {
        ctl_error(ctx, "datapath %s does not exist", ctx->argv[1]);
        return;
    }
    zone_row = find_ct_zone(ctx, dp, zone);
    if (zone_row && !may_exist) {
        ctl_error(ctx, "zone id %"PRId64" already exists", zone);
        return;
    }
    if (zone_row) {
        return;
    }

    tp = insert_row(ctx, "CT_Timeout_Policy");
    for (int i = 3; i < ctx->argc; i++) {
        const char *eq = strchr(ctx->argv[i], '=');
        long long int t;

        if (!eq || !str_to_llong(eq + 1, 10, &t) || t < 0) {
            ctl_error(ctx, "Invalid timeout policy %s", ctx->argv[i]);
            return;
        }
        char *key = xmemdup0(ctx->argv[i], eq - ctx->argv[i]);
        k.string = key;
        v.integer = t;
        if (ovsdb_idl_txn_map_set(tp, "timeouts", &k, &v)) {
            ctl_error(ctx, "Invalid timeout policy %s", ctx->argv[i]);
            free(key);
            return;
        }
        free(key);
    }
    zone_row = insert_row(ctx, "CT_Zone");
    write_refs(zone_row, "timeout_policy", &tp, 1);
    k.integer = zone;
    v.uuid = zone_row->uuid;
    ovsdb_idl_txn_map_set(dp, "ct_zones", &k, &v);
}

static void
cmd_del_zone_tp(struct ctl_context *ctx)
{
    bool must_exist = !ctl_has_option(ctx, "--if-exists");
    const struct ovsdb_idl_row *dp;
    union ovsdb_atom k;
    int64_t zone;

    if (!parse_zone_id(ctx, ctx->argv[2], &zone)) {
        return;
    }
    dp = find_datapath(ctx, ctx->argv[1]);
    if (!dp) {
        ctl_error(ctx, "datapath %s does not exist", ctx->argv[1]);
        return;
    }
    if (!find_ct_zone(ctx, dp, zone)) {
        if (must_exist) {
            ctl_error(ctx, "zone id %"PRId64" does not exist", zone);
        }
        return;
    }
    k.integer = zone;
    ovsdb_idl_txn_map_delete(dp, "ct_zones", &k);
}

static void
cmd_list_zone_tp(struct ctl_context *ctx)
{
    const struct ovsdb_idl_row *dp = find_datapath(ctx, ctx->argv[1]);
    const struct ovsdb_datum *zones;

    if (!dp) {
        ctl_error(ctx, "datapath %s does not exist", ctx->argv[1]);
        return;
    }
    zones = ovsdb_idl_get(dp, "ct_zones");
    for (unsigned int i = 0; i < zones->n; i++) {
        const struct ovsdb_idl_row *zone, *tp;

        zone = ovsdb_idl_get_row_for_uuid(vsctl_idl_table(ctx, "CT_Zone"),
                                          &zones->values[i].uuid);
        ds_put_format(ctx->output, "Zone:%"PRId64", Timeout Policies: ",
                      zones->keys[i].integer);
        tp = zone ? ovsdb_idl_get_ref(zone, "timeout_policy") : NULL;
        if (tp) {
            const struct ovsdb_datum *t = ovsdb_idl_get(tp, "timeouts");

            for (unsigned int j = 0; j < t->n; j++) {
                ds_put_format(ctx->output, "%s=%"PRId64" ",
                              t->keys[j].string, t->values[j].integer);
            }
        } else {
            ds_put_cstr(ctx->output, "system default");
        }
        ds_chomp(ctx->output, ' ');
        ds_put_char(ctx->output, '\n');
    }
}

static void
cmd_list_dp_cap(struct ctl_context *ctx)
{
    const struct ovsdb_idl_row *dp = find_datapath(ctx, ctx->argv[1]);
    const struct ovsdb_datum *caps;

    if (!dp) {
        ctl_error(ctx, "datapath \"%s\" record not found", ctx->argv[1]);
        return;
    }
    caps = ovsdb_idl_get(dp, "capabilities");
    for (unsigned int i = 0; i < caps->n; i++) {
        ds_put_format(ctx->output, "%s=%s ", caps->keys[i].string,
                      caps->values[i].string);
    }
    ds_chomp(ctx->output, ' ');
    ds_put_char(ctx->output, '\n');
}

static const struct ctl_command_syntax vsctl_commands[] = {
    /* Open vSwitch commands. */
    {"init", 0, 0, "", NULL, cmd_init, NULL, "", CTL_RW},
    {"show", 0, 0, "", pre_cmd_show, cmd_show, NULL, "", CTL_RO},
    {"emer-reset", 0, 0, "", pre_cmd_emer_reset, cmd_emer_reset, NULL, "",
     CTL_RW},

    /* Bridge commands. */
    {"add-br", 1, 3, "!NEW-BRIDGE ?PARENT ?NEW-VLAN", pre_cmd_add_br,
     cmd_add_br, NULL, "--may-exist", CTL_RW},
    {"del-br", 1, 1, "!BRIDGE", pre_bridges, cmd_del_br, NULL,
     "--if-exists", CTL_RW},
    {"list-br", 0, 0, "", pre_bridges, cmd_list_br, NULL,
     "--real,--fake", CTL_RO},
    {"br-exists", 1, 1, "!BRIDGE", pre_bridges, cmd_br_exists, NULL, "",
     CTL_RO},
    {"br-to-vlan", 1, 1, "!BRIDGE", pre_bridges, cmd_br_to_vlan, NULL, "",
     CTL_RO},
    {"br-to-parent", 1, 1, "!BRIDGE", pre_bridges, cmd_br_to_parent, NULL,
     "", CTL_RO},
    {"br-set-external-id", 2, 3, "!BRIDGE !KEY ?VALUE",
     pre_cmd_br_external_id, cmd_br_set_external_id, NULL, "", CTL_RW},
    {"br-get-external-id", 1, 2, "!BRIDGE ?KEY", pre_cmd_br_external_id,
     cmd_br_get_external_id, NULL, "", CTL_RO},

    /* Port commands. */
    {"list-ports", 1, 1, "!BRIDGE", pre_get_info, cmd_list_ports, NULL, "",
     CTL_RO},
    {"add-port", 2, INT_MAX, "!BRIDGE !NEW-PORT *COLUMN?:KEY=VALUE",
     pre_cmd_add_port, cmd_add_port, NULL, "--may-exist", CTL_RW},
    {"add-bond", 4, INT_MAX, "!BRIDGE !NEW-BOND-PORT +IFACE "
     "*COLUMN?:KEY=VALUE", pre_cmd_add_bond, cmd_add_bond, NULL,
     "--may-exist,--fake-iface", CTL_RW},
    {"add-bond-iface", 2, 2, "!BOND !IFACE", pre_get_info,
     cmd_add_bond_iface, NULL, "--may-exist", CTL_RW},
    {"del-bond-iface", 1, 2, "?BOND !IFACE", pre_get_info,
     cmd_del_bond_iface, NULL, "--if-exists", CTL_RW},
    {"del-port", 1, 2, "?BRIDGE !PORT|IFACE", pre_get_info, cmd_del_port,
     NULL, "--if-exists,--with-iface", CTL_RW},
    {"port-to-br", 1, 1, "!PORT", pre_get_info, cmd_port_to_br, NULL, "",
     CTL_RO},

    /* Interface commands. */
    {"list-ifaces", 1, 1, "!BRIDGE", pre_get_info, cmd_list_ifaces, NULL,
     "", CTL_RO},
    {"iface-to-br", 1, 1, "!IFACE", pre_get_info, cmd_iface_to_br, NULL, "",
     CTL_RO},

    /* Controller commands. */
    {"get-controller", 1, 1, "!BRIDGE", pre_controller, cmd_get_controller,
     NULL, "", CTL_RO},
    {"del-controller", 1, 1, "!BRIDGE", pre_controller, cmd_del_controller,
     NULL, "", CTL_RW},
    {"set-controller", 1, INT_MAX, "!BRIDGE +TARGET", pre_controller,
     cmd_set_controller, NULL, "--inactivity-probe=", CTL_RW},
    {"get-fail-mode", 1, 1, "!BRIDGE", pre_fail_mode, cmd_get_fail_mode,
     NULL, "", CTL_RO},
    {"del-fail-mode", 1, 1, "!BRIDGE", pre_fail_mode, cmd_del_fail_mode,
     NULL, "", CTL_RW},
    {"set-fail-mode", 2, 2, "!BRIDGE !MODE", pre_fail_mode,
     cmd_set_fail_mode, NULL, "", CTL_RW},

    /* Manager commands. */
    {"get-manager", 0, 0, "", pre_manager, cmd_get_manager, NULL, "",
     CTL_RO},
    {"del-manager", 0, 0, "", pre_manager, cmd_del_manager, NULL, "",
     CTL_RW},
    {"set-manager", 1, INT_MAX, "+TARGET", pre_manager, cmd_set_manager,
     NULL, "--inactivity-probe=", CTL_RW},

    /* SSL commands. */
    {"get-ssl", 0, 0, "", pre_ssl, cmd_get_ssl, NULL, "", CTL_RO},
    {"del-ssl", 0, 0, "", pre_ssl, cmd_del_ssl, NULL, "", CTL_RW},
    {"set-ssl", 3, 3, "!PRIVATE-KEY !CERTIFICATE !CA-CERT", pre_ssl,
     cmd_set_ssl, NULL, "--bootstrap", CTL_RW},

    /* Auto Attach commands. */
    {"add-aa-mapping", 3, 3, "!BRIDGE !ARG !ARG", pre_aa_mapping,
     cmd_add_aa_mapping, NULL, "", CTL_RW},
    {"del-aa-mapping", 3, 3, "!BRIDGE !ARG !ARG", pre_aa_mapping,
     cmd_del_aa_mapping, NULL, "", CTL_RW},
    {"get-aa-mapping", 1, 1, "!BRIDGE", pre_aa_mapping, cmd_get_aa_mapping,
     NULL, "", CTL_RO},

    /* Conntrack zone and datapath commands. */
    {"add-zone-tp", 2, INT_MAX, "!DATAPATH !ZONE *POLICY", pre_zone_tp,
     cmd_add_zone_tp, NULL, "--may-exist", CTL_RW},
    {"del-zone-tp", 2, 2, "!DATAPATH !ZONE", pre_zone_tp, cmd_del_zone_tp,
     NULL, "--if-exists", CTL_RW},
    {"list-zone-tp", 1, 1, "!DATAPATH", pre_zone_tp, cmd_list_zone_tp, NULL,
     "", CTL_RO},
    {"list-dp-cap", 1, 1, "!DATAPATH", pre_zone_tp, cmd_list_dp_cap, NULL,
     "", CTL_RO},

    {NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, CTL_RO},
};

/* How records are named on the command line, as in ovs-vsctl. */
static const struct ctl_table_class vsctl_table_classes[] = {
    {"AutoAttach", {{"Bridge", "name", "auto_attach"}, {NULL, NULL, NULL}}},
    {"Bridge", {{"Bridge", "name", NULL}, {NULL, NULL, NULL}}},
    {"Controller", {{"Bridge", "name", "controller"}, {NULL, NULL, NULL}}},
    {"Flow_Sample_Collector_Set", {{"Flow_Sample_Collector_Set", "id",
                                    NULL}, {NULL, NULL, NULL}}},
    {"Flow_Table", {{"Flow_Table", "name", NULL}, {NULL, NULL, NULL}}},
    {"IPFIX", {{"Bridge", "name", "ipfix"}, {NULL, NULL, NULL}}},
    {"Interface", {{"Interface", "name", NULL}, {NULL, NULL, NULL}}},
    {"Manager", {{"Manager", "target", NULL}, {NULL, NULL, NULL}}},
    {"Mirror", {{"Mirror", "name", NULL}, {NULL, NULL, NULL}}},
    {"NetFlow", {{"Bridge", "name", "netflow"}, {NULL, NULL, NULL}}},
    {"Open_vSwitch", {{"Open_vSwitch", NULL, NULL}, {NULL, NULL, NULL}}},
    {"Port", {{"Port", "name", NULL}, {NULL, NULL, NULL}}},
    {"QoS", {{"Port", "name", "qos"}, {NULL, NULL, NULL}}},
    {"SSL", {{"Open_vSwitch", NULL, "ssl"}, {NULL, NULL, NULL}}},
    {"sFlow", {{"Bridge", "name", "sflow"}, {NULL, NULL, NULL}}},
};

/* The transaction hooks. */

static void
vsctl_pre_hook(struct ctl_context *ctx)
{
    ctl_add_table(ctx, "Open_vSwitch");
    full_info = false;
    if (wait_for_reload) {
        ctl_add_column(ctx, "Open_vSwitch", "cur_cfg");
        ctl_add_column_filtered(ctx, "Interface", "ofport");
        ctl_add_column_filtered(ctx, "Interface", "error");
    }
}

/* At the start of each attempt: the Open_vSwitch row (created if the
 * database has none, as ovs-vsctl does) and the next_cfg increment. */
static void
vsctl_txn_hook(struct ctl_context *ctx)
{
    struct ovsdb_idl_table *ovs_table = vsctl_idl_table(ctx, "Open_vSwitch");

    state.ovs = ovsdb_idl_first_row(ovs_table);
    if (!state.ovs) {
        state.ovs = ctl_insert_row(ctx, vsctl_table(ctx, "Open_vSwitch"),
                                   NULL);
    }
    if (wait_for_reload) {
        ovsdb_idl_txn_increment(ctx->txn, state.ovs, "next_cfg", false);
    }
    state.n_new_ifaces = 0;
    ctx->invalidate_cache = invalidate_cache;
}

static void
vsctl_txn_done_hook(struct ctl_context *ctx OSW_UNUSED)
{
    vsctl_cache_clear(&state.cache);
    state.ovs = NULL;
}

/* True if an osw-vswitchd process seems to be alive: its pidfile in the
 * run directory names a running process. */
static bool
vswitchd_is_running(void)
{
    char *pidfile = xasprintf("%s/osw-vswitchd.pid", osw_rundir());
    FILE *f = fopen(pidfile, "r");
    bool running = false;
    long pid;

    if (f) {
        if (fscanf(f, "%ld", &pid) == 1 && pid > 0
            && (!kill(pid, 0) || errno == EPERM)) {
            running = true;
        }
        fclose(f);
    }
    free(pidfile);
    return running;
}

/* The largest cur_cfg of the Open_vSwitch rows of 'idl', or -1. */
static int64_t
get_cur_cfg(struct ovsdb_idl *idl)
{
    const struct ovsdb_idl_row *row;
    int64_t cur = -1;

    OVSDB_IDL_FOR_EACH_ROW (row, ovsdb_idl_get_table(idl, "Open_vSwitch")) {
        cur = MAX(cur, ovsdb_idl_get_integer(row, "cur_cfg", 0));
    }
    return cur;
}

/* After osw-vswitchd applied the change: reports the new interfaces it
 * could not set up. */
static void
check_new_ifaces(struct ovsdb_idl *idl)
{
    struct ovsdb_idl_table *ifaces = ovsdb_idl_get_table(idl, "Interface");
    size_t n_errors = 0;

    for (size_t i = 0; i < state.n_new_ifaces; i++) {
        const struct ovsdb_idl_row *iface = ovsdb_idl_get_row_for_uuid(
            ifaces, &state.new_ifaces[i]);
        const struct ovsdb_datum *ofport;

        if (!iface) {
            continue;
        }
        ofport = ovsdb_idl_get(iface, "ofport");
        if (ofport && (!ofport->n || ofport->keys[0].integer == -1)) {
            const char *name = row_string(iface, "name");
            const char *error = ovsdb_idl_get_string(iface, "error", NULL);

            if (error && error[0]) {
                osw_error(0, "Error detected while setting up '%s': %s.  "
                          "See osw-vswitchd log for details.", name, error);
            } else {
                osw_error(0, "Error detected while setting up '%s'.  See "
                          "osw-vswitchd log for details.", name);
            }
            n_errors++;
        }
    }
    if (n_errors) {
        osw_error(0, "The default log directory is \"%s\".", osw_logdir());
    }
}

/* Waits until osw-vswitchd reports configuration 'next_cfg' applied. */
static int
wait_for_cur_cfg(struct ovsdb_idl *idl, int64_t next_cfg)
{
    long long int deadline = (timeout ? time_msec() + timeout * 1000LL
                              : LLONG_MAX);
    long long int note_at = time_msec() + 1000;
    int64_t first_cur_cfg = get_cur_cfg(idl);
    struct ovsdb_idl *own_idl = NULL;
    bool noted = false;

    for (;;) {
        int64_t cur_cfg;

        ovsdb_idl_run(idl);
        if (!ovsdb_idl_is_alive(idl)) {
            /* The connection went away: come back for the answer, this
             * time reconnecting as long as it takes. */
            if (own_idl) {
                ovsdb_idl_destroy(own_idl);
            }
            own_idl = idl = ovsdb_idl_create(db, "Open_vSwitch",
                                             ovsdb_idl_get_schema(idl),
                                             false, true);
            ovsdb_idl_add_column(idl, "Open_vSwitch", "cur_cfg");
            continue;
        }

        cur_cfg = get_cur_cfg(idl);
        if (ovsdb_idl_is_synced(idl) && cur_cfg >= next_cfg) {
            if (!own_idl) {
                check_new_ifaces(idl);
            }
            break;
        }

        long long int now = time_msec();
        if (now >= deadline) {
            fprintf(stderr, "%s: timed out after %u second%s waiting for "
                    "osw-vswitchd to apply the change (next_cfg %"PRId64
                    ", cur_cfg %"PRId64"); the change was committed to the "
                    "database\n", program_name, timeout,
                    timeout == 1 ? "" : "s", next_cfg,
                    cur_cfg < 0 ? 0 : cur_cfg);
            if (own_idl) {
                ovsdb_idl_destroy(own_idl);
            }
            return EXIT_NOT_CONFIRMED;
        }
        if (!noted && now >= note_at) {
            /* A daemon that moved cur_cfg meanwhile is alive, just busy;
             * otherwise look for its pidfile. */
            noted = true;
            if (cur_cfg <= first_cur_cfg && !vswitchd_is_running()) {
                fprintf(stderr, "%s: waiting for osw-vswitchd to apply the "
                        "change, but osw-vswitchd does not seem to be "
                        "running (no live process in %s/osw-vswitchd.pid; "
                        "cur_cfg is %"PRId64", waiting for %"PRId64"); use "
                        "--no-wait to skip waiting%s\n", program_name,
                        osw_rundir(), cur_cfg < 0 ? 0 : cur_cfg, next_cfg,
                        timeout ? "" : " or --timeout to limit it");
            }
        }

        ovsdb_idl_wait(idl);
        poll_timer_wait_until(MIN(deadline, noted ? LLONG_MAX : note_at));
        poll_block();
    }
    if (own_idl) {
        ovsdb_idl_destroy(own_idl);
    }
    return 0;
}

/* After a successful commit: waits for osw-vswitchd, if asked to. */
static int
vsctl_done_hook(struct ctl_context *ctx, int status)
{
    int64_t next_cfg;

    if (!wait_for_reload || dry_run || status != OVSDB_IDL_TXN_SUCCESS) {
        return 0;
    }
    next_cfg = ovsdb_idl_txn_get_increment_new_value(ctx->txn);
    if (next_cfg < 0) {
        return 0;
    }

    /* The interfaces' real uuids, for the check at the end. */
    for (size_t i = 0; i < state.n_new_ifaces; i++) {
        const struct uuid *real = ovsdb_idl_txn_get_insert_uuid(
            ctx->txn, &state.new_ifaces[i]);
        if (real) {
            state.new_ifaces[i] = *real;
        }
    }
    return wait_for_cur_cfg(ctx->idl, next_cfg);
}

/* Command line. */

static void
usage(void)
{
    printf("\
%s: osw-vswitchd management utility\n\
usage: %s [OPTIONS] COMMAND [ARG...]\n\
\n\
Open vSwitch commands:\n\
  init                        initialize database, if not yet initialized\n\
  show                        print overview of database contents\n\
  emer-reset                  reset configuration to clean state\n\
\n\
Bridge commands:\n\
  add-br BRIDGE               create a new bridge named BRIDGE\n\
  add-br BRIDGE PARENT VLAN   create new fake BRIDGE in PARENT on VLAN\n\
  del-br BRIDGE               delete BRIDGE and all of its ports\n\
  list-br                     print the names of all the bridges\n\
  br-exists BRIDGE            exit 2 if BRIDGE does not exist\n\
  br-to-vlan BRIDGE           print the VLAN which BRIDGE is on\n\
  br-to-parent BRIDGE         print the parent of BRIDGE\n\
  br-set-external-id BRIDGE KEY VALUE  set KEY on BRIDGE to VALUE\n\
  br-set-external-id BRIDGE KEY  unset KEY on BRIDGE\n\
  br-get-external-id BRIDGE KEY  print value of KEY on BRIDGE\n\
  br-get-external-id BRIDGE  list key-value pairs on BRIDGE\n\
\n\
Port commands (a bond is considered to be a single port):\n\
  list-ports BRIDGE           print the names of all the ports on BRIDGE\n\
  add-port BRIDGE PORT        add network device PORT to BRIDGE\n\
  add-bond BRIDGE PORT IFACE...  add bonded port PORT in BRIDGE from IFACES\n\
  add-bond-iface BOND IFACE   add IFACE to bonded port BOND\n\
  del-bond-iface [BOND] IFACE remove IFACE from its bonded port\n\
  del-port [BRIDGE] PORT      delete PORT (which may be bonded) from BRIDGE\n\
  port-to-br PORT             print name of bridge that contains PORT\n\
\n\
Interface commands (a bond consists of multiple interfaces):\n\
  list-ifaces BRIDGE          print the names of all interfaces on BRIDGE\n\
  iface-to-br IFACE           print name of bridge that contains IFACE\n\
\n\
Controller commands:\n\
  get-controller BRIDGE      print the controllers for BRIDGE\n\
  del-controller BRIDGE      delete the controllers for BRIDGE\n\
  [--inactivity-probe=MSECS]\n\
  set-controller BRIDGE TARGET...  set the controllers for BRIDGE\n\
  get-fail-mode BRIDGE       print the fail-mode for BRIDGE\n\
  del-fail-mode BRIDGE       delete the fail-mode for BRIDGE\n\
  set-fail-mode BRIDGE MODE  set the fail-mode for BRIDGE to MODE\n\
\n\
Manager commands:\n\
  get-manager                print the managers\n\
  del-manager                delete the managers\n\
  [--inactivity-probe=MSECS]\n\
  set-manager TARGET...      set the list of managers to TARGET...\n\
\n\
SSL commands:\n\
  get-ssl                     print the SSL configuration\n\
  del-ssl                     delete the SSL configuration\n\
  set-ssl PRIV-KEY CERT CA-CERT  set the SSL configuration\n\
\n\
Auto Attach commands:\n\
  add-aa-mapping BRIDGE I-SID VLAN   add Auto Attach mapping to BRIDGE\n\
  del-aa-mapping BRIDGE I-SID VLAN   delete Auto Attach mapping from BRIDGE\n\
  get-aa-mapping BRIDGE              get Auto Attach mappings from BRIDGE\n\
\n\
Conntrack zone commands:\n\
  add-zone-tp DP zone=ID POLICY...   add a timeout policy for zone ID\n\
  del-zone-tp DP zone=ID             delete the timeout policy of zone ID\n\
  list-zone-tp DP                    list the zones' timeout policies\n\
  list-dp-cap DP                     list the datapath's capabilities\n\
\n\
Database commands:\n\
  list TBL [REC]              list RECord (or all records) in TBL\n\
  find TBL CONDITION...       list records satisfying CONDITION in TBL\n\
  get TBL REC COL[:KEY]       print values of COLumns in RECord in TBL\n\
  set TBL REC COL[:KEY]=VALUE set COLumn values in RECord in TBL\n\
  add TBL REC COL [KEY=]VALUE add (KEY=)VALUE to COLumn in RECord in TBL\n\
  remove TBL REC COL [KEY=]VALUE  remove (KEY=)VALUE from COLumn\n\
  clear TBL REC COL           clear values from COLumn in RECord in TBL\n\
  create TBL COL[:KEY]=VALUE  create and initialize new record\n\
  destroy TBL REC             delete RECord from TBL\n\
  wait-until TBL REC [COL[:KEY]=VALUE]  wait until condition is true\n\
  comment [ARG]...            record ARGs in the transaction's log entry\n",
           program_name, program_name);
    {
        struct ovsdb_schema *schema = NULL;
        json_error_t jerror;
        json_t *json = json_loads(osw_vsctl_schema_json, 0, &jerror);
        struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);

        ovsdb_error_destroy(error);
        json_decref(json);
        if (schema) {
            ctl_print_table_naming(schema);
            ovsdb_schema_destroy(schema);
        }
    }
    printf("\n\
Options:\n\
  --db=DATABASE               connect to DATABASE\n\
                              (default: unix:%s/db.sock)\n\
  --no-wait                   do not wait for osw-vswitchd to reconfigure\n\
  --retry                     keep trying to connect to server forever\n\
  -t, --timeout=SECS          wait at most SECS seconds for osw-vswitchd\n\
  --dry-run                   do not commit changes to database\n\
  --oneline                   print exactly one line of output per command\n",
           osw_rundir());
    output_table_usage();
    vlog_usage();
    stream_usage("database", true, true, true);
    printf("\n\
Other options:\n\
  --commands                  list the commands and their arguments\n\
  --options                   list the options\n\
  -h, --help                  display this help message\n\
  -V, --version               display version information\n");
    exit(EXIT_SUCCESS);
}

enum {
    OPT_DB = 5000,
    OPT_NO_WAIT,
    OPT_NO_SYSLOG,
    OPT_DRY_RUN,
    OPT_ONELINE,
    OPT_RETRY,
    OPT_COMMANDS,
    OPT_OPTIONS,
    OPT_IGNORED,
    OPT_IGNORED_ARG,
    OPT_LOCAL
};

static void
print_options(const struct option *options)
{
    for (const struct option *o = options; o->name; o++) {
        if (o->val == OPT_LOCAL) {
            continue;
        }
        printf("--%s%s\n", o->name, o->has_arg ? "=ARG" : "");
        if (o->flag == NULL && o->val > 0 && o->val < 256) {
            printf("-%c%s\n", o->val, o->has_arg ? " ARG" : "");
        }
    }
}

/* Builds the getopt table: the global options plus every command's
 * options (which, given before the first command, apply to it). */
static struct option *
build_options(size_t *n_optionsp)
{
    static const struct option global_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"no-syslog", no_argument, NULL, OPT_NO_SYSLOG},
        {"no-wait", no_argument, NULL, OPT_NO_WAIT},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"oneline", no_argument, NULL, OPT_ONELINE},
        {"timeout", required_argument, NULL, 't'},
        {"retry", no_argument, NULL, OPT_RETRY},
        {"help", no_argument, NULL, 'h'},
        {"commands", no_argument, NULL, OPT_COMMANDS},
        {"options", no_argument, NULL, OPT_OPTIONS},
        {"leader-only", no_argument, NULL, OPT_IGNORED},
        {"no-leader-only", no_argument, NULL, OPT_IGNORED},
        {"shuffle-remotes", no_argument, NULL, OPT_IGNORED},
        {"no-shuffle-remotes", no_argument, NULL, OPT_IGNORED},
        {"version", no_argument, NULL, 'V'},
        {"syslog-method", required_argument, NULL, OPT_IGNORED_ARG},
        {"syslog-target", required_argument, NULL, OPT_IGNORED_ARG},
        VLOG_LONG_OPTIONS,
        OUTPUT_TABLE_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
    };
    size_t n = ARRAY_SIZE(global_options);
    size_t allocated = n + 1;
    struct option *options = xcalloc(allocated, sizeof *options);

    memcpy(options, global_options, sizeof global_options);

    ctl_add_cmd_options(&options, &n, &allocated, OPT_LOCAL);
    *n_optionsp = n;
    return options;
}

static struct ovsdb_schema *load_schema(void);

static void
parse_options(int argc, char *argv[], struct ctl_options *local_options)
{
    size_t n_options;
    struct option *options = build_options(&n_options);

    table_style.format = OUTPUT_TABLE_FMT_LIST;
    for (;;) {
        int idx = -1;
        int c = getopt_long(argc, argv, "+t:hVv::f:d:p:c:C:", options,
                            &idx);
        if (c == -1) {
            break;
        }

        switch (c) {
        case OPT_DB:
            free(db);
            db = xstrdup(optarg);
            break;
        case OPT_NO_WAIT:
            wait_for_reload = false;
            break;
        case OPT_NO_SYSLOG:
        case OPT_IGNORED:
        case OPT_IGNORED_ARG:
            break;
        case OPT_DRY_RUN:
            dry_run = true;
            break;
        case OPT_ONELINE:
            oneline = true;
            break;
        case OPT_RETRY:
            retry = true;
            break;
        case 't':
            if (!str_to_uint(optarg, 10, &timeout)) {
                ctl_fatal("value %s on -t or --timeout is invalid", optarg);
            }
            break;
        case 'h':
            usage();
            break;
        case OPT_COMMANDS:
            ctl_print_commands();
            exit(EXIT_SUCCESS);
        case OPT_OPTIONS:
            print_options(options);
            exit(EXIT_SUCCESS);
        case 'V': {
            struct ovsdb_schema *schema = load_schema();

            osw_print_version();
            printf("DB Schema %s\n", schema->version);
            ovsdb_schema_destroy(schema);
            exit(EXIT_SUCCESS);
        }
        case OPT_LOCAL: {
            /* Repeated before the command: the last one wins, as in
             * ovs-vsctl. */
            char *name = xasprintf("--%s", options[idx].name);

            ctl_options_put(local_options, name, optarg);
            free(name);
            break;
        }
        VLOG_OPTION_HANDLERS
        OUTPUT_TABLE_OPTION_HANDLERS(&table_style)
        STREAM_SSL_OPTION_HANDLERS
        case '?':
            exit(EXIT_FAILURE);
        default:
            abort();
        }
    }

    for (size_t i = 0; i < n_options; i++) {
        if (options[i].val == OPT_LOCAL) {
            free(CONST_CAST(char *, options[i].name));
        }
    }
    free(options);

    if (!db) {
        db = xasprintf("unix:%s/db.sock", osw_rundir());
    }
}

/* "PROGRAM (invoked by PARENT)", naming the parent process as its command
 * line's first word, for the transaction's comment. */
static char *
invoked_by(void)
{
    char *file = xasprintf("/proc/%ld/cmdline", (long) getppid());
    struct ds parent = DS_EMPTY_INITIALIZER;
    FILE *f = fopen(file, "r");
    char *s;

    free(file);
    if (f) {
        int c;

        while ((c = getc(f)) != EOF && c) {
            ds_put_char(&parent, c);
        }
        fclose(f);
    }
    s = (parent.length
         ? xasprintf("%s (invoked by %s)", program_name, ds_cstr(&parent))
         : xstrdup(program_name));
    ds_destroy(&parent);
    return s;
}

/* Parses the compiled-in schema. */
static struct ovsdb_schema *
load_schema(void)
{
    struct ovsdb_schema *schema;
    struct ovsdb_error *error;
    json_error_t jerror;
    json_t *json;

    json = json_loads(osw_vsctl_schema_json, 0, &jerror);
    if (!json) {
        ctl_fatal("built-in schema: %s", jerror.text);
    }
    error = ovsdb_schema_from_json(json, &schema);
    json_decref(json);
    if (error) {
        ctl_fatal("built-in schema: %s", ovsdb_error_to_string_free(error));
    }
    return schema;
}

int
main(int argc, char *argv[])
{
    struct ctl_options local_options;
    struct ctl_command *commands;
    struct ctl_run_config cfg;
    struct ovsdb_schema *schema;
    char *args, *who, *error;
    size_t n_commands;
    int status;

    set_program_name(argv[0]);
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);
    vlog_set_levels(NULL, VLF_SYSLOG, VLL_OFF);
    /* A failed connection is reported once, as an error of our own. */
    struct vlog_module *session = vlog_module_from_name("jsonrpc_session");
    if (session) {
        vlog_set_levels(session, VLF_CONSOLE, VLL_ERR);
    }
    ctl_register_commands(vsctl_commands);
    ctl_register_db_commands();
    ctl_register_table_classes(vsctl_table_classes,
                               ARRAY_SIZE(vsctl_table_classes));

    args = ctl_format_command_line(argc, argv);
    ctl_options_init(&local_options);
    parse_options(argc, argv, &local_options);

    error = ctl_parse_commands(argc - optind, argv + optind, &local_options,
                               &commands, &n_commands);
    ctl_options_destroy(&local_options);
    if (error) {
        ctl_fatal("%s", error);
    }

    schema = load_schema();
    who = invoked_by();

    memset(&cfg, 0, sizeof cfg);
    cfg.db = db;
    cfg.schema = schema;
    cfg.retry = retry;
    cfg.dry_run = dry_run;
    cfg.oneline = oneline;
    cfg.deadline = timeout ? time_msec() + timeout * 1000LL : LLONG_MAX;
    cfg.style = &table_style;
    cfg.comment = xasprintf("%s: %s", who, args);
    cfg.log_module = "vsctl";
    /* A lean replica pays off for a few commands; for a batch of many
     * (each asking for rows by name), the server's work on all those
     * conditions costs more than reading everything once. */
    cfg.lean = n_commands <= 32;
    cfg.pre_hook = vsctl_pre_hook;
    cfg.txn_hook = vsctl_txn_hook;
    cfg.txn_done_hook = vsctl_txn_done_hook;
    cfg.done_hook = vsctl_done_hook;

    status = ctl_run(&cfg, commands, n_commands);

    ctl_commands_destroy(commands, n_commands);
    ovsdb_schema_destroy(schema);
    free(cfg.comment);
    free(who);
    free(args);
    free(state.new_ifaces);
    free(db);
    return status;
}
