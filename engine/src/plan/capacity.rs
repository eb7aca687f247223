//! Rough-cut capacity: load against available hours, utilization, bottleneck.
