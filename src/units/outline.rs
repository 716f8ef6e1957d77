//! Vietnam's national outline for maps: Natural Earth 1:10m admin-0 boundaries (public
//! domain), from the npm package `world-atlas` 2.0.2, simplified to about 500 m by
//! `scripts/outline_from_world_atlas.py` (25 rings: the mainland and the larger islands; the
//! Paracel and Spratly archipelagos and the smallest islands are not in it). And the
//! approximate commune cells drawn when a dataset has no `areas.geojson`.

use std::sync::{LazyLock, Mutex};

use geo::{
    BooleanOps, BoundingRect, Contains, Coord, Intersects, LineString, MultiPoint, MultiPolygon, Point, Polygon,
    Voronoi, VoronoiClip, VoronoiParams,
};

use crate::geometry::{EARTH_RADIUS_KM, LocalProjection, haversine_km};

/// The rings of one shape as (lon, lat).
pub(crate) type Rings = Vec<Vec<(f64, f64)>>;

/// Radius of the cell of a commune whose centre is outside the outline (a small island).
const MAX_ISLAND_KM: f64 = 4.0;

const OUTLINE: &str = include_str!("../../datasets/units/vietnam_outline.txt");

static RINGS: LazyLock<Vec<Vec<(f64, f64)>>> = LazyLock::new(|| {
    OUTLINE
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.split(';')
                .filter_map(|p| {
                    let (x, y) = p.split_once(' ')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect()
        })
        .collect()
});

/// The outline's rings as (lon, lat), the mainland first.
pub(crate) fn vietnam() -> &'static [Vec<(f64, f64)>] {
    &RINGS
}

/// The outline's rings cut to a box (lon, lat of two corners), those outside it left out.
pub(crate) fn vietnam_within(a: (f64, f64), b: (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let window = geo::Rect::new(Coord { x: a.0, y: a.1 }, Coord { x: b.0, y: b.1 });
    vietnam()
        .iter()
        .map(|ring| {
            let coords: Vec<Coord> =
                ring[..ring.len().saturating_sub(1)].iter().map(|&(x, y)| Coord { x, y }).collect();
            let mut cut: Vec<(f64, f64)> = clip_ring_to_rect(&coords, window).into_iter().map(|c| (c.x, c.y)).collect();
            // Closed again, as the rings are.
            if let Some(&first) = cut.first() {
                cut.push(first);
            }
            cut
        })
        .filter(|ring| ring.len() >= 4)
        .collect()
}

/// An archipelago far offshore, drawn in an inset of a map that also holds mainland communes.
pub(crate) struct Archipelago {
    /// The 2025 code of the special zone (đặc khu) that administers it.
    pub(crate) code: &'static str,
    pub(crate) name_vi: &'static str,
    pub(crate) name_en: &'static str,
}

/// Hoàng Sa (Đà Nẵng, about 350 km offshore) and Trường Sa (Khánh Hòa, about 450 km): part
/// of Vietnam's territory, on every national map, too far out to share the mainland's frame.
pub(crate) const ARCHIPELAGOS: &[Archipelago] = &[
    Archipelago { code: "20333", name_vi: "Quần đảo Hoàng Sa", name_en: "Hoàng Sa archipelago" },
    Archipelago { code: "22736", name_vi: "Quần đảo Trường Sa", name_en: "Trường Sa archipelago" },
];

/// The archipelago administered by the commune `code`, if any.
pub(crate) fn archipelago(code: &str) -> Option<&'static Archipelago> {
    ARCHIPELAGOS.iter().find(|a| a.code == code)
}

/// Whether (lon, lat) is on Vietnam's land as the outline draws it (the mainland or one of
/// its islands).
#[cfg(test)]
pub(crate) fn inside_vietnam(lon: f64, lat: f64) -> bool {
    Parallel::new(lat).on_land(lon)
}

/// What a point off Vietnam's land is (see [`Parallel::beyond`]).
#[cfg(test)]
pub(crate) fn beyond(lon: f64, lat: f64) -> Beyond {
    Parallel::new(lat).beyond(lon)
}

