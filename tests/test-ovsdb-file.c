/* Tests for ovsdb/file.c: replaying database files, writing transactions,
 * group commit, compaction and conversion. */
#include <config.h>
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "execution.h"
#include "log.h"
#include "osw/dynamic-string.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/uuid.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "row.h"
#include "table.h"
#include "testlib.h"
#include "transaction.h"

/* A schema with every kind of column the file format must carry: scalars
 * of each type, sets and maps (unbounded, bounded, with a minimum of 1),
 * strong and weak references, an enum, an ephemeral column, a non-root
 * table and a unique index. */
static const char schema_json[] =
    "{\"name\": \"Test\", \"version\": \"1.2.3\", \"cksum\": \"1 2\","
    " \"tables\": {"
    "  \"Root\": {\"isRoot\": true, \"indexes\": [[\"name\"]],"
    "   \"columns\": {"
    "    \"name\": {\"type\": \"string\"},"
    "    \"n\": {\"type\": \"integer\"},"
    "    \"x\": {\"type\": \"real\"},"
    "    \"flag\": {\"type\": \"boolean\"},"
    "    \"tags\": {\"type\": {\"key\": \"string\", \"min\": 0,"
    "               \"max\": \"unlimited\"}},"
    "    \"opts\": {\"type\": {\"key\": \"string\", \"value\": \"string\","
    "               \"min\": 0, \"max\": \"unlimited\"}},"
    "    \"kids\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "               \"refTable\": \"Kid\"}, \"min\": 0,"
    "               \"max\": \"unlimited\"}},"
    "    \"peers\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "               \"refTable\": \"Root\", \"refType\": \"weak\"},"
    "               \"min\": 0, \"max\": \"unlimited\"}},"
    "    \"pair\": {\"type\": {\"key\": \"integer\", \"min\": 0,"
    "               \"max\": 2}},"
    "    \"some\": {\"type\": {\"key\": \"integer\", \"min\": 1,"
    "               \"max\": 3}},"
    "    \"color\": {\"type\": {\"key\": {\"type\": \"string\","
    "               \"enum\": [\"set\", [\"red\", \"green\", \"blue\"]]},"
    "               \"min\": 0, \"max\": 1}},"
    "    \"status\": {\"type\": {\"key\": \"string\", \"value\": \"string\","
    "               \"min\": 0, \"max\": \"unlimited\"},"
    "               \"ephemeral\": true}}},"
    "  \"Kid\": {\"columns\": {"
    "    \"k\": {\"type\": \"integer\"},"
    "    \"sizes\": {\"type\": {\"key\": \"integer\", \"value\": \"real\","
    "               \"min\": 0, \"max\": \"unlimited\"}}}},"
    "  \"Big\": {\"isRoot\": true, \"columns\": {"
    "    \"name\": {\"type\": \"string\"},"
    "    \"n\": {\"type\": \"integer\"},"
    "    \"tags\": {\"type\": {\"key\": \"string\", \"min\": 0,"
    "               \"max\": \"unlimited\"}}}}}}";

/* Helpers. */

static struct ovsdb_schema *
test_schema(void)
{
    json_error_t jerr;
    json_t *json = json_loads(schema_json, 0, &jerr);
    struct ovsdb_schema *schema;

    CHECK(json != NULL);
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);
    CHECK(error == NULL);
    json_decref(json);
    return schema;
}

static char *
tmp_file(const char *name)
{
    return xasprintf("%s/%s", osw_test_tmpdir(), name);
}

static off_t
file_size(const char *name)
{
    struct stat s;
    CHECK_EQ(stat(name, &s), 0);
    return s.st_size;
}

static char *
read_file(const char *name, size_t *sizep)
{
    int fd = open(name, O_RDONLY);
    CHECK(fd >= 0);
    off_t size = file_size(name);
    char *data = xmalloc(size + 1);
    size_t n;
    CHECK_EQ(read_fully(fd, data, size, &n), 0);
    CHECK_EQ(n, size);
    close(fd);
    data[size] = '\0';
    *sizep = size;
    return data;
}

/* Creates 'name' (in the test directory) with the test schema and returns
 * it open. */
static struct ovsdb_file *
create_file(const char *name, unsigned int flags)
{
    struct ovsdb_schema *schema = test_schema();
    struct ovsdb_file *file;
    struct ovsdb_error *error = ovsdb_file_create(name, schema, flags, &file);
    CHECK(error == NULL);
    ovsdb_schema_destroy(schema);
    return file;
}

static struct ovsdb_file *
open_file(const char *name, unsigned int flags)
{
    struct ovsdb_file *file;
    struct ovsdb_error *error = ovsdb_file_open(name, flags, &file);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        osw_test_fail(__FILE__, __LINE__, "open %s: %s", name, s);
    }
    return file;
}

static struct ovsdb *
read_db(const char *name)
{
    struct ovsdb *db;
    struct ovsdb_error *error = ovsdb_file_read(name, false, &db);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        osw_test_fail(__FILE__, __LINE__, "read %s: %s", name, s);
    }
    return db;
}

/* Runs the operations in 'ops' (a JSON array, printf-style) on 'db' and
 * returns the result array. */
static json_t * OSW_PRINTF_FORMAT(2, 3)
run_ops(struct ovsdb *db, const char *ops, ...)
{
    va_list args;
    va_start(args, ops);
    char *text = xvasprintf(ops, args);
    va_end(args);

    json_error_t jerr;
    json_t *json = json_loads(text, 0, &jerr);
    if (!json) {
        osw_test_fail(__FILE__, __LINE__, "bad JSON %s: %s", text, jerr.text);
    }
    json_t *result;
    long long int timeout;
    CHECK_EQ(ovsdb_execute(db, NULL, json, false, 0, &timeout, &result),
             OVSDB_EXEC_DONE);
    json_decref(json);
    free(text);
    return result;
}

/* Returns the first error in 'result' as compact JSON (the caller frees
 * it), or NULL if there is none. */
static char *
result_error(const json_t *result)
{
    size_t i;
    json_t *elem;

    if (!json_is_array(result)) {
        return json_dumps(result, JSON_COMPACT | JSON_SORT_KEYS);
    }
    json_array_foreach (result, i, elem) {
        if (json_object_get(elem, "error")) {
            return json_dumps(elem, JSON_COMPACT | JSON_SORT_KEYS);
        }
    }
    return NULL;
}

/* Like run_ops() but the transaction must succeed; returns nothing. */
#define TXN_OK(DB, ...)                                                 \
    do {                                                                \
        json_t *r__ = run_ops(DB, __VA_ARGS__);                         \
        char *e__ = result_error(r__);                                  \
        if (e__) {                                                      \
            osw_test_fail(__FILE__, __LINE__, "transaction failed: %s", \
                          e__);                                         \
        }                                                               \
        json_decref(r__);                                               \
    } while (0)

/* Returns the uuid that the "insert" at index 'i' of 'result' created. */
static struct uuid
result_uuid(const json_t *result, size_t i)
{
    const json_t *u = json_object_get(json_array_get(result, i), "uuid");
    struct uuid uuid;
    CHECK(uuid_from_string(&uuid, json_string_value(json_array_get(u, 1))));
    return uuid;
}

/* Returns the contents of 'db' as canonical text: every table, every row
 * by uuid, every persistent column, so that two databases with the same
 * data give the same text. */
static char *
db_dump(const struct ovsdb *db)
{
    json_t *all = json_object();

    for (size_t i = 0; i < db->n_tables; i++) {
        const struct ovsdb_table *table = db->tables[i];
        const struct ovsdb_table_schema *ts = table->schema;
        json_t *rows = json_object();
        const struct ovsdb_row *row;

        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            json_t *cols = json_object();
            for (size_t c = OVSDB_N_STD_COLUMNS; c < ts->n_columns; c++) {
                const struct ovsdb_column *col = ts->columns[c];
                if (col->persistent) {
                    json_object_set_new(cols, col->name,
                                        ovsdb_datum_to_json(&row->fields[c],
                                                            &col->type));
                }
            }
            char uuid[UUID_LEN + 1];
            uuid_to_string(ovsdb_row_get_uuid(row), uuid);
            json_object_set_new(rows, uuid, cols);
        }
        json_object_set_new(all, ts->name, rows);
    }
    char *s = json_dumps(all, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(all);
    return s;
}

/* Checks that the database in file 'name' holds what 'db' holds. */
static void
check_file_matches(const char *name, const struct ovsdb *db)
{
    struct ovsdb *copy = read_db(name);
    char *a = db_dump(db);
    char *b = db_dump(copy);
    CHECK_STREQ(a, b);
    free(a);
    free(b);
    ovsdb_destroy(copy);
}

