/* Unit tests for include/osw/list.h. */
#include <config.h>
#include "osw/list.h"

#include <stdlib.h>
#include <string.h>
#include "testlib.h"

struct element {
    int value;
    struct osw_list node;
};

/* Checks that 'list' holds exactly the 'n' values in 'values', in order,
 * walking both directions and checking the links agree. */
static void
check_list(const struct osw_list *list, const int values[], size_t n)
{
    CHECK_EQ(osw_list_size(list), n);
    CHECK_EQ(osw_list_is_empty(list), n == 0);
    CHECK_EQ(osw_list_is_singleton(list), n == 1);

    size_t i = 0;
    const struct element *e;
    OSW_LIST_FOR_EACH (e, node, list) {
        CHECK(i < n);
        CHECK_EQ(e->value, values[i]);
        CHECK(e->node.next->prev == &e->node);
        CHECK(e->node.prev->next == &e->node);
        i++;
    }
    CHECK_EQ(i, n);

    OSW_LIST_FOR_EACH_REVERSE (e, node, list) {
        CHECK(i > 0);
        i--;
        CHECK_EQ(e->value, values[i]);
    }
    CHECK_EQ(i, 0);

    if (n) {
        CHECK_EQ(CONTAINER_OF(osw_list_front(list), struct element,
                              node)->value, values[0]);
        CHECK_EQ(CONTAINER_OF(osw_list_back(list), struct element,
                              node)->value, values[n - 1]);
    }
}

static struct element *
make_elements(int n)
{
    struct element *e = xcalloc(n, sizeof *e);
    for (int i = 0; i < n; i++) {
        e[i].value = i;
        osw_list_poison(&e[i].node);
    }
    return e;
}

OSW_TEST(empty)
{
    struct osw_list list = OSW_LIST_INITIALIZER(&list);
    check_list(&list, NULL, 0);

    struct osw_list list2;
    osw_list_init(&list2);
    check_list(&list2, NULL, 0);

    struct element *e, *next;
    int n = 0;
    OSW_LIST_FOR_EACH_SAFE (e, next, node, &list) {
        n++;
    }
    OSW_LIST_FOR_EACH_POP (e, node, &list) {
        n++;
    }
    CHECK_EQ(n, 0);

    /* Splicing an empty list changes nothing. */
    osw_list_splice_back(&list, &list2);
    check_list(&list, NULL, 0);
    check_list(&list2, NULL, 0);
}

OSW_TEST(push_back_and_front)
{
    struct element *e = make_elements(6);
    struct osw_list list = OSW_LIST_INITIALIZER(&list);

    osw_list_push_back(&list, &e[2].node);
    check_list(&list, (int[]) { 2 }, 1);
    osw_list_push_back(&list, &e[3].node);
    osw_list_push_front(&list, &e[1].node);
    osw_list_push_back(&list, &e[4].node);
    osw_list_push_front(&list, &e[0].node);
    check_list(&list, (int[]) { 0, 1, 2, 3, 4 }, 5);
    free(e);
}

OSW_TEST(pop_front_and_back)
{
    struct element *e = make_elements(4);
    struct osw_list list = OSW_LIST_INITIALIZER(&list);
    for (int i = 0; i < 4; i++) {
        osw_list_push_back(&list, &e[i].node);
    }

    struct osw_list *node = osw_list_pop_front(&list);
    CHECK(node == &e[0].node);
    CHECK(!osw_list_is_linked(node));
    check_list(&list, (int[]) { 1, 2, 3 }, 3);

    node = osw_list_pop_back(&list);
    CHECK(node == &e[3].node);
    check_list(&list, (int[]) { 1, 2 }, 2);

    CHECK(osw_list_pop_back(&list) == &e[2].node);
    CHECK(osw_list_pop_front(&list) == &e[1].node);
    check_list(&list, NULL, 0);
    free(e);
}

OSW_TEST(insert_and_remove)
{
    struct element *e = make_elements(5);
    struct osw_list list = OSW_LIST_INITIALIZER(&list);

    osw_list_push_back(&list, &e[0].node);
    osw_list_push_back(&list, &e[4].node);
    osw_list_insert(&e[4].node, &e[2].node);   /* Before 4. */
    osw_list_insert(&e[2].node, &e[1].node);   /* Before 2. */
    osw_list_insert(&list, &e[3].node);        /* Before head: at end. */
    check_list(&list, (int[]) { 0, 1, 2, 4, 3 }, 5);

    CHECK(osw_list_is_linked(&e[2].node));
    struct osw_list *next = osw_list_remove(&e[2].node);
    CHECK(next == &e[4].node);
    CHECK(!osw_list_is_linked(&e[2].node));
    check_list(&list, (int[]) { 0, 1, 4, 3 }, 4);

    /* Removing the last element returns the head. */
    CHECK(osw_list_remove(&e[3].node) == &list);
    check_list(&list, (int[]) { 0, 1, 4 }, 3);

    /* A removed element can go back in. */
    osw_list_insert(&e[4].node, &e[2].node);
    check_list(&list, (int[]) { 0, 1, 2, 4 }, 4);
    free(e);
}

OSW_TEST(splice_back)
{
    struct element *e = make_elements(6);
    struct osw_list a = OSW_LIST_INITIALIZER(&a);
    struct osw_list b = OSW_LIST_INITIALIZER(&b);
    for (int i = 0; i < 3; i++) {
        osw_list_push_back(&a, &e[i].node);
        osw_list_push_back(&b, &e[i + 3].node);
    }
    osw_list_splice_back(&a, &b);
    check_list(&a, (int[]) { 0, 1, 2, 3, 4, 5 }, 6);
    check_list(&b, NULL, 0);

    /* Into an empty list. */
    osw_list_splice_back(&b, &a);
    check_list(&b, (int[]) { 0, 1, 2, 3, 4, 5 }, 6);
    check_list(&a, NULL, 0);

    /* A singleton. */
    osw_list_remove(&e[5].node);
    osw_list_push_back(&a, &e[5].node);
    osw_list_splice_back(&b, &a);
    check_list(&b, (int[]) { 0, 1, 2, 3, 4, 5 }, 6);
    free(e);
}

