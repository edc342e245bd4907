/* db-ctl: see db-ctl.h. */
#include <config.h>
#include "db-ctl.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "osw/hash.h"
#include "osw/hmap.h"
#include "osw/poll-loop.h"
#include "osw/timeval.h"
#include "osw/uuid.h"
#include "osw/vlog.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "ovsdb-parser.h"
#include "ovsdb-schema.h"
#include "ovsdb-types.h"

/* Named as Open vSwitch's module, so that log lines read the same. */
VLOG_DEFINE_THIS_MODULE(db_ctl_base);

/* The registered commands and table classes. */
static const struct ctl_command_syntax **command_sets;
static size_t n_command_sets, allocated_command_sets;
static const struct ctl_table_class *table_classes;
static size_t n_table_classes;

/* Fatal errors. */

/* Prints "PROGRAM: MESSAGE" on stderr and exits with status 1. */
void
ctl_fatal(const char *format, ...)
{
    va_list args;

    fflush(stdout);
    fprintf(stderr, "%s: ", program_name);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    putc('\n', stderr);
    exit(EXIT_FAILURE);
}

/* Records the context's first error. */
void
ctl_error(struct ctl_context *ctx, const char *format, ...)
{
    va_list args;

    if (ctx->error) {
        return;
    }
    va_start(args, format);
    ctx->error = xvasprintf(format, args);
    va_end(args);
}

/* Command registry. */

/* Registers the NULL-terminated array 'commands'. */
void
ctl_register_commands(const struct ctl_command_syntax *commands)
{
    if (n_command_sets >= allocated_command_sets) {
        command_sets = x2nrealloc(command_sets, &allocated_command_sets,
                                  sizeof *command_sets);
    }
    command_sets[n_command_sets++] = commands;
}

/* Returns the command called 'name', or NULL. */
const struct ctl_command_syntax *
ctl_find_command(const char *name)
{
    for (size_t i = 0; i < n_command_sets; i++) {
        for (const struct ctl_command_syntax *p = command_sets[i]; p->name;
             p++) {
            if (!strcmp(p->name, name)) {
                return p;
            }
        }
    }
    return NULL;
}

/* Prints the registered commands for --commands. */
void
ctl_print_commands(void)
{
    for (size_t i = 0; i < n_command_sets; i++) {
        for (const struct ctl_command_syntax *p = command_sets[i]; p->name;
             p++) {
            char *options = xstrdup(p->options ? p->options : "");
            char *save = NULL;

            for (char *o = strtok_r(options, ",", &save); o;
                 o = strtok_r(NULL, ",", &save)) {
                printf("[%s] ", o);
            }
            printf(",%s,%s\n", p->name, p->arguments ? p->arguments : "");
            free(options);
        }
    }
}

/* Calls 'cb' for every option that some command accepts, once per name
 * ('name' without "--", 'has_arg' true for "--name="). */
static void
for_each_cmd_option(void (*cb)(const char *name, bool has_arg, void *aux),
                    void *aux)
{
    for (size_t i = 0; i < n_command_sets; i++) {
        for (const struct ctl_command_syntax *p = command_sets[i]; p->name;
             p++) {
            char *options = xstrdup(p->options ? p->options : "");
            char *save = NULL;

            for (char *o = strtok_r(options, ",", &save); o;
                 o = strtok_r(NULL, ",", &save)) {
                size_t len = strlen(o);
                bool has_arg = len && o[len - 1] == '=';

                if (has_arg) {
                    o[len - 1] = '\0';
                }
                if (!strncmp(o, "--", 2)) {
                    cb(o + 2, has_arg, aux);
                }
            }
            free(options);
        }
    }
}

struct option_table {
    struct option **optionsp;
    size_t *n_options;
    size_t *allocated;
    int opt_val;
};

static void
add_cmd_option(const char *name, bool has_arg, void *aux_)
{
    struct option_table *aux = aux_;
    struct option *o;

    for (size_t i = 0; i < *aux->n_options; i++) {
        if (!strcmp((*aux->optionsp)[i].name, name)) {
            return;
        }
    }
    if (*aux->n_options + 1 >= *aux->allocated) {
        *aux->optionsp = x2nrealloc(*aux->optionsp, aux->allocated,
                                    sizeof **aux->optionsp);
    }
    o = &(*aux->optionsp)[(*aux->n_options)++];
    /* The table lives as long as the program: the name is never freed. */
    o->name = xstrdup(name);
    o->has_arg = has_arg ? required_argument : no_argument;
    o->flag = NULL;
    o->val = aux->opt_val;
}

/* Adds every command option to a getopt_long() table. */
void
ctl_add_cmd_options(struct option **optionsp, size_t *n_options,
                    size_t *allocated, int opt_val)
{
    struct option_table aux = { optionsp, n_options, allocated, opt_val };

    for_each_cmd_option(add_cmd_option, &aux);
    if (*n_options >= *allocated) {
        *optionsp = x2nrealloc(*optionsp, allocated, sizeof **optionsp);
    }
    memset(&(*optionsp)[*n_options], 0, sizeof **optionsp);
}

static void
print_cmd_option(const char *name, bool has_arg, void *aux)
{
    char ***seen = aux;
    size_t n = 0;

    for (; (*seen)[n]; n++) {
        if (!strcmp((*seen)[n], name)) {
            return;
        }
    }
    *seen = xrealloc(*seen, (n + 2) * sizeof **seen);
    (*seen)[n] = xstrdup(name);
    (*seen)[n + 1] = NULL;
    printf("--%s%s\n", name, has_arg ? "=ARG" : "");
}

/* Prints every command option, for --options. */
void
ctl_print_command_options(void)
{
    char **seen = xzalloc(sizeof *seen);

    for_each_cmd_option(print_cmd_option, &seen);
    for (size_t i = 0; seen[i]; i++) {
        free(seen[i]);
    }
    free(seen);
}

/* Options of one command. */

/* Initializes 'options' as empty. */
void
ctl_options_init(struct ctl_options *options)
{
    options->options = NULL;
    options->n = options->allocated = 0;
}

/* Frees what 'options' holds and leaves it empty. */
void
ctl_options_destroy(struct ctl_options *options)
{
    for (size_t i = 0; i < options->n; i++) {
        free(options->options[i].name);
        free(options->options[i].value);
    }
    free(options->options);
    ctl_options_init(options);
}

static struct ctl_option *
ctl_options_find(const struct ctl_options *options, const char *name)
{
    for (size_t i = 0; i < options->n; i++) {
        if (!strcmp(options->options[i].name, name)) {
            return &options->options[i];
        }
    }
    return NULL;
}

/* Adds or replaces option 'name'. */
void
ctl_options_put(struct ctl_options *options, const char *name,
                const char *value)
{
    struct ctl_option *o = ctl_options_find(options, name);

    if (o) {
        free(o->value);
    } else {
        if (options->n >= options->allocated) {
            options->options = x2nrealloc(options->options,
                                          &options->allocated,
                                          sizeof *options->options);
        }
        o = &options->options[options->n++];
        o->name = xstrdup(name);
    }
    o->value = value ? xstrdup(value) : NULL;
}

static void
ctl_options_clone(struct ctl_options *dst, const struct ctl_options *src)
{
    ctl_options_init(dst);
    for (size_t i = 0; i < src->n; i++) {
        ctl_options_put(dst, src->options[i].name, src->options[i].value);
    }
}

/* The value of option 'name' of the current command. */
const char *
ctl_get_option(const struct ctl_context *ctx, const char *name)
{
    const struct ctl_option *o = ctl_options_find(&ctx->command->options,
                                                  name);
    return o ? o->value : NULL;
}

/* True if the current command has option 'name'. */
bool
ctl_has_option(const struct ctl_context *ctx, const char *name)
{
    return ctl_options_find(&ctx->command->options, name) != NULL;
}

/* Parsing the command line. */

/* Looks option 'name' up in 'list', a command syntax's comma-separated
 * options, where a trailing '=' marks one that takes a value
 * ("--if-exists,--id=").  Returns '=' for such an option, ',' for one
 * without a value, EOF if 'name' is not one of the items. */
static int
find_syntax_option(const char *list, const char *name)
{
    size_t len = strlen(name);

    while (*list) {
        size_t n = strcspn(list, ",");
        bool takes_value = n && list[n - 1] == '=';

        if (n - takes_value == len && !strncmp(list, name, len)) {
            return takes_value ? '=' : ',';
        }
        list += n + (list[n] == ',');
    }
    return EOF;
}

/* Checks that 'syntax' accepts each of 'options'. */
static char *
check_command_options(const struct ctl_command_syntax *syntax,
                      const struct ctl_options *options)
{
    for (size_t i = 0; i < options->n; i++) {
        const struct ctl_option *o = &options->options[i];
        int end = find_syntax_option(syntax->options ? syntax->options : "",
                                     o->name);
        if (end == EOF) {
            return xasprintf("'%s' command has no '%s' option",
                             syntax->name, o->name);
        }
        if ((end == '=') != (o->value != NULL)) {
            return (end == '='
                    ? xasprintf("missing argument to '%s' option on '%s' "
                                "command", o->name, syntax->name)
                    : xasprintf("'%s' option on '%s' does not accept an "
                                "argument", o->name, syntax->name));
        }
    }
    return NULL;
}

/* Parses one command, 'argv[0]' to 'argv[argc - 1]', with 'options'
 * (taken over) as options given before it. */
static char *
parse_command(int argc, char *argv[], struct ctl_options *options,
              struct ctl_command *command)
{
    const struct ctl_command_syntax *syntax;
    char *error;
    int i, n_args;

    memset(command, 0, sizeof *command);
    command->options = *options;
    ctl_options_init(options);

    for (i = 0; i < argc && argv[i][0] == '-'; i++) {
        const char *arg = argv[i];
        const char *equals = strchr(arg, '=');
        char *name = (equals ? xmemdup0(arg, equals - arg) : xstrdup(arg));

        if (ctl_options_find(&command->options, name)) {
            error = xasprintf("'%s' option specified multiple times", name);
            free(name);
            goto error;
        }
        ctl_options_put(&command->options, name, equals ? equals + 1 : NULL);
        free(name);
    }
    if (i == argc) {
        error = xstrdup("missing command name (use --help for help)");
        goto error;
    }

    syntax = ctl_find_command(argv[i]);
    if (!syntax) {
        error = xasprintf("unknown command '%s'; use --help for help",
                          argv[i]);
        goto error;
    }
    error = check_command_options(syntax, &command->options);
    if (error) {
        goto error;
    }

    n_args = argc - i - 1;
    if (n_args < syntax->min_args) {
        error = xasprintf("'%s' command requires at least %d arguments",
                          syntax->name, syntax->min_args);
        goto error;
    } else if (n_args > syntax->max_args) {
        for (int j = i + 1; j < argc; j++) {
            if (argv[j][0] == '-') {
                error = xasprintf("'%s' command takes at most %d arguments "
                                  "(note that options must precede command "
                                  "names and follow a \"--\" argument)",
                                  syntax->name, syntax->max_args);
                goto error;
            }
        }
        error = xasprintf("'%s' command takes at most %d arguments",
                          syntax->name, syntax->max_args);
        goto error;
    }

