#include <config.h>
#include "output-table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/uuid.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"
#include "ovsdb-types.h"

/* Width of the heading column in the list format, as Open vSwitch pads
 * it. */
#define LIST_HEADING_WIDTH 20

/* Indentation per nesting level of pretty JSON. */
#define JSON_SPACES_PER_LEVEL 2

/* Building. */

/* Initializes 't' as a table with no columns, no rows, no caption. */
void
output_table_init(struct output_table *t)
{
    memset(t, 0, sizeof *t);
}

static void
cell_destroy(struct output_cell *cell)
{
    free(cell->text);
    json_decref(cell->json);
}

/* Frees everything 't' owns. */
void
output_table_destroy(struct output_table *t)
{
    if (!t) {
        return;
    }
    for (size_t i = 0; i < t->n_rows * t->n_columns; i++) {
        cell_destroy(&t->cells[i]);
    }
    free(t->cells);
    for (size_t i = 0; i < t->n_columns; i++) {
        free(t->headings[i]);
    }
    free(t->headings);
    free(t->caption);
}

/* Makes 'caption' (owned from now on; NULL for none) 't''s caption. */
void
output_table_set_caption(struct output_table *t, char *caption)
{
    free(t->caption);
    t->caption = caption;
}

/* Sets whether 't' is printed after a line with the current time. */
void
output_table_set_timestamp(struct output_table *t, bool timestamp)
{
    t->timestamp = timestamp;
}

/* Adds a column to 't' headed by the text that 'format' makes. */
void
output_table_add_column(struct output_table *t, const char *format, ...)
{
    osw_assert(!t->n_rows);
    if (t->n_columns >= t->allocated_columns) {
        t->headings = x2nrealloc(t->headings, &t->allocated_columns,
                                 sizeof *t->headings);
    }
    va_list args;
    va_start(args, format);
    t->headings[t->n_columns++] = xvasprintf(format, args);
    va_end(args);
}

/* Adds a row of empty cells to 't'. */
void
output_table_add_row(struct output_table *t)
{
    if (t->n_rows >= t->allocated_rows) {
        /* Grow by whole rows, so the cells stay in one array. */
        size_t old = t->allocated_rows;
        t->allocated_rows = old ? old * 2 : 8;
        t->cells = xrealloc(t->cells, (t->allocated_rows * t->n_columns
                                       * sizeof *t->cells) + 1);
    }
    struct output_cell *row = &t->cells[t->n_rows * t->n_columns];
    memset(row, 0, t->n_columns * sizeof *row);
    t->n_rows++;
    t->current_column = 0;
}

/* Returns the next unfilled cell of 't''s last row. */
struct output_cell *
output_table_add_cell(struct output_table *t)
{
    osw_assert(t->n_rows > 0);
    osw_assert(t->current_column < t->n_columns);
    size_t idx = (t->n_rows - 1) * t->n_columns + t->current_column++;
    return &t->cells[idx];
}

/* Fills the next cell of 't' with a copy of 'text'. */
void
output_table_add_text(struct output_table *t, const char *text)
{
    output_table_add_cell(t)->text = xstrdup(text);
}

/* Fills the next cell of 't' with 'json' (a new reference is taken) of
 * column type 'type' (borrowed, may be NULL). */
void
output_table_add_json(struct output_table *t, json_t *json,
                      const struct ovsdb_type *type)
{
    struct output_cell *cell = output_table_add_cell(t);
    cell->json = json ? json_incref(json) : NULL;
    cell->type = type;
}

/* Returns the cell of 't' in 'row' and 'column'. */
const struct output_cell *
output_table_get_cell(const struct output_table *t, size_t row, size_t column)
{
    osw_assert(row < t->n_rows && column < t->n_columns);
    return &t->cells[row * t->n_columns + column];
}

/* JSON text. */

static void json_put(const json_t *, unsigned int flags, int depth,
                     struct ds *);

static void
json_put_indent(unsigned int flags, int depth, struct ds *out)
{
    if (flags & OUTPUT_JSON_PRETTY) {
        ds_put_char(out, '\n');
        ds_put_char_multiple(out, ' ', JSON_SPACES_PER_LEVEL * depth);
    }
}

