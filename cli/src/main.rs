//! `attune`: Attune's engine on the command line, for scripted assessments and for
//! checking the engine against other tools. Every number comes from `attune-engine`; this
//! file only reads arguments and files and writes results (the contract is in DESIGN.md).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use attune_engine::document::{read_document, Document, DocumentError};
use attune_engine::export::forecasts_csv;
use attune_engine::forecast::{check_settings, forecast, ForecastSettings, Method, MethodChoice};
use attune_engine::import::dataset::{check, DatasetImport};
use attune_engine::import::mapping::detect;
use attune_engine::import::{read_file, ImportError};
use attune_engine::kpi::{Kpi, Unit};
use attune_engine::plan::aggregate::{cents, AggregatePlan, PlanOptions, Strategy, TermCosts};
use attune_engine::promise::PromiseStatus;
use attune_engine::review::{review, Review, ReviewError, ReviewOptions, Supply};
use clap::{Args, Parser, Subcommand};
use serde::Serialize;

#[derive(Debug, Parser)]
#[command(
    name = "attune",
    version,
    about = "Sales & operations planning on the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Forecast every item of a sales history (CSV, TSV, text in any encoding, XLSX, XLS,
    /// ODS; long, wide or single-series layout).
    Forecast(ForecastArgs),
    /// Plan workforce, production, inventory and backlog from the `aggregate_plan`
    /// section of an .attune.json document, with the cost of every term.
    Plan(PlanArgs),
    /// The S&OP review of an .attune.json document: the plan's projected stock, the
    /// orders it can promise, the shared KPIs with their lights, and the health summary.
    Review(ReviewArgs),
}

#[derive(Debug, Args)]
struct ForecastArgs {
    /// The history file.
    input: PathBuf,
    /// How many periods ahead to forecast.
    #[arg(long)]
    horizon: usize,
    /// Season length (default: from the calendar — 12 for months, 4 for quarters, …).
    #[arg(long)]
    season_length: Option<usize>,
    /// auto, or a method by name: naive, seasonal_naive, theta, auto_theta, optimised_theta,
    /// ets, ets_statsforecast, ets_theta, median, croston, sba, tsb, adida, imapa.
    #[arg(long, default_value = "auto")]
    method: String,
    /// Prediction-interval level in percent; repeat for several (--level 80 --level 95).
    #[arg(long = "level")]
    levels: Vec<f64>,
    /// The workbook sheet to read (default: the first with data).
    #[arg(long)]
    sheet: Option<String>,
    /// Write the CSV here instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct PlanArgs {
    /// The .attune.json document.
    file: PathBuf,
    /// optimal (least total cost), level (one workforce all horizon) or chase (the
    /// workforce follows demand).
    #[arg(long, default_value = "optimal")]
    strategy: String,
    /// Write the plan as one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Seconds the solver may spend before returning the best plan found.
    #[arg(long, default_value_t = PlanOptions::default().time_limit_seconds)]
    time_limit: f64,
}

#[derive(Debug, Args)]
struct ReviewArgs {
    /// The .attune.json document.
    file: PathBuf,
    /// The aggregate plan's strategy: optimal, level or chase.
    #[arg(long, default_value = "optimal")]
    strategy: String,
    /// Where supply comes from: families (the capacity section's supply plan) or plan
    /// (the aggregate plan). Default: families when the capacity section is complete.
    #[arg(long)]
    supply: Option<String>,
    /// Write the review as one JSON object instead of tables.
    #[arg(long)]
    json: bool,
    /// Review the document with the levers of this scenario of its `scenarios` section
    /// pulled (the name as the page shows it; case does not matter).
    #[arg(long)]
    scenario: Option<String>,
}

/// A failure with the words to show the user.
#[derive(Debug)]
struct Failure(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Forecast(args) => run_forecast(&args),
        Command::Plan(args) => run_plan(&args),
        Command::Review(args) => run_review(&args),
    };
    match result {
        Ok(code) => code,
        Err(Failure(message)) => {
            let _ = writeln!(std::io::stderr(), "attune: {message}");
            ExitCode::from(2)
        }
    }
}

