//! What makes a map readable to someone who did not draw it: a north arrow, a small
//! locator of Vietnam with the map's frame on it, the short names of the facilities and
//! communes the brief talks about, and, around a province drawn on its real communes, the
//! neighbouring provinces, countries and seas. Every map goes through here ([`orient`],
//! called by `maps::draw_map`), so a new map gets them too.
//!
//! Labels are placed greedily, most important first, each in the first free spot of a few
//! around its point, never over another label, a facility's circle, the arrow or the
//! locator; a label with no free spot is left off rather than drawn over another. The
//! surroundings are read from a grid of cells over the map: each cell is the map's own
//! land, a neighbouring province (the nearest official commune centre), a neighbouring
//! country or a sea (`units::outline::beyond`); a region's name goes in its deepest cell
//! where the whole label stays inside the region.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::i18n::Lang;
use super::maps::MapChart;
use super::style::{Colour, DrawResult, GREY, INK, Style, VERMILLION, fail};
use crate::geometry::LocalProjection;
use crate::units::outline::{self, Beyond};

/// The main frame's projection between (lon, lat) and pixels of the plot.
#[derive(Clone, Copy)]
pub(crate) struct Frame {
    pub(crate) projection: LocalProjection,
    /// km of the lower-left corner of the drawn extent.
    pub(crate) x0: f64,
    pub(crate) y0: f64,
    /// Pixels per km.
    pub(crate) scale: f64,
    /// Offsets that centre the extent in the box.
    pub(crate) ox: f64,
    pub(crate) oy: f64,
    /// The pixel row of the bottom of the box (above the scale bar's strip).
    pub(crate) bottom: f64,
}

impl Frame {
    pub(crate) fn to_px(self, lon: f64, lat: f64) -> (i32, i32) {
        let (x, y) = self.projection.to_km(lat, lon);
        (
            (self.ox + (x - self.x0) * self.scale).round() as i32,
            (self.bottom - self.oy - (y - self.y0) * self.scale).round() as i32,
        )
    }

    pub(crate) fn to_lon_lat(self, px: f64, py: f64) -> (f64, f64) {
        let x = self.x0 + (px - self.ox) / self.scale;
        let y = self.y0 + (self.bottom - self.oy - py) / self.scale;
        let (lat, lon) = self.projection.to_lat_lon(x, y);
        (lon, lat)
    }
}

/// Who names what on a map: (facility id, short name) and (area id, name), most important
/// first. Not part of the chart's numbers (the snapshots).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct MapLabels {
    pub(crate) facilities: Vec<(String, String)>,
    pub(crate) areas: Vec<(String, String)>,
    /// (area id of a zone's centre, the zone's name): named before anything else, in bold,
    /// over the facilities' circles if need be (a zone map without its zones' names does
    /// not read).
    pub(crate) zones: Vec<(String, String)>,
}

/// The rings of a shape in pixels.
pub(crate) type PixelRings = Vec<Vec<(i32, i32)>>;

/// A rectangle in pixels: x, y (top left), width, height.
type Rect = (i32, i32, i32, i32);

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// What the map shows in its box, for [`orient`].
pub(crate) struct Drawn<'a> {
    pub(crate) frame: Frame,
    /// The box the map is fitted in (pixels), the scale bar's strip excluded.
    pub(crate) size: (i32, i32),
    /// Each drawn area's rings in pixels (empty for an area drawn as a dot), with its centre.
    pub(crate) areas: Vec<(PixelRings, (i32, i32))>,
    /// Each facility's circle: centre and radius in pixels.
    pub(crate) circles: Vec<(i32, i32, i32)>,
    /// Whether the areas are the real communes (their surroundings can then be named).
    pub(crate) real: bool,
    /// The province codes of the areas drawn (real communes only).
    pub(crate) provinces: Vec<String>,
    pub(crate) map: &'a MapChart,
}

/// What a cell of the grid over the map is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Own,
    /// Off the drawn areas, where nothing is known (a synthetic province).
    Unknown,
    /// A neighbouring province: its index in the list of provinces named.
    Province(usize),
    Beyond(Beyond),
}

struct Grid {
    cell: i32,
    cols: usize,
    rows: usize,
    zones: Vec<Zone>,
}

impl Grid {
    fn centre(&self, i: usize) -> (i32, i32) {
        ((i % self.cols) as i32 * self.cell + self.cell / 2, (i / self.cols) as i32 * self.cell + self.cell / 2)
    }

