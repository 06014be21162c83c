//! What extraction found in a long article, held in a temporary file a stretch at a time
//! until it is written ([`Store::insert_spilled`](super::Store::insert_spilled)): memory holds
//! one stretch's findings, whatever the article's length, and no write lock is held while the
//! article is extracted.

use crate::error::{Error, Result};
use crate::model::Extraction;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};

/// The findings of an article's stretches, one JSON line each, in a file that has no name
/// (the system removes it when it is dropped, or when qawl is killed).
pub struct Spill {
    file: BufWriter<File>,
    parts: usize,
    statements: usize,
}

impl Spill {
    /// An empty spill in a new temporary file.
    pub fn new() -> Result<Spill> {
        let file = tempfile::tempfile().map_err(|e| temp_error(e, "create"))?;
        Ok(Spill {
            file: BufWriter::with_capacity(1 << 20, file),
            parts: 0,
            statements: 0,
        })
    }

    /// Adds the findings of the next stretch.
    pub fn push(&mut self, found: &Extraction) -> Result<()> {
        serde_json::to_writer(&mut self.file, found)
            .map_err(std::io::Error::from)
            .and_then(|()| self.file.write_all(b"\n"))
            .map_err(|e| temp_error(e, "write"))?;
        self.parts += 1;
        self.statements += found.statements.len();
        Ok(())
    }

    /// How many statements the stretches pushed so far hold.
    pub fn statements(&self) -> usize {
        self.statements
    }

    /// Calls `each` with the findings of every stretch, in the order they were pushed; stops
    /// at the first error, of the file or of `each`.
    pub(super) fn replay(&mut self, mut each: impl FnMut(Extraction) -> Result<()>) -> Result<()> {
        self.file.flush().map_err(|e| temp_error(e, "write"))?;
        let file = self.file.get_mut();
        file.seek(SeekFrom::Start(0))
            .map_err(|e| temp_error(e, "read"))?;
        let mut reader = BufReader::with_capacity(1 << 20, &*file);
        let mut line = String::new();
        for _ in 0..self.parts {
            line.clear();
            reader
                .read_line(&mut line)
                .map_err(|e| temp_error(e, "read"))?;
            let found = serde_json::from_str(&line)
                .map_err(|e| temp_error(std::io::Error::from(e), "read"))?;
            each(found)?;
        }
        Ok(())
    }
}

/// A temporary file that could not be used, named by the folder it lives in.
fn temp_error(source: std::io::Error, doing: &str) -> Error {
    Error::Io {
        path: std::env::temp_dir(),
        source: std::io::Error::new(
            source.kind(),
            format!(
                "could not {doing} a temporary file for a long article's statements ({source}); \
                 free some space there, or point TMPDIR at a folder with room"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Extraction};

    #[test]
    fn stretches_come_back_as_they_were_pushed() {
        let extractor = crate::extract::Extractor::default();
        let parts: Vec<Extraction> = [
            "نفى المتحدث باسم الجيش خالد الأيوبي صحة الأنباء عن انسحاب القوات.",
            "",
            "أكد وزير الخارجية سامر الحلبي أن الحكومة ستواصل المحادثات.",
        ]
        .iter()
        .map(|body| {
            extractor.extract(&Article {
                body: body.to_string(),
                ..Article::default()
            })
        })
        .collect();
        let mut spill = Spill::new().unwrap();
        for part in &parts {
            spill.push(part).unwrap();
        }
        assert_eq!(spill.statements(), 2);
        for _ in 0..2 {
            // read back twice: a transaction broken by Ctrl-C in the REPL is written again
            let mut back = Vec::new();
            spill
                .replay(|found| {
                    back.push(found);
                    Ok(())
                })
                .unwrap();
            assert_eq!(back, parts);
        }
    }
}
