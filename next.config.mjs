/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  reactStrictMode: true,
  poweredByHeader: false,
  // The Dapr SDK and the database driver stay as Node modules in the server bundle.
  serverExternalPackages: ['@dapr/dapr', 'postgres', '@node-rs/argon2', 'pino'],
};

export default nextConfig;
