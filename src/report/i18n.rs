//! The one translation table: every label of the report, in Swedish (the agreement's own
//! terms, the default) and English. Renderers take every word from the model, and the model
//! takes every word from here.
//!
//! Keys are dotted (`sec.availability`); a missing key is a programming error, caught in
//! debug builds and tests, and shown as the key itself in release builds rather than a panic.

use crate::cli::Lang;

/// (key, Swedish, English). Kept sorted by area for review; uniqueness is tested.
const TABLE: &[(&str, &str, &str)] = &[
    // Document
    ("doc.title", "Månadsrapport", "Monthly service-level report"),
    ("doc.subject", "Uppföljning av servicenivåer enligt", "Service-level report under"),
    ("doc.page", "Sida", "Page"),
    ("doc.of", "av", "of"),
    ("doc.contents", "Innehåll", "Contents"),
    ("doc.appendix", "Bilaga", "Appendix"),
    ("doc.generated_by", "Framtagen med", "Produced with"),
    ("doc.not_marked", "Ej markerad i avtalet: beräknas men redovisas inte.", "Not marked in the agreement: computed but not reported."),
    // Cover
    ("cover.service", "Tjänst", "Service"),
    ("cover.period", "Period", "Period"),
    ("cover.agreement", "Avtal", "Agreement"),
    ("cover.version", "Avtalsversion", "Agreement version"),
    ("cover.customer", "Kund", "Customer"),
    ("cover.operator", "Driftspart", "Operator"),
    ("cover.config", "Regelverk (konfiguration)", "Rule set (config)"),
    ("cover.agreed_reports", "Överenskomna rapporter (avsnitt 4.1)", "Agreed reports (section 4.1)"),
    ("cover.report", "Rapport", "Report"),
    ("cover.marked", "Ingår", "Included"),
    ("cover.section", "Avsnitt", "Section"),
    ("cover.summary", "Sammanfattning: servicenivåer", "Summary: service levels"),
    ("cover.summary_note", "Procentsatser avkortas till två decimaler och tider avrundas uppåt, så att ett värde som visas som uppfyllt verkligen uppfyller målet.", "Percentages are truncated to two decimals and durations rounded up, so a figure shown as met really meets its target."),
    ("cover.verdict_all_met", "Samtliga mätbara servicenivåer uppfylldes.", "Every measurable service level was met."),
    ("cover.verdict_missed", "servicenivåer uppfylldes inte", "service levels were not met"),
    ("cover.measure", "Servicenivå", "Service level"),
    ("cover.target", "Mål", "Target"),
    ("cover.actual", "Utfall", "Actual"),
    ("cover.status", "Status", "Status"),
    ("cover.as_measured", "Före korrigeringar", "As measured"),
    ("status.met", "✓ Uppfyllt", "✓ Met"),
    ("status.not_met", "✗ Ej uppfyllt", "✗ Not met"),
    ("status.na", "– Ej mätbart", "– Not measurable"),
    ("yes", "Ja", "Yes"),
    ("no", "Nej", "No"),
    ("mark.x", "[x]", "[x]"),
    ("mark.empty", "[ ]", "[ ]"),
    // Section titles (the agreement's terms)
    ("sec.incidents", "Incidenter", "Incidents"),
    ("sec.orders", "Beställningar", "Orders"),
    ("sec.problems", "Problem", "Problems"),
    ("sec.changes", "Planerade ändringar", "Planned changes"),
    ("sec.capacity", "Kapacitet", "Capacity"),
    ("sec.performance", "Prestanda", "Performance"),
    ("sec.availability", "Tillgänglighet och Pålitlighet", "Availability and reliability"),
    ("sec.security", "Säkerhet", "Security"),
    ("sec.continuity", "Kontinuitet", "Continuity"),
    ("sec.quality", "Kvalitet (Leveransprecision)", "Quality (delivery precision)"),
    // KPI names (summary table), by metrics target key
    ("kpi.availability", "Tillgänglighet inom öppettid", "Availability within opening hours"),
    ("kpi.unplanned_outages", "Oplanerade avbrott (månad)", "Unplanned outages (month)"),
    ("kpi.ytd_unplanned_outages", "Oplanerade avbrott (hittills i år)", "Unplanned outages (year to date)"),
    ("kpi.ytd_unavailable_seconds", "Otillgänglighet (hittills i år)", "Downtime (year to date)"),
    ("kpi.unavailable_seconds", "Otillgänglighet (månad)", "Downtime (month)"),
    ("kpi.delivery_precision", "Leveransprecision", "Delivery precision"),
    ("kpi.perf_within_t90_share", "Svar inom 7 s (+1,5 s per extra person)", "Answers within 7 s (+1.5 s per extra person)"),
    ("kpi.perf_over_tmax", "Svar över 12 s (+1,5 s per extra person)", "Answers over 12 s (+1.5 s per extra person)"),
    ("kpi.incidents_response_breaches", "Incidenter: Responstid utanför mål", "Incidents: response time outside target"),
    ("kpi.incidents_resolution_breaches", "Incidenter: Åtgärdstid utanför mål", "Incidents: resolution time outside target"),
    ("kpi.problems_response_breaches", "Problem: Responstid utanför mål", "Problems: response time outside target"),
    ("kpi.problems_resolution_breaches", "Problem: Åtgärdstid utanför mål", "Problems: resolution time outside target"),
    ("kpi.changes_short_notice", "Ändringar med kort varsel", "Changes with short notice"),
    ("kpi.peak_calls_per_second", "Högsta antal anrop per sekund", "Peak calls per second"),
    ("kpi.peak_calls_per_minute", "Högsta antal anrop per minut", "Peak calls per minute"),
    ("kpi.orders_lead_time", "Beställningar: ledtid", "Orders: lead time"),
    // Availability
    ("av.open_time", "Öppettid", "Open time"),
    ("av.unavailable", "Otillgänglig tid", "Unavailable time"),
    ("av.available", "Tillgänglig tid", "Available time"),
    ("av.degraded", "Tillgänglig med störning", "Available with disturbance"),
    ("av.availability", "Tillgänglighet", "Availability"),
    ("av.outages", "Oplanerade avbrott", "Unplanned outages"),
    ("av.source", "Källa för otillgänglighet", "Source of unavailability"),
    ("av.per_day", "Tillgänglighet per dag (öppettid; avbrott markerade)", "Availability per day (opening hours; outages marked)"),
    ("av.per_day_alt", "En rad per dag: öppettiden grå, otillgänglighet röd, störning orange.", "One row per day: open time grey, unavailability red, disturbance orange."),
    ("av.outage_table", "Avbrott", "Outages"),
    ("av.no_outages", "Inga avbrott under perioden.", "No outages in the period."),
    ("av.ytd", "Hittills i år", "Year to date"),
    ("av.ytd_downtime", "Otillgänglighet hittills i år", "Downtime year to date"),
    ("av.ytd_outages", "Oplanerade avbrott hittills i år", "Unplanned outages year to date"),
    ("av.budget_left", "Kvar av årsbudget", "Annual budget left"),
    ("av.months_covered", "Månader med indata", "Months with input data"),
    ("av.per_month", "Otillgänglighet och avbrott per månad", "Downtime and outages per month"),
    ("av.month", "Månad", "Month"),
    ("av.reconciliation", "Avstämning mot incidenter", "Reconciliation against incidents"),
    ("av.no_discrepancies", "Inga avvikelser: varje avbrott har en incident och varje incidentavbrott syns i anropsloggen.", "No discrepancies: every outage has an incident and every incident outage shows in the call log."),
    ("av.detected_without_incident", "Avbrott i anropsloggen utan incident", "Outage in the call log without an incident"),
    ("av.incident_without_failing_calls", "Incidentavbrott utan misslyckade anrop", "Incident outage without failing calls"),
    ("av.degraded_intervals", "Perioder tillgänglig med störning", "Periods available with disturbance"),
    ("av.no_degraded", "Inga störningsperioder.", "No periods of disturbance."),
    ("av.sources", "Underlag för otillgänglighet", "Evidence for unavailability"),
    ("av.wall_short", "totalt", "in all"),
    ("av.this_month", "månad", "month"),
    ("av.outage_rule", "Otillgänglig tid räknas inom öppettid, från avbrottets start (inklusive felsökningens start); överlappande underlag räknas en gång.", "Unavailable time is counted within opening hours from the outage's start (including the start of troubleshooting); overlapping evidence is counted once."),
    ("av.merge_rule", "Avbrott med mindre än {gap} minuters mellanrum räknas som ett avbrott.", "Outages less than {gap} minutes apart count as one outage."),
    ("av.ytd_rule", "Årsmålen: högst 62 timmars otillgänglighet och högst 4 oplanerade avbrott per kalenderår. Ett avbrott över ett månadsskifte räknas en gång för året.", "Annual targets: at most 62 hours of downtime and at most 4 unplanned outages per calendar year. An outage spanning two months counts once for the year."),
    ("av.reconciliation_rule", "Avtalet kräver en registrerad incident för varje avbrott; avvikelserna ovan ska utredas.", "The agreement requires a registered incident for every outage; the discrepancies above need follow-up."),
    ("src.incident", "Incident", "Incident"),
    ("src.change", "Ändring", "Change"),
    ("src.calls", "Anropslogg", "Call log"),
    ("src.incidents", "incidenter och ändringar", "incidents and changes"),
    ("src.union", "incidenter, ändringar och anropslogg", "incidents, changes and call log"),
    ("col.no", "Nr", "No."),
    ("col.start", "Start", "Start"),
    ("col.end", "Slut", "End"),
    ("col.duration_open", "Tid inom öppettid", "Within open time"),
    ("col.duration_wall", "Total tid", "Wall time"),
    ("col.sources", "Källa", "Source"),
    ("col.reference", "Referens", "Reference"),
    ("col.cause", "Orsak", "Cause"),
    ("col.action_plan", "Åtgärdsplan", "Action plan"),
    ("col.kind", "Typ", "Kind"),
    ("col.failed_calls", "Misslyckade anrop", "Failed calls"),
    ("col.date", "Datum", "Date"),
    ("col.calls", "Anrop", "Calls"),
    ("col.count", "Antal", "Count"),
    ("col.share", "Andel", "Share"),
    ("col.id", "Id", "Id"),
    ("col.priority", "Prioritet", "Priority"),
    ("col.summary", "Sammanfattning", "Summary"),
    ("col.registered", "Registrerad", "Registered"),
    ("col.responded", "Påbörjad", "Started"),
    ("col.resolved", "Åtgärdad", "Resolved"),
    ("col.closed", "Stängd", "Closed"),
    ("col.target", "Mål", "Target"),
    ("col.actual", "Utfall", "Actual"),
    ("col.excess", "Överskridande", "Excess"),
    ("col.measure", "Mått", "Measure"),
    ("col.value", "Värde", "Value"),
    ("col.rule", "Regel", "Rule"),
    ("col.setting", "Inställning", "Setting"),
    // Generic
    ("none", "Inga.", "None."),
    ("truncated", "Listan är avkortad; samtliga rader finns i breaches.csv.", "The list is truncated; every row is in breaches.csv."),
    ("hours", "timmar", "hours"),
    ("day", "Dag", "Day"),
];