/* Returns the records of 'name' as a JSON array. */
static json_t *
read_records(const char *name)
{
    struct ovsdb_log *log;
    char *msg = NULL;
    json_t *records = json_array();

    CHECK_EQ(ovsdb_log_open(name, OVSDB_LOG_READ_ONLY, &log, &msg), 0);
    for (;;) {
        json_t *record;
        CHECK_EQ(ovsdb_log_read(log, &record), 0);
        if (!record) {
            break;
        }
        json_array_append_new(records, record);
    }
    ovsdb_log_close(log);
    return records;
}

/* Returns record 'i' of file 'name' (negative: counting from the end), as
 * compact JSON with sorted keys and without "_date", which the caller
 * frees. */
static char *
record_text(const char *name, int i)
{
    json_t *records = read_records(name);
    size_t n = json_array_size(records);
    size_t idx = i < 0 ? n + i : (size_t) i;
    CHECK(idx < n);
    json_t *record = json_array_get(records, idx);
    CHECK(json_is_integer(json_object_get(record, "_date")));
    json_object_del(record, "_date");
    char *s = json_dumps(record, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(records);
    return s;
}

static size_t
n_records(const char *name)
{
    json_t *records = read_records(name);
    size_t n = json_array_size(records);
    json_decref(records);
    return n;
}

/* Creates file 'name' from the test schema followed by the records in
 * 'records' (JSON texts), written as is. */
static void
write_file(const char *name, const char *const *records, size_t n)
{
    struct ovsdb_log *log;
    char *msg = NULL;
    json_error_t jerr;

    CHECK_EQ(ovsdb_log_open(name, OVSDB_LOG_CREATE_EXCL, &log, &msg), 0);
    json_t *schema = json_loads(schema_json, 0, &jerr);
    CHECK_EQ(ovsdb_log_write(log, schema), 0);
    json_decref(schema);
    for (size_t i = 0; i < n; i++) {
        json_t *record = json_loads(records[i], 0, &jerr);
        if (!record) {
            osw_test_fail(__FILE__, __LINE__, "bad JSON %s", records[i]);
        }
        CHECK_EQ(ovsdb_log_write(log, record), 0);
        json_decref(record);
    }
    ovsdb_log_close(log);
}

/* Checks that 'error' is nonnull, has 'tag' and mentions each of the
 * strings that follow (NULL-terminated), then frees it. */
static void
check_error(struct ovsdb_error *error, const char *tag, ...)
{
    CHECK(error != NULL);
    char *s = ovsdb_error_to_string(error);
    if (strcmp(ovsdb_error_get_tag(error), tag)) {
        osw_test_fail(__FILE__, __LINE__, "expected \"%s\", got: %s", tag, s);
    }

    va_list args;
    va_start(args, tag);
    const char *want;
    while ((want = va_arg(args, const char *)) != NULL) {
        if (!strstr(s, want)) {
            osw_test_fail(__FILE__, __LINE__, "\"%s\" not in: %s", want, s);
        }
    }
    va_end(args);
    free(s);
    ovsdb_error_destroy(error);
}

static const struct ovsdb_row *
get_row(const struct ovsdb *db, const char *table, const char *uuid_s)
{
    struct uuid uuid;
    CHECK(uuid_from_string(&uuid, uuid_s));
    return ovsdb_table_get_row(ovsdb_get_table(db, table), &uuid);
}

/* Returns the value of 'column' of 'row' as compact JSON (caller frees). */
static char *
row_value(const struct ovsdb_row *row, const char *column)
{
    const struct ovsdb_column *col
        = ovsdb_table_schema_find_column(row->table->schema, column);
    CHECK(col != NULL);
    json_t *json = ovsdb_datum_to_json(&row->fields[col->index], &col->type);
    char *s = json_dumps(json, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(json);
    return s;
}

#define CHECK_VALUE(ROW, COLUMN, EXPECTED)                              \
    do {                                                                \
        char *v__ = row_value(ROW, COLUMN);                             \
        CHECK_STREQ(v__, EXPECTED);                                     \
        free(v__);                                                      \
    } while (0)

/* Creating and opening. */

OSW_TEST(create_then_open_empty)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);
    CHECK_STREQ(ovsdb_file_get_name(file), name);
    CHECK_STREQ(db->schema->name, "Test");
    CHECK_EQ(n_records(name), 1);
    ovsdb_destroy(db);

    file = open_file(name, 0);
    db = ovsdb_file_get_db(file);
    struct ovsdb_schema *schema = test_schema();
    CHECK(ovsdb_schema_equal(db->schema, schema));
    for (size_t i = 0; i < db->n_tables; i++) {
        CHECK_EQ(ovsdb_table_n_rows(db->tables[i]), 0);
    }
    ovsdb_destroy(db);

    /* A second create fails and leaves the file alone. */
    size_t size;
    char *before = read_file(name, &size);
    struct ovsdb_file *file2 = NULL;
    check_error(ovsdb_file_create(name, schema, 0, &file2), "I/O error",
                name, NULL);
    CHECK(file2 == NULL);
    size_t size2;
    char *after = read_file(name, &size2);
    CHECK_EQ(size, size2);
    CHECK_MEMEQ(before, after, size);

    /* Without 'filep', the file is created and closed (no lock kept). */
    char *name2 = tmp_file("db2");
    CHECK(ovsdb_file_create(name2, schema, 0, NULL) == NULL);
    file = open_file(name2, 0);
    ovsdb_destroy(ovsdb_file_get_db(file));

    struct ovsdb_schema *read_schema;
    CHECK(ovsdb_file_read_schema(name2, &read_schema) == NULL);
    CHECK(ovsdb_schema_equal(read_schema, schema));
    ovsdb_schema_destroy(read_schema);

    ovsdb_schema_destroy(schema);
    free(before);
    free(after);
    free(name2);
    free(name);
}

OSW_TEST(open_errors)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file;
    struct ovsdb *db;
    struct ovsdb_schema *schema;

    check_error(ovsdb_file_open(name, 0, &file), "I/O error", name,
                "No such file", NULL);
    CHECK(file == NULL);
    check_error(ovsdb_file_read(name, true, &db), "I/O error", name, NULL);
    CHECK(db == NULL);
    check_error(ovsdb_file_read_schema(name, &schema), "I/O error", NULL);
    CHECK(schema == NULL);

    /* An empty file has no schema. */
    int fd = open(name, O_CREAT | O_WRONLY, 0600);
    CHECK(fd >= 0);
    close(fd);
    check_error(ovsdb_file_open(name, 0, &file), "I/O error", name,
                "no schema", NULL);
    check_error(ovsdb_file_read(name, false, &db), "I/O error", NULL);
    CHECK(db == NULL);

    /* A file that is not a database. */
    char *junk = tmp_file("junk");
    fd = open(junk, O_CREAT | O_WRONLY, 0600);
    CHECK_EQ(write(fd, "hello world\n", 12), 12);
    close(fd);
    check_error(ovsdb_file_open(junk, 0, &file), "I/O error", junk, NULL);

    /* A first record that is not a schema. */
    char *bad = tmp_file("bad");
    struct ovsdb_log *log;
    char *msg;
    CHECK_EQ(ovsdb_log_open(bad, OVSDB_LOG_CREATE_EXCL, &log, &msg), 0);
    json_t *json = json_pack("{s:s}", "name", "Test");
    CHECK_EQ(ovsdb_log_write(log, json), 0);
    json_decref(json);
    ovsdb_log_close(log);
    check_error(ovsdb_file_open(bad, 0, &file), "syntax error", bad,
                "record 0", NULL);
    check_error(ovsdb_file_read_schema(bad, &schema), "syntax error",
                NULL);

    free(bad);
    free(junk);
    free(name);
}

OSW_TEST(lock_excludes_second_writer_not_readers)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"a\"}}]");

    struct ovsdb_file *file2;
    check_error(ovsdb_file_open(name, 0, &file2), "I/O error",
                "open for writing", NULL);
    CHECK(file2 == NULL);

    /* Readers take no lock and see what was written. */
    check_file_matches(name, db);

    /* Closing the file releases the lock and leaves the database. */
    ovsdb_file_close(file);
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"b\"}}]");
    CHECK_EQ(ovsdb_table_n_rows(ovsdb_get_table(db, "Root")), 2);
    file2 = open_file(name, 0);
    CHECK_EQ(ovsdb_table_n_rows(ovsdb_get_table(ovsdb_file_get_db(file2),
                                                "Root")), 1);
    ovsdb_destroy(ovsdb_file_get_db(file2));
    ovsdb_destroy(db);
    free(name);
}

