//! Autopilot schedules: a 5-field cron expression read in an IANA time zone, and its next fire
//! times. Pure (no clock: the caller says "after when"), so the scheduler and the schedule
//! editor compute the very same instants. Daylight-saving changes are croner's: a local time
//! skipped by a spring-forward fires once at the first instant after the gap, one repeated by a
//! fall-back fires once (at its first occurrence).

use crate::ValidationError;
use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds, Year};
use croner::Cron;

/// The longest cron expression or time zone name accepted.
pub const SCHEDULE_TEXT_MAX: usize = 100;

/// How many upcoming fire times the API shows for a schedule.
pub const NEXT_FIRES_SHOWN: usize = 5;

/// Why a schedule is refused; each is a 400 naming its field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// Not five fields of valid cron syntax (the reason says what is wrong).
    #[error("cron_expression is not a valid 5-field cron expression: {0}")]
    InvalidCron(String),
    /// Not an IANA time zone name (e.g. `Europe/Paris`, `UTC`).
    #[error("timezone is not an IANA time zone name such as Europe/Paris or UTC")]
    InvalidTimezone,
}

impl From<ScheduleError> for ValidationError {
    fn from(err: ScheduleError) -> Self {
        let (field, code) = match err {
            ScheduleError::InvalidCron(_) => ("cron_expression", "invalid_cron"),
            ScheduleError::InvalidTimezone => ("timezone", "invalid_timezone"),
        };
        ValidationError::new(field, code, err.to_string())
    }
}

/// A validated schedule.
#[derive(Clone, Debug)]
pub struct Schedule {
    cron: Cron,
    tz: Tz,
}

impl Schedule {
    /// Parses `minute hour day-of-month month day-of-week` (names like `MON` and `JAN`, ranges,
    /// lists and steps allowed; no seconds, no years, no `@daily` nicknames) and an IANA zone.
    /// When both day fields are restricted, either matching fires (classic cron).
    pub fn parse(cron_expression: &str, timezone: &str) -> Result<Schedule, ScheduleError> {
        let tz: Tz = timezone
            .trim()
            .parse()
            .map_err(|_| ScheduleError::InvalidTimezone)?;
        let text = cron_expression.trim();
        if text.chars().count() > SCHEDULE_TEXT_MAX {
            return Err(ScheduleError::InvalidCron("it is too long".into()));
        }
        let fields = text.split_whitespace().count();
        if fields != 5 {
            return Err(ScheduleError::InvalidCron(format!(
                "it has {fields} fields, not 5 (minute hour day-of-month month day-of-week)"
            )));
        }
        let cron = CronParser::builder()
            .seconds(Seconds::Disallowed)
            .year(Year::Disallowed)
            .build()
            .parse(text)
            .map_err(|e| ScheduleError::InvalidCron(e.to_string()))?;
        Ok(Schedule { cron, tz })
    }

    /// The first fire time strictly after `after_ms` (Unix milliseconds), if any within
    /// croner's search horizon (an expression like `0 0 30 2 *` never fires).
    pub fn next_after(&self, after_ms: i64) -> Option<i64> {
        let after = self.tz.from_utc_datetime(&utc(after_ms)?.naive_utc());
        self.cron
            .find_next_occurrence(&after, false)
            .ok()
            .map(|t| t.timestamp_millis())
    }

    /// The next `count` fire times strictly after `after_ms`, in order.
    pub fn next_fires(&self, after_ms: i64, count: usize) -> Vec<i64> {
        let mut fires = Vec::with_capacity(count);
        let mut cursor = after_ms;
        while fires.len() < count {
            match self.next_after(cursor) {
                Some(next) if next > cursor => {
                    fires.push(next);
                    cursor = next;
                }
                _ => break,
            }
        }
        fires
    }

    /// The local calendar date (`YYYY-MM-DD`) of `at_ms` in the schedule's zone, for titles.
    pub fn local_date(&self, at_ms: i64) -> String {
        utc(at_ms)
            .map(|t| t.with_timezone(&self.tz).format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    }
}

fn utc(ms: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .timestamp_millis()
    }

