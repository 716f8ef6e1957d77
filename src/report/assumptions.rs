//! The assumptions behind a scenario's numbers, with the values the run actually used.
//!
//! One list, built from the scenario's settings, feeds the PDF method page (a table) and
//! `summary.json` (`assumptions`), so the report can never print a default the scenario
//! changed. Each entry names its setting key (as written in a scenario file), its value in
//! both languages and its source. To add an assumption, push one more entry.

use serde::Serialize;

use super::i18n::{Lang, number, percent};
use crate::access::Decay;
use crate::access::attendance::{AttendanceModel, LevelGroup, OutsideShares};
use crate::model::{Code, Sector};
use crate::scenario::Scenario;
use crate::settings::Share;

/// One assumption and the value used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Assumption {
    /// Setting key in a scenario file (`access.radius_km`), or a name for fixed rules.
    pub(crate) key: String,
    pub(crate) label_vi: String,
    pub(crate) label_en: String,
    /// The value as the English report shows it (decimal point), with its unit.
    pub(crate) value: String,
    /// ... as the Vietnamese report shows it (decimal comma).
    pub(crate) value_vi: String,
    pub(crate) source_vi: String,
    pub(crate) source_en: String,
}

impl Assumption {
    pub(crate) fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.label_vi,
            Lang::En => &self.label_en,
        }
    }

    pub(crate) fn value(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.value_vi,
            Lang::En => &self.value,
        }
    }

    pub(crate) fn source(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.source_vi,
            Lang::En => &self.source_en,
        }
    }
}

/// A value in both languages, built with one formatter.
fn both(format: impl Fn(Lang) -> String) -> (String, String) {
    (format(Lang::En), format(Lang::Vi))
}

/// Sources quoted more than once: (Vietnamese, English).
const DECISION_46: (&str, &str) =
    ("Ngưỡng hỗ trợ đi lại, QĐ 46/2015/QĐ-TTg", "Travel-allowance threshold, Decision 46/2015/QĐ-TTg");
const ASSUMED: (&str, &str) = ("Giả định của công cụ (chưa có số liệu)", "Tool assumption (no data found)");
const SCENARIO: (&str, &str) = ("Kịch bản", "Scenario");
const BAND: (&str, &str) = (
    "Quy ước của công cụ (biên ±20%), không phải quy định của ILO",
    "Convention of this tool (a ±20% band), not an ILO rule",
);

struct Builder {
    items: Vec<Assumption>,
}

impl Builder {
    fn push(&mut self, key: &str, label: (&str, &str), value: (String, String), source: (&str, &str)) {
        self.items.push(Assumption {
            key: key.to_string(),
            label_vi: label.0.to_string(),
            label_en: label.1.to_string(),
            value: value.0,
            value_vi: value.1,
            source_vi: source.0.to_string(),
            source_en: source.1.to_string(),
        });
    }
}

