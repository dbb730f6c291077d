# shellcheck shell=bash
# tests/lib/scap.sh — queries on cscap's result files (needs tests/lib/tap.sh for xp).
#   rule_result FILE [RULE]        the XCCDF result of RULE (default: DKER-EE-001240's rule)
#   item_count FILE ID             how many container_items have id ID
#   item_entity FILE ID ENTITY     the text of ENTITY in the first container_item with id ID
#   all_items FILE                 how many container_items there are
#   API_ITEMS                      XPath of the container_items the engine view saw
# Items are read from the first OVAL report only: an ARF repeats the evidence in
# each OVAL report (the checks, the CPE dictionary's inventory check).

RULE=${RULE:-xccdf_cscap_rule_SV-235784r960804_rule}
NS_XCCDF=http://checklists.nist.gov/xccdf/1.2
NS_ITEM='urn:cscap:xml:oval-system-characteristics-5#container'
ITEMS_SCOPE="(//*[local-name()='oval_results'])[1]"
API_ITEMS="$ITEMS_SCOPE//*[local-name()='container_item'][namespace-uri()='$NS_ITEM'][*[local-name()='source']='api']"

rule_result() {
	xp "$1" "string(//*[local-name()='rule-result'][namespace-uri()='$NS_XCCDF'][@idref='${2:-$RULE}']/*[local-name()='result'])"
}
# item_xpath ID: the container_item elements whose id entity is ID
item_xpath() {
	printf "%s//*[local-name()='container_item'][namespace-uri()='%s'][*[local-name()='id']='%s']" \
		"$ITEMS_SCOPE" "$NS_ITEM" "$1"
}
item_count() { xp "$1" "count($(item_xpath "$2"))"; }
item_entity() { xp "$1" "string(($(item_xpath "$2"))[1]/*[local-name()='$3'])"; }
all_items() {
	xp "$1" "count($ITEMS_SCOPE//*[local-name()='container_item'][namespace-uri()='$NS_ITEM'])"
}


# rules_over_processes DS: the ids of the rules whose OVAL reads running
# processes (process58, directly or through extend_definition).  A live
# process's items (CPU time above all) change between two scans, so tests
# that compare two scans byte for byte leave these rules out.
rules_over_processes() {
	python3 - "$1" <<'PYEOF'
import sys
import xml.etree.ElementTree as ET

DEF = "{http://oval.mitre.org/XMLSchema/oval-definitions-5}"
root = ET.parse(sys.argv[1]).getroot()
proc_tests = {e.get("id") for e in root.iter() if e.tag.endswith("}process58_test")}
refs = {}
for d in root.iter(DEF + "definition"):
    refs[d.get("id")] = ({c.get("test_ref") for c in d.iter(DEF + "criterion")},
                         {x.get("definition_ref") for x in d.iter(DEF + "extend_definition")})
reads = {i for i, (tests, _) in refs.items() if tests & proc_tests}
grown = True
while grown:
    more = {i for i, (_, ext) in refs.items() if ext & reads} - reads
    reads |= more
    grown = bool(more)
for rule in root.iter():
    if not rule.tag.endswith("}Rule"):
        continue
    names = {r.get("name") for r in rule.iter() if r.tag.endswith("}check-content-ref")}
    if names & reads:
        print(rule.get("id"))
PYEOF
}
