//! The package that meets the cap on public schools, as the planner gets it: a commented
//! scenario file to edit and run again (`cap_package.toml`) and its tables.

use super::i18n::{Key, Lang, fill, number, tr, with_range};
use super::table::{Kind, Table};
use crate::options::Action as Move;
use crate::scenario::ScenarioResult;
use crate::scenario::cap::{CapPackage, PackageStep};

/// The action in words, with names and direction.
pub(crate) fn step_words(lang: Lang, step: &PackageStep) -> String {
    let key = match step.action {
        Move::Close => Key::OptionClose,
        Move::Merge => Key::OptionMerge,
        Move::Convert => Key::OptionConvert,
    };
    fill(tr(lang, key), &[("from", step.facility_name.clone()), ("into", step.target_name.clone().unwrap_or_default())])
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Comment text on one line (names never break the comment).
fn comment(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

pub(crate) const DESCRIPTION_VI: &str = "Gói phương án do tvetplan đề xuất để đạt trần trường công lập; có thể sửa";
pub(crate) const DESCRIPTION_EN: &str =
    "Package of actions proposed by tvetplan to meet the public-school cap; edit at will";

/// The package scenario's name: "Trần 3 trường công lập – Lam Hồng".
pub(crate) fn scenario_name(result: &ScenarioResult, lang: Lang) -> String {
    let cap = result.scenario.options.public_school_cap;
    let province = match result.cap_packages.as_slice() {
        [one] => format!(" – {}", one.province_name),
        _ => String::new(),
    };
    format!("{}{province}", fill(tr(lang, Key::CapScenarioName), &[("cap", cap.to_string())]))
}

/// The words of the package's run in the comparison: its name in `lang`, its descriptions.
pub(crate) fn package_words(result: &ScenarioResult, lang: Lang) -> crate::scenario::plan::PackageWords {
    crate::scenario::plan::PackageWords {
        name: scenario_name(result, lang),
        description_vi: DESCRIPTION_VI.to_string(),
        description_en: DESCRIPTION_EN.to_string(),
    }
}

/// `cap_package.toml`: a scenario file (docs/scenarios.md) with the packages' actions, the
/// cap and the years pinned, every figure and choice explained in comments.
pub(crate) fn scenario_toml(result: &ScenarioResult, lang: Lang) -> String {
    let packages = &result.cap_packages;
    let s = &result.scenario;
    let cap = s.options.public_school_cap;
    let vi = lang == Lang::Vi;
    let mut t = String::new();
    let line = |t: &mut String, text: &str| {
        t.push_str(&comment(text));
        t.push('\n');
    };
    line(
        &mut t,
        &format!(
            "# {} (tvetplan {})",
            fill(tr(lang, Key::CapScenarioName), &[("cap", cap.to_string())]),
            env!("CARGO_PKG_VERSION")
        ),
    );
    line(
        &mut t,
        if vi {
            "# Đề xuất từ lần chạy hiện trạng; sửa, thêm hoặc bỏ hành động rồi chạy lại:"
        } else {
            "# Proposed by the baseline run; edit, add or remove actions, then run again:"
        },
    );
    line(
        &mut t,
        if vi {
            "#   tvetplan run --scenario cap_package.toml   (thêm --data THƯ_MỤC như lần chạy hiện trạng)"
        } else {
            "#   tvetplan run --scenario cap_package.toml   (with --data DIR as for the baseline run)"
        },
    );
    line(
        &mut t,
        if vi {
            "# Mã cơ sở theo facilities.csv; cú pháp mọi khóa: docs/scenarios.md. Các thiết lập khác theo mặc định."
        } else {
            "# Facility ids as in facilities.csv; every key: docs/scenarios.md. Other settings are the defaults."
        },
    );
    for p in packages {
        line(&mut t, "#");
        line(&mut t, &format!("# {}", intro(lang, p)));
        let e = &p.effects;
        let figures: Vec<(String, String)> = savings_rows(
            lang,
            p.horizon,
            p.budget_savings_horizon_mvnd,
            [p.net_savings_horizon_mvnd, p.net_savings_horizon_low_mvnd, p.net_savings_horizon_high_mvnd],
        )
        .into_iter()
        .chain([
            (tr(lang, Key::CapOneOff).to_string(), number(lang, e.one_off_cost_mvnd, 0)),
            (tr(lang, Key::CapLost).to_string(), lost_range(lang, p)),
            (tr(lang, Key::CapOutOfReach).to_string(), number(lang, p.people_newly_out_of_reach, 0)),
            (
                fill(tr(lang, Key::CapTripRise), &[("min", number(lang, p.travel_rise_threshold_min, 0))]),
                number(lang, p.people_travel_rise, 0),
            ),
            (tr(lang, Key::CapMeanAdded).to_string(), number(lang, p.mean_added_min, 1)),
            (
                format!("{} ({})", tr(lang, Key::CapSchoolsAfter), if vi { "đánh giá cả gói" } else { "joint" }),
                of_cap(lang, p.schools_after, p.cap),
            ),
        ])
        .collect();
        for (label, value) in figures {
            line(&mut t, &format!("#   {label}: {value}"));
        }
        if let Some(words) = protected_words(lang, p) {
            line(&mut t, &format!("#   {words}"));
        }
    }
    t.push('\n');
    t.push_str(&format!("name = {}\n", quoted(&scenario_name(result, lang))));
    t.push_str(&format!("description_vi = {}\n", quoted(DESCRIPTION_VI)));
    t.push_str(&format!("description_en = {}\n", quoted(DESCRIPTION_EN)));
    t.push_str(&format!("year = {}\nhorizon = {}\n\n", s.base_year, s.horizon));
    // Every other setting of the baseline that is not the default, so that running the
    // file gives the comparison's row of the package.
    let mut options = Vec::new();
    for (section, keys) in crate::scenario::file::changed_settings(s) {
        if section == "options" {
            options = keys;
            continue;
        }
        t.push_str(&format!("[{section}]\n"));
        for (key, value) in keys {
            t.push_str(&format!("{key} = {value}\n"));
        }
        t.push('\n');
    }
    t.push_str(&format!("[options]\npublic_school_cap = {cap}\n"));
    for (key, value) in options.into_iter().filter(|(key, _)| key != "public_school_cap") {
        t.push_str(&format!("{key} = {value}\n"));
    }
    for p in packages {
        for step in &p.steps {
            t.push('\n');
            line(&mut t, &format!("# {}", step_words(lang, step)));
            if let Some(fit) = step_fit(lang, step) {
                line(&mut t, &format!("#   {fit}"));
            }
            line(&mut t, &format!("#   {}", step_reason(lang, p, step)));
            t.push_str("[[actions]]\n");
            match (&step.action, &step.target_id) {
                (Move::Merge, Some(into)) => {
                    t.push_str(&format!("merge = {}\ninto = {}\n", quoted(&step.facility_id), quoted(into)));
                }
                (Move::Convert, Some(into)) => {
                    t.push_str(&format!("convert = {}\ninto = {}\n", quoted(&step.facility_id), quoted(into)));
                }
                _ => t.push_str(&format!("close = {}\n", quoted(&step.facility_id))),
            }
            t.push_str(&format!("year = {}\n", p.year));
        }
    }
    t
}

/// "100" for a weight of 0.01: people newly out of reach worth one learner lost a year.
/// What the package does and how it was chosen, for the PDF section and the scenario file.
pub(crate) fn intro(lang: Lang, p: &CapPackage) -> String {
    fill(
        tr(lang, Key::CapIntro),
        &[
            ("province", p.province_name.clone()),
            ("n", p.schools_before.to_string()),
            ("cap", p.cap.to_string()),
            ("k", p.schools_before.saturating_sub(p.cap).to_string()),
            ("w", number(lang, p.access_weight, 3)),
            ("per", per_learner(lang, p.access_weight)),
            ("min", number(lang, p.travel_rise_threshold_min, 0)),
            ("fw", number(lang, p.fit_weight, 2)),
        ],
    )
}

pub(crate) fn per_learner(lang: Lang, weight: f64) -> String {
    if weight > 0.0 { number(lang, 1.0 / weight, 0) } else { "∞".to_string() }
}

/// A merge's fit and travel in words ("sector overlap 100%, same occupations 80%; 29 min,
/// 19.5 km from the school's commune"); None for a closure.
pub(crate) fn step_fit(lang: Lang, step: &PackageStep) -> Option<String> {
    let pct = |v: f64| format!("{}%", number(lang, v * 100.0, 0));
    let text = fill(
        tr(lang, Key::CapStepFit),
        &[
            ("sector", pct(step.sector_fit?)),
            ("occ", pct(step.occupation_fit?)),
            ("min", number(lang, step.travel_min?, 0)),
            ("km", number(lang, step.distance_km?, 1)),
        ],
    );
    Some(text)
}

/// The protected schools of the package in words, None when there are none.
pub(crate) fn protected_words(lang: Lang, p: &CapPackage) -> Option<String> {
    (!p.protected.is_empty()).then(|| {
        let list: Vec<String> = p.protected.iter().map(|(id, name)| format!("{name} ({id})")).collect();
        fill(tr(lang, Key::CapProtected), &[("list", list.join(", "))])
    })
}

/// Why the package closes or merges the school, and why this school, in words.
pub fn step_reason(lang: Lang, p: &CapPackage, step: &PackageStep) -> String {
    use crate::scenario::cap::StepReason;
    let n1 = |v: f64| number(lang, v, 1);
    let values = [
        ("cost", n1(step.cost)),
        ("close", n1(step.cost_if_closed)),
        ("merge", step.best_merge_cost.map_or("-".to_string(), n1)),
        ("share", format!("{}%", number(lang, step.moving_share * 100.0, 0))),
        ("limit", number(lang, p.max_merge_min.get(), 0)),
        (
            "nearest",
            step.nearest_receiver.as_ref().map_or_else(
                || tr(lang, Key::CapNoneInProvince).to_string(),
                |(id, _, minutes)| format!("{id}, {} {}", number(lang, *minutes, 0), tr(lang, Key::Minutes)),
            ),
        ),
    ];
    let key = match step.reason {
        StepReason::Merge => Key::CapWhyMerge,
        StepReason::MergeCampus => Key::CapWhyCampus,
        StepReason::NoReceiverWithinLimit => Key::CapWhyNoReceiver,
        StepReason::ReceiversRemoved => Key::CapWhyReceiversGone,
        StepReason::CloseCheaper => Key::CapWhyCloseCheaper,
    };
    let chosen = fill(
        tr(lang, Key::CapWhyChosen),
        &[("rank", ordinal(lang, step.cost_rank)), ("n", step.candidates.to_string())],
    );
    format!("{} {chosen}", fill(tr(lang, key), &values))
}

/// "1st", "2nd", ... in English; the number in Vietnamese ("thấp thứ 2").
fn ordinal(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Vi => n.to_string(),
        Lang::En => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

/// The savings rows to the horizon: budget, then total with its range; one row with the
/// range when all the savings are the budget's (two equal rows, the range on only one of
/// them, read as two different figures).
pub(crate) fn savings_rows(lang: Lang, horizon: i32, budget: f64, total: [f64; 3]) -> Vec<(String, String)> {
    let year = [("year", horizon.to_string())];
    let [central, low, high] = total;
    if (budget - central).abs() < 0.5 {
        return vec![(fill(tr(lang, Key::CapAllBudgetHorizon), &year), with_range(lang, central, low, high))];
    }
    vec![
        (fill(tr(lang, Key::CapBudgetHorizon), &year), number(lang, budget, 0)),
        (fill(tr(lang, Key::CapTotalHorizon), &year), with_range(lang, central, low, high)),
    ]
}

/// "3 (cap 3)": a count against the cap ("3 / 3" reads as a date or a fraction).
pub(crate) fn of_cap(lang: Lang, n: usize, cap: usize) -> String {
    fill(tr(lang, Key::OfCap), &[("n", n.to_string()), ("cap", cap.to_string())])
}

/// "27 (18–35)", or one number when the range is nil at that precision.
pub(crate) fn lost_range(lang: Lang, p: &CapPackage) -> String {
    let e = &p.effects;
    with_range(lang, e.learners_lost, e.learners_lost_low, e.learners_lost_high)
}

/// `cap_package.csv` (one row per action) and `cap_package_summary.csv` (one row per
/// province: the joint figures).
pub(crate) fn tables(result: &ScenarioResult, lang: Lang) -> Vec<Table> {
    let mut steps = Table::new(
        "cap_package",
        &[
            ("province_id", Kind::Text),
            ("step", Kind::Int),
            ("action", Kind::Text),
            ("facility_id", Kind::Text),
            ("facility_name", Kind::Text),
            ("target_id", Kind::Text),
            ("target_name", Kind::Text),
            ("year", Kind::Int),
            ("description", Kind::Text),
            ("sector_fit", Kind::Share),
            ("occupation_fit", Kind::Share),
            ("travel_min", Kind::Num(1)),
            ("distance_km", Kind::Num(1)),
            ("reason", Kind::Text),
            ("reason_text", Kind::Text),
            ("moving_share", Kind::Share),
            ("cost", Kind::Num(1)),
            ("cost_if_closed", Kind::Num(1)),
            ("best_merge_cost", Kind::Num(1)),
            ("cost_rank", Kind::Int),
            ("candidates", Kind::Int),
        ],
    );
    let mut summary = Table::new(
        "cap_package_summary",
        &[
            ("province_id", Kind::Text),
            ("province", Kind::Text),
            ("cap", Kind::Int),
            ("schools_before", Kind::Int),
            ("schools_after", Kind::Int),
            ("meets_cap", Kind::Bool),
            ("actions", Kind::Int),
            ("gross_savings_mvnd", Kind::Num(1)),
            ("added_travel_support_mvnd", Kind::Num(1)),
            ("receiver_added_cost_mvnd", Kind::Num(1)),
            ("net_savings_mvnd", Kind::Num(1)),
            ("budget_savings_mvnd", Kind::Num(1)),
            ("one_off_cost_mvnd", Kind::Num(1)),
            ("net_savings_horizon_mvnd", Kind::Num(1)),
            ("net_savings_horizon_low_mvnd", Kind::Num(1)),
            ("net_savings_horizon_high_mvnd", Kind::Num(1)),
            ("budget_savings_horizon_mvnd", Kind::Num(1)),
            ("horizon", Kind::Int),
            ("learners_displaced", Kind::Num(1)),
            ("learners_lost", Kind::Num(1)),
            ("learners_lost_low", Kind::Num(1)),
            ("learners_lost_high", Kind::Num(1)),
            ("people_newly_out_of_reach", Kind::Int),
            ("communes_newly_out_of_reach", Kind::Text),
            ("people_travel_rise", Kind::Int),
            ("mean_added_min", Kind::Num(1)),
            ("travel_rise_threshold_min", Kind::Num(0)),
            ("protected", Kind::Text),
            ("access_weight", Kind::Num(3)),
            ("fit_weight", Kind::Num(2)),
            ("max_merge_min", Kind::Num(0)),
            ("objective", Kind::Num(1)),
            ("combinations", Kind::Int),
            ("exact", Kind::Bool),
            ("jointly_evaluated", Kind::Int),
        ],
    );
    for p in &result.cap_packages {
        for (i, s) in p.steps.iter().enumerate() {
            steps.push(vec![
                p.province_id.clone().into(),
                ((i + 1) as f64).into(),
                s.action.name().to_string().into(),
                s.facility_id.clone().into(),
                s.facility_name.clone().into(),
                s.target_id.clone().into(),
                s.target_name.clone().into(),
                f64::from(p.year).into(),
                step_words(lang, s).into(),
                s.sector_fit.into(),
                s.occupation_fit.into(),
                s.travel_min.into(),
                s.distance_km.into(),
                s.reason.code().to_string().into(),
                step_reason(lang, p, s).into(),
                s.moving_share.into(),
                s.cost.into(),
                s.cost_if_closed.into(),
                s.best_merge_cost.into(),
                (s.cost_rank as f64).into(),
                (s.candidates as f64).into(),
            ]);
        }
        let e = &p.effects;
        summary.push(vec![
            p.province_id.clone().into(),
            p.province_name.clone().into(),
            (p.cap as f64).into(),
            (p.schools_before as f64).into(),
            (p.schools_after as f64).into(),
            p.meets_cap.into(),
            (p.steps.len() as f64).into(),
            e.gross_savings_mvnd.into(),
            e.added_travel_support_mvnd.into(),
            e.added_cost_mvnd.into(),
            e.net_savings_mvnd().into(),
            e.budget_savings_mvnd.into(),
            e.one_off_cost_mvnd.into(),
            p.net_savings_horizon_mvnd.into(),
            p.net_savings_horizon_low_mvnd.into(),
            p.net_savings_horizon_high_mvnd.into(),
            p.budget_savings_horizon_mvnd.into(),
            f64::from(p.horizon).into(),
            e.learners_displaced.into(),
            e.learners_lost.into(),
            e.learners_lost_low.into(),
            e.learners_lost_high.into(),
            p.people_newly_out_of_reach.into(),
            p.communes_newly_out_of_reach.iter().map(|c| c.0.as_str()).collect::<Vec<_>>().join("; ").into(),
            p.people_travel_rise.into(),
            p.mean_added_min.into(),
            p.travel_rise_threshold_min.into(),
            p.protected.iter().map(|c| c.0.as_str()).collect::<Vec<_>>().join("; ").into(),
            p.access_weight.into(),
            p.fit_weight.into(),
            p.max_merge_min.get().into(),
            p.objective.into(),
            (p.combinations as f64).into(),
            p.exact.into(),
            (p.jointly_evaluated as f64).into(),
        ]);
    }
    vec![steps, summary]
}
