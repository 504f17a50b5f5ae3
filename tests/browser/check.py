#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""check.py REPORT.html DOM.html REPORT.json HOSTILE_ID HOSTILE_NAME
check.py --yoy REPORT.html DOM.html FIXED_ID ADDED_ID REMOVED_ID

Checks the HTML report (html.sh makes the files): the file itself is
self-contained and escapes the hostile name; the DOM that headless
Chromium dumped after the page's script and harness.js ran shows the
counts of the JSON report of the same run, and its filters and sorting
did what a person asks of them.  Prints one line per failed check and
exits 1 when any failed.
"""
import html
import html.parser
import json
import math
import re
import sys

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


class Links(html.parser.HTMLParser):
    """Collects every attribute that could make a request, and scripts."""

    def __init__(self):
        super().__init__()
        self.refs = []
        self.scripts = 0
        self.data_scripts = 0
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == 'script':
            self.scripts += 1
            if ('type', 'application/json') in attrs:
                self.data_scripts += 1
        for name, value in attrs:
            if name in ('src', 'href', 'action', 'srcset', 'poster',
                        'data', 'formaction', 'xlink:href'):
                self.refs.append((tag, name, value or ''))


def check_file(path, hostile):
    raw = open(path, encoding='utf-8').read()
    p = Links()
    p.feed(raw)
    check(p.scripts == 2, 'report has %d <script> elements, not 2' % p.scripts)
    check(p.data_scripts == 1, 'report has %d data blocks, not 1'
          % p.data_scripts)
    check('link' not in p.tags and 'iframe' not in p.tags and
          'img' not in p.tags, 'report has a <link>, <iframe> or <img>')
    outside = [r for r in p.refs if not r[2].startswith('#')]
    check(not outside, 'attributes that leave the page: %r' % outside[:5])
    for bad in ('http://', 'https://', '//cdn', '@import', 'url('):
        check(bad not in raw, 'the report contains %r' % bad)
    check(hostile not in raw, 'the hostile name is in the file unescaped')
    # The data block: one JSON document that no dossier text can end
    # (no "</" inside), holding the hostile name as it is.
    m = re.search(r'<script type="application/json" id="sa-data">(.*?)'
                  r'</script>', raw, re.S)
    check(m is not None, 'no data block')
    if m:
        block = m.group(1)
        check('</' not in block and '<!' not in block,
              'the data block holds "</" or "<!"')
        data = json.loads(block)
        check(any(s[2] == hostile for s in data['st']),
              'the hostile name is not in the data as it is')
    check(raw.startswith('<!DOCTYPE html>\n<html lang="zh-CN">'),
          'not a Chinese HTML5 page')
    check('@media print' in raw, 'no print stylesheet')


def dom_results(path):
    dom = open(path, encoding='utf-8').read()
    # The last one: harness.js itself, in the DOM, names the element too.
    start = dom.rfind('<pre id="sa-test">')
    m = re.match(r'<pre id="sa-test">(.*?)</pre>', dom[start:], re.S)
    if start < 0 or not m:
        print('html: the harness wrote no results; the DOM was:')
        print(dom[-2000:])
        sys.exit(1)
    return json.loads(html.unescape(m.group(1)))


def ids(records, pred):
    return [r['id'] for r in records if pred(r)]


def fails(r, sev=None):
    return any(f['status'] == 'fail' and (sev is None or f['severity'] == sev)
               for f in r['findings'])


def check_dom(t, rep, hostile_id, hostile):
    recs = [r for r in rep['records']
            if not r['load_error'] and not r['collection']]
    s = rep['summary']
    check(not t['alerted'], 'a script from a dossier ran')
    check(t['scripts'] == 4, 'scripts in the DOM: %d, not 4' % t['scripts'])
    check(t['jsClass'], "the page's script did not run")
    check(t['lang'] == 'zh-CN', 'lang is %r' % t['lang'])
    check(t['rows'] == len(recs) == s['records'],
          'station rows %d, records %d' % (t['rows'], s['records']))
    v = s['verdicts']
    check(v['pass'] + v['fail'] + v['not_assessed'] == s['records'],
          'verdicts %r do not add up to %d records' % (v, s['records']))
    check(t['cards'] == {'records': str(s['records']),
                         'passed': str(v['pass']),
                         'failing': str(v['fail']),
                         'files': str(s['files']),
                         'unreadable': str(s['unreadable'])},
          'summary cards %r' % t['cards'])
    check(t['unreadableRows'] == s['unreadable'],
          'unreadable rows %d' % t['unreadableRows'])
    check(t['names'].get(hostile_id) == hostile,
          'the hostile name shows as %r' % t['names'].get(hostile_id))
    check(t['hashQuery'] == '<script>alert(1)',
          'the #q= fragment gave the query %r' % t['hashQuery'])
    check(t['hashShown'] == [hostile_id],
          'the #q= fragment left %r visible' % t['hashShown'])
    check(t['hashCounter'] == '显示 1 / %d 个站点' % len(recs),
          'the counter says %r' % t['hashCounter'])
    check(t['resources'] == [], 'the page fetched %r' % t['resources'])
    check(t['outside'] == [], 'links out of the page: %r' % t['outside'])
    sev = {'严重': 'critical', '重要': 'major', '一般': 'minor', '提示': 'info'}
    for label, name in sev.items():
        check(t['sevBars'].get(label) == s['failures_by_severity'][name],
              'severity chart %s: %r' % (name, t['sevBars'].get(label)))
    # The grade chart and the verdict cards count the same stations.
    check(sum(t['gradeBars'].get(k, 0) for k in ('优秀', '良好', '合格'))
          == v['pass'] == len(ids(recs, lambda r: r['verdict'] == 'pass')),
          'grade chart %r against %d passed' % (t['gradeBars'], v['pass']))
    check(t['gradeBars'].get('不合格', 0) == v['fail'],
          'grade chart %r against %d failed' % (t['gradeBars'], v['fail']))
    grade = {'优秀': 'excellent', '良好': 'good', '合格': 'pass'}
    for label, name in grade.items():
        n = len(ids(recs, lambda r: r['grade'] == name))
        check(t['gradeBars'].get(label) == n,
              'grade chart %s: %r, not %d' % (name, t['gradeBars'].get(label), n))
    check(t['gradeExcellent'] == ids(recs, lambda r: r['grade'] == 'excellent'),
          'grade filter: %r' % t['gradeExcellent'])
    check(t['sevCritical'] == ids(recs, lambda r: fails(r, 'critical')),
          'critical filter: %r' % t['sevCritical'])
    check(t['sevNone'] == ids(recs, lambda r: not fails(r) and not any(
        f['status'] == 'error' for f in r['findings'])),
          'no-failure filter: %r' % t['sevNone'])
    check(t['sevAny'] == ids(recs, lambda r: fails(r) or any(
        f['status'] == 'error' for f in r['findings'])),
          'any-failure filter: %r' % t['sevAny'])
    check(t['afterReset'] == len(recs), 'reset shows %d' % t['afterReset'])
    check(t['typed'] == ids(recs, lambda r: any(
        f['rule'] == 'SY-FU-03' and f['status'] != 'pass' and
        f['status'] != 'not_applicable' for f in r['findings'])),
          'typing SY-FU-03 shows %r' % t['typed'])
    check(t['typedHash'] == '#q=SY-FU-03', 'hash after typing %r'
          % t['typedHash'])
    check(t['sortAsc'] == sorted(t['sortAsc']) and t['sortAsc'],
          'ascending score sort %r' % t['sortAsc'])
    check(t['sortAscAria'] == 'ascending', 'aria-sort %r' % t['sortAscAria'])
    check(t['sortDesc'] == sorted(t['sortDesc'], reverse=True),
          'descending score sort %r' % t['sortDesc'])
    check(t['sortSeq'] == list(range(1, len(recs) + 1)),
          'sorting back by number %r' % t['sortSeq'])
    check(t['ruleShown'] == t['typed'],
          '#rule=SY-FU-03 shows %r' % t['ruleShown'])
    check(t['regionShown'] == ids(recs, lambda r: (r['region'] or '')
                                  .startswith('420303')),
          '#region=420303 shows %r' % t['regionShown'])
    check_ranks(t, recs)
    check_detail(t, recs)
    check_charts(t, recs)
    check_coverage(t, rep)
    check_levels(t, rep)
    check(t['rulesRows'] == len(rep['rules']),
          'rule rows %d, rules %d' % (t['rulesRows'], len(rep['rules'])))
    counties = {}
    for r in recs:
        code = (r['region'] or '')[:6]
        counties[code] = counties.get(code, 0) + 1
    check(t['counties'] == counties, 'counties %r, not %r'
          % (t['counties'], counties))
    # Names from the division tables (the examples are real counties).
    check(t['countyNames'].get('420302') == '十堰市 茅箭区' and
          t['countyNames'].get('420303') == '十堰市 张湾区',
          'county names %r' % t['countyNames'])


def competition_ranks(recs, key):
    """{id: rank} with shared ranks (1, 1, 1, 4) within each key(r)."""
    out = {}
    for r in recs:
        if r['score'] is None or r.get('not_assessed'):
            continue
        out[r['id']] = 1 + sum(1 for s in recs
                               if s['score'] is not None and
                               not s.get('not_assessed') and
                               key(s) == key(r) and s['score'] > r['score'])
    return out


def check_ranks(t, recs):
    overall = competition_ranks(recs, lambda r: '')
    county = competition_ranks(recs, lambda r: (r['region'] or '')[:6])
    for rid, (rank, crank) in t['ranks'].items():
        want = overall.get(rid)
        check((rank or None) == (str(want) if want else None),
              'rank of %s: %r, not %r' % (rid, rank, want))
        wc = county.get(rid)
        check(crank == ('县内第 %d' % wc if wc else None),
              'county rank of %s: %r, not %r' % (rid, crank, wc))
    check(len(set(overall.values())) < len(overall),
          'the examples have no tie: shared ranks untested')
    sr = t['sortRank']
    check(sr == sorted(sr), 'sorting by rank gave %r' % sr)


def check_detail(t, recs):
    rec = [r for r in recs if r['id'] == t['detailId']][0]
    want = {}
    for f in rec['findings']:
        k = f['status'] if f['status'] in ('error', 'waived', 'pass',
                                          'not_applicable') else 'fail'
        want[k] = want.get(k, 0) + 1
    d = t['detail']
    check(d is not None, 'clicking the first row opened no detail view')
    if not d:
        return
    got = {g[0]: g[2] for g in d['groups']}
    check(got == want, 'detail view groups %r, not %r' % (got, want))
    for name, is_open, _ in d['groups']:
        check(is_open == (name not in ('pass', 'not_applicable')),
              'detail group %s open=%r' % (name, is_open))
    check(d['after'], 'the detail row is not under its station')
    check(t['detailClosed'] == 0, 'a second click left the detail open')


def js_pct(a, b):
    """The page's pct(): a share in tenths of a percent, as JS prints it."""
    v = math.floor(1000 * a / b + 0.5) / 10
    return ('%d' % v if v == int(v) else repr(v)) + '%'


