/* Tests for ovsdb/transaction.c (with row.c, table.c, ovsdb.c):
 * insert/modify/delete, abort, referential integrity, weak references,
 * garbage collection, unique indexes, "maxRows", commit hooks.
 *
 * Error messages are compared in full: they are those of Open vSwitch's
 * ovsdb-server for the same situations. */
#include <config.h>
#include "test-json.h"
#include "testlib.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "osw/uuid.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "row.h"
#include "table.h"
#include "transaction.h"

/* Helpers. */

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

static struct ovsdb_table *
get_table(const struct ovsdb *db, const char *name)
{
    struct ovsdb_table *table = ovsdb_get_table(db, name);
    if (!table) {
        osw_test_fail(__FILE__, __LINE__, "no table %s", name);
    }
    return table;
}

/* Formats a row's JSON: "%U" in 'format' is replaced by the text of the
 * next 'struct uuid *' argument. */
static char *
format_json(const char *format, va_list args)
{
    struct {
        char *s;
    } out = { xstrdup("") };

    for (const char *p = format; *p; p++) {
        char *piece;
        if (p[0] == '%' && p[1] == 'U') {
            const struct uuid *u = va_arg(args, const struct uuid *);
            piece = xasprintf(UUID_FMT, UUID_ARGS(u));
            p++;
        } else {
            piece = xmemdup0(p, 1);
        }
        char *joined = xasprintf("%s%s", out.s, piece);
        free(out.s);
        free(piece);
        out.s = joined;
    }
    return out.s;
}

/* Inserts a row of 'table' with the values in JSON 'format' (see
 * format_json()) and a fresh uuid, which it returns. */
static struct uuid
insert_row(struct ovsdb_txn *txn, struct ovsdb_table *table,
           const char *format, ...)
{
    struct ovsdb_row *row = ovsdb_row_create(table);
    struct ovsdb_error *error;
    struct uuid uuid;
    va_list args;
    json_t *json;
    char *s;

    va_start(args, format);
    s = format_json(format, args);
    va_end(args);
    json = test_json_parse(s);
    error = ovsdb_row_from_json(row, json, NULL, NULL);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", s,
                      ovsdb_error_to_string_free(error));
    }
    uuid_generate(&uuid);
    *ovsdb_row_get_uuid_rw(row) = uuid;
    CHECK(ovsdb_txn_may_create_row(table, &uuid));
    ovsdb_txn_row_insert(txn, row);
    json_decref(json);
    free(s);
    return uuid;
}

static const struct ovsdb_row *
get_row(const struct ovsdb_table *table, const struct uuid *uuid)
{
    return ovsdb_table_get_row(table, uuid);
}

/* Sets the columns in JSON 'format' in row 'uuid' of 'table'. */
static void
update_row(struct ovsdb_txn *txn, struct ovsdb_table *table,
           const struct uuid *uuid, const char *format, ...)
{
    const struct ovsdb_row *row = get_row(table, uuid);
    struct ovsdb_error *error;
    va_list args;
    json_t *json;
    char *s;

    CHECK(row != NULL);
    va_start(args, format);
    s = format_json(format, args);
    va_end(args);
    json = test_json_parse(s);
    error = ovsdb_row_from_json(ovsdb_txn_row_modify(txn, row), json, NULL,
                                NULL);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", s,
                      ovsdb_error_to_string_free(error));
    }
    json_decref(json);
    free(s);
}

static void
delete_row(struct ovsdb_txn *txn, struct ovsdb_table *table,
           const struct uuid *uuid)
{
    const struct ovsdb_row *row = get_row(table, uuid);
    CHECK(row != NULL);
    ovsdb_txn_row_delete(txn, row);
}

/* Returns column 'name' of row 'uuid' of 'table' as compact JSON text
 * (the caller frees it), or "(no row)". */
static char *
column_text(const struct ovsdb_table *table, const struct uuid *uuid,
            const char *name)
{
    const struct ovsdb_row *row = get_row(table, uuid);
    const struct ovsdb_column *column;
    json_t *json;
    char *s;

    if (!row) {
        return xstrdup("(no row)");
    }
    column = ovsdb_table_schema_find_column(table->schema, name);
    CHECK(column != NULL);
    json = ovsdb_datum_to_json(&row->fields[column->index], &column->type);
    s = test_json_text(json);
    json_decref(json);
    return s;
}

#define CHECK_COLUMN(TABLE, UUID, NAME, EXPECTED)                       \
    do {                                                                \
        char *text__ = column_text(TABLE, UUID, NAME);                  \
        CHECK_STREQ(text__, EXPECTED);                                  \
        free(text__);                                                   \
    } while (0)

static void
commit_ok(struct ovsdb_txn *txn)
{
    struct ovsdb_error *error = ovsdb_txn_commit(txn);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "commit failed: %s",
                      ovsdb_error_to_string_free(error));
    }
}

/* Commits 'txn', which must fail with 'tag' and the details formatted from
 * 'format' (printf-style). */
static void OSW_PRINTF_FORMAT(3, 4)
commit_fails(struct ovsdb_txn *txn, const char *tag, const char *format, ...)
{
    struct ovsdb_error *error = ovsdb_txn_commit(txn);
    va_list args;
    char *details;

    if (!error) {
        osw_test_fail(__FILE__, __LINE__, "commit succeeded");
    }
    va_start(args, format);
    details = xvasprintf(format, args);
    va_end(args);
    CHECK_STREQ(ovsdb_error_get_tag(error), tag);
    CHECK_STREQ(error->details, details);
    free(details);
    ovsdb_error_destroy(error);
}

/* Schemas. */

#define ORDINALS_SCHEMA                                                 \
    "{\"name\": \"ordinals\", \"tables\": {\"ordinals\": {"             \
    " \"columns\": {\"number\": {\"type\": \"integer\"},"               \
    "               \"name\": {\"type\": \"string\"}},"                 \
    " \"indexes\": [[\"number\"], [\"number\", \"name\"]]}}}"

#define CONSTRAINT_SCHEMA                                               \
    "{\"name\": \"constraints\", \"tables\": {"                         \
    " \"a\": {\"columns\": {"                                           \
    "   \"a\": {\"type\": \"integer\"},"                                \
    "   \"a2a\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"a\"}," \
    "                      \"min\": 0, \"max\": \"unlimited\"}},"       \
    "   \"a2b\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"b\"}," \
    "                      \"min\": 0, \"max\": \"unlimited\"}}}},"     \
    " \"b\": {\"columns\": {"                                           \
    "   \"b\": {\"type\": \"integer\"},"                                \
    "   \"b2a\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"a\"}," \
    "                      \"min\": 0, \"max\": \"unlimited\"}},"       \
    "   \"b2b\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"b\"}," \
    "                      \"min\": 0, \"max\": \"unlimited\"}},"       \
    "   \"x\": {\"type\": {\"key\": \"integer\", \"min\": 1, \"max\": 2}}}}," \
    " \"constrained\": {\"columns\": {"                                 \
    "   \"positive\": {\"type\": {\"key\": {\"type\": \"integer\","     \
    "                                     \"minInteger\": 1}}}},"       \
    "   \"maxRows\": 1}}}"

#define WEAK_SCHEMA                                                     \
    "{\"name\": \"weak\", \"tables\": {"                                \
    " \"a\": {\"columns\": {"                                           \
    "   \"a\": {\"type\": \"integer\"},"                                \
    "   \"a2a\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"a\"," \
    "                              \"refType\": \"weak\"},"             \
    "                      \"min\": 0, \"max\": \"unlimited\"}},"       \
    "   \"a2a1\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"a\"," \
    "                               \"refType\": \"weak\"}}},"          \
    "   \"a2b\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"b\"," \
    "                              \"refType\": \"weak\"}}}}},"         \
    " \"b\": {\"columns\": {"                                           \
    "   \"b\": {\"type\": \"integer\"},"                                \
    "   \"b2a\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"a\"," \
    "                              \"refType\": \"weak\"},"             \
    "                      \"min\": 0, \"max\": \"unlimited\"}},"       \
    "   \"m\": {\"type\": {\"key\": \"string\","                        \
    "                    \"value\": {\"type\": \"uuid\", \"refTable\": " \
    "\"a\"," \
    "                               \"refType\": \"weak\"},"            \
    "                    \"min\": 0, \"max\": \"unlimited\"}}}}}}"

