//! Reading a doc page's JSON sample as a person would, when it is not strict JSON.
//!
//! Zoho's samples are written for people: they carry `//` comments, lines of `...` or `.` for
//! elided entries, trailing commas, bare keys, line breaks inside long strings, a comma left
//! out at a line end. [`repair`] makes a small, explicit set of repairs ([`RepairKind`]) and
//! says where it made each one; everything else is left as it is, so that a sample with any
//! other problem still fails to parse, at the place of the problem. It is used only after the
//! sample failed to parse as strict JSON, and nothing in a string is touched but its line
//! breaks: commas, slashes, brackets and dots inside strings stay as they are, and values are
//! copied as written.

use std::fmt::Write as _;

/// One kind of repair the lenient reader makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RepairKind {
    /// A `// ...` or `/* ... */` comment outside strings, removed.
    Comment,
    /// An elision marker such as `...`, `.` or `…` standing for entries, removed (with its
    /// comma, when it is an element between others).
    Elision,
    /// A comma before `}` or `]`, removed.
    TrailingComma,
    /// A bare object key such as `id` or `$state`, quoted.
    BareKey,
    /// A line break inside a string, joined with the next line as one space.
    LineBreakInString,
    /// A `\` at a line end left by the page's rendering, removed.
    LineContinuation,
    /// A comma left out between a value at a line end and the next entry, added.
    MissingComma,
    /// A string in typographic quotes `“...”`, put in plain quotes.
    TypographicQuotes,
}

impl RepairKind {
    /// What the repairs of this kind did, for `count` of them: `removed 3 trailing commas`.
    pub fn describe(self, count: usize) -> String {
        let plural = count != 1;
        let (verb, one, many) = match self {
            RepairKind::Comment => ("removed", "comment", "comments"),
            RepairKind::Elision => ("removed", "elision marker", "elision markers"),
            RepairKind::TrailingComma => ("removed", "trailing comma", "trailing commas"),
            RepairKind::BareKey => ("quoted", "bare key", "bare keys"),
            RepairKind::LineBreakInString => {
                ("joined", "line break in a string", "line breaks in strings")
            }
            RepairKind::LineContinuation => {
                ("removed", "line-end backslash", "line-end backslashes")
            }
            RepairKind::MissingComma => ("added", "missing comma", "missing commas"),
            RepairKind::TypographicQuotes => {
                ("replaced typographic quotes of", "string", "strings")
            }
        };
        format!("{verb} {count} {}", if plural { many } else { one })
    }
}

/// One repair and the line of the sample it was made on (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repair {
    /// What was repaired.
    pub kind: RepairKind,
    /// Line of the repair in the text given to [`repair`] (1-based).
    pub line: usize,
}

/// The repaired text, as many lines as the input (repairs that remove a line leave it blank),
/// and the repairs made, in text order.
pub fn repair(text: &str) -> (String, Vec<Repair>) {
    let mut reader = Reader {
        chars: text.chars().collect(),
        at: 0,
        line: 1,
        out: String::with_capacity(text.len() + 16),
        repairs: Vec::new(),
        stack: Vec::new(),
        expect: Expect::Start,
        last_comma: None,
        value_end: None,
        newline_since_value: false,
        held_newlines: 0,
    };
    reader.run();
    reader.repairs.sort_by_key(|r| r.line);
    (reader.out, reader.repairs)
}