    command->syntax = syntax;
    command->argc = n_args + 1;
    command->argv = xcalloc(command->argc + 1, sizeof *command->argv);
    for (int j = 0; j < command->argc; j++) {
        command->argv[j] = xstrdup(argv[i + j]);
    }
    ds_init(&command->output);
    return NULL;

error:
    ctl_options_destroy(&command->options);
    return error;
}

/* Splits the command line into commands. */
char *
ctl_parse_commands(int argc, char *argv[],
                   const struct ctl_options *global_options,
                   struct ctl_command **commandsp, size_t *n_commandsp)
{
    struct ctl_command *commands = NULL;
    size_t n_commands = 0, allocated_commands = 0;
    struct ctl_options options;
    int start, i;

    ctl_options_clone(&options, global_options);
    for (start = i = 0; i <= argc; i++) {
        if (i == argc || !strcmp(argv[i], "--")) {
            if (i > start) {
                char *error;

                if (n_commands >= allocated_commands) {
                    commands = x2nrealloc(commands, &allocated_commands,
                                          sizeof *commands);
                }
                error = parse_command(i - start, &argv[start], &options,
                                      &commands[n_commands]);
                if (error) {
                    ctl_commands_destroy(commands, n_commands);
                    ctl_options_destroy(&options);
                    return error;
                }
                n_commands++;
            } else if (options.n) {
                ctl_commands_destroy(commands, n_commands);
                ctl_options_destroy(&options);
                return xstrdup("missing command name (use --help for help)");
            }
            start = i + 1;
        }
    }
    ctl_options_destroy(&options);
    if (!n_commands) {
        free(commands);
        return xstrdup("missing command name (use --help for help)");
    }
    *commandsp = commands;
    *n_commandsp = n_commands;
    return NULL;
}

/* Frees 'commands'. */
void
ctl_commands_destroy(struct ctl_command *commands, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct ctl_command *c = &commands[i];

        for (int j = 0; j < c->argc; j++) {
            free(c->argv[j]);
        }
        free(c->argv);
        ctl_options_destroy(&c->options);
        ds_destroy(&c->output);
        if (c->table) {
            output_table_destroy(c->table);
            free(c->table);
        }
    }
    free(commands);
}

/* True if some command may write. */
bool
ctl_commands_may_write(const struct ctl_command *commands, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (commands[i].syntax->mode == CTL_RW) {
            return true;
        }
    }
    return false;
}

/* Names of tables and columns. */

/* Folds 'c' for comparing names: case and '-' versus '_' do not count. */
static int
fold_name_char(int c)
{
    return c == '-' ? '_' : tolower((unsigned char) c);
}

/* How well 's' names 'name': UINT_MAX for an exact match, UINT_MAX - 1 for
 * a match that ignores case and '-' versus '_', the length of 's' if it is
 * a prefix that way, 0 otherwise. */
static unsigned int
score_name(const char *name, const char *s)
{
    size_t i;

    if (!strcmp(name, s)) {
        return UINT_MAX;
    }
    for (i = 0; fold_name_char(name[i]) == fold_name_char(s[i]); i++) {
        if (!name[i]) {
            return UINT_MAX - 1;
        }
    }
    return s[i] ? 0 : i;
}

/* Picks among 'n' names the best match for 's'.  Returns its index, or
 * SIZE_MAX if none matches, or SIZE_MAX - 1 if several match equally well
 * (their names are then appended to 'ambiguous', comma-separated, in
 * alphabetical order). */
static size_t
best_name(const char *const *names, size_t n, const char *s,
          struct ds *ambiguous)
{
    unsigned int best_score = 0;
    size_t best = SIZE_MAX, n_best = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned int score = score_name(names[i], s);

        if (score > best_score) {
            best_score = score;
            best = i;
            n_best = 1;
        } else if (score && score == best_score) {
            n_best++;
        }
    }
    if (n_best <= 1) {
        return best;
    }

    /* Several: list them in order. */
    const char **matches = xcalloc(n_best, sizeof *matches);
    size_t n_matches = 0;
    for (size_t i = 0; i < n; i++) {
        if (score_name(names[i], s) == best_score) {
            size_t j = n_matches++;
            while (j > 0 && strcmp(matches[j - 1], names[i]) > 0) {
                matches[j] = matches[j - 1];
                j--;
            }
            matches[j] = names[i];
        }
    }
    for (size_t i = 0; i < n_matches; i++) {
        ds_put_format(ambiguous, "%s%s", i ? ", " : "", matches[i]);
    }
    free(matches);
    return SIZE_MAX - 1;
}

/* Finds the table 'name' names. */
const struct ovsdb_table_schema *
ctl_get_table(struct ctl_context *ctx, const char *name)
{
    const struct ovsdb_schema *schema = ovsdb_idl_get_schema(ctx->idl);
    const char **names = xcalloc(MAX(schema->n_tables, 1), sizeof *names);
    struct ds ambiguous = DS_EMPTY_INITIALIZER;
    const struct ovsdb_table_schema *table = NULL;
    size_t idx;

    for (size_t i = 0; i < schema->n_tables; i++) {
        names[i] = schema->tables[i]->name;
    }
    idx = best_name(names, schema->n_tables, name, &ambiguous);
    if (idx == SIZE_MAX) {
        ctl_error(ctx, "unknown table \"%s\"", name);
    } else if (idx == SIZE_MAX - 1) {
        ctl_error(ctx, "\"%s\" matches multiple table names: %s", name,
                  ds_cstr(&ambiguous));
    } else {
        table = schema->tables[idx];
    }
    ds_destroy(&ambiguous);
    free(names);
    return table;
}

/* Finds the column of 'table' that 'name' names (never "_uuid" or
 * "_version"). */
const struct ovsdb_column *
ctl_get_column(struct ctl_context *ctx,
               const struct ovsdb_table_schema *table, const char *name)
{
    size_t n = table->n_columns - OVSDB_N_STD_COLUMNS;
    const char **names = xcalloc(MAX(n, 1), sizeof *names);
    struct ds ambiguous = DS_EMPTY_INITIALIZER;
    const struct ovsdb_column *column = NULL;
    size_t idx;

    for (size_t i = 0; i < n; i++) {
        names[i] = table->columns[i + OVSDB_N_STD_COLUMNS]->name;
    }
    idx = best_name(names, n, name, &ambiguous);
    if (idx == SIZE_MAX) {
        ctl_error(ctx, "%s does not contain a column whose name matches "
                  "\"%s\"", table->name, name);
    } else if (idx == SIZE_MAX - 1) {
        ctl_error(ctx, "%s contains more than one column whose name "
                  "matches \"%s\": %s", table->name, name,
                  ds_cstr(&ambiguous));
    } else {
        column = table->columns[idx + OVSDB_N_STD_COLUMNS];
    }
    ds_destroy(&ambiguous);
    free(names);
    return column;
}

/* The IDL table of 'table'. */
struct ovsdb_idl_table *
ctl_idl_table(const struct ctl_context *ctx,
              const struct ovsdb_table_schema *table)
{
    return ovsdb_idl_get_table(ctx->idl, table->name);
}

/* Prerequisites and lean replicas.
 *
 * For each table, 'row_filters' remembers whether some command needs all
 * of its rows ('all') or only those that match 'clauses' (a JSON array of
 * <condition>s, ORed by the server's monitor).  A table that no command
 * restricted is replicated in full. */
struct row_filter {
    char *table;
    bool all;
    json_t *clauses;
};

static struct row_filter *row_filters;
static size_t n_row_filters, allocated_row_filters;

static struct row_filter *
get_row_filter(const char *table)
{
    struct row_filter *f;

    for (size_t i = 0; i < n_row_filters; i++) {
        if (!strcmp(row_filters[i].table, table)) {
            return &row_filters[i];
        }
    }
    if (n_row_filters >= allocated_row_filters) {
        row_filters = x2nrealloc(row_filters, &allocated_row_filters,
                                 sizeof *row_filters);
    }
    f = &row_filters[n_row_filters++];
    f->table = xstrdup(table);
    f->all = false;
    f->clauses = json_array();
    return f;
}

static void
clear_row_filters(void)
{
    for (size_t i = 0; i < n_row_filters; i++) {
        free(row_filters[i].table);
        json_decref(row_filters[i].clauses);
    }
    n_row_filters = 0;
}

/* Sends the conditions of the restricted tables to the IDL. */
static void
apply_row_filters(struct ovsdb_idl *idl)
{
    for (size_t i = 0; i < n_row_filters; i++) {
        const struct row_filter *f = &row_filters[i];

        if (!f->all) {
            json_t *cond = (json_array_size(f->clauses)
                            ? json_incref(f->clauses)
                            : json_pack("[b]", false));
            ovsdb_idl_set_condition(idl, f->table, cond);
            json_decref(cond);
        }
    }
}

/* True if the prerequisites may ask for only some rows of a table. */
bool
ctl_is_lean(const struct ctl_context *ctx)
{
    return ctx->lean;
}

/* True if 'table' is (to be) replicated with only some of its rows. */
bool
ctl_table_is_filtered(const struct ctl_context *ctx OSW_UNUSED,
                      const char *table)
{
    for (size_t i = 0; i < n_row_filters; i++) {
        if (!strcmp(row_filters[i].table, table)) {
            return !row_filters[i].all;
        }
    }
    return false;
}

/* Replicates 'table' with all its rows. */
void
ctl_add_table(struct ctl_context *ctx, const char *table)
{
    ovsdb_idl_add_table(ctx->idl, table);
    get_row_filter(table)->all = true;
}

/* Replicates 'column' of 'table', with all rows of the table. */
void
ctl_add_column(struct ctl_context *ctx, const char *table,
               const char *column)
{
    ctl_add_table(ctx, table);
    ovsdb_idl_add_column(ctx->idl, table, column);
}

/* Replicates every column of 'table', with all its rows. */
void
ctl_add_all_columns(struct ctl_context *ctx, const char *table)
{
    ctl_add_table(ctx, table);
    ovsdb_idl_add_all_columns(ctx->idl, table);
}

/* Replicates 'column' of 'table' for the rows that some command asks for
 * with ctl_want_row() (all rows unless the context is lean). */
void
ctl_add_column_filtered(struct ctl_context *ctx, const char *table,
                        const char *column)
{
    if (!ctx->lean) {
        ctl_add_column(ctx, table, column);
        return;
    }
    ovsdb_idl_add_table(ctx->idl, table);
    ovsdb_idl_add_column(ctx->idl, table, column);
    get_row_filter(table);
}

/* Asks for the rows of 'table' whose 'column' equals 'value' (a JSON
 * <value>, which this function takes over). */
void
ctl_want_row(struct ctl_context *ctx, const char *table, const char *column,
             json_t *value)
{
    if (!ctx->lean) {
        ctl_add_table(ctx, table);
        json_decref(value);
        return;
    }
    ovsdb_idl_add_table(ctx->idl, table);
    json_array_append_new(get_row_filter(table)->clauses,
                          json_pack("[sso]", column, "==", value));
}