/* Round trips. */

/* Makes many changes of every kind to 'db', checking after each batch
 * that file 'name' replays to the same data. */
static void
churn(struct ovsdb *db, const char *name)
{
    enum { N = 60 };
    struct uuid roots[N];

    for (int i = 0; i < N; i++) {
        json_t *r = run_ops(
            db,
            "[{\"op\":\"insert\",\"table\":\"Kid\",\"uuid-name\":\"k1\","
            "  \"row\":{\"k\":%d,\"sizes\":[\"map\",[[1,1.5],[2,%d.25]]]}},"
            " {\"op\":\"insert\",\"table\":\"Kid\",\"uuid-name\":\"k2\","
            "  \"row\":{\"k\":%d}},"
            " {\"op\":\"insert\",\"table\":\"Root\","
            "  \"row\":{\"name\":\"r%d\",\"n\":%d,\"x\":%d.5,"
            "   \"flag\":%s,\"tags\":[\"set\",[\"t%d\",\"common\"]],"
            "   \"opts\":[\"map\",[[\"a\",\"%d\"],[\"b\",\"x\\ny\"]]],"
            "   \"kids\":[\"set\",[[\"named-uuid\",\"k1\"],"
            "                      [\"named-uuid\",\"k2\"]]],"
            "   \"pair\":[\"set\",[%d]],\"some\":[\"set\",[1,2]],"
            "   \"color\":\"%s\",\"status\":[\"map\",[[\"e\",\"f\"]]]}}]",
            i, i, -i, i, i * 1000, i, i % 2 ? "true" : "false", i, i, i,
            (const char *[]) {"red", "green", "blue"}[i % 3]);
        char *e = result_error(r);
        if (e) {
            osw_test_fail(__FILE__, __LINE__, "insert failed: %s", e);
        }
        roots[i] = result_uuid(r, 2);
        json_decref(r);
    }
    check_file_matches(name, db);

    /* Weak references between roots. */
    for (int i = 0; i < N; i++) {
        TXN_OK(db, "[{\"op\":\"update\",\"table\":\"Root\","
               "\"where\":[[\"_uuid\",\"==\",[\"uuid\",\""UUID_FMT"\"]]],"
               "\"row\":{\"peers\":[\"set\",[[\"uuid\",\""UUID_FMT"\"],"
               "[\"uuid\",\""UUID_FMT"\"]]]}}]",
               UUID_ARGS(&roots[i]), UUID_ARGS(&roots[(i + 1) % N]),
               UUID_ARGS(&roots[(i + 7) % N]));
    }

    /* Mutations of sets and maps, scalar updates, comments. */
    for (int i = 0; i < N; i += 2) {
        TXN_OK(db, "[{\"op\":\"mutate\",\"table\":\"Root\","
               "\"where\":[[\"name\",\"==\",\"r%d\"]],"
               "\"mutations\":[[\"tags\",\"insert\",\"new\"],"
               "[\"tags\",\"delete\",\"common\"],"
               "[\"opts\",\"delete\",[\"set\",[\"a\"]]],"
               "[\"opts\",\"insert\",[\"map\",[[\"c\",\"3\"]]]],"
               "[\"n\",\"+=\",1],[\"some\",\"insert\",3],"
               "[\"some\",\"delete\",1]]},"
               "{\"op\":\"update\",\"table\":\"Root\","
               "\"where\":[[\"name\",\"==\",\"r%d\"]],"
               "\"row\":{\"x\":-2.25,\"flag\":true,\"color\":[\"set\",[]],"
               "\"pair\":[\"set\",[7,8]],"
               "\"opts\":[\"map\",[[\"b\",\"changed\"],[\"c\",\"3\"]]]}},"
               "{\"op\":\"comment\",\"comment\":\"batch %d\"}]",
               i, i, i);
    }
    check_file_matches(name, db);

    /* Deletions: roots (their kids are garbage collected, weak references
     * to them removed from other roots), then one kid by dropping the
     * reference. */
    for (int i = 0; i < N; i += 3) {
        TXN_OK(db, "[{\"op\":\"delete\",\"table\":\"Root\","
               "\"where\":[[\"_uuid\",\"==\",[\"uuid\",\""UUID_FMT"\"]]]}]",
               UUID_ARGS(&roots[i]));
    }
    TXN_OK(db, "[{\"op\":\"update\",\"table\":\"Root\","
           "\"where\":[[\"name\",\"==\",\"r1\"]],"
           "\"row\":{\"kids\":[\"set\",[]]}}]");
    /* Ephemeral-only and no-op changes. */
    TXN_OK(db, "[{\"op\":\"update\",\"table\":\"Root\",\"where\":[],"
           "\"row\":{\"status\":[\"map\",[[\"x\",\"y\"]]]}}]");
    TXN_OK(db, "[{\"op\":\"update\",\"table\":\"Root\","
           "\"where\":[[\"name\",\"==\",\"r1\"]],\"row\":{\"n\":1000}}]");
    check_file_matches(name, db);
}

OSW_TEST(round_trip_diff_records)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);

    churn(db, name);
    CHECK_EQ(ovsdb_table_n_rows(ovsdb_get_table(db, "Root")), 40);
    CHECK_EQ(ovsdb_table_n_rows(ovsdb_get_table(db, "Kid")), 78);

    /* Most transaction records use diffs (see the test
     * diffs_that_ovs_misreads for the others). */
    json_t *records = read_records(name);
    size_t n_diff = 0;
    CHECK(json_array_size(records) > 100);
    for (size_t i = 1; i < json_array_size(records); i++) {
        n_diff += json_is_true(json_object_get(json_array_get(records, i),
                                               "_is_diff"));
    }
    CHECK(n_diff > json_array_size(records) / 2);
    CHECK(n_diff < json_array_size(records) - 1);
    json_decref(records);

    /* Reopening for writing and going on works too. */
    char *before = db_dump(db);
    ovsdb_destroy(db);
    file = open_file(name, 0);
    db = ovsdb_file_get_db(file);
    char *after = db_dump(db);
    CHECK_STREQ(before, after);
    TXN_OK(db, "[{\"op\":\"delete\",\"table\":\"Root\","
           "\"where\":[[\"name\",\"==\",\"r2\"]]}]");
    check_file_matches(name, db);
    ovsdb_destroy(db);
    free(before);
    free(after);
    free(name);
}

OSW_TEST(round_trip_full_records)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);

    ovsdb_file_set_column_diff(file, false);
    churn(db, name);
    json_t *records = read_records(name);
    for (size_t i = 1; i < json_array_size(records); i++) {
        CHECK(!json_object_get(json_array_get(records, i), "_is_diff"));
    }
    json_decref(records);
    ovsdb_destroy(db);
    free(name);
}

/* What a record holds: only changed persistent columns of modified rows,
 * diffs for sets and maps, non-default columns of inserted rows, null for
 * deleted ones, the comment. */
