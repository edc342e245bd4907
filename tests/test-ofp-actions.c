/* Tests for ofp-actions: text, wire codecs of every version, checks.
 *
 * The round-trip expectations below come from Open vSwitch 3.1's
 * ovs-ofctl: for each version, "ovs-ofctl -O OpenFlowXX parse-flow
 * MATCH,actions=ACTIONS" printed EXPECTED, and the flow_mod it sent to a
 * switch carried exactly HEX as its actions (1.0) or instructions (1.1+)
 * (empty when ovs-ofctl chose NXM's flow_mod instead).
 *
 * Left out on purpose: masked set_field in OpenFlow 1.0/1.1, which
 * ovs-ofctl 3.1 encodes as set_nw_dst etc. dropping the mask (osw writes
 * NXAST_REG_LOAD, which keeps it). */
#include <config.h>
#include "ofp-actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofproto.h"
#include "osw/dynamic-string.h"
#include "osw/match.h"
#include "osw/meta-flow.h"
#include "osw/ofpbuf.h"
#include "testlib.h"

struct rt_case {
    int of;                     /* 10 for OpenFlow 1.0 ... 15 for 1.5. */
    const char *match;
    const char *actions;
    const char *expected;
    const char *hex;
};

static const struct rt_case rt_cases[] = {
    { 10, "mpls",
      "set_mpls_label:10,set_mpls_tc:3,set_mpls_ttl:9,dec_mpls_ttl,"
      "set_field:5->mpls_label,set_field:2->mpls_tc,"
      "pop_mpls:0x0800,push_mpls:0x8848,output:2",
      "set_mpls_label(10),set_mpls_tc(3),set_mpls_ttl(9),"
      "dec_mpls_ttl,load:0x5->OXM_OF_MPLS_LABEL[],"
      "load:0x2->OXM_OF_MPLS_TC[],pop_mpls:0x0800,push_mpls:0x8848,"
      "output:2",
      "ffff001000002320001e00000000000affff001000002320001f03000000"
      "0000ffff0010000023200019090000000000ffff001000002320001a0000"
      "00000000ffff00180000232000070013800044040000000000000005ffff"
      "00180000232000070002800046010000000000000002ffff001000002320"
      "0018080000000000ffff0010000023200017884800000000000000080002"
      "0000" },
    { 11, "mpls",
      "set_mpls_label:10,set_mpls_tc:3,set_mpls_ttl:9,dec_mpls_ttl,"
      "set_field:5->mpls_label,set_field:2->mpls_tc,"
      "pop_mpls:0x0800,push_mpls:0x8848,output:2",
      "set_mpls_label(10),set_mpls_tc(3),set_mpls_ttl(9),"
      "dec_mpls_ttl,load:0x5->OXM_OF_MPLS_LABEL[],"
      "load:0x2->OXM_OF_MPLS_TC[],pop_mpls:0x0800,push_mpls:0x8848,"
      "output:2",
      "0004007800000000000d00080000000a000e000803000000000f00080900"
      "00000010000800000000ffff001800002320000700138000440400000000"
      "00000005ffff001800002320000700028000460100000000000000020014"
      "000808000000001300088848000000000010000000020000000000000000" },
    { 12, "mpls",
      "set_mpls_label:10,set_mpls_tc:3,set_mpls_ttl:9,dec_mpls_ttl,"
      "set_field:5->mpls_label,set_field:2->mpls_tc,"
      "pop_mpls:0x0800,push_mpls:0x8848,output:2",
      "set_field:10->mpls_label,set_field:3->mpls_tc,"
      "set_mpls_ttl(9),dec_mpls_ttl,set_field:5->mpls_label,"
      "set_field:2->mpls_tc,pop_mpls:0x0800,push_mpls:0x8848,"
      "output:2",
      "000400780000000000190010800044040000000a00000000001900108000"
      "46010300000000000000000f000809000000001000080000000000190010"
      "800044040000000500000000001900108000460102000000000000000014"
      "000808000000001300088848000000000010000000020000000000000000" },
    { 13, "mpls",
      "set_mpls_label:10,set_mpls_tc:3,set_mpls_ttl:9,dec_mpls_ttl,"
      "set_field:5->mpls_label,set_field:2->mpls_tc,"
      "pop_mpls:0x0800,push_mpls:0x8848,output:2",
      "set_field:10->mpls_label,set_field:3->mpls_tc,"
      "set_mpls_ttl(9),dec_mpls_ttl,set_field:5->mpls_label,"
      "set_field:2->mpls_tc,pop_mpls:0x0800,push_mpls:0x8848,"
      "output:2",
      "000400780000000000190010800044040000000a00000000001900108000"
      "46010300000000000000000f000809000000001000080000000000190010"
      "800044040000000500000000001900108000460102000000000000000014"
      "000808000000001300088848000000000010000000020000000000000000" },
    { 14, "mpls",
      "set_mpls_label:10,set_mpls_tc:3,set_mpls_ttl:9,dec_mpls_ttl,"
      "set_field:5->mpls_label,set_field:2->mpls_tc,"
      "pop_mpls:0x0800,push_mpls:0x8848,output:2",
      "set_field:10->mpls_label,set_field:3->mpls_tc,"
      "set_mpls_ttl(9),dec_mpls_ttl,set_field:5->mpls_label,"
      "set_field:2->mpls_tc,pop_mpls:0x0800,push_mpls:0x8848,"
      "output:2",
      "000400780000000000190010800044040000000a00000000001900108000"
      "46010300000000000000000f000809000000001000080000000000190010"
      "800044040000000500000000001900108000460102000000000000000014"
      "000808000000001300088848000000000010000000020000000000000000" },
    { 15, "mpls",
      "set_mpls_label:10,set_mpls_tc:3,set_mpls_ttl:9,dec_mpls_ttl,"
      "set_field:5->mpls_label,set_field:2->mpls_tc,"
      "pop_mpls:0x0800,push_mpls:0x8848,output:2",
      "set_field:10->mpls_label,set_field:3->mpls_tc,"
      "set_mpls_ttl(9),dec_mpls_ttl,set_field:5->mpls_label,"
      "set_field:2->mpls_tc,pop_mpls:0x0800,push_mpls:0x8848,"
      "output:2",
      "000400780000000000190010800044040000000a00000000001900108000"
      "46010300000000000000000f000809000000001000080000000000190010"
      "800044040000000500000000001900108000460102000000000000000014"
      "000808000000001300088848000000000010000000020000000000000000" },
    { 10, "ip",
      "push_mpls:0x8847,set_field:3->mpls_label,output:2",
      "push_mpls:0x8847,load:0x3->OXM_OF_MPLS_LABEL[],output:2",
      "ffff0010000023200017884700000000ffff001800002320000700138000"
      "440400000000000000030000000800020000" },
    { 13, "ip",
      "push_mpls:0x8847,set_field:3->mpls_label,output:2",
      "push_mpls:0x8847,set_field:3->mpls_label,output:2",
      "000400300000000000130008884700000019001080004404000000030000"
      "000000000010000000020000000000000000" },
    { 10, "tcp", "output:2", "output:2", "0000000800020000" },
    { 11, "tcp", "output:2", "output:2",
      "000400180000000000000010000000020000000000000000" },
    { 12, "tcp", "output:2", "output:2",
      "000400180000000000000010000000020000000000000000" },
    { 13, "tcp", "output:2", "output:2",
      "000400180000000000000010000000020000000000000000" },
    { 14, "tcp", "output:2", "output:2",
      "000400180000000000000010000000020000000000000000" },
    { 15, "tcp", "output:2", "output:2",
      "000400180000000000000010000000020000000000000000" },
    { 10, "tcp", "2", "output:2", "0000000800020000" },
    { 11, "tcp", "2", "output:2",
      "000400180000000000000010000000020000000000000000" },
    { 12, "tcp", "2", "output:2",
      "000400180000000000000010000000020000000000000000" },
    { 13, "tcp", "2", "output:2",
      "000400180000000000000010000000020000000000000000" },
    { 14, "tcp", "2", "output:2",
      "000400180000000000000010000000020000000000000000" },
    { 15, "tcp", "2", "output:2",
      "000400180000000000000010000000020000000000000000" },
    { 10, "tcp", "CONTROLLER", "CONTROLLER:65535", "00000008fffdffff" },
    { 11, "tcp", "CONTROLLER", "CONTROLLER:65535",
      "000400180000000000000010fffffffdffff000000000000" },
    { 12, "tcp", "CONTROLLER", "CONTROLLER:65535",
      "000400180000000000000010fffffffdffff000000000000" },
    { 13, "tcp", "CONTROLLER", "CONTROLLER:65535",
      "000400180000000000000010fffffffdffff000000000000" },
    { 14, "tcp", "CONTROLLER", "CONTROLLER:65535",
      "000400180000000000000010fffffffdffff000000000000" },
    { 15, "tcp", "CONTROLLER", "CONTROLLER:65535",
      "000400180000000000000010fffffffdffff000000000000" },
    { 10, "tcp", "CONTROLLER:100", "CONTROLLER:100", "00000008fffd0064" },
    { 11, "tcp", "CONTROLLER:100", "CONTROLLER:100",
      "000400180000000000000010fffffffd0064000000000000" },
    { 12, "tcp", "CONTROLLER:100", "CONTROLLER:100",
      "000400180000000000000010fffffffd0064000000000000" },
    { 13, "tcp", "CONTROLLER:100", "CONTROLLER:100",
      "000400180000000000000010fffffffd0064000000000000" },
    { 14, "tcp", "CONTROLLER:100", "CONTROLLER:100",
      "000400180000000000000010fffffffd0064000000000000" },
    { 15, "tcp", "CONTROLLER:100", "CONTROLLER:100",
      "000400180000000000000010fffffffd0064000000000000" },
    { 10, "tcp", "controller(reason=no_match)", "controller(reason=no_match)",
      "ffff0010000023200014ffff00000000" },
    { 11, "tcp", "controller(reason=no_match)", "controller(reason=no_match)",
      "0004001800000000ffff0010000023200014ffff00000000" },
    { 12, "tcp", "controller(reason=no_match)", "controller(reason=no_match)",
      "0004001800000000ffff0010000023200014ffff00000000" },
    { 13, "tcp", "controller(reason=no_match)", "controller(reason=no_match)",
      "0004001800000000ffff0010000023200014ffff00000000" },
    { 14, "tcp", "controller(reason=no_match)", "controller(reason=no_match)",
      "0004001800000000ffff0010000023200014ffff00000000" },
    { 15, "tcp", "controller(reason=no_match)", "controller(reason=no_match)",
      "0004001800000000ffff0010000023200014ffff00000000" },
    { 10, "tcp", "controller(max_len=100,id=3)",
      "controller(max_len=100,id=3)",
      "ffff0010000023200014006400030100" },
    { 11, "tcp", "controller(max_len=100,id=3)",
      "controller(max_len=100,id=3)",
      "0004001800000000ffff0010000023200014006400030100" },
    { 12, "tcp", "controller(max_len=100,id=3)",
      "controller(max_len=100,id=3)",
      "0004001800000000ffff0010000023200014006400030100" },
    { 13, "tcp", "controller(max_len=100,id=3)",
      "controller(max_len=100,id=3)",
      "0004001800000000ffff0010000023200014006400030100" },
    { 14, "tcp", "controller(max_len=100,id=3)",
      "controller(max_len=100,id=3)",
      "0004001800000000ffff0010000023200014006400030100" },
    { 15, "tcp", "controller(max_len=100,id=3)",
      "controller(max_len=100,id=3)",
      "0004001800000000ffff0010000023200014006400030100" },
    { 10, "tcp", "controller(reason=invalid_ttl,id=1)",
      "controller(reason=invalid_ttl,id=1)",
      "ffff0010000023200014ffff00010200" },
    { 11, "tcp", "controller(reason=invalid_ttl,id=1)",
      "controller(reason=invalid_ttl,id=1)",
      "0004001800000000ffff0010000023200014ffff00010200" },
    { 12, "tcp", "controller(reason=invalid_ttl,id=1)",
      "controller(reason=invalid_ttl,id=1)",
      "0004001800000000ffff0010000023200014ffff00010200" },
    { 13, "tcp", "controller(reason=invalid_ttl,id=1)",
      "controller(reason=invalid_ttl,id=1)",
      "0004001800000000ffff0010000023200014ffff00010200" },
    { 14, "tcp", "controller(reason=invalid_ttl,id=1)",
      "controller(reason=invalid_ttl,id=1)",
      "0004001800000000ffff0010000023200014ffff00010200" },
    { 15, "tcp", "controller(reason=invalid_ttl,id=1)",
      "controller(reason=invalid_ttl,id=1)",
      "0004001800000000ffff0010000023200014ffff00010200" },
    { 10, "tcp", "LOCAL,IN_PORT,FLOOD,ALL,NORMAL,TABLE",
      "LOCAL,IN_PORT,FLOOD,ALL,NORMAL,TABLE",
      "00000008fffe000000000008fff8000000000008fffb000000000008fffc000000000"
      "008fffa000000000008fff90000" },
    { 11, "tcp", "LOCAL,IN_PORT,FLOOD,ALL,NORMAL,TABLE",
      "LOCAL,IN_PORT,FLOOD,ALL,NORMAL,TABLE",
      "000400680000000000000010fffffffe000000000000000000000010fffffff800000"
      "0000000000000000010fffffffb000000000000000000000010fffffffc000000000000"
      "000000000010fffffffa000000000000000000000010fffffff90000000000000000" },
    { 12, "tcp", "LOCAL,IN_PORT,FLOOD,ALL,NORMAL,TABLE",
      "LOCAL,IN_PORT,FLOOD,ALL,NORMAL,TABLE",
      "000400680000000000000010fffffffe000000000000000000000010fffffff800000"
      "0000000000000000010fffffffb000000000000000000000010fffffffc000000000000"
      "000000000010fffffffa000000000000000000000010fffffff90000000000000000" },
    { 13, "tcp", "LOCAL,IN_PORT,FLOOD,ALL,NORMAL,TABLE",
      "LOCAL,IN_PORT,FLOOD,ALL,NORMAL,TABLE",
      "000400680000000000000010fffffffe000000000000000000000010fffffff800000"
      "0000000000000000010fffffffb000000000000000000000010fffffffc000000000000"
      "000000000010fffffffa000000000000000000000010fffffff90000000000000000" },
    { 14, "tcp", "LOCAL,IN_PORT,FLOOD,ALL,NORMAL,TABLE",
      "LOCAL,IN_PORT,FLOOD,ALL,NORMAL,TABLE",
      "000400680000000000000010fffffffe000000000000000000000010fffffff800000"
      "0000000000000000010fffffffb000000000000000000000010fffffffc000000000000"
      "000000000010fffffffa000000000000000000000010fffffff90000000000000000" },
    { 15, "tcp", "LOCAL,IN_PORT,FLOOD,ALL,NORMAL,TABLE",
      "LOCAL,IN_PORT,FLOOD,ALL,NORMAL,TABLE",
      "000400680000000000000010fffffffe000000000000000000000010fffffff800000"
      "0000000000000000010fffffffb000000000000000000000010fffffffc000000000000"
      "000000000010fffffffa000000000000000000000010fffffff90000000000000000" },
    { 10, "tcp", "mod_tp_dst:80,NORMAL", "mod_tp_dst:80,NORMAL",
      "000a00080050000000000008fffa0000" },
    { 11, "tcp", "mod_tp_dst:80,NORMAL", "mod_tp_dst:80,NORMAL",
      "0004002000000000000a00080050000000000010fffffffa0000000000000000" },
    { 12, "tcp", "mod_tp_dst:80,NORMAL", "set_field:80->tcp_dst,NORMAL",
      "00040028000000000019001080001c02005000000000000000000010fffffffa00000"
      "00000000000" },
    { 13, "tcp", "mod_tp_dst:80,NORMAL", "set_field:80->tcp_dst,NORMAL",
      "00040028000000000019001080001c02005000000000000000000010fffffffa00000"
      "00000000000" },
    { 14, "tcp", "mod_tp_dst:80,NORMAL", "set_field:80->tcp_dst,NORMAL",
      "00040028000000000019001080001c02005000000000000000000010fffffffa00000"
      "00000000000" },
    { 15, "tcp", "mod_tp_dst:80,NORMAL", "set_field:80->tcp_dst,NORMAL",
      "00040028000000000019001080001c02005000000000000000000010fffffffa00000"
      "00000000000" },
    { 10, "tcp", "mod_tp_src:1234", "mod_tp_src:1234", "0009000804d20000" },
    { 11, "tcp", "mod_tp_src:1234", "mod_tp_src:1234",
      "00040010000000000009000804d20000" },
    { 12, "tcp", "mod_tp_src:1234", "set_field:1234->tcp_src",
      "00040018000000000019001080001a0204d2000000000000" },
    { 13, "tcp", "mod_tp_src:1234", "set_field:1234->tcp_src",
      "00040018000000000019001080001a0204d2000000000000" },
    { 14, "tcp", "mod_tp_src:1234", "set_field:1234->tcp_src",
      "00040018000000000019001080001a0204d2000000000000" },
    { 15, "tcp", "mod_tp_src:1234", "set_field:1234->tcp_src",
      "00040018000000000019001080001a0204d2000000000000" },
    { 10, "udp", "mod_tp_dst:53", "mod_tp_dst:53", "000a000800350000" },
    { 11, "udp", "mod_tp_dst:53", "mod_tp_dst:53",
      "0004001000000000000a000800350000" },
    { 12, "udp", "mod_tp_dst:53", "set_field:53->udp_dst",
      "000400180000000000190010800020020035000000000000" },
    { 13, "udp", "mod_tp_dst:53", "set_field:53->udp_dst",
      "000400180000000000190010800020020035000000000000" },
    { 14, "udp", "mod_tp_dst:53", "set_field:53->udp_dst",
      "000400180000000000190010800020020035000000000000" },
    { 15, "udp", "mod_tp_dst:53", "set_field:53->udp_dst",
      "000400180000000000190010800020020035000000000000" },
    { 10, "tcp", "mod_dl_src:00:11:22:33:44:55",
      "mod_dl_src:00:11:22:33:44:55",
      "00040010001122334455000000000000" },
    { 11, "tcp", "mod_dl_src:00:11:22:33:44:55",
      "mod_dl_src:00:11:22:33:44:55",
      "000400180000000000030010001122334455000000000000" },
    { 12, "tcp", "mod_dl_src:00:11:22:33:44:55",
      "set_field:00:11:22:33:44:55->eth_src",
      "000400180000000000190010800008060011223344550000" },
    { 13, "tcp", "mod_dl_src:00:11:22:33:44:55",
      "set_field:00:11:22:33:44:55->eth_src",
      "000400180000000000190010800008060011223344550000" },
    { 14, "tcp", "mod_dl_src:00:11:22:33:44:55",
      "set_field:00:11:22:33:44:55->eth_src",
      "000400180000000000190010800008060011223344550000" },
    { 15, "tcp", "mod_dl_src:00:11:22:33:44:55",
      "set_field:00:11:22:33:44:55->eth_src",
      "000400180000000000190010800008060011223344550000" },
    { 10, "tcp", "mod_dl_dst:0a:0b:0c:0d:0e:0f",
      "mod_dl_dst:0a:0b:0c:0d:0e:0f",
      "000500100a0b0c0d0e0f000000000000" },
    { 11, "tcp", "mod_dl_dst:0a:0b:0c:0d:0e:0f",
      "mod_dl_dst:0a:0b:0c:0d:0e:0f",
      "0004001800000000000400100a0b0c0d0e0f000000000000" },
    { 12, "tcp", "mod_dl_dst:0a:0b:0c:0d:0e:0f",
      "set_field:0a:0b:0c:0d:0e:0f->eth_dst",
      "000400180000000000190010800006060a0b0c0d0e0f0000" },
    { 13, "tcp", "mod_dl_dst:0a:0b:0c:0d:0e:0f",
      "set_field:0a:0b:0c:0d:0e:0f->eth_dst",
      "000400180000000000190010800006060a0b0c0d0e0f0000" },
    { 14, "tcp", "mod_dl_dst:0a:0b:0c:0d:0e:0f",
      "set_field:0a:0b:0c:0d:0e:0f->eth_dst",
      "000400180000000000190010800006060a0b0c0d0e0f0000" },
    { 15, "tcp", "mod_dl_dst:0a:0b:0c:0d:0e:0f",
      "set_field:0a:0b:0c:0d:0e:0f->eth_dst",
      "000400180000000000190010800006060a0b0c0d0e0f0000" },
    { 10, "tcp", "mod_nw_src:1.2.3.4", "mod_nw_src:1.2.3.4",
      "0006000801020304" },
    { 11, "tcp", "mod_nw_src:1.2.3.4", "mod_nw_src:1.2.3.4",
      "00040010000000000005000801020304" },
    { 12, "tcp", "mod_nw_src:1.2.3.4", "set_field:1.2.3.4->ip_src",
      "000400180000000000190010800016040102030400000000" },
    { 13, "tcp", "mod_nw_src:1.2.3.4", "set_field:1.2.3.4->ip_src",
      "000400180000000000190010800016040102030400000000" },
    { 14, "tcp", "mod_nw_src:1.2.3.4", "set_field:1.2.3.4->ip_src",
      "000400180000000000190010800016040102030400000000" },
    { 15, "tcp", "mod_nw_src:1.2.3.4", "set_field:1.2.3.4->ip_src",
      "000400180000000000190010800016040102030400000000" },
    { 10, "tcp", "mod_nw_dst:5.6.7.8", "mod_nw_dst:5.6.7.8",
      "0007000805060708" },
    { 11, "tcp", "mod_nw_dst:5.6.7.8", "mod_nw_dst:5.6.7.8",
      "00040010000000000006000805060708" },
    { 12, "tcp", "mod_nw_dst:5.6.7.8", "set_field:5.6.7.8->ip_dst",
      "000400180000000000190010800018040506070800000000" },
    { 13, "tcp", "mod_nw_dst:5.6.7.8", "set_field:5.6.7.8->ip_dst",
      "000400180000000000190010800018040506070800000000" },
    { 14, "tcp", "mod_nw_dst:5.6.7.8", "set_field:5.6.7.8->ip_dst",
      "000400180000000000190010800018040506070800000000" },
    { 15, "tcp", "mod_nw_dst:5.6.7.8", "set_field:5.6.7.8->ip_dst",
      "000400180000000000190010800018040506070800000000" },
    { 10, "tcp", "mod_nw_tos:4", "mod_nw_tos:4", "0008000804000000" },
    { 11, "tcp", "mod_nw_tos:4", "mod_nw_tos:4",
      "00040010000000000007000804000000" },
    { 12, "tcp", "mod_nw_tos:4", "set_field:1->ip_dscp",
      "000400180000000000190010800010010100000000000000" },
    { 13, "tcp", "mod_nw_tos:4", "set_field:1->ip_dscp",
      "000400180000000000190010800010010100000000000000" },
    { 14, "tcp", "mod_nw_tos:4", "set_field:1->ip_dscp",
      "000400180000000000190010800010010100000000000000" },
    { 15, "tcp", "mod_nw_tos:4", "set_field:1->ip_dscp",
      "000400180000000000190010800010010100000000000000" },
    { 10, "tcp", "mod_nw_ecn:1", "load:0x1->NXM_NX_IP_ECN[]",
      "ffff00180000232000070001000138010000000000000001" },
    { 11, "tcp", "mod_nw_ecn:1", "mod_nw_ecn:1",
      "00040010000000000008000801000000" },
    { 12, "tcp", "mod_nw_ecn:1", "set_field:1->nw_ecn",
      "000400180000000000190010800012010100000000000000" },
    { 13, "tcp", "mod_nw_ecn:1", "set_field:1->nw_ecn",
      "000400180000000000190010800012010100000000000000" },
    { 14, "tcp", "mod_nw_ecn:1", "set_field:1->nw_ecn",
      "000400180000000000190010800012010100000000000000" },
    { 15, "tcp", "mod_nw_ecn:1", "set_field:1->nw_ecn",
      "000400180000000000190010800012010100000000000000" },
    { 10, "tcp", "mod_nw_ttl:5", "load:0x5->NXM_NX_IP_TTL[]",
      "ffff0018000023200007000700013a010000000000000005" },
    { 11, "tcp", "mod_nw_ttl:5", "mod_nw_ttl:5",
      "00040010000000000017000805000000" },
    { 12, "tcp", "mod_nw_ttl:5", "mod_nw_ttl:5",
      "00040010000000000017000805000000" },
    { 13, "tcp", "mod_nw_ttl:5", "mod_nw_ttl:5",
      "00040010000000000017000805000000" },
    { 14, "tcp", "mod_nw_ttl:5", "mod_nw_ttl:5",
      "00040010000000000017000805000000" },
    { 15, "tcp", "mod_nw_ttl:5", "mod_nw_ttl:5",
      "00040010000000000017000805000000" },
    { 10, "tcp", "mod_vlan_vid:5", "mod_vlan_vid:5", "0001000800050000" },
    { 11, "tcp", "mod_vlan_vid:5", "push_vlan:0x8100,set_vlan_vid:5",
      "000400180000000000110008810000000001000800050000" },
    { 12, "tcp", "mod_vlan_vid:5", "push_vlan:0x8100,set_field:4101->vlan_vid",
      "000400200000000000110008810000000019001080000c021005000000000000" },
    { 13, "tcp", "mod_vlan_vid:5", "push_vlan:0x8100,set_field:4101->vlan_vid",
      "000400200000000000110008810000000019001080000c021005000000000000" },
    { 14, "tcp", "mod_vlan_vid:5", "push_vlan:0x8100,set_field:4101->vlan_vid",
      "000400200000000000110008810000000019001080000c021005000000000000" },
    { 15, "tcp", "mod_vlan_vid:5", "push_vlan:0x8100,set_field:4101->vlan_vid",
      "000400200000000000110008810000000019001080000c021005000000000000" },
    { 10, "tcp", "mod_vlan_pcp:3", "mod_vlan_pcp:3", "0002000803000000" },
    { 11, "tcp", "mod_vlan_pcp:3", "push_vlan:0x8100,set_vlan_pcp:3",
      "000400180000000000110008810000000002000803000000" },
    { 12, "tcp", "mod_vlan_pcp:3", "push_vlan:0x8100,set_field:3->vlan_pcp",
      "000400200000000000110008810000000019001080000e010300000000000000" },
    { 13, "tcp", "mod_vlan_pcp:3", "push_vlan:0x8100,set_field:3->vlan_pcp",
      "000400200000000000110008810000000019001080000e010300000000000000" },
    { 14, "tcp", "mod_vlan_pcp:3", "push_vlan:0x8100,set_field:3->vlan_pcp",
      "000400200000000000110008810000000019001080000e010300000000000000" },
    { 15, "tcp", "mod_vlan_pcp:3", "push_vlan:0x8100,set_field:3->vlan_pcp",
      "000400200000000000110008810000000019001080000e010300000000000000" },
    { 10, "dl_vlan=5", "mod_vlan_vid:7", "mod_vlan_vid:7",
      "0001000800070000" },
    { 11, "dl_vlan=5", "mod_vlan_vid:7", "set_vlan_vid:7",
      "00040010000000000001000800070000" },
    { 12, "dl_vlan=5", "mod_vlan_vid:7", "set_field:4103->vlan_vid",
      "00040018000000000019001080000c021007000000000000" },
    { 13, "dl_vlan=5", "mod_vlan_vid:7", "set_field:4103->vlan_vid",
      "00040018000000000019001080000c021007000000000000" },
    { 14, "dl_vlan=5", "mod_vlan_vid:7", "set_field:4103->vlan_vid",
      "00040018000000000019001080000c021007000000000000" },
    { 15, "dl_vlan=5", "mod_vlan_vid:7", "set_field:4103->vlan_vid",
      "00040018000000000019001080000c021007000000000000" },
    { 10, "tcp", "strip_vlan", "strip_vlan", "0003000800000000" },
    { 10, "dl_vlan=5", "pop_vlan", "strip_vlan", "0003000800000000" },
    { 11, "dl_vlan=5", "pop_vlan", "pop_vlan",
      "00040010000000000012000800000000" },
    { 12, "dl_vlan=5", "pop_vlan", "pop_vlan",
      "00040010000000000012000800000000" },
    { 13, "dl_vlan=5", "pop_vlan", "pop_vlan",
      "00040010000000000012000800000000" },
    { 14, "dl_vlan=5", "pop_vlan", "pop_vlan",
      "00040010000000000012000800000000" },
    { 15, "dl_vlan=5", "pop_vlan", "pop_vlan",
      "00040010000000000012000800000000" },
    { 10, "dl_vlan=5", "strip_vlan", "strip_vlan", "0003000800000000" },
    { 11, "dl_vlan=5", "strip_vlan", "pop_vlan",
      "00040010000000000012000800000000" },
    { 12, "dl_vlan=5", "strip_vlan", "pop_vlan",
      "00040010000000000012000800000000" },
    { 13, "dl_vlan=5", "strip_vlan", "pop_vlan",
      "00040010000000000012000800000000" },
    { 14, "dl_vlan=5", "strip_vlan", "pop_vlan",
      "00040010000000000012000800000000" },
    { 15, "dl_vlan=5", "strip_vlan", "pop_vlan",
      "00040010000000000012000800000000" },
    { 11, "tcp", "push_vlan:0x8100", "push_vlan:0x8100",
      "00040010000000000011000881000000" },
    { 12, "tcp", "push_vlan:0x8100", "push_vlan:0x8100",
      "00040010000000000011000881000000" },
    { 13, "tcp", "push_vlan:0x8100", "push_vlan:0x8100",
      "00040010000000000011000881000000" },
    { 14, "tcp", "push_vlan:0x8100", "push_vlan:0x8100",
      "00040010000000000011000881000000" },
    { 15, "tcp", "push_vlan:0x8100", "push_vlan:0x8100",
      "00040010000000000011000881000000" },
    { 11, "tcp", "push_vlan:0x88a8", "push_vlan:0x88a8",
      "00040010000000000011000888a80000" },
    { 12, "tcp", "push_vlan:0x88a8", "push_vlan:0x88a8",
      "00040010000000000011000888a80000" },
    { 13, "tcp", "push_vlan:0x88a8", "push_vlan:0x88a8",
      "00040010000000000011000888a80000" },
    { 14, "tcp", "push_vlan:0x88a8", "push_vlan:0x88a8",
      "00040010000000000011000888a80000" },
    { 15, "tcp", "push_vlan:0x88a8", "push_vlan:0x88a8",
      "00040010000000000011000888a80000" },
    { 10, "tcp", "set_field:80->tp_dst", "mod_tp_dst:80", "000a000800500000" },
    { 11, "tcp", "set_field:80->tp_dst", "mod_tp_dst:80",
      "0004001000000000000a000800500000" },
    { 12, "tcp", "set_field:80->tp_dst", "set_field:80->tcp_dst",
      "00040018000000000019001080001c020050000000000000" },
    { 13, "tcp", "set_field:80->tp_dst", "set_field:80->tcp_dst",
      "00040018000000000019001080001c020050000000000000" },
    { 14, "tcp", "set_field:80->tp_dst", "set_field:80->tcp_dst",
      "00040018000000000019001080001c020050000000000000" },
    { 15, "tcp", "set_field:80->tp_dst", "set_field:80->tcp_dst",
      "00040018000000000019001080001c020050000000000000" },
    { 10, "tcp", "set_field:00:11:22:33:44:55->eth_dst",
      "mod_dl_dst:00:11:22:33:44:55",
      "00050010001122334455000000000000" },
    { 11, "tcp", "set_field:00:11:22:33:44:55->eth_dst",
      "mod_dl_dst:00:11:22:33:44:55",
      "000400180000000000040010001122334455000000000000" },
    { 12, "tcp", "set_field:00:11:22:33:44:55->eth_dst",
      "set_field:00:11:22:33:44:55->eth_dst",
      "000400180000000000190010800006060011223344550000" },
    { 13, "tcp", "set_field:00:11:22:33:44:55->eth_dst",
      "set_field:00:11:22:33:44:55->eth_dst",
      "000400180000000000190010800006060011223344550000" },
    { 14, "tcp", "set_field:00:11:22:33:44:55->eth_dst",
      "set_field:00:11:22:33:44:55->eth_dst",
      "000400180000000000190010800006060011223344550000" },
    { 15, "tcp", "set_field:00:11:22:33:44:55->eth_dst",
      "set_field:00:11:22:33:44:55->eth_dst",
      "000400180000000000190010800006060011223344550000" },
    /* Zero prints as "0", not "0x0". */
    { 10, "tcp", "set_field:0->reg0", "load:0->NXM_NX_REG0[]", "" },
    { 13, "tcp", "set_field:0->reg0", "set_field:0->reg0",
      "000400180000000000190010000100040000000000000000" },
    { 10, "tcp", "set_field:5->reg0", "load:0x5->NXM_NX_REG0[]", "" },
    { 12, "tcp", "set_field:5->reg0", "set_field:0x5->reg0",
      "000400180000000000190010000100040000000500000000" },
    { 13, "tcp", "set_field:5->reg0", "set_field:0x5->reg0",
      "000400180000000000190010000100040000000500000000" },
    { 14, "tcp", "set_field:5->reg0", "set_field:0x5->reg0",
      "000400180000000000190010000100040000000500000000" },
    { 15, "tcp", "set_field:5->reg0", "set_field:0x5->reg0",
      "000400180000000000190010000100040000000500000000" },
    { 10, "tcp", "set_field:0x5/0xf->reg1", "load:0x5->NXM_NX_REG1[0..3]",
      "" },
    { 12, "tcp", "set_field:0x5/0xf->reg1", "load:0x5->NXM_NX_REG1[0..3]",
      "0004002000000000ffff00180000232000070003000102040000000000000005" },
    { 13, "tcp", "set_field:0x5/0xf->reg1", "load:0x5->NXM_NX_REG1[0..3]",
      "0004002000000000ffff00180000232000070003000102040000000000000005" },
    { 14, "tcp", "set_field:0x5/0xf->reg1", "load:0x5->NXM_NX_REG1[0..3]",
      "0004002000000000ffff00180000232000070003000102040000000000000005" },
    { 15, "tcp", "set_field:0x5/0xf->reg1", "set_field:0x5/0xf->reg1",
      "00040018000000000019001000010308000000050000000f" },
    { 10, "tcp", "set_field:1->ip_dscp", "mod_nw_tos:4", "0008000804000000" },
    { 11, "tcp", "set_field:1->ip_dscp", "mod_nw_tos:4",
      "00040010000000000007000804000000" },
    { 12, "tcp", "set_field:1->ip_dscp", "set_field:1->ip_dscp",
      "000400180000000000190010800010010100000000000000" },
    { 13, "tcp", "set_field:1->ip_dscp", "set_field:1->ip_dscp",
      "000400180000000000190010800010010100000000000000" },
    { 14, "tcp", "set_field:1->ip_dscp", "set_field:1->ip_dscp",
      "000400180000000000190010800010010100000000000000" },
    { 15, "tcp", "set_field:1->ip_dscp", "set_field:1->ip_dscp",
      "000400180000000000190010800010010100000000000000" },
    { 10, "tcp", "set_field:4->nw_tos", "mod_nw_tos:4", "0008000804000000" },
    { 11, "tcp", "set_field:4->nw_tos", "mod_nw_tos:4",
      "00040010000000000007000804000000" },
    { 12, "tcp", "set_field:4->nw_tos", "set_field:4->nw_tos",
      "00040018000000000019001000000a010400000000000000" },
    { 13, "tcp", "set_field:4->nw_tos", "set_field:4->nw_tos",
      "00040018000000000019001000000a010400000000000000" },
    { 14, "tcp", "set_field:4->nw_tos", "set_field:4->nw_tos",
      "00040018000000000019001000000a010400000000000000" },
    { 15, "tcp", "set_field:4->nw_tos", "set_field:4->nw_tos",
      "00040018000000000019001000000a010400000000000000" },
    { 10, "tcp", "set_field:1.2.3.4->ip_src", "mod_nw_src:1.2.3.4",
      "0006000801020304" },
    { 11, "tcp", "set_field:1.2.3.4->ip_src", "mod_nw_src:1.2.3.4",
      "00040010000000000005000801020304" },
    { 12, "tcp", "set_field:1.2.3.4->ip_src", "set_field:1.2.3.4->ip_src",
      "000400180000000000190010800016040102030400000000" },
    { 13, "tcp", "set_field:1.2.3.4->ip_src", "set_field:1.2.3.4->ip_src",
      "000400180000000000190010800016040102030400000000" },
    { 14, "tcp", "set_field:1.2.3.4->ip_src", "set_field:1.2.3.4->ip_src",
      "000400180000000000190010800016040102030400000000" },
    { 15, "tcp", "set_field:1.2.3.4->ip_src", "set_field:1.2.3.4->ip_src",
      "000400180000000000190010800016040102030400000000" },
    { 10, "ipv6",
      "set_field:fe80::1->ipv6_src",
      "load:0x1->NXM_NX_IPV6_SRC[0..63],load:0xfe80000000000000->NXM_NX_IPV6"
      "_SRC[64..127]",
      "" },
    { 12, "ipv6", "set_field:fe80::1->ipv6_src", "set_field:fe80::1->ipv6_src",
      "00040020000000000019001880003410fe800000000000000000000000000001" },
    { 13, "ipv6", "set_field:fe80::1->ipv6_src", "set_field:fe80::1->ipv6_src",
      "00040020000000000019001880003410fe800000000000000000000000000001" },
    { 14, "ipv6", "set_field:fe80::1->ipv6_src", "set_field:fe80::1->ipv6_src",
      "00040020000000000019001880003410fe800000000000000000000000000001" },
    { 15, "ipv6", "set_field:fe80::1->ipv6_src", "set_field:fe80::1->ipv6_src",
      "00040020000000000019001880003410fe800000000000000000000000000001" },
    { 10, "dl_vlan=5", "set_field:4101->vlan_vid", "mod_vlan_vid:5",
      "0001000800050000" },
    { 11, "dl_vlan=5", "set_field:4101->vlan_vid", "set_vlan_vid:5",
      "00040010000000000001000800050000" },
    { 12, "dl_vlan=5", "set_field:4101->vlan_vid", "set_field:4101->vlan_vid",
      "00040018000000000019001080000c021005000000000000" },
    { 13, "dl_vlan=5", "set_field:4101->vlan_vid", "set_field:4101->vlan_vid",
      "00040018000000000019001080000c021005000000000000" },
    { 14, "dl_vlan=5", "set_field:4101->vlan_vid", "set_field:4101->vlan_vid",
      "00040018000000000019001080000c021005000000000000" },
    { 15, "dl_vlan=5", "set_field:4101->vlan_vid", "set_field:4101->vlan_vid",
      "00040018000000000019001080000c021005000000000000" },
    { 10, "tcp", "set_field:0x5->tun_id", "load:0x5->NXM_NX_TUN_ID[]", "" },
    { 12, "tcp", "set_field:0x5->tun_id", "set_field:0x5->tun_id",
      "000400180000000000190010000120080000000000000005" },
    { 13, "tcp", "set_field:0x5->tun_id", "set_field:0x5->tun_id",
      "00040018000000000019001080004c080000000000000005" },
    { 14, "tcp", "set_field:0x5->tun_id", "set_field:0x5->tun_id",
      "00040018000000000019001080004c080000000000000005" },
    { 15, "tcp", "set_field:0x5->tun_id", "set_field:0x5->tun_id",
      "00040018000000000019001080004c080000000000000005" },
    { 10, "tcp", "load:1->NXM_NX_REG0[]", "load:0x1->NXM_NX_REG0[]",
      "ffff0018000023200007001f000100040000000000000001" },
    { 11, "tcp", "load:1->NXM_NX_REG0[]", "load:0x1->NXM_NX_REG0[]",
      "0004002000000000ffff0018000023200007001f000100040000000000000001" },
    { 12, "tcp", "load:1->NXM_NX_REG0[]", "load:0x1->NXM_NX_REG0[]",
      "0004002000000000ffff0018000023200007001f000100040000000000000001" },
    { 13, "tcp", "load:1->NXM_NX_REG0[]", "load:0x1->NXM_NX_REG0[]",
      "0004002000000000ffff0018000023200007001f000100040000000000000001" },
    { 14, "tcp", "load:1->NXM_NX_REG0[]", "load:0x1->NXM_NX_REG0[]",
      "0004002000000000ffff0018000023200007001f000100040000000000000001" },
    { 15, "tcp", "load:1->NXM_NX_REG0[]", "set_field:0x1->reg0",
      "000400180000000000190010000100040000000100000000" },
    { 10, "tcp", "load:0x5->NXM_NX_REG0[0..3]", "load:0x5->NXM_NX_REG0[0..3]",
      "ffff00180000232000070003000100040000000000000005" },
    { 11, "tcp", "load:0x5->NXM_NX_REG0[0..3]", "load:0x5->NXM_NX_REG0[0..3]",
      "0004002000000000ffff00180000232000070003000100040000000000000005" },
    { 12, "tcp", "load:0x5->NXM_NX_REG0[0..3]", "load:0x5->NXM_NX_REG0[0..3]",
      "0004002000000000ffff00180000232000070003000100040000000000000005" },
    { 13, "tcp", "load:0x5->NXM_NX_REG0[0..3]", "load:0x5->NXM_NX_REG0[0..3]",
      "0004002000000000ffff00180000232000070003000100040000000000000005" },
    { 14, "tcp", "load:0x5->NXM_NX_REG0[0..3]", "load:0x5->NXM_NX_REG0[0..3]",
      "0004002000000000ffff00180000232000070003000100040000000000000005" },
    { 15, "tcp", "load:0x5->NXM_NX_REG0[0..3]", "set_field:0x5/0xf->reg0",
      "00040018000000000019001000010108000000050000000f" },
    { 10, "tcp", "load:0x50->NXM_OF_TCP_DST[]", "load:0x50->NXM_OF_TCP_DST[]",
      "ffff0018000023200007000f000014020000000000000050" },
    { 11, "tcp", "load:0x50->NXM_OF_TCP_DST[]", "load:0x50->NXM_OF_TCP_DST[]",
      "0004002000000000ffff0018000023200007000f000014020000000000000050" },
    { 12, "tcp", "load:0x50->NXM_OF_TCP_DST[]", "load:0x50->NXM_OF_TCP_DST[]",
      "0004002000000000ffff0018000023200007000f000014020000000000000050" },
    { 13, "tcp", "load:0x50->NXM_OF_TCP_DST[]", "load:0x50->NXM_OF_TCP_DST[]",
      "0004002000000000ffff0018000023200007000f000014020000000000000050" },
    { 14, "tcp", "load:0x50->NXM_OF_TCP_DST[]", "load:0x50->NXM_OF_TCP_DST[]",
      "0004002000000000ffff0018000023200007000f000014020000000000000050" },
    { 15, "tcp", "load:0x50->NXM_OF_TCP_DST[]", "set_field:80->tcp_dst",
      "00040018000000000019001080001c020050000000000000" },
    { 10, "tcp", "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
      "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
      "ffff00180000232000060030000000000000040600000206" },
    { 11, "tcp", "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
      "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
      "0004002000000000ffff00180000232000060030000000000000040600000206" },
    { 12, "tcp", "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
      "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
      "0004002000000000ffff00180000232000060030000000000000040600000206" },
    { 13, "tcp", "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
      "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
      "0004002000000000ffff00180000232000060030000000000000040600000206" },
    { 14, "tcp", "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
      "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
      "0004002000000000ffff00180000232000060030000000000000040600000206" },
    { 15, "tcp", "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
      "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]",
      "0004002000000000001c00180030000000000000800008068000060600000000" },
    { 10, "tcp", "move:reg0[0..3]->reg1[4..7]",
      "move:NXM_NX_REG0[0..3]->NXM_NX_REG1[4..7]",
      "ffff00180000232000060004000000040001000400010204" },
    { 11, "tcp", "move:reg0[0..3]->reg1[4..7]",
      "move:NXM_NX_REG0[0..3]->NXM_NX_REG1[4..7]",
      "0004002000000000ffff00180000232000060004000000040001000400010204" },
    { 12, "tcp", "move:reg0[0..3]->reg1[4..7]",
      "move:NXM_NX_REG0[0..3]->NXM_NX_REG1[4..7]",
      "0004002000000000ffff00180000232000060004000000040001000400010204" },
    { 13, "tcp", "move:reg0[0..3]->reg1[4..7]",
      "move:NXM_NX_REG0[0..3]->NXM_NX_REG1[4..7]",
      "0004002000000000ffff00180000232000060004000000040001000400010204" },
    { 14, "tcp", "move:reg0[0..3]->reg1[4..7]",
      "move:NXM_NX_REG0[0..3]->NXM_NX_REG1[4..7]",
      "0004002000000000ffff00180000232000060004000000040001000400010204" },
    { 15, "tcp", "move:reg0[0..3]->reg1[4..7]",
      "move:NXM_NX_REG0[0..3]->NXM_NX_REG1[4..7]",
      "0004002000000000001c00180004000000040000000100040001020400000000" },
    { 10, "tcp", "resubmit:3", "resubmit:3",
      "ffff001000002320000e0003ff000000" },
    { 11, "tcp", "resubmit:3", "resubmit:3",
      "0004001800000000ffff001000002320000e0003ff000000" },
    { 12, "tcp", "resubmit:3", "resubmit:3",
      "0004001800000000ffff001000002320000e0003ff000000" },
    { 13, "tcp", "resubmit:3", "resubmit:3",
      "0004001800000000ffff001000002320000e0003ff000000" },
    { 14, "tcp", "resubmit:3", "resubmit:3",
      "0004001800000000ffff001000002320000e0003ff000000" },
    { 15, "tcp", "resubmit:3", "resubmit:3",
      "0004001800000000ffff001000002320000e0003ff000000" },
    { 10, "tcp", "resubmit(,2)", "resubmit(,2)",
      "ffff001000002320000efff802000000" },
    { 11, "tcp", "resubmit(,2)", "resubmit(,2)",
      "0004001800000000ffff001000002320000efff802000000" },
    { 12, "tcp", "resubmit(,2)", "resubmit(,2)",
      "0004001800000000ffff001000002320000efff802000000" },
    { 13, "tcp", "resubmit(,2)", "resubmit(,2)",
      "0004001800000000ffff001000002320000efff802000000" },
    { 14, "tcp", "resubmit(,2)", "resubmit(,2)",
      "0004001800000000ffff001000002320000efff802000000" },
    { 15, "tcp", "resubmit(,2)", "resubmit(,2)",
      "0004001800000000ffff001000002320000efff802000000" },
    { 10, "tcp", "resubmit(1,2)", "resubmit(1,2)",
      "ffff001000002320000e000102000000" },
    { 11, "tcp", "resubmit(1,2)", "resubmit(1,2)",
      "0004001800000000ffff001000002320000e000102000000" },
    { 12, "tcp", "resubmit(1,2)", "resubmit(1,2)",
      "0004001800000000ffff001000002320000e000102000000" },
    { 13, "tcp", "resubmit(1,2)", "resubmit(1,2)",
      "0004001800000000ffff001000002320000e000102000000" },
    { 14, "tcp", "resubmit(1,2)", "resubmit(1,2)",
      "0004001800000000ffff001000002320000e000102000000" },
    { 15, "tcp", "resubmit(1,2)", "resubmit(1,2)",
      "0004001800000000ffff001000002320000e000102000000" },
    { 10, "tcp", "enqueue:1:2", "enqueue:1:2",
      "000b0010000100000000000000000002" },
    { 11, "tcp", "enqueue:1:2", "set_queue:2,output:1,pop_queue",
      "000400300000000000150008000000020000001000000001ffff000000000000ffff0"
      "010000023200005000000000000" },
    { 12, "tcp", "enqueue:1:2", "set_queue:2,output:1,pop_queue",
      "000400300000000000150008000000020000001000000001ffff000000000000ffff0"
      "010000023200005000000000000" },
    { 13, "tcp", "enqueue:1:2", "set_queue:2,output:1,pop_queue",
      "000400300000000000150008000000020000001000000001ffff000000000000ffff0"
      "010000023200005000000000000" },
    { 14, "tcp", "enqueue:1:2", "set_queue:2,output:1,pop_queue",
      "000400300000000000150008000000020000001000000001ffff000000000000ffff0"
      "010000023200005000000000000" },
    { 15, "tcp", "enqueue:1:2", "set_queue:2,output:1,pop_queue",
      "000400300000000000150008000000020000001000000001ffff000000000000ffff0"
      "010000023200005000000000000" },
    { 10, "tcp", "set_queue:3", "set_queue:3",
      "ffff0010000023200004000000000003" },
    { 11, "tcp", "set_queue:3", "set_queue:3",
      "00040010000000000015000800000003" },
    { 12, "tcp", "set_queue:3", "set_queue:3",
      "00040010000000000015000800000003" },
    { 13, "tcp", "set_queue:3", "set_queue:3",
      "00040010000000000015000800000003" },
    { 14, "tcp", "set_queue:3", "set_queue:3",
      "00040010000000000015000800000003" },
    { 15, "tcp", "set_queue:3", "set_queue:3",
      "00040010000000000015000800000003" },
    { 10, "tcp", "pop_queue", "pop_queue",
      "ffff0010000023200005000000000000" },
    { 11, "tcp", "pop_queue", "pop_queue",
      "0004001800000000ffff0010000023200005000000000000" },
    { 12, "tcp", "pop_queue", "pop_queue",
      "0004001800000000ffff0010000023200005000000000000" },
    { 13, "tcp", "pop_queue", "pop_queue",
      "0004001800000000ffff0010000023200005000000000000" },
    { 14, "tcp", "pop_queue", "pop_queue",
      "0004001800000000ffff0010000023200005000000000000" },
    { 15, "tcp", "pop_queue", "pop_queue",
      "0004001800000000ffff0010000023200005000000000000" },
    { 10, "tcp", "group:1", "group:1", "ffff0010000023200028000000000001" },
    { 11, "tcp", "group:1", "group:1", "00040010000000000016000800000001" },
    { 12, "tcp", "group:1", "group:1", "00040010000000000016000800000001" },
    { 13, "tcp", "group:1", "group:1", "00040010000000000016000800000001" },
    { 14, "tcp", "group:1", "group:1", "00040010000000000016000800000001" },
    { 15, "tcp", "group:1", "group:1", "00040010000000000016000800000001" },
    { 10, "tcp", "note:01.02", "note:01.02.00.00.00.00",
      "ffff0010000023200008010200000000" },
    { 11, "tcp", "note:01.02", "note:01.02.00.00.00.00",
      "0004001800000000ffff0010000023200008010200000000" },
    { 12, "tcp", "note:01.02", "note:01.02.00.00.00.00",
      "0004001800000000ffff0010000023200008010200000000" },
    { 13, "tcp", "note:01.02", "note:01.02.00.00.00.00",
      "0004001800000000ffff0010000023200008010200000000" },
    { 14, "tcp", "note:01.02", "note:01.02.00.00.00.00",
      "0004001800000000ffff0010000023200008010200000000" },
    { 15, "tcp", "note:01.02", "note:01.02.00.00.00.00",
      "0004001800000000ffff0010000023200008010200000000" },
    { 10, "tcp", "note:0102030405060708",
      "note:01.02.03.04.05.06.07.08.00.00.00.00.00.00",
      "ffff00180000232000080102030405060708000000000000" },
    { 11, "tcp", "note:0102030405060708",
      "note:01.02.03.04.05.06.07.08.00.00.00.00.00.00",
      "0004002000000000ffff00180000232000080102030405060708000000000000" },
    { 12, "tcp", "note:0102030405060708",
      "note:01.02.03.04.05.06.07.08.00.00.00.00.00.00",
      "0004002000000000ffff00180000232000080102030405060708000000000000" },
    { 13, "tcp", "note:0102030405060708",
      "note:01.02.03.04.05.06.07.08.00.00.00.00.00.00",
      "0004002000000000ffff00180000232000080102030405060708000000000000" },
    { 14, "tcp", "note:0102030405060708",
      "note:01.02.03.04.05.06.07.08.00.00.00.00.00.00",
      "0004002000000000ffff00180000232000080102030405060708000000000000" },
    { 15, "tcp", "note:0102030405060708",
      "note:01.02.03.04.05.06.07.08.00.00.00.00.00.00",
      "0004002000000000ffff00180000232000080102030405060708000000000000" },
    { 10, "tcp", "dec_ttl", "dec_ttl", "ffff0010000023200012000000000000" },
    { 11, "tcp", "dec_ttl", "dec_ttl", "00040010000000000018000800000000" },
    { 12, "tcp", "dec_ttl", "dec_ttl", "00040010000000000018000800000000" },
    { 13, "tcp", "dec_ttl", "dec_ttl", "00040010000000000018000800000000" },
    { 14, "tcp", "dec_ttl", "dec_ttl", "00040010000000000018000800000000" },
    { 15, "tcp", "dec_ttl", "dec_ttl", "00040010000000000018000800000000" },
    { 10, "tcp", "dec_ttl(1,2)", "dec_ttl(1,2)",
      "ffff00180000232000150002000000000001000200000000" },
    { 11, "tcp", "dec_ttl(1,2)", "dec_ttl(1,2)",
      "0004002000000000ffff00180000232000150002000000000001000200000000" },
    { 12, "tcp", "dec_ttl(1,2)", "dec_ttl(1,2)",
      "0004002000000000ffff00180000232000150002000000000001000200000000" },
    { 13, "tcp", "dec_ttl(1,2)", "dec_ttl(1,2)",
      "0004002000000000ffff00180000232000150002000000000001000200000000" },
    { 14, "tcp", "dec_ttl(1,2)", "dec_ttl(1,2)",
      "0004002000000000ffff00180000232000150002000000000001000200000000" },
    { 15, "tcp", "dec_ttl(1,2)", "dec_ttl(1,2)",
      "0004002000000000ffff00180000232000150002000000000001000200000000" },
    { 10, "tcp", "set_tunnel:5", "set_tunnel:0x5",
      "ffff0010000023200002000000000005" },
    { 11, "tcp", "set_tunnel:5", "set_tunnel:0x5",
      "0004001800000000ffff0010000023200002000000000005" },
    { 12, "tcp", "set_tunnel:5", "set_field:0x5->tun_id",
      "000400180000000000190010000120080000000000000005" },
    { 13, "tcp", "set_tunnel:5", "set_field:0x5->tun_id",
      "00040018000000000019001080004c080000000000000005" },
    { 14, "tcp", "set_tunnel:5", "set_field:0x5->tun_id",
      "00040018000000000019001080004c080000000000000005" },
    { 15, "tcp", "set_tunnel:5", "set_field:0x5->tun_id",
      "00040018000000000019001080004c080000000000000005" },
    { 10, "tcp", "set_tunnel64:5", "set_tunnel64:0x5",
      "ffff00180000232000090000000000000000000000000005" },
    { 11, "tcp", "set_tunnel64:5", "set_tunnel64:0x5",
      "0004002000000000ffff00180000232000090000000000000000000000000005" },
    { 12, "tcp", "set_tunnel64:5", "set_field:0x5->tun_id",
      "000400180000000000190010000120080000000000000005" },
    { 13, "tcp", "set_tunnel64:5", "set_field:0x5->tun_id",
      "00040018000000000019001080004c080000000000000005" },
    { 14, "tcp", "set_tunnel64:5", "set_field:0x5->tun_id",
      "00040018000000000019001080004c080000000000000005" },
    { 15, "tcp", "set_tunnel64:5", "set_field:0x5->tun_id",
      "00040018000000000019001080004c080000000000000005" },
    { 10, "tcp", "set_tunnel:0x123456789", "set_tunnel64:0x123456789",
      "ffff00180000232000090000000000000000000123456789" },
    { 11, "tcp", "set_tunnel:0x123456789", "set_tunnel64:0x123456789",
      "0004002000000000ffff00180000232000090000000000000000000123456789" },
    { 12, "tcp", "set_tunnel:0x123456789", "set_field:0x123456789->tun_id",
      "000400180000000000190010000120080000000123456789" },
    { 13, "tcp", "set_tunnel:0x123456789", "set_field:0x123456789->tun_id",
      "00040018000000000019001080004c080000000123456789" },
    { 14, "tcp", "set_tunnel:0x123456789", "set_field:0x123456789->tun_id",
      "00040018000000000019001080004c080000000123456789" },
    { 15, "tcp", "set_tunnel:0x123456789", "set_field:0x123456789->tun_id",
      "00040018000000000019001080004c080000000123456789" },
    { 10, "tcp", "goto_table:1", "resubmit(,1)",
      "ffff001000002320000efff801000000" },
    { 11, "tcp", "goto_table:1", "goto_table:1", "0001000801000000" },
    { 12, "tcp", "goto_table:1", "goto_table:1", "0001000801000000" },
    { 13, "tcp", "goto_table:1", "goto_table:1", "0001000801000000" },
    { 14, "tcp", "goto_table:1", "goto_table:1", "0001000801000000" },
    { 15, "tcp", "goto_table:1", "goto_table:1", "0001000801000000" },
    { 10, "tcp", "write_metadata:0x1/0xff", "write_metadata:0x1/0xff", "" },
    { 11, "tcp", "write_metadata:0x1/0xff", "write_metadata:0x1/0xff",
      "0002001800000000000000000000000100000000000000ff" },
    { 12, "tcp", "write_metadata:0x1/0xff", "write_metadata:0x1/0xff",
      "0002001800000000000000000000000100000000000000ff" },
    { 13, "tcp", "write_metadata:0x1/0xff", "write_metadata:0x1/0xff",
      "0002001800000000000000000000000100000000000000ff" },
    { 14, "tcp", "write_metadata:0x1/0xff", "write_metadata:0x1/0xff",
      "0002001800000000000000000000000100000000000000ff" },
    { 15, "tcp", "write_metadata:0x1/0xff", "write_metadata:0x1/0xff",
      "0002001800000000000000000000000100000000000000ff" },
    { 10, "tcp", "clear_actions", "drop", "" },
    { 11, "tcp", "clear_actions", "clear_actions", "0005000800000000" },
    { 12, "tcp", "clear_actions", "clear_actions", "0005000800000000" },
    { 13, "tcp", "clear_actions", "clear_actions", "0005000800000000" },
    { 14, "tcp", "clear_actions", "clear_actions", "0005000800000000" },
    { 15, "tcp", "clear_actions", "clear_actions", "0005000800000000" },
    { 10, "tcp", "write_actions(output:1)", "drop", "" },
    { 11, "tcp", "write_actions(output:1)", "write_actions(output:1)",
      "000300180000000000000010000000010000000000000000" },
    { 12, "tcp", "write_actions(output:1)", "write_actions(output:1)",
      "000300180000000000000010000000010000000000000000" },
    { 13, "tcp", "write_actions(output:1)", "write_actions(output:1)",
      "000300180000000000000010000000010000000000000000" },
    { 14, "tcp", "write_actions(output:1)", "write_actions(output:1)",
      "000300180000000000000010000000010000000000000000" },
    { 15, "tcp", "write_actions(output:1)", "write_actions(output:1)",
      "000300180000000000000010000000010000000000000000" },
    { 13, "tcp", "meter:1", "meter:1", "0006000800000001" },
    { 14, "tcp", "meter:1", "meter:1", "0006000800000001" },
    { 15, "tcp", "meter:1", "meter:1", "0004001000000000001d000800000001" },
    { 13, "tcp", "meter:1,output:1,goto_table:2",
      "meter:1,output:1,goto_table:2",
      "000600080000000100040018000000000000001000000001000000000000000000010"
      "00802000000" },
    { 14, "tcp", "meter:1,output:1,goto_table:2",
      "meter:1,output:1,goto_table:2",
      "000600080000000100040018000000000000001000000001000000000000000000010"
      "00802000000" },
    { 15, "tcp", "meter:1,output:1,goto_table:2",
      "meter:1,output:1,goto_table:2",
      "0004002000000000001d0008000000010000001000000001000000000000000000010"
      "00802000000" },
    { 11, "tcp",
      "output:1,clear_actions,write_actions(set_queue:1,output:2),write_meta"
      "data:0x10,goto_table:5",
      "output:1,clear_actions,write_actions(set_queue:1,output:2),write_meta"
      "data:0x10,goto_table:5",
      "000400180000000000000010000000010000000000000000000500080000000000030"
      "02000000000001500080000000100000010000000020000000000000000000200180000"
      "00000000000000000010ffffffffffffffff0001000805000000" },
    { 12, "tcp",
      "output:1,clear_actions,write_actions(set_queue:1,output:2),write_meta"
      "data:0x10,goto_table:5",
      "output:1,clear_actions,write_actions(set_queue:1,output:2),write_meta"
      "data:0x10,goto_table:5",
      "000400180000000000000010000000010000000000000000000500080000000000030"
      "02000000000001500080000000100000010000000020000000000000000000200180000"
      "00000000000000000010ffffffffffffffff0001000805000000" },
    { 13, "tcp",
      "output:1,clear_actions,write_actions(set_queue:1,output:2),write_meta"
      "data:0x10,goto_table:5",
      "output:1,clear_actions,write_actions(set_queue:1,output:2),write_meta"
      "data:0x10,goto_table:5",
      "000400180000000000000010000000010000000000000000000500080000000000030"
      "02000000000001500080000000100000010000000020000000000000000000200180000"
      "00000000000000000010ffffffffffffffff0001000805000000" },
    { 14, "tcp",
      "output:1,clear_actions,write_actions(set_queue:1,output:2),write_meta"
      "data:0x10,goto_table:5",
      "output:1,clear_actions,write_actions(set_queue:1,output:2),write_meta"
      "data:0x10,goto_table:5",
      "000400180000000000000010000000010000000000000000000500080000000000030"
      "02000000000001500080000000100000010000000020000000000000000000200180000"
      "00000000000000000010ffffffffffffffff0001000805000000" },
    { 15, "tcp",
      "output:1,clear_actions,write_actions(set_queue:1,output:2),write_meta"
      "data:0x10,goto_table:5",
      "output:1,clear_actions,write_actions(set_queue:1,output:2),write_meta"
      "data:0x10,goto_table:5",
      "000400180000000000000010000000010000000000000000000500080000000000030"
      "02000000000001500080000000100000010000000020000000000000000000200180000"
      "00000000000000000010ffffffffffffffff0001000805000000" },
    { 10, "tcp", "drop", "drop", "" },
    { 11, "tcp", "drop", "drop", "" },
    { 12, "tcp", "drop", "drop", "" },
    { 13, "tcp", "drop", "drop", "" },
    { 14, "tcp", "drop", "drop", "" },
    { 15, "tcp", "drop", "drop", "" },
    { 12, "ip", "set_field:10.0.0.0/255.0.0.0->ip_dst",
      "load:0xa->NXM_OF_IP_DST[24..31]",
      "0004002000000000ffff0018000023200007060700001004000000000000000a" },
    { 13, "ip", "set_field:10.0.0.0/255.0.0.0->ip_dst",
      "load:0xa->NXM_OF_IP_DST[24..31]",
      "0004002000000000ffff0018000023200007060700001004000000000000000a" },
    { 14, "ip", "set_field:10.0.0.0/255.0.0.0->ip_dst",
      "load:0xa->NXM_OF_IP_DST[24..31]",
      "0004002000000000ffff0018000023200007060700001004000000000000000a" },
    { 15, "ip", "set_field:10.0.0.0/255.0.0.0->ip_dst",
      "set_field:10.0.0.0/8->ip_dst",
      "000400180000000000190010800019080a000000ff000000" },
    { 10, "tcp", "move:NXM_NX_REG0[0..15]->NXM_OF_TCP_DST[]",
      "move:NXM_NX_REG0[0..15]->NXM_OF_TCP_DST[]",
      "ffff00180000232000060010000000000001000400001402" },
    { 11, "tcp", "move:NXM_NX_REG0[0..15]->NXM_OF_TCP_DST[]",
      "move:NXM_NX_REG0[0..15]->NXM_OF_TCP_DST[]",
      "0004002000000000ffff00180000232000060010000000000001000400001402" },
    { 12, "tcp", "move:NXM_NX_REG0[0..15]->NXM_OF_TCP_DST[]",
      "move:NXM_NX_REG0[0..15]->NXM_OF_TCP_DST[]",
      "0004002000000000ffff00180000232000060010000000000001000400001402" },
    { 13, "tcp", "move:NXM_NX_REG0[0..15]->NXM_OF_TCP_DST[]",
      "move:NXM_NX_REG0[0..15]->NXM_OF_TCP_DST[]",
      "0004002000000000ffff00180000232000060010000000000001000400001402" },
    { 14, "tcp", "move:NXM_NX_REG0[0..15]->NXM_OF_TCP_DST[]",
      "move:NXM_NX_REG0[0..15]->NXM_OF_TCP_DST[]",
      "0004002000000000ffff00180000232000060010000000000001000400001402" },
    { 15, "tcp", "move:NXM_NX_REG0[0..15]->NXM_OF_TCP_DST[]",
      "move:NXM_NX_REG0[0..15]->NXM_OF_TCP_DST[]",
      "0004002000000000001c001800100000000000000001000480001c0200000000" },
    { 10, "ipv6", "load:0x1->NXM_NX_IPV6_DST[0..15]",
      "load:0x1->NXM_NX_IPV6_DST[0..15]",
      "ffff0018000023200007000f000128100000000000000001" },
    { 11, "ipv6", "load:0x1->NXM_NX_IPV6_DST[0..15]",
      "load:0x1->NXM_NX_IPV6_DST[0..15]",
      "0004002000000000ffff0018000023200007000f000128100000000000000001" },
    { 12, "ipv6", "load:0x1->NXM_NX_IPV6_DST[0..15]",
      "load:0x1->NXM_NX_IPV6_DST[0..15]",
      "0004002000000000ffff0018000023200007000f000128100000000000000001" },
    { 13, "ipv6", "load:0x1->NXM_NX_IPV6_DST[0..15]",
      "load:0x1->NXM_NX_IPV6_DST[0..15]",
      "0004002000000000ffff0018000023200007000f000128100000000000000001" },
    { 14, "ipv6", "load:0x1->NXM_NX_IPV6_DST[0..15]",
      "load:0x1->NXM_NX_IPV6_DST[0..15]",
      "0004002000000000ffff0018000023200007000f000128100000000000000001" },
    { 15, "ipv6", "load:0x1->NXM_NX_IPV6_DST[0..15]",
      "set_field:::1/::ffff->ipv6_dst",
      "000400300000000000190028800037200000000000000000000000000000000100000"
      "00000000000000000000000ffff" },
    { 10, "tcp", "load:0xfe->NXM_NX_REG2[8..15],load:0->NXM_NX_REG3[]",
      "load:0xfe->NXM_NX_REG2[8..15],load:0->NXM_NX_REG3[]",
      "ffff001800002320000702070001040400000000000000feffff00180000232000070"
      "01f000106040000000000000000" },
    { 11, "tcp", "load:0xfe->NXM_NX_REG2[8..15],load:0->NXM_NX_REG3[]",
      "load:0xfe->NXM_NX_REG2[8..15],load:0->NXM_NX_REG3[]",
      "0004003800000000ffff001800002320000702070001040400000000000000feffff0"
      "018000023200007001f000106040000000000000000" },
    { 12, "tcp", "load:0xfe->NXM_NX_REG2[8..15],load:0->NXM_NX_REG3[]",
      "load:0xfe->NXM_NX_REG2[8..15],load:0->NXM_NX_REG3[]",
      "0004003800000000ffff001800002320000702070001040400000000000000feffff0"
      "018000023200007001f000106040000000000000000" },
    { 13, "tcp", "load:0xfe->NXM_NX_REG2[8..15],load:0->NXM_NX_REG3[]",
      "load:0xfe->NXM_NX_REG2[8..15],load:0->NXM_NX_REG3[]",
      "0004003800000000ffff001800002320000702070001040400000000000000feffff0"
      "018000023200007001f000106040000000000000000" },
    { 14, "tcp", "load:0xfe->NXM_NX_REG2[8..15],load:0->NXM_NX_REG3[]",
      "load:0xfe->NXM_NX_REG2[8..15],load:0->NXM_NX_REG3[]",
      "0004003800000000ffff001800002320000702070001040400000000000000feffff0"
      "018000023200007001f000106040000000000000000" },
    { 10, "tcp", "set_field:0->reg0", "load:0->NXM_NX_REG0[]", "" },
    { 12, "tcp", "set_field:00:00:00:00:00:00/01:00:00:00:00:00->eth_dst",
      "load:0->NXM_OF_ETH_DST[40]",
      "0004002000000000ffff00180000232000070a00000002060000000000000000" },
    { 13, "tcp", "set_field:00:00:00:00:00:00/01:00:00:00:00:00->eth_dst",
      "load:0->NXM_OF_ETH_DST[40]",
      "0004002000000000ffff00180000232000070a00000002060000000000000000" },
    { 14, "tcp", "set_field:00:00:00:00:00:00/01:00:00:00:00:00->eth_dst",
      "load:0->NXM_OF_ETH_DST[40]",
      "0004002000000000ffff00180000232000070a00000002060000000000000000" },
    { 15, "tcp", "set_field:00:00:00:00:00:00/01:00:00:00:00:00->eth_dst",
      "set_field:00:00:00:00:00:00/01:00:00:00:00:00->eth_dst",
      "0004002000000000001900188000070c00000000000001000000000000000000" },
    { 10, "tcp", "controller(max_len=0)", "CONTROLLER:0", "00000008fffd0000" },
    { 11, "tcp", "controller(max_len=0)", "CONTROLLER:0",
      "000400180000000000000010fffffffd0000000000000000" },
    { 12, "tcp", "controller(max_len=0)", "CONTROLLER:0",
      "000400180000000000000010fffffffd0000000000000000" },
    { 13, "tcp", "controller(max_len=0)", "CONTROLLER:0",
      "000400180000000000000010fffffffd0000000000000000" },
    { 14, "tcp", "controller(max_len=0)", "CONTROLLER:0",
      "000400180000000000000010fffffffd0000000000000000" },
    { 15, "tcp", "controller(max_len=0)", "CONTROLLER:0",
      "000400180000000000000010fffffffd0000000000000000" },
    { 10, "tcp", "controller(reason=action,id=0,max_len=10)", "CONTROLLER:10",
      "00000008fffd000a" },
    { 11, "tcp", "controller(reason=action,id=0,max_len=10)", "CONTROLLER:10",
      "000400180000000000000010fffffffd000a000000000000" },
    { 12, "tcp", "controller(reason=action,id=0,max_len=10)", "CONTROLLER:10",
      "000400180000000000000010fffffffd000a000000000000" },
    { 13, "tcp", "controller(reason=action,id=0,max_len=10)", "CONTROLLER:10",
      "000400180000000000000010fffffffd000a000000000000" },
    { 14, "tcp", "controller(reason=action,id=0,max_len=10)", "CONTROLLER:10",
      "000400180000000000000010fffffffd000a000000000000" },
    { 15, "tcp", "controller(reason=action,id=0,max_len=10)", "CONTROLLER:10",
      "000400180000000000000010fffffffd000a000000000000" },
    { 10, "tcp", "mod_nw_tos:252,mod_nw_ecn:3,mod_nw_ttl:0",
      "mod_nw_tos:252,load:0x3->NXM_NX_IP_ECN[],load:0->NXM_NX_IP_TTL[]",
      "00080008fc000000ffff00180000232000070001000138010000000000000003ffff0"
      "018000023200007000700013a010000000000000000" },
    { 11, "tcp", "mod_nw_tos:252,mod_nw_ecn:3,mod_nw_ttl:0",
      "mod_nw_tos:252,mod_nw_ecn:3,mod_nw_ttl:0",
      "000400200000000000070008fc00000000080008030000000017000800000000" },
    { 12, "tcp", "mod_nw_tos:252,mod_nw_ecn:3,mod_nw_ttl:0",
      "set_field:63->ip_dscp,set_field:3->nw_ecn,mod_nw_ttl:0",
      "000400300000000000190010800010013f00000000000000001900108000120103000"
      "000000000000017000800000000" },
    { 13, "tcp", "mod_nw_tos:252,mod_nw_ecn:3,mod_nw_ttl:0",
      "set_field:63->ip_dscp,set_field:3->nw_ecn,mod_nw_ttl:0",
      "000400300000000000190010800010013f00000000000000001900108000120103000"
      "000000000000017000800000000" },
    { 14, "tcp", "mod_nw_tos:252,mod_nw_ecn:3,mod_nw_ttl:0",
      "set_field:63->ip_dscp,set_field:3->nw_ecn,mod_nw_ttl:0",
      "000400300000000000190010800010013f00000000000000001900108000120103000"
      "000000000000017000800000000" },
    { 15, "tcp", "mod_nw_tos:252,mod_nw_ecn:3,mod_nw_ttl:0",
      "set_field:63->ip_dscp,set_field:3->nw_ecn,mod_nw_ttl:0",
      "000400300000000000190010800010013f00000000000000001900108000120103000"
      "000000000000017000800000000" },
    { 10, "ipv6", "mod_nw_tos:8", "mod_nw_tos:8", "0008000808000000" },
    { 11, "ipv6", "mod_nw_tos:8", "mod_nw_tos:8",
      "00040010000000000007000808000000" },
    { 12, "ipv6", "mod_nw_tos:8", "set_field:2->ip_dscp",
      "000400180000000000190010800010010200000000000000" },
    { 13, "ipv6", "mod_nw_tos:8", "set_field:2->ip_dscp",
      "000400180000000000190010800010010200000000000000" },
    { 14, "ipv6", "mod_nw_tos:8", "set_field:2->ip_dscp",
      "000400180000000000190010800010010200000000000000" },
    { 15, "ipv6", "mod_nw_tos:8", "set_field:2->ip_dscp",
      "000400180000000000190010800010010200000000000000" },
    { 10, "tcp", "output:65279,output:1,resubmit(65279,0)",
      "output:65279,output:1,resubmit(65279,0)",
      "00000008feff00000000000800010000ffff001000002320000efeff00000000" },
    { 11, "tcp", "output:65279,output:1,resubmit(65279,0)",
      "output:65279,output:1,resubmit(65279,0)",
      "0004003800000000000000100000feff0000000000000000000000100000000100000"
      "00000000000ffff001000002320000efeff00000000" },
    { 12, "tcp", "output:65279,output:1,resubmit(65279,0)",
      "output:65279,output:1,resubmit(65279,0)",
      "0004003800000000000000100000feff0000000000000000000000100000000100000"
      "00000000000ffff001000002320000efeff00000000" },
    { 13, "tcp", "output:65279,output:1,resubmit(65279,0)",
      "output:65279,output:1,resubmit(65279,0)",
      "0004003800000000000000100000feff0000000000000000000000100000000100000"
      "00000000000ffff001000002320000efeff00000000" },
    { 14, "tcp", "output:65279,output:1,resubmit(65279,0)",
      "output:65279,output:1,resubmit(65279,0)",
      "0004003800000000000000100000feff0000000000000000000000100000000100000"
      "00000000000ffff001000002320000efeff00000000" },
    { 15, "tcp", "output:65279,output:1,resubmit(65279,0)",
      "output:65279,output:1,resubmit(65279,0)",
      "0004003800000000000000100000feff0000000000000000000000100000000100000"
      "00000000000ffff001000002320000efeff00000000" },
    { 10, "tcp", "set_field:0x8000000000000000->metadata",
      "load:0x8000000000000000->OXM_OF_METADATA[]",
      "" },
    { 11, "tcp", "set_field:0x8000000000000000->metadata",
      "load:0x8000000000000000->OXM_OF_METADATA[]",
      "0004002000000000ffff0018000023200007003f800004088000000000000000" },
    { 12, "tcp", "set_field:0x8000000000000000->metadata",
      "set_field:0x8000000000000000->metadata",
      "000400180000000000190010800004088000000000000000" },
    { 13, "tcp", "set_field:0x8000000000000000->metadata",
      "set_field:0x8000000000000000->metadata",
      "000400180000000000190010800004088000000000000000" },
    { 14, "tcp", "set_field:0x8000000000000000->metadata",
      "set_field:0x8000000000000000->metadata",
      "000400180000000000190010800004088000000000000000" },
    { 15, "tcp", "set_field:0x8000000000000000->metadata",
      "set_field:0x8000000000000000->metadata",
      "000400180000000000190010800004088000000000000000" },
    { 10, "tcp", "set_field:1->pkt_mark", "load:0x1->NXM_NX_PKT_MARK[]", "" },
    { 12, "tcp", "set_field:1->pkt_mark", "set_field:0x1->pkt_mark",
      "000400180000000000190010000142040000000100000000" },
    { 13, "tcp", "set_field:1->pkt_mark", "set_field:0x1->pkt_mark",
      "000400180000000000190010000142040000000100000000" },
    { 14, "tcp", "set_field:1->pkt_mark", "set_field:0x1->pkt_mark",
      "000400180000000000190010000142040000000100000000" },
    { 15, "tcp", "set_field:1->pkt_mark", "set_field:0x1->pkt_mark",
      "000400180000000000190010000142040000000100000000" },
    { 10, "tcp", "note:", "note:00.00.00.00.00.00",
      "ffff0010000023200008000000000000" },
    { 11, "tcp", "note:", "note:00.00.00.00.00.00",
      "0004001800000000ffff0010000023200008000000000000" },
    { 12, "tcp", "note:", "note:00.00.00.00.00.00",
      "0004001800000000ffff0010000023200008000000000000" },
    { 13, "tcp", "note:", "note:00.00.00.00.00.00",
      "0004001800000000ffff0010000023200008000000000000" },
    { 14, "tcp", "note:", "note:00.00.00.00.00.00",
      "0004001800000000ffff0010000023200008000000000000" },
    { 15, "tcp", "note:", "note:00.00.00.00.00.00",
      "0004001800000000ffff0010000023200008000000000000" },
    { 10, "tcp",
      "write_actions(set_field:1.2.3.4->ip_src,mod_tp_dst:1,group:2)",
      "drop",
      "" },
    { 11, "tcp",
      "write_actions(set_field:1.2.3.4->ip_src,mod_tp_dst:1,group:2)",
      "write_actions(mod_nw_src:1.2.3.4,mod_tp_dst:1,group:2)",
      "00030020000000000005000801020304000a0008000100000016000800000002" },
    { 12, "tcp",
      "write_actions(set_field:1.2.3.4->ip_src,mod_tp_dst:1,group:2)",
      "write_actions(set_field:1.2.3.4->ip_src,set_field:1->tcp_dst,group:2)",
      "0003003000000000001900108000160401020304000000000019001080001c0200010"
      "000000000000016000800000002" },
    { 13, "tcp",
      "write_actions(set_field:1.2.3.4->ip_src,mod_tp_dst:1,group:2)",
      "write_actions(set_field:1.2.3.4->ip_src,set_field:1->tcp_dst,group:2)",
      "0003003000000000001900108000160401020304000000000019001080001c0200010"
      "000000000000016000800000002" },
    { 14, "tcp",
      "write_actions(set_field:1.2.3.4->ip_src,mod_tp_dst:1,group:2)",
      "write_actions(set_field:1.2.3.4->ip_src,set_field:1->tcp_dst,group:2)",
      "0003003000000000001900108000160401020304000000000019001080001c0200010"
      "000000000000016000800000002" },
    { 15, "tcp",
      "write_actions(set_field:1.2.3.4->ip_src,mod_tp_dst:1,group:2)",
      "write_actions(set_field:1.2.3.4->ip_src,set_field:1->tcp_dst,group:2)",
      "0003003000000000001900108000160401020304000000000019001080001c0200010"
      "000000000000016000800000002" },
    { 10, "dl_vlan=5", "mod_vlan_pcp:4,mod_vlan_vid:6",
      "mod_vlan_pcp:4,mod_vlan_vid:6",
      "00020008040000000001000800060000" },
    { 11, "dl_vlan=5", "mod_vlan_pcp:4,mod_vlan_vid:6",
      "set_vlan_pcp:4,set_vlan_vid:6",
      "000400180000000000020008040000000001000800060000" },
    { 12, "dl_vlan=5", "mod_vlan_pcp:4,mod_vlan_vid:6",
      "set_field:4->vlan_pcp,set_field:4102->vlan_vid",
      "00040028000000000019001080000e0104000000000000000019001080000c0210060"
      "00000000000" },
    { 13, "dl_vlan=5", "mod_vlan_pcp:4,mod_vlan_vid:6",
      "set_field:4->vlan_pcp,set_field:4102->vlan_vid",
      "00040028000000000019001080000e0104000000000000000019001080000c0210060"
      "00000000000" },
    { 14, "dl_vlan=5", "mod_vlan_pcp:4,mod_vlan_vid:6",
      "set_field:4->vlan_pcp,set_field:4102->vlan_vid",
      "00040028000000000019001080000e0104000000000000000019001080000c0210060"
      "00000000000" },
    { 15, "dl_vlan=5", "mod_vlan_pcp:4,mod_vlan_vid:6",
      "set_field:4->vlan_pcp,set_field:4102->vlan_vid",
      "00040028000000000019001080000e0104000000000000000019001080000c0210060"
      "00000000000" },
    { 13, "tcp", "meter:4294901760", "meter:4294901760", "00060008ffff0000" },
    { 14, "tcp", "meter:4294901760", "meter:4294901760", "00060008ffff0000" },
    { 15, "tcp", "meter:4294901760", "meter:4294901760",
      "0004001000000000001d0008ffff0000" },
    { 10, "tcp", "set_field:0x1/0x1->reg0,set_field:0x2/0x2->reg0",
      "load:0x1->NXM_NX_REG0[0],load:0x1->NXM_NX_REG0[1]",
      "" },
    { 12, "tcp", "set_field:0x1/0x1->reg0,set_field:0x2/0x2->reg0",
      "load:0x1->NXM_NX_REG0[0],load:0x1->NXM_NX_REG0[1]",
      "0004003800000000ffff00180000232000070000000100040000000000000001ffff0"
      "0180000232000070040000100040000000000000001" },
    { 13, "tcp", "set_field:0x1/0x1->reg0,set_field:0x2/0x2->reg0",
      "load:0x1->NXM_NX_REG0[0],load:0x1->NXM_NX_REG0[1]",
      "0004003800000000ffff00180000232000070000000100040000000000000001ffff0"
      "0180000232000070040000100040000000000000001" },
    { 14, "tcp", "set_field:0x1/0x1->reg0,set_field:0x2/0x2->reg0",
      "load:0x1->NXM_NX_REG0[0],load:0x1->NXM_NX_REG0[1]",
      "0004003800000000ffff00180000232000070000000100040000000000000001ffff0"
      "0180000232000070040000100040000000000000001" },
    { 15, "tcp", "set_field:0x1/0x1->reg0,set_field:0x2/0x2->reg0",
      "set_field:0x1/0x1->reg0,set_field:0x2/0x2->reg0",
      "000400280000000000190010000101080000000100000001001900100001010800000"
      "00200000002" },
    { 10, "ip", "set_field:0x3->nw_ecn", "load:0x3->NXM_NX_IP_ECN[]", "" },
    { 11, "ip", "set_field:0x3->nw_ecn", "mod_nw_ecn:3",
      "00040010000000000008000803000000" },
    { 12, "ip", "set_field:0x3->nw_ecn", "set_field:3->nw_ecn",
      "000400180000000000190010800012010300000000000000" },
    { 13, "ip", "set_field:0x3->nw_ecn", "set_field:3->nw_ecn",
      "000400180000000000190010800012010300000000000000" },
    { 14, "ip", "set_field:0x3->nw_ecn", "set_field:3->nw_ecn",
      "000400180000000000190010800012010300000000000000" },
    { 15, "ip", "set_field:0x3->nw_ecn", "set_field:3->nw_ecn",
      "000400180000000000190010800012010300000000000000" },
    { 10, "arp",
      "set_field:1->arp_op,set_field:1.1.1.1->arp_spa,set_field:00:00:00:00:"
      "00:01->arp_sha",
      "load:0x1->NXM_OF_ARP_OP[],load:0x1010101->NXM_OF_ARP_SPA[],load:0x1->"
      "NXM_NX_ARP_SHA[]",
      "" },
    { 12, "arp",
      "set_field:1->arp_op,set_field:1.1.1.1->arp_spa,set_field:00:00:00:00:"
      "00:01->arp_sha",
      "set_field:1->arp_op,set_field:1.1.1.1->arp_spa,set_field:00:00:00:00:"
      "00:01->arp_sha",
      "00040038000000000019001080002a0200010000000000000019001080002c0401010"
      "1010000000000190010800030060000000000010000" },
    { 13, "arp",
      "set_field:1->arp_op,set_field:1.1.1.1->arp_spa,set_field:00:00:00:00:"
      "00:01->arp_sha",
      "set_field:1->arp_op,set_field:1.1.1.1->arp_spa,set_field:00:00:00:00:"
      "00:01->arp_sha",
      "00040038000000000019001080002a0200010000000000000019001080002c0401010"
      "1010000000000190010800030060000000000010000" },
    { 14, "arp",
      "set_field:1->arp_op,set_field:1.1.1.1->arp_spa,set_field:00:00:00:00:"
      "00:01->arp_sha",
      "set_field:1->arp_op,set_field:1.1.1.1->arp_spa,set_field:00:00:00:00:"
      "00:01->arp_sha",
      "00040038000000000019001080002a0200010000000000000019001080002c0401010"
      "1010000000000190010800030060000000000010000" },
    { 15, "arp",
      "set_field:1->arp_op,set_field:1.1.1.1->arp_spa,set_field:00:00:00:00:"
      "00:01->arp_sha",
      "set_field:1->arp_op,set_field:1.1.1.1->arp_spa,set_field:00:00:00:00:"
      "00:01->arp_sha",
      "00040038000000000019001080002a0200010000000000000019001080002c0401010"
      "1010000000000190010800030060000000000010000" },
};

