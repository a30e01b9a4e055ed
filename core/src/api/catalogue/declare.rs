//! The `endpoint!` macro that declares one catalogue entry: its struct and `Endpoint` impl.

/// Declares an endpoint: the struct (its doc comment becomes the summary), its [`super::Endpoint`]
/// impl and an `INFO` constant for [`super::CATALOGUE`].
///
/// `Method "path", Access, Request => status Response, errors [...]` then optionally
/// `media M`, `query [...]`, `path |e| expr` (default: the template as is) and
/// `workspace |e| expr` (makes the endpoint scoped).
macro_rules! endpoint {
    ($(#[doc = $doc:literal])+ $name:ident; $($rest:tt)*) => {
        $(#[doc = $doc])+
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name;
        endpoint!(@impl $name [$($doc)+] $($rest)*);
    };
    ($(#[doc = $doc:literal])+ $name:ident { $($field:tt)* } $($rest:tt)*) => {
        $(#[doc = $doc])+
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name { $($field)* }
        endpoint!(@impl $name [$($doc)+] $($rest)*);
    };
    (@impl $name:ident [$($doc:literal)+]
        $method:ident $path:literal, $access:ident, $req:ty => $status:literal $resp:ty,
        errors [$($err:literal),* $(,)?]
        $(, media $media:ident)?
        $(, query [$($query:literal),* $(,)?])?
        $(, path |$p:ident| $pexpr:expr)?
        $(, workspace |$w:ident| $wexpr:expr)?
        $(,)?
    ) => {
        impl $crate::api::catalogue::Endpoint for $name {
            const METHOD: $crate::api::catalogue::Method = $crate::api::catalogue::Method::$method;
            const PATH: &'static str = $path;
            const ACCESS: $crate::api::catalogue::Access = $crate::api::catalogue::Access::$access;
            const STATUS: u16 = $status;
            const MEDIA: $crate::api::catalogue::Media =
                endpoint!(@media $($media)?);
            const QUERY: &'static [&'static str] = &[$($($query),*)?];
            const SUMMARY: &'static str = concat!($($doc, "\n"),+);
            const ERRORS: &'static [&'static str] = &[$($err),*];
            const SCOPED: bool = endpoint!(@scoped $($w)?);
            type Request = $req;
            type Response = $resp;
            fn path(&self) -> String {
                endpoint!(@path self $($p $pexpr)?)
            }
            $(fn workspace(&self) -> Option<$crate::WorkspaceId> {
                let $w = self;
                Some($wexpr)
            })?
        }
        impl $name {
            /// This endpoint's entry in the catalogue.
            pub const INFO: $crate::api::catalogue::EndpointInfo =
                $crate::api::catalogue::info::<$name>(stringify!($name), module_path!());
        }
    };
    (@media) => { $crate::api::catalogue::Media::Json };
    (@media $media:ident) => { $crate::api::catalogue::Media::$media };
    (@scoped) => { false };
    (@scoped $w:ident) => { true };
    (@path $self:ident) => { <Self as $crate::api::catalogue::Endpoint>::PATH.to_owned() };
    (@path $self:ident $p:ident $pexpr:expr) => {{
        let $p = $self;
        $pexpr
    }};
}
pub(crate) use endpoint;
