// Loaded into the Prisma CLI process by server/migrate.mjs. Prisma's wasm schema engine arms a 10 s
// guard timer around PostgreSQL's migration advisory lock and does not clear it after success,
// so `migrate deploy` lingered 10 s after finishing. Unref'ing long timers lets the process exit
// once its real work (sockets, pipes) is done; a lock wait still keeps it alive through its socket.
const originalSetTimeout = global.setTimeout;
global.setTimeout = function setTimeout(callback, ms, ...args) {
  const timer = originalSetTimeout(callback, ms, ...args);
  if (typeof ms === "number" && ms >= 5000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
