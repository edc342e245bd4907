# utilities/: the command-line tools.

bin_PROGRAMS += utilities/osw-appctl
utilities_osw_appctl_SOURCES = utilities/osw-appctl.c
utilities_osw_appctl_LDADD = $(OSW_LIBS)
dist_man_MANS += utilities/osw-appctl.8

# osw-ctl is a shell script with the configured directories filled in.
bin_SCRIPTS = utilities/osw-ctl
CLEANFILES += utilities/osw-ctl
EXTRA_DIST += utilities/osw-ctl.in
dist_man_MANS += utilities/osw-ctl.8
utilities/osw-ctl: utilities/osw-ctl.in Makefile
	$(AM_V_GEN)mkdir -p utilities && sed \
	  -e 's|@OSW_RUNDIR[@]|$(OSW_RUNDIR)|g' \
	  -e 's|@OSW_DBDIR[@]|$(OSW_DBDIR)|g' \
	  -e 's|@OSW_LOGDIR[@]|$(OSW_LOGDIR)|g' \
	  -e 's|@pkgdatadir[@]|$(pkgdatadir)|g' \
	  -e 's|@bindir[@]|$(bindir)|g' \
	  -e 's|@sbindir[@]|$(sbindir)|g' \
	  -e 's|@PACKAGE_VERSION[@]|$(PACKAGE_VERSION)|g' \
	  $(srcdir)/utilities/osw-ctl.in > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@
