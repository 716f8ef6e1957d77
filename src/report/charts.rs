//! Charts: the numbers behind each chart ([`Chart`], snapshot-tested) and their drawing,
//! generic over plotters' `DrawingBackend`. [`render_svg`] and [`render_png`] are the one
//! place where an output format is mapped to a backend.
//!
//! Layout is in logical pixels of a 1200 x 750 canvas; PNG output is drawn at twice that
//! (2400 x 1500, 300 dpi at 8 x 5 inches) by scaling every size. Colours come from the
//! Okabe-Ito palette, which stays distinct for the common forms of colour blindness.

use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentValue;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

use super::fonts;
pub(crate) use super::style::{BLUE, GREEN, GREY, INK, Tone};
use super::style::{DrawResult, Style, axes, fail};

pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 750;
pub(crate) const PNG_SCALE: f64 = 2.0;

/// A chart: file name, texts, and the data drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// File stem: `charts/<name>.png` and `.svg`.
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) source: String,
    pub(crate) body: ChartBody,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum ChartBody {
    HBars(HBars),
    Scatter(Scatter),
    /// Bar charts side by side sharing their rows (labels shown on the first only).
    Panels(Vec<HBars>),
    Map(super::maps::MapChart),
    Lines(Lines),
    /// The roadmap: actions by year, schools against the cap, cumulative savings.
    Roadmap(super::roadmap::RoadmapChart),
}

/// Yearly lines (e.g. KPI trajectories) with dashed reference lines (targets).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Lines {
    pub(crate) y_axis: String,
    pub(crate) lang: super::i18n::Lang,
    pub(crate) series: Vec<LineSeries>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct LineSeries {
    pub(crate) label: String,
    pub(crate) tone: Tone,
    pub(crate) style: LineStyle,
    /// (year, share)
    pub(crate) points: Vec<(i32, f64)>,
    /// A shaded range around the line (low and high by year), not in the legend.
    pub(crate) band: Option<Band>,
}

/// Low and high values by year: (year, share) each.
pub(crate) type Band = (Vec<(i32, f64)>, Vec<(i32, f64)>);

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum LineStyle {
    /// A line with a dot per year and the last value written beside it (a projection).
    Solid,
    /// A dashed line (a target).
    Dashed,
    /// Rings, no line (observed values).
    Observed,
}

/// Points on two numeric axes; highlighted points are joined in x order (e.g. a Pareto
/// front) and labelled points get a text next to them, placed so labels do not overlap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Scatter {
    pub(crate) x_axis: String,
    pub(crate) y_axis: String,
    pub(crate) lang: super::i18n::Lang,
    pub(crate) points: Vec<ScatterPoint>,
    pub(crate) legend: Vec<(Tone, String)>,
    /// Points beyond this x are left off the plot (and counted in `note`), so that a few
    /// extreme options do not squash all the others into a corner.
    pub(crate) x_max: Option<f64>,
    pub(crate) note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ScatterPoint {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) tone: Tone,
    pub(crate) highlighted: bool,
    pub(crate) label: Option<String>,
}

/// How values are printed on an axis and at the end of bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ValueFormat {
    /// 0.42 -> "42%".
    Percent,
    /// Whole numbers with thousands separators.
    Count,
    /// Two decimals.
    Ratio,
    /// One decimal (scores 0-100).
    Score,
}

/// Horizontal bars, one row per item (top row first), one or two series per row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct HBars {
    pub(crate) axis: String,
    pub(crate) format: ValueFormat,
    pub(crate) lang: super::i18n::Lang,
    pub(crate) rows: Vec<HBarRow>,
    /// Vertical reference lines: value and label.
    pub(crate) thresholds: Vec<(f64, String)>,
    /// A shaded band between two values (e.g. the balanced coverage range).
    pub(crate) band: Option<(f64, f64, String)>,
    pub(crate) legend: Vec<(Tone, String)>,
}

