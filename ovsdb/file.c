/* file: the storage of one standalone OVSDB database; see file.h. */
#include <config.h>
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "log.h"
#include "osw/poll-loop.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/uuid.h"
#include "osw/vlog.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "row.h"
#include "table.h"
#include "transaction.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_file);

const struct ovsdb_file_compaction_policy
ovsdb_file_default_compaction_policy = {
    .min_interval_msec = 10 * 60 * 1000,
    .max_interval_msec = 24 * 60 * 60 * 1000,
    .retry_msec = 60 * 1000,
    .min_records = 100,
    .min_size = 10 * 1024 * 1024,
    .growth = 4,
};

/* A compaction that runs in the background (see ovsdb_file_run()).  The
 * main thread builds the snapshot's JSON (it needs the database), the
 * worker serializes, writes and syncs it to the new file and frees the
 * JSON; meanwhile commits go on in the main thread, appended to the old
 * file as usual and queued in 'pending', which the main thread appends to
 * the new file once the worker is done, before renaming it into place. */
struct background {
    pthread_t thread;
    int fds[2];                     /* Worker writes to [1] when done. */

    /* Owned by the worker until it signals. */
    struct ovsdb_log *new;
    json_t *schema, *snapshot;
    int error;                      /* 0 or errno from the worker. */
    char *error_msg;                /* Message for 'error'. */

    /* Main thread only. */
    json_t *pending;                /* Records committed since the snapshot. */
    long long int start;            /* time_msec() when started. */
    long long int stall;            /* Main-thread msec spent so far. */
    off_t old_size;
    uint64_t old_records;
};

struct ovsdb_file {
    struct ovsdb_commit_hook hook;  /* In 'db''s hooks. */
    struct ovsdb *db;               /* The database this file stores. */
    struct ovsdb_log *log;
    char *name;
    unsigned int flags;             /* OVSDB_FILE_*. */
    bool column_diff;               /* Write "_is_diff" records? */

    /* Group commit. */
    bool needs_sync;                /* Durable writes not yet synced. */
    bool must_rewrite;              /* A sync failed: rewrite the file. */

    /* Compaction. */
    struct ovsdb_file_compaction_policy policy;
    long long int last_compact;     /* time_msec() of open or compaction. */
    long long int next_retry;       /* No attempt before; after failure. */
    off_t snapshot_size;            /* Size after last compaction. */
    struct background *bg;          /* Compaction in progress, or NULL. */
    uint64_t n_compactions;
    uint64_t n_syncs;
};

static void background_cancel(struct ovsdb_file *);

static const struct ovsdb_commit_hook_class file_hook_class;

/* An "I/O error" whose details are 'msg', a message from the log (which
 * already names the file and says why). */
static struct ovsdb_error *
io_error(const char *msg)
{
    return ovsdb_error(OVSDB_ERR_IO, "%s", msg ? msg : "unknown error");
}

/* Reading transaction records. */

/* Sets the columns of 'row' that 'json' lists.  With 'diff', the values of
 * composite columns are diffs against the row's current values. */
static struct ovsdb_error *
update_row_from_json(struct ovsdb_row *row, const json_t *json, bool diff)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    const char *name;
    json_t *value;

    if (!json_is_object(json)) {
        return ovsdb_syntax_error(json, NULL, "row must be JSON object");
    }
    json_object_foreach (CONST_CAST(json_t *, json), name, value) {
        const struct ovsdb_column *column
            = ovsdb_table_schema_find_column(ts, name);
        if (!column) {
            return ovsdb_syntax_error(json, OVSDB_ERR_UNKNOWN_COLUMN,
                                      "No column %s in table %s.",
                                      name, ts->name);
        }
        if (column->index == OVSDB_COL_UUID
            || column->index == OVSDB_COL_VERSION) {
            continue;
        }

        const struct ovsdb_type *type = &column->type;
        struct ovsdb_datum *field = &row->fields[column->index];
        struct ovsdb_datum datum;
        struct ovsdb_error *error;
        if (diff && ovsdb_type_is_composite(type)) {
            struct ovsdb_datum delta;
            error = ovsdb_datum_from_json_relaxed(&delta, type, value, NULL);
            if (!error) {
                error = ovsdb_datum_apply_diff(&datum, field, &delta, type);
                ovsdb_datum_destroy(&delta, type);
                if (!error) {
                    error = ovsdb_datum_check_constraints(&datum, type);
                    if (error) {
                        ovsdb_datum_destroy(&datum, type);
                    }
                }
            }
        } else {
            error = ovsdb_datum_from_json(&datum, type, value, NULL);
        }
        if (error) {
            return ovsdb_wrap_error(error, "column %s", name);
        }
        ovsdb_datum_swap(field, &datum);
        ovsdb_datum_destroy(&datum, type);
    }
    return NULL;
}

/* Applies to 'txn' the change that 'json' (null or a row object) makes to
 * the row with 'uuid' in 'table'. */
