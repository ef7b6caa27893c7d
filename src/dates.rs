//! Calendar dates as editors write them in front matter (`updated: 2026-04-01`): strict
//! `YYYY-MM-DD` parsing ([`parse_date`]) and the little arithmetic the stale-page check
//! needs (days between two dates).
//!
//! No date crate is compiled into tebiki and these needs are small: a proleptic Gregorian
//! civil date, its day number (Howard Hinnant's `days_from_civil`) and today's date in UTC.

use std::fmt;

/// A calendar date (proleptic Gregorian), always a real day: built only by [`parse_date`]
/// and [`today`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a text is not a date, in words for the editor who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not `YYYY-MM-DD` with ASCII digits (`2026/04/01`, full-width digits, `April 1`).
    Format,
    /// The shape is right but the day does not exist (`2026-02-30`, `2026-13-01`).
    NoSuchDay { days_in_month: Option<u8> },
}

impl DateError {
    /// The `problem` and `days` arguments of the `date-problem` message (in
    /// `invalid-date` and `announcement-until`): `format`, `day` or `month`.
    pub fn args(&self) -> [(&'static str, String); 2] {
        let (problem, days) = match self {
            DateError::Format => ("format", 0),
            DateError::NoSuchDay {
                days_in_month: Some(days),
            } => ("day", *days),
            DateError::NoSuchDay {
                days_in_month: None,
            } => ("month", 0),
        };
        [("problem", problem.to_string()), ("days", days.to_string())]
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Format => write!(f, "it is not written as YYYY-MM-DD"),
            DateError::NoSuchDay {
                days_in_month: Some(days),
            } => write!(f, "that month has only {days} days"),
            DateError::NoSuchDay {
                days_in_month: None,
            } => write!(f, "there is no such month (months are 01 to 12)"),
        }
    }
}

/// Parses `YYYY-MM-DD` (four, two and two ASCII digits) into a real date.
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err(DateError::Format);
    }
    let number = |range: std::ops::Range<usize>| {
        bytes[range]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let month = u8::try_from(month).unwrap_or(0);
    let Some(days) = days_in_month(year as i32, month) else {
        return Err(DateError::NoSuchDay {
            days_in_month: None,
        });
    };
    if day == 0 || day > u32::from(days) {
        return Err(DateError::NoSuchDay {
            days_in_month: Some(days),
        });
    }
    Ok(Date {
        year: year as i32,
        month,
        day: day as u8,
    })
}

fn days_in_month(year: i32, month: u8) -> Option<u8> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if leap => Some(29),
        2 => Some(28),
        _ => None,
    }
}

/// Today's date in UTC, from the system clock.
pub fn today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Date::from_day_number((seconds / 86_400) as i64)
}

impl Date {
    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn day_number(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    fn from_day_number(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_parse_and_print_back() {
        for text in ["2026-04-01", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert_eq!(parse_date(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn impossible_days_and_other_shapes_are_refused() {
        assert_eq!(
            parse_date("2026-02-29"),
            Err(DateError::NoSuchDay {
                days_in_month: Some(28)
            })
        );
        assert_eq!(
            parse_date("1900-02-29"),
            Err(DateError::NoSuchDay {
                days_in_month: Some(28)
            })
        );
        assert_eq!(
            parse_date("2026-13-01"),
            Err(DateError::NoSuchDay {
                days_in_month: None
            })
        );
        assert!(parse_date("2026-04-00").is_err());
        for text in [
            "2026/04/01",
            "２０２６-０４-０１",
            "2026-4-1",
            "",
            "2026-04-01 ",
            "April",
        ] {
            assert_eq!(parse_date(text), Err(DateError::Format), "{text}");
        }
    }

    #[test]
    fn day_numbers_count_days_across_leap_years() {
        assert_eq!(parse_date("1970-01-01").unwrap().day_number(), 0);
        let a = parse_date("2024-02-28").unwrap();
        let b = parse_date("2024-03-01").unwrap();
        assert_eq!(a.days_until(b), 2);
        let c = parse_date("2025-04-01").unwrap();
        let d = parse_date("2026-04-01").unwrap();
        assert_eq!(c.days_until(d), 365);
        for n in [-1000, 0, 19_000, 20_000, 100_000] {
            assert_eq!(Date::from_day_number(n).day_number(), n);
        }
        assert_eq!(Date::from_day_number(20_543).to_string(), "2026-03-31");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Any text parses or is refused without panicking; what parses prints back as
        /// written and survives the trip through its day number.
        #[test]
        fn parsing_never_panics_and_round_trips(text in "[0-9０-９/-]{0,12}|[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            if let Ok(date) = parse_date(&text) {
                prop_assert_eq!(date.to_string(), text);
                prop_assert_eq!(Date::from_day_number(date.day_number()), date);
            }
        }
    }
}
