//! Production transport against zohocrm-mock: OAuth refresh, single flight, token replacement,
//! retries that never duplicate, rate limits, timeouts, token stores and secrets.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use zohocrm::roles::{CreateRoleError, GetRolesError, NewRole};
use zohocrm::{Error, FileStore, OAuth, OperationError, RetryPolicy};
use zohocrm_mock::{Fault, MockServer};

const CLIENT_ID: &str = "1000.CLIENTID";
const CLIENT_SECRET: &str = "client-secret-5d41402abc4b2a76";
const REFRESH_TOKEN: &str = "1000.refresh-token-7d793037a0760186";

async fn mock() -> MockServer {
    MockServer::builder()
        .client(CLIENT_ID, CLIENT_SECRET)
        .refresh_token(REFRESH_TOKEN, &[])
        .start()
        .await
        .unwrap()
}

fn oauth(mock: &MockServer) -> OAuth {
    OAuth::new(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN).accounts_url(mock.base_url())
}

fn oauth_client(mock: &MockServer, oauth: OAuth) -> zohocrm::Client {
    zohocrm::Client::builder()
        .base_url(mock.base_url())
        .oauth(oauth)
        .build()
        .unwrap()
}

fn creates(mock: &MockServer) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/crm/v7/settings/roles")
        .count()
}

#[tokio::test]
async fn the_first_call_gets_a_token_and_later_calls_reuse_it() {
    let mock = mock().await;
    let client = oauth_client(&mock, oauth(&mock));
    client.roles().list().await.unwrap();
    client.roles().list().await.unwrap();
    assert_eq!(mock.token_requests(), 1);
    let token_call = mock
        .requests()
        .into_iter()
        .find(|r| r.path == "/oauth/v2/token");
    assert!(
        token_call.is_none(),
        "token calls are not in the API request log"
    );
}

#[tokio::test]
async fn concurrent_calls_with_no_token_share_one_refresh() {
    let mock = mock().await;
    let client = oauth_client(&mock, oauth(&mock));
    let calls = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.roles().list().await.map(|p| p.items.len()) })
    });
    for call in calls {
        assert!(call.await.unwrap().unwrap() >= 2);
    }
    assert_eq!(mock.token_requests(), 1);
}

#[tokio::test]
async fn an_expired_token_is_refreshed_before_a_call() {
    let mock = MockServer::builder()
        .client(CLIENT_ID, CLIENT_SECRET)
        .refresh_token(REFRESH_TOKEN, &[])
        .token_lifetime(Duration::from_secs(2))
        .start()
        .await
        .unwrap();
    let client = oauth_client(
        &mock,
        oauth(&mock).refresh_margin(Duration::from_millis(1500)),
    );
    client.roles().list().await.unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
    client.roles().list().await.unwrap();
    assert_eq!(
        mock.token_requests(),
        2,
        "a token with less than the margin left is replaced"
    );
}

#[tokio::test]
async fn a_rejected_token_is_replaced_once_and_the_call_repeated_once() {
    let mock = mock().await;
    let client = oauth_client(&mock, oauth(&mock));
    client.roles().list().await.unwrap();
    mock.expire_tokens();
    let page = client.roles().list().await.unwrap();
    assert!(!page.items.is_empty());
    assert_eq!(mock.token_requests(), 2);
    let lists = mock.requests().iter().filter(|r| r.method == "GET").count();
    assert_eq!(lists, 3, "first call, rejected call, repeated call");
}

