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
 * The last two are ovsdb-fuzz-check.h's checks, shared with
 * fuzz-ovsdb-file.
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
#include "ovsdb-fuzz-check.h"
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

/* With OSW_FUZZ_VERBOSE in the environment: log, and print results (for
 * writing seeds). */
static bool verbose;

static const struct ovsdb_schema *
get_schema(void)
{
    static struct ovsdb_schema *schema;

    if (!schema) {
        ovsdb_fuzz_init("fuzz-ovsdb-transact", NULL);

        char *text = xstrdup(schema_text);
        for (char *p = text; *p; p++) {
            if (*p == '\'') {
                *p = '"';
            }
        }

        json_error_t json_error;
        json_t *json = json_loads(text, 0, &json_error);
        if (!json) {
            ovsdb_fuzz_fail("built-in schema: %s", json_error.text);
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
        ovsdb_fuzz_fail("operation result is not an object");
    }
    if (!name) {
        ovsdb_fuzz_fail("operation without \"op\" succeeded");
    }
    if (!strcmp(name, "insert")) {
        const json_t *u = json_object_get(result, "uuid");
        if (json_object_size(result) != 1 || json_array_size(u) != 2
            || strcmp(json_string_value(json_array_get(u, 0)) ?: "", "uuid")
            || !uuid_from_string(&uuid,
                                 json_string_value(json_array_get(u, 1))
                                 ?: "")) {
            ovsdb_fuzz_fail("bad \"insert\" result");
        }
    } else if (!strcmp(name, "select")) {
        if (json_object_size(result) != 1
            || !json_is_array(json_object_get(result, "rows"))) {
            ovsdb_fuzz_fail("bad \"select\" result");
        }
    } else if (!strcmp(name, "update") || !strcmp(name, "mutate")
               || !strcmp(name, "delete")) {
        const json_t *count = json_object_get(result, "count");
        if (json_object_size(result) != 1 || !json_is_integer(count)
            || json_integer_value(count) < 0) {
            ovsdb_fuzz_fail("bad \"%s\" result", name);
        }
    } else if (json_object_size(result)) {
        ovsdb_fuzz_fail("\"%s\" result is not empty", name);
    }
}

/* Checks the shape of 'result', from executing 'ops'.  Returns true if the
 * transaction failed (an operation or the commit). */
static bool
check_result(const json_t *ops, const json_t *result)
{
    char *text = json_dumps(result, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!text) {
        ovsdb_fuzz_fail("result does not serialize");
    }
    free(text);

    if (!json_is_array(ops)) {
        if (!is_error_object(result)) {
            ovsdb_fuzz_fail("non-array request did not give an error");
        }
        return true;
    }
    if (!json_is_array(result)) {
        ovsdb_fuzz_fail("result is not an array");
    }

    size_t n = json_array_size(ops);
    size_t m = json_array_size(result);
    if (m != n && m != n + 1) {
        ovsdb_fuzz_fail("%zu operations, %zu results", n, m);
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *r = json_array_get(result, i);
        if (is_error_object(r)) {
            if (m != n) {
                ovsdb_fuzz_fail("failed operation, yet a commit error");
            }
            for (size_t j = i + 1; j < n; j++) {
                if (!json_is_null(json_array_get(result, j))) {
                    ovsdb_fuzz_fail("result after a failed operation");
                }
            }
            return true;
        }
        check_op_result(json_array_get(ops, i), r);
    }
    if (m == n + 1 && !is_error_object(json_array_get(result, n))) {
        ovsdb_fuzz_fail("extra result is not an error");
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
        ovsdb_fuzz_fail("read-only execution without retries asked for one");
    }
    check_result(ops, result);
    json_decref(result);
    if (db->n_commits != n_commits || db_fingerprint(db) != fingerprint) {
        ovsdb_fuzz_fail("read-only execution changed the database");
    }
    ovsdb_fuzz_check_db(db, OVSDB_FUZZ_STRICT_DEFAULTS);

    /* For real, retrying as the server would. */
    enum ovsdb_exec_status status = ovsdb_execute(db, &locks, ops, false, 0,
                                                  &timeout, &result);
    if (status == OVSDB_EXEC_RETRY && timeout != LLONG_MAX) {
        if (result || timeout < 0) {
            ovsdb_fuzz_fail("bad retry");
        }
        status = ovsdb_execute(db, &locks, ops, false, timeout, &timeout,
                               &result);
    }
    if (status == OVSDB_EXEC_RETRY) {
        if (result || db->n_commits != n_commits
            || db_fingerprint(db) != fingerprint) {
            ovsdb_fuzz_fail("retry changed the database");
        }
        status = ovsdb_execute(db, &locks, ops, false, 0, NULL, &result);
        if (status != OVSDB_EXEC_DONE) {
            ovsdb_fuzz_fail("execution without retries asked for one");
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
        ovsdb_fuzz_fail("failed transaction changed the database");
    }
    if (db->n_commits > n_commits + 1) {
        ovsdb_fuzz_fail("one transaction, %"PRIu64" commits",
                        db->n_commits - n_commits);
    }
    ovsdb_fuzz_check_db(db, OVSDB_FUZZ_STRICT_DEFAULTS);
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
