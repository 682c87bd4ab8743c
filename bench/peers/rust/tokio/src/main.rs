//! peer-tokio: tokio 1.24's side of the runtime comparison (bench/peers/ours has
//! ours). Same command line and output lines as `ours-peer`, plus the echo
//! server of `relay_load echo` and the chat server of `asyncplay chat-server`.
//!
//! The runtime is current_thread (`Builder::new_current_thread()`, then
//! `block_on` + `tokio::spawn`): the comparison is against a single-threaded
//! executor, and on a current_thread runtime `tokio::spawn` already runs every
//! task on the one thread. `--executor local` uses a `LocalSet` and
//! `spawn_local` instead: that is tokio's way to run !Send futures, a second
//! queue layered over the runtime's, so it is offered for comparison but is not
//! the default. `--runtime multi --threads N` gives the multi-thread runtime.
//! spawn and parked build the runtime without the I/O and time drivers, as the
//! brief's `Builder::new_current_thread().build()` does (ours measures with its
//! plain park driver, no epoll); `--drivers all` enables them (what
//! `#[tokio::main]` does), which adds a zero-timeout epoll_wait every 61 tasks.
//! The servers always enable them.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use peer_common::{encode_line, forwarded, handle_request, Args, FromServer, Group, GroupTable};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::OwnedWriteHalf;
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::{Builder, Runtime};
use tokio::task::{JoinHandle, LocalSet};

const USAGE: &str = "usage: peer-tokio spawn --tasks N --mode batch|each [--runs R]
       peer-tokio parked --tasks N
       peer-tokio echo --listen 127.0.0.1:0
       peer-tokio chat --listen 127.0.0.1:0
options for all: --runtime current|multi [--threads N] --executor spawn|local
options for spawn and parked: --drivers none|all; for spawn: --from task|block_on";

/// Set once from --executor, before anything is spawned.
static LOCAL: AtomicBool = AtomicBool::new(false);

fn spawn<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    if LOCAL.load(Ordering::Relaxed) {
        tokio::task::spawn_local(future)
    } else {
        tokio::spawn(future)
    }
}

fn runtime(args: &Args, drivers: bool) -> Runtime {
    let mut builder = match args.choice("--runtime", &["current", "multi"]).as_str() {
        "current" => Builder::new_current_thread(),
        _ => {
            let mut builder = Builder::new_multi_thread();
            builder.worker_threads(args.count("--threads", 2));
            builder
        }
    };
    if drivers {
        builder.enable_all();
    }
    builder.build().expect("cannot build the tokio runtime")
}

/// Runs `future` to completion on `rt`, inside the LocalSet if --executor local.
fn block_on<F: Future>(rt: &Runtime, local: &LocalSet, future: F) -> F::Output {
    if LOCAL.load(Ordering::Relaxed) {
        local.block_on(rt, future)
    } else {
        rt.block_on(future)
    }
}

// ---------------------------------------------------------------- spawn

async fn spawn_all_then_join(tasks: usize, mut handles: Vec<JoinHandle<()>>) -> Vec<JoinHandle<()>> {
    for _ in 0..tasks {
        handles.push(spawn(async {}));
    }
    for handle in handles.drain(..) {
        handle.await.expect("a no-op task failed");
    }
    handles
}

async fn spawn_and_join_each(tasks: usize) {
    for _ in 0..tasks {
        spawn(async {}).await.expect("a no-op task failed");
    }
}

/// `--from task` (the default) runs the loop in a spawned task and block_on
/// waits for it: that is what ours' `block_on` does (it spawns its future), and
/// in tokio the future given to `block_on` is not a task: each wake of it goes
/// through the runtime's park path (with `--drivers all`, an epoll_wait per
/// wake), which `--from block_on` measures.
fn spawn_command(args: &Args) {
    let tasks = args.count("--tasks", 1_000_000);
    let mode = args.choice("--mode", &["batch", "each"]);
    let runs = args.count("--runs", 5);
    let in_task = args.choice("--from", &["task", "block_on"]) == "task";
    let rt = runtime(args, args.choice("--drivers", &["none", "all"]) == "all");
    let local = LocalSet::new();
    // The handles' storage is not what is measured: reserved once, reused.
    let mut handles = Some(Vec::with_capacity(tasks));
    peer_common::spawn_report(&mode, tasks, runs, || {
        if mode == "batch" {
            let work = spawn_all_then_join(tasks, handles.take().unwrap());
            handles = Some(if in_task {
                block_on(&rt, &local, async { spawn(work).await.unwrap() })
            } else {
                block_on(&rt, &local, work)
            });
        } else if in_task {
            block_on(&rt, &local, async { spawn(spawn_and_join_each(tasks)).await.unwrap() });
        } else {
            block_on(&rt, &local, spawn_and_join_each(tasks));
        }
    });
}

// ---------------------------------------------------------------- parked

static POLLED: AtomicUsize = AtomicUsize::new(0);

fn parked_command(args: &Args) -> ! {
    let tasks = args.count("--tasks", 1_000_000);
    let rt = runtime(args, args.choice("--drivers", &["none", "all"]) == "all");
    let local = LocalSet::new();
    block_on(&rt, &local, async { spawn(async {}).await.unwrap() }); // the runtime is up
    let before = peer_common::vm_rss_bytes();
    block_on(&rt, &local, async move {
        for _ in 0..tasks {
            // The handle is dropped: the runtime keeps the task.
            drop(spawn(async {
                POLLED.fetch_add(1, Ordering::Relaxed);
                std::future::pending::<()>().await
            }));
        }
        // Every task polled once, so each is parked on its pending future.
        while POLLED.load(Ordering::Relaxed) < tasks {
            tokio::task::yield_now().await;
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
    let rt = runtime(args, true);
    let local = LocalSet::new();
    block_on(&rt, &local, async {
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
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
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

/// A connection's writing half, shared by its reader (for Error replies) and
/// its forwarding tasks, one line at a time: the book's design (there with
/// async-std's Mutex around a TcpStream clone).
struct Outbound(tokio::sync::Mutex<OwnedWriteHalf>);

impl Outbound {
    async fn send(&self, packet: FromServer) -> io::Result<()> {
        let line = encode_line(&packet);
        let mut writer = self.0.lock().await;
        writer.write_all(&line).await
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
    let (reader, writer) = socket.into_split();
    let outbound = Arc::new(Outbound(tokio::sync::Mutex::new(writer)));
    let mut reader = BufReader::new(reader);
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
    LOCAL.store(args.choice("--executor", &["spawn", "local"]) == "local", Ordering::Relaxed);
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
