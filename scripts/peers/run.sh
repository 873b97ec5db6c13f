#!/usr/bin/env bash
# Builds the same generated portfolio with lumbung, Hugo and (if built) Zola, RUNS
# times each, interleaved, each into a fresh output folder; prints the medians and
# lumbung's wall time as a ratio to each peer, all measured in the same run.
#
#   scripts/peers/run.sh [SIZES...]          default: 1k 10k
#   RUNS=3 ZOLA=/tmp/zola-target/release/zola scripts/peers/run.sh 1k 10k 33k
#
# The portfolio is converted by `examples/peer_site.rs` (lumbung's own loader reads it)
# into each peer's layout: one section per region listing its innovations, one page per
# innovation with its Markdown body and a table of its indicator answers (name, option,
# evidence links), two taxonomies (urusan = affairs, label = tags, 60 per listing page)
# and a sitemap. Templates and configuration: scripts/peers/{hugo,zola}/.
# Hugo: the distribution's package (Debian bookworm: 0.111). Zola: built from source,
# see BENCHMARKS.md; set ZOLA to its binary. Neither is committed to this repository.
set -euo pipefail
source "$(dirname "$0")/../bench/lib.sh"
PEERS="$REPO/scripts/peers"
SIZES=("$@")
[ $# -gt 0 ] || SIZES=(1k 10k)
RUNS="${RUNS:-3}"
HUGO="${HUGO:-$(command -v hugo || true)}"
ZOLA="${ZOLA:-/tmp/zola-target/release/zola}"
[ -x "$ZOLA" ] || ZOLA=""
[ -n "$HUGO" ] || echo "hugo not found (apt-get install hugo): skipped" >&2
[ -n "$ZOLA" ] || echo "zola not found (set ZOLA): skipped" >&2
build_tools
CONVERT="$TARGET/release/examples/peer_site"
machine_note
echo "lumbung $(cd "$REPO" && git rev-parse --short HEAD); ${HUGO:+$("$HUGO" version | cut -d' ' -f1-2)}; ${ZOLA:+$("$ZOLA" --version)}"

# peer_tree PEER SIZE: the converted site of a peer (made once).
peer_tree() {
  local dir="$WORK/$1-$2"
  if [ ! -d "$dir/content" ]; then
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    "$CONVERT" --from "$(portfolio "$2")" "--$1" "$dir.tmp"
    cp -r "$PEERS/$1/." "$dir.tmp/"
    mkdir -p "$dir.tmp/static" && cp "$PEERS/style.css" "$dir.tmp/static/"
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

# run_tool TOOL SIZE: one timed build into a fresh folder; appends to WORK/TOOL-SIZE.rows
run_tool() {
  local out log="$WORK/$1-$2.log"
  out="$(fresh_out "$1-$2")"
  case "$1" in
    lumbung) measure "$log" "$LUMBUNG" build --root "$(portfolio "$2")" --out "$out" ;;
    hugo) measure "$log" "$HUGO" --source "$(peer_tree hugo "$2")" --destination "$out" --quiet ;;
    zola) measure "$log" "$ZOLA" --root "$(peer_tree zola "$2")" build --output-dir "$out" ;;
  esac >>"$WORK/$1-$2.rows"
  find "$out" -name '*.html' | wc -l >"$WORK/$1-$2.pages"
}

TOOLS=(lumbung ${HUGO:+hugo} ${ZOLA:+zola})
printf '\n| pages | tool | wall s (median) | CPU s (user+sys) | peak RSS MiB | HTML files | lumbung wall ÷ tool wall |\n|---|---|---|---|---|---|---|\n'
for size in "${SIZES[@]}"; do
  for tool in "${TOOLS[@]}"; do
    : >"$WORK/$tool-$size.rows"
    [ "$tool" = lumbung ] || peer_tree "$tool" "$size" >/dev/null
  done
  for ((r = 0; r < RUNS; r++)); do
    for tool in "${TOOLS[@]}"; do run_tool "$tool" "$size"; done
  done
  ours="$(cut -d' ' -f1 "$WORK/lumbung-$size.rows" | median)"
  for tool in "${TOOLS[@]}"; do
    rows="$WORK/$tool-$size.rows"
    wall="$(cut -d' ' -f1 "$rows" | median)"
    cpu="$(awk '{ print $2 + $3 }' "$rows" | median)"
    rss="$(awk '{ printf "%.0f\n", $4 / 1024 }' "$rows" | median)"
    ratio="$(awk -v a="$ours" -v b="$wall" 'BEGIN { printf "%.2f", a / b }')"
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$size" "$tool" "$wall" "$cpu" "$rss" "$(cat "$WORK/$tool-$size.pages")" "$ratio"
  done
done
cleanup_runs
echo; machine_note
