#!/usr/bin/env bash
# What a user's first build pays for build-time generation: a new program that depends on
# zohocrm (default features) built cold, against the same program whose zohocrm copy has a
# build script that only copies the committed `generated/` bindings into OUT_DIR (no generator,
# no build dependency). Both cold (own empty target folder), alternating, ROUNDS (default 2)
# rounds; prints the best of each and their ratio, and keeps `cargo build --timings` reports of
# the last round under $work/timings-*.html, whose build-script units are summarised.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${BENCH_WORK:-$(mktemp -d)}"
rounds="${ROUNDS:-2}"
mkdir -p "$work"
export CARGO_INCREMENTAL=0
log="$work/cargo.log"

copy_crate() { # dir
    rm -rf "$1"
    mkdir -p "$1"
    (cd "$root" && tar --exclude=./target --exclude=./fuzz --exclude=./.git -cf - .) | tar -xf - -C "$1"
}

# The crate as published: build.rs runs zohocrm-build on spec/.
copy_crate "$work/generating"
# The same crate with the committed bindings copied instead.
copy_crate "$work/copying"
cat > "$work/copying/build.rs" <<'RS'
fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    for entry in std::fs::read_dir("generated").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with("_tests.rs") {
            std::fs::copy(&path, out.join(&name)).unwrap();
        }
    }
    println!("cargo::rustc-check-cfg=cfg(some_families)");
}
RS
sed -i -e '/^\[build-dependencies\]/,/^$/d' -e '/^format = \["zohocrm-build\/format"\]/d' "$work/copying/Cargo.toml"

program() { # name crate_dir
    local dir="$work/program-$1"
    rm -rf "$dir"
    mkdir -p "$dir/src"
    cat > "$dir/Cargo.toml" <<TOML
[package]
name = "program-$1"
version = "0.1.0"
edition = "2021"

[dependencies]
zohocrm = { path = "$2" }
tokio = { version = "1", features = ["rt-multi-thread", "macros"] }

[workspace]
TOML
    cat > "$dir/src/main.rs" <<'RS'
#[tokio::main]
async fn main() {
    let client = zohocrm::Client::builder()
        .base_url("http://127.0.0.1:9")
        .access_token("token")
        .build()
        .unwrap();
    println!("{}", client.roles().list().await.is_err());
}
RS
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
    (cd "$dir" && cargo fetch -q) >> "$log" 2>&1
    echo "$dir"
}

generating=$(program generating "$work/generating")
copying=$(program copying "$work/copying")

cold() { # name dir round
    rm -rf "$work/target-$1"
    local start end
    start=$(date +%s.%N)
    (cd "$2" && CARGO_TARGET_DIR="$work/target-$1" cargo build -q --timings) >> "$log" 2>&1
    end=$(date +%s.%N)
    cp "$work/target-$1"/cargo-timings/cargo-timing.html "$work/timings-$1.html" 2>/dev/null || true
    awk "BEGIN {printf \"%.1f\", $end - $start}"
}

gen_times=()
copy_times=()
for round in $(seq "$rounds"); do
    if (( round % 2 )); then
        gen_times+=("$(cold generating "$generating")")
        copy_times+=("$(cold copying "$copying")")
    else
        copy_times+=("$(cold copying "$copying")")
        gen_times+=("$(cold generating "$generating")")
    fi
done
best() { printf '%s\n' "$@" | sort -n | head -1; }
g=$(best "${gen_times[@]}")
c=$(best "${copy_times[@]}")
echo "cold_build_generating_seconds: $g (runs ${gen_times[*]})"
echo "cold_build_copying_seconds: $c (runs ${copy_times[*]})"
echo "cold_build_ratio: $(awk "BEGIN {printf \"%.3f\", $g / $c}")"
# Per-unit times of the build-time path, from the timings report's data.
python3 - "$work/timings-generating.html" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
m = re.search(r"const UNIT_DATA = (\[.*?\]);\n", text, re.S)
units = json.loads(m.group(1)) if m else []
wanted = ("zohocrm", "zohocrm-build", "proc-macro2", "quote", "serde_path_to_error", "serde_json", "serde", "syn", "prettyplease", "schemars", "thiserror")
for u in sorted(units, key=lambda u: -u["duration"]):
    if u["name"] in wanted:
        print(f"unit {u['name']} {u.get('target','').strip()}: {u['duration']:.2f} s")
PY
