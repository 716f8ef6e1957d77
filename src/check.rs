//! Checks of settings that no single value's type can make: across values (a [low, high]
//! range in order and containing its central value, thresholds in order, not every weight
//! 0), against the data (a known road class) and the attendance settings still checked here.
//! Each value is checked into its type when read ([`crate::settings`]). Each settings
//! struct lists its problems into [`Checks`] under a dotted key
//! (`access.speed_kmh.plain`); the caller turns the key into a place in the user's file
//! (a line of a scenario file through its TOML spans, a row of `targets.csv`). Nothing here
//! knows about files.

use crate::settings::{self, Share};

/// One setting out of its range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SettingProblem {
    /// Keys from the top of the file down to the setting, e.g. `["access", "radius_km"]`.
    pub(crate) path: Vec<String>,
    pub(crate) message: String,
}

impl SettingProblem {
    /// The setting's own key (the last one of the path).
    pub(crate) fn key(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }
}

/// The problems found so far, and the section being checked.
#[derive(Debug, Default)]
pub(crate) struct Checks {
    prefix: Vec<String>,
    pub(crate) problems: Vec<SettingProblem>,
}

/// Shortest text of a number, as the user would write it (0.75, 75, 1e-9).
fn show(v: f64) -> String {
    format!("{v}")
}

impl Checks {
    /// Runs `check` with `name` added to the keys of what it finds.
    pub(crate) fn section(&mut self, name: &str, check: impl FnOnce(&mut Checks)) {
        self.prefix.push(name.to_string());
        check(self);
        self.prefix.pop();
    }

    pub(crate) fn problem(&mut self, key: &str, message: impl Into<String>) {
        let mut path = self.prefix.clone();
        if !key.is_empty() {
            path.push(key.to_string());
        }
        self.problems.push(SettingProblem { path, message: message.into() });
    }

    /// False (and a problem) for NaN and infinities.
    fn finite(&mut self, key: &str, v: f64) -> bool {
        match settings::finite(v) {
            Ok(_) => true,
            Err(e) => {
                self.problem(key, e.to_string());
                false
            }
        }
    }

    /// In `[min, max]`; `unit` names the quantity in the message.
    pub(crate) fn between(&mut self, key: &str, v: f64, min: f64, max: f64, unit: &str) {
        if self.finite(key, v) && !(min..=max).contains(&v) {
            let unit = if unit.is_empty() { String::new() } else { format!(" ({unit})") };
            self.problem(key, format!("must be between {} and {}{unit}, found {}", show(min), show(max), show(v)));
        }
    }

    /// A share or rate in `[0, 1]`, as [`Share`] checks it (a percentage written as a number,
    /// 75, gets a hint).
    pub(crate) fn share(&mut self, key: &str, v: f64) {
        if let Err(e) = Share::new(v) {
            self.problem(key, e.to_string());
        }
    }

    /// `[low, high]` with low <= high, each checked by `each`.
    pub(crate) fn range(&mut self, key: &str, [low, high]: [f64; 2], each: fn(&mut Checks, &str, f64)) {
        each(self, key, low);
        each(self, key, high);
        if low > high {
            self.problem(key, format!("[low, high] must have low <= high, found [{}, {}]", show(low), show(high)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(check: impl FnOnce(&mut Checks)) -> Vec<String> {
        let mut c = Checks::default();
        c.section("s", check);
        c.problems.iter().map(|p| format!("{}: {}", p.path.join("."), p.message)).collect()
    }

    #[test]
    fn a_percentage_written_as_a_number_gets_a_hint() {
        assert_eq!(
            messages(|c| c.share("trained", 75.0)),
            ["s.trained: 75 is not a share between 0 and 1 (if you meant 75%, write 0.75)"]
        );
        assert_eq!(messages(|c| c.share("trained", -0.1)), ["s.trained: must be a share between 0 and 1, found -0.1"]);
        assert!(messages(|c| c.share("trained", 1.0)).is_empty());
    }

    #[test]
    fn bounds_are_inclusive_where_they_say_so() {
        assert_eq!(
            messages(|c| c.between("h", 0.0, 1.0, 5.0, "minutes")),
            ["s.h: must be between 1 and 5 (minutes), found 0"]
        );
        assert_eq!(messages(|c| c.between("h", f64::NAN, 1.0, 5.0, "")), ["s.h: must be a finite number, found NaN"]);
        assert!(messages(|c| c.between("h", 1.0, 1.0, 5.0, "")).is_empty());
        assert!(messages(|c| c.between("h", 5.0, 1.0, 5.0, "")).is_empty());
        assert_eq!(
            messages(|c| c.range("r", [0.3, 0.2], Checks::share)),
            ["s.r: [low, high] must have low <= high, found [0.3, 0.2]"]
        );
    }
}
