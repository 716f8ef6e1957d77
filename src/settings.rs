//! Settings checked once, into types: a value of one of these types is in its range, so the
//! stages that read it (`.get()`) never check it again. Each type is built only through its
//! checked constructor, whose error says the allowed range and what was found; the scenario
//! reader gets it through serde (`file:line:key: message`), and [`crate::check::Checks`]
//! reuses the same constructors for the settings still checked after parsing.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value outside the range of its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RangeError(String);

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RangeError {}

/// Shortest text of a number, as the user would write it (0.75, 75, 1e-9).
fn show(v: f64) -> String {
    format!("{v}")
}

/// A percentage as the share to write: 66.1 -> 0.661 (not 0.6609999999999999).
fn hundredth(v: f64) -> f64 {
    (v / 100.0 * 1e12).round() / 1e12
}

/// NaN and infinities (TOML writes them `nan`, `inf`) are never a setting.
pub(crate) fn finite(v: f64) -> Result<f64, RangeError> {
    if v.is_finite() { Ok(v) } else { Err(RangeError(format!("must be a finite number, found {}", show(v)))) }
}

/// A share or rate in [0, 1] (0.75 = 75%).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub(crate) struct Share(f64);

impl Share {
    /// The share, or the range error; a percentage written as a number (75) gets a hint.
    pub(crate) fn new(v: f64) -> Result<Share, RangeError> {
        finite(v)?;
        if (0.0..=1.0).contains(&v) {
            Ok(Share(v))
        } else if v > 1.0 && v <= 100.0 {
            Err(RangeError(format!(
                "{} is not a share between 0 and 1 (if you meant {}%, write {})",
                show(v),
                show(v),
                show(hundredth(v))
            )))
        } else {
            Err(RangeError(format!("must be a share between 0 and 1, found {}", show(v))))
        }
    }

    /// A share written in the code (a default); out of [0, 1] it fails to compile in a
    /// constant and panics elsewhere.
    pub(crate) const fn constant(v: f64) -> Share {
        assert!(v >= 0.0 && v <= 1.0, "a share is between 0 and 1");
        Share(v)
    }

    pub(crate) fn get(self) -> f64 {
        self.0
    }
}

impl Serialize for Share {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0)
    }
}

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Share::new(f64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A yearly growth rate in [-0.5, 0.5] (0.03 = 3% a year); anything outside is a typo.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub(crate) struct Growth(f64);

impl Growth {
    /// The rate, or the range error; a percentage written as a number (3) gets a hint.
    pub(crate) fn new(v: f64) -> Result<Growth, RangeError> {
        finite(v)?;
        if (-0.5..=0.5).contains(&v) {
            return Ok(Growth(v));
        }
        let hint = if v.abs() > 1.0 && v.abs() <= 100.0 {
            format!(" (if you meant {}% a year, write {})", show(v), show(hundredth(v)))
        } else {
            String::new()
        };
        Err(RangeError(format!("a yearly growth rate must be between -0.5 and 0.5, found {}{hint}", show(v))))
    }

    /// A rate written in the code (a default); out of [-0.5, 0.5] it fails to compile in a
    /// constant and panics elsewhere.
    pub(crate) const fn constant(v: f64) -> Growth {
        assert!(v >= -0.5 && v <= 0.5, "a yearly growth rate is between -0.5 and 0.5");
        Growth(v)
    }

    pub(crate) fn get(self) -> f64 {
        self.0
    }
}

impl Default for Growth {
    /// No growth.
    fn default() -> Self {
        Growth(0.0)
    }
}

impl Serialize for Growth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0)
    }
}

impl<'de> Deserialize<'de> for Growth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Growth::new(f64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// The range of a checked number: `min` (excluded when `min_excluded`: a speed of 0 is no
/// speed) to `max` (infinite when there is no upper bound), with the unit messages name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bounds {
    pub(crate) min: f64,
    pub(crate) min_excluded: bool,
    pub(crate) max: f64,
    pub(crate) unit: &'static str,
}

impl Bounds {
    /// `[min, max]`.
    const fn closed(min: f64, max: f64, unit: &'static str) -> Bounds {
        Bounds { min, min_excluded: false, max, unit }
    }

    /// `(min, max]`.
    const fn above(min: f64, max: f64, unit: &'static str) -> Bounds {
        Bounds { min, min_excluded: true, max, unit }
    }

