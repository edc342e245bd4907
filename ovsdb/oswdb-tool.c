/* oswdb-tool: offline tools for standalone OVSDB database files, with the
 * commands, output and exit codes of Open vSwitch's ovsdb-tool (see
 * oswdb-tool(1)).
 *
 * Clustered databases are not supported: their commands fail with a clear
 * message.  Every error ends the program with a message on stderr and
 * exit status 1 (2 for the "false" answer of the test commands). */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "file.h"
#include "log.h"
#include "execution.h"
#include "osw/dirs.h"
#include "osw/dynamic-string.h"
#include "osw/hash.h"
#include "osw/hmap.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"

VLOG_DEFINE_THIS_MODULE(oswdb_tool);

/* -m, --more: detail of "show-log". */
static int show_log_verbosity;

struct command {
    const char *name;
    const char *usage;          /* Arguments, for "list-commands". */
    int min_args, max_args;
    void (*handler)(int argc, char *argv[]);
};

static const struct command *find_command(const char *name);
static void list_commands(void);

static void OSW_NO_RETURN
usage(void)
{
    printf("%s: osw database management utility\n"
           "usage: %s [OPTIONS] COMMAND [ARG...]\n"
           "  create [DB [SCHEMA]]    create DB with the given SCHEMA\n"
           "  compact [DB [DST]]      compact DB in-place (or to DST)\n"
           "  convert [DB [SCHEMA [DST]]]   convert DB to SCHEMA (to DST)\n"
           "  needs-conversion [DB [SCHEMA]]  does DB need conversion to "
           "SCHEMA?\n"
           "  db-name [DB]            report name of schema used by DB\n"
           "  db-version [DB]         report version of schema used by DB\n"
           "  db-cksum [DB]           report checksum of schema used by DB\n"
           "  db-is-clustered DB      test whether DB is clustered\n"
           "  db-is-standalone DB     test whether DB is standalone\n"
           "  schema-name [SCHEMA]    report SCHEMA's name\n"
           "  schema-version [SCHEMA] report SCHEMA's schema version\n"
           "  schema-cksum [SCHEMA]   report SCHEMA's checksum\n"
           "  checksum FILE           report the schema checksum of FILE, "
           "a DB or a SCHEMA\n"
           "  compare-versions A OP B  compare OVSDB schema version "
           "numbers\n"
           "  query [DB] TRNS         execute read-only transaction on DB\n"
           "  transact [DB] TRNS      execute read/write transaction on DB\n"
           "  [-m]... show-log [DB]   print DB's log entries\n"
           "Clustered databases are not supported (osw supports standalone "
           "databases only).\n"
           "The default DB is %s/conf.db.\n"
           "The default SCHEMA is %s/vswitch.ovsschema.\n"
           "\n"
           "Logging options:\n"
           "  -vSPEC, --verbose=SPEC   set logging levels\n"
           "  -v, --verbose            set maximum verbosity level\n"
           "  --log-file[=FILE]        enable logging to specified FILE\n"
           "\n"
           "Other options:\n"
           "  -m, --more                  increase show-log verbosity\n"
           "  -h, --help                  display this help message\n"
           "  -V, --version               display version information\n",
           program_name, program_name, osw_dbdir(), osw_pkgdatadir());
    exit(EXIT_SUCCESS);
}

static void
parse_options(int argc, char *argv[])
{
    static const struct option long_options[] = {
        {"more", no_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };

    for (;;) {
        int c = getopt_long(argc, argv, "mhVv::", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 'm':
            show_log_verbosity++;
            break;
        case 'h':
            usage();
        case 'V':
            osw_print_version();
            exit(EXIT_SUCCESS);
        VLOG_OPTION_HANDLERS
        case '?':
            exit(EXIT_FAILURE);
        default:
            abort();
        }
    }
}

/* Error helpers. */

/* Exits with 'error''s message if 'error' is nonnull. */
static void
check_error(struct ovsdb_error *error)
{
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        osw_fatal(0, "%s", s);
    }
}

static char *
default_db(void)
{
    return xasprintf("%s/conf.db", osw_dbdir());
}

static char *
default_schema(void)
{
    return xasprintf("%s/vswitch.ovsschema", osw_pkgdatadir());
}

/* Returns argument 'i' of 'argv', or, if there are not that many, the
 * default from 'dflt' (both as a string the caller frees). */
