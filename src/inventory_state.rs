//! Section 5's part of the page state — the inventory policy as typed, which plan it
//! projects, the pasted customer orders and the "can we promise this?" question — and
//! the engine calls that turn them into the projection, the promises and the answer.
//!
//! What is projected: the plan solved in section 4 (the strategy shown there) as one
//! product line called [`AGGREGATE_ITEM`], or each family of section 3's supply plan
//! within capacity. One plan at a time, so that every figure of the section and of the
//! dashboard speaks of the same periods. Every number comes from the engine.

use std::rc::Rc;

use crate::locale::{field_text, typed_number};
use crate::text;
use attune_engine::document::{InventorySection, Supply};
use attune_engine::forecast::BacktestSummary;
use attune_engine::import::dataset::DatasetImport;
use attune_engine::inventory::{
    forecast_error_sigma, project, InventoryItem, InventoryPolicy, InventoryProjection,
    InventorySettings, ServiceTarget,
};
use attune_engine::kpi::dashboard::{aggregate_spare_units, demand_sigma, DemandSigma};
use attune_engine::plan::aggregate::{AggregatePlan, Model, Strategy};
use attune_engine::plan::capacity::{
    parse_bill, parse_resources, CapacityModel, RoughCut, SupplyPlan, TableError,
};
use attune_engine::promise::{
    can_promise, parse_orders, promise_orders, spare_units, Availability, Earliest, Order,
    PromiseAnswer, PromiseQuery, PromiseResult,
};

use crate::capacity_state::CapacityState;
use crate::plan_state::PlanState;
use crate::state::{AppState, ItemForecast};

/// What the aggregate plan's one product line is called in orders and tables.
pub const AGGREGATE_ITEM: &str = attune_engine::document::DEFAULT_ITEM;

/// σ_d as a share of mean demand, in percent, when no forecast backtest measures it.
pub const SIGMA_SHARE_PCT: f64 = 20.0;

/// Orders that match the example plan (Northwind Pumps, cost-optimal): the second
/// cannot ship in January with the first, so one order is late at once.
pub const EXAMPLE_ORDERS: &str = "Order\tCustomer\tItem\tQty\tRequested\n\
SO-101\tAcme Hydraulics\tTotal\t1500\t2027-01\n\
SO-102\tBrix Water\tTotal\t2500\t2027-01\n\
SO-103\tCorta Irrigation\tTotal\t2000\t2027-03\n\
SO-104\tDune Farms\tTotal\t3000\t2027-06\n";

/// Which plan the section projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Section 4's shown aggregate plan, as one product line.
    Aggregate,
    /// Every family of section 3's supply plan.
    Families,
}

/// The kind of service target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// Cycle service level.
    CycleService,
    /// Fill rate.
    FillRate,
}

/// A one-number input of the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Service level in percent.
    Service,
    /// Lead time in periods.
    LeadTime,
    /// Spread of the lead time in periods.
    LeadTimeSigma,
    /// Spread of demand per period in units (empty: from the backtest).
    DemandSigma,
    /// Money per unit held.
    UnitCost,
    /// Selling price per unit.
    Price,
    /// Periods of cover above which stock is overstock.
    OverstockCover,
}

impl Input {
    /// Every input, in the form's order.
    pub const ALL: [Self; 7] = [
        Self::Service,
        Self::LeadTime,
        Self::LeadTimeSigma,
        Self::DemandSigma,
        Self::UnitCost,
        Self::Price,
        Self::OverstockCover,
    ];

    fn index(self) -> usize {
        Self::ALL.iter().position(|i| *i == self).unwrap_or(0)
    }

