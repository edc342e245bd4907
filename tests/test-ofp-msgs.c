/* Tests for ofp-msgs, ofp-errors and ofp-util: framing and validation,
 * hello negotiation, multipart splitting, round trips of every message in
 * every version, decoding of byte strings that Open vSwitch 3.1's
 * "ovs-ofctl ofp-print" decodes as the comments say, and the errors
 * malformed messages get. */
#include <config.h>
#include "ofp-util.h"

#include <string.h>
#include "ofp-actions.h"
#include "ofp-match.h"
#include "ofproto.h"
#include "osw/dynamic-string.h"
#include "osw/ofpbuf.h"
#include "testlib.h"

static const uint8_t versions[] = {
    OFP10_VERSION, OFP13_VERSION, OFP14_VERSION, OFP15_VERSION
};

/* Returns a new buffer holding the bytes of 'hex'. */
static struct ofpbuf *
hex_to_buf(const char *hex)
{
    struct ofpbuf *b = ofpbuf_new(strlen(hex) / 2);
    const char *end = ofpbuf_put_hex(b, hex, NULL);
    CHECK(*end == '\0');
    return b;
}

static const struct ofp_header *
oh_of(const struct ofpbuf *b)
{
    return b->data;
}

/* Checks that 'msg''s header length matches its size and that it
 * decodes as 'type'. */
static void
check_msg(const struct ofpbuf *msg, enum ofptype type)
{
    enum ofptype got;
    CHECK_EQ(ntohs(oh_of(msg)->length), msg->size);
    CHECK_EQ(ofptype_decode(&got, oh_of(msg)), 0);
    CHECK_EQ(got, type);
}

static enum ofperr
decode_hex(const char *hex)
{
    struct ofpbuf *b = hex_to_buf(hex);
    enum ofptype type;
    enum ofperr error = ofptype_decode(&type, b->data);
    ofpbuf_delete(b);
    return error;
}

static void
sample_match(struct match *m)
{
    match_init_catchall(m);
    match_set_dl_type(m, htons(0x0800));
    match_set_nw_proto(m, 6);
    match_set_tp_dst(m, htons(80));
    match_set_in_port(m, 3);
}

static void
sample_actions(struct ofpbuf *ofpacts, const char *s)
{
    ofpbuf_init(ofpacts, 64);
    char *error = ofpacts_parse(s, ofpacts, NULL, NULL);
    if (error) {
        osw_test_fail(__FILE__, __LINE__, "ofpacts_parse: %s", error);
    }
}

/* ---- ofp-errors. ---- */

OSW_TEST(errors_names_and_numbers)
{
    CHECK_STREQ(ofperr_get_name(OFPERR_OFPBRC_BAD_TYPE), "OFPBRC_BAD_TYPE");
    CHECK_EQ(ofperr_from_name("OFPERR_OFPBRC_BAD_LEN"), OFPERR_OFPBRC_BAD_LEN);
    CHECK_EQ(ofperr_from_name("OFPFMFC_OVERLAP"), OFPERR_OFPFMFC_OVERLAP);
    CHECK_EQ(ofperr_from_name("nonsense"), 0);
    CHECK(!ofperr_is_valid(0));
    CHECK(ofperr_is_valid(OFPERR_OFPBFC_MSG_UNSUP));

    /* Same error, different numbers per version. */
    CHECK_EQ(ofperr_get_type(OFPERR_OFPFMFC_OVERLAP, OFP10_VERSION), 3);
    CHECK_EQ(ofperr_get_code(OFPERR_OFPFMFC_OVERLAP, OFP10_VERSION), 1);
    CHECK_EQ(ofperr_get_type(OFPERR_OFPFMFC_OVERLAP, OFP13_VERSION), 5);
    CHECK_EQ(ofperr_get_code(OFPERR_OFPFMFC_OVERLAP, OFP13_VERSION), 3);
    CHECK_EQ(ofperr_get_type(OFPERR_OFPBMC_BAD_PREREQ, OFP13_VERSION), 4);
    CHECK_EQ(ofperr_get_code(OFPERR_OFPBMC_BAD_PREREQ, OFP13_VERSION), 9);
    CHECK_EQ(ofperr_get_type(OFPERR_OFPMMFC_BAD_BAND, OFP13_VERSION), 12);
    CHECK_EQ(ofperr_get_code(OFPERR_OFPMMFC_BAD_BAND, OFP13_VERSION), 8);
    CHECK_EQ(ofperr_get_type(OFPERR_OFPBPC_BAD_LEN, OFP14_VERSION), 14);
    CHECK_EQ(ofperr_get_type(OFPERR_OFPPMFC_BAD_PORT, OFP10_VERSION), 4);
    CHECK_EQ(ofperr_get_type(OFPERR_OFPPMFC_BAD_PORT, OFP13_VERSION), 7);

    /* Decoding maps exact numbers back, never approximations. */
    CHECK_EQ(ofperr_decode(OFP13_VERSION, 5, 3), OFPERR_OFPFMFC_OVERLAP);
    CHECK_EQ(ofperr_decode(OFP10_VERSION, 3, 1), OFPERR_OFPFMFC_OVERLAP);
    CHECK_EQ(ofperr_decode(OFP10_VERSION, 1, 5), OFPERR_OFPBRC_EPERM);
    CHECK_EQ(ofperr_decode(OFP13_VERSION, 1, 10), OFPERR_OFPBRC_IS_SLAVE);
    CHECK_EQ(ofperr_decode(OFP13_VERSION, 99, 0), 0);

    /* 1.0 has no table error: both table errors go out as Open vSwitch's
     * (1,512), which comes back as a table error, never as
     * OFPFMFC_BAD_FLAGS (3,5). */
    CHECK_EQ(ofperr_get_type(OFPERR_OFPFMFC_BAD_TABLE_ID, OFP10_VERSION), 1);
    CHECK_EQ(ofperr_get_code(OFPERR_OFPFMFC_BAD_TABLE_ID, OFP10_VERSION),
             512);
    CHECK_EQ(ofperr_get_code(OFPERR_OFPBRC_BAD_TABLE_ID, OFP10_VERSION), 512);
    CHECK_EQ(ofperr_decode(OFP10_VERSION, 1, 512), OFPERR_OFPBRC_BAD_TABLE_ID);
    CHECK_EQ(ofperr_decode(OFP10_VERSION, 3, 5), OFPERR_OFPFMFC_BAD_FLAGS);

    for (int e = OFPERR_OFPHFC_INCOMPATIBLE; e < OFPERR_N_ERRORS_END; e++) {
        CHECK(ofperr_is_valid(e));
        CHECK_EQ(ofperr_from_name(ofperr_get_name(e)), e);
        for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
            CHECK(ofperr_get_type(e, versions[i]) >= 0);
            CHECK(ofperr_get_code(e, versions[i]) >= 0);
        }
        /* 1.3 numbers are exact for everything 1.3 defines. */
        if (e < OFPERR_OFPBPC_BAD_TYPE && e != OFPERR_OFPBIC_DUP_INST) {
            CHECK_EQ(ofperr_decode(OFP13_VERSION,
                                   ofperr_get_type(e, OFP13_VERSION),
                                   ofperr_get_code(e, OFP13_VERSION)), e);
        }
        CHECK_EQ(ofperr_decode(OFP14_VERSION,
                               ofperr_get_type(e, OFP14_VERSION),
                               ofperr_get_code(e, OFP14_VERSION)), e);
    }
}

OSW_TEST(errors_encode_reply)
{
    /* A 100-byte echo request: the error carries its first 64 bytes. */
    struct ofpbuf *req = ofpraw_alloc_xid(OFPRAW_OFPT_ECHO_REQUEST,
                                          OFP13_VERSION, htonl(42), 92);
    ofpbuf_put_zeros(req, 92);
    ofpmsg_update_length(req);

    struct ofpbuf *err = ofperr_encode_reply(OFPERR_OFPBRC_BAD_LEN,
                                             req->data);
    CHECK_EQ(err->size, 12 + 64);
    check_msg(err, OFPTYPE_ERROR);
    CHECK_EQ(oh_of(err)->xid, htonl(42));
    CHECK_EQ(oh_of(err)->version, OFP13_VERSION);

    struct ofpbuf payload;
    CHECK_EQ(ofperr_decode_msg(err->data, &payload), OFPERR_OFPBRC_BAD_LEN);
    CHECK_EQ(payload.size, 64);
    CHECK(!memcmp(payload.data, req->data, 64));
    ofpbuf_delete(err);

    /* OFPT_ERROR type 1 code 6 in 1.0 too. */
    ((struct ofp_header *) req->data)->version = OFP10_VERSION;
    err = ofperr_encode_reply(OFPERR_OFPBRC_BAD_LEN, req->data);
    const struct ofp_error_msg *em = err->data;
    CHECK_EQ(ntohs(em->type), 1);
    CHECK_EQ(ntohs(em->code), 6);
    ofpbuf_delete(err);
    ofpbuf_delete(req);

    err = ofperr_encode_hello(OFPERR_OFPHFC_INCOMPATIBLE, OFP10_VERSION,
                              "no common version");
    CHECK_EQ(ofperr_decode_msg(err->data, &payload),
             OFPERR_OFPHFC_INCOMPATIBLE);
    CHECK_EQ(payload.size, strlen("no common version"));
    ofpbuf_delete(err);

    struct ds s = DS_EMPTY_INITIALIZER;
    ofperr_format(&s, OFPERR_OFPGMFC_LOOP);
    ofperr_format(&s, 7);
    CHECK_STREQ(ds_cstr(&s), "OFPGMFC_LOOPOFPERR_UNKNOWN(7)");
    ds_destroy(&s);
}

/* ---- Framing and validation. ---- */

OSW_TEST(decode_rejects_malformed)
{
    /* Too short for a header. */
    CHECK_EQ(decode_hex("01000004"
                        "00000000"), OFPERR_OFPBRC_BAD_LEN);
    /* 1.1 and 1.2 and 0x07 are not spoken. */
    CHECK_EQ(decode_hex("0200000800000001"), OFPERR_OFPBRC_BAD_VERSION);
    CHECK_EQ(decode_hex("0300000800000001"), OFPERR_OFPBRC_BAD_VERSION);
    CHECK_EQ(decode_hex("0700000800000001"), OFPERR_OFPBRC_BAD_VERSION);
    /* Unknown type; 1.0 has no type 29 (1.3's meter mod). */
    CHECK_EQ(decode_hex("011e000800000001"), OFPERR_OFPBRC_BAD_TYPE);
    CHECK_EQ(decode_hex("011d000800000001"), OFPERR_OFPBRC_BAD_TYPE);
    CHECK_EQ(decode_hex("04ff000800000001"), OFPERR_OFPBRC_BAD_TYPE);
    /* Features request with a body. */
    CHECK_EQ(decode_hex("0105000c0000000100000000"), OFPERR_OFPBRC_BAD_LEN);
    /* Set config one byte short. */
    CHECK_EQ(decode_hex("0409000b00000001000000"), OFPERR_OFPBRC_BAD_LEN);
    /* Unknown multipart type 99, and a stats header cut short. */
    CHECK_EQ(decode_hex("04120010000000010063000000000000"),
             OFPERR_OFPBRC_BAD_STAT);
    CHECK_EQ(decode_hex("0412000c000000010000000000000000"),
             OFPERR_OFPBRC_BAD_LEN);
    /* Unknown vendor, unknown Nicira subtype, vendor header cut short. */
    CHECK_EQ(decode_hex("0104001000000001000012340000000a"),
             OFPERR_OFPBRC_BAD_VENDOR);
    CHECK_EQ(decode_hex("01040010000000010000232000000063"),
             OFPERR_OFPBRC_BAD_SUBTYPE);
    CHECK_EQ(decode_hex("0104000c0000000100002320"), OFPERR_OFPBRC_BAD_LEN);
    /* NXT_SET_FLOW_FORMAT with 3 bytes instead of 4. */
    CHECK_EQ(decode_hex("010400130000000100002320" "0000000c" "000000"),
             OFPERR_OFPBRC_BAD_LEN);
    /* 1.0 port desc reply not a multiple of 48. */
    {
        struct ofpbuf *b = hex_to_buf("0111000d00000001000d0000");
        ofpbuf_put_zeros(b, 47);
        ((struct ofp_header *) b->data)->length = htons(b->size);
        enum ofptype type;
        CHECK_EQ(ofptype_decode(&type, b->data), OFPERR_OFPBRC_BAD_LEN);
        ofpbuf_put_zeros(b, 1);
        ((struct ofp_header *) b->data)->length = htons(b->size);
        CHECK_EQ(ofptype_decode(&type, b->data), 0);
        CHECK_EQ(type, OFPTYPE_PORT_DESC_STATS_REPLY);
        ofpbuf_delete(b);
    }
    /* Vendor stats: unknown vendor in 1.0, Nicira in 1.3. */
    CHECK_EQ(decode_hex("0110001800000001ffff000000001234"
                        "0000000000000000"), OFPERR_OFPBRC_BAD_VENDOR);
    CHECK_EQ(decode_hex("0412001800000001ffff00000000000000002320"
                        "00000000"), OFPERR_OFPBRC_BAD_SUBTYPE);
    /* 1.0 flow stats request must be exactly 44 bytes of body. */
    CHECK_EQ(decode_hex("01100014000000010001000000000000"
                        "00000000"), OFPERR_OFPBRC_BAD_LEN);
}

