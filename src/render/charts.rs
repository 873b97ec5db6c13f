//! Chart geometry for the server-side SVG charts: bar rows (variables, SPD/SID,
//! predicate distribution), the IID trend line and the data-completeness bar. Only
//! numbers are computed here; the markup (and every label) is in the theme's
//! templates, so a theme can restyle charts without touching Rust.
//!
//! Invariant: every width and coordinate is finite and within the chart's box, whatever
//! the scores (0 maxima, IID 0, a single year).

use serde::Serialize;

/// One row of a bar chart: a track (the maximum) and a fill (the value), both in
/// percent of the chart's width.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub max: f64,
    /// Width of the track, percent of the chart (the row's max against the widest).
    pub track: f64,
    /// Width of the fill, percent of the chart.
    pub fill: f64,
    /// Value as percent of the row's max.
    pub percent: f64,
    /// CSS class of the fill.
    pub class: String,
}

/// A bar for `value` out of `max`, on a chart whose widest track is `widest`.
pub fn bar(label: String, value: f64, max: f64, widest: f64, class: &str) -> Bar {
    let scale = |x: f64| {
        if widest > 0.0 {
            (x / widest * 100.0).clamp(0.0, 100.0)
        } else {
            0.0
        }
    };
    Bar {
        label,
        value,
        max,
        track: round1(scale(max)),
        fill: round1(scale(value.min(max))),
        percent: if max > 0.0 { value / max * 100.0 } else { 0.0 },
        class: class.to_string(),
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The IID trend line: official history plus the current year's computed IID.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub width: u32,
    pub height: u32,
    pub points: Vec<TrendPoint>,
    /// SVG path data of the line.
    pub line: String,
    /// Horizontal grid lines: IID 0, 25, 50, 75, 100.
    pub grid: Vec<GridLine>,
    /// Left and right edge of the plotting area.
    pub left: u32,
    pub right: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub year: i32,
    pub iid: f64,
    pub x: f64,
    pub y: f64,
    /// The year computed by this build (not from `history`).
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GridLine {
    pub value: u32,
    pub y: f64,
}

const WIDTH: u32 = 360;
const HEIGHT: u32 = 180;
const LEFT: u32 = 34;
const RIGHT: u32 = 14;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;
/// Room between the axis labels and the first and last point.
const PAD: f64 = 18.0;

/// The trend of `history` (ascending years) and the current (`year`, `iid`); None when
/// there is nothing to compare (no history).
pub fn trend(history: &[(i32, f64)], current: Option<(i32, f64)>) -> Option<Trend> {
    let mut years: Vec<(i32, f64, bool)> = history.iter().map(|&(y, v)| (y, v, false)).collect();
    if let Some((year, iid)) = current {
        years.retain(|(y, _, _)| *y != year);
        years.push((year, iid, true));
    }
    years.sort_by_key(|(y, _, _)| *y);
    if years.len() < 2 {
        return None;
    }
    let plot_w = f64::from(WIDTH - LEFT - RIGHT) - 2.0 * PAD;
    let plot_h = f64::from(HEIGHT) - TOP - BOTTOM;
    let y_of = |v: f64| round1(TOP + plot_h * (1.0 - v.clamp(0.0, 100.0) / 100.0));
    let step = plot_w / (years.len() - 1) as f64;
    let points: Vec<TrendPoint> = years
        .iter()
        .enumerate()
        .map(|(i, &(year, iid, current))| TrendPoint {
            year,
            iid,
            x: round1(f64::from(LEFT) + PAD + step * i as f64),
            y: y_of(iid),
            current,
        })
        .collect();
    let line = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{}{} {}", if i == 0 { "M" } else { "L" }, p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ");
    let grid = (0..=4)
        .map(|k| GridLine {
            value: k * 25,
            y: y_of(f64::from(k * 25)),
        })
        .collect();
    Some(Trend {
        width: WIDTH,
        height: HEIGHT,
        points,
        line,
        grid,
        left: LEFT,
        right: WIDTH - RIGHT,
    })
}

/// Verified / unverified / missing indicator counts as one stacked bar.
#[derive(Debug, Clone, Serialize)]
pub struct Completeness {
    pub verified: u32,
    pub unverified: u32,
    pub missing: u32,
    pub total: u32,
    /// Percent of the total, for widths and labels.
    pub verified_percent: f64,
    pub unverified_percent: f64,
    pub missing_percent: f64,
}

pub fn completeness(status: crate::score::StatusCount) -> Completeness {
    let total = status.total();
    let pct = |n: u32| {
        if total > 0 {
            round1(f64::from(n) * 100.0 / f64::from(total))
        } else {
            0.0
        }
    };
    Completeness {
        verified: status.verified,
        unverified: status.unverified,
        missing: status.missing,
        total,
        verified_percent: pct(status.verified),
        unverified_percent: pct(status.unverified),
        missing_percent: pct(status.missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_stay_inside_the_chart_even_with_zero_maxima() {
        let b = bar("x".into(), 5.0, 0.0, 0.0, "c");
        assert_eq!((b.track, b.fill, b.percent), (0.0, 0.0, 0.0));
        let b = bar("x".into(), 30.0, 20.0, 40.0, "c");
        assert_eq!(
            (b.track, b.fill),
            (50.0, 50.0),
            "a value above its max is drawn at the max"
        );
    }

    #[test]
    fn the_trend_adds_the_current_year_and_needs_two_points() {
        assert!(trend(&[], Some((2023, 50.0))).is_none());
        let t = trend(&[(2021, 40.0), (2022, 45.0)], Some((2023, 100.0))).expect("trend");
        assert_eq!(t.points.len(), 3);
        assert!(t.points[2].current && !t.points[0].current);
        assert_eq!(t.points[2].y, TOP, "IID 100 is at the top");
        assert_eq!(t.points[0].x, f64::from(LEFT) + PAD);
        assert_eq!(t.points[2].x, f64::from(WIDTH - RIGHT) - PAD);
        assert!(t.line.starts_with("M52 "), "{}", t.line);
    }

    #[test]
    fn a_history_entry_for_the_current_year_is_replaced_by_the_computed_one() {
        let t = trend(&[(2022, 45.0), (2023, 10.0)], Some((2023, 60.0))).expect("trend");
        assert_eq!(t.points.len(), 2);
        assert_eq!(t.points[1].iid, 60.0);
    }
}
