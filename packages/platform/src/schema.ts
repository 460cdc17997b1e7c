/** The shape of a platform definition, one module per part (see schema/). */
export { HTTP_METHODS, healthCheckSchema, httpMethod, routeMethod } from './schema/primitives.ts';
export * from './schema/services.ts';
export * from './schema/gateways.ts';
export * from './schema/data-stores.ts';
export * from './schema/deployment.ts';
export * from './schema/network.ts';
export * from './schema/edge.ts';
export * from './schema/platform.ts';
