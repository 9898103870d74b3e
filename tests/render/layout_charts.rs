//! Charts as printed: no text under 8 pt on A4. Every chart's SVG is placed at its
//! `width` share of the PDF's text width, so a font size of `s` px in an SVG `w` px wide prints
//! at `s · width · TEXT_WIDTH_PT / w` points. Checked for every chart of the fixture month in
//! both languages, and for the charts that draw thresholds: the histogram's 7 s and 12 s lines
//! and the daily chart's target line are drawn and labelled.

use crate::fixture::fixture;
use slareport::render::charts::{MIN_PRINT_PT, TEXT_WIDTH_PT};
use slareport::render::{all_charts, chart_list};
use slareport::report::Lang;
use slareport::report::{ChartSpec, ReportModel};

fn model(lang: Lang) -> ReportModel {
    let fx = fixture();
    ReportModel::build(&fx.metrics, &fx.inputs, &fx.config, &fx.manifest, lang).unwrap()
}

/// The numbers of every `name="…"` attribute in `svg`, in order.
fn attrs(svg: &str, name: &str) -> Vec<f64> {
    let key = format!(" {name}=\"");
    svg.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &svg[i + key.len()..];
            rest[..rest.find('"')?].trim_end_matches("px").parse().ok()
        })
        .collect()
}

/// The text of every `<text …>…</text>` element.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}

#[test]
fn no_chart_text_prints_under_8_pt() {
    for lang in [Lang::Sv, Lang::En] {
        let m = model(lang);
        let svgs = all_charts(&m).unwrap();
        let charts = chart_list(&m);
        assert!(charts.len() >= 4, "the fixture has charts");
        for c in charts {
            let svg = &svgs[&c.id];
            let width_px = attrs(svg, "width")[0];
            let placed_pt = c.width * TEXT_WIDTH_PT;
            let sizes = attrs(svg, "font-size");
            assert!(!sizes.is_empty(), "{}: no text", c.id);
            let smallest = sizes.iter().copied().fold(f64::INFINITY, f64::min);
            let printed = smallest * placed_pt / width_px;
            assert!(
                printed >= MIN_PRINT_PT,
                "{} ({lang:?}): {smallest} px in a {width_px} px SVG placed {placed_pt:.0} pt wide \
                 prints at {printed:.2} pt",
                c.id
            );
        }
    }
}

#[test]
fn histogram_draws_and_labels_both_limits_and_counts_short_bars() {
    let m = model(Lang::Sv);
    let svgs = all_charts(&m).unwrap();
    let c = chart_list(&m)
        .into_iter()
        .find(|c| c.id == "performance-distribution")
        .expect("histogram");
    let ChartSpec::Bars {
        markers, series, ..
    } = &c.spec
    else {
        panic!("histogram is a bar chart")
    };
    let labels: Vec<&str> = markers.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(labels, ["T90(1) = 7\u{a0}s", "Tmax(1) = 12\u{a0}s"]);
    // Each line sits on the boundary after the bucket that ends at its limit.
    let hist = &fixture().metrics.performance.histogram;
    let after = |ms: i64| hist.iter().position(|(upper, _)| *upper == ms).unwrap() as f64 + 1.0;
    assert_eq!(markers[0].at, after(7_000));
    assert_eq!(markers[1].at, after(12_000));
    let text = texts(&svgs[&c.id]);
    for l in &labels {
        assert!(text.iter().any(|t| t == l), "{l} not drawn in {text:?}");
    }
    // Every bar holding calls over their own Tmax(n) is short next to the fast ones: its
    // total is written above it.
    let slow = &series[2].values;
    for (i, _) in slow.iter().enumerate().filter(|(_, v)| **v > 0.0) {
        let total: f64 = series.iter().map(|s| s.values[i]).sum();
        let label = format!("{}", total as u64);
        assert!(
            text.contains(&label),
            "count {label} of a slow bucket not written"
        );
    }
}

#[test]
fn daily_performance_is_the_share_within_each_calls_own_limit_against_the_target() {
    let m = model(Lang::En);
    let c = chart_list(&m)
        .into_iter()
        .find(|c| c.id == "performance-daily-within-t90")
        .expect("daily chart");
    let ChartSpec::Lines {
        series, reference, ..
    } = &c.spec
    else {
        panic!("a line chart")
    };
    let r = reference.as_ref().expect("target line");
    assert_eq!(r.value, 90.0);
    assert!(r.label.contains("90.00"), "{}", r.label);
    // Each point is that day's within_t90 / calls, in percent.
    let fx = fixture();
    for (d, v) in fx.metrics.performance.per_day.iter().zip(&series[0].values) {
        if d.calls == 0 {
            assert!(v.is_nan());
        } else {
            let want = d.within_t90 as f64 * 100.0 / d.calls as f64;
            assert!((v - want).abs() < 1e-9, "{}: {v} vs {want}", d.date);
        }
    }
}
