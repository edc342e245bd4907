/* Tests for ovsdb/ovsdb-data.c: atoms, datums, their JSON and text forms,
 * set operations and symbol tables.
 *
 * Expected error tags and messages marked "(ovsdb-server)" or
 * "(ovs-vsctl)" are the ones Open vSwitch 3.1 gives for the same input. */
#include <config.h>
#include "test-json.h"
#include "testlib.h"

#include <float.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "osw/uuid.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-types.h"

/* Helpers. */

/* Returns a new type parsed from 's'; free with free_type(). */
static struct ovsdb_type *
new_type(const char *s)
{
    struct ovsdb_type *type = xmalloc(sizeof *type);
    json_t *json = test_json_parse(s);
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

/* Parses datum 'in' (JSON) of type 'type_s' with 'symtab', which must
 * succeed. */
static void
parse_datum(struct ovsdb_datum *datum, const struct ovsdb_type *type,
            const char *in, struct ovsdb_symbol_table *symtab)
{
    json_t *json = test_json_parse(in);
    struct ovsdb_error *error = ovsdb_datum_from_json(datum, type, json,
                                                      symtab);
    json_decref(json);
    if (error) {
        char *msg = ovsdb_error_to_string_free(error);
        osw_test_fail(__FILE__, __LINE__, "%s: %s", in, msg);
    }
    CHECK(ovsdb_datum_conforms_to_type(datum, type));
}

/* Parses JSON 'in' as a datum of type 'type_s' and checks that it prints
 * back as JSON 'out' and as text 'text' (if nonnull). */
static void
check_datum(const char *type_s, const char *in, const char *out,
            const char *text)
{
    struct ovsdb_type *type = new_type(type_s);
    struct ovsdb_datum datum, datum2;

    parse_datum(&datum, type, in, NULL);
    json_t *json = ovsdb_datum_to_json(&datum, type);
    CHECK_JSON(json, out);

    /* The output reads back as the same datum. */
    CHECK(!ovsdb_datum_from_json(&datum2, type, json, NULL));
    CHECK(ovsdb_datum_equals(&datum, &datum2, type));
    json_decref(json);

    if (text) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ovsdb_datum_to_string(&datum, type, &ds);
        CHECK_STREQ(ds_cstr(&ds), text);
        ds_destroy(&ds);
    }

    ovsdb_datum_destroy(&datum, type);
    ovsdb_datum_destroy(&datum2, type);
    free_type(type);
}

/* Parses JSON 'in' as a datum of type 'type_s', which must fail with 'tag',
 * 'details' and 'syntax' (NULL: no syntax recorded). */
static void
check_datum_error(const char *type_s, const char *in, const char *tag,
                  const char *details, const char *syntax)
{
    struct ovsdb_type *type = new_type(type_s);
    struct ovsdb_datum datum;
    json_t *json = test_json_parse(in);
    struct ovsdb_symbol_table *symtab = ovsdb_symbol_table_create();
    struct ovsdb_error *error = ovsdb_datum_from_json(&datum, type, json,
                                                      symtab);
    json_decref(json);

    if (!error) {
        osw_test_fail(__FILE__, __LINE__, "%s: parsed but should fail", in);
    }
    CHECK_STREQ(error->tag, tag);
    CHECK_STREQ(error->details, details);
    if (syntax) {
        char *expected = test_json_canonical(syntax);
        CHECK_STREQ(error->syntax, expected);
        free(expected);
    } else {
        CHECK(!error->syntax);
    }
    CHECK_EQ(datum.n, 0);
    ovsdb_datum_destroy(&datum, type);     /* Harmless after failure. */
    ovsdb_error_destroy(error);
    ovsdb_symbol_table_destroy(symtab);
    free_type(type);
}

/* Parses text 'in' as a datum of type 'type_s' and checks that it prints
 * as 'out'. */
static void
check_string(const char *type_s, const char *in, const char *out)
{
    struct ovsdb_type *type = new_type(type_s);
    struct ovsdb_datum datum, datum2;
    char *error = ovsdb_datum_from_string(&datum, type, in, NULL);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", in, error);
    }
    CHECK(ovsdb_datum_conforms_to_type(&datum, type));

    struct ds ds = DS_EMPTY_INITIALIZER;
    ovsdb_datum_to_string(&datum, type, &ds);
    CHECK_STREQ(ds_cstr(&ds), out);

    /* The output reads back as the same datum. */
    error = ovsdb_datum_from_string(&datum2, type, ds_cstr(&ds), NULL);
    CHECK(!error);
    CHECK(ovsdb_datum_equals(&datum, &datum2, type));

    ds_destroy(&ds);
    ovsdb_datum_destroy(&datum, type);
    ovsdb_datum_destroy(&datum2, type);
    free_type(type);
}

/* Parses text 'in' as a datum of type 'type_s', which must fail with
 * message 'expected'. */
static void
check_string_error(const char *type_s, const char *in, const char *expected)
{
    struct ovsdb_type *type = new_type(type_s);
    struct ovsdb_datum datum;
    char *error = ovsdb_datum_from_string(&datum, type, in, NULL);
    if (!error) {
        osw_test_fail(__FILE__, __LINE__, "%s: parsed but should fail", in);
    }
    CHECK_STREQ(error, expected);
    CHECK_EQ(datum.n, 0);
    ovsdb_datum_destroy(&datum, type);
    free(error);
    free_type(type);
}

static char *
datum_string(const struct ovsdb_datum *datum, const struct ovsdb_type *type)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    ovsdb_datum_to_string(datum, type, &ds);
    return ds_steal_cstr(&ds);
}

#define CHECK_DATUM_STRING(DATUM, TYPE, EXPECTED)                       \
    do {                                                                \
        char *s__ = datum_string(DATUM, TYPE);                          \
        CHECK_STREQ(s__, EXPECTED);                                     \
        free(s__);                                                      \
    } while (0)

/* Common types. */
#define T_INT_SET "{\"key\": \"integer\", \"min\": 0, \"max\": \"unlimited\"}"
#define T_STR_SET "{\"key\": \"string\", \"min\": 0, \"max\": \"unlimited\"}"
#define T_SMAP "{\"key\": \"string\", \"value\": \"string\", \"min\": 0, " \
    "\"max\": \"unlimited\"}"
#define T_SIMAP "{\"key\": \"string\", \"value\": \"integer\", \"min\": 0, " \
    "\"max\": \"unlimited\"}"
#define T_VLAN_SET "{\"key\": {\"type\": \"integer\", \"minInteger\": 0, " \
    "\"maxInteger\": 4095}, \"min\": 0, \"max\": 4096}"
#define T_VLAN_OPT "{\"key\": {\"type\": \"integer\", \"minInteger\": 0, " \
    "\"maxInteger\": 4095}, \"min\": 0, \"max\": 1}"
#define T_UUID_SET "{\"key\": {\"type\": \"uuid\", \"refTable\": \"Port\"}, " \
    "\"min\": 0, \"max\": \"unlimited\"}"
#define T_XY_SET "{\"key\": {\"type\": \"string\", \"enum\": [\"set\", " \
    "[\"x\", \"y\"]]}, \"min\": 0, \"max\": \"unlimited\"}"

#define U0 "00000000-0000-0000-0000-000000000000"
#define U1 "00000000-0000-0000-0000-000000000001"
#define U2 "00000000-0000-0000-0000-000000000002"

/* Atoms. */

OSW_TEST(atom_defaults)
{
    union ovsdb_atom atom;

    ovsdb_atom_init_default(&atom, OVSDB_TYPE_INTEGER);
    CHECK_EQ(atom.integer, 0);
    CHECK(ovsdb_atom_is_default(&atom, OVSDB_TYPE_INTEGER));

    ovsdb_atom_init_default(&atom, OVSDB_TYPE_REAL);
    CHECK(atom.real == 0.0);
    CHECK(ovsdb_atom_is_default(&atom, OVSDB_TYPE_REAL));

    ovsdb_atom_init_default(&atom, OVSDB_TYPE_BOOLEAN);
    CHECK(!atom.boolean);
    CHECK(ovsdb_atom_is_default(&atom, OVSDB_TYPE_BOOLEAN));

    ovsdb_atom_init_default(&atom, OVSDB_TYPE_STRING);
    CHECK_STREQ(atom.string, "");
    CHECK(atom.string != ovsdb_atom_default(OVSDB_TYPE_STRING)->string);
    CHECK(ovsdb_atom_is_default(&atom, OVSDB_TYPE_STRING));
    ovsdb_atom_destroy(&atom, OVSDB_TYPE_STRING);

    ovsdb_atom_init_default(&atom, OVSDB_TYPE_UUID);
    CHECK(uuid_is_zero(&atom.uuid));
    CHECK(ovsdb_atom_is_default(&atom, OVSDB_TYPE_UUID));

    atom.integer = 3;
    CHECK(!ovsdb_atom_is_default(&atom, OVSDB_TYPE_INTEGER));
    atom.boolean = true;
    CHECK(!ovsdb_atom_is_default(&atom, OVSDB_TYPE_BOOLEAN));
    uuid_generate(&atom.uuid);
    CHECK(!ovsdb_atom_is_default(&atom, OVSDB_TYPE_UUID));
    atom.string = (char *) "x";
    CHECK(!ovsdb_atom_is_default(&atom, OVSDB_TYPE_STRING));
}

OSW_TEST(atom_clone_swap)
{
    union ovsdb_atom a = { .string = xstrdup("hello") };
    union ovsdb_atom b;

    ovsdb_atom_clone(&b, &a, OVSDB_TYPE_STRING);
    CHECK(a.string != b.string);
    CHECK_STREQ(b.string, "hello");
    free(b.string);
    b.string = xstrdup("world");
    ovsdb_atom_swap(&a, &b);
    CHECK_STREQ(a.string, "world");
    CHECK_STREQ(b.string, "hello");
    ovsdb_atom_destroy(&a, OVSDB_TYPE_STRING);
    ovsdb_atom_destroy(&b, OVSDB_TYPE_STRING);

    union ovsdb_atom i = { .integer = 7 }, j;
    ovsdb_atom_clone(&j, &i, OVSDB_TYPE_INTEGER);
    CHECK_EQ(j.integer, 7);
    ovsdb_atom_destroy(&i, OVSDB_TYPE_INTEGER);     /* No-op. */
}

OSW_TEST(atom_compare_and_hash)
{
    union ovsdb_atom a, b;

    a.integer = -5;
    b.integer = 3;
    CHECK(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_INTEGER) < 0);
    CHECK(ovsdb_atom_compare_3way(&b, &a, OVSDB_TYPE_INTEGER) > 0);
    CHECK(!ovsdb_atom_equals(&a, &b, OVSDB_TYPE_INTEGER));
    a.integer = INT64_MIN;
    b.integer = INT64_MAX;
    CHECK(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_INTEGER) < 0);

    a.real = 0.0;
    b.real = -0.0;
    CHECK(ovsdb_atom_equals(&a, &b, OVSDB_TYPE_REAL));
    CHECK_EQ(ovsdb_atom_hash(&a, OVSDB_TYPE_REAL, 1),
             ovsdb_atom_hash(&b, OVSDB_TYPE_REAL, 1));
    b.real = 1e-300;
    CHECK(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_REAL) < 0);

    a.boolean = false;
    b.boolean = true;
    CHECK(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_BOOLEAN) < 0);
    CHECK(ovsdb_atom_compare_3way(&b, &b, OVSDB_TYPE_BOOLEAN) == 0);

    a.string = (char *) "abc";
    b.string = (char *) "abd";
    CHECK(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_STRING) < 0);
    b.string = (char *) "ab";
    CHECK(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_STRING) > 0);
    b.string = (char *) "abc";
    CHECK(ovsdb_atom_equals(&a, &b, OVSDB_TYPE_STRING));
    CHECK_EQ(ovsdb_atom_hash(&a, OVSDB_TYPE_STRING, 0),
             ovsdb_atom_hash(&b, OVSDB_TYPE_STRING, 0));

    CHECK(uuid_from_string(&a.uuid, U1));
    CHECK(uuid_from_string(&b.uuid, U2));
    CHECK(ovsdb_atom_compare_3way(&a, &b, OVSDB_TYPE_UUID) < 0);
    CHECK(ovsdb_atom_hash(&a, OVSDB_TYPE_UUID, 0)
          != ovsdb_atom_hash(&b, OVSDB_TYPE_UUID, 0));

    a.integer = 1;
    b.integer = 1;
    CHECK_EQ(ovsdb_atom_hash(&a, OVSDB_TYPE_INTEGER, 5),
             ovsdb_atom_hash(&b, OVSDB_TYPE_INTEGER, 5));
    CHECK(ovsdb_atom_hash(&a, OVSDB_TYPE_INTEGER, 5)
          != ovsdb_atom_hash(&a, OVSDB_TYPE_INTEGER, 6));
}

