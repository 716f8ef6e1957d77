//! The stock-flow projection of the trained and certified shares, by cohort, and its
//! calibration to the published history (`docs/METHODOLOGY.md`, section 3).
//!
//! One year of a share s of the labour force L (people, `t` = year):
//!
//! ```text
//! s' = ( s - x rho s + (x + g) eps s_ref + r nu G / L + eta + o ) / (1 + g)
//! ```
//!
//! - leavers: x L people leave the labour force (retirement, death, leaving the province),
//!   with rho times the average share (older workers hold fewer qualifications);
//! - entrants: (x + g) L young people join it, with eps times the reference share (the
//!   base year's, or the last observed value), not counting a college or university degree;
//! - vocational graduates: G a year, r of them staying in the province, nu of those adding to
//!   the stock (the others were already trained, or are counted among the entrants);
//! - higher education: eta L graduates of colleges and universities outside the vocational
//!   system a year (trained and certified);
//! - other training: o L a year (enterprises, other ministries' programmes, training outside
//!   the province, recognised skills); 0 by default, set by the calibration when the
//!   province's history is given;
//! - growth: the labour force grows by g a year, spreading the stock over more workers.
//!
//! With rho = 1, eps = 0, eta = 0, nu = 1 and o = 0 this is the stock model of earlier
//! versions: S' = S (1 - x) + r G, L' = L (1 + g).

use serde::{Deserialize, Serialize};

use crate::check::Checks;
use crate::model::Indicator;
use crate::settings::{CohortRatio, ExitRate, Growth, InflowRate, Share};

/// The stock-flow model behind "in which year would we reach the target at this pace?".
/// Every default is documented in `docs/METHODOLOGY.md` (section 3) with its source.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ProjectionSettings {
    /// Share of the labour force leaving it each year (retirement; 1/40: a working life of
    /// 40 years).
    pub(crate) exit_rate: ExitRate,
    /// Share of graduates who join (or stay in) the province's labour force.
    pub(crate) retention: Share,
    /// Yearly growth of the labour force.
    pub(crate) labour_force_growth: Growth,
    /// Share of the retained graduates who add to the stock: not already trained (most
    /// short-course learners are workers re-training) and not already counted among the
    /// entrants. 0.15 makes the national flows reproduce the national rise (METHODOLOGY).
    pub(crate) graduates_new: Share,
    /// Trained share of the leavers over the average (older cohorts hold fewer
    /// qualifications: an assumption, 0.8).
    pub(crate) leaver_ratio_trained: CohortRatio,
    /// ... certified share of the leavers over the average (0.6).
    pub(crate) leaver_ratio_certified: CohortRatio,
    /// Trained share of the young entrants over the reference share, college and university
    /// degrees apart (1.0).
    pub(crate) entrant_ratio_trained: CohortRatio,
    /// ... certified share of the entrants over the reference share (0.8).
    pub(crate) entrant_ratio_certified: CohortRatio,
    /// Graduates of colleges and universities outside the vocational system joining the
    /// province's labour force each year, over the labour force (0.005; nationally about
    /// 0.9%, most provinces keep fewer).
    pub(crate) higher_education: InflowRate,
    /// Other people trained each year (enterprises, other programmes), over the labour force:
    /// 0 unless the history calibrates it.
    pub(crate) other_trained: InflowRate,
    /// ... other people certified each year.
    pub(crate) other_certified: InflowRate,
    /// [low, high] exit rate for the early and late projected years: 1/50 and 1/30 (working
    /// lives of 50 and 30 years around the central 40).
    pub(crate) exit_rate_range: [ExitRate; 2],
    /// [low, high] share of graduates staying in the province: an assumption (no provincial
    /// tracer data), +/- 0.10 around the central 0.85.
    pub(crate) retention_range: [Share; 2],
    /// [low, high] share of the retained graduates adding to the stock: an assumption, 0.05
    /// to 0.30 around the central 0.15.
    pub(crate) graduates_new_range: [Share; 2],
}

impl Default for ProjectionSettings {
    fn default() -> Self {
        ProjectionSettings {
            exit_rate: ExitRate::constant(0.025),
            retention: Share::constant(0.85),
            labour_force_growth: Growth::constant(0.008),
            graduates_new: Share::constant(0.15),
            leaver_ratio_trained: CohortRatio::constant(0.8),
            leaver_ratio_certified: CohortRatio::constant(0.6),
            entrant_ratio_trained: CohortRatio::constant(1.0),
            entrant_ratio_certified: CohortRatio::constant(0.8),
            higher_education: InflowRate::constant(0.005),
            other_trained: InflowRate::constant(0.0),
            other_certified: InflowRate::constant(0.0),
            exit_rate_range: [ExitRate::constant(0.02), ExitRate::constant(0.033)],
            retention_range: [Share::constant(0.75), Share::constant(0.95)],
            graduates_new_range: [Share::constant(0.05), Share::constant(0.3)],
        }
    }
}

