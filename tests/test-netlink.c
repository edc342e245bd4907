/* Unit tests for lib/netlink.c. */
#include <config.h>
#include "osw/netlink.h"

#include <string.h>
#include "osw/ofpbuf.h"
#include "testlib.h"

OSW_TEST(put_and_read)
{
    struct ofpbuf b;
    const struct nlattr *nla;
    size_t left;
    int n = 0;

    ofpbuf_init(&b, 64);
    nl_msg_put_u8(&b, 1, 0xab);
    nl_msg_put_u16(&b, 2, 0x1234);
    nl_msg_put_u32(&b, 3, 0xdeadbeef);
    nl_msg_put_u64(&b, 4, 0x0102030405060708ULL);
    nl_msg_put_flag(&b, 5);
    nl_msg_put_string(&b, 6, "eth0");
    nl_msg_put_unspec(&b, 7, "abc", 3);
    nl_msg_put_unspec(&b, 8, NULL, 0);

    /* Sizes: 8 (u8 padded), 8, 8, 12, 4, 12 ("eth0\0" padded), 8, 4. */
    CHECK_EQ(b.size, 8 + 8 + 8 + 12 + 4 + 12 + 8 + 4);
    CHECK(nl_attr_list_is_valid(b.data, b.size));

    NL_ATTR_FOR_EACH (nla, left, (const struct nlattr *) b.data, b.size) {
        n++;
        switch (nl_attr_type(nla)) {
        case 1:
            CHECK_EQ(nl_attr_get_size(nla), 1);
            CHECK_EQ(nl_attr_get_u8(nla), 0xab);
            /* Padding is zeroed. */
            CHECK_EQ(((const uint8_t *) nla)[5], 0);
            CHECK_EQ(((const uint8_t *) nla)[7], 0);
            break;
        case 2: CHECK_EQ(nl_attr_get_u16(nla), 0x1234); break;
        case 3: CHECK_EQ(nl_attr_get_u32(nla), 0xdeadbeef); break;
        case 4:
            CHECK(nl_attr_get_u64(nla) == 0x0102030405060708ULL);
            break;
        case 5: CHECK_EQ(nl_attr_get_size(nla), 0); break;
        case 6: CHECK_STREQ(nl_attr_get(nla), "eth0"); break;
        case 7:
            CHECK_EQ(nl_attr_get_size(nla), 3);
            CHECK_MEMEQ(nl_attr_get(nla), "abc", 3);
            break;
        case 8: CHECK_EQ(nl_attr_get_size(nla), 0); break;
        default: CHECK(false);
        }
    }
    CHECK_EQ(n, 8);
    CHECK_EQ(left, 0);

    n = 0;
    NL_ATTR_FOR_EACH_UNSAFE (nla, left, (const struct nlattr *) b.data,
                             b.size) {
        n++;
    }
    CHECK_EQ(n, 8);
    ofpbuf_uninit(&b);
}

OSW_TEST(nested)
{
    struct ofpbuf b;

    ofpbuf_init(&b, 64);
    nl_msg_put_u32(&b, 1, 7);
    size_t outer = nl_msg_start_nested(&b, 2);
    nl_msg_put_u32(&b, 3, 8);
    size_t inner = nl_msg_start_nested(&b, 4);
    nl_msg_put_u16(&b, 5, 9);
    nl_msg_end_nested(&b, inner);
    nl_msg_end_nested(&b, outer);
    size_t empty = nl_msg_start_nested(&b, 6);
    nl_msg_end_nested(&b, empty);
    CHECK(nl_attr_list_is_valid(b.data, b.size));

    const struct nlattr *nla = ofpbuf_at(&b, outer, NLA_HDRLEN);
    CHECK_EQ(nl_attr_type(nla), 2);
    CHECK_EQ(nla->nla_len, 4 + 8 + 4 + 8);
    CHECK(nl_attr_list_is_valid(nl_attr_get(nla), nl_attr_get_size(nla)));

    const struct nlattr *sub;
    size_t left;
    int n = 0;
    NL_ATTR_FOR_EACH (sub, left, (const struct nlattr *) nl_attr_get(nla),
                      nl_attr_get_size(nla)) {
        if (n++ == 0) {
            CHECK_EQ(nl_attr_get_u32(sub), 8);
        } else {
            CHECK_EQ(nl_attr_type(sub), 4);
            const struct nlattr *leaf = nl_attr_get(sub);
            CHECK_EQ(nl_attr_get_u16(leaf), 9);
        }
    }
    CHECK_EQ(n, 2);
    nla = ofpbuf_at(&b, empty, NLA_HDRLEN);
    CHECK_EQ(nla->nla_len, NLA_HDRLEN);
    ofpbuf_uninit(&b);
}

OSW_TEST(validation)
{
    uint8_t buf[64];
    struct nlattr *a = (struct nlattr *) buf;
    struct nlattr *b = (struct nlattr *) (buf + 8);

    memset(buf, 0, sizeof buf);
    CHECK(nl_attr_list_is_valid(a, 0));

    a->nla_len = 8;
    a->nla_type = 1;
    CHECK(nl_attr_list_is_valid(a, 8));
    CHECK(!nl_attr_list_is_valid(a, 7));       /* Cut short. */
    CHECK(!nl_attr_list_is_valid(a, 3));       /* Not even a header. */
    CHECK(!nl_attr_list_is_valid(a, 10));      /* Garbage after. */

    a->nla_len = 3;                            /* Shorter than header. */
    CHECK(!nl_attr_list_is_valid(a, 8));

    a->nla_len = 5;                            /* Needs padding to 8. */
    CHECK(nl_attr_list_is_valid(a, 8));
    CHECK(!nl_attr_list_is_valid(a, 5));       /* Padding missing. */

    a->nla_len = 8;
    b->nla_len = 200;                          /* Beyond the list. */
    CHECK(!nl_attr_list_is_valid(a, 16));
    b->nla_len = 8;
    CHECK(nl_attr_list_is_valid(a, 16));

    /* NL_ATTR_FOR_EACH stops at the bad attribute. */
    b->nla_len = 200;
    const struct nlattr *nla;
    size_t left;
    int n = 0;
    NL_ATTR_FOR_EACH (nla, left, a, 16) {
        n++;
    }
    CHECK_EQ(n, 1);
    CHECK_EQ(left, 8);

    /* Every length of every prefix of a good list: no overrun. */
    struct ofpbuf msg;
    ofpbuf_init(&msg, 64);
    nl_msg_put_string(&msg, 1, "hello");
    nl_msg_put_u64(&msg, 2, 1);
    for (size_t len = 0; len <= msg.size; len++) {
        void *copy = xmemdup(msg.data, len ? len : 1);
        bool valid = nl_attr_list_is_valid(copy, len);
        CHECK_EQ(valid, len == 0 || len == 12 || len == msg.size);
        free(copy);
    }
    ofpbuf_uninit(&msg);
}
OSW_TEST_MAIN()
