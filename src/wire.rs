//! What generated functions hand to the client: the operation's fixed facts and one call's
//! arguments, plus the serde helpers generated types use for alternative wire forms.

use serde::Serialize;

use crate::results::Batch;

pub(crate) use reqwest::Method;

/// The fixed facts of one endpoint, from the spec; each generated endpoint has one as a
/// `static`.
#[derive(Debug)]
pub(crate) struct Operation {
    /// Stable operation name, e.g. `create_role`.
    pub(crate) name: &'static str,
    pub(crate) method: Method,
    /// Path prefix of every endpoint of the API, e.g. `/crm/v7`.
    pub(crate) base_path: &'static str,
    /// Path below the base path, with `{param}` placeholders.
    pub(crate) path: &'static str,
    /// Key the request items are wrapped in.
    pub(crate) request_wrapper: Option<&'static str>,
    /// Key the response results are wrapped in; `None` when the body is one object.
    pub(crate) response_wrapper: Option<&'static str>,
    /// Most items per call, where the docs state a limit.
    pub(crate) max_items: Option<usize>,
    /// Whether repeating the call has the same effect as making it once.
    pub(crate) idempotent: bool,
}

/// The JSON key of a field of a generated type: the `as "key"` given after it, or its name.
macro_rules! json_key {
    ($field:ident $key:literal) => {
        $key
    };
    ($field:ident) => {
        stringify!($field)
    };
}
pub(crate) use json_key;

/// Implements a generated string enum's conversions from its variants (each but `Unknown`),
/// given in the order of its plain `as_str`: from `&str` and `String` (a value not listed is
/// `Unknown`), into `String`, `Display` (the value on the wire), and `Serialize` and
/// `Deserialize` as that string.
#[cfg_attr(
    some_families,
    allow(unused_macros, reason = "only some families' generated code uses it")
)]
macro_rules! string_enum {
    ($name:ident { $($variant:ident),* $(,)? }) => {
        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $(if value == Self::$variant.as_str() {
                    return Self::$variant;
                })*
                Self::Unknown(value.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.as_str().to_owned()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$crate::wire::Key<'de> as ::serde::Deserialize<'de>>::deserialize(deserializer)
                    .map(|value| Self::from(value.as_str()))
            }
        }
    };
}
pub(crate) use string_enum;

/// Implements `Serialize` for a generated request type: `Type(mandatory, ...) { optional, ... }`,
/// with `as "key"` after a field whose JSON key is not its name. Mandatory keys are written
/// first, then each optional key that is set (a cleared one, `Some(None)`, as `null`).
#[cfg_attr(
    some_families,
    allow(unused_macros, reason = "only some families' generated code uses it")
)]
macro_rules! request {
    ($name:ident $(($($mandatory:ident $(as $mandatory_key:literal)?),* $(,)?))? {
        $($field:ident $(as $key:literal)?),* $(,)?
    }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                // A type without keys writes none.
                #[allow(unused_mut)]
                let mut map = serializer.serialize_map(None)?;
                $($(
                    map.serialize_entry(
                        $crate::wire::json_key!($mandatory $($mandatory_key)?),
                        &self.$mandatory,
                    )?;
                )*)?
                $(
                    if let Some(value) = &self.$field {
                        map.serialize_entry($crate::wire::json_key!($field $($key)?), value)?;
                    }
                )*
                map.end()
            }
        }
    };
}
pub(crate) use request;

