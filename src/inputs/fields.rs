//! Field access through a mapping: which source column(s) or constant feed each canonical
//! column, value maps, null values, and the typed parsers shared by every input (enums,
//! priorities, booleans, integers, timestamps). Parsers return a [`Bad`] naming the reason;
//! the input readers turn it into a reject row.

use std::borrow::Cow;

use super::clocks::Clocks;
use super::mapping::{InputMapping, Source};
use super::reasons::{self, Bad};
use crate::calendar::Ms;

/// Where a canonical column's text comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum ColSource {
    /// A constant for every row.
    Const(String),
    /// Indices into the projected fields, tried in order.
    Fields(Vec<usize>),
}

/// `str::trim` with a fast path (trimming was a top cost of reading a call log):
/// a text that starts and ends with a visible ASCII character has nothing to trim, and
/// `str::trim` (which decodes characters) runs only for the rest. Same result always.
#[inline]
pub fn trim(s: &str) -> &str {
    let visible = |b: &u8| (0x21..=0x7E).contains(b);
    match s.as_bytes() {
        [f, .., l] if visible(f) && visible(l) => s,
        [f] if visible(f) => s,
        _ => s.trim(),
    }
}

/// A mapping resolved against the canonical columns of one input.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub canon: &'static [&'static str],
    /// The source names to project, in order (indices of [`ColSource::Fields`] point here).
    pub wanted: Vec<String>,
    /// Per canonical column (aligned with `canon`).
    pub cols: Vec<ColSource>,
    /// Lower-cased exact keys and prefix keys of each canonical column's value map.
    values: Vec<ValueMap>,
    nulls: Vec<String>,
    /// Row filter: (index into the projected fields, source name, lower-cased patterns).
    include: Vec<(usize, String, ValueMap)>,
    /// Per canonical column: mapped by the user, so its source must be in the file.
    pub strict: Vec<bool>,
}

#[derive(Debug, Clone, Default)]
struct ValueMap {
    exact: Vec<(String, String)>,
    prefix: Vec<(String, String)>,
}

