# A larger Sudoku TRM for one H200-class GPU (tools/gpu/train.sh, data: tools/gpu/prepare.sh sudoku, 19-30 givens): MLP mixer,
# D=256, T=3, n=4, up to 16 supervision steps, batch 768, bf16 autocast. Untested on a GPU so
# far: read the first progress lines (sample-steps/s) before trusting the budget.
task = "sudoku"
train_file = "out/data/sudoku-train.jsonl"
test_files = "out/data/sudoku-test.jsonl,out/data/sudoku-test-hard.jsonl"
hidden_size = 256
expansion = 4.0
L_layers = 2
mlp_t = True
pos_encodings = "none"
puzzle_emb_ndim = 256
H_cycles = 3
L_cycles = 4
halt_max_steps = 16
batch_size = 768
lr = 5e-4
min_lr = 5e-5
warmup_iters = 300
weight_decay = 0.1
grad_clip = 1.0
ema_decay = 0.999
loss_fn = "stablemax"
time_budget_min = 8.0
curriculum_start = 28
curriculum_end = 19
curriculum_frac = 0.4
log_interval = 50
eval_interval = 1000
eval_puzzles = 1000
eval_batch_size = 1000
ckpt_interval = 0
save_carry = False
device = "cuda"
dtype = "bfloat16"
