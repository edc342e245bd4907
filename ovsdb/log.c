/* ovsdb-log: see ovsdb/log.h for the contract and the file format. */
#include <config.h>
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "osw/dynamic-string.h"
#include "osw/jsonrpc.h"
#include "osw/util.h"
#include "osw/vlog.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_log);

#define MAGIC "OVSDB JSON "
#define CLUSTER_MAGIC "OVSDB CLUSTER "
#define SHA1_LEN 20
#define SHA1_HEX_LEN (2 * SHA1_LEN)

/* The longest header line we accept, newline included.  A header written
 * by Open vSwitch or by us is at most 73 bytes ("OVSDB JSON ", 20 digits, a
 * space, 40 hex digits, "\n"); the slack allows leading zeros. */
#define HEADER_MAX 128

/* Symbolic links followed before giving up (a loop, most likely). */
#define MAX_SYMLINKS 16

enum log_state {
    LOG_READ,           /* 'offset' is where the next record starts. */
    LOG_READ_ERROR,     /* The record at 'offset' is bad or unreadable. */
    LOG_WRITE,          /* Appending at 'offset', the end of the file. */
    LOG_WRITE_ERROR     /* A failed write may have left bytes past
                         * 'offset' that truncation has not removed yet. */
};

struct log_lock;

struct ovsdb_log {
    char *name;                 /* As the caller gave it, for messages. */
    char *real_name;            /* 'name' with symbolic links followed. */
    enum ovsdb_log_open_mode mode;
    enum log_state state;
    int fd;
    struct log_lock *lock;      /* NULL if read-only or temporary. */
    bool is_temp;               /* From ovsdb_log_replace_start()? */

    off_t offset;               /* End of the last good record. */
    bool dirty;                 /* Changed since the last sync? */
    uint64_t n_read;
    uint64_t n_written;

    int read_error;             /* In LOG_READ_ERROR, the errno... */
    char *damage;               /* ...and what was wrong, without the
                                 * file name. */
    char *error;                /* Message for the last error returned. */
};

/* Locks. */

/* A lock this process holds.  fcntl() locks belong to a process, so a
 * second open of the same database in this process would "succeed", and
 * closing any descriptor of the lock file would silently drop the lock:
 * this table catches both. */
struct log_lock {
    char *name;                 /* Lock file name. */
    int fd;
    dev_t dev;
    ino_t ino;
    pid_t pid;                  /* Holder; other pids are entries that a
                                 * child inherited through fork(), which
                                 * hold nothing in the child. */
    struct log_lock *next;
};

static struct log_lock *held_locks;
static pthread_mutex_t held_locks_mutex = PTHREAD_MUTEX_INITIALIZER;

/* Returns the directory part of 'file_name': "." if it has none.  Caller
 * frees. */
static char *
dir_name(const char *file_name)
{
    const char *slash = strrchr(file_name, '/');
    if (!slash) {
        return xstrdup(".");
    }
    return xmemdup0(file_name, slash == file_name ? 1 : slash - file_name);
}

/* Returns 'name' with symbolic links followed, so that files created
 * "next to" it land beside the real file and rename() replaces the file
 * rather than the link.  Stops (keeping what it has) at anything that is
 * not a readable link.  Caller frees. */
static char *
follow_symlinks(const char *name)
{
    char *cur = xstrdup(name);
    for (int i = 0; i < MAX_SYMLINKS; i++) {
        char target[PATH_MAX];
        ssize_t n = readlink(cur, target, sizeof target - 1);
        if (n < 0 || (size_t) n >= sizeof target - 1) {
            break;
        }
        target[n] = '\0';

        char *next;
        if (target[0] == '/') {
            next = xstrdup(target);
        } else {
            char *dir = dir_name(cur);
            next = xasprintf("%s/%s", dir, target);
            free(dir);
        }
        free(cur);
        cur = next;
    }
    return cur;
}

/* Returns ".BASE.~lock~" in the directory of 'real_name', the lock file
 * name that Open vSwitch uses too. */
static char *
lock_file_name(const char *real_name)
{
    const char *slash = strrchr(real_name, '/');
    if (!slash) {
        return xasprintf(".%s.~lock~", real_name);
    }
    return xasprintf("%.*s/.%s.~lock~", (int) (slash - real_name),
                     real_name, slash + 1);
}