OSW_TEST(decode_identifies_types)
{
    static const struct {
        const char *hex;
        enum ofptype type;
        enum ofpraw raw;
    } cases[] = {
        { "0100000800000001", OFPTYPE_HELLO, OFPRAW_OFPT_HELLO },
        { "0402000800000001", OFPTYPE_ECHO_REQUEST,
          OFPRAW_OFPT_ECHO_REQUEST },
        { "0112000800000001", OFPTYPE_BARRIER_REQUEST,
          OFPRAW_OFPT10_BARRIER_REQUEST },
        { "0414000800000001", OFPTYPE_BARRIER_REQUEST,
          OFPRAW_OFPT11_BARRIER_REQUEST },
        { "0415000800000001", OFPTYPE_BARRIER_REPLY,
          OFPRAW_OFPT11_BARRIER_REPLY },
        { "041a000800000001", OFPTYPE_GET_ASYNC_REQUEST,
          OFPRAW_OFPT13_GET_ASYNC_REQUEST },
        { "0110000c0000000100000000", OFPTYPE_DESC_STATS_REQUEST,
          OFPRAW_OFPST_DESC_REQUEST },
        { "04120010000000010008000000000000",
          OFPTYPE_GROUP_FEATURES_STATS_REQUEST,
          OFPRAW_OFPST12_GROUP_FEATURES_REQUEST },
        { "0412001000000001000d000000000000", OFPTYPE_PORT_DESC_STATS_REQUEST,
          OFPRAW_OFPST11_PORT_DESC_REQUEST },
        { "0612001800000001000d000000000000ffffffff00000000",
          OFPTYPE_PORT_DESC_STATS_REQUEST,
          OFPRAW_OFPST15_PORT_DESC_REQUEST },
        { "01040014000000010000232000000010"
          "00000001", OFPTYPE_SET_PACKET_IN_FORMAT,
          OFPRAW_NXT_SET_PACKET_IN_FORMAT },
        { "0404001400000001000023200000000c"
          "00000002", OFPTYPE_SET_FLOW_FORMAT, OFPRAW_NXT_SET_FLOW_FORMAT },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct ofpbuf *b = hex_to_buf(cases[i].hex);
        enum ofpraw raw;
        enum ofptype type;
        CHECK_EQ(ofpraw_decode(&raw, b->data), 0);
        CHECK_EQ(raw, cases[i].raw);
        CHECK_EQ(ofptype_decode(&type, b->data), 0);
        CHECK_EQ(type, cases[i].type);

        /* ofpraw_pull() leaves the body. */
        size_t size = b->size;
        CHECK_EQ(ofpraw_pull(&raw, b), 0);
        const struct ofp_header *oh = b->header;
        CHECK_EQ(b->size, size - ofpraw_header_len(raw, oh->version));
        CHECK(b->header != NULL);
        CHECK(b->msg == b->data);
        ofpbuf_delete(b);
    }
    CHECK_STREQ(ofptype_get_name(OFPTYPE_FLOW_MOD), "FLOW_MOD");
    CHECK_STREQ(ofpraw_get_name(OFPRAW_NXT_FLOW_MOD), "NXT_FLOW_MOD");
    /* 1.5's OFPMP_FLOW_DESC prints as ovs-ofctl prints it. */
    CHECK_STREQ(ofpraw_get_name(OFPRAW_OFPST15_FLOW_REPLY),
                "OFPST_FLOW reply");
    CHECK(ofptype_is_stats_request(OFPTYPE_PORT_STATS_REQUEST));
    CHECK(!ofptype_is_stats_request(OFPTYPE_PORT_STATS_REPLY));
    CHECK(!ofptype_is_stats_request(OFPTYPE_FLOW_MOD));
}

OSW_TEST(alloc_sets_headers)
{
    for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
        uint8_t v = versions[i];
        struct ofpbuf *msg = ofputil_encode_barrier_request(v);
        check_msg(msg, OFPTYPE_BARRIER_REQUEST);
        CHECK(oh_of(msg)->xid != 0);
        struct ofpbuf *reply = ofputil_encode_barrier_reply(msg->data);
        check_msg(reply, OFPTYPE_BARRIER_REPLY);
        CHECK_EQ(oh_of(reply)->xid, oh_of(msg)->xid);
        ofpbuf_delete(reply);
        ofpbuf_delete(msg);

        msg = ofputil_encode_echo_request(v);
        ofpbuf_put(msg, "abc", 3);
        ofpmsg_update_length(msg);
        reply = ofputil_encode_echo_reply(msg->data);
        check_msg(reply, OFPTYPE_ECHO_REPLY);
        CHECK_EQ(reply->size, 11);
        CHECK(!memcmp((char *) reply->data + 8, "abc", 3));
        ofpbuf_delete(reply);
        ofpbuf_delete(msg);
    }
    CHECK(ofputil_alloc_xid() != ofputil_alloc_xid());
}

/* ---- Hello. ---- */

OSW_TEST(hello_encode_decode)
{
    /* ovs-ofctl: "OFPT_HELLO (OF1.3): version bitmap: 0x01, 0x04". */
    struct ofpbuf *msg = ofputil_encode_hello(
        OFPUTIL_VERSION_BIT(OFP10_VERSION)
        | OFPUTIL_VERSION_BIT(OFP13_VERSION));
    ((struct ofp_header *) msg->data)->xid = htonl(0x13);
    struct ofpbuf *expect = hex_to_buf("04000010000000130001000800000012");
    CHECK(ofpbuf_equal(msg, expect));
    ofpbuf_delete(expect);

    uint32_t allowed;
    CHECK(ofputil_decode_hello(msg->data, &allowed));
    CHECK_EQ(allowed, 0x12);
    ofpbuf_delete(msg);

    /* A 1.0-only hello has no body. */
    msg = ofputil_encode_hello(OFPUTIL_VERSION_BIT(OFP10_VERSION));
    CHECK_EQ(msg->size, 8);
    CHECK_EQ(oh_of(msg)->version, OFP10_VERSION);
    ofpbuf_delete(msg);

    /* Without a bitmap: every version up to the header's. */
    struct ofpbuf *b = hex_to_buf("0500000800000001");
    CHECK(ofputil_decode_hello(b->data, &allowed));
    CHECK_EQ(allowed, 0x3e);
    ofpbuf_delete(b);

    /* Unknown elements are skipped; the bitmap after them counts. */
    b = hex_to_buf("06000018000000010063000500000000"
                   "0001000800000042");
    CHECK(ofputil_decode_hello(b->data, &allowed));
    CHECK_EQ(allowed, 0x42);
    ofpbuf_delete(b);

    /* Malformed: element longer than the message; empty bitmap. */
    b = hex_to_buf("040000100000000100010010" "00000012");
    CHECK(!ofputil_decode_hello(b->data, &allowed));
    ofpbuf_delete(b);
    b = hex_to_buf("0400000c0000000100010004");
    CHECK(!ofputil_decode_hello(b->data, &allowed));
    ofpbuf_delete(b);

    CHECK_EQ(ofputil_negotiate_version(OFPUTIL_DEFAULT_VERSIONS, 0x12),
             OFP13_VERSION);
    CHECK_EQ(ofputil_negotiate_version(OFPUTIL_DEFAULT_VERSIONS, 0x02),
             OFP10_VERSION);
    CHECK_EQ(ofputil_negotiate_version(OFPUTIL_DEFAULT_VERSIONS, 0x0c), 0);
    CHECK_EQ(ofputil_negotiate_version(OFPUTIL_DEFAULT_VERSIONS, 0x7e),
             OFP15_VERSION);
    CHECK_STREQ(ofputil_version_to_string(OFP14_VERSION), "OpenFlow14");
    CHECK_EQ(ofputil_version_from_string("openflow13"), OFP13_VERSION);
    CHECK_EQ(ofputil_versions_from_string("OpenFlow10,OpenFlow15"), 0x42);
    CHECK_EQ(ofputil_versions_from_string("OpenFlow10,bogus"), 0);
}

/* ---- Multipart. ---- */

OSW_TEST(multipart_split)
{
    for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
        uint8_t v = versions[i];
        struct ofpbuf *req = ofputil_encode_port_stats_request(v, OFPP_NONE);
        struct osw_list replies;
        const int n = 2000;

        ofpmp_init(&replies, req->data);
        for (int j = 0; j < n; j++) {
            struct ofputil_port_stats ps = { .port_no = j % 1000 + 1,
                                             .rx_packets = j };
            ofputil_append_port_stat(&replies, &ps);
        }
        CHECK(osw_list_size(&replies) > 1);

        int count = 0;
        struct ofpbuf *msg;
        OSW_LIST_FOR_EACH (msg, list_node, &replies) {
            bool last = &msg->list_node == osw_list_back(&replies);
            CHECK(msg->size <= UINT16_MAX);
            check_msg(msg, OFPTYPE_PORT_STATS_REPLY);
            CHECK_EQ(ofpmp_more(msg->data), !last);
            CHECK_EQ(oh_of(msg)->xid, oh_of(req)->xid);

            struct ofpbuf b;
            struct ofputil_port_stats ps;
            int retval;
            ofpbuf_use_const(&b, msg->data, msg->size);
            while (!(retval = ofputil_decode_port_stats(&ps, &b))) {
                CHECK_EQ(ps.rx_packets, count);
                count++;
            }
            CHECK_EQ(retval, EOF);
        }
        CHECK_EQ(count, n);
        ofpmp_free(&replies);
        ofpbuf_delete(req);
    }
}

OSW_TEST(multipart_split_variable_entries)
{
    /* Flow stats entries of varying size; postappend moves the entry that
     * overflows. */
    struct ofputil_flow_stats_request fsr = {
        .out_port = OFPP_NONE, .out_group = OFPG_ANY, .table_id = OFPTT_ALL,
    };
    struct ofpbuf ofpacts;
    sample_actions(&ofpacts, "output:1,output:2,output:3");
    match_init_catchall(&fsr.match);

    struct ofpbuf *req = ofputil_encode_flow_stats_request(
        &fsr, OFPUTIL_P_OF13_OXM);
    struct osw_list replies;
    ofpmp_init(&replies, req->data);
    for (int j = 0; j < 1500; j++) {
        struct ofputil_flow_stats fs = { .priority = j, .idle_age = -1,
                                         .hard_age = -1 };
        sample_match(&fs.match);
        fs.ofpacts = ofpacts.data;
        fs.ofpacts_len = j % 2 ? ofpacts.size : 0;
        ofputil_append_flow_stats_reply(&fs, &replies);
    }

    int count = 0;
    struct ofpbuf *msg;
    struct ofpbuf decoded;
    ofpbuf_init(&decoded, 64);
    OSW_LIST_FOR_EACH (msg, list_node, &replies) {
        CHECK(msg->size <= UINT16_MAX);
        check_msg(msg, OFPTYPE_FLOW_STATS_REPLY);
        struct ofpbuf b;
        struct ofputil_flow_stats fs;
        int retval;
        ofpbuf_use_const(&b, msg->data, msg->size);
        while (!(retval = ofputil_decode_flow_stats_reply(&fs, &b,
                                                          &decoded))) {
            CHECK_EQ(fs.priority, count);
            CHECK_EQ(fs.ofpacts_len, count % 2 ? ofpacts.size : 0);
            count++;
        }
        CHECK_EQ(retval, EOF);
    }
    CHECK_EQ(count, 1500);
    CHECK(osw_list_size(&replies) > 1);
    ofpmp_free(&replies);
    ofpbuf_delete(req);
    ofpbuf_uninit(&decoded);
    ofpbuf_uninit(&ofpacts);
}

/* ---- Protocols. ---- */

OSW_TEST(protocols)
{
    enum ofputil_protocol next;
    struct ofpbuf *msg;

    CHECK_EQ(ofputil_protocol_from_ofp_version(OFP10_VERSION),
             OFPUTIL_P_OF10_STD);
    CHECK_EQ(ofputil_protocol_from_ofp_version(OFP12_VERSION), 0);
    CHECK_EQ(ofputil_protocol_to_ofp_version(OFPUTIL_P_OF10_NXM_TID),
             OFP10_VERSION);
    CHECK_EQ(ofputil_protocol_to_ofp_version(OFPUTIL_P_OF15_OXM),
             OFP15_VERSION);
    CHECK_EQ(ofputil_protocol_set_tid(OFPUTIL_P_OF10_NXM, true),
             OFPUTIL_P_OF10_NXM_TID);
    CHECK_EQ(ofputil_protocol_set_base(OFPUTIL_P_OF10_STD_TID,
                                       OFPUTIL_P_OF10_NXM),
             OFPUTIL_P_OF10_NXM_TID);
    CHECK_EQ(ofputil_protocols_from_string("OpenFlow10,OXM-OpenFlow13"),
             OFPUTIL_P_OF10_STD_ANY | OFPUTIL_P_OF13_OXM);
    CHECK_EQ(ofputil_protocols_from_string("nope"), 0);
    char *s = ofputil_protocols_to_string(OFPUTIL_P_OF10_NXM
                                          | OFPUTIL_P_OF14_OXM);
    CHECK_STREQ(s, "NXM-table_id,OXM-OpenFlow14");
    free(s);
    CHECK_EQ(ofputil_protocols_to_version_bitmap(OFPUTIL_P_OF10_NXM
                                                 | OFPUTIL_P_OF13_OXM),
             0x12);

    /* OF10_STD -> NXM_TID takes two messages. */
    msg = ofputil_encode_set_protocol(OFPUTIL_P_OF10_STD,
                                      OFPUTIL_P_OF10_NXM_TID, &next);
    CHECK(msg != NULL);
    CHECK_EQ(next, OFPUTIL_P_OF10_NXM);
    enum ofputil_protocol base;
    CHECK_EQ(ofputil_decode_nx_set_flow_format(msg->data, &base), 0);
    CHECK_EQ(base, OFPUTIL_P_OF10_NXM);
    ofpbuf_delete(msg);

    msg = ofputil_encode_set_protocol(next, OFPUTIL_P_OF10_NXM_TID, &next);
    CHECK(msg != NULL);
    CHECK_EQ(next, OFPUTIL_P_OF10_NXM_TID);
    bool enable;
    CHECK_EQ(ofputil_decode_flow_mod_table_id(msg->data, &enable), 0);
    CHECK(enable);
    ofpbuf_delete(msg);
    CHECK(!ofputil_encode_set_protocol(next, OFPUTIL_P_OF10_NXM_TID, &next));
    CHECK(!ofputil_encode_set_protocol(OFPUTIL_P_OF13_OXM,
                                       OFPUTIL_P_OF10_NXM, &next));
    CHECK_EQ(next, OFPUTIL_P_OF13_OXM);

    /* An unknown flow format is refused. */
    msg = ofputil_encode_nx_set_flow_format(7);
    CHECK_EQ(ofputil_decode_nx_set_flow_format(msg->data, &base),
             OFPERR_OFPBRC_EPERM);
    ofpbuf_delete(msg);

    enum nx_packet_in_format pif;
    msg = ofputil_encode_set_packet_in_format(OFP13_VERSION,
                                              NXPIF_NXT_PACKET_IN);
    CHECK_EQ(ofputil_decode_set_packet_in_format(msg->data, &pif), 0);
    CHECK_EQ(pif, NXPIF_NXT_PACKET_IN);
    ofpbuf_delete(msg);
    msg = ofputil_encode_set_packet_in_format(OFP10_VERSION,
                                              NXPIF_NXT_PACKET_IN2);
    CHECK_EQ(ofputil_decode_set_packet_in_format(msg->data, &pif),
             OFPERR_OFPBRC_EPERM);
    ofpbuf_delete(msg);

    uint16_t id;
    msg = ofputil_encode_set_controller_id(OFP10_VERSION, 0x1234);
    check_msg(msg, OFPTYPE_SET_CONTROLLER_ID);
    CHECK_EQ(ofputil_decode_set_controller_id(msg->data, &id), 0);
    CHECK_EQ(id, 0x1234);
    /* Decoding the wrong kind of message. */
    CHECK_EQ(ofputil_decode_flow_mod_table_id(msg->data, &enable),
             OFPERR_OFPBRC_BAD_TYPE);
    ofpbuf_delete(msg);
}