    /// The form's label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Service => text::inventory::SERVICE,
            Self::LeadTime => text::inventory::LEAD_TIME,
            Self::LeadTimeSigma => text::inventory::LEAD_TIME_SIGMA,
            Self::DemandSigma => text::inventory::DEMAND_SIGMA,
            Self::UnitCost => text::inventory::UNIT_COST,
            Self::Price => text::inventory::PRICE,
            Self::OverstockCover => text::inventory::OVERSTOCK_COVER,
        }
    }

    /// The `data-testid` of its field.
    #[must_use]
    pub fn testid(self) -> &'static str {
        match self {
            Self::Service => "inv-service",
            Self::LeadTime => "inv-lead-time",
            Self::LeadTimeSigma => "inv-lead-time-sigma",
            Self::DemandSigma => "inv-demand-sigma",
            Self::UnitCost => "inv-unit-cost",
            Self::Price => "inv-price",
            Self::OverstockCover => "inv-overstock",
        }
    }

    /// What a new workspace starts with (the example plan's figures: material 40 and
    /// 2.5 labour hours at 22 make a unit cost of 95).
    #[must_use]
    pub fn default_text(self) -> &'static str {
        match self {
            Self::Service => "95",
            Self::LeadTime => "1",
            Self::LeadTimeSigma => "0",
            Self::DemandSigma => "",
            Self::UnitCost => "95",
            Self::Price => "150",
            Self::OverstockCover => "3",
        }
    }
}

/// A field of the "can we promise this?" question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// The item or family.
    Item,
    /// Units.
    Quantity,
    /// The period wanted.
    Period,
}

/// The section's inputs as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct InventoryState {
    /// Which plan is projected.
    pub source: Source,
    /// The kind of service target.
    pub target: TargetKind,
    /// The one-number inputs as typed, in [`Input::ALL`] order.
    pub inputs: [String; 7],
    /// The customer orders as pasted.
    pub orders: String,
    /// The question: item, quantity, period.
    pub question: [String; 3],
}

impl Default for InventoryState {
    fn default() -> Self {
        Self {
            source: Source::Aggregate,
            target: TargetKind::CycleService,
            inputs: Input::ALL.map(|i| i.default_text().to_string()),
            orders: EXAMPLE_ORDERS.to_string(),
            question: [AGGREGATE_ITEM.into(), "5000".into(), "2027-02".into()],
        }
    }
}

/// What the planner did in section 5.
#[derive(Debug, Clone, PartialEq)]
pub enum InventoryAction {
    /// Project another plan.
    Source(Source),
    /// Another kind of service target.
    Target(TargetKind),
    /// Typed into a policy field.
    Input(Input, String),
    /// Pasted or edited the orders.
    Orders(String),
    /// Typed into the question.
    Ask(Ask, String),
}

impl InventoryState {
    /// The state after `action`.
    #[must_use]
    pub fn apply(&self, action: InventoryAction) -> Self {
        let mut next = self.clone();
        match action {
            InventoryAction::Source(s) => next.source = s,
            InventoryAction::Target(t) => next.target = t,
            InventoryAction::Input(i, text) => next.inputs[i.index()] = text,
            InventoryAction::Orders(text) => next.orders = text,
            InventoryAction::Ask(a, text) => {
                let at = match a {
                    Ask::Item => 0,
                    Ask::Quantity => 1,
                    Ask::Period => 2,
                };
                next.question[at] = text;
            }
        }
        next
    }

    /// The text of `input`.
    #[must_use]
    pub fn input(&self, input: Input) -> &str {
        &self.inputs[input.index()]
    }