OSW_TEST(record_contents)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);

    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\",\"uuid\":"
           "\"11111111-2222-3333-4444-555555555555\",\"row\":{\"name\":\"a\","
           "\"n\":0,\"tags\":[\"set\",[\"p\",\"q\"]],\"pair\":1,"
           "\"status\":[\"map\",[[\"s\",\"t\"]]]}},"
           "{\"op\":\"comment\",\"comment\":\"one\"},"
           "{\"op\":\"comment\",\"comment\":\"two\"}]");
    char *s = record_text(name, -1);
    CHECK_STREQ(s, "{\"Root\":{\"11111111-2222-3333-4444-555555555555\":"
                "{\"name\":\"a\",\"pair\":1,"
                "\"tags\":[\"set\",[\"p\",\"q\"]]}},"
                "\"_comment\":\"one\\ntwo\",\"_is_diff\":true}");
    free(s);

    TXN_OK(db, "[{\"op\":\"update\",\"table\":\"Root\",\"where\":[],"
           "\"row\":{\"tags\":[\"set\",[\"q\",\"r\"]],\"n\":5,"
           "\"pair\":[\"set\",[]],\"status\":[\"map\",[]]}}]");
    s = record_text(name, -1);
    CHECK_STREQ(s, "{\"Root\":{\"11111111-2222-3333-4444-555555555555\":"
                "{\"n\":5,\"pair\":1,"
                "\"tags\":[\"set\",[\"p\",\"r\"]]}},\"_is_diff\":true}");
    free(s);

    /* Full values when diffs are off. */
    ovsdb_file_set_column_diff(file, false);
    TXN_OK(db, "[{\"op\":\"mutate\",\"table\":\"Root\",\"where\":[],"
           "\"mutations\":[[\"tags\",\"insert\",\"z\"]]}]");
    s = record_text(name, -1);
    CHECK_STREQ(s, "{\"Root\":{\"11111111-2222-3333-4444-555555555555\":"
                "{\"tags\":[\"set\",[\"q\",\"r\",\"z\"]]}}}");
    free(s);

    /* A change to ephemeral columns only writes nothing, nor does a
     * transaction that changes nothing. */
    size_t n = n_records(name);
    TXN_OK(db, "[{\"op\":\"update\",\"table\":\"Root\",\"where\":[],"
           "\"row\":{\"status\":[\"map\",[[\"u\",\"v\"]]]}}]");
    TXN_OK(db, "[{\"op\":\"update\",\"table\":\"Root\",\"where\":[],"
           "\"row\":{\"n\":5}}]");
    TXN_OK(db, "[{\"op\":\"select\",\"table\":\"Root\",\"where\":[]}]");
    CHECK_EQ(n_records(name), n);

    /* Deletion, with garbage collection of the kid. */
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Kid\",\"uuid\":"
           "\"22222222-2222-3333-4444-555555555555\",\"row\":{}},"
           "{\"op\":\"update\",\"table\":\"Root\",\"where\":[],"
           "\"row\":{\"kids\":[\"uuid\","
           "\"22222222-2222-3333-4444-555555555555\"]}}]");
    s = record_text(name, -1);
    CHECK_STREQ(s, "{\"Kid\":{\"22222222-2222-3333-4444-555555555555\":{}},"
                "\"Root\":{\"11111111-2222-3333-4444-555555555555\":"
                "{\"kids\":[\"uuid\","
                "\"22222222-2222-3333-4444-555555555555\"]}}}");
    free(s);
    TXN_OK(db, "[{\"op\":\"delete\",\"table\":\"Root\",\"where\":[]}]");
    s = record_text(name, -1);
    CHECK_STREQ(s, "{\"Kid\":{\"22222222-2222-3333-4444-555555555555\":null},"
                "\"Root\":{\"11111111-2222-3333-4444-555555555555\":null}}");
    free(s);

    check_file_matches(name, db);
    ovsdb_destroy(db);
    free(name);
}

/* Reading what Open vSwitch writes: diff records, full records, records
 * without "_date", old seconds-based dates, unknown "_" members. */
OSW_TEST(read_diff_and_full_records)
{
    static const char *const records[] = {
        /* Insert: values are full even in a diff record. */
        "{\"_date\":1700000000000,\"_is_diff\":true,"
        " \"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
        "  {\"name\":\"a\",\"tags\":[\"set\",[\"x\",\"y\"]],"
        "   \"opts\":[\"map\",[[\"k1\",\"v1\"],[\"k2\",\"v2\"]]],"
        "   \"some\":[\"set\",[1,2]],\"pair\":[\"set\",[1,2]],\"n\":3}}}",
        /* Diffs: remove y, add z; change k1, remove k2, add k3; some goes
         * from {1,2} to {2,3} (a diff of 1 and 3); pair from {1,2} to
         * {3,4}: a diff with 4 elements, more than pair's maximum of 2
         * (which Open vSwitch 3.1 writes but cannot read); a scalar is
         * written in full. */
        "{\"_date\":1700000000001,\"_is_diff\":true,\"_comment\":\"c\","
        " \"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
        "  {\"tags\":[\"set\",[\"y\",\"z\"]],"
        "   \"opts\":[\"map\",[[\"k1\",\"new\"],[\"k2\",\"v2\"],"
        "                      [\"k3\",\"v3\"]]],"
        "   \"some\":[\"set\",[1,3]],\"pair\":[\"set\",[1,2,3,4]],"
        "   \"n\":4}}}",
        /* Full values (no "_is_diff"), seconds-based date. */
        "{\"_date\":1500000000,"
        " \"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
        "  {\"tags\":[\"set\",[\"full\"]],\"some\":7}}}",
        /* "_is_diff": false means full values too; unknown "_" members
         * and a missing "_date" are fine. */
        "{\"_is_diff\":false,\"_future\":[1,2],"
        " \"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
        "  {\"opts\":[\"map\",[[\"only\",\"this\"]]]}}}",
    };
    char *name = tmp_file("db");
    write_file(name, records, 1);

    struct ovsdb *db = read_db(name);
    const struct ovsdb_row *row = get_row(
        db, "Root", "aaaaaaaa-0000-0000-0000-000000000001");
    CHECK(row != NULL);
    CHECK_VALUE(row, "tags", "[\"set\",[\"x\",\"y\"]]");
    ovsdb_destroy(db);

    unlink(name);
    write_file(name, records, 2);
    db = read_db(name);
    row = get_row(db, "Root", "aaaaaaaa-0000-0000-0000-000000000001");
    CHECK_VALUE(row, "tags", "[\"set\",[\"x\",\"z\"]]");
    CHECK_VALUE(row, "opts",
                "[\"map\",[[\"k1\",\"new\"],[\"k3\",\"v3\"]]]");
    CHECK_VALUE(row, "some", "[\"set\",[2,3]]");
    CHECK_VALUE(row, "pair", "[\"set\",[3,4]]");
    CHECK_VALUE(row, "n", "4");
    ovsdb_destroy(db);

    unlink(name);
    write_file(name, records, ARRAY_SIZE(records));
    db = read_db(name);
    row = get_row(db, "Root", "aaaaaaaa-0000-0000-0000-000000000001");
    CHECK_VALUE(row, "tags", "\"full\"");
    CHECK_VALUE(row, "some", "7");
    CHECK_VALUE(row, "opts", "[\"map\",[[\"only\",\"this\"]]]");
    CHECK_VALUE(row, "name", "\"a\"");
    ovsdb_destroy(db);
    free(name);
}

/* Diffs that Open vSwitch 3.1 would misread are not written: the record
 * gets full values instead. */
OSW_TEST(diffs_that_ovs_misreads)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);

    /* The diff that takes 'pair' (at most 2 elements) from {1,2} to {3,4}
     * has 4 elements. */
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"uuid\":\"aaaaaaaa-0000-0000-0000-000000000001\","
           "\"row\":{\"name\":\"a\",\"pair\":[\"set\",[1,2]],"
           "\"tags\":[\"set\",[\"x\"]]}}]");
    TXN_OK(db, "[{\"op\":\"update\",\"table\":\"Root\",\"where\":[],"
           "\"row\":{\"pair\":[\"set\",[3,4]],"
           "\"tags\":[\"set\",[\"x\",\"y\"]]}}]");
    char *s = record_text(name, -1);
    CHECK_STREQ(s, "{\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
                "{\"pair\":[\"set\",[3,4]],"
                "\"tags\":[\"set\",[\"x\",\"y\"]]}}}");
    free(s);

    /* A diff of 2 elements fits. */
    TXN_OK(db, "[{\"op\":\"update\",\"table\":\"Root\",\"where\":[],"
           "\"row\":{\"pair\":[\"set\",[3,5]]}}]");
    s = record_text(name, -1);
    CHECK_STREQ(s, "{\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
                "{\"pair\":[\"set\",[4,5]]}},\"_is_diff\":true}");
    free(s);

    /* 'some' (1 to 3 integers) holds its default {0}. */
    TXN_OK(db, "[{\"op\":\"update\",\"table\":\"Root\",\"where\":[],"
           "\"row\":{\"some\":[\"set\",[0,9]]}}]");
    s = record_text(name, -1);
    CHECK_STREQ(s, "{\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
                "{\"some\":[\"set\",[0,9]]}}}");
    free(s);
    TXN_OK(db, "[{\"op\":\"update\",\"table\":\"Root\",\"where\":[],"
           "\"row\":{\"some\":[\"set\",[9]]}}]");
    s = record_text(name, -1);
    CHECK_STREQ(s, "{\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
                "{\"some\":0}},\"_is_diff\":true}");
    free(s);

    check_file_matches(name, db);
    ovsdb_destroy(db);
    free(name);
}

/* Damage. */

/* A torn or corrupt tail: the good records are the database; the next
 * write drops the tail. */
