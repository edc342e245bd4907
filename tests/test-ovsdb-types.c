/* Tests for ovsdb/ovsdb-types.c, and for the modules beneath it:
 * ovsdb/ovsdb-error.c and ovsdb/ovsdb-parser.c. */
#include <config.h>
#include "test-json.h"
#include "testlib.h"

#include <errno.h>
#include <float.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"
#include "ovsdb-types.h"

/* Helpers. */

/* Parses type 'input', which must succeed, checks that it converts back to
 * JSON 'output', that the output parses to an equal type, and that a clone
 * is equal and valid. */
static void
check_type(const char *input, const char *output)
{
    struct ovsdb_type type, type2, clone;
    json_t *json = test_json_parse(input);
    struct ovsdb_error *error = ovsdb_type_from_json(&type, json);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        osw_test_fail(__FILE__, __LINE__, "%s: %s", input, s);
    }
    json_decref(json);
    CHECK(ovsdb_type_is_valid(&type));

    json = ovsdb_type_to_json(&type);
    CHECK_JSON(json, output);

    CHECK(!ovsdb_type_from_json(&type2, json));
    CHECK(ovsdb_type_equals(&type, &type2));
    json_decref(json);

    ovsdb_type_clone(&clone, &type);
    CHECK(ovsdb_type_equals(&clone, &type));
    CHECK(ovsdb_type_is_valid(&clone));

    ovsdb_type_destroy(&type);
    ovsdb_type_destroy(&type2);
    ovsdb_type_destroy(&clone);
}

/* Parses type 'input', which must fail with a syntax error whose details
 * contain 'details'. */
static void
check_type_error(const char *input, const char *details)
{
    struct ovsdb_type type;
    json_t *json = test_json_parse(input);
    struct ovsdb_error *error = ovsdb_type_from_json(&type, json);
    json_decref(json);

    if (!error) {
        ovsdb_type_destroy(&type);
        osw_test_fail(__FILE__, __LINE__, "%s: parsed but should fail",
                      input);
    }
    CHECK_STREQ(ovsdb_error_get_tag(error), "syntax error");
    if (!error->details || !strstr(error->details, details)) {
        char *s = ovsdb_error_to_string_free(error);
        osw_test_fail(__FILE__, __LINE__, "%s: expected \"%s\" in \"%s\"",
                      input, details, s);
    }
    /* The type owns nothing after a failure: destroying it is harmless. */
    ovsdb_type_destroy(&type);
    ovsdb_error_destroy(error);
}

static char *
english(const char *input)
{
    struct ovsdb_type type;
    json_t *json = test_json_parse(input);
    CHECK(!ovsdb_type_from_json(&type, json));
    json_decref(json);

    char *s = ovsdb_type_to_english(&type);
    ovsdb_type_destroy(&type);
    return s;
}

#define CHECK_ENGLISH(INPUT, EXPECTED)                                  \
    do {                                                                \
        char *s__ = english(INPUT);                                     \
        CHECK_STREQ(s__, EXPECTED);                                     \
        free(s__);                                                      \
    } while (0)

/* ovsdb-error. */

OSW_TEST(error_basic)
{
    struct ovsdb_error *error = ovsdb_error("constraint violation",
                                           "%d is too big", 42);
    CHECK_STREQ(ovsdb_error_get_tag(error), "constraint violation");
    CHECK_STREQ(error->details, "42 is too big");
    CHECK(!error->syntax);
    CHECK_EQ(error->errno_, 0);

    json_t *json = ovsdb_error_to_json(error);
    CHECK_JSON(json, "{\"error\": \"constraint violation\", "
               "\"details\": \"42 is too big\"}");
    json_decref(json);

    char *s = ovsdb_error_to_string(error);
    CHECK_STREQ(s, "constraint violation: 42 is too big");
    free(s);
    ovsdb_error_destroy(error);
}

OSW_TEST(error_null_tag_and_details)
{
    struct ovsdb_error *error = ovsdb_error(NULL, NULL);
    CHECK_STREQ(ovsdb_error_get_tag(error), "ovsdb error");
    CHECK(!error->details);

    json_t *json = ovsdb_error_to_json_free(error);
    CHECK_JSON(json, "{\"error\": \"ovsdb error\"}");
    json_decref(json);

    char *s = ovsdb_error_to_string_free(ovsdb_error("timed out", NULL));
    CHECK_STREQ(s, "timed out");
    free(s);

    ovsdb_error_destroy(NULL);
    ovsdb_error_assert(NULL);
    CHECK(!ovsdb_error_clone(NULL));
}

OSW_TEST(error_syntax)
{
    json_t *json = test_json_parse("{\"b\": [1, 2.5], \"a\": \"x\"}");
    struct ovsdb_error *error = ovsdb_syntax_error(json, NULL, "bad %s",
                                                   "thing");
    json_decref(json);

    CHECK_STREQ(error->tag, "syntax error");
    CHECK_STREQ(error->syntax, "{\"a\":\"x\",\"b\":[1,2.5]}");

    json = ovsdb_error_to_json(error);
    CHECK_JSON(json, "{\"error\": \"syntax error\", \"details\": "
               "\"bad thing\", \"syntax\": \"{\\\"a\\\":\\\"x\\\","
               "\\\"b\\\":[1,2.5]}\"}");
    json_decref(json);

    char *s = ovsdb_error_to_string(error);
    CHECK_STREQ(s, "syntax \"{\"a\":\"x\",\"b\":[1,2.5]}\": syntax error: "
                "bad thing");
    free(s);
    ovsdb_error_destroy(error);

    /* A tag overrides "syntax error"; NULL JSON records no syntax. */
    error = ovsdb_syntax_error(NULL, "unknown column", "no column %s", "q");
    CHECK_STREQ(error->tag, "unknown column");
    CHECK(!error->syntax);
    ovsdb_error_destroy(error);
}

