#!/usr/bin/env python3
"""What each part of `#[cors]`'s expansion costs the compiler, counted in instructions.

Takes compile-time.sh's crates (200 axum handlers with the attribute and without), expands
both with rustc (`-Z unpretty=expanded`, so no macro runs in what follows) into `pre-with` and
`pre-without`, writes variants of `pre-with` with one part of the expansion removed or written
another way, and counts the instructions of rustc checking each (compile-instructions.sh, under
valgrind). A variant is an experiment on text, not code to ship: some leave the handlers
without CORS. The difference to `pre-with` is what the removed part costs.

    scripts/compile-variants.py                      # every variant below
    scripts/compile-variants.py nodocs nowrap        # some of them

Variants (edits of pre-with's text). `nodocs` and `nooutput` apply to the current expansion;
`noallows` to the expansion before the companion modules' `Allows...` impls became one
`MethodSet` alias (`git checkout 2cd003c`); the others edit the generated handler and the
`preflight` constant of the expansion before `236694e` (`git checkout c005151`). A variant that
finds nothing to edit stops the script rather than count the unedited crate.
    nodocs      every `#[doc = "..."]` removed
    nopreflight the companion modules' `preflight` constants removed
    asyncblock  the user's function inlined as an `async move` block in the generated handler
    noresp      asyncblock, and the handler returns the user's future itself, not CorsResponse
                (extractor rejections panic)
    plainargs   asyncblock, and the generated handler takes the user's own extractors (no
                FirstArg, Arg, OriginOnly), routed with axum's get/post/put
    nowrap      no generated handler: the user's function under its name, routed with axum's
                get/post/put (the companion modules stay)
    noallows    the `Allows...` impls of the companion modules removed, and cors_route!'s
                `allows_get::<...>()` checks replaced by axum's method filters (for the
                expansion before the `MethodSet` alias replaced the impls)
    nooutput    the `__cors_output_of_NAME` structs (the named return types' check) removed
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.environ.get("COMPILE_TIME_DIR", os.path.join(ROOT, "target", "compile-time"))

HANDLER = re.compile(r"pub fn handler_\d+\(.*?\n\}\n", re.S)


def axum_routes(src):
    """cors_route!'s expansion in the router replaced by axum's own method router."""
    return re.sub(
        r"\{\s*use (handler_\d+) as __cors_module;\s*__cors_module::__cors_route\("
        r"::cors_runtime::__private::allows_(\w+)::<__cors_module::__CorsPolicy>\(\),\s*"
        r"handler_\d+, &__cors_module::CORS\)\s*\}",
        r"axum::routing::\2(\1)",
        src,
    )


def async_block(src):
    def inline(match):
        handler = match.group(0)
        inner = re.search(
            r"async fn __cors_handler\((.*?)\)\s*->\s*([^{]*?)\s*\{(.*?)\}\n(?=    let )",
            handler,
            re.S,
        )
        params = [p.strip() for p in inner.group(1).split(", ") if p.strip()]
        handler = handler.replace(inner.group(0), "")
        call = re.search(r"let __cors_output = __cors_handler\((.*?)\);", handler, re.S)
        args = [a.strip() for a in call.group(1).split(",") if a.strip()]
        lets = "".join(f"let {p} = {a}; " for p, a in zip(params, args))
        block = "let __cors_output = async move { " + lets + "{" + inner.group(3) + "} };"
        return handler.replace(call.group(0), block)

    return HANDLER.sub(inline, src)


def no_response_future(src):
    src = re.sub(
        r"::cors_runtime::__private::CorsResponse::respond\(__cors_output,\s*&(handler_\d+)::CORS, __cors_origin\)",
        r"{ let _ = (&\1::CORS, __cors_origin); __cors_output }",
        src,
    )
    src = re.sub(
        r"return ::cors_runtime::__private::CorsResponse::rejected\(&handler_\d+::CORS,\s*__cors_origin, rejection\);",
        "let _ = rejection; panic!()",
        src,
    )
    return re.sub(
        r"impl ::core::future::Future<Output =\s*::cors_runtime::__private::Response>",
        "impl ::core::future::Future<Output = impl axum::response::IntoResponse>",
        src,
    )


def plain_arguments(src):
    src = re.sub(
        r"__cors_arg0:\s*::cors_runtime::__private::FirstArg<([^,]*?),\s*handler_\d+::__CorsPolicy>",
        r"__cors_arg0: \1",
        src,
    )
    src = re.sub(r"__cors_arg(\d+): ::cors_runtime::__private::Arg<([^>]*?)>\)", r"__cors_arg\1: \2)", src)
    src = re.sub(r"__cors_origin:\s*::cors_runtime::__private::OriginOnly<handler_\d+::__CorsPolicy>", "", src)
    src = re.sub(
        r"let __cors_origin =\s*::cors_runtime::__private::OriginOnly::into_origin\(__cors_origin\);",
        "let __cors_origin = None;",
        src,
    )
    src = re.sub(
        r"let \(__cors_origin, __cors_arg0\) =\s*::cors_runtime::__private::FirstArg::into_parts\(__cors_arg0\);",
        "let __cors_origin = None;",
        src,
    )
    return re.sub(
        r"let __cors_arg1 =\s*match ::cors_runtime::__private::Arg::into_result\(__cors_arg1\) \{.*?\n        \};",
        "",
        src,
        flags=re.S,
    )


def no_wrapper(src):
    return HANDLER.sub(
        lambda m: re.sub(
            r"pub fn (handler_\d+)\(.*?\{\s*async fn __cors_handler(.*?)\n    let .*\n\}\n",
            lambda n: "pub async fn " + n.group(1) + n.group(2) + "\n",
            m.group(0),
            flags=re.S,
        ),
        src,
    )


VARIANTS = {
    "nodocs": lambda s: re.sub(r'#\[doc =\s*"(?:[^"\\]|\\.)*"\]', "", s),
    "nopreflight": lambda s: re.sub(
        r'#\[doc =\s*"Answers the CORS preflight[^"]*"\]\s*#\[allow\(non_upper_case_globals\)\]\s*pub const preflight:[^;]*;',
        "",
        s,
    ),
    "asyncblock": async_block,
    "noresp": lambda s: no_response_future(async_block(s)),
    "plainargs": lambda s: axum_routes(plain_arguments(async_block(s))),
    "nowrap": lambda s: no_wrapper(axum_routes(s)),
    "noallows": lambda s: re.sub(
        r"::cors_runtime::__private::allows_(\w+)::<__cors_module::__CorsPolicy>\(\)",
        lambda m: "::axum::routing::MethodFilter::" + m.group(1).upper(),
        re.sub(r"impl ::cors_runtime::__private::Allows\w+ for __CorsPolicy \{\}", "", s),
    ),
    "nooutput": lambda s: re.sub(
        r"#\[doc\(hidden\)\]\s*#\[allow\(dead_code, non_camel_case_types\)\]\s*struct __cors_output_of_\w+\(.*?\);", "", s, flags=re.S
    ),
}


def crate(name, source, cargo_toml, lock):
    directory = os.path.join(WORK, name)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(os.path.join(directory, "src"))
    with open(os.path.join(directory, "Cargo.toml"), "w") as out:
        out.write(re.sub(r'^name = ".*"', f'name = "{name}"', cargo_toml, count=1, flags=re.M))
    shutil.copy(lock, directory)
    with open(os.path.join(directory, "src", "lib.rs"), "w") as out:
        out.write(source)


def expanded(variant):
    """The crate's source as rustc expands it, made to compile again on a stable rustc."""
    directory = os.path.join(WORK, variant)
    os.utime(os.path.join(directory, "src", "lib.rs"))
    env = dict(os.environ, RUSTC_BOOTSTRAP="1", CARGO_INCREMENTAL="0")
    env.pop("CARGO_TARGET_DIR", None)
    source = subprocess.run(
        ["cargo", "rustc", "--quiet", "--manifest-path", os.path.join(directory, "Cargo.toml"),
         "--target-dir", os.path.join(WORK, "target"), "--profile", "check", "--",
         "-Zunpretty=expanded"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout
    source = re.sub(r"^#!\[feature\(prelude_import\)\]\n|^#\[prelude_import\]\n|^use std::prelude::rust_20\d\d::\*;\n", "", source, flags=re.M)
    # format! expands to an unstable helper; the parentheses keep its type.
    source = source.replace("::alloc::__export::must_use(", "(")
    return re.sub(r"^(#!\[allow\(.*\)\])$", r"\1\n#![allow(warnings)]\nextern crate alloc;", source, count=1, flags=re.M)


def main():
    chosen = sys.argv[1:] or list(VARIANTS)
    unknown = [name for name in chosen if name not in VARIANTS]
    if unknown:
        sys.exit(f"unknown variants: {unknown}; known: {list(VARIANTS)}")
    env = dict(os.environ, COMPILE_TIME_DIR=WORK, RUNS="1")
    subprocess.run([os.path.join(ROOT, "scripts", "compile-time.sh")], env=env, check=True, stdout=subprocess.DEVNULL)
    sources = {}
    for variant in ("with", "without"):
        directory = os.path.join(WORK, variant)
        with open(os.path.join(directory, "Cargo.toml")) as toml:
            cargo_toml = toml.read()
        sources[variant] = expanded(variant)
        crate("pre-" + variant, sources[variant], cargo_toml, os.path.join(directory, "Cargo.lock"))
    for name in chosen:
        edited = VARIANTS[name](sources["with"])
        if edited == sources["with"]:
            sys.exit(f"variant {name} finds nothing to edit in this expansion (see the variants above)")
        crate("v-" + name, edited, cargo_toml, os.path.join(WORK, "with", "Cargo.lock"))
    crates = ["pre-with"] + ["v-" + name for name in chosen] + ["pre-without"]
    subprocess.run([os.path.join(ROOT, "scripts", "compile-instructions.sh")],
                   env=dict(os.environ, COMPILE_TIME_DIR=WORK, CRATES=" ".join(crates)), check=True)


if __name__ == "__main__":
    main()
