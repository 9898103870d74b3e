//! Test-only fault injection, for every stage that writes or reads through a child: a run can
//! be stopped between any two steps as the OOM killer would stop it (the atomic outputs and the
//! Parquet child's isolation are tested that way). Uses nothing of the crate, so any module may
//! call it.

/// Test-only fault injection: when `SLAREPORT_FAULT_KILL_AT` names this point, the process
/// kills itself with SIGKILL (no destructor, no cleanup: as the OOM killer would), so tests can
/// stop a run between any two steps. Unset in normal use.
pub fn fault_point(point: &str) {
    if std::env::var_os("SLAREPORT_FAULT_KILL_AT").is_some_and(|v| v == point) {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", &std::process::id().to_string()])
            .status();
        // `kill` missing: the closest in-process equivalent (no unwinding, no cleanup).
        std::process::abort();
    }
}
