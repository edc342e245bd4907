/* util: see include/osw/util.h. */
#include <config.h>
#include "osw/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include "osw/uuid.h"

const char *program_name = "osw";

void
set_program_name(const char *argv0)
{
    program_name = base_name(argv0);
    /* libtool-style wrappers prefix "lt-"; hide it from users. */
    if (!strncmp(program_name, "lt-", 3)) {
        program_name += 3;
    }
}

const char *
osw_get_version(void)
{
    return PACKAGE_NAME " " PACKAGE_VERSION;
}

void
osw_print_version(void)
{
    printf("%s (%s) %s\n", program_name, PACKAGE_NAME, PACKAGE_VERSION);
}

static void OSW_NO_RETURN
out_of_memory(void)
{
    static const char msg[] = "virtual memory exhausted\n";
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
        /* Nothing more we can do. */
    }
    abort();
}

void *
xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) {
        out_of_memory();
    }
    return p;
}

void *
xcalloc(size_t count, size_t size)
{
    void *p = count && size ? calloc(count, size) : malloc(1);
    if (!p) {
        out_of_memory();
    }
    return p;
}

void *
xzalloc(size_t size)
{
    return xcalloc(1, size);
}

void *
xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p) {
        out_of_memory();
    }
    return p;
}

void *
xmemdup(const void *p, size_t size)
{
    void *copy = xmalloc(size);
    if (size) {
        memcpy(copy, p, size);
    }
    return copy;
}

char *
xmemdup0(const char *s, size_t length)
{
    char *copy = xmalloc(length + 1);
    if (length) {
        memcpy(copy, s, length);
    }
    copy[length] = '\0';
    return copy;
}

char *
xstrdup(const char *s)
{
    return xmemdup0(s, strlen(s));
}

char *
xvasprintf(const char *format, va_list args)
{
    va_list args2;
    va_copy(args2, args);
    int needed = vsnprintf(NULL, 0, format, args);
    char *s = xmalloc(needed + 1);
    vsnprintf(s, needed + 1, format, args2);
    va_end(args2);
    return s;
}

char *
xasprintf(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *s = xvasprintf(format, args);
    va_end(args);
    return s;
}

void *
x2nrealloc(void *p, size_t *n_allocated, size_t elem_size)
{
    size_t n = *n_allocated;
    if (!p) {
        n = n ? n : MAX(64 / elem_size, 1);
    } else {
        if (n >= SIZE_MAX / 2 / elem_size) {
            out_of_memory();
        }
        n *= 2;
    }
    *n_allocated = n;
    return xrealloc(p, n * elem_size);
}

void
osw_assert_failure(const char *file, int line, const char *function,
                   const char *condition)
{
    fprintf(stderr, "%s: %s:%d: %s: assertion %s failed\n",
            program_name, file, line, function, condition);
    abort();
}

static void
verror(int err_no, const char *format, va_list args)
{
    fprintf(stderr, "%s: ", program_name);
    vfprintf(stderr, format, args);
    if (err_no) {
        fprintf(stderr, ": %s", osw_strerror(err_no));
    }
    fputc('\n', stderr);
}

void
osw_fatal(int err_no, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    verror(err_no, format, args);
    va_end(args);
    exit(EXIT_FAILURE);
}

void
osw_error(int err_no, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    verror(err_no, format, args);
    va_end(args);
}

/* 'prefix', a dot and 6 random letters and digits: a name for a file or
 * directory that nothing else picks (callers still create it exclusively
 * and retry on EEXIST), as mkdtemp() would make. */
