//! The catalogue's tables of a report's repeated entries: challenges, goals with their
//! initiatives and indicators, projects and 中期目標.

use super::fields::f;
use super::{Field, Ty};

use super::report_fields::{EXTRA, PLAN_REF, SECTIONS};

pub(super) const CHALLENGE: &[Field] = &[
    f(
        "id",
        "課題ID",
        Ty::Line,
        "報告の中で重ならない記号。事業の challenges から指します。",
        "\"c1\"",
    )
    .req(),
    f(
        "title",
        "課題名",
        Ty::Line,
        "課題の名前。",
        "\"市民公益活動の支援拡充\"",
    )
    .req(),
    f(
        "description",
        "課題の内容",
        Ty::Prose,
        "課題の内容。",
        "\"\"\"（課題の内容）\"\"\"",
    ),
    f(
        "response",
        "対応",
        Ty::Prose,
        "課題への対応・取り組み方針。",
        "\"\"\"（対応）\"\"\"",
    ),
    PLAN_REF,
    SECTIONS,
    EXTRA,
];

pub(super) const GOAL: &[Field] = &[
    f(
        "id",
        "目標ID",
        Ty::Line,
        "目標の記号（英数字）。年度をまたいで同じ目標には同じ id を付けます（前年度との比較になります）。",
        "\"renkei\"",
    )
    .req(),
    f(
        "number",
        "目標番号",
        Ty::Code,
        "「重点目標 1」の番号。書かなければ書いた順（1, 2, …）。原典が番号を付けていないときは \"\"（空）と書くと番号を出しません。",
        "1",
    ),
    f(
        "title",
        "目標名",
        Ty::Line,
        "目標の名前。",
        "\"民間企業や大学とのさらなる連携\"",
    )
    .req(),
    f("field", "分野", Ty::Line, "目標の分野。", "\"行財政運営\""),
    f(
        "challenge",
        "対応する課題",
        Ty::Line,
        "この目標が取り組む課題（[[challenges]]）の id。報告のページで目標がその課題の下に並びます（経営課題→戦略→具体的取組）。",
        "\"c1\"",
    )
    .at("報告のページ（課題の下）"),
    SECTIONS,
    PLAN_REF,
    f(
        "aim",
        "達成目標",
        Ty::Prose,
        "今年度の達成目標・取組内容。",
        "\"\"\"（達成目標）\"\"\"",
    ),
    f(
        "target_text",
        "目標値（文章）",
        Ty::Prose,
        "目標値を数でなく文章で示すとき。",
        "\"年度内に協定を2件締結\"",
    ),
    f(
        "actions",
        "具体的取組",
        Ty::Prose,
        "具体的取組・スケジュール。",
        "\"\"\"（具体的取組）\"\"\"",
    ),
    f(
        "results",
        "取組実績",
        Ty::Prose,
        "年度末に書く、取組の実績。",
        "\"\"\"（取組実績）\"\"\"",
    ),
    f("status", "達成状況", Ty::Prose, "達成状況。", "\"\"\"（達成状況）\"\"\""),
    f(
        "grade",
        "評価",
        Ty::Line,
        "全体の達成度。site.toml の評価記号（A〜E など）で書きます。書かなければ「未評価」（0% ではありません）。",
        "\"B\"",
    )
    .at("目標の評価、報告・計画・年度の達成率"),
    f(
        "evaluation",
        "総合評価",
        Ty::Prose,
        "総合評価・総括。",
        "\"\"\"（総合評価）\"\"\"",
    ),
    f(
        "next",
        "次年度以降に向けて",
        Ty::Prose,
        "課題・今後の方向性。",
        "\"\"\"（次年度以降に向けて）\"\"\"",
    ),
    f(
        "initiatives",
        "取組",
        Ty::Tables,
        "ひとつの目標の中の「達成目標→具体的取組→実績」の行。",
        "[{ aim = \"…\", actions = \"…\", grade = \"A\" }]",
    ),
    f(
        "indicators",
        "指標",
        Ty::Tables,
        "目標値と実績を数で示す指標。",
        "[{ name = \"ホームページ閲覧数\", target = 4_500_000 }]",
    )
    .at("目標の欄の指標の表と、経年のグラフ"),
    EXTRA,
];

pub(super) const INITIATIVE: &[Field] = &[
    f(
        "number",
        "取組番号",
        Ty::Code,
        "原典が付けている番号（1-1-1 など）。書かなければ番号なし。",
        "\"1-1-1\"",
    ),
    f(
        "title",
        "取組名",
        Ty::Line,
        "この行の見出し（具体的取組の名前など）。",
        "\"迅速かつ的確な情報発信\"",
    ),
    f(
        "aim",
        "達成目標",
        Ty::Prose,
        "この行の達成目標。",
        "\"\"\"（達成目標）\"\"\"",
    ),
    f(
        "actions",
        "具体的取組",
        Ty::Prose,
        "この行の具体的取組。",
        "\"\"\"（具体的取組）\"\"\"",
    ),
    f(
        "results",
        "取組実績",
        Ty::Prose,
        "年度末に書く、この行の実績。",
        "\"\"\"（取組実績）\"\"\"",
    ),
    f(
        "status",
        "達成状況",
        Ty::Prose,
        "この行の達成状況。",
        "\"…\"",
    ),
    f(
        "grade",
        "評価",
        Ty::Line,
        "この行の評価（site.toml の評価記号）。",
        "\"A\"",
    ),
    f(
        "sections",
        "所管課",
        Ty::List,
        "この行を担当する課。",
        "[\"秘書広報課\"]",
    ),
    EXTRA,
];

