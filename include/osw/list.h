/* list: intrusive doubly linked list.
 *
 * A list is a circular chain of 'struct osw_list' nodes through a sentinel
 * head: an empty list is a head that points to itself.  Elements embed a
 * 'struct osw_list' member and are recovered with CONTAINER_OF, so the list
 * never allocates and never owns its elements.  Insertion and removal are
 * O(1); osw_list_size() is O(n).
 *
 * Not thread-safe: callers serialize access. */
#ifndef OSW_LIST_H
#define OSW_LIST_H 1

#include <stdbool.h>
#include <stddef.h>
#include "osw/util.h"

struct osw_list {
    struct osw_list *prev;
    struct osw_list *next;
};

#define OSW_LIST_INITIALIZER(LIST) { LIST, LIST }

static inline void
osw_list_init(struct osw_list *list)
{
    list->next = list->prev = list;
}

/* Marks 'elem' as belonging to no list, so that osw_list_is_linked() is
 * false.  Not needed before osw_list_insert(). */
static inline void
osw_list_poison(struct osw_list *elem)
{
    elem->next = elem->prev = NULL;
}

static inline bool
osw_list_is_linked(const struct osw_list *elem)
{
    return elem->next != NULL;
}

/* Inserts 'elem' just before 'before'. */
static inline void
osw_list_insert(struct osw_list *before, struct osw_list *elem)
{
    elem->prev = before->prev;
    elem->next = before;
    before->prev->next = elem;
    before->prev = elem;
}

static inline void
osw_list_push_front(struct osw_list *list, struct osw_list *elem)
{
    osw_list_insert(list->next, elem);
}

static inline void
osw_list_push_back(struct osw_list *list, struct osw_list *elem)
{
    osw_list_insert(list, elem);
}

/* Removes 'elem' from its list and returns the element that followed it. */
static inline struct osw_list *
osw_list_remove(struct osw_list *elem)
{
    elem->prev->next = elem->next;
    elem->next->prev = elem->prev;
    struct osw_list *next = elem->next;
    osw_list_poison(elem);
    return next;
}

static inline bool
osw_list_is_empty(const struct osw_list *list)
{
    return list->next == list;
}

static inline bool
osw_list_is_singleton(const struct osw_list *list)
{
    return !osw_list_is_empty(list) && list->next == list->prev;
}

static inline struct osw_list *
osw_list_front(const struct osw_list *list)
{
    return list->next;
}

static inline struct osw_list *
osw_list_back(const struct osw_list *list)
{
    return list->prev;
}

/* Removes and returns the first element; 'list' must not be empty. */
static inline struct osw_list *
osw_list_pop_front(struct osw_list *list)
{
    struct osw_list *front = list->next;
    osw_list_remove(front);
    return front;
}

static inline struct osw_list *
osw_list_pop_back(struct osw_list *list)
{
    struct osw_list *back = list->prev;
    osw_list_remove(back);
    return back;
}

static inline size_t
osw_list_size(const struct osw_list *list)
{
    size_t n = 0;
    for (const struct osw_list *e = list->next; e != list; e = e->next) {
        n++;
    }
    return n;
}

/* Moves every element of 'src' to the end of 'dst'; 'src' becomes empty. */
static inline void
osw_list_splice_back(struct osw_list *dst, struct osw_list *src)
{
    if (!osw_list_is_empty(src)) {
        src->next->prev = dst->prev;
        dst->prev->next = src->next;
        src->prev->next = dst;
        dst->prev = src->prev;
        osw_list_init(src);
    }
}

/* Iterates 'ITER', a pointer to the element type, over 'LIST' through its
 * member 'MEMBER'.  The _SAFE variant allows removing 'ITER'. */
#define OSW_LIST_FOR_EACH(ITER, MEMBER, LIST)                           \
    for ((void) ASSIGN_CONTAINER(ITER, (LIST)->next, MEMBER);           \
         &(ITER)->MEMBER != (LIST);                                     \
         (void) ASSIGN_CONTAINER(ITER, (ITER)->MEMBER.next, MEMBER))

#define OSW_LIST_FOR_EACH_REVERSE(ITER, MEMBER, LIST)                   \
    for ((void) ASSIGN_CONTAINER(ITER, (LIST)->prev, MEMBER);           \
         &(ITER)->MEMBER != (LIST);                                     \
         (void) ASSIGN_CONTAINER(ITER, (ITER)->MEMBER.prev, MEMBER))

#define OSW_LIST_FOR_EACH_SAFE(ITER, NEXT, MEMBER, LIST)                \
    for ((void) ASSIGN_CONTAINER(ITER, (LIST)->next, MEMBER);           \
         (&(ITER)->MEMBER != (LIST)                                     \
          ? ASSIGN_CONTAINER(NEXT, (ITER)->MEMBER.next, MEMBER) : 0);   \
         (ITER) = (NEXT))

/* Pops elements from the front of 'LIST' into 'ITER' until it is empty. */
#define OSW_LIST_FOR_EACH_POP(ITER, MEMBER, LIST)                       \
    while (!osw_list_is_empty(LIST)                                     \
           && ASSIGN_CONTAINER(ITER, osw_list_pop_front(LIST), MEMBER))

#endif /* list.h */
