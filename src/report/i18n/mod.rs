//! The one translation table: every label of the report, in Swedish (the agreement's own
//! terms, the default) and English. Renderers take every word from the model, and the model
//! takes every word from here: the labels ([`labels`]), the method appendix's rules
//! ([`method`]), counted nouns with their singular and plural ([`noun`]), and the words for the
//! input's codes (call results, reject reasons), which the Swedish report never prints raw.
//!
//! Keys are dotted (`sec.availability`); a missing key is a programming error, caught in
//! debug builds and tests, and shown as `??` in release builds (the gap stays visible) rather
//! than a panic.
//!
//! Layers: the tables (`labels`, `annual`, `archive`, `clarity`, `method`, `silence`) use none
//! of each other; this module looks words up in them.

mod annual;
mod archive;
mod clarity;
mod labels;
mod method;
mod silence;

/// The report's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Swedish (the agreement's own terms).
    #[default]
    Sv,
    /// English.
    En,
}

impl Lang {
    /// `sv` or `en`: the manifest's `lang` and the `--lang` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = anyhow::Error;

    /// `sv` or `en` (any case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "sv" => Ok(Lang::Sv),
            "en" => Ok(Lang::En),
            _ => anyhow::bail!("`{s}`: expected sv or en"),
        }
    }
}

/// Every table, searched in order. Keys are unique across them (tested).
const TABLES: [&[(&str, &str, &str)]; 6] = [
    labels::TABLE,
    method::TABLE,
    silence::TABLE,
    clarity::TABLE,
    annual::TABLE,
    archive::TABLE,
];

fn find(key: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    TABLES
        .iter()
        .flat_map(|t| t.iter())
        .find(|(k, _, _)| *k == key)
}

/// Look up `key` in `lang`.
pub fn t(lang: Lang, key: &str) -> &'static str {
    match find(key) {
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
    find(key).is_some()
}

/// Counted nouns: (key, Swedish one, Swedish many, English one, English many).
const NOUNS: &[(&str, &str, &str, &str, &str)] = &[
    ("call", "anrop", "anrop", "call", "calls"),
    ("change", "ändring", "ändringar", "change", "changes"),
    (
        "correction",
        "korrigering",
        "korrigeringar",
        "correction",
        "corrections",
    ),
    ("day", "dag", "dagar", "day", "days"),
    (
        "discrepancy",
        "avvikelse",
        "avvikelser",
        "discrepancy",
        "discrepancies",
    ),
    ("hour", "timme", "timmar", "hour", "hours"),
    (
        "incident",
        "incident",
        "incidenter",
        "incident",
        "incidents",
    ),
    ("outage", "avbrott", "avbrott", "outage", "outages"),
    ("problem", "problem", "problem", "problem", "problems"),
    ("row", "rad", "rader", "row", "rows"),
    (
        "service_level",
        "servicenivå",
        "servicenivåer",
        "service level",
        "service levels",
    ),
    ("ticket", "ärende", "ärenden", "ticket", "tickets"),
    (
        "working_day",
        "arbetsdag",
        "arbetsdagar",
        "working day",
        "working days",
    ),
];

/// The form of the noun `key` that goes with the count `n`: "1 avvikelse", "2 avvikelser",
/// "0 avvikelser" (Swedish and English both use the singular for one only).
pub fn noun(lang: Lang, n: u64, key: &str) -> &'static str {
    match NOUNS.iter().find(|(k, ..)| *k == key) {
        Some((_, sv1, svn, en1, enn)) => match (lang, n == 1) {
            (Lang::Sv, true) => sv1,
            (Lang::Sv, false) => svn,
            (Lang::En, true) => en1,
            (Lang::En, false) => enn,
        },
        None => {
            debug_assert!(false, "missing noun `{key}`");
            "??"
        }
    }
}

/// A call result code (`ok`, `partial`, …) in words; an unknown code as it is.
pub fn result_name(lang: Lang, code: &str) -> String {
    let key = format!("res.{code}");
    if has(&key) {
        t(lang, &key).to_string()
    } else {
        code.to_string()
    }
}

/// A reject reason (the stable code of rejected.csv, `crate::inputs::reasons`) in words.
pub fn reject_reason(lang: Lang, reason: &str) -> String {
    use crate::inputs::reasons as r;
    let key = match reason {
        r::MISSING => "rj.missing",
        r::TIMESTAMP => "rj.timestamp",
        r::NUMBER => "rj.number",
        r::PERSONS => "rj.persons",
        r::RESULT => "rj.result",
        r::TYPE => "rj.type",
        r::STATUS => "rj.status",
        r::ACTION => "rj.action",
        r::OUTAGE_KIND => "rj.outage_kind",
        r::RESPONDED_BEFORE_RECEIVED => "rj.responded_before_received",
        r::BEFORE_REGISTERED => "rj.before_registered",
        r::OUTAGE_END_BEFORE_START => "rj.outage_end_before_start",
        r::OUTAGE_END_WITHOUT_START => "rj.outage_end_without_start",
        r::END_BEFORE_START => "rj.end_before_start",
        r::MISSING_PRIORITY => "rj.missing_priority",
        r::DUPLICATE => "rj.duplicate",
        r::CONFLICTING_DUPLICATE => "rj.conflicting_duplicate",
        r::FIELD_COUNT => "rj.field_count",
        r::INVALID_UTF8 => "rj.invalid_utf8",
        r::EXCLUDED => "rj.excluded",
        other => return other.to_string(),
    };
    t(lang, key).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_filled() {
        let mut keys: Vec<&str> = TABLES
            .iter()
            .flat_map(|t| t.iter())
            .map(|(k, _, _)| *k)
            .collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate translation keys");
        for (k, sv, en) in TABLES.iter().flat_map(|t| t.iter()) {
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
        assert_eq!(t(Lang::Sv, "qu.provider"), "Uppgiftslämnare");
    }

    #[test]
    fn nouns_agree_with_their_count() {
        assert_eq!(noun(Lang::Sv, 1, "discrepancy"), "avvikelse");
        assert_eq!(noun(Lang::Sv, 2, "discrepancy"), "avvikelser");
        assert_eq!(noun(Lang::Sv, 0, "discrepancy"), "avvikelser");
        assert_eq!(noun(Lang::En, 1, "discrepancy"), "discrepancy");
        assert_eq!(noun(Lang::En, 0, "discrepancy"), "discrepancies");
        assert_eq!(noun(Lang::Sv, 1, "working_day"), "arbetsdag");
        assert_eq!(noun(Lang::Sv, 3, "working_day"), "arbetsdagar");
        assert_eq!(noun(Lang::En, 1, "working_day"), "working day");
        assert_eq!(noun(Lang::Sv, 12, "service_level"), "servicenivåer");
        assert_eq!(noun(Lang::Sv, 5, "outage"), "avbrott");
    }

    #[test]
    fn codes_are_words_in_swedish() {
        assert_eq!(result_name(Lang::Sv, "no_response"), "Uteblivet svar");
        assert_eq!(result_name(Lang::Sv, "something_new"), "something_new");
        assert_eq!(
            reject_reason(Lang::Sv, crate::inputs::reasons::DUPLICATE),
            "dubblett (identisk rad)"
        );
        assert_eq!(
            reject_reason(Lang::En, "duplicate"),
            "duplicate (identical row)"
        );
        assert_eq!(reject_reason(Lang::En, "a new reason"), "a new reason");
        for (code, ..) in NOUNS {
            assert_ne!(noun(Lang::Sv, 1, code), "??");
        }
    }
}
