//! Every word the page shows, in one place: labels, headings, buttons, hints, status
//! words and sentence templates (small functions), grouped by section, in English. A
//! translation or a change of wording happens here; the components only place them.
//!
//! What is not here, on purpose: the engine's messages (import problems, plan
//! infeasibility reasons, health sentences, KPI names and definitions) stay in the
//! engine — they are data in words, made where the facts are and shared with the CLI.
//! Numbers inside sentences are written by [`crate::format`] in the page's locale.
//! Everything else the page shows is here, keeping a workspace (`keep`) and the charts'
//! download buttons included; the workshop walkthrough's script — its stops' sentences,
//! which interleave words with the workspace's live figures — is its own file,
//! [`walkthrough`].

pub mod walkthrough;

/// The workspace: masthead, steps, status and actions.
pub mod app {
    pub const FORECAST_VALUE_ADDED: &str = "Forecast value added: ";
    pub const ATTUNE: &str = "Attune";
    pub const TAGLINE: &str =
        "Sales & operations planning in your browser. Your data never leaves this page.";
    pub const STEP_DATA: &str = "1 · Bring your sales history";
    pub const STEP_FORECAST: &str = "2 · Forecast";
    pub const CANCEL: &str = "Cancel";
    pub const PERIODS_AHEAD: &str = "Periods ahead";
    pub const METHOD: &str = "Method";
    pub const AUTOMATIC_DEMAND_PATTERN: &str = "Automatic (by demand pattern)";
    pub const SEASON_LENGTH: &str = "Season length";
    pub const STEP_CAPACITY: &str = "3 · Match capacity: load, bottleneck and supply by family";
    pub const STEP_PLAN: &str = "4 · The aggregate plan: level, chase or least cost";
    pub const WORKSPACE: &str = "Workspace";
    pub const READING_PASTE: &str = "Reading the pasted table…";
    pub const READING_AGAIN: &str = "Reading the table again…";
    pub const READING_SHEET: &str = "Reading the sheet…";
    pub const FORECAST_PREFIX: &str = "Forecast: ";
    pub const OVERRIDES_NEUTRAL: &str = "the overrides neither helped nor hurt";
    pub const UNDO: &str = "Undo";
    pub const REDO: &str = "Redo";
    pub const NOTHING_TO_UNDO: &str = "Nothing to undo";
    pub const NOTHING_TO_REDO: &str = "Nothing to redo";

    /// While a file of `bytes` bytes is read; past a megabyte its size says why it
    /// takes a moment.
    #[must_use]
    pub fn reading(name: &str, bytes: usize) -> String {
        #[allow(clippy::cast_precision_loss)]
        let megabytes = bytes as f64 / 1e6;
        if megabytes >= 1.0 {
            format!(
                "Reading {name} ({} MB)…",
                crate::format::quantity(megabytes)
            )
        } else {
            format!("Reading {name}…")
        }
    }

    /// The undo button, naming the edit.
    #[must_use]
    pub fn undo(what: &str) -> String {
        format!("Undo {what}")
    }

    /// The undo button's hint.
    #[must_use]
    pub fn undo_title(what: &str) -> String {
        format!("Undo the {what} (Ctrl+Z)")
    }

    /// The redo button, naming the edit.
    #[must_use]
    pub fn redo(what: &str) -> String {
        format!("Redo {what}")
    }

    /// The redo button's hint.
    #[must_use]
    pub fn redo_title(what: &str) -> String {
        format!("Redo the {what} (Ctrl+Shift+Z)")
    }

    /// Progress of a forecast run.
    #[must_use]
    pub fn forecasting(done: usize, total: usize) -> String {
        format!("Forecasting {done} of {total} items…")
    }

    /// The overrides helped by `pct` (written).
    #[must_use]
    pub fn overrides_more_accurate(pct: &str) -> String {
        format!("the overrides made the forecast {pct}% more accurate")
    }

    /// The overrides hurt by `pct` (written).
    #[must_use]
    pub fn overrides_less_accurate(pct: &str) -> String {
        format!("the overrides made the forecast {pct}% less accurate")
    }

    /// Forecast value added of an item's overrides, figures written.
    #[must_use]
    pub fn value_added(
        periods: usize,
        consensus_mae: &str,
        statistical_mae: &str,
        verdict: &str,
    ) -> String {
        let periods = if periods == 1 {
            "1 overridden period".to_string()
        } else {
            format!("{periods} overridden periods")
        };
        format!("on {periods} with actuals, sales' overrides were off by {consensus_mae} units on average against {statistical_mae} for the statistical forecast — {verdict}.")
    }

    /// A cancelled forecast run.
    #[must_use]
    pub fn stopped(done: usize, total: usize) -> String {
        format!("Stopped after {done} of {total} items.")
    }
}

/// Step 1, the data: samples and files.
pub mod data {
    pub const OPEN_FILE_CSV_TSV: &str =
        "…or open a file (CSV, TSV, XLSX, XLS, ODS), or drop it here: ";
    pub const TRY_SAMPLE: &str = "Try a sample: ";
    pub const SAMPLE_FAMILY_MONTHLY: &str = "Monthly product families with prices";
    pub const SAMPLE_SPARES_WEEKLY: &str = "Weekly spare parts (intermittent)";
    pub const SAMPLE_WIDE_EUROPEAN: &str = "Wide Excel sheet, European numbers";
    pub const SAMPLE_NOT_LOADED: &str = "the sample could not be loaded";

    /// A file the browser could not read.
    #[must_use]
    pub fn unreadable(name: &str) -> String {
        format!("{name}: the browser could not read the file")
    }

    /// A bundled sample the server did not give.
    #[must_use]
    pub fn sample_http(status: u16) -> String {
        format!("the sample could not be loaded (HTTP {status})")
    }
}

/// The paste box.
pub mod paste {
    pub const PASTE_HINT: &str = "Paste a table from Excel or Google Sheets: one row per item and period (item, date, quantity, and optionally family, price, cost), one row per item with a column per month, or just period and quantity.";
}

/// The mapping preview.
pub mod preview {
    pub const FIRST_ROW_HEADER: &str = "First row is a header";
    pub const ROW: &str = "Row";
    pub const LAYOUT: &str = "Layout";
    pub const LAYOUT_LONG: &str = "Long: one row per item and period";
    pub const LAYOUT_WIDE: &str = "Wide: one column per period";
    pub const LAYOUT_SINGLE: &str = "One series";
    pub const DECIMAL_MARK: &str = "Decimal mark";
    pub const MARK_POINT: &str = "1,234.5 (point)";
    pub const MARK_COMMA: &str = "1.234,5 (comma)";
    pub const DATE_ORDER: &str = "Dates like 03/04/2024";
    pub const DATE_AUTO: &str = "Decide from the data";
    pub const DATE_DMY: &str = "Day/month/year";
    pub const DATE_MDY: &str = "Month/day/year";
    pub const PERIODS: &str = "Periods";
    pub const GAPS: &str = "Periods without a row";
    pub const GAPS_ZERO: &str = "Nothing sold (0)";
    pub const GAPS_MISSING: &str = "Not recorded (missing)";
    pub const SHEET: &str = "Sheet";

