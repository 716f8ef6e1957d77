use super::*;
use crate::model::*;
use crate::testkit::*;
use proptest::prelude::*;

/// Three facilities on a line, 6-7 km apart, all public centres with short courses; three
/// communes at the facilities.
pub(super) fn network() -> Dataset {
    let mut ds = Dataset {
        occupations: vec![occupation("weld", Sector::Industry), occupation("crop", Sector::Agriculture)],
        ..Default::default()
    };
    for (i, lat) in [19.0, 19.05, 19.11].into_iter().enumerate() {
        let area_id = format!("A{i}");
        ds.areas.push(area(&area_id, lat, 105.0, false));
        let id = format!("F{i}");
        let mut f = facility(&id, lat, 105.0);
        f.area_id = area_id.clone();
        f.capacity = 200.0;
        ds.facilities.push(f);
        ds.programs.push(program(&id, "crop", Level::Short, 200.0));
        ds.enrolment.push(enrolment(2025, &id, "crop", 60.0, 55.0));
        ds.demand.push(demand(2025, &area_id, "weld", 40.0));
    }
    ds
}

pub(super) fn load(text: &str) -> Result<Scenario, Vec<String>> {
    Scenario::from_toml("s.toml", text, &network()).map_err(|i| i.items.iter().map(ToString::to_string).collect())
}

#[test]
fn scenario_errors_name_file_line_and_key() {
    let cases = [
        (
            "name = \"x\"\n[[actions]]\nmerge = \"F9\"\ninto = \"F1\"\n",
            "s.toml:2:merge: unknown facility 'F9' (not in facilities.csv)",
        ),
        (
            "name = \"x\"\n[[actions]]\nmerge = \"F1\"\ninto = \"F1\"\n",
            "s.toml:2:merge: F1 cannot be merged into itself",
        ),
        (
            "name = \"x\"\n[[actions]]\nclose = \"F1\"\nyear = 2040\n",
            "s.toml:2:year: effective year 2040 is outside the horizon 2026..2030",
        ),
        (
            "name = \"x\"\n[[actions]]\nadd_program = { facility = \"F1\", occupation = \"cook\", level = \"short\", places = 10 }\n",
            "s.toml:2:add_program: unknown occupation 'cook' (not in occupations.csv)",
        ),
        (
            "name = \"x\"\n[[actions]]\nclose = \"F1\"\nmerge = \"F2\"\ninto = \"F0\"\n",
            "s.toml:2:actions: an action has one verb, this one has merge and close",
        ),
        (
            "name = \"x\"\n[optimise]\nmodel = \"cflp\"\nkeep = [\"F7\"]\n",
            "s.toml:2:keep: unknown facility 'F7' (not in facilities.csv)",
        ),
    ];
    for (text, expected) in cases {
        let errors = load(text).unwrap_err();
        assert_eq!(errors, [expected], "{text}");
    }
}

#[test]
fn merging_moves_learners_and_places_and_closing_loses_some() {
    let ds = network();
    let merge = load(
        "name = \"m\"\n[options.costs]\nsalary_mvnd_per_staff_year = 50\nsalary_mvnd_per_staff_year_range = [40, 60]\n[[actions]]\nmerge = \"F1\"\ninto = \"F0\"\n",
    )
    .unwrap();
    let result = run(&ds, &merge).unwrap();
    // F0 has 140 free places, F1's 60 learners all fit: F1 closes, its 200 places move.
    assert!(!result.dataset.facilities.iter().any(|f| f.facility_id == "F1"));
    let f0 = result.dataset.facilities.iter().find(|f| f.facility_id == "F0").unwrap();
    assert_eq!(f0.capacity, 400.0);
    // The programme moves with its places: F0's crop course 200 + F1's 200 = 400.
    let crop: Vec<f64> = result.dataset.programs.iter().filter(|p| p.facility_id == "F0").map(|p| p.places).collect();
    assert_eq!(crop, [400.0]);
    let total: f64 = result.dataset.facilities.iter().map(|f| f.capacity).sum();
    assert_eq!(total, 600.0, "a merge never creates or destroys places");
    assert!(result.effects.learners_lost > 0.0 && result.effects.learners_lost < 60.0);
    // Fixed cost 1000 less the pay of F1's staff who move with the learners: 200 places / 20
    // = 10 staff, 80% stay, 50 M VND a year each: 1000 - 400 = 600.
    assert_eq!(result.effects.gross_savings_mvnd, 600.0);

    let close = load("name = \"c\"\n[[actions]]\nclose = \"F2\"\n").unwrap();
    let result = run(&ds, &close).unwrap();
    assert_eq!(result.dataset.facilities.len(), 2);
    assert!(result.effects.learners_displaced == 60.0);
    assert!(result.effects.learners_lost <= 60.0);
    assert_eq!(result.comparison.places, 400.0, "closing removes the places");
}

#[test]
fn adding_a_programme_adds_places_learners_and_cost() {
    let ds = network();
    let s = load("name = \"a\"\n[[actions]]\nadd_program = { facility = \"F2\", occupation = \"weld\", level = \"short\", places = 100 }\n")
        .unwrap();
    let result = run(&ds, &s).unwrap();
    assert_eq!(result.comparison.places, 700.0);
    assert!(result.effects.new_learners > 0.0);
    assert!(result.effects.added_cost_mvnd > 0.0);
    // Welding was missing; the province now has some welding supply.
    let weld = result.scores.by_occupation.iter().find(|o| o.code == "weld").unwrap();
    assert!(weld.supply > 0.0);
}

#[test]
fn actions_take_effect_in_their_year() {
    let ds = network();
    let s = load("name = \"y\"\n[[actions]]\nclose = \"F2\"\nyear = 2028\n").unwrap();
    let result = run(&ds, &s).unwrap();
    let p = &result.projection;
    assert_eq!(p.years, [2025, 2026, 2027, 2028, 2029, 2030]);
    assert_eq!(p.places[..3], [600.0, 600.0, 600.0]);
    assert_eq!(p.places[3..], [400.0, 400.0, 400.0]);
}

