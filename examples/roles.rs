//! Roles against zohocrm-mock: list the hierarchy, add a role, rename it, delete it while
//! moving its users to another role. Run with `cargo run --example roles`.

use zohocrm::roles::{NewRole, RoleChanges};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = zohocrm_mock::MockServer::start().await?;
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()?;
    let roles = client.roles();

    for role in roles.list().await?.items {
        let above = role
            .reporting_to
            .as_ref()
            .map_or("nobody", |r| r.name.as_str());
        println!("{} ({}) reports to {above}", role.name, role.id);
    }
    let ceo = roles
        .list()
        .await?
        .items
        .into_iter()
        .find(|r| r.reporting_to.is_none())
        .ok_or("no top role")?;

    let id = roles
        .create(NewRole::new("Sales Lead").reporting_to(&ceo.id))
        .await?
        .into_single()?
        .details
        .id;
    println!("added Sales Lead: {id}");
    roles
        .update(&id, RoleChanges::new().name("Head of Sales"))
        .await?
        .into_single()?;
    let renamed = roles
        .get(&id)
        .await?
        .items
        .into_iter()
        .next()
        .ok_or("role not found")?;
    println!("renamed to {}", renamed.name);
    roles.delete(&id, &ceo.id).await?.into_single()?;
    println!("deleted it; its users moved to {}", ceo.name);
    Ok(())
}
