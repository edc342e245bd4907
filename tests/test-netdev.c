/* Tests for lib/netdev.c and the "dummy" type: opening and reference
 * counts, receive and send, pcap round trips, configuration errors,
 * properties, counters, the software offload fallback, and the
 * "netdev-dummy/receive" command.  Kernel devices are covered by the
 * functional tests (tests/func/netdev-*.sh). */
#include <config.h>
#include "osw/netdev.h"

#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "osw/dp-packet.h"
#include "osw/flow.h"
#include "osw/jsonrpc.h"
#include "osw/poll-loop.h"
#include "osw/smap.h"
#include "osw/timeval.h"
#include "osw/unixctl.h"
#include "osw/vlog.h"
#include "csum-oracle.h"
#include "testlib.h"

/* Helpers. */

static struct netdev *
open_dummy(const char *name, const struct smap *config)
{
    struct netdev *netdev;

    CHECK_EQ(netdev_open(name, "dummy", config, &netdev), 0);
    CHECK(netdev != NULL);
    return netdev;
}

/* A frame of 'size' bytes (at least 14) whose bytes after the Ethernet
 * header are 'fill'. */
static struct dp_packet *
make_frame(size_t size, uint8_t fill)
{
    static const uint8_t hdr[ETH_HEADER_LEN] = {
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
        0x00, 0x66, 0x77, 0x88, 0x99, 0xaa, 0x88, 0xb5
    };
    struct dp_packet *p = dp_packet_new(size, DP_PACKET_HEADROOM);

    dp_packet_put(p, hdr, sizeof hdr);
    memset(dp_packet_put_uninit(p, size - sizeof hdr), fill,
           size - sizeof hdr);
    return p;
}

static bool
fd_readable(int fd)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };

    return poll(&pfd, 1, 0) == 1 && pfd.revents & POLLIN;
}

static char *
tmp_file(const char *name)
{
    return xasprintf("%s/%s", osw_test_tmpdir(), name);
}

/* The IPv4 pseudo-header sum for an L4 segment of 'l4_len' bytes. */
static uint32_t
pseudo_sum(const struct ip_header *ip, size_t l4_len)
{
    uint32_t sum = oracle_csum_add(0, &ip->ip_src, 8);

    return sum + ip->ip_proto + l4_len;
}

/* True if the L4 checksum of IPv4 frame 'p' (flow-extracted) is right. */
static bool
l4_csum_ok(struct dp_packet *p)
{
    struct flow flow;

    CHECK_EQ(flow_extract(p, &flow), FLOW_EXTRACT_OK);
    const struct ip_header *ip = dp_packet_l3(p);
    size_t l4_len = dp_packet_l4_size(p);
    uint32_t sum = pseudo_sum(ip, l4_len);

    sum = oracle_csum_add(sum, dp_packet_l4(p), l4_len);
    return oracle_csum_fold(sum) == 0xffff;
}

/* Opening and closing. */

OSW_TEST(open_close_dummy)
{
    struct netdev *netdev = open_dummy("d0", NULL);

    CHECK_STREQ(netdev_get_name(netdev), "d0");
    CHECK_STREQ(netdev_get_type(netdev), "dummy");
    CHECK_EQ(netdev_n_rxq(netdev), 1);
    CHECK(netdev_rxq_fd(netdev, 0) >= 0);
    CHECK(!netdev_supports_vnet(netdev));
    CHECK(netdev_dummy_find("d0") == netdev);
    netdev_close(netdev);
    CHECK(netdev_dummy_find("d0") == NULL);
    netdev_close(NULL);
}

OSW_TEST(types)
{
    const char *const *types = netdev_types();
    bool system = false, internal = false, tap = false, dummy = false;

    for (; *types; types++) {
        system |= !strcmp(*types, "system");
        internal |= !strcmp(*types, "internal");
        tap |= !strcmp(*types, "tap");
        dummy |= !strcmp(*types, "dummy");
    }
    CHECK(system && internal && tap && dummy);
}

OSW_TEST(unknown_type)
{
    struct netdev *netdev = (struct netdev *) 1;

    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    CHECK_EQ(netdev_open("x0", "no-such-type", NULL, &netdev), EAFNOSUPPORT);
    CHECK(netdev == NULL);
}

