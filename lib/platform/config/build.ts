// Build mode. Next inlines NODE_ENV at build time: this is not runtime configuration and never changes
// while the process runs.
export const isDevelopmentBuild = process.env.NODE_ENV === 'development';