static char *
arg_or_default(int argc, char *argv[], int i, char *(*dflt)(void))
{
    return i < argc ? xstrdup(argv[i]) : dflt();
}

static struct ovsdb_schema *
read_schema_file(const char *file_name)
{
    struct ovsdb_schema *schema;
    check_error(ovsdb_schema_from_file(file_name, &schema));
    return schema;
}

static struct ovsdb_schema *
read_db_schema(const char *file_name)
{
    struct ovsdb_schema *schema;
    check_error(ovsdb_file_read_schema(file_name, &schema));
    return schema;
}

/* The comment that the tool's snapshots carry: "compacted by oswdb-tool
 * 0.1.0" and the like. */
static char *
tool_comment(const char *verb)
{
    return xasprintf("%s by oswdb-tool %s", verb, PACKAGE_VERSION);
}

/* Reads 'file_name' as a whole database for a read-only command.  A
 * record that cannot be applied is reported as a warning, and the data
 * before it are used, so that a damaged database can be inspected and
 * copied elsewhere. */
static struct ovsdb *
read_db_for_reading(const char *file_name)
{
    struct ovsdb *db;
    struct ovsdb_error *error = ovsdb_file_read(file_name, true, &db);
    if (error) {
        if (!db) {
            check_error(error);
        }
        char *s = ovsdb_error_to_string_free(error);
        osw_error(0, "warning: %s (using the records before it)", s);
        free(s);
    }
    return db;
}

/* Commands. */

static void
do_create(int argc, char *argv[])
{
    char *db_name = arg_or_default(argc, argv, 1, default_db);
    char *schema_name = arg_or_default(argc, argv, 2, default_schema);
    struct ovsdb_schema *schema = read_schema_file(schema_name);

    check_error(ovsdb_file_create(db_name, schema, 0, NULL));
    ovsdb_schema_destroy(schema);
    free(schema_name);
    free(db_name);
}

static void
do_compact(int argc, char *argv[])
{
    char *db_name = arg_or_default(argc, argv, 1, default_db);
    char *comment = tool_comment("compacted");

    if (argc >= 3) {
        struct ovsdb *db = read_db_for_reading(db_name);
        check_error(ovsdb_file_save_copy(argv[2], db, comment));
        ovsdb_destroy(db);
    } else {
        struct ovsdb_file *file;
        check_error(ovsdb_file_open(db_name, 0, &file));
        struct ovsdb *db = ovsdb_file_get_db(file);
        struct ovsdb_error *error = ovsdb_file_compact(file, comment);
        ovsdb_destroy(db);
        check_error(error);
    }
    free(comment);
    free(db_name);
}

static void
do_convert(int argc, char *argv[])
{
    char *db_name = arg_or_default(argc, argv, 1, default_db);
    char *schema_name = arg_or_default(argc, argv, 2, default_schema);
    struct ovsdb_schema *schema = read_schema_file(schema_name);
    char *comment = tool_comment("converted");

    if (argc >= 4) {
        struct ovsdb *db, *new_db;
        check_error(ovsdb_file_read(db_name, false, &db));
        struct ovsdb_error *error = ovsdb_file_convert_db(db, schema,
                                                          &new_db);
        ovsdb_destroy(db);
        check_error(error);
        error = ovsdb_file_save_copy(argv[3], new_db, comment);
        ovsdb_destroy(new_db);
        check_error(error);
    } else {
        struct ovsdb_file *file;
        struct ovsdb *new_db;
        check_error(ovsdb_file_open(db_name, 0, &file));
        struct ovsdb *old_db = ovsdb_file_get_db(file);
        struct ovsdb_error *error = ovsdb_file_convert(file, schema, comment,
                                                       &new_db);
        ovsdb_destroy(old_db);
        ovsdb_destroy(new_db);
        check_error(error);
    }
    free(comment);
    ovsdb_schema_destroy(schema);
    free(schema_name);
    free(db_name);
}

static void
do_needs_conversion(int argc, char *argv[])
{
    char *db_name = arg_or_default(argc, argv, 1, default_db);
    char *schema_name = arg_or_default(argc, argv, 2, default_schema);
    struct ovsdb_schema *db_schema = read_db_schema(db_name);
    struct ovsdb_schema *schema = read_schema_file(schema_name);

    puts(ovsdb_schema_equal(db_schema, schema) ? "no" : "yes");
    ovsdb_schema_destroy(schema);
    ovsdb_schema_destroy(db_schema);
    free(schema_name);
    free(db_name);
}

