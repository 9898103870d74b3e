//! slareport's entry point: parse arguments, run the command, print the error chain, and map
//! the outcome to the documented exit codes (0 ok, 1 error, 2 usage, 3 breach, 4 verify diff).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = slareport::cli::Cli::parse();
    match slareport::commands::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            // A closed stdout (e.g. `| head`) is not an error.
            if err
                .chain()
                .filter_map(|c| c.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}
