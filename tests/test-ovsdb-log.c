/* Tests for ovsdb/log.c, the standalone OVSDB file format.
 *
 * Besides the test cases, this program has a few modes that the functional
 * test tests/func/ovsdb-log-interop.sh uses to check interoperation with
 * Open vSwitch's ovsdb-tool and ovsdb-server:
 *
 *   test-ovsdb-log --read FILE          prints each record on a line
 *                                       (compact JSON); exits 1 after a
 *                                       bad record, with the error on
 *                                       stderr
 *   test-ovsdb-log --write FILE JSON... appends each JSON object (creating
 *                                       FILE if needed) and syncs
 *   test-ovsdb-log --compact FILE       rewrites FILE with the same
 *                                       records through the replace API
 *   test-ovsdb-log --hold FILE READY    opens FILE for writing, creates
 *                                       READY, and waits to be killed
 *   test-ovsdb-log --try-lock FILE      exits 0 if FILE is locked by
 *                                       someone else, 1 if not */
#include <config.h>
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "osw/dynamic-string.h"
#include "osw/util.h"
#include "testlib.h"

/* What Open vSwitch 3.1's ovsdb-tool wrote for a small schema and three
 * transactions (create, then "transact" three times), byte for byte. */
static const char ovs_file[] =
    "OVSDB JSON 111 0dcba005f3f95cd22992b10969420388faa79b2d\n"
    "{\"name\":\"Test\",\"version\":\"1.0.0\",\"tables\":{\"T\":{\"colu"
    "mns\":{\"name\":{\"type\":\"string\"},\"n\":{\"type\":\"integer\"}"
    "}}}}\n"
    "OVSDB JSON 179 c86cca7d5f809f5e2a93171efc1aa88b6915d19c\n"
    "{\"_date\":1795305071507,\"T\":{\"5e0a004f-0794-48dc-8908-78e202dd"
    "e5ed\":{\"name\":\"a\\nb \\\"q\\\" \303\251 \342\230\203\",\"n\":1"
    "},\"a41ca948-00ff-444e-9c12-addddb25a708\":{\"name\":\"x\",\"n\":-"
    "5}},\"_is_diff\":true}\n"
    "OVSDB JSON 113 91a765bbda4f5b939acec140b693f3258f4c6c41\n"
    "{\"_date\":1795305071514,\"_is_diff\":true,\"T\":{\"a41ca948-00ff-"
    "444e-9c12-addddb25a708\":{\"n\":42}},\"_comment\":\"hello\"}\n"
    "OVSDB JSON 90 5302b368f16e05bfb9b465170cc8bda2714cfbfa\n"
    "{\"_date\":1795305071520,\"T\":{\"5e0a004f-0794-48dc-8908-78e202dd"
    "e5ed\":null},\"_is_diff\":true}\n";
#define OVS_FILE_LEN (sizeof ovs_file - 1)
#define OVS_FILE_RECORDS 4
/* Offset of the end of the first record (the schema). */
#define OVS_SCHEMA_END (56 + 111)

/* The schema ovs_file uses, for creating files with ovsdb-tool. */
static const char ovs_schema[] =
    "{\"name\":\"Test\",\"version\":\"1.0.0\",\"tables\":{\"T\":{\"columns\":"
    "{\"name\":{\"type\":\"string\"},\"n\":{\"type\":\"integer\"}}}}}";

/* Helpers. */

static char *
tmp_file(const char *name)
{
    return xasprintf("%s/%s", osw_test_tmpdir(), name);
}

static void
write_file(const char *name, const void *data, size_t n)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(write_fully(fd, data, n), 0);
    CHECK_EQ(close(fd), 0);
}

static void
append_file(const char *name, const void *data, size_t n)
{
    int fd = open(name, O_WRONLY | O_APPEND);
    CHECK(fd >= 0);
    CHECK_EQ(write_fully(fd, data, n), 0);
    CHECK_EQ(close(fd), 0);
}

/* Returns the contents of 'name' (NUL-terminated), its size in '*np'. */
static char *
read_file(const char *name, size_t *np)
{
    struct stat st;
    CHECK_EQ(stat(name, &st), 0);
    char *buf = xmalloc(st.st_size + 1);
    int fd = open(name, O_RDONLY);
    CHECK(fd >= 0);
    size_t n;
    int error = read_fully(fd, buf, st.st_size, &n);
    CHECK(!error || error == EOF);
    CHECK_EQ(n, st.st_size);
    close(fd);
    buf[n] = '\0';
    *np = n;
    return buf;
}

static off_t
file_size(const char *name)
{
    struct stat st;
    CHECK_EQ(stat(name, &st), 0);
    return st.st_size;
}

static bool
file_exists(const char *name)
{
    struct stat st;
    return !lstat(name, &st);
}

/* Returns a complete record with body 'text' + "\n", framed as ovsdb(5)
 * says, computed independently of log.c.  Caller frees. */
static char *
make_record(const char *text)
{
    struct ds body = DS_EMPTY_INITIALIZER;
    ds_put_format(&body, "%s\n", text);

    uint8_t sha1[20];
    unsigned int len;
    CHECK_EQ(EVP_Digest(body.string, body.length, sha1, &len, EVP_sha1(),
                        NULL), 1);

    struct ds rec = DS_EMPTY_INITIALIZER;
    ds_put_format(&rec, "OVSDB JSON %zu ", body.length);
    ds_put_hex(&rec, sha1, sizeof sha1);
    ds_put_format(&rec, "\n%s", ds_cstr(&body));
    ds_destroy(&body);
    return ds_steal_cstr(&rec);
}

static struct ovsdb_log *
open_ok(const char *name, enum ovsdb_log_open_mode mode)
{
    struct ovsdb_log *log;
    char *msg;
    int error = ovsdb_log_open(name, mode, &log, &msg);
    if (error) {
        fprintf(stderr, "%s\n", msg);
        free(msg);
    }
    CHECK_EQ(error, 0);
    CHECK(log != NULL);
    CHECK(msg == NULL);
    return log;
}

/* Opens 'name' in 'mode', expecting 'expected_error' and a message that
 * contains 'substring'. */
static void
open_fails(const char *name, enum ovsdb_log_open_mode mode,
           int expected_error, const char *substring)
{
    struct ovsdb_log *log = (struct ovsdb_log *) 1;
    char *msg = NULL;
    int error = ovsdb_log_open(name, mode, &log, &msg);
    CHECK(log == NULL);
    CHECK(msg != NULL);
    if (!strstr(msg, substring)) {
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", msg, substring);
        CHECK(false);
    }
    CHECK(strstr(msg, name) != NULL);
    free(msg);
    CHECK_EQ(error, expected_error);
}

/* Reads 'n' records, expecting success, and checks that they are objects;
 * returns them in an array (caller decrefs). */
static json_t *
read_n(struct ovsdb_log *log, size_t n)
{
    json_t *all = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *rec;
        int error = ovsdb_log_read(log, &rec);
        if (error) {
            fprintf(stderr, "record %zu: %s\n", i, ovsdb_log_get_error(log));
        }
        CHECK_EQ(error, 0);
        CHECK(rec != NULL);
        CHECK(json_is_object(rec));
        json_array_append_new(all, rec);
    }
    return all;
}

