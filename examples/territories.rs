//! Territories against zohocrm-mock: add a territory below the org's, assign a user, list the
//! tree. Run with `cargo run --example territories`.

use zohocrm::territories::{NewTerritory, TerritoryPermissionType, TerritoryRef, TerritoryUserRef};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = zohocrm_mock::MockServer::start().await?;
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()?;
    let territories = client.territories();

    let tree = territories.list_pages(Default::default()).all().await?;
    let root = tree
        .iter()
        .find(|t| t.reporting_to.is_none())
        .ok_or("no org territory")?;
    println!("org territory: {}", root.name);

    let boston = NewTerritory::new(
        "Boston",
        TerritoryRef::new(&root.id),
        TerritoryPermissionType::ReadOnly,
    );
    let id = territories.create(boston).await?.into_single()?.details.id;
    println!("added Boston: {id}");

    let user = client
        .users()
        .list(Default::default())
        .await?
        .items
        .into_iter()
        .next()
        .ok_or("no user")?;
    territories
        .add_users(&id, TerritoryUserRef::new(&user.id))
        .await?
        .into_single()?;
    for member in territories.users(&id).await?.items {
        println!("  member: {}", member.id);
    }
    Ok(())
}