/* From a command: the lean replica cannot answer; replicate everything
 * and run the commands again. */
void
ctl_need_full(struct ctl_context *ctx)
{
    osw_assert(ctx->lean);
    ctx->need_full = true;
}

/* Registering and printing table classes. */

void
ctl_register_table_classes(const struct ctl_table_class *classes, size_t n)
{
    table_classes = classes;
    n_table_classes = n;
}

static const struct ctl_table_class *
find_table_class(const char *table)
{
    for (size_t i = 0; i < n_table_classes; i++) {
        if (!strcmp(table_classes[i].table, table)) {
            return &table_classes[i];
        }
    }
    return NULL;
}

static int
compare_table_names(const void *a_, const void *b_)
{
    const struct ovsdb_table_schema *const *a = a_;
    const struct ovsdb_table_schema *const *b = b_;

    return strcmp((*a)->name, (*b)->name);
}

/* Prints how records of each table can be named, for --help. */
void
ctl_print_table_naming(const struct ovsdb_schema *schema)
{
    const struct ovsdb_table_schema **tables;

    tables = xcalloc(MAX(schema->n_tables, 1), sizeof *tables);
    memcpy(tables, schema->tables, schema->n_tables * sizeof *tables);
    qsort(tables, schema->n_tables, sizeof *tables, compare_table_names);

    printf("Database commands may reference a row in each table in the "
           "following ways:\n");
    for (size_t i = 0; i < schema->n_tables; i++) {
        const struct ctl_table_class *class = find_table_class(
            tables[i]->name);

        printf("  %s:\n", tables[i]->name);
        printf("    by UUID\n");
        for (int j = 0; class && j < CTL_MAX_ROW_IDS; j++) {
            const struct ctl_row_id *id = &class->row_ids[j];

            if (!id->table) {
                continue;
            }
            if (id->uuid_column) {
                printf("    via \"%s\" of %s with matching \"%s\"\n",
                       id->uuid_column, id->table,
                       id->name_column ? id->name_column : ".");
            } else if (id->name_column) {
                printf("    by \"%s\"\n", id->name_column);
            } else {
                printf("    as \".\"\n");
            }
        }
    }
    free(tables);
}

/* Replicates what finding records of 'table' by name needs. */
void
ctl_add_row_id_columns(struct ctl_context *ctx,
                       const struct ovsdb_table_schema *table)
{
    const struct ctl_table_class *class = find_table_class(table->name);

    ctl_add_table(ctx, table->name);
    for (int i = 0; class && i < CTL_MAX_ROW_IDS; i++) {
        const struct ctl_row_id *id = &class->row_ids[i];

        if (!id->table) {
            continue;
        }
        ctl_add_table(ctx, id->table);
        if (id->name_column) {
            ctl_add_column(ctx, id->table, id->name_column);
        }
        if (id->uuid_column) {
            ctl_add_column(ctx, id->table, id->uuid_column);
        }
    }
}

/* Replicates what finding record 'record_id' of 'table' needs: in a lean
 * context, only the rows that can have that name. */
static void
pre_record(struct ctl_context *ctx, const struct ovsdb_table_schema *table,
           const char *record_id)
{
    const struct ctl_table_class *class = find_table_class(table->name);
    struct uuid uuid;

    if (!ctx->lean
        || (strlen(record_id) >= 4 && uuid_is_partial_string(record_id)
            && !uuid_from_string(&uuid, record_id))) {
        /* An abbreviated uuid may match any row. */
        ctl_add_row_id_columns(ctx, table);
        return;
    }

    ovsdb_idl_add_table(ctx->idl, table->name);
    get_row_filter(table->name);
    if (uuid_from_string(&uuid, record_id)) {
        char s[UUID_LEN + 1];

        uuid_to_string(&uuid, s);
        ctl_want_row(ctx, table->name, "_uuid", json_pack("[ss]", "uuid",
                                                          s));
    }
    for (int i = 0; class && i < CTL_MAX_ROW_IDS; i++) {
        const struct ctl_row_id *id = &class->row_ids[i];
        const struct ovsdb_table_schema *id_table;
        const struct ovsdb_column *name_column;
        union ovsdb_atom name;
        char *error;

        if (!id->table) {
            continue;
        }
        id_table = ovsdb_schema_find_table(ovsdb_idl_get_schema(ctx->idl),
                                           id->table);
        name_column = (id->name_column
                       ? ovsdb_table_schema_find_column(id_table,
                                                        id->name_column)
                       : NULL);
        if (!name_column) {
            /* "." names the only row. */
            ctl_add_table(ctx, id->table);
            if (id->uuid_column) {
                ctl_add_column(ctx, id->table, id->uuid_column);
                ctl_add_table(ctx, table->name);
            }
            continue;
        }

        ctl_add_column_filtered(ctx, id->table, id->name_column);
        if (id->uuid_column) {
            /* The referring row is found by name, the referred one could
             * be any. */
            ctl_add_column_filtered(ctx, id->table, id->uuid_column);
            ctl_add_table(ctx, table->name);
        }
        error = ovsdb_atom_from_string(&name, NULL, &name_column->type.key,
                                       record_id, NULL);
        if (error) {
            free(error);
            continue;
        }
        ctl_want_row(ctx, id->table, id->name_column,
                     ovsdb_atom_to_json(&name, name_column->type.key.type));
        ovsdb_atom_destroy(&name, name_column->type.key.type);
    }
}

/* Finds table 'name' and registers what is needed to find any of its
 * records. */
static const struct ovsdb_table_schema *
pre_get_table(struct ctl_context *ctx, const char *name)
{
    const struct ovsdb_table_schema *table = ctl_get_table(ctx, name);

    if (table) {
        ctl_add_row_id_columns(ctx, table);
    }
    return table;
}

/* Finds table 'name' and registers what is needed to find its record
 * 'record_id' (only that one, in a lean context).  The command's columns
 * should then be registered with pre_column(). */
static const struct ovsdb_table_schema *
pre_get_record(struct ctl_context *ctx, const char *name,
               const char *record_id)
{
    const struct ovsdb_table_schema *table = ctl_get_table(ctx, name);

    if (table) {
        pre_record(ctx, table, record_id);
    }
    return table;
}

/* Registers a column that a command reads from the records it named. */
static void
pre_column(struct ctl_context *ctx, const struct ovsdb_table_schema *table,
           const struct ovsdb_column *column)
{
    ctl_add_column_filtered(ctx, table->name, column->name);
}

/* Finding records. */

/* Looks 'record_id' up by rule 'id' for a row of 'table'.  Returns the
 * row, or NULL.  Sets '*ambiguous' if several rows match. */
static const struct ovsdb_idl_row *
get_row_by_id(struct ctl_context *ctx,
              const struct ovsdb_table_schema *table,
              const struct ctl_row_id *id, const char *record_id)
{
    struct ovsdb_idl_table *id_table = ovsdb_idl_get_table(ctx->idl,
                                                           id->table);
    const struct ovsdb_idl_row *referrer = NULL;

    if (!id_table) {
        return NULL;
    }
    if (!id->name_column) {
        const struct ovsdb_idl_row *first = ovsdb_idl_first_row(id_table);

        if (strcmp(record_id, ".") || !first || ovsdb_idl_next_row(first)) {
            return NULL;
        }
        referrer = first;
    } else {
        const struct ovsdb_column *name_column;
        const struct ovsdb_idl_row *row;
        union ovsdb_atom name;
        char *error;

        name_column = ovsdb_idl_table_find_column(id_table, id->name_column);
        if (!name_column) {
            return NULL;
        }
        error = ovsdb_atom_from_string(&name, NULL, &name_column->type.key,
                                       record_id, NULL);
        if (error) {
            free(error);
            return NULL;
        }
        OVSDB_IDL_FOR_EACH_ROW (row, id_table) {
            const struct ovsdb_datum *d = ovsdb_idl_get_by_index(
                row, name_column->index);

            if (d->n == 1 && ovsdb_atom_equals(&d->keys[0], &name,
                                               name_column->type.key.type)) {
                if (referrer) {
                    ctl_error(ctx, "multiple rows in %s match \"%s\"",
                              id->table, record_id);
                    ovsdb_atom_destroy(&name, name_column->type.key.type);
                    return NULL;
                }
                referrer = row;
            }
        }
        ovsdb_atom_destroy(&name, name_column->type.key.type);
    }
    if (!referrer) {
        return NULL;
    }

    if (id->uuid_column) {
        const struct ovsdb_datum *d = ovsdb_idl_get(referrer,
                                                    id->uuid_column);

        if (!d || d->n != 1) {
            return NULL;
        }
        /* A map of references (Bridge flow_tables) is not a naming
         * rule; only a single reference is. */
        return ovsdb_idl_get_row_for_uuid(ctl_idl_table(ctx, table),
                                          &d->keys[0].uuid);
    }
    return referrer;
}

/* Finds the row of 'table' whose uuid starts with 'prefix' (4 or more
 * characters). */
static const struct ovsdb_idl_row *
get_row_by_uuid_prefix(struct ctl_context *ctx,
                       const struct ovsdb_table_schema *table,
                       const char *prefix)
{
    const struct ovsdb_idl_row *row, *match = NULL;
    size_t len = strlen(prefix);
    char lower[UUID_LEN + 1];

    for (size_t i = 0; i < len; i++) {
        lower[i] = tolower((unsigned char) prefix[i]);
    }
    lower[len] = '\0';

    OVSDB_IDL_FOR_EACH_ROW (row, ctl_idl_table(ctx, table)) {
        char s[UUID_LEN + 1];

        uuid_to_string(&row->uuid, s);
        if (!strncmp(s, lower, len)) {
            if (match) {
                char m[UUID_LEN + 1];

                uuid_to_string(&match->uuid, m);
                ctl_error(ctx, "%s contains 2 or more rows whose UUIDs "
                          "begin with %s: at least %s and %s", table->name,
                          prefix, m, s);
                return NULL;
            }
            match = row;
        }
    }
    return match;
}

/* Finds the record of 'table' named 'record_id'. */
const struct ovsdb_idl_row *
ctl_get_row(struct ctl_context *ctx, const struct ovsdb_table_schema *table,
            const char *record_id, bool must_exist)
{
    const struct ctl_table_class *class = find_table_class(table->name);
    const struct ovsdb_idl_row *row = NULL;
    struct uuid uuid;

    if (uuid_from_string(&uuid, record_id)) {
        row = ovsdb_idl_get_row_for_uuid(ctl_idl_table(ctx, table), &uuid);
    }
    for (int i = 0; !row && class && i < CTL_MAX_ROW_IDS; i++) {
        if (class->row_ids[i].table) {
            row = get_row_by_id(ctx, table, &class->row_ids[i], record_id);
            if (ctx->error) {
                return NULL;
            }
        }
    }
    if (!row && strlen(record_id) >= 4 && uuid_is_partial_string(record_id)) {
        row = get_row_by_uuid_prefix(ctx, table, record_id);
        if (ctx->error) {
            return NULL;
        }
    }
    if (!row && must_exist) {
        ctl_error(ctx, "no row \"%s\" in table %s", record_id, table->name);
    }
    return row;
}

