//! Turning the paths a user names into inputs: files as given, folders walked recursively
//! (by extension, in sorted order), `-` for stdin; then reading each input.
//!
//! Only regular files are ever opened: a named pipe would block the read forever and a device
//! such as `/dev/zero` never ends, so both are refused before they are opened, and what one
//! input read whole may hold is capped at [`MAX_FILE_BYTES`] (JSON Lines are streamed).

use super::{Format, Legacy, Problem, Read, decode};
use std::collections::HashSet;
use std::fs;
use std::io::Read as _;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// The most one input read whole may hold (256 MiB): a larger file is refused, not read.
/// JSON Lines and CSV are streamed, a part at a time, whatever their size; one line of them
/// (one CSV row) may hold this much.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// One file to read (or stdin, as the path `-`) and the format to read it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file, as named or found in a folder; `-` for stdin.
    pub path: PathBuf,
    pub format: Format,
}

impl Input {
    /// True when the input is stdin.
    pub fn is_stdin(&self) -> bool {
        self.path == Path::new("-")
    }
}

/// What [`discover`] found: the inputs in the order to read them, the files in folders that
/// qawl does not read, and the paths that could not be used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    pub inputs: Vec<Input>,
    /// Files inside folders skipped for their extension, and entries there that are not
    /// regular files (named pipes, sockets, devices); not failures.
    pub skipped: Vec<PathBuf>,
    /// Paths that do not exist or could not be listed.
    pub problems: Vec<Problem>,
}

/// Finds the inputs behind `paths`: a file is read as named (format by extension, plain text
/// when the extension says nothing), a folder yields its `.txt`, `.jsonl`, `.ndjson`, `.json`
/// and `.csv` files at any depth, sorted (hidden files and folders left out), and `-` is stdin
/// (plain text unless `forced`). `forced` sets the format of every input. A file named twice is
/// read once.
pub fn discover(paths: &[PathBuf], forced: Option<Format>) -> Discovery {
    let mut found = Discovery::default();
    for path in paths {
        if path == Path::new("-") {
            let format = forced.unwrap_or(Format::Text);
            found.inputs.push(Input {
                path: path.clone(),
                format,
            });
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut HashSet::new(), &mut found),
            Ok(meta) if meta.is_file() => found.inputs.push(Input {
                path: path.clone(),
                format: format_of(path).unwrap_or(Format::Text),
            }),
            Ok(meta) => found.problems.push(not_regular(path, meta.file_type())),
            Err(e) => found.problems.push(missing(path, &e)),
        }
    }
    let mut seen = HashSet::new();
    found
        .inputs
        .retain(|input| input.is_stdin() || seen.insert(input.path.clone()));
    if let Some(format) = forced {
        found
            .inputs
            .iter_mut()
            .for_each(|input| input.format = format);
    }
    found
}

/// Adds the readable files under `dir` to `found`, depth first in sorted order; `visited` stops
/// symbolic-link loops.
fn walk(dir: &Path, visited: &mut HashSet<PathBuf>, found: &mut Discovery) {
    let real = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !visited.insert(real) {
        return;
    }
    let entries = match sorted_entries(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let message = format!("could not list the folder: {e}; skipped");
            found
                .problems
                .push(Problem::fatal(&shown(dir), None, message));
            return;
        }
    };
    for path in entries.into_iter().filter(|p| !is_hidden(p)) {
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, visited, found),
            // a named pipe, socket or device: never opened
            Ok(meta) if !meta.is_file() => found.skipped.push(path),
            Ok(_) => match format_of(&path) {
                Some(format) => found.inputs.push(Input { path, format }),
                None => found.skipped.push(path),
            },
            Err(e) => found.problems.push(missing(&path, &e)),
        }
    }
}

/// The entries of a folder, sorted by name.
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    entries.sort();
    Ok(entries)
}

/// The format a file's extension stands for.
fn format_of(path: &Path) -> Option<Format> {
    path.extension()
        .and_then(|ext| ext.to_str())
        .and_then(Format::from_extension)
}

/// True for names starting with a dot (".git", ".DS_Store").
fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with('.'))
}

/// The problem for a path that cannot be opened.
fn missing(path: &Path, e: &std::io::Error) -> Problem {
    let message = match e.kind() {
        std::io::ErrorKind::NotFound => match fs::read_link(path) {
            Ok(target) => format!(
                "a dangling symbolic link: it points to {}, which does not exist; skipped",
                target.display()
            ),
            Err(_) => "no such file or folder; check the path".to_string(),
        },
        _ => format!("could not open: {e}"),
    };
    Problem::fatal(&shown(path), None, message)
}

