//! The blocking client runs the same generated calls as the async one.

use zohocrm::roles::{CreateRoleError, NewRole};
use zohocrm::Error;

#[test]
fn the_blocking_client_creates_lists_and_reports_typed_errors() {
    let server_runtime = tokio::runtime::Runtime::new().unwrap();
    let mock = server_runtime
        .block_on(zohocrm_mock::MockServer::start())
        .unwrap();
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()
        .unwrap();
    let crm = zohocrm::blocking::Client::new(client).unwrap();

    let before = crm.block_on(crm.roles().list()).unwrap().items.len();
    let created = crm
        .block_on(crm.roles().create(NewRole::new("Blocking role")))
        .unwrap()
        .into_single()
        .unwrap();
    let roles = crm.block_on(crm.roles().list()).unwrap().items;
    assert_eq!(roles.len(), before + 1);
    assert!(roles
        .iter()
        .any(|r| r.id == created.details.id && r.name == "Blocking role"));

    let again = crm
        .block_on(crm.roles().create(NewRole::new("Blocking role")))
        .unwrap()
        .into_single();
    assert!(
        matches!(again, Err(Error::Api(CreateRoleError::DuplicateData(_)))),
        "{again:?}"
    );
}