static struct ovsdb_error *
apply_row_change(struct ovsdb_txn *txn, struct ovsdb_table *table,
                 const struct uuid *uuid, const json_t *json, bool diff)
{
    const struct ovsdb_row *row = ovsdb_table_get_row(table, uuid);

    if (json_is_null(json)) {
        if (!row) {
            return ovsdb_error(OVSDB_ERR_SYNTAX, "transaction deletes row "
                               UUID_FMT" that does not exist",
                               UUID_ARGS(uuid));
        }
        ovsdb_txn_row_delete(txn, row);
        return NULL;
    } else if (row) {
        return update_row_from_json(ovsdb_txn_row_modify(txn, row), json,
                                    diff);
    } else {
        struct ovsdb_row *new = ovsdb_row_create(table);
        *ovsdb_row_get_uuid_rw(new) = *uuid;
        struct ovsdb_error *error = update_row_from_json(new, json, false);
        if (error) {
            ovsdb_row_destroy(new);
            return error;
        }
        ovsdb_txn_row_insert(txn, new);
        return NULL;
    }
}

/* Applies the changes of one table's member of a transaction record. */
static struct ovsdb_error *
apply_table_changes(struct ovsdb_txn *txn, struct ovsdb_table *table,
                    const json_t *rows, bool diff)
{
    const char *uuid_string;
    json_t *row_json;

    if (!json_is_object(rows)) {
        return ovsdb_syntax_error(rows, NULL, "table %s: object expected",
                                  table->schema->name);
    }
    json_object_foreach (CONST_CAST(json_t *, rows), uuid_string, row_json) {
        struct uuid uuid;
        if (!uuid_from_string(&uuid, uuid_string)) {
            return ovsdb_syntax_error(NULL, NULL,
                                      "table %s: \"%s\" is not a valid UUID",
                                      table->schema->name, uuid_string);
        }
        struct ovsdb_error *error = apply_row_change(txn, table, &uuid,
                                                     row_json, diff);
        if (error) {
            return ovsdb_wrap_error(error, "table %s row %s",
                                    table->schema->name, uuid_string);
        }
    }
    return NULL;
}

/* Replays transaction record 'record' on 'db' and commits it, with every
 * check that a client's transaction gets. */
static struct ovsdb_error *
replay_record(struct ovsdb *db, const json_t *record)
{
    bool diff = json_is_true(json_object_get(record, "_is_diff"));
    struct ovsdb_txn *txn = ovsdb_txn_create(db);
    const char *name;
    json_t *value;

    json_object_foreach (CONST_CAST(json_t *, record), name, value) {
        if (name[0] == '_') {
            /* "_date", "_comment", "_is_diff", or an annotation from a
             * later version: never a table (table names cannot start with
             * '_'). */
            continue;
        }
        struct ovsdb_table *table = ovsdb_get_table(db, name);
        struct ovsdb_error *error
            = (table
               ? apply_table_changes(txn, table, value, diff)
               : ovsdb_error(OVSDB_ERR_UNKNOWN_TABLE,
                             "No table named %s.", name));
        if (error) {
            ovsdb_txn_abort(txn);
            return error;
        }
    }
    const json_t *comment = json_object_get(record, "_comment");
    if (json_is_string(comment)) {
        ovsdb_txn_add_comment(txn, json_string_value(comment));
    }
    return ovsdb_txn_commit(txn);
}

/* Reads the schema record of 'log' (named 'name') into '*schemap'. */
static struct ovsdb_error *
read_schema_record(struct ovsdb_log *log, const char *name,
                   struct ovsdb_schema **schemap)
{
    json_t *json;

    *schemap = NULL;
    int err = ovsdb_log_read(log, &json);
    if (err) {
        return io_error(ovsdb_log_get_error(log));
    } else if (!json) {
        return ovsdb_error(OVSDB_ERR_IO, "%s: database file is empty "
                           "(it holds no schema)", name);
    }
    struct ovsdb_error *error = ovsdb_schema_from_json(json, schemap);
    json_decref(json);
    if (error) {
        return ovsdb_wrap_error(error, "%s: bad schema in record 0", name);
    }
    return NULL;
}

/* Reads all of 'log' (named 'name') into a new database in '*dbp'; see
 * ovsdb_file_read() for 'partial'.  Stores in '*first_txn_end' the offset
 * just past the first transaction record (or the schema, if there is
 * none), the size of the file's initial snapshot. */
static struct ovsdb_error *
read_db(struct ovsdb_log *log, const char *name, bool partial,
        struct ovsdb **dbp, off_t *first_txn_end)
{
    struct ovsdb_schema *schema;

    *dbp = NULL;
    struct ovsdb_error *error = read_schema_record(log, name, &schema);
    if (error) {
        return error;
    }
    struct ovsdb *db = ovsdb_create(schema);
    *first_txn_end = ovsdb_log_get_offset(log);

