# tests/: unit tests (tests/test-*.c, one program per module, each a set of
# named cases), functional tests (tests/func/*.sh, shell scripts that start
# real daemons and send real traffic), fuzz-corpus replays, and helper
# programs the functional tests drive.  tests/run-tests runs them all.

noinst_LIBRARIES += tests/libtest.a
tests_libtest_a_SOURCES = \
	tests/testlib.c tests/testlib.h \
	tests/test-json.c tests/test-json.h \
	tests/csum-oracle.h

TEST_LDADD = tests/libtest.a $(OSW_LIBS)

UNIT_TESTS = \
	tests/test-util \
	tests/test-hmap \
	tests/test-list \
	tests/test-hash \
	tests/test-dynamic-string \
	tests/test-ofpbuf \
	tests/test-vector \
	tests/test-uuid \
	tests/test-timeval \
	tests/test-poll-loop \
	tests/test-fatal-signal \
	tests/test-daemon \
	tests/test-dirs \
	tests/test-vlog \
	tests/test-unixctl \
	tests/test-reconnect \
	tests/test-json-parser \
	tests/test-jsonrpc \
	tests/test-stream \
	tests/test-ovsdb-types \
	tests/test-ovsdb-data \
	tests/test-ovsdb-schema \
	tests/test-ovsdb-log \
	tests/test-ovsdb-condition \
	tests/test-ovsdb-mutation \
	tests/test-ovsdb-transaction \
	tests/test-ovsdb-execution \
	tests/test-ovsdb-output-table \
	tests/test-ovsdb-file \
	tests/test-ovsdb-monitor \
	tests/test-ovsdb-server \
	tests/test-ovsdb-idl \
	tests/test-packets \
	tests/test-flow \
	tests/test-dp-packet \
	tests/test-smap \
	tests/test-coverage \
	tests/test-netlink \
	tests/test-netdev \
	tests/test-dp-actions \
	tests/test-dp-cache \
	tests/test-dpif \
	tests/test-mac-learning \
	tests/test-xlate \
	tests/test-match \
	tests/test-classifier \
	tests/test-ofp-actions \
	tests/test-ofp-msgs \
	tests/test-ofp-parse \
	tests/test-vconn \
	tests/test-ofproto

check_PROGRAMS += $(UNIT_TESTS)

