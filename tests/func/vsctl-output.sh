# vsctl-output: the table formatting options of "list" and "find"
# (--format=table|list|csv|json|html, --data=string|bare|json, --pretty,
# --no-headings, --bare, --max-column-width), byte for byte as Open
# vSwitch's ovs-vsctl prints them (the expected text below is what
# ovs-vsctl 3.1 prints for the same row).

. "$srcdir/tests/lib.sh"
cd "$TESTDIR"
. "$srcdir/tests/func/vsctl-lib.bash"

start_db
vs add-br br0 -- add-port br0 "p 1" tag=5 trunks=1,2 \
    'other_config={a=b, "c d"="e,f"}'

gen() {
    local f d
    for f in table list csv json html; do
        for d in string bare json; do
            echo "=== $f $d"
            vs --format=$f --data=$d --columns=name,tag,trunks,other_config \
                list Port "p 1"
        done
    done
    echo "=== pretty"
    vs --format=json --pretty --columns=name,tag,trunks,other_config \
        list Port "p 1"
    echo "=== maxw"
    vs --format=table --max-column-width=3 \
        --columns=name,tag,trunks,other_config list Port "p 1"
    echo "=== noh"
    vs --format=csv --no-headings --columns=name,tag list Port "p 1"
    vs --format=html --no-headings --columns=name,tag list Port "p 1"
    vs --format=json --no-headings --columns=name,tag list Port "p 1"
}
gen > actual
cat > expected <<'EXPECTED'
=== table string
name  tag trunks other_config
----- --- ------ ------------------
"p 1" 5   [1, 2] {a=b, "c d"="e,f"}
=== table bare
name tag trunks other_config
---- --- ------ ------------
p 1  5   1 2    a=b c d=e,f
=== table json
name  tag trunks        other_config
----- --- ------------- ---------------------------------
"p 1" 5   ["set",[1,2]] ["map",[["a","b"],["c d","e,f"]]]
=== list string
name                : "p 1"
tag                 : 5
trunks              : [1, 2]
other_config        : {a=b, "c d"="e,f"}
=== list bare
name                : p 1
tag                 : 5
trunks              : 1 2
other_config        : a=b c d=e,f
=== list json
name                : "p 1"
tag                 : 5
trunks              : ["set",[1,2]]
other_config        : ["map",[["a","b"],["c d","e,f"]]]
=== csv string
name,tag,trunks,other_config
"""p 1""",5,"[1, 2]","{a=b, ""c d""=""e,f""}"
=== csv bare
name,tag,trunks,other_config
p 1,5,1 2,"a=b c d=e,f"
=== csv json
name,tag,trunks,other_config
"""p 1""",5,"[""set"",[1,2]]","[""map"",[[""a"",""b""],[""c d"",""e,f""]]]"
=== json string
{"data":[["p 1",5,["set",[1,2]],["map",[["a","b"],["c d","e,f"]]]]],"headings":["name","tag","trunks","other_config"]}
=== json bare
{"data":[["p 1",5,["set",[1,2]],["map",[["a","b"],["c d","e,f"]]]]],"headings":["name","tag","trunks","other_config"]}
=== json json
{"data":[["p 1",5,["set",[1,2]],["map",[["a","b"],["c d","e,f"]]]]],"headings":["name","tag","trunks","other_config"]}
=== html string
<table border=1>
  <tr>
    <th>name</th>
    <th>tag</th>
    <th>trunks</th>
    <th>other_config</th>
  </tr>
  <tr>
    <td>&quot;p 1&quot;</td>
    <td>5</td>
    <td>[1, 2]</td>
    <td>{a=b, &quot;c d&quot;=&quot;e,f&quot;}</td>
  </tr>
</table>
=== html bare
<table border=1>
  <tr>
    <th>name</th>
    <th>tag</th>
    <th>trunks</th>
    <th>other_config</th>
  </tr>
  <tr>
    <td>p 1</td>
    <td>5</td>
    <td>1 2</td>
    <td>a=b c d=e,f</td>
  </tr>
</table>
=== html json
<table border=1>
  <tr>
    <th>name</th>
    <th>tag</th>
    <th>trunks</th>
    <th>other_config</th>
  </tr>
  <tr>
    <td>&quot;p 1&quot;</td>
    <td>5</td>
    <td>[&quot;set&quot;,[1,2]]</td>
    <td>[&quot;map&quot;,[[&quot;a&quot;,&quot;b&quot;],[&quot;c d&quot;,&quot;e,f&quot;]]]</td>
  </tr>
</table>
=== pretty
{
  "data": [
    [
      "p 1",
      5,
      [
        "set",
        [
          1,
          2]],
      [
        "map",
        [
          [
            "a",
            "b"],
          [
            "c d",
            "e,f"]]]]],
  "headings": [
    "name",
    "tag",
    "trunks",
    "other_config"]}
=== maxw
name tag trunks other_config
---- --- ------ ------------
"p 1 5   [1, 2] {a=b, "c d"=
=== noh
"""p 1""",5
<table border=1>
  <tr>
    <td>&quot;p 1&quot;</td>
    <td>5</td>
  </tr>
</table>
{"data":[["p 1",5]],"headings":["name","tag"]}
EXPECTED
compare_files expected actual

# --bare is --format=list --data=bare --no-headings; find formats alike.
check_output "p 1
5" vs --bare --columns=name,tag find Port tag=5
check_output "name,tag
\"\"\"p 1\"\"\",5" vs --format=csv --columns=name,tag find Port tag=5
# Two tables in a row are separated by an empty line.
check_output "name tag
---- ---
br0  []

name  tag
----- ---
\"p 1\" 5" vs --format=table --columns=name,tag list Port br0 \
    -- --columns=name,tag list Port "p 1"
# Bad format names.
status=0
vs --format=xml list Port > out 2> err || status=$?
[ $status = 1 ] && grep -q 'xml' err || fail "--format=xml: $status $(cat err)"
status=0
vs --data=xml list Port > out 2> err || status=$?
[ $status = 1 ] && grep -q 'xml' err || fail "--data=xml: $status $(cat err)"