OSW_TEST(torn_tail)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"a\"}}]");
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"b\"}}]");
    char *expected = db_dump(db);
    ovsdb_destroy(db);
    off_t good_size = file_size(name);

    /* Half a record at the end. */
    int fd = open(name, O_WRONLY | O_APPEND);
    CHECK(fd >= 0);
    static const char torn[] = "OVSDB JSON 120 0123456789abcdef\n{\"Ro";
    CHECK_EQ(write(fd, torn, sizeof torn - 1), sizeof torn - 1);
    close(fd);

    db = read_db(name);
    char *got = db_dump(db);
    CHECK_STREQ(got, expected);
    free(got);
    ovsdb_destroy(db);

    file = open_file(name, 0);
    db = ovsdb_file_get_db(file);
    got = db_dump(db);
    CHECK_STREQ(got, expected);
    free(got);
    CHECK_EQ(file_size(name), good_size + sizeof torn - 1);
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"c\"}}]");
    CHECK_EQ(n_records(name), 4);
    check_file_matches(name, db);
    ovsdb_destroy(db);
    free(expected);
    free(name);
}

/* A flipped bit in the middle: the records before it are the database,
 * and the ones after are not used. */
OSW_TEST(corrupt_middle_record)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"a\"}}]");
    char *expected = db_dump(db);
    off_t offset = file_size(name);
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"bbbbbbbbbb\"}}]");
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"c\"}}]");
    ovsdb_destroy(db);

    size_t size;
    char *data = read_file(name, &size);
    char *p = strstr(data + offset, "bbbbbbbbbb");
    CHECK(p != NULL);
    *p = 'X';
    int fd = open(name, O_WRONLY | O_TRUNC);
    CHECK_EQ(write(fd, data, size), (ssize_t) size);
    close(fd);
    free(data);

    db = read_db(name);
    char *got = db_dump(db);
    CHECK_STREQ(got, expected);
    free(got);
    ovsdb_destroy(db);
    free(expected);
    free(name);
}

/* Records that cannot be applied fail the open, name the record, and
 * leave the file as it was; a partial read gives the good prefix. */
static void
check_bad_record(const char *bad, const char *tag, const char *why)
{
    static const char good[] =
        "{\"_date\":1,\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
        "{\"name\":\"a\",\"tags\":[\"set\",[\"x\"]]}}}";
    static const char after[] =
        "{\"_date\":3,\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000002\":"
        "{\"name\":\"after\"}}}";
    const char *const records[] = { good, bad, after };
    char *name = tmp_file("bad.db");

    write_file(name, records, ARRAY_SIZE(records));
    size_t size;
    char *before = read_file(name, &size);

    struct ovsdb_file *file;
    check_error(ovsdb_file_open(name, 0, &file), tag, name, "record 2",
                "cannot be applied", why, NULL);
    CHECK(file == NULL);

    struct ovsdb *db;
    check_error(ovsdb_file_read(name, false, &db), tag, why, NULL);
    CHECK(db == NULL);

    check_error(ovsdb_file_read(name, true, &db), tag, why, NULL);
    CHECK(db != NULL);
    CHECK_EQ(ovsdb_table_n_rows(ovsdb_get_table(db, "Root")), 1);
    const struct ovsdb_row *row = get_row(
        db, "Root", "aaaaaaaa-0000-0000-0000-000000000001");
    CHECK(row != NULL);
    CHECK_VALUE(row, "tags", "\"x\"");
    ovsdb_destroy(db);

    size_t size2;
    char *now = read_file(name, &size2);
    CHECK_EQ(size, size2);
    CHECK_MEMEQ(before, now, size);
    free(before);
    free(now);
    unlink(name);
    free(name);
}

OSW_TEST(bad_records)
{
    check_bad_record("{\"Nope\":{}}", "unknown table", "No table named Nope");
    check_bad_record("{\"Root\":[]}", "syntax error", "object expected");
    check_bad_record("{\"Root\":{\"not-a-uuid\":{}}}", "syntax error",
                     "not a valid UUID");
    check_bad_record("{\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000009\":"
                     "null}}", "syntax error", "does not exist");
    check_bad_record("{\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
                     "{\"nope\":1}}}", "unknown column",
                     "No column nope in table Root");
    check_bad_record("{\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
                     "{\"n\":\"text\"}}}", "syntax error", "column n");
    check_bad_record("{\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
                     "{\"color\":\"pink\"}}}", "constraint violation",
                     "column color");
    check_bad_record("{\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000001\":"
                     "42}}", "syntax error", "row must be JSON object");
    /* A diff that leaves "some" (1 to 3 elements) empty. */
    check_bad_record("{\"_is_diff\":true,\"Root\":{"
                     "\"aaaaaaaa-0000-0000-0000-000000000001\":"
                     "{\"some\":0}}}", "constraint violation", "");
    /* A reference to a row that does not exist. */
    check_bad_record("{\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000003\":"
                     "{\"kids\":[\"uuid\","
                     "\"bbbbbbbb-0000-0000-0000-000000000001\"]}}}",
                     "referential integrity violation", "nonexistent");
    /* Two rows with the same indexed name. */
    check_bad_record("{\"Root\":{\"aaaaaaaa-0000-0000-0000-000000000003\":"
                     "{\"name\":\"a\"}}}", "constraint violation", "");
}

/* A failed write refuses the commit with an "I/O error" and leaves the
 * database and the file as they were. */
OSW_TEST(write_failure_refuses_commit)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"a\"}}]");
    char *expected = db_dump(db);
    off_t size = file_size(name);

    signal(SIGXFSZ, SIG_IGN);
    struct rlimit old, rl;
    CHECK_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
    rl = old;
    rl.rlim_cur = size + 10;
    CHECK_EQ(setrlimit(RLIMIT_FSIZE, &rl), 0);

    json_t *r = run_ops(db, "[{\"op\":\"insert\",\"table\":\"Root\","
                        "\"row\":{\"name\":\"b\"}}]");
    CHECK_EQ(json_array_size(r), 2);
    const json_t *err = json_array_get(r, 1);
    CHECK_STREQ(json_string_value(json_object_get(err, "error")),
                "I/O error");
    CHECK(strstr(json_string_value(json_object_get(err, "details")), name)
          != NULL);
    json_decref(r);
    CHECK_EQ(file_size(name), size);
    char *got = db_dump(db);
    CHECK_STREQ(got, expected);
    free(got);
    CHECK(!ovsdb_file_needs_sync(file));

    CHECK_EQ(setrlimit(RLIMIT_FSIZE, &old), 0);
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"b\"}}]");
    check_file_matches(name, db);
    ovsdb_destroy(db);
    free(expected);
    free(name);
}

/* Group commit. */

OSW_TEST(group_commit)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);
    struct ovsdb_file_stats stats;

    /* Non-durable transactions need no sync. */
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"a\"}}]");
    CHECK(!ovsdb_file_needs_sync(file));
    CHECK(ovsdb_file_sync(file) == NULL);
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_syncs, 0);

    /* Ten durable transactions, then one sync for all of them. */
    for (int i = 0; i < 10; i++) {
        TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
               "\"row\":{\"name\":\"d%d\"}},"
               "{\"op\":\"commit\",\"durable\":true}]", i);
        CHECK(ovsdb_file_needs_sync(file));
    }
    CHECK_EQ(n_records(name), 12);
    CHECK(ovsdb_file_sync(file) == NULL);
    CHECK(!ovsdb_file_needs_sync(file));
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_syncs, 1);
    CHECK(ovsdb_file_sync(file) == NULL);
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_syncs, 1);

    /* A durable transaction that fails writes nothing and needs no
     * sync. */
    json_t *r = run_ops(db, "[{\"op\":\"insert\",\"table\":\"Root\","
                        "\"row\":{\"name\":\"a\"}},"
                        "{\"op\":\"commit\",\"durable\":true}]");
    char *e = result_error(r);
    CHECK(e != NULL);
    free(e);
    json_decref(r);
    CHECK(!ovsdb_file_needs_sync(file));
    ovsdb_destroy(db);

    /* With OVSDB_FILE_SYNC every transaction needs a sync. */
    file = open_file(name, OVSDB_FILE_SYNC);
    db = ovsdb_file_get_db(file);
    CHECK(!ovsdb_file_needs_sync(file));
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"z\"}}]");
    CHECK(ovsdb_file_needs_sync(file));
    CHECK(ovsdb_file_sync(file) == NULL);
    CHECK(!ovsdb_file_needs_sync(file));
    ovsdb_destroy(db);
    free(name);
}

/* Returns the file descriptor that this process has open on file 'name'
 * (other than the lock file), or -1. */
