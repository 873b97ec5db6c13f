//! The command line: commands and their flags (clap derive). `///` comments are the
//! help text; every command's help ends with an example.

use clap::{Args, Parser, Subcommand, ValueEnum};
use lumbung::diagnostics::report::Format;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "lumbung",
    version,
    about = "Static site generator for regional innovation portfolios (Indeks Inovasi Daerah)",
    long_about = "lumbung validates a portfolio of regional innovations written as Markdown files with YAML \
                  front matter, computes the Indeks Inovasi Daerah (IID) exactly as the methodology defines it, \
                  and writes a fast, accessible public site with rankings, region and innovation pages and open data.",
    after_help = "Examples:\n  lumbung build              build ./site.yaml's portfolio into public/\n  lumbung check --strict     validate only; warnings fail too\n  lumbung score --format csv print the index table as CSV"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate, score and write the site (atomically) into the output folder.
    #[command(
        after_help = "Example:\n  lumbung build --root portal-inovasi --out /tmp/situs\n\nExit codes: 0 built, 1 content errors (nothing written), 2 usage or I/O problem."
    )]
    Build(BuildArgs),
    /// Validate and score without writing anything; for editors and CI.
    #[command(
        after_help = "Examples:\n  lumbung check\n  lumbung check --format github --strict    (in a GitHub Actions workflow)\n\nExit codes: 0 clean (warnings allowed), 1 content errors, 2 usage or I/O problem."
    )]
    Check(CheckArgs),
    /// Print the index table: rank, region, IID, predicate, SPD, SID, innovations.
    #[command(after_help = "Examples:\n  lumbung score\n  lumbung score --format json > iid.json")]
    Score(ScoreArgs),
    /// Create a new portfolio that builds as it is: site.yaml, an example region and
    /// innovation, JSON Schemas, GitHub Actions and GitLab CI workflows.
    #[command(
        after_help = "Examples:\n  lumbung init portal-inovasi\n  lumbung init . --title \"Portal Inovasi Kalimantan Selatan\" --base-url https://akun.github.io/portal/\n\nExit codes: 0 created, 2 files already exist (nothing written) or I/O problem."
    )]
    Init(InitArgs),
    /// Write a new region or innovation file listing every indicator of the methodology.
    #[command(
        after_help = "Examples:\n  lumbung new region kabupaten-banjar\n  lumbung new innovation kabupaten-banjar sipandai --title \"SIPANDAI\" --stage penerapan\n\nExit codes: 0 written, 1 site.yaml or methodology invalid, 2 bad slug, missing region, file exists or I/O problem."
    )]
    New(NewArgs),
    /// Write JSON Schemas of region and innovation front matter (editor autocompletion).
    #[command(
        after_help = "Examples:\n  lumbung schema                 writes schemas/region.schema.json and schemas/innovation.schema.json\n  lumbung schema --out /tmp/s\n\nExit codes: 0 written, 1 site.yaml or methodology invalid, 2 usage or I/O problem."
    )]
    Schema(SchemaArgs),
    /// Show what each possible improvement would add to one region's IID, best first.
    #[command(
        after_help = "Examples:\n  lumbung gaps kabupaten-banjar\n  lumbung gaps kabupaten-banjar --format md --top 20 > peluang.md\n  lumbung gaps kabupaten-banjar --format json    (its entry of data/gaps.json)\n\nExit codes: 0 ok, 1 content errors, 2 unknown region or usage problem."
    )]
    Gaps(GapsArgs),
    /// Preview the site in a browser while you edit: builds in memory, rebuilds only
    /// what a change affects, and reloads open pages; invalid content shows its
    /// problems on the page while the last good build stays visible.
    #[command(
        after_help = "Examples:\n  lumbung serve                      http://127.0.0.1:1111/ (this computer only)\n  lumbung serve --root portal-inovasi --open   and open it in the browser\n  lumbung serve --bind 0.0.0.0 --port 8080    visible to the local network\n\nCtrl-C stops. Exit codes: 0 stopped, 2 no site.yaml, port in use or I/O problem."
    )]
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: Common,
    /// Port to listen on [default: 1111, or the next free one].
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,
    /// Address to listen on; the default lets only this computer connect.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser once it is ready.
    #[arg(long)]
    pub open: bool,
}

