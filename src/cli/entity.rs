//! `qawl entity`: listing and curating entities and their aliases.

use super::{Context, EntityCommand, print_result};
use crate::error::{Error, Result};
use crate::model::{EntityKind, EntityRef};
use crate::output;
use crate::store::Store;
use std::io::Write;
use std::process::ExitCode;

/// The columns of `entity list`: id, kind, name, origin, aliases (a list, shown as `entity
/// import` reads it: separated by `|`), statements, mentions.
const ENTITY_LIST_TYPES: [output::ColumnType; 5] = [
    output::ColumnType::Value,
    output::ColumnType::Value,
    output::ColumnType::Value,
    output::ColumnType::Value,
    output::ColumnType::List { separator: " | " },
];

/// Runs one `qawl entity` subcommand.
pub(super) fn run(ctx: &Context, command: EntityCommand) -> Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    match command {
        EntityCommand::List { kind, name, out } => {
            let store = ctx.open_read_only()?;
            let rs = store.select(
                "SELECT e.id, e.kind, e.name, e.origin,
                        (SELECT CASE WHEN count(*) > 0 THEN json_group_array(alias) END
                           FROM aliases a
                          WHERE a.entity_id = e.id AND a.alias_norm != e.name_norm) AS aliases,
                        (SELECT count(*) FROM statements s WHERE s.speaker_id = e.id) AS statements,
                        (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions
                 FROM entities e
                 WHERE (?1 IS NULL OR e.kind = ?1)
                   AND (?2 IS NULL OR instr(e.name_norm, ?2) > 0
                        OR e.id IN (SELECT entity_id FROM aliases WHERE instr(alias_norm, ?2) > 0))
                 ORDER BY statements DESC, mentions DESC, e.name",
                &[
                    kind.map_or(output::Cell::Null, |k| k.as_str().into()),
                    name.map_or(output::Cell::Null, |n| {
                        output::Cell::Text(crate::text::normalize(&n))
                    }),
                ],
            )?;
            print_result(&rs.typed(&ENTITY_LIST_TYPES), &out)?;
        }
        EntityCommand::Add {
            kind,
            name,
            aliases,
        } => {
            let row = ctx.open()?.add_entity(kind, &name, &aliases)?;
            writeln!(stdout, "#{} {} ({})", row.id, row.name, row.kind)?;
        }
        EntityCommand::Alias { entity, alias } => {
            let row = ctx.open_existing()?.add_alias(&entity, &alias)?;
            writeln!(
                stdout,
                "#{} {} ({}) now also answers to {alias}",
                row.id, row.name, row.kind
            )?;
        }
        EntityCommand::Merge { from, into } => {
            let m = ctx.open_existing()?.merge_entities(&from, &into)?;
            writeln!(
                stdout,
                "merged into #{} {}: {} statement links, {} mentions and {} aliases moved",
                m.into.id, m.into.name, m.statements, m.mentions, m.aliases
            )?;
        }
        EntityCommand::Import { file } => {
            let mut store = ctx.open()?;
            let n = import_entities(&mut store, &file)?;
            writeln!(stdout, "imported {n} entities from {}", file.display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a CSV file whose header names the columns `kind`, `name` and optionally `aliases`
/// (aliases separated by `|`), checks every row, then adds them all in one transaction.
fn import_entities(store: &mut Store, file: &std::path::Path) -> Result<usize> {
    let place =
        |line: u64, message: &str| Error::Failed(format!("{}:{line}: {message}", file.display()));
    let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| place(1, &e.to_string()))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(kind_at), Some(name_at)) = (column("kind"), column("name")) else {
        return Err(place(
            1,
            "the header must name the columns kind and name (and optionally aliases), e.g. kind,name,aliases",
        ));
    };
    let aliases_at = column("aliases");
    let mut entities = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| place(e.position().map_or(0, |p| p.line()), &e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or("").trim();
        let kind: EntityKind = field(Some(kind_at))
            .parse()
            .map_err(|e: String| place(line, &e))?;
        let name = field(Some(name_at));
        if name.is_empty() {
            return Err(place(line, "the name is empty"));
        }
        let aliases = field(aliases_at)
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect();
        entities.push(EntityRef {
            kind,
            name: name.to_string(),
            aliases,
        });
    }
    Ok(store.add_entities(&entities)?.len())
}
