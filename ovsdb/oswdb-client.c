/* oswdb-client: a command-line client for OVSDB servers (RFC 7047),
 * compatible with Open vSwitch's ovsdb-client.
 *
 *     oswdb-client [OPTIONS] COMMAND [SERVER] [DATABASE] [ARG...]
 *
 * SERVER (an active stream name, or a passive one to wait for the server
 * to connect to us) is optional: an argument is taken as SERVER only if
 * the command has more arguments than it needs and the argument looks
 * like a stream name ("unix:...", "tcp:...", ...).  Likewise DATABASE, for
 * the commands that take one, is taken only if the server has a database
 * of that name; otherwise it defaults to Open_vSwitch, or to the server's
 * only database.
 *
 * Everything that prints tables goes through output-table.h, so the
 * --format, --data, --no-headings, --pretty and --bare options apply to
 * all of them.  Errors are one line on stderr and exit status 1. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "osw/daemon.h"
#include "osw/dirs.h"
#include "osw/dynamic-string.h"
#include "osw/fatal-signal.h"
#include "osw/jsonrpc.h"
#include "osw/poll-loop.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/unixctl.h"
#include "osw/util.h"
#include "osw/uuid.h"
#include "osw/vlog.h"
#include "log.h"
#include "output-table.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"
#include "ovsdb-schema.h"
#include "ovsdb-types.h"

VLOG_DEFINE_THIS_MODULE(oswdb_client);

/* What a command needs before it runs. */
enum command_needs {
    NEED_NONE,          /* Nothing (help). */
    NEED_RPC,           /* A connection to the server. */
    NEED_DATABASE       /* A connection and a database name. */
};

struct client_command {
    const char *name;
    enum command_needs need;
    int min_args;       /* Not counting SERVER and DATABASE. */
    int max_args;
    void (*handler)(struct jsonrpc *, const char *server,
                    const char *database, int argc, char *argv[]);
};

/* --format, --data, --no-headings, --pretty, --bare. */
static struct output_table_style table_style
    = OUTPUT_TABLE_STYLE_INITIALIZER;

/* --timestamp: print the time before each "monitor" update. */
static bool timestamp;

/* --timeout, in seconds (0: none). */
static unsigned int timeout;

static void usage(void) OSW_NO_RETURN;

/* Options. */

enum {
    OPT_TIMESTAMP = 4500,
};

static void
timeout_handler(int sig OSW_UNUSED)
{
    static const char msg[] = ": timed out\n";
    /* Only async-signal-safe calls here. */
    if (write(STDERR_FILENO, program_name, strlen(program_name)) < 0
        || write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
        /* Nothing more to do. */
    }
    _exit(EXIT_FAILURE);
}

static void
arm_timeout(void)
{
    if (timeout) {
        /* fatal-signal claims SIGALRM when it initializes: do that first,
         * so that our handler is the one that stays. */
        fatal_signal_init();

        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = timeout_handler;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGALRM, &sa, NULL);
        alarm(timeout);
    }
}

static void
parse_options(int argc, char *argv[])
{
    static const struct option long_options[] = {
        {"timestamp", no_argument, NULL, OPT_TIMESTAMP},
        {"timeout", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        DAEMON_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        OUTPUT_TABLE_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };

    for (;;) {
        /* Options may also follow the command, as with ovsdb-client. */
        int c = getopt_long(argc, argv, "t:hVv::f:d:p:c:C:", long_options,
                            NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case OPT_TIMESTAMP:
            timestamp = true;
            break;
        case 't':
            if (!str_to_uint(optarg, 10, &timeout) || !timeout) {
                osw_fatal(0, "value %s on -t or --timeout is invalid",
                          optarg);
            }
            break;
        case 'h':
            usage();
        case 'V':
            osw_print_version();
            exit(EXIT_SUCCESS);

        DAEMON_OPTION_HANDLERS
        VLOG_OPTION_HANDLERS
        OUTPUT_TABLE_OPTION_HANDLERS(&table_style)
        STREAM_SSL_OPTION_HANDLERS

        case '?':
            exit(EXIT_FAILURE);
        default:
            abort();
        }
    }
}

static void
usage(void)
{
    printf("%s: Open vSwitch compatible OVSDB JSON-RPC client\n"
           "usage: %s [OPTIONS] COMMAND [ARG...]\n"
           "\nValid commands are:\n"
           "\n  list-dbs [SERVER]\n"
           "    list databases available on SERVER\n"
           "\n  get-schema [SERVER] [DATABASE]\n"
           "    retrieve schema for DATABASE from SERVER\n"
           "\n  get-schema-version [SERVER] [DATABASE]\n"
           "    retrieve schema for DATABASE from SERVER and report only "
           "its\n    version number on stdout\n"
           "\n  get-schema-cksum [SERVER] [DATABASE]\n"
           "    retrieve schema for DATABASE from SERVER and report only "
           "its\n    checksum on stdout\n"
           "\n  list-tables [SERVER] [DATABASE]\n"
           "    list tables for DATABASE on SERVER\n"
           "\n  list-columns [SERVER] [DATABASE] [TABLE]\n"
           "    list columns in TABLE (or all tables) in DATABASE on "
           "SERVER\n"
           "\n  transact [SERVER] TRANSACTION\n"
           "    run TRANSACTION (params for \"transact\" request) on "
           "SERVER\n    and print the results as JSON on stdout\n"
           "\n  query [SERVER] TRANSACTION\n"
           "    run TRANSACTION (params for \"transact\" request) on "
           "SERVER,\n    as read-only, and print the results as JSON on "
           "stdout\n"
           "\n  monitor [SERVER] [DATABASE] TABLE [COLUMN,...]...\n"
           "    monitor contents of COLUMNs in TABLE in DATABASE on "
           "SERVER.\n"
           "    COLUMNs may include !initial, !insert, !delete, !modify\n"
           "    to avoid seeing the specified kinds of changes.\n"
           "\n  monitor-cond [SERVER] [DATABASE] CONDITION TABLE "
           "[COLUMN,...]...\n"
           "    monitor contents that match CONDITION of COLUMNs in TABLE "
           "in\n    DATABASE on SERVER.\n"
           "    COLUMNs may include !initial, !insert, !delete, !modify\n"
           "    to avoid seeing the specified kinds of changes.\n"
           "\n  monitor [SERVER] [DATABASE] ALL\n"
           "    monitor all changes to all columns in all tables\n"
           "\n  dump [SERVER] [DATABASE] [TABLE [COLUMN]...]\n"
           "    dump contents of DATABASE on SERVER to stdout\n"
           "\n  backup [SERVER] [DATABASE] > SNAPSHOT\n"
           "    dump database contents in the form of a database file\n"
           "\n  wait [SERVER] DATABASE STATE\n"
           "    wait until DATABASE reaches STATE (\"added\" or "
           "\"connected\"\n    or \"removed\") on SERVER\n"
           "\n  lock [SERVER] LOCK\n"
           "    create or wait for LOCK in SERVER\n"
           "\n  steal [SERVER] LOCK\n"
           "    steal LOCK from SERVER\n"
           "\n  unlock [SERVER] LOCK\n"
           "    unlock LOCK from SERVER\n"
           "\nThe default SERVER is unix:%s/db.sock.\n"
           "The default DATABASE is Open_vSwitch.\n",
           program_name, program_name, osw_rundir());
    stream_usage("SERVER", true, true, true);
    output_table_usage();
    printf("  --timestamp                 timestamp \"monitor\" output\n");
    daemon_usage();
    vlog_usage();
    printf("\nOther options:\n"
           "  -t, --timeout=SECS          give up after SECS seconds\n"
           "  -h, --help                  display this help message\n"
           "  -V, --version               display version information\n");
    exit(EXIT_SUCCESS);
}

/* JSON helpers. */

/* Prints 'json' and a new line on stdout, as --pretty asks. */
static void
print_json(const json_t *json)
{
    char *s = output_json_to_string(json, table_style.json_flags);
    puts(s);
    free(s);
}

/* Returns 's', which stays reachable until the process exits: for the
 * text of a message for osw_fatal(), which leak checkers should not count
 * as lost. */
static char *
exit_text(char *s)
{
    static char *text;
    free(text);
    text = s;
    return s;
}

/* Returns 'json' as compact text with sorted keys, for a message before
 * exiting (see exit_text()). */
static char *
json_text(const json_t *json)
{
    return exit_text(output_json_to_string(json, OUTPUT_JSON_SORT));
}

/* If 'd' has an integral value that fits in a long long int, stores it
 * in '*ip' and returns true.  Above 2**53 a double no longer holds every
 * integer, so the value is taken from the shortest decimal text that
 * reads back as 'd': that is the text a server sent, whose digits Open
 * vSwitch's parser turns into an integer exactly. */
static bool
real_as_integer(double d, long long int *ip)
{
    /* [-2**63, 2**63): the doubles that convert to long long int. */
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
        return false;
    }
    long long int i = (long long int) d;
    if ((double) i != d) {
        return false;
    } else if (i > -(1LL << 53) && i < (1LL << 53)) {
        *ip = i;
        return true;
    }

    char text[64];
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(text, sizeof text, "%.*e", precision - 1, d);
        if (strtod(text, NULL) == d) {
            break;
        }
    }

    /* "[-]D.DDDDe+XX" to "[-]DDDD" followed by zeros. */
    char digits[64];
    size_t n = 0;
    const char *p = text;
    if (*p == '-') {
        digits[n++] = *p++;
    }
    size_t first_digit = n;
    for (; *p && *p != 'e'; p++) {
        if (*p != '.') {
            digits[n++] = *p;
        }
    }
    int exponent = atoi(p + 1);
    while (n > first_digit + 1 && digits[n - 1] == '0') {
        n--;
    }
    int n_zeros = exponent - (int) (n - first_digit - 1);
    if (n_zeros < 0 || n + n_zeros >= sizeof digits) {
        return false;
    }
    memset(&digits[n], '0', n_zeros);
    digits[n + n_zeros] = '\0';
    return str_to_llong(digits, 10, ip);
}