    /// The cells a rectangle touches (clipped to the grid).
    fn cells(&self, r: Rect) -> impl Iterator<Item = usize> + '_ {
        let c0 = (r.0 / self.cell).max(0) as usize;
        let c1 = (((r.0 + r.2) / self.cell) as usize).min(self.cols.saturating_sub(1));
        let r0 = (r.1 / self.cell).max(0) as usize;
        let r1 = (((r.1 + r.3) / self.cell) as usize).min(self.rows.saturating_sub(1));
        (r0..=r1).flat_map(move |row| (c0..=c1).map(move |col| row * self.cols + col))
    }

    /// For each cell of `zone`, its distance in cells to the nearest cell of another zone or
    /// to the grid's edge (0 for the other cells).
    fn depth(&self, zone: Zone) -> Vec<u32> {
        let mut depth: Vec<u32> = self.zones.iter().map(|z| if *z == zone { u32::MAX } else { 0 }).collect();
        // The other zones first (0), then the region's cells on the grid's edge (1): the
        // queue stays in order of depth.
        let mut frontier: Vec<usize> = (0..depth.len()).filter(|&i| depth[i] == 0).collect();
        for (i, d) in depth.iter_mut().enumerate() {
            let (col, row) = (i % self.cols, i / self.cols);
            let edge = col == 0 || row == 0 || col + 1 == self.cols || row + 1 == self.rows;
            if *d == u32::MAX && edge {
                *d = 1;
                frontier.push(i);
            }
        }
        // Breadth first over the 8 neighbours.
        let mut head = 0;
        while head < frontier.len() {
            let i = frontier[head];
            head += 1;
            let (col, row) = ((i % self.cols) as i64, (i / self.cols) as i64);
            for (dc, dr) in [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)] {
                let (c, r) = (col + dc, row + dr);
                if c < 0 || r < 0 || c >= self.cols as i64 || r >= self.rows as i64 {
                    continue;
                }
                let j = r as usize * self.cols + c as usize;
                if depth[j] == u32::MAX {
                    depth[j] = depth[i] + 1;
                    frontier.push(j);
                }
            }
        }
        depth
    }
}

/// Whether a pixel lies inside a ring (even-odd rule).
fn inside(ring: &[(i32, i32)], (x, y): (i32, i32)) -> bool {
    let (x, y) = (f64::from(x), f64::from(y));
    let mut odd = false;
    let n = ring.len();
    for k in 0..n {
        let (x1, y1) = (f64::from(ring[k].0), f64::from(ring[k].1));
        let (x2, y2) = (f64::from(ring[(k + 1) % n].0), f64::from(ring[(k + 1) % n].1));
        if (y1 > y) != (y2 > y) && x < x1 + (y - y1) / (y2 - y1) * (x2 - x1) {
            odd = !odd;
        }
    }
    odd
}

/// The official communes around a map, bucketed on a grid of [`NearIndex::BUCKET`] degrees
/// (longitudes scaled by the cosine of the latitude), for the nearest commune of each of
/// the map's thousands of grid cells.
struct NearIndex<'a> {
    cos: f64,
    buckets: rustc_hash::FxHashMap<(i64, i64), Vec<&'a crate::units::Commune>>,
    total: usize,
}

impl<'a> NearIndex<'a> {
    const BUCKET: f64 = 0.05;

    fn key(&self, lon: f64, lat: f64) -> (i64, i64) {
        ((lon * self.cos / Self::BUCKET).floor() as i64, (lat / Self::BUCKET).floor() as i64)
    }

