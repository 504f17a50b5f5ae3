#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The dossier contract (docs/dossier.md, schemas/dossier.xsd,
# schemas/dossier.schema.json) is one contract:
#   1. the JSON Schema and the doc's field reference are what the XSD says
#      (schemas/contract.py check: fields, types, enums, descriptions);
#   2. every path a bundled pack reads is a field of the contract, and the
#      check does catch a pack that reads one that is not;
#   3. the examples (examples/, and the doc's YAML example) are valid
#      against the XSD (xmllint) and, for YAML and JSON, the JSON Schema
#      (python3-jsonschema and python3-yaml; skipped with a note when
#      missing);
#   4. any scalar may be left blank as "" (or blanks, in a field that
#      takes no text): no contract error in any field.
set -eu
. "$(dirname "$0")/common.sh"
cd "$SA_SRCDIR"
SA=${STATIONAUDIT:-$SA_BUILDDIR/stationaudit}

command -v python3 >/dev/null 2>&1 || { echo "contract: no python3: skipped"; exit 77; }

# 1 and 2: the generated copies and the packs' paths.
if ! python3 schemas/contract.py check; then
  echo "contract: schemas/contract.py check failed"; bad=1
fi

# 2: a pack that reads a misspelt field is caught, at its rule.
if python3 -c 'import yaml' 2>/dev/null; then
  mkdir -p "$tmp/rules/typo"
  cat > "$tmp/rules/typo/pack.yaml" <<'EOF'
standard: {id: typo, title: 拼写, contract: [notes]}
rules:
  - id: TYPO-01
    title: 场地
    assert: "premisses/independent = 'true' and notes and staff[certificate/levle]"
    message: "{name} {region/cod}"
EOF
  if SA_CONTRACT_RULES="$tmp/rules" python3 schemas/contract.py check > "$tmp/out" 2>&1; then
    echo "contract: a pack reading premisses/independent passed the check"; bad=1
  fi
  for want in "TYPO-01 reads 'premisses'" "TYPO-01 reads 'premisses/independent'" \
              "TYPO-01 reads 'staff/certificate/levle'" "TYPO-01 reads 'region/cod'"; do
    grep -q "$want" "$tmp/out" || { echo "contract: the check did not say: $want"; cat "$tmp/out"; bad=1; }
  done
  if grep -q "reads 'notes'" "$tmp/out"; then
    echo "contract: a path the pack adds itself (contract: [notes]) was reported"; bad=1
  fi
fi

# 3: the examples against the XSD, record by record, through the tree the
# rules see (convert), and the doc's YAML example too.
awk '/^```yaml/{n++; next} /^```/{if (n == 1) exit} n == 1' docs/dossier.md > "$tmp/doc.yaml"
files=$(find examples -name '*.yaml' -o -name '*.xml' -o -name '*.json' | LC_ALL=C sort)
if command -v xmllint >/dev/null 2>&1; then
  for f in $files "$tmp/doc.yaml"; do
    "$SA" convert "$f" > "$tmp/conv" 2>"$tmp/err" || { echo "contract: convert $f failed"; cat "$tmp/err"; bad=1; continue; }
    rm -f "$tmp"/rec*.xml
    grep -v '^<!--' "$tmp/conv" | awk -v d="$tmp/rec" '/^<\?xml/{n++} {print > (d n ".xml")}'
    for r in "$tmp"/rec*.xml; do
      if ! xmllint --noout --schema schemas/dossier.xsd "$r" 2>"$tmp/err"; then
        echo "contract: $f does not match schemas/dossier.xsd:"; grep -v 'fails to validate' "$tmp/err"; bad=1
      fi
    done
  done
  # ... and the XSD is not a rubber stamp.
  printf 'station:\n  premisses: {independent: true}\n  level: town\n' > "$tmp/typo.yaml"
  "$SA" convert "$tmp/typo.yaml" | grep -v '^<!--' > "$tmp/typo.xml"
  if xmllint --noout --schema schemas/dossier.xsd "$tmp/typo.xml" 2>/dev/null; then
    echo "contract: the XSD accepts premisses and level: town"; bad=1
  fi
