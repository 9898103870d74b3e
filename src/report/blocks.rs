//! The document vocabulary both renderers understand: sections made of headings, paragraphs,
//! fact lists, tables, charts and notes. Every string here is final text (translated, numbers
//! formatted); the templates only lay it out, so HTML and PDF always say the same thing.

use serde::Serialize;

use super::i18n::Lang;

/// A numbered section (one agreed area) or an appendix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Stable anchor, e.g. `availability`, `appendix-method`.
    pub id: String,
    /// "3" or "A".
    pub number: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// One piece of a section, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A sub-heading inside a section.
    Heading {
        text: String,
    },
    Paragraph {
        text: String,
    },
    /// A short note in smaller type (definitions, data-quality remarks).
    Note {
        text: String,
    },
    /// Label–value pairs shown as a two-column list.
    Facts {
        rows: Vec<Fact>,
    },
    Table(Table),
    Chart(Chart),
    /// Several charts side by side (gauges).
    ChartRow {
        charts: Vec<Chart>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
    /// Optional status of the value.
    pub status: Status,
}

/// How a figure stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    None,
    Met,
    NotMet,
    /// Not measurable this month (no data).
    Na,
    /// Attention without a target (e.g. a discrepancy).
    Warn,
}

/// The sign of a status: `✓` met, `✗` not met, `!` attention; none for the others.
pub fn sign(status: Status) -> Option<char> {
    match status {
        Status::Met => Some('✓'),
        Status::NotMet => Some('✗'),
        Status::Warn => Some('!'),
        Status::None | Status::Na => None,
    }
}

/// `text` with the sign of `status` before it, unless it is empty or already starts with a
/// sign.
pub fn with_sign(text: String, status: Status) -> String {
    match sign(status) {
        Some(c) if !text.is_empty() && !text.starts_with(['✓', '✗', '!']) => {
            format!("{c} {text}")
        }
        _ => text,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    #[default]
    Left,
    Right,
    Center,
}

/// The width weight of a column sized to its content: ids (`INC-202603-021` has no break)
/// and short labels that must not run into the next column.
pub const CONTENT_WIDTH: u32 = 0;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub label: String,
    pub align: Align,
    /// Relative width weight for the PDF (the HTML lets the browser decide), or
    /// [`CONTENT_WIDTH`].
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Cell {
    pub text: String,
    pub status: Status,
    pub strong: bool,
    /// Monospaced (hashes, ids, config keys).
    pub mono: bool,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }
    /// A cell with a status: its sign (✓, ✗, !) is written before the text, so the colour is
    /// never the only carrier of the meaning (a reader in black and white, or colour-blind,
    /// reads the same).
    pub fn status(text: impl Into<String>, status: Status) -> Self {
        Cell {
            text: with_sign(text.into(), status),
            status,
            ..Cell::default()
        }
    }
    pub fn strong(mut self) -> Self {
        self.strong = true;
        self
    }
    pub fn mono(mut self) -> Self {
        self.mono = true;
        self
    }
}

/// A table with a caption; `empty` is shown instead of the rows when there are none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub id: String,
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub empty: String,
    /// Rows left out (a long evidence list is capped; the CSV has them all).
    pub truncated_note: String,
    /// Small type (wide evidence tables).
    pub compact: bool,
}

impl Table {
    pub fn new(id: &str, caption: impl Into<String>, empty: impl Into<String>) -> Self {
        Table {
            id: id.to_string(),
            caption: caption.into(),
            columns: Vec::new(),
            rows: Vec::new(),
            empty: empty.into(),
            truncated_note: String::new(),
            compact: false,
        }
    }
    pub fn col(mut self, label: impl Into<String>, align: Align, weight: u32) -> Self {
        self.columns.push(Column {
            label: label.into(),
            align,
            weight,
        });
        self
    }
    pub fn compact(mut self) -> Self {
        self.compact = true;
        self
    }
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "table {}", self.id);
        self.rows.push(row);
    }
    /// A capped list: the first `cap` of `rows` (made lazily: rows past the cap are never
    /// built), and `note` as the truncation note when fewer than `total` are shown (a long
    /// evidence list is capped; the CSV has every row).
    pub fn push_capped(
        &mut self,
        rows: impl IntoIterator<Item = Vec<Cell>>,
        total: usize,
        cap: usize,
        note: &str,
    ) {
        let mut shown = 0;
        for row in rows.into_iter().take(cap) {
            self.push(row);
            shown += 1;
        }
        if shown < total {
            self.truncated_note = note.to_string();
        }
    }
}

/// A chart: the renderer draws `spec` as one SVG, the same bytes in HTML and PDF.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// Unique in the report; the SVG's virtual file is `charts/<id>.svg`.
    pub id: String,
    pub title: String,
    /// A one-sentence description (HTML `aria-label`, PDF alt text).
    pub alt: String,
    /// Width in the PDF as a share of the text width (1.0 = full width). The SVG is drawn
    /// this share of [`CHART_FULL_PX`] wide, so text of one pixel size prints at one point
    /// size whatever the chart's width.
    pub width: f64,
    pub spec: ChartSpec,
}

