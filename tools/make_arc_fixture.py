"""
Hand-built ARC TRMs for the TypeScript ARC solver's and evaluator's tests:
test/fixtures/trm/arc-identity-tiny/ and test/fixtures/arc-eval/arc-swap-tiny/ (model.onnx +
manifest.json with puzzle identifiers; the second lives outside test/fixtures/trm so that the
tests that load every model there still find one ARC model).

  /usr/bin/python3 tools/make_arc_fixture.py [arc-identity-tiny] [arc-swap-tiny] [arc-adapt-tiny] [arc-identity-10x10]
  (default all)

Its weights are set, not trained, so that it predicts its input tokens unchanged: one-hot token
embeddings, zeroed attention and MLP outputs (each block reduces to RMSNorm), zero H_init/L_init
and an lm_head that reads the one-hot back. For every augmentation the solver runs, the model
returns the augmented input, so after the inverse augmentation every candidate must be the
original test input: a wrong inverse (or a wrong identifier lookup) splits the vote. The Q head
reads the puzzle embedding at position 0, so each identifier gets its own, known halting logit.

arc-swap-tiny is the same model whose lm_head swaps colours 1 and 2 (tokens 3 and 4): under an
augmentation with colour permutation p, its answer mapped back swaps p^-1(1) and p^-1(2) instead,
so augmentations with different colour permutations give different candidates (the identity and
t1 copies of 007bbfb7 agree; t4 swaps 8 and 3, t6 swaps 6 and 5, 00d62c1b's t5 swaps 6 and 2), and
the vote and its halting-probability tie-break decide pass@1 and pass@2 (src/trm/evaluate/arc.test.ts).

test/fixtures/arc-adapt/arc-adapt-tiny is the identity model with every weight moved by a seeded
jitter of 1e-6 (far too small to change an answer): no two weight tensors are then byte-identical,
so the export keeps each one (dedupe merges equal tensors) and onnx_init.py can read the weights
back, as `trm-router adapt` does (src/cli/adapt-command.test.ts: adapt a new task, then solve it).

test/fixtures/arc-small/arc-identity-10x10 is the identity model on a 10x10 canvas (S = 100), as
an ARC model trained with arc_side = 10: it answers the tasks whose test inputs fit 10x10 and
refuses larger ones (src/trm/task-solver.test.ts).
"""

import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_onnx import export  # noqa: E402
from trm.model import TRM, TRMConfig  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures")
IDENTIFIERS = [
    "<blank>",
    "007bbfb7",
    "007bbfb7|||t1|||0123456789",
    "007bbfb7|||t4|||0832597416",
    "007bbfb7|||t6|||0634521798",
    "00d62c1b|||t5|||0429861753",
]
Q_HALT = [0.0, 1.0, 2.0, -1.0, 0.5, 3.0]  # halting logit per identifier


def build(swap=False, jitter=0.0, side=30):
    D = 16
    cfg = TRMConfig(seq_len=side * side, vocab_size=12, num_puzzle_identifiers=len(IDENTIFIERS), hidden_size=D,
                    num_heads=1, expansion=1.0, L_layers=1, mlp_t=False, pos_encodings="rope",
                    puzzle_emb_ndim=D, puzzle_emb_len=1, H_cycles=1, L_cycles=1, halt_max_steps=2)
    model = TRM(cfg).eval()
    sd = model.state_dict()
    with torch.no_grad():
        for k in sd:
            sd[k].zero_()
        sd["embed_tokens.embedding_weight"][:, :12] = torch.eye(12)  # token v -> e_v
        sd["lm_head.weight"][:, :12] = torch.eye(12)                 # e_v -> logit v
        if swap:  # colours 1 and 2 (tokens 3 and 4) trade places
            sd["lm_head.weight"][[3, 4], :12] = sd["lm_head.weight"][[4, 3], :12].clone()
        # puzzle embedding of id i: e_15 scaled so the Q head reads Q_HALT[i] after RMSNorm
        sd["puzzle_emb.weights"][:, 15] = 1.0
        sd["q_head.weight"][0, 15] = 0.0
        sd["q_head.bias"][0] = 0.0
        for i, q in enumerate(Q_HALT):
            sd["puzzle_emb.weights"][i, 14] = q  # distinct direction per id
        sd["q_head.weight"][0, 14] = 1.0
        if jitter:
            gen = torch.Generator().manual_seed(0)
            for k in sd:
                sd[k] += jitter * torch.randn(sd[k].shape, generator=gen)
    model.load_state_dict(sd)
    return model


def main():
    only = sys.argv[1:]  # fixture names to write; default all
    for folder, name, swap, source in [("trm", "arc-identity-tiny", False, "hand-set identity weights (test fixture, not trained)"),
                                       ("arc-eval", "arc-swap-tiny", True, "hand-set weights answering the input with colours 1 and 2 swapped "
                                                       "(test fixture, not trained)"),
                                       ("arc-adapt", "arc-adapt-tiny", False, "hand-set identity weights with a 1e-6 jitter "
                                                       "(test fixture for adapt, not trained)"),
                                       ("arc-small", "arc-identity-10x10", False, "hand-set identity weights on a 10x10 canvas "
                                                       "(test fixture, not trained)")]:
        if only and name not in only:
            continue
        out = os.path.join(FIXTURES, folder, name)
        training = {"source": source, "generator": "tools/make_arc_fixture.py"}
        side = 10 if folder == "arc-small" else 30
        m = export(build(swap, jitter=1e-6 if folder == "arc-adapt" else 0.0, side=side), out, "arc", training,
                   identifiers=IDENTIFIERS, name=name)
        print(f"wrote {out}: {m['parameters']} parameters")


if __name__ == "__main__":
    main()
