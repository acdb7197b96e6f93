//! The `hyoka` command.

/// A build allocates millions of small strings (view-models, rows, tokens): mimalloc
/// handles them faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Last line of defence: a bug must not show a Rust backtrace to city staff.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "内部エラー: hyoka の不具合で処理を中断しました（{at}）。output/ は前回のまま変更していません。\nお手数ですが、実行したコマンドとこのメッセージを開発者に知らせてください。"
        );
        std::process::exit(3);
    }));
    std::process::exit(hyoka::cli::run(std::env::args_os().collect()));
}