/// The repaired text tidied for showing: lines a repair emptied are dropped and line ends are
/// trimmed.
pub fn tidy(original: &str, repaired: &str) -> String {
    let mut out = String::with_capacity(repaired.len());
    let mut originals = original.split('\n');
    for line in repaired.split('\n') {
        let before = originals.next().unwrap_or("");
        let line = line.trim_end();
        if line.trim().is_empty() && !before.trim().is_empty() {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_owned()
}

/// `removed 2 comments (lines 5, 9), quoted 1 bare key (line 7)`: the repairs by kind, with
/// their lines (at most five named per kind).
pub fn summary(repairs: &[Repair]) -> String {
    let mut kinds: Vec<RepairKind> = repairs.iter().map(|r| r.kind).collect();
    kinds.sort();
    kinds.dedup();
    let mut parts = Vec::new();
    for kind in kinds {
        let mut lines: Vec<usize> = repairs
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.line)
            .collect();
        let count = lines.len();
        lines.dedup();
        let mut part = kind.describe(count);
        let shown: Vec<String> = lines.iter().take(5).map(usize::to_string).collect();
        let more = if lines.len() > 5 { ", …" } else { "" };
        let word = if lines.len() == 1 { "line" } else { "lines" };
        let _ = write!(part, " ({word} {}{more})", shown.join(", "));
        parts.push(part);
    }
    parts.join(", ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Object,
    Array,
}

/// What the reader expects next outside strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The sample's value.
    Start,
    /// An object key (after `{` or a comma in an object).
    Key,
    /// The `:` after a key.
    Colon,
    /// A member's value (after `:`).
    MemberValue,
    /// An array element (after `[` or a comma in an array).
    Element,
    /// A comma or a closing bracket (after a value), or nothing at the top.
    After,
}

struct Reader {
    chars: Vec<char>,
    at: usize,
    /// Line of `chars[at]` (1-based).
    line: usize,
    out: String,
    repairs: Vec<Repair>,
    stack: Vec<Container>,
    expect: Expect,
    /// Byte offset in `out` and line of a comma with nothing significant after it yet.
    last_comma: Option<(usize, usize)>,
    /// Byte offset in `out` just after the last complete value, and its line.
    value_end: Option<(usize, usize)>,
    newline_since_value: bool,
    /// Line breaks taken out of strings, put back at the next line break outside strings so
    /// that lines keep their numbers.
    held_newlines: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | '+' | '-')
}

impl Reader {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn note(&mut self, kind: RepairKind) {
        self.repairs.push(Repair {
            kind,
            line: self.line,
        });
    }

    /// The next character that is not a space or tab, from `at`.
    fn next_on_line(&self, mut at: usize) -> Option<char> {
        while let Some(&c) = self.chars.get(at) {
            if c != ' ' && c != '\t' && c != '\r' {
                return Some(c);
            }
            at += 1;
        }
        None
    }

    /// The next character that is not whitespace, from `at`, and its index.
    fn next_significant(&self, mut at: usize) -> Option<(usize, char)> {
        while let Some(&c) = self.chars.get(at) {
            if !c.is_whitespace() {
                return Some((at, c));
            }
            at += 1;
        }
        None
    }

