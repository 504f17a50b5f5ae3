#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The CI recipes run here, without GitHub, GitLab, pre-commit or Docker:
#  - action.yml: its run: steps, in order, with inputs set, GitHub's
#    files and variables faked in a temp folder and the built command on
#    PATH (install: auto uses it); the SARIF upload (a uses: step) is
#    checked for its inputs only;
#  - Dockerfile: the build stage's steps after configure run against the
#    built tree, installing into a temp DESTDIR (not /out); the final
#    stage's COPY and RUN are replayed on that tree (the installed command
#    must list and audit with only what was installed); its shape is
#    checked: two debian:12-slim stages, no compiler in the last, a
#    non-root USER; its apt-get lines hold every package that configure.ac
#    requires (build stage, and .ci/deps) and that the installed binaries
#    load (final stage);
#  - .pre-commit-hooks.yaml: the hook's entry on a passing and a failing
#    example dossier, and its files/exclude patterns (the tool's own
#    configuration and waiver files left out);
#  - docs/ci.md: the script: lines of the GitLab recipe.
set -eu
: "${SA_SRCDIR:?}" "${SA_BUILDDIR:?}" "${STATIONAUDIT:?}"
python3 -c 'import yaml' 2>/dev/null || { echo "ci-recipes: python3-yaml missing (.ci/deps installs it)"; exit 77; }
. "$(dirname "$0")/common.sh"
mkdir -p "$work/bin"
ln -s "$STATIONAUDIT" "$work/bin/stationaudit"
PATH="$work/bin:$PATH"
export PATH
ex="$SA_SRCDIR/examples"
good="$ex/420302001-wudanglu.yaml"
failing="$ex/420304117-chengguan.xml"

# ---- action.yml -------------------------------------------------------------
# action_run DIR INPUTS_JSON: the action's run: steps, with its default
# inputs updated by INPUTS_JSON, in the checkout DIR/repo (made by the
# caller); the last step's status goes to DIR/rc.
action_run() {
  python3 - "$SA_SRCDIR/action.yml" "$1" "$2" <<'PY'
import json, re, sys, yaml
action, out, extra = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
d = yaml.safe_load(open(action))
assert d["runs"]["using"] == "composite"
inputs = {k: v.get("default", "") for k, v in d["inputs"].items()}
for k in ("standards", "fail-on", "upload-sarif", "install", "config"):
    assert k in inputs, k
for k in extra:
    assert k in inputs, k
inputs.update(extra)
def subst(v):
    def one(m):
        expr = m.group(1).strip()
        if expr.startswith("inputs."):
            return str(inputs[expr[len("inputs."):]])
        raise SystemExit("action.yml: unexpected expression " + expr)
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(v))
n = 0
uses = []
for step in d["runs"]["steps"]:
    if "uses" in step:
        uses.append(step)
        continue
    assert step.get("shell") == "bash", step["name"]
    n += 1
    with open("%s/step%d.sh" % (out, n), "w") as f:
        for k, v in step.get("env", {}).items():
            f.write("export %s=%s\n" % (k, "'" + subst(v).replace("'", "'\\''") + "'"))
        f.write(step["run"])
assert n >= 3, n
up = [s for s in uses if s["uses"].startswith("github/codeql-action/upload-sarif@")]
assert len(up) == 1 and up[0]["with"]["sarif_file"] == "${{ inputs.sarif }}", up
assert "inputs.upload-sarif" in up[0]["if"], up[0]["if"]
print(n, file=open(out + "/steps", "w"))
PY
  nsteps=$(cat "$1/steps" 2>/dev/null || echo 0)
  [ "$nsteps" -ge 3 ] || fail "action.yml: its steps could not be read"
  mkdir -p "$1/tmp"
  : >"$1/output"; : >"$1/path"
  echo 0 >"$1/rc"
  i=1
  while [ $i -le "$nsteps" ]; do
    r=0
    (cd "$1/repo" && GITHUB_ACTION_PATH="$SA_SRCDIR" GITHUB_OUTPUT="$1/output" \
      GITHUB_PATH="$1/path" RUNNER_TEMP="$1/tmp" \
      GITHUB_STEP_SUMMARY="$1/summary" \
      bash --noprofile --norc -eo pipefail "$1/step$i.sh") \
      >>"$1/stdout" 2>>"$1/stderr" || r=$?
    if [ $i -eq "$nsteps" ]; then echo $r >"$1/rc"
    elif [ $r -ne 0 ]; then fail "action.yml: step $i exited $r: $(cat "$1/stderr")"; fi
    i=$((i + 1))
  done
}
mkdir -p "$work/gh/repo/dossiers"
cp "$good" "$failing" "$work/gh/repo/dossiers/"
action_run "$work/gh" '{"paths": "dossiers", "formats": "github codequality:cq.json",
  "args": "--audit-date 2025-06-30", "sarif": "out.sarif"}'
