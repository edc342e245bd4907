#include <config.h>
#include "vconn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include "osw/list.h"
#include "osw/ofpbuf.h"
#include "osw/poll-loop.h"
#include "osw/reconnect.h"
#include "osw/smap.h"
#include "osw/stream.h"
#include "osw/timeval.h"
#include "connmgr.h"
#include "ofp-actions.h"
#include "ofp-msgs.h"
#include "ofp-util.h"
#include "osw/dp-packet.h"
#include "osw/match.h"
#include "rconn.h"
#include "testlib.h"

/* Versions as bits. */
#define B(V) VCONN_VERSION_BIT(V)

static char *
sock_path(const char *name)
{
    return xasprintf("%s/%s", osw_test_tmpdir(), name);
}

static struct pvconn *
listen_unix(const char *name, uint32_t versions, char **pathp)
{
    char *path = sock_path(name);
    char *target = xasprintf("punix:%s", path);
    struct pvconn *pvc;
    CHECK_EQ(pvconn_open(target, versions, 0, &pvc), 0);
    free(target);
    *pathp = path;
    return pvc;
}

static void
wait_a_bit(void)
{
    poll_timer_wait(10);
    poll_block();
}

static struct vconn *
accept_block(struct pvconn *pvc)
{
    struct vconn *vc = NULL;
    long long int deadline = time_msec() + 5000;
    int error;
    while ((error = pvconn_accept(pvc, &vc)) == EAGAIN) {
        CHECK(time_msec() < deadline);
        pvconn_wait(pvc);
        wait_a_bit();
    }
    CHECK_EQ(error, 0);
    return vc;
}

/* A raw peer: a plain stream on which the test writes exact bytes. */
static struct stream *
raw_connect(const char *path)
{
    char *name = xasprintf("unix:%s", path);
    struct stream *s;
    CHECK_EQ(stream_open_block(stream_open(name, &s, 0), 5000, &s), 0);
    free(name);
    return s;
}

static void
raw_send(struct stream *s, const void *data, size_t n)
{
    const char *p = data;
    long long int deadline = time_msec() + 5000;
    while (n) {
        int retval = stream_send(s, p, n);
        if (retval == -EAGAIN) {
            CHECK(time_msec() < deadline);
            stream_send_wait(s);
            wait_a_bit();
            continue;
        }
        CHECK(retval > 0);
        p += retval;
        n -= retval;
    }
}

/* Reads exactly 'n' bytes or returns the stream's EOF/error as a negative
 * number; 0 on success. */
static int
raw_recv_exact(struct stream *s, void *data, size_t n)
{
    char *p = data;
    long long int deadline = time_msec() + 5000;
    while (n) {
        int retval = stream_recv(s, p, n);
        if (retval == -EAGAIN) {
            CHECK(time_msec() < deadline);
            stream_recv_wait(s);
            wait_a_bit();
            continue;
        }
        if (retval <= 0) {
            return retval ? retval : -EOF;
        }
        p += retval;
        n -= retval;
    }
    return 0;
}

static struct ofpbuf *
raw_recv_msg(struct stream *s)
{
    uint8_t hdr[8];
    if (raw_recv_exact(s, hdr, 8)) {
        return NULL;
    }
    size_t len = (hdr[2] << 8) | hdr[3];
    CHECK(len >= 8);
    struct ofpbuf *b = ofpbuf_new(len);
    ofpbuf_put(b, hdr, 8);
    CHECK_EQ(raw_recv_exact(s, ofpbuf_put_uninit(b, len - 8), len - 8), 0);
    return b;
}

/* Builds an 8-byte header (plus 'body_len' zero bytes). */
static struct ofpbuf *
make_msg(uint8_t version, uint8_t type, uint32_t xid, size_t body_len)
{
    struct ofpbuf *b = ofpbuf_new(8 + body_len);
    uint8_t *p = ofpbuf_put_zeros(b, 8 + body_len);
    uint16_t len = htons(8 + body_len);
    p[0] = version;
    p[1] = type;
    memcpy(p + 2, &len, 2);
    xid = htonl(xid);
    memcpy(p + 4, &xid, 4);
    return b;
}

static void
raw_send_hello(struct stream *s, uint8_t version, bool with_bitmap,
               uint32_t bitmap)
{
    struct ofpbuf *b = make_msg(version, 0, 1, with_bitmap ? 8 : 0);
    if (with_bitmap) {
        uint8_t *e = (uint8_t *) b->data + 8;
        uint16_t type = htons(1), len = htons(8);
        uint32_t bm = htonl(bitmap);
        memcpy(e, &type, 2);
        memcpy(e + 2, &len, 2);
        memcpy(e + 4, &bm, 4);
    }
    raw_send(s, b->data, b->size);
    ofpbuf_delete(b);
}

/* Drives vconn_connect() until it stops returning EAGAIN. */
static int
connect_block(struct vconn *vc)
{
    long long int deadline = time_msec() + 5000;
    for (;;) {
        vconn_run(vc);
        int error = vconn_connect(vc);
        if (error != EAGAIN) {
            return error;
        }
        CHECK(time_msec() < deadline);
        vconn_run_wait(vc);
        vconn_connect_wait(vc);
        wait_a_bit();
    }
}

static int
recv_block(struct vconn *vc, struct ofpbuf **msgp)
{
    long long int deadline = time_msec() + 5000;
    for (;;) {
        vconn_run(vc);
        int error = vconn_recv(vc, msgp);
        if (error != EAGAIN) {
            return error;
        }
        CHECK(time_msec() < deadline);
        vconn_run_wait(vc);
        vconn_recv_wait(vc);
        wait_a_bit();
    }
}

/* Sets up a server vconn (accepted on a punix listener allowing
 * 'versions') and a raw client; the client has read the server's hello
 * into '*hellop' (if nonnull). */
struct raw_pair {
    char *path;
    struct pvconn *pvc;
    struct vconn *server;
    struct stream *client;
};

static void
raw_pair_open(struct raw_pair *rp, uint32_t versions, struct ofpbuf **hellop)
{
    rp->pvc = listen_unix("sock", versions, &rp->path);
    rp->client = raw_connect(rp->path);
    rp->server = accept_block(rp->pvc);
    CHECK_EQ(vconn_connect(rp->server), EAGAIN);
    vconn_run(rp->server);
    struct ofpbuf *hello = raw_recv_msg(rp->client);
    CHECK(hello != NULL);
    if (hellop) {
        *hellop = hello;
    } else {
        ofpbuf_delete(hello);
    }
}

static void
raw_pair_close(struct raw_pair *rp)
{
    vconn_close(rp->server);
    stream_close(rp->client);
    pvconn_close(rp->pvc);
    free(rp->path);
}

OSW_TEST(hello_sent_with_bitmap)
{
    struct raw_pair rp;
    struct ofpbuf *hello;
    raw_pair_open(&rp, 0, &hello);

    const uint8_t *p = hello->data;
    CHECK_EQ(hello->size, 16);
    CHECK_EQ(p[0], 0x06);       /* Highest default version: 1.5. */
    CHECK_EQ(p[1], 0);          /* OFPT_HELLO. */
    CHECK_EQ((p[8] << 8) | p[9], 1);    /* OFPHET_VERSIONBITMAP. */
    CHECK_EQ((p[10] << 8) | p[11], 8);
    uint32_t bm;
    memcpy(&bm, p + 12, 4);
    CHECK_EQ(ntohl(bm), B(1) | B(4) | B(5) | B(6));
    ofpbuf_delete(hello);
    raw_pair_close(&rp);
}

OSW_TEST(hello_plain_for_old_versions)
{
    struct raw_pair rp;
    struct ofpbuf *hello;
    raw_pair_open(&rp, B(1), &hello);
    CHECK_EQ(hello->size, 8);
    CHECK_EQ(((uint8_t *) hello->data)[0], 0x01);
    ofpbuf_delete(hello);
    raw_pair_close(&rp);
}

