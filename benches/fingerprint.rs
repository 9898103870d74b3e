//! Benchmark: the duplicate rule's content fingerprint of 2 million call rows (seven canonical
//! texts each, as a call log has them), [`slareport::inputs::dedup::fingerprint`] (XXH3-128,
//! from the xxhash-rust crate) against the hand-written two-lane folded-multiply hash it
//! replaced (copied here as it was).
//!
//! Run: `cargo bench --bench fingerprint`. Plain `std::time::Instant`, no harness; a checksum
//! guards against the optimiser removing the work.
//!
//! On the 2-core build machine: streaming every text into XXH3 was 89–106 ns a row against
//! 57–64 for the hand-written hash; copying the row to the stack and hashing it in one call
//! (what `fingerprint` does) 58 ns, the same as the hand-written hash.
#![allow(clippy::disallowed_methods, clippy::disallowed_macros)] // a benchmark reads the clock and prints

use std::hint::black_box;
use std::time::Instant;

use slareport::inputs::dedup::fingerprint;

const N: usize = 2_000_000;

/// The hand-written fingerprint as it was: two lanes of wyhash's folded multiply over 16-byte
/// blocks of each text, the length mixed in before the last (zero-padded) block.
fn hand_written<'a>(texts: impl Iterator<Item = &'a str>) -> (u64, u64) {
    let (mut a, mut b) = (0x243F_6A88_85A3_08D3u64, 0x1319_8A2E_0370_7344u64);
    let word = |x: &[u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(x);
        u64::from_le_bytes(w)
    };
    for t in texts {
        let mut rest = t.as_bytes();
        let len = rest.len() as u64;
        loop {
            let last = rest.len() <= 16;
            let (w0, w1) = if last {
                let mut block = [0u8; 16];
                block[..rest.len()].copy_from_slice(rest);
                a ^= len;
                b ^= len.rotate_left(29) ^ 0x8BB8_4B93_962E_ACC9;
                (word(&block[..8]), word(&block[8..]))
            } else {
                (word(&rest[..8]), word(&rest[8..16]))
            };
            a = fold_mul(w0 ^ 0xA076_1D64_78BD_642F, w1 ^ a);
            b = fold_mul(w1 ^ 0xE703_7ED1_A0B4_28DB, w0 ^ b);
            if last {
                break;
            }
            rest = &rest[16..];
        }
    }
    (
        fold_mul(a, 0x4F1B_BCDC_BFA5_4C35),
        fold_mul(b, 0x9E37_79B9_7F4A_7C15),
    )
}

fn fold_mul(x: u64, k: u64) -> u64 {
    let r = u128::from(x) * u128::from(k);
    (r as u64) ^ ((r >> 64) as u64)
}

/// Rows as the sample call log has them: id, two RFC 3339 times, result, persons,
/// municipality, failed providers (mostly empty).
fn rows() -> Vec<[String; 7]> {
    (0..N)
        .map(|i| {
            let s = (i % 60) as u32;
            [
                format!("C202603-{i:08}"),
                format!("2026-03-01T00:02:{s:02}.846+01:00"),
                format!("2026-03-01T00:02:{s:02}.191+01:00"),
                if i % 50 == 0 { "error" } else { "ok" }.to_string(),
                (1 + i % 3).to_string(),
                format!("SN{:03}", i % 290),
                if i % 40 == 0 { "Skatteverket" } else { "" }.to_string(),
            ]
        })
        .collect()
}

fn time(name: &str, rows: &[[String; 7]], f: impl Fn(&[String; 7]) -> (u64, u64)) -> f64 {
    let mut best = f64::INFINITY;
    let mut sum = 0u64;
    for _ in 0..5 {
        let t = Instant::now();
        for r in rows {
            let (a, b) = f(black_box(r));
            sum = sum.wrapping_add(a ^ b);
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let ns = best * 1e9 / rows.len() as f64;
    println!("{name:<14} {ns:6.1} ns/row (best of 5; checksum {sum:016x})");
    ns
}

fn main() {
    let rows = rows();
    let x = time("xxh3-128", &rows, |r| {
        fingerprint(r.iter().map(String::as_str))
    });
    let h = time("hand-written", &rows, |r| {
        hand_written(r.iter().map(String::as_str))
    });
    println!("xxh3 / hand-written: {:.2}", x / h);
}
