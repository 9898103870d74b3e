//! A correction's effects in the report's language (metrics.json keeps the English `effect`
//! text for scripts; the report phrases the structured `effects`).

use crate::metrics::CorrectionEffect;
use crate::report::format::Fmt;
use crate::report::Ctx;

/// The words of `key` in the formatter's language: these sentences need only the language and
/// the formatter, so the annual report phrases its months' corrections with them too.
fn tr(f: Fmt, key: &str) -> &'static str {
    crate::report::i18n::t(f.lang, key)
}

fn subject(f: Fmt, s: &str) -> String {
    let key = format!("ce.subject.{s}");
    if crate::report::i18n::has(&key) {
        tr(f, &key).to_string()
    } else {
        s.to_string()
    }
}

/// A value the report translates when it knows it (an outage kind, a ticket type, a change
/// status, a call result), else the value as given.
fn word(f: Fmt, prefix: &str, v: &str) -> String {
    let key = format!("{prefix}.{v}");
    if crate::report::i18n::has(&key) {
        tr(f, &key).to_string()
    } else {
        v.to_string()
    }
}

/// Every effect of one correction, as sentences.
pub(super) fn describe(ctx: &Ctx<'_>, effects: &[CorrectionEffect]) -> String {
    describe_in(ctx.f, effects)
}

/// [`describe`] with the formatter alone (the annual report's corrections table).
pub(crate) fn describe_in(f: Fmt, effects: &[CorrectionEffect]) -> String {
    effects
        .iter()
        .map(|e| one(f, e))
        .collect::<Vec<_>>()
        .join(" ")
}

fn one(f: Fmt, e: &CorrectionEffect) -> String {
    use CorrectionEffect as E;
    match e {
        E::IntervalExcluded { measured_ms } => {
            tr(f, "ce.interval_excluded").replace("{dur}", &f.hmm_up(*measured_ms))
        }
        E::IntervalDegraded { measured_ms } => {
            tr(f, "ce.interval_degraded").replace("{dur}", &f.hmm_up(*measured_ms))
        }
        E::IntervalNotApplied { .. } => tr(f, "ce.interval_not_applied").to_string(),
        E::NoSuchId { id } => tr(f, "ce.no_such_id").replace("{id}", id),
        E::Excluded { subject: s, id } => tr(f, "ce.excluded")
            .replace("{subject}", &subject(f, s))
            .replace("{id}", id),
        E::TicketPriority { id, from, to } => tr(f, "ce.priority")
            .replace("{id}", id)
            .replace(
                "{from}",
                &from.map_or_else(
                    || tr(f, "ce.none").to_string(),
                    |p| crate::report::sections::priority_name_in(f.lang, Some(p)),
                ),
            )
            .replace(
                "{to}",
                &crate::report::sections::priority_name_in(f.lang, Some(*to)),
            ),
        E::TicketType { id, to } => tr(f, "ce.ticket_type")
            .replace("{id}", id)
            .replace("{to}", &word(f, "ce.type", to)),
        E::OutageKind { id, to } => tr(f, "ce.outage_kind")
            .replace("{id}", id)
            .replace("{to}", &word(f, "ce.kind", &to.to_lowercase())),
        E::Planned { id, planned } => tr(
            f,
            if *planned {
                "ce.planned"
            } else {
                "ce.unplanned"
            },
        )
        .replace("{id}", id),
        E::ChangeStatus { id, to } => tr(f, "ce.change_status").replace("{id}", id).replace(
            "{to}",
            &crate::report::sections::change_status_name_in(f.lang, to).to_lowercase(),
        ),
        E::CallResult { id, from, to } => tr(f, "ce.call_result")
            .replace("{id}", id)
            .replace(
                "{from}",
                &crate::report::i18n::result_name(f.lang, from).to_lowercase(),
            )
            .replace(
                "{to}",
                &crate::report::i18n::result_name(f.lang, to).to_lowercase(),
            ),
        E::FieldSet {
            subject: s,
            id,
            field,
            value,
        } => tr(f, "ce.field_set")
            .replace("{subject}", &subject(f, s))
            .replace("{id}", id)
            .replace("{field}", &field_name(f, s, field))
            .replace("{value}", &quoted(f, value)),
        E::NotApplied {
            subject: s,
            id,
            code,
            field,
            value,
            ..
        } => {
            let why = format!("ce.why.{code}");
            let why = if crate::report::i18n::has(&why) {
                tr(f, &why)
                    .replace("{field}", &field_name(f, s, field))
                    .replace("{value}", &quoted(f, value))
            } else {
                code.clone()
            };
            tr(f, "ce.not_applied")
                .replace("{subject}", &subject(f, s).to_lowercase())
                .replace("{id}", id)
                .replace("{why}", &why)
        }
    }
}

/// A value from the input, quoted so it reads as data: «2026-03-10T08:40»; a boolean in
/// words.
fn quoted(f: Fmt, v: &str) -> String {
    match v.trim().to_lowercase().as_str() {
        "true" | "yes" | "ja" => tr(f, "yes").to_lowercase(),
        "false" | "no" | "nej" => tr(f, "no").to_lowercase(),
        _ => format!("«{v}»"),
    }
}

/// A canonical column name (M2.4) in words, for the row's kind; the name itself when the
/// report has no words for it.
pub(super) fn field_name(f: Fmt, subject: &str, field: &str) -> String {
    for key in [
        format!("ce.field.{subject}.{field}"),
        format!("ce.field.{field}"),
    ] {
        if crate::report::i18n::has(&key) {
            return tr(f, &key).to_string();
        }
    }
    field.to_string()
}

/// A `set_field` value `field=value` in words: "överdrag aviserat = ja".
pub(super) fn set_field_value(ctx: &Ctx<'_>, value: &str) -> String {
    match value.split_once('=') {
        Some((f, v)) => format!(
            "{} = {}",
            field_name(ctx.f, "", f.trim()),
            quoted(ctx.f, v.trim())
        ),
        None => quoted(ctx.f, value),
    }
}

/// A `reclassify` value (a priority, result, outage kind, ticket type, change status or
/// planned/unplanned) in words.
pub(super) fn reclassify_value(ctx: &Ctx<'_>, value: &str) -> String {
    let v = value.trim().to_lowercase();
    let prio = match v.as_str() {
        "1" | "kritisk" | "critical" => Some(1),
        "2" | "hög" | "high" => Some(2),
        "3" | "medel" | "medium" => Some(3),
        "4" | "låg" | "low" => Some(4),
        _ => None,
    };
    if let Some(p) = prio {
        return crate::report::sections::priority_name(ctx, Some(p));
    }
    for prefix in ["ce.kind", "ce.type"] {
        let key = format!("{prefix}.{v}");
        if crate::report::i18n::has(&key) {
            return ctx.t(&key).to_string();
        }
    }
    match v.as_str() {
        "planned" => return ctx.t("ce.field.planned").to_string(),
        "unplanned" => return ctx.t("ce.unplanned_word").to_string(),
        _ => {}
    }
    if crate::report::i18n::has(&format!("res.{v}")) {
        return crate::report::i18n::result_name(ctx.f.lang, &v).to_lowercase();
    }
    if crate::report::i18n::has(&format!("ch.status.{v}")) {
        return crate::report::sections::change_status_name(ctx, &v).to_lowercase();
    }
    quoted(ctx.f, value)
}
