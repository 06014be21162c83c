//! Showing a result longer than the screen through a pager, as git and psql do.
//!
//! The pager is `$PAGER` (run by the shell, so it may carry options; set but empty means
//! none), else `less -FRX` when `less` is on the `PATH`: `-F` leaves at once when the text fits
//! one screen, `-R` passes colours through, `-X` leaves the text on the screen afterwards.
//! Only output for a terminal is paged; the callers decide that, and `--no-pager` or
//! `.pager off` turn it off. A pager quit before the end (`q` in less) is no error.

use crate::error::Result;
use crate::output::width;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// A pager command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    command: String,
}

/// What `less` gets in `$LESS` when the user set nothing (git does the same).
const LESS_OPTIONS: &str = "FRX";

impl Pager {
    /// The pager the environment asks for: `$PAGER`, else `less -FRX` if there is a `less`.
    pub fn from_env() -> Option<Pager> {
        let path = std::env::var_os("PATH");
        Self::choose(
            std::env::var("PAGER").ok().as_deref(),
            path.as_deref().map(Path::new),
        )
    }

    /// The pager for a `$PAGER` value and a `$PATH`.
    fn choose(pager: Option<&str>, path: Option<&Path>) -> Option<Pager> {
        match pager {
            Some(command) if command.trim().is_empty() => None,
            Some(command) => Some(Pager {
                command: command.trim().to_string(),
            }),
            None => on_path("less", path?).then(|| Pager {
                command: "less -FRX".into(),
            }),
        }
    }

    /// The command as the shell runs it.
    pub fn command(&self) -> &str {
        &self.command
    }

    /// Shows `text` in the pager and waits for it to end. When the pager cannot start (not
    /// installed, a typo in `$PAGER`), the text goes to stdout after all.
    pub fn show(&self, text: &[u8]) -> Result<()> {
        // Ctrl-C belongs to the pager now (less uses it to stop a search); qawl must not die
        // under it and leave the pager without its input. The REPL has its own handler already.
        let _ = ctrlc::set_handler(|| {});
        let mut child = match self.spawn() {
            Ok(child) => child,
            Err(_) => return print(text),
        };
        if let Some(mut stdin) = child.stdin.take() {
            match stdin.write_all(text) {
                Ok(()) => {}
                // the pager was quit before the end
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => return Err(e.into()),
            }
        }
        let status = child.wait()?;
        // 127: the shell found no such command
        if status.code() == Some(127) {
            return print(text);
        }
        Ok(())
    }

    fn spawn(&self) -> std::io::Result<std::process::Child> {
        let mut command = if cfg!(windows) {
            let mut words = self.command.split_whitespace();
            let mut command = Command::new(words.next().unwrap_or("more"));
            command.args(words);
            command
        } else {
            let mut command = Command::new("sh");
            command.arg("-c").arg(&self.command);
            command
        };
        if std::env::var_os("LESS").is_none() {
            command.env("LESS", LESS_OPTIONS);
        }
        command.stdin(Stdio::piped()).spawn()
    }
}

/// Writes `text` to the terminal: through `pager` when it is longer than the screen of `rows`
/// lines and `columns` columns (as far as they are known), else straight to stdout.
pub fn page_or_print(
    text: &[u8],
    pager: Option<&Pager>,
    rows: Option<u16>,
    columns: Option<u16>,
) -> Result<()> {
    match (pager, rows) {
        // one line stays free for the prompt that follows
        (Some(pager), Some(rows)) if screen_lines(text, columns) >= usize::from(rows) => {
            pager.show(text)
        }
        _ => print(text),
    }
}

/// How many screen lines `text` takes, long lines wrapping at `columns`.
fn screen_lines(text: &[u8], columns: Option<u16>) -> usize {
    let text = String::from_utf8_lossy(text);
    let columns = columns.map_or(usize::MAX, |c| usize::from(c).max(1));
    text.lines()
        .map(|line| width::width(line).div_ceil(columns).max(1))
        .sum()
}

fn print(text: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text)?;
    out.flush()?;
    Ok(())
}

/// True when a program called `name` is in one of the folders of `path`.
fn on_path(name: &str, path: &Path) -> bool {
    let exe = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(path.as_os_str()).any(|dir| dir.join(&exe).is_file())
}

/// The size of the terminal on stdout: rows and columns, when it is one.
pub fn terminal_size() -> Option<(u16, u16)> {
    console::Term::stdout().size_checked()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_is_the_users_else_less_when_there_is_one() {
        let dir = tempfile::tempdir().unwrap();
        let with_less = dir.path().join("bin");
        std::fs::create_dir(&with_less).unwrap();
        std::fs::write(
            with_less.join(format!("less{}", std::env::consts::EXE_SUFFIX)),
            "",
        )
        .unwrap();
        let empty = dir.path();
        let chosen = |pager, path: &Path| Pager::choose(pager, Some(path)).map(|p| p.command);
        assert_eq!(chosen(None, &with_less).as_deref(), Some("less -FRX"));
        assert_eq!(chosen(None, empty), None);
        assert_eq!(chosen(Some("most -s"), empty).as_deref(), Some("most -s"));
        assert_eq!(
            chosen(Some(""), &with_less),
            None,
            "an empty $PAGER is none"
        );
    }

    #[test]
    fn lines_count_as_the_screen_shows_them() {
        assert_eq!(screen_lines(b"a\nb\nc\n", Some(80)), 3);
        assert_eq!(screen_lines("لا".repeat(50).as_bytes(), Some(80)), 2);
        assert_eq!(screen_lines(b"x\n\ny", None), 3);
    }
}