static uint8_t
of_version(int of)
{
    return of - 9;              /* 10 -> 0x01 ... 15 -> 0x06. */
}

static void
parse_match(const char *s, struct match *match)
{
    char *copy = xstrdup(s), *save = NULL;

    match_init_catchall(match);
    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        char *value = strchr(tok, '=');
        if (value) {
            *value++ = '\0';
        }
        char *error = match_parse_field(match, tok, value, NULL, NULL);
        if (error) {
            osw_test_fail(__FILE__, __LINE__, "%s: %s", s, error);
        }
    }
    free(copy);
}

static char *
hex_of(const void *p_, size_t n)
{
    const uint8_t *p = p_;
    char *s = xmalloc(2 * n + 1);
    for (size_t i = 0; i < n; i++) {
        sprintf(&s[2 * i], "%02x", p[i]);
    }
    s[2 * n] = '\0';
    return s;
}

/* Converts 'hex' into bytes in 'b' (cleared first). */
static void
put_hex(struct ofpbuf *b, const char *hex)
{
    ofpbuf_clear(b);
    for (const char *p = hex; *p; ) {
        if (*p == ' ') {
            p++;
            continue;
        }
        unsigned int byte;
        if (sscanf(p, "%2x", &byte) != 1) {
            osw_test_fail(__FILE__, __LINE__, "bad hex %s", hex);
        }
        uint8_t u = byte;
        ofpbuf_put(b, &u, 1);
        p += 2;
    }
}

