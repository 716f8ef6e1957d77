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
                show(v / 100.0)
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
            format!(" (if you meant {}% a year, write {})", show(v), show(v / 100.0))
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

    #[test]
    fn constants_are_checked_too() {
        assert_eq!(Share::constant(0.5).get(), 0.5);
        assert_eq!(Growth::constant(-0.5).get(), -0.5);
        assert!(std::panic::catch_unwind(|| Share::constant(1.5)).is_err());
        assert!(std::panic::catch_unwind(|| Share::constant(f64::NAN)).is_err());
        assert!(std::panic::catch_unwind(|| Growth::constant(0.7)).is_err());
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