tests_test_util_SOURCES = tests/test-util.c
tests_test_util_LDADD = $(TEST_LDADD)
tests_test_hmap_SOURCES = tests/test-hmap.c
tests_test_hmap_LDADD = $(TEST_LDADD)
tests_test_list_SOURCES = tests/test-list.c
tests_test_list_LDADD = $(TEST_LDADD)
tests_test_hash_SOURCES = tests/test-hash.c
tests_test_hash_LDADD = $(TEST_LDADD)
tests_test_dynamic_string_SOURCES = tests/test-dynamic-string.c
tests_test_dynamic_string_LDADD = $(TEST_LDADD)
tests_test_ofpbuf_SOURCES = tests/test-ofpbuf.c
tests_test_ofpbuf_LDADD = $(TEST_LDADD)
tests_test_vector_SOURCES = tests/test-vector.c
tests_test_vector_LDADD = $(TEST_LDADD)
tests_test_uuid_SOURCES = tests/test-uuid.c
tests_test_uuid_LDADD = $(TEST_LDADD)
tests_test_timeval_SOURCES = tests/test-timeval.c
tests_test_timeval_LDADD = $(TEST_LDADD)
tests_test_poll_loop_SOURCES = tests/test-poll-loop.c
tests_test_poll_loop_LDADD = $(TEST_LDADD)
tests_test_fatal_signal_SOURCES = tests/test-fatal-signal.c
tests_test_fatal_signal_LDADD = $(TEST_LDADD)
tests_test_daemon_SOURCES = tests/test-daemon.c
tests_test_daemon_LDADD = $(TEST_LDADD)
tests_test_dirs_SOURCES = tests/test-dirs.c
tests_test_dirs_LDADD = $(TEST_LDADD)
tests_test_vlog_SOURCES = tests/test-vlog.c
tests_test_vlog_LDADD = $(TEST_LDADD)
tests_test_unixctl_SOURCES = tests/test-unixctl.c
tests_test_unixctl_LDADD = $(TEST_LDADD)
tests_test_reconnect_SOURCES = tests/test-reconnect.c
tests_test_reconnect_LDADD = $(TEST_LDADD)
tests_test_json_parser_SOURCES = tests/test-json-parser.c
tests_test_json_parser_LDADD = $(TEST_LDADD)
tests_test_jsonrpc_SOURCES = tests/test-jsonrpc.c
tests_test_jsonrpc_LDADD = $(TEST_LDADD)
tests_test_stream_SOURCES = tests/test-stream.c
tests_test_stream_LDADD = $(TEST_LDADD)
tests_test_ovsdb_types_SOURCES = tests/test-ovsdb-types.c
tests_test_ovsdb_types_LDADD = tests/libtest.a $(OVSDB_LIBS)
tests_test_ovsdb_data_SOURCES = tests/test-ovsdb-data.c
tests_test_ovsdb_data_LDADD = tests/libtest.a $(OVSDB_LIBS)
tests_test_ovsdb_schema_SOURCES = tests/test-ovsdb-schema.c
tests_test_ovsdb_schema_LDADD = tests/libtest.a $(OVSDB_LIBS)
tests_test_ovsdb_log_SOURCES = tests/test-ovsdb-log.c
tests_test_ovsdb_log_LDADD = tests/libtest.a $(OVSDB_LIBS)
tests_test_ovsdb_condition_SOURCES = tests/test-ovsdb-condition.c
tests_test_ovsdb_condition_LDADD = tests/libtest.a $(OVSDB_LIBS)
tests_test_ovsdb_mutation_SOURCES = tests/test-ovsdb-mutation.c
tests_test_ovsdb_mutation_LDADD = tests/libtest.a $(OVSDB_LIBS)
tests_test_ovsdb_transaction_SOURCES = tests/test-ovsdb-transaction.c
tests_test_ovsdb_transaction_LDADD = tests/libtest.a $(OVSDB_LIBS)
tests_test_ovsdb_execution_SOURCES = tests/test-ovsdb-execution.c
tests_test_ovsdb_execution_LDADD = tests/libtest.a $(OVSDB_LIBS)
tests_test_ovsdb_output_table_SOURCES = tests/test-ovsdb-output-table.c
tests_test_ovsdb_output_table_LDADD = tests/libtest.a $(OVSDB_LIBS)
tests_test_ovsdb_file_SOURCES = tests/test-ovsdb-file.c
tests_test_ovsdb_file_LDADD = tests/libtest.a $(OVSDB_LIBS)
tests_test_ovsdb_monitor_SOURCES = tests/test-ovsdb-monitor.c
tests_test_ovsdb_monitor_LDADD = tests/libtest.a $(OVSDB_LIBS)
tests_test_ovsdb_server_SOURCES = tests/test-ovsdb-server.c
tests_test_ovsdb_server_LDADD = tests/libtest.a $(OVSDB_LIBS)
tests_test_ovsdb_idl_SOURCES = tests/test-ovsdb-idl.c
tests_test_ovsdb_idl_LDADD = tests/libtest.a $(OVSDB_LIBS)

tests_test_packets_SOURCES = tests/test-packets.c
tests_test_packets_LDADD = $(TEST_LDADD)
tests_test_flow_SOURCES = tests/test-flow.c
tests_test_flow_LDADD = $(TEST_LDADD)
tests_test_dp_packet_SOURCES = tests/test-dp-packet.c
tests_test_dp_packet_LDADD = $(TEST_LDADD)
tests_test_smap_SOURCES = tests/test-smap.c
tests_test_smap_LDADD = $(TEST_LDADD)
tests_test_coverage_SOURCES = tests/test-coverage.c
tests_test_coverage_LDADD = $(TEST_LDADD)
tests_test_netlink_SOURCES = tests/test-netlink.c
tests_test_netlink_LDADD = $(TEST_LDADD)
tests_test_netdev_SOURCES = tests/test-netdev.c
tests_test_netdev_LDADD = $(TEST_LDADD)
tests_test_dp_actions_SOURCES = tests/test-dp-actions.c
tests_test_dp_actions_LDADD = tests/libtest.a $(DATAPATH_LIBS)
tests_test_dp_cache_SOURCES = tests/test-dp-cache.c
tests_test_dp_cache_LDADD = tests/libtest.a $(DATAPATH_LIBS)
tests_test_dpif_SOURCES = tests/test-dpif.c
tests_test_dpif_LDADD = tests/libtest.a $(DATAPATH_LIBS)
tests_test_mac_learning_SOURCES = tests/test-mac-learning.c
tests_test_mac_learning_LDADD = tests/libtest.a $(OFPROTO_LIBS)
tests_test_xlate_SOURCES = tests/test-xlate.c
tests_test_xlate_LDADD = tests/libtest.a $(OFPROTO_LIBS)
tests_test_match_SOURCES = tests/test-match.c
tests_test_match_LDADD = tests/libtest.a $(OFPROTO_LIBS)
tests_test_classifier_SOURCES = tests/test-classifier.c
tests_test_classifier_LDADD = tests/libtest.a $(OFPROTO_LIBS)
tests_test_ofp_actions_SOURCES = tests/test-ofp-actions.c
tests_test_ofp_actions_LDADD = tests/libtest.a $(OFPROTO_LIBS)
tests_test_ofp_msgs_SOURCES = tests/test-ofp-msgs.c
tests_test_ofp_msgs_LDADD = tests/libtest.a $(OFPROTO_LIBS)
tests_test_ofp_parse_SOURCES = tests/test-ofp-parse.c
tests_test_ofp_parse_LDADD = tests/libtest.a $(OFPROTO_LIBS)
tests_test_vconn_SOURCES = tests/test-vconn.c
tests_test_vconn_LDADD = tests/libtest.a $(OFPROTO_LIBS)
tests_test_ofproto_SOURCES = tests/test-ofproto.c
tests_test_ofproto_LDADD = tests/libtest.a $(OFPROTO_LIBS)

