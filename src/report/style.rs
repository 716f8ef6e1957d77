//! The look shared by charts, maps and the PDF: the one colour type ([`Colour`]), the
//! Okabe-Ito palette, colours by role ([`Tone`]), sizes scaled for the output resolution
//! ([`Style`]) and the result of drawing.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

use super::fonts;

/// An RGB colour, the one colour type of the report (charts, maps, PDF); serialises as hex
/// (`"#0072b2"`) in the chart data. A library that needs its own colour type gets it at the
/// edge: plotters through its `Color` trait (below), krilla in `pdf::colour`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Serialize for Colour {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2))
    }
}

impl Color for Colour {
    fn to_backend_color(&self) -> plotters_backend::BackendColor {
        plotters_backend::BackendColor { alpha: 1.0, rgb: (self.0, self.1, self.2) }
    }
}

/// Okabe-Ito colours.
pub(crate) const BLUE: Colour = Colour(0, 114, 178);
pub(crate) const ORANGE: Colour = Colour(230, 159, 0);
pub(crate) const SKY: Colour = Colour(86, 180, 233);
pub(crate) const GREEN: Colour = Colour(0, 158, 115);
pub(crate) const VERMILLION: Colour = Colour(213, 94, 0);
pub(crate) const GREY: Colour = Colour(110, 110, 110);
pub(crate) const LIGHT_GREY: Colour = Colour(225, 225, 225);
pub(crate) const INK: Colour = Colour(30, 30, 30);

/// Colours by role, serialised by name in the chart data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Tone {
    Blue,
    Orange,
    Sky,
    Green,
    Vermillion,
    Grey,
}

impl Tone {
    pub fn rgb(self) -> Colour {
        match self {
            Tone::Blue => BLUE,
            Tone::Orange => ORANGE,
            Tone::Sky => SKY,
            Tone::Green => GREEN,
            Tone::Vermillion => VERMILLION,
            Tone::Grey => GREY,
        }
    }
}

pub(crate) type DrawResult = Result<(), String>;

pub(crate) fn fail<E: std::fmt::Display>(e: E) -> String {
    format!("chart drawing failed: {e}")
}

/// Sizes scaled for the output resolution.
#[derive(Clone, Copy)]
pub(crate) struct Style {
    pub(crate) scale: f64,
}

impl Style {
    pub(crate) fn px(&self, v: f64) -> i32 {
        (v * self.scale).round() as i32
    }

    pub(crate) fn upx(&self, v: f64) -> u32 {
        (v * self.scale).round().max(0.0) as u32
    }

    pub(crate) fn font(&self, size: f64) -> TextStyle<'static> {
        (fonts::FAMILY, size * self.scale).into_font().color(&INK)
    }

    pub(crate) fn bold(&self, size: f64) -> TextStyle<'static> {
        (fonts::FAMILY, size * self.scale, FontStyle::Bold).into_font().color(&INK)
    }

    pub(crate) fn grey(&self, size: f64) -> TextStyle<'static> {
        (fonts::FAMILY, size * self.scale).into_font().color(&GREY)
    }

    /// A legend label: starts at its point, centred on it vertically.
    pub(crate) fn legend(&self, size: f64) -> TextStyle<'static> {
        self.font(size).pos(Pos::new(HPos::Left, VPos::Center))
    }
}

/// The axes of every chart: light major grid lines and none between them, grey axis lines,
/// tick labels of `label_size` and axis titles of 15. The caller adds ticks, formats and
/// titles, then draws.
pub(crate) fn axes<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    s: Style,
    label_size: f64,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    mesh.light_line_style(WHITE)
        .bold_line_style(LIGHT_GREY)
        .label_style(s.font(label_size))
        .axis_desc_style(s.font(15.0))
        .axis_style(GREY)
}

/// A legend entry's label at `at` (the left end, centred vertically on the swatch).
pub(crate) fn legend_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    label: &str,
    at: (i32, i32),
    s: Style,
    size: f64,
) -> DrawResult {
    area.draw(&Text::new(label.to_string(), at, s.legend(size))).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colour_is_hex_in_the_chart_data_and_the_same_rgb_for_plotters() {
        assert_eq!(serde_json::to_string(&BLUE).unwrap(), "\"#0072b2\"");
        assert_eq!(serde_json::to_string(&Colour(253, 231, 37)).unwrap(), "\"#fde725\"");
        assert_eq!(Color::rgb(&Tone::Vermillion.rgb()), (213, 94, 0));
        assert_eq!(Color::alpha(&INK), 1.0);
    }
}
