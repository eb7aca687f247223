//! The S&OP review of a whole document: the plan, the stock it leaves, the orders it can
//! promise and the shared KPIs, in one call — what `attune review` prints.
//!
//! What it is built from, section by section:
//! - **supply**: the families of the capacity-constrained supply plan when the
//!   `capacity` section has its resources, bill and demand ([`Supply::Families`]); else
//!   the one product of the `aggregate_plan` section, planned with the strategy asked
//!   for ([`Supply::AggregatePlan`]). Either can be asked for by name.
//! - **stock**: [`crate::inventory::project`] of that supply against its demand, with the
//!   `inventory` section's unit cost, safety-stock policy and overstock threshold. A
//!   policy whose `demand_sigma` is 0 takes σ from the forecast: each item's backtest RMSE
//!   when it is an item of the sales history, or for a family or the aggregate product
//!   √(Σ RMSE²) over the items it stands for (errors taken as independent).
//! - **orders**: the `orders` section, promised against the same supply
//!   ([`crate::promise::promise_orders`]).
//! - **KPIs**: forecast accuracy from a rolling-origin backtest of every item of the
//!   `data` section (with the `forecast` section's method and season), sales and fill rate
//!   from the projection and the prices, on-time delivery from the promises, utilization
//!   from the supply's hours, inventory value, and the plan's cost against the cheapest
//!   (optimal) plan when the supply is the aggregate plan.
//!
//! Nothing here is new arithmetic: each figure comes from the module that owns it; this
//! module only joins them up and says which assumptions it made.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::document::{CapacitySection, Document, FieldProblem, InventorySection};
use crate::forecast::{forecast, BacktestSummary, ForecastSettings};
use crate::inventory::{
    forecast_error_sigma, project, InventoryError, InventoryItem, InventoryProjection,
    ServiceTarget,
};
use crate::kpi::{
    health_summary, kpis, show, CapacityFigures, ForecastFigures, HealthNote, InventoryFigures,
    KpiError, KpiInputs, KpiReport, OrderFigures, PlanFigures, SalesLine,
};
use crate::plan::aggregate::{AggregatePlan, PlanOptions, Strategy};
use crate::plan::capacity::{
    parse_bill, parse_demand, parse_resources, parse_terms, rough_cut, supply_plan, AllocationRule,
    CapacityModel, FamilyDemand, RoughCut, SupplyPlan, SupplySettings,
};
use crate::promise::{parse_orders, promise_orders, Availability, PromiseError, PromiseResult};

pub use crate::document::Supply;

/// How to review.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewOptions {
    /// The aggregate plan's strategy.
    pub strategy: Strategy,
    /// Where supply comes from; `None`: as the inventory section says, else families when
    /// the capacity section is complete, else the aggregate plan.
    pub supply: Option<Supply>,
    /// The solver's limits.
    pub plan: PlanOptions,
}

impl Default for ReviewOptions {
    fn default() -> Self {
        Self {
            strategy: Strategy::Optimal,
            supply: None,
            plan: PlanOptions::default(),
        }
    }
}

/// The review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Where the supply came from.
    pub supply: Supply,
    /// The supply in words ("the optimal aggregate plan of Total").
    pub supply_text: String,
    /// The aggregate plan, when it is the supply.
    pub plan: Option<AggregatePlan>,
    /// The supply plan by family, when it is the supply.
    pub supply_plan: Option<SupplyPlan>,
    /// Stock per item and period.
    pub projection: InventoryProjection,
    /// The orders' promises, when the document has orders.
    pub promises: Option<PromiseResult>,
    /// Every KPI.
    pub report: KpiReport,
    /// The health summary.
    pub health: Vec<HealthNote>,
    /// What was assumed or left out, in words.
    pub assumptions: Vec<String>,
}

/// Why a document cannot be reviewed.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewError {
    /// Neither a complete capacity section nor an aggregate plan.
    NoSupply,
    /// The supply asked for is not in the document.
    Missing(&'static str),
    /// A section cannot be used (its problem in words).
    Section(String),
    /// The aggregate plan has no plan (infeasible or unbounded): its status and reason.
    NoPlan {
        /// `infeasible` or `unbounded`.
        status: String,
        /// Why, in words.
        reason: String,
    },
    /// The projection failed.
    Inventory(InventoryError),
    /// The orders cannot be promised.
    Promise(PromiseError),
    /// The KPIs cannot be computed.
    Kpi(KpiError),
}

impl fmt::Display for ReviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSupply => f.write_str(
                "there is nothing to review: the document needs an aggregate_plan section, or a \
                 capacity section with resources, a bill of resources and demand",
            ),
            Self::Missing(what) => write!(f, "the document has no {what} to take supply from"),
            Self::Section(message) => f.write_str(message),
            Self::NoPlan { status, reason } => write!(f, "the plan is {status}: {reason}"),
            Self::Inventory(e) => write!(f, "inventory: {e}"),
            Self::Promise(e) => write!(f, "orders: {e}"),
            Self::Kpi(e) => write!(f, "KPIs: {e}"),
        }
    }
}