    /// The policy as checked numbers, or every field that cannot be read, in words.
    ///
    /// # Errors
    /// One message per field that is not a number (or is empty where a number is needed).
    pub fn policy(&self) -> Result<Policy, Vec<String>> {
        let mut problems = Vec::new();
        let mut read = |i: Input| -> Option<f64> {
            let text = self.input(i);
            match typed_number(text) {
                Ok(Some(v)) if v.is_finite() => Some(v),
                Ok(None) if i == Input::DemandSigma => None,
                Ok(None) => {
                    problems.push(text::fields::number_needed(i.label()));
                    None
                }
                _ => {
                    problems.push(text::fields::not_a_number(i.label(), text));
                    None
                }
            }
        };
        let values = Input::ALL.map(&mut read);
        if !problems.is_empty() {
            return Err(problems);
        }
        let v = |i: Input| values[i.index()].unwrap_or(0.0);
        Ok(Policy {
            target: match self.target {
                TargetKind::CycleService => ServiceTarget::CycleService(v(Input::Service)),
                TargetKind::FillRate => ServiceTarget::FillRate(v(Input::Service)),
            },
            lead_time: v(Input::LeadTime),
            lead_time_sigma: v(Input::LeadTimeSigma),
            demand_sigma: values[Input::DemandSigma.index()],
            unit_cost: v(Input::UnitCost),
            price: v(Input::Price),
            overstock_cover: v(Input::OverstockCover),
        })
    }
}

impl InventoryState {
    /// The document's `inventory` section for these inputs; `None` while a field cannot
    /// be read (the page says which). An empty σ is written as 0: "from the forecast".
    #[must_use]
    pub fn section(&self) -> Option<InventorySection> {
        let p = self.policy().ok()?;
        Some(InventorySection {
            unit_cost: Some(p.unit_cost),
            price: Some(p.price),
            policy: Some(InventoryPolicy {
                target: p.target,
                demand_sigma: p.demand_sigma.unwrap_or(0.0),
                lead_time: p.lead_time,
                lead_time_sigma: p.lead_time_sigma,
                order_quantity: None,
            }),
            overstock_cover_periods: p.overstock_cover,
            supply: Some(match self.source {
                Source::Aggregate => Supply::AggregatePlan,
                Source::Families => Supply::Families,
            }),
            ..InventorySection::default()
        })
    }

    /// The inputs a document's `inventory` section and `orders` describe; what they leave
    /// out keeps a new workspace's value (a fixed number of safety-stock units, which the
    /// page does not offer, keeps the default target).
    #[must_use]
    pub fn from_document(section: Option<&InventorySection>, orders: Option<&str>) -> Self {
        let mut state = Self::default();
        if let Some(orders) = orders {
            state.orders = orders.to_string();
        }
        let Some(s) = section else { return state };
        let mut set = |i: Input, v: Option<f64>| {
            if let Some(v) = v {
                state.inputs[i.index()] = field_text(v);
            }
        };
        set(Input::UnitCost, s.unit_cost);
        set(Input::Price, s.price);
        set(Input::OverstockCover, Some(s.overstock_cover_periods));
        if let Some(p) = s.policy {
            set(Input::LeadTime, Some(p.lead_time));
            set(Input::LeadTimeSigma, Some(p.lead_time_sigma));
            state.inputs[Input::DemandSigma.index()] = if p.demand_sigma > 0.0 {
                field_text(p.demand_sigma)
            } else {
                String::new()
            };
            match p.target {
                ServiceTarget::CycleService(v) => {
                    state.target = TargetKind::CycleService;
                    state.inputs[Input::Service.index()] = field_text(v);
                }
                ServiceTarget::FillRate(v) => {
                    state.target = TargetKind::FillRate;
                    state.inputs[Input::Service.index()] = field_text(v);
                }
                ServiceTarget::Units(_) => {}
            }
        }
        state.source = match s.supply {
            Some(Supply::Families) => Source::Families,
            _ => Source::Aggregate,
        };
        state
    }
}

/// The policy as numbers (the engine checks their ranges).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// The service target.
    pub target: ServiceTarget,
    /// L in periods.
    pub lead_time: f64,
    /// σ_LT in periods.
    pub lead_time_sigma: f64,
    /// σ_d as typed; `None`: from the backtest (or a share of demand).
    pub demand_sigma: Option<f64>,
    /// Money per unit.
    pub unit_cost: f64,
    /// Price per unit.
    pub price: f64,
    /// The overstock threshold.
    pub overstock_cover: f64,
}