static uint8_t
negotiate_raw(uint32_t server_versions, uint8_t peer_version,
              bool with_bitmap, uint32_t peer_bitmap, int *errorp)
{
    struct raw_pair rp;
    raw_pair_open(&rp, server_versions, NULL);
    raw_send_hello(rp.client, peer_version, with_bitmap, peer_bitmap);
    *errorp = connect_block(rp.server);
    uint8_t version = vconn_get_version(rp.server);
    raw_pair_close(&rp);
    return version;
}

OSW_TEST(negotiate_without_bitmap)
{
    int error;
    /* Peer 1.0: 1.0. */
    CHECK_EQ(negotiate_raw(0, 0x01, false, 0, &error), 0x01);
    CHECK_EQ(error, 0);
    /* Peer 1.3: the lower of the two header versions. */
    CHECK_EQ(negotiate_raw(0, 0x04, false, 0, &error), 0x04);
    CHECK_EQ(error, 0);
    /* Peer newer than us (1.6): our highest. */
    CHECK_EQ(negotiate_raw(0, 0x07, false, 0, &error), 0x06);
    CHECK_EQ(error, 0);
    /* Server only 1.0 and 1.3, peer 1.5: 1.3. */
    CHECK_EQ(negotiate_raw(B(1) | B(4), 0x06, false, 0, &error), 0x04);
    CHECK_EQ(error, 0);
}

OSW_TEST(negotiate_with_bitmap)
{
    int error;
    /* Highest common version of both bitmaps. */
    CHECK_EQ(negotiate_raw(0, 0x06, true, B(1) | B(4), &error), 0x04);
    CHECK_EQ(error, 0);
    CHECK_EQ(negotiate_raw(0, 0x05, true, B(1), &error), 0x01);
    CHECK_EQ(error, 0);
    CHECK_EQ(negotiate_raw(B(1) | B(5), 0x06, true, B(5) | B(6), &error),
             0x05);
    CHECK_EQ(error, 0);
}

OSW_TEST(negotiate_no_common_version_bitmap)
{
    struct raw_pair rp;
    raw_pair_open(&rp, 0, NULL);
    raw_send_hello(rp.client, 0x03, true, B(2) | B(3));
    CHECK_EQ(connect_block(rp.server), EPROTO);
    CHECK_EQ(vconn_get_version(rp.server), 0);

    /* The peer is told why: OFPT_ERROR, OFPET_HELLO_FAILED (0),
     * OFPHFC_INCOMPATIBLE (0), with a text. */
    struct ofpbuf *err = raw_recv_msg(rp.client);
    CHECK(err != NULL);
    const uint8_t *p = err->data;
    CHECK_EQ(p[1], 1);
    CHECK(err->size > 12);
    CHECK_EQ((p[8] << 8) | p[9], 0);
    CHECK_EQ((p[10] << 8) | p[11], 0);
    ofpbuf_delete(err);

    /* Later calls keep failing. */
    struct ofpbuf *msg;
    CHECK_EQ(vconn_recv(rp.server, &msg), EPROTO);
    CHECK(msg == NULL);
    raw_pair_close(&rp);
}

OSW_TEST(negotiate_no_common_version_plain)
{
    int error;
    /* Peer 1.1 without bitmap; we do not speak 1.1. */
    CHECK_EQ(negotiate_raw(0, 0x02, false, 0, &error), 0);
    CHECK_EQ(error, EPROTO);
    /* We speak only 1.3+, peer only 1.0. */
    CHECK_EQ(negotiate_raw(B(4) | B(5), 0x01, false, 0, &error), 0);
    CHECK_EQ(error, EPROTO);
}

OSW_TEST(bad_hello_elements_ignored)
{
    struct raw_pair rp;
    raw_pair_open(&rp, 0, NULL);
    /* 1.3 hello whose element claims 200 bytes: falls back to the header
     * version. */
    struct ofpbuf *b = make_msg(0x04, 0, 7, 8);
    uint8_t *e = (uint8_t *) b->data + 8;
    e[1] = 1;
    e[3] = 200;
    raw_send(rp.client, b->data, b->size);
    ofpbuf_delete(b);
    CHECK_EQ(connect_block(rp.server), 0);
    CHECK_EQ(vconn_get_version(rp.server), 0x04);
    raw_pair_close(&rp);
}

OSW_TEST(first_message_not_hello)
{
    struct raw_pair rp;
    raw_pair_open(&rp, 0, NULL);
    struct ofpbuf *b = make_msg(0x04, 2, 7, 0);     /* Echo request. */
    raw_send(rp.client, b->data, b->size);
    ofpbuf_delete(b);
    CHECK_EQ(connect_block(rp.server), EPROTO);
    raw_pair_close(&rp);
}

static void
raw_pair_negotiate(struct raw_pair *rp, uint8_t version)
{
    raw_pair_open(rp, 0, NULL);
    raw_send_hello(rp->client, version, false, 0);
    CHECK_EQ(connect_block(rp->server), 0);
    CHECK_EQ(vconn_get_version(rp->server), version);
}

OSW_TEST(partial_reads)
{
    struct raw_pair rp;
    raw_pair_negotiate(&rp, 0x04);

    /* A 100-byte message, sent one byte at a time with the receiver
     * polled after each: nothing until the last byte. */
    struct ofpbuf *b = make_msg(0x04, 4, 0x1234, 92);
    for (size_t i = 0; i < 92; i++) {
        ((uint8_t *) b->data)[8 + i] = i;
    }
    struct ofpbuf *msg;
    for (size_t i = 0; i < b->size; i++) {
        CHECK_EQ(vconn_recv(rp.server, &msg), EAGAIN);
        CHECK(msg == NULL);
        raw_send(rp.client, (uint8_t *) b->data + i, 1);
    }
    CHECK_EQ(recv_block(rp.server, &msg), 0);
    CHECK(ofpbuf_equal(msg, b));
    ofpbuf_delete(msg);

    /* Three messages in one write come out as three. */
    struct ofpbuf all;
    ofpbuf_init(&all, 0);
    for (int i = 0; i < 3; i++) {
        struct ofpbuf *m = make_msg(0x04, 2, i, i * 8);
        ofpbuf_put(&all, m->data, m->size);
        ofpbuf_delete(m);
    }
    raw_send(rp.client, all.data, all.size);
    ofpbuf_uninit(&all);
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(recv_block(rp.server, &msg), 0);
        CHECK_EQ(msg->size, 8 + i * 8);
        const uint8_t *p = msg->data;
        CHECK_EQ(p[7], i);
        ofpbuf_delete(msg);
    }
    ofpbuf_delete(b);
    raw_pair_close(&rp);
}

/* Messages of odd lengths (a packet-in is often 4n+2 bytes) arrive back to
 * back in one read; each must still be handed out 8-byte aligned, intact,
 * and the header after an odd one must be parsed right. */
OSW_TEST(odd_lengths_back_to_back)
{
    struct raw_pair rp;
    raw_pair_negotiate(&rp, 0x04);

    static const size_t bodies[] = { 5, 1, 0, 3, 10, 7 };
    enum { N = sizeof bodies / sizeof bodies[0] };
    struct ofpbuf all;
    ofpbuf_init(&all, 0);
    for (int i = 0; i < N; i++) {
        struct ofpbuf *m = make_msg(0x04, 10, i, bodies[i]);
        memset((uint8_t *) m->data + 8, 0xa0 + i, bodies[i]);
        ofpbuf_put(&all, m->data, m->size);
        ofpbuf_delete(m);
    }
    raw_send(rp.client, all.data, all.size);
    ofpbuf_uninit(&all);
    for (int i = 0; i < N; i++) {
        struct ofpbuf *msg;
        CHECK_EQ(recv_block(rp.server, &msg), 0);
        CHECK_EQ((uintptr_t) msg->data % 8, 0);
        CHECK_EQ(msg->size, 8 + bodies[i]);
        const uint8_t *p = msg->data;
        CHECK_EQ(p[7], i);
        for (size_t j = 0; j < bodies[i]; j++) {
            CHECK_EQ(p[8 + j], 0xa0 + i);
        }
        ofpbuf_delete(msg);
    }
    raw_pair_close(&rp);
}