/* Prints one field of a schema: 'which' is 'n'ame, 'v'ersion or 'c'ksum. */
static void
print_schema_field(const struct ovsdb_schema *schema, char which)
{
    puts(which == 'n' ? schema->name
         : which == 'v' ? schema->version
         : schema->cksum);
}

static void
print_db_schema_field(int argc, char *argv[], char which)
{
    char *db_name = arg_or_default(argc, argv, 1, default_db);
    struct ovsdb_schema *schema = read_db_schema(db_name);
    print_schema_field(schema, which);
    ovsdb_schema_destroy(schema);
    free(db_name);
}

static void
print_schema_file_field(int argc, char *argv[], char which)
{
    char *schema_name = arg_or_default(argc, argv, 1, default_schema);
    struct ovsdb_schema *schema = read_schema_file(schema_name);
    print_schema_field(schema, which);
    ovsdb_schema_destroy(schema);
    free(schema_name);
}

static void
do_db_name(int argc, char *argv[])
{
    print_db_schema_field(argc, argv, 'n');
}

static void
do_db_version(int argc, char *argv[])
{
    print_db_schema_field(argc, argv, 'v');
}

static void
do_db_cksum(int argc, char *argv[])
{
    print_db_schema_field(argc, argv, 'c');
}

static void
do_schema_name(int argc, char *argv[])
{
    print_schema_file_field(argc, argv, 'n');
}

static void
do_schema_version(int argc, char *argv[])
{
    print_schema_file_field(argc, argv, 'v');
}

static void
do_schema_cksum(int argc, char *argv[])
{
    print_schema_file_field(argc, argv, 'c');
}

/* True if 'file_name' starts like a database file ("OVSDB JSON" or
 * "OVSDB CLUSTER" records), false if it does not (a schema is JSON text).
 * Exits with a message if it cannot be read. */
static bool
file_is_db(const char *file_name)
{
    static const char magic[] = "OVSDB ";
    char head[sizeof magic - 1];

    FILE *f = fopen(file_name, "rb");
    if (!f) {
        osw_fatal(errno, "%s: open failed", file_name);
    }
    size_t n = fread(head, 1, sizeof head, f);
    if (ferror(f)) {
        osw_fatal(errno, "%s: read failed", file_name);
    }
    fclose(f);
    return n == sizeof head && !memcmp(head, magic, sizeof head);
}

/* "checksum FILE": the schema checksum of a database or a schema file,
 * whichever FILE is. */
static void
do_checksum(int argc OSW_UNUSED, char *argv[])
{
    struct ovsdb_schema *schema = (file_is_db(argv[1])
                                   ? read_db_schema(argv[1])
                                   : read_schema_file(argv[1]));
    print_schema_field(schema, 'c');
    ovsdb_schema_destroy(schema);
}

/* Exits with status 0 if 'file_name' is a clustered database and
 * 'clustered', or a standalone one and not 'clustered'; 2 if it is the
 * other kind; 1 (with a message) if it is neither or cannot be read. */
static void
test_db_kind(const char *file_name, bool clustered)
{
    struct ovsdb_log *log;
    char *msg;

    int err = ovsdb_log_open(file_name, OVSDB_LOG_READ_ONLY, &log, &msg);
    if (err == ENOTSUP) {
        free(msg);
        exit(clustered ? 0 : 2);
    } else if (err) {
        osw_fatal(0, "%s", msg);
    }
    ovsdb_log_close(log);
    exit(clustered ? 2 : 0);
}

static void
do_db_is_clustered(int argc OSW_UNUSED, char *argv[])
{
    test_db_kind(argv[1], true);
}

static void
do_db_is_standalone(int argc OSW_UNUSED, char *argv[])
{
    test_db_kind(argv[1], false);
}

static void
do_compare_versions(int argc OSW_UNUSED, char *argv[])
{
    struct ovsdb_version a, b;

    if (!ovsdb_version_from_string(argv[1], &a)) {
        osw_fatal(0, "%s: not an OVSDB version number in format x.y.z",
                  argv[1]);
    }
    if (!ovsdb_version_from_string(argv[3], &b)) {
        osw_fatal(0, "%s: not an OVSDB version number in format x.y.z",
                  argv[3]);
    }

    int cmp = ovsdb_version_compare(&a, &b);
    const char *op = argv[2];
    bool result;
    if (!strcmp(op, "<")) {
        result = cmp < 0;
    } else if (!strcmp(op, "<=")) {
        result = cmp <= 0;
    } else if (!strcmp(op, "==")) {
        result = cmp == 0;
    } else if (!strcmp(op, ">=")) {
        result = cmp >= 0;
    } else if (!strcmp(op, ">")) {
        result = cmp > 0;
    } else if (!strcmp(op, "!=")) {
        result = cmp != 0;
    } else {
        osw_fatal(0, "%s: not a relational operator", op);
    }
    exit(result ? 0 : 2);
}

