//! Hand-computed metric cases, built directly as [`Inputs`] (no CSV readers needed). Each
//! file covers one area; the expected figures are worked out in comments beside them.

mod absent;
mod availability;
mod calls;
mod changes;
mod corrections;
mod fixtures;
mod invariants;
mod kit;
mod realdata;
mod report_facts;
mod silence;
mod span;
mod tickets;