    for (uint64_t i = 1; ; i++) {
        off_t offset = ovsdb_log_get_offset(log);
        json_t *record;
        int err = ovsdb_log_read(log, &record);
        if (err == EBADMSG) {
            /* A torn or corrupt tail: what comes before it is the
             * database (see file.h). */
            VLOG_WARN("%s; using the %"PRIu64" record(s) before it",
                      ovsdb_log_get_error(log), i);
            break;
        } else if (err) {
            /* Not damage but an I/O error: stop here, so that a writer
             * does not truncate records it could not read. */
            error = io_error(ovsdb_log_get_error(log));
            ovsdb_destroy(db);
            return error;
        } else if (!record) {
            break;
        }

        error = replay_record(db, record);
        json_decref(record);
        if (error) {
            error = ovsdb_wrap_error(error, "%s: record %"PRIu64" (at offset "
                                     "%lld) cannot be applied", name, i,
                                     (long long int) offset);
            if (partial) {
                *dbp = db;
            } else {
                ovsdb_destroy(db);
            }
            return error;
        }
        if (i == 1) {
            *first_txn_end = ovsdb_log_get_offset(log);
        }
    }
    *dbp = db;
    return NULL;
}

/* Opens 'name' with 'mode', converting a failure to an "I/O error". */
static struct ovsdb_error *
open_log(const char *name, enum ovsdb_log_open_mode mode,
         struct ovsdb_log **logp)
{
    char *msg = NULL;
    int err = ovsdb_log_open(name, mode, logp, &msg);
    if (err) {
        struct ovsdb_error *error = io_error(msg);
        free(msg);
        return error;
    }
    return NULL;
}

/* Reads the schema of database file 'file_name'; see file.h. */
struct ovsdb_error *
ovsdb_file_read_schema(const char *file_name, struct ovsdb_schema **schemap)
{
    struct ovsdb_log *log;

    *schemap = NULL;
    struct ovsdb_error *error = open_log(file_name, OVSDB_LOG_READ_ONLY,
                                         &log);
    if (!error) {
        error = read_schema_record(log, file_name, schemap);
        ovsdb_log_close(log);
    }
    return error;
}

/* Reads database file 'file_name' without locking it; see file.h. */
struct ovsdb_error *
ovsdb_file_read(const char *file_name, bool partial, struct ovsdb **dbp)
{
    struct ovsdb_log *log;
    off_t first_txn_end;

    *dbp = NULL;
    struct ovsdb_error *error = open_log(file_name, OVSDB_LOG_READ_ONLY,
                                         &log);
    if (!error) {
        error = read_db(log, file_name, partial, dbp, &first_txn_end);
        ovsdb_log_close(log);
    }
    return error;
}

/* Writing transaction records. */

/* Returns the JSON of 'row' as a snapshot or an insertion writes it: its
 * persistent columns whose values are not the defaults. */
static json_t *
row_to_insert_json(const struct ovsdb_row *row)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    json_t *json = json_object();

    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        const struct ovsdb_column *column = ts->columns[i];
        const struct ovsdb_datum *datum = &row->fields[i];
        if (column->persistent
            && !ovsdb_datum_is_default(datum, &column->type)) {
            json_object_set_new_nocheck(
                json, column->name, ovsdb_datum_to_json(datum,
                                                        &column->type));
        }
    }
    return json;
}

/* True if Open vSwitch 3.1 reads 'delta', the diff that turns 'old' into
 * another value of 'type', as it was meant.  It does not when the diff has
 * more elements than the column may hold (it parses diffs as values of the
 * column), nor when 'old' is the column's default and that is not empty
 * (it then takes the diff for the new value). */
static bool
ovs_reads_diff(const struct ovsdb_datum *delta, const struct ovsdb_datum *old,
               const struct ovsdb_type *type)
{
    return (delta->n <= type->n_max
            && !(old->n && ovsdb_datum_is_default(old, type)));
}

/* Returns the JSON of the changes from 'old' to 'new' in the columns that
 * 'changed' flags, or NULL if no persistent column changed.  With 'diff',
 * composite columns get diffs (see file.h), and '*diff_ok' becomes false
 * if one of them is a diff that Open vSwitch would misread. */
static json_t *
row_to_update_json(const struct ovsdb_row *old, const struct ovsdb_row *new,
                   const unsigned long *changed, bool diff, bool *diff_ok)
{
    const struct ovsdb_table_schema *ts = new->table->schema;
    json_t *json = NULL;

    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        const struct ovsdb_column *column = ts->columns[i];
        const struct ovsdb_type *type = &column->type;
        if (!column->persistent || !ovsdb_txn_column_changed(changed, i)) {
            continue;
        }

        json_t *value;
        if (diff && ovsdb_type_is_composite(type)) {
            struct ovsdb_datum delta;
            ovsdb_datum_diff(&delta, &old->fields[i], &new->fields[i], type);
            if (!ovs_reads_diff(&delta, &old->fields[i], type)) {
                *diff_ok = false;
            }
            value = ovsdb_datum_to_json(&delta, type);
            ovsdb_datum_destroy(&delta, type);
        } else {
            value = ovsdb_datum_to_json(&new->fields[i], type);
        }
        if (!json) {
            json = json_object();
        }
        json_object_set_new_nocheck(json, column->name, value);
    }
    return json;
}

