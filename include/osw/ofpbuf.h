/* ofpbuf: a buffer for packets and protocol messages, with headroom.
 *
 * An ofpbuf is a contiguous allocation in which the data ('data', 'size')
 * sits between headroom (bytes before 'data') and tailroom (after it), so
 * protocol headers can be prepended (ofpbuf_push) and stripped
 * (ofpbuf_pull) without copying, and payload appended (ofpbuf_put).
 *
 *   base         data              data + size      base + allocated
 *   |<-headroom->|<------ size ---->|<--tailroom-->|
 *
 * Ownership: an ofpbuf made by ofpbuf_init/new owns 'base' (OFPBUF_MALLOC)
 * and reallocates it when it runs out of room, which moves 'data': never
 * keep pointers into the buffer across an operation that may grow it.
 * ofpbuf_use_const() wraps memory the caller owns, read-only;
 * ofpbuf_use_stack() starts in caller-provided stack memory and moves to the
 * heap if it grows.
 *
 * 'header' and 'msg' are optional markers that protocol code sets to
 * remember where a header and the message body begin; pushes and
 * reallocations keep them pointing at the same bytes.
 *
 * Not thread-safe. */
#ifndef OSW_OFPBUF_H
#define OSW_OFPBUF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/list.h"
#include "osw/util.h"

struct ds;

enum ofpbuf_source {
    OFPBUF_MALLOC,      /* Obtained with malloc(); freed by ofpbuf. */
    OFPBUF_CONST,       /* Caller's memory, read-only: must never grow. */
    OFPBUF_STACK,       /* Caller's memory; copied to the heap to grow. */
};

struct ofpbuf {
    void *base;                 /* First byte of the allocation. */
    void *data;                 /* First byte in use. */
    size_t size;                /* Bytes in use. */
    size_t allocated;           /* Bytes in the allocation. */
    void *header;               /* Optional: start of a protocol header. */
    void *msg;                  /* Optional: start of the message body. */
    struct osw_list list_node;  /* Free for the owner to use. */
    enum ofpbuf_source source;
};

#define OFPBUF_CONST_INITIALIZER(DATA, SIZE) {                          \
        .base = (void *) (DATA), .data = (void *) (DATA),               \
        .size = (SIZE), .allocated = (SIZE), .source = OFPBUF_CONST }

void ofpbuf_init(struct ofpbuf *, size_t allocated);
void ofpbuf_uninit(struct ofpbuf *);
void ofpbuf_reinit(struct ofpbuf *, size_t allocated);
void ofpbuf_use_stack(struct ofpbuf *, void *base, size_t allocated);
void ofpbuf_use_const(struct ofpbuf *, const void *data, size_t size);

struct ofpbuf *ofpbuf_new(size_t allocated);
struct ofpbuf *ofpbuf_new_with_headroom(size_t size, size_t headroom);
/* Clones copy only the data (into a new heap buffer, with 'headroom' bytes
 * of headroom); 'header' and 'msg' markers that point into the data (or just
 * past it) are carried over, others are cleared. */
struct ofpbuf *ofpbuf_clone(const struct ofpbuf *);
struct ofpbuf *ofpbuf_clone_with_headroom(const struct ofpbuf *,
                                          size_t headroom);
struct ofpbuf *ofpbuf_clone_data(const void *, size_t);
void ofpbuf_delete(struct ofpbuf *);

/* (An empty buffer may have NULL 'data' and 'base': no arithmetic on
 * them then, which C leaves undefined.) */
static inline void *ofpbuf_tail(const struct ofpbuf *b)
{
    return b->size ? (char *) b->data + b->size : b->data;
}
static inline void *ofpbuf_end(const struct ofpbuf *b)
{
    return b->allocated ? (char *) b->base + b->allocated : b->base;
}
static inline size_t ofpbuf_headroom(const struct ofpbuf *b)
{
    return (char *) b->data - (char *) b->base;
}
static inline size_t ofpbuf_tailroom(const struct ofpbuf *b)
{
    return (char *) ofpbuf_end(b) - (char *) ofpbuf_tail(b);
}
/* Returns a pointer to 'size' bytes at 'offset' into the data, or NULL if
 * the data is too short.  Safe with any 'offset' and 'size' a peer sends
 * (no overflow). */
