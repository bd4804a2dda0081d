//! Synthetic specs of any size for the benchmarks: `endpoints` operations spread over the five
//! real family names (so the crate's features apply), five per resource (create, list, get,
//! update, delete), each resource with a record type, a request type and a changes type, the
//! errors a Zoho page typically documents, and samples for the checker to verify.

use serde_json::{json, Map, Value};

/// One family file being built: its `family` section, types and operations.
struct Family {
    header: Value,
    types: Map<String, Value>,
    operations: Map<String, Value>,
}

/// The family names of the real spec, so the `zohocrm` crate's features apply.
pub const FAMILIES: [&str; 5] = ["roles", "user_groups", "users", "profiles", "territories"];

/// The spec files, as `(file name, JSON text)`, of a spec with `endpoints` operations.
pub fn spec(endpoints: usize) -> Vec<(String, String)> {
    let mut families: Vec<Family> = Vec::new();
    let resources = endpoints.div_ceil(5);
    for resource in 0..resources {
        let family = resource % FAMILIES.len();
        if families.len() <= family {
            let name = FAMILIES[family];
            families.push(Family {
                header: json!({"name": name, "title": format!("Synthetic {name}"), "description": format!("Synthetic resources of the {name} family.")}),
                types: Map::new(),
                operations: Map::new(),
            });
        }
        let target = &mut families[family];
        let count = (endpoints - resource * 5).min(5);
        add_resource(resource, count, &mut target.types, &mut target.operations);
    }
    let mut files = vec![("api.json".to_owned(), pretty(&api()))];
    for family in families {
        let name = family.header["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let file = json!({"$schema": "./schema.json", "family": family.header, "types": family.types, "operations": family.operations});
        files.push((format!("{name}.json"), pretty(&file)));
    }
    files
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn api() -> Value {
    let errors = [
        (
            "INVALID_TOKEN",
            401,
            "Invalid OAuth token",
            "Obtain a new access token and repeat the call.",
        ),
        (
            "OAUTH_SCOPE_MISMATCH",
            401,
            "The access token does not have the required scope.",
            "Use a token issued for the endpoint's scope.",
        ),
        (
            "INVALID_URL_PATTERN",
            404,
            "Please check if the URL trying to access is a correct one",
            "Check the URL.",
        ),
        (
            "INVALID_REQUEST_METHOD",
            400,
            "The http request method type is not a valid one",
            "Use the method the endpoint documents.",
        ),
        (
            "INTERNAL_ERROR",
            500,
            "Unexpected and unhandled exception in Server",
            "Retry later.",
        ),
        (
            "TOO_MANY_REQUESTS",
            429,
            "Too many requests",
            "Wait before calling again.",
        ),
    ];
    json!({
        "$schema": "./schema.json",
        "api": {
            "version": "v7",
            "base_path": "/crm/v7",
            "description": "A synthetic API for benchmarks.",
            "errors": errors.iter().map(|(code, status, message, resolution)| error(code, *status, message, resolution)).collect::<Vec<_>>(),
        },
        "types": {
            "CreatedDetails": object("What a create returns.", vec![field("id", "id", true, "always", "Id of the new record.")]),
            "IdDetails": object("The id of the record a call changed.", vec![field("id", "id", true, "always", "Id of the record.")]),
        },
    })
}

fn error(code: &str, status: u16, message: &str, resolution: &str) -> Value {
    json!({"code": code, "status": status, "message": message, "resolution": resolution})
}

fn object(description: &str, fields: Vec<Value>) -> Value {
    json!({"kind": "object", "description": description, "fields": fields})
}

fn field(name: &str, ty: &str, required: bool, presence: &str, description: &str) -> Value {
    json!({"name": name, "type": ty, "required": required, "presence": presence, "nullable": false, "description": description})
}

fn scope(resource: usize, operation: &str) -> Value {
    json!({
        "name": format!("ZohoCRM.settings.things{resource}"),
        "operation_types": [
            {"name": "ALL", "description": "Every operation."},
            {"name": operation, "description": "This operation."},
        ],
    })
}

fn add_resource(
    r: usize,
    count: usize,
    types: &mut Map<String, Value>,
    operations: &mut Map<String, Value>,
) {
    let thing = format!("Thing{r}");
    let wrapper = format!("things_{r}");
    let path = format!("/settings/things_{r}");
    let one = format!("{path}/{{thing_id}}");
    types.insert(thing.clone(), object("A record as the API returns it.", vec![
        field("id", "id", false, "always", "Id of the record."),
        field("name", "string", false, "always", "Name of the record."),
        json!({"name": "description", "type": "string", "presence": "always", "nullable": true, "description": "Free text; null when none was given."}),
        field("active", "boolean", false, "sometimes", "Whether the record is in use."),
        field("sort_order", "integer", false, "sometimes", "Position among its siblings."),
        field("created_time", "datetime", false, "sometimes", "When the record was created."),
    ]));
    types.insert(
        format!("New{thing}"),
        object(
            "A record to add.",
            vec![
                field(
                    "name",
                    "string",
                    true,
                    "sometimes",
                    "Name of the new record.",
                ),
                field(
                    "parent",
                    "id",
                    false,
                    "sometimes",
                    "Id of the record above it.",
                ),
                field("description", "string", false, "sometimes", "Free text."),
                field(
                    "active",
                    "boolean",
                    false,
                    "sometimes",
                    "Whether the record is in use.",
                ),
            ],
        ),
    );
    types.insert(
        format!("{thing}Changes"),
        object(
            "Changes to a record.",
            vec![
                field("name", "string", false, "sometimes", "New name."),
                field("description", "string", false, "sometimes", "Free text."),
                field(
                    "active",
                    "boolean",
                    false,
                    "sometimes",
                    "Whether the record is in use.",
                ),
            ],
        ),
    );
    let id_param = json!([{"name": "thing_id", "type": "id", "required": true, "description": "Id of the record."}]);
    let own_errors = |extra: &[(&str, u16, &str, &str)]| -> Vec<Value> {
        let mut errors = vec![
            error(
                "NO_PERMISSION",
                403,
                "Permission denied",
                "Ask the administrator for the permission.",
            ),
            error(
                "AUTHORIZATION_FAILED",
                400,
                "User does not have sufficient privilege",
                "Ask the administrator for the privilege.",
            ),
        ];
        errors.extend(extra.iter().map(|(c, s, m, res)| error(c, *s, m, res)));
        errors
    };
    let invalid = (
        "INVALID_DATA",
        400,
        "the id given seems to be invalid",
        "Give the id of an existing record.",
    );
    let action = |status: u16, details: &str| json!({"kind": "action", "status": status, "wrapper": wrapper, "details": details});
    let page = |title: &str,
                function: &str,
                description: &str,
                method: &str,
                path: &str,
                operation: &str| {
        json!({
            "title": title,
            "function": function,
            "description": description,
            "doc_url": format!("https://example.com/docs/things-{r}.html"),
            "method": method,
            "path": path,
            "scope": scope(r, operation),
        })
    };
    let all = [
        ("create", {
            let mut op = page(
                "Create Thing",
                &format!("create_{r}"),
                "Adds records.",
                "POST",
                &path,
                "CREATE",
            );
            op["request"] =
                json!({"wrapper": wrapper, "item": format!("New{thing}"), "max_items": 100});
            op["response"] = action(201, "CreatedDetails");
            op["errors"] = json!(own_errors(&[
                (
                    "DUPLICATE_DATA",
                    400,
                    "A record with this name already exists",
                    "Give a name no other record uses."
                ),
                (
                    "MANDATORY_NOT_FOUND",
                    400,
                    "required field not found",
                    "Include `name`."
                ),
                invalid,
            ]));
            op["sample_input"] = json!({wrapper.clone(): [{"name": "First", "parent": "4150868000000225013", "active": true}]});
            op["sample_response"] = json!({wrapper.clone(): [{"code": "SUCCESS", "details": {"id": "4150868000000225099"}, "message": "added", "status": "success"}]});
            op
        }),
        ("list", {
            let mut op = page(
                "Get Things",
                &format!("list_{r}"),
                "Returns records, a page at a time.",
                "GET",
                &path,
                "READ",
            );
            op["query"] = json!([
                {"name": "page", "type": "integer", "description": "Page to return.", "default": 1, "minimum": 1},
                {"name": "per_page", "type": "integer", "description": "Records per page.", "default": 200, "minimum": 1, "maximum": 200},
            ]);
            op["response"] =
                json!({"kind": "records", "status": 200, "wrapper": wrapper, "item": thing});
            op["idempotent"] = json!(true);
            op["errors"] = json!(own_errors(&[]));
            op["sample_response"] = json!({
                wrapper.clone(): [{"id": "4150868000000225013", "name": "First", "description": null, "active": true, "sort_order": 1, "created_time": "2024-01-01T10:00:00+05:30"}],
                "info": {"per_page": 200, "count": 1, "page": 1, "more_records": false},
            });
            op
        }),
        ("get", {
            let mut op = page(
                "Get Thing",
                &format!("get_{r}"),
                "Returns one record.",
                "GET",
                &one,
                "READ",
            );
            op["path_params"] = id_param.clone();
            op["response"] =
                json!({"kind": "records", "status": 200, "wrapper": wrapper, "item": thing});
            op["idempotent"] = json!(true);
            op["errors"] = json!(own_errors(&[invalid]));
            op
        }),
        ("update", {
            let mut op = page(
                "Update Thing",
                &format!("update_{r}"),
                "Changes one record.",
                "PUT",
                &one,
                "UPDATE",
            );
            op["path_params"] = id_param.clone();
            op["request"] =
                json!({"wrapper": wrapper, "item": format!("{thing}Changes"), "max_items": 1});
            op["response"] = action(200, "IdDetails");
            op["idempotent"] = json!(true);
            op["errors"] = json!(own_errors(&[invalid]));
            op
        }),
        ("delete", {
            let mut op = page(
                "Delete Thing",
                &format!("delete_{r}"),
                "Deletes one record.",
                "DELETE",
                &one,
                "DELETE",
            );
            op["path_params"] = id_param.clone();
            op["response"] = action(200, "IdDetails");
            op["idempotent"] = json!(true);
            op["errors"] = json!(own_errors(&[invalid]));
            op
        }),
    ];
    for (verb, op) in all.into_iter().take(count) {
        operations.insert(format!("{verb}_thing_{r}"), op);
    }
}
