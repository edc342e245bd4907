/* Tests for ovsdb/condition.c: parsing, printing, sorting and evaluating
 * RFC 7047 conditions, and the query planner.
 *
 * The expected evaluation tables (one T or - per row) and the error
 * messages are those Open vSwitch's ovsdb-server gives for the same
 * conditions. */
#include <config.h>
#include "test-json.h"
#include "testlib.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "condition.h"
#include "osw/uuid.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "row.h"
#include "table.h"
#include "transaction.h"

/* Helpers. */

/* A schema with one table "mytable" whose JSON is 'table_json'. */
static struct ovsdb_schema *
make_schema(const char *table_json)
{
    char *s = xasprintf("{\"name\": \"mydb\", \"tables\": {\"mytable\": %s}}",
                        table_json);
    json_t *json = test_json_parse(s);
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);

    if (error) {
        osw_test_fail(__FILE__, __LINE__, "bad schema: %s",
                      ovsdb_error_to_string_free(error));
    }
    json_decref(json);
    free(s);
    return schema;
}

struct fixture {
    struct ovsdb_schema *schema;
    const struct ovsdb_table_schema *ts;
    struct ovsdb_table *table;
};

static void
fixture_init(struct fixture *f, const char *table_json)
{
    f->schema = make_schema(table_json);
    f->ts = ovsdb_schema_find_table(f->schema, "mytable");
    f->table = ovsdb_table_create(f->ts);
}

static void
fixture_destroy(struct fixture *f)
{
    ovsdb_table_destroy(f->table);
    ovsdb_schema_destroy(f->schema);
}

/* Parses condition 's'; fails the test on error. */
static void
parse_condition(const struct fixture *f, const char *s,
                struct ovsdb_condition *cnd)
{
    json_t *json = test_json_parse(s);
    struct ovsdb_error *error = ovsdb_condition_from_json(f->ts, json, NULL,
                                                          cnd);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", s,
                      ovsdb_error_to_string_free(error));
    }
    json_decref(json);
}

/* Parses 'in', prints it back, and compares with 'out'. */
static void
check_roundtrip(const struct fixture *f, const char *in, const char *out)
{
    struct ovsdb_condition cnd;
    json_t *json;

    parse_condition(f, in, &cnd);
    json = ovsdb_condition_to_json(&cnd);
    CHECK_JSON(json, out);
    json_decref(json);
    ovsdb_condition_destroy(&cnd);
}

/* Parses 'in', which must fail with 'tag' and 'details'. */
static void
check_parse_error(const struct fixture *f, const char *in, const char *tag,
                  const char *details)
{
    json_t *json = test_json_parse(in);
    struct ovsdb_condition cnd;
    struct ovsdb_error *error = ovsdb_condition_from_json(f->ts, json, NULL,
                                                          &cnd);
    if (!error) {
        osw_test_fail(__FILE__, __LINE__, "%s: parsed but should not", in);
    }
    CHECK_STREQ(ovsdb_error_get_tag(error), tag);
    CHECK_STREQ(error->details, details);
    CHECK_EQ(cnd.n_clauses, 0);
    ovsdb_error_destroy(error);
    json_decref(json);
}

/* Evaluates each condition of the JSON array 'conditions' on each row of
 * the JSON array 'rows' and compares with 'expected', one string of T and -
 * per condition. */
static void
check_evaluations(const char *table_json, const char *conditions,
                  const char *rows, const char *const expected[])
{
    struct fixture f;
    json_t *cj = test_json_parse(conditions);
    json_t *rj = test_json_parse(rows);
    size_t n_rows = json_array_size(rj);
    struct ovsdb_row **row_array = xcalloc(n_rows, sizeof *row_array);

    fixture_init(&f, table_json);
    for (size_t i = 0; i < n_rows; i++) {
        struct ovsdb_error *error;

        row_array[i] = ovsdb_row_create(f.table);
        error = ovsdb_row_from_json(row_array[i], json_array_get(rj, i),
                                    NULL, NULL);
        if (error) {
            osw_test_fail(__FILE__, __LINE__, "row %zu: %s", i,
                          ovsdb_error_to_string_free(error));
        }
    }

    for (size_t i = 0; i < json_array_size(cj); i++) {
        struct ovsdb_condition cnd;
        char *s = test_json_text(json_array_get(cj, i));
        char *actual = xzalloc(n_rows + 1);

        parse_condition(&f, s, &cnd);
        for (size_t j = 0; j < n_rows; j++) {
            actual[j] = ovsdb_condition_evaluate(row_array[j], &cnd)
                        ? 'T' : '-';
        }
        if (!expected[i] || strcmp(actual, expected[i])) {
            osw_test_fail(__FILE__, __LINE__,
                          "condition %zu %s: got %s, expected %s",
                          i, s, actual, expected[i] ? expected[i] : "(none)");
        }
        free(actual);
        free(s);
        ovsdb_condition_destroy(&cnd);
    }
    CHECK(expected[json_array_size(cj)] == NULL);

    for (size_t i = 0; i < n_rows; i++) {
        ovsdb_row_destroy(row_array[i]);
    }
    free(row_array);
    json_decref(cj);
    json_decref(rj);
    fixture_destroy(&f);
}

#define SCALARS_TABLE                                           \
    "{\"columns\": {\"i\": {\"type\": \"integer\"},"            \
    "               \"r\": {\"type\": \"real\"},"               \
    "               \"b\": {\"type\": \"boolean\"},"            \
    "               \"s\": {\"type\": \"string\"},"             \
    "               \"u\": {\"type\": \"uuid\"}}}"

#define SETS_TABLE                                                      \
    "{\"columns\":"                                                     \
    " {\"i\": {\"type\": {\"key\": \"integer\", \"min\": 0, \"max\": " \
    "\"unlimited\"}}," \
    "  \"r\": {\"type\": {\"key\": \"real\", \"min\": 0, \"max\": " \
    "\"unlimited\"}}," \
    "  \"b\": {\"type\": {\"key\": \"boolean\", \"min\": 0, \"max\": " \
    "\"unlimited\"}}," \
    "  \"s\": {\"type\": {\"key\": \"string\", \"min\": 0, \"max\": " \
    "\"unlimited\"}}," \
    "  \"u\": {\"type\": {\"key\": \"uuid\", \"min\": 0, \"max\": " \
    "\"unlimited\"}}}}"

/* Parsing and printing. */

OSW_TEST(null_condition)
{
    struct fixture f;

    fixture_init(&f, "{\"columns\": {\"name\": {\"type\": \"string\"}}}");
    check_roundtrip(&f, "[]", "[]");
    fixture_destroy(&f);
}

