//! `report.pdf`: the meeting brief, A4, in Vietnamese or English.
//!
//! Built with krilla (fonts embedded and subset, real selectable text) and krilla-svg (the
//! charts' SVG drawn as vector graphics, their text embedded with the same Noto Sans).
//! krilla was chosen over printpdf and raw pdf-writer because it shapes text (Vietnamese
//! stacked diacritics), subsets and embeds fonts, and renders SVG, all in safe Rust.
//!
//! Layout happens first (items placed on pages), then drawing, so that every page can say
//! "page X of Y".

use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};

use super::charts::{Chart, PDF_SIZE};
use super::fonts;
use super::i18n::{Key, Lang, fill, number, percent, tr, with_range};
use super::style::{BLUE, Colour, GREEN, GREY, INK, VERMILLION};
use crate::load::InputFile;
use crate::model::Indicator;
use crate::scenario::ScenarioResult;
use crate::score::{CellStatus, KpiStatus};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 48.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
const TOP: f32 = 56.0;
const BOTTOM: f32 = PAGE_H - 56.0;

const LIGHT: Colour = Colour(235, 238, 242);
const ACCENT: Colour = BLUE;

#[derive(Clone)]
enum Item {
    Text { x: f32, y: f32, size: f32, bold: bool, colour: Colour, text: String },
    Rect { x: f32, y: f32, w: f32, h: f32, colour: Colour },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, colour: Colour },
    Svg { x: f32, y: f32, w: f32, h: f32, index: usize },
}

/// Text widths from the embedded font's advances (Noto Sans; kerning ignored).
struct Measure {
    regular: ab_glyph::FontRef<'static>,
    bold: ab_glyph::FontRef<'static>,
}

impl Measure {
    fn new() -> Self {
        Measure {
            regular: ab_glyph::FontRef::try_from_slice(fonts::REGULAR).expect("embedded font parses"),
            bold: ab_glyph::FontRef::try_from_slice(fonts::BOLD).expect("embedded font parses"),
        }
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        use ab_glyph::{Font as _, ScaleFont};
        let font = if bold { &self.bold } else { &self.regular };
        // ab_glyph scales by the font's height (ascent - descent); PDF sizes are em sizes.
        let em = font.units_per_em().unwrap_or(1000.0);
        let scaled = font.as_scaled(ab_glyph::PxScale::from(size * font.height_unscaled() / em));
        text.chars().map(|c| scaled.h_advance(scaled.glyph_id(c))).sum()
    }

    /// Greedy word wrap into lines no wider than `width`.
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
            if self.width(&candidate, size, bold) <= width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Shortens to fit `width`, with an ellipsis.
    fn fit(&self, text: &str, size: f32, bold: bool, width: f32) -> String {
        if self.width(text, size, bold) <= width {
            return text.to_string();
        }
        let mut chars: Vec<char> = text.chars().collect();
        while !chars.is_empty() && self.width(&format!("{}…", chars.iter().collect::<String>()), size, bold) > width {
            chars.pop();
        }
        format!("{}…", chars.iter().collect::<String>().trim_end())
    }
}

struct Layout {
    pages: Vec<Vec<Item>>,
    y: f32,
    measure: Measure,
}

/// A table column: header, width (points), right-aligned (numbers).
struct Col<'a> {
    header: &'a str,
    width: f32,
    right: bool,
}

impl Layout {
    fn new() -> Self {
        Layout { pages: vec![Vec::new()], y: TOP, measure: Measure::new() }
    }

    fn page(&mut self) -> &mut Vec<Item> {
        self.pages.last_mut().expect("there is always a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, colour: Colour, text: impl Into<String>) {
        self.page().push(Item::Text { x, y, size, bold, colour, text: text.into() });
    }

    fn heading(&mut self, text: &str) {
        self.ensure(60.0);
        self.y += 8.0;
        self.text(MARGIN, self.y + 14.0, 15.0, true, ACCENT, text);
        self.y += 22.0;
        let y = self.y;
        self.page().push(Item::Line { x1: MARGIN, y1: y, x2: PAGE_W - MARGIN, y2: y, colour: ACCENT });
        self.y += 10.0;
    }

    /// A question's title: bold, smaller than a heading, kept with its first lines.
    fn subheading(&mut self, text: &str) {
        self.ensure(50.0);
        self.y += 6.0;
        for line in self.measure.wrap(text, 11.0, true, CONTENT_W) {
            self.text(MARGIN, self.y + 11.0, 11.0, true, INK, line);
            self.y += 16.0;
        }
        self.y += 2.0;
    }

    /// Questions with their bullets at `size`.
    fn answers(&mut self, answers: &[super::findings::Answer], size: f32) {
        for answer in answers {
            self.subheading(&answer.title);
            for sentence in &answer.sentences {
                self.bullet(sentence, size);
            }
        }
    }

    fn paragraph(&mut self, text: &str, size: f32, colour: Colour) {
        let lines = self.measure.wrap(text, size, false, CONTENT_W);
        for line in lines {
            self.ensure(size * 1.45);
            self.text(MARGIN, self.y + size, size, false, colour, line);
            self.y += size * 1.45;
        }
        self.y += 4.0;
    }

    fn bullet(&mut self, text: &str, size: f32) {
        let lines = self.measure.wrap(text, size, false, CONTENT_W - 14.0);
        for (i, line) in lines.into_iter().enumerate() {
            self.ensure(size * 1.45);
            if i == 0 {
                self.text(MARGIN + 2.0, self.y + size, size, false, ACCENT, "•");
            }
            self.text(MARGIN + 14.0, self.y + size, size, false, INK, line);
            self.y += size * 1.45;
        }
        self.y += 2.0;
    }

    /// A header row; a header wider than its column wraps onto more lines.
    fn table_header(&mut self, cols: &[Col], size: f32) {
        let line_h = size * 1.25;
        let wrapped: Vec<Vec<String>> =
            cols.iter().map(|c| self.measure.wrap(c.header, size, true, c.width - 6.0)).collect();
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let row_h = size * 1.9 + (lines - 1) as f32 * line_h;
        self.ensure(row_h + size * 1.9);
        let y = self.y;
        self.page().push(Item::Rect { x: MARGIN, y, w: CONTENT_W, h: row_h, colour: LIGHT });
        let mut x = MARGIN;
        for (c, header) in cols.iter().zip(wrapped) {
            for (i, line) in header.iter().enumerate() {
                let text = self.measure.fit(line, size, true, c.width - 6.0);
                let tx = if c.right { x + c.width - 4.0 - self.measure.width(&text, size, true) } else { x + 4.0 };
                self.text(tx, y + size * 1.9 * 0.68 + i as f32 * line_h, size, true, INK, text);
            }
            x += c.width;
        }
        self.y += row_h;
    }

    /// A table whose cells wrap onto several lines (left-aligned text) instead of being cut.
    fn wrapped_table(&mut self, cols: &[Col], rows: &[Vec<(String, Option<Colour>)>], size: f32) {
        let line_h = size * 1.35;
        let pad = size * 0.5;
        self.table_header(cols, size);
        for row in rows {
            let cells: Vec<Vec<String>> = cols
                .iter()
                .zip(row)
                .map(|(c, (text, _))| self.measure.wrap(text, size, false, c.width - 8.0))
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let row_h = lines as f32 * line_h + 2.0 * pad;
            if self.y + row_h > BOTTOM {
                self.new_page();
                self.table_header(cols, size);
            }
            let mut x = MARGIN;
            let y = self.y;
            for ((c, (_, colour)), cell) in cols.iter().zip(row).zip(cells) {
                for (i, line) in cell.into_iter().enumerate() {
                    let tx = if c.right { x + c.width - 4.0 - self.measure.width(&line, size, false) } else { x + 4.0 };
                    self.text(tx, y + pad + size + i as f32 * line_h, size, false, colour.unwrap_or(INK), line);
                }
                x += c.width;
            }
            self.end_row(y, row_h);
        }
        self.y += 10.0;
    }

    /// A light rule under a table row that starts at `y`, and the cursor below it.
    fn end_row(&mut self, y: f32, row_h: f32) {
        self.page().push(Item::Line { x1: MARGIN, y1: y + row_h, x2: PAGE_W - MARGIN, y2: y + row_h, colour: LIGHT });
        self.y = y + row_h;
    }

    fn table(&mut self, cols: &[Col], rows: &[Vec<(String, Option<Colour>)>], size: f32) {
        let row_h = size * 1.9;
        let header = |layout: &mut Layout| layout.table_header(cols, size);
        header(self);
        for row in rows {
            if self.y + row_h > BOTTOM {
                self.new_page();
                header(self);
            }
            let mut x = MARGIN;
            let y = self.y;
            for (c, (text, colour)) in cols.iter().zip(row) {
                let text = self.measure.fit(text, size, false, c.width - 6.0);
                let tx = if c.right { x + c.width - 4.0 - self.measure.width(&text, size, false) } else { x + 4.0 };
                self.text(tx, y + row_h * 0.68, size, false, colour.unwrap_or(INK), text);
                x += c.width;
            }
            self.end_row(y, row_h);
        }
        self.y += 10.0;
    }

    fn figure(&mut self, index: usize) {
        let h = CONTENT_W * PDF_SIZE.1 as f32 / PDF_SIZE.0 as f32;
        self.ensure(h + 12.0);
        let y = self.y;
        self.page().push(Item::Svg { x: MARGIN, y, w: CONTENT_W, h, index });
        self.y += h + 14.0;
    }
}

fn status_colour(status: KpiStatus) -> Colour {
    match status {
        KpiStatus::Met => GREEN,
        KpiStatus::OnTrack => BLUE,
        KpiStatus::OffTrack => VERMILLION,
        KpiStatus::NoTrendData | KpiStatus::NoData => GREY,
    }
}

fn status_text(lang: Lang, status: KpiStatus) -> &'static str {
    tr(
        lang,
        match status {
            KpiStatus::Met => Key::StatusMet,
            KpiStatus::OnTrack => Key::StatusOnTrack,
            KpiStatus::OffTrack => Key::StatusOffTrack,
            KpiStatus::NoTrendData => Key::StatusNoTrend,
            KpiStatus::NoData => Key::StatusNoData,
        },
    )
}

/// The projected year, with the early and late years when they differ.
fn reached_in(lang: Lang, k: &crate::score::Kpi) -> String {
    match (k.status, k.projected_year, k.projected_year_early, k.projected_year_late) {
        (KpiStatus::NoTrendData | KpiStatus::NoData, ..) => "-".to_string(),
        (_, Some(y), Some(early), Some(late)) if early != late => format!("{y} ({early} - {late})"),
        (_, Some(y), Some(early), None) => format!("{y} ({early} - {})", tr(lang, Key::NotAtThisPace)),
        (_, Some(y), ..) => y.to_string(),
        (_, None, Some(early), _) => {
            let never = tr(lang, Key::NotAtThisPace);
            format!("{never} ({early} - {never})")
        }
        _ => tr(lang, Key::NotAtThisPace).to_string(),
    }
}

