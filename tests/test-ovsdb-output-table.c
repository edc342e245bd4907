/* Tests for ovsdb/output-table.c: the table, list, csv, html and json
 * formats and the JSON writer.
 *
 * Expected outputs were taken from Open vSwitch 3.1's ovsdb-client for the
 * same data, except where a comment says osw differs on purpose. */
#include <config.h>
#include "testlib.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "ovsdb-error.h"
#include "ovsdb-types.h"
#include "output-table.h"

/* Helpers. */

static json_t *
parse_json(const char *s)
{
    json_error_t error;
    json_t *json = json_loads(s, JSON_DECODE_ANY, &error);
    if (!json) {
        osw_test_fail(__FILE__, __LINE__, "bad test JSON %s: %s", s,
                      error.text);
    }
    return json;
}

/* Returns a new type parsed from JSON 's'; free with free_type(). */
static struct ovsdb_type *
parse_type(const char *s)
{
    struct ovsdb_type *type = xmalloc(sizeof *type);
    json_t *json = parse_json(s);
    struct ovsdb_error *error = ovsdb_type_from_json(type, json);
    json_decref(json);
    if (error) {
        char *msg = ovsdb_error_to_string_free(error);
        osw_test_fail(__FILE__, __LINE__, "bad test type %s: %s", s, msg);
    }
    return type;
}

static void
free_type(struct ovsdb_type *type)
{
    ovsdb_type_destroy(type);
    free(type);
}

/* Adds a cell holding JSON text 's' of type 'type' to 't'. */
static void
add_json(struct output_table *t, const char *s, const struct ovsdb_type *type)
{
    json_t *json = parse_json(s);
    output_table_add_json(t, json, type);
    json_decref(json);
}

static struct output_table_style
style_of(enum output_table_format format)
{
    struct output_table_style style = OUTPUT_TABLE_STYLE_INITIALIZER;
    style.format = format;
    return style;
}

/* Returns 't' formatted in 'style'.  Caller frees. */
static char *
format(const struct output_table *t, const struct output_table_style *style)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    output_table_format(t, style, &s);
    return ds_steal_cstr(&s);
}

#define CHECK_FORMAT(TABLE, STYLE, EXPECTED)                            \
    do {                                                                \
        char *actual__ = format(TABLE, STYLE);                          \
        CHECK_STREQ(actual__, EXPECTED);                                \
        free(actual__);                                                 \
    } while (0)

/* Returns the text of 'json' (parsed from 's') written with 'flags'. */
static char *
json_out(const char *s, unsigned int flags)
{
    json_t *json = parse_json(s);
    char *text = output_json_to_string(json, flags);
    json_decref(json);
    return text;
}

#define CHECK_JSON_OUT(IN, FLAGS, EXPECTED)                             \
    do {                                                                \
        char *actual__ = json_out(IN, FLAGS);                           \
        CHECK_STREQ(actual__, EXPECTED);                                \
        free(actual__);                                                 \
    } while (0)

/* The table that "ovsdb-client dump Bridge datapath_id external_ids name
 * ports" printed in a test database: tricky cells in several types. */
struct bridge_table {
    struct output_table t;
    struct ovsdb_type *optional, *map, *string, *refs;
};

static void
bridge_table_init(struct bridge_table *b)
{
    b->optional = parse_type("{\"key\": \"string\", \"min\": 0}");
    b->map = parse_type("{\"key\": \"string\", \"value\": \"string\", "
                        "\"min\": 0, \"max\": \"unlimited\"}");
    b->string = parse_type("\"string\"");
    b->refs = parse_type("{\"key\": {\"type\": \"uuid\", "
                         "\"refTable\": \"Port\"}, "
                         "\"min\": 0, \"max\": \"unlimited\"}");

    output_table_init(&b->t);
    output_table_set_caption(&b->t, xstrdup("Bridge table"));
    output_table_add_column(&b->t, "datapath_id");
    output_table_add_column(&b->t, "external_ids");
    output_table_add_column(&b->t, "name");
    output_table_add_column(&b->t, "ports");
    output_table_add_row(&b->t);
    add_json(&b->t, "[\"set\", []]", b->optional);
    add_json(&b->t, "[\"map\", [[\"a\", \"b c\"], [\"x,y\", \"\\\"q\\\"\"]]]",
             b->map);
    add_json(&b->t, "\"br0\"", b->string);
    add_json(&b->t, "[\"uuid\", \"553d2cef-229d-47b7-ad52-8ffb727dfd74\"]",
             b->refs);
}

static void
bridge_table_destroy(struct bridge_table *b)
{
    output_table_destroy(&b->t);
    free_type(b->optional);
    free_type(b->map);
    free_type(b->string);
    free_type(b->refs);
}

