//! Zoho's doc pages in their text rendering, read into a [`Page`].
//!
//! The rendering has `####` section headings, key lines such as `- reporting\_tostring,
//! optional`, error lines such as `- DUPLICATE\_DATAHTTP 400` followed by the message and a
//! `**Resolution:**` line, and fenced JSON samples with crawl artefacts (`Copied` before the
//! JSON, a `\` at line ends, `...` for elided entries). A page may be stored only in part: its
//! tail, without the head and the sections there.

use zohocrm_build::spec::HttpMethod;

use super::lenient::{self, Repair};

/// What a doc page says about the endpoints it documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The page's title, e.g. `Create Role`; absent on a tail.
    pub title: Option<String>,
    /// What the endpoint does, as the page's Purpose section says it.
    pub purpose: Option<String>,
    /// The page's address, from its endpoint links or its `[Top]` link.
    pub doc_url: Option<String>,
    /// Whether only the tail of the page is stored.
    pub partial: bool,
    /// The endpoints the page documents, in page order.
    pub endpoints: Vec<Endpoint>,
    /// The scope section, where the page has one.
    pub scope: Option<PageScope>,
    /// Query parameters.
    pub params: Listing<Key>,
    /// Keys of the request body's items.
    pub keys: Listing<Key>,
    /// JSON samples of the request body.
    pub sample_inputs: Listing<Sample>,
    /// The documented errors, one entry per message.
    pub errors: Listing<DocError>,
    /// JSON samples of the response.
    pub sample_responses: Listing<Sample>,
}

impl Page {
    /// One line per sample that was read leniently, saying where and what was repaired, e.g.
    /// `insert-records.txt:444: Sample Input: read leniently: added 1 missing comma (line 463)`,
    /// with `name` the page's name or path; none when every sample is strict JSON.
    pub fn lenient_notes(&self, name: &str) -> Vec<String> {
        let inputs = self.sample_inputs.items().unwrap_or_default();
        let responses = self.sample_responses.items().unwrap_or_default();
        inputs
            .iter()
            .map(|s| ("Sample Input", s))
            .chain(responses.iter().map(|s| ("Sample Response", s)))
            .filter(|(_, s)| !s.repairs.is_empty())
            .map(|(section, s)| {
                format!(
                    "{name}:{}: {section}: read leniently: {}",
                    s.line,
                    lenient::summary(&s.repairs)
                )
            })
            .collect()
    }
}

/// How much of a list the page shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Listing<T> {
    /// The section is not in the stored part of the page.
    Unknown,
    /// Part of the list: the section's head is not stored.
    Partial(Vec<T>),
    /// The whole list (empty when a whole page has no such section).
    Whole(Vec<T>),
}

impl<T> Listing<T> {
    /// The entries the page shows, if any part of the list is stored.
    pub fn items(&self) -> Option<&[T]> {
        match self {
            Listing::Unknown => None,
            Listing::Partial(items) | Listing::Whole(items) => Some(items),
        }
    }

    /// Whether the page shows the whole list.
    pub fn is_whole(&self) -> bool {
        matches!(self, Listing::Whole(_))
    }
}

/// One endpoint: method and path below the API base path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// HTTP method.
    pub method: HttpMethod,
    /// Path below `/crm/{version}`, with the page's placeholders, e.g. `/settings/roles/{role_id}`.
    pub path: String,
}

/// The scopes a page asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageScope {
    /// Each scope with the operation types that grant it, in page order; the first is the main one.
    pub grants: Vec<Grant>,
    /// The page's list of operation types with their meaning, e.g. `("ALL", "Full access")`.
    pub descriptions: Vec<(String, String)>,
}

/// One scope and its operation types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Scope without its operation type, e.g. `ZohoCRM.settings.roles`.
    pub name: String,
    /// Operation types in upper case, e.g. `ALL`, `CREATE`.
    pub operation_types: Vec<String>,
}

/// Whether a key is mandatory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// `mandatory`.
    Mandatory,
    /// `optional`.
    Optional,
    /// Mandatory only under a condition, e.g. `mandatory if not given in the request URL`.
    Conditional(String),
    /// The page does not say.
    Unstated,
}

