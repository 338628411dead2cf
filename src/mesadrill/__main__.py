"""Lets `python -m mesadrill` run the command line."""

from mesadrill.cli.entry import main

main()
