//! Charts: each [`ChartSpec`] of the model drawn as one SVG with plotters' SVG backend. The same
//! bytes go into the HTML (inline) and the PDF (a virtual file typst places as a vector image).
//!
//! Layout is done here in pixel coordinates on plotters primitives (rectangles, paths, text)
//! rather than with plotters' mesh: no font backend is compiled in (no system fonts), so text
//! cannot be measured; labels are placed on a fixed grid and shortened by an estimate of their
//! width instead. Text is written as SVG `<text>` with a font list that resolves to a system
//! sans-serif in a browser and to the embedded Libertinus Serif in typst, so the output is the
//! same bytes on every machine. All arithmetic is integer pixel placement of already-computed
//! figures; no value is derived here.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::report::blocks::{Chart, ChartSpec, RefLine, Series, TimelineRow, Tone};

/// Text sizes in CSS pixels (a 760 px wide chart fills the PDF's text width: 1 px ≈ 0.65 pt).
const SZ_TICK: f64 = 12.0;
const SZ_LABEL: f64 = 13.0;
const SZ_TITLE: f64 = 14.0;
const SZ_BIG: f64 = 16.0;
const SZ_HEAT: f64 = 11.0;
const FONT: &str = "Helvetica, Arial, Libertinus Serif, sans-serif";
const TEXT: RGBColor = RGBColor(0x33, 0x33, 0x33);
const AXIS: RGBColor = RGBColor(0x88, 0x88, 0x88);
const GRID: RGBColor = RGBColor(0xe4, 0xe6, 0xea);
const GOOD: RGBColor = RGBColor(0x2e, 0x7d, 0x32);
const BAD: RGBColor = RGBColor(0xc6, 0x28, 0x28);
const WARN: RGBColor = RGBColor(0xef, 0x8f, 0x00);
const NEUTRAL: RGBColor = RGBColor(0x1f, 0x5f, 0x99);
const ACCENT: RGBColor = RGBColor(0x6a, 0x4c, 0x93);
const MUTED: RGBColor = RGBColor(0xd5, 0xda, 0xe1);

fn color(t: Tone) -> &'static RGBColor {
    match t {
        Tone::Good => &GOOD,
        Tone::Bad => &BAD,
        Tone::Warn => &WARN,
        Tone::Neutral => &NEUTRAL,
        Tone::Accent => &ACCENT,
        Tone::Muted => &MUTED,
    }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type Res = Result<(), String>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Draw one chart as an SVG document.
pub fn svg(chart: &Chart) -> anyhow::Result<String> {
    let (w, h) = size(&chart.spec);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let r = match &chart.spec {
            ChartSpec::Bars {
                x_labels,
                series,
                y_label,
                y_max,
                reference,
                label_every,
                decimal_comma,
            } => bars(
                &root,
                (w, h),
                x_labels,
                series,
                y_label,
                *y_max,
                reference.as_ref(),
                *label_every,
                *decimal_comma,
            ),
            ChartSpec::Lines {
                x_labels,
                series,
                y_label,
                y_min,
                y_max,
                reference,
                label_every,
                decimal_comma,
            } => lines(
                &root,
                (w, h),
                x_labels,
                series,
                y_label,
                *y_min,
                *y_max,
                reference.as_ref(),
                *label_every,
                *decimal_comma,
            ),
            ChartSpec::HBars {
                labels,
                values,
                value_labels,
                tone,
            } => hbars(&root, (w, h), labels, values, value_labels, *tone),
            ChartSpec::Timeline {
                rows,
                from_h,
                to_h,
                legend,
            } => timeline(&root, (w, h), rows, *from_h, *to_h, legend),
            ChartSpec::Gauge {
                label,
                value,
                max,
                value_text,
                max_text,
                tone,
            } => gauge(
                &root,
                (w, h),
                label,
                *value,
                *max,
                value_text,
                max_text,
                *tone,
            ),
            ChartSpec::Heat {
                row_labels,
                col_labels,
                values,
                x_label,
                y_label,
                decimal_comma,
            } => heat(
                &root,
                (w, h),
                row_labels,
                col_labels,
                values,
                x_label,
                y_label,
                *decimal_comma,
            ),
        };
        r.map_err(|e| anyhow::anyhow!("chart {}: {e}", chart.id))?;
        root.present().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    Ok(out)
}

