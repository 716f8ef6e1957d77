use super::*;
use crate::access::{AccessSettings, travel_matrix};
use crate::settings::ExitRate;
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
        access: &AccessSettings::default(),
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
    // 60 of F1's 90 crop learners are rural: 2/3 of its 80 graduates = 53.3 rural graduates;
    // the other rows' learners are all urban.
    ds.enrolment[1].rural = Some(60.0);
    ds.enrolment[0].rural = Some(0.0);
    ds.enrolment[2].rural = Some(0.0);
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

/// The stock model of earlier versions: leavers at the average share, no entrants trained,
/// every retained graduate new to the stock, no other inflow.
fn stock_only(p: ProjectionSettings) -> ProjectionSettings {
    use crate::settings::{CohortRatio, InflowRate};
    ProjectionSettings {
        graduates_new: Share::constant(1.0),
        graduates_new_range: [Share::constant(1.0), Share::constant(1.0)],
        leaver_ratio_trained: CohortRatio::constant(1.0),
        leaver_ratio_certified: CohortRatio::constant(1.0),
        entrant_ratio_trained: CohortRatio::constant(0.0),
        entrant_ratio_certified: CohortRatio::constant(0.0),
        higher_education: InflowRate::constant(0.0),
        ..p
    }
}

#[test]
fn without_cohorts_the_projection_is_the_plain_stock_flow_formula() {
    // Stock 100 of 1,000; 10 graduates a year, half retained; 10% exit; no growth:
    // year 1: 100 x 0.9 + 5 = 95; year 2: 95 x 0.9 + 5 = 90.5.
    let p = stock_only(ProjectionSettings {
        exit_rate: ExitRate::constant(0.1),
        retention: Share::constant(0.5),
        labour_force_growth: Growth::constant(0.0),
        ..Default::default()
    });
    let (path, _) = p.cohort(Indicator::Trained, 0.1).path(0.1, 2, |_| 10.0 / 1000.0, 2);
    assert!(close(path[0], 0.1) && close(path[1], 0.095) && close(path[2], 0.0905), "{path:?}");
}

#[test]
fn one_year_of_the_cohort_model_matches_the_hand_computation() {
    // 1,000 workers, 300 trained (30%). In a year 2.5% leave: 25 people, at half the
    // average share (15%): 3.75 trained leave. 2.5% + 1% growth enter: 35 young people at
    // 0.8 x 30% = 24%: 8.4 trained. 20 graduates, 85% stay, 20% of those new: 3.4. Five
    // college graduates (0.5%) and two others (0.2%) join.
    // Stock 300 - 3.75 + 8.4 + 3.4 + 5 + 2 = 315.05 of 1,000 - 25 + 35 = 1,010 workers.
    use crate::settings::{CohortRatio, InflowRate};
    let p = ProjectionSettings {
        exit_rate: ExitRate::constant(0.025),
        labour_force_growth: Growth::constant(0.01),
        retention: Share::constant(0.85),
        graduates_new: Share::constant(0.2),
        leaver_ratio_certified: CohortRatio::constant(0.5),
        entrant_ratio_certified: CohortRatio::constant(0.8),
        higher_education: InflowRate::constant(0.005),
        other_certified: InflowRate::constant(0.002),
        ..Default::default()
    };
    let cohort = p.cohort(Indicator::Certified, 0.30);
    let (next, terms) = cohort.step(0.30, 20.0 / 1000.0);
    assert!(close(next, 315.05 / 1010.0), "{next}");
    // Each term in people over the new labour force; growth spreads the 300 over 10 more.
    assert!(close(terms.leavers, -3.75 / 1010.0));
    assert!(close(terms.entrants, 8.4 / 1010.0));
    assert!(close(terms.graduates, 3.4 / 1010.0));
    assert!(close(terms.higher_education, 5.0 / 1010.0));
    assert!(close(terms.other, 2.0 / 1010.0));
    assert!(close(terms.growth, -3.0 / 1010.0));
    assert!(close(0.30 + terms.total(), next));
    // The trained share takes the trained ratios (defaults 0.8 and 1.0) and other_trained (0).
    let trained = p.cohort(Indicator::Trained, 0.30);
    assert_eq!((trained.leaver_ratio, trained.entrant_share, trained.other), (0.8, 0.30, 0.0));
}

/// One commune of 1,000 workers, 300 trained and 100 certified; 20 graduates a year, 10
/// of them certified.
fn two_stocks() -> Dataset {
    let mut a = area("A", 19.0, 105.0, false);
    a.labour_force = 1000.0;
    a.trained = Some(300.0);
    a.certified = Some(100.0);
    let mut e = enrolment(2025, "F1", "weld", 25.0, 20.0);
    e.certified = Some(10.0);
    Dataset {
        areas: vec![a],
        facilities: vec![facility("F1", 19.0, 105.0)],
        occupations: vec![occupation("weld", Sector::Industry)],
        enrolment: vec![e],
        ..Default::default()
    }
}

