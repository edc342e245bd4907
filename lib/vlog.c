/* vlog: see include/osw/vlog.h.
 *
 * Output paths: the console is stderr, the file is an O_APPEND descriptor
 * and syslog goes through the C library's syslog().  Every line is
 * formatted completely first and then handed over in one write() (one
 * syslog() call), under a mutex per destination, so lines from different
 * threads never interleave.
 *
 * Level changes are plain stores to 'struct vlog_module' fields made by the
 * main thread; other threads may read a stale level for a moment, which is
 * harmless. */
#include <config.h>
#include "osw/vlog.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>
#include "osw/dirs.h"
#include "osw/dynamic-string.h"
#include "osw/timeval.h"
#include "osw/unixctl.h"

VLOG_DEFINE_THIS_MODULE(vlog);

static const char *const level_names[VLL_N_LEVELS] = {
    "OFF", "EMER", "ERR", "WARN", "INFO", "DBG"
};

/* EMER maps to LOG_ALERT rather than LOG_EMERG because syslog daemons
 * broadcast LOG_EMERG to every terminal, which is too loud for one
 * program's trouble. */
static const int syslog_priorities[VLL_N_LEVELS] = {
    LOG_DEBUG, LOG_ALERT, LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG
};

static const char *const destination_names[VLF_N_DESTINATIONS] = {
    "syslog", "console", "file"
};

#define DEFAULT_LINE_PATTERN "%D{%Y-%m-%dT%H:%M:%S.###Z}|%05N|%c|%p|%m"
#define DEFAULT_SYSLOG_PATTERN "%05N|%c|%p|%m"

static const char *const default_patterns[VLF_N_DESTINATIONS] = {
    DEFAULT_SYSLOG_PATTERN, DEFAULT_LINE_PATTERN, DEFAULT_LINE_PATTERN
};

/* Every registered module, newest first. */
static struct vlog_module *all_modules;

/* Line formats; NULL means the default.  Read by any logging thread. */
static pthread_rwlock_t pattern_rwlock = PTHREAD_RWLOCK_INITIALIZER;
static char *patterns[VLF_N_DESTINATIONS];

/* The log file.  'log_fd' is read without the lock only as a hint. */
static pthread_mutex_t log_file_mutex = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;
static char *log_file_name;     /* Absolute; NULL if not configured. */

static pthread_mutex_t console_mutex = PTHREAD_MUTEX_INITIALIZER;

/* Syslog is used only once vlog_init() ran, so that unit tests and
 * programs that never initialize logging do not write to the system log. */
static pthread_mutex_t syslog_mutex = PTHREAD_MUTEX_INITIALIZER;
static bool syslog_enabled;
static bool syslog_opened;
static int syslog_facility = LOG_DAEMON;

static unsigned int msg_num;            /* Sequence number, for %N. */
static long long int boot_msec = -1;    /* time_msec() at start, for %r. */

/* Returns the name of 'level' ("OFF", "EMER", ..., "DBG"). */
const char *
vlog_get_level_name(enum vlog_level level)
{
    return level < VLL_N_LEVELS ? level_names[level] : "???";
}

enum vlog_level
vlog_get_level_val(const char *s)
{
    for (int i = 0; i < VLL_N_LEVELS; i++) {
        if (!strcasecmp(s, level_names[i])) {
            return i;
        }
    }
    return VLL_N_LEVELS;
}

/* Returns the name of 'destination' ("syslog", "console", "file", or "ANY"
 * for VLF_ANY_DESTINATION). */
const char *
vlog_get_destination_name(enum vlog_destination destination)
{
    if (destination == VLF_ANY_DESTINATION) {
        return "ANY";
    }
    return (destination >= 0 && destination < VLF_N_DESTINATIONS
            ? destination_names[destination] : "???");
}

/* Returns the destination named 's' (case-insensitive), VLF_ANY_DESTINATION
 * for "any", or VLF_N_DESTINATIONS if there is none. */
enum vlog_destination
vlog_get_destination_val(const char *s)
{
    if (!strcasecmp(s, "any")) {
        return VLF_ANY_DESTINATION;
    }
    for (int i = 0; i < VLF_N_DESTINATIONS; i++) {
        if (!strcasecmp(s, destination_names[i])) {
            return i;
        }
    }
    return VLF_N_DESTINATIONS;
}

/* Modules and levels. */

static bool
destination_is_active(enum vlog_destination destination)
{
    switch (destination) {
    case VLF_SYSLOG:
        return syslog_enabled;
    case VLF_CONSOLE:
        return true;
    case VLF_FILE:
        return __atomic_load_n(&log_fd, __ATOMIC_RELAXED) >= 0;
    case VLF_N_DESTINATIONS:
    case VLF_ANY_DESTINATION:
    default:
        return false;
    }
}

