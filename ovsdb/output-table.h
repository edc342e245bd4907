/* output-table: tables of database values printed as Open vSwitch's
 * ovsdb-client and ovs-vsctl print them.
 *
 * A 'struct output_table' is a grid of cells under column headings, with an
 * optional caption ("Bridge table") and an optional timestamp line.  The
 * caller builds it column by column, then row by row, cell by cell:
 *
 *     struct output_table t;
 *     output_table_init(&t);
 *     output_table_set_caption(&t, xstrdup("Bridge table"));
 *     output_table_add_column(&t, "name");
 *     output_table_add_column(&t, "ports");
 *     output_table_add_row(&t);
 *     output_table_add_text(&t, "br0");
 *     output_table_add_json(&t, ports_json, &ports_column->type);
 *     output_table_print(&t, &style);
 *     output_table_destroy(&t);
 *
 * A cell holds either plain text or a JSON value.  A JSON value with an
 * OVSDB column type is a column value (RFC 7047 <value>): it is shown in
 * the style's cell format, "string" (ovs-vsctl syntax, as
 * ovsdb_datum_to_string() writes it), "bare" (ovsdb_datum_to_bare()) or
 * "json" (compact JSON, keys sorted).  A JSON value that does not parse as
 * its type, or that has no type, is always shown as compact JSON.  Cells
 * left out of a row are empty.
 *
 * Output formats (the style's 'format'), byte for byte as Open vSwitch's
 * lib/table.c writes them:
 *
 *   table  Caption line, headings, a line of dashes under each heading,
 *          then one line per row; each column padded with spaces to its
 *          widest cell (in bytes) and columns separated by one space;
 *          trailing spaces removed from every line.  'max_column_width'
 *          (if nonzero) cuts longer cells, though never below the width of
 *          the heading.
 *   list   Caption line, then each row as one "%-20s: VALUE" line per
 *          column ("VALUE" alone without headings), rows separated by
 *          blank lines.
 *   csv    Caption line, a line of headings, a line per row; a cell that
 *          contains a comma, a double quote or a line break (CR or LF) is
 *          put in double quotes, with its double quotes doubled (RFC 4180).
 *   html   <table border=1>, a <caption>, a <tr> of <th> headings, a <tr>
 *          of <td> cells per row, with &, <, > and " escaped; every UUID
 *          in a cell becomes a link <a href="#UUID">first 8 digits</a>,
 *          and a cell in a column headed "_uuid" becomes the anchor
 *          <a name="UUID">.
 *   json   One JSON object per table: {"caption": ..., "data": [[cell,
 *          ...], ...], "headings": [...], "time": ...} ("caption" and
 *          "time" only when set).  A JSON cell is its JSON value, a text
 *          cell a JSON string, an empty cell null.  Headings appear even
 *          with 'headings' false.  Keys sorted, compact unless the style's
 *          'json_flags' has OUTPUT_JSON_PRETTY.
 *
 * With 'headings' false, the table, list, csv and html formats leave out
 * the headings (list: the "name : " prefixes); the caption stays.  A
 * table with a timestamp starts with a line giving the wall-clock time in
 * UTC, "2026-11-21 23:59:59.123" (in json: the "time" member).
 *
 * When several tables are printed one after another, the table, list and
 * csv formats separate them with a blank line: output_table_print() does
 * that by itself (it remembers whether it printed before);
 * output_table_format() writes one table alone, and callers that collect
 * output elsewhere add output_table_put_separator() between tables.
 *
 * Also here: output_json_to_string(), the JSON writer that ovsdb-client
 * uses for everything it prints (compact or Open vSwitch's "pretty"
 * layout, keys sorted or in insertion order, reals as "%.15g").
 *
 * Ownership: a table owns its caption, headings and cells (a cell's text
 * and its JSON reference); column types are borrowed and must outlive the
 * table.  Not thread-safe; output_table_print() uses a process-wide count
 * of tables printed. */
#ifndef OVSDB_OUTPUT_TABLE_H
#define OVSDB_OUTPUT_TABLE_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "osw/util.h"

