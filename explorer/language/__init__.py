"""The Language models page: cross-entropy and perplexity of text under a character n-gram model."""
