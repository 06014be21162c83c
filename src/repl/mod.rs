//! The interactive REPL.
