#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The library as an outside program sees it, installed (make install into
# a temp DESTDIR):
#  - docs/api.md's example (<!-- test: capi -->) compiles against the
#    installed header and library through the installed stationaudit.pc,
#    and links statically-resolvable: every library libstationaudit NEEDs
#    is named by `pkg-config --static --libs` (Requires.private);
#  - with no search folder added it finds the installed packs, and the
#    default options validate records against the installed contract
#    (a dossier with level: town fails SA-SCHEMA); sa_search_dirs_default
#    and sa_schema_default end with the .pc's rulesdir and schemasdir;
#  - the installed packs carry their fixtures: the installed command's
#    `stationaudit test` passes on them.
set -eu
: "${SA_SRCDIR:?}" "${SA_BUILDDIR:?}"
command -v pkg-config >/dev/null || { echo "capi: no pkg-config"; exit 77; }
command -v python3 >/dev/null || { echo "capi: no python3"; exit 77; }
. "$(dirname "$0")/common.sh"
dest=$work/dest
cc=$(sed -n 's/^CC = //p' "$SA_BUILDDIR/Makefile")
cflags=$(sed -n 's/^SA_CFLAGS = //p' "$SA_BUILDDIR/Makefile")
ldflags=$(sed -n 's/^SA_LDFLAGS = //p' "$SA_BUILDDIR/Makefile")
prefix=$(sed -n 's/^prefix = //p' "$SA_BUILDDIR/Makefile")
(cd "$SA_BUILDDIR" && ${MAKE:-make} install DESTDIR="$dest") >"$work/log" 2>&1 ||
  { cat "$work/log"; echo "capi: make install failed"; exit 1; }
pcdir=$(dirname "$(find "$dest" -name stationaudit.pc)")
[ -f "$pcdir/stationaudit.pc" ] || { echo "capi: no stationaudit.pc installed"; exit 1; }
pc() { PKG_CONFIG_PATH="$pcdir" pkg-config --define-variable=prefix="$dest$prefix" "$@" stationaudit; }
libdir=$(pc --variable=libdir)
rulesdir=$(PKG_CONFIG_PATH="$pcdir" pkg-config --variable=rulesdir stationaudit)
schemasdir=$(PKG_CONFIG_PATH="$pcdir" pkg-config --variable=schemasdir stationaudit)
[ -d "$dest$rulesdir/shiyan" ] || fail "the .pc's rulesdir $rulesdir holds no shiyan"
[ -f "$dest$schemasdir/dossier.xsd" ] || fail "the .pc's schemasdir $schemasdir holds no dossier.xsd"

# Requires.private: every NEEDED library of libstationaudit is linked by
# a static link's flags.
static=$(pc --static --libs) || fail "pkg-config --static: $static"
soname() { readelf -d "$1" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p'; }
for l in $static; do
  case $l in -l*) f=$($cc -print-file-name="lib${l#-l}.so"); [ -f "$f" ] && soname "$(readlink -f "$f")" ;; esac
done >"$work/sonames"
grep -q '^libyajl' "$work/sonames" || fail "pkg-config --static --libs names no yajl: $static"
for so in $(readelf -d "$libdir"/libstationaudit.so | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
  case $so in libc.so*|libm.so*|libpthread.so*|libdl.so*|librt.so*|libgcc_s.so*|ld-linux*) continue ;; esac
  grep -qx "$so" "$work/sonames" ||
    fail "libstationaudit NEEDs $so, which no library of pkg-config --static --libs is: $static"
done

python3 - "$SA_SRCDIR/docs/api.md" "$work/audit.c" <<'PY' || { echo "capi: no example in docs/api.md"; exit 1; }
import re, sys
m = re.search(r"<!-- test: capi -->\s*```c\n(.*?)```", open(sys.argv[1]).read(), re.S)
assert m
open(sys.argv[2], "w").write(m.group(1))
PY
# the example, built as a user would, with the project's warnings
# shellcheck disable=SC2046,SC2086
$cc $cflags -o "$work/audit" "$work/audit.c" $(pc --cflags --libs) $ldflags ||
  { echo "capi: the example of docs/api.md does not build"; exit 1; }
