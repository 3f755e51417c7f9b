"""Settings every test of the kit's own suite shares."""

import importlib.util
import os

import pytest

# A bare `pytest` in the kit's root runs these tests; with only the student's packages
# installed it would stop on an ImportError. Say what to type instead.
_DEVELOPMENT = ("babel", "xdist", "nbgrader")
_missing = [name for name in _DEVELOPMENT if importlib.util.find_spec(name) is None]
if _missing:
    from graders.i18n.messages import say

    pytest.exit(say("tools.pytest_kit_tests", missing=_missing[0]), returncode=4)

# The kit speaks the language of LANG (graders/i18n.py), and these tests assert on its
# English sentences: on a machine set up in Portuguese they would all fail. The tests of
# the translations (test_i18n.py) give each grading they start its own environment.
os.environ["KIT_LANG"] = "en"


# -- the sandboxes this machine can test --
# bwrap needs bubblewrap and namespaces, user needs root (`make test` installs bubblewrap
# and opens the way to Python where it can: tests/prepare-machine). A test marked
# @pytest.mark.sandbox(MODE) runs only where MODE works; the others are deselected and the
# run says so in one line per mode, so the limits-only mode is what is tested there.


def _unavailable_sandboxes() -> dict[str, str]:
    import sys

    from graders.grading import sandbox

    found, reason = sandbox.probe()
    missing = {} if found else {"bwrap": reason}
    not_user = sandbox.probe_user(sys.executable)
    if not_user:
        missing["user"] = not_user
    return missing


_UNAVAILABLE = _unavailable_sandboxes()


def pytest_configure(config):
    config.addinivalue_line("markers", "sandbox(mode): needs this batch sandbox to work here")


def pytest_collection_modifyitems(config, items):
    kept, dropped = [], []
    for item in items:
        marker = item.get_closest_marker("sandbox")
        (dropped if marker and marker.args[0] in _UNAVAILABLE else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_report_header(config):
    return [f"sandbox {mode} NOT TESTED here: {why}" for mode, why in _UNAVAILABLE.items()]


def pytest_terminal_summary(terminalreporter):
    for line in pytest_report_header(None):
        terminalreporter.write_line(line, yellow=True, bold=True)
