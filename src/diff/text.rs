//! The [`Diff`] as a table for people: the config first when it changed (the figures are then
//! not comparable), then the tool, the inputs, every kpi (old → new, with the delta when two
//! months are compared), the targets whose figure or status changed, breaches and
//! corrections. Figures are shown as the report shows them (truncated shares, h:mm
//! durations), in the newer report's language.

use std::fmt::Write;

use serde_json::Value;

use super::{Breach, Diff};
use crate::report::format::{share_basis_points_f64, Fmt};
use crate::report::Lang;

/// How a kpi or target value is shown, by the key's unit.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Share,
    Seconds,
    Millis,
    Count,
}

fn kind(key: &str) -> Kind {
    if matches!(
        key,
        "availability" | "delivery_precision" | "perf_within_t90_share"
    ) || key.ends_with("_share")
    {
        Kind::Share
    } else if key.ends_with("_seconds") {
        Kind::Seconds
    } else if key.ends_with("_ms") {
        Kind::Millis
    } else {
        Kind::Count
    }
}

/// `v` (a kpi value of `key`) as the report shows it; `–` for null.
pub fn shown(f: Fmt, key: &str, v: &Value) -> String {
    let Some(x) = v.as_f64() else {
        return crate::report::format::NONE.into();
    };
    match kind(key) {
        Kind::Share => f.pct_f64(Some(x)),
        Kind::Seconds => f.hmm_up((x * 1000.0) as i64),
        Kind::Millis => f.secs_ms(Some(x as i64)),
        Kind::Count => f.int(x as i64),
    }
}

/// `new − old` for two kpi values of `key`, signed; `None` when either is null.
pub fn delta(f: Fmt, key: &str, old: &Value, new: &Value) -> Option<String> {
    let (a, b) = (old.as_f64()?, new.as_f64()?);
    let sign = |neg: bool| if neg { "−" } else { "+" };
    Some(match kind(key) {
        Kind::Share => {
            // The difference of the shares as shown (truncated), in percentage points.
            let d = share_basis_points_f64(b)? - share_basis_points_f64(a)?;
            format!("{}{} pp", sign(d < 0), f.bp_plain(d.abs()))
        }
        Kind::Seconds => {
            let d = ((b - a) * 1000.0) as i64;
            format!("{}{}", sign(d < 0), f.hmm_up(d.abs()))
        }
        Kind::Millis => {
            let d = (b - a) as i64;
            format!("{}{}", sign(d < 0), f.secs_ms(Some(d.abs())))
        }
        Kind::Count => {
            let d = (b - a) as i64;
            format!("{}{}", sign(d < 0), f.int(d.abs()))
        }
    })
}

fn mark(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "met",
        Some(false) => "MISSED",
        None => "not measured",
    }
}

fn short(sha: &Option<String>) -> String {
    sha.as_deref()
        .map_or("–".into(), |s| s.chars().take(12).collect())
}

fn breach_line(r: &Breach) -> String {
    let g = |k: &str| r.get(k).map_or("", String::as_str);
    let mut s = format!("{} {} {}", g("kind"), g("id"), g("measure"));
    if !g("start").is_empty() {
        let _ = write!(s, " {} – {}", g("start"), g("end"));
    }
    if !g("actual_ms").is_empty() {
        let _ = write!(s, " (actual {} ms", g("actual_ms"));
        if !g("target").is_empty() {
            let _ = write!(s, ", target {}", g("target"));
        }
        s.push(')');
    }
    s
}

