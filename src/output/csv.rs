//! CSV (RFC 4180) and TSV: a header row unless told otherwise, NULL as an empty field (or
//! the text `.nullvalue` sets).

use super::{Options, ResultSet, strip_bidi_controls};
use crate::error::Result;
use std::io::Write;

/// The UTF-8 byte-order mark Excel needs to read a CSV file as UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes `rs` as delimiter-separated values.
pub fn write(rs: &ResultSet, options: &Options, delimiter: u8, out: &mut dyn Write) -> Result<()> {
    if options.bom {
        out.write_all(BOM)?;
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        // RFC 4180 says CRLF for CSV; TSV goes to shell tools (cut, awk), which want LF
        .terminator(if delimiter == b',' {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(out);
    if options.header {
        writer.write_record(&rs.columns)?;
    }
    for row in &rs.rows {
        writer.write_record(
            row.iter()
                .map(|c| strip_bidi_controls(&c.text_or(&options.null)).into_owned()),
        )?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Cell, Format, Options, ResultSet, write as render};

    fn sample() -> ResultSet {
        ResultSet {
            columns: vec!["speaker".into(), "content".into(), "n".into()],
            rows: vec![
                vec![
                    Cell::Text("وائل علوان".into()),
                    Cell::Text("نفى، \"قطعاً\"\nأي مفاوضات\u{200F}".into()),
                    Cell::Int(3),
                ],
                vec![Cell::Null, Cell::Text("x".into()), Cell::Null],
            ],
        }
    }

    fn csv_of(options: &Options) -> Vec<u8> {
        let mut out = Vec::new();
        render(&sample(), options, &mut out).unwrap();
        out
    }

    #[test]
    fn csv_parses_back_to_the_same_rows_without_bidi_marks() {
        let bytes = csv_of(&Options {
            format: Format::Csv,
            ..Options::default()
        });
        assert!(!bytes.starts_with(super::BOM));
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(reader.headers().unwrap(), vec!["speaker", "content", "n"]);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(&rows[0][1], "نفى، \"قطعاً\"\nأي مفاوضات");
        assert_eq!(&rows[1][0], "");
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn bom_only_when_asked_and_header_can_be_dropped() {
        let bytes = csv_of(&Options {
            format: Format::Csv,
            bom: true,
            header: false,
            ..Options::default()
        });
        assert!(bytes.starts_with(super::BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.starts_with("وائل علوان,"), "{text}");
    }

    #[test]
    fn tsv_uses_tabs() {
        let bytes = csv_of(&Options {
            format: Format::Tsv,
            ..Options::default()
        });
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("speaker\tcontent\tn\n"), "{text}");
    }
}
