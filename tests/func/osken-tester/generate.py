#!/usr/bin/python3
"""Writes the os-ken switch tester files (*.json) of this directory.

The files are in the format of os-ken's os_ken/tests/switch/tester.py and
laid out like its of13 suite, flattened: action-NN_NAME.json,
match-NN_NAME.json, group-NN_NAME.json, meter-NN_NAME.json.  Run this
script in this directory after changing it and commit what it writes.

Costs to keep in mind (the whole run should stay within a few minutes): a
"table-miss" check sleeps a second, a throughput check sends for its
"duration_time", anything else takes a few milliseconds.  Matches are
written in the field order the switch reports them in flow stats (the
tester compares them as strings), with masked-out value bits zero.
"""

import json
import os
import struct
import sys

OUT_PORT = "target_send_port_1"
CONTROLLER = 0xfffffffd
OFPCML_NO_BUFFER = 0xffff
OFPVID_PRESENT = 0x1000

ETH_IP, ETH_ARP, ETH_IPV6, ETH_VLAN, ETH_QINQ = 2048, 2054, 34525, 33024, 34984

# 20 bytes, so that even an untagged IPv4/UDP frame is over the 60-byte
# minimum: os-ken pads shorter ones, and a tag pushed on a padded frame
# would keep the padding that the expected frame lacks.
PAYLOAD_BYTES = bytes(range(1, 21))
PAYLOAD = "b'" + "".join("\\x%02x" % i for i in PAYLOAD_BYTES) + "'"
ARP_PAD = "b'" + "\\x00" * 18 + "'"

# ---- Frames (os-ken packet library expressions, one per layer). ----


def kw(defaults, over):
    d = dict(defaults)
    d.update(over)
    return ", ".join("%s=%s" % (k, repr(v) if isinstance(v, str) else v)
                     for k, v in d.items())


def eth(ethertype, **over):
    return "ethernet(%s)" % kw({"dst": "22:22:22:22:22:22",
                                "src": "12:11:11:11:11:11",
                                "ethertype": ethertype}, over)


def vlan(ethertype, **over):
    return "vlan(%s)" % kw({"pcp": 3, "cfi": 0, "vid": 100,
                            "ethertype": ethertype}, over)


def ipv4(proto, **over):
    return "ipv4(%s)" % kw({"tos": 32, "proto": proto,
                            "src": "192.168.10.10",
                            "dst": "192.168.20.20", "ttl": 64}, over)


def ipv6(nxt, **over):
    return "ipv6(%s)" % kw({"traffic_class": 32, "flow_label": 100,
                            "nxt": nxt, "hop_limit": 64, "src": "10::10",
                            "dst": "20::20"}, over)


def l4(proto, **over):
    ports = {"src_port": 11111, "dst_port": 2222}
    if proto == "tcp":
        return ["tcp(%s)" % kw(ports, over), PAYLOAD]
    if proto == "udp":
        return ["udp(%s)" % kw(ports, over), PAYLOAD]
    if proto == "sctp":
        ports.update(over)
        return ["sctp(%s, csum=%d, chunks=[chunk_data(payload_data=%s)])"
                % (kw(ports, {}), sctp_csum(ports["src_port"],
                                            ports["dst_port"]), PAYLOAD)]
    if proto == "icmp":
        return ["icmp(%s, data=echo(id_=1, seq=1, data=%s))"
                % (kw({"type_": 8, "code": 0}, over), PAYLOAD)]
    if proto == "icmpv6":
        return ["icmpv6(%s, data=icmpv6echo(id_=1, seq=1, data=%s))"
                % (kw({"type_": 128, "code": 0}, over), PAYLOAD)]
    raise ValueError(proto)


def crc32c(data):
    crc = 0xffffffff
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82f63b78 if crc & 1 else crc >> 1
    return crc ^ 0xffffffff


def sctp_csum(src_port, dst_port):
    """The SCTP checksum of l4() above (os-ken's own CRC32c is wrong under
    Python 3, and a switch keeps a wrong checksum wrong), as the integer
    that os-ken's sctp() packs big-endian."""
    chunk = PAYLOAD_BYTES
    data = (struct.pack("!HHII", src_port, dst_port, 0, 0)
            + struct.pack("!BBHIHHI", 0, 0, 16 + len(chunk), 0, 0, 0, 0)
            + chunk)
    return int.from_bytes(struct.pack("<I", crc32c(data)), "big")


IPPROTO = {"tcp": 6, "udp": 17, "sctp": 132, "icmp": 1, "icmpv6": 58}


ETH_MPLS, ETH_MPLS_MCAST = 34887, 34888


def mpls(**over):
    return "mpls(%s)" % kw({"label": 100, "exp": 3, "bsb": 1, "ttl": 64},
                           over)


def frame(kind, eth_over=None, l3_over=None, l4_over=None, tags=(),
          labels=(), mpls_type=ETH_MPLS):
    """A frame: 'kind' is "ipv4/tcp", "ipv6/udp", "arp", "nd_ns",
    "nd_na"...; 'tags' a list of vlan() keyword dicts, outermost first;
    'labels' a list of mpls() keyword dicts, outermost first, between the
    tags and the rest (of type 'mpls_type'; os-ken reads an IPv4 packet
    under the bottom of the stack)."""
    tags = tags or ()
    eth_over = eth_over or {}
    l3_over = l3_over or {}
    l4_over = l4_over or {}
    if kind.startswith("ipv4/"):
        proto = kind[5:]
        ethertype, rest = ETH_IP, [ipv4(IPPROTO[proto], **l3_over)]
        rest += l4(proto, **l4_over)
    elif kind.startswith("ipv6/"):
        proto = kind[5:]
        ethertype, rest = ETH_IPV6, [ipv6(IPPROTO[proto], **l3_over)]
        rest += l4(proto, **l4_over)
    elif kind == "arp":
        ethertype = ETH_ARP
        rest = ["arp(%s)" % kw({"opcode": 1,
                                "src_mac": "12:11:11:11:11:11",
                                "src_ip": "192.168.10.10",
                                "dst_mac": "22:22:22:22:22:22",
                                "dst_ip": "192.168.20.20"}, l3_over),
                ARP_PAD]
    elif kind in ("nd_ns", "nd_na"):
        ethertype = ETH_IPV6
        l3 = dict({"hop_limit": 255}, **l3_over)
        if kind == "nd_ns":
            nd = kw({"dst": "20::20"}, {k: v for k, v in l4_over.items()
                                         if k == "dst"})
            opt = "nd_option_sla(hw_src=%r)" % l4_over.get(
                "ll", "12:11:11:11:11:11")
            icmp_type = 135
        else:
            nd = kw({"res": 2, "dst": "10::10"},
                    {k: v for k, v in l4_over.items() if k == "dst"})
            opt = "nd_option_tla(hw_src=%r)" % l4_over.get(
                "ll", "22:22:22:22:22:22")
            icmp_type = 136
        rest = [ipv6(58, **l3),
                "icmpv6(type_=%d, code=0, data=nd_neighbor(%s, option=%s))"
                % (icmp_type, nd, opt)]
    else:
        raise ValueError(kind)
    layers = []
    types = [t.get("tpid", ETH_VLAN) for t in tags] + [
        mpls_type if labels else ethertype]
    layers.append(eth(types[0], **eth_over))
    for i, t in enumerate(tags):
        t = {k: v for k, v in t.items() if k != "tpid"}
        layers.append(vlan(types[i + 1], **t))
    for i, lse in enumerate(labels):
        layers.append(mpls(**dict({"bsb": int(i == len(labels) - 1)},
                                  **lse)))
    return layers + rest


# ---- OpenFlow messages (os-ken JSON). ----


def oxm(field, value, mask=None):
    tlv = {"field": field, "value": value}
    if mask is not None:
        tlv["mask"] = mask
    return {"OXMTlv": tlv}


def output(port=OUT_PORT):
    if port == CONTROLLER:
        return {"OFPActionOutput": {"port": port,
                                    "max_len": OFPCML_NO_BUFFER}}
    return {"OFPActionOutput": {"port": port}}


def set_field(field, value):
    return {"OFPActionSetField": {"field": oxm(field, value)}}


def apply(*actions):
    return {"OFPInstructionActions": {"type": 4, "actions": list(actions)}}


def write(*actions):
    return {"OFPInstructionActions": {"type": 3, "actions": list(actions)}}


def goto(table):
    return {"OFPInstructionGotoTable": {"table_id": table}}


def write_metadata(value, mask):
    return {"OFPInstructionWriteMetadata": {"metadata": value,
                                            "metadata_mask": mask}}


def flow(match, instructions, table=0, priority=None):
    fm = {"table_id": table,
          "match": {"OFPMatch": {"oxm_fields": match}},
          "instructions": instructions}
    if priority is not None:
        fm["priority"] = priority
    return {"OFPFlowMod": fm}


def test(description, prerequisite, checks):
    return {"description": description, "prerequisite": prerequisite,
            "tests": checks}


