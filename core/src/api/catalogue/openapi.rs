//! The OpenAPI 3.1 document, generated from the catalogue and the `core` types' schemas
//! (feature `openapi`; the browser build never carries it).

use super::{Access, EndpointInfo, Media, Method, CATALOGUE, WORKSPACE_HEADER};
use crate::api::ErrorBody;
use utoipa::openapi::path::{HttpMethod, Operation, OperationBuilder, ParameterBuilder};
use utoipa::openapi::path::{ParameterIn, PathItem};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, Ref,
    RefOr, Required, ResponseBuilder, ResponsesBuilder,
};
use utoipa::{PartialSchema, ToSchema};

/// Named schemas, as utoipa collects them.
pub type Schemas = Vec<(String, RefOr<Schema>)>;

/// Fills in the named schemas an endpoint's bodies refer to and returns the request and
/// response schemas (`None` for `()`).
pub type SchemasFn = fn(&mut Schemas) -> (Option<RefOr<Schema>>, Option<RefOr<Schema>>);

/// The [`SchemasFn`] of an endpoint with request `Req` and response `Res`.
pub fn schemas<Req: ToSchema, Res: ToSchema>(
    named: &mut Schemas,
) -> (Option<RefOr<Schema>>, Option<RefOr<Schema>>) {
    (body::<Req>(named), body::<Res>(named))
}

/// `T`'s schema: a reference to a named component for `core`'s own types (registered in
/// `named`), inline for `Vec<…>`, strings and free JSON; `None` for `()`.
fn body<T: ToSchema>(named: &mut Schemas) -> Option<RefOr<Schema>> {
    let type_name = std::any::type_name::<T>();
    if type_name == "()" {
        return None;
    }
    T::schemas(named);
    if type_name.starts_with("agentry_core::") {
        named.push((T::name().into_owned(), T::schema()));
        Some(Ref::from_schema_name(T::name()).into())
    } else {
        Some(T::schema())
    }
}

/// The whole document.
pub fn document() -> OpenApi {
    let mut named: Schemas = Vec::new();
    named.push((ErrorBody::name().into_owned(), ErrorBody::schema()));
    let mut paths = PathsBuilder::new();
    for info in CATALOGUE {
        let operation = operation(info, &mut named);
        paths = paths.path(
            info.path,
            PathItem::new(http_method(info.method), operation),
        );
    }
    let components = ComponentsBuilder::new()
        .schemas_from_iter(named)
        .security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "agentry_session",
                "The session cookie set by sign-in; state-changing requests also send \
                 X-CSRF-Token.",
            ))),
        )
        .security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A personal access token (agt_…) or, for /api/daemon, a daemon token \
                         (agd_…).",
                    ))
                    .build(),
            ),
        )
        .build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Agentry API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Every error answers {\"error\", \"code\", \"field\"?}; each operation \
                     lists the codes it may give besides `internal`.",
                ))
                .build(),
        )
        .paths(paths.build())
        .components(Some(components))
        .build()
}

fn http_method(method: Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::Get,
        Method::Post => HttpMethod::Post,
        Method::Put => HttpMethod::Put,
        Method::Patch => HttpMethod::Patch,
        Method::Delete => HttpMethod::Delete,
    }
}

fn operation(info: &EndpointInfo, named: &mut Schemas) -> Operation {
    let (request, response) = (info.schemas)(named);
    let summary = info.summary.lines().map(str::trim).collect::<Vec<_>>();
    let mut builder = OperationBuilder::new()
        .operation_id(Some(format!("{}.{}", info.aggregate(), info.name)))
        .tag(info.aggregate())
        .summary(summary.first().map(|line| line.to_string()))
        .description(Some(summary.join(" ")));
    for name in path_parameters(info.path) {
        builder = builder.parameter(
            ParameterBuilder::new()
                .name(name)
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(ObjectBuilder::new().schema_type(Type::String))),
        );
    }
    for name in info.query {
        builder = builder.parameter(
            ParameterBuilder::new()
                .name(*name)
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .schema(Some(ObjectBuilder::new().schema_type(Type::String))),
        );
    }
    if info.scoped {
        builder = builder.parameter(
            ParameterBuilder::new()
                .name(WORKSPACE_HEADER)
                .parameter_in(ParameterIn::Header)
                .required(Required::True)
                .description(Some("The workspace the request acts in."))
                .schema(Some(ObjectBuilder::new().schema_type(Type::String))),
        );
    }
    if let Some(schema) = request {
        builder = builder.request_body(Some(
            RequestBodyBuilder::new()
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(schema)).build(),
                )
                .required(Some(Required::True))
                .build(),
        ));
    }
    let success = match (info.media, response) {
        (Media::Redirect, _) => {
            ResponseBuilder::new().description("A redirect; `Location` says where to.")
        }
        (_, None) => ResponseBuilder::new().description("Done; no body."),
        (Media::Json, Some(schema)) => ResponseBuilder::new().description("Success.").content(
            "application/json",
            ContentBuilder::new().schema(Some(schema)).build(),
        ),
        (Media::EventStream, Some(schema)) => ResponseBuilder::new()
            .description("Server-sent events; each `data:` is this JSON.")
            .content(
                "text/event-stream",
                ContentBuilder::new().schema(Some(schema)).build(),
            ),
        (Media::Html, Some(schema)) => ResponseBuilder::new().description("An HTML page.").content(
            "text/html",
            ContentBuilder::new().schema(Some(schema)).build(),
        ),
    };
    let mut codes = info.errors.to_vec();
    codes.push("internal");
    let error = ResponseBuilder::new()
        .description(format!("An error; `code` is one of: {}.", codes.join(", ")))
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                .build(),
        );
    builder = builder.responses(
        ResponsesBuilder::new()
            .response(info.status.to_string(), success)
            .response("default", error),
    );
    let security = match info.access {
        Access::Public => vec![SecurityRequirement::default()],
        Access::User => vec![
            SecurityRequirement::new::<_, _, &str>("session", []),
            SecurityRequirement::new::<_, _, &str>("bearer", []),
        ],
        Access::Daemon => vec![SecurityRequirement::new::<_, _, &str>("bearer", [])],
    };
    builder.securities(Some(security)).build()
}

/// The `{name}` placeholders of a path template, in order.
pub fn path_parameters(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}