static char *
format_ofpacts(const struct ofpbuf *ofpacts)
{
    struct ds s;
    ds_init(&s);
    ofpacts_format(ofpacts->data, ofpacts->size, NULL, NULL, &s);
    return ds_steal_cstr(&s);
}

/* Runs one row; returns true if it passed (printing why not). */
static bool
run_rt_case(const struct rt_case *c)
{
    uint8_t version = of_version(c->of);
    struct ofpbuf ofpacts, wire, decoded;
    struct match match;
    char *error, *text = NULL, *hex = NULL;
    bool ok = false;

    ofpbuf_init(&ofpacts, 64);
    ofpbuf_init(&wire, 64);
    ofpbuf_init(&decoded, 64);
    parse_match(c->match, &match);

    error = ofpacts_parse(c->actions, &ofpacts, NULL, NULL);
    if (error) {
        printf("OF%d %s: parse error %s\n", c->of, c->actions, error);
        free(error);
        goto out;
    }
    enum ofperr err = ofpacts_check(ofpacts.data, ofpacts.size, &match,
                                    OFPP_MAX, 0, 255);
    if (err) {
        printf("OF%d %s: check error %s\n", c->of, c->actions,
               ofperr_get_name(err));
        goto out;
    }
    ofpacts_put_openflow_instructions(ofpacts.data, ofpacts.size, &wire,
                                      version);
    hex = hex_of(wire.data, wire.size);
    if (c->hex[0] && strcmp(hex, c->hex)) {
        printf("OF%d %s: encoded\n  %s\nexpected\n  %s\n", c->of,
               c->actions, hex, c->hex);
        goto out;
    }
    err = ofpacts_pull_openflow_instructions(&wire, wire.size, version,
                                             &decoded);
    if (err) {
        printf("OF%d %s: decode error %s (%s)\n", c->of, c->actions,
               ofperr_get_name(err), hex);
        goto out;
    }
    if (wire.size) {
        printf("OF%d %s: %zu bytes left\n", c->of, c->actions, wire.size);
        goto out;
    }
    text = format_ofpacts(&decoded);
    if (strcmp(text, c->expected)) {
        printf("OF%d %s: printed\n  %s\nexpected\n  %s\n", c->of,
               c->actions, text, c->expected);
        goto out;
    }
    ok = true;

out:
    free(text);
    free(hex);
    ofpbuf_uninit(&ofpacts);
    ofpbuf_uninit(&wire);
    ofpbuf_uninit(&decoded);
    return ok;
}

