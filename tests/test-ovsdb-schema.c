/* Tests for ovsdb/ovsdb-schema.c, including the Open_vSwitch schema in
 * vswitchd/vswitch.ovsschema. */
#include <config.h>
#include "test-json.h"
#include "testlib.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb-types.h"

/* Helpers. */

static struct ovsdb_schema *
parse_schema(const char *s)
{
    struct ovsdb_schema *schema;
    json_t *json = test_json_parse(s);
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);
    json_decref(json);
    if (error) {
        char *msg = ovsdb_error_to_string_free(error);
        osw_test_fail(__FILE__, __LINE__, "%s: %s", s, msg);
    }
    return schema;
}

/* Checks that 'schema' converts to JSON 'expected' and that the JSON reads
 * back as an equal schema. */
static void
check_schema_json(const struct ovsdb_schema *schema, const char *expected)
{
    json_t *json = ovsdb_schema_to_json(schema);
    CHECK_JSON(json, expected);

    struct ovsdb_schema *schema2;
    CHECK(!ovsdb_schema_from_json(json, &schema2));
    CHECK(ovsdb_schema_equal(schema, schema2));
    ovsdb_schema_destroy(schema2);
    json_decref(json);
}

/* Checks that 's' parses to a schema whose JSON is 'expected'. */
static void
check_schema(const char *s, const char *expected)
{
    struct ovsdb_schema *schema = parse_schema(s);
    check_schema_json(schema, expected);
    ovsdb_schema_destroy(schema);
}

/* Checks that schema 's' fails to parse with a syntax error whose details
 * are 'details'. */
static void
check_schema_error(const char *s, const char *details)
{
    struct ovsdb_schema *schema = (struct ovsdb_schema *) 1;
    json_t *json = test_json_parse(s);
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);
    json_decref(json);

    if (!error) {
        ovsdb_schema_destroy(schema);
        osw_test_fail(__FILE__, __LINE__, "%s: parsed but should fail", s);
    }
    CHECK(!schema);
    CHECK_STREQ(error->tag, "syntax error");
    CHECK_STREQ(error->details, details);
    ovsdb_error_destroy(error);
}

/* A schema with one table "A" with the given columns (JSON text). */
#define ONE_TABLE(COLUMNS) \
    "{\"name\": \"X\", \"tables\": {\"A\": {\"columns\": " COLUMNS "}}}"

/* Basics. */

OSW_TEST(schema_minimal)
{
    struct ovsdb_schema *schema = parse_schema(
        "{\"name\": \"X\", \"version\": \"1.2.3\", \"tables\": {"
        "  \"A\": {\"columns\": {\"b\": {\"type\": \"integer\"}, "
        "                        \"a\": {\"type\": \"string\"}}}}}");

    CHECK_STREQ(schema->name, "X");
    CHECK_STREQ(schema->version, "1.2.3");
    CHECK_STREQ(schema->cksum, "");
    CHECK_EQ(schema->n_tables, 1);

    const struct ovsdb_table_schema *a = ovsdb_schema_find_table(schema, "A");
    CHECK(a == schema->tables[0]);
    CHECK(!ovsdb_schema_find_table(schema, "B"));
    CHECK(!ovsdb_schema_find_table(schema, "a"));
    CHECK_STREQ(a->name, "A");
    CHECK(a->is_root);                  /* No table is root: all are. */
    CHECK_EQ(a->max_rows, UINT_MAX);
    CHECK_EQ(a->n_indexes, 0);

    /* Implicit columns first, then the JSON's order. */
    CHECK_EQ(a->n_columns, 4);
    static const char *names[] = { "_uuid", "_version", "b", "a" };
    for (size_t i = 0; i < 4; i++) {
        const struct ovsdb_column *column = a->columns[i];
        CHECK_EQ(column->index, i);
        CHECK_STREQ(column->name, names[i]);
        CHECK(ovsdb_table_schema_find_column(a, names[i]) == column);
    }
    CHECK(!ovsdb_table_schema_find_column(a, "c"));

    const struct ovsdb_column *uuid = a->columns[OVSDB_COL_UUID];
    CHECK(uuid->persistent && !uuid->mutable);
    CHECK(ovsdb_type_equals(&uuid->type, &ovsdb_type_uuid));
    const struct ovsdb_column *version = a->columns[OVSDB_COL_VERSION];
    CHECK(!version->persistent && !version->mutable);
    CHECK(ovsdb_type_equals(&version->type, &ovsdb_type_uuid));
    CHECK(a->columns[2]->mutable && a->columns[2]->persistent);
    CHECK(ovsdb_type_equals(&a->columns[2]->type, &ovsdb_type_integer));

    check_schema_json(schema,
                      "{\"name\": \"X\", \"version\": \"1.2.3\", "
                      "\"tables\": {\"A\": {\"columns\": {"
                      "\"b\": {\"type\": \"integer\"}, "
                      "\"a\": {\"type\": \"string\"}}}}}");

    /* The columns come out in index order too. */
    json_t *json = ovsdb_schema_to_json(schema);
    char *s = json_dumps(json, JSON_COMPACT);
    CHECK(strstr(s, "{\"b\":{\"type\":\"integer\"},\"a\":"));
    free(s);
    json_decref(json);

    ovsdb_schema_destroy(schema);
    ovsdb_schema_destroy(NULL);
}

OSW_TEST(schema_optional_members)
{
    check_schema("{\"name\": \"X\", \"tables\": {}}",
                 "{\"name\": \"X\", \"tables\": {}}");
    check_schema("{\"name\": \"X\", \"cksum\": \"12 34\", \"tables\": {}}",
                 "{\"name\": \"X\", \"cksum\": \"12 34\", \"tables\": {}}");
    /* A database name may start with "_" ("_Server"). */
    check_schema("{\"name\": \"_Server\", \"version\": \"1.0.0\", "
                 "\"tables\": {}}",
                 "{\"name\": \"_Server\", \"version\": \"1.0.0\", "
                 "\"tables\": {}}");
}

