//! The site's trend charts across every archived month: availability, unplanned outages,
//! year-to-date downtime against its yearly limit, response-time p90 against T90, delivery
//! precision. Each is drawn by the report's chart code ([`crate::render::charts`]) with its
//! target as a reference line, and comes with a table of the same values (the chart's text
//! alternative). A month whose figure is not measured is a gap, never 0.

use super::{esc, kpi, SiteMonth};
use crate::report::blocks::{Chart, RefLine, Series, Tone};
use crate::report::format::Fmt;
use crate::report::i18n::t;

/// One trend: a kpi per month, its target, how its values are shown.
struct Trend {
    id: &'static str,
    title_key: &'static str,
    kpi: &'static str,
    /// The kpi's value in the chart's unit (percent, hours, seconds, count).
    scale: f64,
    unit: &'static str,
    bars: bool,
}

const TRENDS: [Trend; 5] = [
    Trend {
        id: "availability",
        title_key: "site.availability",
        kpi: "availability",
        scale: 100.0,
        unit: "%",
        bars: false,
    },
    Trend {
        id: "outages",
        title_key: "site.outages",
        kpi: "unplanned_outages",
        scale: 1.0,
        unit: "",
        bars: true,
    },
    Trend {
        id: "ytd",
        title_key: "site.ytd_downtime",
        kpi: "ytd_unavailable_seconds",
        scale: 1.0 / 3600.0,
        unit: "h",
        bars: false,
    },
    Trend {
        id: "p90",
        title_key: "site.p90",
        kpi: "response_p90_ms",
        scale: 0.001,
        unit: "s",
        bars: false,
    },
    Trend {
        id: "precision",
        title_key: "site.precision",
        kpi: "delivery_precision",
        scale: 100.0,
        unit: "%",
        bars: false,
    },
];

/// The target of `tr` in force in the latest month that has one (in the chart's unit).
fn target(tr: &Trend, months: &[SiteMonth]) -> Option<f64> {
    if tr.kpi == "response_p90_ms" {
        // T90 for one person: the line p90 is read against.
        return months.iter().rev().find_map(|m| {
            m.m.metrics["performance"]["per_persons"][0]["t90_ms"]
                .as_f64()
                .map(|ms| ms * tr.scale)
        });
    }
    months.iter().rev().find_map(|m| {
        m.m.targets
            .iter()
            .find(|x| x.key == tr.kpi)
            .map(|x| x.target * tr.scale)
    })
}

/// The trends section of the index: charts with their data tables.
pub fn section(months: &[SiteMonth], f: Fmt) -> anyhow::Result<String> {
    let lang = f.lang;
    let mut o = String::new();
    if months.is_empty() {
        return Ok(o);
    }
    o.push_str(&format!(
        "<h2 id=\"trends\">{}</h2>\n",
        esc(t(lang, "site.trends"))
    ));
    let labels: Vec<String> = months.iter().map(|m| m.m.month.to_string()).collect();
    let every = labels.len().div_ceil(12).max(1);
    for tr in &TRENDS {
        let values: Vec<f64> = months
            .iter()
            .map(|m| {
                m.m.metrics["kpis"][tr.kpi]
                    .as_f64()
                    .map_or(f64::NAN, |v| v * tr.scale)
            })
            .collect();
        let goal = target(tr, months);
        let title = t(lang, tr.title_key);
        let shown_target = goal.map_or("–".to_string(), |g| format!("{} {}", num(f, g), tr.unit));
        let alt = t(lang, "site.chart_alt")
            .replace("{what}", title)
            .replace("{from}", &labels[0])
            .replace("{to}", &labels[labels.len() - 1])
            .replace("{target}", shown_target.trim());
        let finite = values.iter().copied().filter(|v| v.is_finite());
        let lowest = finite.clone().fold(f64::INFINITY, f64::min);
        let series = vec![Series::new(title, Tone::Neutral, values.clone())];
        let reference = goal.map(|g| RefLine {
            value: g,
            label: format!("{} {}", t(lang, "site.target"), shown_target.trim()),
        });
        let y_label = format!(
            "{title} ({})",
            if tr.unit.is_empty() { "#" } else { tr.unit }
        );
        let (id, chart_alt) = (format!("trend-{}", tr.id), alt.clone());
        let chart = if tr.bars {
            Chart::bars(id, title, chart_alt, labels.clone(), series, y_label, lang)
        } else {
            let y_min = if tr.unit == "%" {
                let low = lowest.min(goal.unwrap_or(100.0));
                if low.is_finite() {
                    (low - 0.5).floor().max(0.0)
                } else {
                    0.0
                }
            } else {
                0.0
            };
            Chart::lines(id, title, chart_alt, labels.clone(), series, y_label, lang)
                .y_min(y_min)
                .y_max(if tr.unit == "%" { Some(100.0) } else { None })
        }
        .reference(reference)
        .label_every(every);
        let svg = crate::render::charts::svg(&chart)?;
        o.push_str(&format!(
            "<section class=\"trend\" aria-labelledby=\"h-{id}\">\n<h3 id=\"h-{id}\">{}</h3>\n\
             <div class=\"pair\">\n<figure><div class=\"chart\" role=\"img\" aria-label=\"{}\">{svg}</div></figure>\n",
            esc(title),
            esc(&alt),
            id = tr.id
        ));
        o.push_str(&format!(
            "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cap-{id}\">\
             <table><caption id=\"cap-{id}\">{}</caption>\n<thead><tr><th scope=\"col\">{}</th>\
             <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>\n",
            esc(title),
            esc(t(lang, "site.month")),
            esc(t(lang, "site.value")),
            esc(t(lang, "site.target")),
            id = tr.id
        ));
        for m in months {
            let shown = kpi(f, tr.kpi, &m.m.metrics["kpis"][tr.kpi]);
            o.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>\n",
                m.m.month,
                esc(&shown),
                esc(shown_target.trim())
            ));
        }
        o.push_str("</tbody></table></div>\n</div>\n</section>\n");
    }
    Ok(o)
}

/// A target in the chart's unit, shown with up to 2 decimals.
fn num(f: Fmt, x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        f.int(x.round() as i64)
    } else {
        f.dec(x, 2)
    }
}
