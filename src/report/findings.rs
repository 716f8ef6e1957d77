//! The brief's first page after the cover: the three questions of the meeting (how far from
//! the targets, does training match the jobs, which schools to reorganise to reach the cap),
//! each answered in a few sentences with the run's own numbers.
//!
//! Every figure comes from the scenario's result; nothing here is fixed text with numbers.

use super::i18n::{Key, Lang, fill, number, percent, tr, with_range};
use crate::model::{Indicator, Ownership};
use crate::scenario::ScenarioResult;
use crate::score::{CellStatus, GroupCell, KpiStatus, LevelGroup};

/// One question: its title and its sentences.
pub(crate) struct Answer {
    pub(crate) title: String,
    pub(crate) sentences: Vec<String>,
}

/// The three answers, in the order of the meeting.
pub(crate) fn key_findings(lang: Lang, r: &ScenarioResult) -> [Answer; 3] {
    [
        Answer { title: tr(lang, Key::FkTargetsTitle).to_string(), sentences: targets(lang, r) },
        Answer { title: tr(lang, Key::FkAlignmentTitle).to_string(), sentences: alignment(lang, r) },
        Answer {
            title: fill(
                tr(lang, Key::FkNetworkTitle),
                &[("cap", r.scenario.options.public_school_cap.get().to_string())],
            ),
            sentences: network(lang, r),
        },
    ]
}

/// The indicator as a sentence names it ("lao động qua đào tạo").
fn short_name(lang: Lang, indicator: Indicator) -> &'static str {
    tr(
        lang,
        match indicator {
            Indicator::Trained => Key::FkTrained,
            Indicator::Certified => Key::FkCertified,
            Indicator::UrbanUnemployment => Key::FkUnemployment,
            Indicator::PovertyReduction => Key::FkPoverty,
            Indicator::Employed6m => Key::FkEmployed,
            Indicator::Employed6mFormal => Key::FkEmployedFormal,
            Indicator::Employed6mShort => Key::FkEmployedShort,
        },
    )
}

/// A target as a sentence reads it: "dưới 3,0%" for urban unemployment (a maximum).
fn target(lang: Lang, indicator: Indicator, v: f64) -> String {
    if indicator == Indicator::UrbanUnemployment {
        fill(tr(lang, Key::FkBelow), &[("value", value(lang, indicator, v))])
    } else {
        value(lang, indicator, v)
    }
}

/// A central value with its low-high range in words: "598 (khoảng 581–618)".
fn ranged(lang: Lang, central: f64, low: f64, high: f64) -> String {
    with_range(lang, central, low, high).replacen(" (", &format!(" ({} ", tr(lang, Key::FkRange)), 1)
}

/// An action inside a sentence: "đóng cửa ..." after a semicolon; a facility's name keeps
/// its capital.
fn in_sentence(action: crate::options::Action, words: String) -> String {
    if action == crate::options::Action::Close {
        let mut chars = words.chars();
        chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
    } else {
        words
    }
}

