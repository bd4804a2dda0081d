//! The macro that implements a generated endpoint error enum's traits, as a derive would:
//! [`OperationError`](crate::OperationError), `Display` and `std::error::Error`.

/// Implements the traits of a generated error enum from its variants and their codes:
///
/// ```text
/// operation_error!(CreateRoleError { OauthScopeMismatch("OAUTH_SCOPE_MISMATCH"), ... });
/// ```
///
/// The enum itself is written out in the generated code: one variant per code, each holding the
/// whole [`ErrorBody`](crate::ErrorBody), then `Unknown(ErrorBody)` for any other code; its
/// documented errors are its inherent `DOCUMENTED` table, which the trait's `DOCUMENTED` is.
macro_rules! operation_error {
    ($name:ident { $($variant:ident($code:literal)),* $(,)? }) => {
        impl $crate::OperationError for $name {
            const DOCUMENTED: &'static [$crate::DocumentedError] = $name::DOCUMENTED;

            fn from_body(body: $crate::ErrorBody) -> Self {
                match body.code.as_str() {
                    $($code => Self::$variant(body),)*
                    _ => Self::Unknown(body),
                }
            }

            fn body(&self) -> &$crate::ErrorBody {
                match self {
                    $(Self::$variant(body))|* | Self::Unknown(body) => body,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::OperationError::describe(self, f)
            }
        }

        impl ::std::error::Error for $name {}
    };
}
pub(crate) use operation_error;
