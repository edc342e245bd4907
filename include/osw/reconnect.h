/* reconnect: when to connect, probe and give up, as a pure state machine.
 *
 * A long-lived client (a database client, a switch's controller
 * connection) must reconnect after every failure without hammering a peer
 * that is down, notice a peer that has silently gone away, and report what
 * happened for status columns.  This module makes those decisions and
 * nothing else: it performs no I/O and never reads a clock.  Every function
 * that depends on time takes 'now', in milliseconds on the monotonic clock
 * (time_msec()), so tests can drive it with invented times and the caller
 * stays in charge of sockets.  The caller's loop is:
 *
 *     switch (reconnect_run(fsm, now)) {
 *     case RECONNECT_CONNECT:    start connecting (or listening), then call
 *                                reconnect_connecting() or _listening(), or
 *                                reconnect_connect_failed() at once
 *     case RECONNECT_DISCONNECT: close the connection, then call
 *                                reconnect_disconnected()
 *     case RECONNECT_PROBE:      send something the peer must answer
 *     }
 *     ... report outcomes: reconnect_connected(), _connect_failed(),
 *         _activity() whenever data arrives, _disconnected() on a drop ...
 *     reconnect_wait(fsm, now);   (registers the next deadline)
 *
 * States (reconnect_get_state()):
 *
 *   VOID        Not trying to connect: freshly created, disabled, or out of
 *               tries.  reconnect_enable() leaves it.
 *   BACKOFF     Waiting 'backoff' ms before the next attempt; then run()
 *               returns RECONNECT_CONNECT.  Entered from VOID with a backoff
 *               of 0 (connect at once) and after every failure or drop.
 *   CONNECTING  An active connection attempt is in progress.  If it takes
 *               longer than MAX(1000, backoff) ms, run() returns
 *               RECONNECT_DISCONNECT (the attempt timed out).
 *   LISTENING   Passive mode: a listener is open, waiting for a peer.  No
 *               timeout.
 *   ACTIVE      Connected, and data arrived within the last probe_interval
 *               ms.  When probe_interval ms pass with nothing received,
 *               run() returns RECONNECT_PROBE and the state becomes IDLE.
 *   IDLE        Connected, a probe was sent, no answer yet.  Any activity
 *               returns to ACTIVE; another probe_interval ms of silence and
 *               run() returns RECONNECT_DISCONNECT.
 *   RECONNECT   reconnect_force_reconnect() was called on a connection:
 *               run() returns RECONNECT_DISCONNECT at once.
 *
 * Backoff: the first failure waits min_backoff ms (default 1000); each
 * further consecutive failure doubles the wait up to max_backoff (default
 * 8000): 1000, 2000, 4000, 8000, 8000...  A connection that drops after
 * staying up (with data received) for at least the current backoff resets
 * it to min_backoff: the peer was healthy, so this drop says nothing about
 * the next attempt.  In passive mode a dropped connection resets the
 * backoff to 0 (listen again at once); only listener failures back off.
 *
 * Tries: reconnect_set_max_tries() bounds the number of connection attempts
 * (UINT_MAX, the default, means no bound).  Each attempt, the one started by
 * reconnect_enable() included, uses one try; after a failure with no tries
 * left the machine goes to VOID instead of BACKOFF and stays there.
 *
 * Probes: probe_interval 0 disables them (sensible for local unix
 * sockets); a nonzero value below 1000 ms is raised to 1000.
 *
 * Statistics (reconnect_get_stats()) count attempts, successes and
 * connected time, for status columns such as Manager and Controller
 * "status" in the database.
 *
 * Ownership: reconnect_create() returns an object the caller frees with
 * reconnect_destroy(); the name is copied.  Not thread-safe. */
#ifndef OSW_RECONNECT_H
#define OSW_RECONNECT_H 1

#include <limits.h>
#include <stdbool.h>

#define RECONNECT_DEFAULT_MIN_BACKOFF 1000
#define RECONNECT_DEFAULT_MAX_BACKOFF 8000
#define RECONNECT_DEFAULT_PROBE_INTERVAL 5000

enum reconnect_state {
    RECONNECT_S_VOID,
    RECONNECT_S_BACKOFF,
    RECONNECT_S_CONNECTING,
    RECONNECT_S_ACTIVE,
    RECONNECT_S_IDLE,
    RECONNECT_S_RECONNECT,
    RECONNECT_S_LISTENING
};

/* What reconnect_run() asks the caller to do. */
enum reconnect_action {
    RECONNECT_CONNECT = 1,      /* Start connecting (or listening). */
    RECONNECT_DISCONNECT,       /* Close the connection or attempt. */
    RECONNECT_PROBE             /* Send a probe (e.g. an "echo" request). */
};

struct reconnect;

