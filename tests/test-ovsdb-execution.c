/* Tests for ovsdb/execution.c: RFC 7047 "transact" operations run against
 * small schemas and the real Open_vSwitch schema.
 *
 * Transactions and expected results are written with ' for " (converted
 * before use) to keep them readable.  As in Open vSwitch's test suite,
 * uuids in results are replaced by markers <0>, <1>, ... in order of first
 * appearance across one test, so the expected results are exactly those
 * ovsdb-server gives for the same transactions. */
#include <config.h>
#include "testlib.h"

#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "execution.h"
#include "osw/uuid.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "row.h"
#include "table.h"
#include "transaction.h"

/* Helpers. */

/* Returns a copy of 's' with every ' turned into ". */
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
    return json_dumps(json, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

/* Replaces uuids by <N> markers, numbered in order of first appearance
 * over the life of the filter. */
struct uuid_filter {
    char **uuids;
    size_t n, allocated;
};

static bool
is_uuid_at(const char *s)
{
    /* As Open vSwitch's uuidfilt: uuids chosen by a test start with
     * ffffffff and stay as they are. */
    if (!strncmp(s, "ffffffff", 8)) {
        return false;
    }
    for (int i = 0; i < UUID_LEN; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char) s[i])) {
            return false;
        }
    }
    return true;
}

static int
compare_ints(const void *a_, const void *b_)
{
    const int *a = a_, *b = b_;
    return *a < *b ? -1 : *a > *b;
}

/* Rewrites, in place, each ["set",[["uuid","<N>"],...]] of 's' with its
 * markers in increasing order, as uuidfilt does, since the order of uuids
 * in a set depends on their random values. */
static void
sort_uuid_sets(char *s)
{
    static const char head[] = "[\"set\",[";
    static const char elem[] = "[\"uuid\",\"<";

    for (char *p = strstr(s, head); p; p = strstr(p + 1, head)) {
        char *q = p + strlen(head);
        int numbers[64];
        size_t n = 0;

        while (!strncmp(q, elem, strlen(elem)) && n < ARRAY_SIZE(numbers)) {
            char *end;
            numbers[n++] = strtol(q + strlen(elem), &end, 10);
            if (strncmp(end, ">\"]", 3)) {
                n = 0;
                break;
            }
            q = end + 3;
            if (*q == ',') {
                q++;
            }
        }
        if (n < 2 || strncmp(q, "]]", 2)) {
            continue;
        }
        qsort(numbers, n, sizeof *numbers, compare_ints);

        /* Same markers, same total length: rewrite in place. */
        char *w = p + strlen(head);
        for (size_t i = 0; i < n; i++) {
            w += sprintf(w, "%s%s%d>\"]", i ? "," : "", elem, numbers[i]);
        }
        *w = ']';           /* sprintf() wrote a null terminator here. */
    }
}

static char *
filter_uuids(struct uuid_filter *f, const char *text)
{
    size_t len = strlen(text);
    char *out = xmalloc(len + 1);
    size_t n = 0;

    for (size_t i = 0; i < len; ) {
        if (len - i >= UUID_LEN && is_uuid_at(&text[i])) {
            size_t k;
            for (k = 0; k < f->n; k++) {
                if (!strncmp(f->uuids[k], &text[i], UUID_LEN)) {
                    break;
                }
            }
            if (k == f->n) {
                if (f->n >= f->allocated) {
                    f->uuids = x2nrealloc(f->uuids, &f->allocated,
                                          sizeof *f->uuids);
                }
                f->uuids[f->n++] = xmemdup0(&text[i], UUID_LEN);
            }
            char marker[32];
            int m = snprintf(marker, sizeof marker, "<%zu>", k);
            memcpy(&out[n], marker, m);
            n += m;
            i += UUID_LEN;
        } else {
            out[n++] = text[i++];
        }
    }
    out[n] = '\0';
    sort_uuid_sets(out);
    return out;
}

static void
uuid_filter_destroy(struct uuid_filter *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->uuids[i]);
    }
    free(f->uuids);
}

static struct ovsdb *
make_db(const char *schema_sq)
{
    json_t *json = parse_json(schema_sq);
    struct ovsdb_schema *schema;
    struct ovsdb_error *error = ovsdb_schema_from_json(json, &schema);

    if (error) {
        osw_test_fail(__FILE__, __LINE__, "bad schema: %s",
                      ovsdb_error_to_string_free(error));
    }
    json_decref(json);
    return ovsdb_create(schema);
}

/* Runs 'ops' (with ') on 'db' and returns the raw result. */
static json_t *
run(struct ovsdb *db, const char *ops)
{
    json_t *json = parse_json(ops);
    long long int timeout = 0;
    json_t *result;

    CHECK_EQ(ovsdb_execute(db, NULL, json, false, 0, &timeout, &result),
             OVSDB_EXEC_DONE);
    CHECK(result != NULL);
    CHECK(db->txn == NULL);
    json_decref(json);
    return result;
}

/* Runs each transaction of 'txns' (NULL-terminated, with ') on a new
 * database with schema 'schema', and compares the filtered results, one
 * line per transaction, with 'expected' (with '). */
static void
check_transactions(const char *schema, const char *const txns[],
                   const char *expected)
{
    struct ovsdb *db = make_db(schema);
    struct uuid_filter f = { NULL, 0, 0 };
    char *all = xstrdup("");
    char *want = sq(expected);

    for (size_t i = 0; txns[i]; i++) {
        json_t *result = run(db, txns[i]);
        char *text = json_text(result);
        char *filtered = filter_uuids(&f, text);
        char *joined = xasprintf("%s%s\n", all, filtered);

        free(all);
        all = joined;
        free(filtered);
        free(text);
        json_decref(result);
    }
    if (strcmp(all, want)) {
        osw_test_fail(__FILE__, __LINE__, "results differ:\n--- got:\n%s"
                      "--- expected:\n%s", all, want);
    }
    free(all);
    free(want);
    uuid_filter_destroy(&f);
    ovsdb_destroy(db);
}

/* Schemas (from Open vSwitch's test suite). */

static const char ordinal_schema[] =
    "{'name': 'ordinals',"
    " 'tables': {"
    "   'ordinals': {"
    "     'columns': {"
    "       'number': {'type': 'integer'},"
    "       'name': {'type': 'string'}},"
    "     'indexes': [['number'], ['number', 'name']]}},"
    " 'version': '5.1.3',"
    " 'cksum': '12345678 9'}";

static const char constraint_schema[] =
    "{'name': 'constraints',"
    " 'tables': {"
    "   'a': {"
    "     'columns': {"
    "       'a': {'type': 'integer'},"
    "       'a2a': {'type': {'key': {'type': 'uuid', 'refTable': 'a'},"
    "                        'min': 0, 'max': 'unlimited'}},"
    "       'a2b': {'type': {'key': {'type': 'uuid', 'refTable': 'b'},"
    "                        'min': 0, 'max': 'unlimited'}}}},"
    "   'b': {"
    "     'columns': {"
    "       'b': {'type': 'integer'},"
    "       'b2a': {'type': {'key': {'type': 'uuid', 'refTable': 'a'},"
    "                        'min': 0, 'max': 'unlimited'}},"
    "       'b2b': {'type': {'key': {'type': 'uuid', 'refTable': 'b'},"
    "                        'min': 0, 'max': 'unlimited'}},"
    "       'x': {'type': {'key': 'integer', 'min': 1, 'max': 2}}}},"
    "   'constrained': {"
    "     'columns': {"
    "       'positive': {'type': {'key': {'type': 'integer',"
    "                                     'minInteger': 1}}}},"
    "     'maxRows': 1}}}";

static const char weak_schema[] =
    "{'name': 'weak',"
    " 'tables': {"
    "   'a': {"
    "     'columns': {"
    "       'a': {'type': 'integer'},"
    "       'a2a': {'type': {'key': {'type': 'uuid', 'refTable': 'a',"
    "                                'refType': 'weak'},"
    "                        'min': 0, 'max': 'unlimited'}},"
    "       'a2a1': {'type': {'key': {'type': 'uuid', 'refTable': 'a',"
    "                                 'refType': 'weak'}}},"
    "       'a2b': {'type': {'key': {'type': 'uuid', 'refTable': 'b',"
    "                                'refType': 'weak'}}}}},"
    "   'b': {"
    "     'columns': {"
    "       'b': {'type': 'integer'},"
    "       'b2a': {'type': {'key': {'type': 'uuid', 'refTable': 'a',"
    "                                'refType': 'weak'},"
    "                        'min': 0, 'max': 'unlimited'}}}}}}";

static const char gc_schema[] =
    "{'name': 'gc',"
    " 'tables': {"
    "   'root': {"
    "     'columns': {"
    "       'a': {'type': {'key': {'type': 'uuid', 'refTable': 'a'},"
    "                      'min': 0, 'max': 'unlimited'}}},"
    "     'isRoot': true},"
    "   'a': {"
    "     'columns': {"
    "       'a': {'type': 'integer'},"
    "       'a2a': {'type': {'key': {'type': 'uuid', 'refTable': 'a'},"
    "                        'min': 0, 'max': 'unlimited'}},"
    "       'a2b': {'type': {'key': {'type': 'uuid', 'refTable': 'b'},"
    "                        'min': 0, 'max': 'unlimited'}},"
    "       'wa2a': {'type': {'key': {'type': 'uuid', 'refTable': 'a',"
    "                                 'refType': 'weak'},"
    "                         'min': 0, 'max': 'unlimited'}},"
    "       'wa2b': {'type': {'key': {'type': 'uuid', 'refTable': 'b',"
    "                                 'refType': 'weak'},"
    "                         'min': 0, 'max': 'unlimited'}}}},"
    "   'b': {"
    "     'columns': {"
    "       'b': {'type': 'integer'},"
    "       'b2a': {'type': {'key': {'type': 'uuid', 'refTable': 'a'},"
    "                        'min': 0, 'max': 'unlimited'}},"
    "       'wb2a': {'type': {'key': {'type': 'uuid', 'refTable': 'a',"
    "                                 'refType': 'weak'},"
    "                         'min': 0, 'max': 'unlimited'}}},"
    "     'isRoot': false}}}";

static const char immutable_schema[] =
    "{'name': 'immutable',"
    " 'tables': {"
    "   'a': {'columns': {'i': {'type': 'integer', 'mutable': false}}}}}";

/* Named uuids. */

