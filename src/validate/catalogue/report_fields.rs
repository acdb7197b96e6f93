//! The catalogue's tables of a report's own fields (`<FY>.toml` and the front matter of
//! `<FY>.md`): the report's top, its people, budget, staff, headings and source.

use super::fields::f;
use super::{Field, Ty};

pub(super) const REPORT: &[Field] = &[
    f(
        "kind",
        "報告の種類",
        Ty::Line,
        "報告の種類。運営方針、目標宣言、達成状況報告、プロフィールなど自由に書けます。",
        "\"運営方針\"",
    )
    .at("報告のページの見出し"),
    f(
        "title",
        "報告の題名",
        Ty::Line,
        "報告の題名。書かなければ年度・部局名・種類から作ります。",
        "\"令和3年度 政策推進部の運営方針\"",
    )
    .at("報告のページの見出し"),
    f(
        "published",
        "公表日",
        Ty::Date,
        "公表した日。",
        "2021-05-01",
    )
    .at("報告のページ"),
    f(
        "updated",
        "最終更新日",
        Ty::Date,
        "最後に更新した日。書かなければ git の最後の記録の日。",
        "2022-06-30",
    )
    .at("報告のページ"),
    f(
        "head",
        "部局長",
        Ty::Table,
        "部局長の職名と氏名。",
        "{ title = \"部長\", name = \"市川 信行\" }",
    )
    .at("報告のページ（部長メッセージ）"),
    f(
        "officers",
        "役職者",
        Ty::Tables,
        "理事・次長など、部局長のほかの役職者。",
        "[{ title = \"理事\", name = \"小林 一裕\", role = \"行財政健全化担当\" }]",
    )
    .at("報告のページ「部局長」"),
    f(
        "mission",
        "部局の使命",
        Ty::Prose,
        "部局の使命・部の概要。",
        "\"\"\"市民が主役のまちづくりを進めます。\"\"\"",
    )
    .at("報告のページ「部局の使命」"),
    f(
        "policy",
        "基本方針",
        Ty::Prose,
        "今年度の基本方針・取り組み方針。",
        "\"\"\"（基本方針）\"\"\"",
    )
    .at("報告のページ「基本方針」"),
    f(
        "review",
        "取り組みの総括",
        Ty::Prose,
        "年度末に書く、1年間の取り組みの総括。",
        "\"\"\"（総括）\"\"\"",
    )
    .at("報告のページ「取り組みの総括」"),
    f(
        "duties",
        "主な仕事",
        Ty::List,
        "部局の主な仕事（事務分掌）。",
        "[\"地域支援に関すること。\"]",
    )
    .at("報告のページ「主な仕事」"),
    f(
        "goals_heading",
        "目標の見出し",
        Ty::Line,
        "目標の欄の見出しと、各目標の前に付く呼び名。原典の呼び方（重点目標、当年度目標、取組 …）。欄の見出しと呼び名が違うときは [headings] の goals と goal で別々に書けます。",
        "\"重点目標\"",
    )
    .at("報告のページの目標の見出し"),
    f(
        "resources_as_of",
        "予算・職員の基準日",
        Ty::Date,
        "予算と職員数がいつ時点のものか。",
        "2019-03-01",
    )
    .at("報告のページ「予算と職員」"),
    f(
        "budget",
        "予算",
        Ty::Table,
        "部局の予算（円）。",
        "{ general = 1_273_190_000, basis = \"当初予算\" }",
    )
    .at("報告のページ「予算と職員」"),
    f(
        "staff",
        "組織構成",
        Ty::Tables,
        "課ごとの職員数。",
        "[{ unit = \"協働推進課\", counts = { \"常勤\" = 12 } }]",
    )
    .at("報告のページ「組織構成」"),
    f(
        "staff_totals",
        "職員数の合計",
        Ty::Counts,
        "職員の表の下に原典が書く合計（部職員合計など）。",
        "{ \"部職員合計\" = 21 }",
    )
    .at("報告のページ「組織構成」"),
    f(
        "headings",
        "見出しの言い換え",
        Ty::Table,
        "欄の見出しを原典の言い方に変えるとき。",
        "{ goal_results = \"取組結果\" }",
    )
    .at("報告のページの各欄の見出し"),
    f(
        "source",
        "原典",
        Ty::Table,
        "この報告の写し元の公開ページ（題名・ページID・URL）。",
        "{ page_title = \"令和3年度 政策推進部運営方針\", url = \"https://…\" }",
    )
    .at("報告のページの下部"),
    f(
        "graded",
        "評価の有無",
        Ty::Bool,
        "この報告だけ評価の有無を変えるとき。計画やプロフィールのように評価のない報告は false（site.toml の graded より優先）。",
        "false",
    )
    .at("報告のページの評価・達成率"),
    f(
        "revisions",
        "更新履歴",
        Ty::Tables,
        "原典の更新履歴。古い順に日付と内容を書きます。updated を書かなければ、いちばん新しい日付を更新日にします。",
        "[{ date = 2024-06-10, note = \"運営方針の進捗管理を実施しました。\" }]",
    )
    .at("報告のページ「更新履歴」"),
    f(
        "extra_sections",
        "独自の欄",
        Ty::Tables,
        "原典にあって決まった項目にない欄（局の目標、※注記など）。見出し・本文・置く場所を書きます。",
        "[{ title = \"局の目標（何をめざすのか）\", body = \"…\", after = \"top\" }]",
    )
    .at("報告のページ"),
    f(
        "challenges",
        "主な課題",
        Ty::Tables,
        "部局の主な課題と対応。",
        "[{ id = \"c1\", title = \"市民公益活動の支援拡充\" }]",
    )
    .at("報告のページ「主な課題と対応」"),
    f(
        "goals",
        "重点目標",
        Ty::Tables,
        "今年度の目標（重点目標・当年度目標・取組）。",
        "[{ id = \"renkei\", title = \"民間企業や大学とのさらなる連携\" }]",
    )
    .at("報告のページ「重点目標」、計画と年度のページの達成率"),
    f(
        "projects",
        "主な事業",
        Ty::Tables,
        "部局の主な事業。",
        "[{ id = \"kikin\", name = \"市民公益活動促進基金\" }]",
    )
    .at("報告のページ「主な事業」"),
    f(
        "midterm",
        "中期目標",
        Ty::Tables,
        "数年にわたる中期目標。",
        "[{ id = \"kihon\", title = \"基本政策の推進\" }]",
    )
    .at("報告のページ「中期目標」"),
];