static void
check_atom_json(enum ovsdb_atomic_type type, const char *in,
                const char *out)
{
    struct ovsdb_base_type base;
    union ovsdb_atom atom;

    ovsdb_base_type_init(&base, type);
    json_t *json = test_json_parse(in);
    CHECK(!ovsdb_atom_from_json(&atom, &base, json, NULL));
    json_decref(json);

    json = ovsdb_atom_to_json(&atom, type);
    CHECK_JSON(json, out);
    json_decref(json);
    ovsdb_atom_destroy(&atom, type);
}

OSW_TEST(atom_json)
{
    check_atom_json(OVSDB_TYPE_INTEGER, "0", "0");
    check_atom_json(OVSDB_TYPE_INTEGER, "-9223372036854775808",
                    "-9223372036854775808");
    check_atom_json(OVSDB_TYPE_INTEGER, "9223372036854775807",
                    "9223372036854775807");
    check_atom_json(OVSDB_TYPE_REAL, "1.5", "1.5");
    check_atom_json(OVSDB_TYPE_REAL, "3", "3.0");     /* Integers are OK. */
    check_atom_json(OVSDB_TYPE_REAL, "-1e300", "-1e300");
    check_atom_json(OVSDB_TYPE_BOOLEAN, "true", "true");
    check_atom_json(OVSDB_TYPE_BOOLEAN, "false", "false");
    check_atom_json(OVSDB_TYPE_STRING, "\"\"", "\"\"");
    check_atom_json(OVSDB_TYPE_STRING, "\"h\\u00e9\\n\"", "\"h\\u00e9\\n\"");
    check_atom_json(OVSDB_TYPE_UUID, "[\"uuid\", \"" U1 "\"]",
                    "[\"uuid\", \"" U1 "\"]");
    /* Upper-case hex digits are accepted (ovsdb-server) and printed in
     * lower case. */
    check_atom_json(OVSDB_TYPE_UUID,
                    "[\"uuid\", \"2841188F-9C0F-4F24-B480-B4C7A0306A8D\"]",
                    "[\"uuid\", \"2841188f-9c0f-4f24-b480-b4c7a0306a8d\"]");
}

OSW_TEST(atom_json_errors)
{
    /* (ovsdb-server) */
    check_datum_error("\"integer\"", "1.5", "syntax error",
                      "expected integer", "1.5");
    check_datum_error("\"integer\"", "true", "syntax error",
                      "expected integer", "true");
    check_datum_error("\"integer\"", "\"1\"", "syntax error",
                      "expected integer", "\"1\"");
    check_datum_error("\"real\"", "\"x\"", "syntax error", "expected real",
                      "\"x\"");
    check_datum_error("\"boolean\"", "0", "syntax error",
                      "expected boolean", "0");
    check_datum_error("\"string\"", "null", "syntax error",
                      "expected string", "null");
    check_datum_error("\"string\"", "[\"x\"]", "syntax error",
                      "expected string", "[\"x\"]");
    check_datum_error("\"uuid\"", "[\"uuid\", \"zzz\"]", "syntax error",
                      "\"zzz\" is not a valid UUID", "[\"uuid\", \"zzz\"]");
    check_datum_error("\"uuid\"", "[\"uuid\", "
                      "\"00000000-0000-0000-0000-00000000000G\"]",
                      "syntax error",
                      "\"00000000-0000-0000-0000-00000000000G\" is not a "
                      "valid UUID", "[\"uuid\", "
                      "\"00000000-0000-0000-0000-00000000000G\"]");
    check_datum_error("\"uuid\"", "[\"uuid\"]", "syntax error",
                      "expected [\"uuid\", <string>]", "[\"uuid\"]");
    check_datum_error("\"uuid\"", "[\"uuid\", \"" U1 "\", 1]",
                      "syntax error", "expected [\"uuid\", <string>]",
                      "[\"uuid\", \"" U1 "\", 1]");
    check_datum_error("\"uuid\"", "[\"foo\", \"bar\"]", "syntax error",
                      "expected [\"uuid\", <string>]", "[\"foo\",\"bar\"]");
    check_datum_error("\"uuid\"", "[\"named-uuid\", 1]", "syntax error",
                      "expected [\"uuid\", <string>]",
                      "[\"named-uuid\", 1]");
    check_datum_error("\"uuid\"", "\"" U0 "\"", "syntax error",
                      "expected [\"uuid\", <string>]", "\"" U0 "\"");
    check_datum_error("\"uuid\"", "[\"named-uuid\", \"a-b\"]",
                      "syntax error", "named-uuid string is not a valid <id>",
                      "[\"named-uuid\", \"a-b\"]");
    check_datum_error("\"uuid\"", "[\"named-uuid\", \"\"]",
                      "syntax error", "named-uuid string is not a valid <id>",
                      "[\"named-uuid\", \"\"]");
    /* A set of integers given something that is not ["set", ...] parses it
     * as a single atom (ovsdb-server). */
    check_datum_error(T_INT_SET, "[\"uuid\", \"x\"]", "syntax error",
                      "expected integer", "[\"uuid\", \"x\"]");
    check_datum_error(T_INT_SET, "[]", "syntax error", "expected integer",
                      "[]");
}

OSW_TEST(atom_json_embedded_nul)
{
    struct ovsdb_base_type base = OVSDB_BASE_STRING_INIT;
    union ovsdb_atom atom;
    json_t *json = json_stringn("a\0b", 3);

    struct ovsdb_error *error = ovsdb_atom_from_json(&atom, &base, json,
                                                     NULL);
    CHECK_STREQ(error->details, "null bytes are not allowed in strings");
    ovsdb_error_destroy(error);
    json_decref(json);
}

OSW_TEST(atom_named_uuid)
{
    struct ovsdb_symbol_table *symtab = ovsdb_symbol_table_create();
    struct ovsdb_base_type strong, weak, plain = OVSDB_BASE_UUID_INIT;
    union ovsdb_atom a, b, c;
    json_t *json;

    json = test_json_parse("{\"type\": \"uuid\", \"refTable\": \"T\"}");
    CHECK(!ovsdb_base_type_from_json(&strong, json));
    json_decref(json);
    json = test_json_parse("{\"type\": \"uuid\", \"refTable\": \"T\", "
                      "\"refType\": \"weak\"}");
    CHECK(!ovsdb_base_type_from_json(&weak, json));
    json_decref(json);

    json = test_json_parse("[\"named-uuid\", \"row1\"]");
    CHECK(!ovsdb_atom_from_json(&a, &plain, json, symtab));
    struct ovsdb_symbol *symbol = ovsdb_symbol_table_get(symtab, "row1");
    CHECK(symbol != NULL);
    CHECK(uuid_equals(&a.uuid, &symbol->uuid));
    CHECK(symbol->used);
    CHECK(!symbol->created);
    CHECK(!symbol->strong_ref && !symbol->weak_ref);

    /* The same name gives the same uuid. */
    CHECK(!ovsdb_atom_from_json(&b, &strong, json, symtab));
    CHECK(uuid_equals(&a.uuid, &b.uuid));
    CHECK(symbol->strong_ref && !symbol->weak_ref);
    CHECK(!ovsdb_atom_from_json(&c, &weak, json, symtab));
    CHECK(symbol->weak_ref);
    CHECK_EQ(ovsdb_symbol_table_count(symtab), 1);
    CHECK_STREQ(ovsdb_symbol_table_find_uncreated(symtab), "row1");

    /* Without a symbol table "named-uuid" is refused. */
    struct ovsdb_error *error = ovsdb_atom_from_json(&a, &plain, json, NULL);
    CHECK_STREQ(error->details, "\"named-uuid\" is not allowed here");
    ovsdb_error_destroy(error);
    json_decref(json);

    ovsdb_base_type_destroy(&strong);
    ovsdb_base_type_destroy(&weak);
    ovsdb_symbol_table_destroy(symtab);
}

/* Constraints. */

static void
check_atom_constraint(const char *base_s, const char *atom_s,
                      const char *details)
{
    struct ovsdb_base_type base;
    union ovsdb_atom atom;
    json_t *json = test_json_parse(base_s);
    CHECK(!ovsdb_base_type_from_json(&base, json));
    json_decref(json);

    json = test_json_parse(atom_s);
    struct ovsdb_error *error = ovsdb_atom_from_json(&atom, &base, json,
                                                     NULL);
    json_decref(json);
    if (details) {
        CHECK(error != NULL);
        CHECK_STREQ(error->tag, "constraint violation");
        CHECK_STREQ(error->details, details);
        ovsdb_error_destroy(error);
    } else {
        CHECK(!error);
        CHECK(!ovsdb_atom_check_constraints(&atom, &base));
        ovsdb_atom_destroy(&atom, base.type);
    }
    ovsdb_base_type_destroy(&base);
}

OSW_TEST(atom_constraints_integer)
{
    const char *range = "{\"type\": \"integer\", \"minInteger\": 0, "
                        "\"maxInteger\": 10}";
    check_atom_constraint(range, "0", NULL);
    check_atom_constraint(range, "10", NULL);
    /* (ovsdb-server) */
    check_atom_constraint(range, "11", "11 is not in the valid range 0 to 10 "
                          "(inclusive)");
    check_atom_constraint(range, "-1", "-1 is not in the valid range 0 to 10 "
                          "(inclusive)");
    check_atom_constraint(range, "9223372036854775807",
                          "9223372036854775807 is not in the valid range 0 "
                          "to 10 (inclusive)");
    check_atom_constraint("{\"type\": \"integer\", \"minInteger\": 5}", "4",
                          "4 is less than minimum allowed value 5");
    check_atom_constraint("{\"type\": \"integer\", \"maxInteger\": 5}", "6",
                          "6 is greater than maximum allowed value 5");
    check_atom_constraint("{\"type\": \"integer\", \"maxInteger\": 5}",
                          "-9223372036854775808", NULL);
}

OSW_TEST(atom_constraints_real)
{
    check_atom_constraint("{\"type\": \"real\", \"minReal\": -1.5}", "-2",
                          "-2 is less than minimum allowed value -1.5");
    check_atom_constraint("{\"type\": \"real\", \"minReal\": -1.5}", "-2.25",
                          "-2.25 is less than minimum allowed value -1.5");
    check_atom_constraint("{\"type\": \"real\", \"minReal\": -1.5}", "-1.5",
                          NULL);
    check_atom_constraint("{\"type\": \"real\", \"maxReal\": 0.5}", "0.75",
                          "0.75 is greater than maximum allowed value 0.5");
    check_atom_constraint("{\"type\": \"real\", \"minReal\": 0, "
                          "\"maxReal\": 1}", "1.5",
                          "1.5 is not in the valid range 0 to 1 (inclusive)");
    check_atom_constraint("{\"type\": \"real\", \"minReal\": 0, "
                          "\"maxReal\": 1}", "1", NULL);
}

OSW_TEST(atom_constraints_string)
{
    const char *len = "{\"type\": \"string\", \"minLength\": 2, "
                      "\"maxLength\": 3}";
    check_atom_constraint(len, "\"ab\"", NULL);
    check_atom_constraint(len, "\"abc\"", NULL);
    /* (ovsdb-server) Lengths count characters, not bytes. */
    check_atom_constraint(len, "\"\\u00e4\\u00f6\\u00fc\"", NULL);
    check_atom_constraint(len, "\"a\"", "\"a\" length 1 is less than minimum "
                          "allowed length 2");
    check_atom_constraint(len, "\"abcd\"", "\"abcd\" length 4 is greater "
                          "than maximum allowed length 3");
    check_atom_constraint(len, "\"\"", "\"\" length 0 is less than minimum "
                          "allowed length 2");

    /* Strings that do not come from JSON may be invalid UTF-8. */
    struct ovsdb_base_type base = OVSDB_BASE_STRING_INIT;
    union ovsdb_atom atom = { .string = (char *) "ab\xff" };
    struct ovsdb_error *error = ovsdb_atom_check_constraints(&atom, &base);
    CHECK_STREQ(error->tag, "constraint violation");
    CHECK_STREQ(error->details, "string is not valid UTF-8 (bad byte 0xff at "
                "offset 2)");
    ovsdb_error_destroy(error);
}

