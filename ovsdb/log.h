/* ovsdb-log: the on-disk log of a standalone OVSDB database.
 *
 * A database file is an append-only series of records, in the format that
 * Open vSwitch documents in ovsdb(5) for standalone databases, so that an
 * existing Open vSwitch conf.db opens unchanged and Open vSwitch's
 * ovsdb-tool reads what osw writes.  Each record is two parts:
 *
 *     OVSDB JSON <length> <sha1>\n
 *     <body>
 *
 * The header line is the magic "OVSDB JSON", the body's size in bytes as a
 * positive decimal integer and the SHA-1 of the body as 40 hex digits,
 * separated by single spaces.  The body is exactly <length> bytes and, as
 * written, is a JSON object on one line followed by "\n": the length and
 * the SHA-1 both count that final "\n".  The reader accepts what Open
 * vSwitch's reader accepts: upper-case hex digits, leading zeros in
 * <length>, newlines inside the body, a body without the final "\n".  The
 * first record of a database holds its schema, each later one a
 * transaction; this module does not look inside records, except to insist
 * that each is a JSON object.
 *
 * Open vSwitch's clustered databases ("OVSDB CLUSTER" records) are
 * recognised and refused when the file is opened (ENOTSUP, with a message
 * that suggests 'ovsdb-tool cluster-to-standalone').  A file that does not
 * begin with "OVSDB JSON " (or a prefix of it, see below) is refused too
 * (EBADMSG): it is not a database, and the rules below would otherwise
 * truncate a stranger's file.
 *
 *
 * Reading, and what happens to a damaged file
 * ===========================================
 *
 * ovsdb_log_read() returns the records in order, then NULL at the end of
 * the file.  A record is good when its header parses, its body is wholly in
 * the file, the SHA-1 matches and the body is a JSON object.  The first
 * record that is not good ends the log: the reader returns EBADMSG (or the
 * errno of an I/O error), ovsdb_log_get_error() says what was wrong and at
 * which byte offset, and every later ovsdb_log_read() returns the same
 * error.  This covers a torn tail (a crash in the middle of an append
 * leaves a truncated header or body), a flipped bit (SHA-1 mismatch),
 * garbage after the last record and a corrupt record in the middle of the
 * file.  The rule is the same in every case: the good prefix is the
 * database; everything from the first bad byte to the end of the file is
 * dropped.  In particular a good record that follows a bad one is never
 * used: a transaction must not be applied when an earlier one is missing.
 * A zero-length file is a log with no records (not an error); a file that
 * holds only part of the first header is a torn tail at offset 0.
 *
 * Nothing is changed on disk while reading.  The first write (on a log
 * opened for writing) first finishes reading, if the caller stopped early,
 * so that no good record is lost, then truncates the file to the end of
 * the last good record, logging with VLOG_WARN how many bytes it dropped,
 * from which offset and why.  Open vSwitch's ovsdb-server does the same.
 *
 *
 * Writing and durability
 * ======================
 *
 * ovsdb_log_write() serializes a JSON object compactly, frames it and
 * hands it to the kernel with write(2): after it returns, other readers of
 * the file see the record, but a power failure may still lose it.
 * ovsdb_log_commit_block() makes every record written so far durable
 * (fdatasync).  A server that commits several transactions at once writes
 * them all, then syncs once ("group commit");
 * ovsdb_log_write_and_commit() does both for one record.  A failed write
 * is undone (the partial record is truncated away) so that the file never
 * holds a torn record while the process lives; if even that fails, later
 * writes retry the truncation first and fail until it succeeds.
 *
 *
 * Locking
 * =======
 *
 * Opening a log for writing takes an exclusive lock, the same one that
 * Open vSwitch takes, so that osw and Open vSwitch refuse each other: a
 * POSIX record lock (fcntl F_SETLK, F_WRLCK, whole file) on a lock file
 * named ".NAME.~lock~" in the database's directory (".conf.db.~lock~" for
 * "conf.db"), created with mode 0600 and left in place afterwards.  When
 * the lock is held elsewhere, the open fails with EBUSY and a message that
 * names the holder's pid.  A second open for writing within one process is
 * refused the same way (fcntl locks alone would not notice it).  A
 * read-only open takes no lock, so tools may read a database that a server
 * is writing (they may then see a torn tail, reported as above).  Because
 * the lock belongs to the name rather than to the file's inode, it stays
 * valid when ovsdb_log_replace_commit() renames a new file over the old
 * one.  If NAME is a symbolic link, it is followed: the lock file, the
 * temporary file and the rename all happen next to the file it points to.
 *
 *
 * Replacing the file (compaction)
 * ===============================
 *
 * ovsdb_log_replace_start() creates "NAME.tmp" next to the database
 * (removing a stale one first) and returns it as a second log open for
 * writing, without its own lock (the database's lock covers it).  The
 * caller writes the new contents (typically the schema and one snapshot
 * record) to it and then either
 *
 *   - ovsdb_log_replace_commit(): syncs the new file, renames it over the
 *     database, syncs the directory, and makes the old log object continue
 *     on the new file (same lock, counters restarted, ready for appends);
 *     the new log object is freed;  or
 *
 *   - ovsdb_log_replace_abort(): closes and removes the temporary file;
 *     the database is untouched.
 *
 * A crash at any point leaves either the old or the new file complete
 * under NAME (and perhaps a stale NAME.tmp, which the next
 * replace_start() removes).
 *
 *
 * Errors
 * ======
 *
 * Functions return 0 or a positive errno value.  Data errors in the file
 * are EBADMSG; a clustered file is ENOTSUP; a held lock is EBUSY; misuse
 * (writing a read-only log, reading after writing, writing something other
 * than a JSON object) is EBADF or EINVAL.  Every error also leaves a
 * one-line English message naming the file (and for data errors the byte
 * offset): ovsdb_log_open() stores it in '*errorp', the other functions in
 * the log, where ovsdb_log_get_error() finds it.  This module logs (with
 * VLOG_WARN) only what it does on its own initiative: truncating a file,
 * failing to sync a directory or to remove an aborted temporary file.
 *
 *
 * Threads
 * =======
 *
 * A log object is not thread-safe: one thread at a time uses it.  Opening
 * and closing logs from different threads is safe (the process-wide table
 * of held locks has its own mutex). */