/// The pixel width of a chart placed across the whole text width of the PDF.
pub const CHART_FULL_PX: f64 = 760.0;

/// Colour roles; the renderer maps them to a fixed palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    Good,
    Bad,
    Warn,
    Neutral,
    Accent,
    Muted,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub name: String,
    pub tone: Tone,
    pub values: Vec<f64>,
}

/// A horizontal reference line (a target).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefLine {
    pub value: f64,
    pub label: String,
}

/// A vertical line at a boundary between categories (a threshold on a histogram's axis).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Marker {
    /// Position in categories from the left edge: 7.0 is the boundary after the 7th bar.
    pub at: f64,
    pub label: String,
}

/// One coloured span of a timeline row, in hours of the local day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Span {
    pub from_h: f64,
    pub to_h: f64,
    pub tone: Tone,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineRow {
    pub label: String,
    pub spans: Vec<Span>,
    /// Text at the right end of the row (e.g. the day's availability).
    pub note: String,
    pub note_tone: Tone,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChartSpec {
    /// Vertical bars per category; several series are stacked.
    Bars {
        x_labels: Vec<String>,
        series: Vec<Series>,
        y_label: String,
        /// Upper bound of the y axis (`None`: from the data).
        y_max: Option<f64>,
        reference: Option<RefLine>,
        /// Vertical threshold lines between categories, each labelled.
        markers: Vec<Marker>,
        /// Each bar's total written above it when the bar is too short to read off the axis
        /// (a handful of slow calls next to thousands of fast ones), so no non-zero bar
        /// looks like zero.
        value_labels: bool,
        /// Show every n-th x label (dense axes).
        label_every: usize,
        decimal_comma: bool,
    },
    /// Lines over categories.
    Lines {
        x_labels: Vec<String>,
        series: Vec<Series>,
        y_label: String,
        y_min: f64,
        y_max: Option<f64>,
        reference: Option<RefLine>,
        label_every: usize,
        decimal_comma: bool,
    },
    /// One row per day, hours on the x axis: open time, outages and degradation drawn.
    Timeline {
        rows: Vec<TimelineRow>,
        from_h: f64,
        to_h: f64,
        legend: Vec<(String, Tone)>,
    },
    /// A budget gauge: used of max.
    Gauge {
        label: String,
        value: f64,
        max: f64,
        value_text: String,
        max_text: String,
        tone: Tone,
    },
    /// A heat map (rows × columns of counts).
    Heat {
        row_labels: Vec<String>,
        col_labels: Vec<String>,
        values: Vec<Vec<u64>>,
        x_label: String,
        y_label: String,
        decimal_comma: bool,
    },
}

/// One constructor per chart shape, the defaults in one place: full text width; bars and lines
/// scaled to the data (lines from 0), no reference line, no markers, no value labels, every x
/// label shown; a decimal comma in Swedish. Options are the builder methods below. Timeline,
/// gauge and heat charts have no defaults: [`Chart::new`] with their spec.
impl Chart {
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        alt: impl Into<String>,
        spec: ChartSpec,
    ) -> Chart {
        Chart {
            id: id.into(),
            title: title.into(),
            alt: alt.into(),
            width: 1.0,
            spec,
        }
    }

    /// Vertical bars per category (several series stacked).
    pub fn bars(
        id: impl Into<String>,
        title: impl Into<String>,
        alt: impl Into<String>,
        x_labels: Vec<String>,
        series: Vec<Series>,
        y_label: impl Into<String>,
        lang: Lang,
    ) -> Chart {
        let spec = ChartSpec::Bars {
            x_labels,
            series,
            y_label: y_label.into(),
            y_max: None,
            reference: None,
            markers: Vec::new(),
            value_labels: false,
            label_every: 1,
            decimal_comma: lang == Lang::Sv,
        };
        Chart::new(id, title, alt, spec)
    }

    /// Lines over categories.
    pub fn lines(
        id: impl Into<String>,
        title: impl Into<String>,
        alt: impl Into<String>,
        x_labels: Vec<String>,
        series: Vec<Series>,
        y_label: impl Into<String>,
        lang: Lang,
    ) -> Chart {
        let spec = ChartSpec::Lines {
            x_labels,
            series,
            y_label: y_label.into(),
            y_min: 0.0,
            y_max: None,
            reference: None,
            label_every: 1,
            decimal_comma: lang == Lang::Sv,
        };
        Chart::new(id, title, alt, spec)
    }

    /// Width as a share of the text width (a narrow chart sized to its content).
    pub fn width(mut self, width: f64) -> Chart {
        self.width = width;
        self
    }

    /// A target line (bars or lines).
    pub fn reference(mut self, line: Option<RefLine>) -> Chart {
        match &mut self.spec {
            ChartSpec::Bars { reference, .. } | ChartSpec::Lines { reference, .. } => {
                *reference = line;
            }
            _ => debug_assert!(false, "a reference line on chart {}", self.id),
        }
        self
    }

    /// The upper end of the y axis (bars or lines; `None`: from the data).
    pub fn y_max(mut self, max: Option<f64>) -> Chart {
        match &mut self.spec {
            ChartSpec::Bars { y_max, .. } | ChartSpec::Lines { y_max, .. } => *y_max = max,
            _ => debug_assert!(false, "y_max on chart {}", self.id),
        }
        self
    }

    /// The lower end of the y axis (lines).
    pub fn y_min(mut self, min: f64) -> Chart {
        match &mut self.spec {
            ChartSpec::Lines { y_min, .. } => *y_min = min,
            _ => debug_assert!(false, "y_min on chart {}", self.id),
        }
        self
    }

    /// Show every n-th x label (dense axes; bars or lines).
    pub fn label_every(mut self, n: usize) -> Chart {
        match &mut self.spec {
            ChartSpec::Bars { label_every, .. } | ChartSpec::Lines { label_every, .. } => {
                *label_every = n;
            }
            _ => debug_assert!(false, "label_every on chart {}", self.id),
        }
        self
    }

    /// Labelled vertical lines between categories (bars).
    pub fn markers(mut self, lines: Vec<Marker>) -> Chart {
        match &mut self.spec {
            ChartSpec::Bars { markers, .. } => *markers = lines,
            _ => debug_assert!(false, "markers on chart {}", self.id),
        }
        self
    }

    /// Each bar's total written above it (bars).
    pub fn value_labels(mut self) -> Chart {
        match &mut self.spec {
            ChartSpec::Bars { value_labels, .. } => *value_labels = true,
            _ => debug_assert!(false, "value labels on chart {}", self.id),
        }
        self
    }
}