/* Parsing "COLUMN[:KEY]=VALUE". */

/* True if 'c' ends a token of ovs-vsctl's syntax outside quotes. */
static bool
is_token_delimiter(int c)
{
    return c && strchr(":=, []{}!<>", c);
}

/* Reads a token from '*sp': characters up to a delimiter outside double
 * quotes (quotes are kept, so that the value parser sees them; a
 * backslash outside quotes takes the next character literally).  Stores
 * it in '*tokenp' (caller frees) and advances '*sp'.  Returns an error
 * message, or NULL. */
static char *
parse_token(const char **sp, char **tokenp)
{
    struct ds out = DS_EMPTY_INITIALIZER;
    bool in_quotes = false;
    const char *p;

    for (p = *sp; *p; ) {
        int c = *p++;

        if (c == '\\') {
            if (in_quotes) {
                ds_put_char(&out, '\\');
            }
            if (!*p) {
                ds_destroy(&out);
                return xasprintf("%s: backslash at end of argument", *sp);
            }
            ds_put_char(&out, *p++);
        } else if (!in_quotes && is_token_delimiter(c)) {
            p--;
            break;
        } else {
            ds_put_char(&out, c);
            if (c == '"') {
                in_quotes = !in_quotes;
            }
        }
    }
    if (in_quotes) {
        ds_destroy(&out);
        return xasprintf("%s: quoted string extends past end of argument",
                         *sp);
    }
    *tokenp = ds_steal_cstr(&out);
    *sp = p;
    return NULL;
}

static const char *const relational_operators[] = {
    "=", "!=", "<", ">", "<=", ">=", "{=}", "{!=}", "{<}", "{>}", "{<=}",
    "{>=}", "{in}", "{not-in}"
};
static const char *const set_operators[] = { "=" };

/* Parses "COLUMN[:KEY][OP VALUE]". */
bool
ctl_parse_column_key_value(struct ctl_context *ctx, const char *arg,
                           const struct ovsdb_table_schema *table,
                           bool relational, bool value_required,
                           const struct ovsdb_column **columnp,
                           char **keyp, const char **operatorp,
                           char **valuep)
{
    const char *const *operators = (relational ? relational_operators
                                    : set_operators);
    size_t n_operators = (relational ? ARRAY_SIZE(relational_operators)
                          : ARRAY_SIZE(set_operators));
    const char *p = arg;
    char *column_name = NULL, *key = NULL;
    const char *best = NULL;
    char *error;

    *columnp = NULL;
    *keyp = NULL;
    *operatorp = NULL;
    *valuep = NULL;

    error = parse_token(&p, &column_name);
    if (error) {
        goto error;
    }
    if (!column_name[0]) {
        error = xasprintf("%s: missing column name", arg);
        goto error;
    }
    *columnp = ctl_get_column(ctx, table, column_name);
    if (!*columnp) {
        goto error;
    }

    if (*p == ':') {
        /* "COLUMN:" has the empty key, which the caller then refuses as
         * ovs-vsctl does (an empty string is not a valid atom). */
        p++;
        error = parse_token(&p, &key);
        if (error) {
            goto error;
        }
    }

    /* Without 'value_required' (get) there is no operator at all.  The
     * longest operator that matches and has a value after it wins ("<="
     * over "<"). */
    for (size_t i = 0; value_required && i < n_operators; i++) {
        size_t len = strlen(operators[i]);

        if (!strncmp(p, operators[i], len) && p[len]
            && (!best || len > strlen(best))) {
            best = operators[i];
        }
    }
    if (best) {
        *operatorp = best;
        *valuep = xstrdup(p + strlen(best));
    } else if (value_required || *p) {
        struct ds s = DS_EMPTY_INITIALIZER;

        for (size_t i = 0; i < n_operators; i++) {
            if (i) {
                ds_put_cstr(&s, i == n_operators - 1 ? ", or " : ", ");
            }
            ds_put_format(&s, "\"%s\"", operators[i]);
        }
        if (value_required) {
            error = xasprintf("%s: argument does not end in %s followed by "
                              "a value.", arg, ds_cstr(&s));
        } else {
            error = xasprintf("%s: trailing garbage \"%s\" in argument",
                              arg, p);
        }
        ds_destroy(&s);
        goto error;
    }

    free(column_name);
    *keyp = key;
    return true;

error:
    if (error) {
        ctl_error(ctx, "%s", error);
        free(error);
    }
    free(column_name);
    free(key);
    free(*valuep);
    *valuep = NULL;
    *columnp = NULL;
    *operatorp = NULL;
    return false;
}

/* The row's current (transaction) value of 'column'. */
static const struct ovsdb_datum *
row_datum(const struct ovsdb_idl_row *row, const struct ovsdb_column *column)
{
    return ovsdb_idl_get_by_index(row, column->index);
}

/* Parses 's' as one atom of 'base' (for a map key or value), recording any
 * error in 'ctx'. */
static bool
parse_atom(struct ctl_context *ctx, union ovsdb_atom *atom,
           const struct ovsdb_base_type *base, const char *s)
{
    char *error = ovsdb_atom_from_string(atom, NULL, base, s, ctx->symtab);

    if (error) {
        ctl_error(ctx, "%s", error);
        free(error);
        return false;
    }
    return true;
}

static bool
parse_datum(struct ctl_context *ctx, struct ovsdb_datum *datum,
            const struct ovsdb_type *type, const char *s)
{
    char *error = ovsdb_datum_from_string(datum, type, s, ctx->symtab);

    if (error) {
        ctl_error(ctx, "%s", error);
        free(error);
        return false;
    }
    return true;
}

/* Rows inserted by the current attempt may be given values for columns
 * that are otherwise read-only.  The IDL shows inserted rows like any
 * other, so keep track here. */
static struct hmap inserted_rows = HMAP_INITIALIZER(&inserted_rows);

struct inserted_row {
    struct hmap_node node;
    struct uuid uuid;
};

/* True if 'row' was inserted by the current attempt at the
 * transaction. */
bool
ctl_row_is_new(const struct ovsdb_idl_row *row)
{
    const struct inserted_row *r;

    HMAP_FOR_EACH_WITH_HASH (r, node, uuid_hash(&row->uuid),
                             &inserted_rows) {
        if (uuid_equals(&r->uuid, &row->uuid)) {
            return true;
        }
    }
    return false;
}

static void
forget_inserted_rows(void)
{
    struct inserted_row *r;

    HMAP_FOR_EACH_POP (r, node, &inserted_rows) {
        free(r);
    }
}

/* Inserts a row into 'table' in the current transaction (with uuid
 * 'uuid' if nonnull), and remembers that it is new. */
const struct ovsdb_idl_row *
ctl_insert_row(struct ctl_context *ctx,
               const struct ovsdb_table_schema *table,
               const struct uuid *uuid)
{
    const struct ovsdb_idl_row *row;
    struct inserted_row *r;

    row = ovsdb_idl_txn_insert(ctx->txn, ctl_idl_table(ctx, table), uuid);
    if (!row && uuid) {
        char s[UUID_LEN + 1];

        uuid_to_string(uuid, s);
        ctl_error(ctx, "table %s already has a row with UUID %s",
                  table->name, s);
        return NULL;
    }
    r = xmalloc(sizeof *r);
    r->uuid = row->uuid;
    hmap_insert(&inserted_rows, &r->node, uuid_hash(&r->uuid));
    return row;
}

/* Errors unless 'column' of 'row' may be changed. */
static bool
check_mutable(struct ctl_context *ctx, const struct ovsdb_idl_row *row,
              const struct ovsdb_column *column)
{
    if (!column->mutable && !ctl_row_is_new(row)) {
        ctl_error(ctx, "cannot modify read-only column %s in table %s",
                  column->name, ovsdb_idl_table_get_name(row->table));
        return false;
    }
    return true;
}

/* Registers what ctl_set_column() will write. */
void
ctl_pre_set_column(struct ctl_context *ctx,
                   const struct ovsdb_table_schema *table, const char *arg)
{
    const struct ovsdb_column *column;
    const char *operator;
    char *key, *value;

    if (ctl_parse_column_key_value(ctx, arg, table, false, true, &column,
                                   &key, &operator, &value)) {
        ctl_add_column_filtered(ctx, table->name, column->name);
        free(key);
        free(value);
    }
}

/* Sets a column or map key from "COLUMN[:KEY]=VALUE". */
bool
ctl_set_column(struct ctl_context *ctx, const struct ovsdb_idl_row *row,
               const struct ovsdb_table_schema *table, const char *arg)
{
    const struct ovsdb_column *column;
    const char *operator;
    char *key, *value;
    bool ok = false;

    if (!ctl_parse_column_key_value(ctx, arg, table, false, true, &column,
                                    &key, &operator, &value)) {
        return false;
    }
    if (!check_mutable(ctx, row, column)) {
        goto exit;
    }

    if (key) {
        const struct ovsdb_type *type = &column->type;
        union ovsdb_atom k, v;

        if (!ovsdb_type_is_map(type)) {
            ctl_error(ctx, "cannot specify key to set for non-map column %s",
                      column->name);
            goto exit;
        }
        if (!parse_atom(ctx, &k, &type->key, key)) {
            goto exit;
        }
        if (!parse_atom(ctx, &v, &type->value, value)) {
            ovsdb_atom_destroy(&k, type->key.type);
            goto exit;
        }
        ovsdb_idl_txn_map_set(row, column->name, &k, &v);
        ovsdb_atom_destroy(&k, type->key.type);
        ovsdb_atom_destroy(&v, type->value.type);
    } else {
        struct ovsdb_datum datum;

        if (!parse_datum(ctx, &datum, &column->type, value)) {
            goto exit;
        }
        if (ovsdb_idl_txn_write(row, column->name, &datum)) {
            ovsdb_datum_destroy(&datum, &column->type);
            ctl_error(ctx, "cannot set column %s of table %s",
                      column->name, table->name);
            goto exit;
        }
    }
    ok = true;

exit:
    free(key);
    free(value);
    return ok;
}

/* Output tables. */

/* Parses a --columns list. */
bool
ctl_parse_column_names(struct ctl_context *ctx,
                       const struct ovsdb_table_schema *table,
                       const char *spec,
                       const struct ovsdb_column ***columnsp,
                       size_t *n_columnsp)
{
    const struct ovsdb_column **columns;
    size_t n = 0;

    if (!spec) {
        columns = xcalloc(table->n_columns, sizeof *columns);
        columns[n++] = table->columns[OVSDB_COL_UUID];
        for (size_t i = OVSDB_N_STD_COLUMNS; i < table->n_columns; i++) {
            const struct ovsdb_column *c = table->columns[i];
            size_t j = n++;

            while (j > 1 && strcmp(columns[j - 1]->name, c->name) > 0) {
                columns[j] = columns[j - 1];
                j--;
            }
            columns[j] = c;
        }
    } else {
        char *copy = xstrdup(spec);
        size_t allocated = 0;
        char *save = NULL;

        columns = NULL;
        for (char *name = strtok_r(copy, ", ", &save); name;
             name = strtok_r(NULL, ", ", &save)) {
            const struct ovsdb_column *c;

            if (!strcasecmp(name, "_uuid") || !strcasecmp(name, "-uuid")) {
                c = table->columns[OVSDB_COL_UUID];
            } else {
                c = ctl_get_column(ctx, table, name);
                if (!c) {
                    free(columns);
                    free(copy);
                    return false;
                }
            }
            if (n >= allocated) {
                columns = x2nrealloc(columns, &allocated, sizeof *columns);
            }
            columns[n++] = c;
        }
        free(copy);
        if (!n) {
            ctl_error(ctx, "must specify at least one column name");
            free(columns);
            return false;
        }
    }
    *columnsp = columns;
    *n_columnsp = n;
    return true;
}

