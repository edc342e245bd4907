/* dynamic-string: a growable, always NUL-terminated string buffer.
 *
 * 'struct ds' owns its buffer.  DS_EMPTY_INITIALIZER or ds_init() make an
 * empty string that allocates nothing until the first append; ds_cstr()
 * always returns a valid NUL-terminated string (the buffer may be
 * reallocated by any append, so do not keep the pointer across appends).
 * ds_steal_cstr() hands the buffer to the caller and leaves 'ds' empty.
 *
 * Not thread-safe: callers serialize access to one 'struct ds'. */
#ifndef OSW_DYNAMIC_STRING_H
#define OSW_DYNAMIC_STRING_H 1

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "osw/util.h"

struct ds {
    char *string;       /* Null-terminated, or NULL when nothing allocated. */
    size_t length;      /* Bytes used, not counting the terminator. */
    size_t allocated;   /* Bytes available, not counting the terminator. */
};

#define DS_EMPTY_INITIALIZER { NULL, 0, 0 }

void ds_init(struct ds *);
void ds_clear(struct ds *);            /* Empties without freeing. */
void ds_truncate(struct ds *, size_t new_length);
void ds_reserve(struct ds *, size_t min_length);
/* Makes room for 'n' more bytes and returns where they go; the caller
 * fills them in (the length already counts them). */
char *ds_put_uninit(struct ds *, size_t n);
void ds_put_char(struct ds *, char);
void ds_put_char_multiple(struct ds *, char, size_t n);
void ds_put_buffer(struct ds *, const char *, size_t n);
void ds_put_cstr(struct ds *, const char *);
void ds_put_format(struct ds *, const char *, ...) OSW_PRINTF_FORMAT(2, 3);
void ds_put_format_valist(struct ds *, const char *, va_list)
    OSW_PRINTF_FORMAT(2, 0);
/* Appends 'n' bytes of 'buf' as a hex dump with offsets and ASCII, 16
 * bytes a line, the first labelled 'offset'. */
void ds_put_hex_dump(struct ds *, const void *buf, size_t n,
                     uintptr_t offset, bool ascii);
/* Appends 'n' bytes as lowercase hex digits without separators. */
void ds_put_hex(struct ds *, const void *buf, size_t n);
/* Reads one line (without its newline) from 'file', replacing the contents
 * of 'ds'.  Returns 0, or EOF at end of file with nothing read. */
int ds_get_line(struct ds *, FILE *file);

char *ds_cstr(struct ds *);
const char *ds_cstr_ro(const struct ds *);
char *ds_steal_cstr(struct ds *);
void ds_destroy(struct ds *);
void ds_swap(struct ds *, struct ds *);
int ds_last(const struct ds *);    /* Last char, or EOF when empty. */
void ds_chomp(struct ds *, int c); /* Removes a trailing 'c', if any. */

#endif /* dynamic-string.h */