static void
read_end(struct ovsdb_log *log)
{
    json_t *rec = (json_t *) 1;
    CHECK_EQ(ovsdb_log_read(log, &rec), 0);
    CHECK(rec == NULL);
}

/* Reads, expecting an error 'expected' whose message contains
 * 'substring'. */
static void
read_fails(struct ovsdb_log *log, int expected, const char *substring)
{
    json_t *rec = (json_t *) 1;
    int error = ovsdb_log_read(log, &rec);
    CHECK(rec == NULL);
    CHECK_EQ(error, expected);
    const char *msg = ovsdb_log_get_error(log);
    CHECK(msg != NULL);
    if (!strstr(msg, substring)) {
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", msg, substring);
        CHECK(false);
    }
}

static json_t *
parse(const char *text)
{
    json_error_t jerr;
    json_t *json = json_loads(text, 0, &jerr);
    CHECK(json != NULL);
    return json;
}

static void
write_text(struct ovsdb_log *log, const char *text, bool durable)
{
    json_t *json = parse(text);
    int error = ovsdb_log_write_and_commit(log, json, durable);
    if (error) {
        fprintf(stderr, "%s\n", ovsdb_log_get_error(log));
    }
    CHECK_EQ(error, 0);
    json_decref(json);
}

static json_t *
numbered_record(int i)
{
    return json_pack("{s:i, s:s, s:{s:[i, f, b, n]}, s:s}",
                     "i", i, "s", "line\nbreak \"quoted\" \303\251",
                     "nested", "a", i * 7, 0.5 * i, i % 2,
                     "pad", i % 10 ? "x" : "a longer string here");
}

/* This program, for running its helper modes in a fresh process (a forked
 * child would inherit the test's memory, which valgrind would then report
 * as leaked). */
static const char *self_path;

/* Returns true if another process cannot lock 'name' for writing. */
static bool
locked_elsewhere(const char *name)
{
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        execl(self_path, self_path, "--try-lock", name, (char *) NULL);
        _exit(127);
    }
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) <= 1);
    return WEXITSTATUS(status) == 0;
}

/* Runs 'command' with sh, returning its exit status. */
static int
run(const char *command)
{
    fflush(NULL);
    int status = system(command);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static bool
have_ovsdb_tool(void)
{
    return !run("command -v ovsdb-tool >/dev/null 2>&1");
}

/* Runs 'function' with stderr redirected to a file, and returns what it
 * printed there. */
static char *
capture_stderr(void (*function)(void *), void *aux)
{
    char *name = tmp_file("stderr.txt");
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(saved >= 0 && fd >= 0);
    dup2(fd, STDERR_FILENO);
    close(fd);

    function(aux);

    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);

    size_t n;
    char *text = read_file(name, &n);
    free(name);
    return text;
}

/* Opening. */

OSW_TEST(create_excl_new_file)
{
    char *name = tmp_file("db");
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_CREATE_EXCL);
    CHECK(ovsdb_log_is_writable(log));
    CHECK_STREQ(ovsdb_log_get_name(log), name);
    CHECK_EQ(ovsdb_log_get_offset(log), 0);
    CHECK(ovsdb_log_get_error(log) == NULL);
    read_end(log);

    struct stat st;
    CHECK_EQ(stat(name, &st), 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK_EQ(st.st_mode & 0137, 0);     /* 0660 less the umask. */
    CHECK_EQ(st.st_size, 0);

    write_text(log, ovs_schema, true);
    CHECK_EQ(ovsdb_log_get_offset(log), OVS_SCHEMA_END);
    CHECK_EQ(file_size(name), OVS_SCHEMA_END);
    ovsdb_log_close(log);

    /* Byte for byte what ovsdb-tool writes for the same schema. */
    size_t n;
    char *data = read_file(name, &n);
    CHECK_EQ(n, OVS_SCHEMA_END);
    CHECK_MEMEQ(data, ovs_file, n);
    free(data);
    free(name);
}

OSW_TEST(create_excl_existing_file)
{
    char *name = tmp_file("db");
    write_file(name, ovs_file, OVS_FILE_LEN);
    open_fails(name, OVSDB_LOG_CREATE_EXCL, EEXIST, "create failed");

    /* The failed open released its lock. */
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_WRITE);
    ovsdb_log_close(log);

    size_t n;
    char *data = read_file(name, &n);
    CHECK_EQ(n, OVS_FILE_LEN);
    free(data);
    free(name);
}

OSW_TEST(open_missing_file)
{
    char *name = tmp_file("missing");
    open_fails(name, OVSDB_LOG_READ_ONLY, ENOENT, "No such file");
    open_fails(name, OVSDB_LOG_READ_WRITE, ENOENT, "No such file");
    CHECK(!file_exists(name));

    /* The message is optional. */
    struct ovsdb_log *log = (struct ovsdb_log *) 1;
    CHECK_EQ(ovsdb_log_open(name, OVSDB_LOG_READ_ONLY, &log, NULL), ENOENT);
    CHECK(log == NULL);
    free(name);
}

OSW_TEST(open_directory)
{
    char *name = tmp_file("dir");
    CHECK_EQ(mkdir(name, 0755), 0);
    open_fails(name, OVSDB_LOG_READ_ONLY, EISDIR, "not a regular file");
    free(name);
}

OSW_TEST(create_opens_existing_file)
{
    char *name = tmp_file("db");
    write_file(name, ovs_file, OVS_FILE_LEN);
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_CREATE);
    json_t *all = read_n(log, OVS_FILE_RECORDS);
    read_end(log);
    write_text(log, "{\"x\":1}", false);
    ovsdb_log_close(log);
    json_decref(all);

    log = open_ok(name, OVSDB_LOG_READ_ONLY);
    all = read_n(log, OVS_FILE_RECORDS + 1);
    read_end(log);
    ovsdb_log_close(log);
    json_decref(all);

    /* And CREATE makes a missing file. */
    char *name2 = tmp_file("db2");
    log = open_ok(name2, OVSDB_LOG_CREATE);
    read_end(log);
    ovsdb_log_close(log);
    CHECK_EQ(file_size(name2), 0);
    free(name2);
    free(name);
}

OSW_TEST(zero_length_file)
{
    char *name = tmp_file("db");
    write_file(name, "", 0);
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_WRITE);
    read_end(log);
    read_end(log);
    CHECK_EQ(ovsdb_log_get_n_read(log), 0);
    write_text(log, ovs_schema, true);
    ovsdb_log_close(log);
    CHECK_EQ(file_size(name), OVS_SCHEMA_END);
    free(name);
}

/* Files that are not ours are refused, never truncated. */
OSW_TEST(foreign_files_refused)
{
    static const char *const contents[] = {
        "\n", "   ", "hello world\n", "{\"name\":\"Test\"}\n", "ovsdb json",
        "OVSDB JSONX 1 2\n", "\0\0\0\0",
    };
    char *name = tmp_file("db");
    for (size_t i = 0; i < ARRAY_SIZE(contents); i++) {
        size_t len = i == ARRAY_SIZE(contents) - 1 ? 4 : strlen(contents[i]);
        write_file(name, contents[i], len);
        open_fails(name, OVSDB_LOG_READ_ONLY, EBADMSG,
                   "not a standalone OVSDB database file");
        open_fails(name, OVSDB_LOG_READ_WRITE, EBADMSG,
                   "not a standalone OVSDB database file");
        CHECK_EQ(file_size(name), len);
    }
    free(name);
}

