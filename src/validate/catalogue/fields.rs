//! The catalogue's data: each table of each kind of file with its keys, labels, types,
//! explanations and examples (a report's are in `report_fields` and `entry_fields`).
//! Adding a key to a reader in `src/validate/` without adding it here fails
//! `tests/it/catalogue.rs`.

use super::entry_fields::*;
use super::report_fields::*;
use super::{Field, FileKind, Table, Ty};

/// A field that is optional and appears where its table does.
pub(super) const fn f(
    key: &'static str,
    label: &'static str,
    ty: Ty,
    about: &'static str,
    example: &'static str,
) -> Field {
    Field {
        key,
        label,
        ty,
        required: false,
        about,
        example,
        shown: "",
    }
}

impl Field {
    /// The same field, required.
    pub(super) const fn req(mut self) -> Field {
        self.required = true;
        self
    }

    /// The same field, shown at `shown`.
    pub(super) const fn at(mut self, shown: &'static str) -> Field {
        self.shown = shown;
        self
    }
}

const SITE: &[Field] = &[
    f("title", "サイト名", Ty::Line, "サイトの名前。", "\"柏原市 部局運営方針\"")
        .req()
        .at("すべてのページの上部とページの題名"),
    f("city", "市の名前", Ty::Line, "市（町・村）の名前。", "\"柏原市\"")
        .req()
        .at("トップページとページの下部"),
    f(
        "description",
        "サイトの説明",
        Ty::Prose,
        "部局運営方針とは何かなど、サイトの説明。",
        "\"\"\"各部局が年度ごとに定める運営方針と、その達成状況をまとめています。\"\"\"",
    )
    .at("トップページ"),
    f(
        "base_url",
        "公開URL",
        Ty::Line,
        "サイトを公開する URL（http:// か https:// で始まる）。",
        "\"https://www.city.example.lg.jp/hyoka/\"",
    )
    .at("サイトマップと検索エンジン向けの情報"),
    f(
        "city_code",
        "全国地方公共団体コード",
        Ty::Line,
        "市の全国地方公共団体コード（6 桁。最後の 1 桁は検査数字）。オープンデータの先頭の列になります。",
        "\"272213\"",
    )
    .at("オープンデータ（CSV の先頭の列、data/catalog.csv）"),
    f(
        "license",
        "利用条件",
        Ty::Line,
        "サイトの文章とオープンデータの利用条件。書かなければ「公共データ利用規約（第1.0版）」（CC BY 4.0 と互換）です。",
        "\"CC BY 4.0\"",
    )
    .at("オープンデータのページ、reports.json、data/catalog.csv"),
    f(
        "graded",
        "評価の有無",
        Ty::Bool,
        "目標を A・B などで評価しない市は false。評価の基準・達成率・未評価をどのページにも出しません（指標の目標値・実績・達成率は出します）。書かなければ true。",
        "false",
    )
    .at("すべてのページの評価・達成率"),
    f(
        "derive_grades",
        "指標からの評価の算出",
        Ty::Bool,
        "評価（A・B など）が書かれていない目標に、指標の達成率の平均から参考の評価を出すかどうか。出した評価には「参考：指標から算出」と添えます。出さない市は false（その目標は未評価になり、達成率にも数えません）。書かなければ true。",
        "false",
    )
    .at("評価が書かれていない目標の評価・達成率"),
    f(
        "language",
        "言語",
        Ty::Line,
        "ページの言語コード。ふつうは書きません（ja になります）。",
        "\"ja\"",
    )
    .at("ページの言語の指定"),
    f(
        "theme",
        "テーマ",
        Ty::Line,
        "ページの見た目（テーマ）の名前。標準は hyoka。",
        "\"hyoka\"",
    )
    .at("すべてのページの見た目"),
    f(
        "year_style",
        "年度の書き方",
        Ty::Choice(&["wareki", "western", "both"]),
        "wareki: 令和3年度、western: 2021年度、both: 令和3年度（2021年度）。書かなければ wareki。",
        "\"wareki\"",
    )
    .at("すべての年度の表示"),
    f(
        "primary_plan",
        "主な計画",
        Ty::Line,
        "コードだけで書いた計画の参照（\"4-1-2\"）が指す計画。content/plans/ のファイル名（.toml を除く）。",
        "\"sogo\"",
    )
    .at("計画へのリンク"),
    f(
        "allow_html",
        "HTMLの許可",
        Ty::Bool,
        "true にすると、文章の中の HTML を安全なものだけそのまま表示します。書かなければ false。",
        "false",
    )
    .at("すべての文章"),
    f(
        "grades",
        "評価の基準",
        Ty::Table,
        "評価記号（A〜E など）とその意味。書かなければ標準の A〜E の基準です。",
        "{ achieved = [\"A\", \"B\"], levels = [ … ] }",
    )
    .at("評価の説明と達成率"),
];

