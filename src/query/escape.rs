//! Escaping of values inside query text. Free of crate types, so the mock's parser tests
//! include this file to check that what is escaped here parses back to the same value.

/// A value as it stands in a search `criteria` condition: `(`, `)` and `,` preceded by a
/// backslash, as the Search Records page says, and a backslash doubled where it would
/// otherwise escape what follows: at the end of the value (the page's `K\` → `K\\`) or before
/// `(`, `)`, `,` or another backslash. Any other backslash stands for itself.
pub(crate) fn criteria_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' | ')' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => {
                out.push('\\');
                if matches!(chars.peek(), None | Some('(' | ')' | ',' | '\\')) {
                    out.push('\\');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// A COQL string literal: the value in single quotes, with `\` written `\\` and `'` written
/// `\'`. The COQL pages quote values in single quotes but say nothing of quotes inside them;
/// backslash escaping is this crate's choice (MySQL's, which COQL follows elsewhere).
pub(crate) fn coql_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if matches!(c, '\\' | '\'') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}
