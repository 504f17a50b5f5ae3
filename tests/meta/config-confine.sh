#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A found .stationaudit.yaml names only paths inside its folder: in CI it
# comes with an untrusted checkout.  An absolute path, a `..` above the
# folder or a symbolic link out of it (waivers, schema, standards given as
# paths, report files of formats) is a usage error at the value's file,
# line and column, exit 2, before anything is read or written; nothing
# of the file it names is quoted.  Paths inside (a subfolder, a link that
# stays inside) still work, and so do --config and the command line.
set -u
sa="$STATIONAUDIT"
cases="$SA_SRCDIR/tests/e2e/cases"
. "$(dirname "$0")/common.sh"

secret='SECRET-LINE-never-quoted'
printf '%s\n' "$secret" > "$tmp/secret"
repo="$tmp/repo"
mkdir -p "$repo/.git" "$repo/d" "$repo/sub/w" "$repo/sub/real" "$repo/real" "$tmp/outside"
cp "$cases/config-yaml-found/tumen.yaml" "$repo/d/"
cp -r "$cases/config-yaml-found/sev" "$repo/sub/"
printf 'waivers:\n  - rule: SEV-MAJ-01\n    record: "*"\n    reason: x\n    approver: y\n    expires: 2099-01-01\n' \
  > "$repo/sub/w/ledger.yaml"
ln -s sub/w "$repo/lw"              # stays inside
ln -s real "$repo/sub/out"          # stays inside (its own folder: reports follow no link out of it)
ln -s "$tmp" "$repo/up"             # leads out
ln -s ../outside "$repo/sub/away"   # leads out, from a subfolder
ln -s "$tmp/outside/gone.txt" "$repo/dangling"

# refused KEY-AND-VALUE WHERE WHAT: that line in the config at the
# checkout's root, check run there; WHERE is "LINE:COL:" (or "LINE:" where
# the column is not the point: a single value's).
refused() { # KEY-AND-VALUE WHERE WHAT
  printf 'audit-date: 2025-06-30\n%s\n' "$1" > "$repo/.stationaudit.yaml"
  (cd "$repo" && "$sa" check d) >"$tmp/out" 2>"$tmp/err" </dev/null
  got=$?
  [ "$got" = 2 ] || fail "$3: exit $got, expected 2"
  grep -qF ".stationaudit.yaml:$2" "$tmp/err" ||
    { fail "$3: no .stationaudit.yaml:$2 in"; sed 's/^/    /' "$tmp/err"; }
  grep -qF "refused" "$tmp/err" || fail "$3: no refusal in stderr"
  if grep -qF "$secret" "$tmp/out" "$tmp/err"; then
    fail "$3: the refused file's content was quoted"
  fi
  [ ! -s "$tmp/out" ] || fail "$3: something was audited"
  if [ -n "$(ls -A "$tmp/outside")" ]; then
    fail "$3: wrote outside the checkout: $(ls -A "$tmp/outside")"
    rm -f "$tmp/outside"/*
  fi
}

refused "waivers: [$tmp/secret]" 2:11: "absolute waivers"
refused "waivers: [sub/w/ledger.yaml, ../secret]" 2:30: "waivers with .."
refused "schema: up/secret" 2: "schema through an outward link"
refused "standards: [$tmp/x/pack.yaml]" 2:13: "absolute standard"
refused "standards: [sub/../../secret.yaml]" 2:13: "standard with .. above"
refused "formats: [\"text:$tmp/outside/pwned.txt\"]" 2:11: "absolute report"
refused "formats: [json, \"text:../outside/pwned.txt\"]" 2:17: "report with .."
refused "formats: [\"sarif:sub/away/pwned.sarif\"]" 2:11: "report through a link"
refused "formats: [\"text:dangling\"]" 2:11: "report onto a dangling link"
refused "formats: [\"text:sub/../sub/away/../x\"]" 2:11: "link then .."

# Inside: a subfolder, links that stay inside, `..` that stays inside;
# a pack's name is no path.
ok() { # DIR WHAT
  (cd "$1" && "$sa" check d) >"$tmp/out" 2>"$tmp/err" </dev/null
  got=$?
  [ "$got" = 0 ] || { fail "$2: exit $got, expected 0"; sed 's/^/    /' "$tmp/err" | head -5; }
}
cat > "$repo/.stationaudit.yaml" <<'YAML'
standards: [sub/sev/pack.yaml]
audit-date: 2025-06-30
fail-on: critical
waivers: [lw/ledger.yaml]
formats: ["json:sub/out/r.json", "text:sub/../real/r.txt", "text:-"]
YAML
ok "$repo" "paths inside"
[ -s "$repo/sub/real/r.json" ] && [ -s "$repo/real/r.txt" ] ||
  fail "paths inside: the reports were not written through sub/out"
grep -q '"waived"' "$repo/sub/real/r.json" ||
  fail "paths inside: the waiver of lw/ledger.yaml was not applied"
ls -A "$tmp" | grep -qv '^\(secret\|repo\|outside\|out\|err\)$' &&
  fail "paths inside: wrote beside the checkout: $(ls -A "$tmp")"

# Found from a subfolder: paths are taken from the current folder and
# may climb back to the configuration file's folder, not above it.
mkdir "$repo/sub/d"
cp "$repo/d/tumen.yaml" "$repo/sub/d/"
printf 'standards: [sev/pack.yaml]\naudit-date: 2025-06-30\nfail-on: critical\nwaivers: [../lw/ledger.yaml]\n' \
  > "$repo/.stationaudit.yaml"
ok "$repo/sub" "from a subfolder, .. back to the root"

# The command line and --config are the user's own: not confined.
printf 'standards: [sub/sev/pack.yaml]\naudit-date: 2025-06-30\nfail-on: critical\n' \
  > "$repo/.stationaudit.yaml"
(cd "$repo" && "$sa" check -f "text:$tmp/outside/cli.txt" d) >/dev/null 2>"$tmp/err"
[ -s "$tmp/outside/cli.txt" ] || { fail "-f on the command line was refused"; cat "$tmp/err"; }
printf -- "--format text:%s/outside/cfg.txt\n" "$tmp" > "$tmp/given.conf"
(cd "$repo" && "$sa" check --config "$tmp/given.conf" d) >/dev/null 2>"$tmp/err"
[ -s "$tmp/outside/cfg.txt" ] || { fail "--config FILE was confined"; cat "$tmp/err"; }

exit $bad
