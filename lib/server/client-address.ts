import 'server-only';
import type { NextRequest } from 'next/server';

/** The client's address: the first X-Forwarded-For hop set by the ingress, else the direct peer. */
export function clientAddress(req: NextRequest): string {
  return req.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || req.headers.get('x-real-ip') || 'direct';
}