OSW_TEST(uuid_name_must_be_id)
{
    struct ovsdb *db = make_db(constraint_schema);
    json_t *result = run(db, "[{'op': 'insert', 'table': 'a', 'row': {},"
                         "   'uuid-name': '0'}]");
    json_t *error = json_array_get(result, 0);

    CHECK_EQ(json_array_size(result), 1);
    CHECK_STREQ(json_string_value(json_object_get(error, "error")),
                "syntax error");
    CHECK_STREQ(json_string_value(json_object_get(error, "syntax")),
                "{\"op\":\"insert\",\"row\":{},\"table\":\"a\","
                "\"uuid-name\":\"0\"}");
    CHECK(strstr(json_string_value(json_object_get(error, "details")),
                 "ovsdb operation 1 of 1") != NULL);
    CHECK(strstr(json_string_value(json_object_get(error, "details")),
                 "uuid-name") != NULL);
    json_decref(result);
    ovsdb_destroy(db);
}

OSW_TEST(named_uuid_must_be_id)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'a',"
        "  'row': {'a2a': ['named-uuid', '0']}}]",
        NULL
    };
    check_transactions(constraint_schema, txns,
                       "[{'details':'named-uuid string is not a valid <id>',"
                       "'error':'syntax error',"
                       "'syntax':'[\\'named-uuid\\',\\'0\\']'}]\n");
}

OSW_TEST(duplicate_uuid_name)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals', 'row': {}, 'uuid-name': 'x'},"
        " {'op': 'insert', 'table': 'ordinals', 'row': {}, 'uuid-name': 'x'}]",
        NULL
    };
    check_transactions(ordinal_schema, txns,
                       "[{'uuid':['uuid','<0>']},{'details':'This "
                       "\\'uuid-name\\' appeared on an earlier \\'insert\\' "
                       "operation.','error':'duplicate uuid-name',"
                       "'syntax':'\\'x\\''}]\n");
}

OSW_TEST(undefined_named_uuid)
{
    static const char *const txns[] = {
        /* A reference to a name no insert defines. */
        "[{'op': 'insert', 'table': 'a',"
        "  'row': {'a2b': ['named-uuid', 'nowhere']}}]",
        /* Used only in a condition: fine, matches nothing. */
        "[{'op': 'select', 'table': 'a',"
        "  'where': [['_uuid', '==', ['named-uuid', 'later']]]}]",
        /* Defined after its use: fine. */
        "[{'op': 'insert', 'table': 'a',"
        "  'row': {'a2b': ['named-uuid', 'brow']}},"
        " {'op': 'insert', 'table': 'b', 'row': {'b': 1},"
        "  'uuid-name': 'brow'}]",
        NULL
    };
    check_transactions(constraint_schema, txns,
                       "[{'uuid':['uuid','<0>']},{'details':'named-uuid "
                       "\\'nowhere\\' is used but no \\'insert\\' operation "
                       "in this transaction has \\'uuid-name\\': "
                       "\\'nowhere\\'.','error':'referential integrity "
                       "violation'}]\n"
                       "[{'rows':[]}]\n"
                       "[{'uuid':['uuid','<1>']},{'uuid':['uuid','<2>']}]\n");
}

/* Insert and select. */

OSW_TEST(insert_default_row_query_table)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals', 'row': {}}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': []}]",
        NULL
    };
    check_transactions(ordinal_schema, txns,
                       "[{'uuid':['uuid','<0>']}]\n"
                       "[{'rows':[{'_uuid':['uuid','<0>'],"
                       "'_version':['uuid','<1>'],'name':'','number':0}]}]\n");
}

OSW_TEST(insert_row_query_table)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 0, 'name': 'zero'}}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': []}]",
        NULL
    };
    check_transactions(ordinal_schema, txns,
                       "[{'uuid':['uuid','<0>']}]\n"
                       "[{'rows':[{'_uuid':['uuid','<0>'],"
                       "'_version':['uuid','<1>'],'name':'zero',"
                       "'number':0}]}]\n");
}

OSW_TEST(insert_row_with_uuid)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'uuid': 'ffffffff-971b-4cba-bf42-520515973b7e',"
        "  'table': 'ordinals', 'row': {'number': 0, 'name': 'zero'}}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': []}]",
        "[{'op': 'insert', 'uuid': 'ffffffff-971b-4cba-bf42-520515973b7e',"
        "  'table': 'ordinals', 'row': {'number': 0, 'name': 'zero'}}]",
        /* Deleted in the same transaction: still refused. */
        "[{'op': 'delete', 'table': 'ordinals', 'where': []},"
        " {'op': 'insert', 'uuid': 'ffffffff-971b-4cba-bf42-520515973b7e',"
        "  'table': 'ordinals', 'row': {'number': 0, 'name': 'zero'}}]",
        "[{'op': 'insert', 'uuid': 'not-a-uuid',"
        "  'table': 'ordinals', 'row': {}}]",
        /* The chosen uuid also names the row in a named-uuid. */
        "[{'op': 'insert', 'uuid': '00000000-971b-4cba-bf42-520515973b7e',"
        "  'uuid-name': 'mine', 'table': 'ordinals', 'row': {'number': 1}},"
        " {'op': 'select', 'table': 'ordinals', 'columns': ['number'],"
        "  'where': [['_uuid', '==', ['named-uuid', 'mine']]]}]",
        NULL
    };
    check_transactions(ordinal_schema, txns,
                       "[{'uuid':['uuid','ffffffff-971b-4cba-bf42-"
                       "520515973b7e']}]\n"
                       "[{'rows':[{'_uuid':['uuid','ffffffff-971b-4cba-bf42-"
                       "520515973b7e'],'_version':['uuid','<0>'],"
                       "'name':'zero','number':0}]}]\n"
                       "[{'details':'This UUID would duplicate a UUID "
                       "already present within the table or deleted within "
                       "the same transaction.','error':'duplicate uuid',"
                       "'syntax':'\\'ffffffff-971b-4cba-bf42-520515973b7e"
                       "\\''}]\n"
                       "[{'count':1},{'details':'This UUID would duplicate "
                       "a UUID already present within the table or deleted "
                       "within the same transaction.','error':'duplicate "
                       "uuid','syntax':'\\'ffffffff-971b-4cba-bf42-"
                       "520515973b7e\\''}]\n"
                       "[{'details':'bad uuid','error':'syntax error',"
                       "'syntax':'\\'not-a-uuid\\''}]\n"
                       "[{'uuid':['uuid','<1>']},{'rows':[{'number':1}]}]\n");
}

OSW_TEST(insert_rows_query_by_index)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 0, 'name': 'zero'}}]",
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'one'}}]",
        "[{'op': 'delete', 'table': 'ordinals', 'where': [['number', '==', "
        "1]]}]",
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 2, 'name': 'two'}}]",
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 3, 'name': 'three'}}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': [['number', '==', "
        "1]]}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': [['number', '==', "
        "3]]}]",
        "[{'op': 'select', 'table': 'ordinals',"
        "  'where': [['name', '==', 'two'], ['number', '==', 2]]}]",
        "[{'op': 'delete', 'table': 'ordinals', 'where': [['number', '==', "
        "2]]},"
        " {'op': 'select', 'table': 'ordinals', 'where': [['number', '==', "
        "2]]}]",
        "[{'op': 'mutate', 'table': 'ordinals',"
        "  'mutations': [['number', '+=', 2]],"
        "  'where': [['number', '==', 0]]},"
        " {'op': 'select', 'table': 'ordinals', 'where': [['number', '==', "
        "0]]},"
        " {'op': 'select', 'table': 'ordinals', 'where': [['number', '==', "
        "2]]}]",
        NULL
    };
    check_transactions(
        ordinal_schema, txns,
        "[{'uuid':['uuid','<0>']}]\n"
        "[{'uuid':['uuid','<1>']}]\n"
        "[{'count':1}]\n"
        "[{'uuid':['uuid','<2>']}]\n"
        "[{'uuid':['uuid','<3>']}]\n"
        "[{'rows':[]}]\n"
        "[{'rows':[{'_uuid':['uuid','<3>'],'_version':['uuid','<4>'],"
        "'name':'three','number':3}]}]\n"
        "[{'rows':[{'_uuid':['uuid','<2>'],'_version':['uuid','<5>'],"
        "'name':'two','number':2}]}]\n"
        "[{'count':1},{'rows':[]}]\n"
        "[{'count':1},{'rows':[]},{'rows':[{'_uuid':['uuid','<0>'],"
        "'_version':['uuid','<6>'],'name':'zero','number':2}]}]\n");
}

OSW_TEST(reinsert_indexed_rows_mid_flight)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 0, 'name': 'orig'}}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': [['number', '==', "
        "0]]},"
        " {'op': 'insert', 'table': 'ordinals', 'uuid-name': 'dup',"
        "  'row': {'number': 0, 'name': 'dup'}},"
        " {'op': 'select', 'table': 'ordinals', 'sort': ['name'],"
        "  'where': [['number', '==', 0]]},"
        " {'op': 'delete', 'table': 'ordinals',"
        "  'where': [['_uuid', '==', ['named-uuid', 'dup']]]},"
        " {'op': 'select', 'table': 'ordinals', 'where': [['number', '==', "
        "0]]}]",
        NULL
    };
    check_transactions(
        ordinal_schema, txns,
        "[{'uuid':['uuid','<0>']}]\n"
        "[{'rows':[{'_uuid':['uuid','<0>'],'_version':['uuid','<1>'],"
        "'name':'orig','number':0}]},{'uuid':['uuid','<2>']},"
        "{'rows':[{'_uuid':['uuid','<2>'],'_version':['uuid','<3>'],"
        "'name':'dup','number':0},{'_uuid':['uuid','<0>'],"
        "'_version':['uuid','<1>'],'name':'orig','number':0}]},"
        "{'count':1},{'rows':[{'_uuid':['uuid','<0>'],"
        "'_version':['uuid','<1>'],'name':'orig','number':0}]}]\n");
}