OSW_TEST(for_each_safe_removal)
{
    enum { N = 10 };
    struct osw_list list = OSW_LIST_INITIALIZER(&list);
    for (int i = 0; i < N; i++) {
        struct element *e = xmalloc(sizeof *e);
        e->value = i;
        osw_list_push_back(&list, &e->node);
    }

    /* Remove and free the even elements while iterating. */
    struct element *e, *next;
    int visited = 0;
    OSW_LIST_FOR_EACH_SAFE (e, next, node, &list) {
        CHECK_EQ(e->value, visited);
        visited++;
        if (e->value % 2 == 0) {
            osw_list_remove(&e->node);
            free(e);
        }
    }
    CHECK_EQ(visited, N);
    check_list(&list, (int[]) { 1, 3, 5, 7, 9 }, 5);

    /* Remove everything. */
    OSW_LIST_FOR_EACH_SAFE (e, next, node, &list) {
        osw_list_remove(&e->node);
        free(e);
    }
    check_list(&list, NULL, 0);
}

OSW_TEST(for_each_pop)
{
    enum { N = 10 };
    struct osw_list list = OSW_LIST_INITIALIZER(&list);
    for (int i = 0; i < N; i++) {
        struct element *e = xmalloc(sizeof *e);
        e->value = i;
        osw_list_push_back(&list, &e->node);
    }

    int expected = 0;
    struct element *e;
    OSW_LIST_FOR_EACH_POP (e, node, &list) {
        CHECK_EQ(e->value, expected);
        CHECK(!osw_list_is_linked(&e->node));
        expected++;
        CHECK_EQ(osw_list_size(&list), N - expected);
        free(e);
    }
    CHECK_EQ(expected, N);
    CHECK(osw_list_is_empty(&list));
}

OSW_TEST(pop_loop_can_push)
{
    /* A work queue: processing an element may queue more. */
    struct element *e = make_elements(5);
    struct osw_list queue = OSW_LIST_INITIALIZER(&queue);
    osw_list_push_back(&queue, &e[0].node);

    int order[5];
    int n = 0;
    struct element *cur;
    OSW_LIST_FOR_EACH_POP (cur, node, &queue) {
        order[n++] = cur->value;
        if (cur->value == 0) {
            osw_list_push_back(&queue, &e[1].node);
            osw_list_push_back(&queue, &e[2].node);
        } else if (cur->value == 1) {
            osw_list_push_back(&queue, &e[3].node);
        } else if (cur->value == 2) {
            osw_list_push_front(&queue, &e[4].node);
        }
    }
    CHECK_EQ(n, 5);
    static const int want[] = { 0, 1, 2, 4, 3 };
    for (int i = 0; i < 5; i++) {
        CHECK_EQ(order[i], want[i]);
    }
    free(e);
}

OSW_TEST(poison)
{
    struct element e;
    osw_list_poison(&e.node);
    CHECK(!osw_list_is_linked(&e.node));

    struct osw_list list = OSW_LIST_INITIALIZER(&list);
    osw_list_push_back(&list, &e.node);
    CHECK(osw_list_is_linked(&e.node));
    osw_list_remove(&e.node);
    CHECK(!osw_list_is_linked(&e.node));
}

/* Random operations compared against an array holding the same sequence. */
OSW_TEST(randomized_against_model)
{
    enum { N = 200 };
    struct element *e = make_elements(N);
    int model[N];
    size_t n = 0;
    struct osw_list list = OSW_LIST_INITIALIZER(&list);

    srand(4242);
    for (int step = 0; step < 20000; step++) {
        int v = rand() % N;
        bool linked = osw_list_is_linked(&e[v].node);
        switch (rand() % 5) {
        case 0:
            if (!linked) {
                osw_list_push_back(&list, &e[v].node);
                model[n++] = v;
            }
            break;
        case 1:
            if (!linked) {
                osw_list_push_front(&list, &e[v].node);
                memmove(&model[1], &model[0], n * sizeof *model);
                model[0] = v;
                n++;
            }
            break;
        case 2:
            if (linked) {
                osw_list_remove(&e[v].node);
                size_t i = 0;
                while (model[i] != v) {
                    i++;
                }
                memmove(&model[i], &model[i + 1],
                        (n - i - 1) * sizeof *model);
                n--;
            }
            break;
        case 3:
            if (n) {
                struct osw_list *node = (rand() % 2
                                         ? osw_list_pop_front(&list)
                                         : osw_list_pop_back(&list));
                int w = CONTAINER_OF(node, struct element, node)->value;
                if (w == model[0]) {
                    memmove(&model[0], &model[1], (n - 1) * sizeof *model);
                } else {
                    CHECK_EQ(w, model[n - 1]);
                }
                n--;
            }
            break;
        case 4:
            if (!linked && n) {
                /* Insert before a random element. */
                size_t i = rand() % n;
                osw_list_insert(&e[model[i]].node, &e[v].node);
                memmove(&model[i + 1], &model[i], (n - i) * sizeof *model);
                model[i] = v;
                n++;
            }
            break;
        }
        if (step % 250 == 0) {
            check_list(&list, model, n);
        }
    }
    check_list(&list, model, n);
    free(e);
}

OSW_TEST_MAIN()
