//! Every label, title and header the reports show, in Vietnamese and English, in one place.
//! A missing translation is a compile error: each key carries both texts.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

macro_rules! keys {
    ($($key:ident => $vi:literal, $en:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key),+ }

        pub fn tr(lang: Lang, key: Key) -> &'static str {
            match (key, lang) {
                $((Key::$key, Lang::Vi) => $vi, (Key::$key, Lang::En) => $en,)+
            }
        }
    };
}

keys! {
    UtilisationTitle => "Mức sử dụng chỗ học của các cơ sở GDNN, năm {year}", "Use of training places by facility, {year}";
    UtilisationAxis => "Tuyển sinh / chỗ học (%)", "Intake / places (%)";
    UnderUsed => "Dưới 50% (ít được sử dụng)", "Below 50% (under-used)";
    NormalUse => "50-100%", "50-100%";
    OverCapacity => "Trên 100% (quá tải)", "Above 100% (over capacity)";
    SourceLine => "Nguồn: {files}; năm {year}. Tạo bởi tvetplan {version}.", "Source: {files}; year {year}. Made with tvetplan {version}.";
    SupplyDemandTitle => "Cung - cầu theo nghề: thiếu hụt và dư thừa lớn nhất, năm {year}", "Supply and demand by occupation: largest shortages and surpluses, {year}";
    SupplyDemandAxis => "Người (tốt nghiệp / vị trí việc làm cần tuyển)", "People (graduates / job openings)";
    Supply => "Cung: người tốt nghiệp", "Supply: graduates";
    Demand => "Cầu: vị trí cần tuyển", "Demand: job openings";
    CoverageSectorTitle => "Tỷ lệ cung/cầu theo khu vực kinh tế, năm {year}", "Coverage ratio (supply / demand) by sector, {year}";
    CoverageAxis => "Cung / cầu", "Supply / demand";
    Agriculture => "Nông nghiệp", "Agriculture";
    Industry => "Công nghiệp - xây dựng", "Industry and construction";
    Services => "Dịch vụ", "Services";
    Balanced => "Cân đối (0,8-1,2)", "Balanced (0.8-1.2)";
    Shortage => "Thiếu hụt", "Shortage";
    Surplus => "Dư thừa", "Surplus";
    ParetoTitle => "Phương án sắp xếp cơ sở: tiết kiệm ròng và người học bị mất", "Consolidation options: net savings against learners lost";
    ParetoX => "Người học bị mất mỗi năm", "Learners lost per year";
    ParetoY => "Tiết kiệm ròng (triệu đồng/năm)", "Net savings (million VND per year)";
    ParetoFront => "Đường Pareto: không phương án nào tiết kiệm hơn mà mất ít người học hơn", "Pareto front: no option saves more while losing fewer learners";
    OtherOptions => "Các phương án khác", "Other options";
    ComparisonTitle => "So sánh các kịch bản đến năm {year}", "Scenarios compared, to {year}";
    NetSavingsAxis => "Tiết kiệm ròng (triệu đồng/năm)", "Net savings (million VND/year)";
    LearnersLostAxis => "Người học bị mất mỗi năm", "Learners lost per year";
    AlignmentAxis => "Điểm phù hợp cung - cầu (0-100), năm cuối", "Alignment score (0-100) at the horizon";
    ScenarioFiles => "các tệp kịch bản", "scenario files";
    OffChart => "{n} phương án mất hơn {x} người học không hiển thị (xem bảng)", "{n} options losing more than {x} learners not shown (see the table)";
}

/// Replaces `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Numbers the way readers expect them: "1.234.567" and "0,75" in Vietnamese,
/// "1,234,567" and "0.75" in English.
pub fn number(lang: Lang, value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}{point}{frac}") }
}

/// A share as a percentage: 0.2563 -> "25,6%" (vi) / "25.6%" (en).
pub fn percent(lang: Lang, share: f64, decimals: usize) -> String {
    format!("{}%", number(lang, share * 100.0, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(Lang::Vi, 1_234_567.0, 0), "1.234.567");
        assert_eq!(number(Lang::En, 1_234_567.891, 1), "1,234,567.9");
        assert_eq!(number(Lang::Vi, -0.75, 2), "-0,75");
        assert_eq!(number(Lang::En, -0.0001, 2), "0.00");
        assert_eq!(percent(Lang::Vi, 0.2563, 1), "25,6%");
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(tr(Lang::En, Key::UtilisationTitle), &[("year", "2025".into())]),
            "Use of training places by facility, 2025"
        );
    }
}
