//! Scenario actions, applied to a dataset. (They are checked against it first, in
//! `resolve`; applying them cannot fail.)
//!
//! Applying an action gives a new [`Dataset`] (the network after the action) and its
//! [`Effects`] (money saved, learners displaced and lost). Merges, closures and conversions
//! are evaluated with the consolidation model of the `options` stage, one after the other on
//! the network as it stands, so two merges into the same site share its free places. New
//! facilities and programmes fill at the utilisation of comparable facilities; their learners
//! are new (they are not taken from other facilities).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Serialize;

use crate::access::attendance::AttendanceModel;
use crate::access::{AccessSettings, TravelMatrix, travel_matrix};
use crate::model::*;
use crate::options::{self, Action as Move, OptionSettings};

/// A checked action.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ActionKind {
    Merge { facility: String, into: String },
    Close { facility: String },
    Convert { facility: String, into: String },
    Open { facility: Facility, programs: Vec<Program> },
    AddProgram { program: Program },
    RemoveProgram { facility: String, occupation: String, level: Level },
    SetPlaces { facility: String, programme: Option<(String, Level)>, places: f64 },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Action {
    pub(crate) kind: ActionKind,
    /// Year the action takes effect.
    pub(crate) year: i32,
    /// Line in the scenario file, for messages.
    pub(crate) line: usize,
}

impl Action {
    /// A one-line description for tables ("merge F013 into F016").
    pub(crate) fn describe(&self) -> String {
        match &self.kind {
            ActionKind::Merge { facility, into } => format!("merge {facility} into {into}"),
            ActionKind::Close { facility } => format!("close {facility}"),
            ActionKind::Convert { facility, into } => format!("convert {facility} into a satellite of {into}"),
            ActionKind::Open { facility, programs } => {
                format!("open {} ({} programmes, {} places)", facility.facility_id, programs.len(), facility.capacity)
            }
            ActionKind::AddProgram { program } => {
                format!(
                    "add {} / {} ({} places) at {}",
                    program.occupation, program.level, program.places, program.facility_id
                )
            }
            ActionKind::RemoveProgram { facility, occupation, level } => {
                format!("remove {occupation} / {level} at {facility}")
            }
            ActionKind::SetPlaces { facility, programme: Some((occ, level)), places } => {
                format!("set places of {occ} / {level} at {facility} to {places}")
            }
            ActionKind::SetPlaces { facility, programme: None, places } => {
                format!("set places of {facility} to {places}")
            }
        }
    }
}

/// What the actions did, summed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Effects {
    pub(crate) gross_savings_mvnd: f64,
    pub(crate) added_travel_support_mvnd: f64,
    pub(crate) added_cost_mvnd: f64,
    pub(crate) learners_displaced: f64,
    pub(crate) learners_lost: f64,
    pub(crate) new_learners: f64,
    /// Staff payments on re-organising, once (not in the yearly net savings).
    pub(crate) one_off_cost_mvnd: f64,
    /// What the state budget saves per year (a self-financing school's own costs are not
    /// the budget's), and the part of the one-off cost it pays.
    pub(crate) budget_savings_mvnd: f64,
    pub(crate) budget_one_off_cost_mvnd: f64,
    /// Learners lost under the attendance model's low-loss and high-loss variants.
    pub(crate) learners_lost_low: f64,
    pub(crate) learners_lost_high: f64,
    /// Net and budget savings from each action's effective year to the horizon (both
    /// included), less its one-off cost: an action of 2027 saves 4 years to 2030, not 5.
    pub(crate) net_savings_horizon_mvnd: f64,
    pub(crate) budget_savings_horizon_mvnd: f64,
    /// The lowest and highest net savings to the horizon over the low, central and high
    /// values of the uncertain cost guesses (the options' 81 combinations), each combination
    /// applied to every action at once (set by [`apply`]; a sum of the actions' own ranges
    /// would pair one action's low guess with another's high one).
    pub net_savings_horizon_low_mvnd: f64,
    pub net_savings_horizon_high_mvnd: f64,
    /// A consolidation's yearly net savings and one-off cost per combination of the guesses
    /// (empty for the other actions, whose savings do not depend on them); summed over the
    /// consolidations by [`apply`].
    #[serde(skip)]
    pub savings_grid: Vec<(f64, f64)>,
    /// Each action's facility with the learners it displaced and lost (who bears it:
    /// [`super::equity`]).
    #[serde(skip)]
    pub(crate) by_facility: Vec<(String, f64, f64)>,
}