#define GC_SCHEMA                                                       \
    "{\"name\": \"gc\", \"tables\": {"                                  \
    " \"root\": {\"isRoot\": true, \"columns\": {"                      \
    "   \"a\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"a\"}," \
    "                    \"min\": 0, \"max\": \"unlimited\"}}}},"       \
    " \"a\": {\"columns\": {"                                           \
    "   \"a\": {\"type\": \"integer\"},"                                \
    "   \"a2a\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"a\"}," \
    "                      \"min\": 0, \"max\": \"unlimited\"}},"       \
    "   \"a2b\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"b\"}," \
    "                      \"min\": 0, \"max\": \"unlimited\"}},"       \
    "   \"wa2a\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"a\"," \
    "                               \"refType\": \"weak\"},"            \
    "                       \"min\": 0, \"max\": \"unlimited\"}},"      \
    "   \"m\": {\"type\": {\"key\": \"string\","                        \
    "                    \"value\": {\"type\": \"uuid\", \"refTable\": " \
    "\"b\"}," \
    "                    \"min\": 0, \"max\": \"unlimited\"}}}},"       \
    " \"b\": {\"isRoot\": false, \"columns\": {"                        \
    "   \"b\": {\"type\": \"integer\"},"                                \
    "   \"b2a\": {\"type\": {\"key\": {\"type\": \"uuid\", \"refTable\": " \
    "\"a\"}," \
    "                      \"min\": 0, \"max\": \"unlimited\"}}}}}}"

/* Basic changes and abort. */

OSW_TEST(insert_modify_delete)
{
    struct ovsdb *db = make_db(ORDINALS_SCHEMA);
    struct ovsdb_table *t = get_table(db, "ordinals");
    struct ovsdb_txn *txn;
    struct uuid zero, one, version;

    txn = ovsdb_txn_create(db);
    zero = insert_row(txn, t, "{\"number\": 0, \"name\": \"zero\"}");
    one = insert_row(txn, t, "{\"number\": 1, \"name\": \"one\"}");
    /* Visible inside the transaction, with a version already. */
    CHECK_EQ(ovsdb_table_n_rows(t), 2);
    CHECK(!uuid_is_zero(ovsdb_row_get_version(get_row(t, &zero))));
    CHECK(!ovsdb_txn_may_create_row(t, &zero));
    commit_ok(txn);
    CHECK_EQ(db->n_commits, 1);
    CHECK_EQ(ovsdb_table_n_rows(t), 2);
    CHECK_COLUMN(t, &zero, "name", "\"zero\"");

    /* Modify: a new version. */
    version = *ovsdb_row_get_version(get_row(t, &one));
    txn = ovsdb_txn_create(db);
    update_row(txn, t, &one, "{\"name\": \"uno\"}");
    /* Modifying twice returns the same copy. */
    struct ovsdb_row *a = ovsdb_txn_row_modify(txn, get_row(t, &one));
    struct ovsdb_row *b = ovsdb_txn_row_modify(txn, get_row(t, &one));
    CHECK(a == b);
    commit_ok(txn);
    CHECK_COLUMN(t, &one, "name", "\"uno\"");
    CHECK(!uuid_equals(&version, ovsdb_row_get_version(get_row(t, &one))));

    /* A modification that changes nothing keeps the version and does not
     * count as a commit. */
    version = *ovsdb_row_get_version(get_row(t, &one));
    txn = ovsdb_txn_create(db);
    update_row(txn, t, &one, "{\"name\": \"uno\"}");
    commit_ok(txn);
    CHECK(uuid_equals(&version, ovsdb_row_get_version(get_row(t, &one))));
    CHECK_EQ(db->n_commits, 2);

    /* Delete. */
    txn = ovsdb_txn_create(db);
    delete_row(txn, t, &zero);
    CHECK(get_row(t, &zero) == NULL);
    /* A uuid deleted in this transaction may not be reused in it. */
    CHECK(!ovsdb_txn_may_create_row(t, &zero));
    commit_ok(txn);
    CHECK(get_row(t, &zero) == NULL);
    CHECK(ovsdb_txn_may_create_row(t, &zero));
    CHECK_EQ(ovsdb_table_n_rows(t), 1);
    CHECK_EQ(db->n_commits, 3);

    ovsdb_destroy(db);
}

OSW_TEST(insert_then_delete_in_one_transaction)
{
    struct ovsdb *db = make_db(ORDINALS_SCHEMA);
    struct ovsdb_table *t = get_table(db, "ordinals");
    struct ovsdb_txn *txn = ovsdb_txn_create(db);
    struct uuid u = insert_row(txn, t, "{\"number\": 5}");

    update_row(txn, t, &u, "{\"name\": \"five\"}");
    delete_row(txn, t, &u);
    CHECK(!ovsdb_txn_is_empty(txn));
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(t), 0);
    /* Nothing really changed. */
    CHECK_EQ(db->n_commits, 0);
    ovsdb_destroy(db);
}

OSW_TEST(abort_restores_state)
{
    struct ovsdb *db = make_db(ORDINALS_SCHEMA);
    struct ovsdb_table *t = get_table(db, "ordinals");
    struct ovsdb_txn *txn;
    struct uuid zero, one, two, three;
    const struct ovsdb_row *zero_row, *one_row;

    txn = ovsdb_txn_create(db);
    zero = insert_row(txn, t, "{\"number\": 0, \"name\": \"zero\"}");
    one = insert_row(txn, t, "{\"number\": 1, \"name\": \"one\"}");
    two = insert_row(txn, t, "{\"number\": 2, \"name\": \"two\"}");
    commit_ok(txn);
    zero_row = get_row(t, &zero);
    one_row = get_row(t, &one);

    txn = ovsdb_txn_create(db);
    update_row(txn, t, &zero, "{\"name\": \"nought\"}");
    delete_row(txn, t, &one);
    three = insert_row(txn, t, "{\"number\": 3, \"name\": \"three\"}");
    update_row(txn, t, &two, "{\"number\": 20}");
    delete_row(txn, t, &two);
    CHECK_COLUMN(t, &zero, "name", "\"nought\"");
    CHECK_EQ(ovsdb_table_n_rows(t), 2);
    ovsdb_txn_abort(txn);

    CHECK(db->txn == NULL);
    CHECK_EQ(ovsdb_table_n_rows(t), 3);
    /* The very same committed rows are back. */
    CHECK(get_row(t, &zero) == zero_row);
    CHECK(get_row(t, &one) == one_row);
    CHECK(zero_row->txn_row == NULL);
    CHECK_COLUMN(t, &zero, "name", "\"zero\"");
    CHECK_COLUMN(t, &two, "number", "2");
    CHECK(get_row(t, &three) == NULL);
    CHECK_EQ(db->n_commits, 1);

    /* The indexes still work: a duplicate of 2 is refused. */
    txn = ovsdb_txn_create(db);
    insert_row(txn, t, "{\"number\": 2, \"name\": \"deux\"}");
    struct ovsdb_error *error = ovsdb_txn_commit(txn);
    CHECK(error != NULL);
    ovsdb_error_destroy(error);
    ovsdb_destroy(db);
}

OSW_TEST(comment_durable_and_txnid)
{
    struct ovsdb *db = make_db(ORDINALS_SCHEMA);
    struct ovsdb_table *t = get_table(db, "ordinals");
    struct ovsdb_txn *txn = ovsdb_txn_create(db);
    struct uuid id;

    CHECK(ovsdb_txn_get_comment(txn) == NULL);
    ovsdb_txn_add_comment(txn, "first");
    ovsdb_txn_add_comment(txn, "second");
    CHECK_STREQ(ovsdb_txn_get_comment(txn), "first\nsecond");
    CHECK(!ovsdb_txn_is_durable(txn));
    ovsdb_txn_set_durable(txn, true);
    CHECK(ovsdb_txn_is_durable(txn));
    CHECK(ovsdb_txn_get_db(txn) == db);

    uuid_generate(&id);
    ovsdb_txn_set_txnid(txn, &id);
    CHECK(uuid_equals(ovsdb_txn_get_txnid(txn), &id));
    insert_row(txn, t, "{}");
    commit_ok(txn);
    CHECK(uuid_equals(&db->last_txnid, &id));

    /* Every transaction gets its own random id. */
    txn = ovsdb_txn_create(db);
    CHECK(!uuid_equals(ovsdb_txn_get_txnid(txn), &id));
    CHECK(!uuid_is_zero(ovsdb_txn_get_txnid(txn)));
    ovsdb_txn_abort(txn);
    ovsdb_destroy(db);
}

