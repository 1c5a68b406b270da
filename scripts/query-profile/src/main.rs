//! Time per query in rustc `-Z self-profile` files: for each event label (a query such as
//! `typeck`, or an activity such as `expand_proc_macro`), its self time (its intervals minus the
//! intervals nested in them) and its count, summed over a compilation; over several compilations
//! (every `.mm_profdata` file of a folder), the median of those sums, largest first.
//!
//! ```text
//! query-profile [--top N] [--keys] FOLDER [BASELINE_FOLDER]
//! ```
//!
//! With `--keys` (for profiles written with `-Z self-profile-events=default,query-keys`), each
//! query is counted per key, its crate's name left out so that two crates' items compare:
//! `typeck(router)` is the type check of the crate's `router` function.
//!
//! With a baseline, each line also gives the baseline's time and the difference, and lines are
//! ordered by the difference: what the first crate's compilation spends that the second's does
//! not. scripts/query-profile.sh runs it on compile-time.sh's crates.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use analyzeme::{EventPayload, ProfilingData, Timestamp};

/// Self time and count per label, in one compilation.
type Totals = HashMap<String, (Duration, u64)>;

/// Per label, the median self time in milliseconds and the median count over compilations.
type Medians = HashMap<String, (f64, u64)>;

/// An interval being walked: where it ends, its label, and the time of the intervals nested in it.
struct Open {
    end: SystemTime,
    label: String,
    start: SystemTime,
    nested: Duration,
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut top = 25;
    let mut keys = false;
    loop {
        match args.first().map(String::as_str) {
            Some("--top") => match args.get(1).map(|text| text.parse::<usize>()) {
                Some(Ok(count)) => {
                    top = count;
                    args.drain(..2);
                }
                _ => return usage("--top takes a number of lines"),
            },
            Some("--keys") => {
                keys = true;
                args.remove(0);
            }
            _ => break,
        }
    }
    let (folder, baseline) = match args.as_slice() {
        [folder] => (folder, None),
        [folder, baseline] => (folder, Some(baseline)),
        _ => return usage("one or two folders of .mm_profdata files"),
    };
    let medians = match read_folder(folder, keys) {
        Ok(medians) => medians,
        Err(error) => return failure(folder, &error),
    };
    let base = match baseline.map(|baseline| (baseline, read_folder(baseline, keys))) {
        None => Medians::new(),
        Some((_, Ok(base))) => base,
        Some((baseline, Err(error))) => return failure(baseline, &error),
    };
    let mut labels: Vec<&String> = medians.keys().chain(base.keys()).collect();
    labels.sort();
    labels.dedup();
    let time = |map: &Medians, label: &String| map.get(label).map_or(0.0, |entry| entry.0);
    let count = |map: &Medians, label: &String| map.get(label).map_or(0, |entry| entry.1);
    let mut rows: Vec<(f64, &String)> = labels
        .into_iter()
        .map(|label| (time(&medians, label) - time(&base, label), label))
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let sum = |map: &Medians| map.values().map(|entry| entry.0).sum::<f64>();
    if baseline.is_none() {
        println!("{:>10} {:>7}  label", "self ms", "count");
        for (time, label) in rows.into_iter().take(top) {
            println!("{time:>10.1} {:>7}  {label}", count(&medians, label));
        }
        println!("{:>10.1}           (all labels)", sum(&medians));
        return ExitCode::SUCCESS;
    }
    println!(
        "{:>10} {:>10} {:>10} {:>7} {:>7}  label",
        "ms", "base ms", "diff ms", "count", "base"
    );
    for (difference, label) in rows.into_iter().take(top) {
        println!(
            "{:>10.1} {:>10.1} {difference:>+10.1} {:>7} {:>7}  {label}",
            time(&medians, label),
            time(&base, label),
            count(&medians, label),
            count(&base, label),
        );
    }
    println!(
        "{:>10.1} {:>10.1} {:>+10.1}  (all labels; each a median, so the sums are approximate)",
        sum(&medians),
        sum(&base),
        sum(&medians) - sum(&base)
    );
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("query-profile: {problem}\nusage: query-profile [--top N] [--keys] FOLDER [BASELINE_FOLDER]");
    ExitCode::from(2)
}