/// Reads `input` into a dataset, reporting skipped cells and warnings on stderr.
fn read_dataset(input: &Path, sheet: Option<&str>) -> Result<DatasetImport, Failure> {
    let shown = input.display();
    let bytes = std::fs::read(input).map_err(|e| Failure(format!("cannot read {shown}: {e}")))?;
    let name = input
        .file_name()
        .map_or_else(|| "input".to_string(), |s| s.to_string_lossy().into_owned());
    let id = input.file_stem().map_or_else(
        || "series".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    // Unreadable-file messages name the file already.
    let sheets = read_file(&name, &bytes).map_err(|e| match e {
        ImportError::Unreadable(why) => Failure(why),
        e => Failure(format!("{shown}: {e}")),
    })?;
    let (_, table) = match sheet {
        Some(wanted) => sheets.iter().find(|(n, _)| n == wanted).ok_or_else(|| {
            let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
            Failure(format!(
                "{shown} has no sheet \"{wanted}\" (it has: {})",
                names.join(", ")
            ))
        })?,
        None => sheets
            .iter()
            .find(|(_, t)| !t.rows.is_empty())
            .or(sheets.first())
            .ok_or_else(|| Failure(format!("{shown} holds no sheet")))?,
    };
    let import =
        check(table, &detect(table), &id, None).map_err(|e| Failure(format!("{shown}: {e}")))?;
    let mut stderr = std::io::stderr();
    for problem in &import.problems {
        let _ = writeln!(stderr, "attune: {shown}: skipped {problem}");
    }
    for warning in &import.warnings {
        let _ = writeln!(stderr, "attune: {shown}: {}", warning.message);
    }
    Ok(import)
}

fn run_forecast(args: &ForecastArgs) -> Result<ExitCode, Failure> {
    let method = match args.method.as_str() {
        "auto" => MethodChoice::Auto,
        name => MethodChoice::Fixed(Method::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
            Failure(format!(
                "unknown method \"{name}\"; use auto, {}",
                known.join(", ")
            ))
        })?),
    };
    let settings = ForecastSettings {
        horizon: args.horizon,
        season_length: args.season_length,
        levels: args.levels.clone(),
        method,
        backtest: false,
    };
    check_settings(&settings).map_err(|e| Failure(e.to_string()))?;
    let import = read_dataset(&args.input, args.sheet.as_deref())?;
    let mut stderr = std::io::stderr();

    let mut forecasts = Vec::with_capacity(import.dataset.items.len());
    for item in &import.dataset.items {
        let series = item.to_series();
        // One bad series never aborts the batch: it falls back to naive, with a warning.
        let f = match forecast(&series, &settings) {
            Ok(f) => f,
            Err(e) => {
                let _ = writeln!(
                    stderr,
                    "attune: series \"{}\": {e}; using naive instead",
                    series.id
                );
                let fallback = ForecastSettings {
                    method: MethodChoice::Fixed(Method::Naive),
                    ..settings.clone()
                };
                match forecast(&series, &fallback) {
                    Ok(f) => f,
                    Err(e) => {
                        let _ = writeln!(stderr, "attune: series \"{}\": {e}; left out", series.id);
                        continue;
                    }
                }
            }
        };
        for note in &f.notes {
            let _ = writeln!(stderr, "attune: series \"{}\": {note}", f.series_id);
        }
        forecasts.push(f);
    }
    let csv = forecasts_csv(&forecasts, &settings.levels).map_err(|e| Failure(e.to_string()))?;
    match &args.output {
        Some(path) => std::fs::write(path, csv)
            .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))?,
        None => std::io::stdout()
            .write_all(csv.as_bytes())
            .map_err(|e| Failure(format!("cannot write the forecast: {e}")))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Exit code of a plan that could not be made (infeasible or unbounded).
const NO_PLAN: u8 = 1;

