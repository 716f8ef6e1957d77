//! Small text helpers shared by the stages.

/// Whether `a` is one typing slip away from `b`: same length and one character changed, or
/// two neighbouring characters swapped. Used for "did you mean" hints on codes (the dataset's
/// own codes in `validate`, the official commune codes in `units`).
pub(crate) fn one_slip(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() != b.len() || a == b {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match diff.as_slice() {
        [_] => true,
        [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_slip_is_one_change_or_one_swap() {
        assert!(one_slip("abc", "abd"));
        assert!(one_slip("abc", "bac"));
        assert!(!one_slip("abc", "cba"));
        assert!(!one_slip("abc", "abcd"));
        assert!(!one_slip("abc", "abc"));
    }

    #[test]
    fn one_slip_finds_mistyped_commune_codes() {
        assert!(one_slip("00097", "00098"));
        assert!(one_slip("00097", "00079"));
        assert!(!one_slip("00097", "00188"));
        assert!(!one_slip("0009", "00097"));
    }
}