/// Pixel size of a chart (the PDF scales it to its width; the HTML to the column).
fn size(spec: &ChartSpec) -> (u32, u32) {
    match spec {
        ChartSpec::Timeline { rows, .. } => (760, 46 + 17 * rows.len().max(1) as u32 + 8),
        ChartSpec::Gauge { .. } => (300, 92),
        ChartSpec::HBars { labels, .. } => (760, 20 + 22 * labels.len().max(1) as u32),
        ChartSpec::Heat { row_labels, .. } => (760, 44 + 16 * row_labels.len().max(1) as u32),
        _ => (760, 260),
    }
}

/// A font of `px` CSS pixels. plotters' SVG backend writes `font-size = size / 1.24`, so the
/// size is scaled up by that factor to get the size asked for.
fn font(px: f64) -> FontDesc<'static> {
    (FONT, px * 1.24).into_font()
}

fn text(
    area: &Area<'_>,
    s: &str,
    (x, y): (i32, i32),
    size: f64,
    c: &'static RGBColor,
    pos: Pos,
) -> Res {
    let style = font(size).color(c).pos(pos);
    area.draw(&Text::new(s.to_string(), (x, y), style))
        .map_err(err)
}

fn rect(area: &Area<'_>, (x0, y0): (i32, i32), (x1, y1): (i32, i32), c: &RGBColor) -> Res {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.filled()))
        .map_err(err)
}

fn line(area: &Area<'_>, pts: Vec<(i32, i32)>, c: &RGBColor, width: u32) -> Res {
    area.draw(&PathElement::new(pts, c.stroke_width(width)))
        .map_err(err)
}

fn dashed(area: &Area<'_>, (x0, y): (i32, i32), x1: i32, c: &RGBColor) -> Res {
    let mut x = x0;
    while x < x1 {
        line(area, vec![(x, y), ((x + 6).min(x1), y)], c, 2)?;
        x += 10;
    }
    Ok(())
}

/// Shorten `s` to about `px` pixels at `size` (a width estimate: no font metrics are loaded).
fn fit(s: &str, px: i32, size: f64) -> String {
    let max = ((f64::from(px) / (size * 0.55)).floor() as usize).max(1);
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// A "nice" axis maximum and step for `max` (1, 2, 2.5, 5 × 10^k).
fn nice(max: f64) -> (f64, f64) {
    if !(max.is_finite()) || max <= 0.0 {
        return (1.0, 0.25);
    }
    let raw = max / 4.0;
    let mag = 10_f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    ((max / step).ceil() * step, step)
}

/// Like [`nice`], for counts: whole-number steps only.
fn nice_count(max: f64) -> (f64, f64) {
    let (hi, step) = nice(max.max(1.0));
    if step >= 1.0 {
        (hi, step.round().max(1.0))
    } else {
        (max.max(1.0).ceil(), 1.0)
    }
}

/// An axis number: at most 2 decimals, trailing zeros cut, decimal comma when asked, thin
/// grouping of thousands.
fn num(x: f64, decimal_comma: bool) -> String {
    let r = (x * 100.0).round() / 100.0;
    let neg = r < 0.0;
    let r = r.abs();
    let whole = r.trunc() as u64;
    let frac = ((r - r.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut s = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            s.push(if decimal_comma { '\u{a0}' } else { ',' });
        }
        s.push(c);
    }
    if frac > 0 {
        s.push(if decimal_comma { ',' } else { '.' });
        let f = format!("{frac:02}");
        s.push_str(f.trim_end_matches('0'));
    }
    if neg {
        format!("−{s}")
    } else {
        s
    }
}

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
        left: 58,
        right: w as i32 - 12,
        top: 30,
        bottom: h as i32 - 38,
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
    let every = label_every.max(1);
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
        (fr.left - 50, 12),
        SZ_LABEL,
        &TEXT,
        Pos::new(HPos::Left, VPos::Center),
    )?;
    let mut x = fr.right;
    let mut items: Vec<(&str, &'static RGBColor, bool)> = series
        .iter()
        .filter(|s| !s.name.is_empty())
        .map(|s| (s.name.as_str(), color(s.tone), false))
        .collect();
    if let Some(r) = reference {
        items.push((r.label.as_str(), &BAD, true));
    }
    for (name, c, is_line) in items.iter().rev() {
        let label = fit(name, 220, SZ_TICK);
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
        x -= 16;
        if *is_line {
            dashed(area, (x, 12), x + 12, c)?;
        } else {
            rect(area, (x, 7), (x + 12, 17), c)?;
        }
        x -= 14;
    }
    if let Some(r) = reference {
        if r.value >= y_lo && r.value <= y_hi {
            dashed(area, (fr.left, fr.y(r.value)), fr.right, &BAD)?;
        }
    }
    Ok(fr)
}