OSW_TEST(error_syntax_truncated)
{
    /* A long array of multibyte strings: the cut must fall between
     * characters and be marked. */
    json_t *json = json_array();
    for (int i = 0; i < 500; i++) {
        json_array_append_new(json, json_string("\xc3\xa4\xc3\xb6"));
    }
    struct ovsdb_error *error = ovsdb_syntax_error(json, NULL, "long");
    json_decref(json);

    size_t len = strlen(error->syntax);
    CHECK(len <= OVSDB_ERROR_SYNTAX_MAX + 3);
    CHECK(len > OVSDB_ERROR_SYNTAX_MAX - 4);
    CHECK(!strcmp(error->syntax + len - 3, "..."));
    CHECK(ovsdb_utf8_validate(error->syntax, NULL, NULL));

    /* The JSON form stays valid. */
    json = ovsdb_error_to_json(error);
    CHECK(json_is_string(json_object_get(json, "syntax")));
    json_decref(json);
    ovsdb_error_destroy(error);
}

OSW_TEST(error_io)
{
    struct ovsdb_error *error = ovsdb_io_error(ENOENT, "%s: open failed",
                                               "db");
    CHECK_STREQ(error->tag, "I/O error");
    CHECK_EQ(error->errno_, ENOENT);

    char *s = ovsdb_error_to_string(error);
    char *expected = xasprintf("I/O error: db: open failed (%s)",
                               osw_strerror(ENOENT));
    CHECK_STREQ(s, expected);
    free(s);
    free(expected);

    json_t *json = ovsdb_error_to_json_free(error);
    CHECK_STREQ(json_string_value(json_object_get(json, "io-error")),
                osw_strerror(ENOENT));
    CHECK_STREQ(json_string_value(json_object_get(json, "error")),
                "I/O error");
    json_decref(json);
}

OSW_TEST(error_perm_and_internal)
{
    struct ovsdb_error *error = ovsdb_perm_error("user %s may not", "bob");
    CHECK_STREQ(error->tag, "permission error");
    CHECK_STREQ(error->details, "user bob may not");

    struct ovsdb_error *bug = OVSDB_WRAP_BUG("broken", error);
    CHECK_STREQ(bug->tag, "internal error");
    CHECK(strstr(bug->details, "test-ovsdb-types.c:"));
    CHECK(strstr(bug->details, "broken"));
    CHECK(strstr(bug->details, "permission error: user bob may not"));
    CHECK(strstr(bug->details, osw_get_version()));
    ovsdb_error_destroy(bug);

    bug = OVSDB_BUG("plain");
    CHECK_STREQ(bug->tag, "internal error");
    CHECK(strstr(bug->details, "plain"));
    ovsdb_error_destroy(bug);
}

OSW_TEST(error_wrap)
{
    struct ovsdb_error *error = ovsdb_error("syntax error", "bad key");
    error = ovsdb_wrap_error(error, "column %s", "a");
    error = ovsdb_wrap_error(error, "table %s", "T");
    CHECK_STREQ(error->details, "table T: column a: bad key");
    ovsdb_error_destroy(error);

    error = ovsdb_wrap_error(ovsdb_error("aborted", NULL), "context");
    CHECK_STREQ(error->details, "context");
    ovsdb_error_destroy(error);
}

OSW_TEST(error_clone)
{
    json_t *json = test_json_parse("[1]");
    struct ovsdb_error *error = ovsdb_syntax_error(json, "range error", "x");
    error->errno_ = EIO;
    json_decref(json);

    struct ovsdb_error *clone = ovsdb_error_clone(error);
    CHECK(clone != error);
    CHECK(clone->tag != error->tag);
    CHECK_STREQ(clone->tag, "range error");
    CHECK_STREQ(clone->details, "x");
    CHECK_STREQ(clone->syntax, "[1]");
    CHECK_EQ(clone->errno_, EIO);
    ovsdb_error_destroy(error);
    ovsdb_error_destroy(clone);
}

OSW_TEST(error_invalid_utf8_to_json)
{
    /* Details built from user text may be invalid UTF-8; the reply must
     * still be valid JSON. */
    struct ovsdb_error *error = ovsdb_error("syntax error", "bad \xff\xfe!");
    json_t *json = ovsdb_error_to_json_free(error);
    CHECK_STREQ(json_string_value(json_object_get(json, "details")),
                "bad \xef\xbf\xbd\xef\xbf\xbd!");
    json_decref(json);
}

/* ovsdb-parser. */

OSW_TEST(parser_is_id)
{
    CHECK(ovsdb_parser_is_id("a"));
    CHECK(ovsdb_parser_is_id("_"));
    CHECK(ovsdb_parser_is_id("Open_vSwitch"));
    CHECK(ovsdb_parser_is_id("_uuid"));
    CHECK(ovsdb_parser_is_id("x9_Z"));
    CHECK(!ovsdb_parser_is_id(""));
    CHECK(!ovsdb_parser_is_id("9a"));
    CHECK(!ovsdb_parser_is_id("a-b"));
    CHECK(!ovsdb_parser_is_id("a b"));
    CHECK(!ovsdb_parser_is_id("\xc3\xa4"));
}

OSW_TEST(parser_utf8)
{
    size_t n, bad;

    CHECK(ovsdb_utf8_validate("", &n, NULL));
    CHECK_EQ(n, 0);
    CHECK(ovsdb_utf8_validate("abc", &n, NULL));
    CHECK_EQ(n, 3);
    /* 2-, 3- and 4-byte characters count as one each. */
    CHECK(ovsdb_utf8_validate("\xc3\xa4\xe2\x82\xac\xf0\x9f\x98\x80", &n,
                              NULL));
    CHECK_EQ(n, 3);
    CHECK(ovsdb_utf8_validate("\xf4\x8f\xbf\xbf", &n, NULL));   /* U+10FFFF */
    CHECK_EQ(n, 1);

    CHECK(!ovsdb_utf8_validate("a\xff", NULL, &bad));
    CHECK_EQ(bad, 1);
    CHECK(!ovsdb_utf8_validate("ab\xc0\x80", NULL, &bad));   /* Overlong. */
    CHECK_EQ(bad, 2);
    CHECK(!ovsdb_utf8_validate("\xe0\x80\x80", NULL, &bad)); /* Overlong. */
    CHECK(!ovsdb_utf8_validate("\xed\xa0\x80", NULL, &bad)); /* Surrogate. */
    CHECK(!ovsdb_utf8_validate("\xf4\x90\x80\x80", NULL, &bad)); /* Big. */
    CHECK(!ovsdb_utf8_validate("\xc3", NULL, &bad));         /* Cut. */
    CHECK(!ovsdb_utf8_validate("\xe2\x82", NULL, &bad));     /* Cut. */
    CHECK(!ovsdb_utf8_validate("\x80", NULL, &bad));
    CHECK_EQ(bad, 0);
}