/* Returns a number-normalized copy of 'json' (a new reference): a real
 * with an integral value that fits in 64 bits becomes an integer, as Open
 * vSwitch's JSON parser reads "1.0" or "1e3", so that what we print
 * matches ovsdb-client and an integer column accepts it. */
static json_t *
normalize_numbers(json_t *json)
{
    long long int integer;
    if (json_is_real(json)) {
        if (real_as_integer(json_real_value(json), &integer)) {
            return json_integer(integer);
        }
    } else if (json_is_array(json)) {
        for (size_t i = 0; i < json_array_size(json); i++) {
            json_t *elem = json_array_get(json, i);
            json_t *new = normalize_numbers(elem);
            if (new != elem) {
                json_array_set_new(json, i, new);
            } else {
                json_decref(new);
            }
        }
    } else if (json_is_object(json)) {
        for (void *iter = json_object_iter(json); iter;
             iter = json_object_iter_next(json, iter)) {
            json_t *value = json_object_iter_value(iter);
            json_t *new = normalize_numbers(value);
            if (new != value) {
                json_object_iter_set_new(json, iter, new);
            } else {
                json_decref(new);
            }
        }
    }
    return json_incref(json);
}

/* Normalizes the numbers in the JSON members of 'msg' in place. */
static void
normalize_msg(struct jsonrpc_msg *msg)
{
    json_t **members[] = { &msg->params, &msg->result, &msg->error };
    for (size_t i = 0; i < ARRAY_SIZE(members); i++) {
        if (*members[i]) {
            json_t *new = normalize_numbers(*members[i]);
            json_decref(*members[i]);
            *members[i] = new;
        }
    }
}

/* Parses command-line argument 's' as JSON, exiting on error.  Returns a
 * new reference. */
static json_t *
parse_json_arg(const char *s)
{
    json_error_t error;
    json_t *json = json_loads(s, JSON_DECODE_ANY, &error);
    if (!json) {
        osw_fatal(0, "\"%s\": line %d, column %d: %s", s, error.line,
                  error.column, error.text);
    }
    return json;
}

/* Returns the text for 'error' (0, EOF or an errno value) as
 * ovsdb-client words it. */
static const char *
retval_text(int error)
{
    return error == EOF ? "End of file" : osw_retval_to_string(error);
}

/* Connecting. */

/* True if 's' looks like a stream name rather than another argument: a
 * known type, a colon and something after it. */
static bool
is_server_name(const char *s)
{
    return (isalpha((unsigned char) s[0]) && strchr(s, ':')
            && (stream_verify_name(s) != EAFNOSUPPORT
                || pstream_verify_name(s) != EAFNOSUPPORT));
}

static char *
default_server(void)
{
    return xasprintf("unix:%s/db.sock", osw_rundir());
}

/* Waits for one connection on passive stream 'server'. */
static struct stream *
accept_one(const char *server)
{
    struct pstream *pstream;
    int error = pstream_open_with_default_port(server, OSW_OVSDB_PORT,
                                               &pstream, 0);
    if (error) {
        osw_fatal(0, "failed to connect or listen to \"%s\" (%s)", server,
                  osw_strerror(error));
    }

    VLOG_INFO("%s: waiting for connection...", server);
    struct stream *stream;
    while ((error = pstream_accept(pstream, &stream)) == EAGAIN) {
        pstream_wait(pstream);
        poll_block();
    }
    if (error) {
        osw_fatal(0, "failed to accept connection on \"%s\" (%s)", server,
                  osw_strerror(error));
    }
    pstream_close(pstream);
    return stream;
}

/* Connects to 'server', active or passive, exiting on failure. */
static struct jsonrpc *
open_rpc(const char *server)
{
    struct stream *stream = NULL;
    int error;

    if (stream_verify_name(server) == EAFNOSUPPORT
        && pstream_verify_name(server) != EAFNOSUPPORT) {
        return jsonrpc_open(accept_one(server));
    }

    error = stream_open_with_default_port(server, OSW_OVSDB_PORT, &stream,
                                          0);
    error = stream_open_block(error, -1, &stream);
    if (error) {
        osw_fatal(0, "failed to connect to \"%s\" (%s)", server,
                  osw_strerror(error));
    }
    return jsonrpc_open(stream);
}

/* Talking to the server. */

/* Exits with a message unless 'error' is 0 and 'reply' is a successful
 * reply. */
static void
check_txn(int error, const struct jsonrpc_msg *reply)
{
    if (error) {
        osw_fatal(0, "transaction failed (%s)", retval_text(error));
    }
    if (reply->type == JSONRPC_ERROR) {
        char *s = json_text(reply->error);
        osw_fatal(0, "transaction returned error: %s", s);
    }
}

/* Sends request 'method' with 'params' (reference stolen) and returns its
 * result (a new reference), exiting on any error. */
static json_t *
rpc_call(struct jsonrpc *rpc, const char *method, json_t *params)
{
    struct jsonrpc_msg *request = jsonrpc_create_request(method, params,
                                                         NULL);
    struct jsonrpc_msg *reply;
    int error = jsonrpc_transact_block(rpc, request, &reply);
    check_txn(error, reply);
    normalize_msg(reply);

    json_t *result = json_incref(reply->result);
    jsonrpc_msg_destroy(reply);
    return result;
}

/* Fetches the names of the server's databases into '*names' (sorted;
 * free with free_names()) and returns how many there are. */
static size_t
fetch_dbs(struct jsonrpc *rpc, char ***names)
{
    json_t *result = rpc_call(rpc, "list_dbs", json_array());
    if (!json_is_array(result)) {
        osw_fatal(0, "list_dbs response is not array");
    }

    size_t n = json_array_size(result);
    *names = xmalloc((n ? n : 1) * sizeof **names);
    for (size_t i = 0; i < n; i++) {
        const json_t *name = json_array_get(result, i);
        if (!json_is_string(name)) {
            osw_fatal(0, "list_dbs response %zu is not string", i);
        }
        (*names)[i] = xstrdup(json_string_value(name));
    }
    json_decref(result);

    for (size_t i = 1; i < n; i++) {
        for (size_t j = i; j > 0 && strcmp((*names)[j - 1],
                                           (*names)[j]) > 0; j--) {
            char *tmp = (*names)[j];
            (*names)[j] = (*names)[j - 1];
            (*names)[j - 1] = tmp;
        }
    }
    return n;
}

