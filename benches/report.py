#!/usr/bin/env python3
"""Writes the figures of BENCHMARKS.md from a run of benches/run_all.sh.

Usage: report.py FIGURES_FILE CRITERION_DIR BENCHMARKS_MD

FIGURES_FILE holds the `name: value` lines the bench scripts and binaries print (and the
machine facts run_all.sh collects); CRITERION_DIR is target/criterion. The part of
BENCHMARKS_MD between the `figures:begin` and `figures:end` markers is replaced; the rest of
the file (the notes written by hand) is kept.
"""

import json
import os
import pathlib
import statistics
import sys

BEGIN = "<!-- figures:begin (written by benches/run_all.sh; do not edit) -->"
END = "<!-- figures:end -->"

# The reference client of the issue: 193 operations, ~24 s `cargo build`, ~15 s `cargo check`.
REFERENCE_OPERATIONS = 193
REFERENCE_SECONDS = {"build": 24.0, "check": 15.0}


def figures(path):
    out = {}
    for line in pathlib.Path(path).read_text().splitlines():
        name, sep, value = line.partition(": ")
        if sep and name and " " not in name:
            out[name.strip()] = value.strip()
    return out


def samples(criterion, bench):
    """Per-iteration times in seconds of one criterion benchmark: (min, median, max)."""
    data = json.loads((pathlib.Path(criterion) / bench / "new" / "sample.json").read_text())
    per_iter = [t / i / 1e9 for t, i in zip(data["times"], data["iters"])]
    return min(per_iter), statistics.median(per_iter), max(per_iter)


def seconds(value):
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.1f} µs"


def met(ok):
    return "met" if ok else "**missed**"


