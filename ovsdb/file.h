/* file: the storage of one standalone OVSDB database.
 *
 * A database file (see log.h for the record framing) holds the schema in
 * its first record and a series of transactions after it, exactly as Open
 * vSwitch's standalone format does (ovsdb(5)), so that an Open vSwitch
 * conf.db opens unchanged and Open vSwitch's ovsdb-tool and ovsdb-server
 * read what osw writes.  This module turns such a file into a 'struct
 * ovsdb' (replaying every transaction) and keeps the file up to date as
 * the database changes (a commit hook appends one record per transaction).
 *
 *
 * Transaction records
 * ===================
 *
 * A transaction record is a JSON object:
 *
 *     {"TABLE": {"ROW-UUID": ROW-OR-NULL, ...}, ...,
 *      "_date": MSEC, "_comment": "TEXT", "_is_diff": true}
 *
 *   - null deletes the row;
 *   - an object whose uuid names no existing row inserts it: the members
 *     are column values (RFC 7047 <value>s); absent columns get their
 *     default values;
 *   - an object whose uuid names an existing row modifies it: only the
 *     listed columns change.  When the record has "_is_diff": true, the
 *     value of a modified column that may hold several elements (a set or
 *     map with "max" above 1) is a diff, as in "update2" notifications:
 *     the set members to add or remove (a member already present is
 *     removed), or the map pairs to add, remove (the pair is present) or
 *     change (the key is present with another value).  Other columns
 *     carry their new value in full, in either kind of record.
 *   - "_date" (wall-clock milliseconds since the epoch; very old files
 *     have seconds), "_comment" (the transaction's "comment" operations,
 *     joined with newlines) and "_is_diff" are optional.  Other members
 *     whose names start with "_" are ignored (no table name starts with
 *     "_"); any other member that names no table is an error.
 *
 * Open vSwitch 2.15 and later write "_is_diff" records by default, and
 * read both kinds; so does osw (ovsdb_file_set_column_diff() switches to
 * full values, for files that an older Open vSwitch must read).  Open
 * vSwitch 3.1 misreads two kinds of diff, though, even its own: one with
 * more elements than the column may hold (taking {1,2} to {3,4} in a
 * column of at most 2 elements needs the diff {1,2,3,4}, which it refuses
 * as a value of the column, so it cannot open the file), and one applied
 * to a column holding its default value when that is not empty (a column
 * of 1 to 3 integers going from {0} to {0,9}: it takes the diff {9} for
 * the new value).  osw reads both as their writer meant them, and writes
 * a transaction that needs either as a record of full values instead.
 * Ephemeral columns and "_version" are never written; an inserted row
 * lists only its columns that differ from the default (possibly none:
 * {}).
 *
 * A snapshot (what compaction and conversion write) is the schema record
 * followed by one transaction record that inserts every row; its comment
 * says what made it.
 *
 *
 * Reading, and damaged files
 * ==========================
 *
 * Opening a file replays its transactions in order, each as a database
 * transaction with every check a client transaction gets (referential
 * integrity, constraints, garbage collection), so the result is what the
 * writer had.  Two kinds of damage are handled differently:
 *
 *   - A torn or corrupt tail (a bad header, a checksum mismatch, bytes that
 *     are not a record; see log.h): the records before it are the
 *     database.  The open succeeds and logs a warning; a writable file
 *     drops the tail at its first write.  This is what a crash in the
 *     middle of a write leaves behind, and Open vSwitch does the same.
 *
 *   - A good record that cannot be applied (an unknown table or column, a
 *     value that does not fit its column, a reference to a row that does
 *     not exist, deleting a row that does not exist...): the open fails
 *     with an error that names the file, the record's number and byte
 *     offset, and what is wrong.  Nothing is written.  A read-only open
 *     (ovsdb_file_read()) may still return the database as of the last
 *     record that applied, so that tools can show and rescue the data.
 *
 *
 * Commits, durability and group commit
 * ====================================
 *
 * A writable file ('struct ovsdb_file') is a commit hook of its database
 * (ovsdb.h); it should be the first hook, because it is the one that can
 * refuse a commit.  Its 'precommit' serializes the transaction's changes
 * (only what changed: see above) and appends the record with write(2).  If
 * the write fails, the commit is refused with an "I/O error" and the
 * database is unchanged; the file is left ending at its last complete
 * record.  A transaction that changes only ephemeral columns writes
 * nothing.
 *
 * The hook does not fsync: a server that commits several transactions in
 * one main-loop iteration writes them all, then makes them durable with
 * one ovsdb_file_sync() before it sends the replies that must wait for it
 * (group commit).  A reply must wait when the transaction was durable
 * (ovsdb_txn_is_durable()) or when the file was opened with
 * OVSDB_FILE_SYNC; ovsdb_file_needs_sync() says whether any such write is
 * pending.  Other writes reach the disk when the kernel flushes them, or
 * with the next sync.  A server's use, in outline:
 *
 *     ovsdb_file_open(name, flags, &file);     at start-up
 *     db = ovsdb_file_get_db(file);
 *     for (;;) {                               the main loop
 *         run the transactions that arrived (ovsdb_execute() commits
 *             through the hook); after each one, if ovsdb_file_needs_sync()
 *             is true, hold its reply, else send it;
 *         if (ovsdb_file_needs_sync(file)) {
 *             error = ovsdb_file_sync(file);   one fdatasync for all
 *         }
 *         send the held replies (each with an "I/O error" instead if the
 *             sync failed: the changes are committed, but maybe not on
 *             disk);
 *         ovsdb_file_run(file);                compaction
 *         ovsdb_file_wait(file);
 *         poll_block();
 *     }
 *     ovsdb_destroy(db);                       also closes the file
 *
 * If a sync fails, whether the records reached the disk is unknown (and
 * on Linux a later fsync may succeed although data was lost).  The file
 * therefore remembers the failure, keeps ovsdb_file_needs_sync() true, and
 * makes the next ovsdb_file_sync() rewrite the whole file from memory (a
 * compaction, which syncs the new file before renaming it into place);
 * only when that succeeds is the data durable again.  ovsdb_file_run()
 * also retries it.
 *
 *
 * Compaction
 * ==========
 *
 * ovsdb_file_compact() replaces the file by a snapshot of the database
 * (see log.h, "Replacing the file": a crash leaves the old or the new
 * file, never neither).  ovsdb_file_run() compacts on its own with the
 * rule of Open vSwitch's ovsdb-server (3.1), counting time from when the
 * file was opened or last compacted:
 *
 *   - once 'min_interval_msec' (10 minutes) have passed, if the file is at
 *     least 'min_size' (10 MB) and at least 'growth' (4) times the size it
 *     had after the last compaction (for a file just opened: the size of
 *     its schema and first transaction record, which is the snapshot that
 *     the last compaction wrote);
 *   - once 'max_interval_msec' (24 hours) have passed, if the file holds at
 *     least 'min_records' (100) records, whatever its size.
 *
 * (Open vSwitch adds a random delay of up to 10 minutes to the first
 * interval, to spread the compactions of several databases; osw does not.)
 * After a failure it tries again 'retry_msec' (1 minute) later.
 *
 * ovsdb_file_run() compacts in the background, so that clients are not
 * kept waiting: it builds the snapshot's JSON in the calling thread (the
 * only step that must see the database: about 0.2 s for 100,000 small
 * rows), and a worker thread serializes, writes and syncs it while the
 * main loop goes on.  Transactions committed meanwhile are written to the
 * old file as usual (and synced there when they must be) and also queued;
 * when the worker is done, a later ovsdb_file_run() appends the queue to
 * the new file and renames it into place (a few ms).  ovsdb_file_wait()
 * wakes the loop when the worker finishes.  ovsdb_file_compact() and
 * ovsdb_file_convert() work synchronously; they, closing the file, and a
 * sync that must rewrite the file first stop a background compaction
 * (waiting for its worker) and discard its work.  See the unit test
 * "compaction_speed" for the timings of both kinds.
 *
 *
 * Conversion
 * ==========
 *
 * ovsdb_file_convert_db() builds a copy of a database under another
 * schema: tables and columns are matched by name; rows keep their uuids;
 * columns that the new schema lacks are dropped, new columns and tables
 * start with default values and no rows; a value that no longer fits its
 * column (another type, a narrower enum or range, too many elements) is
 * replaced by the column's default value, with a warning in the log.  The
 * result is then committed like any transaction, so references must still
 * resolve and indexes stay unique, or the conversion fails.  (Open
 * vSwitch fails the conversion instead of defaulting a value that does not
 * fit.)  ovsdb_file_convert() does that to the database of a file and
 * replaces the file with a snapshot of the result.
 *
 *
 * Ownership and threads
 * =====================
 *
 * A database owns the 'struct ovsdb_file' attached to it: ovsdb_destroy()
 * closes the file (through the hook's 'destroy').  ovsdb_file_close()
 * detaches and closes the file and leaves the database to the caller.  A
 * file object is not thread-safe; it belongs to the thread that owns its
 * database.  The worker thread of a background compaction touches only
 * the temporary file and the JSON it was given, never the database. */
