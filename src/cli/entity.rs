//! `qawl entity`: listing and curating entities and their aliases.

use super::{Context, EntityCommand, print_result};
use crate::error::{Error, Result};
use crate::model::EntityKind;
use crate::output;
use crate::store::Store;
use std::process::ExitCode;

/// Runs one `qawl entity` subcommand.
pub(super) fn run(ctx: &Context, command: EntityCommand) -> Result<ExitCode> {
    match command {
        EntityCommand::List { kind, name, out } => {
            let store = ctx.open_read_only()?;
            let rs = store.select(
                "SELECT e.id, e.kind, e.name, e.origin,
                        (SELECT group_concat(alias, ' | ') FROM aliases a
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
            print_result(&rs, &out)?;
        }
        EntityCommand::Add {
            kind,
            name,
            aliases,
        } => {
            let row = ctx.open()?.add_entity(kind, &name, &aliases)?;
            println!("#{} {} ({})", row.id, row.name, row.kind);
        }
        EntityCommand::Alias { entity, alias } => {
            let row = ctx.open()?.add_alias(&entity, &alias)?;
            println!(
                "#{} {} ({}) now also answers to {alias}",
                row.id, row.name, row.kind
            );
        }
        EntityCommand::Merge { from, into } => {
            let m = ctx.open()?.merge_entities(&from, &into)?;
            println!(
                "merged into #{} {}: {} statement links, {} mentions and {} aliases moved",
                m.into.id, m.into.name, m.statements, m.mentions, m.aliases
            );
        }
        EntityCommand::Import { file } => {
            let mut store = ctx.open()?;
            let n = import_entities(&mut store, &file)?;
            println!("imported {n} entities from {}", file.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads `kind,name,aliases` rows (aliases separated by `|`) and adds them as curated entities.
fn import_entities(store: &mut Store, file: &std::path::Path) -> Result<usize> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(file)
        .map_err(|e| Error::Usage(format!("{}: {e}", file.display())))?;
    let mut n = 0;
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| Error::Usage(format!("{}:{line}: {e}", file.display())))?;
        let field = |j: usize| {
            record
                .get(j)
                .unwrap_or("")
                .trim()
                .trim_start_matches('\u{feff}')
        };
        let kind: EntityKind = field(0)
            .parse()
            .map_err(|e| Error::Usage(format!("{}:{line}: {e}", file.display())))?;
        let aliases: Vec<String> = field(2)
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect();
        store
            .add_entity(kind, field(1), &aliases)
            .map_err(|e| Error::Usage(format!("{}:{line}: {e}", file.display())))?;
        n += 1;
    }
    Ok(n)
}
