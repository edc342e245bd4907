/* vlog: logging with modules, levels, destinations and rate limits.
 *
 * Every source file that logs names its module once:
 *
 *     VLOG_DEFINE_THIS_MODULE(stream_ssl);
 *
 * and then logs with VLOG_ERR(...), VLOG_WARN(...), VLOG_INFO(...),
 * VLOG_DBG(...) (printf-style) or VLOG_EMER(...).  Each module has a level
 * per destination (console = stderr, syslog, file); a message goes to each
 * destination whose level admits it.  Defaults: console WARN, syslog ERR,
 * file INFO.  The file destination is used only while a log file is open
 * (--log-file), syslog only once vlog_init() ran.
 *
 * Anything a peer or a packet can trigger must be rate-limited:
 *
 *     static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);
 *     VLOG_WARN_RL(&rl, "%s: bad message", name);
 *
 * allows 'RATE' messages a minute with bursts of 'BURST'; suppressed
 * messages are counted and reported when logging resumes, as
 * "Dropped N log messages in last S seconds (most recently, T seconds ago)
 * due to excessive rate".
 *
 * Runtime control over unixctl (vlog_init() registers them):
 *   vlog/set SPEC...    each SPEC as for vlog_set_levels_from_string();
 *                       if any SPEC is bad, nothing changes
 *   vlog/list           the table of modules and levels (vlog_get_levels())
 *   vlog/list-pattern   the line format of each destination
 *   vlog/reopen         reopen the log file (after logrotate moved it)
 *   vlog/close          close the log file
 *
 * Level specs ("-v" and vlog/set): a list of words separated by ':' or
 * spaces, each a module name or "ANY", a destination ("console", "syslog",
 * "file") or "ANY", or a level ("off", "emer", "err", "warn", "info",
 * "dbg"); "PATTERN:DESTINATION:pattern" sets the line format (the pattern
 * is the rest of the spec, colons and spaces included) and
 * "FACILITY:NAME" the syslog facility.  Omitted parts mean all modules /
 * all destinations / level "dbg".  E.g. "-vstream:file:dbg",
 * "-vconsole:off", "-vANY:dbg".  Errors name the offending word:
 * "unknown module 'foo'", "unknown level 'x'", "cannot specify multiple
 * modules"...
 *
 * Line format for file and console (default pattern
 * "%D{%Y-%m-%dT%H:%M:%S.###Z}|%05N|%c|%p|%m"):
 *   2026-11-21T23:59:59.123Z|00042|module|WARN|message
 * Syslog adds its own date, so its default pattern is "%05N|%c|%p|%m".
 * Pattern escapes: %A program name, %c module, %d{FMT} local date and
 * %D{FMT} UTC date (strftime FMT, ".###" for milliseconds), %E host name,
 * %m message, %N sequence number, %n newline, %p level, %P pid, %r msec
 * since start, %t thread name, %T "(thread name)" except in the main
 * thread, %% percent.  A width may follow the '%', with '-' to
 * left-justify or '0' to zero-fill: "%05N", "%-10c".
 *
 * Thread-safe: any thread may log; each line reaches its destination in
 * one write(), so lines never interleave.  Configuration functions must be
 * called from the main thread. */
#ifndef OSW_VLOG_H
#define OSW_VLOG_H 1

#include <stdarg.h>
#include <stdbool.h>
#include <time.h>
#include "osw/util.h"

enum vlog_level {
    VLL_OFF,
    VLL_EMER,
    VLL_ERR,
    VLL_WARN,
    VLL_INFO,
    VLL_DBG,
    VLL_N_LEVELS
};

enum vlog_destination {
    VLF_SYSLOG,
    VLF_CONSOLE,
    VLF_FILE,
    VLF_N_DESTINATIONS,
    VLF_ANY_DESTINATION = -1
};

/* Level names are upper case: "OFF", "EMER", "ERR", "WARN", "INFO",
 * "DBG". */
const char *vlog_get_level_name(enum vlog_level);
/* Returns the level named 's' (case-insensitive), or VLL_N_LEVELS. */
enum vlog_level vlog_get_level_val(const char *s);
const char *vlog_get_destination_name(enum vlog_destination);
/* Returns the destination named 's' (case-insensitive), VLF_ANY_DESTINATION
 * for "any", or VLF_N_DESTINATIONS if there is none. */