/// Vietnam's outline cut by one parallel: the sorted longitudes where its rings cross it,
/// all rings and the mainland's alone. Every point of a map's row of cells lies on one
/// parallel (the maps' projection keeps latitude along a row), so a row asks its questions
/// at the cost of a binary search each.
pub(crate) struct Parallel {
    lat: f64,
    all: Vec<f64>,
    mainland: Vec<f64>,
}

impl Parallel {
    pub(crate) fn new(lat: f64) -> Self {
        let cut = |ring: &[(f64, f64)], out: &mut Vec<f64>| {
            for w in ring.windows(2) {
                let ((x1, y1), (x2, y2)) = (w[0], w[1]);
                if (y1 > lat) != (y2 > lat) {
                    out.push(x1 + (lat - y1) / (y2 - y1) * (x2 - x1));
                }
            }
        };
        let (mut all, mut mainland) = (Vec::new(), Vec::new());
        for (i, ring) in RINGS.iter().enumerate() {
            // Rings are closed (the first point repeated), as the conversion script writes them.
            cut(ring, &mut all);
            if i == 0 {
                cut(ring, &mut mainland);
            }
        }
        all.sort_by(f64::total_cmp);
        mainland.sort_by(f64::total_cmp);
        Parallel { lat, all, mainland }
    }

    /// Even-odd: an odd number of crossings east of the point (rings never overlap).
    pub(crate) fn on_land(&self, lon: f64) -> bool {
        (self.all.len() - self.all.partition_point(|&x| x <= lon)) % 2 == 1
    }

    fn mainland_east(&self, lon: f64) -> bool {
        self.mainland.last().is_some_and(|&x| x > lon)
    }

    /// What a point of this parallel off Vietnam's land is: a neighbouring country or a
    /// sea. Rough on purpose (a label goes in the middle of a region, never on its edge):
    /// north of the land border (about 21.5°N east of 103.5°E, 22.4°N west of it) is China;
    /// a point with Vietnam's mainland east of it is Laos above the tripoint near 14.7°N and
    /// Cambodia below it, down to Hà Tiên (10.42°N); every other point is sea: the Gulf of
    /// Thailand west of a line from 8°N 104.8°E to 10°N 105.3°E (Cà Mau's cape), the Gulf of
    /// Tonkin north of Cồn Cỏ (17°N) and west of 108.7°E, the East Sea elsewhere. Laos's
    /// easternmost longitude by latitude keeps bays with mainland east of them (Hạ Long) at
    /// sea.
    pub(crate) fn beyond(&self, lon: f64) -> Beyond {
        let lat = self.lat;
        if lat >= 22.4 || (lat >= 21.45 && lon >= 103.5 && !(lon > 107.95 && lat < 21.6)) {
            return Beyond::China;
        }
        let laos_east_limit = match lat {
            l if l < 14.7 => f64::NEG_INFINITY,
            l if l < 16.0 => 107.8,
            l if l < 17.5 => 106.9,
            l if l < 18.5 => 106.1,
            l if l < 19.5 => 105.3,
            _ => 105.0,
        };
        if lat >= 14.7 && (lon < 103.5 || (lon < laos_east_limit && self.mainland_east(lon))) {
            return Beyond::Laos;
        }
        if (10.42..14.7).contains(&lat)
            && lon < 107.65
            && (lon < 105.8 || lat > 10.9)
            && (lon > 104.5 || lat > 10.6)
            && self.mainland_east(lon)
        {
            return Beyond::Cambodia;
        }
        let cape_line = 104.8 + (lat.min(10.0) - 8.0) * 0.25;
        if lat < 11.5 && lon < cape_line {
            Beyond::GulfOfThailand
        } else if lat >= 17.0 && lon < 108.7 {
            Beyond::GulfOfTonkin
        } else {
            Beyond::EastSea
        }
    }
}

/// What lies around Vietnam, for the labels of a map's surroundings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Beyond {
    EastSea,
    GulfOfTonkin,
    GulfOfThailand,
    China,
    Laos,
    Cambodia,
}

