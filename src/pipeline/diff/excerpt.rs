//! A short excerpt of how a prose field changed: the part that differs, with a few
//! characters of the unchanged text around it, so a reviewer sees the edit without
//! reading both versions of a long paragraph.

/// Characters of unchanged text shown before and after the change.
const CONTEXT: usize = 8;
/// The longest changed part shown; more is cut with …
const LONGEST: usize = 40;

/// The old and new excerpt of a changed text.
pub fn change(old: &str, new: &str) -> (String, String) {
    let old: Vec<char> = flatten(old).chars().collect();
    let new: Vec<char> = flatten(new).chars().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    let show = |text: &[char]| {
        let mut s = String::new();
        if prefix > CONTEXT {
            s.push('…');
        }
        s.extend(&text[prefix.saturating_sub(CONTEXT)..prefix]);
        let middle = &text[prefix..text.len() - suffix];
        s.extend(middle.iter().take(LONGEST));
        if middle.len() > LONGEST {
            s.push('…');
        }
        let tail = &text[text.len() - suffix..];
        s.extend(tail.iter().take(CONTEXT));
        if tail.len() > CONTEXT {
            s.push('…');
        }
        s
    };
    (show(&old), show(&new))
}

/// The start of a text, for a field written where there was none.
pub fn start(text: &str) -> String {
    let flat = flatten(text);
    let mut s: String = flat.chars().take(LONGEST).collect();
    if flat.chars().count() > LONGEST {
        s.push('…');
    }
    s
}

/// The text on one line: trimmed, each run of line breaks and spaces as one space.
fn flatten(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_changed_part_with_context() {
        let (a, b) = change(
            "窓口の待ち時間は前年度より短くなりました。",
            "窓口の待ち時間は前年度より大きく短くなりました。",
        );
        assert_eq!(a, "…時間は前年度より短くなりました。");
        assert_eq!(b, "…時間は前年度より大きく短くなりました。");
        let (a, b) = change("あ", "い");
        assert_eq!((a.as_str(), b.as_str()), ("あ", "い"));
        // Line breaks read as spaces; repeated text is not counted twice.
        let (a, b) = change("ああ\nああ", "ああああ");
        assert_eq!((a.as_str(), b.as_str()), ("ああ ああ", "ああああ"));
        assert_eq!(start(&"あ".repeat(50)), format!("{}…", "あ".repeat(40)));
    }
}
