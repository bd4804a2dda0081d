//! Positions of JSON values in a spec file's text, so problems found after parsing can be
//! reported as `file:line:column`, and the keys an object repeats, which parsing drops.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Line and column (both 1-based) of every value in a JSON text, by JSON pointer.
#[derive(Debug, Default)]
pub struct Positions {
    by_pointer: HashMap<String, (usize, usize)>,
}

impl Positions {
    /// Indexes `text`, which must already have parsed as JSON.
    pub fn index(text: &str) -> Self {
        let mut scanner = Scanner::new(text, true);
        scanner.value(0);
        Positions {
            by_pointer: scanner.out,
        }
    }

    /// The position of the value at `pointer`, or of its nearest indexed ancestor.
    pub fn find(&self, pointer: &str) -> (usize, usize) {
        let mut p = pointer;
        loop {
            if let Some(&pos) = self.by_pointer.get(p) {
                return pos;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return (1, 1),
            }
        }
    }
}

/// A key that an object of the text holds more than once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// JSON pointer of the repeated key's value.
    pub pointer: String,
    /// The key.
    pub key: String,
    /// Line and column of the repeat's opening quote.
    pub at: (usize, usize),
    /// Line and column of the key's first occurrence in the object.
    pub first: (usize, usize),
}

/// Every repeated key of `text`, which must already have parsed as JSON, in text order.
pub fn duplicate_keys(text: &str) -> Vec<DuplicateKey> {
    let mut scanner = Scanner::new(text, false);
    scanner.value(0);
    scanner.duplicates
}

/// Escapes one JSON pointer segment.
pub fn escape_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    push_escaped(&mut out, segment);
    out
}

/// Appends `/` and `segment`, escaped, to `pointer`.
pub(crate) fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    push_escaped(pointer, segment);
}

