/* Tests for lib/vlog.c: level specs, the level table, rate limiting, line
 * formats, the log file and its reopening, thread safety. */
#include <config.h>
#include "osw/vlog.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <regex.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "osw/dirs.h"
#include "osw/dynamic-string.h"
#include "testlib.h"

VLOG_DEFINE_THIS_MODULE(test_vlog);

/* Helpers. */

static char *
tmp_file(const char *name)
{
    return xasprintf("%s/%s", osw_test_tmpdir(), name);
}

/* Returns the contents of 'file_name' (empty if it does not exist).
 * Caller frees. */
static char *
slurp(const char *file_name)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    FILE *f = fopen(file_name, "r");
    if (f) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
            ds_put_buffer(&s, buf, n);
        }
        fclose(f);
    }
    return ds_steal_cstr(&s);
}

static int
count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++) {
        n += *s == '\n';
    }
    return n;
}

/* Opens 'name' in the test directory as the log file, with a plain pattern
 * that is easy to compare, and returns its full name (caller frees).  The
 * file starts out empty: the "opened log file" line is removed. */
static char *
start_file_log(const char *name, const char *pattern)
{
    char *file_name = tmp_file(name);
    vlog_set_pattern(VLF_FILE, pattern);
    CHECK_EQ(vlog_set_log_file(file_name), 0);
    CHECK_EQ(truncate(file_name, 0), 0);    /* O_APPEND: writes follow. */
    return file_name;
}

static void
check_file_contents(const char *file_name, const char *expected)
{
    char *contents = slurp(file_name);
    CHECK_STREQ(contents, expected);
    free(contents);
}

static void
check_spec_error(const char *spec, const char *expected)
{
    char *error = vlog_set_levels_from_string(spec);
    CHECK_STREQ(error, expected);
    free(error);
}

static void
check_spec_ok(const char *spec)
{
    char *error = vlog_set_levels_from_string(spec);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "spec \"%s\": %s", spec, error);
    }
}

static void
check_levels(const struct vlog_module *m, enum vlog_level syslog_level,
             enum vlog_level console_level, enum vlog_level file_level)
{
    CHECK_STREQ(vlog_get_level_name(m->levels[VLF_SYSLOG]),
                vlog_get_level_name(syslog_level));
    CHECK_STREQ(vlog_get_level_name(m->levels[VLF_CONSOLE]),
                vlog_get_level_name(console_level));
    CHECK_STREQ(vlog_get_level_name(m->levels[VLF_FILE]),
                vlog_get_level_name(file_level));
}

