#!/usr/bin/env bash
# The oracle corpus: every vLLM commit since the attention-doc generator
# appeared (77c4f45c6, 2026-01-28) on the first-parent history of REV that
# touched the generator script or any file some version of it reads, each
# exported and documented by that commit's own script.
#
# Usage: scripts/fetch-oracle-corpus.sh [--to REV] [--trace-reads] MIRROR_GIT_DIR TREES_DEST ORACLE_DEST
#   MIRROR_GIT_DIR  a (bare) git directory holding vLLM's history
#   TREES_DEST      receives TREES_DEST/<sha9>/{vllm,tools} (git archive; kept if present)
#   ORACLE_DEST     receives, per commit, <sha9>.md (the document; absent when the
#                   script crashed), <sha9>.stderr (the tree's path shown as <ROOT>),
#                   <sha9>.exit, and commits.tsv (sha9, sha, committer date, subject,
#                   script blob, generator version 1-15; `?` for an unknown blob)
#   --to REV        the newest commit (default HEAD of the mirror)
#   --trace-reads   also runs each script under a tracer that records every path it
#                   checks or reads (<sha9>.reads), then fails if one of them lies
#                   outside INPUTS below: the check that the commit list is complete.
# Neither destination may lie inside this repository.
#
# Each script runs as the pre-commit hook runs it (`python tools/pre_commit/
# generate_attention_backend_docs.py`, from the tree's root), with `-o FILE`
# instead of `--check` so that the document goes outside the tree. It writes
# nothing else (no bytecode: PYTHONDONTWRITEBYTECODE=1; PYTHONUTF8=1 pins the
# encoding of read_text/write_text); the run fails if any file in the tree changed.
set -euo pipefail
# shellcheck source=export-tree.sh
source "$(dirname "$0")/export-tree.sh"

usage() {
  echo "usage: $0 [--to REV] [--trace-reads] MIRROR_GIT_DIR TREES_DEST ORACLE_DEST" >&2
  exit 64
}