OSW_TEST(clustered_file_refused)
{
    char *name = tmp_file("db");
    /* The opening of a clustered database; only the magic matters. */
    static const char cluster[] =
        "OVSDB CLUSTER 21 0f6f1e8e6b6e1d3c2a9f7f6c5b4a3928171605f4\n"
        "{\"name\":\"Test\"}\n";
    write_file(name, cluster, strlen(cluster));
    open_fails(name, OVSDB_LOG_READ_ONLY, ENOTSUP, "clustered database");
    open_fails(name, OVSDB_LOG_READ_WRITE, ENOTSUP,
               "ovsdb-tool cluster-to-standalone");
    CHECK_EQ(file_size(name), strlen(cluster));
    free(name);
}

/* Reading and writing. */

OSW_TEST(read_embedded_ovs_file)
{
    char *name = tmp_file("conf.db");
    write_file(name, ovs_file, OVS_FILE_LEN);
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_ONLY);
    CHECK(!ovsdb_log_is_writable(log));
    json_t *all = read_n(log, OVS_FILE_RECORDS);
    read_end(log);
    CHECK_EQ(ovsdb_log_get_n_read(log), OVS_FILE_RECORDS);
    CHECK_EQ(ovsdb_log_get_offset(log), OVS_FILE_LEN);

    CHECK_STREQ(json_string_value(json_object_get(json_array_get(all, 0),
                                                  "name")), "Test");
    json_t *txn = json_array_get(all, 1);
    CHECK_EQ(json_integer_value(json_object_get(txn, "_date")),
             1795305071507LL);
    CHECK(json_is_true(json_object_get(txn, "_is_diff")));
    json_t *row = json_object_get(json_object_get(txn, "T"),
                                  "5e0a004f-0794-48dc-8908-78e202dde5ed");
    CHECK_STREQ(json_string_value(json_object_get(row, "name")),
                "a\nb \"q\" \303\251 \342\230\203");
    CHECK_STREQ(json_string_value(json_object_get(json_array_get(all, 2),
                                                  "_comment")), "hello");
    json_decref(all);
    ovsdb_log_close(log);
    free(name);
}

/* Writing what we read from an Open vSwitch file reproduces it exactly:
 * same serialization, same framing. */
OSW_TEST(rewrite_embedded_ovs_file_identically)
{
    char *in_name = tmp_file("in.db");
    char *out_name = tmp_file("out.db");
    write_file(in_name, ovs_file, OVS_FILE_LEN);

    struct ovsdb_log *in = open_ok(in_name, OVSDB_LOG_READ_ONLY);
    struct ovsdb_log *out = open_ok(out_name, OVSDB_LOG_CREATE_EXCL);
    json_t *all = read_n(in, OVS_FILE_RECORDS);
    for (size_t i = 0; i < OVS_FILE_RECORDS; i++) {
        CHECK_EQ(ovsdb_log_write(out, json_array_get(all, i)), 0);
    }
    CHECK_EQ(ovsdb_log_commit_block(out), 0);
    CHECK_EQ(ovsdb_log_get_offset(out), OVS_FILE_LEN);
    CHECK_EQ(ovsdb_log_get_n_written(out), OVS_FILE_RECORDS);
    ovsdb_log_close(in);
    ovsdb_log_close(out);
    json_decref(all);

    size_t n;
    char *data = read_file(out_name, &n);
    CHECK_EQ(n, OVS_FILE_LEN);
    CHECK_MEMEQ(data, ovs_file, n);
    free(data);
    free(in_name);
    free(out_name);
}

OSW_TEST(append_to_ovs_file)
{
    char *name = tmp_file("conf.db");
    write_file(name, ovs_file, OVS_FILE_LEN);
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_WRITE);
    json_t *all = read_n(log, OVS_FILE_RECORDS);
    read_end(log);
    json_decref(all);
    write_text(log, "{\"_date\":1,\"T\":{}}", true);
    off_t end = OVS_FILE_LEN + strlen("OVSDB JSON 19 ") + 41 + 19;
    CHECK_EQ(ovsdb_log_get_offset(log), end);
    ovsdb_log_close(log);

    size_t n;
    char *data = read_file(name, &n);
    char *rec = make_record("{\"_date\":1,\"T\":{}}");
    CHECK_EQ(n, end);
    CHECK_MEMEQ(data, ovs_file, OVS_FILE_LEN);
    CHECK_STREQ(data + OVS_FILE_LEN, rec);
    free(rec);
    free(data);
    free(name);
}

OSW_TEST(round_trip_many_records)
{
    enum { N = 1000 };
    char *name = tmp_file("db");
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_CREATE_EXCL);
    for (int i = 0; i < N; i++) {
        json_t *rec = numbered_record(i);
        CHECK_EQ(ovsdb_log_write_and_commit(log, rec, i % 100 == 0), 0);
        json_decref(rec);
        CHECK_EQ(ovsdb_log_get_n_written(log), i + 1);
        CHECK_EQ(ovsdb_log_get_offset(log), file_size(name));
    }
    CHECK_EQ(ovsdb_log_get_n_read(log), 0);
    CHECK_EQ(ovsdb_log_commit_block(log), 0);
    off_t size = ovsdb_log_get_offset(log);
    ovsdb_log_close(log);

    log = open_ok(name, OVSDB_LOG_READ_ONLY);
    for (int i = 0; i < N; i++) {
        json_t *rec, *expected = numbered_record(i);
        CHECK_EQ(ovsdb_log_read(log, &rec), 0);
        CHECK(rec != NULL);
        CHECK(json_equal(rec, expected));
        json_decref(rec);
        json_decref(expected);
    }
    read_end(log);
    CHECK_EQ(ovsdb_log_get_n_read(log), N);
    CHECK_EQ(ovsdb_log_get_offset(log), size);
    ovsdb_log_close(log);

    /* Every record is one line: the LF inside a string was escaped. */
    size_t n;
    char *data = read_file(name, &n);
    size_t lines = 0;
    for (size_t i = 0; i < n; i++) {
        lines += data[i] == '\n';
    }
    CHECK_EQ(lines, 2 * N);
    free(data);
    free(name);
}

/* Records written but not yet synced are visible to other readers, and a
 * group of them is made durable by one commit. */