/// Look up `key` in `lang`.
pub fn t(lang: Lang, key: &str) -> &'static str {
    match TABLE.iter().find(|(k, _, _)| *k == key) {
        Some((_, sv, en)) => match lang {
            Lang::Sv => sv,
            Lang::En => en,
        },
        None => {
            debug_assert!(false, "missing translation key `{key}`");
            // Leak-free fallback: the key itself is 'static only when the caller's is; return a
            // marker instead so the gap is visible in the output.
            "??"
        }
    }
}

/// Whether `key` exists (for optional labels such as per-KPI names).
pub fn has(key: &str) -> bool {
    TABLE.iter().any(|(k, _, _)| *k == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_filled() {
        let mut keys: Vec<&str> = TABLE.iter().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate translation keys");
        for (k, sv, en) in TABLE {
            assert!(!sv.is_empty() && !en.is_empty(), "{k}");
        }
    }

    #[test]
    fn agreement_terms_are_used_in_swedish() {
        assert_eq!(
            t(Lang::Sv, "sec.availability"),
            "Tillgänglighet och Pålitlighet"
        );
        assert_eq!(t(Lang::Sv, "sec.changes"), "Planerade ändringar");
        assert_eq!(t(Lang::En, "sec.orders"), "Orders");
    }
}