static void
run_rt_version(int of)
{
    int n = 0, failed = 0;
    for (size_t i = 0; i < ARRAY_SIZE(rt_cases); i++) {
        if (rt_cases[i].of == of) {
            n++;
            failed += !run_rt_case(&rt_cases[i]);
        }
    }
    CHECK(n > 0);
    CHECK_EQ(failed, 0);
}

OSW_TEST(roundtrip_of10) { run_rt_version(10); }
OSW_TEST(roundtrip_of11) { run_rt_version(11); }
OSW_TEST(roundtrip_of12) { run_rt_version(12); }
OSW_TEST(roundtrip_of13) { run_rt_version(13); }
OSW_TEST(roundtrip_of14) { run_rt_version(14); }
OSW_TEST(roundtrip_of15) { run_rt_version(15); }


/* ---- Decoding known bytes. ---- */

struct decode_case {
    int of;
    bool instructions;
    const char *hex;
    const char *expected;       /* Text, or "OFPERR_NAME" for an error. */
};

static const struct decode_case decode_cases[] = {
    /* From ovs-ofctl's flow_mods. */
    { 10, false, "000a00080050000000000008fffa0000", "mod_tp_dst:80,NORMAL" },
    { 13, true, "00040028000000000019001080001c0200500000000000000000"
      "0010fffffffa0000000000000000", "set_field:80->tcp_dst,NORMAL" },
    { 15, true, "0004002000000000001d0008000000010000001000000001"
      "0000000000000000", "meter:1,output:1" },
    { 13, true, "0006000800000001000400180000000000000010000000010000"
      "000000000000", "meter:1,output:1" },
    { 13, true, "000200180000000000000000000000010000000000000"
      "0ff0001000803000000", "write_metadata:0x1/0xff,goto_table:3" },
    /* Instructions out of order on the wire still decode in execution
     * order. */
    { 13, true, "0001000803000000000600080000000700040018000000000000"
      "0010000000010000000000000000", "meter:7,output:1,goto_table:3" },
    /* Checked with "ovs-ofctl parse-actions". */
    { 10, false, "ffff0020000023200025000000000000"
      "0000000600640000" "0001000600030000",
      "controller(max_len=100,id=3)" },
    { 10, false, "ffff0020000023200025000000000000"
      "0000000800640000" "0001000800030000",
      "controller(max_len=100,id=3)" },
    { 10, false, "ffff0018000023200025000000000000" "0002000500000000",
      "controller(reason=no_match)" },
    { 10, false, "ffff00100000232000218000" "0c021005",
      "set_field:4101->vlan_vid" },
    { 11, false, "0001000800050000", "set_vlan_vid:5" },
    { 15, false, "001c00180004000000040000000100040001020400000000",
      "move:NXM_NX_REG0[0..3]->NXM_NX_REG1[4..7]" },
    { 10, false, "ffff001000002320000efff801000000", "resubmit(,1)" },
    { 10, false, "ffff00100000232000010003 00000000", "resubmit:3" },
    { 10, false, "ffff0010000023200028000000000001", "group:1" },
    { 10, false, "ffff0010000023200004000000000003", "set_queue:3" },
    { 10, false, "ffff00180000232000150002000000000001000200000000",
      "dec_ttl(1,2)" },
    { 10, false, "ffff0010000023200014006400030100",
      "controller(max_len=100,id=3)" },
    { 10, false, "000b0010fffe000000000000 00000007", "enqueue:LOCAL:7" },
    { 10, false, "0000000800020000" "000300080000 0000",
      "output:2,strip_vlan" },
    { 13, false, "00000010fffffffd00800000 00000000", "CONTROLLER:128" },
    { 13, false, "00000010fffffffe00000000 00000000", "LOCAL" },
    { 13, false, "0011000888a80000" "0012000800000000",
      "push_vlan:0x88a8,pop_vlan" },
    { 13, false, "000b000800000000" "000c000800000000" "0018000800000000",
      "copy_ttl_out,copy_ttl_in,dec_ttl" },
    { 13, false, "0017000840000000", "mod_nw_ttl:64" },
    { 15, false, "001d000800000009", "meter:9" },
    { 10, false, "", "drop" },
    { 13, true, "", "drop" },
    { 13, true, "0004000800000000", "drop" },

    /* Lengths. */
    { 10, false, "0000000400020000", "OFPBAC_BAD_LEN" },
    { 10, false, "0000001000020000", "OFPBAC_BAD_LEN" },
    { 10, false, "0000000c00020000 00000000 00000000", "OFPBAC_BAD_LEN" },
    { 10, false, "0000001000020000 0000000000000000", "OFPBAC_BAD_LEN" },
    { 10, false, "0000000000020000", "OFPBAC_BAD_LEN" },
    { 10, false, "0004000800000000", "OFPBAC_BAD_LEN" },
    { 13, false, "0000000800000002", "OFPBAC_BAD_LEN" },
    { 10, false, "ffff000800002320", "OFPBAC_BAD_LEN" },
    { 10, false, "ffff00180000232000010003000000000000000000000000",
      "OFPBAC_BAD_LEN" },
    { 10, false, "ffff00100000232000150003 00000000", "OFPBAC_BAD_LEN" },
    { 10, false, "ffff0018000023200025000000000000 0000000a00640000",
      "OFPBPC_BAD_LEN" },
    { 10, false, "ffff0018000023200025000000000000 0000000500640000",
      "OFPBPC_BAD_LEN" },
    { 13, false, "0019000800000000", "OFPBAC_BAD_SET_LEN" },
    { 13, false, "0019001080000605 0a0b0c0d0e000000", "OFPBAC_BAD_SET_LEN" },
    { 13, false, "0019001880000606 0a0b0c0d0e0f0000 0000000000000000",
      "OFPBAC_BAD_SET_LEN" },
    { 13, true, "0004000400000000", "OFPBIC_BAD_LEN" },
    { 13, true, "0001001003000000 0000000000000000", "OFPBIC_BAD_LEN" },
    { 13, true, "0004001000000000", "OFPBIC_BAD_LEN" },
    { 13, true, "0002001000000000 0000000000000001", "OFPBIC_BAD_LEN" },

    /* Types. */
    { 10, false, "000c000800000000", "OFPBAC_BAD_TYPE" },
    { 13, false, "0001000800050000", "set_vlan_vid:5" },
    { 14, false, "0004001000000000 0002000000000000",
      "mod_dl_dst:00:00:00:00:00:02" },
    { 13, true, "0006000800000000", "OFPMMFC_INVALID_METER" },
    { 13, true, "00060008ffff0001", "OFPMMFC_INVALID_METER" },
    { 15, false, "001d000800000000", "OFPMMFC_INVALID_METER" },
    { 13, false, "0019001080000c02 0107000000000000",
      "OFPBAC_BAD_SET_ARGUMENT" },
    { 15, false, "0019001000010308 00000105 0000000f",
      "OFPBAC_BAD_SET_ARGUMENT" },
    { 15, false, "0019001000010308 00000000 00000000",
      "OFPBAC_BAD_SET_ARGUMENT" },
    { 15, false, "0019001000010308 00000005 0000000f",
      "set_field:0x5/0xf->reg1" },
    { 10, false, "ffff0018000023200007000300010004 0000000000000000",
      "load:0->NXM_NX_REG0[0..3]" },
    { 13, false, "000f000840000000", "set_mpls_ttl(64)" },
    { 13, false, "0010000800000000", "dec_mpls_ttl" },
    { 13, false, "0013000888470000", "push_mpls:0x8847" },
    { 13, false, "0014000808000000", "pop_mpls:0x0800" },
    { 13, false, "0013000808000000", "OFPBAC_BAD_ARGUMENT" },
    { 13, false, "0013000c88470000", "OFPBAC_BAD_LEN" },
    { 13, false, "000d000800100000", "OFPBAC_BAD_ARGUMENT" },
    { 13, false, "000e000808000000", "OFPBAC_BAD_ARGUMENT" },
    { 11, false, "000d00080000000a", "set_mpls_label(10)" },
    { 11, false, "000e000807000000", "set_mpls_tc(7)" },
    { 10, false, "ffff001000002320001e0000000fffff",
      "set_mpls_label(1048575)" },
    { 10, false, "ffff00100000232000170800 00000000",
      "OFPBAC_BAD_ARGUMENT" },
    { 10, false, "ffff001000002320001a0000 00000000", "dec_mpls_ttl" },
    { 13, false, "0019001080004801 0100000000000000",
      "OFPBAC_BAD_SET_TYPE" },
    { 13, false, "001d000800000001", "OFPBAC_BAD_TYPE" },
    { 11, false, "0019001080000c02 1005000000000000", "OFPBAC_BAD_TYPE" },
    { 10, false, "ffff001000001234 0000000000000000", "OFPBAC_BAD_VENDOR" },
    { 13, false, "ffff001000001234 0000000000000000", "OFPBAC_BAD_VENDOR" },
    { 10, false, "ffff001000002320 0063000000000000",
      "OFPBAC_BAD_VENDOR_TYPE" },
    { 13, true, "0007000800000000", "OFPBIC_UNKNOWN_INST" },
    { 12, true, "0006000800000001", "OFPBIC_UNKNOWN_INST" },
    { 13, true, "ffff000800002320", "OFPBIC_BAD_EXPERIMENTER" },
    { 13, true, "0004000800000000 0004000800000000", "OFPBIC_DUP_INST" },
    { 13, true, "0001000801000000 0001000802000000", "OFPBIC_DUP_INST" },

    /* Ports. */
    { 10, false, "0000000800000000", "OFPBAC_BAD_OUT_PORT" },
    { 10, false, "00000008ff000000", "OFPBAC_BAD_OUT_PORT" },
    { 10, false, "00000008fff70000", "OFPBAC_BAD_OUT_PORT" },
    { 10, false, "00000008ffff0000", "OFPBAC_BAD_OUT_PORT" },
    { 13, false, "0000001000000000 0000000000000000", "OFPBAC_BAD_OUT_PORT" },
    { 13, false, "00000010ffffff00 0000000000000000", "OFPBAC_BAD_OUT_PORT" },
    { 13, false, "00000010fffffff7 0000000000000000", "OFPBAC_BAD_OUT_PORT" },
    { 13, false, "00000010ffffffff 0000000000000000", "OFPBAC_BAD_OUT_PORT" },
    { 13, false, "0000001000010002 0000000000000000", "OFPBAC_BAD_OUT_PORT" },
    { 10, false, "000b0010fffd000000000000 00000007",
      "OFPBAC_BAD_OUT_PORT" },

    /* Values. */
    { 10, false, "0001000810000000", "OFPBAC_BAD_ARGUMENT" },
    { 10, false, "0002000808000000", "OFPBAC_BAD_ARGUMENT" },
    { 10, false, "0008000805000000", "OFPBAC_BAD_ARGUMENT" },
    { 11, false, "0008000804000000", "OFPBAC_BAD_ARGUMENT" },
    { 13, false, "0011000808000000", "OFPBAC_BAD_ARGUMENT" },
    { 10, false, "ffff00100000232000060000 00000000", "OFPBAC_BAD_LEN" },
    { 10, false, "ffff001800002320000600000000000000010004 00010204",
      "OFPBAC_BAD_ARGUMENT" },
    { 10, false, "ffff001800002320000600210000000000010004 00010204",
      "OFPBAC_BAD_ARGUMENT" },
    { 10, false, "ffff001800002320000600040000000000010004 7fff0004",
      "OFPBAC_BAD_ARGUMENT" },
    { 10, false, "ffff0018000023200007000300010004 0000000000000010",
      "OFPBAC_BAD_ARGUMENT" },
    { 10, false, "ffff0018000023200007078300010004 0000000000000001",
      "OFPBAC_BAD_ARGUMENT" },
    { 10, false, "ffff0018000023200007001f7fff0004 0000000000000001",
      "OFPBAC_BAD_SET_TYPE" },
    { 13, false, "0019001080000c02 2005000000000000",
      "OFPBAC_BAD_SET_ARGUMENT" },
    { 13, false, "0019001080000d04 1005 1fff 00000000",
      "OFPBAC_BAD_SET_ARGUMENT" },
    { 13, false, "0019001080000c02 1005000000000001",
      "OFPBAC_BAD_SET_ARGUMENT" },
    { 13, false, "001900108000fe02 0001000000000000", "OFPBAC_BAD_SET_TYPE" },
    { 13, false, "0019001080001401 0600000000000000", "OFPBAC_BAD_SET_TYPE" },
    { 10, false, "ffff0018000023200025000000000000 0004000400000000",
      "OFPBPC_BAD_VALUE" },
    { 10, false, "ffff0018000023200025000000000000 0063000400000000",
      "OFPBPC_BAD_TYPE" },
    { 10, false, "ffff0018000023200025000000000000 0002000500000000",
      "controller(reason=no_match)" },
    { 13, false, "00190010ffff0204 0001000000000000", "OFPBAC_BAD_SET_TYPE" },
    { 10, false, "ffff001000002320000e0001 02010000",
      "OFPBAC_BAD_ARGUMENT" },
    { 13, true, "0004001800000000 0000001000000000 0000000000000000",
      "OFPBAC_BAD_OUT_PORT" },
    { 13, true, "0003001000000000 000f000800000000",
      "write_actions(set_mpls_ttl(0))" },
    { 13, true, "0003001000000000 001a000888e70000", "OFPBAC_BAD_TYPE" },
};