/* Recomputes 'module''s min_level, counting only the destinations that can
 * take output right now, so that VLOG_DBG() costs one comparison when, say,
 * the file level is "dbg" but no log file is open. */
static void
update_min_level(struct vlog_module *module)
{
    enum vlog_level min_level = VLL_OFF;
    for (int d = 0; d < VLF_N_DESTINATIONS; d++) {
        if (destination_is_active(d) && module->levels[d] > min_level) {
            min_level = module->levels[d];
        }
    }
    module->min_level = min_level;
}

static void
update_all_min_levels(void)
{
    for (struct vlog_module *m = all_modules; m; m = m->next) {
        update_min_level(m);
    }
}

/* Adds 'module' to the list of modules (VLOG_DEFINE_THIS_MODULE calls this
 * from a constructor). */
void
vlog_insert_module(struct vlog_module *module)
{
    module->next = all_modules;
    all_modules = module;
    update_min_level(module);
}

/* Returns the module named 'name' (case-insensitive), or NULL. */
struct vlog_module *
vlog_module_from_name(const char *name)
{
    for (struct vlog_module *m = all_modules; m; m = m->next) {
        if (!strcasecmp(m->name, name)) {
            return m;
        }
    }
    return NULL;
}

static void
set_module_level(struct vlog_module *module,
                 enum vlog_destination destination, enum vlog_level level)
{
    if (destination == VLF_ANY_DESTINATION) {
        for (int d = 0; d < VLF_N_DESTINATIONS; d++) {
            module->levels[d] = level;
        }
    } else {
        module->levels[destination] = level;
    }
    update_min_level(module);
}

/* Sets the level of 'module' (NULL: every module) for 'destination'
 * (VLF_ANY_DESTINATION: every destination) to 'level'. */
void
vlog_set_levels(struct vlog_module *module, enum vlog_destination destination,
                enum vlog_level level)
{
    osw_assert(destination == VLF_ANY_DESTINATION
               || (destination >= 0 && destination < VLF_N_DESTINATIONS));
    osw_assert(level < VLL_N_LEVELS);

    for (struct vlog_module *m = all_modules; m; m = m->next) {
        /* Two source files may share a module name: treat them as one. */
        if (!module || !strcasecmp(m->name, module->name)) {
            set_module_level(m, destination, level);
        }
    }
}

/* Returns true if 'module' logs messages of 'level' anywhere. */
bool
vlog_is_enabled(const struct vlog_module *module, enum vlog_level level)
{
    return level != VLL_OFF && module->min_level >= level;
}

/* Sets the line format of 'destination' (VLF_ANY_DESTINATION: all) to
 * 'pattern' (NULL: the default). */
void
vlog_set_pattern(enum vlog_destination destination, const char *pattern)
{
    if (destination == VLF_ANY_DESTINATION) {
        for (int d = 0; d < VLF_N_DESTINATIONS; d++) {
            vlog_set_pattern(d, pattern);
        }
        return;
    }
    osw_assert(destination >= 0 && destination < VLF_N_DESTINATIONS);

    char *copy = pattern ? xstrdup(pattern) : NULL;
    pthread_rwlock_wrlock(&pattern_rwlock);
    char *old = patterns[destination];
    patterns[destination] = copy;
    pthread_rwlock_unlock(&pattern_rwlock);
    free(old);
}

/* Returns the line format of each destination, one line each, as
 * vlog/list-pattern prints it.  Caller frees. */
char *
vlog_get_patterns(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    ds_put_cstr(&s, "destination  pattern\n");
    ds_put_cstr(&s, "-----------  -------\n");
    pthread_rwlock_rdlock(&pattern_rwlock);
    for (int d = 0; d < VLF_N_DESTINATIONS; d++) {
        ds_put_format(&s, "%-11s  %s\n", destination_names[d],
                      patterns[d] ? patterns[d] : default_patterns[d]);
    }
    pthread_rwlock_unlock(&pattern_rwlock);
    return ds_steal_cstr(&s);
}

static int
compare_module_names(const void *a_, const void *b_)
{
    const struct vlog_module *const *a = a_;
    const struct vlog_module *const *b = b_;
    return strcasecmp((*a)->name, (*b)->name);
}

/* Returns a table of every module's levels, sorted by module name, in the
 * layout of Open vSwitch's "vlog/list" (scripts parse it).  Caller
 * frees. */