fn failure(path: &str, error: &str) -> ExitCode {
    eprintln!("query-profile: {path}: {error}");
    ExitCode::FAILURE
}

/// Per label, the median over the folder's profiles of its time and count (a label missing
/// from a profile counts as zero there).
fn read_folder(folder: &str, keys: bool) -> Result<Medians, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|error| error.to_string())?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "mm_profdata")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("no .mm_profdata file".to_string());
    }
    let profiles = files
        .iter()
        .map(|file| read(file, keys))
        .collect::<Result<Vec<_>, _>>()?;
    let labels: Vec<&String> = profiles.iter().flat_map(HashMap::keys).collect();
    let mut medians = Medians::new();
    for label in labels {
        if medians.contains_key(label) {
            continue;
        }
        let mut times: Vec<f64> = Vec::new();
        let mut counts: Vec<u64> = Vec::new();
        for profile in &profiles {
            let (time, count) = profile.get(label).copied().unwrap_or_default();
            times.push(millis(time));
            counts.push(count);
        }
        times.sort_by(f64::total_cmp);
        counts.sort_unstable();
        medians.insert(
            label.clone(),
            (times[times.len() / 2], counts[counts.len() / 2]),
        );
    }
    Ok(medians)
}

fn millis(time: Duration) -> f64 {
    time.as_secs_f64() * 1e3
}

/// The self time and count of every label in the profile at `path`; with `keys`, of every
/// label and key.
fn read(path: &Path, keys: bool) -> Result<Totals, String> {
    let data = ProfilingData::new(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let mut intervals: Vec<(u32, SystemTime, SystemTime, String)> = data
        .iter_full()
        .filter_map(|event| match event.payload {
            EventPayload::Timestamp(Timestamp::Interval { start, end }) => {
                let label = match event.additional_data.first() {
                    Some(key) if keys => format!("{}({})", event.label, without_crate(key)),
                    _ => event.label.into_owned(),
                };
                Some((event.thread_id, start, end, label))
            }
            _ => None,
        })
        .collect();
    // Per thread, by start, the enclosing interval before the ones it contains.
    intervals.sort_by(|a, b| (a.0, a.1, b.2).cmp(&(b.0, b.1, a.2)));
    let mut totals = Totals::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut thread = None;
    for (thread_id, start, end, label) in intervals {
        if thread != Some(thread_id) {
            close(&mut stack, None, &mut totals);
            thread = Some(thread_id);
        }
        close(&mut stack, Some(start), &mut totals);
        stack.push(Open {
            end,
            label,
            start,
            nested: Duration::ZERO,
        });
    }
    close(&mut stack, None, &mut totals);
    Ok(totals)
}

/// A query key with its first path segment (the crate's name) left out: `my_crate::router` is
/// `router`.
fn without_crate(key: &str) -> &str {
    match key.split_once("::") {
        Some((first, rest)) if !first.contains(['(', '<', ' ']) => rest,
        _ => key,
    }
}

/// Closes the open intervals that end by `until` (all of them for `None`), innermost first,
/// adding each one's self time to its label and its whole time to its parent's nested time.
fn close(stack: &mut Vec<Open>, until: Option<SystemTime>, totals: &mut Totals) {
    while let Some(open) = stack.pop() {
        if until.is_some_and(|until| open.end > until) {
            stack.push(open);
            return;
        }
        let whole = open.end.duration_since(open.start).unwrap_or_default();
        let entry = totals.entry(open.label).or_default();
        entry.0 += whole.saturating_sub(open.nested);
        entry.1 += 1;
        if let Some(parent) = stack.last_mut() {
            parent.nested += whole;
        }
    }
}