OSW_TEST(insert_rows_query_by_value_and_named_uuid)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 0, 'name': 'zero'}, 'uuid-name': 'first'},"
        " {'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'one'}, 'uuid-name': 'second'},"
        " {'op': 'select', 'table': 'ordinals',"
        "  'where': [['_uuid', '==', ['named-uuid', 'first']]]},"
        " {'op': 'select', 'table': 'ordinals',"
        "  'where': [['_uuid', '==', ['named-uuid', 'second']]]}]",
        "[{'op': 'select', 'table': 'ordinals',"
        "  'where': [['name', '==', 'zero']]}]",
        "[{'op': 'select', 'table': 'ordinals',"
        "  'where': [['name', '==', 'one']]}]",
        NULL
    };
    check_transactions(
        ordinal_schema, txns,
        "[{'uuid':['uuid','<0>']},{'uuid':['uuid','<1>']},"
        "{'rows':[{'_uuid':['uuid','<0>'],'_version':['uuid','<2>'],"
        "'name':'zero','number':0}]},"
        "{'rows':[{'_uuid':['uuid','<1>'],'_version':['uuid','<3>'],"
        "'name':'one','number':1}]}]\n"
        "[{'rows':[{'_uuid':['uuid','<0>'],'_version':['uuid','<2>'],"
        "'name':'zero','number':0}]}]\n"
        "[{'rows':[{'_uuid':['uuid','<1>'],'_version':['uuid','<3>'],"
        "'name':'one','number':1}]}]\n");
}

/* Update, mutate, delete. */

OSW_TEST(update_rows_by_value)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 0, 'name': 'zero'}, 'uuid-name': 'first'}]",
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'one'}, 'uuid-name': 'first'}]",
        "[{'op': 'update', 'table': 'ordinals',"
        "  'where': [['name', '==', 'zero']], 'row': {'name': 'nought'}}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'sort': ['number']}]",
        NULL
    };
    check_transactions(
        ordinal_schema, txns,
        "[{'uuid':['uuid','<0>']}]\n"
        "[{'uuid':['uuid','<1>']}]\n"
        "[{'count':1}]\n"
        "[{'rows':[{'_uuid':['uuid','<0>'],'_version':['uuid','<2>'],"
        "'name':'nought','number':0},{'_uuid':['uuid','<1>'],"
        "'_version':['uuid','<3>'],'name':'one','number':1}]}]\n");
}

OSW_TEST(update_to_same_value_keeps_version)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 0, 'name': 'zero'}}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'columns': ['_version']}]",
        "[{'op': 'update', 'table': 'ordinals', 'where': [],"
        "  'row': {'name': 'zero'}}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'columns': ['_version']}]",
        "[{'op': 'update', 'table': 'ordinals', 'where': [],"
        "  'row': {'name': 'nil'}}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'columns': ['_version', 'name']}]",
        NULL
    };
    check_transactions(
        ordinal_schema, txns,
        "[{'uuid':['uuid','<0>']}]\n"
        "[{'rows':[{'_version':['uuid','<1>']}]}]\n"
        "[{'count':1}]\n"
        "[{'rows':[{'_version':['uuid','<1>']}]}]\n"
        "[{'count':1}]\n"
        "[{'rows':[{'_version':['uuid','<2>'],'name':'nil'}]}]\n");
}

OSW_TEST(mutate_rows)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 0, 'name': 'zero'}, 'uuid-name': 'first'}]",
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'one'}, 'uuid-name': 'first'}]",
        "[{'op': 'mutate', 'table': 'ordinals',"
        "  'where': [['name', '==', 'zero']],"
        "  'mutations': [['number', '+=', 2]]}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'sort': ['number']}]",
        NULL
    };
    check_transactions(
        ordinal_schema, txns,
        "[{'uuid':['uuid','<0>']}]\n"
        "[{'uuid':['uuid','<1>']}]\n"
        "[{'count':1}]\n"
        "[{'rows':[{'_uuid':['uuid','<1>'],'_version':['uuid','<2>'],"
        "'name':'one','number':1},{'_uuid':['uuid','<0>'],"
        "'_version':['uuid','<3>'],'name':'zero','number':2}]}]\n");
}

OSW_TEST(delete_by_named_uuid_and_all)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 0, 'name': 'zero'}, 'uuid-name': 'first'},"
        " {'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'one'}, 'uuid-name': 'second'},"
        " {'op': 'delete', 'table': 'ordinals',"
        "  'where': [['_uuid', '==', ['named-uuid', 'first']]]},"
        " {'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'columns': ['name', 'number']}]",
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 0, 'name': 'zero'}},"
        " {'op': 'delete', 'table': 'ordinals', 'where': []},"
        " {'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'columns': ['name', 'number']}]",
        "[{'op': 'delete', 'table': 'ordinals',"
        "  'where': [['name', '==', 'nought']]}]",
        NULL
    };
    check_transactions(
        ordinal_schema, txns,
        "[{'uuid':['uuid','<0>']},{'uuid':['uuid','<1>']},{'count':1},"
        "{'rows':[{'name':'one','number':1}]}]\n"
        "[{'uuid':['uuid','<2>']},{'count':2},{'rows':[]}]\n"
        "[{'count':0}]\n");
}

OSW_TEST(count_with_mutation)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 0, 'name': 'zero'}}]",
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'one'}}]",
        "[{'op': 'mutate', 'table': 'ordinals',"
        "  'where': [['name', '==', 'zero']], 'mutations': []}]",
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 2, 'name': 'one'}}]",
        "[{'op': 'mutate', 'table': 'ordinals',"
        "  'where': [['name', '==', 'one']], 'mutations': []}]",
        "[{'op': 'delete', 'table': 'ordinals',"
        "  'where': [['name', '==', 'zero']]}]",
        "[{'op': 'mutate', 'table': 'ordinals', 'where': [],"
        "  'mutations': []}]",
        NULL
    };
    check_transactions(ordinal_schema, txns,
                       "[{'uuid':['uuid','<0>']}]\n"
                       "[{'uuid':['uuid','<1>']}]\n"
                       "[{'count':1}]\n"
                       "[{'uuid':['uuid','<2>']}]\n"
                       "[{'count':2}]\n"
                       "[{'count':1}]\n"
                       "[{'count':2}]\n");
}

OSW_TEST(select_columns_are_distinct)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'same'}},"
        " {'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 2, 'name': 'same'}},"
        " {'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'columns': ['name']},"
        " {'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'columns': ['number', 'name'], 'sort': ['number']},"
        " {'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'columns': []}]",
        NULL
    };
    check_transactions(ordinal_schema, txns,
                       "[{'uuid':['uuid','<0>']},{'uuid':['uuid','<1>']},"
                       "{'rows':[{'name':'same'}]},"
                       "{'rows':[{'name':'same','number':1},"
                       "{'name':'same','number':2}]},"
                       "{'rows':[{}]}]\n");
}

/* commit, abort, comment, assert. */

OSW_TEST(commit_and_durable)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 0, 'name': 'zero'}},"
        " {'op': 'select', 'table': 'ordinals', 'where': []},"
        " {'op': 'commit', 'durable': false}]",
        "[{'op': 'commit', 'durable': true},"
        " {'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'columns': ['number']}]",
        "[{'op': 'commit'}]",
        NULL
    };
    check_transactions(ordinal_schema, txns,
                       "[{'uuid':['uuid','<0>']},{'rows':[{'_uuid':['uuid',"
                       "'<0>'],'_version':['uuid','<1>'],'name':'zero',"
                       "'number':0}]},{}]\n"
                       "[{},{'rows':[{'number':0}]}]\n"
                       "[{'details':'ovsdb operation 1 of 1: required "
                       "member \\'durable\\' is missing','error':'syntax "
                       "error','syntax':'{\\'op\\':\\'commit\\'}'}]\n");
}

/* A hook that records the durable flag and comment of each commit. */
struct recorder {
    struct ovsdb_commit_hook hook;
    bool durable;
    char *comment;
    int n;
};

static struct ovsdb_error *
recorder_precommit(struct ovsdb_commit_hook *hook, const struct ovsdb_txn *txn)
{
    struct recorder *r = CONTAINER_OF(hook, struct recorder, hook);
    const char *comment = ovsdb_txn_get_comment(txn);

    r->n++;
    r->durable = ovsdb_txn_is_durable(txn);
    free(r->comment);
    r->comment = comment ? xstrdup(comment) : NULL;
    return NULL;
}

static const struct ovsdb_commit_hook_class recorder_class = {
    recorder_precommit, NULL, NULL
};

OSW_TEST(durable_and_comment_reach_hooks)
{
    struct ovsdb *db = make_db(ordinal_schema);
    struct recorder r;
    json_t *result;

    memset(&r, 0, sizeof r);
    ovsdb_add_commit_hook(db, &r.hook, &recorder_class);

    result = run(db, "[{'op': 'insert', 'table': 'ordinals', 'row': {}},"
                 " {'op': 'comment', 'comment': 'osw-vsctl: add-br br0'},"
                 " {'op': 'commit', 'durable': true},"
                 " {'op': 'comment', 'comment': 'second'}]");
    json_decref(result);
    CHECK_EQ(r.n, 1);
    CHECK(r.durable);
    CHECK_STREQ(r.comment, "osw-vsctl: add-br br0\nsecond");

    result = run(db, "[{'op': 'update', 'table': 'ordinals', 'where': [],"
                 "   'row': {'number': 5}}]");
    json_decref(result);
    CHECK_EQ(r.n, 2);
    CHECK(!r.durable);
    CHECK(r.comment == NULL);

    /* No change: no commit reaches the hook. */
    result = run(db, "[{'op': 'comment', 'comment': 'nothing'}]");
    char *text = json_text(result);
    CHECK_STREQ(text, "[{}]");
    free(text);
    json_decref(result);
    CHECK_EQ(r.n, 2);

    ovsdb_remove_commit_hook(&r.hook);
    free(r.comment);
    ovsdb_destroy(db);
}

static struct ovsdb_error *
refusing_precommit(struct ovsdb_commit_hook *hook OSW_UNUSED,
                   const struct ovsdb_txn *txn OSW_UNUSED)
{
    return ovsdb_io_error(28, "writing the log failed");
}

static const struct ovsdb_commit_hook_class refusing_class = {
    refusing_precommit, NULL, NULL
};

OSW_TEST(hook_failure_is_commit_error)
{
    struct ovsdb *db = make_db(ordinal_schema);
    struct ovsdb_commit_hook hook;
    json_t *result;
    char *text;

    ovsdb_add_commit_hook(db, &hook, &refusing_class);
    result = run(db, "[{'op': 'insert', 'table': 'ordinals', 'row': {}}]");
    CHECK_EQ(json_array_size(result), 2);
    CHECK_STREQ(json_string_value(json_object_get(json_array_get(result, 1),
                                                  "error")), "I/O error");
    json_decref(result);
    ovsdb_remove_commit_hook(&hook);

    result = run(db, "[{'op': 'select', 'table': 'ordinals', 'where': []}]");
    text = json_text(result);
    CHECK_STREQ(text, "[{\"rows\":[]}]");
    free(text);
    json_decref(result);
    ovsdb_destroy(db);
}

