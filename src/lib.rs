//! qawl turns Arabic news articles into a knowledge base of **who said what, when**, kept in
//! one SQLite file, and answers questions about it in a small query language.
//!
//! ```text
//! files ──ingest──▶ Article ──extract──▶ Extraction ──store──▶ SQLite file
//! query text ──parse──▶ AST ──check(catalog)──▶ SQL + params ──store──▶ rows ──output──▶ table/CSV/JSON
//! ```
//!
//! - [`ingest`] reads plain-text articles, JSON, JSON Lines and CSV into [`model::Article`]s;
//! - [`extract`] finds statements, speakers and entities ([`model::Extraction`]);
//! - [`store`] keeps them in SQLite with versioned migrations and full-text indexes;
//! - [`query`] compiles the query language to parameterised SQL;
//! - [`output`] renders results as terminal views (table, box, line), CSV, TSV, JSON, JSONL,
//!   Markdown or HTML;
//! - [`text`] holds the Arabic rules every stage shares (normalisation, stemming, dates);
//! - [`cli`] and [`repl`] are the edges that print.

pub mod bundled;
pub mod cli;
pub mod config;
pub mod error;
pub mod extract;
pub mod ingest;
pub mod model;
pub mod output;
pub mod query;
pub mod repl;
pub mod store;
pub mod text;

pub use error::{Error, Result};
pub use store::Store;