static int
find_fd(const char *name)
{
    char *real = realpath(name, NULL);
    int found = -1;

    CHECK(real != NULL);
    for (int fd = 0; fd < 1024 && found < 0; fd++) {
        char link[64], target[4096];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, target, sizeof target - 1);
        if (n > 0) {
            target[n] = '\0';
            if (!strcmp(target, real)) {
                found = fd;
            }
        }
    }
    free(real);
    return found;
}

/* After a failed sync, whatever the kernel did with the data, the next
 * sync rewrites the whole file from memory.  The test makes the database
 * file's descriptor point to /dev/null: writes then vanish and fdatasync()
 * fails with EINVAL, much like a disk that lost written pages. */
OSW_TEST(sync_failure_rewrites_file)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);

    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"a\"}},{\"op\":\"commit\",\"durable\":true}]");
    CHECK(ovsdb_file_sync(file) == NULL);

    int fd = find_fd(name);
    if (fd < 0) {
        osw_test_skip("cannot find the database's file descriptor");
    }
    int null = open("/dev/null", O_WRONLY);
    CHECK(null >= 0);
    CHECK_EQ(dup2(null, fd), fd);
    close(null);

    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"b\"}},{\"op\":\"commit\",\"durable\":true}]");
    CHECK(ovsdb_file_needs_sync(file));
    check_error(ovsdb_file_sync(file), "I/O error", "sync failed", NULL);
    CHECK(ovsdb_file_needs_sync(file));
    CHECK_EQ(n_records(name), 2);       /* "b" is not in the file. */

    /* Commits go on; the next sync rewrites the file. */
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"c\"}}]");
    CHECK(ovsdb_file_sync(file) == NULL);
    CHECK(!ovsdb_file_needs_sync(file));
    struct ovsdb_file_stats stats;
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_compactions, 1);
    CHECK_EQ(n_records(name), 2);
    check_file_matches(name, db);

    /* The file is healthy again. */
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"d\"}},{\"op\":\"commit\",\"durable\":true}]");
    CHECK(ovsdb_file_sync(file) == NULL);
    CHECK_EQ(n_records(name), 3);
    check_file_matches(name, db);
    ovsdb_destroy(db);
    free(name);
}

/* Compaction. */

OSW_TEST(compaction_preserves_data_and_shrinks)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);

    churn(db, name);
    for (int i = 0; i < 200; i++) {
        TXN_OK(db, "[{\"op\":\"mutate\",\"table\":\"Root\","
               "\"where\":[[\"name\",\"==\",\"r1\"]],"
               "\"mutations\":[[\"n\",\"+=\",1]]},"
               "{\"op\":\"commit\",\"durable\":true}]");
    }
    off_t before = file_size(name);
    CHECK(ovsdb_file_needs_sync(file));

    CHECK(ovsdb_file_compact(file, NULL) == NULL);
    CHECK(!ovsdb_file_needs_sync(file));
    off_t after = file_size(name);
    CHECK(after * 4 < before);
    CHECK_EQ(n_records(name), 2);
    char *s = record_text(name, 1);
    CHECK(strstr(s, "\"_comment\":\"compacting database online\"") != NULL);
    CHECK(!strstr(s, "_is_diff"));
    free(s);
    check_file_matches(name, db);

    struct ovsdb_file_stats stats;
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_records, 2);
    CHECK_EQ(stats.size, after);
    CHECK_EQ(stats.snapshot_size, after);
    CHECK_EQ(stats.n_compactions, 1);

    /* The file goes on after compaction, and has no stale temporary. */
    TXN_OK(db, "[{\"op\":\"delete\",\"table\":\"Root\","
           "\"where\":[[\"name\",\"==\",\"r1\"]]}]");
    CHECK_EQ(n_records(name), 3);
    check_file_matches(name, db);
    char *tmp = xasprintf("%s.tmp", name);
    CHECK(access(tmp, F_OK) != 0);
    free(tmp);

    CHECK(ovsdb_file_compact(file, "by hand") == NULL);
    s = record_text(name, 1);
    CHECK(strstr(s, "\"_comment\":\"by hand\"") != NULL);
    free(s);
    ovsdb_destroy(db);

    /* The schema record is the canonical schema. */
    struct ovsdb_schema *schema, *expected = test_schema();
    CHECK(ovsdb_file_read_schema(name, &schema) == NULL);
    CHECK(ovsdb_schema_equal(schema, expected));
    ovsdb_schema_destroy(schema);
    ovsdb_schema_destroy(expected);
    free(name);
}

/* True when running under valgrind, which is far slower. */
static bool
under_valgrind(void)
{
    const char *preload = getenv("LD_PRELOAD");
    return preload && strstr(preload, "vgpreload");
}

/* Calls ovsdb_file_run() on 'file' until no background compaction is
 * running.  Returns how long the first call took, in ms, and stores the
 * longest of the others in '*otherp' (if nonnull). */
static long long int
run_compaction__(struct ovsdb_file *file, long long int *otherp)
{
    struct ovsdb_file_stats stats;
    long long int first = -1, other = 0;

    for (;;) {
        long long int start = time_msec();
        ovsdb_file_run(file);
        long long int elapsed = time_msec() - start;
        if (first < 0) {
            first = elapsed;
        } else {
            other = MAX(other, elapsed);
        }
        ovsdb_file_wait(file);

        ovsdb_file_get_stats(file, &stats);
        if (!stats.compacting) {
            if (otherp) {
                *otherp = other;
            }
            return first;
        }
        osw_msleep(1);
    }
}

static void
run_compaction(struct ovsdb_file *file)
{
    run_compaction__(file, NULL);
}

/* Inserts 'n' rows into table Big of 'db' in one transaction. */
static void
insert_big_rows(struct ovsdb *db, int n)
{
    struct ovsdb_table *table = ovsdb_get_table(db, "Big");
    const struct ovsdb_table_schema *ts = table->schema;
    const struct ovsdb_column *name_col
        = ovsdb_table_schema_find_column(ts, "name");
    const struct ovsdb_column *n_col
        = ovsdb_table_schema_find_column(ts, "n");
    const struct ovsdb_column *tags_col
        = ovsdb_table_schema_find_column(ts, "tags");
    struct ovsdb_txn *txn = ovsdb_txn_create(db);

    for (int i = 0; i < n; i++) {
        struct ovsdb_row *row = ovsdb_row_create(table);
        uuid_generate(ovsdb_row_get_uuid_rw(row));

        char s[64];
        snprintf(s, sizeof s, "interface-%d", i);
        ovsdb_datum_destroy(&row->fields[name_col->index], &name_col->type);
        ovsdb_datum_init_string(&row->fields[name_col->index], s);
        row->fields[n_col->index].keys[0].integer = i;

        union ovsdb_atom tag;
        tag.string = s;
        ovsdb_datum_add(&row->fields[tags_col->index], &tag, NULL,
                        &tags_col->type);
        tag.string = "vlan";
        ovsdb_datum_add(&row->fields[tags_col->index], &tag, NULL,
                        &tags_col->type);
        ovsdb_txn_row_insert(txn, row);
    }
    CHECK(ovsdb_txn_commit(txn) == NULL);
}

/* How long compacting a database of 100,000 rows takes (the figure is
 * printed; the bound is loose, to catch only gross regressions). */
OSW_TEST(compaction_speed)
{
    int n = under_valgrind() ? 5000 : 100000;
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);

    long long int start = time_msec();
    insert_big_rows(db, n);
    long long int inserted = time_msec();
    CHECK(ovsdb_file_compact(file, NULL) == NULL);
    long long int compacted = time_msec();

    printf("%d rows: commit (writing one %lld-byte record) %lld ms, "
           "compaction %lld ms\n", n, (long long int) file_size(name),
           inserted - start, compacted - inserted);
    CHECK(compacted - inserted < 20000);
    CHECK_EQ(n_records(name), 2);

    /* In the background, the main thread only builds the snapshot and,
     * at the end, renames the file. */
    struct ovsdb_file_compaction_policy p;
    ovsdb_file_get_compaction_policy(file, &p);
    p.min_interval_msec = 0;
    p.max_interval_msec = 0;
    p.min_records = 0;
    ovsdb_file_set_compaction_policy(file, &p);
    start = time_msec();
    long long int finish;
    long long int begin = run_compaction__(file, &finish);
    printf("background compaction: %lld ms; the main thread spent %lld ms "
           "starting it and at most %lld ms in a later call\n",
           time_msec() - start, begin, finish);
    struct ovsdb_file_stats stats;
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_compactions, 2);
    CHECK_EQ(n_records(name), 2);

    start = time_msec();
    struct ovsdb *copy = read_db(name);
    printf("reading it back: %lld ms\n", time_msec() - start);
    CHECK_EQ(ovsdb_table_n_rows(ovsdb_get_table(copy, "Big")), n);
    ovsdb_destroy(copy);
    ovsdb_destroy(db);
    free(name);
}

