//! Section 6, the S&OP dashboard: the engine's KPI inputs gathered from the workspace
//! (forecast backtests, the projection and promises of section 5, the plan's capacity
//! and cost), the KPIs and the health summary, the demand-versus-supply gap, the items
//! with the most revenue at risk, and the assumptions the printed report lists. Every
//! number is the engine's.

use std::rc::Rc;

use attune_engine::inventory::{InventoryProjection, ServiceTarget};
use attune_engine::kpi::dashboard::{
    revenue_at_risk_by_item, sales_lines, supply_gap, ItemRisk, SigmaSource, SupplyGap,
};
use attune_engine::kpi::{
    health_summary, kpis, CapacityFigures, ForecastFigures, HealthNote, InventoryFigures,
    KpiInputs, KpiReport, OrderFigures, PlanFigures,
};
use attune_engine::plan::aggregate::Strategy;

use crate::capacity_state::{CapacityReport, CapacityState};
use crate::format::amount;
use crate::inventory_state::{
    InventoryState, Outlook, Policy, Source, Sources, AGGREGATE_ITEM, SIGMA_SHARE_PCT,
};
use crate::plan_state::PlanState;
use crate::session::ImportView;
use crate::state::ItemForecast;
use crate::text;

/// How many items the revenue-at-risk list shows.
pub const TOP_ITEMS: usize = 5;

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// Every KPI.
    pub report: KpiReport,
    /// The health summary.
    pub health: Vec<HealthNote>,
    /// Demand against supply per period.
    pub gap: SupplyGap,
    /// The items with the most revenue at risk.
    pub top_risk: Vec<ItemRisk>,
    /// The projection the calendar is drawn from.
    pub projection: InventoryProjection,
    /// What the figures assume, in words.
    pub assumptions: Vec<String>,
}

fn strategy_words(s: Strategy) -> &'static str {
    match s {
        Strategy::Level => text::dashboard::STRATEGY_LEVEL,
        Strategy::Chase => text::dashboard::STRATEGY_CHASE,
        Strategy::Optimal => text::dashboard::STRATEGY_OPTIMAL,
    }
}

fn target_words(t: ServiceTarget) -> String {
    match t {
        ServiceTarget::CycleService(p) => text::dashboard::target_cycle(&amount(p)),
        ServiceTarget::FillRate(p) => text::dashboard::target_fill(&amount(p)),
        ServiceTarget::Units(u) => text::dashboard::target_units(&amount(u)),
    }
}

/// The KPI inputs of the workspace: forecast accuracy from every backtest, sales lines
/// and inventory from the projection, on-time delivery from the promises, capacity and
/// cost from the projected plan.
#[must_use]
pub fn kpi_inputs(
    sources: &Sources,
    outlook: &Outlook,
    projection: &InventoryProjection,
    policy: &Policy,
) -> KpiInputs {
    let backtests: Vec<_> = sources.backtests.iter().map(|(_, b)| *b).collect();
    let forecast = (!backtests.is_empty()).then(|| ForecastFigures::from_backtests(&backtests));
    let orders = match &outlook.promises {
        Some(Ok(r)) => Some(OrderFigures::from_promises(r)),
        _ => None,
    };
    let (capacity, plan) = match outlook.source {
        Source::Aggregate => sources.aggregate.as_ref().map_or((None, None), |a| {
            (
                CapacityFigures::from_aggregate(&a.model, &a.plan),
                PlanFigures::from_aggregate(&a.model, &a.plan, a.cheapest.as_ref()),
            )
        }),
        Source::Families => (
            sources
                .families
                .as_ref()
                .map(|f| CapacityFigures::from_supply_plan(&f.plan)),
            None,
        ),
    };
    KpiInputs {
        periods: projection.periods.clone(),
        forecast,
        sales: sales_lines(projection, policy.price, policy.unit_cost),
        orders,
        capacity,
        inventory: Some(InventoryFigures::from_projection(projection)),
        plan,
        ..KpiInputs::default()
    }
}

