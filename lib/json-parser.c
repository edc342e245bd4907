/* json-parser: frames a byte stream into JSON texts (see jsonrpc.h).
 *
 * The scanner does not parse JSON; it only tracks enough syntax to know
 * where a top-level value ends: the nesting of objects and arrays, and
 * strings (in which brackets do not count, and '\"' does not end the
 * string).  The bytes of the value are kept, and once the value ends
 * jansson parses them, which is where every other syntax error, invalid
 * UTF-8, and "\u0000" (rejected, as Open vSwitch does, because C strings
 * cannot hold it) are caught.
 *
 * A top-level scalar (number, literal, string) is no JSON-RPC message, but
 * the scanner still delimits it so that the caller gets one clear error
 * for it: a string ends at its closing quote, a number or literal at the
 * first byte that cannot belong to it, which is left unconsumed.  A byte
 * that can start no value is an error at once. */
#include <config.h>
#include "osw/jsonrpc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
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

/* Has jansson build the value from the bytes collected.  Returns the value
 * or NULL with an error message in '*errorp'. */
static json_t *
parse_value(struct json_parser *p, char **errorp)
{
    json_error_t error;
    json_t *json = json_loadb(p->buf, p->len, JSON_DECODE_ANY, &error);
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