/* ---- Round trips. ---- */

static const struct ofputil_phy_port sample_port = {
    .port_no = 1, .hw_addr = { { 0, 1, 2, 3, 4, 5 } }, .name = "eth0",
    .config = OFPUTIL_PC_NO_PACKET_IN, .state = OFPUTIL_PS_LINK_DOWN,
    .curr = OFPUTIL_PF_1GB_FD | OFPUTIL_PF_COPPER,
    .advertised = OFPUTIL_PF_1GB_FD, .supported = OFPUTIL_PF_10GB_FD,
    .peer = OFPUTIL_PF_AUTONEG, .curr_speed = 1000000,
    .max_speed = 10000000,
};

static void
check_port_equal(const struct ofputil_phy_port *a,
                 const struct ofputil_phy_port *b)
{
    CHECK_EQ(a->port_no, b->port_no);
    CHECK(eth_addr_equals(a->hw_addr, b->hw_addr));
    CHECK_STREQ(a->name, b->name);
    CHECK_EQ(a->config, b->config);
    CHECK_EQ(a->state, b->state);
    CHECK_EQ(a->curr, b->curr);
    CHECK_EQ(a->advertised, b->advertised);
    CHECK_EQ(a->supported, b->supported);
    CHECK_EQ(a->peer, b->peer);
    CHECK_EQ(a->curr_speed, b->curr_speed);
    CHECK_EQ(a->max_speed, b->max_speed);
}

OSW_TEST(roundtrip_features_and_ports)
{
    for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
        uint8_t v = versions[i];
        enum ofputil_protocol p = ofputil_protocol_from_ofp_version(v);
        struct ofputil_switch_features sf = {
            .datapath_id = 0x123456789aULL, .n_buffers = 256,
            .n_tables = 254, .auxiliary_id = v >= OFP13_VERSION ? 0 : 0,
            .capabilities = (OFPUTIL_C_FLOW_STATS | OFPUTIL_C_PORT_STATS
                             | OFPUTIL_C_QUEUE_STATS),
            .actions = v == OFP10_VERSION ? 0xfff : 0,
        };
        struct ofpbuf *msg = ofputil_encode_switch_features(&sf, v,
                                                            htonl(9));
        ofputil_put_switch_features_port(&sample_port, msg);
        check_msg(msg, OFPTYPE_FEATURES_REPLY);

        struct ofputil_switch_features sf2;
        struct ofpbuf b;
        CHECK_EQ(ofputil_decode_switch_features(msg->data, &sf2, &b), 0);
        CHECK_EQ(sf2.datapath_id, sf.datapath_id);
        CHECK_EQ(sf2.n_buffers, sf.n_buffers);
        CHECK_EQ(sf2.n_tables, sf.n_tables);
        CHECK_EQ(sf2.auxiliary_id, sf.auxiliary_id);
        CHECK_EQ(sf2.capabilities, sf.capabilities);
        CHECK_EQ(sf2.actions, sf.actions);
        struct ofputil_phy_port pp;
        if (v == OFP10_VERSION) {
            CHECK_EQ(ofputil_pull_phy_port(v, &b, &pp), 0);
            check_port_equal(&pp, &sample_port);
        }
        CHECK_EQ(ofputil_pull_phy_port(v, &b, &pp), EOF);
        ofpbuf_delete(msg);

        /* Port status. */
        struct ofputil_port_status ps = { OFPPR_ADD, sample_port }, ps2;
        msg = ofputil_encode_port_status(&ps, p);
        check_msg(msg, OFPTYPE_PORT_STATUS);
        CHECK_EQ(ofputil_decode_port_status(msg->data, &ps2), 0);
        CHECK_EQ(ps2.reason, OFPPR_ADD);
        check_port_equal(&ps2.desc, &sample_port);
        ofpbuf_delete(msg);

        /* Port description. */
        uint16_t port;
        struct ofpbuf *req = ofputil_encode_port_desc_stats_request(v, 7);
        check_msg(req, OFPTYPE_PORT_DESC_STATS_REQUEST);
        CHECK_EQ(ofputil_decode_port_desc_stats_request(req->data, &port), 0);
        CHECK_EQ(port, v == OFP15_VERSION ? 7 : OFPP_NONE);
        struct osw_list replies;
        ofpmp_init(&replies, req->data);
        ofputil_append_port_desc_stats_reply(&sample_port, &replies);
        ofputil_append_port_desc_stats_reply(&sample_port, &replies);
        msg = CONTAINER_OF(osw_list_front(&replies), struct ofpbuf,
                           list_node);
        check_msg(msg, OFPTYPE_PORT_DESC_STATS_REPLY);
        ofpbuf_use_const(&b, msg->data, msg->size);
        for (int j = 0; j < 2; j++) {
            CHECK_EQ(ofputil_decode_port_desc_stats_reply(&b, &pp), 0);
            check_port_equal(&pp, &sample_port);
        }
        CHECK_EQ(ofputil_decode_port_desc_stats_reply(&b, &pp), EOF);
        ofpmp_free(&replies);
        ofpbuf_delete(req);

        /* Port mod. */
        struct ofputil_port_mod pm = {
            .port_no = 5, .hw_addr = { { 2, 0, 0, 0, 0, 1 } },
            .config = OFPUTIL_PC_PORT_DOWN,
            .mask = OFPUTIL_PC_PORT_DOWN | OFPUTIL_PC_NO_PACKET_IN,
            .advertise = OFPUTIL_PF_1GB_FD,
        }, pm2;
        msg = ofputil_encode_port_mod(&pm, p);
        check_msg(msg, OFPTYPE_PORT_MOD);
        CHECK_EQ(ofputil_decode_port_mod(msg->data, &pm2, false), 0);
        CHECK(!memcmp(&pm, &pm2, sizeof pm));
        ofpbuf_delete(msg);
    }
}

OSW_TEST(port_mod_errors)
{
    struct ofputil_port_mod pm;
    /* 1.0 port mod with config bit 7 (undefined). */
    struct ofpbuf *b = hex_to_buf("010f002000000001000100010203040500000080"
                                  "000000800000000000000000");
    CHECK_EQ(ofputil_decode_port_mod(b->data, &pm, false),
             OFPERR_OFPPMFC_BAD_CONFIG);
    CHECK_EQ(ofputil_decode_port_mod(b->data, &pm, true), 0);
    CHECK_EQ(pm.config, 0);
    ofpbuf_delete(b);

    /* 1.3 port mod on an unusable 32-bit port. */
    b = hex_to_buf("04100028000000010000ff0000000000000102030405000000000001"
                   "00000001000000000000000000");
    CHECK_EQ(ofputil_decode_port_mod(b->data, &pm, false),
             OFPERR_OFPPMFC_BAD_PORT);
    ofpbuf_delete(b);

    /* 1.4 port mod with a property cut short and an unknown one. */
    b = hex_to_buf("05100028000000010000000100000000000102030405000000000001"
                   "000000010000000600000000");
    CHECK_EQ(ofputil_decode_port_mod(b->data, &pm, false),
             OFPERR_OFPBPC_BAD_LEN);
    ofpbuf_delete(b);
    b = hex_to_buf("05100028000000010000000100000000000102030405000000000001"
                   "0000000100050008000000ff");
    CHECK_EQ(ofputil_decode_port_mod(b->data, &pm, false),
             OFPERR_OFPBPC_BAD_TYPE);
    CHECK_EQ(ofputil_decode_port_mod(b->data, &pm, true), 0);
    ofpbuf_delete(b);
}

OSW_TEST(roundtrip_config_role_async_desc)
{
    for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
        uint8_t v = versions[i];
        struct ofputil_switch_config sc = { OFPC_FRAG_DROP, 0xffe5 }, sc2;
        struct ofpbuf *msg = ofputil_encode_set_config(&sc, v);
        check_msg(msg, OFPTYPE_SET_CONFIG);
        CHECK_EQ(ofputil_decode_switch_config(msg->data, &sc2), 0);
        CHECK_EQ(sc2.flags, OFPC_FRAG_DROP);
        CHECK_EQ(sc2.miss_send_len, 0xffe5);
        struct ofpbuf *req = ofputil_encode_get_config_request(v);
        check_msg(req, OFPTYPE_GET_CONFIG_REQUEST);
        ofpbuf_delete(msg);
        msg = ofputil_encode_get_config_reply(req->data, &sc);
        check_msg(msg, OFPTYPE_GET_CONFIG_REPLY);
        CHECK_EQ(oh_of(msg)->xid, oh_of(req)->xid);
        CHECK_EQ(ofputil_decode_switch_config(msg->data, &sc2), 0);
        CHECK_EQ(sc2.miss_send_len, 0xffe5);
        ofpbuf_delete(msg);
        ofpbuf_delete(req);

        /* Roles. */
        struct ofputil_role_request rr = { OFPCR12_ROLE_SLAVE, true, 99 };
        struct ofputil_role_request rr2;
        req = ofputil_encode_role_request(v, &rr);
        check_msg(req, OFPTYPE_ROLE_REQUEST);
        CHECK_EQ(ofputil_decode_role_message(req->data, &rr2), 0);
        CHECK_EQ(rr2.role, OFPCR12_ROLE_SLAVE);
        CHECK_EQ(rr2.have_generation_id, v != OFP10_VERSION);
        if (v != OFP10_VERSION) {
            CHECK_EQ(rr2.generation_id, 99);
        }
        msg = ofputil_encode_role_reply(req->data, &rr);
        check_msg(msg, OFPTYPE_ROLE_REPLY);
        CHECK_EQ(ofputil_decode_role_message(msg->data, &rr2), 0);
        CHECK_EQ(rr2.role, OFPCR12_ROLE_SLAVE);
        ofpbuf_delete(msg);
        ofpbuf_delete(req);

        msg = ofputil_encode_role_status(v, OFPCR12_ROLE_MASTER, 0, 5);
        if (v >= OFP14_VERSION) {
            check_msg(msg, OFPTYPE_ROLE_STATUS);
            ofpbuf_delete(msg);
        } else {
            CHECK(msg == NULL);
        }

        /* Async config, masks (1.0 NX, 1.3) or properties (1.4+). */
        struct ofputil_async_cfg cfg = {
            .packet_in = { 0x3, 0x1 }, .port_status = { 0x7, 0x5 },
            .flow_removed = { 0xf, 0x2 },
        }, cfg2;
        struct ofputil_async_cfg basis = ofputil_async_cfg_default(v);
        msg = ofputil_encode_set_async_config(&cfg, v);
        check_msg(msg, OFPTYPE_SET_ASYNC_CONFIG);
        CHECK_EQ(ofputil_decode_set_async_config(msg->data, false, &basis,
                                                 &cfg2), 0);
        CHECK(!memcmp(&cfg, &cfg2, sizeof cfg));
        ofpbuf_delete(msg);
        if (v >= OFP13_VERSION) {
            req = ofputil_encode_get_async_request(v);
            msg = ofputil_encode_get_async_reply(req->data, &cfg);
            check_msg(msg, OFPTYPE_GET_ASYNC_REPLY);
            CHECK_EQ(ofputil_decode_set_async_config(msg->data, false,
                                                     &basis, &cfg2), 0);
            CHECK(!memcmp(&cfg, &cfg2, sizeof cfg));
            ofpbuf_delete(msg);
            ofpbuf_delete(req);
        }

        /* Descriptions, with a string that fills its field. */
        struct ofputil_desc_stats ds, ds2;
        memset(&ds, 0, sizeof ds);
        strcpy(ds.mfr_desc, "osw project");
        memset(ds.serial_num, 'x', SERIAL_NUM_LEN - 1);
        strcpy(ds.dp_desc, "br0");
        req = ofputil_encode_desc_stats_request(v);
        msg = ofputil_encode_desc_stats_reply(&ds, req->data);
        check_msg(msg, OFPTYPE_DESC_STATS_REPLY);
        CHECK_EQ(ofputil_decode_desc_stats_reply(&ds2, msg->data), 0);
        CHECK(!memcmp(&ds, &ds2, sizeof ds));
        ofpbuf_delete(msg);
        ofpbuf_delete(req);
    }
}

OSW_TEST(role_and_async_errors)
{
    struct ofputil_role_request rr;
    struct ofpbuf *b = hex_to_buf("04180018000000010000000400000000"
                                  "0000000000000000");
    CHECK_EQ(ofputil_decode_role_message(b->data, &rr),
             OFPERR_OFPRRFC_BAD_ROLE);
    ofpbuf_delete(b);
    b = hex_to_buf("0104001400000001000023200000000a00000003");
    CHECK_EQ(ofputil_decode_role_message(b->data, &rr),
             OFPERR_OFPRRFC_BAD_ROLE);
    ofpbuf_delete(b);
    /* NX "other" is EQUAL without generation id. */
    b = hex_to_buf("0104001400000001000023200000000a00000000");
    CHECK_EQ(ofputil_decode_role_message(b->data, &rr), 0);
    CHECK_EQ(rr.role, OFPCR12_ROLE_EQUAL);
    CHECK(!rr.have_generation_id);
    ofpbuf_delete(b);

    struct ofputil_async_cfg basis = ofputil_async_cfg_default(OFP14_VERSION);
    struct ofputil_async_cfg cfg;
    /* One property changes only its mask. */
    b = hex_to_buf("051c001000000001" "0001000800000001");
    CHECK_EQ(ofputil_decode_set_async_config(b->data, false, &basis, &cfg),
             0);
    CHECK_EQ(cfg.packet_in[0], 1);
    CHECK_EQ(cfg.packet_in[1], basis.packet_in[1]);
    CHECK_EQ(cfg.flow_removed[0], basis.flow_removed[0]);
    ofpbuf_delete(b);
    /* Bad property length, unknown property. */
    b = hex_to_buf("051c001000000001" "000100070000000100");
    ((struct ofp_header *) b->data)->length = htons(b->size);
    CHECK_EQ(ofputil_decode_set_async_config(b->data, false, &basis, &cfg),
             OFPERR_OFPBPC_BAD_LEN);
    ofpbuf_delete(b);
    b = hex_to_buf("051c001000000001" "0040000800000001");
    CHECK_EQ(ofputil_decode_set_async_config(b->data, false, &basis, &cfg),
             OFPERR_OFPBPC_BAD_TYPE);
    CHECK_EQ(ofputil_decode_set_async_config(b->data, true, &basis, &cfg),
             0);
    ofpbuf_delete(b);
}