#[test]
fn the_optimiser_respects_the_public_school_cap() {
    let mut ds = network();
    for f in &mut ds.facilities {
        f.kind = FacilityKind::Intermediate;
    }
    let s = load("name = \"o\"\n[optimise]\nmodel = \"cflp\"\nmax_public_schools = 1\nsolver = \"exact\"\n").unwrap();
    let result = run(&ds, &s).unwrap();
    assert!(result.comparison.public_schools <= 1, "{:?}", result.comparison);
    let plan = result.optimised.unwrap();
    assert_eq!(plan.open.len(), 1);
    assert_eq!(plan.merges.len(), 2);
}

#[test]
fn the_optimiser_closes_rather_than_merging_a_college_into_a_lesser_kind() {
    // F1 a college, F2 an intermediate school kept open, at most one public school: F1 must
    // go, and a college is not merged into an intermediate school or a centre.
    let mut ds = network();
    ds.facilities[0].kind = FacilityKind::Centre;
    ds.facilities[1].kind = FacilityKind::College;
    ds.facilities[2].kind = FacilityKind::Intermediate;
    let s = load(
        "name = \"o\"\n[optimise]\nmodel = \"cflp\"\nmax_public_schools = 1\nkeep = [\"F2\"]\nsolver = \"exact\"\n",
    )
    .unwrap();
    let result = run(&ds, &s).unwrap();
    let plan = result.optimised.clone().unwrap();
    assert_eq!(plan.closures, ["F1"], "{plan:?}");
    assert!(plan.merges.iter().all(|(from, _)| from != "F1"), "{plan:?}");
    assert!(!result.dataset.facilities.iter().any(|f| f.facility_id == "F1"));
    assert!(result.comparison.public_schools <= 1, "{:?}", result.comparison);
}

/// Three public intermediate schools and, beside the first, a self-financing college (kept
/// open, not counted), at most one public school. The nearest open facility of F1 and F2 that
/// may take them over is the self-financing college F3 (F1 sits 0.1 km from it): merged
/// there, the province would reach the cap by moving public schools into a fee-funded one.
/// They must merge into the counted school that stays, or close; with
/// `merge_into_self_financing = true` the old behaviour is allowed.
#[test]
fn the_optimiser_does_not_meet_the_cap_by_merging_into_a_self_financing_school() {
    let mut ds = network();
    for f in &mut ds.facilities {
        f.kind = FacilityKind::Intermediate;
    }
    let mut college = facility("F3", 19.051, 105.0);
    college.kind = FacilityKind::College;
    college.self_financing = true;
    college.area_id = "A1".into();
    college.capacity = 400.0;
    ds.facilities.push(college);
    ds.programs.push(program("F3", "crop", Level::Short, 400.0));
    ds.enrolment.push(enrolment(2025, "F3", "crop", 60.0, 55.0));
    let text = |allow: bool| {
        format!(
            "name = \"o\"\n[optimise]\nmodel = \"cflp\"\nmax_public_schools = 1\nkeep = [\"F0\"]\n\
             merge_into_self_financing = {allow}\nsolver = \"exact\"\n"
        )
    };
    let s = Scenario::from_toml("s.toml", &text(false), &ds).unwrap();
    let plan = run(&ds, &s).unwrap().optimised.unwrap();
    assert_eq!(plan.open.iter().filter(|id| ["F0", "F1", "F2"].contains(&id.as_str())).count(), 1, "{plan:?}");
    assert!(plan.merges.iter().all(|(_, into)| into == "F0"), "{plan:?}");
    assert_eq!(plan.merges.len() + plan.closures.len(), 2, "{plan:?}");
    let s = Scenario::from_toml("s.toml", &text(true), &ds).unwrap();
    let plan = run(&ds, &s).unwrap().optimised.unwrap();
    assert!(plan.merges.contains(&("F1".to_string(), "F3".to_string())), "{plan:?}");
}

#[test]
fn savings_to_the_horizon_count_from_each_actions_year() {
    // The same closure effective in 2026 saves 2026-2030 (years 1-5 after the base year
    // 2025), in 2028 only 2028-2030 (years 3-5); the one-off is paid in the action's year.
    // Undiscounted: net x 5 - one-off against net x 3 - one-off. At 6% a year, discounted to
    // 2025: sum of 1.06^-t for t = 1..5 = 4.212364 and one-off x 1.06^-1 = 0.943396; for
    // t = 3..5 = 2.378971 and one-off x 1.06^-3 = 0.839619.
    let ds = network();
    let at = |year: i32, rate: f64| {
        let text =
            format!("name = \"y\"\n[options]\ndiscount_rate = {rate}\n[[actions]]\nclose = \"F2\"\nyear = {year}\n");
        run(&ds, &load(&text).unwrap()).unwrap().effects
    };
    let (early, late) = (at(2026, 0.0), at(2028, 0.0));
    let net = early.net_savings_mvnd();
    assert!(net > 0.0 && (net - late.net_savings_mvnd()).abs() < 1e-9);
    assert!((early.net_savings_horizon_mvnd - (5.0 * net - early.one_off_cost_mvnd)).abs() < 1e-6);
    assert!((late.net_savings_horizon_mvnd - (3.0 * net - late.one_off_cost_mvnd)).abs() < 1e-6);
    assert!(
        (early.budget_savings_horizon_mvnd - (5.0 * early.budget_savings_mvnd - early.budget_one_off_cost_mvnd)).abs()
            < 1e-6
    );
    let (early, late) = (at(2026, 0.06), at(2028, 0.06));
    let expected_early = 4.212364 * net - 0.943396 * early.one_off_cost_mvnd;
    let expected_late = 2.378971 * net - 0.839619 * late.one_off_cost_mvnd;
    assert!((early.net_savings_horizon_mvnd - expected_early).abs() < 1e-2, "{}", early.net_savings_horizon_mvnd);
    assert!((late.net_savings_horizon_mvnd - expected_late).abs() < 1e-2, "{}", late.net_savings_horizon_mvnd);
}

