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
 * Every database that results is checked as the engine promises, by
 * ovsdb-fuzz-check.h (shared with fuzz-ovsdb-transact): datums well formed,
 * references resolved, reference counts and weak-reference sources right,
 * unique indexes and "maxRows" respected, rows that survive a JSON round
 * trip.  A column may hold its type's default even if that breaks a
 * constraint, since records list only the columns that differ from their
 * defaults.  A failed check, or a disagreement between the steps, aborts. */
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
#include "osw/hmap.h"
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
        ovsdb_fuzz_fail("%s: open failed (%s)", name, strerror(errno));
    }

    size_t allocated = 4096, n = 0;
    char *buf = xmalloc(allocated);
    for (;;) {
        if (n == allocated) {
            buf = x2nrealloc(buf, &allocated, 1);
        }
        ssize_t got = read(fd, buf + n, allocated - n);
        if (got < 0) {
            ovsdb_fuzz_fail("%s: read failed (%s)", name, strerror(errno));
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
        ovsdb_fuzz_fail("%s: create failed (%s)", name, strerror(errno));
    }
    while (size) {
        ssize_t n = write(fd, data, size);
        if (n <= 0) {
            ovsdb_fuzz_fail("%s: write failed (%s)", name, strerror(errno));
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
        ovsdb_fuzz_fail("%s: opendir failed (%s)", dir, strerror(errno));
    }

    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            char *name = xasprintf("%s/%s", dir, de->d_name);
            if (unlink(name)) {
                ovsdb_fuzz_fail("%s: unlink failed (%s)", name,
                                strerror(errno));
            }
            free(name);
        }
    }
    closedir(d);
    if (rmdir(dir)) {
        ovsdb_fuzz_fail("%s: rmdir failed (%s)", dir, strerror(errno));
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
        ovsdb_fuzz_fail("%s: the file's first %zu bytes changed", when, n);
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
            ovsdb_fuzz_fail("log offset went from %lld to %lld in a "
                            "%zu-byte file", (long long int) last,
                            (long long int) offset, size);
        }
        last = offset;
        if (error || !record) {
            if (error && !ovsdb_log_get_error(log)) {
                ovsdb_fuzz_fail("log read error without a message");
            }
            note("log: %"PRIu64" good records, %lld good bytes%s%s", n,
                 (long long int) offset, error ? ": " : "",
                 error ? ovsdb_log_get_error(log) : "");
            break;
        }
        if (!json_is_object(record)) {
            ovsdb_fuzz_fail("log record is not an object");
        }
        json_decref(record);
        n++;
    }
    if (ovsdb_log_get_n_read(log) != n) {
        ovsdb_fuzz_fail("log counted %"PRIu64" records, read %"PRIu64,
                        ovsdb_log_get_n_read(log), n);
    }
    ovsdb_log_close(log);
    return last;
}


/* Databases. */

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
        ovsdb_fuzz_fail("database does not serialize");
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
        ovsdb_fuzz_fail("%s: the file does not read back: %s", when, s);
    }
    ovsdb_fuzz_check_db(copy, OVSDB_FUZZ_LAX_DEFAULTS);

    char *text = dump_db(copy);
    if (strcmp(text, expected)) {
        ovsdb_fuzz_fail("%s: the file reads back as\n%s\ninstead of\n%s",
                        when, text, expected);
    }
    if (!ovsdb_schema_equal(copy->schema, db->schema)) {
        ovsdb_fuzz_fail("%s: the file's schema changed", when);
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
        ovsdb_fuzz_fail("execution did not produce a result array");
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
    ovsdb_fuzz_check_db(db, OVSDB_FUZZ_LAX_DEFAULTS);
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
            ovsdb_fuzz_fail("read schema failed yet returned a schema");
        }
    }

    error = ovsdb_file_read(name, false, &db);
    if (error) {
        note_error("strict read", error);
        if (db) {
            ovsdb_fuzz_fail("strict read failed yet returned a database");
        }
    } else {
        if (!schema || !ovsdb_schema_equal(schema, db->schema)) {
            ovsdb_fuzz_fail("the schema read alone is not the database's");
        }
        ovsdb_fuzz_check_db(db, OVSDB_FUZZ_LAX_DEFAULTS);
        dump = dump_db(db);
        ovsdb_destroy(db);
    }
    ovsdb_schema_destroy(schema);

    error = ovsdb_file_read(name, true, &partial_db);
    if (partial_db) {
        ovsdb_fuzz_check_db(partial_db, OVSDB_FUZZ_LAX_DEFAULTS);
        char *partial_dump = dump_db(partial_db);
        if (!error && (!dump || strcmp(dump, partial_dump))) {
            ovsdb_fuzz_fail("strict and partial reads disagree");
        }
        free(partial_dump);
        ovsdb_destroy(partial_db);
    }
    if (!error != !!dump) {
        ovsdb_fuzz_fail("strict and partial reads disagree on success");
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
        ovsdb_fuzz_fail("saving a copy failed: %s", s);
    }
    check_file_holds(copy_name, db, expected, "copy");
    if (unlink(copy_name)) {
        ovsdb_fuzz_fail("%s: unlink failed (%s)", copy_name, strerror(errno));
    }

    struct ovsdb *empty = ovsdb_create(ovsdb_schema_clone(db->schema));
    char *empty_dump = dump_db(empty);
    error = ovsdb_file_create(copy_name, db->schema, 0, NULL);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        ovsdb_fuzz_fail("creating a file failed: %s", s);
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
            ovsdb_fuzz_fail("the file reads but does not open");
        }
        check_file_prefix(name, data, size, true, "after failing to open");
        return;
    }
    if (!expected) {
        ovsdb_fuzz_fail("the file opens but does not read");
    }

    struct ovsdb *db = ovsdb_file_get_db(file);
    ovsdb_fuzz_check_db(db, OVSDB_FUZZ_LAX_DEFAULTS);
    char *dump = dump_db(db);
    if (strcmp(dump, expected)) {
        ovsdb_fuzz_fail("the file opens as\n%s\nbut reads as\n%s", dump,
                        expected);
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
            ovsdb_fuzz_fail("sync failed: %s", s);
        }
        if (ovsdb_file_needs_sync(file)) {
            ovsdb_fuzz_fail("still needs a sync after one");
        }
    }
    check_copies(name, db, dump);

    error = ovsdb_file_compact(file, NULL);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        ovsdb_fuzz_fail("compaction failed: %s", s);
    }
    ovsdb_fuzz_check_db(db, OVSDB_FUZZ_LAX_DEFAULTS);
    check_file_holds(name, db, dump, "after compaction");
    ovsdb_destroy(db);          /* Closes 'file'. */

    error = ovsdb_file_open(name, 0, &file);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        ovsdb_fuzz_fail("the compacted file does not open: %s", s);
    }
    db = ovsdb_file_get_db(file);
    char *reopened = dump_db(db);
    if (strcmp(reopened, dump)) {
        ovsdb_fuzz_fail("the compacted file opens as\n%s\ninstead of\n%s",
                        reopened, dump);
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
        ovsdb_fuzz_fail("SHA-1 failed");
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
    char *dir;
    int error = osw_make_temp_dir("osw-fuzz-file", &dir);
    if (error) {
        ovsdb_fuzz_fail("cannot create a temporary directory (%s)",
                        osw_strerror(error));
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
        ovsdb_fuzz_init("fuzz-ovsdb-file", cleanup);
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