/* ---- Flows. ---- */

static const enum ofputil_protocol all_protocols[] = {
    OFPUTIL_P_OF10_STD, OFPUTIL_P_OF10_STD_TID, OFPUTIL_P_OF10_NXM,
    OFPUTIL_P_OF10_NXM_TID, OFPUTIL_P_OF13_OXM, OFPUTIL_P_OF14_OXM,
    OFPUTIL_P_OF15_OXM,
};

static bool
protocol_has_tid(enum ofputil_protocol p)
{
    return !(p & (OFPUTIL_P_OF10_STD | OFPUTIL_P_OF10_NXM));
}

OSW_TEST(roundtrip_flow_mod)
{
    struct ofpbuf ofpacts, decoded;
    sample_actions(&ofpacts, "output:2,output:3");
    ofpbuf_init(&decoded, 64);

    for (size_t i = 0; i < ARRAY_SIZE(all_protocols); i++) {
        enum ofputil_protocol p = all_protocols[i];
        uint8_t v = ofputil_protocol_to_ofp_version(p);
        for (uint16_t command = OFPFC_ADD; command <= OFPFC_DELETE_STRICT;
             command++) {
            struct ofputil_flow_mod fm = {
                .priority = 1234, .cookie = 0x11, .cookie_mask = 0xff,
                .new_cookie = 0x22, .table_id = 3, .command = command,
                .idle_timeout = 10, .hard_timeout = 20, .buffer_id = 77,
                .out_port = 4, .out_group = OFPG_ANY,
                .flags = OFPUTIL_FF_SEND_FLOW_REM | OFPUTIL_FF_CHECK_OVERLAP,
                .ofpacts = ofpacts.data, .ofpacts_len = ofpacts.size,
            }, fm2;
            sample_match(&fm.match);
            if (v >= OFP13_VERSION) {
                fm.flags |= OFPUTIL_FF_RESET_COUNTS | OFPUTIL_FF_NO_PKT_COUNTS;
                fm.out_group = 5;
            }
            if (v >= OFP14_VERSION) {
                fm.importance = 9;
            }

            struct ofpbuf *msg = ofputil_encode_flow_mod(&fm, p);
            check_msg(msg, OFPTYPE_FLOW_MOD);
            ofpbuf_clear(&decoded);
            CHECK_EQ(ofputil_decode_flow_mod(&fm2, msg->data, p, &decoded),
                     0);
            CHECK(match_equal(&fm.match, &fm2.match));
            CHECK_EQ(fm2.priority, 1234);
            CHECK_EQ(fm2.command, command);
            CHECK_EQ(fm2.idle_timeout, 10);
            CHECK_EQ(fm2.hard_timeout, 20);
            CHECK_EQ(fm2.buffer_id, 77);
            CHECK_EQ(fm2.out_port, 4);
            CHECK_EQ(fm2.out_group, fm.out_group);
            CHECK_EQ(fm2.flags, fm.flags);
            CHECK_EQ(fm2.importance, fm.importance);
            CHECK(ofpacts_equal(fm.ofpacts, fm.ofpacts_len,
                                fm2.ofpacts, fm2.ofpacts_len));
            if (protocol_has_tid(p)) {
                CHECK_EQ(fm2.table_id, 3);
            } else {
                CHECK_EQ(fm2.table_id, command == OFPFC_ADD ? 0 : OFPTT_ALL);
            }
            /* Cookies, per the semantics in ofp-util.h. */
            if (v == OFP10_VERSION) {
                CHECK_EQ(fm2.new_cookie, 0x22);
                CHECK(fm2.modify_cookie);
                bool nxm = (p & OFPUTIL_P_OF10_NXM_ANY) != 0;
                CHECK_EQ(fm2.cookie_mask, nxm ? 0xff : 0);
                CHECK_EQ(fm2.cookie, nxm ? 0x11 : 0);
            } else if (command == OFPFC_ADD) {
                CHECK_EQ(fm2.new_cookie, 0x22);
            } else {
                CHECK_EQ(fm2.cookie, 0x11);
                CHECK_EQ(fm2.cookie_mask, 0xff);
                CHECK(!fm2.modify_cookie);
            }
            ofpbuf_delete(msg);
        }
    }
    ofpbuf_uninit(&ofpacts);
    ofpbuf_uninit(&decoded);
}

OSW_TEST(flow_mod_known_bytes)
{
    /* ovs-ofctl ofp-print: "OFPT_FLOW_MOD (OF1.3) (xid=0x14): ADD
     * priority=100,tcp,in_port=3,tp_dst=80 cookie:0x55 idle:10
     * send_flow_rem actions=output:2". */
    struct ofpbuf *b = hex_to_buf(
        "040e006800000014000000000000005500000000000000000000000a00000064"
        "ffffffffffffffffffffffff000100000001001d800000040000000380000a02"
        "0800800014010680001c020050000000000400180000000000000010000000"
        "020000000000000000");
    struct ofpbuf ofpacts, expect_acts;
    struct ofputil_flow_mod fm;
    struct match m;

    ofpbuf_init(&ofpacts, 64);
    sample_actions(&expect_acts, "output:2");
    sample_match(&m);
    CHECK_EQ(ofputil_decode_flow_mod(&fm, b->data, OFPUTIL_P_OF13_OXM,
                                     &ofpacts), 0);
    CHECK(match_equal(&fm.match, &m));
    CHECK_EQ(fm.command, OFPFC_ADD);
    CHECK_EQ(fm.priority, 100);
    CHECK_EQ(fm.new_cookie, 0x55);
    CHECK_EQ(fm.idle_timeout, 10);
    CHECK_EQ(fm.buffer_id, OFP_NO_BUFFER);
    CHECK_EQ(fm.out_port, OFPP_NONE);
    CHECK_EQ(fm.flags, OFPUTIL_FF_SEND_FLOW_REM);
    CHECK(ofpacts_equal(fm.ofpacts, fm.ofpacts_len, expect_acts.data,
                        expect_acts.size));

    /* Re-encoding gives the same bytes (but the xid). */
    struct ofpbuf *again = ofputil_encode_flow_mod(&fm, OFPUTIL_P_OF13_OXM);
    ((struct ofp_header *) again->data)->xid = htonl(0x14);
    CHECK(ofpbuf_equal(again, b));
    ofpbuf_delete(again);
    ofpbuf_delete(b);

    /* "OFPT_FLOW_MOD (xid=0x4): ADD priority=100,tcp,in_port=3,tp_dst=80
     * cookie:0x55 idle:10 send_flow_rem actions=output:2" with the
     * table_id extension putting table 0 in the command's high byte. */
    b = hex_to_buf(
        "010e0050000000040038204e0003000000000000000000000000000000000800"
        "0006000000000000000000000000005000000000000000550000000a00000064"
        "ffffffffffff00010000000800020000");
    ofpbuf_clear(&ofpacts);
    CHECK_EQ(ofputil_decode_flow_mod(&fm, b->data, OFPUTIL_P_OF10_STD_TID,
                                     &ofpacts), 0);
    CHECK(match_equal(&fm.match, &m));
    CHECK_EQ(fm.table_id, 0);
    CHECK_EQ(fm.priority, 100);
    CHECK(ofpacts_equal(fm.ofpacts, fm.ofpacts_len, expect_acts.data,
                        expect_acts.size));
    ofpbuf_delete(b);

    /* Sent by "ovs-ofctl add-flow br0 table=3,priority=500,icmp,
     * actions=drop" (Open vSwitch 3.1) after NXT_FLOW_MOD_TABLE_ID. */
    b = hex_to_buf(
        "010e004800000008003820cf0000000000000000000000000000000000000800"
        "00010000000000000000000000000000000000000000000003000000000001f4"
        "ffffffffffff0000");
    ofpbuf_clear(&ofpacts);
    CHECK_EQ(ofputil_decode_flow_mod(&fm, b->data, OFPUTIL_P_OF10_STD_TID,
                                     &ofpacts), 0);
    CHECK_EQ(fm.table_id, 3);
    CHECK_EQ(fm.command, OFPFC_ADD);
    CHECK_EQ(fm.priority, 500);
    CHECK_EQ(fm.ofpacts_len, 0);
    CHECK_EQ(fm.match.flow.nw_proto, 1);
    /* Table 254 is carried as is (the switch, not the codec, decides
     * whether it exists). */
    ((uint8_t *) b->data)[offsetof(struct ofp10_flow_mod, command)] = 0xfe;
    ofpbuf_clear(&ofpacts);
    CHECK_EQ(ofputil_decode_flow_mod(&fm, b->data, OFPUTIL_P_OF10_STD_TID,
                                     &ofpacts), 0);
    CHECK_EQ(fm.table_id, 254);
    CHECK_EQ(fm.command, OFPFC_ADD);
    ((uint8_t *) b->data)[offsetof(struct ofp10_flow_mod, command)] = 0x00;
    /* Without the extension the same bytes are a table-0 ADD. */
    ofpbuf_clear(&ofpacts);
    CHECK_EQ(ofputil_decode_flow_mod(&fm, b->data, OFPUTIL_P_OF10_STD,
                                     &ofpacts), 0);
    CHECK_EQ(fm.table_id, 0);
    ofpbuf_delete(b);

    ofpbuf_uninit(&ofpacts);
    ofpbuf_uninit(&expect_acts);
}

