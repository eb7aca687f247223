//! # The shared S&OP KPIs
//!
//! One set of numbers that sales, operations and finance read the same way. Every KPI
//! comes as a [`Kpi`]: its value and unit, a plain-words definition and its formula as
//! text (the app shows both "one click away"), and a traffic light judged by documented
//! thresholds that the planner may change ([`KpiThresholds`]). A KPI whose inputs are
//! missing has no value and no light, and its `detail` says what is missing.
//!
//! | KPI | formula | default light |
//! |---|---|---|
//! | Forecast error (WAPE) | Σ\|forecast − actual\| ÷ Σ actual × 100 | green ≤ 20 %, amber ≤ 35 %, red above |
//! | Forecast bias | Σ(forecast − actual) ÷ Σ actual × 100 | green within ±5 %, amber within ±10 %, red beyond |
//! | Forecast value added | (1 − MAE ÷ MAE of last year's pattern) × 100 | green ≥ 10 %, amber ≥ 0 %, red below |
//! | Projected fill rate | Σ demand met in its period ÷ Σ demand × 100 | green ≥ 98 %, amber ≥ 95 %, red below |
//! | On-time delivery | orders promised on time ÷ orders × 100 | green ≥ 95 %, amber ≥ 85 %, red below |
//! | Average utilization | Σ load hours ÷ Σ regular hours × 100 | green ≤ 85 %, amber ≤ 95 %, red above |
//! | Peak utilization | max over resources and periods of load ÷ regular hours × 100 | green ≤ 90 %, amber ≤ 100 %, red above |
//! | Revenue at risk | Σ unmet demand × price ÷ Σ demand × price × 100 | green ≤ 2 %, amber ≤ 5 %, red above |
//! | Inventory value | mean over periods of Σ on hand × unit cost | green ≤ 120 % of target, amber ≤ 150 %, red above |
//! | Inventory swing | highest − lowest period's inventory value | green ≤ 50 % of the mean value, amber ≤ 100 %, red above |
//! | Cost of the plan | total cost of the aggregate plan | green ≤ 2 % above the cheapest plan, amber ≤ 10 %, red above |
//! | Cost of misalignment | (lost margin + overtime premium + expediting premium + excess holding) ÷ revenue × 100 | green ≤ 2 %, amber ≤ 5 %, red above |
//!
//! Where the pieces come from:
//! - *Forecast*: the backtest accuracy (`forecast::accuracy`), pooled over series by
//!   volume ([`ForecastFigures::from_backtests`]). "Last year's pattern" is seasonal
//!   naive over the same backtest windows.
//! - *Demand met and unmet*: per item and period, from the inventory projection
//!   ([`SalesLine::from_projection`]). Unmet demand is owed (it may ship late), so the
//!   revenue is *at risk*, not lost; its margin counts as lost in the cost of
//!   misalignment, which is the pessimistic reading.
//! - *Utilization*: from the rough-cut check or the supply plan ([`CapacityFigures`]).
//! - *Target inventory*: safety stock plus half a period's mean demand, at cost — the
//!   average stock of an item replenished every period that keeps its safety stock.
//! - *Overtime premium*: overtime hours × (overtime rate − regular rate). *Expediting
//!   premium*: subcontracted units × (subcontract price − in-house cost of material and
//!   regular labour). *Excess holding*: stock above safety stock × unit cost × the
//!   holding rate per period ([`KpiInputs::holding_rate_pct`], default 2 % a period,
//!   about 25 % a year for monthly buckets).
//!
//! [`health_summary`] turns the same inputs into a few sentences for the first screen
//! ("3 of 12 periods above 95 % load; 18 % of revenue at risk in Jun; the forecast beats
//! last year's pattern by 22 %").
//!
//! ```
//! use attune_engine::kpi::{health_summary, kpis, KpiInputs, KpiKey, Light, SalesLine};
//!
//! let inputs = KpiInputs {
//!     periods: vec!["Jan".into(), "Feb".into()],
//!     sales: vec![SalesLine {
//!         item: "Pump".into(),
//!         price: 50.0,
//!         margin_per_unit: 20.0,
//!         demand: vec![100.0, 100.0],
//!         unmet: vec![0.0, 10.0],
//!     }],
//!     ..KpiInputs::default()
//! };
//! let report = kpis(&inputs)?;
//! let fill = report.get(KpiKey::FillRate).unwrap();
//! // 190 of 200 units met in their period: 95 %, amber (green from 98 %).
//! assert_eq!(fill.value, Some(95.0));
//! assert_eq!(fill.light, Some(Light::Amber));
//! let notes = health_summary(&inputs)?;
//! assert_eq!(notes[0].text, "10 % of revenue at risk in Feb (500 of 5,000); 5 % over the horizon.");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod dashboard;
mod figures;
mod health;
mod words;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use figures::{
    CapacityFigures, ForecastFigures, InventoryFigures, OrderFigures, PlanFigures, ResourceFigures,
    SalesLine,
};
pub use health::{health_summary, HealthNote, Topic};
pub use words::{pct, show, signed_pct};

