#include <config.h>
#include "ofp-parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ofp-actions.h"
#include "ofp-match.h"
#include "ofproto.h"
#include "osw/dynamic-string.h"
#include "osw/match.h"
#include "osw/meta-flow.h"
#include "osw/ofpbuf.h"
#include "osw/packets.h"
#include "osw/util.h"

/* Reserved OpenFlow ports by name, as ovs-ofctl spells them. */
struct ofp_port_name {
    const char *name;
    uint16_t port;
};

static const struct ofp_port_name reserved_ports[] = {
    { "IN_PORT", OFPP_IN_PORT },
    { "TABLE", OFPP_TABLE },
    { "NORMAL", OFPP_NORMAL },
    { "FLOOD", OFPP_FLOOD },
    { "ALL", OFPP_ALL },
    { "CONTROLLER", OFPP_CONTROLLER },
    { "LOCAL", OFPP_LOCAL },
    { "ANY", OFPP_NONE },
    { "NONE", OFPP_NONE },
};

/* Parses 's' as an OpenFlow port: a number, a reserved name or a name
 * that 'port_by_name' resolves; see ofp-parse.h. */
bool
ofp_parse_port(const char *s, uint32_t (*port_by_name)(const char *, void *),
               void *aux, uint16_t *port)
{
    unsigned long long int n;

    if (!s || !*s) {
        return false;
    }
    if (str_to_ullong(s, 0, &n)) {
        if (n <= UINT16_MAX) {
            *port = n;
            return true;
        }
        /* OpenFlow 1.1+ reserved numbers. */
        if (n >= 0xfffffff8ULL && n <= 0xffffffffULL) {
            *port = OFPP_IN_PORT + (n - 0xfffffff8ULL);
            return true;
        }
        return false;
    }
    for (size_t i = 0; i < ARRAY_SIZE(reserved_ports); i++) {
        if (!strcasecmp(s, reserved_ports[i].name)) {
            *port = reserved_ports[i].port;
            return true;
        }
    }
    if (port_by_name) {
        uint32_t p = port_by_name(s, aux);
        if (p != OFPP_NONE && p <= UINT16_MAX) {
            *port = p;
            return true;
        }
    }
    return false;
}

/* Appends 'port' as ovs-ofctl prints it; see ofp-parse.h. */
void
ofp_format_port(uint16_t port,
                const char *(*port_name)(uint32_t port, void *aux),
                void *aux, struct ds *s)
{
    if (port >= OFPP_IN_PORT) {
        for (size_t i = 0; i < ARRAY_SIZE(reserved_ports); i++) {
            if (reserved_ports[i].port == port) {
                ds_put_cstr(s, reserved_ports[i].name);
                return;
            }
        }
    }
    if (port_name) {
        const char *name = port_name(port, aux);
        if (name) {
            ds_put_cstr(s, name);
            return;
        }
    }
    ds_put_format(s, "%"PRIu16, port);
}

/* Parses unsigned integer 'str' of at most 'max' into '*value'; see
 * ofp-parse.h. */
char *
ofp_parse_uint(const char *field, const char *str, uint64_t max,
               uint64_t *value)
{
    unsigned long long int n;

    if (!str || !*str || *str == '-' || !str_to_ullong(str, 0, &n)) {
        return xasprintf("%s: invalid value \"%s\"", field, str ? str : "");
    }
    if (n > max) {
        return xasprintf("%s: value %s is out of range (maximum %"PRIu64")",
                         field, str, max);
    }
    *value = n;
    return NULL;
}

/* Returns the length of the value at 's' up to one of 'delims' met
 * outside parentheses. */
static size_t
value_length(const char *s, const char *delims)
{
    int depth = 0;
    size_t n;

    for (n = 0; s[n]; n++) {
        if (s[n] == '(') {
            depth++;
        } else if (s[n] == ')' && depth > 0) {
            depth--;
        } else if (!depth && strchr(delims, s[n])) {
            break;
        }
    }
    return n;
}

/* Splits the next "KEY[=VALUE]" off '*stringp'; see ofp-parse.h. */
bool
ofp_parse_next_field(char **stringp, char **key, char **value)
{
    char *s = *stringp + strspn(*stringp, ", \t\r\n");
    if (!*s) {
        *stringp = s;
        *key = *value = NULL;
        return false;
    }

    size_t key_len = strcspn(s, ":=(, \t\r\n");
    char delim = s[key_len];
    *key = s;
    s[key_len] = '\0';
    s += key_len + (delim != '\0');

    const char *value_delims;
    if (delim == ':' || delim == '=') {
        value_delims = ", \t\r\n";
    } else if (delim == '(') {
        value_delims = ")";
    } else {
        *value = *key + key_len;
        *stringp = s;
        return true;
    }

    size_t len = value_length(s, value_delims);
    char end = s[len];
    *value = s;
    s[len] = '\0';
    s += len + (end != '\0');
    *stringp = s;
    return true;
}

/* Parses a 64-bit value (cookie) in decimal or hex. */
static char *
parse_be64ish(const char *field, const char *s, uint64_t *value)
{
    /* As strtoull() would (and ovs-ofctl accepts): "-1" is all-ones. */
    if (!strcmp(s, "-1")) {
        *value = UINT64_MAX;
        return NULL;
    }
    return ofp_parse_uint(field, s, UINT64_MAX, value);
}