/* Table format. */

OSW_TEST(table_format_as_ovsdb_client)
{
    struct bridge_table b;
    bridge_table_init(&b);
    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_TABLE);
    CHECK_FORMAT(&b.t, &style,
                 "Bridge table\n"
                 "datapath_id external_ids             name ports\n"
                 "----------- ------------------------ ---- "
                 "--------------------------------------\n"
                 "[]          {a=\"b c\", \"x,y\"=\"\\\"q\\\"\"} br0  "
                 "[553d2cef-229d-47b7-ad52-8ffb727dfd74]\n");

    style.cell_format = OUTPUT_CELL_JSON;
    CHECK_FORMAT(&b.t, &style,
                 "Bridge table\n"
                 "datapath_id external_ids                          name  "
                 "ports\n"
                 "----------- ------------------------------------- ----- "
                 "-----------------------------------------------\n"
                 "[\"set\",[]]  [\"map\",[[\"a\",\"b c\"],[\"x,y\","
                 "\"\\\"q\\\"\"]]] \"br0\" "
                 "[\"uuid\",\"553d2cef-229d-47b7-ad52-8ffb727dfd74\"]\n");
    bridge_table_destroy(&b);
}

OSW_TEST(table_format_bare_trims_trailing_spaces)
{
    struct bridge_table b;
    bridge_table_init(&b);
    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_TABLE);
    style.cell_format = OUTPUT_CELL_BARE;
    CHECK_FORMAT(&b.t, &style,
                 "Bridge table\n"
                 "datapath_id external_ids  name ports\n"
                 "----------- ------------- ---- "
                 "------------------------------------\n"
                 "            a=b c x,y=\"q\" br0  "
                 "553d2cef-229d-47b7-ad52-8ffb727dfd74\n");
    bridge_table_destroy(&b);

    /* A row whose last cells are empty (or end in spaces) ends where its
     * last visible character is. */
    struct output_table t;
    output_table_init(&t);
    output_table_add_column(&t, "cur_cfg");
    output_table_add_column(&t, "ssl");
    output_table_add_row(&t);
    output_table_add_text(&t, "0");
    output_table_add_text(&t, "");
    output_table_add_row(&t);
    output_table_add_text(&t, "v  ");
    output_table_add_text(&t, "s  ");
    output_table_add_row(&t);       /* Left empty. */
    style = style_of(OUTPUT_TABLE_FMT_TABLE);
    CHECK_FORMAT(&t, &style,
                 "cur_cfg ssl\n"
                 "------- ---\n"
                 "0\n"
                 "v       s\n"
                 "\n");
    output_table_destroy(&t);
}

OSW_TEST(table_format_no_headings)
{
    struct bridge_table b;
    bridge_table_init(&b);
    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_TABLE);
    style.headings = false;
    CHECK_FORMAT(&b.t, &style,
                 "Bridge table\n"
                 "[] {a=\"b c\", \"x,y\"=\"\\\"q\\\"\"} br0 "
                 "[553d2cef-229d-47b7-ad52-8ffb727dfd74]\n");
    bridge_table_destroy(&b);
}

OSW_TEST(table_format_widths_are_bytes)
{
    /* "é" is two bytes: Open vSwitch pads by bytes, and so do we. */
    struct output_table t;
    output_table_init(&t);
    output_table_add_column(&t, "name");
    output_table_add_column(&t, "x");
    output_table_add_row(&t);
    output_table_add_text(&t, "br0");
    output_table_add_text(&t, "false");
    output_table_add_row(&t);
    output_table_add_text(&t, "\"br1 \xc3\xa9\xc3\xa9\"");
    output_table_add_text(&t, "false");
    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_TABLE);
    CHECK_FORMAT(&t, &style,
                 "name       x\n"
                 "---------- -----\n"
                 "br0        false\n"
                 "\"br1 \xc3\xa9\xc3\xa9\" false\n");
    output_table_destroy(&t);
}

OSW_TEST(table_format_max_column_width)
{
    struct bridge_table b;
    bridge_table_init(&b);
    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_TABLE);
    style.max_column_width = 5;
    /* Cells are cut, but never below the width of the heading. */
    CHECK_FORMAT(&b.t, &style,
                 "Bridge table\n"
                 "datapath_id external_ids name ports\n"
                 "----------- ------------ ---- -----\n"
                 "[]          {a=\"b c\", \"x br0  [553d\n");
    bridge_table_destroy(&b);

    /* A cut never splits a UTF-8 character: the cell is padded instead. */
    struct output_table t;
    output_table_init(&t);
    output_table_add_column(&t, "a");
    output_table_add_column(&t, "b");
    output_table_add_row(&t);
    output_table_add_text(&t, "x\xe2\x82\xac\xe2\x82\xac");    /* x€€ */
    output_table_add_text(&t, "y");
    style = style_of(OUTPUT_TABLE_FMT_TABLE);
    style.max_column_width = 3;
    CHECK_FORMAT(&t, &style, "a   b\n--- -\nx   y\n");
    style.max_column_width = 4;
    CHECK_FORMAT(&t, &style, "a    b\n---- -\nx\xe2\x82\xac y\n");
    output_table_destroy(&t);
}