/// The largest quantity, price or amount of money Attune accepts in the KPI inputs.
pub const MAX_AMOUNT: f64 = 1e15;

/// What a KPI's value is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Percent.
    Percent,
    /// The document's currency.
    Money,
}

/// A traffic light.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    /// On target.
    Green,
    /// Watch it.
    Amber,
    /// Act on it.
    Red,
}

impl Light {
    /// `green`, `amber` or `red`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Amber => "amber",
            Self::Red => "red",
        }
    }
}

/// Which way a KPI is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    /// Higher is better (fill rate).
    Higher,
    /// Lower is better (forecast error).
    Lower,
    /// Closer to zero is better, either side (bias).
    NearZero,
}

/// Where a KPI turns amber and red.
///
/// - `Higher`: green when value ≥ `green`, red when value < `red`, amber between.
/// - `Lower`: green when value ≤ `green`, red when value > `red`, amber between.
/// - `NearZero`: as `Lower`, on the value's size |value|.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Which way is better.
    pub better: Better,
    /// The edge of green.
    pub green: f64,
    /// The edge of red.
    pub red: f64,
}

impl Thresholds {
    /// Higher is better: green from `green` up, red below `red`.
    #[must_use]
    pub const fn higher(green: f64, red: f64) -> Self {
        Self {
            better: Better::Higher,
            green,
            red,
        }
    }

    /// Lower is better: green up to `green`, red above `red`.
    #[must_use]
    pub const fn lower(green: f64, red: f64) -> Self {
        Self {
            better: Better::Lower,
            green,
            red,
        }
    }

    /// Closer to zero is better: green within ±`green`, red beyond ±`red`.
    #[must_use]
    pub const fn near_zero(green: f64, red: f64) -> Self {
        Self {
            better: Better::NearZero,
            green,
            red,
        }
    }

    /// The light for `value`.
    #[must_use]
    pub fn judge(&self, value: f64) -> Light {
        match self.better {
            Better::Higher if value >= self.green => Light::Green,
            Better::Higher if value < self.red => Light::Red,
            Better::Lower if value <= self.green => Light::Green,
            Better::Lower if value > self.red => Light::Red,
            Better::NearZero if value.abs() <= self.green => Light::Green,
            Better::NearZero if value.abs() > self.red => Light::Red,
            _ => Light::Amber,
        }
    }

    /// The rule in words, numbers in `unit`.
    #[must_use]
    pub fn describe(&self, unit: Unit) -> String {
        let v = |x: f64| match unit {
            Unit::Percent => pct(x),
            Unit::Money => show(x),
        };
        match self.better {
            Better::Higher => format!(
                "green from {} up, amber from {}, red below {}",
                v(self.green),
                v(self.red),
                v(self.red)
            ),
            Better::Lower => format!(
                "green up to {}, amber up to {}, red above {}",
                v(self.green),
                v(self.red),
                v(self.red)
            ),
            Better::NearZero => format!(
                "green within ±{}, amber within ±{}, red beyond",
                v(self.green),
                v(self.red)
            ),
        }
    }

    /// Checks that the edges are finite and in the right order.
    fn check(&self, name: &str) -> Result<(), KpiError> {
        let ordered = match self.better {
            Better::Higher => self.green >= self.red,
            Better::Lower => self.green <= self.red,
            Better::NearZero => 0.0 <= self.green && self.green <= self.red,
        };
        if self.green.is_finite() && self.red.is_finite() && ordered {
            Ok(())
        } else {
            Err(KpiError::BadThresholds {
                kpi: name.to_string(),
                reason: match self.better {
                    Better::Higher => "the green edge must be finite and at or above the red edge",
                    Better::Lower => "the green edge must be finite and at or below the red edge",
                    Better::NearZero => {
                        "the green edge must be finite, from 0 up, and at or below the red edge"
                    }
                }
                .to_string(),
            })
        }
    }
}

