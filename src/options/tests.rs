use super::*;
use crate::access::{AccessSettings, travel_matrix};
use crate::score::{DemandGrowth, ScoreInput, ScoreSettings, TargetOverrides, score};
use crate::testkit::*;
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Degrees of latitude for a road distance in km (great circle = road / circuity 1.3).
fn lat_for_road_km(road_km: f64) -> f64 {
    road_km / 1.3 / (crate::geometry::EARTH_RADIUS_KM * std::f64::consts::PI / 180.0)
}

fn run(ds: &Dataset) -> Vec<ConsolidationOption> {
    let matrix = travel_matrix(&ds.areas, &ds.facilities, &ds.travel, &AccessSettings::default());
    let input = ScoreInput {
        base_year: 2025,
        horizon: 2030,
        settings: &ScoreSettings::default(),
        growth: &DemandGrowth::default(),
        targets: &TargetOverrides::default(),
        flows: None,
    };
    let scores = score(ds, &matrix, &input);
    let settings = OptionSettings::default();
    let baseline = Baseline::new(ds, &matrix, Decay::default(), &settings, scores.base_year, 0.5);
    consolidation_options(&baseline)
}

/// One commune at F1; F2 is 30 km of road away (45 minutes at 40 km/h).
fn two_sites() -> Dataset {
    let mut a = area("A", 19.0, 105.0, false);
    a.working_age = Some(700.0);
    let mut f1 = facility("F1", 19.0, 105.0);
    f1.area_id = "A".into();
    f1.fixed_cost_mvnd = Some(1000.0);
    let mut f2 = facility("F2", 19.0 + lat_for_road_km(30.0), 105.0);
    f2.area_id = "A".into();
    Dataset {
        areas: vec![a],
        facilities: vec![f1, f2],
        occupations: vec![occupation("crop", Sector::Agriculture)],
        programs: vec![program("F1", "crop", Level::Short, 100.0), program("F2", "crop", Level::Intermediate, 100.0)],
        enrolment: vec![enrolment(2025, "F1", "crop", 100.0, 90.0)],
        demand: vec![demand(2025, "A", "crop", 80.0)],
        ..Default::default()
    }
}

#[test]
fn merge_retains_learners_by_decay_and_pays_travel_support() {
    let options = run(&two_sites());
    let merge = options.iter().find(|o| o.option_id == "merge-F1-F2").unwrap();
    // All 100 learners come from A, 0 minutes from F1 and 45 from F2: decay 0.5^(45/45) =
    // 0.5, so 50 are retained and 50 lost.
    assert!(close(merge.learners_displaced, 100.0));
    assert!(close(merge.learners_lost, 50.0), "{}", merge.learners_lost);
    // The 50 retained now travel 30 km (> 15 km): 50 x 0.2 million VND = 10 million VND.
    assert!(close(merge.added_travel_support_mvnd, 10.0), "{}", merge.added_travel_support_mvnd);
    assert!(close(merge.net_savings_mvnd, 990.0));
    // F2 (100 places, no intake) receives F1's 100 places and 50 learners: 50 / 200.
    assert!(close(merge.utilisation_after.unwrap(), 0.25));
    // A loses its only short-course provider in reach (F2 is 30 km away): 700 people.
    assert!(close(merge.rural_people_losing_access, 700.0));
}

#[test]
fn closing_a_facility_without_learners_loses_nobody() {
    let options = run(&two_sites());
    let close_f2 = options.iter().find(|o| o.option_id == "close-F2").unwrap();
    assert_eq!(close_f2.learners_displaced, 0.0);
    assert_eq!(close_f2.learners_lost, 0.0);
    // F2 has no short course and A has F1 in reach: nobody loses access.
    assert_eq!(close_f2.rural_people_losing_access, 0.0);
    assert!(close(close_f2.net_savings_mvnd, 1000.0), "F2's fixed cost defaults to its annual cost");
}

#[test]
fn pareto_front_by_hand() {
    // (savings, lost): (8, 3) dominates (7, 6); equal points do not dominate each other.
    let front = pareto_front(&[(10.0, 5.0), (8.0, 3.0), (12.0, 9.0), (7.0, 6.0), (10.0, 5.0)]);
    assert_eq!(front, [true, true, true, false, true]);
}

#[test]
fn options_are_ranked_and_every_public_facility_has_a_close_option() {
    let options = run(&two_sites());
    let ranks: Vec<usize> = options.iter().map(|o| o.rank).collect();
    assert_eq!(ranks, (1..=options.len()).collect::<Vec<_>>());
    for id in ["close-F1", "close-F2", "merge-F1-F2", "merge-F2-F1"] {
        assert!(options.iter().any(|o| o.option_id == id), "{id}");
    }
}

fn arbitrary_dataset() -> impl Strategy<Value = Dataset> {
    let communes = prop::collection::vec((18.8f64..19.4, 105.0f64..105.6, 100.0f64..5000.0, any::<bool>()), 2..6);
    let facilities = prop::collection::vec((18.8f64..19.4, 105.0f64..105.6, 0.0f64..300.0, 50.0f64..400.0), 2..5);
    (communes, facilities).prop_map(|(communes, facilities)| {
        let areas: Vec<Area> = communes
            .iter()
            .enumerate()
            .map(|(i, &(lat, lon, lf, difficult))| {
                let mut a = area(&format!("A{i}"), lat, lon, difficult);
                a.labour_force = lf.round();
                a
            })
            .collect();
        let mut ds = Dataset {
            occupations: vec![occupation("weld", Sector::Industry), occupation("crop", Sector::Agriculture)],
            ..Default::default()
        };
        for (j, &(lat, lon, intake, places)) in facilities.iter().enumerate() {
            let id = format!("F{j}");
            let mut f = facility(&id, lat, lon);
            f.area_id = areas[j % areas.len()].area_id.clone();
            f.capacity = places.round();
            ds.facilities.push(f);
            let occ = if j % 2 == 0 { "weld" } else { "crop" };
            ds.programs.push(program(&id, occ, Level::Short, places.round()));
            ds.enrolment.push(enrolment(2025, &id, occ, intake.round(), (intake * 0.9).round()));
        }
        for a in &areas {
            ds.demand.push(demand(2025, &a.area_id, "weld", 30.0));
        }
        ds.areas = areas;
        ds
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn learners_lost_is_between_zero_and_displaced(ds in arbitrary_dataset()) {
        for o in run(&ds) {
            prop_assert!(o.learners_lost >= -1e-9, "{}: {}", o.option_id, o.learners_lost);
            prop_assert!(o.learners_lost <= o.learners_displaced + 1e-9, "{}: {} > {}", o.option_id, o.learners_lost, o.learners_displaced);
            prop_assert!(o.net_savings_mvnd <= o.gross_savings_mvnd + 1e-9);
        }
    }

    #[test]
    fn closing_a_facility_never_improves_anyones_travel_time(ds in arbitrary_dataset(), closed in 0usize..4) {
        let matrix = travel_matrix(&ds.areas, &ds.facilities, &[], &AccessSettings::default());
        let closed = closed % ds.facilities.len();
        for a in 0..ds.areas.len() {
            let before = matrix.nearest(a, |_| true).unwrap().1;
            if let Some((_, after)) = matrix.nearest(a, |f| f != closed) {
                prop_assert!(after >= before);
            }
        }
    }
}