impl std::error::Error for ReviewError {}

impl CapacitySection {
    /// Whether resources, bill and demand are all pasted.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        [&self.resources, &self.bill, &self.demand]
            .iter()
            .all(|t| !t.trim().is_empty())
    }

    /// The capacity model the resources and bill describe, the demand, and their load
    /// check.
    ///
    /// # Errors
    /// Which table cannot be read and why (`Bill of resources: row 3, …`), or why the
    /// check cannot run.
    pub fn load_check(&self) -> Result<(CapacityModel, Vec<FamilyDemand>, RoughCut), String> {
        let resources = parse_resources(&self.resources).map_err(|e| format!("Resources: {e}"))?;
        let bill = parse_bill(&self.bill).map_err(|e| format!("Bill of resources: {e}"))?;
        let demand = parse_demand(&self.demand).map_err(|e| format!("Demand: {e}"))?;
        let model = CapacityModel {
            periods: resources.periods,
            resources: resources.resources,
            bill,
        };
        let rough = rough_cut(&model, &demand.demand).map_err(|e| e.to_string())?;
        Ok((model, demand.demand, rough))
    }

    /// The supply plan of `demand` on `model` (from [`Self::load_check`]) with the
    /// section's margins, stock and rule; without margins every family's is zero and the
    /// demand table's order is the priority.
    ///
    /// # Errors
    /// Why the margins table cannot be read (`Margins and stock: …`) or the plan made.
    pub fn supply(
        &self,
        model: &CapacityModel,
        demand: &[FamilyDemand],
    ) -> Result<SupplyPlan, String> {
        let families = if self.terms.trim().is_empty() {
            Vec::new()
        } else {
            parse_terms(&self.terms).map_err(|e| format!("Margins and stock: {e}"))?
        };
        let settings = SupplySettings {
            rule: self.rule,
            families,
        };
        supply_plan(model, demand, &settings).map_err(|e| e.to_string())
    }
}

/// Problems of a section as one error.
fn section_error(problems: &[FieldProblem]) -> ReviewError {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    ReviewError::Section(lines.join("; "))
}