OSW_TEST(bad_names)
{
    struct netdev *netdev;

    CHECK_EQ(netdev_open("", "dummy", NULL, &netdev), EINVAL);
    CHECK_EQ(netdev_open("a-name-longer-than-15", "dummy", NULL, &netdev),
             EINVAL);
}

OSW_TEST(missing_system_device)
{
    struct netdev *netdev;

    CHECK_EQ(netdev_open("osw-nonexist0", "system", NULL, &netdev), ENODEV);
    CHECK(netdev == NULL);
    /* "" means "system". */
    CHECK_EQ(netdev_open("osw-nonexist0", "", NULL, &netdev), ENODEV);
}

OSW_TEST(open_twice_shares)
{
    struct netdev *a = open_dummy("d1", NULL);
    struct netdev *b = open_dummy("d1", NULL);
    struct netdev *c;

    CHECK(a == b);
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    CHECK_EQ(netdev_open("d1", "internal", NULL, &c), EEXIST);
    netdev_close(a);
    CHECK(netdev_dummy_find("d1") == b);     /* One reference left. */
    netdev_close(b);
    CHECK(netdev_dummy_find("d1") == NULL);
}

/* Receive. */

OSW_TEST(receive_in_order)
{
    struct netdev *netdev = open_dummy("d0", NULL);
    int fd = netdev_rxq_fd(netdev, 0);
    struct dp_packet_batch batch;

    CHECK(!fd_readable(fd));
    CHECK_EQ(netdev_rxq_recv(netdev, 0, &batch), EAGAIN);
    CHECK_EQ(batch.count, 0);

    for (int i = 0; i < 3; i++) {
        CHECK_EQ(netdev_dummy_receive(netdev, make_frame(60 + i, i)), 0);
    }
    CHECK(fd_readable(fd));
    CHECK_EQ(netdev_rxq_recv(netdev, 0, &batch), 0);
    CHECK_EQ(batch.count, 3);
    for (int i = 0; i < 3; i++) {
        struct dp_packet *p = batch.packets[i];
        const uint8_t *data = dp_packet_data(p);

        CHECK_EQ(dp_packet_size(p), 60 + i);
        CHECK_EQ(data[ETH_HEADER_LEN], i);
        CHECK_EQ(p->in_port, 0);
    }
    dp_packet_batch_delete_all(&batch);
    CHECK(!fd_readable(fd));
    CHECK_EQ(netdev_rxq_recv(netdev, 0, &batch), EAGAIN);
    netdev_close(netdev);
}

OSW_TEST(receive_batches_of_32)
{
    struct netdev *netdev = open_dummy("d0", NULL);
    struct dp_packet_batch batch;

    for (int i = 0; i < DP_BATCH_SIZE + 8; i++) {
        netdev_dummy_receive(netdev, make_frame(64, i));
    }
    CHECK_EQ(netdev_rxq_recv(netdev, 0, &batch), 0);
    CHECK_EQ(batch.count, DP_BATCH_SIZE);
    CHECK_EQ(((uint8_t *) dp_packet_data(batch.packets[31]))[14], 31);
    dp_packet_batch_delete_all(&batch);
    CHECK(fd_readable(netdev_rxq_fd(netdev, 0)));
    CHECK_EQ(netdev_rxq_recv(netdev, 0, &batch), 0);
    CHECK_EQ(batch.count, 8);
    CHECK_EQ(((uint8_t *) dp_packet_data(batch.packets[0]))[14], 32);
    dp_packet_batch_delete_all(&batch);
    CHECK(!fd_readable(netdev_rxq_fd(netdev, 0)));
    netdev_close(netdev);
}

OSW_TEST(receive_bad_queue)
{
    struct netdev *netdev = open_dummy("d0", NULL);
    struct dp_packet_batch batch;

    CHECK_EQ(netdev_rxq_recv(netdev, 1, &batch), EINVAL);
    CHECK_EQ(netdev_rxq_recv(netdev, -1, &batch), EINVAL);
    netdev_close(netdev);
}