    /// A period length to group by (`monthly buckets`).
    #[must_use]
    pub fn buckets(adjective: &str) -> String {
        format!("{adjective} buckets")
    }
}

/// What the import read.
pub mod import_report {
    pub const AMBIGUOUS_DATE_ORDER: &str = "Dates like 03/04/2024 could be day/month or month/day. They were read as day/month — pick the order above if that is wrong.";

    fn count(n: usize, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// What was read: `3 items, 24 monthly periods from 2024-01 to 2025-12; 72 of 72 rows used.`
    #[must_use]
    pub fn summary(
        items: usize,
        periods: usize,
        adjective: &str,
        start: &str,
        end: &str,
        (used, read, skipped): (usize, usize, usize),
    ) -> String {
        let skipped = if skipped > 0 {
            format!(", {skipped} skipped")
        } else {
            String::new()
        };
        format!(
            "{}, {periods} {adjective} periods from {start} to {end}; {used} of {} used{skipped}.",
            count(items, "item", "items"),
            count(read, "row", "rows"),
        )
    }

    /// The problems' heading.
    #[must_use]
    pub fn problems(n: usize) -> String {
        count(n, "problem", "problems")
    }
}

/// The sales pipeline (CRM export).
pub mod pipeline {
    pub const SALES_PIPELINE_CRM_EXPORT: &str = "Sales pipeline (CRM export)";
    pub const PASTE_OPEN_OPPORTUNITIES_OPPORTUNITY: &str = "Paste open opportunities: opportunity, item or family, quantity or value, expected close, probability.";
    pub const PIPELINE_PLACEHOLDER: &str = "The pipeline…";
    pub const BLEND_ADD: &str = "comes on top of the statistical forecast";
    pub const BLEND_MAX: &str = "counts where it is larger";
    pub const BLEND_REPLACE: &str = "replaces it where it has a figure";

    /// How many opportunities were read.
    #[must_use]
    pub fn read(n: usize) -> String {
        format!("{n} open opportunities read.")
    }
}

/// The item overview.
pub mod overview {
    pub const FAMILY: &str = "Family";
    pub const METHOD: &str = "Method";
    pub const ERROR_VS_LAST_YEAR: &str = "Error vs last year's pattern";
    pub const BACKTEST_ERROR_COMPARED_REPEATING: &str =
        "Backtest error compared with repeating last year's pattern";
    pub const ITEM: &str = "Item";
    pub const LAST_SEASON_VOLUME: &str = "Last season's volume";
    pub const DEMAND_PATTERN: &str = "Demand pattern";
    pub const BACKTEST_ERROR: &str = "Backtest error (MASE)";

    /// An item whose forecast failed, with the engine's reason.
    #[must_use]
    pub fn no_forecast(reason: &impl std::fmt::Display) -> String {
        format!("no forecast: {reason}")
    }

    /// The backtest error is `pct` (written) lower than last year's pattern.
    #[must_use]
    pub fn lower(pct: &str) -> String {
        format!("{pct}% lower")
    }

    /// The backtest error is `pct` (written) higher than last year's pattern.
    #[must_use]
    pub fn higher(pct: &str) -> String {
        format!("{pct}% higher")
    }
}

/// The forecast table of one item.
pub mod results {
    pub const PERIOD: &str = "Period";
    pub const HISTORY: &str = "History";
    pub const STATISTICAL: &str = "Statistical";
    pub const PIPELINE: &str = "Pipeline";
    pub const SALES_OVERRIDE: &str = "Sales override";
    pub const CONSENSUS: &str = "Consensus";
    pub const OPEN_OPPORTUNITIES_THEIR_WIN: &str = "Open opportunities × their win probability";
    pub const TYPE_QUANTITY_CHANGE_LIKE: &str =
        "Type a quantity, or a change like +10% or -5%; clear it to remove";
    pub const OVERRIDE: &str = "override";

    /// The override field of a period.
    #[must_use]
    pub fn override_for(period: &str) -> String {
        format!("Override for {period}")
    }

    /// The interval column's title (`80%`).
    #[must_use]
    pub fn range(level: &str) -> String {
        format!("{level} range")
    }
}

/// Families and their totals.
pub mod family {
    pub const FAMILY: &str = "Family";
    pub const ITEMS: &str = "Items";
    pub const LAST_SEASON_S_VOLUME: &str = "Last season's volume";
    pub const FAMILY_TOTAL_SPLIT_OVER: &str = "A family total is split over the items in proportion to their forecast; items with their own override keep it.";
    pub const PERIOD: &str = "Period";
    pub const HISTORY: &str = "History";
    pub const STATISTICAL: &str = "Statistical";
    pub const FAMILY_TOTAL: &str = "Family total";
    pub const CONSENSUS: &str = "Consensus";
    pub const FAMILY_TOTAL_PLACEHOLDER: &str = "family total";

    /// The family total field of a period.
    #[must_use]
    pub fn total_for(period: &str) -> String {
        format!("Family total for {period}")
    }

    /// The family view's heading.
    #[must_use]
    pub fn heading(family: &str, items: usize) -> String {
        format!("Family {family} — {items} items")
    }
}

/// The step bar.
pub mod flow {
    pub const STEPS: &str = "Steps";
    pub const STEP_DATA: &str = "Data";
    pub const STEP_FORECAST: &str = "Forecast";
    pub const STEP_CAPACITY: &str = "Capacity";
    pub const STEP_PLAN: &str = "Plan";
    pub const STEP_INVENTORY: &str = "Inventory & promises";
    pub const STEP_DASHBOARD: &str = "Dashboard";
    pub const MARK_DONE: &str = "done";
    pub const MARK_WORKING: &str = "working";
    pub const MARK_ATTENTION: &str = "needs attention";
    pub const MARK_WAITING: &str = "waiting";
    pub const READING: &str = "reading…";
    pub const TABLE_PROBLEM: &str = "table problem";
    pub const UNREADABLE: &str = "could not be read";
    pub const NOT_LOADED: &str = "not loaded";
    pub const WAITING_FOR_DATA: &str = "waiting for data";
    pub const FITS: &str = "fits";
    pub const SOLVING: &str = "solving…";
    pub const STOPPED: &str = "stopped: not solved";
    pub const PLAN_PROBLEM: &str = "plan problem";
    pub const POLICY_PROBLEM: &str = "policy problem";
    pub const WAITING_FOR_PLAN: &str = "waiting for the plan";
    pub const NOTHING_TO_PROJECT: &str = "nothing to project";
    pub const ORDERS_ON_TIME: &str = "orders on time";
    pub const ORDERS_PROBLEM: &str = "orders problem";
    pub const NO_KPIS: &str = "no KPIs";
    pub const ALL_GREEN: &str = "all green";
    pub const NO_LIGHTS: &str = "no lights yet";

