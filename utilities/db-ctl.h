/* db-ctl: the database commands of an ovs-vsctl-style tool, and the
 * machinery that runs a command line as one transaction.
 *
 * Open vSwitch's ctl tools (ovs-vsctl, vtep-ctl, ovn-nbctl) share a
 * command-line model that scripts and management systems depend on:
 *
 *     TOOL [GLOBAL-OPTION]... [--] [OPTION]... COMMAND [ARG]...
 *                                [-- [OPTION]... COMMAND [ARG]...]...
 *
 * Every command of one invocation runs in a single OVSDB transaction,
 * read against an IDL replica (ovsdb-idl.h) that holds only what the
 * commands asked for.  This module provides everything in that model
 * that does not depend on the database's meaning:
 *
 *   - Commands: a tool registers 'struct ctl_command_syntax'es (name,
 *     argument counts, allowed options, and three hooks: prerequisites,
 *     run and postprocess).  ctl_parse_commands() splits the command line
 *     at "--", attaches options to commands and checks argument counts and
 *     options, with Open vSwitch's error messages.
 *
 *   - Names: tables and columns are found case-insensitively, by unique
 *     prefix, with '-' and '_' interchangeable ("trunk" is "trunks",
 *     "other-config" is "other_config", "net" is "NetFlow").  Records are
 *     found by uuid (full, or a unique prefix of 4 or more hex digits) or
 *     by the tool's naming rules ('struct ctl_table_class': "Bridge by
 *     name", "Controller via the controller column of the Bridge with
 *     that name", "Open_vSwitch as '.'").
 *
 *   - The generic database commands, which any tool gets by calling
 *     ctl_register_db_commands(): list, find, get, set, add, remove,
 *     clear, create, destroy, wait-until, comment.  Values use ovs-vsctl's
 *     text syntax (ovsdb-data.h); "@name" refers to a row named with
 *     --id=@name anywhere in the same invocation.
 *
 *   - The driver, ctl_run(): connects the IDL, registers what the
 *     commands need (their prerequisites hooks), builds the transaction
 *     by running every command against the replica, commits it, retries
 *     from scratch when the server says the replica was stale (or a
 *     wait-until is not satisfied yet), and prints each command's output.
 *     A tool hooks in at the start of each attempt (to insert a root row,
 *     or to ask for a "next_cfg" increment) and after a successful commit
 *     (to wait for a daemon).
 *
 * Errors: a command that fails calls ctl_error() and returns; the driver
 * then prints "PROGRAM: MESSAGE" on stderr and exits with status 1 before
 * anything is committed, so a failing command line changes nothing.
 *
 * Memory: parsed commands own copies of their arguments; a command's
 * output (text or table) belongs to the command and is freed by
 * ctl_commands_destroy().  Rows and datums read from the IDL belong to the
 * IDL.  Not thread-safe. */
#ifndef UTILITIES_DB_CTL_H
#define UTILITIES_DB_CTL_H 1

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "osw/dynamic-string.h"
#include "osw/util.h"
#include "osw/uuid.h"
#include "output-table.h"

struct ctl_context;
struct ovsdb_column;
struct ovsdb_datum;
struct ovsdb_idl;
struct ovsdb_idl_row;
struct ovsdb_idl_table;
struct ovsdb_idl_txn;
struct ovsdb_schema;
struct ovsdb_symbol_table;
struct ovsdb_table_schema;

/* Commands.
 * =========
 *
 * 'prerequisites' runs once, before the IDL connects: it registers the
 * tables and columns that 'run' will read (ctl_add_column() and friends)
 * and may already reject bad arguments (unknown table or column).  'run'
 * runs once per attempt at the transaction, with ctx->txn set; it reads
 * the replica (which shows the changes of earlier commands of the same
 * invocation), changes it through the transaction and writes its output.
 * It may run several times: it must not keep state across runs except in
 * the context.  'postprocess' (may be NULL) runs after a successful
 * commit, for output that needs the server's answer (the uuid of a
 * created row).
 *
 * 'options' lists the options the command accepts, comma-separated, each
 * "--name" or "--name=" (takes a value): "--if-exists,--columns=".
 * 'arguments' describes the arguments for --commands and completion, in
 * Open vSwitch's notation: "!X" required, "?X" optional, "*X" any number,
 * "+X" one or more. */
enum ctl_command_mode {
    CTL_RO,                     /* Reads the database only. */
    CTL_RW                      /* May change it. */
};

struct ctl_command_syntax {
    const char *name;
    int min_args;
    int max_args;               /* INT_MAX for no limit. */
    const char *arguments;
    void (*prerequisites)(struct ctl_context *);
    void (*run)(struct ctl_context *);
    void (*postprocess)(struct ctl_context *);
    const char *options;
    enum ctl_command_mode mode;
};

