//! One section per area marked [x] in the agreement's §4.1 table, in the agreement's order
//! (M10.6). Each area's builder turns its metrics into blocks; areas not marked are computed
//! by the metrics but left out here.
//!
//! Layers: each area's module uses only this module's helpers and `super::words` and below,
//! except `availability` → `silence` (the silences' reference) and `orders` → `tickets` (the
//! ticket table); nothing uses `availability` or `orders`.

mod availability;
mod capacity;
mod changes;
mod continuity;
mod orders;
mod performance;
mod quality;
pub(crate) mod silence;
mod tickets;
mod trend;

pub(crate) use performance::scope_words;

use super::blocks::{Block, Chart, Fact, RefLine, Section, Series, Status, Tone};
use super::Ctx;

/// The sections of the report, numbered from 1.
pub(crate) fn build_all(ctx: &Ctx<'_>) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for (key, marked) in ctx.config.config.report.in_order() {
        if !marked {
            continue;
        }
        let blocks = match key {
            "incidents" => tickets::incidents(ctx),
            "orders" => orders::orders(ctx),
            "problems" => tickets::problems(ctx),
            "changes" => changes::blocks(ctx),
            "capacity" => capacity::blocks(ctx),
            "performance" => performance::blocks(ctx),
            "availability" => availability::blocks(ctx),
            "security" => tickets::security(ctx),
            "continuity" => continuity::blocks(ctx),
            "quality" => quality::blocks(ctx),
            _ => Vec::new(),
        };
        out.push(Section {
            id: key.to_string(),
            number: (out.len() + 1).to_string(),
            title: ctx.t(&format!("sec.{key}")).to_string(),
            blocks: drop_repeated_captions(blocks),
        });
    }
    // The year so far, when the inputs cover an earlier month of it.
    if ctx.metrics.trend.earlier_months_covered {
        out.push(Section {
            id: "trend".into(),
            number: (out.len() + 1).to_string(),
            title: ctx.t("sec.trend").to_string(),
            blocks: drop_repeated_captions(trend::blocks(ctx)),
        });
    }
    out
}

/// A table (or chart) right under a sub-heading with the same text loses its caption, so the
/// reader does not see the same words twice.
pub(crate) fn drop_repeated_captions(mut blocks: Vec<Block>) -> Vec<Block> {
    for i in 1..blocks.len() {
        let prev = match &blocks[i - 1] {
            Block::Heading { text } => text.clone(),
            _ => continue,
        };
        match &mut blocks[i] {
            Block::Table(t) if t.caption == prev => t.caption.clear(),
            Block::Chart(c) if c.title == prev => c.title.clear(),
            _ => {}
        }
    }
    blocks
}

/// A fact without a status.
pub(crate) fn fact(label: &str, value: impl Into<String>) -> Fact {
    Fact {
        label: label.to_string(),
        value: value.into(),
        status: Status::None,
    }
}

/// A fact with a status, its sign written before the value so the colour is never the only
/// carrier of the meaning.
pub(crate) fn fact_s(label: &str, value: impl Into<String>, status: Status) -> Fact {
    Fact {
        label: label.to_string(),
        value: crate::report::blocks::with_sign(value.into(), status),
        status,
    }
}

pub(crate) fn heading(text: &str) -> Block {
    Block::Heading {
        text: text.to_string(),
    }
}

pub(crate) fn note(text: impl Into<String>) -> Block {
    Block::Note { text: text.into() }
}

/// The status of the metrics target `key`, if the metrics list it.
pub(crate) fn target_status(ctx: &Ctx<'_>, key: &str) -> Status {
    ctx.metrics
        .targets
        .iter()
        .find(|t| t.key == key)
        .map_or(Status::None, |t| super::words::status_of(t.met))
}

/// Why the metrics target `key` is not measured (its input, a column or a ticket type is
/// absent), in the report's words, or `None` when it is measured.
pub(crate) fn not_measured_reason(ctx: &Ctx<'_>, key: &str) -> Option<String> {
    let t = ctx.metrics.targets.iter().find(|t| t.key == key)?;
    let why = t.not_measured.as_deref()?;
    let k = format!("nm.{why}");
    let text = if super::i18n::has(&k) {
        ctx.t(&k)
    } else {
        ctx.t("nm.no_data")
    };
    Some(super::words::fill_detail(ctx, text, &t.detail))
}

/// A listed interval's note when a correction excluded all or part of it: "undantaget genom
/// COR-1" or "delvis undantaget (0:11 h) genom COR-1"; empty otherwise.
pub(crate) fn excluded_note(
    ctx: &Ctx<'_>,
    start: crate::calendar::Ms,
    end: crate::calendar::Ms,
    by: &[String],
    excluded_ms: i64,
) -> super::blocks::Cell {
    use super::blocks::Cell;
    if by.is_empty() {
        return Cell::new("");
    }
    let ids = by.join(", ");
    let text = if excluded_ms >= end - start {
        ctx.t("ex.excluded").replace("{ids}", &ids)
    } else {
        ctx.t("ex.partly")
            .replace("{dur}", &ctx.f.hmm_up(excluded_ms))
            .replace("{ids}", &ids)
    };
    Cell::status(text, Status::Warn)
}