OSW_TEST(flow_mod_errors)
{
    struct ofpbuf ofpacts;
    struct ofputil_flow_mod fm;
    struct ofpbuf *b;

    ofpbuf_init(&ofpacts, 64);
    /* 1.3: unknown command, unknown flag, ADD to table 255: patch a valid
     * message. */
    static const struct {
        size_t ofs;
        uint8_t value;
        enum ofperr error;
    } patches[] = {
        { offsetof(struct ofp11_flow_mod, command), 9,
          OFPERR_OFPFMFC_BAD_COMMAND },
        { offsetof(struct ofp11_flow_mod, flags) + 1, 0x40,
          OFPERR_OFPFMFC_BAD_FLAGS },
        { offsetof(struct ofp11_flow_mod, table_id), 0xff,
          OFPERR_OFPFMFC_BAD_TABLE_ID },
    };

    /* 1.3+: "all tables" (255) only for a delete, as Open vSwitch: a
     * modify naming it is OFPFMFC_BAD_TABLE_ID. */
    static const struct {
        uint8_t version;
        uint8_t command;
        enum ofperr error;
    } all_tables[] = {
        { OFP13_VERSION, OFPFC_MODIFY, OFPERR_OFPFMFC_BAD_TABLE_ID },
        { OFP13_VERSION, OFPFC_MODIFY_STRICT, OFPERR_OFPFMFC_BAD_TABLE_ID },
        { OFP15_VERSION, OFPFC_MODIFY, OFPERR_OFPFMFC_BAD_TABLE_ID },
        { OFP13_VERSION, OFPFC_DELETE, 0 },
        { OFP13_VERSION, OFPFC_DELETE_STRICT, 0 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(all_tables); i++) {
        struct ofputil_flow_mod good = {
            .command = all_tables[i].command, .buffer_id = OFP_NO_BUFFER,
            .out_port = OFPP_NONE, .out_group = OFPG_ANY,
            .table_id = OFPTT_ALL,
        };
        enum ofputil_protocol p = ofputil_protocol_from_ofp_version(
            all_tables[i].version);
        match_init_catchall(&good.match);
        b = ofputil_encode_flow_mod(&good, p);
        /* The encoder sends table 0 when 255 is not allowed... */
        const struct ofp11_flow_mod *ofm = b->data;
        CHECK_EQ(ofm->table_id, all_tables[i].error ? 0 : 0xff);
        /* ...so force 255 to test the decoder. */
        ((uint8_t *) b->data)[offsetof(struct ofp11_flow_mod, table_id)]
            = 0xff;
        ofpbuf_clear(&ofpacts);
        CHECK_EQ(ofputil_decode_flow_mod(&fm, b->data, p, &ofpacts),
                 all_tables[i].error);
        if (!all_tables[i].error) {
            CHECK_EQ(fm.table_id, OFPTT_ALL);
        }
        ofpbuf_delete(b);
    }
    for (size_t i = 0; i < ARRAY_SIZE(patches); i++) {
        struct ofputil_flow_mod good = {
            .command = OFPFC_ADD, .buffer_id = OFP_NO_BUFFER,
            .out_port = OFPP_NONE, .out_group = OFPG_ANY,
        };
        match_init_catchall(&good.match);
        b = ofputil_encode_flow_mod(&good, OFPUTIL_P_OF13_OXM);
        ((uint8_t *) b->data)[patches[i].ofs] = patches[i].value;
        ofpbuf_clear(&ofpacts);
        CHECK_EQ(ofputil_decode_flow_mod(&fm, b->data, OFPUTIL_P_OF13_OXM,
                                         &ofpacts), patches[i].error);
        ofpbuf_delete(b);
    }

    /* 1.3: match type 0 (1.1 standard match). */
    ofpbuf_clear(&ofpacts);
    b = hex_to_buf(
        "040e003800000001000000000000000000000000000000000000000000000064"
        "ffffffffffffffffffffffff000000000000000400000000");
    CHECK_EQ(ofputil_decode_flow_mod(&fm, b->data, OFPUTIL_P_OF13_OXM,
                                     &ofpacts), OFPERR_OFPBMC_BAD_TYPE);
    ofpbuf_delete(b);

    /* 1.0: the emergency flag. */
    ofpbuf_clear(&ofpacts);
    b = hex_to_buf(
        "010e0048000000010038204e0003000000000000000000000000000000000800"
        "0006000000000000000000000000005000000000000000550000000a00000064"
        "ffffffffffff0004");
    CHECK_EQ(ofputil_decode_flow_mod(&fm, b->data, OFPUTIL_P_OF10_STD,
                                     &ofpacts), OFPERR_OFPFMFC_BAD_FLAGS);
    ofpbuf_delete(b);

    /* 1.0: actions cut short (an output action needs 8 bytes). */
    ofpbuf_clear(&ofpacts);
    b = hex_to_buf(
        "010e004c000000010038204e0003000000000000000000000000000000000800"
        "0006000000000000000000000000005000000000000000550000000a00000064"
        "ffffffffffff000000000008");
    CHECK(ofputil_decode_flow_mod(&fm, b->data, OFPUTIL_P_OF10_STD,
                                  &ofpacts) != 0);
    ofpbuf_delete(b);

    /* Not a flow mod at all. */
    b = hex_to_buf("0402000800000001");
    CHECK_EQ(ofputil_decode_flow_mod(&fm, b->data, OFPUTIL_P_OF13_OXM,
                                     &ofpacts), OFPERR_OFPBRC_BAD_TYPE);
    ofpbuf_delete(b);
    ofpbuf_uninit(&ofpacts);
}

OSW_TEST(ofp10_exact_match_gets_top_priority)
{
    struct ofputil_flow_mod fm = {
        .priority = 5, .command = OFPFC_ADD, .buffer_id = OFP_NO_BUFFER,
        .out_port = OFPP_NONE, .out_group = OFPG_ANY,
    }, fm2;
    struct ofpbuf ofpacts;
    ofpbuf_init(&ofpacts, 64);
    match_init_catchall(&fm.match);
    struct ofpbuf *msg = ofputil_encode_flow_mod(&fm, OFPUTIL_P_OF10_STD);
    struct ofp10_flow_mod *ofm = msg->data;
    ofm->match.wildcards = htonl(0);
    CHECK_EQ(ofputil_decode_flow_mod(&fm2, msg->data, OFPUTIL_P_OF10_STD,
                                     &ofpacts), 0);
    CHECK_EQ(fm2.priority, UINT16_MAX);
    ofpbuf_delete(msg);
    ofpbuf_uninit(&ofpacts);
}

OSW_TEST(roundtrip_flow_stats)
{
    struct ofpbuf ofpacts, decoded;
    sample_actions(&ofpacts, "output:2");
    ofpbuf_init(&decoded, 64);

    for (size_t i = 0; i < ARRAY_SIZE(all_protocols); i++) {
        enum ofputil_protocol p = all_protocols[i];
        uint8_t v = ofputil_protocol_to_ofp_version(p);
        bool nxm = (p & OFPUTIL_P_OF10_NXM_ANY) != 0;

        for (int aggregate = 0; aggregate < 2; aggregate++) {
            struct ofputil_flow_stats_request fsr = {
                .aggregate = aggregate, .cookie = nxm || v > 1 ? 7 : 0,
                .cookie_mask = nxm || v > 1 ? 0xf : 0, .out_port = 9,
                .out_group = v > 1 ? 3 : OFPG_ANY, .table_id = 4,
            }, fsr2;
            sample_match(&fsr.match);
            struct ofpbuf *req = ofputil_encode_flow_stats_request(&fsr, p);
            check_msg(req, aggregate ? OFPTYPE_AGGREGATE_STATS_REQUEST
                      : OFPTYPE_FLOW_STATS_REQUEST);
            CHECK_EQ(ofputil_decode_flow_stats_request(&fsr2, req->data), 0);
            CHECK((match_equal(&fsr.match, &fsr2.match)
                      && fsr.cookie == fsr2.cookie
                      && fsr.cookie_mask == fsr2.cookie_mask
                      && fsr.out_port == fsr2.out_port
                      && fsr.out_group == fsr2.out_group
                      && fsr.table_id == fsr2.table_id
                      && fsr.aggregate == fsr2.aggregate));

            if (aggregate) {
                struct ofputil_aggregate_stats as = { 1ULL << 40, 99, 3 };
                struct ofputil_aggregate_stats as2;
                struct ofpbuf *reply
                    = ofputil_encode_aggregate_stats_reply(&as, req->data);
                check_msg(reply, OFPTYPE_AGGREGATE_STATS_REPLY);
                CHECK_EQ(oh_of(reply)->xid, oh_of(req)->xid);
                CHECK_EQ(ofputil_decode_aggregate_stats_reply(&as2,
                                                              reply->data),
                         0);
                CHECK_EQ(as2.packet_count, as.packet_count);
                CHECK_EQ(as2.byte_count, as.byte_count);
                CHECK_EQ(as2.flow_count, as.flow_count);
                ofpbuf_delete(reply);
                ofpbuf_delete(req);
                continue;
            }

            struct osw_list replies;
            struct ofputil_flow_stats fs = {
                .cookie = 0xabc, .table_id = 4, .duration_sec = 10,
                .duration_nsec = 500, .priority = 300, .idle_timeout = 60,
                .hard_timeout = 120, .idle_age = 5, .hard_age = 9,
                .packet_count = 1000, .byte_count = 64000,
                .flags = v >= OFP13_VERSION ? OFPUTIL_FF_SEND_FLOW_REM : 0,
                .importance = v >= OFP14_VERSION ? 2 : 0,
                .ofpacts = ofpacts.data, .ofpacts_len = ofpacts.size,
            }, fs2;
            sample_match(&fs.match);
            ofpmp_init(&replies, req->data);
            ofputil_append_flow_stats_reply(&fs, &replies);
            struct ofpbuf *reply = CONTAINER_OF(osw_list_front(&replies),
                                                struct ofpbuf, list_node);
            check_msg(reply, OFPTYPE_FLOW_STATS_REPLY);

            struct ofpbuf b;
            ofpbuf_use_const(&b, reply->data, reply->size);
            CHECK_EQ(ofputil_decode_flow_stats_reply(&fs2, &b, &decoded), 0);
            CHECK(match_equal(&fs.match, &fs2.match));
            CHECK_EQ(fs2.cookie, 0xabc);
            CHECK_EQ(fs2.table_id, 4);
            CHECK_EQ(fs2.priority, 300);
            CHECK_EQ(fs2.idle_timeout, 60);
            CHECK_EQ(fs2.hard_timeout, 120);
            CHECK_EQ(fs2.packet_count, 1000);
            CHECK_EQ(fs2.byte_count, 64000);
            CHECK_EQ(fs2.duration_sec, 10);
            CHECK_EQ(fs2.duration_nsec, 500);
            CHECK_EQ(fs2.flags, fs.flags);
            CHECK_EQ(fs2.importance, fs.importance);
            CHECK_EQ(fs2.idle_age, nxm || v == OFP15_VERSION ? 5 : -1);
            CHECK_EQ(fs2.hard_age, nxm ? 9 : -1);
            CHECK(ofpacts_equal(fs.ofpacts, fs.ofpacts_len,
                                fs2.ofpacts, fs2.ofpacts_len));
            CHECK_EQ(ofputil_decode_flow_stats_reply(&fs2, &b, &decoded),
                     EOF);
            ofpmp_free(&replies);
            ofpbuf_delete(req);
        }
    }
    ofpbuf_uninit(&ofpacts);
    ofpbuf_uninit(&decoded);
}

OSW_TEST(flow_stats_known_bytes)
{
    /* ovs-ofctl: "NXST_FLOW reply (xid=0x9): cookie=0x55, duration=1s,
     * table=0, n_packets=1, n_bytes=60, idle_timeout=10, idle_age=2,
     * hard_age=3, priority=100,tcp,in_port=3,tp_dst=80
     * actions=output:2". */
    struct ofpbuf *b = hex_to_buf(
        "0111006800000009ffff00000000232000000000000000000050000000000001"
        "000000000064000a000000170003000400000000000000550000000000000001"
        "000000000000003c00000002000300000602080000000c010600001402005000"
        "0000000800020000");
    struct ofpbuf ofpacts;
    struct ofputil_flow_stats fs;
    struct match m;

    sample_match(&m);
    ofpbuf_init(&ofpacts, 64);
    CHECK_EQ(ofputil_decode_flow_stats_reply(&fs, b, &ofpacts), 0);
    CHECK(match_equal(&fs.match, &m));
    CHECK_EQ(fs.cookie, 0x55);
    CHECK_EQ(fs.duration_sec, 1);
    CHECK_EQ(fs.packet_count, 1);
    CHECK_EQ(fs.byte_count, 60);
    CHECK_EQ(fs.idle_timeout, 10);
    CHECK_EQ(fs.idle_age, 2);
    CHECK_EQ(fs.hard_age, 3);
    CHECK_EQ(fs.priority, 100);
    CHECK_EQ(ofputil_decode_flow_stats_reply(&fs, b, &ofpacts), EOF);
    ofpbuf_delete(b);

    /* "OFPST_AGGREGATE reply (OF1.5) (xid=0x41): packet_count=10
     * byte_count=1000 flow_count=2". */
    struct ofputil_aggregate_stats as;
    b = hex_to_buf("0613003800000041000200000000000000000024800206040000000"
                   "280020808000000000000000a80020a0800000000000003e8000000"
                   "00");
    CHECK_EQ(ofputil_decode_aggregate_stats_reply(&as, b->data), 0);
    CHECK_EQ(as.packet_count, 10);
    CHECK_EQ(as.byte_count, 1000);
    CHECK_EQ(as.flow_count, 2);
    ofpbuf_delete(b);
    ofpbuf_uninit(&ofpacts);
}

OSW_TEST(roundtrip_flow_removed)
{
    for (size_t i = 0; i < ARRAY_SIZE(all_protocols); i++) {
        enum ofputil_protocol p = all_protocols[i];
        uint8_t v = ofputil_protocol_to_ofp_version(p);
        bool std10 = (p & OFPUTIL_P_OF10_STD_ANY) != 0;
        struct ofputil_flow_removed fr = {
            .cookie = 0x1122334455667788ULL, .priority = 7,
            .reason = OFPRR_HARD_TIMEOUT, .table_id = std10 ? 0 : 6,
            .duration_sec = 100, .duration_nsec = 200,
            .idle_timeout = 30,
            .hard_timeout = v >= OFP13_VERSION ? 40 : 0,
            .packet_count = 5, .byte_count = 500,
        }, fr2;
        sample_match(&fr.match);
        struct ofpbuf *msg = ofputil_encode_flow_removed(&fr, p);
        check_msg(msg, OFPTYPE_FLOW_REMOVED);
        CHECK_EQ(ofputil_decode_flow_removed(&fr2, msg->data), 0);
        CHECK(match_equal(&fr.match, &fr2.match));
        CHECK_EQ(fr2.cookie, fr.cookie);
        CHECK_EQ(fr2.priority, fr.priority);
        CHECK_EQ(fr2.reason, fr.reason);
        CHECK_EQ(fr2.table_id, fr.table_id);
        CHECK_EQ(fr2.duration_sec, fr.duration_sec);
        CHECK_EQ(fr2.duration_nsec, fr.duration_nsec);
        CHECK_EQ(fr2.idle_timeout, fr.idle_timeout);
        CHECK_EQ(fr2.hard_timeout, fr.hard_timeout);
        CHECK_EQ(fr2.packet_count, fr.packet_count);
        CHECK_EQ(fr2.byte_count, fr.byte_count);
        ofpbuf_delete(msg);
    }

    /* ovs-ofctl: "OFPT_FLOW_REMOVED (OF1.3) (xid=0x0):
     * priority=100,tcp,in_port=3,tp_dst=80 reason=idle table_id=0
     * cookie:0x55 duration5.000001s idle10 pkts3 bytes300". */
    struct ofpbuf *b = hex_to_buf(
        "040b00500000000000000000000000550064000000000005000003e8000a0000"
        "0000000000000003000000000000012c0001001d800000040000000380000a02"
        "0800800014010680001c020050000000");
    struct ofputil_flow_removed fr;
    struct match m;
    sample_match(&m);
    CHECK_EQ(ofputil_decode_flow_removed(&fr, b->data), 0);
    CHECK(match_equal(&fr.match, &m));
    CHECK_EQ(fr.cookie, 0x55);
    CHECK_EQ(fr.priority, 100);
    CHECK_EQ(fr.reason, OFPRR_IDLE_TIMEOUT);
    CHECK_EQ(fr.duration_sec, 5);
    CHECK_EQ(fr.duration_nsec, 1000);
    CHECK_EQ(fr.idle_timeout, 10);
    CHECK_EQ(fr.packet_count, 3);
    CHECK_EQ(fr.byte_count, 300);
    /* Trailing garbage after the match is refused. */
    ofpbuf_put_zeros(b, 8);
    ((struct ofp_header *) b->data)->length = htons(b->size);
    CHECK_EQ(ofputil_decode_flow_removed(&fr, b->data),
             OFPERR_OFPBRC_BAD_LEN);
    ofpbuf_delete(b);
}

static const uint8_t sample_packet[64] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 1, 2, 3, 4, 5, 0x08, 0x06,
};

OSW_TEST(roundtrip_packet_in)
{
    for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
        uint8_t v = versions[i];
        enum ofputil_protocol p = ofputil_protocol_from_ofp_version(v);
        for (int nx = 0; nx < 2; nx++) {
            struct ofputil_packet_in pin = {
                .packet = sample_packet, .packet_len = 60, .total_len = 64,
                .buffer_id = 0x33, .reason = OFPR_ACTION, .table_id = 2,
                .cookie = 0xfeed,
            }, pin2;
            match_init_catchall(&pin.flow_metadata);
            match_set_in_port(&pin.flow_metadata, 7);
            if (v > OFP10_VERSION || nx) {
                match_set_metadata_masked(&pin.flow_metadata, htonll(0x99),
                                          htonll(UINT64_MAX));
            }
            struct ofpbuf *msg = ofputil_encode_packet_in(
                &pin, p, nx ? NXPIF_NXT_PACKET_IN : NXPIF_STANDARD);
            check_msg(msg, OFPTYPE_PACKET_IN);
            CHECK_EQ(ofputil_decode_packet_in(&pin2, msg->data), 0);
            CHECK_EQ(pin2.packet_len, 60);
            CHECK(!memcmp(pin2.packet, sample_packet, 60));
            CHECK_EQ(pin2.total_len, 64);
            CHECK_EQ(pin2.buffer_id, 0x33);
            CHECK_EQ(pin2.reason, OFPR_ACTION);
            CHECK(match_equal(&pin.flow_metadata, &pin2.flow_metadata));
            if (v > OFP10_VERSION || nx) {
                CHECK_EQ(pin2.table_id, 2);
                CHECK_EQ(pin2.cookie, 0xfeed);
            }
            ofpbuf_delete(msg);
        }
    }

    /* 1.4 reasons reach 1.3 peers as OFPR_ACTION. */
    struct ofputil_packet_in pin = {
        .packet = sample_packet, .packet_len = 64, .total_len = 64,
        .buffer_id = OFP_NO_BUFFER, .reason = OFPR_GROUP,
    }, pin2;
    match_init_catchall(&pin.flow_metadata);
    struct ofpbuf *msg = ofputil_encode_packet_in(&pin, OFPUTIL_P_OF13_OXM,
                                                  NXPIF_STANDARD);
    CHECK_EQ(ofputil_decode_packet_in(&pin2, msg->data), 0);
    CHECK_EQ(pin2.reason, OFPR_ACTION);
    ofpbuf_delete(msg);

    /* ovs-ofctl: "NXT_PACKET_IN (xid=0x0): cookie=0x55 total_len=64
     * in_port=3 (via action) data_len=64 (unbuffered)". */
    struct ofpbuf *b = hex_to_buf(
        "01040072000000000000232000000011ffffffff004001000000000000000055"
        "000600000000000000000002000300000000ffffffffffff0001020304050806"
        "0000000000000000000000000000000000000000000000000000000000000000"
        "00000000000000000000000000000000000000");
    CHECK_EQ(ofputil_decode_packet_in(&pin2, b->data), 0);
    CHECK_EQ(pin2.flow_metadata.flow.in_port, 3);
    CHECK_EQ(pin2.cookie, 0x55);
    CHECK_EQ(pin2.packet_len, 64);
    CHECK_EQ(pin2.buffer_id, OFP_NO_BUFFER);
    /* Cut into the two pad bytes before the packet. */
    ((struct ofp_header *) b->data)->length = htons(16 + 24 + 8 + 1);
    CHECK_EQ(ofputil_decode_packet_in(&pin2, b->data),
             OFPERR_OFPBRC_BAD_LEN);
    ofpbuf_delete(b);
}

