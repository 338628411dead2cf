"""mesadrill: spaced repetition and interview-answer drills in the terminal."""

__version__ = "0.1.0"
