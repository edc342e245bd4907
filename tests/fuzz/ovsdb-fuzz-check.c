/* The database invariant checker of the OVSDB fuzz targets (see the
 * header). */
#include <config.h>
#include "ovsdb-fuzz-check.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "osw/hash.h"
#include "osw/hmap.h"
#include "osw/uuid.h"
#include "ovsdb-data.h"
#include "ovsdb-error.h"
#include "ovsdb-schema.h"
#include "ovsdb.h"
#include "row.h"
#include "table.h"

/* Set by ovsdb_fuzz_init(). */
static const char *fail_prefix = "ovsdb-fuzz-check";
static void (*fail_hook)(void);

/* Sets the prefix of failure messages to 'name' and has ovsdb_fuzz_fail()
 * call 'at_fail' (if nonnull) before it aborts. */
void
ovsdb_fuzz_init(const char *name, void (*at_fail)(void))
{
    fail_prefix = name;
    fail_hook = at_fail;
}

/* Prints 'format' to stderr, runs the clean-up hook and aborts, so that
 * libFuzzer (or the replay program) records the input. */
void
ovsdb_fuzz_fail(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    fprintf(stderr, "%s: ", fail_prefix);
    vfprintf(stderr, format, args);
    fprintf(stderr, "\n");
    va_end(args);
    if (fail_hook) {
        fail_hook();
    }
    abort();
}

/* Reference counting. */

/* Strong references counted to one row. */
struct strong_count {
    struct hmap_node hmap_node;     /* By hash_pointer(dst). */
    const struct ovsdb_row *dst;
    size_t n;
};

/* Weak references from one row to another. */
struct weak_count {
    struct hmap_node hmap_node;     /* By hash of 'dst' and 'src_uuid'. */
    const struct ovsdb_row *dst;
    const struct ovsdb_table *src_table;
    struct uuid src_uuid;
    unsigned int n;
    bool seen;                      /* Matched by a row's weak source? */
};

/* The references that the rows of a database actually hold. */
struct ref_counts {
    struct hmap strong;             /* Of "struct strong_count". */
    struct hmap weak;               /* Of "struct weak_count". */
};

static uint32_t
weak_hash(const struct ovsdb_row *dst, const struct uuid *src_uuid)
{
    return hash_pointer(dst, uuid_hash(src_uuid));
}

static struct weak_count *
find_weak(const struct ref_counts *rc, const struct ovsdb_row *dst,
          const struct ovsdb_table *src_table, const struct uuid *src_uuid)
{
    struct weak_count *w;

    HMAP_FOR_EACH_WITH_HASH (w, hmap_node, weak_hash(dst, src_uuid),
                             &rc->weak) {
        if (w->dst == dst && w->src_table == src_table
            && uuid_equals(&w->src_uuid, src_uuid)) {
            return w;
        }
    }
    return NULL;
}

static struct strong_count *
find_strong(const struct ref_counts *rc, const struct ovsdb_row *dst)
{
    struct strong_count *s;

    HMAP_FOR_EACH_WITH_HASH (s, hmap_node, hash_pointer(dst, 0),
                             &rc->strong) {
        if (s->dst == dst) {
            return s;
        }
    }
    return NULL;
}

/* Counts the reference from 'src' (a row of 'src_table') to 'dst'. */
static void
count_ref(struct ref_counts *rc, const struct ovsdb_table *src_table,
          const struct ovsdb_row *src, const struct ovsdb_row *dst,
          bool strong)
{
    if (dst == src) {
        return;                 /* A row's references to itself are free. */
    }
    if (strong) {
        struct strong_count *s = find_strong(rc, dst);
        if (!s) {
            s = xzalloc(sizeof *s);
            s->dst = dst;
            hmap_insert(&rc->strong, &s->hmap_node, hash_pointer(dst, 0));
        }
        s->n++;
    } else {
        const struct uuid *src_uuid = ovsdb_row_get_uuid(src);
        struct weak_count *w = find_weak(rc, dst, src_table, src_uuid);
        if (!w) {
            w = xzalloc(sizeof *w);
            w->dst = dst;
            w->src_table = src_table;
            w->src_uuid = *src_uuid;
            hmap_insert(&rc->weak, &w->hmap_node, weak_hash(dst, src_uuid));
        }
        w->n++;
    }
}