OSW_TEST(close_with_queued_frames)
{
    struct netdev *netdev = open_dummy("d0", NULL);
    struct dp_packet_batch batch;

    /* Many frames, so the FIFO grows and wraps around. */
    for (int i = 0; i < 100; i++) {
        netdev_dummy_receive(netdev, make_frame(64, i));
        if (i == 20) {
            CHECK_EQ(netdev_rxq_recv(netdev, 0, &batch), 0);
            dp_packet_batch_delete_all(&batch);
        }
    }
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, make_frame(64, 0));
    netdev_send(netdev, &batch, true, NULL);
    netdev_close(netdev);       /* Frees the queued frames (valgrind). */
}

OSW_TEST(receive_on_non_dummy_fails)
{
    struct netdev *netdev;

    if (netdev_open("lo", "system", NULL, &netdev)) {
        osw_test_skip("cannot open lo (needs CAP_NET_RAW)");
    }
    CHECK_EQ(netdev_dummy_receive(netdev, make_frame(64, 0)), EOPNOTSUPP);
    CHECK(netdev_dummy_pop_sent(netdev) == NULL);
    CHECK(netdev_dummy_find("lo") == NULL);
    netdev_close(netdev);
}

/* Peeking at a receive queue without a system call. */

OSW_TEST(peek_dummy_cannot_tell)
{
    struct netdev *netdev = open_dummy("d0", NULL);

    /* "dummy" has no peek: the caller must poll its fd. */
    CHECK_EQ(netdev_rxq_peek(netdev, 0), -1);
    netdev_dummy_receive(netdev, make_frame(64, 0));
    CHECK_EQ(netdev_rxq_peek(netdev, 0), -1);
    CHECK_EQ(netdev_rxq_peek(netdev, 1), -1);
    netdev_close(netdev);
}

/* Empties queue 0 of 'netdev'. */
static void
drain(struct netdev *netdev)
{
    struct dp_packet_batch batch;

    while (!netdev_rxq_recv(netdev, 0, &batch)) {
        dp_packet_batch_delete_all(&batch);
    }
}

OSW_TEST(peek_system_ring)
{
    struct netdev *netdev;
    struct dp_packet_batch batch;

    if (netdev_open("lo", "system", NULL, &netdev)) {
        osw_test_skip("cannot open lo (needs CAP_NET_RAW)");
    }
    CHECK_EQ(netdev_rxq_peek(netdev, 1), -1);
    drain(netdev);

    /* lo hands our frame back: the ring slot fills and peek sees it
     * (other traffic on lo may be there first: either way a frame). */
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, make_frame(64, 0x5a));
    CHECK_EQ(netdev_send(netdev, &batch, true, NULL), 0);
    int peek = 0;
    for (int i = 0; i < 1000 && peek != 1; i++) {
        peek = netdev_rxq_peek(netdev, 0);
        CHECK(peek == 0 || peek == 1);
        if (!peek) {
            usleep(1000);
        }
    }
    CHECK_EQ(peek, 1);

    /* What peek promised, the receive returns; ours comes at last. */
    bool seen = false;
    for (int i = 0; i < 1000 && !seen; i++) {
        if (netdev_rxq_peek(netdev, 0) != 1) {
            usleep(1000);
            continue;
        }
        CHECK_EQ(netdev_rxq_recv(netdev, 0, &batch), 0);
        CHECK(batch.count > 0);
        for (size_t j = 0; j < batch.count; j++) {
            const uint8_t *data = dp_packet_data(batch.packets[j]);
            seen |= (dp_packet_size(batch.packets[j]) == 64
                     && data[12] == 0x88 && data[13] == 0xb5
                     && data[ETH_HEADER_LEN] == 0x5a);
        }
        dp_packet_batch_delete_all(&batch);
    }
    CHECK(seen);
    netdev_close(netdev);
}

/* Send. */

OSW_TEST(send_queues_copies)
{
    struct netdev *netdev = open_dummy("d0", NULL);
    struct dp_packet_batch batch;
    struct netdev_stats stats;
    struct dp_packet *p;
    size_t dropped = 99;

    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, make_frame(64, 1));
    dp_packet_batch_add(&batch, make_frame(100, 2));
    CHECK_EQ(netdev_send(netdev, &batch, true, &dropped), 0);
    CHECK_EQ(dropped, 0);
    CHECK_EQ(batch.count, 0);           /* Stolen and deleted. */

    p = netdev_dummy_pop_sent(netdev);
    CHECK(p && dp_packet_size(p) == 64);
    dp_packet_delete(p);
    p = netdev_dummy_pop_sent(netdev);
    CHECK(p && dp_packet_size(p) == 100);
    CHECK_EQ(((uint8_t *) dp_packet_data(p))[50], 2);
    dp_packet_delete(p);
    CHECK(netdev_dummy_pop_sent(netdev) == NULL);

    CHECK_EQ(netdev_get_stats(netdev, &stats), 0);
    CHECK_EQ(stats.tx_packets, 2);
    CHECK_EQ(stats.tx_bytes, 164);
    CHECK_EQ(stats.rx_packets, 0);
    netdev_close(netdev);
}