/// Which KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiKey {
    /// Forecast error (WAPE).
    ForecastWape,
    /// Forecast bias.
    ForecastBias,
    /// Forecast value added against last year's pattern.
    ForecastValueAdded,
    /// Projected fill rate.
    FillRate,
    /// On-time delivery.
    OnTimeDelivery,
    /// Average capacity utilization.
    UtilizationAverage,
    /// Peak capacity utilization.
    UtilizationPeak,
    /// Revenue at risk.
    RevenueAtRisk,
    /// Inventory value.
    InventoryValue,
    /// Inventory swing.
    InventorySwing,
    /// Cost of the plan.
    PlanCost,
    /// Cost of misalignment.
    MisalignmentCost,
}

impl KpiKey {
    /// Every KPI, in the order the app shows them.
    pub const ALL: [Self; 12] = [
        Self::ForecastWape,
        Self::ForecastBias,
        Self::ForecastValueAdded,
        Self::FillRate,
        Self::OnTimeDelivery,
        Self::UtilizationAverage,
        Self::UtilizationPeak,
        Self::RevenueAtRisk,
        Self::InventoryValue,
        Self::InventorySwing,
        Self::PlanCost,
        Self::MisalignmentCost,
    ];

    /// Its name on a card.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::ForecastWape => "Forecast error (WAPE)",
            Self::ForecastBias => "Forecast bias",
            Self::ForecastValueAdded => "Forecast value added",
            Self::FillRate => "Projected fill rate",
            Self::OnTimeDelivery => "On-time delivery",
            Self::UtilizationAverage => "Average utilization",
            Self::UtilizationPeak => "Peak utilization",
            Self::RevenueAtRisk => "Revenue at risk",
            Self::InventoryValue => "Inventory value",
            Self::InventorySwing => "Inventory swing",
            Self::PlanCost => "Cost of the plan",
            Self::MisalignmentCost => "Cost of misalignment",
        }
    }

    /// What it means, in plain words.
    #[must_use]
    pub fn definition(self) -> &'static str {
        match self {
            Self::ForecastWape => "How far the forecast was from what happened, as a share of what happened, over the backtest periods.",
            Self::ForecastBias => "Whether the forecast runs high (positive) or low (negative) on balance, as a share of what happened.",
            Self::ForecastValueAdded => "How much smaller the forecast's error is than that of simply repeating last year's pattern (negative: bigger).",
            Self::FillRate => "The share of demand the plan meets from stock in the period it is wanted.",
            Self::OnTimeDelivery => "The share of customer orders that can be promised in full in the period the customer asked for.",
            Self::UtilizationAverage => "How much of the regular hours the plan's load takes, over all resources and periods.",
            Self::UtilizationPeak => "The busiest resource in its busiest period: load against regular hours.",
            Self::RevenueAtRisk => "The sales value of demand the plan cannot meet in its period, as a share of all demand's sales value.",
            Self::InventoryValue => "The stock the plan leaves on hand, at cost, on average over the periods.",
            Self::InventorySwing => "How far the inventory value moves between its highest and lowest period.",
            Self::PlanCost => "What the plan costs over the horizon: labour, hiring and layoffs, stock, backlog, material and subcontracting.",
            Self::MisalignmentCost => "What the gap between sales and operations costs: margin lost on unmet demand, the premium paid for overtime and subcontracting, and holding stock beyond safety stock, as a share of revenue.",
        }
    }

    /// Its formula as text.
    #[must_use]
    pub fn formula(self) -> &'static str {
        match self {
            Self::ForecastWape => "WAPE = Σ|forecast − actual| ÷ Σ|actual| × 100",
            Self::ForecastBias => "bias = Σ(forecast − actual) ÷ Σ|actual| × 100",
            Self::ForecastValueAdded => "value added = (1 − MAE ÷ MAE of last year's pattern) × 100",
            Self::FillRate => "fill rate = Σ demand met in its period ÷ Σ demand × 100",
            Self::OnTimeDelivery => "on time = orders promised in full in the requested period ÷ all orders × 100",
            Self::UtilizationAverage => "utilization = Σ load hours ÷ Σ regular hours × 100",
            Self::UtilizationPeak => "peak = max over resources and periods of (load hours ÷ regular hours) × 100",
            Self::RevenueAtRisk => "at risk = Σ unmet demand × price ÷ Σ demand × price × 100",
            Self::InventoryValue => "value = mean over periods of Σ items (units on hand × unit cost)",
            Self::InventorySwing => "swing = highest period's inventory value − lowest period's",
            Self::PlanCost => "cost = Σ periods (regular + overtime + hire + layoff + holding + backlog + material + subcontract)",
            Self::MisalignmentCost => "misalignment = (Σ unmet × margin + overtime hours × (overtime − regular rate) + subcontracted units × (subcontract price − in-house cost) + Σ stock above safety stock × unit cost × holding rate) ÷ revenue × 100",
        }
    }
}

