/* ovsdb-schema: database schemas (RFC 7047 section 3.2).
 *
 * A schema names a database, gives it a version ("x.y.z") and an optional
 * checksum string, and describes its tables.  A table has columns, each
 * with a name, a type (ovsdb-types.h) and two flags:
 *
 *   - 'mutable': false if the column may be set only when the row is
 *     inserted (a weak reference is always mutable: deleting the
 *     referenced row must be able to change it, so "mutable": false is
 *     ignored there, as in Open vSwitch);
 *   - 'persistent': false for "ephemeral" columns, whose values are not
 *     written to disk.
 *
 * Every table also has two implicit columns that the JSON never lists:
 * "_uuid" (index OVSDB_COL_UUID, persistent, immutable uuid) and
 * "_version" (index OVSDB_COL_VERSION, ephemeral, immutable uuid).  User
 * columns follow, with indexes 2, 3, ... in the order the JSON lists them,
 * so 'columns[column->index] == column' and a row can store its values in
 * an array indexed the same way.
 *
 * A table also has:
 *   - 'is_root': whether rows live on their own.  A non-root row that no
 *     strong reference reaches is deleted (garbage collected) at commit.
 *     RFC 7047 defaults "isRoot" to false, but, as Open vSwitch does for
 *     compatibility with schemas older than "isRoot", when no table of a
 *     schema is root, every table is root.
 *   - 'max_rows': the largest number of rows (UINT_MAX: no limit).
 *   - 'indexes': sets of (persistent) columns whose values must be unique
 *     across the rows of the table.
 *
 * Reading (ovsdb_schema_from_json()) checks everything RFC 7047 and Open
 * vSwitch check: names are <id>s and do not start with "_" (the database
 * name may), the version is "x.y.z", every table has at least one column,
 * refTables exist, indexes name real columns (not ephemeral ones, not
 * twice), and no object has a member it should not have.  Errors are
 * "syntax error"s whose details say where ("table Bridge: column ports:
 * ...").  Writing (ovsdb_schema_to_json()) produces the canonical JSON
 * that Open vSwitch's ovsdb-server returns for "get_schema": defaults are
 * left out, and "isRoot" appears only where it differs from the default of
 * that schema; reading it back gives an equal schema.
 *
 * Ownership: a schema owns its tables, a table its columns and indexes, a
 * column its type.  Base types of reference columns point ('ref_table')
 * to table schemas of the same schema.  Nothing here is reference
 * counted; destroying a schema frees everything in it.
 *
 * Thread-safety: a schema is a plain value.  Once built, it may be read
 * from several threads at once (nothing here modifies a schema behind the
 * caller's back); any modification needs exclusive access. */
#ifndef OVSDB_SCHEMA_H
#define OVSDB_SCHEMA_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "osw/hmap.h"
#include "osw/util.h"
#include "ovsdb-types.h"

struct ovsdb_error;
struct ovsdb_table_schema;

/* Indexes of the implicit columns in every table. */
enum {
    OVSDB_COL_UUID = 0,         /* "_uuid" */
    OVSDB_COL_VERSION = 1,      /* "_version" */
    OVSDB_N_STD_COLUMNS = 2
};

/* Columns. */

struct ovsdb_column {
    struct hmap_node hmap_node; /* In table's 'columns_by_name'. */
    unsigned int index;         /* Position in the table's 'columns'. */
    char *name;                 /* Owned. */
    bool mutable;               /* False: set only on insert. */
    bool persistent;            /* False: "ephemeral", not stored. */
    struct ovsdb_type type;     /* Owned. */
};

/* Returns a new column 'name' of a copy of 'type'.  Its index is set when
 * it is added to a table (ovsdb_table_schema_add_column()). */
struct ovsdb_column *ovsdb_column_create(const char *name, bool mutable,
                                         bool persistent,
                                         const struct ovsdb_type *type);
void ovsdb_column_destroy(struct ovsdb_column *column);
/* Returns the JSON <column-schema> of 'column' (the caller owns it). */
json_t *ovsdb_column_to_json(const struct ovsdb_column *column);

/* An ordered set of columns of one table (borrowed pointers), as in an
 * index or the "columns" of a "select". */
struct ovsdb_column_set {
    const struct ovsdb_column **columns;
    size_t n_columns;
    size_t allocated_columns;
};

#define OVSDB_COLUMN_SET_INITIALIZER { NULL, 0, 0 }

void ovsdb_column_set_init(struct ovsdb_column_set *set);
void ovsdb_column_set_destroy(struct ovsdb_column_set *set);
/* Initializes 'dst' as a copy of 'src' (same column pointers). */
void ovsdb_column_set_clone(struct ovsdb_column_set *dst,
                            const struct ovsdb_column_set *src);
/* Appends 'column' to 'set' (even if already there). */
void ovsdb_column_set_add(struct ovsdb_column_set *set,
                          const struct ovsdb_column *column);
/* Appends every column of 'table', implicit ones included, in index
 * order. */
void ovsdb_column_set_add_all(struct ovsdb_column_set *set,
                              const struct ovsdb_table_schema *table);
/* True if 'set' has the column with index 'column_index'. */
bool ovsdb_column_set_contains(const struct ovsdb_column_set *set,
                               unsigned int column_index);
/* True if 'a' and 'b' have the same columns in the same order. */
bool ovsdb_column_set_equals(const struct ovsdb_column_set *a,
                             const struct ovsdb_column_set *b);
/* Parses 'json', an array of distinct column names of 'table', appending
 * them to 'set' (which must be initialized).  Errors, as ovsdb-server
 * reports them: "syntax error" "array of distinct column names expected"
 * and "<name> is not a valid column name".  On error 'set' is left as it
 * was. */