/// At most this many rows of an evidence list are printed; the CSV has all of them.
pub(crate) const MAX_ROWS: usize = 200;
/// Ids named in one cell or item (e.g. the change windows of one outage); breaches.csv has all.
pub(crate) const MAX_IDS: usize = 5;

/// At most [`MAX_IDS`] ids, then "+N till".
pub(crate) fn capped_ids(ctx: &Ctx<'_>, ids: &[String]) -> String {
    let mut text = ids
        .iter()
        .take(MAX_IDS)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > MAX_IDS {
        text.push_str(", ");
        text.push_str(
            &ctx.t("cover.ids_more")
                .replace("{n}", &ctx.f.uint((ids.len() - MAX_IDS) as u64)),
        );
    }
    text
}

/// The column label of an interval: "Start – slut" / "Start – end".
pub(crate) fn start_end_label(ctx: &Ctx<'_>) -> String {
    format!(
        "{} – {}",
        ctx.t("col.start"),
        ctx.t("col.end").to_lowercase()
    )
}

/// `2026-03-10 09:12 – 10:47`, or both dates when the interval spans midnight.
pub(crate) fn interval_text(
    f: super::format::Fmt,
    start: crate::calendar::Ms,
    end: crate::calendar::Ms,
) -> String {
    let a = f.local(start);
    let b = f.local(end);
    if a.get(..10) == b.get(..10) {
        format!("{a} – {}", f.local_hm(end))
    } else {
        format!("{a} – {b}")
    }
}

/// A source name in the report's language.
pub(crate) fn source_name(ctx: &Ctx<'_>, s: crate::metrics::OutageSource) -> &'static str {
    use crate::metrics::OutageSource;
    match s {
        OutageSource::Incident => ctx.t("src.incident"),
        OutageSource::Change => ctx.t("src.change"),
        OutageSource::Calls => ctx.t("src.calls"),
        OutageSource::Silence => ctx.t("src.silence"),
    }
}

/// The text, or "–" when it is blank.
pub(crate) fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "–".into()
    } else {
        s.to_string()
    }
}

/// Whether numbers use a decimal comma (chart axes).
pub(crate) fn decimal_comma(ctx: &Ctx<'_>) -> bool {
    ctx.f.lang == crate::report::Lang::Sv
}

/// `2026-03-02` → `02` (dense chart axes).
pub(crate) fn day_label(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:02}", date.day())
}

pub(crate) use changes::{
    status_name as change_status_name, status_name_in as change_status_name_in,
};
pub(crate) use tickets::{priority_name, priority_name_in};

/// A chart series in percent of the metrics' ratios, only scaled for the axis; a day with no
/// calls is a gap (NaN), never 0 %.
pub(crate) fn percents(ratios: impl Iterator<Item = crate::metrics::Ratio>) -> Vec<f64> {
    ratios
        .map(|r| r.value().map_or(f64::NAN, |v| v * 100.0))
        .collect()
}

/// A figure with its target: "99,71 % (mål ≥ 99,5 %)". `target` carries its comparison.
pub(crate) fn against_target(ctx: &Ctx<'_>, value: String, target: String) -> String {
    format!("{value} ({} {target})", ctx.t("col.target").to_lowercase())
}

/// A share per day in percent against its target (delivery precision, calls within T90): one
/// line named by `keys`' third, the days on the x axis, a y axis from a little below the
/// lowest day or the target to 100 %, and the target line. `keys`: title, alt text, series.
pub(crate) fn percent_per_day(
    ctx: &Ctx<'_>,
    id: &str,
    [title, alt, name]: [&str; 3],
    days: impl Iterator<Item = (chrono::NaiveDate, crate::metrics::Ratio)>,
    target_share: f64,
) -> Chart {
    let target = target_share * 100.0;
    let (labels, ratios): (Vec<String>, Vec<_>) = days.map(|(d, r)| (day_label(d), r)).unzip();
    let values = percents(ratios.into_iter());
    let y_min = percent_axis_floor(&values, target);
    let reference = RefLine {
        value: target,
        label: format!(
            "{} {}",
            ctx.t("col.target"),
            ctx.f.pct_f64(Some(target_share))
        ),
    };
    let series = vec![Series::new(ctx.t(name), Tone::Neutral, values)];
    Chart::lines(
        id,
        ctx.t(title),
        ctx.t(alt),
        labels,
        series,
        "%",
        ctx.f.lang,
    )
    .y_min(y_min)
    .y_max(Some(100.0))
    .reference(Some(reference))
}

/// The low end of a percent axis: a little below the lowest value or the target, on a whole
/// percent, so the target line and every day are drawn.
pub(crate) fn percent_axis_floor(values: &[f64], target: f64) -> f64 {
    let lowest = values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(target, f64::min);
    ((lowest - 1.0).floor()).clamp(0.0, 99.0)
}
