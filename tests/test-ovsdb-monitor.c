/* Tests for ovsdb/monitor.c and ovsdb/txn-history.c: "monitor",
 * "monitor_cond", "monitor_cond_since" and "monitor_cond_change" as Open
 * vSwitch's ovsdb-server answers them.
 *
 * Rows get fixed uuids (the "uuid" member of "insert") so that expected
 * updates can be written out exactly; JSON is written with ' for ".
 * Random uuids (those of "_version") are shown as ["uuid", "<v>"].  The
 * expected formats were checked against Open vSwitch 3.1's ovsdb-server
 * with the same schema and transactions. */
#include <config.h>
#include "testlib.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "execution.h"
#include "monitor.h"
#include "osw/uuid.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "row.h"
#include "table.h"
#include "transaction.h"
#include "txn-history.h"

#define U1 "aaaaaaaa-0000-0000-0000-000000000001"
#define U2 "aaaaaaaa-0000-0000-0000-000000000002"
#define U3 "aaaaaaaa-0000-0000-0000-000000000003"
#define U4 "aaaaaaaa-0000-0000-0000-000000000004"
#define U5 "aaaaaaaa-0000-0000-0000-000000000005"
#define U6 "aaaaaaaa-0000-0000-0000-000000000006"
#define U7 "aaaaaaaa-0000-0000-0000-000000000007"

/* Helpers. */

static char *
sq(const char *s)
{
    char *copy = xstrdup(s);

    for (char *p = copy; *p; p++) {
        if (*p == '\'') {
            *p = '"';
        }
    }
    return copy;
}

static json_t *
parse_json(const char *s)
{
    char *text = sq(s);
    json_error_t error;
    json_t *json = json_loads(text, JSON_DECODE_ANY, &error);

    if (!json) {
        osw_test_fail(__FILE__, __LINE__, "bad test JSON %s: %s", text,
                      error.text);
    }
    free(text);
    return json;
}

static char *
json_text(const json_t *json)
{
    return json ? json_dumps(json, (JSON_COMPACT | JSON_SORT_KEYS
                                    | JSON_ENCODE_ANY))
                : xstrdup("NULL");
}

/* Replaces, in place, every ["uuid", X] whose X is not one of the test's
 * fixed uuids by ["uuid", "<v>"]. */
static void
hide_random_uuids(json_t *json)
{
    if (json_is_array(json)) {
        const char *s;

        if (json_array_size(json) == 2
            && json_is_string(json_array_get(json, 0))
            && !strcmp(json_string_value(json_array_get(json, 0)), "uuid")
            && (s = json_string_value(json_array_get(json, 1))) != NULL
            && strncmp(s, "aaaaaaaa", 8)) {
            json_array_set_new(json, 1, json_string("<v>"));
            return;
        }
        for (size_t i = 0; i < json_array_size(json); i++) {
            hide_random_uuids(json_array_get(json, i));
        }
    } else if (json_is_object(json)) {
        const char *key;
        json_t *value;

        json_object_foreach (json, key, value) {
            hide_random_uuids(value);
        }
    }
}

/* Checks that 'actual' (borrowed, may be NULL) is 'expected' (text with '
 * for ", or NULL). */
static void
check_json_(const char *file, int line, const json_t *actual,
            const char *expected)
{
    json_t *want = expected ? parse_json(expected) : NULL;
    json_t *got = actual ? json_deep_copy(actual) : NULL;
    bool ok;

    hide_random_uuids(got);
    ok = (!want && !got) || (want && got && json_equal(want, got));
    if (!ok) {
        char *a = json_text(got);
        char *b = json_text(want);

        osw_test_fail(file, line, "JSON mismatch:\n  got:  %s\n  want: %s",
                      a, b);
    }
    json_decref(want);
    json_decref(got);
}
#define CHECK_JSON(ACTUAL, EXPECTED) \
    check_json_(__FILE__, __LINE__, ACTUAL, EXPECTED)

/* Like CHECK_JSON, then drops the reference to 'actual'. */
#define CHECK_JSON_FREE(ACTUAL, EXPECTED)                   \
    do {                                                    \
        json_t *j__ = (ACTUAL);                             \
        check_json_(__FILE__, __LINE__, j__, EXPECTED);     \
        json_decref(j__);                                   \
    } while (0)

static const char test_schema[] =
    "{'name': 'T', 'version': '1.0.0', 'tables': {"
    " 'A': {'columns': {"
    "   'i': {'type': 'integer'},"
    "   's': {'type': 'string'},"
    "   'b': {'type': {'key': 'boolean', 'min': 0, 'max': 1}},"
    "   'set': {'type': {'key': 'integer', 'min': 0, 'max': 'unlimited'}},"
    "   'map': {'type': {'key': 'string', 'value': 'string',"
    "                    'min': 0, 'max': 'unlimited'}},"
    "   'eph': {'type': 'integer', 'ephemeral': true}}},"
    " 'B': {'columns': {"
    "   'name': {'type': 'string'},"
    "   'ref': {'type': {'key': {'type': 'uuid', 'refTable': 'A'},"
    "                    'min': 0, 'max': 'unlimited'}}}}}}";

static struct ovsdb *
make_db(void)
{
    json_t *json = parse_json(test_schema);
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);

    json_decref(json);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "schema: %s",
                      ovsdb_error_to_string_free(error));
    }
    return ovsdb_create(schema);
}

static struct ovsdb *
make_vswitch_db(void)
{
    const char *srcdir = getenv("srcdir");
    struct ovsdb_schema *schema;
    struct ovsdb_error *error;
    char *file;

    if (srcdir) {
        file = xasprintf("%s/vswitchd/vswitch.ovsschema", srcdir);
    } else {
        char *dir = xstrdup(__FILE__);
        char *slash = strrchr(dir, '/');

        if (slash) {
            *slash = '\0';
        }
        file = xasprintf("%s/../vswitchd/vswitch.ovsschema",
                         slash ? dir : ".");
        free(dir);
    }
    error = ovsdb_schema_from_file(file, &schema);
    free(file);
    if (error) {
        ovsdb_error_destroy(error);
        osw_test_skip("vswitch.ovsschema not available");
    }
    return ovsdb_create(schema);
}

/* Runs 'ops' (a JSON array of operations on database 'db') and checks that
 * every operation succeeded. */
static void
exec_(const char *file, int line, struct ovsdb *db, const char *ops)
{
    json_t *json = parse_json(ops);
    json_t *result = NULL;
    enum ovsdb_exec_status status;

    status = ovsdb_execute(db, NULL, json, false, 0, NULL, &result);
    if (status != OVSDB_EXEC_DONE || !json_is_array(result)) {
        osw_test_fail(file, line, "transaction did not complete");
    }
    for (size_t i = 0; i < json_array_size(result); i++) {
        const json_t *r = json_array_get(result, i);

        if (!json_is_object(r) || json_object_get(r, "error")) {
            char *text = json_text(result);

            osw_test_fail(file, line, "transaction failed: %s", text);
        }
    }
    json_decref(result);
    json_decref(json);
}
#define EXEC(DB, OPS) exec_(__FILE__, __LINE__, DB, OPS)

static struct ovsdb_monitor *
monitor_(const char *file, int line, struct ovsdb *db,
         enum ovsdb_monitor_version version, const char *requests)
{
    json_t *json = parse_json(requests);
    struct ovsdb_error *error;
    struct ovsdb_monitor *m = ovsdb_monitor_create(db, version, json,
                                                   &error);

    json_decref(json);
    if (!m || error) {
        osw_test_fail(file, line, "monitor_create failed: %s",
                      error ? ovsdb_error_to_string_free(error) : "?");
    }
    return m;
}
#define MONITOR(DB, VERSION, REQUESTS) \
    monitor_(__FILE__, __LINE__, DB, VERSION, REQUESTS)

/* Checks that creating the monitor fails with 'tag' and, if nonnull,
 * 'details'. */
static void
monitor_error_(const char *file, int line, struct ovsdb *db,
               enum ovsdb_monitor_version version, const char *requests,
               const char *tag, const char *details)
{
    json_t *json = parse_json(requests);
    struct ovsdb_error *error;
    struct ovsdb_monitor *m = ovsdb_monitor_create(db, version, json,
                                                   &error);

    json_decref(json);
    if (m || !error) {
        osw_test_fail(file, line, "monitor_create unexpectedly succeeded");
    }
    if (strcmp(error->tag, tag)
        || (details && (!error->details || strcmp(error->details,
                                                  details)))) {
        osw_test_fail(file, line, "wrong error: %s",
                      ovsdb_error_to_string(error));
    }
    ovsdb_error_destroy(error);
}
#define MONITOR_ERROR(DB, VERSION, REQUESTS, TAG, DETAILS) \
    monitor_error_(__FILE__, __LINE__, DB, VERSION, REQUESTS, TAG, DETAILS)

static json_t *
cond_change_(const char *file, int line, struct ovsdb_monitor *m,
             const char *requests)
{
    json_t *json = parse_json(requests);
    json_t *update;
    struct ovsdb_error *error = ovsdb_monitor_cond_change(m, json, &update);

    json_decref(json);
    if (error) {
        osw_test_fail(file, line, "cond_change failed: %s",
                      ovsdb_error_to_string_free(error));
    }
    return update;
}
#define COND_CHANGE(M, REQUESTS) cond_change_(__FILE__, __LINE__, M, REQUESTS)

static void
cond_change_error_(const char *file, int line, struct ovsdb_monitor *m,
                   const char *requests, const char *tag, const char *details)
{
    json_t *json = parse_json(requests);
    json_t *update = json_true();
    struct ovsdb_error *error = ovsdb_monitor_cond_change(m, json, &update);

    json_decref(json);
    if (!error || update) {
        osw_test_fail(file, line, "cond_change unexpectedly succeeded");
    }
    if (strcmp(error->tag, tag)
        || (details && (!error->details || strcmp(error->details,
                                                  details)))) {
        osw_test_fail(file, line, "wrong error: %s",
                      ovsdb_error_to_string(error));
    }
    ovsdb_error_destroy(error);
}
#define COND_CHANGE_ERROR(M, REQUESTS, TAG, DETAILS) \
    cond_change_error_(__FILE__, __LINE__, M, REQUESTS, TAG, DETAILS)