    fn count(n: usize, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// The data step: `12 items, monthly`.
    #[must_use]
    pub fn items_of(items: usize, adjective: &str) -> String {
        format!("{}, {adjective}", count(items, "item", "items"))
    }

    /// The forecast step while it runs.
    #[must_use]
    pub fn forecasting(done: usize, total: usize) -> String {
        format!("forecasting {done} of {total}…")
    }

    /// The forecast step, cancelled.
    #[must_use]
    pub fn stopped(done: usize, total: usize) -> String {
        format!("stopped at {done} of {total}")
    }

    /// The forecast step, done.
    #[must_use]
    pub fn forecast(done: usize, total: usize) -> String {
        format!("{done} of {total} forecast")
    }

    /// The forecast step with items left without a forecast.
    #[must_use]
    pub fn without(forecast: &str, failed: usize) -> String {
        format!("{forecast}, {} without", count(failed, "item", "items"))
    }

    /// The capacity step's bottleneck at its peak (percentage written).
    #[must_use]
    pub fn bottleneck_at(resource: &str, pct: &str, period: &str) -> String {
        format!("bottleneck {resource}, {pct} % in {period}")
    }

    /// The capacity step's bottleneck.
    #[must_use]
    pub fn bottleneck(resource: &str) -> String {
        format!("bottleneck {resource}")
    }

    /// The inventory step's stockouts.
    #[must_use]
    pub fn stockouts(n: usize) -> String {
        if n == 0 {
            "no stockouts".to_string()
        } else {
            count(n, "stockout", "stockouts")
        }
    }

    /// Orders promised late.
    #[must_use]
    pub fn orders_late(n: usize) -> String {
        format!("{} late", count(n, "order", "orders"))
    }

    /// Orders short.
    #[must_use]
    pub fn orders_short(n: usize) -> String {
        format!("{} short", count(n, "order", "orders"))
    }

    /// The dashboard step's lights (at least one red or amber).
    #[must_use]
    pub fn lights(red: usize, amber: usize) -> String {
        match (red, amber) {
            (0, a) => format!("{a} amber"),
            (r, 0) => format!("{r} red"),
            (r, a) => format!("{r} red, {a} amber"),
        }
    }
}

/// Section 3, capacity and the supply plan by family.
pub mod capacity {
    pub const PASTE_CAPACITY_MODEL_EXCEL: &str = "Paste the capacity model from Excel: the hours each resource has, the hours a unit takes on it, and the demand. The load is checked against the hours, and scarce hours are shared out by margin per bottleneck hour or by your priority.";
    pub const USE_FAMILY_FORECASTS_DEMAND: &str = "Use the family forecasts as demand";
    pub const SHARE_SCARCE_HOURS: &str = "Share scarce hours by ";
    pub const MARGIN_PER_BOTTLENECK_HOUR: &str = "margin per bottleneck hour";
    pub const PRIORITY_ROW_ORDER: &str = "priority (row order)";
    pub const LOAD_AGAINST_CAPACITY: &str = "Load against capacity";
    pub const RESOURCE: &str = "Resource";
    pub const PEAK: &str = "Peak";
    pub const FITS_REGULAR_TIME: &str = "fits in regular time";
    pub const NEEDS_OVERTIME: &str = "needs overtime";
    pub const BEYOND_OVERTIME: &str = "beyond overtime";
    pub const SUPPLY_PLAN_WITHIN_CAPACITY: &str = "Supply plan within capacity";
    pub const FAMILY: &str = "Family";
    pub const RESOURCES: &str = "Resources: hours per period";
    pub const BILL: &str = "Bill of resources: hours per unit";
    pub const DEMAND_PER_FAMILY: &str = "Demand per family";
    pub const TERMS: &str = "Margin and starting stock per family (row order = priority)";
    pub const BOTTLENECK_BADGE: &str = "bottleneck";
    pub const ALL_REGULAR: &str =
        "Everything is made on regular time (building ahead where needed).";
    pub const LINE_DEMAND: &str = "Demand";
    pub const LINE_MADE: &str = "Made";
    pub const LINE_BUILT: &str = "Built ahead (stock)";
    pub const LINE_SHORT: &str = "Short";

    /// The bottleneck callout when it needs more than regular time (figures written).
    #[must_use]
    pub fn bottleneck_overloaded(
        resource: &str,
        hours: &str,
        overloaded: usize,
        periods: usize,
        peak: &str,
    ) -> String {
        format!("Bottleneck: {resource} — {hours} hours above regular time in {overloaded} of {periods} periods; peak load {peak} of its regular hours.")
    }

    /// The bottleneck callout when everything fits in regular time.
    #[must_use]
    pub fn bottleneck_fits(resource: &str, peak: &str) -> String {
        format!("Bottleneck: {resource} — the busiest resource, at most {peak} of its regular hours; everything fits in regular time.")
    }

    /// A heat-map cell's hint (figures written).
    #[must_use]
    pub fn load_title(load: &str, regular: &str, overtime: &str) -> String {
        format!("{load} hours of load; {regular} regular and {overtime} overtime hours available")
    }

    /// Everything is made, with overtime.
    #[must_use]
    pub fn all_with_overtime(hours: &str) -> String {
        format!("Everything is made, with {hours} overtime hours.")
    }

    /// A shortfall (figures written).
    #[must_use]
    pub fn short(units: &str, periods: &str, overtime: &str, margin_lost: &str) -> String {
        format!("{units} units cannot be made in time ({periods}), even with {overtime} overtime hours; margin lost {margin_lost}.")
    }

