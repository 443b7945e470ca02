// Run a trm-onnx/1 model folder in onnxruntime-node against a reference.json
// ({inputs (token ids) or puzzles, puzzleIdentifiers?, steps: [{tokens, qHalt, logits_sample}]})
// and print the largest differences per step. puzzles are Sudoku strings: '.' -> 1, digit d -> d + 1.
//
//   NODE_PATH=/tmp/ortcheck/node_modules node tools/check_onnx.mjs MODEL_DIR REFERENCE_JSON [--tol 1e-4] [--json]
//
// onnxruntime-node is not a dependency of tools/; point NODE_PATH at any install of it.
// Exit status 1 when tokens differ or a number differs by more than --tol.
// --json prints the model's own outputs instead, in reference.json's step format.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const require = createRequire(join(process.cwd(), 'noop.js'))
const ort = require('onnxruntime-node')

const [dir, refPath, ...rest] = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = rest.indexOf(name)
  return i >= 0 ? Number(rest[i + 1]) : dflt
}
const tol = opt('--tol', 1e-4)
const asJson = rest.includes('--json')
const got = []
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
const ref = JSON.parse(readFileSync(refPath, 'utf8'))
const { seqLen: S, puzzleEmbLen: P, hiddenSize: D, vocabSize: V } = manifest
const session = await ort.InferenceSession.create(join(dir, 'model.onnx'), { intraOpNumThreads: 2 })

// token ids as given (`inputs`, any task), else Sudoku strings (`puzzles`)
const rows = ref.inputs ?? ref.puzzles.map((p) => [...p].map((c) => (c === '.' ? 1 : Number(c) + 1)))
const B = rows.length
const tokens = BigInt64Array.from(rows.flat().map(BigInt))
const idList = ref.puzzleIdentifiers ?? rows.map(() => 0)
const ids = BigInt64Array.from(idList.map(BigInt))
// the external-table layout (manifest puzzleTable): the graph takes the rows themselves
const table = manifest.puzzleTable
let puzzleEmb = null
if (table) {
  const fd = openSync(join(dir, table.file), 'r')
  puzzleEmb = new Float32Array(B * table.dim)
  for (const [b, id] of idList.entries()) {
    const got = readSync(fd, new Uint8Array(puzzleEmb.buffer, b * table.dim * 4, table.dim * 4), 0, table.dim * 4, id * table.dim * 4)
    if (got !== table.dim * 4) throw new Error(`${table.file}: row ${id} is beyond the end of the file`)
  }
  closeSync(fd)
}
let zH = new Float32Array(B * (P + S) * D)
let zL = new Float32Array(B * (P + S) * D)
let worst = 0
let tokenMismatches = 0
for (const [i, step] of ref.steps.entries()) {
  const out = await session.run({
    inputs: new ort.Tensor('int64', tokens, [B, S]),
    ...(table ? { puzzle_emb: new ort.Tensor('float32', puzzleEmb, [B, table.dim]) } : { puzzle_identifiers: new ort.Tensor('int64', ids, [B]) }),
    z_H: new ort.Tensor('float32', zH, [B, P + S, D]),
    z_L: new ort.Tensor('float32', zL, [B, P + S, D]),
    reset: new ort.Tensor('bool', new Uint8Array(B).fill(i === 0 ? 1 : 0), [B]),
  })
  const logits = out.logits.data
  zH = out.z_H_next.data
  zL = out.z_L_next.data
  const mine = { tokens: [], qHalt: [...out.q_halt.data], logits_sample: [] }
  let dq = 0, dl = 0, mism = 0
  for (let b = 0; b < B; b++) {
    dq = Math.max(dq, Math.abs(out.q_halt.data[b] - step.qHalt[b]))
    mine.tokens.push([])
    mine.logits_sample.push([])
    for (let c = 0; c < S; c++) {
      let best = 0
      for (let v = 1; v < V; v++) if (logits[(b * S + c) * V + v] > logits[(b * S + c) * V + best]) best = v
      mine.tokens[b].push(best)
      if (best !== step.tokens[b][c]) mism++
      if (c >= 3) continue
      mine.logits_sample[b].push([...logits.subarray((b * S + c) * V, (b * S + c + 1) * V)])
      for (let v = 0; v < V; v++) dl = Math.max(dl, Math.abs(logits[(b * S + c) * V + v] - step.logits_sample[b][c][v]))
    }
  }
  got.push(mine)
  tokenMismatches += mism
  if (asJson) continue
  worst = Math.max(worst, dq, dl)
  console.log(`step ${i + 1}: token mismatches ${mism}, max |dq_halt| ${dq.toExponential(2)}, max |dlogits_sample| ${dl.toExponential(2)}`)
}
if (asJson) console.log(JSON.stringify({ steps: got }))
process.exitCode = tokenMismatches === 0 && worst <= tol ? 0 : 1 // not process.exit(): it cuts a large --json output to a pipe
