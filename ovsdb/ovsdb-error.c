/* ovsdb-error: the error object of the OVSDB engine. */
#include <config.h>
#include "ovsdb-error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "osw/dynamic-string.h"
#include "ovsdb-parser.h"

static struct ovsdb_error *
error_create(const char *tag, char *details)
{
    struct ovsdb_error *error = xzalloc(sizeof *error);
    error->tag = xstrdup(tag ? tag : OVSDB_ERR_GENERIC);
    error->details = details;
    return error;
}

/* Returns a new error with 'tag' (OVSDB_ERR_GENERIC if NULL) and details
 * formatted from 'details' and 'args' (none if 'details' is NULL). */
struct ovsdb_error *
ovsdb_error_valist(const char *tag, const char *details, va_list args)
{
    return error_create(tag, details ? xvasprintf(details, args) : NULL);
}

/* Returns a new error with 'tag' (OVSDB_ERR_GENERIC if NULL) and details
 * formatted from 'details' (none if 'details' is NULL). */
struct ovsdb_error *
ovsdb_error(const char *tag, const char *details, ...)
{
    struct ovsdb_error *error;
    va_list args;

    va_start(args, details);
    error = ovsdb_error_valist(tag, details, args);
    va_end(args);
    return error;
}

/* Returns a new syntax error ('tag', or "syntax error" if 'tag' is NULL)
 * that records the text of 'json', if nonnull. */
struct ovsdb_error *
ovsdb_syntax_error(const json_t *json, const char *tag,
                   const char *details, ...)
{
    struct ovsdb_error *error;
    va_list args;

    va_start(args, details);
    error = ovsdb_error_valist(tag ? tag : OVSDB_ERR_SYNTAX, details, args);
    va_end(args);

    if (json) {
        error->syntax = ovsdb_json_to_text(json, OVSDB_ERROR_SYNTAX_MAX);
    }
    return error;
}

/* Returns a new "I/O error" about the positive errno value 'error'. */
struct ovsdb_error *
ovsdb_io_error(int errno_, const char *details, ...)
{
    struct ovsdb_error *error;
    va_list args;

    va_start(args, details);
    error = ovsdb_error_valist(OVSDB_ERR_IO, details, args);
    va_end(args);

    error->errno_ = errno_;
    return error;
}

/* Returns a new "permission error". */
struct ovsdb_error *
ovsdb_perm_error(const char *details, ...)
{
    struct ovsdb_error *error;
    va_list args;

    va_start(args, details);
    error = ovsdb_error_valist(OVSDB_ERR_PERMISSION, details, args);
    va_end(args);
    return error;
}

/* Returns a new "internal error" for a bug found at 'file':'line'; if
 * 'inner' is nonnull, its text is added to the details and it is freed. */
struct ovsdb_error *
ovsdb_internal_error(struct ovsdb_error *inner, const char *file, int line,
                     const char *details, ...)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    va_list args;

    ds_put_format(&ds, "%s:%d:", file, line);
    if (details) {
        ds_put_char(&ds, ' ');
        va_start(args, details);
        ds_put_format_valist(&ds, details, args);
        va_end(args);
    }
    if (inner) {
        char *s = ovsdb_error_to_string_free(inner);
        ds_put_format(&ds, " (%s)", s);
        free(s);
    }
    ds_put_format(&ds, " (%s)", osw_get_version());

    return error_create(OVSDB_ERR_INTERNAL, ds_steal_cstr(&ds));
}

/* Prefixes the details of 'error' with the text formatted from 'details'
 * and returns 'error'. */
struct ovsdb_error *
ovsdb_wrap_error(struct ovsdb_error *error, const char *details, ...)
{
    va_list args;
    char *context;

    va_start(args, details);
    context = xvasprintf(details, args);
    va_end(args);

    if (error->details) {
        char *new = xasprintf("%s: %s", context, error->details);
        free(context);
        free(error->details);
        error->details = new;
    } else {
        error->details = context;
    }
    return error;
}

/* Frees 'error' and its strings.  Accepts NULL. */
void
ovsdb_error_destroy(struct ovsdb_error *error)
{
    if (error) {
        free(error->tag);
        free(error->details);
        free(error->syntax);
        free(error);
    }
}

/* Returns a deep copy of 'old', or NULL if 'old' is NULL. */
struct ovsdb_error *
ovsdb_error_clone(const struct ovsdb_error *old)
{
    if (!old) {
        return NULL;
    }

    struct ovsdb_error *new = xzalloc(sizeof *new);
    new->tag = xstrdup(old->tag);
    new->details = old->details ? xstrdup(old->details) : NULL;
    new->syntax = old->syntax ? xstrdup(old->syntax) : NULL;
    new->errno_ = old->errno_;
    return new;
}

/* Returns the RFC 7047 "error" string of 'error'. */
const char *
ovsdb_error_get_tag(const struct ovsdb_error *error)
{
    return error->tag;
}

/* Returns a new JSON error object describing 'error'. */
json_t *
ovsdb_error_to_json(const struct ovsdb_error *error)
{
    json_t *json = json_object();

    json_object_set_new(json, "error", ovsdb_json_string(error->tag));
    if (error->details) {
        json_object_set_new(json, "details",
                            ovsdb_json_string(error->details));
    }
    if (error->syntax) {
        json_object_set_new(json, "syntax", ovsdb_json_string(error->syntax));
    }
    if (error->errno_) {
        json_object_set_new(json, "io-error",
                            ovsdb_json_string(
                                osw_retval_to_string(error->errno_)));
    }
    return json;
}

/* Returns a new JSON error object describing 'error', and frees 'error'. */
json_t *
ovsdb_error_to_json_free(struct ovsdb_error *error)
{
    json_t *json = ovsdb_error_to_json(error);
    ovsdb_error_destroy(error);
    return json;
}

/* Returns 'error' as one line of text, which the caller frees. */
char *
ovsdb_error_to_string(const struct ovsdb_error *error)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    if (error->syntax) {
        ds_put_format(&ds, "syntax \"%s\": ", error->syntax);
    }
    ds_put_cstr(&ds, error->tag);
    if (error->details) {
        ds_put_format(&ds, ": %s", error->details);
    }
    if (error->errno_) {
        ds_put_format(&ds, " (%s)", osw_retval_to_string(error->errno_));
    }
    return ds_steal_cstr(&ds);
}

/* Returns 'error' as one line of text, which the caller frees, and frees
 * 'error'. */
char *
ovsdb_error_to_string_free(struct ovsdb_error *error)
{
    char *s = ovsdb_error_to_string(error);
    ovsdb_error_destroy(error);
    return s;
}

/* Aborts with a message if 'error' is nonnull. */
void
ovsdb_error_assert(struct ovsdb_error *error)
{
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        fprintf(stderr, "%s: unexpected ovsdb error: %s\n",
                program_name ? program_name : "ovsdb", s);
        free(s);
        abort();
    }
}
