//! Planned changes and service windows (M2.1), validated per M2.10; the merge of the rows of
//! one change (exports with one row per change and affected item) and the status rules that
//! derive a status from the data where an export has none.

use super::catalog::{self, Spec};
use super::clocks::Clocks;
use super::fields::Row;
use super::mapping::InputMapping;
use super::model::{Change, ChangeStatus, RowRef};
use super::reasons::{self, Bad};

pub const SPEC: Spec = catalog::CHANGES;
pub const CANON: &[&str] = SPEC.canon;
pub const TIMESTAMPS: &[&str] = SPEC.timestamps;

/// A change as read from one row, before its status is settled: `status` is the row's own
/// (`None` when empty), `change.status` a placeholder until [`finish`].
#[derive(Debug, Clone)]
pub struct Draft {
    pub change: Change,
    pub status: Option<ChangeStatus>,
    /// The source texts of `scheduled_end` and `actual_end` (for a reject's value).
    pub end_text: [String; 2],
}

/// Convert one change row into a draft (status optional, windows not yet checked).
pub fn parse(row: &Row, clocks: &mut Clocks, source: RowRef) -> Result<Draft, Bad> {
    let change_id = row.required("change_id")?.trim().to_string();
    let title = row.text("title").into_owned();
    let priority = row.priority("priority")?;
    let status = row.enum_of("status", ChangeStatus::parse, reasons::STATUS)?;
    let in_release = row.bool_of("in_release")?;
    let notified_at = row.time(clocks, "notified_at")?;
    let scheduled_start = row.time(clocks, "scheduled_start")?;
    let scheduled_end = row.time(clocks, "scheduled_end")?;
    let actual_start = row.time(clocks, "actual_start")?;
    let actual_end = row.time(clocks, "actual_end")?;
    let overrun_notified = row.bool_of("overrun_notified")?;
    Ok(Draft {
        change: Change {
            change_id,
            title,
            priority,
            status: ChangeStatus::Planned,
            in_release,
            notified_at,
            scheduled_start,
            scheduled_end,
            actual_start,
            actual_end,
            overrun_notified,
            outcome: row.text("outcome").into_owned(),
            source,
        },
        status,
        end_text: [
            row.raw("scheduled_end").to_string(),
            row.raw("actual_end").to_string(),
        ],
    })
}

/// Settle a draft: its own status, else the first status rule that applies (none: rejected,
/// naming the rules tried); then an end before its start is rejected.
pub fn finish(d: Draft, rules: &StatusRules) -> Result<Change, Bad> {
    let mut c = d.change;
    c.status = match d.status {
        Some(s) => s,
        None if rules.rules.is_empty() => return Err(Bad::new("status", "", reasons::MISSING)),
        None => match rules
            .rules
            .iter()
            .find(|r| r.when.is_none_or(|col| is_set(&c, col)))
        {
            Some(r) => r.status,
            None => {
                return Err(Bad::new(
                    "status",
                    &format!("rules tried: {}", rules.describe()),
                    reasons::STATUS_NO_RULE,
                ))
            }
        },
    };
    for (s, e, ec, text) in [
        (
            c.scheduled_start,
            c.scheduled_end,
            "scheduled_end",
            &d.end_text[0],
        ),
        (c.actual_start, c.actual_end, "actual_end", &d.end_text[1]),
    ] {
        if let (Some(s), Some(e)) = (s, e) {
            if e < s {
                return Err(Bad::new(ec, text, reasons::END_BEFORE_START));
            }
        }
    }
    Ok(c)
}

