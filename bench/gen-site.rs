//! Generates a large, realistic, deterministic hyoka site for benchmarks:
//! N departments × Y fiscal years × G goals with indicators, a 3-level 総合計画 of 175
//! items, and Japanese prose of realistic length (about 14 KB of TOML per report).
//!
//! usage: cargo run --release --example gen-site -- OUT_DIR [--departments 40] [--years 25]
//!        [--goals 8] [--hugo HUGO_DIR]   (`--help` lists the options)
//!
//! With `--hugo`, also writes the same number of Markdown pages of similar size for Hugo
//! (content/posts/*.md plus a minimal layout), so both generators build equal work.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, v: &'a [&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

const SUBJECTS: &[&str] = &[
    "地域の防災力",
    "市民サービスの利便性",
    "行政手続のデジタル化",
    "子育て支援の体制",
    "高齢者の見守り",
    "公共施設の長寿命化",
    "中心市街地のにぎわい",
    "地域公共交通",
    "ごみの減量と資源循環",
    "健康づくり",
    "避難所の機能",
    "消防団の活動",
    "職員の働き方",
    "財政の健全性",
    "広報の発信力",
    "市民との協働",
    "文化芸術の振興",
    "スポーツの機会",
    "農業の担い手",
    "観光の魅力",
];
const VERBS: &[&str] = &[
    "強化します",
    "充実させます",
    "推進します",
    "見直します",
    "拡大します",
    "改善します",
    "確保します",
    "定着を図ります",
    "向上を目指します",
    "検討を進めます",
];
const MEANS: &[&str] = &[
    "関係部局と連携して",
    "地域の団体と協力しながら",
    "民間事業者のノウハウを活用し",
    "国の補助制度を活用して",
    "市民アンケートの結果を踏まえ",
    "先進自治体の事例を参考に",
    "専門家の助言を受けながら",
    "庁内の検討会議を設けて",
    "大学との連携協定に基づき",
    "ICT を活用して",
];
const RESULTS: &[&str] = &[
    "計画どおり実施することができました",
    "目標をおおむね達成しました",
    "一部の取組に遅れが生じました",
    "参加者数が前年度を上回りました",
    "新たな課題が明らかになりました",
    "関係者の理解が深まりました",
];
const UNITS: &[&str] = &[
    "企画課",
    "財政課",
    "広報課",
    "人事課",
    "危機管理課",
    "地域支援課",
    "施設課",
    "保健課",
];

fn sentence(r: &mut Rng) -> String {
    format!("{}{}を{}。", r.pick(MEANS), r.pick(SUBJECTS), r.pick(VERBS))
}

fn paragraph(r: &mut Rng, n: usize) -> String {
    (0..n).map(|_| sentence(r)).collect::<Vec<_>>().join("")
}

fn prose(r: &mut Rng, paras: usize, per: usize) -> String {
    (0..paras)
        .map(|_| paragraph(r, per))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).expect("create folder");
    }
    fs::write(path, text).expect("write file");
}

fn plan_codes() -> Vec<(String, String)> {
    let mut v = Vec::new();
    for a in 1..=5 {
        v.push((format!("{a}"), format!("基本目標{a}")));
        for b in 1..=5 {
            v.push((format!("{a}-{b}"), format!("政策{a}-{b}")));
            for c in 1..=5 {
                v.push((format!("{a}-{b}-{c}"), format!("施策{a}-{b}-{c}")));
            }
        }
    }
    v.truncate(175);
    v
}

