//! Alternative text with the numbers (PDF/UA-1, WCAG 1.1.1): each chart's alt — a sentence
//! saying what the chart shows — is completed with what a sighted reader reads off it: the
//! highest and lowest values and where they fall, totals, the target line, the days with
//! unavailability. Only values already in the chart's spec are used, formatted like the rest
//! of the report (shares and decimals truncated, never rounded up).

use super::blocks::{Block, Chart, ChartSpec, Section, Series, Tone};
use super::format::Fmt;
use crate::report::Lang;

/// Most items named in one alt text before "and N more".
const MAX_ITEMS: usize = 8;

/// The few words the summaries need.
fn w(lang: Lang, key: &str) -> &'static str {
    let sv = matches!(lang, Lang::Sv);
    match key {
        "total" => {
            if sv {
                "totalt"
            } else {
                "total"
            }
        }
        "highest" => {
            if sv {
                "högst"
            } else {
                "highest"
            }
        }
        "lowest" => {
            if sv {
                "lägst"
            } else {
                "lowest"
            }
        }
        "target" => {
            if sv {
                "målet"
            } else {
                "target"
            }
        }
        "more" => {
            if sv {
                "och ytterligare"
            } else {
                "and"
            }
        }
        "more_after" => {
            if sv {
                ""
            } else {
                " more"
            }
        }
        "bad_days" => {
            if sv {
                "Dagar med otillgänglighet"
            } else {
                "Days with unavailability"
            }
        }
        "warn_days" => {
            if sv {
                "Dagar med störning"
            } else {
                "Days with disturbance"
            }
        }
        "no_bad_days" => {
            if sv {
                "Ingen dag med otillgänglighet"
            } else {
                "No day with unavailability"
            }
        }
        "cells" => {
            if sv {
                "flest"
            } else {
                "most"
            }
        }
        _ => "",
    }
}

/// Complete the alt text of every chart in `sections`.
pub(crate) fn complete_all(sections: &mut [Section], f: Fmt) {
    for s in sections {
        for b in &mut s.blocks {
            match b {
                Block::Chart(c) => complete(c, f),
                Block::ChartRow { charts } => charts.iter_mut().for_each(|c| complete(c, f)),
                _ => {}
            }
        }
    }
}

/// Append the chart's figures to its alt text.
pub(crate) fn complete(c: &mut Chart, f: Fmt) {
    let numbers = summary(&c.spec, f);
    if !numbers.is_empty() {
        let sep = if c.alt.ends_with('.') || c.alt.is_empty() {
            " "
        } else {
            ". "
        };
        c.alt = format!("{}{sep}{numbers}.", c.alt).trim_start().to_string();
    }
}

/// A value as shown: integers without decimals, others truncated to two decimals.
fn num(f: Fmt, x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        f.int(x as i64)
    } else {
        f.dec((x * 100.0).trunc() / 100.0, 2)
    }
}

/// "N more" after the first [`MAX_ITEMS`].
fn list(f: Fmt, items: Vec<String>) -> String {
    let n = items.len();
    let mut out = items
        .into_iter()
        .take(MAX_ITEMS)
        .collect::<Vec<_>>()
        .join(", ");
    if n > MAX_ITEMS {
        out.push_str(&format!(
            " {} {}{}",
            w(f.lang, "more"),
            n - MAX_ITEMS,
            w(f.lang, "more_after")
        ));
    }
    out
}

