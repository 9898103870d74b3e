//! NDJSON read as text against the wanted columns, with no inferred schema.
//!
//! polars inferred each column's type from the first rows, so a column that was `null` in the
//! first few hundred rows became NULL-typed and the first value after them failed the whole
//! file ("got non-null value for NULL-typed column"). Here every wanted field of every line is
//! read as text, as a CSV field would be: a string as is, a number as JSON writes it
//! (`3`, `2.5`), `true`/`false`, `null` (or an absent key) empty, and an array or object as
//! `[…]` / `{…}` (a value the field parsers then reject, naming the row).
//!
//! Bounded: lines are read one at a time, at most [`limits::max_record_bytes`] each; nesting
//! deeper than [`MAX_JSON_DEPTH`] is refused before parsing; values of keys nobody reads are
//! skipped without recursion; more than [`limits::MAX_COLUMNS`] distinct keys are refused.
//! Blank lines are no rows; the line of each row is kept for rejects.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::io::{BufRead, Read};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::frames::TextBatch;
use super::limits;
use super::model::StrArena;

/// JSON nesting deeper than this is refused before the line is parsed (regression
/// `deeply_nested_ndjson_overflowed_the_stack`).
pub const MAX_JSON_DEPTH: usize = 128;

/// An NDJSON file read: every key seen (first-seen order), which wanted ones are present, and
/// the wanted fields of every row as text.
pub struct Ndjson {
    pub header: Vec<String>,
    pub present: Vec<bool>,
    pub batch: TextBatch,
}

/// Read `path`'s wanted fields (see the module doc).
pub fn read(path: &str, wanted: &[String]) -> anyhow::Result<Ndjson> {
    let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("cannot read {path}: {e}"))?;
    read_from(
        std::io::BufReader::with_capacity(1 << 20, file),
        path,
        wanted,
    )
}

/// [`read`] from any reader.
pub fn read_from(mut input: impl BufRead, path: &str, wanted: &[String]) -> anyhow::Result<Ndjson> {
    let limit = limits::max_record_bytes();
    let mut builders: Vec<StrArena> = vec![StrArena::default(); wanted.len()];
    let mut keys = Keys::default();
    let mut lines: Vec<u64> = Vec::new();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut fields: Vec<Option<String>> = vec![None; wanted.len()];
    loop {
        buf.clear();
        let n = input
            .by_ref()
            .take(limit as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| anyhow::anyhow!("cannot read {path}: {e}"))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let body = buf.strip_suffix(b"\n").unwrap_or(&buf);
        if body.len() > limit {
            return Err(limits::record_too_long(path, line_no, limit));
        }
        let body = body.trim_ascii();
        if body.is_empty() {
            continue;
        }
        check_depth(body).map_err(|()| {
            anyhow::anyhow!(
                "{path}: line {line_no}: JSON nested deeper than {MAX_JSON_DEPTH} levels \
                 (expected one flat object per line)"
            )
        })?;
        fields.iter_mut().for_each(|f| *f = None);
        let mut de = serde_json::Deserializer::from_slice(body);
        let row = Row {
            wanted,
            fields: &mut fields,
            keys: &mut keys,
        };
        row.deserialize(&mut de)
            .and_then(|()| de.end())
            .map_err(|e| {
                let msg = e.to_string();
                // serde_json appends its own position (line 1 of the one-line document).
                let msg = msg.rfind(" at line ").map_or(msg.as_str(), |i| &msg[..i]);
                let at = match e.column() {
                    0 => format!("line {line_no}"),
                    c => format!("line {line_no}, column {c}"),
                };
                anyhow::anyhow!("{path}: {at}: {msg} (expected one JSON object per line)")
            })?;
        for (b, f) in builders.iter_mut().zip(&fields) {
            b.push(f.as_deref().unwrap_or(""));
        }
        lines.push(line_no);
    }
    if lines.is_empty() {
        anyhow::bail!(
            "{path}: cannot read the schema: the file holds no JSON object (expected one object \
             per line)"
        );
    }
    let present: Vec<bool> = wanted.iter().map(|w| keys.has(w)).collect();
    let columns = builders
        .into_iter()
        .zip(&present)
        .map(|(b, &p)| p.then_some(b))
        .collect();
    Ok(Ndjson {
        header: keys.names,
        present,
        batch: TextBatch {
            columns,
            typed: Vec::new(),
            len: lines.len(),
            lines: Some(lines),
        },
    })
}

/// Refuse nesting deeper than [`MAX_JSON_DEPTH`] (brackets inside strings do not count).
fn check_depth(line: &[u8]) -> Result<(), ()> {
    let (mut depth, mut in_str, mut escaped) = (0usize, false, false);
    for &b in line {
        if in_str {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Err(());
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Every key seen, in first-seen order.
#[derive(Default)]
struct Keys {
    names: Vec<String>,
    seen: HashSet<String>,
}

impl Keys {
    /// Record `k`; an error past [`limits::MAX_COLUMNS`] distinct keys.
    fn add(&mut self, k: &str) -> Result<(), String> {
        if !self.seen.contains(k) {
            if self.names.len() == limits::MAX_COLUMNS {
                return Err(format!(
                    "more than {} distinct keys (columns): not an export this tool reads",
                    limits::MAX_COLUMNS
                ));
            }
            self.seen.insert(k.to_string());
            self.names.push(k.to_string());
        }
        Ok(())
    }

    fn has(&self, w: &str) -> bool {
        self.seen.contains(w) || self.names.iter().any(|n| n.eq_ignore_ascii_case(w))
    }
}

/// One line: an object whose wanted keys (exact, else ignoring ASCII case) fill `fields`.
struct Row<'a> {
    wanted: &'a [String],
    fields: &'a mut [Option<String>],
    keys: &'a mut Keys,
}

impl<'de> DeserializeSeed<'de> for Row<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Row<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(k) = map.next_key::<Cow<'de, str>>()? {
            self.keys.add(&k).map_err(de::Error::custom)?;
            let slot = self
                .wanted
                .iter()
                .position(|w| *w == k)
                .or_else(|| self.wanted.iter().position(|w| w.eq_ignore_ascii_case(&k)));
            match slot {
                Some(i) => self.fields[i] = map.next_value::<Text>()?.0,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A field as text (`None` for null).
struct Text(Option<String>);

impl<'de> de::Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Text, E> {
        Ok(Text(Some(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Text, E> {
        Ok(Text(Some(v)))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Text, E> {
        Ok(Text(Some(v.to_string())))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Text, E> {
        Ok(Text(Some(v.to_string())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Text, E> {
        Ok(Text(Some(v.to_string())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Text, E> {
        // As JSON writes it (`2.0`, `2.5`, `1e300`).
        Ok(Text(Some(
            serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()),
        )))
    }
    fn visit_unit<E>(self) -> Result<Text, E> {
        Ok(Text(None))
    }
    fn visit_none<E>(self) -> Result<Text, E> {
        Ok(Text(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Text(Some("[…]".into())))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Text(Some("{…}".into())))
    }
}

#[cfg(test)]
mod tests;
