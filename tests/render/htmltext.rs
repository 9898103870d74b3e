//! report.html as a reader sees it, for the consistency checks: its tables (by id, rows of
//! cell texts) and its label–value lists (with the section they are in), and the numbers and
//! h:mm durations inside a text. A small scanner for the markup slareport writes, not a
//! general HTML parser.

/// One table of report.html: its id (without `t-`) and its rows of cell texts, the header
/// row first.
pub(crate) struct HtmlTable {
    pub(crate) id: String,
    pub(crate) rows: Vec<Vec<String>>,
}

/// What report.html shows: its tables and its label–value pairs (with the id of the section
/// they are in: `cover` on page 1).
pub(crate) struct Html {
    pub(crate) tables: Vec<HtmlTable>,
    pub(crate) facts: Vec<(String, String, String)>,
    pub(crate) notes: Vec<String>,
}

fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&amp;", "&")
}

/// The text of an HTML fragment: tags dropped, entities decoded, spaces collapsed.
pub(crate) fn text(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The pieces of `s` between each `open` (up to its `>`) and the next `close`.
fn between<'a>(s: &'a str, open: &str, close: &str) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        let after = &rest[i..];
        let Some(gt) = after.find('>') else { break };
        let head = &after[..gt];
        let body_start = &after[gt + 1..];
        let Some(j) = body_start.find(close) else {
            break;
        };
        out.push((head, &body_start[..j]));
        rest = &body_start[j..];
    }
    out
}

pub(crate) fn parse(html: &str) -> Html {
    let mut tables = Vec::new();
    for (head, body) in between(html, "<div class=\"table-wrap\"", "</div>") {
        let id = head
            .split("id=\"t-")
            .nth(1)
            .and_then(|x| x.split('"').next())
            .unwrap_or("")
            .to_string();
        let rows = between(body, "<tr", "</tr>")
            .into_iter()
            .map(|(_, tr)| {
                let mut cells = Vec::new();
                for part in tr.split("</t").filter(|p| p.contains("<t")) {
                    let cell = &part[part.find("<t").unwrap()..];
                    cells.push(text(cell));
                }
                cells
            })
            .collect();
        tables.push(HtmlTable { id, rows });
    }
    // Label–value pairs with the section they are in.
    let mut facts = Vec::new();
    let mut section = "cover".to_string();
    for piece in html.split("<section ") {
        if let Some(id) = piece
            .strip_prefix("class=\"area\" id=\"")
            .or_else(|| piece.strip_prefix("class=\"appendix\" id=\""))
        {
            section = id.split('"').next().unwrap_or("").to_string();
        }
        for (_, dl) in between(piece, "<dl class=\"facts\"", "</dl>") {
            let dts = between(dl, "<dt", "</dt>");
            let dds = between(dl, "<dd", "</dd>");
            for ((_, dt), (_, dd)) in dts.iter().zip(&dds) {
                facts.push((section.clone(), text(dt), text(dd)));
            }
        }
    }
    let notes = between(html, "<p class=\"note\"", "</p>")
        .into_iter()
        .map(|(_, b)| text(b))
        .collect();
    Html {
        tables,
        facts,
        notes,
    }
}

impl Html {
    pub(crate) fn table(&self, id: &str) -> Option<&HtmlTable> {
        self.tables.iter().find(|t| t.id == id)
    }

    pub(crate) fn fact(&self, section: &str, label_start: &str) -> Option<&str> {
        self.facts
            .iter()
            .find(|(s, l, _)| s == section && l.starts_with(label_start))
            .map(|(_, _, v)| v.as_str())
    }
}

impl HtmlTable {
    /// The column whose header starts with `head`.
    pub(crate) fn col(&self, head: &str) -> Option<usize> {
        self.rows.first()?.iter().position(|h| h.starts_with(head))
    }

    /// The body rows (without the header and without a total row).
    pub(crate) fn body(&self) -> impl Iterator<Item = &Vec<String>> {
        self.rows
            .iter()
            .skip(1)
            .filter(|r| !r.first().is_some_and(|c| c == "Totalt" || c == "Total"))
    }
}

/// The first whole number in a text ("✗ 24", "24 (mål ≤ 0)", "30 000"), spaces inside a
/// number (thousands) allowed.
pub(crate) fn count(s: &str) -> Option<i64> {
    let mut digits = String::new();
    let mut started = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            started = true;
        } else if started && (c == ' ' || c == '\u{a0}' || c == '\u{202f}' || c == ',') {
            if c == ',' {
                // A decimal comma (Swedish) or a thousands comma (English) after digits: only
                // the thousands separator when three digits follow.
                continue;
            }
        } else if started {
            break;
        }
    }
    digits.parse().ok()
}

/// `h:mm` or `h:mm:ss` (the first one in the text) in seconds.
pub(crate) fn duration_s(s: &str) -> Option<i64> {
    let tok = s
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .find(|t| t.contains(':') && t.chars().all(|c| c.is_ascii_digit() || c == ':'))?;
    let parts: Vec<i64> = tok
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [h, m] => Some(h * 3600 + m * 60),
        [h, m, s] => Some(h * 3600 + m * 60 + s),
        _ => None,
    }
}
