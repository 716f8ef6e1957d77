//! Reading one table (CSV, Parquet or an Excel sheet) into a [`RawTable`]: text cells with the
//! line each row came from, so that validation can say `file:row:column`.
//!
//! CSV and Parquet are parsed by polars. Before polars sees a CSV file, a small quote-aware
//! scan checks its structure (encoding, delimiter, field counts, duplicate headers) so that a
//! broken file is reported with the line to fix instead of a parser message, and so that rows
//! keep their true line numbers even when a quoted cell spans several lines.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use polars::prelude::*;

use crate::error::Issues;

/// A table as read, before any typing: every cell is trimmed text or `None` when empty.
#[derive(Debug, Clone)]
pub struct RawTable {
    /// The name used in messages: `areas.csv`, or `dataset.xlsx[areas]` for a sheet.
    pub(crate) file: String,
    pub(crate) columns: Vec<String>,
    pub rows: Vec<RawRow>,
    pub(crate) readable: bool,
    /// Cells stored as numbers in an Excel sheet, as (index into `rows`, column): codes
    /// typed as numbers lose their leading zeros, which `validate` detects and repairs.
    pub(crate) numeric: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct RawRow {
    /// Line in the file (header = 1) or row in the sheet.
    pub(crate) line: usize,
    pub(crate) cells: Vec<Option<String>>,
}

impl RawTable {
    /// A table whose file exists but could not be parsed (the reason is already reported);
    /// validation skips it rather than calling every column missing.
    pub(crate) fn unreadable(file: &str) -> Self {
        RawTable { file: file.to_string(), columns: Vec::new(), rows: Vec::new(), readable: false, numeric: Vec::new() }
    }