OSW_TEST(parser_json_string)
{
    json_t *json = ovsdb_json_string("h\xc3\xa9llo");
    CHECK_STREQ(json_string_value(json), "h\xc3\xa9llo");
    json_decref(json);

    json = ovsdb_json_string("a\xc3(b");
    CHECK_STREQ(json_string_value(json), "a\xef\xbf\xbd(b");
    json_decref(json);
}

OSW_TEST(parser_json_to_text)
{
    json_t *json = test_json_parse("{\"z\": 1, \"a\": [true, null, \"s\"]}");
    char *s = ovsdb_json_to_text(json, 100);
    CHECK_STREQ(s, "{\"a\":[true,null,\"s\"],\"z\":1}");
    free(s);

    s = ovsdb_json_to_text(json, 5);
    CHECK_STREQ(s, "{\"a\":...");
    free(s);
    json_decref(json);

    CHECK_STREQ(ovsdb_json_type_name(NULL), "nothing");
    json = test_json_parse("[null, false, true, 1, 1.5, \"s\", [], {}]");
    static const char *names[] = {
        "null", "false", "true", "an integer", "a real number", "a string",
        "an array", "an object",
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        CHECK_STREQ(ovsdb_json_type_name(json_array_get(json, i)), names[i]);
    }
    json_decref(json);
}

OSW_TEST(parser_members)
{
    json_t *json = test_json_parse("{\"name\": \"x\", \"n\": 5, \"r\": 1.5, "
                              "\"flag\": true}");
    struct ovsdb_parser parser;

    ovsdb_parser_init(&parser, json, "thing %d", 1);
    const json_t *name = ovsdb_parser_member(&parser, "name", OVSDB_P_ID);
    const json_t *n = ovsdb_parser_member(&parser, "n", OVSDB_P_INTEGER);
    const json_t *r = ovsdb_parser_member(&parser, "r", OVSDB_P_NUMBER);
    const json_t *flag = ovsdb_parser_member(&parser, "flag",
                                             OVSDB_P_BOOLEAN);
    const json_t *missing = ovsdb_parser_member(&parser, "missing",
                                                OVSDB_P_ANY
                                                | OVSDB_P_OPTIONAL);
    CHECK(!ovsdb_parser_has_error(&parser));
    CHECK(!ovsdb_parser_finish(&parser));
    CHECK_STREQ(json_string_value(name), "x");
    CHECK_EQ(json_integer_value(n), 5);
    CHECK(json_real_value(r) == 1.5);
    CHECK(json_is_true(flag));
    CHECK(!missing);
    json_decref(json);
}

/* ovsdb_parser_init_indexed() formats its name only when a message needs
 * it, and then the same way as ovsdb_parser_init() would have. */
OSW_TEST(parser_indexed_name)
{
    json_t *json = test_json_parse("{\"a\": 1, \"b\": 2}");
    struct ovsdb_parser parser;

    ovsdb_parser_init_indexed(&parser, json, "ovsdb operation", 2, 7);
    CHECK(ovsdb_parser_member(&parser, "a", OVSDB_P_INTEGER) != NULL);
    CHECK(!parser.name);
    struct ovsdb_error *error = ovsdb_parser_finish(&parser);
    CHECK(error != NULL);
    CHECK_STREQ(error->details,
                "ovsdb operation 2 of 7: unknown member \"b\"");
    ovsdb_error_destroy(error);

    ovsdb_parser_init_indexed(&parser, json, "ovsdb operation", 1, 1);
    CHECK(ovsdb_parser_member(&parser, "a", OVSDB_P_INTEGER) != NULL);
    CHECK(ovsdb_parser_member(&parser, "b", OVSDB_P_INTEGER) != NULL);
    CHECK(!ovsdb_parser_finish(&parser));
    json_decref(json);

    json = test_json_parse("[1]");
    ovsdb_parser_init_indexed(&parser, json, "op", 3, 4);
    CHECK(ovsdb_parser_has_error(&parser));
    CHECK_STREQ(ovsdb_parser_get_name(&parser), "op 3 of 4");
    error = ovsdb_parser_finish(&parser);
    CHECK(error != NULL);
    CHECK_STREQ(error->details,
                "op 3 of 4: expected JSON object, not an array");
    ovsdb_error_destroy(error);
    json_decref(json);
}

static void
check_parser_error(const char *input, const char *member,
                   enum ovsdb_parser_types types, const char *details)
{
    json_t *json = test_json_parse(input);
    struct ovsdb_parser parser;

    ovsdb_parser_init(&parser, json, "thing");
    if (member) {
        (void) ovsdb_parser_member(&parser, member, types);
    }
    struct ovsdb_error *error = ovsdb_parser_finish(&parser);
    CHECK(error != NULL);
    CHECK_STREQ(error->tag, "syntax error");
    CHECK_STREQ(error->details, details);
    char *syntax = test_json_text(json);
    CHECK_STREQ(error->syntax, syntax);
    free(syntax);
    ovsdb_error_destroy(error);
    json_decref(json);
}