char *
ovsdb_log_lock_name(const char *name)
{
    char *real_name = follow_symlinks(name);
    char *lock_name = lock_file_name(real_name);
    free(real_name);
    return lock_name;
}

static struct log_lock *
find_held_lock(dev_t dev, ino_t ino)
{
    for (struct log_lock *l = held_locks; l; l = l->next) {
        if (l->dev == dev && l->ino == ino && l->pid == getpid()) {
            return l;
        }
    }
    return NULL;
}

/* Explains why fcntl() refused the lock on 'fd' because someone else holds
 * it. */
static char *
describe_lock_holder(int fd, const char *name, const char *lock_name)
{
    struct flock probe = {
        .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0,
    };
    if (!fcntl(fd, F_GETLK, &probe) && probe.l_type != F_UNLCK) {
        return xasprintf("%s: database is locked by another process "
                         "(pid %ld holds %s); is another oswdb-server or "
                         "ovsdb-server using it?", name,
                         (long int) probe.l_pid, lock_name);
    }
    return xasprintf("%s: database is locked by another process (lock "
                     "file %s)", name, lock_name);
}

/* Takes the exclusive lock for database 'real_name' ('name' is for
 * messages).  Returns 0 and stores the lock in '*lockp', or an errno value
 * and a message in '*msgp'. */
static int
lock_acquire(const char *name, const char *real_name,
             struct log_lock **lockp, char **msgp)
{
    char *lock_name = lock_file_name(real_name);
    struct stat st;
    int error = 0;

    *lockp = NULL;
    pthread_mutex_lock(&held_locks_mutex);

    /* Check before open(): if we hold the lock, our closing a second
     * descriptor of the lock file would release it. */
    if (!stat(lock_name, &st) && find_held_lock(st.st_dev, st.st_ino)) {
        error = EBUSY;
        *msgp = xasprintf("%s: database is already open for writing in "
                          "this process (lock file %s)", name, lock_name);
        goto out;
    }

    int fd = open(lock_name, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = errno;
        *msgp = xasprintf("%s: cannot open lock file %s: %s", name,
                          lock_name, osw_strerror(error));
        goto out;
    }

    struct flock fl = {
        .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0,
    };
    if (fcntl(fd, F_SETLK, &fl) < 0) {
        error = errno;
        if (error == EAGAIN || error == EACCES) {
            error = EBUSY;
            *msgp = describe_lock_holder(fd, name, lock_name);
        } else {
            *msgp = xasprintf("%s: cannot lock %s: %s", name, lock_name,
                              osw_strerror(error));
        }
        close(fd);
        goto out;
    }
    if (fstat(fd, &st) < 0) {
        error = errno;
        *msgp = xasprintf("%s: cannot stat lock file %s: %s", name,
                          lock_name, osw_strerror(error));
        close(fd);
        goto out;
    }

    struct log_lock *lock = xmalloc(sizeof *lock);
    lock->name = lock_name;
    lock_name = NULL;
    lock->fd = fd;
    lock->dev = st.st_dev;
    lock->ino = st.st_ino;
    lock->pid = getpid();
    lock->next = held_locks;
    held_locks = lock;
    *lockp = lock;

out:
    pthread_mutex_unlock(&held_locks_mutex);
    free(lock_name);
    return error;
}

/* Releases 'lock' (closing its descriptor drops the fcntl() lock).  The
 * lock file stays: removing it would let two processes lock two different
 * files of the same name. */
static void
lock_release(struct log_lock *lock)
{
    if (!lock) {
        return;
    }
    pthread_mutex_lock(&held_locks_mutex);
    for (struct log_lock **p = &held_locks; *p; p = &(*p)->next) {
        if (*p == lock) {
            *p = lock->next;
            break;
        }
    }
    pthread_mutex_unlock(&held_locks_mutex);
    close(lock->fd);
    free(lock->name);
    free(lock);
}

/* Small file helpers. */

/* Makes the creation, removal or renaming of entries in the directory of
 * 'file_name' durable.  Returns 0 or an errno value. */
static int
fsync_parent_dir(const char *file_name)
{
    char *dir = dir_name(file_name);
    int error = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        error = errno;
    } else {
        if (fsync(fd) < 0) {
            error = errno;
        }
        close(fd);
    }
    free(dir);
    return error;
}

