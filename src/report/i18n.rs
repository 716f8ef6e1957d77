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
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

macro_rules! keys {
    ($($key:ident => $vi:literal, $en:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(clippy::enum_variant_names, reason = "`KeyFigures` is the key-figures heading")]
        pub(crate) enum Key { $($key),+ }

        pub(crate) fn tr(lang: Lang, key: Key) -> &'static str {
            match (key, lang) {
                $((Key::$key, Lang::Vi) => $vi, (Key::$key, Lang::En) => $en,)+
            }
        }
    };
}

keys! {
    UtilisationTitle => "Tuyển sinh so với quy mô tuyển sinh của các cơ sở GDNN, năm {year}", "Use of training places by facility, {year}";
    UtilisationAxis => "Tuyển sinh / quy mô tuyển sinh (%)", "Intake / places (%)";
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
    ParetoTitle => "Phương án sắp xếp cơ sở: tiết kiệm ngân sách và người học không tiếp tục học", "Consolidation options: budget savings against learners lost";
    ParetoX => "Người học không tiếp tục học mỗi năm", "Learners lost per year";
    ParetoY => "Tiết kiệm NS đến năm cuối kỳ, trừ chi phí một lần (triệu đồng)", "Budget savings to the horizon, less one-off costs (million VND)";
    ParetoFront => "Đường Pareto: không phương án nào tiết kiệm hơn mà mất ít người học hơn", "Pareto front: no option saves more while losing fewer learners";
    OtherOptions => "Các phương án khác", "Other options";
    BestRanked => "Xếp hạng cao nhất (mỗi cơ sở một phương án, số # như trong bảng)", "Best-ranked (one option per facility, # as in the table)";
    ComparisonTitle => "So sánh các kịch bản đến năm {year}", "Scenarios compared, to {year}";
    NetSavingsAxis => "Tiết kiệm, tr.đ/năm", "Savings, M VND/yr";
    LearnersLostAxis => "Không tiếp tục học/năm", "Learners lost/yr";
    PeopleOutOfReachAxis => "Mới ngoài tầm (người)", "Newly out of reach";
    BaselineLabel => "Hiện trạng", "Baseline";
    AlignmentAxis => "Người tốt nghiệp chưa có vị trí phù hợp", "Entrants without a matching opening";
    ScenarioFiles => "các tệp kịch bản", "scenario files";
    AlignmentMapTitle => "Chưa có người theo vùng lao động, {year}: {group}", "Unfilled openings by zone, {year}: {group}";
    AlignmentSurplusMapTitle => "Chưa có vị trí phù hợp theo vùng, {year}: {group}", "Entrants without an opening by zone, {year}: {group}";
    NoSureShortageShort => "không nhóm nào còn vị trí chưa có người", "no unfilled openings";
    NoSureSurplusShort => "không nhóm nào dư người tốt nghiệp", "no unplaced entrants";
    FewOpeningsZone => "Vùng có dưới {n} vị trí cần tuyển: số liệu mỏng", "Zone with fewer than {n} openings: thin data";
    ZoneBorder => "Ranh giới vùng (tên: trung tâm việc làm)", "Zone border (name: employment centre)";
    AccessMapTitle => "Thời gian đi đến cơ sở GDNN gần nhất", "Travel time to the nearest training facility";
    OutOfReach => "Không có cơ sở trong tầm tiếp cận", "No facility within reach";
    CircleSize => "Cỡ vòng tròn: quy mô tuyển sinh", "Circle size: training places";
    ClassZeroAlignment => "0 (không có đào tạo phù hợp trong tầm)", "0 (no matching training within reach)";
    ClassUnder => "dưới {value}", "under {value}";
    UnitOpenings => " vị trí", " openings";
    UnitEntrants => " người", " entrants";
    ClassRange => "{from} - dưới {to}", "{from} to under {to}";
    ClassAndOver => "từ {value} trở lên", "{value} and over";
    ClassAll => "mọi giá trị khác 0", "every value above 0";
    Minutes => "phút", "min";
    CostTitle => "Chi phí trên một người tốt nghiệp, năm {year}", "Cost per graduate, {year}";
    CostAxis => "Triệu đồng / người tốt nghiệp", "Million VND per graduate";
    Median => "Trung vị {value}", "Median {value}";
    Public => "Công lập", "Public";
    PrivateOrForeign => "Tư thục, có vốn nước ngoài", "Private or foreign-invested";
    KpiTitle => "Tỷ lệ lao động qua đào tạo và có bằng cấp, chứng chỉ: dự báo đến năm {year}", "Trained workers and workers with a diploma or certificate: projection to {year}";
    Trained => "Qua đào tạo", "Trained";
    Certified => "Có bằng cấp, chứng chỉ", "With diploma or certificate";
    TargetOf => "Mục tiêu {what}: {value}%", "Target, {what}: {value}%";
    ObservedOf => "Số liệu các năm trước: {what}", "Observed, {what}";
    ShadedRange => "Vùng tô màu: từ đường sớm nhất đến đường muộn nhất.", "Shaded: from the early to the late path.";
    TermLeavers => "người rời lực lượng lao động", "leavers";
    TermGrowth => "lực lượng lao động tăng thêm", "labour-force growth";
    TermEntrants => "người mới vào lực lượng lao động", "entrants";
    TermGraduates => "người tốt nghiệp GDNN", "vocational graduates";
    TermHigherEducation => "tốt nghiệp cao đẳng, đại học ngoài GDNN", "college and university graduates";
    TermOther => "đào tạo khác", "other training";
    ProjectionTerms => "{what}: từ {from}% năm {base} đến {to}% năm {horizon}; đóng góp (điểm phần trăm): {terms}.", "{what}: from {from}% in {base} to {to}% in {horizon}; contributions (percentage points): {terms}.";
    ProjectionFalls => "Tỷ lệ dự báo giảm, chủ yếu do {term} ({value} điểm phần trăm).", "The projected share falls, mainly because of {term} ({value} percentage points).";
    NotCheckedAgainstHistory => "{what}: dự báo chưa được kiểm tra với số liệu các năm trước (không có bảng history); dùng các giả định mặc định.", "{what}: the projection is not checked against history (no history table); it uses the default assumptions.";
    HistoryTooShort => "{what}: bảng history có {n} năm, cần ít nhất 3 năm để hiệu chỉnh; dự báo dùng các giả định mặc định.", "{what}: the history table has {n} year(s), 3 are needed to calibrate; the projection uses the default assumptions.";
    Calibrated => "{what}: hiệu chỉnh theo {n} năm số liệu ({first}-{last}): thực tế thay đổi {observed} điểm/năm, mô hình với giả định mặc định {default}, sau hiệu chỉnh {fitted} (sai số trung bình {rmse} điểm); đào tạo khác được đặt {other}% lực lượng lao động mỗi năm (±{half}). Dự báo tiếp nối từ giá trị quan sát cuối cùng, {anchor}% năm {year}.", "{what}: calibrated to {n} observed years ({first}-{last}): observed change {observed} points a year, the model with the default assumptions {default}, calibrated {fitted} (root mean square error {rmse} points); other training set to {other}% of the labour force a year (±{half}). The projection continues from the last observed value, {anchor}% in {year}.";
    AnchorDiffers => "Bảng xã cho {value}% năm {base}: bảng chỉ tiêu ghi giá trị này, còn dự báo bắt đầu từ giá trị quan sát.", "The communes' table gives {value}% for {base}: the KPI table shows it, the projection starts from the observed value.";
    NegativeOther => "Giá trị âm: các dòng vào theo giả định nhiều hơn mức tăng quan sát được (người tốt nghiệp đã qua đào tạo trước đó, lao động đã qua đào tạo rời tỉnh).", "Negative: the assumed inflows exceed the observed rise (graduates already trained, trained workers leaving the province).";
    ShareOfLabourForce => "Tỷ lệ trong lực lượng lao động", "Share of the labour force";
    Provinces => "tỉnh", "provinces";
    BriefTitle => "Báo cáo tóm tắt: mạng lưới cơ sở giáo dục nghề nghiệp", "Planning brief: the vocational training network";
    Scenario => "Kịch bản", "Scenario";
    BaseYearHorizon => "Năm cơ sở {base}, năm cuối kỳ {horizon}", "Base year {base}, horizon {horizon}";
    DataFrom => "Nguồn dữ liệu: {source}. Các con số, định nghĩa và nguồn được giải thích ở trang Phương pháp.", "Data: {source}. Every figure, definition and source is explained on the Method page.";
    KeyFigures => "Số liệu chính", "Key figures";
    KeyFindings => "Kết luận chính", "Key findings";
    FkProvincesOver => "{over} trong {all} tỉnh vượt mức trần {cap} trường công lập (số trường tính vào mức trần trong ngoặc): {list}. Trường được tính và gói đạt trần của từng tỉnh: báo cáo của tỉnh đó.", "{over} of {all} provinces are over the cap of {cap} public schools (counted schools in brackets): {list}. Each province's counted schools and package: its own brief.";
    CmpBestSavings => "Tiết kiệm nhiều nhất: {name}, {savings} triệu đồng/năm ({lost} người học không tiếp tục học/năm).", "Saves the most: {name}, {savings} million VND a year ({lost} learners lost a year).";
    CmpBestLost => "Mất ít người học nhất trong các kịch bản có tiết kiệm: {name}, {lost} người học/năm (tiết kiệm {savings} triệu đồng/năm).", "Fewest learners lost among the scenarios that save: {name}, {lost} a year (saving {savings} million VND a year).";
    CmpBestAlignment => "Ít người lệch đào tạo - việc làm nhất: {name} ({unmet} vị trí chưa có người, {unplaced} người tốt nghiệp chưa có vị trí phù hợp; hiện trạng {base_unmet} và {base_unplaced}).", "Fewest people mismatched between training and jobs: {name} ({unmet} unfilled openings, {unplaced} entrants without a matching opening; baseline {base_unmet} and {base_unplaced}).";
    CmpCapMet => "Đạt mức trần {cap} trường công lập: {list}.", "Meet the cap of {cap} public schools: {list}.";
    CmpCapNone => "Không kịch bản nào đạt mức trần {cap} trường công lập.", "No scenario meets the cap of {cap} public schools.";
    FkIntro => "Ba câu hỏi của cuộc họp, trả lời bằng số liệu của lần chạy này (năm cơ sở {base}, năm cuối kỳ {horizon}); chi tiết ở các trang sau.", "The meeting's three questions, answered with this run's figures (base year {base}, horizon {horizon}); details on the following pages.";
    FkTargetsTitle => "1. Còn cách các mục tiêu bao xa?", "1. How far are we from the targets?";
    FkAlignmentTitle => "2. Đào tạo có đáp ứng nhu cầu việc làm không?", "2. Does training match the jobs?";
    FkNetworkTitle => "3. Sắp xếp mạng lưới: mức trần {cap} trường công lập", "3. The network: the cap of {cap} public schools";
    FkTrained => "tỷ lệ lao động qua đào tạo", "the share of workers trained";
    FkCertified => "tỷ lệ lao động có bằng cấp, chứng chỉ", "the share of workers with a diploma or certificate";
    FkUnemployment => "tỷ lệ thất nghiệp thành thị", "urban unemployment";
    FkPoverty => "mức giảm tỷ lệ hộ nghèo", "the fall of the poverty rate";
    FkEmployed => "tỷ lệ có việc làm sau 6 tháng kể từ khi tốt nghiệp", "the share employed 6 months after graduating";
    FkEmployedFormal => "tỷ lệ có việc làm sau 6 tháng (cao đẳng, trung cấp)", "the share employed 6 months after graduating (college, intermediate)";
    FkEmployedShort => "tỷ lệ có việc làm sau 6 tháng (sơ cấp, ngắn hạn)", "the share employed 6 months after graduating (elementary, short courses)";
    FkPointsPerYear => "{n} điểm phần trăm/năm", "{n} percentage points a year";
    FkMetItem => "{name} {value} (mục tiêu {target})", "{name} {value} (target {target})";
    FkBelow => "dưới {value}", "below {value}";
    FkMet => "Đã đạt: {list}.", "Already met: {list}.";
    FkNotMet => "{name}: {value}, mục tiêu {target} năm {year}, còn cách {gap} điểm phần trăm.", "{name}: {value}, target {target} by {year}, {gap} percentage points to go.";
    FkReached => "Với tốc độ hiện nay, đạt vào năm {year}.", "At the current pace it is reached in {year}.";
    FkReachedRange => "Với tốc độ hiện nay, đạt vào năm {year} (sớm nhất {early}, muộn nhất {late}).", "At the current pace it is reached in {year} (at the earliest {early}, at the latest {late}).";
    FkReachedOpen => "Với tốc độ hiện nay, đạt vào năm {year} (sớm nhất {early}; với giả định kém thuận lợi thì không đạt).", "At the current pace it is reached in {year} (at the earliest {early}; under the less favourable assumptions, never).";
    FkNotReachedEarly => "Với tốc độ hiện nay, không đạt; chỉ với giả định thuận lợi nhất mới đạt vào năm {early}.", "At the current pace it is not reached; only under the most favourable assumptions, in {early}.";
    FkNotReached => "Với tốc độ hiện nay, không đạt.", "At the current pace it is not reached.";
    FkNoTrend => "Chưa đủ số liệu các năm trước để dự báo năm đạt.", "Too few past values to project when it is reached.";
    FkLate => "Chậm {n} năm so với mục tiêu năm {year}.", "{n} years late on the {year} target.";
    FkInTime => "Kịp mục tiêu năm {year}.", "In time for {year}.";
    FkNoData => "Chưa có số liệu: {list}.", "No data: {list}.";
    FkNoTargets => "Bộ dữ liệu không có mục tiêu nào để so sánh.", "The data set gives no target to compare with.";
    FkEntrantsOpenings => "Năm {year}, trong {graduates} người tốt nghiệp, ước tính {entrants} người tham gia thị trường lao động tìm việc đúng nghề (trừ người học tiếp, người đã có việc học nâng cao tay nghề, người rời tỉnh), cho {openings} vị trí cần tuyển. Còn {unmet} vị trí chưa có người đáp ứng và {unplaced} người tốt nghiệp không có vị trí phù hợp trong nhóm nghề, trình độ của mình (trong ngoặc: khoảng thấp–cao).", "In {year}, of {graduates} graduates an estimated {entrants} enter the labour market looking for a job in their trade (leaving out those studying on, those already employed who upskill and those leaving the province), for {openings} job openings. {unmet} openings stay unfilled and {unplaced} entrants find no opening in their occupation group and level (in brackets: low–high).";
    FkCellItem => "{name}: {people}", "{name}: {people}";
    FkSureShortages => "Thiếu hụt chắc chắn (cả khoảng ước tính dưới nhu cầu), nhiều nhất, theo số vị trí chưa có người: {list}.", "Sure shortages (the whole range below the openings), largest first, in unfilled openings: {list}.";
    FkSureSurpluses => "Dư thừa chắc chắn (cả khoảng ước tính trên nhu cầu), nhiều nhất, theo số người tốt nghiệp chưa có vị trí phù hợp: {list}.", "Sure surpluses (the whole range above the openings), largest first, in entrants without a matching opening: {list}.";
    FkNoSureShortage => "Không nhóm nghề nào thiếu hụt chắc chắn: với khoảng ước tính hiện có, không nhóm nào chắc chắn dưới nhu cầu.", "No occupation group is surely short: over the range of the estimates, none is surely below its openings.";
    FkNoSureSurplus => "Không nhóm nghề nào dư thừa chắc chắn.", "No occupation group is surely in surplus.";
    FkUncertainCells => "{n} ô (nhóm nghề × trình độ) chưa thể kết luận: khoảng ước tính vắt qua biên ±20% quanh nhu cầu; cần số liệu điều tra lần vết người tốt nghiệp để thu hẹp.", "{n} cells (occupation group × level) cannot be called: their range straddles the ±20% band around the openings; graduate tracer data would narrow it.";
    FkShortageLowEmployment => "Cần kiểm tra: {list} thiếu hụt nhưng tỷ lệ có việc làm sau 6 tháng của người tốt nghiệp dưới mục tiêu, điều mà một nghề thực sự thiếu người ít khi có.", "To check: {list} show a shortage, yet their graduates' employment after six months is below the target, which a true shortage seldom shows.";
    FkFarmShortCourses => "Các lớp sơ cấp, ngắn hạn nghề nông, lâm, thủy sản ({graduates} người tốt nghiệp) chủ yếu cho người sản xuất trên chính ruộng, vườn, ao của mình: được đánh giá theo kết quả, không so với vị trí cần tuyển; {rate} có việc làm hoặc tự làm đúng nghề sau 6 tháng (mục tiêu {norm}).", "Elementary and short courses in farming, forestry and fishery ({graduates} graduates) mostly train people for their own farm: they are judged by their outcome, not against openings; {rate} are employed or self-employed in the trade after six months (target {norm}).";
    FkDissimilarity => "Chỉ số khác biệt cơ cấu D = {d} (0 là cùng cơ cấu); riêng sai số ngẫu nhiên của số người tốt nghiệp đã cho khoảng {noise}.", "Dissimilarity of the mixes D = {d} (0 = the same mix); sampling noise in the graduates alone gives about {noise}.";
    AndOthers => "{names} và {n} nghề khác", "{names} and {n} more";
    LevelCollegeIntermediate => "cao đẳng, trung cấp", "college, intermediate";
    LevelElementaryShort => "sơ cấp, ngắn hạn", "elementary, short";
    FkCounted => "Trường tính vào mức trần (trường cao đẳng, trung cấp công lập chưa tự bảo đảm chi thường xuyên): {n} trường, gồm {list}.", "Schools counted against the cap (public colleges and intermediate schools not self-financing): {n}, namely {list}.";
    FkCapMet => "Đã đạt mức trần {cap}: không cần sáp nhập, giải thể trường nào để đạt trần.", "The cap of {cap} is met: no school needs to be merged or dissolved for it.";
    FkCapOver => "Vượt mức trần {cap}: cần giảm {k} trường.", "Over the cap of {cap}: {k} schools to go.";
    FkSelfFinancing => "Không tính các trường công lập tự bảo đảm chi thường xuyên ({n}): {list}.", "Not counted, being self-financing public schools ({n}): {list}.";
    FkCountedNone => "Không có trường nào tính vào mức trần (trường cao đẳng, trung cấp công lập chưa tự bảo đảm chi thường xuyên).", "No school counts against the cap (public colleges and intermediate schools not self-financing).";
    FkRange => "khoảng", "range";
    FkNoSelfFinancing => "Không có trường công lập tự bảo đảm chi thường xuyên.", "No public school is self-financing.";
    FkOthers => "Trung tâm GDNN-GDTX và cơ sở ngoài công lập ({n} cơ sở) không thuộc diện tính.", "Centres and non-public facilities ({n}) are not counted.";
    FkPackage => "Gói đề xuất để đạt trần (năm {year}): {steps}. Cả gói: {lost} người học không tiếp tục học mỗi năm; tiết kiệm ngân sách {budget} triệu đồng mỗi năm; {out} người mới ra ngoài tầm tiếp cận của mọi cơ sở.", "Proposed package to meet the cap ({year}): {steps}. Together: {lost} learners lost a year; budget savings of {budget} million VND a year; {out} people newly out of reach of every facility.";
    FkPackageShort => "Gói này chưa đạt trần: còn {after} trường.", "This package does not reach the cap: {after} schools remain.";
    FkReceiver => "(hai cơ sở cách nhau {min} phút; {overlap} người học chuyển sang học nghề mà nơi nhận đã dạy)", "({min} min apart; {overlap} of the learners moving are in occupations the receiver teaches)";
    FkOption => "#{rank} {words}: tiết kiệm ngân sách {budget} triệu đồng đến {year}, {lost} người học không tiếp tục học mỗi năm", "#{rank} {words}: budget savings of {budget} million VND to {year}, {lost} learners lost a year";
    FkBestOptions => "{n} phương án đơn lẻ xếp hạng cao nhất (mỗi cơ sở một phương án): {list}.", "The {n} best-ranked single options (one per facility): {list}.";
    PeopleOutOfReach => "Dân số không có cơ sở GDNN nào trong tầm tiếp cận", "People with no facility within reach";
    KeyFiguresAfter => "Số liệu chính sau khi thực hiện (năm {year})", "Key figures once done ({year})";
    KeyFiguresAfterNote => "Mạng lưới sau khi thực hiện mọi hành động của kịch bản; tuyển sinh là tuyển sinh năm cơ sở, chuyển theo mô hình người học (người không tiếp tục học được trừ ra).", "The network once every action of the scenario is done; intake is the base year's, moved by the attendance model (learners lost taken out).";
    Communes => "Số xã, phường", "Communes";
    Population => "Dân số", "Population";
    LabourForce => "Lực lượng lao động", "Labour force";
    Facilities => "Cơ sở GDNN", "Training facilities";
    PublicSchoolsCap => "Trường công lập tính vào mức trần", "Public schools counted toward the cap";
    OfCap => "{n} (mức trần {cap})", "{n} (cap {cap})";
    PlacesIntake => "Quy mô tuyển sinh / tuyển sinh thực tế mỗi năm", "Places / intake per year";
    Utilisation => "Tuyển sinh so với quy mô tuyển sinh", "Use of places";
    Figure => "Chỉ tiêu", "Figure";
    Value => "Giá trị", "Value";
    Targets => "Tiến độ so với mục tiêu", "Progress towards the targets";
    StatusMet => "Đã đạt", "Met";
    StatusOnTrack => "Đúng tiến độ", "On track";
    StatusOffTrack => "Chậm tiến độ", "Off track";
    StatusNoData => "Thiếu số liệu", "No data";
    StatusNoTrend => "Chưa đạt (chưa có số liệu xu hướng)", "Below target (no trend data)";
    IndTrained => "Lao động qua đào tạo", "Workers trained";
    IndCertified => "Có bằng cấp, chứng chỉ", "With diploma or certificate";
    IndUrbanUnemployment => "Thất nghiệp thành thị (tối đa)", "Urban unemployment (maximum)";
    IndPoverty => "Giảm tỷ lệ hộ nghèo mỗi năm (điểm phần trăm)", "Poverty reduction per year (percentage points)";
    IndEmployed => "Có việc làm sau 6 tháng", "Employed 6 months after graduating";
    IndEmployedFormal => "Có việc làm sau 6 tháng: cao đẳng, trung cấp", "Employed 6 months after graduating: college, intermediate";
    IndEmployedShort => "Có việc làm sau 6 tháng: sơ cấp, ngắn hạn", "Employed 6 months after graduating: elementary, short courses";
    NotAtThisPace => "chưa đạt", "not reached";
    Indicator => "Chỉ tiêu", "Indicator";
    Target => "Mục tiêu", "Target";
    Status => "Tình trạng", "Status";
    ReachedIn => "Năm đạt (sớm - muộn)", "Reached (early - late)";
    AlreadyMet => "Đã đạt mục tiêu.", "Target already met.";
    ReachedAtPace => "Với tốc độ hiện nay, đạt mục tiêu vào năm {year}.", "At the current pace, reached in {year}.";
    ReachedAtPaceRange => "Với tốc độ hiện nay, đạt mục tiêu vào năm {year} (sớm nhất {early}, muộn nhất {late}, theo khoảng của các giả định và, khi có số liệu các năm trước, của xu hướng).", "At the current pace, reached in {year} (from {early} to {late} over the ranges of the assumptions and, with history, of the trend).";
    ReachedAtTrendRange => "Theo xu hướng các năm qua, đạt mục tiêu vào năm {year} (từ {early} đến {late} trong khoảng tin cậy 95% của xu hướng).", "At the trend of past years, reached in {year} ({early} to {late} within the 95% interval of the trend).";
    ReachedAtTrendOpen => "Theo xu hướng các năm qua, đạt mục tiêu vào năm {year} (sớm nhất {early}; khoảng tin cậy 95% của xu hướng gồm cả khả năng không tiến bộ).", "At the trend of past years, reached in {year} (from {early}; the 95% interval of the trend includes no progress at all).";
    ReachedAtPaceOpen => "Với tốc độ hiện nay, đạt mục tiêu vào năm {year} (sớm nhất {early}; với giả định bất lợi nhất thì không đạt trong 40 năm tới).", "At the current pace, reached in {year} (from {early}; under the least favourable assumptions, not within 40 years).";
    NotAtThisPaceButEarly => "Với tốc độ hiện nay, chưa đạt mục tiêu trong 40 năm tới; với giả định thuận lợi nhất, đạt vào năm {early}.", "At the current pace, not reached within 40 years; under the most favourable assumptions, reached in {early}.";
    NoTrendLong => "Chưa có số liệu các năm trước nên không dự báo được năm đạt mục tiêu.", "No earlier values, so no year can be projected.";
    ResidenceUnknown => "Tuyển sinh chưa rõ nông thôn hay thành thị (không tính vào cả hai)", "Intake of unknown residence, rural or urban (counted in neither)";
    Assumptions => "Các giả định và giá trị đã dùng", "Assumptions and the values used";
    Assumption => "Giả định", "Assumption";
    SourceHeader => "Nguồn", "Source";
    NotAtThisPaceLong => "Với tốc độ hiện nay, chưa đạt mục tiêu trong 40 năm tới.", "At the current pace, not reached within 40 years.";
    Charts => "Biểu đồ và bản đồ", "Charts and maps";
    UnmetUnplaced => "Vị trí chưa có người / người tốt nghiệp chưa có vị trí phù hợp (thấp–cao)", "Unfilled openings / entrants without a matching opening (low–high)";
    OccupationGroup => "Nhóm nghề (trình độ)", "Occupation group (level)";
    EntrantsShort => "Tham gia thị trường LĐ", "Entrants";
    UnmetShort => "Chưa có người", "Unfilled";
    Employed6mShortHeader => "Có việc sau 6 tháng", "Employed at 6 months";
    Uncertain => "Chưa chắc chắn", "Uncertain";
    ShortageTableNote => "Nhóm nghề theo ISCO-08 cấp 2 (cột isco của occupations.csv). Người tham gia thị trường lao động = người tốt nghiệp trừ người học tiếp, người đã có việc, người rời tỉnh; thiếu hụt khi cả khoảng ước tính dưới 80% số cần tuyển, dư thừa khi trên 120% (quy ước của công cụ), còn lại chưa chắc chắn. Dấu ! : tỷ lệ có việc làm sau 6 tháng dưới mục tiêu. Bảng đầy đủ: alignment_by_group.csv.", "Occupation groups are ISCO-08 sub-major groups (the isco column of occupations.csv). Entrants = graduates less those studying on, already employed or leaving the province; a shortage when the whole range is below 80% of the openings, a surplus when above 120% (a convention of this tool), else uncertain. !: employment after six months below the target. Every cell: alignment_by_group.csv.";
    TopShortages => "Các nhóm nghề còn nhiều vị trí chưa có người nhất", "Largest unfilled openings";
    DemandShort => "Cần tuyển", "Openings";
    TopOptions => "Các phương án sắp xếp có thứ hạng cao nhất", "Top-ranked consolidation options";
    Option => "Phương án", "Option";
    OptionClose => "Đóng cửa {from}", "Close {from}";
    OptionMerge => "{from} sáp nhập vào {into}", "{from} merges into {into}";
    OptionConvert => "{from} thành phân hiệu của {into}", "{from} becomes a satellite of {into}";
    OptionReceiver => "({min} phút; {overlap} người chuyển học nghề nơi nhận đã dạy)", "({min} min; {overlap} of movers in occupations it teaches)";
    ReceiverNote => "Với sáp nhập và chuyển thành phân hiệu, trong ngoặc sau tên phương án: thời gian đi giữa hai cơ sở (phút; phương án sáp nhập đơn lẻ chỉ vào nơi nhận trong vòng {limit} phút, như gói đạt trần và bài toán tối ưu) và tỷ lệ người học phải chuyển có nghề mà nơi nhận đã dạy (cột site_minutes và field_overlap của consolidation_options.csv).", "For a merge or a conversion, in brackets after the option: the travel time between the two sites (minutes; single merges only into a receiver within {limit} minutes, as in the cap package and the optimiser) and the share of the moving learners whose occupation the receiver already teaches (columns site_minutes and field_overlap of consolidation_options.csv).";
    ParetoClose => "Đóng {from}", "Close {from}";
    ParetoMerge => "Sáp nhập {from} vào {into}", "Merge {from} into {into}";
    ParetoConvert => "{from} thành phân hiệu {into}", "{from} as satellite of {into}";
    BudgetHorizonShort => "NS đến {year} (tr.đ)", "Budget to {year}";
    LearnersLostShort => "Không tiếp tục học", "Learners lost";
    RuralLosingShort => "Nông thôn mất lớp ngắn hạn", "Rural, no short course";
    Score => "Điểm", "Score";
    OptionsTotalNote => "Tổng: cùng cách tính nhưng gồm cả phần của trường tự chủ tài chính (học phí), nên lớn hơn NS khi phương án đụng đến trường tự chủ.", "Total: the same, self-financing schools' fee-funded costs included, so it exceeds the budget savings when an option touches a self-financing school.";
    OptionsShortNote => "Tiền: triệu đồng, cộng dồn đến {year} sau khi trừ hỗ trợ đi lại, chi phí tăng thêm ở nơi nhận và chi phí một lần; trong ngoặc: khoảng thấp–cao. Người: mỗi năm. Mỗi cơ sở một dòng (phương án xếp hạng cao nhất của cơ sở đó), nên số thứ hạng có thể cách quãng; mọi phương án: consolidation_options.csv. Cách đọc từng cột: trang Phương pháp.", "Money: million VND, summed to {year} net of travel support, the receivers' added cost and one-off costs; in brackets: low–high. People: a year. One row per facility (its best-ranked option), so ranks may skip; every option: consolidation_options.csv. Each column explained on the Method page.";
    OptionsMethod => "Cách đọc bảng phương án sắp xếp", "Reading the consolidation options table";
    OptionsNote => "Tiết kiệm ngân sách (NS): chi phí cố định tiết kiệm được, trừ hỗ trợ đi lại (QĐ 46/2015/QĐ-TTg, chỉ cho người học sơ cấp và ngắn hạn thuộc nhóm ưu tiên) và chi phí tăng thêm ở nơi nhận, cộng dồn đến năm cuối kỳ và chiết khấu về năm cơ sở theo tỷ lệ chiết khấu thực trong bảng giả định, trừ chi phí nhân sự một lần; trường tự chủ tài chính không mang lại tiết kiệm ngân sách. Trong ngoặc: khoảng thấp–cao theo các giả định chưa chắc chắn (phần chi phí tiết kiệm khi thành phân hiệu, tỷ lệ nhân sự nghỉ việc, chi trả một lần, tiền lương). Không tiếp tục học: người học không tiếp tục cùng nghề, cùng trình độ trong tỉnh, theo mô hình thu hút người học (trong ngoặc: khoảng thấp–cao). Mới ngoài tầm: dân số các xã trước có ít nhất một cơ sở trong tầm tiếp cận mà sau không còn cơ sở nào (chỉ khi cơ sở đóng cửa hoặc sáp nhập hết; sáp nhập còn giữ phân hiệu thì 0). Nông thôn mất lớp ngắn hạn: người trong độ tuổi lao động ở xã nông thôn không còn lớp ngắn hạn, sơ cấp nào trong tầm tiếp cận. Thứ hạng (#) theo điểm tổng hợp năm tiêu chí: tiết kiệm NS, người học giữ lại, quy mô tuyển sinh không dùng đến được cắt giảm, tiếp cận nông thôn và mức phù hợp đào tạo - việc làm (thay đổi tổng số vị trí chưa có người và người tốt nghiệp chưa có vị trí phù hợp của tỉnh, theo ô nhóm nghề × trình độ; cột unmet_openings_change và unplaced_entrants_change) (trọng số trong bảng giả định). Đường Pareto chỉ xét hai tiêu chí, tiết kiệm NS và người học không tiếp tục học: phương án trên đường Pareto là phương án không có phương án nào khác vừa tiết kiệm hơn vừa có ít người học không tiếp tục học hơn. Vì vậy phương án #1 có thể không nằm trên đường Pareto (nó được điểm nhờ các tiêu chí khác, ví dụ loại bỏ nhiều chỗ dư thừa), và một phương án trên đường Pareto có thể xếp hạng thấp. Mỗi cơ sở một dòng (phương án xếp hạng cao nhất); bảng đầy đủ, cả chi phí một lần: consolidation_options.csv.", "Budget savings: fixed costs saved, less travel support (Decision 46/2015/QĐ-TTg, only for elementary and short-course learners in priority groups) and the receivers' added running cost, summed to the horizon and discounted to the base year at the real rate of the assumptions table, less one-off staff costs; a self-financing school saves the budget nothing. In brackets: the low-high range over the uncertain guesses (share of fixed cost a satellite saves, staff leaving, severance, salary). Learners lost: learners not expected to continue the same occupation at the same level in the province, by the attendance model (in brackets: low-high range). Out of reach: people of the communes that had at least one facility within reach and have none after (only when the site closes or is merged away entirely; 0 when a satellite stays). Rural, no short course: working-age people in rural communes left without any short or elementary course within reach. The rank (#) follows a score over five criteria: budget savings, learners kept, idle places removed, rural access and alignment (the change in the province's unfilled openings plus entrants without a matching opening, by occupation group x level; columns unmet_openings_change and unplaced_entrants_change) (weights in the assumptions table). The Pareto front looks at two of them only, budget savings and learners lost: an option is on it when no other option both saves more and loses fewer learners. So #1 may be off the front (its score comes from the other criteria, e.g. many idle places removed), and an option on the front may rank low. One row per facility (its best-ranked option); every option, with one-off costs: consolidation_options.csv.";
    CapTitle => "Gói phương án đạt trần {cap} trường công lập", "The package that meets the cap of {cap} public schools";
    CapIntro => "{province}: {n} trường công lập được tính vào trần {cap} (trường cao đẳng, trung cấp công lập chưa tự bảo đảm chi thường xuyên), cần giảm {k} trường. Gói dưới đây đạt trần với ít thiệt hại nhất: số người học không tiếp tục học mỗi năm, cộng {w} × số người có thời gian đi đến cơ sở gần nhất cùng trình độ tăng thêm hơn {min} phút ({per} người như vậy tính như một người học không tiếp tục học mỗi năm), cộng {fw} cho mỗi người học chuyển sang nơi nhận khác lĩnh vực (nhân với 1 - mức trùng lĩnh vực); khi bằng nhau, chọn gói tiết kiệm ngân sách nhiều hơn. Số người mới ra ngoài bán kính tiếp cận được nêu dưới đây để tham khảo, không dùng để chọn gói: một xã từ 14,9 km sang 15,1 km cũng bị tính.", "{province}: {n} public schools count toward the cap of {cap} (public colleges and intermediate schools that are not self-financing): {k} must go. The package below meets the cap at the least cost in learners: learners lost a year, plus {w} × the people whose trip to the nearest facility teaching their level grows by more than {min} minutes ({per} such people weigh as much as one learner lost a year), plus {fw} per learner moved into a receiver of another sector (times 1 - the sector overlap); on a tie, the larger budget savings win. The people newly beyond the reach radius are shown below for reference, not optimised: a commune moving from 14.9 to 15.1 km would count.";
    CapSearch => "Cách tìm: sàng lọc đủ {combos} tổ hợp {k} trong {n} trường có thể bỏ (các trường được bảo vệ không tính; mỗi trường lấy hành động tốt nhất: sáp nhập vào một trường công lập được tính vào trần và ở lại, không phải trường tự chủ tài chính, cùng cấp hoặc cao hơn, cách xã của trường không quá {limit} phút; người học mà nơi nhận không còn chỗ thì tiếp tục học tại cơ sở cũ, nay là phân hiệu; hoặc đóng cửa), rồi đánh giá đồng thời {m} gói tốt nhất trên cùng một mạng lưới (các nơi nhận chia nhau chỗ còn trống, theo mô hình thu hút người học). Các số liệu của gói trên trang này là của cả gói, không phải tổng các phương án đơn lẻ.", "How it was found: all {combos} combinations of {k} out of the {n} schools that may go were screened (protected schools not counted; each school taking its best action: merge into a counted public school that stays, not a self-financing one, of its level or higher, within {limit} minutes of the school's commune, the learners it has no room for studying on at the old site, now its campus; or close), then the {m} best were evaluated jointly on one network (receivers share their free places, by the attendance model). The package's figures on this page are for the package as a whole, not a sum of single options.";
    RoadmapTitle => "Lộ trình sắp xếp đến năm {horizon}", "Roadmap to {horizon}";
    RoadmapChartTitle => "Lộ trình sắp xếp theo năm: hành động, số trường tính vào trần, tiết kiệm lũy kế", "Roadmap year by year: actions, schools counted against the cap, cumulative savings";
    RoadmapTimeline => "Hành động", "Actions";
    RoadmapCapLine => "Mức trần {cap}", "Cap {cap}";
    RoadmapCapBy => "Hạn đạt trần: {year}", "Cap due: {year}";
    RoadmapSavingsAxis => "Tiết kiệm lũy kế (tr.đ)", "Cumulative savings (M VND)";
    RoadmapSavingsLegend => "Tiết kiệm lũy kế, trừ chi phí một lần (không chiết khấu)", "Cumulative savings less one-off costs (undiscounted)";
    RoadmapRangeLegend => "Khoảng theo các giả định chi phí", "Range over the cost guesses";
    RoadmapSchoolsLegend => "Trường công lập tính vào mức trần, cuối năm", "Public schools counted against the cap, end of year";
    RoadmapNoAction => "không có hành động", "no action";
    RoadmapShortMerge => "{from} vào {into}", "{from} into {into}";
    RoadmapShortConvert => "{from} thành phân hiệu {into}", "{from} campus of {into}";
    RoadmapShortClose => "đóng {from}", "close {from}";
    RoadmapOfCap => "gói phương án đạt trần {cap} trường công lập", "the package that meets the cap of {cap} public schools";
    RoadmapOfActions => "các hành động của kịch bản", "the scenario's actions";
    RoadmapIntro => "Lộ trình thực hiện {what}: mỗi hành động được xếp vào một năm từ {first} đến {horizon} (hoặc ngoài kỳ), với ngân sách chi một lần (trợ cấp thôi việc, chuyển công tác) tối đa {budget} mỗi năm, nơi nhận tiếp nhận thêm không quá {growth} quy mô tuyển sinh của mình mỗi năm, {max}; hành động cần một hành động khác làm trước (ví dụ sáp nhập vào một trường mà trường đó sau đó cũng sáp nhập) được xếp vào năm sau. Bài toán quy hoạch nguyên (HiGHS) chọn năm cho từng hành động.", "Roadmap of {what}: each action is placed in one year from {first} to {horizon} (or left out of the period), with one-off costs (severance, moving) of at most {budget} a year, a receiver taking in at most {growth} of its places a year, {max}; an action that needs another first (a merge into a school that itself merges later) comes in a later year. A mixed-integer programme (HiGHS) chooses each action's year.";
    RoadmapLearnersFirst => "Trong các lộ trình thỏa mãn, chọn lộ trình có ít lượt người học không tiếp tục học nhất đến năm {horizon} (mỗi khóa tuyển sinh còn học tại cơ sở cũ trước khi sắp xếp là một khóa không mất người học); khi bằng nhau, chọn lộ trình tiết kiệm ngân sách nhiều hơn. Vì vậy các hành động được để muộn nhất mà ngân sách và hạn đạt trần cho phép.", "Among the schedules that meet them, the one losing the fewest learner-years to {horizon} is chosen (each intake still studying at the old site before the action is an intake not lost); on a tie, the larger budget savings. So actions come as late as the budget and the cap's year allow.";
    RoadmapBudgetFirst => "Trong các lộ trình thỏa mãn, chọn lộ trình tiết kiệm ngân sách nhiều nhất đến năm {horizon} (chiết khấu, trừ chi phí một lần); khi bằng nhau, chọn lộ trình ít người học không tiếp tục học hơn. Vì vậy các hành động được làm sớm nhất mà ngân sách cho phép.", "Among the schedules that meet them, the one saving the budget the most to {horizon} (discounted, less one-off costs) is chosen; on a tie, the one losing fewer learners. So actions come as early as the budget allows.";
    RoadmapNoLimit => "không giới hạn", "no limit";
    RoadmapMaxActions => "mỗi năm không quá {k} hành động", "at most {k} actions a year";
    RoadmapAnyActions => "không giới hạn số hành động mỗi năm", "any number of actions a year";
    RoadmapMeets => "Lộ trình đáp ứng mọi ràng buộc và đạt trần {cap} trường công lập vào năm {year} (hạn: {by}).", "The roadmap meets every constraint and reaches the cap of {cap} public schools in {year} (due: {by}).";
    RoadmapMeetsNoCap => "Lộ trình đáp ứng mọi ràng buộc.", "The roadmap meets every constraint.";
    RoadmapInfeasible => "Không có lộ trình nào đáp ứng mọi ràng buộc. Lộ trình dưới đây là lộ trình gần nhất; để thực hiện được cần:", "No schedule meets every constraint. The roadmap below is the closest; to carry it out:";
    RoadmapBindBudget => "ngân sách chi một lần năm {year} cần thêm {amount} triệu đồng", "the one-off budget of {year} would need {amount} million VND more";
    RoadmapBindActions => "năm {year} cần thêm {n} hành động so với mức tối đa mỗi năm", "{year} would need {n} more actions than the yearly maximum";
    RoadmapBindReceiver => "{receiver} phải tiếp nhận thêm {n} người học năm {year}, vượt mức {growth} quy mô tuyển sinh", "{receiver} would take in {n} learners more than {growth} of its places in {year}";
    RoadmapBindUnscheduled => "không xếp được trong kỳ: {action}", "left out of the period: {action}";
    RoadmapBindCap => "{province}: chưa đạt trần vào năm {year}, còn thiếu {n} trường", "{province}: the cap is missed in {year} by {n} schools";
    RoadmapSpread => "{n} hành động trong {years} năm ({list}); tổng chi một lần {one_off} triệu đồng; tiết kiệm lũy kế đến {horizon}: {savings} triệu đồng.", "{n} actions over {years} years ({list}); one-off costs {one_off} million VND in all; cumulative savings to {horizon}: {savings} million VND.";
    RoadmapOneOff => "Chi một lần (tr.đ)", "One-off (M VND)";
    RoadmapBudgetSavings => "Tiết kiệm NS/năm (tr.đ)", "Budget savings/yr (M VND)";
    RoadmapLost => "Không tiếp tục học/năm", "Learners lost/yr";
    RoadmapOutside => "ngoài kỳ", "not in period";
    RoadmapEachAlone => "Số liệu của từng hành động: đánh giá riêng trên mạng lưới hiện tại (sau các hành động nó cần), khoảng theo mô hình thu hút người học. Số liệu của cả lộ trình (các hành động cùng áp dụng) ở các trang trước.", "Figures of each action: evaluated alone on the network as it is (after the actions it needs), the range from the attendance model's variants. The figures of the whole roadmap (all actions applied together) are on the pages before.";
    RoadmapRerun => "Tệp roadmap.toml là lộ trình dưới dạng kịch bản (các hành động với năm đã chọn): sửa rồi chạy lại bằng tvetplan run --scenario roadmap.toml.", "roadmap.toml is the roadmap as a scenario (the actions with the years chosen): edit it and run it again with tvetplan run --scenario roadmap.toml.";
    RoadmapYearsHeader => "Năm", "Year";
    RoadmapCounted => "Trường tính vào trần", "Schools under the cap";
    RoadmapPublic => "Cơ sở công lập", "Public facilities";
    RoadmapIntermediate => "Trung cấp công lập", "Public intermediate";
    RoadmapSavingsCol => "Tiết kiệm lũy kế (tr.đ)", "Cumulative savings (M VND)";
    D73Heading => "Chỉ tiêu mạng lưới theo Quyết định 73/QĐ-TTg", "Network targets of Decision 73/QĐ-TTg";
    D73Intro => "Quyết định 73/QĐ-TTg (2023): giảm ít nhất 20% số cơ sở GDNN công lập so với năm 2020 vào năm 2025 và 30% vào năm 2030; trường trung cấp công lập giảm 40% và 50%.", "Decision 73/QĐ-TTg (2023): at least 20% fewer public vocational facilities than in 2020 by 2025 and 30% by 2030; public intermediate schools 40% and 50% fewer.";
    D73Unknown => "Chưa đánh giá chỉ tiêu mạng lưới của Quyết định 73/QĐ-TTg (giảm ít nhất 20% số cơ sở GDNN công lập so với năm 2020 vào năm 2025, 30% vào năm 2030; trường trung cấp công lập 40% và 50%): chưa nhập số năm 2020 ([targets] public_facilities_2020, public_intermediate_2020).", "Decision 73/QĐ-TTg's network targets (at least 20% fewer public vocational facilities than in 2020 by 2025, 30% by 2030; public intermediate schools 40% and 50%) are not assessed: no 2020 counts given ([targets] public_facilities_2020, public_intermediate_2020).";
    D73Source => "Số năm 2020: theo {source} của kịch bản. Số đếm là cơ sở công lập trong facilities.csv (cơ sở GDNN công lập; trường trung cấp công lập), phân hiệu còn lại của trường đã sáp nhập không tính là một cơ sở; hiện trạng là mạng lưới năm {base}; mỗi mốc được đánh giá trên mạng lưới của năm đó khi biết được (năm gốc, hoặc sau khi mọi hành động đã thực hiện).", "2020 counts: the scenario's {source}. Counted: the public facilities of facilities.csv (public vocational facilities; public intermediate schools), a merged school's remaining campus not counted as an institution; the baseline is the network of {base}; each mark is assessed on the network of its year when known (the base year's, or once every action is in force).";
    D73Col2020 => "Năm 2020", "2020";
    D73ColBase => "Hiện trạng {year}", "Baseline {year}";
    D73ColEnd => "Kịch bản, {year}", "This scenario, {year}";
    D73ColMark => "Mốc {year}", "{year} mark";
    D73MarkCell => "-{target} (tối đa {allowed}): {status}", "-{target} (at most {allowed}): {status}";
    D73NotAssessed => "chưa đánh giá", "not assessed";
    RoadmapFirstEmptyLearners => "Không có hành động nào trong năm {first}: lộ trình ưu tiên giảm số người học bị mất (mỗi năm hoãn là thêm một khóa được học tại cơ sở cũ), nên các hành động được để muộn nhất mà ngân sách, các giới hạn và năm đạt trần {by} cho phép; đưa hành động sớm nhất ({action}, năm {year}) lên năm {first} sẽ mất thêm {n} năm-người học.", "No action in {first}: the roadmap weighs the learners lost first (each year an action waits, one more intake studies at the old site), so the actions come as late as the budget, the limits and the cap by {by} allow; taking the earliest ({action}, {year}) in {first} instead would lose {n} learner-years more.";
    RoadmapFirstEmptyBudget => "Không có hành động nào trong năm {first}: đưa hành động sớm nhất ({action}, năm {year}) lên năm {first} sẽ làm tiết kiệm ngân sách đến năm {horizon} (quy về hiện tại, trừ chi phí một lần) giảm {n} triệu đồng.", "No action in {first}: taking the earliest ({action}, {year}) in {first} instead would save the budget {n} million VND less to {horizon} (discounted, less its one-off cost).";
    RoadmapBindWomen => "trần tỷ lệ nữ trong số người học không tiếp tục học ({ceiling}, [roadmap] women_lost_share_max) bị vượt; số nữ vượt trần, lũy kế theo năm: {list}", "the ceiling on women's share of the learners lost ({ceiling}, [roadmap] women_lost_share_max) is exceeded; women over it, cumulative by year: {list}";
    D73Public => "Cơ sở GDNN công lập", "Public vocational facilities";
    D73Intermediate => "Trường trung cấp công lập", "Public intermediate schools";
    D73Line => "{network}, năm {year}: {count}, so với {reference} năm {ref_year}: giảm {reduction} (chỉ tiêu: giảm ít nhất {target} so với năm 2020): {status}.", "{network}, {year}: {count} against {reference} in {ref_year}, {reduction} fewer (target: at least {target} fewer than in 2020): {status}.";
    D73Undecided => "chưa kết luận được khi thiếu số năm 2020", "undecided without the 2020 count";
    D73Met => "đạt", "met";
    D73NotMet => "chưa đạt", "not met";
    D73NoReference => "{network}: không có trong mạng lưới năm 2020, không đánh giá.", "{network}: none in 2020, not assessed.";
    D73Assumed => "Chưa nhập số năm 2020 ([roadmap] public_facilities_2020, public_intermediate_2020): lấy số năm {base} làm mốc, nên phần đã giảm từ 2020 đến {base} chưa được tính.", "No 2020 counts given ([roadmap] public_facilities_2020, public_intermediate_2020): the network of {base} stands in for 2020's, so reductions made between 2020 and {base} are not counted.";
    D73Given => "Số năm 2020 theo thiết lập của kịch bản ([roadmap], hoặc [targets] khi [roadmap] không có).", "2020 counts as set in the scenario ([roadmap], or [targets] when [roadmap] has none).";
    WhoHeading => "Ai chịu tác động", "Who bears it";
    WhoIntro => "Tỷ lệ của mỗi nhóm trong số người học phải chuyển nơi học và số không tiếp tục học do {what}, so với tỷ lệ của nhóm trong tuyển sinh năm {year} (enrolment.csv; người học của một cơ sở được tính theo cơ cấu tuyển sinh của chính cơ sở đó); tỷ lệ người thuộc hộ nghèo trong số người có quãng đường đến cơ sở đào tạo gần nhất dài thêm hơn {min} phút, so với tỷ lệ của họ trong dân số (areas.csv: poor_households / households; bảng xã không có số nữ và người dân tộc thiểu số). Một nhóm được cảnh báo khi tỷ lệ chịu tác động vượt tỷ lệ tham chiếu quá {relative} của tỷ lệ đó và quá {points} điểm phần trăm.", "Each group's share of the learners {what} displaces and of those it loses, against the group's share of the {year} intake (enrolment.csv; a facility's learners taken in proportion to its own intake by group); the poor's share of the people whose trip to the nearest training grows by more than {min} minutes, against their share of the population (areas.csv: poor_households / households; the communes table records neither women nor ethnic minorities). A group is flagged when its share is above the reference by more than {relative} of it and by more than {points} percentage point.";
    WhoOfScenario => "kịch bản", "the scenario";
    WhoOfCap => "gói", "the package";
    WhoOfRoadmap => "lộ trình", "the roadmap";
    WhoWomen => "Nữ", "Women";
    WhoEthnic => "Người dân tộc thiểu số", "Ethnic minority";
    WhoPoor => "Người thuộc hộ nghèo", "Poor";
    WhoGroup => "Nhóm", "Group";
    WhoIntakeCol => "Trong tuyển sinh", "Of the intake";
    WhoDisplacedCol => "Trong số phải chuyển", "Of the displaced";
    WhoLostCol => "Trong số không tiếp tục học", "Of the learners lost";
    WhoPopulationCol => "Trong dân số", "Of the population";
    WhoTripCol => "Trong số đi xa hơn", "Of the longer trips";
    WhoWarning => "Cảnh báo ({group}): nhóm chịu tác động nhiều hơn tỷ lệ của mình: {parts}.", "Warning ({group}): the group bears more than its share: {parts}.";
    WhoWarnDisplaced => "{share} số người phải chuyển nơi học, so với {reference} tuyển sinh", "{share} of the learners displaced against {reference} of the intake";
    WhoWarnLost => "{share} số người không tiếp tục học, so với {reference} tuyển sinh", "{share} of the learners lost against {reference} of the intake";
    WhoWarnTrip => "{share} số người có quãng đường dài thêm, so với {reference} dân số", "{share} of the people with a longer trip against {reference} of the population";
    WhoNone => "enrolment.csv không có các cột female, ethnic_minority, poor và areas.csv không có households, poor_households: chưa tính được tác động theo nhóm.", "enrolment.csv has no female, ethnic_minority or poor column and areas.csv no households and poor_households: the burden by group is not computed.";
    CapSearchGreedy => "Cách tìm: có quá nhiều tổ hợp ({combos}) để xét hết, nên chọn lần lượt từng trường có thiệt hại nhỏ nhất (không bảo đảm tối ưu), rồi đánh giá đồng thời cả gói trên cùng một mạng lưới. Các số liệu của gói trên trang này là của cả gói.", "How it was found: too many combinations ({combos}) to screen them all, so the schools were taken one at a time, the least costly first (no guarantee of the best), then the package was evaluated jointly on one network. The package's figures on this page are for the package as a whole.";
    CapFigure => "Số liệu của cả gói", "Figure for the whole package";
    CapSchoolsAfter => "Trường công lập tính vào mức trần, sau khi thực hiện", "Public schools counted toward the cap, after it";
    CapBudgetYear => "Tiết kiệm ngân sách mỗi năm (triệu đồng)", "Budget savings a year (million VND)";
    CapBudgetHorizon => "Tiết kiệm ngân sách đến {year}, trừ chi phí một lần (triệu đồng)", "Budget savings to {year}, less one-off costs (million VND)";
    CapTotalHorizon => "Tổng tiết kiệm đến {year}, kể cả phần không thuộc ngân sách, trừ chi phí một lần (triệu đồng; trong ngoặc: khoảng thấp–cao theo các giả định chi phí)", "Total savings to {year}, budget or not, less one-off costs (million VND; in brackets: low–high over the cost guesses)";
    CapAllBudgetHorizon => "Tiết kiệm đến {year}, toàn bộ thuộc ngân sách, trừ chi phí một lần (triệu đồng; trong ngoặc: khoảng thấp–cao theo các giả định chi phí)", "Savings to {year}, all of it budget, less one-off costs (million VND; in brackets: low–high over the cost guesses)";
    CapReason => "Lý do", "Reason";
    CapWhyMerge => "Sáp nhập: thiệt hại {cost} người học quy đổi/năm, đóng cửa thì {close}; nơi nhận còn đủ chỗ cho mọi người học.", "Merge: cost {cost} learner-equivalents a year, {close} if closed; the receiver has room for every learner.";
    CapWhyCampus => "Sáp nhập: thiệt hại {cost} người học quy đổi/năm, đóng cửa thì {close}; nơi nhận chỉ còn chỗ cho {share} người học, số còn lại học tiếp tại cơ sở cũ, nay là phân hiệu.", "Merge: cost {cost} learner-equivalents a year, {close} if closed; the receiver has room for {share} of the learners, the rest keep studying at the old site, now its campus.";
    CapWhyNoReceiver => "Đóng cửa: không có trường công lập tính vào trần, cùng cấp hoặc cao hơn, trong vòng {limit} phút để sáp nhập vào (gần nhất: {nearest}).", "Closed: no counted public school of its level or higher within {limit} minutes to merge into (nearest: {nearest}).";
    CapNoneInProvince => "không có trong tỉnh", "none in the province";
    CapOptionRank => "Trong bảng phương án: hạng #{rank}.", "In the options table: #{rank}.";
    CapWhyReceiversGone => "Đóng cửa: mọi trường có thể nhận trong vòng {limit} phút cũng bị bỏ trong gói này.", "Closed: every school within {limit} minutes that could receive it goes in this package too.";
    CapWhyCloseCheaper => "Đóng cửa: thiệt hại {close} người học quy đổi/năm, ít hơn sáp nhập tốt nhất ({merge}).", "Closed: cost {close} learner-equivalents a year, less than the best merge ({merge}).";
    CapWhyChosen => "Thiệt hại khi bỏ riêng trường này thấp thứ {rank} trong {n} trường có thể bỏ.", "Removed on its own, it is the {rank} cheapest of the {n} schools that may go.";
    CapReasonNote => "Thiệt hại: số người học không tiếp tục học mỗi năm, cộng trọng số × số người đi xa thêm, cộng phần phạt khi nơi nhận khác lĩnh vực (như trên), tính cho từng hành động riêng lẻ trên mạng lưới hiện nay; gói được chọn theo tổng thiệt hại của cả gói. Bảng phương án ở trên xếp hạng theo điểm tổng hợp (tiết kiệm ngân sách, người học giữ lại, quy mô tuyển sinh không dùng đến, tiếp cận nông thôn, mức phù hợp), nên một hành động của gói có thể xếp hạng thấp ở đó: gói chọn theo thiệt hại cho người học và việc đi lại, không theo tiết kiệm.", "Cost: learners lost a year, plus the weight x the people with a longer trip, plus the penalty for a receiver of another sector (as above), each action screened alone on the network as it is; the package is chosen on the whole package's cost. The options table above ranks on a composite score (budget savings, learners kept, idle places, rural access, alignment), so a package action may rank low there: the package is chosen on the cost to learners and their travel, not on savings.";
    CapOneOff => "Chi phí một lần cho nhân sự nghỉ việc (triệu đồng)", "One-off cost of staff who leave (million VND)";
    CapDisplaced => "Người học phải chuyển cơ sở mỗi năm", "Learners who change facility a year";
    CapLost => "Người học không tiếp tục học mỗi năm (khoảng thấp–cao)", "Learners lost a year (low–high)";
    CapSupport => "Hỗ trợ đi lại tăng thêm mỗi năm (triệu đồng)", "Added travel support a year (million VND)";
    CapOutOfReach => "Người mới ngoài tầm tiếp cận của mọi cơ sở", "People newly out of reach of every facility";
    CapCommunes => "Xã mới ngoài tầm tiếp cận (dân số; khoảng cách đường bộ đến cơ sở gần nhất còn lại)", "Communes newly out of reach (population; road distance to the nearest facility left)";
    CapNone => "không có", "none";
    CapFile => "Gói được ghi thành tệp kịch bản sẵn sàng để sửa và chạy lại: cap_package.toml bên cạnh báo cáo này (tvetplan run --scenario cap_package.toml, thêm --data như lần chạy này); các hành động và số liệu: cap_package.csv và cap_package_summary.csv.", "The package is written as a scenario file ready to edit and run again: cap_package.toml next to this report (tvetplan run --scenario cap_package.toml, with --data as for this run); its actions and figures: cap_package.csv and cap_package_summary.csv.";
    CapTripRise => "Người có thời gian đi đến cơ sở gần nhất cùng trình độ tăng thêm hơn {min} phút", "People whose trip to the nearest facility of their level grows by more than {min} minutes";
    CapMeanAdded => "Số phút đi lại (một chiều) tăng thêm trung bình đến cơ sở gần nhất cùng trình độ, của người học các trường bị bỏ (không phải chuyến đi của người chuyển theo nghề)", "Mean added one-way minutes to the nearest facility teaching the same level, for the learners of the removed schools (not the trips of those who follow their course)";
    CapProtected => "Không đụng đến (danh sách bảo vệ và trường dân tộc nội trú): {list}.", "Left alone (protected list and ethnic boarding schools): {list}.";
    CapStepFit => "trùng lĩnh vực {sector}, cùng nghề {occ}; {min} phút, {km} km từ xã của trường", "sector overlap {sector}, same occupations {occ}; {min} min, {km} km from the school's commune";
    TripRiseShort => "Đi xa thêm >{min} phút", "Trip +{min} min or more";
    EqualStaffMoves => "Độ nhạy: tỷ lệ nhân sự nghỉ việc khi đóng cửa ({close}) và khi sáp nhập ({merge}) là ước đoán, không có nguồn số liệu; phần lớn lợi thế của đóng cửa so với sáp nhập cùng cơ sở đến từ chênh lệch này. Nếu khi sáp nhập cũng có nhiều người nghỉ việc như khi đóng cửa (cả hai {mean}), thứ hạng đổi: {list}; các phương án khác trong bảng giữ thứ hạng (cột rank_equal_staff của consolidation_options.csv).", "Sensitivity: the shares of staff who leave on a closure ({close}) and on a merge ({merge}) are guesses without data, and most of a closure's lead over a merge of the same centre comes from that gap. If as many staff leave on a merge as on a closure (both {mean}), ranks change: {list}; the other options of the table keep their rank (column rank_equal_staff of consolidation_options.csv).";
    RankBecomes => "#{from} thành #{to}", "#{from} becomes #{to}";
    RankRangeShort => "Khoảng hạng (tỷ lệ lần vào top 5)", "Rank range (share in top 5)";
    RankRangeNote => "Khoảng hạng: thứ hạng của phương án qua {draws} lần rút ngẫu nhiên (có hạt giống cố định) các giả định chưa chắc chắn trong khoảng của chúng (thời gian đi lại làm số người học giảm một nửa, tỷ lệ nhân sự nghỉ việc, chi trả một lần, tiền lương, phần chi phí tiết kiệm khi thành phân hiệu; phân phối tam giác, giá trị trung tâm là khả năng cao nhất): từ phân vị 5 đến phân vị 95 của thứ hạng; trong ngoặc: tỷ lệ số lần phương án lọt vào 5 hạng đầu (cột rank_low, rank_high và top5_share của consolidation_options.csv). Số người học không tiếp tục học được tính lại theo mô hình thu hút ở mỗi lần rút, giữ nguyên nơi ở của người học; mức phù hợp, khả năng tiếp cận và quy mô tuyển sinh không dùng đến giữ giá trị trung tâm.", "Rank range: the option's rank over {draws} seeded draws of the uncertain inputs over their ranges (the travel times that halve attendance, staff leaving, severance, salary, the share of fixed cost a satellite saves; triangular distributions, the central value the most likely): its 5th to 95th percentile; in brackets: the share of the draws in which it ranks among the first five (columns rank_low, rank_high and top5_share of consolidation_options.csv). Each draw recomputes the learners lost with the attendance model, the learners' home communes held; alignment, access and idle places keep their central values.";
    RankStable => "Đầu bảng xếp hạng vững: qua {draws} lần rút ngẫu nhiên các giả định chưa chắc chắn, năm phương án đứng đầu đều nằm trong 5 hạng đầu ở ít nhất {share} số lần.", "The top of the ranking is stable: over {draws} draws of the uncertain inputs, each of the first five options ranks among the first five in at least {share} of them.";
    RankUnstable => "Đầu bảng xếp hạng chưa vững: qua {draws} lần rút ngẫu nhiên các giả định chưa chắc chắn, {list}. Nên đọc năm phương án đầu như một danh sách cần xem xét, chưa phải một thứ tự.", "The top of the ranking is not stable: over {draws} draws of the uncertain inputs, {list}. Read the first five as a short list to examine, not as an order.";
    RankInTopFive => "#{rank} chỉ nằm trong 5 hạng đầu ở {share} số lần (hạng {low}–{high})", "#{rank} ranks among the first five in only {share} of them (ranks {low}–{high})";
    RankEntersTopFive => "#{rank} vào 5 hạng đầu ở {share} số lần", "#{rank} enters the first five in {share} of them";
    EqualStaffSame => "Độ nhạy: tỷ lệ nhân sự nghỉ việc khi đóng cửa ({close}) và khi sáp nhập ({merge}) là ước đoán, không có nguồn số liệu. Nếu khi sáp nhập cũng có nhiều người nghỉ việc như khi đóng cửa (cả hai {mean}), các phương án trong bảng giữ thứ hạng (cột rank_equal_staff của consolidation_options.csv).", "Sensitivity: the shares of staff who leave on a closure ({close}) and on a merge ({merge}) are guesses without data. If as many staff leave on a merge as on a closure (both {mean}), the options of the table keep their rank (column rank_equal_staff of consolidation_options.csv).";
    MeanAddedShort => "Phút đi thêm (TB)", "Mean added min";
    TripRiseNote => "Đi xa thêm >{min} phút: dân số các xã có thời gian đi đến cơ sở gần nhất cùng trình độ đào tạo tăng thêm hơn {min} phút (hoặc không còn cơ sở nào). Phút đi thêm (TB): số phút đi (một chiều) tăng thêm trung bình của người học phải chuyển (tính theo số người học, từ xã nơi ở; cột people_travel_rise và mean_added_min của consolidation_options.csv). Chỉ số này đặt cạnh \"Mới ngoài tầm\", vốn là một ngưỡng cứng: một xã từ 14,9 km sang 15,1 km cũng bị tính.", "Trip +{min} min or more: people of the communes whose trip to the nearest facility teaching the same level grows by more than {min} minutes (or who have none left). Mean added min: the mean added one-way minutes of the displaced learners (learner-weighted, from their home commune; columns people_travel_rise and mean_added_min of consolidation_options.csv). It stands beside \"Out of reach\", a hard edge that counts a commune moving from 14.9 to 15.1 km.";
    CapScenarioName => "Gói đạt trần {cap} trường công lập", "Package meeting the cap of {cap} public schools";
    CmpTitle => "So sánh các kịch bản với hiện trạng", "The scenarios compared with the baseline";
    CmpIntro => "Mỗi trang sau là một kịch bản so với hiện trạng (mạng lưới hiện nay, không có hành động nào), cùng số liệu, năm cơ sở {base}, năm cuối kỳ {horizon}. Tổng tiết kiệm: chi phí cố định tiết kiệm được, trừ hỗ trợ đi lại và chi phí tăng thêm ở nơi nhận, kể cả phần của trường tự chủ tài chính; tiết kiệm ngân sách thì không tính phần đó. Người mới ngoài tầm tiếp cận: dân số các xã trước có ít nhất một cơ sở trong tầm tiếp cận ({radius} km; {difficult} km ở xã đặc biệt khó khăn) mà sau không còn.", "Each following page is one scenario against the baseline (the network as it is, no action), on the same data, base year {base}, horizon {horizon}. Total savings: fixed costs saved, less travel support and the receivers' added running cost, self-financing schools included; budget savings leave those out. People newly out of reach: the population of communes that had at least one facility within reach ({radius} km; {difficult} km in extremely difficult communes) and have none after.";
    CmpFigure => "Số liệu", "Figure";
    CmpChange => "Thay đổi", "Change";
    CmpSchools => "Trường công lập tính vào trần (trần {cap})", "Public schools counted (cap {cap})";
    CmpFacilities => "Cơ sở công lập", "Public facilities";
    CmpPlaces => "Quy mô tuyển sinh", "Training places";
    CmpCost => "Chi phí hằng năm (triệu đồng)", "Annual cost (million VND)";
    CmpSavingsYear => "Tổng tiết kiệm mỗi năm (triệu đồng)", "Total savings a year (million VND)";
    CmpWithinReach => "Dân có ít nhất một cơ sở trong tầm tiếp cận", "People with a facility within reach";
    CmpAlignment => "Vị trí cần tuyển chưa có người (toàn tỉnh)", "Unfilled openings (province)";
    CmpRuralAlignment => "Người tốt nghiệp chưa có vị trí phù hợp (toàn tỉnh)", "Entrants without a matching opening (province)";
    CmpAtHorizon => "{indicator}, năm {year}", "{indicator}, {year}";
    CmpTargets => "Chỉ tiêu đã đạt hoặc đúng hướng", "Targets met or on track";
    CmpCommunes => "Xã mới ngoài tầm tiếp cận (dân số): {list}", "Communes newly out of reach (population): {list}";
    CmpTableNote => "Tiết kiệm: tổng, triệu đồng mỗi năm; không tiếp tục học: số người học mỗi năm; mới ngoài tầm: số người mới ngoài tầm tiếp cận của mọi cơ sở; trường CL: trường công lập tính vào trần.", "Savings: total, million VND a year; learners lost: a year; out of reach: people newly out of reach of every facility; schools: public schools counted against the cap.";
    CmpTripNote => "Đi xa thêm >{min} phút: số người có thời gian đi đến cơ sở gần nhất có cùng một trình độ đào tạo tăng thêm hơn {min} phút so với hiện trạng (hoặc không còn cơ sở nào), đặt cạnh \"mới ngoài tầm\", vốn là một ngưỡng cứng {km} km.", "Trip +{min} min or more: people whose trip to the nearest facility teaching some level grows by more than {min} minutes against the baseline (or who have none left), beside \"out of reach\", a hard {km} km edge.";
    CmpActions => "Hành động ({n})", "Actions ({n})";
    CmpMoreActions => "và {n} hành động khác (xem actions.csv của kịch bản)", "and {n} more (the scenario's actions.csv)";
    CmpOutShort => "Mới ngoài tầm", "Out of reach";
    CmpSchoolsShort => "Trường CL", "Schools";
    CmpLostShort => "Không tiếp tục học", "Learners lost";
    CmpSavingsShort => "Tiết kiệm/năm", "Savings/yr";
    TotalHorizonShort => "Tổng đến {year} (tr.đ)", "Total to {year}";
    ParetoShort => "Pareto", "Pareto";
    Yes => "có", "yes";
    ActOpen => "Mở {facility} ({n} chương trình, {places} chỗ)", "Open {facility} ({n} programmes, {places} places)";
    ActAddProgram => "Thêm {occupation}, {level} ({places} chỗ) tại {facility}", "Add {occupation}, {level} ({places} places) at {facility}";
    ActRemoveProgram => "Bỏ {occupation}, {level} tại {facility}", "Remove {occupation}, {level} at {facility}";
    ActSetPlaces => "Đặt số chỗ {occupation}, {level} tại {facility} là {places}", "Set the places of {occupation}, {level} at {facility} to {places}";
    ActSetPlacesFacility => "Đặt số chỗ của {facility} là {places}", "Set the places of {facility} to {places}";
    LvlCollege => "cao đẳng", "college";
    LvlIntermediate => "trung cấp", "intermediate";
    LvlElementary => "sơ cấp", "elementary";
    LvlShort => "ngắn hạn", "short course";
    ScenarioActions => "Các hành động của kịch bản", "Scenario actions";
    Year => "Năm", "Year";
    Action => "Hành động", "Action";
    EffectsLine => "Tiết kiệm ròng {savings} triệu đồng/năm; {displaced} người học phải chuyển cơ sở, trong đó {lost} người dự kiến không tiếp tục học trong tỉnh.", "Net savings {savings} million VND a year; {displaced} learners change site, of whom {lost} are expected to drop out.";
    OptimisedLine => "Tối ưu hóa ({model}, {solver}, sai số tối ưu {gap}): giữ {kept} cơ sở, sáp nhập {merged} cơ sở, đóng cửa {closed} cơ sở không có nơi nhận phù hợp trong vòng {limit} phút. Hàm mục tiêu: {objective}. Các tác động ở trên được tính sau đó bằng mô hình thu hút người học, theo từng chương trình, như các phương án và gói đạt trần.", "Optimisation ({model}, {solver}, optimality gap {gap}): {kept} facilities kept, {merged} merged, {closed} closed (no open facility that may take them over within {limit} minutes). Objective: {objective}. The effects above are computed afterwards by the attendance model, programme by programme, as for the options and the cap package.";
    ObjectiveCflpTerms => "{value} triệu đồng/năm = chi phí cố định của các cơ sở giữ lại {fixed} + chi phí đi lại của người học {travel} + {lost} người học không tiếp tục học × {per} triệu đồng/người ({lost_cost}; mặc định: chi phí thường xuyên của ngân sách cho một người học tuyển mới). Người học không tiếp tục học ở đây tính theo thời gian đi lại, và ít nhất bằng tỷ lệ khi cơ sở đóng cửa nếu không có nơi nhận phù hợp; chưa xét từng nghề", "{value} M VND a year = fixed costs of the facilities kept {fixed} + learners' travel {travel} + {lost} learners lost × {per} M VND each ({lost_cost}; by default the public running cost per learner admitted). Learners lost here by travel time, and at least the closure's share where no receiver may take the facility over; not yet occupation by occupation";
    ObjectiveCflp => "{value} triệu đồng/năm (chi phí cố định của các cơ sở giữ lại + chi phí đi lại của người học)", "{value} M VND a year (fixed costs of the facilities kept + learners' travel cost)";
    ObjectivePMedian => "{value} người học × phút (tổng thời gian đi lại)", "{value} learner-minutes (total travel time)";
    ObjectiveMclp => "{value} người học trong bán kính phục vụ", "{value} learners within the service radius";
    ObjectiveSites => "{value} cơ sở", "{value} facilities";
    UncertaintyLine => "Độ bất định ({draws} lần mô phỏng tăng trưởng nhu cầu, người tham gia thị trường lao động giữ như năm cơ sở): năm cuối kỳ, vị trí chưa có người từ {ulow} đến {uhigh} (trung vị {umedian}), người tốt nghiệp chưa có vị trí phù hợp từ {xlow} đến {xhigh} (trung vị {xmedian}).", "Uncertainty ({draws} draws of demand growth, entrants held at the base year's): at the horizon, unfilled openings from {ulow} to {uhigh} (median {umedian}), entrants without a matching opening from {xlow} to {xhigh} (median {xmedian}).";
    Method => "Phương pháp", "Method";
    MethodAlignment => "Phù hợp đào tạo - việc làm, tính bằng người: theo ô nhóm nghề (ISCO-08 cấp 2, cột isco của occupations.csv) × nhóm trình độ (cao đẳng, trung cấp; sơ cấp, ngắn hạn). Người tham gia thị trường lao động = người tốt nghiệp năm cơ sở × (1 - tỷ lệ học tiếp - tỷ lệ đã có việc làm học nâng cao - tỷ lệ rời tỉnh), mỗi tỷ lệ có khoảng thấp–cao (giả định khi chưa có điều tra lần vết). Cầu là số vị trí cần tuyển cùng năm (demand.csv, giữ nguồn số liệu); vị trí không ghi trình độ được chia theo tỷ lệ giả định. Vị trí chưa có người U = Σ max(0, cầu - người tham gia); người chưa có vị trí phù hợp X = Σ max(0, người tham gia - cầu). Thiếu hụt hay dư thừa chỉ khi cả khoảng ước tính nằm ngoài biên ±20% (quy ước của công cụ), còn lại chưa chắc chắn; tỷ lệ có việc làm sau 6 tháng đặt bên cạnh để kiểm tra. Lớp ngắn hạn nghề nông được đánh giá theo kết quả việc làm, tự làm. Chỉ số khác biệt D kèm giá trị do sai số ngẫu nhiên. Các giá trị: bảng giả định.", "Alignment in people: cells of occupation group (ISCO-08 sub-major group, the isco column of occupations.csv) × level group (college, intermediate; elementary, short). Entrants = base-year graduates × (1 - studying on - already employed and upskilling - leaving the province), each share with a low–high range (assumptions until a tracer study gives them). Demand is the same year's job openings (demand.csv, source kept); openings without a level are split by an assumed share. Unmet openings U = Σ max(0, openings - entrants); unplaced entrants X = Σ max(0, entrants - openings). A cell is a shortage or a surplus only when its whole range is beyond a ±20% band (a convention of this tool), else uncertain; employment after six months sits beside it as the check. Farming short courses are judged by their graduates' employment or self-employment. The dissimilarity D comes with the value sampling noise alone gives. Values: the assumptions table.";
    MethodAccess => "Tiếp cận: quãng đường = khoảng cách đường chim bay × hệ số đường vòng; thời gian theo tốc độ đi lại của xã (đồng bằng, hoặc miền núi, đặc biệt khó khăn). Trong tầm tiếp cận: trong bán kính tiếp cận, theo ngưỡng hỗ trợ đi lại của QĐ 46/2015/QĐ-TTg. Cung của một xã chỉ tính các cơ sở trong tầm tiếp cận, chia theo lực lượng lao động (2SFCA).", "Access: road distance = straight-line distance × circuity; travel time at the commune's speed (plain, or mountain and extremely difficult communes). Within reach: inside the reach radius, the travel-allowance thresholds of Decision 46/2015/QĐ-TTg. A commune's supply counts only facilities within reach, shared by labour force (2SFCA).";
    MethodTravelTimes => "Thời gian đi lại đến cơ sở gần nhất: {parts}.", "Travel time to the nearest facility: {parts}.";
    MethodTravelNetwork => "{n} xã theo mạng lưới đường bộ OpenStreetMap (xe máy, kể cả phà)", "{n} communes over the OpenStreetMap road network (motorbike, ferries included)";
    MethodTravelMeasured => "{n} xã theo số đo thực tế (travel.csv)", "{n} communes measured (travel.csv)";
    MethodTravelStraight => "{n} xã theo ước tính đường chim bay (không dùng mạng lưới đường bộ nếu không chạy với --roads)", "{n} communes by the straight-line estimate (the road network is used only with --roads)";
    MethodTargets => "Mục tiêu: lao động qua đào tạo và có bằng cấp, chứng chỉ là hai chỉ tiêu khác nhau. Dự báo: số người có bằng tăng theo số người tốt nghiệp ở lại làm việc trong tỉnh mỗi năm và giảm theo tỷ lệ rời lực lượng lao động; năm đạt sớm nhất và muộn nhất dùng giá trị thấp và cao của hai giả định này. Tỷ lệ có việc làm sau 6 tháng được dự báo theo xu hướng tuyến tính của các năm qua, sớm và muộn theo khoảng tin cậy 95% của độ dốc; tỷ lệ này tính riêng cho cao đẳng, trung cấp và cho sơ cấp, ngắn hạn, chỉ trên các dòng có số liệu việc làm. Chỉ tiêu chưa có số liệu các năm trước được ghi là chưa có số liệu xu hướng, không phải chưa đạt.", "Targets: workers trained and workers with a diploma or certificate are two different indicators. Projection: the certified stock grows with the graduates staying in the province's labour force each year and falls with the exit rate; the early and late years use the low and high ends of these two assumptions. Employment after 6 months is projected by the linear trend of past years, early and late from the 95% interval of its slope; it is shown separately for college and intermediate and for elementary and short courses, over the rows that report it. An indicator without earlier values has no trend data rather than being off track.";
    MethodOptions => "Phương án sắp xếp: đóng cửa; sáp nhập vào một trong các cơ sở công lập gần nhất cùng loại hoặc cao hơn, còn chỗ cho ít nhất một nửa người học (quy tắc của từng phương án đơn lẻ; gói đạt trần cho phép sáp nhập khi nơi nhận thiếu chỗ, người học còn lại học tại cơ sở cũ, nay là phân hiệu); chuyển trung tâm thành phân hiệu khi có lớp cao đẳng, trung cấp để chuyển. Người học đến từ các xã theo mô hình thu hút có cạnh tranh giữa các cơ sở dạy cùng nghề, cùng trình độ; khi lớp đóng hoặc chuyển đi, người học sang cơ sở gần nhất dạy cùng nghề, cùng trình độ và tiếp tục học theo tỷ lệ suy giảm do phải đi xa hơn, trong giới hạn chỗ còn trống. Xếp hạng theo tiết kiệm ngân sách đến năm cuối kỳ (trừ chi phí một lần), người học giữ lại, quy mô tuyển sinh không dùng đến được cắt giảm, tiếp cận nông thôn và mức phù hợp (thay đổi số người lệch đào tạo - việc làm: vị trí chưa có người cộng người tốt nghiệp chưa có vị trí phù hợp), với các trọng số trong bảng giả định. Trung tâm GDNN-GDTX: chỉ phần giáo dục nghề nghiệp có trong dữ liệu; học viên và chi phí giáo dục thường xuyên không được mô hình hóa, nên tiết kiệm khi đóng hoặc sáp nhập trung tâm là cận trên nếu một phần chi phí cố định phục vụ giáo dục thường xuyên.", "Consolidation options: close; merge into one of the nearest public facilities of the same kind or higher with room for at least half of the learners (a rule for single options; the cap package also merges into a receiver short of room, the rest studying on at the old site, now its campus); turn a centre into a satellite when it has college or intermediate courses to move. Learners come from the communes by a competitive attendance model among facilities teaching the same occupation at the same level; when a course closes or moves, its learners turn to the nearest facility teaching the same course and continue in proportion to the decay with the longer trip, within its free places. Ranked on budget savings to the horizon (after one-off costs), learners kept, idle places removed, rural access and alignment (the change in people mismatched: unfilled openings plus entrants without a matching opening), with the weights in the assumptions table. GDNN-GDTX centres: only their vocational side is in the data; continuing-education learners and costs are not modelled, so the savings from closing or merging a centre are an upper bound where part of its fixed cost serves continuing education.";
    AttendanceMisfit => "Mô hình thu hút người học không tái hiện được số liệu ({list}; chênh lệch vượt sai số chọn mẫu): số người học không tiếp tục học của các phương án là không chắc chắn, hãy đọc cả khoảng thấp–cao.", "The attendance model does not reproduce the data ({list}; beyond the sampling error): the learners lost by each option are uncertain, read their low-high range too.";
    MisfitItem => "{stat} ở {group}: thực tế {observed}, mô hình {predicted}", "{stat} at {group}: observed {observed}, predicted {predicted}";
    StatWithin15km => "tỷ lệ người học ở trong 15 km", "share of learners within 15 km";
    StatMeanMin => "thời gian đi trung bình (phút)", "mean trip (minutes)";
    StatRuralShare => "tỷ lệ người học nông thôn", "rural share of learners";
    GroupSchools => "các trường", "schools";
    GroupCentres => "các trung tâm", "centres";
    MethodOptimise => "Tối ưu hóa mạng lưới: bài toán vị trí - phân bổ (CFLP, p-median, MCLP, LSCP) giải chính xác bằng HiGHS (MILP) hoặc bằng thuật toán heuristic nhanh với cận dưới Lagrange; báo cáo sai số tối ưu.", "Network optimisation: location-allocation (CFLP, p-median, MCLP, LSCP) solved exactly with HiGHS (MILP) or with a fast heuristic with a Lagrangian lower bound; the optimality gap is reported.";
    AcknowledgedLine => "Cảnh báo dữ liệu đã được chấp nhận: {n} cảnh báo theo mục ở dòng {line} của {file}; lý do ghi trong tệp: {reason}", "Data warnings acknowledged: {n} warning(s) by the entry on line {line} of {file}; reason given: {reason}";
    MethodMore => "Chi tiết công thức, giá trị mặc định và nguồn: docs/METHODOLOGY.md.", "Formulas, defaults and sources in full: docs/METHODOLOGY.md.";
    Inputs => "Dữ liệu đầu vào", "Input files";
    File => "Tệp", "File";
    Bytes => "Byte", "Bytes";
    PageOf => "Trang {n}/{total}", "Page {n} of {total}";
    NationalMapTitle => "Vị trí cần tuyển chưa có người tốt nghiệp phù hợp theo tỉnh (% số vị trí), năm {year}", "Openings without a matching entrant by province (% of openings), {year}";
    NationalRankingTitle => "Tỷ lệ lao động có bằng cấp, chứng chỉ theo tỉnh, năm {year}", "Workers with a diploma or certificate by province, {year}";
    TargetShort => "Mục tiêu 32%", "Target 32%";
    OffChart => "{n} phương án mất hơn {x} người học không hiển thị (xem consolidation_options.csv)", "{n} options losing more than {x} learners not shown (see consolidation_options.csv)";
}