OSW_TEST(max_size_message)
{
    struct raw_pair rp;
    raw_pair_negotiate(&rp, 0x01);
    struct ofpbuf *b = make_msg(0x01, 4, 9, 65535 - 8);
    raw_send(rp.client, b->data, b->size);
    struct ofpbuf *msg;
    CHECK_EQ(recv_block(rp.server, &msg), 0);
    CHECK_EQ(msg->size, 65535);
    CHECK(ofpbuf_equal(msg, b));
    ofpbuf_delete(msg);
    ofpbuf_delete(b);
    raw_pair_close(&rp);
}

OSW_TEST(undersize_length_fails)
{
    struct raw_pair rp;
    raw_pair_negotiate(&rp, 0x04);
    struct ofpbuf *b = make_msg(0x04, 2, 9, 0);
    ((uint8_t *) b->data)[3] = 4;           /* Length 4 < 8. */
    raw_send(rp.client, b->data, b->size);
    ofpbuf_delete(b);
    struct ofpbuf *msg;
    CHECK_EQ(recv_block(rp.server, &msg), EPROTO);
    CHECK(msg == NULL);
    raw_pair_close(&rp);
}

OSW_TEST(eof_mid_message)
{
    struct raw_pair rp;
    raw_pair_negotiate(&rp, 0x04);
    struct ofpbuf *b = make_msg(0x04, 2, 9, 40);
    raw_send(rp.client, b->data, 20);
    ofpbuf_delete(b);
    stream_close(rp.client);
    rp.client = NULL;
    struct ofpbuf *msg;
    CHECK_EQ(recv_block(rp.server, &msg), EOF);
    raw_pair_close(&rp);
}

OSW_TEST(send_checks_framing)
{
    struct raw_pair rp;
    raw_pair_open(&rp, 0, NULL);
    struct ofpbuf *b = make_msg(0x04, 2, 9, 0);
    /* Still negotiating: EAGAIN, the caller keeps the message. */
    CHECK_EQ(vconn_send(rp.server, b), EAGAIN);
    raw_send_hello(rp.client, 0x04, false, 0);
    CHECK_EQ(connect_block(rp.server), 0);
    /* Header length disagreeing with the buffer: refused. */
    ofpbuf_put_zeros(b, 4);
    CHECK_EQ(vconn_send(rp.server, b), EINVAL);
    ofpbuf_truncate(b, 8);
    CHECK_EQ(vconn_send(rp.server, b), 0);
    vconn_run(rp.server);
    struct ofpbuf *got = raw_recv_msg(rp.client);
    CHECK(got != NULL);
    CHECK_EQ(got->size, 8);
    CHECK_EQ(vconn_get_backlog(rp.server), 0);
    ofpbuf_delete(got);
    raw_pair_close(&rp);
}

/* Two vconns talking to each other. */
struct vconn_pair {
    char *path;
    struct pvconn *pvc;
    struct vconn *server;
    struct vconn *client;
};

static void
vconn_pair_open(struct vconn_pair *vp, uint32_t server_versions,
                uint32_t client_versions)
{
    vp->pvc = listen_unix("sock", server_versions, &vp->path);
    char *name = xasprintf("unix:%s", vp->path);
    CHECK_EQ(vconn_open(name, client_versions, 0, &vp->client), 0);
    CHECK_STREQ(vconn_get_name(vp->client), name);
    free(name);
    vp->server = accept_block(vp->pvc);
}

/* Drives both ends until each has finished negotiating. */
static void
vconn_pair_connect(struct vconn_pair *vp, int *server_error,
                   int *client_error)
{
    long long int deadline = time_msec() + 5000;
    int s, c;
    for (;;) {
        vconn_run(vp->server);
        vconn_run(vp->client);
        s = vconn_connect(vp->server);
        c = vconn_connect(vp->client);
        if (s != EAGAIN && c != EAGAIN) {
            break;
        }
        CHECK(time_msec() < deadline);
        vconn_run_wait(vp->server);
        vconn_run_wait(vp->client);
        vconn_connect_wait(vp->server);
        vconn_connect_wait(vp->client);
        wait_a_bit();
    }
    *server_error = s;
    *client_error = c;
}

static void
vconn_pair_close(struct vconn_pair *vp)
{
    vconn_close(vp->server);
    vconn_close(vp->client);
    pvconn_close(vp->pvc);
    free(vp->path);
}

OSW_TEST(vconn_to_vconn)
{
    struct vconn_pair vp;
    int s, c;
    vconn_pair_open(&vp, 0, B(1) | B(4));
    vconn_pair_connect(&vp, &s, &c);
    CHECK_EQ(s, 0);
    CHECK_EQ(c, 0);
    CHECK_EQ(vconn_get_version(vp.server), 0x04);
    CHECK_EQ(vconn_get_version(vp.client), 0x04);

    /* Echo: client asks, server answers, vconn_transact() matches xids. */
    struct ofpbuf *req = make_msg(0x04, 2, 77, 4);
    CHECK_EQ(vconn_send(vp.client, req), 0);
    struct ofpbuf *msg;
    CHECK_EQ(recv_block(vp.server, &msg), 0);
    uint8_t *p = msg->data;
    CHECK_EQ(p[1], 2);
    p[1] = 3;
    CHECK_EQ(vconn_send(vp.server, msg), 0);
    CHECK_EQ(recv_block(vp.client, &msg), 0);
    CHECK_EQ(((uint8_t *) msg->data)[1], 3);
    CHECK_EQ(msg->size, 12);
    ofpbuf_delete(msg);
    vconn_pair_close(&vp);
}

OSW_TEST(vconn_to_vconn_incompatible)
{
    struct vconn_pair vp;
    int s, c;
    vconn_pair_open(&vp, B(4), B(1));
    vconn_pair_connect(&vp, &s, &c);
    CHECK_EQ(s, EPROTO);
    CHECK_EQ(c, EPROTO);
    vconn_pair_close(&vp);
}

OSW_TEST(open_errors)
{
    struct vconn *vc;
    CHECK(vconn_verify_name("bogus:foo") != 0);
    CHECK_EQ(vconn_verify_name("tcp:127.0.0.1"), 0);
    CHECK_EQ(vconn_verify_name("tcp:127.0.0.1:6653"), 0);
    CHECK_EQ(pvconn_verify_name("ptcp:"), 0);
    CHECK(vconn_open("bogus:foo", 0, 0, &vc) != 0);
    CHECK(vc == NULL);
    /* Nobody listens there. */
    char *path = sock_path("nobody");
    char *name = xasprintf("unix:%s", path);
    CHECK(vconn_open_block(name, 0, 0, 1000, &vc) != 0);
    CHECK(vc == NULL);
    free(name);
    free(path);
}

OSW_TEST(ptcp_default_port_and_bound)
{
    struct pvconn *pvc;
    CHECK_EQ(pvconn_open("ptcp:0:127.0.0.1", 0, 0, &pvc), 0);
    uint16_t port = pvconn_get_bound_port(pvc);
    CHECK(port != 0);
    char *name = xasprintf("tcp:127.0.0.1:%u", port);
    struct vconn *client;
    CHECK_EQ(vconn_open(name, 0, 0, &client), 0);
    free(name);
    struct vconn *server = accept_block(pvc);
    long long int deadline = time_msec() + 5000;
    int s, c;
    do {
        vconn_run(server);
        vconn_run(client);
        s = vconn_connect(server);
        c = vconn_connect(client);
        CHECK(time_msec() < deadline);
        if (s == EAGAIN || c == EAGAIN) {
            vconn_connect_wait(server);
            vconn_connect_wait(client);
            wait_a_bit();
        }
    } while (s == EAGAIN || c == EAGAIN);
    CHECK_EQ(s, 0);
    CHECK_EQ(c, 0);
    CHECK_EQ(vconn_get_version(client), 0x06);
    vconn_close(client);
    vconn_close(server);
    pvconn_close(pvc);
}