struct reconnect *reconnect_create(long long int now);
void reconnect_destroy(struct reconnect *);

/* The name is for the caller's log messages ("tcp:10.0.0.1:6640"). */
void reconnect_set_name(struct reconnect *, const char *name);
const char *reconnect_get_name(const struct reconnect *);

/* Backoff bounds in ms.  'min_backoff' <= 0 and 'max_backoff' <= 0 select
 * the defaults; 'max_backoff' is raised to 'min_backoff' if below it. */
void reconnect_set_backoff(struct reconnect *, int min_backoff,
                           int max_backoff);
int reconnect_get_min_backoff(const struct reconnect *);
int reconnect_get_max_backoff(const struct reconnect *);

/* 0 disables probing; see above. */
void reconnect_set_probe_interval(struct reconnect *, int probe_interval);
int reconnect_get_probe_interval(const struct reconnect *);

/* Number of connection attempts still allowed (UINT_MAX: unlimited). */
void reconnect_set_max_tries(struct reconnect *, unsigned int max_tries);
unsigned int reconnect_get_max_tries(const struct reconnect *);

/* Passive mode: the caller listens instead of connecting out, so
 * RECONNECT_CONNECT means "open the listener" and reconnect_listening()
 * reports success.  Switching mode during an attempt restarts it. */
void reconnect_set_passive(struct reconnect *, bool passive,
                           long long int now);
bool reconnect_is_passive(const struct reconnect *);

/* reconnect_enable() leaves VOID for BACKOFF with no delay (if a try is
 * left); reconnect_disable() goes to VOID from any state. */
void reconnect_enable(struct reconnect *, long long int now);
void reconnect_disable(struct reconnect *, long long int now);
/* True unless in VOID. */
bool reconnect_is_enabled(const struct reconnect *);

/* Asks for the current connection to be dropped and made again. */
void reconnect_force_reconnect(struct reconnect *, long long int now);

/* Outcomes the caller reports.  'error' is a positive errno value, EOF, or
 * 0 for a deliberate close; it is not interpreted, only passed through. */
void reconnect_connecting(struct reconnect *, long long int now);
void reconnect_listening(struct reconnect *, long long int now);
void reconnect_listen_error(struct reconnect *, long long int now,
                            int error);
void reconnect_connected(struct reconnect *, long long int now);
void reconnect_connect_failed(struct reconnect *, long long int now,
                              int error);
void reconnect_disconnected(struct reconnect *, long long int now,
                            int error);
/* Data arrived from the peer: it is alive. */
void reconnect_activity(struct reconnect *, long long int now);

/* Returns the action due at 'now', or 0 for none. */
enum reconnect_action reconnect_run(struct reconnect *, long long int now);
/* Registers the next deadline with the poll loop (poll-loop.h). */
void reconnect_wait(struct reconnect *, long long int now);
/* Milliseconds from 'now' until reconnect_run() will have something to do
 * (0 if overdue), or -1 if nothing is scheduled. */
int reconnect_timeout(struct reconnect *, long long int now);

enum reconnect_state reconnect_get_state(const struct reconnect *);
/* "VOID", "BACKOFF", "CONNECTING", "ACTIVE", "IDLE", "RECONNECT",
 * "LISTENING". */
const char *reconnect_state_name(enum reconnect_state);
/* True in ACTIVE, IDLE and RECONNECT. */
bool reconnect_is_connected(const struct reconnect *);
/* Milliseconds since the last connection was made or lost, or -1 if it
 * never happened. */
long long int reconnect_get_last_connect_elapsed(const struct reconnect *,
                                                 long long int now);
long long int reconnect_get_last_disconnect_elapsed(const struct reconnect *,
                                                    long long int now);

struct reconnect_stats {
    /* Times, on the caller's clock; RECONNECT_NEVER if it did not happen
     * yet. */
    long long int creation_time;     /* 'now' given to reconnect_create(). */
    long long int last_activity;     /* Last reconnect_activity(). */
    long long int last_connected;    /* Last transition to connected. */
    long long int last_disconnected; /* Last transition from connected. */
    int backoff;                     /* Current backoff, in ms. */
    unsigned int seqno;              /* +1 on every connect and drop. */
    bool is_connected;
    long long int msec_since_connect;    /* -1 if never connected. */
    long long int msec_since_disconnect; /* -1 if never disconnected. */
    long long int total_connected_duration; /* ms, current one included. */
    unsigned int n_attempted_connections;
    unsigned int n_successful_connections;
    const char *state;               /* reconnect_state_name(). */
    long long int state_elapsed;     /* ms in the current state. */
};

#define RECONNECT_NEVER LLONG_MIN

void reconnect_get_stats(const struct reconnect *, long long int now,
                         struct reconnect_stats *);

#endif /* reconnect.h */