OSW_TEST(atom_constraints_enum)
{
    const char *xy = "{\"type\": \"string\", \"enum\": [\"set\", [\"x\", "
                     "\"y\"]]}";
    check_atom_constraint(xy, "\"x\"", NULL);
    check_atom_constraint(xy, "\"y\"", NULL);
    /* (ovsdb-server) */
    check_atom_constraint(xy, "\"z\"", "z is not one of the allowed values "
                          "([x, y])");
    check_atom_constraint("{\"type\": \"string\", \"enum\": \"only\"}",
                          "\"\"", "\"\" is not one of the allowed values "
                          "([only])");
    check_atom_constraint("{\"type\": \"integer\", \"enum\": [\"set\", "
                          "[1, 3]]}", "2",
                          "2 is not one of the allowed values ([1, 3])");
    check_atom_constraint("{\"type\": \"integer\", \"enum\": [\"set\", "
                          "[1, 3]]}", "3", NULL);
    check_atom_constraint("{\"type\": \"boolean\", \"enum\": true}", "false",
                          "false is not one of the allowed values ([true])");
}

/* Datums from and to JSON. */

OSW_TEST(datum_json_scalars)
{
    check_datum("\"integer\"", "5", "5", "5");
    check_datum("\"real\"", "0.1", "0.1", "0.1");
    check_datum("\"real\"", "1e300", "1e300", "1e+300");
    check_datum("\"real\"", "123456789.123456789", "123456789.12345679",
                "123456789.12345679");
    check_datum("\"real\"", "3", "3.0", "3");
    check_datum("\"boolean\"", "false", "false", "false");
    check_datum("\"string\"", "\"br0\"", "\"br0\"", "br0");
    check_datum("\"uuid\"", "[\"uuid\", \"" U1 "\"]",
                "[\"uuid\", \"" U1 "\"]", U1);
    /* A scalar may be written as a one-element set. */
    check_datum("\"integer\"", "[\"set\", [7]]", "7", "7");
}

OSW_TEST(datum_json_sets)
{
    check_datum(T_INT_SET, "[\"set\", []]", "[\"set\", []]", "[]");
    check_datum(T_INT_SET, "5", "5", "[5]");
    check_datum(T_INT_SET, "[\"set\", [5]]", "5", "[5]");
    check_datum(T_INT_SET, "[\"set\", [3, -1, 2]]", "[\"set\", [-1, 2, 3]]",
                "[-1, 2, 3]");
    check_datum(T_STR_SET, "[\"set\", [\"b\", \"a\"]]",
                "[\"set\", [\"a\", \"b\"]]", "[a, b]");
    check_datum("{\"key\": \"string\", \"min\": 0}", "[\"set\", []]",
                "[\"set\", []]", "[]");
    check_datum("{\"key\": \"string\", \"min\": 0}", "\"ab\"", "\"ab\"",
                "ab");
    check_datum(T_UUID_SET, "[\"set\", [[\"uuid\", \"" U2 "\"], "
                "[\"uuid\", \"" U1 "\"]]]",
                "[\"set\", [[\"uuid\", \"" U1 "\"], [\"uuid\", \"" U2
                "\"]]]", "[" U1 ", " U2 "]");
    check_datum("{\"key\": \"boolean\", \"min\": 0, \"max\": 2}",
                "[\"set\", [true, false]]", "[\"set\", [false, true]]",
                "[false, true]");
    check_datum("{\"key\": \"real\", \"min\": 0, \"max\": 3}",
                "[\"set\", [2.5, 1, -0.5]]", "[\"set\", [-0.5, 1.0, 2.5]]",
                "[-0.5, 1, 2.5]");
}

OSW_TEST(datum_json_maps)
{
    check_datum(T_SMAP, "[\"map\", []]", "[\"map\", []]", "{}");
    /* A map always has the ["map", ...] form, even with one pair. */
    check_datum(T_SIMAP, "[\"map\", [[\"b\", 2], [\"a\", 1]]]",
                "[\"map\", [[\"a\", 1], [\"b\", 2]]]", "{a=1, b=2}");
    check_datum(T_SIMAP, "[\"map\", [[\"z\", 9]]]",
                "[\"map\", [[\"z\", 9]]]", "{z=9}");
    check_datum("{\"key\": \"integer\", \"value\": \"uuid\"}",
                "[\"map\", [[1, [\"uuid\", \"" U1 "\"]]]]",
                "[\"map\", [[1, [\"uuid\", \"" U1 "\"]]]]", "1=" U1);
}

OSW_TEST(datum_json_shape_errors)
{
    /* (ovsdb-server) */
    check_datum_error(T_SIMAP, "[\"set\", []]", "syntax error",
                      "expected [\"map\", <array>]", "[\"set\", []]");
    check_datum_error(T_SIMAP, "{\"a\": 1}", "syntax error",
                      "expected [\"map\", <array>]", "{\"a\": 1}");
    check_datum_error(T_SIMAP, "[\"map\", {\"a\": 1}]", "syntax error",
                      "expected [\"map\", <array>]", "[\"map\", {\"a\": 1}]");
    check_datum_error(T_SIMAP, "[\"map\"]", "syntax error",
                      "expected [\"map\", <array>]", "[\"map\"]");
    check_datum_error(T_SIMAP, "[\"map\", [[\"a\", 1]], 3]", "syntax error",
                      "expected [\"map\", <array>]",
                      "[\"map\", [[\"a\", 1]], 3]");
    check_datum_error(T_SIMAP, "[\"map\", [[\"a\"]]]", "syntax error",
                      "expected 2-element array", "[\"a\"]");
    check_datum_error(T_SIMAP, "[\"map\", [[\"a\", 1, 2]]]", "syntax error",
                      "expected 2-element array", "[\"a\", 1, 2]");
    check_datum_error(T_SIMAP, "[\"map\", [\"a\"]]", "syntax error",
                      "expected 2-element array", "\"a\"");
    check_datum_error(T_SIMAP, "[\"map\", [[1, 1]]]", "syntax error",
                      "expected string", "1");
    check_datum_error(T_SIMAP, "[\"map\", [[\"a\", \"b\"]]]",
                      "syntax error", "expected integer", "\"b\"");
    check_datum_error(T_INT_SET, "[\"set\", [1, \"x\"]]", "syntax error",
                      "expected integer", "\"x\"");
    check_datum_error(T_INT_SET, "[\"set\"]", "syntax error",
                      "expected [\"set\", <array>]", "[\"set\"]");
    check_datum_error(T_INT_SET, "[\"set\", {}]", "syntax error",
                      "expected [\"set\", <array>]", "[\"set\", {}]");
    check_datum_error(T_INT_SET, "[\"set\", 1]", "syntax error",
                      "expected [\"set\", <array>]", "[\"set\", 1]");
}

OSW_TEST(datum_json_size_errors)
{
    /* (ovsdb-server) */
    check_datum_error("{\"key\": {\"type\": \"uuid\", \"refTable\": \"B\"}, "
                      "\"min\": 0, \"max\": 2}",
                      "[\"set\", [[\"uuid\", \"" U0 "\"], [\"uuid\", \"" U1
                      "\"], [\"uuid\", \"" U2 "\"]]]", "syntax error",
                      "set must have 0 to 2 members but 3 are present",
                      "[\"set\", [[\"uuid\", \"" U0 "\"], [\"uuid\", \"" U1
                      "\"], [\"uuid\", \"" U2 "\"]]]");
    check_datum_error("\"integer\"", "[\"set\", []]", "syntax error",
                      "set must have exactly one member but 0 are present",
                      "[\"set\", []]");
    check_datum_error("\"integer\"", "[\"set\", [1, 2]]", "syntax error",
                      "set must have exactly one member but 2 are present",
                      "[\"set\", [1, 2]]");
    check_datum_error("{\"key\": \"string\", \"min\": 0}",
                      "[\"set\", [\"ab\", \"cd\"]]", "syntax error",
                      "set must have 0 to 1 members but 2 are present",
                      "[\"set\", [\"ab\", \"cd\"]]");
    check_datum_error("{\"key\": \"string\", \"max\": \"unlimited\"}",
                      "[\"set\", []]", "syntax error",
                      "set must have at least 1 member but 0 are present",
                      "[\"set\", []]");
    check_datum_error("{\"key\": \"string\", \"value\": \"string\"}",
                      "[\"map\", []]", "syntax error",
                      "map must have exactly one member but 0 are present",
                      "[\"map\", []]");
}

OSW_TEST(datum_json_duplicates)
{
    /* (ovsdb-server) Tag "ovsdb error", no "syntax". */
    check_datum_error(T_XY_SET, "[\"set\", [\"x\", \"x\"]]", "ovsdb error",
                      "set contains duplicate", NULL);
    check_datum_error(T_SIMAP, "[\"map\", [[\"a\", 1], [\"a\", 2]]]",
                      "ovsdb error", "map contains duplicate key", NULL);
    check_datum_error(T_SIMAP, "[\"map\", [[\"a\", 1], [\"b\", 0], "
                      "[\"a\", 1]]]", "ovsdb error",
                      "map contains duplicate key", NULL);
    check_datum_error(T_INT_SET, "[\"set\", [1, 2, 3, 2]]", "ovsdb error",
                      "set contains duplicate", NULL);
    check_datum_error("{\"key\": \"real\", \"min\": 0, \"max\": 2}",
                      "[\"set\", [0.0, -0.0]]", "ovsdb error",
                      "set contains duplicate", NULL);
}

OSW_TEST(datum_json_constraints)
{
    /* (ovsdb-server) Constraint violations are "constraint violation"s,
     * found while parsing. */
    check_datum_error(T_XY_SET, "[\"set\", [\"z\"]]", "constraint violation",
                      "z is not one of the allowed values ([x, y])", NULL);
    check_datum_error(T_XY_SET, "\"z\"", "constraint violation",
                      "z is not one of the allowed values ([x, y])", NULL);
    check_datum_error("{\"key\": {\"type\": \"integer\", \"minInteger\": 0, "
                      "\"maxInteger\": 10}}", "11", "constraint violation",
                      "11 is not in the valid range 0 to 10 (inclusive)",
                      NULL);
    /* Map values are checked too. */
    check_datum_error("{\"key\": \"string\", \"value\": {\"type\": "
                      "\"integer\", \"maxInteger\": 10}, \"min\": 0, "
                      "\"max\": \"unlimited\"}",
                      "[\"map\", [[\"a\", 1], [\"b\", 11]]]",
                      "constraint violation",
                      "11 is greater than maximum allowed value 10", NULL);
}

OSW_TEST(datum_json_relaxed)
{
    struct ovsdb_type *type = new_type(T_VLAN_OPT);
    struct ovsdb_datum datum;

    /* Out of range and too many: accepted. */
    json_t *json = test_json_parse("[\"set\", [5000, 1, 2]]");
    CHECK(!ovsdb_datum_from_json_relaxed(&datum, type, json, NULL));
    json_decref(json);
    CHECK_EQ(datum.n, 3);
    CHECK_EQ(datum.keys[0].integer, 1);
    CHECK_EQ(datum.keys[2].integer, 5000);
    ovsdb_datum_destroy(&datum, type);

    /* Still type-checked and duplicate-checked. */
    json = test_json_parse("[\"set\", [1, \"x\"]]");
    struct ovsdb_error *error = ovsdb_datum_from_json_relaxed(&datum, type,
                                                              json, NULL);
    CHECK_STREQ(error->details, "expected integer");
    ovsdb_error_destroy(error);
    json_decref(json);

    json = test_json_parse("[\"set\", [1, 1]]");
    error = ovsdb_datum_from_json_relaxed(&datum, type, json, NULL);
    CHECK_STREQ(error->details, "set contains duplicate");
    ovsdb_error_destroy(error);
    json_decref(json);
    free_type(type);

    /* A scalar map accepts an empty map when relaxed. */
    type = new_type("{\"key\": \"string\", \"value\": {\"type\": "
                    "\"string\", \"enum\": \"a\"}}");
    json = test_json_parse("[\"map\", []]");
    CHECK(!ovsdb_datum_from_json_relaxed(&datum, type, json, NULL));
    CHECK_EQ(datum.n, 0);
    ovsdb_datum_destroy(&datum, type);
    json_decref(json);
    json = test_json_parse("[\"map\", [[\"k\", \"b\"]]]");
    CHECK(!ovsdb_datum_from_json_relaxed(&datum, type, json, NULL));
    CHECK_STREQ(datum.values[0].string, "b");
    ovsdb_datum_destroy(&datum, type);
    json_decref(json);
    free_type(type);
}