/// A request key or parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key, unescaped.
    pub name: String,
    /// The page's type text, e.g. `string` or `JSON object`.
    pub ty: Option<String>,
    /// Whether it is mandatory.
    pub need: Need,
    /// The page's description, as plain text.
    pub description: String,
    /// Allowed values the page lists.
    pub values: Vec<PageValue>,
    /// Keys of an object value, where the page lists them.
    pub children: Vec<Key>,
    /// Line of the key on the page (1-based).
    pub line: usize,
}

/// An allowed value and its meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageValue {
    /// The value as the page writes it, e.g. `true` or `AllUsers`.
    pub value: String,
    /// What it means; empty when the page lists the value without one.
    pub meaning: String,
}

/// One documented error message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocError {
    /// The error code, unescaped.
    pub code: String,
    /// The HTTP status.
    pub status: u16,
    /// The message.
    pub message: String,
    /// What to do about it.
    pub resolution: String,
    /// Line of the error on the page (1-based).
    pub line: usize,
}

/// A JSON sample, cleaned of crawl artefacts.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The JSON text as the page prints it, minus the artefacts.
    pub text: String,
    /// The parsed value.
    pub value: serde_json::Value,
    /// Line of the sample's first line on the page (1-based).
    pub line: usize,
    /// The repairs that made the sample parse, with their lines on the page: empty when the
    /// sample is strict JSON (see [`lenient`]).
    pub repairs: Vec<Repair>,
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {section}: {message}")]
pub struct ReadError {
    /// Line the problem is at (1-based).
    pub line: usize,
    /// The section that could not be read, e.g. `Possible Errors`.
    pub section: String,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Fragment,
    Purpose,
    Scope,
    OperationTypes,
    Params,
    Keys,
    SampleInput,
    SampleRequest,
    Errors,
    SampleResponse,
    Other,
}

impl Section {
    fn of_heading(text: &str) -> Section {
        let t = text.trim().to_ascii_lowercase();
        match t.as_str() {
            "purpose" => Section::Purpose,
            "scope" => Section::Scope,
            "possible operation types" => Section::OperationTypes,
            "parameters" | "query parameters" | "request parameters" => Section::Params,
            "request json keys" | "request json key" | "request json" | "input json"
            | "input json keys" => Section::Keys,
            "sample input" => Section::SampleInput,
            "possible errors" => Section::Errors,
            _ if t.starts_with("sample request") => Section::SampleRequest,
            _ if t.starts_with("sample response") => Section::SampleResponse,
            _ => Section::Other,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Section::Fragment => "start of the stored tail",
            Section::Purpose => "Purpose",
            Section::Scope => "Scope",
            Section::OperationTypes => "Possible operation types",
            Section::Params => "Parameters",
            Section::Keys => "Request JSON Keys",
            Section::SampleInput => "Sample Input",
            Section::SampleRequest => "Sample Request",
            Section::Errors => "Possible Errors",
            Section::SampleResponse => "Sample Response",
            Section::Other => "page",
        }
    }
}

/// A line of text with its 1-based number.
type Line<'a> = (usize, &'a str);

#[derive(Default)]
struct Sections<'a> {
    first: Option<Section>,
    seen: Vec<Section>,
    lines: Vec<(Section, Line<'a>)>,
    inputs: Vec<Sample>,
    responses: Vec<Sample>,
    title: Option<String>,
    heading_seen: bool,
}

impl Sections<'_> {
    fn of(&self, section: Section) -> Vec<Line<'_>> {
        self.lines
            .iter()
            .filter(|(s, _)| *s == section)
            .map(|(_, l)| *l)
            .collect()
    }

    fn has(&self, section: Section) -> bool {
        self.seen.contains(&section)
    }
}

