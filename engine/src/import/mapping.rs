//! Which column means what: the layout of a table (long, wide or a single series) and
//! the role of each column, detected from the header words and the cells below them.
//!
//! Detection only proposes: the page shows the roles beside a preview and the user can
//! change any of them; [`super::dataset::check`] then reads the table under whatever
//! mapping it is given. Header words are matched in English, German, French, Spanish and
//! Dutch, since ERP exports keep the language of the subsidiary.

use serde::{Deserialize, Serialize};

use super::{RawRow, RawTable};
use crate::calendar::{parse_period_column, DateOrder, Granularity};
use crate::number::{parse_number, DecimalMark};

/// How the table is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One row per item and period (`sku, date, qty`).
    Long,
    /// One row per item, one column per period (the typical Excel sheet).
    Wide,
    /// One series: a period column and a quantity column.
    Single,
}

/// What one column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The item (SKU, article, product code).
    Item,
    /// The product family the item belongs to.
    Family,
    /// Location, site or warehouse: items are forecast per location.
    Location,
    /// Customer: summed over (long layout).
    Customer,
    /// A description of the item, kept as its label.
    Description,
    /// The period of the row (long and single layouts).
    Period,
    /// The quantity sold (long and single layouts).
    Quantity,
    /// A column of quantities for the period named in its header (wide layout).
    PeriodValues,
    /// Selling price per unit.
    Price,
    /// Cost per unit.
    UnitCost,
    /// Not used.
    Ignore,
}

impl Role {
    /// Every role, in the order a role picker lists them.
    pub const ALL: [Self; 11] = [
        Self::Item,
        Self::Family,
        Self::Location,
        Self::Customer,
        Self::Description,
        Self::Period,
        Self::Quantity,
        Self::PeriodValues,
        Self::Price,
        Self::UnitCost,
        Self::Ignore,
    ];

    /// The role's name as shown to the user.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Item => "Item",
            Self::Family => "Family",
            Self::Location => "Location",
            Self::Customer => "Customer",
            Self::Description => "Description",
            Self::Period => "Period",
            Self::Quantity => "Quantity",
            Self::PeriodValues => "Quantities of a period",
            Self::Price => "Price",
            Self::UnitCost => "Unit cost",
            Self::Ignore => "Ignore",
        }
    }
}

/// What to do with periods that have no row (or an empty cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapFill {
    /// Nothing was sold: count 0.
    #[default]
    Zero,
    /// Not recorded: unknown, bridged for forecasting and left out of accuracy.
    Missing,
}

/// How to read a table: the layout, each column's role, and the column-wide choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// The layout.
    pub layout: Layout,
    /// Whether the first row is a header.
    pub has_header: bool,
    /// One role per column (columns past the end are ignored).
    pub roles: Vec<Role>,
    /// The decimal mark; `None` decides it from the cells.
    pub decimal_mark: Option<DecimalMark>,
    /// How to read `03/04/2024`.
    pub date_order: DateOrder,
    /// The bucket rows are summed into; `None` infers it.
    pub bucket: Option<Granularity>,
    /// What an absent period means.
    pub gaps: GapFill,
}

/// What a cell looks like, for detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Empty,
    Number,
    Period,
    Text,
}

fn kind(cell: &str) -> Kind {
    if cell.trim().is_empty() {
        Kind::Empty
    } else if parse_number(cell, DecimalMark::Point).is_ok()
        || parse_number(cell, DecimalMark::Comma).is_ok()
    {
        Kind::Number
    } else if parse_period_column(&[cell], DateOrder::Auto)
        .problems
        .is_empty()
    {
        Kind::Period
    } else {
        Kind::Text
    }
}

