//! The preview of the table as read: the detected layout and options, a role picker over
//! each column, and the first rows with every problem cell highlighted. Changing anything
//! re-reads the table at once.

use std::collections::HashMap;
use std::rc::Rc;

use attune_engine::calendar::{DateOrder, Granularity};
use attune_engine::import::mapping::{ColumnMapping, GapFill, Layout, Role};
use attune_engine::import::{column_letter, ImportError};
use attune_engine::number::DecimalMark;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::session::{ImportView, HEAD_ROWS};
use crate::text;

/// Props of [`MappingPreview`].
#[derive(Properties, PartialEq, Debug)]
pub struct MappingPreviewProps {
    /// The table as read.
    pub view: Rc<ImportView>,
    /// A changed mapping.
    pub on_mapping: Callback<ColumnMapping>,
    /// Another sheet chosen.
    pub on_sheet: Callback<usize>,
}

/// The buckets a user can sum rows into.
const BUCKETS: [Granularity; 6] = [
    Granularity::Day,
    Granularity::Week,
    Granularity::Month,
    Granularity::Quarter,
    Granularity::Year,
    Granularity::Index,
];

fn select(
    testid: &str,
    label: &str,
    options: Vec<(String, String)>,
    value: &str,
    onchange: Callback<String>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        onchange.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
    });
    html! {
        <label class="option">{ label }
            <select data-testid={testid.to_string()} {onchange}>
                { for options.into_iter().map(|(v, text)| html! { <option value={v.clone()} selected={v == value}>{ text }</option> }) }
            </select>
        </label>
    }
}

/// A callback that applies `f` to a copy of `mapping` with the chosen value, and emits it.
fn edit(
    mapping: &ColumnMapping,
    on: &Callback<ColumnMapping>,
    f: fn(&mut ColumnMapping, &str),
) -> Callback<String> {
    let (mapping, on) = (mapping.clone(), on.clone());
    Callback::from(move |v: String| {
        let mut next = mapping.clone();
        f(&mut next, &v);
        on.emit(next);
    })
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(v, t)| ((*v).to_string(), (*t).to_string()))
        .collect()
}

