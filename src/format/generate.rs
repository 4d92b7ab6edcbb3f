//! The JSON Schema of roles files, generated from the format's types.
//! `schema/roles.schema.json` is this output, committed; a test fails when
//! the two differ (`ROLELINT_BLESS=1 cargo test --lib format` rewrites it).

use super::{BUILTIN_AREAS, RolesFile};
use schemars::Schema;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

/// The schema's `$id`.
pub const SCHEMA_ID: &str = "urn:rolelint:schema:roles:v1";

/// What every extension key (`x-…`) is.
const EXTENSION: &str = "Extension key: kept and ignored by every rule.";

/// Every object of the format is closed: its own keys and `x-` keys only.
pub(super) fn closed(schema: &mut Schema) {
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "patternProperties".into(),
            json!({ "^x-": { "description": EXTENSION } }),
        );
        object.insert("additionalProperties".into(), json!(false));
    }
}

/// serde reads fragments too, whose lists are all optional; the schema is
/// a root's, which needs its roles (a fragment's is derived from it).
pub(super) fn root_needs_roles(schema: &mut Schema) {
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        required.push(json!("roles"));
    }
}

/// The schema of a roles file, as `rolelint schema` prints it.
#[must_use]
pub fn schema() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<RolesFile>().to_value();
    let object = schema.as_object_mut().expect("a root schema is an object");
    object.insert("$id".into(), json!(SCHEMA_ID));
    object["properties"]["areas"]["description"] = json!(format!(
        "Custom areas of accountability, beyond the built-in ones ({}).",
        BUILTIN_AREAS.join(", ")
    ));
    strip_defaults(&mut schema);
    schema
}

/// serde's `default` is how a missing key reads, not a value to suggest:
/// editors would insert `null`.
fn strip_defaults(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("default");
            map.values_mut().for_each(strip_defaults);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_defaults),
        _ => {}
    }
}

/// The committed schema file, as generated: two-space indent, a final
/// newline, and each object's keys in reading order (what it is, then its
/// keys, then its definitions) rather than alphabetical.
#[must_use]
pub fn schema_text() -> String {
    let mut text = String::new();
    write_value(&mut text, &schema(), 0);
    text.push('\n');
    text
}

/// Keys written first, in this order; the others follow alphabetically.
const FIRST: [&str; 12] = [
    "$schema",
    "$id",
    "title",
    "description",
    "type",
    "const",
    "enum",
    "$ref",
    "required",
    "properties",
    "patternProperties",
    "additionalProperties",
];

fn write_value(out: &mut String, value: &Value, depth: usize) {
    let indent = |out: &mut String, depth: usize| out.push_str(&"  ".repeat(depth));
    match value {
        Value::Object(map) if !map.is_empty() => {
            let rank = |k: &str| FIRST.iter().position(|f| *f == k).unwrap_or(FIRST.len());
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
            out.push_str("{\n");
            for (i, key) in keys.iter().enumerate() {
                indent(out, depth + 1);
                out.push_str(&Value::String((*key).clone()).to_string());
                out.push_str(": ");
                write_value(out, &map[key.as_str()], depth + 1);
                out.push_str(if i + 1 < keys.len() { ",\n" } else { "\n" });
            }
            indent(out, depth);
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent(out, depth + 1);
                write_value(out, item, depth + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            indent(out, depth);
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_schema_is_the_generated_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/roles.schema.json");
        let generated = schema_text();
        if std::env::var_os("ROLELINT_BLESS").is_some() {
            std::fs::write(path, &generated).expect("write the schema");
        }
        let committed = std::fs::read_to_string(path).expect("read the schema");
        assert!(
            committed == generated,
            "schema/roles.schema.json differs from the format's types; \
             run `ROLELINT_BLESS=1 cargo test --lib format` and commit it"
        );
    }
}