static char *
parse_u16(const char *field, const char *s, uint16_t *value)
{
    uint64_t v;
    char *error = ofp_parse_uint(field, s, UINT16_MAX, &v);
    if (!error) {
        *value = v;
    }
    return error;
}

static char *
parse_u32(const char *field, const char *s, uint32_t *value)
{
    uint64_t v;
    char *error = ofp_parse_uint(field, s, UINT32_MAX, &v);
    if (!error) {
        *value = v;
    }
    return error;
}

/* Parses a group id: a number or "all"/"any" ('allow_special'). */
static char *
parse_group_id(const char *field, const char *s, bool allow_special,
               uint32_t *group_id)
{
    if (allow_special && !strcasecmp(s, "all")) {
        *group_id = OFPG_ALL;
        return NULL;
    } else if (allow_special && !strcasecmp(s, "any")) {
        *group_id = OFPG_ANY;
        return NULL;
    }
    return parse_u32(field, s, group_id);
}

/* Parses a table id: a number up to 254, or "all"/255 (when
 * 'allow_all'). */
static char *
parse_table_id(const char *s, bool allow_all, uint8_t *table_id)
{
    uint64_t v;

    if (allow_all && !strcasecmp(s, "all")) {
        *table_id = OFPTT_ALL;
        return NULL;
    }
    char *error = ofp_parse_uint("table", s, allow_all ? 255 : 254, &v);
    if (!error) {
        *table_id = v;
    }
    return error;
}

/* Cuts "actions=..." off 'string' (in place) and returns what follows the
 * '=', or NULL if there is none.  Sets '*bad' if "action" is present but
 * not followed by '='. */
static char *
extract_actions(char *string, bool *bad)
{
    *bad = false;
    for (char *p = strstr(string, "action"); p; p = strstr(p + 1, "action")) {
        /* Only as a whole key: at the start or after a delimiter. */
        if (p != string && !strchr(", \t\r\n", p[-1])) {
            continue;
        }
        char *q = p + strlen("action");
        if (*q == 's') {
            q++;
        }
        q += strspn(q, " \t");
        if (*q != '=' && *q != ':') {
            *bad = true;
            return NULL;
        }
        *p = '\0';
        return q + 1;
    }
    return NULL;
}

/* Narrows '*usable' to the protocols whose versions can encode 'ofpacts'
 * as parsed. */
static void
narrow_for_actions(const struct ofpact *ofpacts, size_t len,
                   enum ofputil_protocol *usable)
{
    if (!ofpacts_fit_version(ofpacts, len, OFP10_VERSION)) {
        *usable &= ~OFPUTIL_P_OF10_ANY;
    }
    if (!ofpacts_fit_version(ofpacts, len, OFP13_VERSION)) {
        *usable &= ~OFPUTIL_P_OF13_OXM;
    }
    if (!ofpacts_fit_version(ofpacts, len, OFP14_VERSION)) {
        *usable &= ~OFPUTIL_P_OF14_OXM;
    }
    if (!ofpacts_fit_version(ofpacts, len, OFP15_VERSION)) {
        *usable &= ~OFPUTIL_P_OF15_OXM;
    }
}

/* Narrows '*usable' for 'match': a match that OpenFlow 1.0's fixed match
 * cannot carry needs NXM or OXM. */
static void
narrow_for_match(const struct match *match, enum ofputil_protocol *usable)
{
    if (!ofputil_match_is_ofp10(match)) {
        *usable &= OFPUTIL_P_NXM_OXM_ANY;
    }
}

/* Flow keywords that dump-flows prints and that a flow read back from its
 * output may therefore carry: ignored, as ovs-ofctl ignores them. */
static bool
is_flow_stats_keyword(const char *name)
{
    static const char *const names[] = {
        "duration", "n_packets", "n_bytes", "idle_age", "hard_age",
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (!strcmp(name, names[i])) {
            return true;
        }
    }
    return false;
}

/* Reads a leading "add", "modify", "delete"... of an add-flows line. */
static int
take_command_word(char **stringp)
{
    static const struct {
        const char *name;
        int command;
    } words[] = {
        { "add", OFPFC_ADD },
        { "modify", OFPFC_MODIFY },
        { "mod", OFPFC_MODIFY },
        { "modify_strict", OFPFC_MODIFY_STRICT },
        { "delete", OFPFC_DELETE },
        { "del", OFPFC_DELETE },
        { "delete_strict", OFPFC_DELETE_STRICT },
    };
    char *s = *stringp + strspn(*stringp, " \t");
    size_t len = strcspn(s, ", \t=:(");

    if (s[len] == ' ' || s[len] == '\t' || s[len] == ',') {
        for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
            if (strlen(words[i].name) == len
                && !strncmp(s, words[i].name, len)) {
                *stringp = s + len + 1;
                return words[i].command;
            }
        }
    }
    return OFPFC_ADD;
}

static bool
is_delete(int command)
{
    return command == OFPFC_DELETE || command == OFPFC_DELETE_STRICT;
}

