//! Who bears it, as the planner gets it: `equity.csv` (the scenario's actions and the cap
//! package, one row per group) and the rows and sentences of the brief's "Ai chịu tác động"
//! / "Who bears it" tables ([`crate::scenario::equity`] computes them).

use super::i18n::{Key, Lang, fill, number, percent, tr};
use super::table::{Kind, Table};
use crate::scenario::ScenarioResult;
use crate::scenario::equity::{Group, GroupBurden, TOLERANCE_POINTS, TOLERANCE_RELATIVE};

/// What the burden is of, in the brief's sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Of {
    Scenario,
    CapPackage,
    Roadmap,
}

/// `equity.csv`: the scenario's burden (when it has actions) and each cap package's; None
/// when there is neither.
pub(crate) fn table(result: &ScenarioResult) -> Option<Table> {
    let mut t = Table::new(
        "equity",
        &[
            ("scope", Kind::Text),
            ("province_id", Kind::Text),
            ("group", Kind::Text),
            ("share_of_intake", Kind::Share),
            ("learners_displaced", Kind::Num(1)),
            ("share_of_displaced", Kind::Share),
            ("learners_lost", Kind::Num(1)),
            ("share_of_learners_lost", Kind::Share),
            ("share_of_population", Kind::Share),
            ("people_longer_trip", Kind::Num(0)),
            ("share_of_longer_trip", Kind::Share),
            ("bears_more_than_its_share", Kind::Bool),
        ],
    );
    let mut push = |scope: &str, province: Option<&str>, groups: &[GroupBurden]| {
        for g in groups {
            t.push(vec![
                scope.into(),
                province.map(str::to_string).into(),
                g.group.code().into(),
                g.intake_share.into(),
                g.displaced.into(),
                g.displaced_share.into(),
                g.lost.into(),
                g.lost_share.into(),
                g.population_share.into(),
                g.people_longer_trip.into(),
                g.longer_trip_share.into(),
                g.bears_more().into(),
            ]);
        }
    };
    let has_actions = !result.scenario.actions.is_empty();
    if has_actions {
        push(if result.roadmap.is_some() { "roadmap" } else { "scenario" }, None, &result.equity);
    }
    for p in &result.cap_packages {
        push("cap_package", Some(&p.province_id), &p.equity);
    }
    (has_actions || !result.cap_packages.is_empty()).then_some(t)
}

pub(crate) fn group_name(lang: Lang, g: Group) -> &'static str {
    match g {
        Group::Women => tr(lang, Key::WhoWomen),
        Group::EthnicMinority => tr(lang, Key::WhoEthnic),
        Group::Poor => tr(lang, Key::WhoPoor),
    }
}

/// The sentence before the table: what the shares are of and against what, the tolerance.
pub(crate) fn intro(lang: Lang, of: Of, base_year: i32, threshold_min: f64) -> String {
    let what = tr(
        lang,
        match of {
            Of::Scenario => Key::WhoOfScenario,
            Of::CapPackage => Key::WhoOfCap,
            Of::Roadmap => Key::WhoOfRoadmap,
        },
    );
    fill(
        tr(lang, Key::WhoIntro),
        &[
            ("what", what.to_string()),
            ("year", base_year.to_string()),
            ("min", number(lang, threshold_min, 0)),
            ("relative", percent(lang, TOLERANCE_RELATIVE, 0)),
            ("points", number(lang, TOLERANCE_POINTS * 100.0, 0)),
        ],
    )
}

/// A share, with a decimal below 10% (a small group's 7.0% against 8.1% is the point).
fn share_text(lang: Lang, share: f64) -> String {
    percent(lang, share, usize::from(share > 0.0 && share < 0.1))
}

/// A share with its count: "75% (15)"; "-" when the table does not record the group.
fn share_of(lang: Lang, share: Option<f64>, count: Option<f64>) -> String {
    match (share, count) {
        (Some(s), Some(n)) => format!("{} ({})", share_text(lang, s), number(lang, n, 0)),
        (Some(s), None) => share_text(lang, s),
        _ => "-".into(),
    }
}

