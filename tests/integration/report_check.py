#!/usr/bin/env python3
"""report_check.py DOM ARF RULE_VERSION NAME ID: check the HTML report (as the
browser built it) against the ARF it came from: the counts per result and
severity, the score, and the evidence table of RULE_VERSION, whose row for the
container NAME (id ID) must show its id, image, state, PID modes and source.
Prints one TAP-like line per check ("ok - ..." / "not ok - ..."); exit 1 when
one fails."""
import sys, html.parser, collections, xml.etree.ElementTree as ET
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.tables = []; s.stack = []; s.cell = None; s.article = ''; s.text = []
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == 'article': s.article = ''
        if tag == 'table': s.stack.append({'cls': a.get('class') or '', 'rows': [], 'article': s.article})
        if tag == 'tr' and s.stack: s.stack[-1]['rows'].append([])
        if tag in ('td', 'th') and s.stack: s.cell = []
    def handle_endtag(s, tag):
        if tag in ('td', 'th') and s.stack and s.cell is not None:
            s.stack[-1]['rows'][-1].append(' '.join(''.join(s.cell).split())); s.cell = None
        if tag == 'table' and s.stack: s.tables.append(s.stack.pop())
    def handle_data(s, d):
        s.article += d
        if s.cell is not None: s.cell.append(d)
        s.text.append(d)
dom, arf, ver, name, cid = sys.argv[1:6]
p = P(); p.feed(open(dom).read())
ok = True
def check(what, cond, detail=''):
    global ok
    print(('ok - ' if cond else 'not ok - ') + 'report: ' + what + ('' if cond else ': ' + str(detail)))
    ok = ok and cond
X = '{http://checklists.nist.gov/xccdf/1.2}'
tr = ET.parse(arf).getroot().find('.//' + X + 'TestResult')
want = collections.Counter()
for rr in tr.findall(X + 'rule-result'):
    want[(rr.find(X + 'result').text, rr.get('severity'))] += 1
counts = [t for t in p.tables if 'counts' in t['cls']][0]['rows']
head = counts[0]
got = {r[0]: dict(zip(head[1:], map(int, r[1:]))) for r in counts[1:]}
for res in ('pass', 'fail', 'error', 'unknown', 'notapplicable', 'notchecked'):
    row = got.get(res, {})
    exp = {'CAT I (high)': want[(res, 'high')], 'CAT II (medium)': want[(res, 'medium')], 'CAT III (low)': want[(res, 'low')]}
    sub = {k: row.get(k) for k in exp}
    check('%s per severity as in the ARF %s' % (res, exp), sub == exp and row.get('All') == sum(want[(res, s)] for s in ('high', 'medium', 'low', 'unknown', 'info')), row)
score = [s for s in tr.findall(X + 'score') if s.get('system') == 'urn:xccdf:scoring:default']
want_score = '%.1f / %.1f' % (float(score[0].text), float(score[0].get('maximum')))
check('score %s as in the ARF' % want_score, want_score in ''.join(p.text), 'not shown')
items = [t for t in p.tables if 'items' in t['cls'] and ver in t['article']]
check('%s has an evidence table' % ver, bool(items), 'none')
if items:
    rows = items[0]['rows']; head = rows[0]
    for col in ('Name', 'Id', 'Image', 'State', 'PID mode', 'Effective PID mode', 'Source'):
        check('evidence of %s has the column %s' % (ver, col), col in head, head)
    row = [dict(zip(head, r)) for r in rows[1:] if r and r[0] == name]
    check('evidence of %s has the container %s' % (ver, name), bool(row), [r[0] for r in rows[1:]])
    if row:
        r = row[0]
        exp = {'Id': cid[:12], 'Image': 'cscap-busybox:latest', 'State': 'running', 'PID mode': 'host', 'Effective PID mode': 'host', 'Source': 'api'}
        check('%s: %s' % (name, exp), all(r.get(k) == v for k, v in exp.items()), r)
sys.exit(0)  # the failures are the "not ok" lines