struct ds;
struct ovsdb_type;

enum output_table_format {
    OUTPUT_TABLE_FMT_TABLE,     /* Padded columns under headings. */
    OUTPUT_TABLE_FMT_LIST,      /* "heading : value" lines per row. */
    OUTPUT_TABLE_FMT_HTML,      /* An HTML <table>. */
    OUTPUT_TABLE_FMT_CSV,       /* Comma-separated values. */
    OUTPUT_TABLE_FMT_JSON       /* One JSON object per table. */
};

enum output_cell_format {
    OUTPUT_CELL_STRING,         /* ovs-vsctl syntax: {a="b c"}. */
    OUTPUT_CELL_BARE,           /* No quotes or brackets: a=b c. */
    OUTPUT_CELL_JSON            /* RFC 7047 JSON: ["map",[["a","b c"]]]. */
};

/* Flags for output_json_to_string(). */
enum {
    OUTPUT_JSON_SORT = 1 << 0,  /* Object members sorted by name. */
    OUTPUT_JSON_PRETTY = 1 << 1 /* Open vSwitch's multi-line layout. */
};

struct output_table_style {
    enum output_table_format format;
    enum output_cell_format cell_format;
    bool headings;              /* Print headings? */
    unsigned int json_flags;    /* OUTPUT_JSON_* for the json format. */
    size_t max_column_width;    /* Table format only; 0: no limit. */
};

#define OUTPUT_TABLE_STYLE_INITIALIZER                                  \
    { OUTPUT_TABLE_FMT_TABLE, OUTPUT_CELL_STRING, true,                 \
      OUTPUT_JSON_SORT, 0 }

/* One cell.  At most one of 'text' and 'json' is normally set; if both
 * are, the json format shows 'json' and the others 'text'. */
struct output_cell {
    char *text;                     /* Owned, or NULL. */
    json_t *json;                   /* Owned reference, or NULL. */
    const struct ovsdb_type *type;  /* Borrowed; NULL: show 'json' raw. */
};

struct output_table {
    char *caption;              /* Owned, or NULL. */
    bool timestamp;             /* Print the time before the table? */

    char **headings;            /* 'n_columns' owned strings. */
    size_t n_columns, allocated_columns;

    struct output_cell *cells;  /* 'n_rows' * 'n_columns', row-major. */
    size_t n_rows, allocated_rows;
    size_t current_column;      /* Next cell of the last row to fill. */
};

/* Building. */
void output_table_init(struct output_table *);
void output_table_destroy(struct output_table *);
/* Takes ownership of 'caption' (NULL: none), freeing any previous one. */
void output_table_set_caption(struct output_table *, char *caption);
void output_table_set_timestamp(struct output_table *, bool timestamp);
/* Columns must all be added before the first row. */
void output_table_add_column(struct output_table *, const char *format, ...)
    OSW_PRINTF_FORMAT(2, 3);
/* Starts a new row of empty cells; output_table_add_cell() fills them in
 * order. */
void output_table_add_row(struct output_table *);
/* Returns the next cell of the current row (empty, to fill in).  Adding
 * more cells than columns is a bug (assertion). */
struct output_cell *output_table_add_cell(struct output_table *);
/* Fills the next cell with a copy of 'text'. */
void output_table_add_text(struct output_table *, const char *text);
/* Fills the next cell with a new reference to 'json' (NULL: leaves the
 * cell empty) of column type 'type' (NULL: raw JSON). */
void output_table_add_json(struct output_table *, json_t *json,
                           const struct ovsdb_type *type);
/* Returns the cell at 'row', 'column' (both in range). */
const struct output_cell *output_table_get_cell(const struct output_table *,
                                                size_t row, size_t column);

/* Printing. */

/* Appends 'table' to 'out' in 'style', without a separator before it. */
void output_table_format(const struct output_table *,
                         const struct output_table_style *, struct ds *out);
/* Appends to 'out' what goes between two tables printed one after the
 * other in 'style': a blank line for table, list and csv, else nothing. */
