//! Charts without a value axis: the availability timeline, budget gauges and the heat map.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::*;
use crate::report::blocks::TimelineRow;

/// Timeline geometry: the legend and hour labels above the first row, the height of a day.
pub(super) const TIMELINE_TOP: u32 = 50;
pub(super) const TIMELINE_ROW: u32 = 18;
/// Gauge geometry: two label lines above the bar.
pub(super) const GAUGE_BAR_TOP: i32 = 44;
/// Heat-map geometry: the titles and column labels above the first row, a row's height.
pub(super) const HEAT_TOP: u32 = 40;
pub(super) const HEAT_ROW: u32 = 18;

pub(super) fn timeline(
    area: &Area<'_>,
    (w, _h): (u32, u32),
    rows: &[TimelineRow],
    from_h: f64,
    to_h: f64,
    legend: &[(String, Tone)],
) -> Res {
    let left = 132;
    let right = w as i32 - 76;
    let top = TIMELINE_TOP as i32;
    let row_h = TIMELINE_ROW as i32;
    let span = (to_h - from_h).max(1.0);
    let x = |hh: f64| {
        left + (((hh.clamp(from_h, to_h) - from_h) / span) * f64::from(right - left)).round() as i32
    };
    let bottom = top + row_h * rows.len() as i32;
    // Legend.
    let mut lx = left;
    for (name, tone) in legend {
        fill(area, (lx, 5), (lx + 14, 17), *tone)?;
        text(
            area,
            name,
            (lx + 16, 11),
            SZ_TICK,
            &TEXT,
            Pos::new(HPos::Left, VPos::Center),
        )?;
        lx += 40 + (name.chars().count() as f64 * SZ_TICK * 0.7) as i32;
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
            fill(
                area,
                (x0, y + inset),
                ((x1).max(x0 + 3), y + row_h - inset),
                s.tone,
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
            (right + 70, y + row_h / 2),
            SZ_TICK,
            c,
            Pos::new(HPos::Right, VPos::Center),
        )?;
    }
    line(area, vec![(left, bottom), (right, bottom)], &AXIS, 1)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn gauge(
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
    // The label on up to two lines (a gauge is a third of the text width).
    for (i, l) in wrap(label, right - left, SZ_LABEL, 2).iter().enumerate() {
        text(
            area,
            l,
            (left, 10 + 17 * i as i32),
            SZ_LABEL,
            &TEXT,
            Pos::new(HPos::Left, VPos::Center),
        )?;
    }
    let y = GAUGE_BAR_TOP;
    rect(area, (left, y), (right, y + 22), &MUTED)?;
    let share = if max > 0.0 {
        (value / max).clamp(0.0, 1.0)
    } else if value > 0.0 {
        1.0
    } else {
        0.0
    };
    let x1 = left + (share * f64::from(right - left)).round() as i32;
    if x1 > left {
        fill(area, (left, y), (x1, y + 22), tone)?;
    }
    line(area, vec![(right, y - 4), (right, y + 26)], &TEXT, 2)?;
    text(
        area,
        value_text,
        (left, y + 40),
        SZ_BIG,
        color(tone),
        Pos::new(HPos::Left, VPos::Center),
    )?;
    text(
        area,
        &format!("≤ {max_text}"),
        (right, y + 40),
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
pub(super) fn heat(
    area: &Area<'_>,
    (w, _h): (u32, u32),
    row_labels: &[String],
    col_labels: &[String],
    values: &[Vec<u64>],
    x_label: &str,
    y_label: &str,
    decimal_comma: bool,
) -> Res {
    let left = 76;
    let top = HEAT_TOP as i32;
    let cols = col_labels.len().max(1) as i32;
    let cw = (w as i32 - left - 12) / cols;
    let rh = HEAT_ROW as i32;
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
