"""Tests of graders/tools/: the student's commands and the one command line."""