/// A signed number of share points with one decimal: "+1.2", "-0.4".
fn signed_points(lang: Lang, share: f64) -> String {
    signed(lang, share * 100.0, 1)
}

/// A signed number: "+1.25", "-0.18" (the fonts have no minus sign); zero unsigned.
fn signed(lang: Lang, v: f64, decimals: usize) -> String {
    let shown = number(lang, v.abs(), decimals);
    if shown.trim_start_matches(['0', ',', '.']).is_empty() {
        shown
    } else if v < 0.0 {
        format!("-{shown}")
    } else {
        format!("+{shown}")
    }
}

/// What each stock's projection rests on: its fit to the history (or that it is not
/// checked against one), what moves it to the horizon, and why when it falls.
pub(crate) fn projection_notes(lang: Lang, scores: &crate::score::Scores) -> Vec<String> {
    use crate::score::Term;
    let mut out = Vec::new();
    for t in &scores.trajectories {
        // A share the data do not give (no column, no history) has nothing to explain.
        if t.observed.is_empty() && scores.kpi(t.indicator).is_none_or(|k| k.value.is_none()) {
            continue;
        }
        let what = indicator_name(lang, t.indicator);
        let pct = |v: f64| number(lang, v * 100.0, 1);
        match (&t.calibration, t.observed.len()) {
            (Some(c), _) => {
                let mut text = fill(
                    tr(lang, Key::Calibrated),
                    &[
                        ("what", what.to_string()),
                        ("n", c.points.to_string()),
                        ("first", c.years[0].to_string()),
                        ("last", c.years[1].to_string()),
                        ("observed", signed(lang, c.observed_per_year * 100.0, 2)),
                        ("default", signed(lang, c.default_per_year * 100.0, 2)),
                        ("fitted", signed(lang, c.modelled_per_year * 100.0, 2)),
                        ("rmse", number(lang, c.rmse * 100.0, 2)),
                        ("other", signed(lang, c.other * 100.0, 2)),
                        ("half", number(lang, c.other_half_width * 100.0, 2)),
                        ("anchor", pct(c.anchor.1)),
                        ("year", c.anchor.0.to_string()),
                    ],
                );
                if c.other < -5e-5 {
                    text = format!("{text} {}", tr(lang, Key::NegativeOther));
                }
                if let Some(v) = scores.kpi(t.indicator).and_then(|k| k.value)
                    && (v - c.anchor.1).abs() >= 0.0005
                {
                    let differs = fill(
                        tr(lang, Key::AnchorDiffers),
                        &[("value", pct(v)), ("base", scores.base_year.to_string())],
                    );
                    text = format!("{text} {differs}");
                }
                out.push(text);
            }
            (None, 0) => out.push(fill(tr(lang, Key::NotCheckedAgainstHistory), &[("what", what.to_string())])),
            (None, n) => {
                out.push(fill(tr(lang, Key::HistoryTooShort), &[("what", what.to_string()), ("n", n.to_string())]))
            }
        }
        let (Some(first), Some(last)) = (t.points.first(), t.points.last()) else { continue };
        if last.0 == first.0 {
            continue;
        }
        let name = |term: Term| {
            tr(
                lang,
                match term {
                    Term::Leavers => Key::TermLeavers,
                    Term::Growth => Key::TermGrowth,
                    Term::Entrants => Key::TermEntrants,
                    Term::Graduates => Key::TermGraduates,
                    Term::HigherEducation => Key::TermHigherEducation,
                    Term::Other => Key::TermOther,
                },
            )
        };
        let named = t.terms.named();
        let terms: Vec<String> =
            named.iter().map(|(term, v)| format!("{} {}", name(*term), signed_points(lang, *v))).collect();
        let mut text = fill(
            tr(lang, Key::ProjectionTerms),
            &[
                ("what", what.to_string()),
                ("base", first.0.to_string()),
                ("horizon", last.0.to_string()),
                ("from", pct(first.1)),
                ("to", pct(last.1)),
                ("terms", terms.join(", ")),
            ],
        );
        if last.1 < first.1 - 5e-4
            && let Some((term, v)) = named.iter().min_by(|a, b| a.1.total_cmp(&b.1))
        {
            let falls = fill(
                tr(lang, Key::ProjectionFalls),
                &[("term", name(*term).to_string()), ("value", signed_points(lang, *v))],
            );
            text = format!("{text} {falls}");
        }
        out.push(text);
    }
    out
}

pub(crate) fn indicator_name(lang: Lang, indicator: Indicator) -> &'static str {
    tr(
        lang,
        match indicator {
            Indicator::Trained => Key::IndTrained,
            Indicator::Certified => Key::IndCertified,
            Indicator::UrbanUnemployment => Key::IndUrbanUnemployment,
            Indicator::PovertyReduction => Key::IndPoverty,
            Indicator::Employed6m => Key::IndEmployed,
            Indicator::Employed6mFormal => Key::IndEmployedFormal,
            Indicator::Employed6mShort => Key::IndEmployedShort,
        },
    )
}

/// Everything the brief shows.
pub(crate) struct BriefInput<'a> {
    pub(crate) result: &'a ScenarioResult,
    pub(crate) lang: Lang,
    pub(crate) inputs: &'a [InputFile],
    /// Charts in the order they appear, with their SVG.
    pub(crate) charts: &'a [(Chart, String)],
    pub(crate) created_unix: i64,
    /// Where the data came from (a folder, or the embedded demo).
    pub(crate) data_source: &'a str,
}

/// A scenario's name as the brief shows it: the built-in baseline in the report's language
/// ("Hiện trạng", not "baseline").
fn shown_name(lang: Lang, r: &ScenarioResult) -> String {
    if r.scenario.name == "baseline" { tr(lang, Key::BaselineLabel).to_string() } else { r.scenario.name.clone() }
}

pub(crate) fn brief(input: &BriefInput) -> Result<Vec<u8>, String> {
    let layout = lay_out(input);
    let page = Paging {
        lang: input.lang,
        charts: input.charts,
        created_unix: input.created_unix,
        title: tr(input.lang, Key::BriefTitle).to_string(),
        footer: format!("tvetplan {} · {}", env!("CARGO_PKG_VERSION"), shown_name(input.lang, input.result)),
    };
    render(layout, &page)
}

/// What every page of a document shares: language, charts, date, title and footer.
struct Paging<'a> {
    lang: Lang,
    charts: &'a [(Chart, String)],
    created_unix: i64,
    title: String,
    footer: String,
}

