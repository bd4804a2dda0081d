//! Response decoding on arbitrary bytes. The runtime's decoder (`src/decode.rs`) is private, so
//! this target repeats its envelope handling with public parts: the body is parsed as JSON, the
//! wrapper key is taken out, and every item is decoded into the public generated types
//! (`Role`, `User`, `UserGroup`, `Territory`, `Profile`), the action result types
//! (`ActionSuccess<CreatedDetails>`, `ActionSuccess<IdDetails>`), `Info` and `Id`. Nothing may
//! panic, and whatever decodes must serialise (with the `serialize` feature) and read back as
//! the same value.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

use zohocrm::common::{CreatedDetails, IdDetails};
use zohocrm::{ActionSuccess, Id, Info};

fn records<T>(items: &Value)
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    if let Ok(items) = serde_json::from_value::<Vec<T>>(items.clone()) {
        let _ = serde_json::to_vec(&items).expect("a decoded record serialises");
    }
    if let Value::Array(items) = items {
        for item in items {
            if let Ok(one) = serde_json::from_value::<T>(item.clone()) {
                let bytes = serde_json::to_vec(&one).expect("a decoded record serialises");
                let again: T = serde_json::from_slice(&bytes).expect("a serialised record reads back");
                assert_eq!(again, one);
            }
        }
    }
}

fn action_items(items: &[Value]) {
    for item in items {
        let _ = serde_json::from_value::<ActionSuccess<CreatedDetails>>(item.clone());
        let _ = serde_json::from_value::<ActionSuccess<IdDetails>>(item.clone());
        let _ = item.get("code").map(|c| c.to_string());
    }
}

fuzz_target!(|data: &[u8]| {
    // The typed decoders straight from the bytes, as a body without an envelope.
    let _ = serde_json::from_slice::<ActionSuccess<CreatedDetails>>(data);
    let _ = serde_json::from_slice::<zohocrm::roles::Role>(data);
    let _ = serde_json::from_slice::<zohocrm::users::UsersCount>(data);
    let _ = serde_json::from_slice::<Info>(data);
    let _ = serde_json::from_slice::<Id>(data).map(|id| id.to_string());

    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    for (key, value) in &object {
        match key.as_str() {
            "info" => {
                let _ = serde_json::from_value::<Info>(value.clone());
            }
            "roles" => records::<zohocrm::roles::Role>(value),
            "users" => records::<zohocrm::users::User>(value),
            "user_groups" => records::<zohocrm::user_groups::UserGroup>(value),
            "territories" => records::<zohocrm::territories::Territory>(value),
            "profiles" => records::<zohocrm::profiles::Profile>(value),
            _ => {}
        }
        if let Value::Array(items) = value {
            action_items(items);
        }
    }
    // A bare action result, as some doc pages show it.
    if object.contains_key("code") {
        action_items(&[Value::Object(object)]);
    }
});
