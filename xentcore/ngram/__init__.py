r"""Character n-gram language models: surprisal, cross-entropy and perplexity of text.

A language model :math:`M` gives each next character :math:`x_t` a probability
:math:`M(x_t \mid h_t)` from the characters before it (its *context* :math:`h_t`).
The *surprisal* of :math:`x_t` is :math:`-\log M(x_t \mid h_t)`; its average over a
text is the text's cross-entropy under the model, :math:`H(L, M)`, in bits per
character, and :math:`2^{H(L, M)}` is the model's *perplexity*. For text from a
language :math:`L` with entropy rate :math:`H(L)`, :math:`H(L) \le H(L, M)`: no model
beats the true entropy (Jurafsky & Martin, *Speech and Language Processing*, ch. 3).

The model
---------
* **Alphabet.** The distinct characters of the training text, sorted, plus one
  *unknown* symbol ``⟨unk⟩`` that stands for every character the training text lacks,
  so a test character never seen in training still has a probability. ``V`` symbols.
* **Order.** An order-``n`` model predicts from the ``n`` previous characters; the
  start of a text is padded with a boundary symbol, which occurs in contexts but is
  never predicted. Order 0 ignores the context (character frequencies only).
* **Counts.** :func:`fit_ngram` counts :math:`c(h, x)` and
  :math:`c(h) = \sum_x c(h, x)` in the training text once, for every order up to
  ``max_order``; the smoothing below is applied when a text is scored, so changing
  the order, ``k`` or ``λ`` never refits.
* **add-k smoothing** (Lidstone; ``k = 1`` is Laplace, ``k = 0`` maximum likelihood):

  .. math:: M(x \mid h) = \frac{c(h, x) + k}{c(h) + kV},

  and the uniform :math:`1/V` (the limit :math:`k \to 0^+`) for a context never seen
  in training, :math:`c(h) = 0`.
* **interpolated smoothing** (Jelinek & Mercer 1980), one weight :math:`\lambda` for
  every order:

  .. math::
     M_n(x \mid h) = \lambda\,\frac{c(h_n, x)}{c(h_n)} + (1 - \lambda)\,M_{n-1}(x \mid h),
     \qquad M_{-1}(x) = \frac{1}{V},

  where :math:`h_n` is the last ``n`` characters, and :math:`M_n = M_{n-1}` when
  :math:`c(h_n) = 0`. :math:`\lambda` is fixed by the caller or chosen by
  :func:`tune_lambdas` (lowest cross-entropy on the last tenth of the training text,
  counted from the first nine tenths: "held-out interpolation").

Every distribution :math:`M(\cdot \mid h)` sums to 1 over the ``V`` symbols, and for
``k > 0`` or ``λ < 1`` every symbol, ``⟨unk⟩`` included, has a positive probability.
``⟨unk⟩`` stands for all unseen characters at once, so on a test text with several
different unseen characters the cross-entropy is that of the text with those
characters merged (which flatters the model a little, as open-vocabulary word models do).

Counts are NumPy arrays: a context of order ``j`` is numbered by ranking the pair
(number of its order ``j - 1`` suffix, the character before it), so no key ever
overflows however large the alphabet. :func:`compressor_bits_per_char` measures what
the standard library's ``zlib``, ``bz2`` and ``lzma`` achieve on the same text.

The modules: :mod:`.model` (the alphabet, the counts and their lookups, the held-out
split), :mod:`.probabilities` (smoothing, surprisal, cross-entropy by order, tuning λ),
:mod:`.sampling` (the next-character distribution and sampled text) and :mod:`.bounds`
(character entropy, Gibbs' inequality, :func:`perplexity_bits`, the compressors).
"""

from . import bounds, model, probabilities, sampling
from .bounds import *  # noqa: F403
from .model import *  # noqa: F403
from .probabilities import *  # noqa: F403
from .sampling import *  # noqa: F403

__all__ = sorted([*bounds.__all__, *model.__all__, *probabilities.__all__, *sampling.__all__])