    fn new(communes: &[&'a crate::units::Commune], cos: f64) -> Self {
        let mut index = NearIndex { cos, buckets: Default::default(), total: communes.len() };
        for c in communes {
            let key = index.key(c.lon, c.lat);
            index.buckets.entry(key).or_default().push(c);
        }
        index
    }

    /// The nearest commune (ties: the smaller code), as a scan of every commune would find:
    /// rings of buckets outward until no farther ring can hold a nearer one.
    fn nearest(&self, lon: f64, lat: f64) -> Option<&'a crate::units::Commune> {
        let (kx, ky) = self.key(lon, lat);
        let distance = |c: &crate::units::Commune| ((c.lon - lon) * self.cos).powi(2) + (c.lat - lat).powi(2);
        let mut best: Option<(f64, &'a crate::units::Commune)> = None;
        let mut seen = 0usize;
        for r in 0i64.. {
            if seen == self.total {
                break;
            }
            for dx in -r..=r {
                for dy in -r..=r {
                    if dx.abs() != r && dy.abs() != r {
                        continue;
                    }
                    for &c in self.buckets.get(&(kx + dx, ky + dy)).into_iter().flatten() {
                        seen += 1;
                        let d = distance(c);
                        let better = best.is_none_or(|(bd, bc)| d.total_cmp(&bd).then(c.code.cmp(&bc.code)).is_lt());
                        if better {
                            best = Some((d, c));
                        }
                    }
                }
            }
            // Every commune of a farther ring is at least r buckets away.
            let reach = r as f64 * Self::BUCKET;
            if best.is_some_and(|(d, _)| d < reach * reach) {
                break;
            }
        }
        best.map(|(_, c)| c)
    }
}

/// Classifies every cell: the drawn areas' own land, then (real communes only) the province
/// of the nearest official commune centre on Vietnam's land, or what lies beyond it.
fn grid(d: &Drawn, s: Style) -> (Grid, Vec<String>) {
    let cell = s.px(16.0).max(1);
    let (cols, rows) = ((d.size.0 / cell).max(1) as usize, (d.size.1 / cell).max(1) as usize);
    let boxes: Vec<(i32, i32, i32, i32)> = d
        .areas
        .iter()
        .map(|(rings, _)| {
            rings.iter().flatten().fold((i32::MAX, i32::MAX, i32::MIN, i32::MIN), |b, p| {
                (b.0.min(p.0), b.1.min(p.1), b.2.max(p.0), b.3.max(p.1))
            })
        })
        .collect();
    let dot = s.px(8.0);
    let units = crate::units::official();
    // The official communes near the frame, for the neighbouring provinces.
    let (lon_a, lat_a) = d.frame.to_lon_lat(0.0, f64::from(d.size.1));
    let (lon_b, lat_b) = d.frame.to_lon_lat(f64::from(d.size.0), 0.0);
    let near: Vec<&crate::units::Commune> = if d.real {
        units
            .communes
            .iter()
            .filter(|c| c.lon >= lon_a - 0.5 && c.lon <= lon_b + 0.5 && c.lat >= lat_a - 0.5 && c.lat <= lat_b + 0.5)
            .filter(|c| outline::archipelago(&c.code).is_none())
            .collect()
    } else {
        Vec::new()
    };
    let cos = ((lat_a + lat_b) / 2.0).to_radians().cos();
    let index = NearIndex::new(&near, cos);
    let mut named: Vec<String> = Vec::new();
    let mut zones = Vec::with_capacity(cols * rows);
    let mut parallel: Option<outline::Parallel> = None;
    for i in 0..cols * rows {
        let (x, y) = ((i % cols) as i32 * cell + cell / 2, (i / cols) as i32 * cell + cell / 2);
        if d.real && i % cols == 0 {
            // A row of cells lies on one parallel.
            parallel = Some(outline::Parallel::new(d.frame.to_lon_lat(0.0, f64::from(y)).1));
        }
        let own = d.areas.iter().zip(&boxes).any(|((rings, centre), b)| {
            if rings.is_empty() {
                (x - centre.0).abs() <= dot && (y - centre.1).abs() <= dot
            } else {
                x >= b.0
                    && x <= b.2
                    && y >= b.1
                    && y <= b.3
                    && rings.iter().filter(|r| inside(r, (x, y))).count() % 2 == 1
            }
        });
        let zone = if own {
            Zone::Own
        } else if !d.real {
            Zone::Unknown
        } else {
            let (lon, lat) = d.frame.to_lon_lat(f64::from(x), f64::from(y));
            let parallel = parallel.as_ref().expect("set at the start of each row");
            if parallel.on_land(lon) {
                let nearest = index.nearest(lon, lat);
                match nearest {
                    Some(c) if !d.provinces.contains(&c.province) => {
                        let k = named.iter().position(|p| *p == c.province).unwrap_or_else(|| {
                            named.push(c.province.clone());
                            named.len() - 1
                        });
                        Zone::Province(k)
                    }
                    _ => Zone::Own,
                }
            } else {
                Zone::Beyond(parallel.beyond(lon))
            }
        };
        zones.push(zone);
    }
    (Grid { cell, cols, rows, zones }, named)
}

/// Draws the orientation of a map over it: north arrow, locator, labels.
pub(crate) fn orient<DB: DrawingBackend>(plot: &DrawingArea<DB, Shift>, d: &Drawn, s: Style) -> DrawResult {
    let (grid, provinces) = grid(d, s);
    let lang = d.map.lang;
    let mut taken: Vec<Rect> = Vec::new();
    let own_in = |r: Rect| grid.cells(r).filter(|&i| grid.zones[i] == Zone::Own).count();
    let margin = s.px(8.0);
    let corners = |w: i32, h: i32| -> [Rect; 4] {
        let (right, bottom) = (d.size.0 - w - margin, d.size.1 - h - margin);
        [(right, margin, w, h), (margin, margin, w, h), (right, bottom, w, h), (margin, bottom, w, h)]
    };
    // The locator first (the larger box), in the corner that covers the fewest own cells.
    if let Some((w, h)) = locator_size(d, s) {
        let spot = corners(w, h).into_iter().min_by_key(|&r| own_in(r)).expect("four corners");
        draw_locator(plot, d, spot, s)?;
        taken.push(spot);
    }
    let (aw, ah) = (s.px(30.0), s.px(50.0));
    let arrow = corners(aw, ah)
        .into_iter()
        .filter(|r| taken.iter().all(|t| !overlaps(*r, *t)))
        .min_by_key(|&r| own_in(r))
        .unwrap_or((margin, margin, aw, ah));
    draw_north_arrow(plot, arrow, lang, s)?;
    taken.push(arrow);
    let circles: Vec<Rect> = d.circles.iter().map(|&(x, y, r)| (x - r, y - r, 2 * r, 2 * r)).collect();
    let bounds = (0, 0, d.size.0, d.size.1);
    // Zones: on their centre when free of other zone names and the corners' boxes, else
    // beside it, else on it all the same.
    for (id, text) in &d.map.labels.zones {
        let Some(k) = d.map.areas.iter().position(|a| &a.area_id == id) else { continue };
        let (x, y) = d.areas[k].1;
        let style = s.bold(12.5);
        let (w, h) = text_size(plot, text, &style)?;
        let centred = (x - w / 2, y - h / 2, w, h);
        let free = |c: &Rect| inside_rect(*c, bounds) && taken.iter().all(|t| !overlaps(*c, *t));
        let spot = std::iter::once(centred)
            .chain([0.0, 16.0, 32.0].into_iter().flat_map(|far| around((x, y), (w, h), s.px(4.0 + far))))
            .find(free)
            .unwrap_or(centred);
        draw_label(plot, text, spot, style, s)?;
        taken.push(spot);
    }
    // Facilities, most important first, beside their circle.
    for (id, text) in &d.map.labels.facilities {
        let Some(k) = d.map.facilities.iter().position(|f| &f.facility_id == id) else { continue };
        let (x, y, r) = d.circles[k];
        let style = s.font(12.0);
        let size = text_size(plot, text, &style)?;
        // Beside the circle, else farther out with a leader line (a town's cluster of
        // facilities leaves no room beside each).
        let spots = [0.0, 24.0, 48.0].into_iter().flat_map(|far| around((x, y), size, r + s.px(3.0 + far)));
        let free = |c: &Rect| inside_rect(*c, bounds) && taken.iter().chain(&circles).all(|t| !overlaps(*c, *t));
        if let Some((k, spot)) = spots.enumerate().find(|(_, c)| free(c)) {
            if k >= 8 {
                draw_leader(plot, (x, y, r), spot, s)?;
            }
            draw_label(plot, text, spot, style, s)?;
            taken.push(spot);
        }
    }
    // Communes named in the brief, centred on their centre when free, else beside it.
    for (id, text) in &d.map.labels.areas {
        let Some(k) = d.map.areas.iter().position(|a| &a.area_id == id) else { continue };
        let (x, y) = d.areas[k].1;
        let style = s.font(11.5).color(&Colour(60, 60, 60));
        let (w, h) = text_size(plot, text, &style)?;
        let centred = (x - w / 2, y - h / 2, w, h);
        let spots = std::iter::once(centred).chain(around((x, y), (w, h), s.px(4.0)));
        let free = |c: &Rect| inside_rect(*c, bounds) && taken.iter().chain(&circles).all(|t| !overlaps(*c, *t));
        if let Some(spot) = spots.into_iter().find(free) {
            plot.draw(&Circle::new((x, y), s.upx(2.5), INK.filled())).map_err(fail)?;
            draw_label(plot, text, spot, style, s)?;
            taken.push(spot);
        }
    }
    name_surroundings(plot, d, &grid, &provinces, &mut taken, s)
}

/// The neighbouring provinces, countries and seas, each in its deepest cell where the
/// whole label stays in its region; regions of fewer than 12 cells are not named.
fn name_surroundings<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    d: &Drawn,
    grid: &Grid,
    provinces: &[String],
    taken: &mut Vec<Rect>,
    s: Style,
) -> DrawResult {
    let mut regions: Vec<(Zone, usize)> = Vec::new();
    for z in &grid.zones {
        if matches!(z, Zone::Province(_) | Zone::Beyond(_)) {
            match regions.iter_mut().find(|(r, _)| r == z) {
                Some((_, n)) => *n += 1,
                None => regions.push((*z, 1)),
            }
        }
    }
    // Larger regions first; ties in a fixed order.
    regions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| format!("{:?}", a.0).cmp(&format!("{:?}", b.0))));
    let units = crate::units::official();
    for (zone, n) in regions {
        if n < 12 {
            continue;
        }
        let (text, style) = match zone {
            Zone::Province(k) => {
                let name = units.province(&provinces[k]).map_or(provinces[k].clone(), |p| p.short_name.clone());
                (name.to_uppercase(), s.font(12.5).color(&GREY))
            }
            Zone::Beyond(b) => {
                let (vi, en) = b.names();
                let text = if d.map.lang == Lang::Vi { vi } else { en }.to_string();
                if b.is_sea() {
                    (text, s.font(14.0).color(&Colour(40, 100, 160)))
                } else {
                    (text, s.bold(13.0).color(&Colour(120, 120, 120)))
                }
            }
            _ => continue,
        };
        let (w, h) = text_size(plot, &text, &style)?;
        let depth = grid.depth(zone);
        let mut cells: Vec<usize> = (0..depth.len()).filter(|&i| grid.zones[i] == zone).collect();
        cells.sort_by(|&a, &b| depth[b].cmp(&depth[a]).then(a.cmp(&b)));
        // Half a cell of the region all around the label, so that it stays clear of the
        // region's edge.
        let pad = grid.cell / 2;
        let spot = cells.into_iter().map(|i| grid.centre(i)).map(|(x, y)| (x - w / 2, y - h / 2, w, h)).find(|&r| {
            let padded = (r.0 - pad, r.1 - pad, r.2 + 2 * pad, r.3 + 2 * pad);
            r.0 >= 0
                && r.1 >= 0
                && r.0 + r.2 <= d.size.0
                && r.1 + r.3 <= d.size.1
                && grid.cells(padded).all(|i| grid.zones[i] == zone)
                && taken.iter().all(|t| !overlaps(r, *t))
        });
        if let Some(r) = spot {
            plot.draw(&Text::new(text, (r.0, r.1), style)).map_err(fail)?;
            taken.push(r);
        }
    }
    Ok(())
}

