/* json-parser: frames a byte stream into JSON texts (see jsonrpc.h).
 *
 * The scanner does not parse JSON; it only tracks enough syntax to know
 * where a top-level value ends: the nesting of objects and arrays, and
 * strings (in which brackets do not count, and '\"' does not end the
 * string).  The bytes of the value are kept, and once the value ends
 * they are parsed: well-formed input by a fast reader here (see
 * fast_parse()), anything else by jansson, which is where every other
 * syntax error, invalid UTF-8, and "\u0000" (rejected, as Open vSwitch
 * does, because C strings cannot hold it) are caught and reported.
 *
 * A top-level scalar (number, literal, string) is no JSON-RPC message, but
 * the scanner still delimits it so that the caller gets one clear error
 * for it: a string ends at its closing quote, a number or literal at the
 * first byte that cannot belong to it, which is left unconsumed.  A byte
 * that can start no value is an error at once. */
#include <config.h>
#include "osw/jsonrpc.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "osw/util.h"

/* Deepest nesting of objects and arrays accepted.  jansson recurses once
 * per level when parsing and freeing, so this also bounds stack use. */
#define JP_MAX_DEPTH 1000

/* A buffer this large or smaller is kept between values. */
#define JSON_PARSER_KEEP_BUFFER (64 * 1024)

enum json_parser_state {
    JP_IDLE,            /* Between values, skipping white space. */
    JP_CONTAINER,       /* Inside an object or array, outside strings. */
    JP_STRING,          /* Inside a string. */
    JP_ESCAPE,          /* Just after a backslash in a string. */
    JP_SCALAR,          /* Inside a top-level number or literal. */
    JP_DONE,            /* A value is complete. */
    JP_ERROR            /* Framing failed; 'error' says why. */
};

struct json_parser {
    enum json_parser_state state;
    char *buf;                  /* Bytes of the current value. */
    size_t len;
    size_t allocated;
    int depth;
    char stack[JP_MAX_DEPTH];   /* '{' or '[' per open level. */
    size_t offset;              /* Bytes consumed since creation. */
    size_t value_start;         /* 'offset' of the value's first byte. */
    char *error;
};

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* True if 'c' may appear in a number or a literal (true, false, null).
 * Accepting every letter lets jansson name a misspelled literal in its
 * error; any other byte ends the token, so that garbage is reported at
 * once rather than buffered. */
static bool
is_scalar_byte(unsigned char c)
{
    return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
            || (c >= 'A' && c <= 'Z') || c == '-' || c == '+' || c == '.');
}

/* Creates a parser that expects a sequence of JSON texts. */
struct json_parser *
json_parser_create(void)
{
    struct json_parser *p = xzalloc(sizeof *p);
    p->state = JP_IDLE;
    return p;
}

/* Frees 'p' (which may be NULL) and anything it holds. */
void
json_parser_destroy(struct json_parser *p)
{
    if (p) {
        free(p->buf);
        free(p->error);
        free(p);
    }
}

static void OSW_PRINTF_FORMAT(3, 4)
fail(struct json_parser *p, size_t offset, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *msg = xvasprintf(format, args);
    va_end(args);

    p->error = xasprintf("JSON error at byte %zu: %s", offset, msg);
    free(msg);
    p->state = JP_ERROR;
}

/* Appends 'n' bytes at 'data' to the current value, failing if that makes
 * it longer than a message may be.  Returns false on failure. */
static bool
append(struct json_parser *p, const char *data, size_t n)
{
    if (n > JSONRPC_MAX_MSG_SIZE - p->len) {
        fail(p, p->value_start, "message longer than %d bytes",
             JSONRPC_MAX_MSG_SIZE);
        return false;
    }
    if (p->len + n > p->allocated) {
        size_t want = MAX(p->len + n, MAX(p->allocated * 2, 256));
        p->allocated = MIN(want, (size_t) JSONRPC_MAX_MSG_SIZE);
        p->buf = xrealloc(p->buf, p->allocated);
    }
    memcpy(p->buf + p->len, data, n);
    p->len += n;
    return true;
}

/* Handles byte 'c', at stream offset 'p->offset', outside strings while
 * inside a container: it may open a string, or open or close a level. */
