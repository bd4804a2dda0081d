//! Profiles against zohocrm-mock: list profiles, clone one, delete the clone while moving its
//! users back. Run with `cargo run --example profiles`.

use zohocrm::profiles::NewProfile;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = zohocrm_mock::MockServer::start().await?;
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()?;
    let profiles = client.profiles();

    let all = profiles.list(Default::default()).await?.items;
    for profile in &all {
        println!("{}", profile.name.as_deref().unwrap_or("(unnamed)"));
    }
    let standard = all
        .iter()
        .find(|p| p.name.as_deref() == Some("Standard"))
        .and_then(|p| p.id.clone())
        .ok_or("no Standard profile")?;
    let clone = NewProfile::new("Support Agent").description("Standard, for the support team");
    let id = profiles
        .clone_profile(&standard, clone)
        .await?
        .into_single()?
        .details
        .id;
    println!("cloned Standard as Support Agent: {id}");
    profiles.delete(&id, &standard).await?.into_single()?;
    println!("deleted Support Agent; its users moved to Standard");
    Ok(())
}
