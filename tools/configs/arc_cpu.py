# ARC on 2 shared CPU cores: the official recipe (tools/arc_data.py) at a size a CPU can step.
# ARC-AGI-1 training + evaluation tasks' demonstrations (and the training tasks' test pairs) train;
# the evaluation tasks' test inputs are held out and scored by augmentation voting (pass@1/pass@2).
#   nice -n 15 /usr/bin/python3 tools/train.py tools/configs/arc_cpu.py
#   nice -n 15 /usr/bin/python3 tools/train.py --resume=out/arc-cpu/ckpt.pt --time_budget_min=...  # continue
# Expect ~0% held out: the paper's 44.6% took 1001 augmentations per task, D=512 and days on 4 H100s.
out_dir = "out/arc-cpu"
task = "arc"
arc_dir = "data/arc"
arc_subsets = "arc-agi-1_training,arc-agi-1_evaluation"
arc_test_set = "arc-agi-1_evaluation"
arc_augmentations = 8             # 800 tasks x 8 = 6400 puzzle-embedding rows (+ blank)
# model: attention + RoPE as the official ARC TRM, narrow and shallow in recursion
hidden_size = 64
num_heads = 2
expansion = 2.0
L_layers = 2
mlp_t = False
pos_encodings = "rope"
puzzle_emb_ndim = 64
puzzle_emb_len = 1
H_cycles = 2
L_cycles = 2
halt_max_steps = 4
halt_exploration_prob = 0.1
# optimization: official AdamW (0.9, 0.95, wd 0.1) with a short-run lr; the table by sign SGD
batch_size = 32
lr = 1e-3
min_lr = 1e-4
lr_schedule = "cosine"
warmup_iters = 100
warmup_frac = 0.05
weight_decay = 0.1
grad_clip = 1.0
puzzle_emb_lr = 1e-2
puzzle_emb_weight_decay = 0.1
ema_decay = 0.995
loss_fn = "stablemax"
# run length: a time budget (resume extends it with --time_budget_min)
time_budget_min = 72.0
# logging, evaluation (held-out subset: 20 tasks x 4 augmentations), checkpoints
log_interval = 10
eval_interval = 0
arc_eval_tasks = 20
arc_eval_augmentations = 4
arc_final_eval_tasks = 0
arc_train_eval_tasks = 40
eval_batch_size = 64
ckpt_interval = 25
threads = 1
cpu_autocast = True