pub(super) const REVISION: &[Field] = &[
    f("date", "更新日", Ty::Date, "更新した日。", "2024-06-10").req(),
    f(
        "note",
        "更新内容",
        Ty::Prose,
        "何を更新したか（原典の書き方のまま）。",
        "\"運営方針の進捗管理を実施しました。\"",
    ),
];

pub(super) const EXTRA_SECTION: &[Field] = &[
    f(
        "title",
        "欄の見出し",
        Ty::Line,
        "原典の欄の見出し。",
        "\"局の目標（何をめざすのか）\"",
    )
    .req(),
    f(
        "body",
        "欄の本文",
        Ty::Prose,
        "欄の本文。",
        "\"\"\"（本文）\"\"\"",
    ),
    f(
        "after",
        "置く場所",
        Ty::Choice(&crate::model::SECTION_KEYS),
        "top（いちばん上）か、この欄の前にある決まった欄の名前（message, officers, mission, policy, review, duties, resources, challenges, goals, projects, midterm）。書かなければ目標の欄の前。",
        "\"top\"",
    ),
];

/// `extra`: the source's own columns on an entry.
pub(super) const EXTRA: Field = f(
    "extra",
    "独自の列",
    Ty::Extra,
    "原典にあって決まった項目にない列（協働関係先、難易度、目標達成時期など）。原典の順に「見出し = 内容」を書きます。",
    "{ \"協働関係先\" = \"上郡5町\", \"難易度\" = \"高\" }",
)
.at("その項目の欄、data/extra.csv");

pub(super) const PERSON: &[Field] = &[
    f("title", "職名", Ty::Line, "職名。", "\"部長\""),
    f("name", "氏名", Ty::Line, "氏名。", "\"市川 信行\""),
    f(
        "role",
        "担当",
        Ty::Line,
        "担当の仕事。",
        "\"行財政健全化担当\"",
    ),
];