impl HBars {
    /// Bars in `lang` on an axis titled `axis`, with no reference line, band or legend (the
    /// methods below add them).
    pub(crate) fn new(
        axis: impl Into<String>,
        format: ValueFormat,
        lang: super::i18n::Lang,
        rows: Vec<HBarRow>,
    ) -> HBars {
        HBars { axis: axis.into(), format, lang, rows, thresholds: Vec::new(), band: None, legend: Vec::new() }
    }

    /// With vertical reference lines: value and label.
    pub(crate) fn thresholds(self, thresholds: Vec<(f64, String)>) -> HBars {
        HBars { thresholds, ..self }
    }

    /// With a shaded band from `low` to `high`.
    pub(crate) fn band(self, low: f64, high: f64, label: impl Into<String>) -> HBars {
        HBars { band: Some((low, high, label.into())), ..self }
    }

    pub(crate) fn legend(self, legend: Vec<(Tone, String)>) -> HBars {
        HBars { legend, ..self }
    }

    /// The chart of these bars alone.
    pub(crate) fn chart(self, name: &str, title: String, source: String) -> Chart {
        Chart { name: name.into(), title, source, body: ChartBody::HBars(self) }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct HBarRow {
    pub(crate) label: String,
    /// (value, colour) per series.
    pub(crate) values: Vec<(f64, Tone)>,
}

pub(crate) fn render_svg(chart: &Chart) -> Result<String, String> {
    render_svg_sized(chart, (WIDTH, HEIGHT))
}

/// The PDF draws charts 515 points wide: a smaller canvas keeps their text readable there.
pub(crate) const PDF_SIZE: (u32, u32) = (900, 562);

pub(crate) fn render_svg_sized(chart: &Chart, size: (u32, u32)) -> Result<String, String> {
    fonts::register_for_charts();
    let mut svg = String::new();
    {
        let backend = SVGBackend::with_string(&mut svg, size);
        draw(chart, backend.into_drawing_area(), Style { scale: 1.0 })?;
    }
    Ok(svg)
}

/// Renders at print resolution and encodes as PNG in memory.
pub(crate) fn render_png(chart: &Chart) -> Result<Vec<u8>, String> {
    fonts::register_for_charts();
    let (w, h) = ((f64::from(WIDTH) * PNG_SCALE) as u32, (f64::from(HEIGHT) * PNG_SCALE) as u32);
    let mut pixels = vec![255u8; (w * h * 3) as usize];
    {
        let backend = BitMapBackend::with_buffer(&mut pixels, (w, h));
        let area = backend.into_drawing_area();
        draw(chart, area.clone(), Style { scale: PNG_SCALE })?;
        area.present().map_err(fail)?;
    }
    encode_png(&pixels, w, h)
}

pub(crate) fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    // Fast compression: charts are flat colours, so files stay small, and encoding is
    // several times quicker than the default (a hotspot of national runs).
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Sub)
        .write_image(rgb, w, h, image::ColorType::Rgb8)
        .map_err(|e| format!("PNG encoding failed: {e}"))?;
    Ok(out)
}