#[allow(clippy::too_many_arguments)]
fn bars(
    area: &Area<'_>,
    wh: (u32, u32),
    x_labels: &[String],
    series: &[Series],
    y_label: &str,
    y_max: Option<f64>,
    reference: Option<&RefLine>,
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
    for i in 0..n {
        let x0 = fr.left + (i as f64 * slot + gap / 2.0).round() as i32;
        let x1 = fr.left + ((i + 1) as f64 * slot - gap / 2.0).round() as i32;
        let mut base = 0.0;
        for s in series {
            let v = s.values.get(i).copied().unwrap_or(0.0).max(0.0);
            if v > 0.0 {
                let (y0, y1) = (fr.y(base), fr.y(base + v));
                rect(area, (x0, y1), (x1.max(x0 + 1), y0), color(s.tone))?;
            }
            base += v;
        }
    }
    // The reference line is drawn again over the bars.
    if let Some(r) = reference {
        if r.value <= fr.y_hi {
            dashed(area, (fr.left, fr.y(r.value)), fr.right, &BAD)?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn lines(
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

fn hbars(
    area: &Area<'_>,
    (w, _h): (u32, u32),
    labels: &[String],
    values: &[f64],
    value_labels: &[String],
    tone: Tone,
) -> Res {
    let left = 200;
    let right = w as i32 - 90;
    let max = values.iter().copied().fold(0.0, f64::max).max(1e-9);
    for (i, l) in labels.iter().enumerate() {
        let y = 10 + 22 * i as i32;
        text(
            area,
            &fit(l, left - 10, SZ_LABEL),
            (left - 8, y + 8),
            SZ_LABEL,
            &TEXT,
            Pos::new(HPos::Right, VPos::Center),
        )?;
        let v = values.get(i).copied().unwrap_or(0.0).max(0.0);
        let x1 = left + ((v / max) * f64::from(right - left)).round() as i32;
        rect(area, (left, y), (x1.max(left + 1), y + 16), color(tone))?;
        if let Some(t) = value_labels.get(i) {
            text(
                area,
                t,
                (x1 + 6, y + 8),
                SZ_LABEL,
                &TEXT,
                Pos::new(HPos::Left, VPos::Center),
            )?;
        }
    }
    line(
        area,
        vec![(left, 4), (left, 10 + 22 * labels.len() as i32)],
        &AXIS,
        1,
    )
}

fn timeline(
    area: &Area<'_>,
    (w, _h): (u32, u32),
    rows: &[TimelineRow],
    from_h: f64,
    to_h: f64,
    legend: &[(String, Tone)],
) -> Res {
    let left = 122;
    let right = w as i32 - 70;
    let top = 46;
    let row_h = 17;
    let span = (to_h - from_h).max(1.0);
    let x = |hh: f64| {
        left + (((hh.clamp(from_h, to_h) - from_h) / span) * f64::from(right - left)).round() as i32
    };
    let bottom = top + row_h * rows.len() as i32;
    // Legend.
    let mut lx = left;
    for (name, tone) in legend {
        rect(area, (lx, 6), (lx + 12, 16), color(*tone))?;
        text(
            area,
            name,
            (lx + 16, 11),
            SZ_TICK,
            &TEXT,
            Pos::new(HPos::Left, VPos::Center),
        )?;
        lx += 30 + (name.chars().count() as f64 * SZ_TICK * 0.55) as i32;
    }
    // Hour grid and labels.
    let mut hh = from_h.ceil();
    while hh <= to_h {
        let xx = x(hh);
        line(area, vec![(xx, top - 4), (xx, bottom)], &GRID, 1)?;
        text(
            area,
            &format!("{:02}", hh as u32),
            (xx, top - 6),
            SZ_TICK,
            &TEXT,
            Pos::new(HPos::Center, VPos::Bottom),
        )?;
        hh += 1.0;
    }
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * i as i32;
        text(
            area,
            &r.label,
            (left - 8, y + row_h / 2),
            SZ_TICK,
            &TEXT,
            Pos::new(HPos::Right, VPos::Center),
        )?;
        // Open time first, then outages and disturbance on top.
        let mut spans: Vec<_> = r.spans.iter().collect();
        spans.sort_by_key(|s| u8::from(s.tone != Tone::Muted));
        for s in spans {
            let (x0, x1) = (x(s.from_h), x(s.to_h));
            let inset = if s.tone == Tone::Muted { 2 } else { 1 };
            rect(
                area,
                (x0, y + inset),
                ((x1).max(x0 + 2), y + row_h - inset),
                color(s.tone),
            )?;
        }
        let c = match r.note_tone {
            Tone::Bad => &BAD,
            Tone::Warn => &WARN,
            _ => &TEXT,
        };
        text(
            area,
            &r.note,
            (right + 62, y + row_h / 2),
            SZ_TICK,
            c,
            Pos::new(HPos::Right, VPos::Center),
        )?;
    }
    line(area, vec![(left, bottom), (right, bottom)], &AXIS, 1)
}

#[allow(clippy::too_many_arguments)]
fn gauge(
    area: &Area<'_>,
    (w, _h): (u32, u32),
    label: &str,
    value: f64,
    max: f64,
    value_text: &str,
    max_text: &str,
    tone: Tone,
) -> Res {
    let (left, right) = (8, w as i32 - 8);
    text(
        area,
        &fit(label, right - left, SZ_TITLE),
        (left, 14),
        SZ_TITLE,
        &TEXT,
        Pos::new(HPos::Left, VPos::Center),
    )?;
    rect(area, (left, 32), (right, 54), &MUTED)?;
    let share = if max > 0.0 {
        (value / max).clamp(0.0, 1.0)
    } else if value > 0.0 {
        1.0
    } else {
        0.0
    };
    let x1 = left + (share * f64::from(right - left)).round() as i32;
    if x1 > left {
        rect(area, (left, 32), (x1, 54), color(tone))?;
    }
    line(area, vec![(right, 28), (right, 58)], &TEXT, 2)?;
    text(
        area,
        value_text,
        (left, 72),
        SZ_BIG,
        color(tone),
        Pos::new(HPos::Left, VPos::Center),
    )?;
    text(
        area,
        &format!("≤ {max_text}"),
        (right, 72),
        SZ_LABEL,
        &TEXT,
        Pos::new(HPos::Right, VPos::Center),
    )
}

/// White → dark blue for `t` in 0..=1.
fn heat_color(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    RGBColor(mix(0xf4, 0x0d), mix(0xf6, 0x3b), mix(0xfa, 0x6e))
}

#[allow(clippy::too_many_arguments)]
fn heat(
    area: &Area<'_>,
    (w, _h): (u32, u32),
    row_labels: &[String],
    col_labels: &[String],
    values: &[Vec<u64>],
    x_label: &str,
    y_label: &str,
    decimal_comma: bool,
) -> Res {
    let left = 70;
    let top = 36;
    let cols = col_labels.len().max(1) as i32;
    let cw = (w as i32 - left - 12) / cols;
    let rh = 16;
    let max = values.iter().flatten().copied().max().unwrap_or(0).max(1);
    text(
        area,
        y_label,
        (4, 12),
        SZ_LABEL,
        &TEXT,
        Pos::new(HPos::Left, VPos::Center),
    )?;
    text(
        area,
        x_label,
        (left + cw * cols / 2, 12),
        SZ_LABEL,
        &TEXT,
        Pos::new(HPos::Center, VPos::Center),
    )?;
    // Scale legend: light = few, dark = many (square-root scale).
    let lx = w as i32 - 12 - 5 * 18 - 64;
    text(
        area,
        "0",
        (lx - 6, 12),
        SZ_HEAT,
        &TEXT,
        Pos::new(HPos::Right, VPos::Center),
    )?;
    for k in 0..5 {
        let t = f64::from(k) / 4.0;
        let c = heat_color(t);
        rect(area, (lx + 18 * k, 6), (lx + 18 * k + 17, 18), &c)?;
    }
    text(
        area,
        &num(max as f64, decimal_comma),
        (lx + 5 * 18 + 4, 12),
        SZ_HEAT,
        &TEXT,
        Pos::new(HPos::Left, VPos::Center),
    )?;

    for (j, l) in col_labels.iter().enumerate() {
        text(
            area,
            l,
            (left + cw * j as i32 + cw / 2, top - 4),
            SZ_HEAT,
            &TEXT,
            Pos::new(HPos::Center, VPos::Bottom),
        )?;
    }
    for (i, l) in row_labels.iter().enumerate() {
        let y = top + rh * i as i32;
        text(
            area,
            l,
            (left - 6, y + rh / 2),
            SZ_HEAT,
            &TEXT,
            Pos::new(HPos::Right, VPos::Center),
        )?;
        for j in 0..cols as usize {
            let v = values.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0);
            // White → dark blue, on a square-root scale so quiet hours stay visible.
            let t = (v as f64 / max as f64).sqrt();
            let mix =
                |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
            let c = RGBColor(mix(0xf4, 0x0d), mix(0xf6, 0x3b), mix(0xfa, 0x6e));
            let x0 = left + cw * j as i32;
            rect(area, (x0, y), (x0 + cw - 1, y + rh - 1), &c)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axes() {
        assert_eq!(nice(7.0), (8.0, 2.0));
        assert_eq!(nice(100.0), (100.0, 25.0));
        assert_eq!(nice(0.0), (1.0, 0.25));
        assert_eq!(nice(19_870.0), (20_000.0, 5_000.0));
        assert_eq!(nice_count(2.0), (2.0, 1.0));
        assert_eq!(nice_count(6.0), (6.0, 2.0));
        assert_eq!(nice_count(0.0), (1.0, 1.0));
    }

    #[test]
    fn axis_numbers_follow_the_language() {
        assert_eq!(num(7.5, true), "7,5");
        assert_eq!(num(7.5, false), "7.5");
        assert_eq!(num(20_000.0, false), "20,000");
        assert_eq!(num(20_000.0, true), "20\u{a0}000");
        assert_eq!(num(0.0, true), "0");
    }

    #[test]
    fn labels_are_shortened() {
        assert_eq!(fit("abc", 100, 10.0), "abc");
        assert_eq!(fit("abcdefghijklmnop", 33, 10.0), "abcde…");
    }
}