impl Beyond {
    /// The name in Vietnamese and in English, as Vietnamese maps write them.
    pub(crate) fn names(self) -> (&'static str, &'static str) {
        match self {
            Beyond::EastSea => ("Biển Đông", "East Sea"),
            Beyond::GulfOfTonkin => ("Vịnh Bắc Bộ", "Gulf of Tonkin"),
            Beyond::GulfOfThailand => ("Vịnh Thái Lan", "Gulf of Thailand"),
            Beyond::China => ("TRUNG QUỐC", "CHINA"),
            Beyond::Laos => ("LÀO", "LAOS"),
            Beyond::Cambodia => ("CAMPUCHIA", "CAMBODIA"),
        }
    }

    pub(crate) fn is_sea(self) -> bool {
        matches!(self, Beyond::EastSea | Beyond::GulfOfTonkin | Beyond::GulfOfThailand)
    }
}

/// The outer boundaries of groups of shapes (the communes of each province): the union of
/// each group's rings, exteriors only (the gaps between approximate cells would otherwise
/// draw as small holes). Groups in first-seen order.
pub(crate) fn dissolve<'a>(shapes: impl Iterator<Item = (&'a str, &'a [Vec<(f64, f64)>])>) -> Vec<(String, Rings)> {
    use geo::orient::{Direction, Orient};
    let mut groups: Vec<(String, Vec<Polygon<f64>>)> = Vec::new();
    for (group, rings) in shapes {
        let polygons = rings
            .iter()
            .filter(|r| r.len() >= 4)
            .map(|r| Polygon::new(LineString::from(r.clone()), vec![]).orient(Direction::Default));
        match groups.iter_mut().find(|(g, _)| g == group) {
            Some((_, list)) => list.extend(polygons),
            None => groups.push((group.to_string(), polygons.collect())),
        }
    }
    groups
        .into_iter()
        .map(|(group, polygons)| {
            let union = geo::unary_union(&polygons);
            let rings = union.0.iter().map(|p| p.exterior().coords().map(|c| (c.x, c.y)).collect()).collect();
            (group, rings)
        })
        .collect()
}

/// Whether (lon, lat) lies in the rectangle around Vietnam and its islands, i.e. whether
/// drawing the national outline around a map of these points makes sense.
#[cfg(test)]
pub(crate) fn near_vietnam(lon: f64, lat: f64) -> bool {
    (8.0..=24.0).contains(&lat) && (102.0..=118.0).contains(&lon)
}

/// Whether a map's communes are the real ones: at least 80% of them have an official 2025
/// code whose official centre is within 5 km of the centre drawn. Only then is the national
/// outline drawn around them (a synthetic province would sit on the real coast at random).
pub(crate) fn real_geography<'a>(areas: impl Iterator<Item = (&'a str, (f64, f64))>) -> bool {
    let units = super::official();
    let (mut n, mut real) = (0usize, 0usize);
    for (id, (lon, lat)) in areas {
        n += 1;
        real += usize::from(units.commune(id).is_some_and(|c| haversine_km(lat, lon, c.lat, c.lon) <= 5.0));
    }
    n > 0 && real * 5 >= n * 4
}

/// Approximate commune cells: the Voronoi cells of the centres (in a local km projection),
/// each cut to a disc of 1.5 times the distance to the nearest other centre (at most 3 times
/// the median of that distance, and [`MAX_ISLAND_KM`] for a centre outside the outline; at
/// least `min_radius_km[i]`), and to the national outline when the centre is inside it. Rings in
/// (lon, lat), one list per centre, in order; `None` when the centres cannot make cells
/// (fewer than 3, or all on one line).
///
/// The cells of the last few sets of centres are kept: a report draws the same communes on
/// several maps, in PNG, SVG and PDF.
pub(crate) fn approximate_cells(
    centres: &[(f64, f64)],
    min_radius_km: &[f64],
    clip_to_outline: bool,
) -> Option<Vec<Rings>> {
    use std::hash::{Hash, Hasher};
    type Cache = Mutex<Vec<(u64, Option<Vec<Rings>>)>>;
    static CACHE: LazyLock<Cache> = LazyLock::new(|| Mutex::new(Vec::new()));
    const KEPT: usize = 16;
    let mut hasher = rustc_hash::FxHasher::default();
    for &(x, y) in centres {
        (x.to_bits(), y.to_bits()).hash(&mut hasher);
    }
    for r in min_radius_km {
        r.to_bits().hash(&mut hasher);
    }
    (centres.len(), clip_to_outline).hash(&mut hasher);
    let key = hasher.finish();
    if let Some((_, cells)) = CACHE.lock().ok()?.iter().find(|(k, _)| *k == key) {
        return cells.clone();
    }
    let cells = compute_cells(centres, min_radius_km, clip_to_outline);
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= KEPT {
            cache.remove(0);
        }
        cache.push((key, cells.clone()));
    }
    cells
}