OSW_TEST(conditions_on_scalars)
{
    static const char *const conditions[] = {
        "[[\"i\", \"==\", 0]]",
        "[[\"i\", \"!=\", 1]]",
        "[[\"i\", \"<\", 2]]",
        "[[\"i\", \"<=\", 3]]",
        "[[\"i\", \">\", 4]]",
        "[[\"i\", \">=\", 5]]",
        "[[\"i\", \"includes\", 6]]",
        "[[\"i\", \"excludes\", 7]]",
        "[[\"r\", \"==\", 0.5]]",
        "[[\"r\", \"!=\", 1.5]]",
        "[[\"r\", \"<\", 2.5]]",
        "[[\"r\", \"<=\", 3.5]]",
        "[[\"r\", \">\", 4.5]]",
        "[[\"r\", \">=\", 5.5]]",
        "[[\"r\", \"includes\", 6.5]]",
        "[[\"r\", \"excludes\", 7.5]]",
        "[[\"b\", \"==\", true]]",
        "[[\"b\", \"!=\", false]]",
        "[[\"b\", \"includes\", false]]",
        "[[\"b\", \"excludes\", true]]",
        "[[\"s\", \"==\", \"a\"]]",
        "[[\"s\", \"!=\", \"b\"]]",
        "[[\"s\", \"includes\", \"c\"]]",
        "[[\"s\", \"excludes\", \"d\"]]",
        "[[\"u\", \"==\", [\"uuid\", "
        "\"b10d28f7-af18-4a67-9e78-2a6394516c59\"]]]",
        "[[\"u\", \"!=\", [\"uuid\", "
        "\"9179ca6d-6d65-400a-b455-3ad92783a099\"]]]",
        "[[\"u\", \"includes\", [\"uuid\", "
        "\"ad0fa355-8b84-4a36-a4b5-b2c1bfd91758\"]]]",
        "[[\"u\", \"excludes\", [\"uuid\", "
        "\"62315898-64e0-40b9-b26f-ff74225303e6\"]]]",
    };
    struct fixture f;

    fixture_init(&f, SCALARS_TABLE);
    for (size_t i = 0; i < ARRAY_SIZE(conditions); i++) {
        check_roundtrip(&f, conditions[i], conditions[i]);
    }
    fixture_destroy(&f);
}

OSW_TEST(disallowed_ordering_on_scalars)
{
    static const struct {
        const char *in;
        const char *details;
    } cases[] = {
        { "[[\"b\", \">\", true]]", "Type mismatch: \">\" operator may not "
          "be applied to column b of type boolean." },
        { "[[\"b\", \">=\", false]]", "Type mismatch: \">=\" operator may not "
          "be applied to column b of type boolean." },
        { "[[\"b\", \"<\", false]]", "Type mismatch: \"<\" operator may not "
          "be applied to column b of type boolean." },
        { "[[\"b\", \"<=\", false]]", "Type mismatch: \"<=\" operator may not "
          "be applied to column b of type boolean." },
        { "[[\"s\", \">\", \"a\"]]", "Type mismatch: \">\" operator may not "
          "be applied to column s of type string." },
        { "[[\"s\", \"<=\", \"d\"]]", "Type mismatch: \"<=\" operator may not "
          "be applied to column s of type string." },
        { "[[\"u\", \">\", [\"uuid\", "
          "\"b10d28f7-af18-4a67-9e78-2a6394516c59\"]]]",
          "Type mismatch: \">\" operator may not be applied to column u of "
          "type uuid." },
        { "[[\"u\", \"<\", [\"uuid\", "
          "\"ad0fa355-8b84-4a36-a4b5-b2c1bfd91758\"]]]",
          "Type mismatch: \"<\" operator may not be applied to column u of "
          "type uuid." },
    };
    struct fixture f;

    fixture_init(&f, SCALARS_TABLE);
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        check_parse_error(&f, cases[i].in, OVSDB_ERR_SYNTAX,
                          cases[i].details);
    }
    fixture_destroy(&f);
}

OSW_TEST(disallowed_ordering_on_sets)
{
    struct fixture f;

    fixture_init(&f, SETS_TABLE);
    check_parse_error(&f, "[[\"i\", \"<\", 1]]", OVSDB_ERR_SYNTAX,
                      "Type mismatch: \"<\" operator may not be applied to "
                      "column i of type set of integers.");
    check_parse_error(&f, "[[\"r\", \">=\", 1.5]]", OVSDB_ERR_SYNTAX,
                      "Type mismatch: \">=\" operator may not be applied to "
                      "column r of type set of reals.");
    fixture_destroy(&f);
}

OSW_TEST(conditions_on_sets)
{
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        { "[[\"i\", \"==\", [\"set\", []]]]",
          "[[\"i\",\"==\",[\"set\",[]]]]" },
        { "[[\"i\", \"!=\", [\"set\", [1]]]]", "[[\"i\",\"!=\",1]]" },
        { "[[\"i\", \"includes\", [\"set\", [1, 2]]]]",
          "[[\"i\",\"includes\",[\"set\",[1,2]]]]" },
        { "[[\"i\", \"excludes\", [\"set\", [1, 2, 3]]]]",
          "[[\"i\",\"excludes\",[\"set\",[1,2,3]]]]" },
        { "[[\"r\", \"==\", [\"set\", []]]]",
          "[[\"r\",\"==\",[\"set\",[]]]]" },
        { "[[\"r\", \"!=\", [\"set\", [1.5]]]]", "[[\"r\",\"!=\",1.5]]" },
        { "[[\"b\", \"==\", [\"set\", [true]]]]", "[[\"b\",\"==\",true]]" },
        { "[[\"b\", \"excludes\", [\"set\", [true, false]]]]",
          "[[\"b\",\"excludes\",[\"set\",[false,true]]]]" },
        { "[[\"s\", \"!=\", [\"set\", [\"a\", \"b\"]]]]",
          "[[\"s\",\"!=\",[\"set\",[\"a\",\"b\"]]]]" },
        { "[[\"s\", \"includes\", [\"set\", [\"c\"]]]]",
          "[[\"s\",\"includes\",\"c\"]]" },
        { "[[\"u\", \"==\", [\"set\", [[\"uuid\", "
          "\"b10d28f7-af18-4a67-9e78-2a6394516c59\"], [\"uuid\", "
          "\"9179ca6d-6d65-400a-b455-3ad92783a099\"]]]]]",
          "[[\"u\",\"==\",[\"set\",[[\"uuid\","
          "\"9179ca6d-6d65-400a-b455-3ad92783a099\"],[\"uuid\","
          "\"b10d28f7-af18-4a67-9e78-2a6394516c59\"]]]]]" },
    };
    struct fixture f;

    fixture_init(&f, SETS_TABLE);
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        check_roundtrip(&f, cases[i].in, cases[i].out);
    }
    fixture_destroy(&f);
}

