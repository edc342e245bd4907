/* Fuzz target for what osw-vsctl reads from its command line: the
 * command-line model of db-ctl (utilities/db-ctl.h) and ovs-vsctl's value
 * syntax (ovsdb_datum_from_string()).
 *
 * Input: one selector byte, then the rest.  'selector % 3' picks the mode,
 * 'selector / 3' gives its flags:
 *
 *   0  A value: the next byte picks a column (of any table, "_uuid" and
 *      "_version" included) and the rest, up to the first NUL, is a value
 *      for it in ovs-vsctl syntax, parsed with a symbol table (so "@name"
 *      works).  A value that parses must print (ovsdb_datum_to_string())
 *      as text that parses back to an equal datum, and must also come back
 *      equal from its JSON form (ovsdb_datum_to_json(), then
 *      ovsdb_datum_from_json()).
 *
 *   1  A command line: the rest, split into arguments at NUL bytes (a NUL
 *      ends an argument; one at the very end adds no empty argument), goes
 *      through ctl_parse_commands() with the generic database commands
 *      registered.  With flag 1, the leading options ("--if-exists",
 *      "--columns=name") are given as global options instead, as
 *      osw-vsctl's getopt loop passes them.  A command line that parses
 *      must give each command only options that its syntax lists, and as
 *      many arguments as it allows; then each command's prerequisites
 *      hook runs, as ctl_run() does before it connects, against an IDL
 *      that never connects (that is where table names, column names and
 *      "COLUMN[:KEY]=VALUE" arguments are first checked), and then each
 *      command's run hook, in a transaction on the empty replica that is
 *      never committed: "create" makes rows ("--id=UUID" lets later
 *      commands name them), and "set", "add", "remove", "get", "find"...
 *      read and change them, parsing their values.  osw-vsctl's own
 *      commands (add-br, add-port...) are not registered: their table
 *      lives in osw-vsctl.c's main program, so "add-br" is an unknown
 *      command here.
 *
 *   2  A "COLUMN[:KEY]=VALUE" argument: the next byte picks a table and
 *      the rest, up to the first NUL, goes through
 *      ctl_parse_column_key_value() (relational operators with flag 1, a
 *      value required with flag 2), with a context that has a schema but
 *      no IDL.  What parses is parsed further as "set" does (the key and
 *      value as atoms of a map column, otherwise the value as a datum), and
 *      a "set" argument printed back from the parsed column, key and value
 *      must parse to the same column, key and value.
 *
 * The schema is Open_vSwitch's (compiled into osw-vsctl as a string, and
 * linked in here the same way) plus a table "Fuzz" with the column types
 * that schema lacks: reals with and without ranges, string lengths, enums
 * of several types, maps keyed by integers, reals and uuids, weak
 * references.  Nothing may crash, exit, leak or read out of bounds; a
 * round-trip mismatch aborts.
 *
 * With OSW_FUZZ_VERBOSE in the environment, the target says what it made
 * of each input (for writing seeds). */
#include <config.h>

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-idl.h"
#include "ovsdb-schema.h"
#include "ovsdb-types.h"
#include "utilities/db-ctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* From the generated utilities/osw-vsctl-schema.c. */
extern const char osw_vsctl_schema_json[];

/* The extra table, with ' for " (converted once) to keep it readable. */
static const char fuzz_table_text[] =
"{'columns': {"
"  'r': {'type': 'real'},"
"  'r_range': {'type': {'key': {'type': 'real', 'minReal': -1.5,"
"                               'maxReal': 1e10}}},"
"  'r_set': {'type': {'key': 'real', 'min': 0, 'max': 'unlimited'}},"
"  'r_enum': {'type': {'key': {'type': 'real',"
"                              'enum': ['set', [0.5, 2, -3.25]]},"
"                      'min': 0, 'max': 2}},"
"  'r_map': {'type': {'key': 'real', 'value': 'boolean',"
"                     'min': 0, 'max': 'unlimited'}},"
"  'b_set': {'type': {'key': 'boolean', 'min': 1, 'max': 2}},"
"  'i_range': {'type': {'key': {'type': 'integer', 'minInteger': -5,"
"                               'maxInteger': 4095},"
"                       'min': 0, 'max': 'unlimited'}},"
"  'i_enum': {'type': {'key': {'type': 'integer',"
"                              'enum': ['set', [1, 10, 100]]},"
"                      'min': 0, 'max': 3}},"
"  'i_map': {'type': {'key': 'integer', 'value': {'type': 'string',"
"                                                 'maxLength': 4},"
"                     'min': 0, 'max': 'unlimited'}},"
"  's_len': {'type': {'key': {'type': 'string', 'minLength': 1,"
"                             'maxLength': 8},"
"                     'value': {'type': 'integer', 'minInteger': 1,"
"                               'maxInteger': 10},"
"                     'min': 0, 'max': 'unlimited'}},"
"  's_enum': {'type': {'key': {'type': 'string',"
"                              'enum': ['set', ['a', 'b c', '\\\"q\\\"',"
"                                               'true', '']]},"
"                      'min': 0, 'max': 'unlimited'}},"
"  'u': {'type': 'uuid'},"
"  'u_map': {'type': {'key': 'uuid', 'value': 'uuid',"
"                     'min': 0, 'max': 'unlimited'}},"
"  'ref': {'type': {'key': {'type': 'uuid', 'refTable': 'Fuzz'},"
"                   'min': 0, 'max': 1}},"
"  'weak': {'type': {'key': 'string',"
"                    'value': {'type': 'uuid', 'refTable': 'Bridge',"
"                              'refType': 'weak'},"
"                    'min': 0, 'max': 'unlimited'}}}}";