impl Effects {
    fn add(&mut self, other: &Effects) {
        self.gross_savings_mvnd += other.gross_savings_mvnd;
        self.added_travel_support_mvnd += other.added_travel_support_mvnd;
        self.added_cost_mvnd += other.added_cost_mvnd;
        self.learners_displaced += other.learners_displaced;
        self.learners_lost += other.learners_lost;
        self.new_learners += other.new_learners;
        self.one_off_cost_mvnd += other.one_off_cost_mvnd;
        self.budget_savings_mvnd += other.budget_savings_mvnd;
        self.budget_one_off_cost_mvnd += other.budget_one_off_cost_mvnd;
        self.learners_lost_low += other.learners_lost_low;
        self.learners_lost_high += other.learners_lost_high;
        self.by_facility.extend(other.by_facility.iter().cloned());
        self.net_savings_horizon_mvnd += other.net_savings_horizon_mvnd;
        self.budget_savings_horizon_mvnd += other.budget_savings_horizon_mvnd;
        // The consolidations' grids, combination by combination (the roadmap's range).
        if self.savings_grid.is_empty() {
            self.savings_grid.clone_from(&other.savings_grid);
        } else if other.savings_grid.len() == self.savings_grid.len() {
            self.savings_grid.iter_mut().zip(&other.savings_grid).for_each(|(a, b)| *a = (a.0 + b.0, a.1 + b.1));
        }
    }

    /// Savings minus travel support and the cost of what was opened.
    pub(crate) fn net_savings_mvnd(&self) -> f64 {
        self.gross_savings_mvnd - self.added_travel_support_mvnd - self.added_cost_mvnd
    }
}

/// The settings applying actions needs.
pub(crate) struct ApplyContext<'a> {
    pub(crate) base_year: i32,
    pub(crate) horizon: i32,
    pub(crate) access: &'a AccessSettings,
    pub(crate) attendance: &'a AttendanceModel,
    pub(crate) options: &'a OptionSettings,
}

/// Applies actions in order (by effective year, then as written) to a copy of the dataset.
pub(crate) fn apply(ds: &Dataset, actions: &[&Action], ctx: &ApplyContext) -> (Dataset, Effects) {
    if actions.is_empty() {
        return (ds.clone(), Effects::default());
    }
    let matrix = travel_matrix(&ds.areas, &ds.facilities, &ds.travel, ctx.access);
    let (end, effects, _) = apply_with_matrix(ds, matrix, actions, ctx);
    (end, effects)
}

/// [`apply`] from the dataset's travel matrix, returning the end network's: a closure or a
/// merge only removes facilities, so the matrix after it is the same cells without the
/// removed columns; it is built anew only when a facility is added (an opening).
pub fn apply_with_matrix(
    ds: &Dataset,
    matrix: TravelMatrix,
    actions: &[&Action],
    ctx: &ApplyContext,
) -> (Dataset, Effects, TravelMatrix) {
    let mut current = ds.clone();
    let mut matrix = matrix;
    let mut effects = Effects::default();
    // Net savings to the horizon per combination of the guesses, summed over the
    // consolidations, and the savings of the other actions (the same in every combination).
    let mut grid: Vec<f64> = Vec::new();
    let mut fixed = 0.0;
    let mut ordered: Vec<&&Action> = actions.iter().collect();
    ordered.sort_by_key(|a| (a.year, a.line));
    for action in ordered {
        let mut e = match consolidation(&action.kind) {
            // A consolidation only removes facilities (or keeps one as a campus): the matrix
            // keeps the cells of those that remain, and the network is edited in place.
            Some((facility, how, into)) => {
                let before: Vec<String> = current.facilities.iter().map(|f| f.facility_id.clone()).collect();
                let e = consolidate(&mut current, facility, how, into, ctx, &matrix);
                matrix = matrix_without_removed(&before, matrix, &current);
                e
            }
            None => {
                let (next, e) = apply_other(&current, action, ctx);
                matrix = matrix_after(&current, matrix, &next, ctx);
                current = next;
                e
            }
        };
        if !matches!(action.kind, ActionKind::Merge { .. } | ActionKind::Close { .. } | ActionKind::Convert { .. }) {
            // Only consolidations have a model range and a budget view of their own: the
            // rest lose what they lose, and cost the budget what they cost.
            e.learners_lost_low = e.learners_lost;
            e.learners_lost_high = e.learners_lost;
            e.budget_savings_mvnd = e.net_savings_mvnd();
        }
        if e.learners_displaced != 0.0 || e.learners_lost != 0.0 {
            e.by_facility = vec![(ends(&action.kind).0, e.learners_displaced, e.learners_lost)];
        }
        // From the action's year to the horizon, discounted to the base year.
        let (first, last) = (action.year - ctx.base_year, ctx.horizon - ctx.base_year);
        let pv = |yearly: f64, one_off: f64| ctx.options.present_value(yearly, one_off, first, last);
        e.net_savings_horizon_mvnd = pv(e.net_savings_mvnd(), e.one_off_cost_mvnd);
        e.budget_savings_horizon_mvnd = pv(e.budget_savings_mvnd, e.budget_one_off_cost_mvnd);
        if e.savings_grid.is_empty() {
            fixed += e.net_savings_horizon_mvnd;
        } else {
            let values = e.savings_grid.iter().map(|&(yearly, one_off)| pv(yearly, one_off));
            if grid.is_empty() {
                grid = values.collect();
            } else {
                grid.iter_mut().zip(values).for_each(|(g, v)| *g += v);
            }
        }
        effects.add(&e);
    }
    let central = effects.net_savings_horizon_mvnd;
    effects.net_savings_horizon_low_mvnd = grid.iter().map(|g| g + fixed).fold(central, f64::min);
    effects.net_savings_horizon_high_mvnd = grid.iter().map(|g| g + fixed).fold(central, f64::max);
    (current, effects, matrix)
}

