//! Generator speed: check and generate from synthetic specs of 10, 100 and 1,000 endpoints and
//! from the real spec, in memory (no files written). `cargo bench -p zohocrm-codegen`.

mod synthetic;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

type Files = Vec<(String, Vec<u8>)>;

fn real_spec() -> Files {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut files: Files = std::fs::read_dir(&dir)
        .expect("the real spec is next to the generator")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("schema.json"))
        .map(|p| {
            let name = format!(
                "spec/{}",
                p.file_name().unwrap_or_default().to_string_lossy()
            );
            (name, std::fs::read(&p).expect("readable spec file"))
        })
        .collect();
    files.sort();
    files
}

fn synthetic_spec(endpoints: usize) -> Files {
    synthetic::spec(endpoints)
        .into_iter()
        .map(|(name, text)| (format!("spec/{name}"), text.into_bytes()))
        .collect()
}

fn check_and_generate(files: &Files) -> usize {
    let api = zohocrm_build::load_files(files).expect("a valid spec");
    // What a build script does: the bindings, not formatted.
    let generated = zohocrm_build::emit::emit(&api, zohocrm_build::Options::default());
    generated.iter().map(|f| f.contents.len()).sum()
}

fn generator(c: &mut Criterion) {
    let mut group = c.benchmark_group("check_and_generate");
    group.sample_size(20);
    let real = real_spec();
    let real_endpoints = zohocrm_build::load_files(&real)
        .expect("a valid spec")
        .operations()
        .count();
    group.throughput(Throughput::Elements(real_endpoints as u64));
    group.bench_function(BenchmarkId::new("real", real_endpoints), |b| {
        b.iter(|| check_and_generate(black_box(&real)))
    });
    for endpoints in [10, 100, 1000] {
        let files = synthetic_spec(endpoints);
        group.throughput(Throughput::Elements(endpoints as u64));
        group.bench_function(BenchmarkId::new("synthetic", endpoints), |b| {
            b.iter(|| check_and_generate(black_box(&files)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    for endpoints in [100, 1000] {
        let files = synthetic_spec(endpoints);
        group.bench_function(BenchmarkId::new("synthetic", endpoints), |b| {
            b.iter(|| zohocrm_build::load_files(black_box(&files)).map(|api| api.families.len()))
        });
    }
    group.finish();
}

/// Time of the 1,000-endpoint spec over the time of the 100-endpoint one, per round, sorted:
/// each round times one run of the first and ten of the second back to back, the order
/// alternating between rounds, so a slow stretch of a shared machine weighs on both alike.
fn paired_growth() -> Vec<f64> {
    const ROUNDS: usize = 21;
    let small = synthetic_spec(100);
    let large = synthetic_spec(1000);
    let mut ratios = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let mut times = [Duration::ZERO; 2];
        for side in [round % 2, 1 - round % 2] {
            let started = Instant::now();
            if side == 0 {
                for _ in 0..10 {
                    black_box(check_and_generate(black_box(&small)));
                }
            } else {
                black_box(check_and_generate(black_box(&large)));
            }
            times[side] += started.elapsed();
        }
        ratios.push(times[1].as_secs_f64() / (times[0].as_secs_f64() / 10.0));
    }
    ratios.sort_by(f64::total_cmp);
    ratios
}

fn growth(_: &mut Criterion) {
    let ratios = paired_growth();
    println!(
        "generator_paired_growth_median: {:.2}",
        ratios[ratios.len() / 2]
    );
    println!("generator_paired_growth_min: {:.2}", ratios[0]);
    println!(
        "generator_paired_growth_max: {:.2}",
        ratios[ratios.len() - 1]
    );
    println!("generator_paired_growth_rounds: {}", ratios.len());
}

criterion_group!(benches, generator, growth);
criterion_main!(benches);