OSW_TEST(abort_and_null_padding)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals', 'row': {'number': 1}},"
        " {'op': 'abort'},"
        " {'op': 'insert', 'table': 'ordinals', 'row': {'number': 2}},"
        " {'op': 'select', 'table': 'ordinals', 'where': []}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': []}]",
        NULL
    };
    check_transactions(ordinal_schema, txns,
                       "[{'uuid':['uuid','<0>']},{'details':'aborted by "
                       "request','error':'aborted'},null,null]\n"
                       "[{'rows':[]}]\n");
}

static bool
owns_lock(const char *name, void *aux)
{
    return !strcmp(name, aux);
}

OSW_TEST(assert_lock)
{
    struct ovsdb *db = make_db(ordinal_schema);
    struct ovsdb_lock_checker locks = { owns_lock, (char *) "mine" };
    long long int timeout = 0;
    json_t *ops, *result;
    char *text;

    ops = parse_json("[{'op': 'assert', 'lock': 'mine'},"
                     " {'op': 'insert', 'table': 'ordinals', 'row': {}}]");
    CHECK_EQ(ovsdb_execute(db, &locks, ops, false, 0, &timeout, &result),
             OVSDB_EXEC_DONE);
    CHECK_EQ(json_array_size(result), 2);
    CHECK(json_object_get(json_array_get(result, 1), "uuid") != NULL);
    json_decref(result);
    json_decref(ops);

    ops = parse_json("[{'op': 'insert', 'table': 'ordinals', 'row': {}},"
                     " {'op': 'assert', 'lock': 'theirs'}]");
    CHECK_EQ(ovsdb_execute(db, &locks, ops, false, 0, &timeout, &result),
             OVSDB_EXEC_DONE);
    text = json_text(json_array_get(result, 1));
    CHECK_STREQ(text, "{\"details\":\"Asserted lock theirs not held.\","
                "\"error\":\"not owner\"}");
    free(text);
    json_decref(result);

    /* No lock checker: no lock is held. */
    CHECK_EQ(ovsdb_execute(db, NULL, ops, false, 0, &timeout, &result),
             OVSDB_EXEC_DONE);
    CHECK_STREQ(json_string_value(json_object_get(json_array_get(result, 1),
                                                  "error")), "not owner");
    json_decref(result);
    json_decref(ops);

    /* Only one row made it. */
    result = run(db, "[{'op': 'select', 'table': 'ordinals', 'where': [],"
                 "   'columns': ['number']}]");
    text = json_text(result);
    CHECK_STREQ(text, "[{\"rows\":[{\"number\":0}]}]");
    free(text);
    json_decref(result);
    ovsdb_destroy(db);
}

/* wait. */

static const char wait_prefix[] =
    "[{'op': 'insert', 'table': 'ordinals',"
    "  'row': {'number': 0, 'name': 'zero'}},"
    " {'op': 'insert', 'table': 'ordinals',"
    "  'row': {'number': 1, 'name': 'one'}},";

static void
check_wait(const char *until, const char *rows, const char *expected_last)
{
    char *txn = xasprintf("%s {'op': 'wait', 'timeout': 0,"
                          " 'table': 'ordinals', 'where': [],"
                          " 'columns': ['name', 'number'],"
                          " 'until': '%s', 'rows': %s}]",
                          wait_prefix, until, rows);
    char *expected = xasprintf("[{'uuid':['uuid','<0>']},"
                               "{'uuid':['uuid','<1>']},%s]\n",
                               expected_last);
    const char *txns[] = { txn, NULL };

    check_transactions(ordinal_schema, txns, expected);
    free(txn);
    free(expected);
}

#define WHERE_FAILED "{'details':'\\'where\\' clause test failed'," \
                     "'error':'timed out'}"

OSW_TEST(wait_equality)
{
    check_wait("==", "[{'name': 'zero', 'number': 0},"
               " {'name': 'one', 'number': 1}]", "{}");
    check_wait("==", "[{'name': 'zero', 'number': 0},"
               " {'name': 'one', 'number': 1},"
               " {'name': 'two', 'number': 2}]", WHERE_FAILED);
    check_wait("==", "[{'name': 'one', 'number': 1}]", WHERE_FAILED);
}

OSW_TEST(wait_inequality)
{
    check_wait("!=", "[{'name': 'zero', 'number': 0},"
               " {'name': 'one', 'number': 1}]", WHERE_FAILED);
    check_wait("!=", "[{'name': 'zero', 'number': 0},"
               " {'name': 'one', 'number': 1},"
               " {'name': 'two', 'number': 2}]", "{}");
    check_wait("!=", "[{'name': 'one', 'number': 1}]", "{}");
}

OSW_TEST(wait_syntax_errors)
{
    static const char *const txns[] = {
        "[{'op': 'wait', 'timeout': -1, 'table': 'ordinals', 'where': [],"
        "  'until': '==', 'rows': []}]",
        "[{'op': 'wait', 'timeout': 0, 'table': 'ordinals', 'where': [],"
        "  'until': '<', 'rows': []}]",
        "[{'op': 'wait', 'timeout': 0, 'table': 'ordinals', 'where': [],"
        "  'until': '==', 'rows': [{'nope': 1}]}]",
        NULL
    };
    check_transactions(ordinal_schema, txns,
                       "[{'details':'timeout must be nonnegative',"
                       "'error':'syntax error','syntax':'-1'}]\n"
                       "[{'details':'\\'until\\' must be \\'==\\' or "
                       "\\'!=\\'','error':'syntax error',"
                       "'syntax':'\\'<\\''}]\n"
                       "[{'details':'No column nope in table ordinals.',"
                       "'error':'unknown column',"
                       "'syntax':'{\\'nope\\':1}'}]\n");
}

OSW_TEST(wait_retry)
{
    struct ovsdb *db = make_db(ordinal_schema);
    json_t *ops = parse_json(
        "[{'op': 'insert', 'table': 'ordinals', 'row': {'number': 9}},"
        " {'op': 'wait', 'timeout': 5000, 'table': 'ordinals',"
        "  'where': [['number', '==', 1]], 'columns': ['number'],"
        "  'until': '==', 'rows': [{'number': 1}]},"
        " {'op': 'wait', 'timeout': 1000, 'table': 'ordinals',"
        "  'where': [], 'columns': ['number'], 'until': '!=',"
        "  'rows': []}]");
    long long int timeout = 0;
    json_t *result = NULL;
    char *text;

    /* Not satisfied, not timed out: retry later, nothing changed. */
    CHECK_EQ(ovsdb_execute(db, NULL, ops, false, 100, &timeout, &result),
             OVSDB_EXEC_RETRY);
    CHECK(result == NULL);
    CHECK_EQ(timeout, 5000);
    CHECK(db->txn == NULL);
    CHECK_EQ(ovsdb_table_n_rows(ovsdb_get_table(db, "ordinals")), 0);

    /* Timed out. */
    CHECK_EQ(ovsdb_execute(db, NULL, ops, false, 5000, &timeout, &result),
             OVSDB_EXEC_DONE);
    text = json_text(json_array_get(result, 1));
    CHECK_STREQ(text, "{\"details\":\"\\\"wait\\\" timed out after 5000 ms\","
                "\"error\":\"timed out\"}");
    free(text);
    CHECK(json_is_null(json_array_get(result, 2)));
    json_decref(result);

    /* The caller cannot retry: "not supported". */
    CHECK_EQ(ovsdb_execute(db, NULL, ops, false, 0, NULL, &result),
             OVSDB_EXEC_DONE);
    text = json_text(json_array_get(result, 1));
    CHECK_STREQ(text, "{\"details\":\"triggers not supported\","
                "\"error\":\"not supported\"}");
    free(text);
    json_decref(result);

    /* Once another transaction satisfies it, it goes through. */
    json_decref(run(db, "[{'op': 'insert', 'table': 'ordinals',"
                    "   'row': {'number': 1}}]"));
    CHECK_EQ(ovsdb_execute(db, NULL, ops, false, 200, &timeout, &result),
             OVSDB_EXEC_DONE);
    text = json_text(result);
    CHECK(strstr(text, "error") == NULL);
    free(text);
    json_decref(result);
    CHECK_EQ(ovsdb_table_n_rows(ovsdb_get_table(db, "ordinals")), 2);
    json_decref(ops);

    /* Without "timeout", it waits forever. */
    ops = parse_json("[{'op': 'wait', 'table': 'ordinals', 'where': [],"
                     "  'until': '==', 'rows': []}]");
    CHECK_EQ(ovsdb_execute(db, NULL, ops, false, 1000000, &timeout,
                           &result), OVSDB_EXEC_RETRY);
    CHECK_EQ(timeout, LLONG_MAX);
    json_decref(ops);
    ovsdb_destroy(db);
}

/* Constraints. */

OSW_TEST(insert_and_update_constraints)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'constrained', 'row': {}}]",
        "[{'op': 'insert', 'table': 'constrained', 'row': {'positive': -1}}]",
        "[{'op': 'update', 'table': 'constrained', 'where': [],"
        "  'row': {'positive': -2}}]",
        "[{'op': 'insert', 'table': 'constrained', 'row': {'positive': 1}}]",
        "[{'op': 'insert', 'table': 'constrained', 'row': {'positive': 2}}]",
        NULL
    };
    check_transactions(
        constraint_schema, txns,
        "[{'details':'0 is less than minimum allowed value 1',"
        "'error':'constraint violation'}]\n"
        "[{'details':'-1 is less than minimum allowed value 1',"
        "'error':'constraint violation'}]\n"
        "[{'details':'-2 is less than minimum allowed value 1',"
        "'error':'constraint violation'}]\n"
        "[{'uuid':['uuid','<0>']}]\n"
        "[{'uuid':['uuid','<1>']},{'details':'transaction causes "
        "\\'constrained\\' table to contain 2 rows, greater than the "
        "schema-defined limit of 1 row(s)','error':'constraint "
        "violation'}]\n");
}

