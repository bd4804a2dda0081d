//! `zohocrm::Record` on arbitrary bytes: decoding returns a record or an error, never panics.
//! A record that decodes serialises, reads back equal, and serialises to the same bytes again;
//! written back through `RecordBuilder` it gives those bytes too. Every typed getter on every
//! field (and on a missing one) returns a value or a `FieldError`, never panics.

#![no_main]

use libfuzzer_sys::fuzz_target;

use zohocrm::record::{Date, DateTime, Decimal, FromField, Lookup, Record, RecordBuilder};
use zohocrm::Id;

fn read<T: FromField>(record: &Record, field: &str) {
    if let Err(e) = record.get::<T>(field) {
        let _ = e.to_string();
    }
}

fn read_all(record: &Record, field: &str) {
    read::<String>(record, field);
    read::<bool>(record, field);
    read::<i64>(record, field);
    read::<f64>(record, field);
    read::<Decimal>(record, field);
    read::<Id>(record, field);
    read::<Date>(record, field);
    read::<Option<DateTime>>(record, field);
    read::<Lookup>(record, field);
    read::<Record>(record, field);
    read::<Vec<String>>(record, field);
    read::<Vec<Record>>(record, field);
    read::<serde_json::Value>(record, field);
    if let Ok(dt) = record.get::<DateTime>(field) {
        let utc = dt.to_utc();
        assert!(utc.is_none_or(|u| u.unix_timestamp() == dt.unix_timestamp()));
        assert_eq!(dt.to_string().parse::<DateTime>().ok(), Some(dt));
    }
    if let Ok(d) = record.get::<Decimal>(field) {
        let _ = d.to_f64();
        assert_eq!(d.to_string().parse::<Decimal>().ok(), Some(d));
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(record) = serde_json::from_slice::<Record>(data) else {
        return;
    };
    let bytes = serde_json::to_vec(&record).expect("a decoded record serialises");
    let again: Record = serde_json::from_slice(&bytes).expect("a serialised record reads back");
    assert_eq!(again, record);
    assert_eq!(serde_json::to_vec(&again).expect("serialises"), bytes);
    let rebuilt = serde_json::to_vec(&RecordBuilder::from(record.clone())).expect("serialises");
    assert_eq!(rebuilt, bytes);

    let _ = record.id();
    for field in record.keys() {
        read_all(&record, field);
    }
    read_all(&record, "\u{0}not a field");
});
