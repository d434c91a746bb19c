export * from './concurrency';
export * from './errors';
export * from './paginate';
export * from './query';
export * from './request';
export * from './retry';