fn lay_out(input: &BriefInput) -> Layout {
    let r = input.result;
    let lang = input.lang;
    let ds = &r.dataset;
    let scores = &r.scores;
    let mut l = Layout::new();
    let province = match ds.province_ids().as_slice() {
        [one] => ds.province_name(one),
        many => format!("{} {}", many.len(), tr(lang, Key::Provinces)),
    };
    // Title page.
    l.y = 200.0;
    for line in l.measure.wrap(tr(lang, Key::BriefTitle), 24.0, true, CONTENT_W) {
        l.text(MARGIN, l.y, 24.0, true, ACCENT, line);
        l.y += 32.0;
    }
    l.y += 10.0;
    l.text(MARGIN, l.y, 18.0, true, INK, province.clone());
    l.y += 34.0;
    l.text(MARGIN, l.y, 13.0, false, INK, format!("{}: {}", tr(lang, Key::Scenario), shown_name(lang, r)));
    l.y += 20.0;
    if let Some(d) = r.scenario.description_in(lang == Lang::Vi) {
        for line in l.measure.wrap(d, 11.0, false, CONTENT_W) {
            l.text(MARGIN, l.y, 11.0, false, GREY, line);
            l.y += 16.0;
        }
    }
    l.y += 20.0;
    let (y, m, d) = super::civil_from_days(input.created_unix.div_euclid(86_400));
    let date = match lang {
        Lang::Vi => format!("Ngày {d:02}/{m:02}/{y}"),
        Lang::En => format!("{y}-{m:02}-{d:02}"),
    };
    for line in [
        date,
        fill(
            tr(lang, Key::BaseYearHorizon),
            &[("base", scores.base_year.to_string()), ("horizon", r.scenario.horizon.to_string())],
        ),
        format!("tvetplan {}", env!("CARGO_PKG_VERSION")),
    ] {
        l.text(MARGIN, l.y, 11.0, false, GREY, line);
        l.y += 16.0;
    }
    l.y = BOTTOM - 60.0;
    l.paragraph(&fill(tr(lang, Key::DataFrom), &[("source", input.data_source.to_string())]), 9.0, GREY);

    // The three questions of the meeting, answered in words: the page a director reads.
    l.new_page();
    l.heading(tr(lang, Key::KeyFindings));
    l.paragraph(
        &fill(
            tr(lang, Key::FkIntro),
            &[("base", scores.base_year.to_string()), ("horizon", r.scenario.horizon.to_string())],
        ),
        9.0,
        GREY,
    );
    // The page a director reads stays one page: its bullets shrink, to 8 points at the
    // least, before they spill over.
    let answers = super::findings::key_findings(lang, r);
    let fits = |size: f32| {
        let mut trial = Layout { pages: vec![Vec::new()], y: l.y, measure: Measure::new() };
        trial.answers(&answers, size);
        trial.pages.len() == 1
    };
    let size = [9.5, 9.0, 8.5, 8.0].into_iter().find(|&s| fits(s)).unwrap_or(8.0);
    l.answers(&answers, size);

    // Key figures and targets.
    l.new_page();
    // A scenario's figures describe the network once its actions are done, not the base year.
    match r.scenario.actions.iter().map(|a| a.year).max() {
        Some(year) => {
            l.heading(&fill(tr(lang, Key::KeyFiguresAfter), &[("year", year.to_string())]));
            l.paragraph(tr(lang, Key::KeyFiguresAfterNote), 9.0, GREY);
        }
        None => l.heading(tr(lang, Key::KeyFigures)),
    }
    let places: f64 = ds.facilities.iter().map(|f| f.capacity).sum();
    let intake: f64 = scores.facilities.iter().map(|f| f.intake).sum();
    let cap = r.scenario.options.public_school_cap.get();
    let schools = ds.facilities.iter().filter(|f| f.counts_toward_public_cap()).count();
    let figures: Vec<(String, String)> = vec![
        (tr(lang, Key::Communes).into(), number(lang, ds.areas.len() as f64, 0)),
        (tr(lang, Key::Population).into(), number(lang, ds.areas.iter().map(|a| a.population).sum(), 0)),
        (tr(lang, Key::LabourForce).into(), number(lang, ds.areas.iter().map(|a| a.labour_force).sum(), 0)),
        (tr(lang, Key::Facilities).into(), number(lang, ds.facilities.len() as f64, 0)),
        (tr(lang, Key::PeopleOutOfReach).into(), out_of_reach_text(lang, ds, &r.access)),
        (tr(lang, Key::PublicSchoolsCap).into(), super::cap::of_cap(lang, schools, cap)),
        (tr(lang, Key::PlacesIntake).into(), format!("{} / {}", number(lang, places, 0), number(lang, intake, 0))),
        (tr(lang, Key::Utilisation).into(), if places > 0.0 { percent(lang, intake / places, 1) } else { "-".into() }),
        (tr(lang, Key::ResidenceUnknown).into(), number(lang, scores.residence_unknown.intake, 0)),
        (tr(lang, Key::UnmetUnplaced).into(), {
            let p = &scores.by_group.province;
            let ranged = |v: crate::score::Ranged| with_range(lang, v.central, v.low, v.high);
            format!("{} / {}", ranged(p.unmet_openings), ranged(p.unplaced_entrants))
        }),
    ];
    let rows: Vec<Vec<(String, Option<Colour>)>> =
        figures.into_iter().map(|(k, v)| vec![(k, None), (v, None)]).collect();
    l.table(
        &[
            Col { header: tr(lang, Key::Figure), width: 330.0, right: false },
            Col { header: tr(lang, Key::Value), width: CONTENT_W - 330.0, right: true },
        ],
        &rows,
        10.0,
    );

    l.heading(tr(lang, Key::Targets));
    let mut kpi_rows = Vec::new();
    for k in &scores.kpis {
        let share = |v: Option<f64>| v.map_or("-".to_string(), |v| kpi_value(lang, k.indicator, v));
        kpi_rows.push(vec![
            (indicator_name(lang, k.indicator).to_string(), None),
            (share(k.value), None),
            (format!("{} ({})", share(k.target), k.target_year.map_or("-".into(), |y| y.to_string())), None),
            (status_text(lang, k.status).to_string(), Some(status_colour(k.status))),
            (reached_in(lang, k), None),
        ]);
    }
    l.wrapped_table(
        &[
            Col { header: tr(lang, Key::Indicator), width: 165.0, right: false },
            Col { header: tr(lang, Key::Value), width: 55.0, right: true },
            Col { header: tr(lang, Key::Target), width: 80.0, right: true },
            Col { header: tr(lang, Key::Status), width: 85.0, right: false },
            Col { header: tr(lang, Key::ReachedIn), width: CONTENT_W - 385.0, right: true },
        ],
        &kpi_rows,
        9.5,
    );
    for k in &scores.kpis {
        if let (Some(v), Some(t)) = (k.value, k.target) {
            // Employment rates follow a fitted trend (range: its 95% interval); the stocks a
            // stock-flow projection (range: the low and high assumptions).
            let trend =
                matches!(k.indicator, Indicator::Employed6m | Indicator::Employed6mFormal | Indicator::Employed6mShort);
            let (range_key, open_key) = if trend {
                (Key::ReachedAtTrendRange, Key::ReachedAtTrendOpen)
            } else {
                (Key::ReachedAtPaceRange, Key::ReachedAtPaceOpen)
            };
            let when = match (k.status, k.projected_year, k.projected_year_early, k.projected_year_late) {
                (KpiStatus::Met, ..) => tr(lang, Key::AlreadyMet).to_string(),
                (KpiStatus::NoTrendData, ..) => tr(lang, Key::NoTrendLong).to_string(),
                (_, Some(y), Some(early), Some(late)) if early != late || early != y => fill(
                    tr(lang, range_key),
                    &[("year", y.to_string()), ("early", early.to_string()), ("late", late.to_string())],
                ),
                (_, Some(y), Some(early), None) => {
                    fill(tr(lang, open_key), &[("year", y.to_string()), ("early", early.to_string())])
                }
                (_, Some(y), ..) => fill(tr(lang, Key::ReachedAtPace), &[("year", y.to_string())]),
                (_, None, Some(early), _) => {
                    fill(tr(lang, Key::NotAtThisPaceButEarly), &[("early", early.to_string())])
                }
                _ => tr(lang, Key::NotAtThisPaceLong).to_string(),
            };
            l.bullet(
                &format!(
                    "{}: {} ({} {}). {when}",
                    indicator_name(lang, k.indicator),
                    kpi_value(lang, k.indicator, v),
                    tr(lang, Key::Target).to_lowercase(),
                    kpi_value(lang, k.indicator, t)
                ),
                10.0,
            );
        }
    }

    for text in projection_notes(lang, scores) {
        l.bullet(&text, 10.0);
    }
    decision_73_block(&mut l, lang, r);

    // Charts: two per page.
    l.new_page();
    l.heading(tr(lang, Key::Charts));
    for (i, chart) in input.charts.iter().enumerate() {
        // The roadmap's chart goes on its own page.
        if chart.0.name != "roadmap" {
            l.figure(i);
        }
    }

    // Shortages and options.
    l.new_page();
    l.heading(tr(lang, Key::TopShortages));
    // The cells with the most unmet openings: sure shortages, then those the range leaves
    // open.
    let mut gaps: Vec<&crate::score::GroupCell> = scores
        .by_group
        .cells
        .iter()
        .filter(|c| matches!(c.status, CellStatus::Shortage | CellStatus::Uncertain))
        .filter(|c| c.unmet_openings.is_some_and(|u| u.central > 0.5))
        .collect();
    let unmet = |c: &crate::score::GroupCell| c.unmet_openings.map_or(0.0, |u| u.central);
    gaps.sort_by(|a, b| {
        (b.status == CellStatus::Shortage)
            .cmp(&(a.status == CellStatus::Shortage))
            .then(unmet(b).total_cmp(&unmet(a)))
            .then(a.group.cmp(&b.group))
    });
    let ranged = |v: crate::score::Ranged| with_range(lang, v.central, v.low, v.high);
    let shortage_rows: Vec<Vec<(String, Option<Colour>)>> = gaps
        .iter()
        .take(10)
        .map(|c| {
            let (status, colour) = match c.status {
                CellStatus::Shortage => (Key::Shortage, VERMILLION),
                _ => (Key::Uncertain, GREY),
            };
            let employed = c.employed_6m_rate.map_or("-".into(), |v| percent(lang, v, 0));
            vec![
                (super::findings::cell_name(lang, ds, c), None),
                (ranged(c.entrants), None),
                (ranged(c.openings), None),
                (ranged(c.unmet_openings.unwrap_or_default()), None),
                (if c.low_employment { format!("{employed} !") } else { employed }, None),
                (tr(lang, status).to_string(), Some(colour)),
            ]
        })
        .collect();
    l.wrapped_table(
        &[
            Col { header: tr(lang, Key::OccupationGroup), width: 170.0, right: false },
            Col { header: tr(lang, Key::EntrantsShort), width: 72.0, right: true },
            Col { header: tr(lang, Key::DemandShort), width: 72.0, right: true },
            Col { header: tr(lang, Key::UnmetShort), width: 72.0, right: true },
            Col { header: tr(lang, Key::Employed6mShortHeader), width: 55.0, right: true },
            Col { header: tr(lang, Key::Status), width: CONTENT_W - 441.0, right: false },
        ],
        &shortage_rows,
        9.0,
    );
    l.paragraph(tr(lang, Key::ShortageTableNote), 8.5, GREY);
    l.heading(tr(lang, Key::TopOptions));
    // One row per facility, its best-ranked option: ten ways of re-organising, not three
    // variants of one (every option is in consolidation_options.csv).
    let mut seen = std::collections::HashSet::new();
    let name = |id: &str| r.dataset.facility_display_name(id);
    let shown: Vec<&crate::options::ConsolidationOption> =
        r.options.iter().filter(|o| seen.insert(o.facility_id.clone())).take(10).collect();
    // Where every option shown saves only budget money (no self-financing school), the
    // budget and total columns are the same figures: one column, with the range.
    let all_budget = shown.iter().all(|o| (o.budget_savings_horizon_mvnd - o.net_savings_horizon_mvnd).abs() < 0.5);
    let mut option_rows: Vec<Vec<(String, Option<Colour>)>> = shown
        .iter()
        .map(|o| {
            // The option in words, with names and direction: what a director reads.
            let into = o.target_id.as_deref().map(name).unwrap_or_default();
            let key = match o.action {
                crate::options::Action::Close => Key::OptionClose,
                crate::options::Action::Merge => Key::OptionMerge,
                crate::options::Action::Convert => Key::OptionConvert,
            };
            let mut words = fill(tr(lang, key), &[("from", name(&o.facility_id)), ("into", into)]);
            if let (Some(min), Some(overlap)) = (o.site_minutes, o.field_overlap) {
                let receiver = fill(
                    tr(lang, Key::OptionReceiver),
                    &[("min", number(lang, min, 0)), ("overlap", percent(lang, overlap, 0))],
                );
                words = format!("{words} {receiver}");
            }
            vec![
                (format!("#{}", o.rank), None),
                (words, None),
                (number(lang, o.budget_savings_horizon_mvnd, 0), None),
                (savings_with_range(lang, o), None),
                (lost_with_range(lang, o), None),
                (number(lang, o.people_newly_out_of_reach, 0), None),
                (number(lang, o.people_travel_rise, 0), None),
                (format!("+{}", number(lang, o.mean_added_min, 0)), None),
                (number(lang, o.rural_people_losing_access, 0), None),
                (if o.pareto { tr(lang, Key::Yes).to_string() } else { String::new() }, None),
                (number(lang, o.score, 1), None),
                (rank_range_text(lang, o), None),
            ]
        })
        .collect();
    let budget_header = fill(tr(lang, Key::BudgetHorizonShort), &[("year", r.scores.horizon.to_string())]);
    let total_header = fill(tr(lang, Key::TotalHorizonShort), &[("year", r.scores.horizon.to_string())]);
    let threshold = number(lang, r.scenario.options.travel_rise_threshold_min.get(), 0);
    let trip_header = fill(tr(lang, Key::TripRiseShort), &[("min", threshold.clone())]);
    let mut columns = vec![
        Col { header: "#", width: 20.0, right: false },
        Col { header: tr(lang, Key::Option), width: 70.0, right: false },
        Col { header: &budget_header, width: 46.0, right: true },
        Col { header: if all_budget { &budget_header } else { &total_header }, width: 50.0, right: true },
        Col { header: tr(lang, Key::LearnersLostShort), width: 56.0, right: true },
        Col { header: tr(lang, Key::CmpOutShort), width: 40.0, right: true },
        Col { header: &trip_header, width: 40.0, right: true },
        Col { header: tr(lang, Key::MeanAddedShort), width: 36.0, right: true },
        Col { header: tr(lang, Key::RuralLosingShort), width: 38.0, right: true },
        Col { header: tr(lang, Key::ParetoShort), width: 36.0, right: false },
        Col { header: tr(lang, Key::Score), width: CONTENT_W - 470.0, right: true },
        Col { header: tr(lang, Key::RankRangeShort), width: 38.0, right: true },
    ];
    if all_budget {
        // The freed width goes mostly to the savings and their range, which ran into the
        // option's words at 50 points.
        let dropped = columns.remove(2);
        columns[2].width += 30.0;
        columns[1].width += dropped.width - 30.0;
        for row in &mut option_rows {
            row.remove(2);
        }
    }
    l.wrapped_table(&columns, &option_rows, 8.5);
    // Three lines under the table; what each column means goes to the method page.
    let mut note = fill(tr(lang, Key::OptionsShortNote), &[("year", r.scores.horizon.to_string())]);
    if !all_budget {
        note = format!("{note} {}", tr(lang, Key::OptionsTotalNote));
    }
    l.paragraph(&note, 8.5, GREY);
    if let Some(stability) = rank_stability_text(lang, r) {
        l.paragraph(&stability, 10.0, INK);
    }
    let options_notes: Vec<String> = if r.options.is_empty() {
        Vec::new()
    } else {
        let limit = number(lang, r.scenario.options.cap_max_merge_min.get(), 0);
        let mut notes = vec![tr(lang, Key::OptionsNote).to_string()];
        if !all_budget {
            notes.push(tr(lang, Key::OptionsTotalNote).to_string());
        }
        notes.extend([
            fill(tr(lang, Key::TripRiseNote), &[("min", threshold)]),
            fill(tr(lang, Key::ReceiverNote), &[("limit", limit)]),
            fill(tr(lang, Key::RankRangeNote), &[("draws", r.scenario.options.rank_draws.get().to_string())]),
            equal_staff_note(lang, r),
        ]);
        notes
    };
    for p in &r.cap_packages {
        cap_section(&mut l, lang, p, &r.options, r.scenario.base_year);
    }
    if let Some(roadmap) = &r.roadmap {
        let chart = input.charts.iter().position(|c| c.0.name == "roadmap");
        roadmap_section(&mut l, lang, r, roadmap, chart);
    }

    if !r.scenario.actions.is_empty() {
        l.heading(tr(lang, Key::ScenarioActions));
        let rows: Vec<Vec<(String, Option<Colour>)>> = r
            .scenario
            .actions
            .iter()
            .map(|a| vec![(a.year.to_string(), None), (action_words(lang, r, a), None)])
            .collect();
        // Wrapped: an action names two schools, often longer than the line.
        l.wrapped_table(
            &[
                Col { header: tr(lang, Key::Year), width: 50.0, right: false },
                Col { header: tr(lang, Key::Action), width: CONTENT_W - 50.0, right: false },
            ],
            &rows,
            9.0,
        );
        let e = &r.effects;
        l.bullet(
            &fill(
                tr(lang, Key::EffectsLine),
                &[
                    ("savings", number(lang, e.net_savings_mvnd(), 0)),
                    ("lost", number(lang, e.learners_lost, 0)),
                    ("displaced", number(lang, e.learners_displaced, 0)),
                ],
            ),
            10.0,
        );
        // The roadmap's page has its own (the same actions).
        if r.roadmap.is_none() {
            let threshold = r.scenario.options.travel_rise_threshold_min.get();
            let of = super::equity::Of::Scenario;
            equity_section(&mut l, lang, &r.equity, of, r.scenario.base_year, threshold);
        }
    }
    if let Some(plan) = &r.optimised {
        l.bullet(
            &fill(
                tr(lang, Key::OptimisedLine),
                &[
                    ("model", plan.model.code().to_uppercase()),
                    ("solver", plan.solver.clone()),
                    ("gap", plan.gap.map_or("-".into(), |g| percent(lang, g, 2))),
                    ("kept", plan.open.len().to_string()),
                    ("merged", plan.merges.len().to_string()),
                    ("closed", plan.closures.len().to_string()),
                    ("limit", number(lang, r.scenario.options.cap_max_merge_min.get(), 0)),
                    ("objective", objective_text(lang, plan)),
                ],
            ),
            10.0,
        );
    }
    if let Some(u) = &r.uncertainty {
        l.bullet(
            &fill(
                tr(lang, Key::UncertaintyLine),
                &[
                    ("draws", u.draws.to_string()),
                    ("ulow", number(lang, u.unmet_openings.low, 0)),
                    ("umedian", number(lang, u.unmet_openings.median, 0)),
                    ("uhigh", number(lang, u.unmet_openings.high, 0)),
                    ("xlow", number(lang, u.unplaced_entrants.low, 0)),
                    ("xmedian", number(lang, u.unplaced_entrants.median, 0)),
                    ("xhigh", number(lang, u.unplaced_entrants.high, 0)),
                ],
            ),
            10.0,
        );
    }

    // Method.
    l.new_page();
    l.heading(tr(lang, Key::Method));
    for key in [Key::MethodAlignment, Key::MethodAccess, Key::MethodTargets, Key::MethodOptions, Key::MethodOptimise] {
        l.bullet(tr(lang, key), 9.5);
        if key == Key::MethodAccess {
            use crate::model::TravelMethod;
            let count = |m: TravelMethod| r.access.iter().filter(|a| a.travel_method == Some(m)).count();
            // Only the methods actually used: "0 communes over the road network" reads as a failure.
            let parts: Vec<String> = [
                (TravelMethod::Network, Key::MethodTravelNetwork),
                (TravelMethod::Measured, Key::MethodTravelMeasured),
                (TravelMethod::StraightLine, Key::MethodTravelStraight),
            ]
            .into_iter()
            .filter(|(m, _)| count(*m) > 0)
            .map(|(m, key)| fill(tr(lang, key), &[("n", count(m).to_string())]))
            .collect();
            if !parts.is_empty() {
                let parts = parts.join("; ");
                l.bullet(&fill(tr(lang, Key::MethodTravelTimes), &[("parts", parts)]), 9.5);
            }
        }
    }
    // An attendance model that misses its own data says so, with the figures.
    if let Some(text) = attendance_misfit(lang, &r.attendance) {
        l.bullet(&text, 9.5);
    }
    // Warnings the planner acknowledged (accepted_warnings.toml), each entry with its reason.
    for entry in &r.dataset.acknowledged {
        let values = [
            ("n", entry.warnings.len().to_string()),
            ("line", entry.line.to_string()),
            ("file", crate::load::ACCEPTED.to_string()),
            ("reason", entry.reason.clone()),
        ];
        l.bullet(&fill(tr(lang, Key::AcknowledgedLine), &values), 9.5);
    }
    if !options_notes.is_empty() {
        l.heading(tr(lang, Key::OptionsMethod));
        for text in &options_notes {
            l.bullet(text, 9.0);
        }
    }
    // The values come from the scenario's settings, never from fixed text.
    l.heading(tr(lang, Key::Assumptions));
    let rows: Vec<Vec<(String, Option<Colour>)>> = super::assumptions::method_assumptions(&r.scenario, &r.attendance)
        .iter()
        .map(|a| {
            vec![
                (a.label(lang).to_string(), None),
                (a.value(lang).to_string(), None),
                (a.source(lang).to_string(), Some(GREY)),
            ]
        })
        .collect();
    l.wrapped_table(
        &[
            Col { header: tr(lang, Key::Assumption), width: 180.0, right: false },
            Col { header: tr(lang, Key::Value), width: 140.0, right: false },
            Col { header: tr(lang, Key::SourceHeader), width: CONTENT_W - 320.0, right: false },
        ],
        &rows,
        8.0,
    );
    l.paragraph(tr(lang, Key::MethodMore), 9.0, GREY);

    // Input manifest.
    l.heading(tr(lang, Key::Inputs));
    let rows: Vec<Vec<(String, Option<Colour>)>> = input
        .inputs
        .iter()
        .map(|f| vec![(f.name.clone(), None), (number(lang, f.bytes as f64, 0), None), (f.sha256.clone(), Some(GREY))])
        .collect();
    l.table(
        &[
            Col { header: tr(lang, Key::File), width: 110.0, right: false },
            Col { header: tr(lang, Key::Bytes), width: 60.0, right: true },
            Col { header: "SHA-256", width: CONTENT_W - 170.0, right: false },
        ],
        &rows,
        7.0,
    );
    l
}