OSW_TEST(schema_is_root)
{
    /* No "isRoot" anywhere: every table is root. */
    struct ovsdb_schema *schema = parse_schema(
        "{\"name\": \"X\", \"tables\": {"
        "\"A\": {\"columns\": {\"a\": {\"type\": \"integer\"}}}, "
        "\"B\": {\"columns\": {\"b\": {\"type\": \"integer\"}}}}}");
    CHECK(schema->tables[0]->is_root && schema->tables[1]->is_root);
    check_schema_json(schema,
                      "{\"name\": \"X\", \"tables\": {"
                      "\"A\": {\"columns\": {\"a\": {\"type\": "
                      "\"integer\"}}}, "
                      "\"B\": {\"columns\": {\"b\": {\"type\": "
                      "\"integer\"}}}}}");
    ovsdb_schema_destroy(schema);

    /* Some root: the others are not, and only roots say so (ovsdb-server
     * output). */
    const char *expected =
        "{\"name\": \"X\", \"tables\": {"
        "\"A\": {\"columns\": {\"a\": {\"type\": \"integer\"}}, "
        "        \"isRoot\": true}, "
        "\"B\": {\"columns\": {\"x\": {\"type\": \"boolean\"}}}}}";
    schema = parse_schema(
        "{\"name\": \"X\", \"tables\": {"
        "\"A\": {\"columns\": {\"a\": {\"type\": \"integer\"}}, "
        "        \"isRoot\": true}, "
        "\"B\": {\"columns\": {\"x\": {\"type\": \"boolean\"}}}}}");
    CHECK(ovsdb_schema_find_table(schema, "A")->is_root);
    CHECK(!ovsdb_schema_find_table(schema, "B")->is_root);
    check_schema_json(schema, expected);
    ovsdb_schema_destroy(schema);

    check_schema("{\"name\": \"X\", \"tables\": {"
                 "\"A\": {\"columns\": {\"a\": {\"type\": \"integer\"}}, "
                 "        \"isRoot\": true}, "
                 "\"B\": {\"columns\": {\"x\": {\"type\": \"boolean\"}}, "
                 "        \"isRoot\": false}}}", expected);

    /* All false: as if none were given (ovsdb-server output). */
    schema = parse_schema(
        "{\"name\": \"X\", \"tables\": {"
        "\"A\": {\"columns\": {\"a\": {\"type\": \"integer\"}}, "
        "        \"isRoot\": false}, "
        "\"B\": {\"columns\": {\"x\": {\"type\": \"boolean\"}}, "
        "        \"isRoot\": false}}}");
    CHECK(schema->tables[0]->is_root && schema->tables[1]->is_root);
    check_schema_json(schema,
                      "{\"name\": \"X\", \"tables\": {"
                      "\"A\": {\"columns\": {\"a\": {\"type\": "
                      "\"integer\"}}}, "
                      "\"B\": {\"columns\": {\"x\": {\"type\": "
                      "\"boolean\"}}}}}");
    ovsdb_schema_destroy(schema);

    /* All true: the same. */
    check_schema("{\"name\": \"X\", \"tables\": {"
                 "\"A\": {\"columns\": {\"a\": {\"type\": \"integer\"}}, "
                 "        \"isRoot\": true}}}",
                 "{\"name\": \"X\", \"tables\": {"
                 "\"A\": {\"columns\": {\"a\": {\"type\": \"integer\"}}}}}");
}

OSW_TEST(schema_column_flags)
{
    struct ovsdb_schema *schema = parse_schema(ONE_TABLE(
        "{\"imm\": {\"type\": \"string\", \"mutable\": false}, "
        " \"eph\": {\"type\": \"string\", \"ephemeral\": true}, "
        " \"both\": {\"type\": \"string\", \"mutable\": false, "
        "            \"ephemeral\": true}, "
        " \"defaults\": {\"type\": \"string\", \"mutable\": true, "
        "                \"ephemeral\": false}, "
        " \"strong\": {\"type\": {\"key\": {\"type\": \"uuid\", "
        "              \"refTable\": \"A\"}}, \"mutable\": false}, "
        " \"weak\": {\"type\": {\"key\": {\"type\": \"uuid\", "
        "            \"refTable\": \"A\", \"refType\": \"weak\"}}, "
        "            \"mutable\": false}, "
        " \"weakval\": {\"type\": {\"key\": \"string\", \"value\": "
        "               {\"type\": \"uuid\", \"refTable\": \"A\", "
        "                \"refType\": \"weak\"}}, \"mutable\": false}}"));
    const struct ovsdb_table_schema *a = schema->tables[0];
    const struct ovsdb_column *c;

    c = ovsdb_table_schema_find_column(a, "imm");
    CHECK(!c->mutable && c->persistent);
    c = ovsdb_table_schema_find_column(a, "eph");
    CHECK(c->mutable && !c->persistent);
    c = ovsdb_table_schema_find_column(a, "both");
    CHECK(!c->mutable && !c->persistent);
    c = ovsdb_table_schema_find_column(a, "defaults");
    CHECK(c->mutable && c->persistent);
    c = ovsdb_table_schema_find_column(a, "strong");
    CHECK(!c->mutable);
    /* Weak references cannot be immutable. */
    c = ovsdb_table_schema_find_column(a, "weak");
    CHECK(c->mutable);
    c = ovsdb_table_schema_find_column(a, "weakval");
    CHECK(c->mutable);

    check_schema_json(schema, ONE_TABLE(
        "{\"imm\": {\"type\": \"string\", \"mutable\": false}, "
        " \"eph\": {\"type\": \"string\", \"ephemeral\": true}, "
        " \"both\": {\"type\": \"string\", \"mutable\": false, "
        "            \"ephemeral\": true}, "
        " \"defaults\": {\"type\": \"string\"}, "
        " \"strong\": {\"type\": {\"key\": {\"type\": \"uuid\", "
        "              \"refTable\": \"A\"}}, \"mutable\": false}, "
        " \"weak\": {\"type\": {\"key\": {\"type\": \"uuid\", "
        "            \"refTable\": \"A\", \"refType\": \"weak\"}}}, "
        " \"weakval\": {\"type\": {\"key\": \"string\", \"value\": "
        "               {\"type\": \"uuid\", \"refTable\": \"A\", "
        "                \"refType\": \"weak\"}}}}"));
    ovsdb_schema_destroy(schema);
}

OSW_TEST(schema_max_rows_and_indexes)
{
    struct ovsdb_schema *schema = parse_schema(
        "{\"name\": \"X\", \"tables\": {\"A\": {"
        "\"columns\": {\"a\": {\"type\": \"integer\"}, "
        "              \"b\": {\"type\": \"string\"}, "
        "              \"c\": {\"type\": \"string\", \"ephemeral\": true}}, "
        "\"maxRows\": 1, "
        "\"indexes\": [[\"b\", \"a\"], [\"_uuid\"], [\"a\"], [\"a\"]]}}}");
    const struct ovsdb_table_schema *a = schema->tables[0];

    CHECK_EQ(a->max_rows, 1);
    CHECK_EQ(a->n_indexes, 4);
    CHECK_EQ(a->indexes[0].n_columns, 2);
    CHECK(a->indexes[0].columns[0] == ovsdb_table_schema_find_column(a, "b"));
    CHECK(a->indexes[0].columns[1] == ovsdb_table_schema_find_column(a, "a"));
    CHECK(a->indexes[1].columns[0] == a->columns[OVSDB_COL_UUID]);
    /* Duplicate indexes are allowed, as in Open vSwitch. */
    CHECK(ovsdb_column_set_equals(&a->indexes[2], &a->indexes[3]));

    check_schema_json(schema,
                      "{\"name\": \"X\", \"tables\": {\"A\": {"
                      "\"columns\": {\"a\": {\"type\": \"integer\"}, "
                      "              \"b\": {\"type\": \"string\"}, "
                      "              \"c\": {\"type\": \"string\", "
                      "                      \"ephemeral\": true}}, "
                      "\"maxRows\": 1, "
                      "\"indexes\": [[\"b\", \"a\"], [\"_uuid\"], [\"a\"], "
                      "              [\"a\"]]}}}");
    ovsdb_schema_destroy(schema);

    /* Any number past UINT_MAX means "no limit" (Open vSwitch accepts
     * them). */
    schema = parse_schema(
        "{\"name\": \"X\", \"tables\": {\"A\": {"
        "\"columns\": {\"a\": {\"type\": \"integer\"}}, "
        "\"maxRows\": 4294967296}}}");
    CHECK_EQ(schema->tables[0]->max_rows, UINT_MAX);
    ovsdb_schema_destroy(schema);

    check_schema("{\"name\": \"X\", \"tables\": {\"A\": {"
                 "\"columns\": {\"a\": {\"type\": \"integer\"}}, "
                 "\"indexes\": []}}}",
                 "{\"name\": \"X\", \"tables\": {\"A\": {"
                 "\"columns\": {\"a\": {\"type\": \"integer\"}}}}}");
}