fn draw<DB: DrawingBackend>(chart: &Chart, root: DrawingArea<DB, Shift>, s: Style) -> DrawResult {
    root.fill(&WHITE).map_err(fail)?;
    let (w, h) = root.dim_in_pixel();
    let (header, rest) = root.split_vertically(s.px(64.0));
    header.draw(&Text::new(chart.title.clone(), (s.px(24.0), s.px(22.0)), s.bold(24.0))).map_err(fail)?;
    let (body, footer) = rest.split_vertically(i32::try_from(h).unwrap_or(i32::MAX) - s.px(64.0) - s.px(34.0));
    footer.draw(&Text::new(chart.source.clone(), (s.px(24.0), s.px(10.0)), s.grey(13.0))).map_err(fail)?;
    let _ = w;
    match &chart.body {
        ChartBody::HBars(bars) => draw_hbars(bars, &body, s),
        ChartBody::Scatter(scatter) => draw_scatter(scatter, &body, s),
        ChartBody::Map(map) => super::maps::draw_map(map, &body, s),
        ChartBody::Lines(lines) => draw_lines(lines, &body, s),
        ChartBody::Roadmap(roadmap) => super::roadmap::draw(roadmap, &body, s),
        ChartBody::Panels(panels) => {
            let n = panels.len().max(1);
            let (w, _) = body.dim_in_pixel();
            // The first panel also carries the row labels, so it gets more width.
            let first = (f64::from(w) * 0.42) as i32;
            let rest = (f64::from(w) - f64::from(first)) / (n - 1).max(1) as f64;
            let mut breaks: Vec<i32> = vec![first];
            for k in 1..n.saturating_sub(1) {
                breaks.push(first + (rest * k as f64) as i32);
            }
            let areas = body.split_by_breakpoints(breaks, Vec::<i32>::new());
            for (i, (panel, area)) in panels.iter().zip(areas.iter()).enumerate() {
                let mut panel = panel.clone();
                if i > 0 {
                    for row in &mut panel.rows {
                        row.label = String::new();
                    }
                }
                draw_hbars(&panel, area, s)?;
            }
            Ok(())
        }
    }
}

fn format_value(format: ValueFormat, lang: super::i18n::Lang, v: f64) -> String {
    use super::i18n::number;
    match format {
        ValueFormat::Percent => format!("{}%", number(lang, v * 100.0, 0)),
        ValueFormat::Count => number(lang, v, 0),
        ValueFormat::Ratio => number(lang, v, 2),
        ValueFormat::Score => number(lang, v, 1),
    }
}