/// The aggregate plan shown in section 4, checked and solved.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateSource {
    /// The checked model.
    pub model: Model,
    /// The shown strategy's plan.
    pub plan: AggregatePlan,
    /// The cost-optimal plan, to compare the cost with.
    pub cheapest: Option<AggregatePlan>,
}

/// Section 3's capacity model and plan.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilySource {
    /// The model as read.
    pub model: CapacityModel,
    /// The load check.
    pub rough: RoughCut,
    /// The supply plan within capacity.
    pub plan: SupplyPlan,
}

/// The plans the section can project, and the forecasts' backtests.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sources {
    /// The shown aggregate plan, once solved (and when it has a plan).
    pub aggregate: Option<AggregateSource>,
    /// The supply plan per family, when the capacity tables can be read.
    pub families: Option<FamilySource>,
    /// Every forecast's backtest, with its item's family.
    pub backtests: Vec<(Option<String>, BacktestSummary)>,
}

fn aggregate_source(plan: &PlanState) -> Option<AggregateSource> {
    let model = plan.input.check().ok()?;
    let shown = plan.shown_plan()?.as_ref().ok()?;
    if !shown.status.has_plan() {
        return None;
    }
    let at = Strategy::ALL.iter().position(|s| *s == Strategy::Optimal)?;
    let cheapest = plan
        .plans
        .as_ref()
        .and_then(|p| p.get(at))
        .and_then(|r| r.as_ref().ok())
        .cloned();
    Some(AggregateSource {
        model,
        plan: shown.clone(),
        cheapest,
    })
}

fn family_source(capacity: &CapacityState) -> Option<FamilySource> {
    let report = capacity.report();
    let rough = report.rough.ok()?;
    let plan = report.supply?.ok()?;
    let resources = parse_resources(&capacity.resources).ok()?;
    let bill = parse_bill(&capacity.bill).ok()?;
    Some(FamilySource {
        model: CapacityModel {
            periods: resources.periods,
            resources: resources.resources,
            bill,
        },
        rough,
        plan,
    })
}

impl Sources {
    /// What the workspace holds: section 4's shown plan, section 3's supply plan and the
    /// forecasts' backtests.
    #[must_use]
    pub fn from_app(state: &AppState) -> Self {
        Self::from_parts(
            &state.plan,
            &state.capacity,
            &state.forecasts,
            state.dataset(),
        )
    }

    /// The same from the parts of the workspace it reads.
    #[must_use]
    pub fn from_parts(
        plan: &PlanState,
        capacity: &CapacityState,
        forecasts: &[Option<ItemForecast>],
        dataset: Option<&DatasetImport>,
    ) -> Self {
        let items = dataset.map(|d| &d.dataset.items);
        let backtests = forecasts
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let f = f.as_ref()?.as_ref().ok()?;
                let family = items
                    .and_then(|it| it.get(i))
                    .and_then(|it| it.family.clone());
                Some((family, f.backtest?))
            })
            .collect();
        Self {
            aggregate: aggregate_source(plan),
            families: family_source(capacity),
            backtests,
        }
    }
}

/// An item's σ_d and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemSigma {
    /// The item.
    pub item: String,
    /// σ_d; `None` when the planner typed it.
    pub sigma: Option<DemandSigma>,
}

/// What the section shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlook {
    /// The plan projected (it may differ from the one asked for when that has none).
    pub source: Source,
    /// The policy, or what cannot be read.
    pub policy: Result<Policy, Vec<String>>,
    /// The projection, or why there is none.
    pub projection: Result<InventoryProjection, String>,
    /// σ_d per item.
    pub sigmas: Vec<ItemSigma>,
    /// The orders' promises; `None` without orders.
    pub promises: Option<Result<PromiseResult, String>>,
    /// Cells of the orders that cannot be read, each naming row and column.
    pub order_problems: Vec<String>,
    /// Per order: the earliest period from its requested one in which the same quantity
    /// again could be promised, after every order, with spare capacity (capable to
    /// promise); `None` when not within the horizon or without spare capacity figures.
    pub ctp: Vec<Option<Earliest>>,
    /// Units spare capacity could make, per item and period.
    pub spare: Vec<(String, Vec<f64>)>,
    /// The answer to the question, or why it cannot be answered.
    pub answer: Option<Result<PromiseAnswer, String>>,
    /// The periods.
    pub periods: Vec<String>,
}