OSW_TEST(schema_ref_tables)
{
    struct ovsdb_schema *schema = parse_schema(
        "{\"name\": \"X\", \"tables\": {"
        "\"A\": {\"columns\": {\"b\": {\"type\": {\"key\": {\"type\": "
        "        \"uuid\", \"refTable\": \"B\"}, \"min\": 0, "
        "        \"max\": \"unlimited\"}}, "
        "      \"self\": {\"type\": {\"key\": {\"type\": \"uuid\", "
        "        \"refTable\": \"A\", \"refType\": \"weak\"}, \"min\": 0}}, "
        "      \"m\": {\"type\": {\"key\": \"string\", \"value\": "
        "        {\"type\": \"uuid\", \"refTable\": \"B\"}}}}}, "
        "\"B\": {\"columns\": {\"x\": {\"type\": \"uuid\"}}}}}");
    struct ovsdb_table_schema *a = ovsdb_schema_find_table(schema, "A");
    struct ovsdb_table_schema *b = ovsdb_schema_find_table(schema, "B");

    const struct ovsdb_column *col = ovsdb_table_schema_find_column(a, "b");
    CHECK(col->type.key.uuid.ref_table == b);
    CHECK(ovsdb_base_type_is_strong_ref(&col->type.key));
    col = ovsdb_table_schema_find_column(a, "self");
    CHECK(col->type.key.uuid.ref_table == a);
    CHECK(ovsdb_base_type_is_weak_ref(&col->type.key));
    col = ovsdb_table_schema_find_column(a, "m");
    CHECK(!col->type.key.uuid.ref_table || col->type.key.type
          != OVSDB_TYPE_UUID);
    CHECK(col->type.value.uuid.ref_table == b);
    col = ovsdb_table_schema_find_column(b, "x");
    CHECK(!ovsdb_base_type_is_ref(&col->type.key));
    CHECK(!col->type.key.uuid.ref_table);

    /* A clone points into itself. */
    struct ovsdb_schema *clone = ovsdb_schema_clone(schema);
    CHECK(ovsdb_schema_equal(schema, clone));
    struct ovsdb_table_schema *a2 = ovsdb_schema_find_table(clone, "A");
    struct ovsdb_table_schema *b2 = ovsdb_schema_find_table(clone, "B");
    CHECK(a2 != a && b2 != b);
    CHECK(ovsdb_table_schema_find_column(a2, "b")->type.key.uuid.ref_table
          == b2);
    CHECK(ovsdb_table_schema_find_column(a2, "self")->type.key.uuid.ref_table
          == a2);
    CHECK(ovsdb_table_schema_find_column(a2, "m")->type.value.uuid.ref_table
          == b2);

    ovsdb_schema_destroy(schema);
    /* The clone stands on its own. */
    CHECK(ovsdb_table_schema_find_column(a2, "b")->type.key.uuid.ref_table
          == b2);
    ovsdb_schema_destroy(clone);
}

OSW_TEST(schema_equal)
{
    const char *base =
        "{\"name\": \"X\", \"version\": \"1.0.0\", \"cksum\": \"1 2\", "
        "\"tables\": {\"A\": {\"columns\": {\"a\": {\"type\": "
        "\"integer\"}}}}}";
    const char *others[] = {
        "{\"name\": \"Y\", \"version\": \"1.0.0\", \"cksum\": \"1 2\", "
        "\"tables\": {\"A\": {\"columns\": {\"a\": {\"type\": "
        "\"integer\"}}}}}",
        "{\"name\": \"X\", \"version\": \"1.0.1\", \"cksum\": \"1 2\", "
        "\"tables\": {\"A\": {\"columns\": {\"a\": {\"type\": "
        "\"integer\"}}}}}",
        "{\"name\": \"X\", \"version\": \"1.0.0\", \"cksum\": \"1 3\", "
        "\"tables\": {\"A\": {\"columns\": {\"a\": {\"type\": "
        "\"integer\"}}}}}",
        "{\"name\": \"X\", \"version\": \"1.0.0\", \"cksum\": \"1 2\", "
        "\"tables\": {\"A\": {\"columns\": {\"a\": {\"type\": "
        "\"real\"}}}}}",
        "{\"name\": \"X\", \"version\": \"1.0.0\", \"cksum\": \"1 2\", "
        "\"tables\": {\"A\": {\"columns\": {\"a\": {\"type\": "
        "\"integer\", \"ephemeral\": true}}}}}",
        "{\"name\": \"X\", \"version\": \"1.0.0\", \"cksum\": \"1 2\", "
        "\"tables\": {\"A\": {\"columns\": {\"a\": {\"type\": "
        "\"integer\"}}, \"maxRows\": 2}}}",
        "{\"name\": \"X\", \"version\": \"1.0.0\", \"cksum\": \"1 2\", "
        "\"tables\": {\"B\": {\"columns\": {\"a\": {\"type\": "
        "\"integer\"}}}}}",
    };
    struct ovsdb_schema *a = parse_schema(base);
    struct ovsdb_schema *a2 = parse_schema(base);
    CHECK(ovsdb_schema_equal(a, a2));
    for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
        struct ovsdb_schema *b = parse_schema(others[i]);
        CHECK(!ovsdb_schema_equal(a, b));
        ovsdb_schema_destroy(b);
    }
    ovsdb_schema_destroy(a);
    ovsdb_schema_destroy(a2);
}

/* Errors, mostly as ovsdb-tool reports them for the same schemas. */

OSW_TEST(schema_errors_structure)
{
    check_schema_error("[]", "database schema: expected JSON object, not an "
                       "array");
    check_schema_error("{\"tables\": {}}", "database schema: required member "
                       "\"name\" is missing");
    check_schema_error("{\"name\": \"X\"}", "database schema: required member "
                       "\"tables\" is missing");
    check_schema_error("{\"name\": \"X\", \"tables\": []}", "database "
                       "schema: member \"tables\" must be an object, not an "
                       "array");
    check_schema_error("{\"name\": \"X-y\", \"tables\": {}}", "database "
                       "schema: member \"name\" must be an identifier "
                       "(letters, digits and \"_\", not starting with a "
                       "digit), not \"X-y\"");
    check_schema_error("{\"name\": \"X\", \"foo\": 1, \"tables\": {}}",
                       "database schema: unknown member \"foo\"");
    check_schema_error("{\"name\": \"X\", \"version\": 1, \"tables\": {}}",
                       "database schema: member \"version\" must be a "
                       "string, not an integer");
    check_schema_error("{\"name\": \"X\", \"cksum\": [], \"tables\": {}}",
                       "database schema: member \"cksum\" must be a string, "
                       "not an array");
}

OSW_TEST(schema_errors_version)
{
    static const char *bad[] = {
        "1.2", "1.2.3.4", "1..3", "", " 1.2.3", "1.2.3 ", "1.-2.3",
        "1.+2.3", "a.b.c", "1.2.3x", "99999999999.0.0",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        char *s = xasprintf("{\"name\": \"X\", \"version\": \"%s\", "
                            "\"tables\": {}}", bad[i]);
        char *details = xasprintf("schema version \"%s\" not in format "
                                  "x.y.z", bad[i]);
        check_schema_error(s, details);
        free(s);
        free(details);
    }
    check_schema("{\"name\": \"X\", \"version\": \"01.2.3\", \"tables\": {}}",
                 "{\"name\": \"X\", \"version\": \"01.2.3\", "
                 "\"tables\": {}}");
}

