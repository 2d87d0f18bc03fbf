"""Train the ch18 small GPT on the GPU and on the CPU; print the devices and the speed-up.

The model is the assignment's (reference/gpt.py sizes: 30 characters, n = 32, K = 16, r = 8,
2 layers, causal 1/√r heads, GELU MLP), trained end to end (all weights, Adam, cross-entropy)
on the course's generated French sentences. Uses PyTorch if importable (the torch path is
untested here: this machine has no torch); without it
(this project's CPU machines), it times the numpy reference training (features + output matrix)
on the CPU and says that no GPU was found. Run: python bench/gpu_check_ch18.py [steps]
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reference import corpus, gpt  # noqa: E402

ALPHABET = "".join(sorted(set(corpus.generated_text(3000, seed=5))))
N, n, K, r, LAYERS = len(ALPHABET), 32, 16, 8, 2
IDS = np.array([ALPHABET.index(c) for c in corpus.generated_text(150, seed=1)])
HELD = np.array([ALPHABET.index(c) for c in corpus.generated_text(60, seed=2024)])


def windows(ids):
    m = (len(ids) - 1) // K
    return ids[: m * K].reshape(m, K), ids[1: m * K + 1].reshape(m, K)


def torch_run(device: str, steps: int) -> tuple[float, float]:
    import torch

    torch.manual_seed(0)
    pos = torch.tensor(gpt.positional_encoding(K, n).T, dtype=torch.float32, device=device)
    P = {"wte": torch.randn(N, n) * 1.0, "B": torch.zeros(n, N)}
    for i in range(LAYERS):
        for nm, s in [("Q", (n, n)), ("K", (n, n)), ("V", (n, n)), ("O", (n, n)),
                      ("W1", (n, 4 * n)), ("W2", (4 * n, n))]:
            P[f"{nm}{i}"] = torch.randn(*s) / math.sqrt(s[0])
    P = {k: v.to(device).requires_grad_() for k, v in P.items()}
    opt = torch.optim.Adam(P.values(), lr=3e-3)
    mask = torch.triu(torch.ones(K, K, dtype=torch.bool, device=device), 1)
    xs, ys = (torch.tensor(a, device=device) for a in windows(IDS))

    def forward(ids):
        x = P["wte"][ids] + pos                                    # (b, K, n), rows = tokens
        b = x.shape[0]
        for i in range(LAYERS):
            q, k, v = (x @ P[f"{nm}{i}"] for nm in "QKV")
            q, k, v = (t.view(b, K, n // r, r).transpose(1, 2) for t in (q, k, v))
            s = (q @ k.transpose(-1, -2) / math.sqrt(r)).masked_fill(mask, float("-inf"))
            h = (s.softmax(-1) @ v).transpose(1, 2).reshape(b, K, n)
            x = x + h @ P[f"O{i}"]
            x = x + torch.nn.functional.gelu(x @ P[f"W1{i}"]) @ P[f"W2{i}"]
        return x @ P["B"]

    def loss(a, b):
        return torch.nn.functional.cross_entropy(forward(a).reshape(-1, N), b.reshape(-1))

    forward(xs[:2])
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    t = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad()
        loss(xs, ys).backward()
        opt.step()
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    elapsed = time.perf_counter() - t
    hx, hy = (torch.tensor(a, device=device) for a in windows(HELD))
    with torch.no_grad():
        return elapsed, float(loss(hx, hy))


def numpy_run(steps: int) -> tuple[float, float]:
    cfg = gpt.GPTConfig(N=N, n=n, K=K, r=r, layers=LAYERS)
    t = time.perf_counter()
    w = gpt.fit_unembedding_ce(gpt.init_params(cfg, 0), [IDS], cfg, steps=steps)
    return time.perf_counter() - t, gpt.cross_entropy(w, [HELD], cfg)


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        cpu_t, cpu_l = torch_run("cpu", steps)
        print(f"torch {torch.__version__} cpu: {steps} steps {cpu_t:.2f} s, held-out loss "
              f"{cpu_l:.3f}")
        if torch.cuda.is_available():
            name = torch.cuda.get_device_name(0)
            gpu_t, gpu_l = torch_run("cuda", steps)
            print(f"torch cuda ({name}): {steps} steps {gpu_t:.2f} s, held-out loss "
                  f"{gpu_l:.3f}; speed-up {cpu_t / gpu_t:.1f}×")
        else:
            print("no GPU found (torch.cuda.is_available() is False): CPU result only")
        return
    t, loss = numpy_run(steps)
    print(f"no PyTorch here: numpy reference training on the CPU, {steps} steps, "
          f"{t:.1f} s, held-out loss {loss:.3f} nats")
    print("no GPU found: no GPU result")


if __name__ == "__main__":
    main()