    /// A family's priority rank.
    #[must_use]
    pub fn rank(rank: usize) -> String {
        format!("rank {rank}")
    }
}

/// Section 4, the aggregate plan.
pub mod plan {
    pub const DEMAND_MEETS_WORKFORCE_OVERTIME: &str = "Demand meets workforce, overtime, subcontracting and inventory. Level keeps one workforce all year, chase follows demand, cost-optimal finds the least total cost of all terms.";
    pub const USE_CONSENSUS_FORECAST_DEMAND: &str = "Use the consensus forecast as demand";
    pub const BACK_EXAMPLE_NORTHWIND_PUMPS: &str = "Back to the example (Northwind Pumps)";
    pub const WHOLE_WORKERS_UNITS: &str = " Whole workers and units";
    pub const PERIOD: &str = "Period";
    pub const DEMAND: &str = "Demand";
    pub const HOURS_PER_WORKER: &str = "Hours per worker";
    pub const THREE_STRATEGIES_SIDE_SIDE: &str = "Three strategies, side by side";
    pub const COST: &str = "Cost";
    pub const STATUS: &str = "Status";
    pub const TOTAL_COST: &str = "Total cost";
    pub const REGULAR_TIME: &str = "Regular time";
    pub const OVERTIME: &str = "Overtime";
    pub const SUBCONTRACTED: &str = "Subcontracted";
    pub const INVENTORY_BELOW_ZERO_BACKLOG: &str = "Inventory (below zero: backlog)";
    pub const WORKERS: &str = "Workers";
    pub const HIRED: &str = "Hired";
    pub const LAID_OFF: &str = "Laid off";
    pub const OVERTIME_HOURS: &str = "Overtime hours";
    pub const MADE: &str = "Made";
    pub const INVENTORY: &str = "Inventory";
    pub const BACKLOG: &str = "Backlog";
    pub const NO_LIMIT: &str = "no limit";
    pub const SUPPLY_SOURCE_AGAINST_DEMAND: &str =
        "Supply by source against demand, with the inventory line";
    pub const LEVEL: &str = "Level";
    pub const CHASE: &str = "Chase";
    pub const OPTIMAL: &str = "Cost-optimal";
    pub const STATUS_OPTIMAL: &str = "optimal (proven least cost)";
    pub const STATUS_FEASIBLE: &str = "feasible";
    pub const STATUS_INFEASIBLE: &str = "cannot be met";
    pub const STATUS_UNBOUNDED: &str = "unbounded";
    pub const PLANNING: &str = "Planning…";
    pub const STOP: &str = "Stop";
    pub const STOP_TITLE: &str = "Stop waiting for this solve (the planner finishes it in the background and its answer is dropped)";
    pub const STOPPED: &str =
        "Stopped: the plan was not solved. Change an input, or solve it again.";
    pub const SOLVE_AGAIN: &str = "Solve again";
    /// Beside the bar while the planner solves.
    #[must_use]
    pub fn planning_limit(seconds: f64) -> String {
        format!(
            "Level, chase and cost-optimal are solved in turn, each for {} s at most \
             (then with the best plan found and how far from the optimum it can be). \
             An edit starts again.",
            crate::format::quantity(seconds)
        )
    }
    /// The cost terms, in the engine's order (`costs.named()`).
    pub const COST_TERMS: [&str; 8] = [
        "Regular time",
        "Overtime",
        "Hiring",
        "Layoffs",
        "Holding",
        "Backlog",
        "Material",
        "Subcontracting",
    ];

    /// A period's demand field.
    #[must_use]
    pub fn demand_in(period: &str) -> String {
        format!("Demand in {period}")
    }

    /// A period's hours field.
    #[must_use]
    pub fn hours_in(period: &str) -> String {
        format!("Hours per worker in {period}")
    }

    /// Why a strategy has no plan (the engine's reason).
    #[must_use]
    pub fn reason(strategy: &str, why: &impl std::fmt::Display) -> String {
        format!("{strategy}: {why}")
    }

    /// The shown plan's heading.
    #[must_use]
    pub fn detail_heading(strategy: &str) -> String {
        format!("{strategy} plan, period by period")
    }
    pub const INITIAL_INVENTORY: &str = "Starting inventory (units)";
    pub const INITIAL_BACKLOG: &str = "Starting backlog (units)";
    pub const MIN_ENDING_INVENTORY: &str = "Ending inventory at least";
    pub const MAX_ENDING_BACKLOG: &str = "Ending backlog at most";
    pub const MAX_BACKLOG_PER_PERIOD: &str = "Backlog per period at most";
    pub const WORKERS_INITIAL: &str = "Workers now";
    pub const WORKERS_MIN: &str = "Workers at least";
    pub const WORKERS_MAX: &str = "Workers at most";
    pub const MAX_OVERTIME: &str = "Overtime hours per worker at most";
    pub const LABOR_HOURS: &str = "Labour hours per unit";
    pub const MAX_SUBCONTRACT: &str = "Subcontracted units per period at most";
    /// The cost rates' field labels, in the engine's order.
    pub const COST_RATES: [&str; 8] = [
        "Regular time, per hour",
        "Overtime, per hour",
        "Hiring, per worker",
        "Layoff, per worker",
        "Holding, per unit and period",
        "Backlog, per unit and period",
        "Material, per unit made",
        "Subcontracting, per unit",
    ];
}

/// Section 5, inventory, orders and promises.
pub mod inventory {
    pub const STEP_INVENTORY: &str = "5 · Inventory & delivery promises";
    pub const STEP_DASHBOARD: &str = "6 · S&OP dashboard";
    pub const PROJECT: &str = "Project";
    pub const AGGREGATE_PLAN_SECTION_4: &str = "the aggregate plan (section 4)";
    pub const AGGREGATE_PLAN_UNSOLVED: &str = "the aggregate plan (section 4, not solved yet)";
    pub const SUPPLY_PLAN_FAMILY_SECTION: &str = "the supply plan by family (section 3)";
    pub const SUPPLY_PLAN_FAMILY_UNAVAILABLE: &str =
        "the supply plan by family (section 3, unavailable)";
    pub const SERVICE_TARGET: &str = "Service target";
    pub const CYCLE_SERVICE_LEVEL_NO: &str = "cycle service level (no stockout in a cycle)";
    pub const FILL_RATE_SHARE_DEMAND: &str = "fill rate (share of demand from stock)";
    pub const CUSTOMER_ORDERS: &str = "Customer orders";
    pub const PASTE_ORDERS_EXCEL_ERP: &str = "Paste orders from Excel or the ERP: Customer | Item | Quantity | Requested period (optionally Order and Priority). Each is promised in turn against the stock and supply the orders before it left.";
    pub const CAN_WE_PROMISE: &str = "Can we promise this?";
    pub const ITEM_FAMILY: &str = "Item or family";
    pub const QUANTITY: &str = "Quantity";
    pub const PERIOD: &str = "Period";
    pub const PROJECTED_STOCK: &str = "Projected stock";
    pub const DEMAND: &str = "Demand";
    pub const SUPPLY: &str = "Supply";
    pub const PROJECTED_BACKLOG: &str = "Projected (− = backlog)";
    pub const SAFETY_STOCK: &str = "Safety stock";
    pub const REORDER_POINT: &str = "Reorder point";
    pub const COVER_PERIODS: &str = "Cover (periods)";
    pub const VALUE_COST: &str = "Value at cost";
    pub const FLAGS: &str = "Flags";
    pub const NO_ORDERS_PASTED: &str = "No orders pasted.";
    pub const ORDER: &str = "Order";
    pub const CUSTOMER: &str = "Customer";
    pub const ITEM: &str = "Item";
    pub const QTY: &str = "Qty";
    pub const REQUESTED: &str = "Requested";
    pub const PROMISED: &str = "Promised";
    pub const OUTCOME: &str = "Outcome";
    pub const SAME_AGAIN_SPARE_CAPACITY: &str = "Same again with spare capacity (CTP)";
    pub const OPENING_STOCK_SUPPLY_DEMAND: &str =
        "Opening stock + supply − demand, carried forward; below zero: backlog";
    pub const CAPABLE_PROMISE_EARLIEST_PERIOD: &str = "Capable to promise: the earliest period from the requested one in which the same quantity again could be promised, with spare capacity";
    pub const FLAG_STOCKOUT: &str = "stockout";
    pub const FLAG_BELOW_SAFETY: &str = "below safety stock";
    pub const FLAG_OVERSTOCK: &str = "overstock";
    pub const ON_TIME: &str = "on time";
    pub const NO_DEMAND_AHEAD: &str = "no demand ahead";
    pub const FROM_BACKTEST: &str = "from the backtest";
    pub const SIGMA_TYPED: &str = "forecast error σ as typed";
    pub const NOT_WITHIN_HORIZON: &str = "not within the horizon";
    pub const PROMISED_TO_ORDERS: &str = "Promised to orders";
    pub const ATP_DISCRETE: &str = "ATP (discrete)";
    pub const ATP_CUMULATIVE: &str = "ATP (cumulative)";

