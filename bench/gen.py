#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generate realistic social-work station dossiers for the benchmark.

Dossiers of real townships (乡镇/街道) and villages (村/社区) from the
national statistical division tables, provinces down to villages (--regions
DIR, with villages.csv.gz; without them, the copies in rules/base/data, which
have no village names: township stations only), with valid GB 32100 credit
codes and GB 11643 ID numbers, Chinese names, 2-6 staff and 1-5 services.  A
chosen fraction of the dossiers gets injected faults; each fault breaks
exactly one of the 20 benchmark checks (bench/CHECKS.md), and the (station,
check) pairs it breaks are written to expected.csv.  A dossier without
injected faults violates none of the 20 checks.

The output is deterministic for a seed, and each dossier depends only on the
seed and its station id: the first 200 dossiers of --count 40000 are the 200
dossiers of --count 200.

  gen.py --count 200 --faults 0.1 --format yaml --out /tmp/d
  gen.py --region 4203 --count 500 --format yaml,xml,xml-stream --out /tmp/d
  gen.py --national --format yaml-stream --out /tmp/v          # 661,925
  gen.py --national --count 40000 --format yaml-stream --out /tmp/v40k

One format writes into DIR (DIR/<id>.yaml, or DIR/stations.yaml for a
stream); several (comma-separated) write DIR/yaml/, DIR/xml/, DIR/json/,
DIR/stations.yaml and DIR/stations.xml.  Always written: DIR/expected.csv
(station_id,check of every injected violation) and DIR/ids.txt (the station
ids in stream order).  Python 3 standard library only.

