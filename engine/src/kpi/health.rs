//! The health summary: the KPIs turned into a few sentences a planner can read aloud in
//! the S&OP meeting.

use serde::{Deserialize, Serialize};

use super::{
    kpis, pct, peak_load, show, signed_pct, KpiError, KpiInputs, KpiKey, KpiReport, Light,
};
use crate::plural;

/// What a sentence is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Load against capacity.
    Capacity,
    /// Revenue at risk.
    Revenue,
    /// Forecast accuracy.
    Forecast,
    /// Fill rate and on-time delivery.
    Service,
    /// Inventory value and swing.
    Inventory,
    /// Cost of the plan and of misalignment.
    Cost,
}

/// One sentence of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthNote {
    /// What it is about.
    pub topic: Topic,
    /// The worst light of the KPIs it speaks of (`None` when none has a light).
    pub light: Option<Light>,
    /// The sentence.
    pub text: String,
}

fn light(report: &KpiReport, keys: &[KpiKey]) -> Option<Light> {
    keys.iter()
        .filter_map(|k| report.get(*k).and_then(|k| k.light))
        .max()
}

fn value(report: &KpiReport, key: KpiKey) -> Option<f64> {
    report.get(key).and_then(|k| k.value)
}

/// A few sentences on the plan's health, one per topic with data: load, revenue at risk,
/// forecast, service, inventory and cost. For example: "3 of 12 periods above 95 % load
/// (Mar, Apr, Jul); the bottleneck is Press, at 118 % in Apr."; "18 % of revenue at risk
/// in Jun (12,300 of 68,000); 4.2 % over the horizon."; "The forecast beats last year's
/// pattern by 22 % (WAPE 18 %, bias +3 %)."
///
/// # Errors
/// As [`kpis`].
pub fn health_summary(inputs: &KpiInputs) -> Result<Vec<HealthNote>, KpiError> {
    let report = kpis(inputs)?;
    let mut out = Vec::new();
    if let Some(text) = capacity(inputs) {
        out.push(HealthNote {
            topic: Topic::Capacity,
            light: light(&report, &[KpiKey::UtilizationPeak]),
            text,
        });
    }
    if report.revenue > 0.0 {
        out.push(HealthNote {
            topic: Topic::Revenue,
            light: light(&report, &[KpiKey::RevenueAtRisk]),
            text: revenue(&report),
        });
    }
    if let Some(text) = forecast(&report) {
        out.push(HealthNote {
            topic: Topic::Forecast,
            light: light(
                &report,
                &[
                    KpiKey::ForecastValueAdded,
                    KpiKey::ForecastWape,
                    KpiKey::ForecastBias,
                ],
            ),
            text,
        });
    }
    if let Some(text) = service(inputs, &report) {
        out.push(HealthNote {
            topic: Topic::Service,
            light: light(&report, &[KpiKey::FillRate, KpiKey::OnTimeDelivery]),
            text,
        });
    }
    if let Some(text) = inventory(&report) {
        out.push(HealthNote {
            topic: Topic::Inventory,
            light: light(&report, &[KpiKey::InventoryValue, KpiKey::InventorySwing]),
            text,
        });
    }
    if let Some(text) = cost(inputs, &report) {
        out.push(HealthNote {
            topic: Topic::Cost,
            light: light(&report, &[KpiKey::PlanCost, KpiKey::MisalignmentCost]),
            text,
        });
    }
    Ok(out)
}

/// "3 of 12 periods above 95 % load (Mar, Apr, Jul); the bottleneck is Press, at 118 % in Apr."
fn capacity(inputs: &KpiInputs) -> Option<String> {
    let c = inputs.capacity.as_ref()?;
    let (r, t, peak) = peak_load(inputs)?;
    let limit = inputs.thresholds.high_load_pct;
    let n = inputs.periods.len();
    let heavy: Vec<&str> = (0..n)
        .filter(|&t| {
            c.resources.iter().any(|r| {
                let (load, hours) = (r.load_hours[t], r.regular_hours[t]);
                hours > 0.0 && 100.0 * load / hours > limit
            })
        })
        .map(|t| inputs.periods[t].as_str())
        .collect();
    let bottleneck = c
        .bottleneck
        .clone()
        .unwrap_or_else(|| c.resources[r].resource.clone());
    let peak_resource = &c.resources[r].resource;
    let period = &inputs.periods[t];
    let at = if *peak_resource == bottleneck {
        format!(
            "the bottleneck is {bottleneck}, at {} in {period}",
            pct(peak)
        )
    } else {
        format!(
            "the bottleneck is {bottleneck}; the busiest is {peak_resource}, at {} in {period}",
            pct(peak)
        )
    };
    Some(if heavy.is_empty() {
        format!("No period above {} load; {at}.", pct(limit))
    } else {
        let list = if heavy.len() <= 6 {
            format!(" ({})", heavy.join(", "))
        } else {
            String::new()
        };
        format!(
            "{} of {} above {} load{list}; {at}.",
            heavy.len(),
            plural(n, "period", "periods"),
            pct(limit)
        )
    })
}

