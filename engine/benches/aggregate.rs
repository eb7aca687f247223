//! Criterion benchmarks of the aggregate plan on the example documents, each strategy in
//! both integer modes (`cargo bench -p attune-engine --bench aggregate`).

#[cfg(not(target_arch = "wasm32"))]
mod benches {
    use std::hint::black_box;

    use attune_engine::document::read_document;
    use attune_engine::plan::aggregate::{AggregatePlanInput, PlanOptions, Strategy};
    use criterion::{BenchmarkId, Criterion};

    fn fixture(name: &str) -> Option<AggregatePlanInput> {
        let path = format!("{}/../testdata/plans/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).ok()?;
        read_document(&text).ok()?.aggregate_plan
    }

    pub fn plans(c: &mut Criterion) {
        let mut group = c.benchmark_group("aggregate_plan");
        for name in ["northwind_pumps", "red_tomato"] {
            let Some(base) = fixture(&format!("{name}.attune.json")) else {
                continue;
            };
            for integer in [true, false] {
                let mut input = base.clone();
                input.integer = integer;
                let Ok(model) = input.check() else {
                    continue;
                };
                let mode = if integer { "whole" } else { "continuous" };
                for strategy in Strategy::ALL {
                    let id = BenchmarkId::new(format!("{name}/{mode}"), strategy.name());
                    group.bench_function(id, |b| {
                        b.iter(|| model.plan(black_box(strategy), &PlanOptions::default()));
                    });
                }
            }
        }
        group.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group! {
    name = group;
    config = criterion::Criterion::default().sample_size(10);
    targets = benches::plans
}
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(group);

#[cfg(target_arch = "wasm32")]
fn main() {}
