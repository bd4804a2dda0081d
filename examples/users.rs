//! Users against zohocrm-mock: add a user with a role and a profile, deactivate-style update,
//! count users, delete. Run with `cargo run --example users`.

use zohocrm::users::{NewUser, UserChanges, UserType, UsersCountParams};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = zohocrm_mock::MockServer::start().await?;
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()?;
    let users = client.users();

    let role = client
        .roles()
        .list()
        .await?
        .items
        .into_iter()
        .find(|r| r.name == "Manager")
        .ok_or("no Manager role")?;
    let profile = client
        .profiles()
        .list(Default::default())
        .await?
        .items
        .into_iter()
        .find(|p| p.name.as_deref() == Some("Standard"))
        .ok_or("no Standard profile")?;
    let profile_id = profile.id.ok_or("profile without id")?;

    let new_user = NewUser::new("Ava", "ava@example.com", &role.id, &profile_id).last_name("Lee");
    let id = users.create(new_user).await?.into_single()?.details.id;
    println!("added Ava Lee: {id}");
    users
        .update(&id, UserChanges::new().phone("+1 555 0100"))
        .await?
        .into_single()?;
    let all = users
        .count(UsersCountParams::default().r#type(UserType::AllUsers))
        .await?;
    println!("{} user(s) in the org", all.count);
    users.delete(&id).await?.into_single()?;
    println!("deleted Ava Lee");
    Ok(())
}