/// Reads a page; the error names the section that could not be read.
pub fn parse(text: &str) -> Result<Page, ReadError> {
    let lines: Vec<&str> = text.lines().collect();
    let partial = !lines.iter().any(|l| {
        let t = l.trim();
        t.starts_with("# ")
            || heading(t).is_some_and(|(level, h)| {
                level >= 4 && {
                    let h = h.to_ascii_lowercase();
                    h == "endpoints" || h == "end points" || h == "request url"
                }
            })
    });
    let sections = split(&lines, partial)?;
    if !sections.heading_seen {
        return Err(ReadError {
            line: 1,
            section: "page".into(),
            message: "no section heading such as `#### Request URL` or `#### Possible Errors`: not a doc page".into(),
        });
    }
    let scope = if sections.has(Section::Scope) {
        Some(scope(
            &sections.of(Section::Scope),
            &sections.of(Section::OperationTypes),
        )?)
    } else {
        None
    };
    let params = listing(
        &sections,
        partial,
        Section::Params,
        keys(&sections.of(Section::Params)),
    );
    let mut body_keys = listing(
        &sections,
        partial,
        Section::Keys,
        keys(&sections.of(Section::Keys)),
    );
    if partial && sections.first == Some(Section::SampleInput) && !sections.has(Section::Keys) {
        let found = keys(&sections.of(Section::Fragment));
        if !found.is_empty() {
            body_keys = Listing::Partial(found);
        }
    }
    let errors = listing(
        &sections,
        partial,
        Section::Errors,
        errors(&sections.of(Section::Errors))?,
    );
    let has_input = sections.has(Section::SampleInput) || !sections.inputs.is_empty();
    let sample_inputs = if has_input || !partial {
        Listing::Whole(sections.inputs.clone())
    } else {
        Listing::Unknown
    };
    let sample_responses = listing(
        &sections,
        partial,
        Section::SampleResponse,
        sections.responses.clone(),
    );
    let purpose = paragraphs(&sections.of(Section::Purpose));
    let (endpoints, doc_url) = endpoints(&lines);
    Ok(Page {
        title: sections.title.clone(),
        purpose: (!purpose.is_empty()).then_some(purpose),
        doc_url,
        partial,
        endpoints,
        scope,
        params,
        keys: body_keys,
        sample_inputs,
        errors,
        sample_responses,
    })
}

/// The whole list when the section is stored or the page is whole, else unknown.
fn listing<T>(
    sections: &Sections<'_>,
    partial: bool,
    section: Section,
    items: Vec<T>,
) -> Listing<T> {
    if sections.has(section) || !partial {
        Listing::Whole(items)
    } else {
        Listing::Unknown
    }
}

/// A heading line's level and text.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    let rest = &line[level..];
    (level > 0 && rest.starts_with(' ')).then(|| (level, rest.trim()))
}

fn split<'a>(lines: &[&'a str], partial: bool) -> Result<Sections<'a>, ReadError> {
    let mut out = Sections::default();
    let mut section = if partial {
        Section::Fragment
    } else {
        Section::Other
    };
    let mut fence: Option<(usize, String, Vec<&str>)> = None;
    for (i, &line) in lines.iter().enumerate() {
        let number = i + 1;
        let trimmed = line.trim();
        if let Some((start, lang, body)) = &mut fence {
            if trimmed == "```" {
                let (start, lang, body) = (*start, lang.clone(), std::mem::take(body));
                fence = None;
                let target = match section {
                    Section::SampleInput | Section::SampleRequest => Some(&mut out.inputs),
                    Section::SampleResponse => Some(&mut out.responses),
                    _ => None,
                };
                if let Some(target) = target {
                    if lang == "json" || lang.is_empty() {
                        target.push(sample(start, &body, section)?);
                    }
                }
            } else {
                body.push(line);
            }
            continue;
        }
        if let Some(lang) = trimmed.strip_prefix("```") {
            let lang = lang.trim().to_ascii_lowercase();
            if section == Section::Fragment && lang.is_empty() {
                continue;
            }
            fence = Some((number, lang, Vec::new()));
            continue;
        }
        if trimmed == "Show full" || trimmed == "Show less" {
            continue;
        }
        if trimmed.starts_with('©') || trimmed.starts_with("Â©") {
            section = Section::Other;
            continue;
        }
        if let Some((level, text)) = heading(trimmed) {
            if level >= 4 {
                out.heading_seen = true;
                section = Section::of_heading(&unescape(text));
                if out.first.is_none() {
                    out.first = Some(section);
                }
                out.seen.push(section);
            } else {
                if out.seen.iter().all(|s| *s == Section::Other) {
                    out.title = Some(unescape(text));
                }
                section = Section::Other;
            }
            continue;
        }
        out.lines.push((section, (number, line)));
    }
    if let Some((start, _, _)) = fence {
        return Err(ReadError {
            line: start,
            section: section.name().into(),
            message: "a ``` fence is not closed".into(),
        });
    }
    Ok(out)
}