/// Options, role pickers and the highlighted preview.
#[component]
pub fn MappingPreview(props: &MappingPreviewProps) -> Html {
    let view = &props.view;
    let m = &view.mapping;
    let width = view.width;
    let emit = |f: fn(&mut ColumnMapping, &str)| edit(m, &props.on_mapping, f);
    let import = view.import.as_ref().ok();
    let resolved = import.map_or(m, |i| &i.mapping);

    let layout = select(
        "layout",
        text::preview::LAYOUT,
        pairs(&[
            ("long", text::preview::LAYOUT_LONG),
            ("wide", text::preview::LAYOUT_WIDE),
            ("single", text::preview::LAYOUT_SINGLE),
        ]),
        match m.layout {
            Layout::Long => "long",
            Layout::Wide => "wide",
            Layout::Single => "single",
        },
        emit(|m, v| {
            m.layout = match v {
                "wide" => Layout::Wide,
                "single" => Layout::Single,
                _ => Layout::Long,
            }
        }),
    );
    let mark = select(
        "decimal-mark",
        text::preview::DECIMAL_MARK,
        pairs(&[
            (".", text::preview::MARK_POINT),
            (",", text::preview::MARK_COMMA),
        ]),
        if resolved.decimal_mark == Some(DecimalMark::Comma) {
            ","
        } else {
            "."
        },
        emit(|m, v| {
            m.decimal_mark = Some(if v == "," {
                DecimalMark::Comma
            } else {
                DecimalMark::Point
            })
        }),
    );
    let order = select(
        "date-order",
        text::preview::DATE_ORDER,
        pairs(&[
            ("auto", text::preview::DATE_AUTO),
            ("dmy", text::preview::DATE_DMY),
            ("mdy", text::preview::DATE_MDY),
        ]),
        match m.date_order {
            DateOrder::Auto => "auto",
            DateOrder::DayFirst => "dmy",
            DateOrder::MonthFirst => "mdy",
        },
        emit(|m, v| {
            m.date_order = match v {
                "dmy" => DateOrder::DayFirst,
                "mdy" => DateOrder::MonthFirst,
                _ => DateOrder::Auto,
            }
        }),
    );
    let bucket_value = resolved
        .bucket
        .map_or("auto".to_string(), |b| format!("{b:?}"));
    let bucket = select(
        "bucket",
        text::preview::PERIODS,
        BUCKETS
            .iter()
            .map(|b| (format!("{b:?}"), text::preview::buckets(b.adjective())))
            .collect(),
        &bucket_value,
        emit(|m, v| m.bucket = BUCKETS.iter().copied().find(|b| format!("{b:?}") == v)),
    );
    let gaps = select(
        "gaps",
        text::preview::GAPS,
        pairs(&[
            ("zero", text::preview::GAPS_ZERO),
            ("missing", text::preview::GAPS_MISSING),
        ]),
        if m.gaps == GapFill::Missing {
            "missing"
        } else {
            "zero"
        },
        emit(|m, v| {
            m.gaps = if v == "missing" {
                GapFill::Missing
            } else {
                GapFill::Zero
            }
        }),
    );
    let on_header = {
        let (m, on) = (m.clone(), props.on_mapping.clone());
        Callback::from(move |e: Event| {
            let mut next = m.clone();
            next.has_header = e.target_unchecked_into::<HtmlInputElement>().checked();
            on.emit(next);
        })
    };
    let sheets = (view.sheets.len() > 1).then(|| {
        let on = props.on_sheet.clone();
        select(
            "sheet-picker",
            text::preview::SHEET,
            view.sheets
                .iter()
                .enumerate()
                .map(|(i, n)| (i.to_string(), n.clone()))
                .collect(),
            &view.sheet.to_string(),
            Callback::from(move |v: String| {
                if let Ok(i) = v.parse() {
                    on.emit(i)
                }
            }),
        )
    });

    // Highlights: problems (bad) and warned cells, by (line, column).
    let mut marks: HashMap<(usize, usize), (&'static str, String)> = HashMap::new();
    if let Some(i) = import {
        for w in &i.warnings {
            for cell in &w.cells {
                marks.insert(*cell, ("warn", w.message.clone()));
            }
        }
        for p in &i.problems {
            marks.insert((p.row, p.column_index), ("bad", p.message.clone()));
        }
    }
    if let Err(ImportError::NoUsableRows { problems }) = &view.import {
        for p in problems {
            marks.insert((p.row, p.column_index), ("bad", p.message.clone()));
        }
    }
    let role_pickers = (0..width).map(|c| {
        let role = m.roles.get(c).copied().unwrap_or(Role::Ignore);
        let (m, on) = (m.clone(), props.on_mapping.clone());
        let onchange = Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = m.clone();
            next.roles.resize(next.roles.len().max(c + 1), Role::Ignore);
            if let Some(r) = Role::ALL.iter().find(|r| r.label() == v) {
                next.roles[c] = *r;
            }
            on.emit(next);
        });
        html! {
            <th scope="col">
                <select class="role" data-testid={format!("role-{c}")} aria-label={format!("Role of column {}", column_letter(c))} {onchange}>
                    { for Role::ALL.iter().map(|r| html! { <option value={r.label()} selected={*r == role}>{ r.label() }</option> }) }
                </select>
            </th>
        }
    });
    let mut previous: Option<usize> = None;
    let rows = view.preview.iter().enumerate().map(|(i, row)| {
        // Rows past the head are problem rows: mark where rows were left out.
        let gap = i >= HEAD_ROWS && previous.is_some_and(|p| row.line > p + 1);
        previous = Some(row.line);
        let is_header = i == 0 && m.has_header;
        html! {
            <>
                if gap { <tr class="elided"><td colspan={(width + 1).to_string()}>{ "…" }</td></tr> }
                <tr class={classes!(is_header.then_some("header-row"))}>
                    <th scope="row" class="line">{ row.line }</th>
                    { for (0..width).map(|c| {
                        let text = row.cell(c).to_string();
                        match marks.get(&(row.line, c)) {
                            Some((kind, why)) => html! {
                                <td class={*kind} title={why.clone()} data-testid={format!("cell-{}-{c}", row.line)}>{ text }</td>
                            },
                            None => html! { <td>{ text }</td> },
                        }
                    }) }
                </tr>
            </>
        }
    });

    html! {
        <div class="preview" data-testid="preview">
            <div class="options">
                { sheets.unwrap_or_default() }
                { layout }
                <label class="option check"><input type="checkbox" data-testid="has-header" checked={m.has_header} onchange={on_header} />{ text::preview::FIRST_ROW_HEADER }</label>
                { mark }
                { order }
                { bucket }
                { gaps }
            </div>
            <div class="table-wrap preview-table">
                <table>
                    <thead><tr><th scope="col" class="line">{ text::preview::ROW }</th>{ for role_pickers }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            if view.total_rows > view.preview.len() {
                <p class="muted">{ format!("Showing {} of {} rows (the first {HEAD_ROWS} and any with a problem).", view.preview.len(), view.total_rows) }</p>
            }
        </div>
    }
}
