/* Unit tests for lib/coverage.c. */
#include <config.h>
#include "osw/coverage.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "osw/dynamic-string.h"
#include "osw/fatal-signal.h"
#include "osw/jsonrpc.h"
#include "osw/poll-loop.h"
#include "osw/unixctl.h"
#include "testlib.h"

COVERAGE_DEFINE(test_alpha);
COVERAGE_DEFINE(test_beta);
COVERAGE_DEFINE(test_never);

OSW_TEST(count_and_get)
{
    CHECK_EQ(coverage_get("test_alpha"), 0);
    COVERAGE_INC(test_alpha);
    COVERAGE_INC(test_alpha);
    COVERAGE_ADD(test_beta, 40);
    CHECK_EQ(coverage_get("test_alpha"), 2);
    CHECK_EQ(coverage_get("test_beta"), 40);
    CHECK_EQ(coverage_get("test_never"), 0);
    CHECK_EQ(coverage_get("no_such_counter"), 0);
}

static void *
count_thread(void *aux)
{
    long n = (long) aux;
    for (long i = 0; i < n; i++) {
        COVERAGE_INC(test_alpha);
    }
    COVERAGE_ADD(test_beta, n);
    return NULL;
}

OSW_TEST(threads_sum_and_survive_exit)
{
    pthread_t threads[8];

    COVERAGE_INC(test_alpha);
    for (long i = 0; i < 8; i++) {
        pthread_create(&threads[i], NULL, count_thread, (void *) 10000);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(threads[i], NULL);
    }
    /* Every thread has exited: their counts live on. */
    CHECK_EQ(coverage_get("test_alpha"), 80001);
    CHECK_EQ(coverage_get("test_beta"), 80000);
}

OSW_TEST(format)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    COVERAGE_ADD(test_beta, 192);
    COVERAGE_INC(test_alpha);
    coverage_format(&s);
    const char *text = ds_cstr(&s);
    CHECK(!strncmp(text, "Event coverage, avg rate over last: 5 seconds, "
                   "last minute, last hour:\n", 70));
    /* Sorted by name; zero counters only counted. */
    const char *a = strstr(text, "test_alpha");
    const char *b = strstr(text, "test_beta");
    CHECK(a && b && a < b);
    CHECK(!strstr(text, "test_never"));
    CHECK(strstr(text, "test_beta                  0.0/sec     0.000/sec"
                 "        0.0000/sec   total: 192\n"));
    CHECK(strstr(text, " events never hit\n"));
    ds_destroy(&s);
}

OSW_TEST(rates)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    long long int t = 1000000;

    coverage_run_at(t);                 /* Baseline. */
    COVERAGE_ADD(test_alpha, 60);
    coverage_run_at(t + 4999);          /* Not due yet. */
    coverage_format(&s);
    CHECK(strstr(ds_cstr(&s), "test_alpha                 0.0/sec     "
                 "0.000/sec        0.0000/sec   total: 60\n"));
    ds_clear(&s);

    t += 5000;
    coverage_run_at(t);                 /* 60 events in 5 s. */
    coverage_format(&s);
    CHECK(strstr(ds_cstr(&s), "test_alpha                12.0/sec     "
                 "1.000/sec        0.0000/sec   total: 60\n"));
    ds_clear(&s);

    /* A full minute later: the minute's total reaches the hour. */
    for (int i = 0; i < 11; i++) {
        t += 5000;
        coverage_run_at(t);
    }
    coverage_format(&s);
    CHECK(strstr(ds_cstr(&s), "test_alpha                 0.0/sec     "
                 "1.000/sec        0.0167/sec   total: 60\n"));
    ds_clear(&s);

    /* Another minute: the 5 s slot with the events has rotated out. */
    for (int i = 0; i < 12; i++) {
        t += 5000;
        coverage_run_at(t);
    }
    coverage_format(&s);
    CHECK(strstr(ds_cstr(&s), "test_alpha                 0.0/sec     "
                 "0.000/sec        0.0167/sec   total: 60\n"));
    ds_destroy(&s);
}

/* Reachable from the forked child, so valgrind does not call them leaks
 * when it exits without freeing. */
static struct unixctl_server *server;
static char *server_path;

OSW_TEST(unixctl_show)
{
    server_path = xasprintf("%s/cov.ctl", osw_test_tmpdir());
    CHECK_EQ(unixctl_server_create(server_path, &server), 0);
    coverage_init();
    COVERAGE_ADD(test_beta, 7);

    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (!pid) {
        struct jsonrpc *client;
        char *result, *err;

        fatal_signal_fork();
        CHECK_EQ(unixctl_client_create(server_path, &client), 0);
        CHECK_EQ(unixctl_client_transact(client, "coverage/show", 0, NULL,
                                         &result, &err), 0);
        CHECK(!err);
        CHECK(!strncmp(result, "Event coverage, avg rate", 24));
        CHECK(strstr(result, "test_beta "));
        CHECK(strstr(result, "total: 7\n"));
        free(result);
        CHECK_EQ(unixctl_client_transact(client, "coverage/show", 1,
                                         (char *[]) { "x" }, &result, &err),
                 0);
        CHECK(!result);
        CHECK(err && strstr(err, "at most 0 arguments"));
        free(err);
        jsonrpc_close(client);
        _exit(0);
    }

    int status;
    for (;;) {
        pid_t retval = waitpid(pid, &status, WNOHANG);
        CHECK(retval >= 0);
        if (retval == pid) {
            break;
        }
        unixctl_server_run(server);
        unixctl_server_wait(server);
        poll_timer_wait(10);
        poll_block();
    }
    CHECK(WIFEXITED(status));
    CHECK_EQ(WEXITSTATUS(status), 0);
    unixctl_server_destroy(server);
    free(server_path);
}
OSW_TEST_MAIN()
