//! # Matching demand to capacity
//!
//! Where sales' promises meet operations' reality:
//! - [`aggregate`]: the classic aggregate plan (level, chase and cost-optimal strategies) on the
//!   `aggregate_plan` section of the document, with the cost of every term computed from the plan.
//! - [`capacity`]: rough-cut capacity (load against available hours per resource and period,
//!   utilization, bottleneck) and a capacity-constrained supply plan for several families.

pub mod aggregate;
pub mod capacity;