static void
fsync_parent_dir_or_warn(const char *file_name)
{
    int error = fsync_parent_dir(file_name);
    if (error) {
        VLOG_WARN("%s: syncing its directory failed (%s); a crash may "
                  "undo the last change to the directory",
                  file_name, osw_strerror(error));
    }
}

/* Reads up to 'n' bytes at 'offset', stopping early only at end of file.
 * Stores the count in '*n_readp'.  Returns 0 or an errno value. */
static int
pread_fully(int fd, void *buf_, size_t n, off_t offset, size_t *n_readp)
{
    char *buf = buf_;
    size_t done = 0;
    int error = 0;
    while (done < n) {
        ssize_t retval = pread(fd, buf + done, n - done, offset + done);
        if (retval > 0) {
            done += retval;
        } else if (retval == 0) {
            break;
        } else if (errno != EINTR) {
            error = errno;
            break;
        }
    }
    *n_readp = done;
    return error;
}

/* Writes all 'n' bytes at 'offset'.  Returns 0 or an errno value. */
static int
pwrite_fully(int fd, const void *buf_, size_t n, off_t offset)
{
    const char *buf = buf_;
    while (n > 0) {
        ssize_t retval = pwrite(fd, buf, n, offset);
        if (retval > 0) {
            buf += retval;
            n -= retval;
            offset += retval;
        } else if (retval == 0) {
            return EIO;
        } else if (errno != EINTR) {
            return errno;
        }
    }
    return 0;
}

/* SHA-1 as fetched once from OpenSSL's providers.  EVP_sha1() would make
 * every EVP_Digest() call look the implementation up again, which costs
 * more than hashing a small record. */
static const EVP_MD *sha1_md;

static void
fetch_sha1(void)
{
    sha1_md = EVP_MD_fetch(NULL, "SHA1", NULL);
    if (!sha1_md) {
        /* Let EVP_Digest() fail (and report) as it would have. */
        sha1_md = EVP_sha1();
    }
}

/* Computes the SHA-1 of 'n' bytes at 'data' into 'sha1'.  Returns false if
 * OpenSSL cannot (e.g. a FIPS configuration without SHA-1). */
static bool
sha1_compute(const void *data, size_t n, uint8_t sha1[SHA1_LEN])
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, fetch_sha1);

    unsigned int len = 0;
    return EVP_Digest(data, n, sha1, &len, sha1_md, NULL) == 1
           && len == SHA1_LEN;
}

/* Appends 'n' bytes of 's' to 'ds', quoted, with anything unprintable
 * escaped, so that garbage from a damaged file makes a readable message. */
static void
put_quoted(struct ds *ds, const char *s, size_t n)
{
    enum { MAX_SHOWN = 64 };

    ds_put_char(ds, '"');
    for (size_t i = 0; i < n && i < MAX_SHOWN; i++) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\') {
            ds_put_format(ds, "\\%c", c);
        } else if (isprint(c)) {
            ds_put_char(ds, c);
        } else {
            ds_put_format(ds, "\\x%02x", c);
        }
    }
    ds_put_char(ds, '"');
    if (n > MAX_SHOWN) {
        ds_put_cstr(ds, "...");
    }
}

/* Opening. */

static void
log_set_error(struct ovsdb_log *log, char *msg)
{
    free(log->error);
    log->error = msg;
}

/* Checks that the file open on 'fd' is, or begins like, a standalone
 * database, so that no rule of this module ever truncates a file that is
 * not ours.  Returns 0 or an errno value with a message in '*msgp'. */
static int
check_magic(int fd, const char *name, char **msgp)
{
    char buf[sizeof CLUSTER_MAGIC - 1];
    size_t n;
    int error = pread_fully(fd, buf, sizeof buf, 0, &n);
    if (error) {
        *msgp = xasprintf("%s: read error: %s", name, osw_strerror(error));
        return error;
    }
    if (n == sizeof buf && !memcmp(buf, CLUSTER_MAGIC, n)) {
        *msgp = xasprintf("%s: is a clustered database (\"OVSDB CLUSTER\"); "
                          "only standalone databases are supported (convert "
                          "it with \"ovsdb-tool cluster-to-standalone\")",
                          name);
        return ENOTSUP;
    }
    if (memcmp(buf, MAGIC, MIN(n, strlen(MAGIC)))) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ds_put_format(&ds, "%s: not a standalone OVSDB database file (it "
                      "begins with ", name);
        put_quoted(&ds, buf, n);
        ds_put_cstr(&ds, ", not \"" MAGIC "\")");
        *msgp = ds_steal_cstr(&ds);
        return EBADMSG;
    }
    return 0;
}

