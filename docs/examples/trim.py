#!/usr/bin/env python3
"""trim.py DIR OUT: short excerpts of the result files of one scan, for README.

DIR holds the files of a scan made as in tests/integration/results_test.sh
(SOURCE_DATE_EPOCH=1700000000, the automated profile, the test engine's
containers): arf.xml, xccdf.xml, stig-viewer.xml, checklist.ckl,
checklist.cklb.  OUT gets, for one rule (DKER-EE-001240, which fails) and
one manual rule, the parts a reader looks at first.  Nothing is edited but
left out: every line kept is as cscap wrote it.
"""
import json
import re
import sys

RULE = "SV-235784r960804_rule"
VERSION = "DKER-EE-001240"
MANUAL = "DKER-EE-001000"


def between(text, start, end, must):
    """The first start...end span of text that contains must."""
    pos = 0
    while True:
        i = text.index(start, pos)
        j = text.index(end, i) + len(end)
        if must in text[i:j]:
            return text[i:j]
        pos = j


def testresult_excerpt(path, idref):
    """The TestResult's head (up to its first rule-result), the rule-result of idref, and the scores."""
    text = open(path).read()
    tr = text[text.index("<TestResult"):text.index("</TestResult>") + len("</TestResult>")]
    head = tr[:tr.index("<rule-result")]
    rr = between(tr, "<rule-result", "</rule-result>", 'idref="%s"' % idref)
    tail = tr[tr.index("<score"):]
    return head + "<!-- ... -->\n  " + rr + "\n  <!-- ... -->\n  " + tail + "\n"


def ckl_excerpt(path):
    text = open(path).read()
    head = text[:text.index("<VULN>")]
    vuln = between(text, "<VULN>", "</VULN>", "<ATTRIBUTE_DATA>%s</ATTRIBUTE_DATA>" % VERSION)
    return head + vuln + "\n    <!-- ... one VULN per rule ... -->\n  </iSTIG></STIGS>\n</CHECKLIST>\n"


def cklb_excerpt(path):
    d = json.load(open(path))
    stig = d["stigs"][0]
    keep = [r for r in stig["rules"] if r["rule_version"] in (VERSION, MANUAL)]
    for r in keep:
        for k in ("discussion", "check_content", "fix_text"):
            if len(r.get(k) or "") > 160:
                r[k] = r[k][:160] + " [...]"
    stig["rules"] = keep
    return json.dumps(d, indent=2) + "\n"


def main():
    src, out = sys.argv[1], sys.argv[2]
    xccdf_rule = "xccdf_cscap_rule_" + RULE
    with open(out + "/xccdf-results-testresult.xml", "w") as f:
        f.write(testresult_excerpt(src + "/xccdf.xml", xccdf_rule))
    with open(out + "/arf-testresult.xml", "w") as f:
        f.write(testresult_excerpt(src + "/arf.xml", xccdf_rule))
    with open(out + "/stig-viewer.xml", "w") as f:
        f.write(testresult_excerpt(src + "/stig-viewer.xml", RULE))
    with open(out + "/checklist.ckl", "w") as f:
        f.write(ckl_excerpt(src + "/checklist.ckl"))
    with open(out + "/checklist.cklb", "w") as f:
        f.write(cklb_excerpt(src + "/checklist.cklb"))
    # Long messages (every container's evidence) are shortened for reading.
    for name in ("xccdf-results-testresult.xml", "arf-testresult.xml", "stig-viewer.xml"):
        p = out + "/" + name
        text = open(p).read()
        text = re.sub(r"(<message[^>]*>)([^<]{300})[^<]*(</message>)", r"\1\2 [...]\3", text)
        open(p, "w").write(text)


if __name__ == "__main__":
    main()