/// For each centre, the great-circle distance to the nearest other centre: the minimum over
/// all pairs, found by scanning outward in latitude order and stopping once the difference
/// in latitude alone (a lower bound of the distance) exceeds the best so far. The national
/// map has 3,321 centres: 11 million pairs otherwise.
fn nearest_other_km(centres: &[(f64, f64)]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..centres.len()).collect();
    order.sort_by(|&a, &b| centres[a].1.total_cmp(&centres[b].1));
    // Margins far above the rounding of the haversine formula: the bound never cuts off a
    // pair that could be nearer.
    let beyond = |a: &(f64, f64), b: &(f64, f64), best: f64| {
        EARTH_RADIUS_KM * (b.1 - a.1).abs().to_radians() > best * (1.0 + 1e-9) + 1e-9
    };
    let mut out = vec![f64::INFINITY; centres.len()];
    for (k, &i) in order.iter().enumerate() {
        let a = &centres[i];
        let mut best = f64::INFINITY;
        // Northward, then southward: latitudes only move away from `a` along each side.
        let north = order[k + 1..].iter();
        let south = order[..k].iter().rev();
        for &j in north {
            let b = &centres[j];
            if beyond(a, b, best) {
                break;
            }
            best = best.min(haversine_km(a.1, a.0, b.1, b.0));
        }
        for &j in south {
            let b = &centres[j];
            if beyond(a, b, best) {
                break;
            }
            best = best.min(haversine_km(a.1, a.0, b.1, b.0));
        }
        out[i] = best;
    }
    out
}