/* OSW_FUZZ_VERBOSE is set. */
static bool verbose;

/* Every column of every table, for the value mode. */
struct fuzz_schema {
    struct ovsdb_schema *schema;
    const struct ovsdb_column **columns;
    size_t n_columns;
};

/* Parses the schemas and collects their columns, once. */
static const struct fuzz_schema *
get_schema(void)
{
    static struct fuzz_schema fs;

    if (fs.schema) {
        return &fs;
    }

    /* User mistakes are expected here by the million. */
    verbose = getenv("OSW_FUZZ_VERBOSE") != NULL;
    if (!verbose) {
        vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
    }

    json_error_t json_error;
    json_t *json = json_loads(osw_vsctl_schema_json, 0, &json_error);
    char *text = xstrdup(fuzz_table_text);
    for (char *p = text; *p; p++) {
        if (*p == '\'') {
            *p = '"';
        }
    }
    json_t *table = json_loads(text, 0, &json_error);
    free(text);
    if (!json || !table) {
        osw_fatal(0, "built-in schema: %s", json_error.text);
    }
    json_object_set_new(json_object_get(json, "tables"), "Fuzz", table);
    ovsdb_error_assert(ovsdb_schema_from_json(json, &fs.schema));
    json_decref(json);

    size_t allocated = 0;
    for (size_t i = 0; i < fs.schema->n_tables; i++) {
        const struct ovsdb_table_schema *ts = fs.schema->tables[i];

        for (size_t j = 0; j < ts->n_columns; j++) {
            if (fs.n_columns >= allocated) {
                fs.columns = x2nrealloc(fs.columns, &allocated,
                                        sizeof *fs.columns);
            }
            fs.columns[fs.n_columns++] = ts->columns[j];
        }
    }

    /* Records named the way osw-vsctl names them, so that the
     * prerequisites register name columns too. */
    static const struct ctl_table_class classes[] = {
        {"Bridge", {{"Bridge", "name", NULL}, {NULL, NULL, NULL}}},
        {"Controller", {{"Bridge", "name", "controller"},
                        {NULL, NULL, NULL}}},
        {"Interface", {{"Interface", "name", NULL}, {NULL, NULL, NULL}}},
        {"Open_vSwitch", {{"Open_vSwitch", NULL, NULL}, {NULL, NULL, NULL}}},
        {"Port", {{"Port", "name", NULL}, {NULL, NULL, NULL}}},
        {"QoS", {{"Port", "name", "qos"}, {NULL, NULL, NULL}}},
    };
    ctl_register_db_commands();
    ctl_register_table_classes(classes, ARRAY_SIZE(classes));
    return &fs;
}

/* Aborts with a message if 'a' and 'b' differ. */
static void
check_equal(const struct ovsdb_datum *a, const struct ovsdb_datum *b,
            const struct ovsdb_type *type, const char *input,
            const char *what)
{
    if (!ovsdb_datum_equals(a, b, type)) {
        struct ds sa = DS_EMPTY_INITIALIZER;
        struct ds sb = DS_EMPTY_INITIALIZER;

        ovsdb_datum_to_string(a, type, &sa);
        ovsdb_datum_to_string(b, type, &sb);
        fprintf(stderr, "\"%s\" parsed as %s but %s gave %s\n",
                input, ds_cstr(&sa), what, ds_cstr(&sb));
        abort();
    }
}

