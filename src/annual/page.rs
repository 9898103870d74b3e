//! What every page of the annual report is built with: the context (the year's figures, the
//! config, the formatter) and the small blocks (paragraph, note, fact, section).

use super::figures::Annual;
use crate::config::LoadedConfig;
use crate::metrics::Ratio;
use crate::report::blocks::{Block, Fact, Section, Status};
use crate::report::format::Fmt;
use crate::report::i18n;

pub(super) struct C<'a> {
    pub(super) a: &'a Annual,
    pub(super) cfg: &'a LoadedConfig,
    pub(super) f: Fmt,
}

impl C<'_> {
    pub(super) fn t(&self, key: &str) -> &'static str {
        i18n::t(self.f.lang, key)
    }
    pub(super) fn month(&self, m: u32) -> String {
        self.f.month_short(m)
    }
    pub(super) fn months(&self, ms: &[u32]) -> String {
        ms.iter()
            .map(|&m| self.month(m))
            .collect::<Vec<_>>()
            .join(", ")
    }
    pub(super) fn pct(&self, r: Ratio) -> String {
        if r.denominator == 0 {
            "–".into()
        } else {
            self.f.pct_ratio(r)
        }
    }
    pub(super) fn status_text(&self, s: Status) -> String {
        match s {
            Status::Met => self.t("status.met").into(),
            Status::NotMet => self.t("status.not_met").into(),
            _ => self.t("status.na").into(),
        }
    }
}

pub(super) fn para(text: impl Into<String>) -> Block {
    Block::Paragraph { text: text.into() }
}

pub(super) fn note(text: impl Into<String>) -> Block {
    Block::Note { text: text.into() }
}

pub(super) fn fact(label: &str, value: impl Into<String>, status: Status) -> Fact {
    Fact {
        label: label.to_string(),
        value: value.into(),
        status,
    }
}

pub(super) fn section(id: &str, number: usize, title: &str, blocks: Vec<Block>) -> Section {
    Section {
        id: id.into(),
        number: number.to_string(),
        title: title.into(),
        blocks,
    }
}

pub(super) fn join_values(v: &[serde_json::Value]) -> String {
    v.iter()
        .filter_map(|x| x.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