OSW_TEST(schema_errors_names)
{
    check_schema_error("{\"name\": \"X\", \"tables\": {\"_A\": {\"columns\": "
                       "{\"a\": {\"type\": \"integer\"}}}}}",
                       "table _A: names beginning with \"_\" are reserved");
    check_schema_error("{\"name\": \"X\", \"tables\": {\"A-b\": {\"columns\": "
                       "{\"a\": {\"type\": \"integer\"}}}}}",
                       "table name \"A-b\" is not a valid <id> (letters, "
                       "digits and \"_\", not starting with a digit)");
    check_schema_error(ONE_TABLE("{\"_a\": {\"type\": \"integer\"}}"),
                       "table A: column _a: names beginning with \"_\" are "
                       "reserved");
    check_schema_error(ONE_TABLE("{\"_uuid\": {\"type\": \"uuid\"}}"),
                       "table A: column _uuid: names beginning with \"_\" "
                       "are reserved");
    check_schema_error(ONE_TABLE("{\"a-b\": {\"type\": \"integer\"}}"),
                       "table A: column name \"a-b\" is not a valid <id> "
                       "(letters, digits and \"_\", not starting with a "
                       "digit)");
    check_schema_error(ONE_TABLE("{\"9a\": {\"type\": \"integer\"}}"),
                       "table A: column name \"9a\" is not a valid <id> "
                       "(letters, digits and \"_\", not starting with a "
                       "digit)");
}

OSW_TEST(schema_errors_tables)
{
    check_schema_error(ONE_TABLE("{}"), "table A: table must have at least "
                       "one column");
    check_schema_error("{\"name\": \"X\", \"tables\": {\"A\": 5}}",
                       "table A: expected JSON object, not an integer");
    check_schema_error("{\"name\": \"X\", \"tables\": {\"A\": {}}}",
                       "table A: required member \"columns\" is missing");
    check_schema_error("{\"name\": \"X\", \"tables\": {\"A\": {\"columns\": "
                       "{\"a\": {\"type\": \"integer\"}}, \"foo\": 1}}}",
                       "table A: unknown member \"foo\"");
    check_schema_error("{\"name\": \"X\", \"tables\": {\"A\": {\"columns\": "
                       "{\"a\": {\"type\": \"integer\"}}, \"maxRows\": 0}}}",
                       "table A: maxRows must be at least 1");
    check_schema_error("{\"name\": \"X\", \"tables\": {\"A\": {\"columns\": "
                       "{\"a\": {\"type\": \"integer\"}}, \"maxRows\": -5}}}",
                       "table A: maxRows must be at least 1");
    check_schema_error("{\"name\": \"X\", \"tables\": {\"A\": {\"columns\": "
                       "{\"a\": {\"type\": \"integer\"}}, \"maxRows\": 1.5}}}",
                       "table A: member \"maxRows\" must be an integer, not "
                       "a real number");
    check_schema_error("{\"name\": \"X\", \"tables\": {\"A\": {\"columns\": "
                       "{\"a\": {\"type\": \"integer\"}}, \"isRoot\": 1}}}",
                       "table A: member \"isRoot\" must be a boolean, not an "
                       "integer");
    check_schema_error("{\"name\": \"X\", \"tables\": {\"A\": {\"columns\": "
                       "{\"a\": {\"type\": \"integer\"}}, \"indexes\": {}}}}",
                       "table A: member \"indexes\" must be an array, not an "
                       "object");
}

OSW_TEST(schema_errors_columns)
{
    check_schema_error(ONE_TABLE("{\"a\": {\"type\": \"integer\", "
                                 "\"foo\": 1}}"),
                       "table A: column a: unknown member \"foo\"");
    check_schema_error(ONE_TABLE("{\"a\": {}}"),
                       "table A: column a: required member \"type\" is "
                       "missing");
    check_schema_error(ONE_TABLE("{\"a\": \"integer\"}"),
                       "table A: column a: expected JSON object, not a "
                       "string");
    check_schema_error(ONE_TABLE("{\"a\": {\"type\": []}}"),
                       "table A: column a: member \"type\" must be a string "
                       "or an object, not an array");
    check_schema_error(ONE_TABLE("{\"a\": {\"type\": \"integer\", "
                                 "\"mutable\": 0}}"),
                       "table A: column a: member \"mutable\" must be a "
                       "boolean, not an integer");
    check_schema_error(ONE_TABLE("{\"a\": {\"type\": \"integer\", "
                                 "\"ephemeral\": \"yes\"}}"),
                       "table A: column a: member \"ephemeral\" must be a "
                       "boolean, not a string");
    check_schema_error(ONE_TABLE("{\"a\": {\"type\": \"int\"}}"),
                       "table A: column a: type: \"int\" is not an "
                       "atomic-type (use \"integer\", \"real\", \"boolean\", "
                       "\"string\" or \"uuid\")");
    check_schema_error(ONE_TABLE("{\"a\": {\"type\": {\"key\": {\"type\": "
                                 "\"integer\", \"minLength\": 1}}}}"),
                       "table A: column a: key: \"minLength\" does not apply "
                       "to type \"integer\"");
    check_schema_error(ONE_TABLE("{\"a\": {\"type\": {\"key\": \"integer\", "
                                 "\"min\": 2, \"max\": 3}}}"),
                       "table A: column a: type: min must be 0 or 1 (not 2)");
}

OSW_TEST(schema_errors_refs)
{
    check_schema_error(ONE_TABLE("{\"a\": {\"type\": {\"key\": {\"type\": "
                                 "\"uuid\", \"refTable\": \"Q\"}}}}"),
                       "table A: column a: key refers to undefined table Q");
    check_schema_error(ONE_TABLE("{\"a\": {\"type\": {\"key\": \"string\", "
                                 "\"value\": {\"type\": \"uuid\", "
                                 "\"refTable\": \"Q\"}}}}"),
                       "table A: column a: value refers to undefined table "
                       "Q");
    /* The first of several dangling references is reported. */
    check_schema_error(ONE_TABLE("{\"a\": {\"type\": {\"key\": {\"type\": "
                                 "\"uuid\", \"refTable\": \"P\"}, "
                                 "\"value\": {\"type\": \"uuid\", "
                                 "\"refTable\": \"Q\"}}}, "
                                 "\"b\": {\"type\": {\"key\": {\"type\": "
                                 "\"uuid\", \"refTable\": \"R\"}}}}"),
                       "table A: column a: key refers to undefined table P");
    /* Table names are case sensitive. */
    check_schema_error(ONE_TABLE("{\"a\": {\"type\": {\"key\": {\"type\": "
                                 "\"uuid\", \"refTable\": \"a\"}}}}"),
                       "table A: column a: key refers to undefined table a");
}

