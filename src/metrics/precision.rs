//! Delivery precision (M5): every call of the month, any time of day; answered =
//! `ok` + `partial`; deviations by result, failed provider and day.

use std::collections::BTreeMap;

use super::model::{Precision, PrecisionDay};
use super::{Ctx, Ratio};
use crate::inputs::{CallResult, Calls};

pub fn compute(calls: &Calls, ctx: &Ctx) -> Precision {
    let range = calls.range(ctx.start, ctx.end);
    let mut by_result = [0u64; 5];
    // Failed-provider counts per interned set first (few distinct sets), then per provider.
    let mut per_set: BTreeMap<u32, u64> = BTreeMap::new();
    let mut days: Vec<PrecisionDay> = (0..ctx.days.len())
        .map(|i| PrecisionDay {
            date: ctx.days.date(i),
            incoming: 0,
            answered: 0,
            ok: 0,
            precision: Ratio::default(),
            complete: Ratio::default(),
        })
        .collect();
    for i in range.clone() {
        let r = calls.result[i];
        by_result[r as usize] += 1;
        if calls.failed[i] != 0 {
            *per_set.entry(calls.failed[i]).or_default() += 1;
        }
        let d = &mut days[ctx.days.index(calls.received[i])];
        d.incoming += 1;
        d.answered += u64::from(r.is_answered());
        d.ok += u64::from(r == CallResult::Ok);
    }
    let mut per_provider: BTreeMap<&str, u64> = BTreeMap::new();
    for (set, n) in per_set {
        for p in &calls.failed_sets[set as usize] {
            *per_provider.entry(p.as_str()).or_default() += n;
        }
    }
    let mut by_provider: Vec<(String, u64)> = per_provider
        .into_iter()
        .map(|(p, n)| (p.to_string(), n))
        .collect();
    by_provider.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for d in &mut days {
        d.precision = Ratio::new(d.answered as i64, d.incoming as i64);
        d.complete = Ratio::new(d.ok as i64, d.incoming as i64);
    }
    let incoming = range.len() as u64;
    let share = |n: u64| Ratio::new(n as i64, incoming as i64);
    let answered = by_result[CallResult::Ok as usize] + by_result[CallResult::Partial as usize];
    Precision {
        incoming,
        answered,
        precision: Ratio::new(answered as i64, incoming as i64),
        complete: Ratio::new(by_result[CallResult::Ok as usize] as i64, incoming as i64),
        by_result: CallResult::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), by_result[*r as usize]))
            .collect(),
        by_result_share: CallResult::ALL
            .iter()
            .map(|r| share(by_result[*r as usize]))
            .collect(),
        by_provider_share: by_provider.iter().map(|(_, n)| share(*n)).collect(),
        by_provider,
        per_day: days,
    }
}