OSW_TEST(table_format_very_wide_cell)
{
    struct output_table t;
    output_table_init(&t);
    output_table_add_column(&t, "w");
    output_table_add_column(&t, "z");
    output_table_add_row(&t);
    char *wide = xmalloc(100001);
    memset(wide, 'w', 100000);
    wide[100000] = '\0';
    output_table_add_text(&t, wide);
    output_table_add_text(&t, "end");
    output_table_add_row(&t);
    output_table_add_text(&t, "a");
    output_table_add_text(&t, "b");

    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_TABLE);
    char *out = format(&t, &style);
    /* "z" is padded to the width of "end"; the wide column to 100000. */
    const char *line = out;
    const char *nl = strchr(line, '\n');
    CHECK_EQ(nl - line, 100000 + 2);
    CHECK(line[0] == 'w' && line[1] == ' ' && !strncmp(nl - 2, " z", 2));
    line = nl + 1;
    nl = strchr(line, '\n');
    CHECK_EQ(nl - line, 100000 + 4);
    CHECK(line[99999] == '-' && !strncmp(nl - 4, " ---", 4));
    line = nl + 1;
    nl = strchr(line, '\n');
    CHECK_EQ(nl - line, 100000 + 4);
    CHECK(!strncmp(line, wide, 100000) && !strncmp(nl - 4, " end", 4));
    line = nl + 1;
    nl = strchr(line, '\n');
    CHECK_EQ(nl - line, 100000 + 2);
    CHECK(line[0] == 'a' && line[1] == ' ' && !strncmp(nl - 2, " b", 2));
    CHECK_STREQ(nl + 1, "");
    free(out);
    free(wide);
    output_table_destroy(&t);
}

OSW_TEST(table_format_empty_tables)
{
    struct output_table t;
    output_table_init(&t);
    output_table_set_caption(&t, xstrdup("AutoAttach table"));
    output_table_add_column(&t, "_uuid");
    output_table_add_column(&t, "mappings");

    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_TABLE);
    CHECK_FORMAT(&t, &style,
                 "AutoAttach table\n_uuid mappings\n----- --------\n");
    style.format = OUTPUT_TABLE_FMT_LIST;
    CHECK_FORMAT(&t, &style, "AutoAttach table\n");
    style.format = OUTPUT_TABLE_FMT_CSV;
    CHECK_FORMAT(&t, &style, "AutoAttach table\n_uuid,mappings\n");
    style.format = OUTPUT_TABLE_FMT_HTML;
    CHECK_FORMAT(&t, &style,
                 "<table border=1>\n"
                 "    <caption>AutoAttach table</caption>\n"
                 "  <tr>\n"
                 "    <th>_uuid</th>\n"
                 "    <th>mappings</th>\n"
                 "  </tr>\n"
                 "</table>\n");
    style.format = OUTPUT_TABLE_FMT_JSON;
    CHECK_FORMAT(&t, &style,
                 "{\"caption\":\"AutoAttach table\",\"data\":[],"
                 "\"headings\":[\"_uuid\",\"mappings\"]}\n");
    output_table_destroy(&t);

    /* No columns and no caption at all. */
    output_table_init(&t);
    output_table_add_row(&t);
    style.format = OUTPUT_TABLE_FMT_TABLE;
    CHECK_FORMAT(&t, &style, "\n\n\n");
    style.format = OUTPUT_TABLE_FMT_JSON;
    CHECK_FORMAT(&t, &style, "{\"data\":[[]],\"headings\":[]}\n");
    output_table_destroy(&t);
}

OSW_TEST(table_grows_rows)
{
    struct output_table t;
    output_table_init(&t);
    output_table_add_column(&t, "n");
    output_table_add_column(&t, "sq");
    for (int i = 0; i < 1000; i++) {
        output_table_add_row(&t);
        char *s = xasprintf("%d", i);
        output_table_add_text(&t, s);
        free(s);
        /* The second cell stays empty on odd rows. */
        if (i % 2 == 0) {
            json_t *json = json_integer((json_int_t) i * i);
            output_table_add_json(&t, json, NULL);
            json_decref(json);
        }
    }
    CHECK_EQ(t.n_rows, 1000);
    CHECK_STREQ(output_table_get_cell(&t, 998, 0)->text, "998");
    CHECK_EQ(json_integer_value(output_table_get_cell(&t, 998, 1)->json),
             998 * 998);
    CHECK(!output_table_get_cell(&t, 999, 1)->json);
    CHECK(!output_table_get_cell(&t, 999, 1)->text);

    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_CSV);
    char *out = format(&t, &style);
    CHECK(strstr(out, "\n998,996004\n999,\n"));
    free(out);
    output_table_destroy(&t);
}