def egress(ingress, out=None):
    return {"ingress": ingress, "egress": out or ingress}


def packet_in(ingress, out=None):
    return {"ingress": ingress, "PACKET_IN": out or ingress}


def miss(ingress, tables=(0,)):
    return {"ingress": ingress, "table-miss": list(tables)}


FILES = {}


def add(name, title, *tests):
    FILES[name] = [title] + list(tests)


# ---- Matches. ----

# Prerequisite OXMs of each frame kind, in the switch's order.
L3 = {"ipv4": [oxm("eth_type", ETH_IP)], "ipv6": [oxm("eth_type", ETH_IPV6)],
      "arp": [oxm("eth_type", ETH_ARP)]}


def prereq(kind):
    l3, _, proto = kind.partition("/")
    if kind in ("nd_ns", "nd_na"):
        return L3["ipv6"], [oxm("ip_proto", 58),
                            oxm("icmpv6_type", 135 if kind == "nd_ns"
                                else 136)]
    if proto:
        return L3[l3], [oxm("ip_proto", IPPROTO[proto])]
    return L3[l3], []


def match_test(name, title, desc, fields, kind, hit, nohit, where="l3"):
    """One flow matching 'fields' (after the eth_type prerequisite if
    'where' is "l3", after ip_proto if "l4", alone if "none"), a frame
    'hit' (keyword arguments of frame()) it must forward unchanged to port
    2, and a frame 'nohit' it must miss."""
    pre3, pre4 = prereq(kind) if where != "none" else ([], [])
    if where == "l3":
        match = pre3 + fields + pre4
    elif where == "l4":
        match = pre3 + pre4 + fields
    else:
        match = fields
    add(name, title,
        test(desc, [flow(match, [apply(output())])],
             [egress(frame(kind, **hit)), miss(frame(kind, **nohit))]))