#[test]
fn both_stocks_move_by_their_own_cohorts_and_the_terms_add_up_to_the_change() {
    // Defaults: 2.5% leave, 0.8% growth, 85% stay, 15% new, 0.5% higher education.
    // Trained 30%: leavers 25 x 0.8 x 0.30 = 6; entrants 33 x 1.0 x 0.30 = 9.9; graduates
    // 20 x 0.85 x 0.15 = 2.55; higher education 5: 300 + 11.45 = 311.45 of 1,008.
    // Certified 10%: leavers 25 x 0.6 x 0.10 = 1.5; entrants 33 x 0.8 x 0.10 = 2.64;
    // graduates 10 x 0.1275 = 1.275; higher education 5: 100 + 7.415 = 107.415 of 1,008.
    let s = run(&two_stocks());
    let at = |indicator| s.trajectories.iter().find(|t| t.indicator == indicator).unwrap();
    let (trained, certified) = (at(Indicator::Trained), at(Indicator::Certified));
    assert!(close(trained.points[1].1, 311.45 / 1008.0), "{:?}", trained.points);
    assert!(close(certified.points[1].1, 107.415 / 1008.0), "{:?}", certified.points);
    for t in [trained, certified] {
        let change = t.points.last().unwrap().1 - t.points[0].1;
        assert!(close(t.terms.total(), change), "{:?}", t.terms);
        assert!(t.terms.leavers < 0.0 && t.terms.growth < 0.0 && t.terms.entrants > 0.0);
        // No history: nothing observed, nothing calibrated; the band holds the central path.
        assert!(t.observed.is_empty() && t.calibration.is_none());
        for ((c, l), h) in t.points.iter().zip(&t.low).zip(&t.high) {
            assert!(l.1 <= c.1 + 1e-12 && c.1 <= h.1 + 1e-12);
        }
    }
}

/// `history` rows of one stock.
fn history(indicator: HistoryIndicator, rows: &[(i32, f64)]) -> Vec<HistoryPoint> {
    rows.iter().map(|&(year, value)| HistoryPoint { indicator, year, value, scope: None, source: None }).collect()
}

#[test]
fn calibration_recovers_the_inflow_a_history_was_generated_with() {
    // Generate 2018-2025 of the certified share with the default model and a known other
    // inflow of 0.3% of the labour force a year, the graduates of two_stocks (10 certified a
    // year for 1,000 workers, the labour force growing 0.8% a year backwards from 2025).
    let p = ProjectionSettings::default();
    let known = 0.003;
    let start = 0.07;
    // The entrants' reference share is the last observed value, found by a fixed point.
    let generate = |reference: f64| -> Vec<(i32, f64)> {
        let cohort = projection_cohort(&p, reference, known);
        let mut s = start;
        let mut out = vec![(2018, s)];
        for year in 2018..2025 {
            let lf = 1000.0 * 1.008f64.powi(year - 2025);
            s = cohort.step(s, 10.0 / lf).0;
            out.push((year + 1, s));
        }
        out
    };
    let mut observed = generate(0.1);
    for _ in 0..50 {
        observed = generate(observed.last().unwrap().1);
    }
    let mut ds = two_stocks();
    let last = observed.last().unwrap().1;
    ds.areas[0].certified = Some((last * 1000.0).round());
    ds.history = history(HistoryIndicator::Certified, &observed);
    let s = run(&ds);
    let t = s.trajectories.iter().find(|t| t.indicator == Indicator::Certified).unwrap();
    let c = t.calibration.expect("eight years calibrate");
    assert!((c.other - known).abs() < 1e-9, "{c:?}");
    assert!(c.rmse < 1e-9 && c.other_half_width == 0.0, "{c:?}");
    assert!((c.modelled_per_year - c.observed_per_year).abs() < 1e-9);
    assert_eq!((c.years, c.points, c.anchor), ([2018, 2025], 8, (2025, last)));
    // The projection continues from the last observed value with the recovered inflow.
    assert!(close(t.points[0].1, last));
    let next = projection_cohort(&p, last, known).step(last, 10.0 / 1000.0).0;
    assert!((t.points[1].1 - next).abs() < 1e-9, "{:?} vs {next}", t.points[1]);
    assert_eq!(t.observed, observed);
}

/// The default cohort of the certified share with another inflow.
fn projection_cohort(p: &ProjectionSettings, reference: f64, other: f64) -> projection::Cohort {
    projection::Cohort { other, ..p.cohort(Indicator::Certified, reference) }
}