#ifndef OVSDB_LOG_H
#define OVSDB_LOG_H 1

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "osw/util.h"

struct ovsdb_log;

/* How ovsdb_log_open() opens a file.  Every mode but OVSDB_LOG_READ_ONLY
 * takes the lock described above, before touching the file. */
enum ovsdb_log_open_mode {
    OVSDB_LOG_READ_ONLY,    /* Existing file; read only; no lock. */
    OVSDB_LOG_READ_WRITE,   /* Existing file; read, then append. */
    OVSDB_LOG_CREATE_EXCL,  /* New empty file; EEXIST if it exists. */
    OVSDB_LOG_CREATE        /* Like READ_WRITE if the file exists, else
                             * like CREATE_EXCL. */
};

/* Opens the database file 'name' in 'mode'.  On success stores a new log in
 * '*logp' and returns 0.  On failure stores NULL in '*logp' and returns a
 * positive errno value (ENOENT, EEXIST, EACCES, EBUSY for a held lock,
 * ENOTSUP for a clustered database, EBADMSG for a file that is not a
 * standalone OVSDB file, ...); then, if 'errorp' is nonnull, '*errorp'
 * receives a message that the caller must free.  A new file is created
 * with mode 0660 (less the umask) and its directory is synced. */
int ovsdb_log_open(const char *name, enum ovsdb_log_open_mode mode,
                   struct ovsdb_log **logp, char **errorp)
    OSW_WARN_UNUSED_RESULT;

/* Closes 'log' and releases its lock.  Records written but not yet
 * committed with ovsdb_log_commit_block() are in the kernel's hands: they
 * are not lost when the process exits, only when the machine crashes.
 * Null 'log' is allowed.  Closing a log returned by
 * ovsdb_log_replace_start() is the same as ovsdb_log_replace_abort(). */
