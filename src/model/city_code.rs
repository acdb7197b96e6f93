//! 全国地方公共団体コード: the six-digit code that open-data catalogs key every dataset on.
//! Its sixth digit is a check digit over the first five, so a mistyped code is caught at
//! `hyoka check` instead of filing the city's data under another city.
//!
//! The rule (総務省「全国地方公共団体コード」): multiply the five digits by 6, 5, 4, 3, 2,
//! add them up, take the remainder of the sum divided by 11, and subtract it from 11; the
//! check digit is the ones digit of that (a remainder of 0 gives 1, of 1 gives 0).

/// The check digit of a five-digit code (`"13101"` → 6), or `None` when `five` is not
/// five ASCII digits.
pub fn check_digit(five: &str) -> Option<u8> {
    let b = five.as_bytes();
    if b.len() != 5 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b
        .iter()
        .zip([6, 5, 4, 3, 2])
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    Some(((11 - sum % 11) % 10) as u8)
}

/// Why a written code is not a 全国地方公共団体コード.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// Not six digits (after full-width digits are made half-width).
    NotSixDigits,
    /// Five digits: the code without its check digit, which is the field.
    MissingCheckDigit(u8),
    /// Six digits whose last is not the check digit of the first five, which is the field.
    WrongCheckDigit(u8),
}

/// The code as written, with full-width digits made half-width and surrounding spaces
/// dropped, when it is six digits with a correct check digit.
pub fn parse(written: &str) -> Result<String, CodeError> {
    let code: String = written
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect();
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CodeError::NotSixDigits);
    }
    match code.len() {
        5 => Err(CodeError::MissingCheckDigit(
            check_digit(&code).unwrap_or_default(),
        )),
        6 => {
            let want = check_digit(&code[..5]).unwrap_or_default();
            if code.as_bytes()[5] - b'0' == want {
                Ok(code)
            } else {
                Err(CodeError::WrongCheckDigit(want))
            }
        }
        _ => Err(CodeError::NotSixDigits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes as the 総務省 list publishes them.
    const KNOWN: &[(&str, &str)] = &[
        ("011002", "札幌市"),
        ("131016", "千代田区"),
        ("131024", "中央区"),
        ("131041", "新宿区"), // remainder 0: 11 → 1
        ("131130", "渋谷区"), // remainder 1: 10 → 0
        ("141305", "川崎市"),
        ("142140", "伊勢原市"), // remainder 1 as well
        ("122173", "柏市"),
        ("272035", "豊中市"),
        ("271004", "大阪市"),
        ("401307", "福岡市"),
        ("472018", "那覇市"),
    ];

    #[test]
    fn known_codes_have_their_check_digit() {
        for (code, name) in KNOWN {
            let want = code.as_bytes()[5] - b'0';
            assert_eq!(check_digit(&code[..5]), Some(want), "{name} {code}");
            assert_eq!(parse(code).as_deref(), Ok(*code), "{name}");
        }
    }

    #[test]
    fn every_other_sixth_digit_is_refused() {
        for (code, name) in KNOWN {
            let right = code.as_bytes()[5] - b'0';
            for d in (0..10).filter(|&d| d != right) {
                let wrong = format!("{}{d}", &code[..5]);
                assert_eq!(
                    parse(&wrong),
                    Err(CodeError::WrongCheckDigit(right)),
                    "{name} {wrong}"
                );
            }
        }
    }

    #[test]
    fn full_width_digits_and_spaces_are_tolerated() {
        assert_eq!(parse("１３１０１６").as_deref(), Ok("131016"));
        assert_eq!(parse(" 131016 ").as_deref(), Ok("131016"));
    }

    #[test]
    fn other_shapes_are_refused() {
        assert_eq!(parse("13101"), Err(CodeError::MissingCheckDigit(6)));
        assert_eq!(parse("1310167"), Err(CodeError::NotSixDigits));
        assert_eq!(parse("13-101"), Err(CodeError::NotSixDigits));
        assert_eq!(parse(""), Err(CodeError::NotSixDigits));
        assert_eq!(check_digit("1310"), None);
        assert_eq!(check_digit("1310a"), None);
    }
}
