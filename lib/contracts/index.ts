export * from './chat';
export * from './events';
export * from './names';
export * from './notification';
export * from './problem';
export * from './task';
