"""The concurrency kit: one pytest grader per exercise, and what runs them.

Four layers, each a folder, each depending only on those above it in this list
(and on `catalogue`, the one list of exercises every layer reads):

- `judge/` runs inside a grading child and decides the verdicts: the pytest
  plugin, the harness with its scheduler and fuzzer, tracked locks, the event
  loop's watch, child processes, proofs such as Rendezvous, the description of
  the student's lines, the guard.
- `api` is the part of the judge a grader may use, and all of the kit it
  imports. The tracks, `threads/`, `processes/`, `aio/`: one `test_<id>.py`
  per exercise that reads as its spec, with its sentences (a MESSAGES table
  at its end) and the track's private helpers beside it.
- `grading/` is the parent's side: it starts a grading child, confines it
  (sandbox), scans the submission first, reads the results channel, and holds
  the one fingerprint of what decides a verdict.
- `tools/` are the student's commands (grade, list, next, hint, reset,
  watch) and `i18n/` the kit's sentences and their translations.
- `instructor/` is batch grading, exports, the platforms and the release;
  the student bundle leaves it out, and no fingerprint includes it.

`cli` is the one command line, `python -m graders VERB`.
"""
