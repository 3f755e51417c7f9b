"""The parent's side of a grading: start, confine and read a grading child."""
