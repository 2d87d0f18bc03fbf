"""Latency of the bounded equivalence check over the issue-9 corpus: p50 / p95 / max.

Run by hand from the repository root::

    PYTHONPATH=. .venv/bin/python bench/bench_symbolic.py [--rounds 2] [--timeout 3]

In-process and bounded: each check is ``autograder.symbolic.equivalent`` (a forked child,
killed after ``--timeout`` seconds), timed from the parent, after one ``warm_up``. The corpus is
``tests/autograder/test_symbolic_corpus.VERDICTS`` (wrong answers, right answers with Abs,
floats, non-real answers) plus the book's equivalent forms and near misses of
``test_symbolic_equivalence``. Also prints the slowest cases and, for reference, the old
benchmark's ratio to a bare in-process ``simplify``. Goal (issue 9): p95 < 100 ms. Wall time
depends on the machine's load (the load average is printed); the CPU time of parent and
children (``getrusage``) much less.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from typing import Any

import sympy

from autograder.symbolic import equivalent, parse, warm_up
from tests.autograder.test_symbolic_corpus import VERDICTS
from tests.autograder.test_symbolic_equivalence import EQUIVALENT, NEAR_MISSES


def corpus() -> list[tuple[Any, str, list[str]]]:
    return list(VERDICTS) + [(e, t, ["x"]) for e, t in EQUIVALENT + NEAR_MISSES]


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (the checks' forked children)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=3.0)
    args = parser.parse_args()
    warm_up()
    cases = corpus()
    times: list[tuple[float, str, str]] = []
    cpu: list[float] = []
    for _ in range(args.rounds):
        for expected, text, variables in cases:
            before = _cpu()
            start = time.perf_counter()
            verdict = equivalent(expected, text, variables, timeout=args.timeout)
            times.append((time.perf_counter() - start, text, verdict.reason))
            cpu.append((_cpu() - before) * 1000)
    ms = [t * 1000 for t, _, _ in times]
    print(f"{len(cases)} cases × {args.rounds} rounds, timeout {args.timeout} s, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for name, values in (("wall", ms), ("CPU ", cpu)):
        print(f"{name}: p50 {percentile(values, 0.5):7.1f} ms   p95 "
              f"{percentile(values, 0.95):7.1f} ms   max {max(values):7.1f} ms   mean "
              f"{statistics.mean(values):7.1f} ms")
    print("slowest:")
    for t, text, reason in sorted(times, reverse=True)[:6]:
        print(f"  {t * 1000:7.1f} ms  {reason:15} {text}")
    x = sympy.Symbol("x", real=True)
    pairs = [(sympy.exp(2 * x), "e^(2x)"), (1 / sympy.cos(x) ** 2, "1+tan(x)^2")]
    start = time.perf_counter()
    for expected, text in pairs:
        sympy.simplify(expected - parse(text, ["x"]))
    bare = (time.perf_counter() - start) / len(pairs)
    start = time.perf_counter()
    for expected, text in pairs:
        equivalent(expected, text, ["x"])
    bounded = (time.perf_counter() - start) / len(pairs)
    print(f"ratio bounded / bare in-process simplify: {bounded / bare:.2f}")


if __name__ == "__main__":
    main()
