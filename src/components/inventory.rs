//! Section 5, inventory and delivery promises: the policy form, the projected stock per
//! period with safety stock, reorder point, cover and flags, the customer orders and
//! their promises with ATP, and the "can we promise this?" box. Everything shown is the
//! engine's; this file only lays it out.

use std::rc::Rc;

use attune_engine::inventory::{ItemProjection, PeriodFlags};
use attune_engine::kpi::dashboard::SigmaSource;
use attune_engine::promise::{ItemAtp, OrderPromise, PromiseStatus};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::dashboard::DashboardPanel;
use super::field::Field;
use crate::dashboard_state::Outlooks;
use crate::format::{amount, percent, quantity};
use crate::inventory_state::{
    Ask, Input, InventoryAction, InventoryState, Outlook, Source, TargetKind, AGGREGATE_ITEM,
    SIGMA_SHARE_PCT,
};
use crate::text;

/// Props of [`OutlookSections`].
#[derive(Properties, PartialEq, Debug)]
pub struct OutlookSectionsProps {
    /// Section 5's inputs.
    pub inventory: Rc<InventoryState>,
    /// What the engine made of sections 3–6 (computed once by the workspace).
    pub outlooks: Rc<Outlooks>,
    /// The planner changed something in section 5.
    pub on_action: Callback<InventoryAction>,
}

/// Sections 5 and 6, from what the engine made of them ([`Outlooks`]: computed on the
/// page once per change of what they read).
#[component]
pub fn OutlookSections(props: &OutlookSectionsProps) -> Html {
    let (outlook, board, available) = (
        props.outlooks.outlook.clone(),
        props.outlooks.board.clone(),
        props.outlooks.available,
    );
    html! {
        <>
            <section class="panel" id="step-inventory">
                <h2>{ text::inventory::STEP_INVENTORY }</h2>
                <InventoryPanel inventory={props.inventory.clone()} {outlook} {available} on_action={props.on_action.clone()} />
            </section>
            <section class="panel" id="step-dashboard">
                <h2>{ text::inventory::STEP_DASHBOARD }</h2>
                <DashboardPanel dashboard={board} />
            </section>
        </>
    }
}

/// Props of [`InventoryPanel`].
#[derive(Properties, PartialEq, Debug)]
pub struct InventoryPanelProps {
    /// The inputs as typed.
    pub inventory: Rc<InventoryState>,
    /// What the engine made of them.
    pub outlook: Rc<Outlook>,
    /// Whether section 4 has a plan and section 3 a supply plan.
    pub available: (bool, bool),
    /// The planner changed something.
    pub on_action: Callback<InventoryAction>,
}

/// The flags of a period in words ("stockout, below safety stock"); empty when none.
#[must_use]
pub fn flag_words(f: &PeriodFlags) -> Vec<&'static str> {
    let mut out = Vec::new();
    if f.stockout {
        out.push(text::inventory::FLAG_STOCKOUT);
    }
    if f.below_safety_stock {
        out.push(text::inventory::FLAG_BELOW_SAFETY);
    }
    if f.overstock {
        out.push(text::inventory::FLAG_OVERSTOCK);
    }
    out
}

/// An order's outcome in words.
#[must_use]
pub fn status_words(o: &OrderPromise) -> String {
    match o.status {
        PromiseStatus::OnTime => text::inventory::ON_TIME.to_string(),
        PromiseStatus::Late { periods } => text::inventory::late_by(periods),
        PromiseStatus::Short { units } => text::inventory::short_by(&amount(units)),
    }
}

fn cover_words(c: Option<f64>) -> String {
    c.map_or_else(|| text::inventory::NO_DEMAND_AHEAD.to_string(), quantity)
}