/// The travel matrix of `after`, from `before`'s: the cells of the facilities that remain
/// when the communes, the remaining facilities' places and the travel overrides are
/// unchanged (closures, merges, programme changes); otherwise built anew.
fn matrix_after(before: &Dataset, matrix: TravelMatrix, after: &Dataset, ctx: &ApplyContext) -> TravelMatrix {
    let index = before.facility_index();
    let keep: Option<Vec<usize>> = after
        .facilities
        .iter()
        .map(|f| {
            index.get(f.facility_id.as_str()).copied().filter(|&i| {
                let b = &before.facilities[i];
                b.lat == f.lat && b.lon == f.lon && b.area_id == f.area_id
            })
        })
        .collect();
    if let Some(keep) = keep {
        let kept: HashSet<&str> = after.facilities.iter().map(|f| f.facility_id.as_str()).collect();
        let same_travel =
            after.travel.iter().eq(before.travel.iter().filter(|t| kept.contains(t.facility_id.as_str())));
        if same_travel && after.areas == before.areas {
            return if keep.len() == before.facilities.len() && keep.iter().enumerate().all(|(i, &k)| i == k) {
                matrix
            } else {
                matrix.select_facilities(&keep)
            };
        }
    }
    travel_matrix(&after.areas, &after.facilities, &after.travel, ctx.access)
}

/// The facility, the move and the receiver of a merge, closure or conversion.
/// The facility an action is on, and its receiver.
pub(crate) fn ends(kind: &ActionKind) -> (String, Option<String>) {
    match kind {
        ActionKind::Merge { facility, into } | ActionKind::Convert { facility, into } => {
            (facility.clone(), Some(into.clone()))
        }
        ActionKind::Close { facility }
        | ActionKind::RemoveProgram { facility, .. }
        | ActionKind::SetPlaces { facility, .. } => (facility.clone(), None),
        ActionKind::Open { facility, .. } => (facility.facility_id.clone(), None),
        ActionKind::AddProgram { program } => (program.facility_id.clone(), None),
    }
}

fn consolidation(kind: &ActionKind) -> Option<(&str, Move, Option<&String>)> {
    match kind {
        ActionKind::Merge { facility, into } => Some((facility, Move::Merge, Some(into))),
        ActionKind::Close { facility } => Some((facility, Move::Close, None)),
        ActionKind::Convert { facility, into } => Some((facility, Move::Convert, Some(into))),
        _ => None,
    }
}

/// The travel matrix after a consolidation: the cells of the facilities that remain
/// (`before` lists the facility ids of the network the matrix was built for).
fn matrix_without_removed(before: &[String], matrix: TravelMatrix, after: &Dataset) -> TravelMatrix {
    let keep: Vec<usize> = after
        .facilities
        .iter()
        .map(|f| before.iter().position(|id| *id == f.facility_id).expect("a consolidation adds no facility"))
        .collect();
    if keep.len() == before.len() && keep.iter().enumerate().all(|(i, &k)| i == k) {
        matrix
    } else {
        matrix.select_facilities(&keep)
    }
}