    pub(crate) const fn contains(&self, v: f64) -> bool {
        (if self.min_excluded { v > self.min } else { v >= self.min }) && v <= self.max
    }

    /// The value, or the range error: "must be between 0.1 and 300 (km), found 0".
    pub(crate) fn check(&self, v: f64) -> Result<f64, RangeError> {
        finite(v)?;
        if self.contains(v) {
            Ok(v)
        } else {
            Err(RangeError(format!("must be {}, found {}", self.describe(), show(v))))
        }
    }

    /// The range in words, as messages and docs/scenarios.md give it.
    pub(crate) fn describe(&self) -> String {
        let unit = if self.unit.is_empty() { String::new() } else { format!(" ({})", self.unit) };
        let (min, max) = (show(self.min), show(self.max));
        match (self.min_excluded, self.max.is_finite()) {
            (false, true) => format!("between {min} and {max}{unit}"),
            (true, true) => format!("greater than {min} and at most {max}{unit}"),
            (false, false) => format!("at least {min}{unit}"),
            (true, false) => format!("greater than {min}{unit}"),
        }
    }
}

/// A number checked into [`Bounds`] when built: `new` (the range error), `constant` (a
/// default written in the code: out of range it fails to compile in a constant and panics
/// elsewhere), `get`; read from and written to files as a plain number.
macro_rules! checked_number {
    ($(#[$meta:meta])* $name:ident, $bounds:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
        pub(crate) struct $name(f64);

        impl $name {
            pub(crate) const BOUNDS: Bounds = $bounds;

            pub(crate) fn new(v: f64) -> Result<$name, RangeError> {
                Self::BOUNDS.check(v).map($name)
            }

            // Not every type has a default written in the code.
            #[allow(dead_code)]
            pub(crate) const fn constant(v: f64) -> $name {
                assert!(Self::BOUNDS.contains(v), concat!("a default out of the range of ", stringify!($name)));
                $name(v)
            }

            pub(crate) fn get(self) -> f64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_f64(self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $name::new(f64::deserialize(d)?).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A whole number checked into `[min, max]` when built, like [`checked_number!`].
macro_rules! checked_count {
    ($(#[$meta:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) struct $name(usize);

        impl $name {
            pub(crate) const MIN: usize = $min;
            pub(crate) const MAX: usize = $max;

            pub(crate) fn new(v: usize) -> Result<$name, RangeError> {
                if (Self::MIN..=Self::MAX).contains(&v) {
                    Ok($name(v))
                } else if Self::MAX == usize::MAX {
                    Err(RangeError(format!("must be at least {}, found {v}", Self::MIN)))
                } else {
                    Err(RangeError(format!("must be between {} and {}, found {v}", Self::MIN, Self::MAX)))
                }
            }

            // Not every type has a default written in the code.
            #[allow(dead_code)]
            pub(crate) const fn constant(v: usize) -> $name {
                assert!(v >= Self::MIN && v <= Self::MAX, concat!("a default out of the range of ", stringify!($name)));
                $name(v)
            }

            pub(crate) fn get(self) -> usize {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u64(self.0 as u64)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $name::new(usize::deserialize(d)?).map_err(serde::de::Error::custom)
            }
        }
    };
}

checked_count!(
    /// A number of things that must be at least one: `options.k_nearest`,
    /// `options.public_school_cap`, `optimise.p`, `optimise.max_public_schools`.
    Count,
    1,
    usize::MAX
);
checked_count!(
    /// `uncertainty.draws`: 1 to 10,000 (each draw reruns the scoring).
    Draws,
    1,
    10_000
);
checked_number!(
    /// A reach radius (km): `access.radius_km`, `radius_km_difficult`, `optimise.radius_km`;
    /// 0 puts everyone out of reach.
    ReachKm,
    Bounds::closed(0.1, 300.0, "km")
);
checked_number!(
    /// Road km per straight-line km: a road is never shorter than the straight line.
    Circuity,
    Bounds::closed(1.0, 3.0, "road km per straight-line km")
);
checked_number!(
    /// A straight-line travel speed by terrain (`access.speed_kmh`); 0 makes every trip
    /// infinite.
    SpeedKmh,
    Bounds::closed(1.0, 120.0, "km/h")
);
checked_number!(
    /// `access.ferry_speed_kmh`: crossing to and from an island.
    FerryKmh,
    Bounds::closed(3.0, 80.0, "km/h")
);
checked_number!(
    /// `access.ferry_boarding_min`: waiting and boarding per boat trip.
    BoardingMin,
    Bounds::closed(0.0, 480.0, "minutes")
);
checked_number!(
    /// A positive number without upper bound: a decay's time scale (minutes) or exponent; 0
    /// gives NaN everywhere.
    Positive,
    Bounds::above(0.0, f64::INFINITY, "")
);
checked_number!(
    /// A weight of the ranking (`options.weights.*`): any size, never negative.
    Weight,
    Bounds::closed(0.0, f64::INFINITY, "")
);
checked_number!(
    /// `options.travel_support_mvnd`, `travel_support_difficult_mvnd`.
    TravelSupportMvnd,
    Bounds::closed(0.0, 10.0, "million VND per learner")
);
checked_number!(
    /// `options.discount_rate`: real, a year.
    DiscountRate,
    Bounds::closed(0.0, 0.2, "real rate per year")
);
checked_number!(
    /// `options.cap_access_weight`.
    AccessWeight,
    Bounds::closed(0.0, 100.0, "learners per person")
);
checked_number!(
    /// `options.travel_rise_threshold_min`.
    RiseMinutes,
    Bounds::closed(1.0, 240.0, "minutes")
);
checked_number!(
    /// `options.cap_max_merge_min`.
    MergeMinutes,
    Bounds::closed(5.0, 600.0, "minutes")
);
checked_number!(
    /// `options.cap_fit_weight`.
    FitWeight,
    Bounds::closed(0.0, 1.0, "learners lost per learner moved")
);
checked_number!(
    /// `options.costs.severance_mvnd_per_staff` and its range.
    SeveranceMvnd,
    Bounds::closed(0.0, 10_000.0, "million VND per person")
);
checked_number!(
    /// `options.costs.salary_mvnd_per_staff_year` and its range.
    SalaryMvnd,
    Bounds::closed(0.0, 5_000.0, "million VND per person and year")
);
checked_number!(
    /// `options.costs.places_per_staff_when_unknown`.
    PlacesPerStaff,
    Bounds::closed(1.0, 500.0, "places per person")
);
checked_number!(
    /// `options.costs.course_years.*`.
    CourseLength,
    Bounds::closed(0.01, 5.0, "years")
);
checked_number!(
    /// A coverage or utilisation threshold (`scoring.shortage_below`, `surplus_above`,
    /// `over_capacity_above`).
    Threshold,
    Bounds::above(0.0, f64::INFINITY, "")
);
checked_number!(
    /// `scoring.zones.minutes`: the reach of an employment centre (45-60 minutes is a
    /// commuting zone).
    ZoneMinutes,
    Bounds::closed(15.0, 180.0, "minutes")
);
checked_number!(
    /// `scoring.zones.few_openings_below`.
    OpeningsCount,
    Bounds::closed(0.0, 1_000_000.0, "openings")
);
checked_count!(
    /// `scoring.zones.max_zones`: labour-market zones per province.
    ZoneCount,
    1,
    10
);
checked_number!(
    /// `scoring.projection.exit_rate` and its range: 1 would empty the stock every year.
    ExitRate,
    Bounds::closed(0.0, 0.99, "share of the stock leaving each year, below 1")
);
checked_number!(
    /// `scoring.projection.leaver_ratio_*` and `entrant_ratio_*`: a cohort's trained (or
    /// certified) share over the labour force's average; above 2 is no longer a cohort of the
    /// same labour force.
    CohortRatio,
    Bounds::closed(0.0, 2.0, "times the average share")
);
checked_number!(
    /// `scoring.projection.higher_education`, `other_trained`, `other_certified`: people a
    /// year joining a stock, over the labour force; 5% a year would double a stock of 30% in
    /// six years.
    InflowRate,
    Bounds::closed(0.0, 0.05, "share of the labour force a year")
);
checked_number!(
    /// `optimise.time_limit_s`.
    TimeLimitS,
    Bounds::closed(0.1, 86_400.0, "seconds")
);
checked_number!(
    /// `optimise.travel_cost_mvnd_per_minute`.
    TravelCostMvnd,
    Bounds::closed(0.0, 10.0, "million VND per minute a year")
);
checked_number!(
    /// `roadmap.one_off_budget_mvnd_per_year`: up to a million million VND (1,000 billion) a
    /// year, far above any province's reorganisation budget.
    OneOffBudgetMvnd,
    Bounds::closed(0.0, 1_000_000.0, "million VND a year")
);
checked_number!(
    /// `roadmap.receiver_growth_max`: learners a receiving school takes in within one year,
    /// as a share of its places; 0 would forbid every merge.
    ReceiverGrowth,
    Bounds::above(0.0, 1.0, "share of the receiver's places a year")
);
checked_count!(
    /// `roadmap.public_facilities_2020`, `roadmap.public_intermediate_2020`: counts of the
    /// network in 2020, the reference of Decision 73/QĐ-TTg.
    FacilityCount,
    0,
    100_000
);
checked_number!(
    /// `optimise.lost_learner_cost_mvnd`: up to 100 times a college's yearly cost per learner
    /// (tens of millions of VND).
    LostLearnerMvnd,
    Bounds::closed(0.0, 1_000.0, "million VND per learner lost a year")
);
checked_number!(
    /// `roads.speed_kmh.*`: above the motorbike limit of every road (Circular
    /// 38/2024/TT-BGTVT: at most 70 km/h) with a wide allowance; 0 would make the class
    /// impassable.
    RoadSpeedKmh,
    Bounds::above(0.0, 130.0, "km/h")
);
checked_number!(
    /// `roads.ferry_kmh`.
    RoadFerryKmh,
    Bounds::above(0.0, 60.0, "km/h")
);
checked_number!(
    /// `roads.ferry_boarding_min`.
    RoadBoardingMin,
    Bounds::closed(0.0, 240.0, "minutes")
);
checked_number!(
    /// `roads.snap_max_km`.
    SnapKm,
    Bounds::closed(0.1, 50.0, "km")
);
checked_number!(
    /// `roads.max_minutes`: the search limit.
    SearchMinutes,
    Bounds::closed(10.0, 1440.0, "minutes")
);
checked_number!(
    /// `roads.unpaved_factor`.
    UnpavedFactor,
    Bounds::closed(0.1, 1.0, "share of the paved speed")
);

#[cfg(test)]
mod tests {
    use super::*;

    fn message<T: fmt::Debug>(r: Result<T, RangeError>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn a_share_is_between_0_and_1_inclusive() {
        assert_eq!(Share::new(0.0).unwrap().get(), 0.0);
        assert_eq!(Share::new(1.0).unwrap().get(), 1.0);
        assert_eq!(Share::new(0.75).unwrap().get(), 0.75);
        assert_eq!(message(Share::new(-0.1)), "must be a share between 0 and 1, found -0.1");
        assert!(message(Share::new(1.0 + 1e-9)).contains("is not a share between 0 and 1"));
        assert_eq!(message(Share::new(75.0)), "75 is not a share between 0 and 1 (if you meant 75%, write 0.75)");
        assert_eq!(message(Share::new(100.0)), "100 is not a share between 0 and 1 (if you meant 100%, write 1)");
        assert_eq!(message(Share::new(101.0)), "must be a share between 0 and 1, found 101");
        assert_eq!(message(Share::new(66.1)), "66.1 is not a share between 0 and 1 (if you meant 66.1%, write 0.661)");
    }

    #[test]
    fn a_share_is_never_nan_or_infinite() {
        assert_eq!(message(Share::new(f64::NAN)), "must be a finite number, found NaN");
        assert_eq!(message(Share::new(f64::INFINITY)), "must be a finite number, found inf");
        assert_eq!(message(Share::new(f64::NEG_INFINITY)), "must be a finite number, found -inf");
    }

    #[test]
    fn a_growth_rate_is_between_minus_and_plus_half_inclusive() {
        assert_eq!(Growth::new(-0.5).unwrap().get(), -0.5);
        assert_eq!(Growth::new(0.5).unwrap().get(), 0.5);
        assert_eq!(Growth::new(0.03).unwrap().get(), 0.03);
        assert_eq!(Growth::default().get(), 0.0);
        assert_eq!(message(Growth::new(-0.8)), "a yearly growth rate must be between -0.5 and 0.5, found -0.8");
        assert_eq!(message(Growth::new(0.6)), "a yearly growth rate must be between -0.5 and 0.5, found 0.6");
        assert_eq!(
            message(Growth::new(3.0)),
            "a yearly growth rate must be between -0.5 and 0.5, found 3 (if you meant 3% a year, write 0.03)"
        );
        assert_eq!(
            message(Growth::new(-5.0)),
            "a yearly growth rate must be between -0.5 and 0.5, found -5 (if you meant -5% a year, write -0.05)"
        );
        assert_eq!(message(Growth::new(f64::NAN)), "must be a finite number, found NaN");
        assert_eq!(message(Growth::new(f64::INFINITY)), "must be a finite number, found inf");
        assert_eq!(message(Growth::new(f64::NEG_INFINITY)), "must be a finite number, found -inf");
    }

    /// Each checked number: its two ends accepted, a value just beyond each refused with the
    /// range written out (the ranges of docs/scenarios.md, copied by hand).
    #[test]
    fn every_checked_number_accepts_its_ends_and_refuses_beyond_them() {
        type New = fn(f64) -> Result<f64, RangeError>;
        type Case = (&'static str, New, [f64; 2], [f64; 2], &'static str);
        // Type, its two ends, a value beyond each, its range in words.
        macro_rules! case {
            ($t:ident, $ends:expr, $beyond:expr, $range:expr) => {
                (stringify!($t), (|v| $t::new(v).map($t::get)) as New, $ends, $beyond, $range)
            };
        }
        #[rustfmt::skip]
        let cases: [Case; 32] = [
            case!(ReachKm, [0.1, 300.0], [0.09, 301.0], "between 0.1 and 300 (km)"),
            case!(Circuity, [1.0, 3.0], [0.9, 3.1], "between 1 and 3 (road km per straight-line km)"),
            case!(SpeedKmh, [1.0, 120.0], [0.0, 121.0], "between 1 and 120 (km/h)"),
            case!(FerryKmh, [3.0, 80.0], [2.0, 81.0], "between 3 and 80 (km/h)"),
            case!(BoardingMin, [0.0, 480.0], [-1.0, 481.0], "between 0 and 480 (minutes)"),
            case!(Positive, [1e-9, 1e9], [0.0, -1.0], "greater than 0"),
            case!(Weight, [0.0, 1e9], [-0.1, -1.0], "at least 0"),
            case!(TravelSupportMvnd, [0.0, 10.0], [-0.1, 10.5], "between 0 and 10 (million VND per learner)"),
            case!(DiscountRate, [0.0, 0.2], [-0.01, 0.21], "between 0 and 0.2 (real rate per year)"),
            case!(AccessWeight, [0.0, 100.0], [-1.0, 101.0], "between 0 and 100 (learners per person)"),
            case!(RiseMinutes, [1.0, 240.0], [0.5, 241.0], "between 1 and 240 (minutes)"),
            case!(MergeMinutes, [5.0, 600.0], [4.0, 601.0], "between 5 and 600 (minutes)"),
            case!(FitWeight, [0.0, 1.0], [-0.1, 1.1], "between 0 and 1 (learners lost per learner moved)"),
            case!(SeveranceMvnd, [0.0, 10_000.0], [-1.0, 10_001.0], "between 0 and 10000 (million VND per person)"),
            case!(SalaryMvnd, [0.0, 5_000.0], [-1.0, 5_001.0], "between 0 and 5000 (million VND per person and year)"),
            case!(PlacesPerStaff, [1.0, 500.0], [0.5, 501.0], "between 1 and 500 (places per person)"),
            case!(CourseLength, [0.01, 5.0], [0.0, 5.5], "between 0.01 and 5 (years)"),
            case!(Threshold, [1e-9, 1e9], [0.0, -0.5], "greater than 0"),
            case!(ExitRate, [0.0, 0.99], [-0.01, 1.0], "between 0 and 0.99 (share of the stock leaving each year, below 1)"),
            case!(CohortRatio, [0.0, 2.0], [-0.1, 2.1], "between 0 and 2 (times the average share)"),
            case!(InflowRate, [0.0, 0.05], [-0.01, 0.06], "between 0 and 0.05 (share of the labour force a year)"),
            case!(TimeLimitS, [0.1, 86_400.0], [0.0, 86_401.0], "between 0.1 and 86400 (seconds)"),
            case!(TravelCostMvnd, [0.0, 10.0], [-1.0, 11.0], "between 0 and 10 (million VND per minute a year)"),
            case!(LostLearnerMvnd, [0.0, 1_000.0], [-1.0, 1_001.0], "between 0 and 1000 (million VND per learner lost a year)"),
            case!(RoadSpeedKmh, [1e-9, 130.0], [0.0, 131.0], "greater than 0 and at most 130 (km/h)"),
            case!(RoadFerryKmh, [1e-9, 60.0], [0.0, 61.0], "greater than 0 and at most 60 (km/h)"),
            case!(RoadBoardingMin, [0.0, 240.0], [-1.0, 241.0], "between 0 and 240 (minutes)"),
            case!(SnapKm, [0.1, 50.0], [0.05, 51.0], "between 0.1 and 50 (km)"),
            case!(SearchMinutes, [10.0, 1440.0], [9.0, 1441.0], "between 10 and 1440 (minutes)"),
            case!(UnpavedFactor, [0.1, 1.0], [0.05, 1.1], "between 0.1 and 1 (share of the paved speed)"),
            case!(ZoneMinutes, [15.0, 180.0], [14.0, 181.0], "between 15 and 180 (minutes)"),
            case!(OpeningsCount, [0.0, 1_000_000.0], [-1.0, 1_000_001.0], "between 0 and 1000000 (openings)"),
        ];
        for (name, new, ends, beyond, range) in cases {
            for v in ends {
                assert_eq!(new(v), Ok(v), "{name} accepts {v}");
            }
            for v in beyond {
                assert_eq!(message(new(v)), format!("must be {range}, found {v}"), "{name}");
            }
            assert_eq!(message(new(f64::NAN)), "must be a finite number, found NaN", "{name}");
            assert_eq!(message(new(f64::INFINITY)), "must be a finite number, found inf", "{name}");
        }
    }

    #[test]
    fn every_checked_count_accepts_its_ends_and_refuses_beyond_them() {
        assert_eq!(Count::new(1).map(Count::get), Ok(1));
        assert_eq!(Count::new(usize::MAX).map(Count::get), Ok(usize::MAX));
        assert_eq!(message(Count::new(0)), "must be at least 1, found 0");
        assert_eq!(Draws::new(1).map(Draws::get), Ok(1));
        assert_eq!(Draws::new(10_000).map(Draws::get), Ok(10_000));
        assert_eq!(message(Draws::new(0)), "must be between 1 and 10000, found 0");
        assert_eq!(message(Draws::new(10_001)), "must be between 1 and 10000, found 10001");
        #[derive(Debug, Deserialize, Serialize)]
        struct S {
            count: Count,
        }
        assert_eq!(toml::from_str::<S>("count = 0").unwrap_err().message(), "must be at least 1, found 0");
        assert!(toml::from_str::<S>("count = -1").unwrap_err().message().contains("invalid value"));
        assert_eq!(serde_json::to_string(&toml::from_str::<S>("count = 3").unwrap()).unwrap(), r#"{"count":3}"#);
    }

    #[test]
    fn constants_are_checked_too() {
        assert_eq!(Share::constant(0.5).get(), 0.5);
        assert_eq!(Growth::constant(-0.5).get(), -0.5);
        assert!(std::panic::catch_unwind(|| Share::constant(1.5)).is_err());
        assert!(std::panic::catch_unwind(|| Share::constant(f64::NAN)).is_err());
        assert!(std::panic::catch_unwind(|| Growth::constant(0.7)).is_err());
        assert_eq!(ReachKm::constant(15.0).get(), 15.0);
        assert!(std::panic::catch_unwind(|| ReachKm::constant(0.0)).is_err());
        assert!(std::panic::catch_unwind(|| Positive::constant(0.0)).is_err());
        assert!(std::panic::catch_unwind(|| Count::constant(0)).is_err());
    }

    #[test]
    fn values_read_from_toml_are_checked_and_written_back_as_numbers() {
        #[derive(Debug, Deserialize, Serialize)]
        struct S {
            share: Share,
            growth: Growth,
        }
        let s: S = toml::from_str("share = 0.25\ngrowth = -0.02\n").unwrap();
        assert_eq!((s.share.get(), s.growth.get()), (0.25, -0.02));
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"share":0.25,"growth":-0.02}"#);
        let err = toml::from_str::<S>("share = nan\ngrowth = 0\n").unwrap_err();
        assert_eq!(err.message(), "must be a finite number, found NaN");
        let err = toml::from_str::<S>("share = 0\ngrowth = inf\n").unwrap_err();
        assert_eq!(err.message(), "must be a finite number, found inf");
        let err = toml::from_str::<S>("share = 30\ngrowth = 0\n").unwrap_err();
        assert_eq!(err.message(), "30 is not a share between 0 and 1 (if you meant 30%, write 0.3)");
    }
}
