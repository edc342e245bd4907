/* Unit tests for the field registry (lib/meta-flow.c), matches and their
 * text syntax (lib/match.c), and the match codecs (ofproto/ofp-match.c).
 *
 * The expected strings of the format tests were checked against Open
 * vSwitch 3.1's "ovs-ofctl parse-flow" (which normalizes a match as
 * OpenFlow 1.0 decoding does, so the tests normalize too); the expected
 * bytes against the OpenFlow 1.3 specification and "ovs-ofctl parse-nxm /
 * parse-oxm / parse-ofp10-match". */
#include <config.h>
#include "osw/match.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "ofproto/ofp-match.h"
#include "openflow/openflow-1.0.h"
#include "osw/dynamic-string.h"
#include "osw/meta-flow.h"
#include "osw/ofpbuf.h"
#include "testlib.h"

/* Parses "a=b,c,d=e" as ovs-ofctl reads a flow's match; stores the
 * priority (default 32768) in '*priority'.  Returns NULL or an error. */
static char *
parse_match(const char *s_, struct match *match, int *priority)
{
    char *s = xstrdup(s_);
    char *save = NULL;
    char *error = NULL;

    match_init_catchall(match);
    *priority = 32768;
    for (char *tok = strtok_r(s, ",", &save); tok && !error;
         tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        char *value = NULL;
        if (eq) {
            *eq = '\0';
            value = eq + 1;
        }
        if (!strcmp(tok, "priority")) {
            *priority = atoi(value);
        } else {
            error = match_parse_field(match, tok, value, NULL, NULL);
        }
    }
    free(s);
    return error;
}

/* Parses, normalizes and formats 's'.  Like ovs-ofctl, sends the match
 * through OpenFlow 1.0 when that can carry it. */
static char *
roundtrip_string(const char *s)
{
    struct match match;
    int priority;
    char *error = parse_match(s, &match, &priority);

    if (error) {
        return error;
    }
    ofputil_normalize_match(&match);
    if (ofputil_match_is_ofp10(&match)) {
        struct ofp10_match ofm;
        ofputil_match_to_ofp10_match(&match, &ofm);
        CHECK_EQ(ofputil_match_from_ofp10_match(&ofm, &match), 0);
    }
    return match_to_string(&match, priority);
}

static const struct {
    const char *in;
    const char *out;
} format_cases[] = {
    { "tcp,nw_src=10.0.0.0/24,tp_dst=80",
      "tcp,nw_src=10.0.0.0/24,tp_dst=80" },
    { "in_port=1,dl_vlan=10,dl_vlan_pcp=3,tcp,nw_src=10.0.0.0/24,tp_dst=80",
      "tcp,in_port=1,dl_vlan=10,dl_vlan_pcp=3,nw_src=10.0.0.0/24,tp_dst=80" },
    { "udp,tp_src=5",
      "udp,tp_src=5" },
    { "tp_dst=80,tcp",
      "tcp,tp_dst=80" },
    { "tcp,tcp_src=5",
      "tcp,tp_src=5" },
    { "udp,tcp_src=5",
      "udp,tp_src=5" },
    { "icmp,icmp_type=3,icmp_code=1",
      "icmp,icmp_type=3,icmp_code=1" },
    { "icmp,tp_src=3",
      "icmp,icmp_type=3" },
    { "arp,nw_src=1.2.3.4,arp_op=1",
      "arp,arp_spa=1.2.3.4,arp_op=1" },
    { "dl_vlan=0xffff",
      "vlan_tci=0x0000" },
    { "ip,nw_tos=12,nw_ecn=1,nw_ttl=4",
      "ip,nw_tos=12,nw_ecn=1,nw_ttl=4" },
    { "vlan_vid=0x1005",
      "dl_vlan=5" },
    { "ipv6,ipv6_src=::1/64,ipv6_label=5",
      "ipv6,ipv6_src=::/64,ipv6_label=0x00005" },
    { "tcp6,tp_dst=0x10/0xfff0,tcp_flags=+syn-ack",
      "tcp6,tp_dst=0x10/0xfff0,tcp_flags=+syn-ack" },
    { "icmp6,icmp_type=135,nd_target=::1,nd_sll=00:00:00:00:00:01",
      "icmp6,icmp_type=135,nd_target=::1,nd_sll=00:00:00:00:00:01" },
    { "reg0=5,reg3=0x10/0xf0,tun_id=0x5,metadata=0x1/0x1,pkt_mark=3"
      ",tun_src=1.1.1.1",
      "pkt_mark=0x3,reg0=0x5,reg3=0x10/0xf0,tun_id=0x5,tun_src=1.1.1.1"
      ",metadata=0x1/0x1" },
    { "tcp,pkt_mark=3,reg0=0,metadata=0,tun_id=0,in_port=LOCAL",
      "pkt_mark=0x3,tcp,reg0=0,tun_id=0,metadata=0,in_port=LOCAL" },
    { "arp,arp_op=2,arp_sha=00:00:00:00:00:01"
      ",arp_tha=00:00:00:00:00:02/ff:ff:ff:00:00:00,arp_spa=1.0.0.0/8"
      ",arp_tpa=1.2.3.4/255.0.255.0"
      ",dl_src=01:00:00:00:00:00/01:00:00:00:00:00,in_port=3,dl_vlan=5",
      "arp,in_port=3,dl_vlan=5,dl_src=01:00:00:00:00:00/01:00:00:00:00:00"
      ",arp_spa=1.0.0.0/8,arp_tpa=1.0.3.0/255.0.255.0,arp_op=2"
      ",arp_sha=00:00:00:00:00:01"
      ",arp_tha=00:00:00:00:00:00/ff:ff:ff:00:00:00" },
    { "ipv6,ipv6_label=0x5/0xf,ipv6_dst=fe80::1/ffff::ffff",
      "ipv6,ipv6_dst=fe80::1/ffff::ffff,ipv6_label=0x00005/0x0000f" },
    { "tcp,tcp_flags=0x12",
      "tcp,tcp_flags=syn|ack" },
    { "tcp,tcp_flags=syn",
      "tcp,tcp_flags=syn" },
    { "tcp,tcp_flags=0",
      "tcp,tcp_flags=0" },
    { "tcp,tcp_flags=0x12/0x12",
      "tcp,tcp_flags=+syn+ack" },
    { "vlan_tci=0x1000/0x1000",
      "vlan_tci=0x1000/0x1000" },
    { "vlan_tci=0x0123/0x0fff",
      "vlan_tci=0x0123/0x0fff" },
    { "dl_vlan_pcp=5",
      "dl_vlan_pcp=5" },
    { "vlan_pcp=5",
      "dl_vlan_pcp=5" },
    { "vlan_vid=0x1000/0x1000",
      "vlan_tci=0x1000/0x1000" },
    { "vlan_vid=0",
      "vlan_tci=0x0000" },
    { "ip,nw_frag=first",
      "ip,nw_frag=first" },
    { "ip,nw_frag=not_later",
      "ip,nw_frag=not_later" },
    { "ip,nw_frag=yes",
      "ip,nw_frag=yes" },
    { "ip,nw_frag=no",
      "ip,nw_frag=no" },
    { "ip,nw_frag=later",
      "ip,nw_frag=later" },
    { "dl_type=0x1234",
      "dl_type=0x1234" },
    { "ip,nw_proto=2",
      "ip,nw_proto=2" },
    { "ipv6,nw_proto=99",
      "ipv6,nw_proto=99" },
    { "rarp",
      "rarp" },
    { "in_port=ANY",
      "in_port=ANY" },
    { "in_port=65534",
      "in_port=LOCAL" },
    { "icmp6,icmp_type=136,nd_tll=00:00:00:00:00:05,nd_target=::1/64",
      "icmp6,icmp_type=136,nd_target=::/64,nd_tll=00:00:00:00:00:05" },
    { "tcp,tp_src=0x0/0xff00",
      "tcp,tp_src=0x0/0xff00" },
    { "tun_id=0x10/0xff,tun_dst=1.2.3.0/24",
      "tun_id=0x10/0xff,tun_dst=1.2.3.0/24" },
    { "metadata=0xff/0xff00",
      "metadata=0/0xff00" },
    { "pkt_mark=0x5/0xff",
      "pkt_mark=0x5/0xff" },
    { "ip,ip_dscp=5",
      "ip,nw_tos=20" },
    { "ip,nw_tos=255",
      "ip,nw_tos=252" },
    { "ip,ip_ecn=3",
      "ip,nw_ecn=3" },
    { "sctp6,tp_src=5",
      "sctp6,tp_src=5" },
    { "sctp,sctp_dst=9",
      "sctp,tp_dst=9" },
    { "in_port=1,in_port=2",
      "in_port=2" },
    { "ip,ip_dscp=64",
      "ip,nw_tos=0" },
    { "dl_vlan=4096",
      "dl_vlan=0" },
    { "dl_vlan=4095",
      "dl_vlan=4095" },
    { "vlan_pcp=8",
      "dl_vlan_pcp=0" },
    { "arp,arp_op=256",
      "arp,arp_op=0" },
    { "tp_dst=80",
      "" },
    { "nw_src=1.2.3.4",
      "" },
    { "arp,nw_proto=1",
      "arp,arp_op=1" },
    { "ip,nw_src=1.2.3.4/0",
      "ip" },
    { "ip,nw_src=1.2.3.4/255.255.0.255",
      "ip,nw_src=1.2.0.4/255.255.0.255" },
    { "dl_dst=ff:ff:ff:ff:ff:ff/00:00:00:00:00:00",
      "" },
    { "tcp,tp_dst=0x50/0xffff",
      "tcp,tp_dst=80" },
    { "ip,nw_src=1.2.3.4/32",
      "ip,nw_src=1.2.3.4" },
    { "tcp6,tcp_flags=+syn-ack+fin",
      "tcp6,tcp_flags=+fin+syn-ack" },
    { "dl_vlan=0xffff,dl_vlan_pcp=3",
      "dl_vlan=0,dl_vlan_pcp=3" },
    { "dl_vlan_pcp=3,dl_vlan=0xffff",
      "vlan_tci=0x0000" },
    { "dl_vlan=5,vlan_tci=0",
      "vlan_tci=0x0000" },
    { "ip,nw_ttl=5",
      "ip,nw_ttl=5" },
    { "eth_type=0x800",
      "ip" },
    { "dl_type=0x0800,nw_proto=6",
      "tcp" },
    { "udp6,udp_dst=53",
      "udp6,tp_dst=53" },
    { "ipv4,tcp",
      "tcp" },
    { "tcp,udp",
      "udp" },
    { "ip6",
      "ipv6" },
    { "mpls",
      "mpls" },
    { "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,dl_src=aa:bb:cc:dd:ee:ff",
      "dl_src=aa:bb:cc:dd:ee:ff,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00" },
    { "eth_src=aa:bb:cc:dd:ee:ff,eth_dst=11:22:33:44:55:66",
      "dl_src=aa:bb:cc:dd:ee:ff,dl_dst=11:22:33:44:55:66" },
    { "priority=100,ip,nw_dst=192.168.1.0/24",
      "priority=100,ip,nw_dst=192.168.1.0/24" },
    { "priority=0",
      "priority=0" },
    { "priority=32768,tcp",
      "tcp" },
    { "priority=65535,udp,in_port=7,nw_src=10.1.2.3,nw_dst=10.3.2.1,tp_src=1"
      ",tp_dst=2",
      "priority=65535,udp,in_port=7,nw_src=10.1.2.3,nw_dst=10.3.2.1,tp_src=1"
      ",tp_dst=2" },
    { "icmp6,icmp_type=128,icmp_code=0",
      "icmp6,icmp_type=128,icmp_code=0" },
    { "icmp6,icmp_type=135,nd_target=fe80::1,nd_sll=aa:bb:cc:dd:ee:ff"
      ",nd_tll=00:00:00:00:00:01",
      "icmp6,icmp_type=135,nd_target=fe80::1,nd_sll=aa:bb:cc:dd:ee:ff" },
    { "ipv6,nw_tos=8,nw_ecn=2,nw_ttl=64",
      "ipv6,nw_tos=8,nw_ecn=2,nw_ttl=64" },
    { "arp,arp_spa=10.0.0.1,arp_tpa=10.0.0.2,arp_sha=00:11:22:33:44:55",
      "arp,arp_spa=10.0.0.1,arp_tpa=10.0.0.2,arp_sha=00:11:22:33:44:55" },
    { "rarp,arp_op=3",
      "rarp,arp_op=3" },
    { "tcp,reg7=0xffffffff,reg1=1",
      "tcp,reg1=0x1,reg7=0xffffffff" },
    { "vlan_tci=0x5005",
      "dl_vlan=5,dl_vlan_pcp=2" },
    { "vlan_tci=0x0000/0x1000",
      "vlan_tci=0x0000/0x1000" },
    { "ip,ip_frag=later",
      "ip,nw_frag=later" },
    { "tun_src=10.0.0.0/255.0.255.0",
      "tun_src=10.0.0.0/255.0.255.0" },
    { "in_port=CONTROLLER,dl_type=0x88cc",
      "in_port=CONTROLLER,dl_type=0x88cc" },
    { "udp,nw_src=0.0.0.0/1,tp_dst=0x8000/0x8000",
      "udp,nw_src=0.0.0.0/1,tp_dst=0x8000/0x8000" },
    { "ipv6,ipv6_src=2001:db8::/32,ipv6_dst=2001:db8::1",
      "ipv6,ipv6_src=2001:db8::/32,ipv6_dst=2001:db8::1" },
    { "tcp,tp_dst=0/0",
      "tcp" },
    { "ip,nw_dst=10.0.0.0/8,nw_src=10.0.0.1",
      "ip,nw_src=10.0.0.1,nw_dst=10.0.0.0/8" },
    { "dl_vlan=5,vlan_tci=0x1000/0x1000",
      "vlan_tci=0x1000/0x1000" },
    { "vlan_tci=0x1005/0x1fff",
      "dl_vlan=5" },
    { "vlan_tci=0xf005/0xffff",
      "dl_vlan=5,dl_vlan_pcp=7" },
    { "vlan_tci=0x0005/0x0fff",
      "vlan_tci=0x0005/0x0fff" },
    { "vlan_tci=0xe000/0xe000",
      "vlan_tci=0xe000/0xe000" },
    { "vlan_tci=0x3000/0xf000",
      "dl_vlan_pcp=1" },
    { "icmp6,nd_target=::1",
      "icmp6" },
    { "in_port=0",
      "in_port=0" },
    { "ip,nw_proto=6",
      "tcp" },
    { "arp,arp_op=1,nw_proto=2",
      "arp,arp_op=2" },
    { "ipv6,ipv6_label=0xfffff",
      "ipv6,ipv6_label=0xfffff" },
    { "ipv6,ipv6_label=0",
      "ipv6,ipv6_label=0x00000" },
    { "ipv6,ipv6_label=0/0xff",
      "ipv6,ipv6_label=0x00000/0x000ff" },
    { "metadata=0",
      "metadata=0" },
    { "reg0=0",
      "reg0=0" },
    { "tcp,tp_dst=0/0xff",
      "tcp,tp_dst=0x0/0xff" },
    { "tcp,tcp_flags=-syn",
      "tcp,tcp_flags=-syn" },
    { "tcp,tcp_flags=+fin+syn+rst+psh+ack+urg+ece+cwr+ns",
      "tcp,tcp_flags=+fin+syn+rst+psh+ack+urg+ece+cwr+ns" },
    { "tcp,tcp_flags=fin|syn|rst|psh|ack|urg|ece|cwr|ns",
      "tcp,tcp_flags=fin|syn|rst|psh|ack|urg|ece|cwr|ns" },
    { "ip,nw_tos=0",
      "ip,nw_tos=0" },
    { "tun_id=0xffffffffffffffff",
      "tun_id=0xffffffffffffffff" },
    { "metadata=0xffffffffffffffff/0xffffffffffffffff",
      "metadata=0xffffffffffffffff" },
    { "dl_src=00:00:00:00:00:00",
      "dl_src=00:00:00:00:00:00" },
    { "reg0=0xffffffff/0x0",
      "" },
    { "tcp,tp_dst=80/0xffff",
      "tcp,tp_dst=80" },
    { "pkt_mark=0/0",
      "" },
    { "pkt_mark=0xffffffff",
      "pkt_mark=0xffffffff" },
    { "ip,nw_frag=no,nw_ttl=0",
      "ip,nw_ttl=0,nw_frag=no" },
    { "ipv6,nw_frag=later",
      "ipv6,nw_frag=later" },
    { "icmp,icmp_type=0,icmp_code=0",
      "icmp,icmp_type=0,icmp_code=0" },
    { "icmp6,icmp_code=3",
      "icmp6,icmp_code=3" },
    { "arp,arp_tpa=0.0.0.0/0",
      "arp" },
    { "rarp,arp_spa=1.2.3.4,arp_sha=01:02:03:04:05:06",
      "rarp,arp_spa=1.2.3.4,arp_sha=01:02:03:04:05:06" },
    { "tcp6,ipv6_dst=::/1,tp_src=0xffff",
      "tcp6,ipv6_dst=::/1,tp_src=65535" },
    { "udp,tp_dst=0",
      "udp,tp_dst=0" },
    { "sctp,tp_src=1/0x1",
      "sctp,tp_src=0x1/0x1" },
    { "dl_type=0x86dd,nw_proto=58,icmp_type=136,nd_tll=00:00:00:00:00:01"
      ",nd_target=fe80::1234",
      "icmp6,icmp_type=136,nd_target=fe80::1234,nd_tll=00:00:00:00:00:01" },
    { "dl_type=0x0806,nw_src=1.1.1.1,nw_dst=2.2.2.2",
      "arp,arp_spa=1.1.1.1,arp_tpa=2.2.2.2" },
    { "ipv6,nw_ecn=3",
      "ipv6,nw_ecn=3" },
    { "ip,nw_tos=4,nw_ecn=1",
      "ip,nw_tos=4,nw_ecn=1" },
    { "ip,ip_dscp=63",
      "ip,nw_tos=252" },
    { "vlan_pcp=7,vlan_vid=0x1064",
      "dl_vlan=100,dl_vlan_pcp=7" },
    { "tcp,in_port=LOCAL,reg2=0x10,tun_dst=1.2.3.4,tcp_flags=+ack",
      "tcp,reg2=0x10,tun_dst=1.2.3.4,in_port=LOCAL,tcp_flags=+ack" },
    { "in_port=65535",
      "in_port=ANY" },
    { "in_port=IN_PORT",
      "in_port=IN_PORT" },
    { "priority=1,udp,tp_src=53",
      "priority=1,udp,tp_src=53" },
    { "dl_dst=01:80:c2:00:00:00/ff:ff:ff:ff:ff:f0",
      "dl_dst=01:80:c2:00:00:00/ff:ff:ff:ff:ff:f0" },
    { "tcp,nw_src=192.168.0.0/16,nw_dst=192.168.1.1/255.255.255.255"
      ",tp_dst=22",
      "tcp,nw_src=192.168.0.0/16,nw_dst=192.168.1.1,tp_dst=22" },
    { "tcp,tp_dst",
      "tcp" },
    { "tcp,nw_src=10.0.0.1/255.255.255.0,nw_dst=0.0.0.0/0",
      "tcp,nw_src=10.0.0.0/24" },
    { "ipv6,ipv6_src=::/0,ipv6_dst=ffff::/16",
      "ipv6,ipv6_dst=ffff::/16" },
    { "udp,tp_src=0x8000/0x8000,tp_dst=0x0/0x1",
      "udp,tp_src=0x8000/0x8000,tp_dst=0x0/0x1" },
    { "icmp,icmp_type=255,icmp_code=255",
      "icmp,icmp_type=255,icmp_code=255" },
    { "dl_type=0x0800,nw_proto=1,tp_src=8",
      "icmp,icmp_type=8" },
    { "dl_type=0x86dd,nw_proto=58,tp_src=135,tp_dst=0,nd_target=::1",
      "icmp6,icmp_type=135,icmp_code=0,nd_target=::1" },
    { "ip,reg0=1,reg1=2,reg2=3,reg3=4,reg4=5,reg5=6,reg6=7,reg7=8",
      "ip,reg0=0x1,reg1=0x2,reg2=0x3,reg3=0x4,reg4=0x5,reg5=0x6,reg6=0x7"
      ",reg7=0x8" },
    { "ip,in_port=1,in_port_oxm=2",
      "ip,in_port=2" },
    { "ip,dl_vlan=5,dl_vlan=6",
      "ip,dl_vlan=6" },
    { "ip,vlan_vid=0x1000/0x1000,vlan_pcp=3",
      "ip,dl_vlan_pcp=3" },
    { "mpls,mpls_bos=1,mpls_ttl=64,mpls_tc=3,mpls_label=5",
      "mpls,mpls_label=5,mpls_tc=3,mpls_ttl=64,mpls_bos=1" },
    { "mplsm,mpls_label=0x10",
      "mplsm,mpls_label=16" },
    { "dl_type=0x8847,in_port=2,mpls_label=1048575",
      "mpls,in_port=2,mpls_label=1048575" },
};