OSW_TEST(condition_sorting)
{
    struct fixture f;

    fixture_init(&f, "{\"columns\": {\"i\": {\"type\": \"integer\"}}}");
    check_roundtrip(
        &f,
        "[[\"i\", \"excludes\", 7], [\"i\", \"!=\", 8], [\"i\", \"==\", 1],"
        " [\"i\", \"includes\", 2], [\"i\", \"<=\", 3], [\"i\", \"<\", 4],"
        " [\"i\", \">\", 6], [\"i\", \">=\", 5],"
        " [\"_uuid\", \"==\", [\"uuid\","
        " \"d50e85c6-8ae7-4b16-b69e-4395928bd9be\"]]]",
        "[[\"_uuid\",\"==\",[\"uuid\","
        "\"d50e85c6-8ae7-4b16-b69e-4395928bd9be\"]],[\"i\",\"==\",1],"
        "[\"i\",\"includes\",2],[\"i\",\"<=\",3],[\"i\",\"<\",4],"
        "[\"i\",\">=\",5],[\"i\",\">\",6],[\"i\",\"excludes\",7],"
        "[\"i\",\"!=\",8]]");
    fixture_destroy(&f);
}

OSW_TEST(sorting_by_column_name)
{
    struct fixture f;

    fixture_init(&f, SCALARS_TABLE);
    check_roundtrip(&f,
                    "[[\"s\", \"==\", \"x\"], [\"b\", \"==\", true], "
                    "[\"i\", \"==\", 1], true, [\"r\", \"==\", 2.5], false]",
                    "[false,true,[\"b\",\"==\",true],[\"i\",\"==\",1],"
                    "[\"r\",\"==\",2.5],[\"s\",\"==\",\"x\"]]");
    fixture_destroy(&f);
}

OSW_TEST(parse_errors)
{
    struct fixture f;

    fixture_init(&f, SCALARS_TABLE);
    check_parse_error(&f, "[[\"i\", \"==\"]]", OVSDB_ERR_SYNTAX,
                      "Parse error in condition.");
    check_parse_error(&f, "[[\"i\", \"==\", 1, 2]]", OVSDB_ERR_SYNTAX,
                      "Parse error in condition.");
    check_parse_error(&f, "[[1, \"==\", 1]]", OVSDB_ERR_SYNTAX,
                      "Parse error in condition.");
    check_parse_error(&f, "[[\"i\", 5, 1]]", OVSDB_ERR_SYNTAX,
                      "Parse error in condition.");
    check_parse_error(&f, "[\"i\"]", OVSDB_ERR_SYNTAX,
                      "Parse error in condition.");
    check_parse_error(&f, "[null]", OVSDB_ERR_SYNTAX,
                      "Parse error in condition.");
    check_parse_error(&f, "{}", OVSDB_ERR_SYNTAX,
                      "Parse error in condition.");
    check_parse_error(&f, "[[\"nope\", \"==\", 1]]", OVSDB_ERR_UNKNOWN_COLUMN,
                      "No column nope in table mytable.");
    check_parse_error(&f, "[[\"i\", \"===\", 1]]", "unknown function",
                      "No function named ===.");
    /* The boolean pseudo-functions are clauses, not function names. */
    check_parse_error(&f, "[[\"i\", \"true\", 1]]", "unknown function",
                      "No function named true.");
    /* The earlier clauses are freed when a later one fails. */
    check_parse_error(&f, "[[\"s\", \"==\", \"abc\"], [\"i\", \"xx\", 1]]",
                      "unknown function", "No function named xx.");
    fixture_destroy(&f);
}

OSW_TEST(value_errors)
{
    struct fixture f;
    json_t *json;
    struct ovsdb_condition cnd;
    struct ovsdb_error *error;

    fixture_init(&f,
                 "{\"columns\": {\"i\": {\"type\": {\"key\": {\"type\": "
                 "\"integer\", \"minInteger\": 10}}},"
                 " \"u\": {\"type\": \"uuid\"},"
                 " \"s\": {\"type\": {\"key\": \"string\", \"max\": 2}}}}");

    /* Wrong atomic type. */
    json = test_json_parse("[[\"i\", \"==\", \"x\"]]");
    error = ovsdb_condition_from_json(f.ts, json, NULL, &cnd);
    CHECK(error != NULL);
    CHECK_STREQ(ovsdb_error_get_tag(error), OVSDB_ERR_SYNTAX);
    ovsdb_error_destroy(error);
    json_decref(json);

    /* The column's constraints apply to the value. */
    json = test_json_parse("[[\"i\", \"==\", 5]]");
    error = ovsdb_condition_from_json(f.ts, json, NULL, &cnd);
    CHECK(error != NULL);
    CHECK_STREQ(ovsdb_error_get_tag(error), OVSDB_ERR_CONSTRAINT);
    ovsdb_error_destroy(error);
    json_decref(json);

    /* "==" keeps the size limits, "excludes" lifts them. */
    json = test_json_parse("[[\"s\", \"==\", [\"set\", [\"a\", \"b\", \"c\"]]]]");
    error = ovsdb_condition_from_json(f.ts, json, NULL, &cnd);
    CHECK(error != NULL);
    ovsdb_error_destroy(error);
    json_decref(json);
    check_roundtrip(&f, "[[\"s\", \"excludes\", [\"set\", [\"a\", \"b\", "
                    "\"c\"]]]]",
                    "[[\"s\",\"excludes\",[\"set\",[\"a\",\"b\",\"c\"]]]]");
    check_roundtrip(&f, "[[\"s\", \"includes\", [\"set\", []]]]",
                    "[[\"s\",\"includes\",[\"set\",[]]]]");

    /* named-uuid needs a symbol table. */
    json = test_json_parse("[[\"u\", \"==\", [\"named-uuid\", \"x\"]]]");
    error = ovsdb_condition_from_json(f.ts, json, NULL, &cnd);
    CHECK(error != NULL);
    CHECK_STREQ(ovsdb_error_get_tag(error), OVSDB_ERR_SYNTAX);
    ovsdb_error_destroy(error);

    struct ovsdb_symbol_table *symtab = ovsdb_symbol_table_create();
    error = ovsdb_condition_from_json(f.ts, json, symtab, &cnd);
    CHECK(error == NULL);
    struct ovsdb_symbol *symbol = ovsdb_symbol_table_get(symtab, "x");
    CHECK(symbol != NULL);
    CHECK(uuid_equals(&cnd.clauses[0].arg.keys[0].uuid, &symbol->uuid));
    CHECK(!symbol->created);
    ovsdb_condition_destroy(&cnd);
    ovsdb_symbol_table_destroy(symtab);
    json_decref(json);

    fixture_destroy(&f);
}

