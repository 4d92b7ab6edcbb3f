//! Whole organisations modelled on the situations in the source articles,
//! with the exact set of findings each must produce.

use crate::common::findings;

fn scenario(name: &str) -> Vec<String> {
    let path = format!("tests/scenarios/{name}.yaml");
    let text = std::fs::read_to_string(&path).expect("scenario exists");
    findings(&path, &text)
}

#[test]
fn six_person_startup_founder_does_both() {
    assert_eq!(scenario("startup-6"), Vec::<String>::new());
}

#[test]
fn same_founder_at_45_people_must_split() {
    assert_eq!(
        scenario("grown-45"),
        vec!["split-delivery-and-vision@24:33"]
    );
}

#[test]
fn combined_role_spending_70_percent_on_people() {
    assert_eq!(
        scenario("grown-45-people-heavy"),
        vec!["split-delivery-and-vision@24:33", "people-focus-split@28:7"]
    );
}

#[test]
fn cto_without_reports_or_decision_rights_is_a_figurehead() {
    assert_eq!(scenario("figurehead-cto"), vec!["figurehead-risk@15:9"]);
}

#[test]
fn vp_eng_owns_budget_and_architecture_cto_faces_outward() {
    assert_eq!(scenario("redox"), Vec::<String>::new());
}
