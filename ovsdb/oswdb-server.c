/* oswdb-server: the configuration database server.
 *
 * Serves one or more standalone database files (file.h) over the OVSDB
 * protocol (jsonrpc-server.h), plus the built-in "_Server" database that
 * describes them, so that Open vSwitch's clients (ovs-vsctl,
 * ovsdb-client, python-ovs and ovsdbapp, OpenDaylight) work unchanged.
 * Remotes come from the command line and, for "db:DB,TABLE,COLUMN", from
 * the database itself (re-read after every commit, so "ovs-vsctl
 * set-manager" takes effect at once); their status is written back to the
 * rows that configured them every few seconds, as ovsdb-server does. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "file.h"
#include "jsonrpc-server.h"
#include "osw/daemon.h"
#include "osw/dirs.h"
#include "osw/dynamic-string.h"
#include "osw/fatal-signal.h"
#include "osw/poll-loop.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/unixctl.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "row.h"
#include "server.h"
#include "table.h"
#include "transaction.h"
#include "txn-history.h"

VLOG_DEFINE_THIS_MODULE(oswdb_server);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* How often the status of remotes configured from the database is written
 * back to it, as ovsdb-server does. */
#define STATUS_INTERVAL_MSEC 2500

/* The schema of "_Server", as Open vSwitch 3.1 defines it. */
static const char server_schema_json[] =
    "{\"name\": \"_Server\", \"version\": \"1.2.0\", "
    "\"cksum\": \"3009684573 744\", "
    "\"tables\": {\"Database\": {\"isRoot\": true, \"columns\": {"
    "\"name\": {\"type\": \"string\"}, "
    "\"model\": {\"type\": {\"key\": {\"type\": \"string\", "
    "\"enum\": [\"set\", [\"standalone\", \"clustered\", \"relay\"]]}}}, "
    "\"connected\": {\"type\": \"boolean\"}, "
    "\"leader\": {\"type\": \"boolean\"}, "
    "\"schema\": {\"type\": {\"key\": {\"type\": \"string\"}, "
    "\"min\": 0, \"max\": 1}}, "
    "\"cid\": {\"type\": {\"key\": {\"type\": \"uuid\"}, "
    "\"min\": 0, \"max\": 1}}, "
    "\"sid\": {\"type\": {\"key\": {\"type\": \"uuid\"}, "
    "\"min\": 0, \"max\": 1}}, "
    "\"index\": {\"type\": {\"key\": {\"type\": \"integer\"}, "
    "\"min\": 0, \"max\": 1}}}}}}";

/* A growable array of strings. */
struct strings {
    char **s;
    size_t n, allocated;
};

static void
strings_add(struct strings *v, const char *s)
{
    if (v->n >= v->allocated) {
        v->s = x2nrealloc(v->s, &v->allocated, sizeof *v->s);
    }
    v->s[v->n++] = xstrdup(s);
}

static bool
strings_contains(const struct strings *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++) {
        if (!strcmp(v->s[i], s)) {
            return true;
        }
    }
    return false;
}

static bool
strings_remove(struct strings *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++) {
        if (!strcmp(v->s[i], s)) {
            free(v->s[i]);
            v->s[i] = v->s[--v->n];
            return true;
        }
    }
    return false;
}

static void
strings_destroy(struct strings *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->s[i]);
    }
    free(v->s);
    memset(v, 0, sizeof *v);
}

/* One SSL setting: a file name, or a "db:" spec to look it up. */
struct ssl_setting {
    char *spec;                 /* As given, or NULL. */
    char *applied;              /* What stream-ssl was last given. */
};

struct server_state {
    struct ovsdb_server up;
    struct ovsdb_jsonrpc_server *jsonrpc;
    struct ovsdb_server_db *server_sdb;     /* "_Server". */

    struct strings remotes;     /* --remote and add-remote, as given. */
    bool remotes_changed;
    uint64_t config_seqno;      /* Sum of commits when last configured. */

    struct ssl_setting private_key, certificate, ca_cert;
    bool bootstrap_ca_cert;

    unsigned int file_flags;    /* OVSDB_FILE_SYNC with --sync. */
    bool column_diff;
    uint64_t published_seqno;   /* 'up.seqno' last written to _Server. */
    long long int status_timer;
    bool exiting;
};

static char *unixctl_path;
static size_t backlog_limit = OVSDB_JSONRPC_DEFAULT_BACKLOG_LIMIT;

/* Databases. */

static struct ovsdb_error *
open_db(struct server_state *st, const char *file_name)
{
    struct ovsdb_file *file;
    struct ovsdb_error *error = ovsdb_file_open(file_name, st->file_flags,
                                                &file);
    if (error) {
        return error;
    }
    if (!st->column_diff) {
        ovsdb_file_set_column_diff(file, false);
    }

    struct ovsdb *db = ovsdb_file_get_db(file);
    struct ovsdb_server_db *sdb = ovsdb_server_add_db(&st->up, db);
    if (!sdb) {
        error = ovsdb_error(NULL, "%s: duplicate database name %s",
                            file_name, db->schema->name);
        ovsdb_destroy(db);
        return error;
    }
    sdb->file = file;
    sdb->history = ovsdb_txn_history_create_lazy(
        db, OVSDB_TXN_HISTORY_DEFAULT_MAX);
    return NULL;
}