static void
ref_counts_destroy(struct ref_counts *rc)
{
    struct strong_count *s;
    HMAP_FOR_EACH_POP (s, hmap_node, &rc->strong) {
        free(s);
    }
    hmap_destroy(&rc->strong);

    struct weak_count *w;
    HMAP_FOR_EACH_POP (w, hmap_node, &rc->weak) {
        free(w);
    }
    hmap_destroy(&rc->weak);
}

/* Checks and counts the references in 'atoms' ('n' atoms of 'base') held
 * by 'row', in column 'column' of 'table'. */
static void
check_refs(const struct ovsdb *db, struct ref_counts *rc,
           const struct ovsdb_table *table, const struct ovsdb_row *row,
           const struct ovsdb_column *column,
           const struct ovsdb_base_type *base,
           const union ovsdb_atom *atoms, unsigned int n)
{
    if (!ovsdb_base_type_is_ref(base)) {
        return;
    }

    const struct ovsdb_table *dst_table
        = ovsdb_get_table_by_schema(db, base->uuid.ref_table);
    if (!dst_table) {
        ovsdb_fuzz_fail("%s.%s refers to a table not in the database",
                        table->schema->name, column->name);
    }
    for (unsigned int i = 0; i < n; i++) {
        const struct ovsdb_row *dst = ovsdb_table_get_row(dst_table,
                                                          &atoms[i].uuid);
        if (!dst) {
            ovsdb_fuzz_fail("%s row "UUID_FMT" column %s: %s reference to "
                            "missing %s row "UUID_FMT, table->schema->name,
                            UUID_ARGS(ovsdb_row_get_uuid(row)), column->name,
                            ovsdb_base_type_is_strong_ref(base)
                            ? "strong" : "weak",
                            dst_table->schema->name,
                            UUID_ARGS(&atoms[i].uuid));
        }
        count_ref(rc, table, row, dst, ovsdb_base_type_is_strong_ref(base));
    }
}

/* Rows. */

/* True if 'datum' is well formed for 'type': a size within bounds, keys
 * present, sorted and unique, values exactly for maps.  That is
 * ovsdb_datum_conforms_to_type() without the constraints. */
static bool
datum_is_well_formed(const struct ovsdb_datum *datum,
                     const struct ovsdb_type *type)
{
    if (datum->n < type->n_min || datum->n > type->n_max
        || (datum->n && !datum->keys)
        || (datum->n && ovsdb_type_is_map(type) != !!datum->values)) {
        return false;
    }
    for (unsigned int i = 1; i < datum->n; i++) {
        if (ovsdb_atom_compare_3way(&datum->keys[i - 1], &datum->keys[i],
                                    type->key.type) >= 0) {
            return false;
        }
    }
    return true;
}

/* Checks the datums of 'row' (see the header for 'defaults') and adds to
 * 'trip' the columns whose datums meet every constraint, which a JSON
 * round trip must therefore keep. */
static void
check_datums(const struct ovsdb_table *table, const struct ovsdb_row *row,
             enum ovsdb_fuzz_defaults defaults,
             struct ovsdb_column_set *trip)
{
    const struct ovsdb_table_schema *ts = table->schema;

    for (size_t i = 0; i < ts->n_columns; i++) {
        const struct ovsdb_column *column = ts->columns[i];
        const struct ovsdb_datum *datum = &row->fields[i];
        const struct ovsdb_type *type = &column->type;
        bool lax = (defaults == OVSDB_FUZZ_LAX_DEFAULTS
                    && ovsdb_datum_is_default(datum, type));

        if (!datum_is_well_formed(datum, type)
            || (!ovsdb_datum_conforms_to_type(datum, type) && !lax)) {
            ovsdb_fuzz_fail("%s row "UUID_FMT": column %s breaks its type",
                            ts->name, UUID_ARGS(ovsdb_row_get_uuid(row)),
                            column->name);
        }
        if (!lax || ovsdb_datum_conforms_to_type(datum, type)) {
            ovsdb_column_set_add(trip, column);
        }
    }
}

