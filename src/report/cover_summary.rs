//! "Månadens sammanfattning" / "Summary of the month": the sentences page 1 opens with, phrased
//! from the facts the metrics computed (`metrics.summary`): how many service levels were met,
//! each missed target and by how much, each outage with its date and length, the open tickets
//! already past a target, the figures the corrections changed, and what could not be
//! measured. No figure is derived here; the same metrics always give the same text.

use super::blocks::{Block, Fact, Section, Status};
use super::format::share_basis_points_f64;
use super::sections::{capped_ids, heading, interval_text, source_name};
use super::words::{kpi_kind_is_share, kpi_label, kpi_value};
use super::Ctx;
use crate::metrics::Ratio;

/// Open tickets past a target named on page 1; the sections list every one.
const MAX_OPEN: usize = 5;
/// Items of one list on page 1 (outages); the rest are counted, with a pointer to the section.
pub(crate) const MAX_LISTED: usize = 10;

/// "… och N till; samtliga i avsnitt 6 och i breaches.csv." for the section `id`.
pub(crate) fn more_text(ctx: &Ctx<'_>, n: usize, id: &str, sections: &[Section]) -> String {
    let section = sections
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_string(), |s| format!("{} {}", s.number, s.title));
    ctx.t("cover.more")
        .replace("{n}", &ctx.f.uint(n as u64))
        .replace("{section}", &section)
}

/// One open ticket with each target it is past: "PRB-3 (problem, prioritet 2 – hög):
/// responstid 36:00 h (mål 3 arbetsdagar (27:00))."
fn open_item(ctx: &Ctx<'_>, g: &[&crate::metrics::summary::OpenPastTarget]) -> String {
    let f = ctx.f;
    let o = g[0];
    let cfg = &ctx.config.config.tickets;
    let targets = o.priority.and_then(|p| {
        if o.kind == "incident" {
            cfg.incident_targets(p)
        } else {
            cfg.problem_targets(p)
        }
    });
    let day = ctx.cals.working_day_ms;
    let parts: Vec<String> = g
        .iter()
        .map(|x| {
            let (measure, target) = if x.measure == "response" {
                (ctx.t("tk.response"), targets.map(|t| &t.response))
            } else {
                (ctx.t("tk.resolution"), targets.map(|t| &t.resolution))
            };
            ctx.t("sm.open_part")
                .replace("{measure}", &measure.to_lowercase())
                .replace("{actual}", &f.hmm_opt(x.actual_ms))
                .replace(
                    "{target}",
                    &target.map_or_else(|| "–".into(), |t| f.target_hmm(t, day)),
                )
        })
        .collect();
    ctx.t("sm.open_item")
        .replace("{id}", &o.ticket_id)
        .replace("{kind}", ctx.t(&format!("sm.kind.{}", o.kind)))
        .replace("{prio}", &super::sections::priority_name(ctx, o.priority))
        .replace("{parts}", &parts.join("; "))
}

fn para(text: String) -> Block {
    Block::Paragraph { text }
}

/// The facts of one topic: its label on the first row, one item per row.
struct Topic {
    rows: Vec<Fact>,
    label: String,
    status: Status,
    /// Every row in the status colour (missed targets), not only the first.
    every: bool,
}

impl Topic {
    fn new(label: &str, status: Status) -> Self {
        Topic {
            rows: Vec::new(),
            label: label.to_string(),
            status,
            every: false,
        }
    }
    /// The first row carries the topic's label and status colour; the rest are plain, so
    /// the page does not shout.
    fn item(&mut self, text: String) {
        let first = self.rows.is_empty();
        self.rows.push(Fact {
            label: if first {
                self.label.clone()
            } else {
                String::new()
            },
            value: text,
            status: if first || self.every {
                self.status
            } else {
                Status::None
            },
        });
    }
}