/* Evaluation. */

OSW_TEST(evaluating_null_condition)
{
    static const char *const expected[] = { "TTT", NULL };
    check_evaluations("{\"columns\": {\"i\": {\"type\": \"integer\"}}}",
                      "[[]]", "[{\"i\": 0}, {\"i\": 1}, {\"i\": 2}]",
                      expected);
}

OSW_TEST(evaluating_integers)
{
    static const char *const expected[] = {
        "T--", "TT-", "-T-", "T-T", "-TT", "--T", "-T-", "T-T", "-T-", NULL
    };
    check_evaluations(
        "{\"columns\": {\"i\": {\"type\": \"integer\"}}}",
        "[[[\"i\", \"<\", 1]], [[\"i\", \"<=\", 1]], [[\"i\", \"==\", 1]],"
        " [[\"i\", \"!=\", 1]], [[\"i\", \">=\", 1]], [[\"i\", \">\", 1]],"
        " [[\"i\", \"includes\", 1]], [[\"i\", \"excludes\", 1]],"
        " [[\"i\", \">\", 0], [\"i\", \"<\", 2]]]",
        "[{\"i\": 0}, {\"i\": 1}, {\"i\": 2}]", expected);
}

OSW_TEST(evaluating_reals)
{
    static const char *const expected[] = {
        "T--", "TT-", "-T-", "T-T", "-TT", "--T", "-T-", "T-T", "-T-", NULL
    };
    check_evaluations(
        "{\"columns\": {\"r\": {\"type\": \"real\"}}}",
        "[[[\"r\", \"<\", 5.0]], [[\"r\", \"<=\", 5.0]],"
        " [[\"r\", \"==\", 5.0]], [[\"r\", \"!=\", 5.0]],"
        " [[\"r\", \">=\", 5.0]], [[\"r\", \">\", 5.0]],"
        " [[\"r\", \"includes\", 5.0]], [[\"r\", \"excludes\", 5.0]],"
        " [[\"r\", \"!=\", 0], [\"r\", \"!=\", 5.1]]]",
        "[{\"r\": 0}, {\"r\": 5.0}, {\"r\": 5.1}]", expected);
}

OSW_TEST(evaluating_booleans)
{
    static const char *const expected[] = {
        "T-", "-T", "T-", "-T", "-T", "T-", "-T", "T-", "--", NULL
    };
    check_evaluations(
        "{\"columns\": {\"b\": {\"type\": \"boolean\"}}}",
        "[[[\"b\", \"==\", true]], [[\"b\", \"!=\", true]],"
        " [[\"b\", \"includes\", true]], [[\"b\", \"excludes\", true]],"
        " [[\"b\", \"==\", false]], [[\"b\", \"!=\", false]],"
        " [[\"b\", \"includes\", false]], [[\"b\", \"excludes\", false]],"
        " [[\"b\", \"==\", true], [\"b\", \"==\", false]]]",
        "[{\"b\": true}, {\"b\": false}]", expected);
}

OSW_TEST(evaluating_strings)
{
    static const char *const expected[] = {
        "T--", "-TT", "T--", "-TT", "-T-", "T-T", "-T-", "T-T", "--T", NULL
    };
    check_evaluations(
        "{\"columns\": {\"s\": {\"type\": \"string\"}}}",
        "[[[\"s\", \"==\", \"\"]], [[\"s\", \"!=\", \"\"]],"
        " [[\"s\", \"includes\", \"\"]], [[\"s\", \"excludes\", \"\"]],"
        " [[\"s\", \"==\", \"foo\"]], [[\"s\", \"!=\", \"foo\"]],"
        " [[\"s\", \"includes\", \"foo\"]], [[\"s\", \"excludes\", \"foo\"]],"
        " [[\"s\", \"!=\", \"foo\"], [\"s\", \"!=\", \"\"]]]",
        "[{\"s\": \"\"}, {\"s\": \"foo\"}, {\"s\": \"bar\"}]", expected);
}

OSW_TEST(evaluating_uuids)
{
    static const char *const expected[] = {
        "T--", "-TT", "T--", "-TT", "-T-", "T-T", "-T-", "T-T", "T-T", NULL
    };
#define U1 "[\"uuid\", \"8a1dbdb8-416f-4ce9-affa-3332691714b6\"]"
#define U2 "[\"uuid\", \"06151f9d-62d6-4f59-8504-e9765107faa9\"]"
#define U3 "[\"uuid\", \"cb160ed6-92a6-4503-a6aa-a09a09e01f0d\"]"
#define U0 "[\"uuid\", \"00000000-0000-0000-0000-000000000000\"]"
    check_evaluations(
        "{\"columns\": {\"u\": {\"type\": \"uuid\"}}}",
        "[[[\"u\", \"==\", " U1 "]], [[\"u\", \"!=\", " U1 "]],"
        " [[\"u\", \"includes\", " U1 "]], [[\"u\", \"excludes\", " U1 "]],"
        " [[\"u\", \"==\", " U2 "]], [[\"u\", \"!=\", " U2 "]],"
        " [[\"u\", \"includes\", " U2 "]], [[\"u\", \"excludes\", " U2 "]],"
        " [[\"u\", \"!=\", " U2 "], [\"u\", \"!=\", " U3 "]]]",
        "[{\"u\": " U1 "}, {\"u\": " U2 "}, {\"u\": " U0 "}]", expected);
#undef U0
#undef U1
#undef U2
#undef U3
}