fn run_plan(args: &PlanArgs) -> Result<ExitCode, Failure> {
    let strategy = strategy(&args.strategy)?;
    if !(args.time_limit.is_finite() && args.time_limit > 0.0) {
        return Err(Failure(format!(
            "--time-limit {} is not a positive number of seconds",
            args.time_limit
        )));
    }
    let shown = args.file.display();
    let doc = read_doc(&args.file)?;
    let input = doc
        .aggregate_plan
        .ok_or_else(|| Failure(format!("{shown} has no aggregate_plan section")))?;
    let model = input.check().map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| format!("{shown}: {p}")).collect();
        Failure(lines.join("\nattune: "))
    })?;
    let options = PlanOptions {
        time_limit_seconds: args.time_limit,
    };
    let plan = model
        .plan(strategy, &options)
        .map_err(|e| Failure(format!("{shown}: {e}")))?;
    let out = if args.json {
        plan_json(&plan)
    } else {
        plan_table(&plan)
    };
    std::io::stdout()
        .write_all(out.as_bytes())
        .map_err(|e| Failure(format!("cannot write the plan: {e}")))?;
    if plan.status.has_plan() {
        return Ok(ExitCode::SUCCESS);
    }
    let reason = plan.reason.as_ref().map_or("", |r| r.message.as_str());
    let _ = writeln!(
        std::io::stderr(),
        "attune: {shown}: {} plan: {reason}",
        plan.status.name()
    );
    Ok(ExitCode::from(NO_PLAN))
}

/// Reads the document at `file`; every problem names the file and its JSON path.
fn read_doc(file: &Path) -> Result<Document, Failure> {
    let shown = file.display();
    let text =
        std::fs::read_to_string(file).map_err(|e| Failure(format!("cannot read {shown}: {e}")))?;
    read_document(&text).map_err(|e| match e {
        DocumentError::Invalid(problems) => Failure(
            problems
                .iter()
                .map(|p| format!("{shown}: {p}"))
                .collect::<Vec<_>>()
                .join("\nattune: "),
        ),
        e => Failure(format!("{shown}: {e}")),
    })
}

/// The strategy called `name`, or the names there are.
fn strategy(name: &str) -> Result<Strategy, Failure> {
    Strategy::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = Strategy::ALL.iter().map(|s| s.name()).collect();
        Failure(format!(
            "unknown strategy \"{name}\"; use {}",
            known.join(", ")
        ))
    })
}

