"""The Distributions page: P and Q over named classes, and what cross-entropy says about them."""