/// The whole diff as text.
pub fn render(d: &Diff) -> String {
    let lang: Lang = d.b.lang.parse().unwrap_or(Lang::Sv);
    let f = Fmt::new(lang, chrono_tz::Europe::Stockholm);
    let mut o = String::new();
    if d.months_differ {
        let _ = writeln!(
            o,
            "diff {} ({}) against the previous {} ({}): this month against the previous",
            d.b.path, d.b.month, d.a.path, d.a.month
        );
    } else {
        let _ = writeln!(o, "diff {} → {} ({})", d.a.path, d.b.path, d.b.month);
    }
    if d.config.changed {
        let _ = writeln!(
            o,
            "\nRULES CHANGED: the SLA config differs (SHA-256 {} → {}); the figures below rest on \
             different rules and are not comparable as they stand",
            short(&Some(d.config.sha256_old.clone())),
            short(&Some(d.config.sha256_new.clone()))
        );
        match &d.config.keys {
            Some(keys) => {
                for k in keys {
                    let _ = writeln!(
                        o,
                        "  {}: {} → {}",
                        k.key,
                        k.old.as_deref().unwrap_or("(absent)"),
                        k.new.as_deref().unwrap_or("(absent)")
                    );
                }
            }
            None => {
                let _ = writeln!(
                    o,
                    "  (which keys: unknown; a report without its PDF does not carry its config)"
                );
            }
        }
    }
    if let Some(t) = &d.tool {
        let _ = writeln!(o, "\ntool: {} → {}", t.old, t.new);
    }
    if let Some(l) = &d.language {
        let _ = writeln!(o, "\nlanguage: {} → {}", l.old, l.new);
    }
    if !d.inputs.is_empty() {
        let _ = writeln!(o, "\ninputs:");
        for i in &d.inputs {
            let _ = writeln!(
                o,
                "  {:<8} {} {}  SHA-256 {} → {}",
                i.change,
                i.input,
                i.path,
                short(&i.sha256_old),
                short(&i.sha256_new)
            );
        }
    }
    if !d.kpis.is_empty() {
        let _ = writeln!(o, "\nkpis (old → new):");
        let w = d.kpis.iter().map(|k| k.key.len()).max().unwrap_or(0);
        for k in &d.kpis {
            let _ = write!(
                o,
                "  {:<w$}  {} → {}",
                k.key,
                shown(f, &k.key, &k.old),
                shown(f, &k.key, &k.new)
            );
            if d.months_differ {
                if let Some(x) = delta(f, &k.key, &k.old, &k.new) {
                    let _ = write!(o, "  ({x})");
                }
            }
            o.push('\n');
        }
    }
    if !d.targets.is_empty() {
        let _ = writeln!(o, "\ntargets (figure or status changed):");
        for t in &d.targets {
            let _ = writeln!(
                o,
                "  {} {} {}: {} {} → {} {}{}",
                t.key,
                t.comparison,
                shown(f, &t.key, &t.target),
                shown(f, &t.key, &t.actual_old),
                mark(t.met_old),
                shown(f, &t.key, &t.actual_new),
                mark(t.met_new),
                if t.status_changed {
                    "  (status changed)"
                } else {
                    ""
                }
            );
        }
    }
    let section = |o: &mut String, title: &str, rows: &[Breach], sign: char| {
        if !rows.is_empty() {
            let _ = writeln!(o, "\n{title}:");
            for r in rows {
                let _ = writeln!(o, "  {sign} {}", breach_line(r));
            }
        }
    };
    section(&mut o, "breaches added", &d.breaches_added, '+');
    section(&mut o, "breaches removed", &d.breaches_removed, '-');
    if !d.breaches_changed.is_empty() {
        let _ = writeln!(o, "\nbreaches changed:");
        for c in &d.breaches_changed {
            let _ = writeln!(
                o,
                "  - {}\n  + {}",
                breach_line(&c.old),
                breach_line(&c.new)
            );
        }
    }
    for (title, list, sign) in [
        ("corrections added", &d.corrections_added, '+'),
        ("corrections removed", &d.corrections_removed, '-'),
    ] {
        if !list.is_empty() {
            let _ = writeln!(o, "\n{title}:");
            for c in list {
                let _ = writeln!(
                    o,
                    "  {sign} {} {} {}: {} ({})",
                    c.correction_id, c.action, c.applies_to, c.reason, c.effect
                );
            }
        }
    }
    if !d.outputs.is_empty() {
        let _ = writeln!(
            o,
            "\noutput files (recorded SHA-256; alone, a record of provenance such as a restatement):"
        );
        for x in &d.outputs {
            let _ = writeln!(
                o,
                "  {}  {} → {}",
                x.file,
                short(&x.sha256_old),
                short(&x.sha256_new)
            );
        }
    }
    let _ = writeln!(
        o,
        "\n{}",
        if d.same {
            "SAME: no difference"
        } else if d.months_differ {
            "DIFFERENT MONTHS: deltas above"
        } else {
            "DIFFERENT"
        }
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn figures_are_shown_as_the_report_shows_them() {
        let f = Fmt::new(Lang::Sv, chrono_tz::Europe::Stockholm);
        assert_eq!(
            shown(f, "availability", &json!(0.9925925925925926)),
            "99,25\u{a0}%"
        );
        assert_eq!(shown(f, "unavailable_seconds", &json!(5280)), "1:28");
        assert_eq!(shown(f, "unavailable_seconds", &json!(61)), "0:02");
        assert_eq!(shown(f, "response_p90_ms", &json!(4111)), "4,2\u{a0}s");
        assert_eq!(shown(f, "calls_incoming", &json!(30000)), "30\u{a0}000");
        assert_eq!(shown(f, "availability", &Value::Null), "–");
        assert_eq!(
            delta(f, "availability", &json!(0.99259), &json!(0.99688)).unwrap(),
            "+0,43 pp"
        );
        assert_eq!(
            delta(f, "unplanned_outages", &json!(3), &json!(1)).unwrap(),
            "−2"
        );
        assert_eq!(delta(f, "unplanned_outages", &Value::Null, &json!(1)), None);
    }
}
