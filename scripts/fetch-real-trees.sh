#!/usr/bin/env bash
# Export the inputs of the attention-doc generator (the `vllm/` and `tools/`
# directories) at a fixed list of vLLM commits, for conformance runs against
# real trees. The commits are spread from 2026-01-28 to the newest mirror
# snapshot and were picked from
#   git log --format='%h %cd' --date=short -- vllm/v1/attention vllm/platforms/cuda.py
# so that the generator's inputs differ between them.
#
# Usage: scripts/fetch-real-trees.sh MIRROR_GIT_DIR DEST_DIR [REFERENCE_SCRIPT]
#   MIRROR_GIT_DIR    a (bare) git directory holding vLLM history
#   DEST_DIR          receives DEST/<sha>/{vllm,tools}; never point it inside the repo
#   REFERENCE_SCRIPT  optional: the reference generate_attention_backend_docs.py;
#                     when given, it is run on each tree (in a temporary copy) and
#                     DEST/<sha>.ref.md, .ref.stderr, .ref.exit are written.
set -euo pipefail
# shellcheck source=export-tree.sh
source "$(dirname "$0")/export-tree.sh"

if [ $# -lt 2 ]; then
  echo "usage: $0 MIRROR_GIT_DIR DEST_DIR [REFERENCE_SCRIPT]" >&2
  exit 64
fi
mirror=$1
dest=$2
reference=${3:-}

commits=(
  ae13773a0 # 2026-08-22 (newest in the mirror)
  15ace0f15 # 2026-06-22 (2026-07 and 2026-08 commits give the same document as the newest)
  0b56815a2 # 2026-05-29
  4d67d3bde # 2026-05-15
  4f7bde572 # 2026-05-01
  3beb57a23 # 2026-04-15
  5e30e9b9a # 2026-04-01
  ef2c4f778 # 2026-03-19
  379689d53 # 2026-03-07
  a2ba6a524 # 2026-02-23
  5d1aef300 # 2026-02-02
  2eb673a08 # 2026-01-28
)

mkdir -p "$dest"
for short in "${commits[@]}"; do
  sha=$(git --git-dir="$mirror" rev-parse --short=9 "$short^{commit}")
  tree="$dest/$sha"
  export_tree "$mirror" "$sha" "$tree"
  echo "exported $sha -> $tree"

  if [ -n "$reference" ]; then
    work=$(mktemp -d)
    # The reference finds the tree from its own location: copy the inputs it
    # reads next to a copy of the script, never run it inside the exported tree.
    cp -r "$tree/vllm" "$work/vllm"
    mkdir -p "$work/tools/pre_commit"
    cp "$reference" "$work/tools/pre_commit/generate_attention_backend_docs.py"
    set +e
    PYTHONUTF8=1 PYTHONDONTWRITEBYTECODE=1 python3 \
      "$work/tools/pre_commit/generate_attention_backend_docs.py" \
      -o "$dest/$sha.ref.md" >/dev/null 2>"$dest/$sha.ref.stderr.raw"
    code=$?
    set -e
    sed "s#$work#<ROOT>#g" "$dest/$sha.ref.stderr.raw" >"$dest/$sha.ref.stderr"
    rm -f "$dest/$sha.ref.stderr.raw"
    echo "$code" >"$dest/$sha.ref.exit"
    rm -rf "$work"
    echo "  reference exit $code"
  fi
done