/* Handles "cookie=VALUE[/MASK]" for flow_mod 'command'. */
static char *
parse_flow_cookie(struct ofputil_flow_mod *fm, int command, char *value,
                  enum ofputil_protocol *usable)
{
    char *slash = strchr(value, '/');
    char *error;

    if (slash) {
        if (command == OFPFC_ADD) {
            return xstrdup("flow additions cannot use a cookie mask");
        }
        *slash = '\0';
        error = parse_be64ish("cookie", value, &fm->cookie);
        if (!error) {
            error = parse_be64ish("cookie mask", slash + 1,
                                  &fm->cookie_mask);
        }
        if (!error && fm->cookie_mask) {
            *usable &= OFPUTIL_P_NXM_OXM_ANY;
        }
        fm->cookie &= fm->cookie_mask;
        return error;
    }
    if (is_delete(command)) {
        return xstrdup("cannot set cookie");
    }
    error = parse_be64ish("cookie", value, &fm->new_cookie);
    if (!error && command != OFPFC_ADD) {
        fm->modify_cookie = true;
    }
    return error;
}

/* Handles one keyword of a flow_mod that is not part of the match.
 * Returns true if 'name' was such a keyword (with '*errorp' set on a bad
 * value). */
static bool
parse_flow_mod_keyword(struct ofputil_flow_mod *fm, int command,
                       const char *name, char *value,
                       uint32_t (*port_by_name)(const char *, void *),
                       void *aux, enum ofputil_protocol *usable,
                       char **errorp)
{
    static const struct {
        const char *name;
        uint32_t flag;
    } flags[] = {
        { "send_flow_rem", OFPUTIL_FF_SEND_FLOW_REM },
        { "check_overlap", OFPUTIL_FF_CHECK_OVERLAP },
        { "reset_counts", OFPUTIL_FF_RESET_COUNTS },
        { "no_packet_counts", OFPUTIL_FF_NO_PKT_COUNTS },
        { "no_byte_counts", OFPUTIL_FF_NO_BYT_COUNTS },
    };

    *errorp = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
        if (!strcmp(name, flags[i].name)) {
            fm->flags |= flags[i].flag;
            if (flags[i].flag & (OFPUTIL_FF_RESET_COUNTS
                                 | OFPUTIL_FF_NO_PKT_COUNTS
                                 | OFPUTIL_FF_NO_BYT_COUNTS)) {
                *usable &= OFPUTIL_P_OF13_UP;
            }
            return true;
        }
    }

    if (!strcmp(name, "priority")) {
        *errorp = parse_u16(name, value, &fm->priority);
    } else if (!strcmp(name, "table")) {
        *errorp = parse_table_id(value, !(command == OFPFC_ADD),
                                 &fm->table_id);
        if (!*errorp && fm->table_id != OFPTT_ALL) {
            *usable &= (OFPUTIL_P_OF10_STD_TID | OFPUTIL_P_OF10_NXM_TID
                        | OFPUTIL_P_OF13_UP);
        }
    } else if (!strcmp(name, "idle_timeout")) {
        *errorp = parse_u16(name, value, &fm->idle_timeout);
    } else if (!strcmp(name, "hard_timeout")) {
        *errorp = parse_u16(name, value, &fm->hard_timeout);
    } else if (!strcmp(name, "importance")) {
        *errorp = parse_u16(name, value, &fm->importance);
        if (!*errorp && fm->importance) {
            *usable &= OFPUTIL_P_OF14_OXM | OFPUTIL_P_OF15_OXM;
        }
    } else if (!strcmp(name, "cookie")) {
        *errorp = parse_flow_cookie(fm, command, value, usable);
    } else if (!strcmp(name, "out_port")) {
        if (!ofp_parse_port(value, port_by_name, aux, &fm->out_port)) {
            *errorp = xasprintf("%s is not a valid OpenFlow port", value);
        }
    } else if (!strcmp(name, "out_group")) {
        *errorp = parse_group_id(name, value, true, &fm->out_group);
        if (!*errorp && fm->out_group != OFPG_ANY) {
            *usable &= OFPUTIL_P_OF13_UP;
        }
    } else if (is_flow_stats_keyword(name)) {
        /* Ignored. */
    } else {
        return false;
    }
    return true;
}

static void
flow_mod_init(struct ofputil_flow_mod *fm, int command)
{
    memset(fm, 0, sizeof *fm);
    match_init_catchall(&fm->match);
    fm->priority = OFP_DEFAULT_PRIORITY;
    fm->command = command;
    fm->table_id = command == OFPFC_ADD ? 0 : OFPTT_ALL;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_NONE;
    fm->out_group = OFPG_ANY;
}

/* Turns an ofpacts_check() failure into a message. */
static char *
check_actions(const struct ofputil_flow_mod *fm)
{
    uint8_t table = fm->table_id == OFPTT_ALL ? 0 : fm->table_id;
    enum ofperr error = ofpacts_check(fm->ofpacts, fm->ofpacts_len,
                                      &fm->match, OFPP_MAX, table, 255);
    if (error) {
        return xasprintf("actions are inconsistent with the match or "
                         "table (%s)", ofperr_get_name(error));
    }
    return NULL;
}

static char *
parse_flow_mod__(struct ofputil_flow_mod *fm, char *string, int command,
                 uint32_t (*port_by_name)(const char *, void *), void *aux,
                 enum ofputil_protocol *usable)
{
    if (command == -2) {
        command = take_command_word(&string);
    }
    flow_mod_init(fm, command);

