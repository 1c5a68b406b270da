//! Runs `browser/run.mjs` in headless Chromium against the test server, started in this process.
//!
//! Needs `/usr/bin/chromium`, Node.js 20+ and `browser/node_modules/playwright-core`
//! (`bash browser/setup.sh` installs the first and last). Without them the test is skipped,
//! unless `CI` is set, where it fails: a CI that silently skipped the browser would prove
//! nothing.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use cors_browser_tests::{Server, ENV_ORIGINS, ENV_ORIGINS_VARIABLE};

const CHROMIUM: &str = "/usr/bin/chromium";

/// The runner gives up by itself after 100 s; this bound catches a runner that cannot.
const RUNNER_TIMEOUT: Duration = Duration::from_secs(150);

/// How long a process gets to exit after `SIGTERM` (Playwright closes Chromium on it) before
/// `SIGKILL`, and how long the server gets to stop.
const GRACE: Duration = Duration::from_secs(5);

const INSTALL_HINT: &str = "install them with `apt-get install -y chromium` and `npm ci --prefix browser` (both: `bash browser/setup.sh`); Node.js 20+ must be on PATH";

/// Writes straight to the process's stderr, past the test harness's capture, so the runner's
/// lines show in `cargo test` output whether the test passes or fails.
fn echo(line: &str) {
    let mut stderr = io::stderr().lock();
    // A closed stderr must not fail the test: the output is also in the assertion message.
    let _ = writeln!(stderr, "{line}");
}

fn missing_tools(browser_dir: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).exists() {
        missing.push(CHROMIUM.to_string());
    }
    let playwright = browser_dir.join("node_modules/playwright-core/package.json");
    if !playwright.exists() {
        missing.push(format!(
            "{}",
            browser_dir.join("node_modules/playwright-core").display()
        ));
    }
    let node = Command::new("node")
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !node.is_ok_and(|status| status.success()) {
        missing.push("`node` (Node.js 20+)".to_string());
    }
    missing
}

fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|value| !value.is_empty())
}

/// The test server on a thread of its own, stopped when dropped.
struct ServerThread {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl ServerThread {
    fn start() -> ServerThread {
        // Bind here, before any browser starts, so that a taken port fails the test at once.
        let server = Server::bind().unwrap_or_else(|error| panic!("test server: {error}"));
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()?;
            runtime.block_on(server.run(async move {
                while !stopped.load(Ordering::Relaxed) {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }))
        });
        ServerThread {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for ServerThread {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let Some(thread) = self.thread.take() else {
            return;
        };
        let deadline = Instant::now() + GRACE;
        while !thread.is_finished() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(20));
        }
        if thread.is_finished() {
            match thread.join() {
                Ok(Ok(())) => {}
                Ok(Err(error)) => echo(&format!("test server stopped with an error: {error}")),
                Err(_) => echo("test server thread panicked"),
            }
        } else {
            // Leave it: the test process ends soon and takes the thread with it.
            echo("test server did not stop in time");
        }
    }
}

/// `node run.mjs` in a process group of its own, so that cleanup reaches everything it started
/// in that group. Playwright starts Chromium in a group of its own and closes it on `SIGTERM`
/// (and Chromium exits when Playwright's pipe to it closes), so the drop sends `SIGTERM` first.
struct Runner {
    child: Child,
    stopped: bool,
    /// The runner's `TMPDIR`, where Chromium's profile goes; removed on drop, since a runner
    /// that was killed cannot remove it.
    scratch: PathBuf,
}

impl Runner {
    fn start(browser_dir: &Path) -> Runner {
        use std::os::unix::process::CommandExt;
        let scratch = std::env::temp_dir().join(format!("cors-browser-{}", std::process::id()));
        std::fs::create_dir_all(&scratch)
            .unwrap_or_else(|error| panic!("cannot create {}: {error}", scratch.display()));
        let child = Command::new("node")
            .arg("run.mjs")
            .current_dir(browser_dir)
            .env("TMPDIR", &scratch)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start `node run.mjs`: {error}"));
        Runner {
            child,
            stopped: false,
            scratch,
        }
    }