def matches():
    # 00 IN_PORT: a flow for another port misses.
    add("match-00_IN_PORT", "match: 00_IN_PORT",
        test("ethernet/ipv4/tcp-->'in_port=1,actions=output:2'",
             [flow([oxm("in_port", "target_recv_port")], [apply(output())])],
             [egress(frame("ipv4/tcp"))]),
        test("ethernet/ipv4/tcp-->'in_port=3,actions=output:2' (miss)",
             [flow([oxm("in_port", "target_send_port_2")],
                   [apply(output())])],
             [miss(frame("ipv4/tcp"))]))

    # 02 METADATA: table 0 writes it by eth_dst, table 1 matches it.
    for suffix, value, mask, wmask in (
            ("", 0x0123456789abcdef, None, 0xffffffffffffffff),
            ("_Mask", 0x0123456789ab0000, 0xffffffffffff0000,
             0xffffffffffffffff)):
        other = 0x0123456789ab1234 if mask else 0x0123456789abcdee
        nomatch = 0x0123456789ac0000 if mask else 0x0123456789abcdef + 1
        desc = ("ethernet/ipv4/tcp-->'table 0: write_metadata,goto_table:1; "
                "table 1: metadata=%#x%s,actions=output:2'"
                % (value, "/%#x" % mask if mask else ""))
        add("match-02_METADATA" + suffix,
            "match: 02_METADATA" + (" (Mask)" if mask else ""),
            test(desc,
                 [flow([oxm("eth_dst", "22:22:22:22:22:22")],
                       [goto(1), write_metadata(other if mask else value,
                                                wmask)]),
                  flow([oxm("eth_dst", "22:22:22:22:22:23")],
                       [goto(1), write_metadata(nomatch, wmask)]),
                  flow([oxm("metadata", value, mask)], [apply(output())],
                       table=1)],
                 [egress(frame("ipv4/tcp")),
                  miss(frame("ipv4/tcp",
                             eth_over={"dst": "22:22:22:22:22:23"}),
                       tables=[1])]))

    E = "eth_over"
    match_test("match-03_ETH_DST", "match: 03_ETH_DST",
               "ethernet/ipv4/tcp-->'eth_dst=22:22:22:22:22:22,"
               "actions=output:2'",
               [oxm("eth_dst", "22:22:22:22:22:22")], "ipv4/tcp",
               {}, {E: {"dst": "22:22:22:22:22:23"}}, where="none")
    match_test("match-03_ETH_DST_Mask", "match: 03_ETH_DST (Mask)",
               "ethernet/arp-->'eth_dst=22:22:22:22:22:00/"
               "ff:ff:ff:ff:ff:00,actions=output:2'",
               [oxm("eth_dst", "22:22:22:22:22:00", "ff:ff:ff:ff:ff:00")],
               "arp", {}, {E: {"dst": "22:22:22:22:23:22"}}, where="none")
    match_test("match-04_ETH_SRC", "match: 04_ETH_SRC",
               "ethernet/ipv6/tcp-->'eth_src=12:11:11:11:11:11,"
               "actions=output:2'",
               [oxm("eth_src", "12:11:11:11:11:11")], "ipv6/tcp",
               {}, {E: {"src": "12:11:11:11:11:12"}}, where="none")
    match_test("match-04_ETH_SRC_Mask", "match: 04_ETH_SRC (Mask)",
               "ethernet/ipv4/tcp-->'eth_src=12:11:11:00:00:00/"
               "ff:ff:ff:00:00:00,actions=output:2'",
               [oxm("eth_src", "12:11:11:00:00:00", "ff:ff:ff:00:00:00")],
               "ipv4/tcp", {}, {E: {"src": "12:11:12:11:11:11"}},
               where="none")
    add("match-05_ETH_TYPE", "match: 05_ETH_TYPE",
        test("ethernet(ethertype=0x0806)/arp-->'eth_type=0x0806,"
             "actions=output:2'",
             [flow([oxm("eth_type", ETH_ARP)], [apply(output())])],
             [egress(frame("arp")), miss(frame("ipv4/tcp"))]))

    # 06 VLAN_VID: exact, any tag (present bit), no tag; 07 VLAN_PCP.
    tag = [{"vid": 100}]
    add("match-06_VLAN_VID", "match: 06_VLAN_VID",
        test("ethernet/vlan(vid=100)/ipv4/tcp-->'vlan_vid=100,"
             "actions=output:2'",
             [flow([oxm("vlan_vid", 100 | OFPVID_PRESENT)],
                   [apply(output())])],
             [egress(frame("ipv4/tcp", tags=tag)),
              miss(frame("ipv4/tcp", tags=[{"vid": 101}]))]),
        test("ethernet/ipv4/tcp-->'vlan_vid=none,actions=output:2'",
             [flow([oxm("vlan_vid", 0)], [apply(output())])],
             [egress(frame("ipv4/tcp")),
              miss(frame("ipv4/tcp", tags=tag))]))
    add("match-06_VLAN_VID_Mask", "match: 06_VLAN_VID (Mask)",
        test("ethernet/vlan/ipv4/tcp-->'vlan_vid=present/present,"
             "actions=output:2'",
             [flow([oxm("vlan_vid", OFPVID_PRESENT, OFPVID_PRESENT)],
                   [apply(output())])],
             [egress(frame("ipv4/tcp", tags=[{"vid": 203}])),
              miss(frame("ipv4/tcp"))]),
        test("ethernet/vlan(vid=100)/ipv4/tcp-->'vlan_vid=96/0x1ff0,"
             "actions=output:2'",
             [flow([oxm("vlan_vid", 96 | OFPVID_PRESENT, 0x1ff0)],
                   [apply(output())])],
             [egress(frame("ipv4/tcp", tags=tag)),
              miss(frame("ipv4/tcp", tags=[{"vid": 112}]))]))
    add("match-07_VLAN_PCP", "match: 07_VLAN_PCP",
        test("ethernet/vlan(pcp=3)/ipv4/tcp-->'vlan_vid=100,vlan_pcp=3,"
             "actions=output:2'",
             [flow([oxm("vlan_vid", 100 | OFPVID_PRESENT),
                    oxm("vlan_pcp", 3)], [apply(output())])],
             [egress(frame("ipv4/tcp", tags=tag)),
              miss(frame("ipv4/tcp", tags=[{"vid": 100, "pcp": 5}]))]))

    L = "l3_over"
    for v in ("4", "6"):
        kind = "ipv%s/tcp" % v
        tosf = "tos" if v == "4" else "traffic_class"
        match_test("match-08_IP_DSCP_IPv" + v, "match: 08_IP_DSCP_IPv" + v,
                   "ethernet/ipv%s(dscp=8)/tcp-->'ip_dscp=8,"
                   "actions=output:2'" % v,
                   [oxm("ip_dscp", 8)], kind, {}, {L: {tosf: 36}})
        match_test("match-09_IP_ECN_IPv" + v, "match: 09_IP_ECN_IPv" + v,
                   "ethernet/ipv%s(ecn=3)/tcp-->'ip_ecn=3,"
                   "actions=output:2'" % v,
                   [oxm("ip_ecn", 3)], kind, {L: {tosf: 35}},
                   {L: {tosf: 33}})
        add("match-10_IP_PROTO_IPv" + v, "match: 10_IP_PROTO_IPv" + v,
            test("ethernet/ipv%s/tcp-->'ip_proto=6,actions=output:2'" % v,
                 [flow(L3["ipv" + v] + [oxm("ip_proto", 6)],
                       [apply(output())])],
                 [egress(frame(kind)), miss(frame("ipv%s/udp" % v))]))

    match_test("match-11_IPV4_SRC", "match: 11_IPV4_SRC",
               "ethernet/ipv4(src=192.168.10.10)/tcp-->"
               "'ipv4_src=192.168.10.10,actions=output:2'",
               [oxm("ipv4_src", "192.168.10.10")], "ipv4/tcp",
               {}, {L: {"src": "192.168.10.11"}})
    match_test("match-11_IPV4_SRC_Mask", "match: 11_IPV4_SRC (Mask)",
               "ethernet/ipv4(src=192.168.10.10)/tcp-->"
               "'ipv4_src=192.168.10.0/255.255.255.0,actions=output:2'",
               [oxm("ipv4_src", "192.168.10.0", "255.255.255.0")],
               "ipv4/tcp", {}, {L: {"src": "192.168.11.10"}})
    match_test("match-12_IPV4_DST", "match: 12_IPV4_DST",
               "ethernet/ipv4(dst=192.168.20.20)/udp-->"
               "'ipv4_dst=192.168.20.20,actions=output:2'",
               [oxm("ipv4_dst", "192.168.20.20")], "ipv4/udp",
               {}, {L: {"dst": "192.168.20.21"}})
    match_test("match-12_IPV4_DST_Mask", "match: 12_IPV4_DST (Mask)",
               "ethernet/ipv4(dst=192.168.20.20)/tcp-->"
               "'ipv4_dst=192.168.0.20/255.255.0.255,actions=output:2'",
               [oxm("ipv4_dst", "192.168.0.20", "255.255.0.255")],
               "ipv4/tcp", {}, {L: {"dst": "192.168.20.21"}})

    P = "l4_over"
    for num, proto in (("13", "tcp"), ("15", "udp"), ("17", "sctp")):
        up = proto.upper()
        dnum = "%02d" % (int(num) + 1)
        for v in ("4", "6"):
            kind = "ipv%s/%s" % (v, proto)
            match_test("match-%s_%s_SRC_IPv%s" % (num, up, v),
                       "match: %s_%s_SRC_IPv%s" % (num, up, v),
                       "ethernet/ipv%s/%s(src_port=11111)-->"
                       "'%s_src=11111,actions=output:2'" % (v, proto, proto),
                       [oxm(proto + "_src", 11111)], kind,
                       {}, {P: {"src_port": 11112}}, where="l4")
            match_test("match-%s_%s_DST_IPv%s" % (dnum, up, v),
                       "match: %s_%s_DST_IPv%s" % (dnum, up, v),
                       "ethernet/ipv%s/%s(dst_port=2222)-->"
                       "'%s_dst=2222,actions=output:2'" % (v, proto, proto),
                       [oxm(proto + "_dst", 2222)], kind,
                       {}, {P: {"dst_port": 2223}}, where="l4")
        match_test("match-%s_%s_SRC_Mask" % (num, up),
                   "match: %s_%s_SRC (Mask)" % (num, up),
                   "ethernet/ipv4/%s(src_port=11111)-->"
                   "'%s_src=0x2b00/0xff00,actions=output:2'" % (proto, proto),
                   [oxm(proto + "_src", 0x2b00, 0xff00)], "ipv4/" + proto,
                   {}, {P: {"src_port": 0x2c67}}, where="l4")

    match_test("match-19_ICMPV4_TYPE", "match: 19_ICMPV4_TYPE",
               "ethernet/ipv4/icmp(type=8)-->'icmpv4_type=8,"
               "actions=output:2'",
               [oxm("icmpv4_type", 8)], "ipv4/icmp",
               {}, {P: {"type_": 0}}, where="l4")
    match_test("match-20_ICMPV4_CODE", "match: 20_ICMPV4_CODE",
               "ethernet/ipv4/icmp(code=0)-->'icmpv4_code=0,"
               "actions=output:2'",
               [oxm("icmpv4_code", 0)], "ipv4/icmp",
               {}, {P: {"code": 1}}, where="l4")

    match_test("match-21_ARP_OP", "match: 21_ARP_OP",
               "ethernet/arp(opcode=1)-->'arp_op=1,actions=output:2'",
               [oxm("arp_op", 1)], "arp", {}, {L: {"opcode": 2}})
    for num, field, attr, value, maskv, mask, hit, nohit in (
            ("22", "arp_spa", "src_ip", "192.168.10.10", "192.168.10.0",
             "255.255.255.0", "192.168.10.99", "192.168.11.10"),
            ("23", "arp_tpa", "dst_ip", "192.168.20.20", "192.168.0.0",
             "255.255.0.0", "192.168.99.99", "192.169.20.20"),
            ("24", "arp_sha", "src_mac", "12:11:11:11:11:11",
             "12:11:11:11:00:00", "ff:ff:ff:ff:00:00", "12:11:11:11:aa:bb",
             "12:11:11:12:11:11"),
            ("25", "arp_tha", "dst_mac", "22:22:22:22:22:22",
             "22:22:22:22:22:00", "ff:ff:ff:ff:ff:00", "22:22:22:22:22:99",
             "22:22:22:22:23:22")):
        up = field.upper()
        match_test("match-%s_%s" % (num, up), "match: %s_%s" % (num, up),
                   "ethernet/arp(%s=%s)-->'%s=%s,actions=output:2'"
                   % (attr, value, field, value),
                   [oxm(field, value)], "arp", {},
                   {L: {attr: nohit if num in ("22", "23") else
                        value[:-1] + "0"}})
        match_test("match-%s_%s_Mask" % (num, up),
                   "match: %s_%s (Mask)" % (num, up),
                   "ethernet/arp(%s=%s)-->'%s=%s/%s,actions=output:2'"
                   % (attr, hit, field, maskv, mask),
                   [oxm(field, maskv, mask)], "arp", {L: {attr: hit}},
                   {L: {attr: nohit}})

    match_test("match-26_IPV6_SRC", "match: 26_IPV6_SRC",
               "ethernet/ipv6(src=10::10)/tcp-->'ipv6_src=10::10,"
               "actions=output:2'",
               [oxm("ipv6_src", "10::10")], "ipv6/tcp",
               {}, {L: {"src": "10::11"}})
    match_test("match-26_IPV6_SRC_Mask", "match: 26_IPV6_SRC (Mask)",
               "ethernet/ipv6(src=10::10)/udp-->'ipv6_src=10::/ffff::,"
               "actions=output:2'",
               [oxm("ipv6_src", "10::", "ffff::")], "ipv6/udp",
               {}, {L: {"src": "11::10"}})
    match_test("match-27_IPV6_DST", "match: 27_IPV6_DST",
               "ethernet/ipv6(dst=20::20)/tcp-->'ipv6_dst=20::20,"
               "actions=output:2'",
               [oxm("ipv6_dst", "20::20")], "ipv6/tcp",
               {}, {L: {"dst": "20::21"}})
    match_test("match-27_IPV6_DST_Mask", "match: 27_IPV6_DST (Mask)",
               "ethernet/ipv6(dst=20::20)/tcp-->'ipv6_dst=::20/::ffff,"
               "actions=output:2'",
               [oxm("ipv6_dst", "::20", "::ffff")], "ipv6/tcp",
               {}, {L: {"dst": "20::21"}})
    match_test("match-28_IPV6_FLABEL", "match: 28_IPV6_FLABEL",
               "ethernet/ipv6(flow_label=100)/tcp-->'ipv6_flabel=100,"
               "actions=output:2'",
               [oxm("ipv6_flabel", 100)], "ipv6/tcp",
               {}, {L: {"flow_label": 101}})
    match_test("match-28_IPV6_FLABEL_Mask", "match: 28_IPV6_FLABEL (Mask)",
               "ethernet/ipv6(flow_label=0x12345)/tcp-->"
               "'ipv6_flabel=0x12300/0xfff00,actions=output:2'",
               [oxm("ipv6_flabel", 0x12300, 0xfff00)], "ipv6/tcp",
               {L: {"flow_label": 0x12345}}, {L: {"flow_label": 0x12445}})
    match_test("match-29_ICMPV6_TYPE", "match: 29_ICMPV6_TYPE",
               "ethernet/ipv6/icmpv6(type=128)-->'icmpv6_type=128,"
               "actions=output:2'",
               [oxm("icmpv6_type", 128)], "ipv6/icmpv6",
               {}, {P: {"type_": 129}}, where="l4")
    match_test("match-30_ICMPV6_CODE", "match: 30_ICMPV6_CODE",
               "ethernet/ipv6/icmpv6(code=0)-->'icmpv6_code=0,"
               "actions=output:2'",
               [oxm("icmpv6_code", 0)], "ipv6/icmpv6",
               {}, {P: {"code": 1}}, where="l4")
    match_test("match-31_IPV6_ND_TARGET", "match: 31_IPV6_ND_TARGET",
               "ethernet/ipv6/icmpv6(type=135,nd_target=20::20)-->"
               "'ipv6_nd_target=20::20,actions=output:2'",
               [oxm("ipv6_nd_target", "20::20")], "nd_ns",
               {}, {P: {"dst": "20::21"}}, where="l4")
    match_test("match-32_IPV6_ND_SLL", "match: 32_IPV6_ND_SLL",
               "ethernet/ipv6/icmpv6(type=135,sll=12:11:11:11:11:11)-->"
               "'ipv6_nd_sll=12:11:11:11:11:11,actions=output:2'",
               [oxm("ipv6_nd_sll", "12:11:11:11:11:11")], "nd_ns",
               {}, {P: {"ll": "12:11:11:11:11:12"}}, where="l4")
    match_test("match-33_IPV6_ND_TLL", "match: 33_IPV6_ND_TLL",
               "ethernet/ipv6/icmpv6(type=136,tll=22:22:22:22:22:22)-->"
               "'ipv6_nd_tll=22:22:22:22:22:22,actions=output:2'",
               [oxm("ipv6_nd_tll", "22:22:22:22:22:22")], "nd_na",
               {}, {P: {"ll": "22:22:22:22:22:23"}}, where="l4")

    # 38 TUNNEL_ID: frames from a veth carry none; table 0 sets it.
    for suffix, value, mask in (("", 0x1234, None),
                                ("_Mask", 0x1200, 0xff00)):
        desc = ("ethernet/ipv4/tcp-->'table 0: set_field:tunnel_id,"
                "goto_table:1; table 1: tunnel_id=%#x%s,actions=output:2'"
                % (value, "/%#x" % mask if mask else ""))
        add("match-38_TUNNEL_ID" + suffix,
            "match: 38_TUNNEL_ID" + (" (Mask)" if mask else ""),
            test(desc,
                 [flow([oxm("eth_dst", "22:22:22:22:22:22")],
                       [apply(set_field("tunnel_id", 0x1234)), goto(1)]),
                  flow([oxm("eth_dst", "22:22:22:22:22:23")],
                       [apply(set_field("tunnel_id", 0x1334)), goto(1)]),
                  flow([oxm("tunnel_id", value, mask)], [apply(output())],
                       table=1)],
                 [egress(frame("ipv4/tcp")),
                  miss(frame("ipv4/tcp",
                             eth_over={"dst": "22:22:22:22:22:23"}),
                       tables=[1])]))


