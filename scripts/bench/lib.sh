# Shared by scripts/bench/run.sh and scripts/peers/run.sh: portfolio sizes, building
# the tools, timing one command, medians. Source it; it sets REPO, WORK, LUMBUNG, GEN.
#
# WORK (default /work/perf-bench, override with BENCH_WORK) holds the generated
# portfolios and every output folder. Outputs are always fresh folders that did not exist
# before, on the same filesystem as the portfolios, and are deleted only after all runs:
# on ext4, creating files right after a large delete is very slow, which would measure
# the kernel, not the generator.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${BENCH_WORK:-/work/perf-bench}"
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
LUMBUNG="${LUMBUNG:-$TARGET/release/lumbung}"
GEN="$TARGET/release/examples/gen_portfolio"
mkdir -p "$WORK"

# Builds lumbung and the example tools in release mode (skipped with BENCH_NO_BUILD=1).
build_tools() {
  if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
    (cd "$REPO" && cargo build --release --quiet --bin lumbung --example gen_portfolio --example peer_site)
  fi
}

# Regions for a size name: 60 innovations per region, as in a national portfolio.
regions_for() {
  case "$1" in
    1k) echo 17 ;;    # 1,020 innovations
    10k) echo 167 ;;  # 10,020
    33k) echo 550 ;;  # 33,000
    *) echo "unknown size $1 (1k, 10k, 33k)" >&2; return 2 ;;
  esac
}

# Generates the portfolio of a size once (seed 1); prints its folder.
portfolio() {
  local dir="$WORK/p$1"
  if [ ! -f "$dir/site.yaml" ]; then
    "$GEN" --regions "$(regions_for "$1")" --innovations 60 --seed 1 --out "$dir" >&2
  fi
  echo "$dir"
}

# A fresh output path under WORK/runs that does not exist yet.
fresh_out() {
  mkdir -p "$WORK/runs"
  local n=0
  while [ -e "$WORK/runs/$1-$n" ]; do n=$((n + 1)); done
  echo "$WORK/runs/$1-$n"
}

# measure LOG CMD...: runs CMD under /usr/bin/time -v (stderr of CMD into LOG) and
# prints "wall user sys maxrss_kib". Fails if CMD fails.
measure() {
  local log="$1"; shift
  /usr/bin/time -v "$@" >"$log.out" 2>"$log" || { echo "failed: $* (see $log)" >&2; return 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
    END { printf "%.2f %.2f %.2f %d\n", w, u, s, m }' "$log"
}

# median of the numbers on stdin
median() {
  sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# Deletes the run outputs (after all measurements), writes the deletion out, then
# waits. ext4 skips free inodes deleted less than 60 s ago, or 300 s ago while their
# inode-table block is still dirty (`recently_deleted` in fs/ext4/ialloc.c), looking
# each candidate up in the buffer cache: a build started inside that window spends
# seconds of kernel time allocating inodes. Measured with a 65 s wait after `sync`:
# three 33k builds took 10.2, 7.7 and 5.0 s of sys (19.8, 17.8 and 13.2 s wall), the
# last one five minutes after the deletion; so the default wait is five minutes.
cleanup_runs() {
  if [ "${BENCH_KEEP:-0}" != 1 ]; then
    rm -rf "$WORK/runs"
    sync
    sleep "${BENCH_SETTLE:-300}"
  fi
}

machine_note() {
  echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}
