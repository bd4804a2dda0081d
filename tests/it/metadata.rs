//! The metadata family through the public client against zohocrm-mock: modules, fields,
//! layouts and related lists decode into their typed forms, the `module` parameter takes any
//! module name, the calls reach the documented paths, and `ZohoCRM.settings.ALL` covers the
//! specific settings scopes.

use zohocrm::metadata::{
    GetFieldParams, GetFieldsParams, GetLayoutsError, GetModulesParams, GetRelatedListsParams,
    ModuleGeneratedType, ModuleStatus,
};
use zohocrm::{Client, Error, Id};
use zohocrm_mock::MockServer;

async fn start() -> (MockServer, Client) {
    let mock = MockServer::start().await.unwrap();
    let client = client_for(&mock, mock.token());
    (mock, client)
}

fn client_for(mock: &MockServer, token: &str) -> Client {
    Client::builder()
        .base_url(mock.base_url())
        .access_token(token)
        .build()
        .unwrap()
}

/// Query parameters as the request log keeps them.
fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

/// The last logged call's path (below `/crm/v7`) and query parameters.
fn last_call(mock: &MockServer) -> (String, Vec<(String, String)>) {
    let call = mock.requests().pop().expect("a logged call");
    assert_eq!(call.method, "GET");
    let path = call
        .path
        .strip_prefix("/crm/v7")
        .expect("under /crm/v7")
        .to_owned();
    (path, call.query)
}

#[tokio::test]
async fn the_module_list_gives_api_names_and_what_the_user_may_do() {
    let (mock, client) = start().await;
    let modules = client
        .metadata()
        .list_modules(GetModulesParams::new())
        .await
        .unwrap()
        .items;
    assert_eq!(modules.len(), 68);
    let leads = modules.iter().find(|m| m.api_name == "Leads").unwrap();
    assert_eq!(leads.id, Id::from("4876876000000002175"));
    assert_eq!(leads.creatable, Some(true));
    assert_eq!(leads.api_supported, Some(true));
    assert_eq!(leads.generated_type, Some(ModuleGeneratedType::Default));
    assert_eq!(leads.status, Some(ModuleStatus::Visible));
    let vehicles = modules.iter().find(|m| m.api_name == "Vehicles").unwrap();
    assert_eq!(vehicles.module_name.as_deref(), Some("CustomModule3"));
    assert_eq!(vehicles.generated_type, Some(ModuleGeneratedType::Custom));
    assert_eq!(vehicles.status, Some(ModuleStatus::UserHidden));
    let modified_by = vehicles.modified_by.as_ref().unwrap();
    assert_eq!(modified_by.name, "Patricia Boyle");
    let profiles = vehicles.profiles.as_ref().unwrap();
    assert_eq!(profiles[0].name, "Administrator");
    assert!(modules.iter().any(|m| m.api_supported == Some(false)));
    assert_eq!(
        last_call(&mock),
        ("/settings/modules".to_owned(), query(&[]))
    );

    client
        .metadata()
        .list_modules(
            GetModulesParams::new()
                .status(vec![ModuleStatus::UserHidden, ModuleStatus::SystemHidden]),
        )
        .await
        .unwrap();
    assert_eq!(
        last_call(&mock),
        (
            "/settings/modules".to_owned(),
            query(&[("status", "user_hidden,system_hidden")])
        )
    );
}

#[tokio::test]
async fn one_module_is_read_by_any_api_name() {
    let (mock, client) = start().await;
    let modules = client.metadata().get_module("Leads").await.unwrap().items;
    assert_eq!(modules.len(), 1);
    let leads = &modules[0];
    assert_eq!(leads.api_name, "Leads");
    assert_eq!(leads.plural_label.as_deref(), Some("Leads"));
    assert_eq!(leads.global_search_supported, Some(true));
    assert_eq!(leads.isblueprintsupported, Some(true));
    assert_eq!(last_call(&mock).0, "/settings/modules/Leads");
    // A name the sample does not hold gets the page's whole sample, still typed.
    for name in ["Vehicles", "Services__s"] {
        let modules = client.metadata().get_module(name).await.unwrap().items;
        assert_eq!(modules.len(), 18);
        assert_eq!(last_call(&mock).0, format!("/settings/modules/{name}"));
    }
}

#[tokio::test]
async fn the_fields_of_a_module_carry_their_types() {
    let (mock, client) = start().await;
    let fields = client
        .metadata()
        .list_fields("Leads", GetFieldsParams::new())
        .await
        .unwrap()
        .items;
    assert_eq!(fields.len(), 87);
    let last_name = fields.iter().find(|f| f.api_name == "Last_Name").unwrap();
    assert_eq!(last_name.data_type, "text");
    assert_eq!(last_name.json_type.as_deref(), Some("string"));
    assert_eq!(last_name.system_mandatory, Some(true));
    let owner = fields.iter().find(|f| f.api_name == "Owner").unwrap();
    assert_eq!(owner.data_type, "ownerlookup");
    assert_eq!(owner.id, Id::from("5725767000000002589"));
    let operation_type = owner.operation_type.as_ref().unwrap();
    assert_eq!(operation_type.api_create, Some(true));
    let status = fields.iter().find(|f| f.api_name == "Lead_Status").unwrap();
    assert_eq!(status.data_type, "picklist");
    let options = status.pick_list_values.as_ref().unwrap();
    assert!(options.len() > 1);
    assert_eq!(options[0].actual_value.as_deref(), Some("-None-"));
    let account = fields
        .iter()
        .find(|f| f.api_name == "Converted_Account")
        .unwrap();
    let target = account.lookup.as_ref().unwrap().module.as_ref().unwrap();
    assert_eq!(target.api_name.as_deref(), Some("Accounts"));
    assert_eq!(
        last_call(&mock),
        ("/settings/fields".to_owned(), query(&[("module", "Leads")]))
    );

    // Any module name, and the optional parameters, reach the server.
    client
        .metadata()
        .list_fields(
            "Services__s",
            GetFieldsParams::new()
                .r#type(zohocrm::metadata::FieldsListType::All)
                .include(zohocrm::metadata::FieldsInclude::AllowedPermissionsToUpdate),
        )
        .await
        .unwrap();
    assert_eq!(
        last_call(&mock).1,
        query(&[
            ("module", "Services__s"),
            ("type", "all"),
            ("include", "allowed_permissions_to_update")
        ])
    );
}

