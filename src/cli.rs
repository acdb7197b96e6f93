//! Command-line parsing and exit codes: 0 success, 1 content errors, 2 usage errors.

use crate::diag::Severity;
use crate::pipeline::{self, BuildError, Compiled};
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
    after_help = "例:\n  hyoka build              このフォルダーのサイトを output/ に書き出す\n  hyoka check              原稿を点検する（書き出さない）\n  hyoka serve              ブラウザーで確かめながら編集する（http://127.0.0.1:1111/）\n  hyoka init みどり野市     新しいサイトのひな形を作る"
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
    Check {
        /// 書き出すページのリンク（ページ内の #位置 を含む）がすべてつながっているかも点検します
        #[arg(long, help_heading = "オプション")]
        links: bool,
    },
    /// 新しい年度の報告を、前の年度の報告から作ります
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "作るもの", subcommand_value_name = "作るもの")]
    New {
        /// 作るもの
        #[command(subcommand)]
        what: NewWhat,
    },
    /// サイトを作ってブラウザーで確認できるようにし、原稿を保存するたびに作り直します
    #[command(help_template = HELP_TEMPLATE)]
    Serve {
        /// 待ち受けるポート番号（0 なら空いている番号）
        #[arg(long, default_value_t = crate::serve::DEFAULT_PORT, value_name = "番号", help_heading = "オプション")]
        port: u16,
        /// 待ち受けるアドレス。既定はこのパソコンだけから見られる 127.0.0.1（IPv6 なら ::1）
        #[arg(long, default_value = "127.0.0.1", value_name = "アドレス", value_parser = parse_bind, help_heading = "オプション")]
        bind: std::net::IpAddr,
        /// 市のサイトのフォルダーに置いたときの見え方を確かめるためのパス（例: /hyoka/）
        #[arg(
            long = "base-path",
            default_value = "/",
            value_name = "パス",
            help_heading = "オプション"
        )]
        base_path: String,
        /// ファイルの変更を 0.5 秒ごとに確かめます（ネットワークドライブや OneDrive のフォルダーで、保存しても作り直されないとき）
        #[arg(long, help_heading = "オプション")]
        poll: bool,
    },
    /// 新しいサイトのひな形を作ります（部局ひとつ、年度ひとつ）
    #[command(help_template = HELP_TEMPLATE)]
    Init {
        /// 作るフォルダー（まだ存在しないか、空のフォルダー）
        #[arg(value_name = "フォルダー")]
        dir: PathBuf,
        /// 最初の報告の年度（西暦か和暦。例: 2025、令和7）。省略すると今日の属する年度
        #[arg(long, value_name = "年度")]
        year: Option<String>,
    },
    /// 2 つの版（git のコミット）で、報告の何が変わったかを日本語で示します。既定は最後のコミットと作業中のファイル
    #[command(help_template = HELP_TEMPLATE)]
    Diff {
        /// 比べる前の版（例: HEAD~1、main、コミットのハッシュ）。省略すると HEAD
        #[arg(value_name = "版", help_heading = "引数")]
        rev: Option<String>,
        /// 比べた後の版。省略すると作業中のファイル（--staged ならステージした内容）
        #[arg(value_name = "版2", help_heading = "引数")]
        rev2: Option<String>,
        /// 作業中のファイルではなく、git add でステージした内容と比べます
        #[arg(long, help_heading = "オプション")]
        staged: bool,
        /// 出力の形式: text（画面向け。既定）か markdown（プルリクエストや決裁の資料向け）
        #[arg(
            hide_possible_values = true,
            hide_default_value = true,
            long,
            value_enum,
            default_value = "text",
            value_name = "形式",
            help_heading = "オプション"
        )]
        format: DiffFormat,
    },
    /// 年度の報告を Excel のファイルに書き出します（報告がまだない年度は前の年度の報告から）
    #[command(help_template = HELP_TEMPLATE)]
    Export {
        /// 部局のフォルダー名か部局の名前（例: seisaku、市民生活部）
        #[arg(value_name = "部局", help_heading = "引数")]
        dept: String,
        /// 年度（西暦か和暦。例: 2025、令和7、R7）
        #[arg(value_name = "年度", help_heading = "引数")]
        year: String,
        /// 書き出すファイル。省略すると今のフォルダーの <部局>-<年度>.xlsx
        #[arg(long, short, value_name = "ファイル", help_heading = "オプション")]
        output: Option<PathBuf>,
    },
    /// hyoka export で書き出して記入した Excel を点検し、報告の TOML に書き込みます
    #[command(help_template = HELP_TEMPLATE)]
    Import {
        /// 取り込む Excel のファイル（.xlsx）
        #[arg(value_name = "ファイル", help_heading = "引数")]
        file: PathBuf,
        /// 点検と変更点の表示だけを行い、何も書き込みません
        #[arg(long, help_heading = "オプション")]
        dry_run: bool,
    },
}

