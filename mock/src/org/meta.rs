//! The org's metadata: its modules and their fields, read from the seeds
//! `seed/org/modules.json` (the Modules API's shape) and `seed/org/fields.json` (each module's
//! fields in the Fields Metadata API's shape).

use serde_json::{json, Value};

use crate::error::MockError;

const MODULES: &str = include_str!("../../seed/org/modules.json");
const FIELDS: &str = include_str!("../../seed/org/fields.json");

/// What a field holds, from its `data_type` (and `json_type` where the data type is shared).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A string: text, email, phone, website, textarea, picklist, autonumber, profile image.
    Text,
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// A picklist value (open: new values are taken).
    Picklist,
    /// A whole number (`integer`).
    Integer,
    /// A long integer (`bigint`): a digit string, or a JSON number.
    BigInt,
    /// A decimal number: double, currency, percent.
    Decimal,
    /// `true` or `false`.
    Boolean,
    /// `yyyy-MM-dd`.
    Date,
    /// `yyyy-MM-ddTHH:mm:ss±HH:mm`.
    DateTime,
    /// `{"id"}` of a record of the field's lookup module.
    Lookup,
    /// `{"id"}` of a user.
    User,
    /// An array of strings.
    MultiPicklist,
    /// Any other array (subforms, tags, multi-select lookups, files).
    Array,
    /// Any other object (layout).
    Object,
}

/// One field of a module, as the checks need it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// The API name.
    pub(crate) api_name: String,
    /// Zoho's `data_type`.
    pub(crate) data_type: String,
    /// What the field holds.
    pub(crate) kind: Kind,
    /// `length`: characters, or digits for numbers.
    pub(crate) length: Option<u64>,
    /// `system_mandatory`.
    pub(crate) mandatory: bool,
    /// Not writable: `read_only`, or a formula, rollup summary or auto-number.
    pub(crate) read_only: bool,
    /// `unique` is set; with whether values compare ignoring case.
    pub(crate) unique: Option<bool>,
    /// The lookup's module.
    pub(crate) lookup_module: Option<String>,
    /// The lookup's related list: its name in the lookup module.
    pub(crate) related_list: Option<String>,
}

impl Field {
    fn from_json(value: &Value) -> Option<Field> {
        let text = |key: &str| value.get(key).and_then(Value::as_str);
        let flag = |key: &str| value.get(key).and_then(Value::as_bool).unwrap_or(false);
        let api_name = text("api_name")?.to_owned();
        let data_type = text("data_type")?.to_owned();
        let json_type = text("json_type").unwrap_or("");
        let kind = match (data_type.as_str(), json_type) {
            ("email", _) => Kind::Email,
            ("phone", _) => Kind::Phone,
            ("picklist", _) => Kind::Picklist,
            ("integer", _) => Kind::Integer,
            ("bigint", _) => Kind::BigInt,
            ("double" | "currency" | "percent", _) => Kind::Decimal,
            ("boolean", _) => Kind::Boolean,
            ("date", _) => Kind::Date,
            ("datetime", _) => Kind::DateTime,
            ("lookup", _) => Kind::Lookup,
            ("ownerlookup" | "userlookup", _) => Kind::User,
            ("multiselectpicklist", _) => Kind::MultiPicklist,
            (_, "jsonarray") => Kind::Array,
            (_, "jsonobject") => Kind::Object,
            (_, "integer") => Kind::Integer,
            (_, "double") => Kind::Decimal,
            (_, "boolean") => Kind::Boolean,
            _ => Kind::Text,
        };
        let computed = matches!(
            data_type.as_str(),
            "formula" | "rollup_summary" | "autonumber"
        );
        let lookup = value.get("lookup");
        let unique = value
            .get("unique")
            .and_then(Value::as_object)
            .filter(|u| !u.is_empty())
            .map(|u| {
                u.get("case_sensitive")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            });
        Some(Field {
            api_name,
            kind,
            length: value.get("length").and_then(Value::as_u64),
            mandatory: flag("system_mandatory"),
            read_only: flag("read_only") || computed,
            unique,
            lookup_module: lookup
                .and_then(|l| l.pointer("/module/api_name"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            related_list: lookup
                .and_then(|l| l.get("api_name"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            data_type,
        })
    }

    /// The `expected_data_type` Zoho names for the field: `date` and `datetime` for those,
    /// else the field's JSON type.
    pub(crate) fn expected_type(&self) -> &'static str {
        match self.kind {
            Kind::Date => "date",
            Kind::DateTime => "datetime",
            Kind::Integer => "integer",
            Kind::Decimal => "double",
            Kind::Boolean => "boolean",
            Kind::Lookup | Kind::User | Kind::Object => "jsonobject",
            Kind::MultiPicklist | Kind::Array => "jsonarray",
            Kind::BigInt => "bigint",
            Kind::Text | Kind::Email | Kind::Phone | Kind::Picklist => "string",
        }
    }
}

/// One module: its Modules API entry and its fields.
#[derive(Debug, Clone)]
pub(crate) struct Module {
    /// The API name (`Leads`, `Vehicles`).
    pub(crate) api_name: String,
    /// The module's id.
    pub(crate) id: String,
    /// Whether it is a custom module (`generated_type` `custom`).
    pub(crate) custom: bool,
    /// The Modules API entry.
    pub(crate) entry: Value,
    /// The Fields Metadata API entries.
    pub(crate) field_entries: Vec<Value>,
    /// The fields, in order.
    pub(crate) fields: Vec<Field>,
}

impl Module {
    /// The field with `api_name`.
    pub(crate) fn field(&self, api_name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.api_name == api_name)
    }

    /// The system-defined duplicate check field of the upsert page: Leads and Contacts
    /// `Email`, Accounts `Account_Name`, Deals `Deal_Name`, custom modules `Name`.
    pub(crate) fn system_duplicate_field(&self) -> Option<&'static str> {
        match self.api_name.as_str() {
            "Leads" | "Contacts" => Some("Email"),
            "Accounts" => Some("Account_Name"),
            "Deals" => Some("Deal_Name"),
            _ if self.custom => Some("Name"),
            _ => None,
        }
    }

    /// The field whose value names a record (`display_name`, lookups' `name`).
    pub(crate) fn name_field(&self) -> &'static str {
        match self.api_name.as_str() {
            "Leads" | "Contacts" => "Full_Name",
            "Accounts" => "Account_Name",
            "Deals" => "Deal_Name",
            _ => "Name",
        }
    }
}