# ---- Actions. ----


def action_test(desc, match, actions, ingress, out, kind="egress"):
    check = egress(ingress, out) if kind == "egress" \
        else packet_in(ingress, out)
    return test(desc, [flow(match, [apply(*actions)])], [check])


def actions():
    add("action-00_OUTPUT", "action: 00_OUTPUT",
        action_test("ethernet/ipv4/tcp-->'actions=output:2'", [],
                    [output()], frame("ipv4/tcp"), None),
        action_test("ethernet/ipv6/udp-->'actions=output:2'", [],
                    [output()], frame("ipv6/udp"), None),
        action_test("ethernet/arp-->'actions=output:2'", [],
                    [output()], frame("arp"), None))
    add("action-00_OUTPUT_CONTROLLER", "action: 00_OUTPUT (CONTROLLER)",
        action_test("ethernet/ipv4/tcp-->'actions=output:CONTROLLER'", [],
                    [output(CONTROLLER)], frame("ipv4/tcp"), None,
                    kind="packet_in"),
        action_test("ethernet/vlan/ipv6/tcp-->'actions=output:CONTROLLER'",
                    [], [output(CONTROLLER)],
                    frame("ipv6/tcp", tags=[{"vid": 100}]), None,
                    kind="packet_in"),
        action_test("ethernet/arp-->'actions=output:CONTROLLER'", [],
                    [output(CONTROLLER)], frame("arp"), None,
                    kind="packet_in"))

    push = {"OFPActionPushVlan": {"ethertype": ETH_VLAN}}
    push_ad = {"OFPActionPushVlan": {"ethertype": ETH_QINQ}}
    pop = {"OFPActionPopVlan": {}}
    add("action-17_PUSH_VLAN", "action: 17_PUSH_VLAN",
        action_test("ethernet/ipv4/tcp-->'actions=push_vlan:0x8100,"
                    "set_field:100->vlan_vid,output:2'", [],
                    [push, set_field("vlan_vid", 100 | OFPVID_PRESENT),
                     output()],
                    frame("ipv4/tcp"),
                    frame("ipv4/tcp", tags=[{"vid": 100, "pcp": 0}])),
        action_test("ethernet/arp-->'actions=push_vlan:0x88a8,"
                    "set_field:100->vlan_vid,output:2'", [],
                    [push_ad, set_field("vlan_vid", 100 | OFPVID_PRESENT),
                     output()],
                    frame("arp"),
                    frame("arp", tags=[{"vid": 100, "pcp": 0,
                                        "tpid": ETH_QINQ}])),
        action_test("ethernet/ipv4/udp-->'actions=push_vlan:0x8100,"
                    "output:2' (a new outer tag: VID 0, PCP 0)", [],
                    [push, output()], frame("ipv4/udp"),
                    frame("ipv4/udp", tags=[{"vid": 0, "pcp": 0}])),
        action_test("ethernet/vlan(pcp=3,vid=100)/ipv6/tcp-->"
                    "'actions=push_vlan:0x8100,output:2'", [],
                    [push, output()],
                    frame("ipv6/tcp", tags=[{"vid": 100}]),
                    frame("ipv6/tcp", tags=[{"vid": 100}, {"vid": 100}])))
    add("action-17_PUSH_VLAN_multiple", "action: 17_PUSH_VLAN (multiple)",
        action_test("ethernet/vlan(vid=100)/ipv4/tcp-->"
                    "'actions=push_vlan:0x88a8,set_field:200->vlan_vid,"
                    "output:2'", [],
                    [push_ad, set_field("vlan_vid", 200 | OFPVID_PRESENT),
                     output()],
                    frame("ipv4/tcp", tags=[{"vid": 100}]),
                    frame("ipv4/tcp", tags=[{"vid": 200, "tpid": ETH_QINQ},
                                            {"vid": 100}])))
    add("action-18_POP_VLAN", "action: 18_POP_VLAN",
        action_test("ethernet/vlan(vid=100)/ipv4/tcp-->'vlan_vid=100,"
                    "actions=pop_vlan,output:2'",
                    [oxm("vlan_vid", 100 | OFPVID_PRESENT)], [pop, output()],
                    frame("ipv4/tcp", tags=[{"vid": 100}]),
                    frame("ipv4/tcp")),
        action_test("ethernet/svlan/vlan/arp-->'actions=pop_vlan,output:2'",
                    [], [pop, output()],
                    frame("arp", tags=[{"vid": 200, "tpid": ETH_QINQ},
                                       {"vid": 100}]),
                    frame("arp", tags=[{"vid": 100}])))

    set_ttl = {"OFPActionSetNwTtl": {"nw_ttl": 32}}
    dec_ttl = {"OFPActionDecNwTtl": {}}
    add("action-23_SET_NW_TTL_IPv4", "action: 23_SET_NW_TTL_IPv4",
        action_test("ethernet/ipv4(ttl=64)/tcp-->'eth_type=0x0800,"
                    "actions=set_nw_ttl:32,output:2'", L3["ipv4"],
                    [set_ttl, output()], frame("ipv4/tcp"),
                    frame("ipv4/tcp", l3_over={"ttl": 32})))
    add("action-23_SET_NW_TTL_IPv6", "action: 23_SET_NW_TTL_IPv6",
        action_test("ethernet/ipv6(hop_limit=64)/tcp-->'eth_type=0x86dd,"
                    "actions=set_nw_ttl:32,output:2'", L3["ipv6"],
                    [set_ttl, output()], frame("ipv6/tcp"),
                    frame("ipv6/tcp", l3_over={"hop_limit": 32})))
    add("action-24_DEC_NW_TTL_IPv4", "action: 24_DEC_NW_TTL_IPv4",
        action_test("ethernet/ipv4(ttl=64)/tcp-->'eth_type=0x0800,"
                    "actions=dec_nw_ttl,output:2'", L3["ipv4"],
                    [dec_ttl, output()], frame("ipv4/tcp"),
                    frame("ipv4/tcp", l3_over={"ttl": 63})),
        action_test("ethernet/vlan/ipv4(ttl=64)/udp-->'eth_type=0x0800,"
                    "actions=dec_nw_ttl,output:2'", L3["ipv4"],
                    [dec_ttl, output()],
                    frame("ipv4/udp", tags=[{"vid": 100}]),
                    frame("ipv4/udp", tags=[{"vid": 100}],
                          l3_over={"ttl": 63})))
    add("action-24_DEC_NW_TTL_IPv6", "action: 24_DEC_NW_TTL_IPv6",
        action_test("ethernet/ipv6(hop_limit=64)/tcp-->'eth_type=0x86dd,"
                    "actions=dec_nw_ttl,output:2'", L3["ipv6"],
                    [dec_ttl, output()], frame("ipv6/tcp"),
                    frame("ipv6/tcp", l3_over={"hop_limit": 63})))

    set_fields()

    # Instructions: goto_table, write_actions, clear_actions.
    add("action-90_GOTO_TABLE", "action: 90_GOTO_TABLE",
        test("ethernet/ipv4/tcp-->'table 0: goto_table:1; table 1: "
             "eth_type=0x0800,actions=output:2'",
             [flow([], [goto(1)]),
              flow(L3["ipv4"], [apply(output())], table=1)],
             [egress(frame("ipv4/tcp")), miss(frame("arp"), tables=[1])]),
        test("ethernet/ipv4/tcp-->'table 0: set_field:eth_src,goto_table:5;"
             " table 5: eth_src=12:11:11:11:11:99,actions=output:2'",
             [flow([], [apply(set_field("eth_src", "12:11:11:11:11:99")),
                        goto(5)]),
              flow([oxm("eth_src", "12:11:11:11:11:99")], [apply(output())],
                   table=5)],
             [egress(frame("ipv4/tcp"),
                     frame("ipv4/tcp",
                           eth_over={"src": "12:11:11:11:11:99"}))]))
    add("action-91_WRITE_ACTIONS", "action: 91_WRITE_ACTIONS",
        test("ethernet/ipv4/tcp-->'table 0: write_actions(output:2),"
             "goto_table:1; table 1: write_actions(set_field:"
             "192.168.30.30->ipv4_dst)'",
             [flow([], [goto(1), write(output())]),
              flow(L3["ipv4"],
                   [write(set_field("ipv4_dst", "192.168.30.30"))],
                   table=1)],
             [egress(frame("ipv4/tcp"),
                     frame("ipv4/tcp", l3_over={"dst": "192.168.30.30"}))]),
        test("ethernet/ipv4/tcp-->'write_actions(dec_nw_ttl,output:2),"
             "apply_actions(set_nw_ttl:10)'",
             [flow(L3["ipv4"], [apply(set_ttl), write(dec_ttl, output())])],
             [egress(frame("ipv4/tcp"),
                     frame("ipv4/tcp", l3_over={"ttl": 31}))]))
    add("action-92_CLEAR_ACTIONS", "action: 92_CLEAR_ACTIONS",
        test("ethernet/ipv4/tcp-->'table 0: write_actions(output:3),"
             "goto_table:1; table 1: clear_actions,"
             "write_actions(output:2)'",
             [flow([], [goto(1), write(output("target_send_port_2"))]),
              flow([], [{"OFPInstructionActions": {"type": 5,
                                                   "actions": []}},
                        write(output())], table=1)],
             [egress(frame("ipv4/tcp"))]))

    # The action set runs in the spec's order (push_vlan, dec_nw_ttl,
    # set_field, output), whatever the order written (which must still
    # meet each action's prerequisites in turn, as in Open vSwitch).
    add("action-93_ACTION_SET_ORDER", "action: 93_ACTION_SET_ORDER",
        test("ethernet/ipv4/tcp-->'write_actions(push_vlan:0x8100,output:2,"
             "set_field:300->vlan_vid,dec_nw_ttl)'",
             [flow(L3["ipv4"],
                   [write({"OFPActionPushVlan": {"ethertype": ETH_VLAN}},
                          output(),
                          set_field("vlan_vid", 300 | OFPVID_PRESENT),
                          {"OFPActionDecNwTtl": {}})])],
             [egress(frame("ipv4/tcp"),
                     frame("ipv4/tcp", tags=[{"vid": 300, "pcp": 0}],
                           l3_over={"ttl": 63}))]))

    # Reserved ports: ALL and FLOOD reach port 2 (and 3), not port 1.
    add("action-00_OUTPUT_ALL", "action: 00_OUTPUT (ALL, FLOOD)",
        action_test("ethernet/ipv4/tcp-->'actions=output:ALL'", [],
                    [output(0xfffffffc)], frame("ipv4/tcp"), None),
        action_test("ethernet/arp-->'actions=output:FLOOD'", [],
                    [output(0xfffffffb)], frame("arp"), None))

    # What reaches the controller is the frame as modified so far, with
    # its checksums right.
    add("action-00_OUTPUT_CONTROLLER_MODIFIED",
        "action: 00_OUTPUT (CONTROLLER, after set_field)",
        action_test("ethernet/ipv4/udp-->'actions=set_field:10.10.20.20->"
                    "ipv4_dst,set_field:5555->udp_dst,output:CONTROLLER'",
                    L3["ipv4"] + [oxm("ip_proto", 17)],
                    [set_field("ipv4_dst", "10.10.20.20"),
                     set_field("udp_dst", 5555), output(CONTROLLER)],
                    frame("ipv4/udp"),
                    frame("ipv4/udp", l3_over={"dst": "10.10.20.20"},
                          l4_over={"dst_port": 5555}), kind="packet_in"))

    # The highest priority wins; among overlapping masks too.
    add("match-90_PRIORITY", "match: 90_PRIORITY",
        test("ethernet/ipv4(dst=192.168.20.20)/tcp-->'priority=100,"
             "ipv4_dst=192.168.20.0/24,actions=set_field:22:22:22:22:22:99"
             "->eth_dst,output:2; priority=200,ipv4_dst=192.168.20.20,"
             "actions=output:2; priority=300,tcp_dst=2223,actions=output:3'",
             [flow(L3["ipv4"] + [oxm("ipv4_dst", "192.168.20.0",
                                     "255.255.255.0")],
                   [apply(set_field("eth_dst", "22:22:22:22:22:99"),
                          output())], priority=100),
              flow(L3["ipv4"] + [oxm("ipv4_dst", "192.168.20.20")],
                   [apply(output())], priority=200),
              flow(L3["ipv4"] + [oxm("ip_proto", 6), oxm("tcp_dst", 2223)],
                   [apply(output("target_send_port_2"))], priority=300)],
             [egress(frame("ipv4/tcp")),
              egress(frame("ipv4/tcp", l3_over={"dst": "192.168.20.21"}),
                     frame("ipv4/tcp", l3_over={"dst": "192.168.20.21"},
                           eth_over={"dst": "22:22:22:22:22:99"})),
              miss(frame("ipv4/tcp", l3_over={"dst": "192.168.21.20"}))]))

    # write_metadata with masks accumulates over tables.
    add("match-91_METADATA_WRITES", "match: 91_METADATA (masked writes)",
        test("ethernet/ipv4/tcp-->'table 0: write_metadata:0x1100/0xff00,"
             "goto_table:1; table 1: write_metadata:0x22/0xff,goto_table:2;"
             " table 2: metadata=0x1122,actions=output:2'",
             [flow([], [goto(1), write_metadata(0x1100, 0xff00)]),
              flow([], [goto(2), write_metadata(0x22, 0xff)], table=1),
              flow([oxm("metadata", 0x1122)], [apply(output())], table=2)],
             [egress(frame("ipv4/tcp"))]))


