use super::*;
use crate::access::{AccessSettings, travel_matrix};
use crate::testkit::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn alignment_matches_the_hand_computation() {
    // s = [30, 10, 0], d = [10, 10, 20]; S = D = 40.
    // Mix shares: s = .75/.25/0, d = .25/.25/.5 -> D = 1/2 (.5 + 0 + .5) = 0.5.
    // Matched = min(30,10) + min(10,10) + min(0,20) = 20 -> 20/40 = 0.5.
    // Score = 100 (0.5 x (1 - 0.5) + 0.5 x 0.5) = 50.
    let a = alignment(&[30.0, 10.0, 0.0], &[10.0, 10.0, 20.0], 0.5);
    assert!(close(a.dissimilarity.unwrap(), 0.5));
    assert!(close(a.matched_share.unwrap(), 0.5));
    assert!(close(a.score.unwrap(), 50.0));
}

#[test]
fn alignment_edge_cases() {
    // Zero demand: nothing is defined.
    let none = alignment(&[5.0], &[0.0], 0.5);
    assert_eq!((none.dissimilarity, none.matched_share, none.score), (None, None, None));
    // Zero supply: disjoint mix (D = 1), nothing matched, score 0.
    let empty = alignment(&[0.0, 0.0], &[3.0, 1.0], 0.5);
    assert_eq!((empty.dissimilarity, empty.matched_share, empty.score), (Some(1.0), Some(0.0), Some(0.0)));
    // A single occupation, half covered: same mix (D = 0), matched 0.5 -> 100 (.5 + .25) = 75.
    let single = alignment(&[5.0], &[10.0], 0.5);
    assert!(close(single.dissimilarity.unwrap(), 0.0));
    assert!(close(single.score.unwrap(), 75.0));
}

#[test]
fn coverage_status_uses_the_thresholds() {
    let s = ScoreSettings::default();
    assert_eq!(coverage_status(79.0, 100.0, &s), CoverageStatus::Shortage);
    assert_eq!(coverage_status(80.0, 100.0, &s), CoverageStatus::Balanced);
    assert_eq!(coverage_status(120.0, 100.0, &s), CoverageStatus::Balanced);
    assert_eq!(coverage_status(121.0, 100.0, &s), CoverageStatus::Surplus);
    assert_eq!(coverage_status(0.0, 100.0, &s), CoverageStatus::NoSupply);
    assert_eq!(coverage_status(10.0, 0.0, &s), CoverageStatus::NoDemand);
    assert_eq!(coverage_ratio(50.0, 0.0), None);
}

/// Two communes 5.6 km apart on the plain (both within 15 km of F1, at commune A), a
/// third commune 110 km away out of reach; F2 is near nobody.
fn tiny() -> Dataset {
    let mut a = area("A", 19.0, 105.0, false);
    a.labour_force = 600.0;
    a.urban = true;
    let mut b = area("B", 19.05, 105.0, false);
    b.labour_force = 200.0;
    let c = area("C", 20.0, 105.0, false);
    Dataset {
        areas: vec![a, b, c],
        facilities: vec![facility("F1", 19.0, 105.0), facility("F2", 21.0, 107.0)],
        occupations: vec![occupation("weld", Sector::Industry), occupation("crop", Sector::Agriculture)],
        enrolment: vec![
            enrolment(2025, "F1", "weld", 50.0, 40.0),
            enrolment(2025, "F1", "crop", 90.0, 80.0),
            enrolment(2025, "F2", "crop", 20.0, 20.0),
            enrolment(2024, "F1", "weld", 500.0, 400.0),
        ],
        demand: vec![
            demand(2025, "A", "weld", 60.0),
            demand(2025, "B", "crop", 20.0),
            demand(2025, "C", "weld", 10.0),
            demand(2024, "A", "weld", 999.0),
        ],
        ..Default::default()
    }
}

fn run(ds: &Dataset) -> Scores {
    let matrix = travel_matrix(&ds.areas, &ds.facilities, &[], &AccessSettings::default());
    let input = ScoreInput {
        base_year: 2025,
        horizon: 2030,
        settings: &ScoreSettings::default(),
        growth: &DemandGrowth::default(),
        targets: &TargetOverrides::default(),
        flows: None,
    };
    score(ds, &matrix, &input)
}

