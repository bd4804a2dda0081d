//! The same calls against a real Zoho CRM org, configured from the environment. Never run in CI.
//!
//! ```sh
//! ZOHO_DC=eu ZOHO_CLIENT_ID=1000.… ZOHO_CLIENT_SECRET=… ZOHO_REFRESH_TOKEN=1000.… \
//!     cargo run --example real_org
//! ```
//!
//! `ZOHO_DC` is one of us, eu, in, au, jp, cn, ca, sa. The refresh token comes from a self client
//! in Zoho's API console (see `zohocrm::exchange_grant_code`) with the scopes
//! `ZohoCRM.settings.roles.READ` and `ZohoCRM.settings.user_groups.READ`. The access token is
//! kept in `zohocrm-token.json` (mode 0600) so reruns do not ask for a new one.

use std::sync::Arc;

use zohocrm::{DataCenter, FileStore, OAuth};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("set {name}"));
    let data_center = match var("ZOHO_DC")?.as_str() {
        "us" => DataCenter::Us,
        "eu" => DataCenter::Eu,
        "in" => DataCenter::In,
        "au" => DataCenter::Au,
        "jp" => DataCenter::Jp,
        "cn" => DataCenter::Cn,
        "ca" => DataCenter::Ca,
        "sa" => DataCenter::Sa,
        other => return Err(format!("unknown data centre {other:?}").into()),
    };
    let oauth = OAuth::new(
        var("ZOHO_CLIENT_ID")?,
        var("ZOHO_CLIENT_SECRET")?,
        var("ZOHO_REFRESH_TOKEN")?,
    )
    .store(Arc::new(FileStore::new("zohocrm-token.json")));
    let client = zohocrm::Client::builder()
        .data_center(data_center)
        .oauth(oauth)
        .max_concurrent_requests(5)
        .build()?;

    for role in client.roles().list().await?.items {
        println!("role {} ({})", role.name, role.id);
    }
    let groups = client
        .user_groups()
        .list_pages(Default::default())
        .all()
        .await?;
    println!("{} user group(s)", groups.len());
    if let Some(credits) = client.credits_remaining() {
        println!("{credits} API credits left today");
    }
    Ok(())
}