pub(super) const INDICATOR: &[Field] = &[
    f(
        "id",
        "指標ID",
        Ty::Line,
        "指標の記号（英数字）。年度をまたいで同じ指標には同じ id を付けます（経年のグラフになります）。",
        "\"pageviews\"",
    ),
    f(
        "name",
        "指標名",
        Ty::Line,
        "指標の名前。",
        "\"公式ホームページ総ページビュー数\"",
    )
    .req(),
    f("unit", "単位", Ty::Line, "数の単位。", "\"件\""),
    f("target", "目標値", Ty::Num, "今年度の目標値。", "4_500_000"),
    f(
        "actual",
        "実績",
        Ty::Num,
        "年度末に書く実績値。書かなければ「未測定」。",
        "4_238_714",
    ),
    f("baseline", "基準値", Ty::Num, "出発点の値。", "4_100_000"),
    f(
        "better",
        "良い向き",
        Ty::Choice(&["higher", "lower"]),
        "大きいほど良いなら higher（書かなければこれ）、小さいほど良い（市債残高、事故件数など）なら lower。",
        "\"lower\"",
    ),
    f(
        "baseline_label",
        "基準値の時点",
        Ty::Line,
        "原典が基準値に添える時点。",
        "\"H27年度\"",
    ),
    f(
        "actual_label",
        "実績の時点",
        Ty::Line,
        "原典が実績に添える期間や「見込」。",
        "\"見込\"",
    ),
    f(
        "approximate",
        "約",
        Ty::Bool,
        "原典が実績を「約」付きで書いているとき true。",
        "true",
    ),
    f(
        "baseline_text",
        "基準値（文章）",
        Ty::Line,
        "基準値の欄に原典が数ではなく書いている言葉。そのまま表示し、達成率には使いません。",
        "\"新規（実績なし）\"",
    ),
    f(
        "target_text",
        "目標値（文章）",
        Ty::Line,
        "目標値の欄に原典が数ではなく書いている言葉（増加など）。そのまま表示し、達成率には使いません。",
        "\"増加\"",
    ),
    f(
        "actual_text",
        "実績（文章）",
        Ty::Line,
        "実績の欄に原典が数ではなく書いている言葉（調査中など）。そのまま表示し、達成率には使いません。",
        "\"調査中\"",
    ),
    EXTRA,
];

pub(super) const PROJECT: &[Field] = &[
    f(
        "id",
        "事業ID",
        Ty::Line,
        "報告の中で重ならない記号。",
        "\"kikin\"",
    )
    .req(),
    f(
        "name",
        "事業名",
        Ty::Line,
        "事業の名前。",
        "\"市民公益活動促進基金\"",
    )
    .req(),
    f(
        "description",
        "事業の内容",
        Ty::Prose,
        "事業の内容。",
        "\"\"\"（事業の内容）\"\"\"",
    ),
    f(
        "target",
        "事業の目標",
        Ty::Prose,
        "事業の目標。",
        "\"登録団体数と寄附金の増加を目指します。\"",
    ),
    f(
        "challenges",
        "関連する課題",
        Ty::List,
        "この報告の課題（[[challenges]]）の id。",
        "[\"c1\"]",
    ),
    f(
        "budget",
        "事業費",
        Ty::Int,
        "事業の予算（円）。",
        "6_720_000",
    ),
    f(
        "sections",
        "担当課",
        Ty::List,
        "担当する課。department.toml の units の中から書きます。",
        "[\"協働推進課\"]",
    ),
    PLAN_REF,
    f(
        "challenge_titles",
        "関連する課題（題名）",
        Ty::List,
        "原典が関連する課題を id でなく題名で書いているとき、その題名。",
        "[\"市民公益活動の支援拡充\"]",
    ),
    EXTRA,
];

pub(super) const MIDTERM: &[Field] = &[
    f(
        "id",
        "中期目標ID",
        Ty::Line,
        "報告の中で重ならない記号。",
        "\"kihon\"",
    )
    .req(),
    f(
        "title",
        "中期目標名",
        Ty::Line,
        "中期目標の名前。",
        "\"基本政策の推進\"",
    )
    .req(),
    f(
        "body",
        "内容",
        Ty::Prose,
        "中期目標の内容。",
        "\"\"\"（内容）\"\"\"",
    ),
    f(
        "schedule",
        "スケジュール",
        Ty::Prose,
        "年度ごとの予定。",
        "\"\"\"（スケジュール）\"\"\"",
    ),
    f(
        "period",
        "期間",
        Ty::Table,
        "対象の年度（西暦）の始まりと終わり。",
        "{ from = 2018, to = 2021 }",
    ),
    PLAN_REF,
    EXTRA,
];
