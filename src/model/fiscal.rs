//! Fiscal years (年度) and their Japanese era names (和暦).
//!
//! A Japanese fiscal year runs from April 1 to March 31 and is named by the Western year in
//! which it starts: `2021` is 令和3年度. The first year of an era is 元年, never 1年.

use serde::Serialize;
use std::fmt;

/// How fiscal years are written on pages (`year_style` in site.toml).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub enum YearStyle {
    /// 令和3年度
    #[default]
    Wareki,
    /// 2021年度
    Western,
    /// 令和3年度（2021年度）
    Both,
}

impl YearStyle {
    /// Parses the site.toml value.
    pub fn parse(s: &str) -> Option<YearStyle> {
        match s {
            "wareki" => Some(YearStyle::Wareki),
            "western" => Some(YearStyle::Western),
            "both" => Some(YearStyle::Both),
            _ => None,
        }
    }
}

/// A fiscal year, named by the Western year in which it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FiscalYear(pub i32);

/// Japanese eras with the Western year their first fiscal year starts in.
///
/// Governments name the fiscal year in which an era begins by the new era (2019 is
/// 令和元年度 although 令和 began on May 1), so an era owns every fiscal year from the
/// calendar year it began in.
const ERAS: [(&str, i32); 5] = [
    ("令和", 2019),
    ("平成", 1989),
    ("昭和", 1926),
    ("大正", 1912),
    ("明治", 1868),
];

/// Bytes a label takes at most, but for a year far outside [`FIRST_YEAR`]..=[`LAST_YEAR`]:
/// 令和元年度 is 15, 平成30年度 14, 2021年度 10.
const LABEL_ROOM: usize = 16;

/// Range of fiscal years hyoka accepts in file names and fields.
pub const FIRST_YEAR: i32 = 1868;
/// See [`FIRST_YEAR`].
pub const LAST_YEAR: i32 = 2200;

impl FiscalYear {
    /// The Western number, e.g. 2021.
    pub fn year(self) -> i32 {
        self.0
    }

    /// The previous fiscal year.
    pub fn prev(self) -> FiscalYear {
        FiscalYear(self.0 - 1)
    }

    /// Era name and year within the era, e.g. ("令和", 3).
    pub fn era(self) -> Option<(&'static str, i32)> {
        ERAS.iter()
            .find(|(_, start)| self.0 >= *start)
            .map(|(name, start)| (*name, self.0 - start + 1))
    }

    /// 和暦 label: 令和3年度, 令和元年度, 平成30年度.
    pub fn wareki(self) -> String {
        let mut s = String::with_capacity(LABEL_ROOM);
        self.push_wareki(&mut s);
        s
    }

    /// Western label: 2021年度.
    pub fn western(self) -> String {
        let mut s = String::with_capacity(LABEL_ROOM);
        self.push_western(&mut s);
        s
    }

    /// The label in the site's style.
    pub fn label(self, style: YearStyle) -> String {
        let mut s = String::with_capacity(2 * LABEL_ROOM);
        match style {
            YearStyle::Wareki => self.push_wareki(&mut s),
            YearStyle::Western => self.push_western(&mut s),
            YearStyle::Both => {
                self.push_wareki(&mut s);
                s.push('（');
                self.push_western(&mut s);
                s.push('）');
            }
        }
        s
    }

    // Labels are written piece by piece rather than with `format!`: pages, search and
    // open data ask for some forty thousand of them in a 1,000-report build.

    fn push_wareki(self, s: &mut String) {
        match self.era() {
            Some((name, n)) => {
                s.push_str(name);
                if n == 1 {
                    s.push('元');
                } else {
                    s.push_str(itoa::Buffer::new().format(n));
                }
                s.push_str("年度");
            }
            None => self.push_western(s),
        }
    }

    fn push_western(self, s: &mut String) {
        s.push_str(itoa::Buffer::new().format(self.0));
        s.push_str("年度");
    }

    /// The Western year an era year stands for: `("令和", 2)` → 2020.
    pub fn from_era(era: &str, n: i32) -> Option<FiscalYear> {
        ERAS.iter()
            .find(|(name, _)| *name == era)
            .map(|(_, start)| FiscalYear(start + n - 1))
    }