/// The dominant kind of a column's body cells (ignoring empties), and its share.
fn dominant(rows: &[RawRow], col: usize) -> (Kind, f64) {
    let mut counts = [0usize; 4];
    for r in rows {
        let k = kind(r.cell(col));
        let i = match k {
            Kind::Empty => continue,
            Kind::Number => 1,
            Kind::Period => 2,
            Kind::Text => 3,
        };
        counts[i] += 1;
    }
    let total: usize = counts.iter().sum();
    let (i, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(_, n)| **n)
        .map_or((0, 0), |(i, n)| (i, *n));
    let k = [Kind::Empty, Kind::Number, Kind::Period, Kind::Text][if n == 0 { 0 } else { i }];
    (
        k,
        if total == 0 {
            0.0
        } else {
            n as f64 / total as f64
        },
    )
}

const WORDS: [(Role, &[&str]); 9] = [
    (
        Role::UnitCost,
        &[
            "unit cost",
            "unitcost",
            "cost",
            "cogs",
            "kosten",
            "coût",
            "cout",
            "coste",
            "kostprijs",
            "ek-preis",
            "einstand",
        ],
    ),
    (
        Role::Price,
        &[
            "price", "preis", "prix", "precio", "prijs", "vk-preis", "asp",
        ],
    ),
    (
        Role::Family,
        &[
            "family",
            "familie",
            "famille",
            "familia",
            "group",
            "gruppe",
            "groupe",
            "grupo",
            "groep",
            "category",
            "kategorie",
            "catégorie",
            "product line",
            "warengruppe",
        ],
    ),
    (
        Role::Location,
        &[
            "location",
            "site",
            "warehouse",
            "plant",
            "werk",
            "lager",
            "standort",
            "entrepôt",
            "almacén",
            "dc",
            "branch",
            "store",
        ],
    ),
    (
        Role::Customer,
        &[
            "customer", "client", "kunde", "cliente", "klant", "account", "sold-to", "debitor",
        ],
    ),
    (
        Role::Description,
        &[
            "description",
            "descr",
            "bezeichnung",
            "beschreibung",
            "désignation",
            "libellé",
            "descripción",
            "omschrijving",
            "name",
            "product name",
        ],
    ),
    (
        Role::Period,
        &[
            "period", "periode", "période", "periodo", "date", "datum", "fecha", "month", "monat",
            "mois", "mes", "maand", "week", "woche", "semaine", "semana", "quarter", "quartal",
            "year", "jahr", "année", "año", "jaar", "day", "tag", "time", "kw",
        ],
    ),
    (
        Role::Quantity,
        &[
            "qty",
            "quantity",
            "quantities",
            "units",
            "unit sales",
            "sales",
            "demand",
            "volume",
            "amount",
            "menge",
            "absatz",
            "stück",
            "stk",
            "quantité",
            "qté",
            "cantidad",
            "aantal",
            "shipments",
            "orders",
            "pieces",
            "pcs",
        ],
    ),
    (
        Role::Item,
        &[
            "sku",
            "item",
            "product",
            "artikel",
            "article",
            "artículo",
            "material",
            "part",
            "code",
            "id",
            "produkt",
            "produit",
            "producto",
            "matnr",
            "artnr",
        ],
    ),
];

/// The role a header's words suggest, if any.
fn role_from_header(header: &str) -> Option<Role> {
    let h = header.trim().to_lowercase();
    if h.is_empty() {
        return None;
    }
    let words: Vec<&str> = h
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    for (role, keys) in WORDS {
        for key in keys {
            let hit = if key.contains(' ') || key.len() > 4 {
                h.contains(key)
            } else {
                words.contains(key)
            };
            if hit {
                return Some(role);
            }
        }
    }
    None
}