/// Every assumption behind access, scoring, projections and options for this scenario,
/// with the value in force.
pub(crate) fn method_assumptions(s: &Scenario, attendance: &AttendanceModel) -> Vec<Assumption> {
    let mut b = Builder { items: Vec::new() };
    let km = |v: f64| both(|lang| format!("{} km", number(lang, v, 1).trim_end_matches(",0").trim_end_matches(".0")));
    let plain = |v: f64, decimals: usize| both(|lang| number(lang, v, decimals));
    let share = |v: f64| both(|lang| percent(lang, v, 1));
    let share_range =
        |[low, high]: [f64; 2]| both(|lang| format!("{} - {}", percent(lang, low, 1), percent(lang, high, 1)));
    let mvnd = |v: f64| {
        both(|lang| match lang {
            Lang::Vi => format!("{} triệu đồng", number(lang, v, 2)),
            Lang::En => format!("{} million VND", number(lang, v, 2)),
        })
    };
    // A central value with the low-high range used for the savings range.
    let mvnd_range = |v: f64, [low, high]: [f64; 2]| {
        both(|lang| {
            let range = format!("{}\u{2013}{}", number(lang, low, 0), number(lang, high, 0));
            match lang {
                Lang::Vi => format!("{} triệu đồng (khoảng {range})", number(lang, v, 0)),
                Lang::En => format!("{} million VND (range {range})", number(lang, v, 0)),
            }
        })
    };

    b.push(
        "horizon",
        ("Năm cơ sở - năm cuối kỳ", "Base year - horizon"),
        both(|_| format!("{} - {}", s.base_year, s.horizon)),
        ("Năm tuyển sinh mới nhất; chiến lược 2021-2030", "Latest enrolment year; 2021-2030 strategy"),
    );

    // Access.
    let a = &s.access;
    b.push("access.radius_km", ("Bán kính tiếp cận", "Reach radius"), km(a.radius_km.get()), DECISION_46);
    b.push(
        "access.radius_km_difficult",
        ("Bán kính tiếp cận, xã đặc biệt khó khăn", "Reach radius, extremely difficult communes"),
        km(a.radius_km_difficult.get()),
        DECISION_46,
    );
    b.push(
        "access.circuity",
        ("Hệ số đường vòng (đường bộ / đường chim bay)", "Circuity (road / straight-line distance)"),
        plain(a.circuity.get(), 2),
        ASSUMED,
    );
    b.push(
        "access.ferry_speed_kmh",
        (
            "Tốc độ tàu, thuyền giữa đảo (đặc khu không có cầu) và nơi khác, theo đường thẳng",
            "Boat speed between an island (special zone without a bridge) and elsewhere, straight line",
        ),
        both(|lang| format!("{} km/h", number(lang, a.ferry_speed_kmh.get(), 0))),
        ASSUMED,
    );
    b.push(
        "access.ferry_boarding_min",
        ("Thời gian chờ và lên tàu, thuyền mỗi chuyến", "Waiting and boarding time per boat trip"),
        both(|lang| match lang {
            Lang::Vi => format!("{} phút", number(lang, a.ferry_boarding_min.get(), 0)),
            Lang::En => format!("{} minutes", number(lang, a.ferry_boarding_min.get(), 0)),
        }),
        ASSUMED,
    );
    b.push(
        "access.speed_kmh.plain",
        ("Tốc độ đi lại, đồng bằng", "Travel speed, plain"),
        both(|lang| format!("{} km/h", number(lang, a.speed_kmh.plain.get(), 0))),
        ASSUMED,
    );
    b.push(
        "access.speed_kmh.mountain",
        ("Tốc độ đi lại, miền núi, đặc biệt khó khăn", "Travel speed, mountain and extremely difficult communes"),
        both(|lang| format!("{} km/h", number(lang, a.speed_kmh.mountain.get(), 0))),
        ASSUMED,
    );
    let minutes = |v: f64| {
        both(|lang| match lang {
            Lang::Vi => format!("{} phút", number(lang, v, 0)),
            Lang::En => format!("{} minutes", number(lang, v, 0)),
        })
    };
    match s.decay {
        Some(decay) => push_decay(&mut b, decay, &minutes),
        None => push_attendance(&mut b, attendance, &minutes),
    }

    // Demand.
    let g = &s.growth;
    let trend = s.growth_trend.map(|[from, to]| {
        (
            format!("Xu hướng của bảng nhu cầu {from}-{to} (chưa nhập tăng trưởng)"),
            format!("Trend of the demand table {from}-{to} (no growth entered)"),
        )
    });
    let growth_source = match &trend {
        Some((vi, en)) => (vi.as_str(), en.as_str()),
        None if *g == crate::score::DemandGrowth::default() => ("Mặc định: không tăng", "Default: no growth"),
        None => SCENARIO,
    };
    if trend.is_none() || g.growth_by_sector.len() < 3 {
        b.push(
            "demand.growth",
            ("Tăng trưởng nhu cầu mỗi năm", "Demand growth per year"),
            share(g.growth.get()),
            growth_source,
        );
    }
    for (sector, rate) in &g.growth_by_sector {
        let sector = Sector::from(*sector);
        b.push(
            &format!("demand.growth_by_sector.{}", sector.name()),
            (
                format!("Tăng trưởng nhu cầu mỗi năm: {}", sector_vi(sector)).as_str(),
                format!("Demand growth per year: {}", sector.name()).as_str(),
            ),
            share(rate.get()),
            growth_source,
        );
    }

    // Scoring.
    let sc = &s.scoring;
    b.push(
        "scoring.shortage_below",
        (
            "Thiếu hụt khi cả khoảng người tham gia thị trường LĐ dưới (× số cần tuyển)",
            "Shortage when the whole range of entrants is below (× openings)",
        ),
        plain(sc.shortage_below.get(), 2),
        BAND,
    );
    b.push(
        "scoring.surplus_above",
        (
            "Dư thừa khi cả khoảng người tham gia thị trường LĐ trên (× số cần tuyển)",
            "Surplus when the whole range of entrants is above (× openings)",
        ),
        plain(sc.surplus_above.get(), 2),
        BAND,
    );
    b.push(
        "scoring.mix_weight",
        (
            "Trọng số cơ cấu nghề trong chỉ số tiếp cận đào tạo phù hợp của xã",
            "Weight of the occupation mix in the communes' access to matching training",
        ),
        plain(sc.mix_weight.get(), 2),
        ASSUMED,
    );
    b.push(
        "scoring.under_used_below",
        ("Ít được sử dụng khi tuyển sinh/quy mô tuyển sinh dưới", "Under-used when intake/places is below"),
        share(sc.under_used_below.get()),
        ASSUMED,
    );
    b.push(
        "scoring.employed_6m_formal_norm",
        (
            "Mục tiêu có việc làm sau 6 tháng: cao đẳng, trung cấp",
            "Employment target after 6 months: college, intermediate",
        ),
        share(sc.employed_6m_formal_norm.get()),
        ("Mục tiêu ngành (80%), dùng khi targets.csv không có", "Sector norm (80%), used when targets.csv has none"),
    );
    b.push(
        "scoring.employed_6m_short_norm",
        (
            "Mục tiêu có việc làm sau 6 tháng: sơ cấp, ngắn hạn",
            "Employment target after 6 months: elementary, short courses",
        ),
        share(sc.employed_6m_short_norm.get()),
        (
            "QĐ 1956/QĐ-TTg (70%), dùng khi targets.csv không có",
            "Decision 1956/QĐ-TTg programme (70%), used when targets.csv has none",
        ),
    );

    // Projections.
    let p = &sc.projection;
    b.push(
        "scoring.projection.exit_rate",
        ("Tỷ lệ rời lực lượng lao động mỗi năm (giá trị chính)", "Yearly exit from the labour force (central)"),
        share(p.exit_rate.get()),
        ("1/40: đời làm việc khoảng 40 năm", "1/40: a working life of about 40 years"),
    );
    b.push(
        "scoring.projection.exit_rate_range",
        ("Tỷ lệ rời lực lượng lao động: thấp - cao", "Yearly exit: low - high"),
        share_range(p.exit_rate_range.map(|v| v.get())),
        ("1/50 - 1/30: đời làm việc 50 đến 30 năm", "1/50 - 1/30: working lives of 50 to 30 years"),
    );
    b.push(
        "scoring.projection.retention",
        (
            "Tỷ lệ người tốt nghiệp ở lại làm việc trong tỉnh (giá trị chính)",
            "Graduates staying in the province (central)",
        ),
        share(p.retention.get()),
        ASSUMED,
    );
    b.push(
        "scoring.projection.retention_range",
        ("Tỷ lệ ở lại trong tỉnh: thấp - cao", "Graduates staying: low - high"),
        share_range(p.retention_range.map(Share::get)),
        ("Giả định: ±10 điểm phần trăm", "Assumption: ±10 percentage points"),
    );
    push_entrants(&mut b, &sc.entrants);
    push_zones(&mut b, &sc.zones);
    b.push(
        "scoring.projection.labour_force_growth",
        ("Tăng lực lượng lao động mỗi năm", "Labour force growth per year"),
        share(p.labour_force_growth.get()),
        ASSUMED,
    );
    b.push(
        "scoring.projection.graduates_new",
        (
            "Tỷ lệ người tốt nghiệp ở lại được cộng thêm vào số đã qua đào tạo (chưa qua đào tạo trước đó)",
            "Retained graduates adding to the stock (not already trained)",
        ),
        share(p.graduates_new.get()),
        (
            "Giả định: với số tốt nghiệp cả nước (khoảng 4% lực lượng lao động mỗi năm), 0,15 cho mức tăng khoảng 1 điểm/năm như số liệu công bố",
            "Assumption: with the national flows (about 4% of the labour force a year), 0.15 gives the published rise of about 1 point a year",
        ),
    );
    b.push(
        "scoring.projection.graduates_new_range",
        ("Tỷ lệ được cộng thêm: thấp - cao", "Adding to the stock: low - high"),
        share_range(p.graduates_new_range.map(Share::get)),
        ASSUMED,
    );
    for (key, label, value, source) in [
        (
            "scoring.projection.leaver_ratio_trained",
            (
                "Tỷ lệ qua đào tạo của người rời lực lượng lao động, so với bình quân",
                "Trained share of leavers, over the average",
            ),
            p.leaver_ratio_trained.get(),
            (
                "Giả định: lao động lớn tuổi ít qua đào tạo hơn (điều tra lao động - việc làm theo nhóm tuổi)",
                "Assumption: older workers are less often trained (labour-force survey by age group)",
            ),
        ),
        (
            "scoring.projection.leaver_ratio_certified",
            (
                "Tỷ lệ có bằng cấp, chứng chỉ của người rời lực lượng lao động, so với bình quân",
                "Certified share of leavers, over the average",
            ),
            p.leaver_ratio_certified.get(),
            (
                "Giả định: lao động lớn tuổi ít có bằng cấp, chứng chỉ hơn (điều tra lao động - việc làm theo nhóm tuổi)",
                "Assumption: older workers hold fewer certificates (labour-force survey by age group)",
            ),
        ),
        (
            "scoring.projection.entrant_ratio_trained",
            (
                "Tỷ lệ qua đào tạo của người mới vào lực lượng lao động, so với bình quân",
                "Trained share of entrants, over the average",
            ),
            p.entrant_ratio_trained.get(),
            ASSUMED,
        ),
        (
            "scoring.projection.entrant_ratio_certified",
            (
                "Tỷ lệ có bằng cấp, chứng chỉ của người mới vào, so với bình quân (không kể đại học)",
                "Certified share of entrants, over the average (degrees apart)",
            ),
            p.entrant_ratio_certified.get(),
            ASSUMED,
        ),
    ] {
        b.push(key, label, plain(value, 2), source);
    }
    b.push(
        "scoring.projection.higher_education",
        (
            "Người tốt nghiệp cao đẳng, đại học ngoài hệ thống GDNN vào lực lượng lao động của tỉnh mỗi năm (so với lực lượng lao động)",
            "College and university graduates outside the vocational system joining the labour force a year (over the labour force)",
        ),
        share(p.higher_education.get()),
        (
            "Giả định: cả nước khoảng 0,9%/năm, tỉnh giữ lại ít hơn",
            "Assumption: about 0.9% a year nationally, provinces keep fewer",
        ),
    );
    b.push(
        "scoring.projection.other_trained",
        (
            "Người được đào tạo từ nguồn khác mỗi năm (so với lực lượng lao động)",
            "Other people trained a year (over the labour force)",
        ),
        share(p.other_trained.get()),
        (
            "0 khi không có số liệu lịch sử; có bảng history thì được hiệu chỉnh theo xu hướng quan sát",
            "0 without history; calibrated to the observed trend when the history table is given",
        ),
    );
    b.push(
        "scoring.projection.other_certified",
        ("Người có thêm bằng cấp, chứng chỉ từ nguồn khác mỗi năm", "Other people certified a year"),
        share(p.other_certified.get()),
        (
            "0 khi không có số liệu lịch sử; có bảng history thì được hiệu chỉnh theo xu hướng quan sát",
            "0 without history; calibrated to the observed trend when the history table is given",
        ),
    );
    push_outside(&mut b, &attendance.outside);

    // Options.
    let o = &s.options;
    b.push(
        "options.k_nearest",
        ("Số cơ sở công lập gần nhất xét sáp nhập", "Nearest public facilities considered for a merge"),
        plain(o.k_nearest.get() as f64, 0),
        ASSUMED,
    );
    b.push(
        "options.travel_support_mvnd",
        ("Hỗ trợ đi lại mỗi người học", "Travel allowance per learner"),
        mvnd(o.travel_support_mvnd.get()),
        ("QĐ 46/2015/QĐ-TTg (200.000 đồng)", "Decision 46/2015/QĐ-TTg (200,000 VND)"),
    );
    b.push(
        "options.travel_support_difficult_mvnd",
        ("Hỗ trợ đi lại, xã đặc biệt khó khăn", "Travel allowance, extremely difficult communes"),
        mvnd(o.travel_support_difficult_mvnd.get()),
        ("QĐ 46/2015/QĐ-TTg (300.000 đồng)", "Decision 46/2015/QĐ-TTg (300,000 VND)"),
    );
    b.push(
        "options.satellite_saving_share",
        ("Phần chi phí cố định tiết kiệm khi thành phân hiệu", "Share of fixed cost saved by a satellite"),
        both(|lang| {
            let [low, high] = o.satellite_saving_share_range.map(|v| v.get());
            let range = format!("{}\u{2013}{}", percent(lang, low, 0), percent(lang, high, 0));
            match lang {
                Lang::Vi => format!("{} (khoảng {range})", percent(lang, o.satellite_saving_share.get(), 0)),
                Lang::En => format!("{} (range {range})", percent(lang, o.satellite_saving_share.get(), 0)),
            }
        }),
        ("Giả định của công cụ (chưa có số liệu); khoảng ±50%", "Tool assumption (no data found); range ±50%"),
    );
    b.push(
        "options.discount_rate",
        (
            "Tỷ lệ chiết khấu thực của tiết kiệm đến năm cuối kỳ",
            "Real discount rate of the savings to the horizon",
        ),
        both(|lang| format!("{}/{}", percent(lang, o.discount_rate.get(), 1), if lang == Lang::Vi { "năm" } else { "year" })),
        (
            "ADB, Hướng dẫn phân tích kinh tế dự án (2017): 6% cho dự án xã hội (9% nói chung)",
            "ADB, Guidelines for the Economic Analysis of Projects (2017): 6% for social sector projects (9% in general)",
        ),
    );
    b.push(
        "options.min_merge_fit",
        ("Sáp nhập chỉ khi nơi nhận còn chỗ cho ít nhất", "Merge only where the receiver has room for at least"),
        share(o.min_merge_fit.get()),
        ASSUMED,
    );
    let c = &o.costs;
    b.push(
        "options.costs.severance_mvnd_per_staff",
        ("Chi trả một lần cho mỗi người nghỉ việc", "One-off payment per staff member who leaves"),
        mvnd_range(c.severance_mvnd_per_staff.get(), c.severance_mvnd_per_staff_range.map(|v| v.get())),
        (
            "Khoảng 30 tháng lương 10 triệu đồng, chính sách tinh giản theo NĐ 178/2024/NĐ-CP (giả định); khoảng 15-45 tháng lương tùy số năm đến tuổi nghỉ hưu",
            "About 30 monthly salaries of 10 M VND, streamlining policy of Decree 178/2024/ND-CP (assumption); range 15-45 months by years to retirement",
        ),
    );
    b.push(
        "options.costs.salary_mvnd_per_staff_year",
        (
            "Chi phí một năm cho mỗi người ở lại biên chế (không được tính là tiết kiệm)",
            "Yearly cost of each staff member kept on the payroll (not counted as saved)",
        ),
        mvnd_range(c.salary_mvnd_per_staff_year.get(), c.salary_mvnd_per_staff_year_range.map(|v| v.get())),
        (
            "Lương khoảng 10 triệu đồng/tháng và 21,5% đóng góp của đơn vị (giả định); khoảng 8-12 triệu đồng/tháng",
            "A salary of about 10 M VND a month and 21.5% employer contributions (assumption); range 8-12 M VND a month",
        ),
    );
    b.push(
        "options.costs.staff_leaving",
        (
            "Tỷ lệ nhân sự nghỉ việc: đóng cửa / sáp nhập / chuyển thành phân hiệu",
            "Staff who leave: close / merge / convert",
        ),
        both(|lang| {
            [
                (c.staff_leaving_close, c.staff_leaving_close_range),
                (c.staff_leaving_merge, c.staff_leaving_merge_range),
                (c.staff_leaving_convert, c.staff_leaving_convert_range),
            ]
            .iter()
            .map(|(v, [low, high])| {
                format!("{} ({}\u{2013}{})", percent(lang, v.get(), 0), percent(lang, low.get(), 0), percent(lang, high.get(), 0))
            })
            .collect::<Vec<_>>()
            .join(" / ")
        }),
        (
            "Ước đoán của công cụ, không có nguồn số liệu: NĐ 29/2023/NĐ-CP (tinh giản biên chế) và NĐ 120/2020/NĐ-CP (tổ chức lại đơn vị sự nghiệp công lập) quy định ai được tinh giản và phương án sắp xếp nhân sự, không cho tỷ lệ người nghỉ việc; trong ngoặc: khoảng dùng cho khoảng tiết kiệm; thứ hạng khi tỷ lệ đóng cửa và sáp nhập bằng nhau: rank_equal_staff",
            "A guess of the tool, without a source for the share: Decree 29/2023/ND-CP (streamlining staff) and Decree 120/2020/ND-CP (reorganising public service units) say who may be streamlined and require a staffing plan, but give no share of staff who leave; in brackets: the range used for the savings range; the ranking with equal shares on closure and merge: rank_equal_staff",
        ),
    );
    let y = &c.course_years;
    b.push(
        "options.costs.course_years",
        (
            "Thời gian khóa học (năm): cao đẳng / trung cấp / sơ cấp / dưới 3 tháng; chi phí của người học chuyển đến tính theo năm học",
            "Course length (years): college / intermediate / elementary / short; moved learners cost the receiver per learner-year",
        ),
        both(|lang| {
            [y.college, y.intermediate, y.elementary, y.short]
                .iter()
                .map(|v| number(lang, v.get(), 3))
                .collect::<Vec<_>>()
                .join(" / ")
        }),
        (
            "Điểm giữa thời gian đào tạo theo Luật GDNN 74/2014/QH13 (2-3 năm, 1-2 năm, 3-12 tháng, dưới 3 tháng)",
            "Midpoints of the durations in the Law on Vocational Education 74/2014/QH13 (2-3 years, 1-2 years, 3-12 months, under 3 months)",
        ),
    );
    b.push(
        "options.costs.priority_share_when_unknown",
        (
            "Tỷ lệ người học ngắn hạn thuộc nhóm được hỗ trợ đi lại, khi dữ liệu không ghi",
            "Short-course learners in the travel-support priority groups, when not recorded",
        ),
        share(c.priority_share_when_unknown.get()),
        ASSUMED,
    );
    b.push(
        "options.public_school_cap",
        ("Số trường công lập tối đa mỗi tỉnh", "Public schools per province, at most"),
        plain(o.public_school_cap.get() as f64, 0),
        ("Công văn 8150/BNV-TCBC (2025)", "Dispatch 8150/BNV-TCBC (2025)"),
    );
    b.push(
        "options.cap_access_weight",
        (
            "Gói đạt trần: trọng số của một người có đường đi đến cơ sở gần nhất cùng trình độ tăng thêm quá ngưỡng, tính bằng người học không tiếp tục học mỗi năm",
            "Cap package: weight of one person whose trip to the nearest facility of their level grows beyond the threshold, in learners lost a year",
        ),
        plain(o.cap_access_weight.get(), 3),
        ASSUMED,
    );
    b.push(
        "options.travel_rise_threshold_min",
        ("Ngưỡng thời gian đi tăng thêm được tính là đi xa thêm", "Added travel time counted as a longer trip"),
        minutes(o.travel_rise_threshold_min.get()),
        ASSUMED,
    );
    b.push(
        "options.cap_max_merge_min",
        (
            "Gói đạt trần: thời gian đi tối đa từ xã của trường đến nơi nhận khi sáp nhập",
            "Cap package: longest trip from the school's commune to a merge receiver",
        ),
        minutes(o.cap_max_merge_min.get()),
        ASSUMED,
    );
    b.push(
        "options.cap_fit_weight",
        (
            "Gói đạt trần: thiệt hại tính thêm cho mỗi người học chuyển sang nơi nhận khác lĩnh vực (nhân với 1 - mức trùng lĩnh vực)",
            "Cap package: cost added per learner moved into a receiver of another sector (times 1 - the sector overlap)",
        ),
        plain(o.cap_fit_weight.get(), 2),
        ASSUMED,
    );
    let w = &o.weights;
    b.push(
        "options.weights",
        (
            "Trọng số xếp hạng: tiết kiệm / người học / chỗ dư / nông thôn / phù hợp (số người lệch cung - cầu)",
            "Ranking weights: savings / learners / idle places / rural access / alignment (people mismatched)",
        ),
        both(|lang| {
            [w.savings, w.learners_lost, w.under_use, w.rural_access, w.alignment]
                .iter()
                .map(|v| number(lang, v.get(), 2))
                .collect::<Vec<_>>()
                .join(" / ")
        }),
        ASSUMED,
    );

    // Targets the scenario overrides.
    let t = &s.targets;
    let overrides = [
        ("targets.trained", t.trained),
        ("targets.certified", t.certified),
        ("targets.urban_unemployment_max", t.urban_unemployment_max),
        ("targets.poverty_reduction", t.poverty_reduction),
        ("targets.employed_6m", t.employed_6m),
        ("targets.employed_6m_formal", t.employed_6m_formal),
        ("targets.employed_6m_short", t.employed_6m_short),
    ];
    for (key, value) in overrides {
        if let Some(v) = value {
            let name = key.trim_start_matches("targets.");
            let label = (format!("Mục tiêu {name}"), format!("Target {name}"));
            b.push(key, (label.0.as_str(), label.1.as_str()), share(v.get()), SCENARIO);
        }
    }

    if let Some(spec) = &s.optimise {
        let cost = spec
            .travel_cost_mvnd_per_minute
            .map_or(crate::optimise::network::DEFAULT_TRAVEL_COST_MVND_PER_MINUTE, |v| v.get());
        b.push(
            "optimise.travel_cost_mvnd_per_minute",
            ("Chi phí đi lại mỗi phút một chiều, mỗi năm", "Travel cost per one-way minute, per year"),
            mvnd(cost),
            (
                "Giả định: 100 lượt đi về mỗi năm, 20.000 đồng một giờ",
                "Assumption: 100 round trips a year at 20,000 VND an hour",
            ),
        );
    }
    if let Some(used) = &s.roads_used {
        push_roads(&mut b, used);
    }
    b.items
}