OSW_TEST(roundtrip_packet_out)
{
    struct ofpbuf ofpacts, decoded;
    sample_actions(&ofpacts, "output:2,output:TABLE");
    ofpbuf_init(&decoded, 64);

    for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
        uint8_t v = versions[i];
        enum ofputil_protocol p = ofputil_protocol_from_ofp_version(v);
        for (int buffered = 0; buffered < 2; buffered++) {
            struct ofputil_packet_out po = {
                .packet = buffered ? NULL : sample_packet,
                .packet_len = buffered ? 0 : 64,
                .buffer_id = buffered ? 12 : OFP_NO_BUFFER,
                .in_port = buffered ? OFPP_CONTROLLER : 5,
                .ofpacts = ofpacts.data, .ofpacts_len = ofpacts.size,
            }, po2;
            struct ofpbuf *msg = ofputil_encode_packet_out(&po, p);
            check_msg(msg, OFPTYPE_PACKET_OUT);
            ofpbuf_clear(&decoded);
            CHECK_EQ(ofputil_decode_packet_out(&po2, msg->data, &decoded),
                     0);
            CHECK_EQ(po2.buffer_id, po.buffer_id);
            CHECK_EQ(po2.in_port, po.in_port);
            CHECK_EQ(po2.packet_len, po.packet_len);
            if (!buffered) {
                CHECK(!memcmp(po2.packet, sample_packet, 64));
            }
            CHECK(ofpacts_equal(po.ofpacts, po.ofpacts_len,
                                po2.ofpacts, po2.ofpacts_len));
            ofpbuf_delete(msg);
        }
    }

    /* ovs-ofctl: "OFPT_PACKET_OUT (xid=0x5): in_port=CONTROLLER
     * actions=output:2 data_len=64". */
    struct ofpbuf *b = hex_to_buf(
        "010d005800000005fffffffffffd00080000000800020000ffffffffffff0001"
        "0203040508060000000000000000000000000000000000000000000000000000"
        "000000000000000000000000000000000000000000000000");
    struct ofputil_packet_out po;
    ofpbuf_clear(&decoded);
    CHECK_EQ(ofputil_decode_packet_out(&po, b->data, &decoded), 0);
    CHECK_EQ(po.in_port, OFPP_CONTROLLER);
    CHECK_EQ(po.packet_len, 64);
    /* actions_len beyond the message. */
    ((uint8_t *) b->data)[15] = 0xf0;
    ofpbuf_clear(&decoded);
    CHECK_EQ(ofputil_decode_packet_out(&po, b->data, &decoded),
             OFPERR_OFPBRC_BAD_LEN);
    /* An in_port that is no port. */
    ((uint8_t *) b->data)[15] = 0x08;
    ((uint8_t *) b->data)[12] = 0xff;
    ((uint8_t *) b->data)[13] = 0x80;
    ofpbuf_clear(&decoded);
    CHECK_EQ(ofputil_decode_packet_out(&po, b->data, &decoded),
             OFPERR_OFPBRC_BAD_PORT);
    ofpbuf_delete(b);
    ofpbuf_uninit(&ofpacts);
    ofpbuf_uninit(&decoded);
}

/* ---- Statistics. ---- */

OSW_TEST(roundtrip_port_and_queue_stats)
{
    for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
        uint8_t v = versions[i];
        uint16_t port;
        struct ofpbuf *req = ofputil_encode_port_stats_request(v, 9);
        check_msg(req, OFPTYPE_PORT_STATS_REQUEST);
        CHECK_EQ(ofputil_decode_port_stats_request(req->data, &port), 0);
        CHECK_EQ(port, 9);

        struct ofputil_port_stats ps = {
            .port_no = OFPP_LOCAL, .rx_packets = 1, .tx_packets = 2,
            .rx_bytes = 3, .tx_bytes = 4, .rx_dropped = 5, .tx_dropped = 6,
            .rx_errors = 7, .tx_errors = 8, .rx_frame_errors = 9,
            .rx_over_errors = 10, .rx_crc_errors = 11, .collisions = 12,
            .duration_sec = v == OFP10_VERSION ? UINT32_MAX : 13,
            .duration_nsec = v == OFP10_VERSION ? UINT32_MAX : 14,
        }, ps2;
        struct osw_list replies;
        ofpmp_init(&replies, req->data);
        ofputil_append_port_stat(&replies, &ps);
        struct ofpbuf *msg = CONTAINER_OF(osw_list_front(&replies),
                                          struct ofpbuf, list_node);
        check_msg(msg, OFPTYPE_PORT_STATS_REPLY);
        struct ofpbuf b;
        ofpbuf_use_const(&b, msg->data, msg->size);
        CHECK_EQ(ofputil_decode_port_stats(&ps2, &b), 0);
        CHECK_EQ(ps2.port_no, ps.port_no);
        CHECK_EQ(ps2.rx_packets, 1);
        CHECK_EQ(ps2.tx_packets, 2);
        CHECK_EQ(ps2.rx_bytes, 3);
        CHECK_EQ(ps2.tx_bytes, 4);
        CHECK_EQ(ps2.rx_dropped, 5);
        CHECK_EQ(ps2.tx_dropped, 6);
        CHECK_EQ(ps2.rx_errors, 7);
        CHECK_EQ(ps2.tx_errors, 8);
        CHECK_EQ(ps2.rx_frame_errors, 9);
        CHECK_EQ(ps2.rx_over_errors, 10);
        CHECK_EQ(ps2.rx_crc_errors, 11);
        CHECK_EQ(ps2.collisions, 12);
        CHECK_EQ(ps2.duration_sec, ps.duration_sec);
        CHECK_EQ(ps2.duration_nsec, ps.duration_nsec);
        CHECK_EQ(ofputil_decode_port_stats(&ps2, &b), EOF);
        ofpmp_free(&replies);
        ofpbuf_delete(req);

        struct ofputil_queue_stats_request qsr = { OFPP_ALL, 3 }, qsr2;
        req = ofputil_encode_queue_stats_request(v, &qsr);
        check_msg(req, OFPTYPE_QUEUE_STATS_REQUEST);
        CHECK_EQ(ofputil_decode_queue_stats_request(req->data, &qsr2), 0);
        CHECK_EQ(qsr2.port_no, OFPP_ALL);
        CHECK_EQ(qsr2.queue_id, 3);
        struct ofputil_queue_stats qs = {
            .port_no = 2, .queue_id = 3, .tx_bytes = 4, .tx_packets = 5,
            .tx_errors = 6,
            .duration_sec = v == OFP10_VERSION ? UINT32_MAX : 7,
            .duration_nsec = v == OFP10_VERSION ? UINT32_MAX : 8,
        }, qs2;
        ofpmp_init(&replies, req->data);
        ofputil_append_queue_stat(&replies, &qs);
        msg = CONTAINER_OF(osw_list_front(&replies), struct ofpbuf,
                           list_node);
        check_msg(msg, OFPTYPE_QUEUE_STATS_REPLY);
        ofpbuf_use_const(&b, msg->data, msg->size);
        CHECK_EQ(ofputil_decode_queue_stats(&qs2, &b), 0);
        CHECK_EQ(qs2.port_no, 2);
        CHECK_EQ(qs2.queue_id, 3);
        CHECK_EQ(qs2.tx_bytes, 4);
        CHECK_EQ(qs2.tx_packets, 5);
        CHECK_EQ(qs2.tx_errors, 6);
        CHECK_EQ(qs2.duration_sec, qs.duration_sec);
        CHECK_EQ(qs2.duration_nsec, qs.duration_nsec);
        CHECK_EQ(ofputil_decode_queue_stats(&qs2, &b), EOF);
        ofpmp_free(&replies);
        ofpbuf_delete(req);
    }

    /* ovs-ofctl: "OFPST_PORT reply (OF1.4): port 1: rx pkts=1, bytes=3,
     * drop=5, errs=7, frame=9, over=10, crc=11; tx pkts=2, bytes=4,
     * drop=6, errs=8, coll=12; duration=13.000000014s". */
    struct ofpbuf *b = hex_to_buf(
        "051300880000002d000400000000000000780000000000010000000d0000000e"
        "0000000000000001000000000000000200000000000000030000000000000004"
        "0000000000000005000000000000000600000000000000070000000000000008"
        "00000028000000000000000000000009000000000000000a000000000000000b"
        "000000000000000c");
    struct ofputil_port_stats ps;
    CHECK_EQ(ofputil_decode_port_stats(&ps, b), 0);
    CHECK_EQ(ps.port_no, 1);
    CHECK_EQ(ps.rx_bytes, 3);
    CHECK_EQ(ps.rx_crc_errors, 11);
    CHECK_EQ(ps.collisions, 12);
    CHECK_EQ(ps.duration_sec, 13);
    ofpbuf_delete(b);

    /* A 1.4 port stats entry whose length runs past the message. */
    b = hex_to_buf("0513002800000001000400000000000000ff000000000001"
                   "0000000d0000000e");
    CHECK_EQ(ofputil_decode_port_stats(&ps, b), OFPERR_OFPBRC_BAD_LEN);
    ofpbuf_delete(b);
}

OSW_TEST(roundtrip_table_stats_and_features)
{
    for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
        uint8_t v = versions[i];
        struct ofpbuf *req = ofputil_encode_table_stats_request(v);
        struct osw_list replies;
        struct ofputil_table_stats ts = {
            .table_id = 3, .name = "table3", .max_entries = 1000000,
            .active_count = 5, .lookup_count = 1ULL << 33,
            .matched_count = 7,
        }, ts2;
        ofpmp_init(&replies, req->data);
        ofputil_append_table_stats_reply(&ts, &replies);
        struct ofpbuf *msg = CONTAINER_OF(osw_list_front(&replies),
                                          struct ofpbuf, list_node);
        check_msg(msg, OFPTYPE_TABLE_STATS_REPLY);
        struct ofpbuf b;
        ofpbuf_use_const(&b, msg->data, msg->size);
        CHECK_EQ(ofputil_decode_table_stats_reply(&b, &ts2), 0);
        CHECK_EQ(ts2.table_id, 3);
        CHECK_EQ(ts2.active_count, 5);
        CHECK_EQ(ts2.lookup_count, 1ULL << 33);
        CHECK_EQ(ts2.matched_count, 7);
        if (v == OFP10_VERSION) {
            CHECK_STREQ(ts2.name, "table3");
            CHECK_EQ(ts2.max_entries, 1000000);
        }
        CHECK_EQ(ofputil_decode_table_stats_reply(&b, &ts2), EOF);
        ofpmp_free(&replies);
        ofpbuf_delete(req);

        if (v == OFP10_VERSION) {
            continue;
        }
        static const uint32_t fields[] = { 0x80000004, 0x80000606,
                                           0x80000806 };
        req = ofputil_encode_table_features_request(v);
        check_msg(req, OFPTYPE_TABLE_FEATURES_STATS_REQUEST);
        ofpmp_init(&replies, req->data);
        for (int t = 0; t < 255; t++) {
            struct ofputil_table_features tf = {
                .table_id = t, .metadata_match = UINT64_MAX,
                .metadata_write = UINT64_MAX, .max_entries = 1000000,
                .n_tables = 255, .fields = fields, .n_fields = 3,
            };
            snprintf(tf.name, sizeof tf.name, "table%d", t);
            ofputil_append_table_features_reply(&tf, &replies);
        }
        int t = 0;
        OSW_LIST_FOR_EACH (msg, list_node, &replies) {
            check_msg(msg, OFPTYPE_TABLE_FEATURES_STATS_REPLY);
            struct ofputil_table_features tf;
            int retval;
            ofpbuf_use_const(&b, msg->data, msg->size);
            while (!(retval = ofputil_decode_table_features(&b, &tf))) {
                char name[OFP_MAX_TABLE_NAME_LEN];
                snprintf(name, sizeof name, "table%d", t);
                CHECK_EQ(tf.table_id, t);
                CHECK_STREQ(tf.name, name);
                CHECK_EQ(tf.n_fields, 3);
                CHECK_EQ(tf.max_entries, 1000000);
                t++;
            }
            CHECK_EQ(retval, EOF);
        }
        CHECK_EQ(t, 255);
        ofpmp_free(&replies);
        ofpbuf_delete(req);

        struct ofputil_table_mod tm = { 4, 3 }, tm2;
        msg = ofputil_encode_table_mod(&tm, v);
        check_msg(msg, OFPTYPE_TABLE_MOD);
        CHECK_EQ(ofputil_decode_table_mod(msg->data, &tm2), 0);
        CHECK_EQ(tm2.table_id, 4);
        CHECK_EQ(tm2.config, 3);
        ofpbuf_delete(msg);
    }
}

/* Encodes the features of tables 'first'...'last' of a 'n_tables'-table
 * switch that matches 'fields' into one OpenFlow 'version' reply, with
 * table config 'config'. */
