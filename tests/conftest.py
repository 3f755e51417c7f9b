"""Settings every test of the kit's own suite shares."""

import os

# The kit speaks the language of LANG (graders/i18n.py), and these tests assert on its
# English sentences: on a machine set up in Portuguese they would all fail. The tests of
# the translations (test_i18n.py) give each grading they start its own environment.
os.environ["KIT_LANG"] = "en"