fn sample(start: usize, body: &[&str], section: Section) -> Result<Sample, ReadError> {
    let mut text = String::new();
    // The page line of each line of `text`.
    let mut lines = Vec::new();
    for (i, line) in body.iter().enumerate() {
        let mut l = line.trim_end();
        if i == 0 {
            let lead = l.len() - l.trim_start().len();
            if let Some(rest) = l.trim_start().strip_prefix("Copied") {
                l = rest;
            } else {
                l = &l[lead..];
            }
        }
        let l = l.strip_suffix('\\').unwrap_or(l).trim_end();
        let l = l.replace("}...", "}").replace("]...", "]");
        if l.trim() == "..." {
            continue;
        }
        text.push_str(&l);
        text.push('\n');
        lines.push(start + 1 + i);
    }
    let page_line = |line: usize| {
        lines
            .get(line.saturating_sub(1))
            .or(lines.last())
            .copied()
            .unwrap_or(start)
    };
    let section_name = match section {
        Section::SampleResponse => "Sample Response",
        _ => "Sample Input",
    };
    if text.trim().is_empty() {
        return Err(ReadError {
            line: start,
            section: section_name.into(),
            message: "the JSON sample is empty".into(),
        });
    }
    if let Ok(value) = serde_json::from_str(&text) {
        return Ok(Sample {
            text: text.trim().to_owned(),
            value,
            line: start + 1,
            repairs: Vec::new(),
        });
    }
    let (repaired, repairs) = lenient::repair(&text);
    match serde_json::from_str(&repaired) {
        Ok(value) => Ok(Sample {
            text: lenient::tidy(&text, &repaired),
            value,
            line: start + 1,
            repairs: repairs
                .into_iter()
                .map(|r| Repair {
                    line: page_line(r.line),
                    ..r
                })
                .collect(),
        }),
        Err(e) => Err(ReadError {
            line: page_line(e.line()),
            section: section_name.into(),
            message: format!("the JSON sample does not parse: {e}"),
        }),
    }
}

