"""Maze training labels: the canonical shortest path (tasks.maze_canonical_labels), its
agreement with src/tasks/maze/kinds.ts, and labels drawn again after each augmentation; the
weights of a shipped model read back from its ONNX file (onnx_init.py)."""
import json

import numpy as np
import onnx
import torch

import tasks
from conftest import REPO
from export_onnx import onnx_bytes
from onnx_init import _arrays, load_onnx_weights, read_manifest
from trm.model import TRM, TRMConfig


def tokens(rows, side):
    return torch.tensor([tasks.maze_tokens(rows, side)])


def marked(label, side):
    """The rows of a label, path cells as 'o'."""
    g = label.view(side, side).tolist()
    return ["".join(tasks.MAZE_CHARS[t - 1] for t in row) for row in g]


def test_canonical_path_takes_the_first_closer_move_up_down_left_right():
    # S at the top-left, G two steps away: down first (not right)
    got = marked(tasks.maze_canonical_labels(tokens(["S ", " G"], 2))[0], 2)
    assert got == ["S ", "oG"]
    got = marked(tasks.maze_canonical_labels(tokens([" G", "S "], 2))[0], 2)
    assert got == ["oG", "S "]                              # up first
    # in an open room the path runs down, then right along the bottom
    got = marked(tasks.maze_canonical_labels(tokens(["S   ", "    ", "   G"], 4))[0], 4)
    assert got[:3] == ["S   ", "o   ", "oooG"]
    # G out of reach: no marks
    got = marked(tasks.maze_canonical_labels(tokens(["S#", "#G"], 2))[0], 2)
    assert got == ["S#", "#G"]


def kinds_fixture(task):
    """test/fixtures/trm/maze-kinds.jsonl (`trm-router data maze --kind all --size 4-12 --count 40
    --seed 5`, labels drawn by the TypeScript builder): inputs, labels, sizes."""
    path = REPO / "test" / "fixtures" / "trm" / "maze-kinds.jsonl"
    data = [task.read(json.loads(line)) for line in path.read_text().splitlines()]
    return (torch.tensor([r[0] for r in data]), torch.tensor([r[1] for r in data]),
            torch.tensor([r[2]["sizes"] for r in data]))


def test_labels_agree_with_the_typescript_data_builder():
    x, y, _ = kinds_fixture(tasks.Maze(12))
    assert x.shape[0] == 40
    assert torch.equal(tasks.maze_canonical_labels(x), y)


def test_augmented_mazes_get_their_own_canonical_path():
    task = tasks.Maze(12)
    x, y, sizes = kinds_fixture(task)
    gen = torch.Generator().manual_seed(0)
    ax, ay = task.augment(x, y, {"sizes": sizes}, gen)
    assert not torch.equal(ax, x)
    assert task.verify(ax, ay, ay).all()                    # a shortest path of the transformed maze
    assert torch.equal(ay, tasks.maze_canonical_labels(ax))
    # the transformed label, not the label transformed: they differ where the maze has ties
    tids = torch.randint(8, (x.shape[0],), generator=torch.Generator().manual_seed(0))
    assert not torch.equal(ay, tasks.apply_maze(y, sizes, tids))


def test_shipped_maze_weights_read_back_from_onnx_exactly():
    model_dir = REPO / "models" / "maze-conv-30x30"
    args = read_manifest(model_dir)["modelArgs"]
    small = TRM(TRMConfig(**{**args, "seq_len": 144}))       # another canvas: the weights fit it too
    assert load_onnx_weights(small, str(model_dir)) == []
    full = TRM(TRMConfig(**args))
    full.load_state_dict(small.state_dict())
    again = _arrays(onnx.load_from_string(onnx_bytes(full)))
    shipped = _arrays(onnx.load(str(model_dir / "model.onnx")))
    assert len(again) == len(shipped)
    for a, b in zip(again, shipped):
        np.testing.assert_array_equal(a, b)


def test_onnx_weights_of_another_shape_are_refused():
    args = read_manifest(REPO / "models" / "maze-conv-30x30")["modelArgs"]
    other = TRM(TRMConfig(**{**args, "hidden_size": 64, "puzzle_emb_ndim": 64}))
    try:
        load_onnx_weights(other, str(REPO / "models" / "maze-conv-30x30"))
    except ValueError as e:
        assert "shapes" in str(e)
    else:
        raise AssertionError("a model of another width took the weights")


def test_any_shortest_path_label_follows_the_models_lean():
    side = 5
    x = tokens(["S   ", " ## ", "   G"], side)                    # two tied shortest paths around the wall
    def leaning(cells):
        cost = torch.zeros(1, side * side)
        for r, c in cells:
            cost[0, r * side + c] = -5.0                          # the model would rather mark these
        return tasks.maze_nearest_shortest_labels(x, cost)
    low = marked(leaning([(1, 0), (2, 0), (2, 1), (2, 2)])[0], side)
    high = marked(leaning([(0, 1), (0, 2), (0, 3), (1, 3)])[0], side)
    assert low[:3] == ["S   #", "o## #", "oooG#"]
    assert high[:3] == ["Sooo#", " ##o#", "   G#"]
    # a lean toward cells off every shortest path (or one cell of the other route) does not leave the
    # shortest paths: the label is still a whole shortest path, and the cheaper one
    mixed = marked(leaning([(0, 1), (2, 0), (2, 1), (2, 2)])[0], side)
    assert mixed[:3] == ["S   #", "o## #", "oooG#"]
    # no lean: a shortest path all the same
    assert tasks.maze_path_ok(x, tasks.maze_nearest_shortest_labels(x, torch.zeros(1, side * side))).all()
    # what training calls: the maze task's step_labels, from the model's loss were every cell 'o' or ' '
    canonical = tasks.maze_canonical_labels(x)
    loss_if = lambda t: torch.where(torch.tensor([[r * side + c in (1, 2, 3, 8) for r in range(side) for c in range(side)]]),
                                    torch.tensor(0.0 if t == 5 else 5.0), torch.tensor(0.0))
    assert marked(tasks.get("maze", side, maze_target="any").step_labels(x, canonical, loss_if)[0], side)[:3] == high[:3]
    assert tasks.get("maze", side).step_labels(x, canonical, loss_if) is canonical


def test_any_shortest_path_label_is_a_shortest_path_and_equals_the_canonical_one_without_ties():
    x, y, _ = kinds_fixture(tasks.Maze(12))
    gen = torch.Generator().manual_seed(3)
    for _ in range(3):
        lab = tasks.maze_nearest_shortest_labels(x, torch.randn(x.shape, generator=gen))
        ok = tasks.maze_path_ok(x, lab)
        reachable = tasks.maze_shortest(x) > 0
        assert torch.equal(ok, reachable) and bool(reachable.any())
        # marks only on open cells of the path (no stray marks), nothing else changed
        assert torch.equal(lab[lab != 5], x[lab != 5]) and bool((x[lab == 5] == 2).all())
        assert torch.equal((lab == 5).sum(1), ((tasks.maze_shortest(x) - 1).clamp(min=0)) * reachable)
    # a maze with one shortest path gets it whatever the costs: the canonical label
    one = tokens(["S#  ", " # #", "   G"], 4)
    for seed in range(4):
        cost = torch.randn(one.shape, generator=torch.Generator().manual_seed(seed))
        assert torch.equal(tasks.maze_nearest_shortest_labels(one, cost), tasks.maze_canonical_labels(one))
    # G out of reach: no marks
    shut = tokens(["S#", "#G"], 2)
    assert torch.equal(tasks.maze_nearest_shortest_labels(shut, -torch.ones(1, 4)), shut)