OSW_TEST(index_uniqueness_checking)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'one'}}]",
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'another one'}}]",
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'another one'}},"
        " {'op': 'delete', 'table': 'ordinals',"
        "  'where': [['name', '==', 'one']]}]",
        "[{'op': 'delete', 'table': 'ordinals', 'where': []},"
        " {'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'one'}},"
        " {'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'still another one'}}]",
        "[{'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 2, 'name': 'two'}}]",
        "[{'op': 'update', 'table': 'ordinals', 'where': [],"
        "  'row': {'number': 3}}]",
        "[{'op': 'update', 'table': 'ordinals',"
        "  'where': [['number', '==', 1]],"
        "  'row': {'number': 2, 'name': 'old two'}},"
        " {'op': 'update', 'table': 'ordinals',"
        "  'where': [['name', '==', 'two']],"
        "  'row': {'number': 1, 'name': 'old one'}}]",
        "[{'op': 'mutate', 'table': 'ordinals', 'where': [],"
        "  'mutations': [['number', '*=', 10]]},"
        " {'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 1, 'name': 'new one'}},"
        " {'op': 'insert', 'table': 'ordinals',"
        "  'row': {'number': 2, 'name': 'new two'}},"
        " {'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'columns': ['number', 'name'], 'sort': ['number']}]",
        NULL
    };
    check_transactions(
        ordinal_schema, txns,
        "[{'uuid':['uuid','<0>']}]\n"
        "[{'uuid':['uuid','<1>']},{'details':'Transaction causes multiple "
        "rows in \\'ordinals\\' table to have identical values (1) for index "
        "on column \\'number\\'.  First row, with UUID <0>, existed in the "
        "database before this transaction and was not modified by the "
        "transaction.  Second row, with UUID <1>, was inserted by this "
        "transaction.','error':'constraint violation'}]\n"
        "[{'uuid':['uuid','<2>']},{'count':1}]\n"
        "[{'count':1},{'uuid':['uuid','<3>']},{'uuid':['uuid','<4>']},"
        "{'details':'Transaction causes multiple rows in \\'ordinals\\' "
        "table to have identical values (1) for index on column "
        "\\'number\\'.  First row, with UUID <4>, was inserted by this "
        "transaction.  Second row, with UUID <3>, was inserted by this "
        "transaction.','error':'constraint violation'}]\n"
        "[{'uuid':['uuid','<5>']}]\n"
        "[{'count':2},{'details':'Transaction causes multiple rows in "
        "\\'ordinals\\' table to have identical values (3) for index on "
        "column \\'number\\'.  First row, with UUID <5>, had the following "
        "index values before the transaction: 2.  Second row, with UUID "
        "<2>, had the following index values before the transaction: 1.',"
        "'error':'constraint violation'}]\n"
        "[{'count':1},{'count':1}]\n"
        "[{'count':2},{'uuid':['uuid','<6>']},{'uuid':['uuid','<7>']},"
        "{'rows':[{'name':'new one','number':1},{'name':'new two',"
        "'number':2},{'name':'old one','number':10},{'name':'old two',"
        "'number':20}]}]\n");
}

OSW_TEST(size_constraints_on_sets)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'b', 'row': {'b': 1}}]",
        "[{'op': 'mutate', 'table': 'b', 'where': [],"
        "  'mutations': [['x', 'delete', 0]]}]",
        "[{'op': 'mutate', 'table': 'b', 'where': [],"
        "  'mutations': [['x', 'insert', 1]]}]",
        "[{'op': 'update', 'table': 'b', 'where': [],"
        "  'row': {'x': ['set', [3, 4]]}}]",
        "[{'op': 'mutate', 'table': 'b', 'where': [],"
        "  'mutations': [['x', 'insert', 5]]}]",
        "[{'op': 'mutate', 'table': 'b', 'where': [],"
        "  'mutations': [['x', 'delete', 4], ['x', 'insert', 5]]}]",
        NULL
    };
    check_transactions(
        constraint_schema, txns,
        "[{'uuid':['uuid','<0>']}]\n"
        "[{'details':'Attempted to store 0 elements in set of 1 to 2 "
        "integers.','error':'constraint violation'}]\n"
        "[{'count':1}]\n"
        "[{'count':1}]\n"
        "[{'details':'Attempted to store 3 elements in set of 1 to 2 "
        "integers.','error':'constraint violation'}]\n"
        "[{'count':1}]\n");
}

OSW_TEST(immutable_columns)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'a', 'row': {'i': 5},"
        "  'uuid-name': 'row1'}]",
        "[{'op': 'update', 'table': 'a', 'row': {'i': 10}, 'where': []}]",
        "[{'op': 'update', 'table': 'a', 'row': {'i': 5}, 'where': []}]",
        "[{'op': 'mutate', 'table': 'a', 'where': [],"
        "  'mutations': [['i', '-=', 5]]}]",
        "[{'op': 'mutate', 'table': 'a', 'where': [],"
        "  'mutations': [['i', '*=', 1]]}]",
        "[{'op': 'update', 'table': 'a', 'where': [],"
        "  'row': {'_uuid': ['uuid', "
        "'8a1dbdb8-416f-4ce9-affa-3332691714b6']}}]",
        NULL
    };
    check_transactions(
        immutable_schema, txns,
        "[{'uuid':['uuid','<0>']}]\n"
        "[{'details':'Cannot update immutable column i in table a.',"
        "'error':'constraint violation','syntax':'{\\'op\\':\\'update\\',"
        "\\'row\\':{\\'i\\':10},\\'table\\':\\'a\\',\\'where\\':[]}'}]\n"
        "[{'details':'Cannot update immutable column i in table a.',"
        "'error':'constraint violation','syntax':'{\\'op\\':\\'update\\',"
        "\\'row\\':{\\'i\\':5},\\'table\\':\\'a\\',\\'where\\':[]}'}]\n"
        "[{'details':'Cannot mutate immutable column i in table a.',"
        "'error':'constraint violation','syntax':'[\\'i\\',\\'-=\\',5]'}]\n"
        "[{'details':'Cannot mutate immutable column i in table a.',"
        "'error':'constraint violation','syntax':'[\\'i\\',\\'*=\\',1]'}]\n"
        "[{'details':'Cannot update immutable column _uuid in table a.',"
        "'error':'constraint violation','syntax':'{\\'op\\':\\'update\\',"
        "\\'row\\':{\\'_uuid\\':[\\'uuid\\',\\'<1>\\']},\\'table\\':\\'a\\',"
        "\\'where\\':[]}'}]\n");
}

/* References. */

OSW_TEST(referential_integrity_simple)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'b', 'row': {'b': 1}, 'uuid-name': "
        "'brow'},"
        " {'op': 'insert', 'table': 'a',"
        "  'row': {'a': 0, 'a2b': ['set', [['named-uuid', 'brow']]]}},"
        " {'op': 'insert', 'table': 'a',"
        "  'row': {'a': 1, 'a2b': ['set', [['named-uuid', 'brow']]]}},"
        " {'op': 'insert', 'table': 'a',"
        "  'row': {'a': 2, 'a2b': ['set', [['named-uuid', 'brow']]]}}]",
        "[{'op': 'delete', 'table': 'b', 'where': []}]",
        "[{'op': 'delete', 'table': 'a', 'where': [['a', '==', 0]]}]",
        "[{'op': 'delete', 'table': 'b', 'where': []}]",
        "[{'op': 'delete', 'table': 'a', 'where': [['a', '==', 1]]}]",
        "[{'op': 'delete', 'table': 'b', 'where': []}]",
        "[{'op': 'delete', 'table': 'a', 'where': [['a', '==', 2]]}]",
        "[{'op': 'delete', 'table': 'b', 'where': []}]",
        NULL
    };
    check_transactions(
        constraint_schema, txns,
        "[{'uuid':['uuid','<0>']},{'uuid':['uuid','<1>']},"
        "{'uuid':['uuid','<2>']},{'uuid':['uuid','<3>']}]\n"
        "[{'count':1},{'details':'cannot delete b row <0> because of 3 "
        "remaining reference(s)','error':'referential integrity "
        "violation'}]\n"
        "[{'count':1}]\n"
        "[{'count':1},{'details':'cannot delete b row <0> because of 2 "
        "remaining reference(s)','error':'referential integrity "
        "violation'}]\n"
        "[{'count':1}]\n"
        "[{'count':1},{'details':'cannot delete b row <0> because of 1 "
        "remaining reference(s)','error':'referential integrity "
        "violation'}]\n"
        "[{'count':1}]\n"
        "[{'count':1}]\n");
}

OSW_TEST(referential_integrity_mutual_references)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'a',"
        "  'row': {'a': 0, 'a2b': ['set', [['named-uuid', 'row2']]],"
        "          'a2a': ['set', [['named-uuid', 'row1']]]},"
        "  'uuid-name': 'row1'},"
        " {'op': 'insert', 'table': 'b',"
        "  'row': {'b': 1, 'b2b': ['set', [['named-uuid', 'row2']]],"
        "          'b2a': ['set', [['named-uuid', 'row1']]]},"
        "  'uuid-name': 'row2'}]",
        "[{'op': 'insert', 'table': 'a',"
        "  'row': {'a2b': ['set', [['uuid',"
        "          'b516b960-5b19-4fc2-bb82-fe1cbd6d0241']]]}}]",
        "[{'op': 'delete', 'table': 'a', 'where': [['a', '==', 0]]}]",
        "[{'op': 'delete', 'table': 'b', 'where': [['b', '==', 1]]}]",
        "[{'op': 'delete', 'table': 'a', 'where': [['a', '==', 0]]}]",
        "[{'op': 'delete', 'table': 'b', 'where': [['b', '==', 1]]}]",
        "[{'op': 'delete', 'table': 'a', 'where': [['a', '==', 0]]},"
        " {'op': 'delete', 'table': 'b', 'where': [['b', '==', 1]]}]",
        NULL
    };
    check_transactions(
        constraint_schema, txns,
        "[{'uuid':['uuid','<0>']},{'uuid':['uuid','<1>']}]\n"
        "[{'uuid':['uuid','<2>']},{'details':'Table a column a2b row <2> "
        "references nonexistent row <3> in table b.','error':'referential "
        "integrity violation'}]\n"
        "[{'count':1},{'details':'cannot delete a row <0> because of 1 "
        "remaining reference(s)','error':'referential integrity "
        "violation'}]\n"
        "[{'count':1},{'details':'cannot delete b row <1> because of 1 "
        "remaining reference(s)','error':'referential integrity "
        "violation'}]\n"
        "[{'count':1},{'details':'cannot delete a row <0> because of 1 "
        "remaining reference(s)','error':'referential integrity "
        "violation'}]\n"
        "[{'count':1},{'details':'cannot delete b row <1> because of 1 "
        "remaining reference(s)','error':'referential integrity "
        "violation'}]\n"
        "[{'count':1},{'count':1}]\n");
}