/// The thresholds of every KPI. The defaults are those of the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KpiThresholds {
    /// WAPE in percent (default: lower, 20 / 35).
    pub forecast_wape: Thresholds,
    /// Bias in percent of volume (default: near zero, 5 / 10).
    pub forecast_bias: Thresholds,
    /// Value added in percent (default: higher, 10 / 0).
    pub forecast_value_added: Thresholds,
    /// Fill rate in percent (default: higher, 98 / 95).
    pub fill_rate: Thresholds,
    /// On-time delivery in percent (default: higher, 95 / 85).
    pub on_time_delivery: Thresholds,
    /// Average utilization in percent (default: lower, 85 / 95).
    pub utilization_average: Thresholds,
    /// Peak utilization in percent (default: lower, 90 / 100).
    pub utilization_peak: Thresholds,
    /// Revenue at risk in percent of revenue (default: lower, 2 / 5).
    pub revenue_at_risk: Thresholds,
    /// Inventory value in percent of the target inventory (default: lower, 120 / 150).
    pub inventory_vs_target: Thresholds,
    /// Swing in percent of the mean inventory value (default: lower, 50 / 100).
    pub swing_vs_mean: Thresholds,
    /// Plan cost in percent above the cheapest plan (default: lower, 2 / 10).
    pub plan_cost_above_cheapest: Thresholds,
    /// Cost of misalignment in percent of revenue (default: lower, 2 / 5).
    pub misalignment: Thresholds,
    /// Load in percent of regular hours above which [`health_summary`] counts a period
    /// as heavily loaded (default 95).
    pub high_load_pct: f64,
}

impl Default for KpiThresholds {
    fn default() -> Self {
        Self {
            forecast_wape: Thresholds::lower(20.0, 35.0),
            forecast_bias: Thresholds::near_zero(5.0, 10.0),
            forecast_value_added: Thresholds::higher(10.0, 0.0),
            fill_rate: Thresholds::higher(98.0, 95.0),
            on_time_delivery: Thresholds::higher(95.0, 85.0),
            utilization_average: Thresholds::lower(85.0, 95.0),
            utilization_peak: Thresholds::lower(90.0, 100.0),
            revenue_at_risk: Thresholds::lower(2.0, 5.0),
            inventory_vs_target: Thresholds::lower(120.0, 150.0),
            swing_vs_mean: Thresholds::lower(50.0, 100.0),
            plan_cost_above_cheapest: Thresholds::lower(2.0, 10.0),
            misalignment: Thresholds::lower(2.0, 5.0),
            high_load_pct: 95.0,
        }
    }
}

impl KpiThresholds {
    fn check(&self) -> Result<(), KpiError> {
        let all = [
            ("forecast_wape", self.forecast_wape),
            ("forecast_bias", self.forecast_bias),
            ("forecast_value_added", self.forecast_value_added),
            ("fill_rate", self.fill_rate),
            ("on_time_delivery", self.on_time_delivery),
            ("utilization_average", self.utilization_average),
            ("utilization_peak", self.utilization_peak),
            ("revenue_at_risk", self.revenue_at_risk),
            ("inventory_vs_target", self.inventory_vs_target),
            ("swing_vs_mean", self.swing_vs_mean),
            ("plan_cost_above_cheapest", self.plan_cost_above_cheapest),
            ("misalignment", self.misalignment),
        ];
        for (name, t) in all {
            t.check(name)?;
        }
        if !(self.high_load_pct.is_finite() && self.high_load_pct >= 0.0) {
            return Err(KpiError::BadValue {
                what: "the high-load threshold".to_string(),
                value: self.high_load_pct,
                reason: "give a percentage from 0 up".to_string(),
            });
        }
        Ok(())
    }
}

/// Everything the KPIs are computed from. Leave out what is not known yet: the KPIs that
/// need it then have no value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KpiInputs {
    /// The planning periods, by name (every list per period has one value for each).
    pub periods: Vec<String>,
    /// Forecast accuracy from the backtest.
    pub forecast: Option<ForecastFigures>,
    /// Demand, unmet demand and prices per item.
    pub sales: Vec<SalesLine>,
    /// How the customer orders were promised.
    pub orders: Option<OrderFigures>,
    /// Load and hours per resource.
    pub capacity: Option<CapacityFigures>,
    /// Inventory value per period.
    pub inventory: Option<InventoryFigures>,
    /// The aggregate plan's cost.
    pub plan: Option<PlanFigures>,
    /// Cost of holding stock per period, in percent of its value (default 2).
    pub holding_rate_pct: f64,
    /// Where the lights change.
    pub thresholds: KpiThresholds,
}

