export { isDevelopmentBuild } from './build';
export { loadedServerConfig, loadServerConfig, type ServerConfig, serverConfig, serverConfigOf } from './current';
export { ConfigError, type Environment, parseConfig, parseConfigOrExit } from './parse';
export * from './parts';