    pub(crate) fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// Parses CSV bytes (UTF-8 with or without BOM, LF or CRLF; `,`, `;` or tab separated).
/// Structural problems are pushed to `issues` and give `None`.
pub fn read_csv(file: &str, bytes: &[u8], issues: &mut Issues) -> Option<RawTable> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Err(err) = std::str::from_utf8(bytes) {
        let line = 1 + bytes[..err.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
        issues.error(
            file,
            Some(line),
            None,
            "the file is not UTF-8 text (perhaps Windows-1258 or TCVN3); \
             save it from Excel as \"CSV UTF-8 (Comma delimited)\"",
        );
        return None;
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        issues.error(file, None, None, "the file is empty; expected a header line naming the columns");
        return None;
    }
    let separator = detect_separator(bytes);
    let scan = scan_records(bytes, separator);
    if let Some(line) = scan.unclosed_quote_line {
        issues.error(
            file,
            Some(line),
            None,
            "a quoted cell starting on this line is never closed (missing '\"'); the file may be truncated",
        );
        return None;
    }
    let header_fields = scan.field_counts.first().copied().unwrap_or(0);
    let mut structural_errors = false;
    for (i, &count) in scan.field_counts.iter().enumerate().skip(1) {
        if count != header_fields {
            structural_errors = true;
            issues.error(
                file,
                Some(scan.record_lines[i]),
                None,
                format!(
                    "this row has {count} cells but the header has {header_fields}; \
                     check for a missing or extra '{}' (quote cells that contain it)",
                    separator as char
                ),
            );
        }
    }
    if structural_errors {
        return None;
    }
    let header_only = RawTable {
        file: file.to_string(),
        columns: scan.header.clone(),
        rows: Vec::new(),
        readable: true,
        numeric: Vec::new(),
    };
    if !check_header(&header_only, issues) {
        return None;
    }

    let parse_options = CsvParseOptions::default().with_separator(separator);
    let frame = CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_parse_options(parse_options)
        .into_reader_with_file_handle(Cursor::new(scan.cleaned.as_slice()))
        .finish();
    let frame = match frame {
        Ok(frame) => frame,
        Err(err) => {
            issues.error(file, None, None, format!("cannot be read as CSV: {err}"));
            return None;
        }
    };
    let data_lines = &scan.record_lines[1.min(scan.record_lines.len())..];
    if frame.height() != data_lines.len() {
        issues.error(
            file,
            None,
            None,
            format!(
                "the CSV reader found {} rows but the file has {} non-empty lines after the header; \
                 check for stray quotes",
                frame.height(),
                data_lines.len()
            ),
        );
        return None;
    }
    let mut table = frame_to_raw(file, &frame, |i| data_lines[i], issues)?;
    table.columns = scan.header;
    Some(table)
}

/// Reads a Parquet file with polars; rows are numbered as if the file were a CSV (first data
/// row = line 2).
pub fn read_parquet(file: &str, bytes: &[u8], issues: &mut Issues) -> Option<RawTable> {
    use super::parquet_check::{MAX_TABLE_ROWS, check, guard};
    let frame = guard(|| {
        check(&mut Cursor::new(bytes), MAX_TABLE_ROWS)
            .map_err(|problem| format!("{problem}; export the table again"))?;
        ParquetReader::new(Cursor::new(bytes)).finish().map_err(|err| err.to_string())
    });
    match frame {
        Ok(frame) => frame_to_raw(file, &frame, |i| i + 2, issues),
        Err(problem) => {
            issues.error(file, None, None, format!("cannot be read as Parquet: {problem}"));
            None
        }
    }
}

fn frame_to_raw(
    file: &str,
    frame: &DataFrame,
    line_of_row: impl Fn(usize) -> usize,
    issues: &mut Issues,
) -> Option<RawTable> {
    let mut columns = Vec::with_capacity(frame.width());
    let mut texts: Vec<Vec<Option<String>>> = Vec::with_capacity(frame.width());
    for column in frame.columns() {
        columns.push(column.name().trim().to_string());
        let as_text = match column.cast(&DataType::String) {
            Ok(c) => c,
            Err(err) => {
                issues.error(
                    file,
                    Some(1),
                    Some(column.name().as_str()),
                    format!("cannot read this column as text: {err}"),
                );
                return None;
            }
        };
        let strings = as_text.str().expect("cast to String gives a string column");
        texts.push(strings.iter().map(clean_cell).collect());
    }
    let rows = (0..frame.height())
        .map(|i| RawRow { line: line_of_row(i), cells: texts.iter_mut().map(|col| col[i].take()).collect() })
        .collect();
    Some(RawTable { file: file.to_string(), columns, rows, readable: true, numeric: Vec::new() })
}

fn clean_cell(cell: Option<&str>) -> Option<String> {
    let trimmed = cell?.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Header problems that make every row ambiguous: empty or duplicated column names.
fn check_header(table: &RawTable, issues: &mut Issues) -> bool {
    let mut ok = true;
    for (i, name) in table.columns.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(first) = table.columns[..i].iter().position(|c| c == name) {
            ok = false;
            issues.error(
                &table.file,
                Some(1),
                Some(name),
                format!("the column '{name}' appears twice (columns {} and {}); keep one", first + 1, i + 1),
            );
        }
    }
    ok
}

/// Reads one sheet of an Excel workbook. Cached cell values are read (formulas are never
/// evaluated); numbers that are whole print without a decimal point; date cells are read as
/// their serial number with a warning.
///
/// The header is the first row unless a row among the first [`TITLE_ROWS`] + 1 names at
/// least two of the table's `known` columns: rows above it (a title, a merged group
/// heading) are then skipped with a warning. Merged cells on the header row are a warning
/// with a hint: only the first cell of a merged range holds the name.
pub(crate) fn read_xlsx_sheet(
    workbook_name: &str,
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &str,
    known: &[&str],
    issues: &mut Issues,
) -> Option<RawTable> {
    let file = format!("{workbook_name}[{sheet}]");
    let range = match workbook.worksheet_range(sheet) {
        Ok(range) => range,
        Err(err) => {
            issues.error(&file, None, None, format!("cannot read the sheet: {err}"));
            return None;
        }
    };
    let Some((first_row, _)) = range.start() else {
        issues.error(&file, None, None, "the sheet is empty; expected a header row naming the columns");
        return None;
    };
    let mut rows = range.rows();
    let names_known = |cells: &[Data]| {
        cells.iter().filter_map(xlsx_text).filter(|t| known.iter().any(|k| k.eq_ignore_ascii_case(t))).count()
    };
    let skipped = range.rows().take(TITLE_ROWS + 1).position(|cells| names_known(cells) >= 2).unwrap_or(0);
    let header_line = first_row as usize + 1 + skipped;
    if skipped > 0 {
        let above = if skipped == 1 {
            format!("row {}", header_line - 1)
        } else {
            format!("rows {}-{}", header_line - skipped, header_line - 1)
        };
        issues.warning(
            &file,
            Some(header_line),
            None,
            format!(
                "the column names are on row {header_line}: {above} above them (a title or a heading) {} skipped; \
                 delete {} so that the column names are on the first row",
                if skipped == 1 { "is" } else { "are" },
                if skipped == 1 { "it" } else { "them" }
            ),
        );
        for _ in 0..skipped {
            rows.next();
        }
    }
    if let Ok(merged) = workbook.merge_cells_by_sheet_name(sheet) {
        let row = header_line as u32 - 1;
        let mut on_header: Vec<&calamine::Dimensions> =
            merged.iter().filter(|m| m.start.0 <= row && row <= m.end.0 && m.start != m.end).collect();
        on_header.sort_by_key(|m| (m.start.1, m.start.0));
        if !on_header.is_empty() {
            let cells: Vec<String> =
                on_header.iter().map(|m| format!("{}:{}", cell_name(m.start), cell_name(m.end))).collect();
            issues.warning(
                &file,
                Some(header_line),
                None,
                format!(
                    "the header has merged cells ({}): only the first cell of a merged range holds a column name; \
                     unmerge them and write one column name in each cell (the names are in docs/data.md)",
                    cells.join(", ")
                ),
            );
        }
    }
    let header: Vec<String> =
        rows.next().map(|cells| cells.iter().map(|c| xlsx_text(c).unwrap_or_default()).collect()).unwrap_or_default();
    let mut table =
        RawTable { file: file.clone(), columns: header, rows: Vec::new(), readable: true, numeric: Vec::new() };
    for (i, cells) in rows.enumerate() {
        let line = header_line + 1 + i;
        let mut texts = Vec::with_capacity(cells.len());
        let mut numeric = Vec::new();
        for (c, cell) in cells.iter().enumerate() {
            if matches!(cell, Data::Int(_) | Data::Float(_)) {
                numeric.push(c);
            }
            if let Data::DateTime(date) = cell {
                let column = table.columns.get(c).map(String::as_str);
                issues.warning(
                    &file,
                    Some(line),
                    column,
                    format!(
                        "the cell is formatted as a date in Excel; read as the number {}",
                        format_number(date.as_f64())
                    ),
                );
            }
            texts.push(xlsx_text(cell));
        }
        if texts.iter().all(Option::is_none) {
            continue;
        }
        table.numeric.extend(numeric.into_iter().map(|c| (table.rows.len(), c)));
        table.rows.push(RawRow { line, cells: texts });
    }
    check_header(&table, issues).then_some(table)
}

/// Rows above the header a sheet may have (a title, a date, a merged group heading).
const TITLE_ROWS: usize = 10;

/// A cell's name in Excel's notation: (row 2, column 27), both from 0, is `AB3`.
fn cell_name((row, column): (u32, u32)) -> String {
    let mut letters = Vec::new();
    let mut c = column + 1;
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).expect("ASCII letters"), row + 1)
}