/* rconn. */

static void
rconn_run_until(struct rconn *rc, struct vconn *server, bool (*cond)(void *),
                void *aux, int timeout_ms)
{
    long long int deadline = time_msec() + timeout_ms;
    while (!cond(aux)) {
        CHECK(time_msec() < deadline);
        rconn_run(rc);
        ofpbuf_delete(rconn_recv(rc));
        if (server) {
            vconn_run(server);
            vconn_connect(server);
        }
        if (cond(aux)) {
            break;
        }
        rconn_run_wait(rc);
        rconn_recv_wait(rc);
        if (server) {
            vconn_run_wait(server);
            vconn_connect_wait(server);
        }
        wait_a_bit();
    }
}

static bool
rconn_in_backoff_cb(void *rc)
{
    return !strcmp(rconn_get_state(rc), "BACKOFF");
}

OSW_TEST(rconn_backoff_when_refused)
{
    char *path = sock_path("nobody");
    char *target = xasprintf("unix:%s", path);
    struct rconn *rc = rconn_create(0, 2, 0, 0);
    CHECK_STREQ(rconn_get_state(rc), "VOID");
    rconn_connect(rc, target, NULL);
    CHECK_STREQ(rconn_get_target(rc), target);
    rconn_run(rc);
    rconn_run_until(rc, NULL, rconn_in_backoff_cb, rc, 2000);
    CHECK(!rconn_is_connected(rc));
    CHECK(rconn_is_alive(rc));
    CHECK(rconn_get_last_error(rc) != 0);
    CHECK_EQ(rconn_get_max_backoff(rc), 2);

    struct reconnect_stats stats;
    rconn_get_stats(rc, &stats);
    CHECK_EQ(stats.n_attempted_connections, 1);
    CHECK_EQ(stats.n_successful_connections, 0);
    CHECK_EQ(stats.backoff, 1000);

    /* Sending while disconnected drops the message. */
    CHECK_EQ(rconn_send(rc, make_msg(1, 2, 1, 0), NULL), ENOTCONN);

    /* A listener appears: the rconn connects after its backoff. */
    struct pvconn *pvc;
    char *ptarget = xasprintf("punix:%s", path);
    CHECK_EQ(pvconn_open(ptarget, 0, 0, &pvc), 0);
    long long int start = time_msec();
    struct vconn *server = NULL;
    long long int deadline = start + 5000;
    while (!server || !rconn_is_connected(rc)) {
        CHECK(time_msec() < deadline);
        rconn_run(rc);
        if (!server) {
            pvconn_accept(pvc, &server);
        } else {
            vconn_run(server);
            vconn_connect(server);
        }
        rconn_run_wait(rc);
        pvconn_wait(pvc);
        wait_a_bit();
    }
    CHECK(rconn_get_version(rc) == 0x06);
    CHECK_STREQ(rconn_get_state(rc), "ACTIVE");
    CHECK(!rconn_is_admitted(rc));

    /* A message from the peer admits the connection. */
    CHECK_EQ(vconn_send(server, make_msg(6, 2, 5, 0)), 0);
    vconn_run(server);
    struct ofpbuf *msg = NULL;
    deadline = time_msec() + 5000;
    while (!(msg = rconn_recv(rc))) {
        CHECK(time_msec() < deadline);
        rconn_run(rc);
        rconn_run_wait(rc);
        rconn_recv_wait(rc);
        wait_a_bit();
    }
    ofpbuf_delete(msg);
    CHECK(rconn_is_admitted(rc));
    CHECK_EQ(rconn_failure_duration(rc), 0);
    CHECK_EQ(rconn_get_n_received(rc), 1);

    /* The peer goes away: back to backoff, and it keeps trying. */
    vconn_close(server);
    rconn_run_until(rc, NULL, rconn_in_backoff_cb, rc, 3000);
    CHECK_EQ(rconn_get_last_error(rc), EOF);
    CHECK(rconn_is_alive(rc));
    rconn_get_stats(rc, &stats);
    CHECK_EQ(stats.n_successful_connections, 1);

    rconn_destroy(rc);
    pvconn_close(pvc);
    free(ptarget);
    free(target);
    free(path);
}

static bool
rconn_is_dead_cb(void *rc)
{
    return !rconn_is_alive(rc);
}

OSW_TEST(rconn_unreliable_dies)
{
    struct vconn_pair vp;
    vconn_pair_open(&vp, 0, 0);
    struct rconn *rc = rconn_create(0, 0, 0, 0);
    rconn_connect_unreliably(rc, vp.server, "mgmt");
    vp.server = NULL;
    CHECK_STREQ(rconn_get_name(rc), "mgmt");
    CHECK_STREQ(rconn_get_state(rc), "CONNECTING");

    long long int deadline = time_msec() + 5000;
    while (!rconn_is_connected(rc)) {
        CHECK(time_msec() < deadline);
        rconn_run(rc);
        vconn_run(vp.client);
        vconn_connect(vp.client);
        rconn_run_wait(rc);
        vconn_connect_wait(vp.client);
        wait_a_bit();
    }
    CHECK_EQ(connect_block(vp.client), 0);

    /* Messages flow, counters count what is queued. */
    struct rconn_packet_counter *counter = rconn_packet_counter_create();
    CHECK_EQ(rconn_send(rc, make_msg(6, 2, 1, 0), counter), 0);
    CHECK(rconn_packet_counter_n_packets(counter) <= 1);
    struct ofpbuf *msg;
    CHECK_EQ(recv_block(vp.client, &msg), 0);
    ofpbuf_delete(msg);
    CHECK_EQ(rconn_packet_counter_n_packets(counter), 0);
    CHECK_EQ(rconn_send_with_limit(rc, make_msg(6, 2, 1, 0), counter, 0),
             EAGAIN);

    vconn_close(vp.client);
    vp.client = NULL;
    rconn_run_until(rc, NULL, rconn_is_dead_cb, rc, 3000);
    rconn_run(rc);
    CHECK(!rconn_is_alive(rc));
    CHECK(!rconn_is_connected(rc));
    rconn_packet_counter_destroy(counter);
    rconn_destroy(rc);
    vconn_pair_close(&vp);
}

OSW_TEST(rconn_probe_settings)
{
    struct rconn *rc = rconn_create(1, 0, 0, 0);
    CHECK_EQ(rconn_get_probe_interval(rc), 5);     /* Raised to 5 s. */
    CHECK_EQ(rconn_get_max_backoff(rc), 8);
    rconn_set_probe_interval(rc, 0);
    CHECK_EQ(rconn_get_probe_interval(rc), 0);
    rconn_set_probe_interval(rc, 30);
    CHECK_EQ(rconn_get_probe_interval(rc), 30);
    rconn_set_max_backoff(rc, 60);
    CHECK_EQ(rconn_get_max_backoff(rc), 60);
    CHECK(!rconn_is_connected(rc));
    CHECK(rconn_failure_duration(rc) >= 0);
    rconn_destroy(rc);
}