fn inside_rect(r: Rect, bounds: Rect) -> bool {
    r.0 >= bounds.0 && r.1 >= bounds.1 && r.0 + r.2 <= bounds.0 + bounds.2 && r.1 + r.3 <= bounds.1 + bounds.3
}

/// The size a label takes, with the margin the PDF's SVG renderer needs (as in the legend).
fn text_size<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> Result<(i32, i32), String> {
    let (w, h) = plot.estimate_text_size(text, style).map_err(fail)?;
    Ok(((f64::from(w) * 1.12) as i32 + 4, h as i32 + 2))
}

/// Eight spots around a point at `gap`: right, left, above, below, then the diagonals.
fn around((x, y): (i32, i32), (w, h): (i32, i32), gap: i32) -> [Rect; 8] {
    [
        (x + gap, y - h / 2, w, h),
        (x - gap - w, y - h / 2, w, h),
        (x - w / 2, y - gap - h, w, h),
        (x - w / 2, y + gap, w, h),
        (x + gap * 7 / 10, y - gap * 7 / 10 - h, w, h),
        (x + gap * 7 / 10, y + gap * 7 / 10, w, h),
        (x - gap * 7 / 10 - w, y - gap * 7 / 10 - h, w, h),
        (x - gap * 7 / 10 - w, y + gap * 7 / 10, w, h),
    ]
}