def check_coverage(t, rep):
    """The drill-down's coverage column against the JSON report's: the
    province (from rollup.c, not summed in the page) and its city."""
    areas = {a['code']: a for level in ('province', 'city', 'county')
             for a in rep['rollups'][level]}
    cov = {c: text for c, _, _, text, _ in t['drill']}
    check('42' in cov and '4203' in cov, 'drill-down rows %r' % sorted(cov))
    for code in ('42', '4203'):
        a = areas.get(code)
        check(a is not None and 'coverage' in a,
              'JSON rollup %s has no coverage: %r' % (code, a))
        if a is None or 'coverage' not in a or code not in cov:
            continue
        u, c = a['coverage']['townships'], a['coverage']['covered']
        want = '%s (%d/%d)' % (js_pct(c, u), c, u)
        check(cov[code] == want, 'drill-down %s coverage %r, JSON says %r'
              % (code, cov[code], want))
        check(u > c > 0, 'coverage %s: %d of %d townships' % (code, c, u))


def check_levels(t, rep):
    """The drill-down adds up to the summary: the top rows, among them
    the not-placed one (zz-broken.yaml, unreadable, has no region), are
    every station, and the province opened by itself is its cities and
    its stations in none of them."""
    s = rep['summary']
    top = [x for x in t['drill'] if x[4] == 'lv0']
    check(sum(x[2] for x in top) == s['records'] + s['unreadable'],
          'drill-down top rows %r, summary %d + %d unreadable'
          % (top, s['records'], s['unreadable']))
    check([x[1] for x in top if x[0] == ''] == ['未归入区划'],
          'drill-down not-placed row: %r' % top)
    prov = [x for x in top if x[0] == '42']
    cities = [x for x in t['drill'] if x[4] == 'lv1']
    check(prov and sum(x[2] for x in cities) == prov[0][2],
          'drill-down cities %r do not add up to %r' % (cities, prov))


