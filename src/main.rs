//! slareport's entry point: parse arguments, run the command, print the error chain, and map
//! the outcome to the documented exit codes (0 ok, 1 error, 2 usage, 3 breach, 4 verify diff).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    use slareport::inputs::isolate;
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    // The binary as its own Parquet reader (a child process: polars aborts stay in it).
    if args.get(1).is_some_and(|a| a == isolate::CHILD_ARG) && args.len() >= 3 {
        return match isolate::serve(&args[2], &args[3..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err:#}");
                ExitCode::from(1)
            }
        };
    }
    let mut cli = slareport::cli::Cli::parse();
    // Parquet is read by this binary as a child process: part of every request `cli` makes.
    if let Ok(exe) = std::env::current_exe() {
        cli.parquet = isolate::ParquetReader::Child(exe);
    }
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
