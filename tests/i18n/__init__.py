"""Tests of graders/i18n/: the kit's sentences and their translations."""