OSW_TEST(rconn_snoop_copies)
{
    struct vconn_pair vp, snoop;
    vconn_pair_open(&vp, 0, 0);
    struct rconn *rc = rconn_create(0, 0, 0, 0);
    rconn_connect_unreliably(rc, vp.server, NULL);
    vp.server = NULL;

    char *path = sock_path("snoop");
    char *ptarget = xasprintf("punix:%s", path);
    char *target = xasprintf("unix:%s", path);
    CHECK_EQ(pvconn_open(ptarget, 0, 0, &snoop.pvc), 0);
    CHECK_EQ(vconn_open(target, 0, 0, &snoop.client), 0);
    snoop.server = accept_block(snoop.pvc);
    snoop.path = path;
    rconn_add_monitor(rc, snoop.server);
    snoop.server = NULL;

    long long int deadline = time_msec() + 5000;
    while (!rconn_is_connected(rc) || vconn_connect(snoop.client)
           || vconn_connect(vp.client)) {
        CHECK(time_msec() < deadline);
        rconn_run(rc);
        vconn_run(vp.client);
        vconn_run(snoop.client);
        rconn_run_wait(rc);
        vconn_connect_wait(vp.client);
        vconn_connect_wait(snoop.client);
        wait_a_bit();
    }
    /* One message each way: the snooper sees both. */
    CHECK_EQ(vconn_send(vp.client, make_msg(6, 2, 11, 0)), 0);
    struct ofpbuf *msg = NULL;
    while (!(msg = rconn_recv(rc))) {
        CHECK(time_msec() < deadline);
        rconn_run(rc);
        vconn_run(vp.client);
        rconn_run_wait(rc);
        rconn_recv_wait(rc);
        wait_a_bit();
    }
    ofpbuf_delete(msg);
    rconn_send(rc, make_msg(6, 3, 12, 0), NULL);
    for (int i = 0; i < 2; i++) {
        while (!vconn_recv(snoop.client, &msg) ? false : true) {
            CHECK(time_msec() < deadline);
            rconn_run(rc);
            rconn_run_wait(rc);
            vconn_recv_wait(snoop.client);
            wait_a_bit();
        }
        const uint8_t *p = msg->data;
        CHECK_EQ(p[7], 11 + i);
        ofpbuf_delete(msg);
    }
    rconn_destroy(rc);
    vconn_close(snoop.client);
    pvconn_close(snoop.pvc);
    free(ptarget);
    free(target);
    free(path);
    vconn_pair_close(&vp);
}


/* connmgr, with a fake ofproto: these definitions take the place of
 * ofproto.c's, which the test does not link. */

static struct {
    struct connmgr *mgr;
    int n_flush;
    int n_add;
    int n_del;
    int last_add_priority;
    bool last_add_normal;
    int n_handled;
    struct ofconn *last_ofconn;
} fake;

void
ofproto_flush_flows(struct ofproto *ofproto OSW_UNUSED)
{
    fake.n_flush++;
    connmgr_flushed(fake.mgr);
}

void
ofproto_add_flow(struct ofproto *ofproto OSW_UNUSED,
                 const struct match *match OSW_UNUSED, int priority,
                 const struct ofpact *ofpacts, size_t ofpacts_len)
{
    const struct ofpact_output *out = (const void *) ofpacts;
    fake.n_add++;
    fake.last_add_priority = priority;
    fake.last_add_normal = (ofpacts_len >= sizeof *out
                            && ofpacts->type == OFPACT_OUTPUT
                            && out->port == OFPP_NORMAL);
}

bool
ofproto_delete_flow(struct ofproto *ofproto OSW_UNUSED,
                    const struct match *match OSW_UNUSED, int priority)
{
    fake.n_del++;
    fake.last_add_priority = -priority;
    return true;
}

enum ofperr
ofproto_handle_openflow(struct ofproto *ofproto OSW_UNUSED,
                        struct ofconn *ofconn, const struct ofp_header *oh)
{
    enum ofptype type;
    fake.n_handled++;
    fake.last_ofconn = ofconn;
    CHECK_EQ(ofptype_decode(&type, oh), 0);
    if (type == OFPTYPE_BARRIER_REQUEST) {
        ofconn_send_reply(ofconn, ofputil_encode_barrier_reply(oh));
        return 0;
    }
    return OFPERR_OFPBRC_BAD_TYPE;
}

static int fake_ofproto;

static struct connmgr *
mgr_create(void)
{
    setenv("OSW_RUNDIR", osw_test_tmpdir(), 1);
    memset(&fake, 0, sizeof fake);
    fake.mgr = connmgr_create((struct ofproto *) &fake_ofproto, "br0");
    return fake.mgr;
}

/* Runs 'mgr' and 'vc' until 'vc' receives a message. */
static struct ofpbuf *
mgr_recv(struct connmgr *mgr, struct vconn *vc)
{
    long long int deadline = time_msec() + 5000;
    for (;;) {
        struct ofpbuf *msg;
        connmgr_run(mgr);
        vconn_run(vc);
        int error = vconn_recv(vc, &msg);
        if (!error) {
            return msg;
        }
        CHECK_EQ(error, EAGAIN);
        CHECK(time_msec() < deadline);
        connmgr_wait(mgr);
        vconn_run_wait(vc);
        vconn_recv_wait(vc);
        poll_timer_wait(10);
        poll_block();
    }
}

/* Runs 'mgr' for 'msec' milliseconds, expecting nothing on 'vc'. */
static void
mgr_run_quiet(struct connmgr *mgr, struct vconn *vc, int msec)
{
    long long int deadline = time_msec() + msec;
    while (time_msec() < deadline) {
        struct ofpbuf *msg = NULL;
        connmgr_run(mgr);
        if (vc) {
            vconn_run(vc);
            CHECK_EQ(vconn_recv(vc, &msg), EAGAIN);
        }
        connmgr_wait(mgr);
        poll_timer_wait(10);
        poll_block();
    }
}

static struct vconn *
mgmt_connect(struct connmgr *mgr, uint32_t versions)
{
    char *name = xasprintf("unix:%s/br0.mgmt", osw_test_tmpdir());
    struct vconn *vc;
    CHECK_EQ(vconn_open(name, versions, 0, &vc), 0);
    free(name);
    long long int deadline = time_msec() + 5000;
    int error;
    while ((error = vconn_connect(vc)) == EAGAIN) {
        CHECK(time_msec() < deadline);
        connmgr_run(mgr);
        vconn_run(vc);
        connmgr_wait(mgr);
        vconn_connect_wait(vc);
        poll_timer_wait(10);
        poll_block();
    }
    CHECK_EQ(error, 0);
    return vc;
}

static struct ofpbuf *
mgr_transact(struct connmgr *mgr, struct vconn *vc, struct ofpbuf *request)
{
    uint32_t xid = ntohl(((struct ofp_header *) request->data)->xid);
    CHECK_EQ(vconn_send(vc, request), 0);
    for (;;) {
        struct ofpbuf *reply = mgr_recv(mgr, vc);
        if (ntohl(((struct ofp_header *) reply->data)->xid) == xid) {
            return reply;
        }
        ofpbuf_delete(reply);
    }
}

static enum ofperr
reply_error(const struct ofpbuf *reply)
{
    return ofperr_decode_msg(reply->data, NULL);
}

static enum ofptype
reply_type(const struct ofpbuf *reply)
{
    enum ofptype type;
    CHECK_EQ(ofptype_decode(&type, reply->data), 0);
    return type;
}

