//! The training occupations of the synthetic datasets, with the parameters the generators use.
//!
//! Codes follow the six-digit, level-neutral part of Vietnam's list of training occupations
//! (level IV); `isco` is the ISCO-08 / VSCO 2020 unit group. Demand weights are relative
//! shares of openings within a sector; they are what makes the synthetic labour market
//! differ from the training mix (industry and services in demand, traditional short courses
//! over-supplied).

use crate::model::Sector;

pub(crate) struct OccupationSpec {
    pub(crate) code: &'static str,
    pub(crate) name_vi: &'static str,
    pub(crate) name_en: &'static str,
    pub(crate) sector: Sector,
    pub(crate) isco: &'static str,
    /// Relative weight of openings within the sector.
    pub(crate) demand_weight: f64,
    /// Share of women among learners.
    pub(crate) female: f64,
    /// Employment after 6 months, before the supply-demand adjustment.
    pub(crate) employment: f64,
}

#[allow(clippy::too_many_arguments)]
const fn occ(
    code: &'static str,
    name_vi: &'static str,
    name_en: &'static str,
    sector: Sector,
    isco: &'static str,
    demand_weight: f64,
    female: f64,
    employment: f64,
) -> OccupationSpec {
    OccupationSpec { code, name_vi, name_en, sector, isco, demand_weight, female, employment }
}

use Sector::{Agriculture as A, Industry as I, Services as S};

