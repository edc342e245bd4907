/* dynamic-string: see include/osw/dynamic-string.h. */
#include <config.h>
#include "osw/dynamic-string.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void
ds_init(struct ds *ds)
{
    ds->string = NULL;
    ds->length = 0;
    ds->allocated = 0;
}

void
ds_clear(struct ds *ds)
{
    ds->length = 0;
    if (ds->string) {
        ds->string[0] = '\0';
    }
}

void
ds_truncate(struct ds *ds, size_t new_length)
{
    if (ds->length > new_length) {
        ds->length = new_length;
        ds->string[new_length] = '\0';
    }
}

void
ds_reserve(struct ds *ds, size_t min_length)
{
    if (min_length > ds->allocated || !ds->string) {
        ds->allocated += MAX(min_length, ds->allocated);
        ds->allocated = MAX(8, ds->allocated);
        ds->string = xrealloc(ds->string, ds->allocated + 1);
    }
}

char *
ds_put_uninit(struct ds *ds, size_t n)
{
    ds_reserve(ds, ds->length + n);
    ds->length += n;
    ds->string[ds->length] = '\0';
    return &ds->string[ds->length - n];
}

void
ds_put_char(struct ds *ds, char c)
{
    *ds_put_uninit(ds, 1) = c;
}

void
ds_put_char_multiple(struct ds *ds, char c, size_t n)
{
    memset(ds_put_uninit(ds, n), c, n);
}

void
ds_put_buffer(struct ds *ds, const char *s, size_t n)
{
    if (n) {
        memcpy(ds_put_uninit(ds, n), s, n);
    } else {
        ds_reserve(ds, ds->length);
        ds->string[ds->length] = '\0';
    }
}

void
ds_put_cstr(struct ds *ds, const char *s)
{
    ds_put_buffer(ds, s, strlen(s));
}

void
ds_put_format(struct ds *ds, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    ds_put_format_valist(ds, format, args);
    va_end(args);
}

void
ds_put_format_valist(struct ds *ds, const char *format, va_list args_)
{
    va_list args;
    va_copy(args, args_);
    size_t available = ds->string ? ds->allocated - ds->length + 1 : 0;
    int needed = vsnprintf(ds->string ? &ds->string[ds->length] : NULL,
                           available, format, args);
    va_end(args);

    if (needed < 0) {
        return;                 /* Bad format: append nothing. */
    }
    if ((size_t) needed < available) {
        ds->length += needed;
    } else {
        ds_reserve(ds, ds->length + needed);
        va_copy(args, args_);
        vsnprintf(&ds->string[ds->length], needed + 1, format, args);
        va_end(args);
        ds->length += needed;
    }
}

void
ds_put_hex(struct ds *ds, const void *buf_, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const uint8_t *buf = buf_;
    char *p = ds_put_uninit(ds, 2 * n);
    for (size_t i = 0; i < n; i++) {
        *p++ = hex[buf[i] >> 4];
        *p++ = hex[buf[i] & 15];
    }
}

/* Writes lines like
 *   00000010  45 00 00 54 00 00 40 00-40 01 f6 a7 7f 00 00 01 |E..T..@.@.......|
 * The dash separates the two halves of each 16-byte line. */
void
ds_put_hex_dump(struct ds *ds, const void *buf_, size_t size,
                uintptr_t ofs, bool ascii)
{
    const uint8_t *buf = buf_;
    const size_t per_line = 16;

    while (size > 0) {
        size_t start = ofs % per_line;
        size_t end = MIN(per_line, start + size);
        size_t n = end - start;

        ds_put_format(ds, "%08"PRIxPTR"  ", ROUND_DOWN(ofs, per_line));
        for (size_t i = 0; i < start; i++) {
            ds_put_format(ds, "   ");
        }
        for (size_t i = start; i < end; i++) {
            ds_put_format(ds, "%02x%c", buf[i - start],
                          i == per_line / 2 - 1 ? '-' : ' ');
        }
        if (ascii) {
            for (size_t i = end; i < per_line; i++) {
                ds_put_cstr(ds, "   ");
            }
            ds_put_char(ds, '|');
            for (size_t i = 0; i < start; i++) {
                ds_put_char(ds, ' ');
            }
            for (size_t i = start; i < end; i++) {
                int c = buf[i - start];
                ds_put_char(ds, c >= 32 && c < 127 ? c : '.');
            }
            for (size_t i = end; i < per_line; i++) {
                ds_put_char(ds, ' ');
            }
            ds_put_char(ds, '|');
        } else {
            ds_chomp(ds, ' ');
        }
        ds_put_char(ds, '\n');

        ofs += n;
        buf += n;
        size -= n;
    }
}

int
ds_get_line(struct ds *ds, FILE *file)
{
    ds_clear(ds);
    for (;;) {
        int c = getc(file);
        if (c == EOF) {
            return ds->length ? 0 : EOF;
        } else if (c == '\n') {
            return 0;
        }
        ds_put_char(ds, c);
    }
}

char *
ds_cstr(struct ds *ds)
{
    if (!ds->string) {
        ds_reserve(ds, 0);
    }
    ds->string[ds->length] = '\0';
    return ds->string;
}

const char *
ds_cstr_ro(const struct ds *ds)
{
    return ds_cstr(CONST_CAST(struct ds *, ds));
}

char *
ds_steal_cstr(struct ds *ds)
{
    char *s = ds_cstr(ds);
    ds_init(ds);
    return s;
}

void
ds_destroy(struct ds *ds)
{
    free(ds->string);
}

void
ds_swap(struct ds *a, struct ds *b)
{
    struct ds tmp = *a;
    *a = *b;
    *b = tmp;
}

int
ds_last(const struct ds *ds)
{
    return ds->length > 0 ? (unsigned char) ds->string[ds->length - 1] : EOF;
}

void
ds_chomp(struct ds *ds, int c)
{
    if (ds->length > 0 && ds->string[ds->length - 1] == (char) c) {
        ds->string[--ds->length] = '\0';
    }
}
