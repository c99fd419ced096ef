// A tiny fetch double for component tests: each test says what the server answers for a
// method and path, and can read back what was sent.
type Handler = (req: Request) => Response | Promise<Response>;

interface Route {
  method: string;
  path: string;
  handler: Handler;
}

const routes: Route[] = [];
const requests: Request[] = [];

export const fetchMock = {
  fetch: async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init);
    requests.push(req.clone());
    const url = new URL(req.url);
    const route = routes.find((r) => r.method === req.method && r.path === url.pathname);
    if (!route) return problem(404, { title: 'Not Found', code: 'not_found', detail: `no mock for ${req.method} ${url.pathname}` });
    return route.handler(req);
  },
  on(method: string, path: string, handler: Handler) {
    routes.unshift({ method, path, handler });
  },
  requests,
  reset() {
    routes.length = 0;
    requests.length = 0;
  },
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function problem(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ status, ...body }), { status, headers: { 'Content-Type': 'application/problem+json' } });
}