OSW_TEST(group_commit)
{
    char *name = tmp_file("db");
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_CREATE_EXCL);
    CHECK_EQ(ovsdb_log_commit_block(log), 0);   /* Nothing to do. */
    write_text(log, ovs_schema, false);
    write_text(log, "{\"a\":1}", false);
    write_text(log, "{\"b\":2}", false);
    CHECK_EQ(ovsdb_log_get_n_written(log), 3);

    struct ovsdb_log *reader = open_ok(name, OVSDB_LOG_READ_ONLY);
    json_t *all = read_n(reader, 3);
    read_end(reader);
    json_decref(all);

    CHECK_EQ(ovsdb_log_commit_block(log), 0);
    CHECK_EQ(ovsdb_log_commit_block(log), 0);

    /* A read-only reader at the end sees what is appended later. */
    write_text(log, "{\"c\":3}", true);
    all = read_n(reader, 1);
    CHECK_EQ(json_integer_value(json_object_get(json_array_get(all, 0),
                                                "c")), 3);
    read_end(reader);
    json_decref(all);
    CHECK_EQ(ovsdb_log_get_offset(reader), ovsdb_log_get_offset(log));

    ovsdb_log_close(reader);
    ovsdb_log_close(log);
    free(name);
}

OSW_TEST(misuse_errors)
{
    char *name = tmp_file("db");
    write_file(name, ovs_file, OVS_FILE_LEN);

    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_ONLY);
    json_t *obj = parse("{\"a\":1}");
    CHECK_EQ(ovsdb_log_write(log, obj), EBADF);
    CHECK(strstr(ovsdb_log_get_error(log), "read-only") != NULL);
    CHECK_EQ(ovsdb_log_commit_block(log), 0);
    struct ovsdb_log *new = (struct ovsdb_log *) 1;
    CHECK_EQ(ovsdb_log_replace_start(log, &new), EBADF);
    CHECK(new == NULL);
    json_t *all = read_n(log, OVS_FILE_RECORDS);
    json_decref(all);
    ovsdb_log_close(log);

    log = open_ok(name, OVSDB_LOG_READ_WRITE);
    json_t *arr = parse("[1,2]");
    CHECK_EQ(ovsdb_log_write(log, arr), EINVAL);
    CHECK(strstr(ovsdb_log_get_error(log), "JSON object") != NULL);
    json_decref(arr);
    CHECK_EQ(file_size(name), OVS_FILE_LEN);

    /* Writing before reading everything keeps the unread records. */
    CHECK_EQ(ovsdb_log_write(log, obj), 0);
    CHECK_EQ(ovsdb_log_get_n_read(log), OVS_FILE_RECORDS);
    json_t *rec = (json_t *) 1;
    CHECK_EQ(ovsdb_log_read(log, &rec), EINVAL);
    CHECK(rec == NULL);
    CHECK(strstr(ovsdb_log_get_error(log), "after writing") != NULL);
    ovsdb_log_close(log);

    log = open_ok(name, OVSDB_LOG_READ_ONLY);
    all = read_n(log, OVS_FILE_RECORDS + 1);
    read_end(log);
    json_decref(all);
    ovsdb_log_close(log);

    json_decref(obj);
    ovsdb_log_close(NULL);
    free(name);
}

/* Damaged files. */

struct damage {
    const char *tail;           /* Appended after a good prefix. */
    size_t tail_len;            /* 0: strlen(tail). */
    int error;                  /* Expected read error. */
    const char *message;        /* Expected in the error message. */
};

/* Checks one kind of damage: a good prefix (the embedded Open vSwitch file)
 * followed by 'd->tail'.  A read-only reader stops at the damage and
 * changes nothing; a writer drops the tail, with a warning, then appends;
 * and the result is a clean file. */
struct write_job {
    struct ovsdb_log *log;
    json_t *record;
    int error;
};

static void
do_write(void *job_)
{
    struct write_job *job = job_;
    job->error = ovsdb_log_write_and_commit(job->log, job->record, true);
}

static void
check_damage(const struct damage *d)
{
    char *name = tmp_file("db");
    size_t tail_len = d->tail_len ? d->tail_len : strlen(d->tail);
    write_file(name, ovs_file, OVS_FILE_LEN);
    append_file(name, d->tail, tail_len);
    off_t damaged_size = OVS_FILE_LEN + tail_len;
    char *where = xasprintf("record at offset %zu", OVS_FILE_LEN);

    /* Read-only. */
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_ONLY);
    json_t *all = read_n(log, OVS_FILE_RECORDS);
    json_decref(all);
    read_fails(log, d->error, d->message);
    read_fails(log, d->error, where);
    read_fails(log, d->error, name);
    read_fails(log, d->error, d->message);      /* Sticky. */
    CHECK_EQ(ovsdb_log_get_offset(log), OVS_FILE_LEN);
    ovsdb_log_close(log);
    CHECK_EQ(file_size(name), damaged_size);

    /* Read-write: the first write truncates. */
    log = open_ok(name, OVSDB_LOG_READ_WRITE);
    all = read_n(log, OVS_FILE_RECORDS);
    json_decref(all);
    read_fails(log, d->error, d->message);
    CHECK_EQ(file_size(name), damaged_size);
    struct write_job job = { log, parse("{\"after\":\"repair\"}"), -1 };
    char *warnings = capture_stderr(do_write, &job);
    CHECK_EQ(job.error, 0);
    char *expected = xasprintf("dropped %zu bytes from offset %zu",
                               tail_len, OVS_FILE_LEN);
    if (!strstr(warnings, expected) || !strstr(warnings, d->message)) {
        fprintf(stderr, "warnings \"%s\" lack \"%s\" or \"%s\"\n",
                warnings, expected, d->message);
        CHECK(false);
    }
    free(expected);
    free(warnings);
    CHECK_EQ(ovsdb_log_get_n_written(log), 1);
    CHECK_EQ(ovsdb_log_get_offset(log), file_size(name));
    ovsdb_log_close(log);

    /* Clean now: the good prefix, then the new record. */
    size_t n;
    char *data = read_file(name, &n);
    char *record = make_record("{\"after\":\"repair\"}");
    CHECK_EQ(n, OVS_FILE_LEN + strlen(record));
    CHECK_MEMEQ(data, ovs_file, OVS_FILE_LEN);
    CHECK_STREQ(data + OVS_FILE_LEN, record);
    free(record);
    free(data);

    log = open_ok(name, OVSDB_LOG_READ_ONLY);
    all = read_n(log, OVS_FILE_RECORDS);
    json_decref(all);
    json_t *rec;
    CHECK_EQ(ovsdb_log_read(log, &rec), 0);
    CHECK(json_equal(rec, job.record));
    json_decref(rec);
    read_end(log);
    ovsdb_log_close(log);

    json_decref(job.record);
    free(where);
    free(name);
}

/* A record with body 'text' whose header claims 'length' and 'sha1'. */
static char *
make_bad_record(const char *length, const char *sha1, const char *text)
{
    return xasprintf("OVSDB JSON %s %s\n%s\n", length, sha1, text);
}

#define GOOD_SHA1 "0dcba005f3f95cd22992b10969420388faa79b2d"

OSW_TEST(damage_truncated_header)
{
    struct damage d = { "OVSDB JSON 12", 0, EBADMSG,
                        "incomplete header at end of file" };
    check_damage(&d);
    d.tail = "O";
    check_damage(&d);
}

