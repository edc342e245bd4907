# tests/fuzz/: fuzz targets for every parser of outside input.
#
# Each target is tests/fuzz/fuzz-NAME.c defining LLVMFuzzerTestOneInput(),
# with a seed corpus in tests/fuzz/corpus/NAME/.  Two builds of each:
#   - always: tests/fuzz/fuzz-NAME-replay, linked with replay-main.c, which
#     runs every corpus file through the target; "make check" runs it, so the
#     corpus is a regression suite;
#   - with ./configure CC=clang --enable-fuzz: tests/fuzz/fuzz-NAME, a
#     libFuzzer binary.  "make fuzz-run FUZZ_SECONDS=60" runs each one for
#     that long on a copy of its corpus.
#
# Targets:
#   jsonrpc          JSON-RPC framing and message parsing (every peer)
#   ovsdb-transact   a "transact" request executed on an Open_vSwitch db
#   ovsdb-file       a database file opened and replayed
#   ovsdb-idl        a server's replies and notifications applied by the
#                    IDL to its replica (the target plays the server)
#   flow-extract     a frame (with a vnet header) through flow extraction,
#                    validation, checksum completion and segmentation
#   flow-parse       the datapath flow syntax (netdev-dummy/receive)
#   dp-actions       datapath action lists, as text (dpctl/dump-flows'
#                    form) and as Netlink attributes: parsed or validated,
#                    printed, parsed back and executed on a few frames
#   ofp-msg          an OpenFlow message of any version decoded, printed
#                    and re-encoded (every peer and osw-ofctl)
#   ofp-parse        ovs-ofctl flow/group/meter syntax (osw-ofctl, files)
#   ctl              osw-vsctl's command lines (db-ctl: commands, options,
#                    COLUMN[:KEY]=VALUE) and ovs-vsctl's value syntax

FUZZ_TARGETS = jsonrpc ovsdb-transact ovsdb-file ovsdb-idl flow-extract \
	dp-actions flow-parse ofp-msg ofp-parse ctl

FUZZ_REPLAYS = \
	tests/fuzz/fuzz-jsonrpc-replay \
	tests/fuzz/fuzz-ovsdb-transact-replay \
	tests/fuzz/fuzz-ovsdb-file-replay \
	tests/fuzz/fuzz-ovsdb-idl-replay \
	tests/fuzz/fuzz-flow-extract-replay \
	tests/fuzz/fuzz-flow-parse-replay \
	tests/fuzz/fuzz-dp-actions-replay \
	tests/fuzz/fuzz-ofp-msg-replay \
	tests/fuzz/fuzz-ofp-parse-replay \
	tests/fuzz/fuzz-ctl-replay
check_PROGRAMS += $(FUZZ_REPLAYS)
tests_fuzz_fuzz_jsonrpc_replay_SOURCES = \
	tests/fuzz/fuzz-jsonrpc.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_jsonrpc_replay_LDADD = $(OSW_LIBS)
tests_fuzz_fuzz_ovsdb_transact_replay_SOURCES = \
	tests/fuzz/fuzz-ovsdb-transact.c tests/fuzz/replay-main.c \
	tests/fuzz/ovsdb-fuzz-check.c tests/fuzz/ovsdb-fuzz-check.h
tests_fuzz_fuzz_ovsdb_transact_replay_LDADD = $(OVSDB_LIBS)
tests_fuzz_fuzz_ovsdb_file_replay_SOURCES = \
	tests/fuzz/fuzz-ovsdb-file.c tests/fuzz/replay-main.c \
	tests/fuzz/ovsdb-fuzz-check.c tests/fuzz/ovsdb-fuzz-check.h
tests_fuzz_fuzz_ovsdb_file_replay_LDADD = $(OVSDB_LIBS)
tests_fuzz_fuzz_ovsdb_idl_replay_SOURCES = \
	tests/fuzz/fuzz-ovsdb-idl.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_ovsdb_idl_replay_LDADD = $(OVSDB_LIBS)
tests_fuzz_fuzz_flow_extract_replay_SOURCES = \
	tests/fuzz/fuzz-flow-extract.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_flow_extract_replay_LDADD = $(OSW_LIBS)
tests_fuzz_fuzz_flow_parse_replay_SOURCES = \
	tests/fuzz/fuzz-flow-parse.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_flow_parse_replay_LDADD = $(OSW_LIBS)
tests_fuzz_fuzz_dp_actions_replay_SOURCES = \
	tests/fuzz/fuzz-dp-actions.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_dp_actions_replay_LDADD = $(DATAPATH_LIBS)
tests_fuzz_fuzz_ofp_msg_replay_SOURCES = \
	tests/fuzz/fuzz-ofp-msg.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_ofp_msg_replay_LDADD = $(OFPROTO_LIBS)
