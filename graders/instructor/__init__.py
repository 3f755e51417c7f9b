"""Instructors only: batch grading, gradebook, exports, platforms, nbgrader, the release.

The student bundle leaves this folder out; nothing outside it imports it but
`cli`, on an instructor's verb, by name.
"""