static void
close_db(struct server_state *st, struct ovsdb_server_db *sdb)
{
    struct ovsdb *db = sdb->db;

    ovsdb_jsonrpc_server_db_prechange(st->jsonrpc, sdb);
    ovsdb_txn_history_destroy(sdb->history);
    ovsdb_server_remove_db(&st->up, sdb);
    ovsdb_destroy(db);
}

static void
add_server_db(struct server_state *st)
{
    json_t *json = json_loads(server_schema_json, 0, NULL);
    struct ovsdb_schema *schema;

    osw_assert(json);
    ovsdb_error_assert(ovsdb_schema_from_json(json, &schema));
    json_decref(json);
    st->server_sdb = ovsdb_server_add_db(&st->up, ovsdb_create(schema));
    osw_assert(st->server_sdb);
}

static void
set_string_column(struct ovsdb_row *row, const char *name, const char *value)
{
    const struct ovsdb_column *column
        = ovsdb_table_schema_find_column(row->table->schema, name);
    ovsdb_datum_destroy(&row->fields[column->index], &column->type);
    ovsdb_datum_init_string(&row->fields[column->index], value);
}

static void
set_bool_column(struct ovsdb_row *row, const char *name, bool value)
{
    const struct ovsdb_column *column
        = ovsdb_table_schema_find_column(row->table->schema, name);
    ovsdb_datum_destroy(&row->fields[column->index], &column->type);
    ovsdb_datum_init_boolean(&row->fields[column->index], value);
}

static const char *
get_string_column(const struct ovsdb_row *row, const char *name)
{
    const struct ovsdb_column *column
        = ovsdb_table_schema_find_column(row->table->schema, name);
    const struct ovsdb_datum *d = &row->fields[column->index];
    return d->n ? d->keys[0].string : "";
}

static const struct ovsdb_row *
find_database_row(const struct ovsdb_table *table, const char *name)
{
    const struct ovsdb_row *row;

    HMAP_FOR_EACH (row, hmap_node, &table->rows) {
        if (!strcmp(get_string_column(row, "name"), name)) {
            return row;
        }
    }
    return NULL;
}

/* Makes the "Database" table of "_Server" describe the databases served:
 * one row per database, rows of databases gone deleted. */
static void
update_server_status(struct server_state *st)
{
    if (st->published_seqno == st->up.seqno) {
        return;
    }
    st->published_seqno = st->up.seqno;

    struct ovsdb *sdb_db = st->server_sdb->db;
    struct ovsdb_table *table = ovsdb_get_table(sdb_db, "Database");
    struct ovsdb_txn *txn = ovsdb_txn_create(sdb_db);
    struct ovsdb_server_db *sdb;
    const struct ovsdb_row *row;

    HMAP_FOR_EACH_SAFE (row, hmap_node, &table->rows) {
        if (!ovsdb_server_find_db(&st->up, get_string_column(row, "name"))) {
            ovsdb_txn_row_delete(txn, row);
        }
    }
    HMAP_FOR_EACH (sdb, hmap_node, &st->up.dbs) {
        json_t *schema_json = ovsdb_schema_to_json(sdb->db->schema);
        char *schema = json_dumps(schema_json, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(schema_json);

        const struct ovsdb_row *old = find_database_row(table, sdb->name);
        struct ovsdb_row *new;
        if (!old) {
            new = ovsdb_row_create(table);
            uuid_generate(ovsdb_row_get_uuid_rw(new));
            set_string_column(new, "name", sdb->name);
            set_string_column(new, "model", "standalone");
            set_bool_column(new, "connected", true);
            set_bool_column(new, "leader", true);
            set_string_column(new, "schema", schema);
            ovsdb_txn_row_insert(txn, new);
        } else if (strcmp(get_string_column(old, "schema"), schema)) {
            new = ovsdb_txn_row_modify(txn, old);
            set_string_column(new, "schema", schema);
        }
        free(schema);
    }

    struct ovsdb_error *error = ovsdb_txn_commit(txn);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        VLOG_ERR("could not update _Server database: %s", s);
        free(s);
    }
}

/* "db:DB,TABLE,COLUMN" specs. */

/* Parses 'spec' and finds the column it names.  Returns NULL and stores
 * the database, table and column, or returns an error message (caller
 * frees). */
static char *
parse_db_column(const struct server_state *st, const char *spec,
                struct ovsdb_server_db **sdbp,
                const struct ovsdb_table **tablep,
                const struct ovsdb_column **columnp)
{
    char *copy = xstrdup(spec + 3);
    char *save = NULL;
    char *db_name = strtok_r(copy, ",", &save);
    char *table_name = strtok_r(NULL, ",", &save);
    char *column_name = strtok_r(NULL, ",", &save);
    char *error = NULL;

    if (!db_name || !table_name || !column_name
        || strtok_r(NULL, ",", &save)) {
        error = xasprintf("\"%s\": invalid syntax", spec);
        goto out;
    }

    struct ovsdb_server_db *sdb = ovsdb_server_find_db(&st->up, db_name);
    if (!sdb) {
        error = xasprintf("\"%s\": no database named %s", spec, db_name);
        goto out;
    }
    const struct ovsdb_table *table = ovsdb_get_table(sdb->db, table_name);
    if (!table) {
        error = xasprintf("\"%s\": no table named %s", spec, table_name);
        goto out;
    }
    const struct ovsdb_column *column = ovsdb_table_schema_find_column(
        table->schema, column_name);
    if (!column) {
        error = xasprintf("\"%s\": table \"%s\" has no column \"%s\"",
                          spec, table_name, column_name);
        goto out;
    }
    *sdbp = sdb;
    *tablep = table;
    *columnp = column;

out:
    free(copy);
    return error;
}

