"""How much does the time-boxed (forked) equivalence check cost over an in-process one?

Run by hand: ``.venv/bin/python bench/bench_symbolic.py``. Prints the mean time per check for
the bounded ``autograder.symbolic.equivalent`` and for a bare in-process sympy comparison of
the same pairs, and their ratio (measured in the same process, same machine).
"""

from __future__ import annotations

import time

import sympy

from autograder.symbolic import equivalent, parse, warm_up

x = sympy.Symbol("x", real=True)
PAIRS = [(sympy.exp(2 * x), "e^(2x)"), (1 / sympy.cos(x) ** 2, "1+tan(x)^2"),
         (-sympy.tan(x), "-sin(x)/cos(x)"), (3 * sympy.cos(3 * x), "cos(3x)")]


def bare(expected: sympy.Expr, text: str) -> bool:
    return bool(sympy.simplify(expected - parse(text, ["x"])) == 0)


def timed(fn, rounds: int = 5) -> float:  # noqa: ANN001
    start = time.perf_counter()
    for _ in range(rounds):
        for expected, text in PAIRS:
            fn(expected, text)
    return (time.perf_counter() - start) / (rounds * len(PAIRS))


if __name__ == "__main__":
    warm_up()
    bounded = timed(lambda e, t: equivalent(e, t, ["x"]))
    baseline = timed(bare)
    print(f"bounded equivalent(): {bounded * 1000:8.1f} ms per check")
    print(f"in-process simplify:  {baseline * 1000:8.1f} ms per check")
    print(f"ratio bounded / in-process: {bounded / baseline:.2f}")