void output_table_put_separator(const struct output_table_style *,
                                struct ds *out);
/* Prints 'table' on stdout (after a separator, if this is not the first
 * table this process printed) and flushes stdout. */
void output_table_print(const struct output_table *,
                        const struct output_table_style *);

/* Returns the text that 'cell' shows in 'style''s cell format ("" for an
 * empty cell).  The caller frees it. */
char *output_cell_to_text(const struct output_cell *,
                          const struct output_table_style *);

/* Returns 'json' as text: compact, or with OUTPUT_JSON_PRETTY one value or
 * member per line, indented two spaces per level, closing brackets at the
 * end of the last line, as Open vSwitch writes it.  Strings escape '"',
 * '\\' and control characters only (\b \f \n \r \t, else \u00xx); reals
 * print as "%.15g".  NULL 'json' is "null".  Caller frees. */
char *output_json_to_string(const json_t *json, unsigned int flags);
/* Like output_json_to_string(), appending to 'out'. */
void output_json_to_ds(const json_t *json, unsigned int flags,
                       struct ds *out);

/* Command-line options, as Open vSwitch's programs spell them:
 *   -f, --format=table|list|html|csv|json
 *   -d, --data=string|bare|json
 *   --no-headings, --pretty, --max-column-width=N,
 *   --bare (= --format=list --data=bare --no-headings)
 * Use OUTPUT_TABLE_LONG_OPTIONS in the option table, "f:d:" in the short
 * options, and OUTPUT_TABLE_OPTION_HANDLERS(&style) in the switch. */
enum {
    OUTPUT_TABLE_OPTION_BASE = 4400,
    OPT_NO_HEADINGS,
    OPT_PRETTY,
    OPT_BARE,
    OPT_MAX_COLUMN_WIDTH
};

#define OUTPUT_TABLE_LONG_OPTIONS                                       \
    {"format", required_argument, NULL, 'f'},                           \
    {"data", required_argument, NULL, 'd'},                             \
    {"no-headings", no_argument, NULL, OPT_NO_HEADINGS},                \
    {"pretty", no_argument, NULL, OPT_PRETTY},                          \
    {"bare", no_argument, NULL, OPT_BARE},                              \
    {"max-column-width", required_argument, NULL, OPT_MAX_COLUMN_WIDTH}

#define OUTPUT_TABLE_OPTION_HANDLERS(STYLE)                             \
    case 'f':                                                           \
        output_table_parse_format_or_die(STYLE, optarg);                \
        break;                                                          \
    case 'd':                                                           \
        output_table_parse_cell_format_or_die(STYLE, optarg);           \
        break;                                                          \
    case OPT_NO_HEADINGS:                                               \
        (STYLE)->headings = false;                                      \
        break;                                                          \
    case OPT_PRETTY:                                                    \
        (STYLE)->json_flags |= OUTPUT_JSON_PRETTY;                      \
        break;                                                          \
    case OPT_BARE:                                                      \
        (STYLE)->format = OUTPUT_TABLE_FMT_LIST;                        \
        (STYLE)->cell_format = OUTPUT_CELL_BARE;                        \
        (STYLE)->headings = false;                                      \
        break;                                                          \
    case OPT_MAX_COLUMN_WIDTH:                                          \
        output_table_parse_max_width_or_die(STYLE, optarg);             \
        break;

/* Parse the arguments of the options above into 'style'.  The plain
 * versions return false (changing nothing) for an unknown name; the
 * _or_die versions exit with 'unknown output format "X"' etc. */
bool output_table_parse_format(struct output_table_style *, const char *);
bool output_table_parse_cell_format(struct output_table_style *,
                                    const char *);
void output_table_parse_format_or_die(struct output_table_style *,
                                      const char *);
void output_table_parse_cell_format_or_die(struct output_table_style *,
                                           const char *);
void output_table_parse_max_width_or_die(struct output_table_style *,
                                         const char *);
/* Prints the options above for --help. */
void output_table_usage(void);

#endif /* output-table.h */