pub(super) const BUDGET: &[Field] = &[
    f(
        "general",
        "一般会計",
        Ty::Int,
        "部局の一般会計の予算（円）。",
        "1_273_190_000",
    ),
    f(
        "special",
        "特別会計",
        Ty::Int,
        "部局の特別会計の予算（円）。",
        "0",
    ),
    f(
        "general_city_total",
        "市全体の一般会計",
        Ty::Int,
        "市全体の一般会計（円）。部局の割合（1.0% など）を示すのに使います。",
        "122_730_000_000",
    ),
    f(
        "special_city_total",
        "市全体の特別会計",
        Ty::Int,
        "市全体の特別会計（円）。",
        "80_000_000_000",
    ),
    f(
        "basis",
        "予算の種類",
        Ty::Line,
        "当初予算・予算現額・決算など、原典の言い方。",
        "\"当初予算\"",
    ),
];

pub(super) const STAFF: &[Field] = &[
    f("unit", "課", Ty::Line, "課・室の名前。", "\"協働推進課\"").req(),
    f(
        "counts",
        "職員数",
        Ty::Counts,
        "雇用形態ごとの人数。日本語の名前は \"…\" で囲みます。",
        "{ \"常勤\" = 12, \"再任用\" = 4 }",
    ),
    f(
        "total",
        "合計",
        Ty::Int,
        "原典に書かれた合計（counts の和と違ってもそのまま示します）。",
        "21",
    ),
];

/// A `[headings]` key: the label is the default heading it replaces.
macro_rules! heading {
    ($key:literal, $label:literal) => {
        f(
            $key,
            $label,
            Ty::Line,
            concat!("「", $label, "」の見出しを、原典の言い方に変えます。"),
            "\"…\"",
        )
    };
}

pub(super) const HEADINGS: &[Field] = &[
    heading!("message", "部長メッセージ"),
    heading!("mission", "部局の使命"),
    heading!("policy", "基本方針"),
    heading!("review", "取り組みの総括"),
    heading!("duties", "主な仕事"),
    heading!("resources", "予算と職員"),
    heading!("staff", "組織構成"),
    heading!("challenges", "主な課題と対応"),
    heading!("goals", "重点目標"),
    heading!("projects", "主な事業"),
    heading!("midterm", "中期目標"),
    heading!("officers", "部局長"),
    heading!("challenge_description", "課題の内容"),
    heading!("challenge_response", "対応・取り組み方針"),
    heading!("goal_aim", "達成目標・取組内容"),
    heading!("goal_target", "目標値"),
    heading!("goal_actions", "具体的取組・スケジュール"),
    heading!("goal_results", "取組実績"),
    heading!("goal_status", "達成状況"),
    heading!("goal_evaluation", "総合評価・総括"),
    heading!("goal_next", "次年度以降に向けて"),
    heading!("goal_sections", "所管課"),
    heading!("project_target", "目標"),
    heading!("midterm_schedule", "スケジュール"),
    heading!("challenge", "課題"),
    heading!("plan_refs", "関連する計画"),
    heading!("project_challenges", "関連する課題"),
    heading!("project_budget", "予算"),
    heading!("project_sections", "担当課"),
    heading!("midterm_body", "内容"),
    f(
        "goal",
        "目標ごとの呼び名",
        Ty::Line,
        "各目標の見出しの前に付く呼び名（「戦略 1-1」の「戦略」）。書かなければ目標の欄の見出し（goals_heading）と同じ。",
        "\"戦略\"",
    ),
];

pub(super) const SOURCE: &[Field] = &[
    f(
        "page_title",
        "原典の題名",
        Ty::Line,
        "写し元のページの題名。",
        "\"令和3年度 政策推進部運営方針\"",
    ),
    f(
        "page_id",
        "ページID",
        Ty::Code,
        "写し元のページの ID。",
        "\"12345\"",
    ),
    f(
        "url",
        "原典のURL",
        Ty::Line,
        "写し元のページの URL。",
        "\"https://www.city.example.lg.jp/…\"",
    ),
];

pub(super) const PLAN_REF: Field = f(
    "plan",
    "関連する計画",
    Ty::List,
    "計画のコード。コードだけなら主な計画、\"計画名:コード\" でほかの計画。後ろに題名を続けても構いません。",
    "[\"4-1-2 多様な市民活動の支援\"]",
)
.at("この欄と、計画のページの関連する目標");

pub(super) const SECTIONS: Field = f(
    "sections",
    "所管課",
    Ty::List,
    "担当する課。department.toml の units の中から書きます。",
    "[\"企画調整課\"]",
);
