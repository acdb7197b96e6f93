//! Amounts of money as a sentence reads them aloud (7億3,128万円): charts and their
//! sentences use them, tables keep the full figure.

use super::metrics::push_int_grouped;

/// An amount of yen as a sentence reads it aloud: `7億3,128万円`, `1万2,345円`, `1億円`
/// (tables keep the full figure). `unit` is the indicator's unit: 円 and 千円 are read
/// this way; any other unit, a fraction or an amount under 1万円 gives `None`.
pub fn yen_words(x: f64, unit: &str) -> Option<String> {
    let yen = match unit.trim() {
        "円" => x,
        "千円" => x * 1000.0,
        _ => return None,
    };
    if yen.fract() != 0.0 || yen.abs() < 10_000.0 || yen.abs() >= 1.0e19 {
        return None;
    }
    let n = yen as i64;
    let mut rest = n.unsigned_abs();
    let mut out = String::with_capacity(32);
    if n < 0 {
        out.push('-');
    }
    for (size, name) in [
        (1_0000_0000_0000u64, "兆"),
        (1_0000_0000, "億"),
        (1_0000, "万"),
    ] {
        if rest >= size {
            push_int_grouped(&mut out, (rest / size) as i64);
            out.push_str(name);
            rest %= size;
        }
    }
    if rest > 0 {
        push_int_grouped(&mut out, rest as i64);
    }
    out.push('円');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_amounts_read_in_oku_and_man() {
        assert_eq!(
            yen_words(7_312_800_000.0, "円").as_deref(),
            Some("73億1,280万円")
        );
        assert_eq!(
            yen_words(3_968_400_000.0, "円").as_deref(),
            Some("39億6,840万円")
        );
        assert_eq!(yen_words(100_000_000.0, "円").as_deref(), Some("1億円"));
        assert_eq!(yen_words(12_345.0, "円").as_deref(), Some("1万2,345円"));
        assert_eq!(
            yen_words(731_280.0, "千円").as_deref(),
            Some("7億3,128万円")
        );
        assert_eq!(
            yen_words(1_200_000_000_000.0, "円").as_deref(),
            Some("1兆2,000億円")
        );
        assert_eq!(yen_words(9_999.0, "円"), None);
        assert_eq!(yen_words(12_345.5, "円"), None);
        assert_eq!(yen_words(12_345.0, "件"), None);
    }
}
