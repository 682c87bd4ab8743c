//! What the tokio and async-std peers share: the command line, the timing and
//! RSS reports (the same lines as bench/peers/ours/ours_peer.cpp), and the chat
//! server's wire format, groups and rules (those of asyncplay's chat server,
//! src/chat/rules.cpp: the texts the load generator relies on are the same).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

// ---------------------------------------------------------------- command line

/// `PROGRAM COMMAND [--name value]...`
pub struct Args {
    pub program: String,
    pub command: String,
    options: Vec<(String, String)>,
}

impl Args {
    pub fn from_env(usage: &str) -> Args {
        let mut argv = std::env::args();
        let program = argv.next().unwrap_or_default();
        let command = argv.next().unwrap_or_default();
        let rest: Vec<String> = argv.collect();
        if rest.len() % 2 != 0 || rest.iter().step_by(2).any(|name| !name.starts_with("--")) {
            fail_usage(usage);
        }
        let options = rest.chunks(2).map(|pair| (pair[0].clone(), pair[1].clone())).collect();
        Args { program, command, options }
    }

    pub fn string(&self, name: &str, fallback: &str) -> String {
        let found = self.options.iter().rev().find(|(n, _)| n == name);
        found.map_or_else(|| fallback.to_string(), |(_, v)| v.clone())
    }

    /// A positive number; exits with status 2 otherwise.
    pub fn count(&self, name: &str, fallback: usize) -> usize {
        let text = self.string(name, &fallback.to_string());
        match text.parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => {
                eprintln!("{} must be a positive number, not '{}'", name, text);
                std::process::exit(2);
            }
        }
    }

    /// One of `choices` (the first is the default); exits with status 2 otherwise.
    pub fn choice(&self, name: &str, choices: &[&str]) -> String {
        let value = self.string(name, choices[0]);
        if !choices.contains(&value.as_str()) {
            eprintln!("{} is one of {}, not '{}'", name, choices.join("|"), value);
            std::process::exit(2);
        }
        value
    }
}

pub fn fail_usage(usage: &str) -> ! {
    eprintln!("{}", usage);
    std::process::exit(2);
}

// ---------------------------------------------------------------- spawn and parked

/// Runs `run` once to warm up, then `runs` times, timing each whole run with a
/// monotonic clock; prints the `spawn` line of bench/peers/ours. With
/// PEER_VERBOSE set in the environment, also each run's figure on stderr.
pub fn spawn_report(mode: &str, tasks: usize, runs: usize, mut run: impl FnMut()) {
    let verbose = std::env::var_os("PEER_VERBOSE").is_some(); // each run's figure on stderr
    let mut ns = Vec::with_capacity(runs);
    for i in 0..=runs {
        let start = Instant::now();
        run();
        let took = start.elapsed();
        if i > 0 {
            ns.push(took.as_nanos() as f64 / tasks as f64);
            if verbose {
                eprintln!("spawn run {}: {:.2} ns_per_task", i, ns[ns.len() - 1]);
            }
        }
    }
    ns.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "spawn mode={} tasks={} ns_per_task_median={:.2} ns_per_task_min={:.2}",
        mode,
        tasks,
        ns[ns.len() / 2],
        ns[0]
    );
}

/// VmRSS from /proc/self/status, in bytes.
pub fn vm_rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

/// Prints the `parked` line and ends the process at once: the parked tasks and
/// their runtime are never torn down (that is not what is measured).
pub fn parked_report_and_exit(tasks: usize, before: u64, after: u64) -> ! {
    println!(
        "parked tasks={} bytes_per_task={:.1} rss_before={} rss_after={}",
        tasks,
        (after as f64 - before as f64) / tasks as f64,
        before,
        after
    );
    // println! flushed the line (stdout is line-buffered); exit runs no destructors.
    std::process::exit(0)
}

// ---------------------------------------------------------------- chat: the wire

/// Client to server, one JSON object per line, serde's externally tagged
/// encoding: {"Join":{"group_name":"G"}}, {"Post":{"group_name":"G","message":"M"}}.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum FromClient {
    Join { group_name: Arc<String> },
    Post { group_name: Arc<String>, message: Arc<String> },
}

/// Server to client: {"Message":{"group_name":"G","message":"M"}}, {"Error":"TEXT"}.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum FromServer {
    Message { group_name: Arc<String>, message: Arc<String> },
    Error(String),
}

