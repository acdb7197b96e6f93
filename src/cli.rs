//! Command-line parsing and exit codes: 0 success, 1 content errors, 2 usage errors.

use crate::build::{self, BuildError, Compiled};
use crate::diag::Severity;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Parser, Subcommand};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

const HELP_TEMPLATE: &str = "\
{before-help}{name} — {about}

使い方: {usage}

{all-args}{after-help}";

/// hyoka のコマンド。
#[derive(Parser, Debug)]
#[command(
    name = "hyoka",
    about = "部局運営方針・目標宣言・達成状況報告を、使えるウェブサイトにします",
    version,
    help_template = HELP_TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "コマンド",
    subcommand_value_name = "コマンド",
    after_help = "例:\n  hyoka build              このフォルダーのサイトを output/ に書き出す\n  hyoka check              原稿を点検する（書き出さない）\n  hyoka init みどり野市     新しいサイトのひな形を作る"
)]
pub struct Cli {
    /// サイトのフォルダー（site.toml のあるフォルダー）。省略すると今のフォルダー
    #[arg(
        long,
        global = true,
        value_name = "フォルダー",
        help_heading = "オプション"
    )]
    pub site: Option<PathBuf>,

    /// 使い方を表示します
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, help_heading = "オプション")]
    help: Option<bool>,

    /// バージョンを表示します
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "オプション")]
    version: Option<bool>,

    /// 実行するコマンド
    #[command(subcommand)]
    pub command: Command,
}

/// サブコマンド。
#[derive(Subcommand, Debug)]
pub enum Command {
    /// サイトを書き出します（既定の出力先は output/）
    #[command(help_template = HELP_TEMPLATE)]
    Build {
        /// 出力先のフォルダー
        #[arg(
            long,
            short = 'o',
            value_name = "フォルダー",
            help_heading = "オプション"
        )]
        output: Option<PathBuf>,
    },
    /// 原稿を点検します。エラーと警告を表示し、何も書き出しません
    #[command(help_template = HELP_TEMPLATE)]
    Check,
    /// 新しいサイトのひな形を作ります（部局ひとつ、年度ひとつ）
    #[command(help_template = HELP_TEMPLATE)]
    Init {
        /// 作るフォルダー（まだ存在しないか、空のフォルダー）
        #[arg(value_name = "フォルダー")]
        dir: PathBuf,
    },
}

/// Runs the command line and returns the process exit code.
pub fn run(args: Vec<OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let site_dir = cli.site.clone().unwrap_or_else(|| PathBuf::from("."));
    match cli.command {
        Command::Build { output } => {
            let out = output.unwrap_or_else(|| site_dir.join("output"));
            run_build(&site_dir, &out)
        }
        Command::Check => run_check(&site_dir),
        Command::Init { dir } => match crate::init::init(&dir) {
            Ok(msg) => {
                println!("{msg}");
                0
            }
            Err(msg) => {
                eprintln!("エラー: {msg}");
                1
            }
        },
    }
}

fn usage_error(e: clap::Error) -> i32 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return 0;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            eprintln!(
                "エラー: コマンドを指定してください（build, check, init）。\n使い方は `hyoka --help` で確認できます。"
            );
            return 2;
        }
        _ => {}
    }
    let ctx = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let msg = match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "「{}」というコマンドはありません。使えるコマンド: build, check, init",
            ctx(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => format!(
            "「{}」というオプションはありません。",
            ctx(ContextKind::InvalidArg)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("必要な指定がありません: {}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "{} の値「{}」が正しくありません。",
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::InvalidValue)
        ),
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!("指定が多すぎます: {}", ctx(ContextKind::InvalidArg))
        }
        _ => "コマンドの指定が正しくありません。".to_string(),
    };
    eprintln!("エラー: {msg}\n使い方は `hyoka --help` で確認できます。");
    2
}

fn print_diags(c: &Compiled, warnings: bool) {
    for d in &c.diags.items {
        if d.severity == Severity::Warning && !warnings {
            continue;
        }
        eprint!("{}", d.render(&c.sources));
    }
}

fn run_build(site_dir: &Path, out: &Path) -> i32 {
    match build::build(site_dir, out) {
        Ok((compiled, s)) => {
            // Warnings are listed by `hyoka check`; a build only counts them.
            print_diags(&compiled, false);
            let w = compiled.diags.warning_count();
            println!(
                "サイトを書き出しました: {}（ページ {} 件、ファイル {} 件、{:.2} 秒）{}",
                out.display(),
                crate::metrics::format_int(s.pages as i64),
                crate::metrics::format_int(s.files as i64),
                s.seconds,
                if w > 0 {
                    format!(
                        "\n警告が {w} 件あります（書き出しはできています）。`hyoka check` で内容を確認できます。"
                    )
                } else {
                    String::new()
                }
            );
            0
        }
        Err(BuildError::Content(c)) => {
            print_diags(&c, true);
            eprintln!(
                "エラーが {} 件、警告が {} 件あります。{} は前回のまま変更していません。",
                c.diags.error_count(),
                c.diags.warning_count(),
                out.display()
            );
            1
        }
        Err(BuildError::Other(c, d)) => {
            print_diags(&c, true);
            eprint!("{}", d.render(&c.sources));
            eprintln!("{} は前回のまま変更していません。", out.display());
            1
        }
    }
}

fn run_check(site_dir: &Path) -> i32 {
    let c = build::compile(site_dir);
    print_diags(&c, true);
    let (e, w) = (c.diags.error_count(), c.diags.warning_count());
    if e > 0 {
        eprintln!("エラーが {e} 件、警告が {w} 件あります。");
        1
    } else {
        // Rendering is part of checking: a broken theme template is an error too.
        if let Some(site) = &c.site
            && let Err(d) = build::render_files(site, site_dir)
        {
            eprint!("{}", d.render(&c.sources));
            return 1;
        }
        if w > 0 {
            println!("エラーはありません。警告が {w} 件あります。");
        } else {
            println!("エラーも警告もありません。");
        }
        0
    }
}