    fn signal_group(&self, signal: &str) {
        let group = format!("-{}", self.child.id());
        // Fails harmlessly when the group is already gone.
        let _ = Command::new("kill")
            .args(["-s", signal, "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    fn wait_until(&mut self, deadline: Instant) -> Option<ExitStatus> {
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Some(status),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
                Ok(None) | Err(_) => return None,
            }
        }
    }

    /// Echoes the runner's output as it comes and returns its exit status (`None` when it had to
    /// be killed) and its whole output.
    fn finish(&mut self, timeout: Duration) -> (Option<ExitStatus>, String) {
        let deadline = Instant::now() + timeout;
        let (lines_in, lines) = mpsc::channel::<String>();
        let stdout = self.child.stdout.take().map(|stdout| {
            let lines_in = lines_in.clone();
            thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    if lines_in.send(line).is_err() {
                        break;
                    }
                }
            })
        });
        let stderr = self.child.stderr.take().map(|mut stderr| {
            thread::spawn(move || {
                let mut text = String::new();
                let _ = stderr.read_to_string(&mut text);
                text
            })
        });
        drop(lines_in);

        let mut output = String::new();
        let mut timed_out = false;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => {
                    echo(&line);
                    output.push_str(&line);
                    output.push('\n');
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    timed_out = true;
                    break;
                }
            }
        }
        let status = if timed_out {
            output.push_str(&format!("(runner killed after {} s)\n", timeout.as_secs()));
            None
        } else {
            self.wait_until(Instant::now() + GRACE)
        };
        self.stop();
        // The readers end once every process holding the pipes is gone, which `stop` ensures.
        if let Some(reader) = stdout {
            let _ = reader.join();
        }
        if let Some(stderr) = stderr.and_then(|reader| reader.join().ok()) {
            if !stderr.trim().is_empty() {
                echo(stderr.trim_end());
                output.push_str(&stderr);
            }
        }
        (status, output)
    }

    /// Ends the runner if it still runs (`SIGTERM`, then `SIGKILL` after [`GRACE`]) and kills
    /// whatever is left in its process group. Runs once.
    fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        if self.wait_until(Instant::now()).is_none() {
            self.signal_group("TERM");
            if self.wait_until(Instant::now() + GRACE).is_none() {
                self.signal_group("KILL");
                let _ = self.child.wait();
            }
        }
        self.signal_group("KILL");
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// `(passed, failed)` from the runner's closing `N passed, M failed` line.
fn summary(output: &str) -> Option<(u32, u32)> {
    output.lines().rev().find_map(|line| {
        let (passed, failed) = line.trim().split_once(" passed, ")?;
        let failed = failed.strip_suffix(" failed")?;
        Some((passed.parse().ok()?, failed.parse().ok()?))
    })
}

#[test]
fn chromium_enforces_the_cors_policies() {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let missing = missing_tools(browser_dir);
    if !missing.is_empty() {
        let message = format!(
            "the browser suite needs {}; {INSTALL_HINT}",
            missing.join(", ")
        );
        assert!(!in_ci(), "{message}");
        echo(&format!("skipped: {message}"));
        return;
    }

    // `/from-env` reads its origins from the environment once, on first use: set them before
    // anything can ask, and check them at startup as a real server should. Overwritten even when
    // set, since `run.mjs` expects exactly these origins.
    std::env::set_var(ENV_ORIGINS_VARIABLE, ENV_ORIGINS);
    match cors_runtime::check_origins_from_env() {
        Ok(policies) => assert_eq!(
            policies, 1,
            "only `/from-env` reads {ENV_ORIGINS_VARIABLE}, so one policy should have been checked"
        ),
        Err(error) => panic!("{ENV_ORIGINS_VARIABLE}={ENV_ORIGINS:?} was refused: {error}"),
    }

    let server = ServerThread::start();
    let mut runner = Runner::start(browser_dir);
    let (status, output) = runner.finish(RUNNER_TIMEOUT);
    drop(runner);
    drop(server);

    let status = status.unwrap_or_else(|| panic!("`node run.mjs` did not finish:\n{output}"));
    let (passed, failed) = summary(&output).unwrap_or_else(|| {
        panic!("`node run.mjs` printed no `N passed, M failed` line ({status}):\n{output}")
    });
    assert!(
        status.success() && failed == 0 && passed > 0,
        "browser suite: {passed} passed, {failed} failed ({status}):\n{output}"
    );
}
