export * from './chat';
export * from './events';
export * from './ids';
export * from './live';
export * from './names';
export * from './notification';
export * from './problem';
export * from './task';