rc=$(cat "$work/gh/rc")
[ "$rc" -eq 1 ] || fail "action.yml: the last step exited $rc, want 1 (a dossier fails a major rule)"
grep -qx "exit-code=1" "$work/gh/output" || fail "action.yml: no exit-code=1 in GITHUB_OUTPUT"
grep -q "^::error file=dossiers/420304117-chengguan.xml" "$work/gh/stdout" || fail "action.yml: no annotation on the failing dossier"
python3 - "$work/gh/repo" <<'PY' || fail "action.yml: reports"
import json, sys
d = sys.argv[1]
s = json.load(open(d + "/out.sarif"))
res = s["runs"][0]["results"]
assert res and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("dossiers/") for r in res if "locations" in r)
assert all("partialFingerprints" in r for r in res)
cq = json.load(open(d + "/cq.json"))
assert cq and all(i["location"]["path"].startswith(("dossiers/", "(collection)")) for i in cq), cq[:2]
PY
# config: auto reads the checkout's .stationaudit.yaml (here one with an
# unknown key: a configuration error, 2), none leaves it out (the failing
# dossier's findings: 1), and any other value is refused (2, annotated).
for c in auto none bogus; do
  mkdir -p "$work/gh-$c/repo/dossiers"
  cp "$failing" "$work/gh-$c/repo/dossiers/"
  printf 'fail_on: none\n' >"$work/gh-$c/repo/.stationaudit.yaml"
  action_run "$work/gh-$c" '{"paths": "dossiers", "sarif": "", "formats": "",
    "args": "--audit-date 2025-06-30", "config": "'$c'"}'
done
[ "$(cat "$work/gh-auto/rc")" -eq 2 ] && grep -q "fail_on" "$work/gh-auto/stderr" ||
  fail "action.yml: config auto did not read the checkout's .stationaudit.yaml (exit $(cat "$work/gh-auto/rc"))"
[ "$(cat "$work/gh-none/rc")" -eq 1 ] && grep -qx "exit-code=1" "$work/gh-none/output" ||
  fail "action.yml: config none exited $(cat "$work/gh-none/rc"), want 1 (the configuration left out)"
[ "$(cat "$work/gh-bogus/rc")" -eq 2 ] && grep -q "^::error::stationaudit: the input config" "$work/gh-bogus/stdout" ||
  fail "action.yml: config bogus exited $(cat "$work/gh-bogus/rc"), want 2 with an annotation"
bash -n "$SA_SRCDIR/.ci/deps" || fail ".ci/deps: syntax"

# ---- Dockerfile -------------------------------------------------------------
prefix=$(sed -n 's/^prefix = //p' "$SA_BUILDDIR/Makefile")
dest="$work/docker/out"
root="$work/docker/root"
mkdir -p "$dest" "$root"
python3 - "$SA_SRCDIR/Dockerfile" "$work/docker" <<'PY' || fail "Dockerfile: shape"
import re, sys
text = open(sys.argv[1]).read().replace("\\\n", " ")
stages, cur = [], None
for line in text.splitlines():
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    word, _, rest = line.partition(" ")
    if word == "FROM":
        cur = {"from": rest, "steps": []}
        stages.append(cur)
    else:
        cur["steps"].append((word, rest))
