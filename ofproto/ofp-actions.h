/* ofp-actions: OpenFlow actions and instructions, decoded ("ofpacts").
 *
 * Every version's actions (OpenFlow 1.0's ofp_action_*, 1.1+'s actions
 * and instructions, Nicira extension actions) decode into one internal
 * form: a sequence of variable-length 'struct ofpact's laid end to end in
 * a buffer, each a multiple of OFPACT_ALIGNTO bytes long.  Instructions
 * are ofpacts too, in the order OpenFlow 1.3 executes them: the apply
 * actions first (plain ofpacts), then at most one each of
 * OFPACT_CLEAR_ACTIONS, OFPACT_WRITE_ACTIONS (which nests an action set),
 * OFPACT_WRITE_METADATA, OFPACT_METER (which comes first when present),
 * OFPACT_GOTO_TABLE (last).  An OpenFlow 1.0 action list is just apply
 * actions.  Translation walks the sequence with OFPACT_FOR_EACH.
 *
 * Decoding validates everything a peer sends (lengths, padding, port
 * numbers, field prerequisites against the rule's match, values within
 * the field) and returns the OpenFlow error the specification names.
 * Encoding writes the form of the requested version; an action that has
 * no encoding in that version uses the Nicira extension where one exists
 * (resubmit, note, reg_move, dec_ttl in 1.0, ...).
 *
 * How some actions decode (what translation sees):
 *   - OpenFlow output to CONTROLLER, and the text "CONTROLLER[:N]" or
 *     "output:CONTROLLER", become OFPACT_CONTROLLER (reason OFPR_ACTION),
 *     never OFPACT_OUTPUT with OFPP_CONTROLLER (as Open vSwitch).
 *   - OpenFlow 1.0's set_vlan_vid/set_vlan_pcp and "mod_vlan_vid/pcp" are
 *     OFPACT_SET_FIELD flavor OFPACT_SF_MOD on MFF_DL_VLAN (12-bit VID)
 *     or MFF_DL_VLAN_PCP; they push a 0x8100 tag when the packet has
 *     none (1.0 semantics).  OpenFlow 1.2+'s set_field on vlan_vid does
 *     nothing to an untagged packet; encoding a MOD for 1.1+ therefore
 *     writes push_vlan first unless ofpacts_check() saw a tag in the
 *     match (Open vSwitch's output exactly).
 *   - mod_tp_src/mod_tp_dst (OpenFlow 1.0 set_tp_*) are flavor MOD on
 *     MFF_TCP_SRC/MFF_TCP_DST until ofpacts_check() resolves them to the
 *     match's protocol (UDP, SCTP); unresolved (no match context, e.g. a
 *     group bucket) they mean "the L4 port, whatever the protocol".
 *   - mod_nw_tos is MOD on MFF_IP_DSCP_SHIFTED (the TOS byte), mod_nw_ecn
 *     on MFF_IP_ECN, mod_dl_*, mod_nw_src/dst on their fields;
 *     set_tunnel/set_tunnel64 are MOD on MFF_TUN_ID.
 *   - NXAST_REG_LOAD gives flavor OFPACT_SF_LOAD with the loaded bits in
 *     'mask'; OFPAT_SET_FIELD and NXAST_REG_LOAD2 flavor SET_FIELD.
 *   - OpenFlow 1.1+ has no enqueue: it is encoded (as Open vSwitch does)
 *     as set_queue, output, pop_queue, and decodes as those three.
 *   - In OpenFlow 1.5 the meter is an action (OFPAT_METER) inside
 *     apply_actions; it decodes to OFPACT_METER where it stands.  The
 *     1.3/1.4 meter instruction is accepted in 1.5 too.
 *   - dec_ttl with controller ids is NXAST_DEC_TTL_CNT_IDS; plain dec_ttl
 *     is OFPAT_DEC_NW_TTL in 1.1+.
 *
 * The text syntax is ovs-ofctl's ("actions=" of ovs-actions(7)):
 * output:N, N, NORMAL, FLOOD, ALL, LOCAL, IN_PORT, CONTROLLER,
 * controller(reason=..,max_len=..,id=..), drop, mod_dl_src:MAC,
 * mod_dl_dst:MAC, mod_nw_src:IP, mod_nw_dst:IP, mod_nw_tos:N,
 * mod_nw_ecn:N, mod_nw_ttl:N, mod_tp_src:N, mod_tp_dst:N, mod_vlan_vid:N,
 * mod_vlan_pcp:N, strip_vlan, pop_vlan, push_vlan:ETHERTYPE,
 * set_field:VALUE[/MASK]->FIELD, load:VALUE->SUBFIELD, move:SRC->DST,
 * enqueue:PORT:QUEUE (or enqueue(PORT,QUEUE)), set_queue:N, pop_queue,
 * group:N, meter:N, goto_table:N, resubmit:PORT, resubmit(PORT,TABLE),
 * dec_ttl, copy_ttl_in, copy_ttl_out, push_mpls:ETHERTYPE,
 * pop_mpls:ETHERTYPE, set_mpls_label:N, set_mpls_tc:N, set_mpls_ttl:N,
 * dec_mpls_ttl, set_tunnel:N, set_tunnel64:N,
 * note:HEX, write_metadata:VALUE[/MASK], clear_actions,
 * write_actions(ACTIONS).  Printing gives the same forms ovs-ofctl
 * prints (e.g. "mod_tp_dst:80", "output:2", "set_field:10->tun_id",
 * "load:0x1->NXM_NX_REG0[]", "resubmit(,2)", "CONTROLLER:65535",
 * "set_mpls_label(10)", "push_mpls:0x8847").  set_mpls_label and
 * set_mpls_tc are MOD-flavored set_fields (OpenFlow 1.2+ encodes them as
 * set_field, as Open vSwitch does).
 *
 * Thread-safety: pure functions. */
