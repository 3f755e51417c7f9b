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