/// A thin line from a facility's circle to its label placed away from it.
fn draw_leader<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    (x, y, r): (i32, i32, i32),
    label: Rect,
    s: Style,
) -> DrawResult {
    let to = (x.clamp(label.0, label.0 + label.2), y.clamp(label.1, label.1 + label.3));
    let (dx, dy) = (f64::from(to.0 - x), f64::from(to.1 - y));
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let from = (x + (dx / length * f64::from(r)).round() as i32, y + (dy / length * f64::from(r)).round() as i32);
    plot.draw(&PathElement::new(vec![from, to], INK.stroke_width(s.upx(1.0)))).map_err(fail)
}

/// A label on a light box, so that it reads over any colour of the map.
fn draw_label<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    text: &str,
    r: Rect,
    style: TextStyle,
    s: Style,
) -> DrawResult {
    plot.draw(&Rectangle::new([(r.0, r.1), (r.0 + r.2, r.1 + r.3)], WHITE.mix(0.78).filled())).map_err(fail)?;
    plot.draw(&Text::new(text.to_string(), (r.0 + s.px(2.0), r.1 + 1), style)).map_err(fail)
}

/// The north arrow: "B" (Bắc) or "N" over an arrow, half filled.
fn draw_north_arrow<DB: DrawingBackend>(plot: &DrawingArea<DB, Shift>, r: Rect, lang: Lang, s: Style) -> DrawResult {
    let cx = r.0 + r.2 / 2;
    let letter = if lang == Lang::Vi { "B" } else { "N" };
    plot.draw(&Text::new(letter, (cx, r.1), s.bold(15.0).pos(Pos::new(HPos::Center, VPos::Top)))).map_err(fail)?;
    let (top, base, notch, half) = (r.1 + s.px(20.0), r.1 + r.3, r.1 + r.3 - s.px(8.0), s.px(9.0));
    plot.draw(&Polygon::new(vec![(cx, top), (cx - half, base), (cx, notch)], INK.filled())).map_err(fail)?;
    plot.draw(&Polygon::new(vec![(cx, top), (cx + half, base), (cx, notch)], WHITE.filled())).map_err(fail)?;
    plot.draw(&PathElement::new(
        vec![(cx, top), (cx - half, base), (cx, notch), (cx + half, base), (cx, top)],
        INK.stroke_width(s.upx(1.2)),
    ))
    .map_err(fail)
}