static void
free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);
}

static bool
names_contain(char **names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(names[i], name)) {
            return true;
        }
    }
    return false;
}

/* Fetches and parses the schema of 'database'.  Exits on error. */
static struct ovsdb_schema *
fetch_schema(struct jsonrpc *rpc, const char *database)
{
    json_t *params = json_pack("[s]", database);
    json_t *result = rpc_call(rpc, "get_schema", params);

    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(result, &schema);
    json_decref(result);
    if (error) {
        char *s = exit_text(ovsdb_error_to_string_free(error));
        osw_fatal(0, "%s: bad schema from server: %s", database, s);
    }
    return schema;
}

/* Runs 'transaction' (reference stolen) and returns the result.  Server
 * errors in single operations are part of the result, not errors here. */
static json_t *
run_transaction(struct jsonrpc *rpc, json_t *transaction)
{
    return rpc_call(rpc, "transact", transaction);
}

/* Returns a "select" of 'columns' (reference stolen) from every row of
 * 'table'. */
static json_t *
select_all_op(const char *table, json_t *columns)
{
    return json_pack("{s:s, s:s, s:[], s:o}", "op", "select",
                     "table", table, "where", "columns", columns);
}

/* Returns the "rows" of 'op_result', exiting if it has none. */
static const json_t *
get_rows(const json_t *op_result, const char *table)
{
    const json_t *rows = (json_is_object(op_result)
                          ? json_object_get(op_result, "rows") : NULL);
    if (!json_is_array(rows)) {
        char *s = json_text(op_result);
        osw_fatal(0, "%s table reply is not an object with a \"rows\" "
                  "member array: %s", table, s);
    }
    return rows;
}

/* Simple commands. */

static void
do_list_dbs(struct jsonrpc *rpc, const char *server OSW_UNUSED,
            const char *database OSW_UNUSED, int argc OSW_UNUSED,
            char *argv[] OSW_UNUSED)
{
    char **names;
    size_t n = fetch_dbs(rpc, &names);
    for (size_t i = 0; i < n; i++) {
        puts(names[i]);
    }
    free_names(names, n);
}

static void
do_get_schema(struct jsonrpc *rpc, const char *server OSW_UNUSED,
              const char *database, int argc OSW_UNUSED,
              char *argv[] OSW_UNUSED)
{
    struct ovsdb_schema *schema = fetch_schema(rpc, database);
    json_t *json = ovsdb_schema_to_json(schema);
    print_json(json);
    json_decref(json);
    ovsdb_schema_destroy(schema);
}

static void
do_get_schema_version(struct jsonrpc *rpc, const char *server OSW_UNUSED,
                      const char *database, int argc OSW_UNUSED,
                      char *argv[] OSW_UNUSED)
{
    struct ovsdb_schema *schema = fetch_schema(rpc, database);
    puts(schema->version);
    ovsdb_schema_destroy(schema);
}

static void
do_get_schema_cksum(struct jsonrpc *rpc, const char *server OSW_UNUSED,
                    const char *database, int argc OSW_UNUSED,
                    char *argv[] OSW_UNUSED)
{
    struct ovsdb_schema *schema = fetch_schema(rpc, database);
    puts(schema->cksum);
    ovsdb_schema_destroy(schema);
}

static void
do_list_tables(struct jsonrpc *rpc, const char *server OSW_UNUSED,
               const char *database, int argc OSW_UNUSED,
               char *argv[] OSW_UNUSED)
{
    struct ovsdb_schema *schema = fetch_schema(rpc, database);
    struct output_table t;

    output_table_init(&t);
    output_table_add_column(&t, "Table");
    for (size_t i = 0; i < schema->n_tables; i++) {
        output_table_add_row(&t);
        output_table_add_text(&t, schema->tables[i]->name);
    }
    output_table_print(&t, &table_style);
    output_table_destroy(&t);
    ovsdb_schema_destroy(schema);
}

/* Adds the columns of 'ts' to 't', with the table's name in the first
 * column if 'name_table'. */
static void
add_column_rows(struct output_table *t, const struct ovsdb_table_schema *ts,
                bool name_table)
{
    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_column *column = ts->columns[i];
        json_t *type = ovsdb_type_to_json(&column->type);

        output_table_add_row(t);
        if (name_table) {
            output_table_add_text(t, ts->name);
        }
        output_table_add_text(t, column->name);
        output_table_add_json(t, type, NULL);
        json_decref(type);
    }
}

static void
do_list_columns(struct jsonrpc *rpc, const char *server OSW_UNUSED,
                const char *database, int argc, char *argv[])
{
    struct ovsdb_schema *schema = fetch_schema(rpc, database);
    const char *table_name = argc ? argv[0] : NULL;
    struct output_table t;

    output_table_init(&t);
    if (!table_name) {
        output_table_add_column(&t, "Table");
    }
    output_table_add_column(&t, "Column");
    output_table_add_column(&t, "Type");
    for (size_t i = 0; i < schema->n_tables; i++) {
        const struct ovsdb_table_schema *ts = schema->tables[i];
        /* As ovsdb-client, an unknown TABLE lists nothing. */
        if (!table_name || !strcmp(table_name, ts->name)) {
            add_column_rows(&t, ts, !table_name);
        }
    }
    output_table_print(&t, &table_style);
    output_table_destroy(&t);
    ovsdb_schema_destroy(schema);
}

/* Parses 's' as the params of a "transact" request. */
static json_t *
parse_transaction(const char *s)
{
    json_t *transaction = parse_json_arg(s);
    if (!json_is_array(transaction)
        || !json_is_string(json_array_get(transaction, 0))) {
        osw_fatal(0, "not a valid OVSDB query");
    }
    return transaction;
}

static void
do_transact(struct jsonrpc *rpc, const char *server OSW_UNUSED,
            const char *database OSW_UNUSED, int argc OSW_UNUSED,
            char *argv[])
{
    json_t *result = run_transaction(rpc, parse_transaction(argv[0]));
    print_json(result);
    json_decref(result);
}

/* Runs the transaction with an "abort" operation at the end, so that it
 * changes nothing, and prints the results without the abort's error. */
static void
do_query(struct jsonrpc *rpc, const char *server OSW_UNUSED,
         const char *database OSW_UNUSED, int argc OSW_UNUSED,
         char *argv[])
{
    json_t *transaction = parse_transaction(argv[0]);
    size_t abort_idx = json_array_size(transaction) - 1;
    json_array_append_new(transaction, json_pack("{s:s}", "op", "abort"));

    json_t *result = run_transaction(rpc, transaction);
    if (json_is_array(result) && json_array_size(result) > abort_idx) {
        /* The abort ran (no earlier operation failed): its "aborted" error
         * is ours, not the user's. */
        const json_t *error = json_object_get(
            json_array_get(result, abort_idx), "error");
        if (json_is_string(error)
            && !strcmp(json_string_value(error), "aborted")) {
            json_array_remove(result, abort_idx);
        }
    }
    print_json(result);
    json_decref(result);
}

/* dump. */

static int
compare_column_names(const void *a_, const void *b_)
{
    const struct ovsdb_column *const *a = a_;
    const struct ovsdb_column *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Rows of a dumped table, parsed, for sorting. */
struct dump_row {
    struct ovsdb_datum *data;   /* One per column. */
};

static const struct ovsdb_column *const *sort_columns;
static size_t sort_n_columns;

/* Orders rows by their values column by column, as ovsdb-client does:
 * "_uuid" last, so that rows that differ in some other column sort by
 * that. */
static int
compare_dump_rows(const void *a_, const void *b_)
{
    const struct dump_row *a = a_;
    const struct dump_row *b = b_;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sort_n_columns; i++) {
            const struct ovsdb_column *column = sort_columns[i];
            if ((column->index == OVSDB_COL_UUID) != (pass == 1)) {
                continue;
            }
            int cmp = ovsdb_datum_compare_3way(&a->data[i], &b->data[i],
                                               &column->type);
            if (cmp) {
                return cmp;
            }
        }
    }
    return 0;
}

