# A full-canvas (30x30, S=900, Maze-Hard style) maze TRM for one H200-class GPU in ~8 minutes
# (TASK=maze tools/gpu/train.sh): the convolution token mixer of the CPU recipe
# (tools/configs/maze_conv_cpu.py, where it learned and attention + RoPE, the paper's maze choice,
# did not), D=256, T=3, n=4, up to 16 supervision steps, batch 256, bf16 autocast. Untested on a
# GPU so far: read the first progress lines (sample-steps/s) before trusting the budget.
task = "maze"
maze_side = 30
train_file = "out/data/maze30-train.jsonl"
test_files = "out/data/maze30-test.jsonl,out/data/maze20-test.jsonl"
hidden_size = 256
num_heads = 4
expansion = 4.0
L_layers = 2
mlp_t = False
conv_kernel = 3
pos_encodings = "none"
puzzle_emb_ndim = 256
puzzle_emb_len = 1
H_cycles = 3
L_cycles = 4
halt_max_steps = 16
batch_size = 256
lr = 5e-4
min_lr = 5e-5
warmup_iters = 200
weight_decay = 0.1
grad_clip = 1.0
ema_decay = 0.999
loss_fn = "stablemax"
time_budget_min = 8.0
log_interval = 50
eval_interval = 1000
eval_puzzles = 500
eval_batch_size = 500
ckpt_interval = 0
save_carry = False
device = "cuda"
dtype = "bfloat16"
