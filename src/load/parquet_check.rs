//! A check of a Parquet file's structure before polars decodes it.
//!
//! polars trusts the value counts written in page headers: a damaged file whose data page
//! claims -1 values (read as 2^64) makes it allocate exabytes, and the process aborts with no
//! message (found by fuzzing, `fuzz/corpus/parquet/crash-negative-page-count`). Reading the
//! footer and every page header is cheap (no page is decompressed), so damaged files get a
//! sentence instead of a crash. polars also panics on some damaged footers (an unchecked
//! addition): [`guard`] turns those panics into errors.

use std::io::{Cursor, Read, Seek, SeekFrom};
use std::panic::AssertUnwindSafe;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use polars_buffer::Buffer;
use polars_parquet::parquet::page::CompressedPage;
use polars_parquet::parquet::read::{PageReader, read_metadata};

/// Tables (facilities, programmes...) have at most this many rows.
pub(crate) const MAX_TABLE_ROWS: usize = 10_000_000;
/// Learner records: one row per learner, Vietnam has about 2.5 million a year.
pub(crate) const MAX_LEARNER_ROWS: usize = 200_000_000;
/// Footers of real tables are kilobytes; polars reads the whole footer into memory.
const MAX_FOOTER_BYTES: u64 = 64 << 20;
/// No real writer makes pages anywhere near this (polars and pyarrow write ~1 MB pages).
const MAX_PAGE_BYTES: usize = 1 << 30;