/// Which options of the table change rank when as many staff leave on a merge as on a
/// closure (the sensitivity column `rank_equal_staff`).
fn equal_staff_note(lang: Lang, r: &crate::scenario::ScenarioResult) -> String {
    let c = &r.scenario.options.costs;
    let mut seen = std::collections::HashSet::new();
    let moved: Vec<String> = r
        .options
        .iter()
        .filter(|o| seen.insert(o.facility_id.clone()))
        .take(10)
        .filter(|o| o.rank_equal_staff != o.rank)
        .map(|o| {
            fill(tr(lang, Key::RankBecomes), &[("from", o.rank.to_string()), ("to", o.rank_equal_staff.to_string())])
        })
        .collect();
    let pct = |v: f64| format!("{}%", number(lang, v * 100.0, 0));
    let values = [
        ("close", pct(c.staff_leaving_close.get())),
        ("merge", pct(c.staff_leaving_merge.get())),
        ("mean", pct(0.5 * (c.staff_leaving_close.get() + c.staff_leaving_merge.get()))),
        ("list", moved.join(", ")),
    ];
    fill(tr(lang, if moved.is_empty() { Key::EqualStaffSame } else { Key::EqualStaffMoves }), &values)
}

/// The package that meets the cap: how it was chosen, its actions and its joint figures.
/// The "Lộ trình" / "Roadmap" page: the model, whether a schedule meets every constraint
/// (else which binds and by how much), the actions by year, the chart, the years' counts
/// and Decision 73's network targets.
fn roadmap_section(
    l: &mut Layout,
    lang: Lang,
    result: &ScenarioResult,
    r: &crate::scenario::roadmap::Roadmap,
    chart: Option<usize>,
) {
    use super::roadmap::{binding, decision_73, intro, spread, step_words, verdict};
    l.new_page();
    l.heading(&fill(tr(lang, Key::RoadmapTitle), &[("horizon", r.horizon.to_string())]));
    for text in intro(lang, r) {
        l.paragraph(&text, 9.0, INK);
    }
    l.paragraph(&verdict(lang, r), 10.0, if r.feasible() { INK } else { VERMILLION });
    for text in binding(lang, result, r) {
        l.bullet(&text, 9.5);
    }
    l.paragraph(&spread(lang, r), 9.5, INK);
    if let Some(text) = super::roadmap::first_year_empty(lang, result, r) {
        l.paragraph(&text, 9.5, INK);
    }
    let mut steps: Vec<&crate::scenario::roadmap::RoadmapStep> = r.steps.iter().collect();
    steps.sort_by_key(|s| s.year.unwrap_or(i32::MAX));
    let rows: Vec<Vec<(String, Option<Colour>)>> = steps
        .iter()
        .map(|s| {
            vec![
                (s.year.map_or_else(|| tr(lang, Key::RoadmapOutside).to_string(), |y| y.to_string()), None),
                (step_words(lang, result, s), None),
                (number(lang, s.one_off_cost_mvnd, 0), None),
                (with_range(lang, s.learners_lost, s.learners_lost_low, s.learners_lost_high), None),
                (number(lang, s.budget_savings_mvnd, 0), None),
            ]
        })
        .collect();
    l.wrapped_table(
        &[
            Col { header: tr(lang, Key::Year), width: 45.0, right: false },
            Col { header: tr(lang, Key::Action), width: CONTENT_W - 285.0, right: false },
            Col { header: tr(lang, Key::RoadmapOneOff), width: 75.0, right: true },
            Col { header: tr(lang, Key::RoadmapLost), width: 85.0, right: true },
            Col { header: tr(lang, Key::RoadmapBudgetSavings), width: 80.0, right: true },
        ],
        &rows,
        8.5,
    );
    l.paragraph(tr(lang, Key::RoadmapEachAlone), 8.5, GREY);
    if let Some(i) = chart {
        l.figure(i);
    }
    let rows: Vec<Vec<(String, Option<Colour>)>> = r
        .years
        .iter()
        .enumerate()
        .map(|(i, y)| {
            let over = r.counted_by_year[i] > r.cap && !r.over_cap.is_empty();
            vec![
                (y.to_string(), None),
                (r.counted_by_year[i].to_string(), over.then_some(VERMILLION)),
                (r.public_by_year[i].to_string(), None),
                (r.intermediate_by_year[i].to_string(), None),
                (number(lang, r.one_off_by_year[i], 0), None),
                (with_range(lang, r.savings_by_year[i][0], r.savings_by_year[i][1], r.savings_by_year[i][2]), None),
            ]
        })
        .collect();
    l.table(
        &[
            Col { header: tr(lang, Key::RoadmapYearsHeader), width: 40.0, right: false },
            Col { header: tr(lang, Key::RoadmapCounted), width: 75.0, right: true },
            Col { header: tr(lang, Key::RoadmapPublic), width: 70.0, right: true },
            Col { header: tr(lang, Key::RoadmapIntermediate), width: 80.0, right: true },
            Col { header: tr(lang, Key::RoadmapOneOff), width: 70.0, right: true },
            Col { header: tr(lang, Key::RoadmapSavingsCol), width: CONTENT_W - 335.0, right: true },
        ],
        &rows,
        8.5,
    );
    l.subheading(tr(lang, Key::D73Heading));
    for text in decision_73(lang, r) {
        l.bullet(&text, 9.0);
    }
    let threshold = result.scenario.options.travel_rise_threshold_min.get();
    equity_section(l, lang, &result.equity, super::equity::Of::Roadmap, r.base_year, threshold);
    l.paragraph(tr(lang, Key::RoadmapRerun), 8.5, GREY);
}

