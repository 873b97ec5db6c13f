//! The `lumbung` binary: parse the command line, dispatch, map the result to an exit
//! code (0 ok, 1 content errors, 2 usage or I/O problems).

mod cli;
mod cmd;

use clap::Parser;

// Without transparent huge pages: on this VM, zeroing each fresh 2 MiB page on first
// touch was 6–12 % of a national build's CPU (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    let code = match cli.command {
        cli::Command::Build(args) => cmd::build::run(&args),
        cli::Command::Check(args) => cmd::check::run(&args),
        cli::Command::Score(args) => cmd::score::run(&args),
        cli::Command::Init(args) => cmd::init::run(&args),
        cli::Command::New(args) => cmd::new::run(&args),
        cli::Command::Schema(args) => cmd::schema::run(&args),
        cli::Command::Gaps(args) => cmd::gaps::run(&args),
        cli::Command::Serve(args) => cmd::serve::run(&args),
    };
    std::process::ExitCode::from(code)
}
