/* Fuzz target for the OVSDB engine: "transact" requests, as a client sends
 * them to oswdb-server, executed on a database with an Open_vSwitch-like
 * schema.
 *
 * The input is a byte stream of JSON values, framed as the server frames a
 * connection (json_parser).  Each value is one transaction, run in turn on
 * the same database (at most MAX_TXNS of them), so that later ones find
 * the rows, references and indexes that earlier ones left.  A value may be
 *
 *   - the "params" of a "transact" request: ["Open_vSwitch", op...] (a
 *     leading string, the database name, is dropped) or just [op...];
 *   - a whole request {"method": "transact", "params": [...]};
 *   - anything else, which ovsdb_execute() must turn into an error.
 *
 * Each transaction runs twice: first in read-only mode, which must change
 * nothing, then for real (and again, as the server would, if a "wait"
 * asks for a retry).  After every run the target checks what the engine
 * promises and aborts if anything is wrong:
 *
 *   - the result array has one element per operation, plus one for a
 *     commit error; after the first error, only nulls; each success has
 *     the members its operation calls for; it serializes to JSON;
 *   - a failed, aborted or read-only transaction leaves every row as it
 *     was, "_version" included;
 *   - every datum keeps its type's invariants and constraints; every
 *     strong and weak reference names an existing row; each row's
 *     reference count and weak-reference sources match the references
 *     actually held; non-root rows are referenced; "maxRows" and unique
 *     indexes hold, and the committed index maps agree with the rows;
 *   - every row survives a round trip through its JSON form.
 *
 * The schema is built in, so that the binary needs no source tree: a
 * reduced Open_vSwitch schema with every shape that matters (root and
 * non-root tables, strong and weak references in sets and in map keys and
 * values, weak references that may not become empty, maps, sets with
 * bounds, enums, integer and real ranges, string lengths, immutable and
 * ephemeral columns, single and composite unique indexes, "maxRows"). */
#include <config.h>

#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "execution.h"
#include "osw/hash.h"
#include "osw/hmap.h"
#include "osw/jsonrpc.h"
#include "osw/util.h"
#include "osw/uuid.h"
#include "osw/vlog.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "row.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Transactions run per input, at most. */
#define MAX_TXNS 16

