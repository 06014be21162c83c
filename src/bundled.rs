//! The example articles and saved queries, embedded in the binary for `qawl demo`.

include!(concat!(env!("OUT_DIR"), "/examples.rs"));