/// Replaces `{name}` placeholders.
pub(crate) fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Numbers the way readers expect them: "1.234.567" and "0,75" in Vietnamese,
/// "1,234,567" and "0.75" in English.
/// A central value with its low-high range, whole numbers: "27 (18–35)"; one number when
/// the range is nil at that precision; "31.264 (-766 đến 66.661)" when the low end is
/// negative, where a dash would read as a minus sign.
pub(crate) fn with_range(lang: Lang, central: f64, low: f64, high: f64) -> String {
    let (low, mid, high) = (number(lang, low, 0), number(lang, central, 0), number(lang, high, 0));
    if low == high {
        mid
    } else if low.starts_with('-') || high.starts_with('-') {
        let to = match lang {
            Lang::Vi => "đến",
            Lang::En => "to",
        };
        format!("{mid} ({low} {to} {high})")
    } else {
        format!("{mid} ({low}\u{2013}{high})")
    }
}

pub(crate) fn number(lang: Lang, value: f64, decimals: usize) -> String {
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
pub(crate) fn percent(lang: Lang, share: f64, decimals: usize) -> String {
    format!("{}%", number(lang, share * 100.0, decimals))
}

/// The "Source:" line under every chart: the input files, the data year and the tool's
/// version.
pub(crate) fn source_line(lang: Lang, files: &str, year: i32) -> String {
    fill(
        tr(lang, Key::SourceLine),
        &[("files", files.to_string()), ("year", year.to_string()), ("version", env!("CARGO_PKG_VERSION").to_string())],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_line_names_files_year_and_version() {
        let v = env!("CARGO_PKG_VERSION");
        assert_eq!(
            source_line(Lang::En, "areas.csv", 2025),
            format!("Source: areas.csv; year 2025. Made with tvetplan {v}.")
        );
        assert_eq!(
            source_line(Lang::Vi, "areas.csv", 2025),
            format!("Nguồn: areas.csv; năm 2025. Tạo bởi tvetplan {v}.")
        );
    }

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

    #[test]
    fn ranges_use_a_dash_unless_an_end_is_negative() {
        assert_eq!(with_range(Lang::Vi, 31264.2, 20100.0, 41000.0), "31.264 (20.100\u{2013}41.000)");
        assert_eq!(with_range(Lang::Vi, 31264.0, -766.0, 66661.0), "31.264 (-766 đến 66.661)");
        assert_eq!(with_range(Lang::En, 31264.0, -766.0, 66661.0), "31,264 (-766 to 66,661)");
        // Nil at whole numbers: one figure.
        assert_eq!(with_range(Lang::En, 27.2, 26.9, 27.4), "27");
    }
}
