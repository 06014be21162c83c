//! Readers that turn files into articles.
