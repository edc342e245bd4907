/* ovsdb-data: the values stored in OVSDB columns (RFC 7047 section 5.1).
 *
 * Atoms
 * =====
 *
 * 'union ovsdb_atom' holds one value of an atomic type; which member is
 * valid is given by the 'enum ovsdb_atomic_type' that every function takes
 * alongside the atom (atoms do not carry their type).  A string atom owns
 * a plain heap-allocated, NUL-terminated, valid UTF-8 'char *' (freed by
 * ovsdb_atom_destroy(); copied by ovsdb_atom_clone()); the other types own
 * nothing.  Reals are always finite (JSON cannot express anything else).
 *
 * Atoms order as follows (ovsdb_atom_compare_3way()): integers and reals
 * numerically, false before true, strings bytewise (strcmp()), uuids by
 * their four 32-bit words in order.
 *
 * Datums
 * ======
 *
 * 'struct ovsdb_datum' is the value of one column: 'n' keys, and for a map
 * 'n' values in a parallel array ('values' is NULL for a scalar or set).
 * Like the atoms, a datum does not know its type: functions take the
 * 'struct ovsdb_type' of the column.  The invariants of a datum of type T,
 * which every function here keeps and expects (except where it says
 * "unsafe"):
 *
 *   - keys are sorted (ascending, ovsdb_atom_compare_3way()) and unique,
 *     so that a set or map has one canonical representation and lookups
 *     are binary searches;
 *   - 'values' is non-NULL exactly when T is a map (or when 'n' is 0,
 *     in which case it does not matter);
 *   - the datum owns its arrays and the strings in them.
 *
 * The number of elements and the constraints of T (enum, ranges, lengths)
 * are checked when data come from outside (JSON from a peer, text from a
 * user); functions that combine datums (union, subtract, diff) do not
 * check them, and the transaction layer checks the result with
 * ovsdb_datum_check_size() and ovsdb_datum_check_constraints().
 *
 * JSON (RFC 7047 <value>): a scalar or a set with exactly one element is a
 * bare <atom>; any other set is ["set", [<atom>...]]; a map is always
 * ["map", [[<atom>, <atom>]...]]; a uuid atom is ["uuid", "<uuid>"], and
 * where the caller passes a symbol table also ["named-uuid", "<id>"],
 * which stands for the uuid the table gives that name.  Parsing is exactly
 * as strict as Open vSwitch's ovsdb-server: same error tags ("syntax
 * error"; "constraint violation" for enum, range and length violations;
 * "ovsdb error" for duplicate set members or map keys), messages of the
 * same form.
 *
 * Text (ovs-vsctl(8) "Database Values"): integers in decimal; reals as
 * "%.15g", or with up to 17 digits where 15 would not read back exactly;
 * booleans "true"/"false" (input also accepts yes/no, on/off, 1/0);
 * uuids bare, or "@name" for a symbol; strings bare when they are a
 * letter or '_' followed by letters, digits, '_', '-' and '.', and are not
 * "true", "false" or uuid-like, otherwise in double quotes with JSON
 * escapes.  Sets print as "[a, b]" and maps as "{k=v, k2=v2}"; a column
 * that holds at most one value prints without brackets unless it is
 * empty.  Input accepts elements separated by spaces or a comma, optional
 * brackets/braces, and integer ranges "1-10" (at most 4096 integers) in
 * the keys of integer columns.  The "bare" format (--data=bare) prints
 * elements separated by single spaces, map entries as k=v, and strings
 * raw.
 *
 * Thread-safety: atoms, datums and symbol tables are plain values owned by
 * one thread at a time; all functions are reentrant.  The defaults
 * returned by ovsdb_atom_default() and ovsdb_datum_default() are static
 * and read-only. */
#ifndef OVSDB_DATA_H
#define OVSDB_DATA_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "osw/hmap.h"
#include "osw/util.h"
#include "osw/uuid.h"
#include "ovsdb-types.h"

struct ds;
struct ovsdb_error;
struct ovsdb_symbol_table;

/* Largest integer range "A-B" accepted in text input, in integers. */
#define OVSDB_MAX_INTEGER_RANGE 4096

/* One value of an atomic type. */
union ovsdb_atom {
    int64_t integer;
    double real;
    bool boolean;
    char *string;               /* Owned, valid UTF-8, no NUL bytes. */
    struct uuid uuid;
};

/* Initializes 'atom' with the default value of 'type': 0, 0.0, false, ""
 * (a fresh copy, to be destroyed) or the all-zeros uuid. */
void ovsdb_atom_init_default(union ovsdb_atom *atom,
                             enum ovsdb_atomic_type type);