/* Returns the first nonempty string in 'spec''s column, or NULL. */
static const char *
query_db_string(const struct server_state *st, const char *spec,
                struct ds *errors)
{
    const struct ovsdb_column *column;
    const struct ovsdb_table *table;
    struct ovsdb_server_db *sdb;
    char *error = parse_db_column(st, spec, &sdb, &table, &column);

    if (!error && (column->type.key.type != OVSDB_TYPE_STRING
                   || column->type.value.type != OVSDB_TYPE_VOID)) {
        error = xasprintf("\"%s\": type mismatch", spec);
    }
    if (error) {
        ds_put_format(errors, "%s\n", error);
        free(error);
        return NULL;
    }

    const struct ovsdb_row *row;
    HMAP_FOR_EACH (row, hmap_node, &table->rows) {
        const struct ovsdb_datum *d = &row->fields[column->index];
        for (size_t i = 0; i < d->n; i++) {
            if (d->keys[i].string[0]) {
                return d->keys[i].string;
            }
        }
    }
    return NULL;
}

/* Remotes. */

struct remote_list {
    struct ovsdb_jsonrpc_remote_config *configs;
    size_t n, allocated;
};

static struct ovsdb_jsonrpc_options *
add_remote(struct remote_list *list, const char *target)
{
    for (size_t i = 0; i < list->n; i++) {
        if (!strcmp(list->configs[i].target, target)) {
            return &list->configs[i].options;
        }
    }
    if (list->n >= list->allocated) {
        list->configs = x2nrealloc(list->configs, &list->allocated,
                                   sizeof *list->configs);
    }

    struct ovsdb_jsonrpc_remote_config *c = &list->configs[list->n++];
    c->target = target;
    ovsdb_jsonrpc_options_init(&c->options, target);
    return &c->options;
}

static const struct ovsdb_datum *
get_datum(const struct ovsdb_row *row, const char *column_name,
          enum ovsdb_atomic_type key_type, enum ovsdb_atomic_type value_type,
          unsigned int n_max)
{
    const struct ovsdb_column *column = ovsdb_table_schema_find_column(
        row->table->schema, column_name);

    if (!column || column->type.key.type != key_type
        || column->type.value.type != value_type
        || column->type.n_max < n_max) {
        return NULL;
    }
    return &row->fields[column->index];
}

static bool
read_integer_column(const struct ovsdb_row *row, const char *name,
                    long long int *value)
{
    const struct ovsdb_datum *d = get_datum(row, name, OVSDB_TYPE_INTEGER,
                                            OVSDB_TYPE_VOID, 1);
    if (d && d->n) {
        *value = d->keys[0].integer;
        return true;
    }
    return false;
}

/* Adds the remote that Manager-like 'row' configures: its "target", with
 * "max_backoff", "inactivity_probe", "read_only" and other_config:dscp. */
static void
add_manager_options(struct remote_list *list, const struct ovsdb_row *row)
{
    const struct ovsdb_datum *target = get_datum(row, "target",
                                                 OVSDB_TYPE_STRING,
                                                 OVSDB_TYPE_VOID, 1);
    if (!target || target->n != 1) {
        return;
    }

    struct ovsdb_jsonrpc_options *options
        = add_remote(list, target->keys[0].string);
    long long int value;
    if (read_integer_column(row, "max_backoff", &value)) {
        options->max_backoff = MIN(MAX(value, 1000), INT_MAX);
    }
    if (read_integer_column(row, "inactivity_probe", &value)) {
        options->probe_interval = MIN(MAX(value, 0), INT_MAX);
    }

    const struct ovsdb_datum *d = get_datum(row, "read_only",
                                            OVSDB_TYPE_BOOLEAN,
                                            OVSDB_TYPE_VOID, 1);
    if (d && d->n) {
        options->read_only = d->keys[0].boolean;
    }

    d = get_datum(row, "other_config", OVSDB_TYPE_STRING, OVSDB_TYPE_STRING,
                  UINT_MAX);
    if (d) {
        union ovsdb_atom key = { .string = CONST_CAST(char *, "dscp") };
        unsigned int idx;
        int dscp;
        if (ovsdb_datum_find_key(d, &key, OVSDB_TYPE_STRING, &idx)
            && str_to_int(d->values[idx].string, 10, &dscp)
            && dscp >= 0 && dscp <= 63) {
            options->dscp = dscp;
        }
    }
}

/* Adds the remotes named by "db:" 'spec'. */
static void
query_db_remotes(const struct server_state *st, const char *spec,
                 struct remote_list *list, struct ds *errors)
{
    const struct ovsdb_column *column;
    const struct ovsdb_table *table;
    struct ovsdb_server_db *sdb;
    char *error = parse_db_column(st, spec, &sdb, &table, &column);
    const struct ovsdb_row *row;