static const char *
decode_hex(int of, bool instructions, const char *hex, enum ofperr *errorp)
{
    static char *text;
    struct ofpbuf raw, ofpacts;
    uint8_t version = of_version(of);

    ofpbuf_init(&raw, 64);
    ofpbuf_init(&ofpacts, 64);
    put_hex(&raw, hex);

    /* An exact-size heap copy, so that valgrind and ASAN catch any read
     * past the end. */
    void *copy = xmemdup(raw.data, raw.size);
    struct ofpbuf b;
    ofpbuf_use_const(&b, copy, raw.size);

    *errorp = (instructions
               ? ofpacts_pull_openflow_instructions(&b, b.size, version,
                                                    &ofpacts)
               : ofpacts_pull_openflow_actions(&b, b.size, version,
                                               &ofpacts));
    free(text);
    text = NULL;
    if (!*errorp) {
        CHECK_EQ(b.size, 0);
        text = format_ofpacts(&ofpacts);
    } else {
        /* Nothing is left behind on error. */
        CHECK_EQ(ofpacts.size, 0);
        CHECK_EQ(b.size, raw.size);
    }
    free(copy);
    ofpbuf_uninit(&raw);
    ofpbuf_uninit(&ofpacts);
    return text;
}

OSW_TEST(decode_known_bytes)
{
    int failed = 0;

    for (size_t i = 0; i < ARRAY_SIZE(decode_cases); i++) {
        const struct decode_case *c = &decode_cases[i];
        enum ofperr error;
        const char *text = decode_hex(c->of, c->instructions, c->hex,
                                      &error);
        const char *got = error ? ofperr_get_name(error) : text;
        if (strcmp(got, c->expected)) {
            printf("OF%d %s %s: got %s, expected %s\n", c->of,
                   c->instructions ? "instructions" : "actions", c->hex,
                   got, c->expected);
            failed++;
        }
    }
    decode_hex(10, false, "", &(enum ofperr) { 0 });
    CHECK_EQ(failed, 0);
}