/// The table's rows: group, share of the intake, of the displaced, of the lost, of the
/// population, of the people with a longer trip; and whether the group bears more.
pub(crate) fn rows(lang: Lang, groups: &[GroupBurden]) -> Vec<(Vec<String>, bool)> {
    groups
        .iter()
        .map(|g| {
            let name = if g.bears_more() {
                format!("{} (!)", group_name(lang, g.group))
            } else {
                group_name(lang, g.group).to_string()
            };
            let row = vec![
                name,
                share_of(lang, g.intake_share, None),
                share_of(lang, g.displaced_share, g.displaced),
                share_of(lang, g.lost_share, g.lost),
                share_of(lang, g.population_share, None),
                share_of(lang, g.longer_trip_share, g.people_longer_trip),
            ];
            (row, g.bears_more())
        })
        .collect()
}

/// The headers of [`rows`]' columns.
pub(crate) fn headers(lang: Lang) -> [&'static str; 6] {
    [
        tr(lang, Key::WhoGroup),
        tr(lang, Key::WhoIntakeCol),
        tr(lang, Key::WhoDisplacedCol),
        tr(lang, Key::WhoLostCol),
        tr(lang, Key::WhoPopulationCol),
        tr(lang, Key::WhoTripCol),
    ]
}

/// A warning for each group that bears more than its share, naming where.
pub(crate) fn warnings(lang: Lang, groups: &[GroupBurden]) -> Vec<String> {
    use crate::scenario::equity::exceeds;
    groups
        .iter()
        .filter(|g| g.bears_more())
        .map(|g| {
            let mut parts = Vec::new();
            let pair = |share: Option<f64>, reference: Option<f64>| match (share, reference) {
                (Some(s), Some(r)) if exceeds(s, r) => Some((s, r)),
                _ => None,
            };
            for (share, reference, key) in [
                (g.displaced_share, g.intake_share, Key::WhoWarnDisplaced),
                (g.lost_share, g.intake_share, Key::WhoWarnLost),
                (g.longer_trip_share, g.population_share, Key::WhoWarnTrip),
            ] {
                if let Some((s, r)) = pair(share, reference) {
                    parts.push(fill(
                        tr(lang, key),
                        &[("share", percent(lang, s, 0)), ("reference", percent(lang, r, 0))],
                    ));
                }
            }
            fill(
                tr(lang, Key::WhoWarning),
                &[("group", group_name(lang, g.group).to_string()), ("parts", parts.join("; "))],
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn women(intake: f64, lost: f64) -> GroupBurden {
        GroupBurden {
            group: Group::Women,
            intake_share: Some(intake),
            displaced: Some(30.0),
            displaced_share: Some(intake),
            lost: Some(15.0),
            lost_share: Some(lost),
            population_share: None,
            people_longer_trip: None,
            longer_trip_share: None,
        }
    }

    #[test]
    fn a_group_bearing_more_is_marked_and_warned_in_both_languages() {
        let shown = rows(Lang::En, &[women(0.5, 0.75)]);
        assert_eq!(shown[0].0, vec!["Women (!)", "50%", "50% (30)", "75% (15)", "-", "-"]);
        assert!(shown[0].1);
        assert_eq!(
            warnings(Lang::En, &[women(0.5, 0.75)]),
            vec![
                "Warning (Women): the group bears more than its share: 75% of the learners lost against 50% of the intake."
            ]
        );
        assert_eq!(
            warnings(Lang::Vi, &[women(0.5, 0.75)]),
            vec![
                "Cảnh báo (Nữ): nhóm chịu tác động nhiều hơn tỷ lệ của mình: 75% số người không tiếp tục học, so với 50% tuyển sinh."
            ]
        );
        assert!(warnings(Lang::En, &[women(0.5, 0.52)]).is_empty(), "within the tolerance");
        // A small group's shares with a decimal: 7.0% against 8.1%.
        assert_eq!(rows(Lang::Vi, &[women(0.0697, 0.0806)])[0].0[3], "8,1% (15)");
    }
}