/// All modules of the org, by API name.
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    /// The modules in the seed's order.
    pub(crate) modules: Vec<Module>,
}

impl Meta {
    /// Reads the seeds.
    pub(crate) fn seeded() -> Result<Meta, MockError> {
        let bad = |what: &str| MockError::Seed(format!("seed/org: {what}"));
        let modules: Value = serde_json::from_str(MODULES).map_err(|e| bad(&e.to_string()))?;
        let fields: Value = serde_json::from_str(FIELDS).map_err(|e| bad(&e.to_string()))?;
        let entries = modules
            .get("modules")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("modules.json has no `modules` array"))?;
        let mut out = Vec::new();
        for entry in entries {
            let text = |key: &str| entry.get(key).and_then(Value::as_str);
            let api_name = text("api_name").ok_or_else(|| bad("a module has no api_name"))?;
            let field_entries = fields
                .get(api_name)
                .and_then(Value::as_array)
                .ok_or_else(|| bad(&format!("fields.json has no fields for {api_name}")))?
                .clone();
            let parsed = field_entries
                .iter()
                .map(|f| Field::from_json(f).ok_or_else(|| bad(&format!("a field of {api_name}"))))
                .collect::<Result<Vec<Field>, MockError>>()?;
            out.push(Module {
                api_name: api_name.to_owned(),
                id: text("id").unwrap_or_default().to_owned(),
                custom: text("generated_type") == Some("custom"),
                entry: entry.clone(),
                field_entries,
                fields: parsed,
            });
        }
        Ok(Meta { modules: out })
    }

    /// The module with `api_name` (exact, as Zoho's URLs take it).
    pub(crate) fn module(&self, api_name: &str) -> Option<&Module> {
        self.modules.iter().find(|m| m.api_name == api_name)
    }

    /// `{"modules": [...]}`, the Modules API's answer.
    pub(crate) fn modules_json(&self) -> Value {
        json!({ "modules": self.modules.iter().map(|m| m.entry.clone()).collect::<Vec<_>>() })
    }

    /// The lookups into `module` that name the related list `name`: (child module, field).
    pub(crate) fn related(&self, module: &str, name: &str) -> Vec<(&Module, &Field)> {
        self.modules
            .iter()
            .flat_map(|m| m.fields.iter().map(move |f| (m, f)))
            .filter(|(_, f)| {
                f.kind == Kind::Lookup
                    && f.lookup_module.as_deref() == Some(module)
                    && f.related_list.as_deref() == Some(name)
            })
            .collect()
    }
}