fn cap_section(
    l: &mut Layout,
    lang: Lang,
    p: &crate::scenario::cap::CapPackage,
    options: &[crate::options::ConsolidationOption],
    base_year: i32,
) {
    use super::cap::{intro, lost_range, protected_words, step_fit, step_reason, step_words};
    l.ensure(300.0);
    l.heading(&fill(tr(lang, Key::CapTitle), &[("cap", p.cap.to_string())]));
    l.paragraph(&intro(lang, p), 9.5, INK);
    let rows: Vec<Vec<(String, Option<Colour>)>> = p
        .steps
        .iter()
        .map(|s| {
            let words = match step_fit(lang, s) {
                Some(fit) => format!("{} ({fit})", step_words(lang, s)),
                None => step_words(lang, s),
            };
            // The same action's place in the options table: the table ranks on budget savings,
            // the package on learners, so a package action may rank low there.
            let rank = options
                .iter()
                .find(|o| o.facility_id == s.facility_id && o.action == s.action && o.target_id == s.target_id)
                .map(|o| fill(tr(lang, Key::CapOptionRank), &[("rank", o.rank.to_string())]));
            let reason = match rank {
                Some(rank) => format!("{} {rank}", step_reason(lang, p, s)),
                None => step_reason(lang, p, s),
            };
            vec![(p.year.to_string(), None), (words, None), (reason, None)]
        })
        .collect();
    l.wrapped_table(
        &[
            Col { header: tr(lang, Key::Year), width: 40.0, right: false },
            Col { header: tr(lang, Key::Action), width: 215.0, right: false },
            Col { header: tr(lang, Key::CapReason), width: CONTENT_W - 255.0, right: false },
        ],
        &rows,
        8.5,
    );
    l.paragraph(tr(lang, Key::CapReasonNote), 8.5, GREY);
    let e = &p.effects;
    let communes = if p.communes_newly_out_of_reach.is_empty() {
        tr(lang, Key::CapNone).to_string()
    } else {
        let shown: Vec<String> = p
            .communes_newly_out_of_reach
            .iter()
            .take(COMMUNES_LISTED)
            .map(|(name, people, km)| match km {
                Some(km) => format!("{name} ({}; {} km)", number(lang, *people, 0), number(lang, *km, 1)),
                None => format!("{name} ({})", number(lang, *people, 0)),
            })
            .collect();
        let more = p.communes_newly_out_of_reach.len().saturating_sub(COMMUNES_LISTED);
        if more > 0 { format!("{}, +{more}", shown.join(", ")) } else { shown.join(", ") }
    };
    let mut figures: Vec<(String, String)> = vec![
        (tr(lang, Key::CapSchoolsAfter).into(), super::cap::of_cap(lang, p.schools_after, p.cap)),
        (tr(lang, Key::CapBudgetYear).into(), number(lang, e.budget_savings_mvnd, 0)),
    ];
    figures.extend(super::cap::savings_rows(
        lang,
        p.horizon,
        p.budget_savings_horizon_mvnd,
        [p.net_savings_horizon_mvnd, p.net_savings_horizon_low_mvnd, p.net_savings_horizon_high_mvnd],
    ));
    figures.extend([
        (tr(lang, Key::CapOneOff).into(), number(lang, e.one_off_cost_mvnd, 0)),
        (tr(lang, Key::CapDisplaced).into(), number(lang, e.learners_displaced, 0)),
        (tr(lang, Key::CapLost).into(), lost_range(lang, p)),
        (tr(lang, Key::CapSupport).into(), number(lang, e.added_travel_support_mvnd, 0)),
        (tr(lang, Key::CapOutOfReach).into(), number(lang, p.people_newly_out_of_reach, 0)),
        (tr(lang, Key::CapCommunes).into(), communes),
        (
            fill(tr(lang, Key::CapTripRise), &[("min", number(lang, p.travel_rise_threshold_min, 0))]),
            number(lang, p.people_travel_rise, 0),
        ),
        (tr(lang, Key::CapMeanAdded).into(), number(lang, p.mean_added_min, 1)),
    ]);
    let rows: Vec<Vec<(String, Option<Colour>)>> =
        figures.into_iter().map(|(label, value)| vec![(label, None), (value, None)]).collect();
    l.wrapped_table(
        &[
            Col { header: tr(lang, Key::CapFigure), width: 300.0, right: false },
            Col { header: tr(lang, Key::Value), width: CONTENT_W - 300.0, right: true },
        ],
        &rows,
        9.0,
    );
    let search = if p.exact {
        fill(
            tr(lang, Key::CapSearch),
            &[
                ("combos", number(lang, p.combinations as f64, 0)),
                ("k", p.schools_before.saturating_sub(p.cap).to_string()),
                ("n", p.schools_before.saturating_sub(p.protected.len()).to_string()),
                ("limit", number(lang, p.max_merge_min.get(), 0)),
                ("m", p.jointly_evaluated.to_string()),
            ],
        )
    } else {
        fill(tr(lang, Key::CapSearchGreedy), &[("combos", number(lang, p.combinations as f64, 0))])
    };
    l.paragraph(&search, 9.0, GREY);
    if let Some(words) = protected_words(lang, p) {
        l.paragraph(&words, 9.0, GREY);
    }
    l.paragraph(tr(lang, Key::CapFile), 9.0, GREY);
    equity_section(l, lang, &p.equity, super::equity::Of::CapPackage, base_year, p.travel_rise_threshold_min);
}

/// Decision 73/QĐ-TTg's network targets on the targets page, when the 2020 counts are known.
fn decision_73_block(l: &mut Layout, lang: Lang, r: &crate::scenario::ScenarioResult) {
    let Some((rows, note)) = super::roadmap::decision_73_targets(lang, r) else {
        l.paragraph(tr(lang, Key::D73Unknown), 8.5, GREY);
        return;
    };
    l.ensure(120.0);
    l.subheading(tr(lang, Key::D73Heading));
    l.paragraph(tr(lang, Key::D73Intro), 9.0, INK);
    let base = fill(tr(lang, Key::D73ColBase), &[("year", r.scenario.base_year.to_string())]);
    let end = fill(tr(lang, Key::D73ColEnd), &[("year", r.scenario.horizon.to_string())]);
    let marks: Vec<String> =
        [2025, 2030].iter().map(|y| fill(tr(lang, Key::D73ColMark), &[("year", y.to_string())])).collect();
    let rows: Vec<Vec<(String, Option<Colour>)>> = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(text, met)| (text, met.map(|m| if m { status_colour(KpiStatus::Met) } else { VERMILLION })))
                .collect()
        })
        .collect();
    l.wrapped_table(
        &[
            Col { header: tr(lang, Key::Indicator), width: 95.0, right: false },
            Col { header: tr(lang, Key::D73Col2020), width: 40.0, right: true },
            Col { header: &base, width: 70.0, right: true },
            Col { header: &end, width: 70.0, right: true },
            Col { header: &marks[0], width: (CONTENT_W - 275.0) / 2.0, right: true },
            Col { header: &marks[1], width: (CONTENT_W - 275.0) / 2.0, right: true },
        ],
        &rows,
        8.5,
    );
    l.paragraph(&note, 8.5, GREY);
}