/// The backtest of every item of the sales history, with the RMSE of each by item and by
/// family; `None` without a data section.
struct Backtests {
    summaries: Vec<BacktestSummary>,
    sigma_by_item: BTreeMap<String, f64>,
    sigma_by_family: BTreeMap<String, f64>,
    sigma_all: f64,
    items: usize,
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

fn backtests(doc: &Document) -> Result<Option<Backtests>, ReviewError> {
    let Some(data) = &doc.data else {
        return Ok(None);
    };
    let import = data.dataset().map_err(|p| section_error(&p))?;
    let dataset = import.dataset;
    let section = doc.forecast.clone().unwrap_or_default();
    let method = section
        .method_choice()
        .map_err(|p| ReviewError::Section(p.to_string()))?;
    let season = section
        .season_length
        .unwrap_or_else(|| dataset.granularity.season_length());
    let settings = ForecastSettings {
        horizon: section
            .horizon
            .unwrap_or_else(|| dataset.granularity.default_horizon())
            .clamp(1, 3 * season.max(1)),
        season_length: Some(season),
        levels: Vec::new(),
        method,
        backtest: true,
    };
    let mut out = Backtests {
        summaries: Vec::new(),
        sigma_by_item: BTreeMap::new(),
        sigma_by_family: BTreeMap::new(),
        sigma_all: 0.0,
        items: dataset.items.len(),
    };
    let mut family_var: BTreeMap<String, f64> = BTreeMap::new();
    let mut all_var = 0.0;
    for item in &dataset.items {
        let Ok(f) = forecast(&item.to_series(), &settings) else {
            continue;
        };
        let Some(b) = f.backtest else { continue };
        if let Some(sigma) = forecast_error_sigma(&b.accuracy) {
            out.sigma_by_item.insert(key(&item.id), sigma);
            if let Some(family) = &item.family {
                *family_var.entry(key(family)).or_insert(0.0) += sigma * sigma;
            }
            all_var += sigma * sigma;
        }
        out.summaries.push(b);
    }
    out.sigma_by_family = family_var.into_iter().map(|(k, v)| (k, v.sqrt())).collect();
    out.sigma_all = all_var.sqrt();
    Ok(Some(out))
}

/// The supply's items and availability, the capacity figures and the aggregate plan.
struct Supplied {
    supply: Supply,
    text: String,
    periods: Vec<String>,
    /// Item name, opening stock, demand, supply per period.
    items: Vec<(String, f64, Vec<f64>, Vec<f64>)>,
    availability: Availability,
    capacity: Option<CapacityFigures>,
    /// A unit's cost when the inventory section gives none, and where it comes from.
    default_cost: Option<(f64, String)>,
    plan_figures: Option<PlanFigures>,
    plan: Option<AggregatePlan>,
    supply_plan: Option<SupplyPlan>,
}

fn from_families(capacity: &CapacitySection) -> Result<Supplied, ReviewError> {
    let (model, demand, _) = capacity.load_check().map_err(ReviewError::Section)?;
    let plan = capacity
        .supply(&model, &demand)
        .map_err(ReviewError::Section)?;
    let items = plan
        .families
        .iter()
        .map(|f| {
            (
                f.family.clone(),
                f.initial_inventory,
                f.demand.clone(),
                f.production.clone(),
            )
        })
        .collect();
    Ok(Supplied {
        supply: Supply::Families,
        text: format!(
            "the capacity-constrained supply plan of {} ({})",
            crate::plural(plan.families.len(), "family", "families"),
            match plan.rule {
                AllocationRule::Margin => "scarce hours to the highest margin per bottleneck hour",
                AllocationRule::Priority => "scarce hours in the families' priority order",
            }
        ),
        periods: plan.periods.clone(),
        items,
        availability: Availability::from_supply_plan(&plan),
        capacity: Some(CapacityFigures::from_supply_plan(&plan)),
        default_cost: None,
        plan_figures: None,
        plan: None,
        supply_plan: Some(plan),
    })
}

fn from_aggregate(
    doc: &Document,
    inventory: &InventorySection,
    options: &ReviewOptions,
) -> Result<Supplied, ReviewError> {
    let input = doc
        .aggregate_plan
        .as_ref()
        .ok_or(ReviewError::Missing("aggregate_plan section"))?;
    let model = input.check().map_err(|p| section_error(&p))?;
    let plan = model
        .plan(options.strategy, &options.plan)
        .map_err(|e| ReviewError::Section(e.to_string()))?;
    if !plan.status.has_plan() {
        return Err(ReviewError::NoPlan {
            status: plan.status.name().to_string(),
            reason: plan
                .reason
                .as_ref()
                .map_or_else(String::new, |r| r.message.clone()),
        });
    }
    let cheapest = if options.strategy == Strategy::Optimal {
        Some(plan.clone())
    } else {
        model
            .plan(Strategy::Optimal, &options.plan)
            .ok()
            .filter(|p| p.status.has_plan())
    };
    let name = inventory.item_name().to_string();
    let item = InventoryItem::from_aggregate_plan(&name, &model, &plan, 0.0);
    Ok(Supplied {
        supply: Supply::AggregatePlan,
        text: format!("the {} aggregate plan of {name}", options.strategy.name()),
        periods: model.periods().to_vec(),
        items: vec![(name.clone(), item.opening_stock, item.demand, item.supply)],
        availability: Availability::from_aggregate_plan(
            &name,
            &plan,
            (model.initial_inventory - model.initial_backlog).max(0.0),
        ),
        capacity: CapacityFigures::from_aggregate(&model, &plan),
        default_cost: Some((
            model.costs.material_per_unit
                + model.labor_hours_per_unit * model.costs.regular_per_hour,
            format!(
                "material {} + {} labour hours at {} (the plan's rates)",
                show(model.costs.material_per_unit),
                show(model.labor_hours_per_unit),
                show(model.costs.regular_per_hour)
            ),
        )),
        plan_figures: PlanFigures::from_aggregate(&model, &plan, cheapest.as_ref()),
        plan: Some(plan),
        supply_plan: None,
    })
}

/// `"1 period"`, `"2.5 periods"`.
fn periods(x: f64) -> String {
    format!(
        "{} {}",
        show(x),
        if x == 1.0 { "period" } else { "periods" }
    )
}

/// Reviews `doc`: see the module documentation for what comes from where.
///
/// # Errors
/// [`ReviewError`] when the document has no supply to review, the supply asked for is
/// missing, a section cannot be used, the plan is infeasible, or the projection, the
/// promises or the KPIs refuse their inputs (each says which number and why).
pub fn review(doc: &Document, options: &ReviewOptions) -> Result<Review, ReviewError> {
    let inventory = doc.inventory.clone().unwrap_or_default();
    let families_ready = doc
        .capacity
        .as_ref()
        .is_some_and(CapacitySection::is_complete);
    let supply = match options.supply.or(inventory.supply) {
        Some(s) => s,
        None if families_ready => Supply::Families,
        None if doc.aggregate_plan.is_some() => Supply::AggregatePlan,
        None => return Err(ReviewError::NoSupply),
    };
    let supplied = match supply {
        Supply::Families => from_families(
            doc.capacity
                .as_ref()
                .filter(|c| c.is_complete())
                .ok_or(ReviewError::Missing("complete capacity section"))?,
        )?,
        Supply::AggregatePlan => from_aggregate(doc, &inventory, options)?,
    };
    let backtests = backtests(doc)?;
    let mut assumptions = vec![format!("Supply: {}.", supplied.text)];

    let mut items = Vec::with_capacity(supplied.items.len());
    let mut prices = Vec::with_capacity(supplied.items.len());
    for (name, opening, demand, supply) in &supplied.items {
        let default_cost = supplied.default_cost.as_ref().map_or(0.0, |(c, _)| *c);
        let terms = inventory.terms(name, default_cost);
        let mut policy = terms.policy;
        if let (Some(p), Some(b)) = (policy.as_mut(), &backtests) {
            if p.demand_sigma == 0.0 {
                let k = key(name);
                let sigma = b
                    .sigma_by_item
                    .get(&k)
                    .or_else(|| b.sigma_by_family.get(&k))
                    .copied()
                    .or((supplied.supply == Supply::AggregatePlan).then_some(b.sigma_all));
                if let Some(s) = sigma.filter(|s| *s > 0.0) {
                    p.demand_sigma = s;
                    assumptions.push(format!(
                        "Demand spread of {name}: {} units a period, from the forecast's backtest errors.",
                        show(s)
                    ));
                }
            }
        }
        items.push(InventoryItem {
            item: name.clone(),
            family: None,
            opening_stock: *opening,
            demand: demand.clone(),
            supply: supply.clone(),
            unit_cost: terms.unit_cost,
            policy,
        });
        prices.push((terms.price, terms.margin_per_unit));
    }
    let projection = project(&supplied.periods, &items, &inventory.settings())
        .map_err(ReviewError::Inventory)?;

    let promises = match doc.orders.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(text) => {
            let orders =
                parse_orders(text).map_err(|e| ReviewError::Section(format!("orders: {e}")))?;
            Some(promise_orders(&supplied.availability, &orders).map_err(ReviewError::Promise)?)
        }
        None => None,
    };

