"""Lets `python -m mesadrill` run the command line."""

from mesadrill.cli import main

main()