/* Every prefix of valid encodings (cut at any byte, including inside the
 * length field) must fail cleanly, never read past the buffer. */
OSW_TEST(decode_truncated)
{
    for (size_t i = 0; i < ARRAY_SIZE(rt_cases); i++) {
        const struct rt_case *c = &rt_cases[i];
        size_t n = strlen(c->hex) / 2;
        for (size_t cut = 0; cut < n; cut++) {
            uint8_t version = of_version(c->of);
            struct ofpbuf raw, ofpacts, b;
            ofpbuf_init(&raw, 64);
            ofpbuf_init(&ofpacts, 64);
            put_hex(&raw, c->hex);
            void *copy = xmemdup(raw.data, cut);
            ofpbuf_use_const(&b, copy, cut);
            /* The declared length covers the whole thing: too long. */
            enum ofperr error = ofpacts_pull_openflow_instructions(
                &b, cut, version, &ofpacts);
            if (cut % 8 == 0 && cut && !error) {
                /* A prefix ending on an instruction boundary may be
                 * valid. */
            } else {
                CHECK(error != 0 || cut == 0);
            }
            free(copy);
            ofpbuf_uninit(&raw);
            ofpbuf_uninit(&ofpacts);
        }
    }
}

/* The declared list length must fit the message. */
OSW_TEST(decode_list_length)
{
    struct ofpbuf b, ofpacts;
    uint8_t bytes[8] = { 0, 0, 0, 8, 0, 2, 0, 0 };

    ofpbuf_init(&ofpacts, 64);
    ofpbuf_use_const(&b, bytes, sizeof bytes);
    CHECK_EQ(ofpacts_pull_openflow_actions(&b, 16, 1, &ofpacts),
             OFPERR_OFPBRC_BAD_LEN);
    CHECK_EQ(ofpacts_pull_openflow_actions(&b, 4, 1, &ofpacts),
             OFPERR_OFPBRC_BAD_LEN);
    CHECK_EQ(ofpacts_pull_openflow_instructions(&b, 16, 4, &ofpacts),
             OFPERR_OFPBIC_BAD_LEN);
    CHECK_EQ(ofpacts.size, 0);
    CHECK_EQ(b.size, 8);
    CHECK_EQ(ofpacts_pull_openflow_actions(&b, 8, 1, &ofpacts), 0);
    CHECK_EQ(b.size, 0);
    CHECK(ofpacts.size > 0);
    ofpbuf_uninit(&ofpacts);
}