/* Prints table 'table_name' whose 'rows' came from selecting 'columns'
 * (all but "_version", sorted by name): rows sorted by their values (see
 * compare_dump_rows()), so that two dumps of the same data are the
 * same. */
static void
dump_table(const char *table_name, const struct ovsdb_column **columns,
           size_t n_columns, const json_t *rows)
{
    size_t n_rows = json_array_size(rows);
    struct dump_row *data = xmalloc((n_rows ? n_rows : 1) * sizeof *data);

    for (size_t y = 0; y < n_rows; y++) {
        const json_t *row = json_array_get(rows, y);
        if (!json_is_object(row)) {
            char *s = json_text(row);
            osw_fatal(0, "row %zu in table %s response is not a JSON "
                      "object: %s", y, table_name, s);
        }
        data[y].data = xmalloc((n_columns ? n_columns : 1)
                               * sizeof *data[y].data);
        for (size_t x = 0; x < n_columns; x++) {
            const json_t *json = json_object_get(row, columns[x]->name);
            if (!json) {
                osw_fatal(0, "row %zu in table %s response lacks %s column",
                          y, table_name, columns[x]->name);
            }
            struct ovsdb_error *error = ovsdb_datum_from_json(
                &data[y].data[x], &columns[x]->type, json, NULL);
            if (error) {
                char *s = exit_text(ovsdb_error_to_string_free(error));
                osw_fatal(0, "table %s, column %s: %s", table_name,
                          columns[x]->name, s);
            }
        }
    }

    sort_columns = columns;
    sort_n_columns = n_columns;
    qsort(data, n_rows, sizeof *data, compare_dump_rows);

    struct output_table t;
    output_table_init(&t);
    output_table_set_caption(&t, xasprintf("%s table", table_name));
    for (size_t x = 0; x < n_columns; x++) {
        output_table_add_column(&t, "%s", columns[x]->name);
    }
    for (size_t y = 0; y < n_rows; y++) {
        output_table_add_row(&t);
        for (size_t x = 0; x < n_columns; x++) {
            const struct ovsdb_type *type = &columns[x]->type;
            struct output_cell *cell = output_table_add_cell(&t);
            cell->json = ovsdb_datum_to_json(&data[y].data[x], type);
            cell->type = type;
            ovsdb_datum_destroy(&data[y].data[x], type);
        }
        free(data[y].data);
    }
    free(data);

    output_table_print(&t, &table_style);
    output_table_destroy(&t);
}

static int
compare_table_names(const void *a_, const void *b_)
{
    const struct ovsdb_table_schema *const *a = a_;
    const struct ovsdb_table_schema *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Returns the tables of 'schema' sorted by name.  Caller frees the array
 * (not the tables). */
static struct ovsdb_table_schema **
sorted_tables(const struct ovsdb_schema *schema)
{
    size_t n = schema->n_tables;
    struct ovsdb_table_schema **tables = xmemdup(
        schema->tables, (n ? n : 1) * sizeof *tables);
    qsort(tables, n, sizeof *tables, compare_table_names);
    return tables;
}

/* The columns "dump" shows for 'ts': 'names' if 'n_names' > 0, otherwise
 * all; never "_version"; sorted by name.  Caller frees the array. */
static const struct ovsdb_column **
dump_columns(const struct ovsdb_table_schema *ts, char **names,
             size_t n_names, size_t *n_columnsp)
{
    size_t n_max = n_names ? n_names : ts->n_columns;
    const struct ovsdb_column **columns = xmalloc(
        (n_max ? n_max : 1) * sizeof *columns);
    size_t n = 0;

    for (size_t i = 0; i < n_max; i++) {
        const struct ovsdb_column *column;
        if (n_names) {
            column = ovsdb_table_schema_find_column(ts, names[i]);
            if (!column) {
                osw_fatal(0, "Table \"%s\" has no column %s.", ts->name,
                          names[i]);
            }
        } else {
            column = ts->columns[i];
        }
        if (strcmp(column->name, "_version")) {
            columns[n++] = column;
        }
    }
    qsort(columns, n, sizeof *columns, compare_column_names);
    *n_columnsp = n;
    return columns;
}

static void
do_dump(struct jsonrpc *rpc, const char *server OSW_UNUSED,
        const char *database, int argc, char *argv[])
{
    struct ovsdb_schema *schema = fetch_schema(rpc, database);
    struct ovsdb_table_schema **tables;
    size_t n_tables;

    if (argc) {
        struct ovsdb_table_schema *ts = ovsdb_schema_find_table(schema,
                                                                argv[0]);
        if (!ts) {
            osw_fatal(0, "No table \"%s\" found.", argv[0]);
        }
        tables = xmemdup(&ts, sizeof ts);
        n_tables = 1;
    } else {
        tables = sorted_tables(schema);
        n_tables = schema->n_tables;
    }

    const struct ovsdb_column ***columns = xmalloc(
        (n_tables ? n_tables : 1) * sizeof *columns);
    size_t *n_columns = xmalloc((n_tables ? n_tables : 1)
                                * sizeof *n_columns);
    json_t *transaction = json_pack("[s]", database);
    for (size_t i = 0; i < n_tables; i++) {
        columns[i] = dump_columns(tables[i], argv + 1, argc ? argc - 1 : 0,
                                  &n_columns[i]);
        json_t *names = json_array();
        for (size_t j = 0; j < n_columns[i]; j++) {
            json_array_append_new(names, json_string(columns[i][j]->name));
        }
        json_array_append_new(transaction,
                              select_all_op(tables[i]->name, names));
    }

    json_t *result = run_transaction(rpc, transaction);
    if (!json_is_array(result) || json_array_size(result) != n_tables) {
        char *s = json_text(result);
        osw_fatal(0, "reply is not array of %zu elements: %s", n_tables, s);
    }
    for (size_t i = 0; i < n_tables; i++) {
        const json_t *rows = get_rows(json_array_get(result, i),
                                      tables[i]->name);
        dump_table(tables[i]->name, columns[i], n_columns[i], rows);
        free(columns[i]);
    }

    json_decref(result);
    free(columns);
    free(n_columns);
    free(tables);
    ovsdb_schema_destroy(schema);
}

/* backup. */

/* Returns the transaction record that recreates the tables of 'schema'
 * whose contents 'result' holds (one "select" result per table). */
static json_t *
backup_record(const struct ovsdb_schema *schema, const json_t *result)
{
    json_t *record = json_object();

    for (size_t i = 0; i < schema->n_tables; i++) {
        const char *table = schema->tables[i]->name;
        const json_t *rows = get_rows(json_array_get(result, i), table);
        if (!json_array_size(rows)) {
            continue;
        }

        json_t *out_rows = json_object();
        for (size_t j = 0; j < json_array_size(rows); j++) {
            const json_t *row = json_array_get(rows, j);
            const json_t *uuid_json = json_object_get(row, "_uuid");
            if (!json_is_object(row) || !uuid_json) {
                char *s = json_text(row);
                osw_fatal(0, "%s table reply row lacks _uuid member: %s",
                          table, s);
            }

            const struct ovsdb_base_type uuid_base = OVSDB_BASE_UUID_INIT;
            union ovsdb_atom atom;
            struct ovsdb_error *error = ovsdb_atom_from_json(
                &atom, &uuid_base, uuid_json, NULL);
            if (error) {
                char *s = exit_text(ovsdb_error_to_string_free(error));
                osw_fatal(0, "%s table reply row has bad _uuid: %s", table,
                          s);
            }

            char uuid_s[UUID_LEN + 1];
            uuid_to_string(&atom.uuid, uuid_s);
            json_t *copy = json_deep_copy(row);
            json_object_del(copy, "_uuid");
            json_object_set_new(out_rows, uuid_s, copy);
        }
        json_object_set_new(record, table, out_rows);
    }

    /* As Open vSwitch's ovsdb-client writes it: every row is new, so
     * reading it as a diff against nothing gives the same database. */
    json_object_set_new(record, "_date", json_integer(time_wall_msec()));
    json_object_set_new(record, "_is_diff", json_true());
    char *comment = xasprintf("produced by \"%s backup\"", program_name);
    json_object_set_new(record, "_comment", json_string(comment));
    free(comment);
    return record;
}

/* Copies file 'name' to stdout.  Returns 0 or errno. */
static int
copy_to_stdout(const char *name)
{
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return errno;
    }

    int error = 0;
    for (;;) {
        char buf[65536];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0) {
            error = errno;
            break;
        } else if (!n) {
            break;
        }
        error = write_fully(STDOUT_FILENO, buf, n);
        if (error) {
            break;
        }
    }
    close(fd);
    return error;
}

