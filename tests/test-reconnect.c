/* Tests for reconnect: scenarios that drive the state machine with
 * invented times. */
#include <config.h>
#include "osw/reconnect.h"

#include <errno.h>
#include "osw/poll-loop.h"
#include "osw/timeval.h"
#include "testlib.h"

#define CHECK_STATE(FSM, STATE) \
    CHECK_STREQ(reconnect_state_name(reconnect_get_state(FSM)), STATE)

/* Makes one failed active attempt at 'now': run() must ask to connect. */
static void
fail_attempt(struct reconnect *fsm, long long int now)
{
    CHECK_EQ(reconnect_run(fsm, now), RECONNECT_CONNECT);
    reconnect_connecting(fsm, now);
    CHECK_STATE(fsm, "CONNECTING");
    reconnect_connect_failed(fsm, now, ECONNREFUSED);
}

OSW_TEST(initial_state)
{
    struct reconnect *fsm = reconnect_create(1000);
    CHECK_STATE(fsm, "VOID");
    CHECK(!reconnect_is_enabled(fsm));
    CHECK(!reconnect_is_connected(fsm));
    CHECK(!reconnect_is_passive(fsm));
    CHECK_EQ(reconnect_run(fsm, 1000000), 0);
    CHECK_EQ(reconnect_timeout(fsm, 1000), -1);
    CHECK_EQ(reconnect_get_min_backoff(fsm), 1000);
    CHECK_EQ(reconnect_get_max_backoff(fsm), 8000);
    CHECK_EQ(reconnect_get_probe_interval(fsm), 5000);
    CHECK_EQ(reconnect_get_max_tries(fsm), UINT_MAX);
    CHECK_STREQ(reconnect_get_name(fsm), "void");
    CHECK_EQ(reconnect_get_last_connect_elapsed(fsm, 5000), -1);
    CHECK_EQ(reconnect_get_last_disconnect_elapsed(fsm, 5000), -1);
    reconnect_destroy(fsm);
    reconnect_destroy(NULL);
}

OSW_TEST(name)
{
    struct reconnect *fsm = reconnect_create(0);
    reconnect_set_name(fsm, "tcp:10.0.0.1:6640");
    CHECK_STREQ(reconnect_get_name(fsm), "tcp:10.0.0.1:6640");
    reconnect_set_name(fsm, NULL);
    CHECK_STREQ(reconnect_get_name(fsm), "void");
    reconnect_destroy(fsm);
}

OSW_TEST(state_names)
{
    CHECK_STREQ(reconnect_state_name(RECONNECT_S_VOID), "VOID");
    CHECK_STREQ(reconnect_state_name(RECONNECT_S_BACKOFF), "BACKOFF");
    CHECK_STREQ(reconnect_state_name(RECONNECT_S_CONNECTING), "CONNECTING");
    CHECK_STREQ(reconnect_state_name(RECONNECT_S_ACTIVE), "ACTIVE");
    CHECK_STREQ(reconnect_state_name(RECONNECT_S_IDLE), "IDLE");
    CHECK_STREQ(reconnect_state_name(RECONNECT_S_RECONNECT), "RECONNECT");
    CHECK_STREQ(reconnect_state_name(RECONNECT_S_LISTENING), "LISTENING");
    CHECK_STREQ(reconnect_state_name((enum reconnect_state) 99),
                "<unknown>");
}

OSW_TEST(enable_connects_at_once)
{
    struct reconnect *fsm = reconnect_create(0);
    reconnect_enable(fsm, 500);
    CHECK_STATE(fsm, "BACKOFF");
    CHECK(reconnect_is_enabled(fsm));
    CHECK_EQ(reconnect_timeout(fsm, 500), 0);
    CHECK_EQ(reconnect_run(fsm, 500), RECONNECT_CONNECT);
    /* Until the caller reports, the action stays due. */
    CHECK_EQ(reconnect_run(fsm, 501), RECONNECT_CONNECT);
    reconnect_connecting(fsm, 501);
    reconnect_connected(fsm, 600);
    CHECK_STATE(fsm, "ACTIVE");
    CHECK(reconnect_is_connected(fsm));
    /* A second enable changes nothing. */
    reconnect_enable(fsm, 700);
    CHECK_STATE(fsm, "ACTIVE");
    reconnect_destroy(fsm);
}

