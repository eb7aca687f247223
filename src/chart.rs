//! Chart geometry as pure functions: scales, "nice" ticks and SVG path strings. The chart
//! components only place what these return, so every pixel decision is tested natively.

use std::fmt::Write as _;

/// A linear map from data values to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl Scale {
    /// Maps `[d0, d1]` onto `[r0, r1]`; a degenerate domain maps everything to the middle.
    #[must_use]
    pub fn new((d0, d1): (f64, f64), (r0, r1): (f64, f64)) -> Self {
        Self { d0, d1, r0, r1 }
    }

    /// The pixel of `v`.
    #[must_use]
    pub fn map(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 || !span.is_finite() {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }
}

/// Round tick values covering `[lo, hi]`, about `target` of them, at steps of 1, 2 or 5
/// times a power of ten. The first tick is ≤ `lo` and the last ≥ `hi`.
#[must_use]
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !lo.is_finite() || !hi.is_finite() {
        return vec![0.0, 1.0];
    }
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, lo + 1.0)
    };
    let raw = (hi - lo) / target.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    let count = ((last - first) as usize).min(1000);
    (0..=count)
        .map(|i| (first + i as f64) * step)
        .map(|v| if v == 0.0 { 0.0 } else { v })
        .collect()
}

/// An SVG path through `points` (`M x y L x y …`), one decimal per coordinate.
#[must_use]
pub fn line_path(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { " L" });
    }
    d
}

/// A closed SVG path between an upper and a lower line (a prediction band).
#[must_use]
pub fn band_path(upper: &[(f64, f64)], lower: &[(f64, f64)]) -> String {
    if upper.is_empty() {
        return String::new();
    }
    let mut d = line_path(upper);
    for (x, y) in lower.iter().rev() {
        let _ = write!(d, " L{x:.1} {y:.1}");
    }
    d.push_str(" Z");
    d
}

/// What to draw for a history and its forecast.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ForecastChart {
    /// Width and height of the drawing, in px.
    pub size: (f64, f64),
    /// The history line.
    pub history: String,
    /// The forecast line (starting at the last history point, so the lines join).
    pub forecast: String,
    /// The widest prediction band.
    pub band: String,
    /// Further forecast-period lines (consensus, pipeline…), joined to the history like
    /// the forecast, in the order given.
    pub lines: Vec<String>,
    /// Horizontal grid lines: (y pixel, label value).
    pub y_ticks: Vec<(f64, f64)>,
    /// Period labels along the bottom: (x pixel, index into the period list).
    pub x_labels: Vec<(f64, usize)>,
    /// The x pixel where the forecast starts.
    pub split_x: f64,
}

/// The left, right, top and bottom margins inside the drawing, in px.
const MARGIN: (f64, f64, f64, f64) = (56.0, 32.0, 12.0, 28.0);

