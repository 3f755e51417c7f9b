"""The grading harness, its command line, and one pytest grader per exercise."""