impl Resolved {
    /// Resolve `m` for the canonical columns `canon`. `extra` are source columns read besides
    /// the canonical ones (e.g. an elapsed column or fold columns); they are projected first,
    /// in order, so index `i` of `extra` is field `i`.
    pub fn new(
        canon: &'static [&'static str],
        m: &InputMapping,
        extra: &[String],
    ) -> anyhow::Result<Self> {
        for key in m
            .columns
            .keys()
            .chain(m.constants.keys())
            .chain(m.values.keys())
            .chain(m.timestamp_formats.keys())
        {
            if !canon.contains(&key.as_str()) {
                anyhow::bail!(
                    "input mapping: `{key}` is not a canonical column (expected one of {})",
                    canon.join(", ")
                );
            }
        }
        let mut wanted: Vec<String> = extra.to_vec();
        let mut cols = Vec::with_capacity(canon.len());
        let mut values = Vec::with_capacity(canon.len());
        for &c in canon {
            if let Some(v) = m.constants.get(c) {
                cols.push(ColSource::Const(v.clone()));
            } else {
                let names = match m.columns.get(c) {
                    Some(s) => s.names(),
                    None => Source::One(c.to_string()).names(),
                };
                let idx = names
                    .into_iter()
                    .map(|n| match wanted.iter().position(|w| *w == n) {
                        Some(i) => i,
                        None => {
                            wanted.push(n);
                            wanted.len() - 1
                        }
                    })
                    .collect();
                cols.push(ColSource::Fields(idx));
            }
            let mut vm = ValueMap::default();
            if let Some(map) = m.values.get(c) {
                for (k, v) in map {
                    let k = k.trim().to_lowercase();
                    match k.strip_suffix('*') {
                        Some(p) => vm.prefix.push((p.to_string(), v.clone())),
                        None => vm.exact.push((k, v.clone())),
                    }
                }
                // Longest prefix first, so a specific prefix beats a general one.
                vm.prefix
                    .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
            }
            values.push(vm);
        }
        for (col, f) in m
            .timestamp_format
            .iter()
            .flatten()
            .map(|f| ("timestamp_format", f))
            .chain(
                m.timestamp_formats
                    .iter()
                    .flat_map(|(c, v)| v.iter().map(move |f| (c.as_str(), f))),
            )
        {
            if let Err(e) = super::mapping::check_format(f) {
                anyhow::bail!("input mapping: {col}: {e}");
            }
        }
        if let Some(tz) = &m.timezone {
            if tz.parse::<chrono_tz::Tz>().is_err() {
                anyhow::bail!(
                    "input mapping: timezone `{tz}` is not an IANA time zone name \
                     (expected e.g. Europe/London)"
                );
            }
        }
        let mut include = Vec::new();
        for (src, pats) in &m.include {
            let i = match wanted.iter().position(|w| w == src) {
                Some(i) => i,
                None => {
                    wanted.push(src.clone());
                    wanted.len() - 1
                }
            };
            let mut vm = ValueMap::default();
            for p in pats {
                let p = p.trim().to_lowercase();
                match p.strip_suffix('*') {
                    Some(x) => vm.prefix.push((x.to_string(), String::new())),
                    None => vm.exact.push((p, String::new())),
                }
            }
            include.push((i, src.clone(), vm));
        }
        let nulls = m
            .null_values
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.trim().to_string())
            .collect();
        let strict = canon
            .iter()
            .map(|c| m.strict.contains(*c) && !m.constants.contains_key(*c))
            .collect();
        Ok(Resolved {
            canon,
            wanted,
            cols,
            values,
            nulls,
            include,
            strict,
        })
    }

    /// Check the row filter (`include`): `Err` names the first source column whose value is
    /// not among the accepted ones.
    pub fn included<S: AsRef<str>>(&self, fields: &[S]) -> Result<(), Bad> {
        for (i, src, vm) in &self.include {
            let v = fields.get(*i).map_or("", AsRef::as_ref).trim();
            let low = v.to_lowercase();
            let ok = vm.exact.iter().any(|(k, _)| *k == low)
                || vm.prefix.iter().any(|(k, _)| low.starts_with(k.as_str()));
            if !ok {
                return Err(Bad::new("", &format!("{src}={v}"), reasons::EXCLUDED));
            }
        }
        Ok(())
    }

    /// The position of canonical column `c`.
    pub fn pos(&self, c: &str) -> usize {
        self.canon
            .iter()
            .position(|x| *x == c)
            .expect("canonical column")
    }

    /// The source names of canonical column `c` (empty for a constant).
    pub fn sources_of(&self, c: &str) -> Vec<&str> {
        match &self.cols[self.pos(c)] {
            ColSource::Const(_) => vec![],
            ColSource::Fields(ix) => ix.iter().map(|&i| self.wanted[i].as_str()).collect(),
        }
    }

    /// The row filter's source columns with their projected indices.
    pub fn include_sources(&self) -> impl Iterator<Item = (usize, &str)> {
        self.include.iter().map(|(i, s, _)| (*i, s.as_str()))
    }

    /// Is canonical column `c` fed by a constant or a column the file has?
    pub fn available(&self, c: &str, present: &[bool]) -> bool {
        match &self.cols[self.pos(c)] {
            ColSource::Const(_) => true,
            ColSource::Fields(ix) => ix.iter().any(|&i| present.get(i).copied().unwrap_or(false)),
        }
    }

    /// The one source column of canonical column `ci` (its index in the projected fields),
    /// when it has exactly one and no value map: its text is then the field's own.
    pub fn plain_source(&self, ci: usize) -> Option<usize> {
        let vm = &self.values[ci];
        match &self.cols[ci] {
            ColSource::Fields(ix)
                if ix.len() == 1 && vm.exact.is_empty() && vm.prefix.is_empty() =>
            {
                Some(ix[0])
            }
            _ => None,
        }
    }

    /// `s`, or `""` when it is blank or one of the mapping's null values.
    pub fn non_null<'a>(&self, s: &'a str) -> &'a str {
        let t = trim(s);
        if t.is_empty() || self.nulls.iter().any(|n| n == t) {
            ""
        } else {
            s
        }
    }

    /// The raw (unmapped) text of canonical column `ci`: the first non-empty source.
    pub fn raw<'a, S: AsRef<str>>(&'a self, fields: &'a [S], ci: usize) -> &'a str {
        match &self.cols[ci] {
            ColSource::Const(v) => v,
            ColSource::Fields(ix) => ix
                .iter()
                .map(|&i| self.non_null(fields.get(i).map_or("", AsRef::as_ref)))
                .find(|s| !s.is_empty())
                .unwrap_or(""),
        }
    }

    /// Apply canonical column `ci`'s value map to `s` (trimmed).
    pub fn map_value<'a>(&'a self, ci: usize, s: &'a str) -> Cow<'a, str> {
        let vm = &self.values[ci];
        if vm.exact.is_empty() && vm.prefix.is_empty() {
            return Cow::Borrowed(trim(s));
        }
        let t = trim(s);
        let low = t.to_lowercase();
        if let Some((_, v)) = vm.exact.iter().find(|(k, _)| *k == low) {
            return Cow::Borrowed(v.as_str());
        }
        if let Some((_, v)) = vm.prefix.iter().find(|(k, _)| low.starts_with(k.as_str())) {
            return Cow::Borrowed(v.as_str());
        }
        Cow::Borrowed(t)
    }

    /// The mapped text of canonical column `ci` (first non-empty source, value-mapped).
    pub fn text<'a, S: AsRef<str>>(&'a self, fields: &'a [S], ci: usize) -> Cow<'a, str> {
        self.map_value(ci, self.raw(fields, ci))
    }

    /// An enum column: the first source whose mapped value `parse` accepts. `Ok(None)` when
    /// every source is empty; `Err(value)` with the first non-empty raw value otherwise.
    pub fn enum_value<'a, T, S: AsRef<str>>(
        &'a self,
        fields: &'a [S],
        ci: usize,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, &'a str> {
        let one = |s: &'a str| -> Option<Result<T, &'a str>> {
            let s = self.non_null(s);
            if s.is_empty() {
                return None;
            }
            Some(parse(&self.map_value(ci, s)).ok_or(s))
        };
        match &self.cols[ci] {
            ColSource::Const(v) => one(v.as_str()).transpose(),
            ColSource::Fields(ix) => {
                let mut first_bad = None;
                for &i in ix {
                    match one(fields.get(i).map_or("", AsRef::as_ref)) {
                        Some(Ok(v)) => return Ok(Some(v)),
                        Some(Err(s)) => {
                            first_bad.get_or_insert(s);
                        }
                        None => {}
                    }
                }
                match first_bad {
                    Some(s) => Err(s),
                    None => Ok(None),
                }
            }
        }
    }
}