OSW_TEST(schema_errors_indexes)
{
    const char *prefix = "{\"name\": \"X\", \"tables\": {\"A\": {\"columns\": "
                         "{\"a\": {\"type\": \"integer\"}, "
                         "\"e\": {\"type\": \"integer\", "
                         "\"ephemeral\": true}}, \"indexes\": ";
    struct {
        const char *indexes, *details;
    } cases[] = {
        { "[[]]", "table A: index 0: index must have at least one column" },
        { "[[\"a\"], [\"a\", \"a\"]]", "table A: index 1: array of distinct "
          "column names expected" },
        { "[[\"b\"]]", "table A: index 0: b is not a valid column name" },
        { "[[\"e\"]]", "table A: index 0: ephemeral columns (such as e) may "
          "not be indexed" },
        { "[[\"_version\"]]", "table A: index 0: ephemeral columns (such as "
          "_version) may not be indexed" },
        { "[\"a\"]", "table A: index 0: array of distinct column names "
          "expected" },
        { "[[1]]", "table A: index 0: array of distinct column names "
          "expected" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char *s = xasprintf("%s%s}}}", prefix, cases[i].indexes);
        check_schema_error(s, cases[i].details);
        free(s);
    }
}

/* Exactly what Open vSwitch 3.1's ovsdb-server answers to "get_schema" for
 * the same schemas. */
OSW_TEST(schema_matches_ovsdb_server)
{
    check_schema(
        "{\"name\": \"T\", \"version\": \"1.2.3\", \"tables\": {"
        " \"A\": {\"columns\": {"
        "  \"i\": {\"type\": {\"key\": {\"type\": \"integer\", "
        "         \"minInteger\": 0, \"maxInteger\": 10}}},"
        "  \"s\": {\"type\": {\"key\": {\"type\": \"string\", \"enum\": "
        "         [\"set\", [\"x\", \"y\"]]}, \"min\": 0, "
        "         \"max\": \"unlimited\"}},"
        "  \"m\": {\"type\": {\"key\": \"string\", \"value\": \"integer\", "
        "         \"min\": 0, \"max\": \"unlimited\"}},"
        "  \"r\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": "
        "         \"B\", \"refType\": \"weak\"}, \"min\": 0, \"max\": 2}},"
        "  \"str\": {\"type\": {\"key\": {\"type\": \"string\", "
        "           \"minLength\": 2, \"maxLength\": 3}, \"min\": 0, "
        "           \"max\": 1}},"
        "  \"set\": {\"type\": {\"key\": \"integer\", \"min\": 0, "
        "           \"max\": \"unlimited\"}},"
        "  \"e1\": {\"type\": {\"key\": {\"type\": \"string\", \"enum\": "
        "          [\"set\", [\"only\"]]}}},"
        "  \"rl\": {\"type\": {\"key\": {\"type\": \"real\", "
        "          \"minReal\": -1.5}}}"
        " }, \"isRoot\": true},"
        " \"B\": {\"columns\": {\"name\": {\"type\": \"string\"}}}"
        "}}",
        "{\"name\":\"T\",\"tables\":{\"A\":{\"columns\":{\"e1\":{\"type\":"
        "{\"key\":{\"enum\":\"only\",\"type\":\"string\"}}},\"i\":{\"type\":"
        "{\"key\":{\"maxInteger\":10,\"minInteger\":0,\"type\":\"integer\"}}},"
        "\"m\":{\"type\":{\"key\":\"string\",\"max\":\"unlimited\",\"min\":0,"
        "\"value\":\"integer\"}},\"r\":{\"type\":{\"key\":{\"refTable\":\"B\","
        "\"refType\":\"weak\",\"type\":\"uuid\"},\"max\":2,\"min\":0}},"
        "\"rl\":{\"type\":{\"key\":{\"minReal\":-1.5,\"type\":\"real\"}}},"
        "\"s\":{\"type\":{\"key\":{\"enum\":[\"set\",[\"x\",\"y\"]],"
        "\"type\":\"string\"},\"max\":\"unlimited\",\"min\":0}},\"set\":"
        "{\"type\":{\"key\":\"integer\",\"max\":\"unlimited\",\"min\":0}},"
        "\"str\":{\"type\":{\"key\":{\"maxLength\":3,\"minLength\":2,"
        "\"type\":\"string\"},\"min\":0}}},\"isRoot\":true},\"B\":"
        "{\"columns\":{\"name\":{\"type\":\"string\"}}}},"
        "\"version\":\"1.2.3\"}");

    check_schema(
        "{\"name\": \"X\", \"tables\": {\"A\": {\"columns\": {"
        " \"a\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": "
        "        \"A\", \"refType\": \"strong\"}}},"
        " \"b\": {\"type\": {\"key\": {\"type\": \"integer\", \"minInteger\": "
        "        -9223372036854775808, "
        "        \"maxInteger\": 9223372036854775807}}},"
        " \"c\": {\"type\": {\"key\": {\"type\": \"string\", "
        "        \"minLength\": 0}}},"
        " \"d\": {\"type\": {\"key\": {\"type\": \"real\", \"minReal\": 1, "
        "        \"maxReal\": 2.5}}},"
        " \"e\": {\"type\": {\"key\": \"integer\", \"min\": 1, \"max\": 1}},"
        " \"f\": {\"type\": {\"key\": \"integer\", \"min\": 0, \"max\": 1}, "
        "        \"mutable\": true, \"ephemeral\": false},"
        " \"g\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": "
        "        \"A\", \"refType\": \"weak\"}}, \"mutable\": false},"
        " \"h\": {\"type\": \"string\", \"mutable\": false, "
        "        \"ephemeral\": true},"
        " \"i\": {\"type\": {\"key\": {\"type\": \"integer\", "
        "        \"maxInteger\": 4}, \"value\": {\"type\": \"string\", "
        "        \"enum\": [\"set\", [\"a\", \"b\", \"c\"]]}, \"min\": 1, "
        "        \"max\": 3}},"
        " \"j\": {\"type\": {\"key\": {\"type\": \"string\", \"enum\": "
        "        [\"set\", [\"a\"]]}, \"min\": 0, \"max\": 1}, "
        "        \"mutable\": false},"
        " \"k\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": "
        "        \"A\"}, \"value\": {\"type\": \"uuid\", \"refTable\": \"A\", "
        "        \"refType\": \"weak\"}}, \"mutable\": false},"
        " \"l\": {\"type\": {\"key\": {\"type\": \"real\", "
        "        \"minReal\": -1.7976931348623157e308}}}"
        "}, \"isRoot\": false, \"maxRows\": 5},"
        " \"B\": {\"columns\": {\"x\": {\"type\": \"boolean\"}}, "
        "        \"isRoot\": false}}}",
        "{\"name\": \"X\", \"tables\": {\"A\": {\"columns\": {\"a\": "
        "{\"type\": {\"key\": {\"refTable\": \"A\", \"type\": \"uuid\"}}}, "
        "\"b\": {\"type\": \"integer\"}, \"c\": {\"type\": \"string\"}, "
        "\"d\": {\"type\": {\"key\": {\"maxReal\": 2.5, \"minReal\": 1.0, "
        "\"type\": \"real\"}}}, \"e\": {\"type\": \"integer\"}, \"f\": "
        "{\"type\": {\"key\": \"integer\", \"min\": 0}}, \"g\": {\"type\": "
        "{\"key\": {\"refTable\": \"A\", \"refType\": \"weak\", \"type\": "
        "\"uuid\"}}}, \"h\": {\"ephemeral\": true, \"mutable\": false, "
        "\"type\": \"string\"}, \"i\": {\"type\": {\"key\": {\"maxInteger\": "
        "4, \"type\": \"integer\"}, \"max\": 3, \"value\": {\"enum\": "
        "[\"set\", [\"a\", \"b\", \"c\"]], \"type\": \"string\"}}}, \"j\": "
        "{\"mutable\": false, \"type\": {\"key\": {\"enum\": \"a\", "
        "\"type\": \"string\"}, \"min\": 0}}, \"k\": {\"type\": {\"key\": "
        "{\"refTable\": \"A\", \"type\": \"uuid\"}, \"value\": {\"refTable\": "
        "\"A\", \"refType\": \"weak\", \"type\": \"uuid\"}}}, \"l\": "
        "{\"type\": \"real\"}}, \"maxRows\": 5}, \"B\": {\"columns\": {\"x\": "
        "{\"type\": \"boolean\"}}}}}");
}

/* Building schemas in code. */

OSW_TEST(schema_builder)
{
    struct ovsdb_schema *schema = ovsdb_schema_create("Db", "2.0.0", NULL);
    struct ovsdb_table_schema *t = ovsdb_table_schema_create("T", true, 10);
    struct ovsdb_table_schema *u = ovsdb_table_schema_create("U", false,
                                                             UINT_MAX);
    struct ovsdb_type ref;

    CHECK_EQ(t->n_columns, OVSDB_N_STD_COLUMNS);
    struct ovsdb_column *name = ovsdb_table_schema_add_column(
        t, "name", &ovsdb_type_string, false, true);
    CHECK(name != NULL);
    CHECK_EQ(name->index, 2);
    CHECK(!ovsdb_table_schema_add_column(t, "name", &ovsdb_type_integer,
                                         true, true));
    CHECK(!ovsdb_table_schema_add_column(t, "_uuid", &ovsdb_type_integer,
                                         true, true));

    ovsdb_type_init_scalar(&ref, OVSDB_TYPE_UUID);
    ref.key.uuid.ref_table_name = xstrdup("U");
    ref.n_min = 0;
    ref.n_max = UINT_MAX;
    CHECK(ovsdb_table_schema_add_column(t, "us", &ref, true, true));
    ovsdb_type_destroy(&ref);

    CHECK(ovsdb_table_schema_add_column(u, "x", &ovsdb_type_real, true,
                                        false));

    struct ovsdb_column_set index = OVSDB_COLUMN_SET_INITIALIZER;
    ovsdb_column_set_add(&index, name);
    ovsdb_table_schema_add_index(t, &index);
    ovsdb_column_set_destroy(&index);

    CHECK(ovsdb_schema_add_table(schema, t));
    CHECK(ovsdb_schema_add_table(schema, u));
    struct ovsdb_table_schema *dup = ovsdb_table_schema_create("T", true, 1);
    CHECK(!ovsdb_schema_add_table(schema, dup));
    ovsdb_table_schema_destroy(dup);

    CHECK(!ovsdb_schema_resolve_refs(schema));
    CHECK(ovsdb_table_schema_find_column(t, "us")->type.key.uuid.ref_table
          == u);

    check_schema_json(schema,
                      "{\"name\": \"Db\", \"version\": \"2.0.0\", "
                      "\"tables\": {"
                      "\"T\": {\"columns\": {\"name\": {\"type\": "
                      "\"string\", \"mutable\": false}, \"us\": {\"type\": "
                      "{\"key\": {\"type\": \"uuid\", \"refTable\": \"U\"}, "
                      "\"min\": 0, \"max\": \"unlimited\"}}}, "
                      "\"maxRows\": 10, \"isRoot\": true, "
                      "\"indexes\": [[\"name\"]]}, "
                      "\"U\": {\"columns\": {\"x\": {\"type\": \"real\", "
                      "\"ephemeral\": true}}}}}");

    /* A table clone copies columns and indexes. */
    struct ovsdb_table_schema *t2 = ovsdb_table_schema_clone(t);
    json_t *j1 = ovsdb_table_schema_to_json(t, false);
    json_t *j2 = ovsdb_table_schema_to_json(t2, false);
    CHECK(json_equal(j1, j2));
    json_decref(j1);
    json_decref(j2);
    CHECK(t2->indexes[0].columns[0]
          == ovsdb_table_schema_find_column(t2, "name"));
    ovsdb_table_schema_destroy(t2);
    ovsdb_table_schema_destroy(NULL);

    /* A dangling reference is reported and left unresolved. */
    struct ovsdb_table_schema *v = ovsdb_table_schema_create("V", true, 1);
    ovsdb_type_init_scalar(&ref, OVSDB_TYPE_UUID);
    ref.key.uuid.ref_table_name = xstrdup("Nowhere");
    ovsdb_table_schema_add_column(v, "n", &ref, true, true);
    ovsdb_type_destroy(&ref);
    CHECK(ovsdb_schema_add_table(schema, v));
    struct ovsdb_error *error = ovsdb_schema_resolve_refs(schema);
    CHECK_STREQ(error->details, "table V: column n: key refers to undefined "
                "table Nowhere");
    ovsdb_error_destroy(error);
    CHECK(!ovsdb_table_schema_find_column(v, "n")->type.key.uuid.ref_table);

    struct ovsdb_schema *clone = ovsdb_schema_clone(schema);
    CHECK(ovsdb_schema_equal(schema, clone));
    ovsdb_schema_destroy(clone);
    ovsdb_schema_destroy(schema);
}

/* Column sets. */

OSW_TEST(column_sets)
{
    struct ovsdb_schema *schema = parse_schema(ONE_TABLE(
        "{\"a\": {\"type\": \"integer\"}, \"b\": {\"type\": \"string\"}}"));
    const struct ovsdb_table_schema *t = schema->tables[0];
    struct ovsdb_column_set set, set2;
    json_t *json;

    ovsdb_column_set_init(&set);
    json = test_json_parse("[\"b\", \"_uuid\"]");
    CHECK(!ovsdb_column_set_from_json(json, t, &set));
    json_decref(json);
    CHECK_EQ(set.n_columns, 2);
    CHECK(ovsdb_column_set_contains(&set, OVSDB_COL_UUID));
    CHECK(ovsdb_column_set_contains(&set, 3));
    CHECK(!ovsdb_column_set_contains(&set, 2));
    json = ovsdb_column_set_to_json(&set);
    CHECK_JSON(json, "[\"b\", \"_uuid\"]");
    json_decref(json);

    ovsdb_column_set_clone(&set2, &set);
    CHECK(ovsdb_column_set_equals(&set, &set2));
    ovsdb_column_set_add(&set2, t->columns[2]);
    CHECK(!ovsdb_column_set_equals(&set, &set2));
    ovsdb_column_set_destroy(&set2);

    /* Same size, other columns or order. */
    ovsdb_column_set_init(&set2);
    ovsdb_column_set_add(&set2, t->columns[OVSDB_COL_UUID]);
    ovsdb_column_set_add(&set2, t->columns[3]);
    CHECK(!ovsdb_column_set_equals(&set, &set2));
    ovsdb_column_set_destroy(&set2);

    /* Errors leave the set as it was (ovsdb-server messages). */
    static const struct {
        const char *json, *details;
    } errors[] = {
        { "[\"a\", \"q\"]", "q is not a valid column name" },
        { "[\"a\", \"b\"]", "array of distinct column names expected" },
        { "[\"a\", \"a\"]", "array of distinct column names expected" },
        { "[\"a\", 1]", "array of distinct column names expected" },
        { "\"a\"", "array of distinct column names expected" },
        { "{}", "array of distinct column names expected" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(errors); i++) {
        json = test_json_parse(errors[i].json);
        struct ovsdb_error *error = ovsdb_column_set_from_json(json, t, &set);
        CHECK(error != NULL);
        CHECK_STREQ(error->tag, "syntax error");
        CHECK_STREQ(error->details, errors[i].details);
        ovsdb_error_destroy(error);
        json_decref(json);
        CHECK_EQ(set.n_columns, 2);
    }
    ovsdb_column_set_destroy(&set);

    ovsdb_column_set_init(&set);
    ovsdb_column_set_add_all(&set, t);
    CHECK_EQ(set.n_columns, 4);
    json = ovsdb_column_set_to_json(&set);
    CHECK_JSON(json, "[\"_uuid\", \"_version\", \"a\", \"b\"]");
    json_decref(json);
    ovsdb_column_set_destroy(&set);

    json = test_json_parse("[]");
    ovsdb_column_set_init(&set);
    CHECK(!ovsdb_column_set_from_json(json, t, &set));
    CHECK_EQ(set.n_columns, 0);
    ovsdb_column_set_destroy(&set);
    json_decref(json);

    /* A column on its own converts to JSON. */
    json = ovsdb_column_to_json(t->columns[2]);
    CHECK_JSON(json, "{\"type\": \"integer\"}");
    json_decref(json);
    json = ovsdb_column_to_json(t->columns[OVSDB_COL_VERSION]);
    CHECK_JSON(json, "{\"type\": \"uuid\", \"mutable\": false, "
               "\"ephemeral\": true}");
    json_decref(json);

    ovsdb_schema_destroy(schema);
}

/* Versions. */

OSW_TEST(versions)
{
    struct ovsdb_version a, b;

    CHECK(ovsdb_version_from_string("8.3.1", &a));
    CHECK_EQ(a.x, 8);
    CHECK_EQ(a.y, 3);
    CHECK_EQ(a.z, 1);
    CHECK(ovsdb_version_from_string("0.0.0", &b));
    CHECK(ovsdb_version_from_string("2147483647.0.10", &b));
    CHECK_EQ(b.x, 2147483647);
    CHECK_EQ(b.z, 10);
    CHECK(!ovsdb_version_from_string("2147483648.0.0", &b));
    CHECK_EQ(b.x, 0);
    CHECK(!ovsdb_version_from_string("8.3", &b));
    CHECK(!ovsdb_version_from_string("8.3.1.", &b));
    CHECK(!ovsdb_version_from_string("", &b));
    CHECK(ovsdb_is_valid_version("1.2.3"));
    CHECK(!ovsdb_is_valid_version("v1.2.3"));

    static const char *ordered[] = {
        "0.0.0", "0.0.1", "0.1.0", "0.9.9", "1.0.0", "1.0.10", "1.2.0",
        "10.0.0",
    };
    for (size_t i = 0; i < ARRAY_SIZE(ordered); i++) {
        for (size_t j = 0; j < ARRAY_SIZE(ordered); j++) {
            CHECK(ovsdb_version_from_string(ordered[i], &a));
            CHECK(ovsdb_version_from_string(ordered[j], &b));
            int cmp = ovsdb_version_compare(&a, &b);
            CHECK_EQ(cmp < 0, i < j);
            CHECK_EQ(cmp > 0, i > j);
            CHECK_EQ(cmp == 0, i == j);
        }
    }
}

/* Files. */

static char *
write_file(const char *name, const char *contents)
{
    char *file_name = xasprintf("%s/%s", osw_test_tmpdir(), name);
    FILE *stream = fopen(file_name, "w");
    CHECK(stream != NULL);
    fputs(contents, stream);
    CHECK(!fclose(stream));
    return file_name;
}

OSW_TEST(schema_from_file)
{
    struct ovsdb_schema *schema;
    struct ovsdb_error *error;

    char *file_name = write_file("good.ovsschema",
                                 "{\"name\": \"X\", \"version\": \"1.0.0\", "
                                 "\"tables\": {\"A\": {\"columns\": "
                                 "{\"a\": {\"type\": \"integer\"}}}}}\n");
    CHECK(!ovsdb_schema_from_file(file_name, &schema));
    CHECK_STREQ(schema->name, "X");
    ovsdb_schema_destroy(schema);
    free(file_name);

    char *missing = xasprintf("%s/missing.ovsschema", osw_test_tmpdir());
    error = ovsdb_schema_from_file(missing, &schema);
    CHECK(!schema);
    CHECK_STREQ(error->tag, "I/O error");
    CHECK_EQ(error->errno_, ENOENT);
    char *expected = xasprintf("%s: could not open schema file", missing);
    CHECK_STREQ(error->details, expected);
    free(expected);
    ovsdb_error_destroy(error);
    free(missing);

    file_name = write_file("bad.json", "{\"name\": \"X\",\n  \"tables\": }");
    error = ovsdb_schema_from_file(file_name, &schema);
    CHECK(!schema);
    CHECK_STREQ(error->tag, "syntax error");
    expected = xasprintf("%s: line 2, column", file_name);
    CHECK(!strncmp(error->details, expected, strlen(expected)));
    free(expected);
    ovsdb_error_destroy(error);
    free(file_name);

    file_name = write_file("trailing.json", "{\"name\": \"X\", \"tables\": {}}"
                           " []");
    error = ovsdb_schema_from_file(file_name, &schema);
    CHECK_STREQ(error->tag, "syntax error");
    ovsdb_error_destroy(error);
    free(file_name);

    file_name = write_file("notschema.json", "{\"name\": \"X\"}");
    error = ovsdb_schema_from_file(file_name, &schema);
    CHECK_STREQ(error->tag, "syntax error");
    expected = xasprintf("failed to parse \"%s\" as ovsdb schema: database "
                         "schema: required member \"tables\" is missing",
                         file_name);
    CHECK_STREQ(error->details, expected);
    free(expected);
    ovsdb_error_destroy(error);
    free(file_name);

    /* A directory cannot be read. */
    error = ovsdb_schema_from_file(osw_test_tmpdir(), &schema);
    CHECK(error != NULL);
    CHECK(!schema);
    ovsdb_error_destroy(error);
}

/* The Open_vSwitch schema. */

static char *
vswitch_schema_file(void)
{
    const char *srcdir = getenv("srcdir");
    char *name;

    if (srcdir) {
        name = xasprintf("%s/vswitchd/vswitch.ovsschema", srcdir);
    } else {
        /* Run by hand: find it next to this source file. */
        const char *here = __FILE__;
        const char *slash = strrchr(here, '/');
        int dir_len = slash ? (int) (slash - here) : 1;
        name = xasprintf("%.*s/../vswitchd/vswitch.ovsschema", dir_len,
                         slash ? here : ".");
    }
    if (access(name, R_OK)) {
        free(name);
        osw_test_skip("vswitchd/vswitch.ovsschema not found (set srcdir)");
    }
    return name;
}

static struct ovsdb_schema *
read_vswitch_schema(void)
{
    struct ovsdb_schema *schema;
    char *file_name = vswitch_schema_file();
    struct ovsdb_error *error = ovsdb_schema_from_file(file_name, &schema);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        osw_test_fail(__FILE__, __LINE__, "%s", s);
    }
    free(file_name);
    return schema;
}

static const struct ovsdb_column *
find_column(const struct ovsdb_schema *schema, const char *table,
            const char *column)
{
    const struct ovsdb_table_schema *t = ovsdb_schema_find_table(schema,
                                                                 table);
    CHECK(t != NULL);
    const struct ovsdb_column *c = ovsdb_table_schema_find_column(t, column);
    if (!c) {
        osw_test_fail(__FILE__, __LINE__, "no column %s.%s", table, column);
    }
    return c;
}

static void
check_column_english(const struct ovsdb_schema *schema, const char *table,
                     const char *column, const char *english)
{
    char *s = ovsdb_type_to_english(&find_column(schema, table,
                                                 column)->type);
    CHECK_STREQ(s, english);
    free(s);
}

OSW_TEST(vswitch_schema_tables)
{
    struct ovsdb_schema *schema = read_vswitch_schema();
    static const struct {
        const char *name;
        size_t n_columns;
        bool is_root;
        unsigned int max_rows;
        size_t n_indexes;
    } tables[] = {
        { "Open_vSwitch", 17, true, 1, 0 },
        { "Bridge", 22, false, UINT_MAX, 1 },
        { "Port", 22, false, UINT_MAX, 1 },
        { "Interface", 35, false, UINT_MAX, 1 },
        { "Flow_Table", 6, false, UINT_MAX, 0 },
        { "QoS", 4, true, UINT_MAX, 0 },
        { "Queue", 3, true, UINT_MAX, 0 },
        { "Mirror", 10, false, UINT_MAX, 0 },
        { "NetFlow", 6, false, UINT_MAX, 0 },
        { "sFlow", 6, false, UINT_MAX, 0 },
        { "IPFIX", 8, false, UINT_MAX, 0 },
        { "Flow_Sample_Collector_Set", 4, true, UINT_MAX, 1 },
        { "Controller", 17, false, UINT_MAX, 0 },
        { "Manager", 8, false, UINT_MAX, 1 },
        { "Datapath", 4, false, UINT_MAX, 0 },
        { "CT_Zone", 2, false, UINT_MAX, 0 },
        { "CT_Timeout_Policy", 2, false, UINT_MAX, 0 },
        { "SSL", 5, false, 1, 0 },
        { "AutoAttach", 3, false, UINT_MAX, 0 },
    };

    CHECK_STREQ(schema->name, "Open_vSwitch");
    CHECK_STREQ(schema->version, "8.3.1");
    CHECK_STREQ(schema->cksum, "3012963480 26720");
    CHECK_EQ(schema->n_tables, ARRAY_SIZE(tables));
    for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
        const struct ovsdb_table_schema *t
            = ovsdb_schema_find_table(schema, tables[i].name);
        if (!t) {
            osw_test_fail(__FILE__, __LINE__, "no table %s", tables[i].name);
        }
        CHECK_EQ(t->n_columns, tables[i].n_columns + OVSDB_N_STD_COLUMNS);
        CHECK_EQ(t->is_root, tables[i].is_root);
        CHECK_EQ(t->max_rows, tables[i].max_rows);
        CHECK_EQ(t->n_indexes, tables[i].n_indexes);
    }

    const struct ovsdb_table_schema *fscs
        = ovsdb_schema_find_table(schema, "Flow_Sample_Collector_Set");
    CHECK_EQ(fscs->indexes[0].n_columns, 2);
    CHECK_STREQ(fscs->indexes[0].columns[0]->name, "id");
    CHECK_STREQ(fscs->indexes[0].columns[1]->name, "bridge");
    CHECK_STREQ(ovsdb_schema_find_table(schema, "Manager")
                ->indexes[0].columns[0]->name, "target");
    ovsdb_schema_destroy(schema);
}