static json_t *
take(struct ovsdb_monitor *m)
{
    return ovsdb_monitor_take_update(m, NULL);
}

/* Rows used by many tests: U1 {i: 1, s: x, set: [1, 2], map: {k: v, k2:
 * v2}} and U2 {i: 5}. */
static void
insert_two_rows(struct ovsdb *db)
{
    EXEC(db, "[{'op': 'insert', 'table': 'A', 'uuid': '" U1 "',"
             "  'row': {'i': 1, 's': 'x', 'set': ['set', [1, 2]],"
             "          'map': ['map', [['k', 'v'], ['k2', 'v2']]]}},"
             " {'op': 'insert', 'table': 'A', 'uuid': '" U2 "',"
             "  'row': {'i': 5}}]");
}

#define UPDATE_A(UUID, ROW)                                             \
    "[{'op': 'update', 'table': 'A', 'where': [['_uuid', '==', ['uuid', '" \
    UUID "']]], 'row': " ROW "}]"
#define DELETE_A(UUID)                                                  \
    "[{'op': 'delete', 'table': 'A', 'where': [['_uuid', '==', ['uuid', '" \
    UUID "']]]}]"
#define INSERT_A(UUID, ROW) \
    "[{'op': 'insert', 'table': 'A', 'uuid': '" UUID "', 'row': " ROW "}]"

#define ALL_V1_U1                                                       \
    "{'_version': ['uuid', '<v>'], 'b': ['set', []], 'eph': 0, 'i': 1,"  \
    " 'map': ['map', [['k', 'v'], ['k2', 'v2']]], 's': 'x',"            \
    " 'set': ['set', [1, 2]]}"
#define ALL_V1_U2                                                       \
    "{'_version': ['uuid', '<v>'], 'b': ['set', []], 'eph': 0, 'i': 5,"  \
    " 'map': ['map', []], 's': '', 'set': ['set', []]}"

/* Initial contents. */

OSW_TEST(v1_initial_default_columns)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m;

    insert_two_rows(db);
    m = MONITOR(db, OVSDB_MONITOR_V1, "{'A': {}}");
    CHECK_EQ(ovsdb_monitor_get_version(m), OVSDB_MONITOR_V1);
    CHECK(ovsdb_monitor_get_db(m) == db);
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m),
                    "{'A': {'" U1 "': {'new': " ALL_V1_U1 "},"
                    "       '" U2 "': {'new': " ALL_V1_U2 "}}}");
    CHECK(!ovsdb_monitor_has_update(m));
    CHECK(!take(m));
    ovsdb_monitor_destroy(m);
    ovsdb_destroy(db);
}

OSW_TEST(v1_initial_column_subsets)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m1, *m2, *m3;

    insert_two_rows(db);
    m1 = MONITOR(db, OVSDB_MONITOR_V1, "{'A': {'columns': ['i', '_uuid']}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m1),
                    "{'A': {'" U1 "': {'new': {'_uuid': ['uuid', '" U1 "'],"
                    "                          'i': 1}},"
                    "       '" U2 "': {'new': {'_uuid': ['uuid', '" U2 "'],"
                    "                          'i': 5}}}}");
    /* No columns: rows are still listed, as ovsdb-server does. */
    m2 = MONITOR(db, OVSDB_MONITOR_V1, "{'A': {'columns': []}, 'B': {}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m2),
                    "{'A': {'" U1 "': {'new': {}}, '" U2 "': {'new': {}}}}");
    /* Two requests with disjoint columns. */
    m3 = MONITOR(db, OVSDB_MONITOR_V1,
                 "{'A': [{'columns': ['s']}, {'columns': ['i']}]}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m3),
                    "{'A': {'" U1 "': {'new': {'i': 1, 's': 'x'}},"
                    "       '" U2 "': {'new': {'i': 5, 's': ''}}}}");
    ovsdb_monitor_destroy(m1);
    ovsdb_monitor_destroy(m2);
    ovsdb_monitor_destroy(m3);
    ovsdb_destroy(db);
}

OSW_TEST(v2_initial_omits_defaults)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m;

    insert_two_rows(db);
    m = MONITOR(db, OVSDB_MONITOR_V2, "{'A': {}}");
    CHECK_EQ(ovsdb_monitor_get_version(m), OVSDB_MONITOR_V2);
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m),
        "{'A': {'" U1 "': {'initial': {'_version': ['uuid', '<v>'],"
        "         'i': 1, 'map': ['map', [['k', 'v'], ['k2', 'v2']]],"
        "         's': 'x', 'set': ['set', [1, 2]]}},"
        "       '" U2 "': {'initial': {'_version': ['uuid', '<v>'],"
        "         'i': 5}}}}");
    ovsdb_monitor_destroy(m);
    ovsdb_destroy(db);
}

OSW_TEST(initial_empty_and_select_initial_false)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m1, *m2, *m3;

    m1 = MONITOR(db, OVSDB_MONITOR_V2, "{}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m1), "{}");
    m2 = MONITOR(db, OVSDB_MONITOR_V1, "{'A': {'columns': ['i']}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m2), "{}");

    insert_two_rows(db);
    m3 = MONITOR(db, OVSDB_MONITOR_V1,
                 "{'A': {'columns': ['i'], 'select': {'initial': false}}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m3), "{}");
    CHECK(!ovsdb_monitor_has_update(m3));
    CHECK(!ovsdb_monitor_has_update(m1));
    CHECK_JSON_FREE(take(m1), NULL);

    /* Inserts are still reported. */
    EXEC(db, INSERT_A(U3, "{'i': 3}"));
    CHECK(ovsdb_monitor_has_update(m3));
    CHECK_JSON_FREE(take(m3), "{'A': {'" U3 "': {'new': {'i': 3}}}}");
    CHECK_JSON_FREE(take(m2), "{'A': {'" U1 "': {'new': {'i': 1}},"
                              "       '" U2 "': {'new': {'i': 5}},"
                              "       '" U3 "': {'new': {'i': 3}}}}");
    CHECK(!ovsdb_monitor_has_update(m1));
    ovsdb_monitor_destroy(m1);
    ovsdb_monitor_destroy(m2);
    ovsdb_monitor_destroy(m3);
    ovsdb_destroy(db);
}

OSW_TEST(get_initial_forgets_pending_changes)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m = MONITOR(db, OVSDB_MONITOR_V2,
                                      "{'A': {'columns': ['i']}}");

    insert_two_rows(db);
    CHECK(ovsdb_monitor_has_update(m));
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m),
                    "{'A': {'" U1 "': {'initial': {'i': 1}},"
                    "       '" U2 "': {'initial': {'i': 5}}}}");
    CHECK(!ovsdb_monitor_has_update(m));
    CHECK(!take(m));
    ovsdb_monitor_destroy(m);
    ovsdb_destroy(db);
}

/* Updates. */

#define COLS "'columns': ['i', 's', 'b', 'set', 'map']"

OSW_TEST(v1_and_v2_update_formats)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m1, *m2;

    insert_two_rows(db);
    m1 = MONITOR(db, OVSDB_MONITOR_V1, "{'A': {" COLS "}}");
    m2 = MONITOR(db, OVSDB_MONITOR_V2, "{'A': {" COLS "}}");
    json_decref(ovsdb_monitor_get_initial(m1));
    json_decref(ovsdb_monitor_get_initial(m2));

    /* Scalars, an optional value, a set and a map. */
    EXEC(db, UPDATE_A(U1, "{'s': 'y', 'b': true, 'set': ['set', [2, 3]],"
                          " 'map': ['map', [['k', 'v1'], ['k3', 'v3']]]}"));
    CHECK(ovsdb_monitor_has_update(m1));
    CHECK_JSON_FREE(take(m1),
        "{'A': {'" U1 "': {"
        "  'new': {'b': true, 'i': 1,"
        "          'map': ['map', [['k', 'v1'], ['k3', 'v3']]],"
        "          's': 'y', 'set': ['set', [2, 3]]},"
        "  'old': {'b': ['set', []],"
        "          'map': ['map', [['k', 'v'], ['k2', 'v2']]],"
        "          's': 'x', 'set': ['set', [1, 2]]}}}}");
    CHECK_JSON_FREE(take(m2),
        "{'A': {'" U1 "': {'modify': {'b': true,"
        "  'map': ['map', [['k', 'v1'], ['k2', 'v2'], ['k3', 'v3']]],"
        "  's': 'y', 'set': ['set', [1, 3]]}}}}");
    CHECK(!ovsdb_monitor_has_update(m1));
    CHECK(!take(m1));

    /* Optional value emptied; one element added to a set. */
    EXEC(db, UPDATE_A(U1, "{'b': ['set', []], 'set': ['set', [2, 3, 9]]}"));
    CHECK_JSON_FREE(take(m1),
        "{'A': {'" U1 "': {"
        "  'new': {'b': ['set', []], 'i': 1,"
        "          'map': ['map', [['k', 'v1'], ['k3', 'v3']]],"
        "          's': 'y', 'set': ['set', [2, 3, 9]]},"
        "  'old': {'b': true, 'set': ['set', [2, 3]]}}}}");
    CHECK_JSON_FREE(take(m2),
        "{'A': {'" U1 "': {'modify': {'b': ['set', []], 'set': 9}}}}");

    /* Insert and delete. */
    EXEC(db, INSERT_A(U3, "{'i': 3, 'map': ['map', [['a', 'b']]]}"));
    CHECK_JSON_FREE(take(m1),
        "{'A': {'" U3 "': {'new': {'b': ['set', []], 'i': 3,"
        "  'map': ['map', [['a', 'b']]], 's': '', 'set': ['set', []]}}}}");
    CHECK_JSON_FREE(take(m2),
        "{'A': {'" U3 "': {'insert': {'i': 3,"
        "  'map': ['map', [['a', 'b']]]}}}}");
    EXEC(db, DELETE_A(U3));
    CHECK_JSON_FREE(take(m1),
        "{'A': {'" U3 "': {'old': {'b': ['set', []], 'i': 3,"
        "  'map': ['map', [['a', 'b']]], 's': '', 'set': ['set', []]}}}}");
    CHECK_JSON_FREE(take(m2), "{'A': {'" U3 "': {'delete': null}}}");

    ovsdb_monitor_destroy(m1);
    ovsdb_monitor_destroy(m2);
    ovsdb_destroy(db);
}