fn run_review(args: &ReviewArgs) -> Result<ExitCode, Failure> {
    let strategy = strategy(&args.strategy)?;
    let supply =
        match &args.supply {
            None => None,
            Some(name) => Some(Supply::from_name(name).ok_or_else(|| {
                Failure(format!("unknown supply \"{name}\"; use families or plan"))
            })?),
        };
    let shown = args.file.display();
    let doc = read_doc(&args.file)?;
    let options = ReviewOptions {
        strategy,
        supply,
        ..ReviewOptions::default()
    };
    let (doc, scenario) = match &args.scenario {
        None => (doc, None),
        Some(name) => {
            let (name, levers) = doc
                .scenario(name)
                .map_err(|e| Failure(format!("{shown}: {e}")))?;
            let name = name.to_string();
            let changed = levers
                .apply_to_document(&doc)
                .map_err(|e| Failure(format!("{shown}: scenario \"{name}\": {e}")))?;
            let words = levers.describe();
            let said = if words.is_empty() {
                "no lever pulled, the base itself".to_string()
            } else {
                words.join(", ")
            };
            (changed, Some(format!("Scenario \"{name}\": {said}.")))
        }
    };
    let review = match review(&doc, &options) {
        Ok(mut r) => {
            if let Some(s) = scenario {
                r.assumptions.insert(0, s);
            }
            r
        }
        Err(e @ ReviewError::NoPlan { .. }) => {
            let _ = writeln!(std::io::stderr(), "attune: {shown}: {e}");
            return Ok(ExitCode::from(NO_PLAN));
        }
        Err(e) => return Err(Failure(format!("{shown}: {e}"))),
    };
    let out = if args.json {
        serde_json::to_string_pretty(&review)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| Failure(format!("cannot write the review: {e}")))?
    } else {
        review_text(&review)
    };
    std::io::stdout()
        .write_all(out.as_bytes())
        .map_err(|e| Failure(format!("cannot write the review: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// A KPI's value in its unit.
fn kpi_value(k: &Kpi) -> String {
    match (k.value, k.unit) {
        (None, _) => "—".to_string(),
        (Some(v), Unit::Percent) => format!("{} %", grouped(v, 1)),
        (Some(v), Unit::Money) => money(v),
    }
}

/// The review as tables: KPIs, health, stock per item and period, orders, assumptions.
fn review_text(r: &Review) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "supply: {}\n", r.supply_text);
    let mut rows = vec![["kpi", "value", "light", "detail"]
        .map(str::to_string)
        .to_vec()];
    for k in &r.report.kpis {
        rows.push(vec![
            k.name.clone(),
            kpi_value(k),
            k.light.map_or("—", |l| l.name()).to_string(),
            k.detail.clone(),
        ]);
    }
    out.push_str(&aligned(&rows));
    out.push_str("\nhealth:\n");
    for note in &r.health {
        let light = note
            .light
            .map_or(String::new(), |l| format!("[{}] ", l.name()));
        let _ = writeln!(out, "- {light}{}", note.text);
    }
    out.push('\n');
    let mut rows = vec![[
        "item",
        "period",
        "demand",
        "supply",
        "projected",
        "safety_stock",
        "cover",
        "value",
        "flags",
    ]
    .map(str::to_string)
    .to_vec()];
    for item in &r.projection.items {
        for (t, period) in r.projection.periods.iter().enumerate() {
            let f = item.flags[t];
            let flags: Vec<&str> = [
                (f.stockout, "stockout"),
                (f.below_safety_stock, "below_safety"),
                (f.overstock, "overstock"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, name)| *name)
            .collect();
            rows.push(vec![
                item.item.clone(),
                period.clone(),
                quantity(item.demand[t]),
                quantity(item.supply[t]),
                quantity(item.projected[t]),
                quantity(item.safety_stock_units),
                item.cover_periods[t].map_or("all".to_string(), |c| grouped(c, 1)),
                money(item.value[t]),
                flags.join(","),
            ]);
        }
    }
    out.push_str(&aligned(&rows));
    if let Some(p) = &r.promises {
        out.push('\n');
        let mut rows = vec![[
            "order",
            "customer",
            "item",
            "quantity",
            "requested",
            "promised",
            "status",
        ]
        .map(str::to_string)
        .to_vec()];
        for o in &p.orders {
            rows.push(vec![
                if o.id.is_empty() {
                    o.sequence.to_string()
                } else {
                    o.id.clone()
                },
                o.customer.clone(),
                o.item.clone(),
                quantity(o.quantity),
                o.requested_period.clone(),
                o.promised_period.clone().unwrap_or_else(|| "—".to_string()),
                match o.status {
                    PromiseStatus::OnTime => "on time".to_string(),
                    PromiseStatus::Late { periods } => format!("late by {periods}"),
                    PromiseStatus::Short { units } => format!("short by {}", quantity(units)),
                },
            ]);
        }
        out.push_str(&aligned(&rows));
    }
    out.push_str("\nassumptions:\n");
    for a in r.assumptions.iter().chain(&r.projection.notes) {
        let _ = writeln!(out, "- {a}");
    }
    out
}

/// The plan as one JSON object (DESIGN.md's field names; money in cents).
fn plan_json(plan: &AggregatePlan) -> String {
    let json = PlanJson {
        status: plan.status.name(),
        strategy: plan.strategy.name(),
        periods: plan
            .periods
            .iter()
            .map(|p| PeriodJson {
                period: &p.period,
                workforce: p.workforce,
                hired: p.hired,
                laid_off: p.laid_off,
                overtime_hours: p.overtime_hours,
                production: p.production,
                subcontract: p.subcontract,
                inventory: p.inventory,
                backlog: p.backlog,
                costs: CostsJson::of(&p.costs),
                total_cost: cents(p.total_cost),
            })
            .collect(),
        costs: CostsJson::of(&plan.costs),
        total_cost: cents(plan.total_cost),
        notes: &plan.notes,
        reason: plan.reason.as_ref().map(|r| r.message.as_str()),
    };
    let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
    text.push('\n');
    text
}

/// `attune plan --json`, field by field in the order written.
#[derive(Serialize)]
struct PlanJson<'a> {
    status: &'static str,
    strategy: &'static str,
    periods: Vec<PeriodJson<'a>>,
    costs: CostsJson,
    total_cost: f64,
    notes: &'a [String],
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct PeriodJson<'a> {
    period: &'a str,
    workforce: f64,
    hired: f64,
    laid_off: f64,
    overtime_hours: f64,
    production: f64,
    subcontract: f64,
    inventory: f64,
    backlog: f64,
    costs: CostsJson,
    total_cost: f64,
}

