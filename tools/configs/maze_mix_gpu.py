# Mazes as users draw them (issue 17) on one H200-class GPU (TASK=maze-mix tools/gpu/train.sh,
# data from tools/gpu/prepare.sh maze-mix): the shipped maze-conv-30x30 (convolution mixer,
# D=128, T=2, n=3, 8 steps) fine-tuned on the full 30x30 canvas on the five generators of
# src/tasks/maze/kinds.ts, sides 4..30, with canonical shortest-path labels (drawn again after
# every rotation or mirror, tasks.maze_canonical_labels). The CPU recipe
# (tools/configs/maze_mix_cpu.py, 16x16 canvas) reached 86.7% on 12..16 mixes in 90 minutes; this
# is the same fine-tune at the full size with 12x its batch. Untested on a GPU so far: read the
# first progress lines (sample-steps/s) before trusting the budget; one session's share is
# SESSION_MIN, the schedule TOTAL_MIN (train.sh).
task = "maze"
maze_side = 30
init_weights = "models/maze-conv-30x30"
train_file = "out/gpu-pack/data/mix-train.jsonl"
test_files = "out/gpu-pack/data/mix30-test.jsonl,out/gpu-pack/data/mix16-test.jsonl,out/gpu-pack/data/maze30-test.jsonl"
# model: init_weights' own (train.py takes the model keys a fine-tune does not set from its
# manifest's modelArgs: convolution mixer, D=128, T=2, n=3, 8 steps, 201,090 parameters)
batch_size = 768
lr = 1e-3
min_lr = 1e-4
warmup_iters = 200
weight_decay = 0.1
grad_clip = 1.0
ema_decay = 0.999
loss_fn = "stablemax"
given_weight = 1.0
time_budget_min = 6.5
log_interval = 100
eval_interval = 2000
eval_puzzles = 400
eval_batch_size = 400
ckpt_interval = 0
save_carry = False
device = "cuda"
dtype = "bfloat16"
