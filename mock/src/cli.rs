//! The command line of `zohocrm-mock`.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;

/// How to call the binary.
pub(crate) const USAGE: &str = "\
usage: zohocrm-mock [--addr HOST:PORT] [--token TOKEN[:SCOPE,SCOPE...]]...
                    [--client ID:SECRET]... [--refresh-token TOKEN[:SCOPE,...]]...
                    [--seed FILE]

  --addr           address to listen on (default 127.0.0.1:8080; port 0 picks a free one)
  --token          an access token to accept, with all scopes unless some are listed
  --client         client credentials the token endpoint accepts
  --refresh-token  a refresh token the token endpoint accepts
  --seed           a JSON file {\"<store>\": [records...]} added over the default org
  --help           print this and exit";

/// The default address.
const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    /// Print the usage.
    Help,
    /// Serve.
    Serve(Options),
}

/// The settings of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Options {
    pub(crate) addr: SocketAddr,
    pub(crate) tokens: Vec<(String, Vec<String>)>,
    pub(crate) clients: Vec<(String, String)>,
    pub(crate) refresh_tokens: Vec<(String, Vec<String>)>,
    pub(crate) seed: Option<PathBuf>,
}

/// A command line that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum CliError {
    /// An option without its value.
    #[error("{0} needs a value")]
    MissingValue(String),
    /// An argument that is not an option.
    #[error("unknown argument `{0}`")]
    Unknown(String),
    /// A value that is not UTF-8.
    #[error("the value of {0} is not UTF-8")]
    NotUtf8(String),
    /// An address that does not parse.
    #[error("`{0}` is not an address like 127.0.0.1:8080")]
    Addr(String),
    /// A token, client or scope list that is empty where it must not be.
    #[error("`{value}` is not a valid value for {option}")]
    Value {
        /// The option.
        option: String,
        /// The value.
        value: String,
    },
}

/// Parses the arguments after the program name.
pub(crate) fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, CliError> {
    let default_addr = DEFAULT_ADDR
        .parse()
        .map_err(|_| CliError::Addr(DEFAULT_ADDR.into()))?;
    let mut options = Options {
        addr: default_addr,
        tokens: Vec::new(),
        clients: Vec::new(),
        refresh_tokens: Vec::new(),
        seed: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|a| CliError::Unknown(a.to_string_lossy().into_owned()))?;
        if arg == "--help" || arg == "-h" {
            return Ok(Command::Help);
        }
        let value = match arg.as_str() {
            "--addr" | "--token" | "--client" | "--refresh-token" | "--seed" => args
                .next()
                .ok_or_else(|| CliError::MissingValue(arg.clone()))?
                .into_string()
                .map_err(|_| CliError::NotUtf8(arg.clone()))?,
            _ => return Err(CliError::Unknown(arg)),
        };
        match arg.as_str() {
            "--addr" => options.addr = value.parse().map_err(|_| CliError::Addr(value))?,
            "--token" => options.tokens.push(token(&arg, &value)?),
            "--refresh-token" => options.refresh_tokens.push(token(&arg, &value)?),
            "--client" => match value.split_once(':') {
                Some((id, secret)) if !id.is_empty() && !secret.is_empty() => {
                    options.clients.push((id.to_owned(), secret.to_owned()));
                }
                _ => return Err(invalid(&arg, &value)),
            },
            _ => options.seed = Some(PathBuf::from(value)),
        }
    }
    Ok(Command::Serve(options))
}

/// `TOKEN` or `TOKEN:SCOPE,SCOPE...`.
fn token(option: &str, value: &str) -> Result<(String, Vec<String>), CliError> {
    let (token, scopes) = value.split_once(':').unwrap_or((value, ""));
    let scopes: Vec<String> = scopes
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if token.is_empty() || token.contains(char::is_whitespace) {
        return Err(invalid(option, value));
    }
    Ok((token.to_owned(), scopes))
}

fn invalid(option: &str, value: &str) -> CliError {
    CliError::Value {
        option: option.to_owned(),
        value: value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, CliError, Command};

    fn args(list: &[&str]) -> Vec<std::ffi::OsString> {
        list.iter().map(Into::into).collect()
    }

    #[test]
    fn reads_tokens_with_and_without_scopes() {
        let command = parse(args(&[
            "--addr",
            "127.0.0.1:0",
            "--token",
            "a",
            "--token",
            "b:X.READ,Y.ALL",
        ]));
        let Ok(Command::Serve(options)) = command else {
            panic!("not a serve command: {command:?}");
        };
        assert_eq!(options.addr.port(), 0);
        assert_eq!(
            options.tokens,
            vec![
                ("a".into(), vec![]),
                ("b".into(), vec!["X.READ".into(), "Y.ALL".into()])
            ]
        );
    }

    #[test]
    fn rejects_bad_arguments() {
        assert_eq!(
            parse(args(&["--addr"])),
            Err(CliError::MissingValue("--addr".into()))
        );
        assert_eq!(
            parse(args(&["--addr", "nowhere"])),
            Err(CliError::Addr("nowhere".into()))
        );
        assert_eq!(
            parse(args(&["--verbose"])),
            Err(CliError::Unknown("--verbose".into()))
        );
        assert!(matches!(
            parse(args(&["--client", "id-only"])),
            Err(CliError::Value { .. })
        ));
        assert_eq!(parse(args(&["--help"])), Ok(Command::Help));
    }
}