#ifndef OFP_ACTIONS_H
#define OFP_ACTIONS_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "osw/meta-flow.h"
#include "osw/ofpbuf.h"
#include "ofp-errors.h"

struct ds;
struct match;

#define OFPACT_ALIGNTO 8
#define OFPACT_ALIGN(SIZE) ROUND_UP(SIZE, OFPACT_ALIGNTO)

enum ofpact_type {
    /* Output. */
    OFPACT_OUTPUT,              /* struct ofpact_output */
    OFPACT_CONTROLLER,          /* struct ofpact_controller */
    OFPACT_ENQUEUE,             /* struct ofpact_enqueue */
    OFPACT_GROUP,               /* struct ofpact_group */
    OFPACT_RESUBMIT,            /* struct ofpact_resubmit */

    /* Header changes. */
    OFPACT_SET_FIELD,           /* struct ofpact_set_field (also what
                                 * mod_dl_src & co. and load with a full
                                 * field decode to; 'flavor' remembers the
                                 * spelling for printing/encoding) */
    OFPACT_REG_MOVE,            /* struct ofpact_reg_move */
    OFPACT_PUSH_VLAN,           /* struct ofpact_push_vlan */
    OFPACT_STRIP_VLAN,          /* struct ofpact (pop_vlan/strip_vlan) */
    OFPACT_DEC_TTL,             /* struct ofpact_dec_ttl */
    OFPACT_SET_IP_TTL,          /* struct ofpact_ip_ttl (mod_nw_ttl) */
    OFPACT_COPY_TTL_IN,         /* struct ofpact (MPLS; no-op for IP) */
    OFPACT_COPY_TTL_OUT,        /* struct ofpact */
    OFPACT_PUSH_MPLS,           /* struct ofpact_ethertype */
    OFPACT_POP_MPLS,            /* struct ofpact_ethertype */
    OFPACT_SET_MPLS_TTL,        /* struct ofpact_ip_ttl */
    OFPACT_DEC_MPLS_TTL,        /* struct ofpact */