/* Value mode. */
static void
fuzz_value(const struct ovsdb_column *column, const char *s)
{
    const struct ovsdb_type *type = &column->type;
    struct ovsdb_symbol_table *symtab = ovsdb_symbol_table_create();
    struct ovsdb_datum datum;
    char *error = ovsdb_datum_from_string(&datum, type, s, symtab);

    if (verbose) {
        printf("value for column %s: %s\n", column->name,
               error ? error : "parsed");
    }
    if (error) {
        free(error);
        ovsdb_symbol_table_destroy(symtab);
        return;
    }

    struct ds text = DS_EMPTY_INITIALIZER;
    struct ovsdb_datum again;
    ovsdb_datum_to_string(&datum, type, &text);
    error = ovsdb_datum_from_string(&again, type, ds_cstr(&text), symtab);
    if (error) {
        fprintf(stderr, "\"%s\" (column %s) printed as \"%s\", which does "
                "not parse: %s\n", s, column->name, ds_cstr(&text), error);
        abort();
    }
    check_equal(&datum, &again, type, s, "printing and parsing");
    ovsdb_datum_destroy(&again, type);
    ds_destroy(&text);

    json_t *json = ovsdb_datum_to_json(&datum, type);
    struct ovsdb_error *dberror = ovsdb_datum_from_json(&again, type, json,
                                                        symtab);
    if (dberror) {
        char *msg = ovsdb_error_to_string_free(dberror);
        char *json_text = json_dumps(json, JSON_ENCODE_ANY);
        fprintf(stderr, "\"%s\" (column %s) as JSON %s does not parse: "
                "%s\n", s, column->name, json_text, msg);
        abort();
    }
    check_equal(&datum, &again, type, s, "JSON");
    ovsdb_datum_destroy(&again, type);
    json_decref(json);

    ovsdb_datum_destroy(&datum, type);
    ovsdb_symbol_table_destroy(symtab);
}

/* Splits 'data' into arguments at NUL bytes: a new array of strings,
 * NULL-terminated, that the caller frees with free_args(). */
static char **
split_args(const uint8_t *data, size_t size, int *argcp)
{
    size_t n = 0, allocated = 0;
    char **argv = NULL;

    for (size_t start = 0; start < size; ) {
        const uint8_t *nul = memchr(data + start, '\0', size - start);
        size_t len = nul ? (size_t) (nul - data) - start : size - start;

        if (n + 1 >= allocated) {
            argv = x2nrealloc(argv, &allocated, sizeof *argv);
        }
        argv[n++] = xmemdup0((const char *) data + start, len);
        start += len + 1;
    }
    argv = xrealloc(argv, (n + 1) * sizeof *argv);
    argv[n] = NULL;
    *argcp = n;
    return argv;
}

static void
free_args(char **argv)
{
    for (char **p = argv; *p; p++) {
        free(*p);
    }
    free(argv);
}

/* True if 'syntax''s list of options has item 'name' (with a trailing
 * '=' if 'has_value'). */
static bool
syntax_has_option(const struct ctl_command_syntax *syntax, const char *name,
                  bool has_value)
{
    char *item = xasprintf("%s%s", name, has_value ? "=" : "");
    char *list = xstrdup(syntax->options ? syntax->options : "");
    char *save = NULL;
    bool found = false;

    for (char *s = strtok_r(list, ",", &save); s && !found;
         s = strtok_r(NULL, ",", &save)) {
        found = !strcmp(s, item);
    }
    free(list);
    free(item);
    return found;
}

/* Aborts unless every command of a parsed command line has only options
 * that its syntax lists, and has the number of arguments it allows. */
static void
check_commands(const struct ctl_command *commands, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct ctl_command *c = &commands[i];
        const struct ctl_command_syntax *syntax = c->syntax;

        for (size_t j = 0; j < c->options.n; j++) {
            const struct ctl_option *o = &c->options.options[j];

            if (!syntax_has_option(syntax, o->name, o->value != NULL)) {
                fprintf(stderr, "command %s accepted option \"%s\"%s\n",
                        syntax->name, o->name,
                        o->value ? " with a value" : "");
                abort();
            }
        }
        if (c->argc - 1 < syntax->min_args
            || c->argc - 1 > syntax->max_args) {
            fprintf(stderr, "command %s accepted %d arguments\n",
                    syntax->name, c->argc - 1);
            abort();
        }
    }
}

static void
set_command(struct ctl_context *ctx, struct ctl_command *c)
{
    ctx->command = c;
    ctx->argc = c->argc;
    ctx->argv = c->argv;
    ctx->output = &c->output;
}