/// Markdown unescaped: `\_` is `_`; a backslash before anything but punctuation stays.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_punctuation() {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Plain text of a markdown line: unescaped, links as their text, no `**`, single spaces.
fn plain(text: &str) -> String {
    let text = unescape(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        match after.find("](") {
            Some(close) if !after[..close].contains('[') => {
                let target = &after[close + 2..];
                match target.find(')') {
                    Some(end) => {
                        out.push_str(&rest[..open]);
                        out.push_str(&after[..close]);
                        rest = &target[end + 1..];
                    }
                    None => break,
                }
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn paragraphs(lines: &[Line<'_>]) -> String {
    lines
        .iter()
        .map(|(_, l)| plain(l))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

const METHODS: [(&str, HttpMethod); 5] = [
    ("GET", HttpMethod::GET),
    ("POST", HttpMethod::POST),
    ("PUT", HttpMethod::PUT),
    ("PATCH", HttpMethod::PATCH),
    ("DELETE", HttpMethod::DELETE),
];

/// The endpoint links `[METHOD /path](url)` anywhere outside fences, and the page's address.
fn endpoints(lines: &[&str]) -> (Vec<Endpoint>, Option<String>) {
    let mut out: Vec<Endpoint> = Vec::new();
    let mut doc_url = None;
    let mut top_url = None;
    let mut in_fence = false;
    for line in lines {
        if let Some(lang) = line.trim().strip_prefix("```") {
            in_fence = !lang.trim().is_empty();
            continue;
        }
        if in_fence {
            continue;
        }
        let mut rest = *line;
        while let Some(open) = rest.find('[') {
            let after = &rest[open + 1..];
            let Some(close) = after.find("](") else { break };
            let inner = unescape(&after[..close]);
            let target = &after[close + 2..];
            let url = target.find(')').map_or(target, |end| &target[..end]);
            rest = &target[url.len().min(target.len())..];
            if inner == "Top" {
                top_url = Some(url.trim_end_matches("#top").to_owned());
                continue;
            }
            for (word, method) in METHODS {
                let Some(path) = inner.strip_prefix(word) else {
                    continue;
                };
                let path = path.trim();
                if !path.contains('/') || path.contains(char::is_whitespace) {
                    continue;
                }
                let endpoint = Endpoint {
                    method,
                    path: normalize_path(path),
                };
                if doc_url.is_none() {
                    doc_url = Some(url.to_owned());
                }
                if !out.contains(&endpoint) {
                    out.push(endpoint);
                }
            }
        }
    }
    (out, doc_url.or(top_url))
}

/// A path as the spec writes it: no query, no `/crm/{version}` prefix, a leading `/`.
pub fn normalize_path(path: &str) -> String {
    let path = path.trim();
    let path = path.split('?').next().unwrap_or(path);
    let mut path = path.trim_end_matches('/').to_owned();
    for prefix in ["{api-domain}", "/crm/{version}", "/crm/v7"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            path = rest.to_owned();
        }
    }
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    path
}

fn scope(lines: &[Line<'_>], types: &[Line<'_>]) -> Result<PageScope, ReadError> {
    let descriptions: Vec<(String, String)> = types
        .iter()
        .filter_map(|(_, l)| {
            let l = plain(l);
            let (name, description) = l.split_once(" - ")?;
            let name = name.trim();
            (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic()))
                .then(|| (name.to_ascii_uppercase(), description.trim().to_owned()))
        })
        .collect();
    let mut grants: Vec<Grant> = Vec::new();
    for (number, line) in lines {
        let text = unescape(line);
        let mut rest = text.as_str();
        // Scopes of every Zoho service: `ZohoCRM.users.READ`, `ZohoSearch.securesearch.READ`.
        while let Some(at) = rest.find("Zoho") {
            let token: String = rest[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "_.{}/".contains(*c))
                .collect();
            rest = &rest[at + token.len()..];
            let token = token.trim_end_matches('.');
            if !token.contains('.') {
                continue;
            }
            let Some((name, types_part)) = token.rsplit_once('.') else {
                continue;
            };
            let types: Vec<String> = if types_part == "{operation_type}" {
                if descriptions.is_empty() {
                    return Err(ReadError {
                        line: *number,
                        section: "Scope".into(),
                        message: "the scope ends in {operation_type} but the page lists no operation types".into(),
                    });
                }
                descriptions.iter().map(|(n, _)| n.clone()).collect()
            } else {
                types_part
                    .split('/')
                    .filter(|t| !t.is_empty())
                    .map(str::to_ascii_uppercase)
                    .collect()
            };
            match grants.iter_mut().find(|g| g.name == name) {
                Some(grant) => {
                    for t in types {
                        if !grant.operation_types.contains(&t) {
                            grant.operation_types.push(t);
                        }
                    }
                }
                None => grants.push(Grant {
                    name: name.to_owned(),
                    operation_types: types,
                }),
            }
        }
    }
    if grants.is_empty() {
        return Err(ReadError {
            line: lines.first().map_or(1, |(n, _)| *n),
            section: "Scope".into(),
            message: "no scope such as `ZohoCRM.users.READ`".into(),
        });
    }
    Ok(PageScope {
        grants,
        descriptions,
    })
}

/// The parts of a key line: name, type text, qualifier, and a description on the same line.
struct KeyLine {
    name: String,
    ty: Option<String>,
    need: Need,
    inline: Option<String>,
}

const GLUED: [&str; 8] = [
    "datetime",
    "mandatory",
    "optional",
    "boolean",
    "integer",
    "string",
    "number",
    "json",
];

const TYPE_WORDS: [&str; 18] = [
    "json object(encoded)",
    "json object",
    "json array",
    "jsonobject",
    "jsonarray",
    "json",
    "datetime in the iso8601 format",
    "datetime",
    "date",
    "string",
    "boolean",
    "integer",
    "number",
    "long",
    "double",
    "float",
    "array",
    "object",
];

fn is_key_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_$.".contains(c))
}

/// Reads `text` (a bullet's text, unescaped) as a key line.
fn key_line(text: &str) -> Option<KeyLine> {
    let (name, rest) = if let Some(bold) = text.strip_prefix("**") {
        let end = bold.find("**")?;
        let name = bold[..end].trim();
        let rest = &bold[end + 2..];
        if let Some(sub) = rest.strip_prefix(',').map(str::trim_start) {
            let inner = sub.strip_prefix('_')?;
            let end = inner.find('_')?;
            let (ty, need) = type_and_need(&inner[..end])?;
            let after = inner[end + 1..].trim_start();
            let description = after.strip_prefix('-').unwrap_or(after).trim();
            if !is_key_name(name) {
                return None;
            }
            return Some(KeyLine {
                name: name.to_owned(),
                ty,
                need,
                inline: Some(description.to_owned()),
            });
        }
        (name.to_owned(), rest.to_owned())
    } else {
        let word_end = text.find([' ', ',', '(']).unwrap_or(text.len());
        let word = &text[..word_end];
        let lower = word.to_ascii_lowercase();
        let split = GLUED.iter().find_map(|suffix| {
            let cut = word.len().checked_sub(suffix.len())?;
            if cut == 0 || !lower.ends_with(suffix) || !word.is_char_boundary(cut) {
                return None;
            }
            let name = &word[..cut];
            (!name.ends_with('_')).then_some(name)
        });
        let name = split.unwrap_or(word);
        (name.to_owned(), text[name.len()..].to_owned())
    };
    if !is_key_name(&name) {
        return None;
    }
    let (ty, need) = type_and_need(&rest)?;
    Some(KeyLine {
        name,
        ty,
        need,
        inline: None,
    })
}

/// Splits `string, optional` or `JSON Array (Mandatory if ...)` into type text and need.
fn type_and_need(text: &str) -> Option<(Option<String>, Need)> {
    let text = text.trim();
    let text = text.strip_prefix(',').map_or(text, str::trim);
    let lower = text.to_ascii_lowercase();
    if text.is_empty() {
        return Some((None, Need::Unstated));
    }
    if lower.starts_with("mandatory") || lower.starts_with("optional") {
        return Some((None, need(text)));
    }
    let word = TYPE_WORDS.iter().find(|w| {
        lower.starts_with(**w) && {
            let after = lower[w.len()..].trim_start();
            after.is_empty() || after.starts_with([',', '('])
        }
    })?;
    let ty = text[..word.len()].to_owned();
    let rest = text[word.len()..].trim();
    let qualifier = match rest.strip_prefix('(') {
        Some(inner) => inner.trim_end().trim_end_matches(')'),
        None => rest.strip_prefix(',').unwrap_or(rest),
    };
    Some((Some(ty), need(qualifier)))
}

fn need(qualifier: &str) -> Need {
    let q = qualifier.trim().trim_end_matches('.').trim();
    let lower = q.to_ascii_lowercase();
    match lower.as_str() {
        "" => Need::Unstated,
        "mandatory" => Need::Mandatory,
        "optional" => Need::Optional,
        _ if lower.contains("mandatory") => Need::Conditional(q.to_owned()),
        _ => Need::Unstated,
    }
}

/// A bullet naming a value: `**AllUsers** \- meaning` or `**lead\_rule\_criteria -** meaning`.
fn value_bullet(text: &str) -> Option<PageValue> {
    let bold = text.strip_prefix("**")?;
    let end = bold.find("**")?;
    let inner = bold[..end].trim();
    let rest = bold[end + 2..].trim_start();
    let (value, meaning) = if let Some(v) = inner.strip_suffix('-') {
        (v.trim(), rest)
    } else {
        (inner, rest.strip_prefix('-')?.trim_start())
    };
    let value = value.trim_end_matches(':').trim();
    (!value.is_empty() && !value.contains(char::is_whitespace)).then(|| PageValue {
        value: value.to_owned(),
        meaning: plain(meaning),
    })
}

/// A line naming a value: `**true:** meaning`, possibly after `**Possible values** -`.
fn value_line(text: &str) -> Option<PageValue> {
    let text = strip_possible_values(text);
    let bold = text.strip_prefix("**")?;
    let end = bold.find("**")?;
    let value = bold[..end].trim().strip_suffix(':')?.trim();
    let label = value.eq_ignore_ascii_case("note");
    (!value.is_empty() && !label && !value.contains(char::is_whitespace)).then(|| PageValue {
        value: value.to_owned(),
        meaning: plain(&bold[end + 2..]),
    })
}

fn strip_possible_values(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("**possible values") {
        if let Some(end) = text[2..].find("**") {
            let rest = text[end + 4..].trim_start();
            return rest.strip_prefix('-').unwrap_or(rest).trim_start();
        }
    }
    text
}

/// Values a sentence lists: `The possible values are **users**, **roles** and **groups**.`
fn inline_values(text: &str) -> Vec<PageValue> {
    const MARKERS: [&str; 8] = [
        "possible values are",
        "valid values are",
        "allowed values are",
        "supported values are",
        "supported value :",
        "supported value:",
        "possible values:",
        "possible values :",
    ];
    let lower = text.to_ascii_lowercase();
    let Some((at, marker)) = MARKERS
        .iter()
        .filter_map(|m| lower.find(m).map(|at| (at, *m)))
        .min_by_key(|(at, _)| *at)
    else {
        return Vec::new();
    };
    let rest = &text[at + marker.len()..];
    let rest = rest.find(". ").map_or(rest, |end| &rest[..end]);
    let rest = rest.trim().trim_end_matches('.');
    let mut out = Vec::new();
    for part in rest.split(',') {
        for item in part.split(" and ").flat_map(|p| p.split(" or ")) {
            let item = item.trim();
            let item = item
                .strip_prefix("and ")
                .or_else(|| item.strip_prefix("or "))
                .unwrap_or(item);
            let item = item.trim().trim_matches('"').trim();
            if item.is_empty() {
                continue;
            }
            if !item.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Vec::new();
            }
            out.push(PageValue {
                value: item.to_owned(),
                meaning: String::new(),
            });
        }
    }
    out
}

fn key_at<'k>(roots: &'k mut [Key], path: &[usize]) -> Option<&'k mut Key> {
    let (first, rest) = path.split_first()?;
    let mut key = roots.get_mut(*first)?;
    for i in rest {
        key = key.children.get_mut(*i)?;
    }
    Some(key)
}