/* Writes 'schema' and 'record' as a database file to stdout.  The log
 * module writes only regular files (stdout may be a pipe), so the file is
 * made in a private temporary directory first. */
static void
write_backup(const json_t *schema_json, const json_t *record)
{
    char *dir;
    int error = osw_make_temp_dir("oswdb-client", &dir);
    if (error) {
        osw_fatal(error, "cannot create a temporary directory");
    }
    char *file = xasprintf("%s/backup.db", dir);
    char *lock = ovsdb_log_lock_name(file);

    struct ovsdb_log *log;
    char *msg;
    error = ovsdb_log_open(file, OVSDB_LOG_CREATE_EXCL, &log, &msg);
    if (!error) {
        error = ovsdb_log_write(log, schema_json);
        if (!error) {
            error = ovsdb_log_write(log, record);
        }
        if (error) {
            msg = xstrdup(ovsdb_log_get_error(log));
        }
        ovsdb_log_close(log);
    }
    if (!error) {
        error = copy_to_stdout(file);
        if (error) {
            msg = xasprintf("writing backup to stdout failed (%s)",
                            osw_strerror(error));
        }
    }

    unlink(file);
    unlink(lock);
    rmdir(dir);
    if (error) {
        osw_fatal(0, "%s", exit_text(msg));
    }
    free(lock);
    free(file);
    free(dir);
}

static void
do_backup(struct jsonrpc *rpc, const char *server OSW_UNUSED,
          const char *database, int argc OSW_UNUSED, char *argv[] OSW_UNUSED)
{
    if (isatty(STDOUT_FILENO)) {
        osw_fatal(0, "not writing backup to a terminal; "
                  "please redirect stdout to a file");
    }

    struct ovsdb_schema *schema = fetch_schema(rpc, database);

    /* Every persistent column (so "_uuid" but not "_version") of every
     * table. */
    json_t *transaction = json_pack("[s]", database);
    for (size_t i = 0; i < schema->n_tables; i++) {
        const struct ovsdb_table_schema *ts = schema->tables[i];
        json_t *columns = json_array();
        for (size_t j = 0; j < ts->n_columns; j++) {
            if (ts->columns[j]->persistent) {
                json_array_append_new(columns,
                                      json_string(ts->columns[j]->name));
            }
        }
        json_array_append_new(transaction, select_all_op(ts->name, columns));
    }

    json_t *result = run_transaction(rpc, transaction);
    if (!json_is_array(result)
        || json_array_size(result) != schema->n_tables) {
        char *s = json_text(result);
        osw_fatal(0, "reply is not array of %zu elements: %s",
                  schema->n_tables, s);
    }

    json_t *record = backup_record(schema, result);
    json_t *schema_json = ovsdb_schema_to_json(schema);
    write_backup(schema_json, record);

    json_decref(schema_json);
    json_decref(record);
    json_decref(result);
    ovsdb_schema_destroy(schema);
}

/* Daemons: "monitor" and "lock" with --detach. */

/* unixctl state of a command that runs until it is told to stop. */
struct client_daemon {
    struct unixctl_server *unixctl;
    bool exiting;
    bool blocked;       /* oswdb-client/block: stop reading the server. */
};

static void
unixctl_exit(struct unixctl_conn *conn, int argc OSW_UNUSED,
             const char *argv[] OSW_UNUSED, void *daemon_)
{
    struct client_daemon *daemon = daemon_;
    daemon->exiting = true;
    unixctl_command_reply(conn, NULL);
}

static void
unixctl_block(struct unixctl_conn *conn, int argc OSW_UNUSED,
              const char *argv[], void *daemon_)
{
    struct client_daemon *daemon = daemon_;
    bool block = !strcmp(argv[0], "oswdb-client/block");
    if (daemon->blocked == block) {
        unixctl_command_reply_error(conn, block ? "already blocking"
                                    : "already unblocked");
    } else {
        daemon->blocked = block;
        unixctl_command_reply(conn, NULL);
    }
}

/* Forks into the background if --detach asks, and with --detach listens
 * for "exit" over unixctl. */
static void
client_daemon_start(struct client_daemon *daemon)
{
    memset(daemon, 0, sizeof *daemon);
    daemonize_start();
    if (get_detach()) {
        int error = unixctl_server_create(NULL, &daemon->unixctl);
        if (error) {
            osw_fatal(0, "failed to create unixctl server (%s)",
                      osw_strerror(error));
        }
        unixctl_command_register("exit", "", 0, 0, unixctl_exit, daemon);
        unixctl_command_register("oswdb-client/block", "", 0, 0,
                                 unixctl_block, daemon);
        unixctl_command_register("oswdb-client/unblock", "", 0, 0,
                                 unixctl_block, daemon);
    }
}

/* Tells the starter that we are up.  Unlike other daemons, we keep our
 * stdout and stderr: printing is what we are for. */
static void
client_daemon_complete(void)
{
    int out = dup(STDOUT_FILENO);
    int err = dup(STDERR_FILENO);
    daemonize_complete();
    if (out >= 0) {
        dup2(out, STDOUT_FILENO);
        close(out);
    }
    if (err >= 0) {
        dup2(err, STDERR_FILENO);
        close(err);
    }
}

/* Runs the main loop of 'daemon' until "exit", handing each message from
 * 'rpc' to 'handle' (which must not keep it).  Exits on connection
 * errors. */
static void
client_daemon_run(struct client_daemon *daemon, struct jsonrpc *rpc,
                  const char *server,
                  void (*handle)(struct jsonrpc_msg *, void *aux),
                  void *aux)
{
    while (!daemon->exiting) {
        unixctl_server_run(daemon->unixctl);
        jsonrpc_run(rpc);
        while (!daemon->blocked && !daemon->exiting) {
            struct jsonrpc_msg *msg;
            int error = jsonrpc_recv(rpc, &msg);
            if (error == EAGAIN) {
                break;
            } else if (error) {
                osw_fatal(0, "%s: receive failed (%s)", server,
                          retval_text(error));
            }
            normalize_msg(msg);
            if (msg->type == JSONRPC_REQUEST
                && !strcmp(msg->method, "echo")) {
                jsonrpc_send(rpc, jsonrpc_create_reply(
                                 json_incref(msg->params), msg->id));
            } else {
                handle(msg, aux);
            }
            jsonrpc_msg_destroy(msg);
        }
        if (daemon->exiting) {
            break;
        }

        jsonrpc_run(rpc);
        jsonrpc_wait(rpc);
        if (!daemon->blocked) {
            jsonrpc_recv_wait(rpc);
        }
        unixctl_server_wait(daemon->unixctl);
        poll_block();
    }
    unixctl_server_destroy(daemon->unixctl);
    daemon->unixctl = NULL;
}

/* monitor, monitor-cond. */

struct monitored_table {
    const struct ovsdb_table_schema *table;
    struct ovsdb_column_set columns;
};

