"""The plans as typed, immutable data, every item with its ID and source position."""
