# utilities/: the command-line tools.

bin_PROGRAMS += utilities/osw-appctl
utilities_osw_appctl_SOURCES = utilities/osw-appctl.c \
	utilities/appctl-client.c utilities/appctl-client.h
utilities_osw_appctl_LDADD = $(OSW_LIBS)
dist_man_MANS += utilities/osw-appctl.8

bin_PROGRAMS += utilities/osw-dpctl
utilities_osw_dpctl_SOURCES = utilities/osw-dpctl.c \
	utilities/appctl-client.c utilities/appctl-client.h
utilities_osw_dpctl_LDADD = $(OSW_LIBS)
dist_man_MANS += utilities/osw-dpctl.8

bin_PROGRAMS += utilities/osw-ofctl
utilities_osw_ofctl_SOURCES = utilities/osw-ofctl.c
utilities_osw_ofctl_LDADD = $(OFPROTO_LIBS)
dist_man_MANS += utilities/osw-ofctl.8

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

# osw-vsctl: ovs-vsctl-compatible configuration tool.  db-ctl is the
# generic database-command layer that other ctl tools can reuse.
bin_PROGRAMS += utilities/osw-vsctl
utilities_osw_vsctl_SOURCES = \
	utilities/osw-vsctl.c \
	utilities/db-ctl.c \
	utilities/db-ctl.h
nodist_utilities_osw_vsctl_SOURCES = utilities/osw-vsctl-schema.c
utilities_osw_vsctl_LDADD = $(OVSDB_LIBS)
dist_man_MANS += utilities/osw-vsctl.8
CLEANFILES += utilities/osw-vsctl-schema.c

# The Open_vSwitch schema, compiled into osw-vsctl as a C string (ovs-vsctl
# compiles its schema in too, so that names can be resolved before the
# database answers).
utilities/osw-vsctl-schema.c: $(srcdir)/vswitchd/vswitch.ovsschema \
		$(srcdir)/utilities/automake.mk
	$(AM_V_GEN)mkdir -p utilities && { \
	  echo '/* Generated from vswitchd/vswitch.ovsschema: do not edit. */'; \
	  echo '#include <config.h>'; \
	  echo 'extern const char osw_vsctl_schema_json[];'; \
	  echo 'const char osw_vsctl_schema_json[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$$/\\n"/' \
	    $(srcdir)/vswitchd/vswitch.ovsschema; \
	  echo '    ;'; \
	} > $@.tmp && mv $@.tmp $@

# Bash completion for osw-vsctl.
bashcompletiondir = $(sysconfdir)/bash_completion.d
dist_bashcompletion_DATA = utilities/osw-vsctl.bash

# "make install-ovs-compat" installs Open vSwitch's program names as links
# to the osw programs (for libvirt, mininet and scripts), in $(bindir) or
# COMPAT_BINDIR.  An existing file that is not such a link is left alone
# (with a message and a failure) unless FORCE=yes.
COMPAT_BINDIR = $(bindir)
OVS_COMPAT_LINKS = \
	ovs-vsctl:osw-vsctl \
	ovs-appctl:osw-appctl \
	ovsdb-client:oswdb-client \
	ovsdb-tool:oswdb-tool \
	ovs-ofctl:osw-ofctl? \
	ovs-dpctl:osw-dpctl?
install-ovs-compat:
	@set -e; \
	dir='$(DESTDIR)$(COMPAT_BINDIR)'; bin='$(DESTDIR)$(bindir)'; \
	$(MKDIR_P) "$$dir"; \
	refuse=; todo=; \
	for pair in $(OVS_COMPAT_LINKS); do \
	  link=$${pair%%:*}; target=$${pair#*:}; optional=no; \
	  case $$target in *\?) target=$${target%\?}; optional=yes;; esac; \
	  if test ! -e "$$bin/$$target"; then \
	    if test $$optional = yes; then continue; fi; \
	    echo "install-ovs-compat: warning: $$bin/$$target is not installed (yet)" >&2; \
	  fi; \
	  if test -e "$$dir/$$link" || test -L "$$dir/$$link"; then \
	    old=`readlink "$$dir/$$link" 2>/dev/null || :`; \
	    case `basename "$$old" 2>/dev/null` in \
	      osw-*|oswdb-*) ;; \
	      *) if test "$(FORCE)" != yes; then \
	           refuse="$$refuse $$dir/$$link"; continue; \
	         fi;; \
	    esac; \
	  fi; \
	  todo="$$todo $$link:$$target"; \
	done; \
	if test -n "$$refuse"; then \
	  for f in $$refuse; do \
	    echo "install-ovs-compat: $$f exists and is not a link to an osw program; not replacing it (use FORCE=yes to replace it)" >&2; \
	  done; \
	  exit 1; \
	fi; \
	if test '$(COMPAT_BINDIR)' = '$(bindir)'; then prefix=; \
	else prefix='$(bindir)/'; fi; \
	for pair in $$todo; do \
	  link=$${pair%%:*}; target=$${pair#*:}; \
	  rm -f "$$dir/$$link"; \
	  ln -s "$$prefix$$target" "$$dir/$$link"; \
	  echo "$$dir/$$link -> $$prefix$$target"; \
	done

# Removes the links that install-ovs-compat made (only links to osw
# programs).
uninstall-ovs-compat:
	@set -e; dir='$(DESTDIR)$(COMPAT_BINDIR)'; \
	for pair in $(OVS_COMPAT_LINKS); do \
	  link=$${pair%%:*}; \
	  if test -L "$$dir/$$link"; then \
	    case `basename "$$(readlink "$$dir/$$link")"` in \
	      osw-*|oswdb-*) rm -f "$$dir/$$link"; echo "removed $$dir/$$link";; \
	    esac; \
	  fi; \
	done
.PHONY: install-ovs-compat uninstall-ovs-compat