    if (!error && column->type.value.type != OVSDB_TYPE_VOID) {
        error = xasprintf("\"%s\": type mismatch", spec);
    } else if (!error && column->type.key.type == OVSDB_TYPE_UUID
               && !column->type.key.uuid.ref_table) {
        error = xasprintf("\"%s\": not a reference column", spec);
    } else if (!error && column->type.key.type != OVSDB_TYPE_UUID
               && column->type.key.type != OVSDB_TYPE_STRING) {
        error = xasprintf("\"%s\": type mismatch", spec);
    }
    if (error) {
        ds_put_format(errors, "%s\n", error);
        free(error);
        return;
    }

    const struct ovsdb_table *ref_table = NULL;
    if (column->type.key.type == OVSDB_TYPE_UUID) {
        ref_table = ovsdb_get_table_by_schema(sdb->db,
                                              column->type.key.uuid.ref_table);
    }

    HMAP_FOR_EACH (row, hmap_node, &table->rows) {
        const struct ovsdb_datum *d = &row->fields[column->index];
        for (size_t i = 0; i < d->n; i++) {
            if (!ref_table) {
                add_remote(list, d->keys[i].string);
            } else {
                const struct ovsdb_row *ref = ovsdb_table_get_row(
                    ref_table, &d->keys[i].uuid);
                if (ref) {
                    add_manager_options(list, ref);
                }
            }
        }
    }
}

static uint64_t
config_seqno(const struct server_state *st)
{
    const struct ovsdb_server_db *sdb;
    uint64_t seqno = st->up.seqno * 1000003;

    HMAP_FOR_EACH (sdb, hmap_node, &st->up.dbs) {
        seqno += sdb->db->n_commits;
    }
    return seqno;
}

static void
apply_ssl_setting(const struct server_state *st, struct ssl_setting *setting,
                  void (*set)(const char *), struct ds *errors)
{
    const char *value = setting->spec;

    if (value && !strncmp(value, "db:", 3)) {
        value = query_db_string(st, value, errors);
    }
    if (value && (!setting->applied || strcmp(setting->applied, value))) {
        free(setting->applied);
        setting->applied = xstrdup(value);
        set(value);
    }
}

static void
set_ca_cert(const char *file_name)
{
    stream_ssl_set_ca_cert_file(file_name, false);
}

static void
set_bootstrap_ca_cert(const char *file_name)
{
    stream_ssl_set_ca_cert_file(file_name, true);
}

/* Computes the remotes and SSL settings anew, if a commit or a command may
 * have changed them. */
static void
reconfigure(struct server_state *st, bool force)
{
    uint64_t seqno = config_seqno(st);

    if (!force && !st->remotes_changed && seqno == st->config_seqno) {
        return;
    }
    st->config_seqno = seqno;
    st->remotes_changed = false;

    struct ds errors = DS_EMPTY_INITIALIZER;
    apply_ssl_setting(st, &st->private_key, stream_ssl_set_private_key_file,
                      &errors);
    apply_ssl_setting(st, &st->certificate, stream_ssl_set_certificate_file,
                      &errors);
    apply_ssl_setting(st, &st->ca_cert,
                      st->bootstrap_ca_cert ? set_bootstrap_ca_cert
                      : set_ca_cert, &errors);

    struct remote_list list = { NULL, 0, 0 };
    for (size_t i = 0; i < st->remotes.n; i++) {
        const char *spec = st->remotes.s[i];
        if (!strncmp(spec, "db:", 3)) {
            query_db_remotes(st, spec, &list, &errors);
        } else {
            add_remote(&list, spec);
        }
    }
    ovsdb_jsonrpc_server_set_remotes(st->jsonrpc, list.configs, list.n);
    free(list.configs);

    if (errors.length) {
        ds_chomp(&errors, '\n');
        VLOG_WARN_RL(&rl, "%s", ds_cstr(&errors));
    }
    ds_destroy(&errors);
}

/* Remote status, written back to the database. */

static void
put_status(struct ovsdb_datum *status, const char *key, const char *value)
{
    static const struct ovsdb_type type = {
        OVSDB_BASE_STRING_INIT, OVSDB_BASE_STRING_INIT, 0, UINT_MAX
    };
    union ovsdb_atom k = { .string = CONST_CAST(char *, key) };
    union ovsdb_atom v = { .string = CONST_CAST(char *, value) };

    ovsdb_datum_add(status, &k, &v, &type);
}

static void
put_status_int(struct ovsdb_datum *status, const char *key, long long int n)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", n);
    put_status(status, key, buf);
}