#ifndef OVSDB_FILE_H
#define OVSDB_FILE_H 1

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "osw/util.h"

struct ovsdb;
struct ovsdb_error;
struct ovsdb_file;
struct ovsdb_schema;

/* Flags for ovsdb_file_open() and ovsdb_file_create(). */
enum {
    /* Every transaction needs a sync before its reply, not only durable
     * ones (ovsdb_file_needs_sync()). */
    OVSDB_FILE_SYNC = 1 << 0,
};

/* When ovsdb_file_run() compacts; see "Compaction" above. */
struct ovsdb_file_compaction_policy {
    long long int min_interval_msec;    /* Default 10 minutes. */
    long long int max_interval_msec;    /* Default 24 hours. */
    long long int retry_msec;           /* Default 1 minute. */
    uint64_t min_records;               /* Default 100. */
    off_t min_size;                     /* Default 10 MB. */
    unsigned int growth;                /* Default 4. */
};

/* The policy files start with. */
extern const struct ovsdb_file_compaction_policy
    ovsdb_file_default_compaction_policy;

/* Reading without writing.
 *
 * These take no lock, so they may read a file that a server is writing
 * (and may then see a torn tail, which is treated as described above). */

/* Reads only the schema of database file 'file_name' into '*schemap' (the
 * caller owns it).  On error, '*schemap' is NULL. */
