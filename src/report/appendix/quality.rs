//! Appendix B, data quality: per input file the rows read, used and rejected (they always add
//! up), naive local times resolved in a DST gap or fold, the most common reject reasons, and the
//! first rejected rows (rejected.csv has every one).

use crate::report::blocks::*;
use crate::report::sections::{dash, fact, heading, note, scope_words};
use crate::report::Ctx;

/// Rejected rows printed in the report; rejected.csv has all.
const MAX_REJECTS: usize = 50;
// The rejects keep their first rows in memory: enough for the table.
const _: () = assert!(MAX_REJECTS <= crate::inputs::rejects::HEAD);
/// Reject reasons listed.
const MAX_REASONS: usize = 15;

pub(crate) fn input_name(ctx: &Ctx<'_>, input: &str) -> String {
    let key = format!("in.kind.{input}");
    if crate::report::i18n::has(&key) {
        ctx.t(&key).into()
    } else {
        input.into()
    }
}

pub(crate) fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let f = ctx.f;
    let files = &ctx.inputs.files;
    let mut t = Table::new(
        "data-quality-files",
        ctx.t("dq.files"),
        ctx.t("dq.no_files"),
    )
    .col(ctx.t("in.input"), Align::Left, CONTENT_WIDTH)
    .col(ctx.t("in.file"), Align::Left, 5)
    .col(ctx.t("dq.read"), Align::Right, 2)
    .col(ctx.t("dq.used"), Align::Right, 2)
    .col(ctx.t("dq.rejected"), Align::Right, 2)
    .col(ctx.t("dq.dst"), Align::Right, 2)
    .compact();
    let dq = &ctx.metrics.data_quality;
    for x in files {
        t.push(vec![
            Cell::new(input_name(ctx, &x.input)),
            Cell::new(x.path.clone()),
            Cell::new(f.uint(x.rows_read)),
            Cell::new(f.uint(x.rows_used)),
            Cell::status(
                f.uint(x.rows_rejected),
                if x.rows_rejected > 0 {
                    Status::Warn
                } else {
                    Status::None
                },
            ),
            Cell::new(format!(
                "{} / {}",
                f.uint(x.dst_gap_resolved),
                f.uint(x.dst_fold_resolved)
            )),
        ]);
    }
    if files.len() > 1 {
        let n = &dq.total;
        t.push(vec![
            Cell::new(ctx.t("dq.total")).strong(),
            Cell::new(""),
            Cell::new(f.uint(n.rows_read)).strong(),
            Cell::new(f.uint(n.rows_used)).strong(),
            Cell::new(f.uint(n.rows_rejected)).strong(),
            Cell::new(format!(
                "{} / {}",
                f.uint(n.dst_gap_resolved),
                f.uint(n.dst_fold_resolved)
            ))
            .strong(),
        ]);
    }
    let mut out = vec![Block::Table(t), note(ctx.t("dq.dst_note"))];
    // Misconfiguration warnings (inputs::warnings), one line each; none in a clean run.
    let restarted = crate::inputs::restart::detect(files);
    for w in &ctx.inputs.warnings {
        let text = match &restarted {
            // Ids that restart per file: worded in the report's language.
            Some(r) if w.code == crate::inputs::restart::IDS_RESTART => ctx
                .t("dq.ids_restart")
                .replace("{n}", &f.uint(r.rows))
                .replace("{total}", &f.uint(r.total))
                .replace("{files}", &r.file_list()),
            _ => w.message.clone(),
        };
        out.push(note(format!("{}: {text}", ctx.t("dq.warning"))));
    }

    let p = &ctx.metrics.performance;
    out.push(Block::Facts {
        rows: vec![
            // The same counts, in the same scope, as the performance section.
            fact(
                &ctx.t("pf.without_time")
                    .replace("{scope}", scope_words(ctx)),
                f.uint(p.answered_without_time),
            ),
            fact(
                &ctx.t("pf.invalid")
                    .replace(
                        "{n}",
                        &f.uint(ctx.config.config.performance.max_persons.into()),
                    )
                    .replace("{scope}", scope_words(ctx)),
                f.uint(p.invalid_persons),
            ),
        ],
    });

    // Reasons, most common first (the metrics' order).
    let reasons = &dq.reasons;
    out.push(heading(ctx.t("dq.reasons")));
    let mut r = Table::new(
        "data-quality-reasons",
        ctx.t("dq.reasons"),
        ctx.t("dq.no_rejects"),
    )
    .col(ctx.t("in.input"), Align::Left, CONTENT_WIDTH)
    .col(ctx.t("dq.reason"), Align::Left, 6)
    .col(ctx.t("col.count"), Align::Right, 2);
    r.push_capped(
        reasons.iter().map(|x| {
            vec![
                Cell::new(input_name(ctx, x.input.as_str())),
                Cell::new(crate::report::i18n::reject_reason(f.lang, &x.reason)),
                Cell::new(f.uint(x.count)),
            ]
        }),
        reasons.len(),
        MAX_REASONS,
        ctx.t("dq.more"),
    );
    out.push(Block::Table(r));

    let mut s = Table::new(
        "data-quality-rejects",
        ctx.t("dq.rows"),
        ctx.t("dq.no_rejects"),
    )
    .col(ctx.t("in.input"), Align::Left, CONTENT_WIDTH)
    .col(ctx.t("in.file"), Align::Left, 4)
    .col(ctx.t("dq.line"), Align::Right, 2)
    .col(ctx.t("dq.column"), Align::Left, 2)
    .col(ctx.t("col.value"), Align::Left, 4)
    .col(ctx.t("dq.reason"), Align::Left, 4)
    .compact();
    s.push_capped(
        ctx.inputs.rejects.head().iter().map(|x| {
            vec![
                Cell::new(input_name(ctx, x.input.as_str())),
                Cell::new(x.file.to_string()),
                Cell::new(f.uint(x.line)),
                Cell::new(dash(x.column)).mono(),
                Cell::new(x.value.clone()).mono(),
                Cell::new(crate::report::i18n::reject_reason(f.lang, x.reason)),
            ]
        }),
        ctx.inputs.rejects.len(),
        MAX_REJECTS,
        ctx.t("dq.all_in_csv"),
    );
    out.push(Block::Table(s));
    out
}