/// Every action but the consolidations, on a copy of the network.
fn apply_other(ds: &Dataset, action: &Action, ctx: &ApplyContext) -> (Dataset, Effects) {
    match &action.kind {
        ActionKind::Merge { .. } | ActionKind::Close { .. } | ActionKind::Convert { .. } => {
            unreachable!("consolidations edit the network in place (apply_with_matrix)")
        }
        ActionKind::Open { facility, programs } => {
            let mut next = ds.clone();
            let fill = province_fill(ds, facility.kind, &facility.area_id, ctx.base_year);
            next.facilities.push(facility.clone());
            let mut effects = Effects { added_cost_mvnd: facility.annual_cost_mvnd, ..Default::default() };
            for p in programs {
                effects.new_learners += add_programme_rows(&mut next, p, fill, ctx.base_year);
            }
            next.programs.extend(programs.iter().cloned());
            (next, effects)
        }
        ActionKind::AddProgram { program } => {
            let mut next = ds.clone();
            let fill = occupation_fill(ds, &program.occupation, program.level, ctx.base_year)
                .unwrap_or_else(|| facility_fill(ds, &program.facility_id, ctx.base_year));
            let new_learners = add_programme_rows(&mut next, program, fill, ctx.base_year);
            let mut added_cost = 0.0;
            if let Some(f) = next.facilities.iter_mut().find(|f| f.facility_id == program.facility_id) {
                let per_place = if f.capacity > 0.0 { f.annual_cost_mvnd / f.capacity } else { 0.0 };
                added_cost = per_place * program.places;
                f.capacity += program.places;
                f.annual_cost_mvnd += added_cost;
            }
            add_places(&mut next.programs, &program.facility_id, &program.occupation, program.level, program.places);
            (next, Effects { added_cost_mvnd: added_cost, new_learners, ..Default::default() })
        }
        ActionKind::RemoveProgram { facility, occupation, level } => {
            let mut next = ds.clone();
            let same = |f: &str, o: &str, l: Level| f == facility && o == occupation && l == *level;
            let lost: f64 = next
                .enrolment
                .iter()
                .filter(|e| e.year == ctx.base_year && same(&e.facility_id, &e.occupation, e.level))
                .map(|e| e.intake)
                .sum();
            let places: f64 =
                next.programs.iter().filter(|p| same(&p.facility_id, &p.occupation, p.level)).map(|p| p.places).sum();
            next.programs.retain(|p| !same(&p.facility_id, &p.occupation, p.level));
            next.enrolment.retain(|e| !same(&e.facility_id, &e.occupation, e.level));
            if let Some(f) = next.facilities.iter_mut().find(|f| &f.facility_id == facility) {
                f.capacity = (f.capacity - places).max(0.0);
            }
            (next, Effects { learners_displaced: lost, learners_lost: lost, ..Default::default() })
        }
        ActionKind::SetPlaces { facility, programme, places } => {
            set_places(ds, facility, programme.as_ref(), *places, ctx)
        }
    }
}

/// Merge, close or convert, with the consolidation model of the options stage: learners
/// move programme by programme and keep their own occupation, level and completion rates.
/// Edits the network in place: the move is evaluated on it first, then its rows change.
fn consolidate(
    ds: &mut Dataset,
    facility: &str,
    action: Move,
    into: Option<&String>,
    ctx: &ApplyContext,
    matrix: &TravelMatrix,
) -> Effects {
    let (effects, plan) = consolidation_plan(ds, facility, action, into, ctx, matrix);
    let year = ctx.base_year;
    let is_row = |e: &Enrolment, occupation: &str, level: Level| {
        e.year == year && e.facility_id == facility && e.occupation == occupation && e.level == level
    };
    for (occupation, level) in &plan.changed {
        for e in ds.enrolment.iter_mut().filter(|e| is_row(e, occupation, *level)) {
            e.scale(1.0 - plan.moving_share);
        }
    }
    // The receivers' base-year rows by (facility, occupation, level), the first of each as
    // add_row finds it: moved learners join them without a scan of every row.
    let receivers: HashSet<&str> = plan.moved_rows.iter().map(|m| m.1.as_str()).collect();
    let mut row_of: HashMap<(String, String, Level), usize> = HashMap::default();
    for (i, e) in ds.enrolment.iter().enumerate() {
        if e.year == year && receivers.contains(e.facility_id.as_str()) {
            row_of.entry((e.facility_id.clone(), e.occupation.clone(), e.level)).or_insert(i);
        }
    }
    for (rows, receiver, level, factor) in &plan.moved_rows {
        for row in rows {
            let mut moved = row.clone();
            moved.scale(*factor);
            moved.facility_id.clone_from(receiver);
            moved.level = *level;
            // (The templates are base-year rows.)
            let key = (moved.facility_id.clone(), moved.occupation.clone(), moved.level);
            match row_of.get(&key) {
                Some(&i) => add_counts(&mut ds.enrolment[i], &moved),
                None => {
                    row_of.insert(key, ds.enrolment.len());
                    ds.enrolment.push(moved);
                }
            }
        }
    }
    match (action, &plan.target_id) {
        (Move::Merge | Move::Convert, Some(target_id)) => {
            // The programmes and their places move with the learners.
            let mut moved_places = 0.0;
            for ((occupation, level), places) in plan.changed.iter().zip(&plan.moving_places) {
                moved_places += places;
                add_places(&mut ds.programs, facility, occupation, *level, -places);
                add_places(&mut ds.programs, target_id, occupation, *level, *places);
            }
            let source = &plan.source;
            let gross = effects.gross_savings_mvnd;
            let remaining_cost = (source.annual_cost_mvnd - gross).max(0.0);
            // A facility recorded without places (capacity 0): its cost follows the learners
            // who move (the same share as its programmes' places, when it lists any).
            let moved_cost_share =
                if source.capacity > 0.0 { (moved_places / source.capacity).min(1.0) } else { plan.moving_share };
            // The part of the fixed cost not saved (the pay of the staff who move) stays fixed
            // at the receiver: counted as running cost per learner there, it would charge the
            // next learners moved in for the staff of the first merge.
            let unsaved_fixed = (source.fixed_cost_or_default() - gross).max(0.0);
            if let Some(g) = ds.facilities.iter_mut().find(|x| &x.facility_id == target_id) {
                g.capacity += moved_places;
                g.annual_cost_mvnd += remaining_cost * moved_cost_share;
                if let Some(fixed) = g.fixed_cost_mvnd.as_mut() {
                    *fixed += unsaved_fixed * moved_cost_share;
                }
            }
            let fx = ds.facilities.iter_mut().find(|x| x.facility_id == facility).expect("facility exists");
            // What stays is a branch campus of the receiver, no longer an institution of its
            // own (it does not count towards the cap on public schools).
            fx.name = format!("{} (phân hiệu của {target_id})", fx.name);
            if action == Move::Merge {
                fx.kind = FacilityKind::Other;
            }
            fx.capacity = (fx.capacity - moved_places).max(0.0);
            fx.annual_cost_mvnd = remaining_cost * (1.0 - moved_cost_share);
            fx.fixed_cost_mvnd = fx.fixed_cost_mvnd.map(|c| (c - gross).max(0.0));
            if action == Move::Merge && plan.moving_share >= 1.0 - 1e-9 {
                remove_facility(ds, facility);
            }
        }
        (Move::Merge | Move::Convert, None) => unreachable!("merge and convert have a target"),
        (Move::Close, _) => remove_facility(ds, facility),
    }
    effects
}