fn compute_cells(centres: &[(f64, f64)], min_radius_km: &[f64], clip_to_outline: bool) -> Option<Vec<Rings>> {
    if centres.len() < 3 {
        return None;
    }
    let (lat0, lon0) = {
        let n = centres.len() as f64;
        (centres.iter().map(|c| c.1).sum::<f64>() / n, centres.iter().map(|c| c.0).sum::<f64>() / n)
    };
    let projection = LocalProjection::new(lat0, lon0);
    // Identical centres are nudged apart by a metre so the triangulation has distinct sites.
    let mut km: Vec<(f64, f64)> = Vec::with_capacity(centres.len());
    for (i, &(lon, lat)) in centres.iter().enumerate() {
        let (mut x, y) = projection.to_km(lat, lon);
        while km.iter().any(|&(a, b)| a == x && b == y) {
            x += 0.001 * (i as f64 + 1.0);
        }
        km.push((x, y));
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &(x, y) in &km {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let pad = 50.0 + (x1 - x0).max(y1 - y0);
    let frame = Polygon::new(
        LineString::from(vec![(x0 - pad, y0 - pad), (x1 + pad, y0 - pad), (x1 + pad, y1 + pad), (x0 - pad, y1 + pad)]),
        vec![],
    );
    let sites: MultiPoint<f64> = km.iter().map(|&(x, y)| Point::new(x, y)).collect();
    let cells = sites.voronoi_cells_with_params(VoronoiParams::new().clip(VoronoiClip::Polygon(&frame))).ok()?;
    if cells.len() != centres.len() {
        return None;
    }
    let to_km = |&(lon, lat): &(f64, f64)| {
        let (x, y) = projection.to_km(lat, lon);
        Coord { x, y }
    };
    let coast = Coast::new(MultiPolygon(if clip_to_outline {
        vietnam().iter().map(|r| Polygon::new(LineString(r.iter().map(to_km).collect()), vec![])).collect()
    } else {
        Vec::new()
    }));
    let nearest = nearest_other_km(centres);
    let mut sorted = nearest.clone();
    sorted.sort_by(f64::total_cmp);
    let typical = sorted[sorted.len() / 2];
    let out = cells
        .into_iter()
        .enumerate()
        .map(|(i, cell)| {
            let (cx, cy) = km[i];
            let inside = !clip_to_outline || coast.outline.contains(&Point::new(cx, cy));
            // Isolated centres (an island far out) get a cell of a typical size, and a small
            // island missing from the outline a small one, not a cell reaching halfway to
            // the next commune.
            let cap = if inside { 3.0 * typical } else { MAX_ISLAND_KM.min(3.0 * typical) };
            let r = (1.5 * nearest[i]).min(cap).max(min_radius_km.get(i).copied().unwrap_or(0.0)).max(0.5);
            let disc = Polygon::new(
                LineString(
                    (0..48)
                        .map(|k| {
                            let t = k as f64 / 48.0 * std::f64::consts::TAU;
                            Coord { x: cx + r * t.cos(), y: cy + r * t.sin() }
                        })
                        .collect(),
                ),
                vec![],
            );
            let mut shape = MultiPolygon(vec![cell]).intersection(&MultiPolygon(vec![disc]));
            if clip_to_outline && inside {
                // Only the rings near the cell: clipping against the whole country is slow.
                let near = shape.bounding_rect().map_or_else(Vec::new, |b| coast.near(b));
                let clipped = shape.intersection(&MultiPolygon(near));
                if !clipped.0.is_empty() {
                    shape = clipped;
                }
            }
            shape
                .0
                .iter()
                .map(|p| {
                    p.exterior()
                        .coords()
                        .map(|c| {
                            let (lat, lon) = projection.to_lat_lon(c.x, c.y);
                            (lon, lat)
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    Some(out)
}

/// The outline in a projection's km, prepared once for clipping every cell of a map.
struct Coast {
    outline: MultiPolygon<f64>,
    boxes: Vec<Option<geo::Rect<f64>>>,
    /// Each ring's first vertex of least x, least y, greatest x and greatest y.
    extremes: Vec<[Coord; 4]>,
    /// The longest edge of any ring (56 km on the national outline).
    longest: f64,
}

impl Coast {
    fn new(outline: MultiPolygon<f64>) -> Self {
        let boxes = outline.0.iter().map(|p| p.bounding_rect()).collect();
        let extremes = outline
            .0
            .iter()
            .filter_map(|p| {
                let coords = &p.exterior().0;
                let first = *coords.first()?;
                Some(coords.iter().fold([first; 4], |[a, b, c, d], &v| {
                    [
                        if v.x < a.x { v } else { a },
                        if v.y < b.y { v } else { b },
                        if v.x > c.x { v } else { c },
                        if v.y > d.y { v } else { d },
                    ]
                }))
            })
            .collect();
        let longest =
            outline.0.iter().flat_map(|p| p.exterior().lines()).map(|l| l.dx().hypot(l.dy())).fold(0.0, f64::max);
        Coast { outline, boxes, extremes, longest }
    }

    /// The rings whose box meets `cell` (with their index).
    fn rings_near(&self, cell: geo::Rect<f64>) -> impl Iterator<Item = (usize, &Polygon<f64>)> {
        self.outline.0.iter().enumerate().filter(move |(i, _)| self.boxes[*i].is_some_and(|r| r.intersects(&cell)))
    }

    /// The outline near a cell, for clipping the cell to the land at a fraction of the cost
    /// of the whole coast (1,647 vertices on the mainland). Each ring whose box meets the
    /// cell's box is cut to that box widened by more than the longest edge, so every edge
    /// that can reach the cell is kept exactly as it is; a speck at each extreme vertex left
    /// outside keeps the bounding box of the operands, and so the grid to which the boolean
    /// operation snaps every coordinate, what it was with the whole rings: the clipped cell
    /// is the same to the last bit.
    fn near(&self, cell: geo::Rect<f64>) -> Vec<Polygon<f64>> {
        let margin = self.longest + 1.0;
        let window = geo::Rect::new(
            Coord { x: cell.min().x - margin, y: cell.min().y - margin },
            Coord { x: cell.max().x + margin, y: cell.max().y + margin },
        );
        let mut near = Vec::new();
        // The extreme vertices of these rings (min x, min y, max x, max y), first found.
        let mut extremes: [Option<Coord>; 4] = [None; 4];
        for (i, p) in self.rings_near(cell) {
            let ring = self.extremes[i];
            let better = [
                extremes[0].is_none_or(|e| ring[0].x < e.x),
                extremes[1].is_none_or(|e| ring[1].y < e.y),
                extremes[2].is_none_or(|e| ring[2].x > e.x),
                extremes[3].is_none_or(|e| ring[3].y > e.y),
            ];
            for ((e, b), v) in extremes.iter_mut().zip(better).zip(ring) {
                if b {
                    *e = Some(v);
                }
            }
            let coords = &p.exterior().0;
            let cut = clip_ring_to_rect(&coords[..coords.len().saturating_sub(1)], window);
            if cut.len() >= 3 {
                near.push(Polygon::new(LineString(cut), vec![]));
            }
        }
        for e in extremes.into_iter().flatten().filter(|e| !window.contains(e)) {
            // Far outside the cell (beyond the margin), a degenerate triangle at the vertex.
            near.push(Polygon::new(LineString(vec![e, e, e]), vec![]));
        }
        near
    }
}

/// The part of a ring inside a rectangle (Sutherland-Hodgman): vertices inside are kept
/// bit for bit; edges crossing the rectangle end on its sides.
fn clip_ring_to_rect(ring: &[Coord], r: geo::Rect<f64>) -> Vec<Coord> {
    let (lo, hi) = (r.min(), r.max());
    let mut points = ring.to_vec();
    // Each side as "inside" test and the crossing of an edge with it.
    type Inside<'a> = &'a dyn Fn(Coord) -> bool;
    type Crossing<'a> = &'a dyn Fn(Coord, Coord) -> Coord;
    let sides: [(Inside, Crossing); 4] = [
        (&|c: Coord| c.x >= lo.x, &|a: Coord, b: Coord| cross_x(a, b, lo.x)),
        (&|c: Coord| c.x <= hi.x, &|a: Coord, b: Coord| cross_x(a, b, hi.x)),
        (&|c: Coord| c.y >= lo.y, &|a: Coord, b: Coord| cross_y(a, b, lo.y)),
        (&|c: Coord| c.y <= hi.y, &|a: Coord, b: Coord| cross_y(a, b, hi.y)),
    ];
    for (inside, cross) in sides {
        if points.is_empty() {
            break;
        }
        let input = std::mem::take(&mut points);
        let mut prev = *input.last().expect("not empty");
        for &c in &input {
            match (inside(prev), inside(c)) {
                (true, true) => points.push(c),
                (true, false) => points.push(cross(prev, c)),
                (false, true) => {
                    points.push(cross(prev, c));
                    points.push(c);
                }
                (false, false) => {}
            }
            prev = c;
        }
    }
    points
}

fn cross_x(a: Coord, b: Coord, x: f64) -> Coord {
    let t = (x - a.x) / (b.x - a.x);
    Coord { x, y: a.y + t * (b.y - a.y) }
}

fn cross_y(a: Coord, b: Coord, y: f64) -> Coord {
    let t = (y - a.y) / (b.y - a.y);
    Coord { x: a.x + t * (b.x - a.x), y }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ring_cut_to_a_box_keeps_its_inner_vertices_and_ends_on_the_sides() {
        let c = |x: f64, y: f64| Coord { x, y };
        // A square from (0,0) to (4,4) and a box over its right half and beyond.
        let cut = clip_ring_to_rect(
            &[c(0.0, 0.0), c(4.0, 0.0), c(4.0, 4.0), c(0.0, 4.0)],
            geo::Rect::new(c(2.0, -1.0), c(9.0, 3.0)),
        );
        assert_eq!(cut, vec![c(2.0, 3.0), c(2.0, 0.0), c(4.0, 0.0), c(4.0, 3.0)]);
        // Wholly inside: unchanged; wholly outside: nothing.
        let ring = [c(1.0, 1.0), c(2.0, 1.0), c(2.0, 2.0)];
        assert_eq!(clip_ring_to_rect(&ring, geo::Rect::new(c(0.0, 0.0), c(5.0, 5.0))), ring.to_vec());
        assert!(clip_ring_to_rect(&ring, geo::Rect::new(c(6.0, 6.0), c(7.0, 7.0))).is_empty());
    }

    #[test]
    fn a_cell_clipped_to_the_nearby_coast_is_bit_for_bit_the_cell_clipped_to_the_whole_outline() {
        let projection = LocalProjection::new(16.0, 106.5);
        let outline = MultiPolygon(
            vietnam()
                .iter()
                .map(|r| {
                    let ring = r.iter().map(|&(lon, lat)| {
                        let (x, y) = projection.to_km(lat, lon);
                        Coord { x, y }
                    });
                    Polygon::new(LineString(ring.collect()), vec![])
                })
                .collect(),
        );
        let coast = Coast::new(outline);
        // Cells of 3 to 15 km astride the coast, from the north to the Mekong delta.
        let mut compared = 0;
        for (k, centre) in coast.outline.0[0].exterior().0.iter().step_by(23).enumerate() {
            let r = 3.0 + (k % 5) as f64 * 3.0;
            let square =
                [(-r, -r), (r, -r), (r, r), (-r, r)].map(|(dx, dy)| Coord { x: centre.x + dx, y: centre.y + dy });
            let cell = MultiPolygon(vec![Polygon::new(LineString(square.to_vec()), vec![])]);
            let b = cell.bounding_rect().expect("a square");
            let whole: Vec<Polygon<f64>> = coast.rings_near(b).map(|(_, p)| p.clone()).collect();
            let exact = cell.intersection(&MultiPolygon(whole));
            assert!(!exact.0.is_empty());
            assert_eq!(cell.intersection(&MultiPolygon(coast.near(b))), exact, "cell {k}");
            compared += 1;
        }
        assert!(compared > 60, "{compared}");
    }

    #[test]
    fn the_nearest_other_centre_is_the_all_pairs_minimum_exactly() {
        // Random centres over Vietnam, with exact duplicates and equal latitudes.
        let mut rng = crate::rng::Rng::new(7);
        let mut centres: Vec<(f64, f64)> =
            (0..400).map(|_| (rng.uniform(102.0, 110.0), rng.uniform(8.5, 23.5))).collect();
        centres.push(centres[3]);
        centres.push((centres[10].0 + 0.5, centres[10].1));
        let brute: Vec<f64> = centres
            .iter()
            .enumerate()
            .map(|(i, a)| {
                centres
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .map(|(_, b)| haversine_km(a.1, a.0, b.1, b.0))
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
        let fast = nearest_other_km(&centres);
        assert_eq!(
            fast.iter().map(|d| d.to_bits()).collect::<Vec<_>>(),
            brute.iter().map(|d| d.to_bits()).collect::<Vec<_>>()
        );
        assert_eq!(fast[3], 0.0);
        assert_eq!(nearest_other_km(&[(105.0, 20.0)]), vec![f64::INFINITY]);
    }

    #[test]
    fn places_around_vietnam_are_named_as_a_map_names_them() {
        // On land: Hà Nội, Đà Lạt, Cà Mau; off it: the places below.
        for (lon, lat) in [(105.85, 21.03), (108.44, 11.94), (105.15, 9.18)] {
            assert!(inside_vietnam(lon, lat), "{lon} {lat}");
        }
        for (lon, lat, expected) in [
            (105.0, 23.5, Beyond::China),          // Yunnan, north of Hà Giang
            (106.8, 22.6, Beyond::China),          // Guangxi, north of Cao Bằng
            (102.5, 20.5, Beyond::Laos),           // west of Điện Biên
            (105.0, 18.0, Beyond::Laos),           // Khammouane, west of Hà Tĩnh
            (106.5, 15.5, Beyond::Laos),           // Sekong, west of Quảng Nam
            (106.0, 13.0, Beyond::Cambodia),       // west of Đắk Lắk
            (105.3, 11.3, Beyond::Cambodia),       // north of the Mekong delta
            (107.2, 20.6, Beyond::GulfOfTonkin),   // off Hải Phòng
            (109.6, 12.5, Beyond::EastSea),        // off Nha Trang
            (106.5, 8.0, Beyond::EastSea),         // off Côn Đảo
            (104.2, 9.0, Beyond::GulfOfThailand),  // west of Cà Mau
            (103.6, 10.2, Beyond::GulfOfThailand), // west of Phú Quốc
        ] {
            assert!(!inside_vietnam(lon, lat), "{lon} {lat} is off the land");
            assert_eq!(beyond(lon, lat), expected, "{lon} {lat}");
        }
        assert_eq!(Beyond::EastSea.names(), ("Biển Đông", "East Sea"));
        assert!(Beyond::GulfOfThailand.is_sea() && !Beyond::Laos.is_sea());
    }

    #[test]
    fn the_outline_holds_the_mainland_and_islands() {
        let rings = vietnam();
        assert_eq!(rings.len(), 25);
        let poly = |r: &Vec<(f64, f64)>| Polygon::new(LineString::from(r.clone()), vec![]);
        let all = MultiPolygon(rings.iter().map(poly).collect());
        // Hà Nội, Hồ Chí Minh City and Phú Quốc island inside; the sea off Đà Nẵng outside.
        for (lon, lat) in [(105.85, 21.03), (106.70, 10.78), (103.96, 10.23)] {
            assert!(all.contains(&Point::new(lon, lat)), "({lon}, {lat})");
        }
        assert!(!all.contains(&Point::new(109.5, 16.0)));
        assert!(rings.iter().flatten().all(|&(lon, lat)| near_vietnam(lon, lat)));
    }

    #[test]
    fn dissolving_keeps_the_outer_boundary_of_each_group() {
        let square = |x: f64, y: f64| vec![vec![(x, y), (x + 1.0, y), (x + 1.0, y + 1.0), (x, y + 1.0), (x, y)]];
        // Two touching squares of "a" (one drawn clockwise), one apart of "b".
        let a1 = square(0.0, 0.0);
        let a2: Rings = vec![square(1.0, 0.0)[0].iter().rev().copied().collect()];
        let b = square(5.0, 5.0);
        let groups = dissolve([("a", a1.as_slice()), ("b", b.as_slice()), ("a", a2.as_slice())].into_iter());
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].0, "a");
        assert_eq!(groups[0].1.len(), 1, "one outline for two touching cells");
        let ring = Polygon::new(LineString::from(groups[0].1[0].clone()), vec![]);
        assert!((geo::Area::unsigned_area(&ring) - 2.0).abs() < 1e-9);
        assert_eq!(groups[1].1.len(), 1);
        assert!(archipelago("22736").is_some_and(|a| a.name_vi == "Quần đảo Trường Sa"));
        assert!(archipelago("31078").is_none(), "Phú Quốc is drawn in place");
    }

    #[test]
    fn cells_cover_their_centre_and_stay_within_the_outline() {
        let units = super::super::official();
        let communes: Vec<_> = units.communes_of("15").collect();
        let centres: Vec<(f64, f64)> = communes.iter().map(|c| (c.lon, c.lat)).collect();
        let cells = approximate_cells(&centres, &[], true).unwrap();
        assert_eq!(cells.len(), centres.len());
        let mut covered = 0;
        for (rings, &(lon, lat)) in cells.iter().zip(&centres) {
            let shape = MultiPolygon(
                rings.iter().map(|r| Polygon::new(LineString::from(r.clone()), vec![])).collect::<Vec<_>>(),
            );
            covered += usize::from(shape.contains(&Point::new(lon, lat)));
        }
        // A centre on the border (geocoded just outside the outline) may fall outside its cell.
        assert!(covered * 100 >= centres.len() * 95, "{covered} of {}", centres.len());
        assert!(approximate_cells(&centres[..2], &[], true).is_none());
        // The real communes are recognised; moved 10 km north they are not.
        let ids: Vec<&str> = communes.iter().map(|c| c.code.as_str()).collect();
        assert!(real_geography(ids.iter().copied().zip(centres.iter().copied())));
        assert!(!real_geography(ids.iter().copied().zip(centres.iter().map(|&(lon, lat)| (lon, lat + 0.09)))));
    }
}