OSW_TEST(damage_truncated_body)
{
    char *rec = make_record("{\"_date\":7,\"T\":{\"x\":{\"n\":1}}}");
    rec[strlen(rec) - 5] = '\0';
    struct damage d = { rec, 0, EBADMSG, "incomplete body" };
    check_damage(&d);
    d.message = "announces 30 bytes but only 25 remain";
    check_damage(&d);

    /* Only the final newline is missing. */
    free(rec);
    rec = make_record("{\"_date\":7}");
    rec[strlen(rec) - 1] = '\0';
    d.tail = rec;
    d.message = "announces 12 bytes but only 11 remain";
    check_damage(&d);

    /* A header that promises an enormous body. */
    d.tail = "OVSDB JSON 99999999999999 " GOOD_SHA1 "\n{}\n";
    d.message = "incomplete body";
    check_damage(&d);
    free(rec);
}

OSW_TEST(damage_only_header)
{
    char *rec = make_record("{\"_date\":7}");
    *strchr(rec, '\n') = '\0';
    struct damage d = { rec, 0, EBADMSG, "incomplete header" };
    check_damage(&d);
    strcat(rec, "\n");
    d.message = "incomplete body";
    check_damage(&d);
    free(rec);
}

OSW_TEST(damage_wrong_sha1)
{
    char *rec = make_record("{\"_date\":7}");
    char *hex = strchr(rec + strlen("OVSDB JSON "), ' ') + 1;
    hex[0] = hex[0] == '0' ? '1' : '0';
    struct damage d = { rec, 0, EBADMSG, "SHA-1 mismatch" };
    check_damage(&d);
    free(rec);

    /* A flipped bit in the body. */
    rec = make_record("{\"_date\":7}");
    rec[strlen(rec) - 3] = '8';
    d.tail = rec;
    check_damage(&d);
    free(rec);
}

OSW_TEST(damage_invalid_json)
{
    char *rec = make_record("{\"_date\":7,");
    struct damage d = { rec, 0, EBADMSG, "not valid JSON" };
    check_damage(&d);
    free(rec);

    rec = make_record("not json at all");
    d.tail = rec;
    check_damage(&d);
    free(rec);

    /* Valid JSON, but not an object. */
    rec = make_record("[\"_date\",7]");
    d.tail = rec;
    d.message = "not a JSON object";
    check_damage(&d);
    free(rec);

    /* Invalid UTF-8. */
    rec = make_record("{\"s\":\"\377\"}");
    d.tail = rec;
    d.message = "not valid JSON";
    check_damage(&d);
    free(rec);
}

OSW_TEST(damage_garbage_after_last_record)
{
    struct damage d = { "xyz\n", 0, EBADMSG, "bad record header \"xyz\"" };
    check_damage(&d);
    d.tail = "\n";
    d.message = "bad record header \"\"";
    check_damage(&d);
    d.tail = "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
    d.tail_len = 16;
    d.message = "incomplete header at end of file \"\\x00\\x00";
    check_damage(&d);
}

OSW_TEST(damage_bad_headers)
{
    static const struct {
        const char *header;
        const char *message;
    } cases[] = {
        { "OVSDB JSON 0 " GOOD_SHA1 "\n", "zero length" },
        { "OVSDB JSON -1 " GOOD_SHA1 "\n", "bad length" },
        { "OVSDB JSON 12x " GOOD_SHA1 "\n", "bad length" },
        { "OVSDB JSON  12 " GOOD_SHA1 "\n", "bad length" },
        { "OVSDB JSON 12\n", "bad length" },
        { "OVSDB JSON 99999999999999999999999 " GOOD_SHA1 "\n",
          "length too large" },
        { "OVSDB JSON 12 " GOOD_SHA1 "0\n", "bad SHA-1" },
        { "OVSDB JSON 12 0dcba005f3f95cd22992b1096942038\n", "bad SHA-1" },
        { "OVSDB JSON 12 zzcba005f3f95cd22992b10969420388faa79b2d\n",
          "bad SHA-1" },
        { "OVSDB JSON 12 " GOOD_SHA1 " \n", "bad SHA-1" },
        { "OVSDB CLUSTER 12 " GOOD_SHA1 "\n",
          "clustered-database record header" },
        { "ovsdb json 12 " GOOD_SHA1 "\n", "bad record header" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char *tail = xasprintf("%s{\"_date\":7}\n", cases[i].header);
        struct damage d = { tail, 0, EBADMSG, cases[i].message };
        check_damage(&d);
        free(tail);
    }

    /* A header line longer than any valid one. */
    struct ds long_line = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&long_line, "OVSDB JSON ");
    ds_put_char_multiple(&long_line, '1', 200);
    ds_put_cstr(&long_line, " " GOOD_SHA1 "\n");
    struct damage d = { ds_cstr(&long_line), 0, EBADMSG,
                        "header line too long" };
    check_damage(&d);
    ds_destroy(&long_line);
}

/* A bad record in the middle ends the log: the good records after it are
 * dropped too, because a transaction must not be applied without the ones
 * before it. */
OSW_TEST(damage_in_the_middle)
{
    char *bad = make_bad_record("12", GOOD_SHA1, "{\"_date\":7}");
    char *good = make_record("{\"_date\":8}");
    char *tail = xasprintf("%s%s%s", bad, good, good);
    struct damage d = { tail, 0, EBADMSG, "SHA-1 mismatch" };
    check_damage(&d);
    free(tail);
    free(good);
    free(bad);
}

/* Leading zeros and upper-case hex, which Open vSwitch accepts, and a body
 * with inner newlines and no final newline. */
OSW_TEST(lenient_reading)
{
    char *name = tmp_file("db");
    char *rec = make_record("{\"a\":1}");
    struct ds ds = DS_EMPTY_INITIALIZER;
    /* "OVSDB JSON 8 <sha1>" -> "OVSDB JSON 0008 <SHA1>". */
    const char *sha1 = strchr(rec + strlen("OVSDB JSON "), ' ') + 1;
    ds_put_cstr(&ds, "OVSDB JSON 0008 ");
    for (int i = 0; i < 40; i++) {
        ds_put_char(&ds, toupper((unsigned char) sha1[i]));
    }
    ds_put_cstr(&ds, "\n{\"a\":1}\n");

    /* A pretty-printed body without the final newline, hashed as is. */
    const char *body = "{\n  \"b\": [1,\n 2]}";
    uint8_t digest[20];
    unsigned int len;
    CHECK_EQ(EVP_Digest(body, strlen(body), digest, &len, EVP_sha1(), NULL),
             1);
    ds_put_format(&ds, "OVSDB JSON %zu ", strlen(body));
    ds_put_hex(&ds, digest, sizeof digest);
    ds_put_format(&ds, "\n%s", body);
    write_file(name, ds.string, ds.length);

    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_WRITE);
    json_t *all = read_n(log, 2);
    read_end(log);
    CHECK_EQ(json_integer_value(json_object_get(json_array_get(all, 0), "a")),
             1);
    CHECK_EQ(json_array_size(json_object_get(json_array_get(all, 1), "b")),
             2);
    json_decref(all);

    /* Appending keeps all of it. */
    write_text(log, "{\"c\":3}", true);
    ovsdb_log_close(log);
    CHECK_EQ(file_size(name), ds.length + strlen("OVSDB JSON 8 ") + 41 + 8);

    ds_destroy(&ds);
    free(rec);
    free(name);
}