    fn run(&mut self) {
        while let Some(c) = self.peek(0) {
            match c {
                '\n' => {
                    self.out.push('\n');
                    for _ in 0..std::mem::take(&mut self.held_newlines) {
                        self.out.push('\n');
                    }
                    self.at += 1;
                    self.line += 1;
                    if self.expect == Expect::After {
                        self.newline_since_value = true;
                    }
                }
                c if c.is_whitespace() => {
                    self.out.push(c);
                    self.at += 1;
                }
                '/' if self.peek(1) == Some('/') => {
                    self.note(RepairKind::Comment);
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.at += 1;
                    }
                }
                '/' if self.peek(1) == Some('*') && self.comment_closes() => self.block_comment(),
                '\\' if matches!(self.next_on_line(self.at + 1), None | Some('\n')) => {
                    self.note(RepairKind::LineContinuation);
                    self.at += 1;
                }
                '.' | '…' if self.is_elision() => self.elision(),
                '{' | '[' => {
                    self.value_start();
                    self.out.push(c);
                    self.at += 1;
                    if c == '{' {
                        self.stack.push(Container::Object);
                        self.expect = Expect::Key;
                    } else {
                        self.stack.push(Container::Array);
                        self.expect = Expect::Element;
                    }
                }
                '}' | ']' => {
                    if let Some((comma, line)) = self.last_comma.take() {
                        self.out.remove(comma);
                        self.repairs.push(Repair {
                            kind: RepairKind::TrailingComma,
                            line,
                        });
                    }
                    self.out.push(c);
                    self.at += 1;
                    self.stack.pop();
                    self.value_done();
                }
                ',' => {
                    self.last_comma = Some((self.out.len(), self.line));
                    self.out.push(',');
                    self.at += 1;
                    self.expect = match self.stack.last() {
                        Some(Container::Object) => Expect::Key,
                        _ => Expect::Element,
                    };
                }
                ':' => {
                    self.last_comma = None;
                    self.out.push(':');
                    self.at += 1;
                    if self.expect == Expect::Colon {
                        self.expect = Expect::MemberValue;
                    }
                }
                '"' => {
                    let key = self.value_start();
                    self.string('"');
                    self.string_done(key);
                }
                '“' | '”' => {
                    let key = self.value_start();
                    self.note(RepairKind::TypographicQuotes);
                    self.string(c);
                    self.string_done(key);
                }
                c if is_word_char(c) => self.word(),
                c => {
                    self.last_comma = None;
                    self.out.push(c);
                    self.at += 1;
                }
            }
        }
        for _ in 0..self.held_newlines {
            self.out.push('\n');
        }
    }

    /// Whether a `/*` at `at` is closed by a `*/`.
    fn comment_closes(&self) -> bool {
        self.chars[(self.at + 2).min(self.chars.len())..]
            .windows(2)
            .any(|w| w == ['*', '/'])
    }

    fn block_comment(&mut self) {
        self.note(RepairKind::Comment);
        self.at += 2;
        while self.at < self.chars.len() {
            if self.peek(0) == Some('*') && self.peek(1) == Some('/') {
                self.at += 2;
                return;
            }
            if self.peek(0) == Some('\n') {
                self.out.push('\n');
                self.line += 1;
            }
            self.at += 1;
        }
    }

    /// Whether the dots at `at` are an elision marker: a run of `.` or `…` (spaces between)
    /// standing where an entry could, not a number's point.
    fn is_elision(&self) -> bool {
        if !matches!(
            self.expect,
            Expect::Start | Expect::Key | Expect::Element | Expect::After
        ) {
            return false;
        }
        let mut at = self.at;
        while let Some(&c) = self.chars.get(at) {
            if c == '.' || c == '…' || c == ' ' || c == '\t' {
                at += 1;
            } else {
                break;
            }
        }
        matches!(
            self.chars.get(at),
            None | Some('\n' | '\r' | ',' | '}' | ']' | '/' | '\\')
        )
    }

    fn elision(&mut self) {
        self.note(RepairKind::Elision);
        while self
            .peek(0)
            .is_some_and(|c| c == '.' || c == '…' || c == ' ' || c == '\t')
        {
            self.at += 1;
        }
        // An elided element between others takes its comma along: `[1, ..., 5]`.
        if matches!(self.expect, Expect::Key | Expect::Element) {
            if let Some((at, ',')) = self.next_significant(self.at) {
                for c in &self.chars[self.at..at] {
                    if *c == '\n' {
                        self.out.push('\n');
                        self.line += 1;
                    }
                }
                self.at = at + 1;
            }
        }
    }

    /// Before a value or key: adds a comma left out at a line end. Returns whether the token
    /// is a key.
    fn value_start(&mut self) -> bool {
        if self.expect == Expect::After && self.newline_since_value && !self.stack.is_empty() {
            if let Some((end, line)) = self.value_end {
                self.out.insert(end, ',');
                self.repairs.push(Repair {
                    kind: RepairKind::MissingComma,
                    line,
                });
                self.expect = match self.stack.last() {
                    Some(Container::Object) => Expect::Key,
                    _ => Expect::Element,
                };
            }
        }
        self.last_comma = None;
        self.expect == Expect::Key
    }

    fn value_done(&mut self) {
        self.expect = Expect::After;
        self.value_end = Some((self.out.len(), self.line));
        self.newline_since_value = false;
    }

    fn string_done(&mut self, key: bool) {
        if key {
            self.expect = Expect::Colon;
        } else {
            self.value_done();
        }
    }

    /// Copies a string opened by `open` (`"` or a typographic quote), joining line breaks.
    fn string(&mut self, open: char) {
        self.out.push('"');
        self.at += 1;
        while let Some(c) = self.peek(0) {
            match c {
                '"' if open == '"' => {
                    self.out.push('"');
                    self.at += 1;
                    return;
                }
                '”' | '“' if open != '"' => {
                    self.out.push('"');
                    self.at += 1;
                    return;
                }
                '"' => {
                    self.out.push_str("\\\"");
                    self.at += 1;
                }
                '\\' if matches!(self.next_on_line(self.at + 1), None | Some('\n')) => {
                    self.note(RepairKind::LineContinuation);
                    self.at += 1;
                }
                '\\' => {
                    self.out.push('\\');
                    self.at += 1;
                    if let Some(next) = self.peek(0) {
                        if next != '\n' {
                            self.out.push(next);
                            self.at += 1;
                        }
                    }
                }
                '\n' => {
                    self.note(RepairKind::LineBreakInString);
                    let kept = self.out.trim_end_matches([' ', '\t', '\r']).len();
                    self.out.truncate(kept);
                    self.at += 1;
                    self.line += 1;
                    self.held_newlines += 1;
                    while self.peek(0).is_some_and(|c| c == ' ' || c == '\t') {
                        self.at += 1;
                    }
                    self.out.push(' ');
                }
                c => {
                    self.out.push(c);
                    self.at += 1;
                }
            }
        }
    }

    /// A bare word: a literal or number, copied; a bare key before `:`, quoted.
    fn word(&mut self) {
        let start = self.at;
        let mut end = self.at;
        while self.chars.get(end).copied().is_some_and(is_word_char) {
            end += 1;
        }
        let word: String = self.chars[start..end].iter().collect();
        let key = self.value_start();
        self.at = end;
        let bare_key = key
            && self.next_on_line(end) == Some(':')
            && word
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
            && !word.starts_with(|c: char| c.is_ascii_digit());
        if bare_key {
            self.note(RepairKind::BareKey);
            self.out.push('"');
            self.out.push_str(&word);
            self.out.push('"');
            self.expect = Expect::Colon;
        } else {
            self.out.push_str(&word);
            if key {
                self.expect = Expect::Colon;
            } else {
                self.value_done();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> (serde_json::Value, Vec<RepairKind>) {
        let (out, repairs) = repair(text);
        let value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}:\n{out}"));
        (value, repairs.iter().map(|r| r.kind).collect())
    }

    #[test]
    fn strict_json_is_left_as_it_is() {
        let text = "{\n  \"a\": [1, 2.50, -3e5, true, null],\n  \"b\": {\"c\": \"x, // y ] } /* z */ ... \\\" \\\\\"}\n}";
        let (out, repairs) = repair(text);
        assert_eq!(out, text);
        assert!(repairs.is_empty());
    }

    #[test]
    fn comments_are_removed_outside_strings_only() {
        let text = "{\n  \"a\": \"http://x/*y*/\", // the address\n  /* a\n  note */ \"b\": 1 /* one */\n}";
        let (value, kinds) = fixed(text);
        assert_eq!(value, serde_json::json!({"a": "http://x/*y*/", "b": 1}));
        assert_eq!(kinds, [RepairKind::Comment; 3]);
        let (out, _) = repair(text);
        assert_eq!(out.lines().count(), text.lines().count());
    }

    #[test]
    fn elision_lines_and_elided_elements_are_removed() {
        let text =
            "{\n  \"a\": [1, ..., 5],\n  \"b\": \"...\",\n  .\n  .\n  …\n  \"c\": 2,\n  ...\n}";
        let (value, kinds) = fixed(text);
        assert_eq!(value, serde_json::json!({"a": [1, 5], "b": "...", "c": 2}));
        assert_eq!(
            kinds,
            [
                RepairKind::Elision,
                RepairKind::Elision,
                RepairKind::Elision,
                RepairKind::Elision,
                RepairKind::TrailingComma,
                RepairKind::Elision
            ]
        );
        // A number's point is not an elision, nor is an elided value.
        assert!(repair("[1.5, .5]").1.is_empty());
        assert!(serde_json::from_str::<serde_json::Value>(&repair("{\"a\": ...}").0).is_err());
    }

    #[test]
    fn trailing_commas_are_removed() {
        let (value, kinds) = fixed("{\"a\": [1, 2,], \"b\": {\"c\": \",]\",\n},\n}");
        assert_eq!(value, serde_json::json!({"a": [1, 2], "b": {"c": ",]"}}));
        assert_eq!(kinds, [RepairKind::TrailingComma; 3]);
        let (_, repairs) = repair("{\n\"a\": 1,\n\n}");
        assert_eq!(repairs[0].line, 2, "the comma's line");
    }

    #[test]
    fn bare_keys_are_quoted() {
        let (value, kinds) = fixed("{id: \"1\", $state : true, \"x\": {Name_2: null}}");
        assert_eq!(
            value,
            serde_json::json!({"id": "1", "$state": true, "x": {"Name_2": null}})
        );
        assert_eq!(kinds, [RepairKind::BareKey; 3]);
        // Only in key position: a bare word as a value stays (and fails).
        assert!(serde_json::from_str::<serde_json::Value>(&repair("{\"a\": b}").0).is_err());
    }

    #[test]
    fn line_breaks_in_strings_are_joined_as_one_space() {
        let text =
            "{\n  \"q\": \"select a\n      from b   \n      where c = 'x, y'\",\n  \"n\": 1\n}";
        let (value, kinds) = fixed(text);
        assert_eq!(
            value,
            serde_json::json!({"q": "select a from b where c = 'x, y'", "n": 1})
        );
        assert_eq!(kinds, [RepairKind::LineBreakInString; 2]);
        let (out, _) = repair(text);
        assert_eq!(
            out.lines().count(),
            text.lines().count(),
            "lines keep their numbers"
        );
    }

    #[test]
    fn line_end_backslashes_are_removed() {
        let (value, kinds) = fixed("{\"a\": \"x \\\n y\", \\\n\"b\": \"c:\\\\\"}");
        assert_eq!(value, serde_json::json!({"a": "x y", "b": "c:\\"}));
        assert_eq!(
            kinds,
            [
                RepairKind::LineContinuation,
                RepairKind::LineBreakInString,
                RepairKind::LineContinuation
            ]
        );
    }

    #[test]
    fn a_comma_left_out_at_a_line_end_is_added() {
        let text = "{\n  \"a\": \"x\"\n  \"b\": {\"c\": 1}\n  \"d\": [\n    {}\n    {}\n  ]\n}";
        let (value, kinds) = fixed(text);
        assert_eq!(
            value,
            serde_json::json!({"a": "x", "b": {"c": 1}, "d": [{}, {}]})
        );
        assert_eq!(kinds, [RepairKind::MissingComma; 3]);
        let (_, repairs) = repair(text);
        assert_eq!(
            repairs.iter().map(|r| r.line).collect::<Vec<_>>(),
            [2, 3, 5]
        );
        // Not within a line, and not between top-level values.
        assert!(
            serde_json::from_str::<serde_json::Value>(&repair("{\"a\": 1 \"b\": 2}").0).is_err()
        );
        assert!(repair("{}\n{}").1.is_empty());
    }

    #[test]
    fn typographic_quotes_become_plain_quotes() {
        let (value, kinds) = fixed("{\"c\": “#57B1FD”, \"d\": \"“quoted” stays\"}");
        assert_eq!(
            value,
            serde_json::json!({"c": "#57B1FD", "d": "“quoted” stays"})
        );
        assert_eq!(kinds, [RepairKind::TypographicQuotes]);
    }

    #[test]
    fn commas_slashes_and_brackets_inside_strings_are_never_touched() {
        let text = "{\"a\": \"x, } ] // not a comment /* nor this */ ... . … ,]\", \"b\": \"\\\"k\\\": v,\",}";
        let (value, kinds) = fixed(text);
        assert_eq!(
            value,
            serde_json::json!({"a": "x, } ] // not a comment /* nor this */ ... . … ,]", "b": "\"k\": v,"})
        );
        assert_eq!(kinds, [RepairKind::TrailingComma]);
    }

    #[test]
    fn other_problems_still_fail_at_their_place() {
        for (text, line, column) in [
            ("{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7),
            ("{\n  // note\n  \"a\": [1, 2}\n}", 3, 13),
            ("{\n  \"a\": 1,\n", 3, 0),
            ("[1, 2] x", 1, 8),
            ("{\n  \"a\": /* open", 2, 8),
        ] {
            let (out, _) = repair(text);
            let e = serde_json::from_str::<serde_json::Value>(&out).expect_err(text);
            assert_eq!((e.line(), e.column()), (line, column), "{text}");
        }
    }

    #[test]
    fn the_summary_names_kinds_counts_and_lines() {
        let (_, repairs) = repair("{\n  a: 1, // x\n  b: [1,\n  ],\n}");
        assert_eq!(
            summary(&repairs),
            "removed 1 comment (line 2), removed 2 trailing commas (lines 3, 4), quoted 2 bare keys (lines 2, 3)"
        );
    }

    #[test]
    fn any_text_is_read_without_panicking() {
        let text = "{\"a\": [1, ...,\n b: “x\n y”, /* z */ \"\\\n\", .}\n]… // c";
        for cut in (0..=text.len()).filter(|i| text.is_char_boundary(*i)) {
            let _ = repair(&text[..cut]);
            let _ = repair(&text[cut..]);
        }
    }
}
