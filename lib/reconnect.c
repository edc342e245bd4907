/* reconnect: see include/osw/reconnect.h for the state machine. */
#include <config.h>
#include "osw/reconnect.h"

#include <limits.h>
#include <stdlib.h>
#include "osw/poll-loop.h"
#include "osw/util.h"

struct reconnect {
    char *name;
    int min_backoff;
    int max_backoff;
    int probe_interval;
    bool passive;
    unsigned int max_tries;

    enum reconnect_state state;
    long long int state_entered;
    int backoff;

    long long int creation_time;
    long long int last_activity;
    long long int last_connected;
    long long int last_disconnected;
    long long int total_connected_duration; /* Of finished connections. */
    unsigned int seqno;
    unsigned int n_attempted_connections;
    unsigned int n_successful_connections;
};

static bool
state_is_connected(enum reconnect_state state)
{
    return (state == RECONNECT_S_ACTIVE || state == RECONNECT_S_IDLE
            || state == RECONNECT_S_RECONNECT);
}

static long long int
add_msec(long long int a, long long int b)
{
    return a > LLONG_MAX - b ? LLONG_MAX : a + b;
}

/* Moves to 'state', keeping the statistics that depend on crossing the
 * connected/disconnected boundary. */
static void
transition(struct reconnect *fsm, long long int now,
           enum reconnect_state state)
{
    bool was_connected = state_is_connected(fsm->state);
    bool is_connected = state_is_connected(state);

    if (state == RECONNECT_S_CONNECTING) {
        fsm->n_attempted_connections++;
    }
    if (was_connected != is_connected) {
        fsm->seqno++;
        if (is_connected) {
            fsm->last_connected = now;
            fsm->n_successful_connections++;
        } else {
            fsm->total_connected_duration += now - fsm->last_connected;
            fsm->last_disconnected = now;
        }
    }
    fsm->state = state;
    fsm->state_entered = now;
}

/* Uses up one try, if any is left.  Returns false when none was. */
static bool
may_retry(struct reconnect *fsm)
{
    if (!fsm->max_tries) {
        return false;
    }
    if (fsm->max_tries != UINT_MAX) {
        fsm->max_tries--;
    }
    return true;
}

/* Creates a state machine in VOID, with default settings, at 'now'. */
struct reconnect *
reconnect_create(long long int now)
{
    struct reconnect *fsm = xzalloc(sizeof *fsm);
    fsm->name = xstrdup("void");
    fsm->min_backoff = RECONNECT_DEFAULT_MIN_BACKOFF;
    fsm->max_backoff = RECONNECT_DEFAULT_MAX_BACKOFF;
    fsm->probe_interval = RECONNECT_DEFAULT_PROBE_INTERVAL;
    fsm->max_tries = UINT_MAX;
    fsm->state = RECONNECT_S_VOID;
    fsm->state_entered = now;
    fsm->creation_time = now;
    fsm->last_activity = RECONNECT_NEVER;
    fsm->last_connected = RECONNECT_NEVER;
    fsm->last_disconnected = RECONNECT_NEVER;
    return fsm;
}

/* Frees 'fsm' (which may be NULL). */
void
reconnect_destroy(struct reconnect *fsm)
{
    if (fsm) {
        free(fsm->name);
        free(fsm);
    }
}

/* Sets the name used in the caller's log messages to a copy of 'name'
 * (NULL: "void"). */
void
reconnect_set_name(struct reconnect *fsm, const char *name)
{
    free(fsm->name);
    fsm->name = xstrdup(name ? name : "void");
}

/* Returns the name set with reconnect_set_name(). */
const char *
reconnect_get_name(const struct reconnect *fsm)
{
    return fsm->name;
}

/* Sets the backoff bounds to 'min_backoff' and 'max_backoff' ms (see the
 * header for defaults), trimming a backoff in progress to the new
 * maximum. */