/* Returns a static read-only atom holding the default of 'type'. */
const union ovsdb_atom *ovsdb_atom_default(enum ovsdb_atomic_type type);
/* True if 'atom' equals the default of 'type'. */
bool ovsdb_atom_is_default(const union ovsdb_atom *atom,
                           enum ovsdb_atomic_type type);

/* Initializes 'dst' as a copy of 'src' (duplicating a string). */
void ovsdb_atom_clone(union ovsdb_atom *dst, const union ovsdb_atom *src,
                      enum ovsdb_atomic_type type);
/* Frees what 'atom' owns (its string, for a string atom). */
void ovsdb_atom_destroy(union ovsdb_atom *atom, enum ovsdb_atomic_type type);
void ovsdb_atom_swap(union ovsdb_atom *a, union ovsdb_atom *b);

uint32_t ovsdb_atom_hash(const union ovsdb_atom *atom,
                         enum ovsdb_atomic_type type, uint32_t basis);
/* Returns negative, zero or positive as 'a' sorts before, equal to or
 * after 'b'. */
int ovsdb_atom_compare_3way(const union ovsdb_atom *a,
                            const union ovsdb_atom *b,
                            enum ovsdb_atomic_type type);

static inline bool
ovsdb_atom_equals(const union ovsdb_atom *a, const union ovsdb_atom *b,
                  enum ovsdb_atomic_type type)
{
    return !ovsdb_atom_compare_3way(a, b, type);
}

/* Parses JSON <atom> 'json' as a value of 'base' into 'atom' (which need
 * not be initialized) and checks it against 'base''s constraints.
 * ["named-uuid", NAME] is accepted only if 'symtab' is nonnull: the name
 * is looked up in (or added to) 'symtab' and marked used.  On error,
 * 'atom' owns nothing. */
struct ovsdb_error *ovsdb_atom_from_json(union ovsdb_atom *atom,
                                         const struct ovsdb_base_type *base,
                                         const json_t *json,
                                         struct ovsdb_symbol_table *symtab)
    OSW_WARN_UNUSED_RESULT;
/* Returns 'atom' as JSON.  The caller owns the reference.  Parts of the
 * value (the "uuid" tag) may be shared: do not change it in place. */
json_t *ovsdb_atom_to_json(const union ovsdb_atom *atom,
                           enum ovsdb_atomic_type type);

/* Parses 's', one value in ovs-vsctl syntax (see the header comment), as a
 * value of 'base' into 'atom' (which need not be initialized), and checks
 * 'base''s constraints.  If 'range_end' is nonnull and 'base' is an
 * integer type, "A-B" is accepted as a range: 'atom' gets A and
 * '*range_end' B (for a single integer, '*range_end' equals it).  "@name"
 * is accepted for a uuid only if 'symtab' is nonnull.  Returns NULL on
 * success, otherwise an error message for the user (the caller frees it)
 * and 'atom' owns nothing. */
char *ovsdb_atom_from_string(union ovsdb_atom *atom, int64_t *range_end,
                             const struct ovsdb_base_type *base,
                             const char *s,
                             struct ovsdb_symbol_table *symtab)
    OSW_WARN_UNUSED_RESULT;
/* Appends 'atom' to 'out' in ovs-vsctl syntax (quoted when needed). */
void ovsdb_atom_to_string(const union ovsdb_atom *atom,
                          enum ovsdb_atomic_type type, struct ds *out);
/* Appends 'atom' to 'out' in bare form (strings never quoted). */
void ovsdb_atom_to_bare(const union ovsdb_atom *atom,
                        enum ovsdb_atomic_type type, struct ds *out);

/* Returns NULL if 'atom' satisfies 'base''s constraints (enum, integer or
 * real range, string length in characters and UTF-8 validity), otherwise
 * a "constraint violation" error saying which and why. */
struct ovsdb_error *ovsdb_atom_check_constraints(
    const union ovsdb_atom *atom, const struct ovsdb_base_type *base)
    OSW_WARN_UNUSED_RESULT;

/* The value of a column: see the header comment for the invariants. */
struct ovsdb_datum {
    unsigned int n;             /* Number of elements. */
    union ovsdb_atom *keys;     /* 'n' keys, sorted and unique. */
    union ovsdb_atom *values;   /* 'n' values for a map, else NULL. */
};

/* Initializes 'datum' as empty (valid for every type: a datum with no
 * elements owns nothing). */
void ovsdb_datum_init_empty(struct ovsdb_datum *datum);
/* Initializes 'datum' as the default value of 'type': empty if 'n_min' is
 * 0, otherwise one element with the default key (and value). */
