/* Unit tests for lib/ofpbuf.c. */
#include <config.h>
#include "osw/ofpbuf.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "osw/dynamic-string.h"
#include "osw/list.h"
#include "testlib.h"

/* Checks the invariants that every buffer must satisfy. */
static void
check_invariants(const struct ofpbuf *b)
{
    CHECK((char *) b->data >= (char *) b->base);
    CHECK_EQ(ofpbuf_headroom(b) + b->size + ofpbuf_tailroom(b),
             b->allocated);
}

/* Checks that 'b' holds exactly the 'n' bytes in 'expected'. */
static void
check_data(const struct ofpbuf *b, const void *expected, size_t n)
{
    check_invariants(b);
    CHECK_EQ(b->size, n);
    if (n) {
        CHECK_MEMEQ(b->data, expected, n);
    }
}

/* Runs 'function' in a child process and checks that it aborts. */
static void
check_aborts(void (*function)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        struct rlimit no_core = { 0, 0 };
        setrlimit(RLIMIT_CORE, &no_core);
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

OSW_TEST(init_and_new)
{
    struct ofpbuf b;
    ofpbuf_init(&b, 100);
    CHECK_EQ(b.size, 0);
    CHECK_EQ(b.allocated, 100);
    CHECK_EQ(ofpbuf_headroom(&b), 0);
    CHECK_EQ(ofpbuf_tailroom(&b), 100);
    CHECK(b.header == NULL && b.msg == NULL);
    CHECK_EQ(b.source, OFPBUF_MALLOC);
    ofpbuf_uninit(&b);

    ofpbuf_init(&b, 0);
    CHECK_EQ(b.allocated, 0);
    CHECK_EQ(ofpbuf_tailroom(&b), 0);
    ofpbuf_put(&b, "abc", 3);
    check_data(&b, "abc", 3);
    ofpbuf_reinit(&b, 10);
    CHECK_EQ(b.size, 0);
    CHECK_EQ(b.allocated, 10);
    ofpbuf_uninit(&b);

    struct ofpbuf *p = ofpbuf_new(0);
    CHECK_EQ(p->size, 0);
    ofpbuf_put_zeros(p, 5);
    check_data(p, "\0\0\0\0\0", 5);
    ofpbuf_delete(p);
    ofpbuf_delete(NULL);
}

OSW_TEST(put_grows_and_keeps_data)
{
    struct ofpbuf b;
    ofpbuf_init(&b, 0);
    int n_moves = 0;
    void *last_base = b.base;
    for (int i = 0; i < 100000; i++) {
        uint8_t byte = i * 31;
        uint8_t *p = ofpbuf_put(&b, &byte, 1);
        CHECK(p == (uint8_t *) b.data + i);
        if (b.base != last_base) {
            n_moves++;
            last_base = b.base;
        }
    }
    check_invariants(&b);
    CHECK_EQ(b.size, 100000);
    for (int i = 0; i < 100000; i++) {
        CHECK_EQ(((uint8_t *) b.data)[i], (uint8_t) (i * 31));
    }
    /* Growth is geometric, not a fixed step per put. */
    CHECK(n_moves < 40);
    ofpbuf_uninit(&b);
}

OSW_TEST(put_variants)
{
    struct ofpbuf b;
    ofpbuf_init(&b, 4);
    ofpbuf_put(&b, "ab", 2);
    uint8_t *z = ofpbuf_put_zeros(&b, 3);
    CHECK(z == (uint8_t *) b.data + 2);
    char *u = ofpbuf_put_uninit(&b, 2);
    u[0] = 'y';
    u[1] = 'z';
    check_data(&b, "ab\0\0\0yz", 7);
    CHECK(ofpbuf_tail(&b) == (char *) b.data + 7);

    /* Zero-length puts change nothing. */
    ofpbuf_put(&b, NULL, 0);
    ofpbuf_put_zeros(&b, 0);
    check_data(&b, "ab\0\0\0yz", 7);
    ofpbuf_uninit(&b);
}

OSW_TEST(headroom_push_pull)
{
    struct ofpbuf *b = ofpbuf_new_with_headroom(10, 20);
    CHECK_EQ(ofpbuf_headroom(b), 20);
    CHECK(ofpbuf_tailroom(b) >= 10);
    ofpbuf_put(b, "payload", 7);

    /* Pushing into existing headroom moves nothing. */
    void *base = b->base;
    ofpbuf_push(b, "hdr2", 4);
    ofpbuf_push(b, "hdr1", 4);
    CHECK(b->base == base);
    CHECK_EQ(ofpbuf_headroom(b), 12);
    check_data(b, "hdr1hdr2payload", 15);

    /* Pulling returns the bytes removed; they stay in the headroom. */
    char *p = ofpbuf_pull(b, 4);
    CHECK(!memcmp(p, "hdr1", 4));
    CHECK_EQ(ofpbuf_headroom(b), 16);
    check_data(b, "hdr2payload", 11);

    /* A push bigger than the headroom reallocates and keeps the data. */
    uint8_t big[100];
    for (int i = 0; i < 100; i++) {
        big[i] = i;
    }
    uint8_t *q = ofpbuf_push(b, big, 100);
    CHECK(q == b->data);
    CHECK_EQ(b->size, 111);
    CHECK(!memcmp(b->data, big, 100));
    CHECK(!memcmp((char *) b->data + 100, "hdr2payload", 11));
    check_invariants(b);

    ofpbuf_push_zeros(b, 3);
    CHECK(!memcmp(b->data, "\0\0\0", 3));
    CHECK_EQ(b->size, 114);
    char *r = ofpbuf_push_uninit(b, 1);
    *r = '!';
    CHECK_EQ(*(char *) b->data, '!');
    check_invariants(b);

    /* Pull everything. */
    ofpbuf_pull(b, b->size);
    CHECK_EQ(b->size, 0);
    check_invariants(b);
    ofpbuf_delete(b);
}

OSW_TEST(push_without_headroom)
{
    struct ofpbuf b;
    ofpbuf_init(&b, 0);
    for (int i = 0; i < 1000; i++) {
        uint8_t byte = i;
        ofpbuf_push(&b, &byte, 1);
    }
    CHECK_EQ(b.size, 1000);
    for (int i = 0; i < 1000; i++) {
        CHECK_EQ(((uint8_t *) b.data)[i], (uint8_t) (999 - i));
    }
    check_invariants(&b);
    ofpbuf_uninit(&b);
}

OSW_TEST(try_pull_short_data)
{
    struct ofpbuf b;
    ofpbuf_init(&b, 0);
    ofpbuf_put(&b, "abcdef", 6);

    CHECK(ofpbuf_try_pull(&b, 7) == NULL);
    check_data(&b, "abcdef", 6);
    CHECK(ofpbuf_try_pull(&b, SIZE_MAX) == NULL);
    check_data(&b, "abcdef", 6);

    char *p = ofpbuf_try_pull(&b, 2);
    CHECK(p && !memcmp(p, "ab", 2));
    check_data(&b, "cdef", 4);
    p = ofpbuf_try_pull(&b, 4);
    CHECK(p && !memcmp(p, "cdef", 4));
    CHECK_EQ(b.size, 0);
    CHECK(ofpbuf_try_pull(&b, 1) == NULL);
    CHECK(ofpbuf_try_pull(&b, 0) != NULL);
    ofpbuf_uninit(&b);
}

OSW_TEST(at)
{
    struct ofpbuf b;
    ofpbuf_use_const(&b, "0123456789", 10);
    CHECK(ofpbuf_at(&b, 0, 10) == b.data);
    CHECK(ofpbuf_at(&b, 9, 1) == (char *) b.data + 9);
    CHECK(ofpbuf_at(&b, 10, 0) == (char *) b.data + 10);
    CHECK(ofpbuf_at(&b, 9, 2) == NULL);
    CHECK(ofpbuf_at(&b, 11, 0) == NULL);
    /* Lengths a peer might send must not wrap around. */
    CHECK(ofpbuf_at(&b, 2, SIZE_MAX) == NULL);
    CHECK(ofpbuf_at(&b, SIZE_MAX, 2) == NULL);
    CHECK(ofpbuf_at(&b, SIZE_MAX - 3, 5) == NULL);
    CHECK(*(char *) ofpbuf_at_assert(&b, 3, 7) == '3');
}

static void
at_assert_past_end(void)
{
    struct ofpbuf b;
    ofpbuf_use_const(&b, "0123", 4);
    ofpbuf_at_assert(&b, 2, SIZE_MAX);
}

static void
pull_too_much(void)
{
    struct ofpbuf b;
    ofpbuf_use_const(&b, "0123", 4);
    ofpbuf_pull(&b, 5);
}

static void
grow_const(void)
{
    struct ofpbuf b;
    ofpbuf_use_const(&b, "0123", 4);
    ofpbuf_put(&b, "x", 1);
}

static void
truncate_longer(void)
{
    struct ofpbuf b;
    ofpbuf_use_const(&b, "0123", 4);
    ofpbuf_truncate(&b, 5);
}

OSW_TEST(misuse_aborts)
{
    check_aborts(at_assert_past_end);
    check_aborts(pull_too_much);
    check_aborts(grow_const);
    check_aborts(truncate_longer);
}

OSW_TEST(markers_follow_growth)
{
    struct ofpbuf b;
    ofpbuf_init(&b, 8);
    b.header = ofpbuf_put(&b, "HEAD", 4);
    b.msg = ofpbuf_tail(&b);
    ofpbuf_put(&b, "body", 4);

    /* Grow the tail many times: the markers follow the bytes. */
    for (int i = 0; i < 1000; i++) {
        ofpbuf_put(&b, "...", 3);
        CHECK(!memcmp(b.header, "HEAD", 4));
        CHECK(!memcmp(b.msg, "body", 4));
        CHECK(b.header == b.data);
        CHECK(b.msg == (char *) b.data + 4);
    }

    /* Pushes that reallocate keep them too. */
    for (int i = 0; i < 50; i++) {
        ofpbuf_push(&b, "0123456789", 10);
        CHECK(!memcmp(b.header, "HEAD", 4));
        CHECK(!memcmp(b.msg, "body", 4));
        CHECK(b.header == (char *) b.data + 10 * (i + 1));
    }
    ofpbuf_uninit(&b);
}

OSW_TEST(marker_in_headroom)
{
    /* Protocol code often pulls the header and keeps 'header' pointing at
     * it, in the headroom. */
    struct ofpbuf b;
    ofpbuf_init(&b, 0);
    b.header = ofpbuf_put(&b, "HEAD", 4);
    ofpbuf_put(&b, "body", 4);
    ofpbuf_pull(&b, 4);
    b.msg = b.data;
    CHECK(b.header == (char *) b.data - 4);

    /* Tail growth keeps the headroom, so the header survives. */
    ofpbuf_put_zeros(&b, 10000);
    CHECK(b.header == (char *) b.data - 4);
    CHECK(!memcmp(b.header, "HEAD", 4));
    CHECK(!memcmp(b.msg, "body", 4));

    /* Head growth keeps the old headroom next to the data. */
    ofpbuf_prealloc_headroom(&b, 1000);
    CHECK(ofpbuf_headroom(&b) >= 1000);
    CHECK(b.header == (char *) b.data - 4);
    CHECK(!memcmp(b.header, "HEAD", 4));
    CHECK(!memcmp(b.msg, "body", 4));

    /* Trimming discards the headroom: the header marker is cleared rather
     * than left dangling. */
    ofpbuf_trim(&b);
    CHECK_EQ(ofpbuf_headroom(&b), 0);
    CHECK(b.header == NULL);
    CHECK(b.msg == b.data);
    CHECK(!memcmp(b.msg, "body", 4));
    ofpbuf_uninit(&b);
}

OSW_TEST(stack_buffer_moves_to_heap)
{
    uint64_t stackbuf[2];           /* 16 bytes. */
    struct ofpbuf b;
    ofpbuf_use_stack(&b, stackbuf, sizeof stackbuf);
    CHECK_EQ(b.source, OFPBUF_STACK);
    CHECK_EQ(ofpbuf_tailroom(&b), 16);

    ofpbuf_put(&b, "0123456789", 10);
    CHECK(b.base == (void *) stackbuf);
    ofpbuf_put(&b, "abcdef", 6);
    CHECK(b.base == (void *) stackbuf);
    CHECK_EQ(ofpbuf_tailroom(&b), 0);
    b.header = b.data;
    b.msg = (char *) b.data + 10;

    /* One more byte: copied to the heap, data and markers preserved. */
    ofpbuf_put(&b, "!", 1);
    CHECK(b.base != (void *) stackbuf);
    CHECK_EQ(b.source, OFPBUF_MALLOC);
    check_data(&b, "0123456789abcdef!", 17);
    CHECK(b.header == b.data);
    CHECK(b.msg == (char *) b.data + 10);

    /* The stackbuf is not touched after the move. */
    CHECK(!memcmp(stackbuf, "0123456789abcdef", 16));
    ofpbuf_uninit(&b);
}

OSW_TEST(stack_buffer_push_into_headroom)
{
    uint8_t stackbuf[64];
    struct ofpbuf b;
    ofpbuf_use_stack(&b, stackbuf, sizeof stackbuf);
    ofpbuf_reserve(&b, 16);
    CHECK(b.data == stackbuf + 16);
    ofpbuf_put(&b, "data", 4);
    ofpbuf_push(&b, "hdr:", 4);
    CHECK(b.base == (void *) stackbuf);
    check_data(&b, "hdr:data", 8);

    /* Needing more headroom than the stackbuf has moves it to the heap. */
    ofpbuf_push_zeros(&b, 20);
    CHECK(b.base != (void *) stackbuf);
    CHECK_EQ(b.size, 28);
    CHECK(!memcmp((char *) b.data + 20, "hdr:data", 8));
    ofpbuf_uninit(&b);
}

OSW_TEST(stack_buffer_uninit_without_growth)
{
    /* uninit of a stackbuf that never grew must not free the stackbuf. */
    char stackbuf[32];
    struct ofpbuf b;
    ofpbuf_use_stack(&b, stackbuf, sizeof stackbuf);
    ofpbuf_put(&b, "x", 1);
    ofpbuf_uninit(&b);
}

OSW_TEST(const_buffer)
{
    static const char text[] = "read-only message";
    struct ofpbuf b;
    ofpbuf_use_const(&b, text, strlen(text));
    CHECK_EQ(b.source, OFPBUF_CONST);
    CHECK(b.data == text);
    CHECK_EQ(b.size, strlen(text));
    CHECK_EQ(ofpbuf_tailroom(&b), 0);

    CHECK(!memcmp(ofpbuf_pull(&b, 5), "read-", 5));
    check_data(&b, "only message", 12);
    CHECK(ofpbuf_try_pull(&b, 13) == NULL);

    /* Trimming only narrows the view; the memory is not written. */
    ofpbuf_trim(&b);
    CHECK(b.base == text + 5);
    CHECK_EQ(b.allocated, 12);
    check_data(&b, "only message", 12);
    ofpbuf_uninit(&b);

    struct ofpbuf c = OFPBUF_CONST_INITIALIZER(text, 4);
    check_data(&c, "read", 4);
    CHECK_EQ(c.source, OFPBUF_CONST);
}

OSW_TEST(put_hex)
{
    struct ofpbuf b;
    ofpbuf_init(&b, 0);
    size_t n = 99;
    const char *s = "00 01 02 ff AbCd\t7E";
    char *end = ofpbuf_put_hex(&b, s, &n);
    CHECK_EQ(n, 7);
    CHECK(*end == '\0');
    check_data(&b, "\x00\x01\x02\xff\xab\xcd\x7e", 7);

    /* Appends; bytes may be run together; trailing space is consumed. */
    end = ofpbuf_put_hex(&b, "  1011 12  ", &n);
    CHECK_EQ(n, 3);
    CHECK(*end == '\0');
    CHECK_EQ(b.size, 10);
    CHECK(!memcmp((char *) b.data + 7, "\x10\x11\x12", 3));
    ofpbuf_uninit(&b);

    /* Stops at junk and points at it. */
    ofpbuf_init(&b, 0);
    s = "01 0g";
    end = ofpbuf_put_hex(&b, s, &n);
    CHECK_EQ(n, 1);
    CHECK(end == s + 3);
    check_data(&b, "\x01", 1);
    ofpbuf_uninit(&b);

    /* An odd digit is not a byte. */
    ofpbuf_init(&b, 0);
    s = "0102 3";
    end = ofpbuf_put_hex(&b, s, NULL);
    CHECK(end == s + 5);
    check_data(&b, "\x01\x02", 2);
    ofpbuf_uninit(&b);

    /* Nothing to parse. */
    ofpbuf_init(&b, 0);
    s = "";
    end = ofpbuf_put_hex(&b, s, &n);
    CHECK_EQ(n, 0);
    CHECK(end == s);
    s = "xyz";
    end = ofpbuf_put_hex(&b, s, &n);
    CHECK_EQ(n, 0);
    CHECK(end == s);
    s = "0x12";
    end = ofpbuf_put_hex(&b, s, &n);
    CHECK_EQ(n, 0);
    CHECK(end == s);
    CHECK_EQ(b.size, 0);
    ofpbuf_uninit(&b);
}

OSW_TEST(clone_with_headroom)
{
    struct ofpbuf *b = ofpbuf_new(0);
    b->header = ofpbuf_put(b, "HDR", 3);
    b->msg = ofpbuf_put(b, "message", 7);

    struct ofpbuf *c = ofpbuf_clone_with_headroom(b, 32);
    CHECK_EQ(ofpbuf_headroom(c), 32);
    CHECK(ofpbuf_equal(b, c));
    CHECK(c->data != b->data);
    CHECK(c->header == c->data);
    CHECK(c->msg == (char *) c->data + 3);
    CHECK_EQ(c->source, OFPBUF_MALLOC);
    /* The clone's headroom is usable without reallocating. */
    void *base = c->base;
    ofpbuf_push_zeros(c, 32);
    CHECK(c->base == base);
    ofpbuf_delete(c);

    /* A header that was pulled into the headroom is not copied. */
    ofpbuf_pull(b, 3);
    c = ofpbuf_clone(b);
    CHECK_EQ(ofpbuf_headroom(c), 0);
    check_data(c, "message", 7);
    CHECK(c->header == NULL);
    CHECK(c->msg == c->data);
    ofpbuf_delete(c);

    /* Modifying the clone does not affect the original. */
    c = ofpbuf_clone(b);
    memset(c->data, 'x', c->size);
    check_data(b, "message", 7);
    ofpbuf_delete(c);

    /* Empty. */
    ofpbuf_pull(b, 7);
    c = ofpbuf_clone_with_headroom(b, 5);
    CHECK_EQ(c->size, 0);
    CHECK_EQ(ofpbuf_headroom(c), 5);
    ofpbuf_delete(c);
    ofpbuf_delete(b);

    c = ofpbuf_clone_data("abc", 3);
    check_data(c, "abc", 3);
    CHECK_EQ(ofpbuf_headroom(c), 0);
    ofpbuf_delete(c);
    c = ofpbuf_clone_data(NULL, 0);
    CHECK_EQ(c->size, 0);
    ofpbuf_delete(c);
}

OSW_TEST(trim)
{
    struct ofpbuf b;
    ofpbuf_init(&b, 100);
    ofpbuf_reserve(&b, 10);
    ofpbuf_put(&b, "hello", 5);
    CHECK_EQ(ofpbuf_headroom(&b), 10);
    ofpbuf_trim(&b);
    CHECK_EQ(ofpbuf_headroom(&b), 0);
    CHECK_EQ(ofpbuf_tailroom(&b), 0);
    CHECK_EQ(b.allocated, 5);
    check_data(&b, "hello", 5);
    /* Still growable. */
    ofpbuf_put(&b, " world", 6);
    check_data(&b, "hello world", 11);
    ofpbuf_uninit(&b);

    /* A stackbuf buffer moves its data down within the stackbuf. */
    char stackbuf[32];
    ofpbuf_use_stack(&b, stackbuf, sizeof stackbuf);
    ofpbuf_reserve(&b, 8);
    b.msg = ofpbuf_put(&b, "abc", 3);
    ofpbuf_trim(&b);
    CHECK(b.base == stackbuf && b.data == stackbuf);
    CHECK_EQ(b.allocated, 32);
    CHECK(b.msg == b.data);
    check_data(&b, "abc", 3);
    ofpbuf_uninit(&b);
}

OSW_TEST(steal_data)
{
    /* Data at the base of a heap buffer is handed over without a copy. */
    struct ofpbuf b;
    ofpbuf_init(&b, 0);
    ofpbuf_put(&b, "stolen", 6);
    void *base = b.base;
    char *p = ofpbuf_steal_data(&b);
    CHECK(p == base);
    CHECK(!memcmp(p, "stolen", 6));
    CHECK_EQ(b.size, 0);
    CHECK_EQ(b.allocated, 0);
    CHECK(b.base == NULL && b.data == NULL);
    free(p);
    ofpbuf_uninit(&b);

    /* With headroom: a copy of just the data. */
    ofpbuf_init(&b, 0);
    ofpbuf_put(&b, "xxdata", 6);
    ofpbuf_pull(&b, 2);
    p = ofpbuf_steal_data(&b);
    CHECK(!memcmp(p, "data", 4));
    free(p);
    /* The buffer is reusable afterward. */
    ofpbuf_put(&b, "again", 5);
    check_data(&b, "again", 5);
    ofpbuf_uninit(&b);

    /* A stackbuf is copied to the heap. */
    char stackbuf[16];
    ofpbuf_use_stack(&b, stackbuf, sizeof stackbuf);
    ofpbuf_put(&b, "heap", 4);
    p = ofpbuf_steal_data(&b);
    CHECK(p != stackbuf);
    CHECK(!memcmp(p, "heap", 4));
    free(p);
    ofpbuf_uninit(&b);

    /* A const buffer too. */
    ofpbuf_use_const(&b, "const", 5);
    p = ofpbuf_steal_data(&b);
    CHECK(!memcmp(p, "const", 5));
    free(p);
    ofpbuf_uninit(&b);

    /* An empty, never-allocated buffer still yields freeable memory. */
    ofpbuf_init(&b, 0);
    p = ofpbuf_steal_data(&b);
    free(p);
    ofpbuf_uninit(&b);

    /* A buffer on a list stays on it. */
    struct osw_list list = OSW_LIST_INITIALIZER(&list);
    struct ofpbuf *q = ofpbuf_new(0);
    ofpbuf_put(q, "z", 1);
    osw_list_push_back(&list, &q->list_node);
    free(ofpbuf_steal_data(q));
    CHECK(osw_list_is_singleton(&list));
    CHECK(osw_list_front(&list) == &q->list_node);
    osw_list_remove(&q->list_node);
    ofpbuf_delete(q);
}

OSW_TEST(equal)
{
    struct ofpbuf a, b, c;
    ofpbuf_use_const(&a, "abc", 3);
    ofpbuf_init(&b, 0);
    ofpbuf_put(&b, "xabc", 4);
    CHECK(!ofpbuf_equal(&a, &b));
    ofpbuf_pull(&b, 1);
    CHECK(ofpbuf_equal(&a, &b));
    CHECK(ofpbuf_equal(&b, &a));
    ofpbuf_use_const(&c, "abd", 3);
    CHECK(!ofpbuf_equal(&a, &c));
    ofpbuf_use_const(&c, "ab", 2);
    CHECK(!ofpbuf_equal(&a, &c));
    ofpbuf_use_const(&a, NULL, 0);
    ofpbuf_use_const(&c, "", 0);
    CHECK(ofpbuf_equal(&a, &c));
    ofpbuf_uninit(&b);
}

OSW_TEST(clear_and_truncate)
{
    struct ofpbuf b;
    ofpbuf_init(&b, 0);
    ofpbuf_reserve(&b, 8);
    b.header = ofpbuf_put(&b, "0123456789", 10);
    size_t allocated = b.allocated;

    ofpbuf_truncate(&b, 4);
    check_data(&b, "0123", 4);
    ofpbuf_truncate(&b, 4);
    check_data(&b, "0123", 4);

    ofpbuf_clear(&b);
    CHECK_EQ(b.size, 0);
    CHECK(b.data == b.base);
    CHECK_EQ(b.allocated, allocated);
    CHECK_EQ(ofpbuf_tailroom(&b), allocated);
    CHECK(b.header == NULL);
    ofpbuf_uninit(&b);
}

OSW_TEST(prealloc_and_reserve)
{
    struct ofpbuf b;
    ofpbuf_init(&b, 0);
    ofpbuf_put(&b, "abc", 3);
    ofpbuf_prealloc_tailroom(&b, 1000);
    CHECK(ofpbuf_tailroom(&b) >= 1000);
    ofpbuf_prealloc_headroom(&b, 500);
    CHECK(ofpbuf_headroom(&b) >= 500);
    CHECK(ofpbuf_tailroom(&b) >= 1000);
    check_data(&b, "abc", 3);

    /* With room guaranteed, puts and pushes do not move the data. */
    void *base = b.base;
    ofpbuf_put_zeros(&b, 1000);
    ofpbuf_push_zeros(&b, 500);
    CHECK(b.base == base);
    CHECK_EQ(b.size, 1503);
    ofpbuf_uninit(&b);

    /* reserve_with_tailroom on an empty buffer gives exactly the
     * headroom asked for. */
    ofpbuf_init(&b, 0);
    ofpbuf_reserve_with_tailroom(&b, 16, 100);
    CHECK_EQ(ofpbuf_headroom(&b), 16);
    CHECK(ofpbuf_tailroom(&b) >= 100);
    ofpbuf_uninit(&b);

    ofpbuf_init(&b, 200);
    base = b.base;
    ofpbuf_reserve_with_tailroom(&b, 50, 100);
    CHECK(b.base == base);
    CHECK_EQ(ofpbuf_headroom(&b), 50);
    CHECK(ofpbuf_tailroom(&b) >= 100);
    ofpbuf_uninit(&b);

    /* On a nonempty buffer it guarantees room and keeps the data. */
    ofpbuf_init(&b, 0);
    ofpbuf_put(&b, "keep", 4);
    ofpbuf_reserve_with_tailroom(&b, 8, 64);
    CHECK(ofpbuf_headroom(&b) >= 8);
    CHECK(ofpbuf_tailroom(&b) >= 64);
    check_data(&b, "keep", 4);
    ofpbuf_uninit(&b);

    /* ofpbuf_reserve() on a buffer with no room grows it. */
    ofpbuf_init(&b, 0);
    ofpbuf_reserve(&b, 40);
    CHECK_EQ(ofpbuf_headroom(&b), 40);
    ofpbuf_put(&b, "x", 1);
    ofpbuf_push(&b, "y", 1);
    check_data(&b, "yx", 2);
    ofpbuf_uninit(&b);
}

OSW_TEST(to_ds)
{
    struct ofpbuf b;
    ofpbuf_use_const(&b, "0123456789abcdefXYZ\n", 20);
    struct ds s = DS_EMPTY_INITIALIZER;
    ds_put_cstr(&s, "> ");
    ofpbuf_to_ds(&b, &s);
    CHECK_STREQ(ds_cstr(&s),
                "> 00000000  30 31 32 33 34 35 36 37-38 39 61 62 63 64 65 66 "
                "|0123456789abcdef|\n"
                "00000010  58 59 5a 0a                                     "
                "|XYZ.            |\n");
    ds_destroy(&s);

    /* Empty data: nothing appended. */
    ofpbuf_use_const(&b, "", 0);
    ds_init(&s);
    ofpbuf_to_ds(&b, &s);
    CHECK_STREQ(ds_cstr(&s), "");
    ds_destroy(&s);
}

OSW_TEST(list_of_buffers)
{
    struct osw_list queue = OSW_LIST_INITIALIZER(&queue);
    for (int i = 0; i < 10; i++) {
        struct ofpbuf *b = ofpbuf_new(16);
        ofpbuf_put(b, &i, sizeof i);
        osw_list_push_back(&queue, &b->list_node);
    }
    int i = 0;
    struct ofpbuf *b;
    OSW_LIST_FOR_EACH_POP (b, list_node, &queue) {
        CHECK_EQ(*(int *) b->data, i);
        ofpbuf_delete(b);
        i++;
    }
    CHECK_EQ(i, 10);
}

OSW_TEST_MAIN()