OSW_TEST(send_without_steal_keeps_packets)
{
    struct netdev *netdev = open_dummy("d0", NULL);
    struct dp_packet_batch batch;
    struct dp_packet *p;

    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, make_frame(70, 7));
    CHECK_EQ(netdev_send(netdev, &batch, false, NULL), 0);
    CHECK_EQ(batch.count, 1);
    CHECK_EQ(dp_packet_size(batch.packets[0]), 70);
    p = netdev_dummy_pop_sent(netdev);
    CHECK(p != batch.packets[0]);
    CHECK_MEMEQ(dp_packet_data(p), dp_packet_data(batch.packets[0]), 70);
    dp_packet_delete(p);
    dp_packet_batch_delete_all(&batch);
    netdev_close(netdev);
}

OSW_TEST(send_empty_batch)
{
    struct netdev *netdev = open_dummy("d0", NULL);
    struct dp_packet_batch batch;
    size_t dropped = 5;

    dp_packet_batch_init(&batch);
    CHECK_EQ(netdev_send(netdev, &batch, true, &dropped), 0);
    CHECK_EQ(dropped, 0);
    CHECK(netdev_dummy_pop_sent(netdev) == NULL);
    netdev_close(netdev);
}

OSW_TEST(sent_queue_is_bounded)
{
    struct netdev *netdev = open_dummy("d0", NULL);
    struct dp_packet *p;
    int n = 0;

    for (int i = 0; i < NETDEV_DUMMY_MAX_SENT + 10; i++) {
        struct dp_packet_batch batch;

        dp_packet_batch_init(&batch);
        dp_packet_batch_add(&batch, make_frame(64, i & 0xff));
        netdev_send(netdev, &batch, true, NULL);
    }
    p = netdev_dummy_pop_sent(netdev);
    CHECK_EQ(((uint8_t *) dp_packet_data(p))[20], 10);   /* Oldest gone. */
    dp_packet_delete(p);
    while ((p = netdev_dummy_pop_sent(netdev))) {
        dp_packet_delete(p);
        n++;
    }
    CHECK_EQ(n, NETDEV_DUMMY_MAX_SENT - 1);
    netdev_close(netdev);
}

/* pcap. */

OSW_TEST(pcap_round_trip)
{
    char *file = tmp_file("tx.pcap");
    struct netdev *tx, *rx;
    struct dp_packet_batch batch;
    struct smap config;

    smap_init(&config);
    smap_replace(&config, "tx_pcap", file);
    tx = open_dummy("d-tx", &config);
    dp_packet_batch_init(&batch);
    for (int i = 0; i < 5; i++) {
        dp_packet_batch_add(&batch, make_frame(60 + i * 100, 0x40 + i));
    }
    CHECK_EQ(netdev_send(tx, &batch, true, NULL), 0);

    /* The file is flushed after each send: readable while still open. */
    smap_clear(&config);
    smap_replace(&config, "rxq_pcap", file);
    rx = open_dummy("d-rx", &config);
    CHECK(fd_readable(netdev_rxq_fd(rx, 0)));
    CHECK_EQ(netdev_rxq_recv(rx, 0, &batch), 0);
    CHECK_EQ(batch.count, 5);
    for (int i = 0; i < 5; i++) {
        const uint8_t *data = dp_packet_data(batch.packets[i]);

        CHECK_EQ(dp_packet_size(batch.packets[i]), 60 + i * 100);
        CHECK_EQ(data[ETH_HEADER_LEN + 3], 0x40 + i);
    }
    dp_packet_batch_delete_all(&batch);

    /* The same configuration again does not read the file again. */
    CHECK_EQ(netdev_set_config(rx, &config), 0);
    CHECK_EQ(netdev_rxq_recv(rx, 0, &batch), EAGAIN);

    struct netdev_stats stats;
    CHECK_EQ(netdev_get_stats(rx, &stats), 0);
    CHECK_EQ(stats.rx_packets, 5);
    CHECK_EQ(stats.rx_bytes, 60 * 5 + 100 * 10);

    netdev_close(tx);
    netdev_close(rx);
    smap_destroy(&config);
    free(file);
}