static void
check_regex(const char *s, const char *pattern)
{
    regex_t re;
    CHECK_EQ(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
    int match = regexec(&re, s, 0, NULL, 0);
    regfree(&re);
    if (match) {
        osw_test_fail(__FILE__, __LINE__, "\"%s\" does not match /%s/",
                      s, pattern);
    }
}

/* Names. */

OSW_TEST(level_names)
{
    static const char *names[] = {"OFF", "EMER", "ERR", "WARN", "INFO",
                                  "DBG"};
    for (int i = 0; i < VLL_N_LEVELS; i++) {
        CHECK_STREQ(vlog_get_level_name(i), names[i]);
        CHECK_EQ(vlog_get_level_val(names[i]), i);
    }
    CHECK_EQ(vlog_get_level_val("dbg"), VLL_DBG);
    CHECK_EQ(vlog_get_level_val("Warn"), VLL_WARN);
    CHECK_EQ(vlog_get_level_val("debug"), VLL_N_LEVELS);
    CHECK_EQ(vlog_get_level_val(""), VLL_N_LEVELS);
}

OSW_TEST(destination_names)
{
    CHECK_STREQ(vlog_get_destination_name(VLF_SYSLOG), "syslog");
    CHECK_STREQ(vlog_get_destination_name(VLF_CONSOLE), "console");
    CHECK_STREQ(vlog_get_destination_name(VLF_FILE), "file");
    CHECK_EQ(vlog_get_destination_val("FILE"), VLF_FILE);
    CHECK_EQ(vlog_get_destination_val("console"), VLF_CONSOLE);
    CHECK_EQ(vlog_get_destination_val("syslog"), VLF_SYSLOG);
    CHECK_EQ(vlog_get_destination_val("any"), VLF_ANY_DESTINATION);
    CHECK_EQ(vlog_get_destination_val("disk"), VLF_N_DESTINATIONS);
}

OSW_TEST(module_registry)
{
    CHECK(vlog_module_from_name("test_vlog") == &this_module);
    CHECK(vlog_module_from_name("TEST_VLOG") == &this_module);
    CHECK(vlog_module_from_name("vlog") != NULL);
    CHECK(vlog_module_from_name("no_such_module") == NULL);
    /* Defaults: syslog ERR, console WARN, file INFO; with no log file and
     * no syslog, only the console counts for min_level. */
    check_levels(&this_module, VLL_ERR, VLL_WARN, VLL_INFO);
    CHECK_EQ(this_module.min_level, VLL_WARN);
}

/* Level specs. */

OSW_TEST(spec_module_destination_level)
{
    struct vlog_module *vlog_mod = vlog_module_from_name("vlog");

    check_spec_ok("test_vlog:file:dbg");
    check_levels(&this_module, VLL_ERR, VLL_WARN, VLL_DBG);
    check_levels(vlog_mod, VLL_ERR, VLL_WARN, VLL_INFO);

    check_spec_ok("test_vlog console warn");    /* Spaces work too. */
    check_levels(&this_module, VLL_ERR, VLL_WARN, VLL_DBG);

    check_spec_ok("CONSOLE:TEST_VLOG:Info");    /* Any order and case. */
    check_levels(&this_module, VLL_ERR, VLL_INFO, VLL_DBG);
    check_levels(vlog_mod, VLL_ERR, VLL_WARN, VLL_INFO);
}

OSW_TEST(spec_omitted_parts)
{
    struct vlog_module *vlog_mod = vlog_module_from_name("vlog");

    check_spec_ok("syslog:off");                /* All modules. */
    check_levels(&this_module, VLL_OFF, VLL_WARN, VLL_INFO);
    check_levels(vlog_mod, VLL_OFF, VLL_WARN, VLL_INFO);

    check_spec_ok("test_vlog:emer");            /* All destinations. */
    check_levels(&this_module, VLL_EMER, VLL_EMER, VLL_EMER);
    check_levels(vlog_mod, VLL_OFF, VLL_WARN, VLL_INFO);

    check_spec_ok("test_vlog");                 /* Level defaults to dbg. */
    check_levels(&this_module, VLL_DBG, VLL_DBG, VLL_DBG);

    check_spec_ok("ANY:ANY:err");
    check_levels(&this_module, VLL_ERR, VLL_ERR, VLL_ERR);
    check_levels(vlog_mod, VLL_ERR, VLL_ERR, VLL_ERR);

    check_spec_ok("any:file:warn");
    check_levels(vlog_mod, VLL_ERR, VLL_ERR, VLL_WARN);
}

OSW_TEST(spec_errors)
{
    check_spec_error("foo", "unknown module 'foo'");
    check_spec_error("file:dbg:foo", "unknown module 'foo'");
    check_spec_error("test_vlog:file:verbose", "unknown level 'verbose'");
    check_spec_error("test_vlog:disk", "unknown destination or level 'disk'");
    check_spec_error("test_vlog:vlog", "cannot specify multiple modules");
    check_spec_error("file:console", "cannot specify multiple destinations");
    check_spec_error("dbg:info", "cannot specify multiple levels");
    check_spec_error("", "empty level spec");
    check_spec_error(" :: ", "empty level spec");
    check_spec_error("PATTERN", "missing destination after PATTERN");
    check_spec_error("PATTERN:disk:%m", "unknown destination 'disk'");
    check_spec_error("PATTERN:file", "missing pattern after "
                     "PATTERN:DESTINATION");
    check_spec_error("FACILITY:nosuch", "unknown facility 'nosuch'");
    check_spec_error("FACILITY", "missing facility after FACILITY");
    check_spec_error("FACILITY:local0:local1",
                     "too many words after FACILITY:NAME");

    /* Errors change nothing. */
    check_levels(&this_module, VLL_ERR, VLL_WARN, VLL_INFO);
    char *patterns = vlog_get_patterns();
    CHECK(strstr(patterns, "file         %D{%Y-%m-%dT%H:%M:%S.###Z}"
                 "|%05N|%c|%p|%m\n"));
    free(patterns);
}

OSW_TEST(spec_pattern_and_facility)
{
    check_spec_ok("FACILITY:local3");
    CHECK(vlog_set_syslog_facility("LOCAL7"));
    CHECK(vlog_set_syslog_facility("daemon"));
    CHECK(!vlog_set_syslog_facility("nosuch"));

    /* The pattern is the rest of the spec, delimiters included. */
    check_spec_ok("PATTERN:console:%p: %m [x]");
    char *patterns = vlog_get_patterns();
    CHECK_STREQ(patterns,
                "destination  pattern\n"
                "-----------  -------\n"
                "syslog       %05N|%c|%p|%m\n"
                "console      %p: %m [x]\n"
                "file         %D{%Y-%m-%dT%H:%M:%S.###Z}|%05N|%c|%p|%m\n");
    free(patterns);

    vlog_set_pattern(VLF_CONSOLE, NULL);
    vlog_set_pattern(VLF_ANY_DESTINATION, "%m");
    patterns = vlog_get_patterns();
    CHECK_STREQ(patterns,
                "destination  pattern\n"
                "-----------  -------\n"
                "syslog       %m\n"
                "console      %m\n"
                "file         %m\n");
    free(patterns);
    vlog_set_pattern(VLF_ANY_DESTINATION, NULL);
}

OSW_TEST(set_verbosity)
{
    vlog_set_verbosity(NULL);
    check_levels(&this_module, VLL_ERR, VLL_DBG, VLL_INFO);
    check_levels(vlog_module_from_name("vlog"), VLL_ERR, VLL_DBG, VLL_INFO);
    CHECK_EQ(this_module.min_level, VLL_DBG);

    vlog_set_verbosity("test_vlog:console:off");
    check_levels(&this_module, VLL_ERR, VLL_OFF, VLL_INFO);
    CHECK_EQ(this_module.min_level, VLL_OFF);

    vlog_set_verbosity("");
    check_levels(&this_module, VLL_ERR, VLL_DBG, VLL_INFO);
}

OSW_TEST(set_levels_from_string_assert_exits)
{
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, STDERR_FILENO);
        vlog_set_levels_from_string_assert("nosuch:dbg");
        _exit(0);
    }
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFEXITED(status));
    CHECK_EQ(WEXITSTATUS(status), 1);
}

