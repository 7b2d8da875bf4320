#!/usr/bin/env bash
# Checks the shipped arcs with tools that are not ours, so our lint and our schema cannot drift apart unnoticed:
#   1. check-jsonschema (PyPI) checks arcs/arc.schema.json against the draft 2020-12 meta-schema, validates every
#      arc file against it, and must REJECT a deliberately broken arc (so a schema that accepts anything fails);
#      it checks arcs/vocabulary.json against arcs/vocabulary.schema.json the same way;
#   2. Graphviz `dot` (Debian package graphviz) renders every arc's `arcgen arcs graph` output.
# Tools are installed when missing: check-jsonschema into a virtualenv under .build-tools/, graphviz with apt-get.
#
# Usage: scripts/validate-arcs.sh
# Environment:
#   ARCGEN_DOT_DIR  folder of ready-made <arc>.dot files to render (the Swift test sets it); when unset the script
#                   builds arcgen with `swift build` and runs `arcgen arcs graph` itself.
#   ARCGEN_BIN      an arcgen executable to use instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
tools="$root/.build-tools"
mapfile -t arcs < <(find arcs -maxdepth 1 -name '*.json' ! -name vocabulary.json ! -name '*.schema.json' | sort)
[ "${#arcs[@]}" -gt 0 ] || { echo "validate-arcs: no arc files in arcs/" >&2; exit 1; }

# --- 1. JSON Schema -------------------------------------------------------------------------------------------
validator="$tools/venv/bin/check-jsonschema"
# Installs once even when several test processes run this script at the same time.
mkdir -p "$tools"
exec 9>"$tools/.check-jsonschema.lock"
flock 9
if [ ! -x "$validator" ]; then
    echo "validate-arcs: installing check-jsonschema into $tools/venv" >&2
    python3 -m venv "$tools/venv"
    "$tools/venv/bin/pip" install --quiet --disable-pip-version-check check-jsonschema
fi
flock -u 9
"$validator" --check-metaschema arcs/arc.schema.json
"$validator" --schemafile arcs/arc.schema.json "${arcs[@]}"
"$validator" --check-metaschema arcs/vocabulary.schema.json
"$validator" --schemafile arcs/vocabulary.schema.json arcs/vocabulary.json

broken="$(mktemp -d)"
trap 'rm -rf "$broken"' EXIT
# A copy of a shipped arc with one unknown key and one bad tag: the schema must refuse it.
python3 - "${arcs[0]}" "$broken/broken.json" <<'PY'
import json, sys
arc = json.load(open(sys.argv[1], encoding="utf-8"))
arc["states"][0]["tagg"] = "oops"
arc["states"][0]["tag"] = "not-a-tag"
json.dump(arc, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
if "$validator" --schemafile arcs/arc.schema.json "$broken/broken.json" >/dev/null 2>&1; then
    echo "validate-arcs: the schema ACCEPTED a broken arc ($broken/broken.json); it checks nothing" >&2
    exit 1
fi
echo "validate-arcs: schema OK: ${#arcs[@]} arcs valid, a broken arc rejected"

# --- 2. Graphviz ----------------------------------------------------------------------------------------------
if ! command -v dot >/dev/null 2>&1; then
    echo "validate-arcs: installing graphviz" >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null
    else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; fi
fi
dots="${ARCGEN_DOT_DIR:-}"
if [ -z "$dots" ]; then
    bin="${ARCGEN_BIN:-}"
    if [ -z "$bin" ]; then
        swift build --product arcgen >&2
        bin="$(swift build --show-bin-path)/arcgen"
    fi
    dots="$broken/dot"
    mkdir -p "$dots"
    for f in "${arcs[@]}"; do
        "$bin" arcs graph "$f" > "$dots/$(basename "$f" .json).dot"
    done
fi
count=0
for d in "$dots"/*.dot; do
    [ -e "$d" ] || continue
    dot -Tsvg "$d" -o /dev/null
    count=$((count + 1))
done
[ "$count" -ge "${#arcs[@]}" ] || { echo "validate-arcs: expected ${#arcs[@]} graphs, rendered $count" >&2; exit 1; }
echo "validate-arcs: graphviz OK: $count graphs rendered"
