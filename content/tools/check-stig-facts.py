#!/usr/bin/env python3
"""check-stig-facts.py - compare cscap's Docker Enterprise checklist with DISA's.

Usage:
  python3 content/tools/check-stig-facts.py DISA-XCCDF [XCCDF] [OCIL] [OVAL]

DISA-XCCDF is DISA's manual benchmark (XCCDF 1.1), for example
U_Docker_Enterprise_2-x_Linux-Unix_STIG_V2R2_Manual-xccdf.xml. The others
default to the sources under content/src/ next to this script.

Checks that the facts cscap takes from DISA are the same in both:
  - one Group xccdf_cscap_group_<V-id> per DISA Group, titled with DISA's SRG id,
    holding one Rule xccdf_cscap_rule_<SV-id> with DISA's severity, weight and
    version (DKER-EE-...), DISA's legacy and CCI idents in DISA's order, and
    references whose dc:identifier are the SV- and V- ids;
  - each DISA profile <P> has a profile xccdf_cscap_profile_<P> that selects
    exactly the groups DISA's selects;
  - every rule has either an OVAL check (definition named after its DKER
    number, present in the OVAL file) or an OCIL check (questionnaire named after
    its DKER number, present in the OCIL file that names DISA's check id);
and that the checklist is consistent in itself:
  - the profile xccdf_cscap_profile_automated selects exactly the rules with an
    OVAL check;
  - every OCIL questionnaire belongs to a rule (no leftover of a rule that has
    been automated);
  - an OVAL check exports (check-export) every external variable its definition
    reaches through its tests, objects, states, filters, sets and variables.
and that cscap's prose is its own: it lists every run of N words (default 8)
that the titles, descriptions, fix texts and OCIL questions share with DISA's
prose, ignoring runs that are only commands, paths or field names.

Needs Python 3 and nothing else. Exit status 0 when everything agrees and no
shared run is found, 1 otherwise, 2 on bad usage.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

X11 = '{http://checklists.nist.gov/xccdf/1.1}'
X12 = '{http://checklists.nist.gov/xccdf/1.2}'
DC = '{http://purl.org/dc/elements/1.1/}'
OCIL = '{http://scap.nist.gov/schema/ocil/2.0}'
OVAL = '{http://oval.mitre.org/XMLSchema/oval-definitions-5}'
OVAL_SYSTEM = 'http://oval.mitre.org/XMLSchema/oval-definitions-5'
OCIL_SYSTEM = 'http://scap.nist.gov/schema/ocil/2'
RUN = int(os.environ.get('CHECK_STIG_RUN', '8'))

problems = []


def problem(msg):
    problems.append(msg)


def words(text):
    """The words of a text, lower-cased, leaving out what is a name rather than
    prose: quoted strings (console labels, field names) and upper-case
    identifiers (capabilities, acronyms)."""
    text = re.sub(r'"[^"]*"', ' ', text or '')
    text = re.sub(r'(?i)universal control plane|docker trusted registry|'
                  r'docker engine - enterprise|docker enterprise', ' ', text)
    tokens = re.findall(r"[A-Za-z0-9_\-./:'$]+", text)
    return [t.lower() for t in tokens if not re.fullmatch(r"[A-Z0-9_]{2,}", t)]


def looks_technical(run):
    """A run made only of commands, options, paths and quoted names is a fact."""
    plain = [w for w in run if re.fullmatch(r"[a-z]+[,.;:]?", w) and len(w) > 2]
    return len(plain) < len(run) // 2


REF_ATTRS = ('test_ref', 'object_ref', 'state_ref', 'var_ref', 'definition_ref')
REF_TEXTS = (OVAL + 'object_reference', OVAL + 'filter')


def external_variables(by_id, start):
    """The ids of the external variables the OVAL element start reaches."""
    seen, todo, found = set(), [start], set()
    while todo:
        el = by_id.get(todo.pop())
        if el is None or el.get('id') in seen:
            continue
        seen.add(el.get('id'))
        if el.tag == OVAL + 'external_variable':
            found.add(el.get('id'))
        for sub in el.iter():
            todo.extend(sub.get(a) for a in REF_ATTRS if sub.get(a))
            if sub.tag in REF_TEXTS and sub.text:
                todo.append(sub.text.strip())
    return found


def main(argv):
    if len(argv) < 2 or argv[1] in ('-h', '--help'):
        sys.stderr.write(__doc__)
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.join(here, '..', 'src')
    disa_path = argv[1]
    xccdf_path = argv[2] if len(argv) > 2 else os.path.join(src, 'docker-ee-2x-xccdf.xml')
    ocil_path = argv[3] if len(argv) > 3 else os.path.join(src, 'docker-ee-2x-ocil.xml')
    oval_path = argv[4] if len(argv) > 4 else os.path.join(src, 'docker-ee-2x-oval.xml')

    disa = ET.parse(disa_path).getroot()
    ours = ET.parse(xccdf_path).getroot()
    ocil = ET.parse(ocil_path).getroot()
    oval = ET.parse(oval_path).getroot()

    groups = {g.get('id'): g for g in ours.iter(X12 + 'Group')}
    questionnaires = {q.get('id'): q for q in ocil.iter(OCIL + 'questionnaire')}
    definitions = {d.get('id') for d in oval.iter(OVAL + 'definition')}
    disa_text = set()
    n_rules = 0
    oval_rules, ocil_refs = set(), set()
    by_id = {e.get('id'): e for e in oval.iter() if e.get('id')}

    for dg in disa.findall(X11 + 'Group'):
        dr = dg.find(X11 + 'Rule')
        vid, rid = dg.get('id'), dr.get('id')
        version = dr.find(X11 + 'version').text
        num = int(version.rsplit('-', 1)[1])
        for t in (dr.find(X11 + 'title').text, dr.find(X11 + 'description').text,
                  dr.find(X11 + 'fixtext').text, dr.find(X11 + 'check/' + X11 + 'check-content').text):
            w = words(re.sub(r'<[^>]+>', ' ', t or ''))
            disa_text.update(tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1))
        g = groups.get('xccdf_cscap_group_' + vid)
        if g is None:
            problem('%s (%s): no group xccdf_cscap_group_%s' % (vid, version, vid))
            continue
        if g.findtext(X12 + 'title') != dg.findtext(X11 + 'title'):
            problem('%s: group title %r, DISA has %r' % (vid, g.findtext(X12 + 'title'), dg.findtext(X11 + 'title')))
        rules = g.findall(X12 + 'Rule')
        if len(rules) != 1 or rules[0].get('id') != 'xccdf_cscap_rule_' + rid:
            problem('%s: expected the single rule xccdf_cscap_rule_%s' % (vid, rid))
            continue
        r = rules[0]
        n_rules += 1
        for attr in ('severity', 'weight'):
            if r.get(attr) != dr.get(attr):
                problem('%s: %s %r, DISA has %r' % (rid, attr, r.get(attr), dr.get(attr)))
        if r.findtext(X12 + 'version') != version:
            problem('%s: version %r, DISA has %r' % (rid, r.findtext(X12 + 'version'), version))
        ours_idents = [(i.get('system'), i.text) for i in r.findall(X12 + 'ident')]
        disa_idents = [(i.get('system'), i.text) for i in dr.findall(X11 + 'ident')]
        if ours_idents != disa_idents:
            problem('%s: idents %s, DISA has %s' % (rid, ours_idents, disa_idents))
        refs = {ref.findtext(DC + 'identifier') for ref in r.findall(X12 + 'reference')}
        if not {rid, vid} <= refs:
            problem('%s: references lack dc:identifier %s and/or %s' % (rid, rid, vid))
        checks = r.findall(X12 + 'check')
        systems = [c.get('system') for c in checks]
        if OVAL_SYSTEM in systems:
            ref = checks[systems.index(OVAL_SYSTEM)].find(X12 + 'check-content-ref')
            want = 'oval:cscap.docker:def:%d' % num
            if ref is None or ref.get('name') != want or want not in definitions:
                problem('%s: the OVAL check must name %s, defined in %s' % (rid, want, oval_path))
            else:
                oval_rules.add(r.get('id'))
                exported = {e.get('export-name')
                            for e in checks[systems.index(OVAL_SYSTEM)].findall(X12 + 'check-export')}
                for var in sorted(external_variables(by_id, want) - exported):
                    problem('%s: %s uses %s, which the check does not export' % (rid, want, var))
        elif OCIL_SYSTEM in systems:
            ref = checks[systems.index(OCIL_SYSTEM)].find(X12 + 'check-content-ref')
            want = 'ocil:cscap.docker:questionnaire:%d' % num
            q = questionnaires.get(want)
            if ref is not None:
                ocil_refs.add(ref.get('name'))
            if ref is None or ref.get('name') != want or q is None:
                problem('%s: the OCIL check must name %s, present in %s' % (rid, want, ocil_path))
            else:
                chk = dr.find(X11 + 'check').get('system')
                if chk not in ''.join(q.itertext()):
                    problem('%s: questionnaire %s does not name DISA check %s' % (rid, want, chk))
        else:
            problem('%s: neither an OVAL nor an OCIL check' % rid)

    if n_rules != len(disa.findall(X11 + 'Group')) or len(groups) != n_rules:
        problem('%d rules checked; DISA has %d groups, cscap %d'
                % (n_rules, len(disa.findall(X11 + 'Group')), len(groups)))

    for q in sorted(set(questionnaires) - ocil_refs):
        problem('questionnaire %s belongs to no rule (left over from an automated rule?)' % q)

    profiles = {p.get('id'): p for p in ours.findall(X12 + 'Profile')}
    auto = profiles.get('xccdf_cscap_profile_automated')
    if auto is None:
        problem('no profile xccdf_cscap_profile_automated')
    else:
        got = {s.get('idref') for s in auto.findall(X12 + 'select') if s.get('selected') == 'true'}
        for rid in sorted(got ^ oval_rules):
            problem('profile xccdf_cscap_profile_automated: %s %s' % (
                rid, 'is selected but has no OVAL check' if rid in got else 'has an OVAL check but is not selected'))
    for dp in disa.findall(X11 + 'Profile'):
        p = profiles.get('xccdf_cscap_profile_' + dp.get('id'))
        if p is None:
            problem('no profile xccdf_cscap_profile_%s' % dp.get('id'))
            continue
        want = {'xccdf_cscap_group_' + s.get('idref') for s in dp.findall(X11 + 'select')
                if s.get('selected') == 'true'}
        got = {s.get('idref') for s in p.findall(X12 + 'select') if s.get('selected') == 'true'}
        if want != got:
            problem('profile %s: selects %d items, DISA %d; differing: %s'
                    % (p.get('id'), len(got), len(want), sorted(want ^ got)[:5]))

    shared = {}
    texts = [ours.findtext(X12 + 'title'), ours.findtext(X12 + 'description')]
    for el in ours.iter():
        if el.tag in (X12 + 'title', X12 + 'description', X12 + 'fixtext'):
            texts.append(el.text)
    for el in ocil.iter():
        if el.tag in (OCIL + 'title', OCIL + 'question_text', OCIL + 'description'):
            texts.append(''.join(el.itertext()))
    for t in texts:
        w = words(t)
        for i in range(len(w) - RUN + 1):
            run = tuple(w[i:i + RUN])
            if run in disa_text and not looks_technical(run):
                shared[' '.join(run)] = shared.get(' '.join(run), 0) + 1
    for run, n in sorted(shared.items()):
        problem('prose shared with DISA (%dx): "%s"' % (n, run))

    for p in problems:
        print('check-stig-facts: ' + p)
    print('check-stig-facts: %d rules, %d profiles compared; %d problem(s)'
          % (n_rules, len(disa.findall(X11 + 'Profile')), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
