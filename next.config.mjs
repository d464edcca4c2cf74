/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  reactStrictMode: true,
  poweredByHeader: false,
  // The ingress compresses; gzip here costs CPU on every API call and must never touch SSE.
  compress: false,
  // The Dapr SDK and the database driver stay as Node modules in the server bundle.
  serverExternalPackages: ['@dapr/dapr', 'postgres', '@node-rs/argon2', 'pino'],
};

export default nextConfig;
