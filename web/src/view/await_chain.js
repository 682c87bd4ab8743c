// Which co_await of a task's await chain (outermost first, the last entry
// the one it is parked at) a learner is shown first: the innermost one in
// the code they read — cheapo_request.cpp's `co_await socket->read_to_string`
// — rather than the runtime's own layers under it (`lib`, e.g. net/
// tcp_stream.cpp). The table's "parked at" and the source pane agree on it.

// The index of the innermost entry with lib false that `accept` takes
// (default: any); else the innermost entry `accept` takes; else -1.
export function learnerFrame(at, accept = () => true) {
  for (let i = at.length - 1; i >= 0; i--) if (!at[i].lib && accept(at[i])) return i;
  for (let i = at.length - 1; i >= 0; i--) if (accept(at[i])) return i;
  return -1;
}
