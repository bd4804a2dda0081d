//! The `filters` query parameter: Zoho criteria as JSON text, either one rule
//! `{"field": {"api_name"}, "comparator", "value"}` or a group
//! `{"group_operator": "and" | "or", "group": [criteria, ...]}`.

use serde_json::Value;

/// Parsed criteria.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Criteria {
    /// One rule on one key.
    Rule {
        /// The key, dotted for nested keys (`manager.id`).
        field: String,
        /// How to compare.
        comparator: Comparator,
        /// What to compare with.
        value: Value,
    },
    /// Rules combined.
    Group {
        /// `and` (true) or `or` (false).
        all: bool,
        /// The members.
        members: Vec<Criteria>,
    },
}

/// A comparator of a rule; text comparisons ignore case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparator {
    Equal,
    NotEqual,
    Contains,
    NotContains,
    StartsWith,
    EndsWith,
}

/// Parses the text of a `filters` parameter.
pub(crate) fn parse(text: &str) -> Result<Criteria, String> {
    let json: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    from_json(&json)
}

fn from_json(json: &Value) -> Result<Criteria, String> {
    if let Some(group) = json.get("group") {
        let members = group
            .as_array()
            .ok_or("`group` is not an array")?
            .iter()
            .map(from_json)
            .collect::<Result<Vec<_>, _>>()?;
        let operator = json
            .get("group_operator")
            .and_then(Value::as_str)
            .unwrap_or("and");
        let all = match operator.to_ascii_lowercase().as_str() {
            "and" => true,
            "or" => false,
            _ => return Err(format!("unknown group_operator `{operator}`")),
        };
        return Ok(Criteria::Group { all, members });
    }
    let field = json
        .get("field")
        .and_then(|f| f.get("api_name"))
        .and_then(Value::as_str)
        .ok_or("a rule needs `field.api_name`")?;
    let comparator = json
        .get("comparator")
        .and_then(Value::as_str)
        .ok_or("a rule needs `comparator`")?;
    let comparator = match comparator {
        "equal" => Comparator::Equal,
        "not_equal" => Comparator::NotEqual,
        "contains" => Comparator::Contains,
        "not_contains" => Comparator::NotContains,
        "starts_with" => Comparator::StartsWith,
        "ends_with" => Comparator::EndsWith,
        other => return Err(format!("unknown comparator `{other}`")),
    };
    let value = json.get("value").cloned().ok_or("a rule needs `value`")?;
    Ok(Criteria::Rule {
        field: field.to_owned(),
        comparator,
        value,
    })
}

impl Criteria {
    /// Whether `record` meets the criteria.
    pub(crate) fn matches(&self, record: &Value) -> bool {
        match self {
            Criteria::Group { all: true, members } => members.iter().all(|m| m.matches(record)),
            Criteria::Group {
                all: false,
                members,
            } => members.iter().any(|m| m.matches(record)),
            Criteria::Rule {
                field,
                comparator,
                value,
            } => {
                let actual = field.split('.').try_fold(record, |v, key| v.get(key));
                let (Some(actual), Some(wanted)) = (actual.and_then(text), text(value)) else {
                    return *comparator == Comparator::NotEqual;
                };
                let (actual, wanted) = (actual.to_lowercase(), wanted.to_lowercase());
                match comparator {
                    Comparator::Equal => actual == wanted,
                    Comparator::NotEqual => actual != wanted,
                    Comparator::Contains => actual.contains(&wanted),
                    Comparator::NotContains => !actual.contains(&wanted),
                    Comparator::StartsWith => actual.starts_with(&wanted),
                    Comparator::EndsWith => actual.ends_with(&wanted),
                }
            }
        }
    }
}

/// A scalar as text: strings as they are, numbers and booleans as JSON.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::parse;

    #[test]
    fn rules_and_groups_match_names() {
        let record = json!({"name": "Tier One", "manager": {"id": "42"}});
        let starts =
            parse(r#"{"field":{"api_name":"name"},"comparator":"starts_with","value":"tier"}"#);
        assert_eq!(starts.map(|c| c.matches(&record)), Ok(true));
        let group = parse(
            r#"{"group_operator":"and","group":[
                {"field":{"api_name":"name"},"comparator":"contains","value":"one"},
                {"field":{"api_name":"manager.id"},"comparator":"equal","value":"41"}]}"#,
        );
        assert_eq!(group.map(|c| c.matches(&record)), Ok(false));
        assert!(parse(r#"{"field":{"api_name":"name"},"comparator":"like","value":"x"}"#).is_err());
        assert!(parse("name=x").is_err());
    }
}
