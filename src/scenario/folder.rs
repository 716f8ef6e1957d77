//! The folder a scenario's report goes to, from its name.

/// Vietnamese letters and their ASCII base letter.
const VIETNAMESE: [(&str, char); 14] = [
    ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
    ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'),
    ("èéẻẽẹêềếểễệ", 'e'),
    ("ÈÉẺẼẸÊỀẾỂỄỆ", 'E'),
    ("ìíỉĩị", 'i'),
    ("ÌÍỈĨỊ", 'I'),
    ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
    ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'),
    ("ùúủũụưừứửữự", 'u'),
    ("ÙÚỦŨỤƯỪỨỬỮỰ", 'U'),
    ("ỳýỷỹỵ", 'y'),
    ("ỲÝỶỸỴ", 'Y'),
    ("đ", 'd'),
    ("Đ", 'D'),
];

fn ascii_letter(c: char) -> Option<char> {
    if c.is_ascii_alphanumeric() {
        return Some(c);
    }
    VIETNAMESE.iter().find(|(letters, _)| letters.contains(c)).map(|(_, base)| *base)
}

/// Makes a scenario name safe as a single folder name on every system: lowercase ASCII
/// letters and digits (Vietnamese letters lose their marks), `-` and `_`; everything else
/// becomes `-`; never empty, never `.`/`..`, never a reserved Windows device name, at most
/// 80 characters.
pub(crate) fn folder_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        let c = match ascii_letter(c) {
            Some(letter) => letter.to_ascii_lowercase(),
            None if c == '_' => '_',
            None => '-',
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let mut out: String = out.trim_matches('-').chars().take(80).collect();
    if out.is_empty() {
        out = "scenario".to_string();
    }
    const RESERVED: [&str; 22] = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1",
        "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    ];
    if RESERVED.contains(&out.to_lowercase().as_str()) {
        out.push_str("-scenario");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_stay_inside_the_output_folder() {
        assert_eq!(folder_name("../../x"), "x");
        assert_eq!(folder_name("/etc/passwd"), "etc-passwd");
        assert_eq!(folder_name("Sáp nhập trung tâm nhỏ"), "sap-nhap-trung-tam-nho");
        assert_eq!(folder_name("Đẩy mạnh đào tạo nông thôn"), "day-manh-dao-tao-nong-thon");
        assert_eq!(folder_name(".."), "scenario");
        assert_eq!(folder_name(""), "scenario");
        assert_eq!(folder_name("CON"), "con-scenario");
        assert_eq!(folder_name("a\\b:c"), "a-b-c");
        assert!(folder_name(&"x".repeat(500)).len() <= 80);
    }
}