/// The road network of `--roads`: the extract, the settings in force, the fallback count.
/// How labour-market zones are drawn.
fn push_zones(b: &mut Builder, z: &crate::score::ZoneSettings) {
    b.push(
        "scoring.zones.minutes",
        ("Vùng lao động: tầm của một trung tâm việc làm", "Labour-market zones: reach of an employment centre"),
        both(|lang| match lang {
            Lang::Vi => format!("{} phút", number(lang, z.minutes.get(), 0)),
            Lang::En => format!("{} minutes", number(lang, z.minutes.get(), 0)),
        }),
        (
            "Quy ước vùng đi lại hằng ngày (45-60 phút); thời gian ước tính theo đường chim bay × hệ số đường vòng",
            "Commuting-zone convention (45-60 minutes); times estimated as the straight line × circuity",
        ),
    );
    b.push(
        "scoring.zones.max_zones",
        ("Số vùng lao động tối đa mỗi tỉnh", "Most labour-market zones per province"),
        both(|_| z.max_zones.get().to_string()),
        ASSUMED,
    );
    b.push(
        "scoring.zones.min_new_openings_share",
        (
            "Trung tâm việc làm mới phải thêm ít nhất (phần vị trí cần tuyển của tỉnh)",
            "A further employment centre brings at least (share of the province's openings)",
        ),
        both(|lang| percent(lang, z.min_new_openings_share.get(), 0)),
        ASSUMED,
    );
    b.push(
        "scoring.zones.few_openings_below",
        (
            "Vùng có ít vị trí cần tuyển (đánh dấu trên bản đồ) khi dưới",
            "Zone with few openings (marked on the map) below",
        ),
        both(|lang| number(lang, z.few_openings_below.get(), 0)),
        ASSUMED,
    );
}

