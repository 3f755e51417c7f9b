"""The student's commands: grade, list, next, hint, reset, watch, and their terminal output."""
