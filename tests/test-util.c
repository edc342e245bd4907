/* Unit tests for lib/util.c. */
#include <config.h>
#include "osw/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "testlib.h"

OSW_TEST(xasprintf_formats)
{
    char *s = xasprintf("%d-%s-%05.1f-%c", 42, "str", 3.14159, 'x');
    CHECK_STREQ(s, "42-str-003.1-x");
    free(s);

    s = xasprintf("%s", "");
    CHECK_STREQ(s, "");
    free(s);

    /* Long output is not truncated. */
    s = xasprintf("<%*d>", 20000, 7);
    CHECK_EQ(strlen(s), 20002);
    CHECK_EQ(s[0], '<');
    CHECK_EQ(s[20000], '7');
    CHECK_EQ(s[20001], '>');
    CHECK_EQ(s[1], ' ');
    free(s);
}

OSW_TEST(allocation_helpers)
{
    char *z = xzalloc(100);
    for (int i = 0; i < 100; i++) {
        CHECK_EQ(z[i], 0);
    }
    free(z);

    int *c = xcalloc(10, sizeof *c);
    for (int i = 0; i < 10; i++) {
        CHECK_EQ(c[i], 0);
    }
    free(c);

    /* Zero-sized requests still return freeable memory. */
    void *p = xmalloc(0);
    CHECK(p != NULL);
    p = xrealloc(p, 0);
    CHECK(p != NULL);
    free(p);
    p = xcalloc(0, 8);
    CHECK(p != NULL);
    free(p);

    char *d = xstrdup("hello");
    CHECK_STREQ(d, "hello");
    free(d);

    d = xmemdup0("hello world", 5);
    CHECK_STREQ(d, "hello");
    free(d);

    d = xmemdup0(NULL, 0);
    CHECK_STREQ(d, "");
    free(d);

    d = xmemdup("a\0b", 3);
    CHECK(!memcmp(d, "a\0b", 3));
    free(d);
}

OSW_TEST(x2nrealloc_grows)
{
    size_t n_allocated = 0;
    int *array = NULL;
    size_t n = 0;
    int n_grows = 0;
    for (int i = 0; i < 10000; i++) {
        if (n >= n_allocated) {
            size_t old = n_allocated;
            array = x2nrealloc(array, &n_allocated, sizeof *array);
            CHECK(n_allocated > old);
            if (old) {
                CHECK_EQ(n_allocated, 2 * old);
            }
            n_grows++;
        }
        array[n++] = i;
    }
    for (int i = 0; i < 10000; i++) {
        CHECK_EQ(array[i], i);
    }
    CHECK(n_grows < 20);
    free(array);

    /* A NULL array with a nonzero count gets at least that count. */
    n_allocated = 5;
    array = x2nrealloc(NULL, &n_allocated, sizeof *array);
    CHECK(n_allocated >= 5);
    memset(array, 0, n_allocated * sizeof *array);
    free(array);

    /* Huge elements still get at least one. */
    n_allocated = 0;
    char *big = x2nrealloc(NULL, &n_allocated, 1000);
    CHECK(n_allocated >= 1);
    memset(big, 1, n_allocated * 1000);
    free(big);
}

OSW_TEST(str_to_int)
{
    int x;
    CHECK(str_to_int("0", 10, &x) && x == 0);
    CHECK(str_to_int("123", 10, &x) && x == 123);
    CHECK(str_to_int("-45", 10, &x) && x == -45);
    CHECK(str_to_int("+7", 10, &x) && x == 7);
    CHECK(str_to_int("2147483647", 10, &x) && x == INT_MAX);
    CHECK(str_to_int("-2147483648", 10, &x) && x == INT_MIN);
    CHECK(str_to_int("ff", 16, &x) && x == 255);
    CHECK(str_to_int("0x1F", 16, &x) && x == 31);
    CHECK(str_to_int("0x10", 0, &x) && x == 16);
    CHECK(str_to_int("010", 0, &x) && x == 8);
    CHECK(str_to_int("010", 10, &x) && x == 10);
    CHECK(str_to_int("777", 8, &x) && x == 511);

    /* Overflow: rejected, value set to 0. */
    x = 5;
    CHECK(!str_to_int("2147483648", 10, &x));
    CHECK_EQ(x, 0);
    CHECK(!str_to_int("-2147483649", 10, &x));
    CHECK(!str_to_int("99999999999999999999999", 10, &x));
    CHECK(!str_to_int("100000000", 16, &x));

    /* Junk. */
    x = 5;
    CHECK(!str_to_int("", 10, &x));
    CHECK_EQ(x, 0);
    CHECK(!str_to_int("abc", 10, &x));
    CHECK(!str_to_int("12abc", 10, &x));
    CHECK(!str_to_int("12 ", 10, &x));
    CHECK(!str_to_int("1.5", 10, &x));
    CHECK(!str_to_int("-", 10, &x));
    CHECK(!str_to_int("ff", 10, &x));
    CHECK(!str_to_int("8", 8, &x));
}