#[tokio::test]
async fn one_field_is_read_by_id() {
    let (mock, client) = start().await;
    let id = Id::from("5725767000000002595");
    let fields = client
        .metadata()
        .get_field(&id, "Leads", GetFieldParams::new())
        .await
        .unwrap()
        .items;
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].api_name, "Last_Name");
    assert_eq!(fields[0].data_type, "text");
    assert_eq!(
        last_call(&mock),
        (
            "/settings/fields/5725767000000002595".to_owned(),
            query(&[("module", "Leads")])
        )
    );
}

#[tokio::test]
async fn layouts_give_sections_with_layout_specific_fields() {
    let (mock, client) = start().await;
    let layouts = client.metadata().list_layouts("Leads").await.unwrap().items;
    assert_eq!(layouts.len(), 1);
    let layout = &layouts[0];
    assert_eq!(layout.id, Id::from("2276164000000095055"));
    assert_eq!(layout.api_name.as_deref(), Some("Standard__s"));
    assert_eq!(layout.status.as_deref(), Some("active"));
    let profiles = layout.profiles.as_ref().unwrap();
    assert_eq!(profiles[0].default, Some(true));
    let sections = layout.sections.as_ref().unwrap();
    let field = &sections[0].fields.as_ref().unwrap()[0];
    assert_eq!(field.api_name, "Record_Image");
    assert_eq!(field.data_type, "profileimage");
    assert_eq!(field.required, Some(false));
    assert_eq!(
        last_call(&mock),
        (
            "/settings/layouts".to_owned(),
            query(&[("module", "Leads")])
        )
    );

    let layout_id = Id::from("2276164000000095055");
    let one = client
        .metadata()
        .get_layout(&layout_id, "Vehicles")
        .await
        .unwrap()
        .items;
    assert_eq!(one[0].id, layout_id);
    assert_eq!(
        last_call(&mock),
        (
            "/settings/layouts/2276164000000095055".to_owned(),
            query(&[("module", "Vehicles")])
        )
    );
}

#[tokio::test]
async fn related_lists_give_the_names_related_record_calls_use() {
    let (mock, client) = start().await;
    let lists = client
        .metadata()
        .list_related_lists("Leads", GetRelatedListsParams::new())
        .await
        .unwrap()
        .items;
    assert_eq!(lists.len(), 8);
    let notes = lists.iter().find(|l| l.api_name == "Notes").unwrap();
    assert_eq!(notes.href.as_deref(), Some("Leads/{ENTITYID}/Notes"));
    let module = notes.module.as_ref().unwrap();
    assert_eq!(module.api_name.as_deref(), Some("Notes"));
    let grouped = lists
        .iter()
        .find(|l| l.api_name == "Activities_Chronological_View")
        .unwrap();
    assert_eq!(grouped.r#type.as_deref(), Some("grouped"));
    assert!(grouped.module.is_none());
    assert!(grouped.href.is_none());
    assert_eq!(
        last_call(&mock),
        (
            "/settings/related_lists".to_owned(),
            query(&[("module", "Leads")])
        )
    );

    let layout = Id::from("2276164000000095055");
    client
        .metadata()
        .list_related_lists("Vehicles", GetRelatedListsParams::new().layout_id(layout))
        .await
        .unwrap();
    assert_eq!(
        last_call(&mock).1,
        query(&[("module", "Vehicles"), ("layout_id", "2276164000000095055")])
    );
}

#[tokio::test]
async fn settings_all_covers_every_metadata_scope() {
    let mock = MockServer::builder()
        .token("settings-all", &["ZohoCRM.settings.ALL"])
        .token("fields-read", &["ZohoCRM.settings.fields.READ"])
        .start()
        .await
        .unwrap();
    let all = client_for(&mock, "settings-all");
    let metadata = all.metadata();
    metadata
        .list_modules(GetModulesParams::new())
        .await
        .unwrap();
    metadata.get_module("Leads").await.unwrap();
    metadata
        .list_fields("Leads", GetFieldsParams::new())
        .await
        .unwrap();
    metadata.list_layouts("Leads").await.unwrap();
    metadata
        .list_related_lists("Leads", GetRelatedListsParams::new())
        .await
        .unwrap();

    let fields_only = client_for(&mock, "fields-read");
    fields_only
        .metadata()
        .list_fields("Leads", GetFieldsParams::new())
        .await
        .unwrap();
    match fields_only.metadata().list_layouts("Leads").await {
        Err(Error::Api(GetLayoutsError::OauthScopeMismatch(body))) => {
            assert_eq!(body.code, "OAUTH_SCOPE_MISMATCH");
        }
        other => panic!("expected OAUTH_SCOPE_MISMATCH, got {other:?}"),
    }
}