/* Registers the NULL-terminated (name == NULL) array 'commands' (which
 * must outlive the program's use of this module).  Names must be unique
 * across calls. */
void ctl_register_commands(const struct ctl_command_syntax *commands);
/* Registers the generic database commands (list, find, get, ...). */
void ctl_register_db_commands(void);
/* Returns the registered command called 'name', or NULL. */
const struct ctl_command_syntax *ctl_find_command(const char *name);
/* Prints every registered command, one per line, as Open vSwitch's
 * --commands does: "[--opt] [--opt2=] ,name,arguments". */
void ctl_print_commands(void);
/* Prints every option any registered command accepts, one per line
 * ("--if-exists", "--columns=ARG"), as part of --options. */
void ctl_print_command_options(void);

/* An option given to one command: "--if-exists" (value NULL) or
 * "--columns=name,tag" (value "name,tag"). */
struct ctl_option {
    char *name;                 /* With the leading "--". */
    char *value;                /* NULL if none. */
};

/* The options collected from the global part of the command line, which
 * apply to the first command (so "TOOL --if-exists del-br x" works). */
struct ctl_options {
    struct ctl_option *options;
    size_t n, allocated;
};

void ctl_options_init(struct ctl_options *);
void ctl_options_destroy(struct ctl_options *);
/* Adds or replaces option 'name' (with the "--") in 'options'. */
void ctl_options_put(struct ctl_options *, const char *name,
                     const char *value);

/* Appends to the getopt_long() table '*optionsp' (with '*n_options'
 * entries, NULL entry not counted, '*allocated' room) one entry for every
 * option that some registered command accepts and that the table does
 * not already have, each with 'opt_val' as its 'val', and terminates the
 * table.  The caller passes such options to ctl_options_put() with the
 * name from its table entry. */
void ctl_add_cmd_options(struct option **optionsp, size_t *n_options,
                         size_t *allocated, int opt_val);

/* One command of the command line, parsed. */
struct ctl_command {
    const struct ctl_command_syntax *syntax;
    int argc;                   /* argv[0] is the command name. */
    char **argv;                /* Owned copies. */
    struct ctl_options options;

    /* Output: text, or a table printed in the user's table style. */
    struct ds output;
    struct output_table *table;

    /* For 'postprocess': the row a command inserted. */
    struct uuid row_uuid;
};

/* Splits 'argv' ('argc' arguments after the global options) into
 * commands, applies 'global_options' to the first command, and checks
 * every command's name, options and number of arguments.  On success
 * returns NULL and stores a new array in '*commandsp' and its size in
 * '*n_commandsp'.  On error returns a message (the caller frees it) and
 * stores nothing.  'global_options' is left as it was. */
char *ctl_parse_commands(int argc, char *argv[],
                         const struct ctl_options *global_options,
                         struct ctl_command **commandsp,
                         size_t *n_commandsp) OSW_WARN_UNUSED_RESULT;
/* Frees 'commands' and everything they own. */
void ctl_commands_destroy(struct ctl_command *commands, size_t n);
/* True if any of the commands may change the database. */
bool ctl_commands_may_write(const struct ctl_command *, size_t n);

/* Record naming.
 * ==============
 *
 * A record of table T may be named by the rules of T's class: each rule
 * names a table R (often T itself) and a column of R, 'name_column', whose
 * value must be exactly the name given (parsed as that column's type; a
 * NULL 'name_column' means the name "." picks R's only row).  If
 * 'uuid_column' is NULL the record is the matching row of R (R is T);
 * otherwise it is the row of T that the matching row's 'uuid_column'
 * refers to (which must hold exactly one reference). */
struct ctl_row_id {
    const char *table;
    const char *name_column;
    const char *uuid_column;
};

#define CTL_MAX_ROW_IDS 2

struct ctl_table_class {
    const char *table;
    struct ctl_row_id row_ids[CTL_MAX_ROW_IDS];
};

/* Registers 'classes' (an array of 'n', which must outlive the program's
 * use of this module).  Tables without a class are named by uuid only. */
void ctl_register_table_classes(const struct ctl_table_class *classes,
                                size_t n);
/* Prints, for --help, how records of every table of 'schema' can be
 * named. */
void ctl_print_table_naming(const struct ovsdb_schema *schema);

/* Running commands.
 * =================
 *
 * The context passed to every hook.  Fields marked "per command" change
 * from one command to the next. */
struct ctl_context {
    /* Per command. */
    struct ctl_command *command;
    int argc;
    char **argv;
    struct ds *output;          /* The command's text output. */

