#!/usr/bin/env python3
"""Where the compile time of `#[cors]` goes (issue 5), part by part.

scripts/compile-time.sh times `cargo check` of 200 annotated handlers against the same crate
without the attribute. This script takes that crate's expansion (rustc's `-Zunpretty=expanded`,
so the macro no longer runs), then takes the generated code apart one piece at a time, each step
on top of the previous one, and times `cargo check` of every step (median of --runs). The
difference between two rows is what that piece costs for 200 handlers; the first row against
compile-time.sh's "with" time is what running the macro itself costs.

    python3 scripts/compile-time-parts.py               # the axum handlers
    python3 scripts/compile-time-parts.py --form http   # the plain-http handlers
    python3 scripts/compile-time-parts.py --runs 9
    python3 scripts/compile-time-parts.py --query 'typeck(router)'   # and that query's self
                                        # time at each step (median of --runs profiles; see
                                        # scripts/query-profile.sh, whose reader it builds)

The steps edit the expansion's text with regular expressions written for rustc's pretty printer:
each step checks that it changed something, and the script stops with an error otherwise (a
newer rustc may print the expansion differently). The variants are experiments, not working
CORS: they type-check, nothing more. RUSTC_BOOTSTRAP is set for -Zunpretty and for the
internal features the expansion names (`prelude_import`).
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(command, **kwargs):
    return subprocess.run(command, check=True, text=True, **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--form", choices=["axum", "http"], default="axum")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", help="also print this query's self time at each step, as "
                        "scripts/query-profile prints it with --keys: 'typeck(router)'")
    args = parser.parse_args()

    work = Path(os.environ.get("COMPILE_TIME_DIR", ROOT / "target" / "compile-time"))
    target = work / "target"
    env = dict(os.environ, CARGO_INCREMENTAL="0", RUSTC_BOOTSTRAP="1")
    env.pop("CARGO_TARGET_DIR", None)

    # The crates of compile-time.sh, their dependencies built, and its timing of them.
    # Routed with `.options(h::preflight)`, which the steps below take apart.
    print(f"generating the crates (scripts/compile-time.sh, FORM={args.form}, ROUTES=options)",
          file=sys.stderr)
    timing = run(["bash", str(ROOT / "scripts" / "compile-time.sh")],
                 env=dict(env, FORM=args.form, RUNS=str(args.runs), ROUTES="options"),
                 capture_output=True).stdout

    with_crate = work / "with"
    (with_crate / "src" / "lib.rs").touch()
    expanded = run(
        ["cargo", "rustc", "--quiet", "--manifest-path", str(with_crate / "Cargo.toml"),
         "--target-dir", str(target), "--profile", "check", "--", "-Zunpretty=expanded"],
        env=env, capture_output=True).stdout

    parts = work / "parts"
    (parts / "src").mkdir(parents=True, exist_ok=True)
    manifest = (with_crate / "Cargo.toml").read_text()
    (parts / "Cargo.toml").write_text(manifest.replace(
        'name = "cors-compile-time-with"', 'name = "cors-compile-time-parts"'))
    (parts / "Cargo.lock").write_text((with_crate / "Cargo.lock").read_text())
    lib = parts / "src" / "lib.rs"

    cargo_check = ["cargo", "check", "--quiet", "--manifest-path", str(parts / "Cargo.toml"),
                   "--target-dir", str(target)]

    def check():
        lib.touch()
        start = time.perf_counter()
        run(cargo_check, env=env, capture_output=True)
        return time.perf_counter() - start

    def timed(text):
        lib.write_text(text)
        # Built once untimed: dependencies up to date, and a step that does not compile stops here.
        result = subprocess.run(cargo_check, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit("a step does not compile:\n" + result.stderr[-3000:])
        return statistics.median(check() for _ in range(args.runs))

    # Macros that the expansion shows expanded (`format!`) name std's internals.
    text = (expanded
            .replace("extern crate std;", "extern crate std;\nextern crate alloc;", 1)
            .replace("::alloc::__export::must_use", "::std::convert::identity")
            .replace("::alloc::fmt::format", "::std::fmt::format"))

    def edit(pattern, replacement, source, flags=0):
        result, count = re.subn(pattern, replacement, source, flags=flags)
        if count == 0:
            sys.exit(f"step found nothing to change: {pattern}")
        return result

    steps = [("the expansion as rustc prints it (no macro run)", lambda s: s)]
    steps.append(("without the rustdoc attributes", lambda s: edit(
        r'#\[doc =\s*"(?:[^"\\]|\\.)*"\]', "", s)))
    if args.form == "axum":
        steps += [
            ("without the preflight routes (.options(h::preflight))", lambda s: edit(
                r"\.options\(handler_\d+::preflight\)", "", s)),
            ("without __CORS_METHODS", lambda s: edit(
                r"#\[doc\(hidden\)\]\s*pub const __CORS_METHODS: &\[&str\] = &\[[^\]]*\];",
                "", s)),
            ("one marker type for all handlers, not one each", shared_marker),
            ("without the preflight handler constants", lambda s: edit(
                r"#\[allow\(non_upper_case_globals\)\]\s*pub const preflight:[^;]*;", "", s)),
            ("the user's extractors, not FirstArg/OriginOnly", plain_extractors),
        ]
    else:
        steps += [
            ("the policy statics at the top level, no companion module", top_level_statics),
            ("the user's future returned as is (no CORS call)", user_future),
            ("without the policy statics", lambda s: edit(
                r"pub static HANDLER_\d+_CORS[^;]*;", "", s)),
        ]

    reader = ROOT / "target" / "query-profile" / "release" / "query-profile"
    if args.query:
        run(["cargo", "build", "--quiet", "--release", "--manifest-path",
             str(ROOT / "scripts" / "query-profile" / "Cargo.toml"), "--target-dir",
             str(ROOT / "target" / "query-profile")], env=env)

    def query_time():
        """The median self time of args.query over --runs profiled compilations, as printed."""
        profiles = work / "profiles" / "parts"
        run(["rm", "-rf", str(profiles)])
        profiles.mkdir(parents=True)
        for _ in range(args.runs):
            lib.touch()
            run(["cargo", "rustc", "--quiet", "--manifest-path", str(parts / "Cargo.toml"),
                 "--target-dir", str(target), "--profile", "check", "--",
                 f"-Zself-profile={profiles}", "-Zself-profile-events=default,query-keys"],
                env=env, capture_output=True)
        table = run([str(reader), "--keys", "--top", "1000000", str(profiles)],
                    capture_output=True).stdout
        for line in table.splitlines():
            fields = line.split()
            if len(fields) == 3 and fields[2] == args.query:
                return f"{float(fields[0]):.1f} ms"
        return "not in the profile"

    print(f"form: {args.form}, runs: {args.runs} per step (cargo check, medians)")
    # compile-time.sh's own figures, with the macro run, for the first row to be read against.
    wall = next(line for line in timing.splitlines() if line.startswith("wall time"))
    print(f"  compile-time.sh {wall}")
    previous = None
    for name, step in steps:
        text = step(text)
        seconds = timed(text)
        delta = "" if previous is None else f"  ({seconds - previous:+.3f} s)"
        query = f"  {args.query} {query_time()}" if args.query else ""
        print(f"  {name:58s} {seconds:.3f} s{delta}{query}", flush=True)
        previous = seconds


def shared_marker(source):
    source, count = re.subn(
        r"#\[doc\(hidden\)\]\s*pub struct __CorsPolicy;\s*"
        r"impl ::cors_runtime::__private::PolicySource for __CorsPolicy \{\s*#\[inline\]\s*"
        r"fn policy\(\) -> &'static ::cors_runtime::Policy \{ &CORS \}\s*\}", "", source)
    if count == 0:
        sys.exit("step found no marker type")
    source = re.sub(r"handler_\d+::__CorsPolicy", "handler_0::__CorsPolicy", source)
    return source.replace(
        "pub mod handler_0 {",
        "pub mod handler_0 {\n    pub struct __CorsPolicy;\n"
        "    impl ::cors_runtime::__private::PolicySource for __CorsPolicy {\n"
        "        fn policy() -> &'static ::cors_runtime::Policy { &CORS }\n    }", 1)


def plain_extractors(source):
    source, first = re.subn(
        r"::cors_runtime::__private::FirstArg<(.*?),\s*handler_\d+::__CorsPolicy>", r"\1",
        source, flags=re.S)
    source = re.sub(r"::cors_runtime::__private::FirstArg::into_parts\((__cors_arg0)\)",
                    r"(None, \1)", source)
    source, only = re.subn(
        r"__cors_origin:\s*::cors_runtime::__private::OriginOnly<handler_\d+::__CorsPolicy>",
        "", source)
    source = re.sub(r"::cors_runtime::__private::OriginOnly::into_origin\(__cors_origin\)",
                    "None", source)
    if first == 0 or only == 0:
        sys.exit("step found no FirstArg or no OriginOnly")
    return source


def top_level_statics(source):
    source, count = re.subn(
        r"pub mod (handler_\d+) \{\s*pub static CORS: ::cors_runtime::Policy =\s*([^;]*);\s*\}",
        lambda m: f"pub static {m.group(1).upper()}_CORS: ::cors_runtime::Policy = {m.group(2)};",
        source, flags=re.S)
    if count == 0:
        sys.exit("step found no companion module holding only the policy")
    return re.sub(r"&(handler_\d+)::CORS", lambda m: f"&{m.group(1).upper()}_CORS", source)


def user_future(source):
    source, count = re.subn(
        r"<[^;{}]*?as\s*::cors_runtime::__private::HttpResponse>::serve_future\("
        r"&[A-Za-z_0-9:]+,\s*__cors_request,\s*__cors_handler\)",
        "__cors_handler(__cors_request)", source, flags=re.S)
    if count == 0:
        sys.exit("step found no serve_future call")
    return source


if __name__ == "__main__":
    main()