#[test]
fn uncertainty_gives_an_ordered_band() {
    let ds = network();
    let s = load("name = \"u\"\n[uncertainty]\ndraws = 50\ngrowth = [0.0, 0.1]\n").unwrap();
    let band = run(&ds, &s).unwrap().uncertainty.unwrap();
    assert_eq!(band.draws, 50);
    let o = band.openings_horizon;
    assert!(o.low <= o.median && o.median <= o.high && o.low < o.high);
    for b in [band.unmet_openings, band.unplaced_entrants] {
        assert!(b.low <= b.median && b.median <= b.high, "{b:?}");
    }
}

#[test]
fn the_uncertainty_band_is_unmet_openings_and_unplaced_entrants_at_the_horizon() {
    // F0 teaches 90 short-course crop graduates a year: 0.45 x 90 = 40.5 entrants (1 - 0.40
    // already employed - 0.15 leaving). 100 crop openings with a short-course level grow
    // at exactly 10% a year for 5 years: 100 x 1.1^5 = 161.051 at the horizon, so every
    // draw gives U = 161.051 - 40.5 = 120.551 and X = 0.
    let mut ds = network();
    ds.enrolment.truncate(1);
    ds.enrolment[0].occupation = "crop".into();
    ds.enrolment[0].level = Level::Short;
    ds.enrolment[0].graduates = Some(90.0);
    ds.demand =
        vec![Demand { level: Some(Level::Short), ..crate::testkit::demand(2025, &ds.areas[0].area_id, "crop", 100.0) }];
    let s = load("name = \"u\"\nhorizon = 2030\n[uncertainty]\ndraws = 5\ngrowth = [0.1, 0.1]\n").unwrap();
    let band = run(&ds, &s).unwrap().uncertainty.unwrap();
    let u = band.unmet_openings;
    assert!((u.low - 120.551).abs() < 1e-3 && (u.high - 120.551).abs() < 1e-3, "{u:?}");
    assert_eq!(band.unplaced_entrants.high, 0.0);
}

proptest! {
    #![proptest_config(crate::testkit::proptest_config(32))]

    #[test]
    fn a_merge_never_creates_places(from in 0usize..3, into in 0usize..3, intake in 0.0f64..200.0) {
        prop_assume!(from != into);
        let mut ds = network();
        ds.enrolment[from].intake = intake.round();
        ds.enrolment[from].graduates = Some((intake * 0.9).round());
        let text = format!("name = \"p\"\n[[actions]]\nmerge = \"F{from}\"\ninto = \"F{into}\"\n");
        let s = Scenario::from_toml("p.toml", &text, &ds).unwrap();
        let result = run(&ds, &s).unwrap();
        let before: f64 = ds.facilities.iter().map(|f| f.capacity).sum();
        let after: f64 = result.dataset.facilities.iter().map(|f| f.capacity).sum();
        prop_assert!((after - before).abs() < 1e-6, "{before} -> {after}");
        prop_assert!(result.effects.learners_lost >= 0.0 && result.effects.learners_lost <= result.effects.learners_displaced + 1e-9);
    }
}

#[test]
fn demand_growth_is_applied_once() {
    // 40 welding openings in each of 3 communes = 120 in 2025; 10% a year to 2027:
    // 120 x 1.1^2 = 145.2 (growing twice would give 120 x 1.1^4 = 175.69).
    let s = load("name = \"g\"\nhorizon = 2027\n[demand]\ngrowth = 0.1\n").unwrap();
    let result = run(&network(), &s).unwrap();
    let weld = result.scores.by_occupation.iter().find(|o| o.code == "weld").unwrap();
    assert!((weld.demand - 120.0).abs() < 1e-9, "base-year demand stays as given: {}", weld.demand);
    assert!((weld.demand_horizon - 145.2).abs() < 1e-9, "{}", weld.demand_horizon);
    // The result's dataset keeps base-year openings; the projection grows them once a year.
    let openings: f64 = result.dataset.demand.iter().map(|d| d.openings).sum();
    assert!((openings - 120.0).abs() < 1e-9);
    assert!((result.projection.openings[2] - 145.2).abs() < 1e-9);
}

