# tests/bench/: benchmarks run side by side with Open vSwitch (and the
# Linux bridge for the datapath), reported as ratios.  Not part of
# "make check": run them with "make bench".

noinst_PROGRAMS += tests/bench/ovsdb-bench
tests_bench_ovsdb_bench_SOURCES = tests/bench/ovsdb-bench.c
tests_bench_ovsdb_bench_LDADD = $(OVSDB_LIBS)

noinst_PROGRAMS += tests/bench/oswbench-pktgen tests/bench/oswbench-rr
tests_bench_oswbench_pktgen_SOURCES = tests/bench/oswbench-pktgen.c
tests_bench_oswbench_pktgen_LDADD = $(OSW_LIBS)
tests_bench_oswbench_rr_SOURCES = tests/bench/oswbench-rr.c
tests_bench_oswbench_rr_LDADD = $(OSW_LIBS)

noinst_PROGRAMS += tests/bench/oswbench-ofctrl
tests_bench_oswbench_ofctrl_SOURCES = tests/bench/oswbench-ofctrl.c

bench: all
	@$(SHELL) $(srcdir)/tests/bench/ovsdb-bench.sh \
	  --srcdir=$(abs_top_srcdir) --builddir=$(abs_top_builddir)
	@$(SHELL) $(srcdir)/tests/bench/vsctl-bench.sh \
	  --srcdir=$(abs_top_srcdir) --builddir=$(abs_top_builddir)
	@$(SHELL) $(srcdir)/tests/bench/dp-bench.sh \
	  --srcdir=$(abs_top_srcdir) --builddir=$(abs_top_builddir)
	@$(SHELL) $(srcdir)/tests/bench/of-bench.sh \
	  --srcdir=$(abs_top_srcdir) --builddir=$(abs_top_builddir)
.PHONY: bench