OSW_TEST(parser_errors)
{
    check_parser_error("[]", "a", OVSDB_P_ANY,
                       "thing: expected JSON object, not an array");
    check_parser_error("{}", "a", OVSDB_P_STRING,
                       "thing: required member \"a\" is missing");
    check_parser_error("{\"a\": 1}", "a", OVSDB_P_STRING,
                       "thing: member \"a\" must be a string, not an "
                       "integer");
    check_parser_error("{\"a\": 1.5}", "a", OVSDB_P_INTEGER | OVSDB_P_ARRAY,
                       "thing: member \"a\" must be an integer or an array, "
                       "not a real number");
    check_parser_error("{\"a\": null}", "a", OVSDB_P_BOOLEAN,
                       "thing: member \"a\" must be a boolean, not null");
    check_parser_error("{\"a\": \"x\"}", "a", OVSDB_P_NUMBER,
                       "thing: member \"a\" must be a number, not a string");
    check_parser_error("{\"a\": 1}", "a", OVSDB_P_ID,
                       "thing: member \"a\" must be an identifier, not an "
                       "integer");
    check_parser_error("{\"a\": \"1x\"}", "a", OVSDB_P_ID,
                       "thing: member \"a\" must be an identifier (letters, "
                       "digits and \"_\", not starting with a digit), not "
                       "\"1x\"");
    check_parser_error("{\"a\": 1, \"b\": 2}", "a", OVSDB_P_INTEGER,
                       "thing: unknown member \"b\"");
    check_parser_error("{\"b\": 2}", NULL, 0, "thing: unknown member \"b\"");
}

OSW_TEST(parser_first_error_wins)
{
    json_t *json = test_json_parse("{\"a\": 1}");
    struct ovsdb_parser parser;

    ovsdb_parser_init(&parser, json, "p");
    CHECK(!ovsdb_parser_member(&parser, "x", OVSDB_P_ANY));
    CHECK(ovsdb_parser_has_error(&parser));
    /* After an error every member is NULL, and later errors are dropped. */
    CHECK(!ovsdb_parser_member(&parser, "a", OVSDB_P_INTEGER));
    ovsdb_parser_raise_error(&parser, "second");
    ovsdb_parser_put_error(&parser, ovsdb_error("third", NULL));
    struct ovsdb_error *error = ovsdb_parser_finish(&parser);
    CHECK_STREQ(error->details, "p: required member \"x\" is missing");
    ovsdb_error_destroy(error);

    /* ovsdb_parser_destroy() drops a pending error. */
    ovsdb_parser_init(&parser, json, "p");
    ovsdb_parser_raise_error(&parser, "oops");
    ovsdb_parser_destroy(&parser);

    /* ovsdb_parser_put_error() records the first error. */
    ovsdb_parser_init(&parser, json, "p");
    ovsdb_parser_put_error(&parser, ovsdb_error("aborted", "mine"));
    error = ovsdb_parser_finish(&parser);
    CHECK_STREQ(error->tag, "aborted");
    ovsdb_error_destroy(error);
    json_decref(json);
}

/* Atomic types. */

OSW_TEST(atomic_type_names)
{
    static const char *names[] = {
        "void", "integer", "real", "boolean", "string", "uuid",
    };
    for (int i = 0; i < OVSDB_N_TYPES; i++) {
        enum ovsdb_atomic_type type;

        CHECK_STREQ(ovsdb_atomic_type_to_string(i), names[i]);
        if (i == OVSDB_TYPE_VOID) {
            CHECK(!ovsdb_atomic_type_from_string(names[i], &type));
            CHECK(!ovsdb_atomic_type_is_valid(i));
        } else {
            CHECK(ovsdb_atomic_type_from_string(names[i], &type));
            CHECK_EQ(type, i);
            CHECK(ovsdb_atomic_type_is_valid(i));

            json_t *json = ovsdb_atomic_type_to_json(i);
            CHECK_STREQ(json_string_value(json), names[i]);
            CHECK(!ovsdb_atomic_type_from_json(&type, json));
            CHECK_EQ(type, i);
            json_decref(json);
        }
    }
    CHECK_STREQ(ovsdb_atomic_type_to_string(OVSDB_N_TYPES), "<invalid>");
    CHECK(!ovsdb_atomic_type_is_valid(OVSDB_N_TYPES));

    enum ovsdb_atomic_type type = OVSDB_TYPE_REAL;
    CHECK(!ovsdb_atomic_type_from_string("Integer", &type));
    CHECK(!ovsdb_atomic_type_from_string("int", &type));
    CHECK_EQ(type, OVSDB_TYPE_REAL);
}

OSW_TEST(atomic_type_from_json_errors)
{
    enum ovsdb_atomic_type type;
    json_t *json = test_json_parse("1");
    struct ovsdb_error *error = ovsdb_atomic_type_from_json(&type, json);
    CHECK_STREQ(error->details, "atomic-type: atomic-type must be a string, "
                "not an integer");
    ovsdb_error_destroy(error);
    json_decref(json);

    json = test_json_parse("\"void\"");
    error = ovsdb_atomic_type_from_json(&type, json);
    CHECK_STREQ(error->details, "atomic-type: \"void\" is not an atomic-type "
                "(use \"integer\", \"real\", \"boolean\", \"string\" or "
                "\"uuid\")");
    CHECK_STREQ(error->syntax, "\"void\"");
    ovsdb_error_destroy(error);
    json_decref(json);
}

/* Base types. */