/// One reply line, with its "\n" (the book's `send_as_json`).
pub fn encode_line(packet: &FromServer) -> Vec<u8> {
    let mut line = serde_json::to_vec(packet).expect("a FromServer always serializes");
    line.push(b'\n');
    line
}

// ---------------------------------------------------------------- chat: groups

/// Messages a group keeps for members that are behind (the book's 1000, ours too).
pub const GROUP_CAPACITY: usize = 1000;

/// A chat group: a broadcast channel, created on the first Join (the book's group.rs).
pub struct Group {
    pub name: Arc<String>,
    sender: broadcast::Sender<Arc<String>>,
}

impl Group {
    fn new(name: Arc<String>) -> Group {
        let (sender, _receiver) = broadcast::channel(GROUP_CAPACITY);
        Group { name, sender }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<String>> {
        self.sender.subscribe()
    }

    pub fn post(&self, message: Arc<String>) {
        // An error only means nobody is subscribed right now.
        let _ = self.sender.send(message);
    }
}

/// All groups, by name (the book's group_table.rs: a std Mutex, held briefly).
#[derive(Default)]
pub struct GroupTable(Mutex<HashMap<Arc<String>, Arc<Group>>>);

impl GroupTable {
    pub fn get(&self, name: &String) -> Option<Arc<Group>> {
        self.0.lock().unwrap().get(name).cloned()
    }

    pub fn get_or_create(&self, name: Arc<String>) -> Arc<Group> {
        self.0
            .lock()
            .unwrap()
            .entry(name.clone())
            .or_insert_with(|| Arc::new(Group::new(name)))
            .clone()
    }
}

/// What a member's forwarding task sends for one `recv()` of its group's
/// channel; None when the group is gone.
pub fn forwarded(group_name: &Arc<String>, received: Result<Arc<String>, broadcast::error::RecvError>) -> Option<FromServer> {
    match received {
        Ok(message) => Some(FromServer::Message { group_name: group_name.clone(), message }),
        Err(broadcast::error::RecvError::Lagged(n)) => {
            Some(FromServer::Error(format!("Dropped {} messages from {}.", n, group_name)))
        }
        Err(broadcast::error::RecvError::Closed) => None,
    }
}

// ---------------------------------------------------------------- chat: requests

/// Does what one request line asks; returns the Error text to send back, if
/// any. `join` is called with the group for a Join: it spawns the member's
/// forwarding task (runtime-specific). Blank lines are ignored; a line that is
/// not a request gets an error and the connection stays open (the book's
/// server closes it; asyncplay's does not).
pub fn handle_request(line: &[u8], groups: &GroupTable, join: impl FnOnce(&Arc<Group>)) -> Option<String> {
    if line.iter().all(|b| b.is_ascii_whitespace()) {
        return None;
    }
    match serde_json::from_slice::<FromClient>(line) {
        Err(error) => Some(format!("bad request: {}", error)),
        Ok(FromClient::Join { group_name }) => {
            join(&groups.get_or_create(group_name));
            None
        }
        Ok(FromClient::Post { group_name, message }) => match groups.get(&group_name) {
            Some(group) => {
                group.post(message);
                None
            }
            None => Some(format!("Group '{}' does not exist", group_name)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_format_is_the_books() {
        let line = encode_line(&FromServer::Message { group_name: Arc::new("g".into()), message: Arc::new("hi".into()) });
        assert_eq!(line, b"{\"Message\":{\"group_name\":\"g\",\"message\":\"hi\"}}\n");
        assert_eq!(encode_line(&FromServer::Error("x".into())), b"{\"Error\":\"x\"}\n");
    }

    #[test]
    fn requests() {
        let groups = GroupTable::default();
        let post = br#"{"Post":{"group_name":"g","message":"m"}}"#;
        assert_eq!(handle_request(post, &groups, |_| {}).as_deref(), Some("Group 'g' does not exist"));
        let mut joined = false;
        assert_eq!(handle_request(br#"{"Join":{"group_name":"g"}}"#, &groups, |_| joined = true), None);
        assert!(joined);
        assert_eq!(handle_request(post, &groups, |_| {}), None);
        assert!(handle_request(b"nope", &groups, |_| {}).unwrap().starts_with("bad request: "));
        assert_eq!(handle_request(b" \r", &groups, |_| {}), None);
    }
}