static void
build_status(const struct ovsdb_jsonrpc_remote_status *rs,
             struct ovsdb_datum *status)
{
    ovsdb_datum_init_empty(status);
    if (rs->last_error) {
        put_status(status, "last_error", osw_retval_to_string(rs->last_error));
    }
    if (rs->state) {
        put_status(status, "state", rs->state);
    }
    if (rs->sec_since_connect >= 0) {
        put_status_int(status, "sec_since_connect", rs->sec_since_connect);
    }
    if (rs->sec_since_disconnect >= 0) {
        put_status_int(status, "sec_since_disconnect",
                       rs->sec_since_disconnect);
    }
    if (rs->locks_held && rs->locks_held[0]) {
        put_status(status, "locks_held", rs->locks_held);
    }
    if (rs->locks_waiting && rs->locks_waiting[0]) {
        put_status(status, "locks_waiting", rs->locks_waiting);
    }
    if (rs->locks_lost && rs->locks_lost[0]) {
        put_status(status, "locks_lost", rs->locks_lost);
    }
    if (rs->n_connections > 1) {
        put_status_int(status, "n_connections", rs->n_connections);
    }
    if (rs->bound_port) {
        put_status_int(status, "bound_port", rs->bound_port);
    }
}

static void
update_remote_row(const struct server_state *st, struct ovsdb_txn *txn,
                  const struct ovsdb_row *row)
{
    const struct ovsdb_datum *target = get_datum(row, "target",
                                                 OVSDB_TYPE_STRING,
                                                 OVSDB_TYPE_VOID, 1);
    struct ovsdb_jsonrpc_remote_status rs;

    if (!target || target->n != 1
        || !ovsdb_jsonrpc_server_get_remote_status(st->jsonrpc,
                                                   target->keys[0].string,
                                                   &rs)) {
        return;
    }
    if (rs.bound_port) {
        /* ovsdb-server reports these for listeners. */
        rs.sec_since_connect = rs.sec_since_disconnect = 0;
    }

    const struct ovsdb_column *is_connected = ovsdb_table_schema_find_column(
        row->table->schema, "is_connected");
    const struct ovsdb_column *status = ovsdb_table_schema_find_column(
        row->table->schema, "status");
    struct ovsdb_row *rw = ovsdb_txn_row_modify(txn, row);

    if (is_connected && is_connected->type.key.type == OVSDB_TYPE_BOOLEAN
        && is_connected->type.value.type == OVSDB_TYPE_VOID
        && is_connected->type.n_min == 1) {
        ovsdb_datum_destroy(&rw->fields[is_connected->index],
                            &is_connected->type);
        ovsdb_datum_init_boolean(&rw->fields[is_connected->index],
                                 rs.is_connected);
    }
    if (status && status->type.key.type == OVSDB_TYPE_STRING
        && status->type.value.type == OVSDB_TYPE_STRING
        && status->type.n_max == UINT_MAX) {
        ovsdb_datum_destroy(&rw->fields[status->index], &status->type);
        build_status(&rs, &rw->fields[status->index]);
    }
    ovsdb_jsonrpc_remote_status_destroy(&rs);
}

/* Writes the status of the remotes that "db:" specs configured into the
 * rows that configured them. */
static void
update_remote_status(struct server_state *st)
{
    for (size_t i = 0; i < st->remotes.n; i++) {
        const char *spec = st->remotes.s[i];
        const struct ovsdb_column *column;
        const struct ovsdb_table *table;
        struct ovsdb_server_db *sdb;

        if (strncmp(spec, "db:", 3)) {
            continue;
        }
        char *error = parse_db_column(st, spec, &sdb, &table, &column);
        if (error) {
            free(error);
            continue;
        }
        if (column->type.key.type != OVSDB_TYPE_UUID
            || !column->type.key.uuid.ref_table || sdb->db->txn) {
            continue;
        }

        const struct ovsdb_table *ref_table = ovsdb_get_table_by_schema(
            sdb->db, column->type.key.uuid.ref_table);
        struct ovsdb_txn *txn = ovsdb_txn_create(sdb->db);
        const struct ovsdb_row *row;
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            const struct ovsdb_datum *d = &row->fields[column->index];
            for (size_t j = 0; j < d->n; j++) {
                const struct ovsdb_row *ref = ovsdb_table_get_row(
                    ref_table, &d->keys[j].uuid);
                if (ref && !ref->txn_row) {
                    update_remote_row(st, txn, ref);
                }
            }
        }

        struct ovsdb_error *txn_error = ovsdb_txn_commit(txn);
        if (txn_error) {
            char *s = ovsdb_error_to_string_free(txn_error);
            VLOG_WARN_RL(&rl, "%s: could not update remote status: %s",
                         spec, s);
            free(s);
        }
    }
}

/* unixctl commands. */

static void
cmd_exit(struct unixctl_conn *conn, int argc OSW_UNUSED,
         const char *argv[] OSW_UNUSED, void *st_)
{
    struct server_state *st = st_;
    st->exiting = true;
    unixctl_command_reply(conn, NULL);
}

static void
cmd_compact(struct unixctl_conn *conn, int argc, const char *argv[],
            void *st_)
{
    struct server_state *st = st_;
    struct ds reply = DS_EMPTY_INITIALIZER;
    struct ovsdb_server_db *sdb;
    int n = 0;

    HMAP_FOR_EACH (sdb, hmap_node, &st->up.dbs) {
        bool wanted = argc < 2;
        for (int i = 1; i < argc; i++) {
            wanted = wanted || !strcmp(argv[i], sdb->name);
        }
        if (!wanted || !sdb->file) {
            continue;
        }
        n++;

        VLOG_INFO("compacting %s database by user request", sdb->name);
        struct ovsdb_error *error = ovsdb_file_compact(sdb->file, NULL);
        if (error) {
            char *s = ovsdb_error_to_string_free(error);
            ds_put_format(&reply, "%s\n", s);
            free(s);
        }
    }

    if (!n && argc >= 2) {
        unixctl_command_reply_error(conn, "no database by that name");
    } else if (reply.length) {
        unixctl_command_reply_error(conn, ds_cstr(&reply));
    } else {
        unixctl_command_reply(conn, NULL);
    }
    ds_destroy(&reply);
}

