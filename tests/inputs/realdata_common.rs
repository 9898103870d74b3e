//! Shared helpers of the real-data tests (`realdata_jmeter`, `realdata_tickets`), one module of
//! the inputs test binary.

use slareport::calendar::Calendars;
use slareport::config::SlaConfig;
use slareport::inputs::InputFiles;
use slareport::inputs::{read_all, Inputs};

/// `../shared/realdata/<rel>` next to the crate, or `None` (and a printed reason; a failure
/// under `CI=true`, [`crate::skip`]) when absent.
pub fn realdata(rel: &str) -> Option<String> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realdata")
        .join(rel);
    if p.exists() {
        Some(p.to_string_lossy().into_owned())
    } else {
        crate::skip::because(&format!(
            "{} is absent (../shared/realdata is not checked out beside the crate)",
            p.display()
        ));
        None
    }
}

pub fn read(args: InputFiles) -> anyhow::Result<Inputs> {
    let cfg = SlaConfig::ssbtek();
    let cals = Calendars::from_config(&cfg.calendar);
    read_all(&args, &cfg, &cals)
}

pub fn ms(s: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap()
        .timestamp_millis()
}

/// (read, used, rejected) summed over the files of an input.
pub fn counts(i: &Inputs, input: &str) -> (u64, u64, u64) {
    i.files
        .iter()
        .filter(|f| f.input == input)
        .fold((0, 0, 0), |a, f| {
            (a.0 + f.rows_read, a.1 + f.rows_used, a.2 + f.rows_rejected)
        })
}