void
reconnect_set_backoff(struct reconnect *fsm, int min_backoff,
                      int max_backoff)
{
    fsm->min_backoff = (min_backoff > 0 ? min_backoff
                        : RECONNECT_DEFAULT_MIN_BACKOFF);
    fsm->max_backoff = (max_backoff > 0 ? max_backoff
                        : RECONNECT_DEFAULT_MAX_BACKOFF);
    if (fsm->max_backoff < fsm->min_backoff) {
        fsm->max_backoff = fsm->min_backoff;
    }
    if (fsm->state == RECONNECT_S_BACKOFF
        && fsm->backoff > fsm->max_backoff) {
        fsm->backoff = fsm->max_backoff;
    }
}

/* Returns the minimum backoff, in ms. */
int
reconnect_get_min_backoff(const struct reconnect *fsm)
{
    return fsm->min_backoff;
}

/* Returns the maximum backoff, in ms. */
int
reconnect_get_max_backoff(const struct reconnect *fsm)
{
    return fsm->max_backoff;
}

/* Sets the inactivity probe interval to 'probe_interval' ms: 0 (or less)
 * disables probes, and values below 1000 become 1000 so that a busy peer
 * is not declared dead by accident. */
void
reconnect_set_probe_interval(struct reconnect *fsm, int probe_interval)
{
    fsm->probe_interval = probe_interval <= 0 ? 0 : MAX(probe_interval,
                                                        1000);
}

/* Returns the probe interval in ms (0: disabled). */
int
reconnect_get_probe_interval(const struct reconnect *fsm)
{
    return fsm->probe_interval;
}

/* Allows 'max_tries' more connection attempts (UINT_MAX: unlimited). */
void
reconnect_set_max_tries(struct reconnect *fsm, unsigned int max_tries)
{
    fsm->max_tries = max_tries;
}

/* Returns the number of connection attempts still allowed. */
unsigned int
reconnect_get_max_tries(const struct reconnect *fsm)
{
    return fsm->max_tries;
}

/* Switches to passive mode if 'passive' is true, active otherwise.  An
 * attempt of the other mode in progress is abandoned for an immediate new
 * one. */
void
reconnect_set_passive(struct reconnect *fsm, bool passive, long long int now)
{
    if (fsm->passive != passive) {
        fsm->passive = passive;
        if (passive
            ? fsm->state == RECONNECT_S_CONNECTING
            : fsm->state == RECONNECT_S_LISTENING) {
            fsm->backoff = 0;
            transition(fsm, now, RECONNECT_S_BACKOFF);
        }
    }
}

/* Returns true in passive mode. */
bool
reconnect_is_passive(const struct reconnect *fsm)
{
    return fsm->passive;
}

/* Starts connecting: from VOID, goes to BACKOFF with no delay, if a try is
 * left. */
void
reconnect_enable(struct reconnect *fsm, long long int now)
{
    if (fsm->state == RECONNECT_S_VOID && may_retry(fsm)) {
        fsm->backoff = 0;
        transition(fsm, now, RECONNECT_S_BACKOFF);
    }
}

/* Stops everything: goes to VOID.  The caller closes its connection. */
void
reconnect_disable(struct reconnect *fsm, long long int now)
{
    if (fsm->state != RECONNECT_S_VOID) {
        transition(fsm, now, RECONNECT_S_VOID);
    }
}

/* Returns true unless in VOID. */
bool
reconnect_is_enabled(const struct reconnect *fsm)
{
    return fsm->state != RECONNECT_S_VOID;
}

/* Asks for the current connection, if any, to be dropped: the next
 * reconnect_run() returns RECONNECT_DISCONNECT. */
void
reconnect_force_reconnect(struct reconnect *fsm, long long int now)
{
    if (fsm->state == RECONNECT_S_ACTIVE || fsm->state == RECONNECT_S_IDLE) {
        transition(fsm, now, RECONNECT_S_RECONNECT);
    }
}

static void
grow_backoff(struct reconnect *fsm)
{
    if (fsm->backoff < fsm->min_backoff) {
        fsm->backoff = fsm->min_backoff;
    } else if (fsm->backoff < fsm->max_backoff / 2) {
        fsm->backoff *= 2;
    } else {
        fsm->backoff = fsm->max_backoff;
    }
}

/* True if the connection that is ending lasted, with data received, long
 * enough to show that the peer was healthy. */
