#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The library exports exactly the functions the public header declares,
# and nothing else (every exported symbol starts with sa_).
set -eu
lib="$SA_BUILDDIR/.libs/libstationaudit.so"
hdr="$SA_SRCDIR/engine/stationaudit.h"
[ -f "$lib" ] || { echo "api: $lib not built"; exit 1; }
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sort -u)
declared=$(grep -oE '\bsa_[a-z0-9_]+\(' "$hdr" | tr -d '(' | sort -u)
bad=0
for s in $exported; do
  case "$s" in sa_*) ;; *) echo "api: exported but not sa_: $s"; bad=1 ;; esac
  echo "$declared" | grep -qx "$s" || { echo "api: exported but not in the header: $s"; bad=1; }
done
for s in $declared; do
  echo "$exported" | grep -qx "$s" || { echo "api: declared but not exported: $s"; bad=1; }
done
# Inside the library too, every global name is ours: sa_ or sai_.
core="$SA_BUILDDIR/.libs/libsacore.a"
[ -f "$core" ] || { echo "api: $core not built"; exit 1; }
for s in $(nm -g --defined-only "$core" | awk 'NF == 3 {print $3}' | sort -u); do
  case "$s" in sa_*|sai_*) ;; *) echo "api: global but not sa_ or sai_: $s"; bad=1 ;; esac
done
[ $bad -eq 0 ] && echo "api: $(echo "$exported" | wc -l) exported symbols match the header"
exit $bad
