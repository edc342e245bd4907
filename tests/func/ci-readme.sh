# The README's test command (the line after the "test-command" marker)
# is exactly the command .ci/run runs, so a new user runs what CI runs.

. "$srcdir/tests/lib.sh"

readme=$srcdir/README.md ci=$srcdir/.ci/run
test -f "$ci" || skip "no .ci/run in this tree"
cmd=$(sed -n '/<!-- test-command -->/,/^```$/p' "$readme" \
      | grep -v -e '^<!--' -e '^```')
test -n "$cmd" || fail "no test command after the marker in README.md"
test "$(printf '%s\n' "$cmd" | wc -l)" = 1 \
    || fail "the README's test command is not one line: $cmd"
# The one command line of .ci/run: not a comment, not the cd.
run=$(grep -v -e '^#' -e '^cd ' -e '^$' "$ci")
test "$run" = "$cmd" \
    || fail ".ci/run runs \"$run\" but README.md shows \"$cmd\""