static void
cmd_list_dbs(struct unixctl_conn *conn, int argc OSW_UNUSED,
             const char *argv[] OSW_UNUSED, void *st_)
{
    struct server_state *st = st_;
    struct ds reply = DS_EMPTY_INITIALIZER;
    size_t n;
    struct ovsdb_server_db **dbs = ovsdb_server_sorted_dbs(&st->up, &n);

    for (size_t i = 0; i < n; i++) {
        ds_put_format(&reply, "%s\n", dbs[i]->name);
    }
    free(dbs);
    unixctl_command_reply(conn, ds_cstr(&reply));
    ds_destroy(&reply);
}

static void
cmd_add_remote(struct unixctl_conn *conn, int argc OSW_UNUSED,
               const char *argv[], void *st_)
{
    struct server_state *st = st_;
    const char *remote = argv[1];

    if (strncmp(remote, "db:", 3) && pstream_verify_name(remote)
        && stream_verify_name(remote)) {
        char *error = xasprintf("%s: invalid remote", remote);
        unixctl_command_reply_error(conn, error);
        free(error);
        return;
    }
    if (!strings_contains(&st->remotes, remote)) {
        strings_add(&st->remotes, remote);
        st->remotes_changed = true;
    }
    unixctl_command_reply(conn, NULL);
}

static void
cmd_remove_remote(struct unixctl_conn *conn, int argc OSW_UNUSED,
                  const char *argv[], void *st_)
{
    struct server_state *st = st_;

    if (strings_remove(&st->remotes, argv[1])) {
        st->remotes_changed = true;
        unixctl_command_reply(conn, NULL);
    } else {
        unixctl_command_reply_error(conn, "no such remote");
    }
}

static int
compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static void
cmd_list_remotes(struct unixctl_conn *conn, int argc OSW_UNUSED,
                 const char *argv[] OSW_UNUSED, void *st_)
{
    struct server_state *st = st_;
    struct ds reply = DS_EMPTY_INITIALIZER;
    char **sorted = xmemdup(st->remotes.s,
                            (st->remotes.n ? st->remotes.n : 1)
                            * sizeof *sorted);

    qsort(sorted, st->remotes.n, sizeof *sorted, compare_strings);
    for (size_t i = 0; i < st->remotes.n; i++) {
        ds_put_format(&reply, "%s\n", sorted[i]);
    }
    free(sorted);
    unixctl_command_reply(conn, ds_cstr(&reply));
    ds_destroy(&reply);
}

static void
cmd_add_db(struct unixctl_conn *conn, int argc OSW_UNUSED,
           const char *argv[], void *st_)
{
    struct server_state *st = st_;
    struct ovsdb_error *error = open_db(st, argv[1]);

    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        unixctl_command_reply_error(conn, s);
        free(s);
        return;
    }
    /* A client that failed to find the database may try again. */
    ovsdb_jsonrpc_server_reconnect(st->jsonrpc, false, NULL);
    st->remotes_changed = true;
    unixctl_command_reply(conn, NULL);
}

static void
cmd_remove_db(struct unixctl_conn *conn, int argc OSW_UNUSED,
              const char *argv[], void *st_)
{
    struct server_state *st = st_;
    struct ovsdb_server_db *sdb = ovsdb_server_find_db(&st->up, argv[1]);

    if (!sdb) {
        unixctl_command_reply_error(conn, "Failed to find the database.");
        return;
    }
    if (sdb == st->server_sdb) {
        unixctl_command_reply_error(conn, "cannot remove _Server database");
        return;
    }

    char *comment = xasprintf("removing %s database by user request",
                              sdb->name);
    VLOG_INFO("%s", comment);
    close_db(st, sdb);
    ovsdb_jsonrpc_server_reconnect(st->jsonrpc, false, comment);
    free(comment);
    st->remotes_changed = true;
    unixctl_command_reply(conn, NULL);
}

static void
cmd_reconnect(struct unixctl_conn *conn, int argc OSW_UNUSED,
              const char *argv[] OSW_UNUSED, void *st_)
{
    struct server_state *st = st_;
    ovsdb_jsonrpc_server_reconnect(st->jsonrpc, true,
                                   "command received from user");
    unixctl_command_reply(conn, NULL);
}

static void
count_db(const struct ovsdb *db, unsigned long long int *cells,
         unsigned long long int *atoms)
{
    for (size_t i = 0; i < db->n_tables; i++) {
        const struct ovsdb_table *table = db->tables[i];
        const struct ovsdb_table_schema *ts = table->schema;
        const struct ovsdb_row *row;

        *cells += (unsigned long long int) ovsdb_table_n_rows(table)
                  * (ts->n_columns - OVSDB_N_STD_COLUMNS);
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            for (size_t j = OVSDB_N_STD_COLUMNS; j < ts->n_columns; j++) {
                const struct ovsdb_datum *d = &row->fields[j];
                *atoms += d->values ? 2 * d->n : d->n;
            }
        }
    }
}

