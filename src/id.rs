//! Record ids.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A Zoho record id: 19 digits, a string on the wire.
///
/// Ids exceed 2^53, so they are never handled as floating-point numbers. On input an id may also
/// come as a JSON integer, as Zoho's own SDK sends it; it is always sent as a string.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(String);

impl Id {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.0)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Id {
    fn from(value: &str) -> Self {
        Id(value.to_owned())
    }
}

impl From<String> for Id {
    fn from(value: String) -> Self {
        Id(value)
    }
}

impl From<&Id> for Id {
    fn from(value: &Id) -> Self {
        value.clone()
    }
}

impl From<u64> for Id {
    fn from(value: u64) -> Self {
        Id(value.to_string())
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IdVisitor)
    }
}

struct IdVisitor;

impl<'de> Visitor<'de> for IdVisitor {
    type Value = Id;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record id (a string of digits, a non-negative integer, or an object with an `id` key)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
        Ok(Id(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Id, E> {
        Ok(Id(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
        Ok(Id(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
        u64::try_from(v)
            .map(|v| Id(v.to_string()))
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    /// Zoho's SDK sends and reads ids as `{"id": ...}` objects in places the docs give bare ids.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Id, A::Error> {
        let mut id = None;
        while let Some(key) = map.next_key::<crate::wire::Key<'de>>()? {
            if key.as_str() == "id" {
                id = Some(map.next_value::<Id>()?);
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        id.ok_or_else(|| de::Error::missing_field("id"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_strings_and_integers_and_writes_strings() {
        let from_string: Id = serde_json::from_str("\"4150868000000225013\"").unwrap();
        let from_number: Id = serde_json::from_str("4150868000000225013").unwrap();
        assert_eq!(from_string, from_number);
        assert_eq!(
            serde_json::to_string(&from_number).unwrap(),
            "\"4150868000000225013\""
        );
        assert!(serde_json::from_str::<Id>("-1").is_err());
        assert!(serde_json::from_str::<Id>("1.5").is_err());
    }

    #[test]
    fn reads_the_object_form_of_zohos_sdk() {
        let id: Id = serde_json::from_str(r#"{"name": "CEO", "id": 4150868000000225013}"#).unwrap();
        assert_eq!(id.as_str(), "4150868000000225013");
        let missing = serde_json::from_str::<Id>(r#"{"name": "CEO"}"#).unwrap_err();
        assert!(
            missing.to_string().starts_with("missing field `id`"),
            "{missing}"
        );
    }
}
