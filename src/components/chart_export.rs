//! "SVG" and "PNG" buttons that download the chart of the figure they sit in, looking as
//! it does on the page: the same colours, lines and fonts, in the current theme.
//!
//! The page's charts are SVG styled by the page's CSS, which a file opened alone does
//! not have. So the file is a copy of the chart with every element's computed paint and
//! font written on it as SVG presentation attributes (`fill`, `stroke`, `font-size`, …:
//! attributes, not inline styles, so the page's CSP has nothing to refuse and every SVG
//! viewer reads them), the theme's background as a first rectangle, a `<title>`, a
//! `width` and `height`, and the figure's key drawn as a legend under the chart. The PNG
//! is that file drawn on a canvas at twice its size (through a `blob:` image, which the
//! CSP allows) and encoded by the browser. The work is a few DOM calls made only when a
//! button is pressed, so it stays on the page (a worker has no DOM to measure).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, Window};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::keep::download_blob;
use crate::text::chart_export as words;

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The computed properties written on each element of the file.
const PAINT: [&str; 16] = [
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "visibility",
];

/// The PNG's pixels per chart unit (sharp on high-density screens and in slides).
pub const PNG_SCALE: f64 = 2.0;

/// The legend's row height and font size, in chart units.
const LEGEND_ROW: f64 = 18.0;
const LEGEND_FONT: f64 = 11.0;

/// Props of [`ChartExport`].
#[derive(Properties, PartialEq, Debug)]
pub struct ChartExportProps {
    /// What the chart shows beyond its kind (an item's name), added to the title and the
    /// file name; without it the file is named after the chart.
    #[prop_or_default]
    pub name: Option<AttrValue>,
}

/// The image formats offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Svg,
    Png,
}

/// The buttons. Put it inside the chart's `<figure>` (in its `<figcaption>`).
#[component]
pub fn ChartExport(props: &ChartExportProps) -> Html {
    let node = use_node_ref();
    let failed = use_state(|| None::<String>);
    let button = |format: Format| {
        let (node, failed, name) = (node.clone(), failed.clone(), props.name.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            let Some(at) = node.cast::<Element>() else {
                return;
            };
            let (failed, name) = (failed.clone(), name.clone());
            spawn_local(async move {
                let done = save(&at, name.as_deref(), format).await;
                failed.set(done.err().map(|why| {
                    let what = if format == Format::Svg {
                        words::SVG
                    } else {
                        words::PNG
                    };
                    words::not_saved(what, &why)
                }));
            });
        });
        let (testid, text, title) = match format {
            Format::Svg => ("chart-svg", words::SVG, words::SVG_TITLE),
            Format::Png => ("chart-png", words::PNG, words::PNG_TITLE),
        };
        let label = words::label(text);
        html! {
            <button type="button" data-testid={testid} aria-label={label} {title} {onclick}>{ text }</button>
        }
    };
    let (svg, png) = (button(Format::Svg), button(Format::Png));
    html! {
        <span class="chart-export" ref={node}>
            { svg }
            { png }
            if let Some(why) = &*failed {
                <span class="status error" role="alert" data-testid="chart-export-error">{ why }</span>
            }
        </span>
    }
}

/// A chart made into a file of its own.
struct Standalone {
    /// The SVG document's text.
    text: String,
    /// Its size in chart units (= CSS pixels).
    size: (f64, f64),
    /// The file name without extension.
    file: String,
}

async fn save(at: &Element, name: Option<&str>, format: Format) -> Result<(), String> {
    let chart = standalone(at, name)?;
    let svg = blob(&chart.text)?;
    match format {
        Format::Svg => download_blob(&format!("{}.svg", chart.file), &svg),
        Format::Png => {
            let png = rasterise(&svg, chart.size).await?;
            download_blob(&format!("{}.png", chart.file), &png)
        }
    }
}

fn blob(svg: &str) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("image/svg+xml");
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag)
        .map_err(|_| words::NO_IMAGE.to_string())
}

fn gone(_: JsValue) -> String {
    words::GONE.to_string()
}