def set_fields():
    """25_SET_FIELD: one file per field, as upstream's 25_SET_FIELD/."""
    def sf(num, name, variants):
        tests = []
        for desc, match, field, value, kind, before, after, tags in variants:
            tests.append(action_test(
                desc, match, [set_field(field, value), output()],
                frame(kind, tags=tags, **before),
                frame(kind, tags=tags, **after)))
        add("action-25_SET_FIELD-%s_%s" % (num, name),
            "action: set_field: %s_%s" % (num, name), *tests)

    E, L, P = "eth_over", "l3_over", "l4_over"
    sf("03", "ETH_DST", [
        ("ethernet/ipv4/tcp-->'actions=set_field:22:22:22:22:22:99->eth_dst,"
         "output:2'", [], "eth_dst", "22:22:22:22:22:99", "ipv4/tcp", {},
         {E: {"dst": "22:22:22:22:22:99"}}, ()),
        ("ethernet/vlan/arp-->'actions=set_field:22:22:22:22:22:99->eth_dst,"
         "output:2'", [], "eth_dst", "22:22:22:22:22:99", "arp", {},
         {E: {"dst": "22:22:22:22:22:99"}}, [{"vid": 100}])])
    sf("04", "ETH_SRC", [
        ("ethernet/ipv6/tcp-->'actions=set_field:12:11:11:11:11:99->eth_src,"
         "output:2'", [], "eth_src", "12:11:11:11:11:99", "ipv6/tcp", {},
         {E: {"src": "12:11:11:11:11:99"}}, ())])
    tag = [{"vid": 100}]
    sf("06", "VLAN_VID", [
        ("ethernet/vlan(vid=100)/ipv4/tcp-->'vlan_vid=100,"
         "actions=set_field:203->vlan_vid,output:2'",
         [oxm("vlan_vid", 100 | OFPVID_PRESENT)], "vlan_vid",
         203 | OFPVID_PRESENT, "ipv4/tcp", {}, {}, None)])
    FILES["action-25_SET_FIELD-06_VLAN_VID"][1]["tests"][0] = egress(
        frame("ipv4/tcp", tags=tag), frame("ipv4/tcp", tags=[{"vid": 203}]))
    sf("07", "VLAN_PCP", [
        ("ethernet/vlan(pcp=3)/ipv4/tcp-->'vlan_vid=100,"
         "actions=set_field:5->vlan_pcp,output:2'",
         [oxm("vlan_vid", 100 | OFPVID_PRESENT)], "vlan_pcp", 5,
         "ipv4/tcp", {}, {}, None)])
    FILES["action-25_SET_FIELD-07_VLAN_PCP"][1]["tests"][0] = egress(
        frame("ipv4/tcp", tags=tag),
        frame("ipv4/tcp", tags=[{"vid": 100, "pcp": 5}]))

    for v in ("4", "6"):
        tosf = "tos" if v == "4" else "traffic_class"
        m = L3["ipv" + v]
        kind = "ipv%s/tcp" % v
        sf("08", "IP_DSCP_IPv" + v, [
            ("ethernet/ipv%s(dscp=8)/tcp-->'actions=set_field:10->ip_dscp,"
             "output:2'" % v, m, "ip_dscp", 10, kind, {L: {tosf: 33}},
             {L: {tosf: 41}}, ())])
        sf("09", "IP_ECN_IPv" + v, [
            ("ethernet/ipv%s(ecn=1)/tcp-->'actions=set_field:2->ip_ecn,"
             "output:2'" % v, m, "ip_ecn", 2, kind, {L: {tosf: 33}},
             {L: {tosf: 34}}, ())])

    m4 = L3["ipv4"]
    sf("11", "IPV4_SRC", [
        ("ethernet/ipv4/tcp-->'actions=set_field:10.10.10.10->ipv4_src,"
         "output:2'", m4, "ipv4_src", "10.10.10.10", "ipv4/tcp", {},
         {L: {"src": "10.10.10.10"}}, ()),
        ("ethernet/ipv4/udp-->'actions=set_field:10.10.10.10->ipv4_src,"
         "output:2'", m4, "ipv4_src", "10.10.10.10", "ipv4/udp", {},
         {L: {"src": "10.10.10.10"}}, ()),
        ("ethernet/vlan/ipv4/icmp-->'actions=set_field:10.10.10.10->"
         "ipv4_src,output:2'", m4, "ipv4_src", "10.10.10.10", "ipv4/icmp",
         {}, {L: {"src": "10.10.10.10"}}, [{"vid": 100}])])
    sf("12", "IPV4_DST", [
        ("ethernet/ipv4/tcp-->'actions=set_field:10.10.20.20->ipv4_dst,"
         "output:2'", m4, "ipv4_dst", "10.10.20.20", "ipv4/tcp", {},
         {L: {"dst": "10.10.20.20"}}, ()),
        ("ethernet/ipv4/sctp-->'actions=set_field:10.10.20.20->ipv4_dst,"
         "output:2'", m4, "ipv4_dst", "10.10.20.20", "ipv4/sctp", {},
         {L: {"dst": "10.10.20.20"}}, ())])

    for num, proto in (("13", "tcp"), ("15", "udp"), ("17", "sctp")):
        up = proto.upper()
        dnum = "%02d" % (int(num) + 1)
        for v in ("4", "6"):
            m = L3["ipv" + v] + [oxm("ip_proto", IPPROTO[proto])]
            kind = "ipv%s/%s" % (v, proto)
            sf(num, "%s_SRC_IPv%s" % (up, v), [
                ("ethernet/ipv%s/%s-->'actions=set_field:12345->%s_src,"
                 "output:2'" % (v, proto, proto), m, proto + "_src", 12345,
                 kind, {}, {P: {"src_port": 12345}}, ())])
            sf(dnum, "%s_DST_IPv%s" % (up, v), [
                ("ethernet/ipv%s/%s-->'actions=set_field:6789->%s_dst,"
                 "output:2'" % (v, proto, proto), m, proto + "_dst", 6789,
                 kind, {}, {P: {"dst_port": 6789}}, ())])

    mi = m4 + [oxm("ip_proto", 1)]
    sf("19", "ICMPV4_TYPE", [
        ("ethernet/ipv4/icmp(type=8)-->'actions=set_field:0->icmpv4_type,"
         "output:2'", mi, "icmpv4_type", 0, "ipv4/icmp", {},
         {P: {"type_": 0}}, ())])
    sf("20", "ICMPV4_CODE", [
        ("ethernet/ipv4/icmp(code=0)-->'actions=set_field:5->icmpv4_code,"
         "output:2'", mi, "icmpv4_code", 5, "ipv4/icmp", {},
         {P: {"code": 5}}, ())])

    ma = L3["arp"]
    for num, field, attr, value in (
            ("21", "arp_op", "opcode", 2),
            ("22", "arp_spa", "src_ip", "10.10.10.10"),
            ("23", "arp_tpa", "dst_ip", "10.10.20.20"),
            ("24", "arp_sha", "src_mac", "12:11:11:11:11:99"),
            ("25", "arp_tha", "dst_mac", "22:22:22:22:22:99")):
        sf(num, field.upper(), [
            ("ethernet/arp-->'actions=set_field:%s->%s,output:2'"
             % (value, field), ma, field, value, "arp", {},
             {L: {attr: value}}, ())])

    m6 = L3["ipv6"]
    sf("26", "IPV6_SRC", [
        ("ethernet/ipv6/tcp-->'actions=set_field:a0::a0->ipv6_src,"
         "output:2'", m6, "ipv6_src", "a0::a0", "ipv6/tcp", {},
         {L: {"src": "a0::a0"}}, ()),
        ("ethernet/ipv6/icmpv6-->'actions=set_field:a0::a0->ipv6_src,"
         "output:2'", m6, "ipv6_src", "a0::a0", "ipv6/icmpv6", {},
         {L: {"src": "a0::a0"}}, ())])
    sf("27", "IPV6_DST", [
        ("ethernet/ipv6/udp-->'actions=set_field:b0::b0->ipv6_dst,"
         "output:2'", m6, "ipv6_dst", "b0::b0", "ipv6/udp", {},
         {L: {"dst": "b0::b0"}}, ())])
    sf("28", "IPV6_FLABEL", [
        ("ethernet/ipv6/tcp-->'actions=set_field:203->ipv6_flabel,"
         "output:2'", m6, "ipv6_flabel", 203, "ipv6/tcp", {},
         {L: {"flow_label": 203}}, ())])
    mi6 = m6 + [oxm("ip_proto", 58)]
    sf("29", "ICMPV6_TYPE", [
        ("ethernet/ipv6/icmpv6(type=128)-->'actions=set_field:129->"
         "icmpv6_type,output:2'", mi6, "icmpv6_type", 129, "ipv6/icmpv6",
         {}, {P: {"type_": 129}}, ())])
    sf("30", "ICMPV6_CODE", [
        ("ethernet/ipv6/icmpv6(code=0)-->'actions=set_field:3->"
         "icmpv6_code,output:2'", mi6, "icmpv6_code", 3, "ipv6/icmpv6",
         {}, {P: {"code": 3}}, ())])
    mns = mi6 + [oxm("icmpv6_type", 135)]
    mna = mi6 + [oxm("icmpv6_type", 136)]
    sf("31", "IPV6_ND_TARGET", [
        ("ethernet/ipv6/icmpv6(type=135)-->'actions=set_field:20::99->"
         "ipv6_nd_target,output:2'", mns, "ipv6_nd_target", "20::99",
         "nd_ns", {}, {P: {"dst": "20::99"}}, ())])
    sf("32", "IPV6_ND_SLL", [
        ("ethernet/ipv6/icmpv6(type=135)-->'actions=set_field:"
         "12:11:11:11:11:99->ipv6_nd_sll,output:2'", mns, "ipv6_nd_sll",
         "12:11:11:11:11:99", "nd_ns", {}, {P: {"ll": "12:11:11:11:11:99"}},
         ())])
    sf("33", "IPV6_ND_TLL", [
        ("ethernet/ipv6/icmpv6(type=136)-->'actions=set_field:"
         "22:22:22:22:22:99->ipv6_nd_tll,output:2'", mna, "ipv6_nd_tll",
         "22:22:22:22:22:99", "nd_na", {}, {P: {"ll": "22:22:22:22:22:99"}},
         ())])


