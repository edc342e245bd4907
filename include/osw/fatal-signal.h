/* fatal-signal: cleanup when the process is killed.
 *
 * Daemons create files that must not outlive them: pidfiles and Unix
 * sockets.  fatal_signal_add_file_to_unlink() remembers such a file; when
 * the process exits normally (atexit) or receives SIGTERM, SIGINT, SIGHUP
 * or SIGALRM, every remembered file is unlinked and hooks run, then the
 * process dies of the same signal (so its parent sees the real cause).
 *
 * The signal handler only records the signal and wakes the poll loop;
 * cleanup happens in fatal_signal_run(), which poll_block() calls, so hooks
 * may do anything.  A second signal while cleaning up kills at once.
 *
 * fatal_signal_fork() must be called in a child after fork() so it does not
 * delete its parent's files. */
#ifndef OSW_FATAL_SIGNAL_H
#define OSW_FATAL_SIGNAL_H 1

#include <stdbool.h>

void fatal_signal_init(void);
/* Registers 'hook' to run with 'aux' on a fatal signal or at exit. */
void fatal_signal_add_hook(void (*hook)(void *aux), void *aux);
void fatal_signal_add_file_to_unlink(const char *file_name);
void fatal_signal_remove_file_to_unlink(const char *file_name);
/* Unlinks 'file_name' now and forgets it.  Returns 0 or errno. */
int fatal_signal_unlink_file_now(const char *file_name);
void fatal_signal_fork(void);
/* Handles a pending fatal signal: cleans up and re-raises it. */
void fatal_signal_run(void);
void fatal_signal_wait(void);

#endif /* fatal-signal.h */
