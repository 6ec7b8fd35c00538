// Writes the harness's data set, a request stream and the reference decision
// of every request (data.mjs: genData, genRequests, refDecide) to one binary
// file, for qupiya's engine (bench/bench_peer_access.c) to map onto its own
// model and check decision by decision.   Usage: node export.mjs N OUT
//
// Layout (little-endian): magic "QPB1", u32 version 1, f64 NOW,
// u32 NORG NPERS NCARR NCOMP GRANTS_COMP GRANTS_CARR N, then the arrays
// oLevel u8[NORG], oActive u8[NORG], oExpires f64[NORG],
// pLevel u8[NPERS], pStatus u8[NPERS], pExpires f64[NPERS], pOrg u16[NPERS],
// cLevel u8[NCARR], cComp u16[NCARR], gComp u16[NPERS*GRANTS_COMP],
// gCarr u32[NPERS*GRANTS_CARR], reqP u32[N], reqC u32[N], ref u8[N] (1 allow).
import { writeFileSync } from 'node:fs';
import { genData, genRequests, refDecide, NOW, NORG, NPERS, NCARR, NCOMP, GRANTS_COMP, GRANTS_CARR } from './data.mjs';

const N = Number(process.argv[2] || 0);
const out = process.argv[3];
if (!(N > 0) || !out) {
  console.error('usage: node export.mjs N OUT');
  process.exit(2);
}
const d = genData();
const r = genRequests(d, N);
const ref = new Uint8Array(N);
let allow = 0;
for (let i = 0; i < N; i++) if ((ref[i] = refDecide(d, r.reqP[i], r.reqC[i]) ? 1 : 0)) allow++;

const head = Buffer.alloc(4 + 4 + 8 + 7 * 4);
head.write('QPB1', 0, 'latin1');
head.writeUInt32LE(1, 4);
head.writeDoubleLE(NOW, 8);
[NORG, NPERS, NCARR, NCOMP, GRANTS_COMP, GRANTS_CARR, N].forEach((v, i) => head.writeUInt32LE(v, 16 + 4 * i));
const parts = [head];
for (const a of [d.oLevel, d.oActive, d.oExpires, d.pLevel, d.pStatus, d.pExpires, d.pOrg,
  d.cLevel, d.cComp, d.gComp, d.gCarr, r.reqP, r.reqC, ref])
  parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
writeFileSync(out, Buffer.concat(parts));
console.error(`export: ${N} requests, ${allow} allowed by the reference -> ${out}`);