/// Vietnam in the locator, the two archipelagos included: (lon, lat) extent.
const LOCATOR_LON: (f64, f64) = (102.0, 115.2);
const LOCATOR_LAT: (f64, f64) = (8.2, 23.6);

/// The locator's size, or none when the map is not of a part of Vietnam (a synthetic
/// province far from it, or a map of most of the country).
fn locator_size(d: &Drawn, s: Style) -> Option<(i32, i32)> {
    let (lon_a, lat_a) = d.frame.to_lon_lat(0.0, f64::from(d.size.1));
    let (lon_b, lat_b) = d.frame.to_lon_lat(f64::from(d.size.0), 0.0);
    let (lon, lat) = ((lon_a + lon_b) / 2.0, (lat_a + lat_b) / 2.0);
    let in_vietnam = (LOCATOR_LON.0..=LOCATOR_LON.1).contains(&lon) && (LOCATOR_LAT.0..=LOCATOR_LAT.1).contains(&lat);
    if !in_vietnam || lat_b - lat_a > 6.0 {
        return None;
    }
    let h = (f64::from(d.size.1) * 0.3).min(f64::from(s.px(170.0)));
    let p = locator_projection();
    let (x0, y0) = p.to_km(LOCATOR_LAT.0, LOCATOR_LON.0);
    let (x1, y1) = p.to_km(LOCATOR_LAT.1, LOCATOR_LON.1);
    let w = h * (x1 - x0) / (y1 - y0);
    Some((w.round() as i32, h.round() as i32))
}

fn locator_projection() -> LocalProjection {
    LocalProjection::new((LOCATOR_LAT.0 + LOCATOR_LAT.1) / 2.0, (LOCATOR_LON.0 + LOCATOR_LON.1) / 2.0)
}

