/* oswtest-stream: a stream client and echo server for functional tests.
 *
 *   oswtest-stream [OPTIONS] listen PSTREAM
 *       Listens on PSTREAM, prints "port N" (the bound TCP port, 0 for
 *       punix) on stdout, then echoes back whatever each client sends,
 *       serving any number of clients at once, until killed.
 *
 *   oswtest-stream [OPTIONS] send STREAM TEXT
 *       Connects to STREAM (giving up after 10 seconds), sends TEXT, reads
 *       back as many bytes, prints them and exits 0; on any failure prints
 *       the error on stderr and exits 1.
 *
 * OPTIONS are the SSL options (see stream.h) and the vlog options. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "osw/fatal-signal.h"
#include "osw/poll-loop.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "osw/util.h"
#include "osw/vlog.h"

/* How long "send" may take, in ms, from connecting to the last byte. */
#define SEND_TIMEOUT 10000

/* One client of "listen". */
struct echo_client {
    struct stream *stream;
    char buf[4096];             /* Received, not yet echoed. */
    size_t len;
    bool eof;                   /* Client sent everything it will. */
};

static void OSW_NO_RETURN
usage(void)
{
    printf("%s: stream client and echo server for tests\n"
           "usage: %s [OPTIONS] listen PSTREAM\n"
           "       %s [OPTIONS] send STREAM TEXT\n",
           program_name, program_name, program_name);
    stream_usage("STREAM", true, true, true);
    vlog_usage();
    exit(EXIT_SUCCESS);
}

static void
parse_options(int argc, char *argv[])
{
    static const struct option long_options[] = {
        {"help", no_argument, NULL, 'h'},
        STREAM_SSL_LONG_OPTIONS,
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };

    for (;;) {
        int c = getopt_long(argc, argv, "+hp:c:C:v::", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 'h':
            usage();

        STREAM_SSL_OPTION_HANDLERS

        VLOG_OPTION_HANDLERS

        case '?':
        default:
            exit(EXIT_FAILURE);
        }
    }
}

/* Moves data for 'c'.  Returns false once the client is finished with,
 * normally or not. */
static bool
echo_client_run(struct echo_client *c)
{
    stream_run(c->stream);
    if (c->len) {
        int retval = stream_send(c->stream, c->buf, c->len);
        if (retval > 0) {
            memmove(c->buf, c->buf + retval, c->len - retval);
            c->len -= retval;
        } else if (retval != -EAGAIN) {
            fprintf(stderr, "%s: %s: send failed (%s)\n", program_name,
                    stream_get_name(c->stream), osw_strerror(-retval));
            return false;
        }
    }
    if (!c->eof && c->len < sizeof c->buf) {
        int retval = stream_recv(c->stream, c->buf + c->len,
                                 sizeof c->buf - c->len);
        if (retval > 0) {
            c->len += retval;
        } else if (!retval) {
            c->eof = true;
        } else if (retval != -EAGAIN) {
            fprintf(stderr, "%s: %s: receive failed (%s)\n", program_name,
                    stream_get_name(c->stream), osw_strerror(-retval));
            return false;
        }
    }
    return !(c->eof && !c->len);
}

static void
echo_client_wait(struct echo_client *c)
{
    stream_run_wait(c->stream);
    if (c->len) {
        stream_send_wait(c->stream);
    }
    if (!c->eof && c->len < sizeof c->buf) {
        stream_recv_wait(c->stream);
    }
}

static void OSW_NO_RETURN
do_listen(const char *name)
{
    struct echo_client **clients = NULL;
    size_t n_clients = 0, allocated = 0;
    struct pstream *pstream;
    int error;

    error = pstream_open(name, &pstream, 0);
    if (error) {
        osw_fatal(0, "%s: listen failed (%s)", name, osw_strerror(error));
    }
    printf("port %u\n", pstream_get_bound_port(pstream));
    fflush(stdout);

    for (;;) {
        struct stream *stream;

        while (!(error = pstream_accept(pstream, &stream))) {
            struct echo_client *c = xzalloc(sizeof *c);
            c->stream = stream;
            if (n_clients >= allocated) {
                clients = x2nrealloc(clients, &allocated, sizeof *clients);
            }
            clients[n_clients++] = c;
        }
        if (error != EAGAIN) {
            fprintf(stderr, "%s: %s: accept failed (%s)\n", program_name,
                    name, osw_strerror(error));
        }

        for (size_t i = 0; i < n_clients; ) {
            struct echo_client *c = clients[i];
            if (echo_client_run(c)) {
                i++;
            } else {
                stream_close(c->stream);
                free(c);
                clients[i] = clients[--n_clients];
            }
        }

        pstream_wait(pstream);
        for (size_t i = 0; i < n_clients; i++) {
            echo_client_wait(clients[i]);
        }
        poll_block();
    }
}

static void OSW_NO_RETURN
send_failed(const char *name, const char *what, int error)
{
    fprintf(stderr, "%s: %s: %s failed (%s)\n", program_name, name, what,
            osw_retval_to_string(error));
    exit(EXIT_FAILURE);
}

static void OSW_NO_RETURN
do_send(const char *name, const char *text)
{
    long long int deadline = time_msec() + SEND_TIMEOUT;
    size_t n = strlen(text), sent = 0, got = 0;
    char *reply = xzalloc(n + 1);
    struct stream *stream;
    int error;

    error = stream_open_block(stream_open(name, &stream, 0), SEND_TIMEOUT,
                              &stream);
    if (error) {
        send_failed(name, "connection", error);
    }
    while (got < n) {
        int retval;

        stream_run(stream);
        if (sent < n) {
            retval = stream_send(stream, text + sent, n - sent);
            if (retval > 0) {
                sent += retval;
            } else if (retval != -EAGAIN) {
                send_failed(name, "send", -retval);
            }
        }
        retval = stream_recv(stream, reply + got, n - got);
        if (retval > 0) {
            got += retval;
            continue;
        } else if (!retval) {
            send_failed(name, "receive", EOF);
        } else if (retval != -EAGAIN) {
            send_failed(name, "receive", -retval);
        }
        if (time_msec() >= deadline) {
            send_failed(name, "echo", ETIMEDOUT);
        }
        stream_run_wait(stream);
        if (sent < n) {
            stream_send_wait(stream);
        }
        stream_recv_wait(stream);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    printf("%s\n", reply);
    stream_close(stream);
    free(reply);
    exit(EXIT_SUCCESS);
}

int
main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    fatal_signal_init();
    parse_options(argc, argv);
    argc -= optind;
    argv += optind;

    if (argc == 2 && !strcmp(argv[0], "listen")) {
        do_listen(argv[1]);
    } else if (argc == 3 && !strcmp(argv[0], "send")) {
        do_send(argv[1], argv[2]);
    }
    osw_fatal(0, "bad command line (use --help for help)");
}