# Programs the functional tests drive.
check_PROGRAMS += tests/oswtest-daemon tests/oswtest-stream
check_PROGRAMS += tests/oswtest-netdev tests/oswtest-pkt tests/oswtest-tapvm
tests_oswtest_netdev_SOURCES = tests/oswtest-netdev.c
tests_oswtest_netdev_LDADD = $(OSW_LIBS)
tests_oswtest_pkt_SOURCES = tests/oswtest-pkt.c
tests_oswtest_pkt_LDADD = $(OSW_LIBS)
tests_oswtest_tapvm_SOURCES = tests/oswtest-tapvm.c
tests_oswtest_tapvm_LDADD = $(OSW_LIBS)
tests_oswtest_daemon_SOURCES = tests/oswtest-daemon.c
tests_oswtest_daemon_LDADD = $(OSW_LIBS)
tests_oswtest_stream_SOURCES = tests/oswtest-stream.c
tests_oswtest_stream_LDADD = $(OSW_LIBS)

EXTRA_DIST += tests/run-tests tests/lib.sh

# Functional tests, fuzz corpora and benchmarks are picked up by pattern,
# so adding one needs no edit here.  Only sources are copied: an in-tree
# build leaves objects and programs beside them.
dist-hook: dist-tests
dist-tests:
	@cd $(srcdir) && for f in tests/func/*.sh tests/func/*.bash \
	    tests/func/*.py tests/func/osken-tester/*.json \
	    tests/func/osken-tester/*.py \
	    tests/bench/*.sh tests/bench/*.bash tests/bench/*.md \
	    tests/bench/*.bpf.c; do \
	  if test -f "$$f"; then \
	    mkdir -p "$(abs_top_builddir)/$(distdir)/$${f%/*}" && \
	    cp -p "$$f" "$(abs_top_builddir)/$(distdir)/$$f"; \
	  fi; \
	done
	mkdir -p $(distdir)/tests/fuzz/corpus
	cp -pR $(srcdir)/tests/fuzz/corpus/. $(distdir)/tests/fuzz/corpus/
.PHONY: dist-tests

# Builds everything the tests run, without running them.  One make builds
# both sets: "all" would start a second make of its own, and the two would
# race on the objects they share (lib/libosw.a) under -j.
check-programs: $(BUILT_SOURCES)
	$(MAKE) $(AM_MAKEFLAGS) all-am $(check_PROGRAMS)
.PHONY: check-programs

# "make check TESTSUITEFLAGS='-j2 -k hmap'" passes options to the runner.
check-local: $(check_PROGRAMS) $(bin_PROGRAMS) $(sbin_PROGRAMS)
	@$(SHELL) $(srcdir)/tests/run-tests \
	  --srcdir=$(abs_top_srcdir) --builddir=$(abs_top_builddir) \
	  --unit="$(UNIT_TESTS)" --fuzz="$(FUZZ_REPLAYS)" $(TESTSUITEFLAGS)

# Unit tests under valgrind: every case must be free of leaks and invalid
# accesses.
check-valgrind: $(check_PROGRAMS)
	@$(SHELL) $(srcdir)/tests/run-tests \
	  --srcdir=$(abs_top_srcdir) --builddir=$(abs_top_builddir) \
	  --unit="$(UNIT_TESTS)" --valgrind -k 'unit/' $(TESTSUITEFLAGS)
.PHONY: check-valgrind

clean-local: clean-testsuite
clean-testsuite:
	rm -rf tests/testsuite.dir
.PHONY: clean-testsuite