OSW_TEST(str_to_uint)
{
    unsigned int x;
    CHECK(str_to_uint("0", 10, &x) && x == 0);
    CHECK(str_to_uint("4294967295", 10, &x) && x == UINT_MAX);
    CHECK(str_to_uint("ffffffff", 16, &x) && x == UINT_MAX);

    x = 5;
    CHECK(!str_to_uint("4294967296", 10, &x));
    CHECK_EQ(x, 0);
    CHECK(!str_to_uint("100000000", 16, &x));
    CHECK(!str_to_uint("99999999999999999999999", 10, &x));

    /* Negative numbers are not silently wrapped. */
    x = 5;
    CHECK(!str_to_uint("-1", 10, &x));
    CHECK_EQ(x, 0);
    CHECK(!str_to_uint(" -1", 10, &x));
    CHECK(!str_to_uint("-0", 10, &x));

    CHECK(!str_to_uint("", 10, &x));
    CHECK(!str_to_uint("1x", 10, &x));
    CHECK(!str_to_uint("x1", 10, &x));
}

OSW_TEST(str_to_llong)
{
    long long int x;
    CHECK(str_to_llong("9223372036854775807", 10, &x) && x == LLONG_MAX);
    CHECK(str_to_llong("-9223372036854775808", 10, &x) && x == LLONG_MIN);
    CHECK(str_to_llong("-1", 10, &x) && x == -1);
    CHECK(str_to_llong("7fffffffffffffff", 16, &x) && x == LLONG_MAX);

    x = 5;
    CHECK(!str_to_llong("9223372036854775808", 10, &x));
    CHECK_EQ(x, 0);
    CHECK(!str_to_llong("-9223372036854775809", 10, &x));
    CHECK(!str_to_llong("8000000000000000", 16, &x));
    CHECK(!str_to_llong("", 10, &x));
    CHECK(!str_to_llong("5 5", 10, &x));
    CHECK(!str_to_llong("5\n", 10, &x));
}

OSW_TEST(str_to_ullong)
{
    unsigned long long int x;
    CHECK(str_to_ullong("18446744073709551615", 10, &x) && x == ULLONG_MAX);
    CHECK(str_to_ullong("ffffffffffffffff", 16, &x) && x == ULLONG_MAX);
    CHECK(str_to_ullong("0", 10, &x) && x == 0);

    x = 5;
    CHECK(!str_to_ullong("18446744073709551616", 10, &x));
    CHECK_EQ(x, 0);
    CHECK(!str_to_ullong("10000000000000000", 16, &x));
    x = 5;
    CHECK(!str_to_ullong("-1", 10, &x));
    CHECK_EQ(x, 0);
    CHECK(!str_to_ullong("\t-5", 10, &x));
    CHECK(!str_to_ullong("", 10, &x));
    CHECK(!str_to_ullong("12q", 10, &x));
}

OSW_TEST(str_to_double)
{
    double d;
    CHECK(str_to_double("1.5", &d) && d == 1.5);
    CHECK(str_to_double("-2e3", &d) && d == -2000.0);
    CHECK(str_to_double(".25", &d) && d == 0.25);
    CHECK(str_to_double("0", &d) && d == 0.0);
    CHECK(str_to_double("1e308", &d) && d == 1e308);

    d = 5;
    CHECK(!str_to_double("1e999", &d));     /* Overflow. */
    CHECK(d == 0);
    CHECK(!str_to_double("-1e999", &d));
    CHECK(!str_to_double("nan", &d));
    CHECK(!str_to_double("inf", &d));
    CHECK(!str_to_double("-infinity", &d));
    CHECK(!str_to_double("", &d));
    CHECK(!str_to_double("1.5x", &d));
    CHECK(!str_to_double("x1.5", &d));
    CHECK(!str_to_double("1.5 ", &d));
    CHECK(!str_to_double("1,5", &d));
}