#[tokio::test]
async fn wrong_client_credentials_are_an_auth_error_with_the_servers_reason() {
    let mock = mock().await;
    let client = oauth_client(
        &mock,
        OAuth::new(CLIENT_ID, "wrong", REFRESH_TOKEN).accounts_url(mock.base_url()),
    );
    let error = client.roles().list().await.unwrap_err();
    assert!(
        matches!(&error, Error::Auth(zohocrm::AuthError::Refused { error, .. }) if error == "invalid_client"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_file_store_is_private_and_survives_a_restart() {
    let mock = mock().await;
    let path = std::env::temp_dir().join(format!("zohocrm-token-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let store = Arc::new(FileStore::new(&path));
    oauth_client(&mock, oauth(&mock).store(store.clone()))
        .roles()
        .list()
        .await
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let restarted = oauth_client(&mock, oauth(&mock).store(Arc::new(FileStore::new(&path))));
    restarted.roles().list().await.unwrap();
    assert_eq!(
        mock.token_requests(),
        1,
        "the stored token was reused after the restart"
    );
    std::fs::remove_file(&path).unwrap();
}

#[tokio::test]
async fn a_grant_code_is_exchanged_for_a_refresh_token() {
    let mock = MockServer::builder()
        .client(CLIENT_ID, CLIENT_SECRET)
        .grant_code("1000.grant", REFRESH_TOKEN)
        .start()
        .await
        .unwrap();
    let granted = zohocrm::exchange_grant_code(
        mock.base_url(),
        CLIENT_ID,
        &CLIENT_SECRET.into(),
        &"1000.grant".into(),
        None,
    )
    .await
    .unwrap();
    assert_eq!(granted.refresh_token.expose(), REFRESH_TOKEN);
    assert!(!format!("{granted:?}").contains(REFRESH_TOKEN));
    let again = zohocrm::exchange_grant_code(
        mock.base_url(),
        CLIENT_ID,
        &CLIENT_SECRET.into(),
        &"1000.other".into(),
        None,
    )
    .await;
    assert!(
        matches!(again, Err(zohocrm::AuthError::Refused { .. })),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_get_is_repeated_after_a_503_like_failure() {
    let mock = MockServer::start().await.unwrap();
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()
        .unwrap();
    mock.fail_next(2, Fault::Status500);
    let page = client.roles().list().await.unwrap();
    assert!(!page.items.is_empty());
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test]
async fn a_get_gives_up_after_the_policys_attempts() {
    let mock = MockServer::start().await.unwrap();
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()
        .unwrap();
    mock.fail_next(5, Fault::Status500);
    let error = client.roles().list().await.unwrap_err();
    assert!(
        matches!(error, Error::Api(GetRolesError::InternalError(_))),
        "{error:?}"
    );
    assert_eq!(
        mock.requests().len(),
        RetryPolicy::default().max_attempts as usize
    );
}

#[tokio::test]
async fn a_create_that_got_a_500_is_not_repeated() {
    let mock = MockServer::start().await.unwrap();
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()
        .unwrap();
    mock.fail_next(1, Fault::Status500);
    let error = client
        .roles()
        .create(NewRole::new("Support"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Api(CreateRoleError::InternalError(_))),
        "{error:?}"
    );
    assert_eq!(creates(&mock), 1);
}

#[tokio::test]
async fn a_create_whose_connection_dropped_is_not_repeated_and_says_it_may_have_been_applied() {
    let mock = MockServer::start().await.unwrap();
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()
        .unwrap();
    let roles_before = mock.count("roles");
    mock.fail_next(1, Fault::DropAfterApply);
    let error = client
        .roles()
        .create(NewRole::new("Support"))
        .await
        .unwrap_err();
    let Error::Transport {
        may_have_been_applied,
        ..
    } = error
    else {
        panic!("{error:?}")
    };
    assert!(may_have_been_applied);
    assert_eq!(creates(&mock), 1);
    assert_eq!(
        mock.count("roles"),
        roles_before + 1,
        "applied exactly once"
    );

    mock.fail_next(1, Fault::DropConnection);
    let error = client
        .roles()
        .create(NewRole::new("Support 2"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                may_have_been_applied: true,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(creates(&mock), 2);
    assert_eq!(mock.count("roles"), roles_before + 1);
}

#[tokio::test]
async fn a_get_whose_connection_dropped_is_repeated() {
    let mock = MockServer::start().await.unwrap();
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()
        .unwrap();
    mock.fail_next(1, Fault::DropConnection);
    client.roles().list().await.unwrap();
    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let mock = MockServer::start().await.unwrap();
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .build()
        .unwrap();
    mock.fail_next(
        1,
        Fault::TooManyRequests {
            retry_after: Some(1),
        },
    );
    let started = Instant::now();
    client.roles().list().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(mock.requests().len(), 2);
}

#[tokio::test]
async fn too_many_requests_is_its_own_error_kind() {
    let mock = MockServer::start().await.unwrap();
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    mock.fail_next(1, Fault::TooManyRequests { retry_after: None });
    let error = client.roles().list().await.unwrap_err();
    let Error::Api(e @ GetRolesError::TooManyRequests(_)) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((e.code(), e.status()), ("TOO_MANY_REQUESTS", 429));
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let mock = MockServer::start().await.unwrap();
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    mock.fail_next(1, Fault::Delay(Duration::from_secs(2)));
    let error = client
        .roles()
        .create(NewRole::new("Slow"))
        .await
        .unwrap_err();
    let Error::Transport {
        source,
        may_have_been_applied,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert!(source.is_timeout(), "{source}");
    assert!(*may_have_been_applied);
}

#[tokio::test]
async fn the_concurrency_limit_holds_calls_back() {
    let mock = MockServer::start().await.unwrap();
    let client = zohocrm::Client::builder()
        .base_url(mock.base_url())
        .access_token(mock.token())
        .max_concurrent_requests(1)
        .build()
        .unwrap();
    mock.fail_next(2, Fault::Delay(Duration::from_millis(300)));
    let started = Instant::now();
    let roles = client.roles();
    let (a, b) = tokio::join!(roles.list(), roles.list());
    a.unwrap();
    b.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "the two calls overlapped: {:?}",
        started.elapsed()
    );
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Set in the process [`secrets_never_appear_in_logs_debug_output_or_errors`] runs itself in.
const TRACED_RUN: &str = "ZOHOCRM_TEST_TRACED_RUN";

#[tokio::test]
async fn secrets_never_appear_in_logs_debug_output_or_errors() {
    // Tracing caches per callsite whether any subscriber wants it, and other tests of this
    // binary hit the client's callsites on other threads with none; so the traced run is this
    // test alone, in a process of its own.
    if std::env::var_os(TRACED_RUN).is_none() {
        let name = "transport::secrets_never_appear_in_logs_debug_output_or_errors";
        let run = std::process::Command::new(std::env::current_exe().unwrap())
            .args([name, "--exact", "--test-threads=1"])
            .env(TRACED_RUN, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success() && stdout.contains("1 passed"),
            "{stdout}{}",
            String::from_utf8_lossy(&run.stderr)
        );
        return;
    }
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mock = mock().await;
    let oauth = oauth(&mock);
    let client = oauth_client(&mock, oauth.clone());
    client.roles().list().await.unwrap();
    mock.expire_tokens();
    client.roles().list().await.unwrap();
    mock.fail_next(1, Fault::Status500);
    client.roles().list().await.unwrap();
    let bad = oauth_client(
        &mock,
        OAuth::new(CLIENT_ID, "not-the-secret-3f2a", REFRESH_TOKEN).accounts_url(mock.base_url()),
    );
    let error = bad.roles().list().await.unwrap_err();

    let issued: Vec<String> = mock
        .requests()
        .iter()
        .filter_map(|r| {
            r.headers
                .iter()
                .find(|(k, _)| k == "authorization")
                .map(|(_, v)| v.trim_start_matches("Zoho-oauthtoken ").to_owned())
        })
        .collect();
    assert!(!issued.is_empty());
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("zohocrm.call"), "the run was traced: {logs}");
    let printed = format!("{logs}\n{client:?}\n{oauth:?}\n{error}\n{error:?}");
    let mut secrets = vec![
        CLIENT_SECRET.to_owned(),
        REFRESH_TOKEN.to_owned(),
        "not-the-secret-3f2a".to_owned(),
    ];
    secrets.extend(issued);
    for secret in &secrets {
        assert!(!printed.contains(secret.as_str()), "{secret} was printed");
    }
}
