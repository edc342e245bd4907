/* Fuzz target for database files: the record framing (ovsdb/log.c) and
 * the storage layer that replays a file into a database (ovsdb/file.c).
 *
 * The input is the whole content of a database file.  It is written to a
 * fresh directory under $TMPDIR (or /tmp), which is removed afterwards with
 * everything in it (the file, its lock file, compaction's temporary file),
 * and then:
 *
 *   1. read record by record with the log reader (read-only), which finds
 *      the "good prefix": the bytes up to the end of the last good record;
 *   2. read with ovsdb_file_read_schema() and ovsdb_file_read(), both
 *      strict and partial; the two reads must agree, and reading must not
 *      change the file;
 *   3. opened for writing with ovsdb_file_open(), which must succeed
 *      exactly when the strict read did and give the same data; then a
 *      few transactions built from the schema and the data are executed
 *      (inserts, deletes, and mutations that shrink sets and maps, so that
 *      both full and diff records get written), after which the file
 *      (which had its bad tail, if any, cut off) must still begin with the
 *      good prefix and read back as the database in memory (as must a
 *      copy saved with ovsdb_file_save_copy()); then it is compacted, read
 *      back again, closed, and opened once more.
 *
 * All of this runs twice: on the input as it is, which exercises the
 * framing (torn tails, bad checksums, garbage), and on the input with every
 * record's length and SHA-1 recomputed for the bytes up to the next header,
 * so that mutations inside records reach the replay code rather than being
 * stopped by the checksum.
 *
 * Every database that results is checked as the engine promises: datums
 * well formed, references resolved, reference counts and weak-reference
 * sources right, unique indexes and "maxRows" respected.  A failed check,
 * or a disagreement between the steps, aborts. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "execution.h"
#include "file.h"
#include "log.h"
#include "osw/dynamic-string.h"
#include "osw/hash.h"
#include "osw/hmap.h"
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

/* Tables that get transactions, at most. */
#define MAX_TXN_TABLES 4

/* With OSW_FUZZ_VERBOSE in the environment: log, and say what happens. */
static bool verbose;

/* The directory of the input being run, if any, so that it can be removed
 * when the program stops in the middle (see cleanup()). */
static char *cur_dir;

/* Removes 'cur_dir', quietly: the program is on its way out. */
static void
cleanup(void)
{
    char *dir = cur_dir;

    cur_dir = NULL;
    if (dir) {
        DIR *d = opendir(dir);
        if (d) {
            struct dirent *de;
            while ((de = readdir(d)) != NULL) {
                char *name = xasprintf("%s/%s", dir, de->d_name);
                unlink(name);
                free(name);
            }
            closedir(d);
        }
        rmdir(dir);
    }
}

/* Reports a broken promise and aborts, so that libFuzzer (or the replay
 * program) records the input. */
static void OSW_NO_RETURN OSW_PRINTF_FORMAT(1, 2)
fail(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    fprintf(stderr, "fuzz-ovsdb-file: ");
    vfprintf(stderr, format, args);
    fprintf(stderr, "\n");
    va_end(args);
    cleanup();
    abort();
}

static void OSW_PRINTF_FORMAT(1, 2)
note(const char *format, ...)
{
    if (verbose) {
        va_list args;

        va_start(args, format);
        vfprintf(stderr, format, args);
        fprintf(stderr, "\n");
        va_end(args);
    }
}

/* Frees 'error', after showing it in verbose mode. */
static void
note_error(const char *what, struct ovsdb_error *error)
{
    if (verbose) {
        char *s = ovsdb_error_to_string(error);
        note("%s: %s", what, s);
        free(s);
    }
    ovsdb_error_destroy(error);
}

/* Files. */

/* Returns the content of file 'name' in '*sizep' bytes (caller frees).
 * Aborts if it cannot be read. */
static char *
read_whole_file(const char *name, size_t *sizep)
{
    int fd = open(name, O_RDONLY);
    if (fd < 0) {
        fail("%s: open failed (%s)", name, strerror(errno));
    }

    size_t allocated = 4096, n = 0;
    char *buf = xmalloc(allocated);
    for (;;) {
        if (n == allocated) {
            buf = x2nrealloc(buf, &allocated, 1);
        }
        ssize_t got = read(fd, buf + n, allocated - n);
        if (got < 0) {
            fail("%s: read failed (%s)", name, strerror(errno));
        } else if (!got) {
            break;
        }
        n += got;
    }
    close(fd);
    *sizep = n;
    return buf;
}

