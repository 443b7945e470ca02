# Learned grid tasks (a task spec, see tools/tasks.py) on 2 CPU cores: the recipe `trm-router learn`
# runs, for a budget of minutes rather than hours:
#   /usr/bin/python3 tools/train.py tools/configs/grid_cpu.py --task_spec=SPEC.json \
#       --train_file=TRAIN.jsonl --test_files=HELDOUT.jsonl --out_dir=DIR --time_budget_min=M
#   /usr/bin/python3 tools/export_onnx.py --checkpoint DIR/ckpt.pt --out models/NAME
# The maze recipe (maze_conv_cpu.py) carried over: a 0.2M-parameter TRM, D=128, T=2, n=3, 8
# supervision steps, whose token mixer is a depthwise 3x3 convolution over the N x N canvas
# (conv_kernel; our extension, not in the paper): one local rule applied at every cell, which is
# what most grid transformations are (recolour, fill, grow, mirror within reach of the recursion),
# cheap on 2 cores, and independent of the canvas size. The P=1 puzzle-embedding position holds
# the grid mean, for the Q head. seq_len and vocab come from the spec (N = max side + 1, V = K + 2).
task = "learned"                  # the spec given by --task_spec names the task
task_spec = ""
out_dir = "out/learned"
train_file = ""                   # required: --train_file
test_files = ""                   # held-out pairs: evaluated every eval_interval steps and at the end
# model: ~0.2M parameters
hidden_size = 128
num_heads = 4
expansion = 2.0
L_layers = 2
mlp_t = False
conv_kernel = 3
pos_encodings = "none"
puzzle_emb_ndim = 128
puzzle_emb_len = 1
H_cycles = 2
L_cycles = 3
halt_max_steps = 8
# optimization (as maze_conv_cpu.py). warmup_iters is capped at warmup_frac of the run (train.py
# lr_at), so a run of a few minutes still reaches the peak lr within its first tenth
batch_size = 64
lr = 2e-3
min_lr = 1e-4
warmup_iters = 100
warmup_frac = 0.1
weight_decay = 0.1
grad_clip = 1.0
ema_decay = 0.995
loss_fn = "stablemax"
# every cell weighs the same. (< 1 would weight the cells the output copies from the input, and
# the EOS/PAD frame, below the cells that change, in sameSize tasks; on mazes 0.1 left the copying
# plateau sooner but copied carelessly, and these runs are short.)
given_weight = 1.0
augment = True                    # the spec's augmentations (dihedral, colours); False: none
# run length: --time_budget_min (minutes of training; the final evaluation comes after it)
time_budget_min = 10.0
# no curriculum by default: --curriculum_start=A --curriculum_end=B grows the largest grid side
# drawn from A to B over curriculum_frac of the run
curriculum_frac = 0.3
# logging (log.jsonl: see train.py), evaluation (200 pairs per test file) and checkpoints
log_interval = 10
eval_interval = 200
eval_puzzles = 200
ckpt_interval = 100
# 2 shared cores: one thread; bf16 autocast on CPU as the maze and Sudoku recipes
threads = 1
cpu_autocast = True
