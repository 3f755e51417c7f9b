"""Tests of graders/judge/: the judge: what runs inside a grading child and decides a verdict."""