/* The schema, with ' for " (converted once) to keep it readable. */
static const char schema_text[] =
"{'name': 'Open_vSwitch', 'version': '8.3.1',"
" 'tables': {"
"  'Open_vSwitch': {'isRoot': true, 'maxRows': 1, 'columns': {"
"    'bridges': {'type': {'key': {'type': 'uuid', 'refTable': 'Bridge'},"
"                         'min': 0, 'max': 'unlimited'}},"
"    'manager_options': {'type': {'key': {'type': 'uuid',"
"                                         'refTable': 'Manager'},"
"                                 'min': 0, 'max': 'unlimited'}},"
"    'ssl': {'type': {'key': {'type': 'uuid', 'refTable': 'SSL'},"
"                     'min': 0, 'max': 1}},"
"    'datapaths': {'type': {'key': 'string',"
"                           'value': {'type': 'uuid',"
"                                     'refTable': 'Datapath'},"
"                           'min': 0, 'max': 'unlimited'}},"
"    'external_ids': {'type': {'key': 'string', 'value': 'string',"
"                              'min': 0, 'max': 'unlimited'}},"
"    'next_cfg': {'type': 'integer'},"
"    'cur_cfg': {'type': 'integer'},"
"    'statistics': {'type': {'key': 'string', 'value': 'string',"
"                            'min': 0, 'max': 'unlimited'},"
"                   'ephemeral': true},"
"    'ovs_version': {'type': {'key': 'string', 'min': 0, 'max': 1}},"
"    'iface_types': {'type': {'key': 'string', 'min': 0,"
"                             'max': 'unlimited'}},"
"    'dpdk_initialized': {'type': 'boolean'}}},"
"  'Bridge': {'indexes': [['name']], 'columns': {"
"    'name': {'type': 'string', 'mutable': false},"
"    'datapath_type': {'type': 'string'},"
"    'ports': {'type': {'key': {'type': 'uuid', 'refTable': 'Port'},"
"                       'min': 0, 'max': 'unlimited'}},"
"    'mirrors': {'type': {'key': {'type': 'uuid', 'refTable': 'Mirror'},"
"                         'min': 0, 'max': 'unlimited'}},"
"    'qos_default': {'type': {'key': {'type': 'uuid', 'refTable': 'QoS'},"
"                             'min': 0, 'max': 1}},"
"    'fail_mode': {'type': {'key': {'type': 'string',"
"                                   'enum': ['set', ['standalone',"
"                                                    'secure']]},"
"                           'min': 0, 'max': 1}},"
"    'protocols': {'type': {'key': {'type': 'string',"
"                                   'enum': ['set', ['OpenFlow10',"
"                                                    'OpenFlow13',"
"                                                    'OpenFlow15']]},"
"                           'min': 0, 'max': 'unlimited'}},"
"    'flood_vlans': {'type': {'key': {'type': 'integer', 'minInteger': 0,"
"                                     'maxInteger': 4095},"
"                             'min': 0, 'max': 4096}},"
"    'stp_enable': {'type': 'boolean'},"
"    'datapath_id': {'type': {'key': 'string', 'min': 0, 'max': 1},"
"                    'ephemeral': true},"
"    'other_config': {'type': {'key': 'string', 'value': 'string',"
"                              'min': 0, 'max': 'unlimited'}},"
"    'external_ids': {'type': {'key': 'string', 'value': 'string',"
"                              'min': 0, 'max': 'unlimited'}}}},"
"  'Port': {'indexes': [['name']], 'columns': {"
"    'name': {'type': 'string', 'mutable': false},"
"    'interfaces': {'type': {'key': {'type': 'uuid',"
"                                    'refTable': 'Interface'},"
"                            'min': 1, 'max': 'unlimited'}},"
"    'tag': {'type': {'key': {'type': 'integer', 'minInteger': 0,"
"                             'maxInteger': 4095},"
"                     'min': 0, 'max': 1}},"
"    'trunks': {'type': {'key': {'type': 'integer', 'minInteger': 0,"
"                                'maxInteger': 4095},"
"                        'min': 0, 'max': 4096}},"
"    'vlan_mode': {'type': {'key': {'type': 'string',"
"                                   'enum': ['set', ['access', 'trunk',"
"                                                    'native-tagged',"
"                                                    'native-untagged']]},"
"                           'min': 0, 'max': 1}},"
"    'qos': {'type': {'key': {'type': 'uuid', 'refTable': 'QoS'},"
"                     'min': 0, 'max': 1}},"
"    'bond_updelay': {'type': 'integer'},"
"    'mac': {'type': {'key': {'type': 'string', 'maxLength': 17},"
"                     'min': 0, 'max': 1}},"
"    'other_config': {'type': {'key': 'string', 'value': 'string',"
"                              'min': 0, 'max': 'unlimited'}}}},"
"  'Interface': {'indexes': [['name']], 'columns': {"
"    'name': {'type': 'string', 'mutable': false},"
"    'type': {'type': 'string'},"
"    'options': {'type': {'key': 'string', 'value': 'string',"
"                         'min': 0, 'max': 'unlimited'}},"
"    'ofport': {'type': {'key': 'integer', 'min': 0, 'max': 1}},"
"    'ofport_request': {'type': {'key': {'type': 'integer',"
"                                        'minInteger': 1,"
"                                        'maxInteger': 65279},"
"                                'min': 0, 'max': 1}},"
"    'mtu_request': {'type': {'key': {'type': 'integer', 'minInteger': 1},"
"                             'min': 0, 'max': 1}},"
"    'admin_state': {'type': {'key': {'type': 'string',"
"                                     'enum': ['set', ['up', 'down']]},"
"                             'min': 0, 'max': 1},"
"                    'ephemeral': true},"
"    'statistics': {'type': {'key': 'string', 'value': 'integer',"
"                            'min': 0, 'max': 'unlimited'},"
"                   'ephemeral': true},"
"    'bfd_status': {'type': {'key': 'string', 'value': 'string',"
"                            'min': 0, 'max': 'unlimited'}}}},"
"  'Mirror': {'columns': {"
"    'name': {'type': 'string'},"
"    'select_all': {'type': 'boolean'},"
"    'select_src_port': {'type': {'key': {'type': 'uuid',"
"                                         'refTable': 'Port',"
"                                         'refType': 'weak'},"
"                                 'min': 0, 'max': 'unlimited'}},"
"    'select_dst_port': {'type': {'key': {'type': 'uuid',"
"                                         'refTable': 'Port',"
"                                         'refType': 'weak'},"
"                                 'min': 0, 'max': 'unlimited'}},"
"    'output_port': {'type': {'key': {'type': 'uuid', 'refTable': 'Port',"
"                                     'refType': 'weak'},"
"                             'min': 0, 'max': 1}},"
"    'output_vlan': {'type': {'key': {'type': 'integer', 'minInteger': 1,"
"                                     'maxInteger': 4095},"
"                             'min': 0, 'max': 1}},"
"    'select_vlan': {'type': {'key': {'type': 'integer', 'minInteger': 0,"
"                                     'maxInteger': 4095},"
"                             'min': 0, 'max': 4096}}}},"
"  'QoS': {'isRoot': true, 'columns': {"
"    'type': {'type': 'string'},"
"    'queues': {'type': {'key': {'type': 'integer', 'minInteger': 0,"
"                                'maxInteger': 4294967295},"
"                        'value': {'type': 'uuid', 'refTable': 'Queue'},"
"                        'min': 0, 'max': 'unlimited'}},"
"    'other_config': {'type': {'key': 'string', 'value': 'string',"
"                              'min': 0, 'max': 'unlimited'}}}},"
"  'Queue': {'isRoot': true, 'columns': {"
"    'dscp': {'type': {'key': {'type': 'integer', 'minInteger': 0,"
"                              'maxInteger': 63},"
"                      'min': 0, 'max': 1}},"
"    'weight': {'type': {'key': {'type': 'real', 'minReal': 0.0,"
"                                'maxReal': 1000000.0},"
"                        'min': 0, 'max': 1}},"
"    'other_config': {'type': {'key': 'string', 'value': 'string',"
"                              'min': 0, 'max': 'unlimited'}}}},"
"  'SSL': {'columns': {"
"    'private_key': {'type': 'string'},"
"    'certificate': {'type': 'string'},"
"    'bootstrap_ca_cert': {'type': 'boolean'}}},"
"  'Manager': {'maxRows': 3, 'indexes': [['target']], 'columns': {"
"    'target': {'type': 'string'},"
"    'max_backoff': {'type': {'key': {'type': 'integer',"
"                                     'minInteger': 1000},"
"                             'min': 0, 'max': 1}},"
"    'connection_mode': {'type': {'key': {'type': 'string',"
"                                         'enum': ['set', ['in-band',"
"                                                          'out-of-band']]},"
"                                 'min': 0, 'max': 1}},"
"    'is_connected': {'type': 'boolean', 'ephemeral': true}}},"
"  'Datapath': {'columns': {"
"    'ct_zones': {'type': {'key': {'type': 'integer', 'minInteger': 0,"
"                                  'maxInteger': 65535},"
"                          'value': {'type': 'uuid', 'refTable': 'CT_Zone'},"
"                          'min': 0, 'max': 'unlimited'}},"
"    'port_by_name': {'type': {'key': 'string',"
"                              'value': {'type': 'uuid', 'refTable': 'Port',"
"                                        'refType': 'weak'},"
"                              'min': 0, 'max': 'unlimited'}},"
"    'peers': {'type': {'key': {'type': 'uuid', 'refTable': 'Datapath'},"
"                       'value': {'type': 'uuid', 'refTable': 'Datapath',"
"                                 'refType': 'weak'},"
"                       'min': 0, 'max': 'unlimited'}},"
"    'ids': {'type': {'key': 'uuid', 'min': 0, 'max': 4}},"
"    'capabilities': {'type': {'key': 'string', 'value': 'string',"
"                              'min': 0, 'max': 'unlimited'}}}},"
"  'CT_Zone': {'columns': {"
"    'limit': {'type': {'key': {'type': 'integer', 'minInteger': 0,"
"                               'maxInteger': 4294967295},"
"                       'min': 0, 'max': 1}},"
"    'timeouts': {'type': {'key': {'type': 'string',"
"                                  'enum': ['set', ['tcp', 'udp',"
"                                                   'icmp']]},"
"                          'value': {'type': 'integer', 'minInteger': 0},"
"                          'min': 0, 'max': 'unlimited'}}}},"
"  'Monitor': {'isRoot': true, 'columns': {"
"    'label': {'type': 'string'},"
"    'ports': {'type': {'key': {'type': 'uuid', 'refTable': 'Port',"
"                               'refType': 'weak'},"
"                       'min': 1, 'max': 'unlimited'}}}},"
"  'Flow_Sample_Collector_Set': {'isRoot': true,"
"    'indexes': [['id', 'bridge']], 'columns': {"
"    'id': {'type': {'key': {'type': 'integer', 'minInteger': 0,"
"                            'maxInteger': 4294967295},"
"                    'min': 1, 'max': 1}},"
"    'bridge': {'type': {'key': {'type': 'uuid', 'refTable': 'Bridge'},"
"                        'min': 1, 'max': 1}},"
"    'probability': {'type': {'key': {'type': 'real', 'minReal': 0.0,"
"                                     'maxReal': 1.0},"
"                             'min': 1, 'max': 1}},"
"    'labels': {'type': {'key': {'type': 'string', 'minLength': 1,"
"                                'maxLength': 8},"
"                        'min': 1, 'max': 3}},"
"    'external_ids': {'type': {'key': 'string', 'value': 'string',"
"                              'min': 0, 'max': 'unlimited'}}}}}}";