static void
scan_container_byte(struct json_parser *p, char c)
{
    switch (c) {
    case '"':
        p->state = JP_STRING;
        break;

    case '{':
    case '[':
        if (p->depth >= JP_MAX_DEPTH) {
            fail(p, p->offset, "nesting deeper than %d levels",
                 JP_MAX_DEPTH);
        } else {
            p->stack[p->depth++] = c;
        }
        break;

    case '}':
    case ']':
        if (p->stack[p->depth - 1] != (c == '}' ? '{' : '[')) {
            fail(p, p->offset, "'%c' does not match '%c'",
                 c, p->stack[p->depth - 1]);
        } else if (--p->depth == 0) {
            p->state = JP_DONE;
        }
        break;
    }
}

/* Starts a value with byte 'c' in JP_IDLE.  Returns false on error. */
static bool
start_value(struct json_parser *p, char c)
{
    p->value_start = p->offset;
    switch (c) {
    case '{':
    case '[':
        p->stack[0] = c;
        p->depth = 1;
        p->state = JP_CONTAINER;
        return true;
    case '"':
        p->state = JP_STRING;
        return true;
    default:
        if (is_scalar_byte(c)) {
            p->state = JP_SCALAR;
            return true;
        } else if (c > ' ' && c < 0x7f) {
            fail(p, p->offset, "unexpected '%c' outside any value", c);
        } else {
            fail(p, p->offset, "unexpected byte 0x%02x outside any value",
                 (unsigned char) c);
        }
        return false;
    }
}

/* True if byte 'c' matters to the scanner in state 'state', that is, if
 * it cannot be copied as part of a run. */
static bool
is_special(enum json_parser_state state, char c)
{
    return (state == JP_STRING
            ? c == '"' || c == '\\'
            : c == '"' || c == '{' || c == '[' || c == '}' || c == ']');
}

/* Copies the run of bytes at the start of 'data' that do not change the
 * state (inside a string or a container), without stepping through the
 * state machine for each.  Returns the number of bytes consumed. */
static size_t
copy_run(struct json_parser *p, const char *data, size_t n)
{
    size_t run = 0;
    while (run < n && !is_special(p->state, data[run])) {
        run++;
    }
    if (run) {
        append(p, data, run);
        p->offset += run;
    }
    return run;
}

/* Consumes up to 'n' bytes of 'data', stopping after the byte that ends a
 * value, at a byte that cannot start or continue one, or just before the
 * byte that ends a top-level number or literal.  Returns the number of
 * bytes consumed. */
size_t
json_parser_feed(struct json_parser *p, const char *data, size_t n)
{
    size_t i = 0;

    while (i < n && p->state != JP_DONE && p->state != JP_ERROR) {
        char c = data[i];

        if ((p->state == JP_STRING || p->state == JP_CONTAINER)
            && !is_special(p->state, c)) {
            i += copy_run(p, data + i, n - i);
            continue;
        }
        if (p->state == JP_IDLE) {
            if (is_space(c)) {
                p->offset++;
                i++;
                continue;
            }
            if (!start_value(p, c)) {
                p->offset++;
                i++;
                break;
            }
        } else if (p->state == JP_SCALAR && !is_scalar_byte(c)) {
            p->state = JP_DONE;
            break;
        } else if (p->state == JP_CONTAINER) {
            scan_container_byte(p, c);
        } else if (p->state == JP_STRING) {
            if (c == '\\') {
                p->state = JP_ESCAPE;
            } else if (p->depth) {
                p->state = JP_CONTAINER;
            } else {
                p->state = JP_DONE;
            }
        } else if (p->state == JP_ESCAPE) {
            p->state = JP_STRING;
        }

        if (p->state != JP_ERROR) {
            append(p, &c, 1);
        }
        p->offset++;
        i++;
    }
    return i;
}

/* True once a complete value or an error is ready for
 * json_parser_finish(). */
bool
json_parser_is_done(const struct json_parser *p)
{
    return p->state == JP_DONE || p->state == JP_ERROR;
}

/* True if part of a value has been consumed but it is not complete. */
bool
json_parser_has_partial(const struct json_parser *p)
{
    return (p->state == JP_CONTAINER || p->state == JP_STRING
            || p->state == JP_ESCAPE || p->state == JP_SCALAR);
}

