/* Unit tests for lib/vector.c. */
#include <config.h>
#include "osw/vector.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

/* An element whose size is not a power of two, to catch code that assumes
 * word-sized elements. */
struct triple {
    uint8_t a, b, c;
};

static int
compare_ints(const void *a_, const void *b_)
{
    int a = *(const int *) a_;
    int b = *(const int *) b_;
    return a < b ? -1 : a > b;
}

/* Runs 'function' in a child process and checks that it aborts, as an
 * osw_assert() failure does. */
static void
check_aborts(void (*function)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        struct rlimit no_core = { 0, 0 };
        setrlimit(RLIMIT_CORE, &no_core);
        /* Keep the expected assertion message out of the test log. */
        if (!freopen("/dev/null", "w", stderr)) {
            _exit(2);
        }
        function();
        _exit(0);
    }
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFSIGNALED(status));
    CHECK_EQ(WTERMSIG(status), SIGABRT);
}

OSW_TEST(empty)
{
    struct vector v = VECTOR_INITIALIZER(sizeof(int));
    CHECK_EQ(vector_len(&v), 0);
    CHECK(vector_is_empty(&v));
    CHECK(!vector_pop(&v, NULL));

    int n_iterations = 0;
    int *p;
    VECTOR_FOR_EACH (p, &v) {
        n_iterations++;
    }
    CHECK_EQ(n_iterations, 0);

    vector_sort(&v, compare_ints);
    vector_shrink(&v);
    vector_clear(&v);
    vector_destroy(&v);
    vector_destroy(&v);         /* Harmless twice. */
    CHECK(vector_is_empty(&v));
}

OSW_TEST(push_and_index_many)
{
    struct vector v;
    vector_init(&v, sizeof(int));
    for (int i = 0; i < 10000; i++) {
        int x = i * 7;
        int *stored = vector_push(&v, &x);
        CHECK_EQ(*stored, i * 7);
        CHECK_EQ(vector_len(&v), i + 1);
        CHECK(v.allocated >= v.n);
    }
    for (int i = 0; i < 10000; i++) {
        CHECK_EQ(VECTOR_AT(&v, i, int), i * 7);
    }

    int i = 0;
    int *p;
    VECTOR_FOR_EACH (p, &v) {
        CHECK_EQ(*p, i * 7);
        i++;
    }
    CHECK_EQ(i, 10000);
    vector_destroy(&v);
}

OSW_TEST(growth_is_geometric)
{
    struct vector v;
    vector_init(&v, sizeof(long));
    int n_moves = 0;
    void *last = NULL;
    for (long i = 0; i < 100000; i++) {
        vector_push(&v, &i);
        if (v.data != last) {
            n_moves++;
            last = v.data;
        }
    }
    /* Doubling from a small start: well under 40 reallocations. */
    CHECK(n_moves < 40);
    vector_destroy(&v);
}

OSW_TEST(push_zero)
{
    struct vector v;
    vector_init(&v, sizeof(struct triple));
    for (int i = 0; i < 100; i++) {
        struct triple *t = vector_push_zero(&v);
        CHECK(!t->a && !t->b && !t->c);
        t->a = i;
        t->b = i + 1;
        t->c = i + 2;
    }
    /* Elements of size 3 are packed, not padded. */
    CHECK_EQ(sizeof(struct triple), 3);
    for (int i = 0; i < 100; i++) {
        struct triple *t = vector_at(&v, i);
        CHECK_EQ(t->a, i);
        CHECK_EQ(t->b, i + 1);
        CHECK_EQ(t->c, i + 2);
        CHECK_EQ((char *) t - (char *) v.data, 3 * i);
    }
    vector_destroy(&v);
}

OSW_TEST(insert_front_middle_end)
{
    struct vector v;
    vector_init(&v, sizeof(int));
    int x;

    x = 2; vector_insert(&v, 0, &x);           /* [2] */
    x = 4; vector_insert(&v, 1, &x);           /* [2 4] */
    x = 0; vector_insert(&v, 0, &x);           /* [0 2 4] */
    x = 3; vector_insert(&v, 2, &x);           /* [0 2 3 4] */
    x = 1; vector_insert(&v, 1, &x);           /* [0 1 2 3 4] */
    x = 5; int *p = vector_insert(&v, 5, &x);  /* [0 1 2 3 4 5] */
    CHECK_EQ(*p, 5);
    CHECK_EQ(vector_len(&v), 6);
    for (int i = 0; i < 6; i++) {
        CHECK_EQ(VECTOR_AT(&v, i, int), i);
    }
    vector_destroy(&v);
}