/// Priority 1–4, with aliases kritisk/hög/medel/låg and critical/high/medium/low (M2.10;
/// the table is [`catalog::PRIORITY`](super::catalog::PRIORITY)).
pub fn parse_priority(s: &str) -> Option<u8> {
    super::catalog::lookup(super::catalog::PRIORITY, s).map(|i| i as u8 + 1)
}

/// true/false, 1/0, yes/no, ja/nej, any case (M2.10; [`catalog::BOOL`](super::catalog::BOOL)).
/// Empty is handled by the caller.
pub fn parse_bool(s: &str) -> Option<bool> {
    super::catalog::lookup(super::catalog::BOOL, s).map(|i| i == 0)
}

/// A row view: a resolved mapping over one record's projected fields, with typed getters
/// that name the canonical column on failure.
pub struct Row<'a> {
    pub r: &'a Resolved,
    pub fields: &'a [String],
}

impl<'a> Row<'a> {
    pub fn text(&self, c: &str) -> Cow<'a, str> {
        self.r.text(self.fields, self.r.pos(c))
    }

    pub fn raw(&self, c: &str) -> &'a str {
        self.r.raw(self.fields, self.r.pos(c))
    }

    pub fn required(&self, c: &'static str) -> Result<Cow<'a, str>, Bad> {
        let t = self.text(c);
        if t.trim().is_empty() {
            Err(Bad::new(c, "", "missing required field"))
        } else {
            Ok(t)
        }
    }

    pub fn enum_of<T>(
        &self,
        c: &'static str,
        parse: impl Fn(&str) -> Option<T>,
        unknown: &'static str,
    ) -> Result<Option<T>, Bad> {
        self.r
            .enum_value(self.fields, self.r.pos(c), parse)
            .map_err(|v| Bad::new(c, v, unknown))
    }

    pub fn bool_of(&self, c: &'static str) -> Result<bool, Bad> {
        Ok(self
            .enum_of(c, parse_bool, "invalid boolean")?
            .unwrap_or(false))
    }

    pub fn priority(&self, c: &'static str) -> Result<Option<u8>, Bad> {
        self.enum_of(c, parse_priority, "unknown priority")
    }

    pub fn time(&self, clocks: &mut Clocks, c: &'static str) -> Result<Option<Ms>, Bad> {
        let ci = self.r.pos(c);
        let t = self.r.text(self.fields, ci);
        clocks.parse(ci, c, &t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    const CANON: &[&str] = &["id", "result", "flag"];

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn aliases_and_booleans() {
        for (s, p) in [
            ("1", 1),
            (" Kritisk ", 1),
            ("HÖG", 2),
            ("high", 2),
            ("Medel", 3),
            ("medium", 3),
            ("LÅG", 4),
            ("low", 4),
            ("4", 4),
        ] {
            assert_eq!(parse_priority(s), Some(p), "{s}");
        }
        assert_eq!(parse_priority("5"), None);
        assert_eq!(parse_priority("0"), None);
        for s in ["true", "TRUE", "1", "Yes", "JA"] {
            assert_eq!(parse_bool(s), Some(true), "{s}");
        }
        for s in ["false", "0", "no", "Nej", "NO"] {
            assert_eq!(parse_bool(s), Some(false), "{s}");
        }
        assert_eq!(parse_bool("maybe"), None);
    }

    #[test]
    fn multi_source_enum_with_value_map_and_prefix() {
        let mut values = BTreeMap::new();
        values.insert(
            "result".to_string(),
            [
                ("true", "ok"),
                ("false", "error"),
                ("Non HTTP response code: *", "unreachable"),
                (
                    "Non HTTP response code: java.net.SocketTimeoutException*",
                    "no_response",
                ),
            ]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        );
        let m = InputMapping {
            columns: [(
                "result".to_string(),
                Source::Many(strings(&["responseCode", "success"])),
            )]
            .into_iter()
            .collect(),
            values,
            null_values: Some(strings(&["?"])),
            ..Default::default()
        };
        let r = Resolved::new(CANON, &m, &[]).unwrap();
        assert_eq!(
            r.wanted,
            strings(&["id", "responseCode", "success", "flag"])
        );
        let parse = |s: &str| crate::inputs::CallResult::parse(s);
        let f = strings(&["x", "200", "TRUE", ""]);
        assert_eq!(
            r.enum_value(&f, 1, parse),
            Ok(Some(crate::inputs::CallResult::Ok))
        );
        let f = strings(&[
            "x",
            "Non HTTP response code: java.net.SocketTimeoutException",
            "false",
            "",
        ]);
        assert_eq!(
            r.enum_value(&f, 1, parse),
            Ok(Some(crate::inputs::CallResult::NoResponse))
        );
        let f = strings(&[
            "x",
            "Non HTTP response code: java.net.ConnectException",
            "false",
            "",
        ]);
        assert_eq!(
            r.enum_value(&f, 1, parse),
            Ok(Some(crate::inputs::CallResult::Unreachable))
        );
        let f = strings(&["x", "?", " ", ""]);
        assert_eq!(r.enum_value(&f, 1, parse), Ok(None));
        let f = strings(&["x", "418", "maybe", ""]);
        assert_eq!(r.enum_value(&f, 1, parse), Err("418"));
    }

    #[test]
    fn unknown_mapping_key_is_an_error() {
        let m = InputMapping {
            constants: [("nope".to_string(), "1".to_string())]
                .into_iter()
                .collect(),
            ..Default::default()
        };
        let e = Resolved::new(CANON, &m, &[]).unwrap_err().to_string();
        assert!(e.contains("`nope` is not a canonical column"), "{e}");
    }
}
