# Sourced by fetch-real-trees.sh and fetch-oracle-corpus.sh.
# export_tree MIRROR SHA DIR: vllm/ and tools/ of commit SHA into DIR, unless DIR/vllm is there;
# written to DIR.partial first, so an interrupted export leaves no half tree behind.
export_tree() {
  local mirror=$1 sha=$2 tree=$3
  [ -d "$tree/vllm" ] && return 0
  rm -rf "$tree.partial"
  mkdir -p "$tree.partial"
  # A mirror may lack large blobs outside vllm/ and tools/; git archive then prints
  # "invalid object ... for 'docs/...'" but still exports the paths asked for and exits 0
  # (pipefail would stop the calling script otherwise).
  git --git-dir="$mirror" archive "$sha" vllm tools | tar -x -C "$tree.partial"
  rm -rf "$tree"
  mv "$tree.partial" "$tree"
}