/// A value of the indicator with its unit: "67,7%", or "1,3 điểm phần trăm/năm" for the
/// yearly fall of the poverty rate.
fn value(lang: Lang, indicator: Indicator, v: f64) -> String {
    if indicator == Indicator::PovertyReduction {
        fill(tr(lang, Key::FkPointsPerYear), &[("n", number(lang, v * 100.0, 1))])
    } else {
        percent(lang, v, 1)
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn targets(lang: Lang, r: &ScenarioResult) -> Vec<String> {
    let mut out = Vec::new();
    let mut met = Vec::new();
    let mut no_data = Vec::new();
    for k in &r.scores.kpis {
        let Some(target) = k.target else { continue };
        let Some(v) = k.value else {
            no_data.push(short_name(lang, k.indicator).to_string());
            continue;
        };
        let name = short_name(lang, k.indicator);
        if k.status == KpiStatus::Met {
            met.push(fill(
                tr(lang, Key::FkMetItem),
                &[
                    ("name", name.to_string()),
                    ("value", value(lang, k.indicator, v)),
                    ("target", self::target(lang, k.indicator, target)),
                ],
            ));
            continue;
        }
        let gap = k.gap.unwrap_or((target - v).abs()).abs();
        let mut text = fill(
            tr(lang, Key::FkNotMet),
            &[
                ("name", capitalise(name)),
                ("value", value(lang, k.indicator, v)),
                ("target", self::target(lang, k.indicator, target)),
                ("year", k.target_year.map_or_else(|| r.scores.horizon.to_string(), |y| y.to_string())),
                ("gap", number(lang, gap * 100.0, 1)),
            ],
        );
        let when = match (k.status, k.projected_year, k.projected_year_early, k.projected_year_late) {
            (KpiStatus::NoTrendData | KpiStatus::NoData, ..) => tr(lang, Key::FkNoTrend).to_string(),
            (_, Some(y), Some(early), Some(late)) if early != late => fill(
                tr(lang, Key::FkReachedRange),
                &[("year", y.to_string()), ("early", early.to_string()), ("late", late.to_string())],
            ),
            (_, Some(y), Some(early), None) => {
                fill(tr(lang, Key::FkReachedOpen), &[("year", y.to_string()), ("early", early.to_string())])
            }
            (_, Some(y), ..) => fill(tr(lang, Key::FkReached), &[("year", y.to_string())]),
            (_, None, Some(early), _) => fill(tr(lang, Key::FkNotReachedEarly), &[("early", early.to_string())]),
            _ => tr(lang, Key::FkNotReached).to_string(),
        };
        text = format!("{text} {when}");
        if let (Some(y), Some(ty)) = (k.projected_year, k.target_year) {
            text = format!(
                "{text} {}",
                if y > ty {
                    fill(tr(lang, Key::FkLate), &[("n", (y - ty).to_string()), ("year", ty.to_string())])
                } else {
                    fill(tr(lang, Key::FkInTime), &[("year", ty.to_string())])
                }
            );
        }
        out.push(text);
    }
    if !met.is_empty() {
        out.insert(0, fill(tr(lang, Key::FkMet), &[("list", met.join("; "))]));
    }
    if !no_data.is_empty() {
        out.push(fill(tr(lang, Key::FkNoData), &[("list", no_data.join(", "))]));
    }
    if out.is_empty() {
        out.push(tr(lang, Key::FkNoTargets).to_string());
    }
    out
}

/// Entrants against openings, in people (`score::cells`): the two totals with their ranges,
/// the largest sure shortages and surpluses, what the range leaves open, the farming short
/// courses judged by their outcome.
fn alignment(lang: Lang, r: &ScenarioResult) -> Vec<String> {
    let s = &r.scores;
    let g = &s.by_group;
    let p = &g.province;
    let ranged = |v: crate::score::Ranged| with_range(lang, v.central, v.low, v.high);
    let mut out = vec![fill(
        tr(lang, Key::FkEntrantsOpenings),
        &[
            ("year", s.base_year.to_string()),
            ("graduates", number(lang, p.graduates, 0)),
            ("entrants", ranged(p.entrants)),
            ("openings", ranged(p.openings)),
            ("unmet", ranged(p.unmet_openings)),
            ("unplaced", ranged(p.unplaced_entrants)),
        ],
    )];
    let cell_list = |status: CellStatus, amount: &dyn Fn(&GroupCell) -> crate::score::Ranged| -> Vec<String> {
        let mut cells: Vec<&GroupCell> = g.cells.iter().filter(|c| c.status == status).collect();
        cells.sort_by(|a, b| amount(b).central.total_cmp(&amount(a).central).then(a.group.cmp(&b.group)));
        cells
            .iter()
            .take(3)
            .map(|c| {
                fill(
                    tr(lang, Key::FkCellItem),
                    &[("name", cell_name(lang, &r.dataset, c)), ("people", ranged(amount(c)))],
                )
            })
            .collect()
    };
    let unmet = |c: &GroupCell| c.unmet_openings.unwrap_or_default();
    let unplaced = |c: &GroupCell| c.unplaced_entrants.unwrap_or_default();
    let short = cell_list(CellStatus::Shortage, &unmet);
    let over = cell_list(CellStatus::Surplus, &unplaced);
    out.push(if short.is_empty() {
        tr(lang, Key::FkNoSureShortage).to_string()
    } else {
        fill(tr(lang, Key::FkSureShortages), &[("list", short.join("; "))])
    });
    out.push(if over.is_empty() {
        tr(lang, Key::FkNoSureSurplus).to_string()
    } else {
        fill(tr(lang, Key::FkSureSurpluses), &[("list", over.join("; "))])
    });
    if p.uncertain_cells > 0 {
        out.push(fill(tr(lang, Key::FkUncertainCells), &[("n", p.uncertain_cells.to_string())]));
    }
    let flagged: Vec<String> = g
        .cells
        .iter()
        .filter(|c| c.low_employment && c.status == CellStatus::Shortage)
        .map(|c| cell_name(lang, &r.dataset, c))
        .collect();
    if !flagged.is_empty() {
        out.push(fill(tr(lang, Key::FkShortageLowEmployment), &[("list", flagged.join("; "))]));
    }
    let farm = &g.farm_short_courses;
    if farm.graduates > 0.0 {
        out.push(fill(
            tr(lang, Key::FkFarmShortCourses),
            &[
                ("graduates", number(lang, farm.graduates, 0)),
                ("rate", farm.employed_6m_rate.map_or("-".into(), |v| percent(lang, v, 0))),
                ("norm", percent(lang, r.scenario.scoring.employed_6m_short_norm.get(), 0)),
            ],
        ));
    }
    if let (Some(d), Some(noise)) = (p.dissimilarity, p.dissimilarity_noise) {
        out.push(fill(tr(lang, Key::FkDissimilarity), &[("d", number(lang, d, 2)), ("noise", number(lang, noise, 2))]));
    }
    out
}

/// A cell in words: its first training occupations and its level group.
pub(crate) fn cell_name(lang: Lang, ds: &crate::model::Dataset, c: &GroupCell) -> String {
    let names = crate::score::group_names(ds, c, lang == Lang::En);
    let shown = if names.len() > 2 {
        fill(tr(lang, Key::AndOthers), &[("names", names[..2].join("; ")), ("n", (names.len() - 2).to_string())])
    } else {
        names.join("; ")
    };
    let level = tr(
        lang,
        match c.level_group {
            LevelGroup::CollegeIntermediate => Key::LevelCollegeIntermediate,
            LevelGroup::ElementaryShort => Key::LevelElementaryShort,
        },
    );
    format!("{shown} ({level})")
}

fn network(lang: Lang, r: &ScenarioResult) -> Vec<String> {
    let ds = &r.dataset;
    let cap = r.scenario.options.public_school_cap.get();
    let provinces = ds.province_ids();
    let province_of = |area_id: &str| ds.areas.iter().find(|a| a.area_id == area_id).map(|a| a.province_id.clone());
    let mut out = Vec::new();
    // Several provinces (the national run): one line on the cap, the schools of each province
    // being in its own brief; a page of names would bury the answer.
    if provinces.len() > 1 {
        let mut over: Vec<(String, usize)> = provinces
            .iter()
            .map(|p| {
                let n = ds
                    .facilities
                    .iter()
                    .filter(|f| f.counts_toward_public_cap() && province_of(&f.area_id).as_deref() == Some(p.as_str()))
                    .count();
                (ds.province_name(p), n)
            })
            .filter(|(_, n)| *n > cap)
            .collect();
        over.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let list: Vec<String> = over.iter().map(|(name, n)| format!("{name} ({n})")).collect();
        out.push(fill(
            tr(lang, Key::FkProvincesOver),
            &[
                ("over", over.len().to_string()),
                ("all", provinces.len().to_string()),
                ("cap", cap.to_string()),
                ("list", if list.is_empty() { "-".to_string() } else { list.join(", ") }),
            ],
        ));
    }
    let single: &[String] = if provinces.len() == 1 { &provinces } else { &[] };
    for p in single {
        let here: Vec<&crate::model::Facility> =
            ds.facilities.iter().filter(|f| province_of(&f.area_id).as_deref() == Some(p.as_str())).collect();
        let counted: Vec<String> = here
            .iter()
            .filter(|f| f.counts_toward_public_cap())
            .map(|f| ds.facility_display_name(&f.facility_id))
            .collect();
        let status = if counted.len() <= cap {
            fill(tr(lang, Key::FkCapMet), &[("cap", cap.to_string())])
        } else {
            fill(tr(lang, Key::FkCapOver), &[("k", (counted.len() - cap).to_string()), ("cap", cap.to_string())])
        };
        let counted_words = if counted.is_empty() {
            tr(lang, Key::FkCountedNone).to_string()
        } else {
            fill(tr(lang, Key::FkCounted), &[("n", counted.len().to_string()), ("list", counted.join(", "))])
        };
        out.push(format!("{counted_words} {status}"));
        let self_financing: Vec<String> = here
            .iter()
            .filter(|f| f.ownership == Ownership::Public && f.self_financing && f.kind.is_school())
            .map(|f| ds.facility_display_name(&f.facility_id))
            .collect();
        let others = here.iter().filter(|f| !f.kind.is_school() || f.ownership != Ownership::Public).count();
        let mut rule = if self_financing.is_empty() {
            tr(lang, Key::FkNoSelfFinancing).to_string()
        } else {
            fill(
                tr(lang, Key::FkSelfFinancing),
                &[("n", self_financing.len().to_string()), ("list", self_financing.join(", "))],
            )
        };
        if others > 0 {
            rule = format!("{rule} {}", fill(tr(lang, Key::FkOthers), &[("n", others.to_string())]));
        }
        out.push(rule);
        if let Some(pkg) = r.cap_packages.iter().find(|c| &c.province_id == p) {
            let steps: Vec<String> =
                pkg.steps.iter().map(|s| in_sentence(s.action, super::cap::step_words(lang, s))).collect();
            let mut text = fill(
                tr(lang, Key::FkPackage),
                &[
                    ("year", pkg.year.to_string()),
                    ("steps", steps.join("; ")),
                    ("lost", {
                        let e = &pkg.effects;
                        ranged(lang, e.learners_lost, e.learners_lost_low, e.learners_lost_high)
                    }),
                    ("budget", number(lang, pkg.effects.budget_savings_mvnd, 0)),
                    ("out", number(lang, pkg.people_newly_out_of_reach, 0)),
                ],
            );
            if !pkg.meets_cap {
                text = format!(
                    "{text} {}",
                    fill(tr(lang, Key::FkPackageShort), &[("after", pkg.schools_after.to_string())])
                );
            }
            out.push(text);
        }
    }
    // The three best single options (one per facility, as in the options table).
    let name = |id: &str| ds.facility_display_name(id);
    let best: Vec<String> = best_options(r)
        .into_iter()
        .map(|o| {
            let key = match o.action {
                crate::options::Action::Close => Key::OptionClose,
                crate::options::Action::Merge => Key::OptionMerge,
                crate::options::Action::Convert => Key::OptionConvert,
            };
            let mut words = fill(
                tr(lang, key),
                &[("from", name(&o.facility_id)), ("into", o.target_id.as_deref().map(name).unwrap_or_default())],
            );
            if let (Some(min), Some(overlap)) = (o.site_minutes, o.field_overlap) {
                words = format!(
                    "{words} {}",
                    fill(
                        tr(lang, Key::FkReceiver),
                        &[("min", number(lang, min, 0)), ("overlap", percent(lang, overlap, 0))]
                    )
                );
            }
            fill(
                tr(lang, Key::FkOption),
                &[
                    ("rank", o.rank.to_string()),
                    ("words", words),
                    ("year", r.scores.horizon.to_string()),
                    ("budget", number(lang, o.budget_savings_horizon_mvnd, 0)),
                    ("lost", ranged(lang, o.learners_lost, o.learners_lost_low, o.learners_lost_high)),
                ],
            )
        })
        .collect();
    if !best.is_empty() {
        out.push(fill(tr(lang, Key::FkBestOptions), &[("n", best.len().to_string()), ("list", best.join("; "))]));
    }
    out
}

/// The three best single options, one per facility (as in the options table).
fn best_options(r: &ScenarioResult) -> Vec<&crate::options::ConsolidationOption> {
    let mut seen = std::collections::HashSet::new();
    r.options.iter().filter(|o| seen.insert(o.facility_id.as_str())).take(3).collect()
}

/// The facilities the key findings name, in the order a map should name them: the cap
/// package's schools, the best options' facilities and receivers, the counted schools and
/// the self-financing ones (one province only, as the page names them).
pub(crate) fn named_facilities(r: &ScenarioResult) -> Vec<String> {
    let ds = &r.dataset;
    let mut ids: Vec<&str> = Vec::new();
    for pkg in &r.cap_packages {
        for step in &pkg.steps {
            ids.push(&step.facility_id);
            ids.extend(step.target_id.as_deref());
        }
    }
    for o in best_options(r) {
        ids.push(&o.facility_id);
        ids.extend(o.target_id.as_deref());
    }
    if ds.province_ids().len() == 1 {
        ids.extend(ds.facilities.iter().filter(|f| f.counts_toward_public_cap()).map(|f| f.facility_id.as_str()));
        let self_financing =
            |f: &&crate::model::Facility| f.ownership == Ownership::Public && f.self_financing && f.kind.is_school();
        ids.extend(ds.facilities.iter().filter(self_financing).map(|f| f.facility_id.as_str()));
    }
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().filter(|id| seen.insert(*id)).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalise_keeps_vietnamese_letters() {
        assert_eq!(capitalise("lao động"), "Lao động");
        assert_eq!(capitalise("đi"), "Đi");
        assert_eq!(capitalise(""), "");
    }

    #[test]
    fn several_provinces_get_one_line_naming_those_over_the_cap() {
        use crate::model::{Dataset, FacilityKind, Level, Sector};
        use crate::testkit::{area, demand, enrolment, facility, occupation, program};
        // Three provinces with 5, 4 and 1 counted schools (cap 3), plus a self-financing
        // college and a centre in each, which do not count.
        let mut ds = Dataset { occupations: vec![occupation("weld", Sector::Industry)], ..Default::default() };
        let mut n = 0;
        for (p, name, schools) in [("P1", "Tỉnh Một", 5), ("P2", "Tỉnh Hai", 4), ("P3", "Tỉnh Ba", 1)] {
            let area_id = format!("{p}A");
            let mut a = area(&area_id, 19.0 + n as f64 * 0.01, 105.0, false);
            a.province_id = p.into();
            a.province_name = Some(name.into());
            ds.areas.push(a);
            ds.demand.push(demand(2025, &area_id, "weld", 40.0));
            for k in 0..schools + 2 {
                n += 1;
                let id = format!("F{n:02}");
                let mut f = facility(&id, 19.0 + n as f64 * 0.01, 105.0);
                f.area_id = area_id.clone();
                f.kind = if k == schools + 1 { FacilityKind::Centre } else { FacilityKind::College };
                f.self_financing = k == schools;
                ds.facilities.push(f);
                ds.programs.push(program(&id, "weld", Level::College, 100.0));
                ds.enrolment.push(enrolment(2025, &id, "weld", 60.0, 50.0));
            }
        }
        let scenario = crate::scenario::Scenario::baseline(&ds).expect("a valid baseline");
        let r = crate::scenario::run(&ds, &scenario).expect("the baseline runs");
        let vi = network(Lang::Vi, &r);
        assert_eq!(
            vi[0],
            "2 trong 3 tỉnh vượt mức trần 3 trường công lập (số trường tính vào mức trần trong ngoặc): Tỉnh Một \
             (5), Tỉnh Hai (4). Trường được tính và gói đạt trần của từng tỉnh: báo cáo của tỉnh đó."
        );
        let en = network(Lang::En, &r);
        assert!(
            en[0].starts_with("2 of 3 provinces are over the cap of 3 public schools (counted schools in brackets): Tỉnh Một (5), Tỉnh Hai (4)."),
            "{}",
            en[0]
        );
        // No province's counted schools are listed on a page of several provinces.
        let listed =
            |line: &String| line.starts_with("Trường tính vào mức trần") || line.starts_with("Schools counted");
        assert!(!vi.iter().chain(&en).any(listed), "{vi:?} {en:?}");
    }

    #[test]
    fn a_shared_facility_name_gets_its_commune_or_its_id() {
        use crate::testkit::{area, facility};
        let mut a1 = area("A1", 22.0, 104.0, false);
        a1.name = "Phường Âu Lâu".into();
        let mut a2 = area("A2", 22.1, 104.1, false);
        a2.name = "Xã Yên Bình".into();
        let named = |id: &str, name: &str, area_id: &str| {
            let mut f = facility(id, 22.0, 104.0);
            f.name = name.into();
            f.area_id = area_id.into();
            f
        };
        let ds = crate::model::Dataset {
            areas: vec![a1, a2],
            facilities: vec![
                named("F1", "Trung tâm Âu Lâu", "A1"),
                named("F2", "Trung tâm Âu Lâu", "A2"),
                named("F3", "Trường Trung cấp Yên Bình", "A2"),
                named("F4", "Trường Trung cấp Yên Bình", "A2"),
                named("F5", "Trường Cao đẳng Lào Cai", "A1"),
            ],
            ..crate::model::Dataset::default()
        };
        assert_eq!(ds.facility_display_name("F1"), "Trung tâm Âu Lâu (phường Âu Lâu)");
        assert_eq!(ds.facility_display_name("F2"), "Trung tâm Âu Lâu (xã Yên Bình)");
        // Same name in the same commune: the id tells them apart.
        assert_eq!(ds.facility_display_name("F3"), "Trường Trung cấp Yên Bình (F3)");
        assert_eq!(ds.facility_display_name("F4"), "Trường Trung cấp Yên Bình (F4)");
        assert_eq!(ds.facility_display_name("F5"), "Trường Cao đẳng Lào Cai");
        assert_eq!(ds.facility_display_name("F9"), "F9");
    }

    #[test]
    fn poverty_is_in_points_a_year() {
        assert_eq!(value(Lang::Vi, Indicator::PovertyReduction, 0.013), "1,3 điểm phần trăm/năm");
        assert_eq!(value(Lang::En, Indicator::Trained, 0.677), "67.7%");
    }
}
