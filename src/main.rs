//! The `tvetplan` command: parses arguments, runs the library, prints errors one cause per
//! line and exits 0 (success), 1 (invalid input) or 2 (usage or other error).

mod cli;

use std::process::ExitCode;

// mimalloc: a national run allocates millions of small strings (the raw tables) and
// frees them across threads; the system allocator kept that memory and was slower.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        // The reader closed stdout (`tvetplan units | head -1`): it has what it wanted.
        Err(err) if cli::is_closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let text = cli::describe_error(&err);
            if !text.is_empty() {
                eprintln!("{text}");
            }
            ExitCode::from(cli::exit_code(&err))
        }
    }
}