/* Defaults and scalars. */

OSW_TEST(datum_defaults)
{
    static const char *types[] = {
        "\"integer\"", "\"real\"", "\"boolean\"", "\"string\"", "\"uuid\"",
        "{\"key\": \"string\", \"value\": \"integer\"}",
        "{\"key\": \"uuid\", \"value\": \"boolean\"}",
        T_INT_SET, T_SMAP, T_VLAN_OPT,
    };
    static const char *json_defaults[] = {
        "0", "0.0", "false", "\"\"", "[\"uuid\", \"" U0 "\"]",
        "[\"map\", [[\"\", 0]]]",
        "[\"map\", [[[\"uuid\", \"" U0 "\"], false]]]",
        "[\"set\", []]", "[\"map\", []]", "[\"set\", []]",
    };

    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        struct ovsdb_type *type = new_type(types[i]);
        struct ovsdb_datum datum;

        ovsdb_datum_init_default(&datum, type);
        CHECK(ovsdb_datum_is_default(&datum, type));
        CHECK(ovsdb_datum_equals(&datum, ovsdb_datum_default(type), type));
        CHECK_EQ(datum.n, type->n_min);

        json_t *json = ovsdb_datum_to_json(&datum, type);
        CHECK_JSON(json, json_defaults[i]);
        json_decref(json);

        json = ovsdb_datum_to_json(ovsdb_datum_default(type), type);
        CHECK_JSON(json, json_defaults[i]);
        json_decref(json);

        ovsdb_datum_destroy(&datum, type);
        free_type(type);
    }

    struct ovsdb_datum datum;
    ovsdb_datum_init_integer(&datum, 1);
    CHECK(!ovsdb_datum_is_default(&datum, &ovsdb_type_integer));
    ovsdb_datum_destroy(&datum, &ovsdb_type_integer);

    struct ovsdb_type *smap = new_type(T_SMAP);
    ovsdb_datum_init_string(&datum, "");
    CHECK(!ovsdb_datum_is_default(&datum, smap));   /* n != n_min. */
    ovsdb_datum_destroy(&datum, &ovsdb_type_string);
    free_type(smap);
}

OSW_TEST(datum_init_scalars)
{
    struct ovsdb_datum d;
    struct uuid uuid;

    ovsdb_datum_init_integer(&d, -42);
    CHECK_EQ(d.n, 1);
    CHECK_EQ(d.keys[0].integer, -42);
    CHECK(!d.values);
    CHECK(ovsdb_datum_conforms_to_type(&d, &ovsdb_type_integer));
    ovsdb_datum_destroy(&d, &ovsdb_type_integer);

    ovsdb_datum_init_real(&d, 2.5);
    CHECK(d.keys[0].real == 2.5);
    ovsdb_datum_destroy(&d, &ovsdb_type_real);

    ovsdb_datum_init_boolean(&d, true);
    CHECK(d.keys[0].boolean);
    ovsdb_datum_destroy(&d, &ovsdb_type_boolean);

    const char *s = "text";
    ovsdb_datum_init_string(&d, s);
    CHECK(d.keys[0].string != s);
    CHECK_STREQ(d.keys[0].string, "text");
    ovsdb_datum_destroy(&d, &ovsdb_type_string);

    uuid_generate(&uuid);
    ovsdb_datum_init_uuid(&d, &uuid);
    CHECK(uuid_equals(&d.keys[0].uuid, &uuid));
    ovsdb_datum_destroy(&d, &ovsdb_type_uuid);

    ovsdb_datum_init_empty(&d);
    CHECK_EQ(d.n, 0);
    CHECK(!d.keys && !d.values);
    ovsdb_datum_destroy(&d, &ovsdb_type_string);
}

/* Comparison and search. */

OSW_TEST(datum_clone_compare_hash)
{
    struct ovsdb_type *type = new_type(T_SMAP);
    struct ovsdb_datum a, b, c, d, e;

    parse_datum(&a, type, "[\"map\", [[\"a\", \"1\"], [\"b\", \"2\"]]]",
                NULL);
    ovsdb_datum_clone(&b, &a, type);
    CHECK(b.keys != a.keys && b.values != a.values);
    CHECK(b.keys[0].string != a.keys[0].string);
    CHECK(ovsdb_datum_equals(&a, &b, type));
    CHECK_EQ(ovsdb_datum_compare_3way(&a, &b, type), 0);
    CHECK_EQ(ovsdb_datum_hash(&a, type, 0), ovsdb_datum_hash(&b, type, 0));

    parse_datum(&c, type, "[\"map\", [[\"a\", \"1\"], [\"b\", \"3\"]]]",
                NULL);
    CHECK(!ovsdb_datum_equals(&a, &c, type));
    CHECK(ovsdb_datum_compare_3way(&a, &c, type) < 0);
    CHECK(ovsdb_datum_compare_3way(&c, &a, type) > 0);

    /* Fewer elements sort first, whatever they are. */
    parse_datum(&d, type, "[\"map\", [[\"z\", \"z\"]]]", NULL);
    CHECK(ovsdb_datum_compare_3way(&d, &a, type) < 0);

    parse_datum(&e, type, "[\"map\", [[\"a\", \"1\"], [\"c\", \"2\"]]]",
                NULL);
    CHECK(ovsdb_datum_compare_3way(&a, &e, type) < 0);

    ovsdb_datum_swap(&a, &d);
    CHECK_EQ(a.n, 1);
    CHECK_EQ(d.n, 2);

    ovsdb_datum_destroy(&a, type);
    ovsdb_datum_destroy(&b, type);
    ovsdb_datum_destroy(&c, type);
    ovsdb_datum_destroy(&d, type);
    ovsdb_datum_destroy(&e, type);

    struct ovsdb_datum empty, empty2;
    ovsdb_datum_init_empty(&empty);
    ovsdb_datum_clone(&empty2, &empty, type);
    CHECK(ovsdb_datum_equals(&empty, &empty2, type));
    ovsdb_datum_destroy(&empty2, type);
    free_type(type);
}

OSW_TEST(datum_find)
{
    struct ovsdb_type *type = new_type(T_SIMAP);
    struct ovsdb_datum d;
    union ovsdb_atom key, value;
    unsigned int idx;

    parse_datum(&d, type, "[\"map\", [[\"b\", 2], [\"d\", 4], [\"f\", 6]]]",
                NULL);

    key.string = (char *) "d";
    CHECK(ovsdb_datum_find_key(&d, &key, OVSDB_TYPE_STRING, &idx));
    CHECK_EQ(idx, 1);
    value.integer = 4;
    CHECK(ovsdb_datum_find_key_value(&d, &key, OVSDB_TYPE_STRING, &value,
                                     OVSDB_TYPE_INTEGER, &idx));
    CHECK_EQ(idx, 1);
    value.integer = 5;
    CHECK(!ovsdb_datum_find_key_value(&d, &key, OVSDB_TYPE_STRING, &value,
                                      OVSDB_TYPE_INTEGER, NULL));

    /* Misses report the insertion point. */
    key.string = (char *) "a";
    CHECK(!ovsdb_datum_find_key(&d, &key, OVSDB_TYPE_STRING, &idx));
    CHECK_EQ(idx, 0);
    key.string = (char *) "c";
    CHECK(!ovsdb_datum_find_key(&d, &key, OVSDB_TYPE_STRING, &idx));
    CHECK_EQ(idx, 1);
    key.string = (char *) "g";
    CHECK(!ovsdb_datum_find_key(&d, &key, OVSDB_TYPE_STRING, &idx));
    CHECK_EQ(idx, 3);
    key.string = (char *) "f";
    CHECK(ovsdb_datum_find_key(&d, &key, OVSDB_TYPE_STRING, NULL));

    ovsdb_datum_destroy(&d, type);
    free_type(type);
}

/* Set operations. */

/* Parses 'a' and 'b' (JSON, type 'type_s'), applies 'op' and checks the
 * result against JSON 'expected'. */
enum set_op { OP_UNION, OP_UNION_REPLACE, OP_DIFF, OP_APPLY_DIFF };

static void
check_set_op(const char *type_s, const char *a_s, enum set_op op,
             const char *b_s, const char *expected)
{
    struct ovsdb_type *type = new_type(type_s);
    struct ovsdb_datum a, b, result;

    parse_datum(&a, type, a_s, NULL);
    parse_datum(&b, type, b_s, NULL);
    switch (op) {
    case OP_UNION:
    case OP_UNION_REPLACE:
        ovsdb_datum_union(&a, &b, type, op == OP_UNION_REPLACE);
        ovsdb_datum_clone(&result, &a, type);
        break;
    case OP_DIFF:
        ovsdb_datum_diff(&result, &a, &b, type);
        break;
    case OP_APPLY_DIFF:
        CHECK(!ovsdb_datum_apply_diff(&result, &a, &b, type));
        break;
    }

    CHECK(ovsdb_datum_conforms_to_type(&result, type));
    json_t *json = ovsdb_datum_to_json(&result, type);
    CHECK_JSON(json, expected);
    json_decref(json);

    ovsdb_datum_destroy(&a, type);
    ovsdb_datum_destroy(&b, type);
    ovsdb_datum_destroy(&result, type);
    free_type(type);
}

OSW_TEST(datum_union)
{
    check_set_op(T_INT_SET, "[\"set\", [1, 3, 5]]", OP_UNION,
                 "[\"set\", [2, 3, 6]]", "[\"set\", [1, 2, 3, 5, 6]]");
    check_set_op(T_INT_SET, "[\"set\", []]", OP_UNION, "[\"set\", [2]]",
                 "2");
    check_set_op(T_INT_SET, "[\"set\", [2]]", OP_UNION, "[\"set\", []]",
                 "2");
    check_set_op(T_STR_SET, "[\"set\", [\"a\"]]", OP_UNION,
                 "[\"set\", [\"a\"]]", "\"a\"");
    /* RFC 7047 "insert" on a map: an existing key keeps its value. */
    check_set_op(T_SIMAP, "[\"map\", [[\"a\", 1], [\"b\", 2], [\"c\", 3]]]",
                 OP_UNION, "[\"map\", [[\"a\", 5], [\"d\", 4]]]",
                 "[\"map\", [[\"a\", 1], [\"b\", 2], [\"c\", 3], "
                 "[\"d\", 4]]]");
    check_set_op(T_SIMAP, "[\"map\", [[\"a\", 1], [\"b\", 2]]]",
                 OP_UNION_REPLACE, "[\"map\", [[\"a\", 5], [\"d\", 4]]]",
                 "[\"map\", [[\"a\", 5], [\"b\", 2], [\"d\", 4]]]");
    check_set_op(T_SMAP, "[\"map\", [[\"x\", \"1\"]]]", OP_UNION_REPLACE,
                 "[\"map\", [[\"x\", \"2\"]]]", "[\"map\", [[\"x\", \"2\"]]]");
}

static void
check_subtract(const char *a_type_s, const char *a_s, const char *b_type_s,
               const char *b_s, const char *expected)
{
    struct ovsdb_type *a_type = new_type(a_type_s);
    struct ovsdb_type *b_type = new_type(b_type_s);
    struct ovsdb_datum a, b;

    parse_datum(&a, a_type, a_s, NULL);
    parse_datum(&b, b_type, b_s, NULL);
    ovsdb_datum_subtract(&a, a_type, &b, b_type);
    CHECK(ovsdb_datum_conforms_to_type(&a, a_type));

    json_t *json = ovsdb_datum_to_json(&a, a_type);
    CHECK_JSON(json, expected);
    json_decref(json);

    ovsdb_datum_destroy(&a, a_type);
    ovsdb_datum_destroy(&b, b_type);
    free_type(a_type);
    free_type(b_type);
}