/// Shortens long labels with an ellipsis so they never run into the plot.
pub(crate) fn shorten(label: &str, max_chars: usize) -> String {
    if label.chars().count() <= max_chars {
        label.to_string()
    } else {
        let kept: String = label.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

fn nice_max(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    for step in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if step * magnitude >= v {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

fn draw_hbars<DB: DrawingBackend>(bars: &HBars, area: &DrawingArea<DB, Shift>, s: Style) -> DrawResult {
    let n = bars.rows.len();
    let (legend_area, plot) = area.split_vertically(legend_height(area, &bars.legend, s)?);
    draw_legend(&legend_area, &bars.legend, s)?;
    let max_value = bars
        .rows
        .iter()
        .flat_map(|r| r.values.iter().map(|v| v.0))
        .chain(bars.thresholds.iter().map(|t| t.0))
        .chain(bars.band.iter().map(|b| b.1))
        .fold(0.0f64, f64::max);
    let x_max = nice_max(max_value * 1.12);
    // Negative values (a scenario that costs money) extend the axis to the left of zero.
    let min_value = bars.rows.iter().flat_map(|r| r.values.iter().map(|v| v.0)).fold(0.0f64, f64::min);
    let x_min = if min_value < 0.0 { -nice_max(-min_value * 1.12).max(x_max * 0.15) } else { 0.0 };
    // A label may hold several lines ('\n'): full names wrapped rather than cut.
    let longest = bars.rows.iter().flat_map(|r| r.label.lines().map(|l| l.chars().count())).max().unwrap_or(0);
    let multiline = bars.rows.iter().any(|r| r.label.contains('\n'));
    // Panels beside the first carry no labels: no room kept for them.
    let label_width = if longest == 0 { 12.0 } else { (longest as f64 * 7.6 + 20.0).clamp(80.0, 430.0) };
    let label_size = if n > 22 { 12.5 } else { 14.0 };
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(s.px(16.0))
        .margin_right(s.px(40.0))
        .margin_top(s.px(20.0))
        .x_label_area_size(s.px(46.0))
        .y_label_area_size(s.px(label_width))
        // An integer range a..b has b - a + 1 points: n rows are 0..n-1.
        .build_cartesian_2d(x_min..x_max, (0..n.saturating_sub(1)).into_segmented())
        .map_err(fail)?;
    let labels: Vec<String> = bars.rows.iter().rev().map(|r| r.label.clone()).collect();
    let label_of = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(i) if !multiline => labels.get(*i).cloned().unwrap_or_default(),
        _ => String::new(),
    };
    let axis_format = if bars.format == ValueFormat::Score { ValueFormat::Count } else { bars.format };
    let x_label = |x: &f64| format_value(axis_format, bars.lang, *x);
    // Narrow panels (several side by side) get fewer ticks, so that numbers do not collide;
    // fewer still when the numbers are long ("200.000").
    let narrow = f64::from(plot.dim_in_pixel().0) < f64::from(s.px(700.0));
    let widest = x_label(&x_max).chars().count().max(x_label(&x_min).chars().count());
    let ticks = match (narrow, widest) {
        // "20.00040.000": three five-digit ticks touch in a quarter-page panel.
        (true, 6..) => 2,
        (true, _) => 4,
        (false, _) => 8,
    };
    axes(&mut chart.configure_mesh(), s, label_size)
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&label_of)
        .x_label_formatter(&x_label)
        .x_labels(ticks)
        .x_desc(bars.axis.clone())
        .draw()
        .map_err(fail)?;
    if multiline {
        // Drawn by hand, line by line, right-aligned against the axis and centred on the row.
        let (base_x, base_y) = plot.get_base_pixel();
        let line_h = s.px(label_size * 1.2);
        let style = s.font(label_size).pos(Pos::new(HPos::Right, VPos::Top));
        for (i, label) in labels.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(x_min, SegmentValue::CenterOf(i)));
            let lines: Vec<&str> = label.lines().collect();
            let top = y - base_y - line_h * lines.len() as i32 / 2;
            for (k, line) in lines.iter().enumerate() {
                plot.draw(&Text::new(
                    line.to_string(),
                    (x - base_x - s.px(12.0), top + line_h * k as i32),
                    style.clone(),
                ))
                .map_err(fail)?;
            }
        }
    }
    if let Some((low, high, _)) = &bars.band {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(*low, SegmentValue::Exact(0)), (*high, SegmentValue::Exact(n))],
                GREEN.mix(0.12).filled(),
            )))
            .map_err(fail)?;
    }
    // Reference lines (median, targets) under the bars and their numbers, which stay legible.
    for (value, _) in &bars.thresholds {
        chart
            .draw_series(std::iter::once(DashedPathElement::new(
                vec![(*value, SegmentValue::Exact(0)), (*value, SegmentValue::Exact(n))],
                s.upx(6.0),
                s.upx(4.0),
                INK.stroke_width(s.upx(1.5)),
            )))
            .map_err(fail)?;
    }
    // backend_coord gives absolute pixels; text is drawn relative to the plot area.
    let (base_x, base_y) = plot.get_base_pixel();
    let series = bars.rows.iter().map(|r| r.values.len()).max().unwrap_or(1).max(1);
    let gap = if n > 22 { 1.5 } else { 3.0 } * s.scale;
    for (i, row) in bars.rows.iter().rev().enumerate() {
        // Pixel rows of this band: Exact(i + 1) is its upper edge, Exact(i) its lower edge.
        let top_px = chart.backend_coord(&(0.0, SegmentValue::Exact(i + 1))).1 as f64;
        let bottom_px = chart.backend_coord(&(0.0, SegmentValue::Exact(i))).1 as f64;
        let band_px = bottom_px - top_px;
        // Bars never thicker than 44 px each, however few rows there are.
        let gap = gap.max((band_px - series as f64 * 44.0 * s.scale) / 2.0);
        let share = ((band_px - 2.0 * gap) / series as f64).max(1.0);
        for (j, &(value, tone)) in row.values.iter().enumerate() {
            let offset = gap + share * j as f64;
            let mut rect = Rectangle::new(
                [(value.min(0.0), SegmentValue::Exact(i)), (value.max(0.0), SegmentValue::Exact(i + 1))],
                tone.rgb().filled(),
            );
            rect.set_margin(offset.round() as u32, (band_px - offset - share).max(0.0).round() as u32, 0, 0);
            chart.draw_series(std::iter::once(rect)).map_err(fail)?;
            let end_px = chart.backend_coord(&(value, SegmentValue::Exact(i))).0 - base_x;
            let y_px = (top_px + offset + share / 2.0).round() as i32 - base_y;
            // A negative value is labelled right of zero, clear of the row labels.
            let zero_px = chart.backend_coord(&(0.0, SegmentValue::Exact(i))).0 - base_x;
            let x = end_px.max(zero_px) + s.px(5.0);
            let text = format_value(bars.format, bars.lang, value);
            let style = s.font(if series > 1 { 11.5 } else { 12.5 }).pos(Pos::new(HPos::Left, VPos::Center));
            // On white, so that a reference line crossing the number does not strike it out.
            let (w, h) = plot.estimate_text_size(&text, &style).map_err(fail)?;
            let (w, h) = ((f64::from(w) * 1.12) as i32, h as i32);
            plot.draw(&Rectangle::new([(x - s.px(1.0), y_px - h / 2), (x + w, y_px + h / 2)], WHITE.filled()))
                .map_err(fail)?;
            plot.draw(&Text::new(text, (x, y_px), style)).map_err(fail)?;
        }
    }
    let plot_top = chart.plotting_area().get_pixel_range().1.start - base_y;
    for (value, label) in &bars.thresholds {
        let px = chart.backend_coord(&(*value, SegmentValue::Exact(0))).0 - base_x;
        plot.draw(&Text::new(
            label.clone(),
            (px, plot_top - s.px(3.0)),
            s.font(12.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))
        .map_err(fail)?;
    }
    Ok(())
}

