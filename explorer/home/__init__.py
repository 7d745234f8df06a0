"""Home: what cross-entropy is, and one live example (P and Q over three colours)."""