static void
write_whole_file(const char *name, const uint8_t *data, size_t size)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        fail("%s: create failed (%s)", name, strerror(errno));
    }
    while (size) {
        ssize_t n = write(fd, data, size);
        if (n <= 0) {
            fail("%s: write failed (%s)", name, strerror(errno));
        }
        data += n;
        size -= n;
    }
    close(fd);
}

/* Removes directory 'dir' and the files in it. */
static void
remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fail("%s: opendir failed (%s)", dir, strerror(errno));
    }

    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            char *name = xasprintf("%s/%s", dir, de->d_name);
            if (unlink(name)) {
                fail("%s: unlink failed (%s)", name, strerror(errno));
            }
            free(name);
        }
    }
    closedir(d);
    if (rmdir(dir)) {
        fail("%s: rmdir failed (%s)", dir, strerror(errno));
    }
}

/* Checks that file 'name' begins with the first 'n' bytes of 'data' and,
 * if 'exact', has no more. */
static void
check_file_prefix(const char *name, const uint8_t *data, size_t n,
                  bool exact, const char *when)
{
    size_t size;
    char *content = read_whole_file(name, &size);

    if (size < n || memcmp(content, data, n) || (exact && size != n)) {
        fail("%s: the file's first %zu bytes changed", when, n);
    }
    free(content);
}

/* Reads every record of 'name' with the log reader and returns the size
 * of its good prefix, or -1 if it is not a database file at all. */
static off_t
good_prefix(const char *name, size_t size)
{
    struct ovsdb_log *log;
    char *msg = NULL;

    if (ovsdb_log_open(name, OVSDB_LOG_READ_ONLY, &log, &msg)) {
        note("log: %s", msg);
        free(msg);
        return -1;
    }

    uint64_t n = 0;
    off_t last = 0;
    for (;;) {
        json_t *record;
        int error = ovsdb_log_read(log, &record);
        off_t offset = ovsdb_log_get_offset(log);

        if (offset < last || offset > (off_t) size) {
            fail("log offset went from %lld to %lld in a %zu-byte file",
                 (long long int) last, (long long int) offset, size);
        }
        last = offset;
        if (error || !record) {
            if (error && !ovsdb_log_get_error(log)) {
                fail("log read error without a message");
            }
            note("log: %"PRIu64" good records, %lld good bytes%s%s", n,
                 (long long int) offset, error ? ": " : "",
                 error ? ovsdb_log_get_error(log) : "");
            break;
        }
        if (!json_is_object(record)) {
            fail("log record is not an object");
        }
        json_decref(record);
        n++;
    }
    if (ovsdb_log_get_n_read(log) != n) {
        fail("log counted %"PRIu64" records, read %"PRIu64,
             ovsdb_log_get_n_read(log), n);
    }
    ovsdb_log_close(log);
    return last;
}

/* Database checks (the same as in fuzz-ovsdb-transact.c, except that a
 * column may hold its type's default even if that breaks a constraint:
 * records list only the columns that differ from their defaults). */

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

