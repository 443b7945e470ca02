# ARC on one H200-class GPU (TASK=arc tools/gpu/train.sh; tools/gpu/prepare.sh arc only checks
# that data/arc is there): the official recipe (tools/arc_data.py: ARC-AGI-1 training and evaluation
# tasks' demonstrations + the training tasks' test pairs train, the evaluation tasks' test inputs are
# held out) with the official architecture (attention + RoPE, 2 layers, puzzle_emb_len 16, the table
# by sign SGD) narrowed to what ~6.5 minutes can step: D=256 instead of 512, T=2 n=3 instead of 3/6,
# 8 supervision steps instead of 16, 16 augmentations per task instead of 1001 (12,801 rows: the
# resumable checkpoint stays under train.sh's 60 MiB). Untested on a GPU so far: read the first
# progress lines (sample-steps/s) before trusting the budget. Expect ~0% held out after one session
# (the paper's 44.6% took about 3 days on 4 H100s); resume sessions with the parts (train.sh).
task = "arc"
arc_dir = "data/arc"
arc_subsets = "arc-agi-1_training,arc-agi-1_evaluation"
arc_test_set = "arc-agi-1_evaluation"
arc_augmentations = 16
hidden_size = 256
num_heads = 4
expansion = 4.0
L_layers = 2
mlp_t = False
pos_encodings = "rope"
puzzle_emb_ndim = 256
puzzle_emb_len = 16
H_cycles = 2
L_cycles = 3
halt_max_steps = 8
halt_exploration_prob = 0.1
# official optimizers: AdamW (0.9, 0.95, wd 0.1) for the weights, sign SGD (1e-2, wd 0.1) for the table;
# a short run takes a higher lr than the official 1e-4 and a cosine to 1e-4
batch_size = 384
lr = 5e-4
min_lr = 1e-4
warmup_iters = 200
warmup_frac = 0.1
weight_decay = 0.1
grad_clip = 1.0
puzzle_emb_lr = 1e-2
puzzle_emb_weight_decay = 0.1
ema_decay = 0.999
loss_fn = "stablemax"
time_budget_min = 6.5
log_interval = 50
eval_interval = 0                 # one evaluation at the end: all 400 held-out tasks, every augmentation
arc_eval_tasks = 100
arc_final_eval_tasks = 0
arc_eval_augmentations = 0
arc_train_eval_tasks = 100
eval_batch_size = 512
ckpt_interval = 0
save_carry = False                # 384 slots x 2 latents x 916 x 256 floats: too big to carry off the machine
device = "cuda"
dtype = "bfloat16"