static void
cmd_memory_show(struct unixctl_conn *conn, int argc OSW_UNUSED,
                const char *argv[] OSW_UNUSED, void *st_)
{
    struct server_state *st = st_;
    struct ovsdb_jsonrpc_server_stats stats;
    unsigned long long int cells = 0, atoms = 0;
    struct ovsdb_server_db *sdb;
    size_t n_triggers = 0;

    HMAP_FOR_EACH (sdb, hmap_node, &st->up.dbs) {
        count_db(sdb->db, &cells, &atoms);
    }
    ovsdb_jsonrpc_server_get_stats(st->jsonrpc, &stats);
    n_triggers = stats.n_triggers;

    char *reply = xasprintf("atoms:%llu backlog:%zu cells:%llu locks:%zu "
                            "monitors:%zu pending-bytes:%zu sessions:%zu "
                            "triggers:%zu",
                            atoms, stats.backlog, cells,
                            ovsdb_server_n_locks(&st->up), stats.n_monitors,
                            stats.pending_bytes, stats.n_sessions,
                            n_triggers);
    unixctl_command_reply(conn, reply);
    free(reply);
}

static void
register_commands(struct server_state *st)
{
    unixctl_command_register("exit", "", 0, 0, cmd_exit, st);
    unixctl_command_register("ovsdb-server/compact", "[DB]...", 0, INT_MAX,
                             cmd_compact, st);
    unixctl_command_register("ovsdb-server/list-dbs", "", 0, 0,
                             cmd_list_dbs, st);
    unixctl_command_register("ovsdb-server/add-remote", "REMOTE", 1, 1,
                             cmd_add_remote, st);
    unixctl_command_register("ovsdb-server/remove-remote", "REMOTE", 1, 1,
                             cmd_remove_remote, st);
    unixctl_command_register("ovsdb-server/list-remotes", "", 0, 0,
                             cmd_list_remotes, st);
    unixctl_command_register("ovsdb-server/add-db", "DB", 1, 1,
                             cmd_add_db, st);
    unixctl_command_register("ovsdb-server/remove-db", "DB", 1, 1,
                             cmd_remove_db, st);
    unixctl_command_register("ovsdb-server/reconnect", "", 0, 0,
                             cmd_reconnect, st);
    unixctl_command_register("memory/show", "", 0, 0, cmd_memory_show, st);
}

/* Options. */

static void OSW_NO_RETURN
usage(void)
{
    printf("%s: OVSDB database server\n"
           "usage: %s [OPTIONS] [DATABASE...]\n"
           "where each DATABASE is a database file in ovsdb format.\n"
           "The default DATABASE, if none is given, is\n%s/conf.db.\n",
           program_name, program_name, osw_dbdir());
    printf("\nJSON-RPC options (may be specified any number of times):\n"
           "  --remote=REMOTE         connect or listen to REMOTE\n"
           "                          (or db:DB,TABLE,COLUMN)\n");
    stream_usage("JSON-RPC", true, true, true);
    printf("\nDatabase options:\n"
           "  --sync                  sync every commit to disk before "
           "replying\n"
           "  --disable-file-column-diff\n"
           "                          write full column values to the "
           "file\n"
           "  --backlog-limit=BYTES   disconnect a client whose unsent "
           "output and\n"
           "                          pending updates exceed BYTES "
           "(default %d)\n",
           OVSDB_JSONRPC_DEFAULT_BACKLOG_LIMIT);
    daemon_usage();
    vlog_usage();
    printf("\nOther options:\n"
           "  --unixctl=SOCKET        override default control socket name\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n");
    exit(EXIT_SUCCESS);
}

static void
set_ssl_spec(struct ssl_setting *setting, const char *value)
{
    free(setting->spec);
    setting->spec = xstrdup(value);
}