/// "Ai chịu tác động" / "Who bears it": the groups' shares against their share of the intake
/// and of the population, a warning for each group that bears more.
fn equity_section(
    l: &mut Layout,
    lang: Lang,
    groups: &[crate::scenario::equity::GroupBurden],
    of: super::equity::Of,
    base_year: i32,
    threshold_min: f64,
) {
    use super::equity::{headers, intro, rows, warnings};
    l.ensure(140.0);
    l.subheading(tr(lang, Key::WhoHeading));
    l.paragraph(&intro(lang, of, base_year, threshold_min), 8.5, GREY);
    if groups.is_empty() {
        l.paragraph(tr(lang, Key::WhoNone), 9.0, INK);
        return;
    }
    let h = headers(lang);
    let rows: Vec<Vec<(String, Option<Colour>)>> = rows(lang, groups)
        .into_iter()
        .map(|(cells, warn)| cells.into_iter().map(|c| (c, warn.then_some(VERMILLION))).collect())
        .collect();
    l.wrapped_table(
        &[
            Col { header: h[0], width: CONTENT_W - 380.0, right: false },
            Col { header: h[1], width: 60.0, right: true },
            Col { header: h[2], width: 80.0, right: true },
            Col { header: h[3], width: 80.0, right: true },
            Col { header: h[4], width: 60.0, right: true },
            Col { header: h[5], width: 100.0, right: true },
        ],
        &rows,
        8.5,
    );
    for text in warnings(lang, groups) {
        l.paragraph(&text, 9.0, VERMILLION);
    }
}

/// `comparison/report.pdf`: a first page with the comparison chart and a summary table, then
/// one page per scenario against the baseline (the first result).
pub(crate) fn comparison_brief(
    results: &[ScenarioResult],
    lang: Lang,
    chart: &[(Chart, String)],
    created_unix: i64,
) -> Result<Vec<u8>, String> {
    let layout = lay_out_comparison(results, lang);
    let page = Paging {
        lang,
        charts: chart,
        created_unix,
        title: tr(lang, Key::CmpTitle).to_string(),
        footer: format!("tvetplan {} · {}", env!("CARGO_PKG_VERSION"), tr(lang, Key::CmpTitle)),
    };
    render(layout, &page)
}

/// How many of the communes a cap package leaves out of reach its page names (the maps
/// name the same).
pub(crate) const COMMUNES_LISTED: usize = 5;

