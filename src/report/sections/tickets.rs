//! Incidents, problems, orders and security incidents (SPEC §4.5, §4.7).

use crate::report::blocks::Block;
use crate::report::Ctx;

pub(crate) fn incidents(ctx: &Ctx<'_>) -> Vec<Block> {
    let _ = ctx;
    Vec::new()
}
pub(crate) fn problems(ctx: &Ctx<'_>) -> Vec<Block> {
    let _ = ctx;
    Vec::new()
}
pub(crate) fn orders(ctx: &Ctx<'_>) -> Vec<Block> {
    let _ = ctx;
    Vec::new()
}
pub(crate) fn security(ctx: &Ctx<'_>) -> Vec<Block> {
    let _ = ctx;
    Vec::new()
}