/// The section.
#[component]
pub fn InventoryPanel(props: &InventoryPanelProps) -> Html {
    let inv = &props.inventory;
    let o = &props.outlook;
    let act = |make: fn(String) -> InventoryAction| {
        let on = props.on_action.clone();
        Callback::from(move |text: String| on.emit(make(text)))
    };
    let on_source = {
        let on = props.on_action.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            on.emit(InventoryAction::Source(if v == "families" {
                Source::Families
            } else {
                Source::Aggregate
            }));
        })
    };
    let on_target = {
        let on = props.on_action.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            on.emit(InventoryAction::Target(if v == "fill" {
                TargetKind::FillRate
            } else {
                TargetKind::CycleService
            }));
        })
    };
    let fields = Input::ALL.iter().map(|&i| {
        let on = props.on_action.clone();
        let on_commit = Callback::from(move |t: String| on.emit(InventoryAction::Input(i, t)));
        let placeholder = (i == Input::DemandSigma).then_some(text::inventory::FROM_BACKTEST);
        html! {
            <label class="option">{ i.label() }
                <Field testid={i.testid()} label={i.label()} value={inv.input(i).to_string()} {placeholder} {on_commit} />
            </label>
        }
    });
    let (has_aggregate, has_families) = props.available;
    html! {
        <div class="inventory" data-testid="inventory">
            <p class="muted">{ text::inventory::intro(AGGREGATE_ITEM) }</p>
            <div class="options inputs">
                <label class="option">{ text::inventory::PROJECT }
                    <select data-testid="inv-source" onchange={on_source}>
                        <option value="aggregate" selected={inv.source == Source::Aggregate}>
                            { if has_aggregate { text::inventory::AGGREGATE_PLAN_SECTION_4 } else { text::inventory::AGGREGATE_PLAN_UNSOLVED } }
                        </option>
                        <option value="families" selected={inv.source == Source::Families}>
                            { if has_families { text::inventory::SUPPLY_PLAN_FAMILY_SECTION } else { text::inventory::SUPPLY_PLAN_FAMILY_UNAVAILABLE } }
                        </option>
                    </select>
                </label>
                <label class="option">{ text::inventory::SERVICE_TARGET }
                    <select data-testid="inv-target" onchange={on_target}>
                        <option value="cycle" selected={inv.target == TargetKind::CycleService}>{ text::inventory::CYCLE_SERVICE_LEVEL_NO }</option>
                        <option value="fill" selected={inv.target == TargetKind::FillRate}>{ text::inventory::FILL_RATE_SHARE_DEMAND }</option>
                    </select>
                </label>
                { for fields }
            </div>
            if let Err(problems) = &o.policy {
                <ul class="problems" role="alert" data-testid="inv-problems">
                    { for problems.iter().map(|p| html! { <li>{ p }</li> }) }
                </ul>
            }
            { projection(o) }
            <h3>{ text::inventory::CUSTOMER_ORDERS }</h3>
            <p class="muted">{ text::inventory::PASTE_ORDERS_EXCEL_ERP }</p>
            <Field testid="orders" rows={6} label={text::inventory::CUSTOMER_ORDERS} value={inv.orders.clone()}
                placeholder={"Order\tCustomer\tItem\tQty\tRequested"} on_commit={act(InventoryAction::Orders)} />
            { promises(o) }
            <h3>{ text::inventory::CAN_WE_PROMISE }</h3>
            <div class="options ask" data-testid="ask">
                <label class="option">{ text::inventory::ITEM_FAMILY }
                    <Field testid="ask-item" label={text::inventory::ITEM_FAMILY} value={inv.question[0].clone()} on_commit={act(|t| InventoryAction::Ask(Ask::Item, t))} />
                </label>
                <label class="option">{ text::inventory::QUANTITY }
                    <Field testid="ask-quantity" label={text::inventory::QUANTITY} value={inv.question[1].clone()} on_commit={act(|t| InventoryAction::Ask(Ask::Quantity, t))} />
                </label>
                <label class="option">{ text::inventory::PERIOD }
                    <Field testid="ask-period" label={text::inventory::PERIOD} value={inv.question[2].clone()} on_commit={act(|t| InventoryAction::Ask(Ask::Period, t))} />
                </label>
            </div>
            {
                match &o.answer {
                    None => Html::default(),
                    Some(Ok(a)) => html! {
                        <p class={classes!("status", "answer", if a.yes { "yes" } else { "no" })} data-testid="ask-answer" aria-live="polite">
                            { &a.answer }
                        </p>
                    },
                    Some(Err(e)) => html! { <p class="status error" role="alert" data-testid="ask-answer">{ e }</p> },
                }
            }
        </div>
    }
}

