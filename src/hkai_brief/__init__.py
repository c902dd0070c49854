"""hkai-brief: briefings on Hong Kong's AI policy from a file of sourced facts."""

__version__ = "0.1.0"
