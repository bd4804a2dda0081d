//! Where refreshed access tokens are kept between calls and across restarts.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::secret::Secret;

/// An access token with what the accounts server said about it.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredToken {
    /// The access token.
    pub access_token: Secret,
    /// When it stops working.
    pub expires_at: SystemTime,
    /// The API domain the accounts server named for the org, if it named one.
    pub api_domain: Option<String>,
}

impl fmt::Debug for StoredToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredToken")
            .field("access_token", &self.access_token)
            .field("expires_at", &self.expires_at)
            .field("api_domain", &self.api_domain)
            .finish()
    }
}

impl StoredToken {
    /// Whether the token still has more than `margin` of life at `now`.
    pub fn is_fresh(&self, now: SystemTime, margin: Duration) -> bool {
        self.expires_at
            .duration_since(now)
            .is_ok_and(|left| left > margin)
    }
}

/// Why a store could not load or save a token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Reading or writing the file failed.
    #[error("token store {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file does not hold a stored token.
    #[error("token store {path}: not a stored token: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// Keeps the current access token. Implement it to share tokens between processes (a database,
/// a secrets manager); [`MemoryStore`] and [`FileStore`] come with the crate.
pub trait TokenStore: fmt::Debug + Send + Sync {
    /// The stored token, if there is one.
    fn load(&self) -> Result<Option<StoredToken>, StoreError>;
    /// Replaces the stored token.
    fn save(&self, token: &StoredToken) -> Result<(), StoreError>;
}

/// Keeps the token in memory only: the default.
#[derive(Debug, Default)]
pub struct MemoryStore {
    token: Mutex<Option<StoredToken>>,
}

impl TokenStore for MemoryStore {
    fn load(&self) -> Result<Option<StoredToken>, StoreError> {
        Ok(self.token.lock().unwrap_or_else(|e| e.into_inner()).clone())
    }

    fn save(&self, token: &StoredToken) -> Result<(), StoreError> {
        *self.token.lock().unwrap_or_else(|e| e.into_inner()) = Some(token.clone());
        Ok(())
    }
}

/// Keeps the token in a JSON file readable and writable by its owner only (mode 0600 on Unix),
/// so a refreshed token survives a restart.
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
}

impl FileStore {
    /// A store in the file at `path`, created on the first save.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileStore { path: path.into() }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[derive(Serialize, Deserialize)]
struct TokenFile {
    access_token: String,
    expires_at_unix: u64,
    #[serde(default)]
    api_domain: Option<String>,
}

impl TokenStore for FileStore {
    fn load(&self) -> Result<Option<StoredToken>, StoreError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(StoreError::Io {
                    path: self.path.clone(),
                    source,
                })
            }
        };
        let file: TokenFile = serde_json::from_slice(&bytes).map_err(|e| StoreError::Format {
            path: self.path.clone(),
            reason: e.to_string(),
        })?;
        Ok(Some(StoredToken {
            access_token: Secret::new(file.access_token),
            expires_at: UNIX_EPOCH + Duration::from_secs(file.expires_at_unix),
            api_domain: file.api_domain,
        }))
    }

    fn save(&self, token: &StoredToken) -> Result<(), StoreError> {
        let io = |source| StoreError::Io {
            path: self.path.clone(),
            source,
        };
        let file = TokenFile {
            access_token: token.access_token.expose().to_owned(),
            expires_at_unix: token
                .expires_at
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            api_domain: token.api_domain.clone(),
        };
        let json = serde_json::to_vec(&file).map_err(|e| StoreError::Format {
            path: self.path.clone(),
            reason: e.to_string(),
        })?;
        let temp = self.path.with_extension("tmp");
        write_private(&temp, &json).map_err(io)?;
        std::fs::rename(&temp, &self.path).map_err(io)
    }
}

/// Writes a file that only its owner may read or write.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    file.write_all(bytes)?;
    file.sync_all()
}
