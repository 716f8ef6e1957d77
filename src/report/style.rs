//! The look shared by charts and maps: the Okabe-Ito palette, colours by role ([`Tone`]),
//! sizes scaled for the output resolution ([`Style`]) and the result of drawing.

use plotters::prelude::*;
use serde::Serialize;

use super::fonts;

/// Okabe-Ito colours.
pub(crate) const BLUE: RGBColor = RGBColor(0, 114, 178);
pub(crate) const ORANGE: RGBColor = RGBColor(230, 159, 0);
pub(crate) const SKY: RGBColor = RGBColor(86, 180, 233);
pub(crate) const GREEN: RGBColor = RGBColor(0, 158, 115);
pub(crate) const VERMILLION: RGBColor = RGBColor(213, 94, 0);
pub(crate) const GREY: RGBColor = RGBColor(110, 110, 110);
pub(crate) const LIGHT_GREY: RGBColor = RGBColor(225, 225, 225);
pub(crate) const INK: RGBColor = RGBColor(30, 30, 30);

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
    pub(crate) fn rgb(self) -> RGBColor {
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
}