    /* Metadata. */
    OFPACT_SET_QUEUE,           /* struct ofpact_queue */
    OFPACT_POP_QUEUE,           /* struct ofpact */
    OFPACT_NOTE,                /* struct ofpact_note */

    /* Instructions, in execution order. */
    OFPACT_METER,               /* struct ofpact_meter */
    OFPACT_CLEAR_ACTIONS,       /* struct ofpact */
    OFPACT_WRITE_ACTIONS,       /* struct ofpact_nest */
    OFPACT_WRITE_METADATA,      /* struct ofpact_metadata */
    OFPACT_GOTO_TABLE,          /* struct ofpact_goto_table */

    OFPACT_N_TYPES
};

/* Header of every ofpact.  'len' is the size of the whole struct
 * (before alignment padding, which follows). */
struct ofpact {
    uint8_t type;               /* enum ofpact_type */
    uint8_t raw;                /* The wire action it came from, for
                                 * printing in the same spelling (codec
                                 * private; 0 = default). */
    uint16_t len;
};

struct ofpact_output {
    struct ofpact ofpact;
    uint16_t port;              /* OFPP_* (ofproto.h). */
    uint16_t max_len;           /* For OFPP_CONTROLLER. */
};

struct ofpact_controller {
    struct ofpact ofpact;
    uint16_t max_len;           /* Bytes of the packet to send; 65535
                                 * (OFPCML_NO_BUFFER) = all. */
    uint16_t controller_id;     /* 0: every controller. */
    uint8_t reason;             /* OFPR_ACTION (1) normally, or
                                 * OFPR_NO_MATCH for table-miss rules
                                 * (OpenFlow 1.3: a table-miss rule's
                                 * output:CONTROLLER reports no_match). */
    bool pause;                 /* Unsupported; always false. */
};

struct ofpact_enqueue {
    struct ofpact ofpact;
    uint16_t port;
    uint32_t queue;
};

struct ofpact_group {
    struct ofpact ofpact;
    uint32_t group_id;
};

struct ofpact_resubmit {
    struct ofpact ofpact;
    uint16_t in_port;           /* OFPP_IN_PORT: the packet's. */
    uint8_t table_id;           /* 255: the current table. */
};

enum ofpact_set_field_flavor {
    OFPACT_SF_SET_FIELD,        /* set_field (OpenFlow 1.2+ form). */
    OFPACT_SF_MOD,              /* mod_dl_src, mod_nw_tos, mod_vlan_vid...
                                 * (OpenFlow 1.0 actions). */
    OFPACT_SF_LOAD,             /* load:V->F[ofs..] (NXAST_REG_LOAD). */
};

struct ofpact_set_field {
    struct ofpact ofpact;
    const struct mf_field *field;
    uint8_t flavor;             /* enum ofpact_set_field_flavor */
    union mf_value value;
    union mf_value mask;        /* All-ones unless partial (load into a
                                 * subfield, set_field with a mask). */
};

struct ofpact_reg_move {
    struct ofpact ofpact;
    struct mf_subfield src;
    struct mf_subfield dst;
};

struct ofpact_push_vlan {
    struct ofpact ofpact;
    ovs_be16 ethertype;         /* 0x8100 or 0x88a8. */
};

/* push_mpls: the MPLS ethertype (0x8847 or 0x8848); pop_mpls: the
 * ethertype of what the popped label carried. */
struct ofpact_ethertype {
    struct ofpact ofpact;
    ovs_be16 ethertype;
};

struct ofpact_dec_ttl {
    struct ofpact ofpact;
    uint16_t n_controller_ids;  /* 0: just "dec_ttl" (ids {0}). */
    uint16_t controller_ids[];
};

struct ofpact_ip_ttl {
    struct ofpact ofpact;
    uint8_t ttl;
};

struct ofpact_queue {
    struct ofpact ofpact;
    uint32_t queue_id;
};

struct ofpact_note {
    struct ofpact ofpact;
    size_t length;
    uint8_t data[];
};

struct ofpact_meter {
    struct ofpact ofpact;
    uint32_t meter_id;
};