OSW_TEST(insert_and_push_from_self)
{
    /* Copying an element of the vector into the vector must work even when
     * the array moves or the source shifts. */
    for (int round = 0; round < 40; round++) {
        struct vector v;
        vector_init(&v, sizeof(int));
        for (int i = 0; i < round; i++) {
            vector_push(&v, &i);
        }
        vector_shrink(&v);      /* Full: the next insert reallocates. */
        if (round == 0) {
            vector_destroy(&v);
            continue;
        }

        size_t src = round / 2;
        size_t dst = round / 3;
        int want = VECTOR_AT(&v, src, int);
        vector_insert(&v, dst, vector_at(&v, src));
        CHECK_EQ(VECTOR_AT(&v, dst, int), want);

        vector_shrink(&v);
        int last = VECTOR_AT(&v, 0, int);
        vector_push(&v, vector_at(&v, 0));
        CHECK_EQ(VECTOR_AT(&v, v.n - 1, int), last);
        vector_destroy(&v);
    }
}

OSW_TEST(remove_keeps_order)
{
    struct vector v;
    vector_init(&v, sizeof(int));
    for (int i = 0; i < 10; i++) {
        vector_push(&v, &i);
    }
    vector_remove(&v, 0);       /* 1..9 */
    vector_remove(&v, 8);       /* 1..8 */
    vector_remove(&v, 3);       /* 1 2 3 5 6 7 8 */
    static const int want[] = { 1, 2, 3, 5, 6, 7, 8 };
    CHECK_EQ(vector_len(&v), ARRAY_SIZE(want));
    for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
        CHECK_EQ(VECTOR_AT(&v, i, int), want[i]);
    }
    vector_destroy(&v);
}

OSW_TEST(remove_fast_moves_last)
{
    struct vector v;
    vector_init(&v, sizeof(int));
    for (int i = 0; i < 5; i++) {
        vector_push(&v, &i);
    }
    vector_remove_fast(&v, 1);  /* 0 4 2 3 */
    CHECK_EQ(vector_len(&v), 4);
    CHECK_EQ(VECTOR_AT(&v, 1, int), 4);
    vector_remove_fast(&v, 3);  /* Last: 0 4 2 */
    CHECK_EQ(vector_len(&v), 3);
    CHECK_EQ(VECTOR_AT(&v, 0, int), 0);
    CHECK_EQ(VECTOR_AT(&v, 1, int), 4);
    CHECK_EQ(VECTOR_AT(&v, 2, int), 2);
    vector_remove_fast(&v, 0);
    vector_remove_fast(&v, 0);
    vector_remove_fast(&v, 0);
    CHECK(vector_is_empty(&v));
    vector_destroy(&v);
}

OSW_TEST(pop)
{
    struct vector v;
    vector_init(&v, sizeof(int));
    for (int i = 0; i < 3; i++) {
        vector_push(&v, &i);
    }
    int x = -1;
    CHECK(vector_pop(&v, &x));
    CHECK_EQ(x, 2);
    CHECK(vector_pop(&v, NULL));
    CHECK(vector_pop(&v, &x));
    CHECK_EQ(x, 0);
    x = 99;
    CHECK(!vector_pop(&v, &x));
    CHECK_EQ(x, 99);            /* Untouched when empty. */
    vector_destroy(&v);
}

OSW_TEST(sort)
{
    struct vector v;
    vector_init(&v, sizeof(int));
    srand(12345);
    for (int i = 0; i < 1000; i++) {
        int x = rand() % 500 - 250;
        vector_push(&v, &x);
    }
    vector_sort(&v, compare_ints);
    for (size_t i = 1; i < vector_len(&v); i++) {
        CHECK(VECTOR_AT(&v, i - 1, int) <= VECTOR_AT(&v, i, int));
    }
    vector_destroy(&v);
}

