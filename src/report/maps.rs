//! Maps: communes as a choropleth (polygons from `areas.geojson`, or dots at the commune
//! centres when there are none), facilities drawn on top sized by places. Drawn in a local
//! flat projection (km) so that shapes keep their proportions.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

use super::style::{Colour, DrawResult, GREY, INK, Style, Tone, fail, legend_label};
use crate::geometry::LocalProjection;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct MapChart {
    pub(crate) areas: Vec<MapArea>,
    pub(crate) facilities: Vec<MapFacility>,
    /// Legend of the area classes (colour, label), in order.
    pub classes: Vec<(Colour, String)>,
    pub(crate) facility_legend: Vec<(Tone, String)>,
    /// Explains the outline drawn around flagged areas (e.g. "out of reach").
    pub(crate) flag_label: Option<String>,
    pub(crate) size_label: String,
    /// The language of the numbers in the legend (1.824 or 1,824).
    #[serde(skip)]
    pub(crate) lang: super::i18n::Lang,
    /// The facilities and communes named on the map.
    #[serde(skip)]
    pub(crate) labels: super::orient::MapLabels,
    /// The group (labour-market zone) of each area, by index: the groups' borders are drawn
    /// and explained by `border_label`; empty for none.
    #[serde(skip)]
    pub(crate) groups: Vec<Option<usize>>,
    #[serde(skip)]
    pub(crate) border_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct MapArea {
    pub(crate) area_id: String,
    pub(crate) value: Option<f64>,
    pub(crate) class: Option<usize>,
    /// Hatched (e.g. out of reach of every facility), explained in the legend.
    pub(crate) flagged: bool,
    /// Rings in (lon, lat); empty when the dataset has no polygons.
    #[serde(skip)]
    pub(crate) rings: Vec<Vec<(f64, f64)>>,
    #[serde(skip)]
    pub(crate) centre: (f64, f64),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct MapFacility {
    pub(crate) facility_id: String,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    pub(crate) places: f64,
    pub(crate) tone: Tone,
}

/// A sequential palette readable by colour-blind people (viridis, light to dark reversed so
/// that "better" reads darker on the alignment map and "farther" darker on the access map).
pub const SEQUENTIAL: [Colour; 5] =
    [Colour(253, 231, 37), Colour(94, 201, 98), Colour(33, 145, 140), Colour(59, 82, 139), Colour(68, 1, 84)];

/// The class of a value given ascending upper bounds (the last class is open-ended).
pub(crate) fn classify(value: f64, bounds: &[f64]) -> usize {
    bounds.iter().position(|b| value < *b).unwrap_or(bounds.len())
}

pub(crate) fn draw_map<DB: DrawingBackend>(map: &MapChart, area: &DrawingArea<DB, Shift>, s: Style) -> DrawResult {
    let (legend_w, plot_w) = (s.px(280.0), area.dim_in_pixel().0 as i32 - s.px(280.0));
    let (plot, legend) = area.split_horizontally(plot_w.max(1));
    let _ = legend_w;
    // Without polygons: approximate cells around the commune centres (Voronoi, cut to the
    // outline), labelled as approximate; dots when even that is impossible.
    let real = crate::units::outline::real_geography(map.areas.iter().map(|a| (a.area_id.as_str(), a.centre)));
    let approximate = if map.areas.iter().any(|a| !a.rings.is_empty()) {
        None
    } else {
        let centres: Vec<(f64, f64)> = map.areas.iter().map(|a| a.centre).collect();
        crate::units::outline::approximate_cells(&centres, &[], real)
    };
    // The archipelagos far offshore (Hoàng Sa, Trường Sa) go into an inset when the map also
    // holds other communes: in place, they would shrink the rest to a strip.
    let mut offshore: Vec<bool> =
        map.areas.iter().map(|a| real && crate::units::outline::archipelago(&a.area_id).is_some()).collect();
    if offshore.iter().all(|&o| o) {
        offshore.iter_mut().for_each(|o| *o = false);
    }
    let inset = offshore.iter().any(|&o| o);
    // Projection around the centre of everything drawn in the main frame.
    let points: Vec<(f64, f64)> = map
        .areas
        .iter()
        .enumerate()
        .filter(|(i, _)| !offshore[*i])
        .flat_map(|(i, a)| {
            let cells = approximate.as_ref().map_or(&[][..], |c| c[i].as_slice());
            a.rings.iter().chain(cells).flatten().copied().chain(std::iter::once(a.centre))
        })
        .chain(map.facilities.iter().map(|f| (f.lon, f.lat)))
        .collect();
    if points.is_empty() {
        return Ok(());
    }
    let (min_lon, max_lon) =
        points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (min_lat, max_lat) =
        points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let projection = LocalProjection::new((min_lat + max_lat) / 2.0, (min_lon + max_lon) / 2.0);
    let (x0, y0) = projection.to_km(min_lat, min_lon);
    let (x1, y1) = projection.to_km(max_lat, max_lon);
    // Keep the aspect ratio: fit the km box into the pixel box, above a strip kept free for
    // the scale bar (so that it never covers a commune).
    let (pw, ph) = plot.dim_in_pixel();
    let margin = s.px(16.0) as f64;
    let bar_strip = s.px(30.0) as f64;
    // The inset takes a column on the right, so that it never covers a commune.
    let (inset_w, inset_h) = (s.px(300.0), s.px(280.0));
    let fit_w = if inset { pw as f64 - inset_w as f64 - margin } else { pw as f64 };
    let scale = ((fit_w - 2.0 * margin) / (x1 - x0).max(1e-9))
        .min((ph as f64 - 2.0 * margin - bar_strip) / (y1 - y0).max(1e-9));
    let frame = super::orient::Frame {
        projection,
        x0,
        y0,
        scale,
        ox: (fit_w - (x1 - x0) * scale) / 2.0,
        oy: (ph as f64 - bar_strip - (y1 - y0) * scale) / 2.0,
        bottom: ph as f64 - bar_strip,
    };
    let to_px = |lon: f64, lat: f64| -> (i32, i32) { frame.to_px(lon, lat) };
    // National context: Vietnam's outline, light, under everything (maps of the real
    // communes only).
    if real {
        // Cut to the frame and a margin (the cut edges stay out of sight): the rasteriser
        // sweeps every line of a polygon's span, the whole country's on a province's map.
        let pad = s.px(50.0) as f64;
        let (lon_a, lat_a) = frame.to_lon_lat(-pad, ph as f64 + pad);
        let (lon_b, lat_b) = frame.to_lon_lat(pw as f64 + pad, -pad);
        for ring in crate::units::outline::vietnam_within((lon_a, lat_a), (lon_b, lat_b)) {
            let pts: Vec<(i32, i32)> = ring.iter().map(|&(lon, lat)| to_px(lon, lat)).collect();
            plot.draw(&Polygon::new(pts.clone(), Colour(244, 244, 241).filled())).map_err(fail)?;
            plot.draw(&PathElement::new(pts, Colour(170, 170, 170).stroke_width(s.upx(1.0)))).map_err(fail)?;
        }
    }
    let no_data = Colour(235, 235, 235);
    let colour = |a: &MapArea| a.class.and_then(|c| map.classes.get(c)).map_or(no_data, |(c, _)| *c);
    let has_polygons = approximate.is_some() || map.areas.iter().any(|a| !a.rings.is_empty());
    let rings_of = |i: usize| -> &[Vec<(f64, f64)>] {
        match &approximate {
            Some(cells) => &cells[i],
            None => &map.areas[i].rings,
        }
    };
    // Thousands of communes: borders would only grey the map out.
    let outline_width = if map.areas.len() > 1000 { 0.0 } else { 1.0 };
    for (i, a) in map.areas.iter().enumerate().filter(|(i, _)| !offshore[*i]) {
        let fill = colour(a);
        if has_polygons {
            for ring in rings_of(i) {
                let pts: Vec<(i32, i32)> = ring.iter().map(|&(lon, lat)| to_px(lon, lat)).collect();
                plot.draw(&Polygon::new(pts.clone(), fill.filled())).map_err(fail)?;
                if outline_width > 0.0 {
                    let mut outline = pts;
                    if let Some(first) = outline.first().copied() {
                        outline.push(first);
                    }
                    plot.draw(&PathElement::new(outline, WHITE.stroke_width(s.upx(outline_width)))).map_err(fail)?;
                }
            }
        } else {
            let (x, y) = to_px(a.centre.0, a.centre.1);
            plot.draw(&Circle::new((x, y), s.upx(6.0), fill.filled())).map_err(fail)?;
        }
    }
    // Province boundaries over the communes (of the real communes: their province is known).
    if real && has_polygons {
        let units = crate::units::official();
        let shapes = map
            .areas
            .iter()
            .enumerate()
            .filter(|(i, _)| !offshore[*i])
            .filter_map(|(i, a)| units.commune(&a.area_id).map(|c| (c.province.as_str(), rings_of(i))));
        let provinces = crate::units::outline::dissolve(shapes);
        let (colour, width) = if provinces.len() > 1 { (Colour(80, 80, 80), 0.8) } else { (INK, 1.8) };
        for (_, rings) in &provinces {
            for ring in rings {
                // Segment by segment: the bitmap backend joins thick lines with mitres, and
                // the sharp turns of a dissolved boundary would shoot spikes across the map.
                let mut pts: Vec<(i32, i32)> = ring.iter().map(|&(lon, lat)| to_px(lon, lat)).collect();
                pts.dedup();
                for pair in pts.windows(2) {
                    plot.draw(&PathElement::new(pair.to_vec(), colour.stroke_width(s.upx(width)))).map_err(fail)?;
                }
            }
        }
    }
    for (i, a) in map.areas.iter().enumerate().filter(|(i, a)| a.flagged && !offshore[*i]) {
        if has_polygons {
            let rings: Vec<Vec<(i32, i32)>> =
                rings_of(i).iter().map(|ring| ring.iter().map(|&(lon, lat)| to_px(lon, lat)).collect()).collect();
            draw_hatch(&plot, &rings, s)?;
        } else {
            let (x, y) = to_px(a.centre.0, a.centre.1);
            plot.draw(&Circle::new((x, y), s.upx(8.0), INK.stroke_width(s.upx(2.0)))).map_err(fail)?;
        }
    }
    // The zones' borders: a dark line on a white casing (over the province's boundary, which
    // they follow at the edge).
    if has_polygons && !map.groups.is_empty() {
        let keys: Vec<String> = map.groups.iter().map(|g| g.map_or_else(String::new, |g| g.to_string())).collect();
        let shapes = (0..map.areas.len())
            .filter(|&i| !offshore[i] && map.groups.get(i).copied().flatten().is_some())
            .map(|i| (keys[i].as_str(), rings_of(i)));
        let zones = crate::units::outline::dissolve(shapes);
        // Every casing first: a zone's casing must not cover its neighbour's line.
        for (colour, width) in [(WHITE.to_rgba(), 5.0), (INK.to_rgba(), 2.4)] {
            for ring in zones.iter().flat_map(|(_, rings)| rings) {
                let mut pts: Vec<(i32, i32)> = ring.iter().map(|&(lon, lat)| to_px(lon, lat)).collect();
                pts.dedup();
                for pair in pts.windows(2) {
                    plot.draw(&PathElement::new(pair.to_vec(), colour.stroke_width(s.upx(width)))).map_err(fail)?;
                }
            }
        }
    }
    let max_places = map.facilities.iter().map(|f| f.places).fold(1.0f64, f64::max);
    let radius = |places: f64| (4.0 + 12.0 * (places / max_places).sqrt()) * s.scale;
    let mut facilities: Vec<&MapFacility> = map.facilities.iter().collect();
    // Big circles first so that small ones stay visible on top.
    facilities.sort_by(|a, b| b.places.total_cmp(&a.places).then(a.facility_id.cmp(&b.facility_id)));
    for f in facilities {
        let (x, y) = to_px(f.lon, f.lat);
        let r = radius(f.places).round() as u32;
        plot.draw(&Circle::new((x, y), r, f.tone.rgb().mix(0.9).filled())).map_err(fail)?;
        plot.draw(&Circle::new((x, y), r, INK.stroke_width(s.upx(1.2)))).map_err(fail)?;
    }
    // North arrow, locator, names of facilities, communes and surroundings.
    let drawn = super::orient::Drawn {
        frame,
        size: (fit_w.round() as i32, (ph as f64 - bar_strip).round() as i32),
        areas: map
            .areas
            .iter()
            .enumerate()
            .map(|(i, a)| {
                if offshore[i] {
                    return (Vec::new(), (i32::MIN / 2, i32::MIN / 2));
                }
                let rings = if has_polygons {
                    rings_of(i).iter().map(|r| r.iter().map(|&(lon, lat)| to_px(lon, lat)).collect()).collect()
                } else {
                    Vec::new()
                };
                (rings, to_px(a.centre.0, a.centre.1))
            })
            .collect(),
        circles: map
            .facilities
            .iter()
            .map(|f| {
                let (x, y) = to_px(f.lon, f.lat);
                (x, y, radius(f.places).round() as i32)
            })
            .collect(),
        real,
        provinces: if real {
            let units = crate::units::official();
            let mut codes: Vec<String> =
                map.areas.iter().filter_map(|a| units.commune(&a.area_id).map(|c| c.province.clone())).collect();
            codes.sort();
            codes.dedup();
            codes
        } else {
            Vec::new()
        },
        map,
    };
    super::orient::orient(&plot, &drawn, s)?;
    // Scale bar: a round length about a tenth of the map's width.
    let km = [5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0]
        .into_iter()
        .find(|km| km * scale >= pw as f64 * 0.08)
        .unwrap_or(1000.0);
    let (sx, sy) = (s.px(20.0), ph as i32 - s.px(18.0));
    let bar = (km * scale).round() as i32;
    plot.draw(&PathElement::new(vec![(sx, sy), (sx + bar, sy)], INK.stroke_width(s.upx(2.0)))).map_err(fail)?;
    plot.draw(&Text::new(
        format!("{km} km"),
        (sx + bar / 2, sy - s.px(4.0)),
        s.font(12.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
    ))
    .map_err(fail)?;
    if inset {
        let (ix, iy) = (pw as i32 - inset_w - s.px(8.0), ph as i32 - bar_strip as i32 - inset_h - s.px(8.0));
        let areas: Vec<&MapArea> = map.areas.iter().zip(&offshore).filter(|(_, o)| **o).map(|(a, _)| a).collect();
        draw_inset(&plot.clone().shrink((ix, iy.max(0)), (inset_w as u32, inset_h as u32)), &areas, &colour, s)?;
    }
    if approximate.is_some() {
        plot.draw(&Text::new(
            "Ô xã gần đúng quanh trung tâm xã (không có areas.geojson) / approximate commune cells".to_string(),
            (pw as i32 - s.px(8.0), sy),
            s.grey(11.0).pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(fail)?;
    }
    draw_map_legend(map, &legend, s, max_places)
}

/// The inset of the offshore archipelagos: each one a marker in its commune's colour at its
/// place, labelled in Vietnamese and English, with the coast of the mainland for reference.
fn draw_inset<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    areas: &[&MapArea],
    colour: &dyn Fn(&MapArea) -> Colour,
    s: Style,
) -> DrawResult {
    use geo::{BooleanOps, LineString, MultiPolygon, Polygon as GeoPolygon, Rect};
    let (w, h) = area.dim_in_pixel();
    // The archipelagos and the mainland coast west of them, 1.5 degrees around.
    let lon0 = areas.iter().map(|a| a.centre.0).fold(108.0f64, f64::min) - 0.3;
    let lon1 = areas.iter().map(|a| a.centre.0).fold(f64::NEG_INFINITY, f64::max) + 1.5;
    let lat0 = areas.iter().map(|a| a.centre.1).fold(f64::INFINITY, f64::min) - 1.5;
    let lat1 = areas.iter().map(|a| a.centre.1).fold(f64::NEG_INFINITY, f64::max) + 1.5;
    let projection = LocalProjection::new((lat0 + lat1) / 2.0, (lon0 + lon1) / 2.0);
    let (x0, y0) = projection.to_km(lat0, lon0);
    let (x1, y1) = projection.to_km(lat1, lon1);
    let pad = s.px(10.0) as f64;
    let scale = ((w as f64 - 2.0 * pad) / (x1 - x0)).min((h as f64 - 2.0 * pad) / (y1 - y0));
    let (ox, oy) = ((w as f64 - (x1 - x0) * scale) / 2.0, (h as f64 - (y1 - y0) * scale) / 2.0);
    let to_px = |lon: f64, lat: f64| -> (i32, i32) {
        let (x, y) = projection.to_km(lat, lon);
        ((ox + (x - x0) * scale).round() as i32, (h as f64 - oy - (y - y0) * scale).round() as i32)
    };
    area.fill(&Colour(250, 251, 252)).map_err(fail)?;
    // The coast, cut to the inset's frame.
    let frame = MultiPolygon(vec![Rect::new((lon0, lat0), (lon1, lat1)).to_polygon()]);
    let land = MultiPolygon(
        crate::units::outline::vietnam()
            .iter()
            .map(|r| GeoPolygon::new(LineString::from(r.clone()), vec![]))
            .collect::<Vec<_>>(),
    );
    for p in land.intersection(&frame).0 {
        let pts: Vec<(i32, i32)> = p.exterior().coords().map(|c| to_px(c.x, c.y)).collect();
        area.draw(&Polygon::new(pts.clone(), Colour(244, 244, 241).filled())).map_err(fail)?;
        area.draw(&PathElement::new(pts, Colour(170, 170, 170).stroke_width(s.upx(1.0)))).map_err(fail)?;
    }
    for a in areas {
        let (x, y) = to_px(a.centre.0, a.centre.1);
        let r = s.upx(7.0);
        area.draw(&Circle::new((x, y), r, colour(a).filled())).map_err(fail)?;
        area.draw(&Circle::new((x, y), r, INK.stroke_width(s.upx(if a.flagged { 2.5 } else { 1.0 })))).map_err(fail)?;
        if let Some(arch) = crate::units::outline::archipelago(&a.area_id) {
            let x = x - s.px(12.0);
            area.draw(&Text::new(
                arch.name_vi,
                (x, y - s.px(7.0)),
                s.font(12.0).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(fail)?;
            area.draw(&Text::new(
                arch.name_en,
                (x, y + s.px(8.0)),
                s.grey(11.0).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(fail)?;
        }
    }
    let (w, h) = (w as i32, h as i32);
    area.draw(&PathElement::new(
        vec![(0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1), (0, 0)],
        GREY.stroke_width(s.upx(1.0)),
    ))
    .map_err(fail)?;
    Ok(())
}

/// The hatch of flagged areas: dark lines on a white casing, readable on every class colour.
fn draw_hatch<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, rings: &[Vec<(i32, i32)>], s: Style) -> DrawResult {
    let lines = super::orient::hatch(rings, s.px(7.0));
    for [a, b] in &lines {
        area.draw(&PathElement::new(vec![*a, *b], WHITE.mix(0.85).stroke_width(s.upx(3.0)))).map_err(fail)?;
    }
    for [a, b] in &lines {
        area.draw(&PathElement::new(vec![*a, *b], INK.stroke_width(s.upx(1.2)))).map_err(fail)?;
    }
    Ok(())
}

fn draw_map_legend<DB: DrawingBackend>(
    map: &MapChart,
    area: &DrawingArea<DB, Shift>,
    s: Style,
    max_places: f64,
) -> DrawResult {
    let mut y = s.px(10.0);
    let line = s.px(24.0);
    for (colour, label) in &map.classes {
        area.draw(&Rectangle::new([(s.px(10.0), y), (s.px(34.0), y + s.px(16.0))], colour.filled())).map_err(fail)?;
        legend_label(area, label, (s.px(42.0), y + s.px(8.0)), s, 13.0)?;
        y += line;
    }
    if let Some(flag) = &map.flag_label {
        y += s.px(6.0);
        let (x0, x1, y1) = (s.px(10.0), s.px(34.0), y + s.px(16.0));
        area.draw(&Rectangle::new([(x0, y), (x1, y1)], Colour(235, 235, 235).filled())).map_err(fail)?;
        draw_hatch(area, &[vec![(x0, y), (x1, y), (x1, y1), (x0, y1)]], s)?;
        area.draw(&Rectangle::new([(x0, y), (x1, y1)], GREY.stroke_width(s.upx(1.0)))).map_err(fail)?;
        legend_label(area, flag, (s.px(42.0), y + s.px(8.0)), s, 13.0)?;
        y += line;
    }
    if let Some(border) = &map.border_label {
        let (x0, x1, ym) = (s.px(10.0), s.px(34.0), y + s.px(8.0));
        area.draw(&PathElement::new(vec![(x0, ym), (x1, ym)], WHITE.stroke_width(s.upx(5.0)))).map_err(fail)?;
        area.draw(&PathElement::new(vec![(x0, ym), (x1, ym)], INK.stroke_width(s.upx(2.4)))).map_err(fail)?;
        legend_label(area, border, (s.px(42.0), ym), s, 13.0)?;
        y += line;
    }
    y += s.px(14.0);
    for (tone, label) in &map.facility_legend {
        area.draw(&Circle::new((s.px(22.0), y + s.px(8.0)), s.upx(7.0), tone.rgb().filled())).map_err(fail)?;
        area.draw(&Circle::new((s.px(22.0), y + s.px(8.0)), s.upx(7.0), INK.stroke_width(s.upx(1.0)))).map_err(fail)?;
        legend_label(area, label, (s.px(42.0), y + s.px(8.0)), s, 13.0)?;
        y += line;
    }
    if map.facilities.is_empty() {
        return Ok(());
    }
    y += s.px(10.0);
    area.draw(&Text::new(map.size_label.clone(), (s.px(10.0), y), s.grey(12.5))).map_err(fail)?;
    y += s.px(22.0);
    for places in [max_places / 4.0, max_places] {
        let r = ((4.0 + 12.0 * (places / max_places).sqrt()) * s.scale).round() as i32;
        area.draw(&Circle::new((s.px(22.0), y + r), r as u32, GREY.stroke_width(s.upx(1.2)))).map_err(fail)?;
        let label = super::i18n::number(map.lang, places.round(), 0);
        legend_label(area, &label, (s.px(48.0), y + r), s, 12.0)?;
        y += 2 * r + s.px(8.0);
    }
    Ok(())
}
