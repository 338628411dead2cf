"""The Textual front end. Imported only by commands that open it."""
