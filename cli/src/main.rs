//! `attune`: Attune's engine on the command line, for scripted assessments and for
//! checking the engine against other tools. Every number comes from `attune-engine`; this
//! file only reads arguments and files and writes results (the contract is in DESIGN.md).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use attune_engine::forecast::{check_settings, forecast, ForecastSettings, Method, MethodChoice};
use attune_engine::import::dataset::{check, DatasetImport};
use attune_engine::import::mapping::detect;
use attune_engine::import::{read_file, ImportError};
use clap::{Args, Parser, Subcommand};

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

/// A failure with the words to show the user.
#[derive(Debug)]
struct Failure(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Forecast(args) => run_forecast(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
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

fn run_forecast(args: &ForecastArgs) -> Result<(), Failure> {
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

    let mut csv = String::from("series_id,step,period,forecast,method");
    for level in &settings.levels {
        let _ = write!(csv, ",lo_{level},hi_{level}");
    }
    csv.push('\n');
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
        for (step, point) in f.point.iter().enumerate() {
            let _ = write!(
                csv,
                "{},{},{},{},{}",
                csv_field(&f.series_id),
                step + 1,
                f.period(step),
                point,
                f.method.name()
            );
            for i in &f.intervals {
                let _ = write!(csv, ",{},{}", i.lo[step], i.hi[step]);
            }
            csv.push('\n');
        }
    }
    match &args.output {
        Some(path) => std::fs::write(path, csv)
            .map_err(|e| Failure(format!("cannot write {}: {e}", path.display()))),
        None => std::io::stdout()
            .write_all(csv.as_bytes())
            .map_err(|e| Failure(format!("cannot write the forecast: {e}"))),
    }
}

/// Quotes a CSV field when it holds a delimiter, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
