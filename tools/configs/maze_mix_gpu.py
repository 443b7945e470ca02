# Mazes as users draw them (issue 17) on one H200-class GPU (TASK=maze-mix tools/gpu/train.sh,
# data from tools/gpu/prepare.sh maze-mix): the shipped tied-maze model maze-mix-conv-30x30
# (convolution mixer, D=128, T=2, n=3, 8 steps; trained on CPU on sides up to 16, then 20)
# continued on the full 30x30 canvas on the five generators of src/tasks/maze/kinds.ts, sides
# 4..30, with canonical shortest-path labels (drawn again after every rotation or mirror,
# tasks.maze_canonical_labels). What it is for: the braided mazes of sides 21-30, the band the
# shipped model still misses (87% with its 15 exploration samples, first sample 39-41%) because
# it never saw sides above 20; the CPU continuation on the 30x30 canvas (maze_mix30_cpu.py) ran
# too few steps to gain, the one on 20x20 (maze_mix20_cpu.py) is the shipped model. Peak lr 5e-4, half the first stage's, so the tied kinds it learned are kept
# (maze_mix30_cpu.py at 5e-4 with batch 48 lost them; batch 768 averages far more mazes per step).
# A third CPU stage on this canvas (maze_mix3_cpu.py: mostly sides 21-30, peak 1e-4, 8 or 16
# supervision steps, 1,756 steps) lost the tied kinds as well without gaining braid 21-30: 30x30
# fine-tunes on CPU have all done so, so compare this run's export with the shipped model on the
# dev mazes (first sample and with exploration) before shipping it.
# Untested on a GPU so far: read the first progress lines (sample-steps/s) before trusting the
# budget; one session's share is SESSION_MIN, the schedule TOTAL_MIN (train.sh).
task = "maze"
maze_side = 30
init_weights = "models/maze-mix-conv-30x30"
train_file = "out/gpu-pack/data/mix-train.jsonl"
test_files = "out/gpu-pack/data/mix30-test.jsonl,out/gpu-pack/data/mix16-test.jsonl,out/gpu-pack/data/maze30-test.jsonl"
# model: init_weights' own (train.py takes the model keys a fine-tune does not set from its
# manifest's modelArgs: convolution mixer, D=128, T=2, n=3, 8 steps, 201,090 parameters)
batch_size = 768
lr = 5e-4
min_lr = 5e-5
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
