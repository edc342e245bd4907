/* vector: see include/osw/vector.h. */
#include <config.h>
#include "osw/vector.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Initializes 'v' as an empty vector of 'elem_size'-byte elements.  Nothing
 * is allocated until the first element arrives. */
void
vector_init(struct vector *v, size_t elem_size)
{
    osw_assert(elem_size > 0);
    v->data = NULL;
    v->n = 0;
    v->allocated = 0;
    v->elem_size = elem_size;
}

/* Frees the array of 'v' (not anything its elements point to) and leaves
 * 'v' empty but usable, so destroying twice is harmless. */
void
vector_destroy(struct vector *v)
{
    free(v->data);
    v->data = NULL;
    v->n = 0;
    v->allocated = 0;
}

/* Removes every element of 'v', keeping the allocation. */
void
vector_clear(struct vector *v)
{
    v->n = 0;
}

static char *
elem_ptr(const struct vector *v, size_t index)
{
    return (char *) v->data + index * v->elem_size;
}

/* Sets the allocation of 'v' to exactly 'n' elements, 'n' >= v->n. */
static void
vector_realloc(struct vector *v, size_t n)
{
    /* Dying on overflow is what running out of memory would do anyway. */
    osw_assert(n <= SIZE_MAX / v->elem_size);
    v->data = xrealloc(v->data, n * v->elem_size);
    v->allocated = n;
}

/* Makes room in 'v' for at least 'n' elements in all, so that adding
 * elements up to that count moves nothing. */
void
vector_reserve(struct vector *v, size_t n)
{
    if (n > v->allocated) {
        vector_realloc(v, n);
    }
}

/* Appends room for one element to 'v', doubling the allocation when full,
 * and returns the new (uninitialized) last element. */
static void *
vector_push_uninit(struct vector *v)
{
    if (v->n >= v->allocated) {
        osw_assert(v->allocated < SIZE_MAX / 2);
        vector_realloc(v, v->allocated ? 2 * v->allocated : 4);
    }
    return elem_ptr(v, v->n++);
}

/* If 'elem' points into the array of 'v', returns its byte offset in the
 * array, otherwise SIZE_MAX.  Lets callers copy an element of 'v' into 'v'
 * even though growing moves the array. */
static size_t
offset_in_vector(const struct vector *v, const void *elem)
{
    uintptr_t p = (uintptr_t) elem;
    uintptr_t start = (uintptr_t) v->data;

    if (v->data && p >= start && p < start + v->n * v->elem_size) {
        return p - start;
    }
    return SIZE_MAX;
}

/* Appends a copy of '*elem' to 'v' and returns the stored copy. */
void *
vector_push(struct vector *v, const void *elem)
{
    size_t ofs = offset_in_vector(v, elem);
    void *dst = vector_push_uninit(v);
    const void *src = ofs == SIZE_MAX ? elem : elem_ptr(v, 0) + ofs;

    memcpy(dst, src, v->elem_size);
    return dst;
}

/* Appends an all-zeros element to 'v' and returns it. */
void *
vector_push_zero(struct vector *v)
{
    void *dst = vector_push_uninit(v);

    memset(dst, 0, v->elem_size);
    return dst;
}

/* Inserts a copy of '*elem' at 'index' in 'v', which must be at most the
 * number of elements, moving later elements up one.  Returns the stored
 * copy. */
void *
vector_insert(struct vector *v, size_t index, const void *elem)
{
    osw_assert(index <= v->n);

    size_t ofs = offset_in_vector(v, elem);
    vector_push_uninit(v);

    char *dst = elem_ptr(v, index);
    size_t tail = (v->n - 1 - index) * v->elem_size;
    memmove(dst + v->elem_size, dst, tail);

    const char *src = elem;
    if (ofs != SIZE_MAX) {
        src = elem_ptr(v, 0) + ofs;
        if (ofs >= index * v->elem_size) {
            src += v->elem_size;    /* It was among the moved elements. */
        }
    }
    memcpy(dst, src, v->elem_size);
    return dst;
}

/* Removes element 'index' from 'v', moving later elements down one, which
 * keeps the order. */
void
vector_remove(struct vector *v, size_t index)
{
    osw_assert(index < v->n);

    char *p = elem_ptr(v, index);
    memmove(p, p + v->elem_size, (v->n - 1 - index) * v->elem_size);
    v->n--;
}

/* Removes element 'index' from 'v' by moving the last element into its
 * place: O(1), but changes the order. */
void
vector_remove_fast(struct vector *v, size_t index)
{
    osw_assert(index < v->n);

    if (index != v->n - 1) {
        memcpy(elem_ptr(v, index), elem_ptr(v, v->n - 1), v->elem_size);
    }
    v->n--;
}

/* Copies the last element of 'v' into '*elem', if 'elem' is nonnull, and
 * removes it.  Returns false, doing nothing, if 'v' is empty. */
bool
vector_pop(struct vector *v, void *elem)
{
    if (!v->n) {
        return false;
    }
    v->n--;
    if (elem) {
        memcpy(elem, elem_ptr(v, v->n), v->elem_size);
    }
    return true;
}

/* Sorts the elements of 'v' with qsort() and 'compare'. */
void
vector_sort(struct vector *v, int (*compare)(const void *, const void *))
{
    if (v->n > 1) {
        qsort(v->data, v->n, v->elem_size, compare);
    }
}

/* Reduces the allocation of 'v' to its number of elements. */
void
vector_shrink(struct vector *v)
{
    if (v->n == v->allocated) {
        return;
    } else if (!v->n) {
        free(v->data);
        v->data = NULL;
        v->allocated = 0;
    } else {
        vector_realloc(v, v->n);
    }
}