struct ovsdb_error *ovsdb_file_read_schema(const char *file_name,
                                           struct ovsdb_schema **schemap)
    OSW_WARN_UNUSED_RESULT;

/* Reads database file 'file_name' into a new database, stored in '*dbp'
 * (the caller owns it; nothing is attached to it).  Returns NULL on
 * success.  On error, '*dbp' is NULL, except that if 'partial' is true and
 * the error is a transaction record that cannot be applied, '*dbp' holds
 * the database as of the record before it (the error is still returned,
 * to be shown as a warning). */
struct ovsdb_error *ovsdb_file_read(const char *file_name, bool partial,
                                    struct ovsdb **dbp)
    OSW_WARN_UNUSED_RESULT;

/* Writable files. */

/* Opens database file 'file_name' for writing (taking its lock; see
 * log.h), reads it into a new database and attaches itself to that
 * database as its first commit hook.  'flags' is 0 or OVSDB_FILE_SYNC.
 * On success stores the file in '*filep' (its database is
 * ovsdb_file_get_db(); the caller owns that database, which owns the file)
 * and returns NULL.  On error stores NULL and returns the error: "I/O
 * error" when the file cannot be opened or read (including a lock held
 * elsewhere and a clustered database), "syntax error" and others when its
 * contents are bad. */
struct ovsdb_error *ovsdb_file_open(const char *file_name, unsigned int flags,
                                    struct ovsdb_file **filep)
    OSW_WARN_UNUSED_RESULT;

/* Creates database file 'file_name', which must not exist, holding only
 * 'schema' (which is copied, not taken), and syncs it.  If 'filep' is
 * nonnull, keeps the file open as ovsdb_file_open() does, with an empty
 * database; otherwise closes it. */
struct ovsdb_error *ovsdb_file_create(const char *file_name,
                                      const struct ovsdb_schema *schema,
                                      unsigned int flags,
                                      struct ovsdb_file **filep)
    OSW_WARN_UNUSED_RESULT;

/* Writes a snapshot of 'db' to new file 'file_name' (which must not
 * exist), with 'comment' (may be NULL) on its data record, and syncs it.
 * The new file is not kept open.  For "compact DB DST" and the like. */
struct ovsdb_error *ovsdb_file_save_copy(const char *file_name,
                                         const struct ovsdb *db,
                                         const char *comment)
    OSW_WARN_UNUSED_RESULT;

/* Detaches 'file' from its database and closes it (releasing the lock).
 * Writes not yet synced stay in the kernel's hands.  The database stays,
 * without storage.  NULL is allowed.  (Destroying the database closes the
 * file too: never do both.) */
