/* test-json: JSON helpers for unit tests of JSON-speaking modules.
 *
 * Expectations are written as JSON text with any spacing and key order;
 * CHECK_JSON() compares a value with one after normalizing both (compact,
 * keys sorted).  A malformed expectation fails the test case.  Strings
 * returned are the caller's to free. */
#ifndef OSW_TEST_JSON_H
#define OSW_TEST_JSON_H 1

#include <jansson.h>
#include "testlib.h"

/* Parses 's' (any JSON value); fails the test case if it is malformed. */
json_t *test_json_parse(const char *s);
/* Returns 'json' as compact text with sorted keys. */
char *test_json_text(const json_t *json);
/* Returns 's' normalized like test_json_text(). */
char *test_json_canonical(const char *s);

#define CHECK_JSON(JSON, EXPECTED)                                      \
    do {                                                                \
        char *actual__ = test_json_text(JSON);                          \
        char *expected__ = test_json_canonical(EXPECTED);               \
        CHECK_STREQ(actual__, expected__);                              \
        free(actual__);                                                 \
        free(expected__);                                               \
    } while (0)

#endif /* test-json.h */