OSW_TEST(backoff_doubles_and_caps)
{
    static const int expected[] = { 1000, 2000, 4000, 8000, 8000, 8000 };
    struct reconnect *fsm = reconnect_create(0);
    struct reconnect_stats stats;
    long long int now = 0;

    reconnect_enable(fsm, now);
    for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
        fail_attempt(fsm, now);
        CHECK_STATE(fsm, "BACKOFF");
        reconnect_get_stats(fsm, now, &stats);
        CHECK_EQ(stats.backoff, expected[i]);
        CHECK_EQ(reconnect_timeout(fsm, now), expected[i]);
        CHECK_EQ(reconnect_run(fsm, now + expected[i] - 1), 0);
        now += expected[i];
    }
    CHECK_EQ(reconnect_run(fsm, now), RECONNECT_CONNECT);
    reconnect_get_stats(fsm, now, &stats);
    CHECK_EQ(stats.n_attempted_connections, ARRAY_SIZE(expected));
    CHECK_EQ(stats.n_successful_connections, 0);
    CHECK_EQ(stats.seqno, 0);
    reconnect_destroy(fsm);
}

OSW_TEST(backoff_custom_bounds)
{
    struct reconnect *fsm = reconnect_create(0);
    struct reconnect_stats stats;

    reconnect_set_backoff(fsm, 100, 700);
    CHECK_EQ(reconnect_get_min_backoff(fsm), 100);
    CHECK_EQ(reconnect_get_max_backoff(fsm), 700);
    reconnect_enable(fsm, 0);

    static const int expected[] = { 100, 200, 400, 700, 700 };
    long long int now = 0;
    for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
        fail_attempt(fsm, now);
        reconnect_get_stats(fsm, now, &stats);
        CHECK_EQ(stats.backoff, expected[i]);
        now += expected[i];
    }

    /* Lowering the maximum trims a backoff in progress. */
    reconnect_set_backoff(fsm, 100, 300);
    reconnect_get_stats(fsm, now, &stats);
    CHECK_EQ(stats.backoff, 300);

    /* Defaults and ordering. */
    reconnect_set_backoff(fsm, 0, -1);
    CHECK_EQ(reconnect_get_min_backoff(fsm), 1000);
    CHECK_EQ(reconnect_get_max_backoff(fsm), 8000);
    reconnect_set_backoff(fsm, 5000, 2000);
    CHECK_EQ(reconnect_get_min_backoff(fsm), 5000);
    CHECK_EQ(reconnect_get_max_backoff(fsm), 5000);
    reconnect_set_backoff(fsm, 10000, 0);
    CHECK_EQ(reconnect_get_max_backoff(fsm), 10000);
    reconnect_destroy(fsm);
}

OSW_TEST(connect_timeout)
{
    struct reconnect *fsm = reconnect_create(0);
    reconnect_enable(fsm, 0);
    reconnect_connecting(fsm, 0);
    /* The first attempt may take at least a second. */
    CHECK_EQ(reconnect_timeout(fsm, 0), 1000);
    CHECK_EQ(reconnect_run(fsm, 999), 0);
    CHECK_EQ(reconnect_run(fsm, 1000), RECONNECT_DISCONNECT);
    reconnect_disconnected(fsm, 1000, ETIMEDOUT);
    CHECK_STATE(fsm, "BACKOFF");

    /* Later attempts get as long as the backoff, once it is longer. */
    fail_attempt(fsm, 2000);        /* backoff 2000 */
    fail_attempt(fsm, 4000);        /* backoff 4000 */
    CHECK_EQ(reconnect_run(fsm, 8000), RECONNECT_CONNECT);
    reconnect_connecting(fsm, 8000);
    CHECK_EQ(reconnect_timeout(fsm, 8000), 4000);
    CHECK_EQ(reconnect_run(fsm, 11999), 0);
    CHECK_EQ(reconnect_run(fsm, 12000), RECONNECT_DISCONNECT);
    reconnect_destroy(fsm);
}

