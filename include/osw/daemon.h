/* daemon: what makes a program a well-behaved daemon.
 *
 * Options (DAEMON_LONG_OPTIONS / DAEMON_OPTION_HANDLERS in getopt loops):
 *   --detach             run in the background; the parent exits only once
 *                        the child called daemonize_complete(), so a script
 *                        that starts us can use us right away
 *   --no-chdir           with --detach, keep the working directory
 *   --pidfile[=FILE]     write our pid to FILE (default RUNDIR/PROGRAM.pid),
 *                        locked with fcntl() so a second instance is refused,
 *                        removed at exit
 *   --overwrite-pidfile  take over a pidfile even if it is locked
 *   --monitor            run a monitor process that restarts the daemon when
 *                        it crashes (dies of SIGSEGV, SIGABRT, SIGBUS, SIGFPE
 *                        or SIGILL), logging each restart; a daemon that
 *                        crashes within 5 s of starting is restarted after a
 *                        delay that doubles from 0.5 s up to 16 s.  The
 *                        monitor exits when the daemon exits (with its exit
 *                        status) or dies of any other signal, e.g. SIGTERM
 *                        (with status 0).
 *                        The pidfile names the daemon, not the monitor.
 *
 * A relative --pidfile name is taken relative to RUNDIR, which is created
 * if missing.  A second instance that finds the pidfile locked by a live
 * process exits with "PIDFILE: already running as pid N"; a stale pidfile
 * (its daemon died without cleaning up) is simply taken over.  At exit the
 * pidfile is removed only if it is still ours.
 *
 * Call order in main():
 *     (parse options)
 *     daemonize_start();   // forks (detach, monitor), writes the pidfile
 *     (open sockets, databases; may fail and exit)
 *     daemonize_complete(); // tells the waiting parent we are up
 *
 * read_pidfile() is for clients (osw-appctl) that find a daemon by name.
 * Not thread-safe: call from the main thread before starting threads. */
#ifndef OSW_DAEMON_H
#define OSW_DAEMON_H 1

#include <stdbool.h>
#include <sys/types.h>

enum {
    DAEMON_OPTION_BASE = 4300,
    OPT_DETACH,
    OPT_NO_CHDIR,
    OPT_OVERWRITE_PIDFILE,
    OPT_PIDFILE,
    OPT_MONITOR,
};

#define DAEMON_LONG_OPTIONS                                             \
    {"detach", no_argument, NULL, OPT_DETACH},                          \
    {"no-chdir", no_argument, NULL, OPT_NO_CHDIR},                      \
    {"pidfile", optional_argument, NULL, OPT_PIDFILE},                  \
    {"overwrite-pidfile", no_argument, NULL, OPT_OVERWRITE_PIDFILE},    \
    {"monitor", no_argument, NULL, OPT_MONITOR}

#define DAEMON_OPTION_HANDLERS                                          \
    case OPT_DETACH:                                                    \
        set_detach();                                                   \
        break;                                                          \
    case OPT_NO_CHDIR:                                                  \
        set_no_chdir();                                                 \
        break;                                                          \
    case OPT_PIDFILE:                                                   \
        set_pidfile(optarg);                                            \
        break;                                                          \
    case OPT_OVERWRITE_PIDFILE:                                         \
        ignore_existing_pidfile();                                      \
        break;                                                          \
    case OPT_MONITOR:                                                   \
        daemon_set_monitor();                                           \
        break;

void set_detach(void);
bool get_detach(void);
void set_no_chdir(void);
/* 'name' NULL: RUNDIR/PROGRAM.pid. */
void set_pidfile(const char *name);
const char *get_pidfile(void);
void ignore_existing_pidfile(void);
void daemon_set_monitor(void);

void daemonize_start(void);
void daemonize_complete(void);
/* daemonize_start() + daemonize_complete(). */
void daemonize(void);
void daemon_usage(void);

/* Reads the pid from 'pidfile' and checks that a live process holds its
 * lock.  Returns the pid (our own if it is our pidfile), or a negative
 * errno value: -ENOENT no such file, -ESRCH stale file (nobody holds the
 * lock), -EINVAL no valid pid in it or a pid other than the lock holder's,
 * others for I/O errors. */
pid_t read_pidfile(const char *pidfile);

#endif /* daemon.h */
