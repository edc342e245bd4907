/* netlink: see include/osw/netlink.h. */
#include <config.h>
#include "osw/netlink.h"

#include <string.h>
#include "osw/ofpbuf.h"
#include "osw/util.h"

/* Appends an attribute of 'type' with room for 'len' bytes of payload to
 * 'msg' and returns the payload, which the caller fills in.  The padding
 * after it is zeroed. */
void *
nl_msg_put_unspec_uninit(struct ofpbuf *msg, uint16_t type, size_t len)
{
    size_t total = NLA_ALIGN(NLA_HDRLEN + len);
    struct nlattr *nla;

    osw_assert(NLA_HDRLEN + len <= UINT16_MAX);
    nla = ofpbuf_put_uninit(msg, total);
    nla->nla_len = NLA_HDRLEN + len;
    nla->nla_type = type;
    memset((char *) nla + NLA_HDRLEN + len, 0, total - NLA_HDRLEN - len);
    return (char *) nla + NLA_HDRLEN;
}

/* Appends an attribute of 'type' with the 'len' bytes at 'data'. */
void
nl_msg_put_unspec(struct ofpbuf *msg, uint16_t type, const void *data,
                  size_t len)
{
    void *payload = nl_msg_put_unspec_uninit(msg, type, len);
    if (len) {
        memcpy(payload, data, len);
    }
}

/* Appends an attribute of 'type' with no payload. */
void
nl_msg_put_flag(struct ofpbuf *msg, uint16_t type)
{
    nl_msg_put_unspec_uninit(msg, type, 0);
}

/* Appends an attribute of 'type' holding 'value'. */
void
nl_msg_put_u8(struct ofpbuf *msg, uint16_t type, uint8_t value)
{
    nl_msg_put_unspec(msg, type, &value, sizeof value);
}

/* Appends an attribute of 'type' holding 'value' (host byte order, like
 * every nl_msg_put_uN: callers pass network order values as they are). */
void
nl_msg_put_u16(struct ofpbuf *msg, uint16_t type, uint16_t value)
{
    nl_msg_put_unspec(msg, type, &value, sizeof value);
}

/* Appends an attribute of 'type' holding 'value'. */
void
nl_msg_put_u32(struct ofpbuf *msg, uint16_t type, uint32_t value)
{
    nl_msg_put_unspec(msg, type, &value, sizeof value);
}

/* Appends an attribute of 'type' holding 'value'. */
void
nl_msg_put_u64(struct ofpbuf *msg, uint16_t type, uint64_t value)
{
    nl_msg_put_unspec(msg, type, &value, sizeof value);
}

/* Appends an attribute of 'type' holding 'value' with its terminating
 * null. */
void
nl_msg_put_string(struct ofpbuf *msg, uint16_t type, const char *value)
{
    nl_msg_put_unspec(msg, type, value, strlen(value) + 1);
}

/* Appends the header of a nested attribute of 'type' and returns its offset
 * in 'msg', for nl_msg_end_nested(). */
size_t
nl_msg_start_nested(struct ofpbuf *msg, uint16_t type)
{
    size_t offset = msg->size;
    nl_msg_put_unspec_uninit(msg, type, 0);
    return offset;
}

/* Sets the length of the nested attribute that starts at 'offset' in 'msg'
 * to cover everything appended since nl_msg_start_nested(). */
void
nl_msg_end_nested(struct ofpbuf *msg, size_t offset)
{
    struct nlattr *nla = ofpbuf_at_assert(msg, offset, NLA_HDRLEN);
    size_t len = msg->size - offset;

    osw_assert(len <= UINT16_MAX);
    nla->nla_len = len;
}

/* The payload of 'nla' as a u8; the payload must be at least that big
 * (validate first). */
uint8_t
nl_attr_get_u8(const struct nlattr *nla)
{
    uint8_t x;
    memcpy(&x, nl_attr_get(nla), sizeof x);
    return x;
}

/* The payload of 'nla' as a u16. */
uint16_t
nl_attr_get_u16(const struct nlattr *nla)
{
    uint16_t x;
    memcpy(&x, nl_attr_get(nla), sizeof x);
    return x;
}

/* The payload of 'nla' as a u32. */
uint32_t
nl_attr_get_u32(const struct nlattr *nla)
{
    uint32_t x;
    memcpy(&x, nl_attr_get(nla), sizeof x);
    return x;
}

/* The payload of 'nla' as a u64 (which may be only 4-byte aligned). */
uint64_t
nl_attr_get_u64(const struct nlattr *nla)
{
    uint64_t x;
    memcpy(&x, nl_attr_get(nla), sizeof x);
    return x;
}

/* Returns true if the 'len' bytes at 'attrs' are whole attributes, each
 * with a length that covers at least its header and, padded, fits in what
 * is left.  Padding is required even after the last attribute, so that
 * NL_ATTR_FOR_EACH_UNSAFE over a valid list ends with 'left' exactly 0
 * whatever type the caller gives 'left'. */
bool
nl_attr_list_is_valid(const struct nlattr *attrs, size_t len)
{
    const char *p = (const char *) attrs;

    while (len > 0) {
        const struct nlattr *nla = (const struct nlattr *) p;
        size_t step;

        if (!nl_attr_is_valid(nla, len)) {
            return false;
        }
        step = NLA_ALIGN(nla->nla_len);
        if (step > len) {
            return false;
        }
        p += step;
        len -= step;
    }
    return true;
}
