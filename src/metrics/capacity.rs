//! Capacity (M6, M6.2): calls, distinct municipalities, peak calls per aligned local
//! second and minute, calls per local hour and per day of month. Calls without a municipality
//! (`NO_ID`, outside the interned list) are counted but name no municipality.

use std::collections::BTreeSet;

use super::model::Capacity;
use super::stats::LocalClock;
use super::Ctx;
use crate::inputs::Calls;

pub fn compute(calls: &Calls, ctx: &Ctx) -> Capacity {
    let range = calls.range(ctx.start, ctx.end);
    let mut clock = LocalClock::new(ctx.cals.tz);
    let mut seen = vec![false; calls.municipalities.len()];
    let mut per_hour = vec![0u64; 24];
    let mut heat = vec![vec![0u64; 24]; ctx.days.len()];
    // Aligned windows in *local* time: calls are sorted, so the calls of one window are
    // adjacent. A window is a stretch of time, so its key holds the offset too: the two 02:30
    // hours of an autumn fold are different windows even when no call lies between them.
    let (mut sec_key, mut sec_n, mut sec_first) = ((i64::MIN, 0), 0u64, 0i64);
    let (mut min_key, mut min_n, mut min_first) = ((i64::MIN, 0), 0u64, 0i64);
    let (mut peak_s, mut peak_s_at) = (0u64, None);
    let (mut peak_m, mut peak_m_at) = (0u64, None);
    for i in range.clone() {
        let t = calls.received[i];
        let local = clock.local_ms(t);
        let offset = local - t;
        let (sk, mk) = (
            (local.div_euclid(1000), offset),
            (local.div_euclid(60_000), offset),
        );
        if sk != sec_key {
            (sec_key, sec_n, sec_first) = (sk, 0, t - local.rem_euclid(1000));
        }
        sec_n += 1;
        if sec_n > peak_s {
            (peak_s, peak_s_at) = (sec_n, Some(sec_first));
        }
        if mk != min_key {
            (min_key, min_n, min_first) = (mk, 0, t - local.rem_euclid(60_000));
        }
        min_n += 1;
        if min_n > peak_m {
            (peak_m, peak_m_at) = (min_n, Some(min_first));
        }
        if let Some(s) = seen.get_mut(calls.municipality[i] as usize) {
            *s = true;
        }
        let h = local.div_euclid(3_600_000).rem_euclid(24) as usize;
        per_hour[h] += 1;
        heat[ctx.days.index(t)][h] += 1;
    }
    Capacity {
        calls: range.len() as u64,
        // Count names, not interned indices, in case a reader interns per file.
        municipalities: seen
            .iter()
            .zip(&calls.municipalities)
            .filter(|(s, _)| **s)
            .map(|(_, name)| name.as_str())
            .collect::<BTreeSet<_>>()
            .len() as u64,
        municipalities_agreed: u64::from(ctx.cfg.capacity.municipalities),
        peak_per_second: peak_s,
        peak_second_at: peak_s_at,
        peak_per_minute: peak_m,
        peak_minute_at: peak_m_at,
        per_hour,
        per_day: heat.iter().map(|h| h.iter().sum()).collect(),
        heat,
    }
}