static struct strong_count *
find_strong(const struct ref_counts *rc, const struct ovsdb_row *dst)
{
    struct strong_count *s;

    HMAP_FOR_EACH_WITH_HASH (s, hmap_node, hash_pointer(dst, 0),
                             &rc->strong) {
        if (s->dst == dst) {
            return s;
        }
    }
    return NULL;
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
        struct strong_count *s = find_strong(rc, dst);
        if (!s) {
            s = xzalloc(sizeof *s);
            s->dst = dst;
            hmap_insert(&rc->strong, &s->hmap_node, hash_pointer(dst, 0));
        }
        s->n++;
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

/* True if 'datum' is well formed for 'type': sorted unique keys, a size
 * within bounds, values exactly for maps. */
static bool
datum_is_well_formed(const struct ovsdb_datum *datum,
                     const struct ovsdb_type *type)
{
    if (datum->n < type->n_min || datum->n > type->n_max
        || (datum->n && ovsdb_type_is_map(type) != !!datum->values)) {
        return false;
    }
    for (unsigned int i = 1; i < datum->n; i++) {
        if (ovsdb_atom_compare_3way(&datum->keys[i - 1], &datum->keys[i],
                                    type->key.type) >= 0) {
            return false;
        }
    }
    return true;
}

static void
check_row(const struct ovsdb_table *table, const struct ovsdb_row *row)
{
    const struct ovsdb_table_schema *ts = table->schema;

    if (row->table != table || row->txn_row
        || row->hmap_node.hash != ovsdb_row_hash(row)
        || ovsdb_table_get_row(table, ovsdb_row_get_uuid(row)) != row) {
        fail("%s row "UUID_FMT": bad bookkeeping", ts->name,
             UUID_ARGS(ovsdb_row_get_uuid(row)));
    }
    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_datum *datum = &row->fields[i];
        const struct ovsdb_type *type = &ts->columns[i]->type;

        if (ovsdb_datum_is_default(datum, type)
            ? !datum_is_well_formed(datum, type)
            : !ovsdb_datum_conforms_to_type(datum, type)) {
            fail("%s row "UUID_FMT": column %s breaks its type", ts->name,
                 UUID_ARGS(ovsdb_row_get_uuid(row)), ts->columns[i]->name);
        }
    }
}

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

/* Checks the weak-reference sources recorded in 'row' against 'rc' and
 * returns how many there are. */
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

static void
check_ref_counts(const struct ovsdb *db, const struct ref_counts *rc)
{
    size_t n_weak = 0;

    for (size_t t = 0; t < db->n_tables; t++) {
        const struct ovsdb_table *table = db->tables[t];
        const struct ovsdb_row *row;

        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            const struct strong_count *s = find_strong(rc, row);
            size_t n_refs = s ? s->n : 0;
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

/* Checks every invariant of 'db'. */
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
        const struct ovsdb_row *row;

        if (ts != db->schema->tables[t] || table->txn_table) {
            fail("table %s: bad bookkeeping", ts->name);
        }
        if (hmap_count(&table->rows) > ts->max_rows) {
            fail("table %s: %zu rows, maxRows %u", ts->name,
                 hmap_count(&table->rows), ts->max_rows);
        }
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            check_row(table, row);
            for (size_t i = 0; i < ts->n_columns; i++) {
                const struct ovsdb_column *column = ts->columns[i];
                const struct ovsdb_datum *d = &row->fields[i];

                check_refs(db, &rc, table, row, column, &column->type.key,
                           d->keys, d->n);
                check_refs(db, &rc, table, row, column, &column->type.value,
                           d->values, d->values ? d->n : 0);
            }
        }
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

/* Returns what a file stores of 'db' as text, to compare databases: every
 * table's rows by uuid, persistent columns only.  Caller frees. */
static char *
dump_db(const struct ovsdb *db)
{
    json_t *json = json_object();

    for (size_t t = 0; t < db->n_tables; t++) {
        const struct ovsdb_table *table = db->tables[t];
        const struct ovsdb_table_schema *ts = table->schema;
        struct ovsdb_column_set columns = OVSDB_COLUMN_SET_INITIALIZER;
        json_t *rows = json_object();
        const struct ovsdb_row *row;

        for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
            if (ts->columns[i]->persistent) {
                ovsdb_column_set_add(&columns, ts->columns[i]);
            }
        }
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            char uuid[UUID_LEN + 1];
            uuid_to_string(ovsdb_row_get_uuid(row), uuid);
            json_object_set_new(rows, uuid, ovsdb_row_to_json(row, &columns));
        }
        json_object_set_new(json, ts->name, rows);
        ovsdb_column_set_destroy(&columns);
    }

    char *text = json_dumps(json, JSON_COMPACT | JSON_SORT_KEYS);
    if (!text) {
        fail("database does not serialize");
    }
    json_decref(json);
    return text;
}

/* Reads 'name' strictly and checks that it holds what 'expected' (a
 * dump_db() text) says and the schema of 'db'. */
