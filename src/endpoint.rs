//! The macro that declares a generated endpoint: the `Operation` static with its fixed facts,
//! and its error enum with [`OperationError`](crate::OperationError), `Display` and
//! `std::error::Error`.

/// Declares one endpoint:
///
/// ```text
/// endpoint!(
///     NAME = METHOD "/path" "operation_name" body("wrapper", max_items) results("wrapper") [idempotent];
///     ErrorEnum Family::function shared[Variant, ...] { Variant("row", ...), ... }
/// );
/// ```
///
/// `body` (with `max_items` where the docs limit the items), `results` and `[idempotent]` are
/// given only when they apply; `Family::function` is the function that returns the error. Each
/// own variant comes with the rows of its code in the endpoint's doc page, as
/// `CODE<tab>STATUS<tab>message<tab>resolution` (the endpoint's table for
/// [`Documented`](crate::Documented)); each shared variant is a code any endpoint may return that
/// the page does not list, whose rows `crate::shared_error!` gives. Every variant holds the
/// whole [`ErrorBody`](crate::ErrorBody); a code not listed is `Unknown`.
macro_rules! endpoint {
    (@max $max_items:literal) => { Some($max_items) };
    (@max) => { None };
    ($op:ident = $method:ident $path:literal $op_name:literal
        $(body($wrapper:literal $(, $max_items:literal)?))?
        $(results($results:literal))?
        $([$idempotent:ident])?;
        $name:ident $family:ident::$function:ident shared[$($shared:ident),* $(,)?] {
            $($variant:ident($first:literal $(, $more:literal)* $(,)?)),* $(,)?
        }
    ) => {
        pub(crate) static $op: $crate::wire::Operation =
            $crate::wire::Operation::named($op_name)
                .at($crate::wire::Method::$method, $path)
                $(.body($wrapper, $crate::endpoint::endpoint!(@max $($max_items)?)))?
                $(.results($results))?
                $(.$idempotent())?;

        #[doc = concat!(
            "An error of [`", stringify!($family), "::", stringify!($function), "`] (`",
            stringify!($method), " ", $path, "`), by Zoho's error code: one variant per code its ",
            "page documents, then the codes any endpoint may return."
        )]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!(
                    "Documented as (code, HTTP status, message, resolution):\n\n```text\n",
                    $first, "\n", $($more, "\n",)* "```"
                )]
                $variant($crate::ErrorBody),
            )*
            $(
                #[doc = concat!(
                    "Any endpoint may return this code (code, HTTP status, message, resolution):",
                    "\n\n```text\n", $crate::shared_error!($shared), "\n```"
                )]
                $shared($crate::ErrorBody),
            )*
            /// A code this endpoint does not document, kept with its status, message and details.
            Unknown($crate::ErrorBody),
        }

        impl $crate::OperationError for $name {
            const DOCUMENTED: $crate::Documented =
                $crate::Documented::new(&[$($first, $($more,)*)*]);

            fn from_body(body: $crate::ErrorBody) -> Self {
                let code = body.code.as_str();
                $(if code == $crate::error::row_code($first) {
                    return Self::$variant(body);
                })*
                $(if code == $crate::error::row_code($crate::shared_error!($shared)) {
                    return Self::$shared(body);
                })*
                Self::Unknown(body)
            }

            fn body(&self) -> &$crate::ErrorBody {
                match self {
                    $(Self::$variant(body))|* $(| Self::$shared(body))* | Self::Unknown(body) => body,
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
pub(crate) use endpoint;
