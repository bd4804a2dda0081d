#!/usr/bin/env bash
# Runs every benchmark and rewrites the figures of BENCHMARKS.md:
#   benches/run_all.sh
# Takes about 10 minutes on 2 cores (most of it building the crate copies of build_cost.sh).
# The full output of each step is kept in $BENCH_WORK (a temporary folder unless set).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export BENCH_WORK="${BENCH_WORK:-$(mktemp -d)}"
work="$BENCH_WORK"
mkdir -p "$work"
figures="$work/figures.txt"
: > "$figures"
echo "writing logs to $work"

{
    echo "run_date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "rustc: $(rustc --version)"
    echo "cpu_model: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
    echo "cpus: $(nproc)"
    echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
    echo "load_before: $(cut -d' ' -f1-3 /proc/loadavg)"
    busy=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 > 10 {printf "%s%s (%s%%)", sep, $2, $1; sep = ", "}')
    echo "busy_processes: ${busy:-none}"
} >> "$figures"

step() { # name command...
    local name=$1
    shift
    echo "== $name"
    "$@" > "$work/$name.log" 2>&1 || { echo "$name failed; see $work/$name.log" >&2; exit 1; }
    grep -E '^[a-z0-9_]+: ' "$work/$name.log" >> "$figures" || true
}

step size benches/size.sh
step generator cargo bench -p zohocrm-codegen --bench generator
step runtime cargo bench --bench runtime
step memory cargo bench --bench memory
step mock cargo bench -p zohocrm-mock --bench throughput
step noop_build benches/noop_build.sh
step build_cost benches/build_cost.sh

echo "load_after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$figures"
python3 benches/report.py "$figures" target/criterion BENCHMARKS.md
echo "BENCHMARKS.md updated"
