//! `qawl entity`: listing, showing, curating, importing and exporting entities, and the
//! journal of curation with its undo. The store makes and checks each change
//! (`store/curate.rs`); this prints what it says.

use super::{Context, EntityCommand, Sink, print_result, report};
use crate::error::{Error, Result};
use crate::model::{EntityKind, EntityRef};
use crate::output;
use crate::store::{Change, Profile, Removal, Store, count};
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
            force,
        } => {
            let entity = EntityRef {
                kind,
                name,
                aliases,
            };
            let change = ctx.open()?.add_curated(&entity, force)?;
            writeln!(stdout, "{}", change.summary)?;
        }
        EntityCommand::Alias {
            entity,
            alias,
            force,
        } => {
            let change = ctx.open_existing()?.add_alias(&entity, &alias, force)?;
            writeln!(stdout, "{}", change.summary)?;
        }
        EntityCommand::Unalias { entity, alias } => {
            let change = ctx.open_existing()?.remove_alias(&entity, &alias)?;
            writeln!(stdout, "{}", change.summary)?;
        }
        EntityCommand::Rename {
            entity,
            name,
            force,
        } => {
            let change = ctx.open_existing()?.rename_entity(&entity, &name, force)?;
            writeln!(stdout, "{}", change.summary)?;
        }
        EntityCommand::Merge {
            from,
            into,
            dry_run,
            force,
        } => {
            let merge = ctx
                .open_existing()?
                .merge_entities(&from, &into, dry_run, force)?;
            print_removal(&mut stdout, &merge, "merge", "move")?;
        }
        EntityCommand::Delete { entity, dry_run } => {
            let delete = ctx.open_existing()?.delete_entity(&entity, dry_run)?;
            print_removal(&mut stdout, &delete, "delete", "go with it")?;
        }
        EntityCommand::Show { entity } => {
            let profile = ctx.open_read_only()?.entity_profile(&entity)?;
            write_profile(&mut stdout, &profile)?;
        }
        EntityCommand::Import { file, force } => {
            let mut store = ctx.open()?;
            let change = import_entities(&mut store, &file, force)?;
            writeln!(stdout, "{}", change.summary)?;
        }
        EntityCommand::Export { file, all } => {
            let entities = ctx.open_read_only()?.entities_to_export(all)?;
            let n = export_entities(&entities, file.as_deref())?;
            if let Some(file) = &file {
                report::say(&format!(
                    "exported {} to {}",
                    count(n, "entity"),
                    file.display()
                ));
            }
        }
        EntityCommand::Undo => {
            let change = ctx.open_existing()?.undo_last()?;
            writeln!(stdout, "{}", change.summary)?;
        }
        EntityCommand::Journal { limit, out } => {
            let store = ctx.open_read_only()?;
            let rs = store.select(
                "SELECT id, at, user, action, summary, undone_by FROM curation_journal
                 ORDER BY id DESC LIMIT ?1",
                &[limit.map_or(output::Cell::Int(-1), |n| output::Cell::Int(n.into()))],
            )?;
            print_result(&rs, &out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints what a merge or delete did, or would do on a dry run.
fn print_removal(out: &mut impl Write, removal: &Removal, verb: &str, moves: &str) -> Result<()> {
    match &removal.change {
        Some(change) => writeln!(out, "{}\n(`qawl entity undo` reverses it)", change.summary)?,
        None => writeln!(
            out,
            "dry run: {verb} #{} {} ({}) would {moves}: {}; nothing changed",
            removal.entity.id,
            removal.entity.name,
            removal.entity.kind,
            removal.affected.describe()
        )?,
    }
    Ok(())
}

/// Writes `qawl entity show`: one fact a line.
fn write_profile(out: &mut impl Write, p: &Profile) -> Result<()> {
    let e = &p.entity;
    writeln!(out, "#{} {}", e.id, e.name)?;
    writeln!(out, "kind        {}", e.kind)?;
    writeln!(out, "origin      {}", e.origin)?;
    let aliases: Vec<String> = p
        .aliases
        .iter()
        .map(|(alias, origin)| format!("{alias} ({origin})"))
        .collect();
    writeln!(
        out,
        "aliases     {}",
        if aliases.is_empty() {
            "none".to_string()
        } else {
            aliases.join("، ")
        }
    )?;
    let spoken: i64 = p.by_year.iter().map(|(_, n)| n).sum();
    writeln!(
        out,
        "statements  {spoken} as speaker, {} as organisation, {} about it",
        p.as_org, p.about
    )?;
    writeln!(
        out,
        "mentions    {} in {}",
        p.mentions,
        count(usize::try_from(p.articles).unwrap_or(0), "article")
    )?;
    for (year, n) in &p.by_year {
        writeln!(out, "  {:<10}{n}", year.as_deref().unwrap_or("no date"))?;
    }
    if !p.by_verb.is_empty() {
        let verbs: Vec<String> = p.by_verb.iter().map(|(v, n)| format!("{v} {n}")).collect();
        writeln!(out, "by verb     {}", verbs.join(", "))?;
    }
    Ok(())
}

/// Writes entities as the CSV `entity import` reads: kind,name,aliases, aliases separated by
/// `|`; to `file` (in full before it replaces anything) or stdout. Returns how many.
fn export_entities(entities: &[EntityRef], file: Option<&std::path::Path>) -> Result<usize> {
    let mut sink = match file {
        Some(path) => Sink::file(path)?,
        None => Sink {
            target: super::Target::Stdout(std::io::BufWriter::new(std::io::stdout().lock())),
        },
    };
    {
        let mut writer = csv::Writer::from_writer(&mut sink);
        writer.write_record(["kind", "name", "aliases"])?;
        for e in entities {
            writer.write_record([e.kind.as_str(), &e.name, &e.aliases.join("|")])?;
        }
        writer.flush()?;
    }
    sink.finish()?;
    Ok(entities.len())
}

/// Reads a CSV file whose header names the columns `kind`, `name` and optionally `aliases`
/// (aliases separated by `|`; other columns are passed over), checks every row, then adds
/// them all in one transaction.
fn import_entities(store: &mut Store, file: &std::path::Path, force: bool) -> Result<Change> {
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
    let (mut entities, mut labels) = (Vec::new(), Vec::new());
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
        labels.push(format!("{}:{line}", file.display()));
    }
    store.import_entities(&entities, &labels, &file.display().to_string(), force)
}