def main():
    figs = figures(sys.argv[1])
    criterion = sys.argv[2]
    md_path = pathlib.Path(sys.argv[3])
    f = lambda name: float(figs[name])
    lines = []
    add = lines.append

    add("## Machine and run")
    add("")
    add(f"- Run: {figs.get('run_date', '?')}, `{figs.get('rustc', '?')}`")
    add(f"- CPU: {figs.get('cpu_model', '?')}, {figs.get('cpus', '?')} cores; memory {figs.get('memory', '?')}")
    add(f"- Load average (1, 5, 15 min) before: {figs.get('load_before', '?')}; after: {figs.get('load_after', '?')}")
    add(f"- Other processes using more than 10% CPU when the run started: {figs.get('busy_processes', 'none')}")
    add("")

    # 1. Generator
    gen = {}
    # The real spec's benchmark is named after its endpoint count, which grows with the spec.
    real_dirs = sorted(os.listdir(os.path.join(criterion, "check_and_generate", "real")))
    real = f"real/{[d for d in real_dirs if d.isdigit()][0]}"
    for name in [real, "synthetic/10", "synthetic/100", "synthetic/1000"]:
        gen[name] = samples(criterion, f"check_and_generate/{name}")
    growth = gen["synthetic/1000"][1] / gen["synthetic/100"][1]
    add("## 1. Generator: check and generate")
    add("")
    add("`cargo bench -p zohocrm-codegen --bench generator`: load and check the spec and emit the")
    add("bindings as a build script does (unformatted, no test files), in memory. Per run, over")
    add("criterion's samples:")
    add("")
    add("| spec | endpoints | min | median | max | median per endpoint |")
    add("|---|---:|---:|---:|---:|---:|")
    for name, (lo, med, hi) in gen.items():
        kind, n = name.split("/")
        add(f"| {kind} | {n} | {seconds(lo)} | {seconds(med)} | {seconds(hi)} | {seconds(med / int(n))} |")
    check = {n: samples(criterion, f"check/synthetic/{n}") for n in ["100", "1000"]}
    add("")
    add("Check alone (load and check, no emit): " + ", ".join(
        f"{n} endpoints {seconds(v[1])}" for n, v in check.items()) + ".")
    add("")
    if "generator_paired_growth_median" in figs:
        paired = f("generator_paired_growth_median")
        add(f"- Growth 100 → 1,000 endpoints, {figs['generator_paired_growth_rounds']} alternating rounds (one run of 1,000 "
            f"endpoints beside ten of 100): median **{paired:.1f}×** (min {figs['generator_paired_growth_min']}, max "
            f"{figs['generator_paired_growth_max']}; target ≤ 12×: {met(paired <= 12)}); from criterion's medians above, "
            f"taken one after the other: {growth:.1f}×")
    else:
        add(f"- Growth 100 → 1,000 endpoints: **{growth:.1f}×** (target ≤ 12×: {met(growth <= 12)})")
    add(f"- 1,000 endpoints: **{seconds(gen['synthetic/1000'][1])}** (target < 200 ms: {met(gen['synthetic/1000'][1] < 0.2)})")
    add("")

    # 2. Size
    add("## 2. Generated size")
    add("")
    add("`benches/size.sh`: lines of the bindings (every generated file except the test files")
    add("`sample_tests.rs` and `endpoint_tests.rs`, which are tests, not bindings), without blank lines")
    add("and the header line; doc comment lines counted separately.")
    add("")
    add("| spec | endpoints | code lines | per endpoint | doc lines | per endpoint | test lines |")
    add("|---|---:|---:|---:|---:|---:|---:|")
    for name in ["real", "synthetic_10", "synthetic_100", "synthetic_1000"]:
        p = f"size_{name}_"
        add(f"| {name.replace('_', ' ')} | {figs[p + 'endpoints']} | {figs[p + 'code_lines']} | **{figs[p + 'code_lines_per_endpoint']}** | {figs[p + 'doc_lines']} | {figs[p + 'doc_lines_per_endpoint']} | {figs[p + 'test_lines']} |")
    real_size = f("size_real_code_lines_per_endpoint")
    add("")
    add(f"- Real spec: {real_size:.1f} lines per endpoint (the former target of 40 is retired: build cost is measured directly)")
    add("")

    # 3. Build cost
    add("## 3. Build cost")
    add("")
    add("`benches/build_cost.sh`: a first `cargo check` / `cargo build` (debug, not incremental) of the")
    add("zohocrm package — its build script (the generator) and its library — with the dependencies")
    add("already built; median of 3 runs, and the cost over the same crate with an empty spec.")
    add("")
    add("| spec | endpoints | check | over empty | per endpoint | build | over empty | per endpoint |")
    add("|---|---:|---:|---:|---:|---:|---:|---:|")
    variants = [("empty", 0), ("real", int(figs["size_real_endpoints"])),
                ("real_roles_only", int(figs.get("roles_endpoints", "0"))),
                ("synthetic_100", 100), ("synthetic_500", 500)]
    per_endpoint = {}
    for name, n in variants:
        row = [name.replace("_", " "), str(n)]
        for command in ["check", "build"]:
            value = f(f"build_cost_{name}_{command}_seconds")
            empty = f(f"build_cost_empty_{command}_seconds")
            added = value - empty
            row.append(f"{value:.2f} s")
            if n:
                row += [f"{added:.2f} s", f"{added / n * 1e3:.0f} ms"]
                per_endpoint[(name, command)] = added / n
            else:
                row += ["", ""]
        add("| " + " | ".join(row) + " |")
    add("")
    for command in ["check", "build"]:
        reference = REFERENCE_SECONDS[command] / REFERENCE_OPERATIONS
        worst = max(v for (name, c), v in per_endpoint.items() if c == command and name != "real_roles_only")
        add(f"- `cargo {command}`: reference {reference * 1e3:.0f} ms per operation, target < {reference / 3 * 1e3:.0f} ms; "
            f"the bindings add at most {worst * 1e3:.0f} ms per endpoint ({worst / reference:.2f} of the reference: {met(worst < reference / 3)})")
    add("")

    # 4. No-op build
    add("## 4. No-op build")
    add("")
    add("`benches/noop_build.sh` (its `cargo build -v` lines are in the log of the run):")
    add("")
    add(f"- second `cargo build`, nothing changed: zohocrm's build script ran {figs['noop_build_script_runs_unchanged']} times (`Fresh zohocrm`)")
    add(f"- after `touch spec/roles.json`: ran {figs['noop_build_script_runs_after_touch']} time; on the build after that: {figs['noop_build_script_runs_after_that']}")
    add(f"- checks passed: {figs['noop_build_checks_passed']}")
    add("")

    # 5. Runtime
    gen_call = samples(criterion, "list_roles/generated")
    hand_call = samples(criterion, "list_roles/hand_written")
    ratio = gen_call[1] / hand_call[1]
    territories = samples(criterion, "decode_list/territories/2000")
    users = samples(criterion, "decode_list/users/200")
    add("## 5. Runtime")
    add("")
    add("`cargo bench --bench runtime`: calls against a local axum server on 127.0.0.1 started by the")
    add("bench, in the same run; `cargo bench --bench memory` for the client's heap.")
    add("")
    add("| call | min | median | max |")
    add("|---|---:|---:|---:|")
    add(f"| `client.roles().list()` (generated; 10 roles) | {seconds(gen_call[0])} | {seconds(gen_call[1])} | {seconds(gen_call[2])} |")
    add(f"| the same call by hand (reqwest + serde_json) | {seconds(hand_call[0])} | {seconds(hand_call[1])} | {seconds(hand_call[2])} |")
    add(f"| `client.territories().list()`, 2,000 territories | {seconds(territories[0])} | {seconds(territories[1])} | {seconds(territories[2])} |")
    add(f"| `client.users().list()`, 200 users | {seconds(users[0])} | {seconds(users[1])} | {seconds(users[2])} |")
    add("")
    if "runtime_paired_ratio_median" in figs:
        paired = f("runtime_paired_ratio_median")
        add(f"- Generated / hand-written, {figs['runtime_paired_rounds']} alternating rounds of 200 calls each: median **{paired:.3f}** "
            f"(min {figs['runtime_paired_ratio_min']}, max {figs['runtime_paired_ratio_max']}; target ≤ 1.05: {met(paired <= 1.05)})")
        add(f"- Generated / hand-written, criterion medians above (one after the other, so a slow stretch of the shared machine falls on one side): {ratio:.3f}")
    else:
        add(f"- Generated / hand-written (medians): **{ratio:.3f}** (target ≤ 1.05: {met(ratio <= 1.05)})")
    add(f"- Decoding through the generated call: {2000 / territories[1]:,.0f} territories/s, {200 / users[1]:,.0f} users/s (medians, HTTP included)")
    add(f"- `Client`: {figs['client_stack_bytes']} bytes on the stack (an `Arc`), {int(figs['client_heap_bytes']):,} bytes of heap once built (the reqwest client with its TLS configuration); a clone allocates {figs['clone_heap_bytes']} bytes")
    add("")

    # 6. Mock
    add("## 6. zohocrm-mock")
    add("")
    add("`cargo bench -p zohocrm-mock --bench throughput`: requests per second on loopback, each client")
    add("sending one request at a time, against a fresh mock per round (client and mock share the 2")
    add(f"cores); median, min and max of {figs.get('mock_rounds', '1')} rounds.")
    add("")

    def spread(name, fmt):
        keys = [name, f"min_{name}", f"max_{name}"]
        return " | ".join(fmt(f(k)) if k in figs else "" for k in keys)

    add("| call | clients | median | min | max |")
    add("|---|---:|---:|---:|---:|")
    for name, title in [("create_role", "Create Role (`POST /settings/roles`)"), ("get_roles", "Get Roles (`GET /settings/roles`)")]:
        for n in [1, 8, 64]:
            add(f"| {title} | {n} | " + spread(f"mock_{name}_{n}_clients_per_second", lambda v: f"{v:,.0f}/s") + " |")
    add("")
    stored = int(figs["mock_roles_stored"])
    mib = lambda v: f"{v / 2**20:,.0f} MiB"
    add("| with stored roles | median | min | max |")
    add("|---|---:|---:|---:|")
    add(f"| storing {stored:,} roles through `MockServer::insert` | " + spread("mock_insert_seconds", lambda v: f"{v:.2f} s") + " |")
    add(f"| heap holding them | " + spread("mock_heap_bytes_for_100000_roles", mib) + " |")
    add(f"| peak heap while storing | " + spread("mock_heap_peak_bytes_storing_roles", mib) + " |")
    add(f"| `GET /settings/roles` returning all {stored:,} | " + spread("mock_get_roles_with_stored_roles_seconds", lambda v: f"{v:.3f} s") + " |")
    add("")
    add(f"- {int(figs['mock_heap_bytes_per_role']):,} bytes of heap per stored role"
        + ("" if stored >= 100000 else f" (from the {stored:,} roles stored within the time budget)"))
    batches = sorted((k for k in figs if k.startswith("mock_insert_seconds_for_roles_")),
                     key=lambda k: int(k.rsplit("_", 1)[1]))
    if batches:
        add("- Seconds per 10,000 roles stored (medians): " + ", ".join(
            f"{k.rsplit('_', 3)[1]}–{k.rsplit('_', 1)[1]}: {figs[k]}" for k in batches))
    add("")

    text = md_path.read_text() if md_path.exists() else f"{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    md_path.write_text(head + BEGIN + "\n\n" + "\n".join(lines) + "\n" + END + tail)


if __name__ == "__main__":
    main()