static void
json_put_string(const char *s, size_t n, struct ds *out)
{
    ds_put_char(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        switch (c) {
        case '"':
            ds_put_cstr(out, "\\\"");
            break;
        case '\\':
            ds_put_cstr(out, "\\\\");
            break;
        case '\b':
            ds_put_cstr(out, "\\b");
            break;
        case '\f':
            ds_put_cstr(out, "\\f");
            break;
        case '\n':
            ds_put_cstr(out, "\\n");
            break;
        case '\r':
            ds_put_cstr(out, "\\r");
            break;
        case '\t':
            ds_put_cstr(out, "\\t");
            break;
        default:
            if (c < 0x20) {
                ds_put_format(out, "\\u%04x", c);
            } else {
                ds_put_char(out, c);
            }
            break;
        }
    }
    ds_put_char(out, '"');
}

static int
compare_keys(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;
    return strcmp(*a, *b);
}

static void
json_put_object(const json_t *json, unsigned int flags, int depth,
                struct ds *out)
{
    size_t n = json_object_size(json);
    const char **keys = xmalloc((n ? n : 1) * sizeof *keys);
    size_t i = 0;
    const char *key;
    json_t *value;
    json_object_foreach (CONST_CAST(json_t *, json), key, value) {
        keys[i++] = key;
    }
    if (flags & OUTPUT_JSON_SORT) {
        qsort(keys, n, sizeof *keys, compare_keys);
    }

    /* Open vSwitch breaks the line after '{' even when the object is
     * empty. */
    ds_put_char(out, '{');
    json_put_indent(flags, depth + 1, out);
    for (i = 0; i < n; i++) {
        if (i) {
            ds_put_char(out, ',');
            json_put_indent(flags, depth + 1, out);
        }
        json_put_string(keys[i], strlen(keys[i]), out);
        ds_put_char(out, ':');
        if (flags & OUTPUT_JSON_PRETTY) {
            ds_put_char(out, ' ');
        }
        json_put(json_object_get(json, keys[i]), flags, depth + 1, out);
    }
    ds_put_char(out, '}');
    free(keys);
}

static void
json_put_array(const json_t *json, unsigned int flags, int depth,
               struct ds *out)
{
    size_t n = json_array_size(json);

    ds_put_char(out, '[');
    for (size_t i = 0; i < n; i++) {
        if (i) {
            ds_put_char(out, ',');
        }
        json_put_indent(flags, depth + 1, out);
        json_put(json_array_get(json, i), flags, depth + 1, out);
    }
    ds_put_char(out, ']');
}

static void
json_put(const json_t *json, unsigned int flags, int depth, struct ds *out)
{
    switch (json ? json_typeof(json) : JSON_NULL) {
    case JSON_OBJECT:
        json_put_object(json, flags, depth, out);
        break;
    case JSON_ARRAY:
        json_put_array(json, flags, depth, out);
        break;
    case JSON_STRING:
        json_put_string(json_string_value(json), json_string_length(json),
                        out);
        break;
    case JSON_INTEGER:
        ds_put_format(out, "%lld", (long long int) json_integer_value(json));
        break;
    case JSON_REAL:
        ds_put_format(out, "%.15g", json_real_value(json));
        break;
    case JSON_TRUE:
        ds_put_cstr(out, "true");
        break;
    case JSON_FALSE:
        ds_put_cstr(out, "false");
        break;
    case JSON_NULL:
    default:
        ds_put_cstr(out, "null");
        break;
    }
}

/* Appends 'json' to 'out' as text, as 'flags' (OUTPUT_JSON_*) ask. */
void
output_json_to_ds(const json_t *json, unsigned int flags, struct ds *out)
{
    json_put(json, flags, 0, out);
}

/* Returns 'json' as text, as 'flags' (OUTPUT_JSON_*) ask.  Caller
 * frees. */
