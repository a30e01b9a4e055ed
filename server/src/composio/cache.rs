//! What Composio tells us that changes slowly (the auth-config map, the catalog), cached for
//! five minutes (spec A3): refreshed under a lock, so many requests on a cold cache make one
//! pass upstream; a failed refresh serves the previous value when there is one, and fails only
//! when there is none. The caller passes the time, so tests control the clock.

use super::client::ComposioError;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Mutex;

/// How long a fetched map is used before the next request refreshes it.
pub const TTL_MS: i64 = 5 * 60 * 1000;

/// The cached value and when it was fetched.
#[derive(Debug)]
pub struct TtlCache<T> {
    entry: Mutex<Option<(Arc<T>, i64)>>,
}

impl<T> Default for TtlCache<T> {
    fn default() -> Self {
        Self {
            entry: Mutex::new(None),
        }
    }
}

impl<T> TtlCache<T> {
    /// The value at `now_ms`: the cached one while fresh, else `fetch`'s (stored), else the
    /// stale one when `fetch` fails, else `fetch`'s error.
    pub async fn get<F, Fut>(&self, now_ms: i64, fetch: F) -> Result<Arc<T>, ComposioError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, ComposioError>>,
    {
        let mut entry = self.entry.lock().await;
        if let Some((map, fetched_at)) = entry.as_ref() {
            if now_ms - fetched_at < TTL_MS {
                return Ok(Arc::clone(map));
            }
        }
        match fetch().await {
            Ok(map) => {
                let map = Arc::new(map);
                *entry = Some((Arc::clone(&map), now_ms));
                Ok(map)
            }
            Err(error) => match entry.as_ref() {
                Some((stale, _)) => {
                    tracing::warn!(%error, "refreshing from Composio failed; using the previous answer");
                    Ok(Arc::clone(stale))
                }
                None => Err(error),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::composio::catalog::AuthConfigMap;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    fn map(id: &str) -> AuthConfigMap {
        [("notion".to_owned(), id.to_owned())].into_iter().collect()
    }

    fn failure() -> ComposioError {
        ComposioError::Timeout
    }

    #[tokio::test]
    async fn a_fresh_map_is_served_without_fetching_and_a_stale_one_is_refreshed() {
        let cache = TtlCache::<AuthConfigMap>::default();
        let first = cache.get(0, || async { Ok(map("ac_1")) }).await.unwrap();
        let cached = cache
            .get(TTL_MS - 1, || async { Ok(map("ac_2")) })
            .await
            .unwrap();
        assert_eq!(
            (first.as_ref(), cached.as_ref()),
            (&map("ac_1"), &map("ac_1"))
        );
        let refreshed = cache
            .get(TTL_MS, || async { Ok(map("ac_2")) })
            .await
            .unwrap();
        assert_eq!(refreshed.as_ref(), &map("ac_2"));
    }

    #[tokio::test]
    async fn a_failed_refresh_serves_the_previous_map_and_without_one_fails() {
        let cache = TtlCache::<AuthConfigMap>::default();
        assert!(cache.get(0, || async { Err(failure()) }).await.is_err());
        cache.get(1, || async { Ok(map("ac_1")) }).await.unwrap();
        let stale = cache
            .get(1 + TTL_MS, || async { Err(failure()) })
            .await
            .unwrap();
        assert_eq!(stale.as_ref(), &map("ac_1"));
    }

    #[tokio::test]
    async fn many_requests_on_a_cold_cache_make_one_fetch() {
        let cache = Arc::new(TtlCache::<AuthConfigMap>::default());
        let calls = Arc::new(AtomicUsize::new(0));
        let requests = (0..16).map(|_| {
            let (cache, calls) = (Arc::clone(&cache), Arc::clone(&calls));
            tokio::spawn(async move {
                cache
                    .get(0, || async move {
                        calls.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        Ok(map("ac_1"))
                    })
                    .await
            })
        });
        let answers = tokio::time::timeout(
            Duration::from_secs(10),
            futures_util::future::join_all(requests),
        )
        .await
        .unwrap();
        assert!(answers.into_iter().all(|a| a.unwrap().is_ok()));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