/// The assumptions behind the figures, for the report.
fn assumptions(sources: &Sources, outlook: &Outlook, policy: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    out.push(match outlook.source {
        Source::Aggregate => sources.aggregate.as_ref().map_or_else(
            || text::dashboard::PLAN_AGGREGATE.to_string(),
            |a| {
                text::dashboard::plan_aggregate(
                    strategy_words(a.plan.strategy),
                    AGGREGATE_ITEM,
                    a.plan.periods.len(),
                    a.plan.periods.first().map_or("", |p| p.period.as_str()),
                )
            },
        ),
        Source::Families => text::dashboard::plan_families(outlook.periods.len()),
    });
    out.push(text::dashboard::safety_stock(
        &target_words(policy.target),
        &amount(policy.lead_time),
        &amount(policy.lead_time_sigma),
    ));
    let from_backtest = outlook
        .sigmas
        .iter()
        .any(|s| s.sigma.is_some_and(|s| s.source == SigmaSource::Backtest));
    out.push(match policy.demand_sigma {
        Some(s) => text::dashboard::sigma_typed(&amount(s)),
        None if from_backtest => text::dashboard::SIGMA_BACKTEST.to_string(),
        None => text::dashboard::sigma_share(&amount(SIGMA_SHARE_PCT)),
    });
    out.push(text::dashboard::cost_and_price(
        &amount(policy.unit_cost),
        &amount(policy.price),
    ));
    out.push(text::dashboard::overstock(&amount(policy.overstock_cover)));
    out.push(text::dashboard::LIGHTS.to_string());
    out
}

/// Sections 3, 5 and 6 as the page shows them: computed once per change of what they
/// read, and shared by the sections and the step bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlooks {
    /// Section 3's load check and supply plan.
    pub capacity: CapacityReport,
    /// Section 5's projection and promises.
    pub outlook: Rc<Outlook>,
    /// Section 6, or why there is none.
    pub board: Rc<Result<Dashboard, String>>,
    /// Whether section 4 has a plan and section 3 a supply plan to project.
    pub available: (bool, bool),
}

/// [`Outlooks`] from the parts of the state they read.
#[must_use]
pub fn outlooks(
    inventory: &InventoryState,
    plan: &PlanState,
    capacity: &CapacityState,
    forecasts: &[Option<ItemForecast>],
    view: Option<&ImportView>,
) -> Outlooks {
    let dataset = view.and_then(|v| v.import.as_ref().ok());
    let sources = Sources::from_parts(plan, capacity, forecasts, dataset);
    let outlook = inventory.outlook(&sources);
    let board = dashboard(&sources, &outlook);
    Outlooks {
        capacity: capacity.report(),
        available: (sources.aggregate.is_some(), sources.families.is_some()),
        outlook: Rc::new(outlook),
        board: Rc::new(board),
    }
}

