"""Tests of graders/grading/: the parent's side of a grading: runner, sandbox, channel."""
