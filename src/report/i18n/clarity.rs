//! Labels that make figures readable on their own: the terms explained where they are first
//! used, the scope of every count, the histogram's parts and its data table, how coverage is
//! judged, the agreement document's revision (key, Swedish, English). The words are those of
//! docs/glossary.md.

pub(super) const TABLE: &[(&str, &str, &str)] = &[
    ("col.total", "Totalt", "Total"),
    ("cover.partly", "Delvis", "Partly"),
    ("cover.version_text", "version {r} ({d})", "revision {r} ({d})"),
    ("cover.version_unknown", "– (anges inte i regelverket)", "– (not given in the rule set)"),
    ("tk.never_started_short", "aldrig påbörjat", "never started"),
    ("pf.scope_open", "inom öppettid", "within opening hours"),
    ("pf.scope_all", "under hela dygnet", "at any time of day"),
    ("pf.percentiles", "Svarstid p50 (median) / p90 / p95 / p99 / max", "Response time p50 (median) / p90 / p95 / p99 / max"),
    ("pf.terms", "T90(n) är den svarstid som minst 90 % av anropen med n personer ska klara: {t90} för en person och {extra} till per extra person. Tmax(n) är den svarstid som inget anrop med n personer får överskrida: {tmax} för en person och {extra} till per extra person. Percentilen p90 = 4,2 s betyder att 90 % av anropen besvarades på högst 4,2 s; p50 är medianen. Anrop med fler personer än avtalet tillåter i ett anrop och besvarade anrop utan svarstidpunkt räknas men ingår inte i mätningen; alla tre antal gäller anrop {scope}.", "T90(n) is the response time at least 90 % of the calls with n persons must meet: {t90} for one person and {extra} more per extra person. Tmax(n) is the response time no call with n persons may exceed: {tmax} for one person and {extra} more per extra person. The percentile p90 = 4.2 s means that 90 % of the calls were answered within 4.2 s; p50 is the median. Calls with more persons than the agreement allows in one call and answered calls without a response time are counted but not measured; all three counts are of calls {scope}."),
    ("pf.series_within", "Inom egen T90(n)", "Within own T90(n)"),
    ("pf.series_between", "Mellan T90(n) och Tmax(n)", "Between T90(n) and Tmax(n)"),
    ("pf.series_over", "Över egen Tmax(n)", "Over own Tmax(n)"),
    ("pf.distribution_tail", "Svarstider över 7 s (samma staplar, egen skala)", "Response times over 7 s (the same bars, own scale)"),
    ("pf.distribution_tail_alt", "De långsammaste svaren, över 7 s, i samma färger som diagrammet ovan men på en egen skala så att även enstaka anrop syns; låga staplar har sitt antal utskrivet.", "The slowest answers, over 7 s, in the colours of the chart above but on a scale of their own so that single calls show; short bars have their count written."),
    ("pf.distribution_data", "Fördelning av svarstider: siffrorna i diagrammen", "Distribution of response times: the charts' numbers"),
    ("pf.bucket", "Svarstid (s)", "Response time (s)"),
    ("pf.distribution_note", "Stapeln 6–7 omfattar svar över 6 s till och med 7 s: ett svar på exakt 7,000 s räknas där och är inom T90(1) = 7 s. Varje anrop räknas mot sina egna gränser: ett anrop med tre personer på 9,5 s är inom T90(3) = 10 s. Därför kan staplar över 7 s vara gröna och staplar över 12 s gula. Totalraden är lika med anropen i mätningen, anropen inom T90(n) och anropen över Tmax(n) ovan.", "The bar 6–7 holds answers over 6 s up to and including 7 s: an answer of exactly 7.000 s is counted there and is within T90(1) = 7 s. Every call counts against its own limits: a call with three persons answered in 9.5 s is within T90(3) = 10 s. So bars above 7 s can be green and bars above 12 s amber. The total row equals the calls measured, the calls within T90(n) and the calls over Tmax(n) above."),
    ("av.reconciliation_rule_none", "Avtalet kräver en registrerad incident för varje avbrott; inga avvikelser fanns.", "The agreement requires a registered incident for every outage; there were no discrepancies."),
    ("av.reconciliation_rule_settled", "Avtalet kräver en registrerad incident för varje avbrott. Avvikelserna ovan är undantagna genom korrigeringar (bilaga C) och räknas inte; inget återstår att utreda.", "The agreement requires a registered incident for every outage. The discrepancies above are excluded by corrections (appendix C) and do not count; nothing is left to investigate."),
    ("av.reconciliation_rule_mixed", "Avtalet kräver en registrerad incident för varje avbrott. {settled} av avvikelserna ovan är undantagna genom korrigeringar (bilaga C); de {open} som är markerade med ! ska utredas.", "The agreement requires a registered incident for every outage. {settled} of the discrepancies above are excluded by corrections (appendix C); the {open} marked ! need follow-up."),
];
