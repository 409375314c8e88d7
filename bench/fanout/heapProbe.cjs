// Preloaded into the fan-out benchmark's server processes (node --expose-gc --require): answers the
// orchestrator's IPC message 'polos:heap' with the V8 heap in use after a full collection (bytes), so that
// heap per connected client can be compared between the app and the bare Socket.IO server.
'use strict';
if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (message !== 'polos:heap') return;
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    process.send({ type: 'polos:heap', heapUsed: process.memoryUsage().heapUsed });
  });
  // The IPC channel must not keep a server alive on its own.
  process.channel?.unref();
}