/* Adds 'row_json' (which it takes) as the change to 'row' in 'record'. */
static void
record_add_row(json_t *record, const struct ovsdb_row *row, json_t *row_json)
{
    const char *table_name = row->table->schema->name;
    json_t *table_json = json_object_get(record, table_name);
    if (!table_json) {
        table_json = json_object();
        json_object_set_new_nocheck(record, table_name, table_json);
    }

    char uuid[UUID_LEN + 1];
    uuid_to_string(ovsdb_row_get_uuid(row), uuid);
    json_object_set_new_nocheck(table_json, uuid, row_json);
}

/* Adds "_date" and, if nonnull, "_comment" to 'record'. */
static void
record_annotate(json_t *record, const char *comment, bool diff)
{
    if (comment) {
        json_object_set_new_nocheck(record, "_comment", json_string(comment));
    }
    if (diff) {
        json_object_set_new_nocheck(record, "_is_diff", json_true());
    }
    json_object_set_new_nocheck(record, "_date",
                                json_integer(time_wall_msec()));
}

struct txn_record_aux {
    json_t *record;
    bool diff;
    bool diff_ok;
};

static bool
add_txn_change(const struct ovsdb_row *old, const struct ovsdb_row *new,
               const unsigned long *changed, void *aux_)
{
    struct txn_record_aux *aux = aux_;

    if (!new) {
        record_add_row(aux->record, old, json_null());
    } else if (!old) {
        record_add_row(aux->record, new, row_to_insert_json(new));
    } else {
        json_t *row_json = row_to_update_json(old, new, changed, aux->diff,
                                              &aux->diff_ok);
        if (row_json) {
            record_add_row(aux->record, new, row_json);
        }
    }
    return true;
}

/* Returns the record that stores 'txn', or NULL if it changed nothing
 * that is stored.  With 'diff', a record with diffs if Open vSwitch reads
 * every one of them correctly, otherwise one with full values. */
static json_t *
txn_to_record(const struct ovsdb_txn *txn, bool diff)
{
    struct txn_record_aux aux = { json_object(), diff, true };

    ovsdb_txn_for_each_change(txn, add_txn_change, &aux);
    if (!aux.diff_ok) {
        json_decref(aux.record);
        return txn_to_record(txn, false);
    }
    if (!json_object_size(aux.record)) {
        json_decref(aux.record);
        return NULL;
    }
    record_annotate(aux.record, ovsdb_txn_get_comment(txn), diff);
    return aux.record;
}

/* Returns a record that inserts every row of 'db'. */
static json_t *
snapshot_record(const struct ovsdb *db, const char *comment)
{
    json_t *record = json_object();

    for (size_t i = 0; i < db->n_tables; i++) {
        const struct ovsdb_table *table = db->tables[i];
        if (!ovsdb_table_n_rows(table)) {
            continue;
        }

        json_t *table_json = json_object();
        const struct ovsdb_row *row;
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            char uuid[UUID_LEN + 1];
            uuid_to_string(ovsdb_row_get_uuid(row), uuid);
            json_object_set_new_nocheck(table_json, uuid,
                                        row_to_insert_json(row));
        }
        json_object_set_new_nocheck(record, table->schema->name, table_json);
    }
    record_annotate(record, comment, false);
    return record;
}

/* Writes the schema of 'db' and a snapshot of its rows to 'log'. */
static int
write_snapshot(struct ovsdb_log *log, const struct ovsdb *db,
               const char *comment)
{
    json_t *schema = ovsdb_schema_to_json(db->schema);
    int err = ovsdb_log_write(log, schema);
    json_decref(schema);
    if (!err) {
        json_t *data = snapshot_record(db, comment);
        err = ovsdb_log_write(log, data);
        json_decref(data);
    }
    return err;
}

/* The commit hook. */

static struct ovsdb_file *
file_from_hook(struct ovsdb_commit_hook *hook)
{
    return CONTAINER_OF(hook, struct ovsdb_file, hook);
}

static struct ovsdb_error *
file_precommit(struct ovsdb_commit_hook *hook, const struct ovsdb_txn *txn)
{
    struct ovsdb_file *file = file_from_hook(hook);

    json_t *record = txn_to_record(txn, file->column_diff);
    if (!record) {
        return NULL;
    }
    int err = ovsdb_log_write(file->log, record);
    if (err) {
        json_decref(record);
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
        VLOG_WARN_RL(&rl, "%s; transaction refused",
                     ovsdb_log_get_error(file->log));
        return io_error(ovsdb_log_get_error(file->log));
    }
    if (file->bg) {
        json_array_append(file->bg->pending, record);
    }
    json_decref(record);
    if (ovsdb_txn_is_durable(txn) || file->flags & OVSDB_FILE_SYNC) {
        file->needs_sync = true;
    }
    return NULL;
}