    bool bad;
    char *act_str = extract_actions(string, &bad);
    if (bad) {
        return xstrdup("\"actions\" must be followed by '='");
    }
    if (is_delete(command) && act_str) {
        return xstrdup("actions are not allowed when deleting flows");
    }
    if (!is_delete(command) && !act_str) {
        return xstrdup("must specify an action");
    }

    char *name, *value;
    while (ofp_parse_next_field(&string, &name, &value)) {
        char *error;
        if (parse_flow_mod_keyword(fm, command, name, value, port_by_name,
                                   aux, usable, &error)) {
            if (error) {
                return error;
            }
            continue;
        }
        if (!*value && mf_from_name(name)
            && strcmp(name, "ip") && strcmp(name, "ipv6")) {
            return xasprintf("field %s missing value", name);
        }
        error = match_parse_field(&fm->match, name, value, port_by_name,
                                  aux);
        if (error) {
            return error;
        }
    }
    char *error = match_check_prereqs(&fm->match);
    if (error) {
        return error;
    }
    narrow_for_match(&fm->match, usable);

    struct ofpbuf ofpacts;
    ofpbuf_init(&ofpacts, 64);
    if (act_str) {
        error = ofpacts_parse(act_str, &ofpacts, port_by_name, aux);
        if (error) {
            ofpbuf_uninit(&ofpacts);
            return error;
        }
    }
    fm->ofpacts_len = ofpacts.size;
    fm->ofpacts = ofpbuf_steal_data(&ofpacts);
    if (act_str) {
        error = check_actions(fm);
        if (error) {
            ofp_parse_flow_mod_uninit(fm);
            return error;
        }
        narrow_for_actions(fm->ofpacts, fm->ofpacts_len, usable);
    }
    if (fm->command == OFPFC_ADD && fm->table_id == OFPTT_ALL) {
        fm->table_id = 0;
    }
    return NULL;
}

/* Parses one flow in ovs-ofctl syntax into 'fm'; see ofp-parse.h. */
char *
parse_ofp_flow_mod_str(struct ofputil_flow_mod *fm, const char *string,
                       int command,
                       uint32_t (*port_by_name)(const char *, void *),
                       void *aux, enum ofputil_protocol *usable_protocols)
{
    char *copy = xstrdup(string);
    *usable_protocols = OFPUTIL_P_ANY;
    char *error = parse_flow_mod__(fm, copy, command, port_by_name, aux,
                                   usable_protocols);
    free(copy);
    if (error) {
        *usable_protocols = OFPUTIL_P_NONE;
        if (fm->ofpacts) {
            ofp_parse_flow_mod_uninit(fm);
        }
    } else if (!*usable_protocols) {
        ofp_parse_flow_mod_uninit(fm);
        return xstrdup("no single OpenFlow version can express this flow "
                       "(its match, flags and actions need different "
                       "versions)");
    }
    return error;
}

/* Frees what parse_ofp_flow_mod_str() allocated in 'fm'. */
void
ofp_parse_flow_mod_uninit(struct ofputil_flow_mod *fm)
{
    free(fm->ofpacts);
    fm->ofpacts = NULL;
    fm->ofpacts_len = 0;
}

/* Reads the next logical line of 'stream' into 'line' (cleared first):
 * comments stripped, '\'-continued lines joined.  Counts physical lines
 * in '*line_number'.  Returns false at end of file. */
static bool
read_flow_line(FILE *stream, struct ds *line, int *line_number)
{
    struct ds piece = DS_EMPTY_INITIALIZER;
    bool got = false;

    ds_clear(line);
    while (!ds_get_line(&piece, stream)) {
        (*line_number)++;
        got = true;
        char *s = ds_cstr(&piece);
        char *hash = strchr(s, '#');
        if (hash) {
            *hash = '\0';
            ds_truncate(&piece, hash - s);
        }
        if (ds_last(&piece) == '\\') {
            ds_truncate(&piece, piece.length - 1);
            ds_put_cstr(line, ds_cstr(&piece));
            ds_put_char(line, ' ');
            continue;
        }
        ds_put_cstr(line, ds_cstr(&piece));
        break;
    }
    ds_destroy(&piece);
    return got;
}

static bool
is_blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

static FILE *
open_input(const char *file_name, char **errorp)
{
    FILE *stream = !strcmp(file_name, "-") ? stdin : fopen(file_name, "r");
    *errorp = stream ? NULL : xasprintf("%s: open failed (%s)", file_name,
                                         osw_strerror(errno));
    return stream;
}

static void
close_input(FILE *stream)
{
    if (stream != stdin) {
        fclose(stream);
    }
}

