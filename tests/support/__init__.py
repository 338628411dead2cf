"""Helpers the tests share: the CLI in a subprocess, the app headless."""