cat >"$work/dirs.c" <<'C'
#include <stdio.h>
#include <stationaudit.h>
int main(void)
{
	const char *const *d = sa_search_dirs_default();

	while (d[1])
		d++;
	printf("%s\n%s\n", *d, sa_schema_default());
	return 0;
}
C
# shellcheck disable=SC2046,SC2086
$cc $cflags -o "$work/dirs" "$work/dirs.c" $(pc --cflags --libs) $ldflags || fail "dirs.c does not build"
run() {
  env -u STATIONAUDIT_PATH -u STATIONAUDIT_SCHEMAS LD_LIBRARY_PATH="$libdir" "$@"
}
printf '%s\n%s\n' "$rulesdir" "$schemasdir/dossier.xsd" >"$work/dirs.want"
run "$work/dirs" >"$work/dirs.got" || fail "dirs exited $?"
cmp -s "$work/dirs.want" "$work/dirs.got" ||
  fail "the library's default folders are $(tr '\n' ' ' <"$work/dirs.got"), not the .pc's $(tr '\n' ' ' <"$work/dirs.want")"

# The installed packs and contract, reached through the environment (the
# DESTDIR is not the prefix the library was built for).
mkdir -p "$work/run"
cp "$SA_SRCDIR/examples/420302001-wudanglu.yaml" "$work/run/good.yaml"
sed 's/^  level: township$/  level: town/' "$work/run/good.yaml" >"$work/run/town.yaml"
cmp -s "$work/run/good.yaml" "$work/run/town.yaml" && fail "the example dossier has no level: township"
r=0
(cd "$work/run" && run STATIONAUDIT_PATH="$dest$rulesdir" STATIONAUDIT_SCHEMAS="$dest$schemasdir" \
  "$work/audit" town.yaml >out 2>err) || r=$?
[ $r -eq 1 ] || fail "the example exited $r on a dossier off the contract, want 1: $(cat "$work/run/err")"
python3 - "$work/run/report.json" <<'PY' || fail "SA-SCHEMA is not checked by default"
import json, sys
r = json.load(open(sys.argv[1]))
fails = [f["rule"] for rec in r["records"] for f in rec["findings"] if f["status"] == "fail"]
assert "SA-SCHEMA" in fails, fails
PY
# a contract that cannot be read stops the run, naming it
r=0
(cd "$work/run" && run STATIONAUDIT_PATH="$dest$rulesdir" STATIONAUDIT_SCHEMAS="$work/none" \
  "$work/audit" good.yaml >out 2>err) || r=$?
[ $r -eq 2 ] && grep -q "none/dossier.xsd" "$work/run/err" ||
  fail "a missing contract: exit $r, want 2 naming it: $(cat "$work/run/err")"
# with nothing found (unless this machine has packs at the prefix): the
# load error says so, exit 2
if [ ! -e "$rulesdir/shiyan" ]; then
  r=0
  (cd "$work/run" && run "$work/audit" good.yaml >out 2>err) || r=$?
  [ $r -eq 2 ] && grep -q "shiyan" "$work/run/err" || fail "no packs installed at the prefix: exit $r, want 2"
fi

# The installed command tests the installed packs with their fixtures.
for p in shiyan jiande; do
  [ -f "$dest$rulesdir/$p/tests/test.conf" ] || fail "$p: tests/test.conf not installed"
  r=0
  (cd "$work" && run STATIONAUDIT_PATH="$dest$rulesdir" STATIONAUDIT_SCHEMAS="$dest$schemasdir" \
    "$dest$prefix/bin/stationaudit" test "$p" >"$work/test.out" 2>&1) || r=$?
  [ $r -eq 0 ] || { cat "$work/test.out"; fail "stationaudit test $p on the installed pack exited $r"; }
done

# make uninstall leaves nothing of the package: no file, no folder of its
# own (the standards' fixture folders, schemas, docs).
(cd "$SA_BUILDDIR" && ${MAKE:-make} uninstall DESTDIR="$dest") >"$work/log" 2>&1 ||
  { cat "$work/log"; fail "make uninstall failed"; }
# (folders are looked for below the prefix: its own path may hold the
# name, as make distcheck's stationaudit-VERSION/_inst does)
left=$(find "$dest" -type f -o -type l
  [ -d "$dest$prefix" ] && (cd "$dest$prefix" &&
    find . -type d \( -name 'stationaudit*' -o -path '*/stationaudit/*' \)))
[ -z "$left" ] || fail "make uninstall left: $(echo "$left" | head -5)"

[ $bad -eq 0 ] && echo "capi: the example builds through pkg-config and audits with the installed packs and contract"
exit $bad
