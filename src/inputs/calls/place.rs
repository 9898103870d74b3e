//! Where a call-log row was read: its file and line in one word that sorts as they do (the
//! duplicate rule's reading order, M2.9, and the rejects' order, M2.7).

/// Bits of a line in [`at`]: a file of 2^40 lines would be over a TiB; the other 24 bits number
/// the call files (at most [`crate::inputs::limits::MAX_FILES`]).
const LINE_BITS: u32 = 40;

/// Where a row was read, file and line in one word that sorts as they do.
pub fn at(file: u32, line: u64) -> u64 {
    (u64::from(file) << LINE_BITS) | (line & ((1 << LINE_BITS) - 1))
}

/// The file and line of [`at`].
pub fn file_line(at: u64) -> (u32, u64) {
    ((at >> LINE_BITS) as u32, at & ((1 << LINE_BITS) - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::limits;

    #[test]
    fn read_positions_sort_as_file_then_line() {
        let max_line = (1 << LINE_BITS) - 1;
        let max_file = limits::MAX_FILES as u32;
        for (f, l) in [(0, 1), (3, 7), (max_file, max_line)] {
            assert_eq!(file_line(at(f, l)), (f, l));
        }
        assert!(at(0, max_line) < at(1, 1));
        assert!(at(2, 5) < at(2, 6));
    }
}