OSW_TEST(base_type_init_defaults)
{
    struct ovsdb_base_type base;

    ovsdb_base_type_init(&base, OVSDB_TYPE_INTEGER);
    CHECK_EQ(base.integer.min, INT64_MIN);
    CHECK_EQ(base.integer.max, INT64_MAX);
    CHECK(!base.enum_);
    CHECK(!ovsdb_base_type_has_constraints(&base));
    CHECK(ovsdb_base_type_is_valid(&base));

    ovsdb_base_type_init(&base, OVSDB_TYPE_REAL);
    CHECK(base.real.min == -DBL_MAX && base.real.max == DBL_MAX);
    CHECK(!ovsdb_base_type_has_constraints(&base));

    ovsdb_base_type_init(&base, OVSDB_TYPE_STRING);
    CHECK_EQ(base.string.min_len, 0);
    CHECK_EQ(base.string.max_len, UINT_MAX);
    CHECK(!ovsdb_base_type_has_constraints(&base));

    ovsdb_base_type_init(&base, OVSDB_TYPE_UUID);
    CHECK(!base.uuid.ref_table_name && !base.uuid.ref_table);
    CHECK_EQ(base.uuid.ref_type, OVSDB_REF_STRONG);
    CHECK(!ovsdb_base_type_is_ref(&base));
    CHECK(!ovsdb_base_type_is_strong_ref(&base));
    CHECK(!ovsdb_base_type_is_weak_ref(&base));

    ovsdb_base_type_init(&base, OVSDB_TYPE_BOOLEAN);
    CHECK(ovsdb_base_type_is_valid(&base));
    ovsdb_base_type_init(&base, OVSDB_TYPE_VOID);
    CHECK(ovsdb_base_type_is_valid(&base));

    /* The initializer macros agree with ovsdb_base_type_init(). */
    struct ovsdb_base_type i = OVSDB_BASE_INTEGER_INIT;
    struct ovsdb_base_type r = OVSDB_BASE_REAL_INIT;
    struct ovsdb_base_type s = OVSDB_BASE_STRING_INIT;
    struct ovsdb_base_type u = OVSDB_BASE_UUID_INIT;
    CHECK(!ovsdb_base_type_has_constraints(&i));
    CHECK(!ovsdb_base_type_has_constraints(&r));
    CHECK(!ovsdb_base_type_has_constraints(&s));
    CHECK(!ovsdb_base_type_has_constraints(&u));
    CHECK(ovsdb_type_is_scalar(&ovsdb_type_integer));
    CHECK_EQ(ovsdb_type_uuid.key.type, OVSDB_TYPE_UUID);
    CHECK(ovsdb_type_is_valid(&ovsdb_type_real));
    CHECK(ovsdb_type_is_valid(&ovsdb_type_boolean));
    CHECK(ovsdb_type_is_valid(&ovsdb_type_string));
}

OSW_TEST(base_type_from_json)
{
    struct ovsdb_base_type base;
    json_t *json = test_json_parse("{\"type\": \"uuid\", \"refTable\": \"Port\", "
                              "\"refType\": \"weak\"}");
    CHECK(!ovsdb_base_type_from_json(&base, json));
    CHECK_EQ(base.type, OVSDB_TYPE_UUID);
    CHECK_STREQ(base.uuid.ref_table_name, "Port");
    CHECK_EQ(base.uuid.ref_type, OVSDB_REF_WEAK);
    CHECK(!base.uuid.ref_table);
    CHECK(ovsdb_base_type_is_ref(&base));
    CHECK(ovsdb_base_type_is_weak_ref(&base));
    CHECK(!ovsdb_base_type_is_strong_ref(&base));
    CHECK(ovsdb_base_type_has_constraints(&base));
    json_decref(json);

    json = ovsdb_base_type_to_json(&base);
    CHECK_JSON(json, "{\"type\": \"uuid\", \"refTable\": \"Port\", "
               "\"refType\": \"weak\"}");
    json_decref(json);

    struct ovsdb_base_type clone;
    ovsdb_base_type_clone(&clone, &base);
    CHECK(clone.uuid.ref_table_name != base.uuid.ref_table_name);
    CHECK_STREQ(clone.uuid.ref_table_name, "Port");

    /* clear_constraints() frees and resets. */
    ovsdb_base_type_clear_constraints(&clone);
    CHECK(!clone.uuid.ref_table_name);
    CHECK(!ovsdb_base_type_has_constraints(&clone));
    ovsdb_base_type_destroy(&clone);
    ovsdb_base_type_destroy(&base);
    ovsdb_base_type_destroy(&base);     /* Twice is harmless. */

    json = test_json_parse("\"string\"");
    CHECK(!ovsdb_base_type_from_json(&base, json));
    CHECK_EQ(base.type, OVSDB_TYPE_STRING);
    json_decref(json);

    json = test_json_parse("[\"string\"]");
    struct ovsdb_error *error = ovsdb_base_type_from_json(&base, json);
    CHECK_STREQ(error->details, "base type: <base-type> must be a string or "
                "an object, not an array");
    ovsdb_error_destroy(error);
    json_decref(json);

    json = test_json_parse("{\"type\": \"integer\", \"foo\": 1}");
    error = ovsdb_base_type_from_json(&base, json);
    CHECK_STREQ(error->details, "base type: unknown member \"foo\"");
    CHECK_EQ(base.type, OVSDB_TYPE_VOID);
    ovsdb_error_destroy(error);
    json_decref(json);
}

OSW_TEST(base_type_enum)
{
    struct ovsdb_base_type base;
    json_t *json = test_json_parse("{\"type\": \"string\", \"enum\": [\"set\", "
                              "[\"y\", \"x\", \"z\"]]}");
    CHECK(!ovsdb_base_type_from_json(&base, json));
    json_decref(json);

    CHECK(base.enum_ != NULL);
    CHECK_EQ(base.enum_->n, 3);
    CHECK_STREQ(base.enum_->keys[0].string, "x");     /* Sorted. */
    CHECK_STREQ(base.enum_->keys[2].string, "z");
    CHECK(ovsdb_base_type_has_constraints(&base));
    CHECK(ovsdb_base_type_is_valid(&base));

    json = ovsdb_base_type_to_json(&base);
    CHECK_JSON(json, "{\"type\": \"string\", \"enum\": [\"set\", [\"x\", "
               "\"y\", \"z\"]]}");
    json_decref(json);

    struct ovsdb_base_type clone;
    ovsdb_base_type_clone(&clone, &base);
    CHECK(clone.enum_ != base.enum_);
    CHECK(ovsdb_datum_equals(clone.enum_, base.enum_,
                             ovsdb_base_type_get_enum_type(
                                 OVSDB_TYPE_STRING)));
    ovsdb_base_type_destroy(&clone);
    ovsdb_base_type_destroy(&base);

    const struct ovsdb_type *enum_type
        = ovsdb_base_type_get_enum_type(OVSDB_TYPE_INTEGER);
    CHECK_EQ(enum_type->key.type, OVSDB_TYPE_INTEGER);
    CHECK_EQ(enum_type->n_min, 1);
    CHECK_EQ(enum_type->n_max, UINT_MAX);
    CHECK(!ovsdb_type_is_map(enum_type));
}