/* "query" and "transact". */

/* JSON output exactly as Open vSwitch's tools write it (compact, object
 * members sorted by name, reals as "%.15g", control characters escaped
 * with lower-case hex), which differs from jansson's in the details. */

static void
put_json_string(struct ds *ds, const char *s, size_t n)
{
    ds_put_char(ds, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        switch (c) {
        case '"':
            ds_put_cstr(ds, "\\\"");
            break;
        case '\\':
            ds_put_cstr(ds, "\\\\");
            break;
        case '\b':
            ds_put_cstr(ds, "\\b");
            break;
        case '\f':
            ds_put_cstr(ds, "\\f");
            break;
        case '\n':
            ds_put_cstr(ds, "\\n");
            break;
        case '\r':
            ds_put_cstr(ds, "\\r");
            break;
        case '\t':
            ds_put_cstr(ds, "\\t");
            break;
        default:
            if (c < 0x20) {
                ds_put_format(ds, "\\u%04x", c);
            } else {
                ds_put_char(ds, c);
            }
        }
    }
    ds_put_char(ds, '"');
}

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    return strcmp(*a, *b);
}

static void
put_json(struct ds *ds, const json_t *json)
{
    switch (json_typeof(json)) {
    case JSON_OBJECT: {
        size_t n = json_object_size(json);
        const char **keys = xcalloc(n ? n : 1, sizeof *keys);
        const char *key;
        json_t *value;
        size_t i = 0;

        json_object_foreach (CONST_CAST(json_t *, json), key, value) {
            keys[i++] = key;
        }
        qsort(keys, n, sizeof *keys, compare_strings);
        ds_put_char(ds, '{');
        for (i = 0; i < n; i++) {
            if (i) {
                ds_put_char(ds, ',');
            }
            put_json_string(ds, keys[i], strlen(keys[i]));
            ds_put_char(ds, ':');
            put_json(ds, json_object_get(json, keys[i]));
        }
        ds_put_char(ds, '}');
        free(keys);
        break;
    }
    case JSON_ARRAY:
        ds_put_char(ds, '[');
        for (size_t i = 0; i < json_array_size(json); i++) {
            if (i) {
                ds_put_char(ds, ',');
            }
            put_json(ds, json_array_get(json, i));
        }
        ds_put_char(ds, ']');
        break;
    case JSON_STRING:
        put_json_string(ds, json_string_value(json),
                        json_string_length(json));
        break;
    case JSON_INTEGER:
        ds_put_format(ds, "%lld", (long long int) json_integer_value(json));
        break;
    case JSON_REAL:
        ds_put_format(ds, "%.15g", json_real_value(json));
        break;
    case JSON_TRUE:
        ds_put_cstr(ds, "true");
        break;
    case JSON_FALSE:
        ds_put_cstr(ds, "false");
        break;
    case JSON_NULL:
    default:
        ds_put_cstr(ds, "null");
        break;
    }
}

/* Returns 'json' as ovsdb-tool writes it.  The caller frees the string. */
static char *
json_to_sorted_string(const json_t *json)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    put_json(&ds, json);
    return ds_steal_cstr(&ds);
}

/* Prints 'json' as ovsdb-tool does. */
static void
print_json(const json_t *json)
{
    char *s = json_to_sorted_string(json);
    puts(s);
    free(s);
}

/* Parses the command-line transaction 'text'. */
static json_t *
parse_transaction(const char *text)
{
    json_error_t jerr;
    json_t *json = json_loads(text, 0, &jerr);
    if (!json) {
        osw_fatal(0, "\"%s\": line %d, column %d: %s", text, jerr.line,
                  jerr.column, jerr.text);
    }
    return json;
}

/* Executes the transaction 'request' ("transact" params: the database
 * name, then the operations) on 'db' and returns the result to print. */
