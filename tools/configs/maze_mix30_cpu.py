# Mazes as users draw them (issue 17), stage 2 of 2 on CPU: the stage-1 fine-tune
# (tools/configs/maze_mix_cpu.py, 16x16 canvas, sides 4..16) continued on the full 30x30 canvas,
# sides 4..30 of the five generators, plus one-path 30x30 mazes so that the shipped model's case
# is kept. Labels: the canonical shortest path (tasks.maze_canonical_labels).
# Result (not shipped): 1,269 steps in 86 minutes raised one-path 30x30 to 94.5% but lost the tied
# kinds (random 21-30 74% -> 43%; models/maze-mix-conv-30x30/README.md); the GPU run is
# maze_mix_gpu.py. The architecture is init_weights' own (train.py reads its manifest). The held-out files shipped with the model are
# drawn afterwards by tools/ship/maze-mix-conv-30x30.sh, excluding this file and stage 1's.
#   /usr/bin/python3 tools/export_onnx.py --checkpoint out/maze-mix1/ckpt.pt --out out/maze-mix1-model --canvas 30 \
#      --accuracy-note "stage 1, not shipped"
#   C="npx tsx src/cli/main.ts data maze"; D=out/data
#   EX: --exclude FILE for each of models/maze-conv-30x30/heldout/*.jsonl and the 15 per-kind files
#   stage 1 was measured on (out/data/heldout/KIND-BAND.jsonl, 100 mazes each; the run measured on
#   their 21-30 band too, test_files below plus out/data/h2130.jsonl)
#   $C --kind all --size 11-30 --count 16000 --seed 211 $EX --out $D/m30-a.jsonl
#   $C --kind all --size 4-10 --count 3000 --seed 213 $EX --out $D/m30-b.jsonl
#   $C --unique-path --size 30 --count 3000 --seed 212 $EX --out $D/m30-c.jsonl
#   cat $D/m30-a.jsonl $D/m30-b.jsonl $D/m30-c.jsonl | shuf --random-source=<(yes) > $D/mix30-train.jsonl
#   /usr/bin/python3 tools/train.py tools/configs/maze_mix30_cpu.py
out_dir = "out/maze-mix30"
task = "maze"
maze_side = 30
init_weights = "out/maze-mix1-model"
train_file = "out/data/mix30-train.jsonl"
test_files = "models/maze-conv-30x30/heldout/maze-30x30.jsonl"
batch_size = 48
lr = 5e-4
min_lr = 5e-5
warmup_iters = 30
weight_decay = 0.1
grad_clip = 1.0
ema_decay = 0.995
loss_fn = "stablemax"
given_weight = 1.0
time_budget_min = 140.0
log_interval = 20
eval_interval = 100000
eval_puzzles = 200
ckpt_interval = 25
threads = 1
cpu_autocast = True
