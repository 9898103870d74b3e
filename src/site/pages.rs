//! The site's HTML pages, written out in full (no template engine, no script): the index and
//! one page per month. Every text from the archive is escaped; links are relative.

use serde_json::Value;

use super::{esc, kpi, Check, SiteFile, SiteMonth, Version};
use crate::archive::Unverified;
use crate::metrics::TargetStatus;
use crate::report::format::Fmt;
use crate::report::i18n::{has, t};
use crate::report::Lang;

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;\
color:#222;background:#fff;margin:0;line-height:1.45}\
main{max-width:72rem;margin:0 auto;padding:1rem}\
h1{font-size:1.6rem;color:#1f3d63}h2{font-size:1.3rem;margin-top:2rem;color:#1f3d63}\
h3{font-size:1.1rem}a{color:#0b4f8a}a:focus{outline:2px solid #0b4f8a;outline-offset:2px}\
table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem}\
caption{text-align:left;font-weight:600;padding:.3rem 0}\
th,td{border-bottom:1px solid #d5dae1;padding:.3rem .5rem;text-align:left;vertical-align:top}\
thead th{background:#eef1f5}td.n{text-align:right;white-space:nowrap}\
.scroll{overflow-x:auto;max-width:100%}.scroll:focus{outline:2px solid #0b4f8a}\
.pair .scroll{max-height:24rem;overflow-y:auto}\
.met{color:#1b5e20}.missed{color:#b71c1c;font-weight:600}.na{color:#555}\
code{font-size:.8rem;word-break:break-all}\
figure{margin:0}.chart svg{max-width:100%;height:auto;display:block}\
.pair{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:1rem;align-items:start}\
@media (max-width:48rem){.pair{grid-template-columns:1fr}}\
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\
ul.files{padding-left:1.1rem;margin:0}";

fn page(lang: Lang, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        lang.as_str(),
        esc(title)
    )
}

fn fmt(lang: Lang) -> Fmt {
    Fmt::new(lang, chrono_tz::Europe::Stockholm)
}

/// A mark for a target's status, in words (not colour alone).
fn mark(lang: Lang, met: Option<bool>) -> String {
    let (class, key) = match met {
        Some(true) => ("met", "site.mark_met"),
        Some(false) => ("missed", "site.mark_missed"),
        None => ("na", "site.mark_not_measured"),
    };
    format!("<span class=\"{class}\">{}</span>", esc(t(lang, key)))
}

fn target_of<'a>(m: &'a crate::archive::ArchivedMonth, key: &str) -> Option<&'a TargetStatus> {
    m.targets.iter().find(|x| x.key == key)
}

/// A key figure of a month with the mark of its target (when it has one).
fn figure(lang: Lang, sm: &SiteMonth, key: &str) -> String {
    let v = kpi(fmt(lang), key, &sm.m.metrics["kpis"][key]);
    match target_of(sm.m, key) {
        Some(tg) => format!("{} {}", esc(&v), mark(lang, tg.met)),
        None => esc(&v),
    }
}

fn month_title(lang: Lang, sm: &SiteMonth) -> String {
    fmt(lang).month_name(sm.m.month.year(), sm.m.month.month())
}

/// A report that fails verification, in words: the mark and the reason (the tool's message,
/// in English: marked so), no figures.
fn fails(lang: Lang, u: &Unverified) -> String {
    format!(
        "<span class=\"missed\">{}: <span lang=\"en\">{}</span></span>",
        esc(t(lang, "site.fails")),
        esc(&u.reason)
    )
}

/// The index: months by year (a month that fails verification in its place, marked, without
/// figures), then the trends.
pub fn index(
    months: &[SiteMonth],
    unverified: &[Unverified],
    annual: &[(String, Vec<SiteFile>)],
    lang: Lang,
) -> anyhow::Result<String> {
    let f = fmt(lang);
    let mut b = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<p>{}</p>\n",
        esc(t(lang, "site.title")),
        esc(t(lang, "site.intro")),
        esc(t(lang, "site.verify_hint"))
    );
    if !unverified.is_empty() {
        b.push_str(&format!(
            "<p class=\"missed\">{}</p>\n",
            esc(&t(lang, "site.unverified_note").replace("{n}", &unverified.len().to_string()))
        ));
    }
    let mut years: Vec<i32> = months
        .iter()
        .map(|m| m.m.month.year())
        .chain(unverified.iter().filter_map(|u| u.month.map(|m| m.year())))
        .collect();
    years.sort_unstable();
    years.dedup();
    if !years.is_empty() {
        b.push_str("<nav aria-label=\"");
        b.push_str(&esc(t(lang, "site.months")));
        b.push_str("\"><ul>");
        for y in &years {
            b.push_str(&format!(
                "<li><a href=\"#y{y}\">{}</a></li>",
                esc(&t(lang, "site.year").replace("{y}", &y.to_string()))
            ));
        }
        b.push_str("<li><a href=\"#trends\">");
        b.push_str(&esc(t(lang, "site.trends")));
        b.push_str("</a></li></ul></nav>\n");
    }
    for y in &years {
        let title = t(lang, "site.year").replace("{y}", &y.to_string());
        b.push_str(&format!("<h2 id=\"y{y}\">{}</h2>\n", esc(&title)));
        b.push_str(&format!(
            "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"cy{y}\"><table>\
             <caption id=\"cy{y}\">{}</caption>\n<thead><tr>",
            esc(&title)
        ));
        for k in [
            "site.month",
            "site.availability",
            "site.outages",
            "site.ytd_downtime",
            "site.p90",
            "site.precision",
            "site.status",
            "site.files",
        ] {
            b.push_str(&format!("<th scope=\"col\">{}</th>", esc(t(lang, k))));
        }
        b.push_str("</tr></thead>\n<tbody>\n");
        // Rows in month order; a report that fails verification beside (or instead of) its
        // month's, marked, without figures.
        let mut rows: Vec<(crate::calendar::Month, String)> = Vec::new();
        for sm in months.iter().filter(|m| m.m.month.year() == *y) {
            let key = sm.m.month.to_string();
            let (met, missed) = (
                sm.m.targets.iter().filter(|x| x.met == Some(true)).count(),
                sm.m.targets.iter().filter(|x| x.met == Some(false)).count(),
            );
            let na = sm.m.targets.len() - met - missed;
            let mut status = format!(
                "<span class=\"met\">✓ {met} {}</span>, <span class=\"{}\">✗ {missed} {}</span>, \
                 <span class=\"na\">– {na} {}</span>",
                esc(t(lang, "site.met")),
                if missed > 0 { "missed" } else { "na" },
                esc(t(lang, "site.missed")),
                esc(t(lang, "site.not_measured"))
            );
            if sm.versions.len() > 1 {
                status.push_str(&format!(
                    "<br>{}",
                    esc(&t(lang, "site.restated")
                        .replace("{n}", &(sm.versions.len() - 1).to_string()))
                ));
            }
            rows.push((
                sm.m.month,
                format!(
                "<tr><th scope=\"row\"><a href=\"m/{key}.html\">{}</a></th><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n\">{}</td><td>{status}</td><td>{}</td></tr>\n",
                esc(&month_title(lang, sm)),
                figure(lang, sm, "availability"),
                figure(lang, sm, "unplanned_outages"),
                figure(lang, sm, "ytd_unavailable_seconds"),
                figure(lang, sm, "response_p90_ms"),
                figure(lang, sm, "delivery_precision"),
                file_links(&sm.versions[0], &month_title(lang, sm)),
            ),
            ));
        }
        for u in unverified {
            if let Some(m) = u.month.filter(|m| m.year() == *y) {
                rows.push((
                    m,
                    format!(
                        "<tr><th scope=\"row\">{}</th><td colspan=\"7\">{}</td></tr>\n",
                        esc(&f.month_name(m.year(), m.month())),
                        fails(lang, u)
                    ),
                ));
            }
        }
        rows.sort_by_key(|(m, _)| *m);
        for (_, r) in rows {
            b.push_str(&r);
        }
        b.push_str("</tbody></table></div>\n");
    }
    let unknown: Vec<&Unverified> = unverified.iter().filter(|u| u.month.is_none()).collect();
    if !unknown.is_empty() {
        b.push_str(&format!(
            "<h2>{}</h2>\n<ul>\n",
            esc(t(lang, "site.unverified"))
        ));
        for u in unknown {
            b.push_str(&format!(
                "<li>{}: {}</li>\n",
                esc(&u.path.display().to_string()),
                fails(lang, u)
            ));
        }
        b.push_str("</ul>\n");
    }
    if !annual.is_empty() {
        b.push_str(&format!("<h2>{}</h2>\n<ul>\n", esc(t(lang, "site.annual"))));
        for (label, files) in annual {
            b.push_str(&format!("<li>{}: ", esc(label)));
            let links: Vec<String> = files
                .iter()
                .map(|x| format!("<a href=\"{}\">{}</a>", esc(&x.href), esc(&x.name)))
                .collect();
            b.push_str(&links.join(", "));
            b.push_str("</li>\n");
        }
        b.push_str("</ul>\n");
    }
    b.push_str(&super::trend::section(months, f)?);
    Ok(page(lang, t(lang, "site.title"), &b))
}

/// The links to a version's files, each named so it reads alone (link purpose).
fn file_links(v: &Version, of: &str) -> String {
    let items: Vec<String> = v
        .files
        .iter()
        .filter(|x| x.name != "rejected.csv" && x.name != "manifest.json")
        .map(|x| {
            format!(
                "<li><a href=\"{}\">{}<span class=\"sr\"> ({})</span></a></li>",
                esc(&x.href),
                esc(&x.name),
                esc(of)
            )
        })
        .collect();
    format!("<ul class=\"files\">{}</ul>", items.join(""))
}

/// One month's page: its targets, its files with their SHA-256, its earlier versions.
pub fn month(sm: &SiteMonth, lang: Lang) -> String {
    let f = fmt(lang);
    let title = t(lang, "site.details").replace("{m}", &month_title(lang, sm));
    let mut b = format!(
        "<p><a href=\"../index.html\">{}</a></p>\n<h1>{}</h1>\n",
        esc(t(lang, "site.back")),
        esc(&title)
    );
    if let Some(r) = &sm.m.manifest.restates {
        let said = crate::report::restatement_text(lang, r, &sm.m.manifest.tool);
        b.push_str(&format!("<p>{}</p>\n", esc(&said)));
    }
    b.push_str(&format!(
        "<h2>{}</h2>\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"ct\">\
         <table><caption id=\"ct\">{}</caption>\n<thead><tr><th scope=\"col\">{}</th>\
         <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        esc(t(lang, "site.status")),
        esc(&month_title(lang, sm)),
        esc(t(lang, "site.kpi")),
        esc(t(lang, "site.target")),
        esc(t(lang, "site.actual")),
        esc(t(lang, "site.status"))
    ));
    for tg in &sm.m.targets {
        let label_key = if has(&format!("site.kpi.{}", tg.key)) {
            format!("site.kpi.{}", tg.key)
        } else {
            format!("kpi.{}", tg.key)
        };
        let label = if has(&label_key) {
            t(lang, &label_key).to_string()
        } else {
            tg.key.clone()
        };
        let target = kpi(f, &tg.key, &Value::from(tg.target));
        let actual = kpi(f, &tg.key, &tg.actual.map_or(Value::Null, Value::from));
        b.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{} {}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
            esc(&label),
            match tg.comparison {
                crate::metrics::Comparison::AtLeast => "≥",
                _ => "≤",
            },
            esc(&target),
            esc(&actual),
            mark(lang, tg.met)
        ));
    }
    b.push_str("</tbody></table></div>\n");
    for v in &sm.versions {
        let heading = match v.label {
            None => t(lang, "site.current").to_string(),
            Some(n) => t(lang, "site.version_n").replace("{n}", &n.to_string()),
        };
        let id = v.label.map_or("cur".to_string(), |n| format!("v{n}"));
        b.push_str(&format!(
            "<h2 id=\"{id}\">{}</h2>\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"c{id}\">\
             <table><caption id=\"c{id}\">{}</caption>\n<thead><tr><th scope=\"col\">{}</th>\
             <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
            esc(&heading),
            esc(&format!("{heading}: {}", t(lang, "site.files"))),
            esc(t(lang, "site.file")),
            esc(t(lang, "site.sha256")),
            esc(t(lang, "site.check"))
        ));
        for x in &v.files {
            let check = match x.check {
                Check::Manifest => t(lang, "site.check_ok"),
                Check::Pdf => t(lang, "site.check_pdf"),
                Check::Itself => t(lang, "site.check_manifest"),
            };
            // The month page is in m/: links go from there.
            let href = x.href.strip_prefix("m/").unwrap_or(&x.href);
            b.push_str(&format!(
                "<tr><th scope=\"row\"><a href=\"{}\">{}<span class=\"sr\"> ({})</span></a></th><td><code>{}</code></td><td>{}</td></tr>\n",
                esc(href),
                esc(&x.name),
                esc(&heading),
                esc(&x.sha256),
                esc(check)
            ));
        }
        b.push_str("</tbody></table></div>\n");
    }
    page(lang, &title, &b)
}
