/* testlib: see tests/testlib.h. */
#include <config.h>
#include "testlib.h"

#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>
#include "osw/util.h"

static struct osw_test *tests;
static struct osw_test **tests_tail = &tests;
static char *tmpdir;

void
osw_test_register(struct osw_test *test)
{
    /* Keep definition order, so --list reads like the source file. */
    *tests_tail = test;
    tests_tail = &test->next;
}

void
osw_test_fail(const char *file, int line, const char *format, ...)
{
    va_list args;
    fprintf(stderr, "%s:%d: ", file, line);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(1);
}

void
osw_test_skip(const char *reason)
{
    fprintf(stderr, "skipped: %s\n", reason);
    exit(77);
}

const char *
osw_test_tmpdir(void)
{
    if (!tmpdir) {
        char *dir;
        if (osw_make_temp_dir("osw-test", &dir)) {
            osw_test_fail(__FILE__, __LINE__, "mkdtemp failed");
        }
        tmpdir = dir;
    }
    return tmpdir;
}

static void
remove_tmpdir(void)
{
    if (tmpdir) {
        pid_t pid = fork();
        if (pid == 0) {
            execlp("rm", "rm", "-rf", tmpdir, (char *) NULL);
            _exit(127);
        } else if (pid > 0) {
            waitpid(pid, NULL, 0);
        }
        free(tmpdir);
        tmpdir = NULL;
    }
}

static struct osw_test *
find_test(const char *name)
{
    for (struct osw_test *t = tests; t; t = t->next) {
        if (!strcmp(t->name, name)) {
            return t;
        }
    }
    return NULL;
}

/* Runs every case in a child process, reporting each. */
static int
run_all(void)
{
    int n_failed = 0;
    for (struct osw_test *t = tests; t; t = t->next) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            t->function();
            remove_tmpdir();
            exit(0);
        }
        int status;
        waitpid(pid, &status, 0);
        bool skipped = WIFEXITED(status) && WEXITSTATUS(status) == 77;
        bool passed = WIFEXITED(status) && !WEXITSTATUS(status);
        printf("%s: %s\n", passed ? "PASS" : skipped ? "SKIP" : "FAIL",
               t->name);
        n_failed += !passed && !skipped;
    }
    return n_failed ? 1 : 0;
}

int
osw_test_main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 2 && !strcmp(argv[1], "--list")) {
        for (struct osw_test *t = tests; t; t = t->next) {
            printf("%s\n", t->name);
        }
        return 0;
    }
    if (argc == 1) {
        return run_all();
    }
    for (int i = 1; i < argc; i++) {
        struct osw_test *t = find_test(argv[i]);
        if (!t) {
            fprintf(stderr, "%s: no test case named %s (try --list)\n",
                    program_name, argv[i]);
            return 2;
        }
        t->function();
        remove_tmpdir();
    }
    return 0;
}