else
  echo "contract: note: no xmllint (libxml2-utils): examples not validated against the XSD"
fi

# 3: YAML and JSON examples against the JSON Schema.
SA_TMP=$tmp python3 - $files "$tmp/doc.yaml" <<'EOF' || bad=1
import json, os, sys
try:
    import jsonschema, yaml
except ImportError as e:
    print("contract: note: %s: examples not validated against the JSON Schema" % e)
    sys.exit(0)

class Loader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay text."""
Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}

with open("schemas/dossier.schema.json", encoding="utf-8") as fh:
    schema = json.load(fh)
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
check = cls(schema, format_checker=cls.FORMAT_CHECKER)
bad = 0
for f in sys.argv[1:]:
    if f.endswith(".xml"):
        continue
    with open(f, encoding="utf-8") as fh:
        docs = [d for d in yaml.load_all(fh, Loader=Loader) if d is not None]
    for d in docs:
        for e in sorted(check.iter_errors(d), key=lambda e: list(e.path)):
            print("contract: %s: /%s: %s" % (f, "/".join(map(str, e.path)), e.message[:200]))
            bad = 1
# The JSON Schema is not a rubber stamp either.
typo = {"station": {"premisses": {}, "level": "town", "established": "2021-13-01"}}
if len(list(check.iter_errors(typo))) < 3:
    print("contract: the JSON Schema accepts premisses, level: town or 2021-13-01")
    bad = 1
sys.exit(bad)
EOF

# 4: a field left blank, ~ or "" (or "  " where the field takes no text),
# is not a contract error in any field: a station with every scalar blank
# is valid against the JSON Schema and gets no SA-SCHEMA finding from
# check, in JSON and in YAML.
SA_TMP=$tmp python3 - <<'EOF' || bad=1
import json, os, sys
with open("schemas/dossier.schema.json", encoding="utf-8") as fh:
    schema = json.load(fh)
defs = schema["$defs"]

# Every scalar "" (blank.json), or, where the field takes no text (the
# schema's anyOf), a string of blanks (blanks.yaml).
def blank(s, fill):
    if "$ref" in s:
        d = defs[s["$ref"].rsplit("/", 1)[1]]
        return {k: blank(v, fill) for k, v in d["properties"].items()}
    if s.get("type") == "array":
        return [blank(s["items"], fill)]
    return fill if "anyOf" in s else ""

docs = []
for name, fill in (("blank.json", ""), ("blanks.yaml", " \t ")):
    doc = {"station": blank({"$ref": "#/$defs/station"}, fill)}
    docs.append(doc)
    with open(os.path.join(os.environ["SA_TMP"], name), "w",
              encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)  # YAML too
try:
    import jsonschema
except ImportError as e:
    print("contract: note: %s: blanks not validated against the JSON Schema" % e)
    sys.exit(0)
cls = jsonschema.validators.validator_for(schema)
check = cls(schema, format_checker=cls.FORMAT_CHECKER)
bad = 0
for doc in docs:
    for e in check.iter_errors(doc):
        print('contract: the JSON Schema refuses a blank at /%s: %s'
              % ("/".join(map(str, e.path)), e.message[:200]))
        bad = 1
sys.exit(bad)
EOF
for f in blank.json blanks.yaml; do
  [ -f "$tmp/$f" ] || continue
  "$SA" check -q -s base --audit-date 2026-06-30 -f json:"$tmp/$f.report" "$tmp/$f" >/dev/null 2>"$tmp/err" || :
  if ! [ -s "$tmp/$f.report" ]; then
    echo "contract: check of a station with every field blank ($f) wrote no report:"; cat "$tmp/err"; bad=1
  elif ! python3 - "$tmp/$f.report" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
bad = [f for rec in r["records"] for f in rec["findings"]
       if f["rule"] == "SA-SCHEMA" and f["status"] != "pass"]
for f in bad:
    print("contract: a field left blank is a contract error: %s" % f.get("message"))
sys.exit(1 if bad else 0)
EOF
  then
    echo "contract: ($f)"; bad=1
  fi
done

[ $bad -eq 0 ] && echo "contract: ok"
exit $bad
