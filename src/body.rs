//! Reading response bodies with a size limit.

use crate::error::BODY_START_LEN;

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// The connection failed while the body was read.
    Transport(reqwest::Error),
    /// The body is longer than the limit; `start` is the beginning of it, for the error.
    TooLarge { limit: usize, start: Vec<u8> },
}

/// Most bytes reserved up front from a `Content-Length`, which a server may overstate.
const PREALLOCATE: usize = 1 << 20;

/// Reads a whole body, refusing one over `limit` bytes at the first chunk when its `Content-Length`
/// says so, or as soon as the bytes received pass it, so an endless or huge body never fills memory.
pub(crate) async fn read(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, BodyError> {
    let announced = response.content_length().unwrap_or(0);
    let mut body = Vec::with_capacity(announced.min(limit.min(PREALLOCATE) as u64) as usize);
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if announced > limit as u64 || body.len() + chunk.len() > limit {
            let wanted = (BODY_START_LEN + 1).saturating_sub(body.len());
            body.extend_from_slice(&chunk[..chunk.len().min(wanted)]);
            return Err(BodyError::TooLarge { limit, start: body });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The reason an error gives for a body over the limit.
pub(crate) fn too_large_reason(limit: usize) -> String {
    format!("the body is longer than the limit of {limit} bytes (ClientBuilder::max_response_size)")
}