/* Registers the columns of a --columns list (or all of them). */
static void
pre_list_columns(struct ctl_context *ctx,
                 const struct ovsdb_table_schema *table, const char *spec)
{
    const struct ovsdb_column **columns;
    size_t n;

    if (!ctl_parse_column_names(ctx, table, spec, &columns, &n)) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (columns[i]->index >= OVSDB_N_STD_COLUMNS) {
            pre_column(ctx, table, columns[i]);
        }
    }
    free(columns);
}

/* Adds a row to an output table. */
void
ctl_table_add_row(struct output_table *t, const struct ovsdb_idl_row *row,
                  const struct ovsdb_column **columns, size_t n)
{
    output_table_add_row(t);
    for (size_t i = 0; i < n; i++) {
        const struct ovsdb_column *c = columns[i];
        json_t *json;

        if (c->index == OVSDB_COL_UUID) {
            char s[UUID_LEN + 1];

            uuid_to_string(&row->uuid, s);
            json = json_pack("[ss]", "uuid", s);
            output_table_add_json(t, json, &ovsdb_type_uuid);
        } else {
            json = ovsdb_datum_to_json(row_datum(row, c), &c->type);
            output_table_add_json(t, json, &c->type);
        }
        json_decref(json);
    }
}

/* Starts a table with 'columns' as headings. */
static struct output_table *
new_output_table(const struct ovsdb_column **columns, size_t n)
{
    struct output_table *t = xmalloc(sizeof *t);

    output_table_init(t);
    for (size_t i = 0; i < n; i++) {
        output_table_add_column(t, "%s", columns[i]->name);
    }
    return t;
}

static void
set_command_table(struct ctl_context *ctx, struct output_table *t)
{
    if (ctx->command->table) {
        output_table_destroy(ctx->command->table);
        free(ctx->command->table);
    }
    ctx->command->table = t;
}

/* Database commands. */

/* "comment". */
static void
cmd_comment(struct ctl_context *ctx OSW_UNUSED)
{
}

/* "get TABLE RECORD [COLUMN[:KEY]]...". */
static void
pre_cmd_get(struct ctl_context *ctx)
{
    const struct ovsdb_table_schema *table = pre_get_record(ctx,
                                                            ctx->argv[1],
                                                            ctx->argv[2]);
    const char *id = ctl_get_option(ctx, "--id");

    if (!table) {
        return;
    }
    if (id && ctl_has_option(ctx, "--if-exists")) {
        ctl_error(ctx, "--if-exists and --id may not be specified together");
        return;
    }
    for (int i = 3; i < ctx->argc; i++) {
        const struct ovsdb_column *column;
        const char *operator;
        char *key, *value;

        if (!strcasecmp(ctx->argv[i], "_uuid")
            || !strcasecmp(ctx->argv[i], "-uuid")) {
            continue;
        }
        if (!ctl_parse_column_key_value(ctx, ctx->argv[i], table, false,
                                        false, &column, &key, &operator,
                                        &value)) {
            return;
        }
        pre_column(ctx, table, column);
        free(key);
        free(value);
    }
}

/* Claims symbol 'id' ("@name") for a row the command names or creates.
 * Returns NULL after ctl_error() if 'id' is not a valid new name. */
static struct ovsdb_symbol *
create_symbol(struct ctl_context *ctx, const char *id)
{
    struct ovsdb_symbol *symbol;

    if (id[0] != '@') {
        ctl_error(ctx, "row id \"%s\" does not begin with \"@\"", id);
        return NULL;
    }
    symbol = ovsdb_symbol_table_insert(ctx->symtab, id);
    if (symbol->created) {
        ctl_error(ctx, "row id \"%s\" may only be specified on one --id "
                  "option", id);
        return NULL;
    }
    symbol->created = true;
    return symbol;
}

static void
cmd_get(struct ctl_context *ctx)
{
    const char *id = ctl_get_option(ctx, "--id");
    bool must_exist = !ctl_has_option(ctx, "--if-exists");
    const char *record_id = ctx->argv[2];
    const struct ovsdb_table_schema *table;
    const struct ovsdb_idl_row *row;

    table = ctl_get_table(ctx, ctx->argv[1]);
    if (!table) {
        return;
    }
    row = ctl_get_row(ctx, table, record_id, must_exist);
    if (!row) {
        return;
    }
    if (id) {
        struct ovsdb_symbol *symbol = create_symbol(ctx, id);

        if (!symbol) {
            return;
        }
        symbol->uuid = row->uuid;
        /* The row exists already: no warning that nothing refers to it. */
        symbol->strong_ref = true;
    }

    for (int i = 3; i < ctx->argc; i++) {
        const struct ovsdb_column *column;
        const struct ovsdb_datum *datum;
        const char *operator;
        char *key, *value;

        if (!strcasecmp(ctx->argv[i], "_uuid")
            || !strcasecmp(ctx->argv[i], "-uuid")) {
            ds_put_format(ctx->output, UUID_FMT "\n", UUID_ARGS(&row->uuid));
            continue;
        }
        if (!ctl_parse_column_key_value(ctx, ctx->argv[i], table, false,
                                        false, &column, &key, &operator,
                                        &value)) {
            return;
        }
        free(value);

        datum = row_datum(row, column);
        if (key) {
            union ovsdb_atom k;
            unsigned int idx;

            if (!ovsdb_type_is_map(&column->type)) {
                ctl_error(ctx, "cannot specify key to get for non-map "
                          "column %s", column->name);
                free(key);
                return;
            }
            if (!parse_atom(ctx, &k, &column->type.key, key)) {
                free(key);
                return;
            }
            if (ovsdb_datum_find_key(datum, &k, column->type.key.type,
                                     &idx)) {
                ovsdb_atom_to_string(&datum->values[idx],
                                     column->type.value.type, ctx->output);
            } else if (must_exist) {
                ctl_error(ctx, "no key \"%s\" in %s record \"%s\" column %s",
                          key, table->name, record_id, column->name);
                ovsdb_atom_destroy(&k, column->type.key.type);
                free(key);
                return;
            }
            ovsdb_atom_destroy(&k, column->type.key.type);
            free(key);
        } else {
            ovsdb_datum_to_string(datum, &column->type, ctx->output);
        }
        ds_put_char(ctx->output, '\n');
    }
}

/* "list TABLE [RECORD]...". */
static void
pre_cmd_list(struct ctl_context *ctx)
{
    const struct ovsdb_table_schema *table = ctl_get_table(ctx,
                                                           ctx->argv[1]);

    if (!table) {
        return;
    }
    if (ctx->argc > 2) {
        for (int i = 2; i < ctx->argc; i++) {
            pre_record(ctx, table, ctx->argv[i]);
        }
    } else {
        ctl_add_row_id_columns(ctx, table);
    }
    pre_list_columns(ctx, table, ctl_get_option(ctx, "--columns"));
}

static void
cmd_list(struct ctl_context *ctx)
{
    bool must_exist = !ctl_has_option(ctx, "--if-exists");
    const struct ovsdb_table_schema *table;
    const struct ovsdb_column **columns;
    struct output_table *t;
    size_t n_columns;

    table = ctl_get_table(ctx, ctx->argv[1]);
    if (!table || !ctl_parse_column_names(ctx, table,
                                          ctl_get_option(ctx, "--columns"),
                                          &columns, &n_columns)) {
        return;
    }
    t = new_output_table(columns, n_columns);
    set_command_table(ctx, t);
    if (ctx->argc > 2) {
        for (int i = 2; i < ctx->argc; i++) {
            const struct ovsdb_idl_row *row = ctl_get_row(
                ctx, table, ctx->argv[i], must_exist);

            if (ctx->error) {
                break;
            }
            if (row) {
                ctl_table_add_row(t, row, columns, n_columns);
            }
        }
    } else {
        const struct ovsdb_idl_row *row;

        OVSDB_IDL_FOR_EACH_ROW (row, ctl_idl_table(ctx, table)) {
            ctl_table_add_row(t, row, columns, n_columns);
        }
    }
    free(columns);
}

/* Conditions of "find" and "wait-until". */

static bool
is_set_operator(const char *op)
{
    return op[0] == '{';
}

/* Compares 'a' (the row's value) with 'b' (the condition's) by 'op'. */
static bool
evaluate_relop(const struct ovsdb_datum *a, const struct ovsdb_datum *b,
               const struct ovsdb_type *type, const char *op)
{
    if (!strcmp(op, "=") || !strcmp(op, "{=}")) {
        return ovsdb_datum_compare_3way(a, b, type) == 0;
    } else if (!strcmp(op, "!=") || !strcmp(op, "{!=}")) {
        return ovsdb_datum_compare_3way(a, b, type) != 0;
    } else if (!strcmp(op, "<")) {
        return ovsdb_datum_compare_3way(a, b, type) < 0;
    } else if (!strcmp(op, ">")) {
        return ovsdb_datum_compare_3way(a, b, type) > 0;
    } else if (!strcmp(op, "<=")) {
        return ovsdb_datum_compare_3way(a, b, type) <= 0;
    } else if (!strcmp(op, ">=")) {
        return ovsdb_datum_compare_3way(a, b, type) >= 0;
    } else if (!strcmp(op, "{<}")) {
        return a->n < b->n && ovsdb_datum_includes_all(a, b, type);
    } else if (!strcmp(op, "{>}")) {
        return a->n > b->n && ovsdb_datum_includes_all(b, a, type);
    } else if (!strcmp(op, "{<=}") || !strcmp(op, "{in}")) {
        return ovsdb_datum_includes_all(a, b, type);
    } else if (!strcmp(op, "{>=}")) {
        return ovsdb_datum_includes_all(b, a, type);
    } else if (!strcmp(op, "{not-in}")) {
        return ovsdb_datum_excludes_all(a, b, type);
    }
    osw_assert(false);
    return false;
}

/* Registers the column of condition 'arg'. */
static void
pre_condition(struct ctl_context *ctx,
              const struct ovsdb_table_schema *table, const char *arg)
{
    const struct ovsdb_column *column;
    const char *operator;
    char *key, *value;

    if (ctl_parse_column_key_value(ctx, arg, table, true, true, &column,
                                   &key, &operator, &value)) {
        pre_column(ctx, table, column);
        free(key);
        free(value);
    }
}

/* Evaluates condition 'arg' on 'row' into '*satisfied'.  Returns false
 * after ctl_error() on error. */
