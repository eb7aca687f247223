//! A history: one item's quantities on a gap-free run of periods.
//!
//! Keeping only the first period and the values (not a period per value) makes "the
//! period of value i" a single addition and rules out gaps and disorder by construction.

use serde::{Deserialize, Serialize};

use crate::calendar::Period;

/// One item's (or family's) quantities per period, oldest first, without gaps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// The item, family or file the series belongs to.
    pub id: String,
    /// The period of `values[0]`.
    pub start: Period,
    /// One finite quantity per period.
    pub values: Vec<f64>,
}

impl Series {
    /// The period of `values[i]`.
    #[must_use]
    pub fn period(&self, i: usize) -> Period {
        self.start.offset(i64::try_from(i).unwrap_or(i64::MAX))
    }

    /// The period right after the last value: where a forecast starts.
    #[must_use]
    pub fn next_period(&self) -> Period {
        self.period(self.values.len())
    }
}