const GRADES: &[Field] = &[
    f(
        "achieved",
        "達成とみなす評価",
        Ty::List,
        "達成率で「達成」に数える評価記号。",
        "[\"A\", \"B\"]",
    ),
    f(
        "levels",
        "評価の段階",
        Ty::Tables,
        "評価記号ごとの意味と率。良い順に書きます。",
        "[{ symbol = \"A\", label = \"達成\", rate = 100, min_rate = 100 }]",
    ),
    f(
        "history",
        "過去の評価基準",
        Ty::Tables,
        "一部の年度だけ違う基準を使ったときの、その年度の基準。",
        "[{ from = 2013, to = 2015, achieved = [\"A\", \"B\"] }]",
    )
    .at("その年度のページの評価の説明"),
];

const LEVEL: &[Field] = &[
    f(
        "symbol",
        "評価記号",
        Ty::Code,
        "評価の記号。報告の grade にはこの記号を書きます。",
        "\"A\"",
    )
    .req(),
    f(
        "label",
        "評価の名前",
        Ty::Line,
        "記号の意味を短く。",
        "\"達成\"",
    )
    .req(),
    f(
        "description",
        "評価の説明",
        Ty::Line,
        "記号の意味の説明。",
        "\"設定した目標を達成することができた\"",
    ),
    f(
        "rate",
        "グラフ上の率",
        Ty::Num,
        "グラフでこの評価が表す率（%）。",
        "85",
    ),
    f(
        "min_rate",
        "下限の達成率",
        Ty::Num,
        "評価を書いていない目標は、指標の平均達成率（%）がこの値以上ならこの評価になります。",
        "70",
    ),
    f(
        "counted",
        "達成率に数える",
        Ty::Bool,
        "false にすると、この評価の目標を達成率の計算から外します（未実施など）。書かなければ true。",
        "false",
    ),
    f(
        "rate_text",
        "率の書き方",
        Ty::Line,
        "原典での率の書き方。",
        "\"70%以上100%未満\"",
    ),
];

const GRADES_HISTORY: &[Field] = &[
    f(
        "from",
        "開始年度",
        Ty::Year,
        "この基準を使った最初の年度（西暦）。",
        "2013",
    )
    .req(),
    f(
        "to",
        "終了年度",
        Ty::Year,
        "この基準を使った最後の年度（西暦）。",
        "2015",
    )
    .req(),
    f(
        "achieved",
        "達成とみなす評価",
        Ty::List,
        "この期間に「達成」に数える評価記号。書かなければ標準の基準と同じ。",
        "[\"A\", \"B\"]",
    ),
    f(
        "levels",
        "評価の段階",
        Ty::Tables,
        "この期間の評価記号ごとの意味と率。書かなければ標準の基準と同じ。",
        "[{ symbol = \"A\", label = \"達成\", rate = 110, min_rate = 110 }]",
    ),
];

const DEPARTMENT: &[Field] = &[
    f(
        "name",
        "部局名",
        Ty::Line,
        "部局の名前。",
        "\"地域づくり推進部\"",
    )
    .req()
    .at("部局の一覧と部局のページ"),
    f(
        "order",
        "並び順",
        Ty::Int,
        "一覧での並び順。小さいほど先。書かなければ最後のほう（1000）。",
        "30",
    )
    .at("部局の一覧"),
    f(
        "units",
        "所属の課",
        Ty::List,
        "この部局の課・室。報告の所管課（sections）はこの中から書きます。",
        "[\"協働推進課\", \"地域支援課\"]",
    )
    .at("部局のページ"),
    f(
        "former_names",
        "以前の部局名",
        Ty::Tables,
        "部局名が変わったとき、以前の名前と、それを最後に使った年度。",
        "[{ name = \"市民活力推進部\", until = 2015 }]",
    )
    .at("その年度の報告のページ"),
    f(
        "parent",
        "上位の部局",
        Ty::Line,
        "部の下で自分の組織目標を公表する課・室のとき、その部のフォルダー名。部局の一覧と部のページで部の下に並びます。",
        "\"kikaku\"",
    )
    .at("部局の一覧、上位の部局のページ"),
    f(
        "contact",
        "問い合わせ先",
        Ty::Table,
        "電話・ファクス・メール・問い合わせフォーム・内線など。",
        "{ phone = \"0465-74-2111\", email = \"kikaku@city.example.lg.jp\" }",
    )
    .at("部局のページ、報告のページ、計画の項目のページ"),
];

