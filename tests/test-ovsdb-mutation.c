/* Tests for ovsdb/mutation.c: parsing, printing and executing RFC 7047
 * mutations.
 *
 * The expected results and error messages are those Open vSwitch's
 * ovsdb-server gives for the same mutations. */
#include <config.h>
#include "test-json.h"
#include "testlib.h"

#include <float.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "mutation.h"
#include "osw/uuid.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "row.h"
#include "table.h"

/* Helpers. */

struct fixture {
    struct ovsdb_schema *schema;
    const struct ovsdb_table_schema *ts;
    struct ovsdb_table *table;
};

static void
fixture_init(struct fixture *f, const char *table_json)
{
    char *s = xasprintf("{\"name\": \"mydb\", \"tables\": {\"mytable\": %s}}",
                        table_json);
    json_t *json = test_json_parse(s);
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &f->schema);

    if (error) {
        osw_test_fail(__FILE__, __LINE__, "bad schema: %s",
                      ovsdb_error_to_string_free(error));
    }
    json_decref(json);
    free(s);
    f->ts = ovsdb_schema_find_table(f->schema, "mytable");
    f->table = ovsdb_table_create(f->ts);
}

static void
fixture_destroy(struct fixture *f)
{
    ovsdb_table_destroy(f->table);
    ovsdb_schema_destroy(f->schema);
}

static void
parse_mutations(const struct fixture *f, const char *s,
                struct ovsdb_mutation_set *set)
{
    json_t *json = test_json_parse(s);
    struct ovsdb_error *error = ovsdb_mutation_set_from_json(f->ts, json,
                                                             NULL, set);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", s,
                      ovsdb_error_to_string_free(error));
    }
    json_decref(json);
}

static void
check_roundtrip(const struct fixture *f, const char *in, const char *out)
{
    struct ovsdb_mutation_set set;
    json_t *json;

    parse_mutations(f, in, &set);
    json = ovsdb_mutation_set_to_json(&set);
    CHECK_JSON(json, out);
    json_decref(json);
    ovsdb_mutation_set_destroy(&set);
}

/* Parsing 'in' must fail with 'expected' as ovsdb_error_to_string() puts
 * it. */
static void
check_parse_error(const struct fixture *f, const char *in,
                  const char *expected)
{
    json_t *json = test_json_parse(in);
    struct ovsdb_mutation_set set;
    struct ovsdb_error *error = ovsdb_mutation_set_from_json(f->ts, json,
                                                             NULL, &set);
    char *s;

    if (!error) {
        osw_test_fail(__FILE__, __LINE__, "%s: parsed but should not", in);
    }
    CHECK_EQ(set.n_mutations, 0);
    s = ovsdb_error_to_string_free(error);
    CHECK_STREQ(s, expected);
    free(s);
    json_decref(json);
}

static struct ovsdb_row *
parse_row(const struct fixture *f, const json_t *json)
{
    struct ovsdb_row *row = ovsdb_row_create(f->table);
    struct ovsdb_error *error = ovsdb_row_from_json(row, json, NULL, NULL);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "bad row: %s",
                      ovsdb_error_to_string_free(error));
    }
    return row;
}

static bool
rows_equal(const struct ovsdb_row *a, const struct ovsdb_row *b)
{
    struct ovsdb_column_set all = OVSDB_COLUMN_SET_INITIALIZER;
    bool equal;

    ovsdb_column_set_add_all(&all, a->table->schema);
    equal = ovsdb_row_equal_columns(a, b, &all);
    ovsdb_column_set_destroy(&all);
    return equal;
}

/* Applies each mutation set of the JSON array 'mutations' to a fresh copy
 * of each row of the JSON array 'rows', and compares the outcome with
 * 'expected', which lists, mutation by mutation and row by row, either
 * "no change", the mutated row as a JSON object, or the error as
 * "TAG: DETAILS". */
