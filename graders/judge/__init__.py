"""What runs inside a grading child and decides a verdict; graders use it through `api`."""