OSW_TEST(pcap_errors)
{
    char *missing = tmp_file("missing.pcap");
    char *garbage = tmp_file("garbage.pcap");
    char *baddir = tmp_file("no/such/dir/tx.pcap");
    struct netdev *netdev;
    struct smap config;
    FILE *f;

    vlog_set_levels(NULL, VLF_CONSOLE, VLL_OFF);
    smap_init(&config);
    smap_replace(&config, "rxq_pcap", missing);
    CHECK_EQ(netdev_open("d0", "dummy", &config, &netdev), ENOENT);
    CHECK(netdev_dummy_find("d0") == NULL);

    f = fopen(garbage, "w");
    CHECK(f != NULL);
    fputs("this is not a pcap file, not at all\n", f);
    fclose(f);
    smap_replace(&config, "rxq_pcap", garbage);
    CHECK_EQ(netdev_open("d0", "dummy", &config, &netdev), EINVAL);

    smap_clear(&config);
    smap_replace(&config, "tx_pcap", baddir);
    CHECK_EQ(netdev_open("d0", "dummy", &config, &netdev), ENOENT);

    /* Unknown keys are ignored (with a warning). */
    smap_clear(&config);
    smap_replace(&config, "no_such_option", "1");
    netdev = open_dummy("d0", &config);
    netdev_close(netdev);

    smap_destroy(&config);
    free(missing);
    free(garbage);
    free(baddir);
}

OSW_TEST(tx_pcap_change)
{
    char *file1 = tmp_file("a.pcap"), *file2 = tmp_file("b.pcap");
    struct netdev *netdev, *rx;
    struct dp_packet_batch batch;
    struct smap config;

    smap_init(&config);
    smap_replace(&config, "tx_pcap", file1);
    netdev = open_dummy("d0", &config);
    smap_replace(&config, "tx_pcap", file2);
    CHECK_EQ(netdev_set_config(netdev, &config), 0);
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, make_frame(80, 1));
    netdev_send(netdev, &batch, true, NULL);
    smap_clear(&config);
    CHECK_EQ(netdev_set_config(netdev, &config), 0);   /* Closes it. */

    smap_replace(&config, "rxq_pcap", file1);
    rx = open_dummy("d1", &config);
    CHECK_EQ(netdev_rxq_recv(rx, 0, &batch), EAGAIN);   /* Empty file. */
    netdev_close(rx);
    smap_replace(&config, "rxq_pcap", file2);
    rx = open_dummy("d1", &config);
    CHECK_EQ(netdev_rxq_recv(rx, 0, &batch), 0);
    CHECK_EQ(batch.count, 1);
    dp_packet_batch_delete_all(&batch);
    netdev_close(rx);

    netdev_close(netdev);
    smap_destroy(&config);
    free(file1);
    free(file2);
}

/* Properties. */

