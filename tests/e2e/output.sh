#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Where reports go (docs/stationaudit.1, REPORT FILES): a regular file is
# replaced whole, a device, a FIFO or /dev/stdout is written in place and
# never replaced, a symbolic link is followed, the run's files are renamed
# together or not at all, and SIGTERM, SIGINT, SIGHUP and a closed pipe
# leave the previous reports whole and no temporary file.  Device nodes
# are made in a temporary folder (as root only), never elsewhere.
set -u
sa=${STATIONAUDIT:?}
ex="$SA_SRCDIR/examples/420302001-wudanglu.yaml"
all="$SA_SRCDIR/examples"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
json_ok() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }
no_temp() { ! ls -a | grep -q '\.tmp-\|\.xlsx-'; }

# A character device made here (/dev/null's numbers) stays a device.
if [ "$(id -u)" = 0 ] && mknod null c 1 3 2>/dev/null; then
  "$sa" check -q -f json:null "$ex"; rc=$?
  check "json:null exits 0 ($rc)" '[ $rc -eq 0 ]'
  check "a device stays a device" '[ -c null ]'
  # The null device keeps nothing: several reports may be sent there, by
  # any of its names, and it stays a device.
  "$sa" check -q -f json:null -f sarif:/dev/null -f junit:null "$ex"; rc=$?
  check "three reports to the null device exit 0 ($rc)" '[ $rc -eq 0 ] && [ -c null ] && [ -c /dev/null ]'
  # /dev/full's numbers: the write fails, and the other report of the run
  # is not renamed over the old one.
  if mknod full c 1 7 2>/dev/null; then
    echo old > r.html
    "$sa" check -q -f json:full -f html:r.html "$ex" 2>err; rc=$?
    check "a full device is an internal error (exit 4, got $rc)" '[ $rc -eq 4 ]'
    check "the message names the device" 'grep -q "full:.*No space" err'
    check "the set is kept: r.html is the old one" '[ "$(cat r.html)" = old ]'
    check "no temporary file after a failed set" no_temp
  fi
else
  echo "output: not root, device nodes skipped"
fi

# /dev/stdout is the process's standard output, written in place: a file
# the shell opened keeps its inode and gets the report.
: > out.json
ino=$(stat -c %i out.json)
"$sa" check -q -f json:/dev/stdout "$ex" > out.json; rc=$?
check "json:/dev/stdout exits 0 ($rc)" '[ $rc -eq 0 ]'
check "/dev/stdout: the redirected file has the report" 'json_ok out.json'
check "/dev/stdout: the same inode" '[ "$(stat -c %i out.json)" = "$ino" ]'

# A FIFO: its reader gets the whole report, and it stays a FIFO.
mkfifo pipe
python3 -c 'import json,sys; json.load(open(sys.argv[1])); open(sys.argv[2],"w").write("read")' pipe got &
reader=$!
"$sa" check -q -f json:pipe "$ex"; rc=$?
wait $reader
check "FIFO: exit 0 ($rc)" '[ $rc -eq 0 ]'
check "FIFO: the reader parsed the report" '[ "$(cat got 2>/dev/null)" = read ]'
check "FIFO: still a FIFO" '[ -p pipe ]'

# A symbolic link is followed: its target is replaced, the link stays.
echo old > target.json
chmod 640 target.json
ln -s target.json link.json
"$sa" check -q -f json:link.json "$ex"; rc=$?
check "link: exit 0 ($rc)" '[ $rc -eq 0 ]'
check "link: still a link" '[ -L link.json ]'
check "link: the target has the report" 'json_ok target.json'
check "link: the target keeps its permissions" '[ "$(stat -c %a target.json)" = 640 ]'
# ... only inside the folder that holds it: a link (or a folder on the
# way) leading out is refused, and what it leads to is left alone.
mkdir -p inner outer
echo precious > outer/victim
ln -s ../outer/victim inner/out.json
ln -s ../outer inner/outdir
"$sa" check -q -f json:inner/out.json "$ex" 2>err; rc=$?
check "outward link: exit 2 ($rc)" '[ $rc -eq 2 ] && grep -q "leads outside its folder" err'
check "outward link: its target untouched" '[ "$(cat outer/victim)" = precious ]'
"$sa" check -q -f json:inner/outdir/new.json "$ex" 2>err; rc=$?
check "outward folder link: exit 2 ($rc)" '[ $rc -eq 2 ] && grep -q "leads outside its folder" err'
check "outward folder link: nothing made" '[ ! -e outer/new.json ]'
ln -s missing.json dangling.json
"$sa" check -q -f json:dangling.json "$ex" 2>err; rc=$?
check "dangling link: exit 2 ($rc)" '[ $rc -eq 2 ]'
check "dangling link: said" 'grep -q "does not exist" err'
check "dangling link: nothing made" '[ ! -e missing.json ]'

