//! Generator speed: check and generate from synthetic specs of 10, 100 and 1,000 endpoints and
//! from the real spec, in memory (no files written). `cargo bench -p zohocrm-codegen`.

mod synthetic;

use std::hint::black_box;
use std::path::Path;

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
    let api = zohocrm_codegen::load_files(files).expect("a valid spec");
    let generated = zohocrm_codegen::emit::emit(&api);
    generated.iter().map(|f| f.contents.len()).sum()
}

fn generator(c: &mut Criterion) {
    let mut group = c.benchmark_group("check_and_generate");
    group.sample_size(20);
    let real = real_spec();
    let real_endpoints = zohocrm_codegen::load_files(&real)
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
            b.iter(|| zohocrm_codegen::load_files(black_box(&files)).map(|api| api.families.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, generator);
criterion_main!(benches);
