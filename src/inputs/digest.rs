//! An input file's size and SHA-256, streamed: what the manifest records for every input
//! (the call reader hashes while it reads) and what `verify` checks the files against.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::config::hex;

/// Size and SHA-256 (hex) of a file, streamed in 1 MiB blocks.
pub fn hash_file(path: &Path) -> anyhow::Result<(u64, String)> {
    hash_file_counting(path, &|_| {})
}

/// [`hash_file`], telling `on_bytes` of each block read (the progress bar).
pub fn hash_file_counting(
    path: &Path,
    on_bytes: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<(u64, String)> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = file
            .read(&mut buf)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        on_bytes(n as u64);
        hasher.update(&buf[..n]);
    }
    Ok((size, hex(&hasher.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_and_sha256_of_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.txt");
        std::fs::write(&p, b"abc").unwrap();
        let (size, sha) = hash_file(&p).unwrap();
        assert_eq!(size, 3);
        assert_eq!(
            sha,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let e = hash_file(&dir.path().join("missing")).unwrap_err();
        assert!(format!("{e:#}").starts_with("cannot read "), "{e:#}");
    }
}
