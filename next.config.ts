import type { NextConfig } from 'next';
import { API_CONTENT_SECURITY_POLICY, COMMON_SECURITY_HEADERS } from './lib/web/security-headers';

const headerList = (record: Record<string, string>) => Object.entries(record).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  output: 'standalone',
  reactStrictMode: true,
  poweredByHeader: false,
  // The ingress compresses; gzip here costs CPU on every API call and must never touch SSE.
  compress: false,
  // The Dapr SDK and the database driver stay as Node modules in the server bundle.
  // Pages get these and a nonce CSP from proxy.ts; static files and API routes get them here.
  async headers() {
    return [
      {
        source: '/api/:path*',
        headers: headerList({ ...COMMON_SECURITY_HEADERS, 'content-security-policy': API_CONTENT_SECURITY_POLICY }),
      },
      { source: '/_next/static/:path*', headers: headerList(COMMON_SECURITY_HEADERS) },
    ];
  },
  // OpenTelemetry's SDK loads its instrumentations by patching Node modules at run time: not bundled either.
  serverExternalPackages: [
    '@dapr/dapr',
    'postgres',
    '@node-rs/argon2',
    'pino',
    '@opentelemetry/sdk-node',
    '@opentelemetry/instrumentation-http',
    '@opentelemetry/instrumentation-undici',
    '@opentelemetry/exporter-trace-otlp-http',
    // One metrics registry per process, shared by instrumentation.ts and the route handlers.
    'prom-client',
  ],
};

export default nextConfig;