#define SET_CONDITIONS(KIND, E0, E1, E2, E01, E2_, E20, E21, E210)     \
    "[[[\"i\", \"==\", [\"" KIND "\", [" E0 "]]]],"                     \
    " [[\"i\", \"==\", [\"" KIND "\", [" E1 "]]]],"                     \
    " [[\"i\", \"==\", [\"" KIND "\", [" E2 "]]]],"                     \
    " [[\"i\", \"==\", [\"" KIND "\", [" E01 "]]]],"                    \
    " [[\"i\", \"==\", [\"" KIND "\", [" E2_ "]]]],"                    \
    " [[\"i\", \"==\", [\"" KIND "\", [" E20 "]]]],"                    \
    " [[\"i\", \"==\", [\"" KIND "\", [" E21 "]]]],"                    \
    " [[\"i\", \"==\", [\"" KIND "\", [" E210 "]]]],"                   \
    " [[\"i\", \"!=\", [\"" KIND "\", [" E0 "]]]],"                     \
    " [[\"i\", \"!=\", [\"" KIND "\", [" E1 "]]]],"                     \
    " [[\"i\", \"!=\", [\"" KIND "\", [" E2 "]]]],"                     \
    " [[\"i\", \"!=\", [\"" KIND "\", [" E01 "]]]],"                    \
    " [[\"i\", \"!=\", [\"" KIND "\", [" E2_ "]]]],"                    \
    " [[\"i\", \"!=\", [\"" KIND "\", [" E20 "]]]],"                    \
    " [[\"i\", \"!=\", [\"" KIND "\", [" E21 "]]]],"                    \
    " [[\"i\", \"!=\", [\"" KIND "\", [" E210 "]]]],"                   \
    " [[\"i\", \"includes\", [\"" KIND "\", [" E0 "]]]],"               \
    " [[\"i\", \"includes\", [\"" KIND "\", [" E1 "]]]],"               \
    " [[\"i\", \"includes\", [\"" KIND "\", [" E2 "]]]],"               \
    " [[\"i\", \"includes\", [\"" KIND "\", [" E01 "]]]],"              \
    " [[\"i\", \"includes\", [\"" KIND "\", [" E2_ "]]]],"              \
    " [[\"i\", \"includes\", [\"" KIND "\", [" E20 "]]]],"              \
    " [[\"i\", \"includes\", [\"" KIND "\", [" E21 "]]]],"              \
    " [[\"i\", \"includes\", [\"" KIND "\", [" E210 "]]]],"             \
    " [[\"i\", \"excludes\", [\"" KIND "\", [" E0 "]]]],"               \
    " [[\"i\", \"excludes\", [\"" KIND "\", [" E1 "]]]],"               \
    " [[\"i\", \"excludes\", [\"" KIND "\", [" E2 "]]]],"               \
    " [[\"i\", \"excludes\", [\"" KIND "\", [" E01 "]]]],"              \
    " [[\"i\", \"excludes\", [\"" KIND "\", [" E2_ "]]]],"              \
    " [[\"i\", \"excludes\", [\"" KIND "\", [" E20 "]]]],"              \
    " [[\"i\", \"excludes\", [\"" KIND "\", [" E21 "]]]],"              \
    " [[\"i\", \"excludes\", [\"" KIND "\", [" E210 "]]]],"             \
    " [[\"i\", \"includes\", [\"" KIND "\", [" E1 "]]],"                \
    "  [\"i\", \"includes\", [\"" KIND "\", [" E2 "]]]]]"

static const char *const set_expectations[] = {
    "T-------", "-T------", "--T-----", "---T----",
    "----T---", "-----T--", "------T-", "-------T",
    "-TTTTTTT", "T-TTTTTT", "TT-TTTTT", "TTT-TTTT",
    "TTTT-TTT", "TTTTT-TT", "TTTTTT-T", "TTTTTTT-",
    "TTTTTTTT", "-T-T-T-T", "--TT--TT", "---T---T",
    "----TTTT", "-----T-T", "------TT", "-------T",
    "TTTTTTTT", "T-T-T-T-", "TT--TT--", "T---T---",
    "TTTT----", "T-T-----", "TT------", "T-------",
    "---T---T", NULL
};

OSW_TEST(evaluating_sets)
{
    check_evaluations(
        "{\"columns\": {\"i\": {\"type\": {\"key\": \"integer\","
        " \"min\": 0, \"max\": \"unlimited\"}}}}",
        SET_CONDITIONS("set", "", "0", "1", "0, 1", "2", "2, 0", "2, 1",
                       "2, 1, 0"),
        "[{\"i\": [\"set\", []]}, {\"i\": [\"set\", [0]]},"
        " {\"i\": [\"set\", [1]]}, {\"i\": [\"set\", [0, 1]]},"
        " {\"i\": [\"set\", [2]]}, {\"i\": [\"set\", [2, 0]]},"
        " {\"i\": [\"set\", [2, 1]]}, {\"i\": [\"set\", [2, 1, 0]]}]",
        set_expectations);
}

#define MAP_TABLE                                                       \
    "{\"columns\": {\"i\": {\"type\": {\"key\": \"integer\","           \
    " \"value\": \"boolean\", \"min\": 0, \"max\": \"unlimited\"}}}}"

OSW_TEST(evaluating_maps_matching_values)
{
    check_evaluations(
        MAP_TABLE,
        SET_CONDITIONS("map", "", "[0, true]", "[1, false]",
                       "[0, true], [1, false]", "[2, true]",
                       "[2, true], [0, true]", "[2, true], [1, false]",
                       "[2, true], [1, false], [0, true]"),
        "[{\"i\": [\"map\", []]}, {\"i\": [\"map\", [[0, true]]]},"
        " {\"i\": [\"map\", [[1, false]]]},"
        " {\"i\": [\"map\", [[0, true], [1, false]]]},"
        " {\"i\": [\"map\", [[2, true]]]},"
        " {\"i\": [\"map\", [[2, true], [0, true]]]},"
        " {\"i\": [\"map\", [[2, true], [1, false]]]},"
        " {\"i\": [\"map\", [[2, true], [1, false], [0, true]]]}]",
        set_expectations);
}

