//! Criterion benchmarks of the exports of a large workspace: 10,000 items' 12-month
//! forecasts with two interval levels (120,000 rows), as CSV and as an XLSX workbook
//! (`cargo bench -p attune-engine --bench export`).

#[cfg(not(target_arch = "wasm32"))]
mod benches {
    use std::hint::black_box;

    use attune_engine::calendar::Period;
    use attune_engine::export::{csv, forecasts_sheet, xlsx};
    use attune_engine::forecast::{forecast, ForecastSettings, Method, MethodChoice};
    use attune_engine::series::Series;
    use criterion::Criterion;

    pub fn exports(c: &mut Criterion) {
        let settings = ForecastSettings {
            horizon: 12,
            levels: vec![80.0, 95.0],
            method: MethodChoice::Fixed(Method::SeasonalNaive),
            season_length: Some(12),
            ..ForecastSettings::default()
        };
        let forecasts: Vec<_> = (0..10_000)
            .filter_map(|i| {
                let values: Vec<f64> = (0..24)
                    .map(|t| f64::from((i * 7 + t * 13) % 97) * 1.37 + 5.0)
                    .collect();
                let series = Series {
                    id: format!("SKU-{i:05}"),
                    start: Period::month(2024, 1),
                    values,
                };
                forecast(&series, &settings).ok()
            })
            .collect();
        let mut group = c.benchmark_group("export_10000_items");
        group.bench_function("csv", |b| {
            b.iter(|| csv(&forecasts_sheet(black_box(&forecasts), &settings.levels)));
        });
        group.bench_function("xlsx", |b| {
            b.iter(|| xlsx::workbook(&[&forecasts_sheet(black_box(&forecasts), &settings.levels)]));
        });
        group.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group! {
    name = group;
    config = criterion::Criterion::default().sample_size(10);
    targets = benches::exports
}
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(group);

#[cfg(target_arch = "wasm32")]
fn main() {}