fn draw_lines<DB: DrawingBackend>(lines: &Lines, area: &DrawingArea<DB, Shift>, s: Style) -> DrawResult {
    let legend: Vec<(Tone, String)> = lines.series.iter().map(|l| (l.tone, l.label.clone())).collect();
    let (legend_area, plot) = area.split_vertically(legend_height(area, &legend, s)?.max(s.px(34.0)));
    draw_legend(&legend_area, &legend, s)?;
    let years: Vec<i32> = lines.series.iter().flat_map(|l| l.points.iter().map(|p| p.0)).collect();
    let (x0, x1) = (years.iter().copied().min().unwrap_or(2025), years.iter().copied().max().unwrap_or(2030));
    let values: Vec<f64> = lines
        .series
        .iter()
        .flat_map(|l| {
            let band = l.band.iter().flat_map(|(low, high)| low.iter().chain(high));
            l.points.iter().chain(band).map(|p| p.1)
        })
        .collect();
    let hi = values.iter().copied().fold(0.0f64, f64::max);
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let (y0, y1) = (((lo - 0.05).max(0.0) * 20.0).floor() / 20.0, ((hi + 0.05).min(1.0) * 20.0).ceil() / 20.0);
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(s.px(16.0))
        .margin_right(s.px(40.0))
        .margin_top(s.px(12.0))
        .x_label_area_size(s.px(46.0))
        .y_label_area_size(s.px(70.0))
        .build_cartesian_2d(x0 as f64 - 0.3..x1 as f64 + 0.3, y0..y1)
        .map_err(fail)?;
    let lang = lines.lang;
    let x_fmt = |v: &f64| if (v - v.round()).abs() < 1e-9 { format!("{}", v.round() as i64) } else { String::new() };
    let y_fmt = |v: &f64| format!("{}%", super::i18n::number(lang, v * 100.0, 0));
    axes(&mut chart.configure_mesh(), s, 13.0)
        .x_labels((x1 - x0 + 1).max(2) as usize)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .y_desc(lines.y_axis.clone())
        .draw()
        .map_err(fail)?;
    for l in &lines.series {
        if let Some((low, high)) = &l.band {
            let mut ring: Vec<(f64, f64)> = low.iter().map(|&(x, y)| (f64::from(x), y)).collect();
            ring.extend(high.iter().rev().map(|&(x, y)| (f64::from(x), y)));
            chart.draw_series(std::iter::once(Polygon::new(ring, l.tone.rgb().mix(0.18).filled()))).map_err(fail)?;
        }
    }
    for l in &lines.series {
        let pts: Vec<(f64, f64)> = l.points.iter().map(|&(x, y)| (f64::from(x), y)).collect();
        match l.style {
            LineStyle::Dashed => {
                chart
                    .draw_series(std::iter::once(DashedPathElement::new(
                        pts,
                        s.upx(8.0),
                        s.upx(5.0),
                        l.tone.rgb().stroke_width(s.upx(2.0)),
                    )))
                    .map_err(fail)?;
            }
            LineStyle::Observed => {
                chart
                    .draw_series(pts.iter().map(|&p| Circle::new(p, s.upx(6.0), l.tone.rgb().stroke_width(s.upx(2.5)))))
                    .map_err(fail)?;
            }
            LineStyle::Solid => {
                chart
                    .draw_series(std::iter::once(PathElement::new(pts.clone(), l.tone.rgb().stroke_width(s.upx(3.0)))))
                    .map_err(fail)?;
                chart
                    .draw_series(pts.iter().map(|&p| Circle::new(p, s.upx(4.0), l.tone.rgb().filled())))
                    .map_err(fail)?;
                if let Some(&(x, y)) = pts.last() {
                    let (px, py) = chart.backend_coord(&(x, y));
                    let (bx, by) = plot.get_base_pixel();
                    plot.draw(&Text::new(
                        format!("{}%", super::i18n::number(lang, y * 100.0, 1)),
                        (px - bx + s.px(8.0), py - by),
                        s.font(12.5).pos(Pos::new(HPos::Left, VPos::Center)),
                    ))
                    .map_err(fail)?;
                }
            }
        }
    }
    Ok(())
}

