/* util: allocation that never fails, string helpers, fatal errors and the
 * small macros every module uses.
 *
 * Allocation: x*alloc() and xstrdup() abort the process with a message when
 * memory runs out, so callers never check for NULL.  Memory returned by them
 * is owned by the caller and released with free().
 *
 * Errors: osw functions return 0 on success or a positive errno value.
 * osw_strerror() turns such a value into text, including the
 * EOF pseudo-error (end of stream) that streams return.
 *
 * All functions here are thread-safe. */
#ifndef OSW_UTIL_H
#define OSW_UTIL_H 1

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>

#define ARRAY_SIZE(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])

/* Given 'POINTER' to member 'MEMBER' of a struct of type 'STRUCT', returns
 * the struct. */
#define CONTAINER_OF(POINTER, STRUCT, MEMBER)                           \
    ((STRUCT *) (void *) ((char *) (POINTER) - offsetof(STRUCT, MEMBER)))

/* Like CONTAINER_OF, but infers the type from 'OBJECT', a pointer variable
 * of the struct type, which need not be initialized. */
#define OBJECT_CONTAINING(POINTER, OBJECT, MEMBER)                      \
    ((__typeof__(OBJECT)) (void *)                                      \
     ((char *) (POINTER) - offsetof(__typeof__(*(OBJECT)), MEMBER)))

/* Assigns to 'OBJECT' the object that contains 'POINTER' in 'MEMBER' and
 * evaluates to 1, for use in loop conditions. */
#define ASSIGN_CONTAINER(OBJECT, POINTER, MEMBER)                       \
    ((OBJECT) = OBJECT_CONTAINING(POINTER, OBJECT, MEMBER), (void) 0, 1)

#define MIN(A, B) ((A) < (B) ? (A) : (B))
#define MAX(A, B) ((A) > (B) ? (A) : (B))
#define DIV_ROUND_UP(X, Y) (((X) + ((Y) - 1)) / (Y))
#define ROUND_UP(X, Y) (DIV_ROUND_UP(X, Y) * (Y))
#define ROUND_DOWN(X, Y) ((X) / (Y) * (Y))

/* Casts away const from 'POINTER'; marks where that is done on purpose. */
#define CONST_CAST(TYPE, POINTER) ((TYPE) (POINTER))

#define OSW_PRINTF_FORMAT(FMT, ARG1) \
    __attribute__((__format__(printf, FMT, ARG1)))
#define OSW_NO_RETURN __attribute__((__noreturn__))
#define OSW_UNUSED __attribute__((__unused__))
#define OSW_WARN_UNUSED_RESULT __attribute__((__warn_unused_result__))
#define OSW_LIKELY(X) __builtin_expect(!!(X), 1)
#define OSW_UNLIKELY(X) __builtin_expect(!!(X), 0)

/* Compile-time assertion usable as a statement or declaration. */
#define BUILD_ASSERT(EXPR) _Static_assert(EXPR, #EXPR)

/* Aborts with a message naming the source location when 'COND' is false.
 * Unlike assert(), always compiled in: it guards invariants whose failure
 * would otherwise corrupt state. */
#define osw_assert(COND)                                                \
    (OSW_LIKELY(COND) ? (void) 0                                        \
     : osw_assert_failure(__FILE__, __LINE__, __func__, #COND))
void osw_assert_failure(const char *file, int line, const char *function,
                        const char *condition) OSW_NO_RETURN;

/* Name of the running program (basename of argv[0]), for messages. */
extern const char *program_name;
void set_program_name(const char *argv0);

/* Version string shared by every program: "osw X.Y.Z". */
const char *osw_get_version(void);
void osw_print_version(void);

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xzalloc(size_t size);
void *xrealloc(void *p, size_t size);
void *xmemdup(const void *p, size_t size);
char *xstrdup(const char *s);
char *xmemdup0(const char *s, size_t length);
char *xasprintf(const char *format, ...) OSW_PRINTF_FORMAT(1, 2);
char *xvasprintf(const char *format, va_list args) OSW_PRINTF_FORMAT(1, 0);

/* Grows an array '*p' with '*n_allocated' elements of 'elem_size' bytes so
 * that it has room for at least one more, doubling its size, and returns
 * the (possibly moved) array. */
void *x2nrealloc(void *p, size_t *n_allocated, size_t elem_size);

/* Prints "PROGRAM: MESSAGE[: strerror(err_no)]" on stderr and exits with
 * status 1.  For command-line tools and start-up errors only: a running
 * daemon reports errors to its peers instead. */
void osw_fatal(int err_no, const char *format, ...)
    OSW_PRINTF_FORMAT(2, 3) OSW_NO_RETURN;
/* Like osw_fatal(), without exiting. */
void osw_error(int err_no, const char *format, ...) OSW_PRINTF_FORMAT(2, 3);

/* Creates a new private directory (mode 0700) named 'prefix' plus a
 * unique suffix in $TMPDIR (or /tmp if that is unset or empty) and
 * stores its malloc'd path in '*dirp'.  Returns 0, or a positive errno
 * value with '*dirp' set to NULL. */
int osw_make_temp_dir(const char *prefix, char **dirp);
/* Returns 'prefix' followed by a dot and 6 random letters and digits
 * (malloc'd), for a file or directory to create exclusively (O_EXCL,
 * mkdir()), trying another name on EEXIST. */
char *osw_unique_name(const char *prefix);

/* Returns a description of 'error', a positive errno value or EOF. */
const char *osw_strerror(int error);
/* Returns "success" for 0, "end of file" for EOF, otherwise osw_strerror(). */
const char *osw_retval_to_string(int retval);

bool str_to_int(const char *s, int base, int *value);
bool str_to_uint(const char *s, int base, unsigned int *value);
bool str_to_llong(const char *s, int base, long long int *value);
bool str_to_ullong(const char *s, int base, unsigned long long int *value);
bool str_to_double(const char *s, double *value);
bool string_ends_with(const char *s, const char *suffix);

/* Returns the part of 'file_name' after the last '/', or all of it. */
const char *base_name(const char *file_name);
/* Returns 'file_name' made absolute relative to 'dir' (or the current
 * directory when 'dir' is NULL).  Caller frees. */
char *abs_file_name(const char *dir, const char *file_name);

/* Reads a whole line from 'stream' into '*line' (caller frees); strips the
 * newline.  Returns 0, EOF, or an errno value. */
int read_whole_line(FILE *stream, char **line);

/* Sets 'fd' non-blocking and close-on-exec.  Returns 0 or errno. */
int set_nonblocking(int fd);

/* Writes all 'n' bytes of 'data' to blocking 'fd', retrying on EINTR and
 * short writes.  Returns 0 or errno. */
int write_fully(int fd, const void *data, size_t n);
/* Reads exactly 'n' bytes.  Returns 0, EOF on a short read, or errno. */
int read_fully(int fd, void *data, size_t n, size_t *bytes_read);

/* Sleeps for 'msec' milliseconds, resuming after signals. */
void osw_msleep(long long int msec);

/* True if the 'n' bytes at 'p' are all 0x00 / all 0xff. */
bool is_all_zeros(const void *p, size_t n);
bool is_all_ones(const void *p, size_t n);

static inline bool
is_pow2(uintmax_t x)
{
    return x && !(x & (x - 1));
}

#endif /* util.h */
