//! The `qawl` binary: parse the command line, run it, turn errors into exit codes.

use std::process::ExitCode;

fn main() -> ExitCode {
    match qawl::cli::main() {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("qawl: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