OSW_TEST(evaluating_maps_differing_values)
{
    static const char *const expected[] = {
        "T--------------", "-T-------------", "---T-----------",
        "-----T---------", "-------T-------", "---------T-----",
        "-----------T---", "-------------T-",
        "-TTTTTTTTTTTTTT", "T-TTTTTTTTTTTTT", "TTT-TTTTTTTTTTT",
        "TTTTT-TTTTTTTTT", "TTTTTTT-TTTTTTT", "TTTTTTTTT-TTTTT",
        "TTTTTTTTTTT-TTT", "TTTTTTTTTTTTT-T",
        "TTTTTTTTTTTTTTT", "-T---TT--TT--T-", "---T-T-----T-TT",
        "-----T-------T-", "-------T-T-TTTT", "---------T---T-",
        "-----------T-TT", "-------------T-",
        "TTTTTTTTTTTTTTT", "T-TTT--TT--TT-T", "TTT-T-TTTTT-T--",
        "T-T-T--TT---T--", "TTTTTTT-T-T----", "T-TTT---T------",
        "TTT-T-T-T-T----", "T-T-T---T------",
        "-----T-------T-", NULL
    };
    check_evaluations(
        MAP_TABLE,
        SET_CONDITIONS("map", "", "[0, true]", "[1, false]",
                       "[0, true], [1, false]", "[2, true]",
                       "[2, true], [0, true]", "[2, true], [1, false]",
                       "[2, true], [1, false], [0, true]"),
        "[{\"i\": [\"map\", []]}, {\"i\": [\"map\", [[0, true]]]},"
        " {\"i\": [\"map\", [[0, false]]]}, {\"i\": [\"map\", [[1, false]]]},"
        " {\"i\": [\"map\", [[1, true]]]},"
        " {\"i\": [\"map\", [[0, true], [1, false]]]},"
        " {\"i\": [\"map\", [[0, true], [1, true]]]},"
        " {\"i\": [\"map\", [[2, true]]]}, {\"i\": [\"map\", [[2, false]]]},"
        " {\"i\": [\"map\", [[2, true], [0, true]]]},"
        " {\"i\": [\"map\", [[2, false], [0, true]]]},"
        " {\"i\": [\"map\", [[2, true], [1, false]]]},"
        " {\"i\": [\"map\", [[2, true], [1, true]]]},"
        " {\"i\": [\"map\", [[2, true], [1, false], [0, true]]]},"
        " {\"i\": [\"map\", [[2, true], [1, false], [0, false]]]}]",
        expected);
}

OSW_TEST(evaluating_optional_integers)
{
    static const char *const expected[] = {
        "-T--", "-TT-", "--T-", "TT-T", "--TT", "---T", "--T-", "TT-T",
        "--T-", NULL
    };
    check_evaluations(
        "{\"columns\": {\"i\": {\"type\": {\"key\": \"integer\","
        " \"min\": 0, \"max\": 1}}}}",
        "[[[\"i\", \"<\", 1]], [[\"i\", \"<=\", 1]], [[\"i\", \"==\", 1]],"
        " [[\"i\", \"!=\", 1]], [[\"i\", \">=\", 1]], [[\"i\", \">\", 1]],"
        " [[\"i\", \"includes\", 1]], [[\"i\", \"excludes\", 1]],"
        " [[\"i\", \">\", 0], [\"i\", \"<\", 2]]]",
        "[{\"i\": [\"set\", []]}, {\"i\": [\"set\", [0]]},"
        " {\"i\": [\"set\", [1]]}, {\"i\": [\"set\", [2]]}]", expected);
}

OSW_TEST(evaluating_optional_strings)
{
    static const char *const expected[] = {
        "T---", "-TTT", "T---", "-TTT", "-T--", "T-TT", "-T--", "T-TT",
        "--TT", NULL
    };
    check_evaluations(
        "{\"columns\": {\"s\": {\"type\": {\"key\": \"string\","
        " \"min\": 0, \"max\": 1}}}}",
        "[[[\"s\", \"==\", \"\"]], [[\"s\", \"!=\", \"\"]],"
        " [[\"s\", \"includes\", \"\"]], [[\"s\", \"excludes\", \"\"]],"
        " [[\"s\", \"==\", \"foo\"]], [[\"s\", \"!=\", \"foo\"]],"
        " [[\"s\", \"includes\", \"foo\"]], [[\"s\", \"excludes\", \"foo\"]],"
        " [[\"s\", \"!=\", \"foo\"], [\"s\", \"!=\", \"\"]]]",
        "[{\"s\": [\"set\", [\"\"]]}, {\"s\": [\"set\", [\"foo\"]]},"
        " {\"s\": [\"set\", [\"bar\"]]}, {\"s\": [\"set\", []]}]",
        expected);
}

OSW_TEST(evaluating_optional_reals)
{
    static const char *const expected[] = {
        "T---", "TT--", "-T--", "T-TT", "-TT-", "--T-", "-T--", "T-TT",
        "-T-T", NULL
    };
    check_evaluations(
        "{\"columns\": {\"r\": {\"type\": {\"key\": \"real\","
        " \"min\": 0, \"max\": 1}}}}",
        "[[[\"r\", \"<\", 5.0]], [[\"r\", \"<=\", 5.0]],"
        " [[\"r\", \"==\", 5.0]], [[\"r\", \"!=\", 5.0]],"
        " [[\"r\", \">=\", 5.0]], [[\"r\", \">\", 5.0]],"
        " [[\"r\", \"includes\", 5.0]], [[\"r\", \"excludes\", 5.0]],"
        " [[\"r\", \"!=\", 0], [\"r\", \"!=\", 5.1]]]",
        "[{\"r\": [\"set\", [0]]}, {\"r\": [\"set\", [5.0]]},"
        " {\"r\": [\"set\", [5.1]]}, {\"r\": [\"set\", []]}]", expected);
}

OSW_TEST(evaluating_empty_optional_values)
{
    /* An empty value is a valid argument for an optional column: "=="
     * then matches exactly the empty rows, and ordering never matches. */
    static const char *const expected[] = {
        "-T", "T-", "T-", "TT", "--", NULL
    };
    check_evaluations(
        "{\"columns\": {\"i\": {\"type\": {\"key\": \"integer\","
        " \"min\": 0, \"max\": 1}}}}",
        "[[[\"i\", \"==\", [\"set\", []]]], [[\"i\", \"!=\", [\"set\", []]]],"
        " [[\"i\", \"includes\", [\"set\", [1]]], [\"i\", \"==\", 1]],"
        " [[\"i\", \"includes\", [\"set\", []]]],"
        " [[\"i\", \"<\", [\"set\", []]]]]",
        "[{\"i\": 1}, {\"i\": [\"set\", []]}]", expected);
}

OSW_TEST(evaluating_booleans_clauses)
{
    static const char *const expected[] = {
        "TT", "--", "--", "-T", "T-", NULL
    };
    check_evaluations(
        "{\"columns\": {\"i\": {\"type\": \"integer\"}}}",
        "[[true], [false], [true, false], [true, [\"i\", \"==\", 2]],"
        " [true, true, [\"i\", \"!=\", 2]]]",
        "[{\"i\": 1}, {\"i\": 2}]", expected);
}

/* Other operations. */