/// Flags every command shares.
#[derive(Debug, Args, Clone)]
pub struct Common {
    /// The portfolio folder (holding site.yaml and content/).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Language of messages: id (Bahasa Indonesia) or en. Default: the site's language.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    Id,
    En,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: Common,
    /// Output folder; replaced only when the whole site was written.
    #[arg(long, default_value = "public", value_name = "DIR")]
    pub out: PathBuf,
    /// Fail on warnings too (missing or unverified indicators, empty evidence files).
    #[arg(long)]
    pub strict: bool,
    /// Print the time of each stage.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// How to print problems: human (with source excerpts), json, or github (annotations).
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Fail on warnings too (missing or unverified indicators, empty evidence files).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub common: Common,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GapsFormat {
    /// Aligned columns for the terminal.
    Table,
    /// The region's entry of data/gaps.json.
    Json,
    /// Markdown tables to paste into a report.
    Md,
}

#[derive(Debug, Args)]
pub struct GapsArgs {
    #[command(flatten)]
    pub common: Common,
    /// The region's slug: its folder name under content/.
    #[arg(value_name = "REGION")]
    pub region: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: GapsFormat,
    /// Show only the first N improvements (default: 10 in table and md, all in json).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder for the new portfolio (created if missing).
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Language of the comments in the written files and of messages: id or en.
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
    /// The site's title (site.yaml `title`).
    #[arg(long)]
    pub title: Option<String>,
    /// The published site's address (site.yaml `base_url`).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// An embedded methodology id (site.yaml `methodology`).
    #[arg(long, default_value = "iid-2023", value_name = "ID")]
    pub methodology: String,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(subcommand)]
    pub what: NewWhat,
}

#[derive(Debug, Subcommand)]
pub enum NewWhat {
    /// content/<slug>/_index.md with every region-level indicator.
    #[command(
        after_help = "Examples:\n  lumbung new region kabupaten-banjar\n  lumbung new region kota-banjarbaru --name \"Kota Banjarbaru\"\n  lumbung new region kalimantan-selatan --kind provinsi --name \"Provinsi Kalimantan Selatan\""
    )]
    Region(NewRegionArgs),
    /// content/<region>/<slug>.md with every innovation-level indicator.
    #[command(
        after_help = "Examples:\n  lumbung new innovation kabupaten-banjar sipandai\n  lumbung new innovation kabupaten-banjar sipandai --title \"SIPANDAI\" --stage penerapan"
    )]
    Innovation(NewInnovationArgs),
}

#[derive(Debug, Args)]
pub struct NewRegionArgs {
    #[command(flatten)]
    pub common: Common,
    /// The region's slug (its folder name), e.g. kabupaten-banjar.
    pub slug: String,
    /// The official name (default: from the slug, "Kabupaten Banjar").
    #[arg(long)]
    pub name: Option<String>,
    /// provinsi, kabupaten or kota (default: from the slug's first word, else kabupaten).
    #[arg(long)]
    pub kind: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewInnovationArgs {
    #[command(flatten)]
    pub common: Common,
    /// The slug of an existing region.
    pub region: String,
    /// The innovation's slug (its file name), e.g. sipandai.
    pub slug: String,
    /// The innovation's name (default: from the slug).
    #[arg(long)]
    pub title: Option<String>,
    /// inisiatif, uji-coba or penerapan (default: inisiatif).
    #[arg(long)]
    pub stage: Option<String>,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub common: Common,
    /// Output folder (default: schemas/ in the portfolio folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
