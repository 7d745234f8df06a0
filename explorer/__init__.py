"""Presentation shared by the pages: sidebar, figures, number formatting.

Nothing here computes an information measure; that is xentcore's job.
"""