const CONTACT: &[Field] = &[
    f(
        "phone",
        "電話番号",
        Ty::Line,
        "代表または直通の電話番号。",
        "\"0465-74-2111\"",
    ),
    f(
        "fax",
        "ファクス番号",
        Ty::Line,
        "ファクス番号。",
        "\"0465-74-0000\"",
    ),
    f(
        "email",
        "メールアドレス",
        Ty::Line,
        "問い合わせ用のメールアドレス。",
        "\"kikaku@city.example.lg.jp\"",
    ),
    f(
        "form",
        "問い合わせフォーム",
        Ty::Line,
        "問い合わせフォームのページの URL。",
        "\"https://www.city.example.lg.jp/form/kikaku\"",
    ),
    f(
        "note",
        "備考",
        Ty::Line,
        "内線番号や受付時間など。",
        "\"内線 2211\"",
    ),
];

const FORMER_NAME: &[Field] = &[
    f(
        "name",
        "以前の名前",
        Ty::Line,
        "以前の部局名。",
        "\"市民活力推進部\"",
    )
    .req(),
    f(
        "until",
        "最後に使った年度",
        Ty::Year,
        "その名前を最後に使った年度（西暦）。",
        "2015",
    )
    .req(),
];

const PERIOD: &[Field] = &[
    f("from", "開始年度", Ty::Year, "最初の年度（西暦）。", "2018").req(),
    f("to", "終了年度", Ty::Year, "最後の年度（西暦）。", "2021").req(),
];

const PLAN: &[Field] = &[
    f(
        "name",
        "計画名",
        Ty::Line,
        "計画の名前。",
        "\"第五次総合計画 前期基本計画\"",
    )
    .req()
    .at("計画のページ"),
    f(
        "short",
        "略称",
        Ty::Line,
        "計画の短い名前。",
        "\"総合計画\"",
    )
    .at("目標の関連する計画"),
    f(
        "period",
        "計画期間",
        Ty::Table,
        "計画が対象とする年度（西暦）。",
        "{ from = 2016, to = 2020 }",
    )
    .at("計画のページ"),
    f(
        "levels",
        "階層の名前",
        Ty::List,
        "項目の階層の名前を上から順に。",
        "[\"基本目標\", \"政策\", \"施策\"]",
    )
    .at("計画のページの項目の種類"),
    f(
        "separator",
        "区切り文字",
        Ty::Line,
        "コードの区切り。\"-\" なら 4-1-2 の上位は 4-1。書かなければ \"-\"。",
        "\"-\"",
    ),
    f(
        "body",
        "計画の本文",
        Ty::Prose,
        "計画のページに示す説明。",
        "\"\"\"（計画の説明）\"\"\"",
    )
    .at("計画のページ"),
    f(
        "revision_notes",
        "修正の注記",
        Ty::List,
        "原典で本文に加えられた修正の注記（そのまま）。",
        "[\"※令和元年度に一部改定\"]",
    )
    .at("計画のページ"),
    f(
        "items",
        "項目",
        Ty::Tables,
        "計画の項目（基本目標・施策など）。",
        "[{ code = \"4-1-2\", title = \"多様な市民活動の支援\" }]",
    )
    .at("計画の項目のページ"),
];

const PLAN_ITEM: &[Field] = &[
    f(
        "code",
        "項目コード",
        Ty::Code,
        "項目のコード。計画の中で重ならないように。",
        "\"4-1-2\"",
    )
    .req(),
    f(
        "title",
        "項目名",
        Ty::Line,
        "項目の名前。",
        "\"多様な市民活動の支援\"",
    )
    .req(),
    f(
        "body",
        "項目の本文",
        Ty::Prose,
        "項目の説明。",
        "\"\"\"（説明）\"\"\"",
    ),
    f(
        "parent",
        "上位の項目",
        Ty::Code,
        "コードから上位の項目が分からないとき、上位の項目のコード。",
        "\"4-1\"",
    ),
    f(
        "continues",
        "引き継ぐ項目",
        Ty::Line,
        "前期→後期など、ほかの計画の項目を引き継ぐとき、その \"計画名:コード\"。",
        "\"zenki:4-1-2\"",
    ),
];