/// `hyoka diff --format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum DiffFormat {
    /// 画面向けの文章
    Text,
    /// Markdown の文書
    Markdown,
}

/// What `hyoka new` creates.
#[derive(Subcommand, Debug)]
pub enum NewWhat {
    /// 前の年度の報告から、目標と指標を引き継いだ新しい年度の報告を作ります（実績・評価は空）
    #[command(help_template = HELP_TEMPLATE)]
    Report {
        /// 部局のフォルダー名か部局の名前（例: seisaku、市民生活部）
        #[arg(value_name = "部局")]
        dept: String,
        /// 年度（西暦か和暦。例: 2025、令和7、R7）
        #[arg(value_name = "年度")]
        year: String,
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
        Command::Check { links } => run_check(&site_dir, links),
        Command::Serve {
            port,
            bind,
            base_path,
            poll,
        } => match crate::serve::normalize_base_path(&base_path) {
            Ok(base_path) => crate::serve::run(crate::serve::ServeOptions {
                site_dir,
                bind,
                port,
                base_path,
                poll,
            }),
            Err(msg) => {
                eprintln!("エラー: {msg}\n使い方は `hyoka serve --help` で確認できます。");
                2
            }
        },
        Command::New {
            what: NewWhat::Report { dept, year },
        } => match crate::scaffold::new_report::new_report(&site_dir, &dept, &year) {
            Ok(msg) => {
                println!("{msg}");
                0
            }
            Err(d) => {
                eprint!("{}", d.render(&crate::diag::SourceMap::default()));
                1
            }
        },
        Command::Diff {
            rev,
            rev2,
            staged,
            format,
        } => run_diff(&site_dir, rev, rev2, staged, format),
        Command::Export { dept, year, output } => {
            match crate::workbook::export(&site_dir, &dept, &year, output.as_deref()) {
                Ok(msg) => {
                    println!("{msg}");
                    0
                }
                Err(d) => {
                    eprint!("{}", d.render(&crate::diag::SourceMap::default()));
                    1
                }
            }
        }
        Command::Import { file, dry_run } => {
            match crate::workbook::import(&site_dir, &file, dry_run) {
                Ok(msg) => {
                    print!("{msg}");
                    0
                }
                Err(msg) => {
                    eprint!("{msg}");
                    1
                }
            }
        }
        Command::Init { dir, year } => match crate::scaffold::init::init(&dir, year.as_deref()) {
            Ok(msg) => {
                println!("{msg}");
                0
            }
            Err(d) => {
                eprint!("{}", d.render(&crate::diag::SourceMap::default()));
                1
            }
        },
    }
}

/// `--bind`: an IP address, or `localhost` for 127.0.0.1.
fn parse_bind(s: &str) -> Result<std::net::IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(std::net::IpAddr::from([127, 0, 0, 1]));
    }
    s.trim_matches(|c| c == '[' || c == ']')
        .parse()
        .map_err(|_| format!("「{s}」は IP アドレスではありません（例: 127.0.0.1、::1）"))
}

