//! "Last seen 3 min ago": the API's RFC 3339 UTC stamps read as milliseconds, and a coarse
//! relative wording that only changes once a minute (so hydration rarely disagrees).

use crate::i18n::{fill, Key};
use agentry_core::Locale;

/// Milliseconds since the epoch of an RFC 3339 stamp such as `2026-11-22T03:12:07.123Z`.
pub fn parse_ms(stamp: &str) -> Option<i64> {
    let num = |range: std::ops::Range<usize>| stamp.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut ms =
        (days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second) * 1_000;
    let rest = stamp.get(19..).unwrap_or_default();
    let (fraction, zone) = match rest.strip_prefix('.') {
        Some(after) => {
            let end = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            (&after[..end], &after[end..])
        }
        None => ("", rest),
    };
    if !fraction.is_empty() {
        let millis: String = fraction.chars().chain("000".chars()).take(3).collect();
        ms += millis.parse::<i64>().ok()?;
    }
    // The server writes UTC; honour an explicit offset anyway.
    if let Some(sign) = zone.chars().next().filter(|c| *c == '+' || *c == '-') {
        let offset = (zone.get(1..3)?.parse::<i64>().ok()? * 60
            + zone.get(4..6)?.parse::<i64>().ok()?)
            * 60_000;
        ms -= if sign == '+' { offset } else { -offset };
    }
    Some(ms)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Now, in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default()
    }
}

/// How long ago `then_ms` was, in words: "just now", "5 min ago", "3 h ago", "2 d ago".
pub fn ago(then_ms: i64, now_ms: i64, locale: Locale) -> String {
    let minutes = (now_ms - then_ms).max(0) / 60_000;
    let (key, n) = match minutes {
        0 => return Key::AgoJustNow.text(locale).to_owned(),
        1..=59 => (Key::AgoMinutes, minutes),
        60..=1_439 => (Key::AgoHours, minutes / 60),
        _ => (Key::AgoDays, minutes / 1_440),
    };
    fill(key.text(locale), &[&n.to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_read_as_milliseconds_with_fraction_and_offset() {
        assert_eq!(parse_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_ms("1970-01-01T00:00:01.5Z"), Some(1_500));
        assert_eq!(parse_ms("2000-03-01T00:00:00Z"), Some(951_868_800_000));
        assert_eq!(parse_ms("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_ms("not a date"), None);
    }

    #[test]
    fn relative_times_round_down_to_the_coarsest_unit() {
        let en = Locale::En;
        assert_eq!(ago(0, 59_000, en), Key::AgoJustNow.text(en));
        assert!(ago(0, 5 * 60_000, en).contains('5'));
        assert!(ago(0, 3 * 3_600_000 + 5, en).contains('3'));
        assert!(ago(0, 49 * 3_600_000, en).contains('2'));
    }
}