char *
output_json_to_string(const json_t *json, unsigned int flags)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    output_json_to_ds(json, flags, &s);
    return ds_steal_cstr(&s);
}

/* Cell text. */

/* Returns the text of 'cell' in 'style'.  Caller frees. */
char *
output_cell_to_text(const struct output_cell *cell,
                    const struct output_table_style *style)
{
    if (cell->text) {
        return xstrdup(cell->text);
    } else if (!cell->json) {
        return xstrdup("");
    } else if (style->cell_format == OUTPUT_CELL_JSON || !cell->type) {
        return output_json_to_string(cell->json, OUTPUT_JSON_SORT);
    }

    struct ovsdb_datum datum;
    struct ovsdb_error *error = ovsdb_datum_from_json(&datum, cell->type,
                                                      cell->json, NULL);
    if (error) {
        /* Not a value of its type (an "update2" diff can have more
         * elements than the column allows, for example): show what came. */
        ovsdb_error_destroy(error);
        return output_json_to_string(cell->json, OUTPUT_JSON_SORT);
    }

    struct ds s = DS_EMPTY_INITIALIZER;
    if (style->cell_format == OUTPUT_CELL_STRING) {
        ovsdb_datum_to_string(&datum, cell->type, &s);
    } else {
        ovsdb_datum_to_bare(&datum, cell->type, &s);
    }
    ovsdb_datum_destroy(&datum, cell->type);
    return ds_steal_cstr(&s);
}

/* Returns the texts of every cell of 't', row-major.  Free with
 * free_texts(). */
static char **
cell_texts(const struct output_table *t,
           const struct output_table_style *style)
{
    size_t n = t->n_rows * t->n_columns;
    char **texts = xmalloc((n ? n : 1) * sizeof *texts);
    for (size_t i = 0; i < n; i++) {
        texts[i] = output_cell_to_text(&t->cells[i], style);
    }
    return texts;
}

static void
free_texts(const struct output_table *t, char **texts)
{
    for (size_t i = 0; i < t->n_rows * t->n_columns; i++) {
        free(texts[i]);
    }
    free(texts);
}

static char *
format_timestamp(void)
{
    char buf[64];
    strftime_msec(buf, sizeof buf, "%Y-%m-%d %H:%M:%S%.###",
                  time_wall_msec(), 1);
    return xstrdup(buf);
}

/* The timestamp and caption lines that start the text formats. */
static void
put_preamble(const struct output_table *t, struct ds *out)
{
    if (t->timestamp) {
        char *s = format_timestamp();
        ds_put_format(out, "%s\n", s);
        free(s);
    }
    if (t->caption) {
        ds_put_format(out, "%s\n", t->caption);
    }
}

/* The table format. */

/* Ends the line that started at offset 'start' of 'out', dropping its
 * trailing spaces. */
static void
end_line(struct ds *out, size_t start)
{
    size_t n = out->length;
    while (n > start && out->string[n - 1] == ' ') {
        n--;
    }
    ds_truncate(out, n);
    ds_put_char(out, '\n');
}

/* Appends 'text' cut to at most 'width' bytes (never in the middle of a
 * UTF-8 character) and padded with spaces to 'width' bytes. */
static void
put_padded(struct ds *out, const char *text, size_t width)
{
    size_t n = strlen(text);
    if (n > width) {
        n = width;
        while (n > 0 && (text[n] & 0xc0) == 0x80) {
            n--;
        }
    }
    ds_put_buffer(out, text, n);
    ds_put_char_multiple(out, ' ', width - n);
}

static void
format_table(const struct output_table *t,
             const struct output_table_style *style, char **texts,
             struct ds *out)
{
    size_t *widths = xcalloc(t->n_columns ? t->n_columns : 1,
                             sizeof *widths);
    for (size_t x = 0; x < t->n_columns; x++) {
        for (size_t y = 0; y < t->n_rows; y++) {
            size_t len = strlen(texts[y * t->n_columns + x]);
            if (style->max_column_width && len > style->max_column_width) {
                len = style->max_column_width;
            }
            widths[x] = MAX(widths[x], len);
        }
        if (style->headings) {
            widths[x] = MAX(widths[x], strlen(t->headings[x]));
        }
    }