    /* Per invocation. */
    struct ovsdb_idl *idl;
    struct ovsdb_idl_txn *txn;  /* NULL in prerequisites. */
    struct ovsdb_symbol_table *symtab;  /* NULL in prerequisites. */

    /* Set by ctl_error(); the driver stops at the first error. */
    char *error;
    /* Set by a command (wait-until) that cannot complete yet: the driver
     * drops the transaction, waits for the replica to change and runs
     * every command again. */
    bool try_again;

    /* Lean replicas (see ctl_is_lean()): 'lean' while the replica may hold
     * only some rows; 'need_full' set by a command that found it lacking
     * (ctl_need_full()). */
    bool lean;
    bool need_full;

    /* For the tool: called by the generic commands after they change the
     * database in a way that may invalidate the tool's own caches (may be
     * NULL), and any data the tool wants to hang on the context. */
    void (*invalidate_cache)(struct ctl_context *);
    void *aux;
};

/* Records 'format' as the context's error (the first error is kept). */
void ctl_error(struct ctl_context *, const char *format, ...)
    OSW_PRINTF_FORMAT(2, 3);
/* The value of option 'name' of the current command ("--columns"), or
 * NULL if it has no value or was not given. */
const char *ctl_get_option(const struct ctl_context *, const char *name);
/* True if the current command was given option 'name'. */
bool ctl_has_option(const struct ctl_context *, const char *name);

/* Looking up schema objects.  Each returns NULL and records an error
 * ("unknown table \"%s\"", "%s does not contain a column whose name
 * matches \"%s\"", "multiple ...") if there is no unique match. */
const struct ovsdb_table_schema *ctl_get_table(struct ctl_context *,
                                               const char *name);
const struct ovsdb_column *ctl_get_column(struct ctl_context *,
                                          const struct ovsdb_table_schema *,
                                          const char *name);
/* The IDL table for 'table' (never NULL for a table of the schema). */
struct ovsdb_idl_table *ctl_idl_table(const struct ctl_context *,
                                      const struct ovsdb_table_schema *);

/* Prerequisites: replicate a table, a column, every column, with all of
 * the table's rows. */
void ctl_add_table(struct ctl_context *, const char *table);
void ctl_add_column(struct ctl_context *, const char *table,
                    const char *column);
void ctl_add_all_columns(struct ctl_context *, const char *table);
/* Replicates what is needed to find any record of 'table' by name. */
void ctl_add_row_id_columns(struct ctl_context *,
                            const struct ovsdb_table_schema *);

/* Lean replicas.
 * ==============
 *
 * Fetching a whole table costs time in proportion to its size: a command
 * that adds one port to a bridge with 10,000 ports should not read 10,000
 * ports.  So the driver first tries with a "lean" replica: a prerequisites
 * hook that knows which rows it will look at registers its columns with
 * ctl_add_column_filtered() and asks for the rows with ctl_want_row()
 * (e.g. the Port whose "name" is "vnet0"); the IDL then monitors the table
 * with those conditions only (and a table that no command restricts, or
 * that some command needs whole, through ctl_add_table() and friends, is
 * replicated whole).  If a command finds at run time that what it sees is
 * not enough to answer correctly (a name exists, and the message must say
 * on which bridge), it calls ctl_need_full() and returns: the driver drops
 * the attempt, reconnects with every row of every table the commands use
 * (the prerequisites run again with ctl_is_lean() false) and runs the
 * commands again.  The generic database commands are lean by themselves
 * for records named by uuid or by a name column of their own table. */
bool ctl_is_lean(const struct ctl_context *);
/* True if 'table' is replicated with only some of its rows. */
bool ctl_table_is_filtered(const struct ctl_context *, const char *table);
void ctl_add_column_filtered(struct ctl_context *, const char *table,
                             const char *column);
/* Asks for the rows of 'table' whose 'column' equals 'value' (a JSON
 * <value>, taken over by this function). */
void ctl_want_row(struct ctl_context *, const char *table,
                  const char *column, json_t *value);
void ctl_need_full(struct ctl_context *);
/* True if 'row' was inserted by the transaction being built. */
bool ctl_row_is_new(const struct ovsdb_idl_row *);

/* Finds the record of 'table' named 'record_id'.  Returns NULL if there
 * is none: an error ("no row \"%s\" in table %s") if 'must_exist', and
 * always for an ambiguous name. */
const struct ovsdb_idl_row *ctl_get_row(struct ctl_context *,
                                        const struct ovsdb_table_schema *,
                                        const char *record_id,
                                        bool must_exist);