/* Reports a broken invariant and aborts, so that libFuzzer (or the replay
 * program) records the input. */
static void OSW_NO_RETURN OSW_PRINTF_FORMAT(1, 2)
fail(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    fprintf(stderr, "fuzz-ovsdb-transact: ");
    vfprintf(stderr, format, args);
    fprintf(stderr, "\n");
    va_end(args);
    abort();
}

/* With OSW_FUZZ_VERBOSE in the environment: log, and print results (for
 * writing seeds). */
static bool verbose;

static const struct ovsdb_schema *
get_schema(void)
{
    static struct ovsdb_schema *schema;

    if (!schema) {
        char *text = xstrdup(schema_text);
        for (char *p = text; *p; p++) {
            if (*p == '\'') {
                *p = '"';
            }
        }

        json_error_t json_error;
        json_t *json = json_loads(text, 0, &json_error);
        if (!json) {
            fail("built-in schema: %s", json_error.text);
        }
        ovsdb_error_assert(ovsdb_schema_from_json(json, &schema));
        json_decref(json);
        free(text);

        /* Peers' mistakes are expected here by the million. */
        verbose = getenv("OSW_FUZZ_VERBOSE") != NULL;
        if (!verbose) {
            vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
        }
    }
    return schema;
}

/* "assert": the client holds the locks whose names start with "held". */
static bool
is_lock_owner(const char *name, void *aux OSW_UNUSED)
{
    return !strncmp(name, "held", 4);
}