/* Referential integrity. */

OSW_TEST(reference_to_nonexistent_row)
{
    struct ovsdb *db = make_db(CONSTRAINT_SCHEMA);
    struct ovsdb_table *a = get_table(db, "a");
    struct ovsdb_txn *txn = ovsdb_txn_create(db);
    struct uuid ghost, row;

    uuid_generate(&ghost);
    row = insert_row(txn, a, "{\"a2b\": [\"uuid\", \"%U\"]}", &ghost);
    commit_fails(txn, OVSDB_ERR_REFERENTIAL,
                 "Table a column a2b row "UUID_FMT" references nonexistent "
                 "row "UUID_FMT" in table b.",
                 UUID_ARGS(&row), UUID_ARGS(&ghost));
    CHECK_EQ(ovsdb_table_n_rows(a), 0);
    ovsdb_destroy(db);
}

OSW_TEST(delete_referenced_row)
{
    struct ovsdb *db = make_db(CONSTRAINT_SCHEMA);
    struct ovsdb_table *a = get_table(db, "a");
    struct ovsdb_table *b = get_table(db, "b");
    struct ovsdb_txn *txn;
    struct uuid brow, a0, a1, a2;

    txn = ovsdb_txn_create(db);
    brow = insert_row(txn, b, "{\"b\": 1}");
    a0 = insert_row(txn, a, "{\"a\": 0, \"a2b\": [\"uuid\", \"%U\"]}", &brow);
    a1 = insert_row(txn, a, "{\"a\": 1, \"a2b\": [\"uuid\", \"%U\"]}", &brow);
    a2 = insert_row(txn, a, "{\"a\": 2, \"a2b\": [\"uuid\", \"%U\"]}", &brow);
    commit_ok(txn);
    CHECK_EQ(get_row(b, &brow)->n_refs, 3);
    CHECK_EQ(get_row(a, &a0)->n_refs, 0);

    const struct uuid *referrers[] = { &a0, &a1, &a2 };
    for (int i = 0; i < 3; i++) {
        txn = ovsdb_txn_create(db);
        delete_row(txn, b, &brow);
        commit_fails(txn, OVSDB_ERR_REFERENTIAL,
                     "cannot delete b row "UUID_FMT" because of %d "
                     "remaining reference(s)", UUID_ARGS(&brow), 3 - i);
        /* The failed attempt changed no count. */
        CHECK_EQ(get_row(b, &brow)->n_refs, 3 - i);

        txn = ovsdb_txn_create(db);
        delete_row(txn, a, referrers[i]);
        commit_ok(txn);
        CHECK_EQ(get_row(b, &brow)->n_refs, 2 - i);
    }

    txn = ovsdb_txn_create(db);
    delete_row(txn, b, &brow);
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(b), 0);
    ovsdb_destroy(db);
}

OSW_TEST(mutual_references)
{
    struct ovsdb *db = make_db(CONSTRAINT_SCHEMA);
    struct ovsdb_table *a = get_table(db, "a");
    struct ovsdb_table *b = get_table(db, "b");
    struct ovsdb_txn *txn;
    struct uuid arow, brow;

    /* Rows that refer to each other and to themselves. */
    uuid_generate(&arow);
    uuid_generate(&brow);
    txn = ovsdb_txn_create(db);
    struct ovsdb_row *row = ovsdb_row_create(a);
    *ovsdb_row_get_uuid_rw(row) = arow;
    ovsdb_txn_row_insert(txn, row);
    row = ovsdb_row_create(b);
    *ovsdb_row_get_uuid_rw(row) = brow;
    ovsdb_txn_row_insert(txn, row);
    update_row(txn, a, &arow, "{\"a\": 0, \"a2b\": [\"uuid\", \"%U\"], "
               "\"a2a\": [\"uuid\", \"%U\"]}", &brow, &arow);
    update_row(txn, b, &brow, "{\"b\": 1, \"b2b\": [\"uuid\", \"%U\"], "
               "\"b2a\": [\"uuid\", \"%U\"]}", &brow, &arow);
    commit_ok(txn);
    /* Self references do not count. */
    CHECK_EQ(get_row(a, &arow)->n_refs, 1);
    CHECK_EQ(get_row(b, &brow)->n_refs, 1);

    for (int i = 0; i < 2; i++) {
        txn = ovsdb_txn_create(db);
        delete_row(txn, a, &arow);
        commit_fails(txn, OVSDB_ERR_REFERENTIAL,
                     "cannot delete a row "UUID_FMT" because of 1 "
                     "remaining reference(s)", UUID_ARGS(&arow));
        txn = ovsdb_txn_create(db);
        delete_row(txn, b, &brow);
        commit_fails(txn, OVSDB_ERR_REFERENTIAL,
                     "cannot delete b row "UUID_FMT" because of 1 "
                     "remaining reference(s)", UUID_ARGS(&brow));
    }

    /* Both at once is fine. */
    txn = ovsdb_txn_create(db);
    delete_row(txn, a, &arow);
    delete_row(txn, b, &brow);
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a) + ovsdb_table_n_rows(b), 0);
    ovsdb_destroy(db);
}

OSW_TEST(reference_counts_follow_changes)
{
    struct ovsdb *db = make_db(CONSTRAINT_SCHEMA);
    struct ovsdb_table *a = get_table(db, "a");
    struct ovsdb_table *b = get_table(db, "b");
    struct ovsdb_txn *txn;
    struct uuid b1, b2, a1;

    txn = ovsdb_txn_create(db);
    b1 = insert_row(txn, b, "{\"b\": 1}");
    b2 = insert_row(txn, b, "{\"b\": 2}");
    a1 = insert_row(txn, a, "{\"a2b\": [\"set\", [[\"uuid\", \"%U\"]]]}",
                    &b1);
    commit_ok(txn);
    CHECK_EQ(get_row(b, &b1)->n_refs, 1);
    CHECK_EQ(get_row(b, &b2)->n_refs, 0);

    /* Move the reference from b1 to b2 and delete b1 at once. */
    txn = ovsdb_txn_create(db);
    update_row(txn, a, &a1, "{\"a2b\": [\"uuid\", \"%U\"]}", &b2);
    delete_row(txn, b, &b1);
    commit_ok(txn);
    CHECK_EQ(get_row(b, &b2)->n_refs, 1);

    /* A row modified (not just its references) keeps its count. */
    txn = ovsdb_txn_create(db);
    update_row(txn, b, &b2, "{\"b\": 22}");
    commit_ok(txn);
    CHECK_EQ(get_row(b, &b2)->n_refs, 1);

    /* Referring to a row deleted in the same transaction fails. */
    txn = ovsdb_txn_create(db);
    struct uuid a2 = insert_row(txn, a, "{\"a2b\": [\"uuid\", \"%U\"]}",
                                &b2);
    update_row(txn, a, &a1, "{\"a2b\": [\"set\", []]}");
    delete_row(txn, b, &b2);
    commit_fails(txn, OVSDB_ERR_REFERENTIAL,
                 "cannot delete b row "UUID_FMT" because of 1 remaining "
                 "reference(s)", UUID_ARGS(&b2));
    CHECK(get_row(a, &a2) == NULL);
    CHECK_EQ(get_row(b, &b2)->n_refs, 1);
    ovsdb_destroy(db);
}

/* Weak references. */

