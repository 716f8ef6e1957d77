//! A small CSV writer used for every table the tool writes (reports and generated data).
//!
//! Output is deterministic: fields are quoted only when needed, numbers are formatted by the
//! caller, lines end with `\n`. Text that a spreadsheet would run as a formula (a cell starting
//! with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'` (OWASP's advice
//! against CSV injection); numbers are written as numbers and never altered.

#[derive(Debug, Default, Clone)]
pub(crate) struct Csv {
    out: String,
}

/// One cell: text (escaped and neutralised) or a number already formatted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    Number(String),
    Empty,
}

impl Csv {
    pub(crate) fn with_header(columns: &[&str]) -> Self {
        let mut csv = Csv::default();
        csv.row(columns.iter().map(|c| Cell::Text(c.to_string())));
        csv
    }

    pub(crate) fn row(&mut self, cells: impl IntoIterator<Item = Cell>) {
        let mut first = true;
        for cell in cells {
            if !first {
                self.out.push(',');
            }
            first = false;
            match cell {
                Cell::Text(text) => push_text(&mut self.out, &text),
                Cell::Number(n) => self.out.push_str(&n),
                Cell::Empty => {}
            }
        }
        self.out.push('\n');
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

fn push_text(out: &mut String, text: &str) {
    let neutralised;
    let text = if needs_neutralising(text) {
        neutralised = format!("'{text}");
        neutralised.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// Text cells that Excel or LibreOffice would evaluate as a formula. A leading `-` followed
/// by a digit is a negative number written as text; it is left alone.
pub(crate) fn needs_neutralising(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => !chars.next().is_some_and(|c| c.is_ascii_digit() || c == '.'),
        _ => false,
    }
}

pub(crate) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

pub(crate) fn opt_text(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, |s| Cell::Text(s.to_string()))
}

/// A whole number (counts): no decimals.
pub(crate) fn int(value: f64) -> Cell {
    Cell::Number(format!("{}", value.round() as i64))
}

pub(crate) fn opt_int(value: Option<f64>) -> Cell {
    value.map_or(Cell::Empty, int)
}

/// A number with a fixed number of decimals; non-finite values become empty cells.
pub(crate) fn num(value: f64, decimals: usize) -> Cell {
    if value.is_finite() {
        let mut s = format!("{value:.decimals$}");
        if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
            s.remove(0);
        }
        Cell::Number(s)
    } else {
        Cell::Empty
    }
}

pub(crate) fn opt_num(value: Option<f64>, decimals: usize) -> Cell {
    value.map_or(Cell::Empty, |v| num(v, decimals))
}

pub(crate) fn boolean(value: bool) -> Cell {
    Cell::Number(if value { "true" } else { "false" }.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed_and_neutralises_formulas() {
        let mut csv = Csv::with_header(&["a", "b", "c", "d"]);
        csv.row([text("Hà Nội, Việt Nam"), text("=SUM(A1)"), num(-0.0001, 2), text("say \"hi\"")]);
        csv.row([text("-5"), text("-x"), Cell::Empty, int(3.4)]);
        assert_eq!(csv.finish(), "a,b,c,d\n\"Hà Nội, Việt Nam\",'=SUM(A1),0.00,\"say \"\"hi\"\"\"\n-5,'-x,,3\n");
    }
}