OSW_TEST(reserve_clear_shrink)
{
    struct vector v;
    vector_init(&v, sizeof(int));
    vector_reserve(&v, 100);
    CHECK(v.allocated >= 100);
    CHECK_EQ(vector_len(&v), 0);

    /* Pushing up to the reserved count never moves the array. */
    void *data = v.data;
    for (int i = 0; i < 100; i++) {
        vector_push(&v, &i);
    }
    CHECK(v.data == data);

    /* Reserving less than what is there is a no-op. */
    vector_reserve(&v, 10);
    CHECK(v.data == data);
    CHECK_EQ(vector_len(&v), 100);

    vector_clear(&v);
    CHECK(vector_is_empty(&v));
    CHECK(v.allocated >= 100);
    for (int i = 0; i < 5; i++) {
        vector_push(&v, &i);
    }
    vector_shrink(&v);
    CHECK_EQ(v.allocated, 5);
    for (int i = 0; i < 5; i++) {
        CHECK_EQ(VECTOR_AT(&v, i, int), i);
    }

    vector_clear(&v);
    vector_shrink(&v);
    CHECK_EQ(v.allocated, 0);
    CHECK(v.data == NULL);

    /* Still usable after shrinking to nothing. */
    int x = 42;
    vector_push(&v, &x);
    CHECK_EQ(VECTOR_AT(&v, 0, int), 42);
    vector_destroy(&v);
}

OSW_TEST(destroy_then_reuse)
{
    struct vector v;
    vector_init(&v, sizeof(double));
    double d = 1.5;
    vector_push(&v, &d);
    vector_destroy(&v);
    CHECK(vector_is_empty(&v));
    CHECK_EQ(v.elem_size, sizeof(double));
    vector_push(&v, &d);
    CHECK(VECTOR_AT(&v, 0, double) == 1.5);
    vector_destroy(&v);
}

OSW_TEST(randomized_against_model)
{
    enum { MAX = 300 };
    int model[MAX];
    size_t n = 0;
    struct vector v;
    vector_init(&v, sizeof(int));

    srand(777);
    for (int step = 0; step < 20000; step++) {
        int op = rand() % 6;
        int x = rand();
        if (op == 0 && n < MAX) {
            vector_push(&v, &x);
            model[n++] = x;
        } else if (op == 1 && n < MAX) {
            size_t i = rand() % (n + 1);
            vector_insert(&v, i, &x);
            memmove(&model[i + 1], &model[i], (n - i) * sizeof *model);
            model[i] = x;
            n++;
        } else if (op == 2 && n > 0) {
            size_t i = rand() % n;
            vector_remove(&v, i);
            memmove(&model[i], &model[i + 1], (n - i - 1) * sizeof *model);
            n--;
        } else if (op == 3 && n > 0) {
            size_t i = rand() % n;
            vector_remove_fast(&v, i);
            model[i] = model[n - 1];
            n--;
        } else if (op == 4) {
            int y;
            bool ok = vector_pop(&v, &y);
            CHECK_EQ(ok, n > 0);
            if (ok) {
                CHECK_EQ(y, model[--n]);
            }
        } else if (op == 5 && rand() % 50 == 0) {
            vector_shrink(&v);
        }

        CHECK_EQ(vector_len(&v), n);
        if (step % 97 == 0) {
            for (size_t i = 0; i < n; i++) {
                CHECK_EQ(VECTOR_AT(&v, i, int), model[i]);
            }
        }
    }
    vector_destroy(&v);
}

static void
at_out_of_range(void)
{
    struct vector v;
    vector_init(&v, sizeof(int));
    int x = 1;
    vector_push(&v, &x);
    vector_at(&v, 1);
}

static void
insert_past_end(void)
{
    struct vector v;
    vector_init(&v, sizeof(int));
    int x = 1;
    vector_insert(&v, 1, &x);
}

static void
remove_from_empty(void)
{
    struct vector v;
    vector_init(&v, sizeof(int));
    vector_remove(&v, 0);
}

OSW_TEST(bad_index_aborts)
{
    check_aborts(at_out_of_range);
    check_aborts(insert_past_end);
    check_aborts(remove_from_empty);
}

OSW_TEST_MAIN()