/* Reads flows from 'file_name'; see ofp-parse.h. */
char *
parse_ofp_flow_mod_file(const char *file_name, int command,
                        uint32_t (*port_by_name)(const char *, void *),
                        void *aux, struct ofputil_flow_mod **fms,
                        size_t *n_fms, enum ofputil_protocol *usable)
{
    size_t allocated = 0;
    char *error;

    *fms = NULL;
    *n_fms = 0;
    *usable = OFPUTIL_P_ANY;

    FILE *stream = open_input(file_name, &error);
    if (!stream) {
        return error;
    }

    struct ds line = DS_EMPTY_INITIALIZER;
    int line_number = 0;
    error = NULL;
    while (read_flow_line(stream, &line, &line_number)) {
        if (is_blank(ds_cstr(&line))) {
            continue;
        }
        if (*n_fms >= allocated) {
            *fms = x2nrealloc(*fms, &allocated, sizeof **fms);
        }
        enum ofputil_protocol u;
        char *e = parse_ofp_flow_mod_str(&(*fms)[*n_fms], ds_cstr(&line),
                                         command, port_by_name, aux, &u);
        if (e) {
            error = xasprintf("%s:%d: %s", file_name, line_number, e);
            free(e);
            break;
        }
        *usable &= u;
        (*n_fms)++;
    }
    ds_destroy(&line);
    close_input(stream);

    if (!error && !*usable && *n_fms) {
        error = xasprintf("%s: no single OpenFlow version can express "
                          "every flow", file_name);
    }
    if (error) {
        ofp_parse_flow_mods_free(*fms, *n_fms);
        *fms = NULL;
        *n_fms = 0;
        *usable = OFPUTIL_P_NONE;
    }
    return error;
}

/* Frees 'n' flow_mods at 'fms' and the array. */
void
ofp_parse_flow_mods_free(struct ofputil_flow_mod *fms, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ofp_parse_flow_mod_uninit(&fms[i]);
    }
    free(fms);
}

/* Parses the FLOWS argument of dump-flows/dump-aggregate; see
 * ofp-parse.h. */
char *
parse_ofp_flow_stats_request_str(
    struct ofputil_flow_stats_request *fsr, bool aggregate,
    const char *string, uint32_t (*port_by_name)(const char *, void *),
    void *aux, enum ofputil_protocol *usable)
{
    struct ofputil_flow_mod fm;
    char *error;

    error = parse_ofp_flow_mod_str(&fm, string ? string : "", OFPFC_DELETE,
                                   port_by_name, aux, usable);
    if (error) {
        return error;
    }
    memset(fsr, 0, sizeof *fsr);
    fsr->aggregate = aggregate;
    fsr->match = fm.match;
    fsr->cookie = fm.cookie;
    fsr->cookie_mask = fm.cookie_mask;
    fsr->out_port = fm.out_port;
    fsr->out_group = fm.out_group;
    fsr->table_id = fm.table_id;
    ofp_parse_flow_mod_uninit(&fm);
    return NULL;
}

/* Groups. */

static char *
parse_group_type(const char *s, uint8_t *type)
{
    static const struct {
        const char *name;
        uint8_t type;
    } types[] = {
        { "all", OFPGT_ALL },
        { "select", OFPGT_SELECT },
        { "indirect", OFPGT_INDIRECT },
        { "ff", OFPGT_FF },
        { "fast_failover", OFPGT_FF },
    };
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        if (!strcmp(s, types[i].name)) {
            *type = types[i].type;
            return NULL;
        }
    }
    return xasprintf("invalid group type %s", s);
}

/* Parses one bucket 'text' (what follows "bucket=" up to the next
 * bucket) into a new bucket appended to 'buckets'.  Keywords weight,
 * watch_port, watch_group and bucket_id are the bucket's; every other
 * token, with or without a leading "actions=", is an action. */
static char *
parse_bucket(const char *text, uint8_t group_type,
             uint32_t (*port_by_name)(const char *, void *), void *aux,
             struct osw_list *buckets)
{
    char *copy = xstrdup(text);
    char *pos = copy;
    struct ds actions = DS_EMPTY_INITIALIZER;
    /* Only select groups weigh buckets; the others carry weight 0. */
    uint16_t weight = group_type == OFPGT_SELECT ? 1 : 0;
    uint16_t watch_port = OFPP_NONE;
    uint32_t watch_group = OFPG_ANY;
    uint32_t bucket_id = UINT32_MAX;
    char *error = NULL;
    char *key, *value;

    for (;;) {
        pos += strspn(pos, ", \t\r\n");
        size_t start = pos - copy;
        if (!ofp_parse_next_field(&pos, &key, &value)) {
            break;
        }
        size_t end = pos - copy;
        if (end > start && strchr(", \t\r\n", text[end - 1])) {
            end--;
        }

        if (!strcasecmp(key, "weight")) {
            error = parse_u16("weight", value, &weight);
            if (!error && group_type != OFPGT_SELECT) {
                error = xstrdup("Only select groups can have bucket "
                                "weights.");
            }
        } else if (!strcasecmp(key, "watch_port")) {
            if (!ofp_parse_port(value, port_by_name, aux, &watch_port)) {
                error = xasprintf("%s: invalid watch_port", value);
            }
        } else if (!strcasecmp(key, "watch_group")) {
            error = parse_group_id("watch_group", value, true, &watch_group);
        } else if (!strcasecmp(key, "bucket_id")) {
            error = parse_u32("bucket_id", value, &bucket_id);
        } else if (!strcasecmp(key, "actions") || !strcasecmp(key, "action")) {
            if (*value) {
                ds_put_format(&actions, "%s,", value);
            }
        } else {
            ds_put_buffer(&actions, text + start, end - start);
            ds_put_char(&actions, ',');
        }
        if (error) {
            break;
        }
    }