    /// What the section is for; `aggregate_item` is the name orders use for section 4's line.
    #[must_use]
    pub fn intro(aggregate_item: &str) -> String {
        format!(
            "Will the plan leave enough stock, or too much, and can sales promise what customers ask for? \
             Pick the plan to project: section 4's aggregate plan is one product line (orders name it \"{aggregate_item}\"); \
             section 3's supply plan gives one line per family (orders name the family). \
             The dashboard below reads the same plan."
        )
    }

    /// An order promised late.
    #[must_use]
    pub fn late_by(periods: usize) -> String {
        if periods == 1 {
            "late by 1 period".to_string()
        } else {
            format!("late by {periods} periods")
        }
    }

    /// An order short of units (written).
    #[must_use]
    pub fn short_by(units: &str) -> String {
        format!("short by {units} units")
    }

    /// The forecast error taken from the backtest.
    #[must_use]
    pub fn sigma_backtest(sigma: &str) -> String {
        format!("forecast error σ {sigma} a period (backtest)")
    }

    /// The forecast error taken as a share of demand.
    #[must_use]
    pub fn sigma_share(sigma: &str, share_pct: &str) -> String {
        format!("forecast error σ {sigma} a period ({share_pct} % of mean demand: no backtest yet)")
    }

    /// One item's projection in a sentence (figures written).
    #[must_use]
    pub fn item_summary(
        safety: &str,
        reorder: &str,
        sigma: &str,
        fill_rate: &str,
        swing: &str,
    ) -> String {
        format!("Safety stock {safety} units, reorder point {reorder} units; {sigma}; projected fill rate {fill_rate}; swing {swing} units.")
    }

    /// When the same order could be promised with spare capacity.
    #[must_use]
    pub fn ctp(period: &str, periods_late: usize) -> String {
        match periods_late {
            0 => format!("{period}, on time"),
            1 => format!("{period}, 1 period late"),
            n => format!("{period}, {n} periods late"),
        }
    }

    /// The orders in a sentence (units written).
    #[must_use]
    pub fn orders_summary(
        (orders, on_time, late, short): (usize, usize, usize, usize),
        promised: &str,
        ordered: &str,
    ) -> String {
        format!("{orders} orders: {on_time} on time, {late} late, {short} short; {promised} of {ordered} units promised.")
    }

    /// An item's available-to-promise heading.
    #[must_use]
    pub fn atp_heading(item: &str, on_hand: &str) -> String {
        format!("Available to promise: {item} (on hand {on_hand})")
    }
    pub const SERVICE: &str = "Service level (%)";
    pub const LEAD_TIME: &str = "Lead time (periods)";
    pub const LEAD_TIME_SIGMA: &str = "Lead-time variability σ (periods)";
    pub const DEMAND_SIGMA: &str = "Forecast error σ per period (units)";
    pub const UNIT_COST: &str = "Unit cost";
    pub const PRICE: &str = "Selling price per unit";
    pub const OVERSTOCK_COVER: &str = "Overstock above (periods of cover)";
    pub const NO_AGGREGATE_PLAN: &str = "The aggregate plan (section 4) has no plan yet: solve it, or project the supply plan by family.";
    pub const NO_FAMILY_PLAN: &str = "The supply plan by family (section 3) cannot be made from its tables: fix them, or project the aggregate plan.";
    pub const FIX_POLICY: &str = "Fix the policy fields above to project the stock.";
}

/// Section 6, the S&OP dashboard.
pub mod dashboard {
    pub const DEFINITION_FORMULA: &str = "Definition and formula";
    pub const NOTHING_SAY_YET_PLAN: &str = "Nothing to say yet: the plan has no demand.";
    pub const SUPPLY: &str = "Supply";
    pub const SUPPLY_BELOW_DEMAND: &str = "Supply below demand";
    pub const DEMAND: &str = "Demand";
    pub const NET_STOCK_ALL_ITEMS: &str = "Net stock, all items (below zero: owed)";
    pub const NO_REVENUE_RISK_EVERY: &str =
        "No revenue at risk: every period's demand is met in its period.";
    pub const ITEM: &str = "Item";
    pub const REVENUE_RISK: &str = "Revenue at risk";
    pub const SHARE_REVENUE: &str = "Share of its revenue";
    pub const UNITS_UNMET: &str = "Units unmet";
    pub const WORST_PERIOD: &str = "Worst period";
    pub const STOCKOUT_UNITS_OWED: &str = " stockout (units owed) ";
    pub const BELOW_SAFETY_STOCK: &str = " below safety stock ";
    pub const PRINT_REPORT: &str = "Print report";
    pub const PRINTS_ONE_PAGE_QUICK: &str = "Prints a one-page quick assessment: health in words, the KPIs, the key charts and the assumptions (save as PDF from the print dialog).";
    pub const S_OP_QUICK_ASSESSMENT: &str = "S&OP quick assessment";
    pub const S_OP_HEALTH: &str = "S&OP health";
    pub const DEMAND_AGAINST_SUPPLY: &str = "Demand against supply";
    pub const TOP_ITEMS_REVENUE_RISK: &str = "Top items by revenue at risk";
    pub const STOCKOUT_OVERSTOCK_CALENDAR: &str = "Stockout and overstock calendar";
    pub const ASSUMPTIONS: &str = "Assumptions";
    pub const SUPPLY_PER_PERIOD_AGAINST: &str =
        "Supply per period against demand, with the net stock of all items";
    pub const LIGHT_GREEN: &str = "green: on target";
    pub const LIGHT_AMBER: &str = "amber: watch it";
    pub const LIGHT_RED: &str = "red: act on it";
    pub const LIGHT_NONE: &str = "no light: data missing";
    pub const NO_GAP: &str = "Supply meets or exceeds demand in every period.";
    pub const CAL_OUT: &str = "out";
    pub const CAL_LOW: &str = "low";
    pub const CAL_OVER: &str = "over";
    pub const CAL_FINE: &str = "fine";
    pub const OVERSTOCK_LEGEND: &str = " overstock";