    put_preamble(t, out);
    if (style->headings) {
        size_t start = out->length;
        for (size_t x = 0; x < t->n_columns; x++) {
            if (x) {
                ds_put_char(out, ' ');
            }
            put_padded(out, t->headings[x], widths[x]);
        }
        end_line(out, start);

        start = out->length;
        for (size_t x = 0; x < t->n_columns; x++) {
            if (x) {
                ds_put_char(out, ' ');
            }
            ds_put_char_multiple(out, '-', widths[x]);
        }
        end_line(out, start);
    }
    for (size_t y = 0; y < t->n_rows; y++) {
        size_t start = out->length;
        for (size_t x = 0; x < t->n_columns; x++) {
            if (x) {
                ds_put_char(out, ' ');
            }
            put_padded(out, texts[y * t->n_columns + x], widths[x]);
        }
        end_line(out, start);
    }
    free(widths);
}

/* The list format. */

static void
format_list(const struct output_table *t,
            const struct output_table_style *style, char **texts,
            struct ds *out)
{
    put_preamble(t, out);
    for (size_t y = 0; y < t->n_rows; y++) {
        if (y) {
            ds_put_char(out, '\n');
        }
        for (size_t x = 0; x < t->n_columns; x++) {
            if (style->headings) {
                ds_put_format(out, "%-*s: ", LIST_HEADING_WIDTH,
                              t->headings[x]);
            }
            ds_put_format(out, "%s\n", texts[y * t->n_columns + x]);
        }
    }
}

/* The csv format. */

static void
put_csv_cell(struct ds *out, const char *text)
{
    if (!strpbrk(text, ",\"\r\n")) {
        ds_put_cstr(out, text);
        return;
    }
    ds_put_char(out, '"');
    for (const char *p = text; *p; p++) {
        if (*p == '"') {
            ds_put_char(out, '"');
        }
        ds_put_char(out, *p);
    }
    ds_put_char(out, '"');
}

static void
format_csv(const struct output_table *t,
           const struct output_table_style *style, char **texts,
           struct ds *out)
{
    put_preamble(t, out);
    if (style->headings) {
        for (size_t x = 0; x < t->n_columns; x++) {
            if (x) {
                ds_put_char(out, ',');
            }
            put_csv_cell(out, t->headings[x]);
        }
        ds_put_char(out, '\n');
    }
    for (size_t y = 0; y < t->n_rows; y++) {
        for (size_t x = 0; x < t->n_columns; x++) {
            if (x) {
                ds_put_char(out, ',');
            }
            put_csv_cell(out, texts[y * t->n_columns + x]);
        }
        ds_put_char(out, '\n');
    }
}

/* The html format. */

static void
put_html_escaped(struct ds *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&':
            ds_put_cstr(out, "&amp;");
            break;
        case '<':
            ds_put_cstr(out, "&lt;");
            break;
        case '>':
            ds_put_cstr(out, "&gt;");
            break;
        case '"':
            ds_put_cstr(out, "&quot;");
            break;
        default:
            ds_put_char(out, s[i]);
            break;
        }
    }
}

/* True if 's' starts with a UUID in text form. */
static bool
starts_with_uuid(const char *s)
{
    struct uuid uuid;
    return strnlen(s, UUID_LEN) == UUID_LEN
           && uuid_from_string_prefix(&uuid, s, UUID_LEN);
}

/* Appends "    <ELEMENT>TEXT</ELEMENT>\n", with each UUID in 'text' made a
 * link to the row it names. */
static void
put_html_cell(struct ds *out, const char *element, const char *text)
{
    ds_put_format(out, "    <%s>", element);
    for (const char *p = text; *p; ) {
        if (starts_with_uuid(p)) {
            ds_put_format(out, "<a href=\"#%.*s\">%.8s</a>",
                          UUID_LEN, p, p);
            p += UUID_LEN;
        } else {
            put_html_escaped(out, p, 1);
            p++;
        }
    }
    ds_put_format(out, "</%s>\n", element);
}