/// Checks that the row counts, column chunk positions and page headers agree with each other
/// and with the file's size. The message says what is wrong, for "cannot be read as Parquet".
pub(crate) fn check<R: Read + Seek>(reader: &mut R, max_rows: usize) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let size = reader.seek(SeekFrom::End(0)).map_err(io)?;
    if size < 12 {
        return Err("the file is too short to be Parquet".into());
    }
    let mut tail = [0u8; 8];
    reader.seek(SeekFrom::End(-8)).map_err(io)?;
    reader.read_exact(&mut tail).map_err(io)?;
    let footer_len = u64::from(u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]));
    if &tail[4..] != b"PAR1" || footer_len > size - 12 || footer_len > MAX_FOOTER_BYTES {
        return Err("the file does not end like a Parquet file (it may be cut short)".into());
    }
    let mut footer = vec![0; footer_len as usize];
    reader.seek(SeekFrom::End(-8 - footer_len as i64)).map_err(io)?;
    reader.read_exact(&mut footer).map_err(io)?;
    Thrift { bytes: &footer, at: 0 }
        .skip_struct(Kind::File, 0)
        .map_err(|why| format!("the file's footer is damaged: {why}"))?;
    reader.seek(SeekFrom::Start(0)).map_err(io)?;
    let metadata = read_metadata(reader).map_err(|e| e.to_string())?;
    let declared_rows: usize = metadata.row_groups.iter().map(|g| g.num_rows()).fold(0, usize::saturating_add);
    if metadata.num_rows > max_rows || declared_rows > max_rows {
        return Err(format!(
            "the file declares {} rows, more than the limit of {max_rows}",
            metadata.num_rows.max(declared_rows)
        ));
    }
    for group in &metadata.row_groups {
        let rows = group.num_rows();
        for column in group.parquet_columns() {
            let name = column.descriptor().path_in_schema.join(".");
            if column.descriptor().descriptor.max_rep_level > 0 {
                return Err(format!("column '{name}' holds lists; give one value per cell"));
            }
            let range = column.byte_range();
            if range.start > range.end || range.end > size {
                return Err(format!("column '{name}' points outside the file (the file is damaged or cut short)"));
            }
            if usize::try_from(column.num_values()).map_or(true, |n| n > rows) {
                return Err(format!(
                    "column '{name}' declares {} values in a row group of {rows} rows",
                    column.num_values()
                ));
            }
            let mut chunk = vec![0; (range.end - range.start) as usize];
            reader.seek(SeekFrom::Start(range.start)).map_err(io)?;
            reader.read_exact(&mut chunk).map_err(io)?;
            let pages = PageReader::new(Cursor::new(Buffer::from(chunk)), column, vec![], MAX_PAGE_BYTES);
            for page in pages {
                if let CompressedPage::Data(page) = page.map_err(|e| format!("column '{name}': {e}"))? {
                    if page.num_values() > rows || page.uncompressed_size() > MAX_PAGE_BYTES {
                        return Err(format!(
                            "column '{name}' has a page that declares {} values ({} bytes) in a row group of {rows} rows",
                            page.header().num_values() as i64,
                            page.uncompressed_size()
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// What the Parquet format says a field holds, for the fields polars decodes by field id
/// (polars reads them as the format says, whatever type the bytes declare).
#[derive(Clone, Copy, Debug)]
enum Field {
    Varint,
    Byte,
    Bool,
    Binary,
    List(&'static Field),
    Struct(Kind),
}

impl Field {
    /// The field's type in words, for messages.
    fn describe(self) -> &'static str {
        match self {
            Field::Varint => "an integer",
            Field::Byte => "a byte",
            Field::Bool => "a boolean",
            Field::Binary => "binary data",
            Field::List(_) => "a list",
            Field::Struct(_) => "a structure",
        }
    }
}

/// The structures of a Parquet footer that polars decodes.
#[derive(Clone, Copy, Debug)]
enum Kind {
    File,
    Schema,
    RowGroup,
    Chunk,
    ColumnMeta,
    Stats,
    KeyValue,
    Sorting,
    ColumnOrder,
    Logical,
    Empty,
    Decimal,
    TimeUnit,
    Time,
    Int,
}

/// The fields of each structure as polars 0.55 decodes them (`file_metadata_thrift.rs`);
/// `None`: skipped by the type the bytes declare.
fn field(kind: Kind, id: i16) -> Option<Field> {
    use Field::*;
    Some(match (kind, id) {
        (Kind::File, 1 | 3) => Varint,
        (Kind::File, 2) => List(&Struct(Kind::Schema)),
        (Kind::File, 4) => List(&Struct(Kind::RowGroup)),
        (Kind::File, 5) => List(&Struct(Kind::KeyValue)),
        (Kind::File, 6) => Binary,
        (Kind::File, 7) => List(&Struct(Kind::ColumnOrder)),
        (Kind::Schema, 1..=3 | 5..=9) => Varint,
        (Kind::Schema, 4) => Binary,
        (Kind::Schema, 10) => Struct(Kind::Logical),
        (Kind::RowGroup, 1) => List(&Struct(Kind::Chunk)),
        (Kind::RowGroup, 2 | 3 | 5..=7) => Varint,
        (Kind::RowGroup, 4) => List(&Struct(Kind::Sorting)),
        (Kind::Chunk, 1) => Binary,
        (Kind::Chunk, 2 | 4..=7) => Varint,
        (Kind::Chunk, 3) => Struct(Kind::ColumnMeta),
        (Kind::ColumnMeta, 1 | 4..=7 | 9..=11 | 14 | 15) => Varint,
        (Kind::ColumnMeta, 2) => List(&Varint),
        (Kind::ColumnMeta, 3) => List(&Binary),
        (Kind::ColumnMeta, 12) => Struct(Kind::Stats),
        (Kind::Stats, 1 | 2 | 5 | 6) => Binary,
        (Kind::Stats, 3 | 4) => Varint,
        (Kind::Stats, 7 | 8) => Bool,
        (Kind::KeyValue, 1 | 2) => Binary,
        (Kind::Sorting, 1) => Varint,
        (Kind::Sorting, 2 | 3) => Bool,
        (Kind::ColumnOrder, 1 | 2) => Struct(Kind::Empty),
        (Kind::Logical, 1..=4 | 6 | 11..=15) => Struct(Kind::Empty),
        (Kind::Logical, 5) => Struct(Kind::Decimal),
        (Kind::Logical, 7 | 8) => Struct(Kind::Time),
        (Kind::Logical, 10) => Struct(Kind::Int),
        (Kind::Decimal, 1 | 2) => Varint,
        (Kind::TimeUnit, 1..=3) => Struct(Kind::Empty),
        (Kind::Time, 1) => Bool,
        (Kind::Time, 2) => Struct(Kind::TimeUnit),
        (Kind::Int, 1) => Byte,
        (Kind::Int, 2) => Bool,
        _ => return None,
    })
}

/// No footer list that polars allocates up front may be longer (a table with a million
/// columns or row groups is not one we read).
const MAX_FOOTER_ITEMS: u64 = 1_000_000;

/// A walk over a footer's Thrift compact-protocol bytes, the way polars will read them, that
/// checks every type and every declared length before polars reserves memory for it. Found
/// by fuzzing: a footer declaring a list of 6 x 10^15 key-value pairs, or a schema field whose
/// bytes are not a list at all, made polars ask for up to 194 GB and abort.
struct Thrift<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Thrift<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("it ends in the middle of a value")?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a number is longer than 64 bits".into())
    }

    /// Skips `n` bytes.
    fn skip_bytes(&mut self, n: u64) -> Result<(), String> {
        self.fits(n)?;
        self.at += n as usize;
        Ok(())
    }

    /// Checks that `n` bytes, or `n` items of at least one byte each, can follow.
    fn fits(&self, n: u64) -> Result<(), String> {
        let left = (self.bytes.len() - self.at) as u64;
        if n > left {
            return Err(format!("it declares {n} bytes or items where {left} bytes are left"));
        }
        Ok(())
    }

    fn list_header(&mut self) -> Result<(u64, u8), String> {
        let header = self.byte()?;
        let n = if header >> 4 == 15 { self.varint()? } else { u64::from(header >> 4) };
        self.fits(n)?;
        Ok((n, header & 0x0f))
    }

    fn skip_struct(&mut self, kind: Kind, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Err("structures nested more than 64 deep".into());
        }
        let mut last_id = 0i16;
        loop {
            let header = self.byte()?;
            let wire = header & 0x0f;
            if wire == 0 {
                return Ok(());
            }
            let id = match header >> 4 {
                0 => {
                    let zigzag = self.varint()?;
                    ((zigzag >> 1) as i64 ^ -((zigzag & 1) as i64)) as i16
                }
                delta => last_id.checked_add(i16::from(delta)).ok_or("a field number overflows")?,
            };
            last_id = id;
            match field(kind, id) {
                Some(expected) => self.typed(expected, wire, false, depth)?,
                None if matches!(wire, 1 | 2) => {} // a boolean field is all in its header
                None => self.skip(wire, depth)?,
            }
        }
    }

    /// A value the format gives a type to: the bytes must declare that type.
    fn typed(&mut self, expected: Field, wire: u8, in_list: bool, depth: usize) -> Result<(), String> {
        let matches = match expected {
            Field::Varint => matches!(wire, 4..=6),
            Field::Byte => wire == 3,
            Field::Bool => matches!(wire, 1 | 2),
            Field::Binary => wire == 8,
            Field::List(_) => matches!(wire, 9 | 10),
            Field::Struct(_) => wire == 12,
        };
        if !matches {
            return Err(format!("a value of type {wire} where the format has {}", expected.describe()));
        }
        match expected {
            Field::Bool if !in_list => Ok(()),
            Field::List(element) => {
                let (n, element_wire) = self.list_header()?;
                if n > MAX_FOOTER_ITEMS {
                    return Err(format!("a list of {n} items (the limit is {MAX_FOOTER_ITEMS})"));
                }
                for _ in 0..n {
                    self.typed(*element, element_wire, true, depth + 1)?;
                }
                Ok(())
            }
            Field::Struct(kind) => self.skip_struct(kind, depth + 1),
            _ => self.skip(wire, depth),
        }
    }

    /// A value skipped by the type its bytes declare.
    fn skip(&mut self, wire: u8, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Err("structures nested more than 64 deep".into());
        }
        match wire {
            1..=3 => {
                self.byte()?;
            }
            4..=6 => {
                self.varint()?;
            }
            7 => self.skip_bytes(8)?,
            8 => {
                let len = self.varint()?;
                self.skip_bytes(len)?;
            }
            9 | 10 => {
                let (n, element_wire) = self.list_header()?;
                for _ in 0..n {
                    self.skip(element_wire, depth + 1)?;
                }
            }
            11 => {
                let n = self.varint()?;
                if n > 0 {
                    let kinds = self.byte()?;
                    self.fits(n.saturating_mul(2))?;
                    for _ in 0..n {
                        self.skip(kinds >> 4, depth + 1)?;
                        self.skip(kinds & 0x0f, depth + 1)?;
                    }
                }
            }
            12 => self.skip_struct(Kind::Empty, depth + 1)?,
            other => return Err(format!("unknown value type {other}")),
        }
        Ok(())
    }
}

/// How many [`guard`]s are running: a panic inside polars during one is reported by the guard.
static GUARDED: AtomicUsize = AtomicUsize::new(0);
static QUIET_POLARS_PANICS: Once = Once::new();

/// Runs `read`, turning a panic inside polars into an error message. The panic hook that was
/// installed before (Rust's default, or the fuzzer's) still sees every other panic, so a bug
/// of ours is never hidden.
pub(crate) fn guard<T>(read: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    QUIET_POLARS_PANICS.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_polars = info.location().is_some_and(|at| at.file().contains("polars-"));
            if !(in_polars && GUARDED.load(Ordering::SeqCst) > 0) {
                previous(info);
            }
        }));
    });
    GUARDED.fetch_add(1, Ordering::SeqCst);
    let result = std::panic::catch_unwind(AssertUnwindSafe(read));
    GUARDED.fetch_sub(1, Ordering::SeqCst);
    result.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!("the file is damaged (the Parquet reader stopped: {why}); export it again"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parquet_of(frame: &mut polars::prelude::DataFrame) -> Vec<u8> {
        let mut bytes = Vec::new();
        polars::prelude::ParquetWriter::new(&mut bytes).finish(frame).expect("writes");
        bytes
    }

    #[test]
    fn a_sound_file_passes() {
        let mut frame = polars::df!("id" => ["F01", "F02"], "places" => [120i64, 80]).expect("frame");
        assert_eq!(check(&mut Cursor::new(parquet_of(&mut frame)), 10), Ok(()));
    }

    #[test]
    fn too_many_rows_are_refused_before_reading() {
        let mut frame = polars::df!("id" => ["F01", "F02", "F03"]).expect("frame");
        let message = check(&mut Cursor::new(parquet_of(&mut frame)), 2).unwrap_err();
        assert_eq!(message, "the file declares 3 rows, more than the limit of 2");
    }

    #[test]
    fn a_footer_declaring_more_items_than_bytes_is_refused() {
        // FileMetaData { 1: i32 version = 1, 5: list<struct> of 2^33 items } in 9 bytes.
        let footer = [0x15, 0x02, 0x49, 0xfc, 0x80, 0x80, 0x80, 0x80, 0x20];
        let walk = |bytes: &[u8]| Thrift { bytes, at: 0 }.skip_struct(Kind::File, 0);
        assert_eq!(walk(&footer).unwrap_err(), "it declares 8589934592 bytes or items where 0 bytes are left");
        // A sound struct: the same version field, then the stop byte.
        assert_eq!(walk(&[0x15, 0x02, 0x00]), Ok(()));
        // Field 2 (the schema, a list) declared as an i32: polars would read a list anyway.
        assert_eq!(walk(&[0x25, 0x02, 0x00]).unwrap_err(), "a value of type 5 where the format has a list");
    }

    #[test]
    fn a_file_cut_short_is_refused() {
        let mut frame = polars::df!("id" => ["F01", "F02"]).expect("frame");
        let bytes = parquet_of(&mut frame);
        assert!(check(&mut Cursor::new(&bytes[..bytes.len() / 2]), 10).is_err());
    }
}