/* min_level counts only destinations in use. */
OSW_TEST(min_level_follows_destinations)
{
    vlog_set_levels(&this_module, VLF_FILE, VLL_DBG);
    CHECK_EQ(this_module.min_level, VLL_WARN);   /* No log file yet. */
    CHECK(!VLOG_IS_DBG_ENABLED());

    char *file_name = start_file_log("min.log", "%m");
    CHECK_EQ(this_module.min_level, VLL_DBG);
    CHECK(VLOG_IS_DBG_ENABLED());
    CHECK(VLOG_IS_INFO_ENABLED());

    vlog_close_log_file();
    CHECK_EQ(this_module.min_level, VLL_WARN);
    CHECK(!VLOG_IS_INFO_ENABLED());
    CHECK(vlog_is_enabled(&this_module, VLL_WARN));
    CHECK(!vlog_is_enabled(&this_module, VLL_OFF));
    free(file_name);
}

static int side_effects;

static int
count_call(void)
{
    return ++side_effects;
}

OSW_TEST(disabled_level_skips_arguments)
{
    /* The macros test min_level before evaluating their arguments. */
    VLOG_DBG("%d", count_call());
    VLOG_INFO("%d", count_call());
    CHECK_EQ(side_effects, 0);

    int fd = open("/dev/null", O_WRONLY);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    VLOG_WARN("%d", count_call());
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(fd);
    CHECK_EQ(side_effects, 1);
}