    if (!error) {
        struct ofpbuf ofpacts;
        ofpbuf_init(&ofpacts, 64);
        ds_chomp(&actions, ',');
        error = ofpacts_parse(ds_cstr(&actions), &ofpacts, port_by_name,
                              aux);
        if (!error) {
            struct ofputil_bucket *b = ofputil_bucket_create(ofpacts.data,
                                                             ofpacts.size);
            b->weight = weight;
            b->watch_port = watch_port;
            b->watch_group = watch_group;
            b->bucket_id = (bucket_id != UINT32_MAX ? bucket_id
                            : osw_list_size(buckets));
            osw_list_push_back(buckets, &b->list_node);
        }
        ofpbuf_uninit(&ofpacts);
    }
    ds_destroy(&actions);
    free(copy);
    return error;
}

/* Finds the next "bucket" keyword (followed by '=' or ':') in 's' at or
 * after 'from', returning a pointer to it or NULL. */
static char *
find_bucket(char *s)
{
    for (char *p = strstr(s, "bucket"); p; p = strstr(p + 1, "bucket")) {
        char *q = p + strlen("bucket");
        if ((*q == '=' || *q == ':')
            && (p == s || strchr(", \t\r\n", p[-1]))) {
            return p;
        }
    }
    return NULL;
}

static char *
parse_group_mod__(struct ofputil_group_mod *gm, int command, char *string,
                  uint32_t (*port_by_name)(const char *, void *), void *aux)
{
    bool have_id = false, have_type = false;
    char *buckets = find_bucket(string);
    char *error = NULL;

    if (buckets) {
        *buckets = '\0';
        buckets += strlen("bucket") + 1;
        if (command == OFPGC_DELETE) {
            return xstrdup("buckets are not allowed when deleting groups");
        }
    }

    char *name, *value;
    while (!error && ofp_parse_next_field(&string, &name, &value)) {
        if (!strcmp(name, "group_id")) {
            error = parse_group_id("group_id", value,
                                   command == OFPGC_DELETE, &gm->group_id);
            if (!error && command != OFPGC_DELETE
                && gm->group_id > OFPG_MAX) {
                error = xasprintf("invalid group_id %s", value);
            }
            have_id = true;
        } else if (!strcmp(name, "type")) {
            if (command == OFPGC_DELETE) {
                error = xstrdup("type is not needed when deleting groups");
            } else {
                error = parse_group_type(value, &gm->type);
                have_type = true;
            }
        } else {
            error = xasprintf("unknown keyword %s", name);
        }
    }
    if (error) {
        return error;
    }
    if (command == OFPGC_DELETE) {
        if (!have_id) {
            gm->group_id = OFPG_ALL;
        }
        return NULL;
    }
    if (!have_id) {
        return xstrdup("must specify a group_id");
    }
    if (!have_type) {
        return xstrdup("must specify a type");
    }

    while (buckets) {
        char *next = find_bucket(buckets);
        if (next) {
            *next = '\0';
            next += strlen("bucket") + 1;
        }
        error = parse_bucket(buckets, gm->type, port_by_name, aux,
                             &gm->buckets);
        if (error) {
            return error;
        }
        buckets = next;
    }
    if (gm->type == OFPGT_INDIRECT && osw_list_size(&gm->buckets) != 1) {
        return xstrdup("indirect groups must have exactly one bucket");
    }
    return NULL;
}

/* Parses a group in ovs-ofctl syntax into 'gm'; see ofp-parse.h. */
char *
parse_ofp_group_mod_str(struct ofputil_group_mod *gm, int command,
                        const char *string,
                        uint32_t (*port_by_name)(const char *, void *),
                        void *aux, enum ofputil_protocol *usable_protocols)
{
    memset(gm, 0, sizeof *gm);
    gm->command = command;
    gm->group_id = OFPG_ANY;
    osw_list_init(&gm->buckets);
    *usable_protocols = OFPUTIL_P_OF13_OXM | OFPUTIL_P_OF14_OXM;

    char *copy = xstrdup(string ? string : "");
    char *error = parse_group_mod__(gm, command, copy, port_by_name, aux);
    free(copy);
    if (error) {
        ofp_parse_group_mod_uninit(gm);
        *usable_protocols = OFPUTIL_P_NONE;
    }
    return error;
}

/* Frees the buckets of 'gm'. */
void
ofp_parse_group_mod_uninit(struct ofputil_group_mod *gm)
{
    ofputil_bucket_list_destroy(&gm->buckets);
    osw_list_init(&gm->buckets);
}