OSW_TEST(weak_references)
{
    struct ovsdb *db = make_db(WEAK_SCHEMA);
    struct ovsdb_table *a = get_table(db, "a");
    struct ovsdb_table *b = get_table(db, "b");
    struct uuid a0, a1, a2, b2, b3, ghost;
    struct ovsdb_txn *txn;
    struct ovsdb_row *row;

    /* Insert rows with weak references to each other and to a row that
     * does not exist. */
    uuid_generate(&a0);
    uuid_generate(&a1);
    uuid_generate(&a2);
    uuid_generate(&b2);
    uuid_generate(&b3);
    uuid_generate(&ghost);
    txn = ovsdb_txn_create(db);
    const struct uuid *ids[] = { &a0, &a1, &a2, &b2, &b3 };
    for (int i = 0; i < 5; i++) {
        row = ovsdb_row_create(i < 3 ? a : b);
        *ovsdb_row_get_uuid_rw(row) = *ids[i];
        ovsdb_txn_row_insert(txn, row);
    }
    update_row(txn, a, &a0, "{\"a\": 0, \"a2a\": [\"set\", [[\"uuid\", "
               "\"%U\"], [\"uuid\", \"%U\"], [\"uuid\", \"%U\"]]], "
               "\"a2a1\": [\"uuid\", \"%U\"], \"a2b\": [\"uuid\", \"%U\"]}",
               &a0, &a1, &ghost, &a0, &b2);
    update_row(txn, a, &a1, "{\"a\": 1, \"a2a\": [\"set\", [[\"uuid\", "
               "\"%U\"], [\"uuid\", \"%U\"]]], \"a2a1\": [\"uuid\", \"%U\"], "
               "\"a2b\": [\"uuid\", \"%U\"]}", &a0, &a1, &a1, &b2);
    update_row(txn, a, &a2, "{\"a\": 2, \"a2a\": [\"set\", [[\"uuid\", "
               "\"%U\"], [\"uuid\", \"%U\"]]], \"a2a1\": [\"uuid\", \"%U\"], "
               "\"a2b\": [\"uuid\", \"%U\"]}", &a0, &a1, &a1, &b3);
    update_row(txn, b, &b2, "{\"b\": 2, \"b2a\": [\"uuid\", \"%U\"], "
               "\"m\": [\"map\", [[\"x\", [\"uuid\", \"%U\"]], "
               "[\"y\", [\"uuid\", \"%U\"]]]]}", &a0, &a1, &ghost);
    update_row(txn, b, &b3, "{\"b\": 3, \"b2a\": [\"uuid\", \"%U\"]}", &a1);
    commit_ok(txn);

    /* The reference to the nonexistent row is gone, from a set and from a
     * map value. */
    char *expected = xasprintf("[\"set\",[[\"uuid\",\""UUID_FMT"\"],"
                               "[\"uuid\",\""UUID_FMT"\"]]]",
                               UUID_ARGS(uuid_compare_3way(&a0, &a1) < 0
                                         ? &a0 : &a1),
                               UUID_ARGS(uuid_compare_3way(&a0, &a1) < 0
                                         ? &a1 : &a0));
    CHECK_COLUMN(a, &a0, "a2a", expected);
    free(expected);
    expected = xasprintf("[\"map\",[[\"x\",[\"uuid\",\""UUID_FMT"\"]]]]",
                         UUID_ARGS(&a1));
    CHECK_COLUMN(b, &b2, "m", expected);
    free(expected);

    /* Incoming weak references are counted per source row. */
    CHECK_EQ(hmap_count(&get_row(a, &a1)->weak_srcs), 4);   /* a0 a2 b2 b3 */
    CHECK_EQ(hmap_count(&get_row(a, &a0)->weak_srcs), 3);   /* a1 a2 b2 */
    CHECK_EQ(ovsdb_row_find_weak_src(get_row(a, &a1), &a2, a)->n, 2);

    /* Deleting b3 would empty a2's "a2b", which must have one value. */
    txn = ovsdb_txn_create(db);
    delete_row(txn, b, &b3);
    commit_fails(txn, OVSDB_ERR_CONSTRAINT,
                 "Deletion of 1 weak reference(s) to deleted (or "
                 "never-existing) rows from column \"a2b\" in \"a\" row "
                 UUID_FMT" caused this column to become empty, but "
                 "constraints on this column disallow an empty column.",
                 UUID_ARGS(&a2));
    CHECK(get_row(b, &b3) != NULL);

    /* Same for a1, referred to by a2's "a2a1". */
    txn = ovsdb_txn_create(db);
    delete_row(txn, a, &a1);
    commit_fails(txn, OVSDB_ERR_CONSTRAINT,
                 "Deletion of 1 weak reference(s) to deleted (or "
                 "never-existing) rows from column \"a2a1\" in \"a\" row "
                 UUID_FMT" caused this column to become empty, but "
                 "constraints on this column disallow an empty column.",
                 UUID_ARGS(&a2));

    /* Delete a2, then a0: references to a0 disappear. */
    txn = ovsdb_txn_create(db);
    delete_row(txn, a, &a2);
    commit_ok(txn);
    CHECK_EQ(hmap_count(&get_row(a, &a1)->weak_srcs), 3);
    CHECK(ovsdb_row_find_weak_src(get_row(a, &a1), &a2, a) == NULL);

    struct uuid v1 = *ovsdb_row_get_version(get_row(a, &a1));
    txn = ovsdb_txn_create(db);
    delete_row(txn, a, &a0);
    commit_ok(txn);
    expected = xasprintf("[\"uuid\",\""UUID_FMT"\"]", UUID_ARGS(&a1));
    CHECK_COLUMN(a, &a1, "a2a", expected);
    free(expected);
    CHECK_COLUMN(b, &b2, "b2a", "[\"set\",[]]");
    /* a1 changed: new version. */
    CHECK(!uuid_equals(&v1, ovsdb_row_get_version(get_row(a, &a1))));

    /* Delete a1: nothing refers weakly to anything any more. */
    txn = ovsdb_txn_create(db);
    delete_row(txn, a, &a1);
    commit_ok(txn);
    CHECK_COLUMN(b, &b2, "b2a", "[\"set\",[]]");
    CHECK_COLUMN(b, &b3, "b2a", "[\"set\",[]]");
    CHECK_COLUMN(b, &b2, "m", "[\"map\",[]]");
    CHECK_EQ(hmap_count(&get_row(b, &b2)->weak_srcs), 0);
    ovsdb_destroy(db);
}

OSW_TEST(weak_reference_default_all_zeros)
{
    struct ovsdb *db = make_db(WEAK_SCHEMA);
    struct ovsdb_table *a = get_table(db, "a");
    struct ovsdb_txn *txn = ovsdb_txn_create(db);
    struct uuid me;

    /* "a2b" must hold one reference; its default is the all-zeros uuid,
     * which names no row. */
    uuid_generate(&me);
    struct ovsdb_row *row = ovsdb_row_create(a);
    *ovsdb_row_get_uuid_rw(row) = me;
    ovsdb_txn_row_insert(txn, row);
    update_row(txn, a, &me, "{\"a2a1\": [\"uuid\", \"%U\"]}", &me);
    commit_fails(txn, OVSDB_ERR_CONSTRAINT,
                 "Weak reference column \"a2b\" in \"a\" row "UUID_FMT" "
                 "(inserted within this transaction) contained all-zeros "
                 "UUID (probably as the default value for this column) but "
                 "deleting this value caused a constraint volation because "
                 "this column is not allowed to be empty.", UUID_ARGS(&me));
    ovsdb_destroy(db);
}

OSW_TEST(weak_reference_to_nonexistent_row_in_new_row)
{
    struct ovsdb *db = make_db(WEAK_SCHEMA);
    struct ovsdb_table *a = get_table(db, "a");
    struct ovsdb_table *b = get_table(db, "b");
    struct ovsdb_txn *txn = ovsdb_txn_create(db);
    struct uuid b1, a1, ghost;

    uuid_generate(&ghost);
    b1 = insert_row(txn, b, "{}");
    a1 = insert_row(txn, a, "{\"a2b\": [\"uuid\", \"%U\"], "
                    "\"a2a1\": [\"uuid\", \"%U\"]}", &b1, &ghost);
    commit_fails(txn, OVSDB_ERR_CONSTRAINT,
                 "Deletion of 1 weak reference(s) to deleted (or "
                 "never-existing) rows from column \"a2a1\" in \"a\" row "
                 UUID_FMT" (inserted within this transaction) caused this "
                 "column to become empty, but constraints on this column "
                 "disallow an empty column.", UUID_ARGS(&a1));
    ovsdb_destroy(db);
}

/* Garbage collection. */