/// The dashboard of `outlook`, or why there is none (in words).
///
/// # Errors
/// The projection's or the policy's problem, or the KPI engine's.
pub fn dashboard(sources: &Sources, outlook: &Outlook) -> Result<Dashboard, String> {
    let policy = outlook
        .policy
        .as_ref()
        .map_err(|_| text::dashboard::FIX_POLICY.to_string())?;
    let projection = outlook.projection.as_ref().map_err(Clone::clone)?;
    let inputs = kpi_inputs(sources, outlook, projection, policy);
    let report = kpis(&inputs).map_err(|e| text::dashboard::no_kpis(&e))?;
    let health = health_summary(&inputs).unwrap_or_default();
    Ok(Dashboard {
        report,
        health,
        gap: supply_gap(projection),
        top_risk: revenue_at_risk_by_item(&inputs.sales, TOP_ITEMS),
        projection: projection.clone(),
        assumptions: assumptions(sources, outlook, policy),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory_state::outlook_of;
    use crate::inventory_state::tests::solve;
    use crate::state::AppState;
    use attune_engine::kpi::{KpiKey, Light};

    #[track_caller]
    fn near(a: Option<f64>, b: f64) {
        let a = a.unwrap();
        assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{a} vs {b}");
    }

    #[test]
    fn the_example_plan_dashboard_by_hand() {
        let (sources, o) = outlook_of(&solve(AppState::default()));
        let d = dashboard(&sources, &o).unwrap();
        let k = |key| d.report.get(key).unwrap();
        // 117 + 124 = 241 of 41,700 units owed past their period: 99.42 % (green from 98 %).
        near(k(KpiKey::FillRate).value, 100.0 * 41_459.0 / 41_700.0);
        assert_eq!(k(KpiKey::FillRate).light, Some(Light::Green));
        // 3 of the 4 example orders on time: 75 % (red below 85 %).
        near(k(KpiKey::OnTimeDelivery).value, 75.0);
        assert_eq!(k(KpiKey::OnTimeDelivery).light, Some(Light::Red));
        // 241 units × 150 = 36,150 of 41,700 × 150 = 6,255,000.
        assert_eq!(k(KpiKey::RevenueAtRisk).amount, Some(36_150.0));
        near(
            k(KpiKey::RevenueAtRisk).value,
            100.0 * 36_150.0 / 6_255_000.0,
        );
        near(k(KpiKey::PlanCost).value, 4_146_580.5);
        assert_eq!(k(KpiKey::ForecastWape).value, None, "no data, no backtest");
        assert_eq!(d.top_risk[0].item, "Total");
        // Demand outruns supply most in Jun: 3,943 made against 5,200.
        assert_eq!(d.gap.worst, Some(5));
        assert_eq!(d.gap.gap[5], -1257.0);
        assert_eq!(d.health.len(), 5);
        assert!(d.assumptions[0].contains("cost-optimal aggregate plan"));
        assert!(d.assumptions[2].contains("20 % of mean demand"));
    }

    #[test]
    fn without_a_plan_the_dashboard_says_why() {
        let (sources, o) = outlook_of(&AppState::default());
        let e = dashboard(&sources, &o).unwrap_err();
        assert!(
            e.starts_with("The aggregate plan (section 4) has no plan yet"),
            "{e}"
        );
    }

    /// The workspace after the family sample is read, every item forecast (as the
    /// workers do, batch by batch) and its consensus planned: the journey's numbers.
    fn sample_planned() -> AppState {
        use crate::session::{ImportRequest, ImportSession};
        use crate::state::Action;
        use yew::Reducible;
        let mut session = ImportSession::default();
        let state = Rc::new(AppState::default());
        let state = state.reduce(Action::ImportStarted {
            ticket: 1,
            label: "Reading".into(),
            text: None,
        });
        let answer = session.handle(ImportRequest::Open {
            name: "family_monthly.csv".into(),
            bytes: include_bytes!("../samples/family_monthly.csv").to_vec(),
            today: None,
        });
        let state = crate::state::tests::forecast_all(state.reduce(Action::ImportAnswered {
            ticket: 1,
            answer: Box::new(answer),
        }));
        // The whole-number plan (the page's default) takes the forecast rounded to units.
        let state = state.reduce(Action::PlanFromForecast);
        solve((*state).clone())
    }

    /// The numbers the Playwright journey (e2e/journeys/dashboard.spec.mjs) reads.
    #[test]
    fn the_sample_journey() {
        let state = sample_planned();
        let (sources, o) = outlook_of(&state);
        let d = dashboard(&sources, &o).unwrap();
        let p = &o.projection.as_ref().unwrap().items[0];
        let shown = |key| {
            let k = d.report.get(key).unwrap();
            (crate::components::dashboard::kpi_value(k), k.light)
        };
        // Twelve series backtested; their errors pooled by volume.
        assert_eq!(
            shown(KpiKey::ForecastWape),
            ("14.6 %".into(), Some(Light::Green))
        );
        assert_eq!(
            shown(KpiKey::ForecastBias),
            ("4.4 %".into(), Some(Light::Green))
        );
        // The whole-number plan owes 61 units at the end of 2026-02 and 139 at the end of
        // 2026-03 (Feb's 61 are served first from March's 5,421 made, leaving 5,360 for
        // March's 5,499): 63,820 of 64,020 units met in their period (99.69 %), 200 × 150 =
        // 30,000 of revenue at risk.
        assert_eq!(p.projected[1..3], [-61.0, -139.0]);
        assert_eq!(
            shown(KpiKey::FillRate),
            ("99.7 %".into(), Some(Light::Green))
        );
        let risk = d.report.get(KpiKey::RevenueAtRisk).unwrap();
        near(risk.amount, 30_000.0);
        assert_eq!(
            shown(KpiKey::RevenueAtRisk),
            ("0.3 %".into(), Some(Light::Green))
        );
        assert_eq!(o.periods.first().map(String::as_str), Some("2026-01"));
        // On hand 600 + Jan supply 5,395: an order of 5,000 fits, a second of 2,000 does
        // not (995 left) and waits for February.
        near(Some(p.supply[0]), 5395.0);
    }
}
