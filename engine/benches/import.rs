//! Criterion benchmarks of the importer, for tracking regressions between changes
//! (`cargo bench -p attune-engine --bench import`). The million-row figures come from
//! `examples/import_figures.rs`, which also reports memory.

#[cfg(not(target_arch = "wasm32"))]
mod benches {
    use std::fmt::Write as _;
    use std::hint::black_box;

    use attune_engine::calendar::{parse_period_column, DateOrder};
    use attune_engine::import::import_text;
    use attune_engine::number::{parse_number, DecimalMark};
    use criterion::{BenchmarkId, Criterion, Throughput};

    /// A long CSV of `rows` rows: 200 SKUs, daily dates, a customer and a price.
    fn long_csv(rows: usize) -> String {
        let mut csv = String::from("sku,customer,date,qty,price\n");
        for i in 0..rows {
            let day = i / 200;
            let _ = writeln!(
                csv,
                "SKU-{:04},C{},2024-{:02}-{:02},{}.{},{}.99",
                i % 200,
                i % 17,
                day / 28 % 12 + 1,
                day % 28 + 1,
                i % 97,
                i % 10,
                10 + i % 50
            );
        }
        csv
    }

    /// A wide European sheet: `items` rows × 36 month columns, decimal commas.
    fn wide_csv(items: usize) -> String {
        let mut csv = String::from("Artikel;Bezeichnung");
        for m in 0..36 {
            let _ = write!(csv, ";{}-{:02}", 2022 + m / 12, m % 12 + 1);
        }
        csv.push('\n');
        for i in 0..items {
            let _ = write!(csv, "A{i};Teil {i}");
            for m in 0..36 {
                let _ = write!(csv, ";{}.{:03},{}", 1 + (i + m) % 9, (i * m) % 1000, m % 10);
            }
            csv.push('\n');
        }
        csv
    }

    pub fn import(c: &mut Criterion) {
        let mut group = c.benchmark_group("import_text");
        for rows in [10_000, 100_000] {
            let text = long_csv(rows);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new("long", rows), &text, |b, t| {
                b.iter(|| import_text(black_box(t), "bench", None));
            });
        }
        let wide = wide_csv(1_000);
        group.throughput(Throughput::Bytes(wide.len() as u64));
        group.bench_with_input(BenchmarkId::new("wide", 1_000), &wide, |b, t| {
            b.iter(|| import_text(black_box(t), "bench", None));
        });
        group.finish();
    }

    pub fn cells(c: &mut Criterion) {
        let numbers = ["1234.5", "1,234.5", "$1,200", "(300)", "12%", "1 234,5"];
        c.bench_function("parse_number", |b| {
            b.iter(|| {
                for n in numbers {
                    let _ = black_box(parse_number(black_box(n), DecimalMark::Point));
                }
            });
        });
        let periods: Vec<String> = (0..10_000)
            .map(|i| format!("2024-{:02}-{:02}", i % 12 + 1, i % 28 + 1))
            .collect();
        let refs: Vec<&str> = periods.iter().map(String::as_str).collect();
        c.bench_function("parse_period_column_10k", |b| {
            b.iter(|| parse_period_column(black_box(&refs), DateOrder::Auto));
        });
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group! {
    name = group;
    config = criterion::Criterion::default().sample_size(10);
    targets = benches::import, benches::cells
}
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(group);

#[cfg(target_arch = "wasm32")]
fn main() {}