def check_charts(t, recs):
    scored = [r for r in recs if r['score'] is not None and
              not r.get('not_assessed')]
    check(sum(t['scoreBars'].values()) == len(scored),
          'score chart %r against %d scored' % (t['scoreBars'], len(scored)))
    band90 = len([r for r in scored if r['score'] >= 90])
    check(t['scoreBars'].get('90–100') == band90,
          'score chart 90-100: %r, not %d' % (t['scoreBars'], band90))
    mix = t['countyMix']
    check(set(mix) == {(r['region'] or '')[:6] for r in recs
                       if (r['region'] or '')[:6].isdigit()},
          'county mix chart counties %r' % sorted(mix))
    check(mix.get('420302', {}).get('name') == '茅箭区',
          'county mix names %r' % mix.get('420302'))
    for code, m in mix.items():
        n = len([r for r in recs if (r['region'] or '').startswith(code)
                 and r['grade']])
        check(sum(int(x) for x in m['grades'].split()) == n,
              'county mix %s grades %r, not %d graded' % (code, m, n))
    tops = t['topRules']
    check(tops and all(h == '#rule=' + rid for rid, _, h in tops),
          'most-failed rules link %r' % tops)
    drill = {c: (name, n) for c, name, n, _, _ in t['drill']}
    check(drill.get('42', ('', 0))[0] == '湖北省' and
          drill['42'][1] == len(recs) - len([r for r in recs
                                             if not r['region']]),
          'drill-down province %r' % (drill.get('42'),))
    check(drill.get('4203', ('',))[0] == '十堰市',
          'drill-down city opened by itself: %r' % sorted(drill))


