#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every bundled pack passes its own fixtures (stationaudit test), so a rule
# that stops catching what it should fails the build.
set -u
status=0
for pack in "$SA_SRCDIR"/rules/*/pack.yaml; do
  dir=$(dirname "$pack")
  if [ ! -d "$dir/tests" ]; then
    echo "packs: $(basename "$dir") has no tests/ fixtures"
    status=1
    continue
  fi
  out=$("$STATIONAUDIT" test "$dir/pack.yaml" 2>&1) || status=1
  printf '%s\n' "$out" | grep -v '^ok ' || true
done
[ $status -eq 0 ] && echo "packs: every bundled pack passes its fixtures"
exit $status