OSW_TEST(unmonitored_changes_are_not_reported)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m1, *m2;

    insert_two_rows(db);
    m1 = MONITOR(db, OVSDB_MONITOR_V1, "{'A': {'columns': ['s']}}");
    m2 = MONITOR(db, OVSDB_MONITOR_V2, "{'B': {}}");
    json_decref(ovsdb_monitor_get_initial(m1));
    json_decref(ovsdb_monitor_get_initial(m2));

    EXEC(db, UPDATE_A(U1, "{'i': 7, 'eph': 3}"));
    CHECK(!ovsdb_monitor_has_update(m1));
    CHECK_EQ(ovsdb_monitor_n_pending_rows(m1), 0);
    CHECK(!take(m1));
    CHECK(!ovsdb_monitor_has_update(m2));

    EXEC(db, UPDATE_A(U1, "{'s': 'q'}"));
    CHECK_JSON_FREE(take(m1), "{'A': {'" U1 "': {'new': {'s': 'q'},"
                              "                   'old': {'s': 'x'}}}}");
    CHECK(!take(m2));
    ovsdb_monitor_destroy(m1);
    ovsdb_monitor_destroy(m2);
    ovsdb_destroy(db);
}

OSW_TEST(ephemeral_columns_are_monitored)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m;

    insert_two_rows(db);
    m = MONITOR(db, OVSDB_MONITOR_V2, "{'A': {'columns': ['eph']}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m),
                    "{'A': {'" U1 "': {'initial': {}},"
                    "       '" U2 "': {'initial': {}}}}");
    EXEC(db, UPDATE_A(U2, "{'eph': 42}"));
    CHECK_JSON_FREE(take(m), "{'A': {'" U2 "': {'modify': {'eph': 42}}}}");
    EXEC(db, UPDATE_A(U2, "{'eph': 0}"));
    CHECK_JSON_FREE(take(m), "{'A': {'" U2 "': {'modify': {'eph': 0}}}}");
    ovsdb_monitor_destroy(m);
    ovsdb_destroy(db);
}

OSW_TEST(select_flags)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m1, *m2;

    insert_two_rows(db);
    m1 = MONITOR(db, OVSDB_MONITOR_V1,
                 "{'A': {'columns': ['i'],"
                 "       'select': {'insert': false, 'delete': false}}}");
    m2 = MONITOR(db, OVSDB_MONITOR_V2,
                 "{'A': {'columns': ['i'],"
                 "       'select': {'modify': false, 'initial': true}}}");
    json_decref(ovsdb_monitor_get_initial(m1));
    json_decref(ovsdb_monitor_get_initial(m2));

    EXEC(db, INSERT_A(U3, "{'i': 3}"));
    CHECK(!take(m1));
    CHECK_JSON_FREE(take(m2), "{'A': {'" U3 "': {'insert': {'i': 3}}}}");

    EXEC(db, UPDATE_A(U3, "{'i': 4}"));
    CHECK_JSON_FREE(take(m1), "{'A': {'" U3 "': {'new': {'i': 4},"
                              "                   'old': {'i': 3}}}}");
    CHECK(!take(m2));

    EXEC(db, DELETE_A(U3));
    CHECK(!take(m1));
    CHECK_JSON_FREE(take(m2), "{'A': {'" U3 "': {'delete': null}}}");
    ovsdb_monitor_destroy(m1);
    ovsdb_monitor_destroy(m2);
    ovsdb_destroy(db);
}

/* Each column keeps the "select" of its own request; a change to a column
 * whose request did not select "modify" still makes a (content-free)
 * modify, as in ovsdb-server. */
OSW_TEST(per_column_select)
{
    static const char req[] =
        "{'A': [{'columns': ['i'], 'select': {'modify': false}},"
        "       {'columns': ['s']}]}";
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m1, *m2;

    insert_two_rows(db);
    m1 = MONITOR(db, OVSDB_MONITOR_V1, req);
    m2 = MONITOR(db, OVSDB_MONITOR_V2, req);
    json_decref(ovsdb_monitor_get_initial(m1));
    json_decref(ovsdb_monitor_get_initial(m2));

    EXEC(db, UPDATE_A(U2, "{'i': 6}"));
    CHECK_JSON_FREE(take(m1), "{'A': {'" U2 "': {'new': {'s': ''},"
                              "                   'old': {}}}}");
    CHECK_JSON_FREE(take(m2), "{'A': {'" U2 "': {'modify': {}}}}");
    EXEC(db, UPDATE_A(U2, "{'s': 'z'}"));
    CHECK_JSON_FREE(take(m1), "{'A': {'" U2 "': {'new': {'s': 'z'},"
                              "                   'old': {'s': ''}}}}");
    CHECK_JSON_FREE(take(m2), "{'A': {'" U2 "': {'modify': {'s': 'z'}}}}");
    EXEC(db, INSERT_A(U3, "{'i': 3, 's': 'w'}"));
    CHECK_JSON_FREE(take(m1), "{'A': {'" U3 "': {'new': {'i': 3,"
                              "                           's': 'w'}}}}");
    ovsdb_monitor_destroy(m1);
    ovsdb_monitor_destroy(m2);
    ovsdb_destroy(db);
}

/* Coalescing. */

OSW_TEST(coalesce_insert_then_modify_or_delete)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m1, *m2;

    m1 = MONITOR(db, OVSDB_MONITOR_V1, "{'A': {'columns': ['i', 's']}}");
    m2 = MONITOR(db, OVSDB_MONITOR_V2, "{'A': {'columns': ['i', 's']}}");
    json_decref(ovsdb_monitor_get_initial(m1));
    json_decref(ovsdb_monitor_get_initial(m2));

    EXEC(db, INSERT_A(U3, "{'i': 3}"));
    EXEC(db, UPDATE_A(U3, "{'i': 7, 's': 'a'}"));
    EXEC(db, INSERT_A(U4, "{'i': 4}"));
    CHECK_EQ(ovsdb_monitor_n_pending_rows(m1), 2);
    EXEC(db, DELETE_A(U4));
    /* Inserted and deleted: gone from the pending state at once. */
    CHECK_EQ(ovsdb_monitor_n_pending_rows(m1), 1);
    CHECK_JSON_FREE(take(m1), "{'A': {'" U3 "': {'new': {'i': 7,"
                              "                           's': 'a'}}}}");
    CHECK_JSON_FREE(take(m2), "{'A': {'" U3 "': {'insert': {'i': 7,"
                              "                              's': 'a'}}}}");

    EXEC(db, INSERT_A(U5, "{'i': 5}"));
    EXEC(db, DELETE_A(U5));
    CHECK(!ovsdb_monitor_has_update(m1));
    CHECK(!take(m1));
    CHECK(!take(m2));
    ovsdb_monitor_destroy(m1);
    ovsdb_monitor_destroy(m2);
    ovsdb_destroy(db);
}

OSW_TEST(coalesce_modifies)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m1, *m2;

    insert_two_rows(db);
    m1 = MONITOR(db, OVSDB_MONITOR_V1,
                 "{'A': {'columns': ['i', 's', 'set']}}");
    m2 = MONITOR(db, OVSDB_MONITOR_V2,
                 "{'A': {'columns': ['i', 's', 'set']}}");
    json_decref(ovsdb_monitor_get_initial(m1));
    json_decref(ovsdb_monitor_get_initial(m2));

    /* "old" holds the values from before the first modification. */
    EXEC(db, UPDATE_A(U1, "{'s': 'y', 'set': ['set', [1, 2, 3]]}"));
    EXEC(db, UPDATE_A(U1, "{'s': 'z', 'set': ['set', [2, 3, 4]]}"));
    CHECK_EQ(ovsdb_monitor_n_pending_rows(m1), 1);
    CHECK_JSON_FREE(take(m1),
        "{'A': {'" U1 "': {'new': {'i': 1, 's': 'z',"
        "                          'set': ['set', [2, 3, 4]]},"
        "                  'old': {'s': 'x', 'set': ['set', [1, 2]]}}}}");
    CHECK_JSON_FREE(take(m2),
        "{'A': {'" U1 "': {'modify': {'s': 'z',"
        "                             'set': ['set', [1, 3, 4]]}}}}");

    /* Changes that cancel out are nothing. */
    EXEC(db, UPDATE_A(U1, "{'i': 2}"));
    EXEC(db, UPDATE_A(U1, "{'i': 1}"));
    CHECK(ovsdb_monitor_has_update(m1));
    CHECK(!take(m1));
    CHECK(!take(m2));

    /* Modify then delete: a delete of the row as the client knew it. */
    EXEC(db, UPDATE_A(U1, "{'s': 'w'}"));
    EXEC(db, DELETE_A(U1));
    CHECK_JSON_FREE(take(m1),
        "{'A': {'" U1 "': {'old': {'i': 1, 's': 'z',"
        "                          'set': ['set', [2, 3, 4]]}}}}");
    CHECK_JSON_FREE(take(m2), "{'A': {'" U1 "': {'delete': null}}}");

    /* Delete then insert again with the same uuid: a modify. */
    EXEC(db, DELETE_A(U2));
    EXEC(db, INSERT_A(U2, "{'i': 6}"));
    CHECK_JSON_FREE(take(m1),
        "{'A': {'" U2 "': {'new': {'i': 6, 's': '', 'set': ['set', []]},"
        "                  'old': {'i': 5}}}}");
    CHECK_JSON_FREE(take(m2), "{'A': {'" U2 "': {'modify': {'i': 6}}}}");
    ovsdb_monitor_destroy(m1);
    ovsdb_monitor_destroy(m2);
    ovsdb_destroy(db);
}