def data_of(raw):
    m = re.search(r'<script type="application/json" id="sa-data">(.*?)'
                  r'</script>', raw, re.S)
    return json.loads(m.group(1)) if m else None


def check_yoy(report, dom_path, fixed_id, added_id, removed_id):
    """check --baseline: the section, the per-station marks in the data,
    and the rows the #sev=yoy-fixed filter leaves, with their marks."""
    raw = open(report, encoding='utf-8').read()
    data = data_of(raw)
    check(data is not None, 'yoy: no data block')
    if not data:
        return
    by_id = {s[1]: s for s in data['st']}
    y = by_id.get(fixed_id, [None] * 18)[17]
    check(y and y[0] == 'changed' and y[3] >= 1 and
          any(x[0] == 'fixed' for x in y[6]),
          'yoy: %s is not marked fixed: %r' % (fixed_id, y))
    y = by_id.get(added_id, [None] * 18)[17]
    check(y and y[0] == 'added', 'yoy: %s not added: %r' % (added_id, y))
    check('<section id="yoy">' in raw and 'id="chart-yoy"' in raw,
          'yoy: no section or chart')
    m = re.search(r'<table id="yoy-removed">(.*?)</table>', raw, re.S)
    check(m and removed_id in m.group(1),
          'yoy: %s not listed as removed' % removed_id)
    dom = open(dom_path, encoding='utf-8').read()
    body = re.search(r'<table id="stations-table">.*?<tbody>(.*?)</tbody>',
                     dom, re.S)
    rows = re.findall(r'<tr class="st"(.*?)</tr>', body.group(1) if body
                      else '', re.S)
    check(len(rows) >= 1 and all('chip yoy-fixed' in r for r in rows),
          'yoy: #sev=yoy-fixed shows %d rows, marks %r' %
          (len(rows), [('chip yoy-fixed' in r) for r in rows]))
    check(any(fixed_id in r for r in rows),
          'yoy: #sev=yoy-fixed does not show %s' % fixed_id)


def main():
    if sys.argv[1] == '--yoy':
        check_yoy(*sys.argv[2:7])
        for f in failures:
            print('html: FAIL:', f)
        return 1 if failures else 0
    report, dom, rep_json, hostile_id, hostile = sys.argv[1:6]
    check_file(report, hostile)
    check_dom(dom_results(dom), json.load(open(rep_json, encoding='utf-8')),
              hostile_id, hostile)
    for f in failures:
        print('html: FAIL:', f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
