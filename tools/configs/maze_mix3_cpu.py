# Mazes as users draw them (issue 17), stage 3 on CPU: the shipped maze-mix-conv-30x30 weights
# (stage 2, tools/configs/maze_mix20_cpu.py: sides 4..20 on a 20x20 canvas) continued on the full
# 30x30 canvas, mostly sides 21..30 (the band the model had never seen: braided 21-30 mazes were its
# one cell under the 95% goal), at a low peak (the first 30x30 stage, maze_mix30_cpu.py, lost the
# tied kinds at 5e-4). Sizes 4..20 and one-path 30x30 mazes stay in the mix so that they are kept.
# Labels: the canonical shortest path (tasks.maze_canonical_labels).
#   C="npx tsx src/cli/main.ts data maze"; D=out/data
#   EX: --exclude FILE for each of models/maze-mix-conv-*/heldout/*.jsonl,
#   models/maze-conv-*/heldout/*.jsonl and out/data/heldout/*.jsonl (maze_mix_cpu.py's header)
#   $C --kind all --size 21-30 --count 14000 --seed 411 $EX --out $D/s3-a.jsonl
#   $C --kind braid --size 21-30 --count 4000 --seed 412 $EX --out $D/s3-b.jsonl
#   $C --kind all --size 11-20 --count 5000 --seed 413 $EX --out $D/s3-c.jsonl
#   $C --kind all --size 4-10 --count 2000 --seed 414 $EX --out $D/s3-d.jsonl
#   $C --unique-path --size 30 --count 2000 --seed 415 $EX --out $D/s3-e.jsonl
#   cat $D/s3-a.jsonl $D/s3-b.jsonl $D/s3-c.jsonl $D/s3-d.jsonl $D/s3-e.jsonl | shuf --random-source=<(yes) > $D/mix3-train.jsonl
#   /usr/bin/python3 tools/train.py tools/configs/maze_mix3_cpu.py
#   /usr/bin/python3 tools/train.py tools/configs/maze_mix3_cpu.py --resume=out/maze-mix3/ckpt.pt --time_budget_min=60
# Result (2026-12-05, not shipped): it lost ground, as the first 30x30 stage did. Two CPU threads
# (Intel with AMX, bf16 autocast), 1,756 optimizer steps in 60 minutes (the first invocation was
# stopped at step 825 and resumed with the shorter budget). Dev mazes (out/data/heldout), first
# sample, each checkpoint (copies of ckpt.pt taken during the run) exported and run as
#   /usr/bin/python3 tools/export_onnx.py --checkpoint CKPT --out out/dev-TAG --canvas 30
#   npx tsx src/cli/main.ts eval --model out/dev-TAG --data out/data/heldout/FILE --max-steps 16 --halt verified
# (stage 2: --model models/maze-mix-conv-30x30); stage 2 -> this run at steps 500 / 725 / 1,756:
# braid 21-30 41 -> 39 / 38 / 40%, random 21-30 71 -> 60 / 61 / 62, open 21-30 84 -> 76 / 75 / 80,
# rooms 21-30 96 -> 78 (end), braid 11-20 74 -> 69 / 74 / 74, random 11-20 97 -> 84 (end).
# A first try with 8 supervision steps and a 1.5e-4 peak did the same (steps 425 / 900: braid
# 21-30 47 / 42, random 21-30 60 / 53, open 21-30 73 / 76): at 8 steps the training stream
# halted only 40-49% of its puzzles exact (16 steps: 51-64%), hence halt_max_steps = 16 below.
# What the next try should change is open: neither the lower peak nor the longer recursion kept
# the tied kinds; the GPU config (maze_mix_gpu.py) sees far more mazes per step.
out_dir = "out/maze-mix3"
task = "maze"
maze_side = 30
init_weights = "models/maze-mix-conv-30x30"   # stage 2 as shipped
train_file = "out/data/mix3-train.jsonl"
test_files = "out/data/heldout/braid-21-30.jsonl,out/data/heldout/random-21-30.jsonl"
batch_size = 48
lr = 1e-4
min_lr = 1e-5
warmup_iters = 30
weight_decay = 0.1
grad_clip = 1.0
ema_decay = 0.995
loss_fn = "stablemax"
given_weight = 1.0
time_budget_min = 80.0
log_interval = 20
eval_interval = 0
eval_puzzles = 100
ckpt_interval = 25
threads = 2
halt_max_steps = 16               # supervision steps: the 16 the model runs at inference (8 left 21-30 mazes unsolved in training)
cpu_autocast = True