static json_t *
execute_request(struct ovsdb *db, const json_t *request)
{
    if (!json_is_array(request) || !json_array_size(request)
        || !json_is_string(json_array_get(request, 0))
        || strcmp(json_string_value(json_array_get(request, 0)),
                  db->schema->name)) {
        struct ovsdb_error *error
            = ovsdb_syntax_error(request, NULL, "%s",
                                 (json_is_array(request)
                                  ? "database name expected as first "
                                    "parameter"
                                  : "array expected"));
        return ovsdb_error_to_json_free(error);
    }

    json_t *ops = json_array();
    for (size_t i = 1; i < json_array_size(request); i++) {
        json_array_append(ops, json_array_get(request, i));
    }
    json_t *result;
    ovsdb_execute(db, NULL, ops, false, 0, NULL, &result);
    json_decref(ops);
    return result;
}

/* Returns the database file and transaction arguments of "query" or
 * "transact" ([DB] TRNS). */
static void
db_and_transaction(int argc, char *argv[], char **db_namep,
                   const char **transactionp)
{
    *db_namep = argc >= 3 ? xstrdup(argv[1]) : default_db();
    *transactionp = argv[argc - 1];
}

static void
do_query(int argc, char *argv[])
{
    const char *transaction;
    char *db_name;

    db_and_transaction(argc, argv, &db_name, &transaction);
    json_t *request = parse_transaction(transaction);
    struct ovsdb *db = read_db_for_reading(db_name);

    /* The database is not attached to its file, so changes made by the
     * transaction stay in memory, as ovsdb-tool(1) documents. */
    json_t *result = execute_request(db, request);
    print_json(result);

    json_decref(result);
    json_decref(request);
    ovsdb_destroy(db);
    free(db_name);
}

static void
do_transact(int argc, char *argv[])
{
    const char *transaction;
    char *db_name;

    db_and_transaction(argc, argv, &db_name, &transaction);
    json_t *request = parse_transaction(transaction);
    struct ovsdb_file *file;
    check_error(ovsdb_file_open(db_name, OVSDB_FILE_SYNC, &file));
    struct ovsdb *db = ovsdb_file_get_db(file);

    json_t *result = execute_request(db, request);
    struct ovsdb_error *error = ovsdb_file_sync(file);
    ovsdb_destroy(db);
    print_json(result);
    check_error(error);

    json_decref(result);
    json_decref(request);
    free(db_name);
}

/* "show-log". */

/* Open vSwitch's ovsdb-tool prints the members of each record in the
 * order in which its own hash map (a "shash" keyed by hash_string(NAME,
 * 0)) iterates over them after parsing the record, not in the file's
 * order.  To print exactly what it prints, this replays how that map
 * places the keys: Murmur3-style hashing of the key's bytes, buckets that
 * double when the map holds more than twice as many entries as buckets,
 * new entries at the head of their bucket's list, and a rehash that walks
 * the old buckets in order. */

static uint32_t
ovs_rot(uint32_t x, int k)
{
    return (x << k) | (x >> (32 - k));
}

static uint32_t
ovs_mhash_add(uint32_t hash, uint32_t data)
{
    if (data) {
        data *= 0xcc9e2d51;
        data = ovs_rot(data, 15);
        data *= 0x1b873593;
        hash ^= data;
    }
    hash = ovs_rot(hash, 13);
    return hash * 5 + 0xe6546b64;
}

static uint32_t
ovs_hash_string(const char *s)
{
    size_t n = strlen(s);
    uint32_t hash = 0;
    size_t i;

    for (i = 0; i + 4 <= n; i += 4) {
        uint32_t word;
        memcpy(&word, s + i, 4);
        hash = ovs_mhash_add(hash, word);
    }
    if (i < n) {
        uint32_t word = 0;
        memcpy(&word, s + i, n - i);
        hash = ovs_mhash_add(hash, word);
    }

    hash ^= n;
    hash ^= hash >> 16;
    hash *= 0x85ebca6b;
    hash ^= hash >> 13;
    hash *= 0xc2b2ae35;
    hash ^= hash >> 16;
    return hash;
}

/* The bucket mask that Open vSwitch's hmap picks for 'capacity'. */
static size_t
ovs_calc_mask(size_t capacity)
{
    size_t mask = capacity / 2;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
#if SIZE_MAX > UINT32_MAX
    mask |= mask >> 32;
#endif
    mask |= (mask & 1) << 1;
    return mask;
}

struct ovs_node {
    const char *key;
    uint32_t hash;
    struct ovs_node *next;
};

