#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/e2e/lang.sh - one rule chooses the language of messages and
# reports: --lang, else LC_ALL, LC_MESSAGES, LANG (zh... Chinese, any
# other locale English, C/POSIX/none Chinese), whether or not the process
# locale exists on the machine (none is generated here: the command never
# needs one).  The catalogue is the build tree's (SA_LOCALEDIR).
# Environment: STATIONAUDIT, SA_SRCDIR, SA_LOCALEDIR, SA_NLS (no: skip).
set -u
: "${STATIONAUDIT:?set STATIONAUDIT to the built stationaudit}"
[ "${SA_NLS:-yes}" = no ] && { echo "lang: built with --disable-nls: skipped"; exit 77; }
src=${SA_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
localedir=${SA_LOCALEDIR:-$(pwd)/po/locale}
[ -f "$localedir/zh_CN/LC_MESSAGES/stationaudit.mo" ] ||
	{ echo "lang: no catalogue in $localedir (make builds it)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sa-lang.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
# A dossier that cannot be read (the load error is a report line) and a
# standard that does not exist (the load error is a message on stderr).
printf 'station:\n  id: [1,\n' >broken.yaml

fails=0
# run NAME EXPECT-LANG ENV... -- ARGS...: the command with only ENV set.
run() {
	name=$1 want=$2
	shift 2
	envs=""
	while [ "$1" != -- ]; do envs="$envs $1"; shift; done
	shift
	# shellcheck disable=SC2086
	env -i PATH="$PATH" STATIONAUDIT_PATH="$src/rules" \
		STATIONAUDIT_SCHEMAS="$src/schemas" NO_COLOR=1 \
		STATIONAUDIT_LOCALEDIR="$localedir" $envs \
		"$STATIONAUDIT" check --audit-date 2025-12-31 "$@" broken.yaml \
		>out 2>err
	if [ "$want" = zh ]; then
		has "$name" out 'yaml 格式错误：'
		has "$name" out '文件 1，记录 0，'
		has "$name" out '错误'
	else
		has "$name" out 'malformed yaml: '
		has "$name" out '1 files, 0 records, '
		has "$name" out '  error  '
	fi
	# A standard is loaded before the run: --lang must reach it too.
	# shellcheck disable=SC2086
	env -i PATH="$PATH" STATIONAUDIT_PATH="$src/rules" \
		STATIONAUDIT_LOCALEDIR="$localedir" $envs \
		"$STATIONAUDIT" check "$@" -s no-such-standard broken.yaml \
		>out 2>err
	if [ "$want" = zh ]; then
		has "$name (stderr)" err '搜索路径中没有这个名字的标准'
	else
		has "$name (stderr)" err 'no standard of that name in the search path'
	fi
}

has() {
	if grep -qF -- "$3" "$2"; then
		:
	else
		echo "FAIL $1: $2 lacks: $3"
		sed 's/^/    /' "$2" | head -5
		fails=$((fails + 1))
	fi
}

run "LANG=zh_CN.UTF-8" zh LANG=zh_CN.UTF-8 --
run "LANG=en_US.UTF-8" en LANG=en_US.UTF-8 --
run "LANG=zh_CN.UTF-8 --lang en" en LANG=zh_CN.UTF-8 -- --lang en
run "LANG=en_US.UTF-8 --lang zh" zh LANG=en_US.UTF-8 -- --lang zh
run "LANG=C (process locale C)" zh LANG=C --
run "no locale variable at all" zh --
run "LC_ALL=POSIX over LANG=en_US.UTF-8" zh LC_ALL=POSIX LANG=en_US.UTF-8 --
run "LC_ALL=en_US.UTF-8 over LANG=zh_CN.UTF-8" en LC_ALL=en_US.UTF-8 LANG=zh_CN.UTF-8 --
run "LC_MESSAGES=en_GB.UTF-8 over LANG=zh_CN.UTF-8" en LC_MESSAGES=en_GB.UTF-8 LANG=zh_CN.UTF-8 --
run "LANG=zh_TW.UTF-8" zh LANG=zh_TW.UTF-8 --
# LANGUAGE alone does not choose (one rule for messages and reports).
run "LANGUAGE=en with LANG=C" zh LANGUAGE=en LANG=C --

# The system's reason in a message (strerror) is readable whatever the
# process locale: the C library's Chinese where it is installed
# (libc-l10n), else its English; never "?" for each character.
for envs in "LANG=C" "" "LANG=C.UTF-8" "LANG=zh_CN.UTF-8" "LANG=en_US.UTF-8"; do
	# shellcheck disable=SC2086
	env -i PATH="$PATH" STATIONAUDIT_PATH="$src/rules" \
		STATIONAUDIT_LOCALEDIR="$localedir" $envs \
		"$STATIONAUDIT" check --audit-date 2025-12-31 -f json:no-such-folder/r.json \
		broken.yaml >out 2>err
	if grep -qF 'no-such-folder/r.json' err &&
	   grep -qE '(没有那个文件或目录|No such file or directory)$' err &&
	   ! grep -qF '??' err; then
		:
	else
		echo "FAIL system reason with '${envs:-no locale variable}': unreadable"
		sed 's/^/    /' err | head -3
		fails=$((fails + 1))
	fi
done
# An attribute on a field (which the XSD validator reports in its own
# English words) is said in the contract's words, in the messages'
# language.
sed 's|<name>|<name lang="zh">|' "$src/examples/420304117-chengguan.xml" \
	>attr.xml
for want in zh en; do
	env -i PATH="$PATH" STATIONAUDIT_PATH="$src/rules" NO_COLOR=1 \
		STATIONAUDIT_SCHEMAS="$src/schemas" \
		STATIONAUDIT_LOCALEDIR="$localedir" LANG=zh_CN.UTF-8 \
		"$STATIONAUDIT" check --lang $want --audit-date 2025-12-31 \
		attr.xml >out 2>err
	if [ $want = zh ]; then
		has "XSD message zh" out "字段 name 带有属性 'lang', 但档案格式的字段没有属性"
	else
		has "XSD message en" out "field name has the attribute 'lang', but the dossier format's fields have no attributes"
	fi
done
# --stats is said in the messages' language too, its columns aligned.
for want in zh en; do
	env -i PATH="$PATH" STATIONAUDIT_PATH="$src/rules" NO_COLOR=1 \
		STATIONAUDIT_LOCALEDIR="$localedir" LANG=zh_CN.UTF-8 \
		"$STATIONAUDIT" check --lang $want --stats -q \
		--audit-date 2025-12-31 "$src/examples/420304117-chengguan.xml" \
		>out 2>err
	if [ $want = zh ]; then
		has "--stats zh" err "stationaudit 统计：记录 1，文件 1，"
		has "--stats zh" err "  阶段                                 ms        微秒/条"
		has "--stats zh" err "  读取并解析档案"
		has "--stats zh" err "  最慢的规则"
	else
		has "--stats en" err "stationaudit stats: 1 records, 1 files, "
		has "--stats en" err "  phase                                ms      us/record"
		has "--stats en" err "  slowest rules"
	fi
done
# Without a catalogue the messages are the English text, the reports
# still follow the choice.
env -i PATH="$PATH" STATIONAUDIT_PATH="$src/rules" STATIONAUDIT_LOCALEDIR= \
	LANG=zh_CN.UTF-8 "$STATIONAUDIT" check -s no-such-standard broken.yaml \
	>out 2>err
has "STATIONAUDIT_LOCALEDIR empty" err 'no standard of that name in the search path'

[ $fails -eq 0 ] || exit 1
echo "lang: 12 environments give the language they ask for; system reasons readable in 5"