/* Forgets the current value, ready for the next one. */
static void
reset(struct json_parser *p)
{
    if (p->allocated > JSON_PARSER_KEEP_BUFFER) {
        free(p->buf);
        p->buf = NULL;
        p->allocated = 0;
    }
    p->len = 0;
    p->depth = 0;
    p->state = JP_IDLE;
    free(p->error);
    p->error = NULL;
}

/* Fast path for parse_value().
 *
 * jansson's reader takes a function call per byte and showed as a quarter
 * of the database server's CPU time.  This recursive-descent reader builds
 * the same values from well-formed input several times faster.  It accepts
 * a subset of what jansson accepts: at anything else (any syntax error,
 * but also "\u0000", a lone surrogate, an integer that overflows, a
 * number too long for its buffer) it gives up, and jansson parses the
 * bytes instead, so that every error message is still jansson's. */

struct fast_reader {
    const char *p;              /* Next byte. */
    const char *end;
    struct ds scratch;          /* Unescaped string being built. */
};

static void
fast_skip_space(struct fast_reader *r)
{
    while (r->p < r->end && is_space(*r->p)) {
        r->p++;
    }
}

/* Returns the length of the valid UTF-8 sequence at 's' (at most 'n'
 * bytes available, first byte at least 0x80), or 0 if it is not one.
 * Rejects what jansson rejects: overlong forms, surrogates, code points
 * above U+10FFFF. */
static size_t
fast_utf8_len(const unsigned char *s, size_t n)
{
    size_t len;
    uint32_t cp;

    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        len = 2;
        cp = s[0] & 0x1f;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        len = 3;
        cp = s[0] & 0x0f;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        len = 4;
        cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n) {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)
        || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
        return 0;
    }
    return len;
}

/* Parses 4 hex digits at 'r->p'.  Returns the value or -1. */
static int
fast_hex4(struct fast_reader *r)
{
    int value = 0;

    if (r->end - r->p < 4) {
        return -1;
    }
    for (int i = 0; i < 4; i++) {
        int c = r->p[i];
        int d = (c >= '0' && c <= '9' ? c - '0'
                 : c >= 'a' && c <= 'f' ? c - 'a' + 10
                 : c >= 'A' && c <= 'F' ? c - 'A' + 10
                 : -1);
        if (d < 0) {
            return -1;
        }
        value = value * 16 + d;
    }
    r->p += 4;
    return value;
}

/* Appends the UTF-8 form of code point 'cp' to 'ds'. */
static void
fast_put_utf8(struct ds *ds, uint32_t cp)
{
    if (cp < 0x80) {
        ds_put_char(ds, cp);
    } else if (cp < 0x800) {
        ds_put_char(ds, 0xc0 | (cp >> 6));
        ds_put_char(ds, 0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        ds_put_char(ds, 0xe0 | (cp >> 12));
        ds_put_char(ds, 0x80 | ((cp >> 6) & 0x3f));
        ds_put_char(ds, 0x80 | (cp & 0x3f));
    } else {
        ds_put_char(ds, 0xf0 | (cp >> 18));
        ds_put_char(ds, 0x80 | ((cp >> 12) & 0x3f));
        ds_put_char(ds, 0x80 | ((cp >> 6) & 0x3f));
        ds_put_char(ds, 0x80 | (cp & 0x3f));
    }
}

/* Handles the escape sequence after a backslash at 'r->p', appending what
 * it stands for to 'r->scratch'.  Returns false to give up. */
static bool
fast_unescape(struct fast_reader *r)
{
    if (r->p >= r->end) {
        return false;
    }

    char c = *r->p++;
    const char *plain = strchr("\"\\/bfnrt", c);
    if (c && plain) {
        static const char decoded[] = "\"\\/\b\f\n\r\t";
        ds_put_char(&r->scratch, decoded[plain - "\"\\/bfnrt"]);
        return true;
    } else if (c != 'u') {
        return false;
    }

    int cp = fast_hex4(r);
    if (cp <= 0 || (cp >= 0xdc00 && cp <= 0xdfff)) {
        return false;           /* \u0000, a lone low surrogate, bad hex. */
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
        if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u') {
            return false;
        }
        r->p += 2;
        int low = fast_hex4(r);
        if (low < 0xdc00 || low > 0xdfff) {
            return false;
        }
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
    }
    fast_put_utf8(&r->scratch, cp);
    return true;
}

