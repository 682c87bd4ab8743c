//! peer-async-std: async-std 1.12's side of the runtime comparison
//! (bench/peers/ours has ours). Same command line and output lines as
//! `ours-peer`, plus the echo server of `relay_load echo` and the chat server of
//! `asyncplay chat-server` (the book's async-chat, which is written for async-std).
//!
//! By default tasks go to async-std's global executor (`task::spawn`), which is
//! what people write and is multi-threaded: ASYNC_STD_THREAD_COUNT worker
//! threads, one per CPU unless set; `task::block_on` runs the main future on the
//! calling thread. `--executor local` uses `task::spawn_local` (the "unstable"
//! feature): the tasks then run on the thread in `block_on`, single-threaded
//! like ours. Group channels are tokio's `sync::broadcast`, as in the book
//! (async-std has none); it needs no tokio runtime.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_std::io::prelude::{BufReadExt, ReadExt, WriteExt};
use async_std::io::BufReader;
use async_std::net::{TcpListener, TcpStream};
use async_std::task::{self, JoinHandle};
use peer_common::{encode_line, forwarded, handle_request, Args, FromServer, Group, GroupTable};

const USAGE: &str = "usage: peer-async-std spawn --tasks N --mode batch|each [--runs R]
       peer-async-std parked --tasks N
       peer-async-std echo --listen 127.0.0.1:0
       peer-async-std chat --listen 127.0.0.1:0
option for all: --executor global|local; for spawn: --from task|block_on";

/// Set once from --executor, before anything is spawned.
static LOCAL: AtomicBool = AtomicBool::new(false);

fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    if LOCAL.load(Ordering::Relaxed) {
        task::spawn_local(future)
    } else {
        task::spawn(future)
    }
}

// ---------------------------------------------------------------- spawn

async fn spawn_all_then_join(tasks: usize, mut handles: Vec<JoinHandle<()>>) -> Vec<JoinHandle<()>> {
    for _ in 0..tasks {
        handles.push(spawn(async {}));
    }
    for handle in handles.drain(..) {
        handle.await;
    }
    handles
}

async fn spawn_and_join_each(tasks: usize) {
    for _ in 0..tasks {
        spawn(async {}).await;
    }
}

/// `--from task` (the default) runs the loop in a spawned task and block_on
/// waits for it, as ours' `block_on` does (it spawns its future); with the
/// global executor the loop then runs on a worker thread. `--from block_on`
/// runs it in the future given to `block_on`, on the calling thread.
fn spawn_command(args: &Args) {
    let tasks = args.count("--tasks", 1_000_000);
    let mode = args.choice("--mode", &["batch", "each"]);
    let runs = args.count("--runs", 5);
    let in_task = args.choice("--from", &["task", "block_on"]) == "task";
    // The handles' storage is not what is measured: reserved once, reused.
    let mut handles = Some(Vec::with_capacity(tasks));
    peer_common::spawn_report(&mode, tasks, runs, || {
        if mode == "batch" {
            let work = spawn_all_then_join(tasks, handles.take().unwrap());
            handles = Some(if in_task { task::block_on(spawn(work)) } else { task::block_on(work) });
        } else if in_task {
            task::block_on(spawn(spawn_and_join_each(tasks)));
        } else {
            task::block_on(spawn_and_join_each(tasks));
        }
    });
}

// ---------------------------------------------------------------- parked

static POLLED: AtomicUsize = AtomicUsize::new(0);

fn parked_command(args: &Args) -> ! {
    let tasks = args.count("--tasks", 1_000_000);
    task::block_on(async { spawn(async {}).await }); // the executor (and its threads) are up
    let before = peer_common::vm_rss_bytes();
    task::block_on(async move {
        for _ in 0..tasks {
            // The handle is dropped: the task is detached and stays.
            drop(spawn(async {
                POLLED.fetch_add(1, Ordering::Relaxed);
                std::future::pending::<()>().await
            }));
        }
        // Every task polled once, so each is parked on its pending future.
        // (A sleep, not yield_now: with the global executor a yielding loop
        // here would take a CPU from the workers polling them.)
        while POLLED.load(Ordering::Relaxed) < tasks {
            task::sleep(Duration::from_millis(1)).await;
        }
    });
    let after = peer_common::vm_rss_bytes();
    peer_common::parked_report_and_exit(tasks, before, after)
}