OSW_TEST(pending_state_is_bounded)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m;
    size_t bytes;

    insert_two_rows(db);
    m = MONITOR(db, OVSDB_MONITOR_V2, "{'A': {}}");
    json_decref(ovsdb_monitor_get_initial(m));
    CHECK_EQ(ovsdb_monitor_pending_bytes(m), 0);

    EXEC(db, UPDATE_A(U1, "{'i': 100}"));
    bytes = ovsdb_monitor_pending_bytes(m);
    CHECK(bytes > 0);
    for (int i = 0; i < 500; i++) {
        char *ops = xasprintf(UPDATE_A(U1, "{'i': %d, 's': 'str%d'}"),
                              i, i);

        EXEC(db, ops);
        free(ops);
    }
    CHECK_EQ(ovsdb_monitor_n_pending_rows(m), 1);
    CHECK_EQ(ovsdb_monitor_pending_bytes(m), bytes);
    EXEC(db, UPDATE_A(U2, "{'i': 100}"));
    CHECK_EQ(ovsdb_monitor_n_pending_rows(m), 2);
    CHECK(ovsdb_monitor_pending_bytes(m) > bytes);

    json_decref(take(m));
    CHECK_EQ(ovsdb_monitor_n_pending_rows(m), 0);
    CHECK_EQ(ovsdb_monitor_pending_bytes(m), 0);
    ovsdb_monitor_destroy(m);
    ovsdb_destroy(db);
}

/* Several monitors. */

OSW_TEST(shared_specs_and_json)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *a, *b, *c, *v1, *d;
    json_t *ja, *jb, *jc;

    insert_two_rows(db);
    a = MONITOR(db, OVSDB_MONITOR_V2, "{'A': {'columns': ['i']}}");
    b = MONITOR(db, OVSDB_MONITOR_V3, "{'A': {'columns': ['i']}}");
    c = MONITOR(db, OVSDB_MONITOR_V2,
                "{'A': {'columns': ['i'], 'where': [['i', '>', 3]]}}");
    v1 = MONITOR(db, OVSDB_MONITOR_V1, "{'A': {'columns': ['i']}}");
    d = MONITOR(db, OVSDB_MONITOR_V2, "{'A': {'columns': ['s']}}");
    ja = ovsdb_monitor_get_initial(a);
    jb = ovsdb_monitor_get_initial(b);
    CHECK(ja == jb);
    json_decref(ja);
    json_decref(jb);
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(c),
                    "{'A': {'" U2 "': {'initial': {'i': 5}}}}");
    json_decref(ovsdb_monitor_get_initial(v1));
    json_decref(ovsdb_monitor_get_initial(d));

    EXEC(db, UPDATE_A(U1, "{'i': 2}"));
    ja = take(a);
    jb = take(b);
    CHECK(ja == jb);
    CHECK_JSON(ja, "{'A': {'" U1 "': {'modify': {'i': 2}}}}");
    json_decref(ja);
    json_decref(jb);
    CHECK(!take(c));
    CHECK_JSON_FREE(take(v1), "{'A': {'" U1 "': {'new': {'i': 2},"
                              "                   'old': {'i': 1}}}}");
    CHECK(!ovsdb_monitor_has_update(d));

    /* 'a' takes, then another commit: 'b' must see both changes. */
    EXEC(db, UPDATE_A(U1, "{'i': 3}"));
    CHECK_JSON_FREE(take(a), "{'A': {'" U1 "': {'modify': {'i': 3}}}}");
    EXEC(db, UPDATE_A(U2, "{'i': 4}"));
    CHECK_JSON_FREE(take(a), "{'A': {'" U2 "': {'modify': {'i': 4}}}}");
    CHECK_JSON_FREE(take(b), "{'A': {'" U1 "': {'modify': {'i': 3}},"
                             "       '" U2 "': {'modify': {'i': 4}}}}");
    jc = take(c);
    CHECK_JSON(jc, "{'A': {'" U2 "': {'modify': {'i': 4}}}}");
    json_decref(jc);

    ovsdb_monitor_destroy(b);
    EXEC(db, UPDATE_A(U2, "{'i': 9}"));
    CHECK_JSON_FREE(take(a), "{'A': {'" U2 "': {'modify': {'i': 9}}}}");
    ovsdb_monitor_destroy(a);
    ovsdb_monitor_destroy(c);
    CHECK_JSON_FREE(take(v1), "{'A': {'" U1 "': {'new': {'i': 3},"
                              "                   'old': {'i': 2}},"
                              "       '" U2 "': {'new': {'i': 9},"
                              "                   'old': {'i': 5}}}}");
    ovsdb_monitor_destroy(v1);
    ovsdb_monitor_destroy(d);
    /* The database works without monitors. */
    EXEC(db, UPDATE_A(U2, "{'i': 10}"));
    ovsdb_destroy(db);
}

OSW_TEST(many_monitors_share_one_update)
{
    enum { N = 200 };
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *ms[N];
    json_t *first = NULL;

    insert_two_rows(db);
    for (int i = 0; i < N; i++) {
        ms[i] = MONITOR(db, i % 2 ? OVSDB_MONITOR_V2 : OVSDB_MONITOR_V3,
                        "{'A': {'columns': ['i', 's']}}");
        json_decref(ovsdb_monitor_get_initial(ms[i]));
    }
    EXEC(db, UPDATE_A(U1, "{'s': 'y'}"));
    EXEC(db, UPDATE_A(U2, "{'s': 'z'}"));
    for (int i = 0; i < N; i++) {
        json_t *u = take(ms[i]);

        if (!first) {
            first = u;
            CHECK_JSON(u, "{'A': {'" U1 "': {'modify': {'s': 'y'}},"
                          "       '" U2 "': {'modify': {'s': 'z'}}}}");
        } else {
            CHECK(u == first);
            json_decref(u);
        }
    }
    json_decref(first);
    for (int i = 0; i < N; i++) {
        CHECK(!ovsdb_monitor_has_update(ms[i]));
        ovsdb_monitor_destroy(ms[i]);
    }
    ovsdb_destroy(db);
}

OSW_TEST(late_monitor_does_not_see_earlier_changes)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *a, *b;

    insert_two_rows(db);
    a = MONITOR(db, OVSDB_MONITOR_V2, "{'A': {'columns': ['s']}}");
    json_decref(ovsdb_monitor_get_initial(a));
    EXEC(db, UPDATE_A(U1, "{'s': 'y'}"));
    b = MONITOR(db, OVSDB_MONITOR_V2, "{'A': {'columns': ['s']}}");
    CHECK(!ovsdb_monitor_has_update(b));
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(b),
                    "{'A': {'" U1 "': {'initial': {'s': 'y'}},"
                    "       '" U2 "': {'initial': {}}}}");
    EXEC(db, UPDATE_A(U2, "{'s': 'z'}"));
    CHECK_JSON_FREE(take(b), "{'A': {'" U2 "': {'modify': {'s': 'z'}}}}");
    CHECK_JSON_FREE(take(a), "{'A': {'" U1 "': {'modify': {'s': 'y'}},"
                             "       '" U2 "': {'modify': {'s': 'z'}}}}");
    ovsdb_monitor_destroy(a);
    ovsdb_monitor_destroy(b);
    ovsdb_destroy(db);
}

OSW_TEST(tracked_columns_follow_conditions)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *plain, *cond;

    insert_two_rows(db);
    plain = MONITOR(db, OVSDB_MONITOR_V2, "{'A': {'columns': ['s']}}");
    cond = MONITOR(db, OVSDB_MONITOR_V2,
                   "{'A': {'columns': ['s'], 'where': [['i', '>', 2]]}}");
    json_decref(ovsdb_monitor_get_initial(plain));
    json_decref(ovsdb_monitor_get_initial(cond));

    /* 'i' is watched for the sake of 'cond'. */
    EXEC(db, UPDATE_A(U1, "{'i': 3}"));
    CHECK(ovsdb_monitor_has_update(plain));
    CHECK(!take(plain));
    CHECK_JSON_FREE(take(cond), "{'A': {'" U1 "': {'insert': {'s': 'x'}}}}");

    /* A condition on another column after monitor_cond_change. */
    CHECK_JSON_FREE(COND_CHANGE(cond, "{'A': [{'where':"
                                      " [['eph', '==', 1]]}]}"),
                    "{'A': {'" U1 "': {'delete': null},"
                    "       '" U2 "': {'delete': null}}}");
    EXEC(db, UPDATE_A(U1, "{'i': 4}"));
    CHECK(!ovsdb_monitor_has_update(plain));
    CHECK(!ovsdb_monitor_has_update(cond));
    EXEC(db, UPDATE_A(U2, "{'eph': 1}"));
    CHECK_JSON_FREE(take(cond), "{'A': {'" U2 "': {'insert': {}}}}");
    CHECK(!take(plain));

    /* Without 'cond', neither is watched any more. */
    ovsdb_monitor_destroy(cond);
    EXEC(db, UPDATE_A(U2, "{'eph': 2, 'i': 9}"));
    CHECK(!ovsdb_monitor_has_update(plain));
    ovsdb_monitor_destroy(plain);
    ovsdb_destroy(db);
}

OSW_TEST(database_destroyed_first)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m1, *m2;
    struct ovsdb_txn_history *h;
    json_t *update = NULL;
    struct ovsdb_error *error;
    json_t *req;

    insert_two_rows(db);
    h = ovsdb_txn_history_create(db, 10);
    m1 = MONITOR(db, OVSDB_MONITOR_V2,
                 "{'A': {'where': [['i', '==', 1]]}}");
    m2 = MONITOR(db, OVSDB_MONITOR_V1, "{'A': {}}");
    EXEC(db, UPDATE_A(U1, "{'s': 'q'}"));
    CHECK(ovsdb_monitor_has_update(m1));
    ovsdb_destroy(db);

    CHECK(!ovsdb_monitor_get_db(m1));
    CHECK(!ovsdb_monitor_has_update(m1));
    CHECK(!take(m1));
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m2), "{}");
    req = parse_json("{'A': [{'where': []}]}");
    error = ovsdb_monitor_cond_change(m1, req, &update);
    CHECK(error != NULL);
    CHECK(!update);
    ovsdb_error_destroy(error);
    json_decref(req);
    CHECK_EQ(ovsdb_txn_history_count(h), 0);
    ovsdb_monitor_destroy(m1);
    ovsdb_monitor_destroy(m2);
    ovsdb_txn_history_destroy(h);
}

/* Conditions. */