OSW_TEST(connmgr_mgmt_echo_and_dispatch)
{
    struct connmgr *mgr = mgr_create();
    struct vconn *vc = mgmt_connect(mgr, VCONN_VERSION_BIT(OFP13_VERSION));
    CHECK_EQ(vconn_get_version(vc), OFP13_VERSION);

    /* Echo is answered by connmgr, not ofproto. */
    struct ofpbuf *reply = mgr_transact(mgr, vc,
                                        ofputil_encode_echo_request(4));
    CHECK_EQ(reply_type(reply), OFPTYPE_ECHO_REPLY);
    CHECK_EQ(fake.n_handled, 0);
    ofpbuf_delete(reply);

    /* A barrier goes to ofproto, which answers through ofconn. */
    reply = mgr_transact(mgr, vc, ofputil_encode_barrier_request(4));
    CHECK_EQ(reply_type(reply), OFPTYPE_BARRIER_REPLY);
    CHECK_EQ(fake.n_handled, 1);
    CHECK(fake.last_ofconn != NULL);
    CHECK(ofconn_is_service(fake.last_ofconn));
    CHECK_EQ(ofconn_get_version(fake.last_ofconn), OFP13_VERSION);
    CHECK_EQ(ofconn_get_protocol(fake.last_ofconn), OFPUTIL_P_OF13_OXM);
    CHECK_EQ(ofconn_get_role(fake.last_ofconn), OFCONN_ROLE_EQUAL);
    ofpbuf_delete(reply);

    /* ofproto's error comes back as OFPT_ERROR. */
    reply = mgr_transact(mgr, vc, ofputil_encode_features_request(4));
    CHECK_EQ(reply_error(reply), OFPERR_OFPBRC_BAD_TYPE);
    ofpbuf_delete(reply);

    /* A message in another version than negotiated: BAD_VERSION. */
    struct ofpbuf *req = ofputil_encode_barrier_request(4);
    ((struct ofp_header *) req->data)->version = OFP10_VERSION;
    reply = mgr_transact(mgr, vc, req);
    CHECK_EQ(reply_error(reply), OFPERR_OFPBRC_BAD_VERSION);
    CHECK_EQ(((struct ofp_header *) reply->data)->version, OFP13_VERSION);
    ofpbuf_delete(reply);

    vconn_close(vc);
    connmgr_destroy(mgr);
}

OSW_TEST(connmgr_config_and_protocol)
{
    struct connmgr *mgr = mgr_create();
    struct vconn *vc = mgmt_connect(mgr, VCONN_VERSION_BIT(OFP10_VERSION));

    struct ofputil_switch_config sc;
    struct ofpbuf *reply = mgr_transact(
        mgr, vc, ofputil_encode_get_config_request(OFP10_VERSION));
    CHECK_EQ(reply_type(reply), OFPTYPE_GET_CONFIG_REPLY);
    CHECK_EQ(ofputil_decode_switch_config(reply->data, &sc), 0);
    CHECK_EQ(sc.miss_send_len, 0);      /* Service connection. */
    ofpbuf_delete(reply);

    struct ofputil_switch_config set = { .flags = 0, .miss_send_len = 1234 };
    CHECK_EQ(vconn_send(vc, ofputil_encode_set_config(&set, OFP10_VERSION)),
             0);
    reply = mgr_transact(mgr, vc,
                         ofputil_encode_get_config_request(OFP10_VERSION));
    CHECK_EQ(ofputil_decode_switch_config(reply->data, &sc), 0);
    CHECK_EQ(sc.miss_send_len, 1234);
    ofpbuf_delete(reply);
    CHECK(connmgr_wants_packet_in_on_miss(mgr));

    /* NXM, then the table-id extension. */
    CHECK_EQ(vconn_send(vc, ofputil_encode_nx_set_flow_format(NXFF_NXM)), 0);
    CHECK_EQ(vconn_send(vc, ofputil_encode_flow_mod_table_id(true)), 0);
    reply = mgr_transact(mgr, vc, ofputil_encode_barrier_request(1));
    ofpbuf_delete(reply);
    CHECK_EQ(ofconn_get_protocol(fake.last_ofconn), OFPUTIL_P_OF10_NXM_TID);
    CHECK_EQ(ofconn_get_miss_send_len(fake.last_ofconn), 1234);

    vconn_close(vc);
    connmgr_run(mgr);
    connmgr_destroy(mgr);
}

static struct ofpbuf *
role_request(uint8_t version, enum ofp12_controller_role role, uint64_t gen)
{
    struct ofputil_role_request rr = {
        .role = role, .have_generation_id = true, .generation_id = gen };
    return ofputil_encode_role_request(version, &rr);
}

static struct ofpbuf *
catchall_flow_mod(uint8_t version)
{
    struct ofputil_flow_mod fm;
    memset(&fm, 0, sizeof fm);
    match_init_catchall(&fm.match);
    fm.command = OFPFC_ADD;
    fm.buffer_id = OFP_NO_BUFFER;
    fm.out_port = OFPP_NONE;
    fm.out_group = OFPG_ANY;
    fm.priority = 1;
    return ofputil_encode_flow_mod(
        &fm, ofputil_protocol_from_ofp_version(version));
}

OSW_TEST(connmgr_roles)
{
    struct connmgr *mgr = mgr_create();
    struct vconn *a = mgmt_connect(mgr, VCONN_VERSION_BIT(OFP14_VERSION));
    struct vconn *b = mgmt_connect(mgr, VCONN_VERSION_BIT(OFP13_VERSION));
    struct ofputil_role_request rr;

    /* a becomes master with generation 5. */
    struct ofpbuf *reply = mgr_transact(
        mgr, a, role_request(OFP14_VERSION, OFPCR12_ROLE_MASTER, 5));
    CHECK_EQ(reply_type(reply), OFPTYPE_ROLE_REPLY);
    CHECK_EQ(ofputil_decode_role_message(reply->data, &rr), 0);
    CHECK_EQ(rr.role, OFPCR12_ROLE_MASTER);
    CHECK_EQ(rr.generation_id, 5);
    ofpbuf_delete(reply);

    /* A stale generation id is refused. */
    reply = mgr_transact(mgr, b,
                         role_request(OFP13_VERSION, OFPCR12_ROLE_SLAVE, 4));
    CHECK_EQ(reply_error(reply), OFPERR_OFPRRFC_STALE);
    ofpbuf_delete(reply);

    /* b takes over as master: a is demoted and told (1.4). */
    reply = mgr_transact(mgr, b,
                         role_request(OFP13_VERSION, OFPCR12_ROLE_MASTER, 6));
    CHECK_EQ(ofputil_decode_role_message(reply->data, &rr), 0);
    CHECK_EQ(rr.role, OFPCR12_ROLE_MASTER);
    ofpbuf_delete(reply);
    struct ofpbuf *status = mgr_recv(mgr, a);
    CHECK_EQ(reply_type(status), OFPTYPE_ROLE_STATUS);
    ofpbuf_delete(status);

    /* The slave may not change state; the master may send anything. */
    reply = mgr_transact(mgr, a, catchall_flow_mod(OFP14_VERSION));
    CHECK_EQ(reply_error(reply), OFPERR_OFPBRC_IS_SLAVE);
    ofpbuf_delete(reply);
    int handled = fake.n_handled;
    reply = mgr_transact(mgr, b, ofputil_encode_barrier_request(4));
    CHECK_EQ(reply_type(reply), OFPTYPE_BARRIER_REPLY);
    CHECK_EQ(fake.n_handled, handled + 1);
    CHECK_EQ(ofconn_get_role(fake.last_ofconn), OFCONN_ROLE_MASTER);
    ofpbuf_delete(reply);

    /* NOCHANGE reports the role and the current generation id. */
    struct ofputil_role_request q = { .role = OFPCR12_ROLE_NOCHANGE };
    reply = mgr_transact(mgr, a, ofputil_encode_role_request(OFP14_VERSION,
                                                             &q));
    CHECK_EQ(ofputil_decode_role_message(reply->data, &rr), 0);
    CHECK_EQ(rr.role, OFPCR12_ROLE_SLAVE);
    CHECK_EQ(rr.generation_id, 6);
    ofpbuf_delete(reply);

    vconn_close(a);
    vconn_close(b);
    connmgr_destroy(mgr);
}