    /// The widest gap between supply and demand (units written).
    #[must_use]
    pub fn widest_gap(period: &str, units: &str) -> String {
        format!("The widest gap: {period}, supply {units} units below demand.")
    }
    pub const STRATEGY_LEVEL: &str = "level";
    pub const STRATEGY_CHASE: &str = "chase";
    pub const STRATEGY_OPTIMAL: &str = "cost-optimal";
    pub const PLAN_AGGREGATE: &str = "Plan: the aggregate plan (section 4).";
    pub const SIGMA_BACKTEST: &str = "Forecast error σ: from the forecast backtest (root of the summed squared errors of the series).";
    pub const LIGHTS: &str = "Traffic lights: the engine's default thresholds (each card says its rule); holding cost 2 % of value per period.";
    pub const FIX_POLICY: &str = "Fix the inventory policy in section 5 to see the KPIs.";

    /// A cycle service level target (written).
    #[must_use]
    pub fn target_cycle(pct: &str) -> String {
        format!("cycle service level {pct} %")
    }

    /// A fill rate target (written).
    #[must_use]
    pub fn target_fill(pct: &str) -> String {
        format!("fill rate {pct} %")
    }

    /// A fixed safety stock (written).
    #[must_use]
    pub fn target_units(units: &str) -> String {
        format!("{units} units of safety stock")
    }

    /// The assumption naming section 4's plan.
    #[must_use]
    pub fn plan_aggregate(strategy: &str, item: &str, periods: usize, from: &str) -> String {
        format!("Plan: the {strategy} aggregate plan of section 4 as one product line (\"{item}\"), {periods} periods from {from}.")
    }

    /// The assumption naming section 3's plan.
    #[must_use]
    pub fn plan_families(periods: usize) -> String {
        format!("Plan: the supply plan within capacity of section 3, one line per family, {periods} periods.")
    }

    /// The safety-stock assumption (figures written).
    #[must_use]
    pub fn safety_stock(target: &str, lead_time: &str, lead_sigma: &str) -> String {
        format!("Safety stock for a {target}, lead time {lead_time} periods (variability σ {lead_sigma} periods).")
    }

    /// The forecast error as typed (written).
    #[must_use]
    pub fn sigma_typed(sigma: &str) -> String {
        format!("Forecast error σ: {sigma} units per period, as typed.")
    }

    /// The forecast error as a share of demand (written).
    #[must_use]
    pub fn sigma_share(pct: &str) -> String {
        format!("Forecast error σ: {pct} % of mean demand per period (no forecast backtest yet).")
    }

    /// The cost and price assumption (written).
    #[must_use]
    pub fn cost_and_price(cost: &str, price: &str) -> String {
        format!("Every item at unit cost {cost} and price {price}; margin per unit = price − cost.")
    }

    /// The overstock assumption (written).
    #[must_use]
    pub fn overstock(periods: &str) -> String {
        format!("Overstock: stock covering more than {periods} periods of demand ahead.")
    }

    /// The KPI engine refused the inputs.
    #[must_use]
    pub fn no_kpis(reason: &impl std::fmt::Display) -> String {
        format!("The KPIs cannot be computed: {reason}")
    }
}

/// Complaints about what was typed in a number field (plan, inventory policy, promise question).
pub mod fields {
    /// A field whose text is not a number: `Lead time (periods): "two" is not a number`.
    #[must_use]
    pub fn not_a_number(field: &str, typed: &str) -> String {
        format!("{field}: \"{}\" is not a number", typed.trim())
    }

    /// A required field left empty.
    #[must_use]
    pub fn number_needed(field: &str) -> String {
        format!("{field}: a number is needed")
    }
}

/// Workshop mode: the entry and the walkthrough panel. The stops' own sentences, which
/// interleave words with the workspace's figures, are the walkthrough's script in
/// [`crate::workshop`] (`say_*`).
pub mod workshop {
    // The stops' headings.
    pub const STOP_DATA: &str = "The sales history";
    pub const STOP_FORECAST: &str = "The forecast";
    pub const STOP_CAPACITY: &str = "Capacity and the bottleneck";
    pub const STOP_STRATEGIES: &str = "Three ways to meet demand";
    pub const STOP_WHY_OPTIMAL: &str = "Why the least-cost plan wins";
    pub const STOP_INVENTORY: &str = "Inventory and promises";
    pub const STOP_DASHBOARD: &str = "The S&OP dashboard";
    pub const STOP_SCENARIO: &str = "Try a what-if";
    pub const ENTRY_LEAD: &str = "Running a workshop? ";
    pub const ENTRY_BUTTON: &str = "Start a workshop";
    pub const ENTRY_HINT: &str = " — loads the family sample, forecasts and plans it, and opens a short walkthrough with its numbers.";
    pub const STEP: &str = "Workshop · step";
    pub const OF: &str = "of";
    pub const CLOSE: &str = "Close the walkthrough (Esc)";
    pub const REOPEN: &str = "Workshop walkthrough";
    pub const BACK: &str = "Back";
    pub const NEXT: &str = "Next";
    pub const RESET: &str = "Reset to start";
    pub const RESET_ASK: &str = "Reset to start? Every edit, override and scenario is cleared and the sample's starting plan comes back. Undo can bring the edits back.";
    pub const RESET_YES: &str = "Yes, reset";
    pub const RESET_NO: &str = "Cancel";
    pub const LEAVE: &str = "Leave workshop";
    pub const ADD_SCENARIO: &str = "Add a scenario";
    pub const WAITING: &str = "Waiting for figures";
}

/// Section 7, scenarios: the levers' names, the form, the comparison.
pub mod scenario {
    pub const LEVER_DEMAND_PCT: &str = "Demand change (%)";
    pub const LEVER_WORKFORCE_MAX: &str = "Workers at most";
    pub const LEVER_OVERTIME_CAP: &str = "Overtime hours per worker at most";
    pub const LEVER_SERVICE_LEVEL: &str = "Service level (%)";
    pub const LEVER_LEAD_TIME: &str = "Lead time (periods)";
    pub const LEVER_REGULAR_COST: &str = "Regular-time cost change (%)";
    pub const LEVER_OVERTIME_COST: &str = "Overtime cost change (%)";
    pub const LEVER_HOLDING_COST: &str = "Holding cost change (%)";
    pub const LEVER_SUBCONTRACT_COST: &str = "Subcontracting cost change (%)";
    pub const LEVER_EXTRA_SHIFT: &str = "Extra shift (hours per period)";
    pub const SOLVING_ONE: &str = "Solving…";

