//! YAML 1.2 core-schema scalar resolution: `no` is a string, `0x10` is 16;
//! `.inf`, `.nan` and out-of-range numbers are kept as bad numbers for the
//! schema to reject.

use saphyr_parser::ScalarStyle;

/// What a scalar resolves to; strings and bad numbers are its own text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    BadNumber,
    Str,
}

/// Resolve a scalar by the YAML 1.2 core schema.
pub(super) fn resolve_scalar(value: &str, style: ScalarStyle) -> Scalar {
    if !matches!(style, ScalarStyle::Plain) {
        return Scalar::Str;
    }
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" => return Scalar::Bool(true),
        "false" | "False" | "FALSE" => return Scalar::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Scalar::BadNumber,
        _ => {}
    }
    if let Some(int) = resolve_int(value) {
        return int;
    }
    if is_core_float(value) {
        return match value.parse::<f64>() {
            Ok(f) if f.is_finite() => Scalar::Float(f),
            _ => Scalar::BadNumber,
        };
    }
    Scalar::Str
}

fn resolve_int(value: &str) -> Option<Scalar> {
    let (digits, radix) = if let Some(hex) = value.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(oct) = value.strip_prefix("0o") {
        (oct, 8)
    } else {
        let unsigned = value.strip_prefix(['-', '+']).unwrap_or(value);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some(value.parse::<i64>().map_or(Scalar::BadNumber, Scalar::Int));
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(i64::from_str_radix(digits, radix).map_or(Scalar::BadNumber, Scalar::Int))
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_core_float(value: &str) -> bool {
    let b = value.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let int_digits = digits(&mut i);
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        frac_digits = digits(&mut i);
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}