/// What the chosen plan projects, before any policy: items (demand, supply, stock) and
/// what they have to promise from.
fn items_of(
    source: Source,
    sources: &Sources,
) -> Result<(Vec<String>, Vec<InventoryItem>, Availability), String> {
    match source {
        Source::Aggregate => {
            let a = sources
                .aggregate
                .as_ref()
                .ok_or_else(|| text::inventory::NO_AGGREGATE_PLAN.to_string())?;
            let item = InventoryItem::from_aggregate_plan(AGGREGATE_ITEM, &a.model, &a.plan, 0.0);
            let periods = a.plan.periods.iter().map(|p| p.period.clone()).collect();
            let on_hand = item.opening_stock.max(0.0);
            let availability = Availability::from_aggregate_plan(AGGREGATE_ITEM, &a.plan, on_hand);
            Ok((periods, vec![item], availability))
        }
        Source::Families => {
            let f = sources
                .families
                .as_ref()
                .ok_or_else(|| text::inventory::NO_FAMILY_PLAN.to_string())?;
            let items = f
                .plan
                .families
                .iter()
                .map(|fam| InventoryItem::from_family_plan(fam, 0.0))
                .collect();
            Ok((
                f.plan.periods.clone(),
                items,
                Availability::from_supply_plan(&f.plan),
            ))
        }
    }
}

/// The backtest RMSEs behind an item: every series for the aggregate plan, the family's
/// series for a family.
fn errors_for(source: Source, sources: &Sources, item: &str) -> Vec<f64> {
    sources
        .backtests
        .iter()
        .filter(|(family, _)| {
            source == Source::Aggregate
                || family
                    .as_deref()
                    .is_some_and(|f| f.trim().eq_ignore_ascii_case(item.trim()))
        })
        .filter_map(|(_, b)| forecast_error_sigma(&b.accuracy))
        .collect()
}

fn table_problems(e: &TableError) -> Vec<String> {
    match e {
        TableError::Cells { problems } => problems.iter().map(ToString::to_string).collect(),
        other => vec![other.to_string()],
    }
}