#[test]
fn settings_out_of_range_are_located_by_key() {
    let cases = [
        (
            "[decay]\nkind = \"exponential\"\nhalf_life_min = 0\n",
            "s.toml:4:half_life_min: must be greater than 0, found 0",
        ),
        (
            "[decay]\nkind = \"exponential\"\nhalf_life_min = nan\n",
            "s.toml:4:half_life_min: must be a finite number, found NaN",
        ),
        (
            "[targets]\ntrained = 75\n",
            "s.toml:3:trained: 75 is not a share between 0 and 1 (if you meant 75%, write 0.75)",
        ),
        ("[targets]\nyear = 2090\n", "s.toml:3:year: must be between the base year 2025 and 2055, found 2090"),
        (
            "[access]\nspeed_kmh = { plain = 40, mountain = 0 }\n",
            "s.toml:3:mountain: must be between 1 and 120 (km/h), found 0",
        ),
        ("[access]\nradius_km = 0\n", "s.toml:3:radius_km: must be between 0.1 and 300 (km), found 0"),
        (
            "[access]\ncircuity = 0.9\n",
            "s.toml:3:circuity: must be between 1 and 3 (road km per straight-line km), found 0.9",
        ),
        (
            "[demand]\ngrowth = 3\n",
            "s.toml:3:growth: a yearly growth rate must be between -0.5 and 0.5, found 3 (if you meant 3% a year, write 0.03)",
        ),
        (
            "[demand]\ngrowth_by_sector = { industry = -0.8 }\n",
            "s.toml:3:industry: a yearly growth rate must be between -0.5 and 0.5, found -0.8",
        ),
        (
            "[scoring.projection]\nexit_rate = 1\n",
            "s.toml:3:exit_rate: must be between 0 and 0.99 (share of the stock leaving each year, below 1), found 1",
        ),
        (
            "[scoring.projection]\nexit_rate = 0.05\n",
            "s.toml:2:exit_rate_range: [0.02, 0.033] must contain exit_rate 0.05: set both",
        ),
        (
            "[scoring.projection]\nretention_range = [0.9, 0.8]\n",
            "s.toml:3:retention_range: [low, high] must have low <= high, found [0.9, 0.8]",
        ),
        (
            "[scoring.projection]\nretention = 0.6\n",
            "s.toml:2:retention_range: [0.75, 0.95] must contain retention 0.6: set both",
        ),
        (
            "[scoring]\nmix_weight = 1.5\n",
            "s.toml:3:mix_weight: 1.5 is not a share between 0 and 1 (if you meant 1.5%, write 0.015)",
        ),
        ("[options]\nk_nearest = 0\n", "s.toml:3:k_nearest: must be at least 1, found 0"),
        ("[options]\npublic_school_cap = 0\n", "s.toml:3:public_school_cap: must be at least 1, found 0"),
        (
            "[options]\nsatellite_saving_share = 30\n",
            "s.toml:3:satellite_saving_share: 30 is not a share between 0 and 1 (if you meant 30%, write 0.3)",
        ),
        (
            "[options]\nweights = { savings = 0, learners_lost = 0, under_use = 0, rural_access = 0, alignment = 0 }\n",
            "s.toml:3:weights: at least one ranking weight must be above 0",
        ),
        ("[options.weights]\nsavings = -1\n", "s.toml:3:savings: must be at least 0, found -1"),
        ("[access]\nferry_speed_kmh = 0\n", "s.toml:3:ferry_speed_kmh: must be between 3 and 80 (km/h), found 0"),
        (
            "[access]\nferry_boarding_min = -5\n",
            "s.toml:3:ferry_boarding_min: must be between 0 and 480 (minutes), found -5",
        ),
        (
            "[options]\ncap_max_merge_min = 0\n",
            "s.toml:3:cap_max_merge_min: must be between 5 and 600 (minutes), found 0",
        ),
        (
            "[options]\ntravel_rise_threshold_min = 500\n",
            "s.toml:3:travel_rise_threshold_min: must be between 1 and 240 (minutes), found 500",
        ),
        (
            "[options]\ncap_fit_weight = 2\n",
            "s.toml:3:cap_fit_weight: must be between 0 and 1 (learners lost per learner moved), found 2",
        ),
        (
            "[options]\nprotected = [\"F1\", \"F9\"]\n",
            "s.toml:3:protected: unknown facility 'F9' (not in facilities.csv)",
        ),
        (
            "[options.costs]\ncourse_years = { college = 2.5, short = 0 }\n",
            "s.toml:3:short: must be between 0.01 and 5 (years), found 0",
        ),
        (
            "[options]\ndiscount_rate = 6\n",
            "s.toml:3:discount_rate: must be between 0 and 0.2 (real rate per year), found 6",
        ),
        (
            "[options]\nsatellite_saving_share_range = [0.4, 0.6]\n",
            "s.toml:3:satellite_saving_share_range: the range [0.4, 0.6] must contain satellite_saving_share 0.3: set both",
        ),
        (
            "[options.costs]\nseverance_mvnd_per_staff_range = [400, 200]\n",
            "s.toml:3:severance_mvnd_per_staff_range: [low, high] must have low <= high, found [400, 200]",
        ),
        (
            "[options.costs]\nstaff_leaving_merge_range = [0.1, 30]\n",
            "s.toml:3:staff_leaving_merge_range: 30 is not a share between 0 and 1 (if you meant 30%, write 0.3)",
        ),
        (
            "[options.costs]\nsalary_mvnd_per_staff_year = -1\n",
            "s.toml:3:salary_mvnd_per_staff_year: must be between 0 and 5000 (million VND per person and year), found -1",
        ),
        (
            "[uncertainty]\ndraws = 10\ngrowth = [0.1, 0.0]\n",
            "s.toml:4:growth: [low, high] must have low <= high, found [0.1, 0]",
        ),
        ("[uncertainty]\ndraws = 0\n", "s.toml:3:draws: must be between 1 and 10000, found 0"),
        (
            "[decay]\nkind = \"power\"\nexponent = 0\nscale_min = 30\n",
            "s.toml:4:exponent: must be greater than 0, found 0",
        ),
        (
            "[decay]\nkind = \"linear\"\nhalf_life_min = 45\n",
            "s.toml:2:decay: unknown field 'half_life_min' for kind = 'linear', expected 'max_min'",
        ),
        (
            "[decay]\nkind = \"power\"\nexponent = 2\n",
            "s.toml:2:decay: missing field 'scale_min' for kind = 'power' (it needs 'exponent' and 'scale_min')",
        ),
        ("[optimise]\ntime_limit_s = 0\n", "s.toml:3:time_limit_s: must be between 0.1 and 86400 (seconds), found 0"),
        ("[optimise]\np = 0\n", "s.toml:3:p: must be at least 1, found 0"),
        ("[optimise]\nmax_public_schools = 0\n", "s.toml:3:max_public_schools: must be at least 1, found 0"),
        ("[optimise]\nradius_km = 500\n", "s.toml:3:radius_km: must be between 0.1 and 300 (km), found 500"),
        (
            "[optimise]\ntravel_cost_mvnd_per_minute = 11\n",
            "s.toml:3:travel_cost_mvnd_per_minute: must be between 0 and 10 (million VND per minute a year), found 11",
        ),
        ("[roads]\nferry_kmh = 0\n", "s.toml:3:ferry_kmh: must be greater than 0 and at most 60 (km/h), found 0"),
        (
            "[roads.speed_kmh]\nprimary = 140\n",
            "s.toml:3:primary: must be greater than 0 and at most 130 (km/h), found 140",
        ),
        (
            "[roads]\nspeed_kmh = { motorway = 80 }\n",
            "s.toml:3:motorway: unknown road class 'motorway' (OpenStreetMap highway=...); the known classes are \
             trunk, primary, secondary, tertiary, unclassified, road, residential, living_street, service, track, busway",
        ),
        ("[scoring]\nshortage_below = 0\n", "s.toml:3:shortage_below: must be greater than 0, found 0"),
        (
            "[scoring]\nshortage_below = 1.5\n",
            "s.toml:3:shortage_below: the shortage threshold 1.5 is above the surplus threshold 1.2",
        ),
    ];
    for (settings, expected) in cases {
        let text = format!("name = \"x\"\n{settings}");
        assert_eq!(load(&text).unwrap_err(), [expected], "{text}");
    }
}

