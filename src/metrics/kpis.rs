//! The stable `kpis` object of metrics.json (M10.3). Keys are never renamed; new keys may be
//! added. Durations are integer seconds (ms where named), shares exact floats in 0..1 or
//! `null` when the denominator is zero (M10.4), counts integers.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// Declares [`Kpis`] with its serialisation: a key listed in `absent` is written `null`
/// (not measured: its input, column or ticket type is absent, see `metrics::basis`); every
/// key is always written, in declaration order.
macro_rules! kpis {
    ($($name:ident: $ty:ty,)*) => {
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct Kpis {
            $(pub $name: $ty,)*
            /// The keys that are not measured (written `null`), sorted.
            pub absent: Vec<&'static str>,
        }

        impl Kpis {
            /// Every key, in the order metrics.json writes them.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($name)),*];
        }

        impl Serialize for Kpis {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut st = s.serialize_struct("Kpis", Self::KEYS.len())?;
                $(
                    if self.absent.contains(&stringify!($name)) {
                        st.serialize_field(stringify!($name), &Option::<()>::None)?;
                    } else {
                        st.serialize_field(stringify!($name), &self.$name)?;
                    }
                )*
                st.end()
            }
        }
    };
}

kpis! {
    open_seconds: i64,
    unavailable_seconds: i64,
    availability: Option<f64>,
    unplanned_outages: u64,
    degraded_seconds: i64,
    ytd_unavailable_seconds: i64,
    ytd_unplanned_outages: u64,
    calls_incoming: u64,
    calls_answered: u64,
    delivery_precision: Option<f64>,
    perf_calls: u64,
    perf_within_t90_share: Option<f64>,
    perf_over_tmax: u64,
    perf_invalid_persons: u64,
    response_p50_ms: Option<i64>,
    response_p90_ms: Option<i64>,
    response_p95_ms: Option<i64>,
    response_p99_ms: Option<i64>,
    response_max_ms: Option<i64>,
    peak_calls_per_second: u64,
    peak_calls_per_minute: u64,
    municipalities: u64,
    incidents_resolved: u64,
    incidents_response_breaches: u64,
    incidents_resolution_breaches: u64,
    incidents_open_at_month_end: u64,
    problems_resolved: u64,
    problems_response_breaches: u64,
    problems_resolution_breaches: u64,
    orders_closed: u64,
    orders_lead_time_median_seconds: Option<i64>,
    changes_total: u64,
    changes_short_notice: u64,
    changes_overruns: u64,
    rows_read: u64,
    rows_rejected: u64,
}

impl Kpis {
    /// Whether `key` is measured (not written `null` for want of data).
    pub fn measured(&self, key: &str) -> bool {
        !self.absent.contains(&key)
    }
}

/// An exact ratio kept as numerator/denominator beside its float (M10.1–M10.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Ratio {
    pub numerator: i64,
    pub denominator: i64,
}

impl Ratio {
    pub fn new(numerator: i64, denominator: i64) -> Self {
        Self {
            numerator,
            denominator,
        }
    }
    /// `None` when the denominator is zero.
    pub fn value(self) -> Option<f64> {
        (self.denominator != 0).then(|| self.numerator as f64 / self.denominator as f64)
    }
}