static void
parse_options(int argc, char *argv[], struct server_state *st,
              struct strings *db_files)
{
    enum {
        OPT_REMOTE = UCHAR_MAX + 1,
        OPT_UNIXCTL,
        OPT_SYNC,
        OPT_BACKLOG_LIMIT,
        OPT_DISABLE_FILE_COLUMN_DIFF,
    };
    static const struct option long_options[] = {
        {"remote", required_argument, NULL, OPT_REMOTE},
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"sync", no_argument, NULL, OPT_SYNC},
        {"backlog-limit", required_argument, NULL, OPT_BACKLOG_LIMIT},
        {"disable-file-column-diff", no_argument, NULL,
         OPT_DISABLE_FILE_COLUMN_DIFF},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };

    for (;;) {
        unsigned long long int bytes;
        int c = getopt_long(argc, argv, "hVv::p:c:C:", long_options, NULL);
        if (c == -1) {
            break;
        }

        switch (c) {
        case OPT_REMOTE:
            if (!strings_contains(&st->remotes, optarg)) {
                strings_add(&st->remotes, optarg);
            }
            break;

        case OPT_UNIXCTL:
            free(unixctl_path);
            unixctl_path = xstrdup(optarg);
            break;

        case OPT_SYNC:
            st->file_flags |= OVSDB_FILE_SYNC;
            break;

        case OPT_BACKLOG_LIMIT:
            if (!str_to_ullong(optarg, 10, &bytes) || bytes > SIZE_MAX) {
                osw_fatal(0, "%s: invalid --backlog-limit", optarg);
            }
            backlog_limit = bytes;
            break;

        case OPT_DISABLE_FILE_COLUMN_DIFF:
            st->column_diff = false;
            break;

        case 'h':
            usage();

        case 'V':
            osw_print_version();
            exit(EXIT_SUCCESS);

        case 'p':
            set_ssl_spec(&st->private_key, optarg);
            break;

        case 'c':
            set_ssl_spec(&st->certificate, optarg);
            break;

        case 'C':
            set_ssl_spec(&st->ca_cert, optarg);
            st->bootstrap_ca_cert = false;
            break;

        case OPT_BOOTSTRAP_CA_CERT:
            set_ssl_spec(&st->ca_cert, optarg);
            st->bootstrap_ca_cert = true;
            break;

        case OPT_PEER_CA_CERT:
            stream_ssl_set_peer_ca_cert_file(optarg);
            break;

        case OPT_SSL_PROTOCOLS:
            stream_ssl_set_protocols(optarg);
            break;

        case OPT_SSL_CIPHERS:
            stream_ssl_set_ciphers(optarg);
            break;

        DAEMON_OPTION_HANDLERS
        VLOG_OPTION_HANDLERS

        case '?':
            exit(EXIT_FAILURE);

        default:
            abort();
        }
    }

    for (int i = optind; i < argc; i++) {
        strings_add(db_files, argv[i]);
    }
    if (!db_files->n) {
        char *file_name = xasprintf("%s/conf.db", osw_dbdir());
        strings_add(db_files, file_name);
        free(file_name);
    }
}

static void
ssl_setting_destroy(struct ssl_setting *setting)
{
    free(setting->spec);
    free(setting->applied);
}

static void
main_loop(struct server_state *st, struct unixctl_server *unixctl)
{
    while (!st->exiting) {
        struct ovsdb_server_db *sdb;

        unixctl_server_run(unixctl);
        reconfigure(st, false);
        ovsdb_jsonrpc_server_run(st->jsonrpc);
        HMAP_FOR_EACH (sdb, hmap_node, &st->up.dbs) {
            if (sdb->file) {
                ovsdb_file_run(sdb->file);
            }
        }
        update_server_status(st);
        if (time_msec() >= st->status_timer) {
            st->status_timer = time_msec() + STATUS_INTERVAL_MSEC;
            update_remote_status(st);
        }
        reconfigure(st, false);
        if (st->exiting) {
            break;
        }

        unixctl_server_wait(unixctl);
        ovsdb_jsonrpc_server_wait(st->jsonrpc);
        HMAP_FOR_EACH (sdb, hmap_node, &st->up.dbs) {
            if (sdb->file) {
                ovsdb_file_wait(sdb->file);
            }
        }
        poll_timer_wait_until(st->status_timer);
        poll_block();
    }
}

int
main(int argc, char *argv[])
{
    struct server_state st;
    struct strings db_files = { NULL, 0, 0 };
    struct unixctl_server *unixctl;

    memset(&st, 0, sizeof st);
    st.column_diff = true;
    set_program_name(argv[0]);
    signal(SIGPIPE, SIG_IGN);
    parse_options(argc, argv, &st, &db_files);

    daemonize_start();

    ovsdb_server_init(&st.up);
    for (size_t i = 0; i < db_files.n; i++) {
        struct ovsdb_error *error = open_db(&st, db_files.s[i]);
        if (error) {
            char *s = ovsdb_error_to_string_free(error);
            osw_fatal(0, "%s", s);
        }
    }
    add_server_db(&st);

    st.jsonrpc = ovsdb_jsonrpc_server_create(&st.up);
    ovsdb_jsonrpc_server_set_backlog_limit(st.jsonrpc, backlog_limit);

    int error = unixctl_server_create(unixctl_path, &unixctl);
    if (error) {
        osw_fatal(error, "could not create unixctl server");
    }
    register_commands(&st);
    vlog_init();

    update_server_status(&st);
    reconfigure(&st, true);

    daemonize_complete();
    VLOG_INFO("%s (%s)", program_name, osw_get_version());

    main_loop(&st, unixctl);

    VLOG_INFO("exiting");
    ovsdb_jsonrpc_server_destroy(st.jsonrpc);
    struct ovsdb_server_db *sdb;
    HMAP_FOR_EACH_SAFE (sdb, hmap_node, &st.up.dbs) {
        struct ovsdb *db = sdb->db;
        ovsdb_txn_history_destroy(sdb->history);
        ovsdb_server_remove_db(&st.up, sdb);
        ovsdb_destroy(db);
    }
    ovsdb_server_destroy(&st.up);
    unixctl_server_destroy(unixctl);
    strings_destroy(&st.remotes);
    strings_destroy(&db_files);
    ssl_setting_destroy(&st.private_key);
    ssl_setting_destroy(&st.certificate);
    ssl_setting_destroy(&st.ca_cert);
    free(unixctl_path);
    return 0;
}