pub(crate) fn build(ctx: &Ctx<'_>, period: &str, sections: &[Section]) -> Vec<Block> {
    let f = ctx.f;
    let m = ctx.metrics;
    let s = &m.summary;
    let mut out = vec![heading(ctx.t("cover.lead"))];

    // Overall: "N av M" over the measured targets; the rest are said to be not measured.
    let met = s.met;
    let missed = s.missed.len() as u64;
    let unmeasured = m.targets.len() as u64 - met - missed;
    let total = met + missed;
    let total_text = f.count(total, "service_level");
    out.push(para(if met == total && unmeasured == 0 {
        ctx.t("sm.overall_all")
            .replace("{period}", period)
            .replace("{total}", &total_text)
    } else {
        let mut text = ctx
            .t("sm.overall")
            .replace("{period}", period)
            .replace("{met}", &f.uint(met))
            .replace("{total}", &total_text);
        if missed > 0 {
            text.push_str("; ");
            text.push_str(&ctx.t("sm.overall_missed").replace("{n}", &f.uint(missed)));
        }
        if unmeasured > 0 {
            text.push_str("; ");
            text.push_str(&ctx.t("sm.overall_nm").replace("{n}", &f.uint(unmeasured)));
        }
        text.push('.');
        text
    }));

    let mut facts: Vec<Fact> = Vec::new();
    // Missed targets, by how much.
    if !s.missed.is_empty() {
        let mut topic = Topic::new(ctx.t("sm.l.missed"), Status::NotMet);
        topic.every = true;
        for x in &s.missed {
            let Some(ts) = m.targets.iter().find(|t| t.key == x.key) else {
                continue;
            };
            let exact = m.exact.get(&x.key).copied();
            let (target, actual) = super::words::kpi_texts(f, ts, exact);
            let by = by_text(ctx, &x.key, x.by, x.target, exact, x.actual);
            let side = if x.comparison == crate::metrics::Comparison::AtLeast {
                "sm.under"
            } else {
                "sm.over"
            };
            // A count against a target of 0 needs no "by": the count is the excess.
            let zero_max = x.comparison == crate::metrics::Comparison::AtMost && x.target == 0.0;
            let actual = match count_noun(&x.key) {
                Some(noun) => f.count(x.actual as u64, noun),
                None => actual,
            };
            let text = if zero_max {
                ctx.t("sm.missed_item_zero")
                    .replace("{label}", &kpi_label(ctx, &x.key))
                    .replace("{actual}", &actual)
                    .replace("{target}", &target)
            } else {
                ctx.t("sm.missed_item")
                    .replace("{label}", &kpi_label(ctx, &x.key))
                    .replace("{actual}", &actual)
                    .replace("{target}", &target)
                    .replace("{by}", &ctx.t(side).replace("{x}", &by))
            };
            topic.item(text);
        }
        facts.extend(topic.rows);
    }

    // Outages.
    if ctx.config.config.report.availability {
        let mut topic = Topic::new(
            &ctx.t("sm.l.outages")
                .replace("{count}", &f.uint(s.outages.len() as u64)),
            Status::None,
        );
        if s.outages.is_empty() {
            if m.targets
                .iter()
                .any(|t| t.key == "unplanned_outages" && t.met.is_some())
            {
                topic.item(ctx.t("sm.outages_none").into());
            }
        } else {
            for o in s.outages.iter().take(MAX_LISTED) {
                let mut refs: Vec<String> = o.incident_ids.clone();
                refs.extend(o.change_ids.iter().cloned());
                if refs.is_empty() {
                    refs = o
                        .sources
                        .iter()
                        .map(|x| source_name(ctx, *x).to_lowercase())
                        .collect();
                }
                topic.item(
                    ctx.t("sm.outage_item")
                        .replace("{when}", &interval_text(f, o.start, o.end))
                        .replace("{open}", &f.hmm_up(o.open_ms))
                        .replace("{refs}", &format!(" ({})", capped_ids(ctx, &refs))),
                );
            }
            if s.outages.len() > MAX_LISTED {
                topic.item(more_text(
                    ctx,
                    s.outages.len() - MAX_LISTED,
                    "availability",
                    sections,
                ));
            }
        }
        facts.extend(topic.rows);
    }

    // Silent periods of the call log (a discrepancy needing an incident or an explanation).
    if ctx.config.config.report.availability {
        facts.extend(super::sections::silence::page1_facts(ctx));
    }

    // Open tickets already past a target: one line per ticket, at most MAX_OPEN of them.
    if !s.open_past_target.is_empty() {
        let mut topic = Topic::new(ctx.t("sm.l.open"), Status::Warn);
        let mut groups: Vec<Vec<&crate::metrics::summary::OpenPastTarget>> = Vec::new();
        for o in &s.open_past_target {
            match groups.last_mut() {
                Some(g) if g[0].ticket_id == o.ticket_id && g[0].kind == o.kind => g.push(o),
                _ => groups.push(vec![o]),
            }
        }
        if groups.len() > MAX_OPEN {
            let n = |kind: &str| groups.iter().filter(|g| g[0].kind == kind).count() as u64;
            let mut parts = Vec::new();
            for (kind, noun) in [("incident", "incident"), ("problem", "problem")] {
                if n(kind) > 0 {
                    parts.push(f.count(n(kind), noun));
                }
            }
            topic.item(
                ctx.t("sm.open_many")
                    .replace("{list}", &parts.join(&format!(" {} ", ctx.t("and"))))
                    .replace("{n}", &f.uint(MAX_OPEN as u64)),
            );
        }
        for g in groups.iter().take(MAX_OPEN) {
            topic.item(open_item(ctx, g));
        }
        if groups.len() > MAX_OPEN {
            topic.item(
                ctx.t("sm.open_more")
                    .replace("{n}", &f.uint((groups.len() - MAX_OPEN) as u64)),
            );
        }
        topic.item(ctx.t("sm.open_note").into());
        facts.extend(topic.rows);
    }

    // Corrections.
    let applied = m.corrections.iter().filter(|c| c.matched).count() as u64;
    if applied > 0 {
        let count = f.count(applied, "correction");
        let letter = super::words::letter("appendix-corrections").to_string();
        let mut topic = Topic::new(ctx.t("sm.l.corrected"), Status::None);
        if s.corrected.is_empty() {
            topic.item(
                ctx.t("sm.corrected_none")
                    .replace("{count}", &count)
                    .replace("{letter}", &letter),
            );
        } else {
            topic.item(
                ctx.t("sm.corrected_head")
                    .replace("{count}", &count)
                    .replace("{letter}", &letter),
            );
            for c in &s.corrected {
                let value = |v: Option<f64>| {
                    if c.key == "available_seconds" {
                        v.map_or_else(
                            || "–".into(),
                            |x| format!("{}\u{a0}h", f.hmm_down((x * 1000.0) as i64)),
                        )
                    } else {
                        kpi_value(f, &c.key, v, None)
                    }
                };
                topic.item(
                    ctx.t("sm.corrected_item")
                        .replace("{label}", &kpi_label(ctx, &c.key))
                        .replace("{before}", &value(c.as_measured))
                        .replace("{after}", &value(c.corrected)),
                );
            }
        }
        facts.extend(topic.rows);
    }

    // Not measured, one line per reason.
    if !s.not_measured.is_empty() {
        let mut topic = Topic::new(ctx.t("sm.l.not_measured"), Status::Na);
        let mut reasons: Vec<(&str, &str)> = Vec::new();
        for x in &s.not_measured {
            let r = (x.reason.as_str(), x.detail.as_str());
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        }
        for (why, detail) in reasons {
            let key = format!("nm.{why}");
            let reason = if super::i18n::has(&key) {
                ctx.t(&key)
            } else {
                ctx.t("nm.no_data")
            };
            let reason = super::words::fill_detail(ctx, reason, detail);
            let labels: Vec<String> = s
                .not_measured
                .iter()
                .filter(|x| x.reason == why && x.detail == detail)
                .map(|x| kpi_label(ctx, &x.key))
                .collect();
            topic.item(
                ctx.t("sm.not_measured_item")
                    .replace("{reason}", &first_upper(&reason))
                    .replace("{labels}", &labels.join("; ")),
            );
        }
        facts.extend(topic.rows);
    }
    if !facts.is_empty() {
        out.push(Block::Facts { rows: facts });
    }
    out
}

