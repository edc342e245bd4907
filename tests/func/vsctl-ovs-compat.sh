# vsctl-ovs-compat: "make install-ovs-compat" installs ovs-vsctl,
# ovs-appctl, ovsdb-client and ovsdb-tool as links to the osw programs
# (ovs-ofctl and ovs-dpctl only when osw-ofctl and osw-dpctl are
# installed), into $(bindir) or COMPAT_BINDIR; it refuses to replace a
# file that is not such a link unless FORCE=yes; uninstall-ovs-compat
# removes only its own links.

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
require_program make
[ -f "$builddir/Makefile" ] || skip "no Makefile in $builddir"

# $(bindir) as configured, with ${prefix} and ${exec_prefix} expanded.
makevar() {
    sed -n "s/^$1 = //p" "$builddir/Makefile"
}
prefix=$(makevar prefix)
exec_prefix=$(makevar exec_prefix)
exec_prefix=${exec_prefix//'${prefix}'/$prefix}
bindir=$(makevar bindir)
bindir=${bindir//'${exec_prefix}'/$exec_prefix}
bindir=${bindir//'${prefix}'/$prefix}
DEST=$TESTDIR/dest
BIN=$DEST$bindir

# A make of its own, not a part of the "make check" that may run us.
compat() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
        make -s --no-print-directory -C "$builddir" DESTDIR="$DEST" "$@"
}

# Fresh: four links, relative (same directory); no ovs-ofctl/ovs-dpctl.
compat install-ovs-compat > out 2> err
for pair in ovs-vsctl:osw-vsctl ovs-appctl:osw-appctl \
            ovsdb-client:oswdb-client ovsdb-tool:oswdb-tool; do
    link=${pair%%:*} target=${pair#*:}
    [ -L "$BIN/$link" ] || fail "$link not installed"
    [ "$(readlink "$BIN/$link")" = "$target" ] \
        || fail "$link -> $(readlink "$BIN/$link")"
done
[ ! -e "$BIN/ovs-ofctl" ] && [ ! -L "$BIN/ovs-ofctl" ] \
    || fail "ovs-ofctl installed without osw-ofctl"

# Again: replacing its own links is fine.
compat install-ovs-compat > out 2> err

# With osw-ofctl installed, ovs-ofctl comes too.
touch "$BIN/osw-ofctl"
compat install-ovs-compat > out 2> err
[ "$(readlink "$BIN/ovs-ofctl")" = osw-ofctl ] || fail "no ovs-ofctl link"
[ ! -L "$BIN/ovs-dpctl" ] || fail "ovs-dpctl installed without osw-dpctl"

# A real Open vSwitch program is not touched...
rm "$BIN/ovs-vsctl" "$BIN/ovsdb-tool"
echo "Open vSwitch's own" > "$BIN/ovs-vsctl"
status=0
compat install-ovs-compat > out 2> err || status=$?
[ $status != 0 ] || fail "replaced a file that is not an osw link"
grep -q "$BIN/ovs-vsctl exists and is not a link to an osw program; not replacing it (use FORCE=yes to replace it)" err \
    || fail "message: $(cat err)"
[ "$(cat "$BIN/ovs-vsctl")" = "Open vSwitch's own" ] || fail "file changed"
[ ! -e "$BIN/ovsdb-tool" ] || fail "partial installation despite refusal"
# ... unless asked.
compat install-ovs-compat FORCE=yes > out 2> err
[ "$(readlink "$BIN/ovs-vsctl")" = osw-vsctl ] || fail "FORCE=yes did not replace"
[ "$(readlink "$BIN/ovsdb-tool")" = oswdb-tool ] || fail "ovsdb-tool missing"

# Elsewhere: absolute links to the osw programs in bindir.
compat install-ovs-compat COMPAT_BINDIR=/opt/compat > out 2> err
[ "$(readlink "$DEST/opt/compat/ovs-vsctl")" = "$bindir/osw-vsctl" ] \
    || fail "COMPAT_BINDIR link: $(readlink "$DEST/opt/compat/ovs-vsctl")"

# Uninstall removes the links and nothing else.
echo "keep" > "$BIN/ovs-dpctl"
compat uninstall-ovs-compat > out 2> err
for link in ovs-vsctl ovs-appctl ovsdb-client ovsdb-tool ovs-ofctl; do
    [ ! -L "$BIN/$link" ] || fail "$link still there"
done
[ "$(cat "$BIN/ovs-dpctl")" = keep ] || fail "uninstall removed a foreign file"
