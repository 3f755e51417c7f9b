"""A stub whose submission carries conftest.py files that would unlock full marks.

poses as: threads/t01_start_join
sandbox: bwrap user none
earns: 0
companions: threads/conftest.py conftest.py

If pytest loaded either conftest.py, it would set a flag that turns this
stub into a working run_all, and force every report to "passed".
"""

import threading

builtins = len.__self__  # the builtins module, with no import for the scan to see

CONFTEST = """
import builtins

import pytest

builtins.HOSTILE_UNLOCKED = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.outcome = "passed"
    return report
"""
COMPANIONS = {"threads/conftest.py": CONFTEST, "conftest.py": CONFTEST}


def run_all(tasks):
    if not getattr(builtins, "HOSTILE_UNLOCKED", False):
        raise NotImplementedError
    results = [None] * len(tasks)

    def work(i, func, args):
        results[i] = func(*args)

    threads = [
        threading.Thread(target=work, args=(i, func, args)) for i, (func, args) in enumerate(tasks)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