OSW_TEST(conditions_rows_move_in_and_out)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m;

    insert_two_rows(db);
    m = MONITOR(db, OVSDB_MONITOR_V2,
                "{'A': {" COLS ", 'where': [['i', '<', 3]]}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m),
        "{'A': {'" U1 "': {'initial': {'i': 1,"
        "  'map': ['map', [['k', 'v'], ['k2', 'v2']]],"
        "  's': 'x', 'set': ['set', [1, 2]]}}}}");

    EXEC(db, UPDATE_A(U1, "{'i': 10}"));
    CHECK_JSON_FREE(take(m), "{'A': {'" U1 "': {'delete': null}}}");
    EXEC(db, UPDATE_A(U2, "{'i': 2}"));
    CHECK_JSON_FREE(take(m), "{'A': {'" U2 "': {'insert': {'i': 2}}}}");
    EXEC(db, UPDATE_A(U2, "{'s': 'q'}"));
    CHECK_JSON_FREE(take(m), "{'A': {'" U2 "': {'modify': {'s': 'q'}}}}");
    /* A row outside the condition changes. */
    EXEC(db, UPDATE_A(U1, "{'s': 'z'}"));
    CHECK(!take(m));
    /* Inserted outside, inserted inside, deleted outside. */
    EXEC(db, INSERT_A(U3, "{'i': 30}"));
    EXEC(db, INSERT_A(U4, "{'i': 0}"));
    CHECK_JSON_FREE(take(m), "{'A': {'" U4 "': {'insert': {}}}}");
    EXEC(db, DELETE_A(U3));
    CHECK(!take(m));
    /* In and out again within one window: nothing. */
    EXEC(db, UPDATE_A(U1, "{'i': 1}"));
    EXEC(db, UPDATE_A(U1, "{'i': 11}"));
    CHECK(!take(m));
    ovsdb_monitor_destroy(m);
    ovsdb_destroy(db);
}

OSW_TEST(conditions_on_unmonitored_columns)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m;

    insert_two_rows(db);
    m = MONITOR(db, OVSDB_MONITOR_V2,
                "{'A': {'columns': ['s'], 'where': [['i', '==', 1]]}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m),
                    "{'A': {'" U1 "': {'initial': {'s': 'x'}}}}");
    EXEC(db, UPDATE_A(U2, "{'i': 1}"));
    CHECK_JSON_FREE(take(m), "{'A': {'" U2 "': {'insert': {}}}}");
    EXEC(db, UPDATE_A(U1, "{'i': 2}"));
    CHECK_JSON_FREE(take(m), "{'A': {'" U1 "': {'delete': null}}}");
    /* An untracked column does not make entries. */
    EXEC(db, UPDATE_A(U2, "{'eph': 1}"));
    CHECK(!ovsdb_monitor_has_update(m));
    ovsdb_monitor_destroy(m);
    ovsdb_destroy(db);
}

OSW_TEST(conditions_or_true_false)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m1, *m2, *m3, *m4;

    insert_two_rows(db);
    EXEC(db, INSERT_A(U3, "{'i': 3}"));
    m1 = MONITOR(db, OVSDB_MONITOR_V2,
                 "{'A': {'columns': ['i'],"
                 "       'where': [['i', '==', 1], ['i', '==', 5]]}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m1),
                    "{'A': {'" U1 "': {'initial': {'i': 1}},"
                    "       '" U2 "': {'initial': {'i': 5}}}}");
    m2 = MONITOR(db, OVSDB_MONITOR_V2,
                 "{'A': {'columns': ['i'], 'where': [false]}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m2), "{}");
    m3 = MONITOR(db, OVSDB_MONITOR_V2,
                 "{'A': {'columns': ['i'],"
                 "       'where': [true, ['i', '==', 1]]}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m3),
                    "{'A': {'" U1 "': {'initial': {'i': 1}},"
                    "       '" U2 "': {'initial': {'i': 5}},"
                    "       '" U3 "': {'initial': {'i': 3}}}}");
    /* Two requests' conditions are ORed too. */
    m4 = MONITOR(db, OVSDB_MONITOR_V2,
                 "{'A': [{'columns': ['s'], 'where': [['i', '==', 1]]},"
                 "       {'columns': ['i'], 'where': [['i', '==', 3]]}]}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m4),
                    "{'A': {'" U1 "': {'initial': {'i': 1, 's': 'x'}},"
                    "       '" U3 "': {'initial': {'i': 3}}}}");

    EXEC(db, INSERT_A(U4, "{'i': 1}"));
    CHECK_JSON_FREE(take(m1), "{'A': {'" U4 "': {'insert': {'i': 1}}}}");
    CHECK(!take(m2));
    CHECK_JSON_FREE(take(m3), "{'A': {'" U4 "': {'insert': {'i': 1}}}}");
    CHECK_JSON_FREE(take(m4), "{'A': {'" U4 "': {'insert': {'i': 1}}}}");
    ovsdb_monitor_destroy(m1);
    ovsdb_monitor_destroy(m2);
    ovsdb_monitor_destroy(m3);
    ovsdb_monitor_destroy(m4);
    ovsdb_destroy(db);
}

/* monitor_cond_change. */

OSW_TEST(cond_change_basic)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m;

    insert_two_rows(db);
    m = MONITOR(db, OVSDB_MONITOR_V2,
                "{'A': {" COLS ", 'where': [['i', '<', 3]]}, 'B': {}}");
    json_decref(ovsdb_monitor_get_initial(m));

    CHECK_JSON_FREE(COND_CHANGE(m, "{'A': [{'where': [['i', '>', 3]]}]}"),
                    "{'A': {'" U1 "': {'delete': null},"
                    "       '" U2 "': {'insert': {'i': 5}}}}");
    CHECK(!ovsdb_monitor_has_update(m));
    /* Same condition again: nothing. */
    CHECK_JSON_FREE(COND_CHANGE(m, "{'A': [{'where': [['i', '>', 3]]}]}"),
                    NULL);
    /* The new condition is in force. */
    EXEC(db, UPDATE_A(U2, "{'i': 7}"));
    CHECK_JSON_FREE(take(m), "{'A': {'" U2 "': {'modify': {'i': 7}}}}");
    EXEC(db, UPDATE_A(U1, "{'i': 4}"));
    CHECK_JSON_FREE(take(m),
        "{'A': {'" U1 "': {'insert': {'i': 4,"
        "  'map': ['map', [['k', 'v'], ['k2', 'v2']]],"
        "  's': 'x', 'set': ['set', [1, 2]]}}}}");
    /* Back to every row, with an empty "where" and with none. */
    CHECK_JSON_FREE(COND_CHANGE(m, "{'A': [{'where': [false]}]}"),
                    "{'A': {'" U1 "': {'delete': null},"
                    "       '" U2 "': {'delete': null}}}");
    CHECK_JSON_FREE(COND_CHANGE(m, "{'A': [{}]}"),
                    "{'A': {'" U1 "': {'insert': {'i': 4,"
                    "  'map': ['map', [['k', 'v'], ['k2', 'v2']]],"
                    "  's': 'x', 'set': ['set', [1, 2]]}},"
                    "       '" U2 "': {'insert': {'i': 7}}}}");
    CHECK_JSON_FREE(COND_CHANGE(m, "{'A': [{'where': [['i', '==', 7]]},"
                                   "       {'where': [['i', '==', 4]]}]}"),
                    NULL);
    CHECK_JSON_FREE(COND_CHANGE(m, "{'A': []}"), NULL);
    CHECK_JSON_FREE(COND_CHANGE(m, "{}"), NULL);
    ovsdb_monitor_destroy(m);
    ovsdb_destroy(db);
}

OSW_TEST(cond_change_with_pending_changes)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m;

    insert_two_rows(db);
    EXEC(db, "[{'op': 'insert', 'table': 'B', 'uuid': '" U6 "',"
             "  'row': {'name': 'b'}}]");
    m = MONITOR(db, OVSDB_MONITOR_V3,
                "{'A': {'columns': ['i', 's'], 'where': [['i', '<', 3]]},"
                " 'B': {'columns': ['name']}}");
    json_decref(ovsdb_monitor_get_initial(m));

    /* Pending: U1 modified (matches the old condition, not the new one),
     * U2 moved into the old condition (the client does not know it) and
     * matches the new one, U3 inserted and matching both, a change in
     * table B whose condition does not change. */
    EXEC(db, UPDATE_A(U1, "{'s': 'z'}"));
    EXEC(db, UPDATE_A(U2, "{'i': 2}"));
    EXEC(db, INSERT_A(U3, "{'i': 2, 's': 'n'}"));
    EXEC(db, "[{'op': 'update', 'table': 'B', 'where': [],"
             "  'row': {'name': 'c'}}]");
    CHECK_JSON_FREE(COND_CHANGE(m, "{'A': [{'where': [['i', '>=', 2]]}]}"),
                    "{'A': {'" U1 "': {'delete': null},"
                    "       '" U2 "': {'insert': {'i': 2}},"
                    "       '" U3 "': {'insert': {'i': 2, 's': 'n'}}},"
                    " 'B': {'" U6 "': {'modify': {'name': 'c'}}}}");
    CHECK(!ovsdb_monitor_has_update(m));
    CHECK(!take(m));

    /* A row deleted while pending, matching the old condition only. */
    EXEC(db, DELETE_A(U3));
    EXEC(db, UPDATE_A(U1, "{'i': 3}"));
    CHECK_JSON_FREE(COND_CHANGE(m, "{'A': [{'where': [['i', '==', 3]]}]}"),
                    "{'A': {'" U2 "': {'delete': null},"
                    "       '" U3 "': {'delete': null},"
                    "       '" U1 "': {'insert': {'i': 3, 's': 'z'}}}}");
    ovsdb_monitor_destroy(m);
    ovsdb_destroy(db);
}

