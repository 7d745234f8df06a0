"""The practitioner tabs of Your predictions: Calibrate, and Model A vs B."""
