/* ofpbuf: see include/osw/ofpbuf.h. */
#include <config.h>
#include "osw/ofpbuf.h"

#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"

/* Smallest amount a buffer grows by, so that building a message with many
 * small puts does not reallocate on each one. */
#define OFPBUF_MIN_GROWTH 64

static void
ofpbuf_use__(struct ofpbuf *b, void *base, size_t allocated,
             enum ofpbuf_source source)
{
    b->base = base;
    b->data = base;
    b->size = 0;
    b->allocated = allocated;
    b->header = NULL;
    b->msg = NULL;
    osw_list_poison(&b->list_node);
    b->source = source;
}

/* Initializes 'b' as an empty buffer that owns a heap allocation of
 * 'allocated' bytes (none if 'allocated' is 0). */
void
ofpbuf_init(struct ofpbuf *b, size_t allocated)
{
    ofpbuf_use__(b, allocated ? xmalloc(allocated) : NULL, allocated,
                 OFPBUF_MALLOC);
}

/* Frees the memory that 'b' owns (nothing for stack and const buffers).
 * 'b' itself is the caller's. */
void
ofpbuf_uninit(struct ofpbuf *b)
{
    if (b && b->source == OFPBUF_MALLOC) {
        free(b->base);
    }
}

/* Frees what 'b' owns and initializes it afresh with 'allocated' bytes. */
void
ofpbuf_reinit(struct ofpbuf *b, size_t allocated)
{
    ofpbuf_uninit(b);
    ofpbuf_init(b, allocated);
}

/* Initializes 'b' as an empty buffer that starts in the caller's writable
 * memory 'base' ('allocated' bytes, typically on the stack) and is copied to
 * the heap only if it outgrows it.  'base' must stay valid while 'b' uses
 * it; call ofpbuf_uninit() in any case, to free a heap copy. */
void
ofpbuf_use_stack(struct ofpbuf *b, void *base, size_t allocated)
{
    ofpbuf_use__(b, base, allocated, OFPBUF_STACK);
}

/* Initializes 'b' to read the caller's 'size' bytes at 'data' in place.
 * The buffer may be pulled and inspected but never written or grown. */
void
ofpbuf_use_const(struct ofpbuf *b, const void *data, size_t size)
{
    ofpbuf_use__(b, (void *) data, size, OFPBUF_CONST);
    b->size = size;
}

/* Returns a new heap buffer with room for 'allocated' bytes.  The caller
 * frees it with ofpbuf_delete(). */
struct ofpbuf *
ofpbuf_new(size_t allocated)
{
    struct ofpbuf *b = xmalloc(sizeof *b);
    ofpbuf_init(b, allocated);
    return b;
}

/* Returns a new heap buffer with 'headroom' bytes of headroom and room for
 * 'size' bytes of data after it. */
struct ofpbuf *
ofpbuf_new_with_headroom(size_t size, size_t headroom)
{
    struct ofpbuf *b = ofpbuf_new(size + headroom);
    ofpbuf_reserve(b, headroom);
    return b;
}

/* Returns a new heap buffer holding a copy of 'b''s data. */
struct ofpbuf *
ofpbuf_clone(const struct ofpbuf *b)
{
    return ofpbuf_clone_with_headroom(b, 0);
}

/* Returns a pointer in 'new' at the offset that 'marker' has from the data
 * in 'old', if 'marker' points within the data of 'old' (or just past it),
 * otherwise NULL: only the data is copied, so a marker elsewhere would point
 * at bytes that are not there. */
static void *
clone_marker(const struct ofpbuf *old, const void *marker,
             const struct ofpbuf *new)
{
    if (marker && (const char *) marker >= (const char *) old->data
        && (const char *) marker <= (const char *) ofpbuf_tail(old)) {
        return (char *) new->data + ((const char *) marker
                                     - (const char *) old->data);
    }
    return NULL;
}

/* Returns a new heap buffer holding a copy of 'b''s data, with 'headroom'
 * bytes of headroom before it.  'header' and 'msg' markers that point into
 * the data are carried over; others are cleared. */
