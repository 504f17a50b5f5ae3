#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Every bundled pack passes its own fixtures (stationaudit test), so a rule
# that stops catching what it should fails the build.
#
# And a rule's `quote` is the standard's own words.  The seeds the packs
# quote do not ship with the sources, so without them a quote a reader may
# doubt, one with an elision "……" or a blank (the seeds' sentences have
# none: a blank marks words of the pack's own), must be one of the quotes
# below, each checked against its seed.  With SA_SEEDS naming a folder
# that holds the seeds, every quote (but a national basis's, which quotes
# another source) is checked: its pieces between "……" appear in that
# order in the seed its pack cites, blanks and line or page breaks
# ignored, and no "……" stands where nothing was left out.  A new quote
# with "……" or a blank: check it so, then add it below.
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
if ! command -v python3 >/dev/null; then
  echo "packs: no python3, quotes not checked"
else
  checked=$(mktemp) || exit 1
  trap 'rm -f "$checked"' EXIT
  cat >"$checked" <<'CHECKED'
beijing	增加了突发事件应急响应、党群服务、社区环境治理、社区“接诉即办”、社会心理等服务……《目录》将保持开放性
chengdu	城乡社区普遍引入社工员、助理社工师、社工师、高级社工师开展社区社会工作服务……鼓励社区工作者参加成都市社工员考试认定
chengdu	建立以职业操守、服务绩效等为主要内容的考评制度……考评结果作为培养使用、薪酬待遇、考核奖发放及其他奖励惩戒、续签合同等方面的重要依据
guangan	构建35个社区大党委……以党建为引领,每季度召开联席会议,共谋共商共解难点问题
honghe	建成135个乡镇(街道)、6个社区(农场)社工站……全州乡镇(街道)社工站建设实现全覆盖
lanzhou	并对社工站的购买主体和承接主体、硬件设置、制度建设、人员配备、统一标识等方面明确标准……建立健全社工站管理机制
shiyan	各地整合资源,为社工站提供办公场所并配置办公设备……各社工站基本能落实“五统一”标准(统一安排办公用房、统一挂牌、统一办公设备、统一制度上墙、统一着装)
shiyan	为社工站提供办公场所并配置办公设备……各社工站基本能落实“五统一”标准(统一安排办公用房、统一挂牌、统一办公设备、统一制度上墙、统一着装)
suining	“购买型”,引入专业社工机构或社会组织运营……“混合型”由岗位型承担日常运营、社工机构领办专业项目
suining	“岗位型”结合增补社区工作者,通过社工岗人员或社区工作者运行……“混合型”由岗位型承担日常运营
suining	根据试点进度安排,遂宁市按照3个月试点推进、1年搭建运行框架、3年完善制度机制的目标,做到四个统一:即……统一社会工作视觉识别系统
suining	社会工作综合服务中心中主要依托党群服务中心已有阵地建设,原则上与镇街社会治理中心等整合……新建的基层治理平台除独立服务空间外,一般不采用“挂牌子”的办法
CHECKED
  python3 - "$checked" <<'PY' || status=1
import glob
import os
import re
import sys

src = os.environ["SA_SRCDIR"]
seeds = os.environ.get("SA_SEEDS", "")
checked = set(open(sys.argv[1], encoding="utf-8").read().split("\n"))
blank = re.compile(r"\s+")
bad = 0


def say(msg):
    global bad
    bad = 1
    print("packs: " + msg)


def unquote(v):
    v = v.strip()
    if len(v) > 1 and v[0] == v[-1] == '"':
        return re.sub(r"\\(.)", r"\1", v[1:-1])
    if len(v) > 1 and v[0] == v[-1] == "'":
        return v[1:-1].replace("''", "'")
    return v


def against_seed(where, rid, seed, q):
    text = blank.sub("", open(os.path.join(seeds, seed), encoding="utf-8").read())
    at, end = 0, None
    for piece in (blank.sub("", p) for p in q.split("……")):
        if not piece:
            continue
        k = text.find(piece, at)
        if k < 0:
            say("%s: %s: quote not in %s: %s" % (where, rid, seed, piece))
            return
        if end is not None and k == end:
            say("%s: %s: '……' leaves nothing out of %s: %s" % (where, rid, seed, q))
        at = end = k + len(piece)


for pack in sorted(glob.glob(os.path.join(src, "rules", "*", "pack.yaml"))):
    name = os.path.basename(os.path.dirname(pack))
    seed, rid, kind = None, "(pack)", None
    for no, line in enumerate(open(pack, encoding="utf-8").read().split("\n"), 1):
        m = re.match(r"\s+file:\s*(\S+)\s*$", line)
        if m and seed is None:
            seed = unquote(m.group(1))
        m = re.match(r"\s*- id:\s*(\S+)", line)
        if m:
            rid, kind = m.group(1), None
        m = re.match(r"\s+kind:\s*(\S+)", line)
        if m:
            kind = m.group(1)
        m = re.match(r"\s+quote:\s*(.*)$", line)
        if not m:
            continue
        q = unquote(m.group(1))
        where = "rules/%s/pack.yaml:%d" % (name, no)
        if ("……" in q or blank.search(q)) and name + "\t" + q not in checked:
            say("%s: %s: quote with '……' or a blank, not checked against "
                "its seed (tests/meta/packs.sh): %s" % (where, rid, q))
        if seeds and seed and kind != "national":
            against_seed(where, rid, seed, q)
sys.exit(bad)
PY
fi
[ $status -eq 0 ] && echo "packs: every bundled pack passes its fixtures; quotes checked"
exit $status