/// Implements `Deserialize` for a generated response type, and `Serialize` with the `serialize`
/// feature (every key written, `None` as `null`): `Type(mandatory, ...) { optional, ... }`, with
/// `as "key"` after a field whose JSON key is not its name. A missing mandatory key and a
/// repeated key are errors; a missing optional key or `null` is `None`; other keys are skipped.
/// A type requests also send (whose `Serialize` is `request!`'s) ends with `serialized_by_request`.
macro_rules! response {
    ($name:ident $(($($mandatory:ident $(as $mandatory_key:literal)?),* $(,)?))? {
        $($field:ident $(as $key:literal)?),* $(,)?
    } serialized_by_request) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Fields;

                impl<'de> ::serde::de::Visitor<'de> for Fields {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        $($(let mut $mandatory = None;)*)?
                        $(let mut $field = None;)*
                        while let Some(key) = map.next_key::<$crate::wire::Key<'de>>()? {
                            match key.as_str() {
                                $($($crate::wire::json_key!($mandatory $($mandatory_key)?) => {
                                    $crate::wire::read_once(
                                        &mut map,
                                        &mut $mandatory,
                                        $crate::wire::json_key!($mandatory $($mandatory_key)?),
                                    )?
                                })*)?
                                $($crate::wire::json_key!($field $($key)?) => {
                                    $crate::wire::read_once(
                                        &mut map,
                                        &mut $field,
                                        $crate::wire::json_key!($field $($key)?),
                                    )?
                                })*
                                _ => {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok($name {
                            $($($mandatory: $mandatory.ok_or_else(|| {
                                <A::Error as ::serde::de::Error>::missing_field(
                                    $crate::wire::json_key!($mandatory $($mandatory_key)?),
                                )
                            })?,)*)?
                            $($field: $field.flatten(),)*
                        })
                    }
                }

                deserializer.deserialize_map(Fields)
            }
        }
    };
    ($name:ident $(($($mandatory:ident $(as $mandatory_key:literal)?),* $(,)?))? {
        $($field:ident $(as $key:literal)?),* $(,)?
    }) => {
        $crate::wire::response!(
            $name $(($($mandatory $(as $mandatory_key)?),*))? { $($field $(as $key)?),* }
            serialized_by_request
        );

        #[cfg(feature = "serialize")]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                // A type without keys writes none.
                #[allow(unused_mut)]
                let mut map = serializer.serialize_map(None)?;
                $($(map.serialize_entry(
                    $crate::wire::json_key!($mandatory $($mandatory_key)?),
                    &self.$mandatory,
                )?;)*)?
                $(map.serialize_entry($crate::wire::json_key!($field $($key)?), &self.$field)?;)*
                map.end()
            }
        }
    };
}
pub(crate) use response;

