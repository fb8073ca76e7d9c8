"""The one place the application's version is written."""

__version__ = "0.1.0"