/// The cost of each term, in cents.
#[derive(Serialize)]
struct CostsJson {
    regular: f64,
    overtime: f64,
    hire: f64,
    layoff: f64,
    holding: f64,
    backlog: f64,
    material: f64,
    subcontract: f64,
}

impl CostsJson {
    fn of(c: &TermCosts) -> Self {
        Self {
            regular: cents(c.regular),
            overtime: cents(c.overtime),
            hire: cents(c.hire),
            layoff: cents(c.layoff),
            holding: cents(c.holding),
            backlog: cents(c.backlog),
            material: cents(c.material),
            subcontract: cents(c.subcontract),
        }
    }
}

/// The plan as a table per period, then the cost per term.
fn plan_table(plan: &AggregatePlan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "strategy {}, status {}",
        plan.strategy.name(),
        plan.status.name()
    );
    if let Some(reason) = &plan.reason {
        let _ = writeln!(out, "reason: {reason}");
    }
    if !plan.periods.is_empty() {
        let header = [
            "period",
            "demand",
            "workforce",
            "hired",
            "laid_off",
            "overtime_hours",
            "production",
            "subcontract",
            "inventory",
            "backlog",
            "cost",
        ];
        let mut rows = vec![header.map(str::to_string).to_vec()];
        for p in &plan.periods {
            let mut row = vec![p.period.clone()];
            for x in [
                p.demand,
                p.workforce,
                p.hired,
                p.laid_off,
                p.overtime_hours,
                p.production,
                p.subcontract,
                p.inventory,
                p.backlog,
            ] {
                row.push(quantity(x));
            }
            row.push(money(p.total_cost));
            rows.push(row);
        }
        out.push('\n');
        out.push_str(&aligned(&rows));
        out.push('\n');
        let mut terms: Vec<Vec<String>> = plan
            .costs
            .named()
            .iter()
            .map(|(name, c)| vec![format!("{name}_cost"), money(*c)])
            .collect();
        terms.push(vec!["total_cost".to_string(), money(plan.total_cost)]);
        terms.push(vec!["status".to_string(), plan.status.name().to_string()]);
        out.push_str(&aligned(&terms));
    }
    for note in &plan.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out
}

/// Columns padded to their widest cell: the first left-aligned, the rest right-aligned.
fn aligned(rows: &[Vec<String>]) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A quantity: whole numbers as they are, fractions to two decimals.
fn quantity(x: f64) -> String {
    if x.fract() == 0.0 {
        grouped(x, 0)
    } else {
        grouped(x, 2)
    }
}

/// Money to the cent.
fn money(x: f64) -> String {
    grouped(cents(x), 2)
}

/// `1234567.5` → `1,234,567.50` with `decimals` decimals.
fn grouped(x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut digits = String::new();
    for (i, d) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            digits.push(',');
        }
        digits.push(d);
    }
    let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{digits}")
    } else {
        format!("{sign}{digits}.{frac}")
    }
}
