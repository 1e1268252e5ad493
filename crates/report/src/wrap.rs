//! Line breaking for the terminal, the way Japanese typesetting and a reader of ids expect it
//! (JIS X 4051 / W3C "Requirements for Japanese Text Layout" §3.1.7, line-breaking rules
//! ("kinsoku shori"), in their common simplified form):
//!
//! - no line starts with a closing bracket, a comma or full stop, a middle dot, the prolonged
//!   sound mark ー, an iteration mark or a small kana (行頭禁則);
//! - no line ends with an opening bracket (行末禁則);
//! - a run of ASCII without spaces (an id, an ARN, a setting name) is never split, unless it is
//!   wider than a whole line on its own;
//! - widths are display columns (a CJK character takes two, UAX #11); only when a unit is
//!   wider than the line and must be split, a closing mark may hang one character past the
//!   end (ぶら下げ) rather than begin the next line.
//!
//! comfy-table splits a cell's over-long word at any character; cells are wrapped here first,
//! and the table is told not to make their column narrower than the wrap width.

use unicode_width::UnicodeWidthStr;

/// Characters that must not begin a line.
fn no_start(c: char) -> bool {
    matches!(
        c,
        '」' | '』'
            | '）'
            | '〕'
            | '］'
            | '｝'
            | '〉'
            | '》'
            | '】'
            | '〙'
            | '〗'
            | '、'
            | '。'
            | '，'
            | '．'
            | '・'
            | '：'
            | '；'
            | '？'
            | '！'
            | '‐'
            | '〜'
            | 'ー'
            | 'ヽ'
            | 'ヾ'
            | 'ゝ'
            | 'ゞ'
            | '々'
            | '〻'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ゕ'
            | 'ゖ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | ')'
            | ']'
            | '}'
            | ','
            | '.'
            | ':'
            | ';'
            | '!'
            | '?'
            | '%'
            | '…'
    )
}

/// Characters that must not end a line.
fn no_end(c: char) -> bool {
    matches!(
        c,
        '「' | '『'
            | '（'
            | '〔'
            | '［'
            | '｛'
            | '〈'
            | '《'
            | '【'
            | '〘'
            | '〖'
            | '('
            | '['
            | '{'
    )
}

/// The units a line may break between: a run of non-space ASCII is one unit, a space is its
/// own, every other character is one; then no-start characters join the unit before them and
/// no-end characters the unit after.
fn units(text: &str) -> Vec<String> {
    let mut raw: Vec<String> = Vec::new();
    for c in text.chars() {
        let ascii_word = c.is_ascii() && !c.is_ascii_whitespace();
        match raw.last_mut() {
            Some(last)
                if ascii_word
                    && last
                        .chars()
                        .last()
                        .is_some_and(|p| p.is_ascii() && !p.is_ascii_whitespace())
                    && !no_start(c) =>
            {
                last.push(c)
            }
            _ => raw.push(c.to_string()),
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut carry = String::new();
    for u in raw {
        let first = u.chars().next().unwrap_or(' ');
        if no_start(first) && carry.is_empty() {
            if let Some(prev) = out.last_mut() {
                if !prev.chars().all(|c| c == ' ') {
                    prev.push_str(&u);
                    continue;
                }
            }
        }
        let last = u.chars().last().unwrap_or(' ');
        if no_end(last) && u.chars().count() == 1 {
            carry.push_str(&u);
            continue;
        }
        out.push(std::mem::take(&mut carry) + &u);
    }
    if !carry.is_empty() {
        out.push(carry);
    }
    out
}

/// `text` broken into lines of at most `width` display columns (a unit wider than a line is
/// split by characters, as the last resort). Existing line breaks are kept.
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for unit in units(paragraph) {
            let w = unit.width();
            if line.width() + w <= width {
                if !(line.is_empty() && unit == " ") {
                    line.push_str(&unit);
                }
                continue;
            }
            if !line.trim().is_empty() {
                lines.push(line.trim_end().to_string());
            }
            line = String::new();
            if unit == " " {
                continue;
            }
            if w <= width {
                line.push_str(&unit);
            } else {
                // Split by characters, the last resort; a character that must not begin a
                // line hangs at the end of the one before (ぶら下げ, JIS X 4051).
                for c in unit.chars() {
                    if line.width() + c.to_string().width() > width && !no_start(c) {
                        lines.push(std::mem::take(&mut line));
                    }
                    line.push(c);
                }
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts_ok(text: &str) {
        for line in text.lines().skip(1) {
            let first = line.chars().next().unwrap_or(' ');
            assert!(!no_start(first), "a line starts with {first:?}:\n{text}");
        }
        for line in text.lines() {
            let last = line.chars().last().unwrap_or(' ');
            assert!(!no_end(last), "a line ends with {last:?}:\n{text}");
        }
    }

    #[test]
    fn japanese_lines_never_start_with_closing_marks_or_the_long_vowel_mark() {
        let text = "バケット「logs-prod」のサーバーアクセスログが、別のバケットに記録されていない。ポリシー「AdministratorAccess」をアタッチ。";
        for width in 4..40 {
            let out = wrap(text, width);
            starts_ok(&out);
            for line in out.lines() {
                assert!(line.width() <= width + 2, "{width}: {line:?}");
            }
            assert_eq!(
                out.replace('\n', ""),
                text,
                "nothing lost or added at {width}"
            );
        }
    }

    #[test]
    fn ids_and_arns_are_not_split_when_they_fit() {
        let text = "アカウント 123456789012 の arn:aws:s3:::logs-prod-bucket を確認する";
        let out = wrap(text, 30);
        assert!(out.lines().any(|l| l.contains("123456789012")), "{out}");
        assert!(
            out.lines()
                .any(|l| l.contains("arn:aws:s3:::logs-prod-bucket")),
            "{out}"
        );
        for line in out.lines() {
            assert!(line.width() <= 30, "{line:?}");
        }
        // Wider than a line: split, as the last resort, and nothing lost.
        let long =
            "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin";
        let out = wrap(long, 20);
        assert_eq!(out.replace('\n', ""), long);
        assert!(out.lines().all(|l| l.width() <= 20));
    }

    #[test]
    fn english_breaks_at_spaces() {
        let out = wrap("Versioning never enabled on this bucket", 16);
        assert_eq!(out, "Versioning never\nenabled on this\nbucket");
    }
}