# ---- Groups. ----


def bucket(*actions, weight=0, watch_port=None):
    b = {"actions": list(actions)}
    if weight:
        b["weight"] = weight
    if watch_port is not None:
        b["watch_port"] = watch_port
    return {"OFPBucket": b}


def group_mod(group_id, gtype, buckets):
    return {"OFPGroupMod": {"group_id": group_id, "type": gtype,
                            "buckets": buckets}}


def in_port_match(port):
    return {"oxm_fields": [oxm("in_port", port)]}


def stream(data, pktps, seconds):
    return {"packets": {"data": data, "pktps": pktps,
                        "duration_time": seconds}}


def throughput(*ports_kbps):
    return {"throughput": [dict({"OFPMatch": in_port_match(port)}, kbps=kbps)
                           for port, kbps in ports_kbps]}


BIG = "(b'\\x11' * (1000 - %d))"
RANDOM_IPV4 = [eth(ETH_IP),
               "ipv4(proto=6, src=netaddr.IPAddress(randint(0, 2 ** 32 - 1)),"
               " dst=netaddr.IPAddress(randint(0, 2 ** 32 - 1)))",
               "tcp(src_port=randint(0, 2 ** 16 - 1), "
               "dst_port=randint(0, 2 ** 16 - 1))", BIG % 54]
