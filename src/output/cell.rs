//! The values of a result and the types of its columns: what SQLite gives (NULL, numbers,
//! text), and what the catalog knows on top, so JSON writes a yes/no as `true`/`false` and a
//! list of names as an array.

/// One value of a result row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    /// A yes/no value (`negated`, `headline`).
    Bool(bool),
    /// Several texts (the names a statement is about), joined by `separator` where a value
    /// must be one text (a table cell, a CSV field).
    List {
        items: Vec<String>,
        separator: &'static str,
    },
}

impl Cell {
    /// The text a CSV field or table cell shows: NULL is empty, a yes/no `true` or `false`.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Int(i) => i.to_string(),
            Cell::Real(r) => r.to_string(),
            Cell::Text(t) => t.clone(),
            Cell::Bool(b) => b.to_string(),
            Cell::List { items, separator } => items.join(separator),
        }
    }

    /// The text a view or CSV field shows, a missing value (NULL) as `null`.
    pub fn text_or(&self, null: &str) -> String {
        match self {
            Cell::Null => null.to_string(),
            other => other.to_text(),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<i64> for Cell {
    fn from(i: i64) -> Self {
        Cell::Int(i)
    }
}

/// What a column holds, beyond the type SQLite gives each value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// As SQLite gives it: NULL, a number or text.
    Value,
    /// 0 or 1: a yes/no.
    Bool,
    /// A JSON array of texts (SQLite's `json_group_array`), or NULL for none; shown joined by
    /// `separator`.
    List { separator: &'static str },
}

impl ColumnType {
    /// `cell` as a value of this type; a cell that does not fit stays as it is.
    pub fn apply(self, cell: Cell) -> Cell {
        match (self, cell) {
            (ColumnType::Bool, Cell::Int(i)) => Cell::Bool(i != 0),
            (ColumnType::List { separator }, Cell::Null) => Cell::List {
                items: Vec::new(),
                separator,
            },
            (ColumnType::List { separator }, Cell::Text(json)) => {
                match serde_json::from_str::<Vec<String>>(&json) {
                    Ok(items) => Cell::List { items, separator },
                    Err(_) => Cell::Text(json),
                }
            }
            (_, cell) => cell,
        }
    }
}

impl super::ResultSet {
    /// The rows with each column's cells made values of `types` (one per column, in order;
    /// columns past the end stay as SQLite gave them).
    pub fn typed(mut self, types: &[ColumnType]) -> Self {
        for row in &mut self.rows {
            for (cell, ty) in row.iter_mut().zip(types) {
                *cell = ty.apply(std::mem::replace(cell, Cell::Null));
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::super::ResultSet;
    use super::*;

    const LIST: ColumnType = ColumnType::List { separator: "، " };

    #[test]
    fn yes_no_and_lists_take_their_types() {
        let rs = ResultSet {
            columns: vec!["negated".into(), "about".into(), "id".into()],
            rows: vec![
                vec![Cell::Int(1), Cell::from(r#"["دوما","حلب"]"#), Cell::Int(7)],
                vec![Cell::Int(0), Cell::Null, Cell::Int(8)],
            ],
        }
        .typed(&[ColumnType::Bool, LIST, ColumnType::Value]);
        assert_eq!(rs.rows[0][0], Cell::Bool(true));
        assert_eq!(rs.rows[1][0], Cell::Bool(false));
        assert_eq!(rs.rows[0][1].to_text(), "دوما، حلب");
        assert_eq!(rs.rows[1][1].to_text(), "");
        assert_eq!(rs.rows[0][2], Cell::Int(7));
    }

    #[test]
    fn a_cell_that_does_not_fit_its_type_stays() {
        assert_eq!(LIST.apply(Cell::from("دوما")), Cell::from("دوما"));
        assert_eq!(ColumnType::Bool.apply(Cell::Null), Cell::Null);
        assert_eq!(Cell::Bool(false).to_text(), "false");
    }
}
