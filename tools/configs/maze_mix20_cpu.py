# Mazes as users draw them (issue 17), stage 2 on CPU, second try: the shipped
# maze-mix-conv-30x30 weights (stage 1, tools/configs/maze_mix_cpu.py: sides 4..16 on a 16x16
# canvas) continued on a 20x20 canvas with sides 4..20 of the five generators, at a lower peak
# than stage 1 (the first stage 2, maze_mix30_cpu.py, restarted at 5e-4 with batch 48 on the 30x30
# canvas and lost the tied kinds). Labels: the canonical shortest path (tasks.maze_canonical_labels).
#   C="npx tsx src/cli/main.ts data maze"; D=out/data
#   EX: --exclude FILE for each of models/maze-mix-conv-30x30/heldout/*.jsonl,
#   models/maze-conv-*/heldout/*.jsonl and out/data/heldout/*.jsonl
#   $C --kind all --size 4-20 --count 30000 --seed 311 $EX --out $D/mix20-train.jsonl
#   /usr/bin/python3 tools/train.py tools/configs/maze_mix20_cpu.py
# Result (2026-12-05, not shipped): stopped by hand at step 1,200 of the 85-minute budget (50
# minutes, lr still 1.3e-4) when exploration by the maze's orientations (eval --explore 7) moved
# the shipped weights further than this run could; its periodic evaluations (fixed 8 steps, 100
# mazes each) were not above the shipped weights: braid 11-20 69% / 59%, random 11-20 76% / 77%
# at steps 400 / 800. Resume with --resume=out/maze-mix20/ckpt.pt to finish it.
out_dir = "out/maze-mix20"
task = "maze"
maze_side = 20
init_weights = "models/maze-mix-conv-30x30"
train_file = "out/data/mix20-train.jsonl"
test_files = "out/data/heldout/braid-11-20.jsonl,out/data/heldout/random-11-20.jsonl"
batch_size = 64
lr = 3e-4
min_lr = 3e-5
warmup_iters = 30
weight_decay = 0.1
grad_clip = 1.0
ema_decay = 0.995
loss_fn = "stablemax"
given_weight = 1.0
time_budget_min = 85.0
log_interval = 20
eval_interval = 400
eval_puzzles = 100
ckpt_interval = 25
threads = 1
cpu_autocast = True