/// The locator: Vietnam's outline with the archipelagos, the map's frame in vermillion.
fn draw_locator<DB: DrawingBackend>(plot: &DrawingArea<DB, Shift>, d: &Drawn, r: Rect, s: Style) -> DrawResult {
    let p = locator_projection();
    let (x0, y0) = p.to_km(LOCATOR_LAT.0, LOCATOR_LON.0);
    let (x1, _) = p.to_km(LOCATOR_LAT.1, LOCATOR_LON.1);
    let k = f64::from(r.2) / (x1 - x0);
    let to_px = |lon: f64, lat: f64| {
        let (x, y) = p.to_km(lat, lon);
        (r.0 + ((x - x0) * k).round() as i32, r.1 + r.3 - ((y - y0) * k).round() as i32)
    };
    plot.draw(&Rectangle::new([(r.0, r.1), (r.0 + r.2, r.1 + r.3)], Colour(247, 250, 252).filled())).map_err(fail)?;
    for ring in outline::vietnam() {
        let pts: Vec<(i32, i32)> = ring.iter().map(|&(lon, lat)| to_px(lon, lat)).collect();
        plot.draw(&Polygon::new(pts.clone(), Colour(222, 222, 214).filled())).map_err(fail)?;
        plot.draw(&PathElement::new(pts, GREY.stroke_width(1))).map_err(fail)?;
    }
    let units = crate::units::official();
    for a in outline::ARCHIPELAGOS {
        if let Some(c) = units.commune(a.code) {
            let (x, y) = to_px(c.lon, c.lat);
            for (dx, dy) in [(0, 0), (-3, 2), (3, -2), (2, 3)] {
                plot.draw(&Circle::new((x + s.px(f64::from(dx)), y + s.px(f64::from(dy))), s.upx(1.0), GREY.filled()))
                    .map_err(fail)?;
            }
        }
    }
    // The main map's frame, at least a few pixels wide.
    let (lon_a, lat_a) = d.frame.to_lon_lat(0.0, f64::from(d.size.1));
    let (lon_b, lat_b) = d.frame.to_lon_lat(f64::from(d.size.0), 0.0);
    let (a, b) = (to_px(lon_a, lat_a), to_px(lon_b, lat_b));
    let min = s.px(6.0);
    let (cx, cy) = ((a.0 + b.0) / 2, (a.1 + b.1) / 2);
    let (hw, hh) = (((b.0 - a.0) / 2).max(min / 2), ((a.1 - b.1) / 2).max(min / 2));
    plot.draw(&Rectangle::new([(cx - hw, cy - hh), (cx + hw, cy + hh)], VERMILLION.stroke_width(s.upx(2.0))))
        .map_err(fail)?;
    plot.draw(&PathElement::new(
        vec![(r.0, r.1), (r.0 + r.2, r.1), (r.0 + r.2, r.1 + r.3), (r.0, r.1 + r.3), (r.0, r.1)],
        GREY.stroke_width(s.upx(1.0)),
    ))
    .map_err(fail)
}

