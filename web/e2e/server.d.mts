/** A running `wfb serve` started by startServer. */
export interface Server {
  baseURL: string;
  adminToken: string;
  /** stop stops the server and deletes its data directory. */
  stop: () => Promise<void>;
  /** restart stops the server and starts it again on the same address and data directory. */
  restart: () => Promise<Server>;
}

export function startServer(bin: string, addr?: string, reuse?: { dataDir?: string; adminToken?: string }): Promise<Server>;