static void
check_mutations(const char *table_json, const char *mutations,
                const char *rows, const char *const expected[])
{
    json_t *mj = test_json_parse(mutations);
    json_t *rj = test_json_parse(rows);
    size_t k = 0;
    struct fixture f;

    fixture_init(&f, table_json);
    for (size_t i = 0; i < json_array_size(mj); i++) {
        struct ovsdb_mutation_set set;
        char *text = test_json_text(json_array_get(mj, i));

        parse_mutations(&f, text, &set);
        for (size_t j = 0; j < json_array_size(rj); j++, k++) {
            struct ovsdb_row *row = parse_row(&f, json_array_get(rj, j));
            struct ovsdb_row *orig = ovsdb_row_clone(row);
            struct ovsdb_error *error;
            const char *want = expected[k];

            if (!want) {
                osw_test_fail(__FILE__, __LINE__, "too few expectations");
            }
            error = ovsdb_mutation_set_execute(row, &set);
            if (error) {
                char *s = ovsdb_error_to_string_free(error);
                if (strcmp(s, want)) {
                    osw_test_fail(__FILE__, __LINE__,
                                  "mutation %zu %s row %zu: got \"%s\", "
                                  "expected \"%s\"", i, text, j, s, want);
                }
                free(s);
                /* A failed mutation leaves the column alone. */
                CHECK(rows_equal(row, orig));
            } else if (rows_equal(row, orig)) {
                if (strcmp(want, "no change")) {
                    osw_test_fail(__FILE__, __LINE__,
                                  "mutation %zu %s row %zu: no change, "
                                  "expected %s", i, text, j, want);
                }
            } else {
                json_t *ej;
                struct ovsdb_row *exp;

                if (want[0] != '{') {
                    json_t *got = ovsdb_row_to_json(row, NULL);
                    char *g = test_json_text(got);
                    osw_test_fail(__FILE__, __LINE__,
                                  "mutation %zu %s row %zu: got %s, "
                                  "expected %s", i, text, j, g, want);
                }
                ej = test_json_parse(want);
                exp = parse_row(&f, ej);
                /* The implicit columns stay at their (zero) defaults. */
                if (!rows_equal(row, exp)) {
                    json_t *got = ovsdb_row_to_json(row, NULL);
                    char *g = test_json_text(got);
                    osw_test_fail(__FILE__, __LINE__,
                                  "mutation %zu %s row %zu: got %s, "
                                  "expected %s", i, text, j, g, want);
                }
                CHECK(ovsdb_datum_conforms_to_type(
                          &row->fields[2], &f.ts->columns[2]->type));
                ovsdb_row_destroy(exp);
                json_decref(ej);
            }
            ovsdb_row_destroy(row);
            ovsdb_row_destroy(orig);
        }
        ovsdb_mutation_set_destroy(&set);
        free(text);
    }
    CHECK(expected[k] == NULL);
    json_decref(mj);
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

/* Parsing. */

OSW_TEST(null_mutation)
{
    struct fixture f;

    fixture_init(&f, "{\"columns\": {\"name\": {\"type\": \"string\"}}}");
    check_roundtrip(&f, "[]", "[]");
    fixture_destroy(&f);
}

OSW_TEST(mutations_on_scalars)
{
    static const char *const mutations[] = {
        "[[\"i\", \"+=\", 0]]",
        "[[\"i\", \"-=\", 1]]",
        "[[\"i\", \"*=\", 2]]",
        "[[\"i\", \"/=\", 3]]",
        "[[\"i\", \"%=\", 4]]",
        "[[\"r\", \"+=\", 0.5]]",
        "[[\"r\", \"-=\", 1.5]]",
        "[[\"r\", \"*=\", 2.5]]",
        "[[\"r\", \"/=\", 3.5]]",
    };
    struct fixture f;

    fixture_init(&f, SCALARS_TABLE);
    for (size_t i = 0; i < ARRAY_SIZE(mutations); i++) {
        check_roundtrip(&f, mutations[i], mutations[i]);
    }
    /* Several mutations keep their order. */
    check_roundtrip(&f, "[[\"r\", \"*=\", 2.5], [\"i\", \"+=\", 1]]",
                    "[[\"r\",\"*=\",2.5],[\"i\",\"+=\",1]]");
    fixture_destroy(&f);
}

OSW_TEST(disallowed_mutations_on_scalars)
{
#define MISMATCH(M, OP, COL, TYPE)                                      \
    { M, "syntax \"" M "\": syntax error: Type mismatch: \"" OP         \
      "\" operator may not be applied to column " COL " of type "       \
      TYPE "." }
    static const struct {
        const char *in;
        const char *error;
    } cases[] = {
        { "[\"i\",\"nosuch\",1]", "unknown mutator: No mutator named nosuch." },
        MISMATCH("[\"i\",\"insert\",1]", "insert", "i", "integer"),
        MISMATCH("[\"i\",\"delete\",2]", "delete", "i", "integer"),
        MISMATCH("[\"r\",\"%=\",0.5]", "%=", "r", "real"),
        MISMATCH("[\"r\",\"insert\",1.5]", "insert", "r", "real"),
        MISMATCH("[\"r\",\"delete\",2.5]", "delete", "r", "real"),
        MISMATCH("[\"b\",\"+=\",true]", "+=", "b", "boolean"),
        MISMATCH("[\"b\",\"-=\",false]", "-=", "b", "boolean"),
        MISMATCH("[\"b\",\"*=\",true]", "*=", "b", "boolean"),
        MISMATCH("[\"b\",\"/=\",false]", "/=", "b", "boolean"),
        MISMATCH("[\"b\",\"%=\",true]", "%=", "b", "boolean"),
        MISMATCH("[\"b\",\"insert\",false]", "insert", "b", "boolean"),
        MISMATCH("[\"b\",\"delete\",true]", "delete", "b", "boolean"),
        MISMATCH("[\"s\",\"+=\",\"a\"]", "+=", "s", "string"),
        MISMATCH("[\"s\",\"-=\",\"b\"]", "-=", "s", "string"),
        MISMATCH("[\"s\",\"*=\",\"c\"]", "*=", "s", "string"),
        MISMATCH("[\"s\",\"/=\",\"d\"]", "/=", "s", "string"),
        MISMATCH("[\"s\",\"%=\",\"e\"]", "%=", "s", "string"),
        MISMATCH("[\"s\",\"insert\",\"f\"]", "insert", "s", "string"),
        MISMATCH("[\"s\",\"delete\",\"g\"]", "delete", "s", "string"),
        MISMATCH("[\"u\",\"+=\",[\"uuid\","
                 "\"9179ca6d-6d65-400a-b455-3ad92783a099\"]]",
                 "+=", "u", "uuid"),
        MISMATCH("[\"u\",\"-=\",[\"uuid\","
                 "\"9179ca6d-6d65-400a-b455-3ad92783a099\"]]",
                 "-=", "u", "uuid"),
        MISMATCH("[\"u\",\"*=\",[\"uuid\","
                 "\"9179ca6d-6d65-400a-b455-3ad92783a099\"]]",
                 "*=", "u", "uuid"),
        MISMATCH("[\"u\",\"/=\",[\"uuid\","
                 "\"9179ca6d-6d65-400a-b455-3ad92783a099\"]]",
                 "/=", "u", "uuid"),
        MISMATCH("[\"u\",\"insert\",[\"uuid\","
                 "\"9179ca6d-6d65-400a-b455-3ad92783a099\"]]",
                 "insert", "u", "uuid"),
        MISMATCH("[\"u\",\"delete\",[\"uuid\","
                 "\"9179ca6d-6d65-400a-b455-3ad92783a099\"]]",
                 "delete", "u", "uuid"),
    };
#undef MISMATCH
    struct fixture f;

    fixture_init(&f, SCALARS_TABLE);
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char *in = xasprintf("[%s]", cases[i].in);
        check_parse_error(&f, in, cases[i].error);
        free(in);
    }
    fixture_destroy(&f);
}