enum vlog_destination vlog_get_destination_val(const char *s);

struct vlog_module {
    const char *name;
    enum vlog_level levels[VLF_N_DESTINATIONS];
    enum vlog_level min_level;  /* Most verbose of 'levels' among the
                                 * destinations in use, for speed. */
    struct vlog_module *next;   /* In the list of all modules. */
};

/* Registers 'module'; called by VLOG_DEFINE_THIS_MODULE's constructor. */
void vlog_insert_module(struct vlog_module *);
struct vlog_module *vlog_module_from_name(const char *name);

#define VLOG_DEFINE_THIS_MODULE(MODULE)                                 \
    static struct vlog_module this_module = {                           \
        #MODULE, { VLL_ERR, VLL_WARN, VLL_INFO }, VLL_INFO, NULL };     \
    static void init_this_module_##MODULE(void)                         \
        __attribute__((constructor));                                   \
    static void init_this_module_##MODULE(void)                         \
    {                                                                   \
        vlog_insert_module(&this_module);                               \
    }                                                                   \
    struct vlog_dummy_##MODULE

/* Rate limiter: a token bucket of 'burst' messages refilled at 'rate' a
 * minute. */
struct vlog_rate_limit {
    unsigned int rate;              /* Messages per minute. */
    unsigned int burst;             /* Bucket size, in messages. */
    unsigned int tokens;            /* Current tokens, times 1000. */
    long long int last_fill;        /* time_msec() of last refill. */
    long long int first_dropped;    /* time_msec() of first drop, or 0. */
    long long int last_dropped;
    unsigned int n_dropped;
    int mutex;                      /* Spin lock: 0 free, 1 held. */
};

#define VLOG_RATE_LIMIT_INIT(RATE, BURST) \
    { RATE, BURST, (BURST) * 1000, 0, 0, 0, 0, 0 }

bool vlog_is_enabled(const struct vlog_module *, enum vlog_level);
/* Returns true if a message should be suppressed, counting it. */
bool vlog_should_drop(const struct vlog_module *, enum vlog_level,
                      struct vlog_rate_limit *);

void vlog(const struct vlog_module *, enum vlog_level, const char *format,
          ...) OSW_PRINTF_FORMAT(3, 4);
void vlog_valist(const struct vlog_module *, enum vlog_level,
                 const char *format, va_list) OSW_PRINTF_FORMAT(3, 0);
void vlog_rate_limit(const struct vlog_module *, enum vlog_level,
                     struct vlog_rate_limit *, const char *format, ...)
    OSW_PRINTF_FORMAT(4, 5);

/* Logs at EMER and also prints to stderr, then exits with status 1. */
void vlog_fatal(const struct vlog_module *, const char *format, ...)
    OSW_PRINTF_FORMAT(2, 3) OSW_NO_RETURN;
/* Logs at EMER and aborts (core dump). */
void vlog_abort(const struct vlog_module *, const char *format, ...)
    OSW_PRINTF_FORMAT(2, 3) OSW_NO_RETURN;

#define VLOG__(LEVEL, ...)                                              \
    do {                                                                \
        enum vlog_level level__ = LEVEL;                                \
        if (this_module.min_level >= level__) {                         \
            vlog(&this_module, level__, __VA_ARGS__);                   \
        }                                                               \
    } while (0)
#define VLOG_RL__(RL, LEVEL, ...)                                       \
    do {                                                                \
        enum vlog_level level__ = LEVEL;                                \
        if (this_module.min_level >= level__) {                         \
            vlog_rate_limit(&this_module, level__, RL, __VA_ARGS__);    \
        }                                                               \
    } while (0)

#define VLOG_FATAL(...) vlog_fatal(&this_module, __VA_ARGS__)
#define VLOG_ABORT(...) vlog_abort(&this_module, __VA_ARGS__)
#define VLOG_EMER(...) VLOG__(VLL_EMER, __VA_ARGS__)
#define VLOG_ERR(...) VLOG__(VLL_ERR, __VA_ARGS__)
#define VLOG_WARN(...) VLOG__(VLL_WARN, __VA_ARGS__)
#define VLOG_INFO(...) VLOG__(VLL_INFO, __VA_ARGS__)
#define VLOG_DBG(...) VLOG__(VLL_DBG, __VA_ARGS__)
#define VLOG_ERR_RL(RL, ...) VLOG_RL__(RL, VLL_ERR, __VA_ARGS__)
#define VLOG_WARN_RL(RL, ...) VLOG_RL__(RL, VLL_WARN, __VA_ARGS__)
#define VLOG_INFO_RL(RL, ...) VLOG_RL__(RL, VLL_INFO, __VA_ARGS__)
#define VLOG_DBG_RL(RL, ...) VLOG_RL__(RL, VLL_DBG, __VA_ARGS__)
#define VLOG_IS_DBG_ENABLED() vlog_is_enabled(&this_module, VLL_DBG)
#define VLOG_IS_INFO_ENABLED() vlog_is_enabled(&this_module, VLL_INFO)

/* Sets levels from 'spec' (see above).  Returns NULL, or an error message
 * that the caller frees (and then changes nothing). */
char *vlog_set_levels_from_string(const char *spec) OSW_WARN_UNUSED_RESULT;
/* Like vlog_set_levels_from_string(), but exits with a message on error. */
void vlog_set_levels_from_string_assert(const char *spec);
/* Module NULL: every module; VLF_ANY_DESTINATION: every destination. */
void vlog_set_levels(struct vlog_module *, enum vlog_destination,
                     enum vlog_level);
/* Sets the line format of 'destination' (VLF_ANY_DESTINATION: all) to
 * 'pattern' (NULL: the default); escapes as above. */
void vlog_set_pattern(enum vlog_destination, const char *pattern);
/* Returns the table that vlog/list prints, in Open vSwitch's layout, sorted
 * by module name:
 *                  console    syslog    file
 *                  -------    ------    ------
 * module             WARN       ERR       INFO
 * Caller frees. */
char *vlog_get_levels(void);
/* Returns the patterns that vlog/list-pattern prints.  Caller frees. */
char *vlog_get_patterns(void);

/* Logs to 'file_name' (NULL: the default, LOGDIR/PROGRAM.log; a relative
 * name is made absolute at once).  On failure keeps the old file and
 * returns errno; on success returns 0. */
int vlog_set_log_file(const char *file_name);
/* Reopens the log file at its configured name, for logrotate: if the file
 * was moved away, a new one is created.  Returns 0 (also when no log file
 * is configured) or errno. */
int vlog_reopen_log_file(void);
/* Closes the log file and forgets its name. */
void vlog_close_log_file(void);
/* Sets the syslog facility by name ("daemon", "local0"...). */
bool vlog_set_syslog_facility(const char *name);

/* Registers the vlog/ unixctl commands and enables logging.  Call once,
 * early in main(). */
void vlog_init(void);

/* Command-line options shared by every program:
 *   -v, --verbose[=SPEC]   set levels (plain -v: console at dbg)
 *   --log-file[=FILE]      log to FILE (default LOGDIR/PROGRAM.log)
 *   --syslog-facility=NAME syslog facility ("daemon", "local0"...)
 * Use VLOG_LONG_OPTIONS in the option table and VLOG_OPTION_HANDLERS in
 * the switch of the getopt_long() loop. */
enum {
    VLOG_OPTION_ENUMS_START = 4096,
    OPT_LOG_FILE,
    OPT_SYSLOG_FACILITY,
    VLOG_OPTION_ENUMS_END
};
#define VLOG_LONG_OPTIONS                                               \
    {"verbose", optional_argument, NULL, 'v'},                          \
    {"log-file", optional_argument, NULL, OPT_LOG_FILE},                \
    {"syslog-facility", required_argument, NULL, OPT_SYSLOG_FACILITY}
#define VLOG_OPTION_HANDLERS                                            \
    case 'v':                                                           \
        vlog_set_verbosity(optarg);                                     \
        break;                                                          \
    case OPT_LOG_FILE:                                                  \
        vlog_set_log_file_or_die(optarg);                               \
        break;                                                          \
    case OPT_SYSLOG_FACILITY:                                           \
        if (!vlog_set_syslog_facility(optarg)) {                        \
            osw_fatal(0, "%s: unknown syslog facility", optarg);        \
        }                                                               \
        break;
void vlog_set_verbosity(const char *arg);
void vlog_set_log_file_or_die(const char *file_name);
void vlog_usage(void);

#endif /* vlog.h */
