#!/usr/bin/env python3
"""Chart and tables of the CORS benchmark (issue 5), from criterion's saved estimates.

Reads target/criterion/**/new/{benchmark,estimates}.json as `cargo bench -p cors-benches`
leaves them, writes a horizontal bar chart (SVG) comparing the baseline, ours, ours through the
policy API and tower-http per case, and prints three Markdown tables: the figures, the ratios
against the issue's targets, and cases a to d through an axum `Router` (groups `axum_*`). Python 3
standard library only.

    python3 scripts/chart.py                       # writes benches/chart.svg
    python3 scripts/chart.py --criterion DIR --svg FILE
    python3 scripts/chart.py --baseline run1 --baseline run2 --baseline run3

The time of a benchmark is, by default, its fastest sample: criterion times each benchmark in
about a hundred samples of thousands of iterations each, and the lowest per-iteration time of a
sample is what the code costs when nothing else takes the core away. On a shared machine that
figure moves by a few percent from run to run where the median moves by half (other builds
preempt some samples, never speed one up). `--statistic median` gives criterion's median instead.
Given several criterion baselines (`cargo bench -p cors-benches -- --save-baseline run1`, ...),
each benchmark's time is the lowest over them.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONTENDERS = [
    # id, label, colour
    ("baseline", "baseline (no CORS)", "#9e9e9e"),
    ("ours", "ours: #[cors] handler", "#1b7837"),
    ("ours-policy-api", "ours: policy API inline", "#7fbf7b"),
    ("tower-http", "tower-http CorsLayer", "#d95f02"),
]

CASES = [
    # group, label
    ("a_actual_allowed", "a. actual GET, allowed"),
    ("b_actual_refused", "b. actual GET, refused"),
    ("c_preflight_allowed", "c. preflight, allowed"),
    ("d_preflight_refused", "d. preflight, refused"),
    ("e_origins_match_last", "e. match last of {n}"),
    ("e_origins_match_none", "e. match none of {n}"),
    ("e_pattern_match", "e. subdomain pattern, match"),
    ("e_pattern_none", "e. subdomain pattern, none"),
    ("f_preflight_10000_headers", "f. preflight, 10,000 headers"),
]


def load(criterion_dir, baselines, statistic):
    """{(group, parameter or None): {contender: ns}}, the lowest over `baselines`."""
    results = {}
    benchmark_files = [
        path for baseline in baselines for path in criterion_dir.glob(f"**/{baseline}/benchmark.json")
    ]
    for benchmark_file in benchmark_files:
        benchmark = json.loads(benchmark_file.read_text())
        if statistic == "median":
            estimates = json.loads((benchmark_file.parent / "estimates.json").read_text())
            ns = estimates["median"]["point_estimate"]
        else:
            samples = json.loads((benchmark_file.parent / "sample.json").read_text())
            ns = min(time / iters for time, iters in zip(samples["times"], samples["iters"]))
        group = benchmark["group_id"]
        function = benchmark["function_id"]
        value = benchmark.get("value_str")
        if function is None:
            # `BenchmarkId::from_parameter`: the contender is the parameter.
            function, value = value, None
        parameter = int(value) if value is not None else None
        times = results.setdefault((group, parameter), {})
        times[function] = min(ns, times.get(function, ns))
    return results


def rows(results):
    """The rows of the chart in the issue's order: (label, {contender: ns})."""
    ordered = []
    for group, label in CASES:
        parameters = sorted(p for (g, p) in results if g == group)
        for parameter in parameters:
            times = dict(results[(group, parameter)])
            if parameter is not None and "baseline" not in times:
                # Case e's baseline is case a's: the handler does not look at the origin.
                times["baseline"] = results.get(("a_actual_allowed", None), {}).get("baseline")
            count = f"{parameter:,} origin{'' if parameter == 1 else 's'}" if parameter else ""
            ordered.append((label.format(n=count), times))
    return ordered


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def svg(chart_rows, title, runs, statistic):
    bar_height, gap, label_width, plot_width = 11, 10, 210, 600
    top, legend_height = 54, 24
    row_height = len(CONTENDERS) * bar_height + gap
    height = top + len(chart_rows) * row_height + legend_height + 30
    width = label_width + plot_width + 60
    longest = max(t for _, times in chart_rows for t in times.values() if t is not None)
    step = nice_step(longest / 5)
    scale_max = step * -(-longest // step)

    def x(ns):
        return label_width + plot_width * ns / scale_max

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">'
        f"{escape(title)}</text>",
        f'<text x="{width / 2}" y="37" text-anchor="middle" fill="#555">'
        f"{'fastest sample' if statistic == 'fastest' else 'median'}, ns per request: "
        "build it, answer it, drop the response (shorter is better"
        f"{f'; best of {runs} runs' if runs > 1 else ''})"
        "</text>",
    ]
    grid_bottom = top + len(chart_rows) * row_height
    tick = 0.0
    while tick <= scale_max + 1e-9:
        out.append(
            f'<line x1="{x(tick):.1f}" y1="{top - 4}" x2="{x(tick):.1f}" y2="{grid_bottom}" '
            'stroke="#e0e0e0"/>'
        )
        out.append(
            f'<text x="{x(tick):.1f}" y="{grid_bottom + 12}" text-anchor="middle" fill="#555">'
            f"{tick:g}</text>"
        )
        tick += step
    for index, (label, times) in enumerate(chart_rows):
        y0 = top + index * row_height
        middle = y0 + len(CONTENDERS) * bar_height / 2
        out.append(
            f'<text x="{label_width - 8}" y="{middle + 4:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        for position, (contender, _, colour) in enumerate(CONTENDERS):
            ns = times.get(contender)
            if ns is None:
                continue
            y = y0 + position * bar_height
            out.append(
                f'<rect x="{label_width}" y="{y}" width="{x(ns) - label_width:.1f}" '
                f'height="{bar_height - 1}" fill="{colour}"/>'
            )
            out.append(f'<text x="{x(ns) + 4:.1f}" y="{y + bar_height - 2}" fill="#333">{ns:.0f}</text>')
    legend_y = grid_bottom + 32
    column = (width - 40) / len(CONTENDERS)
    for position, (_, label, colour) in enumerate(CONTENDERS):
        legend_x = 20 + position * column
        out.append(f'<rect x="{legend_x:.0f}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{legend_x + 14:.0f}" y="{legend_y}">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def nice_step(rough):
    magnitude = 10 ** len(str(int(rough))) / 10 if rough >= 1 else 1
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * magnitude >= rough:
            return multiple * magnitude
    return 10 * magnitude


def figures_table(chart_rows):
    lines = [
        "| case | baseline | ours | ours, policy API | tower-http | tower-http / ours | net ours | net tower-http |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, times in chart_rows:
        base, ours, api, tower = (times.get(c) for c, _, _ in CONTENDERS)
        cell = lambda ns: f"{ns:.0f} ns" if ns is not None else "–"
        net = lambda ns: f"{ns - base:.0f} ns" if ns is not None and base is not None else "–"
        ratio = f"{tower / ours:.2f}×" if ours and tower else "–"
        lines.append(
            f"| {label} | {cell(base)} | {cell(ours)} | {cell(api)} | {cell(tower)} | {ratio} "
            f"| {net(ours)} | {net(tower)} |"
        )
    return "\n".join(lines)


ROUTER_CASES = [
    # group, label
    ("axum_a_actual_allowed", "a. actual GET, allowed"),
    ("axum_b_actual_refused", "b. actual GET, refused"),
    ("axum_c_preflight_allowed", "c. preflight, allowed"),
    ("axum_d_preflight_refused", "d. preflight, refused"),
]


def router_table(results):
    """Cases a to d through an axum `Router`, or None when they were not run."""
    if not any((group, None) in results for group, _ in ROUTER_CASES):
        return None
    lines = [
        "| case, through an axum `Router` | baseline | ours | tower-http | tower-http / ours | net ours | net tower-http |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for group, label in ROUTER_CASES:
        times = results.get((group, None), {})
        base, ours, tower = (times.get(c) for c in ("baseline", "ours", "tower-http"))
        cell = lambda ns: f"{ns:.0f} ns" if ns is not None else "–"
        net = lambda ns: f"{ns - base:.0f} ns" if ns is not None and base is not None else "–"
        ratio = f"{tower / ours:.2f}×" if ours and tower else "–"
        lines.append(
            f"| {label} | {cell(base)} | {cell(ours)} | {cell(tower)} | {ratio} | {net(ours)} | {net(tower)} |"
        )
    return "\n".join(lines)


def targets_table(results):
    def time(group, contender, parameter=None):
        return results.get((group, parameter), {}).get(contender)

    def speedup(group, contender="ours"):
        tower, ours = time(group, "tower-http"), time(group, contender)
        return tower / ours if tower and ours else None

    checks = []
    for group, case, minimum in [
        ("a_actual_allowed", "a", 2.3),
        ("b_actual_refused", "b", 2.5),
        ("c_preflight_allowed", "c", 1.5),
        ("d_preflight_refused", "d", 2.5),
    ]:
        checks.append(
            (f"{case}: tower-http / ours", f"≥ {minimum}", speedup(group), lambda v, m=minimum: v >= m,
             speedup(group, "ours-policy-api"))
        )
    for group, what in [("e_origins_match_last", "match last"), ("e_origins_match_none", "match none")]:
        def growth(contender, group=group):
            one, thousand = time(group, contender, 1), time(group, contender, 1000)
            return thousand / one if one and thousand else None

        checks.append(
            (f"e ({what}): ours at 1,000 origins / ours at 1", "≤ 1.2", growth("ours"),
             lambda v: v <= 1.2, growth("ours-policy-api"))
        )
    def f_over_c(contender):
        f, c = time("f_preflight_10000_headers", contender), time("c_preflight_allowed", contender)
        return f / c if f and c else None

    checks.append(("f: ours on case f / ours on case c", "≤ 2", f_over_c("ours"), lambda v: v <= 2.0,
                   f_over_c("ours-policy-api")))
    lines = [
        "| target | wanted | #[cors] handler | verdict | policy API inline |",
        "|---|---|---:|---|---:|",
    ]
    for name, wanted, value, passes, api_value in checks:
        shown = f"{value:.2f}" if value is not None else "not measured"
        verdict = ("met" if passes(value) else "**missed**") if value is not None else "–"
        api_shown = f"{api_value:.2f}" if api_value is not None else "–"
        lines.append(f"| {name} | {wanted} | {shown} | {verdict} | {api_shown} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--criterion", type=Path, default=ROOT / "target" / "criterion")
    parser.add_argument("--svg", type=Path, default=ROOT / "benches" / "chart.svg")
    parser.add_argument("--title", default="#[cors] vs tower-http CorsLayer")
    parser.add_argument(
        "--statistic",
        choices=["fastest", "median"],
        default="fastest",
        help="a benchmark's time: its fastest sample (default) or criterion's median",
    )
    parser.add_argument(
        "--baseline",
        action="append",
        help="a criterion baseline to read (repeatable; the lowest median wins); default: new",
    )
    arguments = parser.parse_args()

    results = load(arguments.criterion, arguments.baseline or ["new"], arguments.statistic)
    if not results:
        sys.exit(f"no criterion results under {arguments.criterion}: run `cargo bench -p cors-benches` first")
    chart_rows = rows(results)
    runs = len(arguments.baseline or ["new"])
    # A run filtered to the router cases (`cargo bench -p cors-benches -- axum_`) has no chart.
    if any(times for _, times in chart_rows):
        arguments.svg.write_text(svg(chart_rows, arguments.title, runs, arguments.statistic))
        print(f"<!-- written by scripts/chart.py; chart: {arguments.svg.relative_to(ROOT) if arguments.svg.is_relative_to(ROOT) else arguments.svg} -->\n")
        print(figures_table(chart_rows))
        print()
        print(targets_table(results))
    router = router_table(results)
    if router is not None:
        print()
        print(router)


if __name__ == "__main__":
    main()