static inline void *ofpbuf_at(const struct ofpbuf *b, size_t offset,
                              size_t size)
{
    return (offset <= b->size && size <= b->size - offset
            ? (char *) b->data + offset : NULL);
}
/* Like ofpbuf_at(), but the caller promises the bytes are there. */
void *ofpbuf_at_assert(const struct ofpbuf *, size_t offset, size_t size);

void ofpbuf_prealloc_headroom(struct ofpbuf *, size_t);
void ofpbuf_prealloc_tailroom(struct ofpbuf *, size_t);
/* Grows the buffer so that at least 'headroom' and 'tailroom' are
 * available.  In an empty buffer whose allocation is big enough, only moves
 * 'data' to offset 'headroom'. */
void ofpbuf_reserve_with_tailroom(struct ofpbuf *, size_t headroom,
                                  size_t tailroom);
/* Reserves 'size' more bytes of headroom in an empty buffer, growing it if
 * needed. */
void ofpbuf_reserve(struct ofpbuf *, size_t size);

/* Appends 'size' bytes and returns where they start. */
void *ofpbuf_put_uninit(struct ofpbuf *, size_t size);
void *ofpbuf_put_zeros(struct ofpbuf *, size_t size);
void *ofpbuf_put(struct ofpbuf *, const void *, size_t size);
/* Parses pairs of hex digits (either case; white space allowed between
 * bytes) from 's' and appends them as bytes, stopping at the first
 * character that does not start a pair; stores the number of bytes
 * appended in '*n' if nonnull.  Returns a pointer to the first character
 * not consumed (white space after the last byte is consumed): unless it
 * is the terminating null, 's' had trailing junk or an odd digit. */
char *ofpbuf_put_hex(struct ofpbuf *, const char *s, size_t *n);

/* Prepends 'size' bytes and returns the new start of data. */
void *ofpbuf_push_uninit(struct ofpbuf *, size_t size);
void *ofpbuf_push_zeros(struct ofpbuf *, size_t size);
void *ofpbuf_push(struct ofpbuf *, const void *, size_t size);

/* Removes 'size' bytes from the front; the caller checked there are enough.
 * Returns the former start of data. */
void *ofpbuf_pull(struct ofpbuf *, size_t size);
/* Like ofpbuf_pull(), but returns NULL (removing nothing) if too short. */
void *ofpbuf_try_pull(struct ofpbuf *, size_t size);

/* Removes everything, keeping the allocation and putting data at its base;
 * clears 'header' and 'msg'. */
void ofpbuf_clear(struct ofpbuf *);
/* Shrinks 'size' to 'new_size', which must not exceed it. */
void ofpbuf_truncate(struct ofpbuf *, size_t new_size);
/* Moves the data to the start of the allocation (no headroom).  A heap
 * buffer is also shrunk to fit; a const buffer only narrows 'base' and
 * 'allocated' to its data (it never writes).  Markers that pointed into the
 * headroom are cleared. */
void ofpbuf_trim(struct ofpbuf *);
/* Returns the data in a block of heap memory that the caller now owns and
 * releases with free(): the buffer's own allocation when the data starts
 * at its base, otherwise a copy (always a copy for stack and const
 * buffers).  Leaves the buffer empty with no allocation; 'list_node' is
 * untouched.  A buffer from ofpbuf_new() must still be ofpbuf_delete()d. */
void *ofpbuf_steal_data(struct ofpbuf *);

bool ofpbuf_equal(const struct ofpbuf *, const struct ofpbuf *);
/* Appends a hex dump of the data to 'ds'. */
void ofpbuf_to_ds(const struct ofpbuf *, struct ds *);

#endif /* ofpbuf.h */