fn xlsx_text(cell: &Data) -> Option<String> {
    let text = match cell {
        Data::Empty => return None,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format_number(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => format_number(d.as_f64()),
        Data::Error(e) => format!("#ERROR({e})"),
    };
    (!text.is_empty()).then_some(text)
}

/// Whole numbers print without a decimal point so that Excel's 2025.0 reads as 2025.
pub(crate) fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value}") }
}

/// Picks `,` unless the header line clearly uses `;` or tab (Excel in a Vietnamese or
/// European locale saves "CSV" with semicolons).
fn detect_separator(bytes: &[u8]) -> u8 {
    let header_end = bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len());
    let header = &bytes[..header_end];
    let count = |sep: u8| header.iter().filter(|&&b| b == sep).count();
    let (commas, semicolons, tabs) = (count(b','), count(b';'), count(b'\t'));
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas && tabs > semicolons {
        b'\t'
    } else {
        b','
    }
}

struct RecordScan {
    /// Starting line of each non-empty record (header first).
    record_lines: Vec<usize>,
    field_counts: Vec<usize>,
    unclosed_quote_line: Option<usize>,
    /// The bytes without blank lines, for polars (which would read them as empty rows).
    cleaned: Vec<u8>,
    /// Header names as written (polars would rename duplicates).
    header: Vec<String>,
}