struct ofpbuf *
ofpbuf_clone_with_headroom(const struct ofpbuf *b, size_t headroom)
{
    struct ofpbuf *new = ofpbuf_new_with_headroom(b->size, headroom);

    if (b->size) {
        ofpbuf_put(new, b->data, b->size);
    }
    new->header = clone_marker(b, b->header, new);
    new->msg = clone_marker(b, b->msg, new);
    return new;
}

/* Returns a new heap buffer holding a copy of the 'size' bytes at 'data'. */
struct ofpbuf *
ofpbuf_clone_data(const void *data, size_t size)
{
    struct ofpbuf *b = ofpbuf_new(size);
    if (size) {
        ofpbuf_put(b, data, size);
    }
    return b;
}

/* Frees 'b' and what it owns.  Accepts NULL. */
void
ofpbuf_delete(struct ofpbuf *b)
{
    if (b) {
        ofpbuf_uninit(b);
        free(b);
    }
}

/* Returns the 'size' bytes at 'offset' into the data of 'b'; aborts if the
 * data is shorter, since the caller promised it is not. */
void *
ofpbuf_at_assert(const struct ofpbuf *b, size_t offset, size_t size)
{
    osw_assert(offset <= b->size && size <= b->size - offset);
    return (char *) b->data + offset;
}

/* Returns the offset of 'marker' from 'start', if it points within the
 * 'len' bytes there (or just past them), otherwise -1. */
static ptrdiff_t
marker_offset(const void *marker, const void *start, size_t len)
{
    const char *m = marker;
    const char *s = start;
    return m && m >= s && m <= s + len ? m - s : -1;
}

static void *
marker_at(char *start, ptrdiff_t offset)
{
    return offset >= 0 ? start + offset : NULL;
}

/* Gives 'b' exactly 'new_headroom' bytes of headroom and 'new_tailroom' of
 * tailroom, keeping the data and as much of the old headroom's contents
 * next to it as fits (a pulled header may live there).  Markers outside
 * the kept bytes are cleared rather than left dangling. */
static void
ofpbuf_resize__(struct ofpbuf *b, size_t new_headroom, size_t new_tailroom)
{
    osw_assert(b->source != OFPBUF_CONST);
    osw_assert(new_headroom <= SIZE_MAX - b->size
               && new_tailroom <= SIZE_MAX - b->size - new_headroom);

    size_t new_allocated = new_headroom + b->size + new_tailroom;
    size_t old_headroom = ofpbuf_headroom(b);
    size_t kept_headroom = MIN(old_headroom, new_headroom);
    size_t kept = kept_headroom + b->size;
    const char *old_start = kept ? (char *) b->data - kept_headroom
                                 : b->data;
    ptrdiff_t header_ofs = marker_offset(b->header, old_start, kept);
    ptrdiff_t msg_ofs = marker_offset(b->msg, old_start, kept);
    char *new_base;

    if (b->source == OFPBUF_MALLOC && new_headroom == old_headroom) {
        /* realloc() keeps every byte up to the new end in place. */
        new_base = xrealloc(b->base, new_allocated);
    } else {
        new_base = xmalloc(new_allocated);
        if (kept) {
            memcpy(new_base + new_headroom - kept_headroom, old_start, kept);
        }
        if (b->source == OFPBUF_MALLOC) {
            free(b->base);
        }
    }

    char *new_start = new_base + new_headroom - kept_headroom;
    b->header = marker_at(new_start, header_ofs);
    b->msg = marker_at(new_start, msg_ofs);
    b->base = new_base;
    b->data = new_base + new_headroom;
    b->allocated = new_allocated;
    b->source = OFPBUF_MALLOC;
}

/* Ensures that 'b' has at least 'size' bytes of headroom, reallocating (and
 * moving the data) if necessary. */
void
ofpbuf_prealloc_headroom(struct ofpbuf *b, size_t size)
{
    size_t headroom = ofpbuf_headroom(b);
    if (size > headroom) {
        /* Doubling keeps repeated pushes amortized O(1). */
        size_t want = MAX(size, MAX(2 * headroom, OFPBUF_MIN_GROWTH));
        ofpbuf_resize__(b, want, ofpbuf_tailroom(b));
    }
}