# Refused before the audit: a folder, two reports on one file or stream.
mkdir folder
"$sa" check -q -f json:folder "$ex" 2>err; rc=$?
check "folder: exit 2 ($rc)" '[ $rc -eq 2 ] && grep -q folder err'
"$sa" check -q -f json:same.json -f html:same.json "$ex" 2>err; rc=$?
check "one file twice: exit 2 ($rc)" '[ $rc -eq 2 ] && grep -q "same file" err && [ ! -e same.json ]'
"$sa" check -q -f json:new.json -f sarif:./new.json "$ex" 2>err; rc=$?
check "one new file twice (./): exit 2 ($rc)" '[ $rc -eq 2 ] && grep -q "same file" err && [ ! -e new.json ]'
"$sa" check -q -f json:new.json -f sarif:"$t/new.json" "$ex" 2>err; rc=$?
check "one new file twice (absolute): exit 2 ($rc)" '[ $rc -eq 2 ] && grep -q "same file" err && [ ! -e new.json ]'
"$sa" check -f json -f text:/dev/stdout "$ex" >out.txt 2>err; rc=$?
check "stdout twice: exit 2 ($rc)" '[ $rc -eq 2 ] && grep -q "same file" err'

# A closed pipe on standard output: the file report is still written
# whole, and the command ends as SIGPIPE would end it (141).
"$sa" check -v -f text -f json:piped.json "$all" | head -1 > /dev/null
rc=${PIPESTATUS[0]}
check "closed pipe: status 141 ($rc)" '[ $rc -eq 141 ]'
check "closed pipe: the file report is whole" 'json_ok piped.json'
check "closed pipe: no temporary file" no_temp

# Signals: a run waiting on its input (standard input, a pipe nobody
# writes; a FIFO named as a dossier is refused) is killed once its
# temporary reports exist; the old reports stay, no temporary file is
# left, and the status is the signal's.
interrupt() { # signal expected-status
  local sig=$1 want=$2 pid i
  echo old > r.json; echo old > r.xlsx
  python3 -c 'import signal,subprocess,sys
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
sys.exit(p.wait() if p.wait() >= 0 else 128 - p.returncode)' \
    "$sa" check -q -f json:r.json -f xlsx:r.xlsx - &
  pid=$!
  # Both the JSON report's temporary file and the workbook's own file.
  for i in $(seq 100); do
    ls -a | grep -q 'r\.json\.tmp-' && ls -a | grep -q 'r\.xlsx\.xlsx-' && break
    sleep 0.1
  done
  check "$sig: the workbook's file was made" "ls -a | grep -q 'r\.xlsx\.xlsx-'"
  pkill -"$sig" -P "$pid"   # the command: the child of our python, not any other run on the machine
  wait $pid; rc=$?
  check "$sig: status $want ($rc)" '[ $rc -eq $want ]'
  check "$sig: old reports kept" '[ "$(cat r.json)" = old ] && [ "$(cat r.xlsx)" = old ]'
  check "$sig: no temporary file" no_temp
}
interrupt TERM 143
interrupt INT 130
interrupt HUP 129

# A workbook for standard output is built in $TMPDIR: a signal leaves
# nothing there either.
mkdir scratch
TMPDIR=$t/scratch python3 -c 'import subprocess,sys
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
sys.exit(p.wait() if p.wait() >= 0 else 128 - p.returncode)' \
  "$sa" check -q -f xlsx - &
pid=$!
for i in $(seq 100); do [ -n "$(ls -A scratch)" ] && break; sleep 0.1; done
check "stdout xlsx: its file was made in \$TMPDIR" '[ -n "$(ls -A scratch)" ]'
pkill -TERM -P "$pid"
wait $pid; rc=$?
check "stdout xlsx: status 143 ($rc)" '[ $rc -eq 143 ]'
check "stdout xlsx: \$TMPDIR left empty" '[ -z "$(ls -A scratch)" ]'

# A FIFO nobody reads: the run waits in open(), and SIGTERM still ends
# it (the signal's clean-up does not wait behind that open).
mkfifo lonely
"$sa" check -q -f json:lonely "$ex" 2>/dev/null &
pid=$!
sleep 1
kill -TERM "$pid" 2>/dev/null
for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
  kill -KILL "$pid"; bad "FIFO without a reader: SIGTERM did not end the run"
else
  wait "$pid"; rc=$?
  check "FIFO without a reader: status 143 ($rc)" '[ $rc -eq 143 ]'
fi

echo "output: $passes passed, $fails failed"
[ $fails -eq 0 ]