char *
osw_unique_name(const char *prefix)
{
    static const char chars[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    char suffix[7];
    struct uuid uuid;

    uuid_generate(&uuid);
    uint64_t x = (uint64_t) uuid.parts[0] << 32 | uuid.parts[1];
    for (size_t i = 0; i < 6; i++) {
        suffix[i] = chars[x % (sizeof chars - 1)];
        x /= sizeof chars - 1;
    }
    suffix[6] = '\0';
    return xasprintf("%s.%s", prefix, suffix);
}

/* Creates a private temporary directory 'prefix'.<unique> under $TMPDIR or
 * /tmp; see util.h. */
int
osw_make_temp_dir(const char *prefix, char **dirp)
{
    const char *base = getenv("TMPDIR");
    char *path = xasprintf("%s/%s", base && *base ? base : "/tmp", prefix);
    int error = EEXIST;

    *dirp = NULL;
    for (int i = 0; i < 100 && error == EEXIST; i++) {
        char *dir = osw_unique_name(path);
        if (!mkdir(dir, 0700)) {
            *dirp = dir;
            error = 0;
        } else {
            error = errno;
            free(dir);
        }
    }
    free(path);
    return error;
}

const char *
osw_strerror(int error)
{
    if (error == EOF) {
        return "end of file";
    }
    /* strerror() is not thread-safe; glibc's strerrordesc_np() is, and
     * returns NULL for unknown values. */
    const char *s = strerrordesc_np(error);
    return s ? s : "unknown error";
}

const char *
osw_retval_to_string(int retval)
{
    return retval ? osw_strerror(retval) : "success";
}

bool
str_to_llong(const char *s, int base, long long int *value)
{
    char *tail;
    int save_errno = errno;
    errno = 0;
    long long int x = strtoll(s, &tail, base);
    bool ok = !errno && tail != s && *tail == '\0';
    errno = save_errno;
    *value = ok ? x : 0;
    return ok;
}

bool
str_to_ullong(const char *s, int base, unsigned long long int *value)
{
    /* strtoull() accepts "-1"; we do not. */
    const char *p = s;
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    if (*p == '-') {
        *value = 0;
        return false;
    }
    char *tail;
    int save_errno = errno;
    errno = 0;
    unsigned long long int x = strtoull(s, &tail, base);
    bool ok = !errno && tail != s && *tail == '\0';
    errno = save_errno;
    *value = ok ? x : 0;
    return ok;
}

bool
str_to_int(const char *s, int base, int *value)
{
    long long int x;
    bool ok = str_to_llong(s, base, &x) && x >= INT_MIN && x <= INT_MAX;
    *value = ok ? x : 0;
    return ok;
}

bool
str_to_uint(const char *s, int base, unsigned int *value)
{
    unsigned long long int x;
    bool ok = str_to_ullong(s, base, &x) && x <= UINT_MAX;
    *value = ok ? x : 0;
    return ok;
}

bool
str_to_double(const char *s, double *value)
{
    char *tail;
    int save_errno = errno;
    errno = 0;
    double x = strtod(s, &tail);
    bool ok = !errno && tail != s && *tail == '\0' && isfinite(x);
    errno = save_errno;
    *value = ok ? x : 0;
    return ok;
}

bool
string_ends_with(const char *s, const char *suffix)
{
    size_t s_len = strlen(s);
    size_t suffix_len = strlen(suffix);
    return s_len >= suffix_len && !strcmp(s + s_len - suffix_len, suffix);
}

const char *
base_name(const char *file_name)
{
    const char *slash = strrchr(file_name, '/');
    return slash ? slash + 1 : file_name;
}

char *
abs_file_name(const char *dir, const char *file_name)
{
    if (file_name[0] == '/') {
        return xstrdup(file_name);
    }
    if (dir && dir[0]) {
        const char *sep = dir[strlen(dir) - 1] == '/' ? "" : "/";
        return xasprintf("%s%s%s", dir, sep, file_name);
    }
    char *cwd = getcwd(NULL, 0);
    if (!cwd) {
        return NULL;
    }
    char *abs = xasprintf("%s/%s", cwd, file_name);
    free(cwd);
    return abs;
}

int
read_whole_line(FILE *stream, char **line)
{
    size_t n = 0;
    *line = NULL;
    errno = 0;
    ssize_t len = getline(line, &n, stream);
    if (len < 0) {
        free(*line);
        *line = NULL;
        return ferror(stream) && errno ? errno : EOF;
    }
    if (len > 0 && (*line)[len - 1] == '\n') {
        (*line)[--len] = '\0';
    }
    return 0;
}

int
set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        return errno;
    }
    flags = fcntl(fd, F_GETFD, 0);
    if (flags < 0 || fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0) {
        return errno;
    }
    return 0;
}

int
write_fully(int fd, const void *data_, size_t n)
{
    const char *data = data_;
    while (n > 0) {
        ssize_t retval = write(fd, data, n);
        if (retval > 0) {
            data += retval;
            n -= retval;
        } else if (retval == 0) {
            return EPROTO;
        } else if (errno != EINTR) {
            return errno;
        }
    }
    return 0;
}

int
read_fully(int fd, void *data_, size_t n, size_t *bytes_read)
{
    char *data = data_;
    size_t done = 0;
    int error = 0;
    while (done < n) {
        ssize_t retval = read(fd, data + done, n - done);
        if (retval > 0) {
            done += retval;
        } else if (retval == 0) {
            error = EOF;
            break;
        } else if (errno != EINTR) {
            error = errno;
            break;
        }
    }
    if (bytes_read) {
        *bytes_read = done;
    }
    return error;
}

void
osw_msleep(long long int msec)
{
    struct timespec ts = {
        .tv_sec = msec / 1000,
        .tv_nsec = (msec % 1000) * 1000000,
    };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
        continue;
    }
}

/* Returns true if the 'n' bytes at 'p_' are all zero. */
bool
is_all_zeros(const void *p_, size_t n)
{
    const uint8_t *p = p_;
    for (size_t i = 0; i < n; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}

/* Returns true if the 'n' bytes at 'p_' are all 0xff. */
bool
is_all_ones(const void *p_, size_t n)
{
    const uint8_t *p = p_;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0xff) {
            return false;
        }
    }
    return true;
}