/* Runs the prerequisites hooks of 'commands', as ctl_run() does before
 * connecting, then, if they all succeed, their run hooks in one
 * transaction on the empty replica (which is never committed).  Stops at
 * the first error.
 *
 * db-ctl keeps some state between calls that only ctl_run() resets: the
 * tables the prerequisites asked for (one entry per table of the schema,
 * at most) and the uuids of the rows "create" inserted (a few bytes per
 * created row, still reachable, so not a leak). */
static void
run_commands(const struct ovsdb_schema *schema,
             struct ctl_command *commands, size_t n)
{
    struct ctl_context ctx;

    memset(&ctx, 0, sizeof ctx);
    ctx.idl = ovsdb_idl_create("unix:/nonexistent/fuzz-ctl", schema->name,
                               schema, false, false);
    for (size_t i = 0; i < n && !ctx.error; i++) {
        set_command(&ctx, &commands[i]);
        if (commands[i].syntax->prerequisites) {
            commands[i].syntax->prerequisites(&ctx);
        }
    }
    if (verbose) {
        printf("prerequisites: %s\n", ctx.error ? ctx.error : "ok");
    }

    if (!ctx.error) {
        ctx.txn = ovsdb_idl_txn_create(ctx.idl);
        ctx.symtab = ovsdb_symbol_table_create();
        for (size_t i = 0; i < n && !ctx.error && !ctx.try_again; i++) {
            set_command(&ctx, &commands[i]);
            if (commands[i].syntax->run) {
                commands[i].syntax->run(&ctx);
            }
        }
        if (verbose) {
            printf("run: %s\n", (ctx.error ? ctx.error
                                 : ctx.try_again ? "try again" : "ok"));
        }
        ovsdb_idl_txn_destroy(ctx.txn);
        ovsdb_symbol_table_destroy(ctx.symtab);
    }
    free(ctx.error);
    ovsdb_idl_destroy(ctx.idl);
}

/* Command-line mode. */
static void
fuzz_command_line(const struct ovsdb_schema *schema, const uint8_t *data,
                  size_t size, bool global_options)
{
    struct ctl_options options;
    int argc, skip = 0;
    char **argv = split_args(data, size, &argc);

    ctl_options_init(&options);
    if (global_options) {
        for (; skip < argc && !strncmp(argv[skip], "--", 2)
                 && argv[skip][2]; skip++) {
            char *name = xstrdup(argv[skip]);
            char *equals = strchr(name, '=');

            if (equals) {
                *equals = '\0';
            }
            ctl_options_put(&options, name, equals ? equals + 1 : NULL);
            free(name);
        }
    }

    struct ctl_command *commands;
    size_t n_commands;
    char *error = ctl_parse_commands(argc - skip, argv + skip, &options,
                                     &commands, &n_commands);
    if (verbose) {
        printf("command line: %s\n", error ? error : "parsed");
    }
    if (error) {
        free(error);
    } else {
        check_commands(commands, n_commands);
        run_commands(schema, commands, n_commands);
        ctl_commands_destroy(commands, n_commands);
    }
    ctl_options_destroy(&options);
    free_args(argv);
}

/* Parses 'key' and 'value' for 'column' as the "set" command does, into
 * '*keyp' (for a map key; then '*valuep''s 'keys[0]' is the value) or
 * '*valuep'.  Returns false if they do not parse. */
static bool
parse_set_argument(struct ctl_context *ctx, const struct ovsdb_column *column,
                   const char *key, const char *value,
                   union ovsdb_atom *keyp, struct ovsdb_datum *valuep)
{
    const struct ovsdb_type *type = &column->type;
    char *error;

    if (!key) {
        error = ovsdb_datum_from_string(valuep, type, value, ctx->symtab);
    } else if (!ovsdb_type_is_map(type)) {
        return false;
    } else {
        error = ovsdb_atom_from_string(keyp, NULL, &type->key, key,
                                       ctx->symtab);
        if (!error) {
            union ovsdb_atom v;

            error = ovsdb_atom_from_string(&v, NULL, &type->value, value,
                                           ctx->symtab);
            if (error) {
                ovsdb_atom_destroy(keyp, type->key.type);
            } else {
                ovsdb_datum_init_empty(valuep);
                valuep->n = 1;
                valuep->keys = xmemdup(&v, sizeof v);
            }
        }
    }
    free(error);
    return !error;
}

/* Prints a "set" argument for 'column', 'key' (if nonnull) and 'value'
 * (as parse_set_argument() stores them), checks that it parses back to
 * the same, and frees them. */
static void
check_set_argument(struct ctl_context *ctx,
                   const struct ovsdb_table_schema *table,
                   const struct ovsdb_column *column, const char *input,
                   union ovsdb_atom *key, struct ovsdb_datum *value)
{
    const struct ovsdb_type *type = &column->type;
    struct ovsdb_type value_type = OVSDB_TYPE_SCALAR_INITIALIZER(type->value);
    struct ds arg = DS_EMPTY_INITIALIZER;

