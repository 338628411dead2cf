"""Text that more than one front end shows: durations, the stats report, the answer journal."""