// ---------------------------------------------------------------- servers

/// Binds, says where on stderr (the harness waits for that line), then accepts
/// forever, handing each socket (TCP_NODELAY set) to `serve` in a new task.
/// Errors of single connections are dropped silently: nobody may be reading
/// stderr once the server is up, and a full pipe would stall the server.
fn run_server<S, F>(args: &Args, name: &str, serve: S) -> !
where
    S: Fn(TcpStream) -> F,
    F: Future<Output = io::Result<()>> + Send + 'static,
{
    let address: SocketAddr = args.string("--listen", "127.0.0.1:0").parse().unwrap_or_else(|_| {
        eprintln!("{}: --listen wants ADDRESS:PORT", name);
        std::process::exit(2)
    });
    task::block_on(async {
        let listener = TcpListener::bind(address).await.unwrap_or_else(|e| {
            eprintln!("{}: cannot listen on {}: {}", name, address, e);
            std::process::exit(1)
        });
        eprintln!("{}: listening on {}", name, listener.local_addr().unwrap());
        loop {
            match listener.accept().await {
                Ok((socket, _)) => {
                    let _ = socket.set_nodelay(true);
                    drop(spawn(serve(socket)));
                }
                // e.g. out of descriptors: let connections close
                Err(_) => task::sleep(Duration::from_millis(50)).await,
            }
        }
    });
    unreachable!("the accept loop never ends")
}

async fn echo(mut socket: TcpStream) -> io::Result<()> {
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = socket.read(&mut buffer).await?;
        if n == 0 {
            return Ok(());
        }
        socket.write_all(&buffer[..n]).await?;
    }
}

/// A connection's writing side, shared by its reader (for Error replies) and
/// its forwarding tasks, one line at a time: the book's `Outbound`, an async
/// Mutex around a clone of the TcpStream.
struct Outbound(async_std::sync::Mutex<TcpStream>);

impl Outbound {
    async fn send(&self, packet: FromServer) -> io::Result<()> {
        let line = encode_line(&packet);
        let mut writer = self.0.lock().await;
        writer.write_all(&line).await?;
        writer.flush().await
    }
}

/// Copies a group's messages to one member until the group is gone or the
/// member's connection fails (the book's `handle_subscriber`).
fn join(group: &Arc<Group>, outbound: &Arc<Outbound>) {
    let mut receiver = group.subscribe();
    let (name, outbound) = (group.name.clone(), outbound.clone());
    drop(spawn(async move {
        while let Some(packet) = forwarded(&name, receiver.recv().await) {
            if outbound.send(packet).await.is_err() {
                break;
            }
        }
    }));
}

async fn chat(socket: TcpStream, groups: Arc<GroupTable>) -> io::Result<()> {
    let outbound = Arc::new(Outbound(async_std::sync::Mutex::new(socket.clone())));
    let mut reader = BufReader::new(socket);
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        if let Some(error) = handle_request(&line, &groups, |group| join(group, &outbound)) {
            outbound.send(FromServer::Error(error)).await?;
        }
    }
}

fn main() {
    let args = Args::from_env(USAGE);
    LOCAL.store(args.choice("--executor", &["global", "local"]) == "local", Ordering::Relaxed);
    match args.command.as_str() {
        "spawn" => spawn_command(&args),
        "parked" => parked_command(&args),
        "echo" => run_server(&args, "echo", echo),
        "chat" => {
            let groups = Arc::new(GroupTable::default());
            run_server(&args, "chat-server", move |socket| chat(socket, groups.clone()))
        }
        _ => peer_common::fail_usage(USAGE),
    }
}