/// What a consolidation changes, read from the network before it: the programmes that move
/// (occupation, level) with the places that go with them, the base-year rows moved to each
/// receiver (rows, receiver, level, scale), the share of the learners that move, the
/// facility as it was and the receiver.
struct ConsolidationPlan {
    changed: Vec<(String, Level)>,
    moving_places: Vec<f64>,
    moved_rows: Vec<(Vec<Enrolment>, String, Level, f64)>,
    moving_share: f64,
    source: Facility,
    target_id: Option<String>,
}

fn consolidation_plan(
    ds: &Dataset,
    facility: &str,
    action: Move,
    into: Option<&String>,
    ctx: &ApplyContext,
    matrix: &TravelMatrix,
) -> (Effects, ConsolidationPlan) {
    let index = ds.facility_index();
    let f = *index.get(facility).expect("scenario checking refuses actions on facilities that are gone");
    let target = into.map(|t| *index.get(t.as_str()).expect("scenario checking refuses unknown receivers"));
    // Only this facility's programmes move: the attendance model is needed for them alone.
    let baseline =
        { options::Baseline::for_facility(ds, matrix, ctx.attendance, ctx.options, ctx.base_year, ctx.horizon, f) };
    let outcome = options::evaluate_move(&baseline, f, action, target);
    let effects = Effects {
        gross_savings_mvnd: outcome.gross,
        added_travel_support_mvnd: outcome.support,
        added_cost_mvnd: outcome.receiver_added_cost,
        learners_displaced: outcome.displaced,
        learners_lost: outcome.lost,
        one_off_cost_mvnd: outcome.one_off,
        budget_savings_mvnd: outcome.budget(ds),
        budget_one_off_cost_mvnd: outcome.budget_one_off(ds),
        learners_lost_low: outcome.lost_range[0].min(outcome.lost).min(outcome.lost_range[1]),
        learners_lost_high: outcome.lost_range[1].max(outcome.lost).max(outcome.lost_range[0]),
        savings_grid: outcome.net_grid(),
        ..Default::default()
    };
    let year = ctx.base_year;
    let moving_share = outcome.moving_share;
    let is_row = |e: &Enrolment, occupation: &str, level: Level| {
        e.year == year && e.facility_id == facility && e.occupation == occupation && e.level == level
    };
    // Each changed programme's base-year rows: the template moved learners are cut from.
    let mut templates: HashMap<usize, Vec<Enrolment>> = HashMap::default();
    let mut changed = Vec::with_capacity(outcome.changed.len());
    let mut moving_places = Vec::with_capacity(outcome.changed.len());
    for &q in &outcome.changed {
        let p = baseline.programme(q);
        let occupation = ds.occupations[p.occupation].code.as_str();
        templates.insert(q, ds.enrolment.iter().filter(|e| is_row(e, occupation, p.level)).cloned().collect());
        let places = ds
            .programs
            .iter()
            .filter(|x| x.facility_id == facility && x.occupation == occupation && x.level == p.level)
            .map(|x| x.places)
            .sum::<f64>()
            * moving_share;
        changed.push((occupation.to_string(), p.level));
        moving_places.push(places);
    }
    let mut moved_rows = Vec::new();
    for mv in &outcome.moves {
        let from = baseline.programme(mv.from);
        let (receiver, level) = match mv.to {
            options::Destination::Programme(j) => (baseline.programme(j).facility, baseline.programme(j).level),
            options::Destination::Relocated(t) => (t, from.level),
        };
        if from.intake <= 0.0 {
            continue;
        }
        let receiver = ds.facilities[receiver].facility_id.clone();
        moved_rows.push((templates[&mv.from].clone(), receiver, level, mv.learners / from.intake));
    }
    let plan = ConsolidationPlan {
        changed,
        moving_places,
        moved_rows,
        moving_share,
        source: ds.facilities[f].clone(),
        target_id: target.map(|t| ds.facilities[t].facility_id.clone()),
    };
    (effects, plan)
}