/* A cell in the "_uuid" column names its row: an anchor for the links. */
static void
put_html_anchor_cell(struct ds *out, const char *text)
{
    size_t len = strlen(text);
    ds_put_cstr(out, "    <td><a name=\"");
    put_html_escaped(out, text, len);
    ds_put_cstr(out, "\">");
    put_html_escaped(out, text, MIN(len, 8));
    ds_put_cstr(out, "</a></td>\n");
}

static void
format_html(const struct output_table *t,
            const struct output_table_style *style, char **texts,
            struct ds *out)
{
    if (t->timestamp) {
        char *s = format_timestamp();
        ds_put_format(out, "%s\n", s);
        free(s);
    }
    ds_put_cstr(out, "<table border=1>\n");
    if (t->caption) {
        put_html_cell(out, "caption", t->caption);
    }
    if (style->headings) {
        ds_put_cstr(out, "  <tr>\n");
        for (size_t x = 0; x < t->n_columns; x++) {
            put_html_cell(out, "th", t->headings[x]);
        }
        ds_put_cstr(out, "  </tr>\n");
    }
    for (size_t y = 0; y < t->n_rows; y++) {
        ds_put_cstr(out, "  <tr>\n");
        for (size_t x = 0; x < t->n_columns; x++) {
            const char *text = texts[y * t->n_columns + x];
            if (!strcmp(t->headings[x], "_uuid")) {
                put_html_anchor_cell(out, text);
            } else {
                put_html_cell(out, "td", text);
            }
        }
        ds_put_cstr(out, "  </tr>\n");
    }
    ds_put_cstr(out, "</table>\n");
}

/* The json format. */

static void
format_json(const struct output_table *t,
            const struct output_table_style *style, struct ds *out)
{
    json_t *obj = json_object();
    if (t->caption) {
        json_object_set_new(obj, "caption", ovsdb_json_string(t->caption));
    }
    if (t->timestamp) {
        char *s = format_timestamp();
        json_object_set_new(obj, "time", json_string(s));
        free(s);
    }

    json_t *headings = json_array();
    for (size_t x = 0; x < t->n_columns; x++) {
        json_array_append_new(headings, ovsdb_json_string(t->headings[x]));
    }
    json_object_set_new(obj, "headings", headings);

    json_t *data = json_array();
    for (size_t y = 0; y < t->n_rows; y++) {
        json_t *row = json_array();
        for (size_t x = 0; x < t->n_columns; x++) {
            const struct output_cell *cell = output_table_get_cell(t, y, x);
            if (cell->json) {
                json_array_append(row, cell->json);
            } else if (cell->text) {
                json_array_append_new(row, ovsdb_json_string(cell->text));
            } else {
                json_array_append_new(row, json_null());
            }
        }
        json_array_append_new(data, row);
    }
    json_object_set_new(obj, "data", data);

    output_json_to_ds(obj, style->json_flags, out);
    ds_put_char(out, '\n');
    json_decref(obj);
}

/* Appends 'table' to 'out' in 'style'. */
void
output_table_format(const struct output_table *t,
                    const struct output_table_style *style, struct ds *out)
{
    if (style->format == OUTPUT_TABLE_FMT_JSON) {
        format_json(t, style, out);
        return;
    }

    char **texts = cell_texts(t, style);
    switch (style->format) {
    case OUTPUT_TABLE_FMT_LIST:
        format_list(t, style, texts, out);
        break;
    case OUTPUT_TABLE_FMT_CSV:
        format_csv(t, style, texts, out);
        break;
    case OUTPUT_TABLE_FMT_HTML:
        format_html(t, style, texts, out);
        break;
    case OUTPUT_TABLE_FMT_TABLE:
    case OUTPUT_TABLE_FMT_JSON:
    default:
        format_table(t, style, texts, out);
        break;
    }
    free_texts(t, texts);
}

