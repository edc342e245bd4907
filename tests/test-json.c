/* test-json: see tests/test-json.h. */
#include <config.h>
#include "test-json.h"

json_t *
test_json_parse(const char *s)
{
    json_error_t error;
    json_t *json = json_loads(s, JSON_DECODE_ANY, &error);
    if (!json) {
        osw_test_fail(__FILE__, __LINE__, "bad test JSON %s: %s", s,
                      error.text);
    }
    return json;
}

char *
test_json_text(const json_t *json)
{
    return json_dumps(json, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

char *
test_json_canonical(const char *s)
{
    json_t *json = test_json_parse(s);
    char *text = test_json_text(json);
    json_decref(json);
    return text;
}