fn remove_facility(ds: &mut Dataset, facility: &str) {
    ds.facilities.retain(|f| f.facility_id != facility);
    ds.programs.retain(|p| p.facility_id != facility);
    ds.enrolment.retain(|e| e.facility_id != facility);
    ds.travel.retain(|t| t.facility_id != facility);
}

/// Adds a row's counts to the row of the same year/facility/occupation/level, or inserts it.
fn add_row(rows: &mut Vec<Enrolment>, row: Enrolment) {
    let same = |e: &Enrolment| {
        e.year == row.year && e.facility_id == row.facility_id && e.occupation == row.occupation && e.level == row.level
    };
    match rows.iter_mut().find(|e| same(e)) {
        Some(e) => add_counts(e, &row),
        None => rows.push(row),
    }
}

/// Adds a row's counts to another's.
fn add_counts(e: &mut Enrolment, row: &Enrolment) {
    e.intake += row.intake;
    let add = |a: &mut Option<f64>, b: Option<f64>| {
        if let Some(b) = b {
            *a = Some(a.unwrap_or(0.0) + b);
        }
    };
    add(&mut e.graduates, row.graduates);
    add(&mut e.certified, row.certified);
    add(&mut e.employed_6m, row.employed_6m);
    add(&mut e.rural, row.rural);
    add(&mut e.female, row.female);
    add(&mut e.ethnic_minority, row.ethnic_minority);
    add(&mut e.poor, row.poor);
}

fn add_places(programs: &mut Vec<Program>, facility: &str, occupation: &str, level: Level, delta: f64) {
    match programs.iter_mut().find(|p| p.facility_id == facility && p.occupation == occupation && p.level == level) {
        Some(p) => p.places = (p.places + delta).max(0.0),
        None if delta > 0.0 => {
            programs.push(Program { facility_id: facility.into(), occupation: occupation.into(), level, places: delta })
        }
        None => {}
    }
    programs.retain(|p| p.places > 1e-9);
}

/// Base-year intake / places of a facility.
fn facility_fill(ds: &Dataset, facility: &str, year: i32) -> f64 {
    let capacity = ds.facilities.iter().find(|f| f.facility_id == facility).map_or(0.0, |f| f.capacity);
    let intake: f64 =
        ds.enrolment.iter().filter(|e| e.year == year && e.facility_id == facility).map(|e| e.intake).sum();
    if capacity > 0.0 && intake > 0.0 { (intake / capacity).min(1.0) } else { 0.6 }
}

/// How well courses of an occupation and level fill elsewhere (base-year intake / places
/// over every programme teaching them): the demand a new course can expect.
fn occupation_fill(ds: &Dataset, occupation: &str, level: Level, year: i32) -> Option<f64> {
    let places: f64 =
        ds.programs.iter().filter(|p| p.occupation == occupation && p.level == level).map(|p| p.places).sum();
    let intake: f64 = ds
        .enrolment
        .iter()
        .filter(|e| e.year == year && e.occupation == occupation && e.level == level)
        .map(|e| e.intake)
        .sum();
    (places > 0.0 && intake > 0.0).then(|| (intake / places).min(1.0))
}

/// Median utilisation of the province's facilities of a kind (0.6 when there are none).
fn province_fill(ds: &Dataset, kind: FacilityKind, area_id: &str, year: i32) -> f64 {
    let province = ds.areas.iter().find(|a| a.area_id == area_id).map(|a| a.province_id.as_str());
    let area_province: HashMap<&str, &str> =
        ds.areas.iter().map(|a| (a.area_id.as_str(), a.province_id.as_str())).collect();
    let mut fills: Vec<f64> = ds
        .facilities
        .iter()
        .filter(|f| f.kind == kind && area_province.get(f.area_id.as_str()).copied() == province)
        .map(|f| facility_fill(ds, &f.facility_id, year))
        .collect();
    fills.sort_by(f64::total_cmp);
    fills.get(fills.len() / 2).copied().unwrap_or(0.6)
}

