#include <config.h>
#include "osw/dirs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testlib.h"

static bool
is_dir(const char *name)
{
    struct stat s;
    return !stat(name, &s) && S_ISDIR(s.st_mode);
}

/* Each case runs in its own process, so setting the environment before the
 * first call is what a program does at start-up. */
OSW_TEST(env_overrides)
{
    setenv("OSW_RUNDIR", "/tmp/run-x", 1);
    setenv("OSW_DBDIR", "/tmp/db-x", 1);
    setenv("OSW_LOGDIR", "/tmp/log-x", 1);
    setenv("OSW_PKGDATADIR", "/tmp/pkg-x", 1);
    setenv("OSW_BINDIR", "/tmp/bin-x", 1);
    CHECK_STREQ(osw_rundir(), "/tmp/run-x");
    CHECK_STREQ(osw_dbdir(), "/tmp/db-x");
    CHECK_STREQ(osw_logdir(), "/tmp/log-x");
    CHECK_STREQ(osw_pkgdatadir(), "/tmp/pkg-x");
    CHECK_STREQ(osw_bindir(), "/tmp/bin-x");
}

OSW_TEST(defaults)
{
    unsetenv("OSW_RUNDIR");
    unsetenv("OSW_DBDIR");
    unsetenv("OSW_LOGDIR");
    unsetenv("OSW_PKGDATADIR");
    unsetenv("OSW_BINDIR");
    CHECK_STREQ(osw_rundir(), OSW_RUNDIR);
    CHECK_STREQ(osw_dbdir(), OSW_DBDIR);
#ifdef OSW_LOGDIR
    CHECK_STREQ(osw_logdir(), OSW_LOGDIR);
#else
    CHECK_STREQ(osw_logdir(), "/var/log/osw");
#endif
    CHECK_STREQ(osw_pkgdatadir(), OSW_PKGDATADIR);
    CHECK_STREQ(osw_bindir(), OSW_BINDIR);
    CHECK(string_ends_with(osw_rundir(), "/run/osw"));
}

OSW_TEST(empty_env_means_default)
{
    setenv("OSW_RUNDIR", "", 1);
    CHECK_STREQ(osw_rundir(), OSW_RUNDIR);
}

OSW_TEST(env_read_once)
{
    setenv("OSW_DBDIR", "/first", 1);
    const char *first = osw_dbdir();
    setenv("OSW_DBDIR", "/second", 1);
    CHECK_STREQ(osw_dbdir(), "/first");
    CHECK(osw_dbdir() == first);
}

OSW_TEST(mkdir_p_nested)
{
    char *dir = xasprintf("%s/a/b/c", osw_test_tmpdir());
    CHECK_EQ(osw_mkdir_p(dir), 0);
    CHECK(is_dir(dir));

    struct stat s;
    CHECK(!stat(dir, &s));
    CHECK_EQ(s.st_mode & 0700, 0700);
    free(dir);
}

OSW_TEST(mkdir_p_existing)
{
    const char *tmp = osw_test_tmpdir();
    CHECK_EQ(osw_mkdir_p(tmp), 0);
    CHECK_EQ(osw_mkdir_p("/"), 0);

    char *dir = xasprintf("%s/x", tmp);
    CHECK_EQ(osw_mkdir_p(dir), 0);
    CHECK_EQ(osw_mkdir_p(dir), 0);
    CHECK(is_dir(dir));
    free(dir);
}

OSW_TEST(mkdir_p_extra_slashes)
{
    char *dir = xasprintf("%s//p///q/", osw_test_tmpdir());
    CHECK_EQ(osw_mkdir_p(dir), 0);

    char *clean = xasprintf("%s/p/q", osw_test_tmpdir());
    CHECK(is_dir(clean));
    free(clean);
    free(dir);
}

OSW_TEST(mkdir_p_relative)
{
    CHECK(!chdir(osw_test_tmpdir()));
    CHECK_EQ(osw_mkdir_p("rel/sub"), 0);
    CHECK(is_dir("rel/sub"));
}

OSW_TEST(mkdir_p_file_in_the_way)
{
    char *file = xasprintf("%s/file", osw_test_tmpdir());
    int fd = open(file, O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    close(fd);

    CHECK_EQ(osw_mkdir_p(file), ENOTDIR);

    char *below = xasprintf("%s/below", file);
    CHECK_EQ(osw_mkdir_p(below), ENOTDIR);
    free(below);
    free(file);
}

OSW_TEST(mkdir_p_invalid)
{
    CHECK_EQ(osw_mkdir_p(""), EINVAL);
    CHECK_EQ(osw_mkdir_p(NULL), EINVAL);
}

OSW_TEST(mkdir_p_permission_denied)
{
    if (!geteuid()) {
        osw_test_skip("root ignores directory permissions");
    }
    char *ro = xasprintf("%s/ro", osw_test_tmpdir());
    CHECK(!mkdir(ro, 0555));
    char *dir = xasprintf("%s/sub/dir", ro);
    CHECK_EQ(osw_mkdir_p(dir), EACCES);
    CHECK(!chmod(ro, 0755));
    free(dir);
    free(ro);
}

OSW_TEST_MAIN()
