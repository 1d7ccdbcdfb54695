// Loads a magenta-js checkpoint folder exported by `scripts/melody save-bundle --format magenta-js` with
// @magenta/music's MusicRNN in Node and continues a primer (a by-hand check, not part of mvn verify).
// Usage: (cd /tmp/mm && npm install @magenta/music)
//        NODE_PATH=/tmp/mm/node_modules node scripts/magenta-js-generate.js FOLDER
// MusicRNN fetches its checkpoint by URL, so the folder is served on 127.0.0.1 for the run.
const http = require('http');
const fs = require('fs');
const path = require('path');
const mm = require('@magenta/music/node/music_rnn');
const folder = path.resolve(process.argv[2]);
const server = http.createServer((req, res) => {
  const file = path.join(folder, path.basename(decodeURIComponent(req.url)));
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, {'Content-Type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream'});
    res.end(data);
  });
});
server.listen(0, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  try {
    const rnn = new mm.MusicRNN(url);
    await rnn.initialize();
    // Twinkle twinkle: C C G G A A G, quarter notes at 4 steps per quarter
    const pitches = [60, 60, 67, 67, 69, 69, 67];
    // a quantized NoteSequence as core.sequences.quantizeNoteSequence makes it (core pulls in Tone.js, which
    // Node cannot load)
    const primer = {
      notes: pitches.map((p, i) => ({pitch: p, velocity: 100, quantizedStartStep: 4 * i, quantizedEndStep: 4 * i + 4})),
      quantizationInfo: {stepsPerQuarter: 4}, totalQuantizedSteps: 4 * pitches.length, tempos: [{time: 0, qpm: 120}]};
    const first = await rnn.continueSequenceAndReturnProbabilities(primer, 1);
    const p = Array.from(first.probs[0]);
    const top = p.map((v, i) => [i, v]).sort((x, y) => y[1] - x[1]).slice(0, 4);
    console.log('next-step probabilities after the primer, top 4 classes: '
        + top.map(([i, v]) => `${i}: ${v.toFixed(4)}`).join(', '));
    const out = await rnn.continueSequence(primer, 32, 1.0);
    console.log(`continued ${pitches.length} primer notes with ${out.notes.length} notes over 32 steps:`);
    console.log(out.notes.map(n => `${n.pitch}@${n.quantizedStartStep}-${n.quantizedEndStep}`).join(' '));
    const greedy = await rnn.continueSequence(primer, 32);
    console.log('argmax continuation: ' + greedy.notes.map(n => n.pitch).join(' '));
    rnn.dispose();
  } catch (e) {
    console.error('failed: ' + e.stack);
    process.exitCode = 1;
  } finally {
    server.close();
  }
});