#[test]
fn occupation_supply_and_demand_use_the_base_year_only() {
    let s = run(&tiny());
    let weld = &s.by_occupation[0];
    // Supply 40 graduates (2024 ignored), demand 60 + 10 = 70: ratio 0.571, a shortage.
    assert_eq!((weld.supply, weld.demand), (40.0, 70.0));
    assert!(close(weld.coverage_ratio.unwrap(), 40.0 / 70.0));
    assert_eq!(weld.status, CoverageStatus::Shortage);
    let crop = &s.by_occupation[1];
    // Supply 80 + 20 = 100 against 20 openings: surplus.
    assert_eq!((crop.supply, crop.demand, crop.status), (100.0, 20.0, CoverageStatus::Surplus));
}

#[test]
fn accessible_supply_is_shared_by_labour_force_and_zero_out_of_reach() {
    let s = run(&tiny());
    // F1 reaches A (600) and B (200): A gets 3/4 of F1's 120 graduates = 90, B gets 30.
    // F2 reaches nobody and C is reached by nobody.
    let by_id: HashMap<&str, &AreaAlignment> = s.by_area.iter().map(|a| (a.area_id.as_str(), a)).collect();
    assert!(close(by_id["A"].accessible_supply, 90.0));
    assert!(close(by_id["B"].accessible_supply, 30.0));
    assert_eq!(by_id["C"].accessible_supply, 0.0);
    // C: 10 welding openings and nothing in reach: D = 1, matched 0, score 0.
    assert_eq!(by_id["C"].alignment.score, Some(0.0));
    assert_eq!(by_id["C"].coverage_ratio, Some(0.0));
    // A: supply weld 30 / crop 60 against weld 60: D = 1/2 (|1/3 - 1| + |2/3 - 0|) = 2/3;
    // matched = 30 / 60 = 0.5; score = 100 (0.5/3 + 0.25) = 41.67.
    let a = by_id["A"].alignment;
    assert!(close(a.dissimilarity.unwrap(), 2.0 / 3.0));
    assert!(close(a.matched_share.unwrap(), 0.5));
    assert!(close(a.score.unwrap(), 100.0 * (0.5 / 3.0 + 0.25)));
}

#[test]
fn rural_scope_uses_rural_learners_and_rural_communes() {
    let mut ds = tiny();
    // 60 of F1's 90 crop learners are rural: 2/3 of its 80 graduates = 53.3 rural graduates.
    ds.enrolment[1].rural = Some(60.0);
    let s = run(&ds);
    let rural = s.scope("rural").unwrap();
    assert!(close(rural.supply, 80.0 * 2.0 / 3.0));
    // Rural communes are B (crop 20) and C (weld 10).
    assert_eq!(rural.demand, 30.0);
    let urban = s.scope("urban").unwrap();
    assert!(close(urban.supply, 140.0 - 80.0 * 2.0 / 3.0));
    assert_eq!(urban.demand, 60.0);
    let industry = s.scope("industry").unwrap();
    assert_eq!((industry.supply, industry.demand), (40.0, 70.0));
}

#[test]
fn province_wide_demand_is_spread_by_labour_force() {
    let mut ds = tiny();
    ds.demand = vec![Demand {
        year: 2025,
        scope: DemandScope::Province("P".into()),
        occupation: "weld".into(),
        openings: 140.0,
        level: None,
        source: None,
    }];
    let s = run(&ds);
    // Labour force 600 / 200 / 600: A gets 140 x 600/1400 = 60.
    assert!(close(s.by_area[0].demand, 60.0));
    assert!(close(s.by_area[1].demand, 20.0));
}

#[test]
fn share_projection_follows_the_stock_flow_formula() {
    // Stock 100 of 1,000; 10 graduates a year, half retained; 10% exit; no growth:
    // year 1: 100 x 0.9 + 5 = 95; year 2: 95 x 0.9 + 5 = 90.5.
    let p = ProjectionSettings { exit_rate: 0.1, retention: 0.5, labour_force_growth: 0.0 };
    let path = project_share(100.0, 1000.0, 10.0, &p, 2);
    assert!(close(path[0], 0.1) && close(path[1], 0.095) && close(path[2], 0.0905));
}