static bool
connection_was_healthy(const struct reconnect *fsm)
{
    return (fsm->last_activity != RECONNECT_NEVER
            && fsm->last_activity >= fsm->last_connected
            && fsm->last_activity - fsm->last_connected >= fsm->backoff);
}

/* Reports that the connection or the attempt ended at 'now' (with 'error',
 * which is only informative).  Goes to BACKOFF, or to VOID if no try is
 * left. */
void
reconnect_disconnected(struct reconnect *fsm, long long int now,
                       int error OSW_UNUSED)
{
    if (fsm->state == RECONNECT_S_VOID || fsm->state == RECONNECT_S_BACKOFF) {
        return;
    }

    if (state_is_connected(fsm->state) && fsm->passive) {
        fsm->backoff = 0;
    } else if (state_is_connected(fsm->state)
               && connection_was_healthy(fsm)) {
        fsm->backoff = fsm->min_backoff;
    } else {
        grow_backoff(fsm);
    }

    transition(fsm, now, (may_retry(fsm)
                          ? RECONNECT_S_BACKOFF : RECONNECT_S_VOID));
}

/* Reports that an active connection attempt started at 'now'. */
void
reconnect_connecting(struct reconnect *fsm, long long int now)
{
    if (fsm->state != RECONNECT_S_CONNECTING) {
        transition(fsm, now, RECONNECT_S_CONNECTING);
    }
}

/* Reports that a listener is open and waiting for connections. */
void
reconnect_listening(struct reconnect *fsm, long long int now)
{
    if (fsm->state != RECONNECT_S_LISTENING) {
        transition(fsm, now, RECONNECT_S_LISTENING);
    }
}

/* Reports that the listener failed with 'error': backs off like a failed
 * connection attempt. */
void
reconnect_listen_error(struct reconnect *fsm, long long int now, int error)
{
    if (fsm->state == RECONNECT_S_LISTENING) {
        reconnect_disconnected(fsm, now, error);
    }
}

/* Reports that a connection is up (made or accepted) at 'now'. */
void
reconnect_connected(struct reconnect *fsm, long long int now)
{
    if (!state_is_connected(fsm->state)) {
        reconnect_connecting(fsm, now);
        transition(fsm, now, RECONNECT_S_ACTIVE);
    }
}

/* Reports that a connection attempt failed with 'error'. */
void
reconnect_connect_failed(struct reconnect *fsm, long long int now, int error)
{
    reconnect_connecting(fsm, now);
    reconnect_disconnected(fsm, now, error);
}

/* Reports that data arrived from the peer at 'now'. */
void
reconnect_activity(struct reconnect *fsm, long long int now)
{
    if (state_is_connected(fsm->state)) {
        if (fsm->state == RECONNECT_S_IDLE) {
            transition(fsm, now, RECONNECT_S_ACTIVE);
        }
        fsm->last_activity = now;
    }
}

/* Returns when reconnect_run() will next have work, or LLONG_MAX. */
static long long int
deadline(const struct reconnect *fsm)
{
    switch (fsm->state) {
    case RECONNECT_S_BACKOFF:
        return add_msec(fsm->state_entered, fsm->backoff);
    case RECONNECT_S_CONNECTING:
        return add_msec(fsm->state_entered, MAX(1000, fsm->backoff));
    case RECONNECT_S_ACTIVE:
        if (fsm->probe_interval) {
            long long int base = MAX(fsm->last_activity, fsm->state_entered);
            return add_msec(base, fsm->probe_interval);
        }
        return LLONG_MAX;
    case RECONNECT_S_IDLE:
        if (fsm->probe_interval) {
            return add_msec(fsm->state_entered, fsm->probe_interval);
        }
        return LLONG_MAX;
    case RECONNECT_S_RECONNECT:
        return fsm->state_entered;
    case RECONNECT_S_VOID:
    case RECONNECT_S_LISTENING:
    default:
        return LLONG_MAX;
    }
}

/* Returns the action due at 'now' (0 if none).  A due probe moves ACTIVE
 * to IDLE; every other action waits for the caller to report the outcome,
 * so it is returned again until then. */
