//! Arabic text as pure functions: normalisation, light stemming, segmentation, dates.
//!
//! Nothing here touches the store or prints; every function is unit-tested with Arabic examples.

pub mod dates;
pub mod normalize;
pub mod segment;
pub mod stem;

pub use dates::{DateRef, resolve_relative};
pub use normalize::normalize;
pub use segment::{CharIndex, Span, clauses, sentences};
pub use stem::{index_text, stem, words};
