//! Orders pasted from a spreadsheet or an ERP export.
//!
//! The text is split by the importer's reader ([`read_text`]: tab, `;`, `,` or `|`,
//! quoted cells) and quantities are read with [`parse_number`] under the decimal mark
//! most quantity cells point to. The first row is the header; columns are told by their
//! header, in any order:
//!
//! | role | headers (any case; the first column that matches wins) |
//! |---|---|
//! | quantity (needed) | a word `Qty`, `Quantity`, `Units`, `Pcs`, `Pieces`, `Volume` (`Order qty`); `Menge`, `Stück`, `Quantité`, `Cantidad`, `Aantal` |
//! | requested period (needed) | `Requested`, `Period`, `Due`, `Date`, `Month`, `Week`, `Delivery`, `Needed`; `Wunschtermin`, `Liefertermin`, `Datum`, `Monat`, `KW`, `Livraison`, `Fecha`, `Mes` … |
//! | item (needed) | `Item`, `SKU`, `Product`, `Family`, `Material`, `Article`, `Part`; `Artikel`, `Produkt`, `Produit`, `Producto` … |
//! | customer | `Customer`, `Client`, `Account`, `Buyer`, `Sold to`, `Ship to`; `Kunde`, `Cliente`, `Klant` |
//! | priority | `Priority`, `Prio`, `Rank`; `Priorität`, `Priorité`, `Prioridad` |
//! | order number | `Order`, `Order no`, `SO`, `ID`, `Document`, `Number`, `#`; `Auftrag`, `Bestellung`, `Commande`, `Pedido` |
//!
//! The requested period is kept as written and matched to the plan's periods (ignoring
//! case) when the orders are promised. Every cell that cannot be read is reported with
//! its row, column and text; one bad cell fails the table, since an order silently left
//! out would make the promise look better than it is.

use crate::import::text::read_text;
use crate::import::{column_letter, CellProblem, RawRow};
use crate::number::{decide_decimal_mark, parse_number};
use crate::plan::capacity::TableError;

use super::{Order, MAX_UNITS};

const LAYOUT: &str = "Customer | Item | Quantity | Requested period (optionally Order, Priority)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Quantity,
    Requested,
    Item,
    Customer,
    Priority,
    Id,
}

/// The role a header names, if any, by its words; checked in an order that keeps
/// `Order qty` a quantity and `Order date` a period.
fn role(header: &str) -> Option<Role> {
    let h = header.trim().to_lowercase();
    let words: Vec<&str> = h
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(&[
        "qty",
        "quantity",
        "quantities",
        "units",
        "pcs",
        "pieces",
        "volume",
        "menge",
        "anzahl",
        "stück",
        "stk",
        "quantité",
        "qté",
        "cantidad",
        "aantal",
    ]) {
        Some(Role::Quantity)
    } else if has(&[
        "requested",
        "request",
        "period",
        "due",
        "date",
        "month",
        "week",
        "delivery",
        "deliver",
        "need",
        "needed",
        "required",
        "wanted",
        "wunschtermin",
        "liefertermin",
        "termin",
        "datum",
        "monat",
        "woche",
        "kw",
        "periode",
        "période",
        "livraison",
        "mois",
        "semaine",
        "periodo",
        "fecha",
        "entrega",
        "mes",
        "semana",
        "maand",
        "levering",
    ]) {
        Some(Role::Requested)
    } else if has(&[
        "item",
        "items",
        "sku",
        "product",
        "family",
        "material",
        "article",
        "part",
        "artikel",
        "produkt",
        "familie",
        "teil",
        "produit",
        "famille",
        "artículo",
        "producto",
        "familia",
        "matnr",
        "artnr",
    ]) {
        Some(Role::Item)
    } else if has(&[
        "customer", "client", "account", "buyer", "sold", "ship", "kunde", "cliente", "klant",
    ]) {
        Some(Role::Customer)
    } else if has(&[
        "priority",
        "prio",
        "rank",
        "priorität",
        "priorité",
        "prioridad",
        "prioriteit",
    ]) {
        Some(Role::Priority)
    } else if has(&[
        "order",
        "so",
        "no",
        "id",
        "document",
        "doc",
        "number",
        "auftrag",
        "bestellung",
        "commande",
        "pedido",
    ]) || h.contains('#')
    {
        Some(Role::Id)
    } else {
        None
    }
}