/* Parses a string whose opening quote 'r->p' has just passed.  Sets
 * '*s' and '*n' to its (unescaped) bytes, which stay valid until the next
 * string.  Returns false to give up. */
static bool
fast_string(struct fast_reader *r, const char **s, size_t *n)
{
    const char *start = r->p;
    bool escaped = false;

    ds_clear(&r->scratch);
    while (r->p < r->end) {
        unsigned char c = *r->p;
        if (c == '"') {
            if (escaped) {
                ds_put_buffer(&r->scratch, start, r->p - start);
                *s = ds_cstr(&r->scratch);
                *n = r->scratch.length;
            } else {
                *s = start;
                *n = r->p - start;
            }
            r->p++;
            return true;
        } else if (c == '\\') {
            ds_put_buffer(&r->scratch, start, r->p - start);
            r->p++;
            if (!fast_unescape(r)) {
                return false;
            }
            start = r->p;
            escaped = true;
        } else if (c < 0x20) {
            return false;
        } else if (c < 0x80) {
            r->p++;
        } else {
            size_t len = fast_utf8_len((const unsigned char *) r->p,
                                       r->end - r->p);
            if (!len) {
                return false;
            }
            r->p += len;
        }
    }
    return false;
}

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Parses a number at 'r->p' as jansson would: an integer unless it has a
 * fraction or an exponent.  Returns NULL to give up. */
static json_t *
fast_number(struct fast_reader *r)
{
    const char *start = r->p;
    const char *p = start;
    bool is_real = false;

    if (p < r->end && *p == '-') {
        p++;
    }
    if (p < r->end && *p == '0') {
        p++;
    } else if (p < r->end && is_digit(*p)) {
        while (p < r->end && is_digit(*p)) {
            p++;
        }
    } else {
        return NULL;
    }
    if (p < r->end && *p == '.') {
        is_real = true;
        p++;
        if (p >= r->end || !is_digit(*p)) {
            return NULL;
        }
        while (p < r->end && is_digit(*p)) {
            p++;
        }
    }
    if (p < r->end && (*p == 'e' || *p == 'E')) {
        is_real = true;
        p++;
        if (p < r->end && (*p == '+' || *p == '-')) {
            p++;
        }
        if (p >= r->end || !is_digit(*p)) {
            return NULL;
        }
        while (p < r->end && is_digit(*p)) {
            p++;
        }
    }

    /* strtoll() and strtod() want a terminated string. */
    char buf[64];
    size_t len = p - start;
    if (len >= sizeof buf) {
        return NULL;
    }
    memcpy(buf, start, len);
    buf[len] = '\0';
    r->p = p;

    errno = 0;
    if (!is_real) {
        long long int value = strtoll(buf, NULL, 10);
        return errno ? NULL : json_integer(value);
    } else {
        double value = strtod(buf, NULL);
        return (errno == ERANGE && (value == HUGE_VAL || value == -HUGE_VAL)
                ? NULL : json_real(value));
    }
}

static json_t *fast_value(struct fast_reader *, int depth);

/* Parses the rest of an array or object ('close' is ']' or '}') whose
 * opening bracket 'r->p' has just passed. */
static json_t *
fast_container(struct fast_reader *r, char close, int depth)
{
    json_t *json = close == ']' ? json_array() : json_object();

    fast_skip_space(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return json;
    }
    for (;;) {
        json_t *value;

        if (close == ']') {
            value = fast_value(r, depth + 1);
            if (!value || json_array_append_new(json, value)) {
                break;
            }
        } else {
            const char *key;
            size_t key_len;

            if (r->p >= r->end || *r->p++ != '"'
                || !fast_string(r, &key, &key_len)) {
                break;
            }
            /* An escaped key points into 'r->scratch', which the value
             * may reuse; others point into the input and stay valid. */
            char *key_copy = NULL;
            if (key == r->scratch.string) {
                key = key_copy = xmemdup0(key, key_len);
            }
            fast_skip_space(r);
            if (r->p >= r->end || *r->p++ != ':') {
                free(key_copy);
                break;
            }
            value = fast_value(r, depth + 1);
            int error = (!value ? -1
                         : json_object_setn_new_nocheck(json, key, key_len,
                                                        value));
            free(key_copy);
            if (error) {
                break;
            }
        }

        fast_skip_space(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            fast_skip_space(r);
        } else if (r->p < r->end && *r->p == close) {
            r->p++;
            return json;
        } else {
            break;
        }
    }
    json_decref(json);
    return NULL;
}