OSW_TEST(vswitch_schema_columns)
{
    struct ovsdb_schema *schema = read_vswitch_schema();
    const struct ovsdb_column *c;

    c = find_column(schema, "Bridge", "name");
    CHECK(!c->mutable && c->persistent);
    CHECK(ovsdb_type_equals(&c->type, &ovsdb_type_string));

    c = find_column(schema, "Bridge", "ports");
    CHECK(ovsdb_base_type_is_strong_ref(&c->type.key));
    CHECK(c->type.key.uuid.ref_table
          == ovsdb_schema_find_table(schema, "Port"));

    c = find_column(schema, "Bridge", "datapath_id");
    CHECK(!c->persistent);

    c = find_column(schema, "Open_vSwitch", "datapaths");
    CHECK(ovsdb_type_is_map(&c->type));
    CHECK(c->type.value.uuid.ref_table
          == ovsdb_schema_find_table(schema, "Datapath"));

    c = find_column(schema, "Interface", "ofport");
    CHECK(ovsdb_type_is_optional_scalar(&c->type));

    c = find_column(schema, "Port", "vlan_mode");
    CHECK(c->type.key.enum_ && c->type.key.enum_->n == 5);

    c = find_column(schema, "Mirror", "output_port");
    CHECK(ovsdb_base_type_is_weak_ref(&c->type.key));

    check_column_english(schema, "Bridge", "flood_vlans",
                         "set of up to 4096 integers");
    check_column_english(schema, "Port", "tag", "set of up to 1 integers");
    check_column_english(schema, "Port", "trunks",
                         "set of up to 4096 integers");
    check_column_english(schema, "Open_vSwitch", "external_ids",
                         "map of (string, string) pairs");
    check_column_english(schema, "Port", "interfaces",
                         "set of 1 or more uuids");
    check_column_english(schema, "Interface", "type", "string");
    check_column_english(schema, "Open_vSwitch", "next_cfg", "integer");

    /* Values as ovs-vsctl would type them. */
    struct ovsdb_datum d;
    c = find_column(schema, "Port", "trunks");
    CHECK(!ovsdb_datum_from_string(&d, &c->type, "1-3,10", NULL));
    CHECK_EQ(d.n, 4);
    ovsdb_datum_destroy(&d, &c->type);
    char *error = ovsdb_datum_from_string(&d, &c->type, "4096", NULL);
    CHECK_STREQ(error, "constraint violation: 4096 is not in the valid range "
                "0 to 4095 (inclusive)");
    free(error);

    c = find_column(schema, "Bridge", "fail_mode");
    error = ovsdb_datum_from_string(&d, &c->type, "open", NULL);
    CHECK_STREQ(error, "constraint violation: open is not one of the allowed "
                "values ([secure, standalone])");
    free(error);
    CHECK(!ovsdb_datum_from_string(&d, &c->type, "secure", NULL));
    ovsdb_datum_destroy(&d, &c->type);

    ovsdb_schema_destroy(schema);
}

