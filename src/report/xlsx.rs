//! `tables.xlsx`: every output table as a sheet, for people who work in spreadsheets.
//! Header row bold and frozen, numbers stored as numbers with formats (thousands, decimals,
//! percentages), text stored as text (never as a formula), column widths set.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};

use super::table::{Kind, Table, Value};

/// Excel's limit on sheet names.
const MAX_SHEET_NAME: usize = 31;

pub(crate) fn workbook(tables: &[Table], created_unix: i64) -> Result<Vec<u8>, String> {
    let fail = |e: rust_xlsxwriter::XlsxError| format!("cannot write tables.xlsx: {e}");
    let mut workbook = Workbook::new();
    // A fixed creation time (SOURCE_DATE_EPOCH when set) keeps the file reproducible.
    let created = ExcelDateTime::from_timestamp(created_unix).map_err(fail)?;
    workbook.set_properties(&DocProperties::new().set_title("tvetplan report tables").set_creation_datetime(&created));
    let header = Format::new().set_bold().set_align(FormatAlign::Center).set_text_wrap();
    let formats = |kind: Kind| -> Format {
        match kind {
            Kind::Int => Format::new().set_num_format("#,##0"),
            Kind::Num(0) => Format::new().set_num_format("#,##0"),
            Kind::Num(1) => Format::new().set_num_format("#,##0.0"),
            Kind::Num(2) => Format::new().set_num_format("#,##0.00"),
            Kind::Num(_) => Format::new().set_num_format("#,##0.000"),
            Kind::Share => Format::new().set_num_format("0.0%"),
            Kind::Text | Kind::Bool => Format::new(),
        }
    };
    for table in tables {
        let sheet = workbook.add_worksheet();
        let name: String = table.name.chars().take(MAX_SHEET_NAME).collect();
        sheet.set_name(name).map_err(fail)?;
        let mut widths: Vec<usize> = table.columns.iter().map(|c| c.name.len()).collect();
        for (c, column) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, column.name, &header).map_err(fail)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = (r + 1) as u32;
            for (c, (value, column)) in row.iter().zip(&table.columns).enumerate() {
                let c16 = c as u16;
                match value {
                    Value::Text(text) => {
                        sheet.write_string(r, c16, text).map_err(fail)?;
                        widths[c] = widths[c].max(text.chars().count());
                    }
                    Value::Num(v) => {
                        sheet.write_number_with_format(r, c16, *v, &formats(column.kind)).map_err(fail)?;
                        widths[c] = widths[c].max(12);
                    }
                    Value::Bool(b) => {
                        sheet.write_boolean(r, c16, *b).map_err(fail)?;
                    }
                    Value::Empty => {}
                }
            }
        }
        for (c, width) in widths.iter().enumerate() {
            sheet.set_column_width(c as u16, (*width as f64 + 2.0).min(60.0)).map_err(fail)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}