/// How graduates become entrants, and openings without a level fall into level groups.
fn push_entrants(b: &mut Builder, e: &crate::score::EntrantSettings) {
    let with_range = |v: Share, [low, high]: [Share; 2]| {
        both(|lang| {
            format!(
                "{} ({}\u{2013}{})",
                percent(lang, v.get(), 0),
                percent(lang, low.get(), 0),
                percent(lang, high.get(), 0)
            )
        })
    };
    b.push(
        "scoring.entrants.openings_formal_share",
        (
            "Vị trí cần tuyển không ghi trình độ: phần cần cao đẳng, trung cấp (thấp–cao)",
            "Openings without a level: share asking for college or intermediate (low–high)",
        ),
        with_range(e.openings_formal_share, e.openings_formal_share_range),
        (
            "Giả định; ghi cột level trong demand.csv để thay thế",
            "Assumption; give the level column of demand.csv to replace it",
        ),
    );
    let groups = [
        ("college_intermediate", "cao đẳng, trung cấp", "college, intermediate", &e.college_intermediate),
        ("elementary_short", "sơ cấp, ngắn hạn", "elementary, short", &e.elementary_short),
    ];
    for (key, vi, en, shares) in groups {
        b.push(
            &format!("scoring.entrants.{key}.continuing_study"),
            (
                format!("Người tốt nghiệp học tiếp lên trình độ cao hơn: {vi} (thấp–cao)").as_str(),
                format!("Graduates studying on at a higher level: {en} (low–high)").as_str(),
            ),
            with_range(shares.continuing_study, shares.continuing_study_range),
            ("Giả định (chưa có số liệu điều tra lần vết của tỉnh)", "Assumption (no provincial tracer data)"),
        );
        b.push(
            &format!("scoring.entrants.{key}.already_employed"),
            (
                format!("Người học đã có việc làm, học nâng cao tay nghề: {vi} (thấp–cao)").as_str(),
                format!("Learners already employed, upskilling: {en} (low–high)").as_str(),
            ),
            with_range(shares.already_employed, shares.already_employed_range),
            ("Giả định (chưa có số liệu điều tra lần vết của tỉnh)", "Assumption (no provincial tracer data)"),
        );
    }
}