static const struct ovsdb_lock_checker locks = { is_lock_owner, NULL };

/* Database checks. */

/* Strong references counted to one row. */
struct strong_count {
    struct hmap_node hmap_node;     /* By hash_pointer(dst). */
    const struct ovsdb_row *dst;
    size_t n;
};

/* Weak references from one row to another. */
struct weak_count {
    struct hmap_node hmap_node;     /* By hash of 'dst' and 'src_uuid'. */
    const struct ovsdb_row *dst;
    const struct ovsdb_table *src_table;
    struct uuid src_uuid;
    unsigned int n;
    bool seen;
};

struct ref_counts {
    struct hmap strong;
    struct hmap weak;
};

static uint32_t
weak_hash(const struct ovsdb_row *dst, const struct uuid *src_uuid)
{
    return hash_pointer(dst, uuid_hash(src_uuid));
}

static struct weak_count *
find_weak(const struct ref_counts *rc, const struct ovsdb_row *dst,
          const struct ovsdb_table *src_table, const struct uuid *src_uuid)
{
    struct weak_count *w;

    HMAP_FOR_EACH_WITH_HASH (w, hmap_node, weak_hash(dst, src_uuid),
                             &rc->weak) {
        if (w->dst == dst && w->src_table == src_table
            && uuid_equals(&w->src_uuid, src_uuid)) {
            return w;
        }
    }
    return NULL;
}

static size_t
strong_refs_to(const struct ref_counts *rc, const struct ovsdb_row *dst)
{
    struct strong_count *s;

    HMAP_FOR_EACH_WITH_HASH (s, hmap_node, hash_pointer(dst, 0),
                             &rc->strong) {
        if (s->dst == dst) {
            return s->n;
        }
    }
    return 0;
}