OSW_TEST(cond_change_errors)
{
    struct ovsdb *db = make_db();
    struct ovsdb_monitor *m, *v1;
    json_t *update;

    insert_two_rows(db);
    m = MONITOR(db, OVSDB_MONITOR_V2,
                "{'A': {'columns': ['i'], 'where': [['i', '==', 1]]}}");
    json_decref(ovsdb_monitor_get_initial(m));

    COND_CHANGE_ERROR(m, "[]", "syntax error", NULL);
    COND_CHANGE_ERROR(m, "{'Z': [{}]}", "syntax error", "no table named Z");
    COND_CHANGE_ERROR(m, "{'B': [{'where': []}]}", "syntax error",
                      "no table named B in monitor session");
    COND_CHANGE_ERROR(m, "{'A': {'where': []}}", "syntax error",
                      "table A no monitor-cond-change JSON array");
    COND_CHANGE_ERROR(m, "{'A': [{'columns': ['i']}]}", "syntax error",
                      "changing columns is unsupported");
    COND_CHANGE_ERROR(m, "{'A': [{'zz': 1}]}", "syntax error", NULL);
    COND_CHANGE_ERROR(m, "{'A': [{'where': 1}]}", "syntax error", NULL);
    COND_CHANGE_ERROR(m, "{'A': [{'where': [['q', '==', 1]]}]}",
                      "unknown column", "No column q in table A.");
    COND_CHANGE_ERROR(m, "{'A': [{'where': [['i', '==', 2]]},"
                         "       {'where': [['i', '==', 'x']]}]}",
                      "syntax error", NULL);

    /* The monitor is unchanged. */
    EXEC(db, UPDATE_A(U2, "{'i': 6}"));
    CHECK(!take(m));
    EXEC(db, UPDATE_A(U1, "{'s': 'q'}"));
    CHECK(!take(m));
    EXEC(db, UPDATE_A(U1, "{'i': 6}"));
    CHECK_JSON_FREE(take(m), "{'A': {'" U1 "': {'delete': null}}}");

    /* A "monitor" (V1) accepts new conditions and ignores them, as
     * ovsdb-server does. */
    v1 = MONITOR(db, OVSDB_MONITOR_V1, "{'A': {'columns': ['i']}}");
    json_decref(ovsdb_monitor_get_initial(v1));
    update = COND_CHANGE(v1, "{'A': [{'where': [false]}]}");
    CHECK(!update);
    EXEC(db, UPDATE_A(U2, "{'i': 7}"));
    CHECK_JSON_FREE(take(v1), "{'A': {'" U2 "': {'new': {'i': 7},"
                              "                   'old': {'i': 6}}}}");
    COND_CHANGE_ERROR(v1, "{'B': [{}]}", "syntax error", NULL);
    ovsdb_monitor_destroy(m);
    ovsdb_monitor_destroy(v1);
    ovsdb_destroy(db);
}

/* Errors of monitor requests, as ovsdb-server reports them. */

OSW_TEST(request_errors)
{
    struct ovsdb *db = make_db();

    MONITOR_ERROR(db, OVSDB_MONITOR_V1, "[]", "syntax error",
                  "monitor-requests must be object");
    MONITOR_ERROR(db, OVSDB_MONITOR_V2, "{'Z': {}}", "syntax error",
                  "no table named Z");
    MONITOR_ERROR(db, OVSDB_MONITOR_V1, "{'A': {'columns': ['i', 'i']}}",
                  "syntax error", "column i mentioned more than once");
    MONITOR_ERROR(db, OVSDB_MONITOR_V1,
                  "{'A': [{'columns': ['i']}, {'columns': ['i']}]}",
                  "syntax error", "column i mentioned more than once");
    MONITOR_ERROR(db, OVSDB_MONITOR_V2, "{'A': [{}, {'columns': ['s']}]}",
                  "syntax error", "column s mentioned more than once");
    MONITOR_ERROR(db, OVSDB_MONITOR_V1, "{'A': {'columns': ['zz']}}",
                  "syntax error", "zz is not a valid column name");
    MONITOR_ERROR(db, OVSDB_MONITOR_V1, "{'A': {'columns': [1]}}",
                  "syntax error", "array of column names expected");
    MONITOR_ERROR(db, OVSDB_MONITOR_V1, "{'A': {'columns': 'i'}}",
                  "syntax error", NULL);
    MONITOR_ERROR(db, OVSDB_MONITOR_V1, "{'A': {'select': {'foo': true}}}",
                  "syntax error", NULL);
    MONITOR_ERROR(db, OVSDB_MONITOR_V1, "{'A': {'select': {'initial': 1}}}",
                  "syntax error", NULL);
    MONITOR_ERROR(db, OVSDB_MONITOR_V1, "{'A': {'select': []}}",
                  "syntax error", NULL);
    MONITOR_ERROR(db, OVSDB_MONITOR_V1, "{'A': {'where': []}}",
                  "syntax error", NULL);
    MONITOR_ERROR(db, OVSDB_MONITOR_V2, "{'A': {'zz': 1}}",
                  "syntax error", NULL);
    MONITOR_ERROR(db, OVSDB_MONITOR_V2, "{'A': 5}", "syntax error", NULL);
    MONITOR_ERROR(db, OVSDB_MONITOR_V2, "{'A': [5]}", "syntax error", NULL);
    MONITOR_ERROR(db, OVSDB_MONITOR_V2, "{'A': {'where': 5}}",
                  "syntax error", NULL);
    MONITOR_ERROR(db, OVSDB_MONITOR_V2,
                  "{'A': {'where': [['q', '==', 1]]}}",
                  "unknown column", "No column q in table A.");
    MONITOR_ERROR(db, OVSDB_MONITOR_V3,
                  "{'A': {'where': [['i', '==', 'x']]}}",
                  "syntax error", NULL);
    MONITOR_ERROR(db, OVSDB_MONITOR_V3,
                  "{'B': {}, 'A': {'where': [['i', 'like', 1]]}}",
                  "unknown function", NULL);
    /* Nothing was left attached to the database. */
    CHECK(osw_list_is_empty(&db->hooks));
    ovsdb_destroy(db);
}

OSW_TEST(update_methods)
{
    CHECK_STREQ(ovsdb_monitor_update_method(OVSDB_MONITOR_V1), "update");
    CHECK_STREQ(ovsdb_monitor_update_method(OVSDB_MONITOR_V2), "update2");
    CHECK_STREQ(ovsdb_monitor_update_method(OVSDB_MONITOR_V3), "update3");
}

/* monitor_cond_since and the transaction history. */

static void
last_txnid(const struct ovsdb *db, struct uuid *id)
{
    ovsdb_monitor_db_last_txnid(db, id);
}

/* A history that keeps 'max' transactions whatever their size (the tests'
 * databases are so small that the size bound would keep only one). */
static struct ovsdb_txn_history *
history_create(struct ovsdb *db, size_t max)
{
    struct ovsdb_txn_history *h = ovsdb_txn_history_create(db, max);

    ovsdb_txn_history_set_bounded_by_db(h, false);
    return h;
}

OSW_TEST(since_found_and_not_found)
{
    struct ovsdb *db = make_db();
    struct ovsdb_txn_history *h = history_create(db, 100);
    struct ovsdb_monitor *m;
    struct uuid zero, id2, id5, cur, unknown;
    bool found;

    uuid_zero(&zero);
    last_txnid(db, &cur);
    CHECK(uuid_is_zero(&cur));

    insert_two_rows(db);                                /* Txn 1. */
    EXEC(db, INSERT_A(U3, "{'i': 3}"));                 /* Txn 2. */
    last_txnid(db, &id2);
    CHECK(!uuid_is_zero(&id2));
    CHECK(uuid_equals(&id2, &db->last_txnid));
    EXEC(db, UPDATE_A(U1, "{'s': 'y'}"));               /* Txn 3. */
    EXEC(db, DELETE_A(U2));                             /* Txn 4. */
    EXEC(db, INSERT_A(U4, "{'i': 4, 's': 'four'}"));    /* Txn 5. */
    EXEC(db, UPDATE_A(U4, "{'eph': 4}"));               /* Txn 6. */
    EXEC(db, UPDATE_A(U3, "{'eph': 4}"));               /* Txn 7. */
    last_txnid(db, &id5);
    CHECK_EQ(ovsdb_txn_history_count(h), 7);

    m = MONITOR(db, OVSDB_MONITOR_V3, "{'A': {'columns': ['i', 's']}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial_since(m, h, &id2, &found,
                                                    &cur),
                    "{'A': {'" U1 "': {'modify': {'s': 'y'}},"
                    "       '" U2 "': {'delete': null},"
                    "       '" U4 "': {'insert': {'i': 4, 's': 'four'}}}}");
    CHECK(found);
    CHECK(uuid_equals(&cur, &db->last_txnid));
    ovsdb_monitor_destroy(m);

    /* Since the latest transaction: nothing. */
    m = MONITOR(db, OVSDB_MONITOR_V3, "{'A': {'columns': ['i', 's']}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial_since(m, h, &id5, &found,
                                                    &cur), "{}");
    CHECK(found);
    ovsdb_monitor_destroy(m);

    /* Unknown, zero, or no history: everything. */
    uuid_generate(&unknown);
    m = MONITOR(db, OVSDB_MONITOR_V3, "{'A': {'columns': ['i']}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial_since(m, h, &unknown, &found,
                                                    &cur),
                    "{'A': {'" U1 "': {'initial': {'i': 1}},"
                    "       '" U3 "': {'initial': {'i': 3}},"
                    "       '" U4 "': {'initial': {'i': 4}}}}");
    CHECK(!found);
    CHECK(uuid_equals(&cur, &db->last_txnid));
    CHECK_JSON_FREE(ovsdb_monitor_get_initial_since(m, h, &zero, &found,
                                                    &cur),
                    "{'A': {'" U1 "': {'initial': {'i': 1}},"
                    "       '" U3 "': {'initial': {'i': 3}},"
                    "       '" U4 "': {'initial': {'i': 4}}}}");
    CHECK(!found);
    CHECK_JSON_FREE(ovsdb_monitor_get_initial_since(m, NULL, &id2, &found,
                                                    &cur),
                    "{'A': {'" U1 "': {'initial': {'i': 1}},"
                    "       '" U3 "': {'initial': {'i': 3}},"
                    "       '" U4 "': {'initial': {'i': 4}}}}");
    CHECK(!found);

    /* Updates carry the last transaction id. */
    EXEC(db, UPDATE_A(U1, "{'i': 11}"));
    {
        struct uuid txnid;
        json_t *u = ovsdb_monitor_take_update(m, &txnid);

        CHECK_JSON(u, "{'A': {'" U1 "': {'modify': {'i': 11}}}}");
        CHECK(uuid_equals(&txnid, &db->last_txnid));
        CHECK(!uuid_equals(&txnid, &id5));
        json_decref(u);
        CHECK(!ovsdb_monitor_take_update(m, &txnid));
        CHECK(uuid_equals(&txnid, &db->last_txnid));
    }
    ovsdb_monitor_destroy(m);
    ovsdb_txn_history_destroy(h);
    ovsdb_destroy(db);
}

