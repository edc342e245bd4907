/* condition: "where" clauses of RFC 7047 (section 5.1), and queries.
 *
 * A <condition> is a JSON array [column, function, value]; a list of them
 * (the "where" of an operation) matches a row when every one does.  The
 * functions:
 *
 *   "==", "!=": any column; the value has the column's type.  They compare
 *       whole values (sets and maps as sets).
 *   "includes", "excludes": any column.  For a scalar they mean "==" and
 *       "!=".  For a set or map, "includes" is true when every element of
 *       the value (every key-value pair of a map) is in the column,
 *       "excludes" when none is.  The value may have fewer elements than
 *       the type's minimum ("excludes": also more than its maximum).
 *   "<", "<=", ">", ">=": integer and real columns holding exactly one or
 *       at most one value only ("Type mismatch: ... operator may not be
 *       applied to column C of type T." otherwise).  A column or value
 *       that is empty compares false.
 *
 * As an Open vSwitch extension (used by "monitor_cond"), a clause may also
 * be the JSON boolean true or false, which matches every row or no row.
 *
 * Errors from ovsdb_condition_from_json() are those of ovsdb-server:
 * "syntax error" ("Parse error in condition.", type mismatches, bad
 * values), "unknown column" ("No column C in table T."), "unknown
 * function" ("No function named F."), and the data errors of
 * ovsdb_datum_from_json() (e.g. "constraint violation" for a value outside
 * the column's range).
 *
 * Clauses are sorted after parsing (false/true first, then "==",
 * "includes", "<=", "<", ">=", ">", "excludes", "!="; within a function
 * "_uuid" and "_version" first, then by column name), so that cheap and
 * selective tests run first and two equivalent conditions compare equal.
 *
 * Queries: ovsdb_query() returns the rows of a table that match.  It does
 * not scan the table when it need not: a "_uuid" "==" clause is answered
 * with one hash lookup, and "==" clauses that cover every column of one of
 * the table's unique indexes with a probe of that index (plus the rows the
 * open transaction changed).  Otherwise it scans.
 *
 * Ownership: a condition owns its clauses' values; 'column' pointers are
 * borrowed from the table schema, which must outlive the condition.
 *
 * Thread-safety: conditions are plain values. */
#ifndef OVSDB_CONDITION_H
#define OVSDB_CONDITION_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "osw/util.h"
#include "ovsdb-data.h"

struct ovsdb_column;
struct ovsdb_row;
struct ovsdb_row_set;
struct ovsdb_symbol_table;
struct ovsdb_table;
struct ovsdb_table_schema;

/* In sorting order. */
enum ovsdb_function {
    OVSDB_F_FALSE,
    OVSDB_F_TRUE,
    OVSDB_F_EQ,
    OVSDB_F_INCLUDES,
    OVSDB_F_LE,
    OVSDB_F_LT,
    OVSDB_F_GE,
    OVSDB_F_GT,
    OVSDB_F_EXCLUDES,
    OVSDB_F_NE
};

/* Parses 'name' ("==", "includes", ...; not "true"/"false").  Errors:
 * "unknown function". */
struct ovsdb_error *ovsdb_function_from_string(const char *name,
                                               enum ovsdb_function *)
    OSW_WARN_UNUSED_RESULT;
const char *ovsdb_function_to_string(enum ovsdb_function);

struct ovsdb_clause {
    enum ovsdb_function function;
    const struct ovsdb_column *column;  /* NULL for OVSDB_F_TRUE/FALSE. */
    struct ovsdb_datum arg;             /* Empty for OVSDB_F_TRUE/FALSE. */
};

struct ovsdb_condition {
    struct ovsdb_clause *clauses;
    size_t n_clauses;
};

#define OVSDB_CONDITION_INITIALIZER { NULL, 0 }

void ovsdb_condition_init(struct ovsdb_condition *cnd);
void ovsdb_condition_destroy(struct ovsdb_condition *cnd);
/* Initializes 'dst' as a deep copy of 'src'. */
void ovsdb_condition_clone(struct ovsdb_condition *dst,
                           const struct ovsdb_condition *src);

/* Parses 'json', a JSON array of clauses on table 'ts', into 'cnd' (which
 * need not be initialized).  "named-uuid" values are accepted if 'symtab'
 * is nonnull.  On error, 'cnd' is empty (and need not be destroyed). */
struct ovsdb_error *ovsdb_condition_from_json(
    const struct ovsdb_table_schema *ts, const json_t *json,
    struct ovsdb_symbol_table *symtab, struct ovsdb_condition *cnd)
    OSW_WARN_UNUSED_RESULT;
/* Returns 'cnd' as a JSON array (in sorted clause order). */
json_t *ovsdb_condition_to_json(const struct ovsdb_condition *cnd);

/* True if 'row' matches every clause of 'cnd'. */
bool ovsdb_condition_evaluate(const struct ovsdb_row *row,
                              const struct ovsdb_condition *cnd);
/* Like ovsdb_condition_evaluate() for bare datums indexed by column index
 * (for example a row being built). */
bool ovsdb_condition_evaluate_datums(const struct ovsdb_datum *fields,
                                     const struct ovsdb_condition *cnd);

/* True if 'cnd' has no clause or only "true" clauses: it matches every
 * row. */
bool ovsdb_condition_is_true(const struct ovsdb_condition *cnd);
/* True if 'cnd' has a "false" clause: it matches no row. */
bool ovsdb_condition_is_false(const struct ovsdb_condition *cnd);
/* Compares conditions clause by clause (function, column, value). */
int ovsdb_condition_cmp_3way(const struct ovsdb_condition *a,
                             const struct ovsdb_condition *b);

/* How ovsdb_query() answers a query. */
enum ovsdb_query_plan {
    OVSDB_QUERY_NONE,           /* A "false" clause: no row can match. */
    OVSDB_QUERY_UUID,           /* One lookup by "_uuid". */
    OVSDB_QUERY_INDEX,          /* A probe of a unique index. */
    OVSDB_QUERY_SCAN            /* Every row is evaluated. */
};

/* Returns how ovsdb_query() would answer 'cnd' on 'table'; for
 * OVSDB_QUERY_INDEX, stores the number of the index in '*indexp' (if
 * nonnull). */
enum ovsdb_query_plan ovsdb_query_plan(const struct ovsdb_table *table,
                                       const struct ovsdb_condition *cnd,
                                       size_t *indexp);

/* Appends to 'rows' every row of 'table' (as the open transaction, if any,
 * sees it) that matches 'cnd', each once.  See the header comment for the
 * fast paths. */
void ovsdb_query(const struct ovsdb_table *table,
                 const struct ovsdb_condition *cnd,
                 struct ovsdb_row_set *rows);

#endif /* condition.h */