#[test]
fn settings_at_their_bounds_are_accepted() {
    let text = "name = \"x\"\n[access]\ncircuity = 1\n[targets]\ntrained = 1\ncertified = 0\n\
                [demand]\ngrowth = -0.5\n[scoring.projection]\nexit_rate = 0.02\nretention = 1\n\
                exit_rate_range = [0.02, 0.02]\nretention_range = [0.5, 1]\n[options]\nk_nearest = 1\n";
    assert!(load(text).is_ok(), "{:?}", load(text).err());
}

#[test]
fn attendance_and_cost_settings_are_range_checked_with_their_line() {
    let text = "name = \"x\"\n[attendance]\nhalf_life_formal_min = 0\nhalf_life_short_range_min = [50, 40]\n\
                half_life_formal_range_min = [70, 90]\nhalf_life_short_min = 30\n";
    let errors = load(text).unwrap_err();
    for expected in [
        "s.toml:3:half_life_formal_min: must be between 1 and 1440 (minutes), found 0",
        "s.toml:4:half_life_short_range_min: [low, high] must have low <= high, found [50, 40]",
    ] {
        assert!(errors.iter().any(|e| e == expected), "missing {expected} in {errors:?}");
    }
    // The invalid half-life is reported once, not again against its range.
    assert_eq!(errors.len(), 2, "{errors:?}");
    // A cost share is checked when the file is read (its type): that mistake alone is reported.
    let errors = load(&format!("{text}[options.costs]\nstaff_leaving_close = 1.5\n")).unwrap_err();
    assert_eq!(
        errors,
        ["s.toml:8:staff_leaving_close: 1.5 is not a share between 0 and 1 (if you meant 1.5%, write 0.015)"]
    );
    let errors = load("name = \"x\"\n[attendance]\nhalf_life_formal_min = 30\n").unwrap_err();
    assert_eq!(errors, ["s.toml:2:half_life_formal_range_min: the range [40, 90] must contain the half-life 30"]);
}

#[test]
fn a_second_merge_into_the_same_receiver_is_not_charged_for_the_first_ones_staff() {
    // Three centres on one spot (nobody's trip changes), each: annual 1000, fixed 600, 60
    // short-course learners, 10 staff paid 25 M VND a year when kept. Running cost beyond
    // the fixed cost: 400 / (60 x 0.125 learner-years) = 53.3 per learner-year everywhere.
    // Merging F1 into F0 saves 600 - 10 x 0.8 x 25 = 400; the 200 not saved (the pay of the
    // staff who move) stays fixed at F0, so F0 still costs 53.3 per learner-year beyond its
    // fixed cost and F2's merge adds no running cost. (Counted as running cost, it raised
    // F0's to 1000 / 15 = 66.7 and charged F2's 60 learners 60 x 0.125 x 13.3 = 100.)
    let mut ds = network();
    for f in &mut ds.facilities {
        f.lat = 19.0;
        f.fixed_cost_mvnd = Some(600.0);
    }
    let text = "name = \"m\"\n[options.costs]\nsalary_mvnd_per_staff_year = 25\nsalary_mvnd_per_staff_year_range = [20, 30]\n\
                [[actions]]\nmerge = \"F1\"\ninto = \"F0\"\nyear = 2026\n\
                [[actions]]\nmerge = \"F2\"\ninto = \"F0\"\nyear = 2027\n";
    let scenario = Scenario::from_toml("s.toml", text, &ds).unwrap();
    let result = run(&ds, &scenario).unwrap();
    assert!(result.effects.learners_lost.abs() < 1e-9, "{}", result.effects.learners_lost);
    assert!((result.effects.gross_savings_mvnd - 800.0).abs() < 1e-9, "{}", result.effects.gross_savings_mvnd);
    assert!(result.effects.added_cost_mvnd.abs() < 1e-9, "{}", result.effects.added_cost_mvnd);
}

/// Values outside their list are errors at their line, listing the allowed ones (checked when
/// the file is parsed: an unknown model no longer falls through to CFLP).
#[test]
fn unknown_values_list_the_allowed_ones() {
    let cases = [
        (
            "name = \"x\"\n[optimise]\nmodel = \"pcenter\"\n",
            "s.toml:3:model: unknown variant 'pcenter', expected one of 'cflp', 'pmedian', 'mclp', 'lscp'",
        ),
        (
            "name = \"x\"\n[[actions]]\nyear = 2027\n",
            "s.toml:2:actions: an action needs one of: merge, close, convert, open, add_program, remove_program, set_places",
        ),
        (
            "name = \"x\"\n[[actions]]\nshut = \"F1\"\n",
            "s.toml:3:shut: unknown field 'shut', expected one of 'merge', 'close', 'convert', 'into', 'open', 'name', \
             'kind', 'ownership', 'lat', 'lon', 'area_id', 'annual_cost', 'fixed_cost', 'teachers', 'programs', \
             'add_program', 'remove_program', 'set_places', 'year', 'note'",
        ),
        (
            "name = \"x\"\n[[actions]]\nopen = \"N1\"\nlat = 19.0\nlon = 105.0\nkind = \"school\"\n\
             programs = [{ occupation = \"weld\", level = \"short\", places = 30 }]\n",
            "s.toml:2:kind: 'school' is not one of: college, intermediate, centre, vocational_secondary, other",
        ),
        (
            "name = \"x\"\n[[actions]]\nopen = \"N1\"\nlat = 19.0\nlon = 105.0\nownership = \"state\"\n\
             programs = [{ occupation = \"weld\", level = \"short\", places = 30 }]\n",
            "s.toml:2:ownership: 'state' is not one of: public, private, foreign",
        ),
        (
            "name = \"x\"\n[[actions]]\nremove_program = { facility = \"F1\", occupation = \"crop\", level = \"phd\" }\n",
            "s.toml:2:remove_program: 'phd' is not one of: college, intermediate, elementary, short",
        ),
    ];
    for (text, expected) in cases {
        let errors = load(text).unwrap_err();
        assert_eq!(errors, [expected], "{text}");
    }
}

