//! Section builder (filled in below).

use crate::report::blocks::Block;
use crate::report::Ctx;

pub(crate) fn blocks(ctx: &Ctx<'_>) -> Vec<Block> {
    let _ = ctx;
    Vec::new()
}