/* Puts 'node' at the head of its bucket in 'buckets' ('mask' + 1 of
 * them). */
static void
ovs_insert_fast(struct ovs_node **buckets, size_t mask, struct ovs_node *node)
{
    struct ovs_node **bucket = &buckets[node->hash & mask];
    node->next = *bucket;
    *bucket = node;
}

/* Returns the keys of 'object' in the order Open vSwitch iterates over
 * them, as an array of 'json_object_size(object)' borrowed strings that
 * the caller frees. */
static const char **
ovs_key_order(const json_t *object)
{
    size_t n = json_object_size(object);
    struct ovs_node *nodes = xcalloc(n ? n : 1, sizeof *nodes);
    struct ovs_node **buckets = xcalloc(1, sizeof *buckets);
    size_t mask = 0, count = 0;
    const char *key;
    json_t *value;

    json_object_foreach (CONST_CAST(json_t *, object), key, value) {
        struct ovs_node *node = &nodes[count++];
        node->key = key;
        node->hash = ovs_hash_string(key);
        ovs_insert_fast(buckets, mask, node);

        if (count / 2 > mask) {
            size_t new_mask = ovs_calc_mask(count);
            if (new_mask > mask) {
                struct ovs_node **new_buckets
                    = xcalloc(new_mask + 1, sizeof *new_buckets);
                for (size_t i = 0; i <= mask; i++) {
                    struct ovs_node *next;
                    for (struct ovs_node *p = buckets[i]; p; p = next) {
                        next = p->next;
                        ovs_insert_fast(new_buckets, new_mask, p);
                    }
                }
                free(buckets);
                buckets = new_buckets;
                mask = new_mask;
            }
        }
    }

    const char **keys = xcalloc(n ? n : 1, sizeof *keys);
    size_t i = 0;
    for (size_t b = 0; b <= mask; b++) {
        for (const struct ovs_node *p = buckets[b]; p; p = p->next) {
            keys[i++] = p->key;
        }
    }
    free(buckets);
    free(nodes);
    return keys;
}

/* The names "show-log -m" gives rows: the JSON of their "name" column,
 * or the first 8 digits of their uuid. */
struct row_name {
    struct hmap_node hmap_node;
    char *uuid;
    char *name;
};

static struct row_name *
row_name_find(const struct hmap *names, const char *uuid)
{
    struct row_name *rn;
    HMAP_FOR_EACH_WITH_HASH (rn, hmap_node, hash_string(uuid, 0), names) {
        if (!strcmp(rn->uuid, uuid)) {
            return rn;
        }
    }
    return NULL;
}

/* Sets the name of 'uuid' to 'name', which it takes. */
static void
row_name_set(struct hmap *names, const char *uuid, char *name)
{
    struct row_name *rn = row_name_find(names, uuid);
    if (!rn) {
        rn = xmalloc(sizeof *rn);
        rn->uuid = xstrdup(uuid);
        hmap_insert(names, &rn->hmap_node, hash_string(uuid, 0));
    } else {
        free(rn->name);
    }
    rn->name = name;
}

static void
row_name_free(struct hmap *names, struct row_name *rn)
{
    hmap_remove(names, &rn->hmap_node);
    free(rn->uuid);
    free(rn->name);
    free(rn);
}

static void
row_names_destroy(struct hmap *names)
{
    struct row_name *rn;
    HMAP_FOR_EACH_SAFE (rn, hmap_node, names) {
        row_name_free(names, rn);
    }
    hmap_destroy(names);
}

/* Prints column 'name' with 'value' (as "show-log -mm" does), in the
 * column's own syntax if it is a column of 'ts' (which may be NULL) and
 * 'value' is a valid value for it, otherwise as JSON. */
static void
print_column_change(const struct ovsdb_table_schema *ts, const char *name,
                    const json_t *value)
{
    const struct ovsdb_column *column
        = ts ? ovsdb_table_schema_find_column(ts, name) : NULL;
    char *s = NULL;

    if (column) {
        struct ovsdb_datum datum;
        struct ovsdb_error *error = ovsdb_datum_from_json(&datum,
                                                          &column->type,
                                                          value, NULL);
        if (!error) {
            struct ds ds = DS_EMPTY_INITIALIZER;
            ovsdb_datum_to_string(&datum, &column->type, &ds);
            ovsdb_datum_destroy(&datum, &column->type);
            s = ds_steal_cstr(&ds);
        } else {
            ovsdb_error_destroy(error);
        }
    }
    if (!s) {
        s = json_to_sorted_string(value);
    }
    printf("    %s=%s\n", name, s);
    free(s);
}

