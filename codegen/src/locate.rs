//! Positions of JSON values in a spec file's text, so problems found after parsing can be
//! reported as `file:line:column`.

use std::collections::HashMap;

/// Line and column (both 1-based) of every value in a JSON text, by JSON pointer.
#[derive(Debug, Default)]
pub struct Positions {
    by_pointer: HashMap<String, (usize, usize)>,
}

impl Positions {
    /// Indexes `text`, which must already have parsed as JSON.
    pub fn index(text: &str) -> Self {
        let mut scanner = Scanner {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            column: 0,
            out: HashMap::new(),
        };
        scanner.value(String::new(), 0);
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

/// Escapes one JSON pointer segment.
pub fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The deepest nesting the scanner follows; deeper values are attributed to their ancestor.
const MAX_DEPTH: usize = 128;

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    /// Characters from the start of the line to `pos`.
    column: usize,
    out: HashMap<String, (usize, usize)>,
}

impl Scanner<'_> {
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

    fn column(&self) -> usize {
        self.column + 1
    }

    fn value(&mut self, pointer: String, depth: usize) {
        self.skip_ws();
        let here = (self.line, self.column());
        match self.peek() {
            Some(b'{') if depth < MAX_DEPTH => {
                self.out.insert(pointer.clone(), here);
                self.bump();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b'"') => {
                            let key = self.string();
                            self.skip_ws();
                            if self.peek() == Some(b':') {
                                self.bump();
                            }
                            self.value(format!("{pointer}/{}", escape_segment(&key)), depth + 1);
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
                self.out.insert(pointer.clone(), here);
                self.bump();
                let mut index = 0;
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
                            self.value(format!("{pointer}/{index}"), depth + 1);
                            index += 1;
                        }
                    }
                }
            }
            Some(b'"') => {
                self.out.insert(pointer, here);
                self.string();
            }
            Some(b'{' | b'[') => {
                self.out.insert(pointer, here);
                self.skip_nested();
            }
            Some(_) => {
                self.out.insert(pointer, here);
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
                    self.string();
                    continue;
                }
                b'{' | b'[' => level += 1,
                b'}' | b']' => {
                    level -= 1;
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

    /// Reads a string starting at its opening quote and returns its decoded text.
    fn string(&mut self) -> String {
        let start = self.pos;
        self.bump();
        while let Some(c) = self.peek() {
            match c {
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                b'"' => {
                    self.bump();
                    break;
                }
                _ => self.bump(),
            }
        }
        let raw = std::str::from_utf8(&self.bytes[start..self.pos]).unwrap_or_default();
        serde_json::from_str(raw).unwrap_or_default()
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
}