/* Counts the reference from 'src' (a row of 'src_table') to 'dst'. */
static void
count_ref(struct ref_counts *rc, const struct ovsdb_table *src_table,
          const struct ovsdb_row *src, const struct ovsdb_row *dst,
          bool strong)
{
    if (dst == src) {
        return;                 /* A row's references to itself are free. */
    }
    if (strong) {
        struct strong_count *s;

        HMAP_FOR_EACH_WITH_HASH (s, hmap_node, hash_pointer(dst, 0),
                                 &rc->strong) {
            if (s->dst == dst) {
                s->n++;
                return;
            }
        }
        s = xmalloc(sizeof *s);
        s->dst = dst;
        s->n = 1;
        hmap_insert(&rc->strong, &s->hmap_node, hash_pointer(dst, 0));
    } else {
        const struct uuid *src_uuid = ovsdb_row_get_uuid(src);
        struct weak_count *w = find_weak(rc, dst, src_table, src_uuid);

        if (!w) {
            w = xzalloc(sizeof *w);
            w->dst = dst;
            w->src_table = src_table;
            w->src_uuid = *src_uuid;
            hmap_insert(&rc->weak, &w->hmap_node, weak_hash(dst, src_uuid));
        }
        w->n++;
    }
}

/* Checks and counts the references in 'atoms' ('n' atoms of 'base') held
 * by 'row', in column 'column' of 'table'. */
static void
check_refs(const struct ovsdb *db, struct ref_counts *rc,
           const struct ovsdb_table *table, const struct ovsdb_row *row,
           const struct ovsdb_column *column,
           const struct ovsdb_base_type *base,
           const union ovsdb_atom *atoms, unsigned int n)
{
    if (!ovsdb_base_type_is_ref(base)) {
        return;
    }

    const struct ovsdb_table *dst_table
        = ovsdb_get_table_by_schema(db, base->uuid.ref_table);
    if (!dst_table) {
        fail("%s.%s refers to a table not in the database",
             table->schema->name, column->name);
    }
    for (unsigned int i = 0; i < n; i++) {
        const struct ovsdb_row *dst = ovsdb_table_get_row(dst_table,
                                                          &atoms[i].uuid);
        if (!dst) {
            fail("%s row "UUID_FMT" column %s: %s reference to missing %s "
                 "row "UUID_FMT, table->schema->name,
                 UUID_ARGS(ovsdb_row_get_uuid(row)), column->name,
                 ovsdb_base_type_is_strong_ref(base) ? "strong" : "weak",
                 dst_table->schema->name, UUID_ARGS(&atoms[i].uuid));
        }
        count_ref(rc, table, row, dst, ovsdb_base_type_is_strong_ref(base));
    }
}

/* Checks one row on its own: bookkeeping, datums, and a round trip through
 * JSON. */
static void
check_row(const struct ovsdb_table *table, const struct ovsdb_row *row,
          const struct ovsdb_column_set *all)
{
    const struct ovsdb_table_schema *ts = table->schema;

    if (row->table != table || row->txn_row
        || row->hmap_node.hash != ovsdb_row_hash(row)
        || ovsdb_table_get_row(table, ovsdb_row_get_uuid(row)) != row) {
        fail("%s row "UUID_FMT": bad bookkeeping", ts->name,
             UUID_ARGS(ovsdb_row_get_uuid(row)));
    }
    for (size_t i = 0; i < ts->n_columns; i++) {
        if (!ovsdb_datum_conforms_to_type(&row->fields[i],
                                          &ts->columns[i]->type)) {
            fail("%s row "UUID_FMT": column %s breaks its type", ts->name,
                 UUID_ARGS(ovsdb_row_get_uuid(row)), ts->columns[i]->name);
        }
    }

    json_t *json = ovsdb_row_to_json(row, NULL);
    struct ovsdb_row *copy = ovsdb_row_create(table);
    struct ovsdb_error *error = ovsdb_row_from_json(copy, json, NULL, NULL);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        fail("%s row "UUID_FMT": its JSON does not parse: %s", ts->name,
             UUID_ARGS(ovsdb_row_get_uuid(row)), s);
    }
    if (!ovsdb_row_equal_columns(row, copy, all)) {
        fail("%s row "UUID_FMT": JSON round trip changed it", ts->name,
             UUID_ARGS(ovsdb_row_get_uuid(row)));
    }
    ovsdb_row_destroy(copy);
    json_decref(json);
}

