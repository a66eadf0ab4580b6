#!/usr/bin/env bash
# Times pre-commit's first install of the hook (what a user waits for on the first commit after
# adding it): a throwaway git copy of the working tree SRC (default: this checkout) tagged v0.1.0,
# the demo tree as the vLLM repository, a fresh PRE_COMMIT_HOME, then `pre-commit install-hooks`.
# npm uses its cache first (prefer-offline), as on a machine that has installed packages before.
#
#   scripts/bench-hook-install.sh [SRC] [ROUNDS]
set -euo pipefail
SRC=$(cd "${1:-$(dirname "$0")/..}" && pwd)
ROUNDS=${2:-1}
command -v pre-commit >/dev/null || { echo "pre-commit is not installed" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vad-bench-hook-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export GIT_CONFIG_GLOBAL=$WORK/gitconfig GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
export npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false
export npm_config_update_notifier=false
touch "$WORK/gitconfig"

mkdir "$WORK/hook"
(cd "$SRC" && git ls-files --cached --others --exclude-standard -z) |
  (cd "$SRC" && xargs -0 sh -c 'for f; do [ -e "$f" ] && cp --parents -P "$f" "$0"; done' "$WORK/hook")
(cd "$WORK/hook" && git init -q -b main && git add -A && git commit -q --no-verify -m copy && git tag v0.1.0)
cp -r "$SRC/examples/demo-vllm" "$WORK/vllm"
printf 'repos:\n  - repo: %s\n    rev: v0.1.0\n    hooks:\n      - id: attention-backend-docs\n' \
  "$WORK/hook" >"$WORK/vllm/.pre-commit-config.yaml"
(cd "$WORK/vllm" && git init -q -b main && git add -A && git commit -q --no-verify -m demo)

cd "$WORK/vllm"
for round in $(seq "$ROUNDS"); do
  export PRE_COMMIT_HOME=$WORK/home-$round
  start=$(date +%s.%N)
  times_before=$(cat /proc/$$/stat | awk '{print $16 + $17}') # children's user+sys ticks
  pre-commit install-hooks >"$WORK/log" 2>&1 || { cat "$WORK/log" "$PRE_COMMIT_HOME/pre-commit.log" >&2; exit 1; }
  end=$(date +%s.%N)
  times_after=$(cat /proc/$$/stat | awk '{print $16 + $17}')
  cpu=$(echo "($times_after - $times_before) / $(getconf CLK_TCK)" | bc -l)
  printf 'round %d: %.1f s wall, %.1f s CPU (user+sys)\n' "$round" "$(echo "$end - $start" | bc -l)" "$cpu"
done
pre-commit run --all-files | tail -1