/* Ensures that 'b' has at least 'size' bytes of tailroom, reallocating (and
 * moving the data) if necessary. */
void
ofpbuf_prealloc_tailroom(struct ofpbuf *b, size_t size)
{
    if (size > ofpbuf_tailroom(b)) {
        /* Growing by at least the current allocation keeps repeated puts
         * amortized O(1). */
        size_t want = MAX(size, MAX(b->allocated, OFPBUF_MIN_GROWTH));
        ofpbuf_resize__(b, ofpbuf_headroom(b), want);
    }
}

/* Ensures that 'b' has at least 'headroom' bytes of headroom and 'tailroom'
 * of tailroom.  An empty buffer whose allocation is big enough just moves
 * its (empty) data to offset 'headroom'. */
void
ofpbuf_reserve_with_tailroom(struct ofpbuf *b, size_t headroom,
                             size_t tailroom)
{
    if (!b->size && headroom <= b->allocated
        && tailroom <= b->allocated - headroom) {
        b->data = (char *) b->base + headroom;
    } else if (headroom > ofpbuf_headroom(b)
               || tailroom > ofpbuf_tailroom(b)) {
        ofpbuf_resize__(b, MAX(headroom, ofpbuf_headroom(b)),
                        MAX(tailroom, ofpbuf_tailroom(b)));
    }
}

/* Moves the start of the data of 'b', which must be empty, 'size' bytes
 * forward, growing the buffer if needed, so that 'size' more bytes can be
 * pushed without reallocating. */
void
ofpbuf_reserve(struct ofpbuf *b, size_t size)
{
    osw_assert(!b->size);
    if (size) {
        ofpbuf_prealloc_tailroom(b, size);
        b->data = (char *) b->data + size;
    }
}

/* Appends 'size' bytes to 'b' and returns where they start, for the caller
 * to fill in. */
void *
ofpbuf_put_uninit(struct ofpbuf *b, size_t size)
{
    ofpbuf_prealloc_tailroom(b, size);
    void *p = ofpbuf_tail(b);
    b->size += size;
    return p;
}

/* Appends 'size' zero bytes to 'b' and returns where they start. */
void *
ofpbuf_put_zeros(struct ofpbuf *b, size_t size)
{
    void *p = ofpbuf_put_uninit(b, size);
    if (size) {
        memset(p, 0, size);
    }
    return p;
}

/* Appends a copy of the 'size' bytes at 'p' to 'b' and returns where they
 * start. */
void *
ofpbuf_put(struct ofpbuf *b, const void *p, size_t size)
{
    void *dst = ofpbuf_put_uninit(b, size);
    if (size) {
        memcpy(dst, p, size);
    }
    return dst;
}

static int
hexit_value(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    } else if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static const char *
skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
        s++;
    }
    return s;
}

/* Appends to 'b' the bytes written as pairs of hex digits in 's', which may
 * be separated by white space, stopping at the first character that does
 * not start a pair.  Stores the number of bytes appended in '*n' if 'n' is
 * nonnull.  Returns a pointer to the first character not consumed. */
char *
ofpbuf_put_hex(struct ofpbuf *b, const char *s, size_t *n)
{
    size_t initial_size = b->size;

    for (;;) {
        s = skip_spaces(s);
        int hi = hexit_value(s[0]);
        int lo = hi >= 0 ? hexit_value(s[1]) : -1;
        if (lo < 0) {
            break;
        }
        uint8_t byte = hi * 16 + lo;
        ofpbuf_put(b, &byte, 1);
        s += 2;
    }
    if (n) {
        *n = b->size - initial_size;
    }
    return (char *) s;
}

/* Prepends 'size' bytes to the data of 'b' and returns the new start of the
 * data, for the caller to fill in. */
void *
ofpbuf_push_uninit(struct ofpbuf *b, size_t size)
{
    ofpbuf_prealloc_headroom(b, size);
    b->data = (char *) b->data - size;
    b->size += size;
    return b->data;
}

/* Prepends 'size' zero bytes to 'b' and returns the new start of data. */
void *
ofpbuf_push_zeros(struct ofpbuf *b, size_t size)
{
    void *p = ofpbuf_push_uninit(b, size);
    if (size) {
        memset(p, 0, size);
    }
    return p;
}