OSW_TEST(probe_then_disconnect)
{
    struct reconnect *fsm = reconnect_create(0);
    reconnect_enable(fsm, 0);
    reconnect_connecting(fsm, 0);
    reconnect_connected(fsm, 0);
    CHECK_STATE(fsm, "ACTIVE");
    CHECK_EQ(reconnect_timeout(fsm, 0), 5000);
    CHECK_EQ(reconnect_run(fsm, 4999), 0);

    /* Activity pushes the probe back. */
    reconnect_activity(fsm, 3000);
    CHECK_EQ(reconnect_timeout(fsm, 3000), 5000);
    CHECK_EQ(reconnect_run(fsm, 7999), 0);
    CHECK_EQ(reconnect_run(fsm, 8000), RECONNECT_PROBE);
    CHECK_STATE(fsm, "IDLE");
    CHECK(reconnect_is_connected(fsm));

    /* An answer brings it back to ACTIVE. */
    reconnect_activity(fsm, 9000);
    CHECK_STATE(fsm, "ACTIVE");
    CHECK_EQ(reconnect_run(fsm, 13999), 0);
    CHECK_EQ(reconnect_run(fsm, 14000), RECONNECT_PROBE);

    /* Silence after the probe: disconnect after another interval. */
    CHECK_EQ(reconnect_timeout(fsm, 14000), 5000);
    CHECK_EQ(reconnect_run(fsm, 18999), 0);
    CHECK_EQ(reconnect_run(fsm, 19000), RECONNECT_DISCONNECT);
    CHECK_STATE(fsm, "IDLE");
    reconnect_disconnected(fsm, 19000, ETIMEDOUT);
    CHECK_STATE(fsm, "BACKOFF");
    CHECK(!reconnect_is_connected(fsm));
    reconnect_destroy(fsm);
}

OSW_TEST(probe_interval_settings)
{
    struct reconnect *fsm = reconnect_create(0);
    reconnect_set_probe_interval(fsm, 0);
    CHECK_EQ(reconnect_get_probe_interval(fsm), 0);
    reconnect_enable(fsm, 0);
    reconnect_connected(fsm, 0);
    CHECK_EQ(reconnect_timeout(fsm, 0), -1);
    CHECK_EQ(reconnect_run(fsm, 1000000000), 0);
    CHECK_STATE(fsm, "ACTIVE");

    reconnect_set_probe_interval(fsm, 500);
    CHECK_EQ(reconnect_get_probe_interval(fsm), 1000);
    reconnect_set_probe_interval(fsm, -5);
    CHECK_EQ(reconnect_get_probe_interval(fsm), 0);
    reconnect_set_probe_interval(fsm, 2500);
    CHECK_EQ(reconnect_get_probe_interval(fsm), 2500);
    /* Measured from the later of connection and last activity. */
    CHECK_EQ(reconnect_run(fsm, 2500), RECONNECT_PROBE);

    /* Disabling probes while IDLE leaves no deadline. */
    reconnect_set_probe_interval(fsm, 0);
    CHECK_EQ(reconnect_timeout(fsm, 3000), -1);
    CHECK_EQ(reconnect_run(fsm, 100000), 0);
    reconnect_destroy(fsm);
}

/* Builds up a backoff of 4000 ms, then connects at 'now'. */
static struct reconnect *
connect_after_failures(long long int now)
{
    struct reconnect *fsm = reconnect_create(0);
    reconnect_enable(fsm, 0);
    fail_attempt(fsm, 0);
    fail_attempt(fsm, 1000);
    fail_attempt(fsm, 3000);
    reconnect_connecting(fsm, now);
    reconnect_connected(fsm, now);
    return fsm;
}

static int
backoff_of(const struct reconnect *fsm)
{
    struct reconnect_stats stats;
    reconnect_get_stats(fsm, 0, &stats);
    return stats.backoff;
}

OSW_TEST(healthy_connection_resets_backoff)
{
    struct reconnect *fsm = connect_after_failures(10000);
    CHECK_EQ(backoff_of(fsm), 4000);
    reconnect_activity(fsm, 15000);
    reconnect_disconnected(fsm, 16000, EOF);
    CHECK_EQ(backoff_of(fsm), 1000);
    CHECK_EQ(reconnect_run(fsm, 16999), 0);
    CHECK_EQ(reconnect_run(fsm, 17000), RECONNECT_CONNECT);
    reconnect_destroy(fsm);
}