OSW_TEST(vswitch_schema_round_trip)
{
    struct ovsdb_schema *schema = read_vswitch_schema();

    /* JSON -> schema -> JSON -> schema gives the same JSON. */
    json_t *json = ovsdb_schema_to_json(schema);
    struct ovsdb_schema *schema2;
    CHECK(!ovsdb_schema_from_json(json, &schema2));
    CHECK(ovsdb_schema_equal(schema, schema2));
    json_t *json2 = ovsdb_schema_to_json(schema2);
    CHECK(json_equal(json, json2));

    /* Every table and column of the file is in the output, with the same
     * meaning (compare parsed types). */
    char *file_name = vswitch_schema_file();
    json_error_t json_error;
    json_t *file = json_load_file(file_name, 0, &json_error);
    CHECK(file != NULL);
    free(file_name);
    const char *table_name;
    json_t *table_json;
    json_object_foreach (json_object_get(file, "tables"), table_name,
                         table_json) {
        const char *column_name;
        json_t *column_json;
        json_object_foreach (json_object_get(table_json, "columns"),
                             column_name, column_json) {
            struct ovsdb_type type;
            const struct ovsdb_column *c = find_column(schema2, table_name,
                                                       column_name);
            CHECK(!ovsdb_type_from_json(&type,
                                        json_object_get(column_json,
                                                        "type")));
            CHECK(ovsdb_type_equals(&type, &c->type));
            ovsdb_type_destroy(&type);
        }
    }
    json_decref(file);

    struct ovsdb_schema *clone = ovsdb_schema_clone(schema);
    CHECK(ovsdb_schema_equal(clone, schema));
    ovsdb_schema_destroy(clone);

    json_decref(json);
    json_decref(json2);
    ovsdb_schema_destroy(schema);
    ovsdb_schema_destroy(schema2);
}

OSW_TEST_MAIN()