/// A string in a response (an object's key, an enum's value), borrowed from the body where it
/// can be.
pub(crate) struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of `key` into `slot`; a key read before is an error, as in serde's derive.
pub(crate) fn read_once<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: serde::Deserialize<'de>,
{
    if slot.is_some() {
        return Err(<A::Error as serde::de::Error>::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// One call's arguments.
#[derive(Debug, Clone, Default)]
pub(crate) struct Call {
    pub(crate) path: Vec<String>,
    pub(crate) query: Vec<(&'static str, String)>,
    /// Request headers besides authorization and content type.
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The items, serialised as a JSON array, and how many there are.
    pub(crate) items: Option<(Result<Vec<u8>, String>, usize)>,
    /// The first argument found outside its documented limits: nothing is sent.
    pub(crate) invalid: Option<Invalid>,
}

/// An argument outside its documented limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Invalid {
    /// A list parameter with more values than allowed.
    TooMany { max: usize, given: usize },
    /// A value out of range, or otherwise not sendable.
    #[cfg_attr(
        some_families,
        allow(dead_code, reason = "only some families' generated code uses it")
    )]
    Argument(String),
}

impl Call {
    pub(crate) fn new() -> Self {
        Call::default()
    }

    /// Fills the next `{param}` of the path.
    pub(crate) fn path(mut self, segment: &str) -> Self {
        self.path.push(segment.to_owned());
        self
    }

    /// Adds a query parameter.
    pub(crate) fn query(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        self.query.push((name, value.to_string()));
        self
    }

    /// Adds a query parameter when it has a value.
    #[cfg_attr(
        some_families,
        allow(dead_code, reason = "only some families' generated code uses it")
    )]
    pub(crate) fn optional_query(
        self,
        name: &'static str,
        value: Option<impl std::fmt::Display>,
    ) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Adds a request header when it has a value (`If-Modified-Since`, say).
    #[cfg_attr(
        some_families,
        allow(dead_code, reason = "only some families' generated code uses it")
    )]
    pub(crate) fn optional_header(
        mut self,
        name: &'static str,
        value: Option<impl std::fmt::Display>,
    ) -> Self {
        if let Some(value) = value {
            self.headers.push((name, value.to_string()));
        }
        self
    }

    /// Sets or replaces a query parameter.
    pub(crate) fn set_query(self, name: &'static str, value: String) -> Self {
        self.without_query(name).query(name, value)
    }

    /// Removes the query parameter `name`.
    pub(crate) fn without_query(mut self, name: &'static str) -> Self {
        self.query.retain(|(n, _)| *n != name);
        self
    }

    /// Adds an integer parameter, when given, after checking it against its documented range.
    #[cfg_attr(
        some_families,
        allow(dead_code, reason = "only some families' generated code uses it")
    )]
    pub(crate) fn bounded_query(
        mut self,
        name: &'static str,
        value: Option<i64>,
        min: Option<i64>,
        max: Option<i64>,
    ) -> Self {
        if let Some(v) = value {
            let low = min.is_some_and(|min| v < min);
            let high = max.is_some_and(|max| v > max);
            if (low || high) && self.invalid.is_none() {
                let bounds = match (min, max) {
                    (Some(min), Some(max)) => format!("from {min} to {max}"),
                    (Some(min), None) => format!("at least {min}"),
                    (None, _) => format!("at most {}", max.unwrap_or_default()),
                };
                self.invalid = Some(Invalid::Argument(format!(
                    "`{name}` is {v}; it must be {bounds}"
                )));
            }
        }
        self.optional_query(name, value)
    }

    /// Checks the number of values of a list parameter.
    #[cfg_attr(
        some_families,
        allow(dead_code, reason = "only some families' generated code uses it")
    )]
    pub(crate) fn count(mut self, given: usize, max: usize) -> Self {
        if given > max && self.invalid.is_none() {
            self.invalid = Some(Invalid::TooMany { max, given });
        }
        self
    }

    /// A body that is one object, not wrapped items (COQL's `{"select_query": ...}`).
    #[cfg_attr(
        some_families,
        allow(dead_code, reason = "only some families' generated code uses it")
    )]
    pub(crate) fn body<T: Serialize>(mut self, body: &T) -> Self {
        let json = serde_json::to_vec(body).map_err(|e| e.to_string());
        self.items = Some((json, 1));
        self
    }

    /// Sets the body's items.
    #[cfg_attr(
        some_families,
        allow(dead_code, reason = "only some families' generated code uses it")
    )]
    pub(crate) fn items<T: Serialize>(mut self, batch: impl Into<Batch<T>>) -> Self {
        let items = batch.into().into_vec();
        let json = serde_json::to_vec(&items).map_err(|e| e.to_string());
        self.items = Some((json, items.len()));
        self
    }
}

/// Values of a list parameter, comma-separated.
#[cfg_attr(
    some_families,
    allow(dead_code, reason = "only some families' generated code uses it")
)]
pub(crate) fn join<T: std::fmt::Display>(values: &[T]) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(all(test, feature = "roles", feature = "user-groups"))]
mod tests {
    use serde_json::json;

    use crate::roles::Role;
    use crate::user_groups::{Source, SourceRef, SourceType};