impl Default for KpiInputs {
    fn default() -> Self {
        Self {
            periods: Vec::new(),
            forecast: None,
            sales: Vec::new(),
            orders: None,
            capacity: None,
            inventory: None,
            plan: None,
            holding_rate_pct: 2.0,
            thresholds: KpiThresholds::default(),
        }
    }
}

/// One KPI, ready for a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    /// Which KPI.
    pub key: KpiKey,
    /// Its name.
    pub name: String,
    /// Its value; `None` when its inputs are missing.
    pub value: Option<f64>,
    /// What the value is measured in.
    pub unit: Unit,
    /// The money behind a percentage (revenue at risk, cost of misalignment).
    pub amount: Option<f64>,
    /// What it means.
    pub definition: String,
    /// How it is computed.
    pub formula: String,
    /// The light; `None` without a value or without the reference it is judged against.
    pub light: Option<Light>,
    /// The thresholds the light was judged by, in the value's unit.
    pub thresholds: Option<Thresholds>,
    /// The thresholds in words.
    pub rule: String,
    /// The figures behind the value, or what is missing.
    pub detail: String,
}

/// The parts of the cost of misalignment, in money.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Misalignment {
    /// Σ unmet demand × margin per unit (negative margins count as 0).
    pub lost_margin: f64,
    /// Overtime hours × (overtime rate − regular rate).
    pub overtime_premium: f64,
    /// Subcontracted units × (subcontract price − in-house cost).
    pub expediting_premium: f64,
    /// Σ stock above safety stock × unit cost × holding rate.
    pub excess_holding: f64,
    /// The sum of the four.
    pub total: f64,
}

/// Every KPI, with the per-period figures behind them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiReport {
    /// One per [`KpiKey::ALL`], in that order.
    pub kpis: Vec<Kpi>,
    /// The periods.
    pub periods: Vec<String>,
    /// Σ demand × price per period.
    pub revenue_by_period: Vec<f64>,
    /// Σ unmet demand × price per period.
    pub revenue_at_risk_by_period: Vec<f64>,
    /// Σ demand × price.
    pub revenue: f64,
    /// The cost of misalignment, part by part.
    pub misalignment: Misalignment,
}

impl KpiReport {
    /// The KPI `key`.
    #[must_use]
    pub fn get(&self, key: KpiKey) -> Option<&Kpi> {
        self.kpis.iter().find(|k| k.key == key)
    }
}

/// Why the KPIs cannot be computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum KpiError {
    /// A list per period does not have one value per period.
    PeriodCount {
        /// What the values are (`the demand of item "Pump"`).
        what: String,
        /// How many it has.
        found: usize,
        /// How many periods there are.
        expected: usize,
    },
    /// A number cannot be used.
    BadValue {
        /// Where it is.
        what: String,
        /// The number.
        value: f64,
        /// Why not, and what to do.
        reason: String,
    },
    /// A KPI's thresholds are not in order.
    BadThresholds {
        /// The KPI's field in [`KpiThresholds`].
        kpi: String,
        /// What is wrong.
        reason: String,
    },
}

impl fmt::Display for KpiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PeriodCount {
                what,
                found,
                expected,
            } => crate::write_period_count(f, what, *found, *expected),
            Self::BadValue {
                what,
                value,
                reason,
            } => write!(f, "{what} is {}: {reason}", show(*value)),
            Self::BadThresholds { kpi, reason } => {
                write!(f, "the thresholds of {kpi}: {reason}")
            }
        }
    }
}

impl std::error::Error for KpiError {}

/// Checks a number: finite, within ±[`MAX_AMOUNT`], and not negative unless allowed.
pub(crate) fn check_amount(
    value: f64,
    negative_ok: bool,
    what: impl FnOnce() -> String,
) -> Result<f64, KpiError> {
    let reason = if !value.is_finite() {
        "it is not a finite number".to_string()
    } else if value < 0.0 && !negative_ok {
        "it cannot be negative".to_string()
    } else if value.abs() > MAX_AMOUNT {
        format!("it is larger than Attune accepts ({MAX_AMOUNT:e})")
    } else {
        return Ok(value);
    };
    Err(KpiError::BadValue {
        what: what(),
        value,
        reason,
    })
}

/// A checked list per period.
pub(crate) fn check_series(values: &[f64], periods: &[String], what: &str) -> Result<(), KpiError> {
    if values.len() != periods.len() {
        return Err(KpiError::PeriodCount {
            what: what.to_string(),
            found: values.len(),
            expected: periods.len(),
        });
    }
    for (v, p) in values.iter().zip(periods) {
        check_amount(*v, false, || format!("{what} in {p}"))?;
    }
    Ok(())
}