/// Reads orders pasted with a header row (see the module documentation for the columns).
/// Quantities must be above zero; priorities whole numbers from 0 up.
///
/// # Errors
/// [`TableError`] when the text is empty, lacks an item, quantity or requested-period
/// column, has no rows, or any cell cannot be read (an empty item or period, a quantity
/// that is not a number or not above zero, a priority that is not a whole number); each
/// cell problem names the row, the column and the cell.
pub fn parse_orders(text: &str) -> Result<Vec<Order>, TableError> {
    let table = read_text(text);
    let Some((header, body)) = table.rows.split_first() else {
        return Err(TableError::Empty {
            expected: LAYOUT.to_string(),
        });
    };
    let width = table.width();
    let mut columns: Vec<(Role, usize)> = Vec::new();
    for c in 0..width {
        if let Some(r) = role(header.cell(c)) {
            if !columns.iter().any(|(seen, _)| *seen == r) {
                columns.push((r, c));
            }
        }
    }
    let col = |r: Role| columns.iter().find(|(seen, _)| *seen == r).map(|(_, c)| *c);
    let (Some(item_col), Some(qty_col), Some(period_col)) =
        (col(Role::Item), col(Role::Quantity), col(Role::Requested))
    else {
        return Err(TableError::MissingColumns {
            expected: LAYOUT.to_string(),
        });
    };
    if body.is_empty() {
        return Err(TableError::NoRows {
            expected: "one row per order".to_string(),
        });
    }
    let name = |c: usize| {
        let h = header.cell(c).trim();
        if h.is_empty() {
            column_letter(c)
        } else {
            h.to_string()
        }
    };
    let mut problems = Vec::new();
    let mut problem = |row: &RawRow, c: usize, message: &str| {
        problems.push(CellProblem {
            row: row.line,
            column_index: c,
            column: name(c),
            cell: row.cell(c).to_string(),
            message: message.to_string(),
        });
    };
    let number_cols: Vec<usize> = [Some(qty_col), col(Role::Priority)]
        .into_iter()
        .flatten()
        .collect();
    let mark = decide_decimal_mark(
        body.iter()
            .flat_map(|r| number_cols.iter().map(move |&c| r.cell(c))),
    );
    let mut orders = Vec::with_capacity(body.len());
    for row in body {
        let item = row.cell(item_col).trim();
        if item.is_empty() {
            problem(row, item_col, "is empty: name the item or family ordered");
        }
        let requested = row.cell(period_col).trim();
        if requested.is_empty() {
            problem(
                row,
                period_col,
                "is empty: give the period the customer wants it in",
            );
        }
        let quantity = match parse_number(row.cell(qty_col), mark) {
            Ok(Some(q)) if q > 0.0 && q <= MAX_UNITS => Some(q),
            Ok(Some(q)) if q > MAX_UNITS => {
                problem(row, qty_col, "is larger than Attune accepts (1e12 units)");
                None
            }
            Ok(Some(_)) => {
                problem(row, qty_col, "is not above zero: an order needs a quantity");
                None
            }
            Ok(None) => {
                problem(row, qty_col, "is empty: give the quantity ordered");
                None
            }
            Err(why) => {
                problem(row, qty_col, &why);
                None
            }
        };
        let priority = match col(Role::Priority) {
            None => Some(None),
            Some(c) => match parse_number(row.cell(c), mark) {
                Ok(None) => Some(None),
                Ok(Some(p)) if p >= 0.0 && p.fract() == 0.0 && p <= f64::from(u32::MAX) => {
                    // A whole number within u32's range, so the conversion is exact.
                    Some(Some(p as u32))
                }
                Ok(Some(_)) => {
                    problem(
                        row,
                        c,
                        "is not a whole number from 0 up (1 is served first)",
                    );
                    None
                }
                Err(why) => {
                    problem(row, c, &why);
                    None
                }
            },
        };
        if let (Some(quantity), Some(priority), false, false) =
            (quantity, priority, item.is_empty(), requested.is_empty())
        {
            let text = |r: Role| col(r).map_or(String::new(), |c| row.cell(c).trim().to_string());
            orders.push(Order {
                id: text(Role::Id),
                customer: text(Role::Customer),
                item: item.to_string(),
                quantity,
                requested: requested.to_string(),
                priority,
                row: Some(row.line),
            });
        }
    }
    if problems.is_empty() {
        Ok(orders)
    } else {
        Err(TableError::Cells { problems })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_find_their_roles() {
        assert_eq!(role("Order qty"), Some(Role::Quantity));
        assert_eq!(role("Order date"), Some(Role::Requested));
        assert_eq!(role("Requested period"), Some(Role::Requested));
        assert_eq!(role("SKU"), Some(Role::Item));
        assert_eq!(role("Product family"), Some(Role::Item));
        assert_eq!(role("Sold-to customer"), Some(Role::Customer));
        assert_eq!(role("Order no."), Some(Role::Id));
        assert_eq!(role("SO"), Some(Role::Id));
        assert_eq!(role("Prio"), Some(Role::Priority));
        assert_eq!(role("Ship-to party"), Some(Role::Customer));
        assert_eq!(role("Part no."), Some(Role::Item));
        assert_eq!(role("#"), Some(Role::Id));
        assert_eq!(role("Remarks"), None);
    }
}
