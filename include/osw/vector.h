/* vector: a dynamic array of fixed-size elements.
 *
 * A vector owns a contiguous heap array of 'n' elements of 'elem_size'
 * bytes each, doubling its allocation as it grows, so appends are amortized
 * O(1) and elements can be indexed and sorted in place.  Pointers into the
 * array are invalidated by any call that may grow it (vector_push*,
 * vector_insert, vector_reserve).
 *
 * Typed access: VECTOR_AT(&v, i, struct thing) and VECTOR_FOR_EACH.
 *
 * Not thread-safe. */
#ifndef OSW_VECTOR_H
#define OSW_VECTOR_H 1

#include <stddef.h>
#include "osw/util.h"

struct vector {
    void *data;
    size_t n;               /* Elements in use. */
    size_t allocated;       /* Elements allocated. */
    size_t elem_size;       /* Bytes per element. */
};

#define VECTOR_INITIALIZER(ELEM_SIZE) { NULL, 0, 0, ELEM_SIZE }

void vector_init(struct vector *, size_t elem_size);
void vector_destroy(struct vector *);
void vector_clear(struct vector *);
void vector_reserve(struct vector *, size_t n);
/* Appends a copy of '*elem' and returns the stored copy. */
void *vector_push(struct vector *, const void *elem);
/* Appends an element of zero bytes and returns it for the caller to fill. */
void *vector_push_zero(struct vector *);
/* Inserts a copy of '*elem' at 'index' (<= n), shifting the tail up. */
void *vector_insert(struct vector *, size_t index, const void *elem);
/* Removes the element at 'index', shifting the tail down (keeps order). */
void vector_remove(struct vector *, size_t index);
/* Removes the element at 'index' by moving the last one there: O(1). */
void vector_remove_fast(struct vector *, size_t index);
/* Copies the last element to '*elem' (if nonnull) and removes it.  Returns
 * false when the vector is empty. */
bool vector_pop(struct vector *, void *elem);
void vector_sort(struct vector *, int (*compare)(const void *, const void *));
/* Frees unused allocation. */
void vector_shrink(struct vector *);

static inline size_t vector_len(const struct vector *v) { return v->n; }
static inline bool vector_is_empty(const struct vector *v) { return !v->n; }

/* Returns element 'index', which must be < n. */
static inline void *
vector_at(const struct vector *v, size_t index)
{
    osw_assert(index < v->n);
    return (char *) v->data + index * v->elem_size;
}

#define VECTOR_AT(VEC, INDEX, TYPE) (*(TYPE *) vector_at(VEC, INDEX))

/* Iterates 'PTR', a pointer to the element type, over the elements. */
#define VECTOR_FOR_EACH(PTR, VEC)                                       \
    for ((PTR) = (void *) (VEC)->data;                                  \
         (PTR) && (char *) (PTR) < (char *) (VEC)->data                 \
                                   + (VEC)->n * (VEC)->elem_size;       \
         (PTR) = (void *) ((char *) (PTR) + (VEC)->elem_size))

#endif /* vector.h */