fn usage_error(e: clap::Error) -> i32 {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return 0;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            eprintln!(
                "エラー: コマンドを指定してください（build, check, serve, new, init, diff）。\n使い方は `hyoka --help` で確認できます。"
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
            "「{}」というコマンドはありません。使えるコマンド: build, check, serve, new, init, diff, export, import",
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

/// Prints the errors, then the warnings: a staff member fixing the errors still sees what
/// else may be wrong (a copied year, a pasted table).
fn print_diags(c: &Compiled) {
    for severity in [Severity::Error, Severity::Warning] {
        for d in c.diags.items.iter().filter(|d| d.severity == severity) {
            eprint!("{}", d.render(&c.sources));
        }
    }
}

/// `hyoka diff`: the versions compared follow `git diff` (one revision: it and the working
/// tree, or with `--staged` the index; two: them).
fn run_diff(
    site_dir: &Path,
    rev: Option<String>,
    rev2: Option<String>,
    staged: bool,
    format: DiffFormat,
) -> i32 {
    use crate::pipeline::diff::{self, DiffError, Format};
    use crate::source::git_rev::Version;
    let old = Version::Commit(rev.unwrap_or_else(|| "HEAD".into()));
    let new = match (rev2, staged) {
        (Some(_), true) => {
            eprintln!(
                "エラー: --staged と 2 つめの版は一緒に指定できません。\n使い方は `hyoka diff --help` で確認できます。"
            );
            return 2;
        }
        (Some(r), false) => Version::Commit(r),
        (None, true) => Version::Index,
        (None, false) => Version::WorkTree,
    };
    let format = match format {
        DiffFormat::Text => Format::Text,
        DiffFormat::Markdown => Format::Markdown,
    };
    match diff::diff(site_dir, &old, &new, format) {
        Ok(out) => {
            print!("{out}");
            0
        }
        Err(DiffError::Git(msg)) => {
            eprintln!("エラー: {msg}");
            2
        }
        Err(DiffError::Content(msg)) => {
            eprint!("{msg}");
            1
        }
    }
}

fn run_build(site_dir: &Path, out: &Path) -> i32 {
    match pipeline::build(site_dir, out) {
        Ok((compiled, s)) => {
            print_diags(&compiled);
            let w = compiled.diags.warning_count();
            // The process ends now: freeing the whole site would only cost time.
            std::mem::forget(compiled);
            println!(
                "サイトを書き出しました: {}（ページ {} 件、ファイル {} 件、{:.2} 秒）{}",
                out.display(),
                crate::analyze::metrics::format_int(s.pages as i64),
                crate::analyze::metrics::format_int(s.files as i64),
                s.seconds,
                if w > 0 {
                    format!(
                        "\n警告が {w} 件あります（書き出しはできています）。上の警告を確かめてください。"
                    )
                } else {
                    String::new()
                }
            );
            0
        }
        Err(BuildError::Content(c)) => {
            print_diags(&c);
            eprintln!(
                "エラーが {} 件、警告が {} 件あります。{} は前回のまま変更していません。",
                c.diags.error_count(),
                c.diags.warning_count(),
                out.display()
            );
            1
        }
        Err(BuildError::Other(c, d)) => {
            print_diags(&c);
            eprint!("{}", d.render(&c.sources));
            eprintln!("{} は前回のまま変更していません。", out.display());
            1
        }
    }
}

fn run_check(site_dir: &Path, links: bool) -> i32 {
    let c = pipeline::compile(site_dir);
    print_diags(&c);
    let (e, w) = (c.diags.error_count(), c.diags.warning_count());
    if e > 0 {
        eprintln!("エラーが {e} 件、警告が {w} 件あります。");
        1
    } else {
        // Rendering is part of checking: a broken theme template is an error too.
        if let Some(site) = &c.site {
            if !links {
                // Drawn and dropped page by page: nothing to keep without --links.
                if let Err(d) = pipeline::render_check(site, site_dir) {
                    eprint!("{}", d.render(&c.sources));
                    return 1;
                }
            }
            match links.then(|| pipeline::render_files(site, site_dir)) {
                None => {}
                Some(Err(d)) => {
                    eprint!("{}", d.render(&c.sources));
                    return 1;
                }
                Some(Ok(files)) => {
                    let statics: Vec<String> =
                        crate::source::theme::static_files(site_dir, &site.config.theme)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|f| f.rel)
                            .collect();
                    let (checked, broken) = crate::publish::linkcheck::check(&files, &statics);
                    for b in &broken {
                        eprintln!("{b}");
                    }
                    if !broken.is_empty() {
                        eprintln!(
                            "リンクを {} 件点検し、{} 件のリンク切れがありました。",
                            crate::analyze::metrics::format_int(checked as i64),
                            crate::analyze::metrics::format_int(broken.len() as i64)
                        );
                        return 1;
                    }
                    println!(
                        "リンクを {} 件点検しました。リンク切れはありません。",
                        crate::analyze::metrics::format_int(checked as i64)
                    );
                }
            }
        }
        let (_, source) = crate::source::gitdates::start(site_dir).finish_with_source();
        println!(
            "{}",
            match source {
                crate::source::gitdates::DateSource::Git =>
                    "各ページの更新日は、原稿のファイルを最後に git にコミットした日です（報告の updated があればその日）。",
                crate::source::gitdates::DateSource::FileTimes =>
                    "このサイトは git で管理されていないため、各ページの更新日は原稿のファイルを最後に保存した日です（報告の updated があればその日）。",
            }
        );
        if w > 0 {
            println!("エラーはありません。警告が {w} 件あります。");
        } else {
            println!("エラーも警告もありません。");
        }
        0
    }
}
