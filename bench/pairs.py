#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Extract (station, check) violation pairs from a tool's output and compare
them with the generator's expected set (bench/run.sh).

  pairs.py TOOL OUTPUT --ids IDS --expected EXPECTED.csv [--show N]

TOOL is one of
  stationaudit  OUTPUT is a JSON report (-f json:FILE); read as a stream, one
                record at a time, so a report of any size fits in memory
  xmllint       OUTPUT is the standard error of xmllint --schematron
  xslt          OUTPUT is the output of bench/peers/bench.xsl run with mark=1
  spectral      OUTPUT is Spectral's JSON output (-f json)

Stations are named by the dossier's file name (DIR/<id>.yaml) or, in a
stream, by position (the K-th station of the stream is line K of IDS), never
by the id inside the dossier, which an R01 fault breaks.  Prints
"agree: P pairs" or the differences, and exits 0 when the sets are equal,
1 when they differ or the output shows an error.
"""

import argparse
import json
import os
import re
import sys


def stem(path):
    b = os.path.basename(path)
    return b.rsplit('.', 1)[0] if '.' in b else b


class Namer:
    """Station ids from file names, or from positions in a stream."""

    def __init__(self, ids):
        self.ids = ids
        self.known = set(ids)
        self.seen = {}

    def by_file(self, path):
        s = stem(path)
        return s if s in self.known else None

    def next_in(self, path):
        """The next station of a stream file (records come in file order)."""
        k = self.seen.get(path, 0)
        self.seen[path] = k + 1
        return self.ids[k] if k < len(self.ids) else None

    def at(self, k):
        return self.ids[k] if 0 <= k < len(self.ids) else None


def iter_json_array_items(path, key):
    """Yield the items of the top-level array `key` of a JSON file, one at a
    time, without loading the whole file."""
    dec = json.JSONDecoder()
    with open(path, encoding='utf-8') as f:
        buf = ''
        pat = re.compile(r'"%s"\s*:\s*\[' % re.escape(key))
        while True:
            m = pat.search(buf)
            if m:
                buf = buf[m.end():]
                break
            chunk = f.read(1 << 20)
            if not chunk:
                raise ValueError('%s: no "%s" array' % (path, key))
            buf = buf[-len(key) - 16:] + chunk
        pos = 0
        eof = False
        while True:
            while True:
                while pos < len(buf) and buf[pos] in ' \t\r\n,':
                    pos += 1
                if pos < len(buf) or eof:
                    break
                chunk = f.read(1 << 20)
                buf, pos, eof = chunk, 0, not chunk
            if pos >= len(buf):
                raise ValueError('%s: unterminated "%s" array' % (path, key))
            if buf[pos] == ']':
                return
            while True:
                try:
                    item, end = dec.raw_decode(buf, pos)
                    break
                except json.JSONDecodeError:
                    chunk = f.read(1 << 20)
                    if not chunk:
                        raise
                    buf, pos = buf[pos:] + chunk, 0
            yield item
            pos = end
            if pos > (1 << 20):
                buf, pos = buf[pos:], 0


def from_stationaudit(path, namer, problems):
    pairs = set()
    for rec in iter_json_array_items(path, 'records'):
        f = rec.get('file') or ''
        sid = namer.by_file(f) or namer.next_in(f)
        if rec.get('load_error'):
            problems.append('%s: not read (load error)' % f)
        for fd in rec.get('findings') or []:
            st = fd.get('status')
            # The dossier contract (SA-SCHEMA, on by default) is not one
            # of the 20 checks the peers make: it is not compared.
            if st == 'fail' and fd['rule'] != 'SA-SCHEMA':
                pairs.add((sid, fd['rule']))
            elif st == 'error':
                problems.append('%s: %s: error finding: %s' % (sid, fd.get('rule'), fd.get('message')))
    return pairs


XMLLINT_MSG = re.compile(r'^(/station|/stations/station\[(\d+)\]) line \d+: (R\d\d): ')
XMLLINT_END = re.compile(r'^(.*) (validates|fails to validate)$')


def from_xmllint(path, namer, problems):
    pairs = set()
    pending = []
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = XMLLINT_MSG.match(line)
            if m:
                pending.append((m.group(2), m.group(3)))
                continue
            m = XMLLINT_END.match(line)
            if m:
                fname = m.group(1)
                for k, check in pending:
                    sid = namer.at(int(k) - 1) if k else namer.by_file(fname)
                    pairs.add((sid, check))
                pending = []
                continue
            if line.strip():
                problems.append('xmllint: %s' % line)
    if pending:
        problems.append('xmllint: %d messages without a file' % len(pending))
    return pairs


def from_xslt(path, namer, problems):
    pairs = set()
    k = -1
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('@'):
                k += 1
                continue
            m = re.match(r'^.*,(R\d\d)$', line)
            if m and k >= 0:
                pairs.add((namer.at(k), m.group(1)))
            elif line.strip():
                problems.append('xsltproc: %s' % line)
    if k + 1 != len(namer.ids):
        problems.append('xsltproc: %d stations seen, %d generated' % (k + 1, len(namer.ids)))
    return pairs


def from_spectral(path, namer, problems):
    pairs = set()
    with open(path, encoding='utf-8') as f:
        results = json.load(f)
    for r in results:
        code = r.get('code', '')
        if not re.fullmatch(r'R\d\d', str(code)):
            problems.append('spectral: %s: %s %s' % (r.get('source'), code, r.get('message')))
            continue
        pairs.add((namer.by_file(r.get('source', '')), code))
    return pairs


READERS = {'stationaudit': from_stationaudit, 'xmllint': from_xmllint,
           'xslt': from_xslt, 'spectral': from_spectral}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('tool', choices=sorted(READERS))
    ap.add_argument('output')
    ap.add_argument('--ids', required=True, help='ids.txt written by gen.py')
    ap.add_argument('--expected', required=True, help='expected.csv written by gen.py')
    ap.add_argument('--show', type=int, default=10, help='differences to show')
    ap.add_argument('--dump', help='write the pairs found, as CSV, to this file')
    a = ap.parse_args()
    with open(a.ids, encoding='utf-8') as f:
        ids = [l.strip() for l in f if l.strip()]
    with open(a.expected, encoding='utf-8') as f:
        expected = {tuple(l.strip().split(',')) for l in f.readlines()[1:] if l.strip()}
    problems = []
    try:
        got = READERS[a.tool](a.output, Namer(ids), problems)
    except (OSError, ValueError) as e:
        print('cannot read %s output: %s' % (a.tool, e))
        return 1
    if a.dump:
        with open(a.dump, 'w', encoding='utf-8') as f:
            f.write('station_id,check\n')
            for sid, c in sorted(got, key=lambda p: (str(p[0]), p[1])):
                f.write('%s,%s\n' % (sid, c))
    missing = sorted(expected - got)
    extra = sorted(got - expected, key=lambda p: (str(p[0]), p[1]))
    ok = not missing and not extra and not problems
    if ok:
        print('agree: %d pairs' % len(got))
        return 0
    print('DISAGREE: %d pairs found, %d expected; %d missed, %d extra, %d problems'
          % (len(got), len(expected), len(missing), len(extra), len(problems)))
    for sid, c in missing[:a.show]:
        print('  missed %s,%s' % (sid, c))
    for sid, c in extra[:a.show]:
        print('  extra  %s,%s' % (sid, c))
    for p in problems[:a.show]:
        print('  ' + p)
    return 1


if __name__ == '__main__':
    sys.exit(main())