impl ProjectionSettings {
    /// The settings at every corner of the three ranges (exit rate, retention, new
    /// graduates): the early and late paths are the highest and lowest of them, year by year,
    /// because which end of the exit rate raises a share depends on whether entrants are
    /// better trained than leavers.
    pub(crate) fn corners(&self) -> Vec<ProjectionSettings> {
        let mut out = Vec::with_capacity(8);
        for exit_rate in self.exit_rate_range {
            for retention in self.retention_range {
                for graduates_new in self.graduates_new_range {
                    out.push(ProjectionSettings { exit_rate, retention, graduates_new, ..*self });
                }
            }
        }
        out
    }

    /// The yearly parameters of one indicator, entrants at `reference` share.
    pub(crate) fn cohort(&self, indicator: Indicator, reference: f64) -> Cohort {
        let certified = indicator == Indicator::Certified;
        let pick = |t: CohortRatio, c: CohortRatio| if certified { c.get() } else { t.get() };
        Cohort {
            exit: self.exit_rate.get(),
            growth: self.labour_force_growth.get(),
            leaver_ratio: pick(self.leaver_ratio_trained, self.leaver_ratio_certified),
            entrant_share: pick(self.entrant_ratio_trained, self.entrant_ratio_certified) * reference,
            graduates_added: self.retention.get() * self.graduates_new.get(),
            higher_education: self.higher_education.get(),
            other: if certified { self.other_certified.get() } else { self.other_trained.get() },
        }
    }

    pub(crate) fn check(&self, c: &mut Checks) {
        let before = c.problems.len();
        // Each rate and share was checked when parsed; the order of the two is checked here.
        c.range("exit_rate_range", self.exit_rate_range.map(ExitRate::get), |_, _, _| {});
        c.range("retention_range", self.retention_range.map(Share::get), |_, _, _| {});
        c.range("graduates_new_range", self.graduates_new_range.map(Share::get), |_, _, _| {});
        if c.problems.len() > before {
            return;
        }
        // The early and late years must bracket the central one.
        let ranges = [
            ("exit_rate_range", "exit_rate", self.exit_rate_range.map(ExitRate::get), self.exit_rate.get()),
            ("retention_range", "retention", self.retention_range.map(Share::get), self.retention.get()),
            (
                "graduates_new_range",
                "graduates_new",
                self.graduates_new_range.map(Share::get),
                self.graduates_new.get(),
            ),
        ];
        for (key, name, [low, high], v) in ranges {
            if !(low..=high).contains(&v) {
                c.problem(key, format!("[{low}, {high}] must contain {name} {v}: set both"));
            }
        }
    }
}

/// One indicator's yearly parameters (shares of the labour force, per year).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Cohort {
    pub(crate) exit: f64,
    pub(crate) growth: f64,
    pub(crate) leaver_ratio: f64,
    /// The entrants' share (ratio x reference).
    pub(crate) entrant_share: f64,
    /// Retention x new to the stock.
    pub(crate) graduates_added: f64,
    pub(crate) higher_education: f64,
    pub(crate) other: f64,
}

/// What moves a share in a year, or over several (share points of the labour force; the
/// sum is the change of the share).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) struct Terms {
    /// Leavers' trained people taken out (negative).
    pub(crate) leavers: f64,
    /// Young entrants' trained people brought in.
    pub(crate) entrants: f64,
    /// Retained vocational graduates new to the stock.
    pub(crate) graduates: f64,
    /// College and university graduates outside the vocational system.
    pub(crate) higher_education: f64,
    /// Other training (the calibrated inflow; negative when the counted flows exceed what
    /// the history shows).
    pub(crate) other: f64,
    /// The labour force's growth spreading the stock (negative when it grows).
    pub(crate) growth: f64,
}

impl Terms {
    pub(crate) fn total(&self) -> f64 {
        self.leavers + self.entrants + self.graduates + self.higher_education + self.other + self.growth
    }

    fn add(&mut self, o: &Terms) {
        self.leavers += o.leavers;
        self.entrants += o.entrants;
        self.graduates += o.graduates;
        self.higher_education += o.higher_education;
        self.other += o.other;
        self.growth += o.growth;
    }

    /// The terms with their names, in the order the brief lists them.
    pub(crate) fn named(&self) -> [(Term, f64); 6] {
        [
            (Term::Leavers, self.leavers),
            (Term::Growth, self.growth),
            (Term::Entrants, self.entrants),
            (Term::Graduates, self.graduates),
            (Term::HigherEducation, self.higher_education),
            (Term::Other, self.other),
        ]
    }
}

/// The name of one term of [`Terms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Term {
    Leavers,
    Growth,
    Entrants,
    Graduates,
    HigherEducation,
    Other,
}

impl Cohort {
    /// One year from share `s` with `graduates_per_worker` = G / L: the next share (not
    /// capped) and what made it.
    pub(crate) fn step(&self, s: f64, graduates_per_worker: f64) -> (f64, Terms) {
        let k = 1.0 + self.growth;
        let terms = Terms {
            leavers: -self.exit * self.leaver_ratio * s / k,
            entrants: (self.exit + self.growth) * self.entrant_share / k,
            graduates: self.graduates_added * graduates_per_worker / k,
            higher_education: self.higher_education / k,
            other: self.other / k,
            growth: -self.growth * s / k,
        };
        (s + terms.total(), terms)
    }