#[test]
fn every_model_runs_its_own_optimisation() {
    for (model, expected) in [("cflp", "cflp"), ("pmedian", "pmedian"), ("mclp", "mclp"), ("lscp", "lscp")] {
        let s = load(&format!("name = \"o\"\n[optimise]\nmodel = \"{model}\"\np = 2\nsolver = \"exact\"\n")).unwrap();
        let result = run(&network(), &s).unwrap();
        let plan = result.optimised.as_ref().expect("an optimised scenario has a plan");
        assert_eq!(plan.model.code(), expected, "{model}");
    }
}

/// A scenario's savings range: each combination of the cost guesses applied to every
/// consolidation at once, plus what the other actions save (the same in every combination).
/// Closing F2 (fixed cost 600, 10 staff; its learners go to F1's crop course 6 km away, no
/// support or added cost), undiscounted over 2026-2030: 5 x (600 - 10 x (1 - leaving) x
/// salary) - 10 x leaving x severance. Central (50%, 25, 300): 3000 - 625 - 1500 = 875.
/// Lowest (salary 30, severance 400): 70% leave -250 (50%: 250; 30%: 750). Highest (salary
/// 20, severance 200): 30% leave 1700 (50%: 1500; 70%: 1300). Adding 100 welding places at
/// F0 costs its 5 per place, 500 a year, 2,500 to 2030 in every combination: the scenario
/// saves -1,625 (-2,750 to -800).
#[test]
fn a_scenarios_savings_range_combines_its_actions_under_the_same_guesses() {
    let mut ds = network();
    ds.facilities[2].fixed_cost_mvnd = Some(600.0);
    ds.facilities[2].teachers = Some(10.0);
    let text = "name = \"r\"\n[options]\ndiscount_rate = 0\n[options.costs]\n\
                salary_mvnd_per_staff_year = 25\nsalary_mvnd_per_staff_year_range = [20, 30]\n\
                severance_mvnd_per_staff = 300\nseverance_mvnd_per_staff_range = [200, 400]\n\
                staff_leaving_close = 0.5\nstaff_leaving_close_range = [0.3, 0.7]\n\
                [[actions]]\nclose = \"F2\"\nyear = 2026\n\
                [[actions]]\nadd_program = { facility = \"F0\", occupation = \"weld\", level = \"short\", places = 100 }\nyear = 2026\n";
    let scenario = Scenario::from_toml("s.toml", text, &ds).unwrap();
    let e = run(&ds, &scenario).unwrap().effects;
    let near = |a: f64, b: f64| (a - b).abs() < 1e-6;
    assert!(near(e.net_savings_horizon_mvnd, -1625.0), "{}", e.net_savings_horizon_mvnd);
    assert!(near(e.net_savings_horizon_low_mvnd, -2750.0), "{}", e.net_savings_horizon_low_mvnd);
    assert!(near(e.net_savings_horizon_high_mvnd, -800.0), "{}", e.net_savings_horizon_high_mvnd);
    // Without the consolidation there is nothing uncertain: no range.
    let text = "name = \"p\"\n[options]\ndiscount_rate = 0\n[[actions]]\n\
                add_program = { facility = \"F0\", occupation = \"weld\", level = \"short\", places = 100 }\nyear = 2026\n";
    let e = run(&ds, &Scenario::from_toml("s.toml", text, &ds).unwrap()).unwrap().effects;
    assert!(near(e.net_savings_horizon_mvnd, -2500.0) && near(e.net_savings_horizon_low_mvnd, -2500.0));
    assert!(near(e.net_savings_horizon_high_mvnd, -2500.0), "{e:?}");
}

/// The facility `id` of the network after a scenario's actions.
fn facility_after<'a>(result: &'a ScenarioResult, id: &str) -> &'a Facility {
    result.dataset.facilities.iter().find(|f| f.facility_id == id).unwrap_or_else(|| panic!("no facility {id}"))
}

/// The base-year (2025) enrolment row of `facility` / `occupation` after the actions.
fn row_after<'a>(result: &'a ScenarioResult, facility: &str, occupation: &str) -> &'a Enrolment {
    result
        .dataset
        .enrolment
        .iter()
        .find(|e| e.year == 2025 && e.facility_id == facility && e.occupation == occupation)
        .unwrap_or_else(|| panic!("no row {facility} / {occupation}"))
}