    const ROLE: &str = r#"{"display_label": "CEO", "share_with_peers": true, "name": "CEO",
        "description": null, "id": "4150868000000026005", "reporting_to": null,
        "created_by__s": {"name": "Ann", "id": "1"}, "modified_by__s": null,
        "created_time__s": null, "modified_time__s": null, "forecast_manager": null}"#;

    #[test]
    fn responses_read_renamed_keys_nulls_and_absent_optional_keys() {
        let role: Role = serde_json::from_str(ROLE).unwrap();
        assert_eq!(role.name, "CEO");
        assert_eq!(role.id.as_str(), "4150868000000026005");
        assert_eq!(role.description, None);
        assert_eq!(role.admin_user, None);
        assert_eq!(role.created_by_s.unwrap().name, "Ann");
    }

    #[test]
    fn responses_read_owned_keys_from_values_and_escaped_keys() {
        let from_value: Role = serde_json::from_value(serde_json::from_str(ROLE).unwrap()).unwrap();
        let escaped = ROLE.replace("\"display_label\"", "\"display\\u005flabel\"");
        let from_escaped: Role = serde_json::from_str(&escaped).unwrap();
        assert_eq!(from_value, from_escaped);
        assert_eq!(from_escaped.display_label, "CEO");
    }

    #[test]
    fn responses_skip_unknown_keys_and_refuse_missing_repeated_and_mistyped_ones() {
        let mut role: serde_json::Value = serde_json::from_str(ROLE).unwrap();
        role["new_key"] = json!({"nested": [1, 2]});
        assert!(serde_json::from_value::<Role>(role.clone()).is_ok());

        role.as_object_mut().unwrap().remove("name");
        let missing = serde_json::from_value::<Role>(role).unwrap_err();
        assert_eq!(missing.to_string(), "missing field `name`");

        let repeated = ROLE.replacen("\"name\": \"CEO\"", "\"name\": \"CEO\", \"name\": \"X\"", 1);
        let repeated = serde_json::from_str::<Role>(&repeated).unwrap_err();
        assert!(
            repeated.to_string().starts_with("duplicate field `name`"),
            "{repeated}"
        );

        let mistyped = ROLE.replace(
            "\"share_with_peers\": true",
            "\"share_with_peers\": \"yes\"",
        );
        let mistyped = serde_json::from_str::<Role>(&mistyped).unwrap_err();
        assert!(
            mistyped
                .to_string()
                .starts_with("invalid type: string \"yes\", expected a boolean"),
            "{mistyped}"
        );

        let array = serde_json::from_str::<Role>("[\"CEO\"]").unwrap_err();
        assert!(
            array
                .to_string()
                .starts_with("invalid type: sequence, expected struct Role"),
            "{array}"
        );
    }

    #[test]
    fn types_requests_send_and_responses_carry_read_and_write_their_keys() {
        let source = Source::new(SourceType::from("roles"), SourceRef::new("7")).subordinates(true);
        let json = serde_json::to_value(&source).unwrap();
        assert_eq!(
            json,
            json!({"type": "roles", "source": {"id": "7"}, "subordinates": true})
        );
        let read: Source =
            serde_json::from_value(json!({"type": "roles", "source": {"id": "7"}})).unwrap();
        assert_eq!(read.r#type, SourceType::Roles);
        assert_eq!(read.subordinates, None);
        let unknown: SourceType = serde_json::from_str("\"teams\"").unwrap();
        assert_eq!(unknown, SourceType::Unknown("teams".into()));
        assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"teams\"");
    }

    /// Found by fuzzing `response_decoding`: without exact float parsing, a number in a JSON
    /// field read back from its own serialisation was another number.
    #[cfg(feature = "serialize")]
    #[test]
    fn numbers_in_json_fields_read_back_unchanged() {
        let group = json!({"id": "1", "name": "g", "created_time": "2022-11-21T12:33:12+05:30",
            "created_by": {"name": "Ann", "id": "2"},
            "sources_count": {"territories": 2.2222222222212217e76, "users": 0.1}});
        let group: crate::user_groups::UserGroup = serde_json::from_value(group).unwrap();
        let text = serde_json::to_string(&group).unwrap();
        let again: crate::user_groups::UserGroup = serde_json::from_str(&text).unwrap();
        assert_eq!(again, group);
        let big: f64 = serde_json::from_str(&"2".repeat(77)).unwrap();
        assert_eq!(
            serde_json::from_str::<f64>(&serde_json::to_string(&big).unwrap()).unwrap(),
            big
        );
    }

    #[cfg(feature = "serialize")]
    #[test]
    fn the_serialize_feature_writes_every_key_of_a_response_type() {
        let role: Role = serde_json::from_str(ROLE).unwrap();
        let json = serde_json::to_value(&role).unwrap();
        assert_eq!(json["created_by__s"], json!({"name": "Ann", "id": "1"}));
        assert_eq!(json["admin_user"], serde_json::Value::Null);
        assert_eq!(serde_json::from_value::<Role>(json).unwrap(), role);
    }
}
