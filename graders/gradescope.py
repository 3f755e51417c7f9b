"""`python -m graders.gradescope run`: the entry point of Gradescope zips already built.

New zips call `python -m graders gradescope run`; this one stays so that an
autograder uploaded before the kit's layout changed still runs.
"""

from graders.instructor.gradescope import main

if __name__ == "__main__":
    raise SystemExit(main())