struct monitor {
    const char *server;
    const char *database;
    int version;                /* 1: "monitor", 2: "monitor_cond". */
    struct monitored_table *mts;
    size_t n_mts;
    json_t *request_id;
};

static void
add_column(const char *server, const struct ovsdb_column *column,
           struct ovsdb_column_set *columns, json_t *columns_json)
{
    if (ovsdb_column_set_contains(columns, column->index)) {
        osw_fatal(0, "%s: column \"%s\" mentioned multiple times", server,
                  column->name);
    }
    ovsdb_column_set_add(columns, column);
    json_array_append_new(columns_json, json_string(column->name));
}

/* Adds to 'columns' every column of 'ts' but "_uuid", sorted by name,
 * then "_version", as ovsdb-client does. */
static void
add_all_columns(const char *server, const struct ovsdb_table_schema *ts,
                struct ovsdb_column_set *columns, json_t *columns_json)
{
    size_t n = ts->n_columns;
    const struct ovsdb_column **sorted = xmemdup(ts->columns,
                                                 n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_column_names);
    for (size_t i = 0; i < n; i++) {
        if (sorted[i]->index >= OVSDB_N_STD_COLUMNS) {
            add_column(server, sorted[i], columns, columns_json);
        }
    }
    free(sorted);
    add_column(server, ts->columns[OVSDB_COL_VERSION], columns,
               columns_json);
}

/* Parses 'arg', "COLUMN[,COLUMN]..." where a column may also be !initial,
 * !insert, !delete or !modify, into a <monitor-request>. */
static json_t *
parse_monitor_columns(const char *arg, const struct monitor *m,
                      const struct ovsdb_table_schema *ts,
                      struct ovsdb_column_set *columns)
{
    bool initial = true, insert = true, delete = true, modify = true;
    json_t *columns_json = json_array();
    char *copy = xstrdup(arg);
    char *save_ptr = NULL;

    for (char *token = strtok_r(copy, ",", &save_ptr); token;
         token = strtok_r(NULL, ",", &save_ptr)) {
        if (!strcmp(token, "!initial")) {
            initial = false;
        } else if (!strcmp(token, "!insert")) {
            insert = false;
        } else if (!strcmp(token, "!delete")) {
            delete = false;
        } else if (!strcmp(token, "!modify")) {
            modify = false;
        } else {
            const struct ovsdb_column *column
                = ovsdb_table_schema_find_column(ts, token);
            if (!column) {
                osw_fatal(0, "%s: table \"%s\" in %s does not have a "
                          "column named \"%s\"", m->server, ts->name,
                          m->database, token);
            }
            add_column(m->server, column, columns, columns_json);
        }
    }
    free(copy);

    if (!json_array_size(columns_json)) {
        add_all_columns(m->server, ts, columns, columns_json);
    }

    json_t *request = json_pack("{s:o}", "columns", columns_json);
    if (!initial || !insert || !delete || !modify) {
        json_object_set_new(request, "select",
                            json_pack("{s:b, s:b, s:b, s:b}",
                                      "initial", initial, "insert", insert,
                                      "delete", delete, "modify", modify));
    }
    return request;
}

/* Adds 'ts' to what 'm' monitors, with the column arguments 'argv' (none
 * means all columns) and 'condition' (NULL for none). */
static void
add_monitored_table(struct monitor *m, const struct ovsdb_table_schema *ts,
                    int argc, char *argv[], const json_t *condition,
                    json_t *monitor_requests)
{
    m->mts = xrealloc(m->mts, (m->n_mts + 1) * sizeof *m->mts);
    struct monitored_table *mt = &m->mts[m->n_mts++];
    mt->table = ts;
    ovsdb_column_set_init(&mt->columns);

    json_t *requests = json_array();
    for (int i = 0; i < (argc ? argc : 1); i++) {
        json_t *request = parse_monitor_columns(argc ? argv[i] : "", m, ts,
                                                &mt->columns);
        if (condition) {
            json_object_set(request, "where",
                            CONST_CAST(json_t *, condition));
        }
        json_array_append_new(requests, request);
    }
    json_object_set_new(monitor_requests, ts->name, requests);
}

/* Adds a row to 't' for 'row' (an object) with action 'type'. */
static void
monitor_print_row(const json_t *row, const char *type, const char *uuid,
                  const struct ovsdb_column_set *columns,
                  struct output_table *t)
{
    if (!row) {
        osw_error(0, "missing %s row", type);
        return;
    } else if (!json_is_object(row)) {
        osw_error(0, "<row> is not object");
        return;
    }

    output_table_add_row(t);
    output_table_add_text(t, uuid);
    output_table_add_text(t, type);
    for (size_t i = 0; i < columns->n_columns; i++) {
        const struct ovsdb_column *column = columns->columns[i];
        output_table_add_json(t, json_object_get(row, column->name),
                              &column->type);
    }
}

static int
compare_strings(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    return strcmp(*a, *b);
}

/* Returns the keys of object 'json', sorted.  Caller frees the array. */
static const char **
sorted_keys(const json_t *json, size_t *np)
{
    size_t n = json_object_size(json);
    const char **keys = xmalloc((n ? n : 1) * sizeof *keys);
    size_t i = 0;
    const char *key;
    const json_t *value;
    json_object_foreach (CONST_CAST(json_t *, json), key, value) {
        keys[i++] = key;
    }
    qsort(keys, n, sizeof *keys, compare_strings);
    *np = n;
    return keys;
}

/* Adds the rows of a version 1 <row-update> 'ru' of row 'uuid' to 't'. */
static void
monitor1_add_rows(const json_t *ru, const char *uuid, bool initial,
                  const struct ovsdb_column_set *columns,
                  struct output_table *t)
{
    const json_t *old = json_object_get(ru, "old");
    const json_t *new = json_object_get(ru, "new");
    if (initial) {
        monitor_print_row(new, "initial", uuid, columns, t);
    } else if (!old) {
        monitor_print_row(new, "insert", uuid, columns, t);
    } else if (!new) {
        monitor_print_row(old, "delete", uuid, columns, t);
    } else {
        monitor_print_row(old, "old", uuid, columns, t);
        monitor_print_row(new, "new", "", columns, t);
    }
}

/* Adds the row of a version 2 <row-update2> 'ru' of row 'uuid' to 't'. */
static void
monitor2_add_rows(const json_t *ru, const char *uuid,
                  const struct ovsdb_column_set *columns,
                  struct output_table *t)
{
    static const char *const actions[] = {
        "initial", "insert", "delete", "modify"
    };
    for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
        const json_t *row = json_object_get(ru, actions[i]);
        if (!row) {
            continue;
        }
        if (!strcmp(actions[i], "delete")) {
            if (!json_is_null(row)) {
                osw_error(0, "delete method does not expect <row>");
                return;
            }
            output_table_add_row(t);
            output_table_add_text(t, uuid);
            output_table_add_text(t, "delete");
        } else {
            monitor_print_row(row, actions[i], uuid, columns, t);
        }
        return;
    }
    osw_error(0, "<row-update2> has no known action");
}

/* Prints one <table-update> (or <table-update2>) of 'mt', rows sorted by
 * UUID. */
static void
monitor_print_table(const struct monitor *m, const json_t *table_update,
                    const struct monitored_table *mt, bool initial)
{
    if (!json_is_object(table_update)) {
        osw_error(0, "<table-update> for table %s is not object",
                  mt->table->name);
        return;
    }

    struct output_table t;
    output_table_init(&t);
    output_table_set_timestamp(&t, timestamp);
    if (m->n_mts > 1) {
        output_table_set_caption(&t, xstrdup(mt->table->name));
    }
    output_table_add_column(&t, "row");
    output_table_add_column(&t, "action");
    for (size_t i = 0; i < mt->columns.n_columns; i++) {
        output_table_add_column(&t, "%s", mt->columns.columns[i]->name);
    }

    size_t n;
    const char **uuids = sorted_keys(table_update, &n);
    for (size_t i = 0; i < n; i++) {
        const json_t *ru = json_object_get(table_update, uuids[i]);
        if (!json_is_object(ru)) {
            osw_error(0, "<row-update> is not object");
        } else if (m->version == 1) {
            monitor1_add_rows(ru, uuids[i], initial, &mt->columns, &t);
        } else {
            monitor2_add_rows(ru, uuids[i], &mt->columns, &t);
        }
    }
    free(uuids);

    output_table_print(&t, &table_style);
    output_table_destroy(&t);
}

