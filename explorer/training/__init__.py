"""The Training page: gradient descent on cross-entropy, two runs from the same start."""
