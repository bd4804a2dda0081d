//! Quickstart: start zohocrm-mock in-process, then create and list roles and a user group
//! through the generated client, and show one typed error.
//!
//! Run with `cargo run --example quickstart`.

use zohocrm::roles::{CreateRoleError, NewRole};
use zohocrm::user_groups::{NewUserGroup, Source, SourceRef, SourceType};
use zohocrm::{Error, OperationError};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = zohocrm_mock::MockServer::start().await?;
    println!(
        "zohocrm-mock is serving a seeded org at {}",
        mock.base_url()
    );

    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()?;

    let roles = client.roles().list().await?.items;
    let ceo = roles
        .iter()
        .find(|r| r.reporting_to.is_none())
        .ok_or("the seed org has no top role")?;
    println!("top role: {} ({})", ceo.name, ceo.id);

    let role = NewRole::new("Product Manager")
        .reporting_to(&ceo.id)
        .description("Schedule and manage resources")
        .share_with_peers(true);
    let created = client.roles().create(role).await?.into_single()?;
    println!("created role Product Manager: id {}", created.details.id);

    let group = NewUserGroup::new(
        "Product team",
        [
            Source::new(SourceType::Roles, SourceRef::new(&created.details.id)).subordinates(true),
            Source::new(SourceType::Roles, SourceRef::new(&ceo.id)),
        ],
    )
    .description("Everyone under the product manager");
    let group_id = client
        .user_groups()
        .create(group)
        .await?
        .into_single()?
        .details
        .id;
    println!("created user group Product team: id {group_id}");

    let roles = client.roles().list().await?.items;
    let names: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
    println!("roles now: {}", names.join(", "));
    let groups = client.user_groups().list(Default::default()).await?.items;
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    println!("user groups now: {}", names.join(", "));

    match client
        .roles()
        .create(NewRole::new("Product Manager"))
        .await?
        .into_single()
    {
        Err(Error::Api(e @ CreateRoleError::DuplicateData(_))) => {
            println!("creating it again fails as documented: {e}");
            println!("  code {}, HTTP {}", e.code(), e.status());
        }
        other => return Err(format!("expected DUPLICATE_DATA, got {other:?}").into()),
    }
    Ok(())
}
