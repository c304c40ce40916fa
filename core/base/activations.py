"""Activations: sigmoid, softmax (with temperature) and log-softmax, on torch tensors.

Thin, typed wrappers over PyTorch so that every number on screen is exactly what PyTorch
computes; the step-by-step breakdowns live next to the pages' lessons in their own modules.
"""

from __future__ import annotations

import numpy as np
import torch

ArrayLike = np.ndarray | torch.Tensor | list | tuple


def as_tensor(x: ArrayLike, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    if isinstance(x, torch.Tensor):
        return x.detach().to(dtype)
    return torch.as_tensor(np.asarray(x, dtype=np.float64), dtype=dtype)


def sigmoid(z: ArrayLike, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """1 / (1 + exp(-z)); torch's kernel never overflows for large |z|."""
    return torch.sigmoid(as_tensor(z, dtype))


def softmax(logits: ArrayLike, temperature: float = 1.0, dim: int = -1,
            dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """exp(z_i / T) / sum_j exp(z_j / T), max-shifted inside torch so it never overflows."""
    if not temperature > 0:
        raise ValueError("temperature must be > 0")
    z = as_tensor(logits, dtype)
    return torch.softmax(z if temperature == 1 else z / temperature, dim=dim)  # /1: no copy


def log_softmax(logits: ArrayLike, temperature: float = 1.0, dim: int = -1,
                dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """z_i / T - logsumexp(z / T): finite where log(softmax(z)) underflows to -inf."""
    if not temperature > 0:
        raise ValueError("temperature must be > 0")
    z = as_tensor(logits, dtype)
    return torch.log_softmax(z if temperature == 1 else z / temperature, dim=dim)