/* List format. */

OSW_TEST(list_format)
{
    struct bridge_table b;
    bridge_table_init(&b);
    output_table_add_row(&b.t);
    output_table_add_text(&b.t, "[]");
    output_table_add_text(&b.t, "{}");
    output_table_add_text(&b.t, "\"br1 \xc3\xa9\"");
    /* The fourth cell stays empty. */

    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_LIST);
    CHECK_FORMAT(&b.t, &style,
                 "Bridge table\n"
                 "datapath_id         : []\n"
                 "external_ids        : {a=\"b c\", \"x,y\"=\"\\\"q\\\"\"}\n"
                 "name                : br0\n"
                 "ports               : "
                 "[553d2cef-229d-47b7-ad52-8ffb727dfd74]\n"
                 "\n"
                 "datapath_id         : []\n"
                 "external_ids        : {}\n"
                 "name                : \"br1 \xc3\xa9\"\n"
                 "ports               : \n");

    style.headings = false;
    CHECK_FORMAT(&b.t, &style,
                 "Bridge table\n"
                 "[]\n"
                 "{a=\"b c\", \"x,y\"=\"\\\"q\\\"\"}\n"
                 "br0\n"
                 "[553d2cef-229d-47b7-ad52-8ffb727dfd74]\n"
                 "\n"
                 "[]\n"
                 "{}\n"
                 "\"br1 \xc3\xa9\"\n"
                 "\n");
    bridge_table_destroy(&b);
}

OSW_TEST(list_format_long_heading)
{
    struct output_table t;
    output_table_init(&t);
    output_table_add_column(&t, "mcast_snooping_enable");
    output_table_add_column(&t, "exactly_twenty_chars");
    output_table_add_row(&t);
    output_table_add_text(&t, "false");
    output_table_add_text(&t, "1");
    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_LIST);
    CHECK_FORMAT(&t, &style,
                 "mcast_snooping_enable: false\n"
                 "exactly_twenty_chars: 1\n");
    output_table_destroy(&t);
}

OSW_TEST(bare_option_style)
{
    /* --bare: list format, bare cells, no headings. */
    struct bridge_table b;
    bridge_table_init(&b);
    struct output_table_style style = OUTPUT_TABLE_STYLE_INITIALIZER;
    style.format = OUTPUT_TABLE_FMT_LIST;
    style.cell_format = OUTPUT_CELL_BARE;
    style.headings = false;
    CHECK_FORMAT(&b.t, &style,
                 "Bridge table\n"
                 "\n"
                 "a=b c x,y=\"q\"\n"
                 "br0\n"
                 "553d2cef-229d-47b7-ad52-8ffb727dfd74\n");
    bridge_table_destroy(&b);
}

/* CSV format. */

OSW_TEST(csv_format_quoting)
{
    struct bridge_table b;
    bridge_table_init(&b);
    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_CSV);
    CHECK_FORMAT(&b.t, &style,
                 "Bridge table\n"
                 "datapath_id,external_ids,name,ports\n"
                 "[],\"{a=\"\"b c\"\", \"\"x,y\"\"=\"\"\\\"\"q\\\"\"\"\"}\","
                 "br0,[553d2cef-229d-47b7-ad52-8ffb727dfd74]\n");
    style.headings = false;
    CHECK_FORMAT(&b.t, &style,
                 "Bridge table\n"
                 "[],\"{a=\"\"b c\"\", \"\"x,y\"\"=\"\"\\\"\"q\\\"\"\"\"}\","
                 "br0,[553d2cef-229d-47b7-ad52-8ffb727dfd74]\n");
    bridge_table_destroy(&b);

    struct output_table t;
    output_table_init(&t);
    output_table_add_column(&t, "a,b");
    output_table_add_column(&t, "plain");
    output_table_add_row(&t);
    output_table_add_text(&t, "");
    output_table_add_text(&t, "s p");
    output_table_add_row(&t);
    output_table_add_text(&t, "line1\nline2");
    output_table_add_text(&t, "cr\rhere");
    output_table_add_row(&t);
    output_table_add_text(&t, "\"\"");
    output_table_add_text(&t, "\xc3\xa9t\xc3\xa9 ' <x>");
    /* Open vSwitch leaves a lone CR unquoted; RFC 4180 wants it quoted,
     * and we follow the RFC. */
    style.headings = true;
    CHECK_FORMAT(&t, &style,
                 "\"a,b\",plain\n"
                 ",s p\n"
                 "\"line1\nline2\",\"cr\rhere\"\n"
                 "\"\"\"\"\"\",\xc3\xa9t\xc3\xa9 ' <x>\n");
    output_table_destroy(&t);
}