#[test]
fn kpi_status_met_on_track_and_off_track() {
    let mut ds = tiny();
    for a in &mut ds.areas {
        a.certified = Some(a.labour_force * 0.30);
        a.trained = Some(a.labour_force * 0.70);
    }
    // Certified graduates: a large flow, so 30% -> 32% is reached quickly.
    ds.enrolment[0].certified = Some(40.0);
    ds.enrolment[1].certified = Some(80.0);
    ds.targets = vec![
        Target { indicator: Indicator::Certified, year: 2030, value: 0.32, scope: None, source: None },
        Target { indicator: Indicator::Trained, year: 2026, value: 0.95, scope: None, source: None },
    ];
    let s = run(&ds);
    let certified = s.kpi(Indicator::Certified).unwrap();
    assert!(close(certified.value.unwrap(), 0.30));
    assert!(close(certified.gap.unwrap(), 0.02));
    assert_eq!(certified.status, KpiStatus::OnTrack);
    assert!(certified.projected_year.unwrap() <= 2030);
    let trained = s.kpi(Indicator::Trained).unwrap();
    assert_eq!(trained.status, KpiStatus::OffTrack);
    // No unemployment data: no status.
    assert_eq!(s.kpi(Indicator::UrbanUnemployment).unwrap().status, KpiStatus::NoData);

    let overrides = TargetOverrides { certified: Some(0.25), ..Default::default() };
    let matrix = travel_matrix(&ds.areas, &ds.facilities, &[], &AccessSettings::default());
    let input = ScoreInput {
        base_year: 2025,
        horizon: 2030,
        settings: &ScoreSettings::default(),
        growth: &DemandGrowth::default(),
        targets: &overrides,
        flows: None,
    };
    let met = score(&ds, &matrix, &input);
    let certified = met.kpi(Indicator::Certified).unwrap();
    assert_eq!((certified.status, certified.projected_year), (KpiStatus::Met, Some(2025)));
}

#[test]
fn urban_unemployment_is_a_maximum() {
    let mut ds = tiny();
    ds.areas[0].unemployed = Some(12.0); // urban A: 12 / 600 = 2%
    ds.areas[1].unemployed = Some(100.0); // rural: ignored
    ds.targets =
        vec![Target { indicator: Indicator::UrbanUnemployment, year: 2030, value: 0.03, scope: None, source: None }];
    let s = run(&ds);
    let kpi = s.kpi(Indicator::UrbanUnemployment).unwrap();
    assert!(close(kpi.value.unwrap(), 0.02));
    assert!(close(kpi.gap.unwrap(), -0.01));
    assert_eq!(kpi.status, KpiStatus::Met);
}

#[test]
fn facility_scores_and_flags() {
    let mut ds = tiny();
    ds.enrolment[0].employed_6m = Some(20.0);
    ds.enrolment[1].employed_6m = Some(40.0);
    ds.targets = vec![Target { indicator: Indicator::Employed6m, year: 2030, value: 0.8, scope: None, source: None }];
    let s = run(&ds);
    let f1 = &s.facilities[0];
    // Intake 140 of 100 places: 140% (over capacity); 60 of 120 graduates employed (50%).
    assert!(close(f1.utilisation.unwrap(), 1.4));
    assert!(close(f1.employment_rate.unwrap(), 0.5));
    assert!(close(f1.cost_per_graduate_mvnd.unwrap(), 1000.0 / 120.0));
    assert_eq!(f1.flags, ["over_capacity", "low_employment"]);
    let f2 = &s.facilities[1];
    // 20 of 100 places: under-used.
    assert_eq!(f2.flags, ["under_used"]);
}

#[test]
fn demand_growth_compounds_by_sector() {
    let growth = DemandGrowth { growth: 0.03, growth_by_sector: [(SectorKey::Industry, 0.06)].into_iter().collect() };
    assert!(close(growth.factor(Sector::Industry, 2), 1.06 * 1.06));
    assert!(close(growth.factor(Sector::Services, 1), 1.03));
}
