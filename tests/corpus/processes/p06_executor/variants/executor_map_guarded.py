"""executor.map() over a module-level wrapper that turns each exception into its outcome.

map() yields in input order and stops at the first item whose worker died;
that item and every later one get the BrokenProcessPool outcome.
"""

from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

BROKEN = ("error", "BrokenProcessPool")


def _guarded(task):
    func, item = task
    try:
        return ("ok", func(item))
    except Exception as exc:
        return ("error", type(exc).__name__)


def parallel_apply(func, items, max_workers):
    outcomes = []
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        try:
            for outcome in pool.map(_guarded, [(func, item) for item in items]):
                outcomes.append(outcome)
        except BrokenProcessPool:
            pass
    return outcomes + [BROKEN] * (len(items) - len(outcomes))
