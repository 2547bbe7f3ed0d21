//! The Blink demo plugin: logs every record it sees and accepts it.

use blink_guest::{export_plugin, log, Level, Plugin};

struct Demo;

impl Plugin for Demo {
    fn init() -> Option<u16> {
        log(Level::Info, "demo plugin initialised");
        None
    }

    fn on_record(topic: &str, partition: u32, key: Option<&str>, value: &str) -> bool {
        log(
            Level::Info,
            &format!(
                "record on topic {topic} partition {partition} key {} ({} bytes)",
                key.unwrap_or("-"),
                value.len()
            ),
        );
        true
    }
}

export_plugin!(Demo);
