#!/usr/bin/env bash
# No-op builds: in a copy of the workspace, a second `cargo build` with nothing changed does not
# rerun zohocrm's build script ("Fresh zohocrm"), and touching spec/roles.json reruns it exactly
# once. Prints the relevant `cargo build -v` lines and `name: value` results; exits 1 when a
# check fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${BENCH_WORK:-$(mktemp -d)}"
dir="$work/noop"
rm -rf "$dir"
mkdir -p "$dir"
(cd "$root" && tar --exclude=./target --exclude=./fuzz --exclude=./.git -cf - .) | tar -xf - -C "$dir"
cd "$dir"
export CARGO_TARGET_DIR="$dir/target"

build() { cargo build -v -p zohocrm --lib 2>&1; }
# The build-script runs of zohocrm (not of its dependencies) in a `cargo build -v` log.
reruns() { grep -c 'Running `[^`]*/build/zohocrm-[0-9a-f]*/build-script-build`' || true; }

build > /dev/null
failed=0

second=$(build)
echo "--- second build, nothing changed:"
echo "$second" | grep -E 'zohocrm( |-codegen)|build-script-build' | grep -v -e 'Fresh [a-y]' || true
second_reruns=$(echo "$second" | reruns)
echo "noop_build_script_runs_unchanged: $second_reruns"
echo "$second" | grep -q 'Fresh zohocrm v' || failed=1
[ "$second_reruns" -eq 0 ] || failed=1

touch spec/roles.json
touched=$(build)
echo "--- after touch spec/roles.json:"
echo "$touched" | grep -E 'build-script-build|Compiling zohocrm|Fresh zohocrm' || true
touched_reruns=$(echo "$touched" | reruns)
echo "noop_build_script_runs_after_touch: $touched_reruns"
[ "$touched_reruns" -eq 1 ] || failed=1

third=$(build)
third_reruns=$(echo "$third" | reruns)
echo "noop_build_script_runs_after_that: $third_reruns"
[ "$third_reruns" -eq 0 ] || failed=1

echo "noop_build_checks_passed: $([ "$failed" -eq 0 ] && echo yes || echo no)"
exit "$failed"