OSW_TEST(weak_references)
{
    static const char *const select_a =
        "[{'op': 'select', 'table': 'a', 'where': [],"
        "  'columns': ['_uuid', 'a2a', 'a2a1', 'a2b'], 'sort': ['a']}]";
    static const char *const select_b =
        "[{'op': 'select', 'table': 'b', 'where': [],"
        "  'columns': ['_uuid', 'b', 'b2a'], 'sort': ['b']}]";
    const char *const txns[] = {
        "[{'op': 'insert', 'table': 'a',"
        "  'row': {'a': 0,"
        "          'a2a': ['set', [['named-uuid', 'row1'],"
        "                          ['named-uuid', 'row2'],"
        "                          ['uuid', "
        "'0e767b36-6822-4044-8307-d58467e04669']]],"
        "          'a2a1': ['named-uuid', 'row1'],"
        "          'a2b': ['named-uuid', 'row3']},"
        "  'uuid-name': 'row1'},"
        " {'op': 'insert', 'table': 'a',"
        "  'row': {'a': 1,"
        "          'a2a': ['set', [['named-uuid', 'row1'],"
        "                          ['named-uuid', 'row2']]],"
        "          'a2a1': ['named-uuid', 'row2'],"
        "          'a2b': ['named-uuid', 'row3']},"
        "  'uuid-name': 'row2'},"
        " {'op': 'insert', 'table': 'a',"
        "  'row': {'a': 2,"
        "          'a2a': ['set', [['named-uuid', 'row1'],"
        "                          ['named-uuid', 'row2']]],"
        "          'a2a1': ['named-uuid', 'row2'],"
        "          'a2b': ['named-uuid', 'row4']}},"
        " {'op': 'insert', 'table': 'b',"
        "  'row': {'b': 2, 'b2a': ['named-uuid', 'row1']},"
        "  'uuid-name': 'row3'},"
        " {'op': 'insert', 'table': 'b',"
        "  'row': {'b': 3, 'b2a': ['named-uuid', 'row2']},"
        "  'uuid-name': 'row4'}]",
        select_a,
        select_b,
        "[{'op': 'insert', 'table': 'a',"
        "  'row': {'a2a1': ['named-uuid', 'me']}, 'uuid-name': 'me'}]",
        "[{'op': 'delete', 'table': 'b', 'where': [['b', '==', 3]]}]",
        "[{'op': 'delete', 'table': 'a', 'where': [['a', '==', 1]]}]",
        "[{'op': 'delete', 'table': 'a', 'where': [['a', '==', 2]]}]",
        select_a,
        select_b,
        "[{'op': 'delete', 'table': 'a', 'where': [['a', '==', 0]]}]",
        select_a,
        select_b,
        "[{'op': 'delete', 'table': 'a', 'where': [['a', '==', 1]]}]",
        select_a,
        select_b,
        NULL
    };
    check_transactions(
        weak_schema, txns,
        "[{'uuid':['uuid','<0>']},{'uuid':['uuid','<1>']},"
        "{'uuid':['uuid','<2>']},{'uuid':['uuid','<3>']},"
        "{'uuid':['uuid','<4>']}]\n"
        "[{'rows':[{'_uuid':['uuid','<0>'],'a2a':['set',[['uuid','<0>'],"
        "['uuid','<1>']]],'a2a1':['uuid','<0>'],'a2b':['uuid','<3>']},"
        "{'_uuid':['uuid','<1>'],'a2a':['set',[['uuid','<0>'],"
        "['uuid','<1>']]],'a2a1':['uuid','<1>'],'a2b':['uuid','<3>']},"
        "{'_uuid':['uuid','<2>'],'a2a':['set',[['uuid','<0>'],"
        "['uuid','<1>']]],'a2a1':['uuid','<1>'],'a2b':['uuid','<4>']}]}]\n"
        "[{'rows':[{'_uuid':['uuid','<3>'],'b':2,'b2a':['uuid','<0>']},"
        "{'_uuid':['uuid','<4>'],'b':3,'b2a':['uuid','<1>']}]}]\n"
        "[{'uuid':['uuid','<5>']},{'details':'Weak reference column "
        "\\'a2b\\' in \\'a\\' row <5> (inserted within this transaction) "
        "contained all-zeros UUID (probably as the default value for this "
        "column) but deleting this value caused a constraint volation "
        "because this column is not allowed to be empty.',"
        "'error':'constraint violation'}]\n"
        "[{'count':1},{'details':'Deletion of 1 weak reference(s) to "
        "deleted (or never-existing) rows from column \\'a2b\\' in \\'a\\' "
        "row <2> caused this column to become empty, but constraints on "
        "this column disallow an empty column.','error':'constraint "
        "violation'}]\n"
        "[{'count':1},{'details':'Deletion of 1 weak reference(s) to "
        "deleted (or never-existing) rows from column \\'a2a1\\' in \\'a\\' "
        "row <2> caused this column to become empty, but constraints on "
        "this column disallow an empty column.','error':'constraint "
        "violation'}]\n"
        "[{'count':1}]\n"
        "[{'rows':[{'_uuid':['uuid','<0>'],'a2a':['set',[['uuid','<0>'],"
        "['uuid','<1>']]],'a2a1':['uuid','<0>'],'a2b':['uuid','<3>']},"
        "{'_uuid':['uuid','<1>'],'a2a':['set',[['uuid','<0>'],"
        "['uuid','<1>']]],'a2a1':['uuid','<1>'],'a2b':['uuid','<3>']}]}]\n"
        "[{'rows':[{'_uuid':['uuid','<3>'],'b':2,'b2a':['uuid','<0>']},"
        "{'_uuid':['uuid','<4>'],'b':3,'b2a':['uuid','<1>']}]}]\n"
        "[{'count':1}]\n"
        "[{'rows':[{'_uuid':['uuid','<1>'],'a2a':['uuid','<1>'],"
        "'a2a1':['uuid','<1>'],'a2b':['uuid','<3>']}]}]\n"
        "[{'rows':[{'_uuid':['uuid','<3>'],'b':2,'b2a':['set',[]]},"
        "{'_uuid':['uuid','<4>'],'b':3,'b2a':['uuid','<1>']}]}]\n"
        "[{'count':1}]\n"
        "[{'rows':[]}]\n"
        "[{'rows':[{'_uuid':['uuid','<3>'],'b':2,'b2a':['set',[]]},"
        "{'_uuid':['uuid','<4>'],'b':3,'b2a':['set',[]]}]}]\n");
}

OSW_TEST(garbage_collection)
{
    static const char *const select_a =
        "[{'op': 'select', 'table': 'a', 'where': [], 'columns': ['a'],"
        "  'sort': ['a']}]";
    const char *const txns[] = {
        "[{'op': 'insert', 'table': 'a', 'row': {'a': 0}}]",
        select_a,
        "[{'op': 'insert', 'table': 'a',"
        "  'row': {'a': 0, 'a2a': ['named-uuid', 'row1']}, 'uuid-name': "
        "'row0'},"
        " {'op': 'insert', 'table': 'a',"
        "  'row': {'a': 1, 'a2a': ['named-uuid', 'row2']}, 'uuid-name': "
        "'row1'},"
        " {'op': 'insert', 'table': 'a',"
        "  'row': {'a': 2, 'a2a': ['named-uuid', 'row3']}, 'uuid-name': "
        "'row2'},"
        " {'op': 'insert', 'table': 'a', 'row': {'a': 3},"
        "  'uuid-name': 'row3'}]",
        select_a,
        "[{'op': 'insert', 'table': 'a',"
        "  'row': {'a': 4, 'a2a': ['named-uuid', 'row5']}, 'uuid-name': "
        "'row4'},"
        " {'op': 'insert', 'table': 'a',"
        "  'row': {'a': 5, 'a2a': ['named-uuid', 'row4']}, 'uuid-name': "
        "'row5'}]",
        select_a,
        "[{'op': 'update', 'table': 'a', 'where': [['a', '==', 4]],"
        "  'row': {'a2a': ['set', []]}}]",
        select_a,
        "[{'op': 'insert', 'table': 'a',"
        "  'row': {'a': 6, 'wa2a': ['named-uuid', 'row7']}, 'uuid-name': "
        "'row6'},"
        " {'op': 'insert', 'table': 'a',"
        "  'row': {'a': 7, 'wa2a': ['named-uuid', 'row6']}, 'uuid-name': "
        "'row7'}]",
        select_a,
        "[{'op': 'insert', 'table': 'a',"
        "  'row': {'a': 8, 'a2a': ['named-uuid', 'row9']}, 'uuid-name': "
        "'row8'},"
        " {'op': 'insert', 'table': 'a',"
        "  'row': {'a': 9, 'a2a': ['named-uuid', 'row10']}, 'uuid-name': "
        "'row9'},"
        " {'op': 'insert', 'table': 'a',"
        "  'row': {'a': 10, 'a2a': ['named-uuid', 'row11']},"
        "  'uuid-name': 'row10'},"
        " {'op': 'insert', 'table': 'a',"
        "  'row': {'a': 11, 'a2a': ['named-uuid', 'row8']},"
        "  'uuid-name': 'row11'}]",
        select_a,
        "[{'op': 'update', 'table': 'a', 'where': [['a', '==', 9]],"
        "  'row': {'a2a': ['set', []]}}]",
        select_a,
        "[{'op': 'insert', 'table': 'a',"
        "  'row': {'a': 12, 'a2a': ['named-uuid', 'self']},"
        "  'uuid-name': 'self'}]",
        select_a,
        NULL
    };
    check_transactions(
        gc_schema, txns,
        "[{'uuid':['uuid','<0>']}]\n"
        "[{'rows':[]}]\n"
        "[{'uuid':['uuid','<1>']},{'uuid':['uuid','<2>']},"
        "{'uuid':['uuid','<3>']},{'uuid':['uuid','<4>']}]\n"
        "[{'rows':[]}]\n"
        "[{'uuid':['uuid','<5>']},{'uuid':['uuid','<6>']}]\n"
        "[{'rows':[{'a':4},{'a':5}]}]\n"
        "[{'count':1}]\n"
        "[{'rows':[]}]\n"
        "[{'uuid':['uuid','<7>']},{'uuid':['uuid','<8>']}]\n"
        "[{'rows':[]}]\n"
        "[{'uuid':['uuid','<9>']},{'uuid':['uuid','<10>']},"
        "{'uuid':['uuid','<11>']},{'uuid':['uuid','<12>']}]\n"
        "[{'rows':[{'a':8},{'a':9},{'a':10},{'a':11}]}]\n"
        "[{'count':1}]\n"
        "[{'rows':[]}]\n"
        "[{'uuid':['uuid','<13>']}]\n"
        "[{'rows':[]}]\n");
}

/* Errors in requests. */