OSW_TEST(true_and_false)
{
    struct ovsdb_condition cnd;
    struct fixture f;

    fixture_init(&f, SCALARS_TABLE);

    parse_condition(&f, "[]", &cnd);
    CHECK(ovsdb_condition_is_true(&cnd));
    CHECK(!ovsdb_condition_is_false(&cnd));
    ovsdb_condition_destroy(&cnd);

    parse_condition(&f, "[true, true]", &cnd);
    CHECK(ovsdb_condition_is_true(&cnd));
    CHECK(!ovsdb_condition_is_false(&cnd));
    ovsdb_condition_destroy(&cnd);

    parse_condition(&f, "[true, false]", &cnd);
    CHECK(!ovsdb_condition_is_true(&cnd));
    CHECK(ovsdb_condition_is_false(&cnd));
    ovsdb_condition_destroy(&cnd);

    parse_condition(&f, "[[\"i\", \"==\", 1]]", &cnd);
    CHECK(!ovsdb_condition_is_true(&cnd));
    CHECK(!ovsdb_condition_is_false(&cnd));
    ovsdb_condition_destroy(&cnd);

    fixture_destroy(&f);
}

OSW_TEST(clone_and_compare)
{
    struct ovsdb_condition a, b, c, d;
    struct fixture f;

    fixture_init(&f, SCALARS_TABLE);
    parse_condition(&f, "[[\"s\", \"==\", \"x\"], [\"i\", \"<\", 3], true]",
                    &a);
    /* Same clauses in another order: equal once sorted. */
    parse_condition(&f, "[true, [\"i\", \"<\", 3], [\"s\", \"==\", \"x\"]]",
                    &b);
    parse_condition(&f, "[[\"s\", \"==\", \"y\"], [\"i\", \"<\", 3], true]",
                    &c);
    ovsdb_condition_clone(&d, &a);

    CHECK_EQ(ovsdb_condition_cmp_3way(&a, &b), 0);
    CHECK_EQ(ovsdb_condition_cmp_3way(&a, &d), 0);
    CHECK(ovsdb_condition_cmp_3way(&a, &c) < 0);
    CHECK(ovsdb_condition_cmp_3way(&c, &a) > 0);

    json_t *json = ovsdb_condition_to_json(&d);
    CHECK_JSON(json, "[true,[\"s\",\"==\",\"x\"],[\"i\",\"<\",3]]");
    json_decref(json);

    /* Destroying the original leaves the clone intact. */
    ovsdb_condition_destroy(&a);
    struct ovsdb_row *row = ovsdb_row_create(f.table);
    json_t *rj = test_json_parse("{\"s\": \"x\", \"i\": 2}");
    CHECK(!ovsdb_row_from_json(row, rj, NULL, NULL));
    CHECK(ovsdb_condition_evaluate(row, &d));
    CHECK(!ovsdb_condition_evaluate(row, &c));
    json_decref(rj);
    ovsdb_row_destroy(row);

    ovsdb_condition_destroy(&b);
    ovsdb_condition_destroy(&c);
    ovsdb_condition_destroy(&d);
    fixture_destroy(&f);
}

/* Queries on a database. */

static struct ovsdb *
make_db(const char *schema_json)
{
    json_t *json = test_json_parse(schema_json);
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);

    if (error) {
        osw_test_fail(__FILE__, __LINE__, "bad schema: %s",
                      ovsdb_error_to_string_free(error));
    }
    json_decref(json);
    return ovsdb_create(schema);
}

#define ORDINALS_SCHEMA                                                 \
    "{\"name\": \"ordinals\", \"tables\": {\"ordinals\": {"             \
    " \"columns\": {\"number\": {\"type\": \"integer\"},"               \
    "               \"name\": {\"type\": \"string\"}},"                 \
    " \"indexes\": [[\"number\"], [\"number\", \"name\"]]}}}"

/* Inserts a row with 'number' and 'name' and returns its uuid. */
static struct uuid
insert_ordinal(struct ovsdb_txn *txn, struct ovsdb_table *table,
               int number, const char *name)
{
    struct ovsdb_row *row = ovsdb_row_create(table);
    char *s = xasprintf("{\"number\": %d, \"name\": \"%s\"}", number, name);
    json_t *json = test_json_parse(s);
    struct uuid uuid;

    CHECK(!ovsdb_row_from_json(row, json, NULL, NULL));
    uuid_generate(&uuid);
    *ovsdb_row_get_uuid_rw(row) = uuid;
    ovsdb_txn_row_insert(txn, row);
    json_decref(json);
    free(s);
    return uuid;
}

static size_t
query_count(const struct ovsdb_table *table, const char *where,
            enum ovsdb_query_plan expected_plan)
{
    struct ovsdb_row_set rows = OVSDB_ROW_SET_INITIALIZER;
    json_t *json = test_json_parse(where);
    struct ovsdb_condition cnd;
    size_t n;

    CHECK(!ovsdb_condition_from_json(table->schema, json, NULL, &cnd));
    CHECK_EQ(ovsdb_query_plan(table, &cnd, NULL), expected_plan);
    ovsdb_query(table, &cnd, &rows);
    n = rows.n_rows;
    ovsdb_row_set_destroy(&rows);
    ovsdb_condition_destroy(&cnd);
    json_decref(json);
    return n;
}

OSW_TEST(query_plans)
{
    struct ovsdb *db = make_db(ORDINALS_SCHEMA);
    struct ovsdb_table *table = ovsdb_get_table(db, "ordinals");
    struct ovsdb_condition cnd;
    size_t index = 99;
    json_t *json;

    json = test_json_parse("[[\"name\", \"==\", \"x\"]]");
    CHECK(!ovsdb_condition_from_json(table->schema, json, NULL, &cnd));
    CHECK_EQ(ovsdb_query_plan(table, &cnd, &index), OVSDB_QUERY_SCAN);
    ovsdb_condition_destroy(&cnd);
    json_decref(json);

    json = test_json_parse("[[\"name\", \"==\", \"x\"], [\"number\", \"==\", 1]]");
    CHECK(!ovsdb_condition_from_json(table->schema, json, NULL, &cnd));
    CHECK_EQ(ovsdb_query_plan(table, &cnd, &index), OVSDB_QUERY_INDEX);
    CHECK_EQ(index, 0);
    ovsdb_condition_destroy(&cnd);
    json_decref(json);

    /* "<=" does not use an index. */
    json = test_json_parse("[[\"number\", \"<=\", 1]]");
    CHECK(!ovsdb_condition_from_json(table->schema, json, NULL, &cnd));
    CHECK_EQ(ovsdb_query_plan(table, &cnd, &index), OVSDB_QUERY_SCAN);
    ovsdb_condition_destroy(&cnd);
    json_decref(json);

    json = test_json_parse("[[\"number\", \"==\", 1], [\"_uuid\", \"==\", "
                      "[\"uuid\", "
                      "\"d50e85c6-8ae7-4b16-b69e-4395928bd9be\"]]]");
    CHECK(!ovsdb_condition_from_json(table->schema, json, NULL, &cnd));
    CHECK_EQ(ovsdb_query_plan(table, &cnd, &index), OVSDB_QUERY_UUID);
    ovsdb_condition_destroy(&cnd);
    json_decref(json);

    json = test_json_parse("[[\"number\", \"==\", 1], false]");
    CHECK(!ovsdb_condition_from_json(table->schema, json, NULL, &cnd));
    CHECK_EQ(ovsdb_query_plan(table, &cnd, &index), OVSDB_QUERY_NONE);
    ovsdb_condition_destroy(&cnd);
    json_decref(json);

    ovsdb_destroy(db);
}

