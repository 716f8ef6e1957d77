//! The `tvetplan` command: parses arguments, runs the library, prints errors one cause per
//! line and exits 0 (success), 1 (invalid input) or 2 (usage or other error).

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{}", cli::describe_error(&err));
            ExitCode::from(cli::exit_code(&err))
        }
    }
}