/* The level table. */

OSW_TEST(level_table)
{
    check_spec_ok("test_vlog:console:dbg");
    check_spec_ok("test_vlog:syslog:off");

    char *table = vlog_get_levels();
    const char *header =
        "                 console    syslog    file\n"
        "                 -------    ------    ------\n";
    CHECK(!strncmp(table, header, strlen(header)));
    CHECK(strstr(table, "\ntest_vlog          DBG        OFF       INFO\n"));
    CHECK(strstr(table, "\nvlog              WARN        ERR       INFO\n"));

    /* Sorted by module name, each module once. */
    const char *line = table + strlen(header);
    char prev[64] = "";
    int n = 0;
    while (*line) {
        char name[64];
        CHECK_EQ(sscanf(line, "%63s", name), 1);
        CHECK(strcmp(prev, name) < 0);
        strcpy(prev, name);
        const char *nl = strchr(line, '\n');
        CHECK(nl != NULL);
        line = nl + 1;
        n++;
    }
    CHECK(n >= 2);
    free(table);
}

/* Rate limiting. */

OSW_TEST(rate_limit_burst_then_drop_and_report)
{
    /* One message a second, bursts of two. */
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(60, 2);
    char *file_name = start_file_log("rl.log", "%p|%m");

    for (int i = 0; i < 5; i++) {
        VLOG_WARN_RL(&rl, "message %d", i);
    }
    check_file_contents(file_name, "WARN|message 0\nWARN|message 1\n");
    CHECK_EQ(rl.n_dropped, 3);

    osw_msleep(1100);
    VLOG_WARN_RL(&rl, "message %d", 5);
    char *contents = slurp(file_name);
    /* Slow machines (valgrind) may take longer than the sleep. */
    check_regex(contents,
                "^WARN\\|message 0\nWARN\\|message 1\n"
                "WARN\\|Dropped 3 log messages in last [12] seconds "
                "\\(most recently, [12] seconds ago\\) due to excessive "
                "rate\n"
                "WARN\\|message 5\n$");
    free(contents);
    CHECK_EQ(rl.n_dropped, 0);

    /* The bucket is empty again. */
    VLOG_WARN_RL(&rl, "message %d", 6);
    CHECK_EQ(rl.n_dropped, 1);
    vlog_close_log_file();
    free(file_name);
}

OSW_TEST(rate_limit_disabled_level_not_counted)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(60, 1);

    /* DBG is off: dropped, but not as "excessive rate". */
    for (int i = 0; i < 3; i++) {
        CHECK(vlog_should_drop(&this_module, VLL_DBG, &rl));
    }
    CHECK_EQ(rl.n_dropped, 0);
    CHECK_EQ(rl.tokens, 1000);
}

OSW_TEST(rate_limit_refill_caps_at_burst)
{
    /* 6000 a minute = one every 10 ms, bursts of 3. */
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(6000, 3);
    char *file_name = start_file_log("cap.log", "%m");
    vlog_set_levels(&this_module, VLF_FILE, VLL_DBG);

    osw_msleep(200);    /* Would be 20 tokens without the cap. */
    int passed = 0;
    for (int i = 0; i < 10; i++) {
        passed += !vlog_should_drop(&this_module, VLL_DBG, &rl);
    }
    /* 3 from the bucket, plus maybe one refilled during the loop. */
    CHECK(passed >= 3 && passed <= 5);
    vlog_close_log_file();
    free(file_name);
}

struct rl_thread_arg {
    struct vlog_rate_limit *rl;
    int passed;
};

static void *
rl_thread(void *arg_)
{
    struct rl_thread_arg *arg = arg_;
    for (int i = 0; i < 1000; i++) {
        arg->passed += !vlog_should_drop(&this_module, VLL_WARN, arg->rl);
    }
    return NULL;
}