void ovsdb_datum_init_default(struct ovsdb_datum *datum,
                              const struct ovsdb_type *type);
/* True if 'datum' is the default of 'type'. */
bool ovsdb_datum_is_default(const struct ovsdb_datum *datum,
                            const struct ovsdb_type *type);
/* Returns a static read-only datum holding the default of 'type'. */
const struct ovsdb_datum *ovsdb_datum_default(const struct ovsdb_type *type);

/* Initialize 'datum' as a datum with exactly one key (a scalar). */
void ovsdb_datum_init_integer(struct ovsdb_datum *datum, int64_t integer);
void ovsdb_datum_init_real(struct ovsdb_datum *datum, double real);
void ovsdb_datum_init_boolean(struct ovsdb_datum *datum, bool boolean);
void ovsdb_datum_init_string(struct ovsdb_datum *datum, const char *string);
void ovsdb_datum_init_uuid(struct ovsdb_datum *datum,
                           const struct uuid *uuid);

/* Initializes 'dst' as a deep copy of 'src'. */
void ovsdb_datum_clone(struct ovsdb_datum *dst, const struct ovsdb_datum *src,
                       const struct ovsdb_type *type);
/* Frees what 'datum' owns.  'datum' is then invalid until reinitialized. */
void ovsdb_datum_destroy(struct ovsdb_datum *datum,
                         const struct ovsdb_type *type);
void ovsdb_datum_swap(struct ovsdb_datum *a, struct ovsdb_datum *b);

/* Parses JSON <value> 'json' as a value of 'type' into 'datum' (which need
 * not be initialized): checks the shape, the number of elements against
 * n_min/n_max, each atom against its base type's constraints, and that
 * keys are unique.  "named-uuid" is accepted only if 'symtab' is nonnull
 * (see ovsdb_atom_from_json()).  On error, 'datum' is empty. */
struct ovsdb_error *ovsdb_datum_from_json(struct ovsdb_datum *datum,
                                          const struct ovsdb_type *type,
                                          const json_t *json,
                                          struct ovsdb_symbol_table *symtab)
    OSW_WARN_UNUSED_RESULT;
/* Like ovsdb_datum_from_json(), but ignores every constraint of 'type'
 * except the atomic types: any number of elements, no enum, range, length
 * or reference checks (duplicates are still an error).  For the diffs of
 * "update2" notifications and other data a peer sends about values that
 * were already checked.  On success, 'datum' is a valid datum of a type
 * like 'type' with n_min 0 and n_max UINT_MAX (use 'type' to destroy it).
 *
 * Not for the arguments of conditions and mutations: ovsdb-server checks
 * the base types' constraints there ("includes" or "delete" with a value
 * outside an enum is a "constraint violation"), so parse those with
 * ovsdb_datum_from_json() and a copy of the column type whose n_min and
 * n_max are widened as the operator needs. */
struct ovsdb_error *ovsdb_datum_from_json_relaxed(
    struct ovsdb_datum *datum, const struct ovsdb_type *type,
    const json_t *json, struct ovsdb_symbol_table *symtab)
    OSW_WARN_UNUSED_RESULT;
/* Returns 'datum' as a JSON <value>.  The caller owns the reference.  The
 * value, or parts of it (an empty set or map, the "set", "map" and "uuid"
 * tags), may be shared: do not change it in place. */
json_t *ovsdb_datum_to_json(const struct ovsdb_datum *datum,
                            const struct ovsdb_type *type);

/* Parses 's', a value in ovs-vsctl syntax, as a value of 'type' into
 * 'datum' (which need not be initialized), checking the number of
 * elements, constraints and duplicates.  "@name" uuids are accepted only
 * if 'symtab' is nonnull.  Returns NULL on success; otherwise an error
 * message for the user (the caller frees it), and 'datum' is empty. */
char *ovsdb_datum_from_string(struct ovsdb_datum *datum,
                              const struct ovsdb_type *type, const char *s,
                              struct ovsdb_symbol_table *symtab)
    OSW_WARN_UNUSED_RESULT;
/* Appends 'datum' to 'out' in ovs-vsctl syntax, as 'ovs-vsctl list'
 * prints it. */
void ovsdb_datum_to_string(const struct ovsdb_datum *datum,
                           const struct ovsdb_type *type, struct ds *out);
/* Appends 'datum' to 'out' in bare form (--data=bare). */
void ovsdb_datum_to_bare(const struct ovsdb_datum *datum,
                         const struct ovsdb_type *type, struct ds *out);

/* Hash, total order and equality of datums of the same 'type'.  Datums
 * order first by number of elements, then element by element. */
