"""Lets `python -m mesadrill` run the command line."""

from mesadrill.cli.main import main

main()