/* A file that holds only the start of its first header (a crash during
 * creation) is a torn tail at offset 0. */
OSW_TEST(torn_first_record)
{
    char *name = tmp_file("db");
    write_file(name, "OVSDB JS", 8);
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_WRITE);
    read_fails(log, EBADMSG, "record at offset 0: incomplete header");
    write_text(log, ovs_schema, true);
    ovsdb_log_close(log);

    size_t n;
    char *data = read_file(name, &n);
    CHECK_EQ(n, OVS_SCHEMA_END);
    CHECK_MEMEQ(data, ovs_file, n);
    free(data);
    free(name);
}

/* A failed write leaves no partial record behind. */
OSW_TEST(failed_write_is_undone)
{
    char *name = tmp_file("db");
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_CREATE_EXCL);
    write_text(log, ovs_schema, true);

    /* Let the next record straddle the file size limit. */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit old, rl;
    CHECK_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
    rl = old;
    rl.rlim_cur = OVS_SCHEMA_END + 30;
    CHECK_EQ(setrlimit(RLIMIT_FSIZE, &rl), 0);

    json_t *big = json_pack("{s:s}", "pad",
                            "0123456789012345678901234567890123456789");
    CHECK_EQ(ovsdb_log_write(log, big), EFBIG);
    CHECK(strstr(ovsdb_log_get_error(log), "write failed at offset 167")
          != NULL);
    CHECK_EQ(file_size(name), OVS_SCHEMA_END);
    CHECK_EQ(ovsdb_log_get_offset(log), OVS_SCHEMA_END);
    CHECK_EQ(ovsdb_log_get_n_written(log), 1);

    CHECK_EQ(setrlimit(RLIMIT_FSIZE, &old), 0);
    CHECK_EQ(ovsdb_log_write_and_commit(log, big, true), 0);
    CHECK_EQ(ovsdb_log_get_n_written(log), 2);
    ovsdb_log_close(log);
    json_decref(big);

    log = open_ok(name, OVSDB_LOG_READ_ONLY);
    json_t *all = read_n(log, 2);
    read_end(log);
    json_decref(all);
    ovsdb_log_close(log);
    free(name);
}

/* Locking. */

OSW_TEST(lock_file_name)
{
    char *name = ovsdb_log_lock_name("/etc/osw/conf.db");
    CHECK_STREQ(name, "/etc/osw/.conf.db.~lock~");
    free(name);
    name = ovsdb_log_lock_name("conf.db");
    CHECK_STREQ(name, ".conf.db.~lock~");
    free(name);
    name = ovsdb_log_lock_name("/conf.db");
    CHECK_STREQ(name, "/.conf.db.~lock~");
    free(name);

    /* Symbolic links are followed, relative ones from the link's
     * directory. */
    char *dir = tmp_file("real");
    char *link = tmp_file("link.db");
    CHECK_EQ(mkdir(dir, 0755), 0);
    CHECK_EQ(symlink("real/target.db", link), 0);
    name = ovsdb_log_lock_name(link);
    char *expected = xasprintf("%s/real/.target.db.~lock~",
                               osw_test_tmpdir());
    CHECK_STREQ(name, expected);
    free(expected);
    free(name);
    free(link);
    free(dir);
}

OSW_TEST(lock_same_process)
{
    char *name = tmp_file("db");
    write_file(name, ovs_file, OVS_FILE_LEN);
    struct ovsdb_log *a = open_ok(name, OVSDB_LOG_READ_WRITE);
    char *lock_name = tmp_file(".db.~lock~");
    CHECK(file_exists(lock_name));

    open_fails(name, OVSDB_LOG_READ_WRITE, EBUSY,
               "already open for writing in this process");
    open_fails(name, OVSDB_LOG_CREATE, EBUSY, "already open");
    open_fails(name, OVSDB_LOG_CREATE_EXCL, EBUSY, "already open");

    /* Readers need no lock. */
    struct ovsdb_log *r = open_ok(name, OVSDB_LOG_READ_ONLY);
    json_t *all = read_n(r, OVS_FILE_RECORDS);
    json_decref(all);
    ovsdb_log_close(r);

    /* The refused opens did not drop the lock: other processes see it. */
    CHECK(locked_elsewhere(name));

    ovsdb_log_close(a);
    a = open_ok(name, OVSDB_LOG_READ_WRITE);
    ovsdb_log_close(a);
    CHECK(file_exists(lock_name));     /* The lock file stays. */
    free(lock_name);
    free(name);
}

/* The lock is an fcntl() lock, which another process sees, and whose
 * holder the error names. */
OSW_TEST(lock_forked_child)
{
    char *name = tmp_file("db");
    write_file(name, ovs_file, OVS_FILE_LEN);
    struct ovsdb_log *a = open_ok(name, OVSDB_LOG_READ_WRITE);
    char *holder = xasprintf("pid %ld holds", (long int) getpid());

    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        /* The child inherited 'a', but fcntl() locks are not inherited. */
        open_fails(name, OVSDB_LOG_READ_WRITE, EBUSY, holder);
        open_fails(name, OVSDB_LOG_READ_WRITE, EBUSY,
                   "is another oswdb-server or ovsdb-server using it?");
        struct ovsdb_log *r = open_ok(name, OVSDB_LOG_READ_ONLY);
        json_t *all = read_n(r, OVS_FILE_RECORDS);
        json_decref(all);
        ovsdb_log_close(r);

        /* Closing the inherited log must not drop the parent's lock. */
        ovsdb_log_close(a);
        free(holder);
        free(name);
        _exit(0);
    }
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* The child's attempts and close did not disturb the parent's lock. */
    open_fails(name, OVSDB_LOG_READ_WRITE, EBUSY, "already open");
    CHECK(locked_elsewhere(name));
    write_text(a, "{\"still\":\"mine\"}", true);
    ovsdb_log_close(a);
    free(holder);
    free(name);
}

/* A lock held by another process is refused until that process exits,
 * even when it exits without closing the log. */
OSW_TEST(lock_released_when_holder_exits)
{
    char *name = tmp_file("db");
    char *ready = tmp_file("ready");
    write_file(name, ovs_file, OVS_FILE_LEN);

    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        execl(self_path, self_path, "--hold", name, ready, (char *) NULL);
        _exit(127);
    }
    for (int i = 0; i < 1000 && !file_exists(ready); i++) {
        osw_msleep(10);
    }
    CHECK(file_exists(ready));

    char *holder = xasprintf("pid %ld holds", (long int) pid);
    open_fails(name, OVSDB_LOG_READ_WRITE, EBUSY, holder);
    free(holder);

    CHECK_EQ(kill(pid, SIGKILL), 0);
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFSIGNALED(status));

    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_WRITE);
    CHECK(locked_elsewhere(name));
    ovsdb_log_close(log);
    CHECK(!locked_elsewhere(name));
    free(ready);
    free(name);
}

/* Replacing (compaction). */

