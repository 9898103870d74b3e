//! Weekly hours: per weekday a list of `"HH:MM-HH:MM"` local-time intervals, half-open
//! `[start, end)` (M1.7). Times are seconds of the local day; `24:00` ends a day.
//! Intervals run within one day (an end before its start is an error, not an overnight shift).

/// Parse one day's `"HH:MM-HH:MM"` list into sorted, disjoint (start, end) seconds of day.
/// Touching intervals (`08:00-12:00`, `12:00-17:00`) are allowed; overlapping ones are not.
pub fn parse_day_intervals(list: &[String]) -> Result<Vec<(u32, u32)>, String> {
    let mut out = Vec::with_capacity(list.len());
    for item in list {
        let (a, b) = item
            .split_once('-')
            .ok_or_else(|| format!("`{item}`: expected \"HH:MM-HH:MM\""))?;
        let a = parse_hhmm(a.trim()).ok_or_else(|| format!("`{item}`: bad start time"))?;
        let b = parse_hhmm(b.trim()).ok_or_else(|| format!("`{item}`: bad end time"))?;
        if a >= b {
            return Err(format!("`{item}`: end must be after start"));
        }
        out.push((a, b));
    }
    out.sort_unstable();
    for w in out.windows(2) {
        if w[1].0 < w[0].1 {
            return Err("intervals overlap".into());
        }
    }
    Ok(out)
}

/// `HH:MM` or `HH:MM:SS`, 24:00 allowed as an end of day; seconds of day.
fn parse_hhmm(s: &str) -> Option<u32> {
    let mut parts = s.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let sec: u32 = match parts.next() {
        Some(x) => x.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() || m > 59 || sec > 59 || h > 24 || (h == 24 && (m, sec) != (0, 0)) {
        return None;
    }
    Some(h * 3600 + m * 60 + sec)
}

/// Seconds of day as `HH:MM` (or `HH:MM:SS` when the seconds are not zero).
pub fn format_hhmm(secs: u32) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// Short English weekday names, index 0 = Monday (the config's keys).
pub const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_and_sorts() {
        assert_eq!(
            parse_day_intervals(&list(&["13:00-17:00", "08:00-12:00"])).unwrap(),
            vec![(8 * 3600, 12 * 3600), (13 * 3600, 17 * 3600)]
        );
        assert_eq!(
            parse_day_intervals(&list(&["00:00-24:00"])).unwrap(),
            vec![(0, 86_400)]
        );
        assert_eq!(
            parse_day_intervals(&list(&["08:00:30-16:59:59"])).unwrap(),
            vec![(8 * 3600 + 30, 17 * 3600 - 1)]
        );
        // Touching is fine, overlapping is not.
        assert!(parse_day_intervals(&list(&["08:00-12:00", "12:00-17:00"])).is_ok());
        assert!(parse_day_intervals(&list(&["08:00-12:01", "12:00-17:00"])).is_err());
    }

    #[test]
    fn rejects_bad_shapes() {
        for bad in [
            "08:00",
            "8-17",
            "17:00-08:00",
            "09:00-09:00",
            "24:01-24:00",
            "08:60-09:00",
            "08:00-25:00",
        ] {
            assert!(parse_day_intervals(&list(&[bad])).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats_back() {
        assert_eq!(format_hhmm(8 * 3600), "08:00");
        assert_eq!(format_hhmm(86_400), "24:00");
        assert_eq!(format_hhmm(16 * 3600 + 30 * 60 + 5), "16:30:05");
    }
}