to=HEAD
trace=0
positional=()
while [ $# -gt 0 ]; do
  case $1 in
    --to) [ $# -ge 2 ] || usage; to=$2; shift 2 ;;
    --trace-reads) trace=1; shift ;;
    -*) usage ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ ${#positional[@]} -eq 3 ] || usage
mirror=${positional[0]}
# Resolved before anything is created, so that a refused destination is not made.
trees=$(realpath -m "${positional[1]}")
oracle=$(realpath -m "${positional[2]}")
repo=$(cd "$(dirname "$0")/.." && pwd -P)
for dest in "$trees" "$oracle"; do
  case "$dest/" in
    "$repo"/*) echo "$0: $dest is inside the repository $repo" >&2; exit 64 ;;
  esac
done
mkdir -p "$trees" "$oracle"

first=77c4f45c6c949c4e56f838c43b6907f6473ea65f # the script's first commit, 2026-01-28
script=tools/pre_commit/generate_attention_backend_docs.py
# What some version of the script reads (found with --trace-reads over the
# commits touching vllm/v1/attention, vllm/attention, vllm/platforms/cuda.py,
# vllm/utils/flashinfer.py, vllm/vllm_flash_attn, vllm/model_executor/layers/attention).
# The whole backends directory: the hook's own relevance patterns cover it.
inputs=(
  vllm/v1/attention/backends
  vllm/v1/attention/backend.py
  vllm/model_executor/layers/attention/mla_attention.py
  vllm/platforms/cuda.py
  vllm/utils/flashinfer.py
  vllm/vllm_flash_attn/flash_attn_interface.py
)

# Generator versions by the git blob of the script (the numbering of issue 11;
# version 8 came back unchanged with the revert 6d85b36a9).
declare -A version_of=(
  [3cca4959da7997c9289ec593625c3f8912abafe7]=1
  [eb68deb1bc8d631c86584b39082f3d8e9b97bf81]=2
  [3aca49f945998867740434dea4d4fd0719d7e3a8]=3
  [628656f0df1a7f5cc1fdd5dc28a1d782b7920635]=4
  [3ec2248a82a464ebd7b93e279cfd5037c04cfcb8]=5
  [2df46db817804fadf8e9a6f143a60f1272570e47]=6
  [078404f21f7798c7341c9a45725ffe68799aba9d]=7
  [bbbf4f4b64f25b2c5ffa463ab202b0fb65e2ff8a]=8
  [9e14f8739dcfe3eaeb48304f78205c87ea93396d]=9
  [1b7ef27949b885105910244523b19ae368f82678]=10
  [d131c9cc01fbd9fba9e04dbf477336610f5092fe]=11
  [73ef8b9158219872d12c7f9f6bf8a525289ad1ae]=12
  [c0503fd69712ead5b838635c64f42c03f3597df2]=13
  [abbbdce09b491ca16e672ab8cd41c1b8bb221625]=14
  [1a93068537b461baec862c0e693bf0445d285146]=15
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Records every path the script asks about (Path.exists) or reads (Path.read_text),
# relative to the tree, then runs the script as __main__ from the tree's root.
cat >"$work/trace.py" <<'PY'
import os, pathlib, runpy, sys
script, log = sys.argv[1], sys.argv[2]
seen = set()
def note(path):
    seen.add(os.path.relpath(os.path.abspath(path)))
real_exists, real_read_text = pathlib.Path.exists, pathlib.Path.read_text
def exists(self, *args, **kwargs):
    note(self)
    return real_exists(self, *args, **kwargs)
def read_text(self, *args, **kwargs):
    note(self)
    return real_read_text(self, *args, **kwargs)
pathlib.Path.exists, pathlib.Path.read_text = exists, read_text
sys.argv = [script] + sys.argv[3:]
try:
    runpy.run_path(script, run_name="__main__")
finally:
    with open(log, "w") as out:
        out.write("".join(p + "\n" for p in sorted(seen) if not p.startswith("..")))
PY

mapfile -t commits < <(git --git-dir="$mirror" rev-list --first-parent --reverse "$first^..$to" -- "$script" "${inputs[@]}")
echo "${#commits[@]} commits from ${first:0:9} to $(git --git-dir="$mirror" rev-parse --short=9 "$to")"

tsv="$oracle/commits.tsv"
printf 'sha9\tsha\tdate\tsubject\tscript_blob\tversion\n' >"$tsv.partial"
for sha in "${commits[@]}"; do
  sha9=${sha:0:9}
  tree="$trees/$sha9"
  export_tree "$mirror" "$sha" "$tree"
  blob=$(git --git-dir="$mirror" rev-parse "$sha:$script")
  version=${version_of[$blob]:-?}
  date=$(git --git-dir="$mirror" show -s --format=%cI "$sha")
  subject=$(git --git-dir="$mirror" show -s --format=%s "$sha" | tr '\t' ' ')
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$sha9" "$sha" "$date" "$subject" "$blob" "$version" >>"$tsv.partial"

  rm -f "$oracle/$sha9.md"
  touch "$work/before"
  set +e
  (cd "$tree" && PYTHONUTF8=1 PYTHONDONTWRITEBYTECODE=1 python3 "$script" -o "$oracle/$sha9.md") \
    >/dev/null 2>"$work/stderr"
  code=$?
  set -e
  sed "s#$tree#<ROOT>#g" "$work/stderr" >"$oracle/$sha9.stderr"
  echo "$code" >"$oracle/$sha9.exit"
  if [ "$trace" = 1 ]; then
    (cd "$tree" && PYTHONUTF8=1 PYTHONDONTWRITEBYTECODE=1 python3 "$work/trace.py" "$script" \
      "$oracle/$sha9.reads" -o "$work/traced.md") >/dev/null 2>&1 || true
  fi
  changed=$(find "$tree" -newer "$work/before" -print -quit)
  if [ -n "$changed" ]; then
    echo "$0: the script of $sha9 wrote into its tree: $changed" >&2
    exit 1
  fi
  echo "$sha9 v$version exit $code"
done
mv "$tsv.partial" "$tsv"

if [ "$trace" = 1 ]; then
  # Every path some script checked or read must lie under INPUTS (or be the script).
  uncovered=0
  while IFS= read -r path; do
    covered=0
    for input in "$script" "${inputs[@]}"; do
      case $path in "$input" | "$input"/*) covered=1 ;; esac
    done
    if [ "$covered" = 0 ] && [ "${path#docs/}" = "$path" ]; then
      echo "read but not among the inputs: $path"
      uncovered=1
    fi
  done < <(for sha in "${commits[@]}"; do cat "$oracle/${sha:0:9}.reads"; done | sort -u)
  [ "$uncovered" = 0 ] || exit 1
  echo "every path read lies among the inputs"
fi
