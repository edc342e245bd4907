/* fatal-signal: cleanup when the process is killed.
 *
 * Daemons create files that must not outlive them: pidfiles and Unix
 * sockets.  fatal_signal_add_file_to_unlink() remembers such a file; when
 * the process exits normally (atexit) or receives SIGTERM, SIGINT, SIGHUP
 * or SIGALRM, every remembered file is unlinked and hooks run, then the
 * process dies of the same signal (so its parent sees the real cause).
 *
 * The signal handler only records the signal and wakes the poll loop
 * (through a pipe that poll_block() always watches); cleanup happens in
 * fatal_signal_run(), which poll_block() calls, so hooks may do anything,
 * including calling this module.  Hooks run once, last registered first,
 * then the files are unlinked.  A second fatal signal that arrives before
 * cleanup is done kills at once, without cleanup (so "kill, kill again"
 * works on a process that is stuck).  A signal that was ignored when the
 * module initialized (SIG_IGN, as under nohup) stays ignored.
 *
 * fatal_signal_fork() must be called after fork() in the process that must
 * not clean up what was registered before (normally the child), so it does
 * not delete its parent's files; it also gives that process a wake-up pipe
 * of its own.
 *
 * Thread-safe; the handlers are process-wide. */
#ifndef OSW_FATAL_SIGNAL_H
#define OSW_FATAL_SIGNAL_H 1

#include <stdbool.h>

/* Installs the handlers.  Idempotent; every function here calls it. */
void fatal_signal_init(void);
/* Registers 'hook' to run with 'aux' on a fatal signal or at exit. */
void fatal_signal_add_hook(void (*hook)(void *aux), void *aux);
/* Remembers 'file_name' (copied) to unlink at exit or on a fatal signal;
 * registering a name twice has no further effect.  _remove_ forgets it
 * without unlinking. */
void fatal_signal_add_file_to_unlink(const char *file_name);
void fatal_signal_remove_file_to_unlink(const char *file_name);
/* Unlinks 'file_name' now and forgets it.  Returns 0 or errno. */
int fatal_signal_unlink_file_now(const char *file_name);
void fatal_signal_fork(void);
/* Handles a pending fatal signal: cleans up and re-raises it (so it does
 * not return then).  poll_block() calls it before and after sleeping. */
void fatal_signal_run(void);
/* Makes the next poll_block() wake up on a fatal signal; poll_block() calls
 * it itself. */
void fatal_signal_wait(void);

#endif /* fatal-signal.h */