static void
write_n(struct ovsdb_log *log, int n)
{
    for (int i = 0; i < n; i++) {
        json_t *rec = numbered_record(i);
        CHECK_EQ(ovsdb_log_write(log, rec), 0);
        json_decref(rec);
    }
    CHECK_EQ(ovsdb_log_commit_block(log), 0);
}

OSW_TEST(replace_commit)
{
    char *name = tmp_file("db");
    char *tmp_name = tmp_file("db.tmp");
    write_file(name, ovs_file, OVS_FILE_LEN);
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_WRITE);
    json_t *all = read_n(log, OVS_FILE_RECORDS);
    write_n(log, 10);
    CHECK_EQ(ovsdb_log_get_n_read(log), OVS_FILE_RECORDS);
    CHECK_EQ(ovsdb_log_get_n_written(log), 10);

    struct ovsdb_log *new;
    CHECK_EQ(ovsdb_log_replace_start(log, &new), 0);
    CHECK(file_exists(tmp_name));
    CHECK(ovsdb_log_is_writable(new));
    CHECK_EQ(ovsdb_log_write(new, json_array_get(all, 0)), 0);
    CHECK_EQ(ovsdb_log_write(new, json_array_get(all, 1)), 0);
    off_t new_size = ovsdb_log_get_offset(new);

    /* Until the commit, the database is the old file. */
    struct ovsdb_log *r = open_ok(name, OVSDB_LOG_READ_ONLY);
    json_t *old_all = read_n(r, OVS_FILE_RECORDS + 10);
    read_end(r);
    json_decref(old_all);
    ovsdb_log_close(r);

    CHECK_EQ(ovsdb_log_replace_commit(log, new), 0);
    CHECK(!file_exists(tmp_name));
    CHECK_EQ(file_size(name), new_size);
    CHECK_EQ(ovsdb_log_get_offset(log), new_size);
    CHECK_EQ(ovsdb_log_get_n_read(log), 0);
    CHECK_EQ(ovsdb_log_get_n_written(log), 2);

    /* The old log continues on the new file, still locked. */
    open_fails(name, OVSDB_LOG_READ_WRITE, EBUSY, "already open");
    CHECK(locked_elsewhere(name));

    write_text(log, "{\"_date\":9}", true);
    CHECK_EQ(ovsdb_log_get_n_written(log), 3);
    ovsdb_log_close(log);

    /* The new file: the first two records of the old one, then ours, byte
     * for byte. */
    size_t n;
    char *data = read_file(name, &n);
    char *rec = make_record("{\"_date\":9}");
    CHECK_EQ(n, new_size + strlen(rec));
    CHECK_EQ(new_size, OVS_SCHEMA_END + 56 + 179);
    CHECK_MEMEQ(data, ovs_file, new_size);
    CHECK_STREQ(data + new_size, rec);
    free(rec);
    free(data);

    json_decref(all);
    free(tmp_name);
    free(name);
}

OSW_TEST(replace_abort)
{
    char *name = tmp_file("db");
    char *tmp_name = tmp_file("db.tmp");
    write_file(name, ovs_file, OVS_FILE_LEN);
    /* A stale temporary file from an earlier crash. */
    write_file(tmp_name, "junk", 4);

    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_WRITE);
    struct ovsdb_log *new;
    CHECK_EQ(ovsdb_log_replace_start(log, &new), 0);
    CHECK_EQ(file_size(tmp_name), 0);
    write_n(new, 5);
    CHECK(file_size(tmp_name) > 0);
    ovsdb_log_replace_abort(new);
    CHECK(!file_exists(tmp_name));
    ovsdb_log_replace_abort(NULL);

    /* Closing a temporary log aborts it too. */
    CHECK_EQ(ovsdb_log_replace_start(log, &new), 0);
    write_n(new, 1);
    ovsdb_log_close(new);
    CHECK(!file_exists(tmp_name));

    /* The database is untouched, and the log still works. */
    CHECK_EQ(file_size(name), OVS_FILE_LEN);
    json_t *all = read_n(log, OVS_FILE_RECORDS);
    read_end(log);
    json_decref(all);
    write_text(log, "{\"_date\":9}", true);
    ovsdb_log_close(log);

    size_t n;
    char *data = read_file(name, &n);
    CHECK_MEMEQ(data, ovs_file, OVS_FILE_LEN);
    free(data);
    free(tmp_name);
    free(name);
}

/* Replacing a damaged log writes only what the caller gives. */
OSW_TEST(replace_damaged_log)
{
    char *name = tmp_file("db");
    write_file(name, ovs_file, OVS_FILE_LEN);
    append_file(name, "OVSDB JSON 5", 12);
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_WRITE);
    json_t *all = read_n(log, OVS_FILE_RECORDS);
    read_fails(log, EBADMSG, "incomplete header");

    struct ovsdb_log *new;
    CHECK_EQ(ovsdb_log_replace_start(log, &new), 0);
    CHECK_EQ(ovsdb_log_write(new, json_array_get(all, 0)), 0);
    CHECK_EQ(ovsdb_log_replace_commit(log, new), 0);
    CHECK_EQ(file_size(name), OVS_SCHEMA_END);
    write_text(log, "{\"_date\":9}", true);
    ovsdb_log_close(log);

    log = open_ok(name, OVSDB_LOG_READ_ONLY);
    json_t *now = read_n(log, 2);
    read_end(log);
    CHECK(json_equal(json_array_get(now, 0), json_array_get(all, 0)));
    json_decref(now);
    json_decref(all);
    ovsdb_log_close(log);
    free(name);
}

/* Through a symbolic link, the real file is replaced and the link kept. */
OSW_TEST(replace_through_symlink)
{
    char *dir = tmp_file("real");
    char *real = tmp_file("real/conf.db");
    char *link = tmp_file("conf.db");
    CHECK_EQ(mkdir(dir, 0755), 0);
    write_file(real, ovs_file, OVS_FILE_LEN);
    CHECK_EQ(symlink("real/conf.db", link), 0);

    struct ovsdb_log *log = open_ok(link, OVSDB_LOG_READ_WRITE);
    char *lock_name = tmp_file("real/.conf.db.~lock~");
    CHECK(file_exists(lock_name));
    json_t *all = read_n(log, OVS_FILE_RECORDS);

    struct ovsdb_log *new;
    CHECK_EQ(ovsdb_log_replace_start(log, &new), 0);
    char *tmp_name = tmp_file("real/conf.db.tmp");
    CHECK(file_exists(tmp_name));
    CHECK_EQ(ovsdb_log_write(new, json_array_get(all, 0)), 0);
    CHECK_EQ(ovsdb_log_replace_commit(log, new), 0);
    ovsdb_log_close(log);

    struct stat st;
    CHECK_EQ(lstat(link, &st), 0);
    CHECK(S_ISLNK(st.st_mode));
    CHECK_EQ(file_size(real), OVS_SCHEMA_END);
    CHECK(!file_exists(tmp_name));

    json_decref(all);
    free(tmp_name);
    free(lock_name);
    free(link);
    free(real);
    free(dir);
}

/* Open vSwitch interop, when its tools are installed.  (The functional test
 * tests/func/ovsdb-log-interop.sh goes further.) */
