/* dirs: see include/osw/dirs.h. */
#include <config.h>
#include "osw/dirs.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "osw/util.h"

/* The Makefile passes these; the fallbacks keep the file compilable on its
 * own (and give the log directory, which has no configure variable, its
 * default). */
#ifndef OSW_RUNDIR
#define OSW_RUNDIR "/var/run/osw"
#endif
#ifndef OSW_DBDIR
#define OSW_DBDIR "/etc/osw"
#endif
#ifndef OSW_LOGDIR
#define OSW_LOGDIR "/var/log/osw"
#endif
#ifndef OSW_PKGDATADIR
#define OSW_PKGDATADIR "/usr/local/share/osw"
#endif
#ifndef OSW_BINDIR
#define OSW_BINDIR "/usr/local/bin"
#endif

struct osw_dir {
    const char *env_var;        /* Environment variable that overrides. */
    const char *default_dir;    /* Compiled-in default. */
    const char *value;          /* Resolved, owned by the environment or
                                 * the binary; never freed. */
};

enum {
    DIR_RUN,
    DIR_DB,
    DIR_LOG,
    DIR_PKGDATA,
    DIR_BIN,
    N_DIRS
};

static struct osw_dir dirs[N_DIRS] = {
    [DIR_RUN] = { "OSW_RUNDIR", OSW_RUNDIR, NULL },
    [DIR_DB] = { "OSW_DBDIR", OSW_DBDIR, NULL },
    [DIR_LOG] = { "OSW_LOGDIR", OSW_LOGDIR, NULL },
    [DIR_PKGDATA] = { "OSW_PKGDATADIR", OSW_PKGDATADIR, NULL },
    [DIR_BIN] = { "OSW_BINDIR", OSW_BINDIR, NULL },
};

static pthread_once_t dirs_once = PTHREAD_ONCE_INIT;

/* Reads the environment exactly once, so that every caller in every thread
 * sees the same directories even if the environment changes later.  An
 * empty variable counts as unset: "OSW_RUNDIR= prog" should not make the
 * run directory the current one by accident. */
static void
dirs_init(void)
{
    for (int i = 0; i < N_DIRS; i++) {
        const char *env = getenv(dirs[i].env_var);
        dirs[i].value = env && env[0] ? xstrdup(env) : dirs[i].default_dir;
    }
}

static const char *
dirs_get(int which)
{
    pthread_once(&dirs_once, dirs_init);
    return dirs[which].value;
}

/* Returns the directory for pidfiles and control sockets. */
const char *
osw_rundir(void)
{
    return dirs_get(DIR_RUN);
}

/* Returns the directory that holds the configuration database. */
const char *
osw_dbdir(void)
{
    return dirs_get(DIR_DB);
}

/* Returns the directory for log files. */
const char *
osw_logdir(void)
{
    return dirs_get(DIR_LOG);
}

/* Returns the directory for read-only package data, such as schemas. */
const char *
osw_pkgdatadir(void)
{
    return dirs_get(DIR_PKGDATA);
}

/* Returns the directory where osw's programs are installed. */
const char *
osw_bindir(void)
{
    return dirs_get(DIR_BIN);
}

/* Creates 'path' as a directory unless a directory is already there. */
static int
mkdir_one(const char *path)
{
    if (!mkdir(path, 0755)) {
        return 0;
    }
    int error = errno;
    struct stat s;
    if (error == EEXIST || error == EACCES || error == EROFS) {
        /* Something is there, or we may not create it but it may exist
         * already (e.g. "/var" on a read-only root): only a directory will
         * do. */
        if (!stat(path, &s)) {
            return S_ISDIR(s.st_mode) ? 0 : ENOTDIR;
        }
    }
    return error;
}

/* Creates directory 'dir' and any missing parents with mode 0755 (less the
 * umask), like "mkdir -p".  Succeeds if 'dir' already is a directory.
 * Returns 0 or a positive errno value (ENOTDIR if a component exists and
 * is not a directory). */
int
osw_mkdir_p(const char *dir)
{
    if (!dir || !dir[0]) {
        return EINVAL;
    }

    char *path = xstrdup(dir);
    int error = 0;

    /* Create each prefix that ends just before a '/', skipping the leading
     * '/' of an absolute name and runs of slashes. */
    for (char *p = path + 1; *p; p++) {
        if (*p == '/' && p[-1] != '/') {
            *p = '\0';
            error = mkdir_one(path);
            *p = '/';
            if (error) {
                goto out;
            }
        }
    }
    error = mkdir_one(path);

out:
    free(path);
    return error;
}