/// A quote-aware pass over the bytes: where each record starts, how many fields it has,
/// and the records without the blank lines between them.
fn scan_records(bytes: &[u8], separator: u8) -> RecordScan {
    let mut scan = RecordScan {
        record_lines: Vec::new(),
        field_counts: Vec::new(),
        unclosed_quote_line: None,
        cleaned: Vec::with_capacity(bytes.len()),
        header: Vec::new(),
    };
    let mut line = 1;
    let mut in_quotes = false;
    let mut quote_start_line = 0;
    let mut fields = 1;
    let mut record_has_content = false;
    let mut record_start_line = 1;
    let mut record_start = 0;
    let mut i = 0;
    let end_record =
        |scan: &mut RecordScan, start: usize, end: usize, fields: usize, start_line: usize, content: bool| {
            if content {
                if scan.record_lines.is_empty() {
                    scan.header = split_header(&bytes[start..end], separator);
                }
                scan.record_lines.push(start_line);
                scan.field_counts.push(fields);
                scan.cleaned.extend_from_slice(&bytes[start..end]);
                if !scan.cleaned.ends_with(b"\n") {
                    scan.cleaned.push(b'\n');
                }
            }
        };
    while i < bytes.len() {
        let b = bytes[i];
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            } else if b == b'\n' {
                line += 1;
            }
        } else if b == b'"' {
            in_quotes = true;
            quote_start_line = line;
            record_has_content = true;
        } else if b == separator {
            fields += 1;
            record_has_content = true;
        } else if b == b'\n' {
            end_record(&mut scan, record_start, i + 1, fields, record_start_line, record_has_content);
            line += 1;
            fields = 1;
            record_has_content = false;
            record_start_line = line;
            record_start = i + 1;
        } else if !b.is_ascii_whitespace() {
            record_has_content = true;
        }
        i += 1;
    }
    if in_quotes {
        scan.unclosed_quote_line = Some(quote_start_line);
    } else {
        end_record(&mut scan, record_start, bytes.len(), fields, record_start_line, record_has_content);
    }
    scan
}

/// Header names: split on the separator outside quotes, unquoted and trimmed.
fn split_header(record: &[u8], separator: u8) -> Vec<String> {
    let text = String::from_utf8_lossy(record);
    let mut names = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let mut chars = text.trim_end_matches(['\r', '\n']).chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                current.push('"');
                chars.next();
            }
            '"' => in_quotes = !in_quotes,
            c if !in_quotes && c as u32 == u32::from(separator) => {
                names.push(std::mem::take(&mut current).trim().to_string())
            }
            c => current.push(c),
        }
    }
    names.push(current.trim().to_string());
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &[u8]) -> (Option<RawTable>, Vec<String>) {
        let mut issues = Issues::default();
        let table = read_csv("t.csv", text, &mut issues);
        (table, issues.items.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn reads_utf8_with_bom_and_crlf() {
        let (table, issues) = read(b"\xef\xbb\xbfid,name\r\n01,Th\xc3\xa0nh\r\n02,B\r\n");
        assert!(issues.is_empty(), "{issues:?}");
        let table = table.unwrap();
        assert_eq!(table.columns, ["id", "name"]);
        assert_eq!(table.rows[0].cells, [Some("01".into()), Some("Thành".into())]);
        assert_eq!(table.rows[1].line, 3);
    }

    #[test]
    fn keeps_true_line_numbers_across_blank_lines_and_multiline_cells() {
        let (table, issues) = read(b"id,note\n1,\"two\nlines\"\n\n2,x\n");
        assert!(issues.is_empty(), "{issues:?}");
        let lines: Vec<usize> = table.unwrap().rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 5]);
    }

    #[test]
    fn reports_ragged_rows_with_their_line() {
        let (table, issues) = read(b"a,b,c\n1,2,3\n4,5\n");
        assert!(table.is_none());
        assert_eq!(
            issues,
            [
                "t.csv:3: this row has 2 cells but the header has 3; check for a missing or extra ',' (quote cells that contain it)"
            ]
        );
    }

    #[test]
    fn accepts_semicolon_separated_files() {
        let (table, issues) = read(b"a;b\n1;2\n");
        assert!(issues.is_empty());
        assert_eq!(table.unwrap().rows[0].cells, [Some("1".into()), Some("2".into())]);
    }

    #[test]
    fn rejects_non_utf8_with_the_line() {
        let (table, issues) = read(b"a,b\n1,2\n3,Th\xe0nh\n");
        assert!(table.is_none());
        assert!(issues[0].starts_with("t.csv:3: the file is not UTF-8"), "{issues:?}");
    }

    #[test]
    fn rejects_empty_files_and_unclosed_quotes() {
        assert_eq!(read(b"").1, ["t.csv: the file is empty; expected a header line naming the columns"]);
        let (_, issues) = read(b"a,b\n1,\"open\n");
        assert!(issues[0].starts_with("t.csv:2: a quoted cell"), "{issues:?}");
    }

    #[test]
    fn rejects_duplicate_columns() {
        let (table, issues) = read(b"a,b,a\n1,2,3\n");
        assert!(table.is_none());
        assert_eq!(issues, ["t.csv:1:a: the column 'a' appears twice (columns 1 and 3); keep one"]);
    }

    #[test]
    fn header_only_file_gives_an_empty_table() {
        let (table, issues) = read(b"a,b\n");
        assert!(issues.is_empty());
        assert!(table.unwrap().rows.is_empty());
    }

    #[test]
    fn whole_numbers_print_without_decimals() {
        assert_eq!(format_number(2025.0), "2025");
        assert_eq!(format_number(0.25), "0.25");
    }
}
