#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The xlsx report, read back by an independent reader (python3's zipfile
# and xml.etree, no spreadsheet library): sheet names, headers, one row
# per station and per problem finding (checked against the JSON report of
# the same run), numbers as numbers, a hostile station name as a plain
# string, a too long name cut to a cell, frozen headers and filters,
# provenance digests, collection findings, English names with --lang en,
# standard output, and the same bytes from two runs.
set -eu
: "${STATIONAUDIT:?}" "${SA_SRCDIR:?}"
command -v python3 >/dev/null || { echo "xlsx: python3 missing: skipped"; exit 77; }
. "$(dirname "$0")/common.sh"
cd "$tmp"

# A station whose name would be a formula, markup and an Excel escape if
# it were not written as a string; an unreadable file; the examples.
mkdir d
cp "$SA_SRCDIR"/examples/*.yaml "$SA_SRCDIR"/examples/*.xml d/
sed -e '0,/^  name: .*/s//  name: "=HYPERLINK(\\"x\\")<b> _x0041_ \&amp;"/' \
    -e 's/420322101-S01/420322101-S99/' \
    "$SA_SRCDIR/examples/420322101-tumen.yaml" > d/zz-hostile.yaml
printf 'station: [\n' > d/zz-broken.yaml
# A name longer than a cell may hold (32,767 characters).
long=$(python3 -c 'print("站" * 40000)')
sed -e "0,/^  name: .*/s//  name: $long/" -e 's/420322101-S01/420322101-S98/' \
    "$SA_SRCDIR/examples/420322101-tumen.yaml" > d/zz-long.yaml
# d holds an unreadable file: the audit is incomplete (3).
run() { "$STATIONAUDIT" check -q --audit-date 2025-06-01 "$@" || [ $? -eq 3 ]; }
run -f xlsx:a.xlsx -f json:a.json d
sleep 1   # a clock in the workbook would differ now
run -f xlsx:b.xlsx d
cmp a.xlsx b.xlsx || { echo "xlsx: two runs differ"; exit 1; }
run -f xlsx d > stdout.xlsx
cmp a.xlsx stdout.xlsx || { echo "xlsx: standard output differs"; exit 1; }
run --lang en -f xlsx:en.xlsx -f json:en.json d
coll="$SA_SRCDIR/tests/e2e/cases/collection-coverage"
(cd "$coll" && "$STATIONAUDIT" check -q -s pack/pack.yaml \
  --audit-date 2025-01-01 -f "xlsx:$tmp/c.xlsx" -f "json:$tmp/c.json" \
  a.yaml b.yaml c.xml) || [ $? -eq 1 ]

python3 - <<'EOF'
import json, re, sys, zipfile
import xml.etree.ElementTree as ET

M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
fails = []

def ok(cond, what):
    if not cond:
        fails.append(what)

def excel_text(s):
    # Excel reads _xHHHH_ as the character U+HHHH.
    return re.sub(r'_x([0-9A-Fa-f]{4})_', lambda m: chr(int(m.group(1), 16)), s)

def col_index(ref):
    n = 0
    for ch in re.match(r'[A-Z]+', ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1

def read(path):
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read('xl/workbook.xml'))
    rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
    target = {r.get('Id'): r.get('Target') for r in rels}
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        for si in ET.fromstring(z.read('xl/sharedStrings.xml')):
            shared.append(''.join(t.text or '' for t in si.iter(M + 't')))
    sheets = {}
    for s in wb.iter(M + 'sheet'):
        xml = z.read('xl/' + target[s.get(R + 'id')])
        root = ET.fromstring(xml)
        ok(root.find('.//' + M + 'f') is None, 'a formula in ' + s.get('name'))
        rows = []
        for row in root.iter(M + 'row'):
            cells = {}
            for c in row.iter(M + 'c'):
                t = c.get('t')
                if t == 'inlineStr':
                    v = excel_text(''.join(x.text or '' for x in c.iter(M + 't')))
                elif t == 's':
                    v = excel_text(shared[int(c.find(M + 'v').text)])
                elif t is None:
                    v = float(c.find(M + 'v').text)
                else:
                    v = ('?', t)
                cells[col_index(c.get('r'))] = v
            rows.append(cells)
        pane = root.find('.//' + M + 'pane')
        filt = root.find(M + 'autoFilter')
        sheets[s.get('name')] = dict(rows=rows, pane=pane, filter=filt)
    return [s.get('name') for s in wb.iter(M + 'sheet')], sheets

def header(sheet):
    row = sheet['rows'][0]
    return [row[i] for i in sorted(row)]

def problems(report):
    return [(r, f) for r in report['records'] for f in r['findings']
            if f['status'] in ('fail', 'error', 'waived')]