/// Adds base-year enrolment for a new programme: places x fill, with the outcomes of the
/// same occupation elsewhere (employment) and of the facility (rural share). Returns intake.
fn add_programme_rows(ds: &mut Dataset, program: &Program, fill: f64, year: i32) -> f64 {
    let intake = (program.places * fill).round();
    let (complete, certify) = program.level.typical_completion();
    let graduates = intake * complete;
    // Each rate over the rows that report it: a row without employment (or rural) counts
    // is unknown, not zero, so it stays out of the denominator as in the KPIs.
    let this_year = |e: &&Enrolment| e.year == year;
    let (employed, grads) = ds
        .enrolment
        .iter()
        .filter(this_year)
        .filter(|e| e.occupation == program.occupation)
        .filter_map(|e| Some((e.employed_6m?, e.graduates?)))
        .fold((0.0, 0.0), |acc, (employed, graduates)| (acc.0 + employed, acc.1 + graduates));
    let employment = if grads > 0.0 { employed / grads } else { 0.8 };
    let (rural, all) = ds
        .enrolment
        .iter()
        .filter(this_year)
        .filter(|e| e.facility_id == program.facility_id)
        .filter_map(|e| Some((e.rural?, e.intake)))
        .fold((0.0, 0.0), |acc, (rural, intake)| (acc.0 + rural, acc.1 + intake));
    let rural_share = if all > 0.0 { rural / all } else { 0.7 };
    add_row(
        &mut ds.enrolment,
        Enrolment {
            graduates: Some(graduates),
            certified: Some(graduates * certify),
            employed_6m: Some(graduates * employment),
            rural: Some(intake * rural_share),
            ..Enrolment::of_program(program, year, intake)
        },
    );
    intake
}

fn set_places(
    ds: &Dataset,
    facility: &str,
    programme: Option<&(String, Level)>,
    places: f64,
    ctx: &ApplyContext,
) -> (Dataset, Effects) {
    let mut next = ds.clone();
    let year = ctx.base_year;
    let fill = facility_fill(ds, facility, year);
    let matches = |f: &str, o: &str, l: Level| f == facility && programme.is_none_or(|(po, pl)| po == o && *pl == l);
    let old: f64 =
        next.programs.iter().filter(|p| matches(&p.facility_id, &p.occupation, p.level)).map(|p| p.places).sum();
    let old = if programme.is_none() {
        next.facilities.iter().find(|f| f.facility_id == facility).map_or(old, |f| f.capacity)
    } else {
        old
    };
    if old <= 0.0 {
        return (next, Effects::default());
    }
    let factor = places / old;
    let before: HashMap<(String, String, Level), f64> = next
        .programs
        .iter()
        .filter(|p| matches(&p.facility_id, &p.occupation, p.level))
        .map(|p| ((p.facility_id.clone(), p.occupation.clone(), p.level), p.places))
        .collect();
    for p in next.programs.iter_mut().filter(|p| matches(&p.facility_id, &p.occupation, p.level)) {
        p.places *= factor;
    }
    let mut effects = Effects::default();
    for e in next.enrolment.iter_mut().filter(|e| e.year == year && matches(&e.facility_id, &e.occupation, e.level)) {
        let key = (e.facility_id.clone(), e.occupation.clone(), e.level);
        let programme_places = before.get(&key).copied().unwrap_or(e.intake / fill.max(1e-9));
        let new_places = programme_places * factor;
        let new_intake =
            if factor < 1.0 { e.intake.min(new_places) } else { e.intake + (new_places - programme_places) * fill };
        if new_intake < e.intake {
            effects.learners_displaced += e.intake - new_intake;
            effects.learners_lost += e.intake - new_intake;
        } else {
            effects.new_learners += new_intake - e.intake;
        }
        let scale = if e.intake > 0.0 { new_intake / e.intake } else { 1.0 };
        e.scale(scale);
    }
    if let Some(f) = next.facilities.iter_mut().find(|f| f.facility_id == facility) {
        let per_place = if f.capacity > 0.0 { f.annual_cost_mvnd / f.capacity } else { 0.0 };
        let delta = places - old;
        f.capacity = (f.capacity + delta).max(0.0);
        // Places cost what the facility's places cost on average; removing them saves that.
        let cost = per_place * delta;
        f.annual_cost_mvnd = (f.annual_cost_mvnd + cost).max(0.0);
        if cost >= 0.0 {
            effects.added_cost_mvnd += cost;
        } else {
            effects.gross_savings_mvnd -= cost;
        }
    }
    (next, effects)
}

#[cfg(test)]
mod consolidate_tests {
    use super::*;
    use crate::access::attendance::AttendanceSettings;
    use crate::testkit::*;

    /// F0 teaches crop (short, 60 learners); F1, 6.7 km away, teaches crop and welding.
    fn two_centres() -> Dataset {
        let mut ds = Dataset {
            occupations: vec![occupation("weld", Sector::Industry), occupation("crop", Sector::Agriculture)],
            ..Default::default()
        };
        for (i, lat) in [19.0, 19.06].into_iter().enumerate() {
            let area_id = format!("A{i}");
            ds.areas.push(area(&area_id, lat, 105.0, false));
            let mut f = facility(&format!("F{i}"), lat, 105.0);
            f.area_id = area_id;
            f.capacity = 400.0;
            ds.facilities.push(f);
        }
        ds.programs = vec![
            program("F0", "crop", Level::Short, 100.0),
            program("F1", "crop", Level::Short, 200.0),
            program("F1", "weld", Level::Elementary, 200.0),
        ];
        let row = |f: &str, occ: &str, level: Level, certified: f64| Enrolment {
            level,
            certified: Some(certified),
            ..enrolment(2025, f, occ, 60.0, 50.0)
        };
        ds.enrolment = vec![
            row("F0", "crop", Level::Short, 0.0),
            row("F1", "crop", Level::Short, 0.0),
            row("F1", "weld", Level::Elementary, 40.0),
        ];
        ds
    }