OSW_TEST(garbage_collection)
{
    struct ovsdb *db = make_db(GC_SCHEMA);
    struct ovsdb_table *a = get_table(db, "a");
    struct ovsdb_table *root = get_table(db, "root");
    struct ovsdb_txn *txn;
    struct uuid r[12];

    for (int i = 0; i < 12; i++) {
        uuid_generate(&r[i]);
    }

    /* A row nothing refers to is collected at once. */
    txn = ovsdb_txn_create(db);
    insert_row(txn, a, "{\"a\": 0}");
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), 0);
    CHECK_EQ(db->n_commits, 0);

    /* So is a chain. */
    txn = ovsdb_txn_create(db);
    for (int i = 0; i < 4; i++) {
        struct ovsdb_row *row = ovsdb_row_create(a);
        *ovsdb_row_get_uuid_rw(row) = r[i];
        ovsdb_txn_row_insert(txn, row);
    }
    for (int i = 0; i < 3; i++) {
        update_row(txn, a, &r[i], "{\"a2a\": [\"uuid\", \"%U\"]}",
                   &r[i + 1]);
    }
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), 0);

    /* A pair that refer to each other stays... */
    txn = ovsdb_txn_create(db);
    for (int i = 4; i < 6; i++) {
        struct ovsdb_row *row = ovsdb_row_create(a);
        *ovsdb_row_get_uuid_rw(row) = r[i];
        ovsdb_txn_row_insert(txn, row);
    }
    update_row(txn, a, &r[4], "{\"a\": 4, \"a2a\": [\"uuid\", \"%U\"]}",
               &r[5]);
    update_row(txn, a, &r[5], "{\"a\": 5, \"a2a\": [\"uuid\", \"%U\"]}",
               &r[4]);
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), 2);

    /* ...until one lets go. */
    txn = ovsdb_txn_create(db);
    update_row(txn, a, &r[4], "{\"a2a\": [\"set\", []]}");
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), 0);

    /* Weak references do not keep rows alive. */
    txn = ovsdb_txn_create(db);
    for (int i = 6; i < 8; i++) {
        struct ovsdb_row *row = ovsdb_row_create(a);
        *ovsdb_row_get_uuid_rw(row) = r[i];
        ovsdb_txn_row_insert(txn, row);
    }
    update_row(txn, a, &r[6], "{\"wa2a\": [\"uuid\", \"%U\"]}", &r[7]);
    update_row(txn, a, &r[7], "{\"wa2a\": [\"uuid\", \"%U\"]}", &r[6]);
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), 0);

    /* A cycle of four stays; breaking it collects all four. */
    txn = ovsdb_txn_create(db);
    for (int i = 8; i < 12; i++) {
        struct ovsdb_row *row = ovsdb_row_create(a);
        *ovsdb_row_get_uuid_rw(row) = r[i];
        ovsdb_txn_row_insert(txn, row);
    }
    for (int i = 8; i < 12; i++) {
        update_row(txn, a, &r[i], "{\"a2a\": [\"uuid\", \"%U\"]}",
                   &r[i == 11 ? 8 : i + 1]);
    }
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), 4);
    txn = ovsdb_txn_create(db);
    update_row(txn, a, &r[9], "{\"a2a\": [\"set\", []]}");
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), 0);

    /* A row that refers only to itself is collected. */
    txn = ovsdb_txn_create(db);
    struct ovsdb_row *row = ovsdb_row_create(a);
    *ovsdb_row_get_uuid_rw(row) = r[0];
    ovsdb_txn_row_insert(txn, row);
    update_row(txn, a, &r[0], "{\"a2a\": [\"uuid\", \"%U\"]}", &r[0]);
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), 0);

    /* Rows reached from a root row stay, with map values too; removing the
     * root reference collects them, cascading into table b. */
    txn = ovsdb_txn_create(db);
    struct uuid rt = insert_row(txn, root, "{}");
    struct uuid b1 = insert_row(txn, get_table(db, "b"), "{\"b\": 1}");
    struct uuid a1 = insert_row(txn, a, "{\"m\": [\"map\", [[\"k\", "
                                "[\"uuid\", \"%U\"]]]]}", &b1);
    update_row(txn, root, &rt, "{\"a\": [\"uuid\", \"%U\"]}", &a1);
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), 1);
    CHECK_EQ(ovsdb_table_n_rows(get_table(db, "b")), 1);
    CHECK_EQ(get_row(get_table(db, "b"), &b1)->n_refs, 1);

    txn = ovsdb_txn_create(db);
    update_row(txn, root, &rt, "{\"a\": [\"set\", []]}");
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), 0);
    CHECK_EQ(ovsdb_table_n_rows(get_table(db, "b")), 0);
    CHECK_EQ(ovsdb_table_n_rows(root), 1);
    ovsdb_destroy(db);
}

OSW_TEST(garbage_collection_long_chain)
{
    /* A long chain collected in one commit: no recursion depth problem,
     * no quadratic work. */
    enum { N = 20000 };
    struct ovsdb *db = make_db(GC_SCHEMA);
    struct ovsdb_table *a = get_table(db, "a");
    struct ovsdb_table *root = get_table(db, "root");
    struct uuid *ids = xmalloc(N * sizeof *ids);
    struct ovsdb_txn *txn;
    struct uuid rt;

    for (int i = 0; i < N; i++) {
        uuid_generate(&ids[i]);
    }
    txn = ovsdb_txn_create(db);
    for (int i = 0; i < N; i++) {
        struct ovsdb_row *row = ovsdb_row_create(a);
        *ovsdb_row_get_uuid_rw(row) = ids[i];
        if (i + 1 < N) {
            struct ovsdb_datum *d = &row->fields[3];   /* a2a */
            CHECK_STREQ(a->schema->columns[3]->name, "a2a");
            ovsdb_datum_destroy(d, &a->schema->columns[3]->type);
            ovsdb_datum_init_uuid(d, &ids[i + 1]);
        }
        ovsdb_txn_row_insert(txn, row);
    }
    rt = insert_row(txn, root, "{\"a\": [\"uuid\", \"%U\"]}", &ids[0]);
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), N);

    txn = ovsdb_txn_create(db);
    delete_row(txn, root, &rt);
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), 0);
    free(ids);
    ovsdb_destroy(db);
}

/* Unique indexes and maxRows. */

