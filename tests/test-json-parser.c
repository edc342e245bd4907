/* Tests for the JSON framing parser (json_parser_* in jsonrpc.h). */
#include <config.h>
#include "osw/jsonrpc.h"

#include <string.h>
#include "osw/util.h"
#include "testlib.h"

/* What splitting a byte string produced: one string per value, its compact
 * JSON text or "error: MESSAGE", and "partial: ..." for what was left at
 * the end. */
struct results {
    char *items[32];
    size_t n;
};

static void
results_add(struct results *r, char *s)
{
    osw_assert(r->n < ARRAY_SIZE(r->items));
    r->items[r->n++] = s;
}

static void
results_destroy(struct results *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i]);
    }
    r->n = 0;
}

/* Takes the parser's value and describes it. */
static char *
take(struct json_parser *p)
{
    char *error;
    json_t *json = json_parser_finish(p, &error);
    if (!json) {
        char *s = xasprintf("error: %s", error);
        free(error);
        return s;
    }
    CHECK(!error);
    char *s = json_dumps(json, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(json);
    return s;
}

/* Feeds 'n' bytes of 'data' to a new parser 'chunk' bytes at a time and
 * records every value into 'r'. */
static void
split(const char *data, size_t n, size_t chunk, struct results *r)
{
    struct json_parser *p = json_parser_create();
    size_t ofs = 0;

    r->n = 0;
    while (ofs < n) {
        size_t len = MIN(chunk, n - ofs);
        size_t used = json_parser_feed(p, data + ofs, len);
        CHECK(used <= len);
        ofs += used;
        if (json_parser_is_done(p)) {
            CHECK(!json_parser_has_partial(p));
            results_add(r, take(p));
        } else {
            CHECK_EQ(used, len);
        }
    }
    if (json_parser_has_partial(p)) {
        char *s = take(p);
        results_add(r, xasprintf("partial: %s", s));
        free(s);
    }
    CHECK(!json_parser_has_partial(p));
    CHECK(!json_parser_is_done(p));
    json_parser_destroy(p);
}

/* Checks that 'data' splits into 'expected' (a NULL-terminated list) in
 * every chunk size. */
static void
check_split_n(const char *data, size_t n, const char *const *expected)
{
    static const size_t chunks[] = { 1, 2, 3, 5, 7, 13, 64, 4096 };
    for (size_t c = 0; c < ARRAY_SIZE(chunks); c++) {
        struct results r;
        split(data, n, chunks[c], &r);
        size_t i;
        for (i = 0; expected[i]; i++) {
            if (i >= r.n) {
                osw_test_fail(__FILE__, __LINE__, "chunk %zu: only %zu "
                              "values, expected \"%s\" next", chunks[c],
                              r.n, expected[i]);
            }
            if (strcmp(r.items[i], expected[i])) {
                osw_test_fail(__FILE__, __LINE__, "chunk %zu, value %zu:\n"
                              "  got      %s\n  expected %s", chunks[c], i,
                              r.items[i], expected[i]);
            }
        }
        CHECK_EQ(r.n, i);
        results_destroy(&r);
    }
}

#define CHECK_SPLIT(DATA, ...)                                          \
    do {                                                                \
        static const char *const expected_[] = { __VA_ARGS__, NULL };   \
        check_split_n(DATA, sizeof DATA - 1, expected_);                \
    } while (0)

/* Returns the error that parsing 'data' alone produces.  Caller frees. */
static char *
error_of(const char *data, size_t n)
{
    struct results r;
    split(data, n, n, &r);
    CHECK_EQ(r.n, 1);
    char *s = r.items[0];
    if (strncmp(s, "error: ", 7) && strncmp(s, "partial: error: ", 16)) {
        osw_test_fail(__FILE__, __LINE__, "expected an error, got %s", s);
    }
    return s;
}

#define CHECK_ERROR(DATA, SUBSTRING)                                    \
    do {                                                                \
        char *e_ = error_of(DATA, sizeof DATA - 1);                     \
        if (!strstr(e_, SUBSTRING)) {                                   \
            osw_test_fail(__FILE__, __LINE__, "error \"%s\" lacks \"%s\"", \
                          e_, SUBSTRING);                               \
        }                                                               \
        free(e_);                                                       \
    } while (0)

OSW_TEST(single_object)
{
    struct json_parser *p = json_parser_create();
    const char *text = "{\"method\":\"echo\",\"params\":[],\"id\":0}";

    CHECK(!json_parser_is_done(p));
    CHECK(!json_parser_has_partial(p));
    CHECK_EQ(json_parser_feed(p, text, strlen(text)), strlen(text));
    CHECK(json_parser_is_done(p));

    char *error = (char *) 1;
    json_t *json = json_parser_finish(p, &error);
    CHECK(json);
    CHECK(!error);
    CHECK(json_is_object(json));
    CHECK_STREQ(json_string_value(json_object_get(json, "method")), "echo");
    CHECK_EQ(json_integer_value(json_object_get(json, "id")), 0);
    json_decref(json);
    CHECK(!json_parser_is_done(p));
    json_parser_destroy(p);
    json_parser_destroy(NULL);
}

OSW_TEST(concatenated_messages)
{
    CHECK_SPLIT("{\"method\":\"echo\",\"params\":[],\"id\":0}"
                "{\"id\":0,\"result\":[],\"error\":null}[1,2]",
                "{\"method\":\"echo\",\"params\":[],\"id\":0}",
                "{\"id\":0,\"result\":[],\"error\":null}",
                "[1,2]");
}

OSW_TEST(feed_stops_after_value)
{
    struct json_parser *p = json_parser_create();
    CHECK_EQ(json_parser_feed(p, "{}{\"a\":1}", 9), 2);
    CHECK(json_parser_is_done(p));
    /* Nothing more is consumed until the value is taken. */
    CHECK_EQ(json_parser_feed(p, "{\"a\":1}", 7), 0);
    json_t *json = json_parser_finish(p, NULL);
    CHECK(json && json_is_object(json) && json_object_size(json) == 0);
    json_decref(json);
    CHECK_EQ(json_parser_feed(p, "{\"a\":1}", 7), 7);
    json = json_parser_finish(p, NULL);
    CHECK_EQ(json_integer_value(json_object_get(json, "a")), 1);
    json_decref(json);
    json_parser_destroy(p);
}

OSW_TEST(strings_with_brackets_and_escapes)
{
    CHECK_SPLIT("{\"a\":\"}{][\\\"\\\\\"}{\"b\":\"\\\\\"}",
                "{\"a\":\"}{][\\\"\\\\\"}",
                "{\"b\":\"\\\\\"}");
    /* An escaped quote does not end the string; an escaped backslash
     * before a quote does not escape it. */
    CHECK_SPLIT("[\"\\\"]\"][\"\\\\\"]",
                "[\"\\\"]\"]",
                "[\"\\\\\"]");
    /* Brackets inside keys. */
    CHECK_SPLIT("{\"{[\":{\"]}\":[]}}", "{\"{[\":{\"]}\":[]}}");
}

OSW_TEST(whitespace_between_values)
{
    CHECK_SPLIT("  \n\t\r {\"a\" : [ 1 , 2 ] }\r\n\n {}  \t\n",
                "{\"a\":[1,2]}", "{}");
    /* White space alone is no value and nothing partial. */
    CHECK_SPLIT(" \n\t\r ", NULL);
}

OSW_TEST(unicode_escapes)
{
    CHECK_SPLIT("[\"\\u00e9\\ud83d\\ude00\\u0041\"]",
                "[\"\xc3\xa9\xf0\x9f\x98\x80" "A\"]");
    /* Raw UTF-8 passes through. */
    CHECK_SPLIT("[\"\xe2\x82\xac\"]", "[\"\xe2\x82\xac\"]");
}

OSW_TEST(nul_rejected)
{
    CHECK_ERROR("[\"a\\u0000b\"]", "\\u0000");
    /* A raw NUL byte is no valid JSON either. */
    static const char raw[] = { '[', '"', 'a', 0, 'b', '"', ']' };
    char *e = error_of(raw, sizeof raw);
    CHECK(strstr(e, "JSON error at byte"));
    free(e);
}

OSW_TEST(nesting_limit)
{
    enum { LIMIT = 1000 };
    char *ok = xmalloc(2 * LIMIT);
    memset(ok, '[', LIMIT);
    memset(ok + LIMIT, ']', LIMIT);

    struct json_parser *p = json_parser_create();
    CHECK_EQ(json_parser_feed(p, ok, 2 * LIMIT), 2 * LIMIT);
    char *error;
    json_t *json = json_parser_finish(p, &error);
    CHECK(json);
    CHECK(json_is_array(json));
    json_decref(json);

    /* One level more fails as soon as the level opens. */
    char *deep = xmalloc(LIMIT + 10);
    memset(deep, '[', LIMIT + 10);
    CHECK_EQ(json_parser_feed(p, deep, LIMIT + 10), LIMIT + 1);
    CHECK(json_parser_is_done(p));
    CHECK(!json_parser_finish(p, &error));
    CHECK_STREQ(error, "JSON error at byte 3000: nesting deeper than 1000 "
                "levels");
    free(error);

    /* Objects count too. */
    char *objs = xmalloc(6 * (LIMIT + 1));
    for (size_t i = 0; i <= LIMIT; i++) {
        memcpy(objs + 5 * i, "{\"a\":", 5);
    }
    json_parser_destroy(p);
    p = json_parser_create();
    json_parser_feed(p, objs, 5 * (LIMIT + 1));
    CHECK(json_parser_is_done(p));
    CHECK(!json_parser_finish(p, &error));
    CHECK(strstr(error, "nesting deeper than 1000 levels"));
    free(error);

    json_parser_destroy(p);
    free(ok);
    free(deep);
    free(objs);
}

OSW_TEST(too_large_message)
{
    const size_t chunk_size = 1024 * 1024;
    char *chunk = xmalloc(chunk_size);
    memset(chunk, 'x', chunk_size);

    struct json_parser *p = json_parser_create();
    CHECK_EQ(json_parser_feed(p, "  {\"a\":\"", 8), 8);
    size_t total = 6;
    for (;;) {
        size_t used = json_parser_feed(p, chunk, chunk_size);
        total += used;
        if (json_parser_is_done(p)) {
            break;
        }
        CHECK_EQ(used, chunk_size);
        CHECK(total <= JSONRPC_MAX_MSG_SIZE);
    }
    /* It fails at the first byte past the limit, not later. */
    CHECK(total <= JSONRPC_MAX_MSG_SIZE + chunk_size);
    char *error;
    CHECK(!json_parser_finish(p, &error));
    CHECK_STREQ(error, "JSON error at byte 2: message longer than 67108864 "
                "bytes");
    free(error);

    /* The parser recovers for the next value. */
    CHECK_EQ(json_parser_feed(p, "[7]", 3), 3);
    json_t *json = json_parser_finish(p, &error);
    CHECK(json && json_integer_value(json_array_get(json, 0)) == 7);
    json_decref(json);

    json_parser_destroy(p);
    free(chunk);
}

OSW_TEST(invalid_json)
{
    CHECK_ERROR("{\"a\":}", "JSON error at byte 5:");
    CHECK_ERROR("{\"a\" 1}", "JSON error at byte");
    CHECK_ERROR("[1,]", "JSON error at byte");
    CHECK_ERROR("[1 2]", "JSON error at byte");
    CHECK_ERROR("{1:2}", "JSON error at byte");
    CHECK_ERROR("[tru]", "JSON error at byte");
    CHECK_ERROR("[01]", "JSON error at byte");
    CHECK_ERROR("[123456789012345678901234567890]", "too big integer");
    CHECK_ERROR("[1e999]", "real number overflow");
    CHECK_ERROR("[\"\\x\"]", "JSON error at byte");
    CHECK_ERROR("[\"\\ud800\"]", "JSON error at byte");
    CHECK_ERROR("[\"a\tb\"]", "control character");
}

OSW_TEST(mismatched_brackets)
{
    CHECK_ERROR("{]", "JSON error at byte 1: ']' does not match '{'");
    CHECK_ERROR("[[1}", "JSON error at byte 3: '}' does not match '['");
}

OSW_TEST(unexpected_at_top_level)
{
    CHECK_ERROR("}", "JSON error at byte 0: unexpected '}' outside any "
                "value");
    CHECK_ERROR("  ]", "JSON error at byte 2: unexpected ']'");
    CHECK_ERROR(",", "unexpected ','");
    CHECK_ERROR(":", "unexpected ':'");
}

OSW_TEST(error_positions_count_the_stream)
{
    /* The second message's error is at byte 13 of the stream. */
    CHECK_SPLIT("{\"a\":1} {\"b\":}",
                "{\"a\":1}",
                "error: JSON error at byte 13: unexpected token near '}' "
                "(line 1, column 6 of the message)");
}

OSW_TEST(recovers_after_error)
{
    CHECK_SPLIT("}{\"a\":1}",
                "error: JSON error at byte 0: unexpected '}' outside any "
                "value",
                "{\"a\":1}");
}

OSW_TEST(invalid_utf8)
{
    CHECK_ERROR("[\"\xff\"]", "JSON error at byte");
    CHECK_ERROR("[\"\xc0\x80\"]", "JSON error at byte");    /* Overlong. */
    CHECK_ERROR("[\"\xed\xa0\x80\"]", "JSON error at byte"); /* Surrogate. */
    CHECK_ERROR("[\"\xe2\x82\"]", "JSON error at byte");    /* Truncated. */
    CHECK_ERROR("[\"\xf4\x90\x80\x80\"]", "JSON error at byte"); /* >10FFFF */
    CHECK_ERROR("{\"\x80\":1}", "JSON error at byte");      /* In a key. */
    CHECK_ERROR("[\xff]", "JSON error at byte");            /* Outside. */
    CHECK_ERROR("\xff", "JSON error at byte");              /* Top level. */
}

OSW_TEST(truncated_input)
{
    static const char *const cases[] = {
        "{\"a\":[1,2",
        "{\"a\":\"abc",
        "[\"ab\\",
        "{",
        "\"open string",
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct json_parser *p = json_parser_create();
        size_t n = strlen(cases[i]);
        CHECK_EQ(json_parser_feed(p, cases[i], n), n);
        CHECK(!json_parser_is_done(p));
        CHECK(json_parser_has_partial(p));
        char *error;
        CHECK(!json_parser_finish(p, &error));
        CHECK(strstr(error, "unexpected end of input"));
        free(error);
        CHECK(!json_parser_has_partial(p));
        json_parser_destroy(p);
    }
}

OSW_TEST(empty_finish)
{
    struct json_parser *p = json_parser_create();
    char *error;
    CHECK(!json_parser_finish(p, &error));
    CHECK_STREQ(error, "JSON error at byte 0: empty input");
    free(error);
    /* A NULL 'errorp' is allowed. */
    CHECK(!json_parser_finish(p, NULL));
    json_parser_destroy(p);
}

OSW_TEST(top_level_scalars)
{
    CHECK_SPLIT("123 true \"str\" null -1.5e3 ",
                "123", "true", "\"str\"", "null", "-1500.0");
    /* A scalar ends where the next value begins. */
    CHECK_SPLIT("12{\"a\":1}\"x\"[]", "12", "{\"a\":1}", "\"x\"", "[]");
    /* At the end of input a number is complete. */
    CHECK_SPLIT("42", "partial: 42");
    /* Garbage tokens are delimited and rejected. */
    CHECK_SPLIT("bogus {}",
                "error: JSON error at byte 4: invalid token near 'bogus' "
                "(line 1, column 5 of the message)", "{}");
}

OSW_TEST(garbage_fails_at_once)
{
    /* Bytes that start no value are errors without waiting for more. */
    struct json_parser *p = json_parser_create();
    CHECK_EQ(json_parser_feed(p, "\x01\x02", 2), 1);
    CHECK(json_parser_is_done(p));
    char *error;
    CHECK(!json_parser_finish(p, &error));
    CHECK_STREQ(error, "JSON error at byte 0: unexpected byte 0x01 outside "
                "any value");
    free(error);
    json_parser_destroy(p);

    CHECK_SPLIT("\xff", "error: JSON error at byte 0: unexpected byte 0xff "
                "outside any value");
    CHECK_SPLIT("#", "error: JSON error at byte 0: unexpected '#' outside "
                "any value");
    /* A number ends at a stray byte, which is then the error. */
    CHECK_SPLIT("12\x01", "12", "error: JSON error at byte 2: unexpected "
                "byte 0x01 outside any value");
}

OSW_TEST(scalar_terminator_not_consumed)
{
    struct json_parser *p = json_parser_create();
    CHECK_EQ(json_parser_feed(p, "17]", 3), 2);
    CHECK(json_parser_is_done(p));
    json_t *json = json_parser_finish(p, NULL);
    CHECK_EQ(json_integer_value(json), 17);
    json_decref(json);
    json_parser_destroy(p);
}

OSW_TEST(large_message_in_pieces)
{
    /* 1 MB of array elements, fed in odd-sized pieces. */
    struct json_parser *p = json_parser_create();
    size_t n_elems = 100000;
    char *text = xmalloc(n_elems * 10 + 16);
    size_t len = 0;
    text[len++] = '[';
    for (size_t i = 0; i < n_elems; i++) {
        len += sprintf(text + len, "%s\"%05zu\"", i ? "," : "", i % 100000);
    }
    text[len++] = ']';

    size_t ofs = 0;
    while (ofs < len) {
        ofs += json_parser_feed(p, text + ofs, MIN(len - ofs, 777));
    }
    CHECK(json_parser_is_done(p));
    json_t *json = json_parser_finish(p, NULL);
    CHECK_EQ(json_array_size(json), n_elems);
    CHECK_STREQ(json_string_value(json_array_get(json, 12345)), "12345");
    json_decref(json);
    json_parser_destroy(p);
    free(text);
}

/* The parser reads well-formed input itself and leaves the rest to
 * jansson: either way, the value (types included: 1 is not 1.0) and the
 * error must be what jansson alone gives. */
static void
check_same_as_jansson(const char *text, size_t n)
{
    /* Compare what the framer took ("[1]]" ends after "[1]"). */
    struct json_parser *p = json_parser_create();
    n = json_parser_feed(p, text, n);

    json_error_t jerror;
    json_t *expected = json_loadb(text, n, JSON_DECODE_ANY, &jerror);
    char *error;
    json_t *json = json_parser_finish(p, &error);
    json_parser_destroy(p);

    if (!expected) {
        CHECK(!json);
        if (!error || !strstr(error, jerror.text)) {
            fprintf(stderr, "%.*s: '%s' vs '%s'\n", (int) n, text,
                    error ? error : "(none)", jerror.text);
        }
        CHECK(error && strstr(error, jerror.text));
    } else {
        CHECK(json != NULL);
        CHECK(!error);
        CHECK(json_equal(json, expected));
        char *a = json_dumps(json, JSON_COMPACT | JSON_ENCODE_ANY);
        char *b = json_dumps(expected, JSON_COMPACT | JSON_ENCODE_ANY);
        CHECK_STREQ(a, b);
        free(a);
        free(b);
    }
    free(error);
    json_decref(json);
    json_decref(expected);
}

OSW_TEST(values_same_as_jansson)
{
    static const char *const texts[] = {
        "{}", "[]", " [ ] ", "{ }", "[1]", "[-0]", "[0]", "[-1.5e3]",
        "[1E+2]", "[1e-400]", "[1e400]", "[-1e400]", "[0.1]",
        "[9223372036854775807]", "[-9223372036854775808]",
        "[9223372036854775808]", "[-9223372036854775809]",
        "[01]", "[1.]", "[.5]", "[-]", "[1e]", "[1x]", "[+1]", "[- 1]",
        "[true,false,null]", "[tru]", "[truex]", "[nul]", "[True]",
        "{\"a\":1,\"b\":[2,{\"c\":\"d\"}],\"e\":{}}",
        "{\"a\":1,\"a\":2}", "{\"b\":1,\"a\":2,\"b\":3}",
        "{\"a\" : 1 , \"b\" :2}", "{\"a\":1,}", "[1,]", "[,1]", "{,}",
        "{\"a\"}", "{\"a\":}", "{1:2}", "[1 2]", "[1]]", "[1] x",
        "[\"\"]", "[\"plain\"]", "[\"tab\\tnl\\nq\\\"bs\\\\sl\\/\"]",
        "[\"\\b\\f\\r\"]", "[\"\\u0041\\u00e9\\u20AC\"]",
        "[\"\\ud83d\\ude00\"]", "[\"\\ud83d\"]", "[\"\\ude00\"]",
        "[\"\\ud83dx\"]", "[\"\\ud83d\\u0041\"]", "[\"\\u0000\"]",
        "[\"\\u12\"]", "[\"\\u12g4\"]", "[\"\\x\"]", "[\"a\tb\"]",
        "[\"caf\xc3\xa9\"]", "[\"\xe2\x82\xac\xf0\x9f\x98\x80\"]",
        "[\"\xc3\"]", "[\"\xc0\x80\"]", "[\"\xe0\x80\x80\"]",
        "[\"\xed\xa0\x80\"]", "[\"\xf4\x90\x80\x80\"]", "[\"\xff\"]",
        "[\"\x80\"]", "{\"k\\u00e9y\":\"v\",\"k\\\"\":[\"\\n\"]}",
        "{\"\\u0041\":{\"\\u0042\":\"\\u0043\"}}",
        "\"top\"", "12", "-3.25", "true", "null",
        "{\"method\":\"transact\",\"params\":[\"Open_vSwitch\",{\"op\":"
        "\"insert\",\"table\":\"Bridge\",\"row\":{\"name\":\"br0\","
        "\"ports\":[\"set\",[[\"uuid\",\"01234567-89ab-cdef-0123-"
        "456789abcdef\"]]]}}],\"id\":17}",
    };

    for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
        check_same_as_jansson(texts[i], strlen(texts[i]));
    }
    check_same_as_jansson("[\"nul\0byte\"]", 12);

    /* Deep nesting. */
    char deep[401];
    memset(deep, '[', 200);
    memset(&deep[200], ']', 200);
    deep[400] = '\0';
    check_same_as_jansson(deep, 400);

    /* Long strings and numbers. */
    char *big = xmalloc(5000);
    big[0] = '[';
    big[1] = '"';
    memset(&big[2], 'x', 4000);
    memcpy(&big[4002], "\"]", 3);
    check_same_as_jansson(big, strlen(big));
    big[1] = '1';
    memset(&big[2], '0', 100);
    memcpy(&big[102], ".5]", 4);
    check_same_as_jansson(big, strlen(big));
    free(big);
}

OSW_TEST_MAIN()