fn push_roads(b: &mut Builder, used: &crate::access::roads::RoadsUsed) {
    let r = &used.settings;
    let circular = (
        "Thấp hơn tốc độ tối đa của xe máy (TT 38/2024/TT-BGTVT), giả định của công cụ",
        "Below the motorbike speed limits (Circular 38/2024/TT-BGTVT), tool assumption",
    );
    let chosen = |default: (&'static str, &'static str)| if used.from_scenario { SCENARIO } else { default };
    let date = |lang: Lang| match (&used.date, lang) {
        (Some(d), _) => d.clone(),
        (None, Lang::Vi) => "không ghi ngày".into(),
        (None, Lang::En) => "no date in the file".into(),
    };
    b.push(
        "roads.extract",
        ("Mạng lưới đường bộ (tệp OpenStreetMap)", "Road network (OpenStreetMap extract)"),
        both(|lang| format!("{}, {}, SHA-256 {}", used.extract, date(lang), used.sha256_prefix)),
        ("© Những người đóng góp OpenStreetMap, ODbL", "© OpenStreetMap contributors, ODbL"),
    );
    let speeds = |lang: Lang| {
        let mut classes: Vec<(&String, &f64)> = r.speed_kmh.iter().collect();
        classes.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = classes.iter().map(|(k, v)| format!("{k} {}", number(lang, **v, 0))).collect();
        format!("{} km/h", list.join("; "))
    };
    b.push(
        "roads.speed_kmh",
        ("Tốc độ xe máy theo loại đường (highway)", "Motorbike speed by road class (highway)"),
        both(speeds),
        chosen(circular),
    );
    b.push(
        "roads.unpaved_factor",
        ("Hệ số tốc độ trên đường không trải nhựa", "Speed factor on unpaved roads"),
        both(|lang| number(lang, r.unpaved_factor, 2)),
        chosen(ASSUMED),
    );
    b.push(
        "roads.ferry_kmh",
        ("Phà: tốc độ (khi tuyến phà không ghi thời gian)", "Ferry: speed (when the route gives no duration)"),
        both(|lang| format!("{} km/h", number(lang, r.ferry_kmh, 0))),
        chosen(ASSUMED),
    );
    b.push(
        "roads.ferry_boarding_min",
        ("Phà: thời gian chờ và lên phà", "Ferry: waiting and boarding time"),
        both(|lang| match lang {
            Lang::Vi => format!("{} phút", number(lang, r.ferry_boarding_min, 0)),
            Lang::En => format!("{} minutes", number(lang, r.ferry_boarding_min, 0)),
        }),
        chosen(ASSUMED),
    );
    b.push(
        "roads.snap_max_km",
        (
            "Khoảng cách tối đa từ điểm đến đường gần nhất (xa hơn: ước tính đường chim bay)",
            "Largest distance from a point to its road (beyond: straight-line estimate)",
        ),
        both(|lang| match lang {
            Lang::Vi => format!("{} km, đi với {} km/h", number(lang, r.snap_max_km, 1), number(lang, r.snap_kmh, 0)),
            Lang::En => {
                format!("{} km, covered at {} km/h", number(lang, r.snap_max_km, 1), number(lang, r.snap_kmh, 0))
            }
        }),
        chosen(ASSUMED),
    );
    b.push(
        "roads.max_minutes",
        ("Giới hạn thời gian tìm đường", "Route search limit"),
        both(|lang| match lang {
            Lang::Vi => format!("{} phút", number(lang, r.max_minutes, 0)),
            Lang::En => format!("{} minutes", number(lang, r.max_minutes, 0)),
        }),
        chosen(ASSUMED),
    );
    b.push(
        "roads.fallback_points",
        (
            "Xã và cơ sở quá xa đường bộ (dùng ước tính đường chim bay)",
            "Communes and facilities too far from any road (straight-line estimate)",
        ),
        both(|lang| number(lang, used.fallback_points as f64, 0)),
        ("Kết quả gắn điểm vào đường, road_snapping.csv", "Snapping result, road_snapping.csv"),
    );
}

