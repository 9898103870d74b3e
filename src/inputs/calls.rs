//! The call log (M2.1): the big input. Each row is validated here ([`validate`]) and
//! added to the columnar [`Calls`] through [`CallsBuilder`] ([`builder`]: interning, one id
//! arena), which applies the duplicate rule at the end ([`finish`]) and puts the kept calls in
//! (`received_at`, `call_id`) order ([`order`]).
//!
//! A big log goes to disk (M2.9, M12.7): the rule's rows to hash partitions
//! ([`dedupspill`]), the calls of months other than the held one to a file per month
//! ([`monthspill`]); [`place`] numbers a row by file and line.
//!
//! Layers: `builder` → `finish` → `dedupspill`, `monthspill`, `order`, `place`.

use super::catalog::{self, Spec};
use super::clocks::{Clocks, TsField};
use super::fields::trim;
use super::model::CallResult;
use super::reasons::{self, Bad};
use crate::calendar::Ms;

pub const SPEC: Spec = catalog::CALLS;
pub const CANON: &[&str] = SPEC.canon;
pub const TIMESTAMPS: &[&str] = SPEC.timestamps;

// Canonical positions (must match CANON).
pub const CALL_ID: usize = 0;
pub const RECEIVED: usize = 1;
pub const RESPONDED: usize = 2;
pub const RESULT: usize = 3;
pub const PERSONS: usize = 4;
pub const MUNICIPALITY: usize = 5;
pub const FAILED: usize = 6;

/// One validated call, borrowed from the current record.
#[derive(Debug, Clone, Copy)]
pub struct CallRow<'a> {
    pub id: &'a str,
    pub received: Ms,
    pub responded: Option<Ms>,
    pub result: CallResult,
    pub persons: u16,
    pub municipality: &'a str,
    pub failed: &'a str,
}

/// Parse `persons`: an integer ≥ 1 (values above u16::MAX are kept as u16::MAX: far above
/// the 10-person limit either way).
pub fn parse_persons(s: &str) -> Result<u16, Bad> {
    let t = trim(s);
    if t.is_empty() {
        return Err(Bad::new("persons", "", reasons::MISSING));
    }
    let digits = t.strip_prefix('+').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Bad::new("persons", t, reasons::PERSONS));
    }
    // All digits: a parse error can only be an overflow, which is far above any limit.
    let v = digits.parse::<u64>().unwrap_or(u64::MAX);
    if v < 1 {
        return Err(Bad::new("persons", t, reasons::PERSONS));
    }
    Ok(v.min(u64::from(u16::MAX)) as u16)
}

/// Parse an elapsed-milliseconds field (integer or decimal; fractions truncated).
pub fn parse_elapsed_ms(s: &str) -> Option<i64> {
    let t = s.trim();
    if let Ok(v) = t.parse::<i64>() {
        return Some(v);
    }
    let v: f64 = t.parse().ok()?;
    v.is_finite().then_some(v.trunc() as i64)
}

/// Validate a call from its texts (already value-mapped where that applies); a timestamp may
/// come typed as well ([`TsField`]), with the same outcome.
#[allow(clippy::too_many_arguments)]
pub fn validate<'a>(
    clocks: &mut Clocks,
    id: &'a str,
    received: TsField,
    responded: TsField,
    elapsed: Option<&str>,
    result: Result<Option<CallResult>, &str>,
    persons: &str,
    municipality: &'a str,
    failed: &'a str,
) -> Result<CallRow<'a>, Bad> {
    let id = trim(id);
    if id.is_empty() {
        return Err(Bad::new("call_id", "", reasons::MISSING));
    }
    let received = clocks
        .parse_field(RECEIVED, "received_at", received)?
        .ok_or_else(|| Bad::new("received_at", "", reasons::MISSING))?;
    let responded_text = responded.text;
    let responded = match elapsed {
        Some(e) if e.trim().is_empty() => None,
        Some(e) => Some(
            received
                + parse_elapsed_ms(e)
                    .ok_or_else(|| Bad::new("responded_at", e, reasons::NUMBER))?,
        ),
        None => clocks.parse_field(RESPONDED, "responded_at", responded)?,
    };
    let result = result
        .map_err(|v| Bad::new("result", v, reasons::RESULT))?
        .ok_or_else(|| Bad::new("result", "", reasons::MISSING))?;
    let persons = parse_persons(persons)?;
    if let Some(t) = responded {
        if t < received {
            let shown = elapsed.unwrap_or(responded_text);
            return Err(Bad::new(
                "responded_at",
                shown,
                reasons::RESPONDED_BEFORE_RECEIVED,
            ));
        }
    }
    Ok(CallRow {
        id,
        received,
        responded,
        result,
        persons,
        municipality: trim(municipality),
        failed,
    })
}

mod builder;
mod dedupspill;
mod finish;
mod monthspill;
mod order;
mod place;

pub use builder::CallsBuilder;
pub use dedupspill::{DedupOutcome, NonKeep, NOT_ACCEPTED};
pub use finish::SpillAt;
pub use monthspill::{MonthSpill, SpilledMonths};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persons() {
        assert_eq!(parse_persons(" 3 ").unwrap(), 3);
        assert_eq!(parse_persons("+2").unwrap(), 2);
        assert_eq!(parse_persons("010").unwrap(), 10);
        assert_eq!(parse_persons("11").unwrap(), 11);
        assert_eq!(parse_persons("99999999999999999999999").unwrap(), u16::MAX);
        assert_eq!(parse_persons("").unwrap_err().reason, reasons::MISSING);
        for bad in ["0", "-1", "1.0", "two", "+", "1e2"] {
            let e = parse_persons(bad).unwrap_err();
            assert_eq!((e.reason, e.value.as_str()), (reasons::PERSONS, bad));
        }
    }

    #[test]
    fn elapsed() {
        assert_eq!(parse_elapsed_ms("858"), Some(858));
        assert_eq!(parse_elapsed_ms("245.591442"), Some(245));
        assert_eq!(parse_elapsed_ms("x"), None);
        assert_eq!(parse_elapsed_ms("NaN"), None);
    }
}