static void
check_file_holds(const char *name, const struct ovsdb *db,
                 const char *expected, const char *when)
{
    struct ovsdb *copy;
    struct ovsdb_error *error = ovsdb_file_read(name, false, &copy);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        fail("%s: the file does not read back: %s", when, s);
    }
    check_db(copy);

    char *text = dump_db(copy);
    if (strcmp(text, expected)) {
        fail("%s: the file reads back as\n%s\ninstead of\n%s", when, text,
             expected);
    }
    if (!ovsdb_schema_equal(copy->schema, db->schema)) {
        fail("%s: the file's schema changed", when);
    }
    free(text);
    ovsdb_destroy(copy);
}

/* Transactions. */

/* Executes 'ops' (which it takes) on 'db'. */
static void
execute(struct ovsdb *db, json_t *ops)
{
    json_t *result;

    if (ovsdb_execute(db, NULL, ops, false, 0, NULL, &result)
        != OVSDB_EXEC_DONE || !json_is_array(result)) {
        fail("execution did not produce a result array");
    }
    if (verbose) {
        char *ops_text = json_dumps(ops, JSON_COMPACT);
        char *text = json_dumps(result, JSON_COMPACT);
        note("transaction %s\n  -> %s", ops_text, text);
        free(ops_text);
        free(text);
    }
    json_decref(result);
    json_decref(ops);
    check_db(db);
}

/* Returns [{"op": OP, "table": TABLE, "where": [["_uuid", "==", UUID]]}]
 * for 'row', without members specific to 'op'. */
static json_t *
row_op(const char *op, const struct ovsdb_row *row)
{
    char uuid[UUID_LEN + 1];

    uuid_to_string(ovsdb_row_get_uuid(row), uuid);
    return json_pack("{s:s, s:s, s:[[s, s, [s, s]]]}",
                     "op", op, "table", row->table->schema->name,
                     "where", "_uuid", "==", "uuid", uuid);
}

/* Returns a mutation that removes the first element of every set or map
 * column of 'row' that has one, or NULL if there is none. */
static json_t *
shrink_mutations(const struct ovsdb_row *row)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    json_t *mutations = json_array();

    for (size_t i = OVSDB_N_STD_COLUMNS; i < ts->n_columns; i++) {
        const struct ovsdb_column *column = ts->columns[i];
        const struct ovsdb_datum *datum = &row->fields[i];

        if (column->mutable && ovsdb_type_is_composite(&column->type)
            && datum->n) {
            json_t *key = ovsdb_atom_to_json(&datum->keys[0],
                                             column->type.key.type);
            json_array_append_new(mutations,
                                  json_pack("[s, s, [s, [o]]]",
                                            column->name, "delete", "set",
                                            key));
        }
    }
    if (!json_array_size(mutations)) {
        json_decref(mutations);
        return NULL;
    }
    return mutations;
}

/* Runs a few transactions on 'db', one table at a time so that a failure
 * in one table does not hide the others.  With 'durable', the first one
 * asks for a durable commit. */
static void
run_txns(struct ovsdb *db, bool durable)
{
    size_t n_tables = MIN(db->n_tables, MAX_TXN_TABLES);

    execute(db, json_pack("[{s:s, s:s}, {s:s, s:b}]",
                          "op", "comment", "comment", "fuzz",
                          "op", "commit", "durable", durable));
    for (size_t t = 0; t < n_tables; t++) {
        const struct ovsdb_table *table = db->tables[t];

        execute(db, json_pack("[{s:s, s:s, s:{}}]", "op", "insert",
                              "table", table->schema->name, "row"));
        if (!hmap_is_empty(&table->rows)) {
            const struct ovsdb_row *row
                = CONTAINER_OF(hmap_first(&table->rows), struct ovsdb_row,
                               hmap_node);
            json_t *mutations = shrink_mutations(row);
            if (mutations) {
                json_t *op = row_op("mutate", row);
                json_object_set_new(op, "mutations", mutations);
                execute(db, json_pack("[o]", op));
            }
        }
        if (!hmap_is_empty(&table->rows)) {
            const struct ovsdb_row *row
                = CONTAINER_OF(hmap_first(&table->rows), struct ovsdb_row,
                               hmap_node);
            execute(db, json_pack("[o]", row_op("delete", row)));
        }
    }
}

/* The steps. */