/* Checks that the columns 'trip' of 'row' read back from their JSON form
 * as they are, and that the row is then equal to 'row' in every column
 * ('all'): the others keep their defaults, as in 'row'. */
static void
check_round_trip(const struct ovsdb_table *table, const struct ovsdb_row *row,
                 const struct ovsdb_column_set *trip,
                 const struct ovsdb_column_set *all)
{
    const struct ovsdb_table_schema *ts = table->schema;
    json_t *json = ovsdb_row_to_json(row, trip);
    struct ovsdb_row *copy = ovsdb_row_create(table);
    struct ovsdb_error *error = ovsdb_row_from_json(copy, json, NULL, NULL);

    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        ovsdb_fuzz_fail("%s row "UUID_FMT": its JSON does not parse: %s",
                        ts->name, UUID_ARGS(ovsdb_row_get_uuid(row)), s);
    }
    if (!ovsdb_row_equal_columns(row, copy, all)) {
        ovsdb_fuzz_fail("%s row "UUID_FMT": JSON round trip changed it",
                        ts->name, UUID_ARGS(ovsdb_row_get_uuid(row)));
    }
    ovsdb_row_destroy(copy);
    json_decref(json);
}

/* Checks one row on its own: bookkeeping, datums, and a round trip through
 * JSON.  'all' holds every column of 'table'. */
static void
check_row(const struct ovsdb_table *table, const struct ovsdb_row *row,
          const struct ovsdb_column_set *all,
          enum ovsdb_fuzz_defaults defaults)
{
    const struct ovsdb_table_schema *ts = table->schema;
    struct ovsdb_column_set trip = OVSDB_COLUMN_SET_INITIALIZER;

    if (row->table != table || row->txn_row
        || row->hmap_node.hash != ovsdb_row_hash(row)
        || ovsdb_table_get_row(table, ovsdb_row_get_uuid(row)) != row) {
        ovsdb_fuzz_fail("%s row "UUID_FMT": bad bookkeeping", ts->name,
                        UUID_ARGS(ovsdb_row_get_uuid(row)));
    }
    check_datums(table, row, defaults, &trip);
    check_round_trip(table, row, &trip, all);
    ovsdb_column_set_destroy(&trip);
}

/* Tables. */

/* Checks the unique indexes of 'table' and its committed index maps. */
static void
check_indexes(const struct ovsdb_table *table)
{
    const struct ovsdb_table_schema *ts = table->schema;

    for (size_t i = 0; i < ts->n_indexes; i++) {
        const struct ovsdb_column_set *index = &ts->indexes[i];
        struct ovsdb_row_hash distinct;
        const struct ovsdb_row *row;

        if (hmap_count(&table->indexes[i]) != hmap_count(&table->rows)) {
            ovsdb_fuzz_fail("%s: index %zu has %zu rows, table %zu",
                            ts->name, i, hmap_count(&table->indexes[i]),
                            hmap_count(&table->rows));
        }
        ovsdb_row_hash_init(&distinct, index);
        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            const struct hmap_node *node = ovsdb_row_get_index_node(row, i);
            if (node->hash != ovsdb_row_hash_columns(row, index, 0)
                || ovsdb_row_from_index_node(node, table, i) != row) {
                ovsdb_fuzz_fail("%s row "UUID_FMT": stale index %zu node",
                                ts->name,
                                UUID_ARGS(ovsdb_row_get_uuid(row)), i);
            }
            if (!ovsdb_row_hash_insert(&distinct, row)) {
                ovsdb_fuzz_fail("%s: index %zu is not unique", ts->name, i);
            }
        }
        ovsdb_row_hash_destroy(&distinct, false);
    }
}

/* Checks every row of 'table' on its own and counts the references the
 * rows hold into 'rc'. */
static void
check_table(const struct ovsdb *db, size_t t, struct ref_counts *rc,
            enum ovsdb_fuzz_defaults defaults)
{
    const struct ovsdb_table *table = db->tables[t];
    const struct ovsdb_table_schema *ts = table->schema;
    struct ovsdb_column_set all = OVSDB_COLUMN_SET_INITIALIZER;
    const struct ovsdb_row *row;

