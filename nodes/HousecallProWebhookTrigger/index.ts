export * from './delivery';
export * from './events';
export * from './replay';
export * from './signature';