FIXED_IPV4 = [eth(ETH_IP), "ipv4(proto=6)", "tcp()", BIG % 54]


def groups():
    to_group = [flow([oxm("in_port", "target_recv_port")],
                     [apply({"OFPActionGroup": {"group_id": 1}})])]
    p2, p3 = "target_send_port_1", "target_send_port_2"
    # The tool sends at a rate it does not hold (about 15 % short on a busy
    # machine): a meter in front of the group makes the rate the group
    # sees exact, so long as more than that is offered.
    metered_group = [flow([oxm("in_port", "target_recv_port")],
                          [{"OFPInstructionMeter": {"meter_id": 1}},
                           apply({"OFPActionGroup": {"group_id": 1}})])]
    add("group-00_ALL", "group: 00_ALL",
        test("ethernet/ipv4/tcp-->'in_port=1,actions=group:all("
             "actions=output:2/actions=output:3)' (egress on port 2)",
             [group_mod(1, 0, [bucket(output(p2)), bucket(output(p3))])]
             + to_group, [egress(frame("ipv4/tcp"))]),
        test("1.6Mbps(ethernet/ipv4/tcp)-->'in_port=1,actions=meter:"
             "800kbps(drop),group:all(actions=output:2/actions=output:3)'",
             [meter_800k(), group_mod(1, 0, [bucket(output(p2)),
                                             bucket(output(p3))])]
             + metered_group,
             [{"ingress": stream(FIXED_IPV4, 200, 5),
               "egress": throughput((2, 781), (3, 781))}]))
    # Hashing splits the 100 frames a second that pass the meter; over
    # 10 s a share is within 10 % of half with a probability of 99.8 %.
    add("group-01_SELECT_IP", "group: 01_SELECT_IP",
        test("1.6Mbps(ethernet/ipv4(src,dst=random)/tcp(random ports))-->"
             "'in_port=1,actions=meter:800kbps(drop),group:select("
             "actions=output:2/actions=output:3)'",
             [meter_800k(), group_mod(1, 1, [bucket(output(p2), weight=1),
                                             bucket(output(p3), weight=1)])]
             + metered_group,
             [{"ingress": stream(RANDOM_IPV4, 200, 10),
               "egress": throughput((2, 390), (3, 390))}]))
    add("group-02_INDIRECT", "group: 02_INDIRECT",
        test("ethernet/ipv4/tcp-->'in_port=1,actions=group:indirect("
             "actions=set_field:22:22:22:22:22:99->eth_dst,output:2)'",
             [group_mod(1, 2, [bucket(set_field("eth_dst",
                                                "22:22:22:22:22:99"),
                                      output(p2))])] + to_group,
             [egress(frame("ipv4/tcp"),
                     frame("ipv4/tcp",
                           eth_over={"dst": "22:22:22:22:22:99"}))]))
    # Each bucket of an ALL group starts from the frame as it entered
    # the group.
    add("group-00_ALL_clone", "group: 00_ALL (buckets act on copies)",
        test("ethernet/ipv4/tcp-->'in_port=1,actions=group:all("
             "actions=set_field:22:22:22:22:22:99->eth_dst,set_field:"
             "10.0.0.1->ipv4_src,output:3/actions=output:2)'",
             [group_mod(1, 0, [bucket(set_field("eth_dst",
                                                "22:22:22:22:22:99"),
                                      set_field("ipv4_src", "10.0.0.1"),
                                      output(p3)),
                               bucket(output(p2))])] + to_group,
             [egress(frame("ipv4/tcp"))]))
    # A group may chain to another.
    add("group-02_INDIRECT_chain", "group: 02_INDIRECT (chained)",
        test("ethernet/ipv4/tcp-->'in_port=1,actions=group:1; group 1: "
             "indirect(actions=dec_nw_ttl,group:2); group 2: all("
             "actions=output:2/actions=output:3)'",
             [group_mod(2, 0, [bucket(output(p2)), bucket(output(p3))]),
              group_mod(1, 2, [bucket({"OFPActionDecNwTtl": {}},
                                      {"OFPActionGroup": {"group_id": 2}})])]
             + to_group,
             [egress(frame("ipv4/tcp"),
                     frame("ipv4/tcp", l3_over={"ttl": 63}))]))
    # Port 4 does not exist, so its bucket is down.
    add("group-03_FF", "group: 03_FF",
        test("ethernet/ipv4/tcp-->'in_port=1,actions=group:ff("
             "watch_port=4:output:3/watch_port=2:output:2)'",
             [group_mod(1, 3, [bucket(output(p3), watch_port=4),
                               bucket(output(p2), watch_port=2)])]
             + to_group, [egress(frame("ipv4/tcp"))]),
        test("ethernet/ipv4/tcp-->'in_port=1,actions=group:ff("
             "watch_port=2:output:2/watch_port=3:output:3)'",
             [group_mod(1, 3, [bucket(output(p2), watch_port=2),
                               bucket(output(p3), watch_port=3)])]
             + to_group, [egress(frame("ipv4/tcp"))]))


# ---- Meters. ----


def meter_800k():
    """Meter 1: drop above 800 kbit/s (100 frames of 1000 bytes a second),
    with a burst of 10 such frames."""
    return meter_mod(1, 1 | 4, {"OFPMeterBandDrop": {"rate": 800,
                                                     "burst_size": 80}})


def meter_mod(meter_id, flags, band):
    return {"OFPMeterMod": {"meter_id": meter_id, "flags": flags,
                            "bands": [band]}}


def meters():
    metered = [flow([oxm("in_port", "target_recv_port")],
                    [{"OFPInstructionMeter": {"meter_id": 1}},
                     apply(output())])]
    # Flags 0 (no unit: kbps) must come back as 0 in the meter config
    # reply, as upstream's meter tests install them.
    add("meter-00_NO_FLAGS", "meter: 00_NO_FLAGS",
        test("ethernet/ipv4/tcp-->'in_port=1,actions=meter:100Mbps(drop),"
             "output:2' (flags=0)",
             [meter_mod(1, 0, {"OFPMeterBandDrop": {"rate": 100000}})]
             + metered, [egress(frame("ipv4/tcp"))]))
    # Small bursts (OFPMF_BURST): with the default of a second's worth, a
    # short run would measure the full bucket on top of the rate.
    kbps, pktps, burst = 1, 2, 4
    # 200 frames of 1000 bytes a second: 1600 kbit/s.
    add("meter-01_DROP_00_KBPS", "meter: 01_DROP_00_KBPS",
        test("1.6Mbps(ethernet/ipv4/tcp)-->'in_port=1,"
             "actions=meter:800kbps(drop),output:2'",
             [meter_mod(1, kbps | burst,
                        {"OFPMeterBandDrop": {"rate": 800,
                                              "burst_size": 80}})]
             + metered,
             [{"ingress": stream(FIXED_IPV4, 200, 5),
               "egress": throughput((2, 781))}]))
    add("meter-01_DROP_01_PKTPS", "meter: 01_DROP_01_PKTPS",
        test("200pktps(ethernet/ipv4/tcp)-->'in_port=1,"
             "actions=meter:100pktps(drop),output:2'",
             [meter_mod(1, pktps | burst,
                        {"OFPMeterBandDrop": {"rate": 100,
                                              "burst_size": 10}})]
             + metered,
             [{"ingress": stream(FIXED_IPV4, 200, 5),
               "egress": {"throughput": [{"OFPMatch": in_port_match(2),
                                          "pktps": 100}]}}]))
    # Frames over the rate leave with their drop precedence raised by
    # prec_level: DSCP 10 (AF11) becomes 12 (AF12).
    dscp_match = [oxm("in_port", 2), oxm("eth_type", ETH_IP)]
    # Meter 1 in table 0 makes the rate exact (see groups()); meter 2 in
    # table 1 remarks what exceeds half of it, raising the drop
    # precedence by prec_level: DSCP 10 (AF11) becomes 12 (AF12).
    dscp_match = [oxm("in_port", 2), oxm("eth_type", ETH_IP)]
    add("meter-02_DSCP_REMARK_00_KBPS", "meter: 02_DSCP_REMARK_00_KBPS",
        test("1.6Mbps(ethernet/ipv4(dscp=10)/tcp)-->'table 0: in_port=1,"
             "actions=meter:800kbps(drop),goto_table:1; table 1: "
             "actions=meter:400kbps(dscp_remark:prec_level=1),output:2'",
             [meter_800k(),
              meter_mod(2, kbps | burst,
                        {"OFPMeterBandDscpRemark": {"rate": 400,
                                                    "burst_size": 40,
                                                    "prec_level": 1}}),
              flow([oxm("in_port", "target_recv_port")],
                   [{"OFPInstructionMeter": {"meter_id": 1}}, goto(1)]),
              flow([], [{"OFPInstructionMeter": {"meter_id": 2}},
                        apply(output())], table=1)],
             [{"ingress": stream([eth(ETH_IP), "ipv4(proto=6, tos=40)",
                                  "tcp()", BIG % 54], 200, 8),
               "egress": {"throughput": [
                   {"OFPMatch": {"oxm_fields": dscp_match
                                 + [oxm("ip_dscp", 10)]}, "kbps": 390},
                   {"OFPMatch": {"oxm_fields": dscp_match
                                 + [oxm("ip_dscp", 12)]}, "kbps": 390}]}}]))