OSW_TEST(base_type_is_valid_rules)
{
    struct ovsdb_base_type base;

    ovsdb_base_type_init(&base, OVSDB_TYPE_INTEGER);
    base.integer.min = 5;
    base.integer.max = 4;
    CHECK(!ovsdb_base_type_is_valid(&base));

    ovsdb_base_type_init(&base, OVSDB_TYPE_REAL);
    base.real.min = 1.0;
    base.real.max = 0.5;
    CHECK(!ovsdb_base_type_is_valid(&base));

    ovsdb_base_type_init(&base, OVSDB_TYPE_STRING);
    base.string.min_len = 3;
    base.string.max_len = 2;
    CHECK(!ovsdb_base_type_is_valid(&base));

    ovsdb_base_type_init(&base, OVSDB_TYPE_UUID);
    base.uuid.ref_type = OVSDB_REF_WEAK;        /* Weak needs a table. */
    CHECK(!ovsdb_base_type_is_valid(&base));

    base.type = OVSDB_N_TYPES;
    CHECK(!ovsdb_base_type_is_valid(&base));

    /* An enum excludes other constraints and must not be empty. */
    struct ovsdb_datum empty;
    ovsdb_datum_init_empty(&empty);
    ovsdb_base_type_init(&base, OVSDB_TYPE_INTEGER);
    base.enum_ = &empty;
    CHECK(!ovsdb_base_type_is_valid(&base));
    struct ovsdb_datum one;
    ovsdb_datum_init_integer(&one, 1);
    base.enum_ = &one;
    CHECK(ovsdb_base_type_is_valid(&base));
    base.integer.min = 0;
    CHECK(!ovsdb_base_type_is_valid(&base));
    ovsdb_datum_destroy(&one, &ovsdb_type_integer);
}

/* Types. */

OSW_TEST(type_scalars)
{
    check_type("\"integer\"", "\"integer\"");
    check_type("\"real\"", "\"real\"");
    check_type("\"boolean\"", "\"boolean\"");
    check_type("\"string\"", "\"string\"");
    check_type("\"uuid\"", "\"uuid\"");
    check_type("{\"key\": \"integer\"}", "\"integer\"");
    check_type("{\"key\": {\"type\": \"integer\"}, \"min\": 1, \"max\": 1}",
               "\"integer\"");
}

OSW_TEST(type_canonical_forms)
{
    /* A scalar with constraints keeps "key". */
    check_type("{\"key\": {\"type\": \"integer\", \"minInteger\": 0, "
               "\"maxInteger\": 10}}",
               "{\"key\": {\"type\": \"integer\", \"minInteger\": 0, "
               "\"maxInteger\": 10}}");
    /* Optional: "max" 1 is the default. */
    check_type("{\"key\": {\"type\": \"string\"}, \"min\": 0, \"max\": 1}",
               "{\"key\": \"string\", \"min\": 0}");
    check_type("{\"key\": \"string\", \"value\": \"string\", \"min\": 0, "
               "\"max\": \"unlimited\"}",
               "{\"key\": \"string\", \"value\": \"string\", \"min\": 0, "
               "\"max\": \"unlimited\"}");
    check_type("{\"key\": {\"type\": \"integer\", \"minInteger\": 0, "
               "\"maxInteger\": 4095}, \"min\": 0, \"max\": 4096}",
               "{\"key\": {\"type\": \"integer\", \"minInteger\": 0, "
               "\"maxInteger\": 4095}, \"min\": 0, \"max\": 4096}");
    check_type("{\"key\": \"uuid\", \"min\": 1, \"max\": \"unlimited\"}",
               "{\"key\": \"uuid\", \"max\": \"unlimited\"}");
    /* Default bounds of constraints are left out. */
    check_type("{\"key\": {\"type\": \"integer\", "
               "\"minInteger\": -9223372036854775808, "
               "\"maxInteger\": 9223372036854775807}}", "\"integer\"");
    check_type("{\"key\": {\"type\": \"string\", \"minLength\": 0, "
               "\"maxLength\": 4294967295}}", "\"string\"");
    check_type("{\"key\": {\"type\": \"real\", "
               "\"minReal\": -1.7976931348623157e308}}", "\"real\"");
    /* Strong references leave "refType" out. */
    check_type("{\"key\": {\"type\": \"uuid\", \"refTable\": \"A\", "
               "\"refType\": \"strong\"}}",
               "{\"key\": {\"type\": \"uuid\", \"refTable\": \"A\"}}");
    check_type("{\"key\": {\"type\": \"real\", \"minReal\": 1, "
               "\"maxReal\": 2.5}}",
               "{\"key\": {\"type\": \"real\", \"minReal\": 1.0, "
               "\"maxReal\": 2.5}}");
    check_type("{\"key\": {\"type\": \"string\", \"minLength\": 2, "
               "\"maxLength\": 3}, \"min\": 0}",
               "{\"key\": {\"type\": \"string\", \"minLength\": 2, "
               "\"maxLength\": 3}, \"min\": 0}");
    /* A one-element enum is written as a bare atom. */
    check_type("{\"key\": {\"type\": \"string\", \"enum\": [\"set\", "
               "[\"only\"]]}}",
               "{\"key\": {\"type\": \"string\", \"enum\": \"only\"}}");
    check_type("{\"key\": {\"type\": \"integer\", \"enum\": [\"set\", "
               "[3, 1, 2]]}, \"min\": 0, \"max\": 2}",
               "{\"key\": {\"type\": \"integer\", \"enum\": [\"set\", "
               "[1, 2, 3]]}, \"min\": 0, \"max\": 2}");
    check_type("{\"key\": \"integer\", \"value\": {\"type\": \"uuid\", "
               "\"refTable\": \"T\", \"refType\": \"weak\"}, \"min\": 1, "
               "\"max\": 1}",
               "{\"key\": \"integer\", \"value\": {\"type\": \"uuid\", "
               "\"refTable\": \"T\", \"refType\": \"weak\"}}");
    check_type("{\"key\": \"boolean\", \"max\": 4294967294}",
               "{\"key\": \"boolean\", \"max\": 4294967294}");
}