    if (ts != db->schema->tables[t] || table->txn_table) {
        ovsdb_fuzz_fail("table %s: bad bookkeeping", ts->name);
    }
    if (hmap_count(&table->rows) > ts->max_rows) {
        ovsdb_fuzz_fail("table %s: %zu rows, maxRows %u", ts->name,
                        hmap_count(&table->rows), ts->max_rows);
    }
    ovsdb_column_set_add_all(&all, ts);
    HMAP_FOR_EACH (row, hmap_node, &table->rows) {
        check_row(table, row, &all, defaults);
        for (size_t i = 0; i < ts->n_columns; i++) {
            const struct ovsdb_column *column = ts->columns[i];
            const struct ovsdb_datum *d = &row->fields[i];

            check_refs(db, rc, table, row, column, &column->type.key,
                       d->keys, d->n);
            check_refs(db, rc, table, row, column, &column->type.value,
                       d->values, d->values ? d->n : 0);
        }
    }
    ovsdb_column_set_destroy(&all);
    check_indexes(table);
}

/* Reference bookkeeping. */

/* Checks that the weak-reference sources recorded in 'row' are those that
 * 'rc' counted, and returns how many there are. */
static size_t
check_weak_srcs(const struct ref_counts *rc, const struct ovsdb_table *table,
                const struct ovsdb_row *row)
{
    const struct ovsdb_weak_src *ws;

    HMAP_FOR_EACH (ws, hmap_node, &row->weak_srcs) {
        struct weak_count *w = find_weak(rc, row, ws->src_table,
                                         &ws->src_uuid);
        if (!w || w->n != ws->n || w->seen) {
            ovsdb_fuzz_fail("%s row "UUID_FMT": weak source "UUID_FMT" "
                            "holds %u references, counted %u",
                            table->schema->name,
                            UUID_ARGS(ovsdb_row_get_uuid(row)),
                            UUID_ARGS(&ws->src_uuid), ws->n, w ? w->n : 0);
        }
        w->seen = true;
    }
    return hmap_count(&row->weak_srcs);
}

/* Checks that what 'rc' counted matches the rows' bookkeeping. */
static void
check_ref_counts(const struct ovsdb *db, const struct ref_counts *rc)
{
    size_t n_weak = 0;

    for (size_t t = 0; t < db->n_tables; t++) {
        const struct ovsdb_table *table = db->tables[t];
        const struct ovsdb_row *row;

        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            const struct strong_count *s = find_strong(rc, row);
            size_t n_refs = s ? s->n : 0;
            if (row->n_refs != n_refs) {
                ovsdb_fuzz_fail("%s row "UUID_FMT": n_refs %zu, but %zu "
                                "strong references", table->schema->name,
                                UUID_ARGS(ovsdb_row_get_uuid(row)),
                                row->n_refs, n_refs);
            }
            if (!n_refs && !table->schema->is_root) {
                ovsdb_fuzz_fail("%s row "UUID_FMT": unreferenced non-root "
                                "row", table->schema->name,
                                UUID_ARGS(ovsdb_row_get_uuid(row)));
            }
            n_weak += check_weak_srcs(rc, table, row);
        }
    }
    if (n_weak != hmap_count(&rc->weak)) {
        ovsdb_fuzz_fail("%zu weak sources recorded, %zu weak references "
                        "held", n_weak, hmap_count(&rc->weak));
    }
}

/* Checks every invariant of 'db' that does not depend on history (see the
 * header), treating columns left at their defaults as 'defaults' says.
 * Aborts through ovsdb_fuzz_fail() on the first one broken. */
void
ovsdb_fuzz_check_db(const struct ovsdb *db,
                    enum ovsdb_fuzz_defaults defaults)
{
    struct ref_counts rc;

    if (db->txn) {
        ovsdb_fuzz_fail("transaction left open");
    }
    hmap_init(&rc.strong);
    hmap_init(&rc.weak);
    for (size_t t = 0; t < db->n_tables; t++) {
        check_table(db, t, &rc, defaults);
    }
    check_ref_counts(db, &rc);
    ref_counts_destroy(&rc);
}