fn add_value(key: &mut Key, value: PageValue) {
    if !key.values.iter().any(|v| v.value == value.value) {
        key.values.push(value);
    }
}

fn describe(key: &mut Key, text: &str) {
    let text = plain(text);
    if text.is_empty() {
        return;
    }
    for v in inline_values(&text) {
        add_value(key, v);
    }
    if !key.description.is_empty() {
        key.description.push(' ');
    }
    key.description.push_str(&text);
}

/// Reads a list of keys, nested by indentation.
fn keys(lines: &[Line<'_>]) -> Vec<Key> {
    let mut roots: Vec<Key> = Vec::new();
    let mut open: Vec<(usize, Vec<usize>)> = Vec::new();
    for &(number, raw) in lines {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        if let Some(bullet) = trimmed.strip_prefix("- ") {
            let text = unescape(bullet.trim());
            if let Some(line) = key_line(&text) {
                let mut key = Key {
                    name: line.name,
                    ty: line.ty,
                    need: line.need,
                    description: String::new(),
                    values: Vec::new(),
                    children: Vec::new(),
                    line: number,
                };
                if let Some(inline) = line.inline {
                    describe(&mut key, &inline);
                    if let Some(parent) = roots.last_mut() {
                        parent.children.push(key);
                        continue;
                    }
                }
                while open.last().is_some_and(|(i, _)| *i >= indent) {
                    open.pop();
                }
                let path = match open.last() {
                    Some((_, parent_path)) => {
                        let parent_path = parent_path.clone();
                        let Some(parent) = key_at(&mut roots, &parent_path) else {
                            continue;
                        };
                        parent.children.push(key);
                        let mut path = parent_path;
                        path.push(parent.children.len() - 1);
                        path
                    }
                    None => {
                        roots.push(key);
                        vec![roots.len() - 1]
                    }
                };
                open.push((indent, path));
                continue;
            }
            let Some(current) = open
                .last()
                .and_then(|(_, p)| key_at(&mut roots, &p.clone()))
            else {
                continue;
            };
            match value_bullet(&text) {
                Some(value) => add_value(current, value),
                None => describe(current, bullet),
            }
            continue;
        }
        if trimmed == "**Note**" {
            open.clear();
            continue;
        }
        let Some(current) = open
            .last()
            .and_then(|(_, p)| key_at(&mut roots, &p.clone()))
        else {
            continue;
        };
        match value_line(&unescape(trimmed)) {
            Some(value) => add_value(current, value),
            None => describe(current, trimmed),
        }
    }
    roots
}

/// The code and status of an error line `- CODE HTTP 400`.
fn error_line(text: &str) -> Option<(String, u16)> {
    let body = text.strip_prefix("- ")?.trim();
    let at = body.rfind("HTTP")?;
    let code = body[..at].trim();
    let status = body[at + 4..].trim().parse().ok()?;
    (!code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ' '))
    .then(|| (code.to_owned(), status))
}

