"""Uploaded predictions files: reading, column mapping, checked arrays, and what goes back."""