OSW_TEST(dummy_properties)
{
    struct netdev *netdev = open_dummy("d0", NULL);
    struct netdev *other = open_dummy("d9", NULL);
    struct eth_addr mac, mac2, set = { { 0x02, 0, 0, 0, 0, 0x42 } };
    enum netdev_flags flags;
    struct smap status;
    uint64_t speed;
    int mtu;

    CHECK_EQ(netdev_get_etheraddr(netdev, &mac), 0);
    CHECK(!eth_addr_is_zero(mac) && !eth_addr_is_multicast(mac));
    CHECK_EQ(netdev_get_etheraddr(other, &mac2), 0);
    CHECK(!eth_addr_equals(mac, mac2));
    CHECK_EQ(netdev_set_etheraddr(netdev, set), 0);
    CHECK_EQ(netdev_get_etheraddr(netdev, &mac), 0);
    CHECK(eth_addr_equals(mac, set));
    CHECK_EQ(netdev_set_etheraddr(netdev, eth_addr_broadcast), EINVAL);

    CHECK_EQ(netdev_get_mtu(netdev, &mtu), 0);
    CHECK_EQ(mtu, 1500);
    CHECK_EQ(netdev_set_mtu(netdev, 9000), 0);
    CHECK_EQ(netdev_get_mtu(netdev, &mtu), 0);
    CHECK_EQ(mtu, 9000);
    CHECK_EQ(netdev_set_mtu(netdev, 0), EINVAL);
    CHECK_EQ(netdev_set_mtu(netdev, 100000), EINVAL);

    CHECK_EQ(netdev_get_flags(netdev, &flags), 0);
    CHECK_EQ(flags, NETDEV_UP | NETDEV_RUNNING);
    CHECK_EQ(netdev_update_flags(netdev, NETDEV_PROMISC, NETDEV_UP), 0);
    CHECK_EQ(netdev_get_flags(netdev, &flags), 0);
    CHECK_EQ(flags, NETDEV_PROMISC);
    CHECK_EQ(netdev_update_flags(netdev, NETDEV_UP, 0), 0);
    CHECK_EQ(netdev_get_flags(netdev, &flags), 0);
    CHECK_EQ(flags, NETDEV_UP | NETDEV_RUNNING | NETDEV_PROMISC);
    CHECK_EQ(netdev_update_flags(netdev, NETDEV_RUNNING, 0), EINVAL);

    CHECK_EQ(netdev_get_ifindex(netdev), -EOPNOTSUPP);
    CHECK_EQ(netdev_get_speed(netdev, &speed), 0);
    CHECK_EQ(speed, 0);

    smap_init(&status);
    CHECK_EQ(netdev_get_status(netdev, &status), 0);
    CHECK_STREQ(smap_get(&status, "driver_name"), "dummy");
    smap_destroy(&status);

    netdev_close(netdev);
    netdev_close(other);
}

OSW_TEST(dummy_stats)
{
    struct netdev *netdev = open_dummy("d0", NULL);
    struct dp_packet_batch batch;
    struct netdev_stats stats;

    CHECK_EQ(netdev_get_stats(netdev, &stats), 0);
    CHECK_EQ(stats.rx_packets, 0);
    CHECK_EQ(stats.tx_packets, 0);
    CHECK_EQ(stats.rx_errors, 0);
    CHECK_EQ(stats.rx_crc_err, UINT64_MAX);     /* Not counted. */
    CHECK_EQ(stats.collisions, UINT64_MAX);

    netdev_dummy_receive(netdev, make_frame(100, 0));
    netdev_dummy_receive(netdev, make_frame(200, 0));
    CHECK_EQ(netdev_rxq_recv(netdev, 0, &batch), 0);
    dp_packet_batch_delete_all(&batch);
    CHECK_EQ(netdev_get_stats(netdev, &stats), 0);
    CHECK_EQ(stats.rx_packets, 2);
    CHECK_EQ(stats.rx_bytes, 300);
    CHECK_EQ(stats.rx_dropped, 0);
    netdev_close(netdev);
}

/* The software offload fallback. */

/* A TCP/IPv4 frame with 'payload' bytes, as a GSO frame with segment size
 * 'mss' and a partial checksum, as a veth would hand it over. */
static struct dp_packet *
make_tcp_gso(size_t payload, uint16_t mss)
{
    struct dp_packet *p = dp_packet_new(0, DP_PACKET_HEADROOM);
    struct flow_wildcards wc;
    struct flow flow;
    char *error;

    error = flow_parse("eth(src=00:00:00:00:00:01,dst=00:00:00:00:00:02),"
                       "eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,"
                       "proto=6,tos=0,ttl=64,frag=no),"
                       "tcp(src=1000,dst=2000)", &flow, &wc);
    CHECK(!error);
    flow_compose(p, &flow, payload);
    CHECK_EQ(flow_extract(p, &flow), FLOW_EXTRACT_OK);

    /* Replace the complete checksum by the pseudo-header sum. */
    struct ip_header *ip = dp_packet_l3(p);
    struct tcp_header *tcp = dp_packet_l4(p);
    uint16_t partial = oracle_csum_fold(pseudo_sum(ip, dp_packet_l4_size(p)));
    tcp->tcp_csum = htons(partial);

    p->has_vnet = true;
    memset(&p->vnet, 0, sizeof p->vnet);
    p->vnet.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
    p->vnet.csum_start = p->l4_ofs;
    p->vnet.csum_offset = offsetof(struct tcp_header, tcp_csum);
    if (payload > mss) {
        p->vnet.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
        p->vnet.gso_size = mss;
        p->vnet.hdr_len = p->l4_ofs + TCP_HEADER_LEN;
    }
    return p;
}

