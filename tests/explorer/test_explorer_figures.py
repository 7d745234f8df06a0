"""The shared look of every chart (explorer.figures): the palette."""

from explorer.figures import COLORS


def test_palette_is_okabe_ito():
    assert COLORS == {"P": "#0072B2", "Q": "#E69F00", "H": "#009E73", "KL": "#D55E00"}
