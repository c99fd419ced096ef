/** A running `wfb serve` started by startServer. */
export interface Server {
  baseURL: string;
  adminToken: string;
  stop: () => Promise<void>;
}

export function startServer(bin: string, addr?: string): Promise<Server>;