OSW_TEST(query_fast_paths_see_transaction)
{
    struct ovsdb *db = make_db(ORDINALS_SCHEMA);
    struct ovsdb_table *table = ovsdb_get_table(db, "ordinals");
    struct ovsdb_txn *txn;
    struct uuid zero, one, two;
    char *where;

    /* Committed rows. */
    txn = ovsdb_txn_create(db);
    zero = insert_ordinal(txn, table, 0, "zero");
    one = insert_ordinal(txn, table, 1, "one");
    CHECK(!ovsdb_txn_commit(txn));

    CHECK_EQ(query_count(table, "[[\"number\", \"==\", 0]]",
                         OVSDB_QUERY_INDEX), 1);
    CHECK_EQ(query_count(table, "[[\"number\", \"==\", 5]]",
                         OVSDB_QUERY_INDEX), 0);
    CHECK_EQ(query_count(table, "[[\"number\", \"==\", 1], "
                         "[\"name\", \"==\", \"one\"]]",
                         OVSDB_QUERY_INDEX), 1);
    CHECK_EQ(query_count(table, "[[\"number\", \"==\", 1], "
                         "[\"name\", \"==\", \"uno\"]]",
                         OVSDB_QUERY_INDEX), 0);

    /* In a transaction: insert a duplicate, modify and delete. */
    txn = ovsdb_txn_create(db);
    two = insert_ordinal(txn, table, 0, "another zero");
    struct ovsdb_row *row = ovsdb_txn_row_modify(
        txn, ovsdb_table_get_row(table, &one));
    ovsdb_datum_destroy(&row->fields[2], &table->schema->columns[2]->type);
    ovsdb_datum_init_integer(&row->fields[2], 7);
    /* Columns: _uuid, _version, number, name (in JSON order). */
    CHECK_STREQ(table->schema->columns[2]->name, "number");

    CHECK_EQ(query_count(table, "[[\"number\", \"==\", 0]]",
                         OVSDB_QUERY_INDEX), 2);
    CHECK_EQ(query_count(table, "[[\"number\", \"==\", 1]]",
                         OVSDB_QUERY_INDEX), 0);
    CHECK_EQ(query_count(table, "[[\"number\", \"==\", 7]]",
                         OVSDB_QUERY_INDEX), 1);

    ovsdb_txn_row_delete(txn, ovsdb_table_get_row(table, &zero));
    CHECK_EQ(query_count(table, "[[\"number\", \"==\", 0]]",
                         OVSDB_QUERY_INDEX), 1);

    where = xasprintf("[[\"_uuid\", \"==\", [\"uuid\", \""UUID_FMT"\"]]]",
                      UUID_ARGS(&zero));
    CHECK_EQ(query_count(table, where, OVSDB_QUERY_UUID), 0);
    free(where);
    where = xasprintf("[[\"_uuid\", \"==\", [\"uuid\", \""UUID_FMT"\"]]]",
                      UUID_ARGS(&two));
    CHECK_EQ(query_count(table, where, OVSDB_QUERY_UUID), 1);
    free(where);
    where = xasprintf("[[\"_uuid\", \"==\", [\"uuid\", \""UUID_FMT"\"]], "
                      "[\"number\", \"==\", 1]]", UUID_ARGS(&one));
    CHECK_EQ(query_count(table, where, OVSDB_QUERY_UUID), 0);
    free(where);

    CHECK_EQ(query_count(table, "[]", OVSDB_QUERY_SCAN), 2);
    ovsdb_txn_abort(txn);

    /* After the abort, the committed state again. */
    CHECK_EQ(query_count(table, "[[\"number\", \"==\", 0]]",
                         OVSDB_QUERY_INDEX), 1);
    CHECK_EQ(query_count(table, "[[\"number\", \"==\", 1]]",
                         OVSDB_QUERY_INDEX), 1);
    CHECK_EQ(query_count(table, "[[\"number\", \"==\", 7]]",
                         OVSDB_QUERY_INDEX), 0);
    CHECK_EQ(query_count(table, "[]", OVSDB_QUERY_SCAN), 2);

    ovsdb_destroy(db);
}

OSW_TEST(query_by_uuid_is_fast)
{
    /* 20000 rows, 20000 lookups: a scan per lookup would take 4e8 row
     * evaluations; this finishes in milliseconds only with the hash
     * lookup.  The plan check above is the real assertion; this one makes
     * sure the lookup gives the right row. */
    struct ovsdb *db = make_db(ORDINALS_SCHEMA);
    struct ovsdb_table *table = ovsdb_get_table(db, "ordinals");
    enum { N = 20000 };
    struct uuid *uuids = xmalloc(N * sizeof *uuids);
    struct ovsdb_txn *txn = ovsdb_txn_create(db);

    for (int i = 0; i < N; i++) {
        uuids[i] = insert_ordinal(txn, table, i, "x");
    }
    CHECK(!ovsdb_txn_commit(txn));

    for (int i = 0; i < N; i++) {
        struct ovsdb_row_set rows = OVSDB_ROW_SET_INITIALIZER;
        struct ovsdb_condition cnd;
        struct ovsdb_clause clause;

        /* Build the condition directly to keep the test quick. */
        clause.function = OVSDB_F_EQ;
        clause.column = table->schema->columns[OVSDB_COL_UUID];
        ovsdb_datum_init_uuid(&clause.arg, &uuids[i]);
        cnd.clauses = &clause;
        cnd.n_clauses = 1;
        ovsdb_query(table, &cnd, &rows);
        CHECK_EQ(rows.n_rows, 1);
        CHECK_EQ(rows.rows[0]->fields[2].keys[0].integer, i);
        ovsdb_row_set_destroy(&rows);
        ovsdb_datum_destroy(&clause.arg, &clause.column->type);
    }
    free(uuids);
    ovsdb_destroy(db);
}

OSW_TEST_MAIN()
