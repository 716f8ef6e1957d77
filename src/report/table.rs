//! One representation for every output table, written both as CSV and as an Excel sheet.

use serde::Serialize;

use crate::csv_out::{self, Cell, Csv};

/// How a column is shown: CSV keeps full precision rules, Excel gets a number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum Kind {
    Text,
    /// Whole numbers.
    Int,
    /// A number with this many decimals.
    Num(u8),
    /// A share 0..1, shown in Excel as a percentage.
    Share,
    Bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) enum Value {
    Text(String),
    Num(f64),
    Bool(bool),
    Empty,
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        if v.is_finite() { Value::Num(v) } else { Value::Empty }
    }
}

impl From<Option<f64>> for Value {
    fn from(v: Option<f64>) -> Self {
        v.map_or(Value::Empty, Value::from)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<Option<i32>> for Value {
    fn from(v: Option<i32>) -> Self {
        v.map_or(Value::Empty, |y| Value::Num(f64::from(y)))
    }
}

impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        v.map_or(Value::Empty, Value::Text)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Table {
    /// File stem and sheet name.
    pub(crate) name: &'static str,
    pub(crate) columns: Vec<Column>,
    pub(crate) rows: Vec<Vec<Value>>,
}

impl Table {
    pub(crate) fn new(name: &'static str, columns: &[(&'static str, Kind)]) -> Self {
        Table { name, columns: columns.iter().map(|&(name, kind)| Column { name, kind }).collect(), rows: Vec::new() }
    }

    pub(crate) fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len(), "row width of table {}", self.name);
        self.rows.push(row);
    }

    pub(crate) fn to_csv(&self) -> String {
        let names: Vec<&str> = self.columns.iter().map(|c| c.name).collect();
        let mut csv = Csv::with_header(&names);
        for row in &self.rows {
            csv.row(row.iter().zip(&self.columns).map(|(v, c)| csv_cell(v, c.kind)));
        }
        csv.finish()
    }
}

fn csv_cell(value: &Value, kind: Kind) -> Cell {
    match value {
        Value::Text(t) => csv_out::text(t.clone()),
        Value::Bool(b) => csv_out::boolean(*b),
        Value::Empty => Cell::Empty,
        Value::Num(v) => match kind {
            Kind::Int => csv_out::int(*v),
            Kind::Num(d) => csv_out::num(*v, usize::from(d)),
            Kind::Share => csv_out::num(*v, 4),
            Kind::Text | Kind::Bool => csv_out::num(*v, 4),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_formats_by_column_kind() {
        let mut t = Table::new(
            "t",
            &[
                ("name", Kind::Text),
                ("n", Kind::Int),
                ("share", Kind::Share),
                ("cost", Kind::Num(1)),
                ("ok", Kind::Bool),
            ],
        );
        t.push(vec!["a".into(), 12.4.into(), 0.123456.into(), Value::Empty, true.into()]);
        assert_eq!(t.to_csv(), "name,n,share,cost,ok\na,12,0.1235,,true\n");
    }
}
