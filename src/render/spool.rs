//! An output written to an unnamed temporary file as it is made, with its SHA-256, instead of
//! being held in memory: rejected.csv of a run whose rejects are too many to hold (M2.7). The
//! report's folder is written from it by copying ([`Spooled::copy_to`]).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

use sha2::{Digest, Sha256};

/// An output on disk and its hash.
#[derive(Debug)]
pub struct Spooled {
    file: File,
    pub len: u64,
    /// Lowercase hex SHA-256 of the bytes.
    pub sha256: String,
}

/// Hashes and counts what passes through to the file.
struct Hashing {
    w: io::BufWriter<File>,
    sha: Sha256,
    len: u64,
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.w.write(buf)?;
        self.sha.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

impl Spooled {
    /// The bytes `write` writes, spooled.
    pub fn write(write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>) -> anyhow::Result<Self> {
        let mut h = Hashing {
            w: io::BufWriter::with_capacity(1 << 16, crate::inputs::spill::temp()?),
            sha: Sha256::new(),
            len: 0,
        };
        write(&mut h)?;
        h.flush()?;
        let Hashing { sha, len, w } = h;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        Ok(Spooled {
            file,
            len,
            sha256: crate::config::hex(&sha.finalize()),
        })
    }

    /// Copy the bytes to `out`.
    pub fn copy_to(&self, out: &mut impl Write) -> io::Result<u64> {
        let mut f = &self.file;
        f.seek(SeekFrom::Start(0))?;
        io::copy(&mut f.take(self.len), out)
    }

    /// The bytes in memory (`verify`, which compares outputs byte by byte).
    pub fn to_vec(&self) -> io::Result<Vec<u8>> {
        let mut v = Vec::with_capacity(self.len as usize);
        self.copy_to(&mut v)?;
        Ok(v)
    }
}