/// "18 % of revenue at risk in Jun (12,300 of 68,000); 4.2 % over the horizon."
fn revenue(report: &KpiReport) -> String {
    let worst = report
        .revenue_at_risk_by_period
        .iter()
        .zip(&report.revenue_by_period)
        .enumerate()
        .filter(|(_, (_, rev))| **rev > 0.0)
        .map(|(t, (risk, rev))| (t, risk / rev, *risk, *rev))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    match worst {
        Some((t, share, risk, rev)) if risk > 0.0 => format!(
            "{} of revenue at risk in {} ({} of {}); {} over the horizon.",
            pct(100.0 * share),
            report.periods[t],
            show(risk),
            show(rev),
            pct(value(report, KpiKey::RevenueAtRisk).unwrap_or(0.0))
        ),
        _ => "No revenue at risk: all demand is met in its period.".to_string(),
    }
}

/// "The forecast beats last year's pattern by 22 % (WAPE 18 %, bias +3 %)."
fn forecast(report: &KpiReport) -> Option<String> {
    let wape = value(report, KpiKey::ForecastWape);
    let bias = value(report, KpiKey::ForecastBias);
    let mut details = Vec::new();
    if let Some(w) = wape {
        details.push(format!("WAPE {}", pct(w)));
    }
    if let Some(b) = bias {
        details.push(format!("bias {}", signed_pct(b)));
    }
    let details = details.join(", ");
    match value(report, KpiKey::ForecastValueAdded) {
        Some(skill) => {
            let head = if (skill * 10.0).round() > 0.0 {
                format!("The forecast beats last year's pattern by {}", pct(skill))
            } else if (skill * 10.0).round() < 0.0 {
                format!(
                    "The forecast does worse than last year's pattern, by {}",
                    pct(-skill)
                )
            } else {
                "The forecast does no better than last year's pattern".to_string()
            };
            Some(if details.is_empty() {
                format!("{head}.")
            } else {
                format!("{head} ({details}).")
            })
        }
        None if !details.is_empty() => Some(format!("Forecast: {details}.")),
        None => None,
    }
}

/// "Projected fill rate 96.5 %; 41 of 45 orders (91 %) on time."
fn service(inputs: &KpiInputs, report: &KpiReport) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(f) = value(report, KpiKey::FillRate) {
        parts.push(format!("Projected fill rate {}", pct(f)));
    }
    if let (Some(o), Some(v)) = (
        inputs.orders.filter(|o| o.orders > 0),
        value(report, KpiKey::OnTimeDelivery),
    ) {
        parts.push(format!(
            "{} of {} ({}) on time",
            o.on_time,
            plural(o.orders, "order", "orders"),
            pct(v)
        ));
    }
    (!parts.is_empty()).then(|| sentence(&parts))
}

/// "Inventory averages 412,000 at cost and swings by 95,000 over the horizon."
fn inventory(report: &KpiReport) -> Option<String> {
    let kpi = report.get(KpiKey::InventoryValue)?;
    let mean = kpi.value?;
    let swing = value(report, KpiKey::InventorySwing).unwrap_or(0.0);
    Some(format!(
        "Inventory averages {} at cost and swings by {} over the horizon.",
        show(mean),
        show(swing)
    ))
}

/// "The plan costs 1,234,000 (3 % above the cheapest); misalignment costs 4.1 % of revenue (…)."
fn cost(inputs: &KpiInputs, report: &KpiReport) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(plan) = &inputs.plan {
        parts.push(match plan.cheapest_cost.filter(|c| *c > 0.0) {
            Some(cheapest) => format!(
                "The plan costs {} ({} above the cheapest)",
                show(plan.total_cost),
                pct(100.0 * (plan.total_cost - cheapest) / cheapest)
            ),
            None => format!("The plan costs {}", show(plan.total_cost)),
        });
    }
    let m = &report.misalignment;
    if let Some(share) = value(report, KpiKey::MisalignmentCost).filter(|_| m.total > 0.0) {
        parts.push(format!(
            "misalignment costs {} of revenue ({}: lost margin {}, overtime premium {}, expediting {}, stock above safety stock {})",
            pct(share),
            show(m.total),
            show(m.lost_margin),
            show(m.overtime_premium),
            show(m.expediting_premium),
            show(m.excess_holding)
        ));
    }
    (!parts.is_empty()).then(|| sentence(&parts))
}

/// Parts joined by semicolons, capitalised, with a full stop.
fn sentence(parts: &[String]) -> String {
    let text = parts.join("; ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}
