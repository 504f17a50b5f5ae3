#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/e2e/lang-tools.sh - Chinese where the review found English:
# list, explain, test and lint take --lang (default: the locale's, as check's)
# and print their output and messages in it; libyaml's and libxml2's
# parser messages and the pack schema's (XSD) violations are translated,
# and a message of theirs that the table does not know stays in English
# in parentheses.  The catalogue is the build tree's (SA_LOCALEDIR).
# Environment: STATIONAUDIT, SA_SRCDIR, SA_LOCALEDIR, SA_NLS (no: skip).
set -u
: "${STATIONAUDIT:?set STATIONAUDIT to the built stationaudit}"
[ "${SA_NLS:-yes}" = no ] && { echo "lang-tools: built with --disable-nls: skipped"; exit 77; }
src=${SA_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
localedir=${SA_LOCALEDIR:-$(pwd)/po/locale}
[ -f "$localedir/zh_CN/LC_MESSAGES/stationaudit.mo" ] ||
	{ echo "lang-tools: no catalogue in $localedir (make builds it)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/sa-langt.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fails=0
# sa LOCALE ARGS...: the command in that locale, output in out, err.
sa() {
	loc=$1
	shift
	env -i PATH="$PATH" STATIONAUDIT_PATH="$src/rules" \
		STATIONAUDIT_SCHEMAS="$src/schemas" NO_COLOR=1 \
		STATIONAUDIT_LOCALEDIR="$localedir" LANG="$loc" \
		"$STATIONAUDIT" "$@" >out 2>err
	echo $? >rc
}
# has NAME FILE TEXT / lacks NAME FILE TEXT
has() {
	grep -qF -- "$3" "$2" && return 0
	echo "FAIL $1: no '$3' in $2:"; sed 's/^/    /' "$2" | head -5
	fails=$((fails + 1))
}
lacks() {
	grep -qF -- "$3" "$2" || return 0
	echo "FAIL $1: '$3' in $2:"; sed 's/^/    /' "$2" | head -5
	fails=$((fails + 1))
}
rc() {
	[ "$(cat rc)" = "$2" ] && return 0
	echo "FAIL $1: exit $(cat rc), want $2"; fails=$((fails + 1))
}

sa zh_CN.UTF-8 list
has "list zh" out "条规则（含所扩展的"
has "list zh" out "来源："
lacks "list zh" out " rules ("
sa zh_CN.UTF-8 list --lang en
has "list --lang en" out " rules (29 with extended)"
sa en_US.UTF-8 list --lang zh
has "list --lang zh" out "条规则"
sa zh_CN.UTF-8 list --lang fr
rc "list --lang fr" 2
has "list --lang fr" err "stationaudit: list: --lang 取 zh 或 en"

sa zh_CN.UTF-8 explain SY-FU-02
has "explain zh" out "适用       区划代码以 4203 开头的站点"
has "explain zh" out "严重程度   重要"
lacks "explain zh" out "title-en   Unified"
sa zh_CN.UTF-8 explain --lang en SY-FU-02
has "explain --lang en" out "binds      stations whose division code starts with 4203"
has "explain --lang en" out "severity   major"
sa zh_CN.UTF-8 explain NO-SUCH-RULE
rc "explain unknown" 2
has "explain unknown" err "stationaudit: 随附的标准中都没有规则"

sa zh_CN.UTF-8 test jiande
rc "test zh" 0
has "test zh" out "jiande: 35 条规则，0 项未通过"
sa zh_CN.UTF-8 test --lang en jiande
has "test --lang en" out "jiande: 35 rules, 0 failed"

# the parsers' messages
printf 'station:\n  id: "x\n  name: y\n' >quote.yaml
printf 'station:\n  id: x\n   name: y\n' >map.yaml
printf '<station><id>x</id><name>a</nam></station>\n' >tag.xml
printf '<station><id>x</id></station><x/>\n' >extra.xml
sa zh_CN.UTF-8 check -q -f text quote.yaml map.yaml tag.xml extra.xml
has "yaml zh" out "yaml 格式错误：输入意外结束（读取带引号的字符串时，始于第 2 行）"
has "yaml zh" out "yaml 格式错误：此处不允许映射的值"
has "xml zh" out "XML 格式错误：开始标签与结束标签不匹配：name（第 1 行）与 nam"
has "xml zh" out "XML 格式错误：文档末尾有多余内容"
sa en_US.UTF-8 check -q -f text quote.yaml tag.xml
has "yaml en" out "malformed yaml: found unexpected end of stream while scanning a quoted scalar (line 2)"
has "xml en" out "malformed XML: Opening and ending tag mismatch: name line 1 and nam"
# one the table does not know: English, in parentheses
printf '<station>&#1;</station>\n' >charref.xml
sa zh_CN.UTF-8 check -q -f text charref.xml
has "xml unmapped" out "XML 格式错误：("

# the pack schema (lint)
cat >pack.yaml <<'Y'
standard:
  id: x
  titel: y
Y
sa zh_CN.UTF-8 lint ./pack.yaml
rc "lint zh" 2
has "lint zh" err "stationaudit: ./pack.yaml:3:3: 键“titel”：此处不应有这一项。应为以下之一（"
has "lint zh" err "stationaudit: ./pack.yaml: 按标准包模式"
lacks "lint zh" err "This element is not expected"
sa en_US.UTF-8 lint ./pack.yaml
has "lint en" err "stationaudit: ./pack.yaml:3:3: Element 'titel': This element is not expected. Expected is one of ("
sa zh_CN.UTF-8 lint --lang en ./pack.yaml
has "lint --lang en" err "stationaudit: ./pack.yaml:3:3: Element 'titel': This element is not expected. Expected is one of ("
sa zh_CN.UTF-8 lint base
has "lint ok zh" out "base: 无问题，29 条规则"
sa zh_CN.UTF-8 lint --lang en base
has "lint ok --lang en" out "base: ok, 29 rules"
sa en_US.UTF-8 lint --lang zh base
has "lint ok --lang zh" out "base: 无问题，29 条规则"

[ $fails -eq 0 ] || exit 1
echo "lang-tools: list, explain, test, the parsers' and the pack schema's messages follow the language"