#[derive(PartialEq)]
enum ErrorPart {
    Message,
    Resolution,
    Resolutions,
}

fn errors(lines: &[Line<'_>]) -> Result<Vec<DocError>, ReadError> {
    let mut out = Vec::new();
    let mut blocks: Vec<(usize, String, u16, Vec<Line<'_>>)> = Vec::new();
    for &(number, raw) in lines {
        let text = unescape(raw.trim());
        if let Some((code, status)) = error_line(&text) {
            blocks.push((number, code, status, Vec::new()));
        } else if let Some(block) = blocks.last_mut() {
            block.3.push((number, raw));
        } else if !text.is_empty() {
            return Err(ReadError {
                line: number,
                section: "Possible Errors".into(),
                message: format!(
                    "expected an error line such as `- CODE HTTP 400`, found `{}`",
                    raw.trim()
                ),
            });
        }
    }
    for (line, code, status, body) in blocks {
        let mut messages: Vec<String> = Vec::new();
        let mut resolutions: Vec<String> = Vec::new();
        let mut resolution = String::new();
        let mut part = ErrorPart::Message;
        for (_, raw) in body {
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                continue;
            }
            let lower = trimmed.to_ascii_lowercase();
            if lower.starts_with("**resolution") {
                let rest = trimmed[2..]
                    .find("**")
                    .map_or("", |end| &trimmed[end + 4..]);
                let rest = plain(rest);
                if rest.is_empty() {
                    part = ErrorPart::Resolutions;
                } else {
                    resolution = rest;
                    part = ErrorPart::Resolution;
                }
                continue;
            }
            if let Some(item) = trimmed.strip_prefix("- ") {
                let item = plain(item);
                match part {
                    ErrorPart::Resolutions => resolutions.push(item),
                    _ => messages.push(item),
                }
                continue;
            }
            let text = plain(trimmed);
            let target = match part {
                ErrorPart::Message => {
                    if messages.is_empty() {
                        messages.push(String::new());
                    }
                    messages.last_mut()
                }
                ErrorPart::Resolution => Some(&mut resolution),
                ErrorPart::Resolutions => resolutions.last_mut(),
            };
            if let Some(target) = target {
                if !target.is_empty() && !text.starts_with(['.', ',', ';', ':']) {
                    target.push(' ');
                }
                target.push_str(&text);
            }
        }
        if messages.iter().all(String::is_empty) {
            return Err(ReadError {
                line,
                section: "Possible Errors".into(),
                message: format!("error {code} has no message"),
            });
        }
        let count = messages.len();
        for (i, message) in messages.into_iter().enumerate() {
            let resolution = if resolutions.len() == count {
                resolutions[i].clone()
            } else if !resolutions.is_empty() {
                resolutions.join(" ")
            } else {
                resolution.clone()
            };
            out.push(DocError {
                code: code.clone(),
                status,
                message,
                resolution,
                line,
            });
        }
    }
    Ok(out)
}
