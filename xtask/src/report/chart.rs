//! `report.svg`: operations per second of ML-KEM-768 and ML-DSA-65, pqkit
//! next to its peers, natively and in Node, as horizontal bars on a log
//! scale (the rates span three orders of magnitude).

use super::data::{NODE, OPERATIONS, Row};
use super::render::{count, grouped};
use crate::util::Result;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const WIDTH: u32 = 1100;
const PANEL_HEIGHT: u32 = 640;

/// Operations shown: algorithm, the native operation name, the Node one.
const CATEGORIES: &[(&str, &str, &str)] = &[
    ("ML-KEM-768", "keygen", "keygen"),
    ("ML-KEM-768", "encaps", "encaps"),
    ("ML-KEM-768", "decaps", "decaps"),
    ("ML-DSA-65", "keygen", "keygen"),
    ("ML-DSA-65", "sign", "sign (expanded key)"),
    ("ML-DSA-65", "verify", "verify"),
];

/// One bar colour per implementation: label, implementation (prefix),
/// platform, colour. pqkit in saturated blues, the peers in muted hues.
type Series = (&'static str, &'static str, &'static str, RGBColor);

const NATIVE: &[Series] = &[
    ("pqkit", "pqkit", "native", RGBColor(0x1f, 0x4e, 0xb4)),
    ("libcrux", "libcrux", "native", RGBColor(0xe0, 0x8a, 0x1e)),
    (
        "libcrux-portable",
        "libcrux-portable",
        "native",
        RGBColor(0xf2, 0xc2, 0x7e),
    ),
    (
        "aws-lc-rs",
        "aws-lc-rs",
        "native",
        RGBColor(0x3a, 0x9a, 0x4a),
    ),
    (
        "rustcrypto",
        "rustcrypto",
        "native",
        RGBColor(0x8e, 0x6b, 0xb8),
    ),
];

const NODE_SERIES: &[Series] = &[
    (
        "pqkit simd128",
        "pqkit",
        "node-simd128",
        RGBColor(0x1f, 0x4e, 0xb4),
    ),
    (
        "pqkit portable",
        "pqkit",
        "node-portable",
        RGBColor(0x7f, 0xa6, 0xe6),
    ),
    ("noble (JS)", "@noble/", "node", RGBColor(0xc0, 0x3b, 0x3b)),
    (
        "libcrux simd128",
        "libcrux",
        "node-simd128",
        RGBColor(0xe0, 0x8a, 0x1e),
    ),
    (
        "rustcrypto simd128",
        "rustcrypto",
        "node-simd128",
        RGBColor(0x8e, 0x6b, 0xb8),
    ),
];

/// The chart as SVG text.
pub fn svg(rows: &[Row]) -> Result<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, 2 * PANEL_HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let (top, bottom) = root.split_vertically(PANEL_HEIGHT);
        panel(
            &root,
            &top,
            "Natively (criterion medians), operations per second, log scale",
            rows,
            OPERATIONS,
            false,
            NATIVE,
        )?;
        panel(
            &root,
            &bottom,
            "In Node (npm package, WebAssembly), operations per second, log scale",
            rows,
            NODE,
            true,
            NODE_SERIES,
        )?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn panel(
    root: &Area<'_>,
    area: &Area<'_>,
    title: &str,
    rows: &[Row],
    section: &str,
    node: bool,
    series: &[Series],
) -> Result {
    let value = |cat: &(&str, &str, &str), s: &Series| {
        let op = if node { cat.2 } else { cat.1 };
        rows.iter()
            .find(|r| {
                r.section == section
                    && r.algorithm == cat.0
                    && r.operation == op
                    && r.platform == s.2
                    && (r.implementation == s.1
                        || (s.1.ends_with('/') && r.implementation.starts_with(s.1)))
            })
            .and_then(|r| r.ops_per_s)
    };
    let values: Vec<f64> = CATEGORIES
        .iter()
        .flat_map(|c| series.iter().filter_map(move |s| value(c, s)))
        .collect();
    let max = values.iter().copied().fold(1.0, f64::max);
    let min = values.iter().copied().fold(max, f64::min);
    let lo = 10f64.powf((min / 2.0).log10().floor());
    let hi = 10f64.powf((max * 3.0).log10().ceil());
    let n = CATEGORIES.len();

    let err = |e: &dyn std::fmt::Display| e.to_string();
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .margin_left(190)
        .margin_right(40)
        .x_label_area_size(40)
        .build_cartesian_2d((lo..hi).log_scale(), 0f64..n as f64)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .x_label_formatter(&|v| count(v.round() as u64))
        .x_label_style(("sans-serif", 14))
        .x_desc("operations per second")
        .draw()
        .map_err(|e| err(&e))?;

    let k = series.len() as f64;
    let bar = 0.8 / k;
    for (j, s) in series.iter().enumerate() {
        let color = s.3;
        let bars: Vec<(f64, f64, f64)> = CATEGORIES
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                // First category at the top, first series at its top.
                let y1 = (n - i) as f64 - 0.1 - j as f64 * bar;
                value(c, s).map(|v| (v, y1 - bar, y1))
            })
            .collect();
        chart
            .draw_series(bars.iter().map(|&(v, y0, y1)| {
                Rectangle::new(
                    [(lo, y0 + bar * 0.08), (v, y1 - bar * 0.08)],
                    color.filled(),
                )
            }))
            .map_err(|e| err(&e))?
            .label(s.0)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], color.filled()));
        let label =
            TextStyle::from(("sans-serif", 11).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        chart
            .draw_series(bars.iter().map(|&(v, y0, y1)| {
                Text::new(
                    format!(" {}", grouped(v)),
                    (v, (y0 + y1) / 2.0),
                    label.clone(),
                )
            }))
            .map_err(|e| err(&e))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .label_font(("sans-serif", 14))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(|e| err(&e))?;

    // Category names left of the plot, in backend pixels.
    let name =
        TextStyle::from(("sans-serif", 15).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
    for (i, c) in CATEGORIES.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(lo, (n - i) as f64 - 0.5));
        root.draw(&Text::new(
            format!("{} {}", c.0, c.1),
            (x - 10, y),
            name.clone(),
        ))
        .map_err(|e| err(&e))?;
    }
    Ok(())
}