# ---- MPLS (one label stack entry visible to matching). ----

MPLS_PRE = [oxm("eth_type", ETH_MPLS)]


def mpls_matches():
    one, other = [{}], [{"label": 101}]
    match_test("match-34_MPLS_LABEL", "match: 34_MPLS_LABEL",
               "ethernet/mpls(label=100)/ipv4/tcp-->'eth_type=0x8847,"
               "mpls_label=100,actions=output:2'",
               MPLS_PRE + [oxm("mpls_label", 100)], "ipv4/tcp",
               {"labels": one}, {"labels": other}, where="none")
    FILES["match-34_MPLS_LABEL"].append(
        test("ethernet/mpls(label=100)/mpls/ipv4/tcp-->'eth_type=0x8848,"
             "mpls_label=100,actions=output:2' (outer label only)",
             [flow([oxm("eth_type", ETH_MPLS_MCAST),
                    oxm("mpls_label", 100)], [apply(output())])],
             [egress(frame("ipv4/tcp", labels=[{}, {"label": 7}],
                           mpls_type=ETH_MPLS_MCAST)),
              miss(frame("ipv4/tcp", labels=[{"label": 7}, {}],
                         mpls_type=ETH_MPLS_MCAST))]))
    match_test("match-35_MPLS_TC", "match: 35_MPLS_TC",
               "ethernet/mpls(exp=3)/ipv4/tcp-->'eth_type=0x8847,"
               "mpls_tc=3,actions=output:2'",
               MPLS_PRE + [oxm("mpls_tc", 3)], "ipv4/tcp",
               {"labels": one}, {"labels": [{"exp": 4}]}, where="none")
    match_test("match-36_MPLS_BOS", "match: 36_MPLS_BOS",
               "ethernet/mpls(bsb=1)/ipv4/tcp-->'eth_type=0x8847,"
               "mpls_bos=1,actions=output:2'",
               MPLS_PRE + [oxm("mpls_bos", 1)], "ipv4/tcp",
               {"labels": one}, {"labels": [{}, {}]}, where="none")


def mpls_actions():
    push = {"OFPActionPushMpls": {"ethertype": ETH_MPLS}}
    push_m = {"OFPActionPushMpls": {"ethertype": ETH_MPLS_MCAST}}
    pop_ip = {"OFPActionPopMpls": {"ethertype": ETH_IP}}
    pop_mpls = {"OFPActionPopMpls": {"ethertype": ETH_MPLS}}
    add("action-19_PUSH_MPLS", "action: 19_PUSH_MPLS",
        action_test("ethernet/ipv4(ttl=64)/tcp-->'eth_type=0x0800,"
                    "actions=push_mpls:0x8847,output:2' (label 0, TC 0, "
                    "the IP TTL)", L3["ipv4"], [push, output()],
                    frame("ipv4/tcp"),
                    frame("ipv4/tcp", labels=[{"label": 0, "exp": 0}])),
        action_test("ethernet/vlan/ipv4/tcp-->'eth_type=0x0800,"
                    "actions=push_mpls:0x8848,set_field:100->mpls_label,"
                    "output:2' (after the tag)", L3["ipv4"],
                    [push_m, set_field("mpls_label", 100), output()],
                    frame("ipv4/tcp", tags=[{"vid": 100}]),
                    frame("ipv4/tcp", tags=[{"vid": 100}],
                          labels=[{"exp": 0}], mpls_type=ETH_MPLS_MCAST)))
    add("action-19_PUSH_MPLS_multiple", "action: 19_PUSH_MPLS (multiple)",
        action_test("ethernet/mpls(label=100,exp=3,ttl=64)/ipv4/tcp-->"
                    "'eth_type=0x8847,actions=push_mpls:0x8847,"
                    "set_field:200->mpls_label,output:2' (the new entry "
                    "copies TC and TTL)", MPLS_PRE,
                    [push, set_field("mpls_label", 200), output()],
                    frame("ipv4/tcp", labels=[{}]),
                    frame("ipv4/tcp", labels=[{"label": 200}, {}])))
    add("action-20_POP_MPLS", "action: 20_POP_MPLS",
        action_test("ethernet/mpls/ipv4/tcp-->'eth_type=0x8847,"
                    "actions=pop_mpls:0x0800,output:2'", MPLS_PRE,
                    [pop_ip, output()], frame("ipv4/tcp", labels=[{}]),
                    frame("ipv4/tcp")),
        action_test("ethernet/vlan/mpls/mpls/ipv4/tcp-->'eth_type=0x8847,"
                    "actions=pop_mpls:0x8847,output:2'", MPLS_PRE,
                    [pop_mpls, output()],
                    frame("ipv4/tcp", tags=[{"vid": 100}],
                          labels=[{"label": 200}, {}]),
                    frame("ipv4/tcp", tags=[{"vid": 100}], labels=[{}])))
    add("action-15_SET_MPLS_TTL", "action: 15_SET_MPLS_TTL",
        action_test("ethernet/mpls(ttl=64)/ipv4/tcp-->'eth_type=0x8847,"
                    "actions=set_mpls_ttl:32,output:2'", MPLS_PRE,
                    [{"OFPActionSetMplsTtl": {"mpls_ttl": 32}}, output()],
                    frame("ipv4/tcp", labels=[{}]),
                    frame("ipv4/tcp", labels=[{"ttl": 32}])))
    add("action-16_DEC_MPLS_TTL", "action: 16_DEC_MPLS_TTL",
        action_test("ethernet/mpls(ttl=64)/ipv4/tcp-->'eth_type=0x8847,"
                    "actions=dec_mpls_ttl,output:2'", MPLS_PRE,
                    [{"OFPActionDecMplsTtl": {}}, output()],
                    frame("ipv4/tcp", labels=[{}]),
                    frame("ipv4/tcp", labels=[{"ttl": 63}])))
    add("action-11_COPY_TTL_OUT", "action: 11_COPY_TTL_OUT",
        action_test("ethernet/ipv4(ttl=64)/tcp-->'eth_type=0x0800,"
                    "actions=push_mpls:0x8847,set_mpls_ttl:10,copy_ttl_out,"
                    "output:2'", L3["ipv4"],
                    [push, {"OFPActionSetMplsTtl": {"mpls_ttl": 10}},
                     {"OFPActionCopyTtlOut": {}}, output()],
                    frame("ipv4/tcp"),
                    frame("ipv4/tcp", labels=[{"label": 0, "exp": 0}])))
    for num, name, field, value, over in (
            ("34", "MPLS_LABEL", "mpls_label", 200, {"label": 200}),
            ("35", "MPLS_TC", "mpls_tc", 5, {"exp": 5})):
        add("action-25_SET_FIELD-%s_%s" % (num, name),
            "action: set_field: %s_%s" % (num, name),
            action_test("ethernet/mpls/ipv4/tcp-->'eth_type=0x8847,"
                        "actions=set_field:%d->%s,output:2'"
                        % (value, field), MPLS_PRE,
                        [set_field(field, value), output()],
                        frame("ipv4/tcp", labels=[{}]),
                        frame("ipv4/tcp", labels=[over])))


def main():
    matches()
    mpls_matches()
    actions()
    mpls_actions()
    groups()
    meters()
    here = os.path.dirname(os.path.abspath(sys.argv[0]))
    for name in os.listdir(here):
        if name.endswith(".json"):
            os.unlink(os.path.join(here, name))
    for name, content in sorted(FILES.items()):
        with open(os.path.join(here, name + ".json"), "w") as f:
            json.dump(content, f, indent=4)
            f.write("\n")


if __name__ == "__main__":
    main()