static struct ofpbuf *
make_table_features_reply__(uint8_t version, uint32_t config, int first,
                            int last, int n_tables, const uint32_t *fields,
                            size_t n_fields)
{
    struct ofpbuf *req = ofputil_encode_table_features_request(version);
    struct osw_list replies;

    ofpmp_init(&replies, req->data);
    for (int t = first; t <= last; t++) {
        struct ofputil_table_features tf = {
            .table_id = t, .metadata_match = UINT64_MAX,
            .metadata_write = UINT64_MAX, .max_entries = 1000000,
            .n_tables = n_tables, .fields = fields, .n_fields = n_fields,
            .config = config,
        };
        ofputil_append_table_features_reply(&tf, &replies);
    }
    CHECK_EQ(osw_list_size(&replies), 1);
    struct ofpbuf *reply = CONTAINER_OF(osw_list_front(&replies),
                                        struct ofpbuf, list_node);
    struct ofpbuf *msg = ofpbuf_clone(reply);
    ofpmp_free(&replies);
    ofpbuf_delete(req);
    return msg;
}

/* Encodes the features of tables 'first'...'last' of a 'n_tables'-table
 * switch that matches 'fields' into one OpenFlow 1.3 reply. */
static struct ofpbuf *
make_table_features_reply(int first, int last, int n_tables,
                          const uint32_t *fields, size_t n_fields)
{
    return make_table_features_reply__(OFP13_VERSION, 0, first, last,
                                       n_tables, fields, n_fields);
}

OSW_TEST(table_features_properties)
{
    /* in_port (OXM, not maskable), eth_src (maskable, writable), reg0
     * (NXM), tcp_flags (NXM in 1.3). */
    const uint32_t fields[] = {
        mf_oxm_header(mf_from_id(MFF_IN_PORT_OXM), OFP13_VERSION),
        mf_oxm_header(mf_from_id(MFF_ETH_SRC), OFP13_VERSION),
        mf_oxm_header(mf_from_id(MFF_REG0), OFP13_VERSION),
        mf_oxm_header(mf_from_id(MFF_TCP_FLAGS), OFP13_VERSION),
    };
    struct ofpbuf *msg = make_table_features_reply(2, 3, 4, fields, 4);
    struct ofpbuf b;
    struct ofputil_table_features *tf = xmalloc(sizeof *tf);

    ofpbuf_use_const(&b, msg->data, msg->size);
    CHECK_EQ(ofputil_decode_table_features(&b, tf), 0);
    CHECK_EQ(tf->table_id, 2);
    CHECK_EQ(tf->n_fields, 4);
    CHECK_EQ(tf->match[MFF_IN_PORT_OXM], OFPUTIL_TFM_WILDCARD);
    CHECK_EQ(tf->match[MFF_ETH_SRC], OFPUTIL_TFM_MASK);
    CHECK_EQ(tf->match[MFF_REG0], OFPUTIL_TFM_MASK);
    CHECK_EQ(tf->match[MFF_TCP_FLAGS], OFPUTIL_TFM_MASK);
    CHECK_EQ(tf->match[MFF_ETH_DST], OFPUTIL_TFM_NONE);
    for (int miss = 0; miss < 2; miss++) {
        const struct ofputil_table_instruction_features *tif
            = &tf->tif[miss];
        CHECK_EQ(tif->instructions, 0x7e);     /* goto_table...meter. */
        CHECK_EQ(tif->next[0], 1u << 3);       /* Table 3 only. */
        CHECK(tif->write_actions & (UINT64_C(1) << 25));    /* set_field */
        CHECK_EQ(tif->write_actions, tif->apply_actions);
        CHECK(tif->write_setfield[MFF_ETH_SRC]);
        CHECK(tif->apply_setfield[MFF_REG0]);
        CHECK(!tif->write_setfield[MFF_TCP_FLAGS]);   /* Not writable. */
    }
    /* The last table goes nowhere. */
    CHECK_EQ(ofputil_decode_table_features(&b, tf), 0);
    CHECK_EQ(tf->table_id, 3);
    CHECK_EQ(tf->tif[0].instructions, 0x7c);
    CHECK_EQ(tf->tif[1].next[0], 0);
    CHECK_EQ(ofputil_decode_table_features(&b, tf), EOF);
    free(tf);
    ofpbuf_delete(msg);
}

OSW_TEST(table_features_format)
{
    const uint32_t fields[] = {
        mf_oxm_header(mf_from_id(MFF_IN_PORT), OFP13_VERSION),
        mf_oxm_header(mf_from_id(MFF_IN_PORT_OXM), OFP13_VERSION),
        mf_oxm_header(mf_from_id(MFF_REG0), OFP13_VERSION),
        mf_oxm_header(mf_from_id(MFF_REG1), OFP13_VERSION),
        mf_oxm_header(mf_from_id(MFF_REG2), OFP13_VERSION),
        mf_oxm_header(mf_from_id(MFF_ETH_TYPE), OFP13_VERSION),
    };
    struct ofpbuf *msg = make_table_features_reply(0, 3, 4, fields, 6);
    struct ofputil_table_features *tf = xmalloc(2 * sizeof *tf);
    struct ofputil_table_features_ditto d = { -1, -1 };
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofpbuf b;
    int n = 0;

    ofpbuf_use_const(&b, msg->data, msg->size);
    while (!ofputil_decode_table_features(&b, &tf[n % 2])) {
        ofputil_format_table_features(&s, &tf[n % 2],
                                      n ? &tf[(n + 1) % 2] : NULL, &d);
        n++;
    }
    ofputil_format_table_features_finish(&s, &d);
    CHECK_EQ(n, 4);
    CHECK_STREQ(ds_cstr(&s),
        "\n  table 0:\n"
        "    metadata: match=0xffffffffffffffff write=0xffffffffffffffff\n"
        "    max_entries=1000000\n"
        "    instructions (table miss and others):\n"
        "      next tables: 1-3\n"
        "      instructions: meter apply_actions clear_actions"
        " write_actions write_metadata goto_table\n"
        "      Write-Actions and Apply-Actions features:\n"
        "        actions: output group set_field strip_vlan push_vlan"
        " mod_nw_ttl dec_ttl set_mpls_ttl dec_mpls_ttl push_mpls pop_mpls"
        " set_queue\n"
        "        supported on Set-Field: in_{port,port_oxm}"
        " reg0...reg2\n"
        "    matching:\n"
        "      arbitrary mask: reg0...reg2\n"
        "      exact match or wildcard: in_{port,port_oxm} eth_type\n"
        "\n  tables 1...2: ditto\n"
        "\n  table 3:\n"
        "    metadata: match=0xffffffffffffffff write=0xffffffffffffffff\n"
        "    max_entries=1000000\n"
        "    instructions (table miss and others):\n"
        "      instructions: meter apply_actions clear_actions"
        " write_actions write_metadata\n"
        "      (same actions)\n"
        "    (same matching)\n");
    ds_destroy(&s);
    free(tf);
    ofpbuf_delete(msg);
}

OSW_TEST(table_features_14_capabilities)
{
    const uint32_t fields[] = {
        mf_oxm_header(mf_from_id(MFF_ETH_TYPE), OFP14_VERSION),
    };
    struct ofpbuf *msg = make_table_features_reply__(OFP14_VERSION, 1u << 2,
                                                     0, 0, 1, fields, 1);
    struct ofputil_table_features_ditto d = { -1, -1 };
    struct ofputil_table_features tf;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofpbuf b;

    ofpbuf_use_const(&b, msg->data, msg->size);
    CHECK_EQ(ofputil_decode_table_features(&b, &tf), 0);
    CHECK_EQ(tf.supports_eviction, 1);
    CHECK_EQ(tf.supports_vacancy_events, 0);
    ofputil_format_table_features(&s, &tf, NULL, &d);
    ofputil_format_table_features_finish(&s, &d);
    CHECK_STREQ(ds_cstr(&s),
        "\n  table 0:\n"
        "    metadata: match=0xffffffffffffffff write=0xffffffffffffffff\n"
        "    eviction: supported\n"
        "    vacancy events: not supported\n"
        "    max_entries=1000000\n"
        "    instructions (table miss and others):\n"
        "      instructions: meter apply_actions clear_actions"
        " write_actions write_metadata\n"
        "      Write-Actions and Apply-Actions features:\n"
        "        actions: output group set_field strip_vlan push_vlan"
        " mod_nw_ttl dec_ttl set_mpls_ttl dec_mpls_ttl push_mpls pop_mpls"
        " set_queue\n"
        "    matching:\n"
        "      exact match or wildcard: eth_type\n");
    ds_destroy(&s);
    ofpbuf_delete(msg);
}

OSW_TEST(table_features_bad_property)
{
    const uint32_t fields[] = {
        mf_oxm_header(mf_from_id(MFF_ETH_TYPE), OFP13_VERSION),
    };
    struct ofpbuf *msg = make_table_features_reply(0, 0, 2, fields, 1);
    struct ofputil_table_features tf;
    struct ofpbuf b;

    /* The first property (instructions) claims more bytes than the
     * table has. */
    uint8_t *p = (uint8_t *) msg->data + sizeof(struct ofp_header) + 8 + 64;
    p[2] = 0x7f;
    ofpbuf_use_const(&b, msg->data, msg->size);
    CHECK_EQ(ofputil_decode_table_features(&b, &tf), OFPERR_OFPBPC_BAD_LEN);

    /* An instruction entry shorter than its header. */
    p[2] = 0;
    p[7] = 2;
    ofpbuf_use_const(&b, msg->data, msg->size);
    CHECK_EQ(ofputil_decode_table_features(&b, &tf), OFPERR_OFPBPC_BAD_LEN);
    ofpbuf_delete(msg);
}

/* ---- Groups. ---- */

static void
check_buckets_equal(const struct osw_list *a, const struct osw_list *b)
{
    CHECK_EQ(osw_list_size(a), osw_list_size(b));
    const struct osw_list *na = a->next, *nb = b->next;
    for (; na != a; na = na->next, nb = nb->next) {
        const struct ofputil_bucket *ba
            = CONTAINER_OF(na, struct ofputil_bucket, list_node);
        const struct ofputil_bucket *bb
            = CONTAINER_OF(nb, struct ofputil_bucket, list_node);
        CHECK_EQ(ba->weight, bb->weight);
        CHECK_EQ(ba->watch_port, bb->watch_port);
        CHECK_EQ(ba->watch_group, bb->watch_group);
        CHECK_EQ(ba->bucket_id, bb->bucket_id);
        CHECK(ofpacts_equal(ba->ofpacts, ba->ofpacts_len,
                            bb->ofpacts, bb->ofpacts_len));
    }
}

OSW_TEST(roundtrip_groups)
{
    struct ofpbuf a1, a2;
    sample_actions(&a1, "output:1");
    sample_actions(&a2, "output:2,output:3");

    for (uint8_t v = OFP13_VERSION; v <= OFP15_VERSION; v++) {
        struct ofputil_group_mod gm = {
            .command = OFPGC_ADD, .type = OFPGT_FF, .group_id = 10,
        }, gm2;
        osw_list_init(&gm.buckets);
        struct ofputil_bucket *b1 = ofputil_bucket_create(a1.data, a1.size);
        b1->watch_port = 1;
        osw_list_push_back(&gm.buckets, &b1->list_node);
        struct ofputil_bucket *b2 = ofputil_bucket_create(a2.data, a2.size);
        b2->watch_group = 4;
        b2->weight = 0;
        osw_list_push_back(&gm.buckets, &b2->list_node);

        b2->bucket_id = 1;
        struct ofpbuf *msg = ofputil_encode_group_mod(v, &gm);
        check_msg(msg, OFPTYPE_GROUP_MOD);
        CHECK_EQ(ofputil_decode_group_mod(msg->data, &gm2), 0);
        CHECK_EQ(gm2.command, OFPGC_ADD);
        CHECK_EQ(gm2.type, OFPGT_FF);
        CHECK_EQ(gm2.group_id, 10);
        check_buckets_equal(&gm.buckets, &gm2.buckets);
        ofputil_uninit_group_mod(&gm2);
        ofpbuf_delete(msg);

        /* Group description. */
        struct ofpbuf *req = ofputil_encode_group_desc_request(v);
        check_msg(req, OFPTYPE_GROUP_DESC_STATS_REQUEST);
        uint32_t group_id;
        CHECK_EQ(ofputil_decode_group_desc_request(req->data, &group_id), 0);
        CHECK_EQ(group_id, OFPG_ALL);
        struct osw_list replies;
        struct ofputil_group_desc gd = { .type = OFPGT_FF, .group_id = 10 };
        struct ofputil_group_desc gd2;
        ofpmp_init(&replies, req->data);
        ofputil_append_group_desc_reply(&gd, &gm.buckets, &replies);
        msg = CONTAINER_OF(osw_list_front(&replies), struct ofpbuf,
                           list_node);
        check_msg(msg, OFPTYPE_GROUP_DESC_STATS_REPLY);
        struct ofpbuf b;
        ofpbuf_use_const(&b, msg->data, msg->size);
        CHECK_EQ(ofputil_decode_group_desc_reply(&gd2, &b), 0);
        CHECK_EQ(gd2.group_id, 10);
        CHECK_EQ(gd2.type, OFPGT_FF);
        check_buckets_equal(&gm.buckets, &gd2.buckets);
        ofputil_uninit_group_desc(&gd2);
        CHECK_EQ(ofputil_decode_group_desc_reply(&gd2, &b), EOF);
        ofputil_uninit_group_desc(&gd2);
        ofpmp_free(&replies);
        ofpbuf_delete(req);
        ofputil_uninit_group_mod(&gm);
    }

    for (uint8_t v = OFP13_VERSION; v <= OFP15_VERSION; v++) {
        uint32_t group_id;
        struct ofpbuf *req = ofputil_encode_group_stats_request(v, OFPG_ALL);
        check_msg(req, OFPTYPE_GROUP_STATS_REQUEST);
        CHECK_EQ(ofputil_decode_group_stats_request(req->data, &group_id), 0);
        CHECK_EQ(group_id, OFPG_ALL);
        struct ofputil_bucket_counter bc[3] = { { 1, 2 }, { 3, 4 },
                                                { 5, 6 } };
        struct ofputil_group_stats gs = { 10, 2, 9, 99, 5, 6, 3, bc }, gs2;
        struct osw_list replies;
        ofpmp_init(&replies, req->data);
        ofputil_append_group_stats(&replies, &gs);
        struct ofpbuf *msg = CONTAINER_OF(osw_list_front(&replies),
                                          struct ofpbuf, list_node);
        struct ofpbuf b;
        ofpbuf_use_const(&b, msg->data, msg->size);
        CHECK_EQ(ofputil_decode_group_stats_reply(&b, &gs2), 0);
        CHECK_EQ(gs2.group_id, 10);
        CHECK_EQ(gs2.ref_count, 2);
        CHECK_EQ(gs2.packet_count, 9);
        CHECK_EQ(gs2.byte_count, 99);
        CHECK_EQ(gs2.n_buckets, 3);
        CHECK(!memcmp(gs2.bucket_stats, bc, sizeof bc));
        free(gs2.bucket_stats);
        CHECK_EQ(ofputil_decode_group_stats_reply(&b, &gs2), EOF);
        ofpmp_free(&replies);
        ofpbuf_delete(req);

        req = ofputil_encode_group_features_request(v);
        check_msg(req, OFPTYPE_GROUP_FEATURES_STATS_REQUEST);
        struct ofputil_group_features gf = {
            .types = 0xf, .capabilities = OFPGFC_SELECT_WEIGHT,
            .max_groups = { 1, 2, 3, 4 }, .ofpacts = { 5, 6, 7, 8 },
        }, gf2;
        msg = ofputil_encode_group_features_reply(&gf, req->data);
        check_msg(msg, OFPTYPE_GROUP_FEATURES_STATS_REPLY);
        CHECK_EQ(ofputil_decode_group_features_reply(msg->data, &gf2), 0);
        CHECK(!memcmp(&gf, &gf2, sizeof gf));
        ofpbuf_delete(msg);
        ofpbuf_delete(req);
    }
    ofpbuf_uninit(&a1);
    ofpbuf_uninit(&a2);
}