/// Bars (counts, often stacked): the total and the highest. Lines (levels): the highest and
/// the lowest, with the unit.
fn extremes(f: Fmt, labels: &[String], s: &Series, bars: bool, unit: &str) -> Option<String> {
    let points: Vec<(usize, f64)> = s
        .values
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .collect();
    let (hi_i, hi) = points
        .iter()
        .copied()
        .fold(None, |m: Option<(usize, f64)>, p| match m {
            Some(m) if m.1 >= p.1 => Some(m),
            _ => Some(p),
        })?;
    let (lo_i, lo) = points
        .iter()
        .copied()
        .fold(None, |m: Option<(usize, f64)>, p| match m {
            Some(m) if m.1 <= p.1 => Some(m),
            _ => Some(p),
        })?;
    let at = |i: usize| labels.get(i).cloned().unwrap_or_default();
    let val = |x: f64| {
        if unit.is_empty() {
            num(f, x)
        } else {
            format!("{} {unit}", num(f, x))
        }
    };
    let mut parts = Vec::new();
    if bars {
        let sum: f64 = points.iter().map(|p| p.1).sum();
        parts.push(format!("{} {}", w(f.lang, "total"), num(f, sum)));
    }
    parts.push(format!(
        "{} {} ({})",
        w(f.lang, "highest"),
        val(hi),
        at(hi_i)
    ));
    if !bars {
        parts.push(format!(
            "{} {} ({})",
            w(f.lang, "lowest"),
            val(lo),
            at(lo_i)
        ));
    }
    let body = parts.join(", ");
    Some(if s.name.is_empty() {
        body
    } else {
        format!("{}: {body}", s.name)
    })
}