fn report(r: &mut Rng, dept: usize, year: i32, goals: usize, leaves: &[String]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "kind = \"運営方針\"");
    let _ = writeln!(o, "published = {year}-05-01");
    let _ = writeln!(o, "head = {{ title = \"部長\", name = \"部長 {dept}\" }}");
    let _ = writeln!(o, "mission = \"\"\"\n{}\n\"\"\"", prose(r, 1, 3));
    let _ = writeln!(o, "policy = \"\"\"\n{}\n\"\"\"", prose(r, 2, 4));
    let _ = writeln!(o, "review = \"\"\"\n{}\n\"\"\"", prose(r, 2, 3));
    let _ = writeln!(o, "duties = [\"{}\", \"{}\"]", sentence(r), sentence(r));
    let _ = writeln!(o, "resources_as_of = {year}-04-01");
    let _ = writeln!(
        o,
        "\n[budget]\ngeneral = {}\ngeneral_city_total = 120_000_000_000\nbasis = \"当初予算\"",
        500_000_000 + r.below(3_000_000) * 1000
    );
    for u in 0..3 {
        let _ = writeln!(
            o,
            "\n[[staff]]\nunit = \"{}\"\ncounts = {{ \"常勤\" = {}, \"再任用\" = {}, \"会計年度任用\" = {} }}",
            UNITS[(dept + u) % UNITS.len()],
            5 + r.below(20),
            r.below(4),
            r.below(8)
        );
    }
    for c in 0..2 {
        let _ = writeln!(
            o,
            "\n[[challenges]]\nid = \"c{c}\"\ntitle = \"{}の課題\"\ndescription = \"\"\"\n{}\n\"\"\"\nresponse = \"\"\"\n{}\n\"\"\"\nplan = [\"{}\"]",
            r.pick(SUBJECTS),
            paragraph(r, 3),
            paragraph(r, 3),
            leaves[r.below(leaves.len())]
        );
    }
    let grades = ["A", "B", "B", "C", "D", "E"];
    for g in 0..goals {
        let _ = writeln!(
            o,
            "\n[[goals]]\nid = \"g{g}\"\ntitle = \"{}の{}\"",
            SUBJECTS[(dept * 7 + g) % SUBJECTS.len()],
            ["推進", "強化", "充実", "見直し"][g % 4]
        );
        let _ = writeln!(o, "sections = [\"{}\"]", UNITS[(dept + g) % 3 + (dept % 5)]);
        let _ = writeln!(
            o,
            "plan = [\"{}\"]",
            leaves[(dept * 13 + g * 5) % leaves.len()]
        );
        let _ = writeln!(o, "aim = \"\"\"\n{}\n\"\"\"", paragraph(r, 3));
        let _ = writeln!(
            o,
            "actions = \"\"\"\n- {}\n- {}\n- {}\n\"\"\"",
            sentence(r),
            sentence(r),
            sentence(r)
        );
        let _ = writeln!(
            o,
            "results = \"\"\"\n{}{}\n\"\"\"",
            paragraph(r, 2),
            r.pick(RESULTS)
        );
        if year < 2024 && r.below(10) > 0 {
            let _ = writeln!(o, "grade = \"{}\"", grades[r.below(grades.len())]);
        }
        let _ = writeln!(o, "evaluation = \"\"\"\n{}\n\"\"\"", paragraph(r, 2));
        let _ = writeln!(o, "next = \"\"\"\n{}\n\"\"\"", paragraph(r, 2));
        let target = 100 + r.below(900);
        let actual = target * (60 + r.below(60)) / 100;
        let _ = writeln!(
            o,
            "\n  [[goals.indicators]]\n  id = \"i{g}\"\n  name = \"{}の件数\"\n  unit = \"件\"\n  target = {target}\n  actual = {actual}",
            r.pick(SUBJECTS)
        );
    }
    o
}

/// Writes a large, deterministic hyoka site for benchmarks (and, with --hugo, the same
/// amount of Markdown for Hugo).
#[derive(clap::Parser)]
#[command(name = "gen-site")]
struct Args {
    /// Folder to write the site into (its content/ is replaced).
    out: PathBuf,
    /// Number of departments.
    #[arg(long, default_value_t = 40)]
    departments: usize,
    /// Number of fiscal years per department.
    #[arg(long, default_value_t = 25)]
    years: usize,
    /// Number of goals per report.
    #[arg(long, default_value_t = 8)]
    goals: usize,
    /// Also write a Hugo site of the same size into this folder.
    #[arg(long)]
    hugo: Option<PathBuf>,
}

fn main() {
    let Args {
        out,
        departments: depts,
        years,
        goals,
        hugo,
    } = <Args as clap::Parser>::parse();
    let _ = fs::remove_dir_all(out.join("content"));
    write(
        &out.join("site.toml"),
        "title = \"ベンチマーク市 部局運営方針（生成データ）\"\ncity = \"ベンチマーク市\"\nprimary_plan = \"sogo\"\nbase_url = \"https://www.example.jp/hyoka/\"\n",
    );
    let codes = plan_codes();
    let mut plan = String::from(
        "name = \"ベンチマーク市総合計画\"\nshort = \"総合計画\"\nlevels = [\"基本目標\", \"政策\", \"施策\"]\n",
    );
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    for (c, t) in &codes {
        let _ = writeln!(
            plan,
            "\n[[items]]\ncode = \"{c}\"\ntitle = \"{t}\"\nbody = \"{}\"",
            sentence(&mut r)
        );
    }
    write(&out.join("content/plans/sogo.toml"), &plan);
    let leaves: Vec<String> = codes
        .iter()
        .filter(|(c, _)| c.matches('-').count() == 2)
        .map(|(c, _)| c.clone())
        .collect();
    let first = 2025 - years as i32;
    let mut total = 0usize;
    let mut bytes = 0usize;
    for d in 0..depts {
        let dir = out.join(format!("content/departments/d{d:03}"));
        write(
            &dir.join("department.toml"),
            &format!(
                "name = \"第{}部\"\norder = {d}\nunits = [{}]\n",
                d + 1,
                UNITS
                    .iter()
                    .map(|u| format!("\"{u}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        for y in 0..years {
            let year = first + y as i32;
            let text = report(&mut r, d, year, goals, &leaves);
            bytes += text.len();
            total += 1;
            write(&dir.join(format!("{year}.toml")), &text);
            if let Some(h) = &hugo {
                let body = format!(
                    "---\ntitle: \"第{}部 {year}年度\"\n---\n\n{}\n",
                    d + 1,
                    text.replace("\"\"\"", "")
                );
                write(&h.join(format!("content/posts/d{d:03}-{year}.md")), &body);
            }
        }
    }
    if let Some(h) = &hugo {
        write(
            &h.join("hugo.toml"),
            "baseURL = \"https://www.example.jp/\"\ntitle = \"bench\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n",
        );
        write(
            &h.join("layouts/_default/single.html"),
            "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n",
        );
        write(
            &h.join("layouts/_default/list.html"),
            "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
        );
    }
    eprintln!(
        "{} reports, {:.1} KB of TOML per report, in {}",
        total,
        bytes as f64 / total.max(1) as f64 / 1024.0,
        out.display()
    );
}
