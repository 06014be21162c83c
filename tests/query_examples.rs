//! The saved queries in examples/queries compile against the catalog and run.

mod query_support;

use qawl::query::{Catalog, Params, compile};
use std::path::Path;

#[test]
fn every_saved_query_has_a_header_compiles_and_runs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/queries");
    let store = query_support::store();
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("examples/queries exists") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "qawl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let mut lines = text.lines();
        let name = lines.next().unwrap_or_default();
        let about = lines.next().unwrap_or_default();
        assert!(
            name.starts_with("# name: "),
            "{}: first line names it",
            path.display()
        );
        assert!(
            about.starts_with("# ") && about.len() > 12,
            "{}: second line describes it",
            path.display()
        );
        let compiled = compile(&text, &Catalog::new(), &Params::new())
            .unwrap_or_else(|e| panic!("{}\n{}", path.display(), e.render(&text)));
        store
            .select(&compiled.sql, &compiled.params)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        seen += 1;
    }
    assert!((5..=8).contains(&seen), "{seen} saved queries");
}