/* ---- Text. ---- */

static void
check_parse_format(const char *in, const char *out)
{
    struct ofpbuf ofpacts;
    char *error, *text;

    ofpbuf_init(&ofpacts, 64);
    error = ofpacts_parse(in, &ofpacts, NULL, NULL);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", in, error);
    }
    text = format_ofpacts(&ofpacts);
    CHECK_STREQ(text, out);
    free(text);
    ofpbuf_uninit(&ofpacts);
}

OSW_TEST(parse_format)
{
    check_parse_format("", "drop");
    check_parse_format("drop", "drop");
    check_parse_format("output:2", "output:2");
    check_parse_format("2,3", "output:2,output:3");
    check_parse_format("output=2", "output:2");
    check_parse_format(" 1 , 2 ", "output:1,output:2");
    check_parse_format("NORMAL", "NORMAL");
    check_parse_format("normal", "NORMAL");
    check_parse_format("output:65534", "LOCAL");
    check_parse_format("output:4294967294", "LOCAL");
    check_parse_format("CONTROLLER", "CONTROLLER:65535");
    check_parse_format("controller", "CONTROLLER:65535");
    check_parse_format("CONTROLLER:128", "CONTROLLER:128");
    check_parse_format("controller(max_len=128)", "CONTROLLER:128");
    check_parse_format("controller(reason=no_match,max_len=5,id=2)",
                       "controller(reason=no_match,max_len=5,id=2)");
    check_parse_format("enqueue(1,2)", "enqueue:1:2");
    check_parse_format("enqueue:LOCAL:2", "enqueue:LOCAL:2");
    check_parse_format("resubmit:3", "resubmit:3");
    check_parse_format("resubmit(1,)", "resubmit:1");
    check_parse_format("resubmit(,2)", "resubmit(,2)");
    check_parse_format("resubmit(IN_PORT,2)", "resubmit(,2)");
    check_parse_format("mod_tp_dst:80", "mod_tp_dst:80");
    check_parse_format("mod_nw_tos:252", "mod_nw_tos:252");
    check_parse_format("mod_vlan_vid:4095,mod_vlan_pcp:7",
                       "mod_vlan_vid:4095,mod_vlan_pcp:7");
    check_parse_format("strip_vlan,pop_vlan", "strip_vlan,pop_vlan");
    check_parse_format("push_vlan:0x88a8", "push_vlan:0x88a8");
    check_parse_format("push_mpls:0x8847,pop_mpls:0x86dd",
                       "push_mpls:0x8847,pop_mpls:0x86dd");
    check_parse_format("push_mpls(34888),pop_mpls(0x8847)",
                       "push_mpls:0x8848,pop_mpls:0x8847");
    check_parse_format("set_mpls_label:1048575,set_mpls_tc(7)",
                       "set_mpls_label(1048575),set_mpls_tc(7)");
    check_parse_format("set_mpls_ttl:0,dec_mpls_ttl",
                       "set_mpls_ttl(0),dec_mpls_ttl");
    check_parse_format("copy_ttl_in,copy_ttl_out", "copy_ttl_in,copy_ttl_out");
    check_parse_format("set_field:7->mpls_label,set_field:9->mpls_ttl",
                       "set_field:7->mpls_label,set_field:9->mpls_ttl");
    check_parse_format("set_field:80->tp_dst", "set_field:80->tcp_dst");
    check_parse_format("load:0x1->NXM_NX_REG0[]", "load:0x1->NXM_NX_REG0[]");
    check_parse_format("load:0->NXM_NX_REG0[5]", "load:0->NXM_NX_REG0[5]");
    check_parse_format("load:0xffffffffffffffff->NXM_NX_IPV6_SRC[64..127]",
                       "load:0xffffffffffffffff->NXM_NX_IPV6_SRC[64..127]");
    check_parse_format("move:reg0[]->reg1[]",
                       "move:NXM_NX_REG0[]->NXM_NX_REG1[]");
    check_parse_format("dec_ttl,dec_ttl(0),dec_ttl(1,2,3)",
                       "dec_ttl,dec_ttl(0),dec_ttl(1,2,3)");
    check_parse_format("note:01.02", "note:01.02");
    check_parse_format("note:", "note:");
    check_parse_format("set_tunnel:0x10,set_tunnel64:0x10",
                       "set_tunnel:0x10,set_tunnel64:0x10");
    check_parse_format("copy_ttl_in,copy_ttl_out", "copy_ttl_in,copy_ttl_out");
    check_parse_format("set_queue:1,pop_queue,group:4294967295",
                       "set_queue:1,pop_queue,group:4294967295");
    check_parse_format("meter:1,output:1,clear_actions,"
                       "write_actions(mod_tp_dst:1,output:2),"
                       "write_metadata:0xf0/0xff,goto_table:254",
                       "meter:1,output:1,clear_actions,"
                       "write_actions(mod_tp_dst:1,output:2),"
                       "write_metadata:0xf0/0xff,goto_table:254");
    check_parse_format("write_metadata:0x1/0xffffffffffffffff",
                       "write_metadata:0x1");
}

static void
check_parse_error(const char *in)
{
    struct ofpbuf ofpacts;
    char *error;

    ofpbuf_init(&ofpacts, 64);
    ofpbuf_put_zeros(&ofpacts, 8);
    error = ofpacts_parse(in, &ofpacts, NULL, NULL);
    if (!error) {
        osw_test_fail(__FILE__, __LINE__, "%s: no error", in);
    }
    CHECK(strlen(error) > 0);
    /* What was there stays, nothing is added. */
    CHECK_EQ(ofpacts.size, 8);
    free(error);
    ofpbuf_uninit(&ofpacts);
}

OSW_TEST(parse_errors)
{
    static const char *const bad[] = {
        "output:", "output", "output:bogus", "output:65536",
        "output:4294967287", "frobnicate", "frob:1",
        "drop,output:1", "output:1,drop",
        "output:1,meter:1", "goto_table:1,output:1",
        "goto_table:1,goto_table:2", "clear_actions,clear_actions",
        "write_metadata:1,clear_actions",
        "write_actions(goto_table:1)", "write_actions(meter:1)",
        "goto_table:255", "goto_table:x",
        "mod_vlan_vid:4096", "mod_vlan_pcp:8", "mod_nw_tos:3",
        "mod_nw_tos:256", "mod_nw_ecn:4", "mod_nw_ttl:256",
        "mod_tp_dst:65536", "mod_tp_dst:-1", "mod_dl_src:1:2:3",
        "mod_nw_src:1.2.3", "mod_bogus:1",
        "push_vlan:0x800", "push_vlan", "set_field:1->nonexistent",
        "push_mpls:0x800", "push_mpls", "pop_mpls", "set_mpls_label:1048576",
        "set_mpls_tc:8", "set_mpls_ttl:256", "set_mpls_ttl",
        "set_field:1->mpls_bos",
        "set_field:1->nw_proto", "set_field:1", "set_field:x->tcp_dst",
        "load:0x10->NXM_NX_REG0[0..3]", "load:1->bogus[]",
        "load:1", "load:x->NXM_NX_REG0[]", "load:1->NXM_OF_IP_PROTO[]",
        "move:reg0[0..3]->reg1[0..4]", "move:reg0[]", "move:reg0[]->bogus[]",
        "move:reg0[0..7]->NXM_OF_IP_PROTO[]",
        "resubmit(,)", "resubmit:IN_PORT", "resubmit", "resubmit(1,255)",
        "controller(reason=bogus)", "controller(bogus=1)",
        "controller(max_len=65536)", "controller:x", "controller(pause)",
        "enqueue:1", "enqueue:1:x", "enqueue(1,2", "note:0g", "note:0",
        "dec_ttl()", "dec_ttl(x)", "set_tunnel:x", "group", "meter:x",
        "set_queue:4294967296", "write_metadata:x", "write_metadata:1/x",
        "output:1)", "(output:1",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        check_parse_error(bad[i]);
    }
}

static uint32_t
test_port_by_name(const char *name, void *aux)
{
    CHECK_EQ((uintptr_t) aux, 42);
    return !strcmp(name, "eth0") ? 7 : OFPP_NONE;
}

static const char *
test_port_name(uint32_t port, void *aux)
{
    CHECK_EQ((uintptr_t) aux, 42);
    return port == 7 ? "eth0" : NULL;
}

OSW_TEST(port_names)
{
    struct ofpbuf ofpacts;
    struct ds s;
    char *error;

    ofpbuf_init(&ofpacts, 64);
    ds_init(&s);
    error = ofpacts_parse("eth0,output:eth0,enqueue:eth0:1,output:8",
                          &ofpacts, test_port_by_name, (void *) 42);
    CHECK(!error);
    ofpacts_format(ofpacts.data, ofpacts.size, test_port_name, (void *) 42,
                   &s);
    CHECK_STREQ(ds_cstr(&s),
                "output:eth0,output:eth0,enqueue:eth0:1,output:8");
    error = ofpacts_parse("eth1", &ofpacts, test_port_by_name, (void *) 42);
    CHECK(error != NULL);
    free(error);
    ds_destroy(&s);
    ofpbuf_uninit(&ofpacts);
}

/* ---- ofpacts_check(). ---- */

static enum ofperr
check_actions(const char *match_s, const char *actions, uint16_t max_ports,
              uint8_t table_id, uint8_t n_tables)
{
    struct ofpbuf ofpacts;
    struct match match;
    char *error;

    ofpbuf_init(&ofpacts, 64);
    parse_match(match_s, &match);
    error = ofpacts_parse(actions, &ofpacts, NULL, NULL);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", actions, error);
    }
    enum ofperr e = ofpacts_check(ofpacts.data, ofpacts.size, &match,
                                  max_ports, table_id, n_tables);
    ofpbuf_uninit(&ofpacts);
    return e;
}

#define CHECK_ACTS(MATCH, ACTIONS, ERROR) \
    CHECK_EQ(check_actions(MATCH, ACTIONS, OFPP_MAX, 0, 255), ERROR)

OSW_TEST(check_prerequisites)
{
    enum ofperr inc = OFPERR_OFPBAC_MATCH_INCONSISTENT;

    CHECK_ACTS("tcp", "mod_tp_dst:80", 0);
    CHECK_ACTS("udp", "mod_tp_src:80", 0);
    CHECK_ACTS("sctp", "mod_tp_src:80", 0);
    CHECK_ACTS("tcp6", "mod_tp_dst:80", 0);
    CHECK_ACTS("ip", "mod_tp_dst:80", inc);
    CHECK_ACTS("icmp", "mod_tp_dst:80", inc);
    CHECK_ACTS("", "mod_tp_dst:80", inc);
    CHECK_ACTS("ip", "mod_nw_src:1.2.3.4", 0);
    CHECK_ACTS("ipv6", "mod_nw_src:1.2.3.4", inc);
    CHECK_ACTS("arp", "mod_nw_dst:1.2.3.4", inc);
    CHECK_ACTS("ipv6", "mod_nw_tos:4,mod_nw_ecn:1,mod_nw_ttl:3", 0);
    CHECK_ACTS("", "mod_nw_tos:4", inc);
    CHECK_ACTS("arp", "mod_nw_ecn:1", inc);
    CHECK_ACTS("", "mod_nw_ttl:1", inc);
    CHECK_ACTS("", "mod_dl_src:00:00:00:00:00:01,mod_vlan_vid:3", 0);
    CHECK_ACTS("tcp", "set_field:80->tcp_dst", 0);
    CHECK_ACTS("udp", "set_field:80->tcp_dst", inc);
    CHECK_ACTS("ip", "set_field:1.2.3.4->ip_dst", 0);
    CHECK_ACTS("", "set_field:1.2.3.4->ip_dst", inc);
    CHECK_ACTS("", "set_field:4101->vlan_vid", inc);
    CHECK_ACTS("dl_vlan=5", "set_field:4101->vlan_vid", 0);
    CHECK_ACTS("", "push_vlan:0x8100,set_field:4101->vlan_vid", 0);
    CHECK_ACTS("dl_vlan=5", "pop_vlan,set_field:4101->vlan_vid", inc);
    CHECK_ACTS("", "mod_vlan_vid:5,set_field:3->vlan_pcp", 0);
    CHECK_ACTS("tcp", "load:0x50->NXM_OF_TCP_DST[]", 0);
    CHECK_ACTS("ip", "load:0x50->NXM_OF_TCP_DST[]", inc);
    CHECK_ACTS("", "load:0x50->NXM_NX_REG3[0..7]", 0);
    CHECK_ACTS("tcp", "move:NXM_OF_TCP_SRC[]->NXM_OF_TCP_DST[]", 0);
    CHECK_ACTS("", "move:NXM_OF_TCP_SRC[]->NXM_OF_TCP_DST[]", inc);
    CHECK_ACTS("", "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]", 0);
    CHECK_ACTS("ip", "write_actions(mod_tp_dst:80)", inc);
    CHECK_ACTS("tcp", "write_actions(mod_tp_dst:80)", 0);

    /* MPLS: push makes the packet MPLS for what follows, pop makes it
     * what the pop says. */
    CHECK_ACTS("mpls", "set_mpls_ttl:3,dec_mpls_ttl,set_mpls_label:5", 0);
    CHECK_ACTS("mplsm", "set_field:5->mpls_label,set_field:1->mpls_tc", 0);
    CHECK_ACTS("ip", "set_mpls_ttl:3", inc);
    CHECK_ACTS("ip", "dec_mpls_ttl", inc);
    CHECK_ACTS("ip", "set_mpls_label:3", inc);
    CHECK_ACTS("", "set_field:5->mpls_label", inc);
    CHECK_ACTS("ip", "push_mpls:0x8847,set_field:5->mpls_label", 0);
    CHECK_ACTS("ip", "push_mpls:0x8847,set_field:1.2.3.4->ip_dst", inc);
    CHECK_ACTS("ip", "pop_mpls:0x0800", inc);
    CHECK_ACTS("mpls", "pop_mpls:0x0800,set_field:1.2.3.4->ip_dst", 0);
    CHECK_ACTS("mpls", "pop_mpls:0x0800,set_mpls_ttl:1", inc);
    CHECK_ACTS("tcp", "push_mpls:0x8847,pop_mpls:0x0800,mod_nw_ttl:3", 0);
}

OSW_TEST(check_ports_and_tables)
{
    enum ofperr bad_port = OFPERR_OFPBAC_BAD_OUT_PORT;

    CHECK_EQ(check_actions("", "output:4", 5, 0, 255), 0);
    CHECK_EQ(check_actions("", "output:5", 5, 0, 255), bad_port);
    CHECK_EQ(check_actions("", "output:0", OFPP_MAX, 0, 255), bad_port);
    CHECK_EQ(check_actions("", "output:65280", OFPP_MAX, 0, 255), bad_port);
    CHECK_EQ(check_actions("", "output:65279", OFPP_MAX, 0, 255), 0);
    CHECK_EQ(check_actions("", "output:NONE", OFPP_MAX, 0, 255), bad_port);
    CHECK_EQ(check_actions("", "LOCAL,IN_PORT,TABLE,NORMAL,FLOOD,ALL,"
                           "CONTROLLER", 5, 0, 255), 0);
    CHECK_EQ(check_actions("", "enqueue:4:1", 5, 0, 255), 0);
    CHECK_EQ(check_actions("", "enqueue:5:1", 5, 0, 255), bad_port);
    CHECK_EQ(check_actions("", "enqueue:FLOOD:1", 5, 0, 255), bad_port);
    CHECK_EQ(check_actions("", "write_actions(output:9)", 5, 0, 255),
             bad_port);
    CHECK_EQ(check_actions("", "goto_table:1", OFPP_MAX, 0, 255), 0);
    CHECK_EQ(check_actions("", "goto_table:1", OFPP_MAX, 1, 255),
             OFPERR_OFPBIC_BAD_TABLE_ID);
    CHECK_EQ(check_actions("", "goto_table:1", OFPP_MAX, 2, 255),
             OFPERR_OFPBIC_BAD_TABLE_ID);
    CHECK_EQ(check_actions("", "goto_table:5", OFPP_MAX, 0, 5),
             OFPERR_OFPBIC_BAD_TABLE_ID);
    CHECK_EQ(check_actions("", "goto_table:4", OFPP_MAX, 0, 5), 0);
    CHECK_EQ(check_actions("", "resubmit(,4)", OFPP_MAX, 0, 5), 0);
    CHECK_EQ(check_actions("", "resubmit(,5)", OFPP_MAX, 0, 5),
             OFPERR_OFPBRC_BAD_TABLE_ID);
    CHECK_EQ(check_actions("", "resubmit(,0)", OFPP_MAX, 3, 5), 0);
}