    let sales = projection
        .items
        .iter()
        .zip(&prices)
        .map(|(p, (price, margin))| SalesLine::from_projection(p, *price, *margin))
        .collect();
    let forecast = backtests
        .as_ref()
        .map(|b| ForecastFigures::from_backtests(&b.summaries));
    if let Some(b) = &backtests {
        assumptions.push(format!(
            "Forecast accuracy: a rolling-origin backtest of {} of {} items of the sales history.",
            b.summaries.len(),
            b.items
        ));
    }
    if let Some(policy) = inventory.policy {
        assumptions.push(format!(
            "Safety stock: {}, lead time {} (σ {}).",
            match policy.target {
                ServiceTarget::CycleService(p) => format!("{} % cycle service level", show(p)),
                ServiceTarget::FillRate(p) => format!("{} % fill rate", show(p)),
                ServiceTarget::Units(u) => format!("{} units fixed", show(u)),
            },
            periods(policy.lead_time),
            periods(policy.lead_time_sigma)
        ));
    } else {
        assumptions.push("No safety stock: the inventory section sets no policy.".to_string());
    }
    match (inventory.unit_cost, &supplied.default_cost) {
        (Some(c), _) => assumptions.push(format!("Unit cost {}.", show(c))),
        (None, Some((c, how))) => {
            assumptions.push(format!("Unit cost {} = {how}.", show(*c)));
        }
        (None, None) => assumptions
            .push("Unit cost 0: the inventory section gives none, so stock has no value.".into()),
    }
    assumptions.push(match inventory.price {
        Some(p) => format!("Price {} a unit.", show(p)),
        None => "No price: the inventory section gives none, so revenue at risk is not known."
            .to_string(),
    });
    assumptions.push(format!(
        "Overstock above {} periods of cover; holding costs {} % of value a period.",
        show(inventory.overstock_cover_periods),
        show(inventory.holding_rate_pct)
    ));
    let inputs = KpiInputs {
        periods: supplied.periods.clone(),
        forecast,
        sales,
        orders: promises.as_ref().map(OrderFigures::from_promises),
        capacity: supplied.capacity,
        inventory: Some(InventoryFigures::from_projection(&projection)),
        plan: supplied.plan_figures,
        holding_rate_pct: inventory.holding_rate_pct,
        ..KpiInputs::default()
    };
    let report = kpis(&inputs).map_err(ReviewError::Kpi)?;
    let health = health_summary(&inputs).map_err(ReviewError::Kpi)?;
    Ok(Review {
        supply: supplied.supply,
        supply_text: supplied.text,
        plan: supplied.plan,
        supply_plan: supplied.supply_plan,
        projection,
        promises,
        report,
        health,
        assumptions,
    })
}