OSW_TEST(disallowed_mutations_on_maps)
{
    struct fixture f;

    fixture_init(&f, "{\"columns\": {\"m\": {\"type\": {\"key\": "
                 "\"integer\", \"value\": \"integer\", \"min\": 0, "
                 "\"max\": \"unlimited\"}}}}");
    check_parse_error(&f, "[[\"m\",\"+=\",1]]",
                      "syntax \"[\"m\",\"+=\",1]\": syntax error: Type "
                      "mismatch: \"+=\" operator may not be applied to "
                      "column m of type map of (integer, integer) pairs.");
    fixture_destroy(&f);
}

OSW_TEST(disallowed_mutations_on_immutable_columns)
{
    struct fixture f;

    fixture_init(&f, "{\"columns\": {\"i\": {\"type\": \"integer\", "
                 "\"mutable\": false}}}");
    check_parse_error(&f, "[[\"i\", \"+=\", 1]]",
                      "syntax \"[\"i\",\"+=\",1]\": constraint violation: "
                      "Cannot mutate immutable column i in table mytable.");
    check_parse_error(&f, "[[\"_uuid\", \"+=\", 1]]",
                      "syntax \"[\"_uuid\",\"+=\",1]\": constraint "
                      "violation: Cannot mutate immutable column _uuid in "
                      "table mytable.");
    check_parse_error(&f, "[[\"_version\", \"insert\", 1]]",
                      "syntax \"[\"_version\",\"insert\",1]\": constraint "
                      "violation: Cannot mutate immutable column _version "
                      "in table mytable.");
    fixture_destroy(&f);
}

OSW_TEST(parse_errors)
{
    struct fixture f;

    fixture_init(&f, SETS_TABLE);
    check_parse_error(&f, "[[\"i\", \"+=\"]]",
                      "syntax \"[\"i\",\"+=\"]\": syntax error: Parse error "
                      "in mutation.");
    check_parse_error(&f, "[[\"i\", 1, 1]]",
                      "syntax \"[\"i\",1,1]\": syntax error: Parse error in "
                      "mutation.");
    check_parse_error(&f, "[7]",
                      "syntax \"7\": syntax error: Parse error in "
                      "mutation.");
    check_parse_error(&f, "{}",
                      "syntax \"{}\": syntax error: Parse error in "
                      "mutation.");
    check_parse_error(&f, "[[\"x\", \"+=\", 1]]",
                      "syntax \"[\"x\",\"+=\",1]\": unknown column: No "
                      "column x in table mytable.");
    /* An earlier, valid mutation is freed when a later one fails. */
    check_parse_error(&f, "[[\"s\", \"insert\", \"abc\"], "
                      "[\"i\", \"??\", 1]]",
                      "unknown mutator: No mutator named ??.");
    fixture_destroy(&f);
}

OSW_TEST(argument_errors)
{
    struct fixture f;
    struct ovsdb_mutation_set set;
    struct ovsdb_error *error;
    json_t *json;

    fixture_init(&f,
                 "{\"columns\": {"
                 " \"i\": {\"type\": \"integer\"},"
                 " \"l\": {\"type\": {\"key\": \"integer\", \"max\": 2}},"
                 " \"u\": {\"type\": {\"key\": \"uuid\", \"min\": 0, "
                 "         \"max\": \"unlimited\"}},"
                 " \"e\": {\"type\": {\"key\": {\"type\": \"string\","
                 "         \"enum\": [\"set\", [\"a\", \"b\"]]},"
                 "         \"min\": 0, \"max\": \"unlimited\"}}}}");

    /* A real where an integer is needed. */
    json = test_json_parse("[[\"i\", \"+=\", 1.5]]");
    error = ovsdb_mutation_set_from_json(f.ts, json, NULL, &set);
    CHECK(error != NULL);
    CHECK_STREQ(ovsdb_error_get_tag(error), OVSDB_ERR_SYNTAX);
    ovsdb_error_destroy(error);
    json_decref(json);

    /* "insert" takes at most the column's maximum... */
    json = test_json_parse("[[\"l\", \"insert\", [\"set\", [1, 2, 3]]]]");
    error = ovsdb_mutation_set_from_json(f.ts, json, NULL, &set);
    CHECK(error != NULL);
    ovsdb_error_destroy(error);
    json_decref(json);

    /* ...but "delete" takes any number of elements. */
    check_roundtrip(&f, "[[\"l\", \"delete\", [\"set\", [1, 2, 3]]]]",
                    "[[\"l\",\"delete\",[\"set\",[1,2,3]]]]");

    /* Constraints apply to inserted values. */
    json = test_json_parse("[[\"e\", \"insert\", \"c\"]]");
    error = ovsdb_mutation_set_from_json(f.ts, json, NULL, &set);
    CHECK(error != NULL);
    CHECK_STREQ(ovsdb_error_get_tag(error), OVSDB_ERR_CONSTRAINT);
    ovsdb_error_destroy(error);
    json_decref(json);

    /* named-uuid only with a symbol table. */
    json = test_json_parse("[[\"u\", \"insert\", [\"named-uuid\", \"n\"]]]");
    error = ovsdb_mutation_set_from_json(f.ts, json, NULL, &set);
    CHECK(error != NULL);
    ovsdb_error_destroy(error);

    struct ovsdb_symbol_table *symtab = ovsdb_symbol_table_create();
    error = ovsdb_mutation_set_from_json(f.ts, json, symtab, &set);
    CHECK(!error);
    CHECK_EQ(set.n_mutations, 1);
    CHECK(uuid_equals(&set.mutations[0].arg.keys[0].uuid,
                      &ovsdb_symbol_table_get(symtab, "n")->uuid));
    ovsdb_mutation_set_destroy(&set);
    ovsdb_symbol_table_destroy(symtab);
    json_decref(json);

    fixture_destroy(&f);
}