uint32_t ovsdb_datum_hash(const struct ovsdb_datum *datum,
                          const struct ovsdb_type *type, uint32_t basis);
int ovsdb_datum_compare_3way(const struct ovsdb_datum *a,
                             const struct ovsdb_datum *b,
                             const struct ovsdb_type *type);
bool ovsdb_datum_equals(const struct ovsdb_datum *a,
                        const struct ovsdb_datum *b,
                        const struct ovsdb_type *type);

/* Looks for 'key' (of type 'key_type') in 'datum' by binary search.  If
 * found, returns true and stores its index in '*idxp' (if nonnull);
 * otherwise returns false and stores where it would be inserted. */
bool ovsdb_datum_find_key(const struct ovsdb_datum *datum,
                          const union ovsdb_atom *key,
                          enum ovsdb_atomic_type key_type,
                          unsigned int *idxp);
/* Like ovsdb_datum_find_key() but for a map element: true only if 'key'
 * is present with value 'value'. */
bool ovsdb_datum_find_key_value(const struct ovsdb_datum *datum,
                                const union ovsdb_atom *key,
                                enum ovsdb_atomic_type key_type,
                                const union ovsdb_atom *value,
                                enum ovsdb_atomic_type value_type,
                                unsigned int *idxp);

/* RFC 7047 "includes": true if every element of 'a' (every key-value pair,
 * for a map) is also in 'b'. */
bool ovsdb_datum_includes_all(const struct ovsdb_datum *a,
                              const struct ovsdb_datum *b,
                              const struct ovsdb_type *type);
/* RFC 7047 "excludes": true if no element of 'a' (no key-value pair, for a
 * map) is in 'b'. */
bool ovsdb_datum_excludes_all(const struct ovsdb_datum *a,
                              const struct ovsdb_datum *b,
                              const struct ovsdb_type *type);

/* Adds to 'a' a copy of every element of 'b' whose key is not in 'a'
 * (RFC 7047 "insert" mutation).  For a map whose key is in both, 'a''s
 * value stays unless 'replace' is true, in which case 'b''s value
 * replaces it. */
void ovsdb_datum_union(struct ovsdb_datum *a, const struct ovsdb_datum *b,
                       const struct ovsdb_type *type, bool replace);
/* Removes from 'a' (of type 'a_type') the elements named by 'b' (RFC 7047
 * "delete" mutation).  If 'b_type' is a map, 'b''s pairs are removed from
 * 'a' only where both key and value match; otherwise 'b''s atoms are keys
 * (or set members) to remove, whatever their values in 'a'.  'b''s key
 * type (and value type, for a map) must be 'a''s. */
void ovsdb_datum_subtract(struct ovsdb_datum *a,
                          const struct ovsdb_type *a_type,
                          const struct ovsdb_datum *b,
                          const struct ovsdb_type *b_type);

/* Computes in 'diff' (which need not be initialized) what turns 'old' into
 * 'new', as in Open vSwitch's "update2" notifications for sets and maps:
 * for a set, the members in exactly one of them; for a map, the pairs of
 * 'old' whose key is gone, and the pairs of 'new' whose key is new or
 * whose value changed. */
void ovsdb_datum_diff(struct ovsdb_datum *diff, const struct ovsdb_datum *old,
                      const struct ovsdb_datum *new,
                      const struct ovsdb_type *type);
/* Applies 'diff' (as ovsdb_datum_diff() makes it) to 'old', storing the
 * result in 'new' (which need not be initialized): a diff key that is not
 * in 'old' is added; a set member or map pair already in 'old' is removed;
 * a map key present with another value gets the diff's value.  Returns a
 * "constraint violation" if the result does not have between n_min and
 * n_max elements, in which case 'new' is empty. */
struct ovsdb_error *ovsdb_datum_apply_diff(struct ovsdb_datum *new,
                                           const struct ovsdb_datum *old,
                                           const struct ovsdb_datum *diff,
                                           const struct ovsdb_type *type)
    OSW_WARN_UNUSED_RESULT;

/* Appends a copy of 'key' (and 'value' for a map; ignored otherwise) to
 * 'datum' without keeping the order ("unsafe"): the caller restores the
 * invariants with ovsdb_datum_sort() or ovsdb_datum_sort_unique(). */
void ovsdb_datum_add_unsafe(struct ovsdb_datum *datum,
                            const union ovsdb_atom *key,
                            const union ovsdb_atom *value,
                            const struct ovsdb_type *type);
/* Inserts a copy of 'key' (and 'value' for a map) into 'datum' in order.
 * Returns false, changing nothing, if 'key' is already present. */