OSW_TEST(sw_checksum_on_plain_device)
{
    struct netdev *netdev = open_dummy("d0", NULL);
    struct dp_packet_batch batch;
    struct dp_packet *p;

    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, make_tcp_gso(500, 1448));
    CHECK(!l4_csum_ok(batch.packets[0]));
    CHECK_EQ(netdev_send(netdev, &batch, true, NULL), 0);
    p = netdev_dummy_pop_sent(netdev);
    CHECK(p != NULL);
    CHECK(!p->has_vnet);
    CHECK_EQ(dp_packet_size(p), 14 + 20 + 20 + 500);
    CHECK(l4_csum_ok(p));
    dp_packet_delete(p);
    netdev_close(netdev);
}

OSW_TEST(sw_segmentation_on_plain_device)
{
    struct netdev *netdev = open_dummy("d0", NULL);
    struct dp_packet_batch batch;
    struct dp_packet *p;
    size_t total = 0;
    int n = 0;

    /* 40 segments: more than one batch's worth. */
    dp_packet_batch_init(&batch);
    dp_packet_batch_add(&batch, make_tcp_gso(40 * 1000 - 10, 1000));
    dp_packet_batch_add(&batch, make_frame(64, 9));
    CHECK_EQ(netdev_send(netdev, &batch, false, NULL), 0);
    while ((p = netdev_dummy_pop_sent(netdev)) && n < 40) {
        CHECK(!p->has_vnet);
        CHECK(dp_packet_size(p) <= 14 + 20 + 20 + 1000);
        CHECK(l4_csum_ok(p));
        total += dp_packet_l4_size(p) - TCP_HEADER_LEN;
        n++;
        dp_packet_delete(p);
    }
    CHECK_EQ(n, 40);
    CHECK_EQ(total, 40 * 1000 - 10);
    CHECK(p && dp_packet_size(p) == 64);        /* In order after them. */
    dp_packet_delete(p);
    dp_packet_batch_delete_all(&batch);

    struct netdev_stats stats;
    CHECK_EQ(netdev_get_stats(netdev, &stats), 0);
    CHECK_EQ(stats.tx_packets, 41);
    netdev_close(netdev);
}

/* netdev-dummy/receive. */

struct ctl {
    struct unixctl_server *server;
    struct jsonrpc *client;
};

static void
ctl_start(struct ctl *ctl)
{
    char *path = tmp_file("test.ctl");

    netdev_init();
    CHECK_EQ(unixctl_server_create(path, &ctl->server), 0);
    CHECK_EQ(unixctl_client_create(path, &ctl->client), 0);
    free(path);
}

static void
ctl_stop(struct ctl *ctl)
{
    jsonrpc_close(ctl->client);
    unixctl_server_destroy(ctl->server);
}

/* Runs command 'argv' (NULL-terminated) and returns its reply: the result
 * or "error: " and the error text (to free). */
