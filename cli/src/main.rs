//! `attune`: Attune's engine on the command line, for scripted assessments and for
//! checking the engine against other tools. Every number comes from `attune-engine`; this
//! file only reads arguments and files and writes results (the contract is in DESIGN.md).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use attune_engine::document::{read_document, DocumentError};
use attune_engine::export::forecasts_csv;
use attune_engine::forecast::{check_settings, forecast, ForecastSettings, Method, MethodChoice};
use attune_engine::import::dataset::{check, DatasetImport};
use attune_engine::import::mapping::detect;
use attune_engine::import::{read_file, ImportError};
use attune_engine::plan::aggregate::{cents, AggregatePlan, PlanOptions, Strategy, TermCosts};
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
    /// ets, ets_theta, median, croston, sba, tsb, adida, imapa.
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

/// A failure with the words to show the user.
#[derive(Debug)]
struct Failure(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Forecast(args) => run_forecast(&args),
        Command::Plan(args) => run_plan(&args),
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
    let strategy = Strategy::from_name(&args.strategy).ok_or_else(|| {
        let known: Vec<&str> = Strategy::ALL.iter().map(|s| s.name()).collect();
        Failure(format!(
            "unknown strategy \"{}\"; use {}",
            args.strategy,
            known.join(", ")
        ))
    })?;
    if !(args.time_limit.is_finite() && args.time_limit > 0.0) {
        return Err(Failure(format!(
            "--time-limit {} is not a positive number of seconds",
            args.time_limit
        )));
    }
    let shown = args.file.display();
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| Failure(format!("cannot read {shown}: {e}")))?;
    let doc = read_document(&text).map_err(|e| match e {
        DocumentError::Invalid(problems) => Failure(
            problems
                .iter()
                .map(|p| format!("{shown}: {p}"))
                .collect::<Vec<_>>()
                .join("\nattune: "),
        ),
        e => Failure(format!("{shown}: {e}")),
    })?;
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
