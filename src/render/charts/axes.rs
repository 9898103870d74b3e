//! Charts with axes: stacked bars and lines over categories, with a y grid, a legend and an
//! optional reference line (a target).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::*;
use crate::report::blocks::{Marker, RefLine, Series, Tone};

struct Frame {
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
    y_lo: f64,
    y_hi: f64,
}

impl Frame {
    fn y(&self, v: f64) -> i32 {
        let t = ((v - self.y_lo) / (self.y_hi - self.y_lo)).clamp(0.0, 1.0);
        self.bottom - (t * f64::from(self.bottom - self.top)).round() as i32
    }
    fn slot(&self, n: usize) -> f64 {
        f64::from(self.right - self.left) / n.max(1) as f64
    }
    fn x_center(&self, i: usize, n: usize) -> i32 {
        self.left + ((i as f64 + 0.5) * self.slot(n)).round() as i32
    }
}

/// Axes, grid, y ticks, x labels, legend and reference line shared by bars and lines.
#[allow(clippy::too_many_arguments)]
fn frame(
    area: &Area<'_>,
    (w, h): (u32, u32),
    x_labels: &[String],
    series: &[Series],
    y_label: &str,
    y_lo: f64,
    y_hi: f64,
    step: f64,
    reference: Option<&RefLine>,
    label_every: usize,
    decimal_comma: bool,
) -> Result<Frame, String> {
    let fr = Frame {
        left: 62,
        right: w as i32 - 12,
        top: 34,
        bottom: h as i32 - 26,
        y_lo,
        y_hi,
    };
    // Grid and y ticks.
    let mut v = y_lo;
    let mut guard = 0;
    while v <= y_hi + step * 1e-6 && guard < 50 {
        let y = fr.y(v);
        line(area, vec![(fr.left, y), (fr.right, y)], &GRID, 1)?;
        text(
            area,
            &num(v, decimal_comma),
            (fr.left - 6, y),
            SZ_TICK,
            &TEXT,
            Pos::new(HPos::Right, VPos::Center),
        )?;
        v += step;
        guard += 1;
    }
    line(
        area,
        vec![(fr.left, fr.bottom), (fr.right, fr.bottom)],
        &AXIS,
        1,
    )?;
    line(
        area,
        vec![(fr.left, fr.top), (fr.left, fr.bottom)],
        &AXIS,
        1,
    )?;
    // X labels.
    let n = x_labels.len();
    // Every label shown whole: thin them out until the widest fits its room (a histogram's
    // "10–11" under 31 narrow bars became "10…" when every bar had its label).
    let widest = x_labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1);
    let need = widest as f64 * SZ_TICK * 0.55 + 4.0;
    let fit_every = (need / fr.slot(n)).ceil() as usize;
    let every = label_every.max(fit_every).clamp(1, n.max(1));
    let room = (fr.slot(n) * every as f64) as i32;
    for (i, l) in x_labels.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let x = fr.x_center(i, n);
        line(area, vec![(x, fr.bottom), (x, fr.bottom + 3)], &AXIS, 1)?;
        text(
            area,
            &fit(l, room, SZ_TICK),
            (x, fr.bottom + 5),
            SZ_TICK,
            &TEXT,
            Pos::new(HPos::Center, VPos::Top),
        )?;
    }
    // Y label and legend along the top.
    text(
        area,
        y_label,
        (fr.left - 54, 12),
        SZ_LABEL,
        &TEXT,
        Pos::new(HPos::Left, VPos::Center),
    )?;
    let mut x = fr.right;
    // Legend entries: a swatch in the series' pattern, or a dash for the reference line.
    let mut items: Vec<(&str, Option<Tone>)> = series
        .iter()
        .filter(|s| !s.name.is_empty())
        .map(|s| (s.name.as_str(), Some(s.tone)))
        .collect();
    if let Some(r) = reference {
        items.push((r.label.as_str(), None));
    }
    for (name, tone) in items.iter().rev() {
        let label = fit(name, 240, SZ_TICK);
        let wpx = (label.chars().count() as f64 * SZ_TICK * 0.55) as i32;
        x -= wpx;
        text(
            area,
            &label,
            (x, 12),
            SZ_TICK,
            &TEXT,
            Pos::new(HPos::Left, VPos::Center),
        )?;
        x -= 20;
        match tone {
            Some(t) => fill(area, (x, 5), (x + 15, 19), *t)?,
            None => dashed(area, (x, 12), x + 15, &BAD)?,
        }
        x -= 16;
    }
    if let Some(r) = reference {
        if r.value >= y_lo && r.value <= y_hi {
            dashed(area, (fr.left, fr.y(r.value)), fr.right, &BAD)?;
        }
    }
    Ok(fr)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn bars(
    area: &Area<'_>,
    wh: (u32, u32),
    x_labels: &[String],
    series: &[Series],
    y_label: &str,
    y_max: Option<f64>,
    reference: Option<&RefLine>,
    markers: &[Marker],
    value_labels: bool,
    label_every: usize,
    decimal_comma: bool,
) -> Res {
    let n = x_labels.len();
    let totals: Vec<f64> = (0..n)
        .map(|i| {
            series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0).max(0.0))
                .sum()
        })
        .collect();
    let data_max = totals.iter().copied().fold(0.0, f64::max);
    let want = y_max
        .unwrap_or(data_max)
        .max(reference.map_or(0.0, |r| r.value));
    let whole = series
        .iter()
        .flat_map(|s| s.values.iter())
        .all(|v| v.fract() == 0.0);
    let (hi, step) = if whole { nice_count(want) } else { nice(want) };
    let fr = frame(
        area,
        wh,
        x_labels,
        series,
        y_label,
        0.0,
        hi,
        step,
        reference,
        label_every,
        decimal_comma,
    )?;
    let slot = fr.slot(n);
    let gap = (slot * 0.18).max(1.0);
    for (i, total) in totals.iter().enumerate() {
        let x0 = fr.left + (i as f64 * slot + gap / 2.0).round() as i32;
        let x1 = fr.left + ((i + 1) as f64 * slot - gap / 2.0).round() as i32;
        let mut base = 0.0;
        for s in series {
            let v = s.values.get(i).copied().unwrap_or(0.0).max(0.0);
            if v > 0.0 {
                // A non-zero segment is at least 3 px tall, so it never reads as zero.
                let y0 = fr.y(base);
                let y1 = fr.y(base + v).min(y0 - 3);
                fill(area, (x0, y1), (x1.max(x0 + 1), y0), s.tone)?;
            }
            base += v;
        }
        if value_labels {
            bar_label(area, &fr, (x0, x1), slot, *total, decimal_comma)?;
        }
    }
    for m in markers {
        marker(area, &fr, n, m)?;
    }
    // The reference line is drawn again over the bars.
    if let Some(r) = reference {
        if r.value <= fr.y_hi {
            dashed(area, (fr.left, fr.y(r.value)), fr.right, &BAD)?;
        }
    }
    Ok(())
}