/// The problem for a named path that is neither a regular file nor a folder.
fn not_regular(path: &Path, kind: fs::FileType) -> Problem {
    let message = format!(
        "not a regular file ({}): qawl reads files and folders (or - for stdin); skipped",
        file_kind(kind)
    );
    Problem::fatal(&shown(path), None, message)
}

/// What kind of file something that is not a regular file is, for messages.
fn file_kind(kind: fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

/// How a path is written in articles and problems.
fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Reads one input: never panics and never fails as a whole; a file that cannot be read or
/// decoded gives one fatal problem.
pub fn read_input(input: &Input) -> Read {
    let name = shown(&input.path);
    let bytes = match load(input) {
        Ok(bytes) => bytes,
        Err(failed) => return failed,
    };
    match decode(&bytes) {
        Ok(decoded) => decoded.read(input.format, &name),
        Err(message) => Read::failed(Problem::fatal(&name, None, format!("{message}; skipped"))),
    }
}

/// One part of an input, as [`read_input_in_parts`] gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Part {
    /// What the part holds. The encoding (when not UTF-8) comes with the first part.
    pub read: Read,
    /// How many of the input's bytes the parts so far hold.
    pub end: u64,
    /// The input's size in bytes (0 when it could not be read).
    pub size: u64,
}

/// Reads one input as [`read_input`] does, a part at a time (see
/// [`super::read_str_in_parts`]): a big JSON Lines or CSV file gives its first articles before
/// the rest is read, and `each` can stop the reading with [`ControlFlow::Break`]. JSON Lines
/// and CSV are streamed from the file a part at a time, whatever its size ([`super::stream`]);
/// other formats are read whole, up to [`MAX_FILE_BYTES`]. Together the parts hold what
/// [`read_input`] gives.
pub fn read_input_in_parts(input: &Input, mut each: impl FnMut(Part) -> ControlFlow<()>) {
    if matches!(input.format, Format::Jsonl | Format::Csv) {
        return super::stream::read_streamed(input, &shown(&input.path), each);
    }
    let bytes = match load(input) {
        Ok(bytes) => bytes,
        Err(read) => {
            let _ = each(Part {
                read,
                ..Part::default()
            });
            return;
        }
    };
    if input.format != Format::Text {
        return read_bytes_in_parts(&bytes, input.format, &shown(&input.path), each);
    }
    // one article a file: its bytes go before it is written, so a long one is held once
    let mut parts = Vec::with_capacity(1);
    read_bytes_in_parts(&bytes, input.format, &shown(&input.path), |part| {
        parts.push(part);
        ControlFlow::Continue(())
    });
    drop(bytes);
    for part in parts {
        if each(part).is_break() {
            return;
        }
    }
}

/// Reads an input's bytes in parts, as [`read_input_in_parts`] gives them.
pub(super) fn read_bytes_in_parts(
    bytes: &[u8],
    format: Format,
    name: &str,
    mut each: impl FnMut(Part) -> ControlFlow<()>,
) {
    let size = bytes.len() as u64;
    let decoded = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(message) => {
            let problem = Problem::fatal(name, None, format!("{message}; skipped"));
            let _ = each(Part {
                read: Read::failed(problem),
                end: size,
                size,
            });
            return;
        }
    };
    let mut legacy = decoded.legacy().map(|encoding| Legacy {
        path: name.to_string(),
        encoding,
    });
    // offsets in the decoded text, told in the input's bytes (they differ for other encodings)
    let text_len = decoded.text.len().max(1) as u128;
    let in_bytes = |offset: usize| (offset as u128 * u128::from(size) / text_len) as u64;
    super::read_str_in_parts(&decoded, format, name, |mut read, end| {
        read.encoding = legacy.take();
        each(Part {
            read,
            end: in_bytes(end),
            size,
        })
    });
}

/// An input to read from: stdin, or a regular file (with its size), opened; or the read that
/// says why not.
pub(super) fn open(input: &Input) -> Result<(Box<dyn std::io::Read>, u64), Read> {
    if input.is_stdin() {
        return Ok((Box::new(std::io::stdin().lock()), 0));
    }
    open_file(&input.path)
        .map(|(file, size)| (Box::new(file) as Box<dyn std::io::Read>, size))
        .map_err(|refused| refusal(input, refused))
}

/// A regular file, opened, and its size; anything else is refused before it is opened (opening
/// a named pipe waits for a writer).
fn open_file(path: &Path) -> Result<(fs::File, u64), Refused> {
    let meta = fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Refused::NotRegular(meta.file_type()));
    }
    let file = fs::File::open(path)?;
    // the path may have been swapped between the check and the open
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(Refused::NotRegular(meta.file_type()));
    }
    Ok((file, meta.len()))
}