OSW_TEST(index_uniqueness)
{
    struct ovsdb *db = make_db(ORDINALS_SCHEMA);
    struct ovsdb_table *t = get_table(db, "ordinals");
    struct ovsdb_txn *txn;
    struct uuid one, another, u3, u4, two;

    txn = ovsdb_txn_create(db);
    one = insert_row(txn, t, "{\"number\": 1, \"name\": \"one\"}");
    commit_ok(txn);

    /* A duplicate of a committed row. */
    txn = ovsdb_txn_create(db);
    another = insert_row(txn, t, "{\"number\": 1, \"name\": \"another "
                         "one\"}");
    struct ovsdb_error *error = ovsdb_txn_commit(txn);
    CHECK(error != NULL);
    CHECK_STREQ(ovsdb_error_get_tag(error), OVSDB_ERR_CONSTRAINT);
    /* The rows are listed in a fixed order: the greater first, comparing
     * user columns by name ("name" before "number"), then uuids. */
    char *details = xasprintf(
        "Transaction causes multiple rows in \"ordinals\" table to have "
        "identical values (1) for index on column \"number\".  First row, "
        "with UUID "UUID_FMT", existed in the database before this "
        "transaction and was not modified by the transaction.  Second row, "
        "with UUID "UUID_FMT", was inserted by this transaction.",
        UUID_ARGS(&one), UUID_ARGS(&another));
    CHECK_STREQ(error->details, details);
    free(details);
    ovsdb_error_destroy(error);

    /* Delete the old row and insert the same value: fine. */
    txn = ovsdb_txn_create(db);
    another = insert_row(txn, t, "{\"number\": 1, \"name\": \"another "
                         "one\"}");
    delete_row(txn, t, &one);
    commit_ok(txn);

    /* Two new rows with the same value in one transaction. */
    txn = ovsdb_txn_create(db);
    delete_row(txn, t, &another);
    u3 = insert_row(txn, t, "{\"number\": 1, \"name\": \"one\"}");
    u4 = insert_row(txn, t, "{\"number\": 1, \"name\": \"still another "
                    "one\"}");
    error = ovsdb_txn_commit(txn);
    CHECK(error != NULL);
    details = xasprintf(
        "Transaction causes multiple rows in \"ordinals\" table to have "
        "identical values (1) for index on column \"number\".  First row, "
        "with UUID "UUID_FMT", was inserted by this transaction.  Second "
        "row, with UUID "UUID_FMT", was inserted by this transaction.",
        UUID_ARGS(&u4), UUID_ARGS(&u3));
    CHECK_STREQ(error->details, details);
    free(details);
    ovsdb_error_destroy(error);

    txn = ovsdb_txn_create(db);
    two = insert_row(txn, t, "{\"number\": 2, \"name\": \"two\"}");
    commit_ok(txn);

    /* Changing both to the same value. */
    txn = ovsdb_txn_create(db);
    update_row(txn, t, &another, "{\"number\": 3}");
    update_row(txn, t, &two, "{\"number\": 3}");
    error = ovsdb_txn_commit(txn);
    CHECK(error != NULL);
    details = xasprintf(
        "Transaction causes multiple rows in \"ordinals\" table to have "
        "identical values (3) for index on column \"number\".  First row, "
        "with UUID "UUID_FMT", had the following index values before the "
        "transaction: 2.  Second row, with UUID "UUID_FMT", had the "
        "following index values before the transaction: 1.",
        UUID_ARGS(&two), UUID_ARGS(&another));
    CHECK_STREQ(error->details, details);
    free(details);
    ovsdb_error_destroy(error);

    /* Swapping values is fine. */
    txn = ovsdb_txn_create(db);
    update_row(txn, t, &another, "{\"number\": 2}");
    update_row(txn, t, &two, "{\"number\": 1}");
    commit_ok(txn);
    CHECK_COLUMN(t, &another, "number", "2");
    CHECK_COLUMN(t, &two, "number", "1");

    /* A modified row that keeps its index values, against a new row. */
    txn = ovsdb_txn_create(db);
    update_row(txn, t, &two, "{\"name\": \"eins\"}");
    struct uuid dup = insert_row(txn, t, "{\"number\": 1, \"name\": "
                                 "\"eins\"}");
    error = ovsdb_txn_commit(txn);
    CHECK(error != NULL);
    bool two_first = uuid_compare_3way(&two, &dup) > 0;
    const char *two_text = "existed in the database before this "
        "transaction, which modified some of the row's columns but not any "
        "columns in this index.";
    const char *dup_text = "was inserted by this transaction.";
    details = xasprintf(
        "Transaction causes multiple rows in \"ordinals\" table to have "
        "identical values (1) for index on column \"number\".  First row, "
        "with UUID "UUID_FMT", %s  Second row, with UUID "UUID_FMT", %s",
        UUID_ARGS(two_first ? &two : &dup), two_first ? two_text : dup_text,
        UUID_ARGS(two_first ? &dup : &two), two_first ? dup_text : two_text);
    CHECK_STREQ(error->details, details);
    free(details);
    ovsdb_error_destroy(error);

    ovsdb_destroy(db);
}

OSW_TEST(multi_column_index)
{
    struct ovsdb *db = make_db(
        "{\"name\": \"m\", \"tables\": {\"t\": {\"columns\": {"
        " \"x\": {\"type\": \"integer\"}, \"y\": {\"type\": \"string\"},"
        " \"z\": {\"type\": \"integer\"}},"
        " \"indexes\": [[\"x\", \"y\"]]}}}");
    struct ovsdb_table *t = get_table(db, "t");
    struct ovsdb_txn *txn = ovsdb_txn_create(db);
    struct uuid u1, u2;

    u1 = insert_row(txn, t, "{\"x\": 1, \"y\": \"a\", \"z\": 1}");
    insert_row(txn, t, "{\"x\": 1, \"y\": \"b\", \"z\": 1}");
    u2 = insert_row(txn, t, "{\"x\": 2, \"y\": \"a\", \"z\": 1}");
    commit_ok(txn);

    txn = ovsdb_txn_create(db);
    update_row(txn, t, &u2, "{\"x\": 1}");
    struct ovsdb_error *error = ovsdb_txn_commit(txn);
    CHECK(error != NULL);
    bool u1_first = uuid_compare_3way(&u1, &u2) > 0;
    const char *u1_text = "existed in the database before this transaction "
        "and was not modified by the transaction.";
    const char *u2_text = "had the following index values before the "
        "transaction: 2 and a.";
    char *details = xasprintf(
        "Transaction causes multiple rows in \"t\" table to have identical "
        "values (1 and a) for index on columns \"x\" and \"y\".  First row, "
        "with UUID "UUID_FMT", %s  Second row, with UUID "UUID_FMT", %s",
        UUID_ARGS(u1_first ? &u1 : &u2), u1_first ? u1_text : u2_text,
        UUID_ARGS(u1_first ? &u2 : &u1), u1_first ? u2_text : u1_text);
    CHECK_STREQ(error->details, details);
    free(details);
    ovsdb_error_destroy(error);
    ovsdb_destroy(db);
}

OSW_TEST(max_rows)
{
    struct ovsdb *db = make_db(CONSTRAINT_SCHEMA);
    struct ovsdb_table *c = get_table(db, "constrained");
    struct ovsdb_txn *txn;
    struct uuid first;

    txn = ovsdb_txn_create(db);
    first = insert_row(txn, c, "{\"positive\": 1}");
    commit_ok(txn);

    txn = ovsdb_txn_create(db);
    insert_row(txn, c, "{\"positive\": 2}");
    commit_fails(txn, OVSDB_ERR_CONSTRAINT,
                 "transaction causes \"constrained\" table to contain 2 "
                 "rows, greater than the schema-defined limit of 1 row(s)");

    /* Replacing the row in one transaction is fine. */
    txn = ovsdb_txn_create(db);
    delete_row(txn, c, &first);
    insert_row(txn, c, "{\"positive\": 2}");
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(c), 1);
    ovsdb_destroy(db);
}

/* Commit hooks. */

struct test_hook {
    struct ovsdb_commit_hook hook;
    int n_precommits;
    int n_commits;
    int n_destroys;
    struct ovsdb_error *refuse;     /* Returned by precommit, if set. */
    char *log;                      /* What the hook saw. */
    int *order;                     /* Shared call order counter. */
    int precommit_seq, commit_seq;
};

static void
log_append(struct test_hook *h, const char *s)
{
    char *joined = xasprintf("%s%s", h->log ? h->log : "", s);
    free(h->log);
    h->log = joined;
}

static bool
log_change(const struct ovsdb_row *old, const struct ovsdb_row *new,
           const unsigned long *changed, void *h_)
{
    struct test_hook *h = h_;
    const struct ovsdb_row *row = new ? new : old;
    const struct ovsdb_table_schema *ts = row->table->schema;
    const char *what = !old ? "insert" : !new ? "delete" : "modify";
    char *s = xasprintf("%s %s", what, ts->name);

    log_append(h, s);
    free(s);
    for (size_t i = 0; i < ts->n_columns; i++) {
        if (ovsdb_txn_column_changed(changed, i) && old && new) {
            s = xasprintf(" %s", ts->columns[i]->name);
            log_append(h, s);
            free(s);
        }
    }
    log_append(h, ";");
    return true;
}

static struct ovsdb_error *
hook_precommit(struct ovsdb_commit_hook *hook, const struct ovsdb_txn *txn)
{
    struct test_hook *h = CONTAINER_OF(hook, struct test_hook, hook);

    h->n_precommits++;
    h->precommit_seq = ++*h->order;
    /* Not applied yet. */
    CHECK_EQ(ovsdb_txn_get_db(txn)->n_commits, 0);
    log_append(h, "pre:");
    ovsdb_txn_for_each_change(txn, log_change, h);
    if (h->refuse) {
        struct ovsdb_error *error = h->refuse;
        h->refuse = NULL;
        return error;
    }
    return NULL;
}

static void
hook_commit(struct ovsdb_commit_hook *hook, const struct ovsdb_txn *txn)
{
    struct test_hook *h = CONTAINER_OF(hook, struct test_hook, hook);

    h->n_commits++;
    h->commit_seq = ++*h->order;
    /* Applied. */
    CHECK_EQ(ovsdb_txn_get_db(txn)->n_commits, 1);
    log_append(h, "post:");
    ovsdb_txn_for_each_change(txn, log_change, h);
}

static void
hook_destroy(struct ovsdb_commit_hook *hook)
{
    struct test_hook *h = CONTAINER_OF(hook, struct test_hook, hook);
    h->n_destroys++;
}

