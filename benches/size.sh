#!/usr/bin/env bash
# Generated size: lines of generated Rust per endpoint, for the real spec and synthetic specs of
# 10, 100 and 1,000 endpoints. Counts the bindings only (every generated file but the test files
# sample_tests.rs and endpoint_tests.rs), without blank lines and the first-line header; doc
# comments (`///`) are counted separately. Prints `name: value` lines.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${BENCH_WORK:-$(mktemp -d)}"
mkdir -p "$work"

cargo build -q --release -p zohocrm-codegen --bin zohocrm-codegen --example synthetic_spec
codegen=target/release/zohocrm-codegen
synthetic=target/release/examples/synthetic_spec

count() { # name dir endpoints
    local name=$1 dir=$2 endpoints=$3
    local files
    files=$(ls "$dir"/*.rs | grep -v -e '/sample_tests.rs$' -e '/endpoint_tests.rs$')
    local code docs tests
    # shellcheck disable=SC2086
    code=$(cat $files | grep -v -e '^\s*$' -e '^\s*///' -e '^// @generated' | wc -l)
    # shellcheck disable=SC2086
    docs=$(cat $files | grep -c '^\s*///')
    tests=$(cat "$dir/sample_tests.rs" "$dir/endpoint_tests.rs" | grep -v -e '^\s*$' -e '^\s*///' -e '^// @generated' | wc -l)
    echo "size_${name}_endpoints: $endpoints"
    echo "size_${name}_code_lines: $code"
    echo "size_${name}_doc_lines: $docs"
    echo "size_${name}_test_lines: $tests"
    echo "size_${name}_code_lines_per_endpoint: $(awk "BEGIN {printf \"%.1f\", $code / $endpoints}")"
    echo "size_${name}_doc_lines_per_endpoint: $(awk "BEGIN {printf \"%.1f\", $docs / $endpoints}")"
}

real_endpoints=$(grep -c 'pub async fn' generated/*.rs | grep -v -e sample_tests -e endpoint_tests | awk -F: '{s += $2} END {print s}')
count real generated "$real_endpoints"
echo "roles_endpoints: $(grep -c 'pub async fn' generated/roles.rs)"
for n in 10 100 1000; do
    rm -rf "$work/spec-$n" "$work/rust-$n"
    "$synthetic" "$n" "$work/spec-$n"
    "$codegen" generate "$work/spec-$n" --out "$work/rust-$n" > /dev/null
    count "synthetic_$n" "$work/rust-$n" "$n"
done