fn push_escaped(out: &mut String, segment: &str) {
    if !segment.contains(['~', '/']) {
        out.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// The keys of one object read so far, with their positions: a list while the object is small
/// (most are), a hash map once it grows, so a huge object stays linear.
#[derive(Default)]
struct SeenKeys<'a> {
    few: Vec<(Cow<'a, str>, (usize, usize))>,
    many: HashMap<Cow<'a, str>, (usize, usize)>,
}

impl<'a> SeenKeys<'a> {
    /// Most keys kept in the list.
    const FEW: usize = 16;

    /// Records `key` at `at`; when it was already there, gives it back with its first position.
    fn insert(
        &mut self,
        key: Cow<'a, str>,
        at: (usize, usize),
    ) -> Option<(Cow<'a, str>, (usize, usize))> {
        let first = if self.many.is_empty() {
            self.few.iter().find(|(k, _)| *k == key).map(|&(_, p)| p)
        } else {
            self.many.get(&key).copied()
        };
        if let Some(first) = first {
            return Some((key, first));
        }
        if self.many.is_empty() && self.few.len() < Self::FEW {
            self.few.push((key, at));
        } else {
            self.many.extend(self.few.drain(..));
            self.many.insert(key, at);
        }
        None
    }
}

/// The deepest nesting the scanner follows; deeper values are attributed to their ancestor.
const MAX_DEPTH: usize = 128;

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    /// Characters from the start of the line to `pos`.
    column: usize,
    /// JSON pointer of the value being read.
    pointer: String,
    /// Whether to record every value's position in `out`.
    record: bool,
    out: HashMap<String, (usize, usize)>,
    duplicates: Vec<DuplicateKey>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, record: bool) -> Self {
        Scanner {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            column: 0,
            pointer: String::new(),
            record,
            out: HashMap::new(),
            duplicates: Vec::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) {
        match self.peek() {
            Some(b'\n') => {
                self.line += 1;
                self.column = 0;
            }
            // A UTF-8 continuation byte belongs to the character already counted.
            Some(b) if b & 0xC0 != 0x80 => self.column += 1,
            _ => {}
        }
        self.pos += 1;
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn here(&self) -> (usize, usize) {
        (self.line, self.column + 1)
    }

    fn mark(&mut self, here: (usize, usize)) {
        if self.record {
            self.out.insert(self.pointer.clone(), here);
        }
    }

    fn value(&mut self, depth: usize) {
        self.skip_ws();
        let here = self.here();
        match self.peek() {
            Some(b'{') if depth < MAX_DEPTH => {
                self.mark(here);
                self.bump();
                let mut seen = SeenKeys::default();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b'"') => {
                            let at = self.here();
                            let key = self.key();
                            self.skip_ws();
                            if self.peek() == Some(b':') {
                                self.bump();
                            }
                            let len = self.pointer.len();
                            push_segment(&mut self.pointer, &key);
                            if let Some((key, first)) = seen.insert(key, at) {
                                self.duplicates.push(DuplicateKey {
                                    pointer: self.pointer.clone(),
                                    key: key.into_owned(),
                                    at,
                                    first,
                                });
                            }
                            self.value(depth + 1);
                            self.pointer.truncate(len);
                        }
                        Some(b',') => self.bump(),
                        Some(b'}') => {
                            self.bump();
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some(b'[') if depth < MAX_DEPTH => {
                self.mark(here);
                self.bump();
                let mut index = 0usize;
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b',') => self.bump(),
                        Some(b']') => {
                            self.bump();
                            return;
                        }
                        None => return,
                        _ => {
                            let len = self.pointer.len();
                            let _ = write!(self.pointer, "/{index}");
                            self.value(depth + 1);
                            self.pointer.truncate(len);
                            index += 1;
                        }
                    }
                }
            }
            Some(b'"') => {
                self.mark(here);
                self.skip_string();
            }
            Some(b'{' | b'[') => {
                self.mark(here);
                self.skip_nested();
            }
            Some(_) => {
                self.mark(here);
                while matches!(self.peek(), Some(c) if !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                {
                    self.bump();
                }
            }
            None => {}
        }
    }

    /// Skips a container too deep to index, keeping line counts right.
    fn skip_nested(&mut self) {
        let mut level = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'"' => {
                    self.skip_string();
                    continue;
                }
                b'{' | b'[' => level += 1,
                b'}' | b']' => {
                    level = level.saturating_sub(1);
                    if level == 0 {
                        self.bump();
                        return;
                    }
                }
                _ => {}
            }
            self.bump();
        }
    }

    /// Skips a string starting at its opening quote; returns where it started.
    fn skip_string(&mut self) -> usize {
        let start = self.pos;
        let mut end = start + 1;
        while let Some(&c) = self.bytes.get(end) {
            end += match c {
                b'\\' => 2,
                b'"' => {
                    end += 1;
                    break;
                }
                _ => 1,
            };
        }
        let end = end.min(self.bytes.len());
        for &b in &self.bytes[start..end] {
            if b == b'\n' {
                self.line += 1;
                self.column = 0;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
        self.pos = end;
        start
    }

    /// Reads an object key starting at its opening quote and returns its decoded text.
    fn key(&mut self) -> Cow<'a, str> {
        let bytes = self.bytes;
        let start = self.skip_string();
        let raw = std::str::from_utf8(&bytes[start..self.pos]).unwrap_or_default();
        if raw.contains('\\') {
            Cow::Owned(serde_json::from_str(raw).unwrap_or_default())
        } else {
            let inner = raw.strip_prefix('"').unwrap_or(raw);
            Cow::Borrowed(inner.strip_suffix('"').unwrap_or(inner))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_and_falls_back_to_ancestors() {
        let text = "{\n  \"a\": [1, {\"b/c\": \"x\"}],\n  \"d\": true\n}";
        let p = Positions::index(text);
        assert_eq!(p.find(""), (1, 1));
        assert_eq!(p.find("/a"), (2, 8));
        assert_eq!(p.find("/a/1/b~1c"), (2, 20));
        assert_eq!(p.find("/d"), (3, 8));
        assert_eq!(p.find("/d/missing/deeper"), (3, 8));
    }

    #[test]
    fn finds_repeated_keys_in_objects_of_every_size() {
        for size in [1, 15, 16, 17, 40] {
            let keys: Vec<String> = (0..size).map(|i| format!("\"k{i}\": {i}")).collect();
            for repeated in [0, size - 1] {
                let text = format!("{{{}, \"k{repeated}\": 0}}", keys.join(", "));
                let found = duplicate_keys(&text);
                assert_eq!(
                    found.len(),
                    1,
                    "{size} keys, k{repeated} repeated: {found:?}"
                );
                assert_eq!(found[0].pointer, format!("/k{repeated}"));
            }
            assert!(duplicate_keys(&format!("{{{}}}", keys.join(", "))).is_empty());
        }
    }

    #[test]
    fn finds_repeated_keys_in_every_object_however_escaped() {
        let text = "{\"a\": 1, \"b\": [{\"x~\": 1, \"x\\u007e\": 2}],\n \"a\": 3, \"a\": 4}";
        let found = duplicate_keys(text);
        let summary: Vec<_> = found
            .iter()
            .map(|d| (d.pointer.as_str(), d.key.as_str(), d.at, d.first))
            .collect();
        assert_eq!(
            summary,
            [
                ("/b/0/x~0", "x~", (1, 26), (1, 17)),
                ("/a", "a", (2, 2), (1, 2)),
                ("/a", "a", (2, 10), (1, 2)),
            ]
        );
        assert!(duplicate_keys("{\"a\": {\"a\": 1}, \"b\": {\"a\": 2}}").is_empty());
    }
}