/// The read that says why an input was refused.
fn refusal(input: &Input, refused: Refused) -> Read {
    let name = shown(&input.path);
    match refused {
        Refused::Io(e) => {
            let message = format!("could not read: {e}; skipped");
            Read::failed(Problem::fatal(&name, None, message))
        }
        Refused::NotRegular(kind) => Read::failed(not_regular(&input.path, kind)),
        Refused::TooBig => Read::failed(too_big(&name)),
    }
}

/// An input's bytes, or the read that says why there are none.
fn load(input: &Input) -> Result<Vec<u8>, Read> {
    let bytes = if input.is_stdin() {
        read_capped(std::io::stdin().lock())
    } else {
        read_file(&input.path)
    };
    bytes.map_err(|refused| refusal(input, refused))
}

/// Why an input was not read.
pub(super) enum Refused {
    Io(std::io::Error),
    /// A named pipe, socket or device: opening or reading it could block or never end.
    NotRegular(fs::FileType),
    /// Over [`MAX_FILE_BYTES`].
    TooBig,
}

impl From<std::io::Error> for Refused {
    fn from(e: std::io::Error) -> Self {
        Refused::Io(e)
    }
}

/// A regular file's bytes, up to [`MAX_FILE_BYTES`].
fn read_file(path: &Path) -> Result<Vec<u8>, Refused> {
    let (file, size) = open_file(path)?;
    if size > MAX_FILE_BYTES {
        return Err(Refused::TooBig);
    }
    read_capped(file)
}

/// At most [`MAX_FILE_BYTES`] of `source`; more is refused.
pub(super) fn read_capped(source: impl std::io::Read) -> Result<Vec<u8>, Refused> {
    let mut bytes = Vec::new();
    source.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refused::TooBig);
    }
    Ok(bytes)
}

/// The problem for an input over [`MAX_FILE_BYTES`].
pub(super) fn too_big(name: &str) -> Problem {
    let message = format!(
        "too big: qawl reads at most {} MiB from one file of this format (JSON Lines and CSV are \
         read whatever their size: convert it, or split it); skipped",
        MAX_FILE_BYTES / (1024 * 1024)
    );
    Problem::fatal(name, None, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension_ignore_case() {
        assert_eq!(format_of(Path::new("a/b.TXT")), Some(Format::Text));
        assert_eq!(format_of(Path::new("a/b.ndjson")), Some(Format::Jsonl));
        assert_eq!(format_of(Path::new("a/README")), None);
    }

    #[test]
    fn stdin_is_text_unless_forced() {
        let dash = [PathBuf::from("-")];
        assert_eq!(discover(&dash, None).inputs[0].format, Format::Text);
        assert_eq!(
            discover(&dash, Some(Format::Jsonl)).inputs[0].format,
            Format::Jsonl
        );
    }

    #[test]
    fn a_dangling_symbolic_link_says_it_is_one() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("latest.txt");
        std::os::unix::fs::symlink(dir.path().join("gone.txt"), &link).unwrap();
        for found in [
            discover(std::slice::from_ref(&link), None),
            discover(&[dir.path().to_path_buf()], None),
        ] {
            assert!(found.inputs.is_empty());
            let message = found.problems[0].to_string();
            assert!(message.contains("a dangling symbolic link"), "{message}");
            assert!(message.contains("gone.txt"), "{message}");
        }
    }

    #[test]
    fn reading_in_parts_gives_what_reading_whole_gives_in_the_bytes_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.jsonl");
        let line = "{\"title\": \"خبر\", \"body\": \"قال المتحدث إن الهدنة صامدة في المدينة.\"}\n";
        let text = line.repeat(2 * super::super::PART_BYTES / line.len());
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&text);
        std::fs::write(&path, &bytes).unwrap();
        let input = Input {
            path: path.clone(),
            format: Format::Jsonl,
        };
        let whole = read_input(&input);
        let mut parts = Vec::new();
        read_input_in_parts(&input, |part| {
            parts.push(part);
            ControlFlow::Continue(())
        });
        assert!(parts.len() > 1);
        assert!(parts[0].read.encoding.is_some());
        assert!(parts[1..].iter().all(|p| p.read.encoding.is_none()));
        let size = bytes.len() as u64;
        assert!(parts.iter().all(|p| p.size == size));
        assert_eq!(parts.last().map(|p| p.end), Some(size));
        let articles: Vec<_> = parts.into_iter().flat_map(|p| p.read.articles).collect();
        assert_eq!(articles, whole.articles);
    }

    #[test]
    fn a_missing_path_is_a_problem_for_that_path() {
        let found = discover(&[PathBuf::from("/no/such/qawl/input.txt")], None);
        assert!(found.inputs.is_empty());
        assert_eq!(
            found.problems[0].to_string(),
            "/no/such/qawl/input.txt: no such file or folder; check the path"
        );
    }
}
