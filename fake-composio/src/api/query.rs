//! Query strings as Composio reads them: arrays comma-joined (`user_ids=a,b`) or repeated
//! (`user_ids=a&user_ids=b`), booleans `true`/`false`, a float `limit`, opaque cursors.

use axum::extract::{FromRequestParts, RawQuery};
use axum::http::request::Parts;

use crate::error::ApiError;

pub(crate) struct Query(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let RawQuery(raw) = RawQuery::from_request_parts(parts, state)
            .await
            .unwrap_or(RawQuery(None));
        serde_urlencoded::from_str(raw.as_deref().unwrap_or_default())
            .map(Query)
            .map_err(|e| ApiError::bad_request("Request_InvalidQuery", e.to_string()))
    }
}

/// The largest page Composio serves.
const MAX_LIMIT: usize = 1000;

impl Query {
    /// Every value of an array parameter, in either form.
    pub fn list(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key || k.strip_suffix("[]") == Some(key))
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    }

    pub fn one(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.one(key) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(other) => Err(ApiError::bad_request(
                "Request_InvalidQuery",
                format!("{key} must be true or false, not {other:?}"),
            )),
        }
    }

    /// One of `allowed`, or the default when absent.
    pub fn choice<'a>(
        &'a self,
        key: &str,
        allowed: &[&'a str],
        default: &'a str,
    ) -> Result<&'a str, ApiError> {
        match self.one(key) {
            None => Ok(default),
            Some(v) if allowed.contains(&v) => Ok(v),
            Some(v) => Err(ApiError::bad_request(
                "Request_InvalidQuery",
                format!("{key} must be one of {allowed:?}, not {v:?}"),
            )),
        }
    }

    /// `limit` (a number, `1000` or `1000.0`), capped at 1000.
    pub fn limit(&self, default: usize) -> Result<usize, ApiError> {
        let Some(raw) = self.one("limit") else {
            return Ok(default);
        };
        match raw.parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 1.0 => Ok((n as usize).min(MAX_LIMIT)),
            _ => Err(ApiError::bad_request(
                "Request_InvalidQuery",
                format!("limit must be a positive number, not {raw:?}"),
            )),
        }
    }

    /// The offset the `cursor` stands for (0 without one).
    pub fn offset(&self) -> Result<usize, ApiError> {
        self.one("cursor").map_or(Ok(0), decode_cursor)
    }
}

/// Cursors are opaque to clients: hex of `offset:N`.
pub(crate) fn encode_cursor(offset: usize) -> String {
    hex::encode(format!("offset:{offset}"))
}

fn decode_cursor(cursor: &str) -> Result<usize, ApiError> {
    hex::decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("offset:")?.parse().ok())
        .ok_or_else(|| ApiError::bad_request("Request_InvalidCursor", "Invalid cursor"))
}

/// Cuts one page out of `items` and wraps it in the list envelope.
pub(crate) fn paginate(
    items: Vec<serde_json::Value>,
    query: &Query,
    default_limit: usize,
) -> Result<serde_json::Value, ApiError> {
    let limit = query.limit(default_limit)?;
    let offset = query.offset()?;
    let total = items.len();
    let end = offset.saturating_add(limit).min(total);
    let next = (end < total).then(|| encode_cursor(end));
    let page: Vec<_> = items.into_iter().skip(offset).take(limit).collect();
    Ok(crate::wire::page(page, total, limit, offset, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(raw: &str) -> Query {
        Query(serde_urlencoded::from_str(raw).unwrap())
    }

    #[test]
    fn arrays_are_read_comma_joined_or_repeated() {
        assert_eq!(
            query("user_ids=a%2Cb&user_ids=c").list("user_ids"),
            ["a", "b", "c"]
        );
        assert_eq!(query("user_ids[]=a").list("user_ids"), ["a"]);
        assert!(query("user_ids=").list("user_ids").is_empty());
    }

    #[test]
    fn a_float_limit_is_read_and_capped() {
        assert_eq!(query("limit=1000.0").limit(20).unwrap(), 1000);
        assert_eq!(query("limit=5000").limit(20).unwrap(), 1000);
        assert_eq!(query("").limit(20).unwrap(), 20);
        assert!(query("limit=0").limit(20).is_err());
        assert!(query("limit=x").limit(20).is_err());
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let q = query(&format!("cursor={}", encode_cursor(40)));
        assert_eq!(q.offset().unwrap(), 40);
        assert!(query("cursor=zz").offset().is_err());
    }
}
