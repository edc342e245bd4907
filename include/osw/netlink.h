/* netlink: Netlink attributes (struct nlattr), the TLV encoding that the
 * datapath uses for its action lists, as the Linux openvswitch module
 * does (so a kernel datapath provider can pass them through unchanged).
 *
 * An attribute is a 4-byte header (nla_len covering header and payload,
 * nla_type) followed by the payload, padded to NLA_ALIGNTO (4) bytes.
 * Nested attributes are attributes whose payload is more attributes.
 *
 * Writers append to an ofpbuf.  Readers must validate a list from outside
 * (nl_attr_list_is_valid()) before walking it with NL_ATTR_FOR_EACH_UNSAFE;
 * NL_ATTR_FOR_EACH stops at the first malformed attribute.  Thread-safe
 * (pure functions). */
#ifndef OSW_NETLINK_H
#define OSW_NETLINK_H 1

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ofpbuf;

/* Appending attributes. */
void *nl_msg_put_unspec_uninit(struct ofpbuf *, uint16_t type, size_t len);
void nl_msg_put_unspec(struct ofpbuf *, uint16_t type, const void *,
                       size_t len);
void nl_msg_put_flag(struct ofpbuf *, uint16_t type);
void nl_msg_put_u8(struct ofpbuf *, uint16_t type, uint8_t);
void nl_msg_put_u16(struct ofpbuf *, uint16_t type, uint16_t);
void nl_msg_put_u32(struct ofpbuf *, uint16_t type, uint32_t);
void nl_msg_put_u64(struct ofpbuf *, uint16_t type, uint64_t);
void nl_msg_put_string(struct ofpbuf *, uint16_t type, const char *);
/* Starts a nested attribute; returns its offset in the buffer, to pass to
 * nl_msg_end_nested(), which fixes up its length. */
size_t nl_msg_start_nested(struct ofpbuf *, uint16_t type);
void nl_msg_end_nested(struct ofpbuf *, size_t offset);

/* Reading attributes. */
static inline uint16_t nl_attr_type(const struct nlattr *nla)
{
    return nla->nla_type & NLA_TYPE_MASK;
}
static inline const void *nl_attr_get(const struct nlattr *nla)
{
    return nla + 1;
}
static inline size_t nl_attr_get_size(const struct nlattr *nla)
{
    return nla->nla_len - NLA_HDRLEN;
}
uint8_t nl_attr_get_u8(const struct nlattr *);
uint16_t nl_attr_get_u16(const struct nlattr *);
uint32_t nl_attr_get_u32(const struct nlattr *);
uint64_t nl_attr_get_u64(const struct nlattr *);
/* True if the 'len' bytes at 'attrs' are a sequence of whole, well-formed
 * attributes. */
bool nl_attr_list_is_valid(const struct nlattr *attrs, size_t len);

static inline const struct nlattr *nl_attr_next(const struct nlattr *nla)
{
    return (const void *) ((const char *) nla + NLA_ALIGN(nla->nla_len));
}
static inline bool nl_attr_is_valid(const struct nlattr *nla, size_t left)
{
    return left >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN
           && nla->nla_len <= left;
}
#define NL_ATTR_FOR_EACH(ITER, LEFT, ATTRS, ATTRS_LEN)                  \
    for ((ITER) = (ATTRS), (LEFT) = (ATTRS_LEN);                        \
         nl_attr_is_valid(ITER, LEFT);                                  \
         (LEFT) -= NLA_ALIGN((ITER)->nla_len) < (LEFT)                  \
                   ? NLA_ALIGN((ITER)->nla_len) : (LEFT),               \
         (ITER) = nl_attr_next(ITER))
#define NL_ATTR_FOR_EACH_UNSAFE(ITER, LEFT, ATTRS, ATTRS_LEN)           \
    for ((ITER) = (ATTRS), (LEFT) = (ATTRS_LEN);                        \
         (LEFT) > 0;                                                    \
         (LEFT) -= NLA_ALIGN((ITER)->nla_len),                          \
         (ITER) = nl_attr_next(ITER))

#endif /* netlink.h */