    fn text(ms: i64) -> String {
        utc(ms).unwrap().format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    #[test]
    fn a_weekday_morning_schedule_fires_on_the_next_weekdays_in_its_zone() {
        let schedule = Schedule::parse("0 9 * * MON-FRI", "Europe/Paris").unwrap();
        // Friday 2026-01-09 10:00 Paris: next is Monday 09:00 Paris = 08:00 UTC.
        let fires = schedule.next_fires(ms("2026-01-09T09:00:00Z"), 3);
        let fires: Vec<String> = fires.into_iter().map(text).collect();
        assert_eq!(
            fires,
            [
                "2026-01-12T08:00:00Z",
                "2026-01-13T08:00:00Z",
                "2026-01-14T08:00:00Z"
            ]
        );
    }

    #[test]
    fn the_next_fire_is_strictly_after_the_given_instant() {
        let schedule = Schedule::parse("*/15 * * * *", "UTC").unwrap();
        let at = ms("2026-03-01T10:15:00Z");
        assert_eq!(
            text(schedule.next_after(at).unwrap()),
            "2026-03-01T10:30:00Z"
        );
    }

    #[test]
    fn fire_times_follow_local_time_across_a_spring_forward() {
        // New York springs forward on 2026-03-08 (02:00 → 03:00): 08:30 local is 13:30 UTC
        // before and 12:30 UTC after.
        let schedule = Schedule::parse("30 8 * * *", "America/New_York").unwrap();
        let fires: Vec<String> = schedule
            .next_fires(ms("2026-03-06T20:00:00Z"), 3)
            .into_iter()
            .map(text)
            .collect();
        assert_eq!(
            fires,
            [
                "2026-03-07T13:30:00Z",
                "2026-03-08T12:30:00Z",
                "2026-03-09T12:30:00Z"
            ]
        );
    }

    #[test]
    fn a_local_time_skipped_by_the_spring_forward_still_fires_once_that_day() {
        // 02:30 does not exist in New York on 2026-03-08.
        let schedule = Schedule::parse("30 2 * * *", "America/New_York").unwrap();
        let fires = schedule.next_fires(ms("2026-03-07T12:00:00Z"), 3);
        let days: Vec<String> = fires.iter().map(|&f| schedule.local_date(f)).collect();
        assert_eq!(days, ["2026-03-08", "2026-03-09", "2026-03-10"]);
    }

    #[test]
    fn a_local_time_repeated_by_the_fall_back_fires_once() {
        // 01:30 happens twice in New York on 2026-11-01.
        let schedule = Schedule::parse("30 1 * * *", "America/New_York").unwrap();
        let fires = schedule.next_fires(ms("2026-10-31T12:00:00Z"), 3);
        let days: Vec<String> = fires.iter().map(|&f| schedule.local_date(f)).collect();
        assert_eq!(days, ["2026-11-01", "2026-11-02", "2026-11-03"]);
    }

    #[test]
    fn malformed_expressions_are_invalid_cron() {
        for bad in [
            "",
            "* * * *",
            "0 0 * * * *",
            "0 0 * * * 2026",
            "61 * * * *",
            "* 24 * * *",
            "* * 32 * *",
            "* * * 13 *",
            "banana * * * *",
            "@daily",
        ] {
            let err = Schedule::parse(bad, "UTC").unwrap_err();
            assert!(matches!(err, ScheduleError::InvalidCron(_)), "{bad:?}");
            assert_eq!(ValidationError::from(err).code, "invalid_cron");
        }
    }

    #[test]
    fn unknown_zones_are_invalid_timezone() {
        for bad in ["", "Mars/Olympus", "Europe/Pariss", "+02:00"] {
            let err = Schedule::parse("0 9 * * *", bad).unwrap_err();
            assert_eq!(err, ScheduleError::InvalidTimezone, "{bad:?}");
            let err = ValidationError::from(err);
            assert_eq!(
                (err.field.as_str(), err.code.as_str()),
                ("timezone", "invalid_timezone")
            );
        }
    }

    #[test]
    fn an_expression_that_never_matches_has_no_fire_times() {
        let schedule = Schedule::parse("0 0 30 2 *", "UTC").unwrap();
        assert!(schedule
            .next_fires(ms("2026-01-01T00:00:00Z"), 5)
            .is_empty());
    }
}