void ovsdb_log_close(struct ovsdb_log *log);

/* Reads the next record.  On success returns 0 and stores in '*recordp'
 * the record, a JSON object owned by the caller (json_decref() it), or
 * NULL at the end of the log.  On failure stores NULL and returns EBADMSG
 * for a bad record, or the errno of an I/O error; see "Reading" above.
 * EINVAL if the log has been written to (reading then is not supported). */
int ovsdb_log_read(struct ovsdb_log *log, json_t **recordp)
    OSW_WARN_UNUSED_RESULT;

/* Appends 'record', which must be a JSON object, to 'log' without syncing
 * it: see "Writing and durability".  The first write truncates a damaged
 * tail (see "Reading").  Returns 0, EBADF if 'log' was opened read-only,
 * EINVAL if 'record' is not an object, or the errno of an I/O error (the
 * log then still ends at its last complete record, if truncation worked).
 * Does not take ownership of 'record'. */
int ovsdb_log_write(struct ovsdb_log *log, const json_t *record)
    OSW_WARN_UNUSED_RESULT;

/* Makes every record written to 'log' so far durable.  Returns 0 or the
 * errno from fdatasync().  After a failure, whether the records reached
 * the disk is unknown: the caller must not report them as durable.  Cheap
 * when nothing was written since the last commit. */
int ovsdb_log_commit_block(struct ovsdb_log *log) OSW_WARN_UNUSED_RESULT;

/* Writes 'record' as ovsdb_log_write() does, then, if 'durable', commits
 * it as ovsdb_log_commit_block() does. */
int ovsdb_log_write_and_commit(struct ovsdb_log *log, const json_t *record,
                               bool durable) OSW_WARN_UNUSED_RESULT;

/* Compaction: see "Replacing the file" above.  replace_start() returns 0
 * and stores the temporary log in '*newp', or an errno value (EBADF if
 * 'old' is read-only) with NULL in '*newp' and the message in 'old'.
 * replace_commit() returns 0 when 'old' now continues on the new file, or
 * an errno value (message in 'old') when it aborted the replacement
 * instead, leaving 'old' as it was; either way 'new' is freed. */
int ovsdb_log_replace_start(struct ovsdb_log *old, struct ovsdb_log **newp)
    OSW_WARN_UNUSED_RESULT;
int ovsdb_log_replace_commit(struct ovsdb_log *old, struct ovsdb_log *new)
    OSW_WARN_UNUSED_RESULT;
void ovsdb_log_replace_abort(struct ovsdb_log *new);

/* The message for the last error that 'log' returned, or NULL if none has
 * happened yet.  Owned by 'log'; valid until its next call. */
const char *ovsdb_log_get_error(const struct ovsdb_log *log);

/* The file name as given to ovsdb_log_open(). */
const char *ovsdb_log_get_name(const struct ovsdb_log *log);

/* The byte offset just past the last good record read or written: the
 * size of the valid part of the file.  While writing, the file's size. */
off_t ovsdb_log_get_offset(const struct ovsdb_log *log);

/* Records read / written through 'log' since it was opened, or since
 * ovsdb_log_replace_commit() (after which 'n_written' counts the records
 * of the new file and 'n_read' is 0).  A server that compacts "when the
 * log has grown well past its last snapshot" compares these, and
 * ovsdb_log_get_offset(), with what it saw right after the snapshot. */
uint64_t ovsdb_log_get_n_read(const struct ovsdb_log *log);
uint64_t ovsdb_log_get_n_written(const struct ovsdb_log *log);

/* True if 'log' was opened for writing (and so holds the lock). */
bool ovsdb_log_is_writable(const struct ovsdb_log *log);

/* The name of the lock file for database file 'name' (".NAME.~lock~" in
 * the same directory, after following symbolic links).  Caller frees. */
char *ovsdb_log_lock_name(const char *name);

#endif /* ovsdb/log.h */