/* Checks the unique indexes of 'table' and its committed index maps. */
static void
check_indexes(const struct ovsdb_table *table)
{
    const struct ovsdb_table_schema *ts = table->schema;

    for (size_t i = 0; i < ts->n_indexes; i++) {
        const struct ovsdb_column_set *index = &ts->indexes[i];
        struct ovsdb_row_hash distinct;
        const struct ovsdb_row *row;

        if (hmap_count(&table->indexes[i]) != hmap_count(&table->rows)) {
            fail("%s: index %zu has %zu rows, table %zu", ts->name, i,
                 hmap_count(&table->indexes[i]), hmap_count(&table->rows));
        }
        ovsdb_row_hash_init(&distinct, index);
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            const struct hmap_node *node = ovsdb_row_get_index_node(row, i);
            if (node->hash != ovsdb_row_hash_columns(row, index, 0)
                || ovsdb_row_from_index_node(node, table, i) != row) {
                fail("%s row "UUID_FMT": stale index %zu node", ts->name,
                     UUID_ARGS(ovsdb_row_get_uuid(row)), i);
            }
            if (!ovsdb_row_hash_insert(&distinct, row)) {
                fail("%s: index %zu is not unique", ts->name, i);
            }
        }
        ovsdb_row_hash_destroy(&distinct, false);
    }
}

/* Checks that the weak-reference sources recorded in 'row' are those that
 * 'rc' counted, and returns how many there are. */
static size_t
check_weak_srcs(const struct ref_counts *rc, const struct ovsdb_table *table,
                const struct ovsdb_row *row)
{
    const struct ovsdb_weak_src *ws;

    HMAP_FOR_EACH (ws, hmap_node, &row->weak_srcs) {
        struct weak_count *w = find_weak(rc, row, ws->src_table,
                                         &ws->src_uuid);
        if (!w || w->n != ws->n || w->seen) {
            fail("%s row "UUID_FMT": weak source "UUID_FMT" holds %u "
                 "references, counted %u", table->schema->name,
                 UUID_ARGS(ovsdb_row_get_uuid(row)),
                 UUID_ARGS(&ws->src_uuid), ws->n, w ? w->n : 0);
        }
        w->seen = true;
    }
    return hmap_count(&row->weak_srcs);
}

/* Checks that what 'rc' counted matches the rows' bookkeeping. */
static void
check_ref_counts(const struct ovsdb *db, const struct ref_counts *rc)
{
    size_t n_weak = 0;

    for (size_t t = 0; t < db->n_tables; t++) {
        const struct ovsdb_table *table = db->tables[t];
        const struct ovsdb_row *row;

        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            size_t n_refs = strong_refs_to(rc, row);
            if (row->n_refs != n_refs) {
                fail("%s row "UUID_FMT": n_refs %zu, but %zu strong "
                     "references", table->schema->name,
                     UUID_ARGS(ovsdb_row_get_uuid(row)), row->n_refs,
                     n_refs);
            }
            if (!n_refs && !table->schema->is_root) {
                fail("%s row "UUID_FMT": unreferenced non-root row",
                     table->schema->name,
                     UUID_ARGS(ovsdb_row_get_uuid(row)));
            }

            n_weak += check_weak_srcs(rc, table, row);
        }
    }
    if (n_weak != hmap_count(&rc->weak)) {
        fail("%zu weak sources recorded, %zu weak references held", n_weak,
             hmap_count(&rc->weak));
    }
}

