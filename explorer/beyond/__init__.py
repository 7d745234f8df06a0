"""The Beyond classification page: likelihood, squared error, joint entropy, Gaussians, CEM."""