/* Reads groups from 'file_name', one per line; see ofp-parse.h. */
char *
parse_ofp_group_mod_file(const char *file_name, int command,
                         uint32_t (*port_by_name)(const char *, void *),
                         void *aux, struct ofputil_group_mod **gms,
                         size_t *n_gms, enum ofputil_protocol *usable)
{
    size_t allocated = 0;
    char *error;

    *gms = NULL;
    *n_gms = 0;
    *usable = OFPUTIL_P_OF13_OXM | OFPUTIL_P_OF14_OXM;

    FILE *stream = open_input(file_name, &error);
    if (!stream) {
        return error;
    }
    struct ds line = DS_EMPTY_INITIALIZER;
    int line_number = 0;
    while (read_flow_line(stream, &line, &line_number)) {
        if (is_blank(ds_cstr(&line))) {
            continue;
        }
        if (*n_gms >= allocated) {
            *gms = x2nrealloc(*gms, &allocated, sizeof **gms);
        }
        enum ofputil_protocol u;
        char *e = parse_ofp_group_mod_str(&(*gms)[*n_gms], command,
                                          ds_cstr(&line), port_by_name, aux,
                                          &u);
        if (e) {
            error = xasprintf("%s:%d: %s", file_name, line_number, e);
            free(e);
            break;
        }
        *usable &= u;
        (*n_gms)++;
    }
    ds_destroy(&line);
    close_input(stream);
    if (error) {
        ofp_parse_group_mods_free(*gms, *n_gms);
        *gms = NULL;
        *n_gms = 0;
    }
    return error;
}

/* Frees 'n' group_mods at 'gms' and the array. */
void
ofp_parse_group_mods_free(struct ofputil_group_mod *gms, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ofp_parse_group_mod_uninit(&gms[i]);
    }
    free(gms);
}

/* Meters. */

static char *
parse_meter_id(const char *s, uint32_t *meter_id)
{
    if (!strcasecmp(s, "all")) {
        *meter_id = OFPM_ALL;
    } else if (!strcasecmp(s, "controller")) {
        *meter_id = OFPM_CONTROLLER;
    } else if (!strcasecmp(s, "slowpath")) {
        *meter_id = OFPM_SLOWPATH;
    } else {
        char *error = parse_u32("meter", s, meter_id);
        if (error) {
            return error;
        }
        if (*meter_id == 0 || *meter_id > OFPM_MAX) {
            return xasprintf("invalid meter id %s", s);
        }
    }
    return NULL;
}

/* Parses the bands part ("type=drop,rate=N,burst_size=N,type=...") into
 * 'bands' (an array of struct ofputil_meter_band). */
static char *
parse_meter_bands(char *s, struct ofpbuf *bands)
{
    struct ofputil_meter_band *band = NULL;
    char *name, *value;

    while (ofp_parse_next_field(&s, &name, &value)) {
        char *error = NULL;
        if (!strcmp(name, "type")) {
            band = ofpbuf_put_zeros(bands, sizeof *band);
            if (!strcmp(value, "drop")) {
                band->type = OFPMBT_DROP;
            } else if (!strcmp(value, "dscp_remark")) {
                band->type = OFPMBT_DSCP_REMARK;
            } else {
                return xasprintf("field %s unknown meter band type %s",
                                 name, value);
            }
            continue;
        }
        if (!band) {
            return xasprintf("band field %s before any band type", name);
        }
        if (!strcmp(name, "rate")) {
            error = parse_u32(name, value, &band->rate);
        } else if (!strcmp(name, "burst_size")) {
            error = parse_u32(name, value, &band->burst_size);
        } else if (!strcmp(name, "prec_level")) {
            uint64_t v;
            error = ofp_parse_uint(name, value, UINT8_MAX, &v);
            band->prec_level = v;
            if (!error && band->type != OFPMBT_DSCP_REMARK) {
                error = xstrdup("prec_level is only valid for "
                                "dscp_remark bands");
            }
        } else {
            error = xasprintf("unknown meter band field %s", name);
        }
        if (error) {
            return error;
        }
    }
    return NULL;
}

static char *
parse_meter_mod__(struct ofputil_meter_mod *mm, char *string, int command,
                  struct ofpbuf *bands)
{
    bool have_id = false;
    char *error = NULL;
    /* ovs-ofctl(8) documents "bands=" but its parser, and so scripts,
     * accept "band=" as well. */
    char *bands_str = strstr(string, "band");

    if (bands_str) {
        char *q = bands_str + strlen("band");
        if (*q == 's') {
            q++;
        }
        if (*q != '=' && *q != ':') {
            return xstrdup("\"bands\" must be followed by '='");
        }
        *bands_str = '\0';
        bands_str = q + 1;
        if (command != OFPMC_ADD && command != OFPMC_MODIFY) {
            return xstrdup("bands are only allowed when adding or "
                           "modifying meters");
        }
    }

    char *name, *value;
    while (!error && ofp_parse_next_field(&string, &name, &value)) {
        if (!strcmp(name, "meter")) {
            error = parse_meter_id(value, &mm->meter.meter_id);
            have_id = true;
        } else if (!strcmp(name, "kbps")) {
            mm->meter.flags |= OFPMF_KBPS;
        } else if (!strcmp(name, "pktps")) {
            mm->meter.flags |= OFPMF_PKTPS;
        } else if (!strcmp(name, "burst")) {
            mm->meter.flags |= OFPMF_BURST;
        } else if (!strcmp(name, "stats")) {
            mm->meter.flags |= OFPMF_STATS;
        } else {
            error = xasprintf("unknown keyword %s", name);
        }
        if (!error && command != OFPMC_ADD && command != OFPMC_MODIFY
            && strcmp(name, "meter")) {
            error = xasprintf("%s is only allowed when adding or modifying "
                              "meters", name);
        }
    }
    if (error) {
        return error;
    }
    if ((command == OFPMC_ADD || command == OFPMC_MODIFY)) {
        if (!have_id) {
            return xstrdup("must specify a meter id");
        }
        if (mm->meter.meter_id == OFPM_ALL) {
            return xstrdup("meter=all is not valid here");
        }
        uint16_t flags = mm->meter.flags;
        if ((flags & OFPMF_KBPS) && (flags & OFPMF_PKTPS)) {
            return xstrdup("kbps and pktps are mutually exclusive");
        }
    } else if (!have_id) {
        mm->meter.meter_id = OFPM_ALL;
    }
    if (bands_str) {
        error = parse_meter_bands(bands_str, bands);
        if (error) {
            return error;
        }
        if (bands->size / sizeof(struct ofputil_meter_band) > UINT16_MAX) {
            return xstrdup("too many meter bands");
        }
    }
    return NULL;
}