    /// Parses a fiscal year as staff type it on the command line: `2025`, `２０２５年度`,
    /// `令和7`, `令和元年度`, `R7`, `Ｈ２８`. `None` for anything else.
    pub fn parse_typed(s: &str) -> Option<FiscalYear> {
        let folded = crate::model::fold::fold(s.trim());
        let t = folded
            .trim_end_matches("年度")
            .trim_end_matches('年')
            .trim();
        if let Some(fy) = FiscalYear::from_file_stem(t) {
            return Some(fy);
        }
        const LETTERS: [(char, &str); 5] = [
            ('M', "明治"),
            ('T', "大正"),
            ('S', "昭和"),
            ('H', "平成"),
            ('R', "令和"),
        ];
        let (era, rest) = match ERAS.iter().find(|(name, _)| t.starts_with(name)) {
            Some((name, _)) => (*name, &t[name.len()..]),
            None => {
                let first = t.chars().next()?.to_ascii_uppercase();
                let (_, name) = LETTERS.iter().find(|(c, _)| *c == first)?;
                (*name, &t[1..])
            }
        };
        let n = match rest.trim() {
            "元" => 1,
            digits if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                digits.parse().ok()?
            }
            _ => return None,
        };
        if n < 1 {
            return None;
        }
        FiscalYear::from_era(era, n).filter(|fy| (FIRST_YEAR..=LAST_YEAR).contains(&fy.0))
    }

    /// Parses a report file stem: exactly four ASCII digits within the accepted range.
    pub fn from_file_stem(stem: &str) -> Option<FiscalYear> {
        if stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit()) {
            let y: i32 = stem.parse().ok()?;
            (FIRST_YEAR..=LAST_YEAR)
                .contains(&y)
                .then_some(FiscalYear(y))
        } else {
            None
        }
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As `write!(f, "{}", self.0)`, which ignores the caller's width and fill too.
        f.write_str(itoa::Buffer::new().format(self.0))
    }
}

/// Names of the eras, for scanning prose.
pub fn era_names() -> impl Iterator<Item = &'static str> {
    ERAS.iter().map(|(n, _)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wareki_table() {
        let cases = [
            (2016, "平成28年度"),
            (2017, "平成29年度"),
            (2018, "平成30年度"),
            (2019, "令和元年度"),
            (2020, "令和2年度"),
            (2021, "令和3年度"),
            (1989, "平成元年度"),
            (1988, "昭和63年度"),
            (2030, "令和12年度"),
        ];
        for (y, label) in cases {
            assert_eq!(FiscalYear(y).wareki(), label, "{y}");
        }
    }

    #[test]
    fn styles() {
        let fy = FiscalYear(2021);
        assert_eq!(fy.label(YearStyle::Wareki), "令和3年度");
        assert_eq!(fy.label(YearStyle::Western), "2021年度");
        assert_eq!(fy.label(YearStyle::Both), "令和3年度（2021年度）");
        assert_eq!(
            FiscalYear(2019).label(YearStyle::Both),
            "令和元年度（2019年度）"
        );
    }

    #[test]
    fn labels_of_every_accepted_year() {
        for y in FIRST_YEAR - 5..=LAST_YEAR {
            let fy = FiscalYear(y);
            let wareki = match fy.era() {
                Some((name, 1)) => format!("{name}元年度"),
                Some((name, n)) => format!("{name}{n}年度"),
                None => format!("{y}年度"),
            };
            assert_eq!(fy.wareki(), wareki);
            assert!(wareki.len() <= LABEL_ROOM, "{wareki}");
            assert_eq!(fy.western(), format!("{y}年度"));
            assert_eq!(fy.label(YearStyle::Both), format!("{wareki}（{y}年度）"));
            assert_eq!(fy.to_string(), y.to_string());
            assert_eq!(format!("{fy:>6}"), y.to_string(), "width is not applied");
        }
    }

    #[test]
    fn from_era_inverts_wareki() {
        assert_eq!(FiscalYear::from_era("令和", 1), Some(FiscalYear(2019)));
        assert_eq!(FiscalYear::from_era("令和", 2), Some(FiscalYear(2020)));
        assert_eq!(FiscalYear::from_era("平成", 31), Some(FiscalYear(2019)));
        assert_eq!(FiscalYear::from_era("平成", 28), Some(FiscalYear(2016)));
        assert_eq!(FiscalYear::from_era("天平", 1), None);
    }

    #[test]
    fn years_as_staff_type_them() {
        for (typed, y) in [
            ("2025", 2025),
            ("２０２５", 2025),
            ("2025年度", 2025),
            ("令和7", 2025),
            ("令和7年度", 2025),
            ("令和７年度", 2025),
            ("令和元年度", 2019),
            ("R7", 2025),
            ("r8", 2026),
            ("Ｒ８", 2026),
            ("H28", 2016),
            ("平成28年度", 2016),
            (" 令和8 ", 2026),
        ] {
            assert_eq!(
                FiscalYear::parse_typed(typed),
                Some(FiscalYear(y)),
                "{typed}"
            );
        }
        for bad in ["", "R", "令和", "令和0", "X7", "25", "令和7月", "2025-26"] {
            assert_eq!(FiscalYear::parse_typed(bad), None, "{bad}");
        }
    }

    #[test]
    fn file_stems() {
        assert_eq!(FiscalYear::from_file_stem("2021"), Some(FiscalYear(2021)));
        assert_eq!(FiscalYear::from_file_stem("2021年"), None);
        assert_eq!(FiscalYear::from_file_stem("R3"), None);
        assert_eq!(FiscalYear::from_file_stem("０２１"), None);
        assert_eq!(FiscalYear::from_file_stem("0999"), None);
    }
}