/// Hatching of a shape (rings in pixels, even-odd): lines rising at 45°, `spacing` apart,
/// cut to the shape. Segments as pairs of end points.
pub(crate) fn hatch(rings: &[Vec<(i32, i32)>], spacing: i32) -> Vec<[(i32, i32); 2]> {
    let edges: Vec<((f64, f64), (f64, f64))> = rings
        .iter()
        .filter(|r| r.len() >= 3)
        .flat_map(|r| {
            (0..r.len()).map(move |k| {
                let (a, b) = (r[k], r[(k + 1) % r.len()]);
                ((f64::from(a.0), f64::from(a.1)), (f64::from(b.0), f64::from(b.1)))
            })
        })
        .collect();
    if edges.is_empty() || spacing <= 0 {
        return Vec::new();
    }
    // Lines x + y = c: each edge crosses those with c between its ends' sums.
    let sums = edges.iter().flat_map(|(a, b)| [a.0 + a.1, b.0 + b.1]);
    let (lo, hi) = sums.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(v), h.max(v)));
    let step = f64::from(spacing);
    let mut out = Vec::new();
    let mut c = (lo / step).ceil() * step;
    while c <= hi {
        let mut xs: Vec<f64> = edges
            .iter()
            .filter_map(|&((x1, y1), (x2, y2))| {
                let (u1, u2) = (x1 + y1, x2 + y2);
                ((u1 > c) != (u2 > c)).then(|| x1 + (c - u1) / (u2 - u1) * (x2 - x1))
            })
            .collect();
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2).filter(|pair| pair[1] - pair[0] >= 0.5) {
            let (xa, xb) = (pair[0], pair[1]);
            out.push([(xa.round() as i32, (c - xa).round() as i32), (xb.round() as i32, (c - xb).round() as i32)]);
        }
        c += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hatching_stays_inside_the_shape_and_skips_its_hole() {
        let square = vec![(0, 0), (100, 0), (100, 100), (0, 100)];
        let lines = hatch(std::slice::from_ref(&square), 10);
        // x + y from 0 to 200: the lines c = 10, 20, ..., 190 cross the square.
        assert_eq!(lines.len(), 19);
        for [a, b] in &lines {
            for p in [a, b] {
                assert!((0..=100).contains(&p.0) && (0..=100).contains(&p.1), "{p:?}");
            }
            assert_eq!(a.0 + a.1, b.0 + b.1, "a line at 45°");
        }
        // The diagonal line c = 100 runs corner to corner: 141 px long.
        let diagonal = lines.iter().find(|[a, _]| a.0 + a.1 == 100).unwrap();
        assert_eq!((diagonal[0], diagonal[1]), ((0, 100), (100, 0)));
        // A hole in the middle cuts that line in two.
        let hole = vec![(40, 40), (60, 40), (60, 60), (40, 60)];
        let with_hole = hatch(&[square, hole], 10);
        assert_eq!(with_hole.iter().filter(|[a, _]| a.0 + a.1 == 100).count(), 2);
    }

    #[test]
    fn a_region_is_deepest_in_its_middle() {
        // A 7 x 5 grid: own land in the left 2 columns, sea elsewhere.
        let zones: Vec<Zone> =
            (0..35).map(|i| if i % 7 < 2 { Zone::Own } else { Zone::Beyond(Beyond::EastSea) }).collect();
        let grid = Grid { cell: 10, cols: 7, rows: 5, zones };
        let depth = grid.depth(Zone::Beyond(Beyond::EastSea));
        // Row 2 (the middle): columns 2..6 are 1 (next to land), 2, 3, 2, 1 (edge).
        assert_eq!(&depth[14..21], &[0, 0, 1, 2, 3, 2, 1]);
        let deepest = (0..35).max_by_key(|&i| (depth[i], std::cmp::Reverse(i))).unwrap();
        assert_eq!(grid.centre(deepest), (45, 25));
        assert_eq!(grid.cells((12, 12, 15, 5)).collect::<Vec<_>>(), [8, 9]);
    }

    #[test]
    fn the_bucketed_nearest_commune_is_the_scan_of_every_commune() {
        let units = crate::units::official();
        let near: Vec<&crate::units::Commune> = units
            .communes
            .iter()
            .filter(|c| (103.0..106.0).contains(&c.lon) && (20.0..23.0).contains(&c.lat))
            .collect();
        assert!(near.len() > 300);
        let cos = 21.5f64.to_radians().cos();
        let index = NearIndex::new(&near, cos);
        let mut rng = crate::rng::Rng::new(3);
        for _ in 0..500 {
            let (lon, lat) = (rng.uniform(102.5, 106.5), rng.uniform(19.5, 23.5));
            let scan = near.iter().copied().min_by(|a, b| {
                let da = ((a.lon - lon) * cos).powi(2) + (a.lat - lat).powi(2);
                let db = ((b.lon - lon) * cos).powi(2) + (b.lat - lat).powi(2);
                da.total_cmp(&db).then(a.code.cmp(&b.code))
            });
            assert_eq!(index.nearest(lon, lat).map(|c| &c.code), scan.map(|c| &c.code), "{lon} {lat}");
        }
        assert!(NearIndex::new(&[], cos).nearest(105.0, 21.0).is_none());
    }

    #[test]
    fn a_point_is_inside_a_ring_by_the_even_odd_rule() {
        let ring = [(0, 0), (10, 0), (10, 10), (0, 10)];
        assert!(inside(&ring, (5, 5)));
        assert!(!inside(&ring, (15, 5)));
        assert!(overlaps((0, 0, 10, 10), (5, 5, 10, 10)) && !overlaps((0, 0, 10, 10), (10, 0, 5, 5)));
    }
}