tests_fuzz_fuzz_ofp_parse_replay_SOURCES = \
	tests/fuzz/fuzz-ofp-parse.c tests/fuzz/replay-main.c
tests_fuzz_fuzz_ofp_parse_replay_LDADD = $(OFPROTO_LIBS)
tests_fuzz_fuzz_ctl_replay_SOURCES = \
	tests/fuzz/fuzz-ctl.c tests/fuzz/replay-main.c \
	utilities/db-ctl.c utilities/db-ctl.h
nodist_tests_fuzz_fuzz_ctl_replay_SOURCES = utilities/osw-vsctl-schema.c
tests_fuzz_fuzz_ctl_replay_LDADD = $(OVSDB_LIBS)

if FUZZ
noinst_PROGRAMS += \
	tests/fuzz/fuzz-jsonrpc \
	tests/fuzz/fuzz-ovsdb-transact \
	tests/fuzz/fuzz-ovsdb-file \
	tests/fuzz/fuzz-ovsdb-idl \
	tests/fuzz/fuzz-flow-extract \
	tests/fuzz/fuzz-flow-parse \
	tests/fuzz/fuzz-dp-actions \
	tests/fuzz/fuzz-ofp-msg \
	tests/fuzz/fuzz-ofp-parse \
	tests/fuzz/fuzz-ctl
tests_fuzz_fuzz_jsonrpc_SOURCES = tests/fuzz/fuzz-jsonrpc.c
tests_fuzz_fuzz_jsonrpc_LDADD = $(OSW_LIBS)
tests_fuzz_fuzz_jsonrpc_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_ovsdb_transact_SOURCES = tests/fuzz/fuzz-ovsdb-transact.c \
	tests/fuzz/ovsdb-fuzz-check.c tests/fuzz/ovsdb-fuzz-check.h
tests_fuzz_fuzz_ovsdb_transact_LDADD = $(OVSDB_LIBS)
tests_fuzz_fuzz_ovsdb_transact_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_ovsdb_file_SOURCES = tests/fuzz/fuzz-ovsdb-file.c \
	tests/fuzz/ovsdb-fuzz-check.c tests/fuzz/ovsdb-fuzz-check.h
tests_fuzz_fuzz_ovsdb_file_LDADD = $(OVSDB_LIBS)
tests_fuzz_fuzz_ovsdb_file_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_ovsdb_idl_SOURCES = tests/fuzz/fuzz-ovsdb-idl.c
tests_fuzz_fuzz_ovsdb_idl_LDADD = $(OVSDB_LIBS)
tests_fuzz_fuzz_ovsdb_idl_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_flow_extract_SOURCES = tests/fuzz/fuzz-flow-extract.c
tests_fuzz_fuzz_flow_extract_LDADD = $(OSW_LIBS)
tests_fuzz_fuzz_flow_extract_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_flow_parse_SOURCES = tests/fuzz/fuzz-flow-parse.c
tests_fuzz_fuzz_flow_parse_LDADD = $(OSW_LIBS)
tests_fuzz_fuzz_flow_parse_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_dp_actions_SOURCES = tests/fuzz/fuzz-dp-actions.c
tests_fuzz_fuzz_dp_actions_LDADD = $(DATAPATH_LIBS)
tests_fuzz_fuzz_dp_actions_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_ofp_msg_SOURCES = tests/fuzz/fuzz-ofp-msg.c
tests_fuzz_fuzz_ofp_msg_LDADD = $(OFPROTO_LIBS)
tests_fuzz_fuzz_ofp_msg_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_ofp_parse_SOURCES = tests/fuzz/fuzz-ofp-parse.c
tests_fuzz_fuzz_ofp_parse_LDADD = $(OFPROTO_LIBS)
tests_fuzz_fuzz_ofp_parse_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_ctl_SOURCES = tests/fuzz/fuzz-ctl.c \
	utilities/db-ctl.c utilities/db-ctl.h
nodist_tests_fuzz_fuzz_ctl_SOURCES = utilities/osw-vsctl-schema.c
tests_fuzz_fuzz_ctl_LDADD = $(OVSDB_LIBS)
tests_fuzz_fuzz_ctl_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer

FUZZ_SECONDS = 60
fuzz-run: $(FUZZ_TARGETS:%=tests/fuzz/fuzz-%)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  work=tests/fuzz/work/$$t; mkdir -p $$work; \
	  cp -R $(srcdir)/tests/fuzz/corpus/$$t/. $$work/ 2>/dev/null || :; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  tests/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=tests/fuzz/work/$$t- $$work; \
	done
else
fuzz-run:
	@echo "fuzz-run needs: ./configure CC=clang --enable-fuzz" >&2; exit 1
endif
.PHONY: fuzz-run