OSW_TEST(type_predicates)
{
    struct {
        const char *json;
        bool scalar, optional_scalar, optional, composite, set, map;
    } cases[] = {
        { "\"integer\"", true, false, false, false, false, false },
        { "{\"key\": \"integer\", \"min\": 0}",
          false, true, true, false, true, false },
        { "{\"key\": \"integer\", \"min\": 0, \"max\": 5}",
          false, false, true, true, true, false },
        { "{\"key\": \"integer\", \"max\": \"unlimited\"}",
          false, false, false, true, true, false },
        { "{\"key\": \"integer\", \"value\": \"real\"}",
          false, false, false, false, false, true },
        { "{\"key\": \"integer\", \"value\": \"real\", \"min\": 0, "
          "\"max\": \"unlimited\"}",
          false, false, true, true, false, true },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ovsdb_type type;
        json_t *json = test_json_parse(cases[i].json);
        CHECK(!ovsdb_type_from_json(&type, json));
        json_decref(json);

        CHECK_EQ(ovsdb_type_is_scalar(&type), cases[i].scalar);
        CHECK_EQ(ovsdb_type_is_optional_scalar(&type),
                 cases[i].optional_scalar);
        CHECK_EQ(ovsdb_type_is_optional(&type), cases[i].optional);
        CHECK_EQ(ovsdb_type_is_composite(&type), cases[i].composite);
        CHECK_EQ(ovsdb_type_is_set(&type), cases[i].set);
        CHECK_EQ(ovsdb_type_is_map(&type), cases[i].map);
        ovsdb_type_destroy(&type);
    }
}

OSW_TEST(type_min_max_errors)
{
    check_type_error("{\"key\": \"integer\", \"min\": 2}",
                     "type: min must be 0 or 1 (not 2)");
    check_type_error("{\"key\": \"integer\", \"min\": -1}",
                     "type: min must be 0 or 1 (not -1)");
    check_type_error("{\"key\": \"integer\", \"min\": true}",
                     "type: member \"min\" must be an integer, not true");
    check_type_error("{\"key\": \"integer\", \"max\": 0}",
                     "type: max must be between 1 and 4294967294 or "
                     "\"unlimited\" (not 0)");
    check_type_error("{\"key\": \"integer\", \"min\": 0, \"max\": 0}",
                     "(not 0)");
    check_type_error("{\"key\": \"integer\", \"max\": 4294967295}",
                     "(not 4294967295)");
    check_type_error("{\"key\": \"integer\", \"max\": \"infinite\"}",
                     "type: max must be a positive integer or "
                     "\"unlimited\" (not \"infinite\")");
    check_type_error("{\"key\": \"integer\", \"max\": 1.5}",
                     "member \"max\" must be an integer or a string, not a "
                     "real number");
}

OSW_TEST(type_structure_errors)
{
    check_type_error("\"int\"", "type: \"int\" is not an atomic-type");
    check_type_error("\"void\"", "type: \"void\" is not an atomic-type");
    check_type_error("[]", "<type> must be a string or an object, not an "
                     "array");
    check_type_error("null", "<type> must be a string or an object, not "
                     "null");
    check_type_error("{\"value\": \"integer\"}",
                     "type: required member \"key\" is missing");
    check_type_error("{\"key\": \"integer\", \"value\": \"void\"}",
                     "value: \"void\" is not an atomic-type");
    check_type_error("{\"key\": \"integer\", \"foo\": 1}",
                     "type: unknown member \"foo\"");
    check_type_error("{\"key\": 5}", "type: member \"key\" must be a string "
                     "or an object, not an integer");
    check_type_error("{\"key\": {}}",
                     "key: required member \"type\" is missing");
    check_type_error("{\"key\": {\"type\": \"int\"}}",
                     "key: \"int\" is not an atomic-type");
    check_type_error("{\"key\": {\"type\": 1}}",
                     "key: member \"type\" must be a string, not an "
                     "integer");
    check_type_error("{\"key\": \"string\", \"value\": {\"type\": "
                     "\"integer\", \"bar\": 2}}",
                     "value: unknown member \"bar\"");
}

OSW_TEST(type_constraint_errors)
{
    check_type_error("{\"key\": {\"type\": \"integer\", \"minLength\": 1}}",
                     "key: \"minLength\" does not apply to type \"integer\"");
    check_type_error("{\"key\": {\"type\": \"boolean\", \"maxReal\": 1}}",
                     "key: \"maxReal\" does not apply to type \"boolean\"");
    check_type_error("{\"key\": {\"type\": \"string\", \"refTable\": "
                     "\"A\"}}",
                     "key: \"refTable\" does not apply to type \"string\"");
    check_type_error("{\"key\": {\"type\": \"uuid\", \"refType\": "
                     "\"weak\"}}",
                     "key: \"refType\" requires \"refTable\"");
    check_type_error("{\"key\": {\"type\": \"uuid\", \"refTable\": \"A\", "
                     "\"refType\": \"soft\"}}",
                     "key: refType must be \"strong\" or \"weak\" (not "
                     "\"soft\")");
    check_type_error("{\"key\": {\"type\": \"uuid\", \"refTable\": "
                     "\"9A\"}}",
                     "key: member \"refTable\" must be an identifier");
    check_type_error("{\"key\": {\"type\": \"uuid\", \"refTable\": \"A\", "
                     "\"refType\": 1}}",
                     "key: member \"refType\" must be a string");
    check_type_error("{\"key\": {\"type\": \"string\", \"enum\": [\"set\", "
                     "[\"abc\"]], \"maxLength\": 2}}",
                     "key: \"maxLength\" may not be combined with \"enum\"");
    check_type_error("{\"key\": {\"type\": \"integer\", \"enum\": [\"set\", "
                     "[1, 2]], \"minInteger\": 1}}",
                     "key: \"minInteger\" may not be combined with \"enum\"");
    check_type_error("{\"key\": {\"type\": \"integer\", \"minInteger\": 5, "
                     "\"maxInteger\": 4}}",
                     "key: minInteger (5) exceeds maxInteger (4)");
    check_type_error("{\"key\": {\"type\": \"real\", \"minReal\": 5, "
                     "\"maxReal\": 4.5}}",
                     "key: minReal (5) exceeds maxReal (4.5)");
    check_type_error("{\"key\": {\"type\": \"string\", \"minLength\": 5, "
                     "\"maxLength\": 4}}",
                     "key: minLength (5) exceeds maxLength (4)");
    check_type_error("{\"key\": {\"type\": \"string\", \"minLength\": -1}}",
                     "key: minLength (-1) is out of the valid range 0 to "
                     "4294967295");
    check_type_error("{\"key\": {\"type\": \"string\", "
                     "\"maxLength\": 4294967296}}",
                     "key: maxLength (4294967296) is out of the valid range");
    check_type_error("{\"key\": {\"type\": \"integer\", \"minInteger\": "
                     "1.5}}",
                     "key: member \"minInteger\" must be an integer, not a "
                     "real number");
    check_type_error("{\"key\": {\"type\": \"real\", \"minReal\": \"x\"}}",
                     "key: member \"minReal\" must be a number, not a "
                     "string");
}