void ovsdb_file_close(struct ovsdb_file *file);

/* The database that 'file' stores. */
struct ovsdb *ovsdb_file_get_db(const struct ovsdb_file *file);
/* The file name given to ovsdb_file_open() or ovsdb_file_create(). */
const char *ovsdb_file_get_name(const struct ovsdb_file *file);

/* Chooses full values (false) or diffs (true, the default) for the
 * set and map columns of modified rows in the records written from now
 * on.  Full values keep the file readable by Open vSwitch before 2.15. */
void ovsdb_file_set_column_diff(struct ovsdb_file *file, bool column_diff);

/* Group commit: see "Commits, durability and group commit" above. */

/* True if a record that must be durable before its reply was written
 * since the last successful ovsdb_file_sync() (or a sync failed since). */
bool ovsdb_file_needs_sync(const struct ovsdb_file *file);

/* Makes every record written so far durable, with one fdatasync (or, after
 * a failed sync, by rewriting the file).  Returns NULL at once, without
 * syncing, if ovsdb_file_needs_sync() is false: records that need not be
 * durable are left to the kernel.  On failure returns an "I/O error": the
 * replies that waited for this sync must not claim durability; see above
 * for what happens next. */
struct ovsdb_error *ovsdb_file_sync(struct ovsdb_file *file)
    OSW_WARN_UNUSED_RESULT;

/* Compaction: see "Compaction" above. */

/* Replaces the file with a snapshot of its database, with 'comment' (NULL:
 * "compacting database online") on the data record, before returning.  On
 * failure the file is unchanged and still in use. */
struct ovsdb_error *ovsdb_file_compact(struct ovsdb_file *file,
                                       const char *comment)
    OSW_WARN_UNUSED_RESULT;

/* Starts a background compaction of 'file' if its policy says it is time
 * (or if a failed sync left it needing a rewrite), or completes one whose
 * worker has finished, logging the outcome.  Call from the main loop. */
void ovsdb_file_run(struct ovsdb_file *file);
/* Arranges for poll_block() to wake when ovsdb_file_run() may have work. */
void ovsdb_file_wait(const struct ovsdb_file *file);

/* Sets or gets the compaction policy of 'file'.  Setting it restarts
 * nothing: the intervals still count from the last compaction. */
void ovsdb_file_set_compaction_policy(
    struct ovsdb_file *file, const struct ovsdb_file_compaction_policy *);
void ovsdb_file_get_compaction_policy(
    const struct ovsdb_file *file, struct ovsdb_file_compaction_policy *);

/* Statistics, for tests and "memory/show"-style reports. */
struct ovsdb_file_stats {
    uint64_t n_records;         /* Records in the file now. */
    off_t size;                 /* Its size in bytes. */
    off_t snapshot_size;        /* Its size after the last compaction. */
    uint64_t n_compactions;     /* Compactions since it was opened. */
    uint64_t n_syncs;           /* fdatasyncs done by ovsdb_file_sync(). */
    bool compacting;            /* A background compaction is running. */
};
void ovsdb_file_get_stats(const struct ovsdb_file *file,
                          struct ovsdb_file_stats *stats);

/* Conversion: see "Conversion" above. */

/* Builds in '*dstp' a new database with schema 'schema' (copied, not
 * taken) and the data of 'src' converted to it.  'src' is not changed and
 * must have no open transaction.  On error '*dstp' is NULL. */
struct ovsdb_error *ovsdb_file_convert_db(const struct ovsdb *src,
                                          const struct ovsdb_schema *schema,
                                          struct ovsdb **dstp)
    OSW_WARN_UNUSED_RESULT;

/* Converts the database of 'file' to 'schema' (copied, not taken) and
 * replaces the file with a snapshot of the result ('comment' as for
 * ovsdb_file_compact(), NULL: "converted by oswdb-server").  On success,
 * 'file' moves to the new database, which is returned in '*new_dbp' (and
 * by ovsdb_file_get_db()); the old database stays the caller's, detached
 * from 'file' (destroy it once nothing refers to it).  On error, '*new_dbp'
 * is NULL and nothing changed. */
struct ovsdb_error *ovsdb_file_convert(struct ovsdb_file *file,
                                       const struct ovsdb_schema *schema,
                                       const char *comment,
                                       struct ovsdb **new_dbp)
    OSW_WARN_UNUSED_RESULT;

#endif /* ovsdb/file.h */
