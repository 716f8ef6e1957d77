//! The fonts compiled into the binary (Noto Sans, SIL Open Font License 1.1): every chart,
//! map and PDF page uses them, so output never depends on the fonts of the machine.

use std::sync::Once;

pub(crate) const REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
pub(crate) const BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");
/// The family name charts ask for; registered with plotters and given to the SVG renderer.
pub(crate) const FAMILY: &str = "Noto Sans";

static REGISTER: Once = Once::new();

/// Registers the embedded fonts with plotters (once per process).
pub(crate) fn register_for_charts() {
    REGISTER.call_once(|| {
        use plotters::style::{FontStyle, register_font};
        for family in [FAMILY, "sans-serif"] {
            if register_font(family, FontStyle::Normal, REGULAR).is_err()
                || register_font(family, FontStyle::Bold, BOLD).is_err()
            {
                panic!("the embedded Noto Sans font is a valid TrueType font");
            }
        }
    });
}
