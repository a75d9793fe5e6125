//! Child processes stopped with the run (and when it dies), free ports, folders.

use super::wait::wait_until_blocking;
use super::WAIT;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A child process that is killed when dropped, and also when this process dies.
pub struct Guarded(Child);

impl Drop for Guarded {
    /// Asks the process to stop (SIGTERM), then kills it if it has not within 5 s.
    /// nginx's master stops its workers on SIGTERM; a SIGKILL would leave them running.
    fn drop(&mut self) {
        // The whole process group: a WebDriver server's browser goes with it.
        // SAFETY: kill(2) on the group of a process this one spawned (as the group's
        // leader) and has not yet reaped.
        unsafe { libc::kill(-(self.0.id() as libc::pid_t), libc::SIGTERM) };
        let stopped = wait_until_blocking("the process's stop", Duration::from_secs(5), || {
            Ok(match self.has_exited() {
                true => Ok(()),
                false => Err("still running".to_string()),
            })
        });
        if stopped.is_ok() {
            return;
        }
        // SAFETY: as above.
        unsafe { libc::kill(-(self.0.id() as libc::pid_t), libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

impl Guarded {
    /// The process's standard output, when it was started with `spawn_with_stdout`.
    pub fn stdout(&mut self) -> Option<&mut std::process::ChildStdout> {
        self.0.stdout.as_mut()
    }

    /// Whether the process has ended.
    pub fn has_exited(&mut self) -> bool {
        !matches!(self.0.try_wait(), Ok(None))
    }
}

/// Starts a process whose standard output is thrown away, guarded.
pub fn spawn(cmd: &mut Command) -> Guarded {
    spawn_guarded(cmd.stdout(Stdio::null()))
}

/// Starts a process whose standard output the caller reads, guarded.
pub fn spawn_with_stdout(cmd: &mut Command) -> Guarded {
    spawn_guarded(cmd.stdout(Stdio::piped()))
}

pub(super) fn spawn_guarded(cmd: &mut Command) -> Guarded {
    use std::os::unix::process::CommandExt;
    // A group of its own, so that dropping it stops what it started too (a driver's
    // browser). The death signal is the last resort if this process dies: it is
    // sent when the thread that spawned the child ends, and each child here lives
    // within its spawning thread's work (the run's servers on the main thread, a
    // session's driver within its test).
    cmd.process_group(0);
    // SAFETY: prctl is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    let program = format!("{:?}", cmd.get_program());
    Guarded(
        cmd.spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e}")),
    )
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Blocks until something listens on `port`, or panics after `WAIT`.
pub fn wait_for_port(port: u16, what: &str) {
    wait_until_blocking(format!("{what} listening on {port}"), WAIT, || {
        Ok(TcpStream::connect(("127.0.0.1", port))
            .map(drop)
            .map_err(|e| e.to_string()))
    })
    .unwrap_or_else(|e| panic!("{e}"));
}

/// The repository root (where Cargo.toml is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn tempdir(prefix: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("{prefix}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