struct ovsdb_error *ovsdb_column_set_from_json(
    const json_t *json, const struct ovsdb_table_schema *table,
    struct ovsdb_column_set *set)
    OSW_WARN_UNUSED_RESULT;
/* Returns 'set' as a JSON array of column names. */
json_t *ovsdb_column_set_to_json(const struct ovsdb_column_set *set);

/* Tables. */

struct ovsdb_table_schema {
    struct hmap_node hmap_node; /* In schema's 'tables_by_name'. */
    char *name;                 /* Owned. */
    struct ovsdb_column **columns;  /* Owned, indexed by column index. */
    size_t n_columns;           /* Implicit columns included. */
    size_t allocated_columns;
    struct hmap columns_by_name;    /* Same columns, by name. */
    bool is_root;
    unsigned int max_rows;      /* UINT_MAX for no limit. */
    struct ovsdb_column_set *indexes;   /* Owned array. */
    size_t n_indexes;
};

/* Returns a new table schema 'name' with only the implicit columns. */
struct ovsdb_table_schema *ovsdb_table_schema_create(const char *name,
                                                     bool is_root,
                                                     unsigned int max_rows);
/* Adds a new column with a copy of 'type' to 'table' and returns it, or
 * returns NULL if 'table' already has a column 'name'. */
struct ovsdb_column *ovsdb_table_schema_add_column(
    struct ovsdb_table_schema *table, const char *name,
    const struct ovsdb_type *type, bool mutable, bool persistent);
/* Adds a copy of 'index', a set of columns of 'table', as an index. */
void ovsdb_table_schema_add_index(struct ovsdb_table_schema *table,
                                  const struct ovsdb_column_set *index);
/* Returns a deep copy of 'table'.  'ref_table' pointers are copied as is
 * (ovsdb_schema_clone() re-resolves them). */
struct ovsdb_table_schema *ovsdb_table_schema_clone(
    const struct ovsdb_table_schema *table);
void ovsdb_table_schema_destroy(struct ovsdb_table_schema *table);
/* Returns the column called 'name' (implicit ones included) or NULL. */
const struct ovsdb_column *ovsdb_table_schema_find_column(
    const struct ovsdb_table_schema *table, const char *name);
/* Returns the JSON <table-schema> of 'table'; "isRoot" is written only if
 * it differs from 'default_is_root'. */
json_t *ovsdb_table_schema_to_json(const struct ovsdb_table_schema *table,
                                   bool default_is_root);

/* Schemas. */

struct ovsdb_schema {
    char *name;                 /* Owned. */
    char *version;              /* Owned, "" if none. */
    char *cksum;                /* Owned, "" if none. */
    struct ovsdb_table_schema **tables;     /* Owned, in JSON order. */
    size_t n_tables;
    size_t allocated_tables;
    struct hmap tables_by_name; /* Same tables, by name. */
};

/* Returns a new schema with no tables.  NULL 'version' or 'cksum' means
 * none. */
struct ovsdb_schema *ovsdb_schema_create(const char *name,
                                         const char *version,
                                         const char *cksum);
/* Adds 'table' to 'schema', which takes ownership, and returns true; or
 * returns false, changing nothing, if 'schema' has a table of that name. */
bool ovsdb_schema_add_table(struct ovsdb_schema *schema,
                            struct ovsdb_table_schema *table);
/* Points the 'ref_table' of every reference in 'schema' at the table it
 * names.  Returns a syntax error naming the first reference to a table
 * that does not exist (those are left NULL). */
struct ovsdb_error *ovsdb_schema_resolve_refs(struct ovsdb_schema *schema)
    OSW_WARN_UNUSED_RESULT;
/* Returns a deep copy of 'schema', its references resolved to its own
 * tables. */
struct ovsdb_schema *ovsdb_schema_clone(const struct ovsdb_schema *schema);
/* Frees 'schema' and everything in it.  Accepts NULL. */
void ovsdb_schema_destroy(struct ovsdb_schema *schema);

/* Parses a JSON <database-schema> into '*schemap' (the caller owns it).
 * On error '*schemap' is NULL. */
struct ovsdb_error *ovsdb_schema_from_json(const json_t *json,
                                           struct ovsdb_schema **schemap)
    OSW_WARN_UNUSED_RESULT;
/* Reads a schema from file 'file_name'.  Errors: "I/O error" if the file
 * cannot be read, "syntax error" if it is not JSON or not a schema. */
struct ovsdb_error *ovsdb_schema_from_file(const char *file_name,
                                           struct ovsdb_schema **schemap)
    OSW_WARN_UNUSED_RESULT;
/* Returns 'schema' as canonical JSON (the caller owns the reference). */
json_t *ovsdb_schema_to_json(const struct ovsdb_schema *schema);

/* Returns the table called 'name', or NULL. */
struct ovsdb_table_schema *ovsdb_schema_find_table(
    const struct ovsdb_schema *schema, const char *name);
/* True if 'a' and 'b' are the same schema: same JSON, checksum and
 * version included. */
bool ovsdb_schema_equal(const struct ovsdb_schema *a,
                        const struct ovsdb_schema *b);

/* Schema versions "x.y.z". */
struct ovsdb_version {
    unsigned int x, y, z;
};

/* Parses 's' as "x.y.z" (three decimal numbers up to INT_MAX, nothing
 * else).  Returns false, zeroing '*version', if it is not one. */
bool ovsdb_version_from_string(const char *s, struct ovsdb_version *version);
/* True if 's' is a valid schema version. */
bool ovsdb_is_valid_version(const char *s);
/* Compares versions numerically, part by part. */
int ovsdb_version_compare(const struct ovsdb_version *a,
                          const struct ovsdb_version *b);

#endif /* ovsdb-schema.h */