/* Parses "COLUMN[:KEY]=VALUE" (with '=' or, if 'relational', any of the
 * operators of "find": = != < > <= >= {=} {!=} {<} {>} {<=} {>=} {in}
 * {not-in}; an operator needs a nonempty value after it) for 'table', or
 * without 'value_required' just "COLUMN[:KEY]" (as "get" takes it).  On
 * success stores the column, the key (NULL if none, "" for "COLUMN:";
 * caller frees), the operator (a static string; NULL without
 * 'value_required') and the value (caller frees; NULL without operator),
 * and returns true. */
bool ctl_parse_column_key_value(struct ctl_context *, const char *arg,
                                const struct ovsdb_table_schema *,
                                bool relational, bool value_required,
                                const struct ovsdb_column **columnp,
                                char **keyp, const char **operatorp,
                                char **valuep);
/* Inserts a row into 'table' in the current transaction, with uuid 'uuid'
 * (which must not exist yet; sent to the server as the row's uuid), and
 * remembers that the row is new, so that its read-only columns may be
 * set.  Returns NULL after ctl_error() if the uuid exists. */
const struct ovsdb_idl_row *ctl_insert_row(
    struct ctl_context *, const struct ovsdb_table_schema *,
    const struct uuid *uuid);
/* Sets a column or a map key of 'row' from "COLUMN[:KEY]=VALUE" 'arg', as
 * the "set" command does.  Returns false after ctl_error() on error.  Does
 * not call ctx->invalidate_cache(): the caller knows what it changed. */
bool ctl_set_column(struct ctl_context *, const struct ovsdb_idl_row *row,
                    const struct ovsdb_table_schema *, const char *arg);
/* Registers the columns that ctl_set_column() with 'arg' will write (so
 * that they can be read back). */
void ctl_pre_set_column(struct ctl_context *,
                        const struct ovsdb_table_schema *, const char *arg);

/* The tool's hooks around each attempt at the transaction. */
struct ctl_run_config {
    const char *db;             /* Remote. */
    const struct ovsdb_schema *schema;
    bool retry;                 /* Reconnect forever (--retry). */
    bool dry_run;
    bool oneline;
    long long int deadline;     /* time_msec() deadline, or LLONG_MAX. */
    const struct output_table_style *style;
    char *comment;              /* The transaction's comment. */
    const char *log_module;     /* vlog module for warnings about the
                                 * command line (NULL: this module's). */
    bool lean;                  /* Try a lean replica first. */
    bool cleanup;               /* Free the replica before returning (for
                                 * memory checkers); otherwise it is left
                                 * to the process's exit. */

    /* Called once, before the prerequisites: registers what the tool
     * always needs.  May be NULL. */
    void (*pre_hook)(struct ctl_context *);
    /* Called with each new transaction, before the commands run (insert
     * the root row, ask for an increment...).  May be NULL. */
    void (*txn_hook)(struct ctl_context *);
    /* Called at the end of each attempt, whatever its outcome (to free
     * what 'txn_hook' set up).  May be NULL. */
    void (*txn_done_hook)(struct ctl_context *);
    /* Called after the outputs were printed, with the final status of a
     * transaction that was committed (SUCCESS) or had nothing to do
     * (UNCHANGED).  Returns the program's exit status.  May be NULL. */
    int (*done_hook)(struct ctl_context *, int status);
    void *aux;
};

/* Runs 'commands' as one transaction (see the top of this file) and
 * returns the exit status.  Errors exit the process with status 1. */
int ctl_run(const struct ctl_run_config *, struct ctl_command *commands,
            size_t n_commands);

/* Prints "PROGRAM: MESSAGE" on stderr and exits with status 1. */
void ctl_fatal(const char *format, ...)
    OSW_PRINTF_FORMAT(1, 2) OSW_NO_RETURN;

/* Returns 'argv' (the whole command line) as one string, quoting the
 * arguments that need it, for the transaction's comment. */
char *ctl_format_command_line(int argc, char *argv[]);

/* Helpers for tools. */

/* Adds 'row''s uuid and its columns 'columns' (or, if 'columns' is NULL,
 * every column, "_uuid" first, then the others by name) to 'table', which
 * must have been given matching headings (ctl_table_add_headings()). */
void ctl_table_add_row(struct output_table *,
                       const struct ovsdb_idl_row *row,
                       const struct ovsdb_column **columns, size_t n);
/* Parses the --columns value 'spec' (NULL: every column, "_uuid" first,
 * then the others in alphabetical order) for 'table' into a new array
 * (caller frees) of columns.  Returns false after ctl_error() on error. */
bool ctl_parse_column_names(struct ctl_context *,
                            const struct ovsdb_table_schema *,
                            const char *spec,
                            const struct ovsdb_column ***columnsp,
                            size_t *n_columnsp);

#endif /* db-ctl.h */