OSW_TEST(since_with_conditions)
{
    struct ovsdb *db = make_db();
    struct ovsdb_txn_history *h = history_create(db, 100);
    struct ovsdb_monitor *m;
    struct uuid id, cur;
    bool found;

    insert_two_rows(db);
    last_txnid(db, &id);
    EXEC(db, UPDATE_A(U1, "{'i': 10}"));
    EXEC(db, UPDATE_A(U2, "{'i': 2, 's': 'w'}"));
    EXEC(db, INSERT_A(U3, "{'i': 30}"));
    m = MONITOR(db, OVSDB_MONITOR_V3,
                "{'A': {'columns': ['i', 's'], 'where': [['i', '<', 3]]}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial_since(m, h, &id, &found, &cur),
                    "{'A': {'" U1 "': {'delete': null},"
                    "       '" U2 "': {'insert': {'i': 2, 's': 'w'}}}}");
    CHECK(found);
    CHECK(!ovsdb_monitor_has_update(m));
    EXEC(db, UPDATE_A(U3, "{'i': 1}"));
    CHECK_JSON_FREE(take(m), "{'A': {'" U3 "': {'insert': {'i': 1}}}}");
    ovsdb_monitor_destroy(m);
    ovsdb_txn_history_destroy(h);
    ovsdb_destroy(db);
}

OSW_TEST(since_history_overflow)
{
    struct ovsdb *db = make_db();
    struct ovsdb_txn_history *h = history_create(db, 3);
    struct ovsdb_monitor *m;
    struct uuid ids[6], cur;
    bool found;

    insert_two_rows(db);
    last_txnid(db, &ids[0]);
    for (int i = 1; i < 6; i++) {
        char *ops = xasprintf(UPDATE_A(U1, "{'i': %d}"), 100 + i);

        EXEC(db, ops);
        free(ops);
        last_txnid(db, &ids[i]);
    }
    CHECK_EQ(ovsdb_txn_history_count(h), 3);
    CHECK(!ovsdb_txn_history_find(h, &ids[2]));
    CHECK(ovsdb_txn_history_find(h, &ids[3]));

    m = MONITOR(db, OVSDB_MONITOR_V3, "{'A': {'columns': ['i']}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial_since(m, h, &ids[0], &found,
                                                    &cur),
                    "{'A': {'" U1 "': {'initial': {'i': 105}},"
                    "       '" U2 "': {'initial': {'i': 5}}}}");
    CHECK(!found);
    CHECK_JSON_FREE(ovsdb_monitor_get_initial_since(m, h, &ids[3], &found,
                                                    &cur),
                    "{'A': {'" U1 "': {'modify': {'i': 105}}}}");
    CHECK(found);
    CHECK(uuid_equals(&cur, &ids[5]));
    ovsdb_monitor_destroy(m);
    ovsdb_txn_history_destroy(h);
    ovsdb_destroy(db);
}

/* A lazy history records nothing until activated; then the transaction
 * that was last at activation is findable (with no changes), and what
 * follows it is answered from the history. */
OSW_TEST(history_lazy_activation)
{
    struct ovsdb *db = make_db();
    struct ovsdb_txn_history *h = ovsdb_txn_history_create_lazy(db, 100);
    struct ovsdb_monitor *m;
    struct uuid id1, cur;
    bool found;

    ovsdb_txn_history_set_bounded_by_db(h, false);
    ovsdb_txn_history_activate(h);          /* No transaction yet. */
    CHECK_EQ(ovsdb_txn_history_count(h), 0);
    ovsdb_txn_history_destroy(h);
    h = ovsdb_txn_history_create_lazy(db, 100);
    ovsdb_txn_history_set_bounded_by_db(h, false);

    insert_two_rows(db);
    EXEC(db, UPDATE_A(U1, "{'s': 'y'}"));
    CHECK_EQ(ovsdb_txn_history_count(h), 0);
    last_txnid(db, &id1);

    /* Inactive: like no history at all. */
    m = MONITOR(db, OVSDB_MONITOR_V3, "{'A': {'columns': ['i']}}");
    json_decref(ovsdb_monitor_get_initial_since(m, h, &id1, &found, &cur));
    CHECK(!found);
    ovsdb_monitor_destroy(m);

    ovsdb_txn_history_activate(h);
    CHECK_EQ(ovsdb_txn_history_count(h), 1);
    const struct ovsdb_txn_history_entry *e = ovsdb_txn_history_find(h, &id1);
    CHECK(e != NULL);
    CHECK_EQ(e->n_changes, 0);
    ovsdb_txn_history_activate(h);          /* Again: no effect. */
    CHECK_EQ(ovsdb_txn_history_count(h), 1);

    EXEC(db, UPDATE_A(U2, "{'i': 42}"));
    CHECK_EQ(ovsdb_txn_history_count(h), 2);
    m = MONITOR(db, OVSDB_MONITOR_V3, "{'A': {'columns': ['i']}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial_since(m, h, &id1, &found,
                                                    &cur),
                    "{'A': {'" U2 "': {'modify': {'i': 42}}}}");
    CHECK(found);
    CHECK(uuid_equals(&cur, &db->last_txnid));
    ovsdb_monitor_destroy(m);
    ovsdb_txn_history_destroy(h);
    ovsdb_destroy(db);
}

OSW_TEST(history_records_changes)
{
    struct ovsdb *db = make_db();
    struct ovsdb_txn_history *h = history_create(db, 0);
    const struct ovsdb_txn_history_entry *e, *first;
    struct uuid id1, id2, u1;
    unsigned int s_idx;
    int n;

    CHECK(!ovsdb_txn_history_first(h));
    CHECK(!ovsdb_txn_history_last(h));
    insert_two_rows(db);
    last_txnid(db, &id1);
    /* max_txns 0 means 1. */
    CHECK_EQ(ovsdb_txn_history_count(h), 1);
    ovsdb_txn_history_set_max(h, 10);
    EXEC(db, UPDATE_A(U1, "{'s': 'y'}"));
    last_txnid(db, &id2);
    CHECK_EQ(ovsdb_txn_history_count(h), 2);

    first = ovsdb_txn_history_first(h);
    CHECK(first == ovsdb_txn_history_find(h, &id1));
    CHECK(uuid_equals(&first->txnid, &id1));
    CHECK_EQ(first->n_changes, 2);
    for (size_t i = 0; i < first->n_changes; i++) {
        CHECK(!first->changes[i].old);
        CHECK(first->changes[i].new);
        CHECK(first->changes[i].table == ovsdb_get_table(db, "A"));
    }
    e = ovsdb_txn_history_next(h, first);
    CHECK(e == ovsdb_txn_history_last(h));
    CHECK(uuid_equals(&e->txnid, &id2));
    CHECK(!ovsdb_txn_history_next(h, e));
    CHECK_EQ(e->n_changes, 1);
    uuid_from_string(&u1, U1);
    CHECK(uuid_equals(&e->changes[0].uuid, &u1));
    s_idx = ovsdb_table_schema_find_column(
        ovsdb_get_table(db, "A")->schema, "s")->index;
    CHECK_STREQ(e->changes[0].old->fields[s_idx].keys[0].string, "x");
    CHECK_STREQ(e->changes[0].new->fields[s_idx].keys[0].string, "y");

    n = 0;
    OVSDB_TXN_HISTORY_FOR_EACH_AFTER (e, &id1, h) {
        CHECK(uuid_equals(&e->txnid, &id2));
        n++;
    }
    CHECK_EQ(n, 1);
    n = 0;
    OVSDB_TXN_HISTORY_FOR_EACH_AFTER (e, &id2, h) {
        n++;
    }
    CHECK_EQ(n, 0);
    ovsdb_txn_history_set_max(h, 1);
    CHECK_EQ(ovsdb_txn_history_count(h), 1);
    CHECK(!ovsdb_txn_history_find(h, &id1));
    ovsdb_txn_history_destroy(h);
    ovsdb_destroy(db);
}

OSW_TEST(history_bounded_by_db_size)
{
    struct ovsdb *db = make_db();
    struct ovsdb_txn_history *h;
    size_t db_atoms;

    insert_two_rows(db);
    for (int i = 0; i < 20; i++) {
        char *ops = xasprintf(
            INSERT_A("cccccccc-0000-0000-0000-0000000000%02d", "{'i': %d}"),
            i, i);

        EXEC(db, ops);
        free(ops);
    }
    h = ovsdb_txn_history_create(db, 100);
    db_atoms = ovsdb_txn_history_db_atoms(h);
    /* U1: _uuid, _version, i, s, 2 in set, 2 pairs in map, eph; U2 and
     * the others: _uuid, _version, i, s, eph. */
    CHECK_EQ(db_atoms, 11 + 21 * 5);
    EXEC(db, UPDATE_A(U2, "{'s': 'y'}"));
    CHECK_EQ(ovsdb_txn_history_db_atoms(h), db_atoms);
    CHECK_EQ(ovsdb_txn_history_n_atoms(h), 10);

    /* Each change of U2 holds 10 atoms: at most 11 fit. */
    for (int i = 0; i < 30; i++) {
        char *ops = xasprintf(UPDATE_A(U2, "{'i': %d}"), i + 50);

        EXEC(db, ops);
        free(ops);
    }
    CHECK_EQ(ovsdb_txn_history_count(h), 11);
    CHECK(ovsdb_txn_history_n_atoms(h) <= ovsdb_txn_history_db_atoms(h));

    /* Deleting everything leaves just the last transaction. */
    EXEC(db, "[{'op': 'delete', 'table': 'A', 'where': []}]");
    CHECK_EQ(ovsdb_txn_history_db_atoms(h), 0);
    CHECK_EQ(ovsdb_txn_history_count(h), 1);

    /* Unbounded: keeps up to max_txns. */
    ovsdb_txn_history_set_bounded_by_db(h, false);
    for (int i = 0; i < 10; i++) {
        char *ops = xasprintf(INSERT_A("bbbbbbbb-0000-0000-0000-00000000000%d",
                                       "{'i': %d}"), i, i);

        EXEC(db, ops);
        free(ops);
    }
    CHECK_EQ(ovsdb_txn_history_count(h), 11);
    ovsdb_txn_history_set_bounded_by_db(h, true);
    CHECK_EQ(ovsdb_txn_history_count(h), 10);
    CHECK_EQ(ovsdb_txn_history_n_atoms(h), ovsdb_txn_history_db_atoms(h));
    ovsdb_txn_history_destroy(h);
    ovsdb_destroy(db);
}

