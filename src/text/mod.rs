//! Arabic text as pure functions: normalisation, light stemming, dates. Sentences are split in
//! one place, by the extractor's tokeniser (`extract::tokens`), which also pairs quotations.
//!
//! Nothing here touches the store or prints; every function is unit-tested with Arabic examples.

pub mod dates;
pub mod normalize;
pub mod stem;

pub use dates::{DateRef, resolve_relative};
pub use normalize::normalize;
pub use stem::{index_text, stem, words};