/// The checked inputs with what several KPIs share.
pub(crate) struct Basis {
    pub revenue_by_period: Vec<f64>,
    pub at_risk_by_period: Vec<f64>,
    pub revenue: f64,
    pub at_risk: f64,
    pub demand: f64,
    pub unmet: f64,
    pub lost_margin: f64,
}

pub(crate) fn basis(inputs: &KpiInputs) -> Result<Basis, KpiError> {
    inputs.thresholds.check()?;
    let periods = &inputs.periods;
    let n = periods.len();
    if !(inputs.holding_rate_pct.is_finite() && (0.0..=100.0).contains(&inputs.holding_rate_pct)) {
        return Err(KpiError::BadValue {
            what: "the holding rate".to_string(),
            value: inputs.holding_rate_pct,
            reason:
                "give the cost of holding stock per period in percent of its value, from 0 to 100"
                    .to_string(),
        });
    }
    let mut b = Basis {
        revenue_by_period: vec![0.0; n],
        at_risk_by_period: vec![0.0; n],
        revenue: 0.0,
        at_risk: 0.0,
        demand: 0.0,
        unmet: 0.0,
        lost_margin: 0.0,
    };
    for line in &inputs.sales {
        line.check(periods)?;
        for t in 0..n {
            b.revenue_by_period[t] += line.demand[t] * line.price;
            b.at_risk_by_period[t] += line.unmet[t] * line.price;
            b.demand += line.demand[t];
            b.unmet += line.unmet[t];
            b.lost_margin += line.unmet[t] * line.margin_per_unit.max(0.0);
        }
    }
    b.revenue = b.revenue_by_period.iter().sum();
    b.at_risk = b.at_risk_by_period.iter().sum();
    if let Some(f) = &inputs.forecast {
        f.check()?;
    }
    if let Some(c) = &inputs.capacity {
        c.check(periods)?;
    }
    if let Some(i) = &inputs.inventory {
        i.check(periods)?;
    }
    if let Some(p) = &inputs.plan {
        p.check()?;
    }
    if let Some(o) = &inputs.orders {
        o.check()?;
    }
    Ok(b)
}

fn card(key: KpiKey, unit: Unit) -> Kpi {
    Kpi {
        key,
        name: key.name().to_string(),
        value: None,
        unit,
        amount: None,
        definition: key.definition().to_string(),
        formula: key.formula().to_string(),
        light: None,
        thresholds: None,
        rule: String::new(),
        detail: String::new(),
    }
}

/// Fills in a value judged by `thresholds` (in the value's unit).
fn judged(mut kpi: Kpi, value: f64, thresholds: Thresholds, detail: String) -> Kpi {
    kpi.value = Some(value);
    kpi.light = Some(thresholds.judge(value));
    kpi.rule = thresholds.describe(kpi.unit);
    kpi.thresholds = Some(thresholds);
    kpi.detail = detail;
    kpi
}

fn missing(mut kpi: Kpi, thresholds: Thresholds, detail: &str) -> Kpi {
    kpi.rule = thresholds.describe(kpi.unit);
    kpi.detail = detail.to_string();
    kpi
}

/// Thresholds given relative to a reference (in percent of it), in money.
fn scaled(t: Thresholds, reference: f64) -> Thresholds {
    Thresholds {
        better: t.better,
        green: t.green / 100.0 * reference,
        red: t.red / 100.0 * reference,
    }
}