OSW_TEST(string_ends_with)
{
    CHECK(string_ends_with("foo.c", ".c"));
    CHECK(string_ends_with("foo.c", "foo.c"));
    CHECK(string_ends_with("foo.c", ""));
    CHECK(string_ends_with("", ""));
    CHECK(!string_ends_with("foo.c", ".h"));
    CHECK(!string_ends_with("c", ".c"));
    CHECK(!string_ends_with("", "x"));
    CHECK(!string_ends_with("foo.cc", ".c"));
    CHECK(!string_ends_with("foo.C", ".c"));
}

OSW_TEST(base_name)
{
    CHECK_STREQ(base_name("/usr/bin/osw-vsctl"), "osw-vsctl");
    CHECK_STREQ(base_name("osw-vsctl"), "osw-vsctl");
    CHECK_STREQ(base_name("./x"), "x");
    CHECK_STREQ(base_name("/x"), "x");
    CHECK_STREQ(base_name("dir/"), "");
    CHECK_STREQ(base_name(""), "");

    /* Returns a pointer into the argument, nothing to free. */
    const char *path = "/a/b";
    CHECK(base_name(path) == path + 3);
}

OSW_TEST(abs_file_name)
{
    char *s = abs_file_name("/etc", "osw.conf");
    CHECK_STREQ(s, "/etc/osw.conf");
    free(s);

    s = abs_file_name("/etc/", "osw.conf");
    CHECK_STREQ(s, "/etc/osw.conf");
    free(s);

    s = abs_file_name("/etc", "/var/run/osw.pid");
    CHECK_STREQ(s, "/var/run/osw.pid");
    free(s);

    s = abs_file_name(NULL, "/abs");
    CHECK_STREQ(s, "/abs");
    free(s);

    /* Relative to the current directory. */
    const char *tmp = osw_test_tmpdir();
    CHECK_EQ(chdir(tmp), 0);
    char *cwd = getcwd(NULL, 0);
    CHECK(cwd != NULL);
    char *want = xasprintf("%s/rel/file", cwd);
    s = abs_file_name(NULL, "rel/file");
    CHECK_STREQ(s, want);
    free(s);
    s = abs_file_name("", "rel/file");
    CHECK_STREQ(s, want);
    free(s);
    free(want);
    free(cwd);
}

/* Fills 'buf' with a pattern that reveals misplaced or repeated chunks. */
static void
fill_pattern(uint8_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        buf[i] = (i * 7 + i / 251) & 0xff;
    }
}

OSW_TEST(write_read_fully_over_pipe)
{
    /* Much more than a pipe holds, so both sides must loop over partial
     * transfers. */
    enum { N = 1024 * 1024 };
    uint8_t *out = xmalloc(N);
    uint8_t *in = xmalloc(N);
    fill_pattern(out, N);

    int fds[2];
    CHECK_EQ(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        close(fds[0]);
        int error = write_fully(fds[1], out, N);
        free(out);
        free(in);
        _exit(error ? 1 : 0);
    }
    close(fds[1]);

    size_t bytes_read = 0;
    CHECK_EQ(read_fully(fds[0], in, N, &bytes_read), 0);
    CHECK_EQ(bytes_read, N);
    CHECK(!memcmp(in, out, N));

    /* The writer has finished and closed: reading more is EOF. */
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    bytes_read = 99;
    CHECK_EQ(read_fully(fds[0], in, 1, &bytes_read), EOF);
    CHECK_EQ(bytes_read, 0);
    close(fds[0]);

    free(out);
    free(in);
}