/* Step 2: the read-only functions.  Returns the strict read's dump (caller
 * frees), or NULL if it failed. */
static char *
read_only(const char *name, const uint8_t *data, size_t size)
{
    struct ovsdb_schema *schema;
    struct ovsdb *db, *partial_db;
    struct ovsdb_error *error;
    char *dump = NULL;

    error = ovsdb_file_read_schema(name, &schema);
    if (error) {
        note_error("read schema", error);
        if (schema) {
            fail("read schema failed yet returned a schema");
        }
    }

    error = ovsdb_file_read(name, false, &db);
    if (error) {
        note_error("strict read", error);
        if (db) {
            fail("strict read failed yet returned a database");
        }
    } else {
        if (!schema || !ovsdb_schema_equal(schema, db->schema)) {
            fail("the schema read alone is not the database's");
        }
        check_db(db);
        dump = dump_db(db);
        ovsdb_destroy(db);
    }
    ovsdb_schema_destroy(schema);

    error = ovsdb_file_read(name, true, &partial_db);
    if (partial_db) {
        check_db(partial_db);
        char *partial_dump = dump_db(partial_db);
        if (!error && (!dump || strcmp(dump, partial_dump))) {
            fail("strict and partial reads disagree");
        }
        free(partial_dump);
        ovsdb_destroy(partial_db);
    }
    if (!error != !!dump) {
        fail("strict and partial reads disagree on success");
    }
    ovsdb_error_destroy(error);

    check_file_prefix(name, data, size, true, "after reading");
    return dump;
}

/* Checks that a copy of 'db' saved next to 'name', and a new empty file
 * with its schema, read back as they should. */
static void
check_copies(const char *name, const struct ovsdb *db, const char *expected)
{
    char *copy_name = xasprintf("%s.copy", name);
    struct ovsdb_error *error = ovsdb_file_save_copy(copy_name, db, "copy");
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        fail("saving a copy failed: %s", s);
    }
    check_file_holds(copy_name, db, expected, "copy");
    if (unlink(copy_name)) {
        fail("%s: unlink failed (%s)", copy_name, strerror(errno));
    }

    struct ovsdb *empty = ovsdb_create(ovsdb_schema_clone(db->schema));
    char *empty_dump = dump_db(empty);
    error = ovsdb_file_create(copy_name, db->schema, 0, NULL);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        fail("creating a file failed: %s", s);
    }
    check_file_holds(copy_name, empty, empty_dump, "new file");
    free(empty_dump);
    ovsdb_destroy(empty);
    free(copy_name);
}

/* Step 3: writing. */
static void
read_write(const char *name, const uint8_t *data, size_t size,
           off_t good_size, const char *expected)
{
    /* Some inputs ask for a sync after every commit. */
    unsigned int flags = size % 5 == 0 ? OVSDB_FILE_SYNC : 0;
    struct ovsdb_file *file;
    struct ovsdb_error *error = ovsdb_file_open(name, flags, &file);

    if (error) {
        note_error("open", error);
        if (expected) {
            fail("the file reads but does not open");
        }
        check_file_prefix(name, data, size, true, "after failing to open");
        return;
    }
    if (!expected) {
        fail("the file opens but does not read");
    }

    struct ovsdb *db = ovsdb_file_get_db(file);
    check_db(db);
    char *dump = dump_db(db);
    if (strcmp(dump, expected)) {
        fail("the file opens as\n%s\nbut reads as\n%s", dump, expected);
    }
    free(dump);

    /* Half the inputs write full values rather than diffs. */
    ovsdb_file_set_column_diff(file, size % 2 == 0);
    run_txns(db, size % 3 == 0);
    check_file_prefix(name, data, good_size, false, "after transactions");
    dump = dump_db(db);
    check_file_holds(name, db, dump, "after transactions");
    if (ovsdb_file_needs_sync(file)) {
        error = ovsdb_file_sync(file);
        if (error) {
            char *s = ovsdb_error_to_string_free(error);
            fail("sync failed: %s", s);
        }
        if (ovsdb_file_needs_sync(file)) {
            fail("still needs a sync after one");
        }
    }
    check_copies(name, db, dump);

    error = ovsdb_file_compact(file, NULL);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        fail("compaction failed: %s", s);
    }
    check_db(db);
    check_file_holds(name, db, dump, "after compaction");
    ovsdb_destroy(db);          /* Closes 'file'. */

    error = ovsdb_file_open(name, 0, &file);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        fail("the compacted file does not open: %s", s);
    }
    db = ovsdb_file_get_db(file);
    char *reopened = dump_db(db);
    if (strcmp(reopened, dump)) {
        fail("the compacted file opens as\n%s\ninstead of\n%s", reopened,
             dump);
    }
    free(reopened);
    free(dump);
    ovsdb_destroy(db);
}

