//! Available-to-promise arithmetic on one item: the net position per period, the
//! cumulative ATP with look-ahead and the discrete ATP derived from it.

/// Whether `a` reaches `b`, allowing for rounding: a relative tolerance only, so that
/// no quantity, however small, is ever promised against nothing.
pub(super) fn reaches(a: f64, b: f64) -> bool {
    a >= b - 1e-9 * a.abs().max(b.abs())
}

/// Cumulative ATP with look-ahead: at period t, the most units that can still be
/// promised for delivery in t without breaking a commitment,
/// `max(0, min over s ≥ t of N(s))` with
/// `N(s) = on hand + Σ_(u ≤ s) (supply_u − committed_u)`.
///
/// The result never falls from one period to the next, and never exceeds on hand plus
/// the supply so far.
pub(super) fn cumulative_atp(on_hand: f64, supply: &[f64], committed: &[f64]) -> Vec<f64> {
    let mut net = Vec::with_capacity(supply.len());
    let mut running = on_hand;
    for (s, c) in supply.iter().zip(committed) {
        running += s - c;
        net.push(running);
    }
    let mut out = vec![0.0; net.len()];
    let mut lowest = f64::INFINITY;
    for t in (0..net.len()).rev() {
        lowest = lowest.min(net[t]);
        out[t] = lowest.max(0.0);
    }
    out
}

/// Discrete ATP: the step of the cumulative ATP in each period, so that it is only
/// positive in periods with supply (or the first), after later periods' commitments
/// have borrowed what they lack from earlier supply.
pub(super) fn discrete_atp(cumulative: &[f64]) -> Vec<f64> {
    let mut previous = 0.0;
    cumulative
        .iter()
        .map(|c| {
            let step = (c - previous).max(0.0);
            previous = *c;
            step
        })
        .collect()
}

/// The first period from `from` on whose cumulative ATP, plus the spare units made up
/// to it, reaches `quantity`.
pub(super) fn earliest(
    cumulative: &[f64],
    spare: Option<&[f64]>,
    from: usize,
    quantity: f64,
) -> Option<usize> {
    let mut extra: f64 = spare.map_or(0.0, |s| s.iter().take(from).sum());
    for (t, atp) in cumulative.iter().enumerate().skip(from) {
        extra += spare.map_or(0.0, |s| s.get(t).copied().unwrap_or(0.0));
        if reaches(atp + extra, quantity) {
            return Some(t);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_shortage_borrows_from_earlier_supply() {
        // 100 in period 1, 50 in period 3; orders 40, 30, 80: period 3 lacks 30, which
        // period 1's 30 left over covers. Nothing is left to promise.
        let cum = cumulative_atp(0.0, &[100.0, 0.0, 50.0, 0.0], &[40.0, 30.0, 80.0, 0.0]);
        assert_eq!(cum, [0.0, 0.0, 0.0, 0.0]);
        let cum = cumulative_atp(50.0, &[0.0, 100.0, 0.0], &[30.0, 20.0, 60.0]);
        assert_eq!(cum, [20.0, 40.0, 40.0]);
        assert_eq!(discrete_atp(&cum), [20.0, 20.0, 0.0]);
    }

    #[test]
    fn spare_capacity_adds_up_to_the_period() {
        let cum = [10.0, 10.0, 30.0];
        assert_eq!(earliest(&cum, None, 0, 25.0), Some(2));
        assert_eq!(earliest(&cum, Some(&[5.0, 10.0, 0.0]), 0, 25.0), Some(1));
        assert_eq!(earliest(&cum, Some(&[5.0, 10.0, 0.0]), 2, 46.0), None);
        assert_eq!(earliest(&cum, None, 1, 0.0), Some(1));
    }
}