/// `text` with its first letter upper case.
fn first_upper(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The noun a count target counts, for "2 ärenden", "24 anrop".
fn count_noun(key: &str) -> Option<&'static str> {
    match key {
        k if k.ends_with("_breaches") => Some("ticket"),
        "orders_outside_target" => Some("ticket"),
        "perf_over_tmax" => Some("call"),
        "changes_short_notice" => Some("change"),
        "unplanned_outages" | "ytd_unplanned_outages" => Some("outage"),
        _ => None,
    }
}

/// How far a missed figure is from its target, in the figure's unit as the reader sees it:
/// percentage points between the shown (truncated) share and the target, h:mm, s or a count.
fn by_text(
    ctx: &Ctx<'_>,
    key: &str,
    by: f64,
    target: f64,
    exact: Option<Ratio>,
    actual: f64,
) -> String {
    let f = ctx.f;
    if kpi_kind_is_share(key) {
        let t = share_basis_points_f64(target).unwrap_or(0);
        let a = exact
            .and_then(super::format::share_basis_points_ratio)
            .or_else(|| share_basis_points_f64(actual))
            .unwrap_or(0);
        return format!("{} {}", f.bp_plain((t - a).max(0)), ctx.t("sm.pp"));
    }
    if key.ends_with("_seconds") {
        return format!("{}\u{a0}h", f.hmm_up((by * 1000.0) as i64));
    }
    if key.ends_with("_ms") {
        return f.secs_ms(Some(by as i64));
    }
    f.int(by as i64)
}
