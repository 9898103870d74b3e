//! A progress bar on stderr for long runs (indicatif), shown only when stderr is a terminal
//! and `--quiet` was not given: stdout stays for data, and logs and CI output stay clean.
//! Small and independent of the sample generator so that other long commands can use it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A bar counting `unit`s up to a known total; a no-op when hidden.
#[derive(Debug, Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar of `total` `unit`s, visible only if `!quiet` and stderr is a terminal.
    pub fn new(total: u64, unit: &str, quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Self::hidden();
        }
        let bar = ProgressBar::new(total);
        let template = format!("{{bar:40}} {{human_pos}}/{{human_len}} {unit} ({{eta}} left)");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        Progress { bar: Some(bar) }
    }

    /// A bar that draws nothing.
    pub fn hidden() -> Self {
        Progress { bar: None }
    }

    pub fn is_visible(&self) -> bool {
        self.bar.is_some()
    }

    pub fn inc(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_is_hidden() {
        let p = Progress::new(10, "calls", true);
        assert!(!p.is_visible());
        p.inc(5);
        p.finish();
    }
}