    /// A lever's field that holds no number.
    #[must_use]
    pub fn not_a_number(lever: &str, text: &str) -> String {
        format!("{lever}: \"{text}\" is not a number")
    }

    /// A new scenario's name: "Scenario A" … "Scenario Z", then "Scenario 27".
    #[must_use]
    pub fn default_name(mark: &str) -> String {
        format!("Scenario {mark}")
    }

    /// A scenario whose plan the planner could not make.
    #[must_use]
    pub fn no_plan(why: &str) -> String {
        format!("This scenario's plan cannot be made: {why}")
    }
    pub const BETTER_KEY: &str = "Better than the base";
    pub const WORSE_KEY: &str = "Worse than the base";
    pub const BARS_NOTE: &str =
        " Bars: change in percent of the base's value (none where the base is zero or missing).";
    pub const AS_THE_BASE: &str = "as the base";
    pub const NAME: &str = "Name";
    pub const SCENARIO_NAME: &str = "Scenario name";
    pub const SHIFT_RUNS_ON: &str = "Extra shift runs on";
    pub const EVERY_RESOURCE: &str = "every resource and every worker";
    pub const SHIFT_HINT: &str = "An extra shift adds its hours to every period's regular hours. On one resource it changes that line of the capacity check (section 3) and so the families' supply plan; on every resource it adds them to every line and to every worker's regular hours in the aggregate plan, paid at the regular rate whether used or not.";
    pub const FAMILY_DEMAND: &str =
        "Demand change by family (%) — used when section 5 projects the families";
    pub const NO_SCENARIO: &str =
        "Add a scenario to change a few levers and compare its KPIs with the base.";
    pub const HEADING: &str = "7 · Scenarios: what if…";
    pub const LEAD: &str = "A scenario is a copy of the plan above with a few levers pulled; empty fields keep the base's value. Its plan is solved and its KPIs computed the same way as the base's.";
    pub const ADD: &str = "Add scenario";
    pub const CHART_OF: &str = "Chart the changes of ";
    pub const SOLVING: &str = "Solving the scenarios…";
    pub const SOLVING_HINT: &str = "Each is solved like the base plan (5 s at most per strategy); remove a scenario to stop waiting for it.";
    pub const KPI: &str = "KPI";
    pub const BASE: &str = "Base";

    /// The words of `delta_chart`.
    #[must_use]
    pub fn delta_chart(name: &str) -> String {
        format!("Change of each KPI in {name} against the base, in percent of the base")
    }

    /// The words of `family_demand`.
    #[must_use]
    pub fn family_demand(family: &str) -> String {
        format!("Demand change of family {family} (%)")
    }

    /// The words of `shift_not_in_plan`.
    #[must_use]
    pub fn shift_not_in_plan(resource: &str) -> String {
        format!("The KPIs follow the aggregate plan (section 5), which an extra shift on {resource} does not change: choose the families' supply plan in section 5, or run the shift on every resource.")
    }

    /// The words of `remove`.
    #[must_use]
    pub fn remove(name: &str) -> String {
        format!("Remove {name}")
    }

    /// The words of `base_missing`.
    #[must_use]
    pub fn base_missing(why: &str) -> String {
        format!("The base has no KPIs yet: {why}")
    }
}

/// What the Undo and Redo buttons name ("Undo override of A in 2026-03"), and the
/// notice of a new workspace.
pub mod undo {
    pub const PIPELINE: &str = "pipeline";
    pub const PIPELINE_BLEND: &str = "pipeline blend";
    pub const PLAN_INPUT: &str = "plan input";
    pub const PLAN_DEMAND_FROM_THE_FORECAST: &str = "plan demand from the forecast";
    pub const CAPACITY_TABLE: &str = "capacity table";
    pub const ALLOCATION_RULE: &str = "allocation rule";
    pub const CAPACITY_DEMAND_FROM_THE_FORECAST: &str = "capacity demand from the forecast";
    pub const ORDERS: &str = "orders";
    pub const PROMISE_QUESTION: &str = "promise question";
    pub const INVENTORY_POLICY: &str = "inventory policy";
    pub const NEW_SCENARIO: &str = "new scenario";
    pub const SCENARIO_NAME: &str = "scenario name";
    pub const SCENARIO_REMOVAL: &str = "scenario removal";
    pub const SCENARIO_LEVER: &str = "scenario lever";
    pub const WORKSHOP_START: &str = "workshop start";
    pub const WORKSHOP_RESET: &str = "workshop reset";
    pub const NEW_WORKSPACE: &str = "Started a new workspace.";

    /// An item's override.
    #[must_use]
    pub fn override_of(item: &str, period: &str) -> String {
        format!("override of {item} in {period}")
    }