/* Opens 'real_name' with the flags 'mode' implies.  Sets '*createdp' to
 * whether the file was created.  Returns a descriptor, or -1 with errno
 * set. */
static int
open_file(const char *real_name, enum ovsdb_log_open_mode mode,
          bool *createdp)
{
    const int flags = O_CLOEXEC;

    *createdp = false;
    switch (mode) {
    case OVSDB_LOG_READ_ONLY:
        return open(real_name, flags | O_RDONLY);
    case OVSDB_LOG_READ_WRITE:
        return open(real_name, flags | O_RDWR);
    case OVSDB_LOG_CREATE_EXCL:
    case OVSDB_LOG_CREATE: {
        int fd = open(real_name, flags | O_RDWR | O_CREAT | O_EXCL, 0660);
        if (fd >= 0) {
            *createdp = true;
        } else if (errno == EEXIST && mode == OVSDB_LOG_CREATE) {
            fd = open(real_name, flags | O_RDWR);
        }
        return fd;
    }
    }
    errno = EINVAL;
    return -1;
}

/* Opens the file that 'real_name' names (and 'name' in messages) as a new
 * log.  Temporary logs ('is_temp') get no lock and no directory sync. */
static int
log_open__(const char *name, char *real_name, enum ovsdb_log_open_mode mode,
           bool is_temp, struct ovsdb_log **logp, char **msgp)
{
    struct log_lock *lock = NULL;
    int fd = -1;
    int error;

    *logp = NULL;
    *msgp = NULL;
    if (mode != OVSDB_LOG_READ_ONLY && !is_temp) {
        error = lock_acquire(name, real_name, &lock, msgp);
        if (error) {
            goto error;
        }
    }

    bool created;
    fd = open_file(real_name, mode, &created);
    if (fd < 0) {
        error = errno;
        *msgp = xasprintf("%s: %s failed: %s", name,
                          mode == OVSDB_LOG_CREATE_EXCL ? "create" : "open",
                          osw_strerror(error));
        goto error;
    }

    struct stat st;
    if (fstat(fd, &st) < 0) {
        error = errno;
        *msgp = xasprintf("%s: stat failed: %s", name, osw_strerror(error));
        goto error;
    } else if (!S_ISREG(st.st_mode)) {
        error = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        *msgp = xasprintf("%s: not a regular file", name);
        goto error;
    }

    if (created) {
        if (!is_temp) {
            fsync_parent_dir_or_warn(real_name);
        }
    } else {
        error = check_magic(fd, name, msgp);
        if (error) {
            goto error;
        }
    }

    struct ovsdb_log *log = xzalloc(sizeof *log);
    log->name = xstrdup(name);
    log->real_name = real_name;
    log->mode = mode;
    log->state = LOG_READ;
    log->fd = fd;
    log->lock = lock;
    log->is_temp = is_temp;
    *logp = log;
    return 0;

error:
    if (fd >= 0) {
        close(fd);
    }
    lock_release(lock);
    free(real_name);
    return error;
}

int
ovsdb_log_open(const char *name, enum ovsdb_log_open_mode mode,
               struct ovsdb_log **logp, char **errorp)
{
    char *msg;
    int error = log_open__(name, follow_symlinks(name), mode, false, logp,
                           &msg);
    if (errorp) {
        *errorp = msg;
    } else {
        free(msg);
    }
    return error;
}

static void
log_destroy(struct ovsdb_log *log)
{
    lock_release(log->lock);
    free(log->name);
    free(log->real_name);
    free(log->damage);
    free(log->error);
    free(log);
}

void
ovsdb_log_close(struct ovsdb_log *log)
{
    if (log) {
        if (log->is_temp) {
            ovsdb_log_replace_abort(log);
        } else {
            close(log->fd);
            log_destroy(log);
        }
    }
}

/* Reading. */

/* Returns the value of hex digit 'c' (either case), or -1. */
static int
hexit_value(char c)
{
    return (c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1);
}