OSW_TEST(ovsdb_tool_interop)
{
    if (!have_ovsdb_tool()) {
        osw_test_skip("ovsdb-tool (Open vSwitch) is not installed");
    }
    const char *dir = osw_test_tmpdir();
    char *schema = tmp_file("schema.ovsschema");
    char *name = tmp_file("db");
    write_file(schema, ovs_schema, strlen(ovs_schema));

    char *cmd = xasprintf(
        "cd %s && ovsdb-tool create db schema.ovsschema && "
        "ovsdb-tool transact db '[\"Test\",{\"op\":\"insert\",\"table\":\"T\","
        "\"row\":{\"name\":\"one\",\"n\":1}}]' >/dev/null", dir);
    CHECK_EQ(run(cmd), 0);
    free(cmd);

    /* We read theirs, and append to it. */
    struct ovsdb_log *log = open_ok(name, OVSDB_LOG_READ_WRITE);
    json_t *all = read_n(log, 2);
    read_end(log);
    CHECK_STREQ(json_string_value(json_object_get(json_array_get(all, 0),
                                                  "name")), "Test");
    json_decref(all);
    write_text(log, "{\"_date\":1,\"T\":{\"0b7c1d1e-8e2b-4f4a-9c1e-"
               "2f5d9a3e4b6c\":{\"name\":\"two\",\"n\":2}}}", true);

    /* They refuse to write while we hold the lock, but may read. */
    cmd = xasprintf("cd %s && ovsdb-tool transact db '[\"Test\"]' "
                    ">/dev/null 2>&1", dir);
    CHECK(run(cmd) != 0);
    free(cmd);
    cmd = xasprintf("cd %s && ovsdb-tool show-log db >/dev/null", dir);
    CHECK_EQ(run(cmd), 0);
    free(cmd);
    ovsdb_log_close(log);

    /* They read ours, including the row we wrote. */
    cmd = xasprintf("cd %s && ovsdb-tool query db '[\"Test\",{\"op\":"
                    "\"select\",\"table\":\"T\",\"where\":[[\"n\",\"==\",2]]"
                    "}]' | grep -q '\"name\":\"two\"'", dir);
    CHECK_EQ(run(cmd), 0);
    free(cmd);
    free(name);
    free(schema);
}

/* Helper modes for the functional test. */

static int
helper_read(const char *name)
{
    struct ovsdb_log *log;
    char *msg;
    int error = ovsdb_log_open(name, OVSDB_LOG_READ_ONLY, &log, &msg);
    if (error) {
        fprintf(stderr, "%s\n", msg);
        free(msg);
        return 1;
    }
    for (;;) {
        json_t *rec;
        error = ovsdb_log_read(log, &rec);
        if (error) {
            fprintf(stderr, "%s\n", ovsdb_log_get_error(log));
            break;
        } else if (!rec) {
            break;
        }
        char *s = json_dumps(rec, JSON_COMPACT | JSON_PRESERVE_ORDER);
        printf("%s\n", s);
        free(s);
        json_decref(rec);
    }
    ovsdb_log_close(log);
    return error ? 1 : 0;
}

static int
helper_write(const char *name, int n, char *texts[])
{
    struct ovsdb_log *log;
    char *msg;
    int error = ovsdb_log_open(name, OVSDB_LOG_CREATE, &log, &msg);
    if (error) {
        fprintf(stderr, "%s\n", msg);
        free(msg);
        return 1;
    }
    for (int i = 0; i < n && !error; i++) {
        json_error_t jerr;
        json_t *json = json_loads(texts[i], 0, &jerr);
        if (!json) {
            fprintf(stderr, "%s: bad JSON: %s\n", texts[i], jerr.text);
            error = EINVAL;
            break;
        }
        error = ovsdb_log_write(log, json);
        json_decref(json);
    }
    if (!error) {
        error = ovsdb_log_commit_block(log);
    }
    if (error && ovsdb_log_get_error(log)) {
        fprintf(stderr, "%s\n", ovsdb_log_get_error(log));
    }
    ovsdb_log_close(log);
    return error ? 1 : 0;
}

static int
helper_compact(const char *name)
{
    struct ovsdb_log *log, *new = NULL;
    char *msg;
    int error = ovsdb_log_open(name, OVSDB_LOG_READ_WRITE, &log, &msg);
    if (error) {
        fprintf(stderr, "%s\n", msg);
        free(msg);
        return 1;
    }
    json_t *all = json_array();
    for (;;) {
        json_t *rec;
        error = ovsdb_log_read(log, &rec);
        if (error || !rec) {
            break;
        }
        json_array_append_new(all, rec);
    }
    if (!error) {
        error = ovsdb_log_replace_start(log, &new);
    }
    for (size_t i = 0; !error && i < json_array_size(all); i++) {
        error = ovsdb_log_write(new, json_array_get(all, i));
        if (error) {
            fprintf(stderr, "%s\n", ovsdb_log_get_error(new));
        }
    }
    if (new) {
        if (error) {
            ovsdb_log_replace_abort(new);
        } else {
            error = ovsdb_log_replace_commit(log, new);
        }
    }
    if (error && ovsdb_log_get_error(log)) {
        fprintf(stderr, "%s\n", ovsdb_log_get_error(log));
    }
    json_decref(all);
    ovsdb_log_close(log);
    return error ? 1 : 0;
}

/* Exits 0 if 'name' is locked (EBUSY), 1 if it could be locked, 2 on
 * other errors. */
static int
helper_try_lock(const char *name)
{
    struct ovsdb_log *log;
    char *msg;
    int error = ovsdb_log_open(name, OVSDB_LOG_READ_WRITE, &log, &msg);
    if (!error) {
        ovsdb_log_close(log);
        return 1;
    }
    if (error != EBUSY) {
        fprintf(stderr, "%s\n", msg);
    }
    free(msg);
    return error == EBUSY ? 0 : 2;
}

static int
helper_hold(const char *name, const char *ready)
{
    struct ovsdb_log *log;
    char *msg;
    int error = ovsdb_log_open(name, OVSDB_LOG_READ_WRITE, &log, &msg);
    if (error) {
        fprintf(stderr, "%s\n", msg);
        free(msg);
        return 1;
    }
    int fd = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        ovsdb_log_close(log);
        return 1;
    }
    close(fd);
    for (;;) {
        pause();
    }
}

int
main(int argc, char *argv[])
{
    self_path = argv[0];
    if (argc >= 3 && !strcmp(argv[1], "--read")) {
        set_program_name(argv[0]);
        return helper_read(argv[2]);
    } else if (argc >= 3 && !strcmp(argv[1], "--write")) {
        set_program_name(argv[0]);
        return helper_write(argv[2], argc - 3, argv + 3);
    } else if (argc == 3 && !strcmp(argv[1], "--compact")) {
        set_program_name(argv[0]);
        return helper_compact(argv[2]);
    } else if (argc == 3 && !strcmp(argv[1], "--try-lock")) {
        set_program_name(argv[0]);
        return helper_try_lock(argv[2]);
    } else if (argc == 4 && !strcmp(argv[1], "--hold")) {
        set_program_name(argv[0]);
        return helper_hold(argv[2], argv[3]);
    }
    return osw_test_main(argc, argv);
}
