//! Criterion benchmarks of the forecasting methods on three representative series, for
//! tracking speed between changes (`cargo bench -p attune-engine --bench forecast`):
//! a monthly series with a growing multiplicative season (300 values, like the longer
//! tourism monthly series), a quarterly one (100 values) and a yearly one (25 values).
//! Accuracy is measured on the tourism set by `examples/ets_tourism.rs` and
//! `scripts/bench_tourism.py`, never here.

#[cfg(not(target_arch = "wasm32"))]
mod benches {
    use std::hint::black_box;

    use attune_engine::calendar::Period;
    use attune_engine::forecast::{ets, forecast, theta, ForecastSettings, Method, MethodChoice};
    use attune_engine::series::Series;
    use criterion::{BenchmarkId, Criterion};

    /// A deterministic stream uniform in [-0.5, 0.5) (xorshift).
    fn noise(seed: u64, n: usize) -> Vec<f64> {
        let mut s = seed.max(1);
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
            })
            .collect()
    }

    /// `n` values of a level growing by `growth` a period, times a season of length `m`
    /// (none for m = 1), times 1 + `rel` × noise, plus a slow random walk.
    fn series(n: usize, m: usize, growth: f64, rel: f64, seed: u64) -> Vec<f64> {
        let e = noise(seed, 2 * n);
        let mut walk = 0.0;
        (0..n)
            .map(|i| {
                walk += 0.02 * e[n + i];
                let season = if m > 1 {
                    1.0 + 0.3 * (2.0 * std::f64::consts::PI * (i % m) as f64 / m as f64).sin()
                } else {
                    1.0
                };
                (100.0 + growth * i as f64) * (1.0 + walk) * season * (1.0 + rel * e[i])
            })
            .collect()
    }

    /// (name, history, season length, horizon, first period).
    fn cases() -> Vec<(&'static str, Vec<f64>, usize, usize, Period)> {
        vec![
            (
                "monthly",
                series(300, 12, 0.4, 0.1, 7),
                12,
                24,
                Period::month(1990, 1),
            ),
            (
                "quarterly",
                series(100, 4, 0.8, 0.08, 11),
                4,
                8,
                Period::quarter(1995, 1),
            ),
            (
                "yearly",
                series(25, 1, 3.0, 0.05, 13),
                1,
                4,
                Period::year(1990),
            ),
        ]
    }

    pub fn methods(c: &mut Criterion) {
        let mut group = c.benchmark_group("forecast");
        for (name, y, m, h, start) in cases() {
            group.bench_with_input(BenchmarkId::new("auto_ets", name), &y, |b, y| {
                b.iter(|| ets::auto(black_box(y), m).map(|f| f.predict(h, &[80.0, 95.0])));
            });
            group.bench_with_input(BenchmarkId::new("auto_theta", name), &y, |b, y| {
                b.iter(|| theta::auto(black_box(y), m).map(|f| f.predict(h, &[80.0, 95.0])));
            });
            let history = Series {
                id: name.into(),
                start,
                values: y.clone(),
            };
            for (label, method) in [
                ("auto", MethodChoice::Auto),
                ("ets_theta", MethodChoice::Fixed(Method::EtsTheta)),
            ] {
                let settings = ForecastSettings {
                    horizon: h,
                    season_length: Some(m),
                    method,
                    ..ForecastSettings::default()
                };
                group.bench_with_input(BenchmarkId::new(label, name), &history, |b, s| {
                    b.iter(|| forecast(black_box(s), &settings));
                });
            }
        }
        group.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group! {
    name = group;
    config = criterion::Criterion::default().sample_size(10);
    targets = benches::methods
}
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(group);

#[cfg(target_arch = "wasm32")]
fn main() {}
