declare module 'sluice:plugin/http@0.1.0' {
  export function send(request: Request): Response;
  export interface Request {
    method: string,
    url: string,
    headers: Array<[string, string]>,
    body: Uint8Array,
  }
  export interface Response {
    status: number,
    headers: Array<[string, string]>,
    body: Uint8Array,
  }
}