/* HTML format. */

OSW_TEST(html_format)
{
    struct bridge_table b;
    bridge_table_init(&b);
    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_HTML);
    CHECK_FORMAT(&b.t, &style,
                 "<table border=1>\n"
                 "    <caption>Bridge table</caption>\n"
                 "  <tr>\n"
                 "    <th>datapath_id</th>\n"
                 "    <th>external_ids</th>\n"
                 "    <th>name</th>\n"
                 "    <th>ports</th>\n"
                 "  </tr>\n"
                 "  <tr>\n"
                 "    <td>[]</td>\n"
                 "    <td>{a=&quot;b c&quot;, &quot;x,y&quot;=&quot;"
                 "\\&quot;q\\&quot;&quot;}</td>\n"
                 "    <td>br0</td>\n"
                 "    <td>[<a href=\"#553d2cef-229d-47b7-ad52-8ffb727dfd74\">"
                 "553d2cef</a>]</td>\n"
                 "  </tr>\n"
                 "</table>\n");
    style.headings = false;
    CHECK_FORMAT(&b.t, &style,
                 "<table border=1>\n"
                 "    <caption>Bridge table</caption>\n"
                 "  <tr>\n"
                 "    <td>[]</td>\n"
                 "    <td>{a=&quot;b c&quot;, &quot;x,y&quot;=&quot;"
                 "\\&quot;q\\&quot;&quot;}</td>\n"
                 "    <td>br0</td>\n"
                 "    <td>[<a href=\"#553d2cef-229d-47b7-ad52-8ffb727dfd74\">"
                 "553d2cef</a>]</td>\n"
                 "  </tr>\n"
                 "</table>\n");
    bridge_table_destroy(&b);
}

OSW_TEST(html_format_uuids_and_escapes)
{
    struct output_table t;
    output_table_init(&t);
    output_table_add_column(&t, "_uuid");
    output_table_add_column(&t, "text");
    output_table_add_row(&t);
    output_table_add_text(&t, "642291ea-c12f-47a9-bac1-4b3598c3cd4d");
    /* UUIDs inside text (any case), a UUID cut short, and characters to
     * escape. */
    output_table_add_text(&t, "u=AC52A873-4433-4a15-b8da-fb7fb26990d2x "
                          "642291ea-c12f-47a9-bac1-4b3598c3cd4 "
                          "x<y>&z' \"q\"");
    output_table_add_row(&t);
    output_table_add_text(&t, "<b>");
    output_table_add_text(&t, "");
    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_HTML);
    CHECK_FORMAT(&t, &style,
                 "<table border=1>\n"
                 "  <tr>\n"
                 "    <th>_uuid</th>\n"
                 "    <th>text</th>\n"
                 "  </tr>\n"
                 "  <tr>\n"
                 "    <td><a name=\"642291ea-c12f-47a9-bac1-4b3598c3cd4d\">"
                 "642291ea</a></td>\n"
                 "    <td>u=<a href=\"#AC52A873-4433-4a15-b8da-fb7fb26990d2\">"
                 "AC52A873</a>x 642291ea-c12f-47a9-bac1-4b3598c3cd4 "
                 "x&lt;y&gt;&amp;z' &quot;q&quot;</td>\n"
                 "  </tr>\n"
                 "  <tr>\n"
                 "    <td><a name=\"&lt;b&gt;\">&lt;b&gt;</a></td>\n"
                 "    <td></td>\n"
                 "  </tr>\n"
                 "</table>\n");
    output_table_destroy(&t);
}

/* JSON format. */

OSW_TEST(json_format)
{
    struct bridge_table b;
    bridge_table_init(&b);
    output_table_add_row(&b.t);
    output_table_add_text(&b.t, "text \"cell\"");
    /* The other three cells stay empty: null. */

    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_JSON);
    /* The cell format does not matter: JSON cells are JSON. */
    style.cell_format = OUTPUT_CELL_BARE;
    CHECK_FORMAT(&b.t, &style,
                 "{\"caption\":\"Bridge table\",\"data\":["
                 "[[\"set\",[]],[\"map\",[[\"a\",\"b c\"],"
                 "[\"x,y\",\"\\\"q\\\"\"]]],\"br0\","
                 "[\"uuid\",\"553d2cef-229d-47b7-ad52-8ffb727dfd74\"]],"
                 "[\"text \\\"cell\\\"\",null,null,null]],"
                 "\"headings\":[\"datapath_id\",\"external_ids\",\"name\","
                 "\"ports\"]}\n");
    /* Headings appear even without headings. */
    style.headings = false;
    char *out = format(&b.t, &style);
    CHECK(strstr(out, "\"headings\":[\"datapath_id\","));
    free(out);
    bridge_table_destroy(&b);
}