OSW_TEST(type_enum_errors)
{
    check_type_error("{\"key\": {\"type\": \"string\", \"enum\": [\"set\", "
                     "[]]}}",
                     "key: enum: set must have at least 1 member but 0 are "
                     "present");
    check_type_error("{\"key\": {\"type\": \"string\", \"enum\": [\"set\", "
                     "[1]]}}",
                     "key: enum: expected string");

    /* Duplicates are reported as ovsdb-server reports them. */
    struct ovsdb_type type;
    json_t *json = test_json_parse("{\"key\": {\"type\": \"string\", \"enum\": "
                              "[\"set\", [\"x\", \"x\"]]}}");
    struct ovsdb_error *error = ovsdb_type_from_json(&type, json);
    CHECK_STREQ(error->tag, "ovsdb error");
    CHECK_STREQ(error->details, "key: enum: set contains duplicate");
    ovsdb_error_destroy(error);
    json_decref(json);
}

OSW_TEST(type_english)
{
    CHECK_ENGLISH("\"string\"", "string");
    CHECK_ENGLISH("\"uuid\"", "uuid");
    CHECK_ENGLISH("{\"key\": {\"type\": \"integer\", \"minInteger\": 1}}",
                  "integer");
    CHECK_ENGLISH("{\"key\": \"string\", \"min\": 0}",
                  "set of up to 1 strings");
    CHECK_ENGLISH("{\"key\": \"integer\", \"min\": 0, \"max\": 4096}",
                  "set of up to 4096 integers");
    CHECK_ENGLISH("{\"key\": \"uuid\", \"min\": 1, \"max\": \"unlimited\"}",
                  "set of 1 or more uuids");
    CHECK_ENGLISH("{\"key\": \"real\", \"min\": 0, \"max\": \"unlimited\"}",
                  "set of reals");
    CHECK_ENGLISH("{\"key\": \"boolean\", \"min\": 1, \"max\": 5}",
                  "set of 1 to 5 booleans");
    CHECK_ENGLISH("{\"key\": \"string\", \"value\": \"string\", \"min\": 0, "
                  "\"max\": \"unlimited\"}",
                  "map of (string, string) pairs");
    CHECK_ENGLISH("{\"key\": \"integer\", \"value\": \"real\"}",
                  "map of exactly 1 (integer, real) pairs");
    CHECK_ENGLISH("{\"key\": \"string\", \"value\": \"uuid\", \"min\": 1, "
                  "\"max\": \"unlimited\"}",
                  "map of 1 or more (string, uuid) pairs");
    CHECK_ENGLISH("{\"key\": \"string\", \"value\": \"boolean\", \"min\": 0, "
                  "\"max\": 3}",
                  "map of up to 3 (string, boolean) pairs");
}

OSW_TEST(type_equals_and_clone)
{
    const char *inputs[] = {
        "\"integer\"",
        "{\"key\": \"integer\", \"min\": 0}",
        "{\"key\": {\"type\": \"integer\", \"maxInteger\": 5}}",
        "{\"key\": {\"type\": \"integer\", \"enum\": 5}}",
        "{\"key\": {\"type\": \"integer\", \"enum\": [\"set\", [5, 6]]}}",
        "{\"key\": {\"type\": \"uuid\", \"refTable\": \"A\"}}",
        "{\"key\": {\"type\": \"uuid\", \"refTable\": \"B\"}}",
        ("{\"key\": {\"type\": \"uuid\", \"refTable\": \"A\", "
         "\"refType\": \"weak\"}}"),
        "{\"key\": \"uuid\", \"value\": \"string\"}",
        "{\"key\": {\"type\": \"string\", \"minLength\": 1}}",
        "{\"key\": {\"type\": \"real\", \"maxReal\": 1}}",
        "\"real\"",
    };
    struct ovsdb_type types[ARRAY_SIZE(inputs)];

    for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
        json_t *json = test_json_parse(inputs[i]);
        CHECK(!ovsdb_type_from_json(&types[i], json));
        json_decref(json);
    }
    for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
        for (size_t j = 0; j < ARRAY_SIZE(inputs); j++) {
            CHECK_EQ(ovsdb_type_equals(&types[i], &types[j]), i == j);
        }
        struct ovsdb_type clone;
        ovsdb_type_clone(&clone, &types[i]);
        CHECK(ovsdb_type_equals(&clone, &types[i]));
        ovsdb_type_destroy(&clone);
    }
    for (size_t i = 0; i < ARRAY_SIZE(inputs); i++) {
        ovsdb_type_destroy(&types[i]);
    }
}

OSW_TEST(type_is_valid_rules)
{
    struct ovsdb_type type;

    ovsdb_type_init_scalar(&type, OVSDB_TYPE_STRING);
    CHECK(ovsdb_type_is_valid(&type));
    CHECK(ovsdb_type_is_scalar(&type));

    type.n_min = 2;
    type.n_max = 3;
    CHECK(!ovsdb_type_is_valid(&type));
    type.n_min = 1;
    type.n_max = 0;
    CHECK(!ovsdb_type_is_valid(&type));
    type.n_min = 0;
    type.n_max = UINT_MAX;
    CHECK(ovsdb_type_is_valid(&type));

    ovsdb_type_init_scalar(&type, OVSDB_TYPE_VOID);
    CHECK(!ovsdb_type_is_valid(&type));
}

OSW_TEST_MAIN()
