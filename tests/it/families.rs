//! Every generated function, family by family, through the public API against zohocrm-mock:
//! creates give ids that read back, updates show on the next get, deletes empty the next get,
//! `_pages` walk every page, state changes show through other endpoints, documented errors
//! decode to their own variants, and the mock's request log shows method and path. The last
//! test checks that the operations called here and in the `notes` and `tags` modules are
//! exactly those of `ENDPOINTS.md`.

use std::collections::BTreeSet;

use serde_json::json;
use zohocrm::{ActionResults, ActionSuccess, Client, Error, Id, OperationError};
use zohocrm_mock::MockServer;

const PATRICIA: &str = "3652397000000186017";
const DEBORAH: &str = "3652397000000281001";
const ADMINISTRATOR: &str = "3652397000000026011";
const STANDARD: &str = "3652397000000026014";
const CEO: &str = "3652397000000026005";
const MANAGER: &str = "3652397000000026008";
const ZYLKER: &str = "3652397000000313011";
const NEW_YORK: &str = "3652397000007622003";
/// A well-formed id that names no record of the default org.
const NOBODY: &str = "3652397000999999999";

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

fn id(text: &str) -> Id {
    Id::from(text)
}

/// The one result of a one-item write call, or its error (whole-call or per item).
fn single<D, E>(
    result: Result<ActionResults<D, E>, Error<E>>,
) -> Result<ActionSuccess<D>, Error<E>> {
    result.and_then(ActionResults::into_single)
}