/* The check resolves mod_tp_* by protocol and remembers a VLAN tag, which
 * changes the OpenFlow 1.3 encoding as it does in Open vSwitch. */
OSW_TEST(check_resolves_for_encoding)
{
    struct ofpbuf ofpacts, wire, decoded;
    struct match match;
    char *error, *text;

    ofpbuf_init(&ofpacts, 64);
    ofpbuf_init(&wire, 64);
    ofpbuf_init(&decoded, 64);
    parse_match("sctp", &match);
    error = ofpacts_parse("mod_tp_src:9,mod_vlan_pcp:2", &ofpacts, NULL,
                          NULL);
    CHECK(!error);
    CHECK_EQ(ofpacts_check(ofpacts.data, ofpacts.size, &match, OFPP_MAX, 0,
                           255), 0);
    text = format_ofpacts(&ofpacts);
    CHECK_STREQ(text, "mod_tp_src:9,mod_vlan_pcp:2");
    free(text);
    ofpacts_put_openflow_instructions(ofpacts.data, ofpacts.size, &wire, 4);
    CHECK_EQ(ofpacts_pull_openflow_instructions(&wire, wire.size, 4,
                                                &decoded), 0);
    text = format_ofpacts(&decoded);
    CHECK_STREQ(text, "set_field:9->sctp_src,push_vlan:0x8100,"
                "set_field:2->vlan_pcp");
    free(text);
    ofpbuf_uninit(&ofpacts);
    ofpbuf_uninit(&wire);
    ofpbuf_uninit(&decoded);
}

/* ---- Other queries. ---- */

static void
parse_or_die(const char *s, struct ofpbuf *ofpacts)
{
    char *error = ofpacts_parse(s, ofpacts, NULL, NULL);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "%s: %s", s, error);
    }
}

OSW_TEST(queries)
{
    struct ofpbuf a, b;

    ofpbuf_init(&a, 64);
    ofpbuf_init(&b, 64);
    parse_or_die("output:1,enqueue:2:3,group:5,write_actions(output:9,"
                 "group:6),goto_table:3", &a);
    CHECK(ofpacts_output_to_port(a.data, a.size, 1));
    CHECK(ofpacts_output_to_port(a.data, a.size, 2));
    CHECK(ofpacts_output_to_port(a.data, a.size, 9));
    CHECK(!ofpacts_output_to_port(a.data, a.size, 3));
    CHECK(!ofpacts_output_to_port(a.data, a.size, OFPP_CONTROLLER));
    CHECK(ofpacts_output_to_group(a.data, a.size, 5));
    CHECK(ofpacts_output_to_group(a.data, a.size, 6));
    CHECK(!ofpacts_output_to_group(a.data, a.size, 1));

    const struct ofpact *g = ofpacts_find(a.data, a.size,
                                          OFPACT_GOTO_TABLE);
    CHECK(g != NULL);
    CHECK_EQ(((const struct ofpact_goto_table *) g)->table_id, 3);
    CHECK(!ofpacts_find(a.data, a.size, OFPACT_METER));
    const struct ofpact_nest *on = (const void *)
        ofpacts_find(a.data, a.size, OFPACT_WRITE_ACTIONS);
    CHECK(on != NULL);
    CHECK_EQ(ofpact_nest_get_action_len(on), 2 * OFPACT_ALIGN(
                 sizeof(struct ofpact_output)));

    parse_or_die("output:1,enqueue:2:3,group:5,write_actions(output:9,"
                 "group:6),goto_table:3", &b);
    CHECK(ofpacts_equal(a.data, a.size, b.data, b.size));
    ofpbuf_clear(&b);
    parse_or_die("output:1", &b);
    CHECK(!ofpacts_equal(a.data, a.size, b.data, b.size));
    CHECK(ofpacts_equal(NULL, 0, NULL, 0));

    ofpbuf_clear(&b);
    parse_or_die("CONTROLLER", &b);
    CHECK(ofpacts_output_to_port(b.data, b.size, OFPP_CONTROLLER));

    ofpbuf_uninit(&a);
    ofpbuf_uninit(&b);
}

OSW_TEST(fit_version)
{
    static const struct {
        const char *actions;
        bool of10, of11, of13;
    } cases[] = {
        { "output:1,mod_tp_dst:1,resubmit:1,note:01", true, true, true },
        { "group:1", true, true, true },
        { "push_vlan:0x8100", false, true, true },
        { "copy_ttl_in", false, true, true },
        { "meter:1", false, false, true },
        { "clear_actions", false, true, true },
        { "write_actions(output:1)", false, true, true },
        { "write_metadata:1,goto_table:1", true, true, true },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofpbuf a;
        ofpbuf_init(&a, 64);
        parse_or_die(cases[i].actions, &a);
        CHECK_EQ(ofpacts_fit_version(a.data, a.size, 1), cases[i].of10);
        CHECK_EQ(ofpacts_fit_version(a.data, a.size, 2), cases[i].of11);
        CHECK_EQ(ofpacts_fit_version(a.data, a.size, 4), cases[i].of13);
        ofpbuf_uninit(&a);
    }
}

/* Packet-out and group buckets use action lists in every version. */
OSW_TEST(action_lists)
{
    struct ofpbuf a, wire, decoded;
    char *text;

    for (uint8_t v = 1; v <= 6; v++) {
        ofpbuf_init(&a, 64);
        ofpbuf_init(&wire, 64);
        ofpbuf_init(&decoded, 64);
        parse_or_die("mod_dl_dst:00:00:00:00:00:02,output:3,set_queue:2,"
                     "IN_PORT", &a);
        ofpacts_put_openflow_actions(a.data, a.size, &wire, v);
        CHECK_EQ(wire.size % 8, 0);
        CHECK_EQ(ofpacts_pull_openflow_actions(&wire, wire.size, v,
                                               &decoded), 0);
        text = format_ofpacts(&decoded);
        CHECK_STREQ(text, (v <= 2
                           ? "mod_dl_dst:00:00:00:00:00:02,output:3,"
                             "set_queue:2,IN_PORT"
                           : "set_field:00:00:00:00:00:02->eth_dst,"
                             "output:3,set_queue:2,IN_PORT"));
        free(text);
        ofpbuf_uninit(&a);
        ofpbuf_uninit(&wire);
        ofpbuf_uninit(&decoded);
    }
}

/* Building ofpacts by hand, as other modules do. */
OSW_TEST(put_and_finish)
{
    struct ofpbuf ofpacts;
    struct ds s;

    ofpbuf_init(&ofpacts, 8);
    ds_init(&s);
    struct ofpact_output *o = OFPACT_PUT(OUTPUT, ofpact_output, &ofpacts);
    o->port = 5;
    ofpbuf_put_zeros(&ofpacts, OFPACT_ALIGN(o->ofpact.len) - o->ofpact.len);
    struct ofpact_note *n = OFPACT_PUT(NOTE, ofpact_note, &ofpacts);
    n->length = 40;
    for (int i = 0; i < 40; i++) {
        uint8_t byte = i;
        ofpbuf_put(&ofpacts, &byte, 1);     /* May move the buffer. */
    }
    ofpact_finish(&ofpacts, ofpacts.header);
    CHECK_EQ(ofpacts.size % OFPACT_ALIGNTO, 0);
    ofpacts_format(ofpacts.data, ofpacts.size, NULL, NULL, &s);
    CHECK(!strncmp(ds_cstr(&s), "output:5,note:00.01.02.", 23));
    CHECK(strstr(ds_cstr(&s), ".27") != NULL);
    ds_destroy(&s);
    ofpbuf_uninit(&ofpacts);
}

/* Without a match (group buckets), prerequisites are not checked, but
 * ports, tables and writability are. */
OSW_TEST(check_without_match)
{
    struct ofpbuf a;

    ofpbuf_init(&a, 64);
    parse_or_die("mod_tp_dst:80,set_field:80->tcp_dst,mod_nw_src:1.2.3.4,"
                 "move:NXM_OF_TCP_SRC[]->NXM_OF_TCP_DST[],pop_vlan,"
                 "set_field:4101->vlan_vid,mod_nw_ttl:4,"
                 "write_actions(mod_tp_src:1)", &a);
    CHECK_EQ(ofpacts_check(a.data, a.size, NULL, OFPP_MAX, 0, 255), 0);
    ofpbuf_clear(&a);
    parse_or_die("output:9", &a);
    CHECK_EQ(ofpacts_check(a.data, a.size, NULL, 5, 0, 255),
             OFPERR_OFPBAC_BAD_OUT_PORT);
    ofpbuf_clear(&a);
    parse_or_die("goto_table:2", &a);
    CHECK_EQ(ofpacts_check(a.data, a.size, NULL, 5, 2, 255),
             OFPERR_OFPBIC_BAD_TABLE_ID);
    ofpbuf_uninit(&a);
}

/* Fixed-size ofpacts whose size is not a multiple of 8, put back to
 * back by hand. */
OSW_TEST(put_unaligned)
{
    struct ofpbuf a;
    struct ds s;

    ofpbuf_init(&a, 0);
    ds_init(&s);
    for (int i = 0; i < 3; i++) {
        struct ofpact_controller *c = OFPACT_PUT(CONTROLLER,
                                                 ofpact_controller, &a);
        c->max_len = 100 + i;
        c->reason = 1;
        struct ofpact_goto_table *g = OFPACT_PUT(GOTO_TABLE,
                                                 ofpact_goto_table, &a);
        g->table_id = i;
    }
    ofpacts_format(a.data, a.size, NULL, NULL, &s);
    CHECK_STREQ(ds_cstr(&s), "CONTROLLER:100,goto_table:0,CONTROLLER:101,"
                "goto_table:1,CONTROLLER:102,goto_table:2");
    ds_destroy(&s);
    ofpbuf_uninit(&a);
}

/* What OpenFlow 1.0 cannot say is left out of its encoding. */
OSW_TEST(encode_skips_unencodable)
{
    struct ofpbuf a, wire, decoded;
    char *text;

    ofpbuf_init(&a, 64);
    ofpbuf_init(&wire, 64);
    ofpbuf_init(&decoded, 64);
    parse_or_die("meter:3,push_vlan:0x8100,copy_ttl_in,output:1,"
                 "clear_actions,write_actions(output:2)", &a);
    CHECK(!ofpacts_fit_version(a.data, a.size, 1));
    ofpacts_put_openflow_instructions(a.data, a.size, &wire, 1);
    CHECK_EQ(wire.size, 8);
    CHECK_EQ(ofpacts_pull_openflow_actions(&wire, wire.size, 1, &decoded),
             0);
    text = format_ofpacts(&decoded);
    CHECK_STREQ(text, "output:1");
    free(text);

    /* OpenFlow 1.1 and 1.2 have no meter. */
    ofpbuf_clear(&wire);
    ofpbuf_clear(&decoded);
    ofpacts_put_openflow_instructions(a.data, a.size, &wire, 3);
    CHECK_EQ(ofpacts_pull_openflow_instructions(&wire, wire.size, 3,
                                                &decoded), 0);
    text = format_ofpacts(&decoded);
    CHECK_STREQ(text, "push_vlan:0x8100,copy_ttl_in,output:1,"
                "clear_actions,write_actions(output:2)");
    free(text);
    ofpbuf_uninit(&a);
    ofpbuf_uninit(&wire);
    ofpbuf_uninit(&decoded);
}

/* Byte flips of valid encodings: whatever decodes must print, encode and
 * decode again; nothing may read outside the buffer. */
OSW_TEST(decode_mutations)
{
    static const uint8_t values[] = { 0x00, 0xff, 0x01, 0x80 };
    int n_ok = 0, n_err = 0;

    for (size_t i = 0; i < ARRAY_SIZE(rt_cases); i++) {
        const struct rt_case *c = &rt_cases[i];
        uint8_t version = of_version(c->of);
        struct ofpbuf raw;

        if (!c->hex[0]) {
            continue;
        }
        ofpbuf_init(&raw, 64);
        put_hex(&raw, c->hex);
        for (size_t pos = 0; pos < raw.size; pos++) {
            for (size_t v = 0; v < ARRAY_SIZE(values); v++) {
                uint8_t *copy = xmemdup(raw.data, raw.size);
                struct ofpbuf b, ofpacts, again;
                copy[pos] = values[v];
                ofpbuf_use_const(&b, copy, raw.size);
                ofpbuf_init(&ofpacts, 64);
                ofpbuf_init(&again, 64);
                if (!ofpacts_pull_openflow_instructions(&b, b.size, version,
                                                        &ofpacts)) {
                    char *text = format_ofpacts(&ofpacts);
                    ofpacts_put_openflow_instructions(ofpacts.data,
                                                      ofpacts.size, &again,
                                                      version);
                    struct ofpbuf d2;
                    ofpbuf_init(&d2, 64);
                    /* Encoding what decoded always decodes. */
                    CHECK_EQ(ofpacts_pull_openflow_instructions(
                                 &again, again.size, version, &d2), 0);
                    ofpbuf_uninit(&d2);
                    free(text);
                    n_ok++;
                } else {
                    n_err++;
                }
                ofpbuf_uninit(&ofpacts);
                ofpbuf_uninit(&again);
                free(copy);
            }
        }
        ofpbuf_uninit(&raw);
    }
    CHECK(n_ok > 100);
    CHECK(n_err > 100);
}

/* Text mutations: cut, doubled or replaced characters never crash the
 * parser, and whatever parses prints text that parses to the same
 * ofpacts. */
OSW_TEST(parse_mutations)
{
    static const char subst[] = ",:()=->[]0x.f ";
    int n_ok = 0, n_err = 0;

    for (size_t i = 0; i < ARRAY_SIZE(rt_cases); i += 6) {
        const char *orig = rt_cases[i].actions;
        size_t len = strlen(orig);
        for (size_t pos = 0; pos < len; pos++) {
            for (size_t k = 0; k <= strlen(subst); k++) {
                char *m = xmalloc(len + 2);
                if (k == strlen(subst)) {
                    /* Cut at 'pos'. */
                    memcpy(m, orig, pos);
                    m[pos] = '\0';
                } else {
                    strcpy(m, orig);
                    m[pos] = subst[k];
                }

                struct ofpbuf a, b;
                ofpbuf_init(&a, 64);
                ofpbuf_init(&b, 64);
                char *error = ofpacts_parse(m, &a, NULL, NULL);
                if (!error) {
                    char *text = format_ofpacts(&a);
                    error = ofpacts_parse(text, &b, NULL, NULL);
                    if (error) {
                        osw_test_fail(__FILE__, __LINE__, "%s -> %s: %s",
                                      m, text, error);
                    }
                    if (!ofpacts_equal(a.data, a.size, b.data, b.size)) {
                        osw_test_fail(__FILE__, __LINE__, "%s -> %s", m,
                                      text);
                    }
                    free(text);
                    n_ok++;
                } else {
                    free(error);
                    n_err++;
                }
                ofpbuf_uninit(&a);
                ofpbuf_uninit(&b);
                free(m);
            }
        }
    }
    CHECK(n_ok > 100);
    CHECK(n_err > 100);
}

/* An empty list may be a null pointer (a flow_mod without actions):
 * every function must take (NULL, 0) without pointer arithmetic on it
 * (UBSan checks that under --enable-asan). */
OSW_TEST(empty_null_list)
{
    const struct ofpact *a;
    size_t n = 0;
    OFPACT_FOR_EACH (a, NULL, 0) {
        n++;
    }
    CHECK_EQ(n, 0);
    CHECK(ofpact_end(NULL, 0) == NULL);

    struct ds s = DS_EMPTY_INITIALIZER;
    ofpacts_format(NULL, 0, NULL, NULL, &s);
    CHECK_STREQ(ds_cstr(&s), "drop");
    ds_destroy(&s);

    struct match m;
    match_init_catchall(&m);
    CHECK_EQ(ofpacts_check(NULL, 0, &m, 10, 0, 254), 0);
    CHECK(ofpacts_equal(NULL, 0, NULL, 0));
    CHECK(!ofpacts_output_to_port(NULL, 0, 1));
    CHECK(!ofpacts_output_to_group(NULL, 0, 1));
    CHECK(ofpacts_find(NULL, 0, OFPACT_OUTPUT) == NULL);
    static const uint8_t versions[] = { 0x01, 0x04, 0x05, 0x06 };
    for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
        struct ofpbuf b;
        ofpbuf_init(&b, 0);
        CHECK(ofpacts_fit_version(NULL, 0, versions[i]));
        ofpacts_put_openflow_actions(NULL, 0, &b, versions[i]);
        ofpacts_put_openflow_instructions(NULL, 0, &b, versions[i]);
        CHECK_EQ(b.size, 0);
        ofpbuf_uninit(&b);
    }
}

OSW_TEST_MAIN()