/* Parses a meter in ovs-ofctl syntax into 'mm'; see ofp-parse.h. */
char *
parse_ofp_meter_mod_str(struct ofputil_meter_mod *mm, const char *string,
                        int command, enum ofputil_protocol *usable_protocols)
{
    struct ofpbuf bands;

    memset(mm, 0, sizeof *mm);
    mm->command = command < 0 ? OFPMC_ADD : command;
    *usable_protocols = OFPUTIL_P_OF13_UP;

    ofpbuf_init(&bands, 0);
    char *copy = xstrdup(string ? string : "");
    char *error = parse_meter_mod__(mm, copy, command, &bands);
    free(copy);
    if (error) {
        ofpbuf_uninit(&bands);
        *usable_protocols = OFPUTIL_P_NONE;
        mm->meter.bands = NULL;
        mm->meter.n_bands = 0;
        return error;
    }
    mm->meter.n_bands = bands.size / sizeof(struct ofputil_meter_band);
    mm->meter.bands = ofpbuf_steal_data(&bands);
    return NULL;
}

/* Frees the bands of 'mm'. */
void
ofp_parse_meter_mod_uninit(struct ofputil_meter_mod *mm)
{
    free(mm->meter.bands);
    mm->meter.bands = NULL;
    mm->meter.n_bands = 0;
}

/* Packet-out. */

static char *
parse_packet_out__(struct ofputil_packet_out *po, char *string,
                   uint32_t (*port_by_name)(const char *, void *), void *aux,
                   struct ofpbuf *packet, struct ofpbuf *ofpacts)
{
    bool bad;
    char *act_str = extract_actions(string, &bad);
    char *name, *value;

    if (bad) {
        return xstrdup("\"actions\" must be followed by '='");
    }
    if (!act_str) {
        return xstrdup("must specify actions");
    }
    while (ofp_parse_next_field(&string, &name, &value)) {
        if (!strcmp(name, "in_port")) {
            if (!ofp_parse_port(value, port_by_name, aux, &po->in_port)) {
                return xasprintf("%s is not a valid OpenFlow port", value);
            }
        } else if (!strcmp(name, "packet")) {
            size_t n;
            ofpbuf_clear(packet);
            char *tail = ofpbuf_put_hex(packet, value, &n);
            if (*tail || !n) {
                return xasprintf("packet: \"%s\" is not a hex string",
                                 value);
            }
        } else {
            return xasprintf("unknown keyword %s", name);
        }
    }
    if (!packet->size) {
        return xstrdup("must specify packet");
    }
    return ofpacts_parse(act_str, ofpacts, port_by_name, aux);
}

/* Parses "in_port=P,packet=HEX,actions=ACTIONS"; see ofp-parse.h. */
char *
parse_ofp_packet_out_str(struct ofputil_packet_out *po, const char *string,
                         uint32_t (*port_by_name)(const char *, void *),
                         void *aux, enum ofputil_protocol *usable_protocols)
{
    struct ofpbuf packet, ofpacts;

    memset(po, 0, sizeof *po);
    po->buffer_id = OFP_NO_BUFFER;
    po->in_port = OFPP_NONE;
    *usable_protocols = OFPUTIL_P_ANY;

    ofpbuf_init(&packet, 64);
    ofpbuf_init(&ofpacts, 64);
    char *copy = xstrdup(string ? string : "");
    char *error = parse_packet_out__(po, copy, port_by_name, aux, &packet,
                                     &ofpacts);
    free(copy);
    if (error) {
        ofpbuf_uninit(&packet);
        ofpbuf_uninit(&ofpacts);
        *usable_protocols = OFPUTIL_P_NONE;
        return error;
    }
    narrow_for_actions(ofpacts.data, ofpacts.size, usable_protocols);
    po->packet_len = packet.size;
    po->packet = ofpbuf_steal_data(&packet);
    po->ofpacts_len = ofpacts.size;
    po->ofpacts = ofpbuf_steal_data(&ofpacts);
    return NULL;
}

/* Frees the packet and actions of 'po'. */
void
ofp_parse_packet_out_uninit(struct ofputil_packet_out *po)
{
    free(CONST_CAST(void *, po->packet));
    free(po->ofpacts);
    po->packet = NULL;
    po->ofpacts = NULL;
    po->packet_len = po->ofpacts_len = 0;
}
