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
//!
//! Layers: `panels` and `axes` use none of each other, only this module.

use plotters::prelude::*;
use plotters::style::text_anchor::Pos;

mod axes;
mod panels;

use axes::{bars, lines};
use panels::{gauge, heat, timeline};

use crate::report::blocks::{Chart, ChartSpec, Tone, CHART_FULL_PX};

/// The PDF's text width in points (A4, 210 mm less the template's two 18 mm margins): a
/// [`CHART_FULL_PX`] wide chart is placed at this width, so 1 px prints as about 0.65 pt.
pub const TEXT_WIDTH_PT: f64 = 174.0 / 25.4 * 72.0;

/// The smallest text size allowed in a printed chart, in points.
pub const MIN_PRINT_PT: f64 = 8.0;

/// Text sizes in CSS pixels. Every chart is drawn `width` × [`CHART_FULL_PX`] wide and placed at
/// `width` × [`TEXT_WIDTH_PT`], so these print at 0.649 pt per px: 13 px is 8.4 pt.
const SZ_TICK: f64 = 13.0;
const SZ_LABEL: f64 = 14.0;
const SZ_BIG: f64 = 17.0;
const SZ_HEAT: f64 = 13.0;
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
const BAD_LIGHT: RGBColor = RGBColor(0xf8, 0xd7, 0xd4);
const WARN_LIGHT: RGBColor = RGBColor(0xff, 0xe7, 0xc2);
const WARN_DARK: RGBColor = RGBColor(0xb8, 0x6a, 0x00);

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
    let (w, h) = size(&chart.spec, chart.width);
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
                markers,
                value_labels,
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
                markers,
                *value_labels,
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

/// Pixel size of a chart: `width` of [`CHART_FULL_PX`] wide (the PDF places it at `width` of
/// the text width, so every chart prints its text at the same scale), and as tall as its content
/// needs: a row per timeline day or heat-map row, a lower plot for bars over a few categories.
fn size(spec: &ChartSpec, width: f64) -> (u32, u32) {
    let w = (CHART_FULL_PX * width.clamp(0.05, 1.0)).round() as u32;
    let h = match spec {
        ChartSpec::Timeline { rows, .. } => {
            panels::TIMELINE_TOP + panels::TIMELINE_ROW * rows.len().max(1) as u32 + 8
        }
        ChartSpec::Gauge { .. } => panels::GAUGE_BAR_TOP as u32 + 64,
        ChartSpec::Heat { row_labels, .. } => {
            panels::HEAT_TOP + panels::HEAT_ROW * row_labels.len().max(1) as u32 + 4
        }
        ChartSpec::Bars { x_labels, .. } if x_labels.len() <= 6 => 190,
        ChartSpec::Bars { .. } => 250,
        // A line per day against a target: 5 grid steps need no more.
        ChartSpec::Lines { .. } => 220,
    };
    (w, h)
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

/// A rectangle filled in its tone's pattern: categories told apart without colour.
/// Bad (over a target, an outage) is hatched `///` on a light ground, Warn (between limits, a
/// disturbance) hatched `\\\`, the other tones solid.
fn fill(area: &Area<'_>, (x0, y0): (i32, i32), (x1, y1): (i32, i32), tone: Tone) -> Res {
    let (x0, x1) = (x0.min(x1), x0.max(x1));
    let (y0, y1) = (y0.min(y1), y0.max(y1));
    match tone {
        Tone::Bad | Tone::Warn => {
            let (ground, ink, rising) = if tone == Tone::Bad {
                (&BAD_LIGHT, &BAD, true)
            } else {
                (&WARN_LIGHT, &WARN_DARK, false)
            };
            rect(area, (x0, y0), (x1, y1), ground)?;
            for seg in hatch((x0, y0), (x1, y1), HATCH_STEP, rising) {
                line(area, seg, ink, 2)?;
            }
            // The outline keeps a narrow bar visible.
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], ink.stroke_width(1)))
                .map_err(err)
        }
        _ => rect(area, (x0, y0), (x1, y1), color(tone)),
    }
}

/// Distance between hatch lines, in px.
const HATCH_STEP: i32 = 7;

/// The 45° hatch lines of a rectangle, clipped to it: rising (`/`, bottom-left to top-right)
/// or falling (`\`).
fn hatch(
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    step: i32,
    rising: bool,
) -> Vec<Vec<(i32, i32)>> {
    let mut out = Vec::new();
    if rising {
        // x + y = c
        let mut c = x0 + y0 + step / 2;
        while c < x1 + y1 {
            let lo = x0.max(c - y1);
            let hi = x1.min(c - y0);
            if lo < hi {
                out.push(vec![(lo, c - lo), (hi, c - hi)]);
            }
            c += step;
        }
    } else {
        // x − y = c
        let mut c = x0 - y1 + step / 2;
        while c < x1 - y0 {
            let lo = x0.max(y0 + c);
            let hi = x1.min(y1 + c);
            if lo < hi {
                out.push(vec![(lo, lo - c), (hi, hi - c)]);
            }
            c += step;
        }
    }
    out
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

/// `s` in lines of about `px` pixels at `size`, broken at spaces, at most `max_lines` (the last
/// shortened with an ellipsis when the text is longer).
fn wrap(s: &str, px: i32, size: f64, max_lines: usize) -> Vec<String> {
    let room = ((f64::from(px) / (size * 0.55)).floor() as usize).max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let len = cur.chars().count();
        if len > 0 && len + 1 + word.chars().count() > room {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
        lines.push(rest);
    }
    lines.into_iter().map(|l| fit(&l, px, size)).collect()
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
    fn labels_wrap_at_spaces() {
        // A character is estimated at 0.55 of the size: 18 characters a line at 100 px, size 10.
        assert_eq!(
            wrap("Otillgänglig hittills i år", 100, 10.0, 2),
            ["Otillgänglig", "hittills i år"]
        );
        assert_eq!(wrap("kort", 100, 10.0, 2), ["kort"]);
        let three = wrap("aaaa bbbb cccc dddd eeee ffff gggg", 50, 10.0, 2);
        assert_eq!(three.len(), 2);
        assert!(three[1].ends_with('…'), "{three:?}");
    }

    #[test]
    fn hatching_stays_inside_its_rectangle() {
        for rising in [true, false] {
            let segs = hatch((10, 20), (40, 30), 7, rising);
            assert!(!segs.is_empty());
            for s in &segs {
                for &(x, y) in s {
                    assert!((10..=40).contains(&x) && (20..=30).contains(&y), "{s:?}");
                }
                // 45°: equal run and rise.
                let (a, b) = (s[0], s[1]);
                assert_eq!((b.0 - a.0).abs(), (b.1 - a.1).abs());
            }
        }
        assert!(
            hatch((0, 0), (0, 10), 7, true).is_empty(),
            "no width, no lines"
        );
    }

    #[test]
    fn labels_are_shortened() {
        assert_eq!(fit("abc", 100, 10.0), "abc");
        assert_eq!(fit("abcdefghijklmnop", 33, 10.0), "abcde…");
    }
}