pub(crate) const OCCUPATIONS: &[OccupationSpec] = &[
    // Agriculture
    occ("620111", "Trồng trọt và bảo vệ thực vật", "Crop growing and plant protection", A, "6111", 2.0, 0.55, 0.62),
    occ("620112", "Trồng cây ăn quả", "Fruit tree growing", A, "6112", 2.2, 0.50, 0.70),
    occ("620119", "Chăn nuôi gia súc, gia cầm", "Livestock and poultry raising", A, "6121", 2.0, 0.50, 0.64),
    occ("620303", "Nuôi trồng thủy sản", "Aquaculture", A, "6221", 2.0, 0.30, 0.74),
    occ("620202", "Lâm sinh", "Forestry and silviculture", A, "6210", 1.4, 0.30, 0.70),
    occ("640101", "Thú y", "Veterinary care", A, "3240", 0.8, 0.40, 0.72),
    occ("620116", "Trồng nấm", "Mushroom growing", A, "6114", 0.3, 0.65, 0.60),
    occ("620126", "Nông nghiệp công nghệ cao", "High-tech agriculture", A, "6114", 2.5, 0.40, 0.86),
    occ("520209", "Vận hành máy nông nghiệp", "Farm machinery operation", A, "8341", 1.6, 0.05, 0.82),
    occ("620113", "Trồng cây cảnh, hoa", "Flower and ornamental plant growing", A, "6113", 0.5, 0.60, 0.66),
    // Industry
    occ("520123", "Hàn", "Welding", I, "7212", 6.0, 0.04, 0.90),
    occ("520227", "Điện công nghiệp", "Industrial electrics", I, "7412", 6.0, 0.05, 0.90),
    occ("520225", "Điện tử công nghiệp", "Industrial electronics", I, "7421", 3.0, 0.15, 0.88),
    occ("520228", "Lắp ráp linh kiện điện tử", "Electronics assembly", I, "8212", 7.0, 0.70, 0.92),
    occ("540206", "Công nghệ may công nghiệp", "Industrial sewing", I, "8153", 8.0, 0.85, 0.91),
    occ("540205", "May thời trang", "Tailoring and dressmaking", I, "7531", 1.2, 0.85, 0.70),
    occ("520121", "Cắt gọt kim loại", "Metal cutting (machining)", I, "7223", 3.0, 0.05, 0.88),
    occ("510216", "Công nghệ ô tô", "Automotive technology", I, "7231", 2.5, 0.04, 0.86),
    occ("520217", "Sửa chữa xe máy", "Motorcycle repair", I, "7234", 0.8, 0.03, 0.70),
    occ(
        "520205",
        "Kỹ thuật máy lạnh và điều hòa không khí",
        "Refrigeration and air conditioning",
        I,
        "7127",
        2.0,
        0.05,
        0.87,
    ),
    occ("520226", "Điện dân dụng", "Household electrics", I, "7411", 1.0, 0.05, 0.68),
    occ("580201", "Kỹ thuật xây dựng (nề, bê tông)", "Construction (masonry, concrete)", I, "7112", 4.0, 0.05, 0.84),
    occ(
        "580204",
        "Mộc xây dựng và trang trí nội thất",
        "Building carpentry and interior fitting",
        I,
        "7115",
        1.5,
        0.05,
        0.80,
    ),
    occ("520312", "Cấp, thoát nước", "Plumbing", I, "7126", 1.5, 0.05, 0.84),
    occ("540103", "Chế biến nông sản, thực phẩm", "Agricultural and food processing", I, "7514", 3.0, 0.60, 0.85),
    occ("520263", "Cơ điện tử", "Mechatronics", I, "3115", 2.0, 0.08, 0.89),
    occ("540215", "Mây tre đan", "Rattan and bamboo weaving", I, "7317", 0.3, 0.75, 0.55),
    occ("540216", "Thêu ren mỹ thuật", "Embroidery and lace making", I, "7318", 0.2, 0.90, 0.52),
    occ("540211", "Mộc mỹ nghệ", "Fine-art woodwork", I, "7522", 0.4, 0.05, 0.66),
    // Services
    occ("810207", "Kỹ thuật chế biến món ăn", "Cookery", S, "5120", 5.0, 0.55, 0.88),
    occ("810206", "Nghiệp vụ nhà hàng", "Restaurant service", S, "5131", 4.0, 0.60, 0.87),
    occ("810201", "Nghiệp vụ lễ tân khách sạn", "Hotel reception", S, "4224", 3.0, 0.75, 0.86),
    occ("810103", "Hướng dẫn du lịch", "Tour guiding", S, "5113", 1.5, 0.55, 0.80),
    occ("340302", "Kế toán doanh nghiệp", "Business accounting", S, "4311", 2.0, 0.80, 0.76),
    occ("320301", "Văn thư hành chính", "Office administration", S, "4110", 0.8, 0.80, 0.70),
    occ("480205", "Tin học ứng dụng", "Applied computing", S, "3512", 2.0, 0.45, 0.82),
    occ("480209", "Quản trị mạng máy tính", "Computer network administration", S, "3513", 1.2, 0.15, 0.86),
    occ("480208", "Lập trình máy tính", "Computer programming", S, "2514", 1.5, 0.20, 0.88),
    occ("340122", "Thương mại điện tử", "E-commerce", S, "3322", 3.0, 0.60, 0.86),
    occ("340113", "Logistics và quản lý kho", "Logistics and warehousing", S, "4321", 5.0, 0.35, 0.90),
    occ("340101", "Nghiệp vụ bán hàng", "Retail sales", S, "5223", 3.0, 0.70, 0.80),
    occ("810403", "Kỹ thuật làm tóc", "Hairdressing", S, "5141", 1.5, 0.70, 0.82),
    occ("810404", "Chăm sóc sắc đẹp", "Beauty care", S, "5142", 2.0, 0.90, 0.84),
    occ("760103", "Chăm sóc người cao tuổi", "Elderly care", S, "5322", 4.0, 0.80, 0.91),
    occ("760101", "Chăm sóc trẻ em", "Childcare", S, "5311", 1.5, 0.95, 0.84),
    occ("720301", "Hộ lý, trợ giúp điều dưỡng", "Nursing aide", S, "5321", 2.0, 0.80, 0.88),
    occ("840101", "Lái xe ô tô", "Car and truck driving", S, "8322", 4.0, 0.06, 0.83),
    occ(
        "220211",
        "Tiếng Nhật, Tiếng Hàn (đi làm việc ở nước ngoài)",
        "Japanese and Korean for overseas work",
        S,
        "4229",
        1.5,
        0.50,
        0.78,
    ),
];

pub(crate) fn find(code: &str) -> &'static OccupationSpec {
    OCCUPATIONS.iter().find(|o| o.code == code).unwrap_or_else(|| panic!("occupation {code} is in the catalogue"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_sectors_all_present() {
        let codes: HashSet<&str> = OCCUPATIONS.iter().map(|o| o.code).collect();
        assert_eq!(codes.len(), OCCUPATIONS.len());
        assert!((40..=60).contains(&OCCUPATIONS.len()));
        for sector in Sector::ALL {
            assert!(OCCUPATIONS.iter().any(|o| o.sector == sector));
        }
    }
}
