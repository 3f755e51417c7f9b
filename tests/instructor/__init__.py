"""Tests of graders/instructor/: batch grading, exports, platforms, nbgrader, the release."""