/* Prints <table-updates> 'updates', a table at a time. */
static void
monitor_print(const struct monitor *m, const json_t *updates, bool initial)
{
    if (!json_is_object(updates)) {
        osw_error(0, "<table-updates> is not object");
        return;
    }
    for (size_t i = 0; i < m->n_mts; i++) {
        const struct monitored_table *mt = &m->mts[i];
        const json_t *update = json_object_get(updates, mt->table->name);
        if (update) {
            monitor_print_table(m, update, mt, initial);
        }
    }
    fflush(stdout);
}

static void
monitor_handle_msg(struct jsonrpc_msg *msg, void *m_)
{
    struct monitor *m = m_;
    const char *update_method = m->version == 1 ? "update" : "update2";

    if (msg->type == JSONRPC_REPLY && json_equal(msg->id, m->request_id)) {
        monitor_print(m, msg->result, true);
        if (get_detach()) {
            client_daemon_complete();
        }
    } else if (msg->type == JSONRPC_ERROR
               && json_equal(msg->id, m->request_id)) {
        char *s = json_text(msg->error);
        osw_fatal(0, "%s: monitor request failed: %s", m->server, s);
    } else if (msg->type == JSONRPC_NOTIFY
               && !strcmp(msg->method, update_method)) {
        if (json_array_size(msg->params) == 2) {
            monitor_print(m, json_array_get(msg->params, 1), false);
        }
    } else if (msg->type == JSONRPC_NOTIFY
               && !strcmp(msg->method, "monitor_canceled")) {
        osw_fatal(0, "%s: monitor canceled", m->server);
    }
}

static void
do_monitor__(struct jsonrpc *rpc, const char *server, const char *database,
             int version, const json_t *condition, int argc, char *argv[])
{
    struct ovsdb_schema *schema = fetch_schema(rpc, database);
    struct monitor m = {
        .server = server,
        .database = database,
        .version = version,
    };
    json_t *monitor_requests = json_object();

    /* As in ovsdb-client, "ALL" is for "monitor" only. */
    if (version == 1 && !strcmp(argv[0], "ALL")) {
        struct ovsdb_table_schema **tables = sorted_tables(schema);
        for (size_t i = 0; i < schema->n_tables; i++) {
            add_monitored_table(&m, tables[i], argc - 1, argv + 1, condition,
                                monitor_requests);
        }
        free(tables);
    } else {
        const struct ovsdb_table_schema *ts
            = ovsdb_schema_find_table(schema, argv[0]);
        if (!ts && version == 1) {
            osw_fatal(0, "%s: %s does not have a table named \"%s\"",
                      server, database, argv[0]);
        } else if (!ts) {
            osw_fatal(0, "%s does not have a table named \"%s\"",
                      database, argv[0]);
        }
        add_monitored_table(&m, ts, argc - 1, argv + 1, condition,
                            monitor_requests);
    }

    json_t *params = json_pack("[s, n, o]", database, monitor_requests);
    struct jsonrpc_msg *request = jsonrpc_create_request(
        version == 1 ? "monitor" : "monitor_cond", params, &m.request_id);
    jsonrpc_send(rpc, request);

    struct client_daemon daemon;
    client_daemon_start(&daemon);
    client_daemon_run(&daemon, rpc, server, monitor_handle_msg, &m);

    for (size_t i = 0; i < m.n_mts; i++) {
        ovsdb_column_set_destroy(&m.mts[i].columns);
    }
    free(m.mts);
    json_decref(m.request_id);
    ovsdb_schema_destroy(schema);
}

static void
do_monitor(struct jsonrpc *rpc, const char *server, const char *database,
           int argc, char *argv[])
{
    do_monitor__(rpc, server, database, 1, NULL, argc, argv);
}

static void
do_monitor_cond(struct jsonrpc *rpc, const char *server,
                const char *database, int argc, char *argv[])
{
    json_t *condition = parse_json_arg(argv[0]);
    if (!json_is_array(condition)) {
        json_decref(condition);
        osw_fatal(0, "CONDITION must be a JSON array of conditions, e.g. "
                  "'[[\"name\",\"==\",\"br0\"]]'");
    }
    do_monitor__(rpc, server, database, 2, condition, argc - 1, argv + 1);
    json_decref(condition);
}

/* lock, steal, unlock. */

struct lock_state {
    const char *server;
    const char *method;
    json_t *request_id;
};

static void
lock_handle_msg(struct jsonrpc_msg *msg, void *state_)
{
    struct lock_state *state = state_;

    if (msg->type == JSONRPC_REPLY
        && json_equal(msg->id, state->request_id)) {
        print_json(msg->result);
        fflush(stdout);
        if (get_detach()) {
            client_daemon_complete();
        }
    } else if (msg->type == JSONRPC_ERROR
               && json_equal(msg->id, state->request_id)) {
        char *s = json_text(msg->error);
        osw_fatal(0, "%s: %s request failed: %s", state->server,
                  state->method, s);
    } else if (msg->type == JSONRPC_NOTIFY) {
        puts(msg->method);
        print_json(msg->params);
        fflush(stdout);
    }
}

static void
do_lock__(struct jsonrpc *rpc, const char *server, const char *method,
          const char *lock)
{
    struct lock_state state = { .server = server, .method = method };
    struct jsonrpc_msg *request = jsonrpc_create_request(
        method, json_pack("[s]", lock), &state.request_id);
    jsonrpc_send(rpc, request);

    struct client_daemon daemon;
    client_daemon_start(&daemon);
    client_daemon_run(&daemon, rpc, server, lock_handle_msg, &state);
    json_decref(state.request_id);
}

static void
do_lock(struct jsonrpc *rpc, const char *server,
        const char *database OSW_UNUSED, int argc OSW_UNUSED, char *argv[])
{
    do_lock__(rpc, server, "lock", argv[0]);
}

static void
do_steal(struct jsonrpc *rpc, const char *server,
         const char *database OSW_UNUSED, int argc OSW_UNUSED, char *argv[])
{
    do_lock__(rpc, server, "steal", argv[0]);
}

static void
do_unlock(struct jsonrpc *rpc, const char *server,
          const char *database OSW_UNUSED, int argc OSW_UNUSED, char *argv[])
{
    do_lock__(rpc, server, "unlock", argv[0]);
}

/* wait. */

enum wait_state {
    WAIT_ADDED,         /* The database exists. */
    WAIT_CONNECTED,     /* It exists and is connected (always, standalone). */
    WAIT_REMOVED        /* It does not exist. */
};

/* What the _Server database says about the database we wait for. */
struct wait_status {
    bool known;         /* Initial contents received on this connection. */
    bool exists;
    bool connected;
};

/* Applies <table-updates2> 'updates' of _Server's Database table (only the
 * row we asked for) to 'status'. */
static void
wait_apply_updates(struct wait_status *status, const json_t *updates)
{
    const json_t *rows = json_object_get(updates, "Database");
    const char *uuid;
    const json_t *ru;

    json_object_foreach (CONST_CAST(json_t *, rows), uuid, ru) {
        const json_t *row = NULL;
        if (json_object_get(ru, "delete")) {
            status->exists = false;
            status->connected = false;
            continue;
        } else if ((row = json_object_get(ru, "initial"))
                   || (row = json_object_get(ru, "insert"))) {
            status->exists = true;
            status->connected = false;
        } else {
            row = json_object_get(ru, "modify");
        }
        const json_t *connected = json_object_get(row, "connected");
        if (json_is_boolean(connected)) {
            status->connected = json_is_true(connected);
        }
    }
}

