//! Labels of the archive: the restatement note on page 1 and the static site over an archive
//! of reports (key, Swedish, English).

pub(super) const TABLE: &[(&str, &str, &str)] = &[
    // Restatement (page 1)
    ("restate.heading", "Omräknad rapport", "Restated report"),
    (
        "restate.replaces",
        "Denna rapport ersätter version {n} av den {date}, som finns kvar i {folder}/ (manifestets SHA-256 {sha}).",
        "This report replaces version {n} of {date}, kept in {folder}/ (its manifest's SHA-256 {sha}).",
    ),
    ("restate.why", "Skäl:", "Why:"),
    ("restate.corrections_new", "rättelser som tillkommit sedan dess: {ids}", "corrections new since then: {ids}"),
    ("restate.config_changed", "SLA-konfigurationen har ändrats", "the SLA config changed"),
    ("restate.tool_changed", "verktyget har ändrats ({old} → {new})", "the tool changed ({old} → {new})"),
    ("restate.inputs_changed", "indata har ändrats: {list}", "inputs changed: {list}"),
    ("restate.nothing_changed", "inga nya rättelser och samma konfiguration, verktyg och indata (utfärdad på nytt)", "no new corrections and the same config, tool and inputs (issued again)"),
];