/// An axis range with a little room around the data.
fn padded_range(values: impl Iterator<Item = f64>, include_zero: bool) -> std::ops::Range<f64> {
    let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(v), h.max(v)));
    if !lo.is_finite() {
        return 0.0..1.0;
    }
    if include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let pad = ((hi - lo) * 0.08).max(1e-9);
    (lo - pad)..(hi + pad)
}

fn draw_scatter<DB: DrawingBackend>(sc: &Scatter, area: &DrawingArea<DB, Shift>, s: Style) -> DrawResult {
    let (legend_area, plot) = area.split_vertically(legend_height(area, &sc.legend, s)?);
    draw_legend(&legend_area, &sc.legend, s)?;
    let shown: Vec<&ScatterPoint> = sc.points.iter().filter(|p| sc.x_max.is_none_or(|m| p.x <= m)).collect();
    let x_range = padded_range(shown.iter().map(|p| p.x), true);
    let y_range = padded_range(shown.iter().map(|p| p.y), true);
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(s.px(16.0))
        .margin_right(s.px(40.0))
        .margin_top(s.px(12.0))
        .x_label_area_size(s.px(52.0))
        .y_label_area_size(s.px(90.0))
        .build_cartesian_2d(x_range, y_range)
        .map_err(fail)?;
    let lang = sc.lang;
    let x_fmt = |v: &f64| super::i18n::number(lang, *v, 0);
    let y_fmt = |v: &f64| super::i18n::number(lang, *v, 0);
    axes(&mut chart.configure_mesh(), s, 13.0)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_desc(sc.x_axis.clone())
        .y_desc(sc.y_axis.clone())
        .draw()
        .map_err(fail)?;
    // Zero line: options below it cost money.
    let (x0, x1) = (chart.x_range().start, chart.x_range().end);
    chart
        .draw_series(std::iter::once(PathElement::new(vec![(x0, 0.0), (x1, 0.0)], GREY.stroke_width(s.upx(1.0)))))
        .map_err(fail)?;
    if let Some(note) = &sc.note {
        // Placed from its left end with the width the PDF's renderer draws (a right-anchored
        // note ran past the edge in the PDF).
        let (w, _) = plot.dim_in_pixel();
        let width = (f64::from(plot.estimate_text_size(note, &s.grey(12.5)).map_err(fail)?.0) * 1.12) as i32;
        let x = (w as i32 - s.px(50.0) - width).max(s.px(16.0));
        plot.draw(&Text::new(note.clone(), (x, s.px(16.0)), s.grey(12.5))).map_err(fail)?;
    }
    let mut front: Vec<(f64, f64)> = shown.iter().filter(|p| p.highlighted).map(|p| (p.x, p.y)).collect();
    front.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    if front.len() > 1 {
        chart.draw_series(std::iter::once(PathElement::new(front, BLUE.stroke_width(s.upx(2.0))))).map_err(fail)?;
    }
    // Grey options first, then the front, then the labelled (best-ranked) points on top.
    let labelled = |p: &&&ScatterPoint| p.label.is_some();
    for p in shown.iter().filter(|p| !p.highlighted && !labelled(p)) {
        chart
            .draw_series(std::iter::once(Circle::new((p.x, p.y), s.upx(5.0), p.tone.rgb().mix(0.75).filled())))
            .map_err(fail)?;
    }
    for p in shown.iter().filter(|p| p.highlighted && !labelled(p)) {
        chart.draw_series(std::iter::once(Circle::new((p.x, p.y), s.upx(7.0), p.tone.rgb().filled()))).map_err(fail)?;
    }
    for p in shown.iter().filter(labelled) {
        chart.draw_series(std::iter::once(Circle::new((p.x, p.y), s.upx(8.0), WHITE.filled()))).map_err(fail)?;
        chart.draw_series(std::iter::once(Circle::new((p.x, p.y), s.upx(6.5), p.tone.rgb().filled()))).map_err(fail)?;
    }
    // Labels: eight places around the point, the first that stays inside the plot and clear
    // of the labels already placed and of the other labelled points. When none is free, the
    // rank alone ("#4") goes in the first place inside the plot: every labelled point is
    // named, so the table can be read against the chart.
    let (base_x, base_y) = plot.get_base_pixel();
    let pixel = |p: &ScatterPoint| {
        let (x, y) = chart.backend_coord(&(p.x, p.y));
        (x - base_x, y - base_y)
    };
    let marker = s.px(8.0);
    let mut taken: Vec<(i32, i32, i32, i32)> = shown
        .iter()
        .filter(labelled)
        .map(|p| {
            let (x, y) = pixel(p);
            (x - marker, y - marker, 2 * marker, 2 * marker)
        })
        .collect();
    let style = s.font(12.5);
    // Labels stay inside the plotting area (clear of the axes' numbers and titles).
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let (left, top, right, bottom) = (xs.start - base_x, ys.start - base_y, xs.end - base_x, ys.end - base_y);
    let plot_w = plot.dim_in_pixel().0;
    for p in shown.iter().filter(labelled) {
        let full = p.label.clone().unwrap_or_default();
        let (px, py) = pixel(p);
        let own = (px - marker, py - marker, 2 * marker, 2 * marker);
        let mut drawn = false;
        let short = full.split_whitespace().next().unwrap_or_default().to_string();
        for (i, label) in [full.clone(), short].into_iter().enumerate() {
            let (w, h) = plot.estimate_text_size(&label, &style).map_err(fail)?;
            // The estimate runs short of what the PDF's SVG renderer draws (as in the legend).
            let (w, h) = ((f64::from(w) * 1.12) as i32, h as i32);
            let gap = s.px(10.0);
            let candidates = [
                (px + gap, py - h / 2),
                (px - gap - w, py - h / 2),
                (px - w / 2, py - gap - h),
                (px - w / 2, py + gap),
                (px + gap, py - gap - h),
                (px + gap, py + gap),
                (px - gap - w, py - gap - h),
                (px - gap - w, py + gap),
            ];
            let inside = |&(x, y): &(i32, i32)| x >= left && y >= top && x + w <= right && y + h <= bottom;
            let clear = |&(x, y): &(i32, i32)| {
                taken
                    .iter()
                    .filter(|&&t| t != own)
                    .all(|&(ax, ay, aw, ah)| x + w < ax || ax + aw < x || y + h < ay || ay + ah < y)
            };
            let spot = candidates.iter().copied().find(|c| inside(c) && clear(c));
            // The rank alone goes in even where it overlaps.
            let spot = spot.or_else(|| (i == 1).then(|| candidates.iter().copied().find(inside)).flatten());
            if let Some((x, y)) = spot {
                taken.push((x, y, w, h));
                plot.draw(&Text::new(label, (x, y), style.clone())).map_err(fail)?;
                drawn = true;
                break;
            }
        }
        debug_assert!(drawn || plot_w == 0, "a labelled point left unnamed");
    }
    Ok(())
}