static bool
wait_is_done(const struct wait_status *status, enum wait_state state)
{
    switch (state) {
    case WAIT_ADDED:
        return status->exists;
    case WAIT_CONNECTED:
        return status->exists && status->connected;
    case WAIT_REMOVED:
    default:
        return !status->exists;
    }
}

/* Sends the monitor of _Server's row for 'database'.  Returns its id. */
static json_t *
wait_send_monitor(struct jsonrpc_session *js, const char *database)
{
    json_t *request = json_pack(
        "{s:[s, s, s], s:[[s, s, s]]}",
        "columns", "name", "model", "connected",
        "where", "name", "==", database);
    json_t *params = json_pack("[s, n, {s:[o]}]", "_Server", "Database",
                               request);
    json_t *id;
    jsonrpc_session_send(js, jsonrpc_create_request("monitor_cond", params,
                                                    &id));
    return id;
}

/* Waits, reconnecting as needed, until 'database' on 'server' reaches
 * 'state', as the server's _Server database tells. */
static void
do_wait__(const char *server, const char *database, enum wait_state state)
{
    struct jsonrpc_session *js = jsonrpc_session_open(server, true);
    struct wait_status status = { .known = false };
    unsigned int seqno = 0;
    json_t *request_id = NULL;

    for (;;) {
        jsonrpc_session_run(js);
        if (jsonrpc_session_is_connected(js)
            && seqno != jsonrpc_session_get_seqno(js)) {
            seqno = jsonrpc_session_get_seqno(js);
            memset(&status, 0, sizeof status);
            json_decref(request_id);
            request_id = wait_send_monitor(js, database);
        }

        struct jsonrpc_msg *msg = jsonrpc_session_recv(js);
        if (msg) {
            normalize_msg(msg);
            if (msg->type == JSONRPC_ERROR
                && json_equal(msg->id, request_id)) {
                char *s = json_text(msg->error);
                osw_fatal(0, "%s: monitor of _Server failed: %s", server, s);
            } else if (msg->type == JSONRPC_REPLY
                       && json_equal(msg->id, request_id)) {
                status.known = true;
                wait_apply_updates(&status, msg->result);
            } else if (msg->type == JSONRPC_NOTIFY && status.known
                       && !strcmp(msg->method, "update2")
                       && json_array_size(msg->params) == 2) {
                wait_apply_updates(&status, json_array_get(msg->params, 1));
            }
            jsonrpc_msg_destroy(msg);
            if (status.known && wait_is_done(&status, state)) {
                break;
            }
            continue;
        }

        jsonrpc_session_wait(js);
        jsonrpc_session_recv_wait(js);
        poll_block();
    }
    json_decref(request_id);
    jsonrpc_session_close(js);
}

static void
do_wait(struct jsonrpc *rpc OSW_UNUSED, const char *server_ OSW_UNUSED,
        const char *database_ OSW_UNUSED, int argc, char *argv[])
{
    const char *state_name = argv[argc - 1];
    enum wait_state state;
    if (!strcmp(state_name, "added")) {
        state = WAIT_ADDED;
    } else if (!strcmp(state_name, "connected")) {
        state = WAIT_CONNECTED;
    } else if (!strcmp(state_name, "removed")) {
        state = WAIT_REMOVED;
    } else {
        osw_fatal(0, "%s: unknown state", state_name);
    }

    char *server = argc > 2 ? xstrdup(argv[0]) : default_server();
    do_wait__(server, argv[argc - 2], state);
    free(server);
}

static void
do_help(struct jsonrpc *rpc OSW_UNUSED, const char *server OSW_UNUSED,
        const char *database OSW_UNUSED, int argc OSW_UNUSED,
        char *argv[] OSW_UNUSED)
{
    usage();
}

/* Main. */

static const struct client_command all_commands[] = {
    { "list-dbs", NEED_RPC, 0, 0, do_list_dbs },
    { "get-schema", NEED_DATABASE, 0, 0, do_get_schema },
    { "get-schema-version", NEED_DATABASE, 0, 0, do_get_schema_version },
    { "get-schema-cksum", NEED_DATABASE, 0, 0, do_get_schema_cksum },
    { "list-tables", NEED_DATABASE, 0, 0, do_list_tables },
    { "list-columns", NEED_DATABASE, 0, 1, do_list_columns },
    { "transact", NEED_RPC, 1, 1, do_transact },
    { "query", NEED_RPC, 1, 1, do_query },
    { "monitor", NEED_DATABASE, 1, INT_MAX, do_monitor },
    { "monitor-cond", NEED_DATABASE, 2, 3, do_monitor_cond },
    { "dump", NEED_DATABASE, 0, INT_MAX, do_dump },
    { "backup", NEED_DATABASE, 0, 0, do_backup },
    { "lock", NEED_RPC, 1, 1, do_lock },
    { "steal", NEED_RPC, 1, 1, do_steal },
    { "unlock", NEED_RPC, 1, 1, do_unlock },
    /* "wait" connects by itself, retrying until the server is there. */
    { "wait", NEED_NONE, 2, 3, do_wait },
    { "help", NEED_NONE, 0, INT_MAX, do_help },
    { NULL, 0, 0, 0, NULL },
};

static const struct client_command *
find_command(const char *name)
{
    for (const struct client_command *c = all_commands; c->name; c++) {
        if (!strcmp(c->name, name)) {
            return c;
        }
    }
    osw_fatal(0, "unknown command '%s'; use --help for help", name);
}

static void OSW_NO_RETURN
invalid_syntax(const struct client_command *command)
{
    osw_fatal(0, "invalid syntax for '%s' (use --help for help)",
              command->name);
}

/* Picks the database for 'command' from the front of the arguments
 * '*argcp' and '*argvp' (consuming it) or the default. */
static char *
choose_database(struct jsonrpc *rpc, const struct client_command *command,
                int *argcp, char ***argvp)
{
    char **names;
    size_t n = fetch_dbs(rpc, &names);
    char *database = NULL;

    if (*argcp > command->min_args && names_contain(names, n, (*argvp)[0])) {
        database = xstrdup((*argvp)[0]);
        (*argcp)--;
        (*argvp)++;
    } else if (names_contain(names, n, "Open_vSwitch")) {
        database = xstrdup("Open_vSwitch");
    } else {
        /* The only database that is not the server's own "_Server". */
        size_t n_user = 0;
        for (size_t i = 0; i < n; i++) {
            if (names[i][0] != '_') {
                n_user++;
                free(database);
                database = xstrdup(names[i]);
            }
        }
        if (n_user != 1) {
            osw_fatal(0, "could not find a default database, "
                      "please specify a database name");
        }
    }
    free_names(names, n);
    return database;
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    parse_options(argc, argv);
    fatal_signal_init();
    arm_timeout();

    if (optind >= argc) {
        osw_fatal(0, "missing command name; use --help for help");
    }
    const struct client_command *command = find_command(argv[optind]);
    int n_args = argc - optind - 1;
    char **args = argv + optind + 1;

    struct jsonrpc *rpc = NULL;
    char *server = NULL;
    char *database = NULL;
    if (command->need != NEED_NONE) {
        if (n_args > command->min_args && is_server_name(args[0])) {
            server = xstrdup(args[0]);
            n_args--;
            args++;
        } else {
            server = default_server();
        }

        /* Catch what is wrong whatever the server says, before
         * connecting: too few arguments, or more than even a DATABASE
         * would explain. */
        int max_args = command->max_args;
        if (command->need == NEED_DATABASE && max_args < INT_MAX) {
            max_args++;
        }
        if (n_args < command->min_args || n_args > max_args) {
            invalid_syntax(command);
        }

        rpc = open_rpc(server);
        if (command->need == NEED_DATABASE) {
            database = choose_database(rpc, command, &n_args, &args);
        }
    }
    if (n_args < command->min_args || n_args > command->max_args) {
        invalid_syntax(command);
    }

    command->handler(rpc, server, database, n_args, args);

    if (rpc) {
        jsonrpc_close(rpc);
    }
    free(server);
    free(database);
    return EXIT_SUCCESS;
}