/// Computes every KPI of [`KpiKey::ALL`] from `inputs` (see the module documentation
/// for each formula and its default thresholds).
///
/// # Errors
/// [`KpiError`] when a list per period does not have one value per period, a number is
/// not finite, negative where it cannot be or too large, unmet demand exceeds demand, or
/// thresholds are out of order. Each error names the item, resource or threshold.
pub fn kpis(inputs: &KpiInputs) -> Result<KpiReport, KpiError> {
    let b = basis(inputs)?;
    let th = &inputs.thresholds;
    let mut out = Vec::with_capacity(KpiKey::ALL.len());

    // Forecast.
    let f = inputs.forecast.as_ref();
    let no_forecast = "no forecast backtest yet: forecast with a backtest to measure it";
    let series = f.map_or(String::new(), |f| {
        format!("over {}", crate::plural(f.series, "series", "series"))
    });
    let wape = card(KpiKey::ForecastWape, Unit::Percent);
    out.push(match f.and_then(|f| f.wape_pct) {
        Some(v) => judged(wape, v, th.forecast_wape, format!("backtest {series}")),
        None => missing(wape, th.forecast_wape, no_forecast),
    });
    let bias = card(KpiKey::ForecastBias, Unit::Percent);
    out.push(match f.and_then(|f| f.bias_pct) {
        Some(v) => {
            let side = if v > 0.0 {
                "over-forecast"
            } else if v < 0.0 {
                "under-forecast"
            } else {
                "no bias"
            };
            judged(
                bias,
                v,
                th.forecast_bias,
                format!("{side}, backtest {series}"),
            )
        }
        None => missing(bias, th.forecast_bias, no_forecast),
    });
    let skill = card(KpiKey::ForecastValueAdded, Unit::Percent);
    out.push(match f.and_then(|f| f.value_added_pct) {
        Some(v) => judged(
            skill,
            v,
            th.forecast_value_added,
            format!("against last year's pattern, backtest {series}"),
        ),
        None => missing(
            skill,
            th.forecast_value_added,
            "no comparison with last year's pattern (no backtest, or last year's pattern made no error)",
        ),
    });

    // Service.
    let fill = card(KpiKey::FillRate, Unit::Percent);
    out.push(if b.demand > 0.0 {
        let v = (100.0 * (b.demand - b.unmet) / b.demand).clamp(0.0, 100.0);
        judged(
            fill,
            v,
            th.fill_rate,
            format!(
                "{} of {} units met in their period",
                show(b.demand - b.unmet),
                show(b.demand)
            ),
        )
    } else {
        missing(fill, th.fill_rate, "no demand to meet")
    });
    let otd = card(KpiKey::OnTimeDelivery, Unit::Percent);
    out.push(match inputs.orders.as_ref().filter(|o| o.orders > 0) {
        Some(o) => judged(
            otd,
            100.0 * o.on_time as f64 / o.orders as f64,
            th.on_time_delivery,
            format!(
                "{} of {} on time",
                o.on_time,
                crate::plural(o.orders, "order", "orders")
            ),
        ),
        None => missing(otd, th.on_time_delivery, "no customer orders to promise"),
    });

    // Capacity.
    let (avg, peak) = capacity_kpis(inputs);
    out.push(avg);
    out.push(peak);

    // Revenue at risk.
    let risk = card(KpiKey::RevenueAtRisk, Unit::Percent);
    out.push(if b.revenue > 0.0 {
        let mut k = judged(
            risk,
            100.0 * b.at_risk / b.revenue,
            th.revenue_at_risk,
            format!("{} of {} revenue", show(b.at_risk), show(b.revenue)),
        );
        k.amount = Some(b.at_risk);
        k
    } else {
        missing(
            risk,
            th.revenue_at_risk,
            "no revenue: give demand and prices per item",
        )
    });

    // Inventory.
    let (value, swing) = inventory_kpis(inputs);
    out.push(value);
    out.push(swing);

    // Plan cost.
    let cost = card(KpiKey::PlanCost, Unit::Money);
    out.push(match &inputs.plan {
        None => missing(cost, th.plan_cost_above_cheapest, "no aggregate plan yet"),
        Some(p) => match p.cheapest_cost.filter(|c| *c > 0.0) {
            Some(cheapest) => {
                let t = scaled(th.plan_cost_above_cheapest, cheapest);
                let shifted = Thresholds {
                    green: cheapest + t.green,
                    red: cheapest + t.red,
                    ..t
                };
                judged(
                    cost,
                    p.total_cost,
                    shifted,
                    format!(
                        "{} above the cheapest plan ({})",
                        pct(100.0 * (p.total_cost - cheapest) / cheapest),
                        show(cheapest)
                    ),
                )
            }
            None => {
                let mut k = missing(
                    cost,
                    th.plan_cost_above_cheapest,
                    "no cheapest plan to compare with: plan the optimal strategy too",
                );
                k.value = Some(p.total_cost);
                k
            }
        },
    });

    // Misalignment.
    let excess_holding = inputs.inventory.as_ref().map_or(0.0, |i| {
        i.excess_value.iter().sum::<f64>() * inputs.holding_rate_pct / 100.0
    });
    let (overtime_premium, expediting_premium) = inputs
        .plan
        .as_ref()
        .map_or((0.0, 0.0), |p| (p.overtime_premium, p.expediting_premium));
    let m = Misalignment {
        lost_margin: b.lost_margin,
        overtime_premium,
        expediting_premium,
        excess_holding,
        total: b.lost_margin + overtime_premium + expediting_premium + excess_holding,
    };
    let mis = card(KpiKey::MisalignmentCost, Unit::Percent);
    out.push(if b.revenue > 0.0 {
        let mut k = judged(
            mis,
            100.0 * m.total / b.revenue,
            th.misalignment,
            format!(
                "{} of {} revenue: lost margin {}, overtime premium {}, expediting premium {}, excess holding {}",
                show(m.total),
                show(b.revenue),
                show(m.lost_margin),
                show(m.overtime_premium),
                show(m.expediting_premium),
                show(m.excess_holding)
            ),
        );
        k.amount = Some(m.total);
        k
    } else {
        let mut k = missing(
            mis,
            th.misalignment,
            "no revenue to compare with: give demand and prices per item",
        );
        k.amount = Some(m.total);
        k
    });

    Ok(KpiReport {
        kpis: out,
        periods: inputs.periods.clone(),
        revenue_by_period: b.revenue_by_period,
        revenue_at_risk_by_period: b.at_risk_by_period,
        revenue: b.revenue,
        misalignment: m,
    })
}