const fn t(
    file: FileKind,
    path: &'static str,
    label: &'static str,
    shown: &'static str,
    fields: &'static [Field],
) -> Table {
    Table {
        file,
        path,
        label,
        shown,
        fields,
    }
}

/// Every table, each file's top first, children after their parent.
pub(super) const TABLES: &[Table] = &[
    t(FileKind::Site, "", "サイトの設定", "すべてのページ", SITE),
    t(
        FileKind::Site,
        "grades",
        "評価の基準",
        "評価の説明と達成率",
        GRADES,
    ),
    t(
        FileKind::Site,
        "grades.levels",
        "評価の段階",
        "評価の説明の表",
        LEVEL,
    ),
    t(
        FileKind::Site,
        "grades.history",
        "過去の評価基準",
        "その年度のページの評価の説明",
        GRADES_HISTORY,
    ),
    t(
        FileKind::Site,
        "grades.history.levels",
        "過去の評価の段階",
        "その年度のページの評価の説明",
        LEVEL,
    ),
    t(
        FileKind::Department,
        "",
        "部局の基本情報",
        "部局の一覧と部局のページ",
        DEPARTMENT,
    ),
    t(
        FileKind::Department,
        "former_names",
        "以前の部局名",
        "その年度の報告のページ",
        FORMER_NAME,
    ),
    t(
        FileKind::Department,
        "contact",
        "問い合わせ先",
        "部局のページ、報告のページ、計画の項目のページ",
        CONTACT,
    ),
    t(
        FileKind::Report,
        "",
        "報告",
        "部局の年度ごとの報告のページ",
        REPORT,
    ),
    t(FileKind::Report, "head", "部局長", "報告のページ", PERSON),
    t(
        FileKind::Report,
        "officers",
        "役職者",
        "報告のページ「部局長」",
        PERSON,
    ),
    t(
        FileKind::Report,
        "budget",
        "予算",
        "報告のページ「予算と職員」",
        BUDGET,
    ),
    t(
        FileKind::Report,
        "staff",
        "組織構成",
        "報告のページ「組織構成」",
        STAFF,
    ),
    t(
        FileKind::Report,
        "headings",
        "見出しの言い換え",
        "報告のページの各欄の見出し",
        HEADINGS,
    ),
    t(
        FileKind::Report,
        "source",
        "原典",
        "報告のページの下部",
        SOURCE,
    ),
    t(
        FileKind::Report,
        "revisions",
        "更新履歴",
        "報告のページ「更新履歴」",
        REVISION,
    ),
    t(
        FileKind::Report,
        "extra_sections",
        "独自の欄",
        "報告のページ（after で指定した欄の後）",
        EXTRA_SECTION,
    ),
    t(
        FileKind::Report,
        "challenges",
        "主な課題",
        "報告のページ「主な課題と対応」",
        CHALLENGE,
    ),
    t(
        FileKind::Report,
        "goals",
        "重点目標",
        "報告のページ「重点目標」",
        GOAL,
    ),
    t(
        FileKind::Report,
        "goals.initiatives",
        "取組",
        "目標の欄の取組の表",
        INITIATIVE,
    ),
    t(
        FileKind::Report,
        "goals.indicators",
        "指標",
        "目標の欄の指標の表と経年のグラフ",
        INDICATOR,
    ),
    t(
        FileKind::Report,
        "projects",
        "主な事業",
        "報告のページ「主な事業」",
        PROJECT,
    ),
    t(
        FileKind::Report,
        "midterm",
        "中期目標",
        "報告のページ「中期目標」",
        MIDTERM,
    ),
    t(
        FileKind::Report,
        "midterm.period",
        "中期目標の期間",
        "報告のページ「中期目標」",
        PERIOD,
    ),
    t(FileKind::Plan, "", "計画", "計画のページ", PLAN),
    t(FileKind::Plan, "period", "計画期間", "計画のページ", PERIOD),
    t(
        FileKind::Plan,
        "items",
        "計画の項目",
        "計画の項目のページ",
        PLAN_ITEM,
    ),
];