#[test]
fn an_added_programme_fills_like_its_facility_and_costs_its_average_place() {
    // Nobody teaches welding, so the new course fills like F2: 60 learners / 200 places =
    // 0.3; 100 places x 0.3 = 30 new learners. F2 costs 1000 / 200 = 5 M VND a place:
    // 100 places cost 500 a year. Short course: 95% complete (28.5), no certificate; no
    // welding graduates elsewhere, so 80% employed (22.8); 45 of F2's 60 learners are
    // rural (0.75): 22.5 of the 30.
    let s = load("name = \"a\"\n[[actions]]\nadd_program = { facility = \"F2\", occupation = \"weld\", level = \"short\", places = 100 }\n")
        .unwrap();
    let mut ds = network();
    ds.enrolment[2].rural = Some(45.0);
    let result = run(&ds, &s).unwrap();
    let e = &result.effects;
    assert_eq!((e.new_learners, e.added_cost_mvnd, e.learners_lost), (30.0, 500.0, 0.0));
    assert_eq!(e.net_savings_mvnd(), -500.0);
    let f2 = facility_after(&result, "F2");
    assert_eq!((f2.capacity, f2.annual_cost_mvnd), (300.0, 1500.0));
    let weld = row_after(&result, "F2", "weld");
    assert_eq!(weld.intake, 30.0);
    assert!((weld.graduates.unwrap() - 28.5).abs() < 1e-9);
    assert_eq!(weld.certified, Some(0.0));
    assert!((weld.employed_6m.unwrap() - 22.8).abs() < 1e-9);
    assert!((weld.rural.unwrap() - 22.5).abs() < 1e-9);
    let places: f64 = result.dataset.programs.iter().filter(|p| p.occupation == "weld").map(|p| p.places).sum();
    assert_eq!(places, 100.0);
}

#[test]
fn more_places_for_a_programme_fill_at_the_facilitys_utilisation() {
    // F2's crop course 200 -> 300 places: factor 1.5; the 100 new places fill at F2's 0.3:
    // intake 60 + 100 x 0.3 = 90 (30 new learners); graduates scale by 90 / 60: 55 -> 82.5.
    // 100 places at 1000 / 200 = 5 M VND each: 500 a year more.
    let s = load(
        "name = \"p\"\n[[actions]]\nset_places = { facility = \"F2\", occupation = \"crop\", level = \"short\", places = 300 }\n",
    )
    .unwrap();
    let result = run(&network(), &s).unwrap();
    let e = &result.effects;
    assert_eq!((e.new_learners, e.added_cost_mvnd, e.learners_lost, e.gross_savings_mvnd), (30.0, 500.0, 0.0, 0.0));
    let crop = row_after(&result, "F2", "crop");
    assert!((crop.intake - 90.0).abs() < 1e-9, "{}", crop.intake);
    assert!((crop.graduates.unwrap() - 82.5).abs() < 1e-9);
    let f2 = facility_after(&result, "F2");
    assert_eq!((f2.capacity, f2.annual_cost_mvnd), (300.0, 1500.0));
    assert_eq!(result.comparison.places, 700.0);
}

#[test]
fn fewer_places_for_a_facility_lose_the_learners_beyond_them_and_save_their_cost() {
    // F2 as a whole 200 -> 50 places (factor 0.25): its crop course keeps 50 places, so 50
    // of its 60 learners (10 displaced and lost); 150 places at 5 M VND each save 750 a year.
    let s = load("name = \"p\"\n[[actions]]\nset_places = { facility = \"F2\", places = 50 }\n").unwrap();
    let result = run(&network(), &s).unwrap();
    let e = &result.effects;
    assert_eq!((e.learners_displaced, e.learners_lost, e.new_learners), (10.0, 10.0, 0.0));
    assert_eq!((e.gross_savings_mvnd, e.added_cost_mvnd), (750.0, 0.0));
    assert_eq!((e.learners_lost_low, e.learners_lost_high, e.budget_savings_mvnd), (10.0, 10.0, 750.0));
    assert_eq!(row_after(&result, "F2", "crop").intake, 50.0);
    let f2 = facility_after(&result, "F2");
    assert_eq!((f2.capacity, f2.annual_cost_mvnd), (50.0, 250.0));
    assert_eq!(result.comparison.places, 450.0);
}

#[test]
fn removing_a_programme_loses_its_learners_and_places() {
    // F2's only course (crop, 200 places, 60 learners): all 60 lost, F2 keeps no places.
    let s = load(
        "name = \"r\"\n[[actions]]\nremove_program = { facility = \"F2\", occupation = \"crop\", level = \"short\" }\n",
    )
    .unwrap();
    let result = run(&network(), &s).unwrap();
    let e = &result.effects;
    assert_eq!((e.learners_displaced, e.learners_lost, e.new_learners, e.gross_savings_mvnd), (60.0, 60.0, 0.0, 0.0));
    assert_eq!(facility_after(&result, "F2").capacity, 0.0);
    assert!(!result.dataset.programs.iter().any(|p| p.facility_id == "F2"));
    assert!(!result.dataset.enrolment.iter().any(|e| e.facility_id == "F2"));
    assert_eq!(result.comparison.places, 400.0);
}

#[test]
fn a_new_facility_fills_like_the_provinces_centres_and_costs_what_it_is_given() {
    // The three centres of province P fill 60 / 200 = 0.3 each (median 0.3): 100 crop
    // places take round(100 x 0.3) = 30 new learners; the facility costs its 800 a year.
    // Crop graduates elsewhere report no employment: unknown, not zero, so the default 80%
    // (28.5 graduates x 0.8 = 22.8; before, the 165 graduates without counts made it 0).
    let s = load(
        "name = \"o\"\n[[actions]]\nopen = \"N1\"\nlat = 19.0\nlon = 105.02\nannual_cost = 800\n\
         programs = [ { occupation = \"crop\", level = \"short\", places = 100 } ]\n",
    )
    .unwrap();
    let result = run(&network(), &s).unwrap();
    let e = &result.effects;
    assert_eq!((e.new_learners, e.added_cost_mvnd, e.learners_lost), (30.0, 800.0, 0.0));
    let n1 = facility_after(&result, "N1");
    assert_eq!((n1.capacity, n1.annual_cost_mvnd, n1.area_id.as_str()), (100.0, 800.0, "A0"));
    let crop = row_after(&result, "N1", "crop");
    assert_eq!(crop.intake, 30.0);
    assert!((crop.employed_6m.unwrap() - 22.8).abs() < 1e-9, "{:?}", crop.employed_6m);
    assert!((crop.rural.unwrap() - 21.0).abs() < 1e-9);
    assert_eq!(result.comparison.places, 700.0);
}