bool ovsdb_datum_add(struct ovsdb_datum *datum, const union ovsdb_atom *key,
                     const union ovsdb_atom *value,
                     const struct ovsdb_type *type);
/* Removes and frees element 'idx' of 'datum', keeping the order. */
void ovsdb_datum_remove(struct ovsdb_datum *datum, unsigned int idx,
                        const struct ovsdb_type *type);

/* Sorts 'datum' by key.  Returns an "ovsdb error" ("set contains
 * duplicate" or "map contains duplicate key", as ovsdb-server says) if two
 * keys are equal; the datum is then sorted but not unique, and the caller
 * should destroy it. */
struct ovsdb_error *ovsdb_datum_sort(struct ovsdb_datum *datum,
                                     const struct ovsdb_type *type)
    OSW_WARN_UNUSED_RESULT;
/* Sorts 'datum' by key and drops duplicate keys, keeping the first one
 * added (the sort is stable). */
void ovsdb_datum_sort_unique(struct ovsdb_datum *datum,
                             const struct ovsdb_type *type);

/* Returns a "constraint violation" error if some key or value of 'datum'
 * violates its base type's constraints (see
 * ovsdb_atom_check_constraints()), otherwise NULL.  Does not check the
 * number of elements. */
struct ovsdb_error *ovsdb_datum_check_constraints(
    const struct ovsdb_datum *datum, const struct ovsdb_type *type)
    OSW_WARN_UNUSED_RESULT;
/* Returns a "constraint violation" error if 'datum' does not have between
 * 'type''s n_min and n_max elements, otherwise NULL. */
struct ovsdb_error *ovsdb_datum_check_size(const struct ovsdb_datum *datum,
                                           const struct ovsdb_type *type)
    OSW_WARN_UNUSED_RESULT;
/* True if 'datum' keeps every invariant of the header comment for 'type'
 * and every constraint of 'type' (for assertions and tests). */
bool ovsdb_datum_conforms_to_type(const struct ovsdb_datum *datum,
                                  const struct ovsdb_type *type);

/* Symbol tables
 * =============
 *
 * A transaction (or an ovs-vsctl command line) may name a row it creates
 * ("uuid-name" in an "insert"; "--id=@name" in ovs-vsctl) and refer to it
 * elsewhere in the same request (["named-uuid", "name"]; "@name").  A
 * symbol table maps each such name to the uuid it stands for.  A name
 * seen first in a reference gets a fresh random uuid, which the row that
 * later claims the name must use.  The table owns its symbols and their
 * names. */
struct ovsdb_symbol {
    struct hmap_node hmap_node; /* In ovsdb_symbol_table's 'symbols'. */
    char *name;                 /* Owned. */
    struct uuid uuid;           /* The uuid the name stands for. */
    bool created;               /* A row with this uuid was created. */
    bool used;                  /* Referenced by a parsed datum. */
    bool strong_ref;            /* Used through a strong reference. */
    bool weak_ref;              /* Used through a weak reference. */
};

struct ovsdb_symbol_table {
    struct hmap symbols;        /* Contains "struct ovsdb_symbol"s. */
};

#define OVSDB_SYMBOL_TABLE_FOR_EACH(SYMBOL, SYMTAB) \
    HMAP_FOR_EACH (SYMBOL, hmap_node, &(SYMTAB)->symbols)

struct ovsdb_symbol_table *ovsdb_symbol_table_create(void);
void ovsdb_symbol_table_destroy(struct ovsdb_symbol_table *symtab);
/* Returns the symbol called 'name', or NULL. */
struct ovsdb_symbol *ovsdb_symbol_table_get(
    const struct ovsdb_symbol_table *symtab, const char *name);
/* Adds 'name' standing for 'uuid' with the given 'created' flag, or, if
 * 'name' exists, sets its uuid and 'created' flag.  Returns the symbol. */
struct ovsdb_symbol *ovsdb_symbol_table_put(struct ovsdb_symbol_table *symtab,
                                            const char *name,
                                            const struct uuid *uuid,
                                            bool created);
/* Returns the symbol called 'name', adding it with a fresh random uuid
 * (not created, not used) if it does not exist. */
struct ovsdb_symbol *ovsdb_symbol_table_insert(
    struct ovsdb_symbol_table *symtab, const char *name);
/* Returns the name of some symbol whose 'created' is false (a name that
 * was referred to but that no row claimed), or NULL if there is none.  The
 * string belongs to the table. */
const char *ovsdb_symbol_table_find_uncreated(
    const struct ovsdb_symbol_table *symtab);
size_t ovsdb_symbol_table_count(const struct ovsdb_symbol_table *symtab);

#endif /* ovsdb-data.h */