enum reconnect_action
reconnect_run(struct reconnect *fsm, long long int now)
{
    long long int when = deadline(fsm);
    if (when == LLONG_MAX || now < when) {
        return 0;
    }

    switch (fsm->state) {
    case RECONNECT_S_BACKOFF:
        return RECONNECT_CONNECT;
    case RECONNECT_S_ACTIVE:
        transition(fsm, now, RECONNECT_S_IDLE);
        return RECONNECT_PROBE;
    case RECONNECT_S_CONNECTING:
    case RECONNECT_S_IDLE:
    case RECONNECT_S_RECONNECT:
        return RECONNECT_DISCONNECT;
    case RECONNECT_S_VOID:
    case RECONNECT_S_LISTENING:
    default:
        return 0;
    }
}

/* Makes the poll loop wake up when reconnect_run() has work. */
void
reconnect_wait(struct reconnect *fsm, long long int now)
{
    int timeout = reconnect_timeout(fsm, now);
    if (timeout >= 0) {
        poll_timer_wait(timeout);
    }
}

/* Returns ms until reconnect_run() has work (0 if overdue), or -1. */
int
reconnect_timeout(struct reconnect *fsm, long long int now)
{
    long long int when = deadline(fsm);
    if (when == LLONG_MAX) {
        return -1;
    }
    long long int remaining = when - now;
    return remaining <= 0 ? 0 : remaining > INT_MAX ? INT_MAX : remaining;
}

/* Returns the current state. */
enum reconnect_state
reconnect_get_state(const struct reconnect *fsm)
{
    return fsm->state;
}

/* Returns the upper-case name of 'state'. */
const char *
reconnect_state_name(enum reconnect_state state)
{
    switch (state) {
    case RECONNECT_S_VOID: return "VOID";
    case RECONNECT_S_BACKOFF: return "BACKOFF";
    case RECONNECT_S_CONNECTING: return "CONNECTING";
    case RECONNECT_S_ACTIVE: return "ACTIVE";
    case RECONNECT_S_IDLE: return "IDLE";
    case RECONNECT_S_RECONNECT: return "RECONNECT";
    case RECONNECT_S_LISTENING: return "LISTENING";
    }
    return "<unknown>";
}

/* Returns true while a connection is up. */
bool
reconnect_is_connected(const struct reconnect *fsm)
{
    return state_is_connected(fsm->state);
}

/* Returns ms since the last connection was made, or -1 if never. */
long long int
reconnect_get_last_connect_elapsed(const struct reconnect *fsm,
                                   long long int now)
{
    return (fsm->last_connected == RECONNECT_NEVER ? -1
            : now - fsm->last_connected);
}

/* Returns ms since the last connection was lost, or -1 if never. */
long long int
reconnect_get_last_disconnect_elapsed(const struct reconnect *fsm,
                                      long long int now)
{
    return (fsm->last_disconnected == RECONNECT_NEVER ? -1
            : now - fsm->last_disconnected);
}

/* Fills in 'stats' as of 'now'. */
void
reconnect_get_stats(const struct reconnect *fsm, long long int now,
                    struct reconnect_stats *stats)
{
    bool connected = state_is_connected(fsm->state);

    stats->creation_time = fsm->creation_time;
    stats->last_activity = fsm->last_activity;
    stats->last_connected = fsm->last_connected;
    stats->last_disconnected = fsm->last_disconnected;
    stats->backoff = fsm->backoff;
    stats->seqno = fsm->seqno;
    stats->is_connected = connected;
    stats->msec_since_connect = reconnect_get_last_connect_elapsed(fsm, now);
    stats->msec_since_disconnect
        = reconnect_get_last_disconnect_elapsed(fsm, now);
    stats->total_connected_duration = fsm->total_connected_duration;
    if (connected) {
        stats->total_connected_duration += now - fsm->last_connected;
    }
    stats->n_attempted_connections = fsm->n_attempted_connections;
    stats->n_successful_connections = fsm->n_successful_connections;
    stats->state = reconnect_state_name(fsm->state);
    stats->state_elapsed = now - fsm->state_entered;
}
