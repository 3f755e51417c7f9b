"""`pytest graders/...` from the kit's root, and IDE test explorers: the kit's plugin.

`python -m pytest graders/threads/test_t05_bank.py` grades exercises/ (the
plugin's default --target; `--target solutions` grades the reference answers)
with the same fixtures, markers and verdicts as `make grade`, but in this
process, without the runner's channel and guard.

The grading child (grading/runner.py) names the plugin itself
(`-p graders.judge.plugin`); pytest registers a plugin once, so naming it here
too changes nothing there. `make test` collects tests/ only and never reads
this file.
"""

pytest_plugins = ["graders.judge.plugin"]


def pytest_configure(config):
    """A plain run reads the kit's pyproject.toml, whose filterwarnings makes every warning
    an error for the kit's own tests; a grading child reads no ini file (`-c /dev/null`)
    and ignores only pytest's assertion-rewrite warning. A plain run warns as it does."""
    grading = config.getoption("--results") or config.getoption("--results-fd") is not None
    if not grading:
        config.addinivalue_line("filterwarnings", "default")
        config.addinivalue_line("filterwarnings", "ignore::pytest.PytestAssertRewriteWarning")