/// A planner's `[decay]`, the same for every level.
fn push_decay(b: &mut Builder, decay: Decay, minutes: &dyn Fn(f64) -> (String, String)) {
    match decay {
        Decay::Exponential { half_life_min } => b.push(
            "decay.half_life_min",
            (
                "Suy giảm theo thời gian đi lại (hàm mũ), mọi trình độ: thời gian làm số người theo học giảm một nửa",
                "Distance decay by travel time (exponential), every level: time that halves attendance",
            ),
            minutes(half_life_min),
            SCENARIO,
        ),
        Decay::Linear { max_min } => b.push(
            "decay.max_min",
            ("Suy giảm theo thời gian đi lại (tuyến tính): bằng 0 sau", "Distance decay (linear): zero after"),
            minutes(max_min),
            SCENARIO,
        ),
        Decay::Power { exponent, scale_min } => b.push(
            "decay.exponent",
            ("Suy giảm theo thời gian đi lại (lũy thừa): số mũ; thang", "Distance decay (power): exponent; scale"),
            both(|lang| {
                let scale = minutes(scale_min);
                let scale = if lang == Lang::Vi { scale.1 } else { scale.0 };
                format!("{}; {scale}", number(lang, exponent, 2))
            }),
            SCENARIO,
        ),
    }
}