/* Checks every invariant of 'db' that does not depend on history. */
static void
check_db(const struct ovsdb *db)
{
    struct ref_counts rc;

    if (db->txn) {
        fail("transaction left open");
    }
    hmap_init(&rc.strong);
    hmap_init(&rc.weak);
    for (size_t t = 0; t < db->n_tables; t++) {
        const struct ovsdb_table *table = db->tables[t];
        const struct ovsdb_table_schema *ts = table->schema;
        struct ovsdb_column_set all = OVSDB_COLUMN_SET_INITIALIZER;
        const struct ovsdb_row *row;

        if (ts != db->schema->tables[t] || table->txn_table) {
            fail("table %s: bad bookkeeping", ts->name);
        }
        if (hmap_count(&table->rows) > ts->max_rows) {
            fail("table %s: %zu rows, maxRows %u", ts->name,
                 hmap_count(&table->rows), ts->max_rows);
        }
        ovsdb_column_set_add_all(&all, ts);
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            check_row(table, row, &all);
            for (size_t i = 0; i < ts->n_columns; i++) {
                const struct ovsdb_column *column = ts->columns[i];
                const struct ovsdb_datum *d = &row->fields[i];

                check_refs(db, &rc, table, row, column, &column->type.key,
                           d->keys, d->n);
                check_refs(db, &rc, table, row, column, &column->type.value,
                           d->values, d->values ? d->n : 0);
            }
        }
        ovsdb_column_set_destroy(&all);
        check_indexes(table);
    }
    check_ref_counts(db, &rc);

    struct strong_count *s;
    HMAP_FOR_EACH_POP (s, hmap_node, &rc.strong) {
        free(s);
    }
    hmap_destroy(&rc.strong);
    struct weak_count *w;
    HMAP_FOR_EACH_POP (w, hmap_node, &rc.weak) {
        free(w);
    }
    hmap_destroy(&rc.weak);
}

/* Returns a hash of every row of 'db', every column included, that does
 * not depend on the order of rows in memory. */
static uint32_t
db_fingerprint(const struct ovsdb *db)
{
    uint32_t fingerprint = 0;

    for (size_t t = 0; t < db->n_tables; t++) {
        const struct ovsdb_table *table = db->tables[t];
        struct ovsdb_column_set all = OVSDB_COLUMN_SET_INITIALIZER;
        const struct ovsdb_row *row;

        ovsdb_column_set_add_all(&all, table->schema);
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            fingerprint += hash_int(ovsdb_row_hash_columns(row, &all, 0), t);
        }
        fingerprint = hash_int(fingerprint, hmap_count(&table->rows));
        ovsdb_column_set_destroy(&all);
    }
    return fingerprint;
}

/* Result checks. */

static bool
is_error_object(const json_t *json)
{
    return json_is_object(json) && json_is_string(json_object_get(json,
                                                                  "error"));
}

/* Checks the result of the successful operation 'op'. */
static void
check_op_result(const json_t *op, const json_t *result)
{
    const char *name = json_string_value(json_object_get(op, "op"));
    struct uuid uuid;

    if (!json_is_object(result)) {
        fail("operation result is not an object");
    }
    if (!name) {
        fail("operation without \"op\" succeeded");
    }
    if (!strcmp(name, "insert")) {
        const json_t *u = json_object_get(result, "uuid");
        if (json_object_size(result) != 1 || json_array_size(u) != 2
            || strcmp(json_string_value(json_array_get(u, 0)) ?: "", "uuid")
            || !uuid_from_string(&uuid,
                                 json_string_value(json_array_get(u, 1))
                                 ?: "")) {
            fail("bad \"insert\" result");
        }
    } else if (!strcmp(name, "select")) {
        if (json_object_size(result) != 1
            || !json_is_array(json_object_get(result, "rows"))) {
            fail("bad \"select\" result");
        }
    } else if (!strcmp(name, "update") || !strcmp(name, "mutate")
               || !strcmp(name, "delete")) {
        const json_t *count = json_object_get(result, "count");
        if (json_object_size(result) != 1 || !json_is_integer(count)
            || json_integer_value(count) < 0) {
            fail("bad \"%s\" result", name);
        }
    } else if (json_object_size(result)) {
        fail("\"%s\" result is not empty", name);
    }
}

/* Checks the shape of 'result', from executing 'ops'.  Returns true if the
 * transaction failed (an operation or the commit). */