assert len(stages) == 2, "two stages"
assert all(s["from"].split()[0] == "debian:12-slim" for s in stages)
last = stages[1]
users = [r for w, r in last["steps"] if w == "USER"]
assert users and users[-1] not in ("root", "0"), users
runs = " ".join(r for w, r in last["steps"] if w == "RUN")
for dev in ("build-essential", "-dev ", "autoconf", "gcc"):
    assert dev not in runs, "the final stage installs " + dev
assert ("COPY", "--from=build /out/ /") in last["steps"]
assert any(w == "ENTRYPOINT" and "stationaudit" in r for w, r in last["steps"])
# The build stage after configure, and the final stage's own RUNs
# without apt-get and useradd (they need the network and root).
with open(sys.argv[2] + "/build.sh", "w") as f:
    for w, r in stages[0]["steps"]:
        if w == "RUN" and not r.startswith(("apt-get", "autoreconf")):
            f.write(r + "\n")
with open(sys.argv[2] + "/final.sh", "w") as f:
    for w, r in last["steps"]:
        if w == "RUN" and not r.startswith("apt-get"):
            f.write(r + "\n")
# Each stage's apt-get install packages, one a line (build.apt, final.apt),
# and the build stage's configure line (build.configure).
for name, st in (("build", stages[0]), ("final", last)):
    pkgs = []
    for w, r in st["steps"]:
        for cmd in r.split("&&") if w == "RUN" else []:
            words = cmd.split()
            if words[:2] == ["apt-get", "install"]:
                pkgs += [x for x in words[2:] if not x.startswith("-")]
    assert pkgs, name + " stage installs no package"
    open("%s/%s.apt" % (sys.argv[2], name), "w").write("\n".join(pkgs) + "\n")
open(sys.argv[2] + "/build.configure", "w").write(
    " ".join(r for w, r in stages[0]["steps"] if w == "RUN" and "./configure" in r))
PY
if [ -f "$work/docker/build.sh" ]; then
  # /out and the configured prefix become the temp DESTDIR and this
  # build's prefix.
  sed -e 's|/out/usr/local|"$SA_DEST$SA_PREFIX"|g' -e 's|/out|"$SA_DEST"|g' "$work/docker/build.sh" >"$work/docker/build2.sh"
  (cd "$SA_BUILDDIR" && SA_DEST="$dest" SA_PREFIX="$prefix" sh -e "$work/docker/build2.sh") >"$work/docker/log" 2>&1 || { cat "$work/docker/log"; fail "Dockerfile: the build stage failed"; }
  [ -x "$dest$prefix/bin/stationaudit" ] || fail "Dockerfile: no command installed"
  [ -d "$dest$prefix/share/stationaudit/rules" ] || fail "Dockerfile: no standards installed"
  [ ! -d "$dest$prefix/include" ] || fail "Dockerfile: headers left in the image"
  [ -z "$(find "$dest" -name '*.la' -o -name '*.a')" ] || fail "Dockerfile: static or libtool archives left"
  cp -a "$dest/." "$root/"
  # ldconfig and the PATH of the image, on the copied root.
  sed -e 's/ldconfig && //' "$work/docker/final.sh" >"$work/docker/final2.sh"
  run_image() {
    env -u STATIONAUDIT_PATH -u STATIONAUDIT_SCHEMAS PATH="$root$prefix/bin:/usr/bin:/bin" \
      LD_LIBRARY_PATH="$root$prefix/lib" STATIONAUDIT_PATH="$root$prefix/share/stationaudit/rules" "$@"
  }
  (cd "$work" && run_image sh -e "$work/docker/final2.sh") || fail "Dockerfile: the final stage's RUN failed"
  r=0; (cd "$ex" && run_image stationaudit check -q -f json:"$work/docker/r.json" "$(basename "$failing")") || r=$?
  [ $r -eq 1 ] || fail "Dockerfile: the installed command exited $r on a failing dossier, want 1"
fi