OSW_TEST(connmgr_async_config)
{
    struct connmgr *mgr = mgr_create();
    struct vconn *vc = mgmt_connect(mgr, VCONN_VERSION_BIT(OFP13_VERSION));
    struct ofputil_async_cfg cfg;

    struct ofpbuf *reply = mgr_transact(
        mgr, vc, ofputil_encode_get_async_request(OFP13_VERSION));
    CHECK_EQ(reply_type(reply), OFPTYPE_GET_ASYNC_REPLY);
    struct ofputil_async_cfg def = ofputil_async_cfg_default(OFP13_VERSION);
    CHECK_EQ(ofputil_decode_set_async_config(reply->data, true, &def, &cfg),
             0);
    CHECK_EQ(cfg.packet_in[0], def.packet_in[0]);
    ofpbuf_delete(reply);

    struct ofputil_async_cfg want = def;
    want.packet_in[0] = 1u << OFPR_ACTION;
    want.port_status[1] = 0;
    CHECK_EQ(vconn_send(vc, ofputil_encode_set_async_config(&want,
                                                            OFP13_VERSION)),
             0);
    reply = mgr_transact(mgr, vc,
                         ofputil_encode_get_async_request(OFP13_VERSION));
    CHECK_EQ(ofputil_decode_set_async_config(reply->data, true, &def, &cfg),
             0);
    CHECK_EQ(cfg.packet_in[0], 1u << OFPR_ACTION);
    CHECK_EQ(cfg.port_status[1], 0);
    ofpbuf_delete(reply);

    vconn_close(vc);
    connmgr_destroy(mgr);
}

static void
make_pin(struct ofputil_packet_in *pin, uint8_t *frame, size_t len,
         uint8_t reason)
{
    for (size_t i = 0; i < len; i++) {
        frame[i] = i;
    }
    memset(pin, 0, sizeof *pin);
    pin->packet = frame;
    pin->packet_len = len;
    pin->total_len = len;
    pin->buffer_id = OFP_NO_BUFFER;
    pin->reason = reason;
    match_init_catchall(&pin->flow_metadata);
    match_set_in_port(&pin->flow_metadata, 3);
}

OSW_TEST(connmgr_packet_in_buffering)
{
    struct connmgr *mgr = mgr_create();
    struct vconn *vc = mgmt_connect(mgr, VCONN_VERSION_BIT(OFP10_VERSION));
    uint8_t frame[100];
    struct ofputil_packet_in pin, got;

    /* A service connection gets nothing until it sets miss_send_len. */
    make_pin(&pin, frame, sizeof frame, OFPR_NO_MATCH);
    CHECK(!connmgr_wants_packet_in_on_miss(mgr));
    connmgr_send_packet_in(mgr, &pin, 3, 0, -1);
    mgr_run_quiet(mgr, vc, 50);

    struct ofputil_switch_config set = { .miss_send_len = 64 };
    CHECK_EQ(vconn_send(vc, ofputil_encode_set_config(&set, OFP10_VERSION)),
             0);
    struct ofpbuf *reply = mgr_transact(mgr, vc,
                                        ofputil_encode_barrier_request(1));
    ofpbuf_delete(reply);
    struct ofconn *ofconn = fake.last_ofconn;
    CHECK(connmgr_wants_packet_in_on_miss(mgr));

    /* A miss: truncated to miss_send_len, the rest buffered. */
    connmgr_send_packet_in(mgr, &pin, 3, 0, -1);
    struct ofpbuf *msg = mgr_recv(mgr, vc);
    CHECK_EQ(reply_type(msg), OFPTYPE_PACKET_IN);
    CHECK_EQ(ofputil_decode_packet_in(&got, msg->data), 0);
    CHECK_EQ(got.packet_len, 64);
    CHECK_EQ(got.total_len, 100);
    CHECK_EQ(got.reason, OFPR_NO_MATCH);
    CHECK(got.buffer_id != OFP_NO_BUFFER);
    CHECK_MEMEQ(got.packet, frame, 64);
    uint32_t buffer_id = got.buffer_id;
    ofpbuf_delete(msg);

    struct dp_packet *packet;
    ofp_port_t in_port = 0;
    CHECK_EQ(ofconn_pktbuf_retrieve(ofconn, buffer_id, &packet, &in_port),
             0);
    CHECK_EQ(dp_packet_size(packet), 100);
    CHECK_MEMEQ(dp_packet_data(packet), frame, 100);
    CHECK_EQ(in_port, 3);
    dp_packet_delete(packet);
    CHECK_EQ(ofconn_pktbuf_retrieve(ofconn, buffer_id, &packet, &in_port),
             OFPERR_OFPBRC_BUFFER_EMPTY);
    CHECK(packet == NULL);
    CHECK_EQ(ofconn_pktbuf_retrieve(ofconn, buffer_id ^ 0x100, &packet,
                                    &in_port),
             OFPERR_OFPBRC_BUFFER_UNKNOWN);
    CHECK_EQ(ofconn_pktbuf_retrieve(ofconn, OFP_NO_BUFFER, &packet,
                                    &in_port),
             OFPERR_OFPBRC_BUFFER_UNKNOWN);

    /* After CONNMGR_N_PKTBUFS more, the old id is forgotten. */
    for (int i = 0; i < CONNMGR_N_PKTBUFS; i++) {
        connmgr_send_packet_in(mgr, &pin, 3, 0, 10);
    }
    CHECK_EQ(ofconn_pktbuf_retrieve(ofconn, buffer_id, &packet, &in_port),
             OFPERR_OFPBRC_BUFFER_UNKNOWN);

    /* A controller action with OFPCML_NO_BUFFER: all of it, unbuffered;
     * another controller id: nothing. */
    int drained = 0;
    while (drained < CONNMGR_N_PKTBUFS) {
        ofpbuf_delete(mgr_recv(mgr, vc));
        drained++;
    }
    make_pin(&pin, frame, sizeof frame, OFPR_ACTION);
    connmgr_send_packet_in(mgr, &pin, 3, 7, OFPCML_NO_BUFFER);
    mgr_run_quiet(mgr, vc, 50);
    connmgr_send_packet_in(mgr, &pin, 3, 0, OFPCML_NO_BUFFER);
    msg = mgr_recv(mgr, vc);
    CHECK_EQ(ofputil_decode_packet_in(&got, msg->data), 0);
    CHECK_EQ(got.packet_len, 100);
    CHECK_EQ(got.buffer_id, OFP_NO_BUFFER);
    CHECK_EQ(got.reason, OFPR_ACTION);
    ofpbuf_delete(msg);

    struct connmgr_pin_stats stats;
    connmgr_get_pin_stats(mgr, &stats);
    CHECK_EQ(stats.n_sent, 2 + CONNMGR_N_PKTBUFS);
    CHECK_EQ(stats.n_dropped, 0);

    vconn_close(vc);
    connmgr_destroy(mgr);
}

OSW_TEST(connmgr_no_match_only_below_13)
{
    struct connmgr *mgr = mgr_create();
    struct vconn *vc = mgmt_connect(mgr, VCONN_VERSION_BIT(OFP13_VERSION));
    uint8_t frame[60];
    struct ofputil_packet_in pin;

    struct ofputil_switch_config set = { .miss_send_len = 0xffff };
    CHECK_EQ(vconn_send(vc, ofputil_encode_set_config(&set, OFP13_VERSION)),
             0);
    ofpbuf_delete(mgr_transact(mgr, vc, ofputil_encode_barrier_request(4)));
    CHECK(!connmgr_wants_packet_in_on_miss(mgr));

    /* An implicit table miss is not for 1.3 connections. */
    make_pin(&pin, frame, sizeof frame, OFPR_NO_MATCH);
    connmgr_send_packet_in(mgr, &pin, 3, 0, -1);
    mgr_run_quiet(mgr, vc, 50);

    /* A 1.3 table-miss flow's controller action is. */
    connmgr_send_packet_in(mgr, &pin, 3, 0, OFPCML_NO_BUFFER);
    struct ofpbuf *msg = mgr_recv(mgr, vc);
    CHECK_EQ(reply_type(msg), OFPTYPE_PACKET_IN);
    ofpbuf_delete(msg);

    vconn_close(vc);
    connmgr_destroy(mgr);
}

static struct ofproto_controller
controller(const char *target)
{
    struct ofproto_controller c;
    memset(&c, 0, sizeof c);
    c.target = target;
    c.max_backoff = 1;
    c.probe_interval = 5;
    c.enable_async_msgs = true;
    return c;
}