static void
free_file(struct ovsdb_file *file)
{
    background_cancel(file);
    ovsdb_log_close(file->log);
    free(file->name);
    free(file);
}

static void
file_destroy(struct ovsdb_commit_hook *hook)
{
    free_file(file_from_hook(hook));
}

static const struct ovsdb_commit_hook_class file_hook_class = {
    .precommit = file_precommit,
    .commit = NULL,
    .destroy = file_destroy,
};

/* Returns a new file object for 'log' (which it takes), attached to 'db'
 * as its first hook. */
static struct ovsdb_file *
file_create(const char *name, struct ovsdb_log *log, struct ovsdb *db,
            unsigned int flags, off_t snapshot_size)
{
    struct ovsdb_file *file = xzalloc(sizeof *file);

    osw_assert(osw_list_is_empty(&db->hooks));
    file->db = db;
    file->log = log;
    file->name = xstrdup(name);
    file->flags = flags;
    file->column_diff = true;
    file->policy = ovsdb_file_default_compaction_policy;
    file->last_compact = time_msec();
    file->next_retry = LLONG_MIN;
    file->snapshot_size = snapshot_size;
    ovsdb_add_commit_hook(db, &file->hook, &file_hook_class);
    return file;
}

/* Opens database file 'file_name' for writing; see file.h. */
struct ovsdb_error *
ovsdb_file_open(const char *file_name, unsigned int flags,
                struct ovsdb_file **filep)
{
    struct ovsdb_log *log;
    struct ovsdb *db;
    off_t first_txn_end;

    *filep = NULL;
    struct ovsdb_error *error = open_log(file_name, OVSDB_LOG_READ_WRITE,
                                         &log);
    if (error) {
        return error;
    }
    error = read_db(log, file_name, false, &db, &first_txn_end);
    if (error) {
        ovsdb_log_close(log);
        return error;
    }
    *filep = file_create(file_name, log, db, flags, first_txn_end);
    return NULL;
}

/* Creates database file 'file_name' for 'schema'; see file.h. */
struct ovsdb_error *
ovsdb_file_create(const char *file_name, const struct ovsdb_schema *schema,
                  unsigned int flags, struct ovsdb_file **filep)
{
    struct ovsdb_log *log;

    if (filep) {
        *filep = NULL;
    }
    struct ovsdb_error *error = open_log(file_name, OVSDB_LOG_CREATE_EXCL,
                                         &log);
    if (error) {
        return error;
    }

    json_t *json = ovsdb_schema_to_json(schema);
    int err = ovsdb_log_write_and_commit(log, json, true);
    json_decref(json);
    if (err) {
        error = io_error(ovsdb_log_get_error(log));
        ovsdb_log_close(log);
        unlink(file_name);
        return error;
    }

    if (filep) {
        struct ovsdb *db = ovsdb_create(ovsdb_schema_clone(schema));
        *filep = file_create(file_name, log, db, flags,
                             ovsdb_log_get_offset(log));
    } else {
        ovsdb_log_close(log);
    }
    return NULL;
}

/* Writes a snapshot of 'db' to new file 'file_name'; see file.h. */
struct ovsdb_error *
ovsdb_file_save_copy(const char *file_name, const struct ovsdb *db,
                     const char *comment)
{
    struct ovsdb_log *log;

    struct ovsdb_error *error = open_log(file_name, OVSDB_LOG_CREATE_EXCL,
                                         &log);
    if (error) {
        return error;
    }
    int err = write_snapshot(log, db, comment);
    if (!err) {
        err = ovsdb_log_commit_block(log);
    }
    if (err) {
        error = io_error(ovsdb_log_get_error(log));
        /* We created the file; a partial copy is worse than none. */
        unlink(file_name);
    }
    ovsdb_log_close(log);
    return error;
}

/* Detaches 'file' from its database and closes it; see file.h. */
void
ovsdb_file_close(struct ovsdb_file *file)
{
    if (file) {
        ovsdb_remove_commit_hook(&file->hook);
        free_file(file);
    }
}

/* Returns the database that 'file' stores. */
struct ovsdb *
ovsdb_file_get_db(const struct ovsdb_file *file)
{
    return file->db;
}

/* Returns the name 'file' was opened with. */
const char *
ovsdb_file_get_name(const struct ovsdb_file *file)
{
    return file->name;
}

/* Chooses diff or full values for records written from now on. */
void
ovsdb_file_set_column_diff(struct ovsdb_file *file, bool column_diff)
{
    file->column_diff = column_diff;
}

/* Group commit. */

/* True if a write that must be durable before its reply awaits a sync. */
bool
ovsdb_file_needs_sync(const struct ovsdb_file *file)
{
    return file->needs_sync || file->must_rewrite;
}