/* Parses the decimal 'length' and hex 'sha1' of a header line 'line' of
 * 'n' bytes (newline excluded).  Returns NULL, or what is wrong. */
static char *
parse_header(const char *line, size_t n, off_t *lengthp,
             uint8_t sha1[SHA1_LEN])
{
    const char *p = line;
    const char *end = line + n;
    struct ds ds = DS_EMPTY_INITIALIZER;

    if ((size_t) (end - p) < strlen(MAGIC)
        || memcmp(p, MAGIC, strlen(MAGIC))) {
        bool cluster = ((size_t) (end - p) >= strlen(CLUSTER_MAGIC)
                        && !memcmp(p, CLUSTER_MAGIC, strlen(CLUSTER_MAGIC)));
        ds_put_cstr(&ds, cluster ? "clustered-database record header "
                    : "bad record header ");
        goto bad;
    }
    p += strlen(MAGIC);

    uint64_t length = 0;
    const char *digits = p;
    for (; p < end && isdigit((unsigned char) *p); p++) {
        if (length > ((uint64_t) INT64_MAX - 9) / 10) {
            ds_put_cstr(&ds, "record length too large in header ");
            goto bad;
        }
        length = length * 10 + (*p - '0');
    }
    if (p == digits || p >= end || *p != ' ') {
        ds_put_cstr(&ds, "bad length in record header ");
        goto bad;
    } else if (!length) {
        ds_put_cstr(&ds, "zero length in record header ");
        goto bad;
    }
    p++;

    if (end - p != SHA1_HEX_LEN) {
        ds_put_cstr(&ds, "bad SHA-1 in record header ");
        goto bad;
    }
    for (int i = 0; i < SHA1_LEN; i++) {
        int hi = hexit_value(p[2 * i]);
        int lo = hexit_value(p[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            ds_put_cstr(&ds, "bad SHA-1 in record header ");
            goto bad;
        }
        sha1[i] = hi * 16 + lo;
    }
    *lengthp = length;
    return NULL;

bad:
    put_quoted(&ds, line, n);
    ds_put_cstr(&ds, " (expected \"OVSDB JSON <length> <sha1>\")");
    return ds_steal_cstr(&ds);
}

static void
sha1_to_hex(const uint8_t sha1[SHA1_LEN], char hex[SHA1_HEX_LEN + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < SHA1_LEN; i++) {
        hex[2 * i] = digits[sha1[i] >> 4];
        hex[2 * i + 1] = digits[sha1[i] & 15];
    }
    hex[2 * SHA1_LEN] = '\0';
}

/* Checks and parses the 'length'-byte body at 'body'.  Returns NULL and the
 * object in '*recordp', or what is wrong. */
static char *
parse_body(const char *body, off_t length, off_t body_offset,
           const uint8_t expected_sha1[SHA1_LEN], json_t **recordp)
{
    uint8_t sha1[SHA1_LEN];
    if (!sha1_compute(body, length, sha1)) {
        return xstrdup("cannot compute SHA-1 (OpenSSL refused)");
    } else if (memcmp(sha1, expected_sha1, SHA1_LEN)) {
        char want[SHA1_HEX_LEN + 1], got[SHA1_HEX_LEN + 1];
        sha1_to_hex(expected_sha1, want);
        sha1_to_hex(sha1, got);
        return xasprintf("SHA-1 mismatch: header says %s, the %lld-byte "
                         "body hashes to %s", want, (long long int) length,
                         got);
    }

    json_error_t jerr;
    json_t *json = json_loadb(body, length, 0, &jerr);
    if (!json) {
        return xasprintf("body is not valid JSON: %s (at offset %lld)",
                         jerr.text,
                         (long long int) (body_offset + jerr.position));
    } else if (!json_is_object(json)) {
        json_decref(json);
        return xstrdup("body is not a JSON object");
    }
    *recordp = json;
    return NULL;
}

/* Reads the record at 'offset' in 'log'.  Returns 0 and the record in
 * '*recordp' (NULL at end of file) and the offset just past it in
 * '*nextp', or an errno value and a description (without the file name)
 * in '*whyp'. */
static int
read_record(const struct ovsdb_log *log, off_t offset, json_t **recordp,
            off_t *nextp, char **whyp)
{
    *recordp = NULL;
    *whyp = NULL;

    struct stat st;
    if (fstat(log->fd, &st) < 0) {
        int error = errno;
        *whyp = xasprintf("stat failed: %s", osw_strerror(error));
        return error;
    }
    if (offset >= st.st_size) {
        return 0;
    }
    off_t remaining = st.st_size - offset;

    char header[HEADER_MAX];
    size_t n;
    int error = pread_fully(log->fd, header, MIN(remaining, HEADER_MAX),
                            offset, &n);
    if (error) {
        *whyp = xasprintf("read error at offset %lld: %s",
                          (long long int) offset, osw_strerror(error));
        return error;
    }
    const char *newline = memchr(header, '\n', n);
    if (!newline) {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ds_put_format(&ds, "record at offset %lld: ", (long long int) offset);
        ds_put_cstr(&ds, (n < HEADER_MAX
                          ? "incomplete header at end of file "
                          : "header line too long "));
        put_quoted(&ds, header, n);
        *whyp = ds_steal_cstr(&ds);
        return EBADMSG;
    }

    size_t header_len = newline - header + 1;
    off_t length = 0;
    uint8_t sha1[SHA1_LEN];
    char *why = parse_header(header, header_len - 1, &length, sha1);
    if (why) {
        *whyp = xasprintf("record at offset %lld: %s",
                          (long long int) offset, why);
        free(why);
        return EBADMSG;
    }
    off_t body_remaining = remaining - (off_t) header_len;
    if (length > body_remaining) {
        *whyp = xasprintf("record at offset %lld: incomplete body: the "
                          "header announces %lld bytes but only %lld "
                          "remain in the file", (long long int) offset,
                          (long long int) length,
                          (long long int) body_remaining);
        return EBADMSG;
    }

    off_t body_offset = offset + header_len;
    char *body = xmalloc(length);
    error = pread_fully(log->fd, body, length, body_offset, &n);
    if (!error && n != (size_t) length) {
        error = EIO;    /* The file shrank under us. */
    }
    if (error) {
        *whyp = xasprintf("read error at offset %lld: %s",
                          (long long int) body_offset, osw_strerror(error));
    } else {
        why = parse_body(body, length, body_offset, sha1, recordp);
        if (why) {
            *whyp = xasprintf("record at offset %lld: %s",
                              (long long int) offset, why);
            free(why);
            error = EBADMSG;
        } else {
            *nextp = body_offset + length;
        }
    }
    free(body);
    return error;
}

int
ovsdb_log_read(struct ovsdb_log *log, json_t **recordp)
{
    *recordp = NULL;
    switch (log->state) {
    case LOG_READ:
        break;
    case LOG_READ_ERROR:
        log_set_error(log, xasprintf("%s: %s", log->name, log->damage));
        return log->read_error;
    case LOG_WRITE:
    case LOG_WRITE_ERROR:
    default:
        log_set_error(log, xasprintf("%s: cannot read a log after writing "
                                     "to it", log->name));
        return EINVAL;
    }

    off_t next;
    char *why;
    int error = read_record(log, log->offset, recordp, &next, &why);
    if (error) {
        log->state = LOG_READ_ERROR;
        log->read_error = error;
        log->damage = why;
        log_set_error(log, xasprintf("%s: %s", log->name, why));
    } else if (*recordp) {
        log->offset = next;
        log->n_read++;
    }
    return error;
}

/* Writing. */

/* Reads what the caller left unread, so that the first write keeps every
 * good record.  Returns 0 (at the end, or at a bad record) or the errno of
 * an I/O error. */
static int
skip_to_end(struct ovsdb_log *log)
{
    if (log->state == LOG_READ_ERROR && log->read_error != EBADMSG) {
        /* An I/O error says nothing about the data: look again rather than
         * drop what might be good records. */
        log->state = LOG_READ;
        free(log->damage);
        log->damage = NULL;
    }
    while (log->state == LOG_READ) {
        json_t *record;
        int error = ovsdb_log_read(log, &record);
        if (error) {
            return error == EBADMSG ? 0 : error;
        } else if (!record) {
            break;
        }
        json_decref(record);
    }
    return 0;
}

/* Switches 'log' from reading (or from a failed write) to appending,
 * truncating whatever follows the last good record. */
static int
start_writing(struct ovsdb_log *log)
{
    int error = skip_to_end(log);
    if (error) {
        log_set_error(log, xasprintf("%s: cannot append after a read error: "
                                     "%s", log->name, log->damage));
        return error;
    }

    struct stat st;
    if (fstat(log->fd, &st) < 0) {
        error = errno;
        log_set_error(log, xasprintf("%s: stat failed: %s", log->name,
                                     osw_strerror(error)));
        return error;
    }
    if (st.st_size > log->offset) {
        if (ftruncate(log->fd, log->offset) < 0) {
            error = errno;
            log_set_error(log, xasprintf("%s: cannot truncate to %lld "
                                         "bytes: %s", log->name,
                                         (long long int) log->offset,
                                         osw_strerror(error)));
            return error;
        }
        if (log->state != LOG_WRITE_ERROR) {
            VLOG_WARN("%s: dropped %lld bytes from offset %lld to the end "
                      "of the file: %s", log->name,
                      (long long int) (st.st_size - log->offset),
                      (long long int) log->offset,
                      log->damage ? log->damage : "unexpected data");
        }
        log->dirty = true;
    }
    log->state = LOG_WRITE;
    return 0;
}

static int
dump_to_ds(const char *buffer, size_t size, void *ds_)
{
    ds_put_buffer(ds_, buffer, size);
    return 0;
}


/* Appends the decimal form of 'n' to 'out'.  Every record's header has
 * one, and ds_put_format()'s format parsing showed in the profile of the
 * database server. */
static void
put_decimal(struct ds *out, size_t n)
{
    char digits[3 * sizeof n];
    size_t i = sizeof digits;

    do {
        digits[--i] = '0' + n % 10;
        n /= 10;
    } while (n);
    ds_put_buffer(out, &digits[i], sizeof digits - i);
}

/* Serializes 'record' into 'out' as a complete record, header and body.
 * Returns NULL, or what went wrong. */
static char *
compose_record(const json_t *record, struct ds *out)
{
    struct ds body = DS_EMPTY_INITIALIZER;
    /* Most records are small: skip the first few doublings. */
    ds_reserve(&body, 1024);
    if (jsonrpc_dump_compact(record, dump_to_ds, &body)) {
        ds_destroy(&body);
        return xstrdup("cannot serialize the record as JSON");
    }
    ds_put_char(&body, '\n');

    uint8_t sha1[SHA1_LEN];
    if (!sha1_compute(body.string, body.length, sha1)) {
        ds_destroy(&body);
        return xstrdup("cannot compute SHA-1 (OpenSSL refused)");
    }
    char hex[SHA1_HEX_LEN + 1];
    sha1_to_hex(sha1, hex);

    ds_reserve(out, out->length + HEADER_MAX + body.length);
    ds_put_cstr(out, MAGIC);
    put_decimal(out, body.length);
    ds_put_char(out, ' ');
    ds_put_buffer(out, hex, SHA1_HEX_LEN);
    ds_put_char(out, '\n');
    ds_put_buffer(out, body.string, body.length);
    ds_destroy(&body);
    return NULL;
}

int
ovsdb_log_write(struct ovsdb_log *log, const json_t *record)
{
    if (log->mode == OVSDB_LOG_READ_ONLY) {
        log_set_error(log, xasprintf("%s: cannot write: opened read-only",
                                     log->name));
        return EBADF;
    } else if (!json_is_object(record)) {
        log_set_error(log, xasprintf("%s: cannot write: a record must be "
                                     "a JSON object", log->name));
        return EINVAL;
    }

    struct ds buf = DS_EMPTY_INITIALIZER;
    char *why = compose_record(record, &buf);
    if (why) {
        log_set_error(log, xasprintf("%s: cannot write: %s", log->name,
                                     why));
        free(why);
        ds_destroy(&buf);
        return EINVAL;
    }

    int error = log->state == LOG_WRITE ? 0 : start_writing(log);
    if (!error) {
        error = pwrite_fully(log->fd, buf.string, buf.length, log->offset);
        if (!error) {
            log->offset += buf.length;
            log->n_written++;
            log->dirty = true;
        } else {
            log_set_error(log, xasprintf("%s: write failed at offset %lld: "
                                         "%s", log->name,
                                         (long long int) log->offset,
                                         osw_strerror(error)));
            /* Keep the file ending at a record boundary, or remember to. */
            if (ftruncate(log->fd, log->offset) < 0) {
                log->state = LOG_WRITE_ERROR;
            }
        }
    }
    ds_destroy(&buf);
    return error;
}

int
ovsdb_log_commit_block(struct ovsdb_log *log)
{
    if (!log->dirty) {
        return 0;
    }
    if (fdatasync(log->fd) < 0) {
        int error = errno;
        log_set_error(log, xasprintf("%s: sync failed: %s", log->name,
                                     osw_strerror(error)));
        return error;
    }
    log->dirty = false;
    return 0;
}

int
ovsdb_log_write_and_commit(struct ovsdb_log *log, const json_t *record,
                           bool durable)
{
    int error = ovsdb_log_write(log, record);
    return error || !durable ? error : ovsdb_log_commit_block(log);
}

/* Replacing. */

int
ovsdb_log_replace_start(struct ovsdb_log *old, struct ovsdb_log **newp)
{
    *newp = NULL;
    if (old->mode == OVSDB_LOG_READ_ONLY || old->is_temp) {
        log_set_error(old, xasprintf("%s: cannot replace a %s log",
                                     old->name, (old->is_temp ? "temporary"
                                                 : "read-only")));
        return old->is_temp ? EINVAL : EBADF;
    }

    char *tmp_name = xasprintf("%s.tmp", old->real_name);
    if (unlink(tmp_name) < 0 && errno != ENOENT) {
        int error = errno;
        log_set_error(old, xasprintf("%s: cannot remove stale %s: %s",
                                     old->name, tmp_name,
                                     osw_strerror(error)));
        free(tmp_name);
        return error;
    }

    char *msg;
    int error = log_open__(tmp_name, xstrdup(tmp_name),
                           OVSDB_LOG_CREATE_EXCL, true, newp, &msg);
    if (error) {
        log_set_error(old, msg);
    }
    free(tmp_name);
    return error;
}

int
ovsdb_log_replace_commit(struct ovsdb_log *old, struct ovsdb_log *new)
{
    osw_assert(new->is_temp && !old->is_temp);

    int error = 0;
    if (new->state == LOG_WRITE_ERROR) {
        error = EIO;
        log_set_error(old, xasprintf("%s: not replaced: %s", old->name,
                                     new->error ? new->error
                                     : "a write failed"));
    } else if (fsync(new->fd) < 0) {
        error = errno;
        log_set_error(old, xasprintf("%s: not replaced: syncing %s failed: "
                                     "%s", old->name, new->name,
                                     osw_strerror(error)));
    } else if (rename(new->real_name, old->real_name) < 0) {
        error = errno;
        log_set_error(old, xasprintf("%s: not replaced: renaming %s failed: "
                                     "%s", old->name, new->name,
                                     osw_strerror(error)));
    }
    if (error) {
        ovsdb_log_replace_abort(new);
        return error;
    }
    fsync_parent_dir_or_warn(old->real_name);

    /* The lock belongs to the name, which now means the new file. */
    close(old->fd);
    old->fd = new->fd;
    old->offset = new->offset;
    old->state = LOG_WRITE;
    old->dirty = false;
    old->n_read = 0;
    old->n_written = new->n_written;
    old->read_error = 0;
    free(old->damage);
    old->damage = NULL;
    log_destroy(new);
    return 0;
}

void
ovsdb_log_replace_abort(struct ovsdb_log *new)
{
    if (!new) {
        return;
    }
    osw_assert(new->is_temp);
    close(new->fd);
    if (unlink(new->real_name) < 0 && errno != ENOENT) {
        VLOG_WARN("%s: cannot remove: %s", new->real_name,
                  osw_strerror(errno));
    }
    log_destroy(new);
}

/* Accessors. */

const char *
ovsdb_log_get_error(const struct ovsdb_log *log)
{
    return log->error;
}

const char *
ovsdb_log_get_name(const struct ovsdb_log *log)
{
    return log->name;
}

off_t
ovsdb_log_get_offset(const struct ovsdb_log *log)
{
    return log->offset;
}

uint64_t
ovsdb_log_get_n_read(const struct ovsdb_log *log)
{
    return log->n_read;
}

uint64_t
ovsdb_log_get_n_written(const struct ovsdb_log *log)
{
    return log->n_written;
}

bool
ovsdb_log_is_writable(const struct ovsdb_log *log)
{
    return log->mode != OVSDB_LOG_READ_ONLY;
}