def check(path, report, names, heads):
    order, sheets = read(path)
    ok(order == names, '%s: sheets %r' % (path, order))
    for name, head in zip(names, heads):
        sh = sheets.get(name)
        if not sh:
            return None
        ok(header(sh)[:len(head)] == head,
           '%s/%s: header %r' % (path, name, header(sh)))
        ok(sh['pane'] is not None and sh['pane'].get('state') == 'frozen'
           and sh['pane'].get('ySplit') == '1', '%s/%s: no frozen header' % (path, name))
        n = len(sh['rows'])
        ok(sh['filter'] is not None and
           re.fullmatch(r'A1:[A-Z]+%d' % n, sh['filter'].get('ref') or ''),
           '%s/%s: filter %r over %d rows' % (path, name,
               sh['filter'] is not None and sh['filter'].get('ref'), n))
    stations = [r for r in report['records'] if not r['collection']]
    st = sheets[names[1]]['rows'][1:]
    ok(len(st) == len(stations), '%s: %d station rows for %d records'
       % (path, len(st), len(stations)))
    fi = sheets[names[2]]['rows'][1:]
    ok(len(fi) == len(problems(report)), '%s: %d finding rows for %d problems'
       % (path, len(fi), len(problems(report))))
    ru = sheets[names[3]]['rows'][1:]
    ok(len(ru) == len(report['rule_summary']), '%s: rules rows' % path)
    # The area sheets hold the JSON report's rollups, row for row, with
    # the township coverage where the JSON has it (empty cells where not).
    for name, level in zip(names[4:], ('province', 'city', 'county',
                                       'township')):
        hdr = header(sheets[name])
        covname = '应覆盖乡镇(街道)' if names[0] == '概要' else 'townships counted'
        cov = hdr.index(covname) if covname in hdr else -1
        ok(cov > 0, '%s/%s: no coverage column' % (path, name))
        got = [(r.get(0), r.get(5), r.get(7), r.get(cov), r.get(cov + 1))
               for r in sheets[name]['rows'][1:]]
        # the JSON's not-placed row (code null) is 未归入区划 there
        unplaced = '未归入区划' if names[0] == '概要' else 'not placed'
        want = [(a['code'] if a['code'] is not None else unplaced,
                 float(a['stations']), a['mean_score'],
                 float(a['coverage']['townships']) if 'coverage' in a else None,
                 float(a['coverage']['covered']) if 'coverage' in a else None)
                for a in report['rollups'][level]]
        ok([g[:2] + g[3:] for g in got] == [w[:2] + w[3:] for w in want],
           '%s/%s: areas %r, want %r' % (path, name, got, want))
        ok(all(w[2] is None or abs(g[2] - w[2]) < 0.006 for g, w
               in zip(got, want)), '%s/%s: mean scores' % (path, name))
    return sheets

zh = ['概要', '站点', '检查结果', '规则', '按省', '按市', '按县区', '按乡镇']
zh_heads = [['类别', '项目', '值', '文件', 'SHA-256'],
            ['名次', '县内名次', '文件', '记录编号', '名称', '区划', '得分', '等级',
             '结论', '不计豁免得分'],
            ['记录编号', '名称', '规则编号', '标题', '严重程度', '状态', '说明'],
            ['规则编号', '标题', '标准', '严重程度', '通过', '不通过']] + \
           [['区划代码', '省', '市', '县(市、区)', '乡镇(街道)', '站点', '已评分',
             '平均分', '得分中位数']] * 4
en = ['summary', 'stations', 'findings', 'rules', 'by province', 'by city',
      'by county', 'by township']
en_heads = [['section', 'item', 'value', 'file', 'SHA-256'],
            ['rank', 'rank in county', 'file', 'record id', 'name', 'region',
             'score', 'grade', 'verdict'],
            ['record id', 'name', 'rule id', 'title', 'severity', 'status'],
            ['rule id', 'title', 'standard', 'severity', 'pass', 'fail']] + \
           [['code', 'province', 'city', 'county', 'township', 'stations',
             'scored', 'mean score', 'median score']] * 4