/* Reframing. */

static const char magic[] = "OVSDB JSON ";
#define MAGIC_LEN (sizeof magic - 1)

/* True if a record header starts at 'data[ofs]'. */
static bool
is_header(const uint8_t *data, size_t size, size_t ofs)
{
    return ((!ofs || data[ofs - 1] == '\n')
            && size - ofs >= MAGIC_LEN
            && !memcmp(data + ofs, magic, MAGIC_LEN));
}

/* Appends to 'out' a record whose body is the 'n' bytes at 'body', under
 * a header with their length and SHA-1. */
static void
put_reframed(struct ds *out, const uint8_t *body, size_t n)
{
    uint8_t sha1[EVP_MAX_MD_SIZE];
    unsigned int len = 0;

    if (EVP_Digest(body, n, sha1, &len, EVP_sha1(), NULL) != 1) {
        fail("SHA-1 failed");
    }
    ds_put_format(out, "%s%zu ", magic, n);
    for (unsigned int i = 0; i < len; i++) {
        ds_put_format(out, "%02x", sha1[i]);
    }
    ds_put_char(out, '\n');
    ds_put_buffer(out, (const char *) body, n);
}

/* Returns 'data' with every record's length and SHA-1 made right for the
 * bytes between its header and the next one (or the end), so that
 * mutations inside records reach the replay code instead of stopping at
 * the checksum.  Bytes before the first header, and a last header without
 * a newline, are kept as they are. */
static void
reframe(const uint8_t *data, size_t size, struct ds *out)
{
    size_t ofs = 0;

    while (ofs < size && !is_header(data, size, ofs)) {
        ofs++;
    }
    ds_put_buffer(out, (const char *) data, ofs);
    while (ofs < size) {
        const uint8_t *nl = memchr(data + ofs, '\n', size - ofs);
        if (!nl) {
            ds_put_buffer(out, (const char *) data + ofs, size - ofs);
            break;
        }

        size_t body = nl - data + 1;
        size_t end = body;
        while (end < size && !is_header(data, size, end)) {
            end++;
        }
        put_reframed(out, data + body, end - body);
        ofs = end;
    }
}

/* Runs every step on a file that holds 'data'. */
static void
fuzz_file(const uint8_t *data, size_t size)
{
    const char *tmpdir = getenv("TMPDIR");
    char *dir = xasprintf("%s/osw-fuzz-file-XXXXXX",
                          tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir)) {
        fail("%s: mkdtemp failed (%s)", dir, strerror(errno));
    }
    cur_dir = dir;
    char *name = xasprintf("%s/conf.db", dir);
    write_whole_file(name, data, size);

    off_t good_size = good_prefix(name, size);
    char *expected = read_only(name, data, size);
    read_write(name, data, size, MAX(good_size, 0), expected);
    free(expected);

    cur_dir = NULL;
    remove_dir(dir);
    free(name);
    free(dir);
}

/* Runs the file in 'data' through every step, then the same file with its
 * records' lengths and checksums made right (see the top). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool initialized;

    if (!initialized) {
        initialized = true;
        atexit(cleanup);
        verbose = getenv("OSW_FUZZ_VERBOSE") != NULL;
        if (!verbose) {
            /* Damaged files are logged about, by design. */
            vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
        }
    }

    fuzz_file(data, size);

    struct ds reframed = DS_EMPTY_INITIALIZER;
    reframe(data, size, &reframed);
    if (reframed.length != size
        || (size && memcmp(reframed.string, data, size))) {
        note("reframed:");
        fuzz_file((const uint8_t *) reframed.string, reframed.length);
    }
    ds_destroy(&reframed);
    return 0;
}