OSW_TEST(json_format_pretty)
{
    struct output_table t;
    output_table_init(&t);
    output_table_set_caption(&t, xstrdup("Bridge table"));
    output_table_add_column(&t, "external_ids");
    output_table_add_column(&t, "name");
    output_table_add_row(&t);
    add_json(&t, "[\"map\", [[\"a\", \"b c\"]]]", NULL);
    output_table_add_text(&t, "br0");

    struct output_table_style style = style_of(OUTPUT_TABLE_FMT_JSON);
    style.json_flags |= OUTPUT_JSON_PRETTY;
    CHECK_FORMAT(&t, &style,
                 "{\n"
                 "  \"caption\": \"Bridge table\",\n"
                 "  \"data\": [\n"
                 "    [\n"
                 "      [\n"
                 "        \"map\",\n"
                 "        [\n"
                 "          [\n"
                 "            \"a\",\n"
                 "            \"b c\"]]],\n"
                 "      \"br0\"]],\n"
                 "  \"headings\": [\n"
                 "    \"external_ids\",\n"
                 "    \"name\"]}\n");
    output_table_destroy(&t);
}

/* Cell text. */

OSW_TEST(cell_text_formats)
{
    struct ovsdb_type *map = parse_type(
        "{\"key\": \"string\", \"value\": \"integer\", \"min\": 0, "
        "\"max\": \"unlimited\"}");
    struct ovsdb_type *reals = parse_type(
        "{\"key\": \"real\", \"min\": 0, \"max\": \"unlimited\"}");
    struct ovsdb_type *opt = parse_type(
        "{\"key\": \"string\", \"min\": 0, \"max\": 1}");

    struct output_table_style string = OUTPUT_TABLE_STYLE_INITIALIZER;
    struct output_table_style bare = string;
    bare.cell_format = OUTPUT_CELL_BARE;
    struct output_table_style json = string;
    json.cell_format = OUTPUT_CELL_JSON;

    struct output_cell cell = { NULL, NULL, map };
    cell.json = parse_json("[\"map\", [[\"z\", 1], [\"a b\", -2]]]");
    char *s = output_cell_to_text(&cell, &string);
    CHECK_STREQ(s, "{\"a b\"=-2, z=1}");
    free(s);
    s = output_cell_to_text(&cell, &bare);
    CHECK_STREQ(s, "a b=-2 z=1");
    free(s);
    /* The json cell format shows the JSON as it came. */
    s = output_cell_to_text(&cell, &json);
    CHECK_STREQ(s, "[\"map\",[[\"z\",1],[\"a b\",-2]]]");
    free(s);
    json_decref(cell.json);

    cell.type = reals;
    cell.json = parse_json("[\"set\", [0.30000000000000004, 1.5e-7, 3, "
                           "123456789012345678]]");
    s = output_cell_to_text(&cell, &string);
    /* 15 digits where they read back exactly, up to 17 where not. */
    CHECK_STREQ(s, "[1.5e-07, 0.30000000000000004, 3, "
                "1.2345678901234568e+17]");
    free(s);
    json_decref(cell.json);

    /* Not a value of the type (two elements for at most one): raw JSON,
     * keys sorted. */
    cell.type = opt;
    cell.json = parse_json("[\"set\", [\"a\", \"b\"]]");
    s = output_cell_to_text(&cell, &string);
    CHECK_STREQ(s, "[\"set\",[\"a\",\"b\"]]");
    free(s);
    json_decref(cell.json);

    /* No type: raw JSON. */
    cell.type = NULL;
    cell.json = parse_json("{\"b\": 1, \"a\": [true, null]}");
    s = output_cell_to_text(&cell, &bare);
    CHECK_STREQ(s, "{\"a\":[true,null],\"b\":1}");
    free(s);
    json_decref(cell.json);

    /* Text wins over JSON; an empty cell is "". */
    cell.json = NULL;
    cell.text = "as is";
    s = output_cell_to_text(&cell, &json);
    CHECK_STREQ(s, "as is");
    free(s);
    cell.text = NULL;
    s = output_cell_to_text(&cell, &string);
    CHECK_STREQ(s, "");
    free(s);

    free_type(map);
    free_type(reals);
    free_type(opt);
}

/* The JSON writer. */