/// A province whose vocational intake is small against its labour force (300 graduates a
/// year for 100,000 workers, 61% trained in 2025).
fn small_intake() -> Dataset {
    let mut a = area("A", 19.0, 105.0, false);
    a.labour_force = 100_000.0;
    a.trained = Some(61_000.0);
    let e = enrolment(2025, "F1", "weld", 350.0, 300.0);
    Dataset {
        areas: vec![a],
        facilities: vec![facility("F1", 19.0, 105.0)],
        occupations: vec![occupation("weld", Sector::Industry)],
        enrolment: vec![e],
        targets: vec![Target { indicator: Indicator::Trained, year: 2030, value: 0.75, scope: None, source: None }],
        ..Default::default()
    }
}

#[test]
fn a_small_intake_province_with_a_rising_history_keeps_rising_at_its_pace() {
    // Without history the cohorts alone keep the share from falling: entrants are as trained
    // as the average, leavers less, and college graduates join.
    let s = run(&small_intake());
    let t = s.trajectories.iter().find(|t| t.indicator == Indicator::Trained).unwrap();
    let per_year = |t: &Trajectory| (t.points.last().unwrap().1 - t.points[0].1) / 5.0;
    assert!(per_year(t) > 0.0, "{:?}", t.points);
    // A history rising about one point a year (the published national pace), with noise.
    let mut ds = small_intake();
    ds.history = history(
        HistoryIndicator::Trained,
        &[(2019, 0.551), (2020, 0.559), (2021, 0.571), (2022, 0.579), (2023, 0.592), (2024, 0.600), (2025, 0.610)],
    );
    let s = run(&ds);
    let t = s.trajectories.iter().find(|t| t.indicator == Indicator::Trained).unwrap();
    let c = t.calibration.expect("seven years calibrate");
    assert!((c.observed_per_year - 0.0098).abs() < 0.0005, "{c:?}");
    assert!((c.modelled_per_year - c.observed_per_year).abs() < 0.001, "{c:?}");
    // The projection goes on at about the observed pace (the stock's pull towards its
    // steady state slows it a little), from the last observed value.
    assert!(close(t.points[0].1, 0.610));
    let rate = per_year(t);
    assert!((0.007..=0.0115).contains(&rate), "{rate} a year: {:?}", t.points);
    // The band holds the central path and widens with the years.
    let width = |i: usize| t.high[i].1 - t.low[i].1;
    assert!(width(5) > width(1) && t.low[5].1 <= t.points[5].1 && t.points[5].1 <= t.high[5].1);
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

    let overrides = TargetOverrides { certified: Some(crate::settings::Share::constant(0.25)), ..Default::default() };
    let matrix = travel_matrix(&ds.areas, &ds.facilities, &[], &AccessSettings::default());
    let input = ScoreInput {
        base_year: 2025,
        horizon: 2030,
        settings: &ScoreSettings::default(),
        growth: &DemandGrowth::default(),
        targets: &overrides,
        flows: None,
        access: &AccessSettings::default(),
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
    let growth = DemandGrowth {
        growth: Growth::constant(0.03),
        growth_by_sector: [(SectorKey::Industry, Growth::constant(0.06))].into_iter().collect(),
    };
    assert!(close(growth.factor(Sector::Industry, 2), 1.06 * 1.06));
    assert!(close(growth.factor(Sector::Services, 1), 1.03));
}

fn run_with(ds: &Dataset, settings: &ScoreSettings, growth: &DemandGrowth, horizon: i32) -> Scores {
    let matrix = travel_matrix(&ds.areas, &ds.facilities, &[], &AccessSettings::default());
    let input = ScoreInput {
        base_year: 2025,
        horizon,
        settings,
        growth,
        targets: &TargetOverrides::default(),
        flows: None,
        access: &AccessSettings::default(),
    };
    score(ds, &matrix, &input)
}

#[test]
fn demand_at_the_horizon_is_grown_once_and_coverage_stays_base_year() {
    // 10% a year for 2 years: factor 1.1^2 = 1.21.
    // weld: base 60 (A) + 10 (C) = 70 -> 84.7; supply 40, coverage 40/70 (base year).
    // Commune A: 60 -> 72.6. Province: 70 + 20 = 90 -> 108.9.
    let growth = DemandGrowth { growth: Growth::constant(0.1), ..Default::default() };
    let s = run_with(&tiny(), &ScoreSettings::default(), &growth, 2027);
    let weld = &s.by_occupation[0];
    assert!(close(weld.demand, 70.0) && close(weld.demand_horizon, 84.7), "{weld:?}");
    assert!(close(weld.coverage_ratio.unwrap(), 40.0 / 70.0));
    assert!(close(s.by_area[0].demand, 60.0) && close(s.by_area[0].demand_horizon, 72.6));
    let province = s.scope("province").unwrap();
    assert!(close(province.demand, 90.0) && close(province.demand_horizon, 108.9));
}

/// One commune of 1,000 workers, 100 of them certified; 50 certified graduates a year.
fn certified_stock() -> Dataset {
    let mut a = area("A", 19.0, 105.0, false);
    a.labour_force = 1000.0;
    a.certified = Some(100.0);
    let mut e = enrolment(2025, "F1", "weld", 60.0, 50.0);
    e.certified = Some(50.0);
    Dataset {
        areas: vec![a],
        facilities: vec![facility("F1", 19.0, 105.0)],
        occupations: vec![occupation("weld", Sector::Industry)],
        enrolment: vec![e],
        targets: vec![Target { indicator: Indicator::Certified, year: 2030, value: 0.2, scope: None, source: None }],
        ..Default::default()
    }
}

#[test]
fn projected_years_central_early_and_late_match_the_hand_computation() {
    // Stock 100 of 1,000, 50 certified graduates a year, target 20% (a stock of 200), no
    // labour-force growth.
    // Central: no exit, half retained: 100 + 25 n >= 200 at n = 4 -> 2029 (on track for 2030).
    // Early: no exit, all retained: 100 + 50 n >= 200 at n = 2 -> 2027.
    // Late: 10% exit, half retained: s_n = 250 - 150 x 0.9^n >= 200 when 0.9^n <= 1/3;
    // 0.9^10 = 0.349, 0.9^11 = 0.314 -> n = 11 -> 2036.
    let settings = half_retained();
    let s = run_with(&certified_stock(), &settings, &DemandGrowth::default(), 2030);
    let k = s.kpi(Indicator::Certified).unwrap();
    assert_eq!((k.projected_year, k.projected_year_early, k.projected_year_late), (Some(2029), Some(2027), Some(2036)));
    assert_eq!(k.status, KpiStatus::OnTrack);
}

#[test]
fn employment_is_split_by_level_and_untracked_rows_stay_out_of_the_denominator() {
    let mut ds = tiny();
    let row = |occupation: &str, level: Level, graduates: f64, employed: Option<f64>| {
        let mut e = enrolment(2025, "F1", occupation, graduates, graduates);
        e.level = level;
        e.employed_6m = employed;
        e
    };
    ds.enrolment = vec![
        row("weld", Level::College, 100.0, Some(85.0)),
        row("weld", Level::Intermediate, 50.0, Some(35.0)),
        row("crop", Level::Short, 200.0, Some(130.0)),
        row("crop", Level::Elementary, 40.0, None),
    ];
    let s = run(&ds);
    // Formal: (85 + 35) / (100 + 50) = 0.8: meets the 80% norm.
    let formal = s.kpi(Indicator::Employed6mFormal).unwrap();
    assert!(close(formal.value.unwrap(), 0.8));
    assert_eq!((formal.target, formal.status), (Some(0.8), KpiStatus::Met));
    assert_eq!(formal.source.as_deref(), Some(FORMAL_NORM_SOURCE));
    // Short: 130 / 200 = 0.65 (the 40 untracked graduates would make it 130 / 240 = 0.54);
    // below the 70% norm, one year only: no trend data, not off track.
    let short = s.kpi(Indicator::Employed6mShort).unwrap();
    assert!(close(short.value.unwrap(), 0.65));
    assert_eq!((short.target, short.status), (Some(0.7), KpiStatus::NoTrendData));
    assert_eq!(short.source.as_deref(), Some(SHORT_NORM_SOURCE));
    // Pooled: 250 / 350 = 0.714; no target in targets.csv: the two norms weighted by the
    // tracked graduates, (0.8 x 150 + 0.7 x 200) / 350 = 260 / 350 = 0.743 (not 0.8, which
    // would hold the short courses to the formal norm); below it, one year: no trend data.
    let pooled = s.kpi(Indicator::Employed6m).unwrap();
    assert!(close(pooled.value.unwrap(), 250.0 / 350.0));
    assert!(close(pooled.target.unwrap(), 260.0 / 350.0), "{pooled:?}");
    assert_eq!((pooled.status, pooled.source.as_deref()), (KpiStatus::NoTrendData, Some(POOLED_SOURCE)));
}

#[test]
fn the_pooled_employment_rate_is_not_behind_when_both_groups_meet_their_targets() {
    // Formal 85 / 100 (norm 80%) and short 150 / 200 (norm 70%) both met; targets.csv holds
    // the pooled rate to 85%: 235 / 300 = 78% with one year reads no trend, but the groups
    // decide.
    let mut ds = tiny();
    let row = |occupation: &str, level: Level, graduates: f64, employed: f64| {
        let mut e = enrolment(2025, "F1", occupation, graduates, graduates);
        e.level = level;
        e.employed_6m = Some(employed);
        e
    };
    ds.enrolment = vec![row("weld", Level::College, 100.0, 85.0), row("crop", Level::Short, 200.0, 150.0)];
    ds.targets = vec![Target { indicator: Indicator::Employed6m, year: 2030, value: 0.85, scope: None, source: None }];
    let s = run(&ds);
    let status = |i| s.kpi(i).unwrap().status;
    assert_eq!(
        (status(Indicator::Employed6mFormal), status(Indicator::Employed6mShort)),
        (KpiStatus::Met, KpiStatus::Met)
    );
    assert_eq!(status(Indicator::Employed6m), KpiStatus::Met);
}

#[test]
fn employment_trend_projects_the_year_by_least_squares() {
    // Short courses, 100 graduates a year; employed 50, 60, 70 in 2023-2025: slope 0.10 a
    // year; value 0.70 against 0.75: 0.05 / 0.10 = 0.5 -> 1 year -> 2026, on track for 2030.
    let mut ds = tiny();
    ds.enrolment = (0..3)
        .map(|i| {
            let mut e = enrolment(2023 + i, "F1", "crop", 100.0, 100.0);
            e.employed_6m = Some(50.0 + 10.0 * f64::from(i));
            e
        })
        .collect();
    ds.targets =
        vec![Target { indicator: Indicator::Employed6mShort, year: 2030, value: 0.75, scope: None, source: None }];
    let s = run(&ds);
    let short = s.kpi(Indicator::Employed6mShort).unwrap();
    assert!(close(short.value.unwrap(), 0.7));
    assert_eq!((short.projected_year, short.status), (Some(2026), KpiStatus::OnTrack));
    // No college or intermediate rows: no data, rather than off track.
    assert_eq!(s.kpi(Indicator::Employed6mFormal).unwrap().status, KpiStatus::NoData);
}

#[test]
fn employment_trend_range_comes_from_the_slopes_95_percent_interval() {
    // Short courses, 100 graduates a year, employed 50, 56, 58, 66 in 2022-2025 (rates 0.50,
    // 0.56, 0.58, 0.66). x = -1.5, -0.5, 0.5, 1.5 around 2023.5: Sxx = 5; mean rate 0.575;
    // Sxy = -1.5(-0.075) - 0.5(-0.015) + 0.5(0.005) + 1.5(0.085) = 0.25: slope 0.05 a year.
    // Residuals: rate - (0.575 + 0.05 x): -0.0, +0.01, -0.02, +0.01 -> SSR = 0.0006;
    // se = sqrt(0.0006 / 2 / 5) = 0.007746; t(0.975, 2) = 4.303: half-width 0.03333.
    // Target 0.80, value 0.66: gap 0.14. Central 0.14 / 0.05 = 2.8 -> 3 years -> 2028;
    // early 0.14 / 0.08333 = 1.68 -> 2 -> 2027; late 0.14 / 0.01667 = 8.4 -> 9 -> 2034.
    let mut ds = tiny();
    ds.enrolment = [50.0, 56.0, 58.0, 66.0]
        .iter()
        .zip(2022..)
        .map(|(&employed, year)| {
            let mut e = enrolment(year, "F1", "crop", 100.0, 100.0);
            e.employed_6m = Some(employed);
            e
        })
        .collect();
    ds.targets =
        vec![Target { indicator: Indicator::Employed6mShort, year: 2030, value: 0.80, scope: None, source: None }];
    let k = run(&ds).kpi(Indicator::Employed6mShort).unwrap().clone();
    assert_eq!((k.projected_year, k.projected_year_early, k.projected_year_late), (Some(2028), Some(2027), Some(2034)));
    assert_eq!(k.status, KpiStatus::OnTrack);
}

#[test]
fn an_employment_trend_whose_interval_includes_no_progress_has_no_late_year() {
    // Rates 0.60, 0.70, 0.62 in 2023-2025 (mean 0.64): slope 0.01 a year; residuals -0.03,
    // +0.06, -0.03 (SSR 0.0054); se = sqrt(0.0054 / 1 / 2) = 0.05196, t(0.975, 1) = 12.706:
    // the interval includes a falling rate, so the late year is "not at this pace".
    let mut ds = tiny();
    ds.enrolment = [60.0, 70.0, 62.0]
        .iter()
        .zip(2023..)
        .map(|(&employed, year)| {
            let mut e = enrolment(year, "F1", "crop", 100.0, 100.0);
            e.employed_6m = Some(employed);
            e
        })
        .collect();
    ds.targets =
        vec![Target { indicator: Indicator::Employed6mShort, year: 2030, value: 0.70, scope: None, source: None }];
    let k = run(&ds).kpi(Indicator::Employed6mShort).unwrap().clone();
    // Central: 0.08 / 0.01 = 8 years -> 2033, off track for 2030; early: 0.08 / 0.670 -> 2026.
    assert_eq!((k.projected_year, k.projected_year_early, k.projected_year_late), (Some(2033), Some(2026), None));
    assert_eq!(k.status, KpiStatus::OffTrack);
}

#[test]
fn urban_unemployment_above_target_without_a_series_has_no_trend_data() {
    // Urban A: 30 / 600 = 5% against at most 3%; one year, nothing to project from.
    let mut ds = tiny();
    ds.areas[0].unemployed = Some(30.0);
    ds.targets =
        vec![Target { indicator: Indicator::UrbanUnemployment, year: 2030, value: 0.03, scope: None, source: None }];
    let kpi = run(&ds).kpi(Indicator::UrbanUnemployment).unwrap().clone();
    assert!(close(kpi.value.unwrap(), 0.05));
    assert_eq!((kpi.status, kpi.projected_year), (KpiStatus::NoTrendData, None));
}

#[test]
fn urban_unemployment_with_a_falling_history_is_projected_by_its_trend() {
    // The same 5% in 2025, after 6.5%, 6.0%, 5.5% in 2022-2024: half a point less a year, so
    // the 2 points to go take 4 years: 2029, on track for 2030 (an exact line: no range).
    let mut ds = tiny();
    ds.areas[0].unemployed = Some(30.0);
    ds.targets =
        vec![Target { indicator: Indicator::UrbanUnemployment, year: 2030, value: 0.03, scope: None, source: None }];
    ds.history =
        history(HistoryIndicator::UrbanUnemployment, &[(2022, 0.065), (2023, 0.06), (2024, 0.055), (2025, 0.05)]);
    let kpi = run(&ds).kpi(Indicator::UrbanUnemployment).unwrap().clone();
    assert_eq!((kpi.status, kpi.projected_year), (KpiStatus::OnTrack, Some(2029)), "{kpi:?}");
    assert_eq!((kpi.projected_year_early, kpi.projected_year_late), (Some(2029), Some(2029)));
    // Rising unemployment never reaches an "at most" target.
    ds.history =
        history(HistoryIndicator::UrbanUnemployment, &[(2022, 0.035), (2023, 0.04), (2024, 0.045), (2025, 0.05)]);
    let kpi = run(&ds).kpi(Indicator::UrbanUnemployment).unwrap().clone();
    assert_eq!((kpi.status, kpi.projected_year), (KpiStatus::OffTrack, None), "{kpi:?}");
}

#[test]
fn a_missing_rural_count_is_unknown_not_urban() {
    // F1 weld: 40 graduates, 25 of 50 learners rural -> 20 rural. F1 crop: rural missing ->
    // 80 unknown. F2 crop: 0 of 20 rural. Province 140 = rural 20 + unknown 80 + urban 40.
    let mut ds = tiny();
    ds.enrolment[0].rural = Some(25.0);
    ds.enrolment[2].rural = Some(0.0);
    let s = run(&ds);
    assert!(close(s.scope("rural").unwrap().supply, 20.0));
    assert!(close(s.scope("urban").unwrap().supply, 40.0));
    assert_eq!(s.residence_unknown, ResidenceUnknown { rows: 1, intake: 90.0, graduates: 80.0 });
}

#[test]
fn a_facility_reaching_no_commune_is_named() {
    // F2 (20 graduates) is 200 km from every commune: its graduates reach nobody.
    assert_eq!(run(&tiny()).unreached_facilities, ["F2"]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn dataset(communes: Vec<(f64, f64, f64, f64)>, facilities: Vec<(f64, f64, f64, f64)>) -> Dataset {
        let mut ds = Dataset {
            occupations: vec![occupation("weld", Sector::Industry), occupation("crop", Sector::Agriculture)],
            ..Default::default()
        };
        for (i, &(lat, lon, lf, openings)) in communes.iter().enumerate() {
            let id = format!("A{i}");
            let mut a = area(&id, lat, lon, i % 3 == 0);
            a.labour_force = lf.round();
            a.urban = i % 2 == 0;
            a.trained = Some((lf * 0.6).round());
            a.certified = Some((lf * 0.2).round());
            ds.areas.push(a);
            ds.demand.push(demand(2025, &id, if i % 2 == 0 { "weld" } else { "crop" }, openings.round()));
        }
        for (j, &(lat, lon, intake, grad_share)) in facilities.iter().enumerate() {
            let id = format!("F{j}");
            ds.facilities.push(facility(&id, lat, lon));
            let mut e = enrolment(
                2025,
                &id,
                if j % 2 == 0 { "weld" } else { "crop" },
                intake.round(),
                (intake * grad_share).round(),
            );
            e.rural = Some((intake * 0.5).round());
            ds.enrolment.push(e);
        }
        ds
    }

    fn communes() -> impl Strategy<Value = Vec<(f64, f64, f64, f64)>> {
        prop::collection::vec((18.8f64..19.4, 105.0f64..105.6, 100.0f64..5000.0, 0.0f64..200.0), 1..8)
    }

    fn facilities() -> impl Strategy<Value = Vec<(f64, f64, f64, f64)>> {
        prop::collection::vec((18.8f64..19.4, 105.0f64..105.6, 0.0f64..300.0, 0.0f64..1.0), 1..6)
    }

    proptest! {
        #![proptest_config(crate::testkit::proptest_config(64))]

        #[test]
        fn shares_stay_between_zero_and_one(c in communes(), f in facilities()) {
            let s = run(&dataset(c, f));
            let unit = |v: Option<f64>| v.is_none_or(|x| (-1e-9..=1.0 + 1e-9).contains(&x));
            for a in &s.by_area {
                prop_assert!(unit(a.alignment.dissimilarity) && unit(a.alignment.matched_share));
                prop_assert!(a.alignment.score.is_none_or(|x| (0.0..=100.0 + 1e-9).contains(&x)));
            }
            for scope in &s.by_scope {
                prop_assert!(unit(scope.alignment.dissimilarity) && unit(scope.alignment.matched_share));
            }
            for k in &s.kpis {
                if matches!(k.indicator, Indicator::Trained | Indicator::Certified | Indicator::Employed6m) {
                    prop_assert!(unit(k.value));
                }
            }
            for t in &s.trajectories {
                prop_assert!(t.points.iter().all(|p| (0.0..=1.0).contains(&p.1)));
            }
        }

        #[test]
        fn results_do_not_depend_on_the_order_of_rows(c in communes(), f in facilities(), seed in 0u64..1000) {
            let ds = dataset(c, f);
            let mut shuffled = ds.clone();
            let mut rng = crate::rng::Rng::new(seed);
            rng.shuffle(&mut shuffled.demand);
            rng.shuffle(&mut shuffled.enrolment);
            let (a, b) = (run(&ds), run(&shuffled));
            let close = |x: Option<f64>, y: Option<f64>| match (x, y) {
                (Some(x), Some(y)) => (x - y).abs() < 1e-9,
                (None, None) => true,
                _ => false,
            };
            for (x, y) in a.by_area.iter().zip(&b.by_area) {
                prop_assert!(close(x.alignment.score, y.alignment.score));
            }
            for (x, y) in a.by_occupation.iter().zip(&b.by_occupation) {
                prop_assert!((x.supply - y.supply).abs() < 1e-9 && (x.demand - y.demand).abs() < 1e-9);
            }
            for (x, y) in a.kpis.iter().zip(&b.kpis) {
                prop_assert!(close(x.value, y.value) && x.status == y.status);
            }
        }

        #[test]
        fn adding_a_facility_never_worsens_anyones_access(c in communes(), f in facilities(), lat in 18.8f64..19.4, lon in 105.0f64..105.6) {
            let ds = dataset(c, f);
            let settings = AccessSettings::default();
            let before = travel_matrix(&ds.areas, &ds.facilities, &[], &settings);
            let mut more = ds.facilities.clone();
            more.push(facility("NEW", lat, lon));
            let after = travel_matrix(&ds.areas, &more, &[], &settings);
            for a in 0..ds.areas.len() {
                let old = before.nearest(a, |_| true).unwrap().1;
                let new = after.nearest(a, |_| true).unwrap().1;
                prop_assert!(new <= old + 1e-9);
                let reach_before = (0..ds.facilities.len()).any(|f| before.within_reach(a, f));
                let reach_after = (0..more.len()).any(|f| after.within_reach(a, f));
                prop_assert!(reach_after || !reach_before);
            }
        }
    }
}

#[test]
fn without_a_growth_demand_follows_the_trend_of_its_own_years() {
    // Industry openings 100, 110, 121 in 2023-2025: exactly +10% a year; agriculture has
    // only two years, too few for a trend, so it is left out (flat).
    let mut ds = Dataset {
        occupations: vec![occupation("weld", Sector::Industry), occupation("crop", Sector::Agriculture)],
        ..Default::default()
    };
    for (year, n) in [(2023, 100.0), (2024, 110.0), (2025, 121.0)] {
        ds.demand.push(demand(year, "A", "weld", n));
    }
    for (year, n) in [(2024, 50.0), (2025, 40.0)] {
        ds.demand.push(demand(year, "A", "crop", n));
    }
    let (growth, years) = DemandGrowth::trend(&ds, 2025).unwrap();
    assert_eq!(years, [2023, 2025]);
    assert!((growth.rate(Sector::Industry) - 0.10).abs() < 1e-9, "{:?}", growth);
    assert_eq!(growth.rate(Sector::Agriculture), 0.0);
    // Years before the five-year window do not count; one year alone is no trend.
    assert!(DemandGrowth::trend(&ds, 2031).is_none());
}

/// Projection settings of the stock tests: centrally no exit and half the graduates
/// retained; exit 0-10% and retention 50-100% for the early and late years.
fn half_retained() -> ScoreSettings {
    ScoreSettings {
        projection: stock_only(ProjectionSettings {
            exit_rate: ExitRate::constant(0.0),
            retention: Share::constant(0.5),
            labour_force_growth: Growth::constant(0.0),
            exit_rate_range: [ExitRate::constant(0.0), ExitRate::constant(0.1)],
            retention_range: [Share::constant(0.5), Share::constant(1.0)],
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn the_trajectory_runs_year_by_year_from_the_base_year_to_the_horizon() {
    // certified_stock: stock 100 of 1,000, 50 certified graduates a year. Central: no exit,
    // half retained: 100 + 25 n a year -> shares 0.100, 0.125, 0.150, 0.175 for 2025-2028
    // (horizon 2028: four points, the base year included).
    let settings = half_retained();
    let s = run_with(&certified_stock(), &settings, &DemandGrowth::default(), 2028);
    let t = s.trajectories.iter().find(|t| t.indicator == Indicator::Certified).unwrap();
    let years: Vec<i32> = t.points.iter().map(|p| p.0).collect();
    assert_eq!(years, [2025, 2026, 2027, 2028]);
    for (p, expected) in t.points.iter().zip([0.100, 0.125, 0.150, 0.175]) {
        assert!(close(p.1, expected), "{p:?} vs {expected}");
    }
}

#[test]
fn early_and_late_come_from_every_corner_of_the_three_ranges() {
    // Which end of the exit rate raises a share depends on the cohorts (more turnover brings
    // better-trained entrants), so all eight corners are run; growth is not ranged.
    let central = ProjectionSettings::default();
    let corners = central.corners();
    assert_eq!(corners.len(), 8);
    let mut seen: Vec<(f64, f64, f64)> =
        corners.iter().map(|c| (c.exit_rate.get(), c.retention.get(), c.graduates_new.get())).collect();
    seen.dedup();
    assert_eq!(seen.len(), 8);
    assert!(seen.contains(&(0.02, 0.75, 0.05)) && seen.contains(&(0.033, 0.95, 0.3)));
    assert!(
        corners.iter().all(|c| c.labour_force_growth.get() == 0.008 && c.exit_rate_range == central.exit_rate_range)
    );
}

#[test]
fn a_facility_s_graduates_are_counted_in_the_province_s_sure_shortage_and_surplus_cells() {
    // F1: 100 college welders (ISCO 72) against 50 college openings, an uncertain cell, and
    // 200 short-course tailors (75) with no openings, a surplus; F2: 40 short-course
    // industrial sewers (81), E = 40 x 0.45 = 18 (high 40 x 0.75 = 30), against 100 openings
    // without a level, 70 (low 50) at the short level: 30 < 0.8 x 50, a sure shortage.
    // F1: 200 of 300 graduates in a surplus, none in a shortage; F2: all 40 in a shortage.
    let isco =
        |code: &str, sector: Sector, isco: &str| Occupation { isco: Some(isco.into()), ..occupation(code, sector) };
    let mut weld_demand = demand(2025, "A", "weld", 50.0);
    weld_demand.level = Some(Level::College);
    let ds = Dataset {
        areas: vec![area("A", 19.0, 105.0, false)],
        facilities: vec![facility("F1", 19.0, 105.0), facility("F2", 19.0, 105.0)],
        occupations: vec![
            isco("weld", Sector::Industry, "7212"),
            isco("tailor", Sector::Industry, "7531"),
            isco("sew", Sector::Industry, "8153"),
        ],
        enrolment: vec![
            Enrolment { level: Level::College, ..enrolment(2025, "F1", "weld", 120.0, 100.0) },
            enrolment(2025, "F1", "tailor", 210.0, 200.0),
            enrolment(2025, "F2", "sew", 50.0, 40.0),
        ],
        demand: vec![weld_demand, demand(2025, "A", "sew", 100.0)],
        ..Default::default()
    };
    let g = cells::group_alignment(&ds, 2025, &[1.0; 3], &ScoreSettings::default());
    assert_eq!(graduates_by_status(&ds, 2025, &g), vec![[0.0, 200.0], [40.0, 0.0]]);
}