/* Makes everything written to 'file' so far durable; see file.h. */
struct ovsdb_error *
ovsdb_file_sync(struct ovsdb_file *file)
{
    if (file->must_rewrite) {
        return ovsdb_file_compact(file, NULL);
    } else if (!file->needs_sync) {
        return NULL;
    }

    file->n_syncs++;
    int err = ovsdb_log_commit_block(file->log);
    if (err) {
        /* Whatever the kernel did with the data, a full rewrite from
         * memory is the only way back to a file known to be good. */
        VLOG_ERR("%s; the file will be rewritten",
                 ovsdb_log_get_error(file->log));
        file->must_rewrite = true;
        return io_error(ovsdb_log_get_error(file->log));
    }
    file->needs_sync = false;
    return NULL;
}

/* Compaction. */

/* Records that 'file' now continues on a new snapshot, which was synced
 * before it was renamed into place. */
static void
snapshot_done(struct ovsdb_file *file)
{
    file->needs_sync = false;
    file->must_rewrite = false;
    file->snapshot_size = ovsdb_log_get_offset(file->log);
    file->last_compact = time_msec();
    file->next_retry = LLONG_MIN;
    file->n_compactions++;
}

/* Replaces the file of 'file' with a snapshot of 'db' (the database of
 * 'file', or its conversion). */
static struct ovsdb_error *
replace_with_snapshot(struct ovsdb_file *file, const struct ovsdb *db,
                      const char *comment)
{
    struct ovsdb_log *new;

    /* This snapshot supersedes one being made in the background. */
    background_cancel(file);

    int err = ovsdb_log_replace_start(file->log, &new);
    if (err) {
        return io_error(ovsdb_log_get_error(file->log));
    }
    err = write_snapshot(new, db, comment);
    if (err) {
        struct ovsdb_error *error = io_error(ovsdb_log_get_error(new));
        ovsdb_log_replace_abort(new);
        return error;
    }
    err = ovsdb_log_replace_commit(file->log, new);
    if (err) {
        return io_error(ovsdb_log_get_error(file->log));
    }
    snapshot_done(file);
    return NULL;
}

/* Replaces 'file' with a snapshot of its database; see file.h. */
struct ovsdb_error *
ovsdb_file_compact(struct ovsdb_file *file, const char *comment)
{
    return replace_with_snapshot(file, file->db,
                                 comment ? comment
                                 : "compacting database online");
}

static uint64_t
file_n_records(const struct ovsdb_file *file)
{
    return (ovsdb_log_get_n_read(file->log)
            + ovsdb_log_get_n_written(file->log));
}

/* True if the file is big enough, and big enough compared with its last
 * snapshot, to compact it once the minimum interval has passed. */
static bool
file_grew_lots(const struct ovsdb_file *file)
{
    const struct ovsdb_file_compaction_policy *p = &file->policy;
    off_t size = ovsdb_log_get_offset(file->log);

    return (size >= p->min_size
            && size / (p->growth ? p->growth : 1) >= file->snapshot_size);
}

/* Returns the earliest time at which the policy allows compacting 'file'
 * as it is now, or LLONG_MAX if it does not, however long we wait. */
static long long int
next_compaction_time(const struct ovsdb_file *file)
{
    const struct ovsdb_file_compaction_policy *p = &file->policy;
    long long int when;

    if (file->must_rewrite) {
        when = LLONG_MIN;
    } else if (file_grew_lots(file)) {
        when = time_add_saturating(file->last_compact, p->min_interval_msec);
    } else if (file_n_records(file) >= p->min_records) {
        when = time_add_saturating(file->last_compact,
                                   MAX(p->min_interval_msec,
                                       p->max_interval_msec));
    } else {
        return LLONG_MAX;
    }
    return MAX(when, file->next_retry);
}

/* Logs that a compaction of 'file' failed with 'error' (which it frees)
 * and schedules the next attempt. */
static void
compaction_failed(struct ovsdb_file *file, struct ovsdb_error *error)
{
    char *s = ovsdb_error_to_string_free(error);
    VLOG_WARN("%s: compaction failed (%s); retrying in %lld ms",
              file->name, s, file->policy.retry_msec);
    free(s);
    file->next_retry = time_add_saturating(time_msec(),
                                           file->policy.retry_msec);
}

/* The worker thread of a background compaction. */
static void *
background_main(void *bg_)
{
    struct background *bg = bg_;

    int err = ovsdb_log_write(bg->new, bg->schema);
    if (!err) {
        err = ovsdb_log_write(bg->new, bg->snapshot);
    }
    if (!err) {
        /* Most of the new file is then durable before the main thread
         * syncs it again in ovsdb_log_replace_commit(). */
        err = ovsdb_log_commit_block(bg->new);
    }
    if (err) {
        bg->error_msg = xstrdup(ovsdb_log_get_error(bg->new));
    }
    bg->error = err;

    /* Freeing a big JSON tree takes a while too: do it here. */
    json_decref(bg->schema);
    json_decref(bg->snapshot);
    bg->schema = bg->snapshot = NULL;

    ssize_t n OSW_UNUSED = write(bg->fds[1], "", 1);
    return NULL;
}