/// The SVG of the figure around `at`, with its look written on it.
fn standalone(at: &Element, name: Option<&str>) -> Result<Standalone, String> {
    let window = web_sys::window().ok_or_else(|| gone(JsValue::NULL))?;
    let document = window.document().ok_or_else(|| gone(JsValue::NULL))?;
    let figure = at
        .closest("figure")
        .ok()
        .flatten()
        .ok_or_else(|| gone(JsValue::NULL))?;
    let svg = figure
        .query_selector("svg")
        .ok()
        .flatten()
        .ok_or_else(|| gone(JsValue::NULL))?;
    let (width, height) = svg
        .get_attribute("viewBox")
        .and_then(|v| view_box(&v))
        .ok_or_else(|| words::NO_SIZE.to_string())?;
    let copy: Element = svg
        .clone_node_with_deep(true)
        .map_err(gone)?
        .dyn_into()
        .map_err(|_| gone(JsValue::NULL))?;
    paint(&window, &svg, &copy, true);
    let (originals, copies) = (
        svg.query_selector_all("*").map_err(gone)?,
        copy.query_selector_all("*").map_err(gone)?,
    );
    for i in 0..copies.length() {
        let pair = (originals.item(i), copies.item(i));
        if let (Some(o), Some(c)) = pair {
            if let (Some(o), Some(c)) = (o.dyn_ref::<Element>(), c.dyn_ref::<Element>()) {
                paint(&window, o, c, false);
                let _ = c.remove_attribute("data-testid");
            }
        }
    }
    let _ = copy.remove_attribute("data-testid");

    let make = |tag: &str, attributes: &[(&str, String)]| -> Result<Element, String> {
        let e = document
            .create_element_ns(Some(SVG_NS), tag)
            .map_err(gone)?;
        for (k, v) in attributes {
            e.set_attribute(k, v).map_err(gone)?;
        }
        Ok(e)
    };
    // The figure's key as a legend under the chart, in the caption's colour and font.
    let caption = figure.query_selector("figcaption").ok().flatten();
    let caption_style = caption
        .as_ref()
        .and_then(|c| window.get_computed_style(c).ok().flatten());
    let caption_prop = |p: &str| {
        caption_style
            .as_ref()
            .and_then(|s| s.get_property_value(p).ok())
            .unwrap_or_default()
    };
    let keys = figure.query_selector_all("figcaption .key").map_err(gone)?;
    let mut legend: Vec<(String, String)> = Vec::new();
    for i in 0..keys.length() {
        let Some(key) = keys.item(i).and_then(|k| k.dyn_into::<Element>().ok()) else {
            continue;
        };
        let label = key.text_content().unwrap_or_default().trim().to_string();
        let swatch = window
            .get_computed_style_with_pseudo_elt(&key, "::before")
            .ok()
            .flatten()
            .and_then(|s| s.get_property_value("background-color").ok())
            .unwrap_or_default();
        if !label.is_empty() {
            legend.push((label, swatch));
        }
    }
    let lengths: Vec<usize> = legend.iter().map(|(l, _)| l.chars().count()).collect();
    let (places, extra) = legend_layout(&lengths, width, height);
    let total = height + extra;
    let group = make("g", &[("class", "legend".into())])?;
    for ((label, swatch), (x, y)) in legend.iter().zip(&places) {
        let mark = make(
            "rect",
            &[
                ("x", x.to_string()),
                ("y", (y - 2.0).to_string()),
                ("width", "16".into()),
                ("height", "4".into()),
                ("fill", swatch.clone()),
            ],
        )?;
        let text = make(
            "text",
            &[
                ("x", (x + 22.0).to_string()),
                ("y", y.to_string()),
                ("dominant-baseline", "middle".into()),
                ("font-size", format!("{LEGEND_FONT}px")),
                ("font-family", caption_prop("font-family")),
                ("fill", caption_prop("color")),
            ],
        )?;
        text.set_text_content(Some(label));
        group.append_child(&mark).map_err(gone)?;
        group.append_child(&text).map_err(gone)?;
    }
    copy.append_child(&group).map_err(gone)?;

    // A title, the theme's background, the size.
    let aria = svg.get_attribute("aria-label").unwrap_or_default();
    let title_text = match name {
        Some(n) if !n.is_empty() => format!("{aria} — {n}"),
        _ => aria,
    };
    let title = make("title", &[])?;
    title.set_text_content(Some(&title_text));
    let background = make(
        "rect",
        &[
            ("class", "background".into()),
            ("x", "0".into()),
            ("y", "0".into()),
            ("width", width.to_string()),
            ("height", total.to_string()),
            ("fill", background_of(&window, &figure)),
        ],
    )?;
    let first = copy.first_child();
    copy.insert_before(&title, first.as_ref()).map_err(gone)?;
    copy.insert_before(&background, title.next_sibling().as_ref())
        .map_err(gone)?;
    for (k, v) in [
        ("width", width.to_string()),
        ("height", total.to_string()),
        ("viewBox", format!("0 0 {width} {total}")),
    ] {
        copy.set_attribute(k, &v).map_err(gone)?;
    }
    let text = web_sys::XmlSerializer::new()
        .and_then(|s| s.serialize_to_string(&copy))
        .map_err(|_| words::NOT_WRITTEN.to_string())?;
    let base = svg
        .get_attribute("data-testid")
        .unwrap_or_else(|| "chart".into());
    let file = match name {
        Some(n) if !n.is_empty() => file_name(&format!("{base} {n}")),
        _ => file_name(&base),
    };
    Ok(Standalone {
        text: format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{text}\n"),
        size: (width, total),
        file,
    })
}

