//! Sentence and clause splitting with code-point offsets into the original text.