OSW_TEST(mutations_on_sets)
{
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        { "[[\"i\", \"+=\", 1]]", "[[\"i\",\"+=\",1]]" },
        { "[[\"i\", \"-=\", 2]]", "[[\"i\",\"-=\",2]]" },
        { "[[\"i\", \"*=\", 3]]", "[[\"i\",\"*=\",3]]" },
        { "[[\"i\", \"/=\", 4]]", "[[\"i\",\"/=\",4]]" },
        { "[[\"i\", \"%=\", 5]]", "[[\"i\",\"%=\",5]]" },
        { "[[\"i\", \"insert\", [\"set\", [1, 2]]]]",
          "[[\"i\",\"insert\",[\"set\",[1,2]]]]" },
        { "[[\"i\", \"delete\", [\"set\", [1, 2, 3]]]]",
          "[[\"i\",\"delete\",[\"set\",[1,2,3]]]]" },
        { "[[\"r\", \"+=\", 1]]", "[[\"r\",\"+=\",1.0]]" },
        { "[[\"r\", \"insert\", [\"set\", [1, 2]]]]",
          "[[\"r\",\"insert\",[\"set\",[1.0,2.0]]]]" },
        { "[[\"b\", \"insert\", [\"set\", [true]]]]",
          "[[\"b\",\"insert\",true]]" },
        { "[[\"b\", \"delete\", [\"set\", [false]]]]",
          "[[\"b\",\"delete\",false]]" },
        { "[[\"s\", \"insert\", [\"set\", [\"a\"]]]]",
          "[[\"s\",\"insert\",\"a\"]]" },
        { "[[\"s\", \"delete\", [\"set\", [\"a\", \"b\"]]]]",
          "[[\"s\",\"delete\",[\"set\",[\"a\",\"b\"]]]]" },
        { "[[\"u\", \"insert\", [\"set\", [[\"uuid\", "
          "\"b10d28f7-af18-4a67-9e78-2a6394516c59\"]]]]]",
          "[[\"u\",\"insert\",[\"uuid\","
          "\"b10d28f7-af18-4a67-9e78-2a6394516c59\"]]]" },
        { "[[\"u\", \"delete\", [\"set\", [[\"uuid\", "
          "\"b10d28f7-af18-4a67-9e78-2a6394516c59\"], [\"uuid\", "
          "\"9179ca6d-6d65-400a-b455-3ad92783a099\"]]]]]",
          "[[\"u\",\"delete\",[\"set\",[[\"uuid\","
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

/* Execution. */

OSW_TEST(executing_null_mutation)
{
    static const char *const expected[] = {
        "no change", "no change", "no change", NULL
    };
    check_mutations("{\"columns\": {\"i\": {\"type\": \"integer\"}}}",
                    "[[]]", "[{\"i\": 0}, {\"i\": 1}, {\"i\": 2}]",
                    expected);
}

OSW_TEST(executing_mutations_on_integers)
{
    static const char *const expected[] = {
        "{\"i\":1}", "{\"i\":2}", "{\"i\":3}",
        "{\"i\":-2}", "{\"i\":-1}", "{\"i\":0}",
        "no change", "{\"i\":3}", "{\"i\":6}",
        "no change", "{\"i\":0}", "{\"i\":0}",
        "no change", "no change", "{\"i\":0}",
        NULL
    };
    check_mutations("{\"columns\": {\"i\": {\"type\": \"integer\"}}}",
                    "[[[\"i\", \"+=\", 1]], [[\"i\", \"-=\", 2]],"
                    " [[\"i\", \"*=\", 3]], [[\"i\", \"/=\", 4]],"
                    " [[\"i\", \"%=\", 2]]]",
                    "[{\"i\": 0}, {\"i\": 1}, {\"i\": 2}]", expected);
}

#define RANGE(OP) \
    "range error: Result of \"" OP "\" operation is out of range."
#define DIVZERO "domain error: Division by zero."

OSW_TEST(integer_overflow_detection)
{
    static const char *const expected[] = {
        /* += INT64_MAX */
        "{\"i\":9223372036854775807}", RANGE("+="),
        "{\"i\":9223372036854775806}", RANGE("+="), "{\"i\":-1}",
        RANGE("+="), "{\"i\":9223372033817775307}",
        /* += INT64_MIN */
        "{\"i\":-9223372036854775808}", "{\"i\":-9223372036854775807}",
        RANGE("+="), "{\"i\":-1}", RANGE("+="),
        "{\"i\":-9223372033817775308}", RANGE("+="),
        /* -= INT64_MIN */
        RANGE("-="), RANGE("-="), "{\"i\":9223372036854775807}",
        RANGE("-="), "{\"i\":0}", RANGE("-="), "{\"i\":9223372033817775308}",
        /* -= INT64_MAX */
        "{\"i\":-9223372036854775807}", "{\"i\":-9223372036854775806}",
        "{\"i\":-9223372036854775808}", "{\"i\":0}", RANGE("-="),
        "{\"i\":-9223372033817775307}", RANGE("-="),
        /* *= 3037000500 */
        "no change", "{\"i\":3037000500}", "{\"i\":-3037000500}",
        RANGE("*="), RANGE("*="), RANGE("*="), RANGE("*="),
        /* /= -1 */
        "no change", "{\"i\":-1}", "{\"i\":1}",
        "{\"i\":-9223372036854775807}", RANGE("/="), "{\"i\":-3037000500}",
        "{\"i\":3037000500}",
        /* /= 0 */
        DIVZERO, DIVZERO, DIVZERO, DIVZERO, DIVZERO, DIVZERO, DIVZERO,
        NULL
    };
    check_mutations("{\"columns\": {\"i\": {\"type\": \"integer\"}}}",
                    "[[[\"i\", \"+=\", 9223372036854775807]],"
                    " [[\"i\", \"+=\", -9223372036854775808]],"
                    " [[\"i\", \"-=\", -9223372036854775808]],"
                    " [[\"i\", \"-=\", 9223372036854775807]],"
                    " [[\"i\", \"*=\", 3037000500]],"
                    " [[\"i\", \"/=\", -1]],"
                    " [[\"i\", \"/=\", 0]]]",
                    "[{\"i\": 0}, {\"i\": 1}, {\"i\": -1},"
                    " {\"i\": 9223372036854775807},"
                    " {\"i\": -9223372036854775808},"
                    " {\"i\": 3037000500}, {\"i\": -3037000500}]",
                    expected);
}

OSW_TEST(integer_modulo)
{
    static const char *const expected[] = {
        "{\"i\":-2}", "{\"i\":2}", "{\"i\":-2}",
        DIVZERO, DIVZERO, DIVZERO,
        "{\"i\":0}", "{\"i\":0}", RANGE("%="),
        NULL
    };
    check_mutations("{\"columns\": {\"i\": {\"type\": \"integer\"}}}",
                    "[[[\"i\", \"%=\", 3]], [[\"i\", \"%=\", 0]],"
                    " [[\"i\", \"%=\", -1]]]",
                    "[{\"i\": -5}, {\"i\": 5},"
                    " {\"i\": -9223372036854775808}]", expected);
}

OSW_TEST(executing_mutations_on_integers_with_constraints)
{
    static const char *const expected[] = {
        "{\"i\":1}", "{\"i\":2}",
        "constraint violation: 3 is not in the valid range 0 to 2 "
        "(inclusive)",
        "constraint violation: -2 is not in the valid range 0 to 2 "
        "(inclusive)",
        "constraint violation: -1 is not in the valid range 0 to 2 "
        "(inclusive)",
        "{\"i\":0}",
        "no change",
        "constraint violation: 3 is not in the valid range 0 to 2 "
        "(inclusive)",
        "constraint violation: 6 is not in the valid range 0 to 2 "
        "(inclusive)",
        "no change", "{\"i\":0}", "{\"i\":0}",
        "no change", "no change", "{\"i\":0}",
        NULL
    };
    check_mutations("{\"columns\": {\"i\": {\"type\": {\"key\": {\"type\": "
                    "\"integer\", \"minInteger\": 0, \"maxInteger\": 2}}}}}",
                    "[[[\"i\", \"+=\", 1]], [[\"i\", \"-=\", 2]],"
                    " [[\"i\", \"*=\", 3]], [[\"i\", \"/=\", 4]],"
                    " [[\"i\", \"%=\", 2]]]",
                    "[{\"i\": 0}, {\"i\": 1}, {\"i\": 2}]", expected);
}

OSW_TEST(executing_mutations_on_reals)
{
    static const char *const expected[] = {
        "{\"r\":0.5}", "{\"r\":-2}", "{\"r\":1.75}",
        "{\"r\":-1.5}", "{\"r\":-4}", "{\"r\":-0.25}",
        "no change", "{\"r\":-6.25}", "{\"r\":3.125}",
        "no change", "{\"r\":-0.625}", "{\"r\":0.3125}",
        NULL
    };
    check_mutations("{\"columns\": {\"r\": {\"type\": \"real\"}}}",
                    "[[[\"r\", \"+=\", 0.5]], [[\"r\", \"-=\", 1.5]],"
                    " [[\"r\", \"*=\", 2.5]], [[\"r\", \"/=\", 4]]]",
                    "[{\"r\": 0}, {\"r\": -2.5}, {\"r\": 1.25}]", expected);
}

OSW_TEST(real_overflow_detection)
{
    static const char *const expected[] = {
        "{\"r\":1.7976931348623157e+308}", RANGE("+="), "{\"r\":0}",
        "{\"r\":-1.7976931348623157e+308}", "{\"r\":0}", RANGE("-="),
        "no change", RANGE("*="), RANGE("*="),
        "no change", "{\"r\":4.4942328371557893e+307}",
        "{\"r\":-4.4942328371557893e+307}",
        "no change", RANGE("/="), RANGE("/="),
        DIVZERO, DIVZERO, DIVZERO,
        NULL
    };
    check_mutations("{\"columns\": {\"r\": {\"type\": \"real\"}}}",
                    "[[[\"r\", \"+=\", 1.7976931348623157e+308]],"
                    " [[\"r\", \"-=\", 1.7976931348623157e+308]],"
                    " [[\"r\", \"*=\", 2]], [[\"r\", \"/=\", 4]],"
                    " [[\"r\", \"/=\", 0.5]], [[\"r\", \"/=\", 0]]]",
                    "[{\"r\": 0}, {\"r\": 1.7976931348623157e+308},"
                    " {\"r\": -1.7976931348623157e+308}]", expected);
}

OSW_TEST(executing_mutations_on_reals_with_constraints)
{
    static const char *const expected[] = {
        "{\"r\":0.5}", "{\"r\":-2}", "{\"r\":1.75}",
        "{\"r\":-1.5}",
        "constraint violation: -4 is not in the valid range -2.5 to 1.75 "
        "(inclusive)",
        "{\"r\":-0.25}",
        "no change",
        "constraint violation: -6.25 is not in the valid range -2.5 to "
        "1.75 (inclusive)",
        "constraint violation: 3.125 is not in the valid range -2.5 to "
        "1.75 (inclusive)",
        "no change", "{\"r\":-0.625}", "{\"r\":0.3125}",
        NULL
    };
    check_mutations("{\"columns\": {\"r\": {\"type\": {\"key\": {\"type\": "
                    "\"real\", \"minReal\": -2.5, \"maxReal\": 1.75}}}}}",
                    "[[[\"r\", \"+=\", 0.5]], [[\"r\", \"-=\", 1.5]],"
                    " [[\"r\", \"*=\", 2.5]], [[\"r\", \"/=\", 4]]]",
                    "[{\"r\": 0}, {\"r\": -2.5}, {\"r\": 1.25}]", expected);
}

OSW_TEST(executing_mutations_on_integer_sets)
{
    static const char *const expected[] = {
        "no change", "{\"i\":1}", "{\"i\":[\"set\",[1,2]]}",
        "{\"i\":[\"set\",[1,2,3]]}",
        "no change", "{\"i\":-2}", "{\"i\":[\"set\",[-2,-1]]}",
        "{\"i\":[\"set\",[-2,-1,0]]}",
        "no change", "no change", "{\"i\":[\"set\",[0,3]]}",
        "constraint violation: 6 is greater than maximum allowed value 5",
        "no change", "no change",
        "constraint violation: Result of \"/=\" operation contains "
        "duplicates.",
        "constraint violation: Result of \"/=\" operation contains "
        "duplicates.",
        "no change", "no change", "no change",
        "constraint violation: Result of \"%=\" operation contains "
        "duplicates.",
        "{\"i\":1}", "{\"i\":[\"set\",[0,1]]}", "no change", "no change",
        "{\"i\":[\"set\",[2,3]]}", "{\"i\":[\"set\",[0,2,3]]}",
        "{\"i\":[\"set\",[0,1,2,3]]}", "{\"i\":[\"set\",[0,1,2,3]]}",
        "no change", "no change", "{\"i\":0}", "{\"i\":[\"set\",[0,2]]}",
        "no change", "no change", "no change", "{\"i\":[\"set\",[0,1]]}",
        NULL
    };
    check_mutations("{\"columns\": {\"i\": {\"type\": {\"key\": {\"type\": "
                    "\"integer\", \"maxInteger\": 5}, \"min\": 0, "
                    "\"max\": \"unlimited\"}}}}",
                    "[[[\"i\", \"+=\", 1]], [[\"i\", \"-=\", 2]],"
                    " [[\"i\", \"*=\", 3]], [[\"i\", \"/=\", 4]],"
                    " [[\"i\", \"%=\", 2]],"
                    " [[\"i\", \"insert\", [\"set\", [1]]]],"
                    " [[\"i\", \"insert\", [\"set\", [2, 3]]]],"
                    " [[\"i\", \"delete\", [\"set\", [1]]]],"
                    " [[\"i\", \"delete\", [\"set\", [2, 3]]]]]",
                    "[{\"i\": [\"set\", []]}, {\"i\": [\"set\", [0]]},"
                    " {\"i\": [\"set\", [0, 1]]},"
                    " {\"i\": [\"set\", [0, 1, 2]]}]", expected);
}

OSW_TEST(multiplying_by_negative_keeps_sets_sorted)
{
    static const char *const expected[] = {
        "{\"i\":[\"set\",[-6,-4,2]]}", NULL
    };
    check_mutations("{\"columns\": {\"i\": {\"type\": {\"key\": \"integer\","
                    " \"min\": 0, \"max\": \"unlimited\"}}}}",
                    "[[[\"i\", \"*=\", -2]]]",
                    "[{\"i\": [\"set\", [-1, 2, 3]]}]", expected);
}

#define COUNT_ERROR(N) \
    "constraint violation: Attempted to store " #N " elements in set of " \
    "1 to 2 integers."

OSW_TEST(executing_mutations_on_integer_sets_with_constraints)
{
    static const char *const expected[] = {
        "{\"i\":[\"set\",[0,1]]}", "{\"i\":[\"set\",[1,2]]}", "no change",
        "{\"i\":[\"set\",[0,2]]}", "no change", COUNT_ERROR(3),
        "no change", "no change", "{\"i\":0}",
        "no change", COUNT_ERROR(0), "no change",
        COUNT_ERROR(0), "no change", COUNT_ERROR(0),
        NULL
    };
    check_mutations("{\"columns\": {\"i\": {\"type\": {\"key\": \"integer\","
                    " \"min\": 1, \"max\": 2}}}}",
                    "[[[\"i\", \"insert\", [\"set\", [1]]]],"
                    " [[\"i\", \"insert\", [\"set\", [2]]]],"
                    " [[\"i\", \"delete\", [\"set\", [1]]]],"
                    " [[\"i\", \"delete\", [\"set\", [2]]]],"
                    " [[\"i\", \"delete\", [\"set\", [0, 1]]]]]",
                    "[{\"i\": [\"set\", [0]]}, {\"i\": [\"set\", [2]]},"
                    " {\"i\": [\"set\", [0, 1]]}]", expected);
}

OSW_TEST(executing_mutations_on_real_sets)
{
    static const char *const expected[] = {
        "no change", "{\"r\":1}", "{\"r\":[\"set\",[1,2]]}",
        "{\"r\":[\"set\",[1,2,3]]}",
        "no change", "{\"r\":-1}", "{\"r\":[\"set\",[-1,0]]}",
        "{\"r\":[\"set\",[-1,0,1]]}",
        "no change", "{\"r\":1.25}", "{\"r\":[\"set\",[1.25,3.75]]}",
        "constraint violation: 6.25 is greater than maximum allowed value 6",
        "no change", "{\"r\":0.125}", "{\"r\":[\"set\",[0.125,0.375]]}",
        "{\"r\":[\"set\",[0.125,0.375,0.625]]}",
        "no change", "{\"r\":0}",
        "constraint violation: Result of \"*=\" operation contains "
        "duplicates.",
        "constraint violation: Result of \"*=\" operation contains "
        "duplicates.",
        "{\"r\":1.5}", "{\"r\":[\"set\",[0.5,1.5]]}", "no change",
        "no change",
        "{\"r\":3}", "{\"r\":[\"set\",[0.5,3]]}",
        "{\"r\":[\"set\",[0.5,1.5,3]]}", "{\"r\":[\"set\",[0.5,1.5,2.5,3]]}",
        "no change", "no change", "{\"r\":0.5}", "{\"r\":[\"set\",[0.5,2.5]]}",
        "no change", "{\"r\":[\"set\",[]]}", "{\"r\":[\"set\",[]]}",
        "{\"r\":[\"set\",[]]}",
        NULL
    };
    check_mutations("{\"columns\": {\"r\": {\"type\": {\"key\": {\"type\": "
                    "\"real\", \"maxReal\": 6}, \"min\": 0, "
                    "\"max\": \"unlimited\"}}}}",
                    "[[[\"r\", \"+=\", 0.5]], [[\"r\", \"-=\", 1.5]],"
                    " [[\"r\", \"*=\", 2.5]], [[\"r\", \"/=\", 4]],"
                    " [[\"r\", \"*=\", 0]], [[\"r\", \"insert\", 1.5]],"
                    " [[\"r\", \"insert\", 3]],"
                    " [[\"r\", \"delete\", [\"set\", [1.5, 3.5]]]],"
                    " [[\"r\", \"delete\", [\"set\", [0.5, 1.5, 2.5]]]]]",
                    "[{\"r\": [\"set\", []]}, {\"r\": 0.5},"
                    " {\"r\": [\"set\", [0.5, 1.5]]},"
                    " {\"r\": [\"set\", [0.5, 1.5, 2.5]]}]", expected);
}

OSW_TEST(executing_mutations_on_boolean_sets)
{
    static const char *const expected[] = {
        "{\"b\":false}", "no change", "{\"b\":[\"set\",[false,true]]}",
        "no change",
        "{\"b\":true}", "{\"b\":[\"set\",[false,true]]}", "no change",
        "no change",
        "{\"b\":[\"set\",[false,true]]}", "{\"b\":[\"set\",[false,true]]}",
        "{\"b\":[\"set\",[false,true]]}", "no change",
        "no change", "{\"b\":[\"set\",[]]}", "no change", "{\"b\":true}",
        "no change", "no change", "{\"b\":[\"set\",[]]}", "{\"b\":false}",
        "no change", "{\"b\":[\"set\",[]]}", "{\"b\":[\"set\",[]]}",
        "{\"b\":[\"set\",[]]}",
        NULL
    };
    check_mutations("{\"columns\": {\"b\": {\"type\": {\"key\": \"boolean\","
                    " \"min\": 0, \"max\": \"unlimited\"}}}}",
                    "[[[\"b\", \"insert\", [\"set\", [false]]]],"
                    " [[\"b\", \"insert\", [\"set\", [true]]]],"
                    " [[\"b\", \"insert\", [\"set\", [false, true]]]],"
                    " [[\"b\", \"delete\", [\"set\", [false]]]],"
                    " [[\"b\", \"delete\", [\"set\", [true]]]],"
                    " [[\"b\", \"delete\", [\"set\", [true, false]]]]]",
                    "[{\"b\": [\"set\", []]}, {\"b\": [\"set\", [false]]},"
                    " {\"b\": [\"set\", [true]]},"
                    " {\"b\": [\"set\", [false, true]]}]", expected);
}

OSW_TEST(executing_mutations_on_string_sets)
{
    static const char *const expected[] = {
        "{\"s\":\"a\"}", "no change", "no change", "no change",
        "{\"s\":\"b\"}", "{\"s\":[\"set\",[\"a\",\"b\"]]}", "no change",
        "no change",
        "{\"s\":[\"set\",[\"c\",\"d\"]]}",
        "{\"s\":[\"set\",[\"a\",\"c\",\"d\"]]}",
        "{\"s\":[\"set\",[\"a\",\"b\",\"c\",\"d\"]]}", "no change",
        "no change", "{\"s\":[\"set\",[]]}", "{\"s\":\"b\"}",
        "{\"s\":[\"set\",[\"b\",\"c\",\"d\"]]}",
        "no change", "no change", "{\"s\":\"a\"}",
        "{\"s\":[\"set\",[\"a\",\"c\",\"d\"]]}",
        "no change", "no change", "no change",
        "{\"s\":[\"set\",[\"a\",\"b\"]]}",
        NULL
    };
    check_mutations("{\"columns\": {\"s\": {\"type\": {\"key\": \"string\","
                    " \"min\": 0, \"max\": \"unlimited\"}}}}",
                    "[[[\"s\", \"insert\", [\"set\", [\"a\"]]]],"
                    " [[\"s\", \"insert\", [\"set\", [\"b\"]]]],"
                    " [[\"s\", \"insert\", [\"set\", [\"c\", \"d\"]]]],"
                    " [[\"s\", \"delete\", [\"set\", [\"a\"]]]],"
                    " [[\"s\", \"delete\", [\"set\", [\"b\"]]]],"
                    " [[\"s\", \"delete\", [\"set\", [\"c\", \"d\"]]]]]",
                    "[{\"s\": [\"set\", []]}, {\"s\": [\"set\", [\"a\"]]},"
                    " {\"s\": [\"set\", [\"a\", \"b\"]]},"
                    " {\"s\": [\"set\", [\"a\", \"b\", \"c\", \"d\"]]}]",
                    expected);
}

#define UA "[\"uuid\",\"ddd9e79d-7782-414c-8b22-1046c60b6ec2\"]"
#define UB "[\"uuid\",\"a60fe7ff-317b-4568-9106-892b37445313\"]"
#define UC "[\"uuid\",\"2607d30e-e652-4927-9fec-8bbf1b60c7e9\"]"

OSW_TEST(executing_mutations_on_uuid_sets)
{
    static const char *const expected[] = {
        "{\"u\":" UA "}", "no change", "{\"u\":[\"set\",[" UB "," UA "]]}",
        "{\"u\":[\"set\",[" UC "," UA "]]}",
        "{\"u\":" UB "}", "{\"u\":[\"set\",[" UB "," UA "]]}", "no change",
        "{\"u\":[\"set\",[" UC "," UB "]]}",
        "{\"u\":" UC "}", "{\"u\":[\"set\",[" UC "," UA "]]}",
        "{\"u\":[\"set\",[" UC "," UB "]]}", "no change",
        "no change", "{\"u\":[\"set\",[]]}", "no change", "no change",
        "no change", "no change", "{\"u\":[\"set\",[]]}", "no change",
        "no change", "no change", "no change", "{\"u\":[\"set\",[]]}",
        NULL
    };
    check_mutations("{\"columns\": {\"u\": {\"type\": {\"key\": \"uuid\","
                    " \"min\": 0, \"max\": \"unlimited\"}}}}",
                    "[[[\"u\", \"insert\", [\"set\", [" UA "]]]],"
                    " [[\"u\", \"insert\", [\"set\", [" UB "]]]],"
                    " [[\"u\", \"insert\", [\"set\", [" UC "]]]],"
                    " [[\"u\", \"delete\", [\"set\", [" UA "]]]],"
                    " [[\"u\", \"delete\", [\"set\", [" UB "]]]],"
                    " [[\"u\", \"delete\", [\"set\", [" UC "]]]]]",
                    "[{\"u\": [\"set\", []]}, {\"u\": [\"set\", [" UA "]]},"
                    " {\"u\": [\"set\", [" UB "]]},"
                    " {\"u\": [\"set\", [" UC "]]}]", expected);
}

OSW_TEST(executing_mutations_on_integer_maps)
{
    static const char *const expected[] = {
        "{\"i\":[\"map\",[[1,2]]]}", "no change", "no change",
        "{\"i\":[\"map\",[[1,2],[3,5]]]}",
        "{\"i\":[\"map\",[[2,4],[3,5]]]}",
        "{\"i\":[\"map\",[[1,2],[2,4],[3,5]]]}",
        "{\"i\":[\"map\",[[1,3],[2,3],[3,5]]]}",
        "{\"i\":[\"map\",[[2,4],[3,5]]]}",
        "no change", "{\"i\":[\"map\",[]]}", "no change", "no change",
        "no change", "no change", "{\"i\":[\"map\",[[1,3]]]}", "no change",
        "no change", "{\"i\":[\"map\",[]]}", "{\"i\":[\"map\",[[2,3]]]}",
        "no change",
        "no change", "no change", "{\"i\":[\"map\",[[1,3]]]}",
        "{\"i\":[\"map\",[]]}",
        NULL
    };
    check_mutations("{\"columns\": {\"i\": {\"type\": {\"key\": \"integer\","
                    " \"value\": \"integer\", \"min\": 0,"
                    " \"max\": \"unlimited\"}}}}",
                    "[[[\"i\", \"insert\", [\"map\", [[1, 2]]]]],"
                    " [[\"i\", \"insert\", [\"map\", [[2, 4], [3, 5]]]]],"
                    " [[\"i\", \"delete\", [\"map\", [[1, 2]]]]],"
                    " [[\"i\", \"delete\", [\"map\", [[2, 3]]]]],"
                    " [[\"i\", \"delete\", [\"set\", [1]]]],"
                    " [[\"i\", \"delete\", [\"set\", [2, 3]]]]]",
                    "[{\"i\": [\"map\", []]}, {\"i\": [\"map\", [[1, 2]]]},"
                    " {\"i\": [\"map\", [[1, 3], [2, 3]]]},"
                    " {\"i\": [\"map\", [[3, 5]]]}]", expected);
}

OSW_TEST(executing_mutations_on_string_maps)
{
    /* ovs-vsctl's "remove Bridge br0 other_config key" and "key=value". */
    static const char *const expected[] = {
        "{\"m\":[\"map\",[[\"b\",\"2\"]]]}",
        "no change",
        "{\"m\":[\"map\",[[\"a\",\"1\"]]]}",
        "{\"m\":[\"map\",[[\"a\",\"1\"],[\"b\",\"2\"],[\"c\",\"3\"]]]}",
        "{\"m\":[\"map\",[]]}",
        NULL
    };
    check_mutations("{\"columns\": {\"m\": {\"type\": {\"key\": \"string\","
                    " \"value\": \"string\", \"min\": 0,"
                    " \"max\": \"unlimited\"}}}}",
                    "[[[\"m\", \"delete\", \"a\"]],"
                    " [[\"m\", \"delete\", [\"map\", [[\"a\", \"2\"]]]]],"
                    " [[\"m\", \"delete\", [\"map\", [[\"b\", \"2\"]]]]],"
                    " [[\"m\", \"insert\", [\"map\", [[\"c\", \"3\"],"
                    "                                [\"a\", \"9\"]]]]],"
                    " [[\"m\", \"delete\", [\"set\", [\"a\", \"b\"]]]]]",
                    "[{\"m\": [\"map\", [[\"a\", \"1\"], [\"b\", \"2\"]]]}]",
                    expected);
}

OSW_TEST(failed_mutation_set_keeps_earlier_mutations)
{
    struct ovsdb_mutation_set set;
    struct ovsdb_row *row;
    struct fixture f;
    json_t *json;

    fixture_init(&f, "{\"columns\": {\"a\": {\"type\": \"integer\"}, "
                 "\"b\": {\"type\": {\"key\": \"integer\", \"min\": 0, "
                 "\"max\": \"unlimited\"}}}}");
    parse_mutations(&f, "[[\"a\", \"+=\", 1], [\"b\", \"+=\", 1], "
                    "[\"b\", \"/=\", 0]]", &set);
    json = test_json_parse("{\"a\": 1, \"b\": [\"set\", [1, 2]]}");
    row = parse_row(&f, json);

    struct ovsdb_error *error = ovsdb_mutation_set_execute(row, &set);
    char *s = ovsdb_error_to_string_free(error);
    CHECK_STREQ(s, DIVZERO);
    free(s);

    json_t *out = ovsdb_row_to_json(row, NULL);
    json_object_del(out, "_uuid");
    json_object_del(out, "_version");
    CHECK_JSON(out, "{\"a\":2,\"b\":[\"set\",[2,3]]}");
    json_decref(out);

    ovsdb_row_destroy(row);
    json_decref(json);
    ovsdb_mutation_set_destroy(&set);
    fixture_destroy(&f);
}

OSW_TEST(mutator_names)
{
    static const char *const names[] = {
        "+=", "-=", "*=", "/=", "%=", "insert", "delete"
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        enum ovsdb_mutator m;
        CHECK(!ovsdb_mutator_from_string(names[i], &m));
        CHECK_STREQ(ovsdb_mutator_to_string(m), names[i]);
    }

    enum ovsdb_mutator m;
    struct ovsdb_error *error = ovsdb_mutator_from_string("+", &m);
    CHECK(error != NULL);
    CHECK_STREQ(ovsdb_error_get_tag(error), "unknown mutator");
    CHECK(error->syntax == NULL);
    ovsdb_error_destroy(error);
}

OSW_TEST_MAIN()
