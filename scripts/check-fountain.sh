#!/usr/bin/env bash
# Checks Fountain files with a reader that is not ours: screenplain (PyPI) converts each file to Final Draft XML,
# and the paragraphs it found must be the ones we meant to write.
#
# For FILE.fountain, an optional sidecar FILE.expected.json lists what screenplain must find, in order:
#   {"headings": [...], "characters": [...], "dialogue": [...], "parentheticals": [...], "transitions": [...],
#    "actions": [...]}
# Every key is optional; each list present must equal the FDX paragraphs of that type ("Scene Heading",
# "Character", "Dialogue", "Parenthetical", "Transition", "Action"), whitespace collapsed, and compared without
# regard to case for headings, characters and transitions (screenplain upper-cases forced ones). A file without a
# sidecar must convert and contain at least one scene heading.
# screenplain is installed into a virtualenv under .build-tools/ when missing (as scripts/validate-arcs.sh does).
#
# Usage: scripts/check-fountain.sh FILE.fountain...
set -euo pipefail
[ "$#" -gt 0 ] || { echo "usage: scripts/check-fountain.sh FILE.fountain..." >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.build-tools"
venv="$tools/screenplain"
screenplain="$venv/bin/screenplain"
# Several test processes may run this at once on a fresh machine: one installs, the others wait for it.
mkdir -p "$tools"
exec 9>"$tools/.screenplain.lock"
flock 9
if [ ! -x "$screenplain" ]; then
    echo "check-fountain: installing screenplain into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check screenplain
fi
flock -u 9

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
count=0
for file in "$@"; do
    [ -f "$file" ] || { echo "check-fountain: no such file: $file" >&2; exit 1; }
    fdx="$work/$count.fdx"
    "$screenplain" --format fdx "$file" "$fdx"
    python3 - "$file" "$fdx" "${file%.fountain}.expected.json" <<'PY'
import json, os, re, sys
from collections import Counter
import xml.etree.ElementTree as ET

source, fdx, sidecar = sys.argv[1:4]
def norm(text):
    return re.sub(r"\s+", " ", text).strip()

found = {}
for para in ET.parse(fdx).getroot().iter("Paragraph"):
    kind = para.get("Type")
    if kind is None:
        continue  # the wrapper around dual dialogue
    found.setdefault(kind, []).append(norm("".join(t.text or "" for t in para.iter("Text"))))

types = {"headings": "Scene Heading", "characters": "Character", "dialogue": "Dialogue",
         "parentheticals": "Parenthetical", "transitions": "Transition", "actions": "Action"}
caseless = {"headings", "characters", "transitions"}
problems = []
if os.path.exists(sidecar):
    expected = json.load(open(sidecar, encoding="utf-8"))
    unknown = set(expected) - set(types)
    if unknown:
        problems.append(f"unknown keys in {sidecar}: {sorted(unknown)}; known: {sorted(types)}")
    for key, kind in types.items():
        if key not in expected:
            continue
        want = [norm(s) for s in expected[key]]
        got = found.get(kind, [])
        if key in caseless:
            want, got = [s.upper() for s in want], [s.upper() for s in got]
        if want != got:
            missing = list((Counter(want) - Counter(got)).elements())
            extra = list((Counter(got) - Counter(want)).elements())
            problems.append(f"{kind}: expected {len(want)} paragraphs, screenplain found {len(got)}; "
                            f"missing {missing[:5]}, unexpected {extra[:5]}" if missing or extra else
                            f"{kind}: same paragraphs in a different order")
    checked = ", ".join(f"{len(expected[k])} {k}" for k in types if k in expected)
elif not found.get("Scene Heading"):
    problems.append("screenplain found no scene heading")
    checked = "conversion only"
else:
    checked = f"conversion only ({len(found['Scene Heading'])} headings)"
if problems:
    for p in problems:
        print(f"check-fountain: {source}: {p}", file=sys.stderr)
    sys.exit(1)
print(f"check-fountain: {source}: {checked}")
PY
    count=$((count + 1))
done
echo "fountain OK: $count files"