/// Lays out a history of `history.len()` points followed by `forecast.len()` forecast
/// points with an optional band (`lo`, `hi` per forecast step).
#[must_use]
pub fn forecast_chart(
    history: &[f64],
    forecast: &[f64],
    band: Option<(&[f64], &[f64])>,
    lines: &[&[f64]],
    size: (f64, f64),
) -> ForecastChart {
    let n = history.len() + forecast.len();
    if n == 0 {
        return ForecastChart {
            size,
            ..ForecastChart::default()
        };
    }
    let values = history
        .iter()
        .chain(forecast)
        .chain(band.into_iter().flat_map(|(lo, hi)| lo.iter().chain(hi)))
        .chain(lines.iter().flat_map(|l| l.iter()))
        .copied()
        .filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let (lo, hi) = if lo.is_finite() {
        (lo.min(0.0), hi)
    } else {
        (0.0, 1.0)
    };
    let ticks = nice_ticks(lo, hi, 5);
    let (t0, t1) = (
        ticks.first().copied().unwrap_or(lo),
        ticks.last().copied().unwrap_or(hi),
    );
    let (ml, mr, mt, mb) = MARGIN;
    let x = Scale::new((0.0, (n - 1).max(1) as f64), (ml, size.0 - mr));
    let y = Scale::new((t0, t1), (size.1 - mb, mt));
    let pt = |i: usize, v: f64| (x.map(i as f64), y.map(v));
    let h = history.len();
    let history_pts: Vec<_> = history.iter().enumerate().map(|(i, v)| pt(i, *v)).collect();
    let join = history.last().map(|v| pt(h - 1, *v));
    let forecast_pts: Vec<_> = join
        .into_iter()
        .chain(forecast.iter().enumerate().map(|(i, v)| pt(h + i, *v)))
        .collect();
    let band = band
        .map(|(lo, hi)| {
            let upper: Vec<_> = hi.iter().enumerate().map(|(i, v)| pt(h + i, *v)).collect();
            let lower: Vec<_> = lo.iter().enumerate().map(|(i, v)| pt(h + i, *v)).collect();
            band_path(&upper, &lower)
        })
        .unwrap_or_default();
    let lines = lines
        .iter()
        .map(|l| {
            let pts: Vec<_> = join
                .into_iter()
                .chain(l.iter().enumerate().map(|(i, v)| pt(h + i, *v)))
                .collect();
            line_path(&pts)
        })
        .collect();
    // About eight period labels, evenly spaced, always including the first period.
    let every = n.div_ceil(8).max(1);
    ForecastChart {
        size,
        history: line_path(&history_pts),
        forecast: line_path(&forecast_pts),
        band,
        lines,
        y_ticks: ticks.iter().map(|t| (y.map(*t), *t)).collect(),
        x_labels: (0..n)
            .step_by(every)
            .map(|i| (x.map(i as f64), i))
            .collect(),
        split_x: x.map(h.saturating_sub(1) as f64),
    }
}

/// One bar segment of a stacked bar chart, in px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// Which stack it belongs to (index into the stacks given).
    pub stack: usize,
    /// Which period.
    pub period: usize,
    /// Left edge, top edge, width and height.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// What to draw for a plan: supply as stacked bars per period, lines across (demand,
/// inventory…) on the same scale.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StackedChart {
    /// Width and height of the drawing, in px.
    pub size: (f64, f64),
    /// Bar segments, bottom to top within a period; zero-height segments are left out.
    pub bars: Vec<Bar>,
    /// One path per line, through the middle of each period's bar.
    pub lines: Vec<String>,
    /// Horizontal grid lines: (y pixel, label value).
    pub y_ticks: Vec<(f64, f64)>,
    /// Period labels along the bottom: (x pixel of the bar's middle, period index).
    pub x_labels: Vec<(f64, usize)>,
}

/// Lays out `stacks` (each one value per period; negative and non-finite values count as
/// zero) as stacked bars and `lines` (one value per period) as lines on the same y scale.
#[must_use]
pub fn stacked_chart(stacks: &[&[f64]], lines: &[&[f64]], size: (f64, f64)) -> StackedChart {
    let clean = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
    let n = stacks
        .iter()
        .chain(lines)
        .map(|s| s.len())
        .max()
        .unwrap_or(0);
    if n == 0 {
        return StackedChart {
            size,
            ..StackedChart::default()
        };
    }
    let totals: Vec<f64> = (0..n)
        .map(|i| {
            stacks
                .iter()
                .filter_map(|s| s.get(i))
                .map(|v| clean(*v))
                .sum()
        })
        .collect();
    let line_values = lines
        .iter()
        .flat_map(|l| l.iter())
        .copied()
        .filter(|v| v.is_finite());
    let (lo, hi) = totals
        .iter()
        .copied()
        .chain(line_values)
        .fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    let ticks = nice_ticks(lo, if hi > lo { hi } else { lo + 1.0 }, 5);
    let (t0, t1) = (
        ticks.first().copied().unwrap_or(lo),
        ticks.last().copied().unwrap_or(hi),
    );
    let (ml, mr, mt, mb) = MARGIN;
    let slot = (size.0 - ml - mr) / n as f64;
    let y = Scale::new((t0, t1), (size.1 - mb, mt));
    let middle = |i: usize| ml + slot * (i as f64 + 0.5);
    let mut bars = Vec::new();
    for i in 0..n {
        let mut base = 0.0;
        for (k, s) in stacks.iter().enumerate() {
            let v = s.get(i).map_or(0.0, |v| clean(*v));
            if v > 0.0 {
                let (top, bottom) = (y.map(base + v), y.map(base));
                bars.push(Bar {
                    stack: k,
                    period: i,
                    x: middle(i) - slot * 0.35,
                    y: top,
                    w: slot * 0.7,
                    h: bottom - top,
                });
            }
            base += v;
        }
    }
    let lines = lines
        .iter()
        .map(|l| {
            let pts: Vec<_> = l
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_finite())
                .map(|(i, v)| (middle(i), y.map(*v)))
                .collect();
            line_path(&pts)
        })
        .collect();
    let every = n.div_ceil(12).max(1);
    StackedChart {
        size,
        bars,
        lines,
        y_ticks: ticks.iter().map(|t| (y.map(*t), *t)).collect(),
        x_labels: (0..n).step_by(every).map(|i| (middle(i), i)).collect(),
    }
}