impl Series {
    pub fn new(name: impl Into<String>, tone: Tone, values: Vec<f64>) -> Series {
        Series {
            name: name.into(),
            tone,
            values,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table::new("t", "T", "none").col("n", Align::Right, 1)
    }

    fn rows(n: usize, built: &std::cell::Cell<usize>) -> impl Iterator<Item = Vec<Cell>> + '_ {
        (0..n).map(move |i| {
            built.set(built.get() + 1);
            vec![Cell::new(i.to_string())]
        })
    }

    #[test]
    fn a_capped_table_notes_only_rows_left_out_and_builds_no_row_past_the_cap() {
        let built = std::cell::Cell::new(0);
        // Exactly the cap: every row shown, no note.
        let mut t = table();
        t.push_capped(rows(3, &built), 3, 3, "cut");
        assert_eq!((t.rows.len(), t.truncated_note.as_str()), (3, ""));
        // One over the cap: the cap shown, the note, and the fourth row never built.
        built.set(0);
        let mut t = table();
        t.push_capped(rows(4, &built), 4, 3, "cut");
        assert_eq!((t.rows.len(), t.truncated_note.as_str()), (3, "cut"));
        assert_eq!(built.get(), 3);
        // Fewer rows than the total (the metrics kept only some): noted though under the cap.
        let mut t = table();
        t.push_capped(rows(2, &built), 5, 3, "cut");
        assert_eq!((t.rows.len(), t.truncated_note.as_str()), (2, "cut"));
        // None at all: the empty text, no note.
        let mut t = table();
        t.push_capped(rows(0, &built), 0, 3, "cut");
        assert_eq!((t.rows.len(), t.truncated_note.as_str()), (0, ""));
    }

    #[test]
    fn chart_constructors_carry_the_defaults_and_the_options() {
        let s = vec![Series::new("a", Tone::Good, vec![1.0])];
        let c = Chart::bars("b", "B", "alt", vec!["x".into()], s.clone(), "n", Lang::Sv);
        assert_eq!(c.width, 1.0);
        assert_eq!(
            c.spec,
            ChartSpec::Bars {
                x_labels: vec!["x".into()],
                series: s.clone(),
                y_label: "n".into(),
                y_max: None,
                reference: None,
                markers: Vec::new(),
                value_labels: false,
                label_every: 1,
                decimal_comma: true,
            }
        );
        let line = RefLine {
            value: 95.0,
            label: "target".into(),
        };
        let c = Chart::lines("l", "L", "alt", vec!["x".into()], s.clone(), "%", Lang::En)
            .y_min(90.0)
            .y_max(Some(100.0))
            .reference(Some(line.clone()))
            .label_every(2)
            .width(0.5);
        assert_eq!(c.width, 0.5);
        assert_eq!(
            c.spec,
            ChartSpec::Lines {
                x_labels: vec!["x".into()],
                series: s,
                y_label: "%".into(),
                y_min: 90.0,
                y_max: Some(100.0),
                reference: Some(line),
                label_every: 2,
                decimal_comma: false,
            }
        );
    }
}