/// Where each legend entry goes (x, row): left to right, on a new row when the next entry
/// would run past the right edge.
fn legend_layout<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    legend: &[(Tone, String)],
    s: Style,
) -> Result<Vec<(i32, i32)>, String> {
    let right = area.dim_in_pixel().0 as i32 - s.px(16.0);
    let (mut x, mut row) = (s.px(24.0), 0);
    let mut out = Vec::with_capacity(legend.len());
    for (_, label) in legend {
        // The estimate runs short of what an SVG renderer draws at small sizes: a margin keeps
        // the next entry clear of this one.
        let width = (f64::from(area.estimate_text_size(label, &s.legend(14.0)).map_err(fail)?.0) * 1.12) as i32;
        let entry = s.px(24.0) + width;
        if x > s.px(24.0) && x + entry > right {
            (x, row) = (s.px(24.0), row + 1);
        }
        out.push((x, row));
        x += entry + s.px(26.0);
    }
    Ok(out)
}

/// The height the legend needs: one 34-pixel row per line, none without entries.
fn legend_height<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    legend: &[(Tone, String)],
    s: Style,
) -> Result<i32, String> {
    let rows = legend_layout(area, legend, s)?.last().map_or(0, |&(_, row)| row + 1);
    Ok(rows * s.px(34.0))
}

fn draw_legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, legend: &[(Tone, String)], s: Style) -> DrawResult {
    for ((tone, label), (x, row)) in legend.iter().zip(legend_layout(area, legend, s)?) {
        let dy = row * s.px(34.0);
        area.draw(&Rectangle::new([(x, dy + s.px(8.0)), (x + s.px(18.0), dy + s.px(24.0))], tone.rgb().filled()))
            .map_err(fail)?;
        area.draw(&Text::new(label.clone(), (x + s.px(24.0), dy + s.px(16.0)), s.legend(14.0))).map_err(fail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_shortened_with_an_ellipsis() {
        assert_eq!(shorten("Trung tâm GDNN-GDTX Yên Hưng", 40), "Trung tâm GDNN-GDTX Yên Hưng");
        assert_eq!(shorten("Trường Cao đẳng Kỹ thuật Công nghiệp Lam Hồng", 20), "Trường Cao đẳng Kỹ…");
    }

    #[test]
    fn axis_maximum_is_rounded_up_to_a_nice_number() {
        assert_eq!(nice_max(0.93), 1.0);
        assert_eq!(nice_max(1.31), 1.5);
        assert_eq!(nice_max(2150.0), 2500.0);
    }
}