# ---- Dockerfile: its packages against configure.ac and the binaries ---------
# apt-get needs the network, so the lines are checked, not run: the build
# stage must install every Debian package that configure.ac names as
# required (SA_REQUIRE's third argument, "install the Debian package X";
# Check only when the stage configures with tests), and .ci/deps too; the
# final stage must install the package of every library that the
# installed command and library load (readelf NEEDED, dpkg -S), but for
# glibc and libgcc, which debian:12-slim has.
if [ -f "$work/docker/build.apt" ]; then
  sed -n -e 's/.*SA_REQUIRE(\[\([A-Z0-9]*\)\], *\[[^]]*\], *\[\([^]$]*\)\]).*/\1 \2/p' \
    -e 's/.*install the Debian package \([a-z0-9][-a-z0-9.+]*\).*/message \1/p' \
    "$SA_SRCDIR/configure.ac" | sort -u >"$work/docker/required"
  grep -q '^YAJL libyajl-dev$' "$work/docker/required" || fail "ci-recipes: configure.ac's packages could not be read"
  deps=$(sed -n '/^pkgs="/,/"$/p' "$SA_SRCDIR/.ci/deps" | tr -d '"' | sed 's/^pkgs=//')
  while read -r what pkg; do
    echo " $deps " | tr '\n' ' ' | grep -q " $pkg " || fail ".ci/deps: does not install $pkg (configure.ac: $what)"
    if [ "$what" = CHECK ] && grep -q -- '--disable-tests' "$work/docker/build.configure"; then
      continue
    fi
    grep -qx "$pkg" "$work/docker/build.apt" || fail "Dockerfile: the build stage does not install $pkg (configure.ac: $what)"
  done <"$work/docker/required"
  if command -v readelf >/dev/null && command -v dpkg >/dev/null; then
    for f in "$dest$prefix/bin/stationaudit" "$dest$prefix"/lib/libstationaudit.so.*[0-9]; do
      [ -f "$f" ] && [ ! -h "$f" ] || continue
      readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
    done | sort -u >"$work/docker/needed"
    grep -q '^libyajl' "$work/docker/needed" || fail "Dockerfile: readelf found no NEEDED libyajl in the installed build"
    # what the listed packages depend on comes with them (a build without
    # --as-needed, clang's, links libz that libxml2 brings)
    dpkg-query -W -f='${Depends}\n' $(cat "$work/docker/final.apt") 2>/dev/null |
      tr ',|' '\n\n' | sed 's/^ *//; s/[ :].*//' | sort -u >"$work/docker/final.deps"
    LD_LIBRARY_PATH="$dest$prefix/lib" ldd "$dest$prefix/bin/stationaudit" >"$work/docker/ldd" 2>&1 || true
    while read -r so; do
      case $so in libstationaudit.*|ld-linux*) continue ;; esac
      # the file the loader takes (this architecture's), and its package
      path=$(awk -v s="$so" '$1 == s && $2 == "=>" { print $3; exit }' "$work/docker/ldd")
      pkg=$( { [ -n "$path" ] && { dpkg -S "$path" || dpkg -S "$(readlink -f "$path")"; }; } 2>/dev/null | sed -n '1s/[:,].*//p')
      case $pkg in
        "") fail "Dockerfile: no Debian package holds $so (dpkg -S)" ;;
        libc6|libgcc-s1) ;;
        *) grep -qx "$pkg" "$work/docker/final.apt" || grep -qx "$pkg" "$work/docker/final.deps" ||
             fail "Dockerfile: the final stage does not install $pkg ($so is NEEDED)" ;;
      esac
    done <"$work/docker/needed"
  else
    echo "ci-recipes: no readelf or dpkg: the final stage's packages are not checked"
  fi
fi

# .dockerignore: `COPY . .` must not take the history or a build made in
# the checkout into the image's build stage.
for p in .git '**/.libs' config.status libtool '_b*' Makefile '**/*.o'; do
  grep -qxF "$p" "$SA_SRCDIR/.dockerignore" 2>/dev/null || fail ".dockerignore: does not leave out $p"
done