static const struct ovsdb_commit_hook_class test_hook_class = {
    hook_precommit, hook_commit, hook_destroy,
};

OSW_TEST(commit_hooks_see_changes)
{
    struct ovsdb *db = make_db(ORDINALS_SCHEMA);
    struct ovsdb_table *t = get_table(db, "ordinals");
    struct test_hook h1, h2;
    struct ovsdb_txn *txn;
    struct uuid zero, one;
    int order = 0;

    /* Rows that exist before the hooks are attached. */
    txn = ovsdb_txn_create(db);
    zero = insert_row(txn, t, "{\"number\": 0, \"name\": \"zero\"}");
    one = insert_row(txn, t, "{\"number\": 1, \"name\": \"one\"}");
    commit_ok(txn);
    db->n_commits = 0;

    memset(&h1, 0, sizeof h1);
    memset(&h2, 0, sizeof h2);
    h1.order = h2.order = &order;
    ovsdb_add_commit_hook(db, &h1.hook, &test_hook_class);
    ovsdb_add_commit_hook(db, &h2.hook, &test_hook_class);

    txn = ovsdb_txn_create(db);
    update_row(txn, t, &zero, "{\"name\": \"nought\"}");
    delete_row(txn, t, &one);
    insert_row(txn, t, "{\"number\": 2, \"name\": \"two\"}");
    commit_ok(txn);

    CHECK_STREQ(h1.log, "pre:modify ordinals _version name;delete ordinals;"
                "insert ordinals;post:modify ordinals _version name;"
                "delete ordinals;insert ordinals;");
    CHECK_STREQ(h1.log, h2.log);
    /* Every precommit before any commit, each in attachment order. */
    CHECK_EQ(h1.precommit_seq, 1);
    CHECK_EQ(h2.precommit_seq, 2);
    CHECK_EQ(h1.commit_seq, 3);
    CHECK_EQ(h2.commit_seq, 4);

    /* An empty transaction calls no hook. */
    txn = ovsdb_txn_create(db);
    update_row(txn, t, &zero, "{\"name\": \"nought\"}");
    commit_ok(txn);
    CHECK_EQ(h1.n_precommits, 1);
    CHECK_EQ(h1.n_commits, 1);

    ovsdb_remove_commit_hook(&h2.hook);
    ovsdb_destroy(db);
    CHECK_EQ(h1.n_destroys, 1);
    CHECK_EQ(h2.n_destroys, 0);
    free(h1.log);
    free(h2.log);
}

OSW_TEST(commit_hook_refuses)
{
    struct ovsdb *db = make_db(ORDINALS_SCHEMA);
    struct ovsdb_table *t = get_table(db, "ordinals");
    struct test_hook h1, h2;
    struct ovsdb_txn *txn;
    struct uuid zero;
    int order = 0;

    memset(&h1, 0, sizeof h1);
    memset(&h2, 0, sizeof h2);
    h1.order = h2.order = &order;
    ovsdb_add_commit_hook(db, &h1.hook, &test_hook_class);
    ovsdb_add_commit_hook(db, &h2.hook, &test_hook_class);
    h1.refuse = ovsdb_io_error(5, "disk write failed");

    txn = ovsdb_txn_create(db);
    zero = insert_row(txn, t, "{\"number\": 0, \"name\": \"zero\"}");
    struct ovsdb_error *error = ovsdb_txn_commit(txn);
    CHECK(error != NULL);
    CHECK_STREQ(ovsdb_error_get_tag(error), OVSDB_ERR_IO);
    ovsdb_error_destroy(error);

    /* Nothing happened: no row, no commit, no later hook called. */
    CHECK(get_row(t, &zero) == NULL);
    CHECK_EQ(db->n_commits, 0);
    CHECK_EQ(h1.n_precommits, 1);
    CHECK_EQ(h1.n_commits, 0);
    CHECK_EQ(h2.n_precommits, 0);
    CHECK(db->txn == NULL);

    /* The next transaction goes through. */
    txn = ovsdb_txn_create(db);
    zero = insert_row(txn, t, "{\"number\": 0, \"name\": \"zero\"}");
    commit_ok(txn);
    CHECK(get_row(t, &zero) != NULL);
    CHECK_EQ(h1.n_commits, 1);
    CHECK_EQ(h2.n_commits, 1);

    ovsdb_remove_commit_hook(&h1.hook);
    ovsdb_remove_commit_hook(&h2.hook);
    ovsdb_destroy(db);
    free(h1.log);
    free(h2.log);
}

/* A hook that records, for weak-reference and garbage-collection changes,
 * what a monitor would see. */
static bool
count_changes(const struct ovsdb_row *old, const struct ovsdb_row *new,
              const unsigned long *changed OSW_UNUSED, void *counts_)
{
    int *counts = counts_;
    counts[!old ? 0 : !new ? 1 : 2]++;
    return true;
}

struct counting_hook {
    struct ovsdb_commit_hook hook;
    int counts[3];                  /* Inserts, deletes, modifies. */
};

static void
counting_commit(struct ovsdb_commit_hook *hook, const struct ovsdb_txn *txn)
{
    struct counting_hook *h = CONTAINER_OF(hook, struct counting_hook, hook);
    memset(h->counts, 0, sizeof h->counts);
    ovsdb_txn_for_each_change(txn, count_changes, h->counts);
}

static const struct ovsdb_commit_hook_class counting_hook_class = {
    NULL, counting_commit, NULL,
};

OSW_TEST(hooks_see_implied_changes)
{
    struct ovsdb *db = make_db(GC_SCHEMA);
    struct ovsdb_table *a = get_table(db, "a");
    struct ovsdb_table *root = get_table(db, "root");
    struct counting_hook h;
    struct ovsdb_txn *txn;
    struct uuid rt, a1, a2, a3;

    memset(&h, 0, sizeof h);
    ovsdb_add_commit_hook(db, &h.hook, &counting_hook_class);

    /* a3 holds a weak reference to a2; the root holds a1 and a2. */
    uuid_generate(&a2);
    uuid_generate(&a3);
    txn = ovsdb_txn_create(db);
    struct ovsdb_row *row = ovsdb_row_create(a);
    *ovsdb_row_get_uuid_rw(row) = a2;
    ovsdb_txn_row_insert(txn, row);
    a1 = insert_row(txn, a, "{\"a\": 1}");
    row = ovsdb_row_create(a);
    *ovsdb_row_get_uuid_rw(row) = a3;
    ovsdb_txn_row_insert(txn, row);
    update_row(txn, a, &a3, "{\"wa2a\": [\"uuid\", \"%U\"]}", &a2);
    rt = insert_row(txn, root, "{\"a\": [\"set\", [[\"uuid\", \"%U\"], "
                    "[\"uuid\", \"%U\"], [\"uuid\", \"%U\"]]]}",
                    &a1, &a2, &a3);
    commit_ok(txn);
    CHECK_EQ(h.counts[0], 4);

    /* Dropping a2 from the root garbage-collects it, which removes a3's
     * weak reference: one modify (root), one delete (a2), one modify
     * (a3). */
    txn = ovsdb_txn_create(db);
    update_row(txn, root, &rt, "{\"a\": [\"set\", [[\"uuid\", \"%U\"], "
               "[\"uuid\", \"%U\"]]]}", &a1, &a3);
    commit_ok(txn);
    CHECK_EQ(h.counts[0], 0);
    CHECK_EQ(h.counts[1], 1);
    CHECK_EQ(h.counts[2], 2);
    CHECK(get_row(a, &a2) == NULL);
    CHECK_COLUMN(a, &a3, "wa2a", "[\"set\",[]]");
    /* a1 was not involved. */
    CHECK_EQ(get_row(a, &a1)->n_refs, 1);

    ovsdb_remove_commit_hook(&h.hook);
    ovsdb_destroy(db);
}

static struct ovsdb_error *
refuse_precommit(struct ovsdb_commit_hook *hook OSW_UNUSED,
                 const struct ovsdb_txn *txn OSW_UNUSED)
{
    return ovsdb_error(OVSDB_ERR_IO, "no space");
}

static const struct ovsdb_commit_hook_class refusing_hook_class = {
    refuse_precommit, NULL, NULL,
};

