//! The one way the tests run the binary: every test binary includes this module
//! (`#[path = "../support/binary.rs"] mod binary;`) and starts `slareport` through
//! [`slareport`], so a change to how the binary is found or started is made once.
//! `tests/cli/citations.rs` checks that no other file names the binary's path.

use std::process::{Command, Output};

/// The path of the `slareport` binary cargo built for this test run.
pub fn path() -> &'static str {
    env!("CARGO_BIN_EXE_slareport")
}

/// A command for the `slareport` binary (add arguments, a working directory, env, then run).
pub fn slareport() -> Command {
    Command::new(path())
}

/// A finished run as text for an assertion's message: exit code, stdout and stderr.
#[allow(dead_code)] // not every test binary asserts on a whole run
pub fn shown(o: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