/// Proposes a mapping for `table` from its header words and cell contents.
#[must_use]
pub fn detect(table: &RawTable) -> ColumnMapping {
    let width = table.width();
    let mut mapping = ColumnMapping {
        layout: Layout::Single,
        has_header: false,
        roles: vec![Role::Ignore; width],
        decimal_mark: None,
        date_order: DateOrder::Auto,
        bucket: None,
        gaps: GapFill::Zero,
    };
    let Some(first) = table.rows.first() else {
        return mapping;
    };
    let body: Vec<RawRow> = table.rows.iter().skip(1).take(200).cloned().collect();
    let first_kinds: Vec<Kind> = (0..width).map(|c| kind(first.cell(c))).collect();
    let body_kinds: Vec<(Kind, f64)> = (0..width).map(|c| dominant(&body, c)).collect();

    // Wide: at least two header cells that are periods over numeric columns.
    let period_headers: Vec<usize> = (0..width)
        .filter(|&c| {
            first_kinds[c] == Kind::Period && matches!(body_kinds[c].0, Kind::Number | Kind::Empty)
        })
        .collect();
    if period_headers.len() >= 2 {
        mapping.layout = Layout::Wide;
        mapping.has_header = true;
        for &c in &period_headers {
            mapping.roles[c] = Role::PeriodValues;
        }
        for c in (0..width).filter(|c| !period_headers.contains(c)) {
            let header = first.cell(c);
            mapping.roles[c] = match role_from_header(header) {
                Some(
                    r @ (Role::Item
                    | Role::Family
                    | Role::Location
                    | Role::Description
                    | Role::Price
                    | Role::UnitCost),
                ) => r,
                _ => Role::Ignore,
            };
        }
        if !mapping.roles.contains(&Role::Item) {
            // The first text column names the items.
            if let Some(c) = (0..width).find(|&c| {
                !period_headers.contains(&c)
                    && body_kinds[c].0 == Kind::Text
                    && mapping.roles[c] != Role::Family
            }) {
                mapping.roles[c] = Role::Item;
            }
        }
        return mapping;
    }

    // A header row: a text first cell over a column of numbers or periods, or any cell
    // whose words name a role over cells of another kind.
    mapping.has_header = (0..width).any(|c| {
        let fk = first_kinds[c];
        let (bk, share) = body_kinds[c];
        fk == Kind::Text && matches!(bk, Kind::Number | Kind::Period) && share >= 0.5
    }) || (first_kinds
        .iter()
        .all(|k| matches!(k, Kind::Text | Kind::Empty))
        && first.cells().any(|c| role_from_header(c).is_some()));

    // Without a header, the first row is data too.
    let body_kinds: Vec<(Kind, f64)> = if mapping.has_header {
        body_kinds
    } else {
        let rows: Vec<RawRow> = table.rows.iter().take(200).cloned().collect();
        (0..width).map(|c| dominant(&rows, c)).collect()
    };
    let header = |c: usize| {
        if mapping.has_header {
            first.cell(c)
        } else {
            ""
        }
    };
    let mut roles: Vec<Role> = (0..width)
        .map(|c| role_from_header(header(c)).unwrap_or(Role::Ignore))
        .collect();
    // Only one column per single-valued role: the first one named keeps it.
    for role in [
        Role::Item,
        Role::Period,
        Role::Quantity,
        Role::Family,
        Role::Price,
        Role::UnitCost,
        Role::Location,
        Role::Customer,
        Role::Description,
    ] {
        let mut seen = false;
        for r in roles.iter_mut().filter(|r| **r == role) {
            if seen {
                *r = Role::Ignore;
            }
            seen = true;
        }
    }
    // Contents fill in what the words did not say.
    if !roles.contains(&Role::Period) {
        if let Some(c) =
            (0..width).find(|&c| roles[c] == Role::Ignore && body_kinds[c].0 == Kind::Period)
        {
            roles[c] = Role::Period;
        } else if let Some(c) =
            (0..width).find(|&c| roles[c] == Role::Ignore && body_kinds[c].0 == Kind::Number)
        {
            // Plain period numbers, years or Excel serials in the first numeric column.
            roles[c] = Role::Period;
        }
    }
    if !roles.contains(&Role::Quantity) {
        if let Some(c) = (0..width)
            .rev()
            .find(|&c| roles[c] == Role::Ignore && body_kinds[c].0 == Kind::Number)
        {
            roles[c] = Role::Quantity;
        }
    }
    if !roles.contains(&Role::Item) {
        if let Some(c) =
            (0..width).find(|&c| roles[c] == Role::Ignore && body_kinds[c].0 == Kind::Text)
        {
            roles[c] = Role::Item;
        }
    }
    mapping.layout = if roles.contains(&Role::Item) {
        Layout::Long
    } else {
        Layout::Single
    };
    mapping.roles = roles;
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::read_text;

    fn roles(text: &str) -> (Layout, bool, Vec<Role>) {
        let m = detect(&read_text(text));
        (m.layout, m.has_header, m.roles)
    }

    #[test]
    fn single_series_with_and_without_header() {
        assert_eq!(
            roles("Month\tUnits\n2024-01\t5\n"),
            (Layout::Single, true, vec![Role::Period, Role::Quantity])
        );
        assert_eq!(
            roles("2024-01\t5\n2024-02\t6\n"),
            (Layout::Single, false, vec![Role::Period, Role::Quantity])
        );
        assert_eq!(
            roles("1\t5\n2\t6\n"),
            (Layout::Single, false, vec![Role::Period, Role::Quantity])
        );
    }

    #[test]
    fn long_with_attributes() {
        let (layout, header, r) =
            roles("family,sku,month,units,price,unit_cost\nPumps,P-1,2024-01,5,10.00,6.00\n");
        assert_eq!(layout, Layout::Long);
        assert!(header);
        assert_eq!(
            r,
            [
                Role::Family,
                Role::Item,
                Role::Period,
                Role::Quantity,
                Role::Price,
                Role::UnitCost
            ]
        );
        let (layout, _, r) = roles("Item\tWeek\tQty\nSP-1\t2024-01-01\t3\n");
        assert_eq!(
            (layout, r),
            (Layout::Long, vec![Role::Item, Role::Period, Role::Quantity])
        );
    }

    #[test]
    fn long_without_header_words() {
        let (layout, header, r) = roles("A-1\t2024-01-03\t4\nA-2\t2024-01-04\t6\n");
        assert!(!header);
        assert_eq!(
            (layout, r),
            (Layout::Long, vec![Role::Item, Role::Period, Role::Quantity])
        );
    }

    #[test]
    fn german_long() {
        let (layout, _, r) = roles("Artikel;Datum;Menge;Kunde\nA1;01.03.2024;5;K1\n");
        assert_eq!(layout, Layout::Long);
        assert_eq!(
            r,
            [Role::Item, Role::Period, Role::Quantity, Role::Customer]
        );
    }

    #[test]
    fn wide_sheet() {
        let (layout, header, r) =
            roles("Artikel;Bezeichnung;Jan 2023;Feb 2023;Mar 2023\nA1;Pumpe;1.234,5;;3\n");
        assert_eq!((layout, header), (Layout::Wide, true));
        assert_eq!(
            r,
            [
                Role::Item,
                Role::Description,
                Role::PeriodValues,
                Role::PeriodValues,
                Role::PeriodValues
            ]
        );
        let (layout, _, r) = roles("sku\t2024-01\t2024-02\nX\t1\t2\nY\t3\t4\n");
        assert_eq!(
            (layout, r),
            (
                Layout::Wide,
                vec![Role::Item, Role::PeriodValues, Role::PeriodValues]
            )
        );
    }

    #[test]
    fn header_words() {
        assert_eq!(role_from_header("Unit Price (EUR)"), Some(Role::Price));
        assert_eq!(role_from_header("Std. unit cost"), Some(Role::UnitCost));
        assert_eq!(role_from_header("Product family"), Some(Role::Family));
        assert_eq!(role_from_header("SKU code"), Some(Role::Item));
        assert_eq!(role_from_header("Sales qty"), Some(Role::Quantity));
        assert_eq!(role_from_header("KW"), Some(Role::Period));
        assert_eq!(role_from_header("Notes"), None);
    }
}
