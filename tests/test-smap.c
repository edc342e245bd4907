/* Unit tests for lib/smap.c. */
#include <config.h>
#include "osw/smap.h"

#include <stdlib.h>
#include <string.h>
#include "testlib.h"

OSW_TEST(add_get_replace_remove)
{
    struct smap s = SMAP_INITIALIZER(&s);

    CHECK(smap_is_empty(&s));
    CHECK(!smap_get(&s, "a"));
    smap_replace(&s, "a", "1");
    smap_replace(&s, "b", "2");
    CHECK_EQ(smap_count(&s), 2);
    CHECK_STREQ(smap_get(&s, "a"), "1");
    smap_replace(&s, "a", "one");
    CHECK_EQ(smap_count(&s), 2);
    CHECK_STREQ(smap_get(&s, "a"), "one");
    CHECK_STREQ(smap_get_def(&s, "c", "dflt"), "dflt");
    CHECK_STREQ(smap_get_def(&s, "b", "dflt"), "2");
    smap_add_format(&s, "c", "%d-%s", 42, "x");
    CHECK_STREQ(smap_get(&s, "c"), "42-x");
    smap_add_format(&s, "c", "%s", "again");
    CHECK_STREQ(smap_get(&s, "c"), "again");
    CHECK(smap_remove(&s, "b"));
    CHECK(!smap_remove(&s, "b"));
    CHECK(!smap_get(&s, "b"));
    CHECK_EQ(smap_count(&s), 2);
    smap_clear(&s);
    CHECK(smap_is_empty(&s));
    smap_replace(&s, "after-clear", "ok");
    CHECK_STREQ(smap_get(&s, "after-clear"), "ok");
    smap_destroy(&s);
    smap_destroy(NULL);
}

OSW_TEST(typed_getters)
{
    struct smap s;

    smap_init(&s);
    smap_replace(&s, "t", "true");
    smap_replace(&s, "f", "false");
    smap_replace(&s, "T", "TRUE");
    smap_replace(&s, "junk", "yes");
    smap_replace(&s, "n", "-42");
    smap_replace(&s, "big", "99999999999");
    smap_replace(&s, "ull", "18446744073709551615");
    smap_replace(&s, "hex", "0x10");
    smap_replace(&s, "trail", "12abc");
    smap_replace(&s, "empty", "");

    CHECK(smap_get_bool(&s, "t", false));
    CHECK(!smap_get_bool(&s, "f", true));
    CHECK(smap_get_bool(&s, "T", false));
    CHECK(smap_get_bool(&s, "junk", true));
    CHECK(!smap_get_bool(&s, "junk", false));
    CHECK(smap_get_bool(&s, "missing", true));

    CHECK_EQ(smap_get_int(&s, "n", 0), -42);
    CHECK_EQ(smap_get_int(&s, "big", 7), 7);
    CHECK_EQ(smap_get_int(&s, "hex", 7), 7);
    CHECK_EQ(smap_get_int(&s, "trail", 7), 7);
    CHECK_EQ(smap_get_int(&s, "empty", 7), 7);
    CHECK_EQ(smap_get_int(&s, "missing", 7), 7);

    CHECK(smap_get_ullong(&s, "ull", 0) == 18446744073709551615ULL);
    CHECK_EQ(smap_get_ullong(&s, "big", 0), 99999999999LL);
    CHECK_EQ(smap_get_ullong(&s, "n", 5), 5);
    CHECK_EQ(smap_get_ullong(&s, "trail", 5), 5);
    CHECK_EQ(smap_get_ullong(&s, "missing", 5), 5);
    smap_destroy(&s);
}

OSW_TEST(clone_equal_sort)
{
    struct smap a, b;

    smap_init(&a);
    for (int i = 0; i < 100; i++) {
        char key[16], value[16];
        snprintf(key, sizeof key, "k%03d", 99 - i);
        snprintf(value, sizeof value, "v%d", i);
        smap_replace(&a, key, value);
    }
    smap_clone(&b, &a);
    CHECK_EQ(smap_count(&b), 100);
    CHECK(smap_equal(&a, &b));
    smap_replace(&b, "k000", "changed");
    CHECK(!smap_equal(&a, &b));
    smap_replace(&b, "k000", "v99");
    CHECK(smap_equal(&a, &b));
    smap_remove(&b, "k050");
    CHECK(!smap_equal(&a, &b));
    CHECK(!smap_equal(&b, &a));
    smap_replace(&b, "other", "v");
    CHECK(!smap_equal(&a, &b));

    const struct smap_node **nodes = smap_sort(&a);
    for (int i = 0; i < 100; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%03d", i);
        CHECK_STREQ(nodes[i]->key, key);
    }
    free(nodes);

    struct smap empty = SMAP_INITIALIZER(&empty);
    CHECK(!smap_sort(&empty));
    CHECK(smap_equal(&empty, &empty));
    CHECK(!smap_equal(&empty, &a));

    const struct smap_node *node;
    size_t n = 0;
    SMAP_FOR_EACH (node, &a) {
        CHECK_STREQ(smap_get(&a, node->key), node->value);
        n++;
    }
    CHECK_EQ(n, 100);
    smap_destroy(&a);
    smap_destroy(&b);
    smap_destroy(&empty);
}
OSW_TEST_MAIN()
