#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The search path's default set (a file called `default`) lists standards
# by name.  It may come with a pull request's rules folder, so an entry
# that is a path -- absolute, relative, "..", a .yaml file -- is refused
# at the default file's line and column before anything is read, and
# nothing of the file it names is printed; names still load.
set -u
. "$(dirname "$0")/common.sh"
sa=$STATIONAUDIT
dossier=$SA_SRCDIR/examples/420302001-wudanglu.yaml
mkdir "$work/rules"
printf 'SECRET_CANARY: ghp_0123456789\n' >"$work/secret"
# The canary in a file a standard's loader would quote on its first line.
for entry in "$work/secret" "../secret" "./x.yaml" ".." "shiyan.yaml"; do
	printf '# the city standard\n%s   # ours\n' "$entry" >"$work/rules/default"
	r=0
	STATIONAUDIT_PATH="$work/rules:$SA_SRCDIR/rules" "$sa" check -q "$dossier" \
		>"$work/out" 2>"$work/err" </dev/null || r=$?
	[ $r -eq 2 ] || fail "'$entry': exit $r, expected 2"
	grep -qF "$work/rules/default:2:1:" "$work/err" ||
		fail "'$entry': the error does not name default:2:1: $(head -1 "$work/err")"
	! grep -q "CANARY" "$work/out" "$work/err" ||
		fail "'$entry': the named file's content was printed"
done
# Names load from the search path.
printf 'shiyan  # 十堰\n' >"$work/rules/default"
r=0
STATIONAUDIT_PATH="$work/rules:$SA_SRCDIR/rules" "$sa" check -q -f json:"$work/r.json" \
	"$dossier" >"$work/out" 2>"$work/err" </dev/null || r=$?
[ $r -le 1 ] || fail "a default set of names: exit $r: $(head -3 "$work/err")"
grep -q '"id": "shiyan"' "$work/r.json" || fail "a default set of names: shiyan not loaded"
exit $bad