OSW_TEST(short_connection_keeps_backing_off)
{
    /* Data only shortly after connecting: no proof of health. */
    struct reconnect *fsm = connect_after_failures(10000);
    reconnect_activity(fsm, 10100);
    reconnect_disconnected(fsm, 20000, EOF);
    CHECK_EQ(backoff_of(fsm), 8000);
    reconnect_destroy(fsm);

    /* No data at all. */
    fsm = connect_after_failures(10000);
    reconnect_disconnected(fsm, 50000, EOF);
    CHECK_EQ(backoff_of(fsm), 8000);
    reconnect_destroy(fsm);
}

OSW_TEST(first_connection_drop)
{
    /* Connected at the first try, so the backoff was 0. */
    struct reconnect *fsm = reconnect_create(0);
    reconnect_enable(fsm, 0);
    reconnect_connecting(fsm, 0);
    reconnect_connected(fsm, 10);
    reconnect_activity(fsm, 20);
    reconnect_disconnected(fsm, 30, EOF);
    CHECK_EQ(backoff_of(fsm), 1000);
    reconnect_destroy(fsm);
}

OSW_TEST(force_reconnect)
{
    struct reconnect *fsm = reconnect_create(0);

    /* Nothing to do while not connected. */
    reconnect_force_reconnect(fsm, 0);
    CHECK_STATE(fsm, "VOID");

    reconnect_enable(fsm, 0);
    reconnect_connected(fsm, 0);
    reconnect_force_reconnect(fsm, 100);
    CHECK_STATE(fsm, "RECONNECT");
    CHECK(reconnect_is_connected(fsm));
    CHECK_EQ(reconnect_timeout(fsm, 100), 0);
    CHECK_EQ(reconnect_run(fsm, 100), RECONNECT_DISCONNECT);
    reconnect_disconnected(fsm, 100, 0);
    CHECK_STATE(fsm, "BACKOFF");
    reconnect_destroy(fsm);
}

OSW_TEST(disable)
{
    struct reconnect *fsm = reconnect_create(0);
    reconnect_enable(fsm, 0);
    reconnect_connected(fsm, 0);
    reconnect_disable(fsm, 50);
    CHECK_STATE(fsm, "VOID");
    CHECK(!reconnect_is_enabled(fsm));
    CHECK_EQ(reconnect_run(fsm, 100000), 0);
    CHECK_EQ(reconnect_timeout(fsm, 100000), -1);
    /* A drop reported after disabling changes nothing. */
    reconnect_disconnected(fsm, 60, EOF);
    CHECK_STATE(fsm, "VOID");
    reconnect_enable(fsm, 70);
    CHECK_STATE(fsm, "BACKOFF");
    CHECK_EQ(reconnect_run(fsm, 70), RECONNECT_CONNECT);
    reconnect_destroy(fsm);
}

OSW_TEST(passive_listen)
{
    struct reconnect *fsm = reconnect_create(0);
    reconnect_set_passive(fsm, true, 0);
    CHECK(reconnect_is_passive(fsm));
    reconnect_enable(fsm, 0);
    CHECK_EQ(reconnect_run(fsm, 0), RECONNECT_CONNECT);
    reconnect_listening(fsm, 0);
    CHECK_STATE(fsm, "LISTENING");
    CHECK(!reconnect_is_connected(fsm));
    /* Listening never times out. */
    CHECK_EQ(reconnect_timeout(fsm, 0), -1);
    CHECK_EQ(reconnect_run(fsm, 10000000), 0);

    /* A peer connects, then leaves: listen again at once. */
    reconnect_connected(fsm, 100);
    CHECK_STATE(fsm, "ACTIVE");
    reconnect_disconnected(fsm, 200, EOF);
    CHECK_STATE(fsm, "BACKOFF");
    CHECK_EQ(backoff_of(fsm), 0);
    CHECK_EQ(reconnect_run(fsm, 200), RECONNECT_CONNECT);
    reconnect_listening(fsm, 200);

    /* Listener failures back off like connection failures. */
    reconnect_listen_error(fsm, 300, EADDRINUSE);
    CHECK_STATE(fsm, "BACKOFF");
    CHECK_EQ(backoff_of(fsm), 1000);
    CHECK_EQ(reconnect_run(fsm, 1299), 0);
    CHECK_EQ(reconnect_run(fsm, 1300), RECONNECT_CONNECT);
    reconnect_connect_failed(fsm, 1300, EADDRINUSE);
    CHECK_EQ(backoff_of(fsm), 2000);

    /* listen_error outside LISTENING is ignored. */
    reconnect_listen_error(fsm, 1400, EADDRINUSE);
    CHECK_EQ(backoff_of(fsm), 2000);
    reconnect_destroy(fsm);
}

