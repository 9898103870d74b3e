#!/usr/bin/env python3
"""Where the CPU time of one `slareport report` run goes, from `perf`.

    bench/profile.sh MONTH DATA_DIR   # builds a binary with symbols, records, prints the table

Reads `perf report --no-children --sort symbol` output on stdin and sums the self time of
every symbol into the stage it belongs to. The sample rate (Hz) is the first argument, to turn
samples into CPU seconds.
"""
import re
import sys

# (stage, pattern on the symbol), first match wins.
STAGES = [
    ("read: SHA-256 of the inputs", r"sha2::"),
    ("read: file to memory (kernel copies)", r"_copy_to_iter|copy_user|filemap_read"),
    ("read: record split, field split, UTF-8 and quote checks",
     r"csvstream|csvsplit|callread::lines|memchr|from_utf8|str::iter::Split|CharSearcher"),
    ("read: timestamps", r"timestamp::|clocks::|days_from_civil"),
    ("read: content fingerprint (duplicate rule)", r"dedup::fingerprint"),
    ("read: field mapping, validation, columns",
     r"fields::|calls::validate|parse_persons|catalog::|trim_matches|callread::Conv|"
     r"CallsBuilder::push|CallsBuilder::append|StrArena|isolate::|frames::"),
    ("duplicate rule and order", r"dedup::|rayon::slice::sort|CallsBuilder::finish|kept_in_order|"
     r"retain_kept|sort_kept|insertion_sort|core::slice::sort::"),
    ("figures", r"slareport::metrics|partition_at_index|select::"),
    ("PDF (typst: layout, fonts, PDF/A export)",
     r"typst|krilla|ttf_parser|rustybuzz|comemo|usvg|subsetter|skrifa|read_fonts|ecow|hayro|"
     r"unicode_|icu_|zlib|siphasher|bumpalo|slab::|kurbo|tiny_skia|svgtypes|roxmltree|"
     r"hypher|fontdb|pdf_writer|image|png|xmp"),
    ("HTML, charts, CSV, JSON", r"minijinja|plotters|serde_json|slareport::render|slareport::report|csv::"),
    ("memory (page faults, zeroing, malloc, copies)",
     r"clear_page|page_fault|handle_mm_fault|do_anonymous_page|alloc_pages|folio|_raw_spin|"
     r"malloc|free|memmove|memcpy|memset|realloc|unmap|rmqueue|lru|mem_cgroup|__list_"),
    ("hash tables", r"hashbrown|hash::|Hasher"),
]


def main():
    hz = float(sys.argv[1])
    totals = {name: 0.0 for name, _ in STAGES}
    totals["other"] = 0.0
    samples = 0
    for line in sys.stdin:
        m = re.match(r"\s*([\d.]+)%\s+\[(.)\]\s+(.*?)\s*$", line)
        if m:
            share = float(m.group(1))
            sym = m.group(3)
            for name, pat in STAGES:
                if re.search(pat, sym):
                    totals[name] += share
                    break
            else:
                totals["other"] += share
        s = re.match(r"# Samples: (\d+)([KM]?)", line)
        if s:
            samples = int(s.group(1)) * {"": 1, "K": 1000, "M": 1_000_000}[s.group(2)]
        e = re.match(r"# Event count \(approx\.\): (\d+)", line)
        if e:
            samples = int(e.group(1)) / (1e9 / hz)
    cpu = samples / hz
    print(f"| stage | share of CPU | CPU s (of {cpu:.1f}) |")
    print("|---|---:|---:|")
    for name, share in sorted(totals.items(), key=lambda kv: -kv[1]):
        if share >= 0.5:
            print(f"| {name} | {share:.0f} % | {share / 100 * cpu:.2f} |")


if __name__ == "__main__":
    main()
