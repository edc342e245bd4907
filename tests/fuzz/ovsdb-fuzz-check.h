/* ovsdb-fuzz-check: the database invariant checker that the OVSDB fuzz
 * targets (fuzz-ovsdb-transact, fuzz-ovsdb-file) run after every step.
 *
 * ovsdb_fuzz_check_db() walks a whole database that has no transaction in
 * progress and checks what the engine promises regardless of history:
 *
 *   - bookkeeping: each table has its schema and no transaction state; each
 *     row has its table, no transaction state, the hash of its uuid, and is
 *     the row its uuid finds;
 *   - datums: every column's datum is well formed (between its type's
 *     minimum and maximum size, sorted unique keys, values exactly for
 *     maps) and meets its type's constraints (enums, integer and real
 *     ranges, string lengths); every row survives a round trip through its
 *     JSON form unchanged;
 *   - references: every strong and weak reference names an existing row
 *     of its table; each row's reference count equals the strong references
 *     other rows hold to it (a row's references to itself do not count),
 *     and its weak-reference sources are exactly the rows that hold weak
 *     references to it, with the right counts; a row of a non-root table
 *     has at least one strong reference;
 *   - limits and indexes: no table has more rows than its "maxRows"; every
 *     unique index holds, and each committed index map has one up-to-date
 *     node per row.
 *
 * A database file records only the columns that differ from their
 * defaults, so a column left at its default may break a constraint (a
 * string with "minLength" 1 defaults to "").  OVSDB_FUZZ_LAX_DEFAULTS
 * accepts that: such a datum must still be well formed, and the JSON round
 * trip leaves it out.  OVSDB_FUZZ_STRICT_DEFAULTS accepts no exception.
 *
 * Failures: ovsdb_fuzz_fail() prints the program name given to
 * ovsdb_fuzz_init() and the message to stderr, runs the program's clean-up
 * hook, if any, and calls abort(), so that libFuzzer (or the replay
 * program, through its crash) records the input that broke the promise.
 * The targets use it for their own checks too.  Nothing here is
 * thread-safe: a fuzz target runs one input at a time. */
#ifndef OVSDB_FUZZ_CHECK_H
#define OVSDB_FUZZ_CHECK_H 1

#include "osw/util.h"

struct ovsdb;

/* Sets 'name', which prefixes failure messages (the string must last),
 * and 'at_fail', which may be NULL, a clean-up that ovsdb_fuzz_fail()
 * runs before aborting (abort() runs no atexit() handlers).  Call it
 * before anything can fail. */
void ovsdb_fuzz_init(const char *name, void (*at_fail)(void));

/* Reports a broken promise and aborts (see the top). */
void ovsdb_fuzz_fail(const char *format, ...)
    OSW_PRINTF_FORMAT(1, 2) OSW_NO_RETURN;

/* What ovsdb_fuzz_check_db() demands of a column left at its default. */
enum ovsdb_fuzz_defaults {
    OVSDB_FUZZ_STRICT_DEFAULTS, /* Meets every constraint, like any datum. */
    OVSDB_FUZZ_LAX_DEFAULTS     /* Need only be well formed (files). */
};

void ovsdb_fuzz_check_db(const struct ovsdb *db,
                         enum ovsdb_fuzz_defaults defaults);

#endif /* ovsdb-fuzz-check.h */