    #[test]
    fn closed_learners_join_the_same_occupation_and_keep_their_rates() {
        let ds = two_centres();
        let model = AttendanceModel::from_settings(&AttendanceSettings::default());
        let ctx = ApplyContext {
            base_year: 2025,
            horizon: 2030,
            access: &AccessSettings::default(),
            attendance: &model,
            options: &OptionSettings::default(),
        };
        let close = Action { kind: ActionKind::Close { facility: "F0".into() }, year: 2026, line: 1 };
        let (after, effects) = apply(&ds, &[&close], &ctx);
        let row = |occ: &str| after.enrolment.iter().find(|e| e.facility_id == "F1" && e.occupation == occ).unwrap();
        // Welding at F1 is untouched: the crop learners do not become welders, and nobody
        // gains a certificate by moving.
        assert_eq!((row("weld").intake, row("weld").certified), (60.0, Some(40.0)));
        let crop = row("crop");
        let kept = effects.learners_displaced - effects.learners_lost;
        assert!(kept > 0.0 && kept < 60.0, "kept {kept}");
        assert!((crop.intake - (60.0 + kept)).abs() < 1e-6, "{} vs {}", crop.intake, 60.0 + kept);
        assert_eq!(crop.certified, Some(0.0));
        // Graduates follow at F0's own completion rate (50 of 60).
        assert!((crop.graduates.unwrap() - (50.0 + kept * 50.0 / 60.0)).abs() < 1e-6);
        assert!(!after.facilities.iter().any(|f| f.facility_id == "F0"));
    }

    /// F0 recorded with capacity 0 (its crop course lists 100 places, 60 learners), annual
    /// cost 1000 of which 600 fixed, no teachers given, so 0 / 20 = 0 staff: merging it saves
    /// the fixed cost pro rata plus the satellite share (0.3) of the part that stays, and the
    /// rest of its cost (not saved) goes with the share of learners that moves. F1 has 120
    /// learners.
    /// - F1 with 400 places (280 free): all 60 move (share 1); saved 600; the other 400
    ///   goes to F1: 1000 + 400 = 1400, and F0 is gone.
    /// - F1 with 150 places (30 free): half move; saved 600 x 0.5 + 600 x 0.5 x 0.3 = 390;
    ///   the other 610 is split: F1 1000 + 305 = 1305, F0's campus 305 (fixed 600 - 390 =
    ///   210); F1 gains 100 x 0.5 = 50 places.
    ///
    /// (Before, a capacity of 0 sent no cost with the learners: in the full merge the 400
    /// vanished from the network. With `capacity >= 0` the share was 0/0 -> 1, all of it.)
    #[test]
    fn a_merged_facility_without_places_hands_on_its_cost_with_its_learners() {
        let model = AttendanceModel::from_settings(&AttendanceSettings::default());
        let ctx = ApplyContext {
            base_year: 2025,
            horizon: 2030,
            access: &AccessSettings::default(),
            attendance: &model,
            options: &OptionSettings::default(),
        };
        let merge =
            Action { kind: ActionKind::Merge { facility: "F0".into(), into: "F1".into() }, year: 2026, line: 1 };
        let run = |receiver_places: f64| {
            let mut ds = two_centres();
            ds.facilities[0].capacity = 0.0;
            ds.facilities[0].fixed_cost_mvnd = Some(600.0);
            ds.facilities[1].capacity = receiver_places;
            apply(&ds, &[&merge], &ctx)
        };
        let near = |a: f64, b: f64| (a - b).abs() < 1e-6;
        let facility = |ds: &Dataset, id: &str| ds.facilities.iter().find(|f| f.facility_id == id).cloned();

        let (after, effects) = run(400.0);
        assert!(near(effects.gross_savings_mvnd, 600.0), "{effects:?}");
        assert!(facility(&after, "F0").is_none());
        let f1 = facility(&after, "F1").unwrap();
        assert!(near(f1.annual_cost_mvnd, 1400.0) && near(f1.capacity, 500.0), "{f1:?}");

        let (after, effects) = run(150.0);
        assert!(near(effects.gross_savings_mvnd, 390.0), "{effects:?}");
        let f1 = facility(&after, "F1").unwrap();
        assert!(near(f1.annual_cost_mvnd, 1305.0) && near(f1.capacity, 200.0), "{f1:?}");
        let f0 = facility(&after, "F0").unwrap();
        assert!(near(f0.annual_cost_mvnd, 305.0) && f0.fixed_cost_mvnd.is_some_and(|c| near(c, 210.0)), "{f0:?}");
        // Network cost: 2000 before, 2000 - 390 saved after.
        assert!(near(f0.annual_cost_mvnd + f1.annual_cost_mvnd, 1610.0));
    }
}
