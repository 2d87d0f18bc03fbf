"""Reference implementation of every chapter of *Deepmath* (Bodin & Recher, Exo7).

The single source of truth for expected answers: the autograder computes every expected value
from these modules at grading time. One small module per concept; the chapter map:

    ch01           autodiff.py
    ch01           derivative_rules.py
    ch01           derivative.py
    ch01           activations.py
    ch01           extrema.py
    ch01           newton.py
    ch02/ch04      plotting.py
    ch03           multivariable.py
    ch03           regression.py
    ch05           perceptron.py
    ch05           networks.py
    ch06/ch10      keras_helpers.py
    ch06/ch10/ch14 keras_models.py
    ch07           gradient.py
    ch07–09        gradcheck.py
    ch08           descent.py
    ch08           linear_regression.py
    ch09           backprop.py
    ch09           cases.py
    ch11           convolution1d.py
    ch12–13        convolution2d.py
    ch12–13        pooling.py
    ch12–13        image_filters.py
    ch13           polynomials.py
    ch14           keras_conv.py
    ch15           tensors.py
    ch16           probability.py
    ch17           bpe.py
    ch17           corpus.py
    ch17           embeddings.py
    ch17           sampling.py
    ch17           text_stats.py
    ch18           gpt.py
    ch18           transformer.py

Modules are imported on demand (``from reference import newton``); only the Keras modules
import TensorFlow, lazily.
"""

__all__ = [
    "activations",
    "autodiff",
    "backprop",
    "bpe",
    "convolution1d",
    "convolution2d",
    "corpus",
    "derivative",
    "derivative_rules",
    "descent",
    "embeddings",
    "extrema",
    "gpt",
    "gradcheck",
    "gradient",
    "image_filters",
    "keras_conv",
    "keras_helpers",
    "keras_models",
    "linear_regression",
    "multivariable",
    "networks",
    "newton",
    "perceptron",
    "plotting",
    "polynomials",
    "pooling",
    "probability",
    "regression",
    "sampling",
    "tensors",
    "text_stats",
    "transformer",
]