OSW_TEST(json_writer_scalars_and_escapes)
{
    CHECK_JSON_OUT("null", 0, "null");
    CHECK_JSON_OUT("true", 0, "true");
    CHECK_JSON_OUT("false", 0, "false");
    CHECK_JSON_OUT("-9223372036854775808", 0, "-9223372036854775808");
    CHECK_JSON_OUT("1.0", 0, "1");
    CHECK_JSON_OUT("0.1", 0, "0.1");
    CHECK_JSON_OUT("1e300", 0, "1e+300");
    CHECK_JSON_OUT("-2.5e-7", 0, "-2.5e-07");
    CHECK_JSON_OUT("0.30000000000000004", 0, "0.3");
    CHECK_JSON_OUT("\"a\\u0001b\\n\\t\\r\\b\\f\\u001a\\u001f/\\\\\\\"x\"", 0,
                   "\"a\\u0001b\\n\\t\\r\\b\\f\\u001a\\u001f/\\\\\\\"x\"");
    /* DEL and non-ASCII characters go out as they are. */
    CHECK_JSON_OUT("\"\\u007f\\u00e9\\u2028\"", 0,
                   "\"\x7f\xc3\xa9\xe2\x80\xa8\"");
    CHECK_JSON_OUT("\"\"", OUTPUT_JSON_PRETTY, "\"\"");

    char *s = output_json_to_string(NULL, 0);
    CHECK_STREQ(s, "null");
    free(s);
}

OSW_TEST(json_writer_order)
{
    CHECK_JSON_OUT("{\"b\": 1, \"a\": 2, \"_c\": 3, \"B\": 4}", 0,
                   "{\"b\":1,\"a\":2,\"_c\":3,\"B\":4}");
    CHECK_JSON_OUT("{\"b\": 1, \"a\": 2, \"_c\": 3, \"B\": 4}",
                   OUTPUT_JSON_SORT,
                   "{\"B\":4,\"_c\":3,\"a\":2,\"b\":1}");
    CHECK_JSON_OUT("[{\"y\": {\"b\": [], \"a\": {}}}]", OUTPUT_JSON_SORT,
                   "[{\"y\":{\"a\":{},\"b\":[]}}]");
}

OSW_TEST(json_writer_pretty)
{
    /* Open vSwitch's layout, including its line break inside "{}". */
    CHECK_JSON_OUT("[{\"rows\": [{}]}, {\"rows\": []}]",
                   OUTPUT_JSON_PRETTY | OUTPUT_JSON_SORT,
                   "[\n"
                   "  {\n"
                   "    \"rows\": [\n"
                   "      {\n"
                   "        }]},\n"
                   "  {\n"
                   "    \"rows\": []}]");
    CHECK_JSON_OUT("[{\"rows\":[{\"_uuid\":[\"uuid\","
                   "\"642291ea-c12f-47a9-bac1-4b3598c3cd4d\"],"
                   "\"name\":\"br0\",\"stp_enable\":false}]}]",
                   OUTPUT_JSON_PRETTY | OUTPUT_JSON_SORT,
                   "[\n"
                   "  {\n"
                   "    \"rows\": [\n"
                   "      {\n"
                   "        \"_uuid\": [\n"
                   "          \"uuid\",\n"
                   "          \"642291ea-c12f-47a9-bac1-4b3598c3cd4d\"],\n"
                   "        \"name\": \"br0\",\n"
                   "        \"stp_enable\": false}]}]");
    CHECK_JSON_OUT("{}", OUTPUT_JSON_PRETTY, "{\n  }");
    CHECK_JSON_OUT("[]", OUTPUT_JSON_PRETTY, "[]");
    CHECK_JSON_OUT("7", OUTPUT_JSON_PRETTY, "7");
}

/* Printing several tables. */