/// Bars shorter than this share of the plot height carry their total as a label.
const SHORT_BAR: f64 = 0.15;

/// The total of a bar written above it when the bar is too short to read off the axis and the
/// number fits the bar's width.
fn bar_label(
    area: &Area<'_>,
    fr: &Frame,
    (x0, x1): (i32, i32),
    slot: f64,
    total: f64,
    dc: bool,
) -> Res {
    if total <= 0.0 || fr.y_hi <= fr.y_lo {
        return Ok(());
    }
    let share = (total - fr.y_lo) / (fr.y_hi - fr.y_lo);
    let label = num(total, dc);
    let wpx = label.chars().count() as f64 * SZ_TICK * 0.55;
    // Narrower than the bar and its gap, so neighbouring labels never touch.
    if share >= SHORT_BAR || wpx > slot - 3.0 {
        return Ok(());
    }
    let top = fr.y(total).min(fr.bottom - 3);
    text(
        area,
        &label,
        ((x0 + x1) / 2, top - 3),
        SZ_TICK,
        &TEXT,
        Pos::new(HPos::Center, VPos::Bottom),
    )
}

/// A labelled vertical threshold line at a category boundary.
fn marker(area: &Area<'_>, fr: &Frame, n: usize, m: &Marker) -> Res {
    if !(m.at.is_finite()) || m.at < 0.0 || m.at > n as f64 {
        return Ok(());
    }
    let x = fr.left + (m.at * fr.slot(n)).round() as i32;
    let mut y = fr.top;
    while y < fr.bottom {
        line(area, vec![(x, y), (x, (y + 6).min(fr.bottom))], &TEXT, 2)?;
        y += 10;
    }
    text(
        area,
        &m.label,
        (x + 5, fr.top + 2),
        SZ_TICK,
        &TEXT,
        Pos::new(HPos::Left, VPos::Top),
    )
}

#[allow(clippy::too_many_arguments)]
pub(super) fn lines(
    area: &Area<'_>,
    wh: (u32, u32),
    x_labels: &[String],
    series: &[Series],
    y_label: &str,
    mut y_min: f64,
    y_max: Option<f64>,
    reference: Option<&RefLine>,
    label_every: usize,
    decimal_comma: bool,
) -> Res {
    let n = x_labels.len();
    let data_max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .filter(|v| v.is_finite())
        .fold(y_min, f64::max);
    let want = y_max
        .unwrap_or(data_max)
        .max(reference.map_or(y_min, |r| r.value));
    let (hi, step) = match y_max {
        // A fixed top (100 %): keep it, with a nice step below it.
        Some(top) if top > y_min => {
            // Start the axis on a multiple of the step so the ticks are round numbers.
            let step = nice(top - y_min).1;
            y_min = (y_min / step).floor() * step;
            (top, step)
        }
        _ if y_min > 0.0 => {
            let (span, step) = nice(want - y_min);
            (y_min + span, step)
        }
        _ => nice(want),
    };
    let fr = frame(
        area,
        wh,
        x_labels,
        series,
        y_label,
        y_min,
        hi,
        step,
        reference,
        label_every,
        decimal_comma,
    )?;
    for s in series {
        let c = color(s.tone);
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (i, v) in s.values.iter().enumerate().take(n) {
            if v.is_finite() {
                let p = (fr.x_center(i, n), fr.y(*v));
                area.draw(&Circle::new(p, 2, c.filled())).map_err(err)?;
                run.push(p);
            } else if !run.is_empty() {
                line(area, std::mem::take(&mut run), c, 2)?;
            }
        }
        if run.len() > 1 {
            line(area, run, c, 2)?;
        }
    }
    Ok(())
}