OSW_TEST(switch_mode_during_attempt)
{
    struct reconnect *fsm = reconnect_create(0);
    reconnect_enable(fsm, 0);
    fail_attempt(fsm, 0);
    reconnect_connecting(fsm, 1000);
    reconnect_set_passive(fsm, true, 1500);
    CHECK_STATE(fsm, "BACKOFF");
    CHECK_EQ(reconnect_run(fsm, 1500), RECONNECT_CONNECT);
    reconnect_listening(fsm, 1500);
    reconnect_set_passive(fsm, false, 1600);
    CHECK_STATE(fsm, "BACKOFF");
    CHECK(!reconnect_is_passive(fsm));
    CHECK_EQ(reconnect_run(fsm, 1600), RECONNECT_CONNECT);
    /* Same mode again: no change. */
    reconnect_connecting(fsm, 1700);
    reconnect_set_passive(fsm, false, 1800);
    CHECK_STATE(fsm, "CONNECTING");
    reconnect_destroy(fsm);
}

OSW_TEST(max_tries)
{
    struct reconnect *fsm = reconnect_create(0);
    reconnect_set_max_tries(fsm, 3);
    reconnect_enable(fsm, 0);
    CHECK_EQ(reconnect_get_max_tries(fsm), 2);
    fail_attempt(fsm, 0);
    CHECK_STATE(fsm, "BACKOFF");
    CHECK_EQ(reconnect_get_max_tries(fsm), 1);
    fail_attempt(fsm, 1000);
    CHECK_STATE(fsm, "BACKOFF");
    CHECK_EQ(reconnect_get_max_tries(fsm), 0);
    fail_attempt(fsm, 3000);
    CHECK_STATE(fsm, "VOID");
    CHECK(!reconnect_is_enabled(fsm));
    CHECK_EQ(reconnect_run(fsm, 100000), 0);
    /* Out of tries: enabling again does nothing. */
    reconnect_enable(fsm, 200000);
    CHECK_STATE(fsm, "VOID");

    struct reconnect_stats stats;
    reconnect_get_stats(fsm, 200000, &stats);
    CHECK_EQ(stats.n_attempted_connections, 3);
    reconnect_destroy(fsm);
}

OSW_TEST(max_tries_zero)
{
    struct reconnect *fsm = reconnect_create(0);
    reconnect_set_max_tries(fsm, 0);
    reconnect_enable(fsm, 0);
    CHECK_STATE(fsm, "VOID");
    reconnect_destroy(fsm);

    /* Enabled, then no more tries: a drop ends everything. */
    fsm = reconnect_create(0);
    reconnect_enable(fsm, 0);
    reconnect_set_max_tries(fsm, 0);
    reconnect_connected(fsm, 10);
    reconnect_disconnected(fsm, 20, EOF);
    CHECK_STATE(fsm, "VOID");
    reconnect_destroy(fsm);
}

OSW_TEST(connected_from_void)
{
    /* As for a connection accepted elsewhere and handed over. */
    struct reconnect *fsm = reconnect_create(0);
    reconnect_set_max_tries(fsm, 0);
    reconnect_connected(fsm, 5);
    CHECK_STATE(fsm, "ACTIVE");
    CHECK(reconnect_is_enabled(fsm));
    reconnect_disconnected(fsm, 10, EOF);
    CHECK_STATE(fsm, "VOID");
    reconnect_destroy(fsm);
}