--national writes every township (乡镇/街道, 9 digits) and every village
(村/社区, 12 digits) of --region (default: all 41,352 and 620,573) in code
order, each township before its villages: the village-scale run (issue 16).
The tables are read as a stream and each dossier is written as it is made,
so memory does not grow with the count.  --count N caps it to N evenly
spaced divisions, which keeps the mix of townships and villages and of
provinces; a division's dossier is the same at every N.
"""

import argparse
import csv
import gzip
import io
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The full tables (with villages) beside the project; else the copies the
# base pack ships (no villages: township stations only).
DEFAULT_REGIONS = os.path.normpath(os.path.join(HERE, '..', '..', 'shared', 'data', 'regions'))
if not os.path.isdir(DEFAULT_REGIONS):
    DEFAULT_REGIONS = os.path.normpath(os.path.join(HERE, '..', 'rules', 'base', 'data'))

CHECKS = ['R%02d' % i for i in range(1, 21)]

# ---------------------------------------------------------------------------
# National standards (docs/rules.md, formats uscc and id-number):
# GB 32100-2015 credit codes, whose characters 9-17 are a GB 11714
# organisation code with its own check character; GB 11643-1999 citizen ID
# numbers, 17 digits and a check character, '10X98765432' indexed by the sum
# of the digits times ID_WEIGHTS modulo 11 (ISO 7064 MOD 11-2).

USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def org_check(body8):
    """GB 11714 check character of an 8-character organisation code body."""
    total = 0
    for ch, w in zip(body8, ORG_WEIGHTS):
        v = int(ch) if ch.isdigit() else ord(ch) - ord('A') + 10
        total += v * w
    c = 11 - total % 11
    return 'X' if c == 10 else '0' if c == 11 else str(c)


def uscc_check(first17):
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_valid(code):
    if len(code) != 18 or any(ch not in USCC_ALPHABET for ch in code):
        return False
    return org_check(code[8:16]) == code[16] and uscc_check(code[:17]) == code[17]


def make_uscc(rng, county_code):
    """A social organisation (登记管理机关 5 = 民政, 类别 2 = 社会服务机构)."""
    body = 'MJ' + ''.join(rng.choice(USCC_ALPHABET) for _ in range(6))
    first17 = '52' + county_code + body + org_check(body)
    return first17 + uscc_check(first17)


def id_check(first17):
    return '10X98765432'[sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS)) % 11]


def id_valid(num):
    return (len(num) == 18 and num[:17].isdigit() and num[17] in '0123456789X'
            and id_check(num[:17]) == num[17])


DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def rand_date(rng, y0, y1):
    y = rng.randint(y0, y1)
    m = rng.randint(1, 12)
    dim = DAYS_IN_MONTH[m - 1] + (1 if m == 2 and (y % 4 == 0 and (y % 100 or y % 400 == 0)) else 0)
    return y, m, rng.randint(1, dim)


def make_id_number(rng, county_code, female):
    y, m, d = rand_date(rng, 1965, 2001)
    seq = rng.randrange(0, 1000, 2) if female else rng.randrange(1, 1000, 2)
    first17 = '%s%04d%02d%02d%03d' % (county_code, y, m, d, seq)
    return first17 + id_check(first17)


# ---------------------------------------------------------------------------
# Typed scalars.  Python str is a string (quoted in YAML when it looks like
# anything else), bool a boolean, int/float a number, Date a plain YAML date.

class Date(str):
    """A YYYY-MM-DD date: plain in YAML, a string in JSON, text in XML."""


def D(y, m, d):
    return Date('%04d-%02d-%02d' % (y, m, d))


def text(v):
    """The textual value of a scalar, as in the XML form."""
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if v is None:
        return ''
    if isinstance(v, float):
        return repr(v)
    return str(v)


# ---------------------------------------------------------------------------
# Emitters

YAML_SPECIAL = {'y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', '~'}
YAML_PLAIN = re.compile(r'[A-Za-z_\u3400-\u9fff][A-Za-z0-9_\-\u3400-\u9fff\u3000-\u303f\uff01-\uff5e（）·、]*\Z')


def yaml_scalar(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if v is None:
        return '~'
    if isinstance(v, (int, float)):
        return text(v)
    if isinstance(v, Date):
        return str(v)
    if YAML_PLAIN.match(v) and v.lower() not in YAML_SPECIAL:
        return v
    return json.dumps(v, ensure_ascii=False)


def yaml_is_scalar_list(v):
    return isinstance(v, list) and v and all(not isinstance(x, (dict, list)) for x in v)


def yaml_flow_map(d):
    """Small maps of scalars are written in flow style, as people do."""
    if not isinstance(d, dict) or not d or len(d) > 4:
        return None
    if any(isinstance(x, (dict, list)) for x in d.values()):
        return None
    return '{' + ', '.join('%s: %s' % (k, yaml_scalar(x)) for k, x in d.items()) + '}'


def yaml_map(out, d, ind):
    pad = ' ' * ind
    for k, v in d.items():
        if isinstance(v, dict):
            flow = yaml_flow_map(v) if k in FLOW_KEYS else None
            if flow:
                out.append('%s%s: %s\n' % (pad, k, flow))
            else:
                out.append('%s%s:\n' % (pad, k))
                yaml_map(out, v, ind + 2)
        elif isinstance(v, list):
            if yaml_is_scalar_list(v):
                out.append('%s%s: [%s]\n' % (pad, k, ', '.join(yaml_scalar(x) for x in v)))
            else:
                out.append('%s%s:\n' % (pad, k))
                for item in v:
                    flow = yaml_flow_map(item) if k in FLOW_KEYS else None
                    if flow:
                        out.append('%s  - %s\n' % (pad, flow))
                    else:
                        sub = []
                        yaml_map(sub, item, ind + 4)
                        sub[0] = '%s  - %s' % (pad, sub[0][ind + 4:])
                        out.extend(sub)
        else:
            out.append('%s%s: %s\n' % (pad, k, yaml_scalar(v)))


FLOW_KEYS = {'contract', 'director', 'degree', 'period', 'policies', 'funding',
             'trainings', 'evaluations'}


def to_yaml(station, header=None):
    out = []
    if header:
        out.append(header)
    out.append('station:\n')
    yaml_map(out, station, 2)
    return ''.join(out)


def xml_escape(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def xml_elem(out, k, v, ind):
    pad = ' ' * ind
    if isinstance(v, list):
        for item in v:
            xml_elem(out, k, item, ind)
    elif isinstance(v, dict):
        out.append('%s<%s>\n' % (pad, k))
        for kk, vv in v.items():
            xml_elem(out, kk, vv, ind + 2)
        out.append('%s</%s>\n' % (pad, k))
    else:
        out.append('%s<%s>%s</%s>\n' % (pad, k, xml_escape(text(v)), k))


def to_xml(station, ind=0):
    out = []
    xml_elem(out, 'station', station, ind)
    return ''.join(out)


def to_json(station):
    return json.dumps({'station': station}, ensure_ascii=False, indent=2) + '\n'


# ---------------------------------------------------------------------------
# Region tables

def read_csv(path):
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


class Regions:
    def __init__(self, folder):
        self.folder = folder
        self.provinces = {r['code']: r['name'] for r in read_csv(os.path.join(folder, 'provinces.csv'))}
        self.cities = {r['code']: r['name'] for r in read_csv(os.path.join(folder, 'cities.csv'))}
        self.areas = {r['code']: r['name'] for r in read_csv(os.path.join(folder, 'areas.csv'))}
        self.streets = {}
        self.street_rows = []
        for r in read_csv(os.path.join(folder, 'streets.csv')):
            self.streets[r['code']] = r['name']
            self.street_rows.append((r['code'], r['name']))
        self.street_rows.sort()

    def villages(self, prefix):
        return sorted(self.iter_villages(prefix))

    def iter_villages(self, prefix):
        """(code, name) of the villages under prefix, in table order (the
        table is sorted by code), read as a stream."""
        path = os.path.join(self.folder, 'villages.csv.gz')
        if not os.path.exists(path):
            return
        with gzip.open(path, 'rt', encoding='utf-8', newline='') as f:
            for r in csv.DictReader(f):
                if r['code'].startswith(prefix):
                    yield r['code'], r['name']

    def city_display(self, code):
        prov = self.provinces[code[:2]]
        city = self.cities.get(code[:4], '')
        if city in ('市辖区', '县'):
            return prov          # 北京市, 天津市, 上海市, 重庆市
        if '直辖' in city:
            return ''            # 省直辖县级行政区划: the county is named alone
        return city


def short_village(name):
    for suffix, repl in (('村村民委员会', '村'), ('村民委员会', '村'), ('居民委员会', ''),
                         ('村委会', '村'), ('居委会', ''), ('委员会', '')):
        if name.endswith(suffix):
            base = name[:-len(suffix)]
            if repl and not base.endswith(repl):
                base += repl
            if not repl and not base.endswith(('社区', '村', '居')):
                base += '社区'
            return base
    return name


# ---------------------------------------------------------------------------
# People

SURNAMES = ('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋'
            '蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷'
            '侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤')
GIVEN_F = '丽静敏燕艳娟霞芳娜秀英华慧巧美玲梅莉婷雪琳颖洁晶欣怡佳倩璐悦瑶萍红兰凤琴云'
GIVEN_M = '伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳彬峰建国文博'


def person_name(rng, female):
    chars = GIVEN_F if female else GIVEN_M
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.6 else '')
    return rng.choice(SURNAMES) + given


PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151',
                  '152', '155', '156', '157', '158', '159', '177', '180', '186', '187', '188', '189', '199']


def phone(rng):
    return rng.choice(PHONE_PREFIXES) + '%08d' % rng.randrange(10 ** 8)


# ---------------------------------------------------------------------------
# Vocabularies (docs/dossier.md, field reference)

CATEGORIES = ['social_assistance', 'child_welfare', 'elderly_care', 'social_affairs',
              'community_governance', 'disability', 'emergency_response', 'party_mass',
              'environment', 'hotline_response', 'psychology', 'community_care']
TARGETS = ['poor_family', 'empty_nest_elderly', 'left_behind_child', 'child_in_difficulty',
           'disabled', 'migrant', 'low_income', 'elderly', 'minor']
METHODS = ['counseling', 'humanistic_care', 'capacity_building', 'livelihood', 'relationship',
           'resource_linking', 'social_integration', 'policy_outreach', 'support_network']
CATEGORY_TARGETS = {
    'social_assistance': ['poor_family', 'low_income', 'disabled'],
    'child_welfare': ['left_behind_child', 'child_in_difficulty', 'minor'],
    'elderly_care': ['empty_nest_elderly', 'elderly', 'disabled'],
    'social_affairs': ['migrant', 'disabled', 'low_income'],
    'community_governance': ['elderly', 'minor', 'migrant'],
    'disability': ['disabled', 'poor_family'],
    'emergency_response': ['elderly', 'poor_family', 'migrant'],
    'party_mass': ['elderly', 'migrant', 'minor'],
    'environment': ['elderly', 'minor'],
    'hotline_response': ['elderly', 'low_income', 'migrant'],
    'psychology': ['minor', 'left_behind_child', 'empty_nest_elderly'],
    'community_care': ['empty_nest_elderly', 'disabled', 'child_in_difficulty'],
}
BOARDS = ['plaque', 'management_rules', 'operating_model', 'service_content']
EQUIPMENT_EXTRA = ['phone', 'filing_cabinet', 'camera', 'projector']
CERT_LEVELS = ['assistant_social_worker', 'assistant_social_worker', 'social_worker',
               'social_worker', 'senior_social_worker', 'local_worker']
MAJORS_OTHER = ['sociology', 'psychology', 'public_administration', 'law', 'nursing',
                'chinese_language', 'accounting', 'education']
DEGREE_LEVELS = ['associate', 'associate', 'bachelor', 'bachelor', 'bachelor', 'master']
LEDGERS = ['basic_info', 'special_difficulty', 'problem_list', 'service_list', 'resource_list',
           'project_list']
AGENCY_WORDS = ['阳光', '益民', '同心', '和谐', '众合', '启航', '仁爱', '心连心', '春晖', '善德',
                '博爱', '惠民', '德馨', '明德', '新希望', '汇爱', '乐群', '协力', '暖心', '致和']
POLICIES = ['社工站管理制度', '服务流程', '社会工作者职业道德规范', '财务管理制度', '档案管理制度',
            '安全管理制度', '督导制度', '志愿者管理制度', '信息公开制度']
TOPICS = ['个案工作实务', '小组工作方法', '社区工作实务', '困境儿童关爱服务', '老年人照护服务',
          '社会救助政策解读', '心理危机干预', '项目管理与评估', '志愿服务管理', '社工伦理与督导']
ROADS = ['人民路', '解放路', '建设路', '中山路', '和平路', '文化路', '新华路', '胜利路', '长江路',
         '振兴路', '幸福路', '团结路', '光明路', '朝阳路', '滨河路']
SHARED_WITH = ['民政所', '党群服务中心', '综合文化站', '便民服务中心', '村委会']

# ---------------------------------------------------------------------------
# One dossier


def build_station(rng, regions, code, place, seq, is_village, vname):
    """A dossier that passes all 20 checks."""
    county_code = code[:6]
    prov = regions.provinces.get(code[:2], '')
    city = regions.city_display(code)
    county = regions.areas.get(county_code, '')
    township = regions.streets.get(code[:9], place)
    prefix = (city if city != county else '') + county
    if is_village:
        level, kind = 'village', 'room'
        name = county + township + short_village(vname) + rng.choice(['社会工作室', '社工室'])
    else:
        level = 'township'
        kind, suffix = rng.choice([('station', '社会工作服务站'), ('station', '社会工作服务站'),
                                   ('station', '社工站'), ('centre', '社会工作综合服务中心')])
        name = prefix + township + suffix
    sid = '%s-S%02d' % (code, seq)

    st = {}
    st['id'] = sid
    st['name'] = name
    st['kind'] = kind
    st['level'] = level
    st['status'] = 'operating' if rng.random() < 0.95 else 'suspended'
    est = rand_date(rng, 2019, 2024)
    st['established'] = D(*est)
    region = {'code': code, 'province': prov}
    if city:
        region['city'] = city
    region['county'] = county
    region['township'] = township
    if is_village:
        region['village'] = vname
    st['region'] = region

    # operation
    if is_village:
        mode = rng.choice(['post', 'post', 'purchased', 'mixed'])
    else:
        mode = rng.choice(['purchased', 'purchased', 'purchased', 'post', 'mixed'])
    op = {'mode': mode, 'purchaser': county + '民政局'}
    if mode in ('purchased', 'mixed'):
        op['operator'] = {
            'name': prefix + rng.choice(AGENCY_WORDS) + '社会工作服务中心',
            'credit_code': make_uscc(rng, county_code),
        }
        sy = rng.randint(max(2020, est[0]), 2025)
        years = rng.choice([1, 2, 3])
        op['contract'] = {'start': D(sy, 1, 1), 'end': D(sy + years - 1, 12, 31),
                          'amount_cny': rng.choice([12, 15, 18, 20, 24, 30, 36, 40]) * 10000}
        if mode == 'purchased' and sy + years - 1 < 2022:
            op['contract']['end'] = D(2022, 12, 31)
    dfemale = rng.random() < 0.4
    op['director'] = {'name': person_name(rng, dfemale),
                      'position': ('社区党委书记' if short_village(vname).endswith('社区') else '村党支部书记')
                      if is_village else
                      ('街道党工委副书记' if township.endswith('街道') else '镇党委副书记')}
    st['operation'] = op

    # premises
    independent = True if not is_village else rng.random() < 0.4
    prem = {'independent': independent}
    if not independent:
        prem['shared_with'] = rng.choice(SHARED_WITH[-2:] if is_village else SHARED_WITH[:4])
    prem['area_m2'] = rng.choice([30, 35, 40, 45, 50, 60, 62.5, 70, 80, 85, 90, 100, 120, 150, 180, 200])
    if not is_village and prem['area_m2'] < 60:
        prem['area_m2'] += 40
    prem['address'] = county + township + rng.choice(ROADS) + '%d号' % rng.randint(1, 300)
    rooms = ['office', 'reception']
    for r in ('counseling', 'activity', 'training', 'archive'):
        if rng.random() < 0.6:
            rooms.append(r)
    prem['rooms'] = rooms
    st['premises'] = prem

    st['signage'] = {'plaque': True, 'plaque_text': name, 'boards': list(BOARDS),
                     'visual_identity': rng.random() < 0.9}
    equip = ['computer', 'printer'] + [e for e in EQUIPMENT_EXTRA if rng.random() < 0.6]
    st['equipment'] = equip
    st['uniform'] = True
    st['policies'] = [{'name': p, 'posted': rng.random() < 0.9}
                      for p in rng.sample(POLICIES, rng.randint(2, 5))]

    # staff: >= 2 full time, >= 2 certified, at least half qualified
    n = rng.randint(2, 6)
    staff = []
    n_full = rng.randint(2, n)
    n_cert = rng.randint(2, n)
    full_idx = set(rng.sample(range(n), n_full))
    cert_idx = set(rng.sample(range(n), n_cert))
    for i in range(n):
        female = rng.random() < 0.65
        s = {'name': person_name(rng, female),
             'id_number': make_id_number(rng, county_code if rng.random() < 0.8 else
                                         code[:4] + '%02d' % rng.randint(1, 3), female),
             'phone': phone(rng),
             'employment': 'full_time' if i in full_idx else 'part_time',
             'source': rng.choice(['agency', 'agency', 'post', 'dispatch', 'civil_servant']),
             'community_worker': rng.random() < 0.4}
        if i in cert_idx:
            cy = rng.randint(2012, 2024)
            s['certificate'] = {'level': rng.choice(CERT_LEVELS),
                                'number': '%04d%s0000%06d' % (cy, code[:2], rng.randrange(10 ** 6)),
                                'issued': D(cy, rng.choice([9, 10, 11, 12]), rng.randint(1, 28))}
        major = 'social_work' if rng.random() < 0.45 else rng.choice(MAJORS_OTHER)
        s['degree'] = {'major': major, 'level': rng.choice(DEGREE_LEVELS)}
        staff.append(s)
    st['staff'] = staff

    # services
    cats = rng.sample(CATEGORIES, rng.randint(1, 5))
    services = []
    year = rng.randint(2023, 2025)
    for c in cats:
        pool = CATEGORY_TARGETS[c]
        services.append({
            'category': c,
            'targets': rng.sample(pool, rng.randint(1, min(2, len(pool)))),
            'methods': rng.sample(METHODS, rng.randint(1, 3)),
            'activities': rng.randint(4, 48),
            'beneficiaries': rng.randint(30, 1200),
            'period': {'start': D(year, 1, 1), 'end': D(year, 12, 31)},
        })
    st['services'] = services
    st['linkage'] = {'social_organizations': rng.randint(1, 12),
                     'volunteers': rng.randint(5, 300),
                     'charity_fund_cny': rng.choice([0, 5000, 10000, 20000, 50000, 80000])}
    st['funding'] = [{'source': src, 'year': year, 'amount_cny': rng.choice([3, 5, 8, 10, 15]) * 10000}
                     for src in rng.sample(['provincial', 'local_budget', 'lottery_fund', 'charity'],
                                           rng.randint(1, 2))]
    st['trainings'] = [{'date': D(year, m, rng.randint(1, 28)), 'topic': t,
                        'participants': rng.randint(6, 40)}
                       for m, t in zip(sorted(rng.sample(range(1, 13), 2)), rng.sample(TOPICS, 2))]
    st['ledgers'] = [x for x in LEDGERS if rng.random() < 0.8] or ['basic_info']
    score = round(rng.uniform(70, 98), 1)
    st['evaluations'] = [{'year': year - 1, 'evaluator': county + '民政局', 'score': score,
                          'satisfaction': round(rng.uniform(0.85, 0.99), 2),
                          'grade': 'excellent' if score >= 90 else 'good' if score >= 80 else 'pass'}]
    # make the staff qualified: at least half certified or social_work majors
    fix_qualified(st, rng)
    return st


def certified(s):
    return bool(text(s.get('certificate', {}).get('level', '')))


def qualified(s):
    return certified(s) or s.get('degree', {}).get('major') == 'social_work'


def fix_qualified(st, rng):
    staff = st['staff']
    for s in staff:
        if 2 * sum(qualified(x) for x in staff) >= len(staff):
            break
        if not qualified(s):
            s['degree']['major'] = 'social_work'


# ---------------------------------------------------------------------------
# Faults: each breaks exactly one check.  Groups of checks whose faults would
# interfere are never combined in one dossier.

CONFLICTS = [{'R03', 'R04', 'R06'}, {'R12', 'R13', 'R14'}, {'R13', 'R15'}, {'R16', 'R17'},
             {'R05', 'R18'}, {'R08', 'R09'}]


def applicable_faults(st):
    out = []
    for c in CHECKS:
        if c == 'R06' and st['level'] != 'township':
            continue
        if c == 'R05' and 'operator' not in st['operation']:
            continue
        if c == 'R18' and st['operation']['mode'] != 'purchased':
            continue
        out.append(c)
    return out


def make_staff(rng, code, full_time, cert, social_work):
    female = rng.random() < 0.6
    s = {'name': person_name(rng, female),
         'id_number': make_id_number(rng, code[:6], female),
         'phone': phone(rng), 'employment': 'full_time' if full_time else 'part_time',
         'source': 'agency', 'community_worker': False}
    if cert:
        s['certificate'] = {'level': 'assistant_social_worker',
                            'number': '2023%s0000%06d' % (code[:2], rng.randrange(10 ** 6)),
                            'issued': D(2023, 11, 12)}
    s['degree'] = {'major': 'social_work' if social_work else rng.choice(MAJORS_OTHER),
                   'level': 'bachelor'}
    return s


def fault(st, check, rng, code):
    """Break check `check` of dossier `st` (of division `code`), and no other."""
    m = rng.randrange(4)
    if check == 'R01':
        if m == 0:
            del st['id']
        else:
            st['id'] = rng.choice([code + '-S1', code + 'S01', code + '-s01', code[:6] + '-S01',
                                   code + '-站01'])
    elif check == 'R02':
        if m == 0:
            del st['name']
        else:
            base = re.sub('(社会工作服务站|社工站|社会工作室|社工室|社会工作综合服务中心)$', '', st['name'])
            st['name'] = base + ['', '社工服务站', '社会工作服务中心', '社工驿站'][m]
    elif check == 'R03':
        if m == 0:
            del st['level']
        else:
            st['level'] = ['', 'town', 'Township', '乡镇'][m]
    elif check == 'R04':
        if m == 0:
            del st['region']['code']
        else:
            st['region']['code'] = [None, code[:-1], code + '0', code[:-1] + 'O'][m]
    elif check == 'R05':
        cc = st['operation']['operator']['credit_code']
        if m == 0:
            st['operation']['operator']['credit_code'] = cc[:17]
        elif m == 1:
            st['operation']['operator']['credit_code'] = cc.lower()
        else:
            i = rng.randrange(8, 17)
            st['operation']['operator']['credit_code'] = cc[:i] + rng.choice('IOSVZ') + cc[i + 1:]
    elif check == 'R06':
        if m < 2:
            del st['premises']['independent']
        else:
            prem = st['premises']
            st['premises'] = {'independent': False, 'shared_with': rng.choice(SHARED_WITH[:4])}
            st['premises'].update((k, v) for k, v in prem.items() if k not in st['premises'])
    elif check == 'R07':
        if m == 0:
            del st['premises']['area_m2']
        else:
            st['premises']['area_m2'] = [None, rng.randint(8, 29), 29.5, '约80'][m]
    elif check == 'R08':
        if m == 0:
            del st['signage']['plaque']
        else:
            st['signage']['plaque'] = False
    elif check == 'R09':
        if m == 0:
            del st['signage']['boards']
        else:
            st['signage']['boards'].remove(rng.choice(BOARDS))
    elif check == 'R10':
        if m == 0:
            del st['equipment']
        else:
            st['equipment'].remove(rng.choice(['computer', 'printer']))
    elif check == 'R11':
        if m == 0:
            del st['uniform']
        else:
            st['uniform'] = False
    elif check == 'R12':
        keep = rng.choice([0, 1])
        for s in st['staff']:
            if s['employment'] == 'full_time':
                if keep:
                    keep -= 1
                else:
                    s['employment'] = 'part_time'
    elif check == 'R13':
        keep = rng.choice([0, 1])
        for s in st['staff']:
            if 'certificate' in s:
                if keep:
                    keep -= 1
                else:
                    del s['certificate']
        fix_qualified(st, rng)
    elif check == 'R14':
        staff = st['staff']
        while len(staff) < 5:
            staff.append(make_staff(rng, code, False, False, False))
        ncert = 0
        for s in staff:
            if 'certificate' in s:
                ncert += 1
                if ncert > 2:
                    del s['certificate']
            if 'certificate' not in s and s['degree']['major'] == 'social_work':
                s['degree']['major'] = rng.choice(MAJORS_OTHER)
        for s in staff:
            if ncert >= 2:
                break
            if 'certificate' not in s:
                s['certificate'] = {'level': 'social_worker',
                                    'number': '2020%s0000%06d' % (code[:2], rng.randrange(10 ** 6)),
                                    'issued': D(2020, 11, 8)}
                ncert += 1
    elif check == 'R15':
        certs = [s['certificate'] for s in st['staff'] if 'certificate' in s]
        c = rng.choice(certs)
        c['number'] = [c['number'][:15], c['number'] + '7', c['number'][:8] + 'A' + c['number'][9:],
                       c['number'][:4] + '-' + c['number'][4:15]][m]
    elif check == 'R16':
        if m == 0:
            del st['services']
        elif m == 1:
            del rng.choice(st['services'])['category']
        else:
            rng.choice(st['services'])['category'] = ['elder_care', 'youth_work', '养老服务'][m - 1]
    elif check == 'R17':
        svc = rng.choice(st['services'])
        svc['targets'][rng.randrange(len(svc['targets']))] = ['children', 'elders', '老年人', 'left_behind_children'][m]
    elif check == 'R18':
        op = st['operation']
        if m == 0:
            del op['operator']['credit_code']
        elif m == 1:
            op['contract']['start'] = D(2019, 1, 1)
            op['contract']['end'] = D(2021, 12, 31)
        elif m == 2:
            del op['contract']['end']
        else:
            op['contract']['end'] = rng.choice(['2024/12/31', '2024-12', '2024年12月31日', '2025-1-31'])
    elif check == 'R19':
        if m == 0:
            del st['established']
        else:
            y, mo, d = map(int, str(st['established']).split('-'))
            st['established'] = ['', '%d/%02d/%02d' % (y, mo, d), '%d-%d-%d' % (y, mo, d),
                                 '%d年%d月%d日' % (y, mo, d)][m]
            if st['established'] == '%d-%02d-%02d' % (y, mo, d):   # 2021-10-15 stays valid
                st['established'] = '%d.%02d.%02d' % (y, mo, d)
    elif check == 'R20':
        if m == 0:
            del st['linkage']
        elif m == 1:
            del st['linkage']['volunteers']
        else:
            st['linkage'][['volunteers', 'social_organizations'][m - 2]] = 0


# ---------------------------------------------------------------------------
# The 20 checks (bench/CHECKS.md), on the textual values of the XML form.
# Used to prove that each generated dossier violates exactly its injected
# checks.

def xnum(v):
    if isinstance(v, bool) or v is None or isinstance(v, (dict, list)):
        return float('nan')
    t = text(v).strip()
    if re.fullmatch(r'-?([0-9]+(\.[0-9]*)?|\.[0-9]+)', t):
        return float(t)
    return float('nan')


def get(d, *path):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def as_list(v):
    return [] if v is None else v if isinstance(v, list) else [v]


DATE_RE = re.compile(r'[0-9]{4}-[0-9]{2}-[0-9]{2}\Z')


def violations(st):
    v = set()
    t = lambda *p: None if get(st, *p) is None else text(get(st, *p))
    if not (t('id') is not None and re.fullmatch(r'[0-9]{9,12}-S[0-9]{2}', t('id'))):
        v.add('R01')
    if not (t('name') is not None and re.search(r'(社会工作服务站|社工站|社会工作室|社工室|社会工作综合服务中心)\Z', t('name'))):
        v.add('R02')
    level = t('level')
    if level not in ('city', 'county', 'township', 'village'):
        v.add('R03')
    if level in ('township', 'village'):
        code = t('region', 'code')
        if code is None or not re.fullmatch('[0-9]{%d}' % (9 if level == 'township' else 12), code):
            v.add('R04')
    cc = t('operation', 'operator', 'credit_code')
    if get(st, 'operation', 'operator') is not None and 'credit_code' in st['operation']['operator']:
        if not re.fullmatch(r'[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}', cc or ''):
            v.add('R05')
    if level == 'township' and t('premises', 'independent') != 'true':
        v.add('R06')
    if not xnum(get(st, 'premises', 'area_m2')) >= 30:
        v.add('R07')
    if t('signage', 'plaque') != 'true':
        v.add('R08')
    boards = [text(x) for x in as_list(get(st, 'signage', 'boards'))]
    if not all(b in boards for b in BOARDS):
        v.add('R09')
    equip = [text(x) for x in as_list(get(st, 'equipment'))]
    if not ('computer' in equip and 'printer' in equip):
        v.add('R10')
    if t('uniform') != 'true':
        v.add('R11')
    staff = as_list(get(st, 'staff'))
    if sum(1 for s in staff if text(s.get('employment')) == 'full_time') < 2:
        v.add('R12')
    ncert = sum(1 for s in staff if text(get(s, 'certificate', 'level')) != '')
    if ncert < 2:
        v.add('R13')
    nq = sum(1 for s in staff if text(get(s, 'certificate', 'level')) != ''
             or text(get(s, 'degree', 'major')) == 'social_work')
    if 2 * nq < len(staff):
        v.add('R14')
    for s in staff:
        num = get(s, 'certificate', 'number')
        if get(s, 'certificate') is not None and 'number' in s['certificate'] \
                and not re.fullmatch(r'[0-9]{16}', text(num)):
            v.add('R15')
    services = as_list(get(st, 'services'))
    if not services or any(get(s, 'category') is None or text(s['category']) not in CATEGORIES
                           for s in services):
        v.add('R16')
    for s in services:
        if any(text(x) not in TARGETS for x in as_list(get(s, 'targets'))):
            v.add('R17')
    if t('operation', 'mode') == 'purchased':
        end = t('operation', 'contract', 'end')
        op = get(st, 'operation', 'operator')
        if not (isinstance(op, dict) and 'credit_code' in op and end is not None
                and DATE_RE.match(end) and end >= '2022-01-01'):
            v.add('R18')
    est = t('established')
    if est is None or not DATE_RE.match(est):
        v.add('R19')
    if not (xnum(get(st, 'linkage', 'volunteers')) >= 1 and xnum(get(st, 'linkage', 'social_organizations')) >= 1):
        v.add('R20')
    return v


def self_check(st):
    """Codes and ID numbers that are meant to be valid are valid."""
    cc = get(st, 'operation', 'operator', 'credit_code')
    if isinstance(cc, str) and len(cc) == 18 and cc.upper() == cc and all(ch in USCC_ALPHABET for ch in cc):
        assert uscc_valid(cc), cc
    for s in as_list(get(st, 'staff')):
        assert id_valid(s['id_number']), s['id_number']


# ---------------------------------------------------------------------------

def places(regions, prefix, count):
    """(code, township name, is_village, village name, seq) for count stations."""
    towns = [(c, n) for c, n in regions.street_rows if c.startswith(prefix)]
    base = [(c, n, False, None) for c, n in towns]
    if count > len(base):
        base += [(c, None, True, n) for c, n in regions.villages(prefix)]
    if not base:
        sys.exit('gen.py: no township or village code starts with %r' % prefix)
    if count > 99 * len(base):
        sys.exit('gen.py: --count %d is more than 99 stations per division of region %r' % (count, prefix))
    for i in range(count):
        c, n, vil, vn = base[i % len(base)]
        yield c, n, vil, vn, i // len(base) + 1


def national_divisions(regions, prefix):
    """Every township of prefix followed by its villages, in code order:
    (code, township name or None, is_village, village name).  Merges the
    sorted township list with the village table as it is read."""
    towns = iter([(c, n) for c, n in regions.street_rows if c.startswith(prefix)])
    town = next(towns, None)
    last = ''
    for vcode, vname in regions.iter_villages(prefix):
        if vcode < last:
            sys.exit('gen.py: villages.csv.gz is not sorted by code (%s after %s)' % (vcode, last))
        last = vcode
        while town and town[0] <= vcode[:9]:
            yield town[0], town[1], False, None
            town = next(towns, None)
        yield vcode, None, True, vname
    while town:
        yield town[0], town[1], False, None
        town = next(towns, None)


def national_places(regions, prefix, count, seed):
    """national_divisions capped to count evenly spread ones (all when
    count is None), as places() yields them."""
    total = sum(1 for c, n in regions.street_rows if c.startswith(prefix))
    total += sum(1 for _ in regions.iter_villages(prefix))
    if total == 0:
        sys.exit('gen.py: no township or village code starts with %r' % prefix)
    if count is None or count > total:
        if count is not None:
            sys.exit('gen.py: --national --count %d is more than the %d divisions of region %r'
                     % (count, total, prefix))
        count = total
    # Division i falls in block i * count // total; one division of each
    # block, at an offset drawn from the seed, is taken (a fixed offset
    # would beat against the township-then-villages rhythm of the table).
    k, pick = -1, -1
    for i, (c, n, vil, vn) in enumerate(national_divisions(regions, prefix)):
        if i * count // total != k:
            k = i * count // total
            lo, hi = -(-k * total // count), -(-(k + 1) * total // count)
            pick = lo if hi - lo == 1 else lo + random.Random('%d/pick/%d' % (seed, k)).randrange(hi - lo)
        if i == pick:
            yield c, n, vil, vn, 1


def generate(args):
    regions = Regions(args.regions)
    if args.national and not os.path.exists(os.path.join(args.regions, 'villages.csv.gz')):
        sys.exit('gen.py: --national needs %s' % os.path.join(args.regions, 'villages.csv.gz'))
    if args.count is None and not args.national:
        args.count = 100
    formats = args.format.split(',')
    for f in formats:
        if f not in ('yaml', 'xml', 'json', 'yaml-stream', 'xml-stream'):
            sys.exit('gen.py: unknown format %r (yaml, xml, json, yaml-stream, xml-stream)' % f)
    os.makedirs(args.out, exist_ok=True)
    many = len(formats) > 1
    dirs = {}
    for f in ('yaml', 'xml', 'json'):
        if f in formats:
            dirs[f] = os.path.join(args.out, f) if many else args.out
            os.makedirs(dirs[f], exist_ok=True)
    ystream = xstream = None
    if 'yaml-stream' in formats:
        ystream = open(os.path.join(args.out, 'stations.yaml'), 'w', encoding='utf-8')
        ystream.write('# %s generated station dossiers (bench/gen.py%s --seed %d --faults %g)\n'
                      % ('all' if args.count is None else args.count,
                         ' --national' if args.national else '', args.seed, args.faults))
    if 'xml-stream' in formats:
        xstream = open(os.path.join(args.out, 'stations.xml'), 'w', encoding='utf-8')
        xstream.write('<?xml version="1.0" encoding="UTF-8"?>\n<stations>\n')
    expected = open(os.path.join(args.out, 'expected.csv'), 'w', encoding='utf-8', newline='')
    expected.write('station_id,check\n')
    ids = open(os.path.join(args.out, 'ids.txt'), 'w', encoding='utf-8')
    nfaulty = nfaults = ndossiers = 0
    sizes = []          # min, max, sum of the YAML sizes
    where = (national_places(regions, args.region, args.count, args.seed) if args.national
             else places(regions, args.region, args.count))
    for code, place, vil, vname, seq in where:
        ndossiers += 1
        sid = '%s-S%02d' % (code, seq)
        rng = random.Random('%d/%s' % (args.seed, sid))
        st = build_station(rng, regions, code, place, seq, vil, vname)
        injected = []
        if rng.random() < args.faults:
            k = rng.choices([1, 2, 3], [70, 20, 10])[0]
            cands = applicable_faults(st)
            while len(injected) < k and cands:
                c = rng.choice(cands)
                injected.append(c)
                blocked = {c}.union(*[g for g in CONFLICTS if c in g])
                cands = [x for x in cands if x not in blocked]
            injected.sort()
            for c in injected:
                fault(st, c, rng, code)
            nfaulty += 1
            nfaults += len(injected)
        self_check(st)
        got = violations(st)
        if got != set(injected):
            sys.exit('gen.py: internal error: %s injected %s but violates %s' % (sid, injected, sorted(got)))
        for c in injected:
            expected.write('%s,%s\n' % (sid, c))
        ids.write(sid + '\n')
        note = ('# injected faults: %s\n' % ' '.join(injected)) if injected else None
        if 'yaml' in dirs or ystream:
            y = to_yaml(st, note)
            n = len(y.encode('utf-8'))
            sizes = [min(sizes[0], n), max(sizes[1], n), sizes[2] + n] if sizes else [n, n, n]
            if 'yaml' in dirs:
                with open(os.path.join(dirs['yaml'], sid + '.yaml'), 'w', encoding='utf-8') as f:
                    f.write(y)
            if ystream:
                ystream.write('---\n' + y)
        if 'xml' in dirs or xstream:
            x = to_xml(st)
            if 'xml' in dirs:
                with open(os.path.join(dirs['xml'], sid + '.xml'), 'w', encoding='utf-8') as f:
                    f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
                    if injected:
                        f.write('<!-- injected faults: %s -->\n' % ' '.join(injected))
                    f.write(x)
            if xstream:
                xstream.write(to_xml(st, 2))
        if 'json' in dirs:
            with open(os.path.join(dirs['json'], sid + '.json'), 'w', encoding='utf-8') as f:
                f.write(to_json(st))
    if xstream:
        xstream.write('</stations>\n')
        xstream.close()
    if ystream:
        ystream.close()
    expected.close()
    ids.close()
    if not args.quiet:
        msg = 'gen.py: %d dossiers (%d with %d injected faults) in %s' % (ndossiers, nfaulty, nfaults, args.out)
        if sizes:
            msg += '; YAML %d-%d bytes, mean %d' % (sizes[0], sizes[1], sizes[2] // ndossiers)
        print(msg, file=sys.stderr)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--region', default='', help='province/city/county code prefix (default: all)')
    ap.add_argument('--count', type=int, default=None,
                    help='number of dossiers (default 100; with --national: all)')
    ap.add_argument('--national', action='store_true',
                    help='every township and village of --region in code order (see above)')
    ap.add_argument('--faults', type=float, default=0.1,
                    help='fraction of dossiers with injected faults, 0..1 (default 0.1)')
    ap.add_argument('--format', default='yaml',
                    help='yaml, xml, json, yaml-stream, xml-stream, or several comma-separated')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--out', required=True, help='output folder')
    ap.add_argument('--regions', default=DEFAULT_REGIONS, help='folder of the division tables')
    ap.add_argument('-q', '--quiet', action='store_true')
    args = ap.parse_args(argv)
    if not 0 <= args.faults <= 1:
        ap.error('--faults must be between 0 and 1')
    if args.count is not None and args.count < 0:
        ap.error('--count must be >= 0')
    if not re.fullmatch(r'([0-9]{2}){0,3}', args.region):
        ap.error('--region must be a 2, 4 or 6 digit division code prefix')
    generate(args)


if __name__ == '__main__':
    main()
