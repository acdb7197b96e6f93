// The kinds of page: the `Body` variant, the built-in template that draws the page and
// the Rust type of its data (under `crate::render::pages`). The one list of them:
// `build.rs` includes this file to compile each template for its type, and
// `src/render/pages/mod.rs` includes it for the `Body` enum, the tera context and the
// built-in template sources. A new kind of page is a line here, its template and its
// page function.
page_kinds! {
    Index("index.html", index::IndexData),
    Year("year.html", year::YearData),
    Booklet("booklet.html", booklet::BookletData),
    Departments("departments.html", departments::DepartmentsData),
    Department("department.html", department::DepartmentData),
    Report("report.html", report::ReportData),
    Plans("plans.html", plans::PlansData),
    Plan("plan.html", plan::PlanData),
    Item("plan_item.html", plan_item::ItemData),
    Search("search.html", plain::SearchData),
    Data("data.html", data::DataData),
    NotFound("404.html", NoData),
}