/* Prints what record 'record' does to row 'uuid' of 'table', whose change
 * is 'change'. */
static void
print_row_change(const char *table, const struct ovsdb_table_schema *ts,
                 const char *uuid, const json_t *change, bool diff,
                 struct hmap *names)
{
    struct row_name *old = row_name_find(names, uuid);
    char *new_name = NULL;

    if (json_is_object(change)) {
        const json_t *name_json = json_object_get(change, "name");
        if (name_json) {
            new_name = json_to_sorted_string(name_json);
        }
    }

    printf("  table %s", table);
    if (!old) {
        if (new_name) {
            printf(" insert row %s (%.8s):\n", new_name, uuid);
        } else {
            printf(" insert row %.8s:\n", uuid);
        }
    } else {
        printf(" row %s (%.8s)%s:\n", old->name, uuid, diff ? " diff" : "");
    }

    if (json_is_object(change)) {
        if (show_log_verbosity > 1) {
            const char **columns = ovs_key_order(change);
            for (size_t i = 0; i < json_object_size(change); i++) {
                print_column_change(ts, columns[i],
                                    json_object_get(change, columns[i]));
            }
            free(columns);
        }
        if (new_name && (!old || strcmp(old->name, new_name))) {
            row_name_set(names, uuid, new_name);
            new_name = NULL;
        } else if (!old) {
            row_name_set(names, uuid, xmemdup0(uuid, strnlen(uuid, 8)));
        }
    } else if (json_is_null(change)) {
        printf("    delete row\n");
        if (old) {
            row_name_free(names, old);
        }
    }
    free(new_name);
}

/* Prints the row changes of transaction record 'record'. */
static void
print_db_changes(const json_t *record, const struct ovsdb_schema *schema,
                 struct hmap *names)
{
    bool diff = json_is_true(json_object_get(record, "_is_diff"));
    const char **tables = ovs_key_order(record);
    int n_printed = 0;

    for (size_t i = 0; i < json_object_size(record); i++) {
        const char *table = tables[i];
        const json_t *rows = json_object_get(record, table);
        if (table[0] == '_' || !json_is_object(rows)) {
            continue;
        }
        if (!n_printed++) {
            putchar('\n');
        }

        const struct ovsdb_table_schema *ts
            = schema ? ovsdb_schema_find_table(schema, table) : NULL;
        const char **uuids = ovs_key_order(rows);
        for (size_t j = 0; j < json_object_size(rows); j++) {
            print_row_change(table, ts, uuids[j],
                             json_object_get(rows, uuids[j]), diff, names);
        }
        free(uuids);
    }
    free(tables);
}

/* Prints the date and comment of transaction record 'record'. */
static void
print_record_header(const json_t *record)
{
    const json_t *date = json_object_get(record, "_date");
    if (json_is_integer(date)) {
        long long int t = json_integer_value(date);
        if (t < INT32_MAX) {
            /* Very old databases have seconds. */
            t *= 1000;
        }
        char s[128];
        strftime_msec(s, sizeof s, " %Y-%m-%d %H:%M:%S%.###", t, true);
        fputs(s, stdout);
    }

    const json_t *comment = json_object_get(record, "_comment");
    if (json_is_string(comment)) {
        printf(" \"%s\"", json_string_value(comment));
    }
}

/* Opens 'file_name' for reading, with a clear message for a clustered
 * database. */
static struct ovsdb_log *
open_log_for_reading(const char *file_name)
{
    struct ovsdb_log *log;
    char *msg;

    int err = ovsdb_log_open(file_name, OVSDB_LOG_READ_ONLY, &log, &msg);
    if (err == ENOTSUP) {
        osw_fatal(0, "%s: clustered databases are not supported (osw "
                  "supports standalone databases only)", file_name);
    } else if (err) {
        osw_fatal(0, "%s", msg);
    }
    return log;
}