static void
background_free(struct background *bg)
{
    json_decref(bg->pending);
    close(bg->fds[0]);
    close(bg->fds[1]);
    free(bg->error_msg);
    free(bg);
}

/* Starts a background compaction of 'file'. */
static void
background_start(struct ovsdb_file *file)
{
    long long int start = time_msec();
    struct ovsdb_log *new;

    int err = ovsdb_log_replace_start(file->log, &new);
    if (err) {
        compaction_failed(file, io_error(ovsdb_log_get_error(file->log)));
        return;
    }

    struct background *bg = xzalloc(sizeof *bg);
    if (pipe2(bg->fds, O_CLOEXEC | O_NONBLOCK)) {
        compaction_failed(file, ovsdb_error(OVSDB_ERR_IO, "pipe failed: %s",
                                            osw_strerror(errno)));
        ovsdb_log_replace_abort(new);
        free(bg);
        return;
    }
    bg->new = new;
    bg->schema = ovsdb_schema_to_json(file->db->schema);
    bg->snapshot = snapshot_record(file->db, "compacting database online");
    bg->pending = json_array();
    bg->start = start;
    bg->old_size = ovsdb_log_get_offset(file->log);
    bg->old_records = file_n_records(file);

    err = pthread_create(&bg->thread, NULL, background_main, bg);
    if (err) {
        compaction_failed(file, ovsdb_error(OVSDB_ERR_IO, "cannot start a "
                                            "thread: %s", osw_strerror(err)));
        json_decref(bg->schema);
        json_decref(bg->snapshot);
        ovsdb_log_replace_abort(new);
        background_free(bg);
        return;
    }
    bg->stall = time_msec() - start;
    file->bg = bg;
}

/* Completes the background compaction of 'file', whose worker has
 * finished or is about to: appends the transactions committed meanwhile
 * and puts the new file in place. */
static void
background_finish(struct ovsdb_file *file)
{
    struct background *bg = file->bg;
    long long int start = time_msec();
    struct ovsdb_error *error = NULL;

    pthread_join(bg->thread, NULL);
    file->bg = NULL;

    if (bg->error) {
        error = io_error(bg->error_msg);
    } else {
        size_t i;
        json_t *record;
        json_array_foreach (bg->pending, i, record) {
            if (ovsdb_log_write(bg->new, record)) {
                error = io_error(ovsdb_log_get_error(bg->new));
                break;
            }
        }
    }
    if (error) {
        ovsdb_log_replace_abort(bg->new);
    } else if (ovsdb_log_replace_commit(file->log, bg->new)) {
        error = io_error(ovsdb_log_get_error(file->log));
    }

    if (error) {
        compaction_failed(file, error);
    } else {
        snapshot_done(file);
        long long int end = time_msec();
        VLOG_INFO("%s: compacted %"PRIu64" records (%lld bytes) to %lld "
                  "bytes in %lld ms (%lld ms in the main thread)",
                  file->name, bg->old_records, (long long int) bg->old_size,
                  (long long int) ovsdb_log_get_offset(file->log),
                  end - bg->start, bg->stall + (end - start));
    }
    background_free(bg);
}

/* Stops the background compaction of 'file', if any, discarding its
 * work. */
static void
background_cancel(struct ovsdb_file *file)
{
    struct background *bg = file->bg;
    if (bg) {
        pthread_join(bg->thread, NULL);
        ovsdb_log_replace_abort(bg->new);
        file->bg = NULL;
        background_free(bg);
    }
}

/* Compacts 'file' if its policy says so; see file.h. */
void
ovsdb_file_run(struct ovsdb_file *file)
{
    if (file->bg) {
        char c;
        if (read(file->bg->fds[0], &c, 1) == 1) {
            background_finish(file);
        }
    } else if (time_msec() >= next_compaction_time(file)) {
        background_start(file);
    }
}

/* Wakes the main loop when ovsdb_file_run() may have work. */
void
ovsdb_file_wait(const struct ovsdb_file *file)
{
    if (file->bg) {
        poll_fd_wait(file->bg->fds[0], POLLIN);
    } else {
        long long int when = next_compaction_time(file);
        if (when != LLONG_MAX) {
            poll_timer_wait_until(when);
        }
    }
}

/* Sets the compaction policy of 'file'. */
void
ovsdb_file_set_compaction_policy(
    struct ovsdb_file *file, const struct ovsdb_file_compaction_policy *p)
{
    file->policy = *p;
}

/* Gets the compaction policy of 'file'. */
void
ovsdb_file_get_compaction_policy(const struct ovsdb_file *file,
                                 struct ovsdb_file_compaction_policy *p)
{
    *p = file->policy;
}

