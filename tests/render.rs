//! Rendering the synthetic fixture month (`slareport::report::fixture`): HTML, PDF and CSV.
//!
//! Set `RENDER_OUT=/some/dir` to also write report.sv.{html,pdf} and report.en.{html,pdf} there
//! for looking at them.

use slareport::cli::Lang;
use slareport::report::fixture::fixture;
use slareport::report::ReportModel;

fn model(lang: Lang) -> ReportModel {
    let fx = fixture();
    ReportModel::build(&fx.metrics, &fx.inputs, &fx.config, &fx.manifest, lang).unwrap()
}

#[test]
fn renders_html_and_pdf_in_both_languages() {
    for lang in [Lang::Sv, Lang::En] {
        let m = model(lang);
        let html = slareport::render::html(&m).unwrap();
        let t0 = std::time::Instant::now();
        let pdf = slareport::render::pdf(&m).unwrap();
        eprintln!("pdf {:?}: {} bytes in {:?}", lang, pdf.len(), t0.elapsed());
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(html.starts_with(b"<!DOCTYPE html>"));
        if let Ok(dir) = std::env::var("RENDER_OUT") {
            let dir = std::path::Path::new(&dir);
            std::fs::create_dir_all(dir).unwrap();
            let l = lang.as_str();
            std::fs::write(dir.join(format!("report.{l}.html")), &html).unwrap();
            std::fs::write(dir.join(format!("report.{l}.pdf")), &pdf).unwrap();
        }
    }
}