/* The Open_vSwitch schema. */

#define OVS_U "aaaaaaaa-0000-0000-0000-0000000000f0"
#define BR0 "aaaaaaaa-0000-0000-0000-0000000000b0"
#define P0 "aaaaaaaa-0000-0000-0000-0000000000c0"
#define I0 "aaaaaaaa-0000-0000-0000-0000000000d0"
#define P1 "aaaaaaaa-0000-0000-0000-0000000000c1"
#define I1 "aaaaaaaa-0000-0000-0000-0000000000d1"

OSW_TEST(vswitch_schema)
{
    static const char req[] =
        "{'Bridge': {'columns': ['name', 'ports']},"
        " 'Port': {'columns': ['name', 'interfaces']},"
        " 'Interface': {'columns': ['name', 'ofport', 'type']}}";
    struct ovsdb *db = make_vswitch_db();
    struct ovsdb_monitor *m1, *m2;

    EXEC(db, "[{'op': 'insert', 'table': 'Open_vSwitch', 'uuid': '" OVS_U "',"
             "  'row': {'bridges': ['uuid', '" BR0 "']}},"
             " {'op': 'insert', 'table': 'Bridge', 'uuid': '" BR0 "',"
             "  'row': {'name': 'br0', 'ports': ['uuid', '" P0 "']}},"
             " {'op': 'insert', 'table': 'Port', 'uuid': '" P0 "',"
             "  'row': {'name': 'br0', 'interfaces': ['uuid', '" I0 "']}},"
             " {'op': 'insert', 'table': 'Interface', 'uuid': '" I0 "',"
             "  'row': {'name': 'br0', 'type': 'internal'}}]");
    m1 = MONITOR(db, OVSDB_MONITOR_V1, req);
    m2 = MONITOR(db, OVSDB_MONITOR_V2, req);
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m1),
        "{'Bridge': {'" BR0 "': {'new': {'name': 'br0',"
        "                        'ports': ['uuid', '" P0 "']}}},"
        " 'Port': {'" P0 "': {'new': {'name': 'br0',"
        "                     'interfaces': ['uuid', '" I0 "']}}},"
        " 'Interface': {'" I0 "': {'new': {'name': 'br0',"
        "   'ofport': ['set', []], 'type': 'internal'}}}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial(m2),
        "{'Bridge': {'" BR0 "': {'initial': {'name': 'br0',"
        "                        'ports': ['uuid', '" P0 "']}}},"
        " 'Port': {'" P0 "': {'initial': {'name': 'br0',"
        "                     'interfaces': ['uuid', '" I0 "']}}},"
        " 'Interface': {'" I0 "': {'initial': {'name': 'br0',"
        "   'type': 'internal'}}}}");

    /* Add a port. */
    EXEC(db, "[{'op': 'mutate', 'table': 'Bridge', 'where': [],"
             "  'mutations': [['ports', 'insert', ['uuid', '" P1 "']]]},"
             " {'op': 'insert', 'table': 'Port', 'uuid': '" P1 "',"
             "  'row': {'name': 'eth1', 'interfaces': ['uuid', '" I1 "']}},"
             " {'op': 'insert', 'table': 'Interface', 'uuid': '" I1 "',"
             "  'row': {'name': 'eth1'}}]");
    CHECK_JSON_FREE(take(m2),
        "{'Bridge': {'" BR0 "': {'modify': {'ports': ['uuid', '" P1 "']}}},"
        " 'Port': {'" P1 "': {'insert': {'name': 'eth1',"
        "                    'interfaces': ['uuid', '" I1 "']}}},"
        " 'Interface': {'" I1 "': {'insert': {'name': 'eth1'}}}}");
    CHECK_JSON_FREE(take(m1),
        "{'Bridge': {'" BR0 "': {'new': {'name': 'br0',"
        "     'ports': ['set', [['uuid', '" P0 "'], ['uuid', '" P1 "']]]},"
        "   'old': {'ports': ['uuid', '" P0 "']}}},"
        " 'Port': {'" P1 "': {'new': {'name': 'eth1',"
        "                     'interfaces': ['uuid', '" I1 "']}}},"
        " 'Interface': {'" I1 "': {'new': {'name': 'eth1',"
        "   'ofport': ['set', []], 'type': ''}}}}");

    /* Status written back; statistics are not monitored. */
    EXEC(db, "[{'op': 'update', 'table': 'Interface',"
             "  'where': [['name', '==', 'eth1']],"
             "  'row': {'ofport': 1,"
             "          'statistics': ['map', [['rx_packets', 5]]]}}]");
    CHECK_JSON_FREE(take(m2),
        "{'Interface': {'" I1 "': {'modify': {'ofport': 1}}}}");
    json_decref(take(m1));
    EXEC(db, "[{'op': 'update', 'table': 'Interface',"
             "  'where': [['name', '==', 'eth1']],"
             "  'row': {'statistics': ['map', [['rx_packets', 9]]]}}]");
    CHECK(!ovsdb_monitor_has_update(m2));

    /* Remove the port: the port and its interface are garbage
     * collected. */
    EXEC(db, "[{'op': 'mutate', 'table': 'Bridge', 'where': [],"
             "  'mutations': [['ports', 'delete', ['uuid', '" P1 "']]]}]");
    CHECK_JSON_FREE(take(m2),
        "{'Bridge': {'" BR0 "': {'modify': {'ports': ['uuid', '" P1 "']}}},"
        " 'Port': {'" P1 "': {'delete': null}},"
        " 'Interface': {'" I1 "': {'delete': null}}}");
    CHECK_JSON_FREE(take(m1),
        "{'Bridge': {'" BR0 "': {'new': {'name': 'br0',"
        "                        'ports': ['uuid', '" P0 "']},"
        "   'old': {'ports': ['set', [['uuid', '" P0 "'],"
        "                             ['uuid', '" P1 "']]]}}},"
        " 'Port': {'" P1 "': {'old': {'name': 'eth1',"
        "                     'interfaces': ['uuid', '" I1 "']}}},"
        " 'Interface': {'" I1 "': {'old': {'name': 'eth1',"
        "   'ofport': 1, 'type': ''}}}}");
    ovsdb_monitor_destroy(m1);
    ovsdb_monitor_destroy(m2);
    ovsdb_destroy(db);
}

OSW_TEST(vswitch_schema_conditions_and_since)
{
    struct ovsdb *db = make_vswitch_db();
    struct ovsdb_txn_history *h = history_create(db, 100);
    struct ovsdb_monitor *m;
    struct uuid id, cur;
    bool found;

    EXEC(db, "[{'op': 'insert', 'table': 'Open_vSwitch', 'uuid': '" OVS_U "',"
             "  'row': {'bridges': ['uuid', '" BR0 "']}},"
             " {'op': 'insert', 'table': 'Bridge', 'uuid': '" BR0 "',"
             "  'row': {'name': 'br0',"
             "          'ports': ['set', [['uuid', '" P0 "'],"
             "                            ['uuid', '" P1 "']]]}},"
             " {'op': 'insert', 'table': 'Port', 'uuid': '" P0 "',"
             "  'row': {'name': 'br0', 'interfaces': ['uuid', '" I0 "']}},"
             " {'op': 'insert', 'table': 'Port', 'uuid': '" P1 "',"
             "  'row': {'name': 'eth1', 'interfaces': ['uuid', '" I1 "']}},"
             " {'op': 'insert', 'table': 'Interface', 'uuid': '" I0 "',"
             "  'row': {'name': 'br0', 'type': 'internal'}},"
             " {'op': 'insert', 'table': 'Interface', 'uuid': '" I1 "',"
             "  'row': {'name': 'eth1'}}]");
    last_txnid(db, &id);
    m = MONITOR(db, OVSDB_MONITOR_V3,
                "{'Interface': {'columns': ['name', 'external_ids'],"
                "  'where': [['type', '==', 'internal']]}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial_since(m, h, &id, &found, &cur),
                    "{}");
    CHECK(found);
    EXEC(db, "[{'op': 'mutate', 'table': 'Interface', 'where': [],"
             "  'mutations': [['external_ids', 'insert',"
             "                 ['map', [['a', '1'], ['b', '2']]]]]}]");
    CHECK_JSON_FREE(take(m),
        "{'Interface': {'" I0 "': {'modify': {'external_ids':"
        "   ['map', [['a', '1'], ['b', '2']]]}}}}");
    EXEC(db, "[{'op': 'update', 'table': 'Interface', 'where': [],"
             "  'row': {'type': 'internal',"
             "          'external_ids': ['map', [['a', '3']]]}}]");
    CHECK_JSON_FREE(take(m),
        "{'Interface': {'" I0 "': {'modify': {'external_ids':"
        "                          ['map', [['a', '3'], ['b', '2']]]}},"
        "               '" I1 "': {'insert': {'name': 'eth1',"
        "   'external_ids': ['map', [['a', '3']]]}}}}");
    CHECK_JSON_FREE(COND_CHANGE(m, "{'Interface': [{'where':"
                                   " [['name', '==', 'br0']]}]}"),
                    "{'Interface': {'" I1 "': {'delete': null}}}");
    ovsdb_monitor_destroy(m);

    /* Reconnecting since the first transaction. */
    m = MONITOR(db, OVSDB_MONITOR_V3,
                "{'Interface': {'columns': ['name', 'external_ids'],"
                "  'where': [['type', '==', 'internal']]},"
                " 'Bridge': {'columns': ['name']}}");
    CHECK_JSON_FREE(ovsdb_monitor_get_initial_since(m, h, &id, &found, &cur),
        "{'Interface': {'" I0 "': {'modify': {'external_ids':"
        "                          ['map', [['a', '3']]]}},"
        "               '" I1 "': {'insert': {'name': 'eth1',"
        "   'external_ids': ['map', [['a', '3']]]}}}}");
    CHECK(found);
    CHECK(uuid_equals(&cur, &db->last_txnid));
    ovsdb_monitor_destroy(m);
    ovsdb_txn_history_destroy(h);
    ovsdb_destroy(db);
}

OSW_TEST_MAIN()