/// The busiest resource-period: (resource, period, utilization in percent).
pub(crate) fn peak_load(inputs: &KpiInputs) -> Option<(usize, usize, f64)> {
    let c = inputs.capacity.as_ref()?;
    let mut best: Option<(usize, usize, f64)> = None;
    for (r, res) in c.resources.iter().enumerate() {
        for (t, (load, hours)) in res.load_hours.iter().zip(&res.regular_hours).enumerate() {
            if *hours > 0.0 {
                let u = 100.0 * load / hours;
                if best.is_none_or(|(_, _, b)| u > b) {
                    best = Some((r, t, u));
                }
            }
        }
    }
    best
}

fn capacity_kpis(inputs: &KpiInputs) -> (Kpi, Kpi) {
    let th = &inputs.thresholds;
    let avg = card(KpiKey::UtilizationAverage, Unit::Percent);
    let peak = card(KpiKey::UtilizationPeak, Unit::Percent);
    let Some(c) = &inputs.capacity else {
        let why = "no capacity model yet";
        return (
            missing(avg, th.utilization_average, why),
            missing(peak, th.utilization_peak, why),
        );
    };
    let load: f64 = c.resources.iter().flat_map(|r| &r.load_hours).sum();
    let hours: f64 = c.resources.iter().flat_map(|r| &r.regular_hours).sum();
    let avg = if hours > 0.0 {
        judged(
            avg,
            100.0 * load / hours,
            th.utilization_average,
            format!("{} load hours on {} regular hours", show(load), show(hours)),
        )
    } else {
        missing(
            avg,
            th.utilization_average,
            "no regular hours on any resource",
        )
    };
    let peak = match peak_load(inputs) {
        Some((r, t, u)) => {
            let bottleneck = c
                .bottleneck
                .clone()
                .unwrap_or_else(|| c.resources[r].resource.clone());
            judged(
                peak,
                u,
                th.utilization_peak,
                format!(
                    "{} in {}; bottleneck: {bottleneck}",
                    c.resources[r].resource,
                    inputs.periods.get(t).map_or("", String::as_str)
                ),
            )
        }
        None => missing(
            peak,
            th.utilization_peak,
            "no regular hours on any resource",
        ),
    };
    (avg, peak)
}

fn inventory_kpis(inputs: &KpiInputs) -> (Kpi, Kpi) {
    let th = &inputs.thresholds;
    let value = card(KpiKey::InventoryValue, Unit::Money);
    let swing = card(KpiKey::InventorySwing, Unit::Money);
    let Some(i) = inputs.inventory.as_ref().filter(|i| !i.value.is_empty()) else {
        let why = "no inventory projection yet";
        return (
            missing(value, th.inventory_vs_target, why),
            missing(swing, th.swing_vs_mean, why),
        );
    };
    let mean = i.value.iter().sum::<f64>() / i.value.len() as f64;
    let highest = i.value.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lowest = i.value.iter().copied().fold(f64::INFINITY, f64::min);
    let value = match i.target_value.filter(|t| *t > 0.0) {
        Some(target) => judged(
            value,
            mean,
            scaled(th.inventory_vs_target, target),
            format!(
                "{} of the target inventory ({}: safety stock plus half a period's demand)",
                pct(100.0 * mean / target),
                show(target)
            ),
        ),
        None => {
            let mut k = missing(
                value,
                th.inventory_vs_target,
                "no target inventory to judge it by (no safety stock and no demand)",
            );
            k.value = Some(mean);
            k
        }
    };
    let at = |v: f64| {
        i.value
            .iter()
            .position(|x| *x == v)
            .and_then(|t| inputs.periods.get(t))
            .map_or(String::new(), Clone::clone)
    };
    let swing = judged(
        swing,
        highest - lowest,
        scaled(th.swing_vs_mean, mean),
        format!(
            "from {} in {} to {} in {}",
            show(lowest),
            at(lowest),
            show(highest),
            at(highest)
        ),
    );
    (value, swing)
}