fn summary(spec: &ChartSpec, f: Fmt) -> String {
    let lang = f.lang;
    let mut parts: Vec<String> = Vec::new();
    match spec {
        ChartSpec::Bars {
            x_labels,
            series,
            reference,
            markers,
            ..
        } if !markers.is_empty() => {
            // A histogram with threshold lines ("T90(1) = 7 s"): the total, the tallest bar and
            // each labelled line, as drawn.
            parts.extend(
                series
                    .iter()
                    .filter_map(|s| extremes(f, x_labels, s, true, "")),
            );
            parts.extend(markers.iter().map(|m| m.label.clone()));
            if let Some(r) = reference {
                parts.push(r.label.clone());
            }
        }
        ChartSpec::Bars {
            x_labels,
            series,
            reference,
            ..
        }
        | ChartSpec::Lines {
            x_labels,
            series,
            reference,
            ..
        } => {
            let (bars, unit) = match spec {
                ChartSpec::Lines { y_label, .. } => (false, y_label.as_str()),
                _ => (true, ""),
            };
            parts.extend(
                series
                    .iter()
                    .filter_map(|s| extremes(f, x_labels, s, bars, unit)),
            );
            if let Some(r) = reference {
                // A labelled line says its value ("T90(1) = 7 s", "Target 95.00 %").
                parts.push(if r.label.is_empty() {
                    format!("{} {}", w(lang, "target"), num(f, r.value))
                } else {
                    r.label.clone()
                });
            }
        }
        ChartSpec::Timeline { rows, .. } => {
            let days = |tone: Tone| -> Vec<String> {
                rows.iter()
                    .filter(|r| r.note_tone == tone)
                    .map(|r| format!("{} ({})", r.label, r.note))
                    .collect()
            };
            let bad = days(Tone::Bad);
            if bad.is_empty() {
                parts.push(w(lang, "no_bad_days").into());
            } else {
                parts.push(format!("{}: {}", w(lang, "bad_days"), list(f, bad)));
            }
            let warn = days(Tone::Warn);
            if !warn.is_empty() {
                parts.push(format!("{}: {}", w(lang, "warn_days"), list(f, warn)));
            }
        }
        ChartSpec::Gauge { .. } => {}
        ChartSpec::Heat {
            row_labels,
            col_labels,
            values,
            ..
        } => {
            let total: u64 = values.iter().flatten().sum();
            let max = values
                .iter()
                .enumerate()
                .flat_map(|(r, row)| row.iter().enumerate().map(move |(c, v)| (*v, r, c)))
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
            parts.push(format!("{} {}", w(lang, "total"), f.uint(total)));
            if let Some((v, r, c)) = max.filter(|m| m.0 > 0) {
                parts.push(format!(
                    "{} {} ({}, {})",
                    w(lang, "cells"),
                    f.uint(v),
                    row_labels.get(r).cloned().unwrap_or_default(),
                    col_labels.get(c).cloned().unwrap_or_default()
                ));
            }
        }
    }
    let mut s = parts.join("; ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::blocks::{RefLine, TimelineRow};

    fn fmt(lang: Lang) -> Fmt {
        Fmt::new(lang, chrono_tz::Europe::Stockholm)
    }

    fn chart(spec: ChartSpec) -> Chart {
        Chart {
            id: "x".into(),
            title: "T".into(),
            alt: "Bars per day.".into(),
            width: 1.0,
            spec,
        }
    }

    #[test]
    fn bars_state_total_extremes_and_target() {
        let mut c = chart(ChartSpec::Bars {
            x_labels: vec!["1".into(), "2".into(), "3".into()],
            series: vec![Series {
                name: String::new(),
                tone: Tone::Accent,
                values: vec![10.0, 30.0, 5.0],
            }],
            y_label: String::new(),
            y_max: None,
            reference: Some(RefLine {
                value: 99.5,
                label: String::new(),
            }),
            markers: Vec::new(),
            value_labels: false,
            label_every: 1,
            decimal_comma: false,
        });
        complete(&mut c, fmt(Lang::En));
        assert_eq!(
            c.alt,
            "Bars per day. Total 45, highest 30 (2); target 99.50."
        );
    }

    #[test]
    fn lines_state_extremes_with_the_unit_and_the_labelled_target() {
        let mut c = chart(ChartSpec::Lines {
            x_labels: vec!["01".into(), "02".into()],
            series: vec![Series {
                name: "P90".into(),
                tone: Tone::Accent,
                values: vec![4.949, 3.61],
            }],
            y_label: "seconds".into(),
            y_min: 0.0,
            y_max: None,
            reference: Some(RefLine {
                value: 7.0,
                label: "T90 = 7 s".into(),
            }),
            label_every: 1,
            decimal_comma: false,
        });
        c.alt = "Lines per day.".into();
        complete(&mut c, fmt(Lang::En));
        assert_eq!(
            c.alt,
            "Lines per day. P90: highest 4.94 seconds (01), lowest 3.61 seconds (02); T90 = 7 s."
        );
    }

    #[test]
    fn timeline_names_the_bad_days_or_says_there_were_none() {
        let row = |label: &str, note: &str, tone| TimelineRow {
            label: label.into(),
            spans: vec![],
            note: note.into(),
            note_tone: tone,
        };
        let mut c = chart(ChartSpec::Timeline {
            rows: vec![
                row("må 2", "100,00 %", Tone::Neutral),
                row("ti 3", "97,91 %", Tone::Bad),
            ],
            from_h: 7.0,
            to_h: 18.0,
            legend: vec![],
        });
        c.alt = "En rad per dag".into();
        complete(&mut c, fmt(Lang::Sv));
        assert_eq!(
            c.alt,
            "En rad per dag. Dagar med otillgänglighet: ti 3 (97,91 %)."
        );
        let mut none = chart(ChartSpec::Timeline {
            rows: vec![row("må 2", "100,00 %", Tone::Neutral)],
            from_h: 7.0,
            to_h: 18.0,
            legend: vec![],
        });
        complete(&mut none, fmt(Lang::En));
        assert!(
            none.alt.ends_with("No day with unavailability."),
            "{}",
            none.alt
        );
    }

    #[test]
    fn long_lists_are_cut_and_heat_maps_name_the_peak() {
        let n = MAX_ITEMS + 3;
        let mut c = chart(ChartSpec::Timeline {
            rows: (0..n)
                .map(|i| TimelineRow {
                    label: format!("d{i}"),
                    spans: vec![],
                    note: "90 %".into(),
                    note_tone: Tone::Bad,
                })
                .collect(),
            from_h: 7.0,
            to_h: 18.0,
            legend: vec![],
        });
        complete(&mut c, fmt(Lang::En));
        assert!(c.alt.ends_with("d7 (90 %) and 3 more."), "{}", c.alt);
        let mut h = chart(ChartSpec::Heat {
            row_labels: vec!["d1".into(), "d2".into()],
            col_labels: vec!["08".into(), "09".into()],
            values: vec![vec![1, 2], vec![7, 0]],
            x_label: String::new(),
            y_label: String::new(),
            decimal_comma: false,
        });
        complete(&mut h, fmt(Lang::En));
        assert!(h.alt.ends_with("Total 10; most 7 (d2, 08)."), "{}", h.alt);
    }
}