# ---- .pre-commit-hooks.yaml -------------------------------------------------
# The tool's own files, by the names it uses: the configuration file it
# looks for (src/cli-config.c) and the waiver ledgers the docs name.
own=$(sed -n 's/^#define CONFIG_NAME "\(.*\)"$/\1/p' "$SA_SRCDIR/src/cli-config.c")
own="$own $(sed -n -e 's/.*waivers: \[\([^]/]*\)\].*/\1/p' -e 's/.*--waivers \([^ `]*\.ya*ml\).*/\1/p' \
  "$SA_SRCDIR/docs/config.md" "$SA_SRCDIR/docs/ci.md" | sort -u | tr '\n' ' ')"
case $own in .stationaudit.yaml\ *waivers.yaml*) ;; *) fail "pre-commit: the tool's own file names could not be read: $own" ;; esac
python3 - "$SA_SRCDIR/.pre-commit-hooks.yaml" "$work/hook" $own <<'PY' || fail ".pre-commit-hooks.yaml: patterns"
import re, sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
h = [x for x in hooks if x["id"] == "stationaudit"][0]
assert h["language"] == "system"
f, x = re.compile(h["files"]), re.compile(h["exclude"])
want = lambda p: bool(f.search(p)) and not x.search(p)
for p in ("dossiers/a.yaml", "b.yml", "c.json", "d/e.xml"):
    assert want(p), p
for p in ("README.md", "action.yml", ".pre-commit-config.yaml", ".github/workflows/ci.yml", "rules/base/pack.yaml", ".gitlab-ci.yml"):
    assert not want(p), p
for name in sys.argv[3:]:
    for p in (name, "dossiers/" + name):
        assert not want(p), "the hook would audit the tool's own " + p
assert want("dossiers/waivers-list.yaml") and want("my.stationaudit.yaml.json")
open(sys.argv[2], "w").write(h["entry"])
PY
entry=$(cat "$work/hook" 2>/dev/null || echo false)
r=0; (cd "$ex" && $entry "$(basename "$good")" >/dev/null) || r=$?
[ $r -eq 0 ] || fail "pre-commit: the hook exited $r on a passing dossier"
r=0; (cd "$ex" && $entry "$(basename "$good")" "$(basename "$failing")" >"$work/hook.out") || r=$?
[ $r -eq 1 ] || fail "pre-commit: the hook exited $r on a failing dossier, want 1"
grep -q "420304117-chengguan.xml" "$work/hook.out" || fail "pre-commit: the hook does not name the failing dossier"

# ---- docs/ci.md: the GitLab recipe ------------------------------------------
mkdir -p "$work/gl/dossiers"
cp "$good" "$failing" "$work/gl/dossiers/"
python3 - "$SA_SRCDIR/docs/ci.md" "$work/gl" <<'PY' || fail "docs/ci.md: the GitLab recipe"
import re, sys, yaml
md = open(sys.argv[1]).read()
m = re.search(r"<!-- test: gitlab -->\s*```yaml\n(.*?)```", md, re.S)
assert m, "no GitLab recipe marked <!-- test: gitlab -->"
job = yaml.safe_load(m.group(1))["stationaudit"]
assert job["artifacts"]["reports"]["codequality"]
assert job["artifacts"]["reports"]["junit"]
open(sys.argv[2] + "/script.sh", "w").write("\n".join(job["script"]) + "\n")
open(sys.argv[2] + "/reports", "w").write(job["artifacts"]["reports"]["codequality"] + " " + job["artifacts"]["reports"]["junit"])
PY
r=0; (cd "$work/gl" && sh -e script.sh >/dev/null 2>&1) || r=$?
[ $r -eq 1 ] || fail "docs/ci.md: the GitLab script exited $r, want 1"
for f in $(cat "$work/gl/reports" 2>/dev/null); do
  [ -s "$work/gl/$f" ] || fail "docs/ci.md: the GitLab recipe wrote no $f"
done

[ $bad -eq 0 ] && echo "ci-recipes: action.yml, Dockerfile, pre-commit hook and GitLab recipe run"
exit $bad