OSW_TEST(automatic_compaction_policy)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);
    struct ovsdb_file_compaction_policy p;
    struct ovsdb_file_stats stats;

    ovsdb_file_get_compaction_policy(file, &p);
    CHECK_EQ(p.min_interval_msec, 10 * 60 * 1000);
    CHECK_EQ(p.max_interval_msec, 24 * 60 * 60 * 1000);
    CHECK_EQ(p.min_records, 100);
    CHECK_EQ(p.min_size, 10 * 1024 * 1024);
    CHECK_EQ(p.growth, 4);
    CHECK_EQ(p.retry_msec, 60 * 1000);

    /* With the default policy nothing happens soon. */
    for (int i = 0; i < 150; i++) {
        TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
               "\"row\":{\"name\":\"r%d\"}}]", i);
    }
    run_compaction(file);
    ovsdb_file_wait(file);
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_compactions, 0);
    CHECK_EQ(stats.n_records, 151);

    /* Size rule: big enough and grown enough. */
    p.min_interval_msec = 0;
    p.min_size = 1;
    p.growth = 1000000;
    ovsdb_file_set_compaction_policy(file, &p);
    run_compaction(file);
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_compactions, 0);
    p.growth = 4;
    ovsdb_file_set_compaction_policy(file, &p);
    run_compaction(file);
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_compactions, 1);
    CHECK_EQ(stats.n_records, 2);
    off_t snapshot = stats.snapshot_size;
    check_file_matches(name, db);

    /* Not again until the file has grown 4 times. */
    run_compaction(file);
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_compactions, 1);
    for (int i = 0; ; i++) {
        TXN_OK(db, "[{\"op\":\"mutate\",\"table\":\"Root\","
               "\"where\":[[\"name\",\"==\",\"r%d\"]],"
               "\"mutations\":[[\"n\",\"+=\",1]]}]", i % 150);
        if (file_size(name) >= snapshot * 4) {
            break;
        }
        run_compaction(file);
        ovsdb_file_get_stats(file, &stats);
        CHECK_EQ(stats.n_compactions, 1);
    }
    run_compaction(file);
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_compactions, 2);

    /* Time rule: enough records, whatever the size. */
    p.min_size = (off_t) 1 << 40;
    p.min_records = 5;
    p.max_interval_msec = 0;
    ovsdb_file_set_compaction_policy(file, &p);
    for (int i = 0; i < 2; i++) {
        TXN_OK(db, "[{\"op\":\"mutate\",\"table\":\"Root\","
               "\"where\":[[\"name\",\"==\",\"r1\"]],"
               "\"mutations\":[[\"n\",\"+=\",1]]}]");
    }
    run_compaction(file);
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_compactions, 2);
    for (int i = 0; i < 3; i++) {
        TXN_OK(db, "[{\"op\":\"mutate\",\"table\":\"Root\","
               "\"where\":[[\"name\",\"==\",\"r1\"]],"
               "\"mutations\":[[\"n\",\"+=\",1]]}]");
    }
    run_compaction(file);
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_compactions, 3);
    check_file_matches(name, db);
    ovsdb_destroy(db);
    free(name);
}

/* A compaction that cannot write leaves the old file in use. */
OSW_TEST(compaction_failure_keeps_file)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);
    for (int i = 0; i < 20; i++) {
        TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
               "\"row\":{\"name\":\"r%d\",\"tags\":[\"set\",[\"a\",\"b\","
               "\"c\",\"d\",\"e\",\"f\",\"g\"]]}}]", i);
    }
    size_t size;
    char *before = read_file(name, &size);

    signal(SIGXFSZ, SIG_IGN);
    struct rlimit old, rl;
    CHECK_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
    rl = old;
    rl.rlim_cur = 600;
    CHECK_EQ(setrlimit(RLIMIT_FSIZE, &rl), 0);
    check_error(ovsdb_file_compact(file, NULL), "I/O error", NULL);

    /* Automatic compaction fails the same way and waits before it tries
     * again. */
    struct ovsdb_file_compaction_policy p;
    ovsdb_file_get_compaction_policy(file, &p);
    p.min_interval_msec = 0;
    p.min_size = 1;
    ovsdb_file_set_compaction_policy(file, &p);
    run_compaction(file);
    CHECK_EQ(setrlimit(RLIMIT_FSIZE, &old), 0);
    run_compaction(file);
    struct ovsdb_file_stats stats;
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_compactions, 0);

    size_t size2;
    char *now = read_file(name, &size2);
    CHECK_EQ(size, size2);
    CHECK_MEMEQ(before, now, size);
    char *tmp = xasprintf("%s.tmp", name);
    CHECK(access(tmp, F_OK) != 0);
    free(tmp);

    TXN_OK(db, "[{\"op\":\"delete\",\"table\":\"Root\","
           "\"where\":[[\"name\",\"==\",\"r1\"]]}]");
    check_file_matches(name, db);
    ovsdb_destroy(db);
    free(before);
    free(now);
    free(name);
}

/* Transactions committed while a compaction runs in the background reach
 * the new file; a compaction started by hand, closing the file, or a
 * conversion cancel a background compaction cleanly. */
OSW_TEST(background_compaction)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);
    struct ovsdb_file_compaction_policy p;
    struct ovsdb_file_stats stats;

    insert_big_rows(db, 2000);
    churn(db, name);
    ovsdb_file_get_compaction_policy(file, &p);
    p.min_interval_msec = 0;
    p.max_interval_msec = 0;
    p.min_records = 0;
    ovsdb_file_set_compaction_policy(file, &p);

    ovsdb_file_run(file);
    ovsdb_file_get_stats(file, &stats);
    CHECK(stats.compacting);
    for (int i = 0; i < 20; i++) {
        TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
               "\"row\":{\"name\":\"during%d\"}},"
               "{\"op\":\"commit\",\"durable\":true}]", i);
        CHECK(ovsdb_file_sync(file) == NULL);
    }
    TXN_OK(db, "[{\"op\":\"delete\",\"table\":\"Big\",\"where\":"
           "[[\"n\",\"<\",1000]]}]");
    check_file_matches(name, db);
    run_compaction(file);
    ovsdb_file_get_stats(file, &stats);
    CHECK_EQ(stats.n_compactions, 1);
    CHECK_EQ(stats.n_records, 2 + 21);
    CHECK_EQ(n_records(name), 2 + 21);
    check_file_matches(name, db);
    char *tmp = xasprintf("%s.tmp", name);
    CHECK(access(tmp, F_OK) != 0);

    /* A compaction by hand replaces one in the background. */
    ovsdb_file_run(file);
    ovsdb_file_get_stats(file, &stats);
    CHECK(stats.compacting);
    TXN_OK(db, "[{\"op\":\"delete\",\"table\":\"Big\",\"where\":[]}]");
    CHECK(ovsdb_file_compact(file, "by hand") == NULL);
    ovsdb_file_get_stats(file, &stats);
    CHECK(!stats.compacting);
    CHECK_EQ(stats.n_compactions, 2);
    CHECK_EQ(n_records(name), 2);
    check_file_matches(name, db);
    CHECK(access(tmp, F_OK) != 0);

    /* So does a conversion (to the same schema). */
    ovsdb_file_run(file);
    struct ovsdb_schema *schema = test_schema();
    struct ovsdb *new_db;
    CHECK(ovsdb_file_convert(file, schema, NULL, &new_db) == NULL);
    ovsdb_schema_destroy(schema);
    ovsdb_destroy(db);
    db = new_db;
    ovsdb_file_get_stats(file, &stats);
    CHECK(!stats.compacting);
    check_file_matches(name, db);

    /* Closing the file stops it and removes the temporary file. */
    ovsdb_file_run(file);
    ovsdb_file_get_stats(file, &stats);
    CHECK(stats.compacting);
    ovsdb_destroy(db);
    CHECK(access(tmp, F_OK) != 0);
    CHECK_EQ(n_records(name), 2);
    free(tmp);
    free(name);
}