/* Appends to 'out' what separates two tables printed in 'style'. */
void
output_table_put_separator(const struct output_table_style *style,
                           struct ds *out)
{
    switch (style->format) {
    case OUTPUT_TABLE_FMT_TABLE:
    case OUTPUT_TABLE_FMT_LIST:
    case OUTPUT_TABLE_FMT_CSV:
        ds_put_char(out, '\n');
        break;
    case OUTPUT_TABLE_FMT_HTML:
    case OUTPUT_TABLE_FMT_JSON:
    default:
        break;
    }
}

/* Prints 't' on stdout in 'style', separated from the tables printed
 * before it, and flushes stdout so that a reader sees it at once. */
void
output_table_print(const struct output_table *t,
                   const struct output_table_style *style)
{
    static unsigned long long int n_printed;

    struct ds s = DS_EMPTY_INITIALIZER;
    if (n_printed++) {
        output_table_put_separator(style, &s);
    }
    output_table_format(t, style, &s);
    fwrite(s.string ? s.string : "", 1, s.length, stdout);
    fflush(stdout);
    ds_destroy(&s);
}

/* Options. */

/* Sets 'style''s format from its name 's'.  Returns false if there is no
 * such format. */
bool
output_table_parse_format(struct output_table_style *style, const char *s)
{
    static const struct {
        const char *name;
        enum output_table_format format;
    } formats[] = {
        { "table", OUTPUT_TABLE_FMT_TABLE },
        { "list", OUTPUT_TABLE_FMT_LIST },
        { "html", OUTPUT_TABLE_FMT_HTML },
        { "csv", OUTPUT_TABLE_FMT_CSV },
        { "json", OUTPUT_TABLE_FMT_JSON },
    };
    for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
        if (!strcmp(s, formats[i].name)) {
            style->format = formats[i].format;
            return true;
        }
    }
    return false;
}

/* Sets 'style''s cell format from its name 's'.  Returns false if there is
 * no such format. */
bool
output_table_parse_cell_format(struct output_table_style *style,
                               const char *s)
{
    if (!strcmp(s, "string")) {
        style->cell_format = OUTPUT_CELL_STRING;
    } else if (!strcmp(s, "bare")) {
        style->cell_format = OUTPUT_CELL_BARE;
    } else if (!strcmp(s, "json")) {
        style->cell_format = OUTPUT_CELL_JSON;
    } else {
        return false;
    }
    return true;
}

/* Like output_table_parse_format(), exiting with a message on failure. */
void
output_table_parse_format_or_die(struct output_table_style *style,
                                 const char *s)
{
    if (!output_table_parse_format(style, s)) {
        osw_fatal(0, "unknown output format \"%s\"", s);
    }
}

/* Like output_table_parse_cell_format(), exiting with a message on
 * failure. */
void
output_table_parse_cell_format_or_die(struct output_table_style *style,
                                      const char *s)
{
    if (!output_table_parse_cell_format(style, s)) {
        osw_fatal(0, "unknown data format \"%s\"", s);
    }
}

/* Sets 'style''s maximum column width from 's', a number of bytes (0: no
 * limit), exiting with a message if it is not one. */
void
output_table_parse_max_width_or_die(struct output_table_style *style,
                                    const char *s)
{
    unsigned int width;
    if (!str_to_uint(s, 10, &width)) {
        osw_fatal(0, "value %s on --max-column-width is not a non-negative "
                  "integer", s);
    }
    style->max_column_width = width;
}

/* Prints the output options for --help. */
void
output_table_usage(void)
{
    printf("\nOutput formatting options:\n"
           "  -f, --format=FORMAT         set output formatting to FORMAT\n"
           "                              (\"table\", \"list\", \"html\", "
           "\"csv\", or \"json\")\n"
           "  -d, --data=FORMAT           set table cell output formatting "
           "to\n"
           "                              FORMAT (\"string\", \"bare\", or "
           "\"json\")\n"
           "  --no-headings               omit table heading row\n"
           "  --pretty                    pretty-print JSON in output\n"
           "  --bare                      equivalent to \"--format=list "
           "--data=bare --no-headings\"\n"
           "  --max-column-width=N        cut table cells to N bytes\n");
}
