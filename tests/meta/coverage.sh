#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# One definition of township coverage: every rule of a bundled pack that
# goes over the division table of townships is tagged coverage (so that it
# is judged only when the run names a region), and every such rule but
# the coverage pack's own list of uncounted units writes the for-each
# and assert that rules/coverage/pack.yaml defines in its header.
set -u
def="$SA_SRCDIR/rules/coverage/pack.yaml"
want_fe=$(sed -n 's/^#   for-each: "\(.*\)"$/\1/p' "$def")
want_as=$(sed -n 's/^#   assert: "\(.*\)"$/\1/p' "$def")
if [ -z "$want_fe" ] || [ -z "$want_as" ]; then
  echo "coverage: no definition in the header of $def"
  exit 1
fi
status=0
n=0
for pack in "$SA_SRCDIR"/rules/*/pack.yaml; do
  out=$(awk -v fe="$want_fe" -v as="$want_as" -v file="$pack" '
    function done_rule() {
      if (id == "" || index(each, "ref('"'"'townships'"'"')") != 1) return
      if (!tagged) { print file ": " id " goes over the townships but is not tagged coverage"; bad = 1 }
      if (id == "COVER-INFO-01") return
      if (each != fe) { print file ": " id ": for-each differs from the coverage definition"; bad = 1 }
      if (test != as) { print file ": " id ": assert differs from the coverage definition"; bad = 1 }
      print "rule " id
    }
    function value(line) { sub(/^ *[a-z-]+: "/, "", line); sub(/"$/, "", line); return line }
    /^  - id: / { done_rule(); id = $3; tagged = 0; each = ""; test = "" }
    /^    tags: .*coverage/ { tagged = 1 }
    /^    for-each: / { each = value($0) }
    /^    assert: / { test = value($0) }
    END { done_rule(); exit bad }' "$pack") || status=1
  printf '%s\n' "$out" | grep -v '^rule ' | grep . || true
  n=$((n + $(printf '%s\n' "$out" | grep -c '^rule ')))
done
# The seven issuers with a coverage requirement, and the coverage pack's
# own national rule (COVER-01), which judges the townships no loaded
# issuer's copy covers.
if [ "$n" -ne 8 ]; then
  echo "coverage: expected 8 coverage rules over the townships, found $n"
  status=1
fi
[ $status -eq 0 ] && echo "coverage: $n rules share the one definition"
exit $status