static bool
is_condition_satisfied(struct ctl_context *ctx,
                       const struct ovsdb_table_schema *table,
                       const struct ovsdb_idl_row *row, const char *arg,
                       bool *satisfied)
{
    const struct ovsdb_column *column;
    const struct ovsdb_datum *have;
    const char *operator;
    char *key, *value;
    bool ok = false;

    if (!ctl_parse_column_key_value(ctx, arg, table, true, true, &column,
                                    &key, &operator, &value)) {
        return false;
    }
    have = row_datum(row, column);
    if (!key) {
        struct ovsdb_datum want;

        if (parse_datum(ctx, &want, &column->type, value)) {
            *satisfied = evaluate_relop(have, &want, &column->type,
                                        operator);
            ovsdb_datum_destroy(&want, &column->type);
            ok = true;
        }
    } else {
        struct ovsdb_type type;
        struct ovsdb_datum want;
        union ovsdb_atom k;
        unsigned int idx;

        if (!ovsdb_type_is_map(&column->type)) {
            ctl_error(ctx, "cannot specify key to check for non-map column "
                      "%s", column->name);
            goto exit;
        }
        if (!parse_atom(ctx, &k, &column->type.key, key)) {
            goto exit;
        }
        type.key = column->type.value;
        ovsdb_base_type_init(&type.value, OVSDB_TYPE_VOID);
        type.n_min = 0;
        type.n_max = UINT_MAX;
        if (parse_datum(ctx, &want, &type, value)) {
            bool found = ovsdb_datum_find_key(have, &k,
                                              column->type.key.type, &idx);

            if (!found && !is_set_operator(operator)) {
                *satisfied = false;
            } else {
                struct ovsdb_datum a;

                a.n = found;
                a.keys = found ? &have->values[idx] : NULL;
                a.values = NULL;
                *satisfied = evaluate_relop(&a, &want, &type, operator);
            }
            ovsdb_datum_destroy(&want, &type);
            ok = true;
        }
        ovsdb_atom_destroy(&k, column->type.key.type);
    }

exit:
    free(key);
    free(value);
    return ok;
}

/* "find TABLE [CONDITION]...". */
static void
pre_cmd_find(struct ctl_context *ctx)
{
    const struct ovsdb_table_schema *table = pre_get_table(ctx,
                                                           ctx->argv[1]);

    if (!table) {
        return;
    }
    pre_list_columns(ctx, table, ctl_get_option(ctx, "--columns"));
    for (int i = 2; i < ctx->argc && !ctx->error; i++) {
        pre_condition(ctx, table, ctx->argv[i]);
    }
}

static void
cmd_find(struct ctl_context *ctx)
{
    const struct ovsdb_table_schema *table;
    const struct ovsdb_column **columns;
    const struct ovsdb_idl_row *row;
    struct output_table *t;
    size_t n_columns;

    table = ctl_get_table(ctx, ctx->argv[1]);
    if (!table || !ctl_parse_column_names(ctx, table,
                                          ctl_get_option(ctx, "--columns"),
                                          &columns, &n_columns)) {
        return;
    }
    t = new_output_table(columns, n_columns);
    set_command_table(ctx, t);
    OVSDB_IDL_FOR_EACH_ROW (row, ctl_idl_table(ctx, table)) {
        bool match = true;

        for (int i = 2; i < ctx->argc && match; i++) {
            if (!is_condition_satisfied(ctx, table, row, ctx->argv[i],
                                        &match)) {
                free(columns);
                return;
            }
        }
        if (match) {
            ctl_table_add_row(t, row, columns, n_columns);
        }
    }
    free(columns);
}

/* "set TABLE RECORD COLUMN[:KEY]=VALUE...". */
static void
pre_cmd_set(struct ctl_context *ctx)
{
    const struct ovsdb_table_schema *table = pre_get_record(ctx,
                                                            ctx->argv[1],
                                                            ctx->argv[2]);

    for (int i = 3; table && i < ctx->argc && !ctx->error; i++) {
        ctl_pre_set_column(ctx, table, ctx->argv[i]);
    }
}

static void
cmd_set(struct ctl_context *ctx)
{
    bool must_exist = !ctl_has_option(ctx, "--if-exists");
    const struct ovsdb_table_schema *table;
    const struct ovsdb_idl_row *row;

    table = ctl_get_table(ctx, ctx->argv[1]);
    if (!table) {
        return;
    }
    row = ctl_get_row(ctx, table, ctx->argv[2], must_exist);
    if (!row) {
        return;
    }
    for (int i = 3; i < ctx->argc; i++) {
        if (!ctl_set_column(ctx, row, table, ctx->argv[i])) {
            return;
        }
    }
    if (ctx->invalidate_cache) {
        ctx->invalidate_cache(ctx);
    }
}

/* "add TABLE RECORD COLUMN [KEY=]VALUE..." and "remove ...": the column
 * and its registration. */
static void
pre_cmd_add_remove(struct ctl_context *ctx)
{
    const struct ovsdb_table_schema *table = pre_get_record(ctx,
                                                            ctx->argv[1],
                                                            ctx->argv[2]);
    const struct ovsdb_column *column;

    if (table) {
        column = ctl_get_column(ctx, table, ctx->argv[3]);
        if (column) {
            pre_column(ctx, table, column);
        }
    }
}

/* The type of an argument of "add" or "remove": the column's, with any
 * number of elements. */
static struct ovsdb_type
relaxed_type(const struct ovsdb_column *column)
{
    struct ovsdb_type type = column->type;

    type.n_min = 0;
    type.n_max = UINT_MAX;
    return type;
}

/* Common part of "add", "remove" and "clear": the record and column. */
static bool
get_row_column(struct ctl_context *ctx, const char *column_name,
               const struct ovsdb_table_schema **tablep,
               const struct ovsdb_idl_row **rowp,
               const struct ovsdb_column **columnp)
{
    bool must_exist = !ctl_has_option(ctx, "--if-exists");

    *rowp = NULL;
    *tablep = ctl_get_table(ctx, ctx->argv[1]);
    if (!*tablep) {
        return false;
    }
    *columnp = ctl_get_column(ctx, *tablep, column_name);
    if (!*columnp) {
        return false;
    }
    *rowp = ctl_get_row(ctx, *tablep, ctx->argv[2], must_exist);
    return *rowp && check_mutable(ctx, *rowp, *columnp);
}

/* Describes 'n' elements of 'type' for messages: "values" or "pairs". */
static const char *
elements_word(const struct ovsdb_type *type)
{
    return ovsdb_type_is_map(type) ? "pairs" : "values";
}

static void
cmd_add(struct ctl_context *ctx)
{
    const struct ovsdb_table_schema *table;
    const struct ovsdb_idl_row *row;
    const struct ovsdb_column *column;
    struct ovsdb_type add_type;
    struct ovsdb_datum add, old;

    if (!get_row_column(ctx, ctx->argv[3], &table, &row, &column)) {
        return;
    }
    add_type = relaxed_type(column);

    /* The elements to add, later arguments winning for a map key, and
     * the column as it will be. */
    ovsdb_datum_clone(&old, row_datum(row, column), &column->type);
    ovsdb_datum_init_empty(&add);
    for (int i = 4; i < ctx->argc; i++) {
        struct ovsdb_datum d;

        if (!parse_datum(ctx, &d, &add_type, ctx->argv[i])) {
            goto exit;
        }
        ovsdb_datum_union(&add, &d, &add_type, true);
        ovsdb_datum_destroy(&d, &add_type);
    }
    ovsdb_datum_union(&old, &add, &add_type, true);
    if (old.n > column->type.n_max) {
        ctl_error(ctx, "\"add\" operation would put %u %s in column %s of "
                  "table %s but the maximum number is %u", old.n,
                  elements_word(&column->type), column->name, table->name,
                  column->type.n_max);
        goto exit;
    }

    /* Partial updates, so that concurrent changes to other elements
     * survive.  (For a map, a key that is there already gets the new
     * value, as ovs-vsctl does.) */
    const struct ovsdb_datum *cur = row_datum(row, column);
    for (unsigned int j = 0; j < add.n; j++) {
        unsigned int idx;
        bool present = ovsdb_datum_find_key(cur, &add.keys[j],
                                            add_type.key.type, &idx);

        if (!ovsdb_type_is_map(&add_type)) {
            if (!present) {
                ovsdb_idl_txn_set_add(row, column->name, &add.keys[j]);
            }
        } else if (!present
                   || !ovsdb_atom_equals(&cur->values[idx], &add.values[j],
                                         add_type.value.type)) {
            ovsdb_idl_txn_map_set(row, column->name, &add.keys[j],
                                  &add.values[j]);
        }
    }
    if (ctx->invalidate_cache) {
        ctx->invalidate_cache(ctx);
    }

exit:
    ovsdb_datum_destroy(&add, &add_type);
    ovsdb_datum_destroy(&old, &add_type);
}

static void
cmd_remove(struct ctl_context *ctx)
{
    const struct ovsdb_table_schema *table;
    const struct ovsdb_idl_row *row;
    const struct ovsdb_column *column;
    struct ovsdb_type rm_type;
    struct ovsdb_datum old;

    if (!get_row_column(ctx, ctx->argv[3], &table, &row, &column)) {
        return;
    }
    rm_type = relaxed_type(column);
    ovsdb_datum_clone(&old, row_datum(row, column), &column->type);

    for (int i = 4; i < ctx->argc; i++) {
        struct ovsdb_type type = rm_type;
        struct ovsdb_datum rm;
        char *error;

        /* For a map, "KEY=VALUE" removes a pair and "KEY" any pair with
         * that key. */
        error = ovsdb_datum_from_string(&rm, &type, ctx->argv[i],
                                        ctx->symtab);
        if (error && ovsdb_type_is_map(&type)) {
            free(error);
            ovsdb_base_type_init(&type.value, OVSDB_TYPE_VOID);
            error = ovsdb_datum_from_string(&rm, &type, ctx->argv[i],
                                            ctx->symtab);
        }
        if (error) {
            ctl_error(ctx, "%s", error);
            free(error);
            goto exit;
        }
        ovsdb_datum_subtract(&old, &rm_type, &rm, &type);
        ovsdb_datum_destroy(&rm, &type);
    }
    if (old.n < column->type.n_min) {
        ctl_error(ctx, "\"remove\" operation would put %u %s in column %s of "
                  "table %s but the minimum number is %u", old.n,
                  elements_word(&column->type), column->name, table->name,
                  column->type.n_min);
        goto exit;
    }

    /* Remove, one partial update each, what is gone. */
    const struct ovsdb_datum *cur = row_datum(row, column);
    struct ovsdb_datum gone;
    ovsdb_datum_clone(&gone, cur, &column->type);
    for (unsigned int j = 0; j < gone.n; j++) {
        unsigned int idx;
        bool keep = (ovsdb_datum_find_key(&old, &gone.keys[j],
                                          rm_type.key.type, &idx)
                     && (!gone.values
                         || ovsdb_atom_equals(&old.values[idx],
                                              &gone.values[j],
                                              rm_type.value.type)));
        if (!keep) {
            if (ovsdb_type_is_map(&rm_type)) {
                ovsdb_idl_txn_map_delete(row, column->name, &gone.keys[j]);
            } else {
                ovsdb_idl_txn_set_remove(row, column->name, &gone.keys[j]);
            }
        }
    }
    ovsdb_datum_destroy(&gone, &column->type);
    if (ctx->invalidate_cache) {
        ctx->invalidate_cache(ctx);
    }

exit:
    ovsdb_datum_destroy(&old, &rm_type);
}