OSW_TEST(datum_subtract)
{
    check_subtract(T_INT_SET, "[\"set\", [1, 2, 3, 4]]",
                   T_INT_SET, "[\"set\", [2, 4, 7]]", "[\"set\", [1, 3]]");
    check_subtract(T_INT_SET, "[\"set\", [1, 2]]",
                   T_INT_SET, "[\"set\", []]", "[\"set\", [1, 2]]");
    check_subtract(T_INT_SET, "[\"set\", [1, 2]]",
                   T_INT_SET, "[\"set\", [1, 2]]", "[\"set\", []]");
    check_subtract(T_STR_SET, "[\"set\", []]",
                   T_STR_SET, "[\"set\", [\"a\"]]", "[\"set\", []]");
    /* RFC 7047 "delete" on a map, by pairs: only matching values go. */
    check_subtract(T_SIMAP, "[\"map\", [[\"a\", 1], [\"b\", 2], [\"c\", 3], "
                   "[\"d\", 4]]]",
                   T_SIMAP, "[\"map\", [[\"a\", 5], [\"b\", 2]]]",
                   "[\"map\", [[\"a\", 1], [\"c\", 3], [\"d\", 4]]]");
    /* ... and by keys: whatever the values. */
    check_subtract(T_SIMAP, "[\"map\", [[\"a\", 1], [\"c\", 3], "
                   "[\"d\", 4]]]",
                   T_STR_SET, "[\"set\", [\"a\", \"zz\"]]",
                   "[\"map\", [[\"c\", 3], [\"d\", 4]]]");
    check_subtract(T_SMAP, "[\"map\", [[\"k\", \"v\"]]]",
                   T_STR_SET, "\"k\"", "[\"map\", []]");
}

static bool
includes(const char *type_s, const char *a_s, const char *b_s,
         bool *excludes)
{
    struct ovsdb_type *type = new_type(type_s);
    struct ovsdb_datum a, b;

    parse_datum(&a, type, a_s, NULL);
    parse_datum(&b, type, b_s, NULL);
    bool result = ovsdb_datum_includes_all(&a, &b, type);
    *excludes = ovsdb_datum_excludes_all(&a, &b, type);
    ovsdb_datum_destroy(&a, type);
    ovsdb_datum_destroy(&b, type);
    free_type(type);
    return result;
}

OSW_TEST(datum_includes_excludes)
{
    bool ex;

    CHECK(includes(T_INT_SET, "[\"set\", [1, 3]]", "[\"set\", [1, 2, 3]]",
                   &ex));
    CHECK(!ex);
    CHECK(!includes(T_INT_SET, "[\"set\", [1, 4]]", "[\"set\", [1, 2, 3]]",
                    &ex));
    CHECK(!ex);
    CHECK(!includes(T_INT_SET, "[\"set\", [4, 5]]", "[\"set\", [1, 2, 3]]",
                    &ex));
    CHECK(ex);
    /* The empty set is included in, and excluded from, anything. */
    CHECK(includes(T_INT_SET, "[\"set\", []]", "[\"set\", [1]]", &ex));
    CHECK(ex);
    CHECK(includes(T_INT_SET, "[\"set\", []]", "[\"set\", []]", &ex));
    CHECK(ex);
    /* For maps, pairs count, not keys. */
    CHECK(includes(T_SIMAP, "[\"map\", [[\"a\", 1]]]",
                   "[\"map\", [[\"a\", 1], [\"b\", 2]]]", &ex));
    CHECK(!ex);
    CHECK(!includes(T_SIMAP, "[\"map\", [[\"a\", 2]]]",
                    "[\"map\", [[\"a\", 1], [\"b\", 2]]]", &ex));
    CHECK(ex);
}

OSW_TEST(datum_diff)
{
    /* Sets: symmetric difference. */
    check_set_op(T_INT_SET, "[\"set\", [1, 2, 3]]", OP_DIFF,
                 "[\"set\", [2, 3, 4]]", "[\"set\", [1, 4]]");
    check_set_op(T_INT_SET, "[\"set\", [1]]", OP_DIFF, "[\"set\", [1]]",
                 "[\"set\", []]");
    check_set_op(T_INT_SET, "[\"set\", [1, 2, 3]]", OP_APPLY_DIFF,
                 "[\"set\", [1, 4]]", "[\"set\", [2, 3, 4]]");
    /* Maps: removed pairs with their old values, added and changed pairs
     * with their new values. */
    check_set_op(T_SIMAP, "[\"map\", [[\"a\", 1], [\"b\", 2], [\"c\", 3]]]",
                 OP_DIFF, "[\"map\", [[\"b\", 2], [\"c\", 30], [\"d\", 4]]]",
                 "[\"map\", [[\"a\", 1], [\"c\", 30], [\"d\", 4]]]");
    check_set_op(T_SIMAP, "[\"map\", [[\"a\", 1], [\"b\", 2], [\"c\", 3]]]",
                 OP_APPLY_DIFF,
                 "[\"map\", [[\"a\", 1], [\"c\", 30], [\"d\", 4]]]",
                 "[\"map\", [[\"b\", 2], [\"c\", 30], [\"d\", 4]]]");
}

OSW_TEST(datum_diff_round_trip)
{
    struct ovsdb_type *type = new_type(T_SIMAP);
    const char *values[] = {
        "[\"map\", []]",
        "[\"map\", [[\"a\", 1]]]",
        "[\"map\", [[\"a\", 2]]]",
        "[\"map\", [[\"a\", 1], [\"b\", 2]]]",
        "[\"map\", [[\"b\", 2], [\"c\", 3], [\"d\", 4]]]",
        "[\"map\", [[\"a\", 9], [\"d\", 4], [\"e\", 5]]]",
    };

    for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
        for (size_t j = 0; j < ARRAY_SIZE(values); j++) {
            struct ovsdb_datum old, new, diff, applied;

            parse_datum(&old, type, values[i], NULL);
            parse_datum(&new, type, values[j], NULL);
            ovsdb_datum_diff(&diff, &old, &new, type);
            CHECK(ovsdb_datum_conforms_to_type(&diff, type));
            CHECK_EQ(diff.n == 0, i == j);
            CHECK(!ovsdb_datum_apply_diff(&applied, &old, &diff, type));
            CHECK(ovsdb_datum_equals(&applied, &new, type));

            ovsdb_datum_destroy(&old, type);
            ovsdb_datum_destroy(&new, type);
            ovsdb_datum_destroy(&diff, type);
            ovsdb_datum_destroy(&applied, type);
        }
    }
    free_type(type);
}

OSW_TEST(datum_apply_diff_size_error)
{
    struct ovsdb_type *type = new_type(T_VLAN_OPT);
    struct ovsdb_type *relaxed = new_type(T_INT_SET);
    struct ovsdb_datum old, diff, new;

    parse_datum(&old, type, "5", NULL);
    parse_datum(&diff, relaxed, "6", NULL);
    struct ovsdb_error *error = ovsdb_datum_apply_diff(&new, &old, &diff,
                                                       type);
    CHECK_STREQ(error->tag, "constraint violation");
    CHECK_STREQ(error->details, "2 element(s) are more than the maximum of 1 "
                "for a set of up to 1 integers");
    CHECK_EQ(new.n, 0);
    ovsdb_error_destroy(error);
    ovsdb_datum_destroy(&new, type);

    ovsdb_datum_destroy(&old, type);
    ovsdb_datum_destroy(&diff, relaxed);
    free_type(type);
    free_type(relaxed);
}

/* Building datums. */

OSW_TEST(datum_add_remove)
{
    struct ovsdb_type *type = new_type(T_SMAP);
    struct ovsdb_datum d;
    union ovsdb_atom k, v;

    ovsdb_datum_init_empty(&d);
    k.string = (char *) "m";
    v.string = (char *) "1";
    CHECK(ovsdb_datum_add(&d, &k, &v, type));
    k.string = (char *) "a";
    v.string = (char *) "2";
    CHECK(ovsdb_datum_add(&d, &k, &v, type));
    k.string = (char *) "z";
    v.string = (char *) "3";
    CHECK(ovsdb_datum_add(&d, &k, &v, type));
    k.string = (char *) "m";
    v.string = (char *) "4";
    CHECK(!ovsdb_datum_add(&d, &k, &v, type));     /* Already there. */
    CHECK(ovsdb_datum_conforms_to_type(&d, type));
    CHECK_DATUM_STRING(&d, type, "{a=\"2\", m=\"1\", z=\"3\"}");

    ovsdb_datum_remove(&d, 1, type);
    CHECK_DATUM_STRING(&d, type, "{a=\"2\", z=\"3\"}");
    ovsdb_datum_remove(&d, 1, type);
    ovsdb_datum_remove(&d, 0, type);
    CHECK_EQ(d.n, 0);
    CHECK_DATUM_STRING(&d, type, "{}");
    ovsdb_datum_destroy(&d, type);
    free_type(type);
}

OSW_TEST(datum_sort)
{
    struct ovsdb_type *type = new_type(T_SMAP);
    struct ovsdb_datum d;
    union ovsdb_atom k, v;
    static const char *pairs[][2] = {
        { "c", "first c" }, { "a", "first a" }, { "b", "b" },
        { "a", "second a" }, { "c", "second c" }, { "a", "third a" },
    };

    ovsdb_datum_init_empty(&d);
    for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
        k.string = (char *) pairs[i][0];
        v.string = (char *) pairs[i][1];
        ovsdb_datum_add_unsafe(&d, &k, &v, type);
    }
    CHECK_EQ(d.n, 6);

    struct ovsdb_datum copy;
    ovsdb_datum_clone(&copy, &d, type);
    struct ovsdb_error *error = ovsdb_datum_sort(&copy, type);
    CHECK_STREQ(error->tag, "ovsdb error");
    CHECK_STREQ(error->details, "map contains duplicate key");
    ovsdb_error_destroy(error);
    ovsdb_datum_destroy(&copy, type);

    /* sort_unique() keeps the first value added for each key. */
    ovsdb_datum_sort_unique(&d, type);
    CHECK(ovsdb_datum_conforms_to_type(&d, type));
    CHECK_DATUM_STRING(&d, type,
                       "{a=\"first a\", b=b, c=\"first c\"}");
    ovsdb_datum_destroy(&d, type);
    free_type(type);

    /* Sorting a sorted unique datum succeeds and changes nothing. */
    type = new_type(T_INT_SET);
    parse_datum(&d, type, "[\"set\", [1, 2, 3]]", NULL);
    CHECK(!ovsdb_datum_sort(&d, type));
    CHECK_DATUM_STRING(&d, type, "[1, 2, 3]");
    ovsdb_datum_destroy(&d, type);

    /* A big reverse-ordered set. */
    ovsdb_datum_init_empty(&d);
    for (int i = 1000; i > 0; i--) {
        union ovsdb_atom atom = { .integer = i % 500 };
        ovsdb_datum_add_unsafe(&d, &atom, NULL, type);
    }
    error = ovsdb_datum_sort(&d, type);
    CHECK_STREQ(error->details, "set contains duplicate");
    ovsdb_error_destroy(error);
    ovsdb_datum_sort_unique(&d, type);
    CHECK_EQ(d.n, 500);
    CHECK(ovsdb_datum_conforms_to_type(&d, type));
    CHECK_EQ(d.keys[0].integer, 0);
    CHECK_EQ(d.keys[499].integer, 499);
    ovsdb_datum_destroy(&d, type);
    free_type(type);
}

OSW_TEST(datum_check_size_constraints_conforms)
{
    struct ovsdb_type *type = new_type(T_VLAN_SET);
    struct ovsdb_datum d;
    union ovsdb_atom atom;

    ovsdb_datum_init_empty(&d);
    CHECK(!ovsdb_datum_check_size(&d, type));
    CHECK(ovsdb_datum_conforms_to_type(&d, type));

    atom.integer = 5000;
    ovsdb_datum_add(&d, &atom, NULL, type);
    struct ovsdb_error *error = ovsdb_datum_check_constraints(&d, type);
    CHECK_STREQ(error->tag, "constraint violation");
    CHECK_STREQ(error->details, "5000 is not in the valid range 0 to 4095 "
                "(inclusive)");
    ovsdb_error_destroy(error);
    CHECK(!ovsdb_datum_conforms_to_type(&d, type));
    ovsdb_datum_destroy(&d, type);

    /* 4097 elements are one too many. */
    struct ovsdb_type *relaxed = new_type(T_INT_SET);
    ovsdb_datum_init_empty(&d);
    for (int i = 0; i <= 4096; i++) {
        atom.integer = i % 4096;
        ovsdb_datum_add_unsafe(&d, &atom, NULL, relaxed);
    }
    ovsdb_datum_sort_unique(&d, relaxed);
    CHECK_EQ(d.n, 4096);
    CHECK(!ovsdb_datum_check_size(&d, type));
    atom.integer = -1;
    CHECK(ovsdb_datum_add(&d, &atom, NULL, relaxed));
    error = ovsdb_datum_check_size(&d, type);
    CHECK_STREQ(error->tag, "constraint violation");
    CHECK_STREQ(error->details, "4097 element(s) are more than the maximum "
                "of 4096 for a set of up to 4096 integers");
    ovsdb_error_destroy(error);
    ovsdb_datum_destroy(&d, relaxed);
    free_type(relaxed);
    free_type(type);

    /* Too few. */
    ovsdb_datum_init_empty(&d);
    error = ovsdb_datum_check_size(&d, &ovsdb_type_string);
    CHECK_STREQ(error->details, "0 element(s) are fewer than the minimum of "
                "1 for a string");
    ovsdb_error_destroy(error);
    CHECK(!ovsdb_datum_conforms_to_type(&d, &ovsdb_type_string));

    /* Unsorted and duplicate keys do not conform; nor do values on a set. */
    type = new_type(T_INT_SET);
    atom.integer = 2;
    ovsdb_datum_add_unsafe(&d, &atom, NULL, type);
    atom.integer = 1;
    ovsdb_datum_add_unsafe(&d, &atom, NULL, type);
    CHECK(!ovsdb_datum_conforms_to_type(&d, type));
    ovsdb_datum_remove(&d, 0, type);
    CHECK(ovsdb_datum_conforms_to_type(&d, type));
    ovsdb_datum_add_unsafe(&d, &atom, NULL, type);
    CHECK(!ovsdb_datum_conforms_to_type(&d, type));
    ovsdb_datum_destroy(&d, type);
    free_type(type);
}

