//! cargo-fuzz target: arbitrary bytes as a content file, through decoding, front
//! matter split, YAML parse, field reading, validation, scoring and the three report
//! formats. The case itself is tests/support/fuzz.rs, shared with the stable harness
//! that CI runs (tests/fuzz.rs), so both check the same invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/fuzz.rs"]
mod case;

fuzz_target!(|data: &[u8]| case::exercise(data));