struct ofpact_nest {
    struct ofpact ofpact;
    uint8_t pad[4];
    struct ofpact actions[];    /* Nested ofpacts up to 'ofpact.len'. */
};

struct ofpact_metadata {
    struct ofpact ofpact;
    ovs_be64 metadata;
    ovs_be64 mask;
};

struct ofpact_goto_table {
    struct ofpact ofpact;
    uint8_t table_id;
};

/* Iteration over 'ofpacts_len' bytes at 'OFPACTS'. */
static inline struct ofpact *
ofpact_next(const struct ofpact *a)
{
    return (struct ofpact *) ((uint8_t *) a + OFPACT_ALIGN(a->len));
}

static inline const struct ofpact *
ofpact_end(const struct ofpact *ofpacts, size_t ofpacts_len)
{
    /* An empty list may be a null pointer, and even a zero offset added to
     * one is undefined behaviour. */
    return (ofpacts_len
            ? (const struct ofpact *) ((const uint8_t *) ofpacts
                                       + ofpacts_len)
            : ofpacts);
}

#define OFPACT_FOR_EACH(POS, OFPACTS, OFPACTS_LEN)                      \
    for ((POS) = (OFPACTS); (POS) < ofpact_end(OFPACTS, OFPACTS_LEN);  \
         (POS) = ofpact_next(POS))

/* The nested actions of an OFPACT_WRITE_ACTIONS. */
static inline size_t
ofpact_nest_get_action_len(const struct ofpact_nest *on)
{
    return on->ofpact.len - offsetof(struct ofpact_nest, actions);
}

/* Appends an ofpact of 'type' and 'len' bytes (zeroed, header filled) to
 * 'ofpacts' and returns it.  The caller fills the rest; for
 * variable-length ones it then calls ofpact_finish() after putting the
 * trailing data, which fixes 'len' and pads.  ofpact_put() records the
 * new ofpact in 'ofpacts->header' (which follows reallocation), and
 * ofpact_finish() finishes that one, so a pointer made stale by the
 * trailing puts is harmless.  ofpact_put() first pads what precedes
 * to OFPACT_ALIGNTO, so fixed-size ofpacts need no ofpact_finish(); a
 * list may thus end without the last ofpact's padding, which
 * OFPACT_FOR_EACH and every function here accept. */
struct ofpact *ofpact_put(struct ofpbuf *ofpacts, enum ofpact_type type,
                          size_t len);
void ofpact_finish(struct ofpbuf *ofpacts, struct ofpact *);

/* Typed shorthands: ofpact_put_OUTPUT(ofpacts) etc. */
#define OFPACT_PUT(TYPE, STRUCT, OFPACTS)                               \
    ((struct STRUCT *) ofpact_put(OFPACTS, OFPACT_##TYPE,               \
                                  sizeof(struct STRUCT)))

/* Decoding.  'version' is enum ofp_version (ofp-msgs.h).  Reads
 * 'actions_len' bytes of wire actions (OpenFlow 1.0 style list, or 1.1+
 * actions) or instructions from 'openflow' (pulling them) and appends
 * ofpacts to 'ofpacts'.  Checks wire validity only; ofpacts_check()
 * then checks them against a match.  Returns 0 or an OFPERR_*. */
enum ofperr ofpacts_pull_openflow_actions(struct ofpbuf *openflow,
                                          unsigned int actions_len,
                                          uint8_t version,
                                          struct ofpbuf *ofpacts);
enum ofperr ofpacts_pull_openflow_instructions(struct ofpbuf *openflow,
                                               unsigned int instructions_len,
                                               uint8_t version,
                                               struct ofpbuf *ofpacts);