/* True if the literal 'word' is at 'r->p' (then skipped). */
static bool
fast_literal(struct fast_reader *r, const char *word)
{
    size_t n = strlen(word);
    if ((size_t) (r->end - r->p) >= n && !memcmp(r->p, word, n)) {
        r->p += n;
        return true;
    }
    return false;
}

/* Parses the value at 'r->p' (after white space), or returns NULL to give
 * up. */
static json_t *
fast_value(struct fast_reader *r, int depth)
{
    fast_skip_space(r);
    if (r->p >= r->end || depth > JP_MAX_DEPTH) {
        return NULL;
    }

    const char *s;
    size_t n;
    switch (*r->p) {
    case '{':
    case '[':
        r->p++;
        return fast_container(r, r->p[-1] == '{' ? '}' : ']', depth);
    case '"':
        r->p++;
        return fast_string(r, &s, &n) ? json_stringn_nocheck(s, n) : NULL;
    case 't':
        return fast_literal(r, "true") ? json_true() : NULL;
    case 'f':
        return fast_literal(r, "false") ? json_false() : NULL;
    case 'n':
        return fast_literal(r, "null") ? json_null() : NULL;
    default:
        return fast_number(r);
    }
}

/* Parses all of 'data' (of 'n' bytes) as one JSON text, or returns NULL
 * if jansson should (see above). */
static json_t *
fast_parse(const char *data, size_t n)
{
    struct fast_reader r = { data, data + n, DS_EMPTY_INITIALIZER };
    json_t *json = fast_value(&r, 1);

    fast_skip_space(&r);
    if (json && r.p != r.end) {
        json_decref(json);
        json = NULL;
    }
    ds_destroy(&r.scratch);
    return json;
}

/* Has jansson build the value from the bytes collected.  Returns the value
 * or NULL with an error message in '*errorp'. */
static json_t *
parse_value(struct json_parser *p, char **errorp)
{
    json_t *json = fast_parse(p->buf, p->len);
    if (json) {
        return json;
    }

    json_error_t error;
    json = json_loadb(p->buf, p->len, JSON_DECODE_ANY, &error);
    if (!json) {
        size_t at = p->value_start + (error.position > 0
                                      ? (size_t) error.position - 1 : 0);
        *errorp = xasprintf("JSON error at byte %zu: %s (line %d, "
                            "column %d of the message)",
                            at, error.text, error.line, error.column);
    }
    return json;
}

/* Takes the value that the bytes fed so far complete.  A top-level number
 * or literal in progress is taken as complete (the end of the input ends
 * it).  Returns a new reference, or NULL with an error message for the
 * caller to free in '*errorp' (if nonnull).  Either way the parser is
 * ready for the next value. */
json_t *
json_parser_finish(struct json_parser *p, char **errorp)
{
    char *error = NULL;
    json_t *json = NULL;

    switch (p->state) {
    case JP_ERROR:
        error = p->error;
        p->error = NULL;
        break;
    case JP_IDLE:
        error = xasprintf("JSON error at byte %zu: empty input", p->offset);
        break;
    case JP_CONTAINER:
    case JP_STRING:
    case JP_ESCAPE:
        error = xasprintf("JSON error at byte %zu: unexpected end of input "
                          "(value started at byte %zu)",
                          p->offset, p->value_start);
        break;
    case JP_SCALAR:
    case JP_DONE:
        json = parse_value(p, &error);
        break;
    }

    reset(p);
    if (errorp) {
        *errorp = error;
    } else {
        free(error);
    }
    return json;
}