report = json.load(open('a.json'))
sheets = check('a.xlsx', report, zh, zh_heads)
if sheets:
    st = sheets['站点']['rows'][1:]
    hostile = '=HYPERLINK("x")<b> _x0041_ &amp;'
    ok(any(r.get(4) == hostile for r in st), 'hostile name not kept as a string')
    ok(any(r.get(1) == hostile for r in sheets['检查结果']['rows'][1:]),
       'hostile name missing from the findings')
    longs = [r[4] for r in st if isinstance(r.get(4), str) and r[4].startswith('站' * 100)]
    ok(len(longs) == 1 and 32000 <= len(longs[0]) <= 32767 and set(longs[0]) == {'站'},
       'a long name is not cut to a cell: %r' % [len(x) for x in longs])
    scores = [r[6] for r in st if 6 in r]
    want = sorted((r['score'] for r in report['records']
                   if not r['collection'] and r['score'] is not None), reverse=True)
    ok(all(isinstance(s, float) for s in scores), 'scores are not numbers')
    ok([round(s, 6) for s in scores] == [round(s, 6) for s in want],
       'scores %r, want %r (best first)' % (scores, want))
    # Competition ranks: equal scores share the rank of the first.
    ranks = [float(1 + want.index(w)) for w in want]
    ok([r.get(0) for r in st[:len(want)]] == ranks,
       'ranks %r, want %r' % ([r.get(0) for r in st[:len(want)]], ranks))
    ok(not any(r.get(7) in ('excellent', 'good', 'pass', 'fail') for r in st),
       'grades in English in a Chinese workbook')
    ok(any(r.get(3) == 'zz-broken.yaml' or str(r.get(2, '')).endswith('zz-broken.yaml')
           for r in st), 'the unreadable file has no station row')
    summ = sheets['概要']['rows'][1:]
    for inp in report['inputs']:
        ok(any(r.get(3) == inp['path'] and r.get(4) == inp['sha256'] for r in summ),
           'no digest for ' + inp['path'])
    for s in report['standards']:
        ok(any(r.get(1) == s['id'] and r.get(4) == s['sha256'] for r in summ),
           'no digest for standard ' + s['id'])
    ok(any(r.get(2) == '2025-06-01' for r in summ), 'no audit date')
    ok(any(r.get(1) == '记录' and r.get(2) == float(report['summary']['records'])
           for r in summ), 'no record count')
    rules = {r[0]: r for r in sheets['规则']['rows'][1:]}
    for rs in report['rule_summary']:
        r = rules.get(rs['rule'], {})
        ok(r.get(5) == float(rs['fail']), 'fail count of ' + rs['rule'])
        judged = rs['pass'] + rs['fail'] + rs['error'] + rs['waived']
        if judged:
            ok(abs(r.get(9, -1) - rs['pass'] / judged) < 1e-9, 'pass rate of ' + rs['rule'])

# The document's dates are the audit date's noon, not the clock's time.
for path, day in (('a.xlsx', '2025-06-01'), ('c.xlsx', '2025-01-01')):
    core = zipfile.ZipFile(path).read('docProps/core.xml').decode()
    ok(core.count(day + 'T12:00:00Z') == 2, path + ': document dates ' + core)

check('en.xlsx', json.load(open('en.json')), en, en_heads)

# Collection findings (townships without a station) are listed.
coll = json.load(open('c.json'))
sheets = check('c.xlsx', coll, zh, zh_heads)
cf = [f for r in coll['records'] if r['collection'] for f in r['findings']
      if f['status'] in ('fail', 'error', 'waived')]
ok(len(cf) > 0, 'the collection case has no collection findings')
if sheets:
    listed = [r.get(2) for r in sheets['检查结果']['rows'][1:]]
    ok(all(f['rule'] in listed for f in cf), 'collection findings missing')

for f in fails:
    print('xlsx:', f)
if fails:
    sys.exit(1)
print('xlsx: workbook read back: sheets, rows, strings, numbers, filters ok')
EOF

# A station name of U+FFFE U+FFFF (legal JSON, no XML character): every
# part of the workbook stays well-formed XML, read by xmllint when there
# is one, else by Python's expat (which refuses them too).
printf '{"station":{"id":"420302001-S01","name":"\\ufffe\\uffff","level":"township"}}\n' > nonchar.json
"$STATIONAUDIT" check -q --no-config --audit-date 2025-06-01 -s base \
  -f xlsx:n.xlsx nonchar.json || [ $? -eq 1 ]
mkdir n
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' n.xlsx n
set -- $(find n -name '*.xml' | sort)
[ $# -ge 4 ] || { echo "xlsx: the workbook has $# XML parts"; exit 1; }
for part; do
  if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$part" || { echo "xlsx: $part is not well-formed"; exit 1; }
  else
    python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$part" ||
      { echo "xlsx: $part is not well-formed"; exit 1; }
  fi
done
grep -q "$(printf '\357\277\275\357\277\275')" n/xl/worksheets/sheet2.xml ||
  { echo "xlsx: the name is not U+FFFD U+FFFD in the stations sheet"; exit 1; }
echo "xlsx: a name of non-characters leaves every part well-formed"