/// People and communes (name, population) within reach of a facility in `base` and not in
/// `r`, the most populous first.
fn newly_out_of_reach(base: &ScenarioResult, r: &ScenarioResult) -> Vec<(String, f64)> {
    let after: std::collections::HashMap<&str, bool> =
        r.access.iter().map(|a| (a.area_id.as_str(), a.within_reach)).collect();
    let mut out: Vec<(String, f64)> = base
        .access
        .iter()
        .zip(&base.dataset.areas)
        .filter(|(a, _)| a.within_reach && after.get(a.area_id.as_str()) == Some(&false))
        .map(|(_, area)| (area.name.clone(), area.population))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// An action in words, with the facilities' names.
fn action_words(lang: Lang, r: &ScenarioResult, action: &crate::scenario::Action) -> String {
    use crate::scenario::ActionKind;
    let ds = &r.dataset;
    // Facilities a merge or closure removed are named from the network before the actions.
    let name = |id: &str| {
        ds.facilities
            .iter()
            .map(|f| (&f.facility_id, &f.name))
            .chain(r.facility_names.iter().map(|(i, n)| (i, n)))
            .find(|(i, _)| i.as_str() == id)
            .map_or(id.to_string(), |(_, n)| n.clone())
    };
    let occupation = |code: &str| {
        ds.occupations.iter().find(|o| o.code == code).map_or(code.to_string(), |o| match lang {
            Lang::Vi => o.name_vi.clone(),
            Lang::En => o.name_en.clone(),
        })
    };
    let level = |l: crate::model::Level| {
        use crate::model::Level;
        tr(
            lang,
            match l {
                Level::College => Key::LvlCollege,
                Level::Intermediate => Key::LvlIntermediate,
                Level::Elementary => Key::LvlElementary,
                Level::Short => Key::LvlShort,
            },
        )
        .to_string()
    };
    let (key, from, into) = match &action.kind {
        ActionKind::Merge { facility, into } => (Key::OptionMerge, facility, Some(into)),
        ActionKind::Close { facility } => (Key::OptionClose, facility, None),
        ActionKind::Convert { facility, into } => (Key::OptionConvert, facility, Some(into)),
        ActionKind::Open { facility, programs } => {
            let places: f64 = programs.iter().map(|p| p.places).sum();
            return fill(
                tr(lang, Key::ActOpen),
                &[
                    ("facility", facility.name.clone()),
                    ("n", programs.len().to_string()),
                    ("places", number(lang, places, 0)),
                ],
            );
        }
        ActionKind::AddProgram { program } => {
            return fill(
                tr(lang, Key::ActAddProgram),
                &[
                    ("occupation", occupation(&program.occupation)),
                    ("level", level(program.level)),
                    ("places", number(lang, program.places, 0)),
                    ("facility", name(&program.facility_id)),
                ],
            );
        }
        ActionKind::RemoveProgram { facility, occupation: code, level: l } => {
            return fill(
                tr(lang, Key::ActRemoveProgram),
                &[("occupation", occupation(code)), ("level", level(*l)), ("facility", name(facility))],
            );
        }
        ActionKind::SetPlaces { facility, programme: Some((code, l)), places } => {
            return fill(
                tr(lang, Key::ActSetPlaces),
                &[
                    ("occupation", occupation(code)),
                    ("level", level(*l)),
                    ("facility", name(facility)),
                    ("places", number(lang, *places, 0)),
                ],
            );
        }
        ActionKind::SetPlaces { facility, programme: None, places } => {
            return fill(
                tr(lang, Key::ActSetPlacesFacility),
                &[("facility", name(facility)), ("places", number(lang, *places, 0))],
            );
        }
    };
    fill(tr(lang, key), &[("from", name(from)), ("into", into.map(|i| name(i)).unwrap_or_default())])
}

/// The comparison's key findings: the scenario that saves most, the one that loses fewest
/// learners while saving, the best alignment, and which meet the cap (the baseline first).
fn comparison_findings(results: &[ScenarioResult], lang: Lang) -> Vec<String> {
    let Some((base, others)) = results.split_first() else { return Vec::new() };
    let mut out = Vec::new();
    let values = |r: &ScenarioResult| {
        vec![
            ("name", r.scenario.name.clone()),
            ("savings", number(lang, r.comparison.net_savings_mvnd, 0)),
            ("lost", number(lang, r.comparison.learners_lost, 0)),
        ]
    };
    if let Some(best) = others
        .iter()
        .filter(|r| r.comparison.net_savings_mvnd > 0.5)
        .max_by(|a, b| a.comparison.net_savings_mvnd.total_cmp(&b.comparison.net_savings_mvnd))
    {
        out.push(fill(tr(lang, Key::CmpBestSavings), &values(best)));
    }
    let saving: Vec<&ScenarioResult> = others.iter().filter(|r| r.comparison.net_savings_mvnd > 0.5).collect();
    if saving.len() > 1
        && let Some(best) =
            saving.iter().min_by(|a, b| a.comparison.learners_lost.total_cmp(&b.comparison.learners_lost))
    {
        out.push(fill(tr(lang, Key::CmpBestLost), &values(best)));
    }
    // The scenario leaving the fewest people mismatched (unfilled openings plus unplaced
    // entrants), when it leaves fewer than the baseline.
    let mismatched = |r: &ScenarioResult| r.comparison.unmet_openings.central + r.comparison.unplaced_entrants.central;
    if let Some(best) = others.iter().min_by(|a, b| mismatched(a).total_cmp(&mismatched(b)))
        && mismatched(best) < mismatched(base) - 0.5
    {
        let c = &best.comparison;
        out.push(fill(
            tr(lang, Key::CmpBestAlignment),
            &[
                ("name", best.scenario.name.clone()),
                ("unmet", number(lang, c.unmet_openings.central, 0)),
                ("unplaced", number(lang, c.unplaced_entrants.central, 0)),
                ("base_unmet", number(lang, base.comparison.unmet_openings.central, 0)),
                ("base_unplaced", number(lang, base.comparison.unplaced_entrants.central, 0)),
            ],
        ));
    }
    let cap = base.scenario.options.public_school_cap.get();
    let met: Vec<String> =
        others.iter().filter(|r| r.comparison.public_schools <= cap).map(|r| r.scenario.name.clone()).collect();
    // The cap holds per province: one count for several provinces says nothing of it.
    if base.dataset.province_ids().len() == 1 && base.comparison.public_schools > cap {
        out.push(if met.is_empty() {
            fill(tr(lang, Key::CmpCapNone), &[("cap", cap.to_string())])
        } else {
            fill(tr(lang, Key::CmpCapMet), &[("cap", cap.to_string()), ("list", met.join(", "))])
        });
    }
    out
}

fn lay_out_comparison(results: &[ScenarioResult], lang: Lang) -> Layout {
    let mut l = Layout::new();
    let Some(base) = results.first() else { return l };
    let ds = &base.dataset;
    let province = match ds.province_ids().as_slice() {
        [one] => ds.province_name(one),
        many => format!("{} {}", many.len(), tr(lang, Key::Provinces)),
    };
    let horizon = base.scenario.horizon;
    let label = |r: &ScenarioResult| {
        if std::ptr::eq(r, base) { tr(lang, Key::BaselineLabel).to_string() } else { r.scenario.name.clone() }
    };
    // First page: the chart and one line per scenario.
    for line in l.measure.wrap(tr(lang, Key::CmpTitle), 20.0, true, CONTENT_W) {
        l.text(MARGIN, l.y + 20.0, 20.0, true, ACCENT, line);
        l.y += 26.0;
    }
    l.text(MARGIN, l.y + 14.0, 13.0, true, INK, province);
    l.y += 22.0;
    let a = &base.scenario.access;
    l.paragraph(
        &fill(
            tr(lang, Key::CmpIntro),
            &[
                ("base", base.scenario.base_year.to_string()),
                ("horizon", horizon.to_string()),
                ("radius", number(lang, a.radius_km.get(), 0)),
                ("difficult", number(lang, a.radius_km_difficult.get(), 0)),
            ],
        ),
        8.5,
        GREY,
    );
    // Which scenario does best on what, in words, before the chart.
    l.subheading(tr(lang, Key::KeyFindings));
    for sentence in comparison_findings(results, lang) {
        l.bullet(&sentence, 8.5);
    }
    l.figure(0);
    let rows: Vec<Vec<(String, Option<Colour>)>> = results
        .iter()
        .map(|r| {
            let out: f64 = newly_out_of_reach(base, r).iter().map(|c| c.1).sum();
            vec![
                (label(r), None),
                (number(lang, r.comparison.net_savings_mvnd, 0), None),
                (number(lang, r.comparison.learners_lost, 0), None),
                (number(lang, out, 0), None),
                (number(lang, r.comparison.people_travel_rise, 0), None),
                (number(lang, r.comparison.public_schools as f64, 0), None),
            ]
        })
        .collect();
    let threshold = number(lang, base.scenario.options.travel_rise_threshold_min.get(), 0);
    let trip_header = fill(tr(lang, Key::TripRiseShort), &[("min", threshold.clone())]);
    l.wrapped_table(
        &[
            Col { header: tr(lang, Key::Scenario), width: 170.0, right: false },
            Col { header: tr(lang, Key::CmpSavingsShort), width: 72.0, right: true },
            Col { header: tr(lang, Key::CmpLostShort), width: 72.0, right: true },
            Col { header: tr(lang, Key::CmpOutShort), width: 64.0, right: true },
            Col { header: &trip_header, width: 64.0, right: true },
            Col { header: tr(lang, Key::CmpSchoolsShort), width: CONTENT_W - 442.0, right: true },
        ],
        &rows,
        8.5,
    );
    l.paragraph(tr(lang, Key::CmpTableNote), 8.0, GREY);
    let radius = number(lang, base.scenario.access.radius_km.get(), 0);
    l.paragraph(&fill(tr(lang, Key::CmpTripNote), &[("min", threshold), ("km", radius)]), 8.0, GREY);
    // One page per scenario.
    for r in results.iter().skip(1) {
        l.new_page();
        for line in l.measure.wrap(&r.scenario.name, 15.0, true, CONTENT_W) {
            l.text(MARGIN, l.y + 15.0, 15.0, true, ACCENT, line);
            l.y += 20.0;
        }
        let y = l.y + 2.0;
        l.page().push(Item::Line { x1: MARGIN, y1: y, x2: PAGE_W - MARGIN, y2: y, colour: ACCENT });
        l.y += 8.0;
        if let Some(d) = r.scenario.description_in(lang == Lang::Vi) {
            l.paragraph(d, 8.5, GREY);
        }
        let (b, c) = (&base.comparison, &r.comparison);
        let e = &r.effects;
        let h = r.scenario.horizon.to_string();
        let out = newly_out_of_reach(base, r);
        let people_out: f64 = out.iter().map(|x| x.1).sum();
        let n0 = |v: f64| number(lang, v, 0);
        let change = |before: f64, after: f64, decimals: usize| {
            let d = after - before;
            let text = number(lang, d, decimals);
            if d > 0.0 && text.chars().any(|ch| ch.is_ascii_digit() && ch != '0') { format!("+{text}") } else { text }
        };
        let opt = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or("-".to_string(), f);
        let mut rows: Vec<[String; 4]> = vec![
            [
                fill(tr(lang, Key::CmpSchools), &[("cap", r.scenario.options.public_school_cap.to_string())]),
                n0(b.public_schools as f64),
                n0(c.public_schools as f64),
                change(b.public_schools as f64, c.public_schools as f64, 0),
            ],
            [
                tr(lang, Key::CmpFacilities).into(),
                n0(b.public_facilities as f64),
                n0(c.public_facilities as f64),
                change(b.public_facilities as f64, c.public_facilities as f64, 0),
            ],
            [tr(lang, Key::CmpPlaces).into(), n0(b.places), n0(c.places), change(b.places, c.places, 0)],
            [
                tr(lang, Key::CmpCost).into(),
                n0(b.annual_cost_mvnd),
                n0(c.annual_cost_mvnd),
                change(b.annual_cost_mvnd, c.annual_cost_mvnd, 0),
            ],
        ];
        // Flows caused by the scenario's actions: nothing in the baseline.
        let savings = super::cap::savings_rows(
            lang,
            r.scenario.horizon,
            e.budget_savings_horizon_mvnd,
            [e.net_savings_horizon_mvnd, e.net_savings_horizon_low_mvnd, e.net_savings_horizon_high_mvnd],
        );
        let flows: Vec<(String, String)> = [
            (tr(lang, Key::CmpSavingsYear).into(), n0(e.net_savings_mvnd())),
            (tr(lang, Key::CapBudgetYear).into(), n0(e.budget_savings_mvnd)),
        ]
        .into_iter()
        .chain(savings)
        .chain([
            (tr(lang, Key::CapOneOff).into(), n0(e.one_off_cost_mvnd)),
            (tr(lang, Key::CapDisplaced).into(), n0(e.learners_displaced)),
            (
                tr(lang, Key::CapLost).into(),
                with_range(lang, e.learners_lost, e.learners_lost_low, e.learners_lost_high),
            ),
            (tr(lang, Key::CapSupport).into(), n0(e.added_travel_support_mvnd)),
        ])
        .collect();
        for (name, value) in flows {
            rows.push([name, "-".into(), value, "".into()]);
        }
        rows.push([
            tr(lang, Key::CmpWithinReach).into(),
            n0(b.people_within_reach),
            n0(c.people_within_reach),
            change(b.people_within_reach, c.people_within_reach, 0),
        ]);
        rows.push([tr(lang, Key::CapOutOfReach).into(), "-".into(), n0(people_out), "".into()]);
        rows.push([
            fill(tr(lang, Key::CapTripRise), &[("min", number(lang, c.travel_rise_threshold_min, 0))]),
            "-".into(),
            n0(c.people_travel_rise),
            "".into(),
        ]);
        for (key, before, after) in [
            (Key::CmpAlignment, Some(b.unmet_openings.central), Some(c.unmet_openings.central)),
            (Key::CmpRuralAlignment, Some(b.unplaced_entrants.central), Some(c.unplaced_entrants.central)),
        ] {
            rows.push([
                tr(lang, key).into(),
                opt(before, &|v| number(lang, v, 0)),
                opt(after, &|v| number(lang, v, 0)),
                match (before, after) {
                    (Some(x), Some(y)) => change(x, y, 0),
                    _ => "-".into(),
                },
            ]);
        }
        for (indicator, before, after) in [
            (Indicator::Trained, b.trained_share_horizon, c.trained_share_horizon),
            (Indicator::Certified, b.certified_share_horizon, c.certified_share_horizon),
        ] {
            rows.push([
                fill(
                    tr(lang, Key::CmpAtHorizon),
                    &[("indicator", indicator_name(lang, indicator).into()), ("year", h.clone())],
                ),
                opt(before, &|v| percent(lang, v, 1)),
                opt(after, &|v| percent(lang, v, 1)),
                match (before, after) {
                    (Some(x), Some(y)) => format!(
                        "{} {}",
                        change(x * 100.0, y * 100.0, 1),
                        if lang == Lang::Vi { "điểm %" } else { "pts" }
                    ),
                    _ => "-".into(),
                },
            ]);
        }
        rows.push([
            tr(lang, Key::CmpTargets).into(),
            format!("{} / {}", b.targets_met, b.targets_total),
            format!("{} / {}", c.targets_met, c.targets_total),
            change(b.targets_met as f64, c.targets_met as f64, 0),
        ]);
        let table: Vec<Vec<(String, Option<Colour>)>> =
            rows.into_iter().map(|row| row.into_iter().map(|x| (x, None)).collect()).collect();
        let base_label = tr(lang, Key::BaselineLabel);
        l.wrapped_table(
            &[
                Col { header: tr(lang, Key::CmpFigure), width: 229.0, right: false },
                Col { header: base_label, width: 80.0, right: true },
                Col { header: tr(lang, Key::Scenario), width: 100.0, right: true },
                Col { header: tr(lang, Key::CmpChange), width: CONTENT_W - 409.0, right: true },
            ],
            &table,
            8.0,
        );
        let communes = if out.is_empty() {
            tr(lang, Key::CapNone).to_string()
        } else {
            let shown: Vec<String> =
                out.iter().take(5).map(|(name, people)| format!("{name} ({})", n0(*people))).collect();
            let more = out.len().saturating_sub(5);
            if more > 0 { format!("{}, +{more}", shown.join(", ")) } else { shown.join(", ") }
        };
        l.paragraph(&fill(tr(lang, Key::CmpCommunes), &[("list", communes)]), 8.5, INK);
        let actions = &r.scenario.actions;
        if !actions.is_empty() {
            l.text(
                MARGIN,
                l.y + 10.0,
                9.5,
                true,
                INK,
                fill(tr(lang, Key::CmpActions), &[("n", actions.len().to_string())]),
            );
            l.y += 15.0;
            const SHOWN: usize = 6;
            for a in actions.iter().take(SHOWN) {
                l.bullet(&format!("{}: {}", a.year, action_words(lang, r, a)), 8.0);
            }
            if actions.len() > SHOWN {
                l.bullet(&fill(tr(lang, Key::CmpMoreActions), &[("n", (actions.len() - SHOWN).to_string())]), 8.0);
            }
        }
    }
    l
}

fn colour(c: Colour) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

fn render(layout: Layout, input: &Paging) -> Result<Vec<u8>, String> {
    let lang = input.lang;
    let regular = Font::new(fonts::REGULAR.to_vec().into(), 0).ok_or("the embedded font cannot be loaded")?;
    let bold = Font::new(fonts::BOLD.to_vec().into(), 0).ok_or("the embedded font cannot be loaded")?;
    let mut fontdb = usvg::fontdb::Database::new();
    fontdb.load_font_data(fonts::REGULAR.to_vec());
    fontdb.load_font_data(fonts::BOLD.to_vec());
    fontdb.set_sans_serif_family(fonts::FAMILY);
    let options = usvg::Options { fontdb: Arc::new(fontdb), ..Default::default() };
    let trees = input
        .charts
        .iter()
        .map(|(chart, svg)| usvg::Tree::from_str(svg, &options).map_err(|e| format!("chart {}: {e}", chart.name)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut document = Document::new_with(SerializeSettings::default());
    let (y, m, d) = super::civil_from_days(input.created_unix.div_euclid(86_400));
    let seconds = input.created_unix.rem_euclid(86_400);
    let created = DateTime::new(y as u16)
        .month(m as u8)
        .day(d as u8)
        .hour((seconds / 3600) as u8)
        .minute((seconds % 3600 / 60) as u8)
        .second((seconds % 60) as u8);
    document.set_metadata(
        Metadata::new()
            .title(input.title.clone())
            .language(lang.code().to_string())
            .creator(format!("tvetplan {}", env!("CARGO_PKG_VERSION")))
            .creation_date(created),
    );
    let total = layout.pages.len();
    let footer_left = input.footer.clone();
    for (n, items) in layout.pages.iter().enumerate() {
        let mut page = document.start_page_with(PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("bad page size")?);
        let mut surface = page.surface();
        let text =
            |surface: &mut krilla::surface::Surface, x: f32, y: f32, size: f32, bold_text: bool, c: Colour, s: &str| {
                surface.set_fill(Some(Fill {
                    paint: colour(c),
                    opacity: NormalizedF32::ONE,
                    rule: Default::default(),
                }));
                let font = if bold_text { bold.clone() } else { regular.clone() };
                surface.draw_text(Point::from_xy(x, y), font, size, s, false, TextDirection::Auto);
            };
        for item in items {
            match item {
                Item::Text { x, y, size, bold: b, colour: c, text: t } => text(&mut surface, *x, *y, *size, *b, *c, t),
                Item::Rect { x, y, w, h, colour: c } => {
                    if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                        let mut pb = PathBuilder::new();
                        pb.push_rect(rect);
                        if let Some(path) = pb.finish() {
                            surface.set_stroke(None);
                            surface.set_fill(Some(Fill {
                                paint: colour(*c),
                                opacity: NormalizedF32::ONE,
                                rule: Default::default(),
                            }));
                            surface.draw_path(&path);
                        }
                    }
                }
                Item::Line { x1, y1, x2, y2, colour: c } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y1);
                    pb.line_to(*x2, *y2);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke { paint: colour(*c), width: 0.8, ..Default::default() }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
                Item::Svg { x, y, w, h, index } => {
                    surface.push_transform(&Transform::from_translate(*x, *y));
                    surface.draw_svg(
                        &trees[*index],
                        Size::from_wh(*w, *h).ok_or("bad chart size")?,
                        SvgSettings::default(),
                    );
                    surface.pop();
                }
            }
        }
        // Footer with page numbers.
        let page_label = fill(tr(lang, Key::PageOf), &[("n", (n + 1).to_string()), ("total", total.to_string())]);
        let measure = Measure::new();
        text(&mut surface, MARGIN, PAGE_H - 30.0, 8.0, false, GREY, &footer_left);
        let w = measure.width(&page_label, 8.0, false);
        text(&mut surface, PAGE_W - MARGIN - w, PAGE_H - 30.0, 8.0, false, GREY, &page_label);
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("cannot write the PDF: {e}"))
}

/// Net savings to the horizon with the range the uncertain guesses give.
fn savings_with_range(lang: Lang, o: &crate::options::ConsolidationOption) -> String {
    with_range(lang, o.net_savings_horizon_mvnd, o.net_savings_horizon_low_mvnd, o.net_savings_horizon_high_mvnd)
}

/// An option's rank range over the draws of the uncertain inputs and its share of draws in
/// the top five: "1–4 (92%)".
fn rank_range_text(lang: Lang, o: &crate::options::ConsolidationOption) -> String {
    format!("{}–{} ({})", o.rank_range.low, o.rank_range.high, percent(lang, o.top5_share, 0))
}

/// Each of the first five options must rank among the first five in at least this share of
/// the draws for the top of the ranking to be called stable.
const STABLE_TOP5_SHARE: f64 = 0.8;

/// Options ranked below five that enter the first five in at least this share of the draws
/// are named.
const CONTENDER_TOP5_SHARE: f64 = 0.25;

/// In words, whether the top of the ranking survives the draws of the uncertain inputs: the
/// first five that often fall out of it, the options below that often enter it.
fn rank_stability_text(lang: Lang, r: &crate::scenario::ScenarioResult) -> Option<String> {
    let top: Vec<&crate::options::ConsolidationOption> = r.options.iter().filter(|o| o.rank <= 5).collect();
    if top.is_empty() {
        return None;
    }
    let draws = r.scenario.options.rank_draws.get().to_string();
    let mut list: Vec<String> = top
        .iter()
        // Judged on the share as printed (79.5% reads 80%).
        .filter(|o| (o.top5_share * 100.0).round() / 100.0 < STABLE_TOP5_SHARE)
        .map(|o| {
            let values = [
                ("rank", o.rank.to_string()),
                ("share", percent(lang, o.top5_share, 0)),
                ("low", o.rank_range.low.to_string()),
                ("high", o.rank_range.high.to_string()),
            ];
            fill(tr(lang, Key::RankInTopFive), &values)
        })
        .collect();
    if list.is_empty() {
        let share = percent(lang, STABLE_TOP5_SHARE, 0);
        return Some(fill(tr(lang, Key::RankStable), &[("draws", draws), ("share", share)]));
    }
    list.extend(r.options.iter().filter(|o| o.rank > 5 && o.top5_share >= CONTENDER_TOP5_SHARE).take(3).map(|o| {
        fill(
            tr(lang, Key::RankEntersTopFive),
            &[("rank", o.rank.to_string()), ("share", percent(lang, o.top5_share, 0))],
        )
    }));
    Some(fill(tr(lang, Key::RankUnstable), &[("draws", draws), ("list", list.join("; "))]))
}

/// Learners lost with the attendance model's range.
fn lost_with_range(lang: Lang, o: &crate::options::ConsolidationOption) -> String {
    with_range(lang, o.learners_lost, o.learners_lost_low, o.learners_lost_high)
}

/// The optimiser's objective with its unit, which depends on the model.
fn objective_text(lang: Lang, plan: &crate::optimise::network::NetworkPlan) -> String {
    if let Some(t) = &plan.terms {
        let values = [
            ("value", number(lang, plan.objective, 0)),
            ("fixed", number(lang, t.fixed_mvnd, 0)),
            ("travel", number(lang, t.travel_mvnd, 0)),
            ("lost", number(lang, t.learners_lost, 0)),
            ("per", number(lang, t.cost_per_learner_lost_mvnd, 1)),
            ("lost_cost", number(lang, t.learners_lost_mvnd, 0)),
        ];
        return fill(tr(lang, Key::ObjectiveCflpTerms), &values);
    }
    use crate::optimise::network::NetworkModel;
    let key = match plan.model {
        NetworkModel::Cflp => Key::ObjectiveCflp,
        NetworkModel::PMedian { .. } => Key::ObjectivePMedian,
        NetworkModel::Mclp { .. } => Key::ObjectiveMclp,
        NetworkModel::Lscp { .. } => Key::ObjectiveSites,
    };
    fill(tr(lang, key), &[("value", number(lang, plan.objective, 0))])
}

/// People of the communes with no facility within reach, and their share of the population:
/// the starting point against which every "newly out of reach" is read.
fn out_of_reach_text(lang: Lang, ds: &crate::model::Dataset, access: &[crate::options::AreaAccess]) -> String {
    let outside: std::collections::HashSet<&str> =
        access.iter().filter(|a| !a.within_reach).map(|a| a.area_id.as_str()).collect();
    let population: f64 = ds.areas.iter().map(|a| a.population).sum();
    let people: f64 = ds.areas.iter().filter(|a| outside.contains(a.area_id.as_str())).map(|a| a.population).sum();
    if population > 0.0 {
        format!("{} ({})", number(lang, people, 0), percent(lang, people / population, 1))
    } else {
        number(lang, people, 0)
    }
}

/// A KPI's value or target: a share in percent; the yearly fall of the poverty rate in
/// percentage points, the unit in its name ("1,3", not "1,3%").
fn kpi_value(lang: Lang, indicator: Indicator, v: f64) -> String {
    if indicator == Indicator::PovertyReduction { number(lang, v * 100.0, 1) } else { percent(lang, v, 1) }
}

/// The method page's sentence when the attendance model does not reproduce the statistics
/// it is checked on: each statistic missed, observed and predicted.
pub(crate) fn attendance_misfit(lang: Lang, m: &crate::access::attendance::AttendanceModel) -> Option<String> {
    if m.misfits.is_empty() {
        return None;
    }
    let list: Vec<String> = m
        .misfits
        .iter()
        .map(|x| {
            let (stat, minutes) = match x.statistic {
                "mean_min" => (Key::StatMeanMin, true),
                "within_15km" => (Key::StatWithin15km, false),
                _ => (Key::StatRuralShare, false),
            };
            let value = |v: f64| if minutes { number(lang, v, 1) } else { percent(lang, v, 0) };
            let group = if x.facility_group == "schools" { Key::GroupSchools } else { Key::GroupCentres };
            fill(
                tr(lang, Key::MisfitItem),
                &[
                    ("stat", tr(lang, stat).to_string()),
                    ("group", tr(lang, group).to_string()),
                    ("observed", value(x.observed)),
                    ("predicted", value(x.predicted)),
                ],
            )
        })
        .collect();
    Some(fill(tr(lang, Key::AttendanceMisfit), &[("list", list.join("; "))]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{AccessSettings, travel_matrix};
    use crate::model::{Dataset, HistoryIndicator, HistoryPoint, Sector};
    use crate::score::{DemandGrowth, ProjectionSettings, ScoreInput, ScoreSettings, TargetOverrides, score};
    use crate::settings::{CohortRatio, InflowRate};
    use crate::testkit::*;

    fn notes(ds: &Dataset, settings: &ScoreSettings) -> Vec<String> {
        let matrix = travel_matrix(&ds.areas, &ds.facilities, &[], &AccessSettings::default());
        let input = ScoreInput {
            base_year: 2025,
            horizon: 2030,
            settings,
            growth: &DemandGrowth::default(),
            targets: &TargetOverrides::default(),
            flows: None,
            access: &AccessSettings::default(),
        };
        projection_notes(Lang::En, &score(ds, &matrix, &input))
    }

    /// An ageing province: 60% trained, no training, leavers as trained as the average and
    /// entrants far less.
    fn ageing() -> Dataset {
        let mut a = area("A", 19.0, 105.0, false);
        a.labour_force = 1000.0;
        a.trained = Some(600.0);
        Dataset { areas: vec![a], occupations: vec![occupation("weld", Sector::Industry)], ..Default::default() }
    }

    #[test]
    fn a_falling_share_names_the_term_that_takes_most_out() {
        let settings = ScoreSettings {
            projection: ProjectionSettings {
                leaver_ratio_trained: CohortRatio::constant(1.0),
                entrant_ratio_trained: CohortRatio::constant(0.2),
                higher_education: InflowRate::constant(0.0),
                ..Default::default()
            },
            ..Default::default()
        };
        let notes = notes(&ageing(), &settings);
        assert!(notes[0].starts_with("Workers trained: the projection is not checked against history"), "{notes:?}");
        // Leavers: 2.5% x 60% a year, about 7 points in five years; entrants bring 3.3% x 12%.
        let falls = &notes[1];
        assert!(falls.starts_with("Workers trained: from 60.0% in 2025 to "), "{falls}");
        assert!(falls.contains("The projected share falls, mainly because of leavers (-7."), "{falls}");
    }

    #[test]
    fn a_calibrated_share_reports_its_fit_and_a_short_history_says_so() {
        let mut ds = ageing();
        let point = |indicator, year, value| HistoryPoint { indicator, year, value, scope: None, source: None };
        ds.history = vec![
            point(HistoryIndicator::Trained, 2023, 0.58),
            point(HistoryIndicator::Trained, 2024, 0.59),
            point(HistoryIndicator::Trained, 2025, 0.60),
            point(HistoryIndicator::Certified, 2025, 0.20),
        ];
        let notes = notes(&ds, &ScoreSettings::default());
        let trained = &notes[0];
        assert!(
            trained.starts_with(
                "Workers trained: calibrated to 3 observed years (2023-2025): observed change +1.00 points a year"
            ),
            "{trained}"
        );
        assert!(
            trained.contains("calibrated +1.00")
                && trained.contains("continues from the last observed value, 60.0% in 2025"),
            "{trained}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("With diploma or certificate: the history table has 1 year(s), 3 are needed")),
            "{notes:?}"
        );
    }
}