OSW_TEST(separators)
{
    struct output_table_style style = OUTPUT_TABLE_STYLE_INITIALIZER;
    static const struct {
        enum output_table_format format;
        const char *separator;
    } cases[] = {
        { OUTPUT_TABLE_FMT_TABLE, "\n" },
        { OUTPUT_TABLE_FMT_LIST, "\n" },
        { OUTPUT_TABLE_FMT_CSV, "\n" },
        { OUTPUT_TABLE_FMT_HTML, "" },
        { OUTPUT_TABLE_FMT_JSON, "" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ds s = DS_EMPTY_INITIALIZER;
        style.format = cases[i].format;
        output_table_put_separator(&style, &s);
        CHECK_STREQ(ds_cstr(&s), cases[i].separator);
        ds_destroy(&s);
    }
}

OSW_TEST(print_separates_tables)
{
    /* output_table_print() writes to stdout: point it at a file. */
    char *name = xasprintf("%s/out", osw_test_tmpdir());
    fflush(stdout);
    CHECK(freopen(name, "w", stdout) != NULL);

    struct output_table t;
    output_table_init(&t);
    output_table_set_caption(&t, xstrdup("T"));
    output_table_add_column(&t, "a");
    output_table_add_row(&t);
    output_table_add_text(&t, "1");
    struct output_table_style style = OUTPUT_TABLE_STYLE_INITIALIZER;
    output_table_print(&t, &style);
    output_table_print(&t, &style);
    style.format = OUTPUT_TABLE_FMT_JSON;
    output_table_print(&t, &style);
    output_table_print(&t, &style);
    output_table_destroy(&t);

    FILE *f = fopen(name, "r");
    CHECK(f != NULL);
    char buf[512];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    CHECK_STREQ(buf,
                "T\na\n-\n1\n"
                "\n"
                "T\na\n-\n1\n"
                "{\"caption\":\"T\",\"data\":[[\"1\"]],\"headings\":[\"a\"]}\n"
                "{\"caption\":\"T\",\"data\":[[\"1\"]],"
                "\"headings\":[\"a\"]}\n");
    free(name);
}

/* True if 's' starts with a timestamp "YYYY-MM-DD HH:MM:SS.mmm\n". */
static bool
is_timestamp_line(const char *s)
{
    static const char pattern[] = "dddd-dd-dd dd:dd:dd.ddd\n";
    for (size_t i = 0; pattern[i]; i++) {
        if (pattern[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9')
            : s[i] != pattern[i]) {
            return false;
        }
    }
    return true;
}

OSW_TEST(timestamps)
{
    struct output_table t;
    output_table_init(&t);
    output_table_set_caption(&t, xstrdup("Bridge"));
    output_table_set_timestamp(&t, true);
    output_table_add_column(&t, "row");
    output_table_add_row(&t);
    output_table_add_text(&t, "x");

    struct output_table_style style = OUTPUT_TABLE_STYLE_INITIALIZER;
    static const enum output_table_format text_formats[] = {
        OUTPUT_TABLE_FMT_TABLE, OUTPUT_TABLE_FMT_LIST, OUTPUT_TABLE_FMT_CSV,
        OUTPUT_TABLE_FMT_HTML,
    };
    static const char *const after[] = {
        "Bridge\nrow\n---\nx\n",
        "Bridge\nrow                 : x\n",
        "Bridge\nrow\nx\n",
        "<table border=1>\n",
    };
    for (size_t i = 0; i < ARRAY_SIZE(text_formats); i++) {
        style.format = text_formats[i];
        char *out = format(&t, &style);
        CHECK(is_timestamp_line(out));
        CHECK(!strncmp(out + 24, after[i], strlen(after[i])));
        free(out);
    }

    /* Open vSwitch crashes here; we add a "time" member. */
    style.format = OUTPUT_TABLE_FMT_JSON;
    char *out = format(&t, &style);
    const char *time = strstr(out, "\"time\":\"");
    CHECK(time != NULL);
    char line[32];
    snprintf(line, sizeof line, "%.23s\n", time + 8);
    CHECK(is_timestamp_line(line));
    free(out);
    output_table_destroy(&t);
}

/* Options. */

OSW_TEST(parse_formats)
{
    struct output_table_style style = OUTPUT_TABLE_STYLE_INITIALIZER;
    CHECK(output_table_parse_format(&style, "csv"));
    CHECK_EQ(style.format, OUTPUT_TABLE_FMT_CSV);
    CHECK(output_table_parse_format(&style, "list"));
    CHECK_EQ(style.format, OUTPUT_TABLE_FMT_LIST);
    CHECK(output_table_parse_format(&style, "html"));
    CHECK(output_table_parse_format(&style, "json"));
    CHECK(output_table_parse_format(&style, "table"));
    CHECK_EQ(style.format, OUTPUT_TABLE_FMT_TABLE);
    CHECK(!output_table_parse_format(&style, "xyz"));
    CHECK(!output_table_parse_format(&style, "Table"));
    CHECK(!output_table_parse_format(&style, ""));
    CHECK_EQ(style.format, OUTPUT_TABLE_FMT_TABLE);

    CHECK(output_table_parse_cell_format(&style, "bare"));
    CHECK_EQ(style.cell_format, OUTPUT_CELL_BARE);
    CHECK(output_table_parse_cell_format(&style, "json"));
    CHECK_EQ(style.cell_format, OUTPUT_CELL_JSON);
    CHECK(output_table_parse_cell_format(&style, "string"));
    CHECK_EQ(style.cell_format, OUTPUT_CELL_STRING);
    CHECK(!output_table_parse_cell_format(&style, "raw"));
    CHECK_EQ(style.cell_format, OUTPUT_CELL_STRING);

    output_table_parse_max_width_or_die(&style, "40");
    CHECK_EQ(style.max_column_width, 40);
}

OSW_TEST_MAIN()
