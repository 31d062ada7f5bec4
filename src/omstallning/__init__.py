"""omst: the region's genomförandeplan and verksamhetsplan as code."""

__version__ = "0.1.0"