/// The attendance model's half-lives by level group, with their interval and origin.
fn push_attendance(b: &mut Builder, m: &AttendanceModel, minutes: &dyn Fn(f64) -> (String, String)) {
    for group in LevelGroup::ALL {
        let [low, high] = m.half_life_ci_min[group as usize];
        let central = minutes(m.decay(group).time_scale_min());
        let value = (
            format!("{} ({}-{})", central.0, number(Lang::En, low, 0), number(Lang::En, high, 0)),
            format!("{} ({}-{})", central.1, number(Lang::Vi, low, 0), number(Lang::Vi, high, 0)),
        );
        let (key, label) = match group {
            LevelGroup::Formal => (
                "attendance.half_life_formal_min",
                (
                    "Thời gian đi lại làm số người theo học giảm một nửa (cao đẳng, trung cấp); trong ngoặc: khoảng",
                    "Travel time that halves attendance (college, intermediate); in brackets: range",
                ),
            ),
            LevelGroup::Short => (
                "attendance.half_life_short_min",
                (
                    "Thời gian đi lại làm số người theo học giảm một nửa (sơ cấp, ngắn hạn); trong ngoặc: khoảng",
                    "Travel time that halves attendance (elementary, short courses); in brackets: range",
                ),
            ),
        };
        let records = |lang| number(lang, m.fitted_from as f64, 0);
        let g = group as usize;
        let fit = m.fit.as_ref().filter(|f| f.informed[g]);
        let rural = fit.is_some_and(|f| f.basis == crate::access::attendance::FitBasis::RuralShare);
        let (data_vi, data_en) = if rural {
            (
                format!("tỷ lệ người học nông thôn của {} người học (bảng tuyển sinh)", records(Lang::Vi)),
                format!("the rural share of {} learners (enrolment table)", records(Lang::En)),
            )
        } else {
            (format!("{} hồ sơ người học", records(Lang::Vi)), format!("{} learner records", records(Lang::En)))
        };
        let source = match fit {
            Some(_) if m.identified[g] => (
                format!("Ước lượng từ {data_vi} (khoảng tin cậy 95%, theo cơ sở)"),
                format!("Fitted to {data_en} (95% interval, clustered by facility)"),
            ),
            // The fit ran but the data do not determine the half-life: the default is used,
            // and the words say so.
            Some(f) => {
                let [flo, fhi] = f.half_life_ci_min[g];
                let fitted = |lang| {
                    let h = number(lang, f.half_life_min[g], 1);
                    let (lo, hi) = (number(lang, flo, 0), number(lang, fhi, 0));
                    match lang {
                        Lang::Vi => format!("ước lượng {h} phút, khoảng tin cậy 95% {lo}-{hi}"),
                        Lang::En => format!("fitted {h} min, 95% interval {lo}-{hi}"),
                    }
                };
                (
                    format!(
                        "Số liệu không xác định được giá trị này ({data_vi}: {}); dùng giá trị mặc định {}, \
                         khoảng {}-{}",
                        fitted(Lang::Vi),
                        central.1,
                        number(Lang::Vi, low, 0),
                        number(Lang::Vi, high, 0)
                    ),
                    format!(
                        "The data do not determine it ({data_en}: {}); default {}, range {}-{}, used",
                        fitted(Lang::En),
                        central.0,
                        number(Lang::En, low, 0),
                        number(Lang::En, high, 0)
                    ),
                )
            }
            None => (
                "Giả định: trường tuyển cả tỉnh, lớp ngắn hạn tuyển tại chỗ; chưa có ước lượng cho Việt Nam".into(),
                "Assumption: schools recruit province-wide, short courses locally; no Vietnamese estimate found".into(),
            ),
        };
        let source = (source.0.as_str(), source.1.as_str());
        b.push(key, label, value, source);
    }
}

/// Learners from outside the province: the shares in force by level group, where they
/// come from, and what happens to them on a closure.
fn push_outside(b: &mut Builder, o: &OutsideShares) {
    let [formal, short] = o.by_group;
    let value = both(|lang| match lang {
        Lang::Vi => {
            format!("cao đẳng, trung cấp {}; sơ cấp, ngắn hạn {}", percent(lang, formal, 1), percent(lang, short, 1))
        }
        Lang::En => {
            format!("college, intermediate {}; elementary, short {}", percent(lang, formal, 1), percent(lang, short, 1))
        }
    });
    let rule_vi = "khi đóng, sáp nhập, chuyển đổi: phương án trung tâm cho họ theo học tiếp cùng tỷ lệ và \
                   cùng nơi với người học trong tỉnh; phương án ít mất nhất: tất cả theo học tiếp; phương án \
                   mất nhiều nhất: không ai theo học tiếp";
    let rule_en = "on a close, merge or convert: central, they follow in the same proportion and to the same \
                   places as the in-province learners; low-loss: all follow; high-loss: none follow";
    let records_vi = format!(
        "{} hồ sơ người học năm cơ sở có xã nơi ở ngoài tỉnh của cơ sở",
        number(Lang::Vi, o.records_outside as f64, 0)
    );
    let records_en = format!(
        "{} base-year learner records with a home commune outside the facility's province",
        number(Lang::En, o.records_outside as f64, 0)
    );
    let (from_vi, from_en) = match o.source {
        "records" => (format!("Số liệu: {records_vi}"), format!("Data: {records_en}")),
        "records_and_setting" => (
            format!("Số liệu: {records_vi}; cơ sở không có hồ sơ dùng giá trị thiết lập"),
            format!("Data: {records_en}; facilities without records use the setting"),
        ),
        _ => (
            format!(
                "Không có dữ liệu: {} (lấy từ sổ tuyển sinh của trường; từ 0 đến 1)",
                if o.setting == [0.0; 2] { "0".to_string() } else { "giá trị thiết lập".to_string() }
            ),
            format!(
                "No data: {} (set it from the school's enrolment register; 0 to 1)",
                if o.setting == [0.0; 2] { "0" } else { "the setting" }
            ),
        ),
    };
    let source = (format!("{from_vi}; {rule_vi}"), format!("{from_en}; {rule_en}"));
    b.push(
        "attendance.outside_province",
        ("Người học đến từ tỉnh khác", "Learners from other provinces"),
        value,
        (&source.0, &source.1),
    );
}