/* Text syntax. */

static void
check_atom_text(enum ovsdb_atomic_type type, const union ovsdb_atom *atom,
                const char *text, const char *bare)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    ovsdb_atom_to_string(atom, type, &ds);
    CHECK_STREQ(ds_cstr(&ds), text);
    ds_clear(&ds);
    ovsdb_atom_to_bare(atom, type, &ds);
    CHECK_STREQ(ds_cstr(&ds), bare);
    ds_destroy(&ds);

    /* The text reads back as the same atom. */
    struct ovsdb_base_type base;
    union ovsdb_atom atom2;
    ovsdb_base_type_init(&base, type);
    char *error = ovsdb_atom_from_string(&atom2, NULL, &base, text, NULL);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", text, error);
    }
    CHECK(ovsdb_atom_equals(atom, &atom2, type));
    ovsdb_atom_destroy(&atom2, type);
}

static void
check_string_atom_text(const char *s, const char *text)
{
    union ovsdb_atom atom = { .string = (char *) s };
    check_atom_text(OVSDB_TYPE_STRING, &atom, text, s);
}

OSW_TEST(atom_to_string)
{
    union ovsdb_atom atom;

    atom.integer = -17;
    check_atom_text(OVSDB_TYPE_INTEGER, &atom, "-17", "-17");
    atom.real = 0.25;
    check_atom_text(OVSDB_TYPE_REAL, &atom, "0.25", "0.25");
    atom.real = -3;
    check_atom_text(OVSDB_TYPE_REAL, &atom, "-3", "-3");
    atom.boolean = true;
    check_atom_text(OVSDB_TYPE_BOOLEAN, &atom, "true", "true");
    atom.boolean = false;
    check_atom_text(OVSDB_TYPE_BOOLEAN, &atom, "false", "false");
    CHECK(uuid_from_string(&atom.uuid, U1));
    check_atom_text(OVSDB_TYPE_UUID, &atom, U1, U1);

    /* (ovs-vsctl) Quotes only where needed. */
    check_string_atom_text("br0", "br0");
    check_string_atom_text("foo.bar-baz_1", "foo.bar-baz_1");
    check_string_atom_text("_x", "_x");
    check_string_atom_text("a1", "a1");
    check_string_atom_text("1", "\"1\"");
    check_string_atom_text("1abc", "\"1abc\"");
    check_string_atom_text(".x", "\".x\"");
    check_string_atom_text("-x", "\"-x\"");
    check_string_atom_text("", "\"\"");
    check_string_atom_text("x y", "\"x y\"");
    check_string_atom_text("a:b", "\"a:b\"");
    check_string_atom_text("true", "\"true\"");
    check_string_atom_text("false", "\"false\"");
    check_string_atom_text("True", "True");
    check_string_atom_text(U0, "\"" U0 "\"");
    check_string_atom_text("\xc3\xa4", "\"\xc3\xa4\"");
    check_string_atom_text("a\"b\\c\n\xc3\xa4", "\"a\\\"b\\\\c\\n\xc3\xa4\"");
    check_string_atom_text("\b\f\r\t\x01/", "\"\\b\\f\\r\\t\\u0001/\"");
    check_string_atom_text("@x", "\"@x\"");
}

/* (fuzz-ctl) A real prints with 15 digits where they read back exactly,
 * and with up to 17 where they do not, so that "get" then "set" keeps the
 * value; with 15 digits DBL_MAX printed as a number too big to read. */
OSW_TEST(atom_to_string_real_reads_back)
{
    union ovsdb_atom atom;

    atom.real = 0.1;
    check_atom_text(OVSDB_TYPE_REAL, &atom, "0.1", "0.1");
    atom.real = 1e300;
    check_atom_text(OVSDB_TYPE_REAL, &atom, "1e+300", "1e+300");
    atom.real = -0.0;
    check_atom_text(OVSDB_TYPE_REAL, &atom, "-0", "-0");
    atom.real = 0.1 + 0.2;
    check_atom_text(OVSDB_TYPE_REAL, &atom, "0.30000000000000004",
                    "0.30000000000000004");
    atom.real = 1.0 / 3;
    check_atom_text(OVSDB_TYPE_REAL, &atom, "0.3333333333333333",
                    "0.3333333333333333");
    atom.real = DBL_MAX;
    check_atom_text(OVSDB_TYPE_REAL, &atom, "1.7976931348623157e+308",
                    "1.7976931348623157e+308");
    atom.real = -DBL_MAX;
    check_atom_text(OVSDB_TYPE_REAL, &atom, "-1.7976931348623157e+308",
                    "-1.7976931348623157e+308");
    atom.real = DBL_MIN;
    check_atom_text(OVSDB_TYPE_REAL, &atom, "2.2250738585072014e-308",
                    "2.2250738585072014e-308");

    check_string("{\"key\": \"real\", \"min\": 0, \"max\": 3}",
                 "[0.1, 1.7976931348623157e308, 0.30000000000000004]",
                 "[0.1, 0.30000000000000004, 1.7976931348623157e+308]");
}

OSW_TEST(atom_from_string_types)
{
    struct ovsdb_base_type base;
    union ovsdb_atom atom;
    char *error;

    ovsdb_base_type_init(&base, OVSDB_TYPE_INTEGER);
    CHECK(!ovsdb_atom_from_string(&atom, NULL, &base, "+5", NULL));
    CHECK_EQ(atom.integer, 5);
    CHECK(!ovsdb_atom_from_string(&atom, NULL, &base, "-9223372036854775808",
                                  NULL));
    CHECK_EQ(atom.integer, INT64_MIN);
    error = ovsdb_atom_from_string(&atom, NULL, &base, "0x10", NULL);
    CHECK_STREQ(error, "\"0x10\" is not a valid integer");
    free(error);
    error = ovsdb_atom_from_string(&atom, NULL, &base,
                                   "9223372036854775808", NULL);
    CHECK_STREQ(error, "\"9223372036854775808\" is not a valid integer");
    free(error);
    error = ovsdb_atom_from_string(&atom, NULL, &base, "1-2", NULL);
    CHECK_STREQ(error, "\"1-2\" is not a valid integer");
    free(error);
    error = ovsdb_atom_from_string(&atom, NULL, &base, "", NULL);
    CHECK_STREQ(error, "\"\" is not a valid integer");
    free(error);

    ovsdb_base_type_init(&base, OVSDB_TYPE_REAL);
    CHECK(!ovsdb_atom_from_string(&atom, NULL, &base, "1.5e3", NULL));
    CHECK(atom.real == 1500.0);
    error = ovsdb_atom_from_string(&atom, NULL, &base, "x", NULL);
    CHECK_STREQ(error, "\"x\" is not a valid real number");
    free(error);
    error = ovsdb_atom_from_string(&atom, NULL, &base, "inf", NULL);
    CHECK_STREQ(error, "\"inf\" is not a valid real number");
    free(error);
    error = ovsdb_atom_from_string(&atom, NULL, &base, "nan", NULL);
    CHECK_STREQ(error, "\"nan\" is not a valid real number");
    free(error);

    /* (ovs-vsctl) */
    ovsdb_base_type_init(&base, OVSDB_TYPE_BOOLEAN);
    static const char *trues[] = { "true", "yes", "on", "1" };
    static const char *falses[] = { "false", "no", "off", "0" };
    for (size_t i = 0; i < ARRAY_SIZE(trues); i++) {
        CHECK(!ovsdb_atom_from_string(&atom, NULL, &base, trues[i], NULL));
        CHECK(atom.boolean);
        CHECK(!ovsdb_atom_from_string(&atom, NULL, &base, falses[i], NULL));
        CHECK(!atom.boolean);
    }
    error = ovsdb_atom_from_string(&atom, NULL, &base, "True", NULL);
    CHECK_STREQ(error, "\"True\" is not a valid boolean (use \"true\" or "
                "\"false\")");
    free(error);

    ovsdb_base_type_init(&base, OVSDB_TYPE_UUID);
    error = ovsdb_atom_from_string(&atom, NULL, &base, "x", NULL);
    CHECK_STREQ(error, "\"x\" is not a valid UUID");
    free(error);
    error = ovsdb_atom_from_string(&atom, NULL, &base, "@x", NULL);
    CHECK_STREQ(error, "\"@x\": row names (\"@name\") are not allowed here");
    free(error);

    ovsdb_base_type_init(&base, OVSDB_TYPE_STRING);
    error = ovsdb_atom_from_string(&atom, NULL, &base, "", NULL);
    CHECK_STREQ(error, "An empty string is not valid as input; use \"\" to "
                "represent the empty string");
    free(error);
    CHECK(!ovsdb_atom_from_string(&atom, NULL, &base, "\"\"", NULL));
    CHECK_STREQ(atom.string, "");
    ovsdb_atom_destroy(&atom, OVSDB_TYPE_STRING);
    CHECK(!ovsdb_atom_from_string(&atom, NULL, &base, "a\"b", NULL));
    CHECK_STREQ(atom.string, "a\"b");
    ovsdb_atom_destroy(&atom, OVSDB_TYPE_STRING);
    CHECK(!ovsdb_atom_from_string(&atom, NULL, &base,
                                  "\"\\ud83d\\ude00\\u00e4\\u20ac\\/\\\"\"",
                                  NULL));
    CHECK_STREQ(atom.string, "\xf0\x9f\x98\x80\xc3\xa4\xe2\x82\xac/\"");
    ovsdb_atom_destroy(&atom, OVSDB_TYPE_STRING);

    /* Invalid UTF-8 from a command line is a constraint violation. */
    error = ovsdb_atom_from_string(&atom, NULL, &base, "a\xff", NULL);
    CHECK_STREQ(error, "constraint violation: string is not valid UTF-8 "
                "(bad byte 0xff at offset 1)");
    free(error);

    /* Constraints are checked. */
    struct ovsdb_type *type = new_type(T_VLAN_OPT);
    error = ovsdb_atom_from_string(&atom, NULL, &type->key, "4096", NULL);
    CHECK_STREQ(error, "constraint violation: 4096 is not in the valid range "
                "0 to 4095 (inclusive)");
    free(error);
    free_type(type);
}