OSW_TEST(stats)
{
    struct reconnect *fsm = reconnect_create(1000);
    struct reconnect_stats stats;

    reconnect_get_stats(fsm, 1500, &stats);
    CHECK_EQ(stats.creation_time, 1000);
    CHECK_EQ(stats.last_activity, RECONNECT_NEVER);
    CHECK_EQ(stats.last_connected, RECONNECT_NEVER);
    CHECK_EQ(stats.last_disconnected, RECONNECT_NEVER);
    CHECK_EQ(stats.backoff, 0);
    CHECK_EQ(stats.seqno, 0);
    CHECK(!stats.is_connected);
    CHECK_EQ(stats.msec_since_connect, -1);
    CHECK_EQ(stats.msec_since_disconnect, -1);
    CHECK_EQ(stats.total_connected_duration, 0);
    CHECK_EQ(stats.n_attempted_connections, 0);
    CHECK_EQ(stats.n_successful_connections, 0);
    CHECK_STREQ(stats.state, "VOID");
    CHECK_EQ(stats.state_elapsed, 500);

    /* One failure, then a connection of 3000 ms. */
    reconnect_enable(fsm, 2000);
    fail_attempt(fsm, 2000);
    CHECK_EQ(reconnect_run(fsm, 3000), RECONNECT_CONNECT);
    reconnect_connecting(fsm, 3000);
    reconnect_connected(fsm, 3100);
    reconnect_activity(fsm, 4000);
    reconnect_get_stats(fsm, 5000, &stats);
    CHECK(stats.is_connected);
    CHECK_STREQ(stats.state, "ACTIVE");
    CHECK_EQ(stats.state_elapsed, 1900);
    CHECK_EQ(stats.last_connected, 3100);
    CHECK_EQ(stats.last_activity, 4000);
    CHECK_EQ(stats.msec_since_connect, 1900);
    CHECK_EQ(stats.msec_since_disconnect, -1);
    CHECK_EQ(stats.total_connected_duration, 1900);
    CHECK_EQ(stats.n_attempted_connections, 2);
    CHECK_EQ(stats.n_successful_connections, 1);
    CHECK_EQ(stats.seqno, 1);

    reconnect_disconnected(fsm, 6100, EOF);
    reconnect_get_stats(fsm, 7000, &stats);
    CHECK(!stats.is_connected);
    CHECK_STREQ(stats.state, "BACKOFF");
    CHECK_EQ(stats.last_disconnected, 6100);
    CHECK_EQ(stats.msec_since_disconnect, 900);
    CHECK_EQ(stats.msec_since_connect, 3900);
    CHECK_EQ(stats.total_connected_duration, 3000);
    CHECK_EQ(stats.seqno, 2);
    /* Active for 900 ms < backoff 1000: keeps backing off. */
    CHECK_EQ(stats.backoff, 2000);

    /* A second connection adds to the total. */
    CHECK_EQ(reconnect_run(fsm, 8100), RECONNECT_CONNECT);
    reconnect_connecting(fsm, 8100);
    reconnect_connected(fsm, 8200);
    reconnect_get_stats(fsm, 9200, &stats);
    CHECK_EQ(stats.total_connected_duration, 4000);
    CHECK_EQ(stats.n_attempted_connections, 3);
    CHECK_EQ(stats.n_successful_connections, 2);
    CHECK_EQ(stats.seqno, 3);
    CHECK_EQ(reconnect_get_last_connect_elapsed(fsm, 9200), 1000);
    CHECK_EQ(reconnect_get_last_disconnect_elapsed(fsm, 9200), 3100);
    reconnect_destroy(fsm);
}

OSW_TEST(timeout_clamps)
{
    struct reconnect *fsm = reconnect_create(0);
    reconnect_enable(fsm, 0);
    fail_attempt(fsm, 0);
    /* Overdue: 0, never negative. */
    CHECK_EQ(reconnect_timeout(fsm, 50000), 0);
    reconnect_destroy(fsm);
}

OSW_TEST(wait_registers_timer)
{
    struct reconnect *fsm = reconnect_create(time_msec());
    reconnect_enable(fsm, time_msec());
    fail_attempt(fsm, time_msec());
    reconnect_set_backoff(fsm, 50, 50);

    long long int start = time_msec();
    reconnect_wait(fsm, start);
    poll_block();
    long long int now = time_msec();
    CHECK(now - start >= 40);
    CHECK(now - start < 5000);
    CHECK_EQ(reconnect_run(fsm, now), RECONNECT_CONNECT);

    /* Nothing scheduled: reconnect_wait() must register nothing, so an
     * immediate wake-up is the only thing that ends this poll_block(). */
    reconnect_disable(fsm, now);
    reconnect_wait(fsm, now);
    poll_immediate_wake();
    poll_block();
    reconnect_destroy(fsm);
}

OSW_TEST_MAIN()
