//! Progress on stderr for long runs: a spinner naming the stage under way, and while the call
//! log is read a bar of its bytes with rate and ETA. Silent when stderr
//! is not a terminal, with `--quiet`, or with `NO_COLOR`-style dumb terminals; never on stdout,
//! never in any output file.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A stage spinner; hidden unless stderr is an interactive terminal and not quiet.
pub struct Progress {
    bar: ProgressBar,
    /// With `--timings`: (stage, start) of each stage, printed to stderr at the end.
    timings: Option<std::sync::Mutex<Vec<(String, std::time::Instant)>>>,
}

impl Progress {
    /// A spinner that also prints how long each stage took (stderr, for benchmarks).
    pub fn with_timings(quiet: bool, timings: bool) -> Self {
        let mut p = Self::new(quiet);
        if timings {
            p.timings = Some(Default::default());
        }
        p
    }

    pub fn new(quiet: bool) -> Self {
        let bar = if visible(quiet) {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(spinner_style());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        Self { bar, timings: None }
    }

    /// A handle for the reading threads: a bar of the call log's bytes with rate and ETA,
    /// shown from [`ReadProgress::start`] until the next stage.
    pub fn reading(&self) -> ReadBar<'_> {
        ReadBar(self)
    }

    /// Name the stage now under way.
    pub fn stage(&self, msg: &str) {
        if self.bar.length().is_some() {
            // Back from a byte bar to the spinner.
            self.bar.set_style(spinner_style());
            self.bar.unset_length();
        }
        self.bar.set_message(msg.to_string());
        if let Some(t) = &self.timings {
            // Stage timings go to stderr only (--timings), never into an output.
            #[allow(clippy::disallowed_methods)]
            let now = std::time::Instant::now();
            if let Ok(mut t) = t.lock() {
                t.push((msg.to_string(), now));
            }
        }
    }

    /// Clear the spinner; with timings, print each stage's wall time to stderr.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
        if let Some(Ok(mut t)) = self.timings.as_ref().map(|t| t.lock()) {
            #[allow(clippy::disallowed_methods)] // stderr timings only, as in `stage`
            let end = std::time::Instant::now();
            for i in 0..t.len() {
                let next = t.get(i + 1).map_or(end, |x| x.1);
                eprintln!(
                    "timing: {:<20} {:>9.3} s",
                    t[i].0,
                    (next - t[i].1).as_secs_f64()
                );
            }
            t.clear();
        }
    }
}

/// Whether progress may be drawn: not quiet, stderr an interactive terminal, not a dumb one.
fn visible(quiet: bool) -> bool {
    !quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// A bar counting `unit`s up to a known total, with ETA (the sample generator); draws
/// nothing unless [`visible`].
#[derive(Debug, Clone)]
pub struct CountBar(ProgressBar);

impl CountBar {
    pub fn new(total: u64, unit: &str, quiet: bool) -> Self {
        if !visible(quiet) {
            return CountBar(ProgressBar::hidden());
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let template = format!("{{bar:40}} {{human_pos}}/{{human_len}} {unit} ({{eta}} left)");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        CountBar(bar)
    }

    pub fn is_visible(&self) -> bool {
        !self.0.is_hidden()
    }

    pub fn inc(&self, n: u64) {
        self.0.inc(n);
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}").expect("valid template")
}

/// The byte bar of the reading stage (see [`Progress::reading`]); `Sync`, so the reader's
/// threads can advance it.
pub struct ReadBar<'p>(&'p Progress);

impl crate::inputs::ReadProgress for ReadBar<'_> {
    fn step(&self, what: &str) {
        // Only the timings show the steps of reading: the bar keeps its stage name.
        if self.0.timings.is_some() {
            self.0.stage(&format!("reading inputs: {what}"));
        }
    }

    fn start(&self, total_bytes: u64) {
        let bar = &self.0.bar;
        if bar.is_hidden() || total_bytes == 0 {
            return;
        }
        bar.set_style(
            ProgressStyle::with_template(
                // Fits 80 columns: a wider line wraps and each redraw climbs the screen.
                "{spinner} {elapsed:>3} {msg} [{bar:16}] {bytes}/{total_bytes} \
                 {binary_bytes_per_sec} ETA {eta}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar.set_length(total_bytes);
        bar.set_position(0);
    }

    fn advance(&self, bytes: u64) {
        self.0.bar.inc(bytes);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::ReadProgress;

    #[test]
    fn quiet_is_hidden() {
        let p = CountBar::new(10, "calls", true);
        assert!(!p.is_visible());
        p.inc(5);
        p.finish();
        let p = Progress::new(true);
        let r = p.reading();
        r.start(100);
        r.advance(50);
        p.stage("next");
        p.finish();
    }
}
