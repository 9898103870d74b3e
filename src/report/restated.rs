//! Page 1 of a restated report: which version it replaces, of which date, where that version
//! is kept, and why (the corrections new since, a changed config, tool or input), from the
//! restatement the manifest records.

use super::blocks::Block;
use super::Ctx;
use crate::audit::restate::Restatement;

/// The heading and sentence page 1 opens with, when the report restates another.
pub(crate) fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    match &ctx.manifest.restates {
        Some(r) => vec![
            Block::Heading {
                text: ctx.t("restate.heading").into(),
            },
            Block::Paragraph {
                text: sentence(ctx, r),
            },
        ],
        None => Vec::new(),
    }
}

fn sentence(ctx: &Ctx<'_>, r: &Restatement) -> String {
    restatement_text(ctx.f.lang, r, &ctx.manifest.tool)
}

/// "This report replaces version N of DATE, kept in … Why: …." in `lang`, for the restatement
/// `r` of a report made by `tool` (page 1, and the archive site's month page).
pub fn restatement_text(
    lang: super::Lang,
    r: &Restatement,
    tool: &crate::audit::manifest::ToolInfo,
) -> String {
    let t = |k: &str| super::i18n::t(lang, k);
    let replaces = t("restate.replaces")
        .replace("{n}", &r.replaces.to_string())
        .replace("{date}", &r.report_date)
        .replace("{folder}", &r.folder)
        .replace(
            "{sha}",
            &r.manifest_sha256.chars().take(16).collect::<String>(),
        );
    let mut why = Vec::new();
    if !r.corrections_new.is_empty() {
        why.push(t("restate.corrections_new").replace("{ids}", &r.corrections_new.join(", ")));
    }
    if !r.corrections_removed.is_empty() {
        why.push(
            t("restate.corrections_removed").replace("{ids}", &r.corrections_removed.join(", ")),
        );
    }
    if r.config_changed {
        why.push(t("restate.config_changed").into());
    }
    if r.tool_changed {
        why.push(
            t("restate.tool_changed")
                .replace("{old}", &r.tool)
                .replace("{new}", &crate::audit::restate::tool_text(tool)),
        );
    }
    if !r.inputs_changed.is_empty() {
        why.push(t("restate.inputs_changed").replace("{list}", &r.inputs_changed.join(", ")));
    }
    if why.is_empty() {
        why.push(t("restate.nothing_changed").into());
    }
    format!("{replaces} {} {}.", t("restate.why"), why.join("; "))
}