char *
vlog_get_levels(void)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    size_t n = 0;

    for (struct vlog_module *m = all_modules; m; m = m->next) {
        n++;
    }
    struct vlog_module **sorted = xcalloc(n, sizeof *sorted);
    n = 0;
    for (struct vlog_module *m = all_modules; m; m = m->next) {
        sorted[n++] = m;
    }
    qsort(sorted, n, sizeof *sorted, compare_module_names);

    ds_put_cstr(&s, "                 console    syslog    file\n");
    ds_put_cstr(&s, "                 -------    ------    ------\n");
    for (size_t i = 0; i < n; i++) {
        const struct vlog_module *m = sorted[i];
        if (i > 0 && !strcasecmp(m->name, sorted[i - 1]->name)) {
            continue;
        }
        ds_put_format(&s, "%-16s  %4s       %4s       %4s\n", m->name,
                      level_names[m->levels[VLF_CONSOLE]],
                      level_names[m->levels[VLF_SYSLOG]],
                      level_names[m->levels[VLF_FILE]]);
    }
    free(sorted);
    return ds_steal_cstr(&s);
}

/* Level specs. */

struct facility_name {
    const char *name;
    int value;
};

static const struct facility_name facilities[] = {
    {"kern", LOG_KERN}, {"user", LOG_USER}, {"mail", LOG_MAIL},
    {"daemon", LOG_DAEMON}, {"auth", LOG_AUTH}, {"syslog", LOG_SYSLOG},
    {"lpr", LOG_LPR}, {"news", LOG_NEWS}, {"uucp", LOG_UUCP},
    {"cron", LOG_CRON}, {"authpriv", LOG_AUTHPRIV}, {"ftp", LOG_FTP},
    {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},
    {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
    {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
};

static bool
facility_from_name(const char *name, int *facility)
{
    for (size_t i = 0; i < ARRAY_SIZE(facilities); i++) {
        if (!strcasecmp(name, facilities[i].name)) {
            *facility = facilities[i].value;
            return true;
        }
    }
    return false;
}

/* One parsed spec, ready to apply.  Parsing and applying are separate so
 * that vlog/set with several specs changes nothing if any is wrong. */
struct vlog_spec {
    enum { SPEC_LEVELS, SPEC_PATTERN, SPEC_FACILITY } type;
    struct vlog_module *module;             /* NULL: all modules. */
    enum vlog_destination destination;
    enum vlog_level level;
    char *pattern;                          /* SPEC_PATTERN only. */
    int facility;                           /* SPEC_FACILITY only. */
};

#define SPEC_DELIMITERS ": \t"

/* Splits the first word off '*sp' and returns it, or NULL if none is left.
 * Modifies the string. */
static char *
next_word(char **sp)
{
    char *s = *sp + strspn(*sp, SPEC_DELIMITERS);
    if (!*s) {
        *sp = s;
        return NULL;
    }
    size_t len = strcspn(s, SPEC_DELIMITERS);
    *sp = s[len] ? s + len + 1 : s + len;
    s[len] = '\0';
    return s;
}

static char *
parse_pattern_spec(char *rest, struct vlog_spec *spec)
{
    char *word = next_word(&rest);
    if (!word) {
        return xstrdup("missing destination after PATTERN");
    }
    spec->destination = vlog_get_destination_val(word);
    if (spec->destination == VLF_N_DESTINATIONS) {
        return xasprintf("unknown destination '%s'", word);
    }
    /* The pattern is everything after the destination's delimiter; it may
     * itself contain ':' and spaces. */
    if (!*rest) {
        return xstrdup("missing pattern after PATTERN:DESTINATION");
    }
    spec->type = SPEC_PATTERN;
    spec->pattern = xstrdup(rest);
    return NULL;
}

static char *
parse_facility_spec(char *rest, struct vlog_spec *spec)
{
    char *word = next_word(&rest);
    if (!word) {
        return xstrdup("missing facility after FACILITY");
    }
    if (!facility_from_name(word, &spec->facility)) {
        return xasprintf("unknown facility '%s'", word);
    }
    if (next_word(&rest)) {
        return xstrdup("too many words after FACILITY:NAME");
    }
    spec->type = SPEC_FACILITY;
    return NULL;
}

/* Explains why 'word' is neither a module, a destination nor a level,
 * guessing what the user meant from what the spec already has. */
static char *
unknown_word_error(const char *word, bool have_module, bool have_destination)
{
    if (!have_module) {
        return xasprintf("unknown module '%s'", word);
    } else if (have_destination) {
        return xasprintf("unknown level '%s'", word);
    } else {
        return xasprintf("unknown destination or level '%s'", word);
    }
}

static char *
parse_level_spec(char *s, struct vlog_spec *spec)
{
    bool have_module = false, have_destination = false, have_level = false;
    bool any_word = false;
    char *word;

    spec->type = SPEC_LEVELS;
    while ((word = next_word(&s)) != NULL) {
        enum vlog_destination destination;
        enum vlog_level level;

        any_word = true;
        if (!strcasecmp(word, "any")) {
            /* A wildcard for a module or a destination: the default. */
        } else if ((level = vlog_get_level_val(word)) != VLL_N_LEVELS) {
            if (have_level) {
                return xstrdup("cannot specify multiple levels");
            }
            have_level = true;
            spec->level = level;
        } else if ((destination = vlog_get_destination_val(word))
                   != VLF_N_DESTINATIONS) {
            if (have_destination) {
                return xstrdup("cannot specify multiple destinations");
            }
            have_destination = true;
            spec->destination = destination;
        } else {
            struct vlog_module *module = vlog_module_from_name(word);
            if (!module) {
                return unknown_word_error(word, have_module,
                                          have_destination);
            }
            if (have_module) {
                return xstrdup("cannot specify multiple modules");
            }
            have_module = true;
            spec->module = module;
        }
    }
    return any_word ? NULL : xstrdup("empty level spec");
}

/* Parses 'string' into 'spec'.  Returns NULL or an error message (caller
 * frees); on error 'spec' holds nothing to free. */
static char *
parse_spec(const char *string, struct vlog_spec *spec)
{
    char *copy = xstrdup(string);
    char *rest = copy;
    char *error;

    memset(spec, 0, sizeof *spec);
    spec->destination = VLF_ANY_DESTINATION;
    spec->level = VLL_DBG;

    char *first = rest + strspn(rest, SPEC_DELIMITERS);
    size_t first_len = strcspn(first, SPEC_DELIMITERS);
    if (first_len == 7 && !strncasecmp(first, "pattern", 7)) {
        rest = first + first_len + (first[first_len] != '\0');
        error = parse_pattern_spec(rest, spec);
    } else if (first_len == 8 && !strncasecmp(first, "facility", 8)) {
        rest = first + first_len + (first[first_len] != '\0');
        error = parse_facility_spec(rest, spec);
    } else {
        error = parse_level_spec(rest, spec);
    }
    free(copy);
    if (error) {
        free(spec->pattern);
        spec->pattern = NULL;
    }
    return error;
}

static void set_syslog_facility(int facility);

/* Applies 'spec' and frees what it holds. */
static void
apply_spec(struct vlog_spec *spec)
{
    switch (spec->type) {
    case SPEC_LEVELS:
        vlog_set_levels(spec->module, spec->destination, spec->level);
        break;
    case SPEC_PATTERN:
        vlog_set_pattern(spec->destination, spec->pattern);
        break;
    case SPEC_FACILITY:
        set_syslog_facility(spec->facility);
        break;
    }
    free(spec->pattern);
    spec->pattern = NULL;
}

/* Applies the level spec 'spec' (see the grammar in vlog.h).  Returns NULL,
 * or an error message that the caller frees and changes nothing. */
char *
vlog_set_levels_from_string(const char *spec)
{
    struct vlog_spec parsed;
    char *error = parse_spec(spec, &parsed);
    if (!error) {
        apply_spec(&parsed);
    }
    return error;
}

/* Applies 'spec' or exits with an error message. */
void
vlog_set_levels_from_string_assert(const char *spec)
{
    char *error = vlog_set_levels_from_string(spec);
    if (error) {
        osw_fatal(0, "%s", error);
    }
}

/* Handles "-v" ('arg' NULL or empty: console at "dbg" for every module) and
 * "-vSPEC"/"--verbose=SPEC". */
void
vlog_set_verbosity(const char *arg)
{
    if (arg && arg[0]) {
        vlog_set_levels_from_string_assert(arg);
    } else {
        vlog_set_levels(NULL, VLF_CONSOLE, VLL_DBG);
    }
}

/* Syslog. */

static void
set_syslog_facility(int facility)
{
    pthread_mutex_lock(&syslog_mutex);
    syslog_facility = facility;
    if (syslog_opened) {
        closelog();
        syslog_opened = false;
    }
    pthread_mutex_unlock(&syslog_mutex);
}

/* Sets the syslog facility to the one called 'name'.  Returns false if
 * there is no such facility. */
bool
vlog_set_syslog_facility(const char *name)
{
    int facility;
    if (!facility_from_name(name, &facility)) {
        return false;
    }
    set_syslog_facility(facility);
    return true;
}

static void
send_to_syslog(enum vlog_level level, const char *line)
{
    pthread_mutex_lock(&syslog_mutex);
    if (!syslog_opened) {
        openlog(program_name, LOG_PID | LOG_NDELAY, syslog_facility);
        syslog_opened = true;
    }
    syslog(syslog_facility | syslog_priorities[level], "%s", line);
    pthread_mutex_unlock(&syslog_mutex);
}

/* The log file. */

/* Logs to 'file_name' (NULL: LOGDIR/PROGRAM.log), replacing any log file
 * in use.  A relative name is made absolute now, so that the file can be
 * reopened after the daemon changes directory.  On failure keeps the old
 * log file and returns an errno value. */
int
vlog_set_log_file(const char *file_name)
{
    char *name;
    if (file_name) {
        name = abs_file_name(NULL, file_name);
        if (!name) {
            name = xstrdup(file_name);
        }
    } else {
        osw_mkdir_p(osw_logdir());
        name = xasprintf("%s/%s.log", osw_logdir(), program_name);
    }

    int fd = open(name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) {
        int error = errno;
        VLOG_WARN("failed to open %s for logging: %s",
                  name, osw_strerror(error));
        free(name);
        return error;
    }

    pthread_mutex_lock(&log_file_mutex);
    int old_fd = log_fd;
    char *old_name = log_file_name;
    __atomic_store_n(&log_fd, fd, __ATOMIC_RELAXED);
    log_file_name = name;
    pthread_mutex_unlock(&log_file_mutex);

    if (old_fd >= 0) {
        close(old_fd);
    }
    free(old_name);
    update_all_min_levels();

    VLOG_INFO("opened log file %s", name);
    return 0;
}

/* Like vlog_set_log_file(), but exits with a message on failure. */
void
vlog_set_log_file_or_die(const char *file_name)
{
    int error = vlog_set_log_file(file_name);
    if (error) {
        if (file_name) {
            osw_fatal(error, "could not open log file \"%s\"", file_name);
        } else {
            osw_fatal(error, "could not open log file \"%s/%s.log\"",
                      osw_logdir(), program_name);
        }
    }
}

/* Returns a copy of the log file's name, or NULL if no log file is
 * configured. */
static char *
get_log_file_name(void)
{
    pthread_mutex_lock(&log_file_mutex);
    char *name = log_file_name ? xstrdup(log_file_name) : NULL;
    pthread_mutex_unlock(&log_file_mutex);
    return name;
}

/* Reopens the log file at its configured name, so that after logrotate
 * moved it away new lines go to a fresh file.  Does nothing if the name
 * still refers to the open file, or if there is no log file.  Returns 0 or
 * an errno value. */
int
vlog_reopen_log_file(void)
{
    char *name = get_log_file_name();
    if (!name) {
        return 0;
    }

    struct stat open_st, name_st;
    pthread_mutex_lock(&log_file_mutex);
    bool same = (log_fd >= 0 && !fstat(log_fd, &open_st)
                 && !stat(name, &name_st)
                 && open_st.st_dev == name_st.st_dev
                 && open_st.st_ino == name_st.st_ino);
    pthread_mutex_unlock(&log_file_mutex);

    int error = same ? 0 : vlog_set_log_file(name);
    free(name);
    return error;
}

/* Closes the log file and forgets its name; file logging stops until
 * vlog_set_log_file() is called again. */
void
vlog_close_log_file(void)
{
    pthread_mutex_lock(&log_file_mutex);
    int fd = log_fd;
    __atomic_store_n(&log_fd, -1, __ATOMIC_RELAXED);
    free(log_file_name);
    log_file_name = NULL;
    pthread_mutex_unlock(&log_file_mutex);

    if (fd >= 0) {
        close(fd);
    }
    update_all_min_levels();
}

/* Formatting. */

/* Appends 'when_msec' (wall clock) formatted by strftime() 'format' to 's';
 * "###" right after a '.' becomes the milliseconds. */
static void
put_date(struct ds *s, const char *format, long long int when_msec, bool utc)
{
    time_t secs = when_msec / 1000;
    struct tm tm;
    char buf[128];

    if (!(utc ? gmtime_r(&secs, &tm) : localtime_r(&secs, &tm))) {
        memset(&tm, 0, sizeof tm);
    }
    size_t n = strftime(buf, sizeof buf, format, &tm);
    buf[n] = '\0';
    for (char *p = strstr(buf, ".###"); p; p = strstr(p + 4, ".###")) {
        char ms[16];
        snprintf(ms, sizeof ms, "%03d",
                 (int) ((when_msec % 1000 + 1000) % 1000));
        memcpy(p + 1, ms, 3);
    }
    ds_put_cstr(s, buf);
}

/* Appends the calling thread's name to 's': "main" for the main thread,
 * or with 'parens' nothing for the main thread and "(NAME)" for others. */
static void
put_thread_name(struct ds *s, bool parens)
{
    char name[32];
    bool is_main = getpid() == gettid();

    if (is_main) {
        if (!parens) {
            ds_put_cstr(s, "main");
        }
        return;
    }
    if (pthread_getname_np(pthread_self(), name, sizeof name) || !name[0]) {
        snprintf(name, sizeof name, "thread%ld", (long int) gettid());
    }
    ds_put_format(s, parens ? "(%s)" : "%s", name);
}

/* Pads the text appended to 's' since 'start' to 'width' characters. */
static void
justify(struct ds *s, size_t start, size_t width, bool left, bool zeros)
{
    size_t len = s->length - start;
    if (len >= width) {
        return;
    }
    size_t pad = width - len;
    if (left) {
        ds_put_char_multiple(s, ' ', pad);
    } else {
        ds_put_uninit(s, pad);
        memmove(s->string + start + pad, s->string + start, len);
        memset(s->string + start, zeros ? '0' : ' ', pad);
        s->string[s->length] = '\0';
    }
}

/* Parses "{...}" at '*pp' into 'buf', advancing '*pp'; leaves 'buf' as
 * 'dflt' if there are no braces. */
static void
parse_brace_arg(const char **pp, char *buf, size_t size, const char *dflt)
{
    const char *p = *pp;
    if (*p == '{') {
        size_t len = strcspn(p + 1, "}");
        if (len >= size) {
            len = size - 1;
        }
        memcpy(buf, p + 1, len);
        buf[len] = '\0';
        p += 1 + strcspn(p + 1, "}");
        if (*p == '}') {
            p++;
        }
        *pp = p;
    } else {
        snprintf(buf, size, "%s", dflt);
    }
}

struct log_context {
    const struct vlog_module *module;
    enum vlog_level level;
    const char *message;
    unsigned int msg_num;
    long long int wall_msec;
};

/* Appends the expansion of conversion 'c' (whose brace argument, if any,
 * starts at '*pp') to 's'. */
static void
put_conversion(struct ds *s, char c, const char **pp,
               const struct log_context *ctx)
{
    char arg[64];

    switch (c) {
    case 'A':
        ds_put_cstr(s, program_name);
        break;
    case 'c':
        ds_put_cstr(s, ctx->module->name);
        break;
    case 'd':
    case 'D':
        parse_brace_arg(pp, arg, sizeof arg, "%Y-%m-%d %H:%M:%S.###");
        put_date(s, arg, ctx->wall_msec, c == 'D');
        break;
    case 'E': {
        char host[256];
        if (gethostname(host, sizeof host)) {
            host[0] = '\0';
        }
        host[sizeof host - 1] = '\0';
        ds_put_cstr(s, host);
        break;
    }
    case 'm':
        ds_put_cstr(s, ctx->message);
        break;
    case 'N':
        ds_put_format(s, "%u", ctx->msg_num);
        break;
    case 'n':
        ds_put_char(s, '\n');
        break;
    case 'p':
        ds_put_cstr(s, level_names[ctx->level]);
        break;
    case 'P':
        ds_put_format(s, "%ld", (long int) getpid());
        break;
    case 'r':
        if (boot_msec < 0) {
            boot_msec = time_msec();
        }
        ds_put_format(s, "%lld", time_msec() - boot_msec);
        break;
    case 't':
    case 'T':
        put_thread_name(s, c == 'T');
        break;
    case '%':
        ds_put_char(s, '%');
        break;
    default:
        ds_put_char(s, '%');
        if (c) {
            ds_put_char(s, c);
        }
        break;
    }
}

/* Appends to 's' the line for 'ctx' according to 'pattern'.  Escapes:
 * %A program, %c module, %d{FMT}/%D{FMT} local/UTC date, %E host, %m
 * message, %N sequence number, %n newline, %p level, %P pid, %r msec since
 * start, %t/%T thread name, %% percent; each may carry a width with '-'
 * (left-justify) or '0' (zero-fill), as in "%05N". */
static void
format_line(struct ds *s, const char *pattern, const struct log_context *ctx)
{
    const char *p = pattern;

    while (*p) {
        if (*p != '%') {
            size_t len = strcspn(p, "%");
            ds_put_buffer(s, p, len);
            p += len;
            continue;
        }
        p++;

        bool left = false, zeros = false;
        for (;; p++) {
            if (*p == '-') {
                left = true;
            } else if (*p == '0') {
                zeros = true;
            } else {
                break;
            }
        }
        size_t width = 0;
        while (*p >= '0' && *p <= '9' && width < 1000) {
            width = width * 10 + (*p++ - '0');
        }

        char c = *p;
        if (c) {
            p++;
        }
        size_t start = s->length;
        put_conversion(s, c, &p, ctx);
        justify(s, start, width, left, zeros && !left);
    }
}

/* Logging. */

static void
write_line(pthread_mutex_t *mutex, int fd, const struct ds *line)
{
    pthread_mutex_lock(mutex);
    if (fd >= 0) {
        /* Nowhere to report a failure to log. */
        (void) write_fully(fd, line->string, line->length);
    }
    pthread_mutex_unlock(mutex);
}

static void
write_to_file(const struct ds *line)
{
    pthread_mutex_lock(&log_file_mutex);
    if (log_fd >= 0) {
        (void) write_fully(log_fd, line->string, line->length);
    }
    pthread_mutex_unlock(&log_file_mutex);
}

static void
emit(enum vlog_destination destination, const struct log_context *ctx,
     struct ds *line)
{
    ds_clear(line);
    pthread_rwlock_rdlock(&pattern_rwlock);
    const char *pattern = patterns[destination];
    format_line(line, pattern ? pattern : default_patterns[destination], ctx);
    pthread_rwlock_unlock(&pattern_rwlock);

    switch (destination) {
    case VLF_SYSLOG:
        send_to_syslog(ctx->level, ds_cstr(line));
        break;
    case VLF_CONSOLE:
        ds_put_char(line, '\n');
        write_line(&console_mutex, STDERR_FILENO, line);
        break;
    case VLF_FILE:
        ds_put_char(line, '\n');
        write_to_file(line);
        break;
    case VLF_N_DESTINATIONS:
    case VLF_ANY_DESTINATION:
    default:
        break;
    }
}

/* Logs 'format' with 'args' at 'level' for 'module' to every destination
 * whose level admits it. */
void
vlog_valist(const struct vlog_module *module, enum vlog_level level,
            const char *format, va_list args)
{
    if (level == VLL_OFF || level >= VLL_N_LEVELS) {
        return;
    }

    bool wanted[VLF_N_DESTINATIONS];
    bool any = false;
    for (int d = 0; d < VLF_N_DESTINATIONS; d++) {
        wanted[d] = destination_is_active(d) && module->levels[d] >= level;
        any = any || wanted[d];
    }
    if (!any) {
        return;
    }

    char *message = xvasprintf(format, args);
    struct log_context ctx = {
        .module = module,
        .level = level,
        .message = message,
        .msg_num = __atomic_add_fetch(&msg_num, 1, __ATOMIC_RELAXED),
        .wall_msec = time_wall_msec(),
    };
    struct ds line = DS_EMPTY_INITIALIZER;
    for (int d = 0; d < VLF_N_DESTINATIONS; d++) {
        if (wanted[d]) {
            emit(d, &ctx, &line);
        }
    }
    ds_destroy(&line);
    free(message);
}

/* Logs printf-style 'format' at 'level' for 'module'. */
void
vlog(const struct vlog_module *module, enum vlog_level level,
     const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vlog_valist(module, level, format, args);
    va_end(args);
}

/* Logs at EMER and makes sure the message reaches stderr. */
static void
vlog_emer_to_stderr(const struct vlog_module *module, const char *format,
                    va_list args)
{
    char *message = xvasprintf(format, args);
    vlog(module, VLL_EMER, "%s", message);
    if (module->levels[VLF_CONSOLE] < VLL_EMER) {
        fprintf(stderr, "%s: %s\n", program_name, message);
    }
    free(message);
}

/* Logs 'format' at EMER, also on stderr, and exits with status 1. */
void
vlog_fatal(const struct vlog_module *module, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vlog_emer_to_stderr(module, format, args);
    va_end(args);
    exit(EXIT_FAILURE);
}

/* Logs 'format' at EMER, also on stderr, and aborts. */
void
vlog_abort(const struct vlog_module *module, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vlog_emer_to_stderr(module, format, args);
    va_end(args);
    abort();
}

/* Rate limiting. */

/* A message costs this many tokens; 'tokens' counts thousandths so that
 * slow rates refill smoothly. */
#define VLOG_MSG_TOKENS 1000

static void
rl_lock(struct vlog_rate_limit *rl)
{
    while (__atomic_exchange_n(&rl->mutex, 1, __ATOMIC_ACQUIRE)) {
        sched_yield();
    }
}

static void
rl_unlock(struct vlog_rate_limit *rl)
{
    __atomic_store_n(&rl->mutex, 0, __ATOMIC_RELEASE);
}

static void
rl_refill(struct vlog_rate_limit *rl, long long int now)
{
    unsigned long long int max = (unsigned long long int) rl->burst
                                 * VLOG_MSG_TOKENS;
    if (now <= rl->last_fill) {
        return;
    }
    /* 'rate' messages a minute = rate * 1000 tokens per 60000 ms. */
    unsigned long long int add = ((unsigned long long int) (now
                                                            - rl->last_fill)
                                  * rl->rate / 60);
    if (add == 0) {
        /* Keep 'last_fill' so the fraction keeps accumulating. */
        return;
    }
    unsigned long long int tokens = rl->tokens + add;
    rl->tokens = tokens > max ? max : tokens;
    rl->last_fill = now;
}

/* Returns true if a message at 'level' for 'module' should be suppressed,
 * either because the level is disabled or because 'rl' is out of tokens
 * (then the message is counted).  When a message passes after some were
 * dropped, first logs how many. */
bool
vlog_should_drop(const struct vlog_module *module, enum vlog_level level,
                 struct vlog_rate_limit *rl)
{
    if (!vlog_is_enabled(module, level)) {
        return true;
    }

    long long int now = time_msec();
    rl_lock(rl);
    rl_refill(rl, now);
    if (rl->tokens < VLOG_MSG_TOKENS) {
        if (!rl->n_dropped) {
            rl->first_dropped = now;
        }
        rl->last_dropped = now;
        rl->n_dropped++;
        rl_unlock(rl);
        return true;
    }
    rl->tokens -= VLOG_MSG_TOKENS;

    unsigned int n_dropped = rl->n_dropped;
    long long int first_dropped = rl->first_dropped;
    long long int last_dropped = rl->last_dropped;
    rl->n_dropped = 0;
    rl_unlock(rl);

    if (n_dropped) {
        long long int span = (now - first_dropped) / 1000;
        vlog(module, level,
             "Dropped %u log messages in last %lld seconds (most recently, "
             "%lld seconds ago) due to excessive rate",
             n_dropped, MAX(span, 1), (now - last_dropped) / 1000);
    }
    return false;
}

/* Logs 'format' at 'level' for 'module' unless 'rl' says to drop it. */
void
vlog_rate_limit(const struct vlog_module *module, enum vlog_level level,
                struct vlog_rate_limit *rl, const char *format, ...)
{
    if (!vlog_should_drop(module, level, rl)) {
        va_list args;
        va_start(args, format);
        vlog_valist(module, level, format, args);
        va_end(args);
    }
}

/* Runtime control. */

static void
vlog_unixctl_set(struct unixctl_conn *conn, int argc, const char *argv[],
                 void *aux OSW_UNUSED)
{
    struct vlog_spec *specs = xcalloc(argc, sizeof *specs);
    int n = 0;

    for (int i = 1; i < argc; i++) {
        char *error = parse_spec(argv[i], &specs[n]);
        if (error) {
            for (int j = 0; j < n; j++) {
                free(specs[j].pattern);
            }
            free(specs);
            unixctl_command_reply_error(conn, error);
            free(error);
            return;
        }
        n++;
    }
    for (int i = 0; i < n; i++) {
        apply_spec(&specs[i]);
    }
    free(specs);
    unixctl_command_reply(conn, NULL);
}

static void
vlog_unixctl_list(struct unixctl_conn *conn, int argc OSW_UNUSED,
                  const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    char *table = vlog_get_levels();
    unixctl_command_reply(conn, table);
    free(table);
}

static void
vlog_unixctl_list_pattern(struct unixctl_conn *conn, int argc OSW_UNUSED,
                          const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    char *text = vlog_get_patterns();
    unixctl_command_reply(conn, text);
    free(text);
}

static void
vlog_unixctl_reopen(struct unixctl_conn *conn, int argc OSW_UNUSED,
                    const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    char *name = get_log_file_name();
    if (!name) {
        unixctl_command_reply_error(conn, "Logging to file not configured");
        return;
    }

    int error = vlog_reopen_log_file();
    if (error) {
        char *msg = xasprintf("could not reopen log file \"%s\": %s",
                              name, osw_strerror(error));
        unixctl_command_reply_error(conn, msg);
        free(msg);
    } else {
        unixctl_command_reply(conn, NULL);
    }
    free(name);
}

static void
vlog_unixctl_close(struct unixctl_conn *conn, int argc OSW_UNUSED,
                   const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    vlog_close_log_file();
    unixctl_command_reply(conn, NULL);
}

/* Registers the vlog/ unixctl commands and starts logging to syslog.
 * Calling it again does nothing. */
void
vlog_init(void)
{
    static bool inited;
    if (inited) {
        return;
    }
    inited = true;

    if (boot_msec < 0) {
        boot_msec = time_msec();
    }
    syslog_enabled = true;
    update_all_min_levels();

    unixctl_command_register(
        "vlog/set", "{spec | PATTERN:destination:pattern}",
        1, INT_MAX, vlog_unixctl_set, NULL);
    unixctl_command_register("vlog/list", "", 0, 0, vlog_unixctl_list, NULL);
    unixctl_command_register("vlog/list-pattern", "", 0, 0,
                             vlog_unixctl_list_pattern, NULL);
    unixctl_command_register("vlog/reopen", "", 0, 0,
                             vlog_unixctl_reopen, NULL);
    unixctl_command_register("vlog/close", "", 0, 0,
                             vlog_unixctl_close, NULL);
}

/* Prints the logging options for --help. */
void
vlog_usage(void)
{
    printf("\nLogging options:\n"
           "  -vSPEC, --verbose=SPEC   set logging levels (e.g. "
           "\"stream:file:dbg\")\n"
           "  -v, --verbose            log everything to the console\n"
           "  --log-file[=FILE]        log to FILE (default: %s/%s.log)\n"
           "  --syslog-facility=FACILITY  syslog facility (default: "
           "daemon)\n",
           osw_logdir(), program_name);
}