fn sector_vi(sector: Sector) -> &'static str {
    match sector {
        Sector::Agriculture => "nông nghiệp",
        Sector::Industry => "công nghiệp - xây dựng",
        Sector::Services => "dịch vụ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dataset;
    use crate::testkit::*;

    fn scenario(text: &str) -> Scenario {
        let ds = Dataset {
            areas: vec![area("A", 19.0, 105.0, false)],
            facilities: vec![facility("F1", 19.0, 105.0)],
            occupations: vec![occupation("weld", crate::model::Sector::Industry)],
            enrolment: vec![enrolment(2025, "F1", "weld", 10.0, 8.0)],
            ..Default::default()
        };
        Scenario::from_toml("s.toml", text, &ds).unwrap()
    }

    fn method_assumptions_of(s: &Scenario) -> Vec<Assumption> {
        method_assumptions(s, &AttendanceModel::from_settings(&s.attendance))
    }

    fn value<'a>(list: &'a [Assumption], key: &str, lang: Lang) -> &'a str {
        list.iter().find(|a| a.key == key).unwrap_or_else(|| panic!("no {key}")).value(lang)
    }

    #[test]
    fn the_values_are_those_the_scenario_set() {
        let list = method_assumptions_of(&scenario(
            "name = \"x\"\n[access]\nradius_km = 10\ncircuity = 1.45\n[decay]\nkind = \"exponential\"\nhalf_life_min = 30\n\
             [demand]\ngrowth = 0.04\n[scoring.projection]\nexit_rate = 0.03\n",
        ));
        assert_eq!(value(&list, "access.radius_km", Lang::En), "10 km");
        assert_eq!(value(&list, "access.circuity", Lang::En), "1.45");
        assert_eq!(value(&list, "access.circuity", Lang::Vi), "1,45");
        assert_eq!(value(&list, "decay.half_life_min", Lang::En), "30 minutes");
        assert_eq!(value(&list, "decay.half_life_min", Lang::Vi), "30 phút");
        assert_eq!(value(&list, "demand.growth", Lang::Vi), "4,0%");
        assert_eq!(value(&list, "scoring.projection.exit_rate", Lang::En), "3.0%");
        assert_eq!(value(&list, "scoring.projection.exit_rate_range", Lang::En), "2.0% - 3.3%");
    }

    #[test]
    fn a_half_life_the_data_do_not_determine_is_said_in_words() {
        // A rural-share fit of 1,234 learners: formal 45.2 minutes (35-58), determined;
        // short 141.6 (3-600), the whole search range: the default 30 (20-45) is used and
        // the row says so.
        use crate::access::attendance::FitReport;
        let s = scenario("name = \"x\"\n");
        let mut model = AttendanceModel::from_settings(&s.attendance);
        model.formal = crate::access::Decay::Exponential { half_life_min: 45.2 };
        model.half_life_ci_min[0] = [35.0, 58.0];
        model.identified = [true, false];
        model.fitted_from = 1234;
        model.fit = Some(FitReport {
            half_life_min: [45.2, 141.6],
            half_life_ci_min: [[35.0, 58.0], [3.0, 600.0]],
            records: 1234,
            checks: Vec::new(),
            basis: crate::access::attendance::FitBasis::RuralShare,
            informed: [true, true],
        });
        let list = method_assumptions(&s, &model);
        let source = |key: &str, lang| list.iter().find(|a| a.key == key).unwrap().source(lang).to_string();
        assert_eq!(
            source("attendance.half_life_formal_min", Lang::En),
            "Fitted to the rural share of 1,234 learners (enrolment table) (95% interval, clustered by facility)"
        );
        assert_eq!(
            source("attendance.half_life_short_min", Lang::En),
            "The data do not determine it (the rural share of 1,234 learners (enrolment table): fitted 141.6 min, \
             95% interval 3-600); default 30 minutes, range 20-45, used"
        );
        assert_eq!(
            source("attendance.half_life_short_min", Lang::Vi),
            "Số liệu không xác định được giá trị này (tỷ lệ người học nông thôn của 1.234 người học (bảng tuyển \
             sinh): ước lượng 141,6 phút, khoảng tin cậy 95% 3-600); dùng giá trị mặc định 30 phút, khoảng 20-45"
        );
        assert_eq!(value(&list, "attendance.half_life_short_min", Lang::En), "30 minutes (20-45)");
    }

    #[test]
    fn defaults_are_listed_with_their_sources() {
        let list = method_assumptions_of(&scenario("name = \"x\"\n"));
        assert_eq!(value(&list, "access.radius_km", Lang::Vi), "15 km");
        assert_eq!(value(&list, "access.radius_km_difficult", Lang::En), "5 km");
        assert_eq!(value(&list, "options.travel_support_mvnd", Lang::En), "0.20 million VND");
        assert_eq!(value(&list, "scoring.projection.higher_education", Lang::Vi), "0,5%");
        assert_eq!(value(&list, "scoring.projection.leaver_ratio_certified", Lang::En), "0.60");
        assert_eq!(
            value(&list, "attendance.outside_province", Lang::En),
            "college, intermediate 0.0%; elementary, short 0.0%"
        );
        assert_eq!(value(&list, "attendance.half_life_formal_min", Lang::En), "60 minutes (40-90)");
        assert_eq!(value(&list, "attendance.half_life_short_min", Lang::Vi), "30 phút (20-45)");
        assert_eq!(
            value(&list, "options.costs.staff_leaving", Lang::En),
            "50% (30%\u{2013}70%) / 20% (10%\u{2013}30%) / 10% (5%\u{2013}20%)"
        );
        assert_eq!(value(&list, "options.discount_rate", Lang::En), "6.0%/year");
        assert_eq!(value(&list, "options.discount_rate", Lang::Vi), "6,0%/năm");
        assert_eq!(
            value(&list, "options.costs.severance_mvnd_per_staff", Lang::En),
            "300 million VND (range 150\u{2013}450)"
        );
        assert!(list.iter().all(|a| !a.source_vi.is_empty() && !a.source_en.is_empty()));
        let keys: std::collections::HashSet<_> = list.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys.len(), list.len(), "keys are unique");
    }

    #[test]
    fn the_outside_row_says_where_its_share_comes_from() {
        use crate::access::attendance::AttendanceSettings;
        let row = |o: &OutsideShares| {
            let mut b = Builder { items: Vec::new() };
            push_outside(&mut b, o);
            b.items.remove(0)
        };
        let none = row(&OutsideShares::from_settings(&AttendanceSettings::default()));
        assert!(
            none.source_en.starts_with("No data: 0 (set it from the school's enrolment register; 0 to 1); on a close"),
            "{}",
            none.source_en
        );
        assert!(
            none.source_vi.starts_with("Không có dữ liệu: 0 (lấy từ sổ tuyển sinh của trường"),
            "{}",
            none.source_vi
        );
        let recorded = OutsideShares {
            by_group: [0.083, 0.0],
            source: "records",
            records_outside: 1234,
            ..OutsideShares::from_settings(&AttendanceSettings::default())
        };
        let r = row(&recorded);
        assert_eq!(r.value, "college, intermediate 8.3%; elementary, short 0.0%");
        assert_eq!(r.value_vi, "cao đẳng, trung cấp 8,3%; sơ cấp, ngắn hạn 0,0%");
        assert!(r.source_en.starts_with("Data: 1,234 base-year learner records"), "{}", r.source_en);
        assert!(r.source_en.ends_with("low-loss: all follow; high-loss: none follow"), "{}", r.source_en);
    }
}