OSW_TEST(save_copy)
{
    char *name = tmp_file("db");
    char *copy = tmp_file("copy");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);

    churn(db, name);
    CHECK(ovsdb_file_save_copy(copy, db, "copied") == NULL);
    CHECK_EQ(n_records(copy), 2);
    char *s = record_text(copy, 1);
    CHECK(strstr(s, "\"_comment\":\"copied\"") != NULL);
    free(s);
    check_file_matches(copy, db);

    /* The copy is not kept open or locked. */
    struct ovsdb_file *file2 = open_file(copy, 0);
    ovsdb_destroy(ovsdb_file_get_db(file2));

    /* It must not exist yet. */
    check_error(ovsdb_file_save_copy(copy, db, NULL), "I/O error", copy,
                NULL);
    check_file_matches(copy, db);
    ovsdb_destroy(db);
    free(copy);
    free(name);
}

/* Conversion. */

static const char new_schema_json[] =
    "{\"name\": \"Test\", \"version\": \"2.0.0\","
    " \"tables\": {"
    "  \"Root\": {\"isRoot\": true,"
    "   \"columns\": {"
    "    \"name\": {\"type\": \"string\"},"
    "    \"n\": {\"type\": \"real\"},"
    "    \"flag\": {\"type\": \"integer\"},"
    "    \"tags\": {\"type\": {\"key\": \"string\", \"min\": 0,"
    "               \"max\": 2}},"
    "    \"kids\": {\"type\": {\"key\": {\"type\": \"uuid\","
    "               \"refTable\": \"Kid\"}, \"min\": 0,"
    "               \"max\": \"unlimited\"}},"
    "    \"color\": {\"type\": {\"key\": {\"type\": \"string\","
    "               \"enum\": [\"set\", [\"red\", \"green\"]]},"
    "               \"min\": 0, \"max\": 1}},"
    "    \"added\": {\"type\": {\"key\": \"integer\", \"min\": 0,"
    "               \"max\": \"unlimited\"}}}},"
    "  \"Kid\": {\"columns\": {"
    "    \"k\": {\"type\": \"integer\"}}},"
    "  \"Fresh\": {\"isRoot\": true, \"columns\": {"
    "    \"z\": {\"type\": \"string\"}}}}}";

static struct ovsdb_schema *
new_schema(void)
{
    json_error_t jerr;
    json_t *json = json_loads(new_schema_json, 0, &jerr);
    struct ovsdb_schema *schema;
    CHECK(json != NULL);
    CHECK(ovsdb_schema_from_json(json, &schema) == NULL);
    json_decref(json);
    return schema;
}

static void
fill_for_conversion(struct ovsdb *db)
{
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Kid\",\"uuid\":"
           "\"cccccccc-0000-0000-0000-000000000001\",\"row\":{\"k\":7,"
           "\"sizes\":[\"map\",[[1,2.5]]]}},"
           "{\"op\":\"insert\",\"table\":\"Root\",\"uuid\":"
           "\"aaaaaaaa-0000-0000-0000-000000000001\",\"row\":{\"name\":\"a\","
           "\"n\":5,\"flag\":true,\"tags\":[\"set\",[\"x\",\"y\"]],"
           "\"kids\":[\"uuid\",\"cccccccc-0000-0000-0000-000000000001\"],"
           "\"color\":\"red\",\"opts\":[\"map\",[[\"gone\",\"1\"]]]}},"
           "{\"op\":\"insert\",\"table\":\"Root\",\"uuid\":"
           "\"aaaaaaaa-0000-0000-0000-000000000002\",\"row\":{\"name\":\"b\","
           "\"tags\":[\"set\",[\"x\",\"y\",\"z\"]],\"color\":\"blue\"}}]");
}

static void
check_converted(const struct ovsdb *db)
{
    CHECK_STREQ(db->schema->version, "2.0.0");
    const struct ovsdb_row *a = get_row(
        db, "Root", "aaaaaaaa-0000-0000-0000-000000000001");
    const struct ovsdb_row *b = get_row(
        db, "Root", "aaaaaaaa-0000-0000-0000-000000000002");
    const struct ovsdb_row *kid = get_row(
        db, "Kid", "cccccccc-0000-0000-0000-000000000001");
    CHECK(a && b && kid);

    CHECK_VALUE(a, "name", "\"a\"");
    CHECK_VALUE(a, "n", "5.0");              /* Integer to real. */
    CHECK_VALUE(a, "flag", "0");             /* Boolean to integer: no. */
    CHECK_VALUE(a, "tags", "[\"set\",[\"x\",\"y\"]]");
    CHECK_VALUE(a, "kids",
                "[\"uuid\",\"cccccccc-0000-0000-0000-000000000001\"]");
    CHECK_VALUE(a, "color", "\"red\"");
    CHECK_VALUE(a, "added", "[\"set\",[]]");
    CHECK_VALUE(b, "tags", "[\"set\",[]]");  /* 3 > max 2: default. */
    CHECK_VALUE(b, "color", "[\"set\",[]]"); /* Not in the enum. */
    CHECK_VALUE(kid, "k", "7");
    CHECK_EQ(ovsdb_table_n_rows(ovsdb_get_table(db, "Fresh")), 0);
    CHECK(!ovsdb_get_table(db, "Big"));
}

OSW_TEST(convert_database)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);
    fill_for_conversion(db);
    char *before = db_dump(db);

    struct ovsdb_schema *schema = new_schema();
    struct ovsdb *converted;
    CHECK(ovsdb_file_convert_db(db, schema, &converted) == NULL);
    check_converted(converted);
    ovsdb_destroy(converted);

    /* In place: the file moves to the new database. */
    struct ovsdb *new_db;
    CHECK(ovsdb_file_convert(file, schema, NULL, &new_db) == NULL);
    CHECK(new_db != NULL && new_db != db);
    CHECK(ovsdb_file_get_db(file) == new_db);
    ovsdb_schema_destroy(schema);
    check_converted(new_db);
    CHECK_EQ(n_records(name), 2);
    char *s = record_text(name, 1);
    CHECK(strstr(s, "\"_comment\":\"converted by oswdb-server\"") != NULL);
    free(s);
    check_file_matches(name, new_db);

    /* The old database is detached: its changes are not written. */
    char *now = db_dump(db);
    CHECK_STREQ(now, before);
    free(now);
    TXN_OK(db, "[{\"op\":\"delete\",\"table\":\"Root\",\"where\":[]}]");
    CHECK_EQ(n_records(name), 2);
    ovsdb_destroy(db);

    TXN_OK(new_db, "[{\"op\":\"insert\",\"table\":\"Fresh\","
           "\"row\":{\"z\":\"new\"}}]");
    CHECK_EQ(n_records(name), 3);
    check_file_matches(name, new_db);
    ovsdb_destroy(new_db);

    file = open_file(name, 0);
    CHECK_STREQ(ovsdb_file_get_db(file)->schema->version, "2.0.0");
    ovsdb_destroy(ovsdb_file_get_db(file));
    free(before);
    free(name);
}

/* A conversion whose result breaks the new schema's rules fails, leaving
 * the file and the database alone. */
OSW_TEST(convert_failure)
{
    char *name = tmp_file("db");
    struct ovsdb_file *file = create_file(name, 0);
    struct ovsdb *db = ovsdb_file_get_db(file);
    fill_for_conversion(db);
    TXN_OK(db, "[{\"op\":\"update\",\"table\":\"Root\",\"where\":[],"
           "\"row\":{\"n\":1}}]");
    size_t size;
    char *before = read_file(name, &size);

    /* Make "n" a unique index: both rows have n = 1. */
    json_error_t jerr;
    json_t *json = json_loads(new_schema_json, 0, &jerr);
    json_object_set_new(json_object_get(json_object_get(json, "tables"),
                                        "Root"),
                        "indexes", json_pack("[[s]]", "n"));
    struct ovsdb_schema *schema;
    CHECK(ovsdb_schema_from_json(json, &schema) == NULL);
    json_decref(json);

    struct ovsdb *new_db;
    check_error(ovsdb_file_convert(file, schema, NULL, &new_db),
                "constraint violation", "conversion", NULL);
    CHECK(new_db == NULL);
    CHECK(ovsdb_file_get_db(file) == db);
    ovsdb_schema_destroy(schema);

    size_t size2;
    char *now = read_file(name, &size2);
    CHECK_EQ(size, size2);
    CHECK_MEMEQ(before, now, size);
    TXN_OK(db, "[{\"op\":\"insert\",\"table\":\"Root\","
           "\"row\":{\"name\":\"still\"}}]");
    check_file_matches(name, db);
    ovsdb_destroy(db);
    free(before);
    free(now);
    free(name);
}

OSW_TEST_MAIN()