/* "clear TABLE RECORD COLUMN...". */
static void
pre_cmd_clear(struct ctl_context *ctx)
{
    const struct ovsdb_table_schema *table = pre_get_record(ctx,
                                                            ctx->argv[1],
                                                            ctx->argv[2]);

    for (int i = 3; table && i < ctx->argc && !ctx->error; i++) {
        const struct ovsdb_column *column = ctl_get_column(ctx, table,
                                                           ctx->argv[i]);
        if (column) {
            pre_column(ctx, table, column);
        }
    }
}

static void
cmd_clear(struct ctl_context *ctx)
{
    for (int i = 3; i < ctx->argc; i++) {
        const struct ovsdb_table_schema *table;
        const struct ovsdb_idl_row *row;
        const struct ovsdb_column *column;
        struct ovsdb_datum empty;

        if (!get_row_column(ctx, ctx->argv[i], &table, &row, &column)) {
            return;
        }
        if (column->type.n_min > 0) {
            ctl_error(ctx, "\"clear\" operation cannot be applied to column "
                      "%s of table %s, which is not allowed to be empty",
                      column->name, table->name);
            return;
        }
        ovsdb_datum_init_empty(&empty);
        ovsdb_idl_txn_write(row, column->name, &empty);
    }
    if (ctx->invalidate_cache) {
        ctx->invalidate_cache(ctx);
    }
}

/* "create TABLE COLUMN[:KEY]=VALUE...". */
static void
pre_create(struct ctl_context *ctx)
{
    const char *id = ctl_get_option(ctx, "--id");
    const struct ovsdb_table_schema *table = ctl_get_table(ctx,
                                                           ctx->argv[1]);

    if (!table) {
        return;
    }
    if (!id && !table->is_root) {
        VLOG_WARN("applying \"create\" command to table %s without --id "
                  "option will have no effect", table->name);
    }
    for (int i = 2; i < ctx->argc && !ctx->error; i++) {
        ctl_pre_set_column(ctx, table, ctx->argv[i]);
    }
}

static void
cmd_create(struct ctl_context *ctx)
{
    const char *id = ctl_get_option(ctx, "--id");
    const struct ovsdb_table_schema *table;
    const struct ovsdb_idl_row *row;
    struct uuid uuid;

    table = ctl_get_table(ctx, ctx->argv[1]);
    if (!table) {
        return;
    }
    if (id && uuid_from_string(&uuid, id)) {
        /* A given uuid for the new row. */
    } else if (id) {
        struct ovsdb_symbol *symbol = create_symbol(ctx, id);

        if (!symbol) {
            return;
        }
        uuid = symbol->uuid;
    } else {
        uuid_generate(&uuid);
    }

    row = ctl_insert_row(ctx, table, &uuid);
    if (!row) {
        return;
    }
    for (int i = 2; i < ctx->argc; i++) {
        if (!ctl_set_column(ctx, row, table, ctx->argv[i])) {
            return;
        }
    }
    ctx->command->row_uuid = row->uuid;
}

static void
post_create(struct ctl_context *ctx)
{
    const struct uuid *real = ovsdb_idl_txn_get_insert_uuid(
        ctx->txn, &ctx->command->row_uuid);

    if (!real) {
        real = &ctx->command->row_uuid;
    }
    ds_put_format(ctx->output, UUID_FMT "\n", UUID_ARGS(real));
}

/* "destroy TABLE RECORD..." and "--all destroy TABLE". */
static void
pre_cmd_destroy(struct ctl_context *ctx)
{
    const struct ovsdb_table_schema *table = ctl_get_table(ctx,
                                                           ctx->argv[1]);

    if (!table) {
        return;
    }
    if (ctl_has_option(ctx, "--all") || ctx->argc == 2) {
        ctl_add_row_id_columns(ctx, table);
    }
    for (int i = 2; i < ctx->argc; i++) {
        pre_record(ctx, table, ctx->argv[i]);
    }
}

/* Deletes 'row'.  Rows of non-root tables exist only as long as something
 * refers to them; Open vSwitch's IDL leaves their deletion to the
 * server's garbage collection (a "destroy" of one that is still referred
 * to does nothing), and so does this. */
static void
destroy_row(struct ctl_context *ctx, const struct ovsdb_table_schema *table,
            const struct ovsdb_idl_row *row)
{
    if (table->is_root) {
        ovsdb_idl_txn_delete(row);
    }
}

static void
cmd_destroy(struct ctl_context *ctx)
{
    bool must_exist = !ctl_has_option(ctx, "--if-exists");
    bool delete_all = ctl_has_option(ctx, "--all");
    const struct ovsdb_table_schema *table;

    table = ctl_get_table(ctx, ctx->argv[1]);
    if (!table) {
        return;
    }
    if (delete_all && ctx->argc > 2) {
        ctl_error(ctx, "--all and records argument should not be specified "
                  "together");
        return;
    }
    if (!delete_all && ctx->argc == 2) {
        VLOG_WARN("either --all or records argument should be specified");
        return;
    }

    if (delete_all) {
        const struct ovsdb_idl_row **rows;
        const struct ovsdb_idl_row *row;
        size_t n = 0;

        rows = xcalloc(ovsdb_idl_table_count(ctl_idl_table(ctx, table)) + 1,
                       sizeof *rows);
        OVSDB_IDL_FOR_EACH_ROW (row, ctl_idl_table(ctx, table)) {
            rows[n++] = row;
        }
        for (size_t i = 0; i < n; i++) {
            destroy_row(ctx, table, rows[i]);
        }
        free(rows);
    } else {
        for (int i = 2; i < ctx->argc; i++) {
            const struct ovsdb_idl_row *row = ctl_get_row(ctx, table,
                                                          ctx->argv[i],
                                                          must_exist);
            if (ctx->error) {
                return;
            }
            if (row) {
                destroy_row(ctx, table, row);
            }
        }
    }
    if (ctx->invalidate_cache) {
        ctx->invalidate_cache(ctx);
    }
}

/* "wait-until TABLE RECORD [COLUMN[:KEY]=VALUE]...". */
static void
pre_cmd_wait_until(struct ctl_context *ctx)
{
    const struct ovsdb_table_schema *table = pre_get_record(ctx,
                                                            ctx->argv[1],
                                                            ctx->argv[2]);

    for (int i = 3; table && i < ctx->argc && !ctx->error; i++) {
        pre_condition(ctx, table, ctx->argv[i]);
    }
}

static void
cmd_wait_until(struct ctl_context *ctx)
{
    const struct ovsdb_table_schema *table;
    const struct ovsdb_idl_row *row;

    table = ctl_get_table(ctx, ctx->argv[1]);
    if (!table) {
        return;
    }
    row = ctl_get_row(ctx, table, ctx->argv[2], false);
    if (ctx->error) {
        return;
    }
    if (!row) {
        ctx->try_again = true;
        return;
    }
    for (int i = 3; i < ctx->argc; i++) {
        bool satisfied;

        if (!is_condition_satisfied(ctx, table, row, ctx->argv[i],
                                    &satisfied)) {
            return;
        }
        if (!satisfied) {
            ctx->try_again = true;
            return;
        }
    }
}

static const struct ctl_command_syntax db_commands[] = {
    {"comment", 0, INT_MAX, "*ARG", NULL, cmd_comment, NULL, "", CTL_RO},
    {"get", 2, INT_MAX, "!TABLE !RECORD *COLUMN?:KEY", pre_cmd_get, cmd_get,
     NULL, "--if-exists,--id=", CTL_RO},
    {"list", 1, INT_MAX, "!TABLE *RECORD", pre_cmd_list, cmd_list, NULL,
     "--if-exists,--columns=", CTL_RO},
    {"find", 1, INT_MAX, "!TABLE *COLUMN?:KEY=VALUE", pre_cmd_find, cmd_find,
     NULL, "--columns=", CTL_RO},
    {"set", 3, INT_MAX, "!TABLE !RECORD +COLUMN?:KEY=VALUE", pre_cmd_set,
     cmd_set, NULL, "--if-exists", CTL_RW},
    {"add", 4, INT_MAX, "!TABLE !RECORD !COLUMN +?KEY=VALUE",
     pre_cmd_add_remove, cmd_add, NULL, "--if-exists", CTL_RW},
    {"remove", 4, INT_MAX, "!TABLE !RECORD !COLUMN +KEY|VALUE|KEY=VALUE",
     pre_cmd_add_remove, cmd_remove, NULL, "--if-exists", CTL_RW},
    {"clear", 3, INT_MAX, "!TABLE !RECORD +COLUMN", pre_cmd_clear, cmd_clear,
     NULL, "--if-exists", CTL_RW},
    {"create", 2, INT_MAX, "!TABLE +COLUMN?:KEY=VALUE", pre_create,
     cmd_create, post_create, "--id=", CTL_RW},
    {"destroy", 1, INT_MAX, "!TABLE *RECORD", pre_cmd_destroy, cmd_destroy,
     NULL, "--if-exists,--all", CTL_RW},
    {"wait-until", 2, INT_MAX, "!TABLE !RECORD *COLUMN?:KEY=VALUE",
     pre_cmd_wait_until, cmd_wait_until, NULL, "", CTL_RO},
    {NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, CTL_RO},
};

/* Registers the generic database commands. */
void
ctl_register_db_commands(void)
{
    ctl_register_commands(db_commands);
}

/* The command line, for the transaction's comment. */
char *
ctl_format_command_line(int argc, char *argv[])
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];

        if (i) {
            ds_put_char(&s, ' ');
        }
        if (arg[strcspn(arg, " \t\r\n\v\\'\"")]) {
            ds_put_char(&s, '"');
            for (const char *p = arg; *p; p++) {
                if (*p == '\\' || *p == '"') {
                    ds_put_char(&s, '\\');
                }
                ds_put_char(&s, *p);
            }
            ds_put_char(&s, '"');
        } else {
            ds_put_cstr(&s, arg);
        }
    }
    return ds_steal_cstr(&s);
}

/* The driver. */

/* The IDL left alive at exit (see ctl_run()), kept reachable for memory
 * checkers ('volatile' so that the store is not optimized away). */
static struct ovsdb_idl *volatile leaked_idl;

/* Exits unless the IDL is still usable. */
static void
check_idl_alive(const struct ctl_run_config *cfg, struct ovsdb_idl *idl)
{
    if (!ovsdb_idl_is_alive(idl)) {
        const char *detail = ovsdb_idl_get_last_error_detail(idl);
        int error = ovsdb_idl_get_last_error(idl);

        if (detail) {
            ctl_fatal("%s: database connection failed (%s)", cfg->db,
                      detail);
        }
        ctl_fatal("%s: database connection failed (%s)", cfg->db,
                  osw_retval_to_string(error ? error : ECONNRESET));
    }
}