OSW_TEST(request_errors)
{
    struct ovsdb *db = make_db(ordinal_schema);
    long long int timeout = 0;
    json_t *ops = json_object();
    json_t *result;
    char *text;

    /* Not an array: a single error object. */
    CHECK_EQ(ovsdb_execute(db, NULL, ops, false, 0, &timeout, &result),
             OVSDB_EXEC_DONE);
    text = json_text(result);
    CHECK_STREQ(text, "{\"details\":\"array expected\","
                "\"error\":\"syntax error\",\"syntax\":\"{}\"}");
    free(text);
    json_decref(result);
    json_decref(ops);

    /* No operations: an empty result. */
    result = run(db, "[]");
    text = json_text(result);
    CHECK_STREQ(text, "[]");
    free(text);
    json_decref(result);
    ovsdb_destroy(db);
}

static void
check_first_error(const char *ops, const char *tag, const char *details)
{
    struct ovsdb *db = make_db(ordinal_schema);
    json_t *result = run(db, ops);
    json_t *error = json_array_get(result, 0);

    CHECK_STREQ(json_string_value(json_object_get(error, "error")), tag);
    if (details) {
        CHECK_STREQ(json_string_value(json_object_get(error, "details")),
                    details);
    }
    json_decref(result);
    ovsdb_destroy(db);
}

OSW_TEST(operation_errors)
{
    /* ovsdb-server reports an unknown operation as a syntax error. */
    check_first_error("[{'op': 'frobnicate'}]", "syntax error",
                      "ovsdb operation 1 of 1: No operation "
                      "\"frobnicate\"");
    check_first_error("[42]", "syntax error", NULL);
    check_first_error("[{'table': 'ordinals'}]", "syntax error", NULL);
    check_first_error("[{'op': 'select', 'table': 'nope', 'where': []}]",
                      "syntax error",
                      "ovsdb operation 1 of 1: No table named nope.");
    check_first_error("[{'op': 'select', 'table': 'ordinals'}]",
                      "syntax error", NULL);
    check_first_error("[{'op': 'select', 'table': 'ordinals', 'where': [],"
                      "  'colums': ['name']}]", "syntax error", NULL);
    check_first_error("[{'op': 'select', 'table': 'ordinals', 'where': [],"
                      "  'columns': ['nope']}]", "syntax error", NULL);
    check_first_error("[{'op': 'select', 'table': 'ordinals',"
                      "  'where': [['nope', '==', 1]]}]", "unknown column",
                      "No column nope in table ordinals.");
    check_first_error("[{'op': 'insert', 'table': 'ordinals',"
                      "  'row': {'nope': 1}}]", "unknown column",
                      "No column nope in table ordinals.");
    check_first_error("[{'op': 'insert', 'table': 'ordinals',"
                      "  'row': {'number': 'one'}}]", "syntax error", NULL);
    check_first_error("[{'op': 'update', 'table': 'ordinals', 'where': [],"
                      "  'row': {'number': 1}, 'extra': true}]",
                      "syntax error", NULL);
    check_first_error("[{'op': 'mutate', 'table': 'ordinals', 'where': [],"
                      "  'mutations': [['number', 'insert', 1]]}]",
                      "syntax error", NULL);
    check_first_error("[{'op': 'mutate', 'table': 'ordinals', 'where': [],"
                      "  'mutations': [['number', '!!', 1]]}]",
                      "unknown mutator", "No mutator named !!.");
    check_first_error("[{'op': 'delete', 'table': 'ordinals',"
                      "  'where': [['number', '~', 1]]}]",
                      "unknown function", "No function named ~.");
    check_first_error("[{'op': 'comment', 'comment': 5}]", "syntax error",
                      NULL);
    check_first_error("[{'op': 'assert', 'lock': '9lives'}]", "syntax error",
                      NULL);
}

OSW_TEST(mutate_error_aborts)
{
    static const char *const txns[] = {
        "[{'op': 'insert', 'table': 'ordinals', 'row': {'number': 1}}]",
        "[{'op': 'insert', 'table': 'ordinals', 'row': {'number': 2}},"
        " {'op': 'mutate', 'table': 'ordinals', 'where': [],"
        "  'mutations': [['number', '/=', 0]]},"
        " {'op': 'select', 'table': 'ordinals', 'where': []}]",
        "[{'op': 'select', 'table': 'ordinals', 'where': [],"
        "  'columns': ['number']}]",
        NULL
    };
    check_transactions(ordinal_schema, txns,
                       "[{'uuid':['uuid','<0>']}]\n"
                       "[{'uuid':['uuid','<1>']},{'details':'Division by "
                       "zero.','error':'domain error'},null]\n"
                       "[{'rows':[{'number':1}]}]\n");
}

OSW_TEST(read_only)
{
    struct ovsdb *db = make_db(ordinal_schema);
    long long int timeout = 0;
    json_t *ops, *result;
    char *text;

    ops = parse_json("[{'op': 'insert', 'table': 'ordinals', 'row': {}}]");
    CHECK_EQ(ovsdb_execute(db, NULL, ops, true, 0, &timeout, &result),
             OVSDB_EXEC_DONE);
    text = json_text(result);
    CHECK_STREQ(text, "[{\"details\":\"insert operation not allowed when "
                "database server is in read only mode\","
                "\"error\":\"not allowed\"}]");
    free(text);
    json_decref(result);
    json_decref(ops);

    ops = parse_json("[{'op': 'select', 'table': 'ordinals', 'where': []},"
                     " {'op': 'comment', 'comment': 'x'},"
                     " {'op': 'assert', 'lock': 'l'}]");
    CHECK_EQ(ovsdb_execute(db, NULL, ops, true, 0, &timeout, &result),
             OVSDB_EXEC_DONE);
    text = json_text(result);
    CHECK_STREQ(text, "[{\"rows\":[]},{},{\"details\":\"Asserted lock l not "
                "held.\",\"error\":\"not owner\"}]");
    free(text);
    json_decref(result);
    json_decref(ops);
    ovsdb_destroy(db);
}

OSW_TEST(reserved_database)
{
    struct ovsdb *db = make_db("{'name': '_Server', 'tables': {'T': "
                               "{'columns': {'x': {'type': 'integer'}}}}}");
    json_t *result = run(db, "[{'op': 'insert', 'table': 'T', 'row': {}}]");
    char *text = json_text(result);

    CHECK_STREQ(text, "[{\"details\":\"insert operation not allowed on "
                "table in reserved database _Server\","
                "\"error\":\"not allowed\"}]");
    free(text);
    json_decref(result);
    ovsdb_destroy(db);
}

/* The Open_vSwitch schema. */

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
        /* Relative to this source file. */
        char *dir = xstrdup(__FILE__);
        char *slash = strrchr(dir, '/');
        if (slash) {
            *slash = '\0';
            file = xasprintf("%s/../vswitchd/vswitch.ovsschema", dir);
        } else {
            file = xstrdup("../vswitchd/vswitch.ovsschema");
        }
        free(dir);
    }

    error = ovsdb_schema_from_file(file, &schema);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        fprintf(stderr, "%s: %s\n", file, s);
        free(s);
        free(file);
        osw_test_skip("vswitch.ovsschema not available");
    }
    free(file);
    return ovsdb_create(schema);
}

/* Runs 'ops' on the vswitch database, expecting no error; returns the
 * result (the caller frees it). */
static json_t *
run_ok(struct ovsdb *db, const char *ops)
{
    json_t *result = run(db, ops);
    char *text = json_text(result);

    if (strstr(text, "\"error\"")) {
        osw_test_fail(__FILE__, __LINE__, "transaction failed: %s", text);
    }
    free(text);
    return result;
}

static size_t
count_rows(const struct ovsdb *db, const char *table)
{
    return ovsdb_table_n_rows(ovsdb_get_table(db, table));
}

/* The transaction "osw-vsctl add-br br0" sends. */
static const char add_br0[] =
    "[{'op': 'insert', 'table': 'Open_vSwitch', 'row': {},"
    "  'uuid-name': 'ovs'},"
    " {'op': 'insert', 'table': 'Interface', 'uuid-name': 'iface',"
    "  'row': {'name': 'br0', 'type': 'internal'}},"
    " {'op': 'insert', 'table': 'Port', 'uuid-name': 'port',"
    "  'row': {'name': 'br0',"
    "          'interfaces': ['set', [['named-uuid', 'iface']]]}},"
    " {'op': 'insert', 'table': 'Bridge', 'uuid-name': 'br',"
    "  'row': {'name': 'br0',"
    "          'ports': ['set', [['named-uuid', 'port']]]}},"
    " {'op': 'mutate', 'table': 'Open_vSwitch',"
    "  'where': [['_uuid', '==', ['named-uuid', 'ovs']]],"
    "  'mutations': [['bridges', 'insert',"
    "                 ['set', [['named-uuid', 'br']]]],"
    "                ['next_cfg', '+=', 1]]},"
    " {'op': 'comment', 'comment': 'osw-vsctl: add-br br0'}]";

/* "osw-vsctl add-port br0 NAME" (with the bridge's uuid known). */
static char *
add_port(const char *name)
{
    return xasprintf(
        "[{'op': 'insert', 'table': 'Interface', 'uuid-name': 'i',"
        "  'row': {'name': '%s'}},"
        " {'op': 'insert', 'table': 'Port', 'uuid-name': 'p',"
        "  'row': {'name': '%s', 'interfaces': ['named-uuid', 'i']}},"
        " {'op': 'mutate', 'table': 'Bridge', 'where': [['name', '==', "
        "'br0']],"
        "  'mutations': [['ports', 'insert', ['named-uuid', 'p']]]}]",
        name, name);
}

