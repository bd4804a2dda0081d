//! Rust names from spec names.

/// Whether `name` is a valid spec type name: ASCII `PascalCase`.
pub fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether `name` is a valid `snake_case` name for a module, function or operation.
pub fn is_snake_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.contains("__")
        && !name.ends_with('_')
}

/// `PascalCase` from words separated by anything but letters and digits:
/// `OAUTH_SCOPE_MISMATCH` → `OauthScopeMismatch`, `data sharing` → `DataSharing`,
/// `AllUsers` → `AllUsers`.
pub fn pascal(text: &str) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            // An all-caps word (`OAUTH`) is shouted, a mixed-case one (`AllUsers`) is already
            // in its intended case.
            let shouted = !word.chars().any(|c| c.is_ascii_lowercase());
            out.extend(chars.map(|c| if shouted { c.to_ascii_lowercase() } else { c }));
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// A Rust field name for a JSON key: lower-cased, runs of other characters as one `_`, a raw
/// identifier for keywords.
pub fn field(json_name: &str) -> String {
    let mut out = String::new();
    for c in json_name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches('_');
    let mut name = if trimmed.is_empty() {
        "value".to_owned()
    } else {
        trimmed.to_owned()
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if is_keyword(&name) {
        name.insert_str(0, "r#");
    }
    name
}

/// `SCREAMING_SNAKE_CASE` from `snake_case`.
pub fn screaming(snake: &str) -> String {
    snake.to_ascii_uppercase()
}

fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
    )
}

/// The runtime's types that every family module imports from `crate::prelude` (with the
/// common module's types), so no spec type may have their names.
pub const PRELUDE_TYPES: &[&str] = &[
    "ActionsResult",
    "Batch",
    "Call",
    "DocumentedError",
    "Error",
    "ErrorBody",
    "Id",
    "Method",
    "Operation",
    "PageResult",
    "Pages",
];

/// The module that API-wide types are emitted in.
pub const COMMON_MODULE: &str = "common";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_names() {
        assert_eq!(pascal("OAUTH_SCOPE_MISMATCH"), "OauthScopeMismatch");
        assert_eq!(pascal("data sharing"), "DataSharing");
        assert_eq!(pascal("24h"), "V24h");
        assert_eq!(pascal("AllUsers"), "AllUsers");
        assert_eq!(pascal("read_only"), "ReadOnly");
        assert_eq!(field("type"), "r#type");
        assert_eq!(field("created_by__s"), "created_by_s");
        assert_eq!(field("$Status"), "status");
        assert!(is_snake_name("create_role"));
        assert!(!is_snake_name("Create"));
        assert!(is_type_name("NewRole"));
        assert!(!is_type_name("new_role"));
    }
}