/// Writes `original`'s computed paint and font on `copy` as presentation attributes:
/// all of them on the chart's root, and below it only those that differ from what the
/// element inherits (`opacity`, not inherited, only when it is not 1), so the file
/// stays small and readable.
fn paint(window: &Window, original: &Element, copy: &Element, root: bool) {
    let Some(style) = window.get_computed_style(original).ok().flatten() else {
        return;
    };
    let parent = if root {
        None
    } else {
        original
            .parent_element()
            .and_then(|p| window.get_computed_style(&p).ok().flatten())
    };
    for property in PAINT {
        let Ok(value) = style.get_property_value(property) else {
            continue;
        };
        let inherited = match (&parent, property) {
            (Some(_), "opacity") => value == "1",
            (Some(p), _) => p.get_property_value(property).ok().as_deref() == Some(value.as_str()),
            (None, _) => false,
        };
        if !value.is_empty() && !inherited {
            let _ = copy.set_attribute(property, &value);
        }
    }
    if style.get_property_value("display").ok().as_deref() == Some("none") {
        let _ = copy.set_attribute("display", "none");
    }
}

/// The colour behind `element`: its own background or the nearest ancestor's that is
/// not transparent; white when none is.
fn background_of(window: &Window, element: &Element) -> String {
    let mut at = Some(element.clone());
    while let Some(e) = at {
        let colour = window
            .get_computed_style(&e)
            .ok()
            .flatten()
            .and_then(|s| s.get_property_value("background-color").ok())
            .unwrap_or_default();
        if !colour.is_empty() && colour != "transparent" && !colour.ends_with(", 0)") {
            return colour;
        }
        at = e.parent_element();
    }
    "#ffffff".to_string()
}

/// Draws the SVG on a canvas at [`PNG_SCALE`] and encodes it as PNG.
async fn rasterise(svg: &web_sys::Blob, (w, h): (f64, f64)) -> Result<web_sys::Blob, String> {
    let cannot = |_| words::NOT_DRAWN.to_string();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| gone(JsValue::NULL))?;
    let url = web_sys::Url::create_object_url_with_blob(svg).map_err(cannot)?;
    let image = web_sys::HtmlImageElement::new().map_err(cannot)?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    decoded.map_err(cannot)?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(cannot)?
        .dyn_into()
        .map_err(|_| cannot(JsValue::NULL))?;
    let (pw, ph) = png_size((w, h));
    canvas.set_width(pw);
    canvas.set_height(ph);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(cannot)?
        .ok_or_else(|| cannot(JsValue::NULL))?
        .dyn_into()
        .map_err(|_| cannot(JsValue::NULL))?;
    context
        .draw_image_with_html_image_element_and_dw_and_dh(
            &image,
            0.0,
            0.0,
            f64::from(pw),
            f64::from(ph),
        )
        .map_err(cannot)?;
    let encoded = js_sys::Promise::new(&mut |resolve, _reject| {
        let answer = resolve.clone();
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = answer.call1(&JsValue::NULL, &blob);
        });
        if canvas.to_blob(done.unchecked_ref()).is_err() {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        }
    });
    JsFuture::from(encoded)
        .await
        .map_err(cannot)?
        .dyn_into::<web_sys::Blob>()
        .map_err(|_| words::NOT_ENCODED.to_string())
}