OSW_TEST(format_matches_ovs_ofctl)
{
    for (size_t i = 0; i < ARRAY_SIZE(format_cases); i++) {
        char *s = roundtrip_string(format_cases[i].in);
        CHECK_STREQ(s, format_cases[i].out);
        free(s);
    }
}

/* What match_format() prints must parse back to the same match. */
OSW_TEST(format_parse_roundtrip)
{
    for (size_t i = 0; i < ARRAY_SIZE(format_cases); i++) {
        struct match a, b;
        int pa, pb;
        char *s, *error;

        error = parse_match(format_cases[i].in, &a, &pa);
        CHECK(!error);
        ofputil_normalize_match(&a);
        s = match_to_string(&a, pa);
        error = parse_match(s, &b, &pb);
        CHECK(!error);
        if (!match_equal(&a, &b)) {
            fprintf(stderr, "%s did not round trip\n", s);
        }
        CHECK(match_equal(&a, &b));
        CHECK_EQ(pa, pb);
        free(s);
    }
}

OSW_TEST(parse_errors)
{
    static const struct {
        const char *in;
        const char *error;
    } cases[] = {
        { "foo=1", "unknown keyword foo" },
        { "in_port=1/1", "1/1: invalid or unknown port for in_port" },
        { "in_port=0xff00", "0xff00: invalid or unknown port for in_port" },
        { "in_port=-1", "-1: invalid or unknown port for in_port" },
        { "icmp,icmp_type=300",
          "300: value too large for 1-byte field icmp_type" },
        { "tcp,tp_dst=65536",
          "65536: value too large for 2-byte field tcp_dst" },
        { "tun_id=0x1ffffffffffffffff",
          "0x1ffffffffffffffff: value too large for 8-byte field tun_id" },
        { "dl_src=aa:bb:cc:dd:ee",
          "aa:bb:cc:dd:ee: invalid Ethernet address" },
        { "ip,nw_frag=bogus", "bogus: unknown fragment type (valid types "
          "are \"no\", \"yes\", \"first\", \"later\", \"not_later\")" },
        { "tcp,tcp_flags=0x1000", "0x1000: unknown TCP flag(s)" },
        { "tcp,tcp_flags=+syn+bogus", "bogus: unknown TCP flag" },
        { "dl_vlan=5/0xfff", NULL },
        { "arp,arp_op=1/1", NULL },
        { "ip,nw_src=1.2.3.4/33", NULL },
        { "ip,nw_src=1.2.3", NULL },
        { "ipv6,ipv6_src=1::2::3", NULL },
        { "tcp=5", "tcp: protocol shorthand takes no value" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct match match;
        int priority;
        char *error = parse_match(cases[i].in, &match, &priority);
        if (!error) {
            fprintf(stderr, "%s parsed\n", cases[i].in);
        }
        CHECK(error != NULL);
        if (cases[i].error) {
            CHECK_STREQ(error, cases[i].error);
        }
        free(error);
    }
}

OSW_TEST(check_prereqs)
{
    static const struct {
        const char *in;
        bool ok;
    } cases[] = {
        { "tcp,tp_dst=80", true },
        { "tp_dst=80,tcp", true },
        { "tp_dst=80", false },
        { "ip,tp_dst=80", false },
        { "udp6,tp_src=1", true },
        { "icmp,icmp_type=8", true },
        { "icmp6,icmp_type=135,nd_target=::1,nd_sll=00:00:00:00:00:01",
          true },
        { "icmp6,icmp_type=136,nd_sll=00:00:00:00:00:01", false },
        { "icmp6,nd_target=::1", false },
        { "nw_src=1.2.3.4", false },
        { "arp,nw_src=1.2.3.4", true },
        { "ipv6,ipv6_src=::1", true },
        { "ip,ipv6_src=::1", false },
        { "ip,nw_ttl=3", true },
        { "nw_ttl=3", false },
        { "tcp,tcp_flags=+syn", true },
        { "udp,tcp_flags=+syn", false },
        { "arp,arp_sha=00:00:00:00:00:01", true },
        { "ip,arp_sha=00:00:00:00:00:01", false },
        { "vlan_pcp=3", true },
        { "in_port=1,dl_vlan=5,metadata=3,reg0=1", true },
        { "mpls,mpls_label=5,mpls_tc=1,mpls_bos=0,mpls_ttl=2", true },
        { "mplsm,mpls_label=5", true },
        { "mpls_label=5", false },
        { "ip,mpls_tc=1", false },
        { "dl_type=0x0800,mpls_bos=1", false },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct match match;
        int priority;
        char *error = parse_match(cases[i].in, &match, &priority);
        CHECK(!error);
        error = match_check_prereqs(&match);
        if ((error == NULL) != cases[i].ok) {
            fprintf(stderr, "%s: %s\n", cases[i].in, error ? error : "ok");
        }
        CHECK((error == NULL) == cases[i].ok);
        free(error);
    }
}

/* ---- Field table. ---- */

OSW_TEST(field_table_consistent)
{
    for (int i = 0; i < MFF_N_IDS; i++) {
        const struct mf_field *mf = mf_from_id(i);
        CHECK_EQ(mf->id, i);
        CHECK(mf->name != NULL);
        CHECK(mf_from_name(mf->name) == mf);
        if (mf->extra_name) {
            CHECK(mf_from_name(mf->extra_name) == mf);
        }
        CHECK(mf->n_bytes >= 1 && mf->n_bytes <= 16);
        CHECK(mf->n_bits >= 1 && mf->n_bits <= mf->n_bytes * 8);
        if (mf->nxm_header) {
            CHECK_EQ(mf->nxm_header & 0xff, mf->n_bytes);
            CHECK_EQ(mf->nxm_header >> 16 <= 1, 1);
            CHECK(mf_from_nxm_header(mf->nxm_header) == mf);
            CHECK(mf_from_nxm_header(mf->nxm_header | 0x100) == mf);
        }
        if (mf->oxm_header) {
            CHECK_EQ(mf->oxm_header >> 16, 0x8000);
            CHECK_EQ(mf->oxm_header & 0xff, mf->n_bytes);
            CHECK(mf_from_nxm_header(mf->oxm_header) == mf);
            CHECK(mf->oxm_version >= 0x03);
        }
        /* Subfield names resolve back. */
        const char *wire = mf_wire_name(mf);
        CHECK(mf_from_wire_name_len(wire, strlen(wire)) == mf
              || mf_from_name(wire) == mf);
    }
    CHECK(mf_from_name("nonesuch") == NULL);
    CHECK(mf_from_name_len("tp_dstX", 6) == mf_from_id(MFF_TCP_DST));
    CHECK(mf_from_nxm_header(0x12345678) == NULL);
}

OSW_TEST(field_codes)
{
    static const struct {
        enum mf_field_id id;
        int oxm_field;          /* -1: none. */
        int nxm_class, nxm_field;
    } codes[] = {
        { MFF_IN_PORT_OXM, 0, -1, 0 }, { MFF_IN_PHY_PORT, 1, -1, 0 },
        { MFF_METADATA, 2, -1, 0 }, { MFF_ETH_DST, 3, 0, 1 },
        { MFF_ETH_SRC, 4, 0, 2 }, { MFF_ETH_TYPE, 5, 0, 3 },
        { MFF_VLAN_VID, 6, -1, 0 }, { MFF_VLAN_PCP, 7, -1, 0 },
        { MFF_IP_DSCP, 8, -1, 0 }, { MFF_IP_ECN, 9, 1, 28 },
        { MFF_IP_PROTO, 10, 0, 6 }, { MFF_IPV4_SRC, 11, 0, 7 },
        { MFF_IPV4_DST, 12, 0, 8 }, { MFF_TCP_SRC, 13, 0, 9 },
        { MFF_TCP_DST, 14, 0, 10 }, { MFF_UDP_SRC, 15, 0, 11 },
        { MFF_UDP_DST, 16, 0, 12 }, { MFF_SCTP_SRC, 17, -1, 0 },
        { MFF_SCTP_DST, 18, -1, 0 }, { MFF_ICMPV4_TYPE, 19, 0, 13 },
        { MFF_ICMPV4_CODE, 20, 0, 14 }, { MFF_ARP_OP, 21, 0, 15 },
        { MFF_ARP_SPA, 22, 0, 16 }, { MFF_ARP_TPA, 23, 0, 17 },
        { MFF_ARP_SHA, 24, 1, 17 }, { MFF_ARP_THA, 25, 1, 18 },
        { MFF_IPV6_SRC, 26, 1, 19 }, { MFF_IPV6_DST, 27, 1, 20 },
        { MFF_IPV6_LABEL, 28, 1, 27 }, { MFF_ICMPV6_TYPE, 29, 1, 21 },
        { MFF_ICMPV6_CODE, 30, 1, 22 }, { MFF_ND_TARGET, 31, 1, 23 },
        { MFF_ND_SLL, 32, 1, 24 }, { MFF_ND_TLL, 33, 1, 25 },
        { MFF_TUN_ID, 38, 1, 16 }, { MFF_TCP_FLAGS, 42, 1, 34 },
        { MFF_IN_PORT, -1, 0, 0 }, { MFF_VLAN_TCI, -1, 0, 4 },
        { MFF_IP_DSCP_SHIFTED, -1, 0, 5 }, { MFF_IP_TTL, -1, 1, 29 },
        { MFF_IP_FRAG, -1, 1, 26 }, { MFF_TUN_SRC, -1, 1, 31 },
        { MFF_TUN_DST, -1, 1, 32 }, { MFF_PKT_MARK, -1, 1, 33 },
        { MFF_REG0, -1, 1, 0 }, { MFF_REG7, -1, 1, 7 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(codes); i++) {
        const struct mf_field *mf = mf_from_id(codes[i].id);
        if (codes[i].oxm_field >= 0) {
            CHECK_EQ(mf->oxm_header,
                     0x80000000u | (codes[i].oxm_field << 9) | mf->n_bytes);
        } else {
            CHECK_EQ(mf->oxm_header, 0);
        }
        if (codes[i].nxm_class >= 0) {
            CHECK_EQ(mf->nxm_header,
                     ((uint32_t) codes[i].nxm_class << 16)
                     | (codes[i].nxm_field << 9) | mf->n_bytes);
        } else {
            CHECK_EQ(mf->nxm_header, 0);
        }
    }
    CHECK_EQ(mf_from_id(MFF_TUN_ID)->oxm_version, 0x04);
    CHECK_EQ(mf_from_id(MFF_TCP_FLAGS)->oxm_version, 0x06);
    CHECK_EQ(mf_from_id(MFF_ETH_SRC)->oxm_version, 0x03);

    CHECK_EQ(mf_nxm_header(mf_from_id(MFF_METADATA)), 0x80000408);
    CHECK_EQ(mf_nxm_header(mf_from_id(MFF_REG2)), 0x00010404);
    CHECK_EQ(mf_oxm_header(mf_from_id(MFF_TUN_ID), 0x03), 0x00012008);
    CHECK_EQ(mf_oxm_header(mf_from_id(MFF_TUN_ID), 0x04), 0x80004c08);
    CHECK_EQ(mf_oxm_header(mf_from_id(MFF_SKB_PRIORITY), 0x04), 0);
}

OSW_TEST(field_names)
{
    static const struct {
        const char *name;
        enum mf_field_id id;
    } names[] = {
        { "dl_src", MFF_ETH_SRC }, { "eth_dst", MFF_ETH_DST },
        { "dl_type", MFF_ETH_TYPE }, { "nw_src", MFF_IPV4_SRC },
        { "ip_dst", MFF_IPV4_DST }, { "nw_proto", MFF_IP_PROTO },
        { "ip_proto", MFF_IP_PROTO }, { "nw_tos", MFF_IP_DSCP_SHIFTED },
        { "ip_dscp", MFF_IP_DSCP }, { "nw_ecn", MFF_IP_ECN },
        { "ip_ecn", MFF_IP_ECN }, { "nw_ttl", MFF_IP_TTL },
        { "tp_src", MFF_TCP_SRC }, { "tp_dst", MFF_TCP_DST },
        { "tunnel_id", MFF_TUN_ID }, { "tun_id", MFF_TUN_ID },
        { "nw_frag", MFF_IP_FRAG }, { "ip_frag", MFF_IP_FRAG },
        { "reg5", MFF_REG5 }, { "in_port", MFF_IN_PORT },
        { "in_port_oxm", MFF_IN_PORT_OXM }, { "icmp_type", MFF_ICMPV4_TYPE },
        { "icmpv6_code", MFF_ICMPV6_CODE }, { "nd_target", MFF_ND_TARGET },
        { "vlan_tci", MFF_VLAN_TCI }, { "dl_vlan", MFF_DL_VLAN },
        { "vlan_vid", MFF_VLAN_VID }, { "dl_vlan_pcp", MFF_DL_VLAN_PCP },
        { "vlan_pcp", MFF_VLAN_PCP }, { "ipv6_label", MFF_IPV6_LABEL },
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        const struct mf_field *mf = mf_from_name(names[i].name);
        CHECK(mf != NULL);
        CHECK_EQ(mf->id, names[i].id);
    }
    CHECK(mf_from_name("DL_SRC") == NULL);
}

/* A value of 'mf' with every meaningful bit pattern 'seed' allows. */
static void
sample_value(const struct mf_field *mf, unsigned int seed,
             union mf_value *v)
{
    memset(v, 0, sizeof *v);
    for (unsigned int i = 0; i < mf->n_bytes; i++) {
        v->bytes[i] = (seed * 37 + i * 101 + 1) & 0xff;
    }
    /* Trim to the field's bits. */
    for (unsigned int bit = mf->n_bits; bit < mf->n_bytes * 8; bit++) {
        v->bytes[mf->n_bytes - 1 - bit / 8] &= ~(1u << (bit % 8));
    }
    switch (mf->id) {
    case MFF_IN_PORT:
        v->be16 = htons(seed % 0xff00);
        break;
    case MFF_IN_PORT_OXM:
    case MFF_IN_PHY_PORT:
        v->be32 = htonl(seed & 1 ? 0xfffffffe : seed % 0xff00);
        break;
    case MFF_IP_DSCP_SHIFTED:
        v->u8 &= IP_DSCP_MASK;
        break;
    case MFF_ARP_OP:
        v->be16 &= htons(0xff);
        break;
    case MFF_VLAN_VID:
    case MFF_VLAN_TCI:
        v->be16 |= htons(VLAN_CFI);
        break;
    default:
        break;
    }
}

OSW_TEST(set_get_roundtrip)
{
    for (int i = 0; i < MFF_N_IDS; i++) {
        const struct mf_field *mf = mf_from_id(i);
        for (unsigned int seed = 0; seed < 20; seed++) {
            union mf_value v, got, mask;
            struct match match, catchall;

            sample_value(mf, seed, &v);
            CHECK(mf_is_value_valid(mf, &v));
            match_init_catchall(&match);
            mf_set_value(mf, &v, &match);
            mf_get(mf, &match, &got, &mask);
            CHECK_MEMEQ(&got, &v, mf->n_bytes);
            if (!mf_mask_is_exact(mf, &mask)) {
                fprintf(stderr, "%s: mask not exact\n", mf->name);
            }
            CHECK(mf_mask_is_exact(mf, &mask));
            CHECK(!mf_is_all_wild(mf, &match.wc));
            /* Bits outside the mask stay zero. */
            struct flow masked = match.flow;
            flow_zero_wildcards(&masked, &match.wc);
            CHECK(flow_equal(&masked, &match.flow));

            mf_set_wild(mf, &match);
            CHECK(mf_is_all_wild(mf, &match.wc));
            match_init_catchall(&catchall);
            CHECK(match_equal(&match, &catchall));

            /* The flow setter writes the same value. */
            struct flow flow;
            memset(&flow, 0, sizeof flow);
            mf_set_flow_value(mf, &v, &flow);
            mf_get_value(mf, &flow, &got);
            CHECK_MEMEQ(&got, &v, mf->n_bytes);
        }
    }
}

OSW_TEST(set_masked)
{
    const struct mf_field *mf = mf_from_id(MFF_IPV4_SRC);
    union mf_value v, m, gv, gm;
    struct match match;

    match_init_catchall(&match);
    v.be32 = htonl(0x0a0b0c0d);
    m.be32 = htonl(0xffff0000);
    mf_set(mf, &v, &m, &match);
    mf_get(mf, &match, &gv, &gm);
    CHECK_EQ(ntohl(gv.be32), 0x0a0b0000);
    CHECK_EQ(ntohl(gm.be32), 0xffff0000);

    /* A zero mask wildcards. */
    m.be32 = 0;
    mf_set(mf, &v, &m, &match);
    CHECK(mf_is_all_wild(mf, &match.wc));
    CHECK_EQ(match.flow.nw_src, 0);

    /* dl_vlan and dl_vlan_pcp imply a tag. */
    match_init_catchall(&match);
    v.be16 = htons(10);
    mf_set_value(mf_from_id(MFF_DL_VLAN), &v, &match);
    CHECK_EQ(ntohs(match.flow.vlans[0].tci), VLAN_CFI | 10);
    CHECK_EQ(ntohs(match.wc.masks.vlans[0].tci), VLAN_CFI | VLAN_VID_MASK);
    v.u8 = 5;
    mf_set_value(mf_from_id(MFF_DL_VLAN_PCP), &v, &match);
    CHECK_EQ(ntohs(match.flow.vlans[0].tci), 0xb000 | 10);
    CHECK_EQ(ntohs(match.wc.masks.vlans[0].tci), 0xffff);
    mf_set_wild(mf_from_id(MFF_DL_VLAN), &match);
    CHECK_EQ(ntohs(match.flow.vlans[0].tci), 0xb000);
    mf_set_wild(mf_from_id(MFF_DL_VLAN_PCP), &match);
    CHECK_EQ(match.wc.masks.vlans[0].tci, 0);

    /* DSCP and ECN share a byte without disturbing each other. */
    match_init_catchall(&match);
    v.u8 = 0x2e;
    mf_set_value(mf_from_id(MFF_IP_DSCP), &v, &match);
    v.u8 = 2;
    mf_set_value(mf_from_id(MFF_IP_ECN), &v, &match);
    CHECK_EQ(match.flow.nw_tos, 0xba);
    CHECK_EQ(match.wc.masks.nw_tos, 0xff);
    mf_get(mf_from_id(MFF_IP_DSCP_SHIFTED), &match, &gv, &gm);
    CHECK_EQ(gv.u8, 0xb8);
    CHECK_EQ(gm.u8, 0xfc);

    /* OXM in_port maps reserved 32-bit numbers. */
    match_init_catchall(&match);
    v.be32 = htonl(0xfffffffe);
    mf_set_value(mf_from_id(MFF_IN_PORT_OXM), &v, &match);
    CHECK_EQ(match.flow.in_port, 0xfffe);
    mf_get(mf_from_id(MFF_IN_PORT), &match, &gv, &gm);
    CHECK_EQ(ntohs(gv.be16), 0xfffe);
}

OSW_TEST(flow_value_masked)
{
    struct flow flow;
    union mf_value v, m;

    memset(&flow, 0, sizeof flow);
    flow.regs[2] = 0x11223344;
    v.be32 = htonl(0xaabbccdd);
    m.be32 = htonl(0x0000ff00);
    mf_set_flow_value_masked(mf_from_id(MFF_REG2), &v, &m, &flow);
    CHECK_EQ(flow.regs[2], 0x1122cc44);

    /* set_field vlan_vid on an untagged packet tags it. */
    memset(&flow, 0, sizeof flow);
    v.be16 = htons(0x1005);
    mf_set_flow_value(mf_from_id(MFF_VLAN_VID), &v, &flow);
    CHECK_EQ(ntohs(flow.vlans[0].tci), VLAN_CFI | 5);
}

OSW_TEST(value_and_mask_validity)
{
    union mf_value v;

    v.be16 = htons(0x1fff);
    CHECK(mf_is_value_valid(mf_from_id(MFF_VLAN_VID), &v));
    v.be16 = htons(0x2000);
    CHECK(!mf_is_value_valid(mf_from_id(MFF_VLAN_VID), &v));
    v.u8 = 63;
    CHECK(mf_is_value_valid(mf_from_id(MFF_IP_DSCP), &v));
    v.u8 = 64;
    CHECK(!mf_is_value_valid(mf_from_id(MFF_IP_DSCP), &v));
    v.u8 = 3;
    CHECK(!mf_is_value_valid(mf_from_id(MFF_IP_DSCP_SHIFTED), &v));
    v.be32 = htonl(0xfffff);
    CHECK(mf_is_value_valid(mf_from_id(MFF_IPV6_LABEL), &v));
    v.be32 = htonl(0x100000);
    CHECK(!mf_is_value_valid(mf_from_id(MFF_IPV6_LABEL), &v));
    v.be32 = htonl(0xff00);
    CHECK(!mf_is_value_valid(mf_from_id(MFF_IN_PORT_OXM), &v));
    v.be32 = htonl(0xfffffff8);
    CHECK(mf_is_value_valid(mf_from_id(MFF_IN_PORT_OXM), &v));
    v.be16 = htons(0x100);
    CHECK(!mf_is_value_valid(mf_from_id(MFF_ARP_OP), &v));

    v.be16 = htons(0x00ff);
    CHECK(mf_is_mask_valid(mf_from_id(MFF_TCP_DST), &v));
    CHECK(!mf_is_mask_valid(mf_from_id(MFF_ETH_TYPE), &v));
    v.be16 = 0xffff;
    CHECK(mf_is_mask_valid(mf_from_id(MFF_ETH_TYPE), &v));
    v.be16 = 0;
    CHECK(mf_is_mask_valid(mf_from_id(MFF_IN_PORT), &v));
    v.be16 = htons(0x0fff);
    CHECK(mf_is_mask_valid(mf_from_id(MFF_TCP_FLAGS), &v));
    v.be16 = htons(0x1fff);
    CHECK(!mf_is_mask_valid(mf_from_id(MFF_TCP_FLAGS), &v));
}

OSW_TEST(prerequisites)
{
    struct flow flow;

    memset(&flow, 0, sizeof flow);
    CHECK(mf_are_prereqs_ok(mf_from_id(MFF_ETH_SRC), &flow));
    CHECK(!mf_are_prereqs_ok(mf_from_id(MFF_IPV4_SRC), &flow));
    flow.dl_type = htons(ETH_TYPE_IP);
    CHECK(mf_are_prereqs_ok(mf_from_id(MFF_IPV4_SRC), &flow));
    CHECK(mf_are_prereqs_ok(mf_from_id(MFF_IP_PROTO), &flow));
    CHECK(!mf_are_prereqs_ok(mf_from_id(MFF_IPV6_SRC), &flow));
    CHECK(!mf_are_prereqs_ok(mf_from_id(MFF_TCP_DST), &flow));
    flow.nw_proto = IPPROTO_TCP;
    CHECK(mf_are_prereqs_ok(mf_from_id(MFF_TCP_DST), &flow));
    CHECK(!mf_are_prereqs_ok(mf_from_id(MFF_UDP_DST), &flow));
    CHECK(mf_are_prereqs_ok(mf_from_id(MFF_TCP_FLAGS), &flow));
    flow.nw_proto = IPPROTO_ICMP;
    CHECK(mf_are_prereqs_ok(mf_from_id(MFF_ICMPV4_TYPE), &flow));
    CHECK(!mf_are_prereqs_ok(mf_from_id(MFF_ICMPV6_TYPE), &flow));
    flow.dl_type = htons(ETH_TYPE_IPV6);
    flow.nw_proto = IPPROTO_ICMPV6;
    CHECK(mf_are_prereqs_ok(mf_from_id(MFF_ICMPV6_TYPE), &flow));
    CHECK(!mf_are_prereqs_ok(mf_from_id(MFF_ND_TARGET), &flow));
    flow.tp_src = htons(135);
    CHECK(mf_are_prereqs_ok(mf_from_id(MFF_ND_TARGET), &flow));
    CHECK(mf_are_prereqs_ok(mf_from_id(MFF_ND_SLL), &flow));
    CHECK(!mf_are_prereqs_ok(mf_from_id(MFF_ND_TLL), &flow));
    flow.tp_src = htons(136);
    CHECK(mf_are_prereqs_ok(mf_from_id(MFF_ND_TLL), &flow));
    flow.dl_type = htons(ETH_TYPE_RARP);
    CHECK(mf_are_prereqs_ok(mf_from_id(MFF_ARP_SHA), &flow));
    CHECK(!mf_are_prereqs_ok(mf_from_id(MFF_VLAN_PCP), &flow));
    flow.vlans[0].tci = htons(VLAN_CFI);
    CHECK(mf_are_prereqs_ok(mf_from_id(MFF_VLAN_PCP), &flow));

    struct flow_wildcards wc;
    flow_wildcards_init_catchall(&wc);
    mf_mask_field_and_prereqs(mf_from_id(MFF_TCP_DST), &wc);
    CHECK_EQ(wc.masks.tp_dst, 0xffff);
    CHECK_EQ(wc.masks.nw_proto, 0xff);
    CHECK_EQ(wc.masks.dl_type, 0xffff);
    CHECK_EQ(wc.masks.tp_src, 0);
    flow_wildcards_init_catchall(&wc);
    mf_mask_field_and_prereqs(mf_from_id(MFF_IP_DSCP), &wc);
    CHECK_EQ(wc.masks.nw_tos, 0xfc);
    CHECK_EQ(wc.masks.nw_proto, 0);
}

/* ---- Matches. ---- */

static struct match
m_(const char *s)
{
    struct match match;
    int priority;
    char *error = parse_match(s, &match, &priority);
    if (error) {
        fprintf(stderr, "%s: %s\n", s, error);
    }
    CHECK(!error);
    return match;
}

OSW_TEST(covers_and_overlaps)
{
    struct match all = m_("");
    struct match ip = m_("ip");
    struct match tcp = m_("tcp");
    struct match tcp80 = m_("tcp,tp_dst=80");
    struct match tcp81 = m_("tcp,tp_dst=81");
    struct match net24 = m_("ip,nw_src=10.0.0.0/24");
    struct match net16 = m_("ip,nw_src=10.0.0.0/16");
    struct match host = m_("ip,nw_src=10.0.0.5");
    struct match other = m_("ip,nw_src=10.1.0.0/24");
    struct match udp = m_("udp");

    CHECK(match_covers(&all, &tcp80));
    CHECK(match_covers(&ip, &tcp80));
    CHECK(match_covers(&tcp, &tcp80));
    CHECK(!match_covers(&tcp80, &tcp));
    CHECK(!match_covers(&tcp80, &tcp81));
    CHECK(match_covers(&tcp80, &tcp80));
    CHECK(match_covers(&net16, &net24));
    CHECK(match_covers(&net24, &host));
    CHECK(!match_covers(&net24, &net16));
    CHECK(!match_covers(&other, &host));

    CHECK(match_overlaps(&tcp80, &tcp));
    CHECK(!match_overlaps(&tcp80, &tcp81));
    CHECK(match_overlaps(&net16, &net24));
    CHECK(!match_overlaps(&net24, &other));
    CHECK(match_overlaps(&net16, &other) == false);
    CHECK(!match_overlaps(&tcp, &udp));
    CHECK(match_overlaps(&all, &udp));
    CHECK(match_overlaps(&net24, &tcp80));
}

OSW_TEST(matches_flow)
{
    struct match match = m_("tcp,nw_src=10.0.0.0/24,tp_dst=80");
    struct flow flow;

    memset(&flow, 0, sizeof flow);
    flow.dl_type = htons(ETH_TYPE_IP);
    flow.nw_proto = IPPROTO_TCP;
    flow.nw_src = htonl(0x0a000063);
    flow.tp_dst = htons(80);
    flow.tp_src = htons(1234);
    CHECK(match_matches_flow(&match, &flow));
    flow.nw_src = htonl(0x0a000163);
    CHECK(!match_matches_flow(&match, &flow));
    flow.nw_src = htonl(0x0a000001);
    flow.tp_dst = htons(81);
    CHECK(!match_matches_flow(&match, &flow));

    struct match exact;
    flow.tp_dst = htons(80);
    match_init_exact(&exact, &flow);
    CHECK(match_matches_flow(&exact, &flow));
    CHECK(match_covers(&match, &exact));
    flow.tun_id = htonll(1);
    CHECK(!match_matches_flow(&exact, &flow));
}

OSW_TEST(equal_and_hash)
{
    struct match a = m_("tcp,tp_dst=80,in_port=3");
    struct match b = m_("in_port=3,tp_dst=80,tcp");
    struct match c = m_("tcp,tp_dst=81,in_port=3");

    CHECK(match_equal(&a, &b));
    CHECK_EQ(match_hash(&a, 0), match_hash(&b, 0));
    CHECK(!match_equal(&a, &c));
    CHECK(match_hash(&a, 0) != match_hash(&c, 0));
}

OSW_TEST(format_priority_and_ports)
{
    struct match match = m_("in_port=5");
    struct ds s;
    char *str;

    str = match_to_string(&match, -1);
    CHECK_STREQ(str, "in_port=5");
    free(str);
    str = match_to_string(&match, 7);
    CHECK_STREQ(str, "priority=7,in_port=5");
    free(str);
    match_init_catchall(&match);
    str = match_to_string(&match, 32768);
    CHECK_STREQ(str, "");
    free(str);
    str = match_to_string(&match, 1);
    CHECK_STREQ(str, "priority=1");
    free(str);

    match = m_("in_port=5");
    ds_init(&s);
    match_format(&match, 32768, &s, NULL, NULL);
    CHECK_STREQ(ds_cstr(&s), "in_port=5");
    ds_destroy(&s);
}

static const char *
name_port(uint32_t port, void *aux)
{
    CHECK(aux == (void *) 1);
    return port == 5 ? "eth5" : NULL;
}

static uint32_t
port_by_name(const char *name, void *aux)
{
    CHECK(aux == (void *) 2);
    return !strcmp(name, "eth5") ? 5 : UINT32_MAX;
}

OSW_TEST(port_names)
{
    struct match match;
    struct ds s;
    char *error;

    match_init_catchall(&match);
    error = match_parse_field(&match, "in_port", "eth5", port_by_name,
                              (void *) 2);
    CHECK(!error);
    CHECK_EQ(match.flow.in_port, 5);
    error = match_parse_field(&match, "in_port", "eth6", port_by_name,
                              (void *) 2);
    CHECK_STREQ(error, "eth6: invalid or unknown port for in_port");
    free(error);
    ds_init(&s);
    match_format(&match, -1, &s, name_port, (void *) 1);
    CHECK_STREQ(ds_cstr(&s), "in_port=eth5");
    ds_clear(&s);
    match_set_in_port(&match, 6);
    match_format(&match, -1, &s, name_port, (void *) 1);
    CHECK_STREQ(ds_cstr(&s), "in_port=6");
    ds_clear(&s);
    match_set_in_port(&match, 0xfffd);
    match_format(&match, -1, &s, name_port, (void *) 1);
    CHECK_STREQ(ds_cstr(&s), "in_port=CONTROLLER");
    ds_destroy(&s);

    uint16_t port;
    CHECK(mf_parse_port("IN_PORT", NULL, NULL, &port) && port == 0xfff8);
    CHECK(mf_parse_port("local", NULL, NULL, &port) && port == 0xfffe);
    CHECK(mf_parse_port("4294967294", NULL, NULL, &port)
          && port == 0xfffe);
    CHECK(mf_parse_port("65280", NULL, NULL, &port) && port == 65280);
    CHECK(mf_parse_port("65279", NULL, NULL, &port) && port == 65279);
    CHECK(mf_parse_port("4294967040", NULL, NULL, &port) && port == 65280);
    CHECK(!mf_parse_port("4294967039", NULL, NULL, &port));
    CHECK(!mf_parse_port("65536", NULL, NULL, &port));
    CHECK(!mf_parse_port("", NULL, NULL, &port));
}

OSW_TEST(mf_parse_and_format)
{
    static const struct {
        enum mf_field_id id;
        const char *in;
        const char *out;
    } cases[] = {
        { MFF_TCP_DST, "80", "80" },
        { MFF_TCP_DST, "0x50", "80" },
        { MFF_TCP_DST, "0x10/0xfff0", "16/0xfff0" },
        { MFF_REG0, "5", "0x5" },
        { MFF_REG0, "0x5/0xf", "0x5/0xf" },
        { MFF_TUN_ID, "0x123456789", "0x123456789" },
        { MFF_ETH_SRC, "aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ff" },
        { MFF_ETH_SRC, "01:00:00:00:00:00/01:00:00:00:00:00",
          "01:00:00:00:00:00/01:00:00:00:00:00" },
        { MFF_IPV4_SRC, "10.1.2.3", "10.1.2.3" },
        { MFF_IPV4_SRC, "10.1.2.3/8", "10.0.0.0/8" },
        { MFF_IPV4_SRC, "10.1.2.3/255.0.255.0", "10.0.2.0/255.0.255.0" },
        { MFF_IPV6_SRC, "2001:db8::1/64", "2001:db8::/64" },
        { MFF_IPV6_SRC, "::1", "::1" },
        { MFF_IN_PORT, "LOCAL", "LOCAL" },
        { MFF_IN_PORT, "7", "7" },
        { MFF_IN_PORT_OXM, "CONTROLLER", "CONTROLLER" },
        { MFF_IP_FRAG, "first", "first" },
        { MFF_IP_FRAG, "not_later", "not_later" },
        { MFF_TCP_FLAGS, "+syn-ack", "+syn-ack" },
        { MFF_TCP_FLAGS, "0x12", "syn|ack" },
        { MFF_TCP_FLAGS, "0", "0" },
        { MFF_TCP_FLAGS, "syn|ack", "syn|ack" },
        { MFF_TCP_FLAGS, "fin", "fin" },
        { MFF_IP_DSCP, "46", "46" },
        { MFF_VLAN_VID, "0x1005", "4101" },
        /* A zero hexadecimal value is "0", as ovs-ofctl prints it. */
        { MFF_METADATA, "0", "0" },
        { MFF_METADATA, "0x0/0xff", "0/0xff" },
        { MFF_REG0, "0", "0" },
        { MFF_TUN_ID, "0", "0" },
        { MFF_PKT_MARK, "0", "0" },
        { MFF_METADATA, "0x100", "0x100" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct mf_field *mf = mf_from_id(cases[i].id);
        union mf_value v, m;
        struct ds s;
        char *error = mf_parse(mf, cases[i].in, NULL, NULL, &v, &m);
        if (error) {
            fprintf(stderr, "%s\n", error);
        }
        CHECK(!error);
        ds_init(&s);
        mf_format(mf, &v, &m, NULL, NULL, &s);
        CHECK_STREQ(ds_cstr(&s), cases[i].out);
        ds_destroy(&s);
    }

    union mf_value v;
    char *error = mf_parse_value(mf_from_id(MFF_TCP_DST), "0x10/0xf0", &v);
    CHECK(error != NULL);
    free(error);
    error = mf_parse_value(mf_from_id(MFF_TCP_DST), "443", &v);
    CHECK(!error);
    CHECK_EQ(ntohs(v.be16), 443);
}

OSW_TEST(subfields)
{
    static const struct {
        const char *in;
        const char *out;
        enum mf_field_id id;
        unsigned int ofs, n_bits;
    } cases[] = {
        { "reg0[]", "NXM_NX_REG0[]", MFF_REG0, 0, 32 },
        { "reg0[0..15]", "NXM_NX_REG0[0..15]", MFF_REG0, 0, 16 },
        { "NXM_NX_REG1[16..31]", "NXM_NX_REG1[16..31]", MFF_REG1, 16, 16 },
        { "eth_src[0]", "NXM_OF_ETH_SRC[0]", MFF_ETH_SRC, 0, 1 },
        { "in_port[]", "NXM_OF_IN_PORT[]", MFF_IN_PORT, 0, 16 },
        { "ip_dscp[]", "OXM_OF_IP_DSCP[]", MFF_IP_DSCP, 0, 6 },
        { "tun_id[32..63]", "NXM_NX_TUN_ID[32..63]", MFF_TUN_ID, 32, 32 },
        { "OXM_OF_METADATA[]", "OXM_OF_METADATA[]", MFF_METADATA, 0, 64 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct mf_subfield sf;
        const char *s = cases[i].in;
        char *error = mf_parse_subfield(&sf, &s);
        struct ds ds;

        CHECK(!error);
        CHECK_EQ(*s, '\0');
        CHECK_EQ(sf.field->id, cases[i].id);
        CHECK_EQ(sf.ofs, cases[i].ofs);
        CHECK_EQ(sf.n_bits, cases[i].n_bits);
        ds_init(&ds);
        mf_format_subfield(&sf, &ds);
        CHECK_STREQ(ds_cstr(&ds), cases[i].out);
        ds_destroy(&ds);
    }

    static const char *const bad[] = {
        "reg0", "reg0[", "reg0[32]", "reg0[5..3]", "bogus[]", "reg0[a]",
        "reg0[0..32]",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        struct mf_subfield sf;
        const char *s = bad[i];
        char *error = mf_parse_subfield(&sf, &s);
        CHECK(error != NULL);
        free(error);
    }

    /* Trailing text is left for the caller ("->reg1[]"). */
    struct mf_subfield sf;
    const char *s = "reg2[8..15]->reg3[]";
    char *error = mf_parse_subfield(&sf, &s);
    CHECK(!error);
    CHECK_STREQ(s, "->reg3[]");

    struct flow flow;
    memset(&flow, 0, sizeof flow);
    flow.regs[2] = 0x12345678;
    CHECK_EQ(mf_get_subfield(&sf, &flow), 0x56);
    union mf_value v;
    v.be32 = htonl(0xffffabff);
    mf_write_subfield_flow(&sf, &v, &flow);
    CHECK_EQ(flow.regs[2], 0x1234ab78);
}

OSW_TEST(bitwise)
{
    uint8_t src[4] = { 0x12, 0x34, 0x56, 0x78 };
    uint8_t dst[2] = { 0, 0 };

    bitwise_copy(src, 4, 4, dst, 2, 0, 16);
    CHECK_EQ(dst[0], 0x45);
    CHECK_EQ(dst[1], 0x67);
    bitwise_copy(src, 4, 0, dst, 2, 12, 4);
    CHECK_EQ(dst[0], 0x85);
    CHECK_EQ(dst[1], 0x67);
    memset(dst, 0, sizeof dst);
    bitwise_one(dst, 2, 3, 6);
    CHECK_EQ(dst[0], 0x01);
    CHECK_EQ(dst[1], 0xf8);
}

/* ---- OpenFlow 1.0 match. ---- */

OSW_TEST(ofp10_known_bytes)
{
    static const uint8_t bytes[40] = {
        0x00, 0x38, 0x08, 0x4e,             /* wildcards */
        0x00, 0x01,                         /* in_port */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* dl_src, dl_dst */
        0x00, 0x00, 0x00, 0x00,             /* dl_vlan, pcp, pad */
        0x08, 0x00, 0x00, 0x06, 0x00, 0x00, /* dl_type, tos, proto, pad */
        0x0a, 0x00, 0x00, 0x00,             /* nw_src */
        0x00, 0x00, 0x00, 0x00,             /* nw_dst */
        0x00, 0x00, 0x00, 0x50,             /* tp_src, tp_dst */
    };
    struct ofp10_match ofm;
    struct match match;
    char *s;

    memcpy(&ofm, bytes, sizeof ofm);
    CHECK_EQ(ofputil_match_from_ofp10_match(&ofm, &match), 0);
    s = match_to_string(&match, -1);
    CHECK_STREQ(s, "tcp,in_port=1,nw_src=10.0.0.0/24,tp_dst=80");
    free(s);

    ofputil_match_to_ofp10_match(&match, &ofm);
    CHECK_MEMEQ(&ofm, bytes, sizeof bytes);
    CHECK(ofputil_match_is_ofp10(&match));
}

OSW_TEST(ofp10_roundtrip)
{
    static const char *const fits[] = {
        "",
        "in_port=1",
        "tcp,in_port=1,dl_vlan=10,dl_vlan_pcp=3,nw_src=10.0.0.0/24,"
        "tp_dst=80",
        "udp,dl_src=aa:bb:cc:dd:ee:ff,dl_dst=11:22:33:44:55:66,nw_tos=8,"
        "tp_src=53",
        "icmp,icmp_type=8,icmp_code=0",
        "arp,arp_spa=10.0.0.1,arp_tpa=10.0.0.0/8,arp_op=1",
        "vlan_tci=0x0000",
        "dl_vlan_pcp=5",
        "dl_type=0x88cc",
        "ip,nw_src=1.2.3.4,nw_dst=0.0.0.0/1",
        "ipv6",
        "dl_type=0x86dd",
    };
    static const char *const does_not_fit[] = {
        "reg0=1", "tun_id=5", "metadata=1", "ipv6,ipv6_src=::1",
        "ip,nw_ecn=1",
        "ip,nw_ttl=3", "ip,nw_src=1.2.0.4/255.255.0.255",
        "dl_src=01:00:00:00:00:00/01:00:00:00:00:00",
        "tcp,tp_dst=0x10/0xfff0", "vlan_tci=0x1000/0x1000",
        "arp,arp_sha=00:00:00:00:00:01", "pkt_mark=1", "ip,nw_frag=yes",
        /* 1.0 carries protocol, ToS and ports for IPv4 only. */
        "tcp6", "tcp6,tp_dst=443", "udp6,tp_src=53", "ipv6,nw_proto=17",
        "ipv6,nw_tos=4",
    };
    for (size_t i = 0; i < ARRAY_SIZE(fits); i++) {
        struct match a = m_(fits[i]), b;
        struct ofp10_match ofm;
        if (!ofputil_match_is_ofp10(&a)) {
            fprintf(stderr, "%s does not fit 1.0?\n", fits[i]);
        }
        CHECK(ofputil_match_is_ofp10(&a));
        ofputil_match_to_ofp10_match(&a, &ofm);
        CHECK_EQ(ofputil_match_from_ofp10_match(&ofm, &b), 0);
        CHECK(match_equal(&a, &b));
    }
    for (size_t i = 0; i < ARRAY_SIZE(does_not_fit); i++) {
        struct match a = m_(does_not_fit[i]);
        if (ofputil_match_is_ofp10(&a)) {
            fprintf(stderr, "%s fits 1.0?\n", does_not_fit[i]);
        }
        CHECK(!ofputil_match_is_ofp10(&a));
    }
}

OSW_TEST(ofp10_normalization)
{
    struct ofp10_match ofm;
    struct match match;
    char *s;

    /* Everything given but only Ethernet fields apply (no dl_type). */
    memset(&ofm, 0, sizeof ofm);
    ofm.wildcards = htonl(OFPMATCH10_DL_TYPE | OFPMATCH10_IN_PORT
                          | OFPMATCH10_DL_VLAN | OFPMATCH10_DL_VLAN_PCP
                          | OFPMATCH10_DL_SRC);
    ofm.nw_src = htonl(0x01020304);
    ofm.tp_dst = htons(80);
    ofm.nw_proto = 6;
    ofm.nw_tos = 0xff;
    ofm.dl_dst.ea[0] = 0x02;
    CHECK_EQ(ofputil_match_from_ofp10_match(&ofm, &match), 0);
    s = match_to_string(&match, -1);
    CHECK_STREQ(s, "dl_dst=02:00:00:00:00:00");
    free(s);

    /* IP without a transport protocol keeps nw_* but not tp_*; nw_tos
     * loses its ECN bits. */
    ofm.wildcards = htonl(OFPMATCH10_ALL & ~(OFPMATCH10_DL_TYPE
                                             | OFPMATCH10_NW_TOS
                                             | OFPMATCH10_TP_DST
                                             | OFPMATCH10_NW_SRC_MASK));
    ofm.dl_type = htons(ETH_TYPE_IP);
    CHECK_EQ(ofputil_match_from_ofp10_match(&ofm, &match), 0);
    s = match_to_string(&match, -1);
    CHECK_STREQ(s, "ip,nw_src=1.2.3.4,nw_tos=252");
    free(s);

    /* dl_vlan 0xffff is "no tag" and drops the PCP; large VIDs are
     * truncated to 12 bits. */
    memset(&ofm, 0, sizeof ofm);
    ofm.wildcards = htonl(OFPMATCH10_ALL & ~(OFPMATCH10_DL_VLAN
                                             | OFPMATCH10_DL_VLAN_PCP));
    ofm.dl_vlan = htons(0xffff);
    ofm.dl_vlan_pcp = 3;
    CHECK_EQ(ofputil_match_from_ofp10_match(&ofm, &match), 0);
    s = match_to_string(&match, -1);
    CHECK_STREQ(s, "vlan_tci=0x0000");
    free(s);
    ofm.dl_vlan = htons(0x1005);
    CHECK_EQ(ofputil_match_from_ofp10_match(&ofm, &match), 0);
    s = match_to_string(&match, -1);
    CHECK_STREQ(s, "dl_vlan=5,dl_vlan_pcp=3");
    free(s);

    /* Wildcard counts of 32 and more wildcard the whole address. */
    memset(&ofm, 0, sizeof ofm);
    ofm.wildcards = htonl((OFPMATCH10_ALL & ~OFPMATCH10_DL_TYPE
                           & ~OFPMATCH10_NW_SRC_MASK) | (40 << 8));
    ofm.dl_type = htons(ETH_TYPE_IP);
    ofm.nw_src = htonl(0x01020304);
    CHECK_EQ(ofputil_match_from_ofp10_match(&ofm, &match), 0);
    CHECK_EQ(match.wc.masks.nw_src, 0);

    CHECK_EQ(ofputil_wcbits_to_netmask(0), htonl(0xffffffff));
    CHECK_EQ(ofputil_wcbits_to_netmask(8), htonl(0xffffff00));
    CHECK_EQ(ofputil_wcbits_to_netmask(32), 0);
    CHECK_EQ(ofputil_wcbits_to_netmask(63), 0);
    CHECK_EQ(ofputil_netmask_to_wcbits(htonl(0xffffff00)), 8);
    CHECK_EQ(ofputil_netmask_to_wcbits(0), 32);
    CHECK_EQ(ofputil_netmask_to_wcbits(htonl(0xffffffff)), 0);
    CHECK_EQ(ofputil_netmask_to_wcbits(htonl(0xff00ff00)), -1);
}

/* ---- NXM and OXM. ---- */

static void
check_hex(const struct ofpbuf *b, const char *hex)
{
    struct ofpbuf expect;
    char *end;

    ofpbuf_init(&expect, 0);
    end = ofpbuf_put_hex(&expect, hex, NULL);
    CHECK_EQ(*end, '\0');
    if (!ofpbuf_equal(b, &expect)) {
        struct ds s;
        ds_init(&s);
        ofpbuf_to_ds(b, &s);
        fprintf(stderr, "got:\n%s\n", ds_cstr(&s));
        ds_destroy(&s);
    }
    CHECK(ofpbuf_equal(b, &expect));
    ofpbuf_uninit(&expect);
}

OSW_TEST(oxm_known_bytes)
{
    struct match match = m_("tcp,in_port=1,tp_dst=80"), back;
    struct ofpbuf b;

    ofpbuf_init(&b, 0);
    CHECK_EQ(oxm_put_match(&b, &match, 0x04), 32);
    check_hex(&b, "0001 001d"
              "80000004 00000001"
              "80000a02 0800"
              "80001401 06"
              "80001c02 0050"
              "000000");
    CHECK_EQ(oxm_pull_match(&b, false, &back), 0);
    CHECK_EQ(b.size, 0);
    CHECK(match_equal(&match, &back));
    ofpbuf_uninit(&b);
}

/* MPLS fields: OXM_OF_MPLS_LABEL/TC/BOS (34-36); mpls_ttl has only the
 * Nicira code NXM_NX_MPLS_TTL (1, 30), in OXM matches too. */
OSW_TEST(oxm_mpls_known_bytes)
{
    struct match match = m_("mpls,mpls_label=100,mpls_tc=3,mpls_bos=1");
    struct match back;
    struct ofpbuf b;

    ofpbuf_init(&b, 0);
    CHECK_EQ(oxm_put_match(&b, &match, 0x04), 32);
    check_hex(&b, "0001 001c 80000a02 8847 80004404 00000064"
              "80004601 03 80004801 01 00000000");
    CHECK_EQ(oxm_pull_match(&b, false, &back), 0);
    CHECK(match_equal(&match, &back));
    ofpbuf_uninit(&b);

    match = m_("mplsm,mpls_ttl=9");
    ofpbuf_init(&b, 0);
    oxm_put_match(&b, &match, 0x04);
    check_hex(&b, "0001 000f 80000a02 8848 00013c01 09 00");
    CHECK_EQ(oxm_pull_match(&b, false, &back), 0);
    CHECK(match_equal(&match, &back));
    ofpbuf_uninit(&b);

    /* A label beyond 20 bits, or an MPLS field without its eth_type. */
    static const char *const bad[] = {
        "0001 0016 80000a02 8847 80004404 00100000 0000",
        "0001 000d 80004601 03 000000",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        ofpbuf_init(&b, 0);
        ofpbuf_put_hex(&b, bad[i], NULL);
        CHECK(oxm_pull_match(&b, false, &back) != 0);
        ofpbuf_uninit(&b);
    }
}

OSW_TEST(nxm_known_bytes)
{
    struct match match = m_("tcp,in_port=1,tp_dst=80"), back;
    ovs_be64 cookie, cookie_mask;
    struct ofpbuf b;

    ofpbuf_init(&b, 0);
    CHECK_EQ(nx_put_match(&b, &match, 0, 0), 23);
    check_hex(&b, "00000002 0001"
              "00000602 0800"
              "00000c01 06"
              "00001402 0050"
              "00");
    CHECK_EQ(nx_pull_match(&b, 23, &back, &cookie, &cookie_mask), 0);
    CHECK_EQ(b.size, 0);
    CHECK(match_equal(&match, &back));
    CHECK_EQ(cookie_mask, 0);
    ofpbuf_uninit(&b);

    /* With a cookie and masks. */
    match = m_("ip,nw_src=10.0.0.0/8,dl_vlan=5,reg0=0x1/0x1");
    ofpbuf_init(&b, 0);
    CHECK_EQ(nx_put_match(&b, &match, htonll(0x1234), htonll(0xffff)), 58);
    check_hex(&b, "00000602 0800"
              "00000904 1005 1fff"
              "00000f08 0a000000 ff000000"
              "00010108 00000001 00000001"
              "00013d10 0000000000001234 000000000000ffff"
              "000000000000");
    CHECK_EQ(nx_pull_match(&b, 58, &back, &cookie, &cookie_mask), 0);
    CHECK(match_equal(&match, &back));
    CHECK_EQ(ntohll(cookie), 0x1234);
    CHECK_EQ(ntohll(cookie_mask), 0xffff);
    ofpbuf_uninit(&b);
}

OSW_TEST(oxm_vlan_and_tcp_flags)
{
    struct match match, back;
    struct ofpbuf b;

    /* dl_vlan + pcp become VLAN_VID and VLAN_PCP. */
    match = m_("dl_vlan=5,dl_vlan_pcp=3");
    ofpbuf_init(&b, 0);
    oxm_put_match(&b, &match, 0x04);
    check_hex(&b, "0001 000f 80000c02 1005 80000e01 03 00");
    CHECK_EQ(oxm_pull_match(&b, false, &back), 0);
    CHECK(match_equal(&match, &back));
    ofpbuf_uninit(&b);

    /* "Any tag" is VLAN_VID 0x1000/0x1000; "no tag" VLAN_VID 0. */
    match = m_("vlan_tci=0x1000/0x1000");
    ofpbuf_init(&b, 0);
    oxm_put_match(&b, &match, 0x04);
    check_hex(&b, "0001 000c 80000d04 1000 1000 00000000");
    CHECK_EQ(oxm_pull_match(&b, false, &back), 0);
    CHECK(match_equal(&match, &back));
    ofpbuf_uninit(&b);
    match = m_("dl_vlan=0xffff");
    ofpbuf_init(&b, 0);
    oxm_put_match(&b, &match, 0x04);
    check_hex(&b, "0001 000a 80000c02 0000 000000000000");
    CHECK_EQ(oxm_pull_match(&b, false, &back), 0);
    /* As in Open vSwitch, OXM's "no tag" covers VID and CFI only. */
    char *s = match_to_string(&back, -1);
    CHECK_STREQ(s, "vlan_tci=0x0000/0x1fff");
    free(s);
    ofpbuf_uninit(&b);

    /* TCP flags: ONF experimenter OXM before 1.5, OXM in 1.5. */
    match = m_("tcp,tcp_flags=+syn");
    ofpbuf_init(&b, 0);
    oxm_put_match(&b, &match, 0x04);
    check_hex(&b, "0001 001b 80000a02 0800 80001401 06"
              "ffff5508 4f4e4600 0002 0002 0000000000");
    CHECK_EQ(oxm_pull_match(&b, false, &back), 0);
    CHECK(match_equal(&match, &back));
    ofpbuf_uninit(&b);
    ofpbuf_init(&b, 0);
    oxm_put_match(&b, &match, 0x06);
    check_hex(&b, "0001 0017 80000a02 0800 80001401 06"
              "80005504 0002 0002 00");
    CHECK_EQ(oxm_pull_match(&b, false, &back), 0);
    CHECK(match_equal(&match, &back));
    ofpbuf_uninit(&b);
}

/* Sets in 'match' what 'mf''s prerequisites need. */
static void
set_prereqs(const struct mf_field *mf, struct match *match)
{
    switch (mf->prereqs) {
    case MFP_NONE:
        break;
    case MFP_ARP:
        match_set_dl_type(match, htons(ETH_TYPE_ARP));
        break;
    case MFP_MPLS:
        match_set_dl_type(match, htons(ETH_TYPE_MPLS));
        break;
    case MFP_VLAN_VID:
        match->flow.vlans[0].tci |= htons(VLAN_CFI | 7);
        match->wc.masks.vlans[0].tci |= htons(VLAN_CFI | VLAN_VID_MASK);
        break;
    case MFP_IPV4:
    case MFP_IP_ANY:
        match_set_dl_type(match, htons(ETH_TYPE_IP));
        break;
    case MFP_IPV6:
        match_set_dl_type(match, htons(ETH_TYPE_IPV6));
        break;
    case MFP_TCP:
        match_set_dl_type(match, htons(ETH_TYPE_IP));
        match_set_nw_proto(match, IPPROTO_TCP);
        break;
    case MFP_UDP:
        match_set_dl_type(match, htons(ETH_TYPE_IPV6));
        match_set_nw_proto(match, IPPROTO_UDP);
        break;
    case MFP_SCTP:
        match_set_dl_type(match, htons(ETH_TYPE_IP));
        match_set_nw_proto(match, IPPROTO_SCTP);
        break;
    case MFP_ICMPV4:
        match_set_dl_type(match, htons(ETH_TYPE_IP));
        match_set_nw_proto(match, IPPROTO_ICMP);
        break;
    case MFP_ICMPV6:
    case MFP_ND:
    case MFP_ND_SOLICIT:
    case MFP_ND_ADVERT:
        match_set_dl_type(match, htons(ETH_TYPE_IPV6));
        match_set_nw_proto(match, IPPROTO_ICMPV6);
        if (mf->prereqs != MFP_ICMPV6) {
            match_set_tp_src(match, htons(mf->prereqs == MFP_ND_ADVERT
                                          ? 136 : 135));
        }
        break;
    }
}

/* Encodes 'match' in every form and checks that each decodes back. */
static void
check_codec_roundtrip(const struct match *match, bool oxm_ok)
{
    static const uint8_t versions[] = { 0x03, 0x04, 0x05, 0x06 };
    struct match back;
    struct ofpbuf b;
    ovs_be64 cookie, cookie_mask;
    int len;

    ofpbuf_init(&b, 0);
    len = nx_put_match(&b, match, htonll(5), htonll(UINT64_MAX));
    CHECK_EQ(b.size, ROUND_UP(len, 8));
    CHECK_EQ(nx_pull_match(&b, len, &back, &cookie, &cookie_mask), 0);
    CHECK_EQ(b.size, 0);
    if (!match_equal(match, &back)) {
        char *a = match_to_string(match, -1);
        char *c = match_to_string(&back, -1);
        fprintf(stderr, "NXM: %s became %s\n", a, c);
        free(a);
        free(c);
    }
    CHECK(match_equal(match, &back));
    CHECK_EQ(ntohll(cookie), 5);
    ofpbuf_uninit(&b);

    for (size_t i = 0; oxm_ok && i < ARRAY_SIZE(versions); i++) {
        ofpbuf_init(&b, 0);
        len = oxm_put_match(&b, match, versions[i]);
        CHECK_EQ(len % 8, 0);
        CHECK_EQ(b.size, len);
        CHECK_EQ(oxm_pull_match(&b, false, &back), 0);
        CHECK_EQ(b.size, 0);
        if (!match_equal(match, &back)) {
            char *a = match_to_string(match, -1);
            char *c = match_to_string(&back, -1);
            fprintf(stderr, "OXM 0x%02x: %s became %s\n", versions[i], a, c);
            free(a);
            free(c);
        }
        CHECK(match_equal(match, &back));
        ofpbuf_uninit(&b);
    }
}

OSW_TEST(codec_roundtrip_every_field)
{
    for (int i = 0; i < MFF_N_IDS; i++) {
        const struct mf_field *mf = mf_from_id(i);
        if (i == MFF_SKB_PRIORITY || i == MFF_IN_PHY_PORT) {
            continue;
        }
        for (unsigned int seed = 1; seed < 8; seed++) {
            struct match match;
            union mf_value v, m;

            /* Exact. */
            match_init_catchall(&match);
            set_prereqs(mf, &match);
            sample_value(mf, seed, &v);
            if (mf->prereqs == MFP_ND || mf->prereqs == MFP_ND_SOLICIT
                || mf->prereqs == MFP_ND_ADVERT) {
                /* Fine as is. */
            } else if (i == MFF_ICMPV6_CODE) {
                v.u8 = 0;
            }
            if ((i == MFF_ICMPV6_TYPE || i == MFF_ARP_OP) && !v.u8
                && !v.be16) {
                v.u8 = 1;
            }
            mf_set_value(mf, &v, &match);
            check_codec_roundtrip(&match, true);

            /* Masked. */
            if (mf->maskable == MFM_FULLY) {
                sample_value(mf, seed + 100, &m);
                for (unsigned int k = 0; k < mf->n_bytes; k++) {
                    v.bytes[k] &= m.bytes[k];
                }
                match_init_catchall(&match);
                set_prereqs(mf, &match);
                mf_set(mf, &v, &m, &match);
                /* OXM cannot carry a partial PCP mask of a VLAN TCI. */
                check_codec_roundtrip(&match, i != MFF_VLAN_TCI);
            }
        }
    }
}

OSW_TEST(codec_roundtrip_matches)
{
    for (size_t i = 0; i < ARRAY_SIZE(format_cases); i++) {
        struct match match;
        int priority;
        char *error = parse_match(format_cases[i].in, &match, &priority);

        CHECK(!error);
        ofputil_normalize_match(&match);
        bool oxm_ok = !(match.wc.masks.vlans[0].tci
                        & htons(VLAN_PCP_MASK))
                      || ((match.wc.masks.vlans[0].tci
                           & htons(VLAN_PCP_MASK)) == htons(VLAN_PCP_MASK)
                          && match.flow.vlans[0].tci & htons(VLAN_CFI));
        check_codec_roundtrip(&match, oxm_ok);
    }
}

/* Decodes 'hex' as an nx_match (strict) and returns the error. */
static enum ofperr
nxm_error(const char *hex, bool loose, bool allow_cookie)
{
    struct ofpbuf b;
    struct match match;
    ovs_be64 cookie, cookie_mask;
    size_t n;
    enum ofperr error;

    ofpbuf_init(&b, 0);
    ofpbuf_put_hex(&b, hex, &n);
    ofpbuf_put_zeros(&b, ROUND_UP(n, 8) - n);
    /* Decode from a copy of exactly the bytes, so that valgrind and ASAN
     * catch any read past them. */
    void *copy = xmemdup(b.data, b.size);
    struct ofpbuf c;
    ofpbuf_use_const(&c, copy, b.size);
    error = (loose ? nx_pull_match_loose : nx_pull_match)(
        &c, n, &match, allow_cookie ? &cookie : NULL,
        allow_cookie ? &cookie_mask : NULL);
    free(copy);
    ofpbuf_uninit(&b);
    return error;
}

static enum ofperr
oxm_error(const char *hex, bool loose)
{
    struct ofpbuf b;
    struct match match;
    enum ofperr error;

    ofpbuf_init(&b, 0);
    ofpbuf_put_hex(&b, hex, NULL);
    void *copy = xmemdup(b.data, b.size);
    struct ofpbuf c;
    ofpbuf_use_const(&c, copy, b.size);
    error = oxm_pull_match(&c, loose, &match);
    free(copy);
    ofpbuf_uninit(&b);
    return error;
}

OSW_TEST(nxm_errors)
{
    /* Header cut short. */
    CHECK_EQ(nxm_error("000000", false, true), OFPERR_OFPBMC_BAD_LEN);
    /* Payload beyond the match. */
    CHECK_EQ(nxm_error("00000002 00", false, true), OFPERR_OFPBMC_BAD_LEN);
    /* Wrong length for the field. */
    CHECK_EQ(nxm_error("00000004 00000001", false, true),
             OFPERR_OFPBMC_BAD_LEN);
    CHECK_EQ(nxm_error("00000000", false, true), OFPERR_OFPBMC_BAD_LEN);
    /* Unknown field, strict and loose. */
    CHECK_EQ(nxm_error("0000fe02 1234", false, true),
             OFPERR_OFPBMC_BAD_FIELD);
    CHECK_EQ(nxm_error("0000fe02 1234", true, true), 0);
    CHECK_EQ(nxm_error("0005fe02 1234 00000002 0001", true, true), 0);
    /* Duplicates, including two names for one storage. */
    CHECK_EQ(nxm_error("00010004 00000001 00010004 00000001", false, true),
             OFPERR_OFPBMC_DUP_FIELD);
    CHECK_EQ(nxm_error("00000602 0800 00000c01 06 00001202 0050 "
                       "00001602 0050", false, true),
             OFPERR_OFPBMC_DUP_FIELD);
    CHECK_EQ(nxm_error("00000002 0001 80000004 00000001", false, true),
             OFPERR_OFPBMC_DUP_FIELD);
    /* Prerequisites: tcp_dst alone; the order does not matter. */
    CHECK_EQ(nxm_error("00001402 0050", false, true),
             OFPERR_OFPBMC_BAD_PREREQ);
    CHECK_EQ(nxm_error("00001402 0050", true, true), 0);
    CHECK_EQ(nxm_error("00000c01 06 00000602 0800", false, true), 0);
    CHECK_EQ(nxm_error("00000602 0800 00000c01 11 00001402 0050", false,
                       true), OFPERR_OFPBMC_BAD_PREREQ);
    /* Mask on a field that has none. */
    CHECK_EQ(nxm_error("00000104 0001 0001", false, true),
             OFPERR_OFPBMC_BAD_MASK);
    /* Value bits outside the mask. */
    CHECK_EQ(nxm_error("00000602 0800 00000f08 01020304 ffff0000", false,
                       true), OFPERR_OFPBMC_BAD_WILDCARDS);
    /* Out-of-range values. */
    CHECK_EQ(nxm_error("00000602 0800 00000a01 03", false, true),
             OFPERR_OFPBMC_BAD_VALUE);
    CHECK_EQ(nxm_error("00000602 86dd 00013604 00100000", false, true),
             OFPERR_OFPBMC_BAD_VALUE);
    /* Cookie where none is allowed, or twice. */
    CHECK_EQ(nxm_error("00013c08 0000000000000001", false, false),
             OFPERR_OFPBMC_BAD_FIELD);
    CHECK_EQ(nxm_error("00013c08 0000000000000001 "
                       "00013c08 0000000000000001", false, true),
             OFPERR_OFPBMC_DUP_FIELD);
    /* Good ones. */
    CHECK_EQ(nxm_error("", false, true), 0);
    CHECK_EQ(nxm_error("00000004 1234", false, true),
             OFPERR_OFPBMC_BAD_LEN);

    /* match_len beyond the buffer. */
    struct ofpbuf b;
    struct match match;
    uint8_t data[8] = { 0 };
    ofpbuf_use_const(&b, data, sizeof data);
    CHECK_EQ(nx_pull_match(&b, 9, &match, NULL, NULL),
             OFPERR_OFPBMC_BAD_LEN);
    ofpbuf_use_const(&b, data, 6);
    CHECK_EQ(nx_pull_match(&b, 3, &match, NULL, NULL),
             OFPERR_OFPBMC_BAD_LEN);
}

OSW_TEST(oxm_errors)
{
    CHECK_EQ(oxm_error("0001 00", false), OFPERR_OFPBMC_BAD_LEN);
    CHECK_EQ(oxm_error("0000 0058", false), OFPERR_OFPBMC_BAD_TYPE);
    CHECK_EQ(oxm_error("0002 0004 00000000", false),
             OFPERR_OFPBMC_BAD_TYPE);
    CHECK_EQ(oxm_error("0001 0003 00000000", false),
             OFPERR_OFPBMC_BAD_LEN);
    /* Length beyond the buffer (padding missing). */
    CHECK_EQ(oxm_error("0001 000c 80000004 00000001", false),
             OFPERR_OFPBMC_BAD_LEN);
    CHECK_EQ(oxm_error("0001 0004 00000000", false), 0);
    /* VLAN VID above 0x1fff, DSCP above 63, unusable port. */
    CHECK_EQ(oxm_error("0001 000a 80000c02 2000 000000000000", false),
             OFPERR_OFPBMC_BAD_VALUE);
    CHECK_EQ(oxm_error("0001 000f 80000a02 0800 80001001 40 00", false),
             OFPERR_OFPBMC_BAD_VALUE);
    CHECK_EQ(oxm_error("0001 000c 80000004 0000ff00 00000000", false),
             OFPERR_OFPBMC_BAD_VALUE);
    CHECK_EQ(oxm_error("0001 000c 80000004 fffffffe 00000000", false), 0);
    /* ARP opcode above 255. */
    CHECK_EQ(oxm_error("0001 0010 80000a02 0806 80002a02 0100 0000000000"
                       "000000", false), OFPERR_OFPBMC_BAD_VALUE);
    /* Masked in_port; metadata value outside its mask. */
    CHECK_EQ(oxm_error("0001 0010 80000108 00000001 0000ffff", false),
             OFPERR_OFPBMC_BAD_MASK);
    CHECK_EQ(oxm_error("0001 0010 80000108 00000001 ffffffff", false), 0);
    CHECK_EQ(oxm_error("0001 0018 80000510 0000000000000003 "
                       "0000000000000001", false),
             OFPERR_OFPBMC_BAD_WILDCARDS);
    /* Unknown OXM field, and an unknown experimenter. */
    CHECK_EQ(oxm_error("0001 000a 80007e02 0000 000000000000", false),
             OFPERR_OFPBMC_BAD_FIELD);
    CHECK_EQ(oxm_error("0001 000a 80007e02 0000 000000000000", true), 0);
    CHECK_EQ(oxm_error("0001 000e ffff5406 12345678 0002 0000", false),
             OFPERR_OFPBMC_BAD_FIELD);
    /* Experimenter OXM cut short. */
    CHECK_EQ(oxm_error("0001 0008 ffff5406 0000000000000000", false),
             OFPERR_OFPBMC_BAD_LEN);
    CHECK_EQ(oxm_error("0001 000a ffff5402 1234 000000000000", false),
             OFPERR_OFPBMC_BAD_LEN);
    /* Prerequisite missing: ICMPv6 type without IPv6. */
    CHECK_EQ(oxm_error("0001 0009 80003a01 87 00000000000000", false),
             OFPERR_OFPBMC_BAD_PREREQ);
    /* IN_PHY_PORT needs IN_PORT with the same value. */
    CHECK_EQ(oxm_error("0001 000c 80000204 00000001 00000000", false),
             OFPERR_OFPBMC_BAD_PREREQ);
    CHECK_EQ(oxm_error("0001 0014 80000004 00000001 80000204 00000001 "
                       "00000000", false), 0);
    CHECK_EQ(oxm_error("0001 0014 80000004 00000001 80000204 00000002 "
                       "00000000", false), OFPERR_OFPBMC_BAD_VALUE);
    /* PCP before VID collides on the tag bit, as in Open vSwitch. */
    CHECK_EQ(oxm_error("0001 000f 80000e01 03 80000c02 1005 00",
                       false), OFPERR_OFPBMC_DUP_FIELD);
}

/* Feeds random variations of valid matches to the decoders: they must
 * never read outside the buffer (run under valgrind/ASAN) and must either
 * succeed or fail cleanly. */
OSW_TEST(decode_random_garbage)
{
    struct match match = m_("tcp6,ipv6_src=::1/64,tp_dst=80,reg0=5,"
                            "metadata=1,tcp_flags=+syn,dl_vlan=7");
    struct ofpbuf nxm, oxm;
    unsigned int seed = 12345;
    int n_ok = 0;

    ofpbuf_init(&nxm, 0);
    ofpbuf_init(&oxm, 0);
    nx_put_match(&nxm, &match, htonll(1), htonll(1));
    oxm_put_match(&oxm, &match, 0x04);
    for (int iter = 0; iter < 4000; iter++) {
        const struct ofpbuf *good = iter % 2 ? &oxm : &nxm;
        uint8_t *copy = xmemdup(good->data, good->size);
        size_t n = good->size;
        int n_changes = iter % 4;

        for (int k = 0; k < n_changes; k++) {
            seed = seed * 1103515245 + 12345;
            copy[(seed >> 8) % n] = seed >> 20;
        }
        seed = seed * 1103515245 + 12345;
        size_t cut = iter % 3 ? n : (seed >> 8) % (n + 1);

        /* Exactly 'cut' bytes, so that any overread is caught. */
        uint8_t *exact = xmemdup(copy, cut);
        struct ofpbuf b;
        struct match out;
        ovs_be64 c, cm;
        enum ofperr error;

        ofpbuf_use_const(&b, exact, cut);
        if (iter % 2) {
            error = oxm_pull_match(&b, iter % 4 == 1, &out);
        } else {
            size_t len = cut & ~(size_t) 7;
            error = (iter % 4 ? nx_pull_match : nx_pull_match_loose)(
                &b, len, &out, &c, &cm);
        }
        if (!error) {
            n_ok++;
            /* Whatever decoded re-encodes and decodes to the same. */
            struct ofpbuf again;
            struct match out2;
            ofpbuf_init(&again, 0);
            oxm_put_match(&again, &out, 0x04);
            CHECK_EQ(oxm_pull_match(&again, false, &out2), 0);
            ofpbuf_uninit(&again);
        }
        free(exact);
        free(copy);
    }
    CHECK(n_ok > 100);
    ofpbuf_uninit(&nxm);
    ofpbuf_uninit(&oxm);
}

OSW_TEST(single_entries)
{
    const struct mf_field *mf;
    union mf_value v, m;
    struct ofpbuf b;

    /* set_field eth_dst for OpenFlow 1.3: an OXM TLV. */
    ofpbuf_init(&b, 0);
    memset(&v, 0, sizeof v);
    v.mac = (struct eth_addr) { { 1, 2, 3, 4, 5, 6 } };
    nx_put_entry(&b, mf_from_id(MFF_ETH_DST), 0x04, &v, NULL);
    check_hex(&b, "80000606 010203040506");
    CHECK_EQ(nx_pull_entry(&b, &mf, &v, NULL), 0);
    CHECK_EQ(mf->id, MFF_ETH_DST);
    CHECK_EQ(v.mac.ea[5], 6);
    ofpbuf_uninit(&b);

    /* NXM form and masks. */
    ofpbuf_init(&b, 0);
    v.be32 = htonl(0x10);
    m.be32 = htonl(0xf0);
    nx_put_entry(&b, mf_from_id(MFF_REG3), 0x01, &v, &m);
    check_hex(&b, "00010708 00000010 000000f0");
    {
        struct ofpbuf copy = b;
        CHECK_EQ(nx_pull_entry(&copy, &mf, &v, NULL),
                 OFPERR_OFPBMC_BAD_MASK);
    }
    CHECK_EQ(nx_pull_entry(&b, &mf, &v, &m), 0);
    CHECK_EQ(mf->id, MFF_REG3);
    CHECK_EQ(ntohl(v.be32), 0x10);
    CHECK_EQ(ntohl(m.be32), 0xf0);
    CHECK_EQ(b.size, 0);
    ofpbuf_uninit(&b);

    /* Exact entries report an all-ones mask. */
    ofpbuf_init(&b, 0);
    v.be16 = htons(80);
    nx_put_entry(&b, mf_from_id(MFF_TCP_DST), 0x04, &v, NULL);
    CHECK_EQ(nx_pull_entry(&b, &mf, &v, &m), 0);
    CHECK_EQ(m.be16, 0xffff);
    ofpbuf_uninit(&b);

    /* Fields without OXM codes use their NXM header in OXM too; and
     * OXM-only fields (metadata) their OXM header in NXM. */
    CHECK_EQ(nx_field_header(mf_from_id(MFF_REG0), 0x04), 0x00010004);
    CHECK_EQ(nx_field_header(mf_from_id(MFF_METADATA), 0x01), 0x80000408);
    CHECK_EQ(nx_field_header(mf_from_id(MFF_TUN_ID), 0x03), 0x00012008);
    CHECK_EQ(nx_field_header(mf_from_id(MFF_TUN_ID), 0x04), 0x80004c08);
    CHECK_EQ(nx_field_header(mf_from_id(MFF_TCP_FLAGS), 0x01), 0x00014402);
    CHECK_EQ(nx_field_header(mf_from_id(MFF_TCP_FLAGS), 0x04), 0xffff5406);
    CHECK_EQ(nx_field_header(mf_from_id(MFF_TCP_FLAGS), 0x06), 0x80005402);

    /* Headers alone (move/load2). */
    bool masked;
    ofpbuf_init(&b, 0);
    nx_put_header(&b, mf_from_id(MFF_IPV4_SRC), 0x04, true);
    nx_put_header(&b, mf_from_id(MFF_TCP_FLAGS), 0x04, false);
    check_hex(&b, "80001708 ffff5406 4f4e4600");
    CHECK_EQ(nx_pull_header(&b, &mf, &masked), 0);
    CHECK_EQ(mf->id, MFF_IPV4_SRC);
    CHECK(masked);
    CHECK_EQ(nx_pull_header(&b, &mf, &masked), 0);
    CHECK_EQ(mf->id, MFF_TCP_FLAGS);
    CHECK(!masked);
    CHECK_EQ(b.size, 0);
    CHECK_EQ(nx_pull_header(&b, &mf, &masked), OFPERR_OFPBMC_BAD_LEN);
    ofpbuf_uninit(&b);

    /* An experimenter header without its experimenter id, an unknown
     * header, and a mask bit on a field without masks. */
    static const uint8_t exp[4] = { 0xff, 0xff, 0x54, 0x06 };
    static const uint8_t unknown[4] = { 0x80, 0x00, 0xfe, 0x02 };
    static const uint8_t in_port_w[4] = { 0x00, 0x00, 0x01, 0x04 };
    struct ofpbuf c;
    uint8_t *p = xmemdup(exp, 4);
    ofpbuf_use_const(&c, p, 4);
    CHECK_EQ(nx_pull_header(&c, &mf, &masked), OFPERR_OFPBMC_BAD_LEN);
    free(p);
    p = xmemdup(unknown, 4);
    ofpbuf_use_const(&c, p, 4);
    CHECK_EQ(nx_pull_header(&c, &mf, &masked), OFPERR_OFPBMC_BAD_FIELD);
    free(p);
    p = xmemdup(in_port_w, 4);
    ofpbuf_use_const(&c, p, 4);
    CHECK_EQ(nx_pull_header(&c, &mf, &masked), OFPERR_OFPBMC_BAD_MASK);
    free(p);
}

OSW_TEST(ports_ofp11)
{
    uint16_t port;

    CHECK_EQ(ofputil_port_from_ofp11(htonl(5), &port), 0);
    CHECK_EQ(port, 5);
    CHECK_EQ(ofputil_port_from_ofp11(htonl(0xfffffffe), &port), 0);
    CHECK_EQ(port, 0xfffe);
    CHECK_EQ(ofputil_port_from_ofp11(htonl(0xfffffff8), &port), 0);
    CHECK_EQ(port, 0xfff8);
    CHECK_EQ(ofputil_port_from_ofp11(htonl(0xff00), &port),
             OFPERR_OFPBAC_BAD_OUT_PORT);
    CHECK_EQ(ofputil_port_from_ofp11(htonl(0xfffffff7), &port), 0);
    CHECK_EQ(port, 0xfff7);
    CHECK_EQ(ofputil_port_from_ofp11(htonl(0xfffffeff), &port),
             OFPERR_OFPBAC_BAD_OUT_PORT);
    CHECK_EQ(ntohl(ofputil_port_to_ofp11(0xfffd)), 0xfffffffd);
    CHECK_EQ(ntohl(ofputil_port_to_ofp11(0xfeff)), 0xfeff);
    CHECK_EQ(ntohl(ofputil_port_to_ofp11(0xff00)), 0xffffff00);
}

OSW_TEST(packet_in_match)
{
    struct flow flow;
    struct match match, back;
    struct ofpbuf b;
    char *s;

    memset(&flow, 0, sizeof flow);
    flow.in_port = 3;
    flow.metadata = htonll(0x99);
    flow.regs[1] = 7;
    flow.tun_id = htonll(0x42);
    flow.dl_type = htons(ETH_TYPE_IP);  /* Not a pipeline field. */
    flow.nw_src = htonl(1);
    ofputil_packet_in_match(&flow, &match);
    s = match_to_string(&match, -1);
    CHECK_STREQ(s, "reg1=0x7,tun_id=0x42,metadata=0x99,in_port=3");
    free(s);

    ofpbuf_init(&b, 0);
    int len = oxm_put_packet_in_match(&b, &flow, 0x04);
    CHECK_EQ(len, (int) b.size);
    CHECK_EQ(oxm_pull_match(&b, true, &back), 0);
    CHECK(match_equal(&match, &back));
    ofpbuf_uninit(&b);

    ofpbuf_init(&b, 0);
    len = nx_put_packet_in_match(&b, &flow);
    CHECK_EQ(b.size, ROUND_UP(len, 8));
    CHECK_EQ(nx_pull_match_loose(&b, len, &back, NULL, NULL), 0);
    CHECK(match_equal(&match, &back));
    ofpbuf_uninit(&b);

    /* Only in_port for a plain packet. */
    memset(&flow, 0, sizeof flow);
    flow.in_port = 0xfffe;
    ofpbuf_init(&b, 0);
    oxm_put_packet_in_match(&b, &flow, 0x04);
    check_hex(&b, "0001 000c 80000004 fffffffe 00000000");
    ofpbuf_uninit(&b);
}

OSW_TEST_MAIN()
