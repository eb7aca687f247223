//! The aggregate plan: level, chase and cost-optimal strategies.