#[test]
fn a_new_programmes_rates_come_from_the_rows_that_report_them() {
    // F2 teaches crop: a short course (60 learners, 45 rural) and an elementary one (60
    // learners) that reports no rural count. Welding is taught at F0 (50 graduates, 40
    // employed) and at F1 (50 graduates, no employment count). A new short welding course
    // at F2: rural share 45 / 60 = 0.75 over the rows that report it (before: 45 / 120 =
    // 0.375); employment 40 / 50 = 0.8 over the rows that report it (before: 40 / 100 = 0.4).
    let mut ds = network();
    ds.enrolment[2].rural = Some(45.0);
    ds.enrolment.push(Enrolment { level: Level::Elementary, ..enrolment(2025, "F2", "crop", 60.0, 55.0) });
    ds.enrolment.push(Enrolment { employed_6m: Some(40.0), ..enrolment(2025, "F0", "weld", 60.0, 50.0) });
    ds.enrolment.push(enrolment(2025, "F1", "weld", 60.0, 50.0));
    let s = load("name = \"a\"\n[[actions]]\nadd_program = { facility = \"F2\", occupation = \"weld\", level = \"short\", places = 100 }\n")
        .unwrap();
    let weld = row_after(&run(&ds, &s).unwrap(), "F2", "weld").clone();
    assert!((weld.rural.unwrap() / weld.intake - 0.75).abs() < 1e-9, "{weld:?}");
    assert!((weld.employed_6m.unwrap() / weld.graduates.unwrap() - 0.8).abs() < 1e-9, "{weld:?}");
}

/// The optimised network follows the cap package's receiver rules. Three public intermediate
/// schools on a line (F0 kept), at most one public school, so F1 and F2 must go. F1's commune
/// is 5.6 km (great circle) from F0, F2's 12.2 km: at 1.3 x circuity and 40 km/h about 11 and
/// 24 minutes. With a 15-minute merge limit F1 merges into F0 and F2 is closed (a merge
/// further away is a closure on paper); when F0 is an ethnic boarding school, protected by
/// default, neither may merge into it.
#[test]
fn the_optimiser_merges_only_within_the_time_limit_and_never_into_a_boarding_school() {
    let mut ds = network();
    for f in &mut ds.facilities {
        f.kind = FacilityKind::Intermediate;
    }
    let text = |limit: f64, protect: bool| {
        format!(
            "name = \"o\"\n[options]\ncap_max_merge_min = {limit}\nprotect_ethnic_boarding = {protect}\n\
             [optimise]\nmodel = \"cflp\"\nmax_public_schools = 1\nkeep = [\"F0\"]\nsolver = \"exact\"\n"
        )
    };
    let plan = |ds: &Dataset, limit: f64, protect: bool| {
        let s = Scenario::from_toml("s.toml", &text(limit, protect), ds).unwrap();
        run(ds, &s).unwrap().optimised.unwrap()
    };
    let p = plan(&ds, 15.0, true);
    assert_eq!(p.merges, [("F1".to_string(), "F0".to_string())], "{p:?}");
    assert_eq!(p.closures, ["F2"], "{p:?}");
    let p = plan(&ds, 60.0, true);
    assert_eq!(p.merges.len(), 2, "{p:?}");
    ds.facilities[0].name = "Trường Trung cấp Dân tộc Nội trú Con Luông".into();
    let p = plan(&ds, 60.0, true);
    assert!(p.merges.is_empty() && p.closures == ["F1", "F2"], "{p:?}");
    let p = plan(&ds, 60.0, false);
    assert_eq!(p.merges.len(), 2, "{p:?}");
}

/// `[attendance] outside_share_formal` / `outside_share_short` are shares, checked at their
/// line; a valid one reaches the model (default 0).
#[test]
fn outside_shares_are_range_checked_shares() {
    let cases = [
        (
            "name = \"x\"\n[attendance]\noutside_share_formal = 10\n",
            "s.toml:3:outside_share_formal: 10 is not a share between 0 and 1 (if you meant 10%, write 0.1)",
        ),
        (
            "name = \"x\"\n[attendance]\nfit = true\noutside_share_short = -0.1\n",
            "s.toml:4:outside_share_short: must be a share between 0 and 1, found -0.1",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(load(text).unwrap_err(), [expected], "{text}");
    }
    let s = load("name = \"x\"\n[attendance]\noutside_share_formal = 0.1\n").unwrap();
    assert_eq!((s.attendance.outside_share_formal.get(), s.attendance.outside_share_short.get()), (0.1, 0.0));
    let s = load("name = \"x\"\n").unwrap();
    assert_eq!((s.attendance.outside_share_formal.get(), s.attendance.outside_share_short.get()), (0.0, 0.0));
}

#[test]
fn a_programme_added_to_a_facility_without_places_has_no_cost_per_place_to_copy() {
    // F2 recorded with capacity 0 (its crop course still lists 200 places, 60 learners):
    // nobody teaches welding, so the new course fills at the default 0.6 (F2's own fill is
    // unknown without places): 100 x 0.6 = 60 new learners. Its cost per place is unknown,
    // so no cost is added (not 1000 / 0 = infinite); F2 gets the 100 places.
    let s = load("name = \"a\"\n[[actions]]\nadd_program = { facility = \"F2\", occupation = \"weld\", level = \"short\", places = 100 }\n")
        .unwrap();
    let mut ds = network();
    ds.facilities[2].capacity = 0.0;
    let result = run(&ds, &s).unwrap();
    let e = &result.effects;
    assert_eq!((e.new_learners, e.added_cost_mvnd), (60.0, 0.0), "{e:?}");
    let f2 = facility_after(&result, "F2");
    assert_eq!((f2.capacity, f2.annual_cost_mvnd), (100.0, 1000.0));
}