/* Exits with an error if 'cfg''s deadline has passed. */
static void
check_deadline(const struct ctl_run_config *cfg, const char *what)
{
    if (time_msec() >= cfg->deadline) {
        ctl_fatal("timeout expired while %s", what);
    }
}

/* Runs the IDL until 'txn' has its final status. */
static enum ovsdb_idl_txn_status
commit_with_deadline(const struct ctl_run_config *cfg,
                     struct ovsdb_idl_txn *txn)
{
    struct ovsdb_idl *idl = ovsdb_idl_txn_get_idl(txn);
    enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit(txn);

    while (status == OVSDB_IDL_TXN_INCOMPLETE) {
        ovsdb_idl_run(idl);
        status = ovsdb_idl_txn_commit(txn);
        if (status != OVSDB_IDL_TXN_INCOMPLETE) {
            break;
        }
        check_deadline(cfg, "waiting for the database to commit the "
                       "transaction (it may or may not have been applied)");
        ovsdb_idl_wait(idl);
        ovsdb_idl_txn_wait(txn);
        if (cfg->deadline != LLONG_MAX) {
            poll_timer_wait_until(cfg->deadline);
        }
        poll_block();
    }
    return status;
}

/* Returns the server's error 'text' ("TAG: DETAILS", as the IDL reports
 * it) as the JSON error object it came as, which is how ovs-vsctl prints
 * it: {"details":"...","error":"TAG"}. */
static char *
format_txn_error(const char *text)
{
    const char *colon = text ? strstr(text, ": ") : NULL;
    json_t *json;
    char *s;

    if (!text) {
        return xstrdup("unknown error");
    }
    if (colon) {
        char *tag = xmemdup0(text, colon - text);

        json = json_pack("{s:o, s:o}", "error", ovsdb_json_string(tag),
                         "details", ovsdb_json_string(colon + 2));
        free(tag);
    } else {
        json = json_pack("{s:o}", "error", ovsdb_json_string(text));
    }
    s = output_json_to_string(json, OUTPUT_JSON_SORT);
    json_decref(json);
    return s;
}

/* Frees what one attempt left in the commands. */
static void
reset_outputs(struct ctl_command *commands, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ds_clear(&commands[i].output);
        if (commands[i].table) {
            output_table_destroy(commands[i].table);
            free(commands[i].table);
            commands[i].table = NULL;
        }
    }
}

static void
set_context_command(struct ctl_context *ctx, struct ctl_command *c)
{
    ctx->command = c;
    ctx->argc = c->argc;
    ctx->argv = c->argv;
    ctx->output = &c->output;
}

/* Checks the names given with --id and used with "@name". */
static void
check_symbols(const struct ctl_run_config *cfg, struct ctl_context *ctx)
{
    struct vlog_module *module = (cfg->log_module
                                  ? vlog_module_from_name(cfg->log_module)
                                  : NULL);
    struct ovsdb_symbol *symbol;

    if (!module) {
        module = &this_module;
    }

    OVSDB_SYMBOL_TABLE_FOR_EACH (symbol, ctx->symtab) {
        if (!symbol->created) {
            ctl_fatal("row id \"%s\" is referenced but never created (e.g. "
                      "with \"-- --id=%s create ...\")",
                      symbol->name, symbol->name);
        }
    }
    OVSDB_SYMBOL_TABLE_FOR_EACH (symbol, ctx->symtab) {
        if (!symbol->strong_ref) {
            if (!symbol->weak_ref) {
                vlog(module, VLL_WARN, "row id \"%s\" was created but no "
                     "reference to it was inserted, so it will not "
                     "actually appear in the database", symbol->name);
            } else {
                vlog(module, VLL_WARN, "row id \"%s\" was created but only "
                     "a weak reference to it was inserted, so it will not "
                     "actually appear in the database", symbol->name);
            }
        }
    }
}

/* Prints the commands' outputs. */
static void
print_outputs(const struct ctl_run_config *cfg,
              struct ctl_command *commands, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct ctl_command *c = &commands[i];

        if (c->table) {
            output_table_print(c->table, cfg->style);
        } else if (cfg->oneline) {
            struct ds *ds = &c->output;

            ds_chomp(ds, '\n');
            for (size_t j = 0; j < ds->length; j++) {
                int ch = ds->string[j];

                if (ch == '\n') {
                    fputs("\\n", stdout);
                } else if (ch == '\\') {
                    fputs("\\\\", stdout);
                } else {
                    putchar(ch);
                }
            }
            putchar('\n');
        } else {
            fputs(ds_cstr(&c->output), stdout);
        }
    }
    fflush(stdout);
}

/* One attempt at the transaction.  Returns -1 to try again, otherwise the
 * exit status. */
static int
run_attempt(const struct ctl_run_config *cfg, struct ctl_context *ctx,
            struct ctl_command *commands, size_t n)
{
    enum ovsdb_idl_txn_status status;
    int exit_status = 0;

    ctx->txn = ovsdb_idl_txn_create(ctx->idl);
    if (cfg->dry_run) {
        ovsdb_idl_txn_set_dry_run(ctx->txn);
    }
    if (cfg->comment) {
        ovsdb_idl_txn_add_comment(ctx->txn, "%s", cfg->comment);
    }
    ctx->symtab = ovsdb_symbol_table_create();
    ctx->try_again = false;
    ctx->need_full = false;
    ctx->invalidate_cache = NULL;
    reset_outputs(commands, n);
    forget_inserted_rows();

    if (cfg->txn_hook) {
        cfg->txn_hook(ctx);
        if (ctx->error) {
            ctl_fatal("%s", ctx->error);
        }
    }
    for (size_t i = 0; i < n; i++) {
        set_context_command(ctx, &commands[i]);
        if (commands[i].syntax->run) {
            commands[i].syntax->run(ctx);
        }
        if (ctx->error) {
            ctl_fatal("%s", ctx->error);
        }
        if (ctx->try_again || ctx->need_full) {
            goto try_again;
        }
    }
    check_symbols(cfg, ctx);

    status = commit_with_deadline(cfg, ctx->txn);
    switch (status) {
    case OVSDB_IDL_TXN_SUCCESS:
    case OVSDB_IDL_TXN_UNCHANGED:
        for (size_t i = 0; i < n; i++) {
            if (commands[i].syntax->postprocess) {
                set_context_command(ctx, &commands[i]);
                commands[i].syntax->postprocess(ctx);
                if (ctx->error) {
                    ctl_fatal("%s", ctx->error);
                }
            }
        }
        break;
    case OVSDB_IDL_TXN_TRY_AGAIN:
        goto try_again;
    case OVSDB_IDL_TXN_ERROR: {
        char *error = format_txn_error(ovsdb_idl_txn_get_error(ctx->txn));

        VLOG_WARN("transaction error: %s", error);
        ctl_fatal("transaction error: %s", error);
    }
    case OVSDB_IDL_TXN_ABORTED:
        ctl_fatal("transaction aborted");
    case OVSDB_IDL_TXN_NOT_LOCKED:
        ctl_fatal("database not locked");
    case OVSDB_IDL_TXN_UNCOMMITTED:
    case OVSDB_IDL_TXN_INCOMPLETE:
    default:
        ctl_fatal("unexpected transaction status %s",
                  ovsdb_idl_txn_status_to_string(status));
    }

    print_outputs(cfg, commands, n);
    if (cfg->done_hook) {
        exit_status = cfg->done_hook(ctx, status);
    }
    if (cfg->txn_done_hook) {
        cfg->txn_done_hook(ctx);
    }
    ovsdb_idl_txn_destroy(ctx->txn);
    ctx->txn = NULL;
    ovsdb_symbol_table_destroy(ctx->symtab);
    ctx->symtab = NULL;
    forget_inserted_rows();
    return exit_status;

try_again:
    if (cfg->txn_done_hook) {
        cfg->txn_done_hook(ctx);
    }
    ovsdb_idl_txn_destroy(ctx->txn);
    ctx->txn = NULL;
    ovsdb_symbol_table_destroy(ctx->symtab);
    ctx->symtab = NULL;
    forget_inserted_rows();
    return ctx->need_full ? -2 : -1;
}

/* Creates the IDL and registers what the commands need. */
static void
start_idl(const struct ctl_run_config *cfg, struct ctl_context *ctx,
          struct ctl_command *commands, size_t n)
{
    ctx->idl = ovsdb_idl_create(cfg->db, cfg->schema->name, cfg->schema,
                                false, cfg->retry);
    clear_row_filters();
    if (cfg->pre_hook) {
        cfg->pre_hook(ctx);
    }
    for (size_t i = 0; i < n; i++) {
        set_context_command(ctx, &commands[i]);
        if (commands[i].syntax->prerequisites) {
            commands[i].syntax->prerequisites(ctx);
        }
        if (ctx->error) {
            ctl_fatal("%s", ctx->error);
        }
    }
    apply_row_filters(ctx->idl);
}

/* Runs the commands. */
int
ctl_run(const struct ctl_run_config *cfg, struct ctl_command *commands,
        size_t n)
{
    struct ctl_context ctx;
    unsigned int seqno;
    int status = -1;

    memset(&ctx, 0, sizeof ctx);
    ctx.aux = cfg->aux;
    ctx.lean = cfg->lean;
    start_idl(cfg, &ctx, commands, n);

    seqno = ovsdb_idl_get_seqno(ctx.idl);
    for (;;) {
        ovsdb_idl_run(ctx.idl);
        check_idl_alive(cfg, ctx.idl);
        if (ovsdb_idl_is_synced(ctx.idl)
            && seqno != ovsdb_idl_get_seqno(ctx.idl)) {
            seqno = ovsdb_idl_get_seqno(ctx.idl);
            status = run_attempt(cfg, &ctx, commands, n);
            if (status >= 0) {
                break;
            } else if (status == -2) {
                /* The lean replica was not enough: start over with all
                 * the rows.  (A new connection, because the columns that
                 * are replicated cannot change on the fly.) */
                ovsdb_idl_destroy(ctx.idl);
                ctx.lean = false;
                start_idl(cfg, &ctx, commands, n);
                seqno = ovsdb_idl_get_seqno(ctx.idl);
                continue;
            }
        }
        if (seqno == ovsdb_idl_get_seqno(ctx.idl)) {
            check_deadline(cfg, ovsdb_idl_has_ever_connected(ctx.idl)
                           ? "waiting for the database to change"
                           : "connecting to the database");
            ovsdb_idl_wait(ctx.idl);
            if (cfg->deadline != LLONG_MAX) {
                poll_timer_wait_until(cfg->deadline);
            }
            poll_block();
        }
    }

    /* The process is about to exit: freeing the replica would only cost
     * time (a large one takes milliseconds). */
    if (cfg->cleanup) {
        ovsdb_idl_destroy(ctx.idl);
        clear_row_filters();
        free(row_filters);
        row_filters = NULL;
        allocated_row_filters = 0;
    } else {
        leaked_idl = ctx.idl;
    }
    free(ctx.error);
    return status;
}