OSW_TEST(rate_limit_thread_safe)
{
    /* One a minute: no refill during the test, so exactly 'burst' pass. */
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 100);
    struct rl_thread_arg args[4];
    pthread_t threads[4];

    for (int i = 0; i < 4; i++) {
        args[i].rl = &rl;
        args[i].passed = 0;
        CHECK_EQ(pthread_create(&threads[i], NULL, rl_thread, &args[i]), 0);
    }
    int passed = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        passed += args[i].passed;
    }
    CHECK_EQ(passed, 100);
    CHECK_EQ(rl.n_dropped, 3900);
    CHECK_EQ(rl.mutex, 0);
}

/* Line formats. */

OSW_TEST(file_default_format)
{
    char *file_name = tmp_file("default.log");
    CHECK_EQ(vlog_set_log_file(file_name), 0);
    VLOG_INFO("hello %d", 42);
    VLOG_DBG("not logged");
    VLOG_ERR("an error");

    char *contents = slurp(file_name);
    CHECK_EQ(count_lines(contents), 3);
    char *line2 = strchr(contents, '\n') + 1;
    char *line3 = strchr(line2, '\n') + 1;
    line2[-1] = line3[-1] = '\0';
    const char *date = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:"
                       "[0-9]{2}\\.[0-9]{3}Z";
    char *re = xasprintf("%s\\|[0-9]{5}\\|vlog\\|INFO\\|opened log file "
                         "%s$", date, file_name);
    check_regex(contents, re);
    free(re);
    re = xasprintf("%s\\|[0-9]{5}\\|test_vlog\\|INFO\\|hello 42$", date);
    check_regex(line2, re);
    free(re);
    re = xasprintf("%s\\|[0-9]{5}\\|test_vlog\\|ERR\\|an error\n$", date);
    line3[strlen(line3)] = '\0';
    check_regex(line3, re);
    free(re);

    /* Sequence numbers count up. */
    int n1 = atoi(strchr(contents, '|') + 1);
    int n2 = atoi(strchr(line2, '|') + 1);
    int n3 = atoi(strchr(line3, '|') + 1);
    CHECK_EQ(n2, n1 + 1);
    CHECK_EQ(n3, n2 + 1);

    free(contents);
    vlog_close_log_file();
    free(file_name);
}

OSW_TEST(pattern_escapes)
{
    char *file_name = start_file_log(
        "escapes.log",
        "[%-10c][%6p][%-5p][%A][%P][%t][%T][%%][%q][%5m]%n%D{%Y}");
    VLOG_WARN("hi");
    char *expected = xasprintf(
        "[test_vlog ][  WARN][WARN ][%s][%ld][main][][%%][%%q][   hi]\n"
        "%d\n", program_name, (long int) getpid(),
        1900 + gmtime(&(time_t) { time(NULL) })->tm_year);
    check_file_contents(file_name, expected);
    free(expected);
    vlog_close_log_file();
    free(file_name);
}

OSW_TEST(pattern_zero_fill_and_date_millis)
{
    char *file_name = start_file_log("zero.log", "%08N|%D{%H.###}|%d{x}|%r");
    VLOG_WARN("x");
    char *contents = slurp(file_name);
    check_regex(contents, "^[0-9]{8}\\|[0-9]{2}\\.[0-9]{3}\\|x\\|[0-9]+\n$");
    free(contents);
    vlog_close_log_file();
    free(file_name);
}