/// The PNG's size in pixels for a chart of `size` units: [`PNG_SCALE`] times, at least
/// one pixel and at most a canvas's usual limit on a side.
#[must_use]
pub fn png_size((w, h): (f64, f64)) -> (u32, u32) {
    let side = |v: f64| {
        let v = (v * PNG_SCALE).round();
        if v.is_finite() {
            v.clamp(1.0, 16_384.0) as u32
        } else {
            1
        }
    };
    (side(w), side(h))
}

/// The chart's width and height from its `viewBox` ("0 0 720 260").
#[must_use]
pub fn view_box(text: &str) -> Option<(f64, f64)> {
    let numbers: Vec<f64> = text
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers[..] {
        [_, _, w, h] if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

/// Where each legend entry goes under a chart of `width` × `height`: entries of
/// `lengths` characters left to right from the plot's left edge, a new row when one
/// would pass the right edge. Gives each entry's (x, middle y) and the height added.
#[must_use]
pub fn legend_layout(lengths: &[usize], width: f64, height: f64) -> (Vec<(f64, f64)>, f64) {
    if lengths.is_empty() {
        return (Vec::new(), 0.0);
    }
    let (left, right) = (56.0_f64.min(width / 4.0), width - 16.0);
    let per_char = LEGEND_FONT * 0.6;
    let mut places = Vec::with_capacity(lengths.len());
    let (mut x, mut row) = (left, 0.0_f64);
    for &n in lengths {
        let entry = 22.0 + n as f64 * per_char;
        if x > left && x + entry > right {
            x = left;
            row += 1.0;
        }
        places.push((x, height + LEGEND_ROW * (row + 0.5) + 4.0));
        x += entry + 18.0;
    }
    (places, LEGEND_ROW * (row + 1.0) + 8.0)
}

/// A file name from `text`: letters, digits, `-` and `_`; anything else becomes `-`.
#[must_use]
pub fn file_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if c.is_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        "chart".to_string()
    } else {
        out.chars().take(80).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_box_gives_the_size_or_nothing() {
        assert_eq!(view_box("0 0 720 260"), Some((720.0, 260.0)));
        assert_eq!(view_box("0,0,640,96.5"), Some((640.0, 96.5)));
        for bad in [
            "",
            "0 0 720",
            "0 0 0 260",
            "0 0 NaN 1",
            "a b c d",
            "0 0 -5 10",
        ] {
            assert_eq!(view_box(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_png_is_twice_the_chart_and_never_empty_or_huge() {
        assert_eq!(png_size((720.0, 278.0)), (1440, 556));
        assert_eq!(png_size((0.0, f64::NAN)), (1, 1));
        assert_eq!(png_size((1e9, 0.2)), (16_384, 1));
    }

    #[test]
    fn legend_entries_wrap_inside_the_chart() {
        let (places, extra) = legend_layout(&[7, 8, 9], 720.0, 260.0);
        assert_eq!(places.len(), 3);
        assert!(places.iter().all(|(_, y)| *y > 260.0 && *y < 260.0 + extra));
        assert!(places.windows(2).all(|w| w[1].0 > w[0].0), "one row");
        let (places, extra) = legend_layout(&[60, 60, 60], 720.0, 260.0);
        assert_eq!(places[1].0, places[0].0, "a long key starts a new row");
        assert!(places[2].1 > places[1].1 && extra > 3.0 * LEGEND_ROW);
        for (x, _) in &places {
            assert!(*x >= 0.0 && *x < 720.0);
        }
        assert_eq!(legend_layout(&[], 720.0, 260.0), (Vec::new(), 0.0));
    }

    #[test]
    fn file_names_keep_letters_and_digits() {
        assert_eq!(file_name("forecast-chart P-1"), "forecast-chart-P-1");
        assert_eq!(
            file_name("forecast-chart =HYPERLINK(\"x\")"),
            "forecast-chart-HYPERLINK-x"
        );
        assert_eq!(file_name("///"), "chart");
        assert_eq!(file_name("Küche Ø5"), "Küche-Ø5");
    }
}
