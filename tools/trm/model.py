"""
Tiny Recursive Model (TRM), arXiv 2510.04871, as a small PyTorch reference.

One network `net` (L_layers post-norm blocks) refines two latents:
  z_H  the current answer,  z_L  the reasoning state.
One supervision step (T = H_cycles, n = L_cycles):
  T times:  n times  z_L = net(z_L, z_H + embed(x));   then  z_H = net(z_H, z_L)
  (the first T-1 rounds run without gradient)
  logits = lm_head(z_H)[:, P:]     q = q_head(z_H[:, 0])  -> (q_halt, q_continue)

Tensor names match the official TinyRecursiveModels state dict after its
"_orig_mod.model.inner." prefix: `L_level.layers.0.mlp.gate_up_proj.weight`,
`H_init`, `puzzle_emb.weights`, `embed_tokens.embedding_weight`, ...
The computation is always float32 (the ONNX contract's dtype).
"""

import math
from dataclasses import dataclass, fields

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class TRMConfig:
    # task
    seq_len: int = 81                  # S, answer cells (Sudoku 81, maze / ARC 900)
    vocab_size: int = 11               # V, token ids incl. 0 = PAD
    num_puzzle_identifiers: int = 1    # rows of the puzzle-embedding table (id 0 = blank)
    # network
    hidden_size: int = 512             # D
    num_heads: int = 8                 # attention heads (head_dim = D / heads)
    expansion: float = 4.0             # SwiGLU width multiplier
    L_layers: int = 2                  # blocks in the one shared network
    mlp_t: bool = False                # token mixer: False = self-attention, True = SwiGLU across positions
    conv_kernel: int = 0               # k > 0: token mixer = depthwise k x k convolution over the square
                                       # answer grid (our extension for mazes, not in the paper)
    pos_encodings: str = "rope"        # rope | learned | none
    rope_theta: float = 10000.0
    rms_norm_eps: float = 1e-5
    puzzle_emb_ndim: int = 512         # width of one puzzle embedding, 0 = no puzzle embedding
    puzzle_emb_len: int = 16           # P, positions it fills (0 = ceil(ndim / D))
    # recursion and halting
    H_cycles: int = 3                  # T
    L_cycles: int = 6                  # n
    halt_max_steps: int = 16           # supervision steps
    halt_exploration_prob: float = 0.1 # training only
    no_ACT_continue: bool = True       # halt on q_halt > 0 (no q_continue target)
    forward_dtype: str = "float32"     # as recorded by the official run; this reference computes in float32

    @property
    def P(self):
        if self.puzzle_emb_len == 0:
            return -(-self.puzzle_emb_ndim // self.hidden_size)
        return self.puzzle_emb_len

    @property
    def positions(self):
        return self.P + self.seq_len

    def validate(self):
        problems = [msg for bad, msg in [
            (self.pos_encodings not in ("rope", "learned", "none"), f"pos_encodings {self.pos_encodings!r}"),
            (not self.mlp_t and self.hidden_size % self.num_heads, "hidden_size must divide by num_heads"),
            (self.conv_kernel < 0 or (self.conv_kernel > 0 and self.conv_kernel % 2 == 0), "conv_kernel must be 0 or odd"),
            (self.conv_kernel > 0 and self.mlp_t, "conv_kernel and mlp_t are two token mixers: choose one"),
            (self.conv_kernel > 0 and math.isqrt(self.seq_len) ** 2 != self.seq_len, "conv_kernel needs a square grid (S = N*N)"),
            (self.puzzle_emb_ndim > self.P * self.hidden_size, "puzzle_emb_ndim > puzzle_emb_len * hidden_size"),
            (self.puzzle_emb_ndim == 0 and self.P > 0, "puzzle_emb_len > 0 needs puzzle_emb_ndim > 0"),
            (min(self.H_cycles, self.L_cycles, self.L_layers) < 1, "H_cycles, L_cycles, L_layers must be >= 1"),
        ] if bad]
        if problems:
            raise ValueError("invalid TRMConfig: " + "; ".join(problems))
        return self

    # the official `arch:` section: keys it must have, defaults for the rest, keys that do not
    # describe the network
    ARCH_REQUIRED = ("hidden_size", "num_heads", "expansion", "L_layers", "H_cycles", "L_cycles",
                     "halt_max_steps", "pos_encodings")
    ARCH_DEFAULTS = dict(puzzle_emb_ndim=0, puzzle_emb_len=16, mlp_t=False, rope_theta=10000.0,
                         rms_norm_eps=1e-5, no_ACT_continue=True, forward_dtype="bfloat16")
    ARCH_IGNORED = ("name", "loss", "H_layers")

    @classmethod
    def from_arch(cls, arch, **task):
        """Build from the official `arch:` mapping (all_config.yaml) plus task fields."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(k for k in arch if k not in known and k not in cls.ARCH_IGNORED)
        missing = sorted(k for k in cls.ARCH_REQUIRED if k not in arch)
        if unknown or missing:
            raise ValueError(f"arch section: unknown keys {unknown}, missing keys {missing}")
        name = arch.get("name", "recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1")
        if not str(name).endswith("trm@TinyRecursiveReasoningModel_ACTV1"):
            raise ValueError(f"not a TRM architecture: {name}")
        types = {f.name: f.type for f in fields(cls)}
        given = {**cls.ARCH_DEFAULTS, **arch, **task}
        return cls(**{k: _coerce(v, types[k], k) for k, v in given.items() if k in known}).validate()


def _coerce(v, typ, key):
    # YAML 1.1 reads "1e-05" as a string; the dataclass field type says what it is
    typ = {"int": int, "float": float, "bool": bool, "str": str}.get(typ, typ)
    if typ is bool and not isinstance(v, bool):
        raise ValueError(f"{key}: expected true/false, got {v!r}")
    if typ is int and float(v) != int(float(v)):
        raise ValueError(f"{key}: expected an integer, got {v!r}")
    return typ(float(v)) if typ is int else typ(v)


# -----------------------------------------------------------------------------
# building blocks

def trunc_normal_(t, std):
    """Normal truncated at 2 sigma, rescaled so the result really has `std`."""
    if std == 0:
        return t.zero_()
    phi2 = math.exp(-2.0) / math.sqrt(2 * math.pi)      # density at 2
    mass = math.erf(2 / math.sqrt(2))                   # P(|x| < 2)
    unit_var = 1 - 2 * 2 * phi2 / mass                  # variance of N(0,1) cut at +-2
    s = std / math.sqrt(unit_var)
    return nn.init.trunc_normal_(t, std=s, a=-2 * s, b=2 * s)


def rms_norm(x, eps):
    # no weight: post-norm blocks only rescale
    return x * torch.rsqrt(x.square().mean(-1, keepdim=True) + eps)


class Linear(nn.Module):
    """Bias-optional linear with LeCun truncated-normal init."""

    def __init__(self, n_in, n_out, bias=False):
        super().__init__()
        self.weight = nn.Parameter(trunc_normal_(torch.empty(n_out, n_in), std=n_in ** -0.5))
        self.bias = nn.Parameter(torch.zeros(n_out)) if bias else None

    def forward(self, x):
        return F.linear(x, self.weight, self.bias)


class Embedding(nn.Module):
    def __init__(self, n, dim, std):
        super().__init__()
        self.embedding_weight = nn.Parameter(trunc_normal_(torch.empty(n, dim), std=std))

    def forward(self, ids):
        return F.embedding(ids, self.embedding_weight)


class PuzzleEmbedding(nn.Module):
    """One vector per puzzle identifier, zero-initialised (id 0 = blank puzzle)."""

    def __init__(self, n, dim):
        super().__init__()
        self.weights = nn.Parameter(torch.zeros(n, dim))

    def forward(self, ids):
        return self.weights[ids]


class SwiGLU(nn.Module):
    def __init__(self, width, expansion):
        super().__init__()
        inter = round(expansion * width * 2 / 3)
        inter = -(-inter // 256) * 256                  # round up to a multiple of 256
        self.gate_up_proj = Linear(width, 2 * inter)
        self.down_proj = Linear(inter, width)

    def forward(self, x):
        gate, up = self.gate_up_proj(x).chunk(2, dim=-1)
        return self.down_proj(F.silu(gate) * up)


class Rotary(nn.Module):
    """RoPE tables [positions, head_dim], computed once and never saved."""

    def __init__(self, head_dim, positions, theta):
        super().__init__()
        inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
        angles = torch.outer(torch.arange(positions, dtype=torch.float32), inv_freq)
        angles = torch.cat((angles, angles), dim=-1)    # halves rotate together
        self.register_buffer("cos", angles.cos(), persistent=False)
        self.register_buffer("sin", angles.sin(), persistent=False)


def rotate(x, cos, sin):
    # x: [B, heads, L, head_dim]; pairs (i, i + head_dim/2) rotate by the position's angle
    x1, x2 = x.chunk(2, dim=-1)
    return x * cos + torch.cat((-x2, x1), dim=-1) * sin


class Attention(nn.Module):
    """Bidirectional multi-head self-attention, no bias, optional RoPE."""

    def __init__(self, dim, n_heads):
        super().__init__()
        self.n_heads, self.head_dim = n_heads, dim // n_heads
        self.qkv_proj = Linear(dim, 3 * dim)
        self.o_proj = Linear(dim, dim)

    def forward(self, x, rope):
        B, L, D = x.shape
        qkv = self.qkv_proj(x).view(B, L, 3 * self.n_heads, self.head_dim).transpose(1, 2)
        q, k, v = qkv.split(self.n_heads, dim=1)        # [B, heads, L, head_dim] each
        if rope is not None:
            q, k = rotate(q, *rope), rotate(k, *rope)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(self.head_dim))
        y = att.softmax(dim=-1) @ v
        return self.o_proj(y.transpose(1, 2).reshape(B, L, D))


class ConvMix(nn.Module):
    """Token mixer on the N x N answer grid: a depthwise k x k convolution (zero padding), the
    same weights at every cell, so a model can be exported for a larger canvas unchanged. The
    P puzzle-embedding positions (the Q head reads position 0) get the mean over the grid."""

    def __init__(self, cfg):
        super().__init__()
        k = cfg.conv_kernel
        self.P, self.side, self.k = cfg.P, math.isqrt(cfg.seq_len), k
        self.weight = nn.Parameter(trunc_normal_(torch.empty(cfg.hidden_size, 1, k, k), std=1.0 / k))

    def forward(self, h):
        B, _, D = h.shape
        grid = h[:, self.P:]                                              # [B, S, D]
        y = F.conv2d(grid.transpose(1, 2).reshape(B, D, self.side, self.side), self.weight,
                     padding=self.k // 2, groups=D).reshape(B, D, -1).transpose(1, 2)
        if self.P == 0:
            return y
        return torch.cat((grid.mean(dim=1, keepdim=True).expand(B, self.P, D), y), dim=1)


class Block(nn.Module):
    """Post-norm block: h = norm(h + mix(h)); h = norm(h + swiglu(h))."""

    def __init__(self, cfg):
        super().__init__()
        self.eps = cfg.rms_norm_eps
        if cfg.mlp_t:
            self.mlp_t = SwiGLU(cfg.positions, cfg.expansion)
        elif cfg.conv_kernel > 0:
            self.conv_t = ConvMix(cfg)
        else:
            self.self_attn = Attention(cfg.hidden_size, cfg.num_heads)
        self.mlp = SwiGLU(cfg.hidden_size, cfg.expansion)

    def forward(self, h, rope):
        if hasattr(self, "mlp_t"):
            # mix along positions; like the official code, the norm here runs over positions too
            h = h.transpose(1, 2)
            h = rms_norm(h + self.mlp_t(h), self.eps).transpose(1, 2)
        elif hasattr(self, "conv_t"):
            h = rms_norm(h + self.conv_t(h), self.eps)
        else:
            h = rms_norm(h + self.self_attn(h, rope), self.eps)
        return rms_norm(h + self.mlp(h), self.eps)


class Net(nn.Module):
    """The one network used for both updates: net(h, injection)."""

    def __init__(self, cfg):
        super().__init__()
        self.layers = nn.ModuleList([Block(cfg) for _ in range(cfg.L_layers)])

    def forward(self, h, injection, rope):
        h = h + injection
        for layer in self.layers:
            h = layer(h, rope)
        return h


# -----------------------------------------------------------------------------
# the model

class TRM(nn.Module):
    """Tensor names = official state-dict keys without "_orig_mod.model.inner."."""

    def __init__(self, cfg):
        super().__init__()
        cfg.validate()
        self.cfg = cfg
        D = cfg.hidden_size
        self.embed_scale = math.sqrt(D)
        self.embed_tokens = Embedding(cfg.vocab_size, D, std=1.0 / self.embed_scale)
        if cfg.puzzle_emb_ndim > 0:
            self.puzzle_emb = PuzzleEmbedding(cfg.num_puzzle_identifiers, cfg.puzzle_emb_ndim)
        if cfg.pos_encodings == "learned":
            self.embed_pos = Embedding(cfg.positions, D, std=1.0 / self.embed_scale)
        if cfg.pos_encodings == "rope" and not cfg.mlp_t and not cfg.conv_kernel:
            self.rotary = Rotary(D // cfg.num_heads, cfg.positions, cfg.rope_theta)
        self.L_level = Net(cfg)
        self.lm_head = Linear(D, cfg.vocab_size)
        self.q_head = Linear(D, 2, bias=True)
        # start latents: random and fixed (saved buffers, not trained, as in the official code)
        self.register_buffer("H_init", trunc_normal_(torch.empty(D), std=1.0))
        self.register_buffer("L_init", trunc_normal_(torch.empty(D), std=1.0))
        # Q head starts at "don't halt yet" (logit -5) with zero weights
        with torch.no_grad():
            self.q_head.weight.zero_()
            self.q_head.bias.fill_(-5.0)

    def embed(self, inputs, puzzle_identifiers):
        """sqrt(D) * [puzzle embedding as P positions, token embeddings]: [B, P+S, D]."""
        cfg = self.cfg
        x = self.embed_tokens(inputs)
        if cfg.puzzle_emb_ndim > 0:
            p = self.puzzle_emb(puzzle_identifiers)
            pad = cfg.P * cfg.hidden_size - cfg.puzzle_emb_ndim
            if pad > 0:
                p = F.pad(p, (0, pad))
            x = torch.cat((p.view(-1, cfg.P, cfg.hidden_size), x), dim=1)
        if cfg.pos_encodings == "learned":
            x = 0.707106781 * (x + self.embed_pos.embedding_weight)  # keep the variance of the sum
        return self.embed_scale * x

    def initial_latents(self, batch_size):
        """Placeholder z_H, z_L for a first step (reset=True ignores their values)."""
        shape = (batch_size, self.cfg.positions, self.cfg.hidden_size)
        return torch.zeros(shape), torch.zeros(shape)

    def forward(self, inputs, puzzle_identifiers, z_H, z_L, reset):
        """One supervision step. Returns logits [B,S,V], q logits [B,2] (halt, continue), z_H, z_L."""
        cfg = self.cfg
        rope = (self.rotary.cos, self.rotary.sin) if hasattr(self, "rotary") else None
        r = reset.view(-1, 1, 1)
        z_H = torch.where(r, self.H_init, z_H)
        z_L = torch.where(r, self.L_init, z_L)
        x = self.embed(inputs, puzzle_identifiers)
        net = self.L_level
        with torch.no_grad():
            for _ in range(cfg.H_cycles - 1):
                for _ in range(cfg.L_cycles):
                    z_L = net(z_L, z_H + x, rope)
                z_H = net(z_H, z_L, rope)
        for _ in range(cfg.L_cycles):
            z_L = net(z_L, z_H + x, rope)
        z_H = net(z_H, z_L, rope)
        logits = self.lm_head(z_H[:, cfg.P:])
        q = self.q_head(z_H[:, 0])
        return logits, q, z_H.detach(), z_L.detach()

    def step(self, inputs, puzzle_identifiers, z_H, z_L, reset):
        """Exactly the ONNX contract: logits [B,S,V], q_halt [B], z_H_next, z_L_next."""
        logits, q, z_H, z_L = self(inputs, puzzle_identifiers, z_H, z_L, reset)
        return logits, q[:, 0], z_H, z_L

    def num_params(self):
        # everything the state dict holds: weights, puzzle embeddings, H_init / L_init
        return sum(t.numel() for t in self.state_dict().values())