    /// The shares of `years` + 1 years from `start` (index 0 = `start`), each year's graduates
    /// per worker from `flow(i)` (i = years after the start); capped to [0, 1], and the
    /// terms summed over the first `terms_years` years.
    pub(crate) fn path(
        &self,
        start: f64,
        years: usize,
        flow: impl Fn(usize) -> f64,
        terms_years: usize,
    ) -> (Vec<f64>, Terms) {
        let mut out = Vec::with_capacity(years + 1);
        let mut total = Terms::default();
        let mut s = start;
        out.push(s);
        for i in 0..years {
            let (next, terms) = self.step(s, flow(i));
            if i < terms_years {
                total.add(&terms);
            }
            s = next.clamp(0.0, 1.0);
            out.push(s);
        }
        (out, total)
    }
}

/// The fit of the model to the observed history of one share.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Calibration {
    /// First and last observed year, and the number of observed years.
    pub(crate) years: [i32; 2],
    pub(crate) points: usize,
    /// Least-squares change per year of the observed values.
    pub(crate) observed_per_year: f64,
    /// ... of the model with the settings' inflow, from the same start.
    pub(crate) default_per_year: f64,
    /// ... of the calibrated model at the observed years.
    pub(crate) modelled_per_year: f64,
    /// The calibrated other inflow, a share of the labour force a year (may be negative).
    pub(crate) other: f64,
    /// Half-width of its 95% interval (t x standard error; 0 when the fit is exact).
    pub(crate) other_half_width: f64,
    /// Root mean square of observed minus modelled (share).
    pub(crate) rmse: f64,
    /// The last observed year and value: the projection continues from it.
    pub(crate) anchor: (i32, f64),
}

/// Least-squares slope of (year, value) points.
pub(crate) fn slope(points: &[(i32, f64)]) -> f64 {
    let n = points.len() as f64;
    if points.len() < 2 {
        return 0.0;
    }
    let mx = points.iter().map(|p| f64::from(p.0)).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (f64::from(p.0) - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (f64::from(p.0) - mx) * (p.1 - my)).sum();
    if sxx > 0.0 { sxy / sxx } else { 0.0 }
}

/// Calibrates the other inflow of `cohort` to the observed points (sorted by year, distinct
/// years, at least three): the start value and the inflow are fitted jointly by least squares
/// (the model is affine in both), so a history generated by the model is reproduced exactly.
/// `flow(year)` gives the graduates per worker of a year. `None` with fewer than three points.
pub(crate) fn calibrate(cohort: &Cohort, observed: &[(i32, f64)], flow: &dyn Fn(i32) -> f64) -> Option<Calibration> {
    if observed.len() < 3 {
        return None;
    }
    let first = observed[0].0;
    // The uncapped path from `a` with inflow `o`, at each observed year.
    let at_years = |a: f64, o: f64| -> Vec<f64> {
        let c = Cohort { other: o, ..*cohort };
        let mut s = a;
        let mut year = first;
        let mut out = Vec::with_capacity(observed.len());
        for &(y, _) in observed {
            while year < y {
                s = c.step(s, flow(year)).0;
                year += 1;
            }
            out.push(s);
        }
        out
    };
    let base = at_years(0.0, 0.0);
    let alpha: Vec<f64> = at_years(1.0, 0.0).iter().zip(&base).map(|(v, b)| v - b).collect();
    let beta: Vec<f64> = at_years(0.0, 1.0).iter().zip(&base).map(|(v, b)| v - b).collect();
    let target: Vec<f64> = observed.iter().zip(&base).map(|(o, b)| o.1 - b).collect();
    let dot = |u: &[f64], v: &[f64]| u.iter().zip(v).map(|(a, b)| a * b).sum::<f64>();
    let (aa, ab, bb) = (dot(&alpha, &alpha), dot(&alpha, &beta), dot(&beta, &beta));
    let (at, bt) = (dot(&alpha, &target), dot(&beta, &target));
    let det = aa * bb - ab * ab;
    if det.abs() < 1e-15 {
        return None;
    }
    let a = (bb * at - ab * bt) / det;
    let o = (aa * bt - ab * at) / det;
    let fitted = at_years(a, o);
    let rss: f64 = observed.iter().zip(&fitted).map(|(p, f)| (p.1 - f).powi(2)).sum();
    let n = observed.len();
    let df = n - 2;
    let se = (rss / df as f64 * aa / det).max(0.0).sqrt();
    let with_years =
        |values: &[f64]| -> Vec<(i32, f64)> { observed.iter().map(|p| p.0).zip(values.iter().copied()).collect() };
    let default_path = at_years(a, cohort.other);
    Some(Calibration {
        years: [first, observed[n - 1].0],
        points: n,
        observed_per_year: slope(observed),
        default_per_year: slope(&with_years(&default_path)),
        modelled_per_year: slope(&with_years(&fitted)),
        other: o,
        other_half_width: if rss > 1e-18 { super::t_975(df) * se } else { 0.0 },
        rmse: (rss / n as f64).sqrt(),
        anchor: observed[n - 1],
    })
}