OSW_TEST(console_format)
{
    char *err_name = tmp_file("stderr");
    int fd = open(err_name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    close(fd);

    VLOG_INFO("not on the console");
    VLOG_WARN("on the console");
    vlog_set_pattern(VLF_CONSOLE, "%c:%p:%m");
    VLOG_ERR("short");

    dup2(saved, STDERR_FILENO);
    close(saved);

    char *contents = slurp(err_name);
    check_regex(contents, "^[0-9-]{10}T[0-9:.]{12}Z\\|[0-9]{5}\\|test_vlog"
                "\\|WARN\\|on the console\ntest_vlog:ERR:short\n$");
    free(contents);
    free(err_name);
}

OSW_TEST(fatal_exits_and_prints)
{
    char *err_name = tmp_file("stderr");
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        int fd = open(err_name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, STDERR_FILENO);
        vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
        VLOG_FATAL("fatal %s", "problem");
    }
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFEXITED(status));
    CHECK_EQ(WEXITSTATUS(status), 1);
    char *contents = slurp(err_name);
    char *expected = xasprintf("%s: fatal problem\n", program_name);
    CHECK_STREQ(contents, expected);
    free(expected);
    free(contents);
    free(err_name);
}

OSW_TEST(abort_logs_and_aborts)
{
    char *file_name = tmp_file("abort.log");
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        struct rlimit no_core = { 0, 0 };
        setrlimit(RLIMIT_CORE, &no_core);
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, STDERR_FILENO);
        vlog_set_log_file(file_name);
        vlog_set_pattern(VLF_FILE, "%p|%m");
        VLOG_ABORT("giving up");
    }
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFSIGNALED(status));
    CHECK_EQ(WTERMSIG(status), SIGABRT);
    char *contents = slurp(file_name);
    CHECK(strstr(contents, "EMER|giving up\n"));
    free(contents);
    free(file_name);
}

/* The log file. */

OSW_TEST(reopen_after_rename)
{
    char *file_name = start_file_log("r.log", "%c|%m");
    char *old_name = tmp_file("r.log.1");

    VLOG_INFO("one");
    CHECK_EQ(vlog_reopen_log_file(), 0);    /* Same file: nothing to do. */
    VLOG_INFO("two");
    CHECK_EQ(rename(file_name, old_name), 0);
    VLOG_INFO("three");                     /* Still to the moved file. */
    CHECK_EQ(vlog_reopen_log_file(), 0);
    VLOG_INFO("four");

    check_file_contents(old_name,
                        "test_vlog|one\ntest_vlog|two\ntest_vlog|three\n");
    char *expected = xasprintf("vlog|opened log file %s\ntest_vlog|four\n",
                         file_name);
    check_file_contents(file_name, expected);
    free(expected);

    vlog_close_log_file();
    free(old_name);
    free(file_name);
}

OSW_TEST(reopen_relative_name_after_chdir)
{
    char *cwd = getcwd(NULL, 0);
    CHECK_EQ(chdir(osw_test_tmpdir()), 0);
    vlog_set_pattern(VLF_FILE, "%m");
    CHECK_EQ(vlog_set_log_file("rel.log"), 0);
    CHECK_EQ(chdir("/"), 0);

    char *file_name = tmp_file("rel.log");
    char *old_name = tmp_file("rel.log.old");
    CHECK_EQ(rename(file_name, old_name), 0);
    CHECK_EQ(vlog_reopen_log_file(), 0);
    VLOG_INFO("after");

    char *expected = xasprintf("opened log file %s\nafter\n", file_name);
    check_file_contents(file_name, expected);
    free(expected);

    vlog_close_log_file();
    CHECK_EQ(chdir(cwd), 0);
    free(cwd);
    free(old_name);
    free(file_name);
}

OSW_TEST(close_stops_file_logging)
{
    char *file_name = start_file_log("c.log", "%m");
    VLOG_INFO("before");
    vlog_close_log_file();
    VLOG_INFO("after");
    CHECK_EQ(vlog_reopen_log_file(), 0);    /* No file: nothing to do. */
    VLOG_INFO("after reopen");
    check_file_contents(file_name, "before\n");
    vlog_close_log_file();                  /* Twice is fine. */
    free(file_name);
}