/* Checks 'ofpacts' against 'match' (field prerequisites for set_field,
 * load, move; OpenFlow 1.0 mod_* against dl_type/nw_proto, e.g.
 * mod_tp_dst needs TCP, UDP or SCTP: OFPBAC_MATCH_INCONSISTENT), the
 * bridge's port range ('max_ports': output ports from 'max_ports' up to
 * OFPP_MAX, port 0, and reserved ports other than IN_PORT, TABLE,
 * NORMAL, FLOOD, ALL, CONTROLLER, LOCAL are OFPBAC_BAD_OUT_PORT),
 * 'table_id' (goto_table must go forward, OFPBIC_BAD_TABLE_ID), and
 * 'n_tables' (goto_table: OFPBIC_BAD_TABLE_ID, resubmit:
 * OFPBRC_BAD_TABLE_ID).  Returns 0 or an OFPERR_*.
 *
 * 'match' may be NULL where there is no match to check against (group
 * buckets: Open vSwitch checks no prerequisites there); then only ports,
 * tables and writability are checked.
 *
 * As Open vSwitch's, the check also completes what only the match tells,
 * writing into 'ofpacts' despite the const (only where a value changes):
 * mod_tp_src/dst get the field of the match's L4 protocol, and
 * mod_vlan_vid/pcp note whether a tag is present.  Encode for OpenFlow
 * 1.2+ after checking to get Open vSwitch's bytes. */
enum ofperr ofpacts_check(const struct ofpact *, size_t ofpacts_len,
                          const struct match *match, uint16_t max_ports,
                          uint8_t table_id, uint8_t n_tables);

/* Encoding into 'openflow' (appended), in the bytes Open vSwitch 3.1
 * writes.  For versions without instructions (1.0), goto_table becomes
 * resubmit(,N) and write_metadata NXAST_WRITE_METADATA (as Open vSwitch
 * does); meter, clear_actions, write_actions, push_vlan, copy_ttl_* have
 * no 1.0 encoding and are skipped, like meter in 1.1/1.2 (callers check
 * first with ofpacts_fit_version()).  The _actions variant writes an
 * action list (packet-out, buckets) and skips instructions in 1.1+. */
void ofpacts_put_openflow_actions(const struct ofpact *, size_t ofpacts_len,
                                  struct ofpbuf *openflow, uint8_t version);
void ofpacts_put_openflow_instructions(const struct ofpact *,
                                       size_t ofpacts_len,
                                       struct ofpbuf *openflow,
                                       uint8_t version);
/* True if every ofpact has an encoding in 'version'. */
bool ofpacts_fit_version(const struct ofpact *, size_t ofpacts_len,
                         uint8_t version);

/* Text.  ofpacts_parse() reads an ovs-ofctl action list (the part after
 * "actions="; "drop" or "" is empty); 'port_by_name' resolves port names
 * (may be NULL; returns OFPP_NONE for an unknown name).  As ovs-ofctl,
 * instructions must come in execution order (meter, actions,
 * clear_actions, write_actions, write_metadata, goto_table), each at
 * most once.  Returns NULL or a malloc'd error message; on error
 * 'ofpacts' is as it was. */
char *ofpacts_parse(const char *s, struct ofpbuf *ofpacts,
                    uint32_t (*port_by_name)(const char *, void *),
                    void *aux) OSW_WARN_UNUSED_RESULT;
/* Appends the ovs-ofctl form; an empty list is "drop". */
void ofpacts_format(const struct ofpact *, size_t ofpacts_len,
                    const char *(*port_name)(uint32_t port, void *aux),
                    void *aux, struct ds *);

bool ofpacts_equal(const struct ofpact *a, size_t a_len,
                   const struct ofpact *b, size_t b_len);
/* True if the actions output to 'port' / 'group_id' (the out_port and
 * out_group filters of flow_mod and flow stats). */
bool ofpacts_output_to_port(const struct ofpact *, size_t ofpacts_len,
                            uint16_t port);
bool ofpacts_output_to_group(const struct ofpact *, size_t ofpacts_len,
                             uint32_t group_id);
/* The first instruction of 'type' or NULL. */
const struct ofpact *ofpacts_find(const struct ofpact *, size_t ofpacts_len,
                                  enum ofpact_type type);

#endif /* ofp-actions.h */