OSW_TEST(atom_from_string_quoted_errors)
{
    struct ovsdb_base_type base = OVSDB_BASE_STRING_INIT;
    struct {
        const char *in, *error;
    } cases[] = {
        { "\"b", "\"b: missing quote at end of quoted string" },
        { "\"", "\": missing quote at end of quoted string" },
        { "\"b\"c", "\"b\"c: missing quote at end of quoted string" },
        { "\"x\\,y\"", "\"x\\,y\": bad escape \\," },
        { "\"\\u0000\"", "\"\\u0000\": null bytes not supported in quoted "
          "strings" },
        { "\"\\ud800\"", "\"\\ud800\": malformed escaped surrogate pair" },
        { "\"\\udc00\"", "\"\\udc00\": malformed escaped surrogate pair" },
        { "\"\\ud800\\u0041\"", "\"\\ud800\\u0041\": malformed escaped "
          "surrogate pair" },
        { "\"\\u12\"", "\"\\u12\": malformed \\u escape" },
        { "\"\\u12g4\"", "\"\\u12g4\": malformed \\u escape" },
        { "\"a\\\"", "\"a\\\": backslash at end of quoted string" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        union ovsdb_atom atom;
        char *error = ovsdb_atom_from_string(&atom, NULL, &base,
                                             cases[i].in, NULL);
        if (!error) {
            osw_test_fail(__FILE__, __LINE__, "%s: parsed", cases[i].in);
        }
        CHECK_STREQ(error, cases[i].error);
        free(error);
    }
}

OSW_TEST(atom_from_string_ranges)
{
    struct ovsdb_base_type base = OVSDB_BASE_INTEGER_INIT;
    union ovsdb_atom atom;
    int64_t end;
    char *error;

    CHECK(!ovsdb_atom_from_string(&atom, &end, &base, "7", NULL));
    CHECK_EQ(atom.integer, 7);
    CHECK_EQ(end, 7);
    CHECK(!ovsdb_atom_from_string(&atom, &end, &base, "-3-4", NULL));
    CHECK_EQ(atom.integer, -3);
    CHECK_EQ(end, 4);
    CHECK(!ovsdb_atom_from_string(&atom, &end, &base, "-5--2", NULL));
    CHECK_EQ(atom.integer, -5);
    CHECK_EQ(end, -2);

    /* (ovs-vsctl) */
    error = ovsdb_atom_from_string(&atom, &end, &base, "3-1", NULL);
    CHECK_STREQ(error, "\"3-1\" is not a valid range. Range end cannot be "
                "before start.");
    free(error);
    error = ovsdb_atom_from_string(&atom, &end, &base, "x", NULL);
    CHECK_STREQ(error, "\"x\" is not a valid integer or range");
    free(error);
    error = ovsdb_atom_from_string(&atom, &end, &base, "1-", NULL);
    CHECK_STREQ(error, "\"1-\" is not a valid integer or range");
    free(error);
    error = ovsdb_atom_from_string(&atom, &end, &base, "1-2-3", NULL);
    CHECK_STREQ(error, "\"1-2-3\" is not a valid integer or range");
    free(error);

    CHECK(!ovsdb_atom_from_string(&atom, &end, &base, "1-4096", NULL));
    error = ovsdb_atom_from_string(&atom, &end, &base, "1-4097", NULL);
    CHECK_STREQ(error, "range 1-4097 is too big: a range may contain at most "
                "4096 integers");
    free(error);
    error = ovsdb_atom_from_string(&atom, &end, &base,
                                   "-9223372036854775808-"
                                   "9223372036854775807", NULL);
    CHECK(strstr(error, "is too big"));
    free(error);

    /* Both ends are checked against constraints. */
    struct ovsdb_type *type = new_type(T_VLAN_SET);
    error = ovsdb_atom_from_string(&atom, &end, &type->key, "1-5000", NULL);
    CHECK_STREQ(error, "constraint violation: 5000 is not in the valid range "
                "0 to 4095 (inclusive)");
    free(error);
    free_type(type);
}

OSW_TEST(datum_to_string_forms)
{
    check_string("\"integer\"", "5", "5");
    check_string("\"string\"", "\"\"", "\"\"");
    check_string("\"string\"", "[x]", "x");
    check_string("\"boolean\"", "[true]", "true");
    check_string(T_VLAN_OPT, "[]", "[]");
    check_string(T_VLAN_OPT, "[5]", "5");
    check_string(T_VLAN_OPT, "5", "5");
    check_string(T_VLAN_SET, "5", "[5]");
    check_string(T_SMAP, "{}", "{}");
    check_string("{\"key\": \"string\", \"value\": \"integer\", \"min\": 0, "
                 "\"max\": 1}", "a=1", "a=1");
    check_string("{\"key\": \"string\", \"value\": \"integer\", \"min\": 0, "
                 "\"max\": 1}", "{}", "{}");
    check_string(T_UUID_SET, U2 " " U1, "[" U1 ", " U2 "]");
    check_string("{\"key\": \"real\", \"min\": 0, \"max\": 3}",
                 "[2.5, -1, 1e300]", "[-1, 2.5, 1e+300]");
}

OSW_TEST(datum_to_bare)
{
    struct ovsdb_type *type = new_type(T_SMAP);
    struct ovsdb_datum d;
    struct ds ds = DS_EMPTY_INITIALIZER;

    CHECK(!ovsdb_datum_from_string(&d, type, "{a=1, b=\"x y\", c=\"\", "
                                   "d=\"q\\\"\\n\"}", NULL));
    ovsdb_datum_to_bare(&d, type, &ds);
    CHECK_STREQ(ds_cstr(&ds), "a=1 b=x y c= d=q\"\n");
    ovsdb_datum_destroy(&d, type);
    free_type(type);

    ds_clear(&ds);
    type = new_type(T_INT_SET);
    CHECK(!ovsdb_datum_from_string(&d, type, "3 2 1", NULL));
    ovsdb_datum_to_bare(&d, type, &ds);
    CHECK_STREQ(ds_cstr(&ds), "1 2 3");
    ovsdb_datum_destroy(&d, type);

    ds_clear(&ds);
    ovsdb_datum_init_empty(&d);
    ovsdb_datum_to_bare(&d, type, &ds);
    CHECK_STREQ(ds_cstr(&ds), "");
    free_type(type);
    ds_destroy(&ds);
}

OSW_TEST(datum_from_string_sets)
{
    /* (ovs-vsctl) */
    check_string(T_VLAN_SET, "1-5,7", "[1, 2, 3, 4, 5, 7]");
    check_string(T_VLAN_SET, "[1, 2 3]", "[1, 2, 3]");
    check_string(T_VLAN_SET, "5-5", "[5]");
    check_string(T_VLAN_SET, "[]", "[]");
    check_string(T_VLAN_SET, " [ 4 , 2 ] ", "[2, 4]");
    check_string(T_VLAN_SET, "1,2,", "[1, 2]");
    check_string(T_VLAN_OPT, " 7 ", "7");
    check_string(T_VLAN_OPT, "+5", "5");
    check_string(T_VLAN_OPT, "1-1", "1");
    check_string(T_STR_SET, "b a \"c d\"", "[a, b, \"c d\"]");
    check_string("{\"key\": \"boolean\", \"min\": 0, \"max\": 2}",
                 "yes,off", "[false, true]");

    struct ovsdb_type *type = new_type(T_VLAN_SET);
    struct ovsdb_datum d;
    CHECK(!ovsdb_datum_from_string(&d, type, "0-4095", NULL));
    CHECK_EQ(d.n, 4096);
    CHECK(ovsdb_datum_conforms_to_type(&d, type));
    ovsdb_datum_destroy(&d, type);
    free_type(type);
}

OSW_TEST(datum_from_string_set_errors)
{
    /* (ovs-vsctl) */
    check_string_error(T_VLAN_SET, "3-1", "\"3-1\" is not a valid range. "
                       "Range end cannot be before start.");
    check_string_error(T_VLAN_SET, "1-5000", "constraint violation: 5000 is "
                       "not in the valid range 0 to 4095 (inclusive)");
    check_string_error(T_VLAN_SET, "1,1", "1,1: set contains duplicate "
                       "value");
    check_string_error(T_VLAN_SET, "1-3,2", "1-3,2: set contains duplicate "
                       "value");
    check_string_error(T_VLAN_SET, "1,,2", "1,,2: unexpected \",\" parsing "
                       "set of up to 4096 integers");
    check_string_error(T_VLAN_SET, "[1", "[1: missing \"]\" at end of data");
    check_string_error(T_VLAN_SET, "[1]x", "[1]x: trailing garbage after "
                       "\"]\"");
    check_string_error(T_VLAN_SET, "x", "\"x\" is not a valid integer or "
                       "range");
    check_string_error(T_VLAN_SET, "", "use \"[]\" to specify the empty set");
    check_string_error(T_VLAN_SET, "  ", "use \"[]\" to specify the empty "
                       "set");
    check_string_error(T_VLAN_SET, "0-4095,4095-4095",
                       "0-4095,4095-4095: 4097 value(s) specified but the "
                       "maximum number is 4096");
    check_string_error(T_VLAN_OPT, "5,6", "5,6: 2 value(s) specified but the "
                       "maximum number is 1");
    check_string_error(T_VLAN_OPT, "[5,6]", "[5,6]: 2 value(s) specified but "
                       "the maximum number is 1");
    check_string_error(T_VLAN_OPT, "1-2", "1-2: 2 value(s) specified but the "
                       "maximum number is 1");
    check_string_error(T_VLAN_OPT, "-5", "constraint violation: -5 is not in "
                       "the valid range 0 to 4095 (inclusive)");
    check_string_error(T_VLAN_OPT, "0x10", "\"0x10\" is not a valid integer "
                       "or range");
    check_string_error("\"boolean\"", "[]", "[]: 0 value(s) specified but "
                       "the minimum number is 1");
    check_string_error("\"boolean\"", "{true}", "{true}: unexpected \"{\" "
                       "parsing boolean");
    check_string_error("\"boolean\"", "True", "\"True\" is not a valid "
                       "boolean (use \"true\" or \"false\")");
    check_string_error("\"integer\"", "", "\"\" is not a valid integer");
    check_string_error("\"string\"", "", "An empty string is not valid as "
                       "input; use \"\" to represent the empty string");
    check_string_error("\"string\"", "a b", "a b: 2 value(s) specified but "
                       "the maximum number is 1");
    check_string_error(T_UUID_SET, "x", "\"x\" is not a valid UUID");
    check_string_error(T_UUID_SET, "{}", "{}: unexpected \"{\" parsing set "
                       "of uuids");
    check_string_error(T_UUID_SET, "00000000-0000-0000-0000-00000000000g",
                       "\"00000000-0000-0000-0000-00000000000g\" is not a "
                       "valid UUID");
    check_string_error(T_XY_SET, "x,z", "constraint violation: z is not one "
                       "of the allowed values ([x, y])");
    check_string_error(T_STR_SET, "a<b", "a<b: unexpected \"<\" parsing set "
                       "of strings");
}

OSW_TEST(datum_from_string_maps)
{
    /* (ovs-vsctl) Values exactly as 'ovs-vsctl list' shows them. */
    check_string(T_SMAP,
                 "{a=1, b=\"x y\", c=true, \"d\"=" U0 ", f=\"\", "
                 "g=foo.bar-baz_1, h=_x, i=\"1abc\", j=.x, k=\"a:b\", "
                 "l=\"a\\\"b\\\\c\\n\\u00e4\", m=\xc3\xa4, n=a1}",
                 "{a=\"1\", b=\"x y\", c=\"true\", d=\"" U0 "\", f=\"\", "
                 "g=foo.bar-baz_1, h=_x, i=\"1abc\", j=\".x\", k=\"a:b\", "
                 "l=\"a\\\"b\\\\c\\n\xc3\xa4\", m=\"\xc3\xa4\", n=a1}");
    check_string(T_SMAP, "{\"a\"=\"b\"}", "{a=b}");
    check_string(T_SMAP, " a = b , c = d ", "{a=b, c=d}");
    check_string(T_SMAP, "a=b,c=d,", "{a=b, c=d}");
    check_string(T_SMAP, "a=b c=d", "{a=b, c=d}");
    check_string(T_SMAP, "a=\"b\" \"c\"=d", "{a=b, c=d}");
    check_string(T_SMAP, "a=b\\,c", "{a=\"b,c\"}");
    check_string(T_SMAP, "a=x\\ny", "{a=xny}");
    check_string(T_SMAP, "a=x\ty", "{a=\"x\\ty\"}");
    check_string(T_SMAP, "a=b\"c\"d", "{a=\"b\\\"c\\\"d\"}");
    check_string(T_SMAP, "a=\"\\u00e4\\/\"", "{a=\"\xc3\xa4/\"}");
    check_string(T_SMAP, "{a=\"x=y, z\"}", "{a=\"x=y, z\"}");
    check_string(T_SIMAP, "{b=2, a=-1}", "{a=-1, b=2}");
    check_string("{\"key\": \"integer\", \"value\": \"string\", \"min\": 0, "
                 "\"max\": \"unlimited\"}", "1-3=x", "{1=x, 2=x, 3=x}");
}

OSW_TEST(datum_from_string_map_errors)
{
    /* (ovs-vsctl) */
    check_string_error(T_SMAP, "[]", "[]: unexpected \"[\" parsing map of "
                       "(string, string) pairs");
    check_string_error(T_SMAP, "a", "a: missing \"=\" after key parsing map "
                       "of (string, string) pairs");
    check_string_error(T_SMAP, "a b", "a b: expected \"=\" but found \"b\" "
                       "parsing map of (string, string) pairs");
    check_string_error(T_SMAP, "a=b=c", "a=b=c: unexpected \"=\" parsing map "
                       "of (string, string) pairs");
    check_string_error(T_SMAP, "{a=b", "{a=b: missing \"}\" at end of data");
    check_string_error(T_SMAP, "a=1 a=2", "a=1 a=2: map contains duplicate "
                       "key");
    check_string_error(T_SMAP, "a=[b]", "An empty string is not valid as "
                       "input; use \"\" to represent the empty string");
    check_string_error(T_SMAP, "a=", "An empty string is not valid as "
                       "input; use \"\" to represent the empty string");
    check_string_error(T_SMAP, ",a=b", ",a=b: unexpected \",\" parsing map "
                       "of (string, string) pairs");
    check_string_error(T_SMAP, "a=b!", "a=b!: unexpected \"!\" parsing map "
                       "of (string, string) pairs");
    check_string_error(T_SMAP, "a=b:c", "a=b:c: unexpected \":\" parsing map "
                       "of (string, string) pairs");
    check_string_error(T_SMAP, "a=\"b\"c", "\"b\"c: missing quote at end of "
                       "quoted string");
    check_string_error(T_SMAP, "a=b\"", "b\": quoted string extends past end "
                       "of argument");
    check_string_error(T_SMAP, "a=b\\", "b\\: backslash at end of argument");
    check_string_error(T_SMAP, "a=\"x\\,y\"", "\"x\\,y\": bad escape \\,");
    check_string_error(T_SMAP, "a=\"\\u0000\"", "\"\\u0000\": null bytes not "
                       "supported in quoted strings");
    check_string_error(T_SMAP, "a=\"\\ud800\"", "\"\\ud800\": malformed "
                       "escaped surrogate pair");
    check_string_error(T_SMAP, "", "use \"{}\" to specify the empty map");
    check_string_error(T_SIMAP, "a=x", "\"x\" is not a valid integer");
    check_string_error("{\"key\": \"string\", \"value\": \"string\"}", "{}",
                       "{}: 0 value(s) specified but the minimum number is "
                       "1");
}

OSW_TEST(datum_from_string_symbols)
{
    struct ovsdb_symbol_table *symtab = ovsdb_symbol_table_create();
    struct ovsdb_type *type = new_type("{\"key\": {\"type\": \"uuid\", "
                                       "\"refTable\": \"Port\", \"refType\": "
                                       "\"weak\"}, \"min\": 0, "
                                       "\"max\": \"unlimited\"}");
    struct ovsdb_datum d;

    CHECK(!ovsdb_datum_from_string(&d, type, "@p1 " U1 " @p2", symtab));
    CHECK_EQ(d.n, 3);
    CHECK_EQ(ovsdb_symbol_table_count(symtab), 2);

    struct ovsdb_symbol *p1 = ovsdb_symbol_table_get(symtab, "@p1");
    struct ovsdb_symbol *p2 = ovsdb_symbol_table_get(symtab, "@p2");
    CHECK(p1 && p2);
    CHECK(!ovsdb_symbol_table_get(symtab, "p1"));
    CHECK(p1->used && p1->weak_ref && !p1->strong_ref && !p1->created);
    CHECK(ovsdb_datum_find_key(&d, (union ovsdb_atom *) &p1->uuid,
                               OVSDB_TYPE_UUID, NULL));
    CHECK(ovsdb_datum_find_key(&d, (union ovsdb_atom *) &p2->uuid,
                               OVSDB_TYPE_UUID, NULL));
    ovsdb_datum_destroy(&d, type);

    /* The same name means the same row. */
    char *error = ovsdb_datum_from_string(&d, type, "@p1 @p1", symtab);
    CHECK_STREQ(error, "@p1 @p1: set contains duplicate value");
    free(error);

    free_type(type);
    ovsdb_symbol_table_destroy(symtab);
}

/* Symbol tables. */

OSW_TEST(symbol_table)
{
    struct ovsdb_symbol_table *symtab = ovsdb_symbol_table_create();
    struct uuid u1, u2;

    CHECK_EQ(ovsdb_symbol_table_count(symtab), 0);
    CHECK(!ovsdb_symbol_table_get(symtab, "x"));
    CHECK(!ovsdb_symbol_table_find_uncreated(symtab));

    uuid_generate(&u1);
    struct ovsdb_symbol *a = ovsdb_symbol_table_put(symtab, "a", &u1, true);
    CHECK_STREQ(a->name, "a");
    CHECK(uuid_equals(&a->uuid, &u1));
    CHECK(a->created && !a->used);
    CHECK(ovsdb_symbol_table_get(symtab, "a") == a);
    CHECK(!ovsdb_symbol_table_find_uncreated(symtab));

    struct ovsdb_symbol *b = ovsdb_symbol_table_insert(symtab, "b");
    CHECK(!b->created);
    CHECK(!uuid_is_zero(&b->uuid));
    CHECK(ovsdb_symbol_table_insert(symtab, "b") == b);
    CHECK_STREQ(ovsdb_symbol_table_find_uncreated(symtab), "b");
    CHECK_EQ(ovsdb_symbol_table_count(symtab), 2);

    /* put() on an existing name updates it in place. */
    uuid_generate(&u2);
    CHECK(ovsdb_symbol_table_put(symtab, "b", &u2, true) == b);
    CHECK(uuid_equals(&b->uuid, &u2));
    CHECK(!ovsdb_symbol_table_find_uncreated(symtab));

    size_t n = 0;
    struct ovsdb_symbol *symbol;
    OVSDB_SYMBOL_TABLE_FOR_EACH (symbol, symtab) {
        CHECK(symbol == a || symbol == b);
        n++;
    }
    CHECK_EQ(n, 2);

    /* Many symbols get distinct uuids. */
    for (int i = 0; i < 200; i++) {
        char name[16];
        snprintf(name, sizeof name, "n%d", i);
        ovsdb_symbol_table_insert(symtab, name);
    }
    CHECK_EQ(ovsdb_symbol_table_count(symtab), 202);
    CHECK(!uuid_equals(&ovsdb_symbol_table_get(symtab, "n1")->uuid,
                       &ovsdb_symbol_table_get(symtab, "n2")->uuid));

    ovsdb_symbol_table_destroy(symtab);
    ovsdb_symbol_table_destroy(NULL);
}

OSW_TEST(datum_named_uuid_in_set)
{
    struct ovsdb_symbol_table *symtab = ovsdb_symbol_table_create();
    struct ovsdb_type *type = new_type(T_UUID_SET);
    struct ovsdb_datum d;
    struct uuid u;

    uuid_generate(&u);
    ovsdb_symbol_table_put(symtab, "mine", &u, true);
    parse_datum(&d, type, "[\"set\", [[\"named-uuid\", \"mine\"], "
                "[\"named-uuid\", \"other\"]]]", symtab);
    CHECK_EQ(d.n, 2);
    CHECK(ovsdb_datum_find_key(&d, (union ovsdb_atom *) &u, OVSDB_TYPE_UUID,
                               NULL));
    struct ovsdb_symbol *other = ovsdb_symbol_table_get(symtab, "other");
    CHECK(other && other->used && other->strong_ref && !other->created);
    CHECK_STREQ(ovsdb_symbol_table_find_uncreated(symtab), "other");
    ovsdb_datum_destroy(&d, type);

    /* Without a symbol table the same JSON is an error. */
    json_t *json = test_json_parse("[\"set\", [[\"named-uuid\", \"mine\"]]]");
    struct ovsdb_error *error = ovsdb_datum_from_json(&d, type, json, NULL);
    CHECK_STREQ(error->details, "\"named-uuid\" is not allowed here");
    ovsdb_error_destroy(error);
    json_decref(json);

    free_type(type);
    ovsdb_symbol_table_destroy(symtab);
}

/* Random round trips through JSON and text. */

static uint32_t prng_state = 12345;

static uint32_t
prng(void)
{
    prng_state ^= prng_state << 13;
    prng_state ^= prng_state >> 17;
    prng_state ^= prng_state << 5;
    return prng_state;
}

static void
random_atom(union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    static const char *pieces[] = {
        "a", "Z", "0", "_", "-", ".", ":", "=", ",", " ", "[", "]", "{",
        "}", "!", "<", ">", "\"", "\\", "\n", "\t", "@", "\xc3\xa4",
        "\xf0\x9f\x98\x80", "true", U1, "\x01",
    };

    switch (type) {
    case OVSDB_TYPE_INTEGER:
        atom->integer = (int64_t) (((uint64_t) prng() << 32) | prng())
                        >> (prng() % 64);
        break;
    case OVSDB_TYPE_REAL:
        /* Values that "%.15g" prints exactly. */
        atom->real = ((int) (prng() % 2000001) - 1000000) / 8.0;
        break;
    case OVSDB_TYPE_BOOLEAN:
        atom->boolean = prng() & 1;
        break;
    case OVSDB_TYPE_STRING: {
        struct ds ds = DS_EMPTY_INITIALIZER;
        int n = prng() % 5;
        for (int i = 0; i < n; i++) {
            ds_put_cstr(&ds, pieces[prng() % ARRAY_SIZE(pieces)]);
        }
        atom->string = ds_steal_cstr(&ds);
        break;
    }
    case OVSDB_TYPE_UUID:
        uuid_generate(&atom->uuid);
        break;
    case OVSDB_TYPE_VOID:
    case OVSDB_N_TYPES:
    default:
        break;
    }
}

OSW_TEST(datum_random_round_trips)
{
    for (int iteration = 0; iteration < 2000; iteration++) {
        struct ovsdb_type type;
        ovsdb_type_init_scalar(&type, 1 + prng() % 5);
        if (prng() % 2) {
            ovsdb_base_type_init(&type.value, 1 + prng() % 5);
        }
        type.n_min = prng() % 2;
        type.n_max = (prng() % 3 == 0 ? UINT_MAX
                      : MAX(type.n_min, 1) + prng() % 4);

        struct ovsdb_datum d;
        ovsdb_datum_init_empty(&d);
        unsigned int n = type.n_min + prng() % 6;
        for (unsigned int i = 0; i < n && d.n < type.n_max; i++) {
            union ovsdb_atom key, value;
            random_atom(&key, type.key.type);
            random_atom(&value, type.value.type);
            ovsdb_datum_add(&d, &key, &value, &type);
            ovsdb_atom_destroy(&key, type.key.type);
            ovsdb_atom_destroy(&value, type.value.type);
        }
        if (d.n < type.n_min) {
            ovsdb_datum_destroy(&d, &type);
            continue;
        }
        CHECK(ovsdb_datum_conforms_to_type(&d, &type));

        /* JSON. */
        struct ovsdb_datum d2;
        json_t *json = ovsdb_datum_to_json(&d, &type);
        char *text = test_json_text(json);
        struct ovsdb_error *error = ovsdb_datum_from_json(&d2, &type, json,
                                                          NULL);
        if (error) {
            char *s = ovsdb_error_to_string_free(error);
            osw_test_fail(__FILE__, __LINE__, "%s: %s", text, s);
        }
        CHECK(ovsdb_datum_equals(&d, &d2, &type));
        CHECK_EQ(ovsdb_datum_hash(&d, &type, 7),
                 ovsdb_datum_hash(&d2, &type, 7));
        ovsdb_datum_destroy(&d2, &type);
        json_decref(json);
        free(text);

        /* Text. */
        char *s = datum_string(&d, &type);
        char *msg = ovsdb_datum_from_string(&d2, &type, s, NULL);
        if (msg) {
            osw_test_fail(__FILE__, __LINE__, "%s: %s", s, msg);
        }
        if (!ovsdb_datum_equals(&d, &d2, &type)) {
            osw_test_fail(__FILE__, __LINE__, "%s: does not read back", s);
        }
        ovsdb_datum_destroy(&d2, &type);
        free(s);

        /* Clone, diff. */
        struct ovsdb_datum clone, diff, applied;
        ovsdb_datum_clone(&clone, &d, &type);
        CHECK(ovsdb_datum_equals(&d, &clone, &type));
        ovsdb_datum_diff(&diff, &clone, &d, &type);
        CHECK_EQ(diff.n, 0);
        CHECK(!ovsdb_datum_apply_diff(&applied, &d, &diff, &type));
        CHECK(ovsdb_datum_equals(&d, &applied, &type));
        ovsdb_datum_destroy(&applied, &type);
        ovsdb_datum_destroy(&diff, &type);
        ovsdb_datum_destroy(&clone, &type);

        ovsdb_datum_destroy(&d, &type);
    }
}

OSW_TEST_MAIN()