OSW_TEST(vswitch_add_bridge_and_ports)
{
    struct ovsdb *db = make_vswitch_db();
    json_t *result;
    char *text;

    json_decref(run_ok(db, add_br0));
    CHECK_EQ(count_rows(db, "Open_vSwitch"), 1);
    CHECK_EQ(count_rows(db, "Bridge"), 1);
    CHECK_EQ(count_rows(db, "Port"), 1);
    CHECK_EQ(count_rows(db, "Interface"), 1);

    for (int i = 1; i <= 3; i++) {
        char *name = xasprintf("tap%d", i);
        char *ops = add_port(name);
        json_decref(run_ok(db, ops));
        free(ops);
        free(name);
    }
    CHECK_EQ(count_rows(db, "Port"), 4);
    CHECK_EQ(count_rows(db, "Interface"), 4);

    /* Names are unique ("indexes": [["name"]]). */
    char *ops = add_port("tap1");
    result = run(db, ops);
    free(ops);
    text = json_text(json_array_get(result, 3));
    CHECK(strstr(text, "constraint violation") != NULL);
    CHECK(strstr(text, "identical values (tap1) for index on column "
                 "\\\"name\\\"") != NULL);
    free(text);
    json_decref(result);
    CHECK_EQ(count_rows(db, "Port"), 4);

    /* Names cannot be changed. */
    result = run(db, "[{'op': 'update', 'table': 'Port',"
                 "   'where': [['name', '==', 'tap1']],"
                 "   'row': {'name': 'tap9'}}]");
    CHECK_STREQ(json_string_value(json_object_get(json_array_get(result, 0),
                                                  "details")),
                "Cannot update immutable column name in table Port.");
    json_decref(result);

    /* A Port needs an interface: its default is the all-zeros uuid,
     * which names no row. */
    result = run(db, "[{'op': 'insert', 'table': 'Port',"
                 "   'row': {'name': 'empty'}}]");
    CHECK_EQ(json_array_size(result), 2);
    CHECK_STREQ(json_string_value(json_object_get(json_array_get(result, 1),
                                                  "error")),
                "referential integrity violation");
    json_decref(result);

    /* VLAN tags are checked. */
    result = run(db, "[{'op': 'update', 'table': 'Port',"
                 "   'where': [['name', '==', 'tap2']],"
                 "   'row': {'tag': 4096}}]");
    CHECK_STREQ(json_string_value(json_object_get(json_array_get(result, 0),
                                                  "error")),
                "constraint violation");
    json_decref(result);
    json_decref(run_ok(db, "[{'op': 'update', 'table': 'Port',"
                       "   'where': [['name', '==', 'tap2']],"
                       "   'row': {'tag': 10, 'trunks': ['set', [1, 2]]}}]"));

    /* Select by name goes through the index. */
    result = run_ok(db, "[{'op': 'select', 'table': 'Port',"
                    "   'where': [['name', '==', 'tap2']],"
                    "   'columns': ['name', 'tag', 'trunks']}]");
    text = json_text(result);
    CHECK_STREQ(text, "[{\"rows\":[{\"name\":\"tap2\",\"tag\":10,"
                "\"trunks\":[\"set\",[1,2]]}]}]");
    free(text);
    json_decref(result);

    /* "osw-vsctl del-port tap3": remove it from the bridge; the Port and
     * its Interface go away by themselves. */
    result = run_ok(db, "[{'op': 'select', 'table': 'Port',"
                    "   'where': [['name', '==', 'tap3']],"
                    "   'columns': ['_uuid']}]");
    json_t *uuid = json_object_get(
        json_array_get(json_object_get(json_array_get(result, 0), "rows"), 0),
        "_uuid");
    char *uuid_text = json_text(uuid);
    char *del = xasprintf("[{\"op\": \"mutate\", \"table\": \"Bridge\","
                          "  \"where\": [[\"name\", \"==\", \"br0\"]],"
                          "  \"mutations\": [[\"ports\", \"delete\", %s]]}]",
                          uuid_text);
    json_decref(run_ok(db, del));
    free(del);
    free(uuid_text);
    json_decref(result);
    CHECK_EQ(count_rows(db, "Port"), 3);
    CHECK_EQ(count_rows(db, "Interface"), 3);

    /* Deleting a Port that the bridge still lists is refused. */
    result = run(db, "[{'op': 'delete', 'table': 'Port',"
                 "   'where': [['name', '==', 'tap1']]}]");
    CHECK_EQ(json_array_size(result), 2);
    CHECK_STREQ(json_string_value(json_object_get(json_array_get(result, 1),
                                                  "error")),
                "referential integrity violation");
    json_decref(result);

    /* Clearing the bridge's ports collects every Port and Interface. */
    json_decref(run_ok(db, "[{'op': 'update', 'table': 'Bridge',"
                       "   'where': [], 'row': {'ports': ['set', []]}}]"));
    CHECK_EQ(count_rows(db, "Port"), 0);
    CHECK_EQ(count_rows(db, "Interface"), 0);
    CHECK_EQ(count_rows(db, "Bridge"), 1);

    /* "osw-vsctl del-br br0": drop it from Open_vSwitch. */
    json_decref(run_ok(db, "[{'op': 'update', 'table': 'Open_vSwitch',"
                       "   'where': [], 'row': {'bridges': ['set', []]}}]"));
    CHECK_EQ(count_rows(db, "Bridge"), 0);
    CHECK_EQ(count_rows(db, "Open_vSwitch"), 1);

    /* Only one Open_vSwitch row ("maxRows": 1). */
    result = run(db, "[{'op': 'insert', 'table': 'Open_vSwitch', "
                 "   'row': {}}]");
    CHECK_EQ(json_array_size(result), 2);
    CHECK_STREQ(json_string_value(json_object_get(json_array_get(result, 1),
                                                  "details")),
                "transaction causes \"Open_vSwitch\" table to contain 2 "
                "rows, greater than the schema-defined limit of 1 row(s)");
    json_decref(result);
    ovsdb_destroy(db);
}

OSW_TEST(vswitch_unreferenced_rows_are_not_kept)
{
    struct ovsdb *db = make_vswitch_db();
    json_t *result;
    char *text;

    /* A Bridge that nothing refers to is garbage: the insert succeeds but
     * the row does not stay. */
    result = run_ok(db, "[{'op': 'insert', 'table': 'Bridge',"
                    "   'row': {'name': 'orphan'}}]");
    json_decref(result);
    CHECK_EQ(count_rows(db, "Bridge"), 0);

    /* Open_vSwitch is a root table: it stays. */
    json_decref(run_ok(db, "[{'op': 'insert', 'table': 'Open_vSwitch',"
                       "   'row': {}}]"));
    CHECK_EQ(count_rows(db, "Open_vSwitch"), 1);

    /* Weak references: Mirror.select_src_port is weak; a mirror keeps no
     * port alive and loses the port when it goes. */
    json_decref(run_ok(db, "[{'op': 'insert', 'table': 'Interface',"
                       "  'uuid-name': 'i', 'row': {'name': 'br0'}},"
                       " {'op': 'insert', 'table': 'Port', 'uuid-name': 'p',"
                       "  'row': {'name': 'br0',"
                       "          'interfaces': ['named-uuid', 'i']}},"
                       " {'op': 'insert', 'table': 'Mirror',"
                       "  'uuid-name': 'm', 'row': {'name': 'm0',"
                       "          'select_src_port': ['named-uuid', 'p']}},"
                       " {'op': 'insert', 'table': 'Bridge', 'uuid-name': 'b',"
                       "  'row': {'name': 'br0',"
                       "          'ports': ['named-uuid', 'p'],"
                       "          'mirrors': ['named-uuid', 'm']}},"
                       " {'op': 'mutate', 'table': 'Open_vSwitch',"
                       "  'where': [], 'mutations': [['bridges', 'insert',"
                       "  ['named-uuid', 'b']]]}]"));
    CHECK_EQ(count_rows(db, "Mirror"), 1);
    result = run_ok(db, "[{'op': 'select', 'table': 'Mirror', 'where': [],"
                    "   'columns': ['select_src_port']}]");
    text = json_text(result);
    CHECK(strstr(text, "\"uuid\"") != NULL);
    free(text);
    json_decref(result);

    json_decref(run_ok(db, "[{'op': 'update', 'table': 'Bridge',"
                       "   'where': [], 'row': {'ports': ['set', []]}}]"));
    CHECK_EQ(count_rows(db, "Port"), 0);
    result = run_ok(db, "[{'op': 'select', 'table': 'Mirror', 'where': [],"
                    "   'columns': ['select_src_port']}]");
    text = json_text(result);
    CHECK_STREQ(text, "[{\"rows\":[{\"select_src_port\":[\"set\",[]]}]}]");
    free(text);
    json_decref(result);
    ovsdb_destroy(db);
}

/* Rows of different tables may share a uuid (the insert "uuid" extension
 * allows it); a reference between two such rows is not a self-reference
 * and must count, or the target is collected and the reference dangles.
 * Found by fuzz-ovsdb-transact. */
OSW_TEST(vswitch_same_uuid_in_other_table)
{
    struct ovsdb *db = make_vswitch_db();
    const char *u = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    char *ops = xasprintf(
        "[{'op': 'insert', 'table': 'Open_vSwitch', 'row': {'datapaths':"
        "   ['map', [['x', ['uuid', '%s']]]]}},"
        " {'op': 'insert', 'table': 'Datapath', 'uuid': '%s', 'row':"
        "   {'ct_zones': ['map', [[1, ['uuid', '%s']]]]}},"
        " {'op': 'insert', 'table': 'CT_Zone', 'uuid': '%s', 'row': {}}]",
        u, u, u, u);

    json_decref(run_ok(db, ops));
    CHECK_EQ(count_rows(db, "Datapath"), 1);
    CHECK_EQ(count_rows(db, "CT_Zone"), 1);

    /* Dropping the reference collects the CT_Zone row, as it should. */
    json_decref(run_ok(db, "[{'op': 'update', 'table': 'Datapath',"
                       "   'where': [], 'row': {'ct_zones': ['map', []]}}]"));
    CHECK_EQ(count_rows(db, "CT_Zone"), 0);
    free(ops);
    ovsdb_destroy(db);
}

OSW_TEST(vswitch_many_ports)
{
    /* A thousand ports in one bridge, one transaction each, then all
     * removed at once. */
    enum { N = 1000 };
    struct ovsdb *db = make_vswitch_db();

    json_decref(run_ok(db, add_br0));
    for (int i = 0; i < N; i++) {
        char *name = xasprintf("p%d", i);
        char *ops = add_port(name);
        json_decref(run_ok(db, ops));
        free(ops);
        free(name);
    }
    CHECK_EQ(count_rows(db, "Port"), N + 1);

    json_t *result = run_ok(db, "[{'op': 'select', 'table': 'Interface',"
                            "   'where': [['name', '==', 'p500']],"
                            "   'columns': ['name']}]");
    char *text = json_text(result);
    CHECK_STREQ(text, "[{\"rows\":[{\"name\":\"p500\"}]}]");
    free(text);
    json_decref(result);

    json_decref(run_ok(db, "[{'op': 'update', 'table': 'Bridge',"
                       "   'where': [], 'row': {'ports': ['set', []]}}]"));
    CHECK_EQ(count_rows(db, "Port"), 0);
    CHECK_EQ(count_rows(db, "Interface"), 0);
    ovsdb_destroy(db);
}

OSW_TEST_MAIN()
