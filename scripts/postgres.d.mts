export function findPostgresBin(): string | undefined;
export function startCluster(dir: string, port?: number, options?: { durable?: boolean }): string;
export function stopCluster(dir: string, options?: { remove?: boolean }): void;