fn projection(o: &Outlook) -> Html {
    let p = match &o.projection {
        Err(e) => {
            return html! { <p class="status error" role="alert" data-testid="inv-error">{ e }</p> }
        }
        Ok(p) => p,
    };
    let items = p.items.iter().map(|item| {
        let sigma = o
            .sigmas
            .iter()
            .find(|s| s.item == item.item)
            .and_then(|s| s.sigma);
        item_table(item, &p.periods, sigma.map(|s| (s.sigma, s.source)))
    });
    html! {
        <>
            <h3>{ text::inventory::PROJECTED_STOCK }</h3>
            { for items }
            <ul class="notes">{ for p.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
        </>
    }
}

fn item_table(
    item: &ItemProjection,
    periods: &[String],
    sigma: Option<(f64, SigmaSource)>,
) -> Html {
    let id = &item.item;
    let sigma_words = match sigma {
        Some((s, SigmaSource::Backtest)) => text::inventory::sigma_backtest(&amount(s)),
        Some((s, SigmaSource::ShareOfDemand)) => {
            text::inventory::sigma_share(&amount(s), &amount(SIGMA_SHARE_PCT))
        }
        None => text::inventory::SIGMA_TYPED.to_string(),
    };
    let summary = text::inventory::item_summary(
        &quantity(item.safety_stock_units),
        &quantity(item.reorder_point),
        &sigma_words,
        &item.fill_rate_pct.map_or_else(|| "–".to_string(), percent),
        &quantity(item.swing),
    );
    let rows = periods.iter().enumerate().map(|(t, period)| {
        let flags = item.flags.get(t).copied().unwrap_or_default();
        let at = |v: &Vec<f64>| v.get(t).copied().unwrap_or(0.0);
        html! {
            <tr class={classes!(flags.stockout.then_some("stockout"), flags.overstock.then_some("overstock"))}>
                <th scope="row">{ period }</th>
                <td>{ quantity(at(&item.demand)) }</td>
                <td>{ quantity(at(&item.supply)) }</td>
                <td data-testid={format!("inv-projected-{id}-{period}")}>{ quantity(item.projected.get(t).copied().unwrap_or(0.0)) }</td>
                <td>{ quantity(item.safety_stock_units) }</td>
                <td>{ quantity(item.reorder_point) }</td>
                <td>{ cover_words(item.cover_periods.get(t).copied().flatten()) }</td>
                <td>{ quantity(at(&item.value)) }</td>
                <td class="flags" data-testid={format!("inv-flags-{id}-{period}")}>{ flag_words(&flags).join(", ") }</td>
            </tr>
        }
    });
    html! {
        <div class="inv-item" data-testid={format!("inv-item-{id}")}>
            <h4>{ id }</h4>
            <p class="muted" data-testid={format!("inv-summary-{id}")}>{ summary }</p>
            <div class="table-wrap">
                <table class="results">
                    <thead><tr>
                        <th scope="col">{ text::inventory::PERIOD }</th><th scope="col">{ text::inventory::DEMAND }</th><th scope="col">{ text::inventory::SUPPLY }</th>
                        <th scope="col" title={text::inventory::OPENING_STOCK_SUPPLY_DEMAND}>{ text::inventory::PROJECTED_BACKLOG }</th>
                        <th scope="col">{ text::inventory::SAFETY_STOCK }</th><th scope="col">{ text::inventory::REORDER_POINT }</th>
                        <th scope="col">{ text::inventory::COVER_PERIODS }</th><th scope="col">{ text::inventory::VALUE_COST }</th><th scope="col">{ text::inventory::FLAGS }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </div>
    }
}

fn promises(o: &Outlook) -> Html {
    let result = match &o.promises {
        None => return html! { <p class="muted">{ text::inventory::NO_ORDERS_PASTED }</p> },
        Some(Err(e)) => {
            return html! {
                <div role="alert" data-testid="orders-error">
                    <p class="status error">{ e }</p>
                    if o.order_problems.len() > 1 {
                        <ul class="problems">{ for o.order_problems.iter().map(|p| html! { <li>{ p }</li> }) }</ul>
                    }
                </div>
            }
        }
        Some(Ok(r)) => r,
    };
    let rows = result.orders.iter().enumerate().map(|(k, ord)| {
        let key = if ord.id.is_empty() {
            format!("{}", k + 1)
        } else {
            ord.id.clone()
        };
        let has_spare = o
            .spare
            .iter()
            .any(|(i, _)| i.eq_ignore_ascii_case(&ord.item));
        let ctp = match o.ctp.get(k).cloned().flatten() {
            Some(e) => text::inventory::ctp(&e.name, e.periods_late),
            None if has_spare => text::inventory::NOT_WITHIN_HORIZON.to_string(),
            None => "–".to_string(),
        };
        html! {
            <tr class={classes!((!matches!(ord.status, PromiseStatus::OnTime)).then_some("late"))}>
                <th scope="row">{ &key }</th>
                <td class="text">{ &ord.customer }</td>
                <td class="text">{ &ord.item }</td>
                <td>{ quantity(ord.quantity) }</td>
                <td>{ &ord.requested_period }</td>
                <td>{ ord.promised_period.clone().unwrap_or_else(|| "–".into()) }</td>
                <td data-testid={format!("order-status-{key}")}>{ status_words(ord) }</td>
                <td data-testid={format!("order-ctp-{key}")}>{ ctp }</td>
            </tr>
        }
    });
    html! {
        <>
            <p class="status" data-testid="orders-summary">{ text::inventory::orders_summary(
                (result.orders.len(), result.on_time, result.late, result.short),
                &quantity(result.units_promised), &quantity(result.units_ordered)
            ) }</p>
            <div class="table-wrap">
                <table class="results" data-testid="orders-table">
                    <thead><tr>
                        <th scope="col">{ text::inventory::ORDER }</th><th scope="col">{ text::inventory::CUSTOMER }</th><th scope="col">{ text::inventory::ITEM }</th>
                        <th scope="col">{ text::inventory::QTY }</th><th scope="col">{ text::inventory::REQUESTED }</th><th scope="col">{ text::inventory::PROMISED }</th>
                        <th scope="col">{ text::inventory::OUTCOME }</th><th scope="col" title={text::inventory::CAPABLE_PROMISE_EARLIEST_PERIOD}>{ text::inventory::SAME_AGAIN_SPARE_CAPACITY }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            { for result.items.iter().map(|item| atp_table(item, &result.periods)) }
        </>
    }
}

fn atp_table(item: &ItemAtp, periods: &[String]) -> Html {
    let id = &item.item;
    let row = |label: &str, values: &[f64], key: &str| {
        html! {
            <tr>
                <th scope="row">{ label.to_string() }</th>
                { for values.iter().zip(periods).map(|(v, p)| html! { <td data-testid={format!("{key}-{id}-{p}")}>{ quantity(*v) }</td> }) }
            </tr>
        }
    };
    html! {
        <div class="inv-atp" data-testid={format!("atp-{id}")}>
            <h4>{ text::inventory::atp_heading(id, &quantity(item.on_hand)) }</h4>
            <div class="table-wrap">
                <table class="results">
                    <thead><tr><th scope="col"></th>{ for periods.iter().map(|p| html! { <th scope="col">{ p }</th> }) }</tr></thead>
                    <tbody>
                        { row(text::inventory::SUPPLY, &item.supply, "supply") }
                        { row(text::inventory::PROMISED_TO_ORDERS, &item.committed, "committed") }
                        { row(text::inventory::ATP_DISCRETE, &item.atp, "atp") }
                        { row(text::inventory::ATP_CUMULATIVE, &item.cumulative_atp, "cum-atp") }
                    </tbody>
                </table>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use attune_engine::promise::{promise_orders, Availability, ItemSupply, Order};

    #[test]
    fn outcomes_and_flags_in_words() {
        let availability = Availability {
            periods: vec!["W1".into(), "W2".into()],
            items: vec![ItemSupply {
                item: "Valve".into(),
                on_hand: 10.0,
                supply: vec![0.0, 20.0],
            }],
        };
        let orders = [
            Order::new("Acme", "Valve", 10.0, "W1"),
            Order::new("Brix", "Valve", 15.0, "W1"),
            Order::new("Corta", "Valve", 10.0, "W2"),
        ];
        let r = promise_orders(&availability, &orders).unwrap();
        let words: Vec<String> = r.orders.iter().map(status_words).collect();
        assert_eq!(words, ["on time", "late by 1 period", "short by 5 units"]);
        let f = PeriodFlags {
            stockout: true,
            below_safety_stock: true,
            overstock: false,
        };
        assert_eq!(flag_words(&f), ["stockout", "below safety stock"]);
        assert!(flag_words(&PeriodFlags::default()).is_empty());
        assert_eq!(cover_words(None), "no demand ahead");
        assert_eq!(cover_words(Some(1.25)), "1.3");
        assert_eq!(cover_words(Some(f64::INFINITY)), "–");
    }
}
