/* mutation: the "mutations" of RFC 7047's "mutate" operation (5.1).
 *
 * A <mutation> is a JSON array [column, mutator, value]:
 *
 *   "+=", "-=", "*=", "/=", "%=": the column must be an integer or real
 *       scalar or a set of them (not "%=" on reals, not maps); the value
 *       is one number of the column's atomic type (constraints ignored).
 *       Each element of the column is changed.  Integer overflow is a
 *       "range error" ("Result of \"+=\" operation is out of range."), as
 *       is a real result beyond +/-DBL_MAX; dividing by zero is a "domain
 *       error" ("Division by zero.").  A result that breaks the column's
 *       constraints is the "constraint violation" of
 *       ovsdb_atom_check_constraints(); a set whose elements collide is a
 *       "constraint violation" ("Result of \"/=\" operation contains
 *       duplicates.").
 *
 *   "insert": the column must be a set or a map; the value is a set (a
 *       map) of the column's type with any number of elements from 0 to
 *       the maximum.  Elements (keys, for a map) already present are left
 *       alone.
 *
 *   "delete": the column must be a set or a map; the value is a set of
 *       elements to remove, or for a map either a map (pairs removed only
 *       where key and value both match) or a set of keys.
 *
 * After "insert" and "delete", a column with too few or too many elements
 * is a "constraint violation" ("Attempted to store 3 elements in set of 1
 * to 2 integers.").
 *
 * Columns that are not mutable ("mutable": false in the schema, and the
 * implicit "_uuid" and "_version") cannot be mutated: "constraint
 * violation" ("Cannot mutate immutable column C in table T.").  Other
 * parse errors are ovsdb-server's: "syntax error" ("Parse error in
 * mutation.", "Type mismatch: ..."), "unknown column", "unknown mutator"
 * ("No mutator named M.").
 *
 * Ownership: a mutation set owns its values and their types; columns are
 * borrowed from the table schema.  Thread-safety: plain values. */
#ifndef OVSDB_MUTATION_H
#define OVSDB_MUTATION_H 1

#include <jansson.h>
#include <stddef.h>
#include "osw/util.h"
#include "ovsdb-data.h"
#include "ovsdb-types.h"

struct ovsdb_column;
struct ovsdb_row;
struct ovsdb_symbol_table;
struct ovsdb_table_schema;

enum ovsdb_mutator {
    OVSDB_M_ADD,
    OVSDB_M_SUB,
    OVSDB_M_MUL,
    OVSDB_M_DIV,
    OVSDB_M_MOD,
    OVSDB_M_INSERT,
    OVSDB_M_DELETE
};

/* Parses 'name' ("+=", "insert", ...).  Errors: "unknown mutator". */
struct ovsdb_error *ovsdb_mutator_from_string(const char *name,
                                              enum ovsdb_mutator *)
    OSW_WARN_UNUSED_RESULT;
const char *ovsdb_mutator_to_string(enum ovsdb_mutator);

struct ovsdb_mutation {
    const struct ovsdb_column *column;
    enum ovsdb_mutator mutator;
    struct ovsdb_type type;     /* Type of 'arg' (owned). */
    struct ovsdb_datum arg;
};

struct ovsdb_mutation_set {
    struct ovsdb_mutation *mutations;
    size_t n_mutations;
};

#define OVSDB_MUTATION_SET_INITIALIZER { NULL, 0 }

/* Parses 'json', a JSON array of mutations on table 'ts', into 'set'
 * (which need not be initialized).  "named-uuid" values are accepted if
 * 'symtab' is nonnull.  On error, 'set' is empty. */
struct ovsdb_error *ovsdb_mutation_set_from_json(
    const struct ovsdb_table_schema *ts, const json_t *json,
    struct ovsdb_symbol_table *symtab, struct ovsdb_mutation_set *set)
    OSW_WARN_UNUSED_RESULT;
json_t *ovsdb_mutation_set_to_json(const struct ovsdb_mutation_set *set);
void ovsdb_mutation_set_destroy(struct ovsdb_mutation_set *set);

/* Applies 'set' to 'row', in order.  On error, 'row' may be partly
 * mutated (the caller aborts its transaction) but every datum in it stays
 * valid. */
struct ovsdb_error *ovsdb_mutation_set_execute(
    struct ovsdb_row *row, const struct ovsdb_mutation_set *set)
    OSW_WARN_UNUSED_RESULT;

#endif /* mutation.h */