OSW_TEST(connmgr_controllers_flush_and_fail_mode)
{
    struct connmgr *mgr = mgr_create();
    CHECK(!connmgr_has_controllers(mgr));
    CHECK_EQ(connmgr_get_fail_mode(mgr), OFPROTO_FAIL_STANDALONE);

    /* None to some: flushed, and no NORMAL flow comes back. */
    struct ofproto_controller c = controller("tcp:127.0.0.1:1");
    connmgr_set_controllers(mgr, &c, 1);
    CHECK(connmgr_has_controllers(mgr));
    CHECK_EQ(fake.n_flush, 1);
    CHECK_EQ(fake.n_add, 0);

    /* The same again: nothing. */
    connmgr_set_controllers(mgr, &c, 1);
    CHECK_EQ(fake.n_flush, 1);

    struct ofproto_controller_info *infos;
    connmgr_run(mgr);
    size_t n = connmgr_get_controller_info(mgr, &infos);
    CHECK_EQ(n, 1);
    CHECK_STREQ(infos[0].target, "tcp:127.0.0.1:1");
    CHECK(!infos[0].is_connected);
    CHECK(smap_get(infos[0].pairs, "state") != NULL);
    CHECK_STREQ(ofconn_role_to_string(infos[0].role), "other");
    connmgr_free_controller_info(infos, n);

    /* Some to none: flushed, NORMAL at priority 0 in standalone. */
    connmgr_set_controllers(mgr, NULL, 0);
    CHECK(!connmgr_has_controllers(mgr));
    CHECK_EQ(fake.n_flush, 2);
    CHECK_EQ(fake.n_add, 1);
    CHECK_EQ(fake.last_add_priority, 0);
    CHECK(fake.last_add_normal);

    /* Secure without controllers: an empty table. */
    connmgr_set_fail_mode(mgr, OFPROTO_FAIL_SECURE);
    CHECK_EQ(fake.n_flush, 3);
    CHECK_EQ(fake.n_add, 1);
    connmgr_set_fail_mode(mgr, OFPROTO_FAIL_SECURE);
    CHECK_EQ(fake.n_flush, 3);
    connmgr_set_fail_mode(mgr, OFPROTO_FAIL_STANDALONE);
    CHECK_EQ(fake.n_add, 2);
    CHECK(!connmgr_is_failed_open(mgr));
    connmgr_destroy(mgr);
}

/* An active controller: the test plays the controller on a punix
 * listener. */
struct ctl_fixture {
    struct connmgr *mgr;
    struct pvconn *pvc;
    struct vconn *ctl;
    char *target;
};

static void
ctl_fixture_open(struct ctl_fixture *f, struct ofproto_controller *c,
                 uint32_t versions)
{
    f->mgr = mgr_create();
    char *path = sock_path("ctl");
    char *ptarget = xasprintf("punix:%s", path);
    f->target = xasprintf("unix:%s", path);
    CHECK_EQ(pvconn_open(ptarget, versions, 0, &f->pvc), 0);
    free(ptarget);
    free(path);
    c->target = f->target;
    connmgr_set_controllers(f->mgr, c, 1);

    long long int deadline = time_msec() + 5000;
    f->ctl = NULL;
    int error = EAGAIN;
    while (error) {
        CHECK(time_msec() < deadline);
        connmgr_run(f->mgr);
        if (!f->ctl) {
            pvconn_accept(f->pvc, &f->ctl);
        }
        if (f->ctl) {
            vconn_run(f->ctl);
            error = vconn_connect(f->ctl);
            CHECK(error == 0 || error == EAGAIN);
        }
        connmgr_wait(f->mgr);
        pvconn_wait(f->pvc);
        if (f->ctl) {
            vconn_connect_wait(f->ctl);
        }
        poll_timer_wait(10);
        poll_block();
    }
    /* Admitted once it hears from us. */
    ofpbuf_delete(mgr_transact(f->mgr, f->ctl,
                               ofputil_encode_echo_request(
                                   vconn_get_version(f->ctl))));
}

static void
ctl_fixture_close(struct ctl_fixture *f)
{
    vconn_close(f->ctl);
    pvconn_close(f->pvc);
    connmgr_destroy(f->mgr);
    free(f->target);
}

OSW_TEST(connmgr_active_controller_status)
{
    struct ctl_fixture f;
    struct ofproto_controller c = controller(NULL);
    unsigned int seqno0 = 0;
    ctl_fixture_open(&f, &c, VCONN_VERSION_BIT(OFP13_VERSION));
    CHECK(connmgr_get_status_seqno(f.mgr) != seqno0);

    struct ofproto_controller_info *infos;
    size_t n = connmgr_get_controller_info(f.mgr, &infos);
    CHECK_EQ(n, 1);
    CHECK(infos[0].is_connected);
    CHECK_STREQ(smap_get(infos[0].pairs, "state"), "ACTIVE");
    CHECK(smap_get(infos[0].pairs, "sec_since_connect") != NULL);
    connmgr_free_controller_info(infos, n);

    /* Primary connections get port status without asking. */
    struct ofputil_phy_port pp;
    memset(&pp, 0, sizeof pp);
    pp.port_no = 5;
    strcpy(pp.name, "p5");
    connmgr_send_port_status(f.mgr, &pp, OFPPR_ADD);
    struct ofpbuf *msg = mgr_recv(f.mgr, f.ctl);
    struct ofputil_port_status ps;
    CHECK_EQ(ofputil_decode_port_status(msg->data, &ps), 0);
    CHECK_EQ(ps.reason, OFPPR_ADD);
    CHECK_EQ(ps.desc.port_no, 5);
    ofpbuf_delete(msg);

    /* The controller goes away: status follows. */
    unsigned int seqno = connmgr_get_status_seqno(f.mgr);
    vconn_close(f.ctl);
    f.ctl = NULL;
    long long int deadline = time_msec() + 5000;
    while (connmgr_get_status_seqno(f.mgr) == seqno) {
        CHECK(time_msec() < deadline);
        connmgr_run(f.mgr);
        connmgr_wait(f.mgr);
        poll_timer_wait(10);
        poll_block();
    }
    n = connmgr_get_controller_info(f.mgr, &infos);
    CHECK(!infos[0].is_connected);
    CHECK_STREQ(smap_get(infos[0].pairs, "last_error"), "End of file");
    connmgr_free_controller_info(infos, n);
    CHECK(!connmgr_is_failed_open(f.mgr));
    ctl_fixture_close(&f);
}

OSW_TEST(connmgr_packet_in_rate_limit)
{
    struct ctl_fixture f;
    struct ofproto_controller c = controller(NULL);
    c.rate_limit = 100;
    c.burst_limit = 25;
    c.queue_size = 50;
    ctl_fixture_open(&f, &c, VCONN_VERSION_BIT(OFP10_VERSION));

    uint8_t frame[60];
    struct ofputil_packet_in pin;
    make_pin(&pin, frame, sizeof frame, OFPR_ACTION);
    for (int i = 0; i < 200; i++) {
        connmgr_send_packet_in(f.mgr, &pin, 3, 0, OFPCML_NO_BUFFER);
    }
    struct connmgr_pin_stats stats;
    connmgr_get_pin_stats(f.mgr, &stats);
    /* The burst goes at once, the queue fills, the rest is dropped (a
     * token or two may refill while the loop runs). */
    CHECK(stats.n_sent >= 25 && stats.n_sent <= 28);
    CHECK_EQ(stats.n_queued, 50);
    CHECK_EQ(stats.n_sent + stats.n_queued + stats.n_dropped, 200);

    /* The queue drains at about 100 per second. */
    long long int start = time_msec();
    int received = 0;
    while (received < 25 + 50) {
        ofpbuf_delete(mgr_recv(f.mgr, f.ctl));
        received++;
    }
    long long int elapsed = time_msec() - start;
    CHECK(elapsed >= 350);
    connmgr_get_pin_stats(f.mgr, &stats);
    CHECK(stats.n_sent >= 75);
    ctl_fixture_close(&f);
}

OSW_TEST_MAIN()
