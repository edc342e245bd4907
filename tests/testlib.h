/* testlib: the unit-test framework.
 *
 * A test program is a set of named test cases.  Each case is a function
 * defined with OSW_TEST:
 *
 *     OSW_TEST(insert_and_find)
 *     {
 *         ...
 *         CHECK(hmap_count(&map) == 3);
 *         CHECK_EQ(x, 42);
 *         CHECK_STREQ(ds_cstr(&s), "hello");
 *     }
 *
 * and the program ends with OSW_TEST_MAIN().  Run as
 *   test-foo --list          print the case names, one a line
 *   test-foo NAME...         run those cases
 *   test-foo                 run every case, printing PASS/FAIL for each
 * tests/run-tests runs each case in its own process, so a crash or a leak
 * report is attributed to exactly one case.
 *
 * A failed CHECK prints the file, line, expression and values and ends the
 * case with exit status 1; exit status 77 (osw_test_skip()) means
 * "skipped". */
#ifndef OSW_TESTLIB_H
#define OSW_TESTLIB_H 1

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "osw/util.h"

struct osw_test {
    const char *name;
    void (*function)(void);
    struct osw_test *next;
};

void osw_test_register(struct osw_test *);
int osw_test_main(int argc, char *argv[]);
void osw_test_fail(const char *file, int line, const char *format, ...)
    OSW_PRINTF_FORMAT(3, 4) OSW_NO_RETURN;
void osw_test_skip(const char *reason) OSW_NO_RETURN;
/* Returns a fresh temporary directory for the running case, removed when
 * the case passes.  Owned by the framework. */
const char *osw_test_tmpdir(void);

#define OSW_TEST(NAME)                                                  \
    static void test_##NAME(void);                                      \
    static struct osw_test test_reg_##NAME = { #NAME, test_##NAME, NULL }; \
    __attribute__((constructor)) static void test_register_##NAME(void) \
    {                                                                   \
        osw_test_register(&test_reg_##NAME);                            \
    }                                                                   \
    static void test_##NAME(void)

#define OSW_TEST_MAIN()                                                 \
    int main(int argc, char *argv[]) { return osw_test_main(argc, argv); }

#define CHECK(COND)                                                     \
    ((COND) ? (void) 0                                                  \
     : osw_test_fail(__FILE__, __LINE__, "CHECK(%s) failed", #COND))

#define CHECK_EQ(A, B)                                                  \
    do {                                                                \
        long long int a__ = (long long int) (A);                        \
        long long int b__ = (long long int) (B);                        \
        if (a__ != b__) {                                               \
            osw_test_fail(__FILE__, __LINE__,                           \
                          "CHECK_EQ(%s, %s) failed: %lld != %lld",      \
                          #A, #B, a__, b__);                            \
        }                                                               \
    } while (0)

#define CHECK_STREQ(A, B)                                               \
    do {                                                                \
        const char *a__ = (A);                                          \
        const char *b__ = (B);                                          \
        if (!a__ || !b__ || strcmp(a__, b__)) {                         \
            osw_test_fail(__FILE__, __LINE__,                           \
                          "CHECK_STREQ(%s, %s) failed:\n  \"%s\"\n  \"%s\"", \
                          #A, #B, a__ ? a__ : "(null)",                 \
                          b__ ? b__ : "(null)");                        \
        }                                                               \
    } while (0)

#define CHECK_MEMEQ(A, B, N)                                            \
    do {                                                                \
        if (memcmp(A, B, N)) {                                          \
            osw_test_fail(__FILE__, __LINE__,                           \
                          "CHECK_MEMEQ(%s, %s, %s) failed", #A, #B, #N); \
        }                                                               \
    } while (0)

#endif /* testlib.h */