impl InventoryState {
    /// The projection, the promises and the answer for the chosen plan.
    #[must_use]
    pub fn outlook(&self, sources: &Sources) -> Outlook {
        let policy = self.policy();
        let (projected_items, spare_of) = match items_of(self.source, sources) {
            Ok(x) => (Ok(x), spare_for(self.source, sources)),
            Err(e) => (Err(e), Vec::new()),
        };
        let mut outlook = Outlook {
            source: self.source,
            policy: policy.clone(),
            projection: Err(String::new()),
            sigmas: Vec::new(),
            promises: None,
            order_problems: Vec::new(),
            ctp: Vec::new(),
            spare: spare_of,
            answer: None,
            periods: Vec::new(),
        };
        let (periods, items, availability) = match projected_items {
            Ok(x) => x,
            Err(e) => {
                outlook.projection = Err(e);
                return outlook;
            }
        };
        outlook.periods = periods.clone();
        outlook.projection = match &policy {
            Err(_) => Err(text::inventory::FIX_POLICY.to_string()),
            Ok(p) => {
                let mut sigmas = Vec::new();
                let items: Vec<InventoryItem> = items
                    .into_iter()
                    .map(|mut item| {
                        let sigma = match p.demand_sigma {
                            Some(s) => {
                                sigmas.push(ItemSigma {
                                    item: item.item.clone(),
                                    sigma: None,
                                });
                                s
                            }
                            None => {
                                let errors = errors_for(self.source, sources, &item.item);
                                let s = demand_sigma(&errors, &item.demand, SIGMA_SHARE_PCT);
                                sigmas.push(ItemSigma {
                                    item: item.item.clone(),
                                    sigma: Some(s),
                                });
                                s.sigma
                            }
                        };
                        item.unit_cost = p.unit_cost;
                        item.policy = Some(InventoryPolicy {
                            target: p.target,
                            demand_sigma: sigma,
                            lead_time: p.lead_time,
                            lead_time_sigma: p.lead_time_sigma,
                            order_quantity: None,
                        });
                        item
                    })
                    .collect();
                outlook.sigmas = sigmas;
                let settings = InventorySettings {
                    overstock_cover_periods: p.overstock_cover,
                };
                project(&periods, &items, &settings).map_err(|e| capitalized(&e.to_string()))
            }
        };
        if !self.orders.trim().is_empty() {
            let orders: Result<Vec<Order>, String> = parse_orders(&self.orders).map_err(|e| {
                outlook.order_problems = table_problems(&e);
                capitalized(&e.to_string())
            });
            let promised = orders.and_then(|o| {
                promise_orders(&availability, &o).map_err(|e| capitalized(&e.to_string()))
            });
            if let Ok(result) = &promised {
                outlook.ctp = result
                    .orders
                    .iter()
                    .map(|o| {
                        let spare = outlook
                            .spare
                            .iter()
                            .find(|(i, _)| i.eq_ignore_ascii_case(&o.item))
                            .map(|(_, s)| s.clone())?;
                        let query = PromiseQuery {
                            item: o.item.clone(),
                            quantity: o.quantity,
                            period: o.requested_period.clone(),
                            spare_capacity: Some(spare),
                        };
                        can_promise(result, &query).ok()?.with_capacity
                    })
                    .collect();
            }
            outlook.promises = Some(promised);
        }
        outlook.answer = self.answer(&availability, &outlook);
        outlook
    }

    /// "Can we promise this?" against what the orders leave, with spare capacity.
    fn answer(
        &self,
        availability: &Availability,
        outlook: &Outlook,
    ) -> Option<Result<PromiseAnswer, String>> {
        let [item, quantity, period] = &self.question;
        if item.trim().is_empty() && quantity.trim().is_empty() && period.trim().is_empty() {
            return None;
        }
        let q = match typed_number(quantity) {
            Ok(Some(q)) if q.is_finite() => q,
            Ok(_) => {
                return Some(Err(
                    text::fields::number_needed(text::inventory::QUANTITY) + "."
                ))
            }
            Err(_) => {
                return Some(Err(text::fields::not_a_number(
                    text::inventory::QUANTITY,
                    quantity,
                ) + "."))
            }
        };
        // Against the orders' commitments when they can be promised; else against the
        // plan alone (said in words).
        let base = match &outlook.promises {
            Some(Ok(r)) => r.clone(),
            _ => match promise_orders(availability, &[]) {
                Ok(r) => r,
                Err(e) => return Some(Err(capitalized(&e.to_string()))),
            },
        };
        let spare = outlook
            .spare
            .iter()
            .find(|(i, _)| i.trim().eq_ignore_ascii_case(item.trim()))
            .map(|(_, s)| s.clone());
        let query = PromiseQuery {
            item: item.clone(),
            quantity: q,
            period: period.clone(),
            spare_capacity: spare,
        };
        Some(can_promise(&base, &query).map_err(|e| capitalized(&e.to_string())))
    }
}

/// Units spare capacity could make per item: the aggregate plan's idle hours, or each
/// family's share of the supply plan's unused hours.
fn spare_for(source: Source, sources: &Sources) -> Vec<(String, Vec<f64>)> {
    match source {
        Source::Aggregate => sources
            .aggregate
            .iter()
            .map(|a| {
                (
                    AGGREGATE_ITEM.to_string(),
                    aggregate_spare_units(&a.model, &a.plan),
                )
            })
            .filter(|(_, s)| !s.is_empty())
            .collect(),
        Source::Families => sources
            .families
            .iter()
            .flat_map(|f| {
                f.plan.families.iter().filter_map(|fam| {
                    spare_units(&f.model, &f.plan, &fam.family)
                        .ok()
                        .map(|s| (fam.family.clone(), s))
                })
            })
            .collect(),
    }
}