OSW_TEST(read_fully_short_read_is_eof)
{
    int fds[2];
    CHECK_EQ(pipe(fds), 0);
    CHECK_EQ(write_fully(fds[1], "hello", 5), 0);
    close(fds[1]);

    char buf[16];
    size_t bytes_read = 0;
    CHECK_EQ(read_fully(fds[0], buf, sizeof buf, &bytes_read), EOF);
    CHECK_EQ(bytes_read, 5);
    CHECK(!memcmp(buf, "hello", 5));
    close(fds[0]);

    /* 'bytes_read' may be NULL; reading nothing succeeds at once. */
    CHECK_EQ(pipe(fds), 0);
    CHECK_EQ(read_fully(fds[0], buf, 0, NULL), 0);
    close(fds[0]);
    close(fds[1]);
}

OSW_TEST(fully_errors)
{
    char buf[4];
    size_t bytes_read = 99;
    CHECK_EQ(read_fully(-1, buf, sizeof buf, &bytes_read), EBADF);
    CHECK_EQ(bytes_read, 0);
    CHECK_EQ(write_fully(-1, "x", 1), EBADF);

    /* Writing to a pipe nobody reads. */
    signal(SIGPIPE, SIG_IGN);
    int fds[2];
    CHECK_EQ(pipe(fds), 0);
    close(fds[0]);
    CHECK_EQ(write_fully(fds[1], "x", 1), EPIPE);
    close(fds[1]);
}

OSW_TEST(strerror)
{
    CHECK_STREQ(osw_strerror(EOF), "end of file");
    CHECK_STREQ(osw_retval_to_string(EOF), "end of file");
    CHECK_STREQ(osw_retval_to_string(0), "success");
    CHECK(strstr(osw_strerror(ENOENT), "No such file") != NULL);
    CHECK_STREQ(osw_retval_to_string(ENOENT), osw_strerror(ENOENT));
    CHECK(strstr(osw_strerror(EPIPE), "pipe") != NULL);

    /* Unknown values give text, never NULL or a crash. */
    const char *s = osw_strerror(123456);
    CHECK(s != NULL && s[0] != '\0');
}

OSW_TEST(read_whole_line)
{
    char *name = xasprintf("%s/lines", osw_test_tmpdir());
    FILE *f = fopen(name, "w");
    CHECK(f != NULL);
    fputs("first\nsecond line\n\nlast without newline", f);
    fclose(f);

    f = fopen(name, "r");
    CHECK(f != NULL);
    char *line;
    CHECK_EQ(read_whole_line(f, &line), 0);
    CHECK_STREQ(line, "first");
    free(line);
    CHECK_EQ(read_whole_line(f, &line), 0);
    CHECK_STREQ(line, "second line");
    free(line);
    CHECK_EQ(read_whole_line(f, &line), 0);
    CHECK_STREQ(line, "");
    free(line);
    CHECK_EQ(read_whole_line(f, &line), 0);
    CHECK_STREQ(line, "last without newline");
    free(line);
    CHECK_EQ(read_whole_line(f, &line), EOF);
    CHECK(line == NULL);
    fclose(f);
    free(name);
}

OSW_TEST(set_nonblocking)
{
    int fds[2];
    CHECK_EQ(pipe(fds), 0);
    CHECK_EQ(set_nonblocking(fds[0]), 0);
    CHECK(fcntl(fds[0], F_GETFL) & O_NONBLOCK);
    CHECK(fcntl(fds[0], F_GETFD) & FD_CLOEXEC);

    char c;
    CHECK_EQ(read(fds[0], &c, 1), -1);
    CHECK_EQ(errno, EAGAIN);
    close(fds[0]);
    close(fds[1]);

    CHECK_EQ(set_nonblocking(-1), EBADF);
}

OSW_TEST(program_name)
{
    set_program_name("/usr/sbin/osw-vswitchd");
    CHECK_STREQ(program_name, "osw-vswitchd");
    set_program_name("lt-test-util");
    CHECK_STREQ(program_name, "test-util");
    set_program_name("plain");
    CHECK_STREQ(program_name, "plain");
    CHECK(strstr(osw_get_version(), PACKAGE_VERSION) != NULL);
}

struct outer {
    int a;
    double b;
    char member;
};

