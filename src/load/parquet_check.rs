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
pub const MAX_TABLE_ROWS: usize = 10_000_000;
/// Learner records: one row per learner, Vietnam has about 2.5 million a year.
pub const MAX_LEARNER_ROWS: usize = 200_000_000;
/// No real writer makes pages anywhere near this (polars and pyarrow write ~1 MB pages).
const MAX_PAGE_BYTES: usize = 1 << 30;

/// Checks that the row counts, column chunk positions and page headers agree with each other
/// and with the file's size. The message says what is wrong, for "cannot be read as Parquet".
pub fn check<R: Read + Seek>(reader: &mut R, max_rows: usize) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let size = reader.seek(SeekFrom::End(0)).map_err(io)?;
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

/// How many [`guard`]s are running: a panic inside polars during one is reported by the guard.
static GUARDED: AtomicUsize = AtomicUsize::new(0);
static QUIET_POLARS_PANICS: Once = Once::new();

/// Runs `read`, turning a panic inside polars into an error message. The panic hook that was
/// installed before (Rust's default, or the fuzzer's) still sees every other panic, so a bug
/// of ours is never hidden.
pub fn guard<T>(read: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
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
    fn a_file_cut_short_is_refused() {
        let mut frame = polars::df!("id" => ["F01", "F02"]).expect("frame");
        let bytes = parquet_of(&mut frame);
        assert!(check(&mut Cursor::new(&bytes[..bytes.len() / 2]), 10).is_err());
    }
}