/// A message as a sentence: first letter upper case.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// The outlook of `state`'s section 5, shared by the section and the dashboard.
#[must_use]
pub fn outlook_of(state: &AppState) -> (Rc<Sources>, Rc<Outlook>) {
    let sources = Sources::from_app(state);
    let outlook = state.inventory.outlook(&sources);
    (Rc::new(sources), Rc::new(outlook))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::plan_state::PlanAction;
    use crate::state::Action;
    use crate::worker::{answer, PlanRequest};
    use attune_engine::promise::PromiseStatus;
    use yew::Reducible;

    /// `state` with its plan solved, as the planner worker does.
    pub(crate) fn solve(state: AppState) -> AppState {
        let replies = answer(&PlanRequest::new(&state.plan.input));
        let plan = state.plan.apply(PlanAction::Solved {
            ticket: state.plan.ticket,
            replies,
        });
        AppState {
            plan: Rc::new(plan),
            ..state
        }
    }

    fn with(state: AppState, action: InventoryAction) -> AppState {
        AppState {
            inventory: Rc::new(state.inventory.apply(action)),
            ..state
        }
    }

    #[test]
    fn the_example_plan_projects_at_once() {
        let (_, o) = outlook_of(&solve(AppState::default()));
        let p = o.projection.as_ref().unwrap();
        let total = &p.items[0];
        assert_eq!(total.item, AGGREGATE_ITEM);
        // Opening 600; Jan 600 + 3,024 − 2,200 = 1,424; the plan owes 117 and 124 units at
        // the end of Aug and Sep.
        assert_eq!(total.projected[..2], [1424.0, 1904.0]);
        assert_eq!(total.projected[7..9], [-117.0, -124.0]);
        assert!(total.flags[7].stockout && total.flags[8].stockout);
        assert!(!total.flags[9].stockout);
        // No backtest: σ = 20 % of the mean demand 41,700 / 12 = 3,475 → 695; 95 % cycle
        // service, L = 1: SS = 1.645 × 695 = 1,143.2; reorder point 3,475 + SS.
        let sigma = o.sigmas[0].sigma.unwrap();
        assert_eq!(
            (sigma.sigma, sigma.source),
            (
                695.0,
                attune_engine::kpi::dashboard::SigmaSource::ShareOfDemand
            )
        );
        assert!((total.safety_stock_units - 1143.17).abs() < 0.01);
        assert!((total.reorder_point - 4618.17).abs() < 0.01);
        assert_eq!(o.periods.len(), 12);
    }

    #[test]
    fn the_example_orders_are_promised_with_one_late() {
        let (_, o) = outlook_of(&solve(AppState::default()));
        let r = o.promises.as_ref().unwrap().as_ref().unwrap();
        let status: Vec<PromiseStatus> = r.orders.iter().map(|o| o.status).collect();
        // Jan has 600 + 3,024 = 3,624: SO-101's 1,500 leave 2,124, short of SO-102's 2,500,
        // which waits for Feb's supply.
        assert_eq!(
            status,
            [
                PromiseStatus::OnTime,
                PromiseStatus::Late { periods: 1 },
                PromiseStatus::OnTime,
                PromiseStatus::OnTime
            ]
        );
        assert_eq!(r.items[0].cumulative_atp[..2], [2124.0, 2504.0]);
        // Jan's 960 spare units (idle hours and subcontracting) would have made it on time.
        assert_eq!(o.spare[0].1[0], 960.0);
        assert_eq!(o.ctp[1].as_ref().map(|e| e.name.as_str()), Some("2027-01"));
        // The same 1,500 again in Jan: 2,124 left there, so yes, on time.
        assert_eq!(o.ctp[0].as_ref().map(|e| e.periods_late), Some(0));
        // 5,000 in Feb: 2,504 there; with spare capacity by Mar, from stock by Apr.
        let a = o.answer.as_ref().unwrap().as_ref().unwrap();
        assert!(!a.yes);
        assert_eq!(
            a.answer,
            "Not in 2027-02: only 2,504 available to promise there, 4,424 with spare capacity. \
             The earliest is 2027-03 with spare capacity (2027-04 from stock and planned supply)."
        );
    }

    #[test]
    fn bad_fields_and_cells_are_named() {
        let s = with(
            solve(AppState::default()),
            InventoryAction::Input(Input::LeadTime, "two".into()),
        );
        let (_, o) = outlook_of(&s);
        assert_eq!(
            o.policy.as_ref().unwrap_err(),
            &["Lead time (periods): \"two\" is not a number".to_string()]
        );
        assert!(o.projection.is_err());
        let s = with(s, InventoryAction::Input(Input::LeadTime, "1".into()));
        let s = with(s, InventoryAction::Input(Input::Service, "100".into()));
        let err = outlook_of(&s).1.projection.clone().unwrap_err();
        assert!(
            err.starts_with("The cycle service level of item \"Total\" is 100 %"),
            "{err}"
        );
        let s = with(
            s,
            InventoryAction::Orders(
                "Customer\tItem\tQty\tRequested\nAcme\tTotal\tten\t2027-01\n".into(),
            ),
        );
        let (_, o) = outlook_of(&s);
        assert!(
            o.order_problems[0].starts_with("row 2, column \"Qty\": \"ten\""),
            "{:?}",
            o.order_problems
        );
        let s = with(
            s,
            InventoryAction::Orders(
                "Customer\tItem\tQty\tRequested\nAcme\tPumps\t10\t2027-01\n".into(),
            ),
        );
        let err = outlook_of(&s).1.promises.clone().unwrap().unwrap_err();
        assert!(
            err.contains("item \"Pumps\" is not in the supply plan (items: Total)"),
            "{err}"
        );
        let s = with(s, InventoryAction::Ask(Ask::Quantity, "lots".into()));
        assert_eq!(
            outlook_of(&s).1.answer.clone().unwrap().unwrap_err(),
            "Quantity: \"lots\" is not a number."
        );
    }

    #[test]
    fn families_of_the_supply_plan_can_be_projected() {
        let s = with(
            solve(AppState::default()),
            InventoryAction::Source(Source::Families),
        );
        let (_, o) = outlook_of(&s);
        let p = o.projection.as_ref().unwrap();
        let names: Vec<&str> = p.items.iter().map(|i| i.item.as_str()).collect();
        assert_eq!(names, ["A", "B", "C"]);
        assert_eq!(o.periods, ["Jan", "Feb", "Mar"]);
        assert_eq!(o.spare.len(), 3);
        // The example orders name "Total", which the families do not have.
        assert!(o.promises.clone().unwrap().is_err());
        // Without a solved aggregate plan, that source says so.
        let (_, o) = outlook_of(&AppState::default());
        assert!(o
            .projection
            .clone()
            .unwrap_err()
            .starts_with("The aggregate plan (section 4) has no plan yet"));
    }

    #[test]
    fn section_5_edits_can_be_undone() {
        let s = Rc::new(AppState::default());
        let s = s.reduce(Action::Inventory(InventoryAction::Input(
            Input::Service,
            "98".into(),
        )));
        assert_eq!(s.inventory.input(Input::Service), "98");
        assert_eq!(s.undo.last().unwrap().label, "inventory policy");
        let s = s.reduce(Action::Inventory(InventoryAction::Orders(String::new())));
        assert_eq!(s.undo.last().unwrap().label, "orders");
        let s = s.reduce(Action::Undo).reduce(Action::Undo);
        assert_eq!(*s.inventory, InventoryState::default());
    }
}
