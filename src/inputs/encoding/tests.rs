use super::*;

fn found(bytes: &[u8]) -> Option<Found> {
    scan(bytes).unwrap()
}

#[test]
fn utf8_with_and_without_bom_is_fine() {
    assert_eq!(found("a;b\nå;ä\n".as_bytes()), None);
    assert_eq!(found("\u{feff}a;b\nå;ä\n".as_bytes()), None);
    assert_eq!(found(b""), None);
}

#[test]
fn the_first_latin1_byte_is_located_by_line_and_character_column() {
    // Line 3, after "ö;" (two characters: ö is one character in UTF-8): column 3.
    let mut b = "id;namn\nT1;ö;\nT2;".as_bytes().to_vec();
    b.push(0xE5); // å in Windows-1252
    b.extend_from_slice(b"r\n");
    let f = found(&b).unwrap();
    assert_eq!((f.line, f.column, f.byte), (3, 4, 0xE5));
    assert_eq!(f.guess, Guess::Latin1);
    assert_eq!(f.guess.label(), "windows-1252");
}

#[test]
fn bytes_only_windows_1252_uses_name_it() {
    // 0x96 is an en dash in Windows-1252 and a control code in ISO-8859-1.
    let f = found(b"a;b\nx\x96y;\xe4\n").unwrap();
    assert_eq!((f.line, f.column), (2, 2));
    assert_eq!(f.guess, Guess::Windows1252);
}

#[test]
fn utf16_byte_order_marks_are_named() {
    let le = found(b"\xff\xfea\x00;\x00").unwrap();
    assert_eq!((le.line, le.column, le.guess), (1, 1, Guess::Utf16Le));
    assert_eq!(le.guess.label(), "utf-16le");
    let be = found(b"\xfe\xff\x00a").unwrap();
    assert_eq!(be.guess, Guess::Utf16Be);
}

#[test]
fn a_character_split_across_blocks_is_not_an_error() {
    // A reader that returns one byte at a time: every multi-byte character straddles reads.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some((&b, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = b;
            self.0 = rest;
            Ok(1)
        }
    }
    let text = "å\nää;ö\n€".as_bytes();
    assert_eq!(scan(Trickle(text)).unwrap(), None);
    let mut bad = text.to_vec();
    bad.push(0xF6);
    let f = scan(Trickle(&bad)).unwrap().unwrap();
    assert_eq!((f.line, f.column), (3, 2));
    // Cut short inside a character at the end of the file: not UTF-8.
    let cut = &"x€".as_bytes()[..3];
    assert_eq!(scan(Trickle(cut)).unwrap().unwrap().column, 2);
}

#[test]
fn in_record_counts_lines_inside_a_quoted_field() {
    let f = in_record(b"T1;\"two\nlines \xe4\"", 7);
    assert_eq!((f.line, f.column, f.byte), (8, 7, 0xE4));
}

#[test]
fn the_error_names_file_line_column_encoding_and_mapping_line() {
    let f = found(b"a\n\xe5\n").unwrap();
    let e = not_utf8(InputKind::Tickets, "t.csv", &f).to_string();
    for part in [
        "t.csv (tickets): line 2, column 1",
        "0xE5",
        "`å` in Windows-1252",
        "Windows-1252 / ISO-8859-1",
        "encoding = \"windows-1252\"",
        "[inputs.tickets]",
    ] {
        assert!(e.contains(part), "{part} not in {e}");
    }
}

#[test]
fn labels_are_checked_and_recorded_by_their_canonical_name() {
    let m = |l: &str| InputMapping {
        encoding: Some(l.into()),
        ..InputMapping::default()
    };
    let k = InputKind::Tickets;
    assert_eq!(
        Declared::of(k, &InputMapping::default()).unwrap(),
        Declared::Default
    );
    assert_eq!(Declared::of(k, &m("UTF-8")).unwrap(), Declared::Utf8);
    let latin1 = Declared::of(k, &m("iso-8859-1")).unwrap();
    assert_eq!(latin1.recorded().as_deref(), Some("windows-1252"));
    assert!(Declared::of(k, &m("klingon")).is_err());
    assert!(Declared::of(k, &m("replacement")).is_err());
}

#[test]
fn transcoding_reader_gives_utf8_and_hashes_the_file_as_stored() {
    let raw = b"\xff\xfe\xe5\x00;\x00\n\x00".to_vec(); // UTF-16LE "å;\n" with BOM
    let mut t = Transcode::new(&raw[..], encoding_rs::UTF_16LE);
    let mut out = String::new();
    t.read_to_string(&mut out).unwrap();
    assert_eq!(out, "å;\n");
    assert!(!t.had_errors);
    let (size, sha) = t.finish();
    assert_eq!(size, raw.len() as u64);
    assert_eq!(sha, crate::config::hex(&Sha256::digest(&raw)));
}
