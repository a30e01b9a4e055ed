//! Server-side rendering of the Leptos app and the static bundle under `/pkg`. Pages fetch their
//! data through the API router in-process (`SsrApi`), as the person making the page request.

use crate::composio::settings::ComposioSettings;
use agentry_app::api::SsrApi;
use agentry_app::{shell, App, ImageOrigins};
use axum::body::Body;
use axum::http::{HeaderValue, Request};
use axum::Router;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Build-time name of the bundle: `/pkg/agentry.js`, `.wasm`, `.css`.
pub const OUTPUT_NAME: &str = "agentry";

/// The page routes and `/pkg`, given the API router pages read from and the origins beyond
/// `https:` that pages may show images from.
pub fn pages_router(api: Router, site_root: &Path, images: ImageOrigins) -> Router {
    let options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(site_root.display().to_string())
        .site_pkg_dir("pkg")
        .build();
    let ssr_api = SsrApi(Arc::new(move |request: Request<String>| {
        let api = api.clone();
        Box::pin(async move {
            let response = match api.oneshot(request.map(Body::from)).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            let (parts, body) = response.into_parts();
            let bytes = body
                .collect()
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            axum::http::Response::from_parts(parts, String::from_utf8_lossy(&bytes).into_owned())
        })
    }));
    let context = move || {
        provide_context(ssr_api.clone());
        provide_context(images.clone());
        leptos::nonce::provide_nonce();
    };
    let routes = generate_route_list(App);
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(site_root.join("pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            axum::http::header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ));
    let fallback = leptos_axum::render_app_to_stream_with_context(context.clone(), {
        let options = options.clone();
        move || shell(options.clone())
    });
    Router::new()
        .leptos_routes_with_context(&options, routes, context, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .nest_service("/pkg", pkg)
        .fallback(fallback)
        .with_state(options)
}

/// The image origins pages need beyond `https:`: a Composio served over plain http (a local
/// fake) serves the apps' logos from its own origin. Only a plain `http://host[:port]` origin
/// is added; anything that could break out of the policy's syntax is left out.
pub fn image_origins(composio: Option<&ComposioSettings>) -> ImageOrigins {
    ImageOrigins(
        composio
            .and_then(|settings| plain_http_origin(&settings.base_url))
            .into_iter()
            .collect(),
    )
}

/// `http://host[:port]` of an `http://` address, lower-cased; `None` for any other scheme or
/// for a host with characters a CSP source cannot hold.
fn plain_http_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    (!host_port.is_empty() && host_port.chars().all(allowed))
        .then(|| format!("http://{}", host_port.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::plain_http_origin;

    #[test]
    fn only_a_plain_http_origin_is_kept() {
        assert_eq!(
            plain_http_origin("http://127.0.0.1:4010"),
            Some("http://127.0.0.1:4010".into())
        );
        assert_eq!(
            plain_http_origin("HTTP://Fake.Local:8080/api/"),
            Some("http://fake.local:8080".into())
        );
        assert_eq!(plain_http_origin("https://backend.composio.dev"), None);
        assert_eq!(plain_http_origin("http://evil; script-src *"), None);
        assert_eq!(plain_http_origin("http://"), None);
        assert_eq!(plain_http_origin("not a url"), None);
    }
}
