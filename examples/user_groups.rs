//! User groups against zohocrm-mock: create a group from a role and a user, read its sources,
//! page through all groups, delete it. Run with `cargo run --example user_groups`.

use zohocrm::user_groups::{GetUserGroupsParams, NewUserGroup, Source, SourceRef, SourceType};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = zohocrm_mock::MockServer::start().await?;
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()?;
    let groups = client.user_groups();

    let manager = client
        .roles()
        .list()
        .await?
        .items
        .into_iter()
        .find(|r| r.name == "Manager")
        .ok_or("no Manager role")?;
    let user = client
        .users()
        .list(Default::default())
        .await?
        .items
        .into_iter()
        .next()
        .ok_or("no user")?;
    let group = NewUserGroup::new(
        "Escalations",
        [
            Source::new(SourceType::Roles, SourceRef::new(&manager.id)).subordinates(true),
            Source::new(SourceType::Users, SourceRef::new(&user.id)),
        ],
    )
    .description("Who handles escalated cases");
    let id = groups.create(group).await?.into_single()?.details.id;
    println!("created Escalations: {id}");

    for source in groups.sources(&id, Default::default()).await?.items {
        println!("  source: {} {}", source.r#type, source.source.id);
    }
    let all = groups
        .list_pages(GetUserGroupsParams::default().per_page(50))
        .all()
        .await?;
    println!("{} group(s) in the org", all.len());
    let deleted = groups.delete(&id).await?.into_single()?;
    println!("deleted: {} ({})", deleted.message, deleted.code);
    Ok(())
}
