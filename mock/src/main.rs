//! `zohocrm-mock`: serves a fake Zoho CRM until Ctrl-C or SIGTERM.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod cli;

use std::process::ExitCode;

use zohocrm_mock::{MockError, MockServer};

use crate::cli::{Command, Options, USAGE};

/// Exit status for unusable arguments or seed files.
const BAD_USAGE: u8 = 2;

#[tokio::main]
async fn main() -> ExitCode {
    let options = match cli::parse(std::env::args_os().skip(1)) {
        Ok(Command::Serve(options)) => options,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("zohocrm-mock: {e}\n{USAGE}");
            return ExitCode::from(BAD_USAGE);
        }
    };
    let server = match start(&options).await {
        Ok(server) => server,
        Err(e @ (MockError::Seed(_) | MockError::Record { .. })) => {
            eprintln!("zohocrm-mock: {e}");
            return ExitCode::from(BAD_USAGE);
        }
        Err(e) => {
            eprintln!("zohocrm-mock: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("zohocrm-mock listening on {}", server.base_url());
    println!("token endpoint: {}", server.token_url());
    println!("access token: {} (all scopes)", server.token());
    for (token, scopes) in &options.tokens {
        println!("access token: {token} ({})", describe(scopes));
    }
    for (token, scopes) in &options.refresh_tokens {
        println!("refresh token: {token} ({})", describe(scopes));
    }
    for (id, _) in &options.clients {
        println!("client: {id}");
    }
    let code = match stop_signal().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zohocrm-mock: cannot wait for a stop signal: {e}");
            ExitCode::FAILURE
        }
    };
    server.shutdown().await;
    println!("zohocrm-mock stopped");
    code
}

/// Starts the mock the options describe; a seed file that cannot be read or parsed is a
/// [`MockError::Seed`].
async fn start(options: &Options) -> Result<MockServer, MockError> {
    let mut builder = MockServer::builder().addr(options.addr);
    for (token, scopes) in &options.tokens {
        builder = builder.token(
            token.as_str(),
            &scopes.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }
    for (token, scopes) in &options.refresh_tokens {
        builder = builder.refresh_token(
            token.as_str(),
            &scopes.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }
    for (id, secret) in &options.clients {
        builder = builder.client(id.as_str(), secret.as_str());
    }
    if let Some(path) = &options.seed {
        let text = std::fs::read_to_string(path)
            .map_err(|e| MockError::Seed(format!("cannot read {}: {e}", path.display())))?;
        let seed = serde_json::from_str(&text)
            .map_err(|e| MockError::Seed(format!("{} is not JSON: {e}", path.display())))?;
        builder = builder.seed(seed);
    }
    builder.start().await
}

fn describe(scopes: &[String]) -> String {
    if scopes.is_empty() {
        "all scopes".into()
    } else {
        scopes.join(", ")
    }
}

/// Waits for Ctrl-C, or on Unix also SIGTERM.
async fn stop_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