OSW_TEST(group_mod_errors)
{
    struct ofputil_group_mod gm;
    /* ovs-ofctl: "OFPT_GROUP_MOD (OF1.3): ADD
     * group_id=1,type=select,bucket=weight:5,actions=output:2". */
    static const char good[] =
        "040f003000000021000001000000000100200005ffffffffffffffff00000000"
        "00000010000000020000000000000000";
    struct ofpbuf *b = hex_to_buf(good);
    CHECK_EQ(ofputil_decode_group_mod(b->data, &gm), 0);
    CHECK_EQ(gm.type, OFPGT_SELECT);
    CHECK_EQ(osw_list_size(&gm.buckets), 1);
    struct ofputil_bucket *bucket = CONTAINER_OF(osw_list_front(&gm.buckets),
                                                 struct ofputil_bucket,
                                                 list_node);
    CHECK_EQ(bucket->weight, 5);
    CHECK_EQ(bucket->watch_port, OFPP_NONE);
    CHECK_EQ(bucket->watch_group, OFPG_ANY);
    ofputil_uninit_group_mod(&gm);

    uint8_t *p = b->data;
    p[9] = 7;                   /* Command 7. */
    CHECK_EQ(ofputil_decode_group_mod(b->data, &gm),
             OFPERR_OFPGMFC_BAD_COMMAND);
    ofputil_uninit_group_mod(&gm);
    p[9] = 0;
    p[10] = 9;                  /* Type 9. */
    CHECK_EQ(ofputil_decode_group_mod(b->data, &gm),
             OFPERR_OFPGMFC_BAD_TYPE);
    ofputil_uninit_group_mod(&gm);
    p[10] = 1;
    p[12] = p[13] = p[14] = 0xff;   /* Group 0xffffff01: reserved. */
    CHECK_EQ(ofputil_decode_group_mod(b->data, &gm),
             OFPERR_OFPGMFC_INVALID_GROUP);
    ofputil_uninit_group_mod(&gm);
    p[12] = p[13] = p[14] = 0;
    p[17] = 0x28;               /* Bucket longer than the message. */
    CHECK_EQ(ofputil_decode_group_mod(b->data, &gm),
             OFPERR_OFPGMFC_BAD_BUCKET);
    ofputil_uninit_group_mod(&gm);
    p[17] = 0x08;               /* Bucket shorter than its header. */
    CHECK_EQ(ofputil_decode_group_mod(b->data, &gm),
             OFPERR_OFPGMFC_BAD_BUCKET);
    ofputil_uninit_group_mod(&gm);
    ofpbuf_delete(b);
}

OSW_TEST(group_mod_15_known_bytes)
{
    /* ovs-ofctl: "OFPT_GROUP_MOD (OF1.5): ADD group_id=1,type=select,
     * bucket=bucket_id:0,weight:5,actions=output:2". */
    struct ofpbuf *b = hex_to_buf(
        "060f00380000004b000001000000000100200000ffffffff0020001000000000"
        "000000100000000200000000000000000000000800050000");
    struct ofputil_group_mod gm;
    CHECK_EQ(ofputil_decode_group_mod(b->data, &gm), 0);
    CHECK_EQ(gm.command, OFPGC_ADD);
    CHECK_EQ(gm.type, OFPGT_SELECT);
    CHECK_EQ(gm.group_id, 1);
    CHECK_EQ(osw_list_size(&gm.buckets), 1);
    struct ofputil_bucket *bucket = CONTAINER_OF(osw_list_front(&gm.buckets),
                                                 struct ofputil_bucket,
                                                 list_node);
    CHECK_EQ(bucket->weight, 5);
    CHECK_EQ(bucket->bucket_id, 0);
    CHECK_EQ(bucket->watch_port, OFPP_NONE);

    /* Re-encoding gives the same bytes (but the xid). */
    struct ofpbuf *again = ofputil_encode_group_mod(OFP15_VERSION, &gm);
    ((struct ofp_header *) again->data)->xid = htonl(0x4b);
    CHECK(ofpbuf_equal(again, b));
    ofpbuf_delete(again);
    ofputil_uninit_group_mod(&gm);

    /* action_array_len beyond the bucket. */
    ((uint8_t *) b->data)[27] = 0x30;
    CHECK_EQ(ofputil_decode_group_mod(b->data, &gm),
             OFPERR_OFPGMFC_BAD_BUCKET);
    ofputil_uninit_group_mod(&gm);
    ofpbuf_delete(b);
}

/* ---- Meters. ---- */

static void
check_bands(const struct ofputil_meter_band *a,
            const struct ofputil_meter_band *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        CHECK_EQ(a[i].type, b[i].type);
        CHECK_EQ(a[i].prec_level, b[i].prec_level);
        CHECK_EQ(a[i].rate, b[i].rate);
        CHECK_EQ(a[i].burst_size, b[i].burst_size);
    }
}

OSW_TEST(roundtrip_meters)
{
    for (uint8_t v = OFP13_VERSION; v <= OFP15_VERSION; v++) {
        struct ofputil_meter_band bands[2] = {
            { OFPMBT_DROP, 0, 1000, 100 },
            { OFPMBT_DSCP_REMARK, 2, 500, 50 },
        };
        struct ofputil_meter_mod mm = {
            OFPMC_MODIFY, { 7, OFPMF_PKTPS | OFPMF_BURST, 2, bands },
        }, mm2;
        struct ofpbuf decoded;
        ofpbuf_init(&decoded, 64);
        struct ofpbuf *msg = ofputil_encode_meter_mod(v, &mm);
        check_msg(msg, OFPTYPE_METER_MOD);
        CHECK_EQ(ofputil_decode_meter_mod(msg->data, &mm2, &decoded), 0);
        CHECK_EQ(mm2.command, OFPMC_MODIFY);
        CHECK_EQ(mm2.meter.meter_id, 7);
        CHECK_EQ(mm2.meter.flags, OFPMF_PKTPS | OFPMF_BURST);
        CHECK_EQ(mm2.meter.n_bands, 2);
        check_bands(mm2.meter.bands, bands, 2);
        ofpbuf_delete(msg);

        uint32_t meter_id;
        struct ofpbuf *req = ofputil_encode_meter_request(
            v, OFPUTIL_METER_CONFIG, OFPM_ALL);
        check_msg(req, OFPTYPE_METER_CONFIG_STATS_REQUEST);
        CHECK_EQ(ofputil_decode_meter_request(req->data, &meter_id), 0);
        CHECK_EQ(meter_id, OFPM_ALL);
        struct osw_list replies;
        ofpmp_init(&replies, req->data);
        ofputil_append_meter_config(&replies, &mm.meter);
        msg = CONTAINER_OF(osw_list_front(&replies), struct ofpbuf,
                           list_node);
        check_msg(msg, OFPTYPE_METER_CONFIG_STATS_REPLY);
        struct ofpbuf b;
        struct ofputil_meter_config mc;
        ofpbuf_use_const(&b, msg->data, msg->size);
        CHECK_EQ(ofputil_decode_meter_config(&b, &mc, &decoded), 0);
        CHECK_EQ(mc.meter_id, 7);
        CHECK_EQ(mc.n_bands, 2);
        check_bands(mc.bands, bands, 2);
        CHECK_EQ(ofputil_decode_meter_config(&b, &mc, &decoded), EOF);
        ofpmp_free(&replies);
        ofpbuf_delete(req);

        req = ofputil_encode_meter_request(v, OFPUTIL_METER_STATS, 7);
        check_msg(req, OFPTYPE_METER_STATS_REQUEST);
        CHECK_EQ(ofputil_decode_meter_request(req->data, &meter_id), 0);
        CHECK_EQ(meter_id, 7);
        struct ofputil_meter_band_stats mbs[2] = { { 1, 2 }, { 3, 4 } };
        struct ofputil_meter_stats ms = { 7, 1, 10, 1000, 3, 4, 2, mbs };
        struct ofputil_meter_stats ms2;
        ofpmp_init(&replies, req->data);
        ofputil_append_meter_stats(&replies, &ms);
        msg = CONTAINER_OF(osw_list_front(&replies), struct ofpbuf,
                           list_node);
        check_msg(msg, OFPTYPE_METER_STATS_REPLY);
        ofpbuf_use_const(&b, msg->data, msg->size);
        CHECK_EQ(ofputil_decode_meter_stats(&b, &ms2, &decoded), 0);
        CHECK_EQ(ms2.meter_id, 7);
        CHECK_EQ(ms2.flow_count, 1);
        CHECK_EQ(ms2.packet_in_count, 10);
        CHECK_EQ(ms2.byte_in_count, 1000);
        CHECK_EQ(ms2.n_bands, 2);
        CHECK(!memcmp(ms2.bands, mbs, sizeof mbs));
        CHECK_EQ(ofputil_decode_meter_stats(&b, &ms2, &decoded), EOF);
        ofpmp_free(&replies);
        ofpbuf_delete(req);

        req = ofputil_encode_meter_request(v, OFPUTIL_METER_FEATURES, 0);
        check_msg(req, OFPTYPE_METER_FEATURES_STATS_REQUEST);
        struct ofputil_meter_features mf = { 1000, 6, 0xf, 4, 8 }, mf2;
        msg = ofputil_encode_meter_features_reply(&mf, req->data);
        check_msg(msg, OFPTYPE_METER_FEATURES_STATS_REPLY);
        CHECK_EQ(ofputil_decode_meter_features(msg->data, &mf2), 0);
        CHECK_EQ(mf2.max_meters, 1000);
        CHECK_EQ(mf2.band_types, 6);
        CHECK_EQ(mf2.capabilities, 0xf);
        CHECK_EQ(mf2.max_bands, 4);
        CHECK_EQ(mf2.max_color, 8);
        ofpbuf_delete(msg);
        ofpbuf_delete(req);
        ofpbuf_uninit(&decoded);
    }
}

OSW_TEST(meter_mod_errors)
{
    /* ovs-ofctl: "OFPT_METER_MOD (OF1.3): ADD meter=1 kbps burst stats
     * bands= type=drop rate=1000 burst_size=100". */
    struct ofpbuf *b = hex_to_buf("041d0020000000240000000d0000000100010010"
                                  "000003e80000006400000000");
    struct ofputil_meter_mod mm;
    struct ofpbuf bands;
    ofpbuf_init(&bands, 64);
    CHECK_EQ(ofputil_decode_meter_mod(b->data, &mm, &bands), 0);
    CHECK_EQ(mm.meter.flags, OFPMF_KBPS | OFPMF_BURST | OFPMF_STATS);
    CHECK_EQ(mm.meter.bands[0].rate, 1000);
    CHECK_EQ(mm.meter.bands[0].burst_size, 100);

    uint8_t *p = b->data;
    p[9] = 3;                   /* Command 3. */
    CHECK_EQ(ofputil_decode_meter_mod(b->data, &mm, &bands),
             OFPERR_OFPMMFC_BAD_COMMAND);
    p[9] = 0;
    p[10] = 0x80;               /* Unknown flag. */
    CHECK_EQ(ofputil_decode_meter_mod(b->data, &mm, &bands),
             OFPERR_OFPMMFC_BAD_FLAGS);
    p[10] = 0;
    p[17] = 3;                  /* Band type 3. */
    CHECK_EQ(ofputil_decode_meter_mod(b->data, &mm, &bands),
             OFPERR_OFPMMFC_BAD_BAND);
    p[17] = 1;
    p[19] = 0x0c;               /* Band length 12. */
    CHECK_EQ(ofputil_decode_meter_mod(b->data, &mm, &bands),
             OFPERR_OFPMMFC_BAD_BAND);
    ofpbuf_delete(b);
    ofpbuf_uninit(&bands);
}

/* Every raw, in every version it exists in, decodes back to itself from
 * its minimal form (so no two raws of one version collide), and every
 * stats request has a reply in its version. */
OSW_TEST(every_raw_roundtrips)
{
    for (int raw = 0; raw < OFPRAW_N_RAWS; raw++) {
        int n_versions = 0;
        for (size_t i = 0; i < ARRAY_SIZE(versions); i++) {
            uint8_t v = versions[i];
            if (!ofpraw_is_valid_in(raw, v)) {
                continue;
            }
            n_versions++;
            struct ofpbuf *msg = ofpraw_alloc(raw, v, 0);
            ofpbuf_put_zeros(msg, ofpraw_min_body_len(raw));
            ofpmsg_update_length(msg);
            enum ofpraw got;
            CHECK_EQ(ofpraw_decode(&got, msg->data), 0);
            CHECK_EQ(got, raw);
            CHECK_EQ(msg->size, ofpraw_header_len(raw, v)
                     + ofpraw_min_body_len(raw));
            if (ofptype_is_stats_request(ofptype_from_ofpraw(raw))) {
                struct ofpbuf *reply = ofpraw_alloc_stats_reply(msg->data,
                                                                0);
                CHECK(reply != NULL);
                const uint8_t *q = msg->data, *r = reply->data;
                CHECK_EQ(r[1], q[1] + 1);
                CHECK(!memcmp(r + 8, q + 8, 2));
                CHECK_EQ(oh_of(reply)->xid, oh_of(msg)->xid);
                ofpbuf_delete(reply);
            }
            ofpbuf_delete(msg);
        }
        CHECK(n_versions > 0);
        CHECK(strlen(ofpraw_get_name(raw)) > 0);
    }
}

OSW_TEST_MAIN()
