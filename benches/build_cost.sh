#!/usr/bin/env bash
# Build cost of the bindings: `cargo check` and `cargo build` (debug) of the zohocrm library with
# the real spec, synthetic specs of 100 and 500 endpoints, and the real spec with one family
# (`--no-default-features --features roles`), each against the same crate with an empty spec
# (api.json alone), so the difference is what the bindings add.
#
# Each variant is a copy of the workspace in its own folder with its own CARGO_TARGET_DIR (kept
# between runs of this script). The
# dependencies are built once first; before each timed run `cargo clean -p zohocrm` removes the
# zohocrm package alone, so the run compiles and runs its build script (the generator) and
# compiles the library, as a user's first build of the crate does. Incremental compilation is
# off, as for a dependency. Prints the median of RUNS (default 3) runs as `name: seconds` lines;
# compiler output goes to $work/cargo.log.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${BENCH_WORK:-$(mktemp -d)}"
runs="${RUNS:-3}"
mkdir -p "$work"
export CARGO_INCREMENTAL=0
log="$work/cargo.log"

cd "$root"
cargo build -q --release -p zohocrm-codegen --example synthetic_spec
synthetic="$root/target/release/examples/synthetic_spec"

# A copy of the workspace sources (no targets, no fuzzing) with `spec/` replaced by $2.
copy() { # name spec_source
    local dir="$work/$1"
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$root" && tar --exclude=./target --exclude=./fuzz --exclude=./.git -cf - .) | tar -xf - -C "$dir"
    rm -rf "$dir/spec"
    mkdir -p "$dir/spec"
    cp "$2"/*.json "$dir/spec/"
    echo "$dir"
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# Seconds of `cargo $2` in workspace $1 with features $3, after cleaning the zohocrm package.
timed() { # dir command features target
    local dir=$1 command=$2 features=$3 target=$4
    (cd "$dir" && CARGO_TARGET_DIR="$target" cargo clean -q -p zohocrm) >> "$log" 2>&1
    local start end
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    (cd "$dir" && CARGO_TARGET_DIR="$target" cargo "$command" -p zohocrm --lib $features) >> "$log" 2>&1
    end=$(date +%s.%N)
    awk "BEGIN {printf \"%.2f\", $end - $start}"
}

measure() { # name dir features
    local name=$1 dir=$2 features=$3
    local target="$work/target-$(basename "$dir")"
    # shellcheck disable=SC2086
    (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build -p zohocrm --lib $features \
        && CARGO_TARGET_DIR="$target" cargo check -p zohocrm --lib $features) >> "$log" 2>&1
    for command in check build; do
        local times=()
        for _ in $(seq "$runs"); do
            times+=("$(timed "$dir" "$command" "$features" "$target")")
        done
        echo "build_cost_${name}_${command}_seconds: $(printf '%s\n' "${times[@]}" | median)"
        echo "build_cost_${name}_${command}_runs: ${times[*]}"
    done
}

"$synthetic" 0 "$work/spec-empty"
"$synthetic" 100 "$work/spec-100"
"$synthetic" 500 "$work/spec-500"

measure empty "$(copy empty "$work/spec-empty")" ""
measure real "$(copy real "$root/spec")" ""
measure real_roles_only "$work/real" "--no-default-features --features roles"
measure synthetic_100 "$(copy synthetic-100 "$work/spec-100")" ""
measure synthetic_500 "$(copy synthetic-500 "$work/spec-500")" ""
