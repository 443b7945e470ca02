# A maze model for mazes as users draw them (issue 17): the shipped maze-conv-30x30 weights
# (init_weights, read back from its model.onnx by onnx_init.py) fine-tuned on a mix of five
# generators (src/tasks/maze/kinds.ts: corridor with one shortest path, braided, rooms, open
# areas, random walls of 10-45%), sides 4..16 drawn independently (half square), on a 16x16 canvas.
# Most of these mazes have tied shortest paths: the label is the canonical one (from S, the first
# move up, down, left, right that gets closer to G), drawn again after each rotation or mirror by
# tasks.maze_canonical_labels, so it depends only on the distance field a model can compute.
#   C="npx tsx src/cli/main.ts data maze"; D=out/data
#   $C --kind all --size 12-16 --count 400 --seed 1011 --out $D/mix16-test.jsonl
#   $C --kind all --size 4-11 --count 300 --seed 1013 --out $D/mix11-test.jsonl
#   $C --unique-path --size 16 --count 300 --seed 1012 --out $D/maze16-test.jsonl
#   $C --kind all --size 4-16 --count 30000 --seed 11 --exclude $D/mix16-test.jsonl \
#      --exclude $D/mix11-test.jsonl --exclude $D/maze16-test.jsonl --out $D/mix-train.jsonl
#   /usr/bin/python3 tools/train.py tools/configs/maze_mix_cpu.py
# The dev mazes (out/data/heldout/KIND-BAND.jsonl, 100 each: what this stage was measured on, and
# what chose stage 2 (maze_mix20_cpu.py) and the order of the maze exploration samples), drawn
# after training:
#   seed=2001; for k in corridor braid rooms open random; do for b in 4-10 11-20 21-30; do
#     $C --kind $k --size $b --count 100 --seed $seed --exclude $D/mix-train.jsonl --out $D/heldout/$k-$b.jsonl
#     seed=$((seed + 1)); done; done
out_dir = "out/maze-mix1"
task = "maze"
maze_side = 16
init_weights = "models/maze-conv-30x30"
train_file = "out/data/mix-train.jsonl"
test_files = "out/data/mix16-test.jsonl,out/data/mix11-test.jsonl,out/data/maze16-test.jsonl"
# model: init_weights' own (train.py takes the model keys a fine-tune does not set from its
# manifest's modelArgs: convolution mixer, D=128, T=2, n=3, 8 steps, 201,090 parameters)
# optimization: a fine-tune, a lower peak than the 2e-3 it was trained with
batch_size = 64
lr = 7e-4
min_lr = 7e-5
warmup_iters = 50
weight_decay = 0.1
grad_clip = 1.0
ema_decay = 0.995
loss_fn = "stablemax"
given_weight = 1.0
time_budget_min = 70.0
log_interval = 20
eval_interval = 300
eval_puzzles = 300
ckpt_interval = 50
threads = 1
cpu_autocast = True
# Result of the first run (2026-12-05, 70 min, 1,800 optimizer steps on 2 shared CPU cores; not
# shipped): its test files at step 1800 (fixed 8 steps, verified path) 84.7% mixed 12-16, 96.3%
# mixed 4-11, 95.7% one-path 16x16 (the shipped weights: 44.3%, 64.0%, 99.7%). Held-out per kind,
# sides 11-20 (100 each, verified stop, shipped -> this run): corridor 99 -> 96, braid 41 -> 72,
# rooms 24 -> 91, open 29 -> 86, random 37 -> 81; sides 21-30 (50 each): corridor 94 -> 74,
# braid 14 -> 24, rooms 0 -> 60, open 8 -> 60, random 18 -> 64. Much better on mazes with ties,
# worse on one-path corridors, short of the 95% goal: it needs a longer run and larger mazes.