OSW_TEST(refused_commit_undoes_implied_changes)
{
    struct ovsdb *db = make_db(GC_SCHEMA);
    struct ovsdb_table *a = get_table(db, "a");
    struct ovsdb_table *root = get_table(db, "root");
    struct ovsdb_commit_hook hook;
    struct ovsdb_txn *txn;
    struct uuid rt, a1, a2;

    /* root -> a1, a2; a2 -> a1 (strong); a1 -> a2 (weak). */
    uuid_generate(&a1);
    uuid_generate(&a2);
    txn = ovsdb_txn_create(db);
    for (int i = 0; i < 2; i++) {
        struct ovsdb_row *row = ovsdb_row_create(a);
        *ovsdb_row_get_uuid_rw(row) = i ? a2 : a1;
        ovsdb_txn_row_insert(txn, row);
    }
    update_row(txn, a, &a1, "{\"wa2a\": [\"uuid\", \"%U\"]}", &a2);
    update_row(txn, a, &a2, "{\"a2a\": [\"uuid\", \"%U\"]}", &a1);
    rt = insert_row(txn, root, "{\"a\": [\"set\", [[\"uuid\", \"%U\"], "
                    "[\"uuid\", \"%U\"]]]}", &a1, &a2);
    commit_ok(txn);
    const struct ovsdb_row *a1_row = get_row(a, &a1);
    CHECK_EQ(a1_row->n_refs, 2);
    CHECK_EQ(get_row(a, &a2)->n_refs, 1);

    /* Dropping a2 from the root collects it, which takes a1's weak
     * reference; a hook refuses the commit: all of that is undone. */
    ovsdb_add_commit_hook(db, &hook, &refusing_hook_class);
    txn = ovsdb_txn_create(db);
    update_row(txn, root, &rt, "{\"a\": [\"uuid\", \"%U\"]}", &a1);
    struct ovsdb_error *error = ovsdb_txn_commit(txn);
    CHECK(error != NULL);
    ovsdb_error_destroy(error);
    ovsdb_remove_commit_hook(&hook);

    CHECK(get_row(a, &a1) == a1_row);
    CHECK(get_row(a, &a2) != NULL);
    CHECK_EQ(get_row(a, &a1)->n_refs, 2);
    CHECK_EQ(get_row(a, &a2)->n_refs, 1);
    char *expected = xasprintf("[\"uuid\",\""UUID_FMT"\"]", UUID_ARGS(&a2));
    CHECK_COLUMN(a, &a1, "wa2a", expected);
    free(expected);
    CHECK_EQ(ovsdb_row_find_weak_src(get_row(a, &a2), &a1, a)->n, 1);

    /* Without the hook, the same change goes through. */
    txn = ovsdb_txn_create(db);
    update_row(txn, root, &rt, "{\"a\": [\"uuid\", \"%U\"]}", &a1);
    commit_ok(txn);
    CHECK(get_row(a, &a2) == NULL);
    CHECK_COLUMN(a, &a1, "wa2a", "[\"set\",[]]");
    CHECK_EQ(get_row(a, &a1)->n_refs, 1);
    ovsdb_destroy(db);
}

static bool
stop_after_one(const struct ovsdb_row *old OSW_UNUSED,
               const struct ovsdb_row *new OSW_UNUSED,
               const unsigned long *changed OSW_UNUSED, void *n_)
{
    int *n = n_;
    ++*n;
    return false;
}

struct stopping_hook {
    struct ovsdb_commit_hook hook;
    int n;
};

static void
stopping_commit(struct ovsdb_commit_hook *hook, const struct ovsdb_txn *txn)
{
    struct stopping_hook *h = CONTAINER_OF(hook, struct stopping_hook, hook);
    ovsdb_txn_for_each_change(txn, stop_after_one, &h->n);
}

static const struct ovsdb_commit_hook_class stopping_hook_class = {
    NULL, stopping_commit, NULL,
};

OSW_TEST(for_each_change_stops_early)
{
    struct ovsdb *db = make_db(ORDINALS_SCHEMA);
    struct ovsdb_table *t = get_table(db, "ordinals");
    struct stopping_hook h = { .n = 0 };
    struct ovsdb_txn *txn;

    ovsdb_add_commit_hook(db, &h.hook, &stopping_hook_class);
    txn = ovsdb_txn_create(db);
    for (int i = 0; i < 5; i++) {
        struct ovsdb_row *row = ovsdb_row_create(t);
        uuid_generate(ovsdb_row_get_uuid_rw(row));
        ovsdb_datum_destroy(&row->fields[2], &t->schema->columns[2]->type);
        ovsdb_datum_init_integer(&row->fields[2], i);
        ovsdb_txn_row_insert(txn, row);
    }
    commit_ok(txn);
    CHECK_EQ(h.n, 1);
    CHECK_EQ(ovsdb_table_n_rows(t), 5);
    ovsdb_remove_commit_hook(&h.hook);
    ovsdb_destroy(db);
}

OSW_TEST(weak_map_keys_and_deleted_referrers)
{
    struct ovsdb *db = make_db(
        "{\"name\": \"w\", \"tables\": {"
        " \"t\": {\"columns\": {"
        "   \"k\": {\"type\": {\"key\": {\"type\": \"uuid\","
        "                    \"refTable\": \"t\", \"refType\": \"weak\"},"
        "                  \"value\": \"integer\","
        "                  \"min\": 0, \"max\": \"unlimited\"}}}}}}");
    struct ovsdb_table *t = get_table(db, "t");
    struct ovsdb_txn *txn;
    struct uuid x, y, z;

    txn = ovsdb_txn_create(db);
    x = insert_row(txn, t, "{}");
    y = insert_row(txn, t, "{}");
    z = insert_row(txn, t, "{}");
    commit_ok(txn);

    txn = ovsdb_txn_create(db);
    update_row(txn, t, &x, "{\"k\": [\"map\", [[[\"uuid\", \"%U\"], 1], "
               "[[\"uuid\", \"%U\"], 2]]]}", &y, &z);
    update_row(txn, t, &y, "{\"k\": [\"map\", [[[\"uuid\", \"%U\"], 3]]]}",
               &z);
    commit_ok(txn);
    CHECK_EQ(hmap_count(&get_row(t, &z)->weak_srcs), 2);

    /* Delete z and y, which refers to it, at once. */
    txn = ovsdb_txn_create(db);
    delete_row(txn, t, &y);
    delete_row(txn, t, &z);
    commit_ok(txn);
    CHECK_COLUMN(t, &x, "k", "[\"map\",[]]");
    CHECK_EQ(ovsdb_table_n_rows(t), 1);
    ovsdb_destroy(db);
}

OSW_TEST(many_rows_one_commit)
{
    /* 10000 rows referring to one row, inserted and then collected in one
     * transaction each. */
    enum { N = 10000 };
    struct ovsdb *db = make_db(GC_SCHEMA);
    struct ovsdb_table *a = get_table(db, "a");
    struct ovsdb_table *b = get_table(db, "b");
    struct ovsdb_table *root = get_table(db, "root");
    struct ovsdb_txn *txn = ovsdb_txn_create(db);
    struct uuid target = insert_row(txn, b, "{}");
    struct ovsdb_row *rrow = ovsdb_row_create(root);
    struct ovsdb_datum *refs = &rrow->fields[2];
    struct uuid rt;

    ovsdb_datum_destroy(refs, &root->schema->columns[2]->type);
    ovsdb_datum_init_empty(refs);
    for (int i = 0; i < N; i++) {
        struct uuid u = insert_row(txn, a, "{\"a2b\": [\"uuid\", \"%U\"]}",
                                   &target);
        union ovsdb_atom atom;
        atom.uuid = u;
        ovsdb_datum_add_unsafe(refs, &atom, NULL,
                               &root->schema->columns[2]->type);
    }
    ovsdb_datum_sort_unique(refs, &root->schema->columns[2]->type);
    uuid_generate(&rt);
    *ovsdb_row_get_uuid_rw(rrow) = rt;
    ovsdb_txn_row_insert(txn, rrow);
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), N);
    CHECK_EQ(get_row(b, &target)->n_refs, N);

    txn = ovsdb_txn_create(db);
    update_row(txn, root, &rt, "{\"a\": [\"set\", []]}");
    commit_ok(txn);
    CHECK_EQ(ovsdb_table_n_rows(a), 0);
    CHECK_EQ(ovsdb_table_n_rows(b), 0);
    ovsdb_destroy(db);
}

OSW_TEST_MAIN()