OSW_TEST(macros)
{
    CHECK_EQ(MIN(3, 5), 3);
    CHECK_EQ(MAX(3, 5), 5);
    CHECK_EQ(MIN(-1, 1), -1);
    CHECK_EQ(DIV_ROUND_UP(10, 5), 2);
    CHECK_EQ(DIV_ROUND_UP(11, 5), 3);
    CHECK_EQ(DIV_ROUND_UP(0, 5), 0);
    CHECK_EQ(ROUND_UP(11, 8), 16);
    CHECK_EQ(ROUND_UP(16, 8), 16);

    CHECK(!is_pow2(0));
    CHECK(is_pow2(1));
    CHECK(is_pow2(2));
    CHECK(!is_pow2(3));
    CHECK(is_pow2(UINTMAX_C(1) << 63));
    CHECK(!is_pow2(UINTMAX_MAX));

    int array[7];
    CHECK_EQ(ARRAY_SIZE(array), 7);

    struct outer o;
    CHECK(CONTAINER_OF(&o.member, struct outer, member) == &o);
    struct outer *p;
    CHECK(OBJECT_CONTAINING(&o.b, p, b) == &o);
}

OSW_TEST(is_all_zeros_ones)
{
    uint8_t b[5] = { 0, 0, 0, 0, 0 };
    CHECK(is_all_zeros(b, sizeof b));
    CHECK(!is_all_ones(b, sizeof b));
    CHECK(is_all_zeros(b, 0) && is_all_ones(b, 0));
    b[4] = 1;
    CHECK(!is_all_zeros(b, sizeof b));
    CHECK(is_all_zeros(b, 4));
    memset(b, 0xff, sizeof b);
    CHECK(is_all_ones(b, sizeof b));
    b[0] = 0xfe;
    CHECK(!is_all_ones(b, sizeof b));
    CHECK(is_all_ones(b + 1, 4));
}

OSW_TEST(msleep)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    osw_msleep(30);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long int elapsed = ((b.tv_sec - a.tv_sec) * 1000LL
                             + (b.tv_nsec - a.tv_nsec) / 1000000);
    CHECK(elapsed >= 30);
}

/* osw_make_temp_dir() makes a fresh private directory under $TMPDIR
 * each time, and reports why it could not. */
OSW_TEST(make_temp_dir)
{
    char *base = xasprintf("%s", osw_test_tmpdir());
    char *a, *b;

    setenv("TMPDIR", base, 1);
    CHECK_EQ(osw_make_temp_dir("unit", &a), 0);
    CHECK_EQ(osw_make_temp_dir("unit", &b), 0);
    CHECK(strcmp(a, b) != 0);
    CHECK(!strncmp(a, base, strlen(base)));
    CHECK(!strncmp(a + strlen(base), "/unit.", 6));
    CHECK_EQ(strlen(a), strlen(base) + strlen("/unit.") + 6);

    struct stat st;
    CHECK_EQ(stat(a, &st), 0);
    CHECK(S_ISDIR(st.st_mode));
    CHECK_EQ(st.st_mode & 0777, 0700);
    CHECK_EQ(rmdir(a), 0);
    CHECK_EQ(rmdir(b), 0);
    free(a);
    free(b);

    /* An empty $TMPDIR means /tmp. */
    setenv("TMPDIR", "", 1);
    CHECK_EQ(osw_make_temp_dir("osw-unit", &a), 0);
    CHECK(!strncmp(a, "/tmp/osw-unit.", 14));
    CHECK_EQ(rmdir(a), 0);
    free(a);

    /* A base that does not exist. */
    char *missing = xasprintf("%s/missing", base);
    setenv("TMPDIR", missing, 1);
    a = (char *) 1;
    CHECK_EQ(osw_make_temp_dir("unit", &a), ENOENT);
    CHECK(a == NULL);
    free(missing);
    free(base);
}

/* osw_unique_name() appends a dot and six letters or digits that differ
 * from call to call. */
OSW_TEST(unique_name)
{
    char *a = osw_unique_name("/x/cert.pem");
    char *b = osw_unique_name("/x/cert.pem");

    CHECK(strcmp(a, b) != 0);
    CHECK_EQ(strlen(a), strlen("/x/cert.pem.") + 6);
    CHECK(!strncmp(a, "/x/cert.pem.", 12));
    for (const char *c = a + 12; *c; c++) {
        CHECK((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z'));
    }
    free(a);
    free(b);
}

OSW_TEST_MAIN()
