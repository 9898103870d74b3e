//! A correction's effects in the report's language (metrics.json keeps the English `effect`
//! text for scripts; the report phrases the structured `effects`).

use crate::metrics::CorrectionEffect;
use crate::report::Ctx;

fn subject(ctx: &Ctx<'_>, s: &str) -> String {
    let key = format!("ce.subject.{s}");
    if crate::report::i18n::has(&key) {
        ctx.t(&key).to_string()
    } else {
        s.to_string()
    }
}

/// A value the report translates when it knows it (an outage kind, a ticket type, a change
/// status, a call result), else the value as given.
fn word(ctx: &Ctx<'_>, prefix: &str, v: &str) -> String {
    let key = format!("{prefix}.{v}");
    if crate::report::i18n::has(&key) {
        ctx.t(&key).to_string()
    } else {
        v.to_string()
    }
}

/// Every effect of one correction, as sentences.
pub(super) fn describe(ctx: &Ctx<'_>, effects: &[CorrectionEffect]) -> String {
    effects
        .iter()
        .map(|e| one(ctx, e))
        .collect::<Vec<_>>()
        .join(" ")
}

fn one(ctx: &Ctx<'_>, e: &CorrectionEffect) -> String {
    use CorrectionEffect as E;
    let f = ctx.f;
    match e {
        E::IntervalExcluded { measured_ms } => ctx
            .t("ce.interval_excluded")
            .replace("{dur}", &f.hmm_up(*measured_ms)),
        E::IntervalDegraded { measured_ms } => ctx
            .t("ce.interval_degraded")
            .replace("{dur}", &f.hmm_up(*measured_ms)),
        E::IntervalNotApplied { .. } => ctx.t("ce.interval_not_applied").to_string(),
        E::NoSuchId { id } => ctx.t("ce.no_such_id").replace("{id}", id),
        E::Excluded { subject: s, id } => ctx
            .t("ce.excluded")
            .replace("{subject}", &subject(ctx, s))
            .replace("{id}", id),
        E::TicketPriority { id, from, to } => ctx
            .t("ce.priority")
            .replace("{id}", id)
            .replace(
                "{from}",
                &from.map_or_else(
                    || ctx.t("ce.none").to_string(),
                    |p| crate::report::sections::priority_name(ctx, Some(p)),
                ),
            )
            .replace(
                "{to}",
                &crate::report::sections::priority_name(ctx, Some(*to)),
            ),
        E::TicketType { id, to } => ctx
            .t("ce.ticket_type")
            .replace("{id}", id)
            .replace("{to}", &word(ctx, "ce.type", to)),
        E::OutageKind { id, to } => ctx
            .t("ce.outage_kind")
            .replace("{id}", id)
            .replace("{to}", &word(ctx, "ce.kind", &to.to_lowercase())),
        E::Planned { id, planned } => ctx
            .t(if *planned {
                "ce.planned"
            } else {
                "ce.unplanned"
            })
            .replace("{id}", id),
        E::ChangeStatus { id, to } => ctx.t("ce.change_status").replace("{id}", id).replace(
            "{to}",
            &crate::report::sections::change_status_name(ctx, to).to_lowercase(),
        ),
        E::CallResult { id, from, to } => ctx
            .t("ce.call_result")
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
        } => ctx
            .t("ce.field_set")
            .replace("{subject}", &subject(ctx, s))
            .replace("{id}", id)
            .replace("{field}", &field_name(ctx, s, field))
            .replace("{value}", &quoted(ctx, value)),
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
                ctx.t(&why)
                    .replace("{field}", &field_name(ctx, s, field))
                    .replace("{value}", &quoted(ctx, value))
            } else {
                code.clone()
            };
            ctx.t("ce.not_applied")
                .replace("{subject}", &subject(ctx, s).to_lowercase())
                .replace("{id}", id)
                .replace("{why}", &why)
        }
    }
}

/// A value from the input, quoted so it reads as data: «2026-03-10T08:40»; a boolean in
/// words.
fn quoted(ctx: &Ctx<'_>, v: &str) -> String {
    match v.trim().to_lowercase().as_str() {
        "true" | "yes" | "ja" => ctx.t("yes").to_lowercase(),
        "false" | "no" | "nej" => ctx.t("no").to_lowercase(),
        _ => format!("«{v}»"),
    }
}

/// A canonical column name (M2.4) in words, for the row's kind; the name itself when the
/// report has no words for it.
pub(super) fn field_name(ctx: &Ctx<'_>, subject: &str, field: &str) -> String {
    for key in [
        format!("ce.field.{subject}.{field}"),
        format!("ce.field.{field}"),
    ] {
        if crate::report::i18n::has(&key) {
            return ctx.t(&key).to_string();
        }
    }
    field.to_string()
}

/// A `set_field` value `field=value` in words: "överdrag aviserat = ja".
pub(super) fn set_field_value(ctx: &Ctx<'_>, value: &str) -> String {
    match value.split_once('=') {
        Some((f, v)) => format!(
            "{} = {}",
            field_name(ctx, "", f.trim()),
            quoted(ctx, v.trim())
        ),
        None => quoted(ctx, value),
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
    quoted(ctx, value)
}