static char *
ctl_run(struct ctl *ctl, const char *const *argv)
{
    json_t *params = json_array();
    struct jsonrpc_msg *reply = NULL;
    long long int deadline = time_msec() + 10000;
    char *s;

    for (int i = 1; argv[i]; i++) {
        json_array_append_new(params, json_string(argv[i]));
    }
    CHECK_EQ(jsonrpc_send(ctl->client,
                          jsonrpc_create_request(argv[0], params, NULL)), 0);
    for (;;) {
        unixctl_server_run(ctl->server);
        jsonrpc_run(ctl->client);
        int error = jsonrpc_recv(ctl->client, &reply);
        if (error != EAGAIN) {
            CHECK_EQ(error, 0);
            break;
        }
        CHECK(time_msec() < deadline);
        unixctl_server_wait(ctl->server);
        jsonrpc_wait(ctl->client);
        jsonrpc_recv_wait(ctl->client);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    if (reply->type == JSONRPC_ERROR) {
        s = xasprintf("error: %s", json_string_value(reply->error));
    } else {
        s = xstrdup(json_is_string(reply->result)
                    ? json_string_value(reply->result) : "");
    }
    jsonrpc_msg_destroy(reply);
    return s;
}

OSW_TEST(receive_command_hex)
{
    struct netdev *netdev = open_dummy("p1", NULL);
    struct dp_packet_batch batch;
    struct ctl ctl;
    char *s;

    ctl_start(&ctl);
    s = ctl_run(&ctl, (const char *[]) {
        "netdev-dummy/receive", "p1",
        "ffffffffffff00000000000108060001",
        "0000000000020000000000010800 4500", NULL });
    CHECK_STREQ(s, "");
    free(s);
    CHECK_EQ(netdev_rxq_recv(netdev, 0, &batch), 0);
    CHECK_EQ(batch.count, 2);
    CHECK_EQ(dp_packet_size(batch.packets[0]), 16);
    CHECK_MEMEQ(dp_packet_data(batch.packets[0]),
                "\xff\xff\xff\xff\xff\xff\x00\x00\x00\x00\x00\x01\x08\x06",
                14);
    CHECK_EQ(dp_packet_size(batch.packets[1]), 16);
    dp_packet_batch_delete_all(&batch);
    ctl_stop(&ctl);
    netdev_close(netdev);
}

OSW_TEST(receive_command_flow)
{
    struct netdev *netdev = open_dummy("p1", NULL);
    struct dp_packet_batch batch;
    struct flow flow;
    struct ctl ctl;
    char *s;

    ctl_start(&ctl);
    s = ctl_run(&ctl, (const char *[]) {
        "netdev-dummy/receive", "p1",
        "eth(src=00:00:00:00:00:01,dst=00:00:00:00:00:02),eth_type(0x0800),"
        "ipv4(src=10.0.0.1,dst=10.0.0.2,proto=17,tos=0,ttl=64,frag=no),"
        "udp(src=53,dst=1234)", NULL });
    CHECK_STREQ(s, "");
    free(s);
    CHECK_EQ(netdev_rxq_recv(netdev, 0, &batch), 0);
    CHECK_EQ(batch.count, 1);
    CHECK_EQ(flow_extract(batch.packets[0], &flow), FLOW_EXTRACT_OK);
    CHECK_EQ(ntohs(flow.dl_type), ETH_TYPE_IP);
    CHECK_EQ(flow.nw_proto, 17);
    CHECK_EQ(ntohs(flow.tp_src), 53);
    CHECK_EQ(ntohs(flow.tp_dst), 1234);
    CHECK_EQ(flow.dl_src.ea[5], 1);
    dp_packet_batch_delete_all(&batch);
    ctl_stop(&ctl);
    netdev_close(netdev);
}

OSW_TEST(receive_command_errors)
{
    struct netdev *netdev = open_dummy("p1", NULL);
    struct dp_packet_batch batch;
    struct ctl ctl;
    char *s;

    ctl_start(&ctl);
    s = ctl_run(&ctl, (const char *[]) {
        "netdev-dummy/receive", "nope", "ffffffffffff000000000001ffff",
        NULL });
    CHECK_STREQ(s, "error: no such dummy netdev \"nope\"");
    free(s);

    /* A bad packet among good ones queues nothing. */
    s = ctl_run(&ctl, (const char *[]) {
        "netdev-dummy/receive", "p1", "ffffffffffff000000000001ffff",
        "not a packet(", NULL });
    CHECK(!strncmp(s, "error: \"not a packet(\": neither hex bytes nor a "
                   "flow", 49));
    free(s);
    s = ctl_run(&ctl, (const char *[]) {
        "netdev-dummy/receive", "p1", "ffff", NULL });
    CHECK_STREQ(s, "error: \"ffff\": shorter than an Ethernet header");
    free(s);
    s = ctl_run(&ctl, (const char *[]) {
        "netdev-dummy/receive", "p1", NULL });
    CHECK(!strncmp(s, "error: ", 7));
    free(s);
    CHECK_EQ(netdev_rxq_recv(netdev, 0, &batch), EAGAIN);
    ctl_stop(&ctl);
    netdev_close(netdev);
}

OSW_TEST_MAIN()
