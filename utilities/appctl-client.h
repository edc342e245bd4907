/* appctl-client: the client side that osw-appctl and osw-dpctl share:
 * find a daemon's control socket, send one command, print the reply. */
#ifndef APPCTL_CLIENT_H
#define APPCTL_CLIENT_H 1

/* Sends 'command' with the 'argc' arguments in 'argv' to the daemon
 * 'target' (a socket path if it contains '/', RUNDIR/TARGET if it ends in
 * ".ctl", else RUNDIR/TARGET.PID.ctl with the PID from RUNDIR/TARGET.pid),
 * waiting at most 'timeout' seconds (0: forever).  Prints the reply on
 * stdout, or the daemon's error on stderr.  Returns the exit status: 0,
 * or 2 if the daemon answered with an error.  Exits with a message if the
 * daemon cannot be reached or the exchange fails or times out. */
int appctl_client_run(const char *target, unsigned int timeout,
                      const char *command, int argc, char *argv[]);

#endif /* appctl-client.h */
