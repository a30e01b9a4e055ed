//! The API's own description: the OpenAPI document generated from this catalogue and a page
//! listing its operations.

use super::endpoint;
use serde_json::Value;

endpoint! {
    /// The OpenAPI 3.1 document of this API, generated from the catalogue.
    OpenApiDocument;
    Get "/api/openapi.json", Public, () => 200 Value,
    errors [],
}

endpoint! {
    /// A page listing every operation of the OpenAPI document, served without external assets.
    DocsPage;
    Get "/api/docs", Public, () => 200 String,
    errors [],
    media Html,
}