    /// A family's total.
    #[must_use]
    pub fn family_total(family: &str, period: &str) -> String {
        format!("family total of {family} in {period}")
    }
}

/// Keeping the workspace: the toolbar's Save, Open, Share link, exports and New
/// workspace, their notices, the autosave's status and the reader's answers.
pub mod keep {
    pub const SAVE: &str = "Save";
    pub const SAVE_TITLE: &str = "Download the whole workspace as a .attune.json file";
    pub const OPEN: &str = "Open…";
    pub const OPEN_TITLE: &str = "Open a saved .attune.json workspace";
    pub const SHARE: &str = "Share link";
    pub const SHARE_TITLE: &str = "Put the workspace in a link you can send";
    pub const NEW_WORKSPACE: &str = "New workspace";
    pub const KEPT: &str = "Kept in this browser";
    pub const SAVING: &str = "Saving…";
    pub const MAKING_LINK: &str = "Making the link…";
    pub const OPENED_LINK: &str = "Opened the workspace from the link.";
    pub const START_FRESH: &str = "Start fresh";
    pub const CLOSE: &str = "Close";
    pub const SHARE_COPIED: &str = "Share link, copied to your clipboard: ";
    pub const SHARE_COPY: &str = "Share link (copy it from here): ";
    pub const SHARE_NOTE: &str = "The whole workspace is inside the link, after the #; it is never sent to a server. Anyone with the link can see the data.";
    pub const ASK_OPEN_LINK: &str = "Open the shared workspace? It replaces the workspace on this page (save it first to keep it).";
    pub const ASK_NEW: &str = "Start a new workspace? The data, overrides and plan on this page will be cleared (save them first to keep them).";
    pub const NO_STORAGE: &str = "This browser does not keep workspaces (storage is turned off, as in private windows): use Save to keep your work";
    pub const STORAGE_FULL: &str =
        "This browser's storage is full, so the workspace is not kept here: use Save to keep your work";
    /// When the time the workspace was kept is not known.
    pub const EARLIER_VISIT: &str = "an earlier visit";
    /// What is opened on start, in "Opening …".
    pub const KEPT_WORKSPACE: &str = "your kept workspace";
    /// What is opened from the address, in "Opening …".
    pub const SHARED_LINK: &str = "the shared link";
    pub const OTHER_ANSWER: &str = "the reader answered another question";
    /// "KPIs", as the exports name them.
    pub const KPIS: &str = "KPIs";
    /// The file kinds' names in words.
    pub const CSV: &str = "CSV";
    pub const XLSX: &str = "XLSX";

    /// While a file, the kept workspace or a link is read.
    #[must_use]
    pub fn opening(name: &str) -> String {
        format!("Opening {name}…")
    }

    /// A file or link opened.
    #[must_use]
    pub fn opened(name: &str) -> String {
        format!("Opened {name}.")
    }

    /// The workspace saved as a file.
    #[must_use]
    pub fn saved(name: &str) -> String {
        format!("Saved {name} to your downloads.")
    }

    /// The workspace not saved as a file.
    #[must_use]
    pub fn not_saved(why: &str) -> String {
        format!("The workspace was not saved: {why}.")
    }

    /// No share link made.
    #[must_use]
    pub fn no_link(why: &str) -> String {
        format!("No link was made: {why}.")
    }

    /// The workspace kept in this browser, opened on start.
    #[must_use]
    pub fn restored(when: &str) -> String {
        format!("Restored your workspace from {when}.")
    }

    /// A picked file that the browser would not read.
    #[must_use]
    pub fn unreadable(name: &str) -> String {
        format!("{name} could not be read from your disk")
    }

    /// A download the browser refused.
    #[must_use]
    pub fn no_download(name: &str) -> String {
        format!("the browser would not offer {name} for download")
    }

    /// An export button's label ("Forecasts CSV").
    #[must_use]
    pub fn export_button(words: &str, kind: &str) -> String {
        format!("{words} {kind}")
    }

    /// The CSV export button's hint.
    #[must_use]
    pub fn export_csv_title(words: &str) -> String {
        format!("Download the {words} as CSV")
    }

    /// The XLSX export button's hint.
    #[must_use]
    pub fn export_xlsx_title(words: &str) -> String {
        format!("Download the {words} as an Excel workbook (XLSX)")
    }

    /// While an export is written.
    #[must_use]
    pub fn exporting(words: &str, kind: &str) -> String {
        format!("Writing the {words} as {kind}…")
    }

    /// An export that failed.
    #[must_use]
    pub fn not_exported(words: &str, kind: &str, why: &str) -> String {
        format!("The {words} were not exported as {kind}: {why}.")
    }

    /// The page's sections did not reach the reader whole.
    #[must_use]
    pub fn not_passed(e: &str) -> String {
        format!("the workspace could not be passed to the reader: {e}")
    }

    /// A value the engine would refuse to read back; `problems` joined by "; ".
    #[must_use]
    pub fn unsaveable(problems: &str) -> String {
        format!("the workspace cannot be saved while it has a problem that would stop it opening again — {problems}")
    }

    /// A file, kept workspace or link that does not read.
    #[must_use]
    pub fn cannot_open(name: &str, why: &str) -> String {
        format!("{name} cannot be opened: {why}")
    }
}

/// The charts' SVG and PNG download buttons and why a download failed.
pub mod chart_export {
    pub const SVG: &str = "SVG";
    pub const PNG: &str = "PNG";
    pub const SVG_TITLE: &str = "Download this chart as an SVG image (sharp at any size; opens in browsers, Office and design tools)";
    pub const PNG_TITLE: &str =
        "Download this chart as a PNG picture at twice the screen size (for slides and documents)";
    pub const NO_IMAGE: &str = "the browser would not hold the image";
    pub const GONE: &str = "the chart is no longer on the page";
    pub const NO_SIZE: &str = "the chart has no size yet";
    pub const NOT_WRITTEN: &str = "the browser could not write the chart out";
    pub const NOT_DRAWN: &str = "the browser could not draw the chart as a picture";
    pub const NOT_ENCODED: &str = "the browser could not encode the picture as PNG";

    /// A button's accessible name ("Download this chart as SVG").
    #[must_use]
    pub fn label(format: &str) -> String {
        format!("Download this chart as {format}")
    }

    /// A download that failed.
    #[must_use]
    pub fn not_saved(format: &str, why: &str) -> String {
        format!("The chart was not saved as {format}: {why}.")
    }
}

/// The history and forecast charts: their accessible names and the keys.
pub mod chart {
    pub const SALES_ARIA: &str = "Sales history and forecast";
    pub const FAMILY_ARIA: &str = "Family history and forecast";
    pub const HISTORY: &str = "History";
    pub const FORECAST: &str = "Forecast";
    pub const CONSENSUS: &str = "Consensus";
    pub const PIPELINE: &str = "Pipeline (weighted)";

    /// The forecast band's key ("80% range").
    #[must_use]
    pub fn range(level: f64) -> String {
        format!("{level}% range")
    }
}