/* Fills in 'stats' for 'file'. */
void
ovsdb_file_get_stats(const struct ovsdb_file *file,
                     struct ovsdb_file_stats *stats)
{
    stats->n_records = file_n_records(file);
    stats->size = ovsdb_log_get_offset(file->log);
    stats->snapshot_size = file->snapshot_size;
    stats->n_compactions = file->n_compactions;
    stats->n_syncs = file->n_syncs;
    stats->compacting = file->bg != NULL;
}

/* Conversion. */

/* Converts 'src' (of 'src_type') to 'dst_type' in 'dst' (which need not be
 * initialized).  Returns false, with 'dst' empty, if the value does not
 * fit the new type. */
static bool
convert_datum(struct ovsdb_datum *dst, const struct ovsdb_type *dst_type,
              const struct ovsdb_datum *src,
              const struct ovsdb_type *src_type)
{
    if (ovsdb_type_equals(dst_type, src_type)) {
        ovsdb_datum_clone(dst, src, src_type);
        return true;
    }

    /* The JSON form is what both types agree on: an integer 1 becomes a
     * real 1.0, a scalar a one-element set, and so on, and the new type's
     * constraints are checked on the way in. */
    json_t *json = ovsdb_datum_to_json(src, src_type);
    struct ovsdb_error *error = ovsdb_datum_from_json(dst, dst_type, json,
                                                      NULL);
    json_decref(json);
    if (error) {
        ovsdb_error_destroy(error);
        return false;
    }
    return true;
}

/* Returns a copy of 'src_row' converted to a row of 'dst_table'. */
static struct ovsdb_row *
convert_row(const struct ovsdb_row *src_row, struct ovsdb_table *dst_table)
{
    const struct ovsdb_table_schema *src_ts = src_row->table->schema;
    const struct ovsdb_table_schema *dst_ts = dst_table->schema;
    struct ovsdb_row *dst_row = ovsdb_row_create(dst_table);

    *ovsdb_row_get_uuid_rw(dst_row) = *ovsdb_row_get_uuid(src_row);
    for (size_t i = OVSDB_N_STD_COLUMNS; i < dst_ts->n_columns; i++) {
        const struct ovsdb_column *dst_col = dst_ts->columns[i];
        const struct ovsdb_column *src_col
            = ovsdb_table_schema_find_column(src_ts, dst_col->name);
        if (!src_col) {
            continue;           /* New column: keeps its default. */
        }

        struct ovsdb_datum datum;
        if (convert_datum(&datum, &dst_col->type,
                          &src_row->fields[src_col->index],
                          &src_col->type)) {
            ovsdb_datum_swap(&dst_row->fields[i], &datum);
            ovsdb_datum_destroy(&datum, &dst_col->type);
        } else {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(10, 20);
            VLOG_WARN_RL(&rl, "conversion: table %s row "UUID_FMT" column "
                         "%s: value does not fit the new column type, so "
                         "it gets the default value", dst_ts->name,
                         UUID_ARGS(ovsdb_row_get_uuid(src_row)),
                         dst_col->name);
        }
    }
    return dst_row;
}

/* Builds a copy of 'src' converted to 'schema'; see file.h. */
struct ovsdb_error *
ovsdb_file_convert_db(const struct ovsdb *src,
                      const struct ovsdb_schema *schema, struct ovsdb **dstp)
{
    struct ovsdb *dst = ovsdb_create(ovsdb_schema_clone(schema));
    struct ovsdb_txn *txn = ovsdb_txn_create(dst);

    for (size_t i = 0; i < dst->n_tables; i++) {
        struct ovsdb_table *dst_table = dst->tables[i];
        const struct ovsdb_table *src_table
            = ovsdb_get_table(src, dst_table->schema->name);
        if (!src_table) {
            continue;
        }

        const struct ovsdb_row *row;
        HMAP_FOR_EACH (row, hmap_node, &src_table->rows) {
            ovsdb_txn_row_insert(txn, convert_row(row, dst_table));
        }
    }

    struct ovsdb_error *error = ovsdb_txn_commit(txn);
    if (error) {
        ovsdb_destroy(dst);
        *dstp = NULL;
        return ovsdb_wrap_error(error, "database conversion failed");
    }
    *dstp = dst;
    return NULL;
}

/* Converts the database of 'file' to 'schema' and rewrites the file; see
 * file.h. */
struct ovsdb_error *
ovsdb_file_convert(struct ovsdb_file *file, const struct ovsdb_schema *schema,
                   const char *comment, struct ovsdb **new_dbp)
{
    struct ovsdb *new_db;

    *new_dbp = NULL;
    struct ovsdb_error *error = ovsdb_file_convert_db(file->db, schema,
                                                      &new_db);
    if (error) {
        return error;
    }
    error = replace_with_snapshot(file, new_db,
                                  comment ? comment
                                  : "converted by oswdb-server");
    if (error) {
        ovsdb_destroy(new_db);
        return error;
    }

    ovsdb_remove_commit_hook(&file->hook);
    file->db = new_db;
    ovsdb_add_commit_hook(new_db, &file->hook, &file_hook_class);
    *new_dbp = new_db;
    return NULL;
}