/// The endpoint error of a failed call; panics on success or on a non-API error.
fn api_error<T: std::fmt::Debug, E: OperationError>(result: Result<T, Error<E>>) -> E {
    match result {
        Err(Error::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// How many logged calls had `method` and `path` (below `/crm/v7`).
fn logged(mock: &MockServer, method: &str, path: &str) -> usize {
    let path = format!("/crm/v7{path}");
    mock.requests()
        .iter()
        .filter(|r| r.method == method && r.path == path)
        .count()
}

/// The last logged call with `method` and `path` (below `/crm/v7`).
fn last_logged(mock: &MockServer, method: &str, path: &str) -> zohocrm_mock::LoggedRequest {
    let path = format!("/crm/v7{path}");
    mock.requests()
        .into_iter()
        .rev()
        .find(|r| r.method == method && r.path == path)
        .unwrap_or_else(|| panic!("no {method} {path} in the request log"))
}

// ---------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------

mod roles_family {
    use super::*;
    use zohocrm::roles::{
        CreateRoleError, DeleteRoleError, NewRole, RoleChanges, RoleUpdate, UpdateRoleError,
        UpdateRolesError,
    };
    use zohocrm::users::NewUser;

    #[tokio::test]
    async fn roles_are_created_read_updated_and_deleted_moving_their_users() {
        let (mock, client) = start().await;
        let roles = client.roles();

        let all = roles.list().await.unwrap();
        assert!(all.info.is_none(), "roles are not paged");
        let names: BTreeSet<&str> = all.items.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, BTreeSet::from(["CEO", "Manager"]));
        let manager = all.items.iter().find(|r| r.name == "Manager").unwrap();
        assert_eq!(manager.id.as_str(), MANAGER);
        assert_eq!(manager.reporting_to.as_ref().unwrap().id.as_str(), CEO);
        assert_eq!(manager.reporting_to.as_ref().unwrap().name, "CEO");

        let created = roles
            .create(
                NewRole::new("Sales Lead")
                    .reporting_to(id(CEO))
                    .description("Leads the sales team")
                    .share_with_peers(true),
            )
            .await
            .unwrap();
        assert!(created.all_succeeded());
        let created = created.into_single().unwrap();
        assert_eq!(created.code, "SUCCESS");
        let sales = created.details.id;

        let request = last_logged(&mock, "POST", "/settings/roles");
        assert_eq!(
            request.json().unwrap(),
            json!({"roles": [{
                "name": "Sales Lead",
                "reporting_to": CEO,
                "description": "Leads the sales team",
                "share_with_peers": true
            }]})
        );

        let role = roles.get(&sales).await.unwrap().items.remove(0);
        assert_eq!(role.id, sales);
        assert_eq!(role.name, "Sales Lead");
        assert_eq!(role.display_label, "Sales Lead");
        assert_eq!(role.description.as_deref(), Some("Leads the sales team"));
        assert!(role.share_with_peers);
        assert_eq!(role.reporting_to.unwrap().id.as_str(), CEO);
        assert_eq!(role.created_by_s.unwrap().id.as_str(), PATRICIA);
        assert_eq!(roles.list().await.unwrap().items.len(), 3);

        let updated = single(
            roles
                .update(
                    &sales,
                    RoleChanges::new()
                        .name("Head of Sales")
                        .description("Runs sales"),
                )
                .await,
        )
        .unwrap();
        assert_eq!(updated.details.id, sales);
        let role = roles.get(&sales).await.unwrap().items.remove(0);
        assert_eq!(role.name, "Head of Sales");
        assert_eq!(role.display_label, "Head of Sales");
        assert_eq!(role.description.as_deref(), Some("Runs sales"));

        let updated = single(
            roles
                .update_many(
                    RoleUpdate::new(&sales)
                        .reporting_to(id(MANAGER))
                        .share_with_peers(false),
                )
                .await,
        )
        .unwrap();
        assert_eq!(updated.details.id, sales);
        let role = roles.get(&sales).await.unwrap().items.remove(0);
        assert_eq!(role.reporting_to.unwrap().name, "Manager");
        assert!(!role.share_with_peers);
        assert_eq!(role.name, "Head of Sales", "keys left out keep their value");

        // The role's users and sub-roles move to the transfer target when it is deleted.
        let rep = single(
            roles
                .create(NewRole::new("Sales Rep").reporting_to(&sales))
                .await,
        )
        .unwrap()
        .details
        .id;
        let ava = single(
            client
                .users()
                .create(NewUser::new(
                    "Ava",
                    "ava.roles@zylker.example",
                    &sales,
                    id(STANDARD),
                ))
                .await,
        )
        .unwrap()
        .details
        .id;
        let deleted = single(roles.delete(&sales, &id(CEO)).await).unwrap();
        assert_eq!(deleted.details.id, sales);
        let request = last_logged(&mock, "DELETE", &format!("/settings/roles/{sales}"));
        assert_eq!(request.query_param("transfer_to_id"), Some(CEO));

        let gone = roles.get(&sales).await.unwrap();
        assert!(gone.items.is_empty(), "{gone:?}");
        assert_eq!(roles.list().await.unwrap().items.len(), 3);
        let rep = roles.get(&rep).await.unwrap().items.remove(0);
        assert_eq!(rep.reporting_to.unwrap().id.as_str(), CEO);
        let ava = client.users().get(&ava).await.unwrap().items.remove(0);
        assert_eq!(ava.role.id.as_str(), CEO);
        assert_eq!(ava.role.name, "CEO");
    }

    #[tokio::test]
    async fn role_errors_decode_to_their_variants() {
        let (mock, client) = start().await;
        let roles = client.roles();

        let e = api_error(single(roles.create(NewRole::new("ceo")).await));
        assert!(matches!(e, CreateRoleError::DuplicateData(_)), "{e:?}");
        assert_eq!(e.status(), 400);
        assert!(e.resolution().is_some());

        let e = api_error(single(roles.create(NewRole::new("R&D #1")).await));
        assert!(matches!(e, CreateRoleError::InvalidData(_)), "{e:?}");
        let e = api_error(single(
            roles
                .create(NewRole::new("Ghost Team").reporting_to(id(NOBODY)))
                .await,
        ));
        assert!(matches!(e, CreateRoleError::InvalidData(_)), "{e:?}");
        assert_eq!(
            e.body().details.get("api_name"),
            Some(&json!("reporting_to"))
        );

        let e = api_error(single(
            roles
                .update(&id(MANAGER), RoleChanges::new().name("CEO"))
                .await,
        ));
        assert!(matches!(e, UpdateRoleError::DuplicateData(_)), "{e:?}");
        let e = api_error(single(
            roles
                .update(&id(NOBODY), RoleChanges::new().name("Ghost"))
                .await,
        ));
        assert!(matches!(e, UpdateRoleError::InvalidData(_)), "{e:?}");

        let e = api_error(single(
            roles
                .update_many(RoleUpdate::new(NOBODY).name("Ghost"))
                .await,
        ));
        assert!(matches!(e, UpdateRolesError::InvalidData(_)), "{e:?}");
        let e = api_error(single(
            roles
                .update_many(RoleUpdate::new(MANAGER).name("Ceo"))
                .await,
        ));
        assert!(matches!(e, UpdateRolesError::DuplicateData(_)), "{e:?}");

        let e = api_error(single(roles.delete(&id(NOBODY), &id(CEO)).await));
        assert!(matches!(e, DeleteRoleError::InvalidData(_)), "{e:?}");
        let e = api_error(single(roles.delete(&id(MANAGER), &id(MANAGER)).await));
        assert!(matches!(e, DeleteRoleError::InvalidData(_)), "{e:?}");
        assert_eq!(
            roles.list().await.unwrap().items.len(),
            2,
            "nothing deleted"
        );

        // The client refuses more items than the endpoint takes; nothing is sent.
        let before = mock.requests().len();
        let two = vec![NewRole::new("One"), NewRole::new("Two")];
        let result = roles.create(two).await;
        assert!(
            matches!(
                result,
                Err(Error::TooManyItems {
                    max: 1,
                    given: 2,
                    ..
                })
            ),
            "{result:?}"
        );
        assert_eq!(mock.requests().len(), before);
    }

    #[tokio::test]
    async fn a_token_without_the_write_scope_is_refused_with_the_documented_error() {
        let mock = MockServer::builder()
            .token("1000.roles-read-only", &["ZohoCRM.settings.roles.READ"])
            .start()
            .await
            .unwrap();
        let reader = client_for(&mock, "1000.roles-read-only");
        assert_eq!(reader.roles().list().await.unwrap().items.len(), 2);
        let e = api_error(single(reader.roles().create(NewRole::new("Auditor")).await));
        assert!(matches!(e, CreateRoleError::OauthScopeMismatch(_)), "{e:?}");
        assert_eq!(e.status(), 401);
        assert_eq!(logged(&mock, "POST", "/settings/roles"), 1);
    }
}

// ---------------------------------------------------------------------------------------------
// Profiles
// ---------------------------------------------------------------------------------------------

mod profiles_family {
    use super::*;
    use zohocrm::profiles::{
        CloneProfileError, DeleteProfileError, GetProfilesParams, NewProfile, ProfileChanges,
        ProfileType, UpdateProfileError,
    };
    use zohocrm::users::NewUser;

    #[tokio::test]
    async fn profiles_are_cloned_renamed_and_deleted_moving_their_users() {
        let (mock, client) = start().await;
        let profiles = client.profiles();

        let all = profiles.list(GetProfilesParams::default()).await.unwrap();
        let names: BTreeSet<&str> = all.items.iter().filter_map(|p| p.name.as_deref()).collect();
        assert_eq!(names, BTreeSet::from(["Administrator", "Standard"]));
        assert!(all.items.iter().all(|p| !p.custom));
        assert!(all
            .items
            .iter()
            .all(|p| p.r#type == Some(ProfileType::NormalProfile)));
        let with_lite = profiles
            .list(GetProfilesParams::default().include_lite_profile(true))
            .await
            .unwrap();
        assert_eq!(with_lite.items.len(), 2);
        let request = last_logged(&mock, "GET", "/settings/profiles");
        assert_eq!(request.query_param("include_lite_profile"), Some("true"));

        let standard = profiles.get(&id(STANDARD)).await.unwrap().items.remove(0);
        assert_eq!(standard.id.as_ref().map(Id::as_str), Some(STANDARD));
        assert_eq!(standard.name.as_deref(), Some("Standard"));
        assert_eq!(standard.default, Some(true));

        let created = single(
            profiles
                .clone_profile(
                    &id(STANDARD),
                    NewProfile::new("Support Agent").description("Standard, for the support team"),
                )
                .await,
        )
        .unwrap();
        assert_eq!(created.code, "SUCCESS");
        let agent = created.details.id;
        let request = last_logged(
            &mock,
            "POST",
            &format!("/settings/profiles/{STANDARD}/actions/clone"),
        );
        assert_eq!(
            request.json().unwrap(),
            json!({"profiles": [{"name": "Support Agent", "description": "Standard, for the support team"}]})
        );

        let clone = profiles.get(&agent).await.unwrap().items.remove(0);
        assert_eq!(clone.name.as_deref(), Some("Support Agent"));
        assert_eq!(clone.display_label, "Support Agent");
        assert_eq!(
            clone.description.as_deref(),
            Some("Standard, for the support team")
        );
        assert!(clone.custom);
        assert_eq!(clone.default, Some(false));
        assert_eq!(clone.r#type, Some(ProfileType::NormalProfile));
        assert_eq!(clone.created_by.unwrap().id.as_str(), PATRICIA);
        assert_eq!(
            profiles.list(Default::default()).await.unwrap().items.len(),
            3
        );

        let updated = single(
            profiles
                .update(&agent, ProfileChanges::new("Support Team", []))
                .await,
        )
        .unwrap();
        assert_eq!(updated.details.id, agent);
        let renamed = profiles.get(&agent).await.unwrap().items.remove(0);
        assert_eq!(renamed.name.as_deref(), Some("Support Team"));
        assert_eq!(renamed.display_label, "Support Team");
        assert_eq!(renamed.modified_by.unwrap().id.as_str(), PATRICIA);

        // A user holding the profile moves to the transfer target when it is deleted.
        let sam = single(
            client
                .users()
                .create(NewUser::new(
                    "Sam",
                    "sam.profiles@zylker.example",
                    id(MANAGER),
                    &agent,
                ))
                .await,
        )
        .unwrap()
        .details
        .id;
        let user = client.users().get(&sam).await.unwrap().items.remove(0);
        assert_eq!(user.profile.name, "Support Team");

        let deleted = single(profiles.delete(&agent, &id(STANDARD)).await).unwrap();
        assert_eq!(deleted.details.id.as_ref(), Some(&agent));
        let request = last_logged(&mock, "DELETE", &format!("/settings/profiles/{agent}"));
        assert_eq!(request.query_param("transfer_to"), Some(STANDARD));
        assert!(profiles.get(&agent).await.unwrap().items.is_empty());
        assert_eq!(
            profiles.list(Default::default()).await.unwrap().items.len(),
            2
        );
        let user = client.users().get(&sam).await.unwrap().items.remove(0);
        assert_eq!(user.profile.id.as_str(), STANDARD);
        assert_eq!(user.profile.name, "Standard");
    }

    #[tokio::test]
    async fn profile_errors_decode_to_their_variants() {
        let (_mock, client) = start().await;
        let profiles = client.profiles();

        let e = api_error(single(
            profiles
                .clone_profile(&id(ADMINISTRATOR), NewProfile::new("standard"))
                .await,
        ));
        assert!(matches!(e, CloneProfileError::DuplicateData(_)), "{e:?}");
        assert_eq!(e.status(), 404, "as the clone page prints it");

        // An org has at most 25 profiles: two to start with, 23 clones, then the limit.
        for n in 1..=23 {
            let clone = NewProfile::new(format!("Clone {n}"));
            single(profiles.clone_profile(&id(STANDARD), clone).await).unwrap();
        }
        let e = api_error(single(
            profiles
                .clone_profile(&id(STANDARD), NewProfile::new("Clone 24"))
                .await,
        ));
        assert!(
            matches!(e, CloneProfileError::ProfileLimitExceeded(_)),
            "{e:?}"
        );
        assert_eq!(
            profiles.list(Default::default()).await.unwrap().items.len(),
            25
        );

        let e = api_error(single(profiles.delete(&id(NOBODY), &id(STANDARD)).await));
        assert!(matches!(e, DeleteProfileError::InvalidData(_)), "{e:?}");
        let e = api_error(single(profiles.delete(&id(STANDARD), &id(STANDARD)).await));
        assert!(matches!(e, DeleteProfileError::InvalidData(_)), "{e:?}");
        let e = api_error(single(profiles.delete(&id(STANDARD), &id(NOBODY)).await));
        assert!(matches!(e, DeleteProfileError::InvalidData(_)), "{e:?}");

        let e = api_error(single(
            profiles
                .update(&id(NOBODY), ProfileChanges::new("Ghost", []))
                .await,
        ));
        assert!(matches!(e, UpdateProfileError::InvalidData(_)), "{e:?}");
        assert_eq!(
            profiles.get(&id(STANDARD)).await.unwrap().items[0]
                .name
                .as_deref(),
            Some("Standard"),
            "nothing changed"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// User groups
// ---------------------------------------------------------------------------------------------

mod user_groups_family {
    use super::*;
    use zohocrm::user_groups::{
        CreateUserGroupError, DeleteUserGroupError, GetAssociatedGroupsOfUserError,
        GetAssociatedGroupsOfUserParams, GetAssociatedUsersCountError,
        GetAssociatedUsersCountParams, GetAssociationsError, GetSourcesCountError, GetSourcesError,
        GetSourcesParams, GetUserGroupsParams, NewUserGroup, Source, SourceChange, SourceRef,
        SourceType, SourceUserType, UpdateUserGroupError, UpdateUserGroupsError, UserGroupChanges,
        UserGroupUpdate,
    };

    fn group_names(groups: &[zohocrm::user_groups::UserGroup]) -> BTreeSet<String> {
        groups.iter().map(|g| g.name.clone()).collect()
    }

    fn names(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[tokio::test]
    async fn user_groups_take_their_members_from_their_sources() {
        let (mock, client) = start().await;
        let groups = client.user_groups();
        assert!(groups
            .list(Default::default())
            .await
            .unwrap()
            .items
            .is_empty());

        let created = single(
            groups
                .create(
                    NewUserGroup::new(
                        "Escalations",
                        [
                            Source::new(SourceType::Roles, SourceRef::new(MANAGER))
                                .subordinates(true),
                            Source::new(SourceType::Users, SourceRef::new(PATRICIA)),
                        ],
                    )
                    .description("Who handles escalated cases"),
                )
                .await,
        )
        .unwrap();
        let esc = created.details.id;
        let request = last_logged(&mock, "POST", "/settings/user_groups");
        assert_eq!(
            request.json().unwrap()["user_groups"][0]["sources"],
            json!([
                {"type": "roles", "source": {"id": MANAGER}, "subordinates": true},
                {"type": "users", "source": {"id": PATRICIA}}
            ])
        );

        let group = groups.get(&esc).await.unwrap().items.remove(0);
        assert_eq!(group.id, esc);
        assert_eq!(group.name, "Escalations");
        assert_eq!(
            group.description.as_deref(),
            Some("Who handles escalated cases")
        );
        assert_eq!(group.created_by.id.as_str(), PATRICIA);
        assert!(group.modified_by.is_none() && group.modified_time.is_none());
        assert!(group.sources.is_none() && group.sources_count.is_none());

        let page = groups.list(Default::default()).await.unwrap();
        let info = page.info.unwrap();
        assert_eq!((info.count, info.page, info.more_records), (1, 1, false));
        let counted = groups
            .list(GetUserGroupsParams::default().include("sources_count"))
            .await
            .unwrap();
        assert_eq!(
            counted.items[0].sources_count,
            Some(json!({"roles": 1, "users": 1}))
        );
        let by_name = groups
            .list(GetUserGroupsParams::default().name("Escalations"))
            .await
            .unwrap();
        assert_eq!(by_name.items.len(), 1);
        let none = groups
            .list(GetUserGroupsParams::default().name("Tier 3"))
            .await
            .unwrap();
        assert!(none.items.is_empty());
        let criteria =
            json!({"field": {"api_name": "name"}, "comparator": "starts_with", "value": "Esc"});
        let filtered = groups
            .list(GetUserGroupsParams::default().filters(criteria.to_string()))
            .await
            .unwrap();
        assert_eq!(group_names(&filtered.items), names(&["Escalations"]));

        let sources = groups
            .sources(&esc, Default::default())
            .await
            .unwrap()
            .items;
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[0].r#type, SourceType::Roles);
        assert_eq!(sources[0].source.id.as_str(), MANAGER);
        assert_eq!(sources[0].source.name.as_deref(), Some("Manager"));
        assert_eq!(sources[0].subordinates, Some(true));
        assert_eq!(sources[1].r#type, SourceType::Users);
        assert_eq!(sources[1].source.name.as_deref(), Some("Patricia Boyle"));
        let users_only = groups
            .sources(&esc, GetSourcesParams::default().r#type(SourceType::Users))
            .await
            .unwrap()
            .items;
        assert_eq!(users_only.len(), 1);
        assert_eq!(users_only[0].source.id.as_str(), PATRICIA);
        let active = groups
            .sources(
                &esc,
                GetSourcesParams::default().user_type(SourceUserType::Active),
            )
            .await
            .unwrap()
            .items;
        assert_eq!(active.len(), 1);
        let request = last_logged(
            &mock,
            "GET",
            &format!("/settings/user_groups/{esc}/sources"),
        );
        assert_eq!(request.query_param("user_type"), Some("active"));

        let counts = groups.sources_count(&esc).await.unwrap().items.remove(0);
        assert_eq!(counts.roles, Some(1));
        assert_eq!(counts.territories, Some(0));
        assert_eq!(counts.groups, Some(0));
        let users = counts.users.unwrap();
        assert_eq!(
            (users.active, users.inactive, users.deleted),
            (Some(1), Some(0), Some(0))
        );

        // Deborah holds the Manager role; Patricia is named.
        let members = groups
            .associated_users_count(Default::default())
            .await
            .unwrap()
            .items;
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].user_group.id, esc);
        assert_eq!(members[0].count, 2);
        for user in [DEBORAH, PATRICIA] {
            let of_user = groups.of_user(&id(user), Default::default()).await.unwrap();
            assert_eq!(
                group_names(&of_user.items),
                names(&["Escalations"]),
                "{user}"
            );
        }
        assert!(groups.associations(&esc).await.unwrap().items.is_empty());

        // Patricia's source goes, New York's comes; Patricia is a member again once she joins
        // New York.
        let updated = single(
            groups
                .update(
                    &esc,
                    UserGroupChanges::new(
                        "Escalations Team",
                        [
                            SourceChange::new(SourceType::Users, SourceRef::new(PATRICIA))
                                .delete(true),
                            SourceChange::new(SourceType::Territories, SourceRef::new(NEW_YORK)),
                        ],
                    ),
                )
                .await,
        )
        .unwrap();
        assert_eq!(updated.details.id, esc);
        let group = groups.get(&esc).await.unwrap().items.remove(0);
        assert_eq!(group.name, "Escalations Team");
        assert_eq!(group.modified_by.unwrap().id.as_str(), PATRICIA);
        assert!(group.modified_time.is_some());
        let sources = groups
            .sources(&esc, Default::default())
            .await
            .unwrap()
            .items;
        let kinds: Vec<(SourceType, &str)> = sources
            .iter()
            .map(|s| (s.r#type.clone(), s.source.id.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (SourceType::Roles, MANAGER),
                (SourceType::Territories, NEW_YORK)
            ]
        );
        assert_eq!(sources[1].source.name.as_deref(), Some("New York"));
        let of_patricia = groups
            .of_user(&id(PATRICIA), Default::default())
            .await
            .unwrap();
        assert!(of_patricia.items.is_empty(), "{of_patricia:?}");
        single(
            client
                .territories()
                .add_user(&id(NEW_YORK), &id(PATRICIA))
                .await,
        )
        .unwrap();
        let of_patricia = groups
            .of_user(&id(PATRICIA), Default::default())
            .await
            .unwrap();
        assert_eq!(
            group_names(&of_patricia.items),
            names(&["Escalations Team"])
        );

        let updated = single(
            groups
                .update_many(
                    UserGroupUpdate::new(&esc, "Escalations Team", [])
                        .description("Second line support"),
                )
                .await,
        )
        .unwrap();
        assert_eq!(updated.details.id, esc);
        let group = groups.get(&esc).await.unwrap().items.remove(0);
        assert_eq!(group.description.as_deref(), Some("Second line support"));
        assert_eq!(
            groups
                .sources(&esc, Default::default())
                .await
                .unwrap()
                .items
                .len(),
            2,
            "no source given, none changed"
        );

        // A group drawing on the first: its members are the first group's.
        let tier2 = single(
            groups
                .create(NewUserGroup::new(
                    "Tier 2",
                    [Source::new(SourceType::Groups, SourceRef::new(&esc))],
                ))
                .await,
        )
        .unwrap()
        .details
        .id;

        let all = groups
            .list_pages(GetUserGroupsParams::default().per_page(1))
            .all()
            .await
            .unwrap();
        assert_eq!(group_names(&all), names(&["Escalations Team", "Tier 2"]));
        let pages: Vec<Option<String>> = mock
            .requests()
            .iter()
            .filter(|r| r.path == "/crm/v7/settings/user_groups" && r.method == "GET")
            .filter(|r| r.query_param("per_page") == Some("1"))
            .map(|r| r.query_param("page").map(str::to_owned))
            .collect();
        assert_eq!(pages, [Some("1".into()), Some("2".into())]);

        let of_deborah = groups
            .of_user_pages(
                &id(DEBORAH),
                GetAssociatedGroupsOfUserParams::default().per_page(1),
            )
            .all()
            .await
            .unwrap();
        assert_eq!(
            group_names(&of_deborah),
            names(&["Escalations Team", "Tier 2"])
        );
        let request = last_logged(
            &mock,
            "GET",
            &format!("/users/{DEBORAH}/actions/associated_groups"),
        );
        assert_eq!(request.query_param("per_page"), Some("1"));

        let counts = groups
            .associated_users_count_pages(GetAssociatedUsersCountParams::default().per_page(1))
            .all()
            .await
            .unwrap();
        assert_eq!(counts.len(), 2);
        assert!(counts.iter().all(|c| c.count == 2), "{counts:?}");
        let walked = groups
            .sources_pages(&esc, GetSourcesParams::default().per_page(1))
            .all()
            .await
            .unwrap();
        assert_eq!(walked.len(), 2);

        let deleted = single(groups.delete(&tier2).await).unwrap();
        assert_eq!(deleted.details.id.as_ref(), Some(&tier2));
        assert_eq!(
            logged(&mock, "DELETE", &format!("/settings/user_groups/{tier2}")),
            1
        );
        assert!(groups.get(&tier2).await.unwrap().items.is_empty());
        let of_deborah = groups
            .of_user(&id(DEBORAH), Default::default())
            .await
            .unwrap();
        assert_eq!(group_names(&of_deborah.items), names(&["Escalations Team"]));
    }

    #[tokio::test]
    async fn user_group_errors_decode_to_their_variants() {
        let (mock, client) = start().await;
        let groups = client.user_groups();
        let esc = single(
            groups
                .create(NewUserGroup::new(
                    "Escalations",
                    [Source::new(SourceType::Users, SourceRef::new(DEBORAH))],
                ))
                .await,
        )
        .unwrap()
        .details
        .id;

        let e = api_error(single(
            groups
                .create(NewUserGroup::new(
                    "ESCALATIONS",
                    [Source::new(SourceType::Users, SourceRef::new(PATRICIA))],
                ))
                .await,
        ));
        assert!(matches!(e, CreateUserGroupError::DuplicateData(_)), "{e:?}");
        let e = api_error(single(
            groups
                .create(NewUserGroup::new(
                    "Night Shift",
                    [Source::new(SourceType::Roles, SourceRef::new(NOBODY))],
                ))
                .await,
        ));
        assert!(matches!(e, CreateUserGroupError::InvalidData(_)), "{e:?}");
        assert_eq!(e.message(), "The role or territory ID is invalid.");
        let e = api_error(groups.create(Vec::<NewUserGroup>::new()).await);
        assert!(matches!(e, CreateUserGroupError::InvalidData(_)), "{e:?}");

        let changes = UserGroupChanges::new(
            "Escalations",
            [SourceChange::new(
                SourceType::Territories,
                SourceRef::new(NOBODY),
            )],
        );
        let e = api_error(single(groups.update(&esc, changes).await));
        assert!(matches!(e, UpdateUserGroupError::InvalidData(_)), "{e:?}");
        let e = api_error(single(
            groups
                .update(&id(NOBODY), UserGroupChanges::new("Ghosts", []))
                .await,
        ));
        assert!(matches!(e, UpdateUserGroupError::InvalidData(_)), "{e:?}");
        assert_eq!(e.message(), "The user group ID is invalid.");
        let e = api_error(single(
            groups
                .update_many(UserGroupUpdate::new(NOBODY, "Ghosts", []))
                .await,
        ));
        assert!(matches!(e, UpdateUserGroupsError::InvalidData(_)), "{e:?}");

        let e = api_error(single(groups.delete(&id(NOBODY)).await));
        assert!(matches!(e, DeleteUserGroupError::InvalidData(_)), "{e:?}");
        let e = api_error(groups.sources(&id(NOBODY), Default::default()).await);
        assert!(matches!(e, GetSourcesError::InvalidData(_)), "{e:?}");
        let e = api_error(groups.sources_count(&id(NOBODY)).await);
        assert!(matches!(e, GetSourcesCountError::InvalidData(_)), "{e:?}");
        let e = api_error(groups.associations(&id(NOBODY)).await);
        assert!(matches!(e, GetAssociationsError::InvalidData(_)), "{e:?}");
        let e = api_error(groups.of_user(&id(NOBODY), Default::default()).await);
        assert!(
            matches!(e, GetAssociatedGroupsOfUserError::InvalidData(_)),
            "{e:?}"
        );
        let e = api_error(
            groups
                .associated_users_count(
                    GetAssociatedUsersCountParams::default().filters("name=Esc"),
                )
                .await,
        );
        assert!(
            matches!(e, GetAssociatedUsersCountError::InvalidData(_)),
            "{e:?}"
        );
        assert_eq!(e.body().details.get("param_name"), Some(&json!("filters")));
        assert!(
            groups.get(&id(NOBODY)).await.unwrap().items.is_empty(),
            "an unknown group is a 204"
        );

        // Out-of-range paging is refused before sending.
        let before = mock.requests().len();
        let result = groups
            .of_user(
                &id(DEBORAH),
                GetAssociatedGroupsOfUserParams::default().per_page(201),
            )
            .await;
        assert!(matches!(result, Err(Error::Request { .. })), "{result:?}");
        assert_eq!(mock.requests().len(), before);

        let group = groups.get(&esc).await.unwrap().items.remove(0);
        assert_eq!(group.name, "Escalations", "nothing changed");
    }
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

mod users_family {
    use super::*;
    use zohocrm::users::{
        AddOrUpdateTerritoriesOfAUserError, AddUserError, DeleteUserError, GetUsersParams, NewUser,
        RemoveTerritoryFromUserError, TransferRecordsAndDeleteUserError,
        TransferRecordsAndDeleteUsersError, UpdateUserError, UpdateUsersError, User, UserChanges,
        UserSubordinateTarget, UserTerritoryLink, UserTransferAndDelete, UserTransferAndDeleteById,
        UserTransferAndDeleteJobStatus, UserTransferTarget, UserType, UserUpdate, UsersCountParams,
    };

    fn full_names(users: &[User]) -> Vec<&str> {
        users.iter().map(|u| u.full_name.as_str()).collect()
    }

    async fn get_user(client: &Client, user: &Id) -> User {
        client.users().get(user).await.unwrap().items.remove(0)
    }

    #[tokio::test]
    async fn users_are_added_changed_counted_and_deleted() {
        let (mock, client) = start().await;
        let users = client.users();

        let page = users.list(Default::default()).await.unwrap();
        assert_eq!(full_names(&page.items), ["Patricia Boyle", "Deborah Gill"]);
        let info = page.info.unwrap();
        assert_eq!((info.count, info.page, info.more_records), (2, 1, false));
        assert_eq!(page.items[0].role.name, "CEO");
        assert_eq!(page.items[0].profile.name, "Administrator");
        let admins = users
            .list(GetUsersParams::default().r#type(UserType::AdminUsers))
            .await
            .unwrap();
        assert_eq!(full_names(&admins.items), ["Patricia Boyle"]);
        let me = users
            .list(GetUsersParams::default().r#type(UserType::CurrentUser))
            .await
            .unwrap();
        assert_eq!(me.items[0].id.as_str(), PATRICIA);
        let by_id = users
            .list(GetUsersParams::default().ids([id(DEBORAH)]))
            .await
            .unwrap();
        assert_eq!(full_names(&by_id.items), ["Deborah Gill"]);
        assert_eq!(users.count(Default::default()).await.unwrap().count, 2);
        let admin_count = users
            .count(UsersCountParams::default().r#type(UserType::AdminUsers))
            .await
            .unwrap();
        assert_eq!(admin_count.count, 1);
        let request = last_logged(&mock, "GET", "/users/actions/count");
        assert_eq!(request.query_param("type"), Some("AdminUsers"));

        let created = single(
            users
                .create(
                    NewUser::new("Ava", "ava.lee@zylker.example", id(MANAGER), id(STANDARD))
                        .last_name("Lee")
                        .phone("+1 555 0100")
                        .city("Boston"),
                )
                .await,
        )
        .unwrap();
        let ava = created.details.id;
        let request = last_logged(&mock, "POST", "/users");
        assert_eq!(
            request.json().unwrap(),
            json!({"users": [{
                "first_name": "Ava",
                "email": "ava.lee@zylker.example",
                "role": MANAGER,
                "profile": STANDARD,
                "last_name": "Lee",
                "phone": "+1 555 0100",
                "city": "Boston"
            }]})
        );
        let user = get_user(&client, &ava).await;
        assert_eq!(user.full_name, "Ava Lee");
        assert_eq!(user.email, "ava.lee@zylker.example");
        assert_eq!(user.role.name, "Manager");
        assert_eq!(user.profile.name, "Standard");
        assert_eq!(user.status, "active");
        assert!(!user.confirm);
        assert_eq!(user.phone.as_deref(), Some("+1 555 0100"));
        assert_eq!(user.created_by.id.as_str(), PATRICIA);
        assert_eq!(users.count(Default::default()).await.unwrap().count, 3);

        let updated = single(
            users
                .update(
                    &ava,
                    UserChanges::new()
                        .last_name("Lee-Smith")
                        .mobile("+1 555 0199"),
                )
                .await,
        )
        .unwrap();
        assert_eq!(updated.details.id, ava);
        let user = get_user(&client, &ava).await;
        assert_eq!(user.full_name, "Ava Lee-Smith");
        assert_eq!(user.mobile.as_deref(), Some("+1 555 0199"));
        assert_eq!(
            user.city.as_deref(),
            Some("Boston"),
            "keys left out keep their value"
        );

        let updated = single(
            users
                .update_many(
                    UserUpdate::new(&ava)
                        .role(id(CEO))
                        .profile(id(ADMINISTRATOR)),
                )
                .await,
        )
        .unwrap();
        assert_eq!(updated.details.id, ava);
        let user = get_user(&client, &ava).await;
        assert_eq!(
            (user.role.name.as_str(), user.profile.name.as_str()),
            ("CEO", "Administrator")
        );
        let admins = users
            .list(GetUsersParams::default().r#type(UserType::AdminUsers))
            .await
            .unwrap();
        assert_eq!(
            full_names(&admins.items),
            ["Patricia Boyle", "Ava Lee-Smith"]
        );

        single(
            users
                .update(&ava, UserChanges::new().status("inactive"))
                .await,
        )
        .unwrap();
        assert_eq!(get_user(&client, &ava).await.status, "inactive");
        let inactive = users
            .list(GetUsersParams::default().r#type(UserType::DeactiveUsers))
            .await
            .unwrap();
        assert_eq!(full_names(&inactive.items), ["Ava Lee-Smith"]);
        let active = users
            .count(UsersCountParams::default().r#type(UserType::ActiveUsers))
            .await
            .unwrap();
        assert_eq!(active.count, 2);
        single(
            users
                .update(&ava, UserChanges::new().status("active"))
                .await,
        )
        .unwrap();

        let everyone = users
            .list_pages(GetUsersParams::default().per_page(1))
            .all()
            .await
            .unwrap();
        assert_eq!(
            full_names(&everyone),
            ["Patricia Boyle", "Deborah Gill", "Ava Lee-Smith"]
        );
        let pages: Vec<Option<String>> = mock
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path == "/crm/v7/users")
            .filter(|r| r.query_param("per_page") == Some("1"))
            .map(|r| r.query_param("page").map(str::to_owned))
            .collect();
        assert_eq!(
            pages,
            [Some("1".into()), Some("2".into()), Some("3".into())]
        );

        // The territories of a user are the users of a territory, seen from the other side.
        let added = users
            .add_territories(
                &ava,
                [
                    UserTerritoryLink::new(NEW_YORK),
                    UserTerritoryLink::new(ZYLKER),
                ],
            )
            .await
            .unwrap();
        assert!(added.all_succeeded());
        let ids: Vec<&str> = added
            .successes()
            .map(|(_, s)| s.details.id.as_str())
            .collect();
        assert_eq!(ids, [NEW_YORK, ZYLKER]);
        let request = last_logged(&mock, "PUT", &format!("/users/{ava}/territories"));
        assert_eq!(
            request.json().unwrap(),
            json!({"territories": [{"id": NEW_YORK}, {"id": ZYLKER}]})
        );
        let mine = users.territories(&ava).await.unwrap().items;
        assert_eq!(mine.len(), 2);
        let zylker = mine.iter().find(|t| t.id == Some(id(ZYLKER))).unwrap();
        assert_eq!(zylker.name.as_deref(), Some("Zylker"));
        assert!(zylker.reporting_to.is_none());
        let new_york = users
            .territory(&ava, &id(NEW_YORK))
            .await
            .unwrap()
            .items
            .remove(0);
        assert_eq!(new_york.name.as_deref(), Some("New York"));
        assert_eq!(
            new_york.manager.unwrap().name.as_deref(),
            Some("Deborah Gill")
        );
        assert_eq!(
            new_york.reporting_to.unwrap().id.as_ref().map(Id::as_str),
            Some(ZYLKER)
        );
        let members = client.territories().users(&id(NEW_YORK)).await.unwrap();
        assert_eq!(members.items.len(), 1);
        assert_eq!(members.items[0].id, ava);

        let removed = single(users.remove_territory(&ava, &id(NEW_YORK)).await).unwrap();
        assert_eq!(removed.details.id.as_str(), NEW_YORK);
        assert_eq!(
            logged(
                &mock,
                "DELETE",
                &format!("/users/{ava}/territories/{NEW_YORK}")
            ),
            1
        );
        assert!(users
            .territory(&ava, &id(NEW_YORK))
            .await
            .unwrap()
            .items
            .is_empty());
        assert!(client
            .territories()
            .users(&id(NEW_YORK))
            .await
            .unwrap()
            .items
            .is_empty());
        let removed = single(users.remove_territories(&ava, &[id(ZYLKER)]).await).unwrap();
        assert_eq!(removed.details.id.as_str(), ZYLKER);
        let request = last_logged(&mock, "DELETE", &format!("/users/{ava}/territories"));
        assert_eq!(request.query_param("ids"), Some(ZYLKER));
        assert!(users.territories(&ava).await.unwrap().items.is_empty());

        let deleted = single(users.delete(&ava).await).unwrap();
        assert_eq!(deleted.code, "SUCCESS");
        assert_eq!(logged(&mock, "DELETE", &format!("/users/{ava}")), 1);
        assert!(users.get(&ava).await.unwrap().items.is_empty());
        assert_eq!(users.count(Default::default()).await.unwrap().count, 2);
    }

    #[tokio::test]
    async fn transfer_and_delete_hands_over_subordinates_and_records_a_job() {
        let (mock, client) = start().await;
        let users = client.users();
        let ben = single(
            users
                .create(
                    NewUser::new("Ben", "ben.ortiz@zylker.example", id(MANAGER), id(STANDARD))
                        .last_name("Ortiz"),
                )
                .await,
        )
        .unwrap()
        .details
        .id;
        // No request type sets `Reporting_To`: the subordinate is seeded.
        let carl = Id::from(
            mock.insert(
                "users",
                json!({
                    "first_name": "Carl",
                    "last_name": "Diaz",
                    "email": "carl.diaz@zylker.example",
                    "role": MANAGER,
                    "profile": STANDARD,
                    "Reporting_To": {"id": ben.as_str(), "name": "Ben Ortiz"}
                }),
            )
            .unwrap(),
        );
        assert_eq!(get_user(&client, &carl).await.reporting_to.unwrap().id, ben);
        single(
            users
                .add_territories(&ben, UserTerritoryLink::new(NEW_YORK))
                .await,
        )
        .unwrap();

        let scheduled = single(
            users
                .transfer_and_delete(
                    &ben,
                    UserTransferAndDeleteById::new()
                        .transfer(UserTransferTarget::new(PATRICIA, true, true, false))
                        .move_subordinate(UserSubordinateTarget::new(DEBORAH)),
                )
                .await,
        )
        .unwrap();
        assert_eq!(scheduled.details.id, ben);
        let request = last_logged(
            &mock,
            "POST",
            &format!("/users/{ben}/actions/transfer_and_delete"),
        );
        assert_eq!(
            request.json().unwrap(),
            json!({"transfer_and_delete": [{
                "transfer": {"id": PATRICIA, "records": true, "assignment": true, "criteria": false},
                "move_subordinate": {"id": DEBORAH}
            }]})
        );
        let job = users
            .transfer_and_delete_status(&scheduled.details.jobid)
            .await
            .unwrap();
        assert_eq!(job.items.len(), 1);
        assert_eq!(
            job.items[0].status,
            UserTransferAndDeleteJobStatus::Completed
        );
        let request = last_logged(&mock, "GET", "/users/actions/transfer_and_delete");
        assert_eq!(
            request.query_param("job_id"),
            Some(scheduled.details.jobid.as_str())
        );
        assert!(users.get(&ben).await.unwrap().items.is_empty());
        let carl_now = get_user(&client, &carl).await;
        assert_eq!(carl_now.reporting_to.unwrap().id.as_str(), DEBORAH);
        assert!(
            client
                .territories()
                .users(&id(NEW_YORK))
                .await
                .unwrap()
                .items
                .is_empty(),
            "a deleted user leaves its territories"
        );

        let scheduled = single(
            users
                .transfer_and_delete_many(
                    UserTransferAndDelete::new(&carl)
                        .transfer(UserTransferTarget::new(DEBORAH, true, false, false)),
                )
                .await,
        )
        .unwrap();
        assert_eq!(scheduled.details.id, carl);
        let job = users
            .transfer_and_delete_status(&scheduled.details.jobid)
            .await
            .unwrap()
            .items
            .remove(0);
        assert_eq!(job.status, UserTransferAndDeleteJobStatus::Completed);
        assert!(users.get(&carl).await.unwrap().items.is_empty());
        assert_eq!(users.count(Default::default()).await.unwrap().count, 2);
    }

    #[tokio::test]
    async fn user_errors_decode_to_their_variants() {
        let (mock, client) = start().await;
        let users = client.users();

        let e = api_error(single(
            users
                .create(NewUser::new(
                    "Pat",
                    "PATRICIA.BOYLE@zylker.example",
                    id(MANAGER),
                    id(STANDARD),
                ))
                .await,
        ));
        assert!(matches!(e, AddUserError::DuplicateData(_)), "{e:?}");
        let e = api_error(single(
            users
                .create(NewUser::new(
                    "Zed",
                    "zed@zylker.example",
                    id(NOBODY),
                    id(STANDARD),
                ))
                .await,
        ));
        assert!(matches!(e, AddUserError::InvalidData(_)), "{e:?}");
        assert_eq!(e.body().details.get("api_name"), Some(&json!("role")));

        let taken = "patricia.boyle@zylker.example";
        let e = api_error(single(
            users
                .update(&id(DEBORAH), UserChanges::new().email(taken))
                .await,
        ));
        assert!(matches!(e, UpdateUserError::DuplicateData(_)), "{e:?}");
        let e = api_error(single(
            users
                .update_many(UserUpdate::new(DEBORAH).email(taken))
                .await,
        ));
        assert!(matches!(e, UpdateUsersError::DuplicateData(_)), "{e:?}");
        let e = api_error(single(
            users
                .update_many(UserUpdate::new(NOBODY).city("Nowhere"))
                .await,
        ));
        assert!(matches!(e, UpdateUsersError::InvalidData(_)), "{e:?}");

        let e = api_error(single(users.delete(&id(NOBODY)).await));
        assert!(matches!(e, DeleteUserError::InvalidData(_)), "{e:?}");

        let e = api_error(single(
            users
                .transfer_and_delete(
                    &id(PATRICIA),
                    UserTransferAndDeleteById::new()
                        .move_subordinate(UserSubordinateTarget::new(DEBORAH)),
                )
                .await,
        ));
        assert!(
            matches!(e, TransferRecordsAndDeleteUserError::NotAllowed(_)),
            "{e:?}"
        );
        assert_eq!(
            e.message(),
            "The user you are trying to delete is the super admin of the org."
        );
        let e = api_error(single(
            users
                .transfer_and_delete(&id(DEBORAH), UserTransferAndDeleteById::new())
                .await,
        ));
        assert!(
            matches!(
                e,
                TransferRecordsAndDeleteUserError::ExpectedFieldMissing(_)
            ),
            "{e:?}"
        );
        let e = api_error(single(
            users
                .transfer_and_delete(
                    &id(DEBORAH),
                    UserTransferAndDeleteById::new()
                        .transfer(UserTransferTarget::new(NOBODY, true, true, true)),
                )
                .await,
        ));
        assert!(
            matches!(e, TransferRecordsAndDeleteUserError::InvalidData(_)),
            "{e:?}"
        );
        let e = api_error(single(
            users
                .transfer_and_delete(
                    &id(NOBODY),
                    UserTransferAndDeleteById::new()
                        .transfer(UserTransferTarget::new(PATRICIA, true, true, true)),
                )
                .await,
        ));
        assert!(
            matches!(e, TransferRecordsAndDeleteUserError::InvalidData(_)),
            "{e:?}"
        );
        let e = api_error(single(
            users
                .transfer_and_delete_many(
                    UserTransferAndDelete::new(NOBODY)
                        .move_subordinate(UserSubordinateTarget::new(PATRICIA)),
                )
                .await,
        ));
        assert!(
            matches!(e, TransferRecordsAndDeleteUsersError::InvalidData(_)),
            "{e:?}"
        );
        let e = api_error(single(
            users
                .transfer_and_delete_many(UserTransferAndDelete::new(DEBORAH))
                .await,
        ));
        assert!(
            matches!(
                e,
                TransferRecordsAndDeleteUsersError::ExpectedFieldMissing(_)
            ),
            "{e:?}"
        );
        // Subordinates cannot move to one of themselves.
        let eve = mock
            .insert(
                "users",
                json!({
                    "first_name": "Eve",
                    "email": "eve@zylker.example",
                    "role": MANAGER,
                    "profile": STANDARD,
                    "Reporting_To": {"id": DEBORAH, "name": "Deborah Gill"}
                }),
            )
            .unwrap();
        let e = api_error(single(
            users
                .transfer_and_delete_many(
                    UserTransferAndDelete::new(DEBORAH)
                        .move_subordinate(UserSubordinateTarget::new(eve.as_str())),
                )
                .await,
        ));
        assert!(
            matches!(e, TransferRecordsAndDeleteUsersError::NotAllowed(_)),
            "{e:?}"
        );
        assert!(
            users
                .transfer_and_delete_status(&id(NOBODY))
                .await
                .unwrap()
                .items
                .is_empty(),
            "an unknown job is a 204"
        );

        // The spec lists no errors for the territories of a user (the page gives no messages):
        // the codes arrive as `Unknown`, with the server's code.
        single(
            users
                .add_territories(&id(DEBORAH), UserTerritoryLink::new(NEW_YORK))
                .await,
        )
        .unwrap();
        let e = api_error(single(
            users
                .add_territories(&id(DEBORAH), UserTerritoryLink::new(NEW_YORK))
                .await,
        ));
        assert!(
            matches!(e, AddOrUpdateTerritoriesOfAUserError::Unknown(_)),
            "{e:?}"
        );
        assert_eq!(e.code(), "DUPLICATE_DATA");
        let e = api_error(single(
            users.remove_territory(&id(DEBORAH), &id(ZYLKER)).await,
        ));
        assert!(
            matches!(e, RemoveTerritoryFromUserError::Unknown(_)),
            "{e:?}"
        );
        assert_eq!(e.code(), "INVALID_DATA");

        // Arguments outside the documented limits are refused before sending.
        let before = mock.requests().len();
        let many: Vec<Id> = (0..101u64)
            .map(|n| Id::from(3652397000000300000 + n))
            .collect();
        let result = users.list(GetUsersParams::default().ids(many)).await;
        assert!(
            matches!(
                result,
                Err(Error::TooManyItems {
                    max: 100,
                    given: 101,
                    ..
                })
            ),
            "{result:?}"
        );
        let result = users.list(GetUsersParams::default().per_page(0)).await;
        assert!(matches!(result, Err(Error::Request { .. })), "{result:?}");
        assert_eq!(mock.requests().len(), before);

        assert_eq!(users.count(Default::default()).await.unwrap().count, 3);
        assert_eq!(
            get_user(&client, &id(DEBORAH)).await.email,
            "deborah.gill@zylker.example"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Territories
// ---------------------------------------------------------------------------------------------

mod territories_family {
    use super::*;
    use zohocrm::territories::{
        AddTerritoriesError, AssociateUserWithTerritoryError, AssociateUsersWithTerritoryError,
        DeleteTerritoriesError, DeleteTerritoryError, DisassociateUserFromTerritoryError,
        DisassociateUsersFromTerritoryError, GetChildTerritoriesParams, GetTerritoriesParams,
        NewTerritory, Territory, TerritoryChanges, TerritoryPermissionType, TerritoryRef,
        TerritoryTransfer, TerritoryTransferOptions, TerritoryUpdate, TerritoryUserRef,
        TransferAndDeleteTerritoriesError, TransferAndDeleteTerritoryError, UpdateTerritoriesError,
        UpdateTerritoryError,
    };
    use zohocrm::users::UserChanges;

    fn territory_names(territories: &[Territory]) -> BTreeSet<String> {
        territories.iter().map(|t| t.name.clone()).collect()
    }

    fn names(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn below(name: &str, parent: &str) -> NewTerritory {
        NewTerritory::new(
            name,
            TerritoryRef::new(parent),
            TerritoryPermissionType::ReadOnly,
        )
    }

    async fn get(client: &Client, territory: &Id) -> Territory {
        client
            .territories()
            .get(territory)
            .await
            .unwrap()
            .items
            .remove(0)
    }

    #[tokio::test]
    async fn territories_form_a_hierarchy_with_members() {
        let (mock, client) = start().await;
        let territories = client.territories();

        let page = territories.list(Default::default()).await.unwrap();
        assert_eq!(territory_names(&page.items), names(&["Zylker", "New York"]));
        assert!(page.info.is_some());
        let zylker = get(&client, &id(ZYLKER)).await;
        assert!(zylker.reporting_to.is_none());
        assert_eq!(zylker.manager.unwrap().id.as_str(), PATRICIA);
        assert_eq!(
            zylker.permission_type,
            TerritoryPermissionType::ReadWriteDelete
        );

        let created = single(
            territories
                .create(
                    below("Boston", ZYLKER)
                        .manager(TerritoryUserRef::new(DEBORAH))
                        .description("New England accounts"),
                )
                .await,
        )
        .unwrap();
        let boston = created.details.id;
        let request = last_logged(&mock, "POST", "/settings/territories");
        assert_eq!(
            request.json().unwrap(),
            json!({"territories": [{
                "name": "Boston",
                "reporting_to": {"id": ZYLKER},
                "manager": {"id": DEBORAH},
                "permission_type": "read_only",
                "description": "New England accounts"
            }]})
        );
        let territory = get(&client, &boston).await;
        assert_eq!(territory.name, "Boston");
        assert_eq!(
            territory.description.as_deref(),
            Some("New England accounts")
        );
        assert_eq!(territory.permission_type, TerritoryPermissionType::ReadOnly);
        assert_eq!(territory.manager.unwrap().name, "Deborah Gill");
        assert_eq!(territory.reporting_to.unwrap().name, "Zylker");
        assert_eq!(territory.created_by.id.as_str(), PATRICIA);

        let created = territories
            .create(vec![below("Brooklyn", NEW_YORK), below("Queens", NEW_YORK)])
            .await
            .unwrap();
        assert!(created.all_succeeded());
        let ids: Vec<Id> = created.into_iter().map(|r| r.unwrap().details.id).collect();
        let (brooklyn, queens) = (ids[0].clone(), ids[1].clone());

        let children = territories
            .children(&id(NEW_YORK), Default::default())
            .await
            .unwrap();
        assert_eq!(
            territory_names(&children.items),
            names(&["Brooklyn", "Queens"])
        );
        let criteria =
            json!({"field": {"api_name": "name"}, "comparator": "equal", "value": "Queens"});
        let filtered = territories
            .children(
                &id(NEW_YORK),
                GetChildTerritoriesParams::default().filters(criteria.to_string()),
            )
            .await
            .unwrap();
        assert_eq!(territory_names(&filtered.items), names(&["Queens"]));
        let walked = territories
            .children_pages(
                &id(NEW_YORK),
                GetChildTerritoriesParams::default().per_page(1),
            )
            .all()
            .await
            .unwrap();
        assert_eq!(territory_names(&walked), names(&["Brooklyn", "Queens"]));

        let all = territories
            .list_pages(GetTerritoriesParams::default().per_page(2))
            .all()
            .await
            .unwrap();
        assert_eq!(
            territory_names(&all),
            names(&["Zylker", "New York", "Boston", "Brooklyn", "Queens"])
        );
        let pages: Vec<Option<String>> = mock
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path == "/crm/v7/settings/territories")
            .filter(|r| r.query_param("per_page") == Some("2"))
            .map(|r| r.query_param("page").map(str::to_owned))
            .collect();
        assert_eq!(
            pages,
            [Some("1".into()), Some("2".into()), Some("3".into())]
        );
        let two = territories
            .list(GetTerritoriesParams::default().ids([boston.clone(), id(NEW_YORK)]))
            .await
            .unwrap();
        assert_eq!(territory_names(&two.items), names(&["Boston", "New York"]));
        let criteria =
            json!({"field": {"api_name": "name"}, "comparator": "starts_with", "value": "B"});
        let starting_with_b = territories
            .list(GetTerritoriesParams::default().filters(criteria.to_string()))
            .await
            .unwrap();
        assert_eq!(
            territory_names(&starting_with_b.items),
            names(&["Boston", "Brooklyn"])
        );

        let updated = single(
            territories
                .update(
                    &boston,
                    TerritoryChanges::new()
                        .name("Greater Boston")
                        .permission_type(TerritoryPermissionType::ReadWriteDelete)
                        .clear_manager(),
                )
                .await,
        )
        .unwrap();
        assert_eq!(updated.details.id, boston);
        let request = last_logged(&mock, "PUT", &format!("/settings/territories/{boston}"));
        assert_eq!(
            request.json().unwrap()["territories"][0]["manager"],
            json!(null)
        );
        let territory = get(&client, &boston).await;
        assert_eq!(territory.name, "Greater Boston");
        assert_eq!(
            territory.permission_type,
            TerritoryPermissionType::ReadWriteDelete
        );
        assert!(territory.manager.is_none());
        assert_eq!(
            territory.description.as_deref(),
            Some("New England accounts")
        );

        let updated = territories
            .update_many(vec![
                TerritoryUpdate::new(&boston).description("All of Massachusetts"),
                TerritoryUpdate::new(&queens).name("Queens County"),
            ])
            .await
            .unwrap();
        assert!(updated.all_succeeded());
        assert_eq!(
            get(&client, &boston).await.description.as_deref(),
            Some("All of Massachusetts")
        );
        assert_eq!(get(&client, &queens).await.name, "Queens County");

        // Members: seen from the territory, from the user, and in the counts.
        let added = single(territories.add_user(&boston, &id(DEBORAH)).await).unwrap();
        assert_eq!(added.details.id.as_str(), DEBORAH);
        assert_eq!(
            logged(
                &mock,
                "PUT",
                &format!("/settings/territories/{boston}/users/{DEBORAH}")
            ),
            1
        );
        let members = territories.users(&boston).await.unwrap().items;
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].id.as_str(), DEBORAH);
        assert_eq!(members[0].first_name, "Deborah");
        assert_eq!(members[0].category, "regular_user");
        assert_eq!(members[0].role.name, "Manager");
        let member = territories
            .user(&boston, &id(DEBORAH))
            .await
            .unwrap()
            .items
            .remove(0);
        assert_eq!(member.email, "deborah.gill@zylker.example");
        let of_deborah = client
            .users()
            .territories(&id(DEBORAH))
            .await
            .unwrap()
            .items;
        assert_eq!(of_deborah.len(), 1);
        assert_eq!(of_deborah[0].name.as_deref(), Some("Greater Boston"));

        let added = single(
            territories
                .add_users(&boston, TerritoryUserRef::new(PATRICIA))
                .await,
        )
        .unwrap();
        assert_eq!(added.details.id.as_str(), PATRICIA);
        let request = last_logged(
            &mock,
            "PUT",
            &format!("/settings/territories/{boston}/users"),
        );
        assert_eq!(
            request.json().unwrap(),
            json!({"users": [{"id": PATRICIA}]})
        );
        assert_eq!(territories.users(&boston).await.unwrap().items.len(), 2);
        let counts = territories.associated_users_count().await.unwrap().items;
        let count_of = |t: &str| {
            counts
                .iter()
                .find(|c| c.territory.id.as_str() == t)
                .map(|c| c.count.clone())
        };
        assert_eq!(count_of(boston.as_str()), Some(json!("2")));
        assert_eq!(count_of(ZYLKER), Some(json!("0")));

        let removed = single(territories.remove_user(&boston, &id(DEBORAH)).await).unwrap();
        assert_eq!(removed.details.id.as_str(), DEBORAH);
        assert!(territories
            .user(&boston, &id(DEBORAH))
            .await
            .unwrap()
            .items
            .is_empty());
        assert!(client
            .users()
            .territories(&id(DEBORAH))
            .await
            .unwrap()
            .items
            .is_empty());
        let removed = single(territories.remove_users(&boston, &[id(PATRICIA)]).await).unwrap();
        assert_eq!(removed.details.id.as_str(), PATRICIA);
        let request = last_logged(
            &mock,
            "DELETE",
            &format!("/settings/territories/{boston}/users"),
        );
        assert_eq!(request.query_param("ids"), Some(PATRICIA));
        assert!(territories.users(&boston).await.unwrap().items.is_empty());

        // Transfer and delete: the children report to the target afterwards.
        let deleted = single(
            territories
                .transfer_and_delete(&id(NEW_YORK), TerritoryTransferOptions::new(ZYLKER, false))
                .await,
        )
        .unwrap();
        assert_eq!(deleted.details.id.as_str(), NEW_YORK);
        let request = last_logged(
            &mock,
            "POST",
            &format!("/settings/territories/{NEW_YORK}/actions/transfer_and_delete"),
        );
        assert_eq!(
            request.json().unwrap(),
            json!({"territories": [{"transfer_to_id": ZYLKER, "delete_previous_forecasts": false}]})
        );
        assert!(territories
            .get(&id(NEW_YORK))
            .await
            .unwrap()
            .items
            .is_empty());
        let under_zylker = territories
            .children(&id(ZYLKER), Default::default())
            .await
            .unwrap();
        assert_eq!(
            territory_names(&under_zylker.items),
            names(&["Greater Boston", "Brooklyn", "Queens County"])
        );
        assert_eq!(
            get(&client, &brooklyn)
                .await
                .reporting_to
                .unwrap()
                .id
                .as_str(),
            ZYLKER
        );

        let cambridge = single(
            territories
                .create(below("Cambridge", boston.as_str()))
                .await,
        )
        .unwrap()
        .details
        .id;
        let somerville = single(
            territories
                .create(below("Somerville", cambridge.as_str()))
                .await,
        )
        .unwrap()
        .details
        .id;
        let deleted = single(
            territories
                .transfer_and_delete_many(TerritoryTransfer::new(&cambridge, &boston, true))
                .await,
        )
        .unwrap();
        assert_eq!(deleted.details.id, cambridge);
        assert!(territories.get(&cambridge).await.unwrap().items.is_empty());
        assert_eq!(
            get(&client, &somerville).await.reporting_to.unwrap().id,
            boston
        );

        let deleted = single(territories.delete(&somerville, false).await).unwrap();
        assert_eq!(deleted.details.id, somerville);
        let request = last_logged(
            &mock,
            "DELETE",
            &format!("/settings/territories/{somerville}"),
        );
        assert_eq!(
            request.query_param("delete_previous_forecasts"),
            Some("false")
        );
        assert!(territories.get(&somerville).await.unwrap().items.is_empty());

        let deleted = territories
            .delete_many(&[brooklyn.clone(), queens.clone()], true)
            .await
            .unwrap();
        assert!(deleted.all_succeeded());
        assert_eq!(deleted.len(), 2);
        let request = last_logged(&mock, "DELETE", "/settings/territories");
        assert_eq!(
            request.query_param("ids"),
            Some(format!("{brooklyn},{queens}").as_str())
        );
        let left = territories.list(Default::default()).await.unwrap();
        assert_eq!(
            territory_names(&left.items),
            names(&["Zylker", "Greater Boston"])
        );
    }

    #[tokio::test]
    async fn territory_errors_decode_to_their_variants() {
        let (mock, client) = start().await;
        let territories = client.territories();
        let brooklyn = single(territories.create(below("Brooklyn", NEW_YORK)).await)
            .unwrap()
            .details
            .id;

        let e = api_error(single(territories.create(below("new york", ZYLKER)).await));
        assert!(matches!(e, AddTerritoriesError::DuplicateData(_)), "{e:?}");
        let e = api_error(single(territories.create(below("R&D", ZYLKER)).await));
        assert!(matches!(e, AddTerritoriesError::InvalidData(_)), "{e:?}");
        let e = api_error(single(territories.create(below("Atlantis", NOBODY)).await));
        assert!(matches!(e, AddTerritoriesError::InvalidData(_)), "{e:?}");
        let e = api_error(single(
            territories
                .create(NewTerritory::new(
                    "Mars",
                    TerritoryRef::new(ZYLKER),
                    "read_write",
                ))
                .await,
        ));
        assert!(matches!(e, AddTerritoriesError::InvalidData(_)), "{e:?}");
        assert_eq!(e.message(), "The permission_type is invalid");
        let e = api_error(single(
            territories
                .create(below("Jersey", ZYLKER).manager(TerritoryUserRef::new(NOBODY)))
                .await,
        ));
        assert!(matches!(e, AddTerritoriesError::InvalidData(_)), "{e:?}");
        assert_eq!(e.message(), "The manager ID is invalid");

        // One call, one item each way: HTTP 207 and each result on its own.
        let mixed = territories
            .create(vec![below("Bronx", NEW_YORK), below("BRONX", NEW_YORK)])
            .await
            .unwrap();
        assert_eq!(mixed.status(), 207);
        assert!(mixed.items()[0].is_ok());
        let failures: Vec<usize> = mixed.failures().map(|(i, _)| i).collect();
        assert_eq!(failures, [1]);
        assert!(matches!(
            mixed.items()[1],
            Err(AddTerritoriesError::DuplicateData(_))
        ));
        let eleven: Vec<NewTerritory> = (1..=11)
            .map(|n| below(&format!("District {n}"), ZYLKER))
            .collect();
        let result = territories.create(eleven).await;
        assert!(
            matches!(
                result,
                Err(Error::TooManyItems {
                    max: 10,
                    given: 11,
                    ..
                })
            ),
            "{result:?}"
        );

        let e = api_error(single(
            territories
                .update(&id(NEW_YORK), TerritoryChanges::new().name("Zylker"))
                .await,
        ));
        assert!(matches!(e, UpdateTerritoryError::DuplicateData(_)), "{e:?}");
        let e = api_error(single(
            territories
                .update(
                    &id(NEW_YORK),
                    TerritoryChanges::new().reporting_to(TerritoryRef::new(NOBODY)),
                )
                .await,
        ));
        assert!(matches!(e, UpdateTerritoryError::InvalidData(_)), "{e:?}");
        let e = api_error(single(
            territories
                .update_many(TerritoryUpdate::new(NOBODY).name("Atlantis"))
                .await,
        ));
        assert!(matches!(e, UpdateTerritoriesError::InvalidData(_)), "{e:?}");
        let e = api_error(single(
            territories
                .update_many(TerritoryUpdate::new(&brooklyn).name("New York"))
                .await,
        ));
        assert!(
            matches!(e, UpdateTerritoriesError::DuplicateData(_)),
            "{e:?}"
        );

        let e = api_error(single(territories.delete(&id(NOBODY), false).await));
        assert!(matches!(e, DeleteTerritoryError::InvalidData(_)), "{e:?}");
        let e = api_error(single(territories.delete_many(&[id(NOBODY)], false).await));
        assert!(matches!(e, DeleteTerritoriesError::InvalidData(_)), "{e:?}");

        let e = api_error(single(
            territories
                .transfer_and_delete(&id(ZYLKER), TerritoryTransferOptions::new(NEW_YORK, false))
                .await,
        ));
        assert!(
            matches!(e, TransferAndDeleteTerritoryError::InvalidData(_)),
            "{e:?}"
        );
        assert_eq!(
            e.message(),
            "Can't update the Org Territory Properties Except its Name"
        );
        let e = api_error(single(
            territories
                .transfer_and_delete(&id(NEW_YORK), TerritoryTransferOptions::new(NOBODY, false))
                .await,
        ));
        assert!(
            matches!(e, TransferAndDeleteTerritoryError::InvalidData(_)),
            "{e:?}"
        );
        assert_eq!(e.message(), "Transfer_to_id is not a valid territory");
        let e = api_error(single(
            territories
                .transfer_and_delete(
                    &id(NEW_YORK),
                    TerritoryTransferOptions::new(&brooklyn, false),
                )
                .await,
        ));
        assert!(
            matches!(e, TransferAndDeleteTerritoryError::InvalidData(_)),
            "{e:?}"
        );
        let e = api_error(single(
            territories
                .transfer_and_delete_many(TerritoryTransfer::new(NEW_YORK, NEW_YORK, false))
                .await,
        ));
        assert!(
            matches!(e, TransferAndDeleteTerritoriesError::InvalidData(_)),
            "{e:?}"
        );

        let e = api_error(single(
            territories.add_user(&id(NEW_YORK), &id(NOBODY)).await,
        ));
        assert!(
            matches!(e, AssociateUserWithTerritoryError::InvalidData(_)),
            "{e:?}"
        );
        assert_eq!(e.message(), "The user ID is invalid.");
        single(territories.add_user(&id(NEW_YORK), &id(DEBORAH)).await).unwrap();
        let e = api_error(single(
            territories.add_user(&id(NEW_YORK), &id(DEBORAH)).await,
        ));
        assert!(
            matches!(e, AssociateUserWithTerritoryError::DuplicateData(_)),
            "{e:?}"
        );
        let e = api_error(single(
            territories
                .add_users(&id(NEW_YORK), TerritoryUserRef::new(DEBORAH))
                .await,
        ));
        assert!(
            matches!(e, AssociateUsersWithTerritoryError::DuplicateData(_)),
            "{e:?}"
        );
        let e = api_error(single(
            territories
                .add_users(&id(NEW_YORK), TerritoryUserRef::new(NOBODY))
                .await,
        ));
        assert!(
            matches!(e, AssociateUsersWithTerritoryError::InvalidData(_)),
            "{e:?}"
        );
        single(
            client
                .users()
                .update(&id(DEBORAH), UserChanges::new().status("inactive"))
                .await,
        )
        .unwrap();
        let e = api_error(single(
            territories.add_user(&id(ZYLKER), &id(DEBORAH)).await,
        ));
        assert!(
            matches!(e, AssociateUserWithTerritoryError::InvalidData(_)),
            "{e:?}"
        );
        assert_eq!(
            e.message(),
            "The user you are trying to associate is an inactive user."
        );

        let e = api_error(single(
            territories.remove_user(&id(ZYLKER), &id(PATRICIA)).await,
        ));
        assert!(
            matches!(e, DisassociateUserFromTerritoryError::InvalidData(_)),
            "{e:?}"
        );
        let e = api_error(single(
            territories.remove_users(&id(ZYLKER), &[id(PATRICIA)]).await,
        ));
        assert!(
            matches!(e, DisassociateUsersFromTerritoryError::InvalidData(_)),
            "{e:?}"
        );

        assert!(territories
            .children(&id(NOBODY), Default::default())
            .await
            .unwrap()
            .items
            .is_empty());
        assert!(territories
            .users(&id(NOBODY))
            .await
            .unwrap()
            .items
            .is_empty());
        assert_eq!(
            logged(&mock, "POST", "/settings/territories"),
            7,
            "eleven were never sent"
        );
        let left = territories.list(Default::default()).await.unwrap();
        assert_eq!(
            territory_names(&left.items),
            names(&["Zylker", "New York", "Brooklyn", "Bronx"])
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Coverage
// ---------------------------------------------------------------------------------------------

/// The operations the tests above (and those of `metadata.rs` and `records.rs`; the `notes` and
/// `tags` modules list their own) call, by the names `ENDPOINTS.md`
/// gives them.
const CALLED: &[&str] = &[
    // metadata (tests/it/metadata.rs)
    "get_field",
    "get_fields",
    "get_layout",
    "get_layouts",
    "get_module",
    "get_modules",
    "get_related_lists",
    // profiles
    "clone_profile",
    "delete_profile",
    "get_profile",
    "get_profiles",
    "update_profile",
    // roles
    "create_role",
    "delete_role",
    "get_role",
    "get_roles",
    "update_role",
    "update_roles",
    // territories
    "add_territories",
    "associate_user_with_territory",
    "associate_users_with_territory",
    "delete_territories",
    "delete_territory",
    "disassociate_user_from_territory",
    "disassociate_users_from_territory",
    "get_child_territories",
    "get_territories",
    "get_territory",
    "get_territory_user",
    "get_territory_users",
    "territory_associated_user_count",
    "transfer_and_delete_territories",
    "transfer_and_delete_territory",
    "update_territories",
    "update_territory",
    // user groups
    "create_user_group",
    "delete_user_group",
    "get_associated_groups_of_user",
    "get_associated_users_count",
    "get_associations",
    "get_sources",
    "get_sources_count",
    "get_user_group",
    "get_user_groups",
    "update_user_group",
    "update_user_groups",
    // records (tests/it/records.rs)
    "coql_query",
    "delete_record",
    "delete_records",
    "get_deleted_records",
    "get_record",
    "get_record_count",
    "get_records",
    "get_related_records",
    "insert_records",
    "search_records",
    "update_record",
    "update_records",
    "upsert_records",
    // users
    "add_or_update_territories_of_a_user",
    "add_user",
    "delete_user",
    "get_territories_of_user",
    "get_territory_of_user",
    "get_user",
    "get_users",
    "remove_territories_from_user",
    "remove_territory_from_user",
    "status_of_transfer_records_and_delete_users",
    "transfer_records_and_delete_user",
    "transfer_records_and_delete_users",
    "update_user",
    "update_users",
    "users_count",
];

/// The operation names of the table in `ENDPOINTS.md`: the link text of its second column.
fn documented_operations() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ENDPOINTS.md");
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // `| family | [name](url) | method | path | scope | function |`
            let name = cells.get(2)?.strip_prefix('[')?;
            Some(name[..name.find(']')?].to_owned())
        })
        .collect()
}

#[test]
fn every_operation_of_endpoints_md_is_called() {
    let documented = documented_operations();
    assert!(!documented.is_empty(), "ENDPOINTS.md lists no operation");
    let documented: BTreeSet<&str> = documented.iter().map(String::as_str).collect();
    let lists = [CALLED, super::notes::CALLED, super::tags::CALLED];
    let called: BTreeSet<&str> = lists.iter().flat_map(|l| l.iter().copied()).collect();
    assert_eq!(
        called.len(),
        lists.iter().map(|l| l.len()).sum::<usize>(),
        "CALLED lists an operation twice"
    );
    let untested: Vec<&&str> = documented.difference(&called).collect();
    assert!(
        untested.is_empty(),
        "operations without a test: {untested:?}"
    );
    let unknown: Vec<&&str> = called.difference(&documented).collect();
    assert!(unknown.is_empty(), "not in ENDPOINTS.md: {unknown:?}");
}