/* Prepends a copy of the 'size' bytes at 'p' to 'b' and returns the new
 * start of data. */
void *
ofpbuf_push(struct ofpbuf *b, const void *p, size_t size)
{
    void *dst = ofpbuf_push_uninit(b, size);
    if (size) {
        memcpy(dst, p, size);
    }
    return dst;
}

/* Removes 'size' bytes from the front of 'b', which the caller made sure
 * it has, and returns a pointer to them (they stay in the headroom). */
void *
ofpbuf_pull(struct ofpbuf *b, size_t size)
{
    osw_assert(size <= b->size);
    void *p = b->data;
    b->data = (char *) b->data + size;
    b->size -= size;
    return p;
}

/* Removes 'size' bytes from the front of 'b' and returns a pointer to them,
 * or returns NULL, removing nothing, if 'b' holds fewer. */
void *
ofpbuf_try_pull(struct ofpbuf *b, size_t size)
{
    return size <= b->size ? ofpbuf_pull(b, size) : NULL;
}

/* Empties 'b', keeping its allocation, all of which becomes tailroom.  The
 * 'header' and 'msg' markers are cleared, since their bytes are gone. */
void
ofpbuf_clear(struct ofpbuf *b)
{
    b->data = b->base;
    b->size = 0;
    b->header = NULL;
    b->msg = NULL;
}

/* Drops bytes from the end of 'b' so that 'new_size' remain. */
void
ofpbuf_truncate(struct ofpbuf *b, size_t new_size)
{
    osw_assert(new_size <= b->size);
    b->size = new_size;
}

/* Moves the data of 'b' to the start of its allocation.  A heap buffer is
 * also shrunk to fit its data exactly; a const buffer just forgets the
 * memory around its data, since it must not write.  Markers in the former
 * headroom are cleared. */
void
ofpbuf_trim(struct ofpbuf *b)
{
    switch (b->source) {
    case OFPBUF_MALLOC:
        if (ofpbuf_headroom(b) || ofpbuf_tailroom(b)) {
            ofpbuf_resize__(b, 0, 0);
        }
        break;

    case OFPBUF_STACK:
    case OFPBUF_CONST: {
        ptrdiff_t header_ofs = marker_offset(b->header, b->data, b->size);
        ptrdiff_t msg_ofs = marker_offset(b->msg, b->data, b->size);
        if (b->source == OFPBUF_STACK) {
            if (b->size) {
                memmove(b->base, b->data, b->size);
            }
            b->data = b->base;
        } else {
            b->base = b->data;
            b->allocated = b->size;
        }
        b->header = marker_at(b->data, header_ofs);
        b->msg = marker_at(b->data, msg_ofs);
        break;
    }
    }
}

/* Returns the data of 'b' in a block of heap memory that the caller now
 * owns and frees with free(), copying it if 'b' does not own it or has
 * headroom.  Leaves 'b' empty with no allocation. */
void *
ofpbuf_steal_data(struct ofpbuf *b)
{
    void *p;

    if (b->source == OFPBUF_MALLOC && b->data == b->base && b->base) {
        p = b->data;
    } else {
        p = xmemdup(b->data, b->size);
        if (b->source == OFPBUF_MALLOC) {
            free(b->base);
        }
    }
    /* 'list_node' stays: 'b' may be in its owner's list. */
    b->base = b->data = NULL;
    b->size = b->allocated = 0;
    b->header = b->msg = NULL;
    b->source = OFPBUF_MALLOC;
    return p;
}

/* Returns true if 'a' and 'b' hold the same bytes. */
bool
ofpbuf_equal(const struct ofpbuf *a, const struct ofpbuf *b)
{
    return a->size == b->size
           && (!a->size || !memcmp(a->data, b->data, a->size));
}

/* Appends to 'ds' a hex dump of the data of 'b', with offsets and ASCII. */
void
ofpbuf_to_ds(const struct ofpbuf *b, struct ds *ds)
{
    ds_put_hex_dump(ds, b->data, b->size, 0, true);
}