OSW_TEST(set_log_file_failure_keeps_old_file)
{
    char *file_name = start_file_log("keep.log", "%m");
    char *bad_name = tmp_file("no/such/dir/x.log");

    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    CHECK_EQ(vlog_set_log_file(bad_name), ENOENT);
    VLOG_INFO("still here");

    char *expected = xasprintf("failed to open %s for logging: %s\n"
                               "still here\n", bad_name, strerror(ENOENT));
    check_file_contents(file_name, expected);
    free(expected);
    vlog_close_log_file();
    free(bad_name);
    free(file_name);
}

OSW_TEST(default_log_file_in_logdir)
{
    char *logdir = tmp_file("logs/sub");
    setenv("OSW_LOGDIR", logdir, 1);
    CHECK_STREQ(osw_logdir(), logdir);

    vlog_set_pattern(VLF_FILE, "%m");
    CHECK_EQ(vlog_set_log_file(NULL), 0);   /* Creates the directory. */
    VLOG_INFO("default");

    char *file_name = xasprintf("%s/%s.log", logdir, program_name);
    char *expected = xasprintf("opened log file %s\ndefault\n", file_name);
    check_file_contents(file_name, expected);
    free(expected);
    vlog_close_log_file();
    free(file_name);
    free(logdir);
}

OSW_TEST(set_log_file_or_die_exits)
{
    char *bad_name = tmp_file("no/such/dir/x.log");
    char *err_name = tmp_file("stderr");
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        int fd = open(err_name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, STDERR_FILENO);
        vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
        vlog_set_log_file_or_die(bad_name);
        _exit(0);
    }
    int status;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFEXITED(status));
    CHECK_EQ(WEXITSTATUS(status), 1);
    char *contents = slurp(err_name);
    char *expected = xasprintf("%s: could not open log file \"%s\": %s\n",
                               program_name, bad_name, strerror(ENOENT));
    CHECK_STREQ(contents, expected);
    free(expected);
    free(contents);
    free(err_name);
    free(bad_name);
}

/* Threads. */

#define N_THREADS 4
#define N_LINES 500

static void *
log_thread(void *arg)
{
    int id = (int) (intptr_t) arg;
    for (int i = 0; i < N_LINES; i++) {
        VLOG_INFO("thread %d line %d with some padding to make the line "
                  "longer than a few bytes ........................", id, i);
    }
    return NULL;
}

OSW_TEST(threads_never_interleave_lines)
{
    char *file_name = tmp_file("threads.log");
    CHECK_EQ(vlog_set_log_file(file_name), 0);
    vlog_set_pattern(VLF_FILE, "%c|%m");

    pthread_t threads[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        CHECK_EQ(pthread_create(&threads[i], NULL, log_thread,
                                (void *) (intptr_t) i), 0);
    }
    for (int i = 0; i < N_THREADS; i++) {
        pthread_join(threads[i], NULL);
    }

    char *contents = slurp(file_name);
    CHECK_EQ(count_lines(contents), N_THREADS * N_LINES + 1);
    int next[N_THREADS] = { 0 };
    char *save;
    strtok_r(contents, "\n", &save);        /* "opened log file". */
    for (char *line = strtok_r(NULL, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        int id, n;
        CHECK_EQ(sscanf(line, "test_vlog|thread %d line %d", &id, &n), 2);
        CHECK(id >= 0 && id < N_THREADS);
        CHECK_EQ(n, next[id]);              /* In order per thread. */
        next[id]++;
        CHECK(string_ends_with(line, "........................"));
    }
    for (int i = 0; i < N_THREADS; i++) {
        CHECK_EQ(next[i], N_LINES);
    }
    free(contents);
    vlog_close_log_file();
    free(file_name);
}

OSW_TEST(usage_mentions_options)
{
    char *out_name = tmp_file("stdout");
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int fd = open(out_name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, STDOUT_FILENO);
    close(fd);
    vlog_usage();
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);

    char *contents = slurp(out_name);
    CHECK(strstr(contents, "--verbose=SPEC"));
    CHECK(strstr(contents, "--log-file[=FILE]"));
    CHECK(strstr(contents, "--syslog-facility"));
    free(contents);
    free(out_name);
}

OSW_TEST_MAIN()