    ds_put_format(&arg, "%s", column->name);
    if (key) {
        ds_put_char(&arg, ':');
        ovsdb_atom_to_string(key, type->key.type, &arg);
        ds_put_char(&arg, '=');
        ovsdb_atom_to_string(&value->keys[0], type->value.type, &arg);
    } else {
        ds_put_char(&arg, '=');
        ovsdb_datum_to_string(value, type, &arg);
    }

    const struct ovsdb_column *column2;
    const char *operator2;
    char *key2, *value2;
    if (!ctl_parse_column_key_value(ctx, ds_cstr(&arg), table, false, true,
                                    &column2, &key2, &operator2, &value2)) {
        fprintf(stderr, "\"%s\" printed as \"%s\", which does not parse: "
                "%s\n", input, ds_cstr(&arg),
                ctx->error ? ctx->error : "(no error)");
        abort();
    }

    union ovsdb_atom k2;
    struct ovsdb_datum v2;
    if (column2 != column || !key2 != !key
        || !parse_set_argument(ctx, column, key2, value2, &k2, &v2)) {
        fprintf(stderr, "\"%s\" printed as \"%s\", which does not parse "
                "to the same column, key and value\n", input, ds_cstr(&arg));
        abort();
    }
    if (key) {
        struct ovsdb_type key_type = OVSDB_TYPE_SCALAR_INITIALIZER(type->key);
        struct ovsdb_datum k1 = { .n = 1, .keys = key };
        struct ovsdb_datum k2d = { .n = 1, .keys = &k2 };

        check_equal(&k1, &k2d, &key_type, input, "a key printed and parsed");
        check_equal(value, &v2, &value_type, input,
                    "a value printed and parsed");
        ovsdb_atom_destroy(key, type->key.type);
        ovsdb_atom_destroy(&k2, type->key.type);
        ovsdb_datum_destroy(value, &value_type);
        ovsdb_datum_destroy(&v2, &value_type);
    } else {
        check_equal(value, &v2, type, input, "printing and parsing");
        ovsdb_datum_destroy(value, type);
        ovsdb_datum_destroy(&v2, type);
    }
    free(key2);
    free(value2);
    ds_destroy(&arg);
}

/* "COLUMN[:KEY]=VALUE" mode. */
static void
fuzz_column_key_value(const struct ovsdb_table_schema *table, const char *s,
                      unsigned int flags)
{
    bool relational = flags & 1;
    bool value_required = flags & 2;
    const struct ovsdb_column *column;
    const char *operator;
    char *key, *value;
    struct ctl_context ctx;

    memset(&ctx, 0, sizeof ctx);
    ctx.symtab = ovsdb_symbol_table_create();
    bool ok = ctl_parse_column_key_value(&ctx, s, table, relational,
                                         value_required, &column, &key,
                                         &operator, &value);
    if (verbose) {
        printf("argument for table %s: %s\n", table->name,
               ok ? "parsed" : ctx.error);
    }
    if (ok) {
        union ovsdb_atom k;
        struct ovsdb_datum v;

        if (value_required && (!operator || !value)) {
            fprintf(stderr, "\"%s\" parsed without the required value\n", s);
            abort();
        }
        if (operator && !strcmp(operator, "=")
            && parse_set_argument(&ctx, column, key, value, &k, &v)) {
            check_set_argument(&ctx, table, column, s, key ? &k : NULL, &v);
        }
        free(key);
        free(value);
    } else if (!ctx.error) {
        fprintf(stderr, "\"%s\" failed to parse without an error\n", s);
        abort();
    }
    free(ctx.error);
    ovsdb_symbol_table_destroy(ctx.symtab);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct fuzz_schema *fs = get_schema();

    if (size < 2) {
        return 0;
    }
    unsigned int mode = data[0] % 3;
    unsigned int flags = data[0] / 3;
    char *s;

    switch (mode) {
    case 0:
        s = xmemdup0((const char *) data + 2, size - 2);
        fuzz_value(fs->columns[data[1] % fs->n_columns], s);
        free(s);
        break;
    case 1:
        fuzz_command_line(fs->schema, data + 1, size - 1, flags & 1);
        break;
    case 2:
        s = xmemdup0((const char *) data + 2, size - 2);
        fuzz_column_key_value(
            fs->schema->tables[data[1] % fs->schema->n_tables], s, flags);
        free(s);
        break;
    }
    return 0;
}