/// Merge the rows of one change (one row per affected item, in order) into one draft:
///
/// - the window is the envelope of the rows' windows: the earliest `scheduled_start` and
///   `actual_start`, the latest `scheduled_end` and `actual_end`;
/// - `notified_at` is the latest notice (the change is notified once every row's notice is
///   given);
/// - `in_release` and `overrun_notified` are true only when every row says true;
/// - `title`, `outcome`, `priority` and `status` are the last row's non-empty value;
/// - the change is placed at its first row.
///
/// Where rows disagree this is the reading least favourable to the operator: the widest
/// window, the latest notice, no exemption that some row does not grant. Returns the draft and
/// whether the rows disagreed.
pub fn merge(rows: Vec<Draft>) -> (Draft, bool) {
    let mut it = rows.into_iter();
    let mut out = it.next().expect("a group has a row");
    let first = out.change.clone();
    let mut disagree = false;
    let earliest = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    let latest = |a: Option<i64>, b: Option<i64>| a.max(b);
    for d in it {
        disagree |= d.status != out.status
            || Change {
                source: first.source,
                ..d.change.clone()
            } != first;
        let (o, c) = (&mut out.change, d.change);
        if c.scheduled_end > o.scheduled_end {
            out.end_text[0] = d.end_text[0].clone();
        }
        if c.actual_end > o.actual_end {
            out.end_text[1] = d.end_text[1].clone();
        }
        o.scheduled_start = earliest(o.scheduled_start, c.scheduled_start);
        o.actual_start = earliest(o.actual_start, c.actual_start);
        o.scheduled_end = latest(o.scheduled_end, c.scheduled_end);
        o.actual_end = latest(o.actual_end, c.actual_end);
        o.notified_at = latest(o.notified_at, c.notified_at);
        o.source = o.source.min(c.source);
        o.in_release &= c.in_release;
        o.overrun_notified &= c.overrun_notified;
        if !c.title.trim().is_empty() {
            o.title = c.title;
        }
        if !c.outcome.trim().is_empty() {
            o.outcome = c.outcome;
        }
        if c.priority.is_some() {
            o.priority = c.priority;
        }
        if d.status.is_some() {
            out.status = d.status;
        }
    }
    (out, disagree)
}

/// Convert and validate one change row (no fold, no status rules).
pub fn convert(row: &Row, clocks: &mut Clocks, source: RowRef) -> Result<Change, Bad> {
    parse(row, clocks, source).and_then(|d| finish(d, &StatusRules::default()))
}

/// The mapping's `status_rules`, checked: canonical statuses, canonical columns.
#[derive(Debug, Clone, Default)]
pub struct StatusRules {
    rules: Vec<Rule>,
}

#[derive(Debug, Clone, Copy)]
struct Rule {
    status: ChangeStatus,
    when: Option<&'static str>,
}

impl StatusRules {
    pub fn new(m: &InputMapping) -> anyhow::Result<Self> {
        let mut rules = Vec::new();
        for r in m.status_rules.iter().flatten() {
            let status = ChangeStatus::parse(&r.status).ok_or_else(|| {
                anyhow::anyhow!(
                    "[inputs.changes] status_rules: `{}` is not a change status (expected one \
                     of planned, in_progress, completed, failed, cancelled)",
                    r.status
                )
            })?;
            let when = match &r.when_set {
                None => None,
                Some(c) => Some(*CANON.iter().find(|x| **x == c.trim()).ok_or_else(|| {
                    anyhow::anyhow!(
                        "[inputs.changes] status_rules: when_set = `{c}` is not a canonical \
                         column of changes (expected one of {})",
                        CANON.join(", ")
                    )
                })?),
            };
            rules.push(Rule { status, when });
        }
        Ok(StatusRules { rules })
    }

    /// Are there rules (then `status` needs no column)?
    pub fn any(&self) -> bool {
        !self.rules.is_empty()
    }

    /// The rules in words: `completed when actual_end is set; planned otherwise`.
    pub fn describe(&self) -> String {
        self.rules
            .iter()
            .map(|r| match r.when {
                Some(c) => format!("{} when {c} is set", r.status.as_str()),
                None => format!("{} otherwise", r.status.as_str()),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Is canonical column `col` non-empty on the change (a flag: true)?
fn is_set(c: &Change, col: &str) -> bool {
    match col {
        "change_id" => !c.change_id.is_empty(),
        "title" => !c.title.trim().is_empty(),
        "priority" => c.priority.is_some(),
        "in_release" => c.in_release,
        "notified_at" => c.notified_at.is_some(),
        "scheduled_start" => c.scheduled_start.is_some(),
        "scheduled_end" => c.scheduled_end.is_some(),
        "actual_start" => c.actual_start.is_some(),
        "actual_end" => c.actual_end.is_some(),
        "overrun_notified" => c.overrun_notified,
        "outcome" => !c.outcome.trim().is_empty(),
        // `status` itself: a rule on it never applies (the row's status is empty).
        _ => false,
    }
}