static void
do_show_log(int argc, char *argv[])
{
    char *db_name = arg_or_default(argc, argv, 1, default_db);
    struct ovsdb_log *log = open_log_for_reading(db_name);
    struct ovsdb_schema *schema = NULL;
    struct hmap names = HMAP_INITIALIZER(&names);

    for (unsigned int i = 0; ; i++) {
        json_t *record;
        if (ovsdb_log_read(log, &record)) {
            fflush(stdout);
            osw_fatal(0, "%s", ovsdb_log_get_error(log));
        } else if (!record) {
            break;
        }

        printf("record %u:", i);
        if (i == 0) {
            struct ovsdb_error *error = ovsdb_schema_from_json(record,
                                                               &schema);
            if (error) {
                fflush(stdout);
                check_error(ovsdb_wrap_error(error, "%s: bad schema",
                                             db_name));
            }
            printf(" \"%s\" schema, version=\"%s\", cksum=\"%s\"\n",
                   schema->name, schema->version, schema->cksum);
        } else {
            print_record_header(record);
            if (show_log_verbosity > 0) {
                print_db_changes(record, schema, &names);
            }
        }
        json_decref(record);
        putchar('\n');
    }

    row_names_destroy(&names);
    ovsdb_schema_destroy(schema);
    ovsdb_log_close(log);
    free(db_name);
}

/* Commands for clustered databases, and help. */

static void
do_clustered(int argc OSW_UNUSED, char *argv[])
{
    osw_fatal(0, "%s: clustered databases are not supported (osw supports "
              "standalone databases only)", argv[0]);
}

static void
do_help(int argc OSW_UNUSED, char *argv[] OSW_UNUSED)
{
    usage();
}

static void
do_list_commands(int argc OSW_UNUSED, char *argv[] OSW_UNUSED)
{
    list_commands();
}

static const struct command commands[] = {
    {"create", "[db [schema]]", 0, 2, do_create},
    {"create-cluster", "db contents local", 3, 3, do_clustered},
    {"join-cluster", "db name local remote...", 4, INT_MAX, do_clustered},
    {"compact", "[db [dst]]", 0, 2, do_compact},
    {"convert", "[db [schema [dst]]]", 0, 3, do_convert},
    {"needs-conversion", "[db [schema]]", 0, 2, do_needs_conversion},
    {"db-name", "[db]", 0, 1, do_db_name},
    {"db-version", "[db]", 0, 1, do_db_version},
    {"db-cksum", "[db]", 0, 1, do_db_cksum},
    {"db-cid", "db", 1, 1, do_clustered},
    {"db-sid", "db", 1, 1, do_clustered},
    {"db-local-address", "db", 1, 1, do_clustered},
    {"db-is-clustered", "db", 1, 1, do_db_is_clustered},
    {"db-is-standalone", "db", 1, 1, do_db_is_standalone},
    {"schema-name", "[schema]", 0, 1, do_schema_name},
    {"schema-version", "[schema]", 0, 1, do_schema_version},
    {"schema-cksum", "[schema]", 0, 1, do_schema_cksum},
    {"checksum", "file", 1, 1, do_checksum},
    {"query", "[db] trns", 1, 2, do_query},
    {"transact", "[db] trns", 1, 2, do_transact},
    {"show-log", "[db]", 0, 1, do_show_log},
    {"check-cluster", "db...", 1, INT_MAX, do_clustered},
    {"cluster-to-standalone", "db db", 2, 2, do_clustered},
    {"compare-versions", "a op b", 3, 3, do_compare_versions},
    {"help", "", 0, INT_MAX, do_help},
    {"list-commands", "", 0, INT_MAX, do_list_commands},
};

static const struct command *
find_command(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(commands[i].name, name)) {
            return &commands[i];
        }
    }
    return NULL;
}

static void
list_commands(void)
{
    printf("The available commands are:\n");
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        printf("  %-23s %s\n", commands[i].name, commands[i].usage);
    }
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    parse_options(argc, argv);
    argc -= optind;
    argv += optind;

    if (argc < 1) {
        osw_fatal(0, "missing command name; use --help for help");
    }
    const struct command *cmd = find_command(argv[0]);
    if (!cmd) {
        osw_fatal(0, "unknown command '%s'; use --help for help", argv[0]);
    }
    int n_args = argc - 1;
    if (n_args < cmd->min_args) {
        osw_fatal(0, "'%s' command requires at least %d arguments",
                  cmd->name, cmd->min_args);
    } else if (n_args > cmd->max_args) {
        osw_fatal(0, "'%s' command takes at most %d arguments",
                  cmd->name, cmd->max_args);
    }
    cmd->handler(argc, argv);

    if (fflush(stdout) || ferror(stdout)) {
        osw_fatal(errno, "write error on standard output");
    }
    return 0;
}