/// One horizontal bar of a delta chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HBar {
    /// Which row (index into the values given).
    pub row: usize,
    /// Left edge, top edge, width and height.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// The value is below zero (the bar runs left of the zero line).
    pub negative: bool,
}

/// What to draw for a delta chart: one row per value, bars from a zero line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeltaBars {
    /// Width and height of the drawing, in px.
    pub size: (f64, f64),
    /// The zero line's x pixel.
    pub zero_x: f64,
    /// The bars; rows without a finite value have none.
    pub bars: Vec<HBar>,
    /// The middle of each row (y pixel), for its label.
    pub row_mid: Vec<f64>,
    /// Where the bars may run: from `left` to `size.0 − pad`.
    pub left: f64,
}

/// Lays out `values` (one per row; `None` and non-finite values draw nothing) as
/// horizontal bars from a shared zero line, `row_h` px per row, the bars between `left`
/// and `width − 8` px. The scale spans zero and every value, so the zero line sits left
/// when every change is an increase.
#[must_use]
pub fn delta_bars(values: &[Option<f64>], width: f64, row_h: f64, left: f64) -> DeltaBars {
    let pad = 8.0;
    let finite: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let lo = finite.iter().copied().fold(0.0_f64, f64::min);
    let hi = finite.iter().copied().fold(0.0_f64, f64::max);
    let (lo, hi) = if lo == hi { (-1.0, 1.0) } else { (lo, hi) };
    let scale = Scale::new((lo, hi), (left, (width - pad).max(left)));
    let zero_x = scale.map(0.0);
    let bar_h = row_h * 0.6;
    let bars = values
        .iter()
        .enumerate()
        .filter_map(|(row, v)| {
            let v = (*v).filter(|v| v.is_finite())?;
            let x = scale.map(v);
            Some(HBar {
                row,
                x: x.min(zero_x),
                y: row as f64 * row_h + (row_h - bar_h) / 2.0,
                w: (x - zero_x).abs(),
                h: bar_h,
                negative: v < 0.0,
            })
        })
        .collect();
    DeltaBars {
        size: (width, values.len() as f64 * row_h),
        zero_x,
        bars,
        row_mid: (0..values.len())
            .map(|i| (i as f64 + 0.5) * row_h)
            .collect(),
        left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_maps_ends_and_inverts_y() {
        let s = Scale::new((0.0, 10.0), (100.0, 0.0));
        assert_eq!(s.map(0.0), 100.0);
        assert_eq!(s.map(10.0), 0.0);
        assert_eq!(s.map(2.5), 75.0);
        assert_eq!(Scale::new((3.0, 3.0), (0.0, 10.0)).map(3.0), 5.0);
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 100.0, 5),
            [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(
            nice_ticks(3.0, 97.0, 5),
            [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(nice_ticks(0.0, 1.0, 4), [0.0, 0.5, 1.0]);
        let t = nice_ticks(-130.0, 1234.0, 5);
        assert!(t[0] <= -130.0 && *t.last().unwrap() >= 1234.0);
        // A flat series still gets a range.
        assert_eq!(nice_ticks(5.0, 5.0, 4), [4.0, 4.5, 5.0, 5.5, 6.0]);
    }

    #[test]
    fn paths() {
        assert_eq!(line_path(&[(0.0, 1.0), (2.0, 3.25)]), "M0.0 1.0 L2.0 3.2");
        assert_eq!(
            band_path(&[(0.0, 0.0), (1.0, 0.0)], &[(0.0, 5.0), (1.0, 5.0)]),
            "M0.0 0.0 L1.0 0.0 L1.0 5.0 L0.0 5.0 Z"
        );
        assert_eq!(band_path(&[], &[]), "");
    }

    #[test]
    fn forecast_line_joins_the_history() {
        let c = forecast_chart(
            &[1.0, 2.0],
            &[3.0],
            Some((&[2.0], &[4.0])),
            &[&[3.5]],
            (200.0, 100.0),
        );
        let last_history = c.history.rsplit(" L").next().unwrap().to_string();
        assert!(
            c.forecast.starts_with(&format!("M{last_history}")),
            "{} / {}",
            c.history,
            c.forecast
        );
        assert!(c.band.ends_with('Z'));
        assert!(c.lines[0].starts_with(&format!("M{last_history}")));
        assert_eq!(c.x_labels.first().map(|l| l.1), Some(0));
        assert!(c.y_ticks.iter().all(|(y, _)| (12.0..=72.0).contains(y)));
    }

    #[test]
    fn empty_and_non_finite_inputs_draw_nothing_broken() {
        assert_eq!(
            forecast_chart(&[], &[], None, &[], (10.0, 10.0)).history,
            ""
        );
        let c = forecast_chart(&[f64::NAN], &[], None, &[], (100.0, 100.0));
        assert!(!c.y_ticks.is_empty());
    }

    #[test]
    fn stacked_bars_sit_on_each_other() {
        let regular = [10.0, 20.0];
        let overtime = [5.0, 0.0];
        let demand = [15.0, 15.0];
        let c = stacked_chart(&[&regular, &overtime], &[&demand], (200.0, 100.0));
        // Zero-height segments are left out: period 1 has no overtime bar.
        assert_eq!(c.bars.len(), 3);
        let (r0, o0) = (c.bars[0], c.bars[1]);
        assert_eq!((r0.stack, o0.stack, o0.period), (0, 1, 0));
        assert!(
            (o0.y + o0.h - r0.y).abs() < 1e-9,
            "overtime sits on regular"
        );
        // 10 units are twice as tall as 5.
        assert!((r0.h - 2.0 * o0.h).abs() < 1e-9);
        // The demand line runs through the bars' middles, level at 15.
        assert!(c.lines[0].starts_with('M'));
        let ys: Vec<&str> = c.lines[0].split(' ').skip(1).step_by(2).collect();
        assert_eq!(ys[0], ys[1]);
        assert_eq!(c.x_labels.len(), 2);
    }

    #[test]
    fn stacked_chart_survives_empty_negative_and_non_finite() {
        assert!(stacked_chart(&[], &[], (10.0, 10.0)).bars.is_empty());
        let c = stacked_chart(
            &[&[-5.0, f64::NAN, f64::INFINITY]],
            &[&[f64::NAN, 1.0]],
            (100.0, 100.0),
        );
        assert!(c.bars.is_empty());
        assert!(c.bars.iter().all(|b| b.h.is_finite() && b.y.is_finite()));
        assert!(!c.y_ticks.is_empty());
    }

    #[test]
    fn delta_bars_run_from_the_zero_line() {
        // −10 and +30 over 100..400 px: zero at 100 + 300 × 10/40 = 175.
        let d = delta_bars(
            &[Some(-10.0), None, Some(30.0), Some(f64::NAN)],
            408.0,
            20.0,
            100.0,
        );
        assert_eq!(d.size, (408.0, 80.0));
        assert_eq!(d.zero_x, 175.0);
        assert_eq!(d.bars.len(), 2);
        let (a, b) = (d.bars[0], d.bars[1]);
        assert_eq!((a.row, a.x, a.w, a.negative), (0, 100.0, 75.0, true));
        assert_eq!((b.row, b.x, b.w, b.negative), (2, 175.0, 225.0, false));
        assert_eq!((b.y, b.h), (44.0, 12.0));
        assert_eq!(d.row_mid[1], 30.0);
        // Nothing but zeros: a centred zero line, bars of no width.
        let z = delta_bars(&[Some(0.0)], 208.0, 20.0, 0.0);
        assert_eq!((z.zero_x, z.bars[0].w), (100.0, 0.0));
        assert!(delta_bars(&[], 100.0, 20.0, 0.0).bars.is_empty());
    }
}