static bool
check_result(const json_t *ops, const json_t *result)
{
    char *text = json_dumps(result, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!text) {
        fail("result does not serialize");
    }
    free(text);

    if (!json_is_array(ops)) {
        if (!is_error_object(result)) {
            fail("non-array request did not give an error");
        }
        return true;
    }
    if (!json_is_array(result)) {
        fail("result is not an array");
    }

    size_t n = json_array_size(ops);
    size_t m = json_array_size(result);
    if (m != n && m != n + 1) {
        fail("%zu operations, %zu results", n, m);
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *r = json_array_get(result, i);
        if (is_error_object(r)) {
            if (m != n) {
                fail("failed operation, yet a commit error");
            }
            for (size_t j = i + 1; j < n; j++) {
                if (!json_is_null(json_array_get(result, j))) {
                    fail("result after a failed operation");
                }
            }
            return true;
        }
        check_op_result(json_array_get(ops, i), r);
    }
    if (m == n + 1 && !is_error_object(json_array_get(result, n))) {
        fail("extra result is not an error");
    }
    return m == n + 1;
}

/* Running transactions. */

/* Runs 'ops' on 'db', checking everything described at the top. */
static void
run_txn(struct ovsdb *db, const json_t *ops)
{
    uint32_t fingerprint = db_fingerprint(db);
    uint64_t n_commits = db->n_commits;
    long long int timeout;
    json_t *result;

    /* Read-only mode: whatever happens, nothing changes. */
    if (ovsdb_execute(db, &locks, ops, true, 0, NULL, &result)
        != OVSDB_EXEC_DONE) {
        fail("read-only execution without retries asked for one");
    }
    check_result(ops, result);
    json_decref(result);
    if (db->n_commits != n_commits || db_fingerprint(db) != fingerprint) {
        fail("read-only execution changed the database");
    }
    check_db(db);

    /* For real, retrying as the server would. */
    enum ovsdb_exec_status status = ovsdb_execute(db, &locks, ops, false, 0,
                                                  &timeout, &result);
    if (status == OVSDB_EXEC_RETRY && timeout != LLONG_MAX) {
        if (result || timeout < 0) {
            fail("bad retry");
        }
        status = ovsdb_execute(db, &locks, ops, false, timeout, &timeout,
                               &result);
    }
    if (status == OVSDB_EXEC_RETRY) {
        if (result || db->n_commits != n_commits
            || db_fingerprint(db) != fingerprint) {
            fail("retry changed the database");
        }
        status = ovsdb_execute(db, &locks, ops, false, 0, NULL, &result);
        if (status != OVSDB_EXEC_DONE) {
            fail("execution without retries asked for one");
        }
    }

    bool failed = check_result(ops, result);
    if (verbose) {
        char *text = json_dumps(result, JSON_COMPACT | JSON_ENCODE_ANY);
        fprintf(stderr, "result: %s\n", text);
        free(text);
    }
    json_decref(result);
    if (failed && (db->n_commits != n_commits
                   || db_fingerprint(db) != fingerprint)) {
        fail("failed transaction changed the database");
    }
    if (db->n_commits > n_commits + 1) {
        fail("one transaction, %"PRIu64" commits",
             db->n_commits - n_commits);
    }
    check_db(db);
}

/* Runs the transaction that 'json' stands for (see the top). */
static void
run_value(struct ovsdb *db, const json_t *json)
{
    const json_t *params = json;

    if (json_is_object(json) && json_object_get(json, "params")) {
        params = json_object_get(json, "params");
    }
    if (json_is_array(params) && json_is_string(json_array_get(params, 0))) {
        json_t *ops = json_array();
        for (size_t i = 1; i < json_array_size(params); i++) {
            json_array_append(ops, json_array_get(params, i));
        }
        run_txn(db, ops);
        json_decref(ops);
    } else {
        run_txn(db, params);
    }
}

/* Runs the transactions in 'data' on a fresh database (see the top). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ovsdb *db = ovsdb_create(ovsdb_schema_clone(get_schema()));
    struct json_parser *parser = json_parser_create();
    const char *text = (const char *) data;
    int n_txns = 0;
    bool done = false;

    while (!done && n_txns < MAX_TXNS) {
        size_t used = json_parser_feed(parser, text, size);
        text += used;
        size -= used;
        if (!json_parser_is_done(parser)) {
            if (!json_parser_has_partial(parser)) {
                break;
            }
            done = true;        /* Take the partial value as the server's
                                 * reader does at end of stream. */
        }

        char *error;
        json_t *json = json_parser_finish(parser, &error);
        if (!json) {
            /* The server drops a connection that sends bad JSON. */
            free(error);
            break;
        }
        run_value(db, json);
        json_decref(json);
        n_txns++;
    }

    json_parser_destroy(parser);
    ovsdb_destroy(db);
    return 0;
}
