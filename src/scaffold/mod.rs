//! Scaffolding: new sites (`hyoka init`) and new reports from last year's (`hyoka new report`).

pub mod init;
pub mod new_report;
