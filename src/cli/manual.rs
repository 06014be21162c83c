//! `qawl completions SHELL` and `qawl man`: a shell's completion script and the roff man page,
//! both generated from the command line's clap definition, so they never fall behind it.
//!
//! Both are rendered into memory first: the generators panic or fail half-way on a closed
//! pipe, and `qawl man | head` must end quietly like any other output.

use super::Cli;
use crate::error::{Error, Result};
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Writes the completion script for `shell` to stdout.
pub(super) fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "qawl", &mut script);
    write_out(&script)
}

/// Writes the man page (roff, section 1) to stdout; with `dir`, every page (`qawl.1` and one
/// a subcommand, which `qawl.1` refers to) into that folder.
pub(super) fn man(dir: Option<&Path>) -> Result<ExitCode> {
    let Some(dir) = dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(Cli::command()).render(&mut page)?;
        return write_out(&page);
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    clap_mangen::generate_to(Cli::command(), dir).map_err(|e| Error::io(dir, e))?;
    let pages = pages(&Cli::command());
    super::report::say(&format!("wrote {pages} man pages to {}", dir.display()));
    Ok(ExitCode::SUCCESS)
}

/// How many pages `generate_to` writes for `command`: its own and its subcommands', nested.
fn pages(command: &clap::Command) -> usize {
    1 + command
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(pages)
        .sum::<usize>()
}

fn write_out(bytes: &[u8]) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
