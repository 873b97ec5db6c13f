#!/usr/bin/env bash
# Whole-build benchmark of lumbung: generated portfolios of 1k, 10k and 33k innovation
# pages, each built RUNS times into a fresh output folder; prints the medians of wall
# time, CPU time (user+sys), peak RSS and the per-stage timings of `lumbung build
# --timings`, then the scaling ratio 33k/1k-per-page.
#
#   scripts/bench/run.sh [SIZES...]        default: 1k 10k 33k
#   RUNS=5 scripts/bench/run.sh 10k        runs per size (default 5)
#
# Environment: CARGO_TARGET_DIR, BENCH_WORK (default /work/perf-bench), BENCH_NO_BUILD=1,
# BENCH_KEEP=1 (keep outputs), BENCH_SETTLE (seconds to wait after deleting them,
# default 300: see cleanup_runs in lib.sh), LUMBUNG (a prebuilt binary). See BENCHMARKS.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SIZES=("${@:-1k}")
[ $# -gt 0 ] || SIZES=(1k 10k 33k)
RUNS="${RUNS:-5}"
build_tools
machine_note
echo "lumbung: $LUMBUNG ($(cd "$REPO" && git rev-parse --short HEAD))"
printf '\n| pages | runs | wall s (median, min–max) | CPU s (user+sys) | peak RSS MiB | stages (median wall s) |\n|---|---|---|---|---|---|\n'
for size in "${SIZES[@]}"; do
  site="$(portfolio "$size")"
  rows="$WORK/lumbung-$size.rows"; : >"$rows"
  stages="$WORK/lumbung-$size.stages"; : >"$stages"
  for ((r = 0; r < RUNS; r++)); do
    out="$(fresh_out "lumbung-$size")"
    m="$(measure "$WORK/lumbung-$size.log" "$LUMBUNG" build --root "$site" --out "$out" --timings)"
    echo "$m" >>"$rows"
    grep '^timings: config' "$WORK/lumbung-$size.log" >>"$stages" || true
  done
  pages="$(grep -o '[0-9]* halaman\|[0-9]* pages' "$WORK/lumbung-$size.log" | head -1 | cut -d' ' -f1)"
  wall="$(cut -d' ' -f1 "$rows" | median)"
  lo="$(cut -d' ' -f1 "$rows" | sort -g | head -1)"; hi="$(cut -d' ' -f1 "$rows" | sort -g | tail -1)"
  cpu="$(awk '{ print $2 + $3 }' "$rows" | median)"
  rss="$(awk '{ printf "%.0f\n", $4 / 1024 }' "$rows" | median)"
  # "timings: read 0.1s, parse 0.2s, …" → the median of each named stage
  summary="$(awk '{ sub(/^timings: /, ""); n = split($0, parts, ", "); for (i = 1; i <= n; i++) { split(parts[i], kv, " "); gsub(/s$/, "", kv[2]); print kv[1], kv[2] } }' "$stages" |
    awk '{ v[$1] = v[$1] " " $2; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
         END { for (i = 1; i <= k; i++) printf "%s %s\n", order[i], v[order[i]] }' |
    while read -r name values; do printf '%s %s, ' "$name" "$(tr ' ' '\n' <<<"$values" | grep . | median)"; done)"
  printf '| %s (%s) | %s | %s (%s–%s) | %s | %s | %s |\n' "$size" "$pages" "$RUNS" "$wall" "$lo" "$hi" "$cpu" "$rss" "${summary%, }"
done
cleanup_runs
echo; machine_note
